/* cg_summary: what a graph holds, counted (the data behind `casegraph stats`). */
#ifndef CG_SUMMARY_H
#define CG_SUMMARY_H

#include "cg_api.h"
#include "cg_error.h"
#include "cg_graph.h"

#include <stddef.h>

/* A name with counts, e.g. a type and how many entities have it. */
typedef struct cg_count {
	const char *name; /* borrowed from the graph */
	size_t count;     /* entities (or links) */
	size_t links;     /* for cases: links read from the case */
} cg_count;

typedef struct cg_summary {
	size_t entities, links;
	size_t records;         /* entity records read (provenance entries) */
	size_t merged_entities; /* entities made of two or more records */
	size_t cross_case;      /* entities present in two or more cases */
	size_t name_only;       /* entities merged on a name alone */
	size_t invalid_ids;     /* entities with an identifier that failed validation */
	cg_count *entity_types; /* sorted by count, then name */
	size_t n_entity_types;
	cg_count *link_types;
	size_t n_link_types;
	cg_count *cases; /* sorted by name */
	size_t n_cases;
} cg_summary;

/* Counts g. *out is the caller's to free with cg_summary_free. Cost:
 * O(entities + links + provenance records). Errors: CG_ENOMEM. */
CG_API int cg_summary_compute(const cg_graph *g, cg_summary **out, cg_error *err);
CG_API void cg_summary_free(cg_summary *s);

/* The distinct cases of entity e, in order of first appearance, written to
 * cases (the first max of them); returns how many there are in all. */
CG_API size_t cg_entity_cases(const cg_graph *g, cg_eid e, const char **cases, size_t max);
/* The same for link l. */
CG_API size_t cg_link_cases(const cg_graph *g, cg_lid l, const char **cases, size_t max);

#endif
