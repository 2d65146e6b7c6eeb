/* Tests of the FollowTheMoney importer: node schemata to entities,
 * interstitial schemata to links (also when they come before their ends),
 * identifiers as keyed properties, e-mails, phones and websites as linked
 * entities, fragments merging, and every bad line reported with its line.
 *
 * The fixed inputs are in tests/data/ftm/ (the tests run from there, so
 * messages carry short relative paths). All names are invented. */
#include "cg_graph.h"
#include "cg_import.h"
#include "cg_strbuf.h"
#include "importfix.h"
#include "testutil.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GOOD "good/entities.ftm.json"
#define BAD  "bad/entities.ftm.json"

/* The first value of link l's property name, or NULL. */
static const char *link_prop(cg_lid l, const char *name)
{
	cg_iter it = cg_link_props(g, l);
	const char *n, *v;
	while (cg_iter_next_prop(g, &it, &n, &v))
		if (strcmp(n, name) == 0)
			return v;
	return NULL;
}

/* ================= good file ================= */

START_TEST(ftm_good_counts)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one(GOOD, NULL, &st, &err), 0);
	/* 16 lines (one blank line skipped): 8 node lines (co-jade twice),
	 * 6 link lines, a passport and a sanction */
	ASSERT_COUNTS(st, 16, 16, 0);
	ck_assert_uint_eq(dl.n, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 12);
	ck_assert_uint_eq(cg_graph_link_count(g), 12);
	/* 9 nodes + 3 e-mails/phones/websites created; co-jade's second fragment,
	 * the passport and the sanction merged into their entity */
	ck_assert_uint_eq(st.entities_created, 12);
	ck_assert_uint_eq(st.entities_merged, 3);
}
END_TEST

START_TEST(ftm_good_nodes_types_keys_and_lines)
{
	cg_import_stats st;
	cg_error err;
	cg_eid p, co, acct, w, v, sayegh;

	ck_assert_int_eq(import_one(GOOD, NULL, &st, &err), 0);
	p = local("good", "p-whitfield");
	ck_assert_str_eq(cg_entity_type_name(g, p), "person");
	ck_assert_str_eq(cg_entity_prop(g, p, "dob"), "1984-07-19");
	ck_assert_str_eq(cg_entity_prop(g, p, "nationality"), "US");
	ck_assert_str_eq(cg_entity_id(g, p), "person:dana marie whitfield|dob:1984-07-19");
	ck_assert_str_eq(provs(p), "1:good");
	co = local("good", "co-bluecrest");
	ck_assert_str_eq(cg_entity_id(g, co), "company:reg:US-WY:2021001045873");
	ck_assert_str_eq(provs(co), "3:good");
	acct = local("good", "acct-1");
	ck_assert_str_eq(cg_entity_id(g, acct), "bank_account:iban:AE930910004471823096518");
	ck_assert_str_eq(cg_entity_prop(g, acct, "bank"), "Al Noor Mercantile Bank");
	w = local("good", "w-1");
	ck_assert_str_eq(cg_entity_id(g, w),
	                 "wallet:evm:0x7d3c0a5e9b41f2c8a6e0d3b7c19f4a2e58b6d0c1");
	v = local("good", "v-1");
	ck_assert_str_eq(cg_entity_type_name(g, v), "vessel");
	ck_assert_str_eq(cg_entity_prop(g, v, "imo"), "IMO 9999990");
	/* no name: first and last name; the passport line adds a strong key */
	sayegh = local("good", "p-sayegh");
	ck_assert_str_eq(cg_entity_name(g, sayegh), "Nadim Sayegh");
	ck_assert_str_eq(cg_entity_prop(g, sayegh, "passport"), "RL0047215");
	ck_assert_str_eq(provs(sayegh), "11:good|12:good");
}
END_TEST

START_TEST(ftm_good_fragments_merge)
{
	cg_import_stats st;
	cg_error err;
	cg_eid jade;
	const char *role;
	cg_iter it;

	ck_assert_int_eq(import_one(GOOD, NULL, &st, &err), 0);
	jade = local("good", "co-jade");
	/* lines 8 and 9 are fragments of one company; the sanction (16) adds a
	 * role and its programme */
	ck_assert_str_eq(provs(jade), "8:good|9:good|16:good");
	ck_assert_str_eq(cg_entity_prop(g, jade, "inn"), "7701000017");
	ck_assert_str_eq(cg_entity_prop(g, jade, "sanction_program"), "FICTIONAL-DPRK");
	it = cg_entity_roles(g, jade);
	ck_assert_int_eq(cg_iter_next_str(g, &it, &role), 1);
	ck_assert_str_eq(role, "sanctioned");
}
END_TEST

START_TEST(ftm_good_links_resolved_at_end)
{
	cg_import_stats st;
	cg_error err;
	cg_eid p, co, jade, acct, sayegh, addr;
	int64_t minor;
	const char *cur, *kase;

	ck_assert_int_eq(import_one(GOOD, NULL, &st, &err), 0);
	p = local("good", "p-whitfield");
	co = local("good", "co-bluecrest");
	jade = local("good", "co-jade");
	acct = local("good", "acct-1");
	sayegh = local("good", "p-sayegh");
	addr = local("good", "addr-copperleaf");
	/* line 2 names a company of line 3: kept and resolved at the end */
	cg_lid own = find_link(p, co, "owns");
	ck_assert_int_eq(link_line(own, &kase), 2);
	ck_assert_str_eq(kase, "good");
	ck_assert_str_eq(link_prop(own, "start_date"), "2021-03-02");
	cg_lid pay = find_link(co, jade, "pays");
	ck_assert_int_eq(link_line(pay, NULL), 7);
	ck_assert_int_eq(cg_link_amount(g, pay, &minor, &cur), 1);
	ck_assert_int_eq(minor, 2245000);
	ck_assert_str_eq(cur, "USD");
	ck_assert_int_eq(link_line(find_link(sayegh, jade, "director_of"), NULL), 10);
	ck_assert_int_eq(link_line(find_link(jade, acct, "owns"), NULL), 13);
	ck_assert_int_eq(link_line(find_link(sayegh, p, "family_of"), NULL), 17);
	/* entity references inside nodes */
	ck_assert_int_eq(link_line(find_link(p, addr, "located_in"), NULL), 1);
	ck_assert_int_eq(link_line(find_link(co, addr, "registered_at"), NULL), 3);
	ck_assert_int_eq(link_line(find_link(jade, local("good", "w-1"), "holds_account"), NULL),
	                 14);
}
END_TEST

START_TEST(ftm_good_infrastructure_entities)
{
	cg_import_stats st;
	cg_error err;
	cg_eid p, em, ph, dom;

	ck_assert_int_eq(import_one(GOOD, NULL, &st, &err), 0);
	p = local("good", "p-whitfield");
	em = by_id("email:dana.whitfield.consult@mailbox.example");
	ph = by_id("phone:+14805550134");
	dom = by_id("domain:bluecrest-digital.example");
	ck_assert_int_eq(link_line(find_link(p, em, "uses"), NULL), 1);
	ck_assert_int_eq(link_line(find_link(p, ph, "uses"), NULL), 1);
	/* a website's host is the domain */
	ck_assert_int_eq(link_line(find_link(local("good", "co-bluecrest"), dom, "uses"), NULL), 3);
	ck_assert_str_eq(provs(dom), "3:good");
	find_link(local("good", "co-jade"), by_id("email:info@jademeridian-tech.test"), "uses");
}
END_TEST

START_TEST(ftm_case_option)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.case_name = "aleph-export";
	ck_assert_int_eq(import_one(GOOD, &o, &st, &err), 0);
	local("aleph-export", "co-jade");
	ck_assert_uint_eq(cg_graph_find_local(g, "good", "co-jade"), CG_NO_ENTITY);
}
END_TEST

START_TEST(ftm_max_rows)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.max_rows = 4;
	ck_assert_int_eq(import_one(GOOD, &o, &st, &err), 0);
	ASSERT_COUNTS(st, 4, 4, 0);
	/* the ownership of line 2 is resolved: its ends are in the first 4 */
	find_link(local("good", "p-whitfield"), local("good", "co-bluecrest"), "owns");
}
END_TEST

/* ================= bad input ================= */

START_TEST(ftm_bad_lines_rejected_with_reasons)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one(BAD, NULL, &st, &err), 0);
	ASSERT_COUNTS(st, 14, 5, 9);
	ck_assert_uint_eq(dl.n, 10);
	ck_assert_str_eq(dl.text[0], BAD ":2:89: invalid JSON");
	ck_assert_str_eq(dl.text[1], BAD ":3: FollowTheMoney entity without \"id\"");
	ck_assert_str_eq(dl.text[2], BAD ":6: 'c-2': \"properties\" is not an object");
	ck_assert_str_eq(dl.text[3],
	                 BAD ":7: 'c-3': property 'jurisdiction' is not a list of strings");
	ck_assert_str_eq(
	    dl.text[4],
	    BAD ":8: Person 'p-2': bad date in 'dob': '1990-02-30': no such day in that month");
	ck_assert_str_eq(dl.text[5], BAD ":11: not a JSON object");
	ck_assert_str_eq(dl.text[6], BAD ":12: Payment 'pay-1': unknown currency 'ZZZ'");
	/* a reference inside a node: noted, the node stays */
	ck_assert_int_eq(dl.code[7], CG_ENOTFOUND);
	ck_assert_str_eq(dl.text[7],
	                 BAD ":1: Person 'p-1': addressEntity 'addr-missing' is not in the file");
	/* links to unknown ids, and a link without an end, at the end of the file */
	ck_assert_int_eq(dl.code[8], CG_EPARSE);
	ck_assert_str_eq(dl.text[8], BAD ":4: Ownership 'own-1': asset 'c-9' is not in the file");
	ck_assert_str_eq(dl.text[9], BAD ":5: Ownership 'own-2' without asset");
	/* the employment (line 9) names a company of line 10: resolved */
	find_link(local("bad", "p-1"), local("bad", "c-4"), "employee_of");
}
END_TEST

START_TEST(ftm_link_fragments_merge)
{
	cg_import_stats st;
	cg_error err;
	cg_lid l;
	cg_iter it;
	cg_prov pv;

	ck_assert_int_eq(import_one(BAD, NULL, &st, &err), 0);
	/* dir-1 comes in two fragments (lines 13 and 14), each with one end:
	 * one link with both lines and the role */
	l = find_link(local("bad", "p-1"), local("bad", "c-4"), "director_of");
	ck_assert_str_eq(link_prop(l, "role"), "nominee director");
	it = cg_link_provs(g, l);
	ck_assert_int_eq(cg_iter_next_prov(g, &it, &pv), 1);
	ck_assert_int_eq(pv.line, 13);
	ck_assert_int_eq(cg_iter_next_prov(g, &it, &pv), 1);
	ck_assert_int_eq(pv.line, 14);
	ck_assert_uint_eq(cg_graph_link_count(g), 2);
}
END_TEST

/* Equal payments are separate money (issue 20 item 10): three Payments
 * with their own ids and equal amounts, dates and accounts are three
 * links; a second fragment of one of them (casegraph's export writes one
 * line per citation) is the same link, not a fourth. */
START_TEST(ftm_equal_payments_stay_separate_fragments_merge)
{
	static const char text[] =
	    "{\"id\": \"a1\", \"schema\": \"BankAccount\", \"properties\": "
	    "{\"accountNumber\": [\"1001\"], \"bankName\": [\"Westbay\"]}}\n"
	    "{\"id\": \"a2\", \"schema\": \"BankAccount\", \"properties\": "
	    "{\"accountNumber\": [\"2002\"], \"bankName\": [\"Westbay\"]}}\n"
	    "{\"id\": \"pay-1\", \"schema\": \"Payment\", \"properties\": {\"payerAccount\": "
	    "[\"a1\"], \"beneficiaryAccount\": [\"a2\"], \"amount\": [\"10\"], "
	    "\"currency\": [\"USD\"], \"date\": [\"2024-01-01\"]}}\n"
	    "{\"id\": \"pay-2\", \"schema\": \"Payment\", \"properties\": {\"payerAccount\": "
	    "[\"a1\"], \"beneficiaryAccount\": [\"a2\"], \"amount\": [\"10\"], "
	    "\"currency\": [\"USD\"], \"date\": [\"2024-01-01\"]}}\n"
	    "{\"id\": \"pay-1\", \"schema\": \"Payment\", \"properties\": {\"payerAccount\": "
	    "[\"a1\"], \"beneficiaryAccount\": [\"a2\"], \"amount\": [\"10\"], "
	    "\"currency\": [\"USD\"], \"date\": [\"2024-01-01\"]}}\n"
	    "{\"id\": \"pay-3\", \"schema\": \"Payment\", \"properties\": {\"payerAccount\": "
	    "[\"a1\"], \"beneficiaryAccount\": [\"a2\"], \"amount\": [\"10\"], "
	    "\"currency\": [\"USD\"], \"date\": [\"2024-01-01\"]}}\n";
	char path[300];
	cg_import_stats st;
	cg_error err;
	int64_t total = 0, minor;
	const char *cur;

	snprintf(path, sizeof path, "%s/pay.ftm.json", tmpdir);
	tu_write_file(path, text, sizeof text - 1);
	ck_assert_int_eq(import_one(path, NULL, &st, &err), 0);
	ck_assert_uint_eq(cg_graph_link_count(g), 3);
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		ck_assert_int_eq(cg_link_amount(g, l, &minor, &cur), 1);
		total += minor;
	}
	ck_assert_int_eq(total, 3000);
	/* pay-1 has both its lines */
	cg_iter it = cg_link_provs(g, 0);
	cg_prov pv;
	ck_assert_int_eq(cg_iter_next_prov(g, &it, &pv), 1);
	ck_assert_int_eq(pv.line, 3);
	ck_assert_int_eq(cg_iter_next_prov(g, &it, &pv), 1);
	ck_assert_int_eq(pv.line, 5);
	ck_assert_int_eq(cg_iter_next_prov(g, &it, &pv), 0);
}
END_TEST

START_TEST(ftm_strict_stops_at_first_rejection)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.strict = 1;
	ck_assert_int_eq(import_one(BAD, &o, &st, &err), CG_EREJECT);
	ck_assert_str_eq(tu_fmt_err(&err), BAD ":2:89: invalid JSON");
	ck_assert_uint_eq(st.read, 2);
}
END_TEST

START_TEST(ftm_long_line_rejected)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.max_record = 100;
	ck_assert_int_eq(import_one(GOOD, &o, &st, &err), 0);
	ck_assert_str_eq(dl.text[0], GOOD ":1: line longer than 100 bytes");
	ck_assert_uint_eq(st.read, st.imported + st.rejected);
}
END_TEST

START_TEST(ftm_many_aliases_each_once)
{
	/* one line with 20,000 aliases, each given twice (and the name among
	 * them): the entity has each once, in order. The importer passes them
	 * all to the graph, which unions them at O(1) each (the importer's
	 * own duplicate check compared each with all before it: 26 s for
	 * 80,000 aliases) */
	enum { N = 20000 };
	char path[300];
	cg_strbuf sb = CG_STRBUF_INIT;
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(cg_strbuf_puts(&sb, "{\"id\": \"ftm-p1\", \"schema\": \"Person\", "
	                                     "\"properties\": {\"name\": [\"Orla Venn\"], "
	                                     "\"alias\": [\"Orla Venn\""),
	                 0);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < N; i++)
			ck_assert_int_eq(cg_strbuf_printf(&sb, ", \"alias %05d\"", i), 0);
	ck_assert_int_eq(cg_strbuf_puts(&sb, "]}}\n"), 0);
	snprintf(path, sizeof path, "%s/long.ftm.json", tmpdir);
	tu_write_file(path, sb.buf, sb.len);
	cg_strbuf_free(&sb);
	ck_assert_int_eq(import_one(path, NULL, &st, &err), 0);
	ASSERT_COUNTS(st, 1, 1, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_str_eq(cg_entity_name(g, 0), "Orla Venn");
	cg_iter it = cg_entity_aliases(g, 0);
	const char *v;
	char want[32];
	int n = 0;
	for (; cg_iter_next_str(g, &it, &v); n++) {
		snprintf(want, sizeof want, "alias %05d", n);
		ck_assert_str_eq(v, want);
	}
	ck_assert_int_eq(n, N);
}
END_TEST

START_TEST(ftm_detected_from_content)
{
	cg_format f = CG_FMT_UNKNOWN;
	cg_error err;

	cg_error_clear(&err);
	ck_assert_int_eq(cg_import_detect(GOOD, &f, &err), 0);
	ck_assert_int_eq(f, CG_FMT_FTM);
}
END_TEST

static Suite *ftm_suite(void)
{
	Suite *s = suite_create("ftm");
	TCase *tc = tcase_create("import_ftm");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ftm_good_counts);
	tcase_add_test(tc, ftm_good_nodes_types_keys_and_lines);
	tcase_add_test(tc, ftm_good_fragments_merge);
	tcase_add_test(tc, ftm_many_aliases_each_once);
	tcase_add_test(tc, ftm_good_links_resolved_at_end);
	tcase_add_test(tc, ftm_good_infrastructure_entities);
	tcase_add_test(tc, ftm_case_option);
	tcase_add_test(tc, ftm_max_rows);
	tcase_add_test(tc, ftm_bad_lines_rejected_with_reasons);
	tcase_add_test(tc, ftm_link_fragments_merge);
	tcase_add_test(tc, ftm_equal_payments_stay_separate_fragments_merge);
	tcase_add_test(tc, ftm_strict_stops_at_first_rejection);
	tcase_add_test(tc, ftm_long_line_rejected);
	tcase_add_test(tc, ftm_detected_from_content);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	char dir[4200];
	SRunner *sr;
	int failed;

	snprintf(dir, sizeof dir, "%s/tests/data/ftm", tu_source_root());
	if (chdir(dir) != 0) {
		fprintf(stderr, "test_ftm: cannot enter %s (set CG_SOURCE_ROOT): %s\n", dir,
		        strerror(errno));
		return 1;
	}
	sr = srunner_create(ftm_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
