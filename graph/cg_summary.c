#include "cg_summary.h"

#include "cg_array.h"
#include "cg_hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Distinct cases of a provenance list: the first max stored in cases, all
 * counted. Beyond max, each record is checked against the ones before it:
 * quadratic, but only for entities present in more than max cases. */
static size_t distinct_cases(const cg_graph *g, cg_iter start, const char **cases, size_t max)
{
	cg_iter it = start;
	const char *kase;
	size_t n = 0, seen_records = 0;

	while (cg_iter_next_prov_case(g, &it, &kase)) {
		size_t i = 0;
		int dup = 0;
		/* strings are interned: equal cases are the same pointer */
		for (i = 0; i < n && i < max; i++)
			if (cases[i] == kase)
				dup = 1;
		if (!dup && n > max) {
			cg_iter before = start;
			const char *q;
			for (size_t k = 0;
			     k < seen_records && cg_iter_next_prov_case(g, &before, &q); k++)
				if (q == kase) {
					dup = 1;
					break;
				}
		}
		seen_records++;
		if (dup)
			continue;
		if (n < max)
			cases[n] = kase;
		n++;
	}
	return n;
}

size_t cg_entity_cases(const cg_graph *g, cg_eid e, const char **cases, size_t max)
{
	return distinct_cases(g, cg_entity_provs(g, e), cases, max);
}

size_t cg_link_cases(const cg_graph *g, cg_lid l, const char **cases, size_t max)
{
	return distinct_cases(g, cg_link_provs(g, l), cases, max);
}

typedef struct counter {
	cg_count *arr;
	size_t n, cap;
	cg_map64 index; /* name pointer -> position in arr */
} counter;

/* Adds to the counter named name (an interned, hence unique, pointer). */
static int bump(counter *c, const char *name, size_t ents, size_t links)
{
	uint32_t i;

	if (cg_map64_get(&c->index, (uint64_t)(uintptr_t)name, &i)) {
		c->arr[i].count += ents;
		c->arr[i].links += links;
		return 0;
	}
	if (CG_ARRAY_GROW(c->arr, c->cap, c->n + 1, 16))
		return CG_ENOMEM;
	c->arr[c->n].name = name;
	c->arr[c->n].count = ents;
	c->arr[c->n].links = links;
	return cg_map64_put(&c->index, (uint64_t)(uintptr_t)name, (uint32_t)c->n++);
}

static int by_count(const void *a, const void *b)
{
	const cg_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const cg_count *)a)->name, ((const cg_count *)b)->name);
}

#define MAX_CASES_PER_ENTITY 4096

int cg_summary_compute(const cg_graph *g, cg_summary **out, cg_error *err)
{
	cg_summary *s = calloc(1, sizeof *s);
	counter et = {0}, lt = {0}, cs = {0};
	const char **cases = malloc(MAX_CASES_PER_ENTITY * sizeof *cases);
	int rc = 0;

	*out = NULL;
	if (!s || !cases) {
		rc = CG_ENOMEM;
		goto out;
	}
	s->entities = cg_graph_entity_count(g);
	s->links = cg_graph_link_count(g);
	for (cg_eid e = 0; e < s->entities && !rc; e++) {
		cg_iter it = cg_entity_provs(g, e);
		const char *kase;
		size_t nrec = 0, nc;
		while (cg_iter_next_prov_case(g, &it, &kase))
			nrec++;
		s->records += nrec;
		s->merged_entities += nrec > 1;
		nc = cg_entity_cases(g, e, cases, MAX_CASES_PER_ENTITY);
		s->cross_case += nc > 1;
		s->name_only += (cg_entity_flags(g, e) & CG_EF_NAME_ONLY) != 0;
		s->invalid_ids += (cg_entity_flags(g, e) & CG_EF_INVALID_ID) != 0;
		rc = bump(&et, cg_entity_type_name(g, e), 1, 0);
		for (size_t i = 0; i < nc && i < MAX_CASES_PER_ENTITY && !rc; i++)
			rc = bump(&cs, cases[i], 1, 0);
	}
	for (cg_lid l = 0; l < s->links && !rc; l++) {
		size_t nc = cg_link_cases(g, l, cases, MAX_CASES_PER_ENTITY);
		rc = bump(&lt, cg_link_type_name(g, l), 1, 0);
		for (size_t i = 0; i < nc && i < MAX_CASES_PER_ENTITY && !rc; i++)
			rc = bump(&cs, cases[i], 0, 1);
	}
	if (rc)
		goto out;
	s->entity_types = et.arr;
	s->n_entity_types = et.n;
	s->link_types = lt.arr;
	s->n_link_types = lt.n;
	s->cases = cs.arr;
	s->n_cases = cs.n;
	et.arr = lt.arr = cs.arr = NULL;
	if (s->n_entity_types)
		qsort(s->entity_types, s->n_entity_types, sizeof *s->entity_types, by_count);
	if (s->n_link_types)
		qsort(s->link_types, s->n_link_types, sizeof *s->link_types, by_count);
	if (s->n_cases)
		qsort(s->cases, s->n_cases, sizeof *s->cases, by_name);
	*out = s;
	s = NULL;
out:
	free(cases);
	free(et.arr);
	free(lt.arr);
	free(cs.arr);
	cg_map64_free(&et.index);
	cg_map64_free(&lt.index);
	cg_map64_free(&cs.index);
	cg_summary_free(s);
	return rc ? cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory") : 0;
}

void cg_summary_free(cg_summary *s)
{
	if (!s)
		return;
	free(s->entity_types);
	free(s->link_types);
	free(s->cases);
	free(s);
}
