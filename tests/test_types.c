/* Tests for graph/cg_types.h: the string tables of entity types, link types
 * and roles, the per-type defaults and the typo detector. */
#include "cg_types.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* The expected tables, written out so that a renamed or reordered entry
 * fails here rather than silently changing every writer's output. */
static const char *const entity_names[CG_ENTITY_TYPE_COUNT] = {
    "person",       "company", "organization", "bank_account", "wallet", "address",
    "email",        "phone",   "domain",       "ip",           "url",    "document",
    "threat_actor", "malware", "country",      "sector",       "other",
};

static const char *const link_names[CG_LINK_TYPE_COUNT] = {
    "owns",           "controls",    "director_of",    "employee_of",   "member_of",
    "represents",     "pays",        "holds_account",  "registered_at", "located_in",
    "uses",           "resolves_to", "contracts_with", "associate_of",  "family_of",
    "attributed_to",  "targets",     "mentions",       "related_to",    "registrant_of",
    "mentioned_with", "other",
};

static const char *const role_names[CG_ROLE_COUNT] = {
    "facilitator", "front", "client", "worker", "victim", "shell", "nominee", "other",
};

/* ---- cg_entity_type_to_string / _from_string ---- */

START_TEST(entity_type_to_string_names_every_value)
{
	for (int t = 0; t < CG_ENTITY_TYPE_COUNT; t++) {
		const char *s = cg_entity_type_to_string((cg_entity_type)t);
		ck_assert_ptr_nonnull(s);
		ck_assert_str_eq(s, entity_names[t]);
	}
}
END_TEST

START_TEST(entity_type_round_trips_every_value)
{
	for (int t = 0; t < CG_ENTITY_TYPE_COUNT; t++) {
		const char *s = cg_entity_type_to_string((cg_entity_type)t);
		ck_assert_ptr_nonnull(s);
		ck_assert_int_eq(cg_entity_type_from_string(s), t);
	}
}
END_TEST

START_TEST(entity_type_to_string_out_of_range_is_null)
{
	ck_assert_ptr_null(cg_entity_type_to_string(CG_ENTITY_TYPE_COUNT));
	ck_assert_ptr_null(cg_entity_type_to_string((cg_entity_type)(CG_ENTITY_TYPE_COUNT + 7)));
	ck_assert_ptr_null(cg_entity_type_to_string((cg_entity_type)-1));
}
END_TEST

START_TEST(entity_type_from_string_unknown_is_other)
{
	ck_assert_int_eq(cg_entity_type_from_string("vessel"), CG_ET_OTHER);
	ck_assert_int_eq(cg_entity_type_from_string(""), CG_ET_OTHER);
	/* exact and lower case only: the caller lower-cases */
	ck_assert_int_eq(cg_entity_type_from_string("Person"), CG_ET_OTHER);
	ck_assert_int_eq(cg_entity_type_from_string("person "), CG_ET_OTHER);
	ck_assert_int_eq(cg_entity_type_from_string("persons"), CG_ET_OTHER);
}
END_TEST

/* ---- cg_link_type_to_string / _from_string ---- */

START_TEST(link_type_to_string_names_every_value)
{
	for (int t = 0; t < CG_LINK_TYPE_COUNT; t++) {
		const char *s = cg_link_type_to_string((cg_link_type)t);
		ck_assert_ptr_nonnull(s);
		ck_assert_str_eq(s, link_names[t]);
	}
}
END_TEST

START_TEST(link_type_round_trips_every_value)
{
	for (int t = 0; t < CG_LINK_TYPE_COUNT; t++) {
		const char *s = cg_link_type_to_string((cg_link_type)t);
		ck_assert_ptr_nonnull(s);
		ck_assert_int_eq(cg_link_type_from_string(s), t);
	}
}
END_TEST

START_TEST(link_type_to_string_out_of_range_is_null)
{
	ck_assert_ptr_null(cg_link_type_to_string(CG_LINK_TYPE_COUNT));
	ck_assert_ptr_null(cg_link_type_to_string((cg_link_type)-1));
}
END_TEST

START_TEST(link_type_from_string_unknown_is_other)
{
	ck_assert_int_eq(cg_link_type_from_string("sells_to"), CG_LT_OTHER);
	ck_assert_int_eq(cg_link_type_from_string(""), CG_LT_OTHER);
	ck_assert_int_eq(cg_link_type_from_string("OWNS"), CG_LT_OTHER);
}
END_TEST

/* ---- cg_role_to_string / _from_string ---- */

START_TEST(role_to_string_names_every_value)
{
	for (int r = 0; r < CG_ROLE_COUNT; r++) {
		const char *s = cg_role_to_string((cg_role)r);
		ck_assert_ptr_nonnull(s);
		ck_assert_str_eq(s, role_names[r]);
	}
}
END_TEST

START_TEST(role_round_trips_every_value)
{
	for (int r = 0; r < CG_ROLE_COUNT; r++) {
		const char *s = cg_role_to_string((cg_role)r);
		ck_assert_ptr_nonnull(s);
		ck_assert_int_eq(cg_role_from_string(s), r);
	}
}
END_TEST

START_TEST(role_to_string_out_of_range_is_null)
{
	ck_assert_ptr_null(cg_role_to_string(CG_ROLE_COUNT));
	ck_assert_ptr_null(cg_role_to_string((cg_role)-1));
}
END_TEST

START_TEST(role_from_string_unknown_is_other)
{
	ck_assert_int_eq(cg_role_from_string("courier"), CG_ROLE_OTHER);
	ck_assert_int_eq(cg_role_from_string("Shell"), CG_ROLE_OTHER);
}
END_TEST

/* ---- cg_link_type_directed ---- */

START_TEST(link_type_directed_only_symmetric_types_are_undirected)
{
	for (int t = 0; t < CG_LINK_TYPE_COUNT; t++) {
		int symmetric = t == CG_LT_CONTRACTS_WITH || t == CG_LT_ASSOCIATE_OF ||
		                t == CG_LT_FAMILY_OF || t == CG_LT_RELATED_TO ||
		                t == CG_LT_MENTIONED_WITH;
		ck_assert_msg(cg_link_type_directed((cg_link_type)t) == !symmetric,
		              "%s: directed=%d", link_names[t],
		              cg_link_type_directed((cg_link_type)t));
	}
}
END_TEST

START_TEST(link_type_directed_unknown_types_are_directed)
{
	ck_assert_int_eq(cg_link_type_directed(CG_LT_OTHER), 1);
	ck_assert_int_eq(cg_link_type_directed(CG_LT_PAYS), 1);
	ck_assert_int_eq(cg_link_type_directed(CG_LT_OWNS), 1);
}
END_TEST

/* ---- cg_entity_type_is_context ---- */

START_TEST(entity_type_is_context_only_country_and_sector)
{
	for (int t = 0; t < CG_ENTITY_TYPE_COUNT; t++) {
		int context = t == CG_ET_COUNTRY || t == CG_ET_SECTOR;
		ck_assert_msg(cg_entity_type_is_context((cg_entity_type)t) == context,
		              "%s: is_context=%d", entity_names[t],
		              cg_entity_type_is_context((cg_entity_type)t));
	}
}
END_TEST

START_TEST(entity_type_name_is_context_names_and_x_mitre)
{
	static const char *const yes[] = {"country",          "sector",
	                                  "course_of_action", "report",
	                                  "x_mitre_asset",    "x_mitre_data_component",
	                                  "x_mitre_tactic"};
	static const char *const no[] = {"person",  "ip",           "document", "attack_pattern",
	                                 "malware", "threat_actor", "x_mitre",  ""};

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		ck_assert_msg(cg_entity_type_name_is_context(yes[i]), "%s", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		ck_assert_msg(!cg_entity_type_name_is_context(no[i]), "%s", no[i]);
	ck_assert(!cg_entity_type_name_is_context(NULL));
}
END_TEST

/* ---- cg_type_name_valid ---- */

START_TEST(type_name_valid_accepts_identifiers)
{
	ck_assert_int_eq(cg_type_name_valid("person"), 1);
	ck_assert_int_eq(cg_type_name_valid("a"), 1);
	ck_assert_int_eq(cg_type_name_valid("vessel_2"), 1);
	ck_assert_int_eq(cg_type_name_valid("x_"), 1);
}
END_TEST

START_TEST(type_name_valid_rejects_bad_first_character)
{
	ck_assert_int_eq(cg_type_name_valid(""), 0);
	ck_assert_int_eq(cg_type_name_valid("2fast"), 0);
	ck_assert_int_eq(cg_type_name_valid("_person"), 0);
	ck_assert_int_eq(cg_type_name_valid("Person"), 0);
}
END_TEST

START_TEST(type_name_valid_rejects_bad_characters)
{
	ck_assert_int_eq(cg_type_name_valid("bank account"), 0);
	ck_assert_int_eq(cg_type_name_valid("bank-account"), 0);
	ck_assert_int_eq(cg_type_name_valid("bankAccount"), 0);
	ck_assert_int_eq(cg_type_name_valid("caf\xc3\xa9"), 0);
	ck_assert_int_eq(cg_type_name_valid("a.b"), 0);
}
END_TEST

START_TEST(type_name_valid_limits_length_to_64)
{
	char name[80];

	memset(name, 'a', sizeof name);
	name[64] = '\0';
	ck_assert_int_eq(cg_type_name_valid(name), 1);
	name[64] = 'a';
	name[65] = '\0';
	ck_assert_int_eq(cg_type_name_valid(name), 0);
}
END_TEST

/* ---- cg_entity_type_near_miss ---- */

START_TEST(entity_near_miss_finds_one_edit_typos)
{
	ck_assert_str_eq(cg_entity_type_near_miss("persn"), "person");
	ck_assert_str_eq(cg_entity_type_near_miss("compny"), "company");
	ck_assert_str_eq(cg_entity_type_near_miss("organizaton"), "organization");
	/* a swap of neighbouring letters is one edit */
	ck_assert_str_eq(cg_entity_type_near_miss("compnay"), "company");
	ck_assert_str_eq(cg_entity_type_near_miss("preson"), "person");
	ck_assert_str_eq(cg_link_type_near_miss("controsl"), "controls");
	ck_assert_str_eq(cg_entity_type_near_miss("emai"), "email");
	ck_assert_str_eq(cg_entity_type_near_miss("bank_acount"), "bank_account");
	/* three or four letters: a swap of two neighbours only */
	ck_assert_str_eq(cg_link_type_near_miss("pyas"), "pays");
	ck_assert_str_eq(cg_link_type_near_miss("usse"), "uses");
	ck_assert_str_eq(cg_link_type_near_miss("onws"), "owns");
	ck_assert_str_eq(cg_entity_type_near_miss("ulr"), "url");
	ck_assert_ptr_null(cg_link_type_near_miss("pay"));
	ck_assert_ptr_null(cg_link_type_near_miss("paid"));
	ck_assert_ptr_null(cg_link_type_near_miss("own"));
	ck_assert_ptr_null(cg_link_type_near_miss("paysx"));
	ck_assert_ptr_null(cg_entity_type_near_miss("pi"));
	ck_assert_ptr_null(cg_link_type_near_miss("oops"));
	ck_assert_str_eq(cg_entity_type_near_miss("wallets"), "wallet");
}
END_TEST

START_TEST(entity_near_miss_allows_two_edits_on_long_names)
{
	ck_assert_str_eq(cg_entity_type_near_miss("orgnizaton"), "organization");
	ck_assert_str_eq(cg_entity_type_near_miss("threat_acter"), "threat_actor");
	/* below eight letters one edit only */
	ck_assert_ptr_null(cg_entity_type_near_miss("prsn"));
	ck_assert_ptr_null(cg_entity_type_near_miss("cmpny"));
}
END_TEST

START_TEST(entity_near_miss_unrelated_name_is_null)
{
	ck_assert_ptr_null(cg_entity_type_near_miss("vessel"));
	ck_assert_ptr_null(cg_entity_type_near_miss("aircraft"));
	ck_assert_ptr_null(cg_entity_type_near_miss("other"));
}
END_TEST

START_TEST(entity_near_miss_exact_core_names_are_null)
{
	for (int t = 0; t < CG_ET_OTHER; t++)
		ck_assert_msg(cg_entity_type_near_miss(entity_names[t]) == NULL, "%s gave %s",
		              entity_names[t], cg_entity_type_near_miss(entity_names[t]));
}
END_TEST

START_TEST(entity_near_miss_ignores_short_names)
{
	/* "ip", "url" are too close to everything to guess from */
	ck_assert_ptr_null(cg_entity_type_near_miss("ipp"));
	ck_assert_ptr_null(cg_entity_type_near_miss("uri"));
}
END_TEST

/* ---- cg_link_type_near_miss ---- */

START_TEST(link_near_miss_finds_typos)
{
	ck_assert_str_eq(cg_link_type_near_miss("directr_of"), "director_of");
	ck_assert_str_eq(cg_link_type_near_miss("employe_of"), "employee_of");
	ck_assert_str_eq(cg_link_type_near_miss("relatedto"), "related_to");
	ck_assert_str_eq(cg_link_type_near_miss("mentoins"), "mentions");
}
END_TEST

START_TEST(link_near_miss_exact_and_unrelated_are_null)
{
	for (int t = 0; t < CG_LT_OTHER; t++)
		ck_assert_msg(cg_link_type_near_miss(link_names[t]) == NULL, "%s gave %s",
		              link_names[t], cg_link_type_near_miss(link_names[t]));
	ck_assert_ptr_null(cg_link_type_near_miss("sells_to"));
	ck_assert_ptr_null(cg_link_type_near_miss("own"));
	ck_assert_ptr_null(cg_link_type_near_miss("director"));
}
END_TEST

/* ---- cg_name_index ---- */

START_TEST(name_index_finds_each_entry)
{
	static const char *const t[] = {"none", "case", "cluster"};

	ck_assert_int_eq(cg_name_index(t, 3, "none"), 0);
	ck_assert_int_eq(cg_name_index(t, 3, "case"), 1);
	ck_assert_int_eq(cg_name_index(t, 3, "cluster"), 2);
	/* the first of two equal entries */
	static const char *const twice[] = {"a", "b", "a"};
	ck_assert_int_eq(cg_name_index(twice, 3, "a"), 0);
}
END_TEST

START_TEST(name_index_is_exact)
{
	static const char *const t[] = {"none", "case", "cluster"};

	ck_assert_int_eq(cg_name_index(t, 3, "Case"), -1);
	ck_assert_int_eq(cg_name_index(t, 3, "cas"), -1);
	ck_assert_int_eq(cg_name_index(t, 3, "cases"), -1);
	ck_assert_int_eq(cg_name_index(t, 3, ""), -1);
	/* only the first n entries are looked at */
	ck_assert_int_eq(cg_name_index(t, 2, "cluster"), -1);
	ck_assert_int_eq(cg_name_index(t, 0, "none"), -1);
}
END_TEST

START_TEST(name_index_null_is_not_found)
{
	static const char *const t[] = {"leiden", NULL, "louvain"};

	ck_assert_int_eq(cg_name_index(t, 3, NULL), -1);
	ck_assert_int_eq(cg_name_index(t, 3, "louvain"), 2);
	ck_assert_int_eq(cg_name_index(NULL, 0, "louvain"), -1);
	/* the tables of cg_types.c through it: NULL is the fallback value */
	ck_assert_int_eq(cg_entity_type_from_string(NULL), CG_ET_OTHER);
	ck_assert_int_eq(cg_link_type_from_string(NULL), CG_LT_OTHER);
	ck_assert_int_eq(cg_role_from_string(NULL), CG_ROLE_OTHER);
}
END_TEST

static TCase *tcase(const char *name)
{
	TCase *tc = tcase_create(name);
	tcase_set_timeout(tc, 30);
	return tc;
}

static Suite *types_suite(void)
{
	Suite *s = suite_create("types");
	TCase *tc;

	tc = tcase("name_index");
	tcase_add_test(tc, name_index_finds_each_entry);
	tcase_add_test(tc, name_index_is_exact);
	tcase_add_test(tc, name_index_null_is_not_found);
	suite_add_tcase(s, tc);

	tc = tcase("entity_type_to_string");
	tcase_add_test(tc, entity_type_to_string_names_every_value);
	tcase_add_test(tc, entity_type_to_string_out_of_range_is_null);
	suite_add_tcase(s, tc);

	tc = tcase("entity_type_from_string");
	tcase_add_test(tc, entity_type_round_trips_every_value);
	tcase_add_test(tc, entity_type_from_string_unknown_is_other);
	suite_add_tcase(s, tc);

	tc = tcase("link_type_to_string");
	tcase_add_test(tc, link_type_to_string_names_every_value);
	tcase_add_test(tc, link_type_to_string_out_of_range_is_null);
	suite_add_tcase(s, tc);

	tc = tcase("link_type_from_string");
	tcase_add_test(tc, link_type_round_trips_every_value);
	tcase_add_test(tc, link_type_from_string_unknown_is_other);
	suite_add_tcase(s, tc);

	tc = tcase("role_to_string");
	tcase_add_test(tc, role_to_string_names_every_value);
	tcase_add_test(tc, role_to_string_out_of_range_is_null);
	suite_add_tcase(s, tc);

	tc = tcase("role_from_string");
	tcase_add_test(tc, role_round_trips_every_value);
	tcase_add_test(tc, role_from_string_unknown_is_other);
	suite_add_tcase(s, tc);

	tc = tcase("link_type_directed");
	tcase_add_test(tc, link_type_directed_only_symmetric_types_are_undirected);
	tcase_add_test(tc, link_type_directed_unknown_types_are_directed);
	suite_add_tcase(s, tc);

	tc = tcase("entity_type_is_context");
	tcase_add_test(tc, entity_type_is_context_only_country_and_sector);
	tcase_add_test(tc, entity_type_name_is_context_names_and_x_mitre);
	suite_add_tcase(s, tc);

	tc = tcase("type_name_valid");
	tcase_add_test(tc, type_name_valid_accepts_identifiers);
	tcase_add_test(tc, type_name_valid_rejects_bad_first_character);
	tcase_add_test(tc, type_name_valid_rejects_bad_characters);
	tcase_add_test(tc, type_name_valid_limits_length_to_64);
	suite_add_tcase(s, tc);

	tc = tcase("entity_type_near_miss");
	tcase_add_test(tc, entity_near_miss_finds_one_edit_typos);
	tcase_add_test(tc, entity_near_miss_allows_two_edits_on_long_names);
	tcase_add_test(tc, entity_near_miss_unrelated_name_is_null);
	tcase_add_test(tc, entity_near_miss_exact_core_names_are_null);
	tcase_add_test(tc, entity_near_miss_ignores_short_names);
	suite_add_tcase(s, tc);

	tc = tcase("link_type_near_miss");
	tcase_add_test(tc, link_near_miss_finds_typos);
	tcase_add_test(tc, link_near_miss_exact_and_unrelated_are_null);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(types_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
