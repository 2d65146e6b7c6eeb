/* Tests of the STIX 2.0/2.1 importer: every object accounted for (imported,
 * skipped as revoked, deprecated, an older version or metadata, or rejected
 * with its line), reports setting cases, indicator patterns, relationship
 * types, bad input with exact messages, and the ATT&CK for ICS bundle when
 * ../shared is there.
 *
 * The fixed inputs are in tests/data/stix/ (the tests run from there, so
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

#define IS  "intrusion-set--00000000-0000-4000-8000-000000000001"
#define IND "indicator--00000000-0000-4000-8000-000000000003"
#define IDY "identity--00000000-0000-4000-8000-000000000002"

/* ================= good bundle ================= */

START_TEST(stix_good_bundle_counts_and_skips)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("good/bundle.json", NULL, &st, &err), 0);
	/* 14 objects: 9 read (3 domain objects, 1 custom, 1 location, 1 report,
	 * 3 relationships), 5 skipped */
	ASSERT_COUNTS(st, 9, 9, 0);
	ck_assert_uint_eq(st.entities_created, 8);
	ck_assert_uint_eq(st.links_created, 6);
	ck_assert_uint_eq(cg_graph_entity_count(g), 8);
	ck_assert_uint_eq(cg_graph_link_count(g), 6);
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_int_eq(dl.code[0], CG_OK);
	ck_assert_str_eq(
	    dl.text[0],
	    "good/bundle.json: 14 objects in the bundle: 9 read, 5 skipped (1 revoked, 1 "
	    "deprecated, 1 older versions, 1 marking or other metadata, 1 relationships "
	    "with a revoked or deprecated end)");
	/* the revoked malware and the deprecated tool are not in the graph */
	ck_assert_uint_eq(cg_graph_find_id(g, "malware:kiterat"), CG_NO_ENTITY);
	ck_assert_uint_eq(cg_graph_find_id(g, "tool:remotedesk pro"), CG_NO_ENTITY);
}
END_TEST

START_TEST(stix_good_bundle_types_lines_and_cases)
{
	cg_import_stats st;
	cg_error err;
	cg_eid is, ind, org;
	const char *kase;
	const char *al;
	cg_iter it;

	ck_assert_int_eq(import_one("good/bundle.json", NULL, &st, &err), 0);
	/* an intrusion set is a threat actor with its aliases; the report names
	 * it, so its case is the report's name */
	is = local("GREYKITE hosting", IS);
	ck_assert_str_eq(cg_entity_type_name(g, is), "threat_actor");
	ck_assert_str_eq(cg_entity_prop(g, is, "stix_type"), "intrusion-set");
	ck_assert_str_eq(provs(is), "5:GREYKITE hosting");
	it = cg_entity_aliases(g, is);
	ck_assert_int_eq(cg_iter_next_str(g, &it, &al), 1);
	ck_assert_str_eq(al, "Grey Kite");
	/* an object no report names takes the directory as its case; the newer
	 * version (line 127) is kept, the older (line 14) skipped */
	org = local("good", IDY);
	ck_assert_str_eq(cg_entity_type_name(g, org), "organization");
	ck_assert_str_eq(provs(org), "127:good");
	ck_assert_str_eq(cg_entity_prop(g, org, "sectors"), "technology");
	/* a location with only a country is a country */
	ck_assert_str_eq(provs(by_id("country:KP")), "83:good");
	/* x-* objects keep their type */
	ck_assert_str_eq(
	    cg_entity_type_name(
	        g, local("good", "x-greykite-persona--00000000-0000-4000-8000-000000000011")),
	    "x_greykite_persona");
	/* relationship types: attributed-to and located-at get casegraph names */
	ind = local("GREYKITE hosting", IND);
	ck_assert_int_eq(link_line(find_link(ind, is, "indicates"), &kase), 34);
	ck_assert_str_eq(kase, "GREYKITE hosting");
	ck_assert_int_eq(link_line(find_link(org, is, "attributed_to"), &kase), 44);
	ck_assert_str_eq(kase, "good");
	ck_assert_int_eq(link_line(find_link(is, by_id("country:KP"), "located_in"), NULL), 91);
}
END_TEST

START_TEST(stix_indicator_pattern_makes_observables)
{
	cg_import_stats st;
	cg_error err;
	cg_eid ind, ip, dom, em;

	ck_assert_int_eq(import_one("good/bundle.json", NULL, &st, &err), 0);
	ind = local("GREYKITE hosting", IND);
	/* [a = '..'] OR [b = '..' OR c = '..']: three observables, each based_on */
	ip = by_id("ip:203.0.113.45");
	dom = by_id("domain:bluecrest-digital.example");
	em = by_id("email:hr@bluecrest-digital.example");
	ck_assert_int_eq(link_line(find_link(ind, ip, "based_on"), NULL), 23);
	find_link(ind, dom, "based_on");
	find_link(ind, em, "based_on");
	ck_assert_str_eq(provs(ip), "23:GREYKITE hosting");
}
END_TEST

START_TEST(stix_case_option_for_objects_outside_reports)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.case_name = "opencti-export";
	ck_assert_int_eq(import_one("good/bundle.json", &o, &st, &err), 0);
	local("opencti-export", IDY);
	/* a report's case wins over the option */
	local("GREYKITE hosting", IS);
}
END_TEST

START_TEST(stix_relationship_types_all_accepted)
{
	/* every STIX 2.1 relationship type becomes a link type the graph keeps */
	static const char *const types[] = {
	    "attributed-to",
	    "authored-by",
	    "av-analysis-of",
	    "based-on",
	    "beacons-to",
	    "characterizes",
	    "communicates-with",
	    "compromises",
	    "consists-of",
	    "controls",
	    "delivers",
	    "derived-from",
	    "detects",
	    "downloads",
	    "drops",
	    "duplicate-of",
	    "dynamic-analysis-of",
	    "exfiltrates-to",
	    "exploits",
	    "has",
	    "hosts",
	    "impersonates",
	    "indicates",
	    "investigates",
	    "located-at",
	    "mitigates",
	    "originates-from",
	    "owns",
	    "related-to",
	    "remediates",
	    "resolves-to",
	    "revoked-by",
	    "static-analysis-of",
	    "subtechnique-of",
	    "targets",
	    "uses",
	    "variant-of",
	};
	char path[512], buf[1024];
	FILE *f;
	cg_import_stats st;
	cg_error err;
	size_t n = sizeof types / sizeof types[0];

	snprintf(path, sizeof path, "%s/types.json", tmpdir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("{\"type\": \"bundle\", \"id\": \"bundle--t\", \"objects\": [\n"
	      "{\"type\": \"malware\", \"id\": \"malware--a\", \"name\": \"A\"},\n"
	      "{\"type\": \"malware\", \"id\": \"malware--b\", \"name\": \"B\"}",
	      f);
	for (size_t i = 0; i < n; i++) {
		snprintf(buf, sizeof buf,
		         ",\n{\"type\": \"relationship\", \"id\": \"relationship--%zu\", "
		         "\"relationship_type\": \"%s\", \"source_ref\": \"malware--a\", "
		         "\"target_ref\": \"malware--b\"}",
		         i, types[i]);
		fputs(buf, f);
	}
	fputs("]}\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(import_one(path, NULL, &st, &err), 0);
	ck_assert_msg(st.rejected == 0, "%s", dl.text[0]);
	ASSERT_COUNTS(st, n + 2, n + 2, 0);
	ck_assert_uint_eq(cg_graph_link_count(g), n);
}
END_TEST

START_TEST(stix_max_rows_stops_after_n_objects)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.max_rows = 3;
	ck_assert_int_eq(import_one("good/bundle.json", &o, &st, &err), 0);
	/* the first 3 objects: intrusion set, identity (its newer version comes
	 * after the limit, so this one is kept), indicator */
	ASSERT_COUNTS(st, 3, 3, 0);
	ck_assert_uint_eq(cg_graph_link_count(g), 3); /* the pattern's observables */
}
END_TEST

/* ================= bad input ================= */

START_TEST(stix_bad_objects_rejected_with_lines)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("bad/bundle.json", NULL, &st, &err), 0);
	/* 9 objects: the actor, the report and the campaign are in */
	ASSERT_COUNTS(st, 9, 3, 6);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	ck_assert_uint_eq(cg_graph_link_count(g), 0);
	ck_assert_uint_eq(dl.n, 7);
	ck_assert_str_eq(dl.text[0],
	                 "bad/bundle.json:10: invalid JSON in this object (line 14, column 26)");
	ck_assert_str_eq(dl.text[1], "bad/bundle.json:16: object without \"id\"");
	ck_assert_str_eq(dl.text[2],
	                 "bad/bundle.json:40: an element of \"objects\" that is not a JSON object");
	/* a report naming an object that is not there: noted, not rejected */
	ck_assert_int_eq(dl.code[3], CG_ENOTFOUND);
	ck_assert_str_eq(
	    dl.text[3], "bad/bundle.json:41: report--00000000-0000-4000-8000-0000000000a6: "
	                "object_refs names 'campaign--00000000-0000-4000-8000-0000000000fe', which "
	                "is not in the bundle");
	ck_assert_str_eq(dl.text[4],
	                 "bad/bundle.json:20: relationship--00000000-0000-4000-8000-0000000000a3: "
	                 "target_ref 'tool--00000000-0000-4000-8000-0000000000ff' is not in the "
	                 "bundle (or is in an object rejected as unreadable)");
	ck_assert_str_eq(dl.text[5], "bad/bundle.json:27: "
	                             "relationship--00000000-0000-4000-8000-0000000000a4: no "
	                             "relationship_type");
	ck_assert_str_eq(dl.text[6],
	                 "bad/bundle.json:33: relationship--00000000-0000-4000-8000-0000000000a5: "
	                 "target_ref 'malware--00000000-0000-4000-8000-0000000000a2' is not in the "
	                 "bundle (or is in an object rejected as unreadable)");
	ck_assert_int_eq(dl.code[4], CG_EPARSE);
	/* the campaign after the broken objects is in */
	local("Half-sourced report", "threat-actor--00000000-0000-4000-8000-0000000000a1");
	local("bad", "campaign--00000000-0000-4000-8000-0000000000a7");
}
END_TEST

START_TEST(stix_strict_stops_at_first_rejection)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.strict = 1;
	ck_assert_int_eq(import_one("bad/bundle.json", &o, &st, &err), CG_EREJECT);
	ck_assert_str_eq(tu_fmt_err(&err),
	                 "bad/bundle.json:10: invalid JSON in this object (line 14, column 26)");
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
}
END_TEST

START_TEST(stix_truncated_file_rejects_the_last_object)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("bad/truncated.json", NULL, &st, &err), 0);
	ASSERT_COUNTS(st, 2, 1, 1);
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_str_eq(dl.text[0], "bad/truncated.json:3: the file ends inside this object");
	local("bad", "campaign--1");
}
END_TEST

START_TEST(stix_broken_structure_refuses_the_file)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("bad/broken.json", NULL, &st, &err), CG_EPARSE);
	ck_assert_str_eq(tu_fmt_err(&err),
	                 "bad/broken.json:3:2: invalid JSON: expected ',' or ']' (found 'x')");
	/* detected in the first pass: nothing was imported */
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
}
END_TEST

START_TEST(stix_not_a_bundle_refused)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.format = CG_FMT_STIX;
	ck_assert_int_eq(import_one("bad/notbundle.json", &o, &st, &err), CG_EFORMAT);
	ck_assert_str_eq(tu_fmt_err(&err), "bad/notbundle.json: not a STIX bundle: the top-level "
	                                   "\"type\" is not \"bundle\"");
}
END_TEST

START_TEST(stix_object_over_the_size_limit_rejected)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.max_record = 200;
	ck_assert_int_eq(import_one("good/bundle.json", &o, &st, &err), 0);
	/* the indicator (lines 23-33) is longer than 200 bytes */
	ck_assert_uint_gt(st.rejected, 0);
	ck_assert_str_eq(dl.text[0], "good/bundle.json:5: object longer than 200 bytes");
	ck_assert_uint_eq(st.read, st.imported + st.rejected);
}
END_TEST

/* A pattern of 64 comparisons is read whole; one of 65 rejects the
 * indicator with the reason, rather than keeping 64 without a word. */
START_TEST(stix_pattern_over_64_observables_rejected_not_cut)
{
	cg_import_stats st;
	cg_error err;
	char path[512];

	for (int n = 64; n <= 65; n++) {
		cg_strbuf b = CG_STRBUF_INIT;
		ck_assert_int_eq(
		    cg_strbuf_puts(&b, "{\"type\": \"bundle\", \"id\": \"bundle--1\", "
		                       "\"objects\": [\n{\"type\": \"indicator\", "
		                       "\"spec_version\": \"2.1\", \"id\": \"indicator--1\", "
		                       "\"pattern_type\": \"stix\", \"pattern\": \"["),
		    0);
		for (int i = 0; i < n; i++)
			ck_assert_int_eq(cg_strbuf_printf(&b, "%sipv4-addr:value = '198.51.100.%d'",
			                                  i ? " OR " : "", i + 1),
			                 0);
		ck_assert_int_eq(cg_strbuf_puts(&b, "]\"}\n]}\n"), 0);
		snprintf(path, sizeof path, "%s/p%d.json", tmpdir, n);
		tu_write_file(path, b.buf, b.len);
		cg_strbuf_free(&b);
		memset(&dl, 0, sizeof dl);
		ck_assert_int_eq(import_one(path, NULL, &st, &err), 0);
		if (n == 64) {
			ASSERT_COUNTS(st, 1, 1, 0);
			ck_assert_uint_eq(cg_graph_entity_count(g),
			                  65); /* the indicator and 64 IPs */
		} else {
			ASSERT_COUNTS(st, 1, 0, 1);
			ck_assert_ptr_nonnull(strstr(dl.text[0],
			                             "indicator--1: the pattern compares 65 "
			                             "observables, more than the 64"));
		}
	}
}
END_TEST

/* ================= real data ================= */

START_TEST(stix_ics_attack_real_data)
{
	const char *shared = tu_shared_root();
	char path[4200];
	cg_import_stats st;
	cg_error err;
	size_t by_type[8] = {0};
	static const char *const lt[] = {"targets", "mitigates", "uses", "detects",
	                                 "attributed_to"};

	if (!shared) {
		printf("stix_ics_attack_real_data: skipped: ../shared is absent\n");
		return;
	}
	snprintf(path, sizeof path, "%s/realdata/mitre-attack-ics/ics-attack-18.1.json", shared);
	if (access(path, R_OK) != 0) {
		printf("stix_ics_attack_real_data: skipped: %s is absent\n", path);
		return;
	}
	ck_assert_int_eq(import_one(path, NULL, &st, &err), 0);
	/* 1,826 objects: 2 revoked intrusion sets, 37 deprecated objects, 1
	 * marking definition and the 2 revoked-by relationships (their source
	 * is a revoked intrusion set) are skipped; everything else is in */
	ASSERT_COUNTS(st, 1784, 1784, 0);
	ck_assert_uint_eq(1784 + 2 + 37 + 1 + 2, 1826);
	ck_assert_uint_eq(cg_graph_link_count(g), 1371);
	ck_assert_uint_eq(st.links_created, 1371);
	ck_assert_uint_eq(st.entities_created + st.entities_merged, 1826 - 1373 - 39 - 1);
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_msg(strstr(dl.text[0], "1826 objects in the bundle: 1784 read, 42 skipped (2 "
	                                 "revoked, 37 deprecated, 0 older versions, 1 marking or "
	                                 "other metadata, 2 relationships with a revoked or "
	                                 "deprecated end)"),
	              "%s", dl.text[0]);
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		for (size_t k = 0; k < 5; k++)
			if (strcmp(cg_link_type_name(g, l), lt[k]) == 0)
				by_type[k]++;
	ck_assert_uint_eq(by_type[0], 685);
	ck_assert_uint_eq(by_type[1], 331);
	ck_assert_uint_eq(by_type[2], 267);
	ck_assert_uint_eq(by_type[3], 83);
	ck_assert_uint_eq(by_type[4], 5);
	/* Lazarus Group and APT38 are threat actors */
	ck_assert_str_eq(cg_entity_type_name(g, by_id("threat_actor:lazarus group")),
	                 "threat_actor");
	ck_assert_str_eq(cg_entity_type_name(g, by_id("threat_actor:apt38")), "threat_actor");
}
END_TEST

static Suite *stix_suite(void)
{
	Suite *s = suite_create("stix");
	TCase *tc = tcase_create("import_stix");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, stix_good_bundle_counts_and_skips);
	tcase_add_test(tc, stix_good_bundle_types_lines_and_cases);
	tcase_add_test(tc, stix_indicator_pattern_makes_observables);
	tcase_add_test(tc, stix_case_option_for_objects_outside_reports);
	tcase_add_test(tc, stix_relationship_types_all_accepted);
	tcase_add_test(tc, stix_max_rows_stops_after_n_objects);
	tcase_add_test(tc, stix_bad_objects_rejected_with_lines);
	tcase_add_test(tc, stix_strict_stops_at_first_rejection);
	tcase_add_test(tc, stix_truncated_file_rejects_the_last_object);
	tcase_add_test(tc, stix_broken_structure_refuses_the_file);
	tcase_add_test(tc, stix_not_a_bundle_refused);
	tcase_add_test(tc, stix_object_over_the_size_limit_rejected);
	tcase_add_test(tc, stix_pattern_over_64_observables_rejected_not_cut);
	tcase_add_test(tc, stix_ics_attack_real_data);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	char dir[4200];
	SRunner *sr;
	int failed;

	snprintf(dir, sizeof dir, "%s/tests/data/stix", tu_source_root());
	if (chdir(dir) != 0) {
		fprintf(stderr, "test_stix: cannot enter %s (set CG_SOURCE_ROOT): %s\n", dir,
		        strerror(errno));
		return 1;
	}
	sr = srunner_create(stix_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
