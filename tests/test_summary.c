/* Tests for graph/cg_summary.h: the counts behind `casegraph stats`, on a
 * small two-case graph built through the public graph API. */
#include "cg_error.h"
#include "cg_graph.h"
#include "cg_summary.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Adds one entity record read from file:line of case kase, with local id. */
static cg_eid add_entity(cg_graph *g, const char *type, const char *name, const char *file,
                         long line, const char *kase, const char *local, cg_add_result *how)
{
	cg_prov prov = {file, line, kase, local, NULL, 0, NULL, NULL};
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_error err;
	cg_eid e = CG_NO_ENTITY;
	int rc;

	cg_error_clear(&err);
	rec.type = type;
	rec.name = name;
	rec.prov = &prov;
	rec.n_prov = 1;
	rc = cg_graph_add_entity(g, &rec, &e, how, &err);
	ck_assert_msg(rc == 0, "%s:%ld: add %s '%s': %d %s", file, line, type, name, rc,
	              err.message);
	ck_assert_uint_ne(e, CG_NO_ENTITY);
	return e;
}

static cg_lid add_link(cg_graph *g, const char *type, cg_eid src, cg_eid dst, const char *file,
                       long line, const char *kase, cg_add_result *how)
{
	cg_prov prov = {file, line, kase, NULL, NULL, 0, NULL, NULL};
	cg_link_rec rec = CG_LINK_REC_INIT;
	cg_error err;
	cg_lid l = 0;
	int rc;

	cg_error_clear(&err);
	rec.type = type;
	rec.source = src;
	rec.target = dst;
	rec.prov = &prov;
	rec.n_prov = 1;
	rc = cg_graph_add_link(g, &rec, &l, how, &err);
	ck_assert_msg(rc == 0, "%s:%ld: add %s link: %d %s", file, line, type, rc, err.message);
	return l;
}

/* The fixture: case "kestrel" is read first, "falcon" second, so that
 * sorting by name differs from the order of appearance.
 *
 *   kestrel.csv  2 company "Acme Trading Co., Ltd."  k1   -> E0
 *                3 person  "Kim Jong-Un"             k2   -> E1
 *                4 email   "ops@acme.example"        k3   -> E2
 *                5 country "North Korea"             k4   -> E3
 *   kestrel-links.csv  2 owns k2->k1, 3 uses k1->k3, 4 located_in k1->k4
 *   falcon.csv   2 company "ACME TRADING LTD"        f1   -> merges into E0
 *                3 person  "Jade Smith"              f2   -> E4
 *                4 email   "ops at acme" (invalid)   f3   -> E5
 *   falcon-links.csv   2 director_of f2->f1
 */
typedef struct fixture {
	cg_graph *g;
	cg_eid acme, kim, ops, kp, jade, bad_email;
} fixture;

static fixture build(void)
{
	fixture f;
	cg_add_result how;

	f.g = cg_graph_new();
	ck_assert_ptr_nonnull(f.g);
	f.acme = add_entity(f.g, "company", "Acme Trading Co., Ltd.", "kestrel.csv", 2, "kestrel",
	                    "k1", &how);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	f.kim = add_entity(f.g, "person", "Kim Jong-Un", "kestrel.csv", 3, "kestrel", "k2", &how);
	f.ops =
	    add_entity(f.g, "email", "ops@acme.example", "kestrel.csv", 4, "kestrel", "k3", &how);
	f.kp = add_entity(f.g, "country", "North Korea", "kestrel.csv", 5, "kestrel", "k4", &how);
	add_link(f.g, "owns", f.kim, f.acme, "kestrel-links.csv", 2, "kestrel", &how);
	add_link(f.g, "uses", f.acme, f.ops, "kestrel-links.csv", 3, "kestrel", &how);
	add_link(f.g, "located_in", f.acme, f.kp, "kestrel-links.csv", 4, "kestrel", &how);

	cg_eid again =
	    add_entity(f.g, "company", "ACME TRADING LTD", "falcon.csv", 2, "falcon", "f1", &how);
	ck_assert_int_eq(how, CG_ADD_MERGED); /* the one cross-case merge */
	ck_assert_uint_eq(again, f.acme);
	f.jade = add_entity(f.g, "person", "Jade Smith", "falcon.csv", 3, "falcon", "f2", &how);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	f.bad_email =
	    add_entity(f.g, "email", "ops at acme", "falcon.csv", 4, "falcon", "f3", &how);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	add_link(f.g, "director_of", f.jade, f.acme, "falcon-links.csv", 2, "falcon", &how);

	ck_assert_uint_eq(cg_graph_entity_count(f.g), 6);
	ck_assert_uint_eq(cg_graph_link_count(f.g), 4);
	return f;
}

static cg_summary *summarise(const cg_graph *g)
{
	cg_summary *s = NULL;
	cg_error err;

	cg_error_clear(&err);
	ck_assert_int_eq(cg_summary_compute(g, &s, &err), 0);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(err.code, 0);
	return s;
}

#define CHECK_COUNT(arr, i, want_name, want_count, want_links)                                     \
	do {                                                                                       \
		ck_assert_str_eq((arr)[i].name, (want_name));                                      \
		ck_assert_uint_eq((arr)[i].count, (want_count));                                   \
		ck_assert_uint_eq((arr)[i].links, (want_links));                                   \
	} while (0)

/* ---- cg_summary_compute ---- */

START_TEST(summary_counts_entities_links_and_records)
{
	fixture f = build();
	cg_summary *s = summarise(f.g);

	ck_assert_uint_eq(s->entities, 6);
	ck_assert_uint_eq(s->links, 4);
	ck_assert_uint_eq(s->records, 7); /* six entities, one of them from two records */
	ck_assert_uint_eq(s->merged_entities, 1);
	ck_assert_uint_eq(s->cross_case, 1);
	ck_assert_uint_eq(s->name_only, 1); /* Acme: kestrel and falcon on its name */
	ck_assert_uint_eq(s->invalid_ids, 1);
	cg_summary_free(s);
	cg_graph_free(f.g);
}
END_TEST

START_TEST(summary_entity_types_sorted_by_count_then_name)
{
	fixture f = build();
	cg_summary *s = summarise(f.g);

	ck_assert_uint_eq(s->n_entity_types, 4);
	CHECK_COUNT(s->entity_types, 0, "email", 2, 0);
	CHECK_COUNT(s->entity_types, 1, "person", 2, 0);
	CHECK_COUNT(s->entity_types, 2, "company", 1, 0);
	CHECK_COUNT(s->entity_types, 3, "country", 1, 0);
	cg_summary_free(s);
	cg_graph_free(f.g);
}
END_TEST

START_TEST(summary_link_types_sorted_by_count_then_name)
{
	fixture f = build();
	cg_add_result how;
	cg_summary *s;

	/* a second director_of makes it the most frequent type */
	add_link(f.g, "director_of", f.kim, f.acme, "kestrel-links.csv", 5, "kestrel", &how);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	s = summarise(f.g);
	ck_assert_uint_eq(s->links, 5);
	ck_assert_uint_eq(s->n_link_types, 4);
	CHECK_COUNT(s->link_types, 0, "director_of", 2, 0);
	CHECK_COUNT(s->link_types, 1, "located_in", 1, 0);
	CHECK_COUNT(s->link_types, 2, "owns", 1, 0);
	CHECK_COUNT(s->link_types, 3, "uses", 1, 0);
	cg_summary_free(s);
	cg_graph_free(f.g);
}
END_TEST

START_TEST(summary_cases_sorted_by_name_with_entity_and_link_counts)
{
	fixture f = build();
	cg_summary *s = summarise(f.g);

	ck_assert_uint_eq(s->n_cases, 2);
	CHECK_COUNT(s->cases, 0, "falcon", 3, 1);
	CHECK_COUNT(s->cases, 1, "kestrel", 4, 3);
	cg_summary_free(s);
	cg_graph_free(f.g);
}
END_TEST

START_TEST(summary_counts_name_only_merges)
{
	fixture f = build();
	cg_add_result how;
	cg_summary *s;

	/* the same person name in another case, nothing else to tell them apart */
	cg_eid e = add_entity(f.g, "person", "KIM JONG UN", "falcon.csv", 5, "falcon", "f4", &how);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(e, f.kim);
	s = summarise(f.g);
	ck_assert_uint_eq(s->entities, 6);
	ck_assert_uint_eq(s->records, 8);
	ck_assert_uint_eq(s->merged_entities, 2);
	ck_assert_uint_eq(s->cross_case, 2);
	ck_assert_uint_eq(s->name_only, 2); /* Kim, and Acme of the fixture */
	CHECK_COUNT(s->cases, 0, "falcon", 4, 1);
	CHECK_COUNT(s->cases, 1, "kestrel", 4, 3);
	cg_summary_free(s);
	cg_graph_free(f.g);
}
END_TEST

START_TEST(summary_of_empty_graph_is_all_zero)
{
	cg_graph *g = cg_graph_new();
	cg_summary *s;

	ck_assert_ptr_nonnull(g);
	s = summarise(g);
	ck_assert_uint_eq(s->entities, 0);
	ck_assert_uint_eq(s->links, 0);
	ck_assert_uint_eq(s->records, 0);
	ck_assert_uint_eq(s->merged_entities, 0);
	ck_assert_uint_eq(s->cross_case, 0);
	ck_assert_uint_eq(s->name_only, 0);
	ck_assert_uint_eq(s->invalid_ids, 0);
	ck_assert_uint_eq(s->n_entity_types, 0);
	ck_assert_uint_eq(s->n_link_types, 0);
	ck_assert_uint_eq(s->n_cases, 0);
	cg_summary_free(s);
	cg_summary_free(NULL);
	cg_graph_free(g);
}
END_TEST

/* A link read twice in one case and once in another is one link in each
 * case, whatever the order of the records: kestrel, falcon, kestrel. */
START_TEST(summary_counts_a_link_once_per_case)
{
	cg_graph *g = cg_graph_new();
	cg_add_result how;
	cg_summary *s;

	ck_assert_ptr_nonnull(g);
	cg_eid hold =
	    add_entity(g, "company", "Acme Holdings Ltd", "kestrel.csv", 2, "kestrel", "k1", &how);
	cg_eid trade =
	    add_entity(g, "company", "Acme Trading Ltd", "kestrel.csv", 3, "kestrel", "k2", &how);
	ck_assert_uint_eq(add_entity(g, "company", "ACME HOLDINGS LIMITED", "falcon.csv", 2,
	                             "falcon", "f1", &how),
	                  hold);
	ck_assert_uint_eq(
	    add_entity(g, "company", "ACME TRADING LIMITED", "falcon.csv", 3, "falcon", "f2", &how),
	    trade);
	cg_lid l = add_link(g, "owns", hold, trade, "kestrel-links.csv", 2, "kestrel", &how);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_eq(add_link(g, "owns", hold, trade, "falcon-links.csv", 2, "falcon", &how),
	                  l);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(add_link(g, "owns", hold, trade, "kestrel-links.csv", 9, "kestrel", &how),
	                  l);
	ck_assert_int_eq(how, CG_ADD_MERGED);

	s = summarise(g);
	ck_assert_uint_eq(s->links, 1);
	ck_assert_uint_eq(s->n_cases, 2);
	CHECK_COUNT(s->cases, 0, "falcon", 2, 1);
	CHECK_COUNT(s->cases, 1, "kestrel", 2, 1);
	cg_summary_free(s);
	cg_graph_free(g);
}
END_TEST

/* ---- cg_entity_cases ---- */

START_TEST(entity_cases_lists_cases_in_order_of_appearance)
{
	fixture f = build();
	const char *cases[8] = {NULL};

	ck_assert_uint_eq(cg_entity_cases(f.g, f.acme, cases, 8), 2);
	ck_assert_str_eq(cases[0], "kestrel");
	ck_assert_str_eq(cases[1], "falcon");
	ck_assert_ptr_null(cases[2]);
	cg_graph_free(f.g);
}
END_TEST

START_TEST(entity_cases_single_case_entity)
{
	fixture f = build();
	const char *cases[8] = {NULL};

	ck_assert_uint_eq(cg_entity_cases(f.g, f.jade, cases, 8), 1);
	ck_assert_str_eq(cases[0], "falcon");
	ck_assert_ptr_null(cases[1]);
	ck_assert_uint_eq(cg_entity_cases(f.g, f.kim, cases, 8), 1);
	ck_assert_str_eq(cases[0], "kestrel");
	cg_graph_free(f.g);
}
END_TEST

START_TEST(entity_cases_repeated_case_counts_once)
{
	fixture f = build();
	const char *cases[8] = {NULL};
	cg_add_result how;

	/* a second kestrel record after the falcon one */
	ck_assert_uint_eq(add_entity(f.g, "company", "Acme Trading Company Limited", "kestrel2.csv",
	                             7, "kestrel", "k1", &how),
	                  f.acme);
	ck_assert_uint_eq(cg_entity_cases(f.g, f.acme, cases, 8), 2);
	ck_assert_str_eq(cases[0], "kestrel");
	ck_assert_str_eq(cases[1], "falcon");
	ck_assert_ptr_null(cases[2]);
	cg_graph_free(f.g);
}
END_TEST

/* The header: "written to cases (up to max); returns how many there are in
 * all". A caller sizing its buffer asks with a small max first. */
START_TEST(entity_cases_returns_total_beyond_max)
{
	fixture f = build();
	const char *cases[2] = {NULL, NULL};

	ck_assert_uint_eq(cg_entity_cases(f.g, f.acme, cases, 1), 2);
	ck_assert_str_eq(cases[0], "kestrel");
	ck_assert_ptr_null(cases[1]); /* nothing written past max */
	cases[0] = NULL;
	ck_assert_uint_eq(cg_entity_cases(f.g, f.acme, cases, 0), 2);
	ck_assert_ptr_null(cases[0]);
	cg_graph_free(f.g);
}
END_TEST

static TCase *tcase(const char *name)
{
	TCase *tc = tcase_create(name);
	tcase_set_timeout(tc, 30);
	return tc;
}

static Suite *summary_suite(void)
{
	Suite *s = suite_create("summary");
	TCase *tc;

	tc = tcase("summary_compute");
	tcase_add_test(tc, summary_counts_entities_links_and_records);
	tcase_add_test(tc, summary_entity_types_sorted_by_count_then_name);
	tcase_add_test(tc, summary_link_types_sorted_by_count_then_name);
	tcase_add_test(tc, summary_cases_sorted_by_name_with_entity_and_link_counts);
	tcase_add_test(tc, summary_counts_name_only_merges);
	tcase_add_test(tc, summary_of_empty_graph_is_all_zero);
	tcase_add_test(tc, summary_counts_a_link_once_per_case);
	suite_add_tcase(s, tc);

	tc = tcase("entity_cases");
	tcase_add_test(tc, entity_cases_lists_cases_in_order_of_appearance);
	tcase_add_test(tc, entity_cases_single_case_entity);
	tcase_add_test(tc, entity_cases_repeated_case_counts_once);
	tcase_add_test(tc, entity_cases_returns_total_beyond_max);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(summary_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
