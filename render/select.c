/* What a diagram shows: entities chosen by type and case, the ego network
 * of some seeds, the top entities by a measure. Selections are byte masks
 * indexed by entity (or link) number, so that they combine with & and |
 * and cost one byte per entity. */
#include "cg_render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s && list[i] && strcasecmp(s, list[i]) == 0)
			return 1;
	return 0;
}

static int entity_in_cases(const cg_graph *g, cg_eid e, const char *const *cases, size_t n)
{
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;
	while (cg_iter_next_prov(g, &it, &p))
		for (size_t i = 0; i < n; i++)
			if (p.case_name && strcmp(p.case_name, cases[i]) == 0)
				return 1;
	return 0;
}

void cg_select_filter(const cg_graph *g, const char *const *types, size_t n_types,
                      const char *const *include, size_t n_include, const char *const *cases,
                      size_t n_cases, unsigned char *sel)
{
	size_t n = cg_graph_entity_count(g);

	for (cg_eid e = 0; e < n; e++) {
		const char *t = cg_entity_type_name(g, e);
		int keep;
		if (types && n_types)
			keep = in_list(t, types, n_types);
		else
			keep = !cg_entity_type_name_is_context(t) || in_list(t, include, n_include);
		if (keep && cases && n_cases)
			keep = entity_in_cases(g, e, cases, n_cases);
		sel[e] = (unsigned char)keep;
	}
}

void cg_select_links_of_cases(const cg_graph *g, const char *const *cases, size_t n_cases,
                              unsigned char *lsel)
{
	size_t n = cg_graph_link_count(g);

	for (cg_lid l = 0; l < n; l++) {
		int keep = !cases || !n_cases;
		cg_iter it = cg_link_provs(g, l);
		cg_prov p;
		while (!keep && cg_iter_next_prov(g, &it, &p))
			for (size_t i = 0; i < n_cases && !keep; i++)
				keep = p.case_name && strcmp(p.case_name, cases[i]) == 0;
		lsel[l] = (unsigned char)keep;
	}
}

/* Undirected adjacency in compressed rows: the neighbours of e are
 * nbr[off[e] .. off[e+1]) (with repeats for parallel links). */
static int adjacency(const cg_graph *g, size_t **off_out, cg_eid **nbr_out)
{
	size_t n = cg_graph_entity_count(g), m = cg_graph_link_count(g);
	size_t *off = calloc(n + 1, sizeof *off), *fill = NULL;
	cg_eid *nbr = malloc((2 * m + 1) * sizeof *nbr);

	if (!off || !nbr)
		goto fail;
	for (cg_lid l = 0; l < m; l++) {
		off[cg_link_source(g, l) + 1]++;
		off[cg_link_target(g, l) + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		off[i + 1] += off[i];
	if (!(fill = malloc((n + 1) * sizeof *fill)))
		goto fail;
	memcpy(fill, off, (n + 1) * sizeof *fill);
	for (cg_lid l = 0; l < m; l++) {
		cg_eid a = cg_link_source(g, l), b = cg_link_target(g, l);
		nbr[fill[a]++] = b;
		nbr[fill[b]++] = a;
	}
	free(fill);
	*off_out = off;
	*nbr_out = nbr;
	return 0;
fail:
	free(off);
	free(nbr);
	return CG_ENOMEM;
}

int cg_select_ego(const cg_graph *g, const cg_eid *seeds, size_t n_seeds, size_t depth,
                  unsigned char *sel, cg_error *err)
{
	size_t n = cg_graph_entity_count(g), *off = NULL, head = 0, tail = 0;
	cg_eid *nbr = NULL, *queue = NULL;
	size_t *dist = NULL;
	int rc = 0;

	if (adjacency(g, &off, &nbr) || !(queue = malloc((n + 1) * sizeof *queue)) ||
	    !(dist = malloc((n + 1) * sizeof *dist))) {
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		dist[i] = SIZE_MAX;
	for (size_t i = 0; i < n_seeds; i++)
		if (seeds[i] < n && dist[seeds[i]] == SIZE_MAX) {
			dist[seeds[i]] = 0;
			queue[tail++] = seeds[i];
		}
	while (head < tail) {
		cg_eid v = queue[head++];
		if (dist[v] >= depth)
			continue;
		for (size_t k = off[v]; k < off[v + 1]; k++) {
			cg_eid w = nbr[k];
			if (dist[w] != SIZE_MAX || !sel[w])
				continue;
			dist[w] = dist[v] + 1;
			queue[tail++] = w;
		}
	}
	for (size_t i = 0; i < n; i++)
		sel[i] = dist[i] != SIZE_MAX;
out:
	free(off);
	free(nbr);
	free(queue);
	free(dist);
	return rc;
}

typedef struct scored {
	double score;
	cg_eid e;
} scored;

static int by_score_desc(const void *a, const void *b)
{
	const scored *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->e < y->e ? -1 : x->e > y->e;
}

int cg_select_top(const cg_graph *g, const double *score, size_t n_top, unsigned char *sel,
                  cg_error *err)
{
	size_t n = cg_graph_entity_count(g), k = 0;
	scored *s = malloc((n + 1) * sizeof *s);

	if (!s)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	for (cg_eid e = 0; e < n; e++)
		if (sel[e]) {
			s[k].score = score && !isnan(score[e]) ? score[e] : -INFINITY;
			s[k++].e = e;
		}
	qsort(s, k, sizeof *s, by_score_desc);
	memset(sel, 0, n);
	for (size_t i = 0; i < k && i < n_top; i++)
		sel[s[i].e] = 1;
	free(s);
	return 0;
}

int cg_select_degrees(const cg_graph *g, const unsigned char *sel, size_t *deg, cg_error *err)
{
	size_t n = cg_graph_entity_count(g), *off = NULL;
	cg_eid *nbr = NULL, *mark = NULL;

	if (adjacency(g, &off, &nbr) || !(mark = malloc((n + 1) * sizeof *mark))) {
		free(off);
		free(nbr);
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		mark[i] = CG_NO_ENTITY;
	for (cg_eid v = 0; v < n; v++) {
		deg[v] = 0;
		if (!sel[v])
			continue;
		for (size_t k = off[v]; k < off[v + 1]; k++) {
			cg_eid w = nbr[k];
			if (w == v || !sel[w] || mark[w] == v)
				continue;
			mark[w] = v;
			deg[v]++;
		}
	}
	free(off);
	free(nbr);
	free(mark);
	return 0;
}
