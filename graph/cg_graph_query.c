/* Reading the entity store: lookups by local id, id and identity key, the
 * entity and link accessors, the list iterators, memory use and the names
 * of the entity flags. Part of the entity store: see cg_graph_internal.h. */
#include "cg_graph_internal.h"

#include "cg_types.h"

#include <string.h>

/* The entity whose records carry (c, l), looking at each entity's records
 * (cg_graph_seal dropped the index only when there is one such entity), or
 * with index set, every (case, local id) put in g->local_index. CG_ENOMEM
 * (index set) leaves the index freed. */
static int scan_locals(cg_graph *g, uint32_t c, uint32_t l, int index, cg_eid *out)
{
	*out = CG_NO_ENTITY;
	for (size_t e = 0; e < g->n_ents; e++) {
		uint32_t tail = g->ents[e].prov, r;
		if (!tail)
			continue;
		r = tail;
		do {
			const prov_rec *p;
			r = g->provs[r].next;
			p = &g->provs[r];
			if (!p->local || !g->srcs[p->src].kase)
				continue;
			if (!index) {
				if (p->local == l && g->srcs[p->src].kase == c) {
					*out = (cg_eid)e;
					return 0;
				}
			} else if (cg_map64_put(&g->local_index,
			                        pair(g->srcs[p->src].kase, p->local),
			                        (uint32_t)e)) {
				cg_map64_free(&g->local_index);
				return CG_ENOMEM;
			}
		} while (r != tail);
	}
	if (index)
		g->locals_dropped = 0;
	return 0;
}

int graph_local_get(cg_graph *g, uint32_t c, uint32_t l, cg_eid *out)
{
	uint32_t e;

	if (g->locals_dropped && scan_locals(g, c, l, 1, out)) {
		/* out of memory for the index: every entity's records, still right */
		scan_locals(g, c, l, 0, out);
		return *out != CG_NO_ENTITY;
	}
	if (!cg_map64_get(&g->local_index, pair(c, l), &e))
		return 0;
	*out = e;
	return 1;
}

cg_eid cg_graph_find_local(const cg_graph *g, const char *case_name, const char *local_id)
{
	size_t nl;
	const char *ls = trim_span(local_id, &nl);
	uint32_t c = recent_case_id(g, case_name);
	uint32_t l = cg_strpool_find(g->pool, ls, nl);
	cg_eid e;

	if (!c || !l || !graph_local_get((cg_graph *)g, c, l, &e))
		return CG_NO_ENTITY;
	return e;
}

void cg_graph_prefetch_local(const cg_graph *g, const char *case_name, const char *local_id,
                             int step)
{
	size_t nl;
	const char *ls = trim_span(local_id, &nl);
	uint32_t c, l;

	if (g->sealed) /* its string index may be gone: a lookup would rebuild it */
		return;
	if (step < 2) { /* the case is most often the last one, in the cache */
		cg_strpool_prefetch(g->pool, ls, nl, step);
		return;
	}
	if (!g->locals_dropped && (c = recent_case_id(g, case_name)) &&
	    (l = cg_strpool_find(g->pool, ls, nl)))
		cg_map64_prefetch(&g->local_index, pair(c, l));
}

/* The index of ids again, after cg_graph_seal freed it: each entity's id
 * is its own (ids are unique), so the rebuilt index is the one freed.
 * CG_ENOMEM leaves it freed. */
static int rebuild_ids(cg_graph *g)
{
	for (size_t e = 0; e < g->n_ents; e++)
		if (cg_map64_put(&g->id_index, g->ents[e].id, (uint32_t)e)) {
			cg_map64_free(&g->id_index);
			return CG_ENOMEM;
		}
	g->ids_dropped = 0;
	return 0;
}

cg_eid cg_graph_find_id(const cg_graph *g, const char *id)
{
	uint32_t s = cg_strpool_find(g->pool, id, strlen(id)), e;

	if (!s)
		return CG_NO_ENTITY;
	if (g->ids_dropped && rebuild_ids((cg_graph *)g)) {
		/* out of memory for the index: every entity compared, still right */
		for (size_t i = 0; i < g->n_ents; i++)
			if (g->ents[i].id == s)
				return (cg_eid)i;
		return CG_NO_ENTITY;
	}
	if (!cg_map64_get(&g->id_index, s, &e))
		return CG_NO_ENTITY;
	return e;
}

cg_eid cg_graph_find_key(const cg_graph *g, const char *type, const char *key)
{
	uint32_t t = cg_strpool_find(g->pool, type, strlen(type));
	uint32_t k = cg_strpool_find(g->pool, key, strlen(key)), e;

	if (!t || !k || !cg_map64_get(&g->key_index, pair(t, k), &e))
		return CG_NO_ENTITY;
	return e;
}

size_t cg_graph_entity_count(const cg_graph *g)
{
	return g->n_ents;
}

size_t cg_graph_link_count(const cg_graph *g)
{
	return g->n_links;
}

size_t cg_graph_merge_count(const cg_graph *g)
{
	return g->merges;
}

static size_t map_bytes(const cg_map64 *m)
{
	return m->mask ? (m->mask + 1) * CG_MAP64_SLOT_BYTES : 0;
}

void cg_graph_memory_use(const cg_graph *g, cg_graph_mem *m)
{
	memset(m, 0, sizeof *m);
	m->strings = cg_strpool_bytes(g->pool);
	m->n_strings = cg_strpool_count(g->pool);
	m->entities = g->cap_ents * sizeof *g->ents;
	m->links = g->cap_links * sizeof *g->links + g->cap_money * sizeof *g->money;
	m->cells = g->cap_cells * sizeof *g->cells;
	m->provenance = g->cap_provs * sizeof *g->provs + g->cap_srcs * sizeof *g->srcs +
	                g->cap_spans * sizeof *g->spans + map_bytes(&g->src_index) +
	                map_bytes(&g->span_index);
	m->indexes =
	    map_bytes(&g->key_index) + map_bytes(&g->local_index) + map_bytes(&g->id_index) +
	    map_bytes(&g->link_index) + map_bytes(&g->prov_index) + map_bytes(&g->cell_index) +
	    map_bytes(&g->occurrences) + map_bytes(&g->occurrence_ids) + map_bytes(&g->id_next) +
	    map_bytes(&g->key_tail) + map_bytes(&g->case_index) + map_bytes(&g->case_cursor);
	m->total = m->strings + m->entities + m->links + m->cells + m->provenance + m->indexes;
}

size_t cg_graph_memory(const cg_graph *g)
{
	cg_graph_mem m;

	cg_graph_memory_use(g, &m);
	return sizeof *g + m.total;
}

const char *cg_entity_id(const cg_graph *g, cg_eid e)
{
	return S(g, g->ents[e].id);
}

const char *cg_entity_type_name(const cg_graph *g, cg_eid e)
{
	return S(g, g->ents[e].type);
}

cg_entity_type cg_entity_type_of(const cg_graph *g, cg_eid e)
{
	return (cg_entity_type)g->ents[e].etype;
}

const char *cg_entity_name(const cg_graph *g, cg_eid e)
{
	return S(g, g->ents[e].name);
}

unsigned cg_entity_flags(const cg_graph *g, cg_eid e)
{
	return g->ents[e].flags;
}

/* The first value of property name on the list whose tail is tail. By
 * name alone: a scan (the index holds names with their values), comparing
 * texts, so that reading a sealed graph's properties never needs the string
 * pool's index (cg_graph_seal frees it). Property names are few and short:
 * their texts stay in the cache. */
static const char *prop_of(const cg_graph *g, uint32_t tail, const char *name)
{
	if (!tail)
		return NULL;
	for (uint32_t c = g->cells[tail].next;; c = g->cells[c].next) {
		if (strcmp(S(g, g->cells[c].a), name) == 0)
			return S(g, g->cells[c].b);
		if (c == tail)
			return NULL;
	}
}

const char *cg_entity_prop(const cg_graph *g, cg_eid e, const char *name)
{
	return prop_of(g, g->ents[e].props, name);
}

const char *cg_link_prop(const cg_graph *g, cg_lid l, const char *name)
{
	return prop_of(g, g->links[l].props, name);
}

static cg_iter iter_of(const cg_graph *g, uint32_t tail, int prov)
{
	cg_iter it = {0, 0};

	if (tail) {
		it.head = tail; /* the tail marks the end */
		it.cur = prov ? g->provs[tail].next : g->cells[tail].next;
	}
	return it;
}

cg_iter cg_entity_aliases(const cg_graph *g, cg_eid e)
{
	return iter_of(g, g->ents[e].aliases, 0);
}

cg_iter cg_entity_roles(const cg_graph *g, cg_eid e)
{
	return iter_of(g, g->ents[e].roles, 0);
}

cg_iter cg_entity_keys(const cg_graph *g, cg_eid e)
{
	return iter_of(g, g->ents[e].keys, 0);
}

cg_iter cg_entity_props(const cg_graph *g, cg_eid e)
{
	return iter_of(g, g->ents[e].props, 0);
}

cg_iter cg_entity_provs(const cg_graph *g, cg_eid e)
{
	return iter_of(g, g->ents[e].prov, 1);
}

cg_iter cg_link_props(const cg_graph *g, cg_lid l)
{
	return iter_of(g, g->links[l].props, 0);
}

cg_iter cg_link_provs(const cg_graph *g, cg_lid l)
{
	return iter_of(g, g->links[l].prov, 1);
}

static const cell *iter_cell(const cg_graph *g, cg_iter *it)
{
	const cell *c;

	if (!it->cur)
		return NULL;
	c = &g->cells[it->cur];
	it->cur = it->cur == it->head ? 0 : c->next;
	return c;
}

int cg_iter_next_str(const cg_graph *g, cg_iter *it, const char **value)
{
	const cell *c = iter_cell(g, it);

	if (!c)
		return 0;
	*value = S(g, c->a);
	return 1;
}

int cg_iter_next_prop(const cg_graph *g, cg_iter *it, const char **name, const char **value)
{
	const cell *c = iter_cell(g, it);

	if (!c)
		return 0;
	*name = S(g, c->a);
	*value = S(g, c->b);
	return 1;
}

int cg_iter_next_prov(const cg_graph *g, cg_iter *it, cg_prov *prov)
{
	const prov_rec *p;
	uint32_t cur = it->cur, span;

	if (!cur)
		return 0;
	p = &g->provs[cur];
	it->cur = it->cur == it->head ? 0 : p->next;
	prov->file = S(g, psrc(g, p)->file);
	prov->line = p->line;
	prov->case_name = S(g, psrc(g, p)->kase);
	prov->local_id = p->local ? S(g, p->local) : NULL;
	prov->via = p->via ? S(g, p->via) : NULL;
	prov->flags = psrc(g, p)->flags;
	prov->first_seen = prov->last_seen = NULL;
	if (g->n_spans && cg_map64_get(&g->span_index, cur, &span)) {
		prov->first_seen = g->spans[span][0] ? S(g, g->spans[span][0]) : NULL;
		prov->last_seen = g->spans[span][1] ? S(g, g->spans[span][1]) : NULL;
	}
	return 1;
}

int cg_iter_next_prov_case(const cg_graph *g, cg_iter *it, const char **case_name)
{
	const prov_rec *p;

	do {
		if (!it->cur)
			return 0;
		p = &g->provs[it->cur];
		it->cur = it->cur == it->head ? 0 : p->next;
	} while (psrc(g, p)->flags & CG_PF_REFERENCE);
	*case_name = S(g, psrc(g, p)->kase);
	return 1;
}

const char *cg_link_type_name(const cg_graph *g, cg_lid l)
{
	return S(g, g->links[l].type);
}

cg_link_type cg_link_type_of(const cg_graph *g, cg_lid l)
{
	return (cg_link_type)g->links[l].ltype;
}

cg_eid cg_link_source(const cg_graph *g, cg_lid l)
{
	return g->links[l].src;
}

cg_eid cg_link_target(const cg_graph *g, cg_lid l)
{
	return g->links[l].dst;
}

int cg_link_directed(const cg_graph *g, cg_lid l)
{
	return g->links[l].directed;
}

int cg_link_amount(const cg_graph *g, cg_lid l, int64_t *minor, const char **currency)
{
	const link_money *m;

	if (!g->links[l].money)
		return 0;
	m = &g->money[g->links[l].money - 1];
	*minor = m->amount;
	*currency = S(g, m->currency);
	return 1;
}

static const char *const flag_names[CG_EF_FLAG_COUNT] = {"name_only_merge", "invalid_identifier"};

const char *cg_entity_flag_to_string(unsigned bit)
{
	for (unsigned i = 0; i < CG_EF_FLAG_COUNT; i++)
		if (bit == 1u << i)
			return flag_names[i];
	return NULL;
}

unsigned cg_entity_flag_from_string(const char *s)
{
	int i = cg_name_index(flag_names, CG_EF_FLAG_COUNT, s);
	return i < 0 ? 0 : 1u << i;
}
