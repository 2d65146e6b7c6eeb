/* casegraph render: one briefing diagram in Graphviz DOT, laid out to SVG,
 * PNG or PDF when Graphviz is installed. Chooses what to draw (types,
 * cases, an ego network, a path, the top entities), runs the analyses the
 * options need (betweenness, clusters), and hands the rest to
 * render/dot.c. Says what the node cap left out and how to focus. */
#include "cli.h"

#include "cg_render.h"

#include <stdlib.h>
#include <string.h>

#define MAX_FOCUS 64
#define MAX_CASES 64

/* Options of render, beyond the input and analysis options. */
typedef struct render_opts {
	const char *output, *format, *layout, *group_by, *size_by, *title, *date, *by;
	const char *focus[MAX_FOCUS];
	size_t n_focus;
	const char *path[2]; /* --path A B: from, to */
	char *cases_buf;
	const char *cases[MAX_CASES];
	size_t n_cases;
	long depth, max_nodes, brokers, timeout;
	int no_collapse, redact;
	int timeline, text; /* --timeline, --text (its table) */
} render_opts;

/* Takes render's own options out of argv. Returns 0 or an exit code. */
static int render_parse(int *argc, char **argv, render_opts *r)
{
	const cli_opt opts[] = {
	    CLI_FLAG("--no-collapse", &r->no_collapse),
	    CLI_FLAG("--redact", &r->redact),
	    CLI_FLAG("--timeline", &r->timeline),
	    CLI_FLAG("--text", &r->text),
	    CLI_STRING("--by", &r->by),
	    CLI_PAIR("--path", r->path, "entities"),
	    CLI_STRING("-o", &r->output),
	    CLI_STRING("-T", &r->format),
	    CLI_STRING("--layout", &r->layout),
	    CLI_STRING("--group-by", &r->group_by),
	    CLI_STRING("--size-by", &r->size_by),
	    CLI_STRING("--title", &r->title),
	    CLI_STRING("--date", &r->date),
	    CLI_EACH("--focus", r->focus, MAX_FOCUS, &r->n_focus),
	    CLI_LIST("--cases", &r->cases_buf),
	    CLI_NUMBER("--depth", &r->depth, 0, 100),
	    CLI_NUMBER("--max-nodes", &r->max_nodes, 0, 1000000),
	    CLI_NUMBER("--brokers", &r->brokers, 0, 1000000),
	    CLI_NUMBER("--timeout", &r->timeout, 1, 86400),
	};
	int rc;

	memset(r, 0, sizeof *r);
	r->depth = 1;
	r->max_nodes = CG_DOT_MAX_NODES;
	r->timeout = 60;
	if ((rc = cli_take_opts("render", opts, sizeof opts / sizeof *opts, argc, argv)))
		return rc;
	for (char *p = r->cases_buf; p && *p;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (*p) {
			if (r->n_cases == MAX_CASES) {
				fprintf(stderr, "casegraph render: at most %d cases in --cases\n",
				        MAX_CASES);
				return EXIT_USAGE;
			}
			r->cases[r->n_cases++] = p;
		}
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

/* The entity q names (id, identifier, name or alias) for option what.
 * Returns 0, or an exit code after printing why (not found, ambiguous). */
static int resolve(const cg_graph *g, const char *what, const char *q, cg_eid *e)
{
	cg_error err;
	cg_error_clear(&err);
	if (cg_graph_resolve(g, q, e, &err)) {
		fprintf(stderr, "casegraph render: %s '%s': %s\n", what, q, err.message);
		return err.code == CG_ENOTFOUND ? EXIT_BADINPUT : EXIT_USAGE;
	}
	return 0;
}

/* The name of an entity for the footnote (redacted when asked). */
static void note_name(const cg_graph *g, cg_eid e, int redact, cg_strbuf *sb)
{
	if (redact)
		cg_redact_name(sb, g, e);
	else
		cg_strbuf_puts(sb, cg_entity_name(g, e));
}

/* out with its extension replaced by .dot ("brief.svg" -> "brief.dot"). */
static int dot_path_for(const char *out, cg_strbuf *sb)
{
	const char *slash = strrchr(out, '/'), *dot = strrchr(out, '.');
	size_t n = dot && (!slash || dot > slash) && dot != out ? (size_t)(dot - out) : strlen(out);
	return cg_strbuf_append(sb, out, n) || cg_strbuf_puts(sb, ".dot");
}

/* Declares what render will write (cli_will_write): -o, and with -T the
 * DOT beside the image. Returns 0 or an exit code. */
static int render_outputs(const render_opts *r)
{
	cg_strbuf dotp = CG_STRBUF_INIT;
	int rc;

	if (!r->output)
		return 0;
	if ((rc = cli_will_write(NULL, r->output)) || !r->format)
		return rc;
	rc = dot_path_for(r->output, &dotp) ? cli_nomem() : cli_will_write(NULL, dotp.buf);
	cg_strbuf_free(&dotp);
	return rc;
}

/* One run of render: the options, the graph, and what the steps chose and
 * computed for the diagram. Freed by cmd_render. */
typedef struct render_run {
	cli_opts o;
	an_opts a;
	render_opts r;
	cg_graph *g;
	size_t n, m;                       /* entities and links of g */
	unsigned char *sel, *lsel, *focus; /* entities and links drawn; entities in bold */
	double *betw;  /* per entity: betweenness, NaN outside the view (when needed) */
	size_t *rank;  /* per entity: broker rank, 0 when unmarked */
	double *score; /* per entity: the --top measure */
	size_t *deg;   /* per entity: degree among the selected */
	cg_brokers *b;
	cg_clusters *cl;
	cg_paths *paths;
	cg_strbuf note; /* the footnote's account of the choice */
	cg_dot_opts dopt;
	char date[11];
	cg_error err;
} render_run;

/* Checks the options that need no graph (-T, -o, --layout, --group-by,
 * --size-by, --date) and sets dopt's group and size. Returns 0 or
 * EXIT_USAGE after printing why. */
static int render_validate(render_run *x)
{
	const render_opts *r = &x->r;

	if (r->format && strcmp(r->format, "svg") && strcmp(r->format, "png") &&
	    strcmp(r->format, "pdf")) {
		fprintf(stderr, "casegraph render: -T %s: the formats are svg, png and pdf\n",
		        r->format);
		return EXIT_USAGE;
	}
	if (r->format && !r->output) {
		fprintf(stderr, "casegraph render: -T %s needs -o FILE.%s\n", r->format, r->format);
		return EXIT_USAGE;
	}
	if (r->layout && strcmp(r->layout, "dot") && strcmp(r->layout, "sfdp")) {
		fprintf(stderr, "casegraph render: --layout %s: dot or sfdp\n", r->layout);
		return EXIT_USAGE;
	}
	x->dopt.group_by = r->group_by ? cg_group_by_from_string(r->group_by) : CG_GROUP_CASE;
	if (x->dopt.group_by == CG_GROUP_BY_COUNT) {
		fprintf(stderr, "casegraph render: --group-by %s: case, cluster or none\n",
		        r->group_by);
		return EXIT_USAGE;
	}
	x->dopt.size_by = r->size_by ? cg_size_by_from_string(r->size_by) : CG_SIZE_NONE;
	if (x->dopt.size_by == CG_SIZE_BY_COUNT) {
		fprintf(stderr, "casegraph render: --size-by %s: degree, betweenness or none\n",
		        r->size_by);
		return EXIT_USAGE;
	}
	return cli_date("render", r->date, x->date);
}

/* Allocates the selections and selects by --types, --include-type and
 * --cases, saying so in the note. Returns 0 or an exit code. */
static int select_filter(render_run *x)
{
	const render_opts *r = &x->r;
	const an_opts *a = &x->a;

	x->n = cg_graph_entity_count(x->g);
	x->m = cg_graph_link_count(x->g);
	x->sel = calloc(x->n + 1, 1);
	x->lsel = calloc(x->m + 1, 1);
	x->focus = calloc(x->n + 1, 1);
	x->betw = malloc((x->n + 1) * sizeof *x->betw);
	x->rank = calloc(x->n + 1, sizeof *x->rank);
	x->deg = calloc(x->n + 1, sizeof *x->deg);
	x->score = malloc((x->n + 1) * sizeof *x->score);
	if (!x->sel || !x->lsel || !x->focus || !x->betw || !x->rank || !x->deg || !x->score)
		return cli_nomem();
	cg_select_filter(x->g, a->n_types ? a->types : NULL, a->n_types, a->include, a->n_include,
	                 r->n_cases ? r->cases : NULL, r->n_cases, x->sel);
	cg_select_links_of_cases(x->g, r->n_cases ? r->cases : NULL, r->n_cases, x->lsel);
	if (r->n_cases) {
		cg_strbuf_puts(&x->note, "Cases:");
		for (size_t i = 0; i < r->n_cases; i++)
			cg_strbuf_printf(&x->note, "%s %s", i ? "," : "", r->cases[i]);
		cg_strbuf_puts(&x->note, ". ");
	}
	if (a->n_types) {
		cg_strbuf_puts(&x->note, "Types:");
		for (size_t i = 0; i < a->n_types; i++)
			cg_strbuf_printf(&x->note, "%s %s", i ? "," : "", a->types[i]);
		cg_strbuf_puts(&x->note, ". ");
	}
	return 0;
}

/* --focus: the ego network of the focus entities, --depth links deep,
 * the focus marked. Returns 0 or an exit code. */
static int select_focus(render_run *x)
{
	const render_opts *r = &x->r;
	cg_eid seeds[MAX_FOCUS];
	int rc;

	for (size_t i = 0; i < r->n_focus; i++) {
		if ((rc = resolve(x->g, "--focus", r->focus[i], &seeds[i])))
			return rc;
		x->focus[seeds[i]] = 1;
	}
	if (cg_select_ego(x->g, seeds, r->n_focus, (size_t)r->depth, x->sel, &x->err))
		return cli_fail(&x->err);
	cg_strbuf_puts(&x->note, "Focus:");
	for (size_t i = 0; i < r->n_focus; i++) {
		cg_strbuf_puts(&x->note, i ? ", " : " ");
		note_name(x->g, seeds[i], r->redact, &x->note);
	}
	cg_strbuf_printf(&x->note, ", %ld link%s around. ", r->depth, r->depth == 1 ? "" : "s");
	return 0;
}

/* --path A B: only the entities of the -k shortest paths and every link
 * between consecutive entities of one, the ends marked. Says so on stderr
 * when there is none. Returns 0 or an exit code. */
static int select_path(render_run *x)
{
	const render_opts *r = &x->r;
	cg_path_opts po = CG_PATH_OPTS_INIT;
	cg_eid from, to;
	int rc;

	if ((rc = resolve(x->g, "--path", r->path[0], &from)) ||
	    (rc = resolve(x->g, "--path", r->path[1], &to)))
		return rc;
	view_opts_of(&x->a, &po.view);
	po.k = x->a.k > 0 ? (size_t)x->a.k : 1;
	if (cg_paths_compute(x->g, from, to, &po, &x->paths, &x->err))
		return cli_fail(&x->err);
	const cg_paths *paths = x->paths;
	memset(x->sel, 0, x->n);
	memset(x->lsel, 0, x->m);
	x->sel[from] = x->sel[to] = x->focus[from] = x->focus[to] = 1;
	for (size_t i = 0; i < paths->n; i++)
		for (size_t h = 0; h < paths->paths[i].n_hops; h++) {
			const cg_hop *hop = &paths->paths[i].hops[h];
			x->sel[hop->from] = x->sel[hop->to] = 1;
		}
	/* every link between consecutive entities of a path */
	for (cg_lid l = 0; l < x->m; l++) {
		cg_eid s = cg_link_source(x->g, l), t = cg_link_target(x->g, l);
		for (size_t i = 0; i < paths->n && !x->lsel[l]; i++)
			for (size_t h = 0; h < paths->paths[i].n_hops; h++) {
				const cg_hop *hop = &paths->paths[i].hops[h];
				if ((s == hop->from && t == hop->to) ||
				    (s == hop->to && t == hop->from)) {
					x->lsel[l] = 1;
					break;
				}
			}
	}
	cg_strbuf_puts(&x->note, "Path from ");
	note_name(x->g, from, r->redact, &x->note);
	cg_strbuf_puts(&x->note, " to ");
	note_name(x->g, to, r->redact, &x->note);
	if (!paths->n) {
		cg_strbuf_puts(&x->note, ": not connected in the view");
		fprintf(stderr, "casegraph render: no path between the two entities in the view\n");
	} else {
		cg_strbuf_printf(&x->note, ": %zu path%s of %zu hop%s", paths->n,
		                 paths->n == 1 ? "" : "s", paths->paths[0].n_hops,
		                 paths->paths[0].n_hops == 1 ? "" : "s");
	}
	cg_strbuf_puts(&x->note, ". ");
	return 0;
}

/* Betweenness, when --size-by, --top or --brokers needs it: into betw and
 * dopt, with the --brokers top ranked. Returns 0 or an exit code. */
static int select_betweenness(render_run *x)
{
	cg_broker_opts bo;

	if (x->dopt.size_by != CG_SIZE_BETWEENNESS &&
	    (x->a.top < 0 || x->dopt.size_by == CG_SIZE_DEGREE) && x->r.brokers <= 0)
		return 0;
	cli_broker_opts(&x->a, &bo);
	if (cg_brokers_compute(x->g, &bo, &x->b, &x->err))
		return cli_fail(&x->err);
	cli_betweenness(x->b, x->n, x->betw);
	for (size_t i = 0; i < x->b->n && i < (size_t)x->r.brokers; i++)
		x->rank[x->b->rows[i].entity] = i + 1;
	x->dopt.betweenness = x->betw;
	x->dopt.broker_rank = x->r.brokers > 0 ? x->rank : NULL;
	return 0;
}

/* --top N: only the N selected entities ranked highest by degree or
 * betweenness. Returns 0 or an exit code. */
static int select_top(render_run *x)
{
	int by_degree = x->dopt.size_by == CG_SIZE_DEGREE;

	if (x->a.top < 0)
		return 0;
	if (by_degree) {
		if (cg_select_degrees(x->g, x->sel, x->deg, &x->err))
			return cli_fail(&x->err);
		for (size_t i = 0; i < x->n; i++)
			x->score[i] = (double)x->deg[i];
	} else {
		memcpy(x->score, x->betw, x->n * sizeof *x->score);
	}
	if (cg_select_top(x->g, x->score, (size_t)x->a.top, x->sel, &x->err))
		return cli_fail(&x->err);
	cg_strbuf_printf(&x->note, "Top %ld by %s. ", x->a.top,
	                 by_degree ? "degree" : "betweenness");
	return 0;
}

/* --group-by cluster: the clusters, into dopt. Returns 0 or an exit code. */
static int select_clusters(render_run *x)
{
	cg_cluster_opts co;
	int rc;

	if (x->dopt.group_by != CG_GROUP_CLUSTER)
		return 0;
	if ((rc = cli_cluster_opts("render", &x->a, &co)))
		return rc;
	if (cg_clusters_compute(x->g, &co, &x->cl, &x->err))
		return cli_fail(&x->err);
	x->dopt.cluster_of = x->cl->membership;
	return 0;
}

/* Chooses what to draw: the filters, then the focus, the path and the
 * top, each narrowing the selection, the focused entities always in; and
 * the measures and clusters the diagram shows. Returns 0 or an exit code. */
static int render_select(render_run *x)
{
	int rc;

	cg_error_clear(&x->err);
	if ((rc = select_filter(x)))
		return rc;
	if (x->r.n_focus && (rc = select_focus(x)))
		return rc;
	if (x->r.path[0] && (rc = select_path(x)))
		return rc;
	if ((rc = select_betweenness(x)) || (rc = select_top(x)))
		return rc;
	for (size_t i = 0; i < x->n; i++)
		if (x->focus[i])
			x->sel[i] = 1;
	return select_clusters(x);
}

/* Prints what the diagram holds (unless -q) and, when the node cap left
 * entities out, what and how to focus. */
static void render_summary(const render_run *x, const cg_dot_stats *st)
{
	if (!x->o.quiet) {
		fprintf(stderr, "render: %zu nodes (%zu entities", st->nodes, st->entities);
		if (st->collapsed_groups)
			fprintf(stderr, ", %zu leaves collapsed into %zu nodes",
			        st->collapsed_entities, st->collapsed_groups);
		fprintf(stderr, "), %zu edges for %zu links", st->edges, st->links);
		if (st->groups)
			fprintf(stderr, ", %zu %s boxes", st->groups,
			        cg_group_by_to_string(x->dopt.group_by));
		fputc('\n', stderr);
	}
	if (st->left_out) {
		cg_strbuf lo = CG_STRBUF_INIT;
		cg_dot_left_out_text(st, &lo);
		fprintf(stderr,
		        "casegraph render: %s to keep the diagram readable (--max-nodes %ld).\n"
		        "  Focus it: --focus ENTITY --depth 1, --path A B, --top N, --cases A,B, "
		        "--types T1,T2, or raise --max-nodes.\n",
		        cg_strbuf_cstr(&lo), x->r.max_nodes);
		cg_strbuf_free(&lo);
	}
}

/* Writes the DOT (to -o, beside the -T image, or to stdout), says what it
 * holds, and lays it out with Graphviz for -T. Returns 0 or an exit code. */
static int render_write(render_run *x)
{
	const render_opts *r = &x->r;
	cg_dot_opts *dopt = &x->dopt;
	cg_strbuf dotp = CG_STRBUF_INIT;
	cg_dot_stats st;
	const char *dot_out = r->output;
	int rc = 0;

	dopt->title = r->title;
	dopt->date = x->date;
	dopt->generator = cli_generator();
	dopt->sources = x->o.inputs;
	dopt->n_sources = x->o.n_inputs;
	dopt->note = x->note.len ? x->note.buf : NULL;
	if (x->note.len && x->note.buf[x->note.len - 1] == ' ')
		x->note.buf[--x->note.len] = '\0';
	dopt->select = x->sel;
	dopt->select_links = x->lsel;
	dopt->focus = x->focus;
	dopt->collapse = !r->no_collapse;
	dopt->max_nodes = (size_t)r->max_nodes;
	dopt->redact = r->redact;
	if (r->format) {
		if (dot_path_for(r->output, &dotp)) {
			rc = cli_nomem();
			goto out;
		}
		if (strcmp(dotp.buf, r->output) == 0) {
			fprintf(
			    stderr,
			    "casegraph render: -o %s: name the %s image (the DOT goes beside it)\n",
			    r->output, r->format);
			rc = EXIT_USAGE;
			goto out;
		}
		dot_out = dotp.buf;
	}
	if (dot_out && strcmp(dot_out, "-") ? cg_dot_write_file(x->g, dopt, dot_out, &st, &x->err)
	                                    : cg_dot_write(x->g, dopt, stdout, &st, &x->err)) {
		rc = cli_fail(&x->err);
		goto out;
	}
	render_summary(x, &st);
	if (r->format) {
		const char *layout = r->layout ? r->layout : cg_graphviz_layout(st.nodes);
		if (cg_graphviz_run(layout, r->format, dot_out, r->output, st.nodes,
		                    (double)r->timeout, &x->err)) {
			char buf[1200];
			cg_error_format(&x->err, buf, sizeof buf);
			fprintf(stderr,
			        "casegraph render: %s\ncasegraph render: the DOT file is %s\n", buf,
			        dot_out);
			rc = x->err.code == CG_EINVAL ? EXIT_USAGE : EXIT_FAILURE_;
			goto out;
		}
		if (!x->o.quiet)
			fprintf(stderr, "render: %s laid out by %s into %s\n", dot_out, layout,
			        r->output);
	}
out:
	cg_strbuf_free(&dotp);
	return rc;
}

/* render --timeline: the dated links and records in time order, a lane per
 * case or entity (render/timeline.c), as DOT (laid out with -T) or, with
 * --text, as a table. Returns 0 or an exit code. */
static int render_timeline(render_run *x)
{
	const render_opts *r = &x->r;
	cg_timeline_by by = r->by ? cg_timeline_by_from_string(r->by) : CG_TIMELINE_CASE;
	cg_shared_opts so = CG_SHARED_OPTS_INIT;
	cg_timeline_opts to = {r->title, x->date, r->redact};
	cg_shared *sh = NULL;
	cg_timeline *t = NULL;
	cg_strbuf dotp = CG_STRBUF_INIT;
	const char *out = r->output;
	int rc = 0;

	if (by == CG_TIMELINE_BY_COUNT) {
		fprintf(stderr, "casegraph render: --by '%s': use case or entity\n", r->by);
		return EXIT_USAGE;
	}
	if (r->text && r->format) {
		fprintf(stderr, "casegraph render: --text writes a table: it takes no -T\n");
		return EXIT_USAGE;
	}
	if (cg_shared_compute(x->g, &so, &sh, &x->err) ||
	    cg_timeline_compute(x->g, by, sh, &t, &x->err)) {
		rc = cli_fail(&x->err);
		goto out;
	}
	if (r->format) {
		if (dot_path_for(r->output, &dotp)) {
			rc = cli_nomem();
			goto out;
		}
		out = dotp.buf;
	}
	if (out && strcmp(out, "-")
	        ? cg_timeline_write_file(x->g, t, &to, r->text, out, &x->err)
	        : (r->text ? cg_timeline_write_text(x->g, t, &to, stdout, &x->err)
	                   : cg_timeline_write_dot(x->g, t, &to, stdout, &x->err))) {
		rc = cli_fail(&x->err);
		goto out;
	}
	if (!x->o.quiet)
		fprintf(stderr, "render: timeline by %s: %zu events, %zu links without a date\n",
		        cg_timeline_by_to_string(by), t->n, t->undated);
	if (r->format &&
	    cg_graphviz_run("dot", r->format, out, r->output, t->n, (double)r->timeout, &x->err)) {
		char buf[1200];
		cg_error_format(&x->err, buf, sizeof buf);
		fprintf(stderr, "casegraph render: %s\ncasegraph render: the DOT file is %s\n", buf,
		        out);
		rc = x->err.code == CG_EINVAL ? EXIT_USAGE : EXIT_FAILURE_;
	}
out:
	cg_strbuf_free(&dotp);
	cg_shared_free(sh);
	cg_timeline_free(t);
	return rc;
}

int cmd_render(int argc, char **argv)
{
	render_run x;
	int done = 0, rc;

	memset(&x, 0, sizeof x);
	x.dopt = (cg_dot_opts)CG_DOT_OPTS_INIT;
	x.note = (cg_strbuf)CG_STRBUF_INIT;
	if ((rc = render_parse(&argc, argv, &x.r)) || (rc = render_outputs(&x.r)))
		goto out;
	if ((rc = an_start("render", argc, argv, &x.o, &x.a, &x.g, &done)) || done)
		goto out;
	if ((x.r.by || x.r.text) && !x.r.timeline) {
		fprintf(stderr, "casegraph render: --by and --text go with --timeline\n");
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = render_validate(&x)) ||
	    (rc = x.r.timeline ? render_timeline(&x) : render_select(&x) || render_write(&x)))
		goto out;
	rc = EXIT_OK;
out:
	free(x.sel);
	free(x.lsel);
	free(x.focus);
	free(x.betw);
	free(x.rank);
	free(x.deg);
	free(x.score);
	free(x.r.cases_buf);
	cg_strbuf_free(&x.note);
	cg_brokers_free(x.b);
	cg_clusters_free(x.cl);
	cg_paths_free(x.paths);
	cg_graph_free(x.g);
	cli_opts_free(&x.o);
	an_free(&x.a);
	return rc;
}
