/* casegraph export: the graph in another tool's format (render/export.c,
 * render/export_json.c). Computes the measures the graph formats carry
 * (betweenness, clusters) unless --no-measures, and writes atomically. */
#include "cli.h"

#include "cg_render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef CG_VERSION
#define CG_VERSION "dev"
#endif

int cmd_export(int argc, char **argv)
{
	cli_opts o;
	an_opts a;
	cg_graph *g = NULL;
	cg_brokers *b = NULL;
	cg_clusters *cl = NULL;
	double *betw = NULL;
	const char *to = NULL, *output = NULL, *date_opt = NULL;
	int no_measures = 0, done = 0, rc, w = 1;
	cg_export_opts eo = CG_EXPORT_OPTS_INIT;
	cg_strbuf gen = CG_STRBUF_INIT;
	cg_error err;
	char date[11];

	memset(&o, 0, sizeof o);
	memset(&a, 0, sizeof a);
	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i];
		const char **str = NULL;
		if (strcmp(opt, "--no-measures") == 0) {
			no_measures = 1;
			continue;
		} else if (strcmp(opt, "--to") == 0) {
			str = &to;
		} else if (strcmp(opt, "-o") == 0) {
			str = &output;
		} else if (strcmp(opt, "--date") == 0) {
			str = &date_opt;
		} else {
			argv[w++] = argv[i];
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "casegraph export: option %s needs a value\n", opt);
			rc = EXIT_USAGE;
			goto out;
		}
		*str = argv[++i];
	}
	argc = w;
	argv[w] = NULL;
	if ((rc = an_start("export", argc, argv, &o, &a, &g, &done)) || done)
		goto out;
	cg_export_format fmt = to ? cg_export_format_from_string(to) : CG_EXPORT_FORMAT_COUNT;
	if (fmt == CG_EXPORT_FORMAT_COUNT) {
		fprintf(stderr,
		        "casegraph export: --to %s: graphml, gexf, csv, neo4j, ftm, stix or "
		        "jsonl\n",
		        to ? to : "is required:");
		rc = EXIT_USAGE;
		goto out;
	}
	if (!output) {
		fprintf(stderr, "casegraph export: -o PATH is required\n");
		rc = EXIT_USAGE;
		goto out;
	}
	if (strcmp(output, "-") == 0 && cg_export_format_is_dir(fmt)) {
		fprintf(stderr, "casegraph export: --to %s writes a directory: -o DIR\n", to);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = cli_date("export", date_opt, date)))
		goto out;
	cg_error_clear(&err);
	int wants_measures = fmt == CG_EXPORT_GRAPHML || fmt == CG_EXPORT_GEXF ||
	                     fmt == CG_EXPORT_CSV || fmt == CG_EXPORT_NEO4J;
	if (wants_measures && !no_measures) {
		size_t n = cg_graph_entity_count(g);
		cg_cluster_opts co = CG_CLUSTER_OPTS_INIT;
		cg_broker_opts bo = CG_BROKER_OPTS_INIT;
		view_opts_of(&a, &co.view);
		co.seed = (unsigned long)a.seed;
		co.resolution = a.resolution;
		if (a.method && (co.method = cg_cluster_method_from_string(a.method)) ==
		                    CG_CLUSTER_METHOD_COUNT) {
			fprintf(stderr, "casegraph export: unknown method '%s' (leiden, louvain)\n",
			        a.method);
			rc = EXIT_USAGE;
			goto out;
		}
		view_opts_of(&a, &bo.view);
		bo.top = 0;
		bo.seed = co.seed;
		bo.samples = (size_t)a.samples;
		bo.exact_limit = (size_t)a.exact_limit;
		if (!(betw = malloc((n + 1) * sizeof *betw))) {
			fprintf(stderr, "casegraph: out of memory\n");
			rc = EXIT_FAILURE_;
			goto out;
		}
		for (size_t i = 0; i < n; i++)
			betw[i] = NAN;
		if (cg_clusters_compute(g, &co, &cl, &err) ||
		    cg_brokers_compute(g, &bo, &b, &err)) {
			rc = cli_fail(&err);
			goto out;
		}
		for (size_t i = 0; i < b->n; i++)
			betw[b->rows[i].entity] = b->rows[i].betweenness;
		eo.betweenness = betw;
		eo.cluster_of = cl->membership;
	}
	if (cg_strbuf_printf(&gen, "casegraph %s", CG_VERSION)) {
		fprintf(stderr, "casegraph: out of memory\n");
		rc = EXIT_FAILURE_;
		goto out;
	}
	eo.date = date;
	eo.generator = gen.buf;
	if (strcmp(output, "-") == 0 ? cg_export_stream(g, fmt, &eo, stdout, &err)
	                             : cg_export_path(g, fmt, &eo, output, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if (!o.quiet && strcmp(output, "-"))
		fprintf(stderr, "export: %zu entities and %zu links as %s in %s\n",
		        cg_graph_entity_count(g), cg_graph_link_count(g),
		        cg_export_format_to_string(fmt), cli_text(output));
	rc = EXIT_OK;
out:
	free(betw);
	cg_strbuf_free(&gen);
	cg_brokers_free(b);
	cg_clusters_free(cl);
	cg_graph_free(g);
	cli_opts_free(&o);
	an_free(&a);
	return rc;
}
