/* The analysis view: the entities and links an analysis sees, as compact
 * arrays and, on request, an igraph graph. Private to analysis/ (the only
 * place igraph types may appear). */
#ifndef CG_VIEW_H
#define CG_VIEW_H

#include "cg_analysis.h"

#include <igraph.h>
#include <stdint.h>

/* No vertex: an entity the view left out (e2v), a vertex not yet reached. */
#define NO_VERTEX UINT32_MAX

typedef struct view {
	const cg_graph *g;
	size_t n;           /* vertices */
	cg_eid *v2e;        /* vertex -> entity; vertices sorted by entity id */
	uint32_t *e2v;      /* entity -> vertex, NO_VERTEX when left out */
	uint32_t *ncases;   /* vertex -> distinct cases of its entity (all counted) */
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

/* Builds the view of g for opts: the entities of opts->types (when none
 * are given, every type but the context ones, plus opts->include_types),
 * less those the exclusion list names (v->info.excluded) and those in more
 * than opts->max_cases cases (v->info.too_common); vertices in entity id
 * order; parallel links collapsed into one edge, self-links dropped.
 * with_igraph also builds v->ig. With opts->cache set, the arrays are
 * borrowed from the cache, which builds them once for equal options on an
 * unchanged graph; v->info is always v's own. Free with view_free.
 * Errors: CG_EIO, CG_ELIMIT (the exclusion list), CG_ENOMEM, CG_EINVAL
 * (igraph failed). */
int view_build(const cg_graph *g, const cg_view_opts *opts, int with_igraph, view *v,
               cg_error *err);
/* Frees what v owns (of a borrowed view, its info only) and zeroes it.
 * Accepts NULL. */
void view_free(view *v);
/* Moves the view's info into *out (the view keeps none). */
void view_take_info(view *v, cg_view_info *out);

/* Turns igraph's error code rc, raised in the step named what, into a
 * cg_error and returns its code: CG_ENOMEM, or CG_EINVAL with igraph's
 * message. */
int view_igraph_error(igraph_error_t rc, const char *what, cg_error *err);

/* Whether entity e, in nc cases, is too common for opts: in more than
 * max_cases cases, or known by a name alone in more than max_name_cases. */
int view_too_common(const cg_graph *g, cg_eid e, size_t nc, const cg_view_opts *opts);

/* Whether the type name of entity e is one of types[0..n). */
int type_in_list(const cg_graph *g, cg_eid e, const char *const *types, size_t n);

/* Sorts a[0..n) by entity id, in strcmp order: a radix sort on 8-byte
 * chunks of the ids, the most significant chunk first, about a tenth of a
 * merge sort's time at a million entities (ids share long prefixes). Cannot
 * fail: out of memory, it sorts by insertion, slowly but correctly. */
void sort_eids_by_id(const cg_graph *g, cg_eid *a, size_t n);

/* Communities of the view (edge weights: the links collapsed into each
 * edge) maximising modularity with resolution gamma, by Leiden (leiden
 * set) or Louvain, on the graph of view_csr_local: whole runs from the
 * last partition until it is stable or a run gains less than 1e-4 (at most
 * 20 runs; a run that lowers the modularity is undone). memb (v->n
 * entries) gets community numbers below *n_comm, in order of each
 * community's first vertex; *quality the modularity (NAN without edges);
 * *iterations the runs made. Deterministic for a seed. Time O(runs *
 * levels * edges) in practice, memory O(V + E). Returns 0 or CG_ENOMEM.
 * (analysis/leiden.c) */
int view_communities(const view *v, int leiden, double gamma, uint64_t seed, uint32_t *memb,
                     size_t *n_comm, double *quality, unsigned *iterations);
/* Modularity of the partition memb (numbers below v->n) with resolution
 * gamma, edges weighted as in view_communities (NAN without edges or
 * memory). (analysis/leiden.c) */
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

/* The number of distinct cases entity e is in, all counted. */
size_t entity_case_count(const cg_graph *g, cg_eid e);
/* The case of entity e's first provenance record ("" when it has none). */
const char *entity_first_case(const cg_graph *g, cg_eid e);

#endif
