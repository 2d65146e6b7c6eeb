/* Tests of render/: escaping for every output format with hostile names,
 * redaction, the DOT writer (collapse, cap, groups, legend, determinism),
 * golden DOT and Markdown files of the example briefing, Graphviz runs
 * (every DOT written here is laid out with dot -Tsvg when Graphviz is
 * installed), the exports (GraphML and GEXF well-formed with the expected
 * counts, CSV formulas neutralised, Neo4j headers, STIX read back) and the
 * round trips through JSONL and FollowTheMoney that keep every entity,
 * link and citation.
 *
 * CG_UPDATE_GOLDEN=1 rewrites the golden files in tests/data/render/. */
#include "cg_analysis.h"
#include "cg_components.h"
#include "cg_graph.h"
#include "cg_import.h"
#include "cg_render.h"
#include "cg_summary.h"
#include "testutil.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define DATE "2024-05-01"

static const char *const example_inputs[] = {
    "examples/front-company/nodes.csv", "examples/front-company/links.csv",
    "examples/laptop-farm/nodes.csv",   "examples/laptop-farm/links.csv",
    "examples/payroll/nodes.csv",       "examples/payroll/links.csv",
    "examples/payments/mapping.json",   "examples/misp-event.json",
    "examples/ftm-entities.json",
};
#define N_EXAMPLE (sizeof example_inputs / sizeof example_inputs[0])

/* ---- helpers ---- */

static const char *esc_dot(const char *s)
{
	static cg_strbuf sb;
	cg_strbuf_reset(&sb);
	ck_assert_int_eq(cg_dot_escape(&sb, s), 0);
	return cg_strbuf_cstr(&sb);
}

static char *slurp(const char *path)
{
	size_t n;
	char *s = tu_slurp(path, &n);
	ck_assert_msg(s != NULL, "cannot read %s", path);
	return s;
}

static int have_graphviz(void)
{
	static int state = -1;
	if (state < 0) {
		cg_strbuf sb = CG_STRBUF_INIT;
		cg_error err;
		state = cg_graphviz_find("dot", &sb, &err) == 0;
		cg_strbuf_free(&sb);
		if (!state)
			printf("skipped: Graphviz (dot) is not installed: DOT files are not laid "
			       "out\n");
	}
	return state;
}

/* Every DOT file the tests write goes through dot -Tsvg when Graphviz is
 * installed: it must lay out without an error. Returns the SVG (malloc'd)
 * or NULL when Graphviz is absent. */
static char *check_dot(const char *path)
{
	char svg[4200];
	cg_error err;

	if (!have_graphviz())
		return NULL;
	snprintf(svg, sizeof svg, "%s.svg", path);
	cg_error_clear(&err);
	ck_assert_msg(cg_graphviz_run("dot", "svg", path, svg, 10, 60, &err) == 0, "dot %s: %s",
	              path, tu_fmt_err(&err));
	return slurp(svg);
}

static cg_prov prov(const char *kase, long line, const char *id)
{
	cg_prov p;
	memset(&p, 0, sizeof p);
	p.file = "t.csv";
	p.line = line;
	p.case_name = kase;
	p.local_id = id;
	return p;
}

static cg_eid add(cg_graph *g, const char *kase, const char *id, const char *type, const char *name,
                  const char *role)
{
	static long line = 1;
	cg_entity_rec r = CG_ENTITY_REC_INIT;
	cg_prov p = prov(kase, ++line, id);
	cg_eid e;
	cg_error err;
	r.type = type;
	r.name = name;
	if (role) {
		r.roles = &role;
		r.n_roles = 1;
	}
	r.prov = &p;
	r.n_prov = 1;
	cg_error_clear(&err);
	ck_assert_msg(cg_graph_add_entity(g, &r, &e, NULL, &err) == 0, "%s", tu_fmt_err(&err));
	return e;
}

static void add_link(cg_graph *g, cg_eid a, cg_eid b, const char *type, const char *amount,
                     const char *kase)
{
	static long line = 1000;
	cg_link_rec r = CG_LINK_REC_INIT;
	cg_prov p = prov(kase, ++line, NULL);
	cg_error err;
	cg_lid l;
	r.type = type;
	r.source = a;
	r.target = b;
	r.amount = amount;
	r.currency = amount ? "USD" : NULL;
	r.prov = &p;
	r.n_prov = 1;
	cg_error_clear(&err);
	ck_assert_msg(cg_graph_add_link(g, &r, &l, NULL, &err) == 0, "%s", tu_fmt_err(&err));
}

/* Loads files into a new graph; per_file (may be NULL) gets the counts. */
static cg_graph *load(const char *const *paths, size_t n, cg_format *fmts,
                      cg_import_stats *per_file, const char *kase)
{
	cg_graph *g = cg_graph_new();
	cg_import_opts io = CG_IMPORT_OPTS_INIT;
	tu_diag_log log;
	cg_import *imp;
	cg_error err;

	memset(&log, 0, sizeof log);
	io.diag = tu_on_diag;
	io.diag_ctx = &log;
	io.case_name = kase;
	ck_assert_ptr_nonnull(g);
	imp = cg_import_new(g, &io);
	ck_assert_ptr_nonnull(imp);
	cg_error_clear(&err);
	ck_assert_msg(cg_import_files(imp, paths, n, fmts, per_file, &err) == 0, "%s",
	              tu_fmt_err(&err));
	cg_import_free(imp);
	for (size_t i = 0; i < log.n && i < TU_MAX_DIAGS; i++)
		ck_assert_msg(log.code[i] == CG_OK, "rejected: %s", log.text[i]);
	return g;
}

/* The example, read with paths relative to the source tree (as goldens
 * need them). */
static cg_graph *example(cg_format *fmts, cg_import_stats *per_file)
{
	ck_assert_int_eq(chdir(tu_source_root()), 0);
	return load(example_inputs, N_EXAMPLE, fmts, per_file, NULL);
}

/* Compares path with the golden file tests/data/render/<name>, or rewrites
 * the golden with CG_UPDATE_GOLDEN=1. */
static void golden(const char *path, const char *name)
{
	char gold[4200];
	snprintf(gold, sizeof gold, "%s/tests/data/render/%s", tu_source_root(), name);
	if (getenv("CG_UPDATE_GOLDEN")) {
		size_t n;
		char *s = tu_slurp(path, &n);
		ck_assert_ptr_nonnull(s);
		tu_write_file(gold, s, n);
		free(s);
		printf("updated %s\n", gold);
		return;
	}
	tu_assert_same_file(path, gold);
}

/* ---- escaping ---- */

START_TEST(dot_escape_hostile_names)
{
	ck_assert_str_eq(esc_dot("A\" -> \"B"), "A\\\" -> \\\"B");
	ck_assert_str_eq(esc_dot("<b>x</b>"), "<b>x</b>");
	ck_assert_str_eq(esc_dot("C:\\Network\\new"), "C:\\\\Network\\\\new");
	ck_assert_str_eq(esc_dot("\\N"), "\\\\N");
	ck_assert_str_eq(esc_dot("ends with \\"), "ends with \\\\");
	ck_assert_str_eq(esc_dot("two\nlines\r\n"), "two\\nlines\\n");
	ck_assert_str_eq(esc_dot("tab\there"), "tab here");
	ck_assert_str_eq(esc_dot("bell\a esc\x1b del\x7f"),
	                 "bell\xEF\xBF\xBD esc\xEF\xBF\xBD del\xEF\xBF\xBD");
	ck_assert_str_eq(esc_dot("bad \xff byte"), "bad \xEF\xBF\xBD byte");
	ck_assert_str_eq(esc_dot("overlong \xc0\xaf"), "overlong \xEF\xBF\xBD\xEF\xBF\xBD");
	ck_assert_str_eq(esc_dot("surrogate \xed\xa0\x80"),
	                 "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	ck_assert_str_eq(esc_dot("Kim \xea\xb9\x80 \xc3\xa9"), "Kim \xea\xb9\x80 \xc3\xa9");
	ck_assert_str_eq(esc_dot(NULL), "");
}
END_TEST

START_TEST(xml_csv_markdown_escape)
{
	cg_strbuf sb = CG_STRBUF_INIT;

	ck_assert_int_eq(cg_xml_escape(&sb, "<a href=\"x\">&'\x01\t\xff"), 0);
	ck_assert_str_eq(sb.buf,
	                 "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\xEF\xBF\xBD&#9;\xEF\xBF\xBD");
	cg_strbuf_reset(&sb);
	cg_csv_field(&sb, "=HYPERLINK(\"http://x\")", 1);
	ck_assert_str_eq(sb.buf, "\"'=HYPERLINK(\"\"http://x\"\")\"");
	cg_strbuf_reset(&sb);
	cg_csv_field(&sb, "+1 480", 1);
	cg_csv_field(&sb, "-2", 1);
	cg_csv_field(&sb, "@SUM", 1);
	cg_csv_field(&sb, "-2", 0);
	ck_assert_str_eq(sb.buf, "'+1 480'-2'@SUM-2");
	cg_strbuf_reset(&sb);
	cg_csv_field(&sb, "a,b\nc", 1);
	ck_assert_str_eq(sb.buf, "\"a,b\nc\"");
	cg_strbuf_reset(&sb);
	cg_md_escape(&sb, "[click](javascript:x) <script> *b* a|b & #1\n");
	ck_assert_str_eq(sb.buf,
	                 "\\[click\\](javascript\\:x) \\<script\\> \\*b\\* a\\|b &amp; \\#1 ");
	cg_strbuf_reset(&sb);
	cg_md_code(&sb, "a`b|c", 1);
	ck_assert_str_eq(sb.buf, "``a`b\\|c``");
	cg_strbuf_reset(&sb);
	cg_md_code(&sb, "`x", 0);
	ck_assert_str_eq(sb.buf, "`` `x ``");
	cg_strbuf_reset(&sb);
	cg_money_text(&sb, 1234567890, "USD");
	cg_strbuf_puts(&sb, " ");
	cg_money_text(&sb, -50, "USD");
	cg_strbuf_puts(&sb, " ");
	cg_money_text(&sb, 5000, "JPY");
	ck_assert_str_eq(sb.buf, "12,345,678.90 -0.50 5,000");
	cg_strbuf_free(&sb);
}
END_TEST

START_TEST(redact_names_and_identifiers)
{
	cg_graph *g = cg_graph_new();
	cg_strbuf sb = CG_STRBUF_INIT;
	char code[5], again[5];
	cg_eid p = add(g, "c", "p1", "person", "Dana-Marie Whitfield", NULL);
	cg_eid e = add(g, "c", "e1", "email", "dana.whitfield@mailbox.example", NULL);
	cg_eid ph = add(g, "c", "ph1", "phone", "+1 480-555-0134", NULL);
	cg_eid b = add(g, "c", "b1", "bank_account", "Desert Sun Bank 7730041862", NULL);
	cg_eid co = add(g, "c", "c1", "company", "Bluecrest LLC", NULL);

	cg_redact_code(cg_entity_id(g, p), code);
	cg_redact_code(cg_entity_id(g, p), again);
	ck_assert_str_eq(code, again);
	ck_assert_uint_eq(strlen(code), 4);
	cg_redact_name(&sb, g, p);
	ck_assert_msg(strncmp(sb.buf, "D.M.W. #", 8) == 0, "%s", sb.buf);
	ck_assert_ptr_null(strstr(sb.buf, "Whitfield"));
	cg_strbuf_reset(&sb);
	cg_redact_name(&sb, g, e);
	ck_assert_msg(strncmp(sb.buf, "d***@***.example #", 18) == 0, "%s", sb.buf);
	cg_strbuf_reset(&sb);
	cg_redact_name(&sb, g, ph);
	ck_assert_msg(strncmp(sb.buf, "+* ***-***-**34 #", 17) == 0, "%s", sb.buf);
	cg_strbuf_reset(&sb);
	cg_redact_name(&sb, g, b);
	ck_assert_msg(strncmp(sb.buf, "Desert Sun Bank ******1862 #", 28) == 0, "%s", sb.buf);
	cg_strbuf_reset(&sb);
	cg_redact_name(&sb, g, co);
	ck_assert_str_eq(sb.buf, "Bluecrest LLC");
	cg_strbuf_free(&sb);
	cg_graph_free(g);
}
END_TEST

START_TEST(uuid5_known_values)
{
	/* RFC 4122 DNS namespace; the value Python's uuid.uuid5 gives */
	static const unsigned char dns[16] = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
	                                      0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
	char out[37];
	cg_uuid5(dns, "python.org", 10, out);
	ck_assert_str_eq(out, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}
END_TEST

START_TEST(export_format_files_name_a_directory_s_files)
{
	ck_assert_str_eq(cg_export_format_file(CG_EXPORT_CSV, 0), "entities.csv");
	ck_assert_str_eq(cg_export_format_file(CG_EXPORT_CSV, 1), "links.csv");
	ck_assert_ptr_null(cg_export_format_file(CG_EXPORT_CSV, 2));
	ck_assert_str_eq(cg_export_format_file(CG_EXPORT_NEO4J, 0), "nodes-person.csv");
	ck_assert_str_eq(cg_export_format_file(CG_EXPORT_NEO4J, 39), "import.sh");
	ck_assert_str_eq(cg_export_format_file(CG_EXPORT_NEO4J, 40), "load.cypher");
	ck_assert_ptr_null(cg_export_format_file(CG_EXPORT_NEO4J, 41));
	/* single-file formats and values out of range have none */
	ck_assert_ptr_null(cg_export_format_file(CG_EXPORT_GEXF, 0));
	ck_assert_ptr_null(cg_export_format_file(CG_EXPORT_FORMAT_COUNT, 0));
	for (int i = 0; i < CG_EXPORT_FORMAT_COUNT; i++)
		ck_assert_int_eq(cg_export_format_is_dir((cg_export_format)i),
		                 cg_export_format_file((cg_export_format)i, 0) != NULL);
}
END_TEST

START_TEST(string_tables_round_trip)
{
	for (int i = 0; i < CG_GROUP_BY_COUNT; i++)
		ck_assert_int_eq(cg_group_by_from_string(cg_group_by_to_string((cg_group_by)i)), i);
	for (int i = 0; i < CG_SIZE_BY_COUNT; i++)
		ck_assert_int_eq(cg_size_by_from_string(cg_size_by_to_string((cg_size_by)i)), i);
	for (int i = 0; i < CG_EXPORT_FORMAT_COUNT; i++)
		ck_assert_int_eq(
		    cg_export_format_from_string(cg_export_format_to_string((cg_export_format)i)),
		    i);
	for (int i = 0; i < CG_DIAGRAM_COUNT; i++)
		ck_assert_ptr_nonnull(cg_diagram_kind_to_string((cg_diagram_kind)i));
	ck_assert_int_eq(cg_group_by_from_string("bogus"), CG_GROUP_BY_COUNT);
	ck_assert_ptr_null(cg_group_by_to_string(CG_GROUP_BY_COUNT));
	ck_assert_int_eq(cg_export_format_from_string(NULL), CG_EXPORT_FORMAT_COUNT);
	for (int t = 0; t < CG_ENTITY_TYPE_COUNT; t++)
		ck_assert_ptr_nonnull(cg_type_style_of((cg_entity_type)t)->shape);
	ck_assert_ptr_nonnull(cg_role_style_of(CG_ROLE_FACILITATOR));
	ck_assert_ptr_null(cg_role_style_of(CG_ROLE_OTHER));
}
END_TEST

/* ---- DOT ---- */

static char *write_dot(const cg_graph *g, const cg_dot_opts *o, const char *dir, const char *name,
                       cg_dot_stats *st)
{
	char path[4200];
	cg_error err;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	cg_error_clear(&err);
	ck_assert_msg(cg_dot_write_file(g, o, path, st, &err) == 0, "%s", tu_fmt_err(&err));
	char *svg = check_dot(path);
	free(svg);
	return slurp(path);
}

START_TEST(dot_hostile_names_render_as_text)
{
	char dir[4200];
	cg_graph *g = cg_graph_new();
	cg_eid a = add(g, "c", "a", "person", "A\" -> \"B", "facilitator");
	cg_eid b = add(g, "c", "b", "company", "<b>x</b>", "front");
	cg_eid c = add(g, "c", "c", "organization", "C:\\Network\\new \\N \\G \\L", NULL);
	cg_eid d = add(g, "c", "d", "person", "two\nlines\x01\x7f trailing\\", NULL);
	cg_eid e = add(g, "c", "e", "url", "javascript:alert(1)", NULL);
	add_link(g, a, b, "director_of", NULL, "c");
	add_link(g, b, c, "pays", "12500.50", "c");
	add_link(g, c, d, "related_to", NULL, "c");
	add_link(g, d, e, "uses", NULL, "c");
	cg_dot_opts o = CG_DOT_OPTS_INIT;
	o.title = "Title \"quoted\" <i>html</i> \\N";
	o.date = DATE;
	cg_dot_stats st;

	tu_mkdtemp(NULL, dir, sizeof dir);
	char *dot = write_dot(g, &o, dir, "hostile.dot", &st);
	/* quoted and escaped, never an HTML-like label, never a URL */
	ck_assert_ptr_nonnull(strstr(dot, "label=\"A\\\" -> \\\"B\""));
	ck_assert_ptr_nonnull(strstr(dot, "label=\"<b>x</b>\""));
	ck_assert_ptr_nonnull(strstr(dot, "C:\\\\Network\\\\new \\\\N \\\\G \\\\L"));
	ck_assert_ptr_nonnull(strstr(dot, "two lines\xEF\xBF\xBD\xEF\xBF\xBD trailing\\\\"));
	ck_assert_ptr_null(strstr(dot, "label=<"));
	ck_assert_ptr_null(strstr(dot, "URL="));
	ck_assert_ptr_null(strstr(dot, "href="));
	ck_assert_ptr_null(strstr(dot, "image="));
	ck_assert_ptr_nonnull(strstr(dot, "Title \\\"quoted\\\" <i>html</i> \\\\N"));
	ck_assert_uint_eq(st.nodes, 5);
	ck_assert_uint_eq(st.edges, 4);
	if (have_graphviz()) {
		char svg[4300];
		snprintf(svg, sizeof svg, "%s/hostile.dot.svg", dir);
		char *s = slurp(svg);
		/* the names are text in the SVG, escaped by Graphviz */
		ck_assert_ptr_nonnull(strstr(s, "&lt;b&gt;x&lt;/b&gt;"));
		ck_assert_ptr_nonnull(strstr(s, "A&quot; &#45;&gt; &quot;B"));
		ck_assert_ptr_nonnull(strstr(s, "C:\\Network\\new \\N \\G \\L"));
		ck_assert_ptr_null(strstr(s, "<b>"));
		ck_assert_ptr_null(strstr(s, "xlink:href=\"javascript"));
		free(s);
	}
	free(dot);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

START_TEST(dot_collapses_leaves_of_one_type)
{
	char dir[4200];
	char name[64];
	cg_graph *g = cg_graph_new();
	cg_eid hub = add(g, "c", "hub", "person", "Hub Person", NULL);
	cg_eid other = add(g, "c", "o", "company", "Other Co", NULL);
	add_link(g, hub, other, "owns", NULL, "c");
	for (int i = 0; i < 14; i++) {
		snprintf(name, sizeof name, "mail%d@example.test", i);
		add_link(g, hub, add(g, "c", name, "email", name, NULL), "uses", NULL, "c");
	}
	/* two phones: under the threshold, drawn */
	add_link(g, hub, add(g, "c", "ph1", "phone", "+1 480 555 0101", NULL), "uses", NULL, "c");
	add_link(g, hub, add(g, "c", "ph2", "phone", "+1 480 555 0102", NULL), "uses", NULL, "c");
	cg_dot_opts o = CG_DOT_OPTS_INIT;
	o.date = DATE;
	cg_dot_stats st;

	tu_mkdtemp(NULL, dir, sizeof dir);
	char *dot = write_dot(g, &o, dir, "collapsed.dot", &st);
	ck_assert_ptr_nonnull(strstr(dot, "label=\"14 e-mails\""));
	ck_assert_ptr_nonnull(strstr(dot, "uses \xC3\x97"
	                                  "14"));
	ck_assert_uint_eq(st.collapsed_groups, 1);
	ck_assert_uint_eq(st.collapsed_entities, 14);
	ck_assert_uint_eq(st.nodes, 5);
	ck_assert_uint_eq(st.entities, 18);
	free(dot);
	o.collapse = 0;
	dot = write_dot(g, &o, dir, "uncollapsed.dot", &st);
	ck_assert_uint_eq(st.collapsed_groups, 0);
	ck_assert_uint_eq(st.nodes, 18);
	free(dot);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

START_TEST(dot_cap_says_what_it_left_out)
{
	char dir[4200], name[64];
	cg_graph *g = cg_graph_new();
	cg_eid prev = add(g, "c", "f", "person", "The Facilitator", "facilitator");
	cg_eid fac = prev;
	for (int i = 0; i < 120; i++) {
		snprintf(name, sizeof name, "n%d", i);
		cg_eid e = add(g, "c", name, i % 2 ? "company" : "person", name, NULL);
		add_link(g, prev, e, "related_to", NULL, "c");
		prev = e;
	}
	cg_dot_opts o = CG_DOT_OPTS_INIT;
	o.max_nodes = 40;
	o.date = DATE;
	cg_dot_stats st;
	cg_strbuf sb = CG_STRBUF_INIT;

	tu_mkdtemp(NULL, dir, sizeof dir);
	char *dot = write_dot(g, &o, dir, "capped.dot", &st);
	ck_assert_uint_eq(st.selected, 121);
	ck_assert_uint_eq(st.nodes, 40);
	ck_assert_uint_eq(st.left_out, 81);
	ck_assert_uint_eq(st.left_out_by_type[CG_ET_PERSON] + st.left_out_by_type[CG_ET_COMPANY],
	                  81);
	/* the facilitator is never left out */
	ck_assert_ptr_nonnull(strstr(dot, cg_entity_id(g, fac)));
	cg_dot_left_out_text(&st, &sb);
	ck_assert_msg(strncmp(sb.buf, "81 entities left out: ", 22) == 0, "%s", sb.buf);
	ck_assert_ptr_nonnull(strstr(dot, "81 entities left out"));
	cg_strbuf_free(&sb);
	free(dot);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

START_TEST(dot_groups_by_case_shared_outside)
{
	char dir[4200];
	cg_graph *g = cg_graph_new();
	cg_eid a = add(g, "alpha", "p1", "person", "Alice Alpha", NULL);
	cg_eid b = add(g, "beta", "p1", "person", "Bob Beta", NULL);
	cg_eid s1 = add(g, "alpha", "e1", "email", "shared@example.test", NULL);
	cg_eid s2 = add(g, "beta", "e1", "email", "shared@example.test", NULL);
	ck_assert_uint_eq(s1, s2);
	add_link(g, a, s1, "uses", NULL, "alpha");
	add_link(g, b, s1, "uses", NULL, "beta");
	cg_dot_opts o = CG_DOT_OPTS_INIT;
	o.group_by = CG_GROUP_CASE;
	o.date = DATE;
	cg_dot_stats st;

	tu_mkdtemp(NULL, dir, sizeof dir);
	char *dot = write_dot(g, &o, dir, "groups.dot", &st);
	ck_assert_uint_eq(st.groups, 2);
	ck_assert_uint_eq(st.shared, 1);
	ck_assert_ptr_nonnull(strstr(dot, "label=\"case alpha (1)\""));
	ck_assert_ptr_nonnull(strstr(dot, "label=\"case beta (1)\""));
	/* the shared e-mail comes after both boxes, outside them, doubly outlined */
	const char *shared = strstr(dot, "\n  \"email:shared@example.test\" [");
	ck_assert_ptr_nonnull(shared);
	ck_assert_ptr_nonnull(strstr(shared, "peripheries=\"2\""));
	ck_assert_ptr_null(strstr(shared, "subgraph \"cluster_1\""));
	ck_assert_ptr_null(strstr(shared, "subgraph \"cluster_2\""));
	ck_assert_ptr_nonnull(strstr(dot, "\"legend:shared\""));
	ck_assert_ptr_nonnull(strstr(dot, "\"legend:type:email\""));
	ck_assert_ptr_null(strstr(dot, "\"legend:type:company\""));
	free(dot);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

START_TEST(select_filter_ego_top)
{
	cg_graph *g = cg_graph_new();
	cg_eid a = add(g, "x", "a", "person", "A", NULL);
	cg_eid b = add(g, "x", "b", "company", "B", NULL);
	cg_eid c = add(g, "y", "c", "person", "C", NULL);
	cg_eid d = add(g, "y", "d", "country", "Germany", NULL);
	add_link(g, a, b, "owns", NULL, "x");
	add_link(g, b, c, "owns", NULL, "y");
	add_link(g, c, d, "located_in", NULL, "y");
	unsigned char sel[4];
	size_t deg[4];
	cg_error err;
	const char *types[] = {"person"}, *cases[] = {"y"}, *ctx[] = {"country"};

	cg_select_filter(g, NULL, 0, NULL, 0, NULL, 0, sel);
	ck_assert(sel[a] && sel[b] && sel[c] && !sel[d]);
	cg_select_filter(g, NULL, 0, ctx, 1, NULL, 0, sel);
	ck_assert(sel[d]);
	cg_select_filter(g, types, 1, NULL, 0, NULL, 0, sel);
	ck_assert(sel[a] && !sel[b] && sel[c]);
	cg_select_filter(g, NULL, 0, NULL, 0, cases, 1, sel);
	ck_assert(!sel[a] && !sel[b] && sel[c] && !sel[d]);
	cg_select_filter(g, NULL, 0, NULL, 0, NULL, 0, sel);
	ck_assert_int_eq(cg_select_ego(g, &a, 1, 1, sel, &err), 0);
	ck_assert(sel[a] && sel[b] && !sel[c] && !sel[d]);
	cg_select_filter(g, NULL, 0, NULL, 0, NULL, 0, sel);
	ck_assert_int_eq(cg_select_degrees(g, sel, deg, &err), 0);
	ck_assert_uint_eq(deg[b], 2);
	ck_assert_uint_eq(deg[d], 0);
	double score[4] = {1, 5, 3, 9};
	ck_assert_int_eq(cg_select_top(g, score, 2, sel, &err), 0);
	ck_assert(!sel[a] && sel[b] && sel[c] && !sel[d]);
	cg_graph_free(g);
}
END_TEST

START_TEST(dot_is_deterministic)
{
	char dir[4200], p1[4300], p2[4300];
	cg_graph *g = example(NULL, NULL);
	cg_dot_opts o = CG_DOT_OPTS_INIT;
	cg_error err;
	o.group_by = CG_GROUP_CASE;
	o.date = DATE;
	o.redact = 1;

	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(p1, sizeof p1, "%s/a.dot", dir);
	snprintf(p2, sizeof p2, "%s/b.dot", dir);
	ck_assert_int_eq(cg_dot_write_file(g, &o, p1, NULL, &err), 0);
	ck_assert_int_eq(cg_dot_write_file(g, &o, p2, NULL, &err), 0);
	tu_assert_same_file(p1, p2);
	/* redacted: no person name, no e-mail and no entity id in the file */
	char *dot = slurp(p1);
	ck_assert_ptr_null(strstr(dot, "Whitfield"));
	ck_assert_ptr_null(strstr(dot, "WHITFIELD"));
	ck_assert_ptr_null(strstr(dot, "dana.whitfield"));
	ck_assert_ptr_null(strstr(dot, "person:"));
	ck_assert_ptr_null(strstr(dot, "7730041862"));
	ck_assert_ptr_nonnull(strstr(dot, "D.M.W. #"));
	free(dot);
	free(check_dot(p1));
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

/* ---- the example briefing: goldens ---- */

typedef struct analyses {
	cg_summary *sum;
	cg_clusters *cl;
	cg_brokers *b;
	cg_shared *sh;
	cg_money *mo;
} analyses;

static void analyse(const cg_graph *g, analyses *a)
{
	cg_cluster_opts co = CG_CLUSTER_OPTS_INIT;
	cg_broker_opts bo = CG_BROKER_OPTS_INIT;
	cg_shared_opts so = CG_SHARED_OPTS_INIT;
	cg_money_opts mo = CG_MONEY_OPTS_INIT;
	cg_error err;

	memset(a, 0, sizeof *a);
	bo.top = 0;
	cg_error_clear(&err);
	ck_assert_msg(cg_summary_compute(g, &a->sum, &err) == 0 &&
	                  cg_clusters_compute(g, &co, &a->cl, &err) == 0 &&
	                  cg_brokers_compute(g, &bo, &a->b, &err) == 0 &&
	                  cg_shared_compute(g, &so, &a->sh, &err) == 0 &&
	                  cg_money_compute(g, &mo, &a->mo, &err) == 0,
	              "%s", tu_fmt_err(&err));
}

static void analyses_free(analyses *a)
{
	cg_summary_free(a->sum);
	cg_clusters_free(a->cl);
	cg_brokers_free(a->b);
	cg_shared_free(a->sh);
	cg_money_free(a->mo);
}

START_TEST(golden_briefing_on_the_example)
{
	cg_format fmts[N_EXAMPLE];
	/* cg_import_files adds to the counts it is given: they start at 0 */
	cg_import_stats per[N_EXAMPLE] = {{0}};
	cg_source_info src[N_EXAMPLE];
	cg_graph *g = example(fmts, per);
	cg_report_diagram d[CG_DIAGRAM_COUNT];
	cg_report_input in;
	analyses a;
	char dir[4200], path[4300];
	cg_error err;

	analyse(g, &a);
	for (size_t i = 0; i < N_EXAMPLE; i++) {
		src[i].path = example_inputs[i];
		src[i].format = cg_format_to_string(fmts[i]);
		src[i].stats = per[i];
	}
	memset(&in, 0, sizeof in);
	in.date = DATE;
	in.generator = "casegraph";
	in.sources = src;
	in.n_sources = N_EXAMPLE;
	in.summary = a.sum;
	in.clusters = a.cl;
	in.brokers = a.b;
	in.shared = a.sh;
	in.money = a.mo;
	in.top = 10;
	in.max_nodes = 0; /* each diagram its default */
	tu_mkdtemp(NULL, dir, sizeof dir);
	for (int k = 0; k < CG_DIAGRAM_COUNT; k++) {
		const char *name = cg_diagram_kind_to_string((cg_diagram_kind)k);
		char gold[64];
		snprintf(path, sizeof path, "%s/%s.dot", dir, name);
		cg_error_clear(&err);
		ck_assert_msg(
		    cg_report_diagram_write(g, &in, (cg_diagram_kind)k, path, &d[k], &err) == 0,
		    "%s", tu_fmt_err(&err));
		ck_assert(!d[k].empty);
		/* a slide: at most 20 nodes, counted groups among them, a legend
		 * under the drawing, the facilitator marked, fonts of 14 points */
		char *dot = slurp(path);
		if (k == CG_DIAGRAM_TIMELINE) {
			/* time left to right, a row per case, payments summed */
			ck_assert_ptr_nonnull(strstr(dot, "\"h:0\" [label=\"2023-"));
			ck_assert_ptr_nonnull(strstr(dot, "[label=\"case payroll\""));
			ck_assert_ptr_nonnull(strstr(dot, " payments "));
			ck_assert_ptr_nonnull(strstr(dot, "first sight:"));
			goto check;
		}
		ck_assert_uint_le(d[k].stats.nodes, CG_REPORT_MAX_NODES);
		ck_assert_ptr_nonnull(strstr(dot, "\\lDrawn 2024-05-01: "));
		ck_assert_ptr_nonnull(strstr(dot, "node [fontname=\"Helvetica\", fontsize=\"14\""));
		ck_assert_ptr_null(strstr(dot, "subgraph \"cluster_legend\""));
		/* shapes that do not inflate; the rank in the outline and tooltip */
		ck_assert_ptr_null(strstr(dot, "shape=\"ellipse\""));
		ck_assert_ptr_null(strstr(dot, "shape=\"house\""));
		ck_assert_ptr_nonnull(strstr(dot, "\\lOutlines: "));
		ck_assert_ptr_nonnull(strstr(dot, "broker #"));
		if (k != CG_DIAGRAM_MONEY) {
			ck_assert_ptr_nonnull(strstr(dot, "broker #1 by betweenness"));
			ck_assert_ptr_nonnull(strstr(dot, "\\lFill: person blue rounded, "));
		}
		if (k == CG_DIAGRAM_SHARED) {
			/* an association chart: cases as nodes, an edge from each case
			 * to each entity in it, the rest counted by their cases */
			ck_assert_ptr_nonnull(
			    strstr(dot, "\"@case:payroll\" -> \"person:dana marie"));
			ck_assert_ptr_nonnull(strstr(dot, "\"@case:payroll\" -> \"@more:1\""));
			ck_assert_ptr_null(
			    strstr(dot, "\"person:dana marie whitfield|dob:1984-07-19\" -> "));
			ck_assert_uint_eq(d[k].stats.nodes, CG_REPORT_MAX_NODES);
		}
		if (k == CG_DIAGRAM_MONEY) {
			/* the largest path: six entities, whole amounts without cents */
			ck_assert_uint_eq(d[k].stats.nodes, 6);
			ck_assert_ptr_nonnull(strstr(dot, "56,700 USD"));
			ck_assert_ptr_null(strstr(dot, ".00 USD\""));
		}
		if (k == CG_DIAGRAM_CASES || k == CG_DIAGRAM_SHARED) {
			/* the shared entities first, the rest counted ("+17 more") */
			ck_assert_uint_gt(d[k].stats.shared, 5);
			ck_assert_uint_gt(d[k].stats.agg_groups, 0);
			ck_assert_uint_le(d[k].stats.nodes, CG_REPORT_MAX_NODES);
		}
	check:
		free(dot);
		char *svg = check_dot(path);
		d[k].rendered = 1; /* the golden shows the briefing as rendered */
		free(svg);
		snprintf(gold, sizeof gold, "%s.dot", name);
		golden(path, gold);
	}
	snprintf(path, sizeof path, "%s/briefing.md", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	cg_error_clear(&err);
	ck_assert_msg(cg_report_write(g, &in, d, f, &err) == 0, "%s", tu_fmt_err(&err));
	ck_assert_int_eq(fclose(f), 0);
	golden(path, "briefing.md");
	char *md = slurp(path);
	ck_assert_ptr_nonnull(strstr(md, "## 3. Facilitators"));
	ck_assert_ptr_nonnull(strstr(md, "![Money flows](money.svg)"));
	ck_assert_ptr_nonnull(strstr(md, "## 6. Timeline\n"));
	ck_assert_ptr_nonnull(strstr(md, "![Timeline](timeline.svg)"));
	ck_assert_ptr_nonnull(strstr(md, "`examples/payroll/nodes.csv:10`"));
	ck_assert_ptr_nonnull(strstr(md, "## Appendix A: sources"));
	free(md);
	/* not rendered: the DOT is linked and the reason given */
	for (int k = 0; k < CG_DIAGRAM_COUNT; k++) {
		d[k].rendered = 0;
		d[k].why_not = "Graphviz is not installed";
	}
	f = fopen(path, "w");
	ck_assert_int_eq(cg_report_write(g, &in, d, f, &err), 0);
	fclose(f);
	md = slurp(path);
	ck_assert_ptr_null(strstr(md, ".svg)"));
	ck_assert_ptr_nonnull(strstr(md,
	                             "Not rendered: Graphviz is not installed. The DOT source is "
	                             "[cases.dot](cases.dot)"));
	free(md);
	analyses_free(&a);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

START_TEST(golden_render_of_the_example)
{
	char dir[4200], path[4300];
	cg_graph *g = example(NULL, NULL);
	cg_dot_opts o = CG_DOT_OPTS_INIT;
	cg_dot_stats st;
	cg_error err;

	o.group_by = CG_GROUP_CASE;
	o.date = DATE;
	o.generator = "casegraph";
	o.sources = example_inputs;
	o.n_sources = N_EXAMPLE;
	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/example.dot", dir);
	ck_assert_int_eq(cg_dot_write_file(g, &o, path, &st, &err), 0);
	ck_assert_uint_eq(st.selected, 78); /* 79 entities, the country left out */
	ck_assert_uint_eq(st.left_out, 0);
	free(check_dot(path));
	golden(path, "example.dot");
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

/* GFM autolinks (www., scheme:, e-mail addresses) are broken: checked
 * against cmark-gfm -e autolink by tests/test_cli.sh, "briefing: no
 * autolinks in GitHub-flavoured Markdown". */
START_TEST(md_escape_breaks_gfm_autolinks)
{
	cg_strbuf sb = CG_STRBUF_INIT;

	ck_assert_int_eq(cg_md_escape(&sb, "http://evil.example/x www.evil.example a@b.example"),
	                 0);
	ck_assert_str_eq(sb.buf, "http\\://evil.example/x www\\.evil.example a`@`b.example");
	cg_strbuf_reset(&sb);
	ck_assert_int_eq(cg_md_escape(&sb, "WwW.x.example mailto:a@b.example 12.5 w.x"), 0);
	ck_assert_str_eq(sb.buf, "WwW\\.x.example mailto\\:a`@`b.example 12.5 w.x");
	cg_strbuf_free(&sb);
}
END_TEST

START_TEST(briefing_escapes_markdown)
{
	cg_graph *g = cg_graph_new();
	cg_eid a = add(g, "c1", "a", "person", "[click](javascript:alert(1)) <script>", NULL);
	cg_eid b = add(g, "c2", "b", "company", "**Bold** | pipe `tick`", NULL);
	cg_eid s = add(g, "c1", "s", "email", "x@example.test", NULL);
	add(g, "c2", "s", "email", "x@example.test", NULL);
	add_link(g, a, s, "uses", NULL, "c1");
	add_link(g, b, s, "uses", "100", "c2");
	analyses an;
	analyse(g, &an);
	cg_report_input in;
	cg_report_diagram d[CG_DIAGRAM_COUNT];
	cg_error err;
	char *buf = NULL;
	size_t n = 0;

	memset(&in, 0, sizeof in);
	memset(d, 0, sizeof d);
	in.date = DATE;
	in.summary = an.sum;
	in.clusters = an.cl;
	in.brokers = an.b;
	in.shared = an.sh;
	in.money = an.mo;
	FILE *f = open_memstream(&buf, &n);
	ck_assert_int_eq(cg_report_write(g, &in, d, f, &err), 0);
	fclose(f);
	ck_assert_ptr_null(strstr(buf, "<script>"));
	ck_assert_ptr_null(strstr(buf, "[click]("));
	ck_assert_ptr_nonnull(strstr(buf, "\\[click\\](javascript\\:alert(1)) \\<script\\>"));
	ck_assert_ptr_nonnull(strstr(buf, "\\*\\*Bold\\*\\* \\| pipe \\`tick\\`"));
	free(buf);
	analyses_free(&an);
	cg_graph_free(g);
}
END_TEST

/* ---- Graphviz ---- */

START_TEST(graphviz_missing_is_said_clearly)
{
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	cg_strbuf sb = CG_STRBUF_INIT;
	cg_error err;

	setenv("PATH", "/nonexistent-casegraph", 1);
	cg_error_clear(&err);
	ck_assert_int_eq(cg_graphviz_find("dot", &sb, &err), CG_ENOTFOUND);
	ck_assert_msg(strstr(err.message, "Graphviz is not installed") != NULL, "%s", err.message);
	cg_error_clear(&err);
	ck_assert_int_eq(
	    cg_graphviz_run("dot", "svg", "/nonexistent.dot", "/tmp/x.svg", 1, 5, &err),
	    CG_ENOTFOUND);
	ck_assert_int_eq(
	    cg_graphviz_run("dot", "exe", "/nonexistent.dot", "/tmp/x.svg", 1, 5, &err), CG_EINVAL);
	if (old)
		setenv("PATH", old, 1);
	free(old);
	cg_strbuf_free(&sb);
	ck_assert_str_eq(cg_graphviz_layout(10), "dot");
	ck_assert_str_eq(cg_graphviz_layout(5000), "sfdp");
}
END_TEST

START_TEST(graphviz_timeout_and_failure)
{
	char dir[4200], prog[4300], dot[4300], out[4300];
	cg_error err;

	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(prog, sizeof prog, "%s/slow", dir);
	snprintf(dot, sizeof dot, "%s/g.dot", dir);
	snprintf(out, sizeof out, "%s/g.svg", dir);
	tu_write_file(prog, "#!/bin/sh\nexec sleep 30\n", 24);
	ck_assert_int_eq(chmod(prog, 0755), 0);
	tu_write_file(dot, "digraph { a -> b }\n", 19);
	cg_error_clear(&err);
	ck_assert_int_eq(cg_graphviz_run(prog, "svg", dot, out, 2, 0.3, &err), CG_ELIMIT);
	ck_assert_msg(strstr(err.message, "did not finish within") != NULL, "%s", err.message);
	ck_assert_int_ne(access(out, F_OK), 0);
	snprintf(prog, sizeof prog, "%s/broken", dir);
	tu_write_file(prog, "#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 1\n", 57);
	ck_assert_int_eq(chmod(prog, 0755), 0);
	cg_error_clear(&err);
	ck_assert_int_eq(cg_graphviz_run(prog, "svg", dot, out, 2, 5, &err), CG_EIO);
	ck_assert_msg(strstr(err.message, "Error: syntax error in line 1") != NULL, "%s",
	              err.message);
	ck_assert_int_ne(access(out, F_OK), 0);
	tu_remove_tree(dir);
}
END_TEST

/* ---- exports ---- */

static char *export_to(const cg_graph *g, cg_export_format fmt, const char *path)
{
	cg_export_opts o = CG_EXPORT_OPTS_INIT;
	cg_error err;
	o.date = DATE;
	cg_error_clear(&err);
	ck_assert_msg(cg_export_path(g, fmt, &o, path, &err) == 0, "%s", tu_fmt_err(&err));
	return cg_export_format_is_dir(fmt) ? NULL : slurp(path);
}

/* Counts elements with python3's XML parser (a well-formedness check);
 * returns 0 and prints a line when python3 is absent. */
static int xml_counts(const char *path, const char *node_tag, const char *edge_tag, long *nodes,
                      long *edges)
{
	char cmd[9000];
	if (system("python3 -c 'import xml.etree.ElementTree' >/dev/null 2>&1") != 0) {
		printf("skipped: python3 is not installed: %s not parsed as XML\n", path);
		return 0;
	}
	snprintf(cmd, sizeof cmd,
	         "python3 -c 'import sys, xml.etree.ElementTree as E; r = "
	         "E.parse(sys.argv[1]).getroot(); "
	         "print(sum(1 for e in r.iter() if e.tag.endswith(\"}%s\")), "
	         "sum(1 for e in r.iter() if e.tag.endswith(\"}%s\")))' '%s'",
	         node_tag, edge_tag, path);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%ld %ld", nodes, edges), 2);
	ck_assert_int_eq(pclose(p), 0);
	return 1;
}

START_TEST(graphml_and_gexf_are_well_formed)
{
	char dir[4200], path[4300];
	cg_graph *g = example(NULL, NULL);
	/* a hostile name too: XML-escaped */
	add(g, "c", "h", "person", "<x a=\"1\">&amp; \x01", NULL);
	long nodes, edges;

	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/g.graphml", dir);
	char *x = export_to(g, CG_EXPORT_GRAPHML, path);
	ck_assert_ptr_nonnull(strstr(x, "&lt;x a=&quot;1&quot;&gt;&amp;amp; \xEF\xBF\xBD"));
	ck_assert_ptr_nonnull(strstr(x, "attr.name=\"roles\""));
	free(x);
	if (xml_counts(path, "node", "edge", &nodes, &edges)) {
		ck_assert_int_eq(nodes, 80);
		ck_assert_int_eq(edges, 140);
	}
	snprintf(path, sizeof path, "%s/g.gexf", dir);
	x = export_to(g, CG_EXPORT_GEXF, path);
	ck_assert_ptr_nonnull(strstr(x, "xmlns=\"http://www.gexf.net/1.2draft\""));
	free(x);
	if (xml_counts(path, "node", "edge", &nodes, &edges)) {
		ck_assert_int_eq(nodes, 80);
		ck_assert_int_eq(edges, 140);
	}
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

START_TEST(csv_and_neo4j_tables)
{
	char dir[4200], path[4300];
	cg_graph *g = cg_graph_new();
	cg_eid a = add(g, "c", "a", "person", "=HYPERLINK(\"http://evil\",\"x\")", "facilitator");
	cg_eid b = add(g, "c", "b", "company", "Acme, \"Ltd\"\nline two", NULL);
	add_link(g, a, b, "owns", NULL, "c");
	add_link(g, b, a, "pays", "12.50", "c");

	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/csv", dir);
	export_to(g, CG_EXPORT_CSV, path);
	snprintf(path, sizeof path, "%s/csv/entities.csv", dir);
	char *s = slurp(path);
	ck_assert_msg(strncmp(s, "id,type,name,aliases,roles,cases,n_cases,degree,", 48) == 0, "%s",
	              s);
	ck_assert_ptr_nonnull(strstr(s, "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""));
	ck_assert_ptr_nonnull(strstr(s, "\"Acme, \"\"Ltd\"\"\nline two\""));
	free(s);
	snprintf(path, sizeof path, "%s/csv/links.csv", dir);
	s = slurp(path);
	ck_assert_ptr_nonnull(strstr(s, ",pays,true,12.50,USD,"));
	free(s);
	snprintf(path, sizeof path, "%s/neo", dir);
	export_to(g, CG_EXPORT_NEO4J, path);
	snprintf(path, sizeof path, "%s/neo/nodes-person.csv", dir);
	s = slurp(path);
	ck_assert_msg(strncmp(s, "id:ID,name,type,", 16) == 0, "%s", s);
	ck_assert_ptr_nonnull(strstr(s, ":LABEL\n"));
	ck_assert_ptr_nonnull(strstr(s, ",Entity;Person;Facilitator\n"));
	ck_assert_ptr_null(strstr(s, "\r"));
	free(s);
	/* a file per entity type */
	snprintf(path, sizeof path, "%s/neo/nodes-company.csv", dir);
	s = slurp(path);
	ck_assert_ptr_nonnull(strstr(s, "Acme, \"\"Ltd\"\" line two"));
	ck_assert_ptr_null(strstr(s, "\r"));
	free(s);
	snprintf(path, sizeof path, "%s/neo/relationships-pays.csv", dir);
	s = slurp(path);
	ck_assert_msg(strncmp(s, ":START_ID,:END_ID,:TYPE,", 24) == 0, "%s", s);
	ck_assert_ptr_nonnull(strstr(s, ",PAYS,true,12.50,1250,USD,"));
	free(s);
	snprintf(path, sizeof path, "%s/neo/import.sh", dir);
	s = slurp(path);
	ck_assert_ptr_nonnull(strstr(s, "neo4j-admin database import full"));
	ck_assert_int_eq(access(path, X_OK), 0);
	free(s);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

/* Splits line n (0-based) of a CSV text in neo4j-admin's reading (one line a
 * row, '"' quotes, "" inside them) into at most max fields (malloc'd);
 * returns how many. */
static size_t csv_row(const char *text, int n, char **fields, size_t max)
{
	const char *p = text;
	size_t k = 0;
	for (; n > 0 && p; n--)
		if ((p = strchr(p, '\n')))
			p++;
	ck_assert_ptr_nonnull(p);
	for (;;) {
		cg_strbuf sb = CG_STRBUF_INIT;
		int q = *p == '"';
		for (p += q; *p && (q || (*p != ',' && *p != '\n')); p++) {
			if (q && *p == '"' && p[1] == '"')
				p++;
			else if (q && *p == '"') {
				q = 0;
				continue;
			}
			ck_assert_int_eq(cg_strbuf_putc(&sb, *p), 0);
		}
		ck_assert_uint_lt(k, max);
		fields[k++] = strdup(cg_strbuf_cstr(&sb));
		cg_strbuf_free(&sb);
		if (*p != ',')
			return k;
		p++;
	}
}

static void free_fields(char **fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(fields[i]);
}

/* The value under header column name in a row; fails when it is missing. */
static const char *cell_of(char **head, char **row, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(head[i], name) == 0)
			return row[i];
	ck_abort_msg("no column %s", name);
	return NULL;
}

START_TEST(neo4j_property_names_become_plain_unique_columns)
{
	static const char *const fixed[] = {"id:ID",
	                                    "name",
	                                    "type",
	                                    "aliases:string[]",
	                                    "roles:string[]",
	                                    "cases:string[]",
	                                    "n_cases:int",
	                                    "degree:int",
	                                    "betweenness:double",
	                                    "cluster:int",
	                                    "citations:string[]",
	                                    ":LABEL"};
	static const cg_prop props[] = {
	    {":id", "v-colon-id"},         {"x:label", "v-x-colon-label"},
	    {"amount:int", "v-amount"},    {"x label", "v-x-space"},
	    {"x_label", "v-x-underscore"}, {"x.label", "v-x-dot"},
	    {":label", "v-colon-label"},   {"id", "v-id"},
	    {"caf\xc3\xa9", "v-cafe"}};
	char dir[4200], path[4300], *head[64], *row[64];
	cg_graph *g = cg_graph_new();
	cg_entity_rec r = CG_ENTITY_REC_INIT;
	cg_prov p = prov("c", 2, "p1");
	cg_error err;
	cg_eid e;
	size_t nh, nr, props_seen = 0;

	r.type = "person";
	r.name = "Orla Venn";
	r.props = props;
	r.n_props = sizeof props / sizeof props[0];
	r.prov = &p;
	r.n_prov = 1;
	cg_error_clear(&err);
	ck_assert_msg(cg_graph_add_entity(g, &r, &e, NULL, &err) == 0, "%s", tu_fmt_err(&err));
	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/neo", dir);
	export_to(g, CG_EXPORT_NEO4J, path);
	snprintf(path, sizeof path, "%s/neo/nodes-person.csv", dir);
	char *s = slurp(path);
	nh = csv_row(s, 0, head, 64);
	nr = csv_row(s, 1, row, 64);
	ck_assert_uint_eq(nr, nh);
	/* no forged field: every header field is one of the export's own or a
	 * plain name (letters, digits, _) */
	for (size_t i = 0; i < nh; i++) {
		size_t k = 0;
		while (k < sizeof fixed / sizeof fixed[0] && strcmp(head[i], fixed[k]) != 0)
			k++;
		if (k < sizeof fixed / sizeof fixed[0])
			continue;
		ck_assert_msg(head[i][0] &&
		                  strspn(head[i], "abcdefghijklmnopqrstuvwxyz"
		                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
		                      strlen(head[i]),
		              "header field '%s' is not plain: %s", head[i], s);
		props_seen++;
		for (size_t j = 0; j < i; j++)
			ck_assert_msg(strcmp(head[i], head[j]) != 0, "column %s twice: %s", head[i],
			              s);
	}
	/* the graph keeps "x label" as "x_label": eight properties */
	ck_assert_uint_eq(props_seen, 8);
	ck_assert_uint_eq(nh, 12 + 8);
	/* the values in the right columns; a plain name keeps itself */
	ck_assert_str_eq(cell_of(head, row, nh, "id:ID"), "person:orla venn");
	ck_assert_str_eq(cell_of(head, row, nh, ":LABEL"), "Entity;Person");
	ck_assert_str_eq(cell_of(head, row, nh, "_id"), "v-colon-id");
	ck_assert_str_eq(cell_of(head, row, nh, "_label"), "v-colon-label");
	ck_assert_str_eq(cell_of(head, row, nh, "amount_int"), "v-amount");
	ck_assert_str_eq(cell_of(head, row, nh, "prop_id"), "v-id");
	ck_assert_str_eq(cell_of(head, row, nh, "caf_"), "v-cafe");
	ck_assert_str_eq(cell_of(head, row, nh, "x_label"), "v-x-space; v-x-underscore");
	ck_assert_str_eq(cell_of(head, row, nh, "x_label_2"), "v-x-dot");
	ck_assert_str_eq(cell_of(head, row, nh, "x_label_3"), "v-x-colon-label");
	free_fields(head, nh);
	free_fields(row, nr);
	free(s);
	/* import.sh says which column holds which property */
	snprintf(path, sizeof path, "%s/neo/import.sh", dir);
	s = slurp(path);
	ck_assert_ptr_nonnull(strstr(s, "\n#   x_label_3 <- \"x:label\"\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n#   _id <- \":id\"\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n#   caf_ <- \"caf\xc3\xa9\"\n"));
	free(s);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

START_TEST(neo4j_cells_neutralise_formulas)
{
	static const cg_prop props[] = {{"phone", "+1 480 555 0100"},
	                                {"note", "=HYPERLINK(\"http://evil\",\"x\")"}};
	char dir[4200], path[4300], *head[64], *row[64];
	cg_graph *g = cg_graph_new();
	cg_entity_rec r = CG_ENTITY_REC_INIT;
	cg_prov p = prov("c", 2, "p1");
	cg_error err;
	cg_eid a, b;
	size_t nh, nr;

	r.type = "person";
	r.name = "@SUM(A1)";
	r.id = "-2+3";
	r.props = props;
	r.n_props = sizeof props / sizeof props[0];
	r.prov = &p;
	r.n_prov = 1;
	cg_error_clear(&err);
	ck_assert_msg(cg_graph_add_entity(g, &r, &a, NULL, &err) == 0, "%s", tu_fmt_err(&err));
	b = add(g, "c", "b", "company", "=1+1", NULL);
	add_link(g, a, b, "pays", "-12.00", "c");
	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/neo", dir);
	export_to(g, CG_EXPORT_NEO4J, path);
	snprintf(path, sizeof path, "%s/neo/nodes-person.csv", dir);
	char *s = slurp(path);
	/* the quoting neo4j-admin reads: "" inside quotes */
	ck_assert_ptr_nonnull(strstr(s, ",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","));
	nh = csv_row(s, 0, head, 64);
	nr = csv_row(s, 1, row, 64);
	ck_assert_uint_eq(nr, nh);
	ck_assert_str_eq(cell_of(head, row, nh, "id:ID"), "'-2+3");
	ck_assert_str_eq(cell_of(head, row, nh, "name"), "'@SUM(A1)");
	ck_assert_str_eq(cell_of(head, row, nh, "phone"), "'+1 480 555 0100");
	ck_assert_str_eq(cell_of(head, row, nh, "note"), "'=HYPERLINK(\"http://evil\",\"x\")");
	free_fields(head, nh);
	free_fields(row, nr);
	free(s);
	snprintf(path, sizeof path, "%s/neo/nodes-company.csv", dir);
	s = slurp(path);
	nr = csv_row(s, 1, row, 64);
	ck_assert_str_eq(row[1], "'=1+1");
	free_fields(row, nr);
	free(s);
	/* the ids of the relationships as the nodes' (neutralised alike); an
	 * amount is a number we wrote and stays one */
	snprintf(path, sizeof path, "%s/neo/relationships-pays.csv", dir);
	s = slurp(path);
	ck_assert_msg(strstr(s, "\n'-2+3,company:1 1,PAYS,true,-12.00,-1200,USD,") != NULL, "%s",
	              s);
	free(s);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

/* "file:line case X[ id Y]" of every record of an entity, sorted, joined. */
static char *citations_of(const cg_graph *g, cg_iter it, int with_id)
{
	char *items[256];
	size_t n = 0, len = 1;
	cg_prov p;
	while (cg_iter_next_prov(g, &it, &p) && n < 256) {
		char buf[2000];
		snprintf(buf, sizeof buf, "%s:%ld case %s%s%s", p.file, p.line, p.case_name,
		         with_id && p.local_id ? " id " : "",
		         with_id && p.local_id ? p.local_id : "");
		items[n] = strdup(buf);
		len += strlen(buf) + 1;
		n++;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && strcmp(items[k - 1], items[k]) > 0; k--) {
			char *t = items[k];
			items[k] = items[k - 1];
			items[k - 1] = t;
		}
	cg_strbuf out = CG_STRBUF_INIT;
	(void)len;
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(cg_strbuf_puts(&out, items[i]) || cg_strbuf_putc(&out, '\n'), 0);
		free(items[i]);
	}
	return out.buf ? out.buf : strdup("");
}

START_TEST(round_trip_jsonl_keeps_everything)
{
	char dir[4200], path[4300];
	cg_graph *g = example(NULL, NULL);
	const char *p = path;

	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/g.jsonl", dir);
	free(export_to(g, CG_EXPORT_JSONL, path));
	cg_graph *h = load(&p, 1, NULL, NULL, NULL);
	ck_assert_uint_eq(cg_graph_entity_count(h), cg_graph_entity_count(g));
	ck_assert_uint_eq(cg_graph_link_count(h), cg_graph_link_count(g));
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
		cg_eid f = cg_graph_find_id(h, cg_entity_id(g, e));
		ck_assert_msg(f != CG_NO_ENTITY, "%s lost", cg_entity_id(g, e));
		char *a = citations_of(g, cg_entity_provs(g, e), 1);
		char *b = citations_of(h, cg_entity_provs(h, f), 1);
		ck_assert_str_eq(a, b);
		free(a);
		free(b);
	}
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		char *a = citations_of(g, cg_link_provs(g, l), 0);
		char *b = citations_of(h, cg_link_provs(h, l), 0);
		ck_assert_str_eq(a, b);
		ck_assert_str_eq(cg_entity_id(g, cg_link_source(g, l)),
		                 cg_entity_id(h, cg_link_source(h, l)));
		free(a);
		free(b);
	}
	cg_graph_free(h);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

/* Whether the JSON object that opens at text[i] ('{') gives one member name
 * twice, at its own level; nested objects are checked by the caller's walk.
 * The export's strings hold no raw quote, so a naive scan suffices. */
static int object_has_duplicate_member(const char *text, size_t i)
{
	char names[64][128];
	size_t n = 0;
	int depth = 0;

	for (; text[i]; i++) {
		char ch = text[i];
		if (ch == '"') {
			size_t j = i + 1;
			while (text[j] && text[j] != '"')
				j += text[j] == '\\' ? 2 : 1;
			if (depth == 1 && text[j + 1] == ':' && n < 64) {
				snprintf(names[n], sizeof names[n], "%.*s", (int)(j - i - 1),
				         text + i + 1);
				for (size_t k = 0; k < n; k++)
					if (strcmp(names[k], names[n]) == 0)
						return 1;
				n++;
			}
			i = j;
		} else if (ch == '{' || ch == '[') {
			depth++;
		} else if (ch == '}' || ch == ']') {
			if (--depth == 0)
				return 0;
		}
	}
	return 0;
}

/* Two casegraph properties with one FollowTheMoney name (national_id and
 * id_number: idNumber), and a link property given twice (the example's
 * payments "flags"), make one member each, with every value once: no object
 * of the export gives a member twice. */
START_TEST(ftm_export_one_member_per_name)
{
	char dir[4200], path[4300];
	cg_graph *g = example(NULL, NULL);
	cg_graph *h = cg_graph_new();
	static const cg_prop props[] = {
	    {"national_id", "NI-1"}, {"id_number", "ID-2"}, {"id_number", "NI-1"}};
	cg_entity_rec r = CG_ENTITY_REC_INIT;
	cg_prov p = prov("dup", 2, "p1");
	cg_error err;
	cg_eid e;
	char *text;

	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/g.ftm", dir);
	text = export_to(g, CG_EXPORT_FTM, path);
	for (size_t i = 0; text[i]; i++)
		if (text[i] == '{')
			ck_assert_msg(!object_has_duplicate_member(text, i),
			              "a member twice in: %.300s", text + i);
	ck_assert_ptr_nonnull(strstr(text, "\"reference\":[\"GP-23-0110\"],\"channel\":[\"ACH\"],"
	                                   "\"flags\":[\"same-day\",\"round amount\"]"));
	free(text);

	r.type = "person";
	r.name = "Orla Venn";
	r.props = props;
	r.n_props = sizeof props / sizeof props[0];
	r.prov = &p;
	r.n_prov = 1;
	cg_error_clear(&err);
	ck_assert_msg(cg_graph_add_entity(h, &r, &e, NULL, &err) == 0, "%s", tu_fmt_err(&err));
	text = export_to(h, CG_EXPORT_FTM, path);
	ck_assert_ptr_nonnull(strstr(text, "\"idNumber\":[\"NI-1\",\"ID-2\"]"));
	ck_assert_ptr_null(strstr(strstr(text, "idNumber") + 1, "idNumber"));
	free(text);
	tu_remove_tree(dir);
	cg_graph_free(h);
	cg_graph_free(g);
}
END_TEST

/* Whether the FollowTheMoney export writes entities of this type as
 * entities (the others, FollowTheMoney has no schema for, become properties
 * of the entities linked to them: docs/RENDER.md). */
static int ftm_entity_type(const char *type)
{
	static const char *const written[] = {
	    "person",  "company", "organization", "threat_actor", "bank_account",  "wallet",
	    "address", "vessel",  "aircraft",     "document",     "email_message", "email",
	    "phone",   "ip"};
	for (size_t i = 0; i < sizeof written / sizeof written[0]; i++)
		if (strcmp(written[i], type) == 0)
			return 1;
	return 0;
}

START_TEST(round_trip_ftm_keeps_entities_links_citations)
{
	char dir[4200], path[4300];
	cg_graph *g = example(NULL, NULL);
	const char *p = path;
	size_t n = 0, m = 0, absorbed = 0;

	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++)
		n += ftm_entity_type(cg_entity_type_name(g, e));
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		m += ftm_entity_type(cg_entity_type_name(g, cg_link_source(g, l))) &&
		     ftm_entity_type(cg_entity_type_name(g, cg_link_target(g, l)));
	absorbed = cg_graph_entity_count(g) - n;
	ck_assert_uint_gt(absorbed, 0); /* domains, countries, sectors ... */
	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/g.ftm", dir);
	free(export_to(g, CG_EXPORT_FTM, path));
	cg_graph *h = load(&p, 1, NULL, NULL, "ftm-round-trip");
	ck_assert_uint_eq(cg_graph_entity_count(h), n);
	ck_assert_uint_eq(cg_graph_link_count(h), m);
	/* each entity comes back with one record per original record, and the
	 * original citations in its casegraph_citation property */
	size_t records_g = 0, records_h = 0;
	for (cg_eid f = 0; f < n; f++) {
		cg_iter it = cg_entity_provs(h, f);
		cg_prov pr;
		ck_assert(cg_iter_next_prov(h, &it, &pr));
		cg_eid e = cg_graph_find_id(g, pr.local_id);
		ck_assert_msg(e != CG_NO_ENTITY, "no original for %s", pr.local_id);
		ck_assert_str_eq(cg_entity_type_name(h, f), cg_entity_type_name(g, e));
		ck_assert_str_eq(cg_entity_name(h, f), cg_entity_name(g, e));
		char *want = citations_of(g, cg_entity_provs(g, e), 1);
		/* the property values, sorted like citations_of */
		char *items[256];
		size_t k = 0, len = 1;
		const char *pn, *pv;
		it = cg_entity_props(h, f);
		while (cg_iter_next_prop(h, &it, &pn, &pv))
			if (strcmp(pn, "casegraph_citation") == 0 && k < 256) {
				items[k++] = (char *)pv;
				len += strlen(pv) + 1;
			}
		for (size_t i = 1; i < k; i++)
			for (size_t j = i; j > 0 && strcmp(items[j - 1], items[j]) > 0; j--) {
				char *t = items[j];
				items[j] = items[j - 1];
				items[j - 1] = t;
			}
		cg_strbuf got = CG_STRBUF_INIT;
		(void)len;
		for (size_t i = 0; i < k; i++)
			ck_assert_int_eq(
			    cg_strbuf_puts(&got, items[i]) || cg_strbuf_putc(&got, '\n'), 0);
		ck_assert_str_eq(cg_strbuf_cstr(&got), want);
		cg_strbuf_free(&got);
		free(want);
	}
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
		cg_iter it = cg_entity_provs(g, e);
		cg_prov pr;
		while (ftm_entity_type(cg_entity_type_name(g, e)) && cg_iter_next_prov(g, &it, &pr))
			records_g++;
	}
	for (cg_eid e = 0; e < n; e++) {
		cg_iter it = cg_entity_provs(h, e);
		cg_prov pr;
		while (cg_iter_next_prov(h, &it, &pr))
			records_h++;
	}
	ck_assert_uint_eq(records_h, records_g);
	/* links: the same ends and types, as many records each */
	records_g = records_h = 0;
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		cg_iter it = cg_link_provs(g, l);
		cg_prov pr;
		while (ftm_entity_type(cg_entity_type_name(g, cg_link_source(g, l))) &&
		       ftm_entity_type(cg_entity_type_name(g, cg_link_target(g, l))) &&
		       cg_iter_next_prov(g, &it, &pr))
			records_g++;
	}
	for (cg_lid l = 0; l < m; l++) {
		cg_iter it = cg_link_provs(h, l);
		cg_prov pr;
		while (cg_iter_next_prov(h, &it, &pr))
			records_h++;
		cg_eid hs = cg_link_source(h, l), ht = cg_link_target(h, l);
		it = cg_entity_provs(h, hs);
		ck_assert(cg_iter_next_prov(h, &it, &pr));
		cg_eid gs = cg_graph_find_id(g, pr.local_id);
		it = cg_entity_provs(h, ht);
		ck_assert(cg_iter_next_prov(h, &it, &pr));
		cg_eid gt = cg_graph_find_id(g, pr.local_id);
		int found = 0;
		for (cg_lid x = 0; x < cg_graph_link_count(g) && !found; x++)
			found = cg_link_source(g, x) == gs && cg_link_target(g, x) == gt &&
			        strcmp(cg_link_type_name(g, x), cg_link_type_name(h, l)) == 0;
		ck_assert_msg(found, "link %s -> %s not in the original", cg_entity_id(g, gs),
		              cg_entity_id(g, gt));
	}
	ck_assert_uint_eq(records_h, records_g);
	cg_graph_free(h);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

START_TEST(stix_bundle_reads_back)
{
	char dir[4200], path[4300];
	cg_graph *g = example(NULL, NULL);
	const char *p = path;

	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/g.stix.json", dir);
	char *s = export_to(g, CG_EXPORT_STIX, path);
	ck_assert_ptr_nonnull(strstr(s, "\"type\":\"bundle\""));
	ck_assert_ptr_nonnull(strstr(s, "\"type\":\"relationship\""));
	ck_assert_ptr_nonnull(strstr(s, "\"relationship_type\":\"attributed-to\""));
	ck_assert_ptr_nonnull(strstr(s, "\"type\":\"report\""));
	ck_assert_ptr_nonnull(strstr(s, "\"spec_version\":\"2.1\""));
	/* the SCO id of a domain: UUIDv5 of {"value":...} in the STIX namespace */
	ck_assert_ptr_nonnull(strstr(s, "\"type\":\"domain-name\""));
	/* a location with its ISO code, casegraph's own objects declared by
	 * its extension definition (tests/test_export_schemas.sh checks the
	 * objects read from STIX keep their types and ids) */
	ck_assert_ptr_nonnull(strstr(s, "\"name\":\"North Korea\",\"country\":\"KP\""));
	ck_assert_ptr_nonnull(strstr(s, "\"type\":\"extension-definition\""));
	ck_assert_ptr_nonnull(strstr(s, "\"type\":\"x-casegraph-document\""));
	ck_assert_ptr_nonnull(strstr(strstr(s, "\"type\":\"x-casegraph-document\""),
	                             "\"extension_type\":\"new-sdo\""));
	free(s);
	/* importers/stix.c reads it without a rejection (load() checks) */
	cg_graph *h = load(&p, 1, NULL, NULL, NULL);
	/* docs/RENDER.md: 78 of 79 entities, 132 of 140 links */
	ck_assert_uint_ge(cg_graph_entity_count(h), cg_graph_entity_count(g) - 1);
	ck_assert_uint_ge(cg_graph_link_count(h), cg_graph_link_count(g) - 8);
	cg_graph_free(h);
	/* deterministic */
	char p2[4300];
	snprintf(p2, sizeof p2, "%s/g2.stix.json", dir);
	free(export_to(g, CG_EXPORT_STIX, p2));
	tu_assert_same_file(path, p2);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

START_TEST(export_writes_atomically)
{
	char dir[4200], path[4300];
	cg_graph *g = cg_graph_new();
	cg_export_opts o = CG_EXPORT_OPTS_INIT;
	cg_error err;

	add(g, "c", "a", "person", "A", NULL);
	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/missing-dir/g.graphml", dir);
	cg_error_clear(&err);
	ck_assert_int_eq(cg_export_path(g, CG_EXPORT_GRAPHML, &o, path, &err), CG_EIO);
	ck_assert_int_ne(access(path, F_OK), 0);
	FILE *f = fopen("/dev/null", "w");
	ck_assert_int_eq(cg_export_stream(g, CG_EXPORT_CSV, &o, f, &err), CG_EINVAL);
	fclose(f);
	/* a pipe (like a device: -o /dev/null) is written in place, never
	 * replaced by a renamed file; a reader keeps the pipe open */
	struct stat before, after;
	char fifo[4300];
	snprintf(fifo, sizeof fifo, "%s/pipe", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	int rd = open(fifo, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(rd, 0);
	ck_assert_int_eq(stat(fifo, &before), 0);
	ck_assert_int_eq(cg_export_path(g, CG_EXPORT_GRAPHML, &o, fifo, &err), 0);
	ck_assert_int_eq(cg_export_path(g, CG_EXPORT_JSONL, &o, fifo, &err), 0);
	ck_assert_int_eq(stat(fifo, &after), 0);
	ck_assert(S_ISFIFO(after.st_mode));
	ck_assert_uint_eq(after.st_ino, before.st_ino);
	char buf[256];
	ck_assert_int_gt(read(rd, buf, sizeof buf), 0);
	close(rd);
	tu_remove_tree(dir);
	cg_graph_free(g);
}
END_TEST

static Suite *render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *tc;

#define ADD(name, fn)                                                                              \
	tc = tcase_create(name);                                                                   \
	tcase_set_timeout(tc, 120);                                                                \
	tcase_add_test(tc, fn);                                                                    \
	suite_add_tcase(s, tc)
	ADD("cg_dot_escape", dot_escape_hostile_names);
	ADD("cg_xml_escape", xml_csv_markdown_escape);
	ADD("cg_redact_name", redact_names_and_identifiers);
	ADD("cg_uuid5", uuid5_known_values);
	ADD("string_tables", string_tables_round_trip);
	ADD("export_format_file", export_format_files_name_a_directory_s_files);
	ADD("cg_select", select_filter_ego_top);
	ADD("cg_dot_write", dot_hostile_names_render_as_text);
	ADD("collapse", dot_collapses_leaves_of_one_type);
	ADD("cap", dot_cap_says_what_it_left_out);
	ADD("groups", dot_groups_by_case_shared_outside);
	ADD("deterministic", dot_is_deterministic);
	ADD("golden_render", golden_render_of_the_example);
	ADD("cg_report_write", golden_briefing_on_the_example);
	ADD("markdown_escaping", briefing_escapes_markdown);
	ADD("markdown_escaping", md_escape_breaks_gfm_autolinks);
	ADD("cg_graphviz_find", graphviz_missing_is_said_clearly);
	ADD("cg_graphviz_run", graphviz_timeout_and_failure);
	ADD("graphml_gexf", graphml_and_gexf_are_well_formed);
	ADD("csv_neo4j", csv_and_neo4j_tables);
	ADD("neo4j_columns", neo4j_property_names_become_plain_unique_columns);
	ADD("neo4j_formulas", neo4j_cells_neutralise_formulas);
	ADD("round_trip_jsonl", round_trip_jsonl_keeps_everything);
	ADD("round_trip_ftm", round_trip_ftm_keeps_entities_links_citations);
	ADD("ftm_members", ftm_export_one_member_per_name);
	ADD("stix", stix_bundle_reads_back);
	ADD("cg_export_path", export_writes_atomically);
#undef ADD
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	cg_analysis_init();
	sr = srunner_create(render_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
