/* casegraph export: the graph in another tool's format (render/export.c,
 * render/export_json.c). Computes the measures the graph formats carry
 * (betweenness, clusters) unless --no-measures, and writes atomically. */
#include "cli.h"

#include "cg_render.h"

#include <stdlib.h>
#include <string.h>

/* Options of export, beyond the input and analysis options. */
typedef struct export_opts {
	const char *to, *output, *date;
	int no_measures;
} export_opts;

/* One run of export: the options, the graph and the measures it carries.
 * Freed by cmd_export. */
typedef struct export_run {
	cli_opts o;
	an_opts a;
	export_opts e;
	cg_graph *g;
	cg_export_format fmt;
	cg_brokers *b;
	cg_clusters *cl;
	double *betw; /* per entity: betweenness (NaN outside the view) */
	cg_export_opts eo;
	char date[11];
	cg_error err;
} export_run;

/* Takes export's own options out of argv. Returns 0 or an exit code. */
static int export_parse(int *argc, char **argv, export_opts *e)
{
	const cli_opt opts[] = {
	    CLI_FLAG("--no-measures", &e->no_measures),
	    CLI_STRING("--to", &e->to),
	    CLI_STRING("-o", &e->output),
	    CLI_STRING("--date", &e->date),
	};

	memset(e, 0, sizeof *e);
	return cli_take_opts("export", opts, sizeof opts / sizeof *opts, argc, argv);
}

/* Declares what -o will write (cli_will_write): the file, or the files of
 * a directory export. Returns 0 or an exit code. */
static int export_outputs(const export_opts *e)
{
	cg_export_format fmt = e->to ? cg_export_format_from_string(e->to) : CG_EXPORT_FORMAT_COUNT;
	const char *name;
	int rc = 0;

	if (!e->output)
		return 0;
	if (!cg_export_format_is_dir(fmt))
		return cli_will_write(NULL, e->output);
	for (size_t i = 0; !rc && (name = cg_export_format_file(fmt, i)); i++)
		rc = cli_will_write(e->output, name);
	return rc;
}

/* Checks --to (into x->fmt), -o and --date (into x->date). Returns 0 or
 * EXIT_USAGE after printing why. */
static int export_validate(export_run *x)
{
	const export_opts *e = &x->e;

	x->fmt = e->to ? cg_export_format_from_string(e->to) : CG_EXPORT_FORMAT_COUNT;
	if (x->fmt == CG_EXPORT_FORMAT_COUNT) {
		/* the formats named from render's table: "a, b ... or z" */
		fprintf(stderr, "casegraph export: --to %s: ", e->to ? e->to : "is required");
		for (int f = 0; f < CG_EXPORT_FORMAT_COUNT; f++)
			fprintf(stderr, "%s%s",
			        f == 0                            ? ""
			        : f == CG_EXPORT_FORMAT_COUNT - 1 ? " or "
			                                          : ", ",
			        cg_export_format_to_string((cg_export_format)f));
		fputc('\n', stderr);
		return EXIT_USAGE;
	}
	if (!e->output) {
		fprintf(stderr, "casegraph export: -o PATH is required\n");
		return EXIT_USAGE;
	}
	if (strcmp(e->output, "-") == 0 && cg_export_format_is_dir(x->fmt)) {
		fprintf(stderr, "casegraph export: --to %s writes a directory: -o DIR\n", e->to);
		return EXIT_USAGE;
	}
	return cli_date("export", e->date, x->date);
}

/* The clusters and betweenness the graph formats carry (GraphML, GEXF,
 * CSV, wide CSV, Neo4j), into x->eo, unless --no-measures. Returns 0 or an exit code. */
static int export_measures(export_run *x)
{
	cg_cluster_opts co;
	cg_broker_opts bo;
	size_t n = cg_graph_entity_count(x->g);
	int rc;

	if ((x->fmt != CG_EXPORT_GRAPHML && x->fmt != CG_EXPORT_GEXF && x->fmt != CG_EXPORT_CSV &&
	     x->fmt != CG_EXPORT_CSV_WIDE && x->fmt != CG_EXPORT_NEO4J) ||
	    x->e.no_measures)
		return 0;
	if ((rc = cli_cluster_opts("export", &x->a, &co)))
		return rc;
	cli_broker_opts(&x->a, &bo);
	if (!(x->betw = malloc((n + 1) * sizeof *x->betw)))
		return cli_nomem();
	if (cg_clusters_compute(x->g, &co, &x->cl, &x->err) ||
	    cg_brokers_compute(x->g, &bo, &x->b, &x->err))
		return cli_fail(&x->err);
	cli_betweenness(x->b, n, x->betw);
	x->eo.betweenness = x->betw;
	x->eo.cluster_of = x->cl->membership;
	return 0;
}

/* Prints a note of the export (what a format could not hold). */
static void export_note(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "export: note: %s\n", msg);
}

/* Writes the export to -o (atomically) or stdout and, unless -q or
 * stdout, says what it wrote. Returns 0 or an exit code. */
static int export_write(export_run *x)
{
	const char *output = x->e.output;

	x->eo.date = x->date;
	x->eo.generator = cli_generator();
	if (!x->o.quiet)
		x->eo.note = export_note;
	if (strcmp(output, "-") == 0 ? cg_export_stream(x->g, x->fmt, &x->eo, stdout, &x->err)
	                             : cg_export_path(x->g, x->fmt, &x->eo, output, &x->err))
		return cli_fail(&x->err);
	if (!x->o.quiet && strcmp(output, "-"))
		fprintf(stderr, "export: %zu entities and %zu links as %s in %s\n",
		        cg_graph_entity_count(x->g), cg_graph_link_count(x->g),
		        cg_export_format_to_string(x->fmt), cli_text(output));
	if (!x->o.quiet && x->fmt == CG_EXPORT_MISP) {
		/* what has no place in MISP, never left out silently */
		cg_strbuf sb = CG_STRBUF_INIT;
		if (cg_export_misp_summary(x->g, &x->eo, &sb, &x->err)) {
			cg_strbuf_free(&sb);
			return cli_fail(&x->err);
		}
		fprintf(stderr, "export: misp: %s\n", cli_text(cg_strbuf_cstr(&sb)));
		cg_strbuf_free(&sb);
	}
	return 0;
}

int cmd_export(int argc, char **argv)
{
	export_run x;
	int done = 0, rc;

	memset(&x, 0, sizeof x);
	x.eo = (cg_export_opts)CG_EXPORT_OPTS_INIT;
	if ((rc = export_parse(&argc, argv, &x.e)) || (rc = export_outputs(&x.e)))
		goto out;
	if ((rc = an_start("export", argc, argv, &x.o, &x.a, &x.g, &done)) || done)
		goto out;
	if ((rc = export_validate(&x)))
		goto out;
	cg_error_clear(&x.err);
	if ((rc = export_measures(&x)) || (rc = export_write(&x)))
		goto out;
	rc = EXIT_OK;
out:
	free(x.betw);
	cg_brokers_free(x.b);
	cg_clusters_free(x.cl);
	cg_graph_free(x.g);
	cli_opts_free(&x.o);
	an_free(&x.a);
	return rc;
}
