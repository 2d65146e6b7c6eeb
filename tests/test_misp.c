/* Tests of the MISP event importer: the event as a case, attributes and
 * objects as entities with the line each starts on, composite values,
 * object references as links, threat actors from tags and galaxies, skipped
 * attributes counted, and every bad attribute or object reported with its
 * line.
 *
 * The fixed inputs are in tests/data/misp/ (the tests run from there, so
 * messages carry short relative paths). All names are invented. */
#include "cg_graph.h"
#include "cg_import.h"
#include "cg_render.h"
#include "importfix.h"
#include "testutil.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GOOD "good/event.json"
#define BAD  "bad/event.json"
#define CASE "GREYKITE laptop farm: infrastructure seen by a client"
#define U(n) "5f0c2a1e-0000-4000-8000-0000000" n

/* ================= good event ================= */

START_TEST(misp_good_counts_and_skips)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one(GOOD, NULL, &st, &err), 0);
	/* 4 attributes (a comment and a deleted hash skipped), 2 objects, 2
	 * references, 1 threat actor of the event */
	ASSERT_COUNTS(st, 9, 9, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 10);
	ck_assert_uint_eq(cg_graph_link_count(g), 13);
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_int_eq(dl.code[0], CG_OK);
	ck_assert_str_eq(dl.text[0],
	                 GOOD ": 2 attributes skipped: 1 deleted, 1 free text, values or "
	                      "detection rules (comment, text, datetime, yara ...)");
}
END_TEST

START_TEST(misp_good_attributes_lines_and_properties)
{
	cg_import_stats st;
	cg_error err;
	cg_eid ip, em, w;

	ck_assert_int_eq(import_one(GOOD, NULL, &st, &err), 0);
	/* the event is the case, named by its info */
	ip = local(CASE, U("a0001"));
	ck_assert_str_eq(cg_entity_id(g, ip), "ip:203.0.113.45");
	ck_assert_str_eq(provs(ip), "7:" CASE);
	ck_assert_str_eq(cg_entity_prop(g, ip, "to_ids"), "true");
	ck_assert_str_eq(cg_entity_prop(g, ip, "comment"), "VPN exit used by the laptops");
	ck_assert_str_eq(cg_entity_prop(g, ip, "misp_type"), "ip-dst");
	em = local(CASE, U("a0003"));
	ck_assert_str_eq(cg_entity_id(g, em), "email:dana.whitfield.consult@mailbox.example");
	ck_assert_str_eq(provs(em), "22:" CASE);
	w = local(CASE, U("a0005"));
	ck_assert_str_eq(cg_entity_id(g, w), "wallet:btc:1FfmbHfnpaZjKFvyi1okTjJJusN455paPH");
	/* skipped attributes are not in the graph */
	ck_assert_uint_eq(cg_graph_find_local(g, CASE, U("a0004")), CG_NO_ENTITY);
	ck_assert_uint_eq(cg_graph_find_local(g, CASE, U("a0006")), CG_NO_ENTITY);
}
END_TEST

START_TEST(misp_good_domain_ip_makes_two_entities)
{
	cg_import_stats st;
	cg_error err;
	cg_eid dom, ip;

	ck_assert_int_eq(import_one(GOOD, NULL, &st, &err), 0);
	dom = local(CASE, U("a0002"));
	ck_assert_str_eq(cg_entity_id(g, dom), "domain:bluecrest-digital.example");
	ip = by_id("ip:192.0.2.88");
	ck_assert_int_eq(link_line(find_link(dom, ip, "resolves_to"), NULL), 15);
	/* the domain-ip object of line 77: the domain resolves to the same ip */
	ck_assert_int_eq(
	    link_line(find_link(by_id("domain:jademeridian-tech.test"), ip, "resolves_to"), NULL),
	    79);
	ck_assert_str_eq(provs(ip), "15:" CASE "|79:" CASE);
}
END_TEST

START_TEST(misp_good_objects_and_references)
{
	cg_import_stats st;
	cg_error err;
	cg_eid person, mail, dom;
	const char *kase;

	ck_assert_int_eq(import_one(GOOD, NULL, &st, &err), 0);
	/* a person object is one entity, its e-mail an entity it uses */
	person = local(CASE, U("b0001"));
	ck_assert_str_eq(cg_entity_name(g, person), "Ethan Caldwell");
	ck_assert_str_eq(cg_entity_prop(g, person, "nationality"), "US");
	ck_assert_str_eq(provs(person), "54:" CASE);
	mail = by_id("email:ethan.caldwell.dev@mailbox.example");
	ck_assert_str_eq(provs(mail), "61:" CASE);
	find_link(person, mail, "uses");
	/* references, with the line each starts on */
	ck_assert_int_eq(
	    link_line(find_link(person, local(CASE, U("a0001")), "connected_from"), &kase), 65);
	ck_assert_str_eq(kase, CASE);
	dom = local(CASE, U("c0011"));
	ck_assert_int_eq(link_line(find_link(dom, person, "used_by"), NULL), 82);
}
END_TEST

START_TEST(misp_good_threat_actors)
{
	cg_import_stats st;
	cg_error err;
	cg_eid gk, fc;
	const char *al;
	cg_iter it;

	ck_assert_int_eq(import_one(GOOD, NULL, &st, &err), 0);
	/* the galaxy (line 92) and the tag name one actor */
	gk = by_id("threat_actor:greykite");
	ck_assert_str_eq(provs(gk), "92:" CASE);
	ck_assert_str_eq(cg_entity_prop(g, gk, "country"), "KP");
	it = cg_entity_aliases(g, gk);
	ck_assert_int_eq(cg_iter_next_str(g, &it, &al), 1);
	ck_assert_str_eq(al, "DPRK remote IT workers (fictional cluster)");
	/* the event's attributes are attributed to it */
	ck_assert_int_eq(link_line(find_link(local(CASE, U("a0001")), gk, "attributed_to"), NULL),
	                 7);
	find_link(local(CASE, U("b0001")), gk, "attributed_to");
	/* an attribute's own tag names another actor, for that attribute only */
	fc = by_id("threat_actor:famous chollima");
	ck_assert_int_eq(link_line(find_link(local(CASE, U("a0005")), fc, "attributed_to"), NULL),
	                 36);
}
END_TEST

START_TEST(misp_max_rows)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.max_rows = 2;
	ck_assert_int_eq(import_one(GOOD, &o, &st, &err), 0);
	/* the event's actor, then the first two attributes */
	ASSERT_COUNTS(st, 3, 3, 0);
	ck_assert_uint_eq(cg_graph_find_local(g, CASE, U("a0003")), CG_NO_ENTITY);
}
END_TEST

/* ================= bad event ================= */

START_TEST(misp_bad_attributes_and_objects_rejected)
{
	cg_import_stats st;
	cg_error err;
	cg_eid iban, acct;

	ck_assert_int_eq(import_one(BAD, NULL, &st, &err), 0);
	/* 5 attributes, 2 objects, 2 references */
	ASSERT_COUNTS(st, 9, 3, 6);
	ck_assert_uint_eq(dl.n, 6);
	ck_assert_str_eq(dl.text[0],
	                 BAD ":14: domain|ip attribute 'payroll-relay.test': expected two "
	                     "values separated by '|'");
	ck_assert_str_eq(dl.text[1], BAD ":19: attribute without \"type\"");
	ck_assert_str_eq(dl.text[2],
	                 BAD ":23: invalid JSON in this attribute (line 26, column 43)");
	ck_assert_str_eq(dl.text[3], BAD ":28: email-dst attribute without \"value\"");
	ck_assert_str_eq(dl.text[4], BAD ":55: object without \"name\"");
	ck_assert_str_eq(dl.text[5], BAD ":48: object " U("b0101") ": reference to '" U(
	                                 "fffff") "', which is not in the file");
	/* an event inside "response": its info is the case */
	iban = local("Payroll proxies", U("a0101"));
	ck_assert_str_eq(cg_entity_id(g, iban), "bank_account:iban:AE930910004471823096518");
	acct = local("Payroll proxies", U("b0101"));
	ck_assert_str_eq(cg_entity_prop(g, acct, "bank"), "DESERT SUN COMMUNITY BANK");
	ck_assert_int_eq(link_line(find_link(acct, iban, "pays"), NULL), 43);
}
END_TEST

START_TEST(misp_strict_stops_at_first_rejection)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.strict = 1;
	ck_assert_int_eq(import_one(BAD, &o, &st, &err), CG_EREJECT);
	ck_assert_str_eq(tu_fmt_err(&err), BAD ":14: domain|ip attribute 'payroll-relay.test': "
	                                       "expected two values separated by '|'");
}
END_TEST

START_TEST(misp_not_an_event_refused)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	char path[512];

	snprintf(path, sizeof path, "%s/x.json", tmpdir);
	tu_write_file(path, "{\"response\": []}\n", 17);
	o.format = CG_FMT_MISP;
	ck_assert_int_eq(import_one(path, &o, &st, &err), CG_EFORMAT);
	ck_assert_str_eq(err.message, "not a MISP event: no \"Event\" object at the top level");
}
END_TEST

START_TEST(misp_example_event_connects_to_the_cases)
{
	char path[4200];
	cg_import_stats st;
	cg_error err;

	snprintf(path, sizeof path, "%s/examples/misp-event.json", tu_source_root());
	ck_assert_int_eq(import_one(path, NULL, &st, &err), 0);
	ck_assert_uint_eq(st.rejected, 0);
	/* it shares the facilitator's e-mail with the case files */
	by_id("email:dana.whitfield.consult@mailbox.example");
}
END_TEST

/* ================= the MISP export, read back ================= */

static const char *const example_inputs[] = {
    "examples/front-company/nodes.csv",
    "examples/front-company/links.csv",
    "examples/laptop-farm/nodes.csv",
    "examples/laptop-farm/links.csv",
    "examples/payroll/nodes.csv",
    "examples/payroll/links.csv",
    "examples/payments/mapping.json",
    "examples/misp-event.json",
    "examples/ftm-entities.json",
    "examples/reports/2023-06-arizona-laptop-farm.md",
    "examples/reports/2024-02-front-companies-uae.md",
    "examples/reports/2024-05-usdt-payout-wallet.md",
};

/* Reads paths into a new graph; every diagnostic must be a note. */
static cg_graph *load_all(const char *const *paths, size_t n)
{
	cg_graph *h = cg_graph_new();
	cg_import_opts io = CG_IMPORT_OPTS_INIT;
	tu_diag_log log;
	cg_import *imp;
	cg_error err;

	memset(&log, 0, sizeof log);
	io.diag = tu_on_diag;
	io.diag_ctx = &log;
	ck_assert_ptr_nonnull(h);
	imp = cg_import_new(h, &io);
	ck_assert_ptr_nonnull(imp);
	cg_error_clear(&err);
	ck_assert_msg(cg_import_files(imp, paths, n, NULL, NULL, &err) == 0, "%s",
	              tu_fmt_err(&err));
	cg_import_free(imp);
	for (size_t i = 0; i < log.n && i < TU_MAX_DIAGS; i++)
		ck_assert_msg(log.code[i] == CG_OK, "rejected: %s", log.text[i]);
	return h;
}

static size_t count_type(const cg_graph *h, const char *type)
{
	size_t k = 0;
	for (size_t e = 0; e < cg_graph_entity_count(h); e++)
		k += strcmp(cg_entity_type_name(h, (cg_eid)e), type) == 0;
	return k;
}

static size_t count_links(const cg_graph *h, const char *type)
{
	size_t k = 0;
	for (size_t l = 0; l < cg_graph_link_count(h); l++)
		k += strcmp(cg_link_type_name(h, (cg_lid)l), type) == 0;
	return k;
}

/* The example exported as a MISP event and read back by importers/misp.c:
 * every entity of a type MISP has a place for comes back with its type;
 * every link written comes back, but parallel links of one type between
 * the same two entities (payments of several amounts) are one, as a MISP
 * reference carries no amount. */
START_TEST(misp_export_round_trip_keeps_indicators_and_links)
{
	static const char *const kept[] = {
	    "person", "company", "organization", "bank_account", "address", "document",    "wallet",
	    "email",  "phone",   "domain",       "ip",           "url",     "threat_actor"};
	cg_export_opts o = CG_EXPORT_OPTS_INIT;
	cg_strbuf sum = CG_STRBUF_INIT;
	char path[64];
	const char *back[1];
	cg_graph *a, *b;
	cg_error err;
	int fd;

	ck_assert_int_eq(chdir(tu_source_root()), 0);
	a = load_all(example_inputs, sizeof example_inputs / sizeof *example_inputs);
	snprintf(path, sizeof path, "/tmp/cg-misp-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	o.date = "2024-06-01";
	cg_error_clear(&err);
	ck_assert_msg(cg_export_path(a, CG_EXPORT_MISP, &o, path, &err) == 0, "%s",
	              tu_fmt_err(&err));
	back[0] = path;
	b = load_all(back, 1);
	for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
		ck_assert_msg(count_type(a, kept[i]) == count_type(b, kept[i]), "%s: %zu, back %zu",
		              kept[i], count_type(a, kept[i]), count_type(b, kept[i]));
	/* country, sector, attack_pattern: no MISP type or template */
	ck_assert_uint_eq(cg_graph_entity_count(a), 99);
	ck_assert_uint_eq(cg_graph_entity_count(b), 86);
	/* 213 links (12 ties of the reports' prose): 32 to those, 14 from a threat-actor or ip
	 * attribute, 13 parallel payments, ownerships, directorships and holdings (the
	 * report's "its account" repeats the case file's holds_account) */
	ck_assert_uint_eq(cg_graph_link_count(a), 213);
	ck_assert_uint_eq(cg_graph_link_count(b), 153);
	ck_assert_uint_eq(count_links(b, "employee_of"), count_links(a, "employee_of"));
	ck_assert_uint_eq(count_links(b, "holds_account") + 1, count_links(a, "holds_account"));
	ck_assert_uint_eq(count_links(b, "attributed_to"), count_links(a, "attributed_to"));
	ck_assert_uint_eq(count_links(b, "resolves_to"), count_links(a, "resolves_to"));
	ck_assert_uint_eq(count_links(b, "paid_into"), count_links(a, "paid_into"));
	/* what had no place is said */
	ck_assert_int_eq(cg_export_misp_summary(a, &o, &sum, &err), 0);
	ck_assert_str_eq(cg_strbuf_cstr(&sum),
	                 "23 attributes, 65 objects, 160 object references; 5 links as "
	                 "threat-actor tags, 2 as domain|ip attributes; not written (no MISP "
	                 "type or template): 13 entities (4 country, 3 attack_pattern, 6 sector) "
	                 "and the 32 links to them; 14 links from a single value not written (a "
	                 "MISP reference starts at an object); 92 properties and aliases with no "
	                 "template attribute, in the comments");
	cg_strbuf_free(&sum);
	unlink(path);
	cg_graph_free(a);
	cg_graph_free(b);
}
END_TEST

static Suite *misp_suite(void)
{
	Suite *s = suite_create("misp");
	TCase *tc = tcase_create("import_misp");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, misp_good_counts_and_skips);
	tcase_add_test(tc, misp_good_attributes_lines_and_properties);
	tcase_add_test(tc, misp_good_domain_ip_makes_two_entities);
	tcase_add_test(tc, misp_good_objects_and_references);
	tcase_add_test(tc, misp_good_threat_actors);
	tcase_add_test(tc, misp_max_rows);
	tcase_add_test(tc, misp_bad_attributes_and_objects_rejected);
	tcase_add_test(tc, misp_strict_stops_at_first_rejection);
	tcase_add_test(tc, misp_not_an_event_refused);
	tcase_add_test(tc, misp_export_round_trip_keeps_indicators_and_links);
	tcase_add_test(tc, misp_example_event_connects_to_the_cases);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	char dir[4200];
	SRunner *sr;
	int failed;

	snprintf(dir, sizeof dir, "%s/tests/data/misp", tu_source_root());
	if (chdir(dir) != 0) {
		fprintf(stderr, "test_misp: cannot enter %s (set CG_SOURCE_ROOT): %s\n", dir,
		        strerror(errno));
		return 1;
	}
	sr = srunner_create(misp_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
