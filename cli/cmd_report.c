/* casegraph report: the whole briefing in one directory. Loads the inputs,
 * runs every analysis (summary, clusters, brokers, shared, money), writes
 * the five diagrams as DOT, lays them out to SVG with Graphviz when it is
 * installed, and writes briefing.md with render/briefing.c. A missing
 * Graphviz is not a failure: the briefing then links the DOT files and
 * says so. */
#include "cli.h"

#include "cg_render.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct report_opts {
	const char *output, *title, *date;
	long max_nodes, timeout;
	int redact, no_svg;
} report_opts;

static int report_parse(int *argc, char **argv, report_opts *r)
{
	int w = 1;

	memset(r, 0, sizeof *r);
	r->max_nodes = CG_REPORT_MAX_NODES;
	r->timeout = 60;
	for (int i = 1; i < *argc; i++) {
		const char *o = argv[i];
		const char *val = i + 1 < *argc ? argv[i + 1] : NULL;
		const char **str = NULL;
		long *num = NULL, min = 1, max = 100000;
		if (strcmp(o, "--redact") == 0) {
			r->redact = 1;
			continue;
		} else if (strcmp(o, "--no-svg") == 0) {
			r->no_svg = 1;
			continue;
		} else if (strcmp(o, "-o") == 0) {
			str = &r->output;
		} else if (strcmp(o, "--title") == 0) {
			str = &r->title;
		} else if (strcmp(o, "--date") == 0) {
			str = &r->date;
		} else if (strcmp(o, "--max-nodes") == 0) {
			num = &r->max_nodes;
		} else if (strcmp(o, "--timeout") == 0) {
			num = &r->timeout;
			max = 86400;
		} else {
			argv[w++] = argv[i];
			continue;
		}
		if (!val) {
			fprintf(stderr, "casegraph report: option %s needs a value\n", o);
			return EXIT_USAGE;
		}
		if (str)
			*str = val;
		else if (cli_number("report", o, val, min, max, num))
			return EXIT_USAGE;
		i++;
	}
	*argc = w;
	argv[w] = NULL;
	return 0;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int cmd_report(int argc, char **argv)
{
	cli_opts o;
	an_opts a;
	report_opts r;
	cg_graph *g = NULL;
	cg_summary *sum = NULL;
	cg_clusters *cl = NULL;
	cg_brokers *b = NULL;
	cg_shared *sh = NULL;
	cg_money *mo = NULL;
	cg_source_info *src = NULL;
	cg_report_diagram diagrams[CG_DIAGRAM_COUNT];
	cg_report_input in;
	cg_outfile out;
	cg_strbuf path = CG_STRBUF_INIT, svg = CG_STRBUF_INIT, gen = CG_STRBUF_INIT;
	char why[CG_DIAGRAM_COUNT][CG_ERROR_MSG_MAX];
	cg_error err;
	char date[11];
	int done = 0, rc, graphviz_missing = 0, rendered = 0;
	double t0 = now_s();

	memset(&o, 0, sizeof o);
	memset(&a, 0, sizeof a);
	memset(&out, 0, sizeof out);
	memset(diagrams, 0, sizeof diagrams);
	if ((rc = report_parse(&argc, argv, &r)))
		goto out;
	if ((rc = an_start("report", argc, argv, &o, &a, &g, &done)) || done)
		goto out;
	if (!r.output) {
		fprintf(stderr, "casegraph report: -o DIR is required (the briefing directory)\n");
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = cli_date("report", r.date, date)))
		goto out;
	if (mkdir(r.output, 0777) && errno != EEXIST) {
		fprintf(stderr, "casegraph report: cannot create %s: %s\n", cli_text(r.output),
		        strerror(errno));
		rc = EXIT_FAILURE_;
		goto out;
	}
	cg_error_clear(&err);

	/* the analyses */
	cg_cluster_opts co = CG_CLUSTER_OPTS_INIT;
	view_opts_of(&a, &co.view);
	co.seed = (unsigned long)a.seed;
	co.resolution = a.resolution;
	if (a.method &&
	    (co.method = cg_cluster_method_from_string(a.method)) == CG_CLUSTER_METHOD_COUNT) {
		fprintf(stderr, "casegraph report: unknown method '%s' (leiden, louvain)\n",
		        a.method);
		rc = EXIT_USAGE;
		goto out;
	}
	cg_broker_opts bo = CG_BROKER_OPTS_INIT;
	view_opts_of(&a, &bo.view);
	bo.top = 0;
	bo.seed = co.seed;
	bo.samples = (size_t)a.samples;
	bo.exact_limit = (size_t)a.exact_limit;
	bo.clusters = co;
	if (a.by && (bo.by = cg_partition_from_string(a.by)) == CG_PARTITION_COUNT) {
		fprintf(stderr,
		        "casegraph report: unknown partition '%s' (case, cluster, country, type)\n",
		        a.by);
		rc = EXIT_USAGE;
		goto out;
	}
	cg_shared_opts so = CG_SHARED_OPTS_INIT;
	view_opts_of(&a, &so.view);
	cg_money_opts mopt = CG_MONEY_OPTS_INIT;
	mopt.clusters = co;
	mopt.top = 20;
	if (cg_summary_compute(g, &sum, &err) || cg_clusters_compute(g, &co, &cl, &err) ||
	    cg_brokers_compute(g, &bo, &b, &err) || cg_shared_compute(g, &so, &sh, &err) ||
	    cg_money_compute(g, &mopt, &mo, &err))
		goto fail;

	if (!(src = calloc(o.n_inputs + 1, sizeof *src)))
		goto nomem;
	for (size_t i = 0; i < o.n_inputs; i++) {
		src[i].path = o.inputs[i];
		src[i].format = cg_format_to_string(a.fmts[i]);
		src[i].stats = a.per_file[i];
	}
	if (cg_strbuf_printf(&gen, "casegraph %s", CG_VERSION))
		goto nomem;
	memset(&in, 0, sizeof in);
	in.title = r.title;
	in.date = date;
	in.generator = gen.buf;
	in.sources = src;
	in.n_sources = o.n_inputs;
	in.summary = sum;
	in.clusters = cl;
	in.brokers = b;
	in.shared = sh;
	in.money = mo;
	in.top = a.top > 0 ? (size_t)a.top : 10;
	in.max_nodes = (size_t)r.max_nodes;
	in.redact = r.redact;

	/* the diagrams */
	for (int k = 0; k < CG_DIAGRAM_COUNT; k++) {
		const char *name = cg_diagram_kind_to_string((cg_diagram_kind)k);
		cg_report_diagram *d = &diagrams[k];
		cg_strbuf_reset(&path);
		cg_strbuf_reset(&svg);
		if (cg_strbuf_printf(&path, "%s/%s.dot", r.output, name) ||
		    cg_strbuf_printf(&svg, "%s/%s.svg", r.output, name))
			goto nomem;
		if (cg_report_diagram_write(g, &in, (cg_diagram_kind)k, path.buf, d, &err))
			goto fail;
		if (d->empty) {
			unlink(path.buf);
		} else if (r.no_svg) {
			d->why_not = "--no-svg was given";
		} else if (graphviz_missing) {
			d->why_not = "Graphviz is not installed";
		} else {
			cg_error gerr;
			cg_error_clear(&gerr);
			if (cg_graphviz_run(cg_graphviz_layout(d->stats.nodes), "svg", path.buf,
			                    svg.buf, d->stats.nodes, (double)r.timeout,
			                    &gerr) == 0) {
				d->rendered = 1;
				rendered++;
			} else if (gerr.code == CG_ENOTFOUND) {
				graphviz_missing = 1;
				d->why_not = "Graphviz is not installed";
				fprintf(stderr, "casegraph report: %s\n", gerr.message);
			} else {
				char buf[1200];
				cg_error_format(&gerr, buf, sizeof buf);
				fprintf(stderr, "casegraph report: %s\n", buf);
				snprintf(why[k], sizeof why[k], "%s", gerr.message);
				d->why_not = why[k];
			}
		}
		/* an SVG left from an earlier run would not match this DOT */
		if (!d->rendered)
			unlink(svg.buf);
	}

	cg_strbuf_reset(&path);
	if (cg_strbuf_printf(&path, "%s/briefing.md", r.output))
		goto nomem;
	if (cg_outfile_open(&out, path.buf, &err) ||
	    cg_report_write(g, &in, diagrams, out.f, &err) || cg_outfile_commit(&out, &err))
		goto fail;
	if (!o.quiet) {
		fprintf(stderr, "report: %s/briefing.md, %d diagrams", cli_text(r.output),
		        CG_DIAGRAM_COUNT);
		for (int k = 0; k < CG_DIAGRAM_COUNT; k++)
			if (!diagrams[k].empty)
				fprintf(stderr, "%s %s %zu nodes", k ? "," : ":",
				        cg_diagram_kind_to_string((cg_diagram_kind)k),
				        diagrams[k].stats.nodes);
		fprintf(stderr, "; %d SVG by Graphviz; %.2f s\n", rendered, now_s() - t0);
	}
	printf("The briefing is in %s/briefing.md\n", cli_text(r.output));
	rc = EXIT_OK;
	goto out;
nomem:
	fprintf(stderr, "casegraph: out of memory\n");
	rc = EXIT_FAILURE_;
	goto out;
fail:
	rc = cli_fail(&err);
out:
	cg_outfile_abort(&out);
	cg_strbuf_free(&path);
	cg_strbuf_free(&svg);
	cg_strbuf_free(&gen);
	free(src);
	cg_summary_free(sum);
	cg_clusters_free(cl);
	cg_brokers_free(b);
	cg_shared_free(sh);
	cg_money_free(mo);
	cg_graph_free(g);
	cli_opts_free(&o);
	an_free(&a);
	return rc;
}
