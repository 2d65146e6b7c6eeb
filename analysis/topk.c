/* casegraph top-k betweenness: adaptive sampling of random shortest paths
 * (KADABRA, Borassi and Natale 2016), with a stopping rule from Bernstein's
 * inequality on each vertex and on differences of two, and a union bound
 * over the vertices, the pairs of candidates and the checkpoints.
 *
 * The bounds. Draw tau pairs; X_v = 1 when v is interior to the pair's
 * random shortest path. E[X_v] = p_v = b(v) / (n (n - 1) / 2), b the
 * betweenness with pairs counted once, and Var X_v <= p_v. Bernstein: each
 * side, P(p^ - p >= d) and P(p - p^ >= d) <= exp(-tau d^2 / (2 p + 2 d / 3));
 * solving for p gives topk_interval. For u != v, Z = X_u - X_v lies in
 * [-1, 1], Var Z <= p_u + p_v <= hi_u + hi_v (when those bounds hold), and
 * mu - Z lies below 2: P(mu - Z^ >= d) <= exp(-tau d^2 / (2 var + 4 d / 3)),
 * topk_pair_width. delta is shared out in advance (set_L): phase 1 (pairs
 * used for nothing else) picks the candidates C and the checkpoints
 * (plan_start); 0.45 delta goes to the 2 |C| J bounds of the candidates,
 * 0.05 delta to the 2 (n - |C|) J of the others, 0.5 delta to the
 * |C| (|C| - 1) J bounds on differences of candidates, J the checkpoints.
 * So every bound holds at every checkpoint at once with probability
 * >= 1 - delta, whichever checkpoint the sampler stops at.
 *
 * Epsilon. Let v be a row listed (the k highest counts, ties included)
 * not in the true top k. The true top k are then k vertices u != v with
 * b(u) >= b_k, so b_k - b(v) <= b(u) - b(v) <= D(u, v) for each, D the
 * upper bound on the difference (the pair bound for two candidates, else
 * hi_u - lo_v): b_k - b(v) <= the k-th highest D(u, v) over u != v =
 * eps_v. With eps the largest eps_v (at least 0), every row listed is in
 * the true top k or within eps of the k-th value. The sampler stops at the
 * first checkpoint where eps <= rel_epsilon * the k-th highest lower bound
 * (itself <= b_k, so eps <= rel_epsilon * b_k), or at max_paths with the
 * eps reached. */
#include "topk.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TOPK_LANES      2
#define TOPK_FIRST      1024  /* fewest pairs of phase 1, and of phase 2 before its first check */
#define TOPK_FIRST_MAX  8192  /* most pairs of phase 1 (an eighth of the budget between) */
#define TOPK_BAND       2     /* candidates: phase 1 counts of at least the k-th's / this */
#define TOPK_GROWTH     1.1   /* checkpoints grow by this factor */
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

/* Bernstein bounds on p from hits c of tau, each failing with probability
 * at most exp(-L) (see the top of the file). */
void topk_interval(double c, double tau, double L, double *lo, double *hi)
{
	double p = c / tau, a = 8 * L / 3, b = 4 * L / 3;
	double up = (a + sqrt(a * a + 8 * tau * L * p)) / (2 * tau);
	double down = (-b + sqrt(b * b + 8 * tau * L * p)) / (2 * tau);
	*hi = p + up < 1 ? p + up : 1;
	*lo = p - down > 0 ? p - down : 0;
}

/* The one-sided Bernstein bound on a difference (see the top of the file):
 * P(mu - mean >= d) <= exp(-L) for d solving tau d^2 = L (2 var + 4 d / 3). */
double topk_pair_width(double tau, double L, double var)
{
	double a = 4 * L / 3;
	return (a + sqrt(a * a + 8 * tau * L * var)) / (2 * tau);
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

/* The checkpoint after t: TOPK_GROWTH times more, at most cap. */
static size_t next_check(size_t t, size_t cap)
{
	size_t x = (size_t)ceil((double)t * TOPK_GROWTH);

	if (x <= t)
		x = t + 1;
	return x < cap ? x : cap;
}

/* The number of checkpoints from start to cap (the union bound's J). */
static unsigned count_checks(size_t start, size_t cap)
{
	unsigned j = 1;

	for (size_t t = start < cap ? start : cap; t < cap; t = next_check(t, cap))
		j++;
	return j;
}

/* What a checkpoint of phase 2 works on (new vertices). */
typedef struct tcheck {
	size_t n, k, nc;
	const uint8_t *cand;   /* phase 1's candidates */
	const uint32_t *clist; /* ... listed */
	double *cnt, *lo, *hi;
	double *tmp;     /* n */
	double *heap;    /* k + 1 */
	uint32_t *olist; /* k + 1 */
	double Lc, Lo, Lp;
} tcheck;

/* An upper bound on p_u - p_v at tau paths: the individual bounds', and
 * for two candidates the difference's when lower. */
static double diff_hi(const tcheck *t, uint32_t u, uint32_t v, double tau)
{
	double d = t->hi[u] - t->lo[v];

	if (t->cand[u] && t->cand[v]) {
		double e = (t->cnt[u] - t->cnt[v]) / tau +
		           topk_pair_width(tau, t->Lp, t->hi[u] + t->hi[v]);
		if (e < d)
			d = e;
	}
	return d;
}

/* The bounds at tau paths, and epsilon (shares of pairs): over the rows
 * listed (the k highest counts, ties included), the largest k-th highest
 * upper bound on p_u - p_v over the other vertices u. The others than
 * candidates enter through the k + 1 highest upper bounds among them (any
 * other's bound is lower). *lk: the k-th highest lower bound. */
static double check(tcheck *t, double tau, double *lk)
{
	size_t n = t->n, k = t->k, no = 0, ko = k + 1 < n ? k + 1 : n;
	double ck, thr, eps = 0;

	for (size_t x = 0; x < n; x++)
		topk_interval(t->cnt[x], tau, t->cand[x] ? t->Lc : t->Lo, &t->lo[x], &t->hi[x]);
	*lk = kth_highest(t->lo, n, k, t->heap);
	ck = kth_highest(t->cnt, n, k, t->heap);
	for (size_t x = 0; x < n; x++)
		t->tmp[x] = t->cand[x] ? -1 : t->hi[x];
	thr = kth_highest(t->tmp, n, ko, t->heap);
	for (int pass = 0; pass < 2; pass++)
		for (size_t x = 0; x < n && no < ko; x++)
			if (!t->cand[x] && (pass ? t->hi[x] == thr : t->hi[x] > thr))
				t->olist[no++] = (uint32_t)x;
	for (size_t x = 0; x < n; x++) {
		uint32_t v = (uint32_t)x;
		size_t m = 0;
		if (t->cnt[v] < ck)
			continue;
		for (size_t i = 0; i < t->nc; i++)
			if (t->clist[i] != v)
				t->tmp[m++] = diff_hi(t, t->clist[i], v, tau);
		for (size_t i = 0; i < no; i++)
			if (t->olist[i] != v)
				t->tmp[m++] = t->hi[t->olist[i]] - t->lo[v];
		/* fewer than k others: k is n, every vertex is in the top k */
		if (m >= k) {
			double e = kth_highest(t->tmp, m, k, t->heap);
			if (e > eps)
				eps = e;
		}
	}
	return eps;
}

/* The L of each kind of bound for J checkpoints: delta shared out 0.45
 * over the candidates' bounds (two sides each), 0.05 over the others',
 * 0.5 over the bounds on differences of two candidates (ordered pairs). */
static void set_L(tcheck *t, unsigned J, double delta)
{
	double nc = t->nc ? (double)t->nc : 1, no = t->n > t->nc ? (double)(t->n - t->nc) : 1;
	double nc2 = t->nc > 1 ? (double)t->nc * (double)(t->nc - 1) : 1;

	t->Lc = log(2 * nc * J / (0.45 * delta));
	t->Lo = log(2 * no * J / (0.05 * delta));
	t->Lp = log(nc2 * J / (0.5 * delta));
}

/* The first checkpoint of phase 2, from phase 1's shares p1 alone (so the
 * checkpoints are fixed before phase 2 draws): a quarter of the fewest paths at
 * which the rule would stop were p1 exact (found by bisection; at least
 * TOPK_FIRST), or cap when it would not stop by cap. scaled: n scratch. */
static size_t plan_start(tcheck *t, const double *p1, double *scaled, double rel, size_t cap)
{
	double *cnt = t->cnt, lk;
	size_t lo = TOPK_FIRST < cap ? TOPK_FIRST : cap, hi = cap, start;
	int ok;

	t->cnt = scaled;
	for (size_t x = 0; x < t->n; x++)
		scaled[x] = p1[x] * (double)cap;
	ok = check(t, (double)cap, &lk) <= rel * lk;
	while (ok && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		for (size_t x = 0; x < t->n; x++)
			scaled[x] = p1[x] * (double)mid;
		if (check(t, (double)mid, &lk) <= rel * lk)
			hi = mid;
		else
			lo = mid + 1;
	}
	t->cnt = cnt;
	if (!ok)
		return cap;
	start = hi / 4 > TOPK_FIRST ? hi / 4 : TOPK_FIRST;
	return start < cap ? start : cap;
}

int topk_betweenness(const view *v, const topk_opts *o, topk_out *out)
{
	size_t n = v->n, k = o->k < 1 ? 1 : o->k > n ? n : o->k;
	size_t cap = o->max_paths ? o->max_paths : 1, tau = 0, next, first;
	double pairs = n > 1 ? (double)n * (double)(n - 1) / 2 : 0, eps = 0, lk = 0, c1k;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int threads = cpus > 1 && n >= TOPK_MIN_THREAD;
	tlane lanes[TOPK_LANES];
	tcheck t = {0};
	uint8_t *cand = NULL;
	uint32_t *clist = NULL, *anchor = NULL;
	view_csr c;
	int rc = 0, have_c = 0;
	unsigned J;

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
	t.n = n;
	t.k = k;
	t.cnt = malloc(n * sizeof *t.cnt);
	t.lo = malloc(n * sizeof *t.lo);
	t.hi = malloc(n * sizeof *t.hi);
	t.tmp = malloc(n * sizeof *t.tmp);
	t.heap = malloc((k + 2) * sizeof *t.heap);
	t.olist = malloc((k + 2) * sizeof *t.olist);
	cand = calloc(n, 1);
	clist = malloc(n * sizeof *clist);
	if (!t.cnt || !t.lo || !t.hi || !t.tmp || !t.heap || !t.olist || !cand || !clist ||
	    !(anchor = prune_leaves(&c)))
		goto oom;
	for (int l = 0; l < TOPK_LANES; l++)
		if (lane_init(&lanes[l], &c, anchor, o->seed, (size_t)l))
			goto oom;
	/* phase 1, its pairs used for nothing else: the candidates, counts of
	 * at least 1 / TOPK_BAND of the k-th; the first checkpoint */
	first = cap / 8 < TOPK_FIRST       ? TOPK_FIRST
	        : cap / 8 > TOPK_FIRST_MAX ? TOPK_FIRST_MAX
	                                   : cap / 8;
	if (first > cap)
		first = cap;
	run_lanes(lanes, 0, first, threads);
	sum_lanes(lanes, n, t.cnt);
	c1k = kth_highest(t.cnt, n, k, t.heap);
	for (size_t x = 0; x < n; x++)
		if (t.cnt[x] > 0 && t.cnt[x] * TOPK_BAND >= c1k) {
			cand[x] = 1;
			clist[t.nc++] = (uint32_t)x;
		}
	for (int l = 0; l < TOPK_LANES; l++)
		memset(lanes[l].hits, 0, n * sizeof *lanes[l].hits);
	t.cand = cand;
	t.clist = clist;
	/* the first checkpoint planned with J for checkpoints from
	 * TOPK_FIRST, then the bounds for the checkpoints from there */
	for (size_t x = 0; x < n; x++)
		out->est[x] = t.cnt[x] / (double)first;
	set_L(&t, count_checks(TOPK_FIRST, cap), o->delta);
	next = plan_start(&t, out->est, out->lo, o->rel_epsilon, cap);
	J = count_checks(next, cap);
	set_L(&t, J, o->delta);
	out->max_checks = J;
	for (;;) {
		run_lanes(lanes, first + tau, first + next, threads);
		tau = next;
		out->checks++;
		sum_lanes(lanes, n, t.cnt);
		eps = check(&t, (double)tau, &lk);
		out->converged = eps <= o->rel_epsilon * lk;
		if (out->converged || tau >= cap)
			break;
		next = next_check(tau, cap);
	}
	/* back to view vertices, on the scale of pairs counted once */
	for (size_t x = 0; x < n; x++) {
		uint32_t y = c.inv[x];
		out->est[x] = pairs * t.cnt[y] / (double)tau;
		out->lo[x] = pairs * t.lo[y];
		out->hi[x] = pairs * t.hi[y];
	}
	out->epsilon = pairs * eps;
	out->paths = first + tau;
	goto done;
oom:
	rc = CG_ENOMEM;
done:
	for (int l = 0; l < TOPK_LANES; l++)
		lane_free(&lanes[l]);
	free(t.cnt);
	free(t.lo);
	free(t.hi);
	free(t.tmp);
	free(t.heap);
	free(t.olist);
	free(cand);
	free(clist);
	free(anchor);
	if (have_c)
		view_csr_free(&c);
	if (rc)
		topk_out_free(out);
	return rc;
}
