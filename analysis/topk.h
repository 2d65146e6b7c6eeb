/* The k highest betweenness values of a view, estimated with a guarantee:
 * random shortest paths between random pairs (KADABRA, Borassi and Natale
 * 2016), drawn until the top k are known to within epsilon with probability
 * 1 - delta. Private to analysis/ (analysis/topk.c); docs/ANALYSIS.md,
 * "brokers", states the bound. */
#ifndef CG_TOPK_H
#define CG_TOPK_H

#include "view.h"

typedef struct topk_opts {
	size_t k;           /* the rows guaranteed (1 .. v->n) */
	double delta;       /* probability that the statement fails (0 < delta < 1) */
	double rel_epsilon; /* stop when epsilon is at most this fraction of the k-th value */
	uint64_t seed;
	size_t max_paths; /* stop here at the latest, with the epsilon reached */
} topk_opts;

typedef struct topk_out {
	/* per view vertex, pairs counted once (the scale of exact betweenness):
	 * the estimate and the bounds that hold for every vertex at once with
	 * probability 1 - delta */
	double *est, *lo, *hi;
	double epsilon;      /* every bound of the top k is within epsilon / 2 of its estimate */
	size_t paths;        /* pairs drawn */
	int converged;       /* epsilon <= rel_epsilon * the k-th lower bound */
	unsigned checks;     /* stopping rule evaluated this many times */
	unsigned max_checks; /* of at most this many (the union bound's J) */
} topk_out;

/* Draws pairs (s, t), s != t, uniformly from the view's vertices, and for
 * each a uniformly random shortest path between them by a balanced
 * bidirectional breadth-first search, counting a hit for each interior
 * vertex; a pair in two components counts nothing. After checkpoints at
 * geometrically growing numbers of pairs it stops when the top k (by
 * hits) satisfy the rule of topk.c. Deterministic for a seed: pair i draws
 * from its own stream, whatever thread runs it, and hits are integers.
 * Time O(paths * visited per search); memory O(V + E) per thread.
 * Returns 0 or CG_ENOMEM; free out with topk_out_free. */
int topk_betweenness(const view *v, const topk_opts *o, topk_out *out);
void topk_out_free(topk_out *out);

/* The bounds of topk.c, exposed for their tests. Bernstein bounds on a
 * share p from c hits in tau draws, each side failing with probability at
 * most exp(-L). */
void topk_interval(double c, double tau, double L, double *lo, double *hi);
/* The half-width d of the one-sided bound on the mean of a difference of
 * two 0/1 draws (in [-1, 1]) of variance at most var: the mean exceeds
 * the sample's by d or more with probability at most exp(-L). */
double topk_pair_width(double tau, double L, double var);

#endif
