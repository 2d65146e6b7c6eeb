/* casegraph report: the whole briefing in one directory. Loads the inputs,
 * runs every analysis (summary, clusters, brokers, shared, money), writes
 * the five diagrams as DOT, lays them out to SVG with Graphviz when it is
 * installed, and writes briefing.md with render/briefing.c and
 * briefing.html with render/briefing_html.c (--format md,html). A missing
 * Graphviz is not a failure: the briefing then links the DOT files and
 * says so. The files are written into a temporary directory that replaces
 * -o DIR as a whole at the end (cg_outdir): DIR is the previous briefing
 * or the new one, never a mix. */
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
	int md, html; /* --format md,html: the briefings to write (both by default) */
} report_opts;

/* Takes "--format LIST" out of argv when LIST names briefing formats (md,
 * html); any other --format is the inputs' format, left for cli_parse.
 * Returns 0 or an exit code. */
static int report_formats(int *argc, char **argv, report_opts *r)
{
	int w = 1;

	for (int i = 1; i < *argc; i++) {
		const char *v = i + 1 < *argc ? argv[i + 1] : NULL;
		int md = 0, html = 0, other = 0;
		if (strcmp(argv[i], "--format") || !v) {
			argv[w++] = argv[i];
			continue;
		}
		for (const char *p = v; *p;) {
			size_t n = strcspn(p, ",");
			if (n == 2 && !strncmp(p, "md", 2))
				md = 1;
			else if (n == 4 && !strncmp(p, "html", 4))
				html = 1;
			else
				other = 1;
			p += n + (p[n] == ',');
		}
		if (!md && !html) {
			argv[w++] = argv[i]; /* an input format (nodes, jsonl, report ...) */
			continue;
		}
		if (other || !*v || v[strlen(v) - 1] == ',') {
			fprintf(stderr,
			        "casegraph report: unknown briefing format in --format %s (md, "
			        "html, or md,html)\n",
			        cli_text(v));
			return EXIT_USAGE;
		}
		r->md = md;
		r->html = html;
		i++;
	}
	*argc = w;
	argv[w] = NULL;
	return 0;
}

/* Takes report's own options out of argv. Returns 0 or an exit code. */
static int report_parse(int *argc, char **argv, report_opts *r)
{
	const cli_opt opts[] = {
	    CLI_FLAG("--redact", &r->redact),
	    CLI_FLAG("--no-svg", &r->no_svg),
	    CLI_STRING("-o", &r->output),
	    CLI_STRING("--title", &r->title),
	    CLI_STRING("--date", &r->date),
	    CLI_NUMBER("--max-nodes", &r->max_nodes, 1, 100000),
	    CLI_NUMBER("--timeout", &r->timeout, 1, 86400),
	};

	memset(r, 0, sizeof *r);
	r->max_nodes = 0; /* each diagram its own (render/briefing.c) */
	r->timeout = 60;
	r->md = r->html = 1;
	int rc = report_formats(argc, argv, r);
	return rc ? rc : cli_take_opts("report", opts, sizeof opts / sizeof *opts, argc, argv);
}

/* Declares the files report writes into -o DIR (cli_will_write):
 * briefing.md, briefing.html and each diagram's DOT and SVG. Returns 0 or
 * an exit code. */
static int report_outputs(const report_opts *r)
{
	cg_strbuf name = CG_STRBUF_INIT;
	int rc;

	if (!r->output)
		return 0;
	rc = r->md ? cli_will_write(r->output, "briefing.md") : 0;
	if (!rc && r->html)
		rc = cli_will_write(r->output, "briefing.html");
	for (int k = 0; k < CG_DIAGRAM_COUNT && !rc; k++)
		for (int svg = 0; svg < 2 && !rc; svg++) {
			cg_strbuf_reset(&name);
			rc = cg_strbuf_printf(&name, "%s.%s",
			                      cg_diagram_kind_to_string((cg_diagram_kind)k),
			                      svg ? "svg" : "dot")
			         ? cli_nomem()
			         : cli_will_write(r->output, name.buf);
		}
	cg_strbuf_free(&name);
	return rc;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One run of report: the options, the graph, the analyses and the
 * diagrams made of them. Freed by cmd_report. */
typedef struct report_run {
	cli_opts o;
	an_opts a;
	report_opts r;
	cg_graph *g;
	cg_summary *sum;
	cg_clusters *cl;
	cg_brokers *b;
	cg_shared *sh;
	cg_money *mo;
	cg_source_info *src; /* per input: path, format, counts */
	cg_report_input in;  /* what the diagrams and briefing.md are made of */
	cg_report_diagram diagrams[CG_DIAGRAM_COUNT];
	char why[CG_DIAGRAM_COUNT][CG_ERROR_MSG_MAX]; /* why Graphviz failed on a diagram */
	int graphviz_missing;                         /* Graphviz was not found: no more tries */
	int rendered;                                 /* SVGs Graphviz made */
	cg_outdir dir;                                /* -o DIR; the files go in dir.tmp */
	char name_buf[2 + 2 * CG_DIAGRAM_COUNT][64];  /* the files report writes there */
	const char *names[2 + 2 * CG_DIAGRAM_COUNT];
	char date[11];
	cg_error err;
} report_run;

/* Checks -o and --date and opens the briefing directory (cg_outdir: a
 * DIR holding other files than a briefing's is refused here, before any
 * work). Returns 0 or an exit code after printing why. */
static int report_validate(report_run *x)
{
	int rc;

	if (!x->r.output) {
		fprintf(stderr, "casegraph report: -o DIR is required (the briefing directory)\n");
		return EXIT_USAGE;
	}
	if ((rc = cli_date("report", x->r.date, x->date)))
		return rc;
	/* both briefings, whatever --format says: a previous run may have
	 * written the one this run does not, and DIR is replaced as a whole */
	snprintf(x->name_buf[0], sizeof x->name_buf[0], "briefing.md");
	snprintf(x->name_buf[1], sizeof x->name_buf[1], "briefing.html");
	for (int k = 0; k < CG_DIAGRAM_COUNT; k++)
		for (int svg = 0; svg < 2; svg++)
			snprintf(x->name_buf[2 + 2 * k + svg], sizeof x->name_buf[0], "%s.%s",
			         cg_diagram_kind_to_string((cg_diagram_kind)k),
			         svg ? "svg" : "dot");
	for (size_t i = 0; i < sizeof x->names / sizeof *x->names; i++)
		x->names[i] = x->name_buf[i];
	cg_error_clear(&x->err);
	if (cg_outdir_open(&x->dir, x->r.output, x->names, sizeof x->names / sizeof *x->names,
	                   &x->err))
		return cli_fail(&x->err);
	return 0;
}

/* Runs every analysis of the briefing (summary, clusters, brokers, shared,
 * money) with one clustering for all. Returns 0 or an exit code. */
static int report_analyse(report_run *x)
{
	cg_cluster_opts co;
	cg_broker_opts bo;
	cg_shared_opts so = CG_SHARED_OPTS_INIT;
	cg_money_opts mopt = CG_MONEY_OPTS_INIT;
	int rc;

	if ((rc = cli_cluster_opts("report", &x->a, &co)))
		return rc;
	cli_broker_opts(&x->a, &bo);
	bo.clusters = co;
	if ((rc = cli_partition("report", x->a.by, &bo.by)))
		return rc;
	view_opts_of(&x->a, &so.view);
	so.within_days = x->a.within;
	mopt.clusters = co;
	mopt.top = 20;
	if (cg_summary_compute(x->g, &x->sum, &x->err) ||
	    cg_clusters_compute(x->g, &co, &x->cl, &x->err) ||
	    cg_brokers_compute(x->g, &bo, &x->b, &x->err) ||
	    cg_shared_compute(x->g, &so, &x->sh, &x->err) ||
	    cg_money_compute(x->g, &mopt, &x->mo, &x->err))
		return cli_fail(&x->err);
	return 0;
}

/* Fills x->in, the input of the diagrams and of briefing.md, from the
 * analyses, the inputs and the options. Returns 0 or an exit code. */
static int report_input(report_run *x)
{
	cg_report_input *in = &x->in;

	if (!(x->src = calloc(x->o.n_inputs + 1, sizeof *x->src)))
		return cli_nomem();
	for (size_t i = 0; i < x->o.n_inputs; i++) {
		x->src[i].path = x->o.inputs[i];
		x->src[i].format = cg_format_to_string(x->a.fmts[i]);
		x->src[i].stats = x->a.per_file[i];
	}
	memset(in, 0, sizeof *in);
	in->title = x->r.title;
	in->date = x->date;
	in->generator = cli_generator();
	in->sources = x->src;
	in->n_sources = x->o.n_inputs;
	in->summary = x->sum;
	in->clusters = x->cl;
	in->brokers = x->b;
	in->shared = x->sh;
	in->money = x->mo;
	in->top = x->a.top > 0 ? (size_t)x->a.top : 10;
	in->max_nodes = (size_t)x->r.max_nodes;
	in->redact = x->r.redact;
	return 0;
}

/* Lays diagram k's DOT (dot) out to its SVG (svg) unless --no-svg or
 * Graphviz is missing, recording in the diagram whether it was rendered
 * and why not; a Graphviz failure is said on stderr, not fatal. */
static void report_svg(report_run *x, int k, const char *dot, const char *svg)
{
	cg_report_diagram *d = &x->diagrams[k];
	cg_error gerr;

	if (x->r.no_svg) {
		d->why_not = "--no-svg was given";
		return;
	}
	if (x->graphviz_missing) {
		d->why_not = "Graphviz is not installed";
		return;
	}
	cg_error_clear(&gerr);
	if (cg_graphviz_run(cg_graphviz_layout(d->stats.nodes), "svg", dot, svg, d->stats.nodes,
	                    (double)x->r.timeout, &gerr) == 0) {
		d->rendered = 1;
		x->rendered++;
	} else if (gerr.code == CG_ENOTFOUND) {
		x->graphviz_missing = 1;
		d->why_not = "Graphviz is not installed";
		fprintf(stderr, "casegraph report: %s\n", gerr.message);
	} else {
		char buf[1200];
		cg_outdir_name_error(&x->dir, &gerr);
		cg_error_format(&gerr, buf, sizeof buf);
		fprintf(stderr, "casegraph report: %s\n", buf);
		snprintf(x->why[k], sizeof x->why[k], "%s", gerr.message);
		d->why_not = x->why[k];
	}
}

/* Writes the five diagrams as DIR/<kind>.dot (none when empty) and, when
 * it can, DIR/<kind>.svg; removes an SVG not made by this run. Returns 0
 * or an exit code. */
static int report_diagrams(report_run *x)
{
	cg_strbuf path = CG_STRBUF_INIT, svg = CG_STRBUF_INIT;
	int rc = 0;

	for (int k = 0; k < CG_DIAGRAM_COUNT; k++) {
		const char *name = cg_diagram_kind_to_string((cg_diagram_kind)k);
		cg_report_diagram *d = &x->diagrams[k];
		cg_strbuf_reset(&path);
		cg_strbuf_reset(&svg);
		if (cg_strbuf_printf(&path, "%s/%s.dot", x->dir.tmp, name) ||
		    cg_strbuf_printf(&svg, "%s/%s.svg", x->dir.tmp, name)) {
			rc = cli_nomem();
			goto out;
		}
		if (cg_report_diagram_write(x->g, &x->in, (cg_diagram_kind)k, path.buf, d,
		                            &x->err)) {
			cg_outdir_name_error(&x->dir, &x->err);
			rc = cli_fail(&x->err);
			goto out;
		}
		if (d->empty)
			unlink(path.buf);
		else
			report_svg(x, k, path.buf, svg.buf);
	}
out:
	cg_strbuf_free(&path);
	cg_strbuf_free(&svg);
	return rc;
}

/* Writes one briefing, DIR/<file> (briefing.md or briefing.html), into
 * the temporary directory. Returns 0 or an exit code. */
static int report_briefing(report_run *x, const char *file, int html)
{
	cg_strbuf path = CG_STRBUF_INIT;
	cg_outfile out;
	int rc = 0;

	memset(&out, 0, sizeof out);
	if (cg_strbuf_printf(&path, "%s/%s", x->dir.tmp, file)) {
		rc = cli_nomem();
		goto out;
	}
	if (cg_outfile_open(&out, path.buf, &x->err) ||
	    (html ? cg_report_html_write(x->g, &x->in, x->diagrams, x->dir.tmp, out.f, &x->err)
	          : cg_report_write(x->g, &x->in, x->diagrams, out.f, &x->err)) ||
	    cg_outfile_commit(&out, &x->err)) {
		cg_outdir_name_error(&x->dir, &x->err);
		rc = cli_fail(&x->err);
	}
out:
	cg_outfile_abort(&out);
	cg_strbuf_free(&path);
	return rc;
}

/* Writes briefing.md and briefing.html (as --format asks), puts the whole
 * set in place of DIR (cg_outdir_commit) and says where it is: what it
 * holds on stderr unless -q (t0: when the command began), its path on
 * stdout. Returns 0 or an exit code. */
static int report_write(report_run *x, double t0)
{
	const char *out = cli_text(x->r.output);
	int rc;

	if ((x->r.md && (rc = report_briefing(x, "briefing.md", 0))) ||
	    (x->r.html && (rc = report_briefing(x, "briefing.html", 1))))
		return rc;
	if (cg_outdir_commit(&x->dir, &x->err))
		return cli_fail(&x->err);
	if (!x->o.quiet) {
		fprintf(stderr, "report: %s/%s, %d diagrams", out,
		        x->r.md && x->r.html ? "briefing.md and briefing.html"
		        : x->r.md            ? "briefing.md"
		                             : "briefing.html",
		        CG_DIAGRAM_COUNT);
		for (int k = 0; k < CG_DIAGRAM_COUNT; k++)
			if (!x->diagrams[k].empty)
				fprintf(stderr, "%s %s %zu nodes", k ? "," : ":",
				        cg_diagram_kind_to_string((cg_diagram_kind)k),
				        x->diagrams[k].stats.nodes);
		fprintf(stderr, "; %d SVG by Graphviz; %.2f s\n", x->rendered, now_s() - t0);
	}
	if (x->r.md && x->r.html)
		printf("The briefing is in %s/briefing.md and %s/briefing.html\n", out, out);
	else
		printf("The briefing is in %s/%s\n", out,
		       x->r.md ? "briefing.md" : "briefing.html");
	return 0;
}

int cmd_report(int argc, char **argv)
{
	report_run x;
	int done = 0, rc;
	double t0 = now_s();

	memset(&x, 0, sizeof x);
	if ((rc = report_parse(&argc, argv, &x.r)) || (rc = report_outputs(&x.r)))
		goto out;
	if ((rc = an_start("report", argc, argv, &x.o, &x.a, &x.g, &done)) || done)
		goto out;
	if ((rc = report_validate(&x)) || (rc = report_analyse(&x)) || (rc = report_input(&x)) ||
	    (rc = report_diagrams(&x)) || (rc = report_write(&x, t0)))
		goto out;
	rc = EXIT_OK;
out:
	cg_outdir_abort(&x.dir);
	free(x.src);
	cg_summary_free(x.sum);
	cg_clusters_free(x.cl);
	cg_brokers_free(x.b);
	cg_shared_free(x.sh);
	cg_money_free(x.mo);
	cg_graph_free(x.g);
	cli_opts_free(&x.o);
	an_free(&x.a);
	return rc;
}
