/* Screening: the investigation's graph checked against reference lists
 * (sanctions lists, watchlists), docs/ANALYSIS.md "Screening".
 *
 * A reference list is read into a graph of its own. cg_screen_apply asks,
 * for every entity of that graph, whether it would merge with an entity of
 * the investigation by the graph's own rules (cg_graph_match_entity:
 * identity keys, names only without a conflicting date of birth,
 * nationality or registration number), also under each of its aliases and,
 * for a person written "SURNAME, Given", in the other order. Only what
 * matches joins the investigation: the reference record (its name, aliases,
 * properties such as the list id and programs, and its citation) is merged
 * into the matched entity with provenance flagged CG_PF_REFERENCE, whose
 * `via` says how it matched. A list the entity is on is evidence, not a case
 * (cg_iter_next_prov_case skips such records), so unmatched list entries
 * take no part in clusters, brokers, shared infrastructure, paths or
 * diagrams, and matched ones count only in the cases that name them. */
#ifndef CG_SCREEN_H
#define CG_SCREEN_H

#include "cg_api.h"
#include "cg_error.h"
#include "cg_graph.h"

#include <stddef.h>

/* How a reference entity matched, strongest first. */
typedef enum cg_screen_how {
	CG_SCREEN_KEY,       /* a strong identity key: registration number, passport, IBAN,
	                        e-mail, wallet ..., or a person's name with the date of birth */
	CG_SCREEN_NAME,      /* the listed name, normalised (no conflicting facts) */
	CG_SCREEN_ALIAS,     /* one of the listed aliases, normalised */
	CG_SCREEN_REORDERED, /* a person's "SURNAME, Given" read as "Given SURNAME" */
	CG_SCREEN_SIMILAR,   /* spelled otherwise (transliterated, initials, a typo): the merge
	                        candidates' score (cg_cand_score), CG_DEFAULT_MIN_SCORE or more */
	CG_SCREEN_LINKED,    /* not matched: brought in by a link of the list (depth 1) */
	CG_SCREEN_HOW_COUNT
} cg_screen_how;

/* The name of a match kind ("key", "name", "alias", "reordered", "similar",
 * "linked"). */
CG_API const char *cg_screen_how_to_string(cg_screen_how h);
/* Its score in [0, 1]: key 1.0, name 0.9, alias 0.85, reordered 0.8; 0 for
 * similar (each pair has its own score) and linked. */
CG_API double cg_screen_how_score(cg_screen_how h);

typedef struct cg_screen_opts {
	int depth;        /* 0: the matched entities only; 1: also the links the list
	                     gives them (its "Linked To"), with the entities at their ends */
	double min_score; /* matches scoring less are not taken (0: every match) */
} cg_screen_opts;

#define CG_SCREEN_OPTS_INIT                                                                        \
	{                                                                                          \
		0, 0.0                                                                             \
	}

typedef struct cg_screen_hit {
	cg_eid entity;     /* the investigation's entity (in g) */
	cg_eid ref;        /* the listed entity (in the reference graph) */
	cg_screen_how how; /* the strongest way it matched */
	double score;
	const char *via; /* the identity key it matched on (borrowed from g) */
} cg_screen_hit;

typedef struct cg_screen {
	cg_screen_hit *hits; /* in the reference graph's entity order */
	size_t n_hits;
	size_t n_reference;    /* entities of the reference graph looked at */
	size_t entities_added; /* depth 1: listed entities brought in by a link */
	size_t links_added;    /* depth 1: links of the list brought in */
} cg_screen;

/* Screens g against ref as above, merging what matches into g. *out (the
 * caller frees it with cg_screen_free) lists the hits. A reference record
 * the graph refuses is skipped (it matched nothing). Errors: CG_ENOMEM.
 * Cost: O(size of ref) expected, each record resolved once per name. */
CG_API int cg_screen_apply(cg_graph *g, const cg_graph *ref, const cg_screen_opts *opts,
                           cg_screen **out, cg_error *err);
CG_API void cg_screen_free(cg_screen *s);

/* One record of a reference list on an entity of the graph, as the graph
 * keeps it (so that a graph saved and read again lists the same). */
typedef struct cg_screen_row {
	cg_eid entity;
	cg_screen_how how; /* from the record's via ("reference: name name:acme") */
	double score;
	const char *via; /* the key matched on, or NULL (borrowed from g) */
	cg_prov prov;    /* the list's record: file, line, list (case), id */
} cg_screen_row;

/* Every reference record of g, in entity order then record order, into
 * *rows (the caller frees it) and *n. Errors: CG_ENOMEM. Cost: O(records). */
CG_API int cg_screen_rows(const cg_graph *g, cg_screen_row **rows, size_t *n, cg_error *err);

/* The property names that say what a listing is (program, list id,
 * listing date, remarks), in the order they are shown; *n gets their
 * number. */
CG_API const char *const *cg_screen_listing_props(size_t *n);

/* The rows of rows[i..n) that are about rows[i]'s entity end at the
 * returned index; *hit says whether one of them is a match (not only an
 * entity a list's link brought in). Walks cg_screen_rows's output an
 * entity at a time: for (i = 0; i < n; i = j) j = cg_screen_group(...). */
CG_API size_t cg_screen_group(const cg_screen_row *rows, size_t n, size_t i, int *hit);

/* Adds every entity of src to dst as src has it (name, aliases, roles,
 * properties, provenance; keys computed by dst), merging by dst's rules:
 * how a reference list joins the gazetteer that reports are read with.
 * A record dst refuses is skipped. Errors: CG_ENOMEM. */
CG_API int cg_screen_copy_entities(cg_graph *dst, const cg_graph *src, cg_error *err);

/* Whether entity e carries a record of a reference list (a screening hit,
 * or a listed entity a hit's link brought in). */
CG_API int cg_entity_listed(const cg_graph *g, cg_eid e);

#endif
