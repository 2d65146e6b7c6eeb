/* The DOT writer's first steps (dot_internal.h): what a diagram may show.
 *
 * Selection: the selected entities, the links between them (and in
 * cg_dot_opts.select_links), each entity's cases, role and distinct
 * neighbours. Collapse: leaves of one type hanging off the same node become
 * one node ("14 e-mails"); every other selected entity is a node of its
 * own, ranked in a tier of importance. The cap: when more nodes remain than
 * cg_dot_opts.max_nodes, keeps the most important as one connected picture.
 * Nothing here writes: the writing (dot_write.c) reads the units kept. */
#include "dot_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- selection, degrees, collapse ---- */

/* The role of e drawn: of its roles, the one with a style and the highest
 * precedence; NULL when none has a style. */
static const cg_role_style *best_role(const cg_graph *g, cg_eid e)
{
	const cg_role_style *best = NULL;
	cg_iter it = cg_entity_roles(g, e);
	const char *r;
	while (cg_iter_next_str(g, &it, &r)) {
		const cg_role_style *s = cg_role_style_of(cg_role_from_string(r));
		/* role_styles are ordered by precedence: the lower address wins */
		if (s && (!best || s < best))
			best = s;
	}
	return best;
}

static int pair_cmp(const void *pa, const void *pb)
{
	const edge_key *x = pa, *y = pb;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return x->b < y->b ? -1 : x->b > y->b;
}

/* Step 1 (dot_internal.h). */
int dot_select(dctx *c)
{
	const cg_graph *g = c->g;
	const cg_dot_opts *o = c->o;
	const char *cases[CASES_MAX];

	c->on = calloc(c->n + 1, 1);
	c->lon = calloc(c->m + 1, 1);
	c->deg = calloc(c->n + 1, sizeof *c->deg);
	c->n_cases = calloc(c->n + 1, sizeof *c->n_cases);
	c->one_case = calloc(c->n + 1, sizeof *c->one_case);
	c->role = calloc(c->n + 1, sizeof *c->role);
	c->unit_of = malloc((c->n + 1) * sizeof *c->unit_of);
	if (!c->on || !c->lon || !c->deg || !c->n_cases || !c->one_case || !c->role || !c->unit_of)
		return dot_nomem(c);
	if (o->select)
		memcpy(c->on, o->select, c->n);
	else
		cg_select_filter(g, NULL, 0, NULL, 0, NULL, 0, c->on);
	for (cg_eid e = 0; e < c->n; e++) {
		c->unit_of[e] = SIZE_MAX;
		if (!c->on[e])
			continue;
		c->st.selected++;
		c->n_cases[e] = cg_entity_cases(g, e, cases, CASES_MAX);
		if (c->n_cases[e] == 1)
			c->one_case[e] = cases[0];
		c->role[e] = best_role(g, e);
	}
	for (cg_lid l = 0; l < c->m; l++)
		c->lon[l] = c->on[cg_link_source(g, l)] && c->on[cg_link_target(g, l)] &&
		            (!o->select_links || o->select_links[l]);
	/* distinct neighbours over the links considered */
	if (!o->select_links) {
		cg_error e2;
		if (cg_select_degrees(g, c->on, c->deg, &e2))
			return dot_nomem(c);
	} else {
		edge_key *pairs = malloc((c->m + 1) * sizeof *pairs);
		size_t np = 0;
		if (!pairs)
			return dot_nomem(c);
		for (cg_lid l = 0; l < c->m; l++) {
			cg_eid a = cg_link_source(g, l), b = cg_link_target(g, l);
			if (!c->lon[l] || a == b)
				continue;
			memset(&pairs[np], 0, sizeof pairs[np]);
			pairs[np].a = a < b ? a : b;
			pairs[np++].b = a < b ? b : a;
		}
		qsort(pairs, np, sizeof *pairs, pair_cmp);
		for (size_t i = 0; i < np; i++)
			if (!i || pairs[i].a != pairs[i - 1].a || pairs[i].b != pairs[i - 1].b) {
				c->deg[pairs[i].a]++;
				c->deg[pairs[i].b]++;
			}
		free(pairs);
	}
	return 0;
}

static int leaf_cmp(const void *pa, const void *pb)
{
	const leaf *x = pa, *y = pb;
	int t;
	if (x->anchor != y->anchor)
		return x->anchor < y->anchor ? -1 : 1;
	if (x->type != y->type && (t = strcmp(x->type, y->type)))
		return t;
	return x->e < y->e ? -1 : x->e > y->e;
}

/* The single neighbour of a leaf over the links considered. */
static cg_eid neighbour_of(const dctx *c, cg_eid e, const cg_lid *inc, const size_t *off)
{
	for (size_t k = off[e]; k < off[e + 1]; k++) {
		cg_lid l = inc[k];
		cg_eid a = cg_link_source(c->g, l), b = cg_link_target(c->g, l);
		if (a != b)
			return a == e ? b : a;
	}
	return CG_NO_ENTITY;
}

/* Fills c->leaves with the leaves that may collapse, plain entities with
 * one neighbour over the links considered (no focus, role, broker mark or
 * second case), sorted by anchor, type name and id. Returns 0 or
 * CG_ENOMEM. Cost: O(entities log entities + links). */
static int find_leaves(dctx *c)
{
	const cg_graph *g = c->g;
	size_t *off = calloc(c->n + 2, sizeof *off);
	cg_lid *inc = NULL;
	int rc = 0;

	if (!off)
		return dot_nomem(c);
	/* incidence lists over the links considered: the links of entity e
	 * are inc[off[e] .. off[e + 1]) */
	for (cg_lid l = 0; l < c->m; l++)
		if (c->lon[l]) {
			off[cg_link_source(g, l) + 1]++;
			off[cg_link_target(g, l) + 1]++;
		}
	for (size_t i = 0; i < c->n; i++)
		off[i + 1] += off[i];
	size_t total = off[c->n];
	size_t *fill = malloc((c->n + 1) * sizeof *fill);
	inc = malloc((total + 1) * sizeof *inc);
	if (!fill || !inc) {
		free(fill);
		rc = dot_nomem(c);
		goto out;
	}
	memcpy(fill, off, (c->n + 1) * sizeof *fill);
	for (cg_lid l = 0; l < c->m; l++)
		if (c->lon[l]) {
			inc[fill[cg_link_source(g, l)]++] = l;
			inc[fill[cg_link_target(g, l)]++] = l;
		}
	free(fill);

	for (cg_eid e = 0; e < c->n; e++) {
		if (!c->on[e] || c->deg[e] != 1 || dot_is_focus(c, e) || c->role[e] ||
		    c->n_cases[e] >= 2 || dot_broker_rank(c, e))
			continue;
		cg_eid a = neighbour_of(c, e, inc, off);
		if (a == CG_NO_ENTITY)
			continue;
		c->leaves[c->n_leaves].anchor = a;
		c->leaves[c->n_leaves].type = cg_entity_type_name(g, e);
		c->leaves[c->n_leaves++].e = e;
	}
	qsort(c->leaves, c->n_leaves, sizeof *c->leaves, leaf_cmp);
out:
	free(off);
	free(inc);
	return rc;
}

/* Makes a collapsed unit of every run of c->leaves with one anchor and one
 * type at least cg_dot_opts.collapse_min long (2 at least), from units[0]
 * on, and points unit_of of its members at it. Returns the units made. */
static size_t collapse_leaves(dctx *c)
{
	size_t min = c->o->collapse_min ? c->o->collapse_min : CG_DOT_COLLAPSE_MIN, nu = 0;

	if (min < 2)
		min = 2;
	for (size_t i = 0; i < c->n_leaves;) {
		size_t j = i + 1;
		while (j < c->n_leaves && c->leaves[j].anchor == c->leaves[i].anchor &&
		       strcmp(c->leaves[j].type, c->leaves[i].type) == 0)
			j++;
		if (j - i >= min) {
			unit *u = &c->units[nu];
			memset(u, 0, sizeof *u);
			u->e = c->leaves[i].e;
			u->anchor = c->leaves[i].anchor;
			u->count = j - i;
			u->first = i;
			u->tier = 0;
			u->degree = 1;
			for (size_t k = i; k < j; k++)
				c->unit_of[c->leaves[k].e] = nu;
			nu++;
		}
		i = j;
	}
	return nu;
}

/* The importance tier of a selected entity drawn as a node of its own;
 * the cap keeps higher tiers first: 5 a focus, 4 a facilitator or a
 * marked broker, 3 an entity of several cases, 2 another role drawn,
 * 1 the rest (collapsed nodes are 0). A core entity (cg_dot_opts.core)
 * ranks with the focus. */
static int tier_of(const dctx *c, cg_eid e)
{
	if (dot_is_focus(c, e) || (c->o->core && c->o->core[e]))
		return 5;
	if ((c->role[e] && c->role[e]->role == CG_ROLE_FACILITATOR) || dot_broker_rank(c, e))
		return 4;
	if (c->n_cases[e] >= 2)
		return 3;
	if (c->role[e])
		return 2;
	return 1;
}

/* Step 2 (dot_internal.h). */
int dot_make_units(dctx *c)
{
	size_t nu;
	int rc;

	c->leaves = malloc((c->n + 1) * sizeof *c->leaves);
	c->units = malloc((c->n + 1) * sizeof *c->units);
	if (!c->leaves || !c->units)
		return dot_nomem(c);
	if (c->o->collapse && (rc = find_leaves(c)))
		return rc;
	nu = collapse_leaves(c);
	/* every other drawn entity is a node of its own */
	for (cg_eid e = 0; e < c->n; e++) {
		if (!c->on[e] || c->unit_of[e] != SIZE_MAX)
			continue;
		unit *u = &c->units[nu];
		memset(u, 0, sizeof *u);
		u->e = e;
		u->anchor = CG_NO_ENTITY;
		u->count = 1;
		u->degree = c->deg[e];
		u->tier = tier_of(c, e);
		u->score =
		    c->o->betweenness && !isnan(c->o->betweenness[e]) ? c->o->betweenness[e] : -1;
		c->unit_of[e] = nu++;
	}
	c->n_units = nu;
	return 0;
}

/* ---- the cap ---- */

static int unit_rank_cmp(const void *pa, const void *pb, const unit *units)
{
	const unit *x = &units[*(const size_t *)pa], *y = &units[*(const size_t *)pb];
	if (x->tier != y->tier)
		return x->tier > y->tier ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->degree != y->degree)
		return x->degree > y->degree ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->e < y->e ? -1 : x->e > y->e;
}

/* qsort has no context argument in C11: the units array is passed through
 * this file-scope pointer, set only for the duration of one sort. */
static const unit *sort_units;

static int unit_rank_qsort(const void *a, const void *b)
{
	return unit_rank_cmp(a, b, sort_units);
}

static int size_cmp(const void *pa, const void *pb)
{
	size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
	return x < y ? -1 : x > y;
}

/* A binary min-heap of rank positions: the frontier of the selection. */
typedef struct heap {
	size_t *v;
	size_t n;
} heap;

static void heap_push(heap *h, size_t x)
{
	size_t i = h->n++;
	h->v[i] = x;
	while (i && h->v[(i - 1) / 2] > h->v[i]) {
		size_t t = h->v[i];
		h->v[i] = h->v[(i - 1) / 2];
		h->v[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static size_t heap_pop(heap *h)
{
	size_t top = h->v[0], i = 0;
	h->v[0] = h->v[--h->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && h->v[l] < h->v[m])
			m = l;
		if (r < h->n && h->v[r] < h->v[m])
			m = r;
		if (m == i)
			break;
		size_t t = h->v[i];
		h->v[i] = h->v[m];
		h->v[m] = t;
		i = m;
	}
	return top;
}

/* The adjacency of the units over the links considered: the neighbours of
 * unit u are (*adj)[(*off)[u] .. (*off)[u + 1]), a unit once per link
 * (repeats are harmless to the cap). Both arrays are the caller's to free,
 * also on failure. Returns 0 or CG_ENOMEM. Cost: O(units + links). */
static int unit_adjacency(dctx *c, size_t **off_out, size_t **adj_out)
{
	size_t nu = c->n_units, *off, *adj, *fill;

	if (!(off = *off_out = calloc(nu + 1, sizeof *off)))
		return dot_nomem(c);
	for (cg_lid l = 0; l < c->m; l++) {
		if (!c->lon[l])
			continue;
		size_t a = c->unit_of[cg_link_source(c->g, l)],
		       b = c->unit_of[cg_link_target(c->g, l)];
		if (a != SIZE_MAX && b != SIZE_MAX && a != b) {
			off[a + 1]++;
			off[b + 1]++;
		}
	}
	for (size_t i = 0; i < nu; i++)
		off[i + 1] += off[i];
	if (!(adj = *adj_out = malloc((off[nu] + 1) * sizeof *adj)))
		return dot_nomem(c);
	if (!(fill = malloc((nu + 1) * sizeof *fill)))
		return dot_nomem(c);
	memcpy(fill, off, (nu + 1) * sizeof *fill);
	for (cg_lid l = 0; l < c->m; l++) {
		if (!c->lon[l])
			continue;
		size_t a = c->unit_of[cg_link_source(c->g, l)],
		       b = c->unit_of[cg_link_target(c->g, l)];
		if (a != SIZE_MAX && b != SIZE_MAX && a != b) {
			adj[fill[a]++] = b;
			adj[fill[b]++] = a;
		}
	}
	free(fill);
	return 0;
}

/* Keeps at most max_nodes units, and a connected picture rather than the
 * best-ranked units scattered: repeatedly the best-ranked unit next to what
 * is kept, or a jump to the best-ranked unit anywhere (the focus always; a
 * higher tier, such as a facilitator, while jumps make at most a quarter of
 * the picture; anything when nothing kept has a neighbour left).
 * Cost: O((units + links) log units). */
int dot_apply_cap(dctx *c)
{
	return dot_apply_cap_n(c, c->o->max_nodes);
}

int dot_apply_cap_n(dctx *c, size_t cap)
{
	size_t nu = c->n_units, kept = 0, next = 0, jumps = 0;
	size_t *order = NULL, *pos = NULL, *off = NULL, *adj = NULL;
	heap h = {NULL, 0};
	int rc = 0;

	for (size_t i = 0; i < nu; i++)
		c->units[i].kept = 1;
	if (!cap || nu <= cap)
		return 0;
	order = malloc(nu * sizeof *order);
	pos = malloc(nu * sizeof *pos);
	if (!order || !pos)
		goto nomem;
	for (size_t i = 0; i < nu; i++)
		order[i] = i;
	sort_units = c->units;
	qsort(order, nu, sizeof *order, unit_rank_qsort);
	sort_units = NULL;
	for (size_t i = 0; i < nu; i++) {
		pos[order[i]] = i;
		c->units[i].kept = 0;
	}
	if ((rc = unit_adjacency(c, &off, &adj)))
		goto out;
	if (!(h.v = malloc((off[nu] + nu + 1) * sizeof *h.v)))
		goto nomem;
	while (kept < cap) {
		size_t u = SIZE_MAX;
		while (next < nu && c->units[order[next]].kept)
			next++;
		while (h.n && c->units[order[h.v[0]]].kept)
			heap_pop(&h);
		const unit *best = next < nu ? &c->units[order[next]] : NULL;
		const unit *near = h.n ? &c->units[order[h.v[0]]] : NULL;
		/* a jump away from what is kept: the focus always; a better tier
		 * while jumps make at most a quarter of the picture; else only
		 * when nothing kept has a neighbour left */
		if (best &&
		    (best->tier == 5 || !near || (best->tier > near->tier && jumps < cap / 4))) {
			u = order[next];
			jumps++;
		} else if (near) {
			u = order[heap_pop(&h)];
		}
		if (u == SIZE_MAX)
			break;
		c->units[u].kept = 1;
		kept++;
		for (size_t k = off[u]; k < off[u + 1]; k++)
			if (!c->units[adj[k]].kept)
				heap_push(&h, pos[adj[k]]);
	}
	/* a collapsed group without its anchor goes too */
	for (size_t i = 0; i < nu; i++) {
		unit *u = &c->units[i];
		if (u->kept && u->anchor != CG_NO_ENTITY && !c->units[c->unit_of[u->anchor]].kept)
			u->kept = 0;
	}
	goto out;
nomem:
	rc = dot_nomem(c);
out:
	free(order);
	free(pos);
	free(off);
	free(adj);
	free(h.v);
	return rc;
}

/* ---- counted groups (slide diagrams) ---- */

/* best[u] for every unit not kept: its best-ranked kept neighbour that is
 * an entity of its own, SIZE_MAX when it has none. */
static void best_kept(const dctx *c, const size_t *off, const size_t *adj, size_t *best)
{
	for (size_t u = 0; u < c->n_units; u++) {
		best[u] = SIZE_MAX;
		if (c->units[u].kept)
			continue;
		for (size_t k = off[u]; k < off[u + 1]; k++) {
			size_t v = adj[k];
			if (!c->units[v].kept || c->units[v].anchor != CG_NO_ENTITY)
				continue;
			if (best[u] == SIZE_MAX || unit_rank_cmp(&v, &best[u], c->units) < 0)
				best[u] = v;
		}
	}
}

/* The counted groups: per kept unit, the entities of the left-out units
 * whose best kept neighbour it is (total[k]); returns how many kept units
 * have some. */
static size_t group_totals(const dctx *c, const size_t *best, size_t *total)
{
	size_t n = 0;

	memset(total, 0, c->n_units * sizeof *total);
	for (size_t u = 0; u < c->n_units; u++)
		if (best[u] != SIZE_MAX && !total[best[u]]++)
			n++;
	for (size_t u = 0; u < c->n_units; u++)
		if (best[u] != SIZE_MAX)
			total[best[u]] += c->units[u].count - 1;
	return n;
}

static const size_t *sort_totals;

/* Anchors by their group's entities (most first), then unit index. */
static int anchor_cmp(const void *pa, const void *pb)
{
	size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
	if (sort_totals[x] != sort_totals[y])
		return sort_totals[x] > sort_totals[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Makes at most budget counted groups, the largest, as units appended to
 * c->units, members listed in c->agg_members. Returns 0 or CG_ENOMEM. */
static int make_aggs(dctx *c, const size_t *best, size_t *total, size_t budget)
{
	size_t nu = c->n_units, na = 0, nm = 0;
	size_t *anchors = malloc((nu + 1) * sizeof *anchors);
	unit *grown;
	int rc = 0;

	if (!anchors)
		return dot_nomem(c);
	group_totals(c, best, total);
	for (size_t u = 0; u < nu; u++)
		if (total[u])
			anchors[na++] = u;
	sort_totals = total;
	qsort(anchors, na, sizeof *anchors, anchor_cmp);
	sort_totals = NULL;
	if (na > budget)
		na = budget;
	/* back into unit order: the groups are written in the order of their anchors */
	qsort(anchors, na, sizeof *anchors, size_cmp);
	if (!(grown = realloc(c->units, (nu + na + 1) * sizeof *grown)) ||
	    !(c->agg_members = malloc((nu + 1) * sizeof *c->agg_members))) {
		if (grown)
			c->units = grown;
		rc = dot_nomem(c);
		goto out;
	}
	c->units = grown;
	for (size_t i = 0; i < na; i++) {
		unit *g = &c->units[nu + i];
		memset(g, 0, sizeof *g);
		g->anchor = CG_NO_ENTITY;
		g->agg = anchors[i] + 1;
		g->first = nm;
		g->kept = 1;
		g->group = SIZE_MAX;
		for (size_t u = 0; u < nu; u++) {
			if (best[u] != anchors[i])
				continue;
			if (!g->n_members)
				g->e = c->units[u].anchor != CG_NO_ENTITY
				           ? c->leaves[c->units[u].first].e
				           : c->units[u].e;
			c->agg_members[nm++] = u;
			c->units[u].in_agg = 1;
			g->n_members++;
			g->count += c->units[u].count;
		}
		g->degree = 1;
	}
	c->n_aggs = na;
	c->n_units = nu + na;
out:
	free(anchors);
	return rc;
}

int dot_apply_cap_slide(dctx *c)
{
	size_t max = c->o->max_nodes, nu = c->n_units, reserve, kept = 0;
	size_t *off = NULL, *adj = NULL, *best = NULL, *total = NULL;
	int rc;

	if (!max || nu <= max || max < 4)
		return dot_apply_cap(c);
	reserve = max / 4;
	if ((rc = dot_apply_cap_n(c, max - reserve)) || (rc = unit_adjacency(c, &off, &adj)))
		goto out;
	best = malloc((nu + 1) * sizeof *best);
	total = malloc((nu + 1) * sizeof *total);
	if (!best || !total) {
		rc = dot_nomem(c);
		goto out;
	}
	best_kept(c, off, adj, best);
	size_t want = group_totals(c, best, total);
	if (want < reserve) {
		/* fewer groups than room kept for them: keep more entities */
		if ((rc = dot_apply_cap_n(c, max - want)))
			goto out;
		best_kept(c, off, adj, best);
	}
	for (size_t i = 0; i < nu; i++)
		kept += c->units[i].kept;
	rc = make_aggs(c, best, total, kept < max ? max - kept : 0);
out:
	free(off);
	free(adj);
	free(best);
	free(total);
	return rc;
}

/* After the cap, before the writing (dot_internal.h). */
void dot_count_drawn(dctx *c)
{
	for (size_t i = 0; i < c->n_units; i++) {
		const unit *u = &c->units[i];
		if (u->agg) {
			c->st.nodes++;
			c->st.agg_groups++;
			c->st.agg_entities += u->count;
			continue;
		}
		if (u->in_agg)
			continue; /* drawn as the count of its group */
		if (!u->kept) {
			for (size_t k = 0; k < u->count; k++) {
				cg_eid e =
				    u->anchor != CG_NO_ENTITY ? c->leaves[u->first + k].e : u->e;
				c->st.left_out++;
				c->st.left_out_by_type[cg_entity_type_of(c->g, e)]++;
			}
			continue;
		}
		c->st.nodes++;
		c->st.entities += u->count;
		if (u->anchor != CG_NO_ENTITY) {
			c->st.collapsed_groups++;
			c->st.collapsed_entities += u->count;
		} else if (c->n_cases[u->e] >= 2) {
			c->st.shared++;
		}
	}
}
