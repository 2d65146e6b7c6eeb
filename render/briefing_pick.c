/* The briefing's diagrams (cg_report_diagram_write): what each kind draws,
 * chosen to fit a slide (at most in->max_nodes nodes, else each kind's
 * default cap): the cases with what connects them, the core of each large
 * cluster, the top broker with its neighbours, the shared entities between
 * their cases, the largest money path, and the timeline. The five top
 * brokers are marked in every diagram. */
#include "briefing_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CLUSTER_CORES 4 /* clusters whose core is drawn */
#define MONEY_PATH    6 /* entities on the money diagram's path */

const char *const brief_diagram_titles[CG_DIAGRAM_COUNT] = {
    "The cases and what connects them",
    "The core of each large cluster",
    "The top facilitator and what it connects",
    "Infrastructure shared between cases",
    "Money flows",
    "Timeline",
};

/* The nodes of each diagram when --max-nodes is not given: at most
 * CG_REPORT_MAX_NODES, fewer where the layout needs the room to read on a
 * 1280x720 slide (tests/test_slides.sh measured on the example): the
 * clusters' boxes take a margin each, and the facilitator's ring is as tall
 * as it is wide. */
static const size_t default_caps[CG_DIAGRAM_COUNT] = {
    [CG_DIAGRAM_CASES] = CG_REPORT_MAX_NODES, [CG_DIAGRAM_CLUSTERS] = 16,
    [CG_DIAGRAM_FACILITATORS] = 12,           [CG_DIAGRAM_SHARED] = CG_REPORT_MAX_NODES,
    [CG_DIAGRAM_MONEY] = CG_REPORT_MAX_NODES, [CG_DIAGRAM_TIMELINE] = 0,
};

/* One diagram of the briefing being chosen: what its kind selects and the
 * drawing options it sets, for cg_report_diagram_write. */
typedef struct pick {
	const cg_graph *g;
	const cg_report_input *in;
	size_t n, m;          /* entities and links of g */
	unsigned char *sel;   /* entities drawn; at first all but the context types */
	unsigned char *lsel;  /* links drawn, or NULL: those between drawn entities */
	unsigned char *focus; /* entities in bold, or NULL */
	unsigned char *core;  /* entities the cap keeps first, or NULL */
	double *betw;         /* per entity: betweenness, NaN when not ranked */
	size_t *rank;         /* per entity: its rank among the marked brokers, or 0 */
	cg_dot_opts o;
	cg_strbuf note; /* what the diagram shows, for its footnote */
	size_t picked;  /* what was chosen: 0 when there is nothing to draw */
	cg_error *err;
} pick;

/* Sets p->err to "out of memory" and returns CG_ENOMEM. */
static int pick_nomem(pick *p)
{
	return cg_error_set(p->err, CG_ENOMEM, NULL, 0, 0, "out of memory");
}

/* Every entity, in its case box. Returns 0 or CG_ENOMEM. */
static int pick_cases(pick *p)
{
	p->picked = 1;
	if (cg_strbuf_puts(&p->note, "Every entity, grouped by case; entities of two or more "
	                             "cases outside the boxes."))
		return pick_nomem(p);
	return 0;
}

/* The core of each large cluster (CLUSTER_CORES at most, 3 members and
 * more), a box each: its central members kept first, the rest counted.
 * Returns 0 or CG_ENOMEM. */
static int pick_clusters(pick *p)
{
	const cg_clusters *cls = p->in->clusters;
	size_t shown = 0,
	       cap = p->in->max_nodes ? p->in->max_nodes : default_caps[CG_DIAGRAM_CLUSTERS];

	if (!cls || !cls->n)
		return 0;
	if (!(p->core = calloc(p->n + 1, 1)))
		return pick_nomem(p);
	memset(p->sel, 0, p->n);
	for (size_t c = 0; c < cls->n && shown < CLUSTER_CORES; c++)
		if (cls->clusters[c].size >= 3 || !shown)
			shown++;
	/* each core takes a share of the nodes, a quarter left for the counts */
	size_t share = (cap - cap / 4) / shown;
	if (!share)
		share = 1;
	for (size_t c = 0, k = 0; c < cls->n && k < shown; c++) {
		const cg_cluster *cl = &cls->clusters[c];
		if (cl->size < 3 && k)
			continue;
		for (size_t i = 0; i < cl->size; i++) {
			p->sel[cl->members[i]] = 1;
			if (i < share)
				p->core[cl->members[i]] = 1;
		}
		k++;
	}
	p->picked = shown;
	p->o.group_by = CG_GROUP_CLUSTER;
	p->o.cluster_of = cls->membership;
	p->o.core = p->core;
	if (cg_strbuf_printf(&p->note,
	                     "The %zu largest of %zu clusters, a box each: the most connected "
	                     "members, the rest counted.",
	                     shown, cls->n))
		return pick_nomem(p);
	return 0;
}

/* The top broker (betweenness above 0), in bold in the middle, and
 * everything linked to it. Returns 0 or a CG_E* code. */
static int pick_facilitators(pick *p)
{
	const cg_brokers *b = p->in->brokers;
	cg_eid seeds[1];
	int rc;

	if (!b || !brief_seeds(b, 1))
		return 0;
	seeds[p->picked++] = b->rows[0].entity;
	if (!(p->focus = calloc(p->n + 1, 1)))
		return pick_nomem(p);
	for (size_t i = 0; i < p->picked; i++)
		p->focus[seeds[i]] = 1;
	if ((rc = cg_select_ego(p->g, seeds, p->picked, 1, p->sel, p->err)))
		return rc;
	p->o.focus = p->focus;
	p->o.group_by = CG_GROUP_NONE;
	p->o.layout = "twopi";
	if (cg_strbuf_puts(&p->note, "The top broker by betweenness (bold, in the middle) and "
	                             "everything linked to it."))
		return pick_nomem(p);
	return 0;
}

/* The association chart of the shared infrastructure: the cases, the
 * entities of two or more cases (the best by cg_shared's score kept
 * first), an edge from each case to each of its entities, the rest
 * counted by the cases they are in. Returns 0 or CG_ENOMEM. */
static int pick_shared(pick *p)
{
	const cg_shared *shared = p->in->shared;
	size_t cap = p->in->max_nodes ? p->in->max_nodes : default_caps[CG_DIAGRAM_SHARED];

	if (!shared || !shared->n)
		return 0;
	if (!(p->core = calloc(p->n + 1, 1)) || !(p->lsel = calloc(p->m + 1, 1)))
		return pick_nomem(p);
	memset(p->sel, 0, p->n);
	for (size_t i = 0; i < shared->n; i++) {
		p->sel[shared->rows[i].entity] = 1;
		if (i < cap / 2)
			p->core[shared->rows[i].entity] = 1;
	}
	p->picked = shared->n;
	p->o.group_by = CG_GROUP_NONE;
	p->o.select_links = p->lsel;
	p->o.core = p->core;
	p->o.assoc = 1;
	p->o.left_to_right = 1;
	if (cg_strbuf_printf(&p->note,
	                     "An association chart: the cases (dark) and the %zu entities of two "
	                     "or more cases, an edge from each case to each entity in it; the "
	                     "rest counted by the cases they are in.",
	                     shared->n))
		return pick_nomem(p);
	return 0;
}

/* The money link in currency cur that extends the path at its end
 * (at_end) or its start: the largest leaving the last entity or entering
 * the first whose other end is not on the path, the first in graph order
 * among equals; CG_NO_LINK when none. */
static cg_lid path_step(const cg_graph *g, size_t m, const char *cur, const cg_eid *path, size_t n,
                        int at_end)
{
	cg_lid best = CG_NO_LINK;
	int64_t best_amt = 0;

	for (cg_lid l = 0; l < m; l++) {
		int64_t amt;
		const char *c;
		if (!cg_link_amount(g, l, &amt, &c) || strcmp(c, cur))
			continue;
		cg_eid a = cg_link_source(g, l), b = cg_link_target(g, l);
		cg_eid here = at_end ? a : b, next = at_end ? b : a;
		if (here != (at_end ? path[n - 1] : path[0]))
			continue;
		size_t k;
		for (k = 0; k < n && path[k] != next; k++)
			;
		if (k == n && (best == CG_NO_LINK || amt > best_amt)) {
			best = l;
			best_amt = amt;
		}
	}
	return best;
}

/* The largest money path, left to right: from the largest flow of the
 * first currency (cg_money.flows), the largest link of that currency
 * leaving its last entity or entering its first is added, in turn, while
 * the path has fewer than MONEY_PATH entities; every money link between
 * them is drawn, parallel payments summed. Returns 0 or CG_ENOMEM. */
static int pick_money(pick *p)
{
	const cg_money *mo = p->in->money;
	cg_eid path[MONEY_PATH];
	size_t n = 0, all = 0;
	const char *cur0 = NULL;
	int64_t amt;

	if (!(p->lsel = calloc(p->m + 1, 1)))
		return pick_nomem(p);
	memset(p->sel, 0, p->n);
	if (mo && mo->n_flows && cg_link_amount(p->g, mo->flows[0], &amt, &cur0)) {
		path[n++] = cg_link_source(p->g, mo->flows[0]);
		if (cg_link_target(p->g, mo->flows[0]) != path[0])
			path[n++] = cg_link_target(p->g, mo->flows[0]);
		for (int at_end = 1, stuck = 0; n < MONEY_PATH && stuck < 2; at_end = !at_end) {
			cg_lid l = path_step(p->g, p->m, cur0, path, n, at_end);
			if (l == CG_NO_LINK) {
				stuck++;
				continue;
			}
			stuck = 0;
			if (at_end) {
				path[n++] = cg_link_target(p->g, l);
			} else {
				memmove(path + 1, path, n * sizeof *path);
				path[0] = cg_link_source(p->g, l);
				n++;
			}
		}
	}
	for (size_t k = 0; k < n; k++)
		p->sel[path[k]] = 1;
	for (cg_lid l = 0; l < p->m; l++) {
		int64_t a;
		const char *cur;
		if (!cg_link_amount(p->g, l, &a, &cur))
			continue;
		all++;
		if (!p->sel[cg_link_source(p->g, l)] || !p->sel[cg_link_target(p->g, l)])
			continue;
		p->lsel[l] = 1;
		p->picked++;
	}
	p->o.group_by = CG_GROUP_NONE;
	p->o.select_links = p->lsel;
	p->o.left_to_right = 1;
	if (cg_strbuf_printf(&p->note,
	                     "The largest money path in %s: %zu entities from the largest flow, "
	                     "each step the largest next payment; %zu of the %zu links that carry "
	                     "money, parallel payments summed per currency.",
	                     cur0 ? cur0 : "no currency", n, p->picked, all))
		return pick_nomem(p);
	return 0;
}

/* What each kind of diagram draws. */
static int (*const pickers[CG_DIAGRAM_COUNT])(pick *p) = {
    [CG_DIAGRAM_CASES] = pick_cases,
    [CG_DIAGRAM_CLUSTERS] = pick_clusters,
    [CG_DIAGRAM_FACILITATORS] = pick_facilitators,
    [CG_DIAGRAM_SHARED] = pick_shared,
    [CG_DIAGRAM_MONEY] = pick_money,
};

/* Writes the DOT of the diagram p chose to path, with its title, date,
 * sources and broker marks, fitted to a slide. Returns 0 or a CG_E* code. */
static int pick_write(pick *p, cg_diagram_kind k, const char *path, cg_report_diagram *d)
{
	const cg_report_input *in = p->in;
	const char **srcs = NULL;
	int rc;

	if (in->n_sources) {
		if (!(srcs = malloc(in->n_sources * sizeof *srcs)))
			return pick_nomem(p);
		for (size_t i = 0; i < in->n_sources; i++)
			srcs[i] = in->sources[i].path;
	}
	p->o.title = brief_diagram_titles[k];
	p->o.date = in->date;
	p->o.generator = in->generator;
	p->o.sources = srcs;
	p->o.n_sources = in->n_sources;
	p->o.note = p->note.buf;
	p->o.select = p->sel;
	p->o.betweenness = p->betw;
	p->o.broker_rank = p->rank;
	p->o.max_nodes = in->max_nodes ? in->max_nodes : default_caps[k];
	p->o.redact = in->redact;
	p->o.slide = 1;
	rc = cg_dot_write_file(p->g, &p->o, path, &d->stats, p->err);
	free(srcs);
	return rc;
}

/* The timeline of the briefing: a lane per case, the first and last sight
 * of the shared entities; empty (no file) when nothing has a date. */
static int timeline_write(const cg_graph *g, const cg_report_input *in, const char *path,
                          cg_report_diagram *d, cg_error *err)
{
	cg_timeline *t = NULL;
	cg_timeline_opts to = {brief_diagram_titles[CG_DIAGRAM_TIMELINE], in->date, in->redact};
	int rc = brief_timeline(g, in, &t, err);

	if (!rc && !t->n)
		d->empty = 1;
	else if (!rc)
		rc = cg_timeline_write_file(g, t, &to, 0, path, err);
	if (!rc)
		d->stats.nodes = t->n; /* the events */
	cg_timeline_free(t);
	return rc;
}

int cg_report_diagram_write(const cg_graph *g, const cg_report_input *in, cg_diagram_kind k,
                            const char *path, cg_report_diagram *d, cg_error *err)
{
	const cg_brokers *b = in->brokers;
	pick p;
	int rc = 0;

	memset(d, 0, sizeof *d);
	if (k == CG_DIAGRAM_TIMELINE)
		return timeline_write(g, in, path, d, err);
	memset(&p, 0, sizeof p);
	p.g = g;
	p.in = in;
	p.err = err;
	p.n = cg_graph_entity_count(g);
	p.m = cg_graph_link_count(g);
	p.o = (cg_dot_opts)CG_DOT_OPTS_INIT;
	p.sel = calloc(p.n + 1, 1);
	p.betw = malloc((p.n + 1) * sizeof *p.betw);
	p.rank = calloc(p.n + 1, sizeof *p.rank);
	if (!p.sel || !p.betw || !p.rank) {
		rc = pick_nomem(&p);
		goto out;
	}
	for (size_t i = 0; i < p.n; i++)
		p.betw[i] = NAN;
	for (size_t i = 0; b && i < b->n; i++) {
		p.betw[b->rows[i].entity] = b->rows[i].betweenness;
		if (i < BRIEF_MARKED_BROKERS)
			p.rank[b->rows[i].entity] = i + 1;
	}
	cg_select_filter(g, NULL, 0, NULL, 0, NULL, 0, p.sel);
	p.o.group_by = CG_GROUP_CASE;
	if ((unsigned)k >= CG_DIAGRAM_COUNT) {
		rc = cg_error_set(err, CG_EINVAL, NULL, 0, 0, "unknown diagram %d", (int)k);
		goto out;
	}
	if ((rc = pickers[k](&p)))
		goto out;
	if (!p.picked)
		d->empty = 1;
	else
		rc = pick_write(&p, k, path, d);
out:
	free(p.sel);
	free(p.lsel);
	free(p.focus);
	free(p.core);
	free(p.betw);
	free(p.rank);
	cg_strbuf_free(&p.note);
	return rc;
}
