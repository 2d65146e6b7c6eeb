/* cg_graph: the entity store (docs/MODEL.md: types, identity keys, merges).
 *
 * Entities and links are added as records; records of the same entity merge
 * (same type and identity key, or the same local id within one case), and
 * every record leaves a provenance entry (file, line, case) on what it made or
 * merged into. Nothing is dropped by a merge: names that differ become
 * aliases, properties and provenance are unioned.
 *
 * Strings are interned; entities and links are numbered from 0 in the order
 * they were created, which is the order every writer uses, so the same inputs
 * give the same output. Lookups are hash-indexed: adding N records is O(N)
 * expected, plus O(k) per record for an entity that already has k values of
 * the list being extended (properties, provenance). */
#ifndef CG_GRAPH_H
#define CG_GRAPH_H

#include "cg_api.h"
#include "cg_error.h"
#include "cg_types.h"

#include <stddef.h>
#include <stdint.h>

typedef struct cg_graph cg_graph;
typedef uint32_t cg_eid; /* entity number, 0 .. cg_graph_entity_count()-1 */
typedef uint32_t cg_lid; /* link number, 0 .. cg_graph_link_count()-1 */

#define CG_NO_ENTITY ((cg_eid)UINT32_MAX)
#define CG_NO_LINK   ((cg_lid)UINT32_MAX)

/* Entity flags (cg_entity_flags). */
enum {
	CG_EF_NAME_ONLY = 1u << 0,  /* a record merged into it on a name alone */
	CG_EF_INVALID_ID = 1u << 1, /* an identifier failed validation (bad IBAN
	                               checksum, malformed e-mail ...) and is kept as text */
	CG_EF_FLAG_COUNT = 2
};
/* Provenance flags. */
enum {
	CG_PF_NAME_ONLY = 1u << 0, /* this record was merged on a name alone */
	CG_PF_MADE_ID = 1u << 1,   /* its local id was made by the importer (one per row), not
	                              given by the source: it finds the record again but does not
	                              tell two entities apart, persons excepted (docs/MODEL.md) */
	CG_PF_REFERENCE = 1u << 2, /* read from a reference list (--reference): evidence that the
	                              entity is listed, not a case the entity is in; the case
	                              iterators skip it (docs/ANALYSIS.md, "Screening") */
};

/* One name/value property of a record. Names are lower-case identifiers. */
typedef struct cg_prop {
	const char *name;
	const char *value;
} cg_prop;

/* Where a record was read. file, case_name are required; local_id is the
 * record's id in its source (for entities), via and flags say how it merged
 * and are set by the graph when NULL/0 (the native reader passes them). */
typedef struct cg_prov {
	const char *file;      /* source file as given on the command line */
	long line;             /* physical line (or record number), >= 1 */
	const char *case_name; /* the case the record belongs to */
	const char *local_id;  /* id in the source, or NULL */
	const char *via;       /* identity key (or "id:<local id>") that merged it, or NULL */
	unsigned flags;        /* CG_PF_* */
	/* When the source saw what the record says, as the source wrote it
	 * (docs/MODEL.md, "Time spans"); NULL or "" for unknown. A record whose
	 * first_seen and last_seen are both NULL takes them from its properties
	 * first_seen, valid_from, first_observed or start_time and last_seen,
	 * valid_until, last_observed or stop_time (a link with none is dated by
	 * its date). */
	const char *first_seen;
	const char *last_seen;
} cg_prov;

/* An entity record, as an importer read it. */
typedef struct cg_entity_rec {
	const char *type; /* type name, lower case; unknown names are kept */
	const char *name; /* display name; may be NULL for identifier types with a value property */
	const char *const *aliases;
	size_t n_aliases;
	const char *const *roles;
	size_t n_roles;
	const cg_prop *props;
	size_t n_props;
	const cg_prov *prov; /* at least one */
	size_t n_prov;
	/* Set by the native reader to restore an entity exactly (keys also by
	 * the edge lists, whose nodes are keyed by case and id alone): */
	const char *id;          /* stable id; NULL: derived from type and key */
	const char *const *keys; /* identity keys; NULL: computed */
	size_t n_keys;
	unsigned flags;       /* CG_EF_* */
	cg_eid restore_floor; /* entities numbered from here on came from the same saved
	                         graph as this record, where they were other entities: the
	                         record never merges into them (CG_NO_ENTITY: none) */
} cg_entity_rec;

#define CG_ENTITY_REC_INIT                                                                         \
	{                                                                                          \
		NULL, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, NULL, 0, 0, CG_NO_ENTITY     \
	}

/* A link record between two entities already in the graph. */
typedef struct cg_link_rec {
	const char *type; /* link type name, lower case */
	cg_eid source, target;
	int directed;         /* 1, 0, or -1 for the type's default */
	const char *amount;   /* decimal text, or NULL */
	const char *currency; /* ISO 4217 code (any case), required with amount */
	const cg_prop *props;
	size_t n_props;
	const cg_prov *prov;
	size_t n_prov;
} cg_link_rec;

#define CG_LINK_REC_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0, -1, NULL, NULL, NULL, 0, NULL, 0                                       \
	}

/* What cg_graph_add_entity did with a record. */
typedef enum cg_add_result {
	CG_ADD_CREATED, /* a new entity */
	CG_ADD_MERGED,  /* merged into an existing entity */
	CG_ADD_RESULT_COUNT
} cg_add_result;

/* What the records of one input did to a graph, counted by the importer
 * that read them (importers/) and shown by cli/ and by the sources appendix
 * of the briefing (render/). Defined here, in the lowest layer both see, so
 * that render/ needs nothing of importers/. */
typedef struct cg_import_stats {
	size_t read;             /* data rows or lines read */
	size_t imported;         /* rows that became entities or links */
	size_t rejected;         /* rows rejected (each reported) */
	size_t skipped;          /* objects left out on purpose, not counted in read (revoked or
	                            deprecated STIX objects, deleted MISP attributes ...) */
	size_t entities_created; /* new entities */
	size_t entities_merged;  /* entity rows merged into an existing entity */
	size_t links_created;
	size_t links_merged;     /* link rows equal to an existing link */
	size_t nodes_from_edges; /* entities an edge list created from its ids */
} cg_import_stats;

/* Creates an empty graph, or NULL when out of memory. */
CG_API cg_graph *cg_graph_new(void);
/* Frees g and everything in it. Accepts NULL. */
CG_API void cg_graph_free(cg_graph *g);

/* Adds an entity record, merging it with an existing entity when they share a
 * local id within a case, an identity key (strong keys unconditionally, name
 * keys only without a conflicting date of birth, nationality or registration
 * number), or (native records) an id. Property values are validated and
 * normalised (dates to ISO 8601, countries to alpha-2 where recognised).
 * *out (may be NULL) gets the entity, *how (may be NULL) what happened.
 * Errors: CG_EPARSE for a bad record (err->message says why; the graph is
 * unchanged), CG_ENOMEM. Cost: O(record size) expected. */
CG_API int cg_graph_add_entity(cg_graph *g, const cg_entity_rec *rec, cg_eid *out,
                               cg_add_result *how, cg_error *err);

/* The entity that rec would merge into by its identity keys (the rules of
 * cg_graph_add_entity, without its local id or native id), or CG_NO_ENTITY
 * in *out; *via (may be NULL) gets the key it matched on (borrowed from g).
 * Adds nothing: only rec's strings may enter g's string pool. Screening
 * asks this of every entity of a reference list (analysis/screen.c).
 * Errors: CG_EPARSE for a bad record, CG_ENOMEM. */
CG_API int cg_graph_match_entity(cg_graph *g, const cg_entity_rec *rec, cg_eid *out,
                                 const char **via, cg_error *err);

/* Starts a source (an input file): links with an amount that are equal
 * (same type, ends, direction, amount, currency and properties) are
 * numbered within a source, and the number is part of their identity, so
 * that repeated transactions stay separate links (cg_graph_add_link).
 * Without a call, the whole graph is one source. Cost: O(1). */
CG_API void cg_graph_begin_source(cg_graph *g);
/* Closes g to additions: frees the indexes that only adding needs (links
 * by content, long provenance lists' records, id suffixes, key chains' ends,
 * cases per entity, provenance sources), which are about a sixth of a
 * loaded graph (docs/PERFORMANCE.md), and two that reading seldom needs
 * (the string pool's index by text and the index of ids), which the first
 * lookup that needs them rebuilds (O(strings), O(entities)). Reading,
 * lookups by id, key and local id, and cg_graph_match_entity work as
 * before, but once sealed, lookups and cg_graph_match_entity must not be
 * made from two threads at once; cg_graph_add_entity and cg_graph_add_link
 * fail with CG_EINVAL. For a caller that has read every input (the command
 * line does, before its analyses). */
CG_API void cg_graph_seal(cg_graph *g);

/* Adds a link record. A link equal to an existing one (same type, ends,
 * direction, amount and properties) merges into it, unioning provenance;
 * for a link with an amount, "equal" also needs the same occurrence: the
 * n-th equal record of a source (cg_graph_begin_source) merges only with
 * the link the n-th equal record of an earlier source made, so that three
 * equal payments in one file are three links, and a second file that
 * reports the same payments once merges its one with the first of them.
 * A record whose first provenance has a local_id (the source's own id for
 * the transaction, such as a FollowTheMoney Payment's, written as one line
 * per citation) takes the number the first record with that id got.
 * *out (may be NULL) gets the link, *how (may be NULL) what happened.
 * Errors: CG_EPARSE (bad type, bad amount or currency), CG_EINVAL (an end
 * out of range), CG_ENOMEM. */
CG_API int cg_graph_add_link(cg_graph *g, const cg_link_rec *rec, cg_lid *out, cg_add_result *how,
                             cg_error *err);

/* The entity a case knows by local_id, or CG_NO_ENTITY. Both are compared
 * trimmed of blanks and byte-order marks, as records store them. */
/* Analyst judgements (docs/MODEL.md, "Judgements"): answers of the
 * caller that cg_graph_add_entity asks for, once set. The graph knows
 * nothing of how they are written; the caller matches a record by its
 * provenance and an entity by its id or by the records it placed there.
 * Strings passed are borrowed for the call. */
typedef struct cg_graph_judge {
	void *ctx;
	/* The entity a record is judged the same as, or CG_NO_ENTITY. Asked
	 * first, before the record's id, local id and keys are looked at (id
	 * NULL), and again when the record would make a new entity (id: the
	 * id it would get). *why (set when an entity is returned) is what the
	 * record's provenance says it merged on ("judged at FILE:LINE"). An
	 * entity of another type than the record's is not merged into. */
	cg_eid (*same)(void *ctx, const cg_graph *g, const cg_entity_rec *rec, const char *id,
	               const char **why);
	/* 0 when the record is judged different from entity e: it does not
	 * merge into e on an identity key (the next entity holding the key is
	 * tried, else it makes a new entity); 1 when it may. */
	int (*may_merge)(void *ctx, const cg_graph *g, const cg_entity_rec *rec, cg_eid e);
	/* The record went into entity e. 0, or CG_ENOMEM to fail the add. */
	int (*added)(void *ctx, const cg_graph *g, const cg_entity_rec *rec, cg_eid e);
} cg_graph_judge;

/* Sets the judgements cg_graph_add_entity consults (copied; NULL or a
 * judge without functions: none). Set before adding the records they
 * concern: entities made before are not joined afterwards. Cost: O(1). */
CG_API void cg_graph_set_judge(cg_graph *g, const cg_graph_judge *judge);

CG_API cg_eid cg_graph_find_local(const cg_graph *g, const char *case_name, const char *local_id);
/* A hint that cg_graph_find_local(g, case_name, local_id) is coming, given
 * in three steps some records apart, 0 then 1 then 2 (the string table's
 * slots, the strings, the index's slot), so that the lookup finds its
 * memory in the cache: a loader that reads ahead gives it for the records
 * it has not reached. Changes nothing and answers nothing. */
CG_API void cg_graph_prefetch_local(const cg_graph *g, const char *case_name, const char *local_id,
                                    int step);
/* The entity with this stable id, or CG_NO_ENTITY. */
CG_API cg_eid cg_graph_find_id(const cg_graph *g, const char *id);
/* The first entity of type `type` with identity key `key` (as stored:
 * "name:acme trading", "iban:DE89...", "alice@example.com"), or
 * CG_NO_ENTITY. */
CG_API cg_eid cg_graph_find_key(const cg_graph *g, const char *type, const char *key);

CG_API size_t cg_graph_entity_count(const cg_graph *g);

/* Bytes the graph holds, by structure (capacities, not just what is used;
 * pages never touched are counted too, so this is an upper bound of the
 * resident size). */
typedef struct cg_graph_mem {
	size_t strings; /* interned strings: text, id table, hash slots */
	size_t n_strings;
	size_t entities;
	size_t links;
	size_t cells;      /* aliases, roles, keys, properties */
	size_t provenance; /* provenance records */
	size_t indexes;    /* key, local id, entity id, link and provenance hash tables */
	size_t total;
} cg_graph_mem;
CG_API void cg_graph_memory_use(const cg_graph *g, cg_graph_mem *out);
CG_API size_t cg_graph_link_count(const cg_graph *g);
/* Number of records that merged into an existing entity instead of creating one. */
CG_API size_t cg_graph_merge_count(const cg_graph *g);
/* Approximate bytes of memory the graph holds. */
CG_API size_t cg_graph_memory(const cg_graph *g);

/* ---- reading entities; every returned string is borrowed from g ---- */
CG_API const char *cg_entity_id(const cg_graph *g, cg_eid e);
CG_API const char *cg_entity_type_name(const cg_graph *g, cg_eid e);
CG_API cg_entity_type cg_entity_type_of(const cg_graph *g, cg_eid e);
CG_API const char *cg_entity_name(const cg_graph *g, cg_eid e);
CG_API unsigned cg_entity_flags(const cg_graph *g, cg_eid e);
/* The first value of property name, or NULL. */
CG_API const char *cg_entity_prop(const cg_graph *g, cg_eid e, const char *name);

/* An iterator over one of an entity's or link's lists. Start it with the
 * function named for the list (cg_entity_aliases ... cg_link_provs), then
 * call the matching cg_iter_next_* until it returns 0.
 * The graph must not change while an iterator is in use. */
typedef struct cg_iter {
	uint32_t head; /* the list's tail, the last cell to return; 0 when empty */
	uint32_t cur;  /* next cell to return, 0 when done */
} cg_iter;

CG_API cg_iter cg_entity_aliases(const cg_graph *g, cg_eid e);
CG_API cg_iter cg_entity_roles(const cg_graph *g, cg_eid e);
CG_API cg_iter cg_entity_keys(const cg_graph *g, cg_eid e);
CG_API cg_iter cg_entity_props(const cg_graph *g, cg_eid e);
CG_API cg_iter cg_entity_provs(const cg_graph *g, cg_eid e);
CG_API cg_iter cg_link_props(const cg_graph *g, cg_lid l);
CG_API cg_iter cg_link_provs(const cg_graph *g, cg_lid l);
/* For alias, role and key lists: the next value. */
CG_API int cg_iter_next_str(const cg_graph *g, cg_iter *it, const char **value);
/* For property lists: the next name and value. */
CG_API int cg_iter_next_prop(const cg_graph *g, cg_iter *it, const char **name, const char **value);
/* For provenance lists: the next record (strings borrowed, NULL when unset). */
CG_API int cg_iter_next_prov(const cg_graph *g, cg_iter *it, cg_prov *prov);
/* For provenance lists: the next record's case name only (borrowed). Cheaper
 * than cg_iter_next_prov where only cases count: the record's other strings
 * are not looked up. Records of a reference list (CG_PF_REFERENCE) are
 * skipped: a list an entity is on is not a case it is in. */
CG_API int cg_iter_next_prov_case(const cg_graph *g, cg_iter *it, const char **case_name);

/* ---- reading links ---- */
CG_API const char *cg_link_type_name(const cg_graph *g, cg_lid l);
CG_API cg_link_type cg_link_type_of(const cg_graph *g, cg_lid l);
CG_API cg_eid cg_link_source(const cg_graph *g, cg_lid l);
CG_API cg_eid cg_link_target(const cg_graph *g, cg_lid l);
CG_API int cg_link_directed(const cg_graph *g, cg_lid l);
/* The first value of the link's property name (its "date" ...), or NULL. */
CG_API const char *cg_link_prop(const cg_graph *g, cg_lid l, const char *name);
/* 1 and the amount when the link carries money, else 0. */
CG_API int cg_link_amount(const cg_graph *g, cg_lid l, int64_t *minor, const char **currency);

/* Name of an entity flag bit ("name_only_merge", "invalid_identifier"), NULL if unknown. */
CG_API const char *cg_entity_flag_to_string(unsigned bit);
/* The bit named s, or 0. */
CG_API unsigned cg_entity_flag_from_string(const char *s);

#endif
