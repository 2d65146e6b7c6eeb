/* The analysis view: the entities and links an analysis sees, as compact
 * arrays and, on request, an igraph graph. Private to analysis/ (the only
 * place igraph types may appear). */
#ifndef CG_VIEW_H
#define CG_VIEW_H

#include "cg_analysis.h"

#include <igraph.h>
#include <stdint.h>

#define NO_VERTEX UINT32_MAX

typedef struct view {
	const cg_graph *g;
	size_t n;            /* vertices */
	cg_eid *v2e;         /* vertex -> entity; vertices sorted by entity id */
	uint32_t *e2v;       /* entity -> vertex, NO_VERTEX when left out */
	size_t m;            /* edges: distinct linked pairs, self-links dropped */
	uint32_t *eu, *ev;   /* edge ends, eu < ev */
	uint32_t *ecount;    /* links collapsed into each edge */
	cg_lid *elink;       /* the first link (graph order) of each edge */
	size_t *off;         /* CSR: neighbours of v at adj[off[v] .. off[v+1]) */
	uint32_t *adj;       /* neighbour vertices, ascending */
	uint32_t *adj_edge;  /* the edge to each neighbour */
	int have_ig;
	igraph_t ig;         /* undirected, vertices and edges numbered as above */
	cg_view_info info;
} view;

/* Builds the view of g. with_igraph also builds v->ig. */
int view_build(const cg_graph *g, const cg_view_opts *opts, int with_igraph, view *v,
               cg_error *err);
void view_free(view *v);
/* Moves the view's info into *out (the view keeps none). */
void view_take_info(view *v, cg_view_info *out);

/* Turns an igraph error code into a cg_error. */
int view_igraph_error(igraph_error_t rc, const char *what, cg_error *err);

/* Sets 1 in allowed[type] for... : whether entity e passes a type list
 * (names). */
int type_in_list(const cg_graph *g, cg_eid e, const char *const *types, size_t n);

/* qsort comparator for cg_eid arrays by entity id, with the graph in a
 * file-static (qsort has no context argument). */
void sort_eids_by_id(const cg_graph *g, cg_eid *a, size_t n);

/* Distinct cases of entity e (counts only). */
size_t entity_case_count(const cg_graph *g, cg_eid e);
/* The first case of entity e ("" if none). */
const char *entity_first_case(const cg_graph *g, cg_eid e);

#endif
