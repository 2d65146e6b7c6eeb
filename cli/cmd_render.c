/* casegraph render: one briefing diagram in Graphviz DOT, laid out to SVG,
 * PNG or PDF when Graphviz is installed. Chooses what to draw (types,
 * cases, an ego network, a path, the top entities), runs the analyses the
 * options need (betweenness, clusters), and hands the rest to
 * render/dot.c. Says what the node cap left out and how to focus. */
#include "cli.h"

#include "cg_render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FOCUS 64
#define MAX_CASES 64

/* Options of render, beyond the input and analysis options. */
typedef struct render_opts {
	const char *output, *format, *layout, *group_by, *size_by, *title, *date;
	const char *focus[MAX_FOCUS];
	size_t n_focus;
	const char *path_from, *path_to;
	char *cases_buf;
	const char *cases[MAX_CASES];
	size_t n_cases;
	long depth, max_nodes, brokers, timeout;
	int no_collapse, redact;
} render_opts;

/* Takes render's own options out of argv. Returns 0 or an exit code. */
static int render_parse(int *argc, char **argv, render_opts *r)
{
	int w = 1;

	memset(r, 0, sizeof *r);
	r->depth = 1;
	r->max_nodes = CG_DOT_MAX_NODES;
	r->timeout = 60;
	for (int i = 1; i < *argc; i++) {
		const char *o = argv[i];
		const char *val = i + 1 < *argc ? argv[i + 1] : NULL;
		const char **str = NULL;
		long *num = NULL, min = 0, max = 1000000;
		if (strcmp(o, "--no-collapse") == 0) {
			r->no_collapse = 1;
			continue;
		} else if (strcmp(o, "--redact") == 0) {
			r->redact = 1;
			continue;
		} else if (strcmp(o, "--path") == 0) {
			if (i + 2 >= *argc) {
				fprintf(
				    stderr,
				    "casegraph render: --path needs two entities: --path A B\n");
				return EXIT_USAGE;
			}
			r->path_from = argv[i + 1];
			r->path_to = argv[i + 2];
			i += 2;
			continue;
		} else if (strcmp(o, "-o") == 0) {
			str = &r->output;
		} else if (strcmp(o, "-T") == 0) {
			str = &r->format;
		} else if (strcmp(o, "--layout") == 0) {
			str = &r->layout;
		} else if (strcmp(o, "--group-by") == 0) {
			str = &r->group_by;
		} else if (strcmp(o, "--size-by") == 0) {
			str = &r->size_by;
		} else if (strcmp(o, "--title") == 0) {
			str = &r->title;
		} else if (strcmp(o, "--date") == 0) {
			str = &r->date;
		} else if (strcmp(o, "--focus") == 0) {
			if (!val)
				goto needs;
			if (r->n_focus == MAX_FOCUS) {
				fprintf(stderr, "casegraph render: at most %d --focus\n",
				        MAX_FOCUS);
				return EXIT_USAGE;
			}
			r->focus[r->n_focus++] = val;
			i++;
			continue;
		} else if (strcmp(o, "--cases") == 0) {
			if (!val)
				goto needs;
			size_t old = r->cases_buf ? strlen(r->cases_buf) : 0, add = strlen(val);
			char *nb = realloc(r->cases_buf, old + add + 2);
			if (!nb) {
				fprintf(stderr, "casegraph: out of memory\n");
				return EXIT_FAILURE_;
			}
			if (old)
				nb[old++] = ',';
			memcpy(nb + old, val, add + 1);
			r->cases_buf = nb;
			i++;
			continue;
		} else if (strcmp(o, "--depth") == 0) {
			num = &r->depth;
			max = 100;
		} else if (strcmp(o, "--max-nodes") == 0) {
			num = &r->max_nodes;
		} else if (strcmp(o, "--brokers") == 0) {
			num = &r->brokers;
		} else if (strcmp(o, "--timeout") == 0) {
			num = &r->timeout;
			min = 1;
			max = 86400;
		} else {
			argv[w++] = argv[i];
			continue;
		}
		if (!val)
			goto needs;
		if (str)
			*str = val;
		else if (cli_number("render", o, val, min, max, num))
			return EXIT_USAGE;
		i++;
		continue;
	needs:
		fprintf(stderr, "casegraph render: option %s needs a value\n", o);
		return EXIT_USAGE;
	}
	*argc = w;
	argv[w] = NULL;
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

int cmd_render(int argc, char **argv)
{
	cli_opts o;
	an_opts a;
	render_opts r;
	cg_graph *g = NULL;
	cg_brokers *b = NULL;
	cg_clusters *cl = NULL;
	cg_paths *paths = NULL;
	unsigned char *sel = NULL, *lsel = NULL, *focus = NULL;
	double *betw = NULL, *score = NULL;
	size_t *rank = NULL, *deg = NULL;
	cg_strbuf note = CG_STRBUF_INIT, dotp = CG_STRBUF_INIT, gen = CG_STRBUF_INIT;
	cg_dot_opts dopt = CG_DOT_OPTS_INIT;
	cg_dot_stats st;
	cg_error err;
	char date[11];
	int done = 0, rc;

	memset(&o, 0, sizeof o);
	memset(&a, 0, sizeof a);
	if ((rc = render_parse(&argc, argv, &r)))
		goto out;
	if ((rc = an_start("render", argc, argv, &o, &a, &g, &done)) || done)
		goto out;
	if (r.format && strcmp(r.format, "svg") && strcmp(r.format, "png") &&
	    strcmp(r.format, "pdf")) {
		fprintf(stderr, "casegraph render: -T %s: the formats are svg, png and pdf\n",
		        r.format);
		rc = EXIT_USAGE;
		goto out;
	}
	if (r.format && !r.output) {
		fprintf(stderr, "casegraph render: -T %s needs -o FILE.%s\n", r.format, r.format);
		rc = EXIT_USAGE;
		goto out;
	}
	if (r.layout && strcmp(r.layout, "dot") && strcmp(r.layout, "sfdp")) {
		fprintf(stderr, "casegraph render: --layout %s: dot or sfdp\n", r.layout);
		rc = EXIT_USAGE;
		goto out;
	}
	dopt.group_by = r.group_by ? cg_group_by_from_string(r.group_by) : CG_GROUP_CASE;
	if (dopt.group_by == CG_GROUP_BY_COUNT) {
		fprintf(stderr, "casegraph render: --group-by %s: case, cluster or none\n",
		        r.group_by);
		rc = EXIT_USAGE;
		goto out;
	}
	dopt.size_by = r.size_by ? cg_size_by_from_string(r.size_by) : CG_SIZE_NONE;
	if (dopt.size_by == CG_SIZE_BY_COUNT) {
		fprintf(stderr, "casegraph render: --size-by %s: degree, betweenness or none\n",
		        r.size_by);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = cli_date("render", r.date, date)))
		goto out;

	size_t n = cg_graph_entity_count(g), m = cg_graph_link_count(g);
	sel = calloc(n + 1, 1);
	lsel = calloc(m + 1, 1);
	focus = calloc(n + 1, 1);
	betw = malloc((n + 1) * sizeof *betw);
	rank = calloc(n + 1, sizeof *rank);
	deg = calloc(n + 1, sizeof *deg);
	score = malloc((n + 1) * sizeof *score);
	if (!sel || !lsel || !focus || !betw || !rank || !deg || !score)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		betw[i] = NAN;
	cg_select_filter(g, a.n_types ? a.types : NULL, a.n_types, a.include, a.n_include,
	                 r.n_cases ? r.cases : NULL, r.n_cases, sel);
	cg_select_links_of_cases(g, r.n_cases ? r.cases : NULL, r.n_cases, lsel);
	if (r.n_cases) {
		cg_strbuf_puts(&note, "Cases:");
		for (size_t i = 0; i < r.n_cases; i++)
			cg_strbuf_printf(&note, "%s %s", i ? "," : "", r.cases[i]);
		cg_strbuf_puts(&note, ". ");
	}
	if (a.n_types) {
		cg_strbuf_puts(&note, "Types:");
		for (size_t i = 0; i < a.n_types; i++)
			cg_strbuf_printf(&note, "%s %s", i ? "," : "", a.types[i]);
		cg_strbuf_puts(&note, ". ");
	}
	cg_error_clear(&err);

	/* the focus: an ego network */
	if (r.n_focus) {
		cg_eid seeds[MAX_FOCUS];
		for (size_t i = 0; i < r.n_focus; i++) {
			if ((rc = resolve(g, "--focus", r.focus[i], &seeds[i])))
				goto out;
			focus[seeds[i]] = 1;
		}
		if (cg_select_ego(g, seeds, r.n_focus, (size_t)r.depth, sel, &err))
			goto fail;
		cg_strbuf_puts(&note, "Focus:");
		for (size_t i = 0; i < r.n_focus; i++) {
			cg_strbuf_puts(&note, i ? ", " : " ");
			note_name(g, seeds[i], r.redact, &note);
		}
		cg_strbuf_printf(&note, ", %ld link%s around. ", r.depth, r.depth == 1 ? "" : "s");
	}
	/* a path */
	if (r.path_from) {
		cg_path_opts po = CG_PATH_OPTS_INIT;
		cg_eid from, to;
		if ((rc = resolve(g, "--path", r.path_from, &from)) ||
		    (rc = resolve(g, "--path", r.path_to, &to)))
			goto out;
		view_opts_of(&a, &po.view);
		po.k = a.k > 0 ? (size_t)a.k : 1;
		if (cg_paths_compute(g, from, to, &po, &paths, &err))
			goto fail;
		memset(sel, 0, n);
		memset(lsel, 0, m);
		sel[from] = sel[to] = focus[from] = focus[to] = 1;
		for (size_t i = 0; i < paths->n; i++)
			for (size_t h = 0; h < paths->paths[i].n_hops; h++) {
				const cg_hop *hop = &paths->paths[i].hops[h];
				sel[hop->from] = sel[hop->to] = 1;
			}
		/* every link between consecutive entities of a path */
		for (cg_lid l = 0; l < m; l++) {
			cg_eid s = cg_link_source(g, l), t = cg_link_target(g, l);
			for (size_t i = 0; i < paths->n && !lsel[l]; i++)
				for (size_t h = 0; h < paths->paths[i].n_hops; h++) {
					const cg_hop *hop = &paths->paths[i].hops[h];
					if ((s == hop->from && t == hop->to) ||
					    (s == hop->to && t == hop->from)) {
						lsel[l] = 1;
						break;
					}
				}
		}
		cg_strbuf_puts(&note, "Path from ");
		note_name(g, from, r.redact, &note);
		cg_strbuf_puts(&note, " to ");
		note_name(g, to, r.redact, &note);
		if (!paths->n) {
			cg_strbuf_puts(&note, ": not connected in the view");
			fprintf(stderr,
			        "casegraph render: no path between the two entities in the view\n");
		} else {
			cg_strbuf_printf(&note, ": %zu path%s of %zu hop%s", paths->n,
			                 paths->n == 1 ? "" : "s", paths->paths[0].n_hops,
			                 paths->paths[0].n_hops == 1 ? "" : "s");
		}
		cg_strbuf_puts(&note, ". ");
	}
	/* betweenness, when a measure or the broker marks need it */
	int by_betw = dopt.size_by == CG_SIZE_BETWEENNESS ||
	              (a.top >= 0 && dopt.size_by != CG_SIZE_DEGREE) || r.brokers > 0;
	if (by_betw) {
		cg_broker_opts bo = CG_BROKER_OPTS_INIT;
		view_opts_of(&a, &bo.view);
		bo.top = 0;
		bo.seed = (unsigned long)a.seed;
		bo.samples = (size_t)a.samples;
		bo.exact_limit = (size_t)a.exact_limit;
		if (cg_brokers_compute(g, &bo, &b, &err))
			goto fail;
		for (size_t i = 0; i < b->n; i++) {
			betw[b->rows[i].entity] = b->rows[i].betweenness;
			if (i < (size_t)r.brokers)
				rank[b->rows[i].entity] = i + 1;
		}
		dopt.betweenness = betw;
		dopt.broker_rank = r.brokers > 0 ? rank : NULL;
	}
	/* the top N by the measure */
	if (a.top >= 0) {
		if (dopt.size_by == CG_SIZE_DEGREE) {
			if (cg_select_degrees(g, sel, deg, &err))
				goto fail;
			for (size_t i = 0; i < n; i++)
				score[i] = (double)deg[i];
		} else {
			memcpy(score, betw, n * sizeof *score);
		}
		if (cg_select_top(g, score, (size_t)a.top, sel, &err))
			goto fail;
		cg_strbuf_printf(&note, "Top %ld by %s. ", a.top,
		                 dopt.size_by == CG_SIZE_DEGREE ? "degree" : "betweenness");
	}
	for (size_t i = 0; i < n; i++)
		if (focus[i])
			sel[i] = 1;
	if (dopt.group_by == CG_GROUP_CLUSTER) {
		cg_cluster_opts co = CG_CLUSTER_OPTS_INIT;
		view_opts_of(&a, &co.view);
		co.seed = (unsigned long)a.seed;
		co.resolution = a.resolution;
		if (a.method && (co.method = cg_cluster_method_from_string(a.method)) ==
		                    CG_CLUSTER_METHOD_COUNT) {
			fprintf(stderr, "casegraph render: unknown method '%s' (leiden, louvain)\n",
			        a.method);
			rc = EXIT_USAGE;
			goto out;
		}
		if (cg_clusters_compute(g, &co, &cl, &err))
			goto fail;
		dopt.cluster_of = cl->membership;
	}
	if (cg_strbuf_printf(&gen, "casegraph %s", CG_VERSION))
		goto nomem;
	dopt.title = r.title;
	dopt.date = date;
	dopt.generator = gen.buf;
	dopt.sources = o.inputs;
	dopt.n_sources = o.n_inputs;
	dopt.note = note.len ? note.buf : NULL;
	if (note.len && note.buf[note.len - 1] == ' ')
		note.buf[--note.len] = '\0';
	dopt.select = sel;
	dopt.select_links = lsel;
	dopt.focus = focus;
	dopt.collapse = !r.no_collapse;
	dopt.max_nodes = (size_t)r.max_nodes;
	dopt.redact = r.redact;

	const char *dot_out = r.output;
	if (r.format) {
		if (dot_path_for(r.output, &dotp))
			goto nomem;
		if (strcmp(dotp.buf, r.output) == 0) {
			fprintf(
			    stderr,
			    "casegraph render: -o %s: name the %s image (the DOT goes beside it)\n",
			    r.output, r.format);
			rc = EXIT_USAGE;
			goto out;
		}
		dot_out = dotp.buf;
	}
	if (dot_out && strcmp(dot_out, "-")) {
		if (cg_dot_write_file(g, &dopt, dot_out, &st, &err))
			goto fail;
	} else if (cg_dot_write(g, &dopt, stdout, &st, &err)) {
		goto fail;
	}
	if (!o.quiet) {
		fprintf(stderr, "render: %zu nodes (%zu entities", st.nodes, st.entities);
		if (st.collapsed_groups)
			fprintf(stderr, ", %zu leaves collapsed into %zu nodes",
			        st.collapsed_entities, st.collapsed_groups);
		fprintf(stderr, "), %zu edges for %zu links", st.edges, st.links);
		if (st.groups)
			fprintf(stderr, ", %zu %s boxes", st.groups,
			        cg_group_by_to_string(dopt.group_by));
		fputc('\n', stderr);
	}
	if (st.left_out) {
		cg_strbuf lo = CG_STRBUF_INIT;
		cg_dot_left_out_text(&st, &lo);
		fprintf(stderr,
		        "casegraph render: %s to keep the diagram readable (--max-nodes %ld).\n"
		        "  Focus it: --focus ENTITY --depth 1, --path A B, --top N, --cases A,B, "
		        "--types T1,T2, or raise --max-nodes.\n",
		        cg_strbuf_cstr(&lo), r.max_nodes);
		cg_strbuf_free(&lo);
	}
	if (r.format) {
		const char *layout = r.layout ? r.layout : cg_graphviz_layout(st.nodes);
		if (cg_graphviz_run(layout, r.format, dot_out, r.output, st.nodes,
		                    (double)r.timeout, &err)) {
			char buf[1200];
			cg_error_format(&err, buf, sizeof buf);
			fprintf(stderr,
			        "casegraph render: %s\ncasegraph render: the DOT file is %s\n", buf,
			        dot_out);
			rc = err.code == CG_EINVAL ? EXIT_USAGE : EXIT_FAILURE_;
			goto out;
		}
		if (!o.quiet)
			fprintf(stderr, "render: %s laid out by %s into %s\n", dot_out, layout,
			        r.output);
	}
	rc = EXIT_OK;
	goto out;
nomem:
	fprintf(stderr, "casegraph: out of memory\n");
	rc = EXIT_FAILURE_;
	goto out;
fail:
	rc = cli_fail(&err);
out:
	free(sel);
	free(lsel);
	free(focus);
	free(betw);
	free(rank);
	free(deg);
	free(score);
	free(r.cases_buf);
	cg_strbuf_free(&note);
	cg_strbuf_free(&dotp);
	cg_strbuf_free(&gen);
	cg_brokers_free(b);
	cg_clusters_free(cl);
	cg_paths_free(paths);
	cg_graph_free(g);
	cli_opts_free(&o);
	an_free(&a);
	return rc;
}
