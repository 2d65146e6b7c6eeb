/* casegraph brokers: who connects otherwise separate parts of the network.
 * Betweenness (exact, or sampled with a stated standard error),
 * articulation points with the pieces their removal leaves, bridges,
 * Gould-Fernandez brokerage roles against a partition, Burt's constraint and
 * effective size. */
#include "topk.h"
#include "view.h"

#include "cg_array.h"
#include "cg_hash.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const partition_names[CG_PARTITION_COUNT] = {"case", "cluster", "country",
                                                                "type", "actor"};
static const char *const role_names[CG_GF_ROLE_COUNT] = {"coordinator", "itinerant",
                                                         "representative", "gatekeeper", "liaison"};

const char *cg_partition_to_string(cg_partition p)
{
	return (unsigned)p < CG_PARTITION_COUNT ? partition_names[p] : NULL;
}

cg_partition cg_partition_from_string(const char *s)
{
	int i = cg_name_index(partition_names, CG_PARTITION_COUNT, s);
	return i < 0 ? CG_PARTITION_COUNT : (cg_partition)i;
}

const char *cg_gf_role_to_string(cg_gf_role r)
{
	return (unsigned)r < CG_GF_ROLE_COUNT ? role_names[r] : NULL;
}

/* splitmix64: a small seeded generator, so that sampling does not depend on
 * igraph's RNG or its version. */
static uint64_t next_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Brandes' accumulation from the sources in src[0..k) (view vertices).
 * sum[v] and sumsq[v] get the per-source dependencies (pairs counted twice,
 * as Brandes counts them on an undirected graph). Runs on the view
 * renumbered in breadth-first order (view_csr_local), which at a million
 * entities keeps each search's neighbours in cache. O(k (V + E)) time,
 * O(V + E) memory. */
/* What is known of every vertex before ranking; the full cg_broker rows
 * (about 200 bytes each) are made for the ranked rows kept only, and the
 * measures that do not rank (brokerage roles, constraint, effective size,
 * cases around) are computed for those only. */
typedef struct brow {
	double betweenness, betweenness_se, lo, hi;
	size_t *split_sizes;
	size_t n_splits;
	size_t bridges;
	int articulation;
} brow;

typedef struct bnode {
	double sigma;    /* shortest paths from the source */
	double delta;    /* dependency of the source on this vertex */
	int32_t dist;    /* distance from the source, -1 when not reached */
	uint32_t leaves; /* leaves hanging on this vertex, or LEAF */
} bnode;

/* Leaves (one neighbour, itself not a leaf) are taken out of the
 * breadth-first searches, which is where a quarter of the vertices of a
 * case graph are: a leaf lies on no shortest path between two others, so
 * its dependency is 0 and each leaf hanging on w adds exactly 1 to w's (its
 * sigma is w's). A leaf l as a source sees what its neighbour u sees: for
 * every v other than u and l, delta_l(v) = delta_u(v), and delta_l(u) is the
 * size of the component less 2 (every path from l goes through u); so the
 * search runs from u and u's term is replaced. */
#define LEAF UINT32_MAX

/* The sources are dealt to BRANDES_LANES lanes (source i to lane i mod
 * lanes), each summing its own dependencies; the lanes are added in lane
 * order at the end. The result is the same bit for bit whether the lanes
 * run one after the other or in parallel, so it does not depend on the
 * machine's number of cores. */
#define BRANDES_LANES 2

typedef struct lane {
	const view_csr *c;      /* arcs to leaves removed */
	const uint32_t *leaves; /* per new vertex: leaves on it, or LEAF */
	const uint32_t *src;    /* view vertices */
	size_t k, first;        /* sources first, first + LANES, ... below k */
	double *s1, *s2;        /* per new vertex */
	int rc;
} lane;

static void *lane_run(void *arg)
{
	lane *L = arg;
	const view_csr *c = L->c;
	size_t n = c->n;
	/* sigma, delta and dist side by side: one cache line per neighbour */
	bnode *b = malloc((n ? n : 1) * sizeof *b);
	uint32_t *order = malloc((n ? n : 1) * sizeof *order);

	L->s1 = calloc(n ? n : 1, sizeof *L->s1);
	L->s2 = calloc(n ? n : 1, sizeof *L->s2);
	if (!b || !order || !L->s1 || !L->s2) {
		L->rc = CG_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		b[i].dist = -1;
		b[i].leaves = L->leaves[i];
	}
	for (size_t si = L->first; si < L->k; si += BRANDES_LANES) {
		uint32_t s = c->inv[L->src[si]], from_leaf = b[s].leaves == LEAF;
		size_t head = 0, tail = 0, reached = 0;
		if (from_leaf)
			s = c->adj[c->off[s]];
		order[tail++] = s;
		b[s].dist = 0;
		b[s].sigma = 1;
		b[s].delta = b[s].leaves;
		while (head < tail) {
			uint32_t x = order[head++];
			int32_t dn = b[x].dist + 1;
			double sx = b[x].sigma;
			reached += b[x].leaves;
			for (size_t j = c->off[x]; j < c->off[x + 1]; j++) {
				bnode *y = &b[c->adj[j]];
				if (y->dist < 0) {
					y->dist = dn;
					y->sigma = 0;
					y->delta = y->leaves;
					order[tail++] = c->adj[j];
				}
				if (y->dist == dn)
					y->sigma += sx;
			}
		}
		reached += tail;
		for (size_t i = tail; i-- > 0;) {
			uint32_t w = order[i];
			int32_t dp = b[w].dist - 1;
			double f = (1 + b[w].delta) / b[w].sigma;
			for (size_t j = c->off[w]; j < c->off[w + 1]; j++) {
				bnode *x = &b[c->adj[j]];
				if (x->dist == dp)
					x->delta += x->sigma * f;
			}
			if (w != s) {
				L->s1[w] += b[w].delta;
				L->s2[w] += b[w].delta * b[w].delta;
			}
		}
		if (from_leaf) {
			double d = (double)reached - 2;
			L->s1[s] += d;
			L->s2[s] += d * d;
		}
		for (size_t i = 0; i < tail; i++)
			b[order[i]].dist = -1;
	}
out:
	free(b);
	free(order);
	return NULL;
}

/* Marks the leaves of c (LEAF), counts those hanging on every other vertex,
 * and removes the arcs to them from c, in place; a leaf keeps its own arc.
 * NULL when out of memory. */
static uint32_t *prune_leaves(view_csr *c)
{
	size_t n = c->n, e = 0;
	uint32_t *leaves = calloc(n ? n : 1, sizeof *leaves);

	if (!leaves)
		return NULL;
	for (size_t x = 0; x < n; x++) {
		if (c->off[x + 1] - c->off[x] != 1)
			continue;
		uint32_t u = c->adj[c->off[x]];
		if (u != x && c->off[u + 1] - c->off[u] > 1) {
			leaves[x] = LEAF;
			leaves[u]++;
		}
	}
	for (size_t x = 0, start = 0; x < n; x++) {
		size_t end = c->off[x + 1];
		for (size_t j = start; j < end; j++)
			if (leaves[x] == LEAF || leaves[c->adj[j]] != LEAF)
				c->adj[e++] = c->adj[j];
		start = end;
		c->off[x + 1] = e;
	}
	return leaves;
}

static int brandes(const view *v, const uint32_t *src, size_t k, double *sum, double *sumsq)
{
	view_csr c;
	lane lanes[BRANDES_LANES];
	pthread_t tid[BRANDES_LANES];
	int started[BRANDES_LANES] = {0}, rc = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	uint32_t *leaves;

	if (view_csr_local(v, 0, &c))
		return CG_ENOMEM;
	if (!(leaves = prune_leaves(&c))) {
		view_csr_free(&c);
		return CG_ENOMEM;
	}
	memset(lanes, 0, sizeof lanes);
	for (int l = 0; l < BRANDES_LANES; l++) {
		lanes[l].c = &c;
		lanes[l].leaves = leaves;
		lanes[l].src = src;
		lanes[l].k = k;
		lanes[l].first = (size_t)l;
		/* a thread per lane when there are cores for them and work enough */
		if (l > 0 && cpus > 1 && k > 1 && v->n > 10000 &&
		    pthread_create(&tid[l], NULL, lane_run, &lanes[l]) == 0)
			started[l] = 1;
	}
	lane_run(&lanes[0]);
	for (int l = 1; l < BRANDES_LANES; l++) {
		if (started[l])
			pthread_join(tid[l], NULL);
		else
			lane_run(&lanes[l]);
	}
	for (int l = 0; l < BRANDES_LANES; l++)
		if (lanes[l].rc)
			rc = lanes[l].rc;
	for (size_t x = 0; !rc && x < v->n; x++)
		for (int l = 0; l < BRANDES_LANES; l++) {
			sum[x] += lanes[l].s1[c.inv[x]];
			sumsq[x] += lanes[l].s2[c.inv[x]];
		}
	for (int l = 0; l < BRANDES_LANES; l++) {
		free(lanes[l].s1);
		free(lanes[l].s2);
	}
	free(leaves);
	view_csr_free(&c);
	return rc;
}

/* Burt's constraint with the tie weights (links collapsed into each tie):
 * C_i = sum over neighbours j of (p_ij + sum over neighbours q of i of
 * p_iq p_qj)^2, p_ij = w_ij / (sum of i's tie weights); igraph's
 * definition (igraph_constraint), computed on the view's arrays in
 * O(sum over ties of the far end's degree). NAN for isolated entities. */
static int constraints(const view *v, const uint32_t *sel, size_t ns, cg_broker *rows)
{
	size_t n = v->n;
	double *str = calloc(n ? n : 1, sizeof *str), *contrib = calloc(n ? n : 1, sizeof *contrib);
	uint32_t *mark = malloc((n ? n : 1) * sizeof *mark);

	if (!str || !contrib || !mark) {
		free(str);
		free(contrib);
		free(mark);
		return CG_ENOMEM;
	}
	for (size_t x = 0; x < n; x++) {
		mark[x] = UINT32_MAX;
		for (size_t j = v->off[x]; j < v->off[x + 1]; j++)
			str[x] += v->ecount[v->adj_edge[j]];
	}
	for (size_t si = 0; si < ns; si++) {
		uint32_t i = sel[si];
		double c = 0;
		if (v->off[i] == v->off[i + 1]) {
			rows[si].constraint = NAN;
			continue;
		}
		for (size_t j = v->off[i]; j < v->off[i + 1]; j++) {
			mark[v->adj[j]] = i;
			contrib[v->adj[j]] = v->ecount[v->adj_edge[j]] / str[i];
		}
		for (size_t a = v->off[i]; a < v->off[i + 1]; a++) {
			uint32_t q = v->adj[a];
			double piq = v->ecount[v->adj_edge[a]] / str[i];
			for (size_t b = v->off[q]; b < v->off[q + 1]; b++) {
				uint32_t j = v->adj[b];
				if (j != i && mark[j] == i)
					contrib[j] += piq * v->ecount[v->adj_edge[b]] / str[q];
			}
		}
		for (size_t j = v->off[i]; j < v->off[i + 1]; j++)
			c += contrib[v->adj[j]] * contrib[v->adj[j]];
		rows[si].constraint = c;
	}
	free(str);
	free(contrib);
	free(mark);
	return 0;
}

typedef struct piece {
	uint32_t vertex;
	size_t size;
} piece;

static int cmp_piece(const void *a, const void *b)
{
	const piece *x = a, *y = b;
	if (x->vertex != y->vertex)
		return x->vertex < y->vertex ? -1 : 1;
	return x->size > y->size ? -1 : x->size < y->size;
}

/* Iterative DFS (Tarjan): articulation points, the pieces each leaves, and
 * bridges per vertex. O(V + E). */
static int cut_vertices(const view *v, brow *rows, size_t *n_bridges)
{
	size_t n = v->n, cap = 0, np = 0, t = 1;
	uint32_t *disc = calloc(n ? n : 1, sizeof *disc), *low = malloc((n ? n : 1) * sizeof *low);
	uint32_t *parent = malloc((n ? n : 1) * sizeof *parent);
	uint32_t *stack = malloc((n ? n : 1) * sizeof *stack);
	size_t *it = malloc((n ? n : 1) * sizeof *it), *sub = malloc((n ? n : 1) * sizeof *sub);
	size_t *children = calloc(n ? n : 1, sizeof *children);
	piece *pieces = NULL;
	int rc = 0;

	*n_bridges = 0;
	if (!disc || !low || !parent || !stack || !it || !sub || !children) {
		rc = CG_ENOMEM;
		goto out;
	}
	for (uint32_t r = 0; r < n; r++) {
		size_t sp = 0, first_piece = np;
		if (disc[r])
			continue;
		disc[r] = low[r] = (uint32_t)t++;
		parent[r] = UINT32_MAX;
		it[r] = v->off[r];
		sub[r] = 1;
		stack[sp++] = r;
		while (sp) {
			uint32_t x = stack[sp - 1];
			if (it[x] < v->off[x + 1]) {
				uint32_t y = v->adj[it[x]++];
				if (!disc[y]) {
					disc[y] = low[y] = (uint32_t)t++;
					parent[y] = x;
					it[y] = v->off[y];
					sub[y] = 1;
					stack[sp++] = y;
				} else if (y != parent[x] && disc[y] < low[x]) {
					low[x] = disc[y];
				}
				continue;
			}
			sp--;
			uint32_t p = parent[x];
			if (p == UINT32_MAX)
				continue;
			sub[p] += sub[x];
			if (low[x] < low[p])
				low[p] = low[x];
			children[p]++;
			if (low[x] >= disc[p]) {
				if (CG_ARRAY_GROW(pieces, cap, np + 1, 64)) {
					rc = CG_ENOMEM;
					goto out;
				}
				pieces[np].vertex = p;
				pieces[np++].size = sub[x];
			}
			if (low[x] > disc[p]) {
				rows[p].bridges++;
				rows[x].bridges++;
				(*n_bridges)++;
			}
		}
		/* the component is complete: sub[r] is its size. Group its pieces
		 * by vertex into the split lists of the articulation points. */
		size_t comp = sub[r];
		if (np - first_piece > 1)
			qsort(pieces + first_piece, np - first_piece, sizeof *pieces, cmp_piece);
		for (size_t i = first_piece; i < np;) {
			uint32_t p = pieces[i].vertex;
			size_t j = i, total = 0, k = 0;
			while (j < np && pieces[j].vertex == p)
				total += pieces[j++].size;
			if (p != r || children[p] >= 2) {
				rows[p].articulation = 1;
				rows[p].split_sizes =
				    malloc((j - i + 1) * sizeof *rows[p].split_sizes);
				if (!rows[p].split_sizes) {
					rc = CG_ENOMEM;
					goto out;
				}
				for (size_t q = i; q < j; q++)
					rows[p].split_sizes[k++] = pieces[q].size;
				if (comp - 1 > total)
					rows[p].split_sizes[k++] = comp - 1 - total;
				rows[p].n_splits = k;
			}
			i = j;
		}
		np = first_piece; /* pieces of this component are done */
	}
out:
	free(disc);
	free(low);
	free(parent);
	free(stack);
	free(it);
	free(sub);
	free(children);
	free(pieces);
	return rc;
}

static int cmp_size_desc(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x > y ? -1 : x < y;
}

/* Group of each vertex under the partition, as small integers. */
static int groups_of(const cg_graph *g, const view *v, const cg_broker_opts *opts, uint32_t *grp,
                     size_t *n_groups, cg_error *err)
{
	cg_map64 ids = CG_MAP64_INIT;
	cg_clusters *cl = NULL;
	int rc = 0;

	*n_groups = 0;
	if (opts->by == CG_BY_CLUSTER) {
		cg_cluster_opts co = opts->clusters;
		co.view = opts->view;
		if ((rc = cg_clusters_compute(g, &co, &cl, err)))
			return rc;
	}
	for (size_t x = 0; x < v->n; x++) {
		cg_eid e = v->v2e[x];
		const char *key = NULL;
		uint64_t k;
		uint32_t id;
		switch (opts->by) {
		case CG_BY_CASE:
			key = entity_first_case(g, e);
			break;
		case CG_BY_TYPE:
			key = cg_entity_type_name(g, e);
			break;
		case CG_BY_COUNTRY:
			key = cg_entity_prop(g, e, "country");
			if (!key)
				key = cg_entity_prop(g, e, "nationality");
			if (!key)
				key = cg_entity_prop(g, e, "jurisdiction");
			if (!key && cg_entity_type_of(g, e) == CG_ET_COUNTRY)
				key = cg_entity_name(g, e);
			if (!key)
				key = "";
			break;
		default:
			break;
		}
		if (opts->by == CG_BY_CLUSTER) {
			k = cl->membership[e] == SIZE_MAX ? UINT64_MAX : cl->membership[e];
		} else {
			/* property values are interned: equal text, equal pointer */
			k = (uint64_t)(uintptr_t)key;
		}
		if (!cg_map64_get(&ids, k, &id)) {
			id = (uint32_t)(*n_groups)++;
			if (cg_map64_put(&ids, k, id)) {
				rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
				break;
			}
		}
		grp[x] = id;
	}
	cg_map64_free(&ids);
	cg_clusters_free(cl);
	return rc;
}

/* Directed adjacency for brokerage: a -> b for each directed link, both ways
 * for undirected ones; collapsed, sorted. */
typedef struct dadj {
	size_t *out_off, *in_off;
	uint32_t *out, *in;
} dadj;

static void dadj_free(dadj *d)
{
	free(d->out_off);
	free(d->in_off);
	free(d->out);
	free(d->in);
}

static int dadj_build(const cg_graph *g, const view *v, dadj *d)
{
	size_t nl = cg_graph_link_count(g), np = 0, m = 0;
	uint64_t *arcs = malloc((nl ? 2 * nl : 1) * sizeof *arcs);

	memset(d, 0, sizeof *d);
	if (!arcs)
		return CG_ENOMEM;
	for (cg_lid l = 0; l < nl; l++) {
		uint32_t a = v->e2v[cg_link_source(g, l)], b = v->e2v[cg_link_target(g, l)];
		if (a == NO_VERTEX || b == NO_VERTEX || a == b)
			continue;
		arcs[np++] = (uint64_t)a << 32 | b;
		if (!cg_link_directed(g, l))
			arcs[np++] = (uint64_t)b << 32 | a;
	}
	if (np > 1 && view_sort_pairs(arcs, NULL, np, v->n)) {
		free(arcs);
		return CG_ENOMEM;
	}
	for (size_t i = 0; i < np; i++)
		if (i == 0 || arcs[i] != arcs[i - 1])
			arcs[m++] = arcs[i];
	d->out_off = calloc(v->n + 1, sizeof *d->out_off);
	d->in_off = calloc(v->n + 1, sizeof *d->in_off);
	d->out = malloc((m ? m : 1) * sizeof *d->out);
	d->in = malloc((m ? m : 1) * sizeof *d->in);
	if (!d->out_off || !d->in_off || !d->out || !d->in) {
		free(arcs);
		dadj_free(d);
		return CG_ENOMEM;
	}
	for (size_t i = 0; i < m; i++) {
		d->out_off[(arcs[i] >> 32) + 1]++;
		d->in_off[(uint32_t)arcs[i] + 1]++;
	}
	for (size_t x = 0; x < v->n; x++) {
		d->out_off[x + 1] += d->out_off[x];
		d->in_off[x + 1] += d->in_off[x];
	}
	size_t *fill = malloc((v->n ? v->n : 1) * sizeof *fill);
	if (!fill) {
		free(arcs);
		dadj_free(d);
		return CG_ENOMEM;
	}
	/* arcs sorted by (a, b): out lists come out sorted */
	for (size_t i = 0; i < m; i++)
		d->out[i] = (uint32_t)arcs[i];
	memcpy(fill, d->in_off, v->n * sizeof *fill);
	for (size_t i = 0; i < m; i++) {
		uint32_t b = (uint32_t)arcs[i];
		d->in[fill[b]++] = (uint32_t)(arcs[i] >> 32);
	}
	free(fill);
	free(arcs);
	return 0;
}

static int has_arc(const dadj *d, uint32_t a, uint32_t c)
{
	size_t lo = d->out_off[a], hi = d->out_off[a + 1];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (d->out[mid] == c)
			return 1;
		if (d->out[mid] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Gould-Fernandez counts and z-scores. The expected count of role r for a
 * broker b of group B is T_b * P_r, where T_b counts b's open two-paths
 * a -> b -> c (a != c, no a -> c) and P_r is the probability of r when a and
 * c are drawn from the other vertices with the observed group sizes; the
 * variance is binomial, T_b P_r (1 - P_r). */
static void brokerage(const view *v, const dadj *d, const uint32_t *grp, size_t n_groups,
                      const uint32_t *sel, size_t ns, cg_broker *rows)
{
	size_t *gsize = calloc(n_groups ? n_groups : 1, sizeof *gsize);
	double s2 = 0, nn;

	if (!gsize)
		return;
	for (size_t x = 0; x < v->n; x++)
		gsize[grp[x]]++;
	nn = v->n > 1 ? (double)(v->n - 1) : 1;
	for (size_t k = 0; k < n_groups; k++)
		s2 += ((double)gsize[k] / nn) * ((double)gsize[k] / nn);
	for (size_t sb = 0; sb < ns; sb++) {
		uint32_t b = sel[sb];
		double count[CG_GF_ROLE_COUNT] = {0}, total = 0;
		uint32_t B = grp[b];
		for (size_t i = d->in_off[b]; i < d->in_off[b + 1]; i++) {
			uint32_t a = d->in[i];
			for (size_t j = d->out_off[b]; j < d->out_off[b + 1]; j++) {
				uint32_t c = d->out[j];
				if (a == c || has_arc(d, a, c))
					continue;
				total++;
				uint32_t A = grp[a], C = grp[c];
				if (A == B && C == B)
					count[CG_GF_COORDINATOR]++;
				else if (A == C)
					count[CG_GF_ITINERANT]++;
				else if (A == B)
					count[CG_GF_REPRESENTATIVE]++;
				else if (C == B)
					count[CG_GF_GATEKEEPER]++;
				else
					count[CG_GF_LIAISON]++;
			}
		}
		double pb = ((double)gsize[B] - 1) / nn, pbfull = (double)gsize[B] / nn;
		double others2 = s2 - pbfull * pbfull;
		double p[CG_GF_ROLE_COUNT];
		p[CG_GF_COORDINATOR] = pb * pb;
		p[CG_GF_ITINERANT] = others2;
		p[CG_GF_REPRESENTATIVE] = pb * (1 - pb);
		p[CG_GF_GATEKEEPER] = (1 - pb) * pb;
		p[CG_GF_LIAISON] = (1 - pb) * (1 - pb) - others2;
		for (int r = 0; r < CG_GF_ROLE_COUNT; r++) {
			double e = total * p[r], var = total * p[r] * (1 - p[r]);
			rows[sb].gf[r] = count[r];
			rows[sb].gf_z[r] = var > 1e-12 ? (count[r] - e) / sqrt(var) : 0;
		}
	}
	free(gsize);
}

/* Burt's effective size with binary ties: degree - 2 t / degree, t the ties
 * among the neighbours. */
static int effective_sizes(const view *v, const uint32_t *sel, size_t ns, cg_broker *rows)
{
	uint32_t *mark = malloc((v->n ? v->n : 1) * sizeof *mark);

	if (!mark)
		return CG_ENOMEM;
	for (size_t x = 0; x < v->n; x++)
		mark[x] = UINT32_MAX;
	for (size_t sx = 0; sx < ns; sx++) {
		uint32_t x = sel[sx];
		size_t deg = v->off[x + 1] - v->off[x];
		double t = 0;
		if (!deg) {
			rows[sx].effective_size = 0;
			continue;
		}
		for (size_t j = v->off[x]; j < v->off[x + 1]; j++)
			mark[v->adj[j]] = x;
		for (size_t j = v->off[x]; j < v->off[x + 1]; j++) {
			uint32_t w = v->adj[j];
			for (size_t k = v->off[w]; k < v->off[w + 1]; k++)
				if (v->adj[k] > w && mark[v->adj[k]] == x)
					t++;
		}
		rows[sx].effective_size = (double)deg - 2 * t / (double)deg;
	}
	free(mark);
	return 0;
}

/* qsort has no context argument: the rows being ranked, in a file-static
 * (not thread-safe, like the rest of the analyses). Betweenness, then cut
 * points first, then vertex (= id) order. */
static const brow *sort_rows;

static int cmp_row_index(const void *a, const void *b)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	const brow *x = &sort_rows[i], *y = &sort_rows[j];
	if (x->betweenness != y->betweenness)
		return x->betweenness > y->betweenness ? -1 : 1;
	if (x->articulation != y->articulation)
		return x->articulation ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* What the stages of cg_brokers_compute hand on to each other. */
typedef struct br_work {
	const cg_graph *g;
	const cg_broker_opts *opts;
	view v;
	brow *rows;      /* per vertex: betweenness and cut points, before ranking */
	uint32_t *order; /* the vertices by rank */
	size_t keep;     /* rows kept: opts->top, or every vertex */
	cg_brokers *b;   /* the result */
} br_work;

size_t cg_broker_default_paths(size_t n)
{
	double r = (double)CG_DEFAULT_PATHS_UPTO / (double)n;
	size_t sq, lin;

	/* smaller views: in proportion, not below CG_MIN_PATHS_PER_SIZE (a
	 * path's share of the pairs is larger there, so fewer separate the
	 * top rows; without a cap that shrinks, 10,000 entities drew 270,000
	 * paths in 3 s) */
	if (n <= CG_DEFAULT_PATHS_UPTO) {
		size_t prop = (size_t)((double)CG_DEFAULT_MAX_PATHS / r);
		return prop < CG_MIN_PATHS_PER_SIZE ? CG_MIN_PATHS_PER_SIZE : prop;
	}
	sq = (size_t)((double)CG_DEFAULT_MAX_PATHS * r * r);
	lin = (size_t)((double)CG_MIN_PATHS_PER_SIZE * r);
	if (sq < lin)
		sq = lin;
	return sq < CG_MIN_DEFAULT_PATHS ? CG_MIN_DEFAULT_PATHS : sq;
}

/* The top-k sampler (topk.h) into w->rows: estimates, bounds, epsilon. */
static int br_topk(br_work *w)
{
	const cg_broker_opts *opts = w->opts;
	cg_brokers *b = w->b;
	topk_opts to = {opts->top ? opts->top : CG_DEFAULT_TOP_K, opts->delta, opts->rel_epsilon,
	                opts->seed,
	                opts->max_paths ? opts->max_paths : cg_broker_default_paths(w->v.n)};
	topk_out r;

	if (!(to.delta > 0 && to.delta < 1))
		to.delta = CG_DEFAULT_DELTA;
	if (!(to.rel_epsilon > 0))
		to.rel_epsilon = CG_DEFAULT_REL_EPSILON;
	if (topk_betweenness(&w->v, &to, &r))
		return CG_ENOMEM;
	for (size_t x = 0; x < w->v.n; x++) {
		brow *row = &w->rows[x];
		row->betweenness = r.est[x];
		row->lo = r.lo[x];
		row->hi = r.hi[x];
		/* the binomial standard error, for the column readers know */
		double pairs = (double)w->v.n * (double)(w->v.n - 1) / 2, p = r.est[x] / pairs;
		row->betweenness_se = r.paths ? pairs * sqrt(p * (1 - p) / (double)r.paths) : 0;
	}
	b->paths = 1;
	b->samples = r.paths;
	b->top_k = to.k < w->v.n ? to.k : w->v.n;
	b->epsilon = r.epsilon;
	b->delta = to.delta;
	b->converged = r.converged;
	topk_out_free(&r);
	return 0;
}

/* Betweenness of every vertex into w->rows: Brandes from every source
 * (exact, up to opts->exact_limit vertices), the top-k sampler (the
 * default above it), or Brandes from opts->samples sampled sources, with
 * the standard error of the estimate. Returns 0 or CG_ENOMEM. */
static int br_betweenness(br_work *w)
{
	const view *v = &w->v;
	const cg_broker_opts *opts = w->opts;
	cg_brokers *b = w->b;
	brow *rows = w->rows;
	size_t k = opts->samples;
	uint64_t state = opts->seed;
	uint32_t *src = NULL;
	double *sum = NULL, *sumsq = NULL;
	int rc = 0;

	if (v->n <= opts->exact_limit) {
		b->exact = 1;
		k = v->n;
	} else if (!k) {
		return br_topk(w);
	}
	if (k > v->n)
		k = v->n;
	if (!b->exact)
		b->samples = k;
	src = malloc((v->n ? v->n : 1) * sizeof *src);
	sum = calloc(v->n ? v->n : 1, sizeof *sum);
	sumsq = calloc(v->n ? v->n : 1, sizeof *sumsq);
	if (!src || !sum || !sumsq) {
		rc = CG_ENOMEM;
		goto out;
	}
	for (size_t x = 0; x < v->n; x++)
		src[x] = (uint32_t)x;
	for (size_t i = 0; i < k && !b->exact; i++) { /* partial Fisher-Yates */
		size_t j = i + (size_t)(next_rand(&state) % (v->n - i));
		uint32_t t = src[i];
		src[i] = src[j];
		src[j] = t;
	}
	if (brandes(v, src, k, sum, sumsq)) {
		rc = CG_ENOMEM;
		goto out;
	}
	/* estimate of the pair-counted betweenness: (n / k) * sum / 2
	 * (exact when k = n); its standard error from the spread of the
	 * per-source terms, with the finite-population correction */
	double n = (double)v->n, kk = (double)k;
	for (size_t x = 0; x < v->n; x++) {
		if (b->exact) {
			rows[x].betweenness = rows[x].lo = rows[x].hi = sum[x] / 2;
			continue;
		}
		double mean = sum[x] / kk, var = sumsq[x] / kk - mean * mean;
		if (var < 0)
			var = 0;
		rows[x].betweenness = n * mean / 2;
		rows[x].betweenness_se =
		    k > 1 ? n / 2 * sqrt(var * kk / (kk - 1) / kk * (1 - kk / n)) : 0;
		rows[x].lo = rows[x].betweenness - 2 * rows[x].betweenness_se;
		rows[x].hi = rows[x].betweenness + 2 * rows[x].betweenness_se;
		if (rows[x].lo < 0)
			rows[x].lo = 0;
	}
out:
	free(src);
	free(sum);
	free(sumsq);
	return rc;
}

/* Articulation points, with the pieces each leaves (largest first), and
 * bridges, into w->rows. Returns 0 or CG_ENOMEM. */
static int br_cut_points(br_work *w)
{
	brow *rows = w->rows;

	if (cut_vertices(&w->v, rows, &w->b->n_bridges))
		return CG_ENOMEM;
	for (size_t x = 0; x < w->v.n; x++)
		if (rows[x].n_splits)
			qsort(rows[x].split_sizes, rows[x].n_splits, sizeof *rows[x].split_sizes,
			      cmp_size_desc);
	return 0;
}

/* Ranks the vertices (betweenness, then cut points, then id = vertex
 * order) into w->order, and moves the top w->keep of them into the rows of
 * the result. Returns 0 or CG_ENOMEM. */
static int br_rank(br_work *w)
{
	const view *v = &w->v;
	cg_brokers *b = w->b;
	double pairs = v->n > 2 ? (double)(v->n - 1) * (double)(v->n - 2) / 2 : 1;

	w->order = malloc((v->n ? v->n : 1) * sizeof *w->order);
	if (!w->order)
		return CG_ENOMEM;
	for (size_t x = 0; x < v->n; x++)
		w->order[x] = (uint32_t)x;
	sort_rows = w->rows;
	qsort(w->order, v->n, sizeof *w->order, cmp_row_index);
	w->keep = w->opts->top && w->opts->top < v->n ? w->opts->top : v->n;
	b->rows = calloc(w->keep ? w->keep : 1, sizeof *b->rows);
	if (!b->rows)
		return CG_ENOMEM;
	b->n = w->keep;
	double group_lo = 0;
	for (size_t i = 0; i < w->keep; i++) {
		cg_broker *r = &b->rows[i];
		uint32_t x = w->order[i];
		brow *row = &w->rows[x];
		r->entity = v->v2e[x];
		r->rank_betweenness = i + 1;
		r->betweenness = row->betweenness;
		r->betweenness_se = row->betweenness_se;
		r->betweenness_lo = row->lo;
		r->betweenness_hi = row->hi;
		/* a tie group: a row joins the group above when its estimate is
		 * within epsilon of the group's first or its upper bound reaches
		 * the lowest lower bound of the group (the sample cannot order
		 * them); so a row that starts a group is below every row above */
		if (i > 0 &&
		    (b->rows[b->rows[i - 1].tie - 1].betweenness - row->betweenness <= b->epsilon ||
		     row->hi >= group_lo)) {
			r->tie = b->rows[i - 1].tie;
			group_lo = row->lo < group_lo ? row->lo : group_lo;
		} else {
			r->tie = i + 1;
			group_lo = row->lo;
		}
		r->betweenness_norm = row->betweenness / pairs;
		r->articulation = row->articulation;
		r->split_sizes = row->split_sizes;
		r->n_splits = row->n_splits;
		row->split_sizes = NULL; /* moved */
		r->bridges = row->bridges;
		r->degree = v->off[x + 1] - v->off[x];
		r->n_cases = v->ncases[x];
	}
	return 0;
}

/* Brokerage roles against the partition, constraint and effective size,
 * for the rows kept. Returns 0 or a CG_E* code, with err set. */
static int br_roles(br_work *w, cg_error *err)
{
	const view *v = &w->v;
	cg_brokers *b = w->b;
	uint32_t *grp = malloc((v->n ? v->n : 1) * sizeof *grp);
	dadj d;
	int have_d = 0, rc; /* a failed dadj_build frees its own */

	if (!grp) {
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	if ((rc = groups_of(w->g, v, w->opts, grp, &b->n_groups, err)))
		goto out;
	if (dadj_build(w->g, v, &d)) {
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	have_d = 1;
	brokerage(v, &d, grp, b->n_groups, w->order, w->keep, b->rows);
	if (constraints(v, w->order, w->keep, b->rows) ||
	    effective_sizes(v, w->order, w->keep, b->rows))
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
out:
	free(grp);
	if (have_d)
		dadj_free(&d);
	return rc;
}

/* The cases around each entity kept: its own first case and its
 * neighbours' (up to 16), and whether it bridges cases. */
static void br_neighbour_cases(br_work *w)
{
	const view *v = &w->v;

	for (size_t i = 0; i < w->keep; i++) {
		uint32_t x = w->order[i];
		const char *seen[16];
		size_t ns = 0;
		seen[ns++] = entity_first_case(w->g, v->v2e[x]);
		for (size_t j = v->off[x]; j < v->off[x + 1] && ns < 16; j++) {
			const char *c = entity_first_case(w->g, v->v2e[v->adj[j]]);
			size_t k = 0;
			while (k < ns && seen[k] != c)
				k++;
			if (k == ns)
				seen[ns++] = c;
		}
		w->b->rows[i].neighbour_cases = ns;
		w->b->rows[i].bridges_cases = w->b->rows[i].n_cases >= 2 || ns >= 2;
	}
}

int cg_brokers_compute(const cg_graph *g, const cg_broker_opts *opts, cg_brokers **out,
                       cg_error *err)
{
	br_work w;
	int rc;

	*out = NULL;
	if (opts->by == CG_BY_ACTOR)
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0,
		                    "brokerage roles need one group per entity: --by actor is for "
		                    "shared only (case, cluster, country or type)");
	memset(&w, 0, sizeof w);
	w.g = g;
	w.opts = opts;
	if ((rc = view_build(g, &opts->view, 0, &w.v, err)))
		return rc;
	w.b = calloc(1, sizeof *w.b);
	w.rows = calloc(w.v.n ? w.v.n : 1, sizeof *w.rows);
	if (!w.b || !w.rows || br_betweenness(&w) || br_cut_points(&w) || br_rank(&w)) {
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	if ((rc = br_roles(&w, err)))
		goto out;
	br_neighbour_cases(&w);
	w.b->by = opts->by;
	w.b->seed = opts->seed;
	view_take_info(&w.v, &w.b->info);
	*out = w.b;
	w.b = NULL;
out:
	for (size_t x = 0; w.rows && x < w.v.n; x++)
		free(w.rows[x].split_sizes);
	free(w.rows);
	free(w.order);
	view_free(&w.v);
	cg_brokers_free(w.b);
	return rc;
}

void cg_brokers_free(cg_brokers *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		free(b->rows[i].split_sizes);
	free(b->rows);
	cg_view_info_free(&b->info);
	free(b);
}
