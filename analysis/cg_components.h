/* Connected components of the entity graph (links taken as undirected),
 * and the igraph set-up of the analyses. igraph types stay inside
 * analysis/. */
#ifndef CG_COMPONENTS_H
#define CG_COMPONENTS_H

#include "cg_api.h"
#include "cg_error.h"
#include "cg_graph.h"

#include <stddef.h>

typedef struct cg_components {
	size_t count;       /* number of components, isolated entities included */
	size_t largest;     /* entities in the largest component */
	size_t isolated;    /* entities without any link */
	size_t *membership; /* entity -> component, numbered by first entity (0, 1, ...) */
	size_t n;           /* entities (length of membership) */
} cg_components;

/* Computes the components of g (union-find). *out is the caller's, freed
 * with cg_components_free. Cost: O(V + E) time (nearly), 20 bytes per
 * entity. Errors: CG_ENOMEM. */
CG_API int cg_components_compute(const cg_graph *g, cg_components **out, cg_error *err);
CG_API void cg_components_free(cg_components *c);

/* Installs igraph error and warning handlers that never abort or print;
 * call once at program start (cli main, test mains). */
CG_API void cg_analysis_init(void);

#endif
