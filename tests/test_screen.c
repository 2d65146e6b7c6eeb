/* Tests for analysis/cg_screen.h: a case screened against a watchlist
 * (tests/data/screen/README.md lists what each entry must do). */
#include "cg_analysis.h"
#include "cg_import.h"
#include "cg_jsonl.h"
#include "cg_screen.h"
#include "cg_summary.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char path_buf[4][1024];

static const char *data(int slot, const char *name)
{
	snprintf(path_buf[slot], sizeof path_buf[slot], "%s/tests/data/screen/%s", tu_source_root(),
	         name);
	return path_buf[slot];
}

static cg_graph *load(const char *a, const char *b)
{
	cg_graph *g = cg_graph_new();
	cg_import *imp;
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	const char *paths[2] = {a, b};
	cg_format fmts[2];
	cg_import_stats st[2];
	cg_error err;

	ck_assert_ptr_nonnull(g);
	imp = cg_import_new(g, &o);
	ck_assert_ptr_nonnull(imp);
	ck_assert_msg(cg_import_files(imp, paths, b ? 2 : 1, fmts, st, &err) == 0, "%s",
	              tu_fmt_err(&err));
	cg_import_free(imp);
	return g;
}

/* The case (alpha) screened against the list at depth and min_score. */
static cg_graph *screened(int depth, double min_score, cg_screen **res)
{
	cg_graph *g = load(data(0, "cases.csv"), NULL);
	cg_graph *ref = load(data(1, "list.csv"), data(2, "list-links.csv"));
	cg_screen_opts o = CG_SCREEN_OPTS_INIT;
	cg_error err;

	o.depth = depth;
	o.min_score = min_score;
	ck_assert_msg(cg_screen_apply(g, ref, &o, res, &err) == 0, "%s", tu_fmt_err(&err));
	ck_assert_uint_eq((*res)->n_reference, 14);
	cg_graph_free(ref);
	return g;
}

static cg_eid local(const cg_graph *g, const char *id)
{
	cg_eid e = cg_graph_find_local(g, "alpha", id);
	ck_assert_msg(e != CG_NO_ENTITY, "no entity %s in case alpha", id);
	return e;
}

/* How the hit on case entity id matched, or -1 when it is no hit. */
static int how_of(const cg_screen *s, const cg_graph *g, const char *id)
{
	cg_eid e = local(g, id);
	int how = -1;

	for (size_t i = 0; i < s->n_hits; i++)
		if (s->hits[i].entity == e) {
			ck_assert_msg(how == -1, "%s matched twice", id);
			how = (int)s->hits[i].how;
		}
	return how;
}

START_TEST(each_entry_matches_as_its_evidence_allows)
{
	cg_screen *s;
	cg_graph *g = screened(0, 0, &s);

	ck_assert_uint_eq(s->n_hits, 8);
	ck_assert_int_eq(how_of(s, g, "p5"), CG_SCREEN_SIMILAR); /* ВОЛКОВ, Дмитрий */
	ck_assert_int_eq(how_of(s, g, "p6"), -1);                /* similar, but born 1985 */
	ck_assert_int_eq(how_of(s, g, "p7"), -1);                /* a.k.a. TOMAS: a nickname */
	ck_assert_int_eq(how_of(s, g, "p1"), CG_SCREEN_KEY);     /* name and date of birth */
	ck_assert_int_eq(how_of(s, g, "p2"), CG_SCREEN_NAME);    /* KIM, Song Il */
	ck_assert_int_eq(how_of(s, g, "p3"), CG_SCREEN_REORDERED); /* WANG, Kejia */
	ck_assert_int_eq(how_of(s, g, "p4"), -1);                  /* the dates of birth differ */
	ck_assert_int_eq(how_of(s, g, "c1"), CG_SCREEN_NAME);      /* legal form aside */
	ck_assert_int_eq(how_of(s, g, "c2"), CG_SCREEN_KEY);       /* registration number */
	ck_assert_int_eq(how_of(s, g, "c3"), CG_SCREEN_ALIAS);     /* a.k.a. */
	ck_assert_int_eq(how_of(s, g, "c4"), -1);                  /* a near miss */
	ck_assert_int_eq(how_of(s, g, "e1"), CG_SCREEN_KEY);
	/* the scores follow the kind; a similar name has the candidates' own */
	for (size_t i = 0; i < s->n_hits; i++)
		if (s->hits[i].how == CG_SCREEN_SIMILAR)
			ck_assert(s->hits[i].score >= CG_DEFAULT_MIN_SCORE &&
			          s->hits[i].score <= 1);
		else
			ck_assert(s->hits[i].score == cg_screen_how_score(s->hits[i].how));
	cg_screen_free(s);
	cg_graph_free(g);
}
END_TEST

START_TEST(unmatched_entries_stay_out_and_the_list_is_no_case)
{
	cg_screen *s;
	cg_graph *g = screened(0, 0, &s);
	const char *cases[4];
	cg_summary *sum;
	cg_error err;

	/* nothing joined but the hits: twelve entities, the case's own */
	ck_assert_uint_eq(cg_graph_entity_count(g), 12);
	ck_assert_uint_eq(cg_graph_link_count(g), 0);
	ck_assert_uint_eq(cg_graph_find_key(g, "company", "name:oceanic bright ventures"),
	                  CG_NO_ENTITY);
	/* a hit is in its case only */
	ck_assert_uint_eq(cg_entity_cases(g, local(g, "c1"), cases, 4), 1);
	ck_assert_str_eq(cases[0], "alpha");
	ck_assert_msg(cg_summary_compute(g, &sum, &err) == 0, "%s", tu_fmt_err(&err));
	ck_assert_uint_eq(sum->n_cases, 1);
	cg_summary_free(sum);
	ck_assert(cg_entity_listed(g, local(g, "c1")));
	ck_assert(!cg_entity_listed(g, local(g, "c4")));
	cg_screen_free(s);
	cg_graph_free(g);
}
END_TEST

START_TEST(a_hit_keeps_the_listing_and_its_citation)
{
	cg_screen *s;
	cg_graph *g = screened(0, 0, &s);
	cg_eid c2 = local(g, "c2");
	cg_iter it = cg_entity_provs(g, c2);
	cg_prov p;
	int listed = 0;

	ck_assert_str_eq(cg_entity_prop(g, c2, "list_id"), "WL-006");
	ck_assert_str_eq(cg_entity_prop(g, c2, "program"), "DPRK3");
	ck_assert_str_eq(cg_entity_prop(g, c2, "listed_on"), "2025-11-02");
	ck_assert_str_eq(cg_entity_name(g, c2), "Tidewell Logistics LLC");
	while (cg_iter_next_prov(g, &it, &p)) {
		if (!(p.flags & CG_PF_REFERENCE))
			continue;
		listed++;
		ck_assert_str_eq(p.file, data(1, "list.csv"));
		ck_assert_int_eq(p.line, 7);
		ck_assert_str_eq(p.case_name, "watchlist");
		ck_assert_str_eq(p.local_id, "w6");
		ck_assert_str_eq(p.via, "reference: key reg:US-DE:RN55120");
	}
	ck_assert_int_eq(listed, 1);
	cg_screen_free(s);
	cg_graph_free(g);
}
END_TEST

START_TEST(depth_one_brings_the_lists_links_of_a_hit_and_no_further)
{
	cg_screen *s;
	cg_graph *g = screened(1, 0, &s);
	cg_eid ocean = cg_graph_find_key(g, "company", "name:oceanic bright ventures");
	const char *cases[4];

	ck_assert_uint_ne(ocean, CG_NO_ENTITY);
	ck_assert(cg_entity_listed(g, ocean));
	ck_assert_uint_eq(cg_entity_cases(g, ocean, cases, 4), 0);
	/* w9 -> w10 is two hops from a hit: not brought in */
	ck_assert_uint_eq(cg_graph_find_key(g, "company", "name:sunrise harbour fisheries agency"),
	                  CG_NO_ENTITY);
	ck_assert_uint_eq(s->entities_added, 1);
	ck_assert_uint_eq(s->links_added, 3); /* linked_to, director_of, uses */
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		cg_iter it = cg_link_provs(g, l);
		cg_prov p;
		ck_assert(cg_iter_next_prov(g, &it, &p));
		ck_assert(p.flags & CG_PF_REFERENCE);
		if (strcmp(cg_link_type_name(g, l), "director_of") == 0) {
			ck_assert_uint_eq(cg_link_source(g, l), local(g, "p1"));
			ck_assert_uint_eq(cg_link_target(g, l), local(g, "c1"));
		}
	}
	cg_screen_free(s);
	cg_graph_free(g);
}
END_TEST

START_TEST(min_score_drops_the_weaker_kinds)
{
	cg_screen *s;
	cg_graph *g = screened(0, 0.86, &s);

	ck_assert_uint_eq(s->n_hits, 6);          /* the similar name scores 0.86 or more */
	ck_assert_int_eq(how_of(s, g, "p3"), -1); /* reordered, 0.8 */
	ck_assert_int_eq(how_of(s, g, "c3"), -1); /* alias, 0.85 */
	ck_assert(!cg_entity_listed(g, local(g, "c3")));
	cg_screen_free(s);
	cg_graph_free(g);
}
END_TEST

START_TEST(the_hits_survive_a_saved_graph)
{
	cg_screen *s;
	cg_graph *g = screened(1, 0, &s), *back;
	cg_screen_row *a, *b;
	size_t na, nb;
	char dir[256], path[300];
	cg_error err;

	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/g.jsonl", dir);
	ck_assert_msg(cg_jsonl_write_file(g, path, &err) == 0, "%s", tu_fmt_err(&err));
	back = load(path, NULL);
	ck_assert_int_eq(cg_screen_rows(g, &a, &na, &err), 0);
	ck_assert_int_eq(cg_screen_rows(back, &b, &nb, &err), 0);
	ck_assert_uint_eq(na, nb);
	ck_assert_uint_eq(na, 9); /* eight hits and the entity a link brought in */
	for (size_t i = 0; i < na; i++) {
		ck_assert_str_eq(cg_entity_id(g, a[i].entity), cg_entity_id(back, b[i].entity));
		ck_assert_int_eq(a[i].how, b[i].how);
		ck_assert(a[i].score == b[i].score);
		ck_assert_int_eq(a[i].prov.line, b[i].prov.line);
	}
	ck_assert_uint_eq(cg_graph_link_count(back), cg_graph_link_count(g));
	for (cg_lid l = 0; l < cg_graph_link_count(back); l++) {
		cg_iter it = cg_link_provs(back, l);
		cg_prov p;
		ck_assert(cg_iter_next_prov(back, &it, &p) && (p.flags & CG_PF_REFERENCE));
	}
	free(a);
	free(b);
	tu_remove_tree(dir);
	cg_graph_free(back);
	cg_screen_free(s);
	cg_graph_free(g);
}
END_TEST

START_TEST(how_names_round_trip)
{
	for (int h = 0; h < CG_SCREEN_HOW_COUNT; h++)
		ck_assert_ptr_nonnull(cg_screen_how_to_string((cg_screen_how)h));
	ck_assert_ptr_null(cg_screen_how_to_string(CG_SCREEN_HOW_COUNT));
	ck_assert(cg_screen_how_score(CG_SCREEN_KEY) == 1.0);
	ck_assert(cg_screen_how_score(CG_SCREEN_LINKED) == 0.0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("screen");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, each_entry_matches_as_its_evidence_allows);
	tcase_add_test(tc, unmatched_entries_stay_out_and_the_list_is_no_case);
	tcase_add_test(tc, a_hit_keeps_the_listing_and_its_citation);
	tcase_add_test(tc, depth_one_brings_the_lists_links_of_a_hit_and_no_further);
	tcase_add_test(tc, min_score_drops_the_weaker_kinds);
	tcase_add_test(tc, the_hits_survive_a_saved_graph);
	tcase_add_test(tc, how_names_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
