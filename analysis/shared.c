/* casegraph shared: entities present in two or more cases, ranked, with the
 * case-by-case overlap table. */
#include "view.h"

#include "cg_array.h"
#include "cg_hash.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const cg_graph *sort_graph; /* qsort context, see clusters.c */

static int cmp_shared(const void *a, const void *b)
{
	const cg_shared_row *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(cg_entity_id(sort_graph, x->entity), cg_entity_id(sort_graph, y->entity));
}

static int cmp_overlap(const void *a, const void *b)
{
	const cg_case_overlap *x = a, *y = b;
	int c;
	if (x->shared != y->shared)
		return x->shared > y->shared ? -1 : 1;
	if ((c = strcmp(x->a, y->a)))
		return c;
	return strcmp(x->b, y->b);
}

static void free_rows(cg_shared_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].cases);
	free(rows);
}

int cg_shared_compute(const cg_graph *g, const cg_shared_opts *opts, cg_shared **out, cg_error *err)
{
	cg_view_opts vo = opts->view;
	size_t ne = cg_graph_entity_count(g), cap_rows = 0, cap_tc = 0, cap_ov = 0, cap_cases = 0;
	cg_shared *s = calloc(1, sizeof *s);
	cg_map64 case_index = CG_MAP64_INIT, pair_index = CG_MAP64_INIT;
	size_t *degree = NULL;
	const char **cases = NULL;
	size_t cases_cap = 64;
	view v;
	int rc, have_view = 0;

	*out = NULL;
	if (!s)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	/* the view decides which entities count (types, exclusions); "too
	 * common" is judged here, so the view keeps them */
	vo.max_cases = 0;
	vo.max_name_cases = 0;
	if ((rc = view_build(g, &vo, 0, &v, err)))
		goto fail;
	have_view = 1;
	degree = calloc(ne ? ne : 1, sizeof *degree);
	cases = malloc(cases_cap * sizeof *cases);
	if (!degree || !cases)
		goto nomem;
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		degree[cg_link_source(g, l)]++;
		degree[cg_link_target(g, l)]++;
	}
	for (size_t x = 0; x < v.n; x++) {
		cg_eid e = v.v2e[x];
		size_t nc = cg_entity_cases(g, e, cases, cases_cap);
		if (nc > cases_cap) {
			if (CG_ARRAY_GROW(cases, cases_cap, nc, 64))
				goto nomem;
			nc = cg_entity_cases(g, e, cases, cases_cap);
		}
		/* every case, with its entity count */
		for (size_t i = 0; i < nc; i++) {
			uint32_t idx;
			uint64_t key = (uint64_t)(uintptr_t)cases[i];
			if (!cg_map64_get(&case_index, key, &idx)) {
				if (CG_ARRAY_GROW(s->cases, cap_cases, s->n_cases + 1, 16))
					goto nomem;
				idx = (uint32_t)s->n_cases++;
				s->cases[idx].name = cases[i];
				s->cases[idx].count = 0;
				s->cases[idx].links = 0;
				if (cg_map64_put(&case_index, key, idx))
					goto nomem;
			}
			s->cases[idx].count++;
		}
		if (nc < opts->min_cases)
			continue;
		int common = view_too_common(g, e, nc, &opts->view);
		cg_shared_row **arr = common ? &s->too_common : &s->rows;
		size_t *n = common ? &s->n_too_common : &s->n;
		size_t *cap = common ? &cap_tc : &cap_rows;
		if (CG_ARRAY_GROW(*arr, *cap, *n + 1, 32))
			goto nomem;
		cg_shared_row *row = &(*arr)[*n];
		memset(row, 0, sizeof *row);
		row->cases = malloc(nc * sizeof *row->cases);
		if (!row->cases)
			goto nomem;
		(*n)++;
		memcpy(row->cases, cases, nc * sizeof *cases);
		qsort(row->cases, nc, sizeof *row->cases, cmp_name);
		row->entity = e;
		row->n_cases = nc;
		row->degree = degree[e];
		/* rarity in (0, 1]: an entity with few links is a more specific
		 * indicator than a hub; the number of cases always dominates */
		row->score = (double)nc + 1.0 / (1.0 + log1p((double)row->degree));
	}
	/* overlap of every pair of cases, from the shared entities */
	for (size_t r = 0; r < s->n; r++) {
		const cg_shared_row *row = &s->rows[r];
		for (size_t i = 0; i < row->n_cases; i++)
			for (size_t j = i + 1; j < row->n_cases; j++) {
				uint32_t a, b, idx;
				cg_map64_get(&case_index, (uint64_t)(uintptr_t)row->cases[i], &a);
				cg_map64_get(&case_index, (uint64_t)(uintptr_t)row->cases[j], &b);
				uint64_t key = (uint64_t)a << 32 | b;
				if (!cg_map64_get(&pair_index, key, &idx)) {
					if (CG_ARRAY_GROW(s->overlaps, cap_ov, s->n_overlaps + 1,
					                  32))
						goto nomem;
					idx = (uint32_t)s->n_overlaps++;
					s->overlaps[idx].a = row->cases[i];
					s->overlaps[idx].b = row->cases[j];
					s->overlaps[idx].shared = 0;
					if (cg_map64_put(&pair_index, key, idx))
						goto nomem;
				}
				s->overlaps[idx].shared++;
			}
	}
	for (size_t i = 0; i < s->n_overlaps; i++) {
		cg_case_overlap *o = &s->overlaps[i];
		uint32_t a, b;
		cg_map64_get(&case_index, (uint64_t)(uintptr_t)o->a, &a);
		cg_map64_get(&case_index, (uint64_t)(uintptr_t)o->b, &b);
		size_t uni = s->cases[a].count + s->cases[b].count - o->shared;
		o->jaccard = uni ? (double)o->shared / (double)uni : 0;
	}
	sort_graph = g;
	if (s->n)
		qsort(s->rows, s->n, sizeof *s->rows, cmp_shared);
	if (s->n_too_common)
		qsort(s->too_common, s->n_too_common, sizeof *s->too_common, cmp_shared);
	if (s->n_overlaps)
		qsort(s->overlaps, s->n_overlaps, sizeof *s->overlaps, cmp_overlap);
	if (s->n_cases)
		qsort(s->cases, s->n_cases, sizeof *s->cases, cmp_name);
	view_take_info(&v, &s->info);
	s->info.max_cases = opts->view.max_cases;
	s->info.max_name_cases = opts->view.max_name_cases;
	view_free(&v);
	free(degree);
	free(cases);
	cg_map64_free(&case_index);
	cg_map64_free(&pair_index);
	*out = s;
	return 0;
nomem:
	rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
fail:
	if (have_view)
		view_free(&v);
	free(degree);
	free(cases);
	cg_map64_free(&case_index);
	cg_map64_free(&pair_index);
	cg_shared_free(s);
	return rc;
}

void cg_shared_free(cg_shared *s)
{
	if (!s)
		return;
	free_rows(s->rows, s->n);
	free_rows(s->too_common, s->n_too_common);
	free(s->cases);
	free(s->overlaps);
	cg_view_info_free(&s->info);
	free(s);
}
