/* Communities of the view by modularity: Leiden (Traag, Waltman and van Eck
 * 2019: fast local moving, refinement into well-connected sub-communities,
 * aggregation of the refinement) and Louvain (Blondel et al. 2008: local
 * moving, aggregation of the partition), on the view's CSR arrays.
 *
 * casegraph used igraph's functions at first; at a million vertices igraph
 * 0.10's Leiden took 13.6 s for its first two iterations and 3 to 4 s for
 * each further one (its profile: generic vector and incidence-list calls),
 * and python-igraph's multilevel (Louvain) 21 to 54 s in the peer pipeline. Working on flat arrays
 * with integer edge weights, one iteration here costs a few passes over the edges
 * (docs/PERFORMANCE.md). The results are modularity partitions of the same kind;
 * tests/test_analysis.c checks the quality against known values and igraph's own modularity
 * function.
 *
 * Weights are the links collapsed into each edge (integers). Node weights
 * are strengths, so that the quality is modularity with resolution gamma:
 *   Q = 1/2m sum_c (2 in_c - gamma K_c^2 / 2m),
 * and moving node i into community C gains w(i, C) - gamma k_i K_C / 2m
 * (times 1/m). */
#include "view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LEIDEN_THETA   0.01 /* randomness of the refinement (as igraph's default) */
#define MAX_ITERATIONS 20   /* whole runs from the last partition, until it is stable */
#define MIN_GAIN       1e-4 /* or until a run gains less modularity than this */

/* One level: a weighted undirected graph in CSR form. Edges appear in both
 * directions; self-loops are kept apart. */
typedef struct level {
	size_t n;
	size_t *off;   /* n + 1 */
	uint32_t *adj; /* off[n] entries */
	uint32_t *w;   /* weight of each entry */
	double *k;     /* strength: the original strength of the members */
	int own;       /* off, adj, w allocated here (level 0 borrows them) */
} level;

static void level_free(level *l)
{
	if (l->own) {
		free(l->off);
		free(l->adj);
		free(l->w);
		free(l->k);
	}
	memset(l, 0, sizeof *l);
}

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform double in [0, 1). */
static double rnd01(uint64_t *s)
{
	return (double)(rnd(s) >> 11) * (1.0 / 9007199254740992.0);
}

/* Scratch shared by the phases, sized for level 0 (levels only shrink). */
typedef struct work {
	double *nw; /* weight to each community, valid where stamp == cur */
	uint32_t *stamp;
	uint32_t cur;
	uint32_t *touched; /* communities seen around the current node */
	uint32_t *order;
	uint32_t *queue;
	uint8_t *inq;
	double *K;       /* community strength */
	uint32_t *csize; /* nodes per community */
	uint32_t *empty; /* stack of empty community ids */
	uint32_t *r;     /* refinement: refined community of each node */
	double *Kr, *extw;
	uint32_t *rsize;
} work;

static void work_free(work *w)
{
	free(w->nw);
	free(w->stamp);
	free(w->touched);
	free(w->order);
	free(w->queue);
	free(w->inq);
	free(w->K);
	free(w->csize);
	free(w->empty);
	free(w->r);
	free(w->Kr);
	free(w->extw);
	free(w->rsize);
}

static int work_init(work *w, size_t n)
{
	size_t m = n ? n : 1;
	memset(w, 0, sizeof *w);
	w->nw = malloc(m * sizeof *w->nw);
	w->stamp = calloc(m, sizeof *w->stamp);
	w->touched = malloc(m * sizeof *w->touched);
	w->order = malloc(m * sizeof *w->order);
	w->queue = malloc(m * sizeof *w->queue);
	w->inq = malloc(m);
	w->K = malloc(m * sizeof *w->K);
	w->csize = malloc(m * sizeof *w->csize);
	w->empty = malloc(m * sizeof *w->empty);
	w->r = malloc(m * sizeof *w->r);
	w->Kr = malloc(m * sizeof *w->Kr);
	w->extw = malloc(m * sizeof *w->extw);
	w->rsize = malloc(m * sizeof *w->rsize);
	if (!w->nw || !w->stamp || !w->touched || !w->order || !w->queue || !w->inq || !w->K ||
	    !w->csize || !w->empty || !w->r || !w->Kr || !w->extw || !w->rsize) {
		work_free(w);
		return CG_ENOMEM;
	}
	return 0;
}

/* Starts a new accumulation of weights per community. */
static void stamp_next(work *w, size_t n)
{
	if (++w->cur == 0) { /* wrapped: clear the stamps once */
		memset(w->stamp, 0, n * sizeof *w->stamp);
		w->cur = 1;
	}
}

/* Collects the weights from i to each community of comm[] among its
 * neighbours (self-loops left out); returns how many were touched. When
 * only is not UINT32_MAX, only neighbours with within[j] == only count. */
static size_t gather(const level *l, work *w, size_t i, const uint32_t *comm,
                     const uint32_t *within, uint32_t only)
{
	size_t nt = 0;
	stamp_next(w, l->n);
	for (size_t j = l->off[i]; j < l->off[i + 1]; j++) {
		uint32_t y = l->adj[j];
		if (y == i || (within && within[y] != only))
			continue;
		uint32_t c = comm[y];
		if (w->stamp[c] != w->cur) {
			w->stamp[c] = w->cur;
			w->nw[c] = 0;
			w->touched[nt++] = c;
		}
		w->nw[c] += l->w[j];
	}
	return nt;
}

/* Leiden's fast local moving: nodes from a queue (in vertex order first:
 * the paper visits them at random, but at a million vertices a random order
 * misses the cache on every neighbour and costs three times as much), each
 * to the community that gains most (staying wins ties; an empty community
 * when every move loses), its neighbours outside the new community queued
 * again. Returns whether any node moved. */
static int move_nodes(const level *l, work *w, uint32_t *comm, double gamma, double m2)
{
	size_t n = l->n, head = 0, count = n, ne = 0;
	int moved = 0;

	for (size_t c = 0; c < n; c++) {
		w->K[c] = 0;
		w->csize[c] = 0;
	}
	for (size_t i = 0; i < n; i++) {
		w->K[comm[i]] += l->k[i];
		w->csize[comm[i]]++;
	}
	for (size_t c = n; c-- > 0;)
		if (!w->csize[c])
			w->empty[ne++] = (uint32_t)c;
	for (size_t i = 0; i < n; i++)
		w->queue[i] = (uint32_t)i;
	memset(w->inq, 1, n);
	while (count) {
		uint32_t i = w->queue[head];
		head = head + 1 == n ? 0 : head + 1;
		count--;
		w->inq[i] = 0;
		uint32_t ci = comm[i];
		size_t nt = gather(l, w, i, comm, NULL, 0);
		double ki = l->k[i], f = gamma * ki / m2;
		w->K[ci] -= ki;
		if (--w->csize[ci] == 0)
			w->K[ci] = 0; /* no rounding residue in an empty community */
		double own = w->stamp[ci] == w->cur ? w->nw[ci] : 0;
		uint32_t best = ci;
		double best_gain = own - f * w->K[ci];
		for (size_t t = 0; t < nt; t++) {
			uint32_t c = w->touched[t];
			double gain = w->nw[c] - f * w->K[c];
			if (gain > best_gain || (gain == best_gain && c < best && best != ci)) {
				best = c;
				best_gain = gain;
			}
		}
		if (best_gain < 0 && w->csize[ci] > 0 && ne > 0) {
			best = w->empty[--ne]; /* alone is better than anywhere */
		}
		if (w->csize[ci] == 0 && best != ci)
			w->empty[ne++] = ci;
		w->K[best] += ki;
		w->csize[best]++;
		comm[i] = best;
		if (best != ci) {
			moved = 1;
			for (size_t j = l->off[i]; j < l->off[i + 1]; j++) {
				uint32_t y = l->adj[j];
				if (!w->inq[y] && comm[y] != best) {
					size_t tail = head + count;
					w->queue[tail >= n ? tail - n : tail] = y;
					w->inq[y] = 1;
					count++;
				}
			}
		}
	}
	return moved;
}

/* Renumbers comm[0..n) to 0..k-1 in order of first appearance; returns k. */
static size_t renumber(uint32_t *comm, size_t n, uint32_t *map)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		map[i] = UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		if (map[comm[i]] == UINT32_MAX)
			map[comm[i]] = (uint32_t)k++;
		comm[i] = map[comm[i]];
	}
	return k;
}

/* Leiden's refinement (nodes in vertex order, for the same reason): inside
 * each community of comm, nodes start alone; a node still alone and well
 * connected to its community joins a well-connected refined community of
 * it, chosen at random with weight exp(gain / theta) among those that do
 * not lose (staying alone included). Fills w->r. */
static void refine(const level *l, work *w, const uint32_t *comm, double gamma, double m2,
                   uint64_t *seed)
{
	size_t n = l->n;

	for (size_t c = 0; c < n; c++)
		w->K[c] = 0;
	for (size_t i = 0; i < n; i++) {
		w->K[comm[i]] += l->k[i];
		w->r[i] = (uint32_t)i;
		w->Kr[i] = l->k[i];
		w->rsize[i] = 1;
		double e = 0;
		for (size_t j = l->off[i]; j < l->off[i + 1]; j++)
			if (l->adj[j] != i && comm[l->adj[j]] == comm[i])
				e += l->w[j];
		w->extw[i] = e;
	}
	for (size_t v = 0; v < n; v++) {
		uint32_t C = comm[v];
		if (w->rsize[w->r[v]] != 1)
			continue; /* no longer alone: others joined it */
		double kv = l->k[v], KC = w->K[C];
		if (w->extw[v] < gamma * kv * (KC - kv) / m2)
			continue; /* not well connected to its community */
		size_t nt = gather(l, w, v, w->r, comm, C);
		/* candidates: well-connected refined communities with gain >= 0;
		 * staying alone gains 0 */
		double maxg = 0, total = 0;
		size_t nc = 0;
		for (size_t t = 0; t < nt; t++) {
			uint32_t S = w->touched[t];
			if (S == w->r[v])
				continue;
			double KS = w->Kr[S];
			if (w->extw[S] < gamma * KS * (KC - KS) / m2)
				continue;
			double gain = w->nw[S] - gamma * kv * KS / m2;
			if (gain < 0)
				continue;
			w->touched[nc++] = S;
			if (gain > maxg)
				maxg = gain;
		}
		if (!nc)
			continue;
		/* weights exp((gain - maxg) / theta), staying alone included */
		total = exp((0 - maxg) / LEIDEN_THETA);
		for (size_t t = 0; t < nc; t++) {
			uint32_t S = w->touched[t];
			total += exp((w->nw[S] - gamma * kv * w->Kr[S] / m2 - maxg) / LEIDEN_THETA);
		}
		double x = rnd01(seed) * total, acc = exp((0 - maxg) / LEIDEN_THETA);
		uint32_t pick = w->r[v];
		if (x >= acc) {
			for (size_t t = 0; t < nc; t++) {
				uint32_t S = w->touched[t];
				acc += exp((w->nw[S] - gamma * kv * w->Kr[S] / m2 - maxg) /
				           LEIDEN_THETA);
				pick = S;
				if (x < acc)
					break;
			}
		}
		if (pick == w->r[v])
			continue;
		uint32_t old = w->r[v];
		w->extw[pick] = w->extw[pick] + w->extw[v] - 2 * w->nw[pick];
		w->Kr[pick] += kv;
		w->rsize[pick]++;
		w->rsize[old] = 0;
		w->r[v] = pick;
	}
}

/* The level whose nodes are the groups of part (0..k-1) of l. */
static int aggregate(const level *l, const uint32_t *part, size_t k, level *out, work *w)
{
	size_t n = l->n;
	size_t *start = calloc(k + 1, sizeof *start);
	uint32_t *members = malloc((n ? n : 1) * sizeof *members);
	level a;
	int rc = CG_ENOMEM;

	memset(&a, 0, sizeof a);
	a.n = k;
	a.own = 1;
	a.off = calloc(k + 1, sizeof *a.off);
	a.k = calloc(k ? k : 1, sizeof *a.k);
	if (!start || !members || !a.off || !a.k)
		goto out;
	for (size_t i = 0; i < n; i++)
		start[part[i] + 1]++;
	for (size_t c = 0; c < k; c++)
		start[c + 1] += start[c];
	for (size_t i = 0; i < n; i++)
		members[start[part[i]]++] = (uint32_t)i;
	for (size_t c = k; c > 0; c--)
		start[c] = start[c - 1];
	start[0] = 0;
	/* count the distinct neighbour groups of each group, then fill */
	for (int pass = 0; pass < 2; pass++) {
		size_t e = 0;
		for (size_t c = 0; c < k; c++) {
			size_t nt = 0;
			stamp_next(w, n);
			if (pass)
				a.off[c] = e;
			for (size_t x = start[c]; x < start[c + 1]; x++) {
				uint32_t i = members[x];
				if (!pass)
					a.k[c] += l->k[i];
				for (size_t j = l->off[i]; j < l->off[i + 1]; j++) {
					uint32_t d = part[l->adj[j]];
					if (w->stamp[d] != w->cur) {
						w->stamp[d] = w->cur;
						w->nw[d] = 0;
						w->touched[nt++] = d;
					}
					w->nw[d] += l->w[j];
				}
			}
			if (!pass) {
				e += nt;
				continue;
			}
			for (size_t t = 0; t < nt; t++) {
				a.adj[e] = w->touched[t];
				a.w[e++] = (uint32_t)w->nw[w->touched[t]];
			}
		}
		if (!pass) {
			a.adj = malloc((e ? e : 1) * sizeof *a.adj);
			a.w = malloc((e ? e : 1) * sizeof *a.w);
			if (!a.adj || !a.w)
				goto out;
		} else {
			a.off[k] = e;
		}
	}
	*out = a;
	memset(&a, 0, sizeof a);
	rc = 0;
out:
	level_free(&a);
	free(start);
	free(members);
	return rc;
}

/* Modularity of memb (values < n) on level 0 with resolution gamma. */
static double modularity(const level *l, const uint32_t *memb, double gamma, double m2, double *Kc)
{
	double in = 0, q = 0;
	for (size_t c = 0; c < l->n; c++)
		Kc[c] = 0;
	for (size_t i = 0; i < l->n; i++) {
		Kc[memb[i]] += l->k[i];
		for (size_t j = l->off[i]; j < l->off[i + 1]; j++)
			if (memb[l->adj[j]] == memb[i])
				in += l->w[j];
	}
	for (size_t c = 0; c < l->n; c++)
		q += Kc[c] * Kc[c];
	return m2 > 0 ? in / m2 - gamma * q / (m2 * m2) : NAN;
}

/* One run of Leiden (refine) or Louvain from the partition memb (values
 * < n); memb gets the result. */
static int run_once(const level *l0, work *w, uint32_t *memb, int refine_on, double gamma,
                    double m2, uint64_t *seed)
{
	level cur = *l0, next;
	uint32_t *comm = malloc((l0->n ? l0->n : 1) * sizeof *comm);
	uint32_t *map = malloc((l0->n ? l0->n : 1) * sizeof *map);
	uint32_t *node =
	    malloc((l0->n ? l0->n : 1) * sizeof *node); /* level-0 node -> level node */
	int rc = CG_ENOMEM, first = 1;

	cur.own = 0;
	if (!comm || !map || !node)
		goto out;
	memcpy(comm, memb, l0->n * sizeof *comm);
	for (size_t i = 0; i < l0->n; i++)
		node[i] = (uint32_t)i;
	for (;;) {
		int moved = move_nodes(&cur, w, comm, gamma, m2);
		size_t nc = renumber(comm, cur.n, map);
		/* Leiden goes on until each node of a level is its own community
		 * (levels shrink, so this ends); Louvain also stops when nothing
		 * moved above level 0 */
		if (nc == cur.n || (!refine_on && !moved && !first))
			break;
		first = 0;
		const uint32_t *part = comm;
		size_t np = nc;
		if (refine_on) {
			refine(&cur, w, comm, gamma, m2, seed);
			np = renumber(w->r, cur.n, map);
			if (np < cur.n)
				part = w->r;
			else
				np = nc; /* refinement merged nothing: aggregate the partition */
		}
		if (aggregate(&cur, part, np, &next, w))
			goto out;
		/* the aggregate nodes start in the community of their members */
		uint32_t *ncomm = malloc((np ? np : 1) * sizeof *ncomm);
		if (!ncomm) {
			level_free(&next);
			goto out;
		}
		for (size_t i = 0; i < cur.n; i++)
			ncomm[part[i]] = comm[i];
		for (size_t i = 0; i < l0->n; i++)
			node[i] = part[node[i]];
		free(comm);
		comm = ncomm;
		if (cur.own)
			level_free(&cur);
		cur = next;
	}
	for (size_t i = 0; i < l0->n; i++)
		memb[i] = comm[node[i]];
	renumber(memb, l0->n, map);
	rc = 0;
out:
	if (cur.own)
		level_free(&cur);
	free(comm);
	free(map);
	free(node);
	return rc;
}

int view_communities(const view *v, int leiden, double gamma, uint64_t seed, uint32_t *memb,
                     size_t *n_comm, double *quality, unsigned *iterations)
{
	level l0;
	view_csr c;
	work w;
	uint32_t *cur = NULL, *prev = NULL;
	double m2 = 0, q = 0;
	unsigned it = 0;
	size_t n = v->n;
	int rc = CG_ENOMEM;

	memset(&l0, 0, sizeof l0);
	if (view_csr_local(v, 1, &c))
		return CG_ENOMEM;
	if (work_init(&w, n)) {
		view_csr_free(&c);
		return CG_ENOMEM;
	}
	l0.n = n;
	l0.off = c.off;
	l0.adj = c.adj;
	l0.w = c.w;
	l0.k = calloc(n ? n : 1, sizeof *l0.k);
	cur = malloc((n ? n : 1) * sizeof *cur);
	prev = malloc((n ? n : 1) * sizeof *prev);
	if (!l0.k || !cur || !prev)
		goto out;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = l0.off[i]; j < l0.off[i + 1]; j++)
			l0.k[i] += l0.w[j];
		m2 += l0.k[i];
		cur[i] = (uint32_t)i;
	}
	if (m2 > 0) {
		q = modularity(&l0, cur, gamma, m2, w.K);
		/* whole runs from the last partition while it still changes */
		while (it < MAX_ITERATIONS) {
			memcpy(prev, cur, n * sizeof *prev);
			if (run_once(&l0, &w, cur, leiden, gamma, m2, &seed))
				goto out;
			it++;
			double nq = modularity(&l0, cur, gamma, m2, w.K);
			if (nq < q) { /* never keep a worse partition */
				memcpy(cur, prev, n * sizeof *prev);
				break;
			}
			if (memcmp(prev, cur, n * sizeof *prev) == 0 || nq - q < MIN_GAIN) {
				q = nq;
				break;
			}
			q = nq;
		}
	}
	/* back to view vertices, numbered by first appearance in id order */
	for (size_t x = 0; x < n; x++)
		memb[x] = cur[c.inv[x]];
	renumber(memb, n, prev);
	*n_comm = 0;
	for (size_t x = 0; x < n; x++)
		if (memb[x] + 1 > *n_comm)
			*n_comm = memb[x] + 1;
	*quality = m2 > 0 ? q : NAN;
	*iterations = it;
	rc = 0;
out:
	work_free(&w);
	free(l0.k);
	view_csr_free(&c);
	free(cur);
	free(prev);
	return rc;
}

double view_modularity(const view *v, const uint32_t *memb, double gamma)
{
	double in = 0, m2 = 0, q = 0;
	size_t n = v->n;
	double *Kc = calloc(n ? n : 1, sizeof *Kc);

	if (!Kc)
		return NAN;
	for (size_t i = 0; i < n; i++)
		for (size_t j = v->off[i]; j < v->off[i + 1]; j++) {
			double wt = v->ecount[v->adj_edge[j]];
			Kc[memb[i]] += wt;
			m2 += wt;
			if (memb[v->adj[j]] == memb[i])
				in += wt;
		}
	for (size_t c = 0; c < n; c++)
		q += Kc[c] * Kc[c];
	free(Kc);
	return m2 > 0 ? in / m2 - gamma * q / (m2 * m2) : NAN;
}
