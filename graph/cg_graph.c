/* The entity store (cg_graph.h): creating and freeing a graph, the cell
 * and provenance lists, property normalisation, and adding entities and
 * links. Identity keys are in cg_graph_keys.c, lookups and accessors in
 * cg_graph_query.c; what they share is in cg_graph_internal.h. */
#include "cg_graph_internal.h"

#include "cg_array.h"
#include "cg_mem.h"
#include "cg_normalize.h"
#include "cg_parse.h"

#include <stdlib.h>
#include <string.h>

#ifdef CG_GRAPH_STEPS
unsigned long long graph_steps;
#endif

cg_graph *cg_graph_new(void)
{
	cg_graph *g = calloc(1, sizeof *g);

	if (!g)
		return NULL;
	g->pool = cg_strpool_new();
	g->cells = cg_mem_zalloc(64 * sizeof *g->cells);
	g->provs = cg_mem_zalloc(64 * sizeof *g->provs);
	if (!g->pool || !g->cells || !g->provs) {
		cg_graph_free(g);
		return NULL;
	}
	g->n_cells = g->n_provs = 1;
	g->cap_cells = g->cap_provs = 64;
	return g;
}

void cg_graph_free(cg_graph *g)
{
	if (!g)
		return;
	cg_strpool_free(g->pool);
	cg_mem_free(g->ents, g->cap_ents * sizeof *g->ents);
	cg_mem_free(g->links, g->cap_links * sizeof *g->links);
	free(g->money);
	cg_mem_free(g->cells, g->cap_cells * sizeof *g->cells);
	cg_mem_free(g->provs, g->cap_provs * sizeof *g->provs);
	free(g->srcs);
	free(g->spans);
	cg_map64_free(&g->src_index);
	cg_map64_free(&g->span_index);
	cg_map64_free(&g->key_index);
	cg_map64_free(&g->local_index);
	cg_map64_free(&g->id_index);
	cg_map64_free(&g->link_index);
	cg_map64_free(&g->occurrences);
	cg_map64_free(&g->occurrence_ids);
	cg_map64_free(&g->prov_index);
	cg_map64_free(&g->cell_index);
	cg_map64_free(&g->id_next);
	cg_map64_free(&g->key_tail);
	cg_map64_free(&g->case_index);
	cg_map64_free(&g->case_cursor);
	cg_strbuf_free(&g->norm);
	cg_strbuf_free(&g->tmp);
	cg_strbuf_free(&g->keybuf);
	cg_strbuf_free(&g->lower);
	cg_strbuf_free(&g->recent_file.raw);
	cg_strbuf_free(&g->recent_case.raw);
	free(g->key_off);
	free(g->pn);
	free(g->pv);
	free(g);
}

/* ---- lists ---- */

/* Appends (a, b) to list *tail, unless unique is set and a is 0 or the
 * list holds a (and b when with_b) already, keeping g->cell_index (cell_find in
 * cg_graph_internal.h): a list that grows past CELL_SCAN cells has all its
 * cells indexed, then each new one. O(1). */
static int cell_put(cg_graph *g, uint32_t *tail, uint32_t a, uint32_t b, int with_b, int unique)
{
	uint32_t head = 0, c;
	size_t len = 0;
	uint64_t slot = 0;

	if (unique && !a)
		return 0; /* the empty string is no value */
	if (*tail) {
		head = c = g->cells[*tail].next;
		for (;;) {
			if (unique && g->cells[c].a == a && (!with_b || g->cells[c].b == b))
				return 0;
			len++;
			if (c == *tail || len > CELL_SCAN)
				break;
			c = g->cells[c].next;
		}
	}
	if (len > CELL_SCAN) {
		/* the free slot for (a, b), past any cell equal to it (a link's
		 * properties may repeat one) */
		if (cell_indexed(g, head, a, b, with_b, &slot)) {
			if (unique)
				return 0;
			while (cg_map64_get(&g->cell_index, slot, &c))
				slot++;
		}
	}
	GROW(g->cells, g->n_cells, g->cap_cells);
	c = (uint32_t)g->n_cells++;
	g->cells[c].a = a;
	g->cells[c].b = b;
	if (*tail) {
		g->cells[c].next = head;
		g->cells[*tail].next = c;
	} else {
		g->cells[c].next = head = c;
	}
	*tail = c;
	if (len > CELL_SCAN)
		return cg_map64_put(&g->cell_index, slot, c);
	if (len == CELL_SCAN) {
		/* the list just outgrew scanning: index every cell on it */
		for (uint32_t x = head;; x = g->cells[x].next) {
			uint64_t k = cell_key(head, g->cells[x].a, with_b ? g->cells[x].b : 0);
			uint32_t other;
			while (cg_map64_get(&g->cell_index, k, &other))
				k++;
			if (cg_map64_put(&g->cell_index, k, x))
				return CG_ENOMEM;
			if (x == c)
				break;
		}
	}
	return 0;
}

/* ---- entities ---- */

static int check_utf8(const char *s, const char *what, cg_error *err)
{
	if (s && !cg_utf8_valid(s, strlen(s)))
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "invalid UTF-8 in %s", what);
	return 0;
}

/* Sets *out to the id "base" in g->tmp, or, when it is taken, base#2,
 * base#3 ..., the first that is free: g->id_next remembers where the
 * search of a base ended (ids are never freed, so every suffix before it
 * stays taken), and the n-th entity of one name costs O(1), not O(n). */
static int unique_id(cg_graph *g, uint32_t *out)
{
	size_t base = g->tmp.len;
	uint32_t found = cg_strpool_find(g->pool, g->tmp.buf, g->tmp.len), taken, n = 2;
	int rc = 0;

	if (found && cg_map64_get(&g->id_index, found, &taken)) {
		cg_map64_get(&g->id_next, found, &n);
		for (;; n++) {
			GRAPH_STEP();
			uint32_t s;
			g->tmp.len = base;
			if ((rc = cg_strbuf_printf(&g->tmp, "#%u", n)))
				return rc;
			s = cg_strpool_find(g->pool, g->tmp.buf, g->tmp.len);
			if (!s || !cg_map64_get(&g->id_index, s, &taken))
				break;
		}
		if (n >= UINT32_MAX - 1)
			return CG_ELIMIT;
		if ((rc = cg_map64_put(&g->id_next, found, n + 1)))
			return rc;
	}
	return cg_strpool_intern(g->pool, g->tmp.buf, g->tmp.len, out);
}

/* The id of a new entity of type (interned) into *idstr: a native id as
 * given, else type:key with "name:" dropped; "#2" ... added when taken, so
 * that ids stay unique (unique_id). */
static int new_entity_id(cg_graph *g, uint32_t type, const char *id, const char *key,
                         uint32_t *idstr)
{
	const char *k = strncmp(key, "name:", 5) == 0 ? key + 5 : key;
	int rc;

	cg_strbuf_reset(&g->tmp);
	rc = id ? cg_strbuf_puts(&g->tmp, id)
	        : (cg_strbuf_puts(&g->tmp, S(g, type)) || cg_strbuf_putc(&g->tmp, ':') ||
	           cg_strbuf_puts(&g->tmp, k));
	return rc ? rc : unique_id(g, idstr);
}

/* A new entity of type (interned) with the id idstr (new_entity_id). */
static int new_entity(cg_graph *g, uint32_t type, cg_entity_type et, uint32_t idstr, cg_eid *out)
{
	entity *e;
	int rc;

	GROW(g->ents, g->n_ents, g->cap_ents);
	if (g->n_ents >= CG_NO_ENTITY - 1)
		return CG_ELIMIT;
	if ((rc = cg_map64_put(&g->id_index, idstr, (uint32_t)g->n_ents)))
		return rc;
	e = &g->ents[g->n_ents];
	memset(e, 0, sizeof *e);
	e->id = idstr;
	e->type = type;
	e->etype = (uint8_t)et;
	*out = (cg_eid)g->n_ents++;
	return 0;
}

/* Registers key (interned) for e: index it, or append e to the chain of
 * entities sharing it, after its last (g->key_tail, else the first). */
static int register_key(cg_graph *g, cg_eid e, uint32_t type, uint32_t key)
{
	uint32_t last, c;
	size_t cells = g->n_cells;
	int rc;

	/* keys lists are indexed by the key alone: b changes */
	if ((rc = cell_put(g, &g->ents[e].keys, key, 0, 0, 1)) || g->n_cells == cells)
		return rc; /* out of memory, or e has the key already */
	if (!cg_map64_get(&g->key_index, pair(type, key), &last))
		return cg_map64_put(&g->key_index, pair(type, key), e);
	cg_map64_get(&g->key_tail, pair(type, key), &last);
	if ((rc = cg_map64_put(&g->key_tail, pair(type, key), e)))
		return rc;
	c = cell_find(g, g->ents[last].keys, key, 0, 0);
	if (c)
		g->cells[c].b = e + 1;
	return 0;
}

/* One entity record on its way into the graph: what each step of
 * cg_graph_add_entity learns about it, for the steps after it. */
typedef struct entity_add {
	const cg_entity_rec *rec; /* the record */
	uint32_t type;            /* interned canonical type name */
	cg_entity_type et;        /* the type as a cg_entity_type */
	uint32_t name;            /* interned trimmed name, else an identifying property's value */
	uint32_t kase;            /* interned case of the first provenance record, trimmed */
	uint32_t local;           /* interned local id of the first provenance record, trimmed */
	size_t np;                /* normalised properties, in g->pn / g->pv */
	size_t nkeys;             /* identity keys, in g->keybuf / g->key_off */
	int invalid;              /* an identifier failed validation: CG_EF_INVALID_ID */
	cg_eid target;            /* the entity it merges into or made, CG_NO_ENTITY until known */
	uint32_t via;             /* what it merged on: a key, "id:<local id>", or 0 */
	int name_only;            /* it merged on a name alone: CG_EF_NAME_ONLY */
} entity_add;

/* Checks the record's provenance, its type (setting a->type and a->et) and
 * that its name, aliases and roles are UTF-8. */
static int check_entity(cg_graph *g, entity_add *a, cg_error *err)
{
	const cg_entity_rec *rec = a->rec;
	int rc, kind;

	if ((rc = graph_check_provs(g, rec->prov, rec->n_prov, err)))
		return rc;
	if ((rc = graph_canonical_type(g, rec->type, "entity", &a->type, &kind, err)))
		return rc;
	a->et = (cg_entity_type)kind;
	if ((rc = check_utf8(rec->name, "name", err)))
		return rc;
	for (size_t i = 0; i < rec->n_aliases; i++)
		if ((rc = check_utf8(rec->aliases[i], "aliases", err)))
			return rc;
	for (size_t i = 0; i < rec->n_roles; i++)
		if ((rc = check_utf8(rec->roles[i], "role", err)))
			return rc;
	return 0;
}

/* Sets a->name: the record's name trimmed, or, when that is empty, the
 * first identifying property (e-mail, phone, IBAN ...) among its
 * normalised properties that has a value. */
static int entity_name(cg_graph *g, entity_add *a)
{
	/* identifier types may carry their value in a property */
	static const char *const value_props[] = {
	    "email",   "phone",  "domain",         "ip",    "url", "iban",
	    "address", "wallet", "account_number", "number"};
	const char *namestr;
	int rc;

	if ((rc = intern_trimmed(g, a->rec->name, &a->name)))
		return rc;
	namestr = S(g, a->name);
	for (size_t i = 0; i < sizeof value_props / sizeof value_props[0] && !*namestr; i++) {
		const char *v = prop_get(g, a->np, value_props[i]);
		if (v && (rc = intern_trimmed(g, v, &a->name)))
			return rc;
		namestr = S(g, a->name);
	}
	return 0;
}

/* Sets the record's identity keys (g->keybuf / g->key_off, a->nkeys) and
 * a->invalid: a native record's own keys and flag as given, else the keys
 * of its type, name and properties (graph_compute_keys). First checks
 * that its id and keys are UTF-8. */
static int entity_keys(cg_graph *g, entity_add *a, cg_error *err)
{
	const cg_entity_rec *rec = a->rec;
	const char *namestr = S(g, a->name);
	int rc;

	if (rec->id && !cg_utf8_valid(rec->id, strlen(rec->id)))
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "invalid UTF-8 in the id");
	for (size_t i = 0; rec->keys && i < rec->n_keys; i++)
		if ((rc = check_utf8(rec->keys[i], "identity key", err)))
			return rc;
	if (rec->keys) {
		cg_strbuf_reset(&g->keybuf);
		for (size_t i = 0; i < rec->n_keys; i++)
			if ((rc = graph_key_push(g, &a->nkeys, "", rec->keys[i])))
				return rc;
		a->invalid = (rec->flags & CG_EF_INVALID_ID) != 0;
		return 0;
	}
	if (!*namestr)
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "empty name");
	return graph_compute_keys(g, a->et, namestr, a->np, &a->nkeys, &a->invalid, err);
}

/* Resolving, step 1: a native record's id names its entity when that
 * entity, outside the record's saved graph, also shares one of its keys:
 * ids of graphs written apart ("person:kim#2") may name different
 * people. */
static void match_id(const cg_graph *g, entity_add *a)
{
	const cg_entity_rec *rec = a->rec;
	uint32_t s;
	cg_eid found;
	int shared = 0;

	if (!rec->id || !(s = cg_strpool_find(g->pool, rec->id, strlen(rec->id))) ||
	    !cg_map64_get(&g->id_index, s, &found) || found >= rec->restore_floor)
		return;
	for (size_t i = 0; i < a->nkeys && !shared && g->ents[found].type == a->type; i++) {
		uint32_t k = cg_strpool_find(g->pool, key_at(g, i), strlen(key_at(g, i)));
		shared = k && cell_find(g, g->ents[found].keys, k, 0, 0);
	}
	if (shared)
		a->target = found;
}

/* Resolving, step 2 (when step 1 found nothing): the local id within the
 * case names its entity, unless that entity came from the record's saved
 * graph (there it was a different entity); a->via becomes "id:<local id>".
 * CG_EPARSE when the case gave that id to an entity of another type. */
static int match_local(cg_graph *g, entity_add *a, cg_error *err)
{
	cg_eid found;

	if (a->target != CG_NO_ENTITY || !a->kase || !a->local ||
	    !graph_local_get(g, a->kase, a->local, &found) || found >= a->rec->restore_floor)
		return 0;
	a->target = found;
	if (g->ents[found].type != a->type)
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
		                    "id '%s' is already a %s in case '%s'", S(g, a->local),
		                    S(g, g->ents[found].type), S(g, a->kase));
	cg_strbuf_reset(&g->tmp);
	if (cg_strbuf_printf(&g->tmp, "id:%s", S(g, a->local)) ||
	    cg_strpool_intern(g->pool, g->tmp.buf, g->tmp.len, &a->via))
		return CG_ENOMEM;
	return 0;
}

/* The entity after cur on the chain of key, or CG_NO_ENTITY. */
static cg_eid chain_next(const cg_graph *g, cg_eid cur, uint32_t key)
{
	uint32_t c = cell_find(g, g->ents[cur].keys, key, 0, 0);

	return c && g->cells[c].b ? g->cells[c].b - 1 : CG_NO_ENTITY;
}

/* Where the walk of a person's name chain may start for a record of case
 * a->kase with local id a->local that no entity has yet: past the chain's
 * prefix of entities the case knows by local ids (all other than the
 * record's, so all incompatible with it), which g->case_cursor remembers
 * per name and case and this walk extends. Every entity of one case with
 * one name is then passed over once, not once per record. *cur, the
 * chain's first entity, becomes the entity to start at (CG_NO_ENTITY:
 * none left). 0 or CG_ENOMEM. */
static int skip_known(cg_graph *g, const entity_add *a, uint32_t key, cg_eid *cur)
{
	uint64_t cursor = pair(key, a->kase);
	uint32_t last, state;
	cg_eid holder;
	int other;

	/* with the record's local id taken, the entities holding it may not
	 * be skipped */
	if (g->sealed || a->et != CG_ET_PERSON || !a->kase || !a->local ||
	    graph_local_get(g, a->kase, a->local, &holder))
		return 0; /* sealed: the cursors are gone, and skipping only saves time */
	if (cg_map64_get(&g->case_cursor, cursor, &last))
		*cur = chain_next(g, last, key);
	for (; *cur != CG_NO_ENTITY; *cur = chain_next(g, *cur, key)) {
		GRAPH_STEP();
		state = graph_case_state(g, *cur, a->kase, &other);
		if (state == CASE_NONE || state == 0)
			break; /* the case knows it by no local id */
		if (cg_map64_put(&g->case_cursor, cursor, *cur))
			return CG_ENOMEM;
	}
	return 0;
}

/* Resolving, step 3 (when steps 1 and 2 found nothing): the identity keys,
 * strongest first. A key names the first entity of the record's type that
 * holds it, is outside the record's saved graph and, for a weak key, is
 * compatible with the record (graph_compatible); a->via becomes the key.
 * A person's name key starts past the entities skip_known passes over.
 * 0 or CG_ENOMEM. */
static int match_keys(cg_graph *g, entity_add *a)
{
	/* an id the importer made tells no entities apart, but a person's */
	uint32_t rule_local =
	    (a->rec->prov[0].flags & CG_PF_MADE_ID) && a->et != CG_ET_PERSON ? 0 : a->local;

	for (size_t i = 0; i < a->nkeys && a->target == CG_NO_ENTITY; i++) {
		uint32_t key = cg_strpool_find(g->pool, key_at(g, i), strlen(key_at(g, i))), cur;
		int weak = key_is_weak(key_at(g, i)), rc;
		if (!key || !cg_map64_get(&g->key_index, pair(a->type, key), &cur))
			continue;
		if (weak && (rc = skip_known(g, a, key, &cur)))
			return rc;
		while (cur != CG_NO_ENTITY) {
			GRAPH_STEP();
			if (cur < a->rec->restore_floor &&
			    (!weak || graph_compatible(g, cur, a->et, a->np, a->kase, rule_local,
			                               &a->name_only)) &&
			    (!g->judge.may_merge ||
			     g->judge.may_merge(g->judge.ctx, g, a->rec, cur))) {
				a->target = cur;
				a->via = key;
				break;
			}
			cur = chain_next(g, cur, key);
		}
	}
	return 0;
}

/* The analyst's judgements (cg_graph_set_judge): the entity the record is
 * judged the same as becomes its target, with a->via saying where it was
 * judged; id is NULL before resolving, else the id a new entity would
 * get. An entity of another type is not merged into. 0 or CG_ENOMEM. */
static int judged_same(cg_graph *g, entity_add *a, const char *id)
{
	const char *why = NULL;
	cg_eid e;

	if (!g->judge.same)
		return 0;
	e = g->judge.same(g->judge.ctx, g, a->rec, id, &why);
	if (e >= g->n_ents || g->ents[e].type != a->type)
		return 0;
	a->target = e;
	a->name_only = 0;
	return intern(g, why ? why : "judged", &a->via);
}

/* Creates the record's entity when resolving found none, named after the
 * record and made by no merge, else counts the merge; *how (may be NULL)
 * says which. */
static int create_or_merge(cg_graph *g, entity_add *a, cg_add_result *how)
{
	uint32_t idstr = 0;
	int rc;

	if (a->target == CG_NO_ENTITY) {
		if ((rc = new_entity_id(g, a->type, a->rec->id, key_at(g, 0), &idstr)) ||
		    (rc = judged_same(g, a, S(g, idstr))))
			return rc;
	}
	if (a->target == CG_NO_ENTITY) {
		if ((rc = new_entity(g, a->type, a->et, idstr, &a->target)))
			return rc;
		g->ents[a->target].name = a->name;
		if (how)
			*how = CG_ADD_CREATED;
		a->via = 0;
		a->name_only = 0;
	} else {
		g->merges++;
		if (how)
			*how = CG_ADD_MERGED;
	}
	return 0;
}

/* Unions the record's name, flags, aliases and roles into its entity: a
 * name other than the entity's becomes an alias, roles are lower-cased. */
static int merge_names(cg_graph *g, const entity_add *a)
{
	const cg_entity_rec *rec = a->rec;
	entity *e = &g->ents[a->target];
	int rc;

	if (!e->name)
		e->name = a->name;
	else if (a->name && a->name != e->name && (rc = cell_put(g, &e->aliases, a->name, 0, 1, 1)))
		return rc;
	e->flags |= (uint16_t)(rec->flags | (a->invalid ? CG_EF_INVALID_ID : 0) |
	                       (a->name_only ? CG_EF_NAME_ONLY : 0));
	for (size_t i = 0; i < rec->n_aliases; i++) {
		uint32_t al;
		if ((rc = intern_trimmed(g, rec->aliases[i], &al)))
			return rc;
		if (al && al != g->ents[a->target].name &&
		    (rc = cell_put(g, &g->ents[a->target].aliases, al, 0, 1, 1)))
			return rc;
	}
	for (size_t i = 0; i < rec->n_roles; i++) {
		uint32_t r;
		const char *lr = graph_lower_name(g, rec->roles[i]);
		if (!lr)
			return CG_ENOMEM;
		if ((rc = intern(g, lr, &r)) ||
		    (rc = cell_put(g, &g->ents[a->target].roles, r, 0, 1, 1)))
			return rc;
	}
	return 0;
}

/* Unions the record's normalised properties and identity keys into its
 * entity, and indexes the keys (register_key). */
static int merge_facts(cg_graph *g, const entity_add *a)
{
	int rc;

	for (size_t i = 0; i < a->np; i++)
		if ((rc = cell_put(g, &g->ents[a->target].props, g->pn[i], g->pv[i], 1, 1)))
			return rc;
	for (size_t i = 0; i < a->nkeys; i++) {
		uint32_t key;
		if ((rc = intern(g, key_at(g, i), &key)) ||
		    (rc = register_key(g, a->target, a->type, key)))
			return rc;
	}
	return 0;
}

/* Unions the record's provenance into its entity's, and indexes each
 * record's case-local id. A provenance record that does not say what it
 * merged on (the native reader's do) gets a->via and the name-only flag. */
static int merge_provs(cg_graph *g, const entity_add *a)
{
	const cg_entity_rec *rec = a->rec;
	cg_eid target = a->target;
	int rc;

	for (size_t i = 0; i < rec->n_prov; i++) {
		const cg_prov *p = &rec->prov[i];
		prov_in pr = {0};
		if ((rc = graph_intern_recent(g, &g->recent_file, p->file, 0, &pr.file)) ||
		    (rc = graph_intern_recent(g, &g->recent_case, p->case_name, 1, &pr.kase)) ||
		    (rc = intern_trimmed(g, p->local_id, &pr.local)))
			return rc;
		pr.line = (uint32_t)p->line;
		if ((rc = graph_record_span(g, p, a->np, &pr)))
			return rc;
		if (p->via && *p->via) {
			if ((rc = intern(g, p->via, &pr.via)))
				return rc;
			pr.flags = p->flags;
		} else {
			pr.via = a->via;
			pr.flags = p->flags | (a->name_only ? CG_PF_NAME_ONLY : 0);
		}
		if ((rc = graph_prov_add(g, &g->ents[target].prov, (uint64_t)target << 1, &pr)))
			return rc;
		if (pr.kase && pr.local) {
			uint32_t was;
			if ((rc = cg_map64_swap(&g->local_index, pair(pr.kase, pr.local), target,
			                        &was)))
				return rc;
			if (was != UINT32_MAX && was != target)
				g->locals_moved = 1; /* a judgement moved it (cg_graph_seal) */
		}
	}
	return 0;
}

/* A record checked and normalised, its case, local id and identity keys
 * set in a, before it is resolved. Only the string pool changes. */
static int prepare_record(cg_graph *g, entity_add *a, cg_error *err)
{
	const cg_entity_rec *rec = a->rec;
	int rc;

	if ((rc = check_entity(g, a, err)) ||
	    (rc = graph_norm_props(g, rec->props, rec->n_props, &a->np, err)) ||
	    (rc = entity_name(g, a)) ||
	    (rc = graph_intern_recent(g, &g->recent_case, rec->prov[0].case_name, 1, &a->kase)) ||
	    (rc = intern_trimmed(g, rec->prov[0].local_id, &a->local)))
		return rc;
	return entity_keys(g, a, err);
}

/* The record is checked and normalised, then resolved to the entity it
 * merges into (by its id, its case-local id, its keys, in that order; a
 * case-local id of another type rejects it), which is created when there
 * is none, and everything of the record is unioned into it. Up to the
 * resolving, nothing but the string pool changes: a rejected record
 * leaves the entities, links and indexes as they were. */
/* The error of an add that ran out of memory: every CG_ENOMEM leaves a
 * reason in err, so that no caller takes it for a rejected record. */
static int nomem_reason(int rc, cg_error *err)
{
	if (rc == CG_ENOMEM && err && err->code != CG_ENOMEM)
		cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	return rc;
}

static int add_entity(cg_graph *g, const cg_entity_rec *rec, cg_eid *out, cg_add_result *how,
                      cg_error *err)
{
	entity_add a = {.rec = rec, .target = CG_NO_ENTITY};
	int rc;

	if ((rc = prepare_record(g, &a, err)) || (rc = judged_same(g, &a, NULL)))
		return rc;
	if (a.target == CG_NO_ENTITY)
		match_id(g, &a);
	if ((rc = match_local(g, &a, err)))
		return rc;
	if ((rc = match_keys(g, &a)) || (rc = create_or_merge(g, &a, how)) ||
	    (rc = merge_names(g, &a)) || (rc = merge_facts(g, &a)) || (rc = merge_provs(g, &a)))
		return rc;
	if (g->judge.added && (rc = g->judge.added(g->judge.ctx, g, rec, a.target)))
		return rc;
	if (out)
		*out = a.target;
	return 0;
}

/* ---- links ---- */

/* The hash of a link's content: ends, type, direction, amount, currency
 * and properties, not its occurrence (count_occurrence numbers equal
 * contents; add_link mixes the number into the link_index key). */
static uint64_t link_hash(const link_in *l, const cg_graph *g, size_t np)
{
	cg_eid a = l->src, b = l->dst;
	uint64_t h, props = 0;

	if (!l->directed && a > b) {
		a = l->dst;
		b = l->src;
	}
	h = cg_hash_u64(pair(a, b)) ^ cg_hash_u64(pair(l->type, l->directed));
	if (l->has_amount)
		h ^= cg_hash_u64((uint64_t)l->amount ^ cg_hash_u64(l->currency));
	for (size_t i = 0; i < np; i++)
		props += cg_hash_u64(pair(g->pn[i], g->pv[i]));
	return cg_hash_u64(h ^ props);
}

static int link_props_equal(const cg_graph *g, const link *l, size_t np)
{
	size_t n = 0;

	if (l->props) {
		uint32_t c = g->cells[l->props].next;
		for (;;) {
			n++;
			if (c == l->props)
				break;
			c = g->cells[c].next;
		}
	}
	if (n != np)
		return 0;
	for (size_t i = 0; i < np; i++)
		if (!cell_find(g, l->props, g->pn[i], g->pv[i], 1))
			return 0;
	return 1;
}

/* A link with an amount is a transaction: l->occurrence numbers the
 * records of one source (cg_graph_begin_source) that are otherwise equal
 * (ends, type, direction, amount, currency, properties), from 0. It is part
 * of the link's identity: three equal payments on three rows of a file
 * are three links; another source's equal payment, or the same file read
 * again, merges with them in order (its first into the first). h is the
 * content hash (link_hash). */
static int count_occurrence(cg_graph *g, link_in *l, uint64_t h, const char *id, cg_error *err)
{
	uint64_t hid = 0;
	uint32_t n = 0;
	int rc;

	/* records with the source's own id for the link (an FtM Payment's
	 * fragments) that was counted already take its number again */
	if (id && *id) {
		hid = cg_hash_u64(h ^ cg_hash_bytes(id, strlen(id)));
		if (cg_map64_get(&g->occurrence_ids, hid, &n)) {
			l->occurrence = n;
			return 0;
		}
	}
	cg_map64_get(&g->occurrences, h, &n);
	if (n == UINT32_MAX - 1)
		return cg_error_set(err, CG_ELIMIT, NULL, 0, 0, "too many equal transactions");
	l->occurrence = n;
	if ((rc = cg_map64_put(&g->occurrences, h, n + 1)))
		return rc;
	return hid ? cg_map64_put(&g->occurrence_ids, hid, n) : 0;
}

/* Whether stored link a is the link b describes. */
static int same_link(const cg_graph *g, const link *a, const link_in *b, size_t np)
{
	const link_money *m = a->money ? &g->money[a->money - 1] : NULL;
	int ends = (a->src == b->src && a->dst == b->dst) ||
	           (!a->directed && a->src == b->dst && a->dst == b->src);
	return ends && a->type == b->type && a->directed == b->directed && !m == !b->has_amount &&
	       (!m || (m->amount == b->amount && m->currency == b->currency &&
	               m->occurrence == b->occurrence)) &&
	       link_props_equal(g, a, np);
}

static int sealed(cg_error *err)
{
	return cg_error_set(err, CG_EINVAL, NULL, 0, 0,
	                    "the graph is closed to additions (cg_graph_seal)");
}

int cg_graph_add_entity(cg_graph *g, const cg_entity_rec *rec, cg_eid *out, cg_add_result *how,
                        cg_error *err)
{
	if (g->sealed)
		return sealed(err);
	return nomem_reason(add_entity(g, rec, out, how, err), err);
}

/* Resolves a record as cg_graph_add_entity would, by its identity keys
 * alone, and stops there: nothing but the string pool changes. */
static int match_entity(cg_graph *g, const cg_entity_rec *rec, cg_eid *out, const char **via,
                        cg_error *err)
{
	entity_add a = {.rec = rec, .target = CG_NO_ENTITY};
	int rc;

	if ((rc = prepare_record(g, &a, err)) || (rc = match_keys(g, &a)))
		return rc;
	*out = a.target;
	if (via)
		*via = a.target != CG_NO_ENTITY && a.via ? S(g, a.via) : NULL;
	return 0;
}

int cg_graph_match_entity(cg_graph *g, const cg_entity_rec *rec, cg_eid *out, const char **via,
                          cg_error *err)
{
	*out = CG_NO_ENTITY;
	if (via)
		*via = NULL;
	return nomem_reason(match_entity(g, rec, out, via, err), err);
}

static int add_link(cg_graph *g, const cg_link_rec *rec, cg_lid *out, cg_add_result *how,
                    cg_error *err)
{
	link_in l = {0};
	size_t np = 0;
	uint32_t found;
	uint64_t probe;
	int rc, kind;

	if ((rc = graph_check_provs(g, rec->prov, rec->n_prov, err)))
		return rc;
	if (rec->source >= g->n_ents || rec->target >= g->n_ents)
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0, "link end out of range");
	if ((rc = graph_canonical_type(g, rec->type, "link", &l.type, &kind, err)))
		return rc;
	l.ltype = (uint8_t)kind;
	l.src = rec->source;
	l.dst = rec->target;
	l.directed =
	    (uint8_t)(rec->directed < 0 ? cg_link_type_directed(l.ltype) : rec->directed != 0);
	if (rec->amount && rec->amount[strspn(rec->amount, " \t")]) {
		char code[8];
		size_t cl = 0;
		const char *why = NULL, *c = rec->currency ? rec->currency : "";
		while (*c == ' ')
			c++;
		for (; *c && *c != ' ' && cl < sizeof code - 1; c++)
			code[cl++] = (char)((*c >= 'a' && *c <= 'z') ? *c - 32 : *c);
		code[cl] = '\0';
		if (!cl)
			return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
			                    "amount '%.40s' without a currency", rec->amount);
		if (cg_currency_minor_units(code) < 0)
			return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "unknown currency '%.16s'",
			                    rec->currency);
		rc = cg_parse_money(rec->amount, strlen(rec->amount), code, &l.amount, &why);
		if (rc)
			return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "bad amount '%.40s': %s",
			                    rec->amount, why);
		if ((rc = intern(g, code, &l.currency)))
			return rc;
		l.has_amount = 1;
	}
	if ((rc = graph_norm_props(g, rec->props, rec->n_props, &np, err)))
		return rc;
	probe = link_hash(&l, g, np);
	if (l.has_amount) {
		if ((rc = count_occurrence(g, &l, probe, rec->prov[0].local_id, err)))
			return rc;
		/* the link_index key: the content and the occurrence */
		probe = cg_hash_u64(probe ^ ((uint64_t)l.occurrence + 0x2545f4914f6cdd1dULL));
	}
	for (;; probe++) {
		if (!cg_map64_get(&g->link_index, probe, &found)) {
			found = UINT32_MAX;
			break;
		}
		if (same_link(g, &g->links[found], &l, np))
			break;
	}
	if (found == UINT32_MAX) {
		uint32_t money = 0;
		GROW(g->links, g->n_links, g->cap_links);
		if (l.has_amount) {
			if (CG_ARRAY_GROW(g->money, g->cap_money, g->n_money + 1, 16))
				return CG_ENOMEM;
			g->money[g->n_money] = (link_money){l.amount, l.currency, l.occurrence};
			money = (uint32_t)++g->n_money;
		}
		found = (uint32_t)g->n_links;
		if ((rc = cg_map64_put(&g->link_index, probe, found)))
			return rc;
		g->links[g->n_links++] =
		    (link){l.src, l.dst, l.type, 0, 0, money, l.ltype, l.directed};
		for (size_t i = 0; i < np; i++)
			if ((rc = cell_put(g, &g->links[found].props, g->pn[i], g->pv[i], 1, 0)))
				return rc;
		if (how)
			*how = CG_ADD_CREATED;
	} else if (how) {
		*how = CG_ADD_MERGED;
	}
	for (size_t i = 0; i < rec->n_prov; i++) {
		const cg_prov *p = &rec->prov[i];
		prov_in pr = {0};
		if ((rc = graph_intern_recent(g, &g->recent_file, p->file, 0, &pr.file)) ||
		    (rc = graph_intern_recent(g, &g->recent_case, p->case_name, 1, &pr.kase)))
			return rc;
		pr.line = (uint32_t)p->line;
		pr.flags = p->flags & CG_PF_REFERENCE; /* the only flag a link's record keeps */
		if ((rc = graph_record_span(g, p, np, &pr)))
			return rc;
		if ((rc = graph_prov_add(g, &g->links[found].prov, (uint64_t)found << 1 | 1, &pr)))
			return rc;
	}
	if (out)
		*out = found;
	return 0;
}

void cg_graph_set_judge(cg_graph *g, const cg_graph_judge *judge)
{
	memset(&g->judge, 0, sizeof g->judge);
	if (judge)
		g->judge = *judge;
}

void cg_graph_seal(cg_graph *g)
{
	/* not cell_index: looking a key up on an entity with many keys needs it */
	cg_map64 *const adding[] = {&g->link_index, &g->occurrences, &g->occurrence_ids,
	                            &g->prov_index, &g->id_next,     &g->key_tail,
	                            &g->case_index, &g->case_cursor, &g->src_index};

	for (size_t i = 0; i < sizeof adding / sizeof *adding; i++)
		cg_map64_free(adding[i]);
	/* What reading seldom needs goes too, and comes back when it is asked
	 * for: the string pool's index by text and the index of ids (at ten
	 * million entities 512 and 192 MiB). A command that only analyses never
	 * asks (docs/PERFORMANCE.md, "Ten million entities"). */
	cg_strpool_drop_index(g->pool);
	cg_map64_free(&g->id_index);
	g->ids_dropped = 1;
	/* and the index of local ids (192 MiB at ten million), when each
	 * (case, local id) is on one entity's records only, so that it can be
	 * rebuilt from them as it was */
	if (!g->locals_moved) {
		cg_map64_free(&g->local_index);
		g->locals_dropped = 1;
	}
	g->sealed = 1;
}

void cg_graph_begin_source(cg_graph *g)
{
	cg_map64_free(&g->occurrences);
	cg_map64_free(&g->occurrence_ids);
}

int cg_graph_add_link(cg_graph *g, const cg_link_rec *rec, cg_lid *out, cg_add_result *how,
                      cg_error *err)
{
	if (g->sealed)
		return sealed(err);
	return nomem_reason(add_link(g, rec, out, how, err), err);
}
