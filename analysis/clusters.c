/* casegraph clusters: connected components, then Leiden or Louvain
 * communities of the view. */
#include "view.h"

#include "cg_array.h"
#include "cg_parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const method_names[CG_CLUSTER_METHOD_COUNT] = {"leiden", "louvain"};

const char *cg_cluster_method_to_string(cg_cluster_method m)
{
	return (unsigned)m < CG_CLUSTER_METHOD_COUNT ? method_names[m] : NULL;
}

cg_cluster_method cg_cluster_method_from_string(const char *s)
{
	int i = cg_name_index(method_names, CG_CLUSTER_METHOD_COUNT, s);
	return i < 0 ? CG_CLUSTER_METHOD_COUNT : (cg_cluster_method)i;
}

typedef struct cl_order {
	size_t size;
	uint32_t first; /* smallest vertex (vertices are sorted by id) */
	size_t old;
} cl_order;

static int cmp_cl(const void *a, const void *b)
{
	const cl_order *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* Members by degree (descending), then vertex (= id) order. qsort has no
 * context argument: the view is passed in a file-static, like igraph's own
 * global state this code is not thread-safe. */
static const view *sort_view;
static int cmp_member(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	size_t dx = sort_view->off[x + 1] - sort_view->off[x];
	size_t dy = sort_view->off[y + 1] - sort_view->off[y];
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int cmp_count(const void *a, const void *b)
{
	const cg_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Adds one to the counter named name (interned, so compared by pointer). */
static int count_in(cg_count **arr, size_t *n, size_t *cap, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if ((*arr)[i].name == name) {
			(*arr)[i].count++;
			return 0;
		}
	if (CG_ARRAY_GROW(*arr, *cap, *n + 1, 8))
		return CG_ENOMEM;
	(*arr)[*n].name = name;
	(*arr)[*n].count = 1;
	(*arr)[(*n)++].links = 0;
	return 0;
}

static int money_add(cg_money_sum **arr, size_t *n, const char *cur, int64_t amount, int dir)
{
	size_t i;
	for (i = 0; i < *n; i++)
		if ((*arr)[i].currency == cur)
			break;
	if (i == *n) {
		cg_money_sum *na = realloc(*arr, (*n + 1) * sizeof *na);
		if (!na)
			return CG_ENOMEM;
		*arr = na;
		memset(&na[*n], 0, sizeof *na);
		na[*n].currency = cur;
		(*n)++;
	}
	cg_money_sum *s = &(*arr)[i];
	int64_t *slot = dir < 0 ? &s->out : dir > 0 ? &s->in : &s->internal;
	*slot = cg_add_sat(*slot, amount);
	s->links++;
	return 0;
}

static int cmp_money(const void *a, const void *b)
{
	return strcmp(((const cg_money_sum *)a)->currency, ((const cg_money_sum *)b)->currency);
}

/* What the stages of cg_clusters_compute hand on to each other. */
typedef struct cl_work {
	const cg_graph *g;
	const cg_cluster_opts *opts;
	view v;
	uint32_t *memb;    /* vertex -> community, as view_communities numbers them */
	uint32_t *comp;    /* vertex -> component, as view_components numbers them */
	size_t *comp_rank; /* component -> its place by size */
	cl_order *order;   /* communities by size, then first vertex (ncl kept) */
	size_t *renum;     /* community -> cluster, its place in order */
	size_t ncl;        /* clusters: the communities with members */
	cg_clusters *c;    /* the result */
} cl_work;

/* The components and communities of the view into w->comp and w->memb,
 * and the method, iterations and modularity into w->c. Returns 0 or
 * CG_ENOMEM. */
static int cl_partition(cl_work *w)
{
	const cg_cluster_opts *opts = w->opts;
	cg_clusters *c = w->c;
	size_t ncomp, ncomm = 0;
	double q = 0;
	unsigned it = 0;

	c->method = opts->method;
	c->resolution = opts->resolution;
	c->seed = opts->seed;
	c->n_entities = cg_graph_entity_count(w->g);
	if ((ncomp = view_components(&w->v, w->comp)) == SIZE_MAX)
		return CG_ENOMEM;
	if (view_communities(&w->v, opts->method == CG_CLUSTER_LEIDEN, opts->resolution,
	                     (uint64_t)opts->seed, w->memb, &ncomm, &q, &it))
		return CG_ENOMEM;
	c->iterations = it;
	/* reported at resolution 1 whatever the resolution used */
	c->modularity = w->v.m ? view_modularity(&w->v, w->memb, 1.0) : NAN;
	c->n_components = ncomp;
	return 0;
}

/* The components by size, then first vertex: their sizes in that order
 * into w->c, the place of each into w->comp_rank. Returns 0 or CG_ENOMEM. */
static int cl_rank_components(cl_work *w)
{
	cg_clusters *c = w->c;
	size_t ncomp = c->n_components;
	cl_order *corder = calloc(ncomp + 1, sizeof *corder);
	int rc = 0;

	w->comp_rank = malloc((ncomp + 1) * sizeof *w->comp_rank);
	c->component_sizes = malloc((ncomp + 1) * sizeof *c->component_sizes);
	if (!corder || !w->comp_rank || !c->component_sizes) {
		rc = CG_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < ncomp; i++) {
		corder[i].first = UINT32_MAX;
		corder[i].old = i;
	}
	for (size_t x = 0; x < w->v.n; x++) {
		size_t k = w->comp[x];
		corder[k].size++;
		if (corder[k].first == UINT32_MAX)
			corder[k].first = (uint32_t)x;
	}
	qsort(corder, ncomp, sizeof *corder, cmp_cl);
	for (size_t i = 0; i < ncomp; i++) {
		w->comp_rank[corder[i].old] = (size_t)i;
		c->component_sizes[i] = corder[i].size;
	}
out:
	free(corder);
	return rc;
}

/* The communities by size, then first vertex, into w->order; those with
 * members are the clusters (w->ncl), numbered by w->renum. Returns 0 or
 * CG_ENOMEM. */
static int cl_order_clusters(cl_work *w)
{
	const view *v = &w->v;
	size_t ncl = 0;

	for (size_t x = 0; x < v->n; x++)
		if ((size_t)w->memb[x] + 1 > ncl)
			ncl = (size_t)w->memb[x] + 1;
	w->order = calloc(ncl + 1, sizeof *w->order);
	w->renum = malloc((ncl + 1) * sizeof *w->renum);
	if (!w->order || !w->renum)
		return CG_ENOMEM;
	for (size_t k = 0; k < ncl; k++) {
		w->order[k].first = UINT32_MAX;
		w->order[k].old = k;
	}
	for (size_t x = 0; x < v->n; x++) {
		size_t k = (size_t)w->memb[x];
		w->order[k].size++;
		if (w->order[k].first == UINT32_MAX)
			w->order[k].first = (uint32_t)x;
	}
	qsort(w->order, ncl, sizeof *w->order, cmp_cl);
	while (ncl && w->order[ncl - 1].size == 0)
		ncl--;
	for (size_t k = 0; k < ncl; k++)
		w->renum[w->order[k].old] = k;
	w->ncl = ncl;
	return 0;
}

/* Cluster k from its vertices mv: its members by degree then id, its
 * component, its central members, and the counts of its types and cases,
 * most first. Returns 0 or CG_ENOMEM. */
static int cl_fill_cluster(cl_work *w, size_t k, uint32_t *mv)
{
	const cg_graph *g = w->g;
	cg_cluster *cl = &w->c->clusters[k];
	size_t cap_t = 0, cap_c = 0;

	sort_view = &w->v;
	qsort(mv, w->order[k].size, sizeof *mv, cmp_member);
	cl->size = w->order[k].size;
	cl->members = malloc(cl->size * sizeof *cl->members);
	if (!cl->members)
		return CG_ENOMEM;
	cl->component = w->comp_rank[w->comp[mv[0]]];
	cl->n_central = cl->size < w->opts->top ? cl->size : w->opts->top;
	for (size_t i = 0; i < cl->size; i++) {
		cg_eid e = w->v.v2e[mv[i]];
		const char *cases[64];
		size_t nc = cg_entity_cases(g, e, cases, 64);
		cl->members[i] = e;
		if (count_in(&cl->types, &cl->n_types, &cap_t, cg_entity_type_name(g, e)))
			return CG_ENOMEM;
		for (size_t j = 0; j < nc && j < 64; j++)
			if (count_in(&cl->cases, &cl->n_cases, &cap_c, cases[j]))
				return CG_ENOMEM;
	}
	if (cl->n_types)
		qsort(cl->types, cl->n_types, sizeof *cl->types, cmp_count);
	if (cl->n_cases)
		qsort(cl->cases, cl->n_cases, sizeof *cl->cases, cmp_count);
	return 0;
}

/* The clusters of w->c and the cluster of every entity (SIZE_MAX outside
 * the view): the vertices bucketed by cluster, then each cluster filled.
 * Returns 0 or CG_ENOMEM. */
static int cl_fill_clusters(cl_work *w)
{
	const view *v = &w->v;
	cg_clusters *c = w->c;
	size_t ncl = w->ncl, ne = c->n_entities;
	uint32_t *byc = malloc((v->n ? v->n : 1) * sizeof *byc);
	size_t *fill = calloc(ncl + 1, sizeof *fill);
	size_t *start = calloc(ncl + 1, sizeof *start);
	int rc = 0;

	c->clusters = calloc(ncl + 1, sizeof *c->clusters);
	c->membership = malloc((ne ? ne : 1) * sizeof *c->membership);
	if (!c->clusters || !c->membership || !byc || !fill || !start) {
		rc = CG_ENOMEM;
		goto out;
	}
	c->n = ncl; /* once c->clusters exists: cg_clusters_free walks them */
	for (cg_eid e = 0; e < ne; e++)
		c->membership[e] = SIZE_MAX;
	/* bucket the vertices by cluster */
	for (size_t k = 0; k < ncl; k++)
		start[k + 1] = start[k] + w->order[k].size;
	for (size_t x = 0; x < v->n; x++) {
		size_t k = w->renum[w->memb[x]];
		byc[start[k] + fill[k]++] = (uint32_t)x;
		c->membership[v->v2e[x]] = k;
	}
	for (size_t k = 0; k < ncl && !rc; k++)
		rc = cl_fill_cluster(w, k, byc + start[k]);
out:
	free(byc);
	free(fill);
	free(start);
	return rc;
}

/* The money in, out and within each cluster, per currency. Returns 0 or
 * CG_ENOMEM. */
static int cl_money(cl_work *w)
{
	const cg_graph *g = w->g;
	cg_clusters *c = w->c;

	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		int64_t amount;
		const char *cur;
		if (!cg_link_amount(g, l, &amount, &cur))
			continue;
		size_t a = c->membership[cg_link_source(g, l)],
		       b = c->membership[cg_link_target(g, l)];
		if (a != SIZE_MAX && a == b) {
			if (money_add(&c->clusters[a].money, &c->clusters[a].n_money, cur, amount,
			              0))
				return CG_ENOMEM;
			continue;
		}
		if (a != SIZE_MAX &&
		    money_add(&c->clusters[a].money, &c->clusters[a].n_money, cur, amount, -1))
			return CG_ENOMEM;
		if (b != SIZE_MAX &&
		    money_add(&c->clusters[b].money, &c->clusters[b].n_money, cur, amount, 1))
			return CG_ENOMEM;
	}
	for (size_t k = 0; k < c->n; k++)
		if (c->clusters[k].n_money)
			qsort(c->clusters[k].money, c->clusters[k].n_money,
			      sizeof *c->clusters[k].money, cmp_money);
	return 0;
}

int cg_clusters_compute(const cg_graph *g, const cg_cluster_opts *opts, cg_clusters **out,
                        cg_error *err)
{
	cl_work w;
	int rc;

	*out = NULL;
	memset(&w, 0, sizeof w);
	w.g = g;
	w.opts = opts;
	if ((rc = view_build(g, &opts->view, 0, &w.v, err)))
		return rc;
	w.c = calloc(1, sizeof *w.c);
	w.memb = malloc((w.v.n ? w.v.n : 1) * sizeof *w.memb);
	w.comp = malloc((w.v.n ? w.v.n : 1) * sizeof *w.comp);
	if (!w.c || !w.memb || !w.comp || cl_partition(&w) || cl_rank_components(&w) ||
	    cl_order_clusters(&w) || cl_fill_clusters(&w) || cl_money(&w)) {
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	view_take_info(&w.v, &w.c->info);
	*out = w.c;
	w.c = NULL;
out:
	free(w.order);
	free(w.renum);
	free(w.comp_rank);
	free(w.memb);
	free(w.comp);
	view_free(&w.v);
	cg_clusters_free(w.c);
	return rc;
}

void cg_clusters_free(cg_clusters *c)
{
	if (!c)
		return;
	for (size_t k = 0; k < c->n; k++) {
		free(c->clusters[k].members);
		free(c->clusters[k].types);
		free(c->clusters[k].cases);
		free(c->clusters[k].money);
	}
	free(c->clusters);
	free(c->component_sizes);
	free(c->membership);
	cg_view_info_free(&c->info);
	free(c);
}
