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
	size_t n;           /* vertices */
	cg_eid *v2e;        /* vertex -> entity; vertices sorted by entity id */
	uint32_t *e2v;      /* entity -> vertex, NO_VERTEX when left out */
	uint32_t *ncases;   /* vertex -> distinct cases of its entity (counted up to 32) */
	size_t m;           /* edges: distinct linked pairs, self-links dropped */
	uint32_t *eu, *ev;  /* edge ends, eu < ev */
	uint32_t *ecount;   /* links collapsed into each edge */
	cg_lid *elink;      /* the first link (graph order) of each edge */
	size_t *off;        /* CSR: neighbours of v at adj[off[v] .. off[v+1]) */
	uint32_t *adj;      /* neighbour vertices, ascending */
	uint32_t *adj_edge; /* the edge to each neighbour */
	int have_ig;
	igraph_t ig;  /* undirected, vertices and edges numbered as above */
	int borrowed; /* the arrays belong to a cg_view_cache (info does not) */
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

/* Communities of the view (edge weights: the links collapsed into each
 * edge) maximising modularity with resolution gamma, by Leiden (leiden
 * set) or Louvain, in whole runs from the last partition until it is
 * stable or a run gains less than 1e-4 (at most 20 runs). memb (v->n entries) gets community
 * numbers below *n_comm; *quality the modularity; *iterations the runs made. Deterministic for a
 * seed. Time O(runs * levels * edges) in practice, memory O(V + E). Returns 0 or CG_ENOMEM.
 * (analysis/leiden.c) */
int view_communities(const view *v, int leiden, double gamma, uint64_t seed, uint32_t *memb,
                     size_t *n_comm, double *quality, unsigned *iterations);
/* Modularity of the partition memb with resolution gamma (NAN without
 * edges or memory). */
double view_modularity(const view *v, const uint32_t *memb, double gamma);
/* Connected components: comp (v->n entries) gets numbers below the return
 * value, in order of each component's first vertex. O(V + E); returns
 * SIZE_MAX when out of memory. */
size_t view_components(const view *v, uint32_t *comp);

/* The view's graph renumbered for locality: vertices in breadth-first order
 * (components from their smallest-id vertex, neighbours in id order), so
 * that neighbours sit close together in memory. Vertices sorted by id
 * scatter a case over the whole range at a million entities, and every
 * pass over the edges then misses the cache; in this order Leiden and
 * Brandes run several times faster. Deterministic, and independent of the
 * order the inputs were read in. */
typedef struct view_csr {
	size_t n;
	size_t *off; /* neighbours of x at adj[off[x] .. off[x+1]) */
	uint32_t *adj;
	uint32_t *w;    /* links collapsed into each entry's edge (NULL unless asked) */
	uint32_t *perm; /* new vertex -> view vertex */
	uint32_t *inv;  /* view vertex -> new vertex */
} view_csr;

/* Builds the renumbered graph (with weights when with_w). O(V + E) time and
 * memory. Returns 0 or CG_ENOMEM. */
int view_csr_local(const view *v, int with_w, view_csr *out);
void view_csr_free(view_csr *c);

/* Sorts keys[0..n) (u << 32 | v, with u and v below nv) ascending, and
 * tags alongside (may be NULL), stably: two counting passes, O(n + nv)
 * time, O(n + nv) extra memory (qsort's comparisons cost a second at a
 * million entities). Returns 0 or CG_ENOMEM. */
int view_sort_pairs(uint64_t *keys, uint32_t *tags, size_t n, size_t nv);

/* Distinct cases of entity e (counts only). */
size_t entity_case_count(const cg_graph *g, cg_eid e);
/* The first case of entity e ("" if none). */
const char *entity_first_case(const cg_graph *g, cg_eid e);

#endif
