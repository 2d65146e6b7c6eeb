/* casegraph money: totals in and out per entity and per cluster, by
 * currency, over a date range, and the largest flows. */
#include "view.h"

#include "cg_array.h"
#include "cg_parse.h"

#include <stdlib.h>
#include <string.h>

static int add_sum(cg_money_row *row, const char *cur, int64_t amount, int dir)
{
	size_t i;
	for (i = 0; i < row->n_sums; i++)
		if (row->sums[i].currency == cur)
			break;
	if (i == row->n_sums) {
		cg_money_sum *ns = realloc(row->sums, (row->n_sums + 1) * sizeof *ns);
		if (!ns)
			return CG_ENOMEM;
		row->sums = ns;
		memset(&ns[i], 0, sizeof *ns);
		ns[i].currency = cur;
		row->n_sums++;
	}
	cg_money_sum *s = &row->sums[i];
	int64_t *slot = dir < 0 ? &s->out : dir > 0 ? &s->in : &s->internal;
	*slot = cg_add_sat(*slot, amount);
	s->links++;
	return 0;
}

static const cg_graph *sort_graph; /* qsort context (see clusters.c) */

static size_t row_links(const cg_money_row *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_sums; i++)
		n += r->sums[i].links;
	return n;
}

static int cmp_entity_row(const void *a, const void *b)
{
	const cg_money_row *x = a, *y = b;
	size_t lx = row_links(x), ly = row_links(y);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(cg_entity_id(sort_graph, x->entity), cg_entity_id(sort_graph, y->entity));
}

static int cmp_cluster_row(const void *a, const void *b)
{
	const cg_money_row *x = a, *y = b;
	return x->entity < y->entity ? -1 : x->entity > y->entity;
}

static int cmp_sum(const void *a, const void *b)
{
	return strcmp(((const cg_money_sum *)a)->currency, ((const cg_money_sum *)b)->currency);
}

static int cmp_flow(const void *a, const void *b)
{
	cg_lid x = *(const cg_lid *)a, y = *(const cg_lid *)b;
	int64_t ax, ay;
	const char *cx, *cy;
	int c;
	cg_link_amount(sort_graph, x, &ax, &cx);
	cg_link_amount(sort_graph, y, &ay, &cy);
	if ((c = strcmp(cx, cy)))
		return c;
	if (ax != ay)
		return ax > ay ? -1 : 1;
	return x < y ? -1 : x > y;
}

int cg_money_compute(const cg_graph *g, const cg_money_opts *opts, cg_money **out, cg_error *err)
{
	size_t ne = cg_graph_entity_count(g), nl = cg_graph_link_count(g), nflows = 0, cap_rows = 0;
	cg_money *m = calloc(1, sizeof *m);
	uint32_t *row_of = NULL;
	cg_lid *flows = NULL;
	cg_clusters *cl = NULL;
	int rc = 0;

	*out = NULL;
	if (!m)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	if (opts->by_cluster && (rc = cg_clusters_compute(g, &opts->clusters, &cl, err)))
		goto fail;
	row_of = malloc((ne ? ne : 1) * sizeof *row_of);
	flows = malloc((nl ? nl : 1) * sizeof *flows);
	if (!row_of || !flows)
		goto nomem;
	for (size_t e = 0; e < ne; e++)
		row_of[e] = UINT32_MAX;
	if (cl) {
		m->clusters = calloc(cl->n ? cl->n : 1, sizeof *m->clusters);
		if (!m->clusters)
			goto nomem;
		for (size_t k = 0; k < cl->n; k++)
			m->clusters[k].entity = (cg_eid)k;
	}
	for (cg_lid l = 0; l < nl; l++) {
		int64_t amount;
		const char *cur, *date;
		cg_eid ends[2] = {cg_link_source(g, l), cg_link_target(g, l)};
		if (!cg_link_amount(g, l, &amount, &cur))
			continue;
		date = cg_link_prop(g, l, "date");
		if (opts->from_date || opts->to_date) {
			if (!date) {
				m->links_undated++;
				continue;
			}
			if ((opts->from_date && strcmp(date, opts->from_date) < 0) ||
			    (opts->to_date &&
			     strncmp(date, opts->to_date, strlen(opts->to_date)) > 0))
				continue;
		}
		m->links_counted++;
		flows[nflows++] = l;
		for (int k = 0; k < 2; k++) {
			cg_eid e = ends[k];
			if (row_of[e] == UINT32_MAX) {
				if (CG_ARRAY_GROW(m->entities, cap_rows, m->n_entities + 1, 64))
					goto nomem;
				memset(&m->entities[m->n_entities], 0, sizeof *m->entities);
				m->entities[m->n_entities].entity = e;
				row_of[e] = (uint32_t)m->n_entities++;
			}
			if (add_sum(&m->entities[row_of[e]], cur, amount, k == 0 ? -1 : 1))
				goto nomem;
		}
		if (cl) {
			size_t a = cl->membership[ends[0]], b = cl->membership[ends[1]];
			if (a != SIZE_MAX && a == b) {
				if (add_sum(&m->clusters[a], cur, amount, 0))
					goto nomem;
			} else {
				if (a != SIZE_MAX && add_sum(&m->clusters[a], cur, amount, -1))
					goto nomem;
				if (b != SIZE_MAX && add_sum(&m->clusters[b], cur, amount, 1))
					goto nomem;
			}
		}
	}
	sort_graph = g;
	for (size_t i = 0; i < m->n_entities; i++)
		if (m->entities[i].n_sums > 1)
			qsort(m->entities[i].sums, m->entities[i].n_sums,
			      sizeof *m->entities[i].sums, cmp_sum);
	if (m->n_entities)
		qsort(m->entities, m->n_entities, sizeof *m->entities, cmp_entity_row);
	if (cl) {
		/* keep only clusters that moved money */
		size_t k = 0;
		for (size_t i = 0; i < cl->n; i++) {
			if (!m->clusters[i].n_sums)
				continue;
			if (m->clusters[i].n_sums > 1)
				qsort(m->clusters[i].sums, m->clusters[i].n_sums,
				      sizeof *m->clusters[i].sums, cmp_sum);
			m->clusters[k++] = m->clusters[i];
		}
		m->n_clusters = k;
		if (k)
			qsort(m->clusters, k, sizeof *m->clusters, cmp_cluster_row);
	}
	/* the largest `top` flows of each currency */
	if (nflows)
		qsort(flows, nflows, sizeof *flows, cmp_flow);
	{
		size_t kept = 0, run = 0;
		const char *last = NULL;
		for (size_t i = 0; i < nflows; i++) {
			int64_t a;
			const char *c;
			cg_link_amount(g, flows[i], &a, &c);
			run = c == last ? run + 1 : 1;
			last = c;
			if (run <= opts->top)
				flows[kept++] = flows[i];
		}
		m->flows = flows;
		m->n_flows = kept;
		flows = NULL;
	}
	free(row_of);
	cg_clusters_free(cl);
	*out = m;
	return 0;
nomem:
	rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
fail:
	free(row_of);
	free(flows);
	cg_clusters_free(cl);
	cg_money_free(m);
	return rc;
}

void cg_money_free(cg_money *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_entities; i++)
		free(m->entities[i].sums);
	free(m->entities);
	for (size_t i = 0; i < m->n_clusters; i++)
		free(m->clusters[i].sums);
	free(m->clusters);
	free(m->flows);
	free(m);
}
