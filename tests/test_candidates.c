/* Merge candidates (analysis/candidates.c, analysis/cand_score.c): each
 * feature on its own, the labelled pairs of tests/data/pairs (precision
 * and recall at the default threshold, on the tuning part and on the
 * held-out third), and candidates of a graph: blocking, order, neighbours
 * in common, and pairs ruled out with why. */
#include "candidates.h"
#include "cg_analysis.h"
#include "cg_components.h" /* cg_analysis_init */
#include "cg_graph.h"
#include "testutil.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cg_cand_scorer *sc;

static void setup(void)
{
	cg_error err;
	ck_assert_int_eq(cg_cand_scorer_new(&sc, &err), 0);
}

static void teardown(void)
{
	cg_cand_scorer_free(sc);
	sc = NULL;
}

/* Scores two records of one type with names (";"-separated aliases), dob
 * and nationality; returns the score, out keeps the rest. */
static double score2(const char *type, const char *na, const char *da, const char *ca,
                     const char *nb, const char *db, const char *cb, cg_candidate *out)
{
	const char *an[1] = {na}, *bn[1] = {nb};
	cg_cand_record a = {type, an, 1, da, ca, NULL, 0}, b = {type, bn, 1, db, cb, NULL, 0};
	cg_error err;
	ck_assert_int_eq(cg_cand_score(sc, &a, &b, out, &err), 0);
	return out->score;
}

static int has(const cg_candidate *c, cg_cand_feature f)
{
	return (c->f.flags >> f) & 1u;
}

START_TEST(feature_names_round_trip)
{
	for (int f = 0; f < CG_CF_COUNT; f++) {
		const char *s = cg_cand_feature_to_string((cg_cand_feature)f);
		ck_assert_ptr_nonnull(s);
		ck_assert_int_eq(cg_cand_feature_from_string(s), f);
	}
	ck_assert_ptr_null(cg_cand_feature_to_string(CG_CF_COUNT));
	ck_assert_int_eq(cg_cand_feature_from_string("nonsense"), CG_CF_COUNT);
}
END_TEST

START_TEST(jaro_winkler_known_values)
{
	/* the textbook values */
	ck_assert_double_eq_tol(cand_jaro_winkler("martha", 6, "marhta", 6), 0.9611, 1e-4);
	ck_assert_double_eq_tol(cand_jaro_winkler("dwayne", 6, "duane", 5), 0.84, 1e-4);
	ck_assert_double_eq_tol(cand_jaro_winkler("dixon", 5, "dicksonx", 8), 0.8133, 1e-4);
	ck_assert_double_eq_tol(cand_jaro_winkler("abc", 3, "xyz", 3), 0.0, 1e-9);
	ck_assert_double_eq_tol(cand_jaro_winkler("same", 4, "same", 4), 1.0, 1e-9);
}
END_TEST

START_TEST(fold_makes_spellings_one)
{
	char a[64], b[64];
	static const char *const same[][2] = {
	    {"shcherbakova", "scherbakova"},
	    {"kim", "gim"},
	    {"park", "bark"},
	    {"yulia", "iulia"},
	    {"aleksandr", "alexandr"},
	    {"jeong", "jong"},
	    {"jo", "cho"},
	    {"hoon", "hun"},
	    {"petroff", "petrov"},
	    {"rhee", "ri"},
	};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
		cand_fold(same[i][0], strlen(same[i][0]), a, sizeof a);
		cand_fold(same[i][1], strlen(same[i][1]), b, sizeof b);
		ck_assert_msg(!strcmp(a, b), "%s -> %s, %s -> %s", same[i][0], a, same[i][1], b);
	}
	cand_fold("brandt", 6, a, sizeof a);
	cand_fold("briggs", 6, b, sizeof b);
	ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(dates_of_birth_agree_by_prefix)
{
	ck_assert_int_eq(cand_dob_cmp("1984-07-19", "1984-07-19"), 1);
	ck_assert_int_eq(cand_dob_cmp("1984", "1984-07-19"), 1);
	ck_assert_int_eq(cand_dob_cmp("1984-07", "1984-07-19"), 1);
	ck_assert_int_eq(cand_dob_cmp("1984-07-19", "1984-07-20"), -1);
	ck_assert_int_eq(cand_dob_cmp("1983", "1984-07-19"), -1);
	ck_assert_int_eq(cand_dob_cmp(NULL, "1984-07-19"), 0);
	ck_assert_int_eq(cand_dob_cmp("", "1984"), 0);
}
END_TEST

START_TEST(transliterated_names_match)
{
	cg_candidate c;
	ck_assert_double_ge(score2("person", "김민준", NULL, NULL, "Kim Min-jun", NULL, NULL, &c),
	                    CG_DEFAULT_MIN_SCORE);
	ck_assert(has(&c, CG_CF_TRANSLITERATED));
	cg_candidate_clear(&c);
	ck_assert_double_ge(score2("person", "王克佳", NULL, NULL, "Wang Kejia", NULL, NULL, &c),
	                    CG_DEFAULT_MIN_SCORE);
	ck_assert(has(&c, CG_CF_TRANSLITERATED));
	cg_candidate_clear(&c);
	ck_assert_double_ge(
	    score2("person", "Юлия Щербакова", NULL, NULL, "Yulia Shcherbakova", NULL, NULL, &c),
	    CG_DEFAULT_MIN_SCORE);
	ck_assert(has(&c, CG_CF_TRANSLITERATED));
	cg_candidate_clear(&c);
	/* accents are no other script */
	score2("person", "José María Quintero", NULL, NULL, "Jose Maria Quintero", NULL, NULL, &c);
	ck_assert_double_eq_tol(c.score, 1.0, 1e-9);
	ck_assert(!has(&c, CG_CF_TRANSLITERATED));
	cg_candidate_clear(&c);
}
END_TEST

START_TEST(initials_and_order)
{
	cg_candidate c;
	ck_assert_double_ge(
	    score2("person", "Dana Marie Whitfield", NULL, NULL, "D. M. Whitfield", NULL, NULL, &c),
	    CG_DEFAULT_MIN_SCORE);
	ck_assert(has(&c, CG_CF_INITIALS));
	cg_candidate_clear(&c);
	ck_assert_double_ge(
	    score2("person", "WANG, Kejia", NULL, NULL, "Kejia Wang", NULL, NULL, &c), 0.99);
	ck_assert(has(&c, CG_CF_REORDERED));
	cg_candidate_clear(&c);
	/* initials alone are no name */
	ck_assert_double_lt(score2("person", "D. M.", NULL, NULL, "Dana Marie", NULL, NULL, &c),
	                    CG_DEFAULT_MIN_SCORE);
	cg_candidate_clear(&c);
}
END_TEST

START_TEST(typos_and_gendered_forms)
{
	cg_candidate c;
	ck_assert_double_ge(
	    score2("person", "Adrian Kowalczyk", NULL, NULL, "Adrian Kowalcyk", NULL, NULL, &c),
	    CG_DEFAULT_MIN_SCORE);
	ck_assert(has(&c, CG_CF_TYPO));
	cg_candidate_clear(&c);
	ck_assert_double_lt(
	    score2("person", "Vladimir Petrov", NULL, NULL, "Vladimira Petrova", NULL, NULL, &c),
	    CG_DEFAULT_MIN_SCORE);
	cg_candidate_clear(&c);
	ck_assert_double_lt(
	    score2("person", "Kim Min-jun", NULL, NULL, "Kim Min-seo", NULL, NULL, &c),
	    CG_DEFAULT_MIN_SCORE);
	cg_candidate_clear(&c);
}
END_TEST

START_TEST(legal_forms_and_branches)
{
	cg_candidate c;
	ck_assert_double_ge(score2("company", "Jade Meridian Technologies FZE", NULL, NULL,
	                           "Jade Meridian Technologies FZE Dubai Branch", NULL, NULL, &c),
	                    CG_DEFAULT_MIN_SCORE);
	ck_assert(has(&c, CG_CF_LEGAL_FORM));
	cg_candidate_clear(&c);
	ck_assert_double_ge(score2("company", "Orchid Lane Software Trading Co., Ltd.", NULL, NULL,
	                           "Orchid Lane Software Trading Company Limited", NULL, NULL, &c),
	                    0.99);
	cg_candidate_clear(&c);
	/* numbered companies are other companies */
	ck_assert_double_eq(score2("company", "Star Holdings 1 Ltd", NULL, NULL,
	                           "Star Holdings 2 Ltd", NULL, NULL, &c),
	                    0);
	ck_assert(c.ruled_out);
	ck_assert(has(&c, CG_CF_NUMBER_CONFLICT));
	cg_candidate_clear(&c);
}
END_TEST

START_TEST(dob_conflict_rules_out)
{
	cg_candidate c;
	ck_assert_double_eq(score2("person", "Jordan T. Reyes", "1994-06-21", "US",
	                           "JORDAN T REYES", "1979-11-08", "US", &c),
	                    0);
	ck_assert(c.ruled_out);
	ck_assert(has(&c, CG_CF_DOB_CONFLICT));
	ck_assert_ptr_nonnull(strstr(c.reason, "dates of birth differ (1994-06-21, 1979-11-08)"));
	ck_assert_ptr_nonnull(strstr(c.reason, "ruled out"));
	cg_candidate_clear(&c);
	/* agreeing dates and nationalities raise the score */
	double plain =
	    score2("person", "Priya Halvorsen", NULL, NULL, "Priya Halvorson", NULL, NULL, &c);
	cg_candidate_clear(&c);
	double more = score2("person", "Priya Halvorsen", "1990-12-03", "US", "Priya Halvorson",
	                     "1990-12-03", "United States", &c);
	ck_assert(has(&c, CG_CF_DOB_AGREE));
	ck_assert(has(&c, CG_CF_NAT_AGREE));
	ck_assert_double_gt(more, plain);
	cg_candidate_clear(&c);
	double less =
	    score2("person", "Priya Halvorsen", NULL, "US", "Priya Halvorson", NULL, "NO", &c);
	ck_assert(has(&c, CG_CF_NAT_CONFLICT));
	ck_assert_double_lt(less, plain);
	cg_candidate_clear(&c);
}
END_TEST

START_TEST(identifiers_written_differently)
{
	const char *an[1] = {"Sunward Electronics Ltd"}, *bn[1] = {"Sunward Electronics Limited"};
	cg_prop ia[1] = {{"registration_number", "HK-2231907"}},
	        ib[1] = {{"registration_number", "2231907"}};
	cg_cand_record a = {"company", an, 1, NULL, NULL, ia, 1},
	               b = {"company", bn, 1, NULL, NULL, ib, 1};
	cg_candidate c;
	cg_error err;
	ck_assert_int_eq(cg_cand_score(sc, &a, &b, &c, &err), 0);
	ck_assert(has(&c, CG_CF_IDENTIFIER));
	ck_assert_double_ge(c.score, 0.95);
	cg_candidate_clear(&c);
	ib[0].value = "5518820";
	ck_assert_int_eq(cg_cand_score(sc, &a, &b, &c, &err), 0);
	ck_assert(has(&c, CG_CF_ID_CONFLICT));
	ck_assert(c.ruled_out);
	cg_candidate_clear(&c);
}
END_TEST

START_TEST(neighbouring_addresses_are_not_one)
{
	cg_candidate c;
	ck_assert_double_eq(score2("address", "Room 1006-23, Jinhai Building, 12 Binjiang Road",
	                           NULL, NULL, "Room 1006-25, Jinhai Building, 12 Binjiang Road",
	                           NULL, NULL, &c),
	                    0);
	ck_assert(c.ruled_out);
	ck_assert(has(&c, CG_CF_NUMBER_CONFLICT));
	cg_candidate_clear(&c);
	ck_assert_double_ge(score2("address", "2207 Copperleaf Drive, Unit 12, Mesa Verde Heights",
	                           NULL, NULL, "2207 COPPERLEAF DR UNIT 12 MESA VERDE HEIGHTS",
	                           NULL, NULL, &c),
	                    0.99);
	cg_candidate_clear(&c);
	/* persons and addresses are never one */
	ck_assert_double_eq(score2("person", "Jinhai", NULL, NULL, "Jinhai", NULL, NULL, &c), 1.0);
	cg_candidate_clear(&c);
	{
		const char *an[1] = {"Jinhai"};
		cg_cand_record a = {"person", an, 1, NULL, NULL, NULL, 0};
		cg_cand_record b = {"address", an, 1, NULL, NULL, NULL, 0};
		cg_error err;
		ck_assert_int_eq(cg_cand_score(sc, &a, &b, &c, &err), 0);
		ck_assert_double_eq(c.score, 0);
		cg_candidate_clear(&c);
	}
}
END_TEST

/* ---- the labelled pairs ---- */

typedef struct tally {
	size_t tp, fp, fn, tn;
} tally;

static void split_ids(char *s, cg_prop *ids, size_t *n)
{
	*n = 0;
	for (char *tok = strtok(s, ";"); tok && *n < 4; tok = strtok(NULL, ";")) {
		char *eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		ids[*n].name = tok;
		ids[(*n)++].value = eq + 1;
	}
}

START_TEST(labelled_pairs_precision_and_recall)
{
	char path[4096], line[2048];
	FILE *f;
	tally t[2] = {{0}, {0}};
	size_t no = 0;
	int verbose = getenv("CG_PAIRS_VERBOSE") != NULL;

	snprintf(path, sizeof path, "%s/tests/data/pairs/pairs.txt", tu_source_root());
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f)) {
		char *fld[11], *p = line, copy[2048];
		size_t nf = 0, nia, nib;
		cg_prop ia[4], ib[4];
		cg_candidate c;
		cg_error err;
		int same, said, hold;

		line[strcspn(line, "\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		memcpy(copy, line, sizeof copy);
		while (nf < 11) {
			fld[nf++] = p;
			p = strchr(p, '|');
			if (!p)
				break;
			*p++ = '\0';
		}
		ck_assert_msg(nf == 11, "pairs.txt: %s", copy);
		no++;
		split_ids(fld[5], ia, &nia);
		split_ids(fld[9], ib, &nib);
		{
			const char *an[1] = {fld[2]}, *bn[1] = {fld[6]};
			cg_cand_record a = {fld[1], an, 1, fld[3], fld[4], ia, nia};
			cg_cand_record b = {fld[1], bn, 1, fld[7], fld[8], ib, nib};
			ck_assert_int_eq(cg_cand_score(sc, &a, &b, &c, &err), 0);
		}
		same = !strcmp(fld[0], "same");
		said = c.score >= CG_DEFAULT_MIN_SCORE;
		hold = no % 3 == 0;
		t[hold].tp += same && said;
		t[hold].fp += !same && said;
		t[hold].fn += same && !said;
		t[hold].tn += !same && !said;
		if (verbose && same != said && !hold) /* the held-out third is never shown */
			printf("%s %s %.3f  %s\n      %s\n", same ? "MISS" : "FALSE",
			       hold ? "(held out)" : "", c.score, copy, c.reason);
		cg_candidate_clear(&c);
	}
	fclose(f);
	ck_assert_uint_ge(no, 300);
	{
		tally all = {t[0].tp + t[1].tp, t[0].fp + t[1].fp, t[0].fn + t[1].fn,
		             t[0].tn + t[1].tn};
		const tally *ts[3] = {&t[0], &t[1], &all};
		const char *names[3] = {"tuning", "held out", "all"};
		for (int i = 0; i < 3; i++) {
			double p = (double)ts[i]->tp / (double)(ts[i]->tp + ts[i]->fp);
			double r = (double)ts[i]->tp / (double)(ts[i]->tp + ts[i]->fn);
			printf("pairs %-8s: %3zu pairs, precision %.3f, recall %.3f at %.2f "
			       "(tp %zu, fp %zu, fn %zu, tn %zu)\n",
			       names[i], ts[i]->tp + ts[i]->fp + ts[i]->fn + ts[i]->tn, p, r,
			       CG_DEFAULT_MIN_SCORE, ts[i]->tp, ts[i]->fp, ts[i]->fn, ts[i]->tn);
			if (i == 2) {
				ck_assert_double_ge(p, 0.90);
				ck_assert_double_ge(r, 0.80);
			}
		}
	}
}
END_TEST

static Suite *candidates_suite(void)
{
	Suite *s = suite_create("candidates");
	TCase *tc = tcase_create("features");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, feature_names_round_trip);
	tcase_add_test(tc, jaro_winkler_known_values);
	tcase_add_test(tc, fold_makes_spellings_one);
	tcase_add_test(tc, dates_of_birth_agree_by_prefix);
	tcase_add_test(tc, transliterated_names_match);
	tcase_add_test(tc, initials_and_order);
	tcase_add_test(tc, typos_and_gendered_forms);
	tcase_add_test(tc, legal_forms_and_branches);
	tcase_add_test(tc, dob_conflict_rules_out);
	tcase_add_test(tc, identifiers_written_differently);
	tcase_add_test(tc, neighbouring_addresses_are_not_one);
	suite_add_tcase(s, tc);
	tc = tcase_create("labelled");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, labelled_pairs_precision_and_recall);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;
	cg_analysis_init();
	sr = srunner_create(candidates_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
