/* The entity store's internals (cg_graph.h is its public face), shared by
 * the files that implement it. Private to graph/; never installed.
 *
 * The store is split by what each part does, as jq splits its value type:
 *   cg_graph.c        the store: new/free, the cell lists, adding
 *                     entities (resolving a record to the entity it
 *                     merges into) and links, sealing;
 *   cg_graph_names.c  names and provenance as written: types and property
 *                     names made canonical (the names memo), property
 *                     values normalised, provenance checked, its file and
 *                     case interned through the last ones, time spans;
 *   cg_graph_prov.c   the provenance store: records, their shared sources
 *                     and time spans, the index of long lists;
 *   cg_graph_keys.c   identity keys: what keys a record has, strongest
 *                     first, and whether a name key may merge two records;
 *   cg_graph_query.c  lookups by local id, id and key, the accessors, the
 *                     list iterators, memory use and the flag names.
 *
 * Loading a million entities goes through cg_graph_add_entity and
 * cg_graph_add_link (docs/PERFORMANCE.md): the helpers they call per list
 * cell, property, key or lookup and that more than one file needs are
 * static inline here, so that the split adds no call there; what crosses
 * files is called once per record (graph_compute_keys) or per given key or
 * weak-key candidate. The functions shared between the files are prefixed
 * graph_. */
#ifndef CG_GRAPH_INTERNAL_H
#define CG_GRAPH_INTERNAL_H

#include "cg_array.h"
#include "cg_error.h"
#include "cg_graph.h"
#include "cg_hash.h"
#include "cg_strbuf.h"
#include "cg_types.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A test build (tests/meson.build compiles graph/ with CG_GRAPH_STEPS for
 * tests/test_graph.c) counts in graph_steps every list cell and index slot
 * that looking a value up in a cell list reads, so that a test can check
 * that a list of n values costs O(1) per value by counting, not timing. */
#ifdef CG_GRAPH_STEPS
extern unsigned long long graph_steps;
#define GRAPH_STEP() (graph_steps++)
#else
#define GRAPH_STEP() ((void)0)
#endif

/* Lists (aliases, roles, keys, properties, provenance) live in two pools and
 * are circular singly-linked lists addressed by their tail cell: appending
 * is O(1) and iteration starts at tail->next. Index 0 of each pool is unused
 * so that 0 means "empty list". */
typedef struct cell {
	uint32_t a;    /* value (or property name) */
	uint32_t b;    /* property value; for keys, next entity + 1 sharing the key */
	uint32_t next; /* next cell in the circular list */
} cell;

/* One provenance record (cg_prov) as the graph keeps it: 20 bytes. What
 * repeats from record to record (file, case, flags) is numbered once, in
 * g->srcs; the time span, which few records have, is kept aside in
 * g->span_index / g->spans. */
typedef struct prov_rec {
	uint32_t src;   /* index in g->srcs: file, case and flags */
	uint32_t local; /* interned local id, trimmed; 0 for none (and for links) */
	uint32_t via;   /* interned key or "id:<local>" the record merged on; 0 for none */
	uint32_t line;  /* physical line or record number */
	uint32_t next;  /* next record in the circular list */
} prov_rec;

/* The part of a provenance record that many records share. */
typedef struct prov_src {
	uint32_t file;  /* interned file name, as given on the command line */
	uint32_t kase;  /* interned case name, trimmed */
	uint32_t flags; /* CG_PF_* */
} prov_src;

/* A provenance record before it is stored (prov_add in cg_graph.c). */
typedef struct prov_in {
	uint32_t file, kase, local, via, line, flags;
	uint32_t first; /* interned first_seen as written, 0 for unknown */
	uint32_t last;  /* interned last_seen as written, 0 for unknown */
} prov_in;

typedef struct entity {
	uint32_t id;      /* interned stable id, unique in the graph */
	uint32_t type;    /* interned canonical type name */
	uint32_t name;    /* interned display name (0 until a record gives one) */
	uint32_t aliases; /* cell list tail: other names (a) */
	uint32_t roles;   /* cell list tail: lower-cased roles (a) */
	uint32_t keys;    /* cell list tail: identity keys (a), next sharer + 1 (b) */
	uint32_t props;   /* cell list tail: property name (a) and value (b) */
	uint32_t prov;    /* prov list tail */
	uint16_t flags;   /* CG_EF_* */
	uint8_t etype;    /* cg_entity_type */
} entity;

/* A link as the graph keeps it: 28 bytes. The amount of the few that carry
 * money is kept aside, in g->money. */
typedef struct link {
	cg_eid src;       /* source entity */
	cg_eid dst;       /* target entity */
	uint32_t type;    /* interned type name */
	uint32_t props;   /* cell list tail: property name (a) and value (b) */
	uint32_t prov;    /* prov list tail */
	uint32_t money;   /* 1 + its index in g->money when it carries an amount, else 0 */
	uint8_t ltype;    /* cg_link_type */
	uint8_t directed; /* 1 for a directed link */
} link;

/* A link's amount. */
typedef struct link_money {
	int64_t amount;      /* minor units */
	uint32_t currency;   /* interned code */
	uint32_t occurrence; /* equal records of one source before it (count_occurrence) */
} link_money;

/* A link record on its way in (add_link in cg_graph.c). */
typedef struct link_in {
	int64_t amount; /* minor units, valid when has_amount */
	cg_eid src, dst;
	uint32_t type;       /* interned type name */
	uint32_t currency;   /* interned code */
	uint8_t ltype;       /* cg_link_type */
	uint8_t directed;    /* 1 for a directed link */
	uint8_t has_amount;  /* 1 when amount and currency are set */
	uint32_t occurrence; /* with an amount: equal records of one source before it */
} link_in;

struct cg_graph {
	cg_strpool *pool;        /* every string of the graph, interned */
	entity *ents;            /* entities by number (huge-page block, cg_mem.h) */
	size_t n_ents;           /* entities in use */
	size_t cap_ents;         /* entities allocated */
	link *links;             /* links by number (huge-page block) */
	size_t n_links;          /* links in use */
	size_t cap_links;        /* links allocated */
	link_money *money;       /* the amounts of the links that carry one */
	size_t n_money;          /* amounts in use */
	size_t cap_money;        /* amounts allocated */
	cell *cells;             /* the cell pool of every list but provenance; cells[0] unused */
	size_t n_cells;          /* cells in use, the unused cell 0 included */
	size_t cap_cells;        /* cells allocated */
	prov_rec *provs;         /* the provenance pool; provs[0] unused */
	size_t n_provs;          /* provenance records in use, the unused record 0 included */
	size_t cap_provs;        /* provenance records allocated */
	prov_src *srcs;          /* what provenance records share, numbered once */
	size_t n_srcs;           /* sources in use */
	size_t cap_srcs;         /* sources allocated */
	cg_map64 src_index;      /* (file, case, flags) hash (probed) -> source */
	uint32_t last_src;       /* the source of the record added last, a likely next one */
	uint32_t (*spans)[2];    /* first_seen, last_seen (interned) of the records that have one */
	size_t n_spans;          /* spans in use */
	size_t cap_spans;        /* spans allocated */
	cg_map64 span_index;     /* provenance record -> its span */
	cg_map64 key_index;      /* (type << 32 | key) -> first entity with that key */
	cg_map64 local_index;    /* (case << 32 | local id) -> entity */
	cg_map64 id_index;       /* id -> entity (freed by cg_graph_seal until asked) */
	cg_map64 link_index;     /* content hash (probed) -> link */
	cg_map64 occurrences;    /* the source's links with an amount: content hash -> how many */
	cg_map64 occurrence_ids; /* the source's (content, link id) -> its occurrence */
	cg_map64 prov_index;     /* (owner, record) hash (probed) -> prov, for long lists */
	cg_map64 cell_index;     /* (list, a, b) hash (probed) -> cell, for long lists */
	/* many entities of one name (docs/PERFORMANCE.md) */
	cg_map64 id_next;     /* taken base id -> the next "#n" suffix to try */
	cg_map64 key_tail;    /* (type << 32 | key) -> last entity of a chain of two or more */
	cg_map64 case_index;  /* (entity << 32 | case) -> CASE_* state, for long prov lists */
	cg_map64 case_cursor; /* (person name key << 32 | case) -> end of the chain's prefix
	                         of entities the case knows by a local id */
	size_t merges;        /* records that merged into an existing entity */
	cg_graph_judge judge; /* analyst judgements (cg_graph_set_judge); zero: none */
	int sealed;           /* closed to additions (cg_graph_seal) */
	int ids_dropped;      /* id_index freed by cg_graph_seal, rebuilt by the next
	                         cg_graph_find_id (cg_graph_query.c) */
	int locals_moved;     /* a (case, local id) was put on a second entity (a
	                         judgement): local_index is then kept at the seal */
	int locals_dropped;   /* local_index freed by cg_graph_seal, rebuilt by the
	                         next cg_graph_find_local */
	/* scratch space reused by every add, so that adding allocates nothing
	 * in the steady state */
	cg_strbuf norm;    /* a normaliser's output: a key or property value */
	cg_strbuf tmp;     /* a new entity's id, a via "id:<local id>", alnum_upper's output */
	cg_strbuf keybuf;  /* the record's identity keys, each NUL-terminated */
	cg_strbuf lower;   /* lower_name's output: a property name, type or role */
	uint32_t *key_off; /* offsets of the record's keys in keybuf */
	size_t key_cap;    /* key_off's capacity */
	uint32_t *pn;      /* the record's normalised property names, interned */
	uint32_t *pv;      /* their values, interned */
	size_t prop_cap;   /* capacity of pn and of pv */
	int span_props;    /* pn holds a property that gives a time span (record_span) */
	/* what a type or property name as written came to (canonical_type,
	 * norm_props): rows of one file repeat a few of them */
	struct name_memo {
		uint32_t id;   /* the interned canonical name, 0 for an empty slot */
		uint8_t table; /* NAME_MEMO_* */
		uint8_t kind;  /* a property's: PROP_* (norm_props); a type's: its
		                  cg_entity_type or cg_link_type */
		uint8_t len;   /* bytes of raw */
		char raw[25];  /* the name as written */
	} memo[64];
	/* the last file name and case a provenance record gave, as written, and
	 * what they were interned as (trimmed, for the case): rows of one file
	 * repeat them, and a string held here was checked to be UTF-8 */
	struct recent_name {
		cg_strbuf raw;
		uint32_t id;
		int set;
	} recent_file, recent_case;
};

enum { NAME_MEMO_ENTITY_TYPE = 1, NAME_MEMO_LINK_TYPE, NAME_MEMO_PROP };

/* Whether s (n bytes) is what r remembers (cg_graph.recent_file, _case). */
static inline int recent_hit(const struct recent_name *r, const char *s, size_t n)
{
	return r->set && r->raw.len == n && memcmp(r->raw.buf, s, n) == 0;
}

/* The entity case c (interned) knows by local id l: 1 and *out, or 0.
 * After cg_graph_seal dropped the index, rebuilds it first
 * (cg_graph_query.c). */
int graph_local_get(cg_graph *g, uint32_t c, uint32_t l, cg_eid *out);

/* The shared part of provenance record p: its file, case and flags. */
static inline const prov_src *psrc(const cg_graph *g, const prov_rec *p)
{
	return &g->srcs[p->src];
}

/* Room for one more element of a graph array (huge-page blocks, cg_mem.h);
 * returns CG_ENOMEM from the calling function when there is none. */
#define GROW(arr, n, cap)                                                                          \
	do {                                                                                       \
		if (CG_ARRAY_GROW_HUGE(arr, cap, (n) + 1, 64))                                     \
			return CG_ENOMEM;                                                          \
	} while (0)

/* The text of interned string id (borrowed from g's pool). */
static inline const char *S(const cg_graph *g, uint32_t id)
{
	return cg_strpool_str(g->pool, id);
}

/* Two 32-bit values as one index key. */
static inline uint64_t pair(uint32_t a, uint32_t b)
{
	return (uint64_t)a << 32 | b;
}

/* Cell lists are unioned: a value already on the list is not added again
 * (cell_put in cg_graph.c). The first CELL_SCAN cells of a list are
 * scanned; once a list grows past CELL_SCAN cells, all its cells are
 * indexed in g->cell_index by a hash of (list, a, b), so that an entity with
 * 80,000 aliases or property values costs O(1) per value, not O(n). A
 * list's identity is its first cell (tail->next), which never changes: lists
 * only grow at the tail, no cell is ever removed and no two lists are ever
 * joined (code that did either would have to re-index the lists it
 * changed). Keys lists are indexed by a alone (with_b 0): their b, the next
 * entity sharing the key, changes; the other lists by a and b (with_b 1),
 * and must be looked up so (cg_entity_prop, which looks a property up by
 * name alone, scans). */
#define CELL_SCAN 16

static inline uint64_t cell_key(uint32_t list, uint32_t a, uint32_t b)
{
	return cg_hash_u64(pair(list, a) ^ cg_hash_u64((uint64_t)b + 0x9e3779b97f4a7c15ULL));
}

/* Among the indexed cells of the list whose first cell is head: the cell
 * holding a (and b when with_b), or 0 with *slot (when not NULL) the free
 * slot where it would go. */
static inline uint32_t cell_indexed(const cg_graph *g, uint32_t head, uint32_t a, uint32_t b,
                                    int with_b, uint64_t *slot)
{
	uint64_t k = cell_key(head, a, with_b ? b : 0);
	uint32_t c;

	for (;; k++) {
		GRAPH_STEP();
		if (!cg_map64_get(&g->cell_index, k, &c)) {
			if (slot)
				*slot = k;
			return 0;
		}
		if (g->cells[c].a == a && (!with_b || g->cells[c].b == b))
			return c;
	}
}

/* The cell of list `tail` holding a (and b when with_b), or 0. */
static inline uint32_t cell_find(const cg_graph *g, uint32_t tail, uint32_t a, uint32_t b,
                                 int with_b)
{
	if (!tail)
		return 0;
	uint32_t head = g->cells[tail].next, c = head;
	for (int n = 0; n < CELL_SCAN; n++) {
		GRAPH_STEP();
		if (g->cells[c].a == a && (!with_b || g->cells[c].b == b))
			return c;
		if (c == tail)
			return 0;
		c = g->cells[c].next;
	}
	/* longer than CELL_SCAN: indexed */
	return cell_indexed(g, head, a, b, with_b, NULL);
}

/* The value of property name among the record's count normalised
 * properties (g->pn / g->pv), or NULL. */
static inline const char *prop_get(const cg_graph *g, size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(S(g, g->pn[i]), name) == 0)
			return S(g, g->pv[i]);
	return NULL;
}

#define BOM "\xEF\xBB\xBF" /* U+FEFF, the byte-order mark, in UTF-8 */

/* The part of s without ASCII blanks and byte-order marks at either end:
 * its start, *n its length. Records store their names, cases and local ids
 * so, and lookups compare them so. A BOM at the edge of a value is an
 * artefact of files joined together (a second export's mark at the start
 * of a row, in its first field): kept, it would make the id 'p2' of that
 * row a different id from the 'p2' that links name, and put an invisible
 * character in names. */
static inline const char *trim_span(const char *s, size_t *n)
{
	size_t len;

	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (strncmp(s, BOM, 3) == 0)
			s += 3;
		else
			break;
	}
	len = strlen(s);
	for (;;) {
		if (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
		            s[len - 1] == '\n'))
			len--;
		else if (len >= 3 && memcmp(s + len - 3, BOM, 3) == 0)
			len -= 3;
		else
			break;
	}
	*n = len;
	return s;
}

/* ---- names and provenance as written (cg_graph_names.c) ---- */

/* A type name made canonical (lower case, synonyms, checked; what is
 * "entity" or "link"): its interned name in *out, its cg_entity_type or
 * cg_link_type in *kind. CG_EPARSE with err for a bad one. */
int graph_canonical_type(cg_graph *g, const char *type, const char *what, uint32_t *out, int *kind,
                         cg_error *err);
/* s lower-cased into g->lower, spaces and hyphens as '_' (a property name,
 * type or role as the graph keeps it); NULL when out of memory. */
const char *graph_lower_name(cg_graph *g, const char *s);
/* Validates and normalises a record's properties into g->pn / g->pv, which
 * then hold *count pairs (empty values dropped); g->span_props says whether
 * one gives a time span. */
int graph_norm_props(cg_graph *g, const cg_prop *props, size_t n, size_t *count, cg_error *err);
/* Every provenance record usable (file, line, UTF-8), before anything
 * changes. */
int graph_check_provs(const cg_graph *g, const cg_prov *prov, size_t n, cg_error *err);
/* s (a provenance record's file name, or its case when trim is set,
 * trimmed; checked by graph_check_provs) interned, through r. */
int graph_intern_recent(cg_graph *g, struct recent_name *r, const char *s, int trim, uint32_t *out);
/* The time span of provenance record p into pr (graph_norm_props's np
 * properties last normalised). 0 or CG_ENOMEM. */
int graph_record_span(cg_graph *g, const cg_prov *p, size_t np, prov_in *pr);

/* Interns s (NULL as ""). */
static inline int intern(cg_graph *g, const char *s, uint32_t *out)
{
	return cg_strpool_intern(g->pool, s ? s : "", s ? strlen(s) : 0, out);
}

/* Interns s trimmed (trim_span); 0 for NULL. */
static inline int intern_trimmed(cg_graph *g, const char *s, uint32_t *out)
{
	size_t n;

	if (!s) {
		*out = 0;
		return 0;
	}
	s = trim_span(s, &n);
	return cg_strpool_intern(g->pool, s, n, out);
}

/* The id of case name s as a lookup finds it: the last case a provenance
 * record gave when s is that (as written), else looked up trimmed. */
static inline uint32_t recent_case_id(const cg_graph *g, const char *s)
{
	size_t n = strlen(s);

	if (recent_hit(&g->recent_case, s, n))
		return g->recent_case.id;
	s = trim_span(s, &n);
	return cg_strpool_find(g->pool, s, n);
}

/* ---- cg_graph_keys.c: identity keys ---- */

/* Appends prefix + value to the record's keys (g->keybuf, g->key_off) as
 * key number *nkeys, which it increments; nothing for a NULL or empty
 * value. 0 or CG_ENOMEM. */
int graph_key_push(cg_graph *g, size_t *nkeys, const char *prefix, const char *value);

/* The record's key number i, pushed by graph_key_push. */
static inline const char *key_at(const cg_graph *g, size_t i)
{
	return g->keybuf.buf + g->key_off[i];
}

/* Computes the identity keys of a record of type t named name, with np
 * normalised properties, into g->keybuf / g->key_off: *nkeys keys,
 * strongest first. *invalid is set when an identifier failed validation
 * and was keyed as text. Name keys ("name:...") are weak: they merge only
 * compatible entities (graph_compatible). Errors: CG_EPARSE (no key, or a
 * name that is not UTF-8) with err set, CG_ENOMEM. */
int graph_compute_keys(cg_graph *g, cg_entity_type t, const char *name, size_t np, size_t *nkeys,
                       int *invalid, cg_error *err);

/* Is k a weak key, one that merges only compatible entities: a name
 * without a date of birth? */
static inline int key_is_weak(const char *k)
{
	return strncmp(k, "name:", 5) == 0 && !strstr(k, "|dob:");
}

/* What an entity's provenance says about one case (graph_case_state):
 * CASE_NONE no record of the case; 0 records of it without a local id;
 * else the one local id the case knows it by, or CASE_MANY for two or
 * more (ids the importer made, CG_PF_MADE_ID, count as none but for a
 * person). String ids stay below CASE_MANY (cg_strpool_intern's limit). The
 * per-entity summary in g->case_index, under case CASE_ALL, is the one
 * case of all its records or CASE_MANY. */
#define CASE_NONE UINT32_MAX
#define CASE_MANY (UINT32_MAX - 1)
#define CASE_ALL  UINT32_MAX

/* The CASE_* state of entity e for case kase; *other_case is set when e
 * has a record of another case. O(1): a scan of a short provenance list,
 * else two lookups in g->case_index (kept by graph_case_note). */
uint32_t graph_case_state(const cg_graph *g, cg_eid e, uint32_t kase, int *other_case);

/* Notes provenance record p of entity e in g->case_index (called for
 * every record of a list past the scan). 0 or CG_ENOMEM. */
int graph_case_note(cg_graph *g, cg_eid e, const prov_rec *p);
/* Unions record p into the provenance list whose tail is *tail: a record
 * already on it (same file, line, case and local id) is not added again.
 * owner is entity << 1, or link << 1 | 1, for the index of long lists.
 * 0, CG_ENOMEM or CG_ELIMIT (cg_graph_prov.c). */
int graph_prov_add(cg_graph *g, uint32_t *tail, uint64_t owner, const prov_in *p);

/* May a record of type t (np normalised properties, first provenance in
 * case kase with local id local, 0 for none or one the importer made)
 * merge into e on a weak key? No record may when the case knows e by
 * another local id (two ids of one source are two entities); a person
 * may not when a date of birth or nationality conflicts, a company when
 * its registration number conflicts. *name_only is set when it may: the
 * merge is on a name alone. */
int graph_compatible(const cg_graph *g, cg_eid e, cg_entity_type t, size_t np, uint32_t kase,
                     uint32_t local, int *name_only);

#endif
