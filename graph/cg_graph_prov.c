/* The provenance store (cg_graph_internal.h): records of 20 bytes on
 * circular lists, what they share (file, case, flags) numbered once, time
 * spans kept aside, and long lists indexed so that adding stays O(1).
 * Part of the entity store: see cg_graph_internal.h. */
#include "cg_graph_internal.h"

#include "cg_array.h"
#include "cg_mem.h"

/* Provenance lists are unioned: a record already on the list (same file,
 * line, case and local id) is not added again. Short lists are scanned;
 * once a list grows past PROV_SCAN records, all its records are indexed in
 * g->prov_index by a hash of (owner, record), so that a value named by
 * thousands of records (a country, a popular domain) stays O(1) per record
 * instead of O(n). */
#define PROV_SCAN 16

static int same_prov(const cg_graph *g, const prov_rec *a, const prov_in *b)
{
	const prov_src *s = psrc(g, a);

	return s->file == b->file && a->line == b->line && s->kase == b->kase &&
	       a->local == b->local;
}

static uint64_t prov_key(uint64_t owner, uint32_t file, uint32_t line, uint32_t kase,
                         uint32_t local)
{
	return cg_hash_u64(owner ^ cg_hash_u64(pair(file, line)) ^
	                   cg_hash_u64(pair(kase, local) + 0x9e3779b97f4a7c15ULL));
}

/* Finds p among the indexed records of owner: 1 when present. *slot_key is
 * where it would go. */
static int prov_indexed(const cg_graph *g, uint64_t owner, const prov_in *p, uint64_t *slot_key)
{
	uint64_t k = prov_key(owner, p->file, p->line, p->kase, p->local);
	uint32_t c;

	for (;; k++) {
		if (!cg_map64_get(&g->prov_index, k, &c)) {
			*slot_key = k;
			return 0;
		}
		if (same_prov(g, &g->provs[c], p))
			return 1;
	}
}

/* The same for a stored record x: where it goes in the index. */
static uint64_t prov_slot(const cg_graph *g, uint64_t owner, const prov_rec *x)
{
	const prov_src *s = psrc(g, x);
	uint64_t k = prov_key(owner, s->file, x->line, s->kase, x->local);
	uint32_t c;

	while (cg_map64_get(&g->prov_index, k, &c))
		k++;
	return k;
}

/* The number of p's file, case and flags in g->srcs, added when new. */
static int prov_source(cg_graph *g, const prov_in *p, uint32_t *out)
{
	uint64_t k;
	uint32_t c;

	if (g->n_srcs) {
		const prov_src *s = &g->srcs[g->last_src];
		if (s->file == p->file && s->kase == p->kase && s->flags == p->flags) {
			*out = g->last_src;
			return 0;
		}
	}
	k = cg_hash_u64(pair(p->file, p->kase) ^ cg_hash_u64((uint64_t)p->flags + 1));
	for (;; k++) {
		if (!cg_map64_get(&g->src_index, k, &c))
			break;
		if (g->srcs[c].file == p->file && g->srcs[c].kase == p->kase &&
		    g->srcs[c].flags == p->flags) {
			*out = g->last_src = c;
			return 0;
		}
	}
	if (g->n_srcs >= UINT32_MAX - 1)
		return CG_ELIMIT;
	if (CG_ARRAY_GROW(g->srcs, g->cap_srcs, g->n_srcs + 1, 16))
		return CG_ENOMEM;
	c = (uint32_t)g->n_srcs;
	g->srcs[c] = (prov_src){p->file, p->kase, p->flags};
	if (cg_map64_put(&g->src_index, k, c))
		return CG_ENOMEM;
	g->n_srcs++;
	*out = g->last_src = c;
	return 0;
}

/* Keeps the time span of stored record c, when p has one. */
static int prov_span(cg_graph *g, uint32_t c, const prov_in *p)
{
	if (!p->first && !p->last)
		return 0;
	if (g->n_spans >= UINT32_MAX - 1)
		return CG_ELIMIT;
	if (CG_ARRAY_GROW(g->spans, g->cap_spans, g->n_spans + 1, 16))
		return CG_ENOMEM;
	g->spans[g->n_spans][0] = p->first;
	g->spans[g->n_spans][1] = p->last;
	if (cg_map64_put(&g->span_index, c, (uint32_t)g->n_spans))
		return CG_ENOMEM;
	g->n_spans++;
	return 0;
}

int graph_prov_add(cg_graph *g, uint32_t *tail, uint64_t owner, const prov_in *p)
{
	uint32_t c, src;
	size_t len = 0;
	uint64_t slot = 0;
	int rc;

	if (*tail) {
		c = g->provs[*tail].next;
		for (;;) {
			const prov_rec *q = &g->provs[c];
			if (same_prov(g, q, p))
				return 0;
			len++;
			if (c == *tail || len > PROV_SCAN)
				break;
			c = q->next;
		}
	}
	if (len > PROV_SCAN && prov_indexed(g, owner, p, &slot))
		return 0;
	if ((rc = prov_source(g, p, &src)))
		return rc;
	GROW(g->provs, g->n_provs, g->cap_provs);
	if (g->n_provs >= UINT32_MAX - 1)
		return CG_ELIMIT;
	c = (uint32_t)g->n_provs;
	if ((rc = prov_span(g, c, p)))
		return rc;
	g->n_provs++;
	g->provs[c] = (prov_rec){src, p->local, p->via, p->line, 0};
	if (*tail) {
		g->provs[c].next = g->provs[*tail].next;
		g->provs[*tail].next = c;
	} else {
		g->provs[c].next = c;
	}
	*tail = c;
	if (len > PROV_SCAN) {
		if (cg_map64_put(&g->prov_index, slot, c))
			return CG_ENOMEM;
		return owner & 1 ? 0 : graph_case_note(g, (cg_eid)(owner >> 1), &g->provs[c]);
	}
	if (len == PROV_SCAN) {
		/* the list just outgrew scanning: index every record on it (an
		 * entity's also by case, for graph_compatible) */
		uint32_t x = g->provs[c].next;
		for (;;) {
			if (cg_map64_put(&g->prov_index, prov_slot(g, owner, &g->provs[x]), x))
				return CG_ENOMEM;
			if (!(owner & 1) && graph_case_note(g, (cg_eid)(owner >> 1), &g->provs[x]))
				return CG_ENOMEM;
			if (x == c)
				break;
			x = g->provs[x].next;
		}
	}
	return 0;
}
