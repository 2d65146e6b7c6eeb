/* The automaton of a gazetteer's names and aliases, for the report
 * importer's third layer (names.c), kept by the import session.
 *
 * Building the automaton of a large gazetteer costs far more than reading a
 * report, and every report of a session is searched for the same names: the
 * session keeps the last automaton built, with the gazetteer's address and
 * a fingerprint (counts, memory, a hash of up to GAZ_SAMPLE entities'
 * names), and reuses it while both match (the gazetteer may be a graph that
 * changes between the session's files). A session is used by one thread at
 * a time (it writes into one graph), so the cache needs no lock. */
#include "report_internal.h"

#include "cg_array.h"
#include "cg_normalize.h"
#include "import_internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GAZ_MIN_NAME 4   /* shortest normalised gazetteer name looked for */
#define GAZ_SAMPLE   512 /* entities hashed to recognise a cached gazetteer */

/* What a session keeps (cg_import.gazetteers). */
struct report_gazetteers {
	aho_automaton *ac; /* the automaton of the last gazetteer used, or NULL */
	const cg_graph *g; /* that gazetteer */
	uint64_t fp;       /* its fingerprint when the automaton was built */
};

void report_gazetteers_free(struct report_gazetteers *gz)
{
	if (!gz)
		return;
	aho_free(gz->ac);
	free(gz);
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	return cg_hash_u64(h ^ cg_hash_bytes(s, strlen(s)));
}

/* What tells a gazetteer apart from another, or from itself before a
 * change: its counts and memory, and a hash of the names, ids and aliases
 * of up to GAZ_SAMPLE entities spread over it. Cost: O(GAZ_SAMPLE). */
static uint64_t gaz_fingerprint(const cg_graph *g)
{
	size_t n = cg_graph_entity_count(g), step = n / GAZ_SAMPLE + 1;
	uint64_t h = cg_hash_u64(n) ^ cg_hash_u64(cg_graph_link_count(g) + 1) ^
	             cg_hash_u64(cg_graph_merge_count(g) + 2) ^ cg_hash_u64(cg_graph_memory(g) + 3);

	for (size_t e = 0; e < n; e += step) {
		const char *v;
		cg_iter it = cg_entity_aliases(g, (cg_eid)e);
		h = hash_str(h, cg_entity_id(g, (cg_eid)e));
		h = hash_str(h, cg_entity_name(g, (cg_eid)e));
		while (cg_iter_next_str(g, &it, &v))
			h = hash_str(h, v);
	}
	if (n)
		h = hash_str(h, cg_entity_name(g, (cg_eid)(n - 1)));
	return h;
}

/* Whether entities of this type are looked for by name: identifiers are
 * found by the indicator layer (and merge on their keys), countries by the
 * country automaton. */
static int gaz_type_searched(cg_entity_type t)
{
	switch (t) {
	case CG_ET_EMAIL:
	case CG_ET_PHONE:
	case CG_ET_DOMAIN:
	case CG_ET_IP:
	case CG_ET_URL:
	case CG_ET_WALLET:
	case CG_ET_BANK_ACCOUNT:
	case CG_ET_COUNTRY:
		return 0;
	default:
		return 1;
	}
}

/* A short name written in capitals ("ZINC", "APT38") is a code name: it is
 * matched only where the text writes it in capitals too. */
static uint32_t gaz_flags(const char *name)
{
	size_t n = strlen(name);
	return (n <= 6 && all_caps(name) && !strchr(name, ' ')) ? PAT_UPPER : 0;
}

/* A gazetteer pattern waiting to be inserted. */
typedef struct gpat {
	uint32_t off, len; /* in the collecting buffer */
	uint32_t payload, flags;
} gpat;

typedef struct gcollect {
	cg_strbuf text; /* the normalised patterns, one after the other */
	gpat *p;        /* the patterns, in text */
	size_t n, cap;
	normer m; /* scratch for normalise */
} gcollect;

static const char *gsort_base; /* qsort has no context argument */

static int cmp_gpat(const void *x, const void *y)
{
	const gpat *a = x, *b = y;
	size_t l = a->len < b->len ? a->len : b->len;
	int c = memcmp(gsort_base + a->off, gsort_base + b->off, l);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Keeps name, normalised, as a pattern to insert; a name shorter than
 * min_len bytes normalised, or not UTF-8, is left out. 0 or CG_ENOMEM. */
static int gaz_collect(gcollect *gc, const char *name, uint32_t payload, uint32_t flags,
                       size_t min_len)
{
	int rc = normalise(&gc->m, name, strlen(name), 1);

	if (rc == CG_EPARSE)
		return 0;
	if (rc)
		return rc;
	if (gc->m.out.len < min_len + 2 || gc->m.nt == 0)
		return 0;
	if (CG_ARRAY_GROW(gc->p, gc->cap, gc->n + 1, 1024))
		return CG_ENOMEM;
	if (gc->text.len > UINT32_MAX - gc->m.out.len)
		return CG_ENOMEM;
	gc->p[gc->n].off = (uint32_t)gc->text.len;
	gc->p[gc->n].len = (uint32_t)gc->m.out.len;
	gc->p[gc->n].payload = payload;
	gc->p[gc->n++].flags = flags;
	return cg_strbuf_append(&gc->text, gc->m.out.buf, gc->m.out.len);
}

/* Builds the automaton of a gazetteer's names and aliases. The patterns are
 * sorted first, so that building the trie touches one child per byte.
 * Cost: O(total name bytes x log(names)). */
static int gaz_build(const cg_graph *g, aho_automaton **out)
{
	static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;
	aho_automaton *a = aho_new();
	gcollect gc;
	cg_strbuf co = CG_STRBUF_INIT;
	int rc = a ? 0 : CG_ENOMEM;
	size_t n = cg_graph_entity_count(g);

	memset(&gc, 0, sizeof gc);
	for (size_t e = 0; e < n && !rc; e++) {
		cg_entity_type t = cg_entity_type_of(g, (cg_eid)e);
		const char *name = cg_entity_name(g, (cg_eid)e), *v;
		cg_iter it = cg_entity_aliases(g, (cg_eid)e);
		if (!gaz_type_searched(t))
			continue;
		rc = gaz_collect(&gc, name, (uint32_t)e, gaz_flags(name), GAZ_MIN_NAME);
		while (!rc && cg_iter_next_str(g, &it, &v))
			rc = gaz_collect(&gc, v, (uint32_t)e, gaz_flags(v), GAZ_MIN_NAME);
		if (!rc && t == CG_ET_COMPANY) {
			/* companies are named without their legal form too */
			int r = cg_norm_company(name, strlen(name), &co);
			if (r == CG_ENOMEM)
				rc = r;
			else if (!r && co.len)
				rc = gaz_collect(&gc, co.buf, (uint32_t)e, 0, GAZ_MIN_NAME + 2);
		}
	}
	if (!rc && gc.n) {
		pthread_mutex_lock(&sort_lock);
		gsort_base = gc.text.buf;
		qsort(gc.p, gc.n, sizeof *gc.p, cmp_gpat);
		pthread_mutex_unlock(&sort_lock);
	}
	for (size_t k = 0; k < gc.n && !rc; k++)
		rc = aho_add(a, gc.text.buf + gc.p[k].off, gc.p[k].len, gc.p[k].payload,
		             gc.p[k].flags);
	if (!rc)
		rc = aho_build(a);
	normer_free(&gc.m);
	cg_strbuf_free(&gc.text);
	free(gc.p);
	cg_strbuf_free(&co);
	if (rc) {
		aho_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

/* The session's automaton when it was built for g as g is now, else a new
 * one, which the session keeps instead. */
int gazetteer_automaton(cg_import *imp, const cg_graph *g, const aho_automaton **out)
{
	struct report_gazetteers *gz = imp->gazetteers;
	uint64_t fp = gaz_fingerprint(g);
	aho_automaton *a;
	int rc;

	if (!gz) {
		if (!(gz = calloc(1, sizeof *gz)))
			return CG_ENOMEM;
		imp->gazetteers = gz;
	}
	if (gz->ac && gz->g == g && gz->fp == fp) {
		*out = gz->ac;
		return 0;
	}
	if ((rc = gaz_build(g, &a)))
		return rc;
	aho_free(gz->ac);
	gz->ac = a;
	gz->g = g;
	gz->fp = fp;
	*out = a;
	return 0;
}
