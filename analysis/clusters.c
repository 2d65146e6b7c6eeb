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

int cg_clusters_compute(const cg_graph *g, const cg_cluster_opts *opts, cg_clusters **out,
                        cg_error *err)
{
	view v;
	cg_clusters *c = NULL;
	uint32_t *memb = NULL, *comp = NULL;
	size_t ncomp = 0, ncomm = 0;
	int rc;
	size_t ne = cg_graph_entity_count(g), ncl = 0;
	cl_order *order = NULL;
	size_t *renum = NULL, *comp_rank = NULL, *fill = NULL;
	uint32_t *byc = NULL;
	cl_order *corder = NULL;

	*out = NULL;
	if ((rc = view_build(g, &opts->view, 0, &v, err)))
		return rc;
	c = calloc(1, sizeof *c);
	memb = malloc((v.n ? v.n : 1) * sizeof *memb);
	comp = malloc((v.n ? v.n : 1) * sizeof *comp);
	if (!c || !memb || !comp)
		goto nomem;
	c->method = opts->method;
	c->resolution = opts->resolution;
	c->seed = opts->seed;
	c->n_entities = ne;
	if ((ncomp = view_components(&v, comp)) == SIZE_MAX)
		goto nomem;
	{
		double q = 0;
		unsigned it = 0;
		if (view_communities(&v, opts->method == CG_CLUSTER_LEIDEN, opts->resolution,
		                     (uint64_t)opts->seed, memb, &ncomm, &q, &it))
			goto nomem;
		c->iterations = it;
	}
	/* reported at resolution 1 whatever the resolution used */
	c->modularity = v.m ? view_modularity(&v, memb, 1.0) : NAN;
	(void)ncomm;

	/* components by size, then first vertex */
	c->n_components = ncomp;
	corder = calloc(ncomp + 1, sizeof *corder);
	comp_rank = malloc((ncomp + 1) * sizeof *comp_rank);
	c->component_sizes = malloc((ncomp + 1) * sizeof *c->component_sizes);
	if (!corder || !comp_rank || !c->component_sizes)
		goto nomem;
	for (size_t i = 0; i < ncomp; i++) {
		corder[i].first = UINT32_MAX;
		corder[i].old = i;
	}
	for (size_t x = 0; x < v.n; x++) {
		size_t k = comp[x];
		corder[k].size++;
		if (corder[k].first == UINT32_MAX)
			corder[k].first = (uint32_t)x;
	}
	qsort(corder, ncomp, sizeof *corder, cmp_cl);
	for (size_t i = 0; i < ncomp; i++) {
		comp_rank[corder[i].old] = (size_t)i;
		c->component_sizes[i] = corder[i].size;
	}

	/* clusters by size, then first vertex */
	for (size_t x = 0; x < v.n; x++)
		if ((size_t)memb[x] + 1 > ncl)
			ncl = (size_t)memb[x] + 1;
	order = calloc(ncl + 1, sizeof *order);
	renum = malloc((ncl + 1) * sizeof *renum);
	if (!order || !renum)
		goto nomem;
	for (size_t k = 0; k < ncl; k++) {
		order[k].first = UINT32_MAX;
		order[k].old = k;
	}
	for (size_t x = 0; x < v.n; x++) {
		size_t k = (size_t)memb[x];
		order[k].size++;
		if (order[k].first == UINT32_MAX)
			order[k].first = (uint32_t)x;
	}
	qsort(order, ncl, sizeof *order, cmp_cl);
	while (ncl && order[ncl - 1].size == 0)
		ncl--;
	for (size_t k = 0; k < ncl; k++)
		renum[order[k].old] = k;
	c->n = ncl;
	c->clusters = calloc(ncl + 1, sizeof *c->clusters);
	c->membership = malloc((ne ? ne : 1) * sizeof *c->membership);
	byc = malloc((v.n ? v.n : 1) * sizeof *byc);
	fill = calloc(ncl + 1, sizeof *fill);
	if (!c->clusters || !c->membership || !byc || !fill)
		goto nomem;
	for (cg_eid e = 0; e < ne; e++)
		c->membership[e] = SIZE_MAX;
	/* bucket the vertices by cluster */
	{
		size_t *start = calloc(ncl + 1, sizeof *start);
		if (!start)
			goto nomem;
		for (size_t k = 0; k < ncl; k++)
			start[k + 1] = start[k] + order[k].size;
		for (size_t x = 0; x < v.n; x++) {
			size_t k = renum[memb[x]];
			byc[start[k] + fill[k]++] = (uint32_t)x;
			c->membership[v.v2e[x]] = k;
		}
		sort_view = &v;
		for (size_t k = 0; k < ncl; k++) {
			cg_cluster *cl = &c->clusters[k];
			uint32_t *mv = byc + start[k];
			size_t cap_t = 0, cap_c = 0;
			qsort(mv, order[k].size, sizeof *mv, cmp_member);
			cl->size = order[k].size;
			cl->members = malloc(cl->size * sizeof *cl->members);
			if (!cl->members) {
				free(start);
				goto nomem;
			}
			cl->component = comp_rank[comp[mv[0]]];
			cl->n_central = cl->size < opts->top ? cl->size : opts->top;
			for (size_t i = 0; i < cl->size; i++) {
				cg_eid e = v.v2e[mv[i]];
				const char *cases[64];
				size_t nc = cg_entity_cases(g, e, cases, 64);
				cl->members[i] = e;
				if (count_in(&cl->types, &cl->n_types, &cap_t,
				             cg_entity_type_name(g, e))) {
					free(start);
					goto nomem;
				}
				for (size_t j = 0; j < nc && j < 64; j++)
					if (count_in(&cl->cases, &cl->n_cases, &cap_c, cases[j])) {
						free(start);
						goto nomem;
					}
			}
			if (cl->n_types)
				qsort(cl->types, cl->n_types, sizeof *cl->types, cmp_count);
			if (cl->n_cases)
				qsort(cl->cases, cl->n_cases, sizeof *cl->cases, cmp_count);
		}
		free(start);
	}
	/* money in, out and within each cluster */
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
				goto nomem;
			continue;
		}
		if (a != SIZE_MAX &&
		    money_add(&c->clusters[a].money, &c->clusters[a].n_money, cur, amount, -1))
			goto nomem;
		if (b != SIZE_MAX &&
		    money_add(&c->clusters[b].money, &c->clusters[b].n_money, cur, amount, 1))
			goto nomem;
	}
	for (size_t k = 0; k < ncl; k++)
		if (c->clusters[k].n_money)
			qsort(c->clusters[k].money, c->clusters[k].n_money,
			      sizeof *c->clusters[k].money, cmp_money);
	view_take_info(&v, &c->info);
	*out = c;
	c = NULL;
	rc = 0;
	goto done;
nomem:
	rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
done:
	free(order);
	free(renum);
	free(comp_rank);
	free(corder);
	free(byc);
	free(fill);
	free(memb);
	free(comp);
	view_free(&v);
	cg_clusters_free(c);
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
