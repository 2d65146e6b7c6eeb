/* casegraph top-k betweenness: adaptive sampling of random shortest paths
 * (KADABRA, Borassi and Natale 2016), with a stopping rule from Bernstein's
 * inequality and a union bound over the vertices and the checkpoints.
 *
 * The bound. Draw tau pairs; X_v = 1 when v is interior to the pair's
 * random shortest path. E[X_v] = p_v = b(v) / (n (n - 1) / 2), b the
 * betweenness with pairs counted once, and Var X_v <= p_v. Bernstein: each
 * side, P(p^ - p >= d) and P(p - p^ >= d) <= exp(-tau d^2 / (2 p + 2 d / 3)).
 * Solving for p gives the bounds of interval() below, each failing with
 * probability <= exp(-L). delta is shared out in advance: phase 1 (pairs
 * used for nothing else) picks the candidates, the 4k highest counts; the
 * candidates share delta / 2 (L = ln(4 |C| J / delta)) and every vertex the
 * other delta / 2 (L = ln(4 n J / delta)), J the checkpoints of phase 2.
 * So every bound of every vertex holds at every checkpoint at once with
 * probability >= 1 - delta, whichever checkpoint the sampler stops at.
 * Then, with H_k the k-th highest upper bound (>= b_k, the true k-th value,
 * since the k vertices of the k highest values have upper bounds above it)
 * and eps = H_k - the lowest lower bound among the rows listed (the k
 * highest counts, ties included): every row listed has b(v) >= lo(v) >=
 * H_k - eps >= b_k - eps, so it is in the true top k or within eps of the
 * k-th value. The sampler stops at the first checkpoint where eps <=
 * rel_epsilon * the k-th highest lower bound (itself <= b_k, so eps <=
 * rel_epsilon * b_k), or at max_paths with the eps reached. */
#include "topk.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TOPK_LANES      2
#define TOPK_FIRST      1024  /* pairs of phase 1, and of phase 2 before its first check */
#define TOPK_GROWTH     1.3   /* checkpoints grow by this factor */
#define TOPK_MIN_THREAD 10000 /* vertices from which a second thread pays */

static uint64_t mix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double unit(uint64_t *state)
{
	return (double)(mix(state) >> 11) * (1.0 / 9007199254740992.0);
}

/* Per vertex, apart so that the scans of the arcs touch 8 bytes a vertex:
 * the distance from each side's end (-1 when not reached) and the number
 * of shortest paths from it. */
typedef struct tnode {
	int32_t (*d)[2];
	double (*sigma)[2];
} tnode;

typedef struct tlane {
	const view_csr *c;      /* arcs to leaves removed */
	const uint32_t *anchor; /* per new vertex: its neighbour when a leaf, else itself */
	uint64_t seed;
	size_t from, to, first; /* pairs first, first + LANES, ... in [from, to) */
	uint32_t *hits;         /* per new vertex, this lane's */
	tnode nd;
	uint32_t *q[2]; /* each side's vertices in breadth-first order */
	uint32_t *meet;
	int rc;
} tlane;

static size_t deg(const view_csr *c, uint32_t x)
{
	return c->off[x + 1] - c->off[x];
}

/* Walks from x, reached by side a, back to side a's end, choosing each
 * predecessor with probability sigma(pred) / sigma(x), and counts a hit on
 * every vertex passed but the end. */
static void walk_back(const view_csr *c, tnode nd, uint32_t x, int a, uint64_t *st, uint32_t *hits)
{
	while (nd.d[x][a] > 0) {
		int32_t want = nd.d[x][a] - 1;
		double r = unit(st) * nd.sigma[x][a], acc = 0;
		uint32_t pick = UINT32_MAX;
		for (size_t j = c->off[x]; j < c->off[x + 1]; j++) {
			uint32_t p = c->adj[j];
			if (nd.d[p][a] != want)
				continue;
			pick = p; /* the last one takes rounding leftovers */
			acc += nd.sigma[p][a];
			if (r < acc)
				break;
		}
		x = pick;
		if (nd.d[x][a] > 0)
			hits[x]++;
	}
}

/* One pair: its own stream from (seed, i). */
static void one_pair(tlane *L, size_t i)
{
	const view_csr *c = L->c;
	tnode nd = L->nd;
	uint64_t st = L->seed ^ (0xd1b54a32d192ed03ULL * (uint64_t)(i + 1));
	size_t n = c->n, len[2] = {1, 1}, fs[2] = {0, 0}, nm = 0;
	size_t degsum[2];
	int32_t level[2] = {0, 0};
	uint32_t end[2];
	int met = 0, side = 0;

	mix(&st);
	end[0] = (uint32_t)(mix(&st) % n);
	end[1] = (uint32_t)((end[0] + 1 + mix(&st) % (n - 1)) % n);
	/* a leaf's paths all run through its neighbour: search from there, and
	 * count the neighbour as interior (unless it is the other end) */
	uint32_t pend[2] = {end[0], end[1]};
	end[0] = L->anchor[pend[0]];
	end[1] = L->anchor[pend[1]];
	for (int a = 0; a < 2; a++)
		if (end[a] != pend[a] && end[a] != pend[1 - a] && (a == 0 || end[1] != end[0]))
			L->hits[end[a]]++;
	if (end[0] == end[1])
		return; /* two leaves on one vertex, or a leaf and its neighbour */
	for (int a = 0; a < 2; a++) {
		uint32_t e = end[a];
		L->q[a][0] = e;
		nd.d[e][a] = 0;
		nd.sigma[e][a] = 1;
		degsum[a] = deg(c, e);
	}
	while (!met && fs[0] < len[0] && fs[1] < len[1]) {
		/* expand the side whose frontier has fewer arcs, a whole level */
		side = degsum[0] <= degsum[1] ? 0 : 1;
		int other = 1 - side;
		int32_t dn = level[side] + 1;
		size_t fe = len[side], nds = 0;
		uint32_t *q = L->q[side];
		for (size_t i2 = fs[side]; i2 < fe; i2++) {
			uint32_t x = q[i2];
			double sx = nd.sigma[x][side];
			for (size_t j = c->off[x]; j < c->off[x + 1]; j++) {
				uint32_t y = c->adj[j];
				int32_t *dy = nd.d[y];
				/* once the sides met, only the meeting vertices matter */
				if (met && dy[other] < 0)
					continue;
				if (dy[side] < 0) {
					dy[side] = dn;
					nd.sigma[y][side] = 0;
					q[len[side]++] = y;
					nds += deg(c, y);
					met |= dy[other] >= 0;
				}
				if (dy[side] == dn)
					nd.sigma[y][side] += sx;
			}
		}
		fs[side] = fe;
		level[side] = dn;
		degsum[side] = nds;
	}
	if (met) {
		/* the new level of side meets the other side's last level: the
		 * shortest paths run through one of these, in proportion to
		 * sigma[side] * sigma[other] */
		int other = 1 - side;
		double total = 0, r, acc = 0;
		uint32_t y = UINT32_MAX;
		for (size_t i2 = fs[side]; i2 < len[side]; i2++) {
			uint32_t x = L->q[side][i2];
			if (nd.d[x][other] >= 0) {
				L->meet[nm++] = x;
				total += nd.sigma[x][side] * nd.sigma[x][other];
			}
		}
		r = unit(&st) * total;
		for (size_t m = 0; m < nm; m++) {
			uint32_t x = L->meet[m];
			y = x;
			acc += nd.sigma[x][side] * nd.sigma[x][other];
			if (r < acc)
				break;
		}
		if (y != end[0] && y != end[1])
			L->hits[y]++;
		walk_back(c, nd, y, side, &st, L->hits);
		walk_back(c, nd, y, other, &st, L->hits);
	}
	for (int a = 0; a < 2; a++)
		for (size_t i2 = 0; i2 < len[a]; i2++) {
			uint32_t x = L->q[a][i2];
			nd.d[x][0] = nd.d[x][1] = -1;
		}
}

static void *lane_run(void *arg)
{
	tlane *L = arg;
	for (size_t i = L->from + L->first; i < L->to; i += TOPK_LANES)
		one_pair(L, i);
	return NULL;
}

static int lane_init(tlane *L, const view_csr *c, const uint32_t *anchor, uint64_t seed,
                     size_t first)
{
	size_t n = c->n ? c->n : 1;
	memset(L, 0, sizeof *L);
	L->c = c;
	L->anchor = anchor;
	L->seed = seed;
	L->first = first;
	L->hits = calloc(n, sizeof *L->hits);
	L->nd.d = malloc(n * sizeof *L->nd.d);
	L->nd.sigma = malloc(n * sizeof *L->nd.sigma);
	L->q[0] = malloc(n * sizeof *L->q[0]);
	L->q[1] = malloc(n * sizeof *L->q[1]);
	L->meet = malloc(n * sizeof *L->meet);
	if (!L->hits || !L->nd.d || !L->nd.sigma || !L->q[0] || !L->q[1] || !L->meet)
		return CG_ENOMEM;
	for (size_t x = 0; x < c->n; x++)
		L->nd.d[x][0] = L->nd.d[x][1] = -1;
	return 0;
}

static void lane_free(tlane *L)
{
	free(L->hits);
	free(L->nd.d);
	free(L->nd.sigma);
	free(L->q[0]);
	free(L->q[1]);
	free(L->meet);
}

/* Bernstein bounds on p from hits c of tau (see the top of the file). */
static void interval(double c, double tau, double L, double *lo, double *hi)
{
	double p = c / tau, a = 8 * L / 3, b = 4 * L / 3;
	double up = (a + sqrt(a * a + 8 * tau * L * p)) / (2 * tau);
	double down = (-b + sqrt(b * b + 8 * tau * L * p)) / (2 * tau);
	*hi = p + up < 1 ? p + up : 1;
	*lo = p - down > 0 ? p - down : 0;
}

/* The k-th highest of val[0..n) (k <= n), by a min-heap of k entries in h. */
static double kth_highest(const double *val, size_t n, size_t k, double *h)
{
	size_t m = 0;

	for (size_t x = 0; x < n; x++) {
		double v = val[x];
		size_t i;
		if (m < k) {
			for (i = m++; i > 0 && h[(i - 1) / 2] > v; i = (i - 1) / 2)
				h[i] = h[(i - 1) / 2];
			h[i] = v;
		} else if (v > h[0]) {
			for (i = 0;;) {
				size_t l = 2 * i + 1, s = l;
				if (l >= k)
					break;
				if (l + 1 < k && h[l + 1] < h[l])
					s = l + 1;
				if (h[s] >= v)
					break;
				h[i] = h[s];
				i = s;
			}
			h[i] = v;
		}
	}
	return h[0];
}

/* Runs pairs [from, to) on the lanes, a thread for the second when it pays. */
static void run_lanes(tlane *lanes, size_t from, size_t to, int threads)
{
	pthread_t tid[TOPK_LANES];
	int started[TOPK_LANES] = {0};

	for (int l = 0; l < TOPK_LANES; l++) {
		lanes[l].from = from;
		lanes[l].to = to;
		if (l > 0 && threads && pthread_create(&tid[l], NULL, lane_run, &lanes[l]) == 0)
			started[l] = 1;
	}
	lane_run(&lanes[0]);
	for (int l = 1; l < TOPK_LANES; l++) {
		if (started[l])
			pthread_join(tid[l], NULL);
		else
			lane_run(&lanes[l]);
	}
}

void topk_out_free(topk_out *out)
{
	if (!out)
		return;
	free(out->est);
	free(out->lo);
	free(out->hi);
	memset(out, 0, sizeof *out);
}

/* Leaves (one neighbour, itself not a leaf) lie on no path between two
 * others: the arcs to them are removed from c, in place (a leaf keeps its
 * own), and each gets its neighbour as anchor; every other vertex is its
 * own. NULL when out of memory. */
static uint32_t *prune_leaves(view_csr *c)
{
	size_t n = c->n, e = 0;
	uint32_t *anchor = malloc((n ? n : 1) * sizeof *anchor);

	if (!anchor)
		return NULL;
	for (size_t x = 0; x < n; x++) {
		anchor[x] = (uint32_t)x;
		if (c->off[x + 1] - c->off[x] == 1) {
			uint32_t u = c->adj[c->off[x]];
			if (u != x && c->off[u + 1] - c->off[u] > 1)
				anchor[x] = u;
		}
	}
	for (size_t x = 0, start = 0; x < n; x++) {
		size_t end = c->off[x + 1];
		for (size_t j = start; j < end; j++)
			if (anchor[x] != x || anchor[c->adj[j]] == c->adj[j])
				c->adj[e++] = c->adj[j];
		start = end;
		c->off[x + 1] = e;
	}
	return anchor;
}

/* The counts of the lanes, summed, into cnt (new vertices). */
static void sum_lanes(const tlane *lanes, size_t n, double *cnt)
{
	for (size_t x = 0; x < n; x++) {
		uint64_t c = 0;
		for (int l = 0; l < TOPK_LANES; l++)
			c += lanes[l].hits[x];
		cnt[x] = (double)c;
	}
}

int topk_betweenness(const view *v, const topk_opts *o, topk_out *out)
{
	size_t n = v->n, k = o->k < 1 ? 1 : o->k > n ? n : o->k, nc = 0;
	size_t cap = o->max_paths ? o->max_paths : 1, tau = 0, next = TOPK_FIRST, first;
	double pairs = n > 1 ? (double)n * (double)(n - 1) / 2 : 0, Lc, Ln, eps = 0, ck;
	unsigned J = 1;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int threads = cpus > 1 && n >= TOPK_MIN_THREAD;
	tlane lanes[TOPK_LANES];
	double *cnt = NULL, *lo = NULL, *hi = NULL, *heap = NULL;
	uint8_t *cand = NULL;
	uint32_t *anchor = NULL;
	view_csr c;
	int rc = 0, have_c = 0;

	memset(out, 0, sizeof *out);
	memset(lanes, 0, sizeof lanes);
	out->est = calloc(n ? n : 1, sizeof *out->est);
	out->lo = calloc(n ? n : 1, sizeof *out->lo);
	out->hi = calloc(n ? n : 1, sizeof *out->hi);
	if (!out->est || !out->lo || !out->hi)
		goto oom;
	if (n < 3)
		return 0; /* no vertex between two others: every value is 0, exactly */
	if (view_csr_local(v, 0, &c))
		goto oom;
	have_c = 1;
	cnt = malloc(n * sizeof *cnt);
	lo = malloc(n * sizeof *lo);
	hi = malloc(n * sizeof *hi);
	heap = malloc((4 * k + 1) * sizeof *heap);
	cand = calloc(n, 1);
	if (!cnt || !lo || !hi || !heap || !cand || !(anchor = prune_leaves(&c)))
		goto oom;
	for (int l = 0; l < TOPK_LANES; l++)
		if (lane_init(&lanes[l], &c, anchor, o->seed, (size_t)l))
			goto oom;
	/* phase 1, its pairs used for nothing else: the candidates, the 4k
	 * highest counts (and ties), share delta / 2; every vertex shares the
	 * other half. The first pairs of phase 2 are pair `first` on. */
	first = TOPK_FIRST < cap ? TOPK_FIRST : cap;
	run_lanes(lanes, 0, first, threads);
	sum_lanes(lanes, n, cnt);
	ck = kth_highest(cnt, n, 4 * k < n ? 4 * k : n, heap);
	for (size_t x = 0; x < n; x++)
		if (cnt[x] >= ck && cnt[x] > 0) {
			cand[x] = 1;
			nc++;
		}
	for (int l = 0; l < TOPK_LANES; l++)
		memset(lanes[l].hits, 0, n * sizeof *lanes[l].hits);
	/* the checkpoints of phase 2: TOPK_FIRST pairs, then * TOPK_GROWTH,
	 * the last at cap */
	for (double t = TOPK_FIRST; t < (double)cap; t *= TOPK_GROWTH)
		J++;
	Lc = log(4.0 * (double)(nc ? nc : 1) * (double)J / o->delta);
	Ln = log(4.0 * (double)n * (double)J / o->delta);
	out->max_checks = J;
	for (;;) {
		double hk, lk, lo_top = 1;
		if (next > cap)
			next = cap;
		run_lanes(lanes, first + tau, first + next, threads);
		tau = next;
		out->checks++;
		sum_lanes(lanes, n, cnt);
		for (size_t x = 0; x < n; x++)
			interval(cnt[x], (double)tau, cand[x] ? Lc : Ln, &lo[x], &hi[x]);
		/* H_k, the k-th highest upper bound, is at least the true k-th
		 * value; the rows listed are those of the k highest counts (all
		 * ties counted), each at least its lower bound */
		hk = kth_highest(hi, n, k, heap);
		lk = kth_highest(lo, n, k, heap);
		ck = kth_highest(cnt, n, k, heap);
		for (size_t x = 0; x < n; x++)
			if (cnt[x] >= ck && lo[x] < lo_top)
				lo_top = lo[x];
		eps = hk - lo_top > 0 ? hk - lo_top : 0;
		out->converged = eps <= o->rel_epsilon * lk;
		if (out->converged || tau >= cap)
			break;
		next = (size_t)ceil((double)tau * TOPK_GROWTH);
	}
	/* back to view vertices, on the scale of pairs counted once */
	for (size_t x = 0; x < n; x++) {
		uint32_t y = c.inv[x];
		out->est[x] = pairs * cnt[y] / (double)tau;
		out->lo[x] = pairs * lo[y];
		out->hi[x] = pairs * hi[y];
	}
	out->epsilon = pairs * eps;
	out->paths = first + tau;
	goto done;
oom:
	rc = CG_ENOMEM;
done:
	for (int l = 0; l < TOPK_LANES; l++)
		lane_free(&lanes[l]);
	free(cnt);
	free(lo);
	free(hi);
	free(heap);
	free(cand);
	free(anchor);
	if (have_c)
		view_csr_free(&c);
	if (rc)
		topk_out_free(out);
	return rc;
}
