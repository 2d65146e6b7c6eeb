/* Tests of cg_graph: the entity store, its identity keys, merging,
 * provenance, property normalisation, links and iterators.
 *
 * Every name, identifier and address below is invented. */
#include "cg_graph.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A syntactically valid IBAN (the ISO 13616 documentation example; no real
 * account) and the same with its last check digit broken. */
#define IBAN_OK     "GB82 WEST 1234 5698 7654 32"
#define IBAN_OK_KEY "GB82WEST12345698765432"
#define IBAN_BAD    "GB82 WEST 1234 5698 7654 33"

static cg_graph *g;

/* Cells and index slots read by list lookups (graph/cg_graph_internal.h:
 * test_graph links a build of graph/ that counts them). */
extern unsigned long long graph_steps;

#define LONG_N     50000 /* values on one list */
#define LONG_BATCH 1000  /* values per record */
/* list cells and index slots read per value added, at most: a scan of the
 * first cells and a few probes, never the whole list */
#define STEPS_PER_VALUE 64

static void setup(void)
{
	g = cg_graph_new();
	ck_assert_ptr_nonnull(g);
}

static void teardown(void)
{
	cg_graph_free(g);
	g = NULL;
}

/* ---- helpers ---- */

/* Adds one entity record from file "nodes.csv" at line `line`. */
static int add_ent(const char *type, const char *name, const char *kase, const char *id, long line,
                   const cg_prop *props, size_t np, cg_eid *out, cg_add_result *how, cg_error *err)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov = {"nodes.csv", line, kase, id, NULL, 0, NULL, NULL};

	rec.type = type;
	rec.name = name;
	rec.props = props;
	rec.n_props = np;
	rec.prov = &prov;
	rec.n_prov = 1;
	cg_error_clear(err);
	return cg_graph_add_entity(g, &rec, out, how, err);
}

/* Adds a record that must be accepted; returns its entity. */
static cg_eid ok_ent(const char *type, const char *name, const char *kase, const char *id,
                     long line, const cg_prop *props, size_t np, cg_add_result *how)
{
	cg_error err;
	cg_eid e = CG_NO_ENTITY;
	int rc = add_ent(type, name, kase, id, line, props, np, &e, how, &err);

	ck_assert_msg(rc == 0, "add_entity(%s, %s) failed: %d %s", type, name, rc, err.message);
	ck_assert_uint_lt(e, cg_graph_entity_count(g));
	return e;
}

#define NPROPS(a) (sizeof(a) / sizeof((a)[0]))

/* Joins a string list (aliases, roles, keys) with '|' into buf. */
static const char *join_strs(cg_iter it, char *buf, size_t n)
{
	const char *v;
	size_t len = 0;

	buf[0] = '\0';
	while (cg_iter_next_str(g, &it, &v))
		len +=
		    (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s", len ? "|" : "", v);
	ck_assert_uint_lt(len, n);
	return buf;
}

/* Joins a property list as name=value;name=value. */
static const char *join_props(cg_iter it, char *buf, size_t n)
{
	const char *k, *v;
	size_t len = 0;

	buf[0] = '\0';
	while (cg_iter_next_prop(g, &it, &k, &v))
		len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s=%s", len ? ";" : "",
		                        k, v);
	ck_assert_uint_lt(len, n);
	return buf;
}

/* Joins a provenance list as file:line:case:id:via:flags, one per ';'. */
static const char *join_provs(cg_iter it, char *buf, size_t n)
{
	cg_prov p;
	size_t len = 0;

	buf[0] = '\0';
	while (cg_iter_next_prov(g, &it, &p))
		len +=
		    (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s:%ld:%s:%s:%s:%u",
		                     len ? ";" : "", p.file, p.line, p.case_name,
		                     p.local_id ? p.local_id : "-", p.via ? p.via : "-", p.flags);
	ck_assert_uint_lt(len, n);
	return buf;
}

/* Counts a provenance list's records, checking on the way that the
 * case-only iterator yields the same cases, in the same order. */
static size_t count_provs(cg_iter it)
{
	cg_iter cases = it;
	cg_prov p;
	const char *kase = NULL;
	size_t k = 0;

	while (cg_iter_next_prov(g, &it, &p)) {
		ck_assert(cg_iter_next_prov_case(g, &cases, &kase));
		ck_assert_ptr_eq(kase, p.case_name);
		k++;
	}
	ck_assert(!cg_iter_next_prov_case(g, &cases, &kase));
	return k;
}

/* Asserts a rejected record: code, message, and an unchanged graph. */
#define ASSERT_REJECTED(rc, e_, want, msg, nents)                                                  \
	do {                                                                                       \
		ck_assert_int_eq((rc), (want));                                                    \
		ck_assert_int_eq((e_).code, (want));                                               \
		ck_assert_str_eq((e_).message, (msg));                                             \
		ck_assert_uint_eq(cg_graph_entity_count(g), (nents));                              \
	} while (0)

/* ================= cg_graph_new / cg_graph_free ================= */

START_TEST(new_graph_is_empty)
{
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
	ck_assert_uint_eq(cg_graph_link_count(g), 0);
	ck_assert_uint_eq(cg_graph_merge_count(g), 0);
	ck_assert_uint_gt(cg_graph_memory(g), 0);
	ck_assert_uint_eq(cg_graph_find_id(g, "person:nobody"), CG_NO_ENTITY);
	ck_assert_uint_eq(cg_graph_find_local(g, "case", "p1"), CG_NO_ENTITY);
}
END_TEST

START_TEST(free_accepts_null)
{
	cg_graph_free(NULL);
	/* reaching here is the test; also check a fresh graph frees cleanly */
	cg_graph *h = cg_graph_new();
	ck_assert_ptr_nonnull(h);
	cg_graph_free(h);
}
END_TEST

/* ================= cg_graph_add_entity ================= */

START_TEST(add_entity_creates_entity)
{
	cg_add_result how = CG_ADD_RESULT_COUNT;
	cg_eid e = ok_ent("person", "Orla Venn", "alpha", "p1", 2, NULL, 0, &how);

	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_eq(e, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_str_eq(cg_entity_type_name(g, e), "person");
	ck_assert_int_eq(cg_entity_type_of(g, e), CG_ET_PERSON);
	ck_assert_str_eq(cg_entity_name(g, e), "Orla Venn");
	ck_assert_str_eq(cg_entity_id(g, e), "person:orla venn");
	ck_assert_uint_eq(cg_entity_flags(g, e), 0);
	ck_assert_uint_eq(cg_graph_merge_count(g), 0);
}
END_TEST

START_TEST(add_entity_email_case_merges)
{
	cg_add_result how;
	cg_eid a =
	    ok_ent("email", "Ops.Desk@Harbor-Quill.EXAMPLE", "alpha", "e1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("email", "ops.desk@harbor-quill.example", "beta", "e9", 7, NULL, 0, &how);

	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_uint_eq(cg_graph_merge_count(g), 1);
	ck_assert_str_eq(cg_entity_id(g, a), "email:ops.desk@harbor-quill.example");
	ck_assert_uint_eq(cg_entity_flags(g, a) & CG_EF_INVALID_ID, 0);
}
END_TEST

START_TEST(add_entity_iban_spacing_merges)
{
	cg_add_result how;
	cg_prop p1[] = {{"iban", IBAN_OK}};
	cg_prop p2[] = {{"iban", "gb82west12345698765432"}};
	cg_eid a = ok_ent("bank_account", "Westbay checking", "alpha", "b1", 2, p1, 1, &how);
	cg_eid b = ok_ent("bank_account", "account of Orla Venn", "beta", "b7", 3, p2, 1, &how);
	/* the IBAN as the name, no property */
	cg_eid c =
	    ok_ent("bank_account", "GB82-WEST-1234-5698-7654-32", "gamma", "x", 4, NULL, 0, &how);

	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(a, c);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_str_eq(cg_entity_id(g, a), "bank_account:iban:" IBAN_OK_KEY);
	ck_assert_uint_eq(cg_entity_flags(g, a), 0);
}
END_TEST

START_TEST(add_entity_company_legal_forms_merge)
{
	cg_add_result how;
	cg_eid a =
	    ok_ent("company", "Harbor Quill Trading L.L.C.", "alpha", "c1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("company", "HARBOR QUILL TRADING LLC", "beta", "c1", 2, NULL, 0, &how);
	cg_eid c =
	    ok_ent("company", "Harbor Quill Trading Co., Ltd.", "gamma", "c4", 9, NULL, 0, &how);
	cg_eid d = ok_ent("company", "Harbor Quill Trading", "delta", "c2", 5, NULL, 0, &how);

	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(a, c);
	ck_assert_uint_eq(a, d);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_str_eq(cg_entity_id(g, a), "company:harbor quill trading");
	ck_assert_uint_eq(cg_graph_merge_count(g), 3);
	/* every merge on a name alone is flagged for review, of any type */
	ck_assert_uint_eq(cg_entity_flags(g, a) & CG_EF_NAME_ONLY, CG_EF_NAME_ONLY);
}
END_TEST

START_TEST(add_entity_legal_form_alone_is_not_stripped)
{
	cg_add_result how;
	cg_eid a = ok_ent("company", "Harbor Quill LLC", "alpha", "c1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("company", "Harbor Quill Systems LLC", "alpha", "c2", 3, NULL, 0, &how);

	ck_assert_uint_ne(a, b);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_str_eq(cg_entity_id(g, a), "company:harbor quill");
	ck_assert_str_eq(cg_entity_id(g, b), "company:harbor quill systems");
}
END_TEST

START_TEST(add_entity_same_local_id_in_case_merges)
{
	cg_add_result how;
	char buf[512];
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", "p1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("person", "O. Venn-Marsh", "alpha", "p1", 14, NULL, 0, &how);

	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_str_eq(join_provs(cg_entity_provs(g, a), buf, sizeof buf),
	                 "nodes.csv:2:alpha:p1:-:0;nodes.csv:14:alpha:p1:id:p1:0");
}
END_TEST

START_TEST(add_entity_byte_order_marks_trimmed_from_name_and_local_id)
{
	/* two exports joined: the second one's BOM starts a row, in its id */
	cg_eid e = ok_ent("person", "\xEF\xBB\xBFTamsin Roe \xEF\xBB\xBF", "harbor",
	                  "\xEF\xBB\xBFp2", 3, NULL, 0, NULL);

	ck_assert_str_eq(cg_entity_name(g, e), "Tamsin Roe");
	ck_assert_uint_eq(cg_graph_find_local(g, "harbor", "p2"), e);
	ck_assert_uint_eq(cg_graph_find_local(g, "harbor", "\xEF\xBB\xBFp2"), e);

	/* a name taken from an identifier property is trimmed the same way
	 * (found by the roundtrip fuzz target: the read-back trimmed it) */
	cg_prop iban = {"iban", "\xEF\xBB\xBFGB82 WEST 1234 5698 7654 32"};
	cg_eid a = ok_ent("bank_account", "", "harbor", "b1", 4, &iban, 1, NULL);
	ck_assert_str_eq(cg_entity_name(g, a), "GB82 WEST 1234 5698 7654 32");
}
END_TEST

START_TEST(add_entity_invalid_utf8_in_provenance_rejected)
{
	cg_error err;
	cg_eid e;

	ck_assert_int_eq(
	    add_ent("person", "Orla Venn", "harb\xFFor", "p1", 2, NULL, 0, &e, NULL, &err),
	    CG_EPARSE);
	ck_assert_str_eq(err.message, "invalid UTF-8 in the case");
	ck_assert_int_eq(
	    add_ent("person", "Orla Venn", "harbor", "p\xC0\xAF", 2, NULL, 0, &e, NULL, &err),
	    CG_EPARSE);
	ck_assert_str_eq(err.message, "invalid UTF-8 in the local id");
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
}
END_TEST

START_TEST(add_entity_same_local_id_other_case_does_not_merge)
{
	cg_add_result how;
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", "p1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("person", "Tamsin Roe", "beta", "p1", 2, NULL, 0, &how);

	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_ne(a, b);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
}
END_TEST

START_TEST(add_entity_same_local_id_other_type_rejected)
{
	cg_error err;
	cg_eid e = CG_NO_ENTITY;
	cg_add_result how;
	int rc;

	ok_ent("person", "Orla Venn", "c", "x", 2, NULL, 0, &how);
	rc = add_ent("company", "Venn Holdings", "c", "x", 3, NULL, 0, &e, &how, &err);
	ASSERT_REJECTED(rc, err, CG_EPARSE, "id 'x' is already a person in case 'c'", 1);
	ck_assert_uint_eq(cg_graph_merge_count(g), 0);
	ck_assert_uint_eq(cg_graph_find_id(g, "company:venn holdings"), CG_NO_ENTITY);
}
END_TEST

START_TEST(add_entity_person_name_and_dob_merges)
{
	cg_add_result how;
	cg_prop d1[] = {{"dob", "1983-11-02"}};
	cg_prop d2[] = {{"date_of_birth", "2 Nov 1983"}};
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", "p1", 2, d1, 1, &how);
	cg_eid b = ok_ent("person", "ORLA VENN", "beta", "p4", 5, d2, 1, &how);

	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(a, b);
	ck_assert_str_eq(cg_entity_id(g, a), "person:orla venn|dob:1983-11-02");
	/* a name plus date of birth is not a name-only merge */
	ck_assert_uint_eq(cg_entity_flags(g, a), 0);
}
END_TEST

START_TEST(add_entity_person_conflicting_dob_does_not_merge)
{
	cg_add_result how;
	cg_prop d1[] = {{"dob", "1983-11-02"}};
	cg_prop d2[] = {{"dob", "1991-04-17"}};
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", "p1", 2, d1, 1, &how);
	cg_eid b = ok_ent("person", "Orla Venn", "beta", "p1", 2, d2, 1, &how);

	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_ne(a, b);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	ck_assert_uint_eq(cg_graph_merge_count(g), 0);
	ck_assert_str_eq(cg_entity_prop(g, a, "dob"), "1983-11-02");
	ck_assert_str_eq(cg_entity_prop(g, b, "dob"), "1991-04-17");
}
END_TEST

START_TEST(add_entity_person_conflicting_nationality_does_not_merge)
{
	cg_add_result how;
	cg_prop n1[] = {{"nationality", "US"}};
	cg_prop n2[] = {{"nationality", "North Korea"}};
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", "p1", 2, n1, 1, &how);
	cg_eid b = ok_ent("person", "Orla Venn", "beta", "p1", 2, n2, 1, &how);

	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_ne(a, b);
}
END_TEST

START_TEST(add_entity_person_name_only_across_cases_merges_and_flags)
{
	cg_add_result how;
	char buf[512];
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", "p1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("person", "orla  venn", "beta", "p7", 9, NULL, 0, &how);

	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(cg_entity_flags(g, a) & CG_EF_NAME_ONLY, CG_EF_NAME_ONLY);
	ck_assert_str_eq(join_provs(cg_entity_provs(g, a), buf, sizeof buf),
	                 "nodes.csv:2:alpha:p1:-:0;nodes.csv:9:beta:p7:name:orla venn:1");
}
END_TEST

START_TEST(add_entity_person_name_in_same_case_without_ids_is_flagged)
{
	cg_add_result how;
	/* Same case, records without local ids: one person, merged on the name
	 * alone, so listed for review as every name merge is. */
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", NULL, 2, NULL, 0, &how);
	cg_eid b = ok_ent("person", "Orla Venn", "alpha", NULL, 3, NULL, 0, &how);

	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(cg_entity_flags(g, a) & CG_EF_NAME_ONLY, CG_EF_NAME_ONLY);
}
END_TEST

START_TEST(add_entity_one_source_two_ids_one_name_stay_two)
{
	cg_add_result how;
	/* One list, two records of one company name under two local ids (a
	 * sanctions list's two entries): the source says they are distinct. */
	cg_eid a =
	    ok_ent("company", "Quillmoor Relief Foundation", "list", "sdn:1", 2, NULL, 0, &how);
	cg_eid b =
	    ok_ent("company", "QUILLMOOR RELIEF FOUNDATION", "list", "sdn:2", 3, NULL, 0, &how);
	cg_eid c = ok_ent("organization", "Tarn Brook Society", "list", "o1", 4, NULL, 0, &how);
	cg_eid d = ok_ent("organization", "Tarn Brook Society", "list", "o2", 5, NULL, 0, &how);

	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_ne(a, b);
	ck_assert_uint_ne(c, d);
	ck_assert_uint_eq(cg_graph_entity_count(g), 4);
	ck_assert_uint_eq(cg_graph_merge_count(g), 0);
	/* a third record naming the first id merges into it, by that id */
	ck_assert_uint_eq(
	    ok_ent("company", "Quillmoor Relief Foundation", "list", "sdn:1", 9, NULL, 0, &how), a);
}
END_TEST

START_TEST(add_entity_one_source_two_ids_strong_key_merge)
{
	cg_add_result how;
	const cg_prop reg[] = {{"registration_number", "QX-4471"}, {"jurisdiction", "ZZ"}};
	cg_eid a =
	    ok_ent("company", "Quillmoor Relief Foundation", "list", "sdn:1", 2, reg, 2, &how);
	cg_eid b =
	    ok_ent("company", "Quillmoor Relief Foundation", "list", "sdn:2", 3, reg, 2, &how);

	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(a, b);
	/* merged on its registration number: nothing to review */
	ck_assert_uint_eq(cg_entity_flags(g, a) & CG_EF_NAME_ONLY, 0);
}
END_TEST

START_TEST(add_entity_two_sources_one_company_name_merge_flagged)
{
	cg_add_result how;
	char buf[512];
	cg_eid a =
	    ok_ent("company", "Quillmoor Relief Foundation", "alpha", "c1", 2, NULL, 0, &how);
	cg_eid b =
	    ok_ent("company", "Quillmoor Relief Foundation Ltd", "beta", "c7", 4, NULL, 0, &how);

	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(cg_entity_flags(g, a) & CG_EF_NAME_ONLY, CG_EF_NAME_ONLY);
	ck_assert_str_eq(join_provs(cg_entity_provs(g, a), buf, sizeof buf),
	                 "nodes.csv:2:alpha:c1:-:0;nodes.csv:4:beta:c7:name:quillmoor relief "
	                 "foundation:1");
}
END_TEST

/* Adds a company record whose local id the importer made for its row. */
static cg_eid made_id_ent(const char *name, const char *id, long line)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov = {"rows.csv", line, "ledger", id, NULL, CG_PF_MADE_ID, NULL, NULL};
	cg_error err;
	cg_eid e = CG_NO_ENTITY;

	rec.type = "company";
	rec.name = name;
	rec.prov = &prov;
	rec.n_prov = 1;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, NULL, &err), 0);
	return e;
}

START_TEST(add_entity_made_ids_do_not_keep_companies_apart)
{
	/* ids an importer made per row (a mapping without keys) say nothing of
	 * identity: the rows' one payer is one company */
	cg_eid a = made_id_ent("Tarn Brook Ltd", "payer:rows.csv:2", 2);
	cg_eid b = made_id_ent("Tarn Brook Ltd", "payer:rows.csv:3", 3);

	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
}
END_TEST

START_TEST(add_entity_two_ids_same_name_one_case_do_not_merge)
{
	cg_add_result how;
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", "p1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("person", "Orla Venn", "alpha", "p2", 3, NULL, 0, &how);

	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_ne(a, b);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p1"), a);
	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p2"), b);
}
END_TEST

START_TEST(add_entity_name_key_skips_incompatible_entity)
{
	cg_add_result how;
	cg_prop us[] = {{"nationality", "US"}};
	cg_prop kp[] = {{"nationality", "KP"}};
	cg_prop kp_name[] = {{"nationality", "North Korea"}};
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", "p1", 2, us, 1, &how);
	cg_eid b = ok_ent("person", "Orla Venn", "alpha", "p2", 3, kp, 1, &how);
	/* the first entity with the name conflicts; the second one fits */
	cg_eid c = ok_ent("person", "Orla Venn", "beta", "q1", 4, kp_name, 1, &how);

	ck_assert_uint_ne(a, b);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(c, b);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
}
END_TEST

START_TEST(add_entity_company_conflicting_registration_does_not_merge)
{
	cg_add_result how;
	cg_prop r1[] = {{"registration_number", "HQ-100-221"}, {"jurisdiction", "US-DE"}};
	cg_prop r2[] = {{"registration_number", "HQ-100-999"}, {"jurisdiction", "US-DE"}};
	cg_prop r2b[] = {{"reg_no", "hq100999"}, {"jurisdiction", "US-DE"}};
	cg_eid a = ok_ent("company", "Harbor Quill LLC", "alpha", "c1", 2, r1, 2, &how);
	cg_eid b = ok_ent("company", "Harbor Quill Ltd", "beta", "c1", 2, r2, 2, &how);

	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_ne(a, b);
	ck_assert_str_eq(cg_entity_id(g, a), "company:reg:US-DE:HQ100221");
	ck_assert_str_eq(cg_entity_id(g, b), "company:reg:US-DE:HQ100999");
	/* the same registration number written differently merges */
	cg_eid c = ok_ent("company", "HQ Holdings", "gamma", "z", 7, r2b, 2, &how);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(c, b);
	/* a name without a number merges with one of them (the first with the name) */
	cg_eid d = ok_ent("company", "HARBOR QUILL INC", "delta", "c3", 4, NULL, 0, &how);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(d, a);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
}
END_TEST

START_TEST(add_entity_provenance_union)
{
	cg_add_result how;
	char buf[512];
	cg_eid a = ok_ent("email", "ops@harbor-quill.example", "alpha", "e1", 3, NULL, 0, &how);
	cg_eid b = ok_ent("email", "OPS@harbor-quill.example", "beta", "e2", 8, NULL, 0, &how);

	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(count_provs(cg_entity_provs(g, a)), 2);
	ck_assert_str_eq(join_provs(cg_entity_provs(g, a), buf, sizeof buf),
	                 "nodes.csv:3:alpha:e1:-:0;nodes.csv:8:beta:e2:ops@harbor-quill.example:0");
}
END_TEST

START_TEST(add_entity_same_record_twice_keeps_one_provenance)
{
	cg_add_result how;
	char buf[512];
	cg_eid a = ok_ent("email", "ops@harbor-quill.example", "alpha", "e1", 3, NULL, 0, &how);
	cg_eid b = ok_ent("email", "ops@harbor-quill.example", "alpha", "e1", 3, NULL, 0, &how);

	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(count_provs(cg_entity_provs(g, a)), 1);
	ck_assert_str_eq(join_provs(cg_entity_provs(g, a), buf, sizeof buf),
	                 "nodes.csv:3:alpha:e1:-:0");
}
END_TEST

START_TEST(add_entity_long_provenance_lists_stay_unique)
{
	/* past 16 records a list is indexed: every record is still kept once,
	 * in order, however many records name the entity */
	cg_add_result how;
	char local[32];
	cg_eid first = CG_NO_ENTITY;

	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 300; i++) {
			snprintf(local, sizeof local, "e%d", i);
			cg_eid e = ok_ent("email", "ops@harbor-quill.example", "alpha", local,
			                  10 + i, NULL, 0, &how);
			if (first == CG_NO_ENTITY)
				first = e;
			ck_assert_uint_eq(e, first);
		}
	ck_assert_uint_eq(count_provs(cg_entity_provs(g, first)), 300);
	cg_iter it = cg_entity_provs(g, first);
	cg_prov p;
	for (long i = 0; cg_iter_next_prov(g, &it, &p); i++)
		ck_assert_int_eq(p.line, 10 + i);
}
END_TEST

START_TEST(add_entity_several_provenance_records_in_one_add)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov provs[] = {{"a.csv", 2, "alpha", "p1", NULL, 0, NULL, NULL},
	                   {"b.csv", 5, "beta", "p9", NULL, 0, NULL, NULL}};
	cg_error err;
	cg_eid e;
	cg_add_result how;
	char buf[512];

	rec.type = "person";
	rec.name = "Orla Venn";
	rec.prov = provs;
	rec.n_prov = 2;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, &how, &err), 0);
	ck_assert_str_eq(join_provs(cg_entity_provs(g, e), buf, sizeof buf),
	                 "a.csv:2:alpha:p1:-:0;b.csv:5:beta:p9:-:0");
	/* every provenance record's local id finds the entity */
	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p1"), e);
	ck_assert_uint_eq(cg_graph_find_local(g, "beta", "p9"), e);
}
END_TEST

START_TEST(provenance_keeps_each_records_flags_and_time_span)
{
	/* records share their file and case (numbered once in the graph), but
	 * each keeps its own line, flags and time span */
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov provs[] = {
	    {"a.csv", 2, "alpha", "p1", NULL, 0, "2024-01-02", NULL},
	    {"a.csv", 3, "alpha", "p2", NULL, CG_PF_REFERENCE, NULL, "2024-03"},
	    {"a.csv", 4, "alpha", "p3", NULL, 0, NULL, NULL},
	    {"b.csv", 4, "alpha", "p4", NULL, CG_PF_REFERENCE, "2023", "2025"},
	};
	const char *first[] = {"2024-01-02", NULL, NULL, "2023"};
	const char *last[] = {NULL, "2024-03", NULL, "2025"};
	cg_error err;
	cg_eid e;
	cg_prov p;
	long i = 0;

	rec.type = "person";
	rec.name = "Orla Venn";
	rec.prov = provs;
	rec.n_prov = 4;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, NULL, &err), 0);
	for (cg_iter it = cg_entity_provs(g, e); cg_iter_next_prov(g, &it, &p); i++) {
		ck_assert_str_eq(p.file, provs[i].file);
		ck_assert_int_eq(p.line, provs[i].line);
		ck_assert_str_eq(p.local_id, provs[i].local_id);
		ck_assert_uint_eq(p.flags & CG_PF_REFERENCE, provs[i].flags);
		if (first[i])
			ck_assert_str_eq(p.first_seen, first[i]);
		else
			ck_assert_ptr_null(p.first_seen);
		if (last[i])
			ck_assert_str_eq(p.last_seen, last[i]);
		else
			ck_assert_ptr_null(p.last_seen);
	}
	ck_assert_int_eq(i, 4);
}
END_TEST

START_TEST(sealed_graph_reads_and_refuses_additions)
{
	cg_add_result how;
	char before[512], after[512];
	cg_eid a = ok_ent("email", "ops@harbor-quill.example", "alpha", "e1", 3, NULL, 0, &how);
	cg_eid b = ok_ent("person", "Orla Venn", "alpha", "p1", 4, NULL, 0, &how);
	cg_link_rec lr = CG_LINK_REC_INIT;
	cg_prov prov = {"links.csv", 2, "alpha", NULL, NULL, 0, NULL, NULL};
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_error err;
	cg_lid l;

	lr.type = "uses";
	lr.source = b;
	lr.target = a;
	lr.prov = &prov;
	lr.n_prov = 1;
	ck_assert_int_eq(cg_graph_add_link(g, &lr, &l, NULL, &err), 0);
	join_provs(cg_entity_provs(g, a), before, sizeof before);
	size_t bytes = cg_graph_memory(g);
	/* hints of lookups by local id change and answer nothing */
	for (int step = 0; step < 3; step++) {
		cg_graph_prefetch_local(g, " alpha", "p1 ", step);
		cg_graph_prefetch_local(g, "alpha", "no such id", step);
		cg_graph_prefetch_local(g, "", "", step);
	}
	ck_assert_uint_eq(cg_graph_memory(g), bytes);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	cg_graph_seal(g);
	ck_assert_uint_lt(cg_graph_memory(g), bytes);
	/* reading and lookups as before */
	ck_assert_str_eq(join_provs(cg_entity_provs(g, a), after, sizeof after), before);
	/* reading names and properties does not bring back the indexes the
	 * seal freed (the string pool's by text, the ids'): memory stays */
	size_t sealed_bytes = cg_graph_memory(g);
	ck_assert_str_eq(cg_entity_name(g, b), "Orla Venn");
	ck_assert_ptr_null(cg_entity_prop(g, b, "dob"));
	ck_assert_uint_eq(cg_graph_memory(g), sealed_bytes);
	/* nor does a hint of a lookup by local id, at any step */
	for (int step = 0; step < 3; step++)
		cg_graph_prefetch_local(g, "alpha", "p1", step);
	ck_assert_uint_eq(cg_graph_memory(g), sealed_bytes);
	/* lookups by text rebuild them */
	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p1"), b);
	ck_assert_uint_gt(cg_graph_memory(g), sealed_bytes);
	ck_assert_uint_eq(cg_graph_find_id(g, cg_entity_id(g, a)), a);
	ck_assert_uint_eq(cg_graph_find_id(g, cg_entity_id(g, b)), b);
	ck_assert_uint_eq(cg_graph_find_id(g, "person:no such id"), CG_NO_ENTITY);
	ck_assert_uint_eq(cg_graph_link_count(g), 1);
	/* adding is refused and changes nothing */
	rec.type = "email";
	rec.name = "new@harbor-quill.example";
	rec.prov = &prov;
	rec.n_prov = 1;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, NULL, NULL, &err), CG_EINVAL);
	ck_assert_str_eq(err.message, "the graph is closed to additions (cg_graph_seal)");
	ck_assert_int_eq(cg_graph_add_link(g, &lr, NULL, NULL, &err), CG_EINVAL);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	ck_assert_uint_eq(cg_graph_link_count(g), 1);
}
END_TEST

START_TEST(add_entity_different_names_become_aliases)
{
	cg_add_result how;
	char buf[512];
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	const char *aliases[] = {"O. Venn", "Orla Venn", " Venny ", "O. Venn"};
	cg_prov prov = {"n.csv", 4, "alpha", "p1", NULL, 0, NULL, NULL};
	cg_error err;
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", "p1", 2, NULL, 0, &how), e;

	ok_ent("person", "ORLA VENN", "alpha", "p1", 3, NULL, 0, &how);
	rec.type = "person";
	rec.name = "Orla Venn";
	rec.aliases = aliases;
	rec.n_aliases = 4;
	rec.prov = &prov;
	rec.n_prov = 1;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, &how, &err), 0);
	ck_assert_uint_eq(e, a);
	/* the first name stays the display name; others are aliases, once,
	 * trimmed, and the display name is never its own alias */
	ck_assert_str_eq(cg_entity_name(g, a), "Orla Venn");
	ck_assert_str_eq(join_strs(cg_entity_aliases(g, a), buf, sizeof buf),
	                 "ORLA VENN|O. Venn|Venny");
}
END_TEST

START_TEST(add_entity_roles_lower_cased_and_unique)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	const char *r1[] = {"Facilitator", "Registered Agent"};
	const char *r2[] = {"facilitator", "front"};
	cg_prov prov = {"n.csv", 2, "alpha", "p1", NULL, 0, NULL, NULL};
	cg_error err;
	cg_eid e;
	cg_add_result how;
	char buf[256];

	rec.type = "person";
	rec.name = "Orla Venn";
	rec.roles = r1;
	rec.n_roles = 2;
	rec.prov = &prov;
	rec.n_prov = 1;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, &how, &err), 0);
	rec.roles = r2;
	prov.line = 3;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, &how, &err), 0);
	ck_assert_str_eq(join_strs(cg_entity_roles(g, e), buf, sizeof buf),
	                 "facilitator|registered_agent|front");
}
END_TEST

START_TEST(add_entity_props_union_without_duplicates)
{
	cg_add_result how;
	char buf[512];
	cg_prop p1[] = {{"note", "hosts laptops"}, {"Phone Model", "X1"}};
	cg_prop p2[] = {{"note", "hosts laptops"},
	                {"note", "signs parcels"},
	                {"phone_model", " X1 "},
	                {"empty", "  "}};
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", "p1", 2, p1, NPROPS(p1), &how);
	cg_eid b = ok_ent("person", "Orla Venn", "alpha", "p1", 3, p2, NPROPS(p2), &how);

	ck_assert_uint_eq(a, b);
	/* names lower-cased with '_', values trimmed, empty values dropped */
	ck_assert_str_eq(join_props(cg_entity_props(g, a), buf, sizeof buf),
	                 "note=hosts laptops;phone_model=X1;note=signs parcels");
	ck_assert_str_eq(cg_entity_prop(g, a, "note"), "hosts laptops");
	ck_assert_ptr_null(cg_entity_prop(g, a, "empty"));
	ck_assert_ptr_null(cg_entity_prop(g, a, "no_such_property"));
}
END_TEST

START_TEST(add_entity_dates_normalised)
{
	cg_add_result how;
	cg_prop p[] = {{"dob", "01 Jan 1970"},
	               {"start_date", "2023/03/05"},
	               {"end_date", "March 9, 2024"},
	               {"incorporation_date", "20210704"}};
	cg_eid e = ok_ent("person", "Orla Venn", "alpha", "p1", 2, p, NPROPS(p), &how);

	ck_assert_str_eq(cg_entity_prop(g, e, "dob"), "1970-01-01");
	ck_assert_str_eq(cg_entity_prop(g, e, "start_date"), "2023-03-05");
	ck_assert_str_eq(cg_entity_prop(g, e, "end_date"), "2024-03-09");
	ck_assert_str_eq(cg_entity_prop(g, e, "incorporation_date"), "2021-07-04");
	ck_assert_str_eq(cg_entity_id(g, e), "person:orla venn|dob:1970-01-01");
}
END_TEST

START_TEST(add_entity_bad_date_rejected)
{
	cg_add_result how;
	cg_error err;
	cg_eid e;
	cg_prop p[] = {{"dob", "2024-02-30"}};
	int rc = add_ent("person", "Orla Venn", "alpha", "p1", 2, p, 1, &e, &how, &err);

	ASSERT_REJECTED(rc, err, CG_EPARSE,
	                "bad date in 'dob': '2024-02-30': no such day in that month", 0);
	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p1"), CG_NO_ENTITY);
	/* a synonym is reported under its canonical name */
	cg_prop q[] = {{"Birth Date", "12/03/1990"}};
	rc = add_ent("person", "Orla Venn", "alpha", "p1", 2, q, 1, &e, &how, &err);
	ck_assert_int_eq(rc, CG_EPARSE);
	ck_assert_msg(strncmp(err.message, "bad date in 'dob': '12/03/1990': ", 33) == 0,
	              "message: %s", err.message);
}
END_TEST

START_TEST(add_entity_countries_normalised)
{
	cg_add_result how;
	cg_prop p[] = {{"nationality", "North Korea"},
	               {"country", "united states"},
	               {"citizenship", "DPRK"},
	               {"jurisdiction", "Atlantis"}};
	cg_eid e = ok_ent("person", "Orla Venn", "alpha", "p1", 2, p, NPROPS(p), &how);
	char buf[512];

	ck_assert_str_eq(cg_entity_prop(g, e, "nationality"), "KP");
	ck_assert_str_eq(cg_entity_prop(g, e, "country"), "US");
	/* an unrecognised country is kept as written */
	ck_assert_str_eq(cg_entity_prop(g, e, "jurisdiction"), "Atlantis");
	/* citizenship is nationality: the value KP is not repeated */
	ck_assert_str_eq(join_props(cg_entity_props(g, e), buf, sizeof buf),
	                 "nationality=KP;country=US;jurisdiction=Atlantis");
}
END_TEST

START_TEST(add_entity_invalid_iban_flagged)
{
	cg_add_result how;
	cg_prop p[] = {{"iban", IBAN_BAD}};
	cg_eid e = ok_ent("bank_account", "Westbay checking", "alpha", "b1", 2, p, 1, &how);

	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_eq(cg_entity_flags(g, e) & CG_EF_INVALID_ID, CG_EF_INVALID_ID);
	ck_assert_str_eq(cg_entity_prop(g, e, "iban"), IBAN_BAD);
	/* kept as an account number, so the same text still merges */
	cg_prop q[] = {{"iban", "gb82west12345698765433"}};
	cg_eid f = ok_ent("bank_account", "other label", "beta", "b4", 5, q, 1, &how);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(e, f);
	/* and a valid IBAN is a different account */
	cg_prop r[] = {{"iban", IBAN_OK}};
	cg_eid h = ok_ent("bank_account", "Westbay checking", "beta", "b5", 6, r, 1, &how);
	ck_assert_uint_ne(h, e);
	ck_assert_uint_eq(cg_entity_flags(g, h), 0);
}
END_TEST

START_TEST(add_entity_invalid_email_flagged)
{
	cg_add_result how;
	cg_eid e = ok_ent("email", "not an address", "alpha", "e1", 2, NULL, 0, &how);

	ck_assert_uint_eq(cg_entity_flags(g, e) & CG_EF_INVALID_ID, CG_EF_INVALID_ID);
	ck_assert_str_eq(cg_entity_name(g, e), "not an address");
}
END_TEST

/* Invalid identifiers are keyed as written (issue 20 item 10): the IPs
 * 999.1.1.1 and 9991.1.1 are two entities (they were one, keyed by their
 * digits "999111"); the same invalid value written alike still merges. */
START_TEST(add_entity_invalid_identifiers_keyed_as_written)
{
	cg_add_result how;
	cg_eid a = ok_ent("ip", "999.1.1.1", "alpha", "i1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("ip", "9991.1.1", "beta", "i2", 3, NULL, 0, &how);
	cg_eid c, d, e;

	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_ne(a, b);
	ck_assert_uint_eq(cg_entity_flags(g, b) & CG_EF_INVALID_ID, CG_EF_INVALID_ID);
	c = ok_ent("ip", " 999.1.1.1 ", "gamma", "i3", 4, NULL, 0, &how);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(c, a);
	/* e-mails: punctuation matters, case does not */
	d = ok_ent("email", "ops-desk", "alpha", "e1", 5, NULL, 0, &how);
	e = ok_ent("email", "ops desk", "beta", "e2", 6, NULL, 0, &how);
	ck_assert_uint_ne(d, e);
	ck_assert_uint_eq(ok_ent("email", "OPS-DESK", "gamma", "e3", 7, NULL, 0, &how), d);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	/* a domain with a space is not the domain without it */
	ck_assert_uint_ne(ok_ent("domain", "exa mple.test", "alpha", "d1", 8, NULL, 0, &how),
	                  ok_ent("domain", "example.test", "alpha", "d2", 9, NULL, 0, &how));
}
END_TEST

START_TEST(add_entity_unknown_type_near_miss_rejected)
{
	cg_add_result how;
	cg_error err;
	cg_eid e;
	int rc = add_ent("persn", "Orla Venn", "alpha", "p1", 2, NULL, 0, &e, &how, &err);

	ASSERT_REJECTED(rc, err, CG_EPARSE, "unknown entity type 'persn' (did you mean 'person'?)",
	                0);
	/* the type is lower-cased before the check */
	rc = add_ent("Compny", "Harbor Quill", "alpha", "c1", 2, NULL, 0, &e, &how, &err);
	ASSERT_REJECTED(rc, err, CG_EPARSE,
	                "unknown entity type 'compny' (did you mean 'company'?)", 0);
}
END_TEST

START_TEST(add_entity_invalid_or_missing_type_rejected)
{
	cg_add_result how;
	cg_error err;
	cg_eid e;
	int rc = add_ent("9lives", "Orla Venn", "alpha", "p1", 2, NULL, 0, &e, &how, &err);

	ASSERT_REJECTED(rc, err, CG_EPARSE, "invalid entity type '9lives'", 0);
	rc = add_ent("", "Orla Venn", "alpha", "p1", 2, NULL, 0, &e, &how, &err);
	ASSERT_REJECTED(rc, err, CG_EPARSE, "missing entity type", 0);
	rc = add_ent(NULL, "Orla Venn", "alpha", "p1", 2, NULL, 0, &e, &how, &err);
	ASSERT_REJECTED(rc, err, CG_EPARSE, "missing entity type", 0);
}
END_TEST

START_TEST(add_entity_custom_type_kept)
{
	cg_add_result how;
	cg_eid a = ok_ent("vessel", "MV Grey Heron", "alpha", "v1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("Vessel", "mv grey heron", "beta", "v3", 2, NULL, 0, &how);

	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(a, b);
	ck_assert_str_eq(cg_entity_type_name(g, a), "vessel");
	ck_assert_int_eq(cg_entity_type_of(g, a), CG_ET_OTHER);
	ck_assert_str_eq(cg_entity_id(g, a), "vessel:mv grey heron");
}
END_TEST

START_TEST(add_entity_type_synonyms_canonical)
{
	cg_add_result how;
	cg_eid a = ok_ent("Organisation", "Greykite Collective", "alpha", "o1", 2, NULL, 0, &how);
	cg_eid b =
	    ok_ent("email address", "x@harbor-quill.example", "alpha", "e1", 3, NULL, 0, &how);

	ck_assert_str_eq(cg_entity_type_name(g, a), "organization");
	ck_assert_int_eq(cg_entity_type_of(g, a), CG_ET_ORGANIZATION);
	ck_assert_str_eq(cg_entity_type_name(g, b), "email");
}
END_TEST

START_TEST(add_entity_ids_are_type_and_key)
{
	cg_add_result how;
	cg_prop iban[] = {{"iban", IBAN_OK}};
	cg_prop pp[] = {{"passport", "ab-123 456"}};
	cg_eid a = ok_ent("email", "Ops@Harbor-Quill.example", "alpha", "e1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("bank_account", "acct", "alpha", "b1", 3, iban, 1, &how);
	cg_eid c = ok_ent("person", "Orla Venn", "alpha", "p1", 4, pp, 1, &how);
	cg_eid d = ok_ent("domain", "WWW.Harbor-Quill.Example.", "alpha", "d1", 5, NULL, 0, &how);

	ck_assert_str_eq(cg_entity_id(g, a), "email:ops@harbor-quill.example");
	ck_assert_str_eq(cg_entity_id(g, b), "bank_account:iban:" IBAN_OK_KEY);
	ck_assert_str_eq(cg_entity_id(g, c), "person:passport:AB123456");
	ck_assert_str_eq(cg_entity_id(g, d), "domain:harbor-quill.example");
}
END_TEST

START_TEST(add_entity_id_collision_gets_suffix)
{
	cg_add_result how;
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", "p1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("person", "Orla Venn", "alpha", "p2", 3, NULL, 0, &how);
	cg_eid c = ok_ent("person", "Orla Venn", "alpha", "p3", 4, NULL, 0, &how);

	ck_assert_str_eq(cg_entity_id(g, a), "person:orla venn");
	ck_assert_str_eq(cg_entity_id(g, b), "person:orla venn#2");
	ck_assert_str_eq(cg_entity_id(g, c), "person:orla venn#3");
	ck_assert_uint_eq(cg_graph_find_id(g, "person:orla venn#2"), b);
	ck_assert_uint_eq(cg_graph_find_id(g, "person:orla venn#3"), c);
}
END_TEST

/* An explicit (native) id must not duplicate an id already in the graph,
 * whatever the type: ids are unique. */
START_TEST(add_entity_native_id_never_duplicated)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	const char *keys[] = {"name:orla venn"};
	cg_prov prov = {"g.jsonl", 2, "alpha", "p1", NULL, 0, NULL, NULL};
	cg_error err;
	cg_add_result how;
	cg_eid e, other;
	int rc;

	other = ok_ent("person", "Orla Venn", "alpha", "p1", 2, NULL, 0, &how);
	/* a record claiming the person's id with another type */
	rec.id = "person:orla venn";
	rec.type = "vessel";
	rec.name = "Orla Venn";
	rec.keys = keys;
	rec.n_keys = 1;
	prov.case_name = "beta";
	rec.prov = &prov;
	rec.n_prov = 1;
	cg_error_clear(&err);
	rc = cg_graph_add_entity(g, &rec, &e, &how, &err);
	if (rc == 0) {
		ck_assert_uint_ne(e, other);
		ck_assert_str_ne(cg_entity_id(g, e), cg_entity_id(g, other));
	} else {
		ck_assert_int_eq(rc, CG_EPARSE);
	}
	ck_assert_uint_eq(cg_graph_find_id(g, "person:orla venn"), other);
}
END_TEST

START_TEST(add_entity_native_record_restores_id_keys_flags)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	const char *keys[] = {"name:orla venn", "custom:k1"};
	cg_prov prov = {"g.jsonl", 2, "alpha", "p1", "", CG_PF_NAME_ONLY, NULL, NULL};
	cg_error err;
	cg_add_result how;
	cg_eid e;
	char buf[256];

	rec.id = "person:orla venn#7";
	rec.type = "person";
	rec.name = "Orla Venn";
	rec.keys = keys;
	rec.n_keys = 2;
	rec.flags = CG_EF_NAME_ONLY | CG_EF_INVALID_ID;
	rec.prov = &prov;
	rec.n_prov = 1;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, &how, &err), 0);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_str_eq(cg_entity_id(g, e), "person:orla venn#7");
	ck_assert_uint_eq(cg_graph_find_id(g, "person:orla venn#7"), e);
	ck_assert_uint_eq(cg_entity_flags(g, e), CG_EF_NAME_ONLY | CG_EF_INVALID_ID);
	ck_assert_str_eq(join_strs(cg_entity_keys(g, e), buf, sizeof buf),
	                 "name:orla venn|custom:k1");
	/* the record's own flags and (empty) via are kept as given */
	ck_assert_str_eq(join_provs(cg_entity_provs(g, e), buf, sizeof buf),
	                 "g.jsonl:2:alpha:p1:-:1");
	/* the same id again merges */
	prov.line = 3;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, &how, &err), 0);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
}
END_TEST

START_TEST(add_entity_without_provenance_einval)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_error err;
	cg_eid e;
	cg_add_result how;

	rec.type = "person";
	rec.name = "Orla Venn";
	cg_error_clear(&err);
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, &how, &err), CG_EINVAL);
	ck_assert_int_eq(err.code, CG_EINVAL);
	ck_assert_str_eq(err.message, "record without provenance");
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
}
END_TEST

START_TEST(add_entity_empty_name_rejected)
{
	cg_error err;
	cg_eid e;
	cg_add_result how;
	int rc = add_ent("person", "   ", "alpha", "p1", 2, NULL, 0, &e, &how, &err);

	ASSERT_REJECTED(rc, err, CG_EPARSE, "empty name", 0);
	/* an identifier type may carry its value in a property instead */
	cg_prop p[] = {{"email", "Ops@Harbor-Quill.example"}};
	rc = add_ent("email", NULL, "alpha", "e1", 3, p, 1, &e, &how, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(cg_entity_name(g, e), "Ops@Harbor-Quill.example");
	ck_assert_str_eq(cg_entity_id(g, e), "email:ops@harbor-quill.example");
}
END_TEST

START_TEST(add_entity_invalid_utf8_rejected)
{
	cg_error err;
	cg_eid e;
	cg_add_result how;
	cg_prop p[] = {{"note", "caf\xc3"}};
	int rc = add_ent("person", "Orla \xff Venn", "alpha", "p1", 2, NULL, 0, &e, &how, &err);

	ASSERT_REJECTED(rc, err, CG_EPARSE, "invalid UTF-8 in name", 0);
	rc = add_ent("person", "Orla Venn", "alpha", "p1", 2, p, 1, &e, &how, &err);
	ASSERT_REJECTED(rc, err, CG_EPARSE, "invalid UTF-8 in property 'note'", 0);
}
END_TEST

START_TEST(add_entity_bad_provenance_einval)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov = {NULL, 2, "alpha", "p1", NULL, 0, NULL, NULL};
	cg_error err;
	cg_eid e;
	cg_add_result how;

	rec.type = "person";
	rec.name = "Orla Venn";
	rec.prov = &prov;
	rec.n_prov = 1;
	cg_error_clear(&err);
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, &how, &err), CG_EINVAL);
	ck_assert_str_eq(err.message, "bad provenance record");
	/* the documented promise: a bad record leaves the graph unchanged */
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
}
END_TEST

START_TEST(add_entity_how_may_be_null)
{
	cg_error err;
	cg_eid e = CG_NO_ENTITY;

	ck_assert_int_eq(
	    add_ent("email", "a@harbor-quill.example", "alpha", "e1", 2, NULL, 0, &e, NULL, &err),
	    0);
	ck_assert_uint_eq(e, 0);
}
END_TEST

/* ================= cg_graph_find_local ================= */

START_TEST(find_local_finds_by_case_and_id)
{
	cg_add_result how;
	cg_eid a = ok_ent("person", "Orla Venn", "alpha", "p1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("person", "Tamsin Roe", "beta", "p1", 2, NULL, 0, &how);

	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p1"), a);
	ck_assert_uint_eq(cg_graph_find_local(g, "beta", "p1"), b);
	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p2"), CG_NO_ENTITY);
	ck_assert_uint_eq(cg_graph_find_local(g, "gamma", "p1"), CG_NO_ENTITY);
	/* strings that exist in the graph but not as a (case, id) pair */
	ck_assert_uint_eq(cg_graph_find_local(g, "p1", "alpha"), CG_NO_ENTITY);
	ck_assert_uint_eq(cg_graph_find_local(g, "", "p1"), CG_NO_ENTITY);
}
END_TEST

START_TEST(find_local_ids_are_trimmed)
{
	cg_add_result how;
	cg_eid a = ok_ent("person", "Orla Venn", " alpha ", " p1\t", 2, NULL, 0, &how);

	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p1"), a);
}
END_TEST

START_TEST(find_local_after_merge_finds_both_ids)
{
	cg_add_result how;
	cg_eid a = ok_ent("email", "ops@harbor-quill.example", "alpha", "e1", 2, NULL, 0, &how);
	ok_ent("email", "OPS@harbor-quill.example", "beta", "e5", 2, NULL, 0, &how);

	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "e1"), a);
	ck_assert_uint_eq(cg_graph_find_local(g, "beta", "e5"), a);
}
END_TEST

/* ================= cg_graph_find_id ================= */

START_TEST(find_id_finds_stable_id)
{
	cg_add_result how;
	cg_eid a = ok_ent("email", "ops@harbor-quill.example", "alpha", "e1", 2, NULL, 0, &how);
	cg_eid b = ok_ent("company", "Harbor Quill LLC", "alpha", "c1", 3, NULL, 0, &how);

	ck_assert_uint_eq(cg_graph_find_id(g, "email:ops@harbor-quill.example"), a);
	ck_assert_uint_eq(cg_graph_find_id(g, "company:harbor quill"), b);
	ck_assert_uint_eq(cg_graph_find_id(g, "company:harbor quill llc"), CG_NO_ENTITY);
	ck_assert_uint_eq(cg_graph_find_id(g, "ops@harbor-quill.example"), CG_NO_ENTITY);
	ck_assert_uint_eq(cg_graph_find_id(g, ""), CG_NO_ENTITY);
}
END_TEST

/* ================= cg_graph_add_link ================= */

static cg_eid la, lb, lc;

static void link_setup(void)
{
	cg_add_result how;

	setup();
	la = ok_ent("company", "Harbor Quill LLC", "alpha", "c1", 2, NULL, 0, &how);
	lb = ok_ent("bank_account", "Westbay 0001", "alpha", "b1", 3, NULL, 0, &how);
	lc = ok_ent("person", "Orla Venn", "alpha", "p1", 4, NULL, 0, &how);
}

static int add_lnk(const char *type, cg_eid s, cg_eid t, int directed, const char *amount,
                   const char *currency, const cg_prop *props, size_t np, long line, cg_lid *out,
                   cg_add_result *how, cg_error *err)
{
	cg_link_rec rec = CG_LINK_REC_INIT;
	cg_prov prov = {"links.csv", line, "alpha", NULL, NULL, 0, NULL, NULL};

	rec.type = type;
	rec.source = s;
	rec.target = t;
	rec.directed = directed;
	rec.amount = amount;
	rec.currency = currency;
	rec.props = props;
	rec.n_props = np;
	rec.prov = &prov;
	rec.n_prov = 1;
	cg_error_clear(err);
	return cg_graph_add_link(g, &rec, out, how, err);
}

static cg_lid ok_lnk(const char *type, cg_eid s, cg_eid t, int directed, const char *amount,
                     const char *currency, const cg_prop *props, size_t np, long line,
                     cg_add_result *how)
{
	cg_error err;
	cg_lid l = UINT32_MAX;
	int rc = add_lnk(type, s, t, directed, amount, currency, props, np, line, &l, how, &err);

	ck_assert_msg(rc == 0, "add_link(%s) failed: %d %s", type, rc, err.message);
	ck_assert_uint_lt(l, cg_graph_link_count(g));
	return l;
}

START_TEST(add_link_creates_link)
{
	cg_add_result how = CG_ADD_RESULT_COUNT;
	cg_lid l = ok_lnk("holds_account", la, lb, -1, NULL, NULL, NULL, 0, 2, &how);
	int64_t minor = 0;
	const char *cur = NULL;

	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_eq(l, 0);
	ck_assert_uint_eq(cg_graph_link_count(g), 1);
	ck_assert_str_eq(cg_link_type_name(g, l), "holds_account");
	ck_assert_int_eq(cg_link_type_of(g, l), CG_LT_HOLDS_ACCOUNT);
	ck_assert_uint_eq(cg_link_source(g, l), la);
	ck_assert_uint_eq(cg_link_target(g, l), lb);
	ck_assert_int_eq(cg_link_amount(g, l, &minor, &cur), 0);
}
END_TEST

START_TEST(add_link_accepts_null_out)
{
	cg_error err;
	cg_add_result how = CG_ADD_RESULT_COUNT;

	ck_assert_int_eq(
	    add_lnk("holds_account", la, lb, -1, NULL, NULL, NULL, 0, 2, NULL, &how, &err), 0);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_int_eq(
	    add_lnk("holds_account", la, lb, -1, NULL, NULL, NULL, 0, 3, NULL, NULL, &err), 0);
	ck_assert_uint_eq(cg_graph_link_count(g), 1);
}
END_TEST

START_TEST(add_link_default_direction_per_type)
{
	cg_add_result how;

	ck_assert_int_eq(
	    cg_link_directed(g, ok_lnk("pays", la, lb, -1, NULL, NULL, NULL, 0, 2, &how)), 1);
	ck_assert_int_eq(
	    cg_link_directed(g, ok_lnk("owns", lc, la, -1, NULL, NULL, NULL, 0, 3, &how)), 1);
	ck_assert_int_eq(
	    cg_link_directed(g, ok_lnk("associate_of", lc, la, -1, NULL, NULL, NULL, 0, 4, &how)),
	    0);
	ck_assert_int_eq(
	    cg_link_directed(g, ok_lnk("family_of", lc, lb, -1, NULL, NULL, NULL, 0, 5, &how)), 0);
	/* unknown link types are directed */
	ck_assert_int_eq(
	    cg_link_directed(g, ok_lnk("ships_to", la, lc, -1, NULL, NULL, NULL, 0, 6, &how)), 1);
	/* a record may say otherwise */
	ck_assert_int_eq(
	    cg_link_directed(g, ok_lnk("pays", lb, la, 0, NULL, NULL, NULL, 0, 7, &how)), 0);
	ck_assert_int_eq(
	    cg_link_directed(g, ok_lnk("related_to", lb, la, 1, NULL, NULL, NULL, 0, 8, &how)), 1);
	ck_assert_uint_eq(cg_graph_link_count(g), 7);
}
END_TEST

START_TEST(add_link_amount_in_minor_units)
{
	cg_add_result how;
	int64_t minor = 0;
	const char *cur = NULL;
	cg_lid l1 = ok_lnk("pays", la, lb, -1, "12,500.50", "usd", NULL, 0, 2, &how);
	cg_lid l2 = ok_lnk("pays", la, lb, -1, "1500", "JPY", NULL, 0, 3, &how);
	cg_lid l3 = ok_lnk("pays", la, lb, -1, " 0.125 ", " KWD ", NULL, 0, 4, &how);
	cg_lid l4 = ok_lnk("pays", la, lb, -1, "-7.5", "EUR", NULL, 0, 5, &how);

	ck_assert_int_eq(cg_link_amount(g, l1, &minor, &cur), 1);
	ck_assert_int_eq(minor, 1250050);
	ck_assert_str_eq(cur, "USD");
	ck_assert_int_eq(cg_link_amount(g, l2, &minor, &cur), 1);
	ck_assert_int_eq(minor, 1500);
	ck_assert_str_eq(cur, "JPY");
	ck_assert_int_eq(cg_link_amount(g, l3, &minor, &cur), 1);
	ck_assert_int_eq(minor, 125);
	ck_assert_str_eq(cur, "KWD");
	ck_assert_int_eq(cg_link_amount(g, l4, &minor, &cur), 1);
	ck_assert_int_eq(minor, -750);
	ck_assert_str_eq(cur, "EUR");
	ck_assert_uint_eq(cg_graph_link_count(g), 4);
}
END_TEST

START_TEST(add_link_bad_currency_rejected)
{
	cg_add_result how;
	cg_error err;
	cg_lid l;
	int rc = add_lnk("pays", la, lb, -1, "100", "XYZ", NULL, 0, 2, &l, &how, &err);

	ck_assert_int_eq(rc, CG_EPARSE);
	ck_assert_int_eq(err.code, CG_EPARSE);
	ck_assert_str_eq(err.message, "unknown currency 'XYZ'");
	rc = add_lnk("pays", la, lb, -1, "100", NULL, NULL, 0, 2, &l, &how, &err);
	ck_assert_int_eq(rc, CG_EPARSE);
	ck_assert_str_eq(err.message, "amount '100' without a currency");
	rc = add_lnk("pays", la, lb, -1, "100", "  ", NULL, 0, 2, &l, &how, &err);
	ck_assert_int_eq(rc, CG_EPARSE);
	ck_assert_str_eq(err.message, "amount '100' without a currency");
	ck_assert_uint_eq(cg_graph_link_count(g), 0);
}
END_TEST

START_TEST(add_link_bad_amount_rejected)
{
	static const struct {
		const char *amount, *currency, *message;
	} cases[] = {
	    {"12.345", "USD", "bad amount '12.345': more decimals than the currency has"},
	    {"1.5", "JPY", "bad amount '1.5': more decimals than the currency has"},
	    {"1e5", "USD", "bad amount '1e5': exponents are not accepted in amounts"},
	    {"ten", "USD", "bad amount 'ten': not an amount"},
	    {"1,25", "EUR",
	     "bad amount '1,25': ambiguous decimal comma; write the amount as 1234.56"},
	    {"99999999999999999999", "USD",
	     "bad amount '99999999999999999999': amount out of range"},
	};
	cg_add_result how;
	cg_error err;
	cg_lid l;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = add_lnk("pays", la, lb, -1, cases[i].amount, cases[i].currency, NULL, 0, 2,
		                 &l, &how, &err);
		ck_assert_msg(rc == CG_EPARSE || rc == CG_ELIMIT, "%s: rc %d", cases[i].amount, rc);
		ck_assert_str_eq(err.message, cases[i].message);
	}
	ck_assert_uint_eq(cg_graph_link_count(g), 0);
}
END_TEST

START_TEST(add_link_bad_type_rejected)
{
	cg_add_result how;
	cg_error err;
	cg_lid l;
	int rc = add_lnk("Director_Off", la, lb, -1, NULL, NULL, NULL, 0, 2, &l, &how, &err);

	ck_assert_int_eq(rc, CG_EPARSE);
	ck_assert_str_eq(err.message,
	                 "unknown link type 'director_off' (did you mean 'director_of'?)");
	rc = add_lnk("", la, lb, -1, NULL, NULL, NULL, 0, 2, &l, &how, &err);
	ck_assert_int_eq(rc, CG_EPARSE);
	ck_assert_str_eq(err.message, "missing link type");
	ck_assert_uint_eq(cg_graph_link_count(g), 0);
}
END_TEST

START_TEST(add_link_equal_links_merge)
{
	cg_add_result how;
	char buf[256];
	cg_prop d1[] = {{"date", "2023-03-15"}};
	cg_prop d2[] = {{"Date", "15 Mar 2023"}};
	cg_lid a = ok_lnk("pays", la, lb, -1, "5312.40", "USD", d1, 1, 2, &how);
	cg_lid b;

	/* the same payment, written otherwise, from another source */
	cg_graph_begin_source(g);
	b = ok_lnk("pays", la, lb, -1, "5,312.4", "usd", d2, 1, 9, &how);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(cg_graph_link_count(g), 1);
	ck_assert_str_eq(join_provs(cg_link_provs(g, a), buf, sizeof buf),
	                 "links.csv:2:alpha:-:-:0;links.csv:9:alpha:-:-:0");
	/* the same row again (a third source) adds no provenance */
	cg_graph_begin_source(g);
	ok_lnk("pays", la, lb, -1, "5312.40", "USD", d1, 1, 2, &how);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(count_provs(cg_link_provs(g, a)), 2);
}
END_TEST

/* Repeated transactions are separate money (issue 20 item 10): equal
 * payments within one source are separate links; a later source's equal
 * payments merge with them in order, the n-th with the n-th; links without
 * an amount merge as before. */
START_TEST(add_link_repeated_payments_stay_separate)
{
	cg_add_result how;
	cg_prop d[] = {{"date", "2024-01-01"}};
	cg_lid l[3], m;

	for (int i = 0; i < 3; i++) {
		l[i] = ok_lnk("pays", la, lb, -1, "10", "USD", d, 1, 2 + i, &how);
		ck_assert_int_eq(how, CG_ADD_CREATED);
	}
	ck_assert_uint_ne(l[0], l[1]);
	ck_assert_uint_ne(l[1], l[2]);
	ck_assert_uint_eq(cg_graph_link_count(g), 3);
	/* a second source reports two of them: they merge with the first two */
	cg_graph_begin_source(g);
	for (int i = 0; i < 2; i++) {
		m = ok_lnk("pays", la, lb, -1, "10.00", "usd", d, 1, 20 + i, &how);
		ck_assert_int_eq(how, CG_ADD_MERGED);
		ck_assert_uint_eq(m, l[i]);
	}
	/* another amount or date in that source starts its own count */
	m = ok_lnk("pays", la, lb, -1, "11", "USD", d, 1, 30, &how);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_eq(cg_graph_link_count(g), 4);
	/* links without an amount merge within a source as before */
	m = ok_lnk("associate_of", la, lc, -1, NULL, NULL, NULL, 0, 40, &how);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_eq(ok_lnk("associate_of", la, lc, -1, NULL, NULL, NULL, 0, 41, &how), m);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	/* the money: 3 x 10 + 11 */
	int64_t total = 0;
	for (cg_lid k = 0; k < cg_graph_link_count(g); k++) {
		int64_t minor;
		const char *cur;
		if (cg_link_amount(g, k, &minor, &cur))
			total += minor;
	}
	ck_assert_int_eq(total, 4100);
}
END_TEST

START_TEST(add_link_undirected_reversed_ends_merge)
{
	cg_add_result how;
	cg_lid a = ok_lnk("associate_of", lc, la, -1, NULL, NULL, NULL, 0, 2, &how);
	cg_lid b = ok_lnk("associate_of", la, lc, -1, NULL, NULL, NULL, 0, 3, &how);

	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(a, b);
	/* directed links with reversed ends are two links */
	cg_lid c = ok_lnk("pays", la, lb, -1, NULL, NULL, NULL, 0, 4, &how);
	cg_lid d = ok_lnk("pays", lb, la, -1, NULL, NULL, NULL, 0, 5, &how);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_ne(c, d);
	ck_assert_uint_eq(cg_graph_link_count(g), 3);
}
END_TEST

START_TEST(add_link_different_amounts_do_not_merge)
{
	cg_add_result how;
	cg_lid a = ok_lnk("pays", la, lb, -1, "5312.40", "USD", NULL, 0, 2, &how);
	cg_lid b = ok_lnk("pays", la, lb, -1, "5312.41", "USD", NULL, 0, 3, &how);
	cg_lid c = ok_lnk("pays", la, lb, -1, "5312.40", "EUR", NULL, 0, 4, &how);
	cg_lid d = ok_lnk("pays", la, lb, -1, NULL, NULL, NULL, 0, 5, &how);

	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_ne(a, b);
	ck_assert_uint_ne(a, c);
	ck_assert_uint_ne(a, d);
	ck_assert_uint_eq(cg_graph_link_count(g), 4);
}
END_TEST

START_TEST(add_link_different_props_or_direction_do_not_merge)
{
	cg_add_result how;
	cg_prop n1[] = {{"note", "March payroll"}};
	cg_prop n2[] = {{"note", "April payroll"}};
	cg_prop n3[] = {{"note", "March payroll"}, {"memo", "x"}};
	cg_lid a = ok_lnk("pays", la, lb, -1, NULL, NULL, n1, 1, 2, &how);
	cg_lid b = ok_lnk("pays", la, lb, -1, NULL, NULL, n2, 1, 3, &how);
	cg_lid c = ok_lnk("pays", la, lb, -1, NULL, NULL, n3, 2, 4, &how);
	cg_lid d = ok_lnk("pays", la, lb, 0, NULL, NULL, n1, 1, 5, &how);
	cg_lid e = ok_lnk("owns", la, lb, -1, NULL, NULL, n1, 1, 6, &how);

	ck_assert_uint_ne(a, b);
	ck_assert_uint_ne(a, c);
	ck_assert_uint_ne(a, d);
	ck_assert_uint_ne(a, e);
	ck_assert_uint_eq(cg_graph_link_count(g), 5);
}
END_TEST

START_TEST(add_link_many_props_merge_equal_links_only)
{
	/* 3,000 properties: the same in another order merge, at a constant
	 * cost per property; one value changed or one property fewer do not */
	enum { NP = 3000 };
	static char names[NP][16], vals[NP][16];
	static cg_prop up[NP], down[NP];
	cg_add_result how;

	for (int i = 0; i < NP; i++) {
		snprintf(names[i], sizeof names[i], "p%04d", i);
		snprintf(vals[i], sizeof vals[i], "v%04d", i);
		up[i].name = down[NP - 1 - i].name = names[i];
		up[i].value = down[NP - 1 - i].value = vals[i];
	}
	cg_lid a = ok_lnk("pays", la, lb, -1, NULL, NULL, up, NP, 2, &how);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	graph_steps = 0;
	ck_assert_uint_eq(ok_lnk("pays", la, lb, -1, NULL, NULL, down, NP, 3, &how), a);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_le(graph_steps, (unsigned long long)NP * STEPS_PER_VALUE);
	down[NP / 2].value = "other";
	cg_lid b = ok_lnk("pays", la, lb, -1, NULL, NULL, down, NP, 4, &how);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	cg_lid c = ok_lnk("pays", la, lb, -1, NULL, NULL, up, NP - 1, 5, &how);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_ne(b, a);
	ck_assert_uint_ne(c, a);
	ck_assert_uint_ne(c, b);
	/* the changed one again merges with its like */
	ck_assert_uint_eq(ok_lnk("pays", la, lb, -1, NULL, NULL, down, NP, 6, &how), b);
	ck_assert_uint_eq(cg_graph_link_count(g), 3);
	cg_iter it = cg_link_props(g, a);
	const char *k, *v;
	int n = 0;
	for (; cg_iter_next_prop(g, &it, &k, &v); n++) {
		ck_assert_str_eq(k, names[n]);
		ck_assert_str_eq(v, vals[n]);
	}
	ck_assert_int_eq(n, NP);
}
END_TEST

START_TEST(add_link_end_out_of_range_einval)
{
	cg_add_result how;
	cg_error err;
	cg_lid l;
	int rc = add_lnk("pays", la, 3, -1, NULL, NULL, NULL, 0, 2, &l, &how, &err);

	ck_assert_int_eq(rc, CG_EINVAL);
	ck_assert_int_eq(err.code, CG_EINVAL);
	ck_assert_str_eq(err.message, "link end out of range");
	rc = add_lnk("pays", CG_NO_ENTITY, la, -1, NULL, NULL, NULL, 0, 2, &l, &how, &err);
	ck_assert_int_eq(rc, CG_EINVAL);
	ck_assert_uint_eq(cg_graph_link_count(g), 0);
}
END_TEST

START_TEST(add_link_without_provenance_einval)
{
	cg_link_rec rec = CG_LINK_REC_INIT;
	cg_error err;
	cg_lid l;
	cg_add_result how;

	rec.type = "pays";
	rec.source = la;
	rec.target = lb;
	cg_error_clear(&err);
	ck_assert_int_eq(cg_graph_add_link(g, &rec, &l, &how, &err), CG_EINVAL);
	ck_assert_str_eq(err.message, "record without provenance");
	ck_assert_uint_eq(cg_graph_link_count(g), 0);
}
END_TEST

START_TEST(add_link_props_normalised)
{
	cg_add_result how;
	char buf[256];
	cg_prop p[] = {{"Date", "5 April 2023"}, {"country", "north korea"}, {"note", " x "}};
	cg_lid l = ok_lnk("pays", la, lb, -1, NULL, NULL, p, NPROPS(p), 2, &how);
	cg_error err;
	cg_prop bad[] = {{"date", "2023-13-01"}};

	ck_assert_str_eq(join_props(cg_link_props(g, l), buf, sizeof buf),
	                 "date=2023-04-05;country=KP;note=x");
	ck_assert_int_eq(add_lnk("pays", la, lb, -1, NULL, NULL, bad, 1, 3, &l, &how, &err),
	                 CG_EPARSE);
	ck_assert_msg(strncmp(err.message, "bad date in 'date': '2023-13-01': ", 34) == 0, "%s",
	              err.message);
	ck_assert_uint_eq(cg_graph_link_count(g), 1);
}
END_TEST

/* ================= iterators ================= */

START_TEST(iterators_empty_lists_end_at_once)
{
	cg_add_result how;
	cg_eid e = ok_ent("person", "Orla Venn", "alpha", "p1", 2, NULL, 0, &how);
	cg_lid l = ok_lnk("related_to", e, e, -1, NULL, NULL, NULL, 0, 3, &how);
	const char *s, *t;
	cg_iter it;

	it = cg_entity_aliases(g, e);
	ck_assert_int_eq(cg_iter_next_str(g, &it, &s), 0);
	it = cg_entity_roles(g, e);
	ck_assert_int_eq(cg_iter_next_str(g, &it, &s), 0);
	it = cg_entity_props(g, e);
	ck_assert_int_eq(cg_iter_next_prop(g, &it, &s, &t), 0);
	it = cg_link_props(g, l);
	ck_assert_int_eq(cg_iter_next_prop(g, &it, &s, &t), 0);
	/* an exhausted iterator stays exhausted */
	it = cg_entity_keys(g, e);
	ck_assert_int_eq(cg_iter_next_str(g, &it, &s), 1);
	ck_assert_str_eq(s, "name:orla venn");
	ck_assert_int_eq(cg_iter_next_str(g, &it, &s), 0);
	ck_assert_int_eq(cg_iter_next_str(g, &it, &s), 0);
}
END_TEST

START_TEST(iterators_return_insertion_order)
{
	cg_add_result how;
	char buf[512];
	cg_prop p1[] = {{"passport", "X1234567"}, {"dob", "1983-11-02"}};
	cg_eid e = ok_ent("person", "Orla Venn", "alpha", "p1", 2, p1, 2, &how);
	cg_prop l1[] = {{"b", "2"}, {"a", "1"}, {"c", "3"}};
	cg_lid l = ok_lnk("owns", e, e, -1, NULL, NULL, l1, 3, 3, &how);

	/* keys strongest first */
	ck_assert_str_eq(join_strs(cg_entity_keys(g, e), buf, sizeof buf),
	                 "passport:X1234567|name:orla venn|dob:1983-11-02|name:orla venn");
	ck_assert_str_eq(join_props(cg_entity_props(g, e), buf, sizeof buf),
	                 "passport=X1234567;dob=1983-11-02");
	ck_assert_str_eq(join_props(cg_link_props(g, l), buf, sizeof buf), "b=2;a=1;c=3");
	ck_assert_str_eq(join_provs(cg_link_provs(g, l), buf, sizeof buf),
	                 "links.csv:3:alpha:-:-:0");
}
END_TEST

START_TEST(iterators_copies_are_independent)
{
	cg_add_result how;
	const char *a, *b;
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	const char *al[] = {"A1", "A2"};
	cg_prov prov = {"n.csv", 2, "alpha", "p1", NULL, 0, NULL, NULL};
	cg_error err;
	cg_eid e;

	(void)how;
	rec.type = "person";
	rec.name = "Orla Venn";
	rec.aliases = al;
	rec.n_aliases = 2;
	rec.prov = &prov;
	rec.n_prov = 1;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, NULL, &err), 0);
	cg_iter i1 = cg_entity_aliases(g, e);
	ck_assert_int_eq(cg_iter_next_str(g, &i1, &a), 1);
	cg_iter i2 = i1;
	ck_assert_int_eq(cg_iter_next_str(g, &i1, &a), 1);
	ck_assert_int_eq(cg_iter_next_str(g, &i2, &b), 1);
	ck_assert_str_eq(a, "A2");
	ck_assert_str_eq(b, "A2");
	ck_assert_int_eq(cg_iter_next_str(g, &i1, &a), 0);
}
END_TEST

/* ================= flag strings ================= */

START_TEST(entity_flag_strings_round_trip)
{
	for (unsigned i = 0; i < CG_EF_FLAG_COUNT; i++) {
		const char *s = cg_entity_flag_to_string(1u << i);
		ck_assert_ptr_nonnull(s);
		ck_assert_uint_eq(cg_entity_flag_from_string(s), 1u << i);
	}
	ck_assert_str_eq(cg_entity_flag_to_string(CG_EF_NAME_ONLY), "name_only_merge");
	ck_assert_str_eq(cg_entity_flag_to_string(CG_EF_INVALID_ID), "invalid_identifier");
	ck_assert_ptr_null(cg_entity_flag_to_string(0));
	ck_assert_ptr_null(cg_entity_flag_to_string(1u << CG_EF_FLAG_COUNT));
	ck_assert_ptr_null(cg_entity_flag_to_string(CG_EF_NAME_ONLY | CG_EF_INVALID_ID));
	ck_assert_uint_eq(cg_entity_flag_from_string("no_such_flag"), 0);
	ck_assert_uint_eq(cg_entity_flag_from_string(""), 0);
}
END_TEST

/* ================= long lists ================= */

/* Counts a string list. */
static size_t count_strs(cg_iter it)
{
	const char *v;
	size_t n = 0;

	while (cg_iter_next_str(g, &it, &v))
		n++;
	return n;
}

/* Adds LONG_N aliases "alias NNNNN" (or, with props, LONG_N properties
 * note=vNNNNN) to person p1 in records of LONG_BATCH, in ascending order,
 * or descending when down is set; 1 in 7 records also carries roles. */
static cg_eid add_long(int down, int props)
{
	static char text[LONG_BATCH][32];
	const char *vals[LONG_BATCH], *roles[LONG_BATCH];
	cg_prop pr[LONG_BATCH];
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov = {"long.csv", 0, "alpha", "p1", NULL, 0, NULL, NULL};
	cg_error err;
	cg_eid e = CG_NO_ENTITY;

	rec.type = "person";
	rec.name = "Orla Venn";
	rec.prov = &prov;
	rec.n_prov = 1;
	for (int b = 0; b < LONG_N / LONG_BATCH; b++) {
		int batch = down ? LONG_N / LONG_BATCH - 1 - b : b;
		for (int k = 0; k < LONG_BATCH; k++) {
			int i = batch * LONG_BATCH + (down ? LONG_BATCH - 1 - k : k);
			snprintf(text[k], sizeof text[k], props ? "v%05d" : "alias %05d", i);
			vals[k] = roles[k] = text[k];
			pr[k].name = "note";
			pr[k].value = text[k];
		}
		rec.aliases = props ? NULL : vals;
		rec.n_aliases = props ? 0 : LONG_BATCH;
		rec.props = props ? pr : NULL;
		rec.n_props = props ? LONG_BATCH : 0;
		rec.roles = b % 7 == 0 ? roles : NULL;
		rec.n_roles = b % 7 == 0 ? LONG_BATCH : 0;
		prov.line = 2 + b;
		ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, NULL, &err), 0);
	}
	return e;
}

START_TEST(long_lists_aliases_stay_unique_in_order_at_constant_cost)
{
	/* the same 50k aliases twice, the second time in reverse: 50k
	 * aliases, in the order first given, each added at a constant cost
	 * (a scan of the whole list per alias read 3.75e9 cells) */
	graph_steps = 0;
	cg_eid e = add_long(0, 0);
	ck_assert_uint_eq(add_long(1, 0), e);
	ck_assert_uint_le(graph_steps, 2ull * LONG_N * STEPS_PER_VALUE);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_uint_eq(count_strs(cg_entity_aliases(g, e)), LONG_N);
	cg_iter it = cg_entity_aliases(g, e);
	const char *v;
	char want[32];
	for (int i = 0; cg_iter_next_str(g, &it, &v); i++) {
		snprintf(want, sizeof want, "alias %05d", i);
		ck_assert_str_eq(v, want);
	}
	/* roles: the records that carried them, each role once */
	ck_assert_uint_eq(count_strs(cg_entity_roles(g, e)), 8 * LONG_BATCH);
}
END_TEST

START_TEST(long_lists_props_stay_unique_in_order_at_constant_cost)
{
	graph_steps = 0;
	cg_eid e = add_long(0, 1);
	ck_assert_uint_eq(add_long(1, 1), e);
	ck_assert_uint_le(graph_steps, 2ull * LONG_N * STEPS_PER_VALUE);
	cg_iter it = cg_entity_props(g, e);
	const char *k, *v;
	char want[32];
	int n = 0;
	for (; cg_iter_next_prop(g, &it, &k, &v); n++) {
		snprintf(want, sizeof want, "v%05d", n);
		ck_assert_str_eq(k, "note");
		ck_assert_str_eq(v, want);
	}
	ck_assert_int_eq(n, LONG_N);
	/* a property looked up by name is its first value */
	ck_assert_str_eq(cg_entity_prop(g, e, "note"), "v00000");
	/* one more value goes to the end, an old one nowhere */
	cg_prop more[] = {{"note", "v49999"}, {"note", "last"}, {"Note", "v00017"}};
	cg_add_result how;
	ok_ent("person", "Orla Venn", "alpha", "p1", 9999, more, NPROPS(more), &how);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	it = cg_entity_props(g, e);
	for (n = 0; cg_iter_next_prop(g, &it, &k, &v); n++)
		;
	ck_assert_int_eq(n, LONG_N + 1);
	ck_assert_str_eq(v, "last");
}
END_TEST

START_TEST(long_lists_keys_stay_unique_when_shared)
{
	/* an entity with 3,000 identity keys (a native record's); its key
	 * cells' b changes as other entities come to share the key */
	enum { NK = 3000 };
	static char text[NK][32];
	const char *keys[NK];
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov = {"graph.jsonl", 1, "alpha", NULL, NULL, 0, NULL, NULL};
	cg_error err;
	cg_eid e1, e2, e3, e4;

	for (int i = 0; i < NK; i++) {
		snprintf(text[i], sizeof text[i], "email:k%04d@keys.example", i);
		keys[i] = text[i];
	}
	rec.type = "email";
	rec.name = "k0000@keys.example";
	rec.keys = keys;
	rec.n_keys = NK;
	rec.prov = &prov;
	rec.n_prov = 1;
	graph_steps = 0;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e1, NULL, &err), 0);
	ck_assert_uint_le(graph_steps, (unsigned long long)NK * STEPS_PER_VALUE);
	/* two entities of another saved graph share the last key: a chain */
	rec.keys = keys + NK - 1;
	rec.n_keys = 1;
	rec.restore_floor = 0;
	prov.line = 2;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e2, NULL, &err), 0);
	prov.line = 3;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e3, NULL, &err), 0);
	ck_assert_uint_ne(e2, e1);
	ck_assert_uint_ne(e3, e2);
	/* every key again, in reverse: merges into e1, adds no key */
	for (int i = 0; i < NK / 2; i++) {
		const char *t = keys[i];
		keys[i] = keys[NK - 1 - i];
		keys[NK - 1 - i] = t;
	}
	rec.keys = keys;
	rec.n_keys = NK;
	rec.restore_floor = CG_NO_ENTITY;
	prov.line = 4;
	graph_steps = 0;
	ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e4, NULL, &err), 0);
	ck_assert_uint_le(graph_steps, (unsigned long long)NK * STEPS_PER_VALUE);
	ck_assert_uint_eq(e4, e1);
	ck_assert_uint_eq(count_strs(cg_entity_keys(g, e1)), NK);
	ck_assert_uint_eq(count_strs(cg_entity_keys(g, e2)), 1);
	ck_assert_uint_eq(cg_graph_entity_count(g), 3);
}
END_TEST

/* ---- many entities of one name (issue 20: same-name entities) ---- */

#define SAME_N 20000 /* entities of one name */

/* Adds "John Smith" as a person in case kase with local id id (NULL for
 * none) at line; with native set, as a saved graph's record (its id and
 * keys given, restore_floor 0). Returns the entity, *how what happened. */
static cg_eid add_smith(const char *kase, const char *id, long line, const char *native,
                        const char *dob, cg_add_result *how)
{
	static const char *const keys[] = {"name:john smith"};
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov = {"nodes.csv", line, kase, id, NULL, 0, NULL, NULL};
	cg_prop props[] = {{"dob", dob}};
	cg_error err;
	cg_eid e = CG_NO_ENTITY;

	rec.type = "person";
	rec.name = "John Smith";
	rec.props = dob ? props : NULL;
	rec.n_props = dob ? 1 : 0;
	rec.prov = &prov;
	rec.n_prov = 1;
	if (native) {
		rec.id = native;
		rec.keys = keys;
		rec.n_keys = 1;
		rec.restore_floor = 0;
	}
	int rc = cg_graph_add_entity(g, &rec, &e, how, &err);
	ck_assert_msg(rc == 0, "line %ld: %s", line, err.message);
	return e;
}

START_TEST(same_name_one_case_distinct_ids_at_constant_cost)
{
	/* 20,000 people named John Smith, one case, distinct ids: 20,000
	 * entities, ids person:john smith, #2, #3 ...; each added at a
	 * constant cost (the id search, the key chain and the compatibility
	 * walk read 6e8 steps when each looked at every earlier one) */
	char id[32], want[48];
	cg_add_result how;

	graph_steps = 0;
	for (int i = 0; i < SAME_N; i++) {
		snprintf(id, sizeof id, "p%d", i);
		ck_assert_uint_eq(add_smith("alpha", id, i + 2, NULL, NULL, &how), (cg_eid)i);
		ck_assert_int_eq(how, CG_ADD_CREATED);
	}
	ck_assert_uint_le(graph_steps, (unsigned long long)SAME_N * STEPS_PER_VALUE);
	ck_assert_uint_eq(cg_graph_entity_count(g), SAME_N);
	ck_assert_str_eq(cg_entity_id(g, 0), "person:john smith");
	for (int i = 1; i < SAME_N; i += 997) {
		snprintf(want, sizeof want, "person:john smith#%d", i + 1);
		ck_assert_str_eq(cg_entity_id(g, (cg_eid)i), want);
	}
	/* the same ids again merge by id; a new one in another case merges
	 * into the first (name only) */
	ck_assert_uint_eq(add_smith("alpha", "p12345", 99999, NULL, NULL, &how), 12345);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(add_smith("beta", "q1", 2, NULL, NULL, &how), 0);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(cg_entity_flags(g, 0) & CG_EF_NAME_ONLY, CG_EF_NAME_ONLY);
}
END_TEST

START_TEST(same_name_across_cases_merges_at_constant_cost)
{
	/* 20,000 cases each with one John Smith: one entity, merged on the
	 * name alone, each record at a constant cost (the compatibility check
	 * scanned the entity's whole provenance) */
	char kase[32];
	cg_add_result how;

	graph_steps = 0;
	for (int i = 0; i < SAME_N; i++) {
		snprintf(kase, sizeof kase, "case%d", i);
		ck_assert_uint_eq(add_smith(kase, "p1", 2, NULL, NULL, &how), 0);
	}
	ck_assert_uint_le(graph_steps, (unsigned long long)SAME_N * STEPS_PER_VALUE);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_uint_eq(cg_graph_merge_count(g), SAME_N - 1);
	/* in a case it is in under p1, another id is another person; no id,
	 * or p1 itself, is the same */
	ck_assert_uint_eq(add_smith("case77", "p2", 3, NULL, NULL, &how), 1);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_eq(add_smith("case78", NULL, 3, NULL, NULL, &how), 0);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(add_smith("case79", "p1", 4, NULL, NULL, &how), 0);
	/* a new case with an id merges into the first, which it does not know */
	ck_assert_uint_eq(add_smith("new", "z9", 2, NULL, NULL, &how), 0);
	ck_assert_int_eq(how, CG_ADD_MERGED);
}
END_TEST

START_TEST(same_name_saved_graph_restores_at_constant_cost)
{
	/* a saved graph of 20,000 John Smiths of one case read back (the
	 * JSONL reader's records: id and keys given, one saved graph) */
	char id[32], native[48];
	cg_add_result how;

	graph_steps = 0;
	for (int i = 0; i < SAME_N; i++) {
		snprintf(id, sizeof id, "p%d", i);
		if (i)
			snprintf(native, sizeof native, "person:john smith#%d", i + 1);
		else
			snprintf(native, sizeof native, "person:john smith");
		ck_assert_uint_eq(add_smith("alpha", id, i + 2, native, NULL, &how), (cg_eid)i);
		ck_assert_int_eq(how, CG_ADD_CREATED);
		ck_assert_str_eq(cg_entity_id(g, (cg_eid)i), native);
	}
	ck_assert_uint_le(graph_steps, (unsigned long long)SAME_N * STEPS_PER_VALUE);
	/* one more of the case, not saved: the next free suffix */
	ck_assert_uint_eq(add_smith("alpha", "p-new", 2, NULL, NULL, &how), SAME_N);
	snprintf(native, sizeof native, "person:john smith#%d", SAME_N + 1);
	ck_assert_str_eq(cg_entity_id(g, SAME_N), native);
}
END_TEST

START_TEST(same_name_merge_targets_unchanged)
{
	/* which entity a same-name record merges into, step by step: the
	 * first of the name the record is compatible with */
	cg_add_result how;

	ck_assert_uint_eq(add_smith("alpha", "p1", 2, NULL, NULL, &how), 0);
	ck_assert_uint_eq(add_smith("alpha", "p2", 3, NULL, NULL, &how), 1);
	ck_assert_uint_eq(add_smith("alpha", "p3", 4, NULL, NULL, &how), 2);
	/* same local id: that entity */
	ck_assert_uint_eq(add_smith("alpha", "p2", 5, NULL, NULL, &how), 1);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	/* no local id in the case: the first */
	ck_assert_uint_eq(add_smith("alpha", NULL, 6, NULL, NULL, &how), 0);
	/* other cases: the first that does not know the case under another id */
	ck_assert_uint_eq(add_smith("beta", "q1", 2, NULL, NULL, &how), 0);
	ck_assert_uint_eq(add_smith("beta", "q2", 3, NULL, NULL, &how), 1);
	ck_assert_uint_eq(add_smith("beta", "q3", 4, NULL, NULL, &how), 2);
	ck_assert_uint_eq(add_smith("beta", "q4", 5, NULL, NULL, &how), 3);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	ck_assert_uint_eq(add_smith("alpha", "p4", 7, NULL, NULL, &how), 3);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(add_smith("alpha", "p5", 8, NULL, NULL, &how), 4);
	ck_assert_int_eq(how, CG_ADD_CREATED);
	/* a date of birth: a new entity (no other has it), then one that
	 * conflicts skips it */
	ck_assert_uint_eq(add_smith("gamma", "r1", 2, NULL, "1970-01-02", &how), 0);
	ck_assert_uint_eq(add_smith("gamma", "r2", 3, NULL, "1980-05-06", &how), 1);
	ck_assert_uint_eq(add_smith("gamma", "r3", 4, NULL, "1970-01-02", &how), 0);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(cg_graph_entity_count(g), 5);
	ck_assert_str_eq(cg_entity_id(g, 4), "person:john smith#5");
	/* a long provenance list (past the scan): the same answers */
	char kase[32];
	for (int i = 0; i < 40; i++) {
		snprintf(kase, sizeof kase, "c%d", i);
		ck_assert_uint_eq(add_smith(kase, "x", 2, NULL, NULL, &how), 0);
	}
	ck_assert_uint_eq(add_smith("c17", "y", 3, NULL, NULL, &how), 1);
	ck_assert_uint_eq(add_smith("c17", "z", 3, NULL, NULL, &how), 2);
	ck_assert_uint_eq(add_smith("c17", "x", 4, NULL, NULL, &how), 0);
	ck_assert_uint_eq(add_smith("c17", NULL, 5, NULL, NULL, &how), 0);
	/* an id taken by a saved record is skipped by the suffixes */
	ck_assert_uint_eq(add_smith("delta", "s1", 2, "person:john smith#7", "1999-09-09", &how),
	                  5);
	ck_assert_uint_eq(add_smith("alpha", "p6", 9, NULL, "1990-01-01", &how), 6);
	ck_assert_str_eq(cg_entity_id(g, 6), "person:john smith|dob:1990-01-01");
	/* the saved record has no date the record conflicts with */
	ck_assert_uint_eq(add_smith("alpha", "p7", 10, NULL, NULL, &how), 5);
	ck_assert_int_eq(how, CG_ADD_MERGED);
	ck_assert_uint_eq(add_smith("alpha", "p8", 11, NULL, NULL, &how), 7);
	ck_assert_str_eq(cg_entity_id(g, 7), "person:john smith#6");
	ck_assert_uint_eq(add_smith("alpha", "p9", 12, NULL, NULL, &how), 8);
	ck_assert_str_eq(cg_entity_id(g, 8), "person:john smith#8");
	ck_assert_uint_eq(add_smith("alpha", "p10", 13, NULL, NULL, &how), 9);
	ck_assert_str_eq(cg_entity_id(g, 9), "person:john smith#9");
}
END_TEST

/* ================= scale ================= */

#define SCALE_N 200000u

/* Adding N distinct entities is O(N): this completes well within the
 * timeout if lookups are hashed (no timing assertion, only counts). */
START_TEST(add_entity_scale_200k_distinct)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov = {"bulk.csv", 0, "bulk", NULL, NULL, 0, NULL, NULL};
	char name[64], id[32];
	cg_error err;
	cg_eid e;
	cg_add_result how;
	size_t before;

	rec.type = "email";
	rec.name = name;
	rec.prov = &prov;
	rec.n_prov = 1;
	prov.local_id = id;
	for (unsigned i = 0; i < SCALE_N; i++) {
		snprintf(name, sizeof name, "worker%06u@bulk.example", i);
		snprintf(id, sizeof id, "e%u", i);
		prov.line = (long)i + 2;
		int rc = cg_graph_add_entity(g, &rec, &e, &how, &err);
		ck_assert_msg(rc == 0, "record %u: %s", i, err.message);
		ck_assert_msg(how == CG_ADD_CREATED && e == i, "record %u: how %d e %u", i, how, e);
	}
	ck_assert_uint_eq(cg_graph_entity_count(g), SCALE_N);
	ck_assert_uint_eq(cg_graph_merge_count(g), 0);
	ck_assert_uint_eq(cg_graph_find_local(g, "bulk", "e0"), 0);
	ck_assert_uint_eq(cg_graph_find_local(g, "bulk", "e199999"), 199999);
	ck_assert_uint_eq(cg_graph_find_id(g, "email:worker123456@bulk.example"), 123456);
	/* the same records again, upper case: all merge, nothing new */
	before = cg_graph_memory(g);
	for (unsigned i = 0; i < SCALE_N; i += 7) {
		snprintf(name, sizeof name, "WORKER%06u@BULK.EXAMPLE", i);
		snprintf(id, sizeof id, "e%u", i);
		prov.line = (long)i + 2;
		ck_assert_int_eq(cg_graph_add_entity(g, &rec, &e, &how, &err), 0);
		ck_assert_msg(how == CG_ADD_MERGED && e == i, "record %u: how %d e %u", i, how, e);
	}
	ck_assert_uint_eq(cg_graph_entity_count(g), SCALE_N);
	ck_assert_uint_eq(cg_graph_merge_count(g), (SCALE_N + 6) / 7);
	ck_assert_uint_ge(cg_graph_memory(g), before);
}
END_TEST

/* ---- cg_error_set (graph/cg_error.c) ---- */

START_TEST(error_set_escapes_what_a_terminal_acts_on)
{
	cg_error err;
	char buf[1200];

	/* an OSC title sequence, a C1 CSI, a right-to-left override, a line
	 * separator, invalid UTF-8; accents and CJK pass */
	cg_error_set(&err, CG_EPARSE, "ca\x1bse.csv", 3, 2, "invalid entity type '%s'",
	             "\x1b]0;owned\x07 \xC2\x9B"
	             "31m \xE2\x80\xAE \xE2\x80\xA8 \xFF Zo\xC3\xAB \xE5\x8C\x97");
	cg_error_format(&err, buf, sizeof buf);
	ck_assert_str_eq(buf,
	                 "ca\\x1bse.csv:3:2: invalid entity type '\\x1b]0;owned\\x07 \\u009b31m "
	                 "\\u202e \\u2028 \\xff Zo\xC3\xAB \xE5\x8C\x97'");
}
END_TEST

START_TEST(error_set_never_cuts_an_escape_or_a_character)
{
	char text[CG_ERROR_MSG_MAX + 8];
	cg_error err;
	size_t n;

	/* 509 bytes, then a control character whose escape does not fit */
	memset(text, 'a', 509);
	text[509] = '\x01';
	text[510] = '\0';
	cg_error_set(&err, CG_EPARSE, NULL, 0, 0, "%s", text);
	n = strlen(err.message);
	ck_assert_uint_eq(n, 509);
	/* a two-byte character that would straddle the end */
	memset(text, 'b', 510);
	memcpy(text + 510, "\xC3\xAB", 3);
	cg_error_set(&err, CG_EPARSE, NULL, 0, 0, "%s", text);
	ck_assert_uint_eq(strlen(err.message), 510);
}
END_TEST

/* ---- analyst judgements: the hook (cg_graph_set_judge) ---- */

static int judge_calls_added;
static char judge_seen_id[128];

/* Records of case "b" are judged different from entity 0. */
static int judge_apart_b(void *ctx, const cg_graph *gr, const cg_entity_rec *rec, cg_eid e)
{
	(void)ctx;
	(void)gr;
	return !(e == 0 && strcmp(rec->prov[0].case_name, "b") == 0);
}

/* A record named "Bob" is judged the same as entity 0 before resolving;
 * one that would make "person:robert" at creation. */
static cg_eid judge_same_bob(void *ctx, const cg_graph *gr, const cg_entity_rec *rec,
                             const char *id, const char **why)
{
	(void)ctx;
	(void)gr;
	if (id)
		snprintf(judge_seen_id, sizeof judge_seen_id, "%s", id);
	if ((!id && strcmp(rec->name, "Bob") == 0) || (id && strcmp(id, "person:robert") == 0)) {
		*why = id ? "judged at j.txt:2" : "judged at j.txt:1";
		return 0;
	}
	return CG_NO_ENTITY;
}

static int judge_added(void *ctx, const cg_graph *gr, const cg_entity_rec *rec, cg_eid e)
{
	(void)ctx;
	(void)gr;
	(void)rec;
	(void)e;
	judge_calls_added++;
	return 0;
}

START_TEST(judge_different_keeps_a_key_apart)
{
	cg_graph_judge j = {NULL, NULL, judge_apart_b, judge_added};
	cg_eid a, b, c;

	judge_calls_added = 0;
	cg_graph_set_judge(g, &j);
	a = ok_ent("email", "kim@example.com", "a", "e1", 2, NULL, 0, NULL);
	b = ok_ent("email", "KIM@example.com", "b", "e9", 3, NULL, 0, NULL);
	c = ok_ent("email", "kim@example.com", "c", "e4", 4, NULL, 0, NULL);
	ck_assert_uint_ne(a, b);
	ck_assert_str_eq(cg_entity_id(g, b), "email:kim@example.com#2");
	ck_assert_uint_eq(c, a); /* others still merge on the key */
	ck_assert_int_eq(judge_calls_added, 3);
	cg_graph_set_judge(g, NULL);
	ck_assert_uint_eq(ok_ent("email", "kim@example.com", "b", "e7", 5, NULL, 0, NULL), a);
}
END_TEST

START_TEST(judge_same_merges_with_its_provenance)
{
	cg_graph_judge j = {NULL, judge_same_bob, NULL, NULL};
	cg_eid a, b, r, c;
	cg_iter it;
	cg_prov p;

	cg_graph_set_judge(g, &j);
	a = ok_ent("person", "Robert Kim", "a", "p1", 2, NULL, 0, NULL);
	b = ok_ent("person", "Bob", "b", "p2", 3, NULL, 0, NULL);
	ck_assert_uint_eq(b, a);
	ck_assert_uint_eq(cg_entity_flags(g, a) & CG_EF_NAME_ONLY, 0);
	it = cg_entity_provs(g, a);
	ck_assert(cg_iter_next_prov(g, &it, &p) && !p.via);
	ck_assert(cg_iter_next_prov(g, &it, &p));
	ck_assert_str_eq(p.via, "judged at j.txt:1");
	/* asked again with the id a new entity would get */
	r = ok_ent("person", "Robert", "c", "p3", 4, NULL, 0, NULL);
	ck_assert_uint_eq(r, a);
	ck_assert_str_eq(judge_seen_id, "person:robert");
	/* a judged entity of another type is not merged into */
	c = ok_ent("company", "Bob", "d", "c1", 5, NULL, 0, NULL);
	ck_assert_uint_ne(c, a);
	ck_assert_str_eq(cg_entity_type_name(g, c), "company");
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
}
END_TEST

/* A judgement that puts a case's local id on a second entity: the index of
 * local ids says the last, and cg_graph_seal keeps it (rebuilt from the
 * records, it could not tell which came last). */
START_TEST(seal_keeps_local_ids_a_judgement_moved)
{
	cg_graph_judge j = {NULL, judge_same_bob, NULL, NULL};
	cg_eid robert, dana, bob;

	cg_graph_set_judge(g, &j);
	robert = ok_ent("person", "Robert Kim", "a", "p1", 2, NULL, 0, NULL);
	dana = ok_ent("person", "Dana Roe", "x", "q1", 3, NULL, 0, NULL);
	bob = ok_ent("person", "Bob", "x", "q1", 4, NULL, 0, NULL); /* judged: Robert Kim */
	ck_assert_uint_eq(bob, robert);
	ck_assert_uint_ne(dana, robert);
	ck_assert_uint_eq(cg_graph_find_local(g, "x", "q1"), robert);
	cg_graph_set_judge(g, NULL);
	cg_graph_seal(g);
	ck_assert_uint_eq(cg_graph_find_local(g, "x", "q1"), robert);
	ck_assert_uint_eq(cg_graph_find_local(g, "a", "p1"), robert);
}
END_TEST

/* cg_graph_match_entity on a sealed graph, before any lookup rebuilt the
 * indexes the seal dropped: a person record with the case and local id of
 * an entity matches it, as before the seal. */
static cg_eid match_person(const char *name, const char *kase, const char *local)
{
	cg_prov p = {"s.csv", 1, kase, local, NULL, 0, NULL, NULL};
	cg_entity_rec r = CG_ENTITY_REC_INIT;
	cg_error err;
	cg_eid e = CG_NO_ENTITY;
	const char *via;

	r.type = "person";
	r.name = name;
	r.prov = &p;
	r.n_prov = 1;
	ck_assert_int_eq(cg_graph_match_entity(g, &r, &e, &via, &err), 0);
	return e;
}

START_TEST(sealed_graph_matches_as_before)
{
	cg_eid a = ok_ent("person", "Kim Lee", "c", "p1", 2, NULL, 0, NULL);
	cg_eid b = ok_ent("person", "Kim Lee", "c", "p2", 3, NULL, 0, NULL);

	static const char *const q[][2] = {{"c", "p1"}, {"c", "p2"}, {"c", "p3"}, {"d", "p1"}};
	cg_eid before[4];

	ck_assert_uint_ne(a, b);
	for (int i = 0; i < 4; i++)
		before[i] = match_person("Kim Lee", q[i][0], q[i][1]);
	ck_assert_uint_eq(before[0], a);
	cg_graph_seal(g);
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(match_person("Kim Lee", q[i][0], q[i][1]), before[i]);
}
END_TEST

static Suite *graph_suite(void)
{
	Suite *s = suite_create("graph");
	TCase *tc;

	tc = tcase_create("new_free");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, new_graph_is_empty);
	tcase_add_test(tc, free_accepts_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("judge");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, judge_different_keeps_a_key_apart);
	tcase_add_test(tc, judge_same_merges_with_its_provenance);
	suite_add_tcase(s, tc);

	tc = tcase_create("add_entity");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, add_entity_creates_entity);
	tcase_add_test(tc, add_entity_email_case_merges);
	tcase_add_test(tc, add_entity_iban_spacing_merges);
	tcase_add_test(tc, add_entity_company_legal_forms_merge);
	tcase_add_test(tc, add_entity_legal_form_alone_is_not_stripped);
	tcase_add_test(tc, add_entity_same_local_id_in_case_merges);
	tcase_add_test(tc, add_entity_same_local_id_other_case_does_not_merge);
	tcase_add_test(tc, add_entity_byte_order_marks_trimmed_from_name_and_local_id);
	tcase_add_test(tc, add_entity_invalid_utf8_in_provenance_rejected);
	tcase_add_test(tc, add_entity_same_local_id_other_type_rejected);
	tcase_add_test(tc, add_entity_person_name_and_dob_merges);
	tcase_add_test(tc, add_entity_person_conflicting_dob_does_not_merge);
	tcase_add_test(tc, add_entity_person_conflicting_nationality_does_not_merge);
	tcase_add_test(tc, add_entity_person_name_only_across_cases_merges_and_flags);
	tcase_add_test(tc, add_entity_person_name_in_same_case_without_ids_is_flagged);
	tcase_add_test(tc, add_entity_one_source_two_ids_one_name_stay_two);
	tcase_add_test(tc, add_entity_one_source_two_ids_strong_key_merge);
	tcase_add_test(tc, add_entity_two_sources_one_company_name_merge_flagged);
	tcase_add_test(tc, add_entity_made_ids_do_not_keep_companies_apart);
	tcase_add_test(tc, add_entity_two_ids_same_name_one_case_do_not_merge);
	tcase_add_test(tc, add_entity_name_key_skips_incompatible_entity);
	tcase_add_test(tc, add_entity_company_conflicting_registration_does_not_merge);
	tcase_add_test(tc, add_entity_provenance_union);
	tcase_add_test(tc, add_entity_same_record_twice_keeps_one_provenance);
	tcase_add_test(tc, add_entity_long_provenance_lists_stay_unique);
	tcase_add_test(tc, add_entity_several_provenance_records_in_one_add);
	tcase_add_test(tc, provenance_keeps_each_records_flags_and_time_span);
	tcase_add_test(tc, sealed_graph_reads_and_refuses_additions);
	tcase_add_test(tc, seal_keeps_local_ids_a_judgement_moved);
	tcase_add_test(tc, sealed_graph_matches_as_before);
	tcase_add_test(tc, add_entity_different_names_become_aliases);
	tcase_add_test(tc, add_entity_roles_lower_cased_and_unique);
	tcase_add_test(tc, add_entity_props_union_without_duplicates);
	tcase_add_test(tc, add_entity_dates_normalised);
	tcase_add_test(tc, add_entity_bad_date_rejected);
	tcase_add_test(tc, add_entity_countries_normalised);
	tcase_add_test(tc, add_entity_invalid_iban_flagged);
	tcase_add_test(tc, add_entity_invalid_email_flagged);
	tcase_add_test(tc, add_entity_invalid_identifiers_keyed_as_written);
	tcase_add_test(tc, add_entity_unknown_type_near_miss_rejected);
	tcase_add_test(tc, add_entity_invalid_or_missing_type_rejected);
	tcase_add_test(tc, add_entity_custom_type_kept);
	tcase_add_test(tc, add_entity_type_synonyms_canonical);
	tcase_add_test(tc, add_entity_ids_are_type_and_key);
	tcase_add_test(tc, add_entity_id_collision_gets_suffix);
	tcase_add_test(tc, add_entity_native_id_never_duplicated);
	tcase_add_test(tc, add_entity_native_record_restores_id_keys_flags);
	tcase_add_test(tc, add_entity_without_provenance_einval);
	tcase_add_test(tc, add_entity_empty_name_rejected);
	tcase_add_test(tc, add_entity_invalid_utf8_rejected);
	tcase_add_test(tc, add_entity_bad_provenance_einval);
	tcase_add_test(tc, add_entity_how_may_be_null);
	tcase_add_test(tc, add_entity_scale_200k_distinct);
	suite_add_tcase(s, tc);

	tc = tcase_create("long_lists");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, long_lists_aliases_stay_unique_in_order_at_constant_cost);
	tcase_add_test(tc, long_lists_props_stay_unique_in_order_at_constant_cost);
	tcase_add_test(tc, long_lists_keys_stay_unique_when_shared);
	suite_add_tcase(s, tc);

	tc = tcase_create("same_name");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, same_name_one_case_distinct_ids_at_constant_cost);
	tcase_add_test(tc, same_name_across_cases_merges_at_constant_cost);
	tcase_add_test(tc, same_name_saved_graph_restores_at_constant_cost);
	tcase_add_test(tc, same_name_merge_targets_unchanged);
	suite_add_tcase(s, tc);

	tc = tcase_create("find_local");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, find_local_finds_by_case_and_id);
	tcase_add_test(tc, find_local_ids_are_trimmed);
	tcase_add_test(tc, find_local_after_merge_finds_both_ids);
	suite_add_tcase(s, tc);

	tc = tcase_create("find_id");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, find_id_finds_stable_id);
	suite_add_tcase(s, tc);

	tc = tcase_create("add_link");
	tcase_add_checked_fixture(tc, link_setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, add_link_creates_link);
	tcase_add_test(tc, add_link_accepts_null_out);
	tcase_add_test(tc, add_link_default_direction_per_type);
	tcase_add_test(tc, add_link_amount_in_minor_units);
	tcase_add_test(tc, add_link_bad_currency_rejected);
	tcase_add_test(tc, add_link_bad_amount_rejected);
	tcase_add_test(tc, add_link_bad_type_rejected);
	tcase_add_test(tc, add_link_equal_links_merge);
	tcase_add_test(tc, add_link_repeated_payments_stay_separate);
	tcase_add_test(tc, add_link_undirected_reversed_ends_merge);
	tcase_add_test(tc, add_link_different_amounts_do_not_merge);
	tcase_add_test(tc, add_link_different_props_or_direction_do_not_merge);
	tcase_add_test(tc, add_link_many_props_merge_equal_links_only);
	tcase_add_test(tc, add_link_end_out_of_range_einval);
	tcase_add_test(tc, add_link_without_provenance_einval);
	tcase_add_test(tc, add_link_props_normalised);
	suite_add_tcase(s, tc);

	tc = tcase_create("iterators");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, iterators_empty_lists_end_at_once);
	tcase_add_test(tc, iterators_return_insertion_order);
	tcase_add_test(tc, iterators_copies_are_independent);
	suite_add_tcase(s, tc);

	tc = tcase_create("entity_flag_strings");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, entity_flag_strings_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("error_set");
	tcase_add_test(tc, error_set_escapes_what_a_terminal_acts_on);
	tcase_add_test(tc, error_set_never_cuts_an_escape_or_a_character);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(graph_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
