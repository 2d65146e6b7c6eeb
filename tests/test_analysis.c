/* Tests of analysis/: the measures against published reference values
 * (../shared/realdata/classic-graphs), small graphs derived by hand, and
 * the example investigation. */
#include "cg_analysis.h"
#include "cg_components.h"
#include "cg_graph.h"
#include "cg_import.h"
#include "testutil.h"
#include "topk.h" /* the bounds of the top-k sampler */
#include "view.h" /* sort_eids_by_id */

#include <check.h>
#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9

/* ---- building graphs ---- */

static cg_graph *load(const char *const *paths, size_t n)
{
	cg_graph *g = cg_graph_new();
	cg_import_opts io = CG_IMPORT_OPTS_INIT;
	cg_import *imp;
	cg_error err;

	ck_assert_ptr_nonnull(g);
	imp = cg_import_new(g, &io);
	ck_assert_ptr_nonnull(imp);
	cg_error_clear(&err);
	ck_assert_msg(cg_import_files(imp, paths, n, NULL, NULL, &err) == 0, "%s",
	              tu_fmt_err(&err));
	cg_import_free(imp);
	return g;
}

/* ../shared/realdata/classic-graphs/<name>, or NULL (and a line saying the
 * test is skipped) when ../shared is absent. */
static cg_graph *classic(const char *name)
{
	static char path[4200];
	const char *shared = tu_shared_root();
	const char *p = path;

	if (!shared) {
		printf("skipped: %s needs ../shared/realdata (absent here)\n", name);
		return NULL;
	}
	snprintf(path, sizeof path, "%s/realdata/classic-graphs/%s", shared, name);
	return load(&p, 1);
}

static cg_eid node(const cg_graph *g, const char *id)
{
	cg_eid e = cg_graph_find_local(g, "classic-graphs", id);
	ck_assert_msg(e != CG_NO_ENTITY, "no node %s", id);
	return e;
}

static cg_eid node_in(const cg_graph *g, const char *kase, const char *id)
{
	cg_eid e = cg_graph_find_local(g, kase, id);
	ck_assert_msg(e != CG_NO_ENTITY, "no node %s", id);
	return e;
}

static const cg_broker *row_of(const cg_brokers *b, cg_eid e)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->rows[i].entity == e)
			return &b->rows[i];
	ck_abort_msg("entity %u not among the brokers", e);
	return NULL;
}

static cg_brokers *brokers(const cg_graph *g, size_t exact_limit, size_t samples)
{
	cg_broker_opts o = CG_BROKER_OPTS_INIT;
	cg_brokers *b = NULL;
	cg_error err;

	o.top = 0;
	o.exact_limit = exact_limit;
	o.samples = samples;
	cg_error_clear(&err);
	ck_assert_msg(cg_brokers_compute(g, &o, &b, &err) == 0, "%s", tu_fmt_err(&err));
	return b;
}

/* A graph from literal rows: entities "id type name case", links "a b type". */
static cg_graph *build(const char *const ents[][4], size_t ne, const char *const links[][3],
                       size_t nl)
{
	cg_graph *g = cg_graph_new();
	cg_error err;

	ck_assert_ptr_nonnull(g);
	for (size_t i = 0; i < ne; i++) {
		cg_prov pv = {"t.csv", (long)i + 2, ents[i][3], ents[i][0], NULL, 0, NULL, NULL};
		cg_entity_rec r = CG_ENTITY_REC_INIT;
		cg_eid e;
		r.type = ents[i][1];
		r.name = ents[i][2];
		r.prov = &pv;
		r.n_prov = 1;
		cg_error_clear(&err);
		ck_assert_msg(cg_graph_add_entity(g, &r, &e, NULL, &err) == 0, "%s", err.message);
	}
	for (size_t i = 0; i < nl; i++) {
		cg_link_rec r = CG_LINK_REC_INIT;
		cg_prov pv = {"l.csv", (long)i + 2, "x", NULL, NULL, 0, NULL, NULL};
		cg_lid l;
		cg_eid a = CG_NO_ENTITY, b = CG_NO_ENTITY;
		for (size_t k = 0; k < ne; k++) {
			if (strcmp(ents[k][0], links[i][0]) == 0)
				a = cg_graph_find_local(g, ents[k][3], ents[k][0]);
			if (strcmp(ents[k][0], links[i][1]) == 0)
				b = cg_graph_find_local(g, ents[k][3], ents[k][0]);
		}
		ck_assert(a != CG_NO_ENTITY && b != CG_NO_ENTITY);
		r.type = links[i][2];
		r.source = a;
		r.target = b;
		r.prov = &pv;
		r.n_prov = 1;
		cg_error_clear(&err);
		ck_assert_msg(cg_graph_add_link(g, &r, &l, NULL, &err) == 0, "%s", err.message);
	}
	return g;
}

/* ---- betweenness, cut points, bridges: published values ---- */

START_TEST(brokers_karate_matches_published_values)
{
	cg_graph *g = classic("karate.edges.csv");
	if (!g)
		return;
	cg_brokers *b = brokers(g, CG_DEFAULT_EXACT_LIMIT, 0);
	ck_assert(b->exact);
	ck_assert_uint_eq(b->n, 34);
	ck_assert_double_eq_tol(row_of(b, node(g, "1"))->betweenness, 231.0714285714286, EPS);
	ck_assert_double_eq_tol(row_of(b, node(g, "34"))->betweenness, 160.5515873015873, EPS);
	ck_assert_double_eq_tol(row_of(b, node(g, "33"))->betweenness, 76.69047619047619, EPS);
	/* ranked by betweenness: 1, 34, 33 */
	ck_assert_uint_eq(b->rows[0].entity, node(g, "1"));
	ck_assert_uint_eq(b->rows[1].entity, node(g, "34"));
	ck_assert_uint_eq(b->rows[2].entity, node(g, "33"));
	/* articulation points {1}; bridges {1-12} */
	size_t aps = 0;
	for (size_t i = 0; i < b->n; i++)
		aps += b->rows[i].articulation;
	ck_assert_uint_eq(aps, 1);
	ck_assert(row_of(b, node(g, "1"))->articulation);
	/* removing 1 leaves three pieces: 27 nodes, {5, 6, 7, 11, 17}, and 12 */
	ck_assert_uint_eq(row_of(b, node(g, "1"))->n_splits, 3);
	ck_assert_uint_eq(row_of(b, node(g, "1"))->split_sizes[0], 27);
	ck_assert_uint_eq(row_of(b, node(g, "1"))->split_sizes[1], 5);
	ck_assert_uint_eq(row_of(b, node(g, "1"))->split_sizes[2], 1);
	ck_assert_uint_eq(b->n_bridges, 1);
	ck_assert_uint_eq(row_of(b, node(g, "1"))->bridges, 1);
	ck_assert_uint_eq(row_of(b, node(g, "12"))->bridges, 1);
	cg_brokers_free(b);
	cg_graph_free(g);
}
END_TEST

START_TEST(brokers_sampled_with_every_source_equals_exact)
{
	cg_graph *g = classic("karate.edges.csv");
	if (!g)
		return;
	cg_brokers *exact = brokers(g, CG_DEFAULT_EXACT_LIMIT, 0);
	cg_brokers *sampled = brokers(g, 0, 34);
	ck_assert(!sampled->exact);
	ck_assert_uint_eq(sampled->samples, 34);
	for (size_t i = 0; i < exact->n; i++) {
		const cg_broker *s = row_of(sampled, exact->rows[i].entity);
		ck_assert_double_eq_tol(s->betweenness, exact->rows[i].betweenness, EPS);
		/* every source sampled: no sampling error */
		ck_assert_double_eq_tol(s->betweenness_se, 0, EPS);
	}
	cg_brokers_free(exact);
	cg_brokers_free(sampled);
	cg_graph_free(g);
}
END_TEST

START_TEST(brokers_sampled_is_seeded_and_close)
{
	cg_graph *g = classic("karate.edges.csv");
	if (!g)
		return;
	cg_brokers *a = brokers(g, 0, 17), *b = brokers(g, 0, 17);
	for (size_t i = 0; i < a->n; i++) {
		ck_assert_uint_eq(a->rows[i].entity, b->rows[i].entity);
		ck_assert_double_eq(a->rows[i].betweenness, b->rows[i].betweenness);
	}
	/* half the sources: node 1 still first, within four standard errors */
	const cg_broker *r = row_of(a, node(g, "1"));
	ck_assert_double_lt(fabs(r->betweenness - 231.0714285714286), 4 * r->betweenness_se + EPS);
	cg_brokers_free(a);
	cg_brokers_free(b);
	cg_graph_free(g);
}
END_TEST

START_TEST(brokers_florentine_matches_published_values)
{
	cg_graph *g = classic("florentine_families.edges.csv");
	if (!g)
		return;
	cg_brokers *b = brokers(g, CG_DEFAULT_EXACT_LIMIT, 0);
	ck_assert_double_eq_tol(row_of(b, node(g, "Medici"))->betweenness, 47.5, EPS);
	ck_assert_double_eq_tol(row_of(b, node(g, "Medici"))->betweenness_norm, 0.521978021978022,
	                        1e-9);
	ck_assert_double_eq_tol(row_of(b, node(g, "Guadagni"))->betweenness, 23.166666666666668,
	                        EPS);
	ck_assert_double_eq_tol(row_of(b, node(g, "Albizzi"))->betweenness, 19.333333333333332,
	                        EPS);
	static const char *const aps[] = {"Albizzi", "Guadagni", "Medici", "Salviati"};
	size_t n_ap = 0;
	for (size_t i = 0; i < b->n; i++)
		n_ap += b->rows[i].articulation;
	ck_assert_uint_eq(n_ap, 4);
	for (size_t i = 0; i < 4; i++)
		ck_assert_msg(row_of(b, node(g, aps[i]))->articulation, "%s", aps[i]);
	ck_assert_uint_eq(b->n_bridges, 5);
	/* Medici is an end of two bridges (Acciaiuoli, Salviati); Salviati of two */
	ck_assert_uint_eq(row_of(b, node(g, "Medici"))->bridges, 2);
	ck_assert_uint_eq(row_of(b, node(g, "Salviati"))->bridges, 2);
	ck_assert_uint_eq(row_of(b, node(g, "Acciaiuoli"))->bridges, 1);
	cg_brokers_free(b);
	cg_graph_free(g);
}
END_TEST

START_TEST(brokers_kite_matches_published_values)
{
	cg_graph *g = classic("krackhardt_kite.edges.csv");
	if (!g)
		return;
	cg_brokers *b = brokers(g, CG_DEFAULT_EXACT_LIMIT, 0);
	ck_assert_double_eq_tol(row_of(b, node(g, "7"))->betweenness, 14.0, EPS);
	ck_assert_double_eq_tol(row_of(b, node(g, "5"))->betweenness, 8.333333333333334, EPS);
	ck_assert_double_eq_tol(row_of(b, node(g, "6"))->betweenness, 8.333333333333334, EPS);
	ck_assert_double_eq_tol(row_of(b, node(g, "8"))->betweenness, 8.0, EPS);
	cg_brokers_free(b);
	cg_graph_free(g);
}
END_TEST

/* ---- constraint, effective size, brokerage roles: derived by hand ---- */

START_TEST(brokers_star_constraint_and_effective_size)
{
	static const char *const ents[][4] = {
	    {"c", "person", "Centre Vale", "x"},  {"a", "person", "Leaf Ash", "x"},
	    {"b", "person", "Leaf Birch", "x"},   {"d", "person", "Leaf Cedar", "x"},
	    {"e", "person", "Leaf Dogwood", "x"},
	};
	static const char *const links[][3] = {
	    {"c", "a", "associate_of"},
	    {"c", "b", "associate_of"},
	    {"c", "d", "associate_of"},
	    {"c", "e", "associate_of"},
	};
	cg_graph *g = build(ents, 5, links, 4);
	cg_brokers *b = brokers(g, CG_DEFAULT_EXACT_LIMIT, 0);
	const cg_broker *centre = row_of(b, cg_graph_find_local(g, "x", "c"));
	/* constraint of the centre: 4 * (1/4)^2; of a leaf: 1 */
	ck_assert_double_eq_tol(centre->constraint, 0.25, EPS);
	ck_assert_double_eq_tol(row_of(b, cg_graph_find_local(g, "x", "a"))->constraint, 1.0, EPS);
	/* effective size: no ties among the centre's contacts */
	ck_assert_double_eq_tol(centre->effective_size, 4.0, EPS);
	ck_assert_double_eq_tol(row_of(b, cg_graph_find_local(g, "x", "a"))->effective_size, 1.0,
	                        EPS);
	/* the centre cuts the star into four single leaves */
	ck_assert(centre->articulation);
	ck_assert_uint_eq(centre->n_splits, 4);
	ck_assert_double_eq_tol(centre->betweenness, 6.0, EPS);
	cg_brokers_free(b);
	cg_graph_free(g);
}
END_TEST

/* One directed two-path a -> b -> c with the three in the given cases: b
 * gets exactly one brokerage, in the expected role. */
static void check_role(const char *ca, const char *cb, const char *cc, cg_gf_role want)
{
	const char *const ents[][4] = {
	    {"a", "bank_account", "Account Alder 1001", ca},
	    {"b", "bank_account", "Account Beech 2002", cb},
	    {"c", "bank_account", "Account Cherry 3003", cc},
	};
	static const char *const links[][3] = {{"a", "b", "pays"}, {"b", "c", "pays"}};
	cg_graph *g = build(ents, 3, links, 2);
	cg_brokers *b = brokers(g, CG_DEFAULT_EXACT_LIMIT, 0);
	const cg_broker *r = row_of(b, cg_graph_find_local(g, cb, "b"));
	for (int k = 0; k < CG_GF_ROLE_COUNT; k++)
		ck_assert_msg(r->gf[k] == (k == (int)want ? 1.0 : 0.0), "%s/%s/%s: role %s = %g",
		              ca, cb, cc, cg_gf_role_to_string((cg_gf_role)k), r->gf[k]);
	/* a and c broker nothing */
	for (int k = 0; k < CG_GF_ROLE_COUNT; k++)
		ck_assert(row_of(b, cg_graph_find_local(g, ca, "a"))->gf[k] == 0);
	cg_brokers_free(b);
	cg_graph_free(g);
}

START_TEST(brokers_view_of_exactly_16_entities)
{
	/* 16 is where sorting by id switches from insertion to merging: a view
	 * of exactly 16 entities once crashed (found by the render fuzzer) */
	static const char *const ents[][4] = {
	    {"c", "person", "Hub Vale", "x"},      {"a", "person", "Leaf Ash", "x"},
	    {"b", "person", "Leaf Birch", "x"},    {"d", "person", "Leaf Cedar", "x"},
	    {"e", "person", "Leaf Dogwood", "x"},  {"f", "person", "Leaf Fir", "x"},
	    {"g", "person", "Leaf Gum", "x"},      {"h", "person", "Leaf Hazel", "x"},
	    {"i", "person", "Leaf Ironwood", "x"}, {"j", "person", "Leaf Juniper", "x"},
	    {"k", "person", "Leaf Kauri", "x"},    {"l", "person", "Leaf Larch", "x"},
	    {"m", "person", "Leaf Maple", "x"},    {"n", "person", "Leaf Nutmeg", "x"},
	    {"o", "person", "Leaf Oak", "x"},      {"p", "person", "Leaf Pine", "x"},
	};
	static const char *const links[][3] = {
	    {"c", "a", "associate_of"}, {"c", "b", "associate_of"}, {"c", "d", "associate_of"},
	    {"c", "e", "associate_of"}, {"c", "f", "associate_of"}, {"c", "g", "associate_of"},
	    {"c", "h", "associate_of"}, {"c", "i", "associate_of"}, {"c", "j", "associate_of"},
	    {"c", "k", "associate_of"}, {"c", "l", "associate_of"}, {"c", "m", "associate_of"},
	    {"c", "n", "associate_of"}, {"c", "o", "associate_of"}, {"c", "p", "associate_of"},
	};
	cg_graph *g = build(ents, 16, links, 15);
	cg_brokers *b = brokers(g, CG_DEFAULT_EXACT_LIMIT, 0);
	ck_assert_uint_eq(b->n, 16);
	ck_assert_uint_eq(b->rows[0].entity, cg_graph_find_local(g, "x", "c"));
	/* 15 leaves: C(15, 2) = 105 pairs, all through the hub */
	ck_assert_double_eq_tol(b->rows[0].betweenness, 105.0, EPS);
	cg_brokers_free(b);
	cg_graph_free(g);
}
END_TEST

START_TEST(brokers_gould_fernandez_roles)
{
	check_role("p", "p", "p", CG_GF_COORDINATOR);
	check_role("p", "q", "p", CG_GF_ITINERANT);
	check_role("q", "q", "p", CG_GF_REPRESENTATIVE);
	check_role("p", "q", "q", CG_GF_GATEKEEPER);
	check_role("p", "q", "r", CG_GF_LIAISON);
}
END_TEST

START_TEST(brokers_closed_triad_is_no_brokerage)
{
	static const char *const ents[][4] = {
	    {"a", "bank_account", "Account Alder 1001", "p"},
	    {"b", "bank_account", "Account Beech 2002", "q"},
	    {"c", "bank_account", "Account Cherry 3003", "r"},
	};
	static const char *const links[][3] = {
	    {"a", "b", "pays"}, {"b", "c", "pays"}, {"a", "c", "pays"}};
	cg_graph *g = build(ents, 3, links, 3);
	cg_brokers *b = brokers(g, CG_DEFAULT_EXACT_LIMIT, 0);
	for (size_t i = 0; i < b->n; i++)
		for (int k = 0; k < CG_GF_ROLE_COUNT; k++)
			ck_assert(b->rows[i].gf[k] == 0);
	cg_brokers_free(b);
	cg_graph_free(g);
}
END_TEST

/* ---- clusters ---- */

/* A planted-partition graph of accounts: 12 groups of 30, most links inside
 * a group, some pairs linked several times (distinct amounts), built in the
 * given order or reversed. pairs[] gets the ends of every link (by account
 * number) for checking against igraph. */
#define PL_GROUPS 12
#define PL_SIZE   30
#define PL_N      (PL_GROUPS * PL_SIZE)
#define PL_LINKS  1500
/* An account "a<i>" (or the given id) of case "case", cited at line. */
static cg_eid add_account(cg_graph *gr, const char *id, const char *name, long line)
{
	cg_prov pv = {"t.csv", line, "case", id, NULL, 0, NULL, NULL};
	cg_entity_rec r = CG_ENTITY_REC_INIT;
	cg_error err;
	cg_eid e;

	r.type = "bank_account";
	r.name = name;
	r.prov = &pv;
	r.n_prov = 1;
	cg_error_clear(&err);
	ck_assert_msg(cg_graph_add_entity(gr, &r, &e, NULL, &err) == 0, "%s", err.message);
	return e;
}

/* A payment of amount_units.00 EUR from a to b (distinct amounts keep
 * repeated payments apart), cited at line. */
static void add_payment(cg_graph *gr, cg_eid a, cg_eid b, int amount_units, long line)
{
	char amount[32];
	cg_link_rec r = CG_LINK_REC_INIT;
	cg_prov pv = {"l.csv", line, "case", NULL, NULL, 0, NULL, NULL};
	cg_error err;

	snprintf(amount, sizeof amount, "%d.00", amount_units);
	r.type = "pays";
	r.source = a;
	r.target = b;
	r.amount = amount;
	r.currency = "EUR";
	r.prov = &pv;
	r.n_prov = 1;
	cg_error_clear(&err);
	ck_assert_msg(cg_graph_add_link(gr, &r, NULL, NULL, &err) == 0, "%s", err.message);
}

static cg_graph *planted(int reversed, int pairs[PL_LINKS][2])
{
	cg_graph *g = cg_graph_new();
	uint64_t st = 12345;
	cg_eid ids[PL_N];

	ck_assert_ptr_nonnull(g);
	for (int i = 0; i < PL_LINKS; i++) {
		st = st * 6364136223846793005ULL + 1442695040888963407ULL;
		int a = (int)((st >> 33) % PL_N), b;
		st = st * 6364136223846793005ULL + 1442695040888963407ULL;
		if ((st >> 33) % 10 < 8) /* inside the group */
			b = a / PL_SIZE * PL_SIZE + (int)((st >> 40) % PL_SIZE);
		else
			b = (int)((st >> 40) % PL_N);
		if (i % 7 == 0 && i) { /* again a pair already linked */
			a = pairs[i - 1][0];
			b = pairs[i - 1][1];
		}
		pairs[i][0] = a;
		pairs[i][1] = b;
	}
	for (int k = 0; k < PL_N; k++) {
		int i = reversed ? PL_N - 1 - k : k;
		char id[32], name[64];
		snprintf(id, sizeof id, "a%d", i);
		snprintf(name, sizeof name, "Bank %d account %08d", i % 5, 10000 + i);
		ids[i] = add_account(g, id, name, (long)k + 2);
	}
	for (int k = 0; k < PL_LINKS; k++) {
		int i = reversed ? PL_LINKS - 1 - k : k;
		add_payment(g, ids[pairs[i][0]], ids[pairs[i][1]], i + 1, (long)k + 2);
	}
	return g;
}

static size_t cluster_of(const cg_graph *g, const cg_clusters *c, int account)
{
	char id[32];
	snprintf(id, sizeof id, "a%d", account);
	cg_eid e = cg_graph_find_local(g, "case", id);
	ck_assert(e != CG_NO_ENTITY);
	return c->membership[e];
}

START_TEST(clusters_modularity_agrees_with_igraph_and_input_order)
{
	static int pairs[PL_LINKS][2];
	cg_graph *g = planted(0, pairs), *r = planted(1, pairs);
	cg_error err;

	for (int method = 0; method < CG_CLUSTER_METHOD_COUNT; method++) {
		cg_cluster_opts o = CG_CLUSTER_OPTS_INIT;
		cg_clusters *a = NULL, *b = NULL;
		o.method = (cg_cluster_method)method;
		cg_error_clear(&err);
		ck_assert_int_eq(cg_clusters_compute(g, &o, &a, &err), 0);
		ck_assert_int_eq(cg_clusters_compute(r, &o, &b, &err), 0);
		/* the planted groups are found (modularity of the planted
		 * partition is about 0.72 here) */
		ck_assert_msg(a->modularity > 0.65, "%s: modularity %.6f",
		              cg_cluster_method_to_string(o.method), a->modularity);
		ck_assert_uint_ge(a->iterations, 1);
		/* reading the same records in the reverse order gives the same
		 * partition and the same modularity */
		ck_assert_uint_eq(a->n, b->n);
		ck_assert_double_eq_tol(a->modularity, b->modularity, 1e-12);
		for (int i = 0; i < PL_N; i++)
			ck_assert_uint_eq(cluster_of(g, a, i), cluster_of(r, b, i));

		/* igraph's modularity of the same partition, on the pairs with
		 * their multiplicity as weight, self-links left out */
		igraph_vector_int_t edges, memb;
		igraph_vector_t w;
		igraph_t ig;
		igraph_real_t q;
		ck_assert_int_eq(igraph_vector_int_init(&edges, 0), 0);
		ck_assert_int_eq(igraph_vector_init(&w, 0), 0);
		ck_assert_int_eq(igraph_vector_int_init(&memb, PL_N), 0);
		for (int i = 0; i < PL_LINKS; i++) {
			if (pairs[i][0] == pairs[i][1])
				continue;
			igraph_vector_int_push_back(&edges, pairs[i][0]);
			igraph_vector_int_push_back(&edges, pairs[i][1]);
			igraph_vector_push_back(&w, 1);
		}
		for (int i = 0; i < PL_N; i++)
			VECTOR(memb)[i] = (igraph_integer_t)cluster_of(g, a, i);
		ck_assert_int_eq(igraph_create(&ig, &edges, PL_N, IGRAPH_UNDIRECTED), 0);
		ck_assert_int_eq(igraph_modularity(&ig, &memb, &w, 1.0, 0, &q), 0);
		ck_assert_msg(fabs(q - a->modularity) < 1e-9, "igraph %.12f, casegraph %.12f",
		              (double)q, a->modularity);
		igraph_destroy(&ig);
		igraph_vector_int_destroy(&edges);
		igraph_vector_int_destroy(&memb);
		igraph_vector_destroy(&w);
		cg_clusters_free(a);
		cg_clusters_free(b);
	}
	cg_graph_free(g);
	cg_graph_free(r);
}
END_TEST

START_TEST(clusters_karate_modularity_in_published_range)
{
	cg_graph *g = classic("karate.edges.csv");
	if (!g)
		return;
	cg_cluster_opts o = CG_CLUSTER_OPTS_INIT;
	cg_clusters *a = NULL, *b = NULL;
	cg_error err;
	cg_error_clear(&err);
	ck_assert_int_eq(cg_clusters_compute(g, &o, &a, &err), 0);
	/* best possible 0.4197896120973046: a good result is within 0.001, and
	 * never above it */
	ck_assert_msg(a->modularity >= 0.4188 && a->modularity <= 0.41979 + 1e-12,
	              "modularity %.12f", a->modularity);
	ck_assert_uint_eq(a->n_components, 1);
	ck_assert_uint_eq(a->component_sizes[0], 34);
	size_t total = 0;
	for (size_t k = 0; k < a->n; k++) {
		total += a->clusters[k].size;
		if (k)
			ck_assert_uint_ge(a->clusters[k - 1].size, a->clusters[k].size);
	}
	ck_assert_uint_eq(total, 34);
	/* deterministic: the same seed gives the same partition */
	ck_assert_int_eq(cg_clusters_compute(g, &o, &b, &err), 0);
	ck_assert_uint_eq(a->n, b->n);
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++)
		ck_assert_uint_eq(a->membership[e], b->membership[e]);
	cg_clusters_free(a);
	cg_clusters_free(b);
	/* Louvain reaches the same range */
	o.method = CG_CLUSTER_LOUVAIN;
	ck_assert_int_eq(cg_clusters_compute(g, &o, &a, &err), 0);
	ck_assert_msg(a->modularity >= 0.4150 && a->modularity <= 0.41979 + 1e-12, "louvain %.12f",
	              a->modularity);
	cg_clusters_free(a);
	cg_graph_free(g);
}
END_TEST

START_TEST(clusters_two_components_and_money)
{
	static const char *const ents[][4] = {
	    {"a", "bank_account", "Account Alder 1001", "p"},
	    {"b", "bank_account", "Account Beech 2002", "p"},
	    {"c", "bank_account", "Account Cherry 3003", "q"},
	    {"d", "bank_account", "Account Damson 4004", "q"},
	    {"e", "bank_account", "Account Elder 5005", "q"},
	};
	static const char *const links[][3] = {
	    {"a", "b", "pays"}, {"c", "d", "pays"}, {"d", "e", "pays"}};
	cg_graph *g = build(ents, 5, links, 3);
	cg_cluster_opts o = CG_CLUSTER_OPTS_INIT;
	cg_clusters *c = NULL;
	cg_error err;
	cg_error_clear(&err);
	ck_assert_int_eq(cg_clusters_compute(g, &o, &c, &err), 0);
	ck_assert_uint_eq(c->n_components, 2);
	ck_assert_uint_eq(c->component_sizes[0], 3);
	ck_assert_uint_eq(c->component_sizes[1], 2);
	ck_assert_uint_eq(c->membership[cg_graph_find_local(g, "p", "a")],
	                  c->membership[cg_graph_find_local(g, "p", "b")]);
	ck_assert_uint_ne(c->membership[cg_graph_find_local(g, "p", "a")],
	                  c->membership[cg_graph_find_local(g, "q", "c")]);
	cg_clusters_free(c);
	cg_graph_free(g);
}
END_TEST

/* casegraph's own Brandes (exact below the limit) and constraint against
 * igraph's on the planted graph, tie weights = links per pair */
START_TEST(brokers_betweenness_and_constraint_agree_with_igraph)
{
	static int pairs[PL_LINKS][2];
	cg_graph *g = planted(0, pairs);
	cg_brokers *b = brokers(g, CG_DEFAULT_EXACT_LIMIT, 0);
	igraph_vector_int_t edges;
	igraph_vector_t w, bt, con;
	igraph_t ig;

	ck_assert(b->exact);
	ck_assert_int_eq(igraph_vector_int_init(&edges, 0), 0);
	ck_assert_int_eq(igraph_vector_init(&w, 0), 0);
	/* collapse the pairs as the view does: one edge per pair, weight the count */
	for (int i = 0; i < PL_LINKS; i++) {
		int x = pairs[i][0] < pairs[i][1] ? pairs[i][0] : pairs[i][1];
		int y = pairs[i][0] < pairs[i][1] ? pairs[i][1] : pairs[i][0];
		igraph_integer_t found = -1;
		if (x == y)
			continue;
		for (igraph_integer_t k = 0; k < igraph_vector_int_size(&edges) / 2; k++)
			if (VECTOR(edges)[2 * k] == x && VECTOR(edges)[2 * k + 1] == y)
				found = k;
		if (found >= 0) {
			VECTOR(w)[found] += 1;
			continue;
		}
		igraph_vector_int_push_back(&edges, x);
		igraph_vector_int_push_back(&edges, y);
		igraph_vector_push_back(&w, 1);
	}
	ck_assert_int_eq(igraph_create(&ig, &edges, PL_N, IGRAPH_UNDIRECTED), 0);
	ck_assert_int_eq(igraph_vector_init(&bt, 0), 0);
	ck_assert_int_eq(igraph_vector_init(&con, 0), 0);
	ck_assert_int_eq(igraph_betweenness(&ig, &bt, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL),
	                 0);
	ck_assert_int_eq(igraph_constraint(&ig, &con, igraph_vss_all(), &w), 0);
	size_t checked = 0, weighted = 0;
	for (int i = 0; i < PL_N; i++) {
		char id[32];
		snprintf(id, sizeof id, "a%d", i);
		cg_eid e = cg_graph_find_local(g, "case", id);
		const cg_broker *r = row_of(b, e);
		ck_assert_double_eq_tol(r->betweenness, VECTOR(bt)[i], 1e-9);
		if (isnan(r->constraint))
			ck_assert(isnan(VECTOR(con)[i]));
		else
			ck_assert_double_eq_tol(r->constraint, VECTOR(con)[i], 1e-12);
		checked++;
	}
	for (igraph_integer_t k = 0; k < igraph_vector_size(&w); k++)
		weighted += VECTOR(w)[k] > 1;
	ck_assert_uint_eq(checked, PL_N);
	ck_assert_uint_gt(weighted, 10); /* the weights matter in this check */
	igraph_destroy(&ig);
	igraph_vector_int_destroy(&edges);
	igraph_vector_destroy(&w);
	igraph_vector_destroy(&bt);
	igraph_vector_destroy(&con);
	cg_brokers_free(b);
	cg_graph_free(g);
}
END_TEST

/* Entity ids sorted as strcmp sorts them (the view's vertex order), by
 * the chunked radix sort: ids shorter than a chunk, runs sharing 8, 16 and
 * over 256 bytes (where it falls back to a comparison sort), bytes above
 * 0x7f. */
START_TEST(entity_ids_sort_as_strcmp_orders_them)
{
	cg_graph *gr = cg_graph_new();
	char longp[400];
	uint64_t st = 3;
	size_t n = 0;

	memset(longp, 'x', sizeof longp - 1);
	longp[sizeof longp - 1] = '\0';
	for (int i = 0; i < 900; i++) {
		char id[512], name[64];
		st = st * 6364136223846793005ULL + 1442695040888963407ULL;
		unsigned r = (unsigned)(st >> 33);
		switch (i % 6) {
		case 0:
			snprintf(id, sizeof id, "%c", 'a' + r % 26);
			break;
		case 1:
			snprintf(id, sizeof id, "company:%u", r % 5000);
			break;
		case 2:
			snprintf(id, sizeof id, "company:reg:CY:%u", r % 500);
			break;
		case 3:
			snprintf(id, sizeof id, "%s%u", longp, r % 300);
			break;
		case 4:
			snprintf(id, sizeof id, "\xc3\xa9t\xc3\xa9:%u", r % 100);
			break;
		default:
			snprintf(id, sizeof id, "company:reg:CY:%u\xe2\x80\x94z", r % 50);
			break;
		}
		snprintf(name, sizeof name, "Bank 1 account %08d", 800000 + i);
		cg_prov pv = {"t.csv", i + 2, "case", NULL, NULL, 0, NULL, NULL};
		cg_entity_rec rec = CG_ENTITY_REC_INIT;
		cg_error err;
		rec.type = "bank_account";
		rec.id = id;
		rec.name = name;
		rec.prov = &pv;
		rec.n_prov = 1;
		cg_error_clear(&err);
		ck_assert_msg(cg_graph_add_entity(gr, &rec, NULL, NULL, &err) == 0, "%s",
		              err.message);
	}
	n = cg_graph_entity_count(gr);
	ck_assert_uint_gt(n, 500);
	cg_eid *a = malloc(n * sizeof *a);
	unsigned char *seen = calloc(n, 1);
	for (size_t i = 0; i < n; i++)
		a[i] = (cg_eid)(n - 1 - i);
	sort_eids_by_id(gr, a, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_lt(a[i], n);
		ck_assert(!seen[a[i]]);
		seen[a[i]] = 1;
		if (i)
			ck_assert_msg(
			    strcmp(cg_entity_id(gr, a[i - 1]), cg_entity_id(gr, a[i])) < 0,
			    "%s before %s", cg_entity_id(gr, a[i - 1]), cg_entity_id(gr, a[i]));
	}
	free(a);
	free(seen);
	cg_graph_free(gr);
}
END_TEST

/* Brandes takes leaves out of its searches (and a leaf source searches
 * from its neighbour): on random forests full of leaves, with stars, lone
 * pairs, isolated entities, repeated pairs and a self-link, the exact
 * betweenness equals igraph's, and sampling every source gives the same. */
START_TEST(brokers_on_graphs_full_of_leaves_agree_with_igraph)
{
	uint64_t st = 7;
	size_t leaf_sources = 0;
	for (int round = 0; round < 40; round++) {
		st = st * 6364136223846793005ULL + 1442695040888963407ULL;
		int n = 2 + (int)((st >> 33) % 79), nl = 0;
		int la[200], lb[200], deg[81] = {0};
		cg_graph *gr = cg_graph_new();
		cg_eid ids[81];
		igraph_vector_int_t edges;
		igraph_vector_t bt;
		igraph_t ig;
		for (int i = 0; i < n; i++) {
			char id[16], name[48];
			snprintf(id, sizeof id, "t%d", i);
			snprintf(name, sizeof name, "Bank %d account %08d", round, 700000 + i);
			ids[i] = add_account(gr, id, name, (long)i + 2);
		}
		/* each vertex but the first hangs on an earlier one (mostly on the
		 * few first: stars), a tenth stay apart; then a few extra ties,
		 * one repeated, one self-link */
		for (int i = 1; i < n; i++) {
			st = st * 6364136223846793005ULL + 1442695040888963407ULL;
			if ((st >> 60) < 2)
				continue;
			la[nl] = i;
			lb[nl++] = (st >> 59) & 1 ? (int)((st >> 33) % (unsigned)i)
			                          : (int)((st >> 33) % (unsigned)(i < 4 ? i : 4));
		}
		for (int k = 0; k < 3 && n > 3; k++) {
			st = st * 6364136223846793005ULL + 1442695040888963407ULL;
			la[nl] = (int)((st >> 33) % (unsigned)n);
			lb[nl++] = (int)((st >> 45) % (unsigned)n);
		}
		if (nl) {
			la[nl] = la[0];
			lb[nl++] = lb[0];
		}
		la[nl] = lb[nl] = n - 1;
		nl++;
		ck_assert_int_eq(igraph_vector_int_init(&edges, 0), 0);
		for (int k = 0; k < nl; k++) {
			int x = la[k] < lb[k] ? la[k] : lb[k], y = la[k] < lb[k] ? lb[k] : la[k],
			    dup = 0;
			add_payment(gr, ids[la[k]], ids[lb[k]], k + 1, (long)k + 2);
			for (int j = 0; j < k; j++)
				dup |= (la[j] == x && lb[j] == y) || (la[j] == y && lb[j] == x);
			if (x == y || dup)
				continue;
			igraph_vector_int_push_back(&edges, x);
			igraph_vector_int_push_back(&edges, y);
			deg[x]++;
			deg[y]++;
		}
		for (int i = 0; i < n; i++)
			leaf_sources += deg[i] == 1;
		ck_assert_int_eq(igraph_create(&ig, &edges, n, IGRAPH_UNDIRECTED), 0);
		ck_assert_int_eq(igraph_vector_init(&bt, 0), 0);
		ck_assert_int_eq(
		    igraph_betweenness(&ig, &bt, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL), 0);
		cg_brokers *exact = brokers(gr, CG_DEFAULT_EXACT_LIMIT, 0);
		cg_brokers *sampled = brokers(gr, 0, (size_t)n);
		ck_assert(exact->exact);
		ck_assert(!sampled->exact);
		ck_assert_uint_eq(exact->n, (size_t)n);
		for (int i = 0; i < n; i++) {
			double want = VECTOR(bt)[i];
			ck_assert_msg(fabs(row_of(exact, ids[i])->betweenness - want) < 1e-9,
			              "round %d vertex %d: %g, igraph %g", round, i,
			              row_of(exact, ids[i])->betweenness, want);
			ck_assert_double_eq_tol(row_of(sampled, ids[i])->betweenness, want, 1e-9);
			ck_assert_double_eq_tol(row_of(sampled, ids[i])->betweenness_se, 0, 1e-6);
		}
		cg_brokers_free(exact);
		cg_brokers_free(sampled);
		igraph_destroy(&ig);
		igraph_vector_int_destroy(&edges);
		igraph_vector_destroy(&bt);
		cg_graph_free(gr);
	}
	ck_assert_uint_gt(leaf_sources, 400); /* the leaves are there */
}
END_TEST

/* A view cache gives the same results as no cache, is shared by analyses
 * with equal options, and is not reused once the graph has changed. */
START_TEST(view_cache_reuses_only_an_unchanged_graph)
{
	static int pairs[PL_LINKS][2];
	cg_graph *g = planted(0, pairs);
	cg_view_cache *vc = cg_view_cache_new();
	cg_cluster_opts o = CG_CLUSTER_OPTS_INIT, oc = CG_CLUSTER_OPTS_INIT;
	cg_clusters *a = NULL, *b = NULL, *c = NULL;
	cg_brokers *br = NULL;
	cg_broker_opts bo = CG_BROKER_OPTS_INIT;
	cg_error err;

	ck_assert_ptr_nonnull(vc);
	oc.view.cache = vc;
	bo.view.cache = vc;
	bo.top = 0;
	cg_error_clear(&err);
	ck_assert_int_eq(cg_clusters_compute(g, &o, &a, &err), 0);
	ck_assert_int_eq(cg_clusters_compute(g, &oc, &b, &err), 0);
	ck_assert_int_eq(cg_brokers_compute(g, &bo, &br, &err), 0); /* borrows the view */
	ck_assert_int_eq(cg_clusters_compute(g, &oc, &c, &err), 0);
	ck_assert_uint_eq(a->n, b->n);
	ck_assert_uint_eq(a->n, c->n);
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
		ck_assert_uint_eq(a->membership[e], b->membership[e]);
		ck_assert_uint_eq(a->membership[e], c->membership[e]);
	}
	ck_assert_uint_eq(br->info.vertices, a->info.vertices);
	cg_clusters_free(b);
	cg_clusters_free(c);
	/* a new entity: the cached view is stale and must not be used */
	cg_eid x = add_account(g, "extra", "Bank 9 account 99999999", 9999);
	ck_assert_int_eq(cg_clusters_compute(g, &oc, &b, &err), 0);
	ck_assert_uint_eq(b->info.vertices, a->info.vertices + 1);
	ck_assert_uint_ne(b->membership[x], SIZE_MAX);
	cg_clusters_free(a);
	cg_clusters_free(b);
	cg_brokers_free(br);
	cg_view_cache_free(vc);
	cg_graph_free(g);
}
END_TEST

/* The rows kept with --top are the first rows of the full ranking, with
 * every measure equal (the measures that do not rank are computed for the
 * kept rows only). */
START_TEST(brokers_top_rows_equal_the_full_ranking)
{
	static int pairs[PL_LINKS][2];
	cg_graph *g = planted(0, pairs);
	cg_broker_opts o = CG_BROKER_OPTS_INIT;
	cg_brokers *all = NULL, *top = NULL;
	cg_error err;

	o.exact_limit = 100; /* sampled, as on large graphs */
	o.samples = 16;      /* from sources: the top-k sampler draws more paths for more rows */
	o.top = 0;
	cg_error_clear(&err);
	ck_assert_int_eq(cg_brokers_compute(g, &o, &all, &err), 0);
	o.top = 7;
	ck_assert_int_eq(cg_brokers_compute(g, &o, &top, &err), 0);
	ck_assert_uint_eq(all->n, PL_N);
	ck_assert_uint_eq(top->n, 7);
	for (size_t i = 0; i < top->n; i++) {
		const cg_broker *a = &all->rows[i], *b = &top->rows[i];
		ck_assert_uint_eq(a->entity, b->entity);
		ck_assert_uint_eq(b->rank_betweenness, i + 1);
		ck_assert(a->betweenness == b->betweenness &&
		          a->betweenness_se == b->betweenness_se);
		ck_assert(a->constraint == b->constraint && a->effective_size == b->effective_size);
		for (int r = 0; r < CG_GF_ROLE_COUNT; r++)
			ck_assert(a->gf[r] == b->gf[r] && a->gf_z[r] == b->gf_z[r]);
		ck_assert_uint_eq(a->neighbour_cases, b->neighbour_cases);
		ck_assert_uint_eq(a->n_splits, b->n_splits);
		ck_assert_uint_eq(a->degree, b->degree);
		if (i)
			ck_assert(all->rows[i - 1].betweenness >= a->betweenness);
	}
	cg_brokers_free(all);
	cg_brokers_free(top);
	cg_graph_free(g);
}
END_TEST

/* Random small graphs (isolated entities, repeated pairs, self-links, one
 * to 120 entities): both methods give a partition whose modularity igraph
 * confirms, the same partition on a second run, and never a community
 * that spans two components. */
START_TEST(clusters_random_graphs_are_valid_partitions)
{
	uint64_t st = 99;
	for (int round = 0; round < 60; round++) {
		st = st * 6364136223846793005ULL + 1442695040888963407ULL;
		int n = 1 + (int)((st >> 33) % 120), nl = (int)((st >> 20) % (3 * (unsigned)n + 1));
		cg_graph *gr = cg_graph_new();
		cg_eid ids[120];
		int la[400], lb[400];
		cg_error err;
		for (int i = 0; i < n; i++) {
			char id[16], name[48];
			snprintf(id, sizeof id, "r%d", i);
			snprintf(name, sizeof name, "Bank %d account %08d", round, 500000 + i);
			ids[i] = add_account(gr, id, name, (long)i + 2);
		}
		for (int k = 0; k < nl; k++) {
			st = st * 6364136223846793005ULL + 1442695040888963407ULL;
			la[k] = (int)((st >> 33) % (unsigned)n);
			lb[k] = (st >> 60) < 10 ? (int)((st >> 40) % (unsigned)n) /* anywhere */
			                        : (la[k] / 8 * 8 + (int)((st >> 45) % 8)) % n;
			add_payment(gr, ids[la[k]], ids[lb[k]], k + 1, (long)k + 2);
		}
		int uf[120];
		for (int i = 0; i < n; i++)
			uf[i] = i;
		for (int k = 0; k < nl; k++) {
			int x = la[k], y = lb[k];
			while (uf[x] != x)
				x = uf[x];
			while (uf[y] != y)
				y = uf[y];
			uf[x] = y;
		}
		for (int method = 0; method < CG_CLUSTER_METHOD_COUNT; method++) {
			cg_cluster_opts o = CG_CLUSTER_OPTS_INIT;
			cg_clusters *a = NULL, *b = NULL;
			o.method = (cg_cluster_method)method;
			ck_assert_int_eq(cg_clusters_compute(gr, &o, &a, &err), 0);
			ck_assert_int_eq(cg_clusters_compute(gr, &o, &b, &err), 0);
			size_t total = 0;
			for (size_t c = 0; c < a->n; c++) {
				ck_assert_uint_gt(a->clusters[c].size, 0);
				total += a->clusters[c].size;
				/* one component per community (components by union-find
				 * over the links) */
				int root0 = -1;
				for (size_t i = 0; i < a->clusters[c].size; i++) {
					int x = -1;
					for (int j = 0; j < n; j++)
						if (ids[j] == a->clusters[c].members[i])
							x = j;
					ck_assert_int_ge(x, 0);
					while (uf[x] != x)
						x = uf[x];
					if (root0 < 0)
						root0 = x;
					ck_assert_int_eq(x, root0);
				}
			}
			ck_assert_uint_eq(total, (size_t)n);
			for (int i = 0; i < n; i++) {
				ck_assert_uint_lt(a->membership[ids[i]], a->n);
				ck_assert_uint_eq(a->membership[ids[i]], b->membership[ids[i]]);
			}
			/* igraph's modularity of the same partition */
			igraph_vector_int_t edges, memb;
			igraph_vector_t w;
			igraph_t ig;
			igraph_real_t q;
			int m = 0;
			igraph_vector_int_init(&edges, 0);
			igraph_vector_init(&w, 0);
			igraph_vector_int_init(&memb, n);
			for (int k = 0; k < nl; k++)
				if (la[k] != lb[k]) {
					igraph_vector_int_push_back(&edges, la[k]);
					igraph_vector_int_push_back(&edges, lb[k]);
					igraph_vector_push_back(&w, 1);
					m++;
				}
			for (int i = 0; i < n; i++)
				VECTOR(memb)[i] = (igraph_integer_t)a->membership[ids[i]];
			ck_assert_int_eq(igraph_create(&ig, &edges, n, IGRAPH_UNDIRECTED), 0);
			ck_assert_int_eq(igraph_modularity(&ig, &memb, &w, 1.0, 0, &q), 0);
			if (m)
				ck_assert_msg(fabs(q - a->modularity) < 1e-9,
				              "round %d: igraph %.12f, ours %.12f", round,
				              (double)q, a->modularity);
			else
				ck_assert(isnan(a->modularity));
			igraph_destroy(&ig);
			igraph_vector_int_destroy(&edges);
			igraph_vector_int_destroy(&memb);
			igraph_vector_destroy(&w);
			cg_clusters_free(a);
			cg_clusters_free(b);
		}
		cg_graph_free(gr);
	}
}
END_TEST

START_TEST(components_counted_and_numbered_by_first_entity)
{
	static const char *const ents[][4] = {
	    {"a", "bank_account", "Account Alder 1001", "p"},
	    {"d", "bank_account", "Account Dogwood 4004", "p"},
	    {"b", "bank_account", "Account Beech 2002", "p"},
	    {"e", "bank_account", "Account Elm 5005", "p"},
	    {"c", "bank_account", "Account Cherry 3003", "p"},
	    {"f", "bank_account", "Account Fir 6006", "p"},
	};
	static const char *const links[][3] = {
	    {"a", "b", "pays"}, {"c", "b", "pays"}, {"e", "f", "pays"}, {"d", "d", "pays"}};
	cg_graph *g = build(ents, 6, links, 4);
	cg_components *c = NULL;
	cg_error err;

	cg_error_clear(&err);
	ck_assert_int_eq(cg_components_compute(g, &c, &err), 0);
	ck_assert_uint_eq(c->n, 6);
	ck_assert_uint_eq(c->count, 3); /* {a, b, c}, {d}, {e, f} */
	ck_assert_uint_eq(c->largest, 3);
	ck_assert_uint_eq(c->isolated, 1); /* d: only a link to itself */
	cg_eid a = node_in(g, "p", "a"), b = node_in(g, "p", "b"), cc = node_in(g, "p", "c");
	cg_eid d = node_in(g, "p", "d"), e = node_in(g, "p", "e"), f = node_in(g, "p", "f");
	ck_assert_uint_eq(c->membership[a], 0); /* entity 0 */
	ck_assert_uint_eq(c->membership[b], 0);
	ck_assert_uint_eq(c->membership[cc], 0);
	ck_assert_uint_eq(c->membership[d], 1); /* entity 1 */
	ck_assert_uint_eq(c->membership[e], 2);
	ck_assert_uint_eq(c->membership[f], 2);
	cg_components_free(c);
	cg_graph_free(g);
}
END_TEST

/* ---- the example investigation ---- */

static cg_graph *example(void)
{
	static char bufs[6][4200];
	static const char *const files[] = {"laptop-farm/nodes.csv",   "laptop-farm/links.csv",
	                                    "front-company/nodes.csv", "front-company/links.csv",
	                                    "payroll/nodes.csv",       "payroll/links.csv"};
	const char *paths[6];
	for (int i = 0; i < 6; i++) {
		snprintf(bufs[i], sizeof bufs[i], "%s/examples/%s", tu_source_root(), files[i]);
		paths[i] = bufs[i];
	}
	return load(paths, 6);
}

START_TEST(brokers_example_facilitator_ranks_first)
{
	cg_graph *g = example();
	cg_broker_opts o = CG_BROKER_OPTS_INIT;
	cg_brokers *b = NULL;
	cg_error err;
	cg_error_clear(&err);
	ck_assert_int_eq(cg_brokers_compute(g, &o, &b, &err), 0);
	ck_assert_str_eq(cg_entity_id(g, b->rows[0].entity),
	                 "person:dana marie whitfield|dob:1984-07-19");
	ck_assert(b->rows[0].articulation);
	ck_assert(b->rows[0].bridges_cases);
	ck_assert_uint_eq(b->rows[0].n_cases, 3);
	cg_brokers_free(b);
	cg_graph_free(g);
}
END_TEST

START_TEST(shared_example_lists_exactly_the_shared_values)
{
	static const char *const want[] = {
	    "email:dana.whitfield.consult@mailbox.example",
	    "bank_account:iban:AE930910004471823096518",
	    "address:2207 copperleaf dr 12 mesa verde heights az 85299",
	    "person:dana marie whitfield|dob:1984-07-19",
	};
	static const char *const also[] = {
	    "phone:+14805550134",
	    "company:cobaltline analytics",
	    "company:reg:US-WY:2021001045873",
	    "company:reg:AE:KSFZ41772",
	    "bank_account:acct:granite peak national bank:4822119073",
	    "bank_account:acct:desert sun community bank:7730041862",
	};
	cg_graph *g = example();
	cg_shared_opts o = CG_SHARED_OPTS_INIT;
	cg_shared *s = NULL;
	cg_error err;
	cg_error_clear(&err);
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
	ck_assert_uint_eq(s->n, 10);
	/* the three-case ones first: e-mail, IBAN, address, facilitator */
	for (size_t i = 0; i < 4; i++) {
		int found = 0;
		for (size_t k = 0; k < 4; k++)
			found |= strcmp(cg_entity_id(g, s->rows[i].entity), want[k]) == 0;
		ck_assert_msg(found, "row %zu is %s", i, cg_entity_id(g, s->rows[i].entity));
		ck_assert_uint_eq(s->rows[i].n_cases, 3);
	}
	for (size_t k = 0; k < 6; k++) {
		int found = 0;
		for (size_t i = 4; i < s->n; i++)
			found |= strcmp(cg_entity_id(g, s->rows[i].entity), also[k]) == 0;
		ck_assert_msg(found, "%s not shared", also[k]);
	}
	/* the near miss (two different Jordan Reyes) is not shared */
	for (size_t i = 0; i < s->n; i++)
		ck_assert(strstr(cg_entity_id(g, s->rows[i].entity), "jordan") == NULL);
	ck_assert_uint_eq(s->n_cases, 3);
	ck_assert_uint_eq(s->n_overlaps, 3);
	ck_assert_uint_eq(s->n_too_common, 0);
	cg_shared_free(s);
	/* --max-cases 2: the three-case values become too common */
	o.view.max_cases = 2;
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
	ck_assert_uint_eq(s->n_too_common, 4);
	ck_assert_uint_eq(s->n, 6);
	cg_shared_free(s);
	cg_graph_free(g);
}
END_TEST

START_TEST(view_exclusion_list_wildcards_and_cidr)
{
	char dir[64], path[128];
	cg_graph *g = example();
	cg_shared_opts o = CG_SHARED_OPTS_INIT;
	cg_shared *s = NULL;
	cg_error err;
	static const char list[] = "# values never to correlate on\n"
	                           "%@mailbox.example\n"
	                           "203.0.113.0/24\n"
	                           "\n";

	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/exclude.txt", dir);
	tu_write_file(path, list, sizeof list - 1);
	o.view.exclude_path = path;
	cg_error_clear(&err);
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
	ck_assert_uint_eq(s->n, 9);
	for (size_t i = 0; i < s->n; i++)
		ck_assert(strstr(cg_entity_id(g, s->rows[i].entity), "mailbox.example") == NULL);
	/* excluded: the facilitator's e-mail and every IP in 203.0.113.0/24 */
	ck_assert_uint_ge(s->info.n_excluded, 2);
	int ip = 0;
	for (size_t i = 0; i < s->info.n_excluded; i++)
		ip |= cg_entity_type_of(g, s->info.excluded[i]) == CG_ET_IP;
	ck_assert(ip);
	cg_shared_free(s);
	o.view.exclude_path = "/nonexistent/exclude.txt";
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), CG_EIO);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

/* Context connects nothing by default (issue 15 item 2): a vendor's generic
 * mitigation (course_of_action), an ATT&CK asset (x_mitre_asset) and a
 * report named in both cases are left out of `shared`; an IP in both is
 * shared; --include-type adds a context type back. */
START_TEST(view_context_types_connect_nothing)
{
	static const char *const ents[][4] = {
	    {"m1", "course_of_action", "Network Segmentation", "alpha"},
	    {"m2", "course_of_action", "Network Segmentation", "beta"},
	    {"a1", "x_mitre_asset", "Workstation", "alpha"},
	    {"a2", "x_mitre_asset", "Workstation", "beta"},
	    {"r1", "report", "Quarterly Threat Review", "alpha"},
	    {"r2", "report", "Quarterly Threat Review", "beta"},
	    {"i1", "ip", "198.51.100.7", "alpha"},
	    {"i2", "ip", "198.51.100.7", "beta"},
	};
	static const char *const include[] = {"course_of_action"};
	cg_graph *g = build(ents, 8, NULL, 0);
	cg_shared_opts o = CG_SHARED_OPTS_INIT;
	cg_shared *s = NULL;
	cg_error err;

	cg_error_clear(&err);
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
	ck_assert_uint_eq(s->n, 1);
	ck_assert_str_eq(cg_entity_type_name(g, s->rows[0].entity), "ip");
	cg_shared_free(s);
	o.view.include_types = include;
	o.view.n_include_types = 1;
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
	ck_assert_uint_eq(s->n, 2);
	cg_shared_free(s);
	cg_graph_free(g);
}
END_TEST

/* A tool every report names (no identifying key) is too common in 11 cases,
 * with the reason; an IP and an e-mail in the same 11 cases stay shared. */
/* The shared analysis asks for the clusters' view without the limits of
 * "too common": a cache lends it the clusters' view only when those limits
 * left nothing out, and the rows are those of no cache either way. */
START_TEST(shared_reuses_the_clusters_view_only_when_nothing_was_too_common)
{
	cg_graph *g = example();
	cg_view_cache *vc = cg_view_cache_new();
	cg_shared *plain = NULL, *s = NULL;
	cg_clusters *cl = NULL;
	cg_error err;

	ck_assert_ptr_nonnull(vc);
	cg_error_clear(&err);
	for (size_t limit = 0; limit < 3; limit++) {
		cg_shared_opts o = CG_SHARED_OPTS_INIT;
		cg_cluster_opts co = CG_CLUSTER_OPTS_INIT;
		/* limit 0: the default limits, nothing too common in the
		 * example; 2: four values too common; 1: more */
		if (limit) {
			o.view.max_cases = limit;
			co.view.max_cases = limit;
		}
		ck_assert_int_eq(cg_shared_compute(g, &o, &plain, &err), 0);
		o.view.cache = vc;
		co.view.cache = vc;
		ck_assert_int_eq(cg_clusters_compute(g, &co, &cl, &err), 0);
		ck_assert_uint_eq(cl->info.n_too_common > 0, limit > 0);
		ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
		ck_assert_uint_eq(s->n, plain->n);
		ck_assert_uint_eq(s->n_too_common, plain->n_too_common);
		ck_assert_uint_eq(s->n_cases, plain->n_cases);
		for (size_t i = 0; i < s->n; i++) {
			ck_assert_uint_eq(s->rows[i].entity, plain->rows[i].entity);
			ck_assert_uint_eq(s->rows[i].n_cases, plain->rows[i].n_cases);
		}
		cg_shared_free(plain);
		cg_shared_free(s);
		cg_clusters_free(cl);
	}
	cg_view_cache_free(vc);
	cg_graph_free(g);
}
END_TEST

START_TEST(view_name_only_entity_in_many_cases_is_too_common)
{
	static const char *const kases[] = {"c01", "c02", "c03", "c04", "c05", "c06",
	                                    "c07", "c08", "c09", "c10", "c11"};
	const char *ents[33][4];
	char ids[33][8];
	cg_shared_opts o = CG_SHARED_OPTS_INIT;
	cg_shared *s = NULL;
	cg_error err;
	char why[160];

	for (size_t i = 0; i < 11; i++) {
		static const char *const kind[][2] = {{"malware", "PowerShell Empire"},
		                                      {"ip", "203.0.113.9"},
		                                      {"email", "ops@box.test"}};
		for (size_t k = 0; k < 3; k++) {
			snprintf(ids[i * 3 + k], sizeof ids[0], "e%zu", i * 3 + k);
			ents[i * 3 + k][0] = ids[i * 3 + k];
			ents[i * 3 + k][1] = kind[k][0];
			ents[i * 3 + k][2] = kind[k][1];
			ents[i * 3 + k][3] = kases[i];
		}
	}
	cg_graph *g = build((const char *const(*)[4])ents, 33, NULL, 0);
	cg_error_clear(&err);
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
	ck_assert_uint_eq(s->n, 2);
	ck_assert_uint_eq(s->n_too_common, 1);
	ck_assert_str_eq(cg_entity_type_name(g, s->too_common[0].entity), "malware");
	ck_assert_str_eq(
	    cg_too_common_reason(g, s->too_common[0].entity, 11, &s->info, why, sizeof why),
	    "known by a name alone, in 11 cases, more than --max-name-cases 10");
	ck_assert_str_eq(cg_too_common_reason(g, s->rows[0].entity, 11, &s->info, why, sizeof why),
	                 "");
	cg_shared_free(s);
	/* 0 lifts the limit; the view of brokers applies it the same way */
	o.view.max_name_cases = 0;
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
	ck_assert_uint_eq(s->n, 3);
	ck_assert_uint_eq(s->n_too_common, 0);
	cg_shared_free(s);
	cg_broker_opts bo = CG_BROKER_OPTS_INIT;
	cg_brokers *b = NULL;
	ck_assert_int_eq(cg_brokers_compute(g, &bo, &b, &err), 0);
	ck_assert_uint_eq(b->info.n_too_common, 1);
	ck_assert_str_eq(
	    cg_too_common_reason(g, b->info.too_common[0], 11, &b->info, why, sizeof why),
	    "known by a name alone, in 11 cases, more than --max-name-cases 10");
	cg_brokers_free(b);
	cg_graph_free(g);
}
END_TEST

/* shared --by actor: a tool two actors use (one through a campaign
 * attributed to it) is shared, with its ties; one actor's tool is not; the
 * actors themselves are no rows. --by country: an IP used by persons of two
 * nationalities (a subdivision counting as its country). --by type: refused. */
START_TEST(shared_by_actor_and_by_country)
{
	static const char *const ents[][4] = {
	    {"a1", "threat_actor", "Ashen Lynx", "x"},
	    {"a2", "threat_actor", "Copper Heron", "x"},
	    {"c1", "campaign", "Operation Dry Creek", "x"},
	    {"m1", "malware", "GrimFox", "x"},
	    {"m2", "malware", "LoneWolf", "x"},
	    {"p1", "person", "Ilsa Varga", "x"},
	    {"p2", "person", "Tomas Brel", "x"},
	    {"i1", "ip", "45.77.12.9", "x"},
	};
	static const char *const links[][3] = {
	    {"a1", "m1", "uses"}, {"c1", "m1", "uses"}, {"c1", "a2", "attributed_to"},
	    {"a1", "m2", "uses"}, {"p1", "i1", "uses"}, {"p2", "i1", "uses"},
	};
	cg_graph *g = build(ents, 8, links, 6);
	cg_shared_opts o = CG_SHARED_OPTS_INIT;
	cg_shared *s = NULL;
	cg_error err;

	cg_error_clear(&err);
	o.by = CG_BY_ACTOR;
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
	ck_assert_uint_eq(s->n, 1);
	ck_assert_str_eq(cg_entity_name(g, s->rows[0].entity), "GrimFox");
	ck_assert_uint_eq(s->rows[0].n_cases, 2);
	ck_assert_str_eq(s->rows[0].cases[0], "Ashen Lynx");
	ck_assert_str_eq(s->rows[0].cases[1], "Copper Heron");
	ck_assert_uint_eq(s->rows[0].ties[0].via, CG_NO_LINK);
	ck_assert_str_eq(cg_link_type_name(g, s->rows[0].ties[1].link), "uses");
	ck_assert_str_eq(cg_entity_name(g, cg_link_source(g, s->rows[0].ties[1].link)),
	                 "Operation Dry Creek");
	ck_assert_str_eq(cg_link_type_name(g, s->rows[0].ties[1].via), "attributed_to");
	ck_assert_uint_eq(s->n_overlaps, 1);
	cg_shared_free(s);
	cg_graph_free(g);

	static const char *const ents2[][4] = {
	    {"p1", "person", "Ilsa Varga", "x"}, {"p2", "person", "Tomas Brel", "x"},
	    {"p3", "person", "Rhea Lund", "x"},  {"i1", "ip", "45.77.12.9", "x"},
	    {"i2", "ip", "45.77.12.10", "x"},
	};
	static const char *const links2[][3] = {
	    {"p1", "i1", "uses"}, {"p2", "i1", "uses"}, {"p2", "i2", "uses"}, {"p3", "i2", "uses"}};
	g = cg_graph_new();
	for (size_t i = 0; i < 5; i++) {
		static const char *const nat[] = {"Canada", "US-CA", "US", NULL, NULL};
		cg_prov pv = {"t.csv", (long)i + 2, "x", ents2[i][0], NULL, 0, NULL, NULL};
		cg_prop pr = {"nationality", nat[i]};
		cg_entity_rec r = CG_ENTITY_REC_INIT;
		cg_eid e;
		r.type = ents2[i][1];
		r.name = ents2[i][2];
		r.props = nat[i] ? &pr : NULL;
		r.n_props = nat[i] != NULL;
		r.prov = &pv;
		r.n_prov = 1;
		ck_assert_int_eq(cg_graph_add_entity(g, &r, &e, NULL, &err), 0);
	}
	for (size_t i = 0; i < 4; i++) {
		cg_link_rec r = CG_LINK_REC_INIT;
		cg_prov pv = {"l.csv", (long)i + 2, "x", NULL, NULL, 0, NULL, NULL};
		cg_lid l;
		r.type = links2[i][2];
		r.source = cg_graph_find_local(g, "x", links2[i][0]);
		r.target = cg_graph_find_local(g, "x", links2[i][1]);
		r.prov = &pv;
		r.n_prov = 1;
		ck_assert_int_eq(cg_graph_add_link(g, &r, &l, NULL, &err), 0);
	}
	o.by = CG_BY_COUNTRY;
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
	ck_assert_uint_eq(s->n, 1);
	ck_assert_str_eq(cg_entity_name(g, s->rows[0].entity), "45.77.12.9");
	ck_assert_str_eq(s->rows[0].cases[0], "CA");
	ck_assert_str_eq(s->rows[0].cases[1], "US");
	cg_shared_free(s);
	o.by = CG_BY_TYPE;
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), CG_EINVAL);
	ck_assert_ptr_null(s);
	cg_graph_free(g);
}
END_TEST

/* shared --within: an IP two cases saw three years apart is outside a
 * 90-day window (listed with when each saw it); a wallet two cases saw in
 * one month is shared, with its spans; an e-mail with no date stays shared
 * (nothing refutes it); a payment's date dates the account it touches. */
START_TEST(shared_within_a_window_of_days)
{
	static const char *const e[][6] = {
	    {"ip", "45.77.12.9", "old", "i1", "2020-02-01T10:00:00Z", "2020-02-03"},
	    {"ip", "45.77.12.9", "new", "i1", "2023-05-01", "2023-05-01"},
	    {"wallet", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "old", "w1", "2023-03", NULL},
	    {"wallet", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "new", "w1", "2023-05-10",
	     NULL},
	    {"email", "ops@box.test", "old", "m1", NULL, NULL},
	    {"email", "ops@box.test", "new", "m1", NULL, NULL},
	    {"bank_account", "GB82WEST12345698765432", "old", "b1", NULL, NULL},
	    {"bank_account", "GB82WEST12345698765432", "new", "b1", NULL, NULL},
	    {"person", "Ilsa Varga", "new", "p1", NULL, NULL},
	};
	cg_graph *g = cg_graph_new();
	cg_shared_opts o = CG_SHARED_OPTS_INIT;
	cg_shared *s = NULL;
	cg_error err;
	cg_eid ids[9];

	for (size_t i = 0; i < 9; i++) {
		cg_prov pv = {"t.csv", (long)i + 2, e[i][2], e[i][3], NULL, 0, e[i][4], e[i][5]};
		cg_entity_rec r = CG_ENTITY_REC_INIT;
		r.type = e[i][0];
		r.name = e[i][1];
		r.prov = &pv;
		r.n_prov = 1;
		cg_error_clear(&err);
		ck_assert_msg(cg_graph_add_entity(g, &r, &ids[i], NULL, &err) == 0, "%s",
		              err.message);
	}
	/* the account: paid in 2019 in "old", in 2023 in "new" */
	static const char *const dates[] = {"2019-01-05", "2023-05-02"};
	for (int i = 0; i < 2; i++) {
		cg_prop pr = {"date", dates[i]};
		cg_prov pv = {"l.csv", i + 2, i ? "new" : "old", NULL, NULL, 0, NULL, NULL};
		cg_link_rec r = CG_LINK_REC_INIT;
		cg_lid l;
		r.type = "pays";
		r.source = ids[8];
		r.target = ids[6];
		r.amount = "100.00";
		r.currency = "USD";
		r.props = &pr;
		r.n_props = 1;
		r.prov = &pv;
		r.n_prov = 1;
		ck_assert_int_eq(cg_graph_add_link(g, &r, &l, NULL, &err), 0);
	}
	o.within_days = 90;
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
	ck_assert_uint_eq(s->n, 2);
	ck_assert_uint_eq(s->n_outside, 2);
	const cg_shared_row *w = NULL, *m = NULL;
	for (size_t i = 0; i < s->n; i++) {
		if (s->rows[i].entity == ids[2])
			w = &s->rows[i];
		if (s->rows[i].entity == ids[4])
			m = &s->rows[i];
	}
	ck_assert_ptr_nonnull(w);
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_null(m->first_seen);
	ck_assert_str_eq(w->cases[1], "old");
	ck_assert_str_eq(w->first_seen[1], "2023-03");
	ck_assert_str_eq(w->last_seen[1], "2023-03");
	ck_assert_str_eq(w->first_seen[0], "2023-05-10");
	for (size_t i = 0; i < 2; i++) {
		const cg_shared_row *r = &s->outside[i];
		ck_assert(r->entity == ids[0] || r->entity == ids[6]);
		ck_assert_uint_eq(r->n_cases, 2);
		if (r->entity == ids[0]) {
			ck_assert_str_eq(r->first_seen[1], "2020-02-01T10:00:00Z");
			ck_assert_str_eq(r->last_seen[1], "2020-02-03");
		} else {
			ck_assert_str_eq(r->first_seen[1], "2019-01-05");
		}
	}
	cg_shared_free(s);
	/* without a window: all four shared, the spans still said */
	o.within_days = -1;
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
	ck_assert_uint_eq(s->n, 4);
	ck_assert_uint_eq(s->n_outside, 0);
	cg_shared_free(s);
	/* a window of five years takes them all */
	o.within_days = 5 * 366;
	ck_assert_int_eq(cg_shared_compute(g, &o, &s, &err), 0);
	ck_assert_uint_eq(s->n, 4);
	cg_shared_free(s);
	cg_graph_free(g);
}
END_TEST

/* ---- paths ---- */

START_TEST(paths_shortest_and_k_shortest)
{
	/* a - b - c - d and a - e - f - d: two paths of three hops, plus a - d
	 * through g in four hops */
	static const char *const ents[][4] = {
	    {"a", "person", "Ada Alder", "x"},     {"b", "person", "Ben Beech", "x"},
	    {"c", "person", "Cy Cherry", "x"},     {"d", "person", "Dee Damson", "x"},
	    {"e", "person", "Eve Elder", "x"},     {"f", "person", "Fay Fir", "x"},
	    {"g", "email", "g@example.test", "x"},
	};
	static const char *const links[][3] = {
	    {"a", "b", "associate_of"}, {"b", "c", "associate_of"}, {"c", "d", "associate_of"},
	    {"a", "e", "associate_of"}, {"e", "f", "associate_of"}, {"f", "d", "associate_of"},
	    {"a", "g", "uses"},
	};
	cg_graph *g = build(ents, 7, links, 7);
	cg_path_opts o = CG_PATH_OPTS_INIT;
	cg_paths *p = NULL;
	cg_error err;
	cg_eid a = cg_graph_find_local(g, "x", "a"), d = cg_graph_find_local(g, "x", "d");
	cg_error_clear(&err);
	ck_assert_int_eq(cg_paths_compute(g, a, d, &o, &p, &err), 0);
	ck_assert_uint_eq(p->n, 1);
	ck_assert_uint_eq(p->paths[0].n_hops, 3);
	ck_assert_uint_eq(p->paths[0].hops[0].from, a);
	ck_assert_uint_eq(p->paths[0].hops[2].to, d);
	cg_paths_free(p);
	o.k = 3;
	ck_assert_int_eq(cg_paths_compute(g, a, d, &o, &p, &err), 0);
	ck_assert_uint_eq(p->n, 2);
	ck_assert_uint_eq(p->paths[1].n_hops, 3);
	cg_paths_free(p);
	/* only e-mails may be crossed: no path */
	static const char *const via[] = {"email"};
	o.k = 1;
	o.via_types = via;
	o.n_via_types = 1;
	ck_assert_int_eq(cg_paths_compute(g, a, d, &o, &p, &err), 0);
	ck_assert_uint_eq(p->n, 0);
	cg_paths_free(p);
	/* resolving names */
	cg_eid e;
	ck_assert_int_eq(cg_graph_resolve(g, "G@EXAMPLE.TEST", &e, &err), 0);
	ck_assert_uint_eq(e, cg_graph_find_local(g, "x", "g"));
	ck_assert_int_eq(cg_graph_resolve(g, "dee damson", &e, &err), 0);
	ck_assert_uint_eq(e, d);
	ck_assert_int_eq(cg_graph_resolve(g, "nobody at all", &e, &err), CG_ENOTFOUND);
	cg_graph_free(g);
}
END_TEST

START_TEST(network_connects_seeds)
{
	cg_graph *g = example();
	cg_path_opts o = CG_PATH_OPTS_INIT;
	cg_network *n = NULL;
	cg_eid seeds[3];
	cg_error err;
	cg_error_clear(&err);
	ck_assert_int_eq(cg_graph_resolve(g, "Cobaltline Analytics", &seeds[0], &err), 0);
	ck_assert_int_eq(cg_graph_resolve(g, "AE93 0910 0044 7182 3096 518", &seeds[1], &err), 0);
	ck_assert_int_eq(cg_graph_resolve(g, "Jade Meridian Technologies FZE", &seeds[2], &err), 0);
	ck_assert_int_eq(cg_network_compute(g, seeds, 3, &o, &n, &err), 0);
	ck_assert_uint_eq(n->unreachable_pairs, 0);
	ck_assert_uint_ge(n->n_entities, 3);
	for (int i = 0; i < 3; i++) {
		int found = 0;
		for (size_t k = 0; k < n->n_entities; k++)
			found |= n->entities[k] == seeds[i];
		ck_assert(found);
	}
	ck_assert_uint_ge(n->n_links, n->n_entities - 1);
	cg_network_free(n);
	cg_graph_free(g);
}
END_TEST

/* ---- money ---- */

START_TEST(money_totals_by_currency_and_date)
{
	cg_graph *g = cg_graph_new();
	cg_error err;
	cg_eid e[3];
	const char *names[] = {"Account Alder 1001", "Account Beech 2002", "Account Cherry 3003"};
	for (int i = 0; i < 3; i++) {
		cg_prov pv = {"n.csv", i + 2, "x", names[i], NULL, 0, NULL, NULL};
		cg_entity_rec r = CG_ENTITY_REC_INIT;
		r.type = "bank_account";
		r.name = names[i];
		r.prov = &pv;
		r.n_prov = 1;
		ck_assert_int_eq(cg_graph_add_entity(g, &r, &e[i], NULL, &err), 0);
	}
	static const struct {
		int a, b;
		const char *amount, *cur, *date;
	} pays[] = {
	    {0, 1, "100.50", "USD", "2024-01-10"},
	    {1, 2, "40.00", "USD", "2024-02-10"},
	    {0, 2, "5000", "JPY", "2024-03-01"},
	    {1, 0, "1.25", "USD", NULL},
	};
	for (int i = 0; i < 4; i++) {
		cg_link_rec r = CG_LINK_REC_INIT;
		cg_prov pv = {"l.csv", i + 2, "x", NULL, NULL, 0, NULL, NULL};
		cg_prop date = {"date", pays[i].date};
		cg_lid l;
		r.type = "pays";
		r.source = e[pays[i].a];
		r.target = e[pays[i].b];
		r.amount = pays[i].amount;
		r.currency = pays[i].cur;
		r.props = &date;
		r.n_props = pays[i].date ? 1 : 0;
		r.prov = &pv;
		r.n_prov = 1;
		ck_assert_int_eq(cg_graph_add_link(g, &r, &l, NULL, &err), 0);
	}
	cg_money_opts o = CG_MONEY_OPTS_INIT;
	cg_money *m = NULL;
	ck_assert_int_eq(cg_money_compute(g, &o, &m, &err), 0);
	ck_assert_uint_eq(m->links_counted, 4);
	/* account 0: out 100.50 USD, in 1.25 USD, out 5000 JPY */
	const cg_money_row *r0 = NULL;
	for (size_t i = 0; i < m->n_entities; i++)
		if (m->entities[i].entity == e[0])
			r0 = &m->entities[i];
	ck_assert_ptr_nonnull(r0);
	ck_assert_uint_eq(r0->n_sums, 2);
	ck_assert_str_eq(r0->sums[0].currency, "JPY");
	ck_assert_int_eq(r0->sums[0].out, 5000);
	ck_assert_str_eq(r0->sums[1].currency, "USD");
	ck_assert_int_eq(r0->sums[1].out, 10050);
	ck_assert_int_eq(r0->sums[1].in, 125);
	/* largest flows per currency: JPY first, then USD by amount */
	ck_assert_uint_eq(m->n_flows, 4);
	cg_money_free(m);
	/* a date range leaves the undated link out and counts it */
	o.from_date = "2024-02-01";
	ck_assert_int_eq(cg_money_compute(g, &o, &m, &err), 0);
	ck_assert_uint_eq(m->links_counted, 2);
	ck_assert_uint_eq(m->links_undated, 1);
	cg_money_free(m);
	cg_graph_free(g);
}
END_TEST

/* ---- the top-k sampler (random shortest paths), forced with a low exact limit ---- */

static cg_brokers *topk_brokers(const cg_graph *g, size_t top, unsigned long seed)
{
	cg_broker_opts o = CG_BROKER_OPTS_INIT;
	cg_brokers *b = NULL;
	cg_error err;

	o.exact_limit = 0;      /* sampled, as above 5,000 entities */
	o.max_paths = 1u << 20; /* a budget that lets it converge (the default is smaller) */
	o.top = top;
	o.seed = seed;
	cg_error_clear(&err);
	ck_assert_msg(cg_brokers_compute(g, &o, &b, &err) == 0, "%s", tu_fmt_err(&err));
	return b;
}

/* The default path budget: the full budget up to 100,000 entities, then
 * shrinking with the cost of a path, never below the floor. */
START_TEST(brokers_topk_default_budget_shrinks_with_size)
{
	ck_assert_uint_eq(cg_broker_default_paths(10), CG_MIN_PATHS_PER_SIZE);
	ck_assert_uint_eq(cg_broker_default_paths(10000), 65536);
	ck_assert_uint_eq(cg_broker_default_paths(50000), 131072);
	ck_assert_uint_eq(cg_broker_default_paths(100000), CG_DEFAULT_MAX_PATHS);
	ck_assert_uint_eq(cg_broker_default_paths(100000), 262144);
	ck_assert_uint_eq(cg_broker_default_paths(200000), CG_DEFAULT_MAX_PATHS / 4);
	ck_assert_uint_eq(cg_broker_default_paths(750000), 8738);
	ck_assert_uint_eq(cg_broker_default_paths(10000000), CG_MIN_DEFAULT_PATHS);
}
END_TEST

/* The bounds against a hand computation: 20 hits in 1,000 draws, L = 3.
 * Upper: tau d^2 = L (2 (p + d) + 2 d / 3), d = (8 + sqrt(64 + 480)) / 2000;
 * lower: tau d^2 = L (2 (p - d) + 2 d / 3), d = (-4 + sqrt(16 + 480)) / 2000;
 * a difference of variance at most 0.02: tau d^2 = L (2 var + 4 d / 3),
 * d = (4 + sqrt(16 + 480)) / 2000. */
START_TEST(topk_bounds_by_hand)
{
	double lo, hi;

	topk_interval(20, 1000, 3, &lo, &hi);
	ck_assert_double_eq_tol(hi, 0.02 + (8 + sqrt(544)) / 2000, 1e-12);
	ck_assert_double_eq_tol(hi, 0.0356619, 1e-7);
	ck_assert_double_eq_tol(lo, 0.02 - (-4 + sqrt(496)) / 2000, 1e-12);
	ck_assert_double_eq_tol(lo, 0.0108645, 1e-7);
	ck_assert_double_eq_tol(topk_pair_width(1000, 3, 0.02), (4 + sqrt(496)) / 2000, 1e-12);
	ck_assert_double_eq_tol(topk_pair_width(1000, 3, 0.02), 0.0131355, 1e-7);
	/* no hits: the lower bound is 0, the upper 8 L / (3 tau) * 2 / 2 */
	topk_interval(0, 1000, 3, &lo, &hi);
	ck_assert_double_eq(lo, 0);
	ck_assert_double_eq_tol(hi, 16.0 / 2000, 1e-12);
}
END_TEST

/* Every row of the sampled top k is in the exact top k or within epsilon of
 * the exact k-th value bk, and every exact value lies within its bounds. */
static void assert_rows_agree(const cg_brokers *s, const cg_brokers *exact, size_t k, double bk,
                              const char *file)
{
	for (size_t i = 0; i < s->n; i++) {
		const cg_broker *r = &s->rows[i], *e = row_of(exact, r->entity);
		ck_assert_msg(e->rank_betweenness <= k || e->betweenness >= bk - s->epsilon,
		              "%s: rank %zu", file, e->rank_betweenness);
		ck_assert_double_le(r->betweenness_lo, e->betweenness + EPS);
		ck_assert_double_ge(r->betweenness_hi, e->betweenness - EPS);
		ck_assert_uint_le(r->tie, r->rank_betweenness);
	}
}

/* With the default budget (max_paths 0) the sampler stops by its rule on
 * the classic graphs, and its top k agrees with the exact one: every row
 * in the exact top k or within epsilon of the exact k-th value, epsilon at
 * most a tenth of it, every exact value within its bounds. */
START_TEST(brokers_topk_converges_with_the_default_budget)
{
	static const char *const files[] = {"karate.edges.csv", "florentine_families.edges.csv"};
	for (size_t f = 0; f < 2; f++) {
		cg_graph *g = classic(files[f]);
		if (!g)
			return;
		const size_t k = 5;
		cg_broker_opts o = CG_BROKER_OPTS_INIT;
		cg_brokers *s = NULL, *exact = brokers(g, CG_DEFAULT_EXACT_LIMIT, 0);
		cg_error err;
		o.exact_limit = 0;
		o.top = k;
		cg_error_clear(&err);
		ck_assert_int_eq(cg_brokers_compute(g, &o, &s, &err), 0);
		double bk = exact->rows[k - 1].betweenness;
		ck_assert_msg(s->converged, "%s: %zu paths, epsilon %g, k-th %g", files[f],
		              s->samples, s->epsilon, bk);
		ck_assert_double_le(s->epsilon, 0.1 * bk);
		assert_rows_agree(s, exact, k, bk, files[f]);
		cg_brokers_free(exact);
		cg_brokers_free(s);
		cg_graph_free(g);
	}
}
END_TEST

/* Every entity of the sampled top k is in the exact top k or within epsilon
 * of the exact k-th value; epsilon is at most a tenth of it; every exact
 * value lies between the stated bounds; delta is the default. */
START_TEST(brokers_topk_agrees_with_exact_up_to_epsilon)
{
	static const char *const files[] = {"karate.edges.csv", "florentine_families.edges.csv"};
	for (size_t f = 0; f < 2; f++) {
		cg_graph *g = classic(files[f]);
		if (!g)
			return;
		const size_t k = 5;
		cg_brokers *exact = brokers(g, CG_DEFAULT_EXACT_LIMIT, 0);
		cg_brokers *s = topk_brokers(g, k, 42);
		double bk = exact->rows[k - 1].betweenness;
		ck_assert(exact->exact && !s->exact && s->paths);
		ck_assert_uint_eq(s->n, k);
		ck_assert_uint_eq(s->top_k, k);
		ck_assert(s->converged);
		ck_assert_double_eq(s->delta, CG_DEFAULT_DELTA);
		ck_assert_double_gt(s->epsilon, 0);
		ck_assert_double_le(s->epsilon, 0.1 * bk);
		ck_assert_uint_gt(s->samples, 0);
		assert_rows_agree(s, exact, k, bk, files[f]);
		cg_brokers_free(exact);
		cg_brokers_free(s);
		cg_graph_free(g);
	}
}
END_TEST

/* The same seed gives the same rows, bit for bit; another seed other draws. */
START_TEST(brokers_topk_is_deterministic_for_a_seed)
{
	cg_graph *g = classic("karate.edges.csv");
	if (!g)
		return;
	cg_brokers *a = topk_brokers(g, 5, 7), *b = topk_brokers(g, 5, 7),
	           *c = topk_brokers(g, 5, 8);
	ck_assert_uint_eq(a->samples, b->samples);
	ck_assert(a->epsilon == b->epsilon);
	for (size_t i = 0; i < a->n; i++) {
		ck_assert_uint_eq(a->rows[i].entity, b->rows[i].entity);
		ck_assert(a->rows[i].betweenness == b->rows[i].betweenness);
		ck_assert(a->rows[i].betweenness_lo == b->rows[i].betweenness_lo);
		ck_assert_uint_eq(a->rows[i].tie, b->rows[i].tie);
	}
	int differ = a->samples != c->samples;
	for (size_t i = 0; i < a->n; i++)
		differ |= a->rows[i].betweenness != c->rows[i].betweenness;
	ck_assert(differ);
	cg_brokers_free(a);
	cg_brokers_free(b);
	cg_brokers_free(c);
	cg_graph_free(g);
}
END_TEST

/* A star of stars: a hub tied to 6 sub-hubs of 10 leaves each. The hub
 * comes first, alone; the sub-hubs, of equal exact values, share one tie
 * group; the leaves lie on no path. */
START_TEST(brokers_topk_star_of_stars_hub_first)
{
	enum { SUBS = 6, LEAVES = 10, NE = 1 + SUBS * (1 + LEAVES) };
	static char names[NE][16];
	static const char *ents[NE][4], *links[NE - 1][3];
	size_t ne = 0, nl = 0;

	snprintf(names[ne], sizeof names[ne], "hub");
	ents[ne][0] = ents[ne][2] = names[ne], ents[ne][1] = "person", ents[ne][3] = "c", ne++;
	for (int s = 0; s < SUBS; s++) {
		size_t sub = ne;
		snprintf(names[ne], sizeof names[ne], "s%d", s);
		ents[ne][0] = ents[ne][2] = names[ne], ents[ne][1] = "person", ents[ne][3] = "c",
		ne++;
		links[nl][0] = "hub", links[nl][1] = names[sub], links[nl][2] = "knows", nl++;
		for (int l = 0; l < LEAVES; l++) {
			snprintf(names[ne], sizeof names[ne], "s%dl%d", s, l);
			ents[ne][0] = ents[ne][2] = names[ne], ents[ne][1] = "person";
			ents[ne][3] = "c", ne++;
			links[nl][0] = names[sub], links[nl][1] = names[ne - 1],
			links[nl][2] = "knows";
			nl++;
		}
	}
	cg_graph *g = build((const char *const(*)[4])ents, ne, (const char *const(*)[3])links, nl);
	cg_brokers *b = topk_brokers(g, 7, 42);
	ck_assert_uint_eq(b->rows[0].entity, node_in(g, "c", "hub"));
	ck_assert_uint_eq(b->rows[0].tie, 1);
	ck_assert_double_gt(b->rows[0].betweenness_lo, b->rows[1].betweenness_hi);
	for (size_t i = 1; i < 7; i++) {
		const char *name = cg_entity_name(g, b->rows[i].entity);
		ck_assert_msg(name[0] == 's' && !strchr(name, 'l'), "row %zu: %s", i + 1, name);
		ck_assert_uint_eq(b->rows[i].tie, 2);
		ck_assert_double_gt(b->rows[i].betweenness, 0);
	}
	cg_brokers_free(b);
	cg_graph_free(g);
}
END_TEST

static Suite *analysis_suite(void)
{
	Suite *s = suite_create("analysis");
	TCase *tc;

	tc = tcase_create("brokers");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, brokers_topk_default_budget_shrinks_with_size);
	tcase_add_test(tc, brokers_karate_matches_published_values);
	tcase_add_test(tc, brokers_sampled_with_every_source_equals_exact);
	tcase_add_test(tc, brokers_sampled_is_seeded_and_close);
	tcase_add_test(tc, brokers_florentine_matches_published_values);
	tcase_add_test(tc, brokers_kite_matches_published_values);
	tcase_add_test(tc, brokers_star_constraint_and_effective_size);
	tcase_add_test(tc, brokers_view_of_exactly_16_entities);
	tcase_add_test(tc, brokers_gould_fernandez_roles);
	tcase_add_test(tc, brokers_closed_triad_is_no_brokerage);
	tcase_add_test(tc, brokers_example_facilitator_ranks_first);
	suite_add_tcase(s, tc);

	tc = tcase_create("clusters");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, clusters_karate_modularity_in_published_range);
	tcase_add_test(tc, clusters_two_components_and_money);
	tcase_add_test(tc, clusters_modularity_agrees_with_igraph_and_input_order);
	tcase_add_test(tc, brokers_betweenness_and_constraint_agree_with_igraph);
	tcase_add_test(tc, brokers_on_graphs_full_of_leaves_agree_with_igraph);
	tcase_add_test(tc, entity_ids_sort_as_strcmp_orders_them);
	tcase_add_test(tc, view_cache_reuses_only_an_unchanged_graph);
	tcase_add_test(tc, brokers_top_rows_equal_the_full_ranking);
	tcase_add_test(tc, clusters_random_graphs_are_valid_partitions);
	tcase_add_test(tc, components_counted_and_numbered_by_first_entity);
	tcase_add_test(tc, brokers_topk_agrees_with_exact_up_to_epsilon);
	tcase_add_test(tc, topk_bounds_by_hand);
	tcase_add_test(tc, brokers_topk_converges_with_the_default_budget);
	tcase_add_test(tc, brokers_topk_is_deterministic_for_a_seed);
	tcase_add_test(tc, brokers_topk_star_of_stars_hub_first);
	suite_add_tcase(s, tc);

	tc = tcase_create("shared");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, shared_example_lists_exactly_the_shared_values);
	tcase_add_test(tc, view_exclusion_list_wildcards_and_cidr);
	tcase_add_test(tc, view_context_types_connect_nothing);
	tcase_add_test(tc, view_name_only_entity_in_many_cases_is_too_common);
	tcase_add_test(tc, shared_reuses_the_clusters_view_only_when_nothing_was_too_common);
	tcase_add_test(tc, shared_by_actor_and_by_country);
	tcase_add_test(tc, shared_within_a_window_of_days);
	suite_add_tcase(s, tc);

	tc = tcase_create("paths");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, paths_shortest_and_k_shortest);
	tcase_add_test(tc, network_connects_seeds);
	suite_add_tcase(s, tc);

	tc = tcase_create("money");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, money_totals_by_currency_and_date);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	cg_analysis_init();
	sr = srunner_create(analysis_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
