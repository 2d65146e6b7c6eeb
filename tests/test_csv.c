/* Tests of the importers' session API and the graph-CSV importer: format
 * detection, counts that reconcile, provenance lines, cases, and every kind
 * of bad input reported as file:line: reason with the rest of the file kept.
 *
 * The fixed inputs are in tests/data/csv/ (the tests run from that
 * directory, so messages carry short relative paths); inputs with exact
 * bytes (BOM, CRLF, NUL, invalid UTF-8, huge fields) are written at run time
 * under a mkdtemp directory. All names are invented. */
#include "cg_graph.h"
#include "cg_import.h"
#include "cg_strbuf.h"
#include "csv_reader.h"
#include "testutil.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- diagnostics collected from the importer ---- */

#define MAX_DIAGS 32

typedef struct diag_log {
	size_t n;
	int code[MAX_DIAGS];
	long line[MAX_DIAGS];
	int column[MAX_DIAGS];
	char text[MAX_DIAGS][1200]; /* cg_error_format output */
	char msg[MAX_DIAGS][600];   /* the message alone */
} diag_log;

static cg_graph *g;
static diag_log dl;

static void on_diag(void *ctx, const cg_error *d)
{
	diag_log *l = ctx;

	if (l->n >= MAX_DIAGS)
		return;
	l->code[l->n] = d->code;
	l->line[l->n] = d->line;
	l->column[l->n] = d->column;
	cg_error_format(d, l->text[l->n], sizeof l->text[l->n]);
	snprintf(l->msg[l->n], sizeof l->msg[l->n], "%s", d->message);
	l->n++;
}

/* ---- files written at run time ---- */

/* main() makes one directory for the whole run and removes it at the end
 * (a failed test in fork mode exits before its teardown); each test works in
 * its own subdirectory, removed by the teardown. */
static char basedir[64];
static char tmpdir[128];
static char source_root[4096]; /* absolute */
static char datadir[4200];     /* source_root/tests/data/csv, the working directory */

/* Removes path and, if it is a directory, everything in it. */
static void remove_tree(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *de;
	char sub[4096];

	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode) && (d = opendir(path))) {
		while ((de = readdir(d))) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
			remove_tree(sub);
		}
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static void setup(void)
{
	memset(&dl, 0, sizeof dl);
	g = cg_graph_new();
	ck_assert_ptr_nonnull(g);
	snprintf(tmpdir, sizeof tmpdir, "%s/t.XXXXXX", basedir);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	remove_tree(tmpdir);
	cg_graph_free(g);
	g = NULL;
}

/* A copy of path that lives until the end of the test. */
static const char *remember(const char *path)
{
	static char ring[8][256];
	static unsigned next;
	char *p = ring[next++ % 8];

	snprintf(p, sizeof ring[0], "%s", path);
	return p;
}

/* Creates tmpdir/dir (may be NULL) and writes tmpdir/dir/name with n bytes
 * of data. Returns the file's path (owned by the fixture). */
static const char *write_tmp(const char *dir, const char *name, const char *data, size_t n)
{
	char path[256];
	FILE *f;

	if (dir) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, dir);
		mkdir(path, 0700);
		snprintf(path, sizeof path, "%s/%s/%s", tmpdir, dir, name);
	} else {
		snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	}
	f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
	return remember(path);
}

#define WRITE_TMP(dir, name, lit) write_tmp((dir), (name), (lit), sizeof(lit) - 1)

/* ---- importing ---- */

/* Imports one file into g with opts (NULL: defaults, diagnostics into dl). */
static int import_one(const char *path, const cg_import_opts *opts, cg_format fmt,
                      cg_import_stats *st, cg_error *err)
{
	return tu_import(g, path, fmt, opts, on_diag, &dl, st, err);
}

/* Imports a nodes file then a links file in one session (the links may only
 * name the nodes' ids); *st gets the links file's counts. */
static int import_pair(const char *nodes, const char *links, cg_import_stats *st, cg_error *err)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats nst;
	cg_import *imp;
	int rc;

	o.diag = on_diag;
	o.diag_ctx = &dl;
	imp = cg_import_new(g, &o);
	ck_assert_ptr_nonnull(imp);
	memset(&nst, 0, sizeof nst);
	memset(st, 0, sizeof *st);
	cg_error_clear(err);
	rc = cg_import_file(imp, nodes, CG_FMT_UNKNOWN, &nst, err);
	if (!rc)
		rc = cg_import_file(imp, links, CG_FMT_UNKNOWN, st, err);
	cg_import_free(imp);
	return rc;
}

static const char *fmt_err(const cg_error *err)
{
	static char buf[1200];
	cg_error_format(err, buf, sizeof buf);
	return buf;
}

/* The one provenance record of e: its line and case. */
static long prov_line(cg_eid e, const char **kase)
{
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;

	ck_assert_int_eq(cg_iter_next_prov(g, &it, &p), 1);
	if (kase)
		*kase = p.case_name;
	return p.line;
}

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

static cg_eid local(const char *kase, const char *id)
{
	cg_eid e = cg_graph_find_local(g, kase, id);
	ck_assert_msg(e != CG_NO_ENTITY, "no entity %s in case %s", id, kase);
	return e;
}

/* ================= cg_format_to_string / _from_string ================= */

START_TEST(format_strings_round_trip)
{
	for (int f = 0; f < CG_FORMAT_COUNT; f++) {
		const char *s = cg_format_to_string((cg_format)f);
		ck_assert_ptr_nonnull(s);
		if (f != CG_FMT_UNKNOWN)
			ck_assert_int_eq(cg_format_from_string(s), f);
	}
	ck_assert_str_eq(cg_format_to_string(CG_FMT_NODES_CSV), "nodes");
	ck_assert_str_eq(cg_format_to_string(CG_FMT_LINKS_CSV), "links");
	ck_assert_str_eq(cg_format_to_string(CG_FMT_JSONL), "jsonl");
	ck_assert_ptr_null(cg_format_to_string(CG_FORMAT_COUNT));
	ck_assert_ptr_null(cg_format_to_string((cg_format)-1));
	ck_assert_int_eq(cg_format_from_string("csv"), CG_FMT_UNKNOWN);
	ck_assert_int_eq(cg_format_from_string(""), CG_FMT_UNKNOWN);
}
END_TEST

/* ================= cg_import_stats_add ================= */

START_TEST(stats_add_sums_every_count)
{
	cg_import_stats a = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	cg_import_stats b = {10, 20, 30, 40, 50, 60, 70, 80, 90};

	cg_import_stats_add(&a, &b);
	ck_assert_uint_eq(a.read, 11);
	ck_assert_uint_eq(a.imported, 22);
	ck_assert_uint_eq(a.rejected, 33);
	ck_assert_uint_eq(a.skipped, 44);
	ck_assert_uint_eq(a.entities_created, 55);
	ck_assert_uint_eq(a.entities_merged, 66);
	ck_assert_uint_eq(a.links_created, 77);
	ck_assert_uint_eq(a.links_merged, 88);
	ck_assert_uint_eq(a.nodes_from_edges, 99);
	ck_assert_uint_eq(b.read, 10); /* from is left as it was */
}
END_TEST

/* ================= cg_import_detect ================= */

START_TEST(detect_nodes_links_jsonl)
{
	cg_format f = CG_FMT_UNKNOWN;
	cg_error err;

	cg_error_clear(&err);
	ck_assert_int_eq(cg_import_detect("good/harbor/nodes.csv", &f, &err), 0);
	ck_assert_int_eq(f, CG_FMT_NODES_CSV);
	ck_assert_int_eq(cg_import_detect("good/harbor/links.csv", &f, &err), 0);
	ck_assert_int_eq(f, CG_FMT_LINKS_CSV);
	/* header cells are matched without quotes and case */
	ck_assert_int_eq(cg_import_detect("detect/quoted_edges.csv", &f, &err), 0);
	ck_assert_int_eq(f, CG_FMT_LINKS_CSV);
	ck_assert_int_eq(cg_import_detect("detect/empty_graph.jsonl", &f, &err), 0);
	ck_assert_int_eq(f, CG_FMT_JSONL);
	ck_assert_int_eq(err.code, 0);
}
END_TEST

/* The table of formats is tried in its order, and a JSON format only on
 * text that starts with { or [. */
START_TEST(detect_follows_the_table_order)
{
	static const struct {
		const char *name, *text;
		cg_format want;
	} cases[] = {
	    /* links before nodes: a header naming all four is a links file */
	    {"both.csv", "id,type,source,target\n1,person,a,b\n", CG_FMT_LINKS_CSV},
	    /* a STIX bundle before a MISP event, whichever member comes first */
	    {"both.json", "{\"Event\": {}, \"type\": \"bundle\", \"objects\": []}\n", CG_FMT_STIX},
	    /* a report by its extension, a report by its heading */
	    {"notes.txt", "id,type\n", CG_FMT_REPORT},
	    {"notes", "intro\n## Indicators\n", CG_FMT_REPORT},
	};
	char dir[256], path[512];
	cg_format f;
	cg_error err;

	tu_mkdtemp(NULL, dir, sizeof dir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, cases[i].name);
		tu_write_file(path, cases[i].text, strlen(cases[i].text));
		cg_error_clear(&err);
		ck_assert_int_eq(cg_import_detect(path, &f, &err), 0);
		ck_assert_msg(f == cases[i].want, "%s: %s", cases[i].name, cg_format_to_string(f));
	}
	/* JSON text named .md is not a report: the JSON formats alone are tried */
	snprintf(path, sizeof path, "%s/x.md", dir);
	tu_write_file(path, "{\"a\": 1}\n", 9);
	ck_assert_int_eq(cg_import_detect(path, &f, &err), CG_EFORMAT);
	ck_assert_ptr_nonnull(strstr(err.message, "JSON that casegraph does not know"));
	tu_remove_tree(dir);
}
END_TEST

/* The formats a JSON document is tried as, in the failure message. */
#define TRIED                                                                                      \
	"casegraph JSONL ({\"format\": \"casegraph\"} first), STIX (\"type\": \"bundle\" or an "   \
	"id bundle--...), MISP (\"Event\"), FollowTheMoney (\"schema\", \"properties\" on each "   \
	"line), mapping (\"entities\", \"files\")"

START_TEST(detect_unknown_is_eformat)
{
	cg_format f = CG_FMT_NODES_CSV;
	cg_error err;

	cg_error_clear(&err);
	ck_assert_int_eq(cg_import_detect("detect/unknown.csv", &f, &err), CG_EFORMAT);
	ck_assert_int_eq(f, CG_FMT_UNKNOWN);
	ck_assert_int_eq(err.code, CG_EFORMAT);
	ck_assert_str_eq(
	    fmt_err(&err),
	    "detect/unknown.csv:1: cannot detect the format: not casegraph JSONL, and the "
	    "first line is not a graph-CSV header (id,type,name... or source,target...)");
	ck_assert_int_eq(cg_import_detect("detect/other.json", &f, &err), CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err),
	                 "detect/other.json:1: JSON that casegraph does not know: a JSON object "
	                 "with members hello, n. Tried: " TRIED);
	/* what was seen: an array, a bundle-like object, broken JSON */
	ck_assert_int_eq(cg_import_detect("detect/other_array.json", &f, &err), CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err),
	                 "detect/other_array.json:1: JSON that casegraph does not know: a JSON "
	                 "array whose first element has members a. Tried: " TRIED);
	ck_assert_int_eq(cg_import_detect("detect/other_collection.json", &f, &err), CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err),
	                 "detect/other_collection.json:1: JSON that casegraph does not know: a "
	                 "JSON object with members type, id, objects; \"type\" is \"collection\"; "
	                 "its first object is of type \"indicator\". Tried: " TRIED);
	ck_assert_int_eq(cg_import_detect("detect/broken.json", &f, &err), CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err),
	                 "detect/broken.json:1: JSON that casegraph does not know: a JSON object "
	                 "with members a; then invalid JSON at line 3, column 1: expected ',' or "
	                 "'}' (found '\"'). Tried: " TRIED);
	ck_assert_int_eq(cg_import_detect("detect/blank.csv", &f, &err), CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err), "detect/blank.csv: empty file");
	ck_assert_int_eq(cg_import_detect("bad/empty.csv", &f, &err), CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err), "bad/empty.csv: empty file");
}
END_TEST

START_TEST(detect_json_and_report_formats)
{
	static const struct {
		const char *path;
		cg_format want;
	} cases[] = {
	    {"detect/stix.json", CG_FMT_STIX}, {"detect/misp.json", CG_FMT_MISP},
	    {"detect/ftm.json", CG_FMT_FTM},   {"detect/mapping.json", CG_FMT_MAPPING},
	    {"detect/notes", CG_FMT_REPORT},
	};
	cg_error err;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cg_format f = CG_FMT_UNKNOWN;
		cg_error_clear(&err);
		ck_assert_msg(cg_import_detect(cases[i].path, &f, &err) == 0, "%s: %s",
		              cases[i].path, fmt_err(&err));
		ck_assert_msg(f == cases[i].want, "%s detected as %s", cases[i].path,
		              cg_format_to_string(f));
	}
}
END_TEST

/* A STIX bundle of n indicators in buf (of size cap): pretty-printed or on
 * one line, its "type" before or after "objects" or missing, after a BOM
 * or not. Returns the length. */
static size_t make_bundle(char *buf, size_t cap, size_t n, int pretty, int type_last, int no_type,
                          int bom)
{
	const char *nl = pretty ? "\n  " : "";
	size_t k = 0;

	if (bom)
		k += (size_t)snprintf(buf + k, cap - k, "\xEF\xBB\xBF");
	k += (size_t)snprintf(buf + k, cap - k, "{%s", nl);
	if (!type_last && !no_type)
		k += (size_t)snprintf(buf + k, cap - k, "\"type\": \"bundle\",%s", nl);
	k += (size_t)snprintf(buf + k, cap - k,
	                      "\"id\": \"bundle--00000000-0000-4000-8000-00000000000b\",%s"
	                      "\"objects\": [",
	                      nl);
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(
		    buf + k, cap - k,
		    "%s%s{\"type\": \"indicator\", \"spec_version\": \"2.1\", \"id\": "
		    "\"indicator--00000000-0000-4000-8000-%012zu\", \"created\": "
		    "\"2024-01-10T00:00:00.000Z\", \"modified\": \"2024-01-10T00:00:00.000Z\", "
		    "\"pattern_type\": \"stix\", \"pattern\": \"[ipv4-addr:value = "
		    "'198.51.100.%zu']\", "
		    "\"valid_from\": \"2024-01-10T00:00:00Z\"}",
		    i ? "," : "", nl, i + 1, i % 250 + 1);
	k += (size_t)snprintf(buf + k, cap - k, "]");
	if (type_last && !no_type)
		k += (size_t)snprintf(buf + k, cap - k, ",%s\"type\": \"bundle\"", nl);
	k += (size_t)snprintf(buf + k, cap - k, "%s}\n", pretty ? "\n" : "");
	ck_assert_uint_lt(k, cap);
	return k;
}

/* Issue 15: a bundle is known by its top-level members wherever they are:
 * "type" after a 1 MB objects array, after a byte-order mark, pretty or
 * minified, or no "type" and a bundle--... id. Each is read whole. */
START_TEST(detect_stix_by_members)
{
	size_t cap = 4u << 20, len;
	char *buf = malloc(cap);
	char dir[256], path[512];
	cg_format f;
	cg_error err;

	ck_assert_ptr_nonnull(buf);
	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/bundle.json", dir);
	for (int v = 0; v < 8; v++) {
		int pretty = v & 1, type_last = (v >> 1) & 1, bom = (v >> 2) & 1;
		len = make_bundle(buf, cap, 4000, pretty, type_last, 0, bom);
		ck_assert_uint_gt(len, 1000000);
		tu_write_file(path, buf, len);
		cg_error_clear(&err);
		f = CG_FMT_UNKNOWN;
		ck_assert_msg(cg_import_detect(path, &f, &err) == 0, "variant %d: %s", v,
		              err.message);
		ck_assert_int_eq(f, CG_FMT_STIX);
	}
	/* known only by its id, and read */
	len = make_bundle(buf, cap, 3, 1, 0, 1, 0);
	tu_write_file(path, buf, len);
	ck_assert_int_eq(cg_import_detect(path, &f, &err), 0);
	ck_assert_int_eq(f, CG_FMT_STIX);
	cg_import *imp = cg_import_new(g, NULL);
	cg_import_stats st = {0};
	ck_assert_msg(cg_import_file(imp, path, CG_FMT_UNKNOWN, &st, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(st.read, 3);
	cg_import_free(imp);
	/* the small fixture with "type" last reads as the one with it first */
	ck_assert_int_eq(cg_import_detect("../stix/good/type_last.json", &f, &err), 0);
	ck_assert_int_eq(f, CG_FMT_STIX);
	imp = cg_import_new(g, NULL);
	memset(&st, 0, sizeof st);
	ck_assert_int_eq(
	    cg_import_file(imp, "../stix/good/type_last.json", CG_FMT_UNKNOWN, &st, &err), 0);
	ck_assert_uint_eq(st.read, 9);
	cg_import_free(imp);
	tu_remove_tree(dir);
	free(buf);
}
END_TEST

/* A MISP event whose "Event" comes after 100 KB of other members; a
 * one-line FtM entity stays FtM, a pretty-printed one is not JSON Lines. */
START_TEST(detect_misp_and_lines_by_members)
{
	size_t pad = 100000;
	char *buf = malloc(pad + 200);
	char dir[256], path[512];
	cg_format f;
	cg_error err;
	const char *text;
	size_t k;

	ck_assert_ptr_nonnull(buf);
	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/event.json", dir);
	k = (size_t)snprintf(buf, 64, "{\"note\": \"");
	memset(buf + k, 'x', pad);
	k += pad;
	k += (size_t)snprintf(buf + k, 120,
	                      "\",\n \"Event\": {\"info\": \"late\", \"Attribute\": []}}\n");
	tu_write_file(path, buf, k);
	cg_error_clear(&err);
	ck_assert_msg(cg_import_detect(path, &f, &err) == 0, "%s", err.message);
	ck_assert_int_eq(f, CG_FMT_MISP);
	snprintf(path, sizeof path, "%s/ftm.json", dir);
	text = "{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {\"name\": [\"A\"]}}\n"
	       "{\"id\": \"b\", \"schema\": \"Person\", \"properties\": {\"name\": [\"B\"]}}\n";
	tu_write_file(path, text, strlen(text));
	ck_assert_int_eq(cg_import_detect(path, &f, &err), 0);
	ck_assert_int_eq(f, CG_FMT_FTM);
	text = "{\n  \"id\": \"a\",\n  \"schema\": \"Person\",\n  \"properties\": {}\n}\n";
	tu_write_file(path, text, strlen(text));
	ck_assert_int_eq(cg_import_detect(path, &f, &err), CG_EFORMAT);
	snprintf(buf, pad,
	         "%s:1: JSON that casegraph does not know: a JSON object with members "
	         "id, schema, properties. Tried: ",
	         path);
	ck_assert_msg(strncmp(fmt_err(&err), buf, strlen(buf)) == 0, "%s", fmt_err(&err));
	tu_remove_tree(dir);
	free(buf);
}
END_TEST

/* The MITRE ATT&CK ICS bundle of ../shared (STIX 2.1) is a bundle. */
START_TEST(detect_real_attack_bundle)
{
	const char *shared = tu_shared_root();
	char path[4200];
	cg_format f = CG_FMT_UNKNOWN;
	cg_error err;

	if (!shared) {
		printf(
		    "skipped: detect_real_attack_bundle needs ../shared/realdata (absent here)\n");
		return;
	}
	snprintf(path, sizeof path, "%s/realdata/mitre-attack-ics/ics-attack-18.1.json", shared);
	cg_error_clear(&err);
	ck_assert_msg(cg_import_detect(path, &f, &err) == 0, "%s", err.message);
	ck_assert_int_eq(f, CG_FMT_STIX);
}
END_TEST

/* A folder given as an input: its files sorted by name, subfolders in
 * their place, dot names left out, README/LICENSE listed as skipped; a file
 * of a folder whose format is not detected is skipped with a note, a file
 * named on its own is not; a folder's counts are its files'. */
START_TEST(folder_expanded_sorted_and_skipped)
{
	char dir[256], path[600];
	static const char *const files[] = {"b/z.csv",     "a.csv",       "b/a/x.csv",
	                                    "README.md",   "LICENSE.txt", ".hidden.csv",
	                                    ".git/config", "c.dat"};
	const char *nodes = "id,type,name\nn1,person,Ann Example\n";
	cg_input_list l;
	cg_error err;

	tu_mkdtemp(NULL, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/f", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/f/b", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/f/b/a", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/f/.git", dir);
	mkdir(path, 0700);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/f/%s", dir, files[i]);
		tu_write_file(path, i == 7 ? "zzz\n" : nodes, i == 7 ? 4 : strlen(nodes));
	}
	ck_assert_int_eq(chdir(dir), 0);
	const char *in[] = {"f/", "f/README.md"};
	cg_error_clear(&err);
	ck_assert_int_eq(cg_import_expand(in, 2, &l, &err), 0);
	static const char *const want[] = {"f/LICENSE.txt", "f/README.md", "f/a.csv",
	                                   "f/b/a/x.csv",   "f/b/z.csv",   "f/c.dat",
	                                   "f/README.md"};
	ck_assert_uint_eq(l.n, 7);
	for (size_t i = 0; i < l.n; i++) {
		ck_assert_str_eq(l.paths[i], want[i]);
		ck_assert_int_eq(l.in_folder[i], i < 6);
		ck_assert_uint_eq(l.from[i], i < 6 ? 0 : 1);
		ck_assert_int_eq(l.skip[i] != NULL, i < 2);
	}
	/* read: the folder's files, the README named on its own; c.dat noted */
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	o.diag = on_diag;
	o.diag_ctx = &dl;
	cg_import *imp = cg_import_new(g, &o);
	cg_format fm[2];
	cg_import_stats st[2] = {{0}};
	ck_assert_msg(cg_import_files(imp, in, 2, fm, st, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(st[0].read, 3);
	ck_assert_int_eq(fm[0], CG_FMT_NODES_CSV);
	ck_assert_int_eq(fm[1], CG_FMT_REPORT);
	ck_assert_uint_eq(dl.n, 3);
	ck_assert_str_eq(dl.text[0], "f/LICENSE.txt: skipped: README, LICENSE, CHANGELOG and "
	                             "COPYING files in a folder are not read (name the file to "
	                             "read it)");
	ck_assert_str_eq(dl.text[2], "f/c.dat: skipped: cannot detect the format: not casegraph "
	                             "JSONL, and the first line is not a graph-CSV header "
	                             "(id,type,name... or source,target...)");
	ck_assert_int_eq(dl.code[2], CG_OK);
	/* the case of a file in a folder is its own folder's name */
	ck_assert_uint_gt(cg_graph_entity_count(g), 0);
	cg_import_free(imp);
	/* a file of unknown format named on its own still fails */
	const char *bad[] = {"f", "f/c.dat"};
	imp = cg_import_new(g, NULL);
	ck_assert_int_eq(cg_import_files(imp, bad, 2, NULL, NULL, &err), CG_EFORMAT);
	ck_assert_str_eq(err.file, "f/c.dat");
	cg_import_free(imp);
	ck_assert_int_eq(chdir(datadir), 0);
	tu_remove_tree(dir);
	cg_input_list_free(&l);
}
END_TEST

START_TEST(detect_missing_file_is_eio)
{
	cg_format f;
	cg_error err;

	cg_error_clear(&err);
	ck_assert_int_eq(cg_import_detect("no/such/file.csv", &f, &err), CG_EIO);
	ck_assert_int_eq(err.code, CG_EIO);
	ck_assert_str_eq(fmt_err(&err), "no/such/file.csv: cannot open: No such file or directory");
}
END_TEST

/* What is not a regular file is refused before it is opened (it would be
 * opened twice: a FIFO blocks, a device never ends, a directory reads as
 * an empty file), by detection and by cg_import_file given a format. */
START_TEST(detect_not_a_regular_file)
{
	cg_import *imp = cg_import_new(g, NULL);
	cg_import_stats st = {0};
	cg_format f;
	cg_error err;

	cg_error_clear(&err);
	ck_assert_int_eq(cg_import_detect("good", &f, &err), CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err), "good: is a directory");
	ck_assert_int_eq(cg_import_detect("/dev/null", &f, &err), CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err), "/dev/null: not a regular file (casegraph reads its inputs "
	                                "twice: save the data to a file first)");
	ck_assert_int_eq(cg_import_file(imp, "/dev/null", CG_FMT_NODES_CSV, &st, &err), CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err), "/dev/null: not a regular file (casegraph reads its inputs "
	                                "twice: save the data to a file first)");
	ck_assert_int_eq(cg_import_file(imp, "good", CG_FMT_JSONL, &st, &err), CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err), "good: is a directory");
	ck_assert_uint_eq(st.read, 0);
	cg_import_free(imp);
}
END_TEST

/* ================= cg_import_new / cg_import_free ================= */

START_TEST(import_new_fills_defaults)
{
	cg_import *imp = cg_import_new(g, NULL);
	cg_import_stats st = {0};
	cg_error err;
	const char *path = WRITE_TMP("edges", "e.csv", "source,target\na,b\n");

	ck_assert_ptr_nonnull(imp);
	cg_error_clear(&err);
	ck_assert_int_eq(cg_import_file(imp, path, CG_FMT_UNKNOWN, &st, &err), 0);
	/* an edge list's nodes get the default type "unknown" */
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	ck_assert_str_eq(cg_entity_type_name(g, 0), "unknown");
	cg_import_free(imp);
	cg_import_free(NULL);
}
END_TEST

/* ================= cg_import_file ================= */

START_TEST(import_good_nodes_counts_and_lines)
{
	cg_import_stats st;
	cg_error err;
	const char *kase = NULL;

	ck_assert_int_eq(import_one("good/harbor/nodes.csv", NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 5, 5, 0);
	ck_assert_uint_eq(st.entities_created, 5);
	ck_assert_uint_eq(st.entities_merged, 0);
	ck_assert_uint_eq(dl.n, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 5);
	ck_assert_int_eq(prov_line(local("harbor", "p1"), &kase), 2);
	ck_assert_str_eq(kase, "harbor");
	/* p2's note spans lines 3-4: the next record is on physical line 5 */
	ck_assert_int_eq(prov_line(local("harbor", "p2"), NULL), 3);
	ck_assert_int_eq(prov_line(local("harbor", "c1"), NULL), 5);
	ck_assert_int_eq(prov_line(local("harbor", "e1"), NULL), 6);
	ck_assert_int_eq(prov_line(local("harbor", "b1"), NULL), 7);
}
END_TEST

START_TEST(import_quoted_field_spanning_lines_kept_exactly)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("good/harbor/nodes.csv", NULL, CG_FMT_NODES_CSV, &st, &err), 0);
	ck_assert_str_eq(cg_entity_prop(g, local("harbor", "p2"), "note"),
	                 "persona used\non two contracts");
	ck_assert_str_eq(cg_entity_prop(g, local("harbor", "p1"), "note"),
	                 "hosts laptops; \"remote\" desk");
	/* other columns become normalised properties */
	ck_assert_str_eq(cg_entity_prop(g, local("harbor", "p1"), "dob"), "1970-01-01");
	ck_assert_str_eq(cg_entity_prop(g, local("harbor", "p1"), "nationality"), "US");
	ck_assert_str_eq(cg_entity_id(g, local("harbor", "b1")),
	                 "bank_account:iban:GB82WEST12345698765432");
}
END_TEST

START_TEST(import_good_links_counts_and_money)
{
	cg_import_stats st;
	cg_error err;
	int64_t minor;
	const char *cur;
	cg_prov p;
	cg_iter it;

	ck_assert_int_eq(import_pair("good/harbor/nodes.csv", "good/harbor/links.csv", &st, &err),
	                 0);
	ASSERT_COUNTS(st, 6, 6, 0);
	ck_assert_uint_eq(st.links_created, 6);
	ck_assert_uint_eq(st.links_merged, 0);
	ck_assert_uint_eq(st.nodes_from_edges, 0);
	ck_assert_uint_eq(cg_graph_link_count(g), 6);
	ck_assert_uint_eq(cg_graph_entity_count(g), 5);
	/* links 2 and 3 are the payments of rows 4 and 5: equal (the amount and
	 * date written otherwise), but two rows of one file are two payments */
	ck_assert_str_eq(cg_link_type_name(g, 2), "pays");
	ck_assert_uint_eq(cg_link_source(g, 2), local("harbor", "b1"));
	ck_assert_uint_eq(cg_link_target(g, 2), local("harbor", "p1"));
	ck_assert_int_eq(cg_link_amount(g, 2, &minor, &cur), 1);
	ck_assert_int_eq(minor, 125000);
	ck_assert_str_eq(cur, "USD");
	it = cg_link_provs(g, 2);
	ck_assert_int_eq(cg_iter_next_prov(g, &it, &p), 1);
	ck_assert_int_eq(p.line, 4);
	ck_assert_str_eq(p.file, "good/harbor/links.csv");
	ck_assert_str_eq(p.case_name, "harbor");
	ck_assert_int_eq(cg_iter_next_prov(g, &it, &p), 0);
	ck_assert_int_eq(cg_link_amount(g, 3, &minor, &cur), 1);
	ck_assert_int_eq(minor, 125000);
	it = cg_link_provs(g, 3);
	ck_assert_int_eq(cg_iter_next_prov(g, &it, &p), 1);
	ck_assert_int_eq(p.line, 5);
	ck_assert_int_eq(cg_iter_next_prov(g, &it, &p), 0);
	ck_assert_int_eq(cg_link_directed(g, 5), 0); /* associate_of */
}
END_TEST

START_TEST(import_case_from_case_column)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	const char *kase;

	/* the column wins over the option */
	o.case_name = "other";
	ck_assert_int_eq(import_one("good/harbor/nodes.csv", &o, CG_FMT_UNKNOWN, &st, &err), 0);
	prov_line(local("harbor", "p1"), &kase);
	ck_assert_str_eq(kase, "harbor");
	ck_assert_uint_eq(cg_graph_find_local(g, "other", "p1"), CG_NO_ENTITY);
}
END_TEST

START_TEST(import_case_from_option)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	const char *kase;

	o.case_name = "override";
	ck_assert_int_eq(import_one("good/nocase/nodes.csv", &o, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 2, 2, 0);
	prov_line(local("override", "p1"), &kase);
	ck_assert_str_eq(kase, "override");
	ck_assert_uint_eq(cg_graph_find_local(g, "nocase", "p1"), CG_NO_ENTITY);
}
END_TEST

START_TEST(import_case_from_directory_name)
{
	cg_import_stats st;
	cg_error err;
	const char *p;

	ck_assert_int_eq(import_one("good/nocase/nodes.csv", NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	local("nocase", "p1");
	/* "." in the path names no directory: it is resolved */
	ck_assert_int_eq(import_one("good/nocase/./nodes.csv", NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ck_assert_uint_eq(cg_graph_find_local(g, ".", "p1"), CG_NO_ENTITY);
	/* same case and id as the first import: merged, not duplicated */
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	/* a case column left empty falls back to the directory as well */
	p = WRITE_TMP("sandbar", "nodes.csv", "id,type,name,case\nq1,person,Ivo Marsh,\n");
	ck_assert_int_eq(import_one(p, NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	local("sandbar", "q1");
}
END_TEST

START_TEST(import_case_from_current_directory)
{
	cg_import_stats st;
	cg_error err;
	char dir[256];
	int rc;

	WRITE_TMP("loose", "nodes.csv", "id,type,name\nq1,person,Ivo Marsh\n");
	snprintf(dir, sizeof dir, "%s/loose", tmpdir);
	ck_assert_int_eq(chdir(dir), 0);
	/* a bare file name: the case is the current directory's name */
	rc = import_one("nodes.csv", NULL, CG_FMT_UNKNOWN, &st, &err);
	ck_assert_int_eq(chdir(datadir), 0);
	ck_assert_int_eq(rc, 0);
	local("loose", "q1");
	ck_assert_uint_eq(cg_graph_find_local(g, ".", "q1"), CG_NO_ENTITY);
}
END_TEST

START_TEST(import_aliases_split_on_semicolon)
{
	cg_import_stats st;
	cg_error err;
	char buf[256];

	ck_assert_int_eq(import_one("good/nocase/nodes.csv", NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ck_assert_str_eq(join_strs(cg_entity_aliases(g, local("nocase", "p1")), buf, sizeof buf),
	                 "W. Hale|Wrenna Hale");
	ck_assert_str_eq(join_strs(cg_entity_roles(g, local("nocase", "p1")), buf, sizeof buf), "");
}
END_TEST

START_TEST(import_roles_split_and_lower_cased)
{
	cg_import_stats st;
	cg_error err;
	char buf[256];

	ck_assert_int_eq(import_one("good/nocase/nodes.csv", NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ck_assert_str_eq(join_strs(cg_entity_roles(g, local("nocase", "p2")), buf, sizeof buf),
	                 "nominee");
	ck_assert_str_eq(join_strs(cg_entity_aliases(g, local("nocase", "p2")), buf, sizeof buf),
	                 "");
}
END_TEST

/* A row with both a role and aliases keeps both lists intact. */
START_TEST(import_roles_and_aliases_in_one_row_both_kept)
{
	cg_import_stats st;
	cg_error err;
	char buf[256];
	cg_eid p1;

	ck_assert_int_eq(import_one("good/harbor/nodes.csv", NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	p1 = local("harbor", "p1");
	ck_assert_str_eq(join_strs(cg_entity_roles(g, p1), buf, sizeof buf),
	                 "facilitator|recruiter");
	ck_assert_str_eq(join_strs(cg_entity_aliases(g, p1), buf, sizeof buf), "O. Venn|Orla V.");
}
END_TEST

START_TEST(import_bom_crlf_and_blank_lines_accepted)
{
	static const char data[] = "\xEF\xBB\xBFid,type,name,case\r\n"
	                           "p1,person,Orla Venn,alpha\r\n"
	                           "p2,person,\"Tamsin\r\nRoe\",alpha\r\n"
	                           "\r\n"
	                           "p3,email,ops@harbor-quill.example,\"alpha\"\r\n"
	                           "p4,person,Ivo Marsh,alpha"; /* no final newline */
	const char *path = write_tmp(NULL, "bom.csv", data, sizeof data - 1);
	cg_import_stats st;
	cg_error err;
	const char *kase;

	ck_assert_int_eq(import_one(path, NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 4, 4, 0);
	ck_assert_uint_eq(dl.n, 0);
	ck_assert_int_eq(prov_line(local("alpha", "p1"), &kase), 2);
	ck_assert_str_eq(kase, "alpha");
	ck_assert_str_eq(cg_entity_name(g, local("alpha", "p1")), "Orla Venn");
	ck_assert_int_eq(prov_line(local("alpha", "p2"), NULL), 3);
	ck_assert_str_eq(cg_entity_name(g, local("alpha", "p2")), "Tamsin\r\nRoe");
	ck_assert_int_eq(prov_line(local("alpha", "p3"), NULL), 6);
	ck_assert_int_eq(prov_line(local("alpha", "p4"), NULL), 7);
}
END_TEST

START_TEST(import_header_only_reads_nothing)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("good/header_only.csv", NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 0, 0, 0);
	ck_assert_int_eq(err.code, 0);
	ck_assert_uint_eq(dl.n, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
}
END_TEST

START_TEST(import_empty_file_refused)
{
	cg_import_stats st;
	cg_error err;

	/* forced CSV: the importer itself finds no header */
	ck_assert_int_eq(import_one("bad/empty.csv", NULL, CG_FMT_NODES_CSV, &st, &err), CG_EPARSE);
	ck_assert_int_eq(err.code, CG_EPARSE);
	ck_assert_int_eq(err.line, 0);
	ck_assert_str_eq(fmt_err(&err), "bad/empty.csv: empty file: no header row");
	ASSERT_COUNTS(st, 0, 0, 0);
	/* detected: detection refuses it first */
	ck_assert_int_eq(import_one("bad/empty.csv", NULL, CG_FMT_UNKNOWN, &st, &err), CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err), "bad/empty.csv: empty file");
	/* a file of blank lines is empty too */
	ck_assert_int_eq(import_one("detect/blank.csv", NULL, CG_FMT_LINKS_CSV, &st, &err),
	                 CG_EPARSE);
	ck_assert_str_eq(fmt_err(&err), "detect/blank.csv: empty file: no header row");
	ck_assert_uint_eq(dl.n, 0);
}
END_TEST

START_TEST(import_missing_file_is_eio)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("no/such.csv", NULL, CG_FMT_NODES_CSV, &st, &err), CG_EIO);
	ck_assert_str_eq(fmt_err(&err), "no/such.csv: cannot open: No such file or directory");
	ck_assert_int_eq(import_one("no/such.csv", NULL, CG_FMT_UNKNOWN, &st, &err), CG_EIO);
}
END_TEST

START_TEST(import_unterminated_quote_mid_file_rejected_rest_kept)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("bad/unterminated_mid.csv", NULL, CG_FMT_UNKNOWN, &st, &err),
	                 0);
	ASSERT_COUNTS(st, 4, 3, 1);
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_int_eq(dl.code[0], CG_EPARSE);
	ck_assert_str_eq(dl.text[0], "bad/unterminated_mid.csv:3: unterminated quoted field");
	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p2"), CG_NO_ENTITY);
	ck_assert_int_eq(prov_line(local("alpha", "p3"), NULL), 4);
	ck_assert_int_eq(prov_line(local("alpha", "p4"), NULL), 5);
}
END_TEST

START_TEST(import_unterminated_quote_at_end_rejected)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("bad/unterminated_end.csv", NULL, CG_FMT_UNKNOWN, &st, &err),
	                 0);
	ASSERT_COUNTS(st, 3, 2, 1);
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_str_eq(dl.text[0], "bad/unterminated_end.csv:4: unterminated quoted field");
	local("alpha", "p1");
	local("alpha", "p2");
	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p3"), CG_NO_ENTITY);
}
END_TEST

START_TEST(import_stray_quote_rejected_rest_kept)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("bad/stray_quote.csv", NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 4, 2, 2);
	ck_assert_uint_eq(dl.n, 2);
	ck_assert_int_eq(dl.code[0], CG_EPARSE);
	ck_assert_str_eq(dl.text[0], "bad/stray_quote.csv:3: malformed quoting (a quote inside an "
	                             "unquoted field, or text after a closing quote)");
	ck_assert_str_eq(dl.text[1], "bad/stray_quote.csv:4: malformed quoting (a quote inside an "
	                             "unquoted field, or text after a closing quote)");
	ck_assert_int_eq(prov_line(local("alpha", "p1"), NULL), 2);
	ck_assert_int_eq(prov_line(local("alpha", "p4"), NULL), 5);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
}
END_TEST

START_TEST(import_wrong_column_count_rejected)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("bad/wrong_columns.csv", NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 4, 2, 2);
	ck_assert_uint_eq(dl.n, 2);
	ck_assert_int_eq(dl.code[0], CG_EPARSE);
	ck_assert_str_eq(dl.text[0], "bad/wrong_columns.csv:3: expected 5 fields, found 4");
	ck_assert_int_eq(dl.code[1], CG_EPARSE);
	ck_assert_str_eq(dl.text[1], "bad/wrong_columns.csv:4: expected 5 fields, found 6");
	local("alpha", "p1");
	local("alpha", "p4");
}
END_TEST

START_TEST(import_unknown_type_rejected_custom_kept)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("bad/unknown_type.csv", NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 3, 2, 1);
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_int_eq(dl.code[0], CG_EPARSE);
	ck_assert_int_eq(dl.line[0], 3);
	ck_assert_str_eq(dl.msg[0], "unknown entity type 'persn' (did you mean 'person'?)");
	ck_assert_str_eq(cg_entity_type_name(g, local("alpha", "p3")), "vessel");
	/* docs/IMPORT.md: "the column, when known, is the 1-based field", shown
	 * for exactly this case as file:14:2: unknown entity type 'persn' */
	ck_assert_str_eq(
	    dl.text[0],
	    "bad/unknown_type.csv:3:2: unknown entity type 'persn' (did you mean 'person'?)");
}
END_TEST

START_TEST(import_bad_values_rejected_with_reason)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("bad/bad_values.csv", NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 5, 2, 3);
	ck_assert_uint_eq(dl.n, 3);
	ck_assert_int_eq(dl.code[0], CG_EPARSE);
	ck_assert_str_eq(dl.text[0], "bad/bad_values.csv:3:1: empty id");
	/* the column of errors found by the graph is not pinned here */
	ck_assert_int_eq(dl.code[1], CG_EPARSE);
	ck_assert_int_eq(dl.line[1], 4);
	ck_assert_str_eq(dl.msg[1], "bad date in 'dob': '2024-02-30': no such day in that month");
	ck_assert_int_eq(dl.code[2], CG_EPARSE);
	ck_assert_int_eq(dl.line[2], 6);
	ck_assert_str_eq(dl.msg[2], "id 'p1' is already a person in case 'alpha'");
	ck_assert_str_eq(cg_entity_type_name(g, local("alpha", "p1")), "person");
}
END_TEST

START_TEST(import_link_to_unknown_id_rejected)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(
	    import_pair("bad/unknown_id/nodes.csv", "bad/unknown_id/links.csv", &st, &err), 0);
	ASSERT_COUNTS(st, 6, 2, 4);
	ck_assert_uint_eq(dl.n, 4);
	ck_assert_int_eq(dl.code[0], CG_ENOTFOUND);
	ck_assert_int_eq(dl.line[0], 3);
	ck_assert_int_eq(dl.column[0], 2);
	ck_assert_str_eq(dl.text[0],
	                 "bad/unknown_id/links.csv:3:2: unknown target id 'x' in case 'c'");
	ck_assert_int_eq(dl.code[1], CG_ENOTFOUND);
	ck_assert_str_eq(dl.text[1],
	                 "bad/unknown_id/links.csv:4:1: unknown source id 'y' in case 'c'");
	ck_assert_int_eq(dl.code[2], CG_EPARSE);
	ck_assert_str_eq(dl.text[2], "bad/unknown_id/links.csv:5: bad amount 'ten': not an amount");
	ck_assert_int_eq(dl.code[3], CG_EPARSE);
	ck_assert_str_eq(dl.text[3], "bad/unknown_id/links.csv:6:7: bad value 'maybe' in column "
	                             "directed (true or false)");
	/* no node was invented for the unknown ids */
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	ck_assert_uint_eq(cg_graph_link_count(g), 2);
	ck_assert_int_eq(cg_link_directed(g, 1), 0); /* pays with directed=no */
}
END_TEST

START_TEST(import_invalid_utf8_rejected)
{
	static const char data[] = "id,type,name,case,note\n"
	                           "p1,person,Orla \xff Venn,alpha,x\n"
	                           "p2,person,Tamsin Roe,alpha,caf\xc3\n"
	                           "p3,person,Jos\xc3\xa9 Wren,alpha,\xe2\x82\xac 5\n";
	const char *path = write_tmp(NULL, "utf8.csv", data, sizeof data - 1);
	cg_import_stats st;
	cg_error err;
	char want[600];

	ck_assert_int_eq(import_one(path, NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 3, 1, 2);
	ck_assert_uint_eq(dl.n, 2);
	ck_assert_int_eq(dl.code[0], CG_EPARSE);
	snprintf(want, sizeof want, "%s:2:3: invalid UTF-8 in column 'name'", path);
	ck_assert_str_eq(dl.text[0], want);
	snprintf(want, sizeof want, "%s:3:5: invalid UTF-8 in column 'note'", path);
	ck_assert_str_eq(dl.text[1], want);
	ck_assert_str_eq(cg_entity_name(g, local("alpha", "p3")), "Jos\xc3\xa9 Wren");
}
END_TEST

START_TEST(import_nul_byte_rejected)
{
	static const char data[] = "id,type,name,case\n"
	                           "p1,person,Orla\0Venn,alpha\n"
	                           "p2,person,Tamsin Roe,alpha\n";
	const char *path = write_tmp(NULL, "nul.csv", data, sizeof data - 1);
	cg_import_stats st;
	cg_error err;
	char want[600];

	ck_assert_int_eq(import_one(path, NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 2, 1, 1);
	ck_assert_uint_eq(dl.n, 1);
	snprintf(want, sizeof want, "%s:2: NUL byte in field 3", path);
	ck_assert_str_eq(dl.text[0], want);
	ck_assert_int_eq(prov_line(local("alpha", "p2"), NULL), 3);
	/* a NUL byte is malformed input, not a size limit */
	ck_assert_int_eq(dl.code[0], CG_EPARSE);
}
END_TEST

/* A field over opts.max_field is one rejected row; the rest is kept and the
 * counts reconcile with the rows in the file. */
START_TEST(import_huge_field_rejected_once_rest_kept)
{
	static const char head[] = "id,type,name,case,note\np1,person,Orla Venn,alpha,short\n"
	                           "p2,person,Tamsin Roe,alpha,";
	static const char tail[] = "\np3,person,Wren Hale,alpha,short\n";
	size_t big = 5000, n = sizeof head - 1 + big + sizeof tail - 1;
	char *data = malloc(n);
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	char want[600];
	const char *path;

	ck_assert_ptr_nonnull(data);
	memcpy(data, head, sizeof head - 1);
	memset(data + sizeof head - 1, 'x', big);
	memcpy(data + sizeof head - 1 + big, tail, sizeof tail - 1);
	path = write_tmp(NULL, "huge.csv", data, n);
	free(data);
	o.max_field = 100;
	ck_assert_int_eq(import_one(path, &o, CG_FMT_UNKNOWN, &st, &err), 0);
	ck_assert_uint_ge(dl.n, 1);
	ck_assert_int_eq(dl.code[0], CG_ELIMIT);
	snprintf(want, sizeof want, "%s:3: field 5 is longer than 100 bytes", path);
	ck_assert_str_eq(dl.text[0], want);
	local("alpha", "p1");
	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p2"), CG_NO_ENTITY);
	ck_assert_int_eq(prov_line(local("alpha", "p3"), NULL), 4);
	/* three data rows, one of them rejected, reported once */
	ck_assert_msg(dl.n == 1, "%zu diagnostics; the second: %s", dl.n, dl.text[1]);
	ASSERT_COUNTS(st, 3, 2, 1);
}
END_TEST

START_TEST(import_too_many_fields_rejected)
{
	static const char data[] = "id,type,name\np1,person,Orla Venn\np2,person,Tamsin Roe,x\n";
	const char *path = WRITE_TMP(NULL, "cols.csv", data);
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	char want[600];

	o.max_columns = 3;
	o.case_name = "alpha";
	ck_assert_int_eq(import_one(path, &o, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 2, 1, 1);
	ck_assert_int_eq(dl.code[0], CG_ELIMIT);
	snprintf(want, sizeof want, "%s:3: more than 3 fields in one row", path);
	ck_assert_str_eq(dl.text[0], want);
}
END_TEST

START_TEST(import_duplicate_header_column_refuses_file)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("bad/dup_header.csv", NULL, CG_FMT_UNKNOWN, &st, &err),
	                 CG_EPARSE);
	ck_assert_int_eq(err.code, CG_EPARSE);
	ck_assert_int_eq(err.line, 1);
	ck_assert_int_eq(err.column, 4);
	ck_assert_str_eq(fmt_err(&err),
	                 "bad/dup_header.csv:1:4: duplicate column 'name' in header");
	ASSERT_COUNTS(st, 0, 0, 0);
	ck_assert_uint_eq(dl.n, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
}
END_TEST

START_TEST(import_missing_required_columns_refuses_file)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one("bad/missing_columns.csv", NULL, CG_FMT_NODES_CSV, &st, &err),
	                 CG_EPARSE);
	ck_assert_str_eq(fmt_err(&err),
	                 "bad/missing_columns.csv:1: a nodes file needs the columns id and type");
	ck_assert_int_eq(import_one("bad/missing_columns.csv", NULL, CG_FMT_LINKS_CSV, &st, &err),
	                 CG_EPARSE);
	ck_assert_str_eq(
	    fmt_err(&err),
	    "bad/missing_columns.csv:1: a links file needs the columns source and target");
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
}
END_TEST

START_TEST(import_strict_stops_at_first_rejection)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.strict = 1;
	ck_assert_int_eq(import_one("bad/wrong_columns.csv", &o, CG_FMT_UNKNOWN, &st, &err),
	                 CG_EREJECT);
	ck_assert_int_eq(err.code, CG_EREJECT);
	ck_assert_int_eq(err.line, 3);
	ck_assert_str_eq(fmt_err(&err), "bad/wrong_columns.csv:3: expected 5 fields, found 4");
	/* the rejected row was still reported, and nothing after it was read */
	ck_assert_uint_eq(dl.n, 1);
	ASSERT_COUNTS(st, 2, 1, 1);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p4"), CG_NO_ENTITY);
	/* a malformed record (recovery path) stops it the same way */
	ck_assert_int_eq(import_one("bad/stray_quote.csv", &o, CG_FMT_UNKNOWN, &st, &err),
	                 CG_EREJECT);
	ck_assert_int_eq(err.line, 3);
	ASSERT_COUNTS(st, 2, 1, 1);
	/* a clean file passes */
	ck_assert_int_eq(import_one("good/harbor/nodes.csv", &o, CG_FMT_UNKNOWN, &st, &err), 0);
}
END_TEST

START_TEST(import_edge_list_creates_nodes_of_node_type)
{
	const char *path = WRITE_TMP("club", "edges.csv", "source,target\n1,2\n2,3\n3,1\n2,1\n");
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	cg_eid n1;

	o.node_type = "person";
	ck_assert_int_eq(import_one(path, &o, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 4, 4, 0);
	ck_assert_uint_eq(st.nodes_from_edges, 3);
	ck_assert_uint_eq(st.links_created, 3);
	ck_assert_uint_eq(st.links_merged, 1); /* 2,1 is 1,2: related_to is undirected */
	ck_assert_uint_eq(cg_graph_entity_count(g), 3);
	ck_assert_uint_eq(cg_graph_link_count(g), 3);
	n1 = local("club", "1");
	ck_assert_str_eq(cg_entity_type_name(g, n1), "person");
	ck_assert_str_eq(cg_entity_name(g, n1), "1");
	ck_assert_str_eq(cg_link_type_name(g, 0), "related_to");
	ck_assert_int_eq(cg_link_directed(g, 0), 0);
	ck_assert_int_eq(prov_line(local("club", "3"), NULL), 3);
}
END_TEST

START_TEST(import_edge_lists_of_two_cases_stay_apart)
{
	const char *a = WRITE_TMP("club_a", "edges.csv", "source,target\n1,2\n");
	const char *b = WRITE_TMP("club_b", "edges.csv", "source,target\n1,2\n");
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_one(a, NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ck_assert_int_eq(import_one(b, NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	/* node "1" of one edge list is not node "1" of another */
	ck_assert_uint_eq(cg_graph_entity_count(g), 4);
	ck_assert_uint_ne(local("club_a", "1"), local("club_b", "1"));
}
END_TEST

START_TEST(import_karate_real_data)
{
	char path[4400];
	cg_import_stats st;
	cg_error err;

	snprintf(path, sizeof path, "%s/../shared/realdata/classic-graphs/karate.edges.csv",
	         source_root);
	if (access(path, R_OK) != 0) {
		printf("import_karate_real_data: skipped: ../shared is absent (%s)\n", path);
		return;
	}
	ck_assert_int_eq(import_one(path, NULL, CG_FMT_UNKNOWN, &st, &err), 0);
	ASSERT_COUNTS(st, 78, 78, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 34);
	ck_assert_uint_eq(cg_graph_link_count(g), 78);
	ck_assert_uint_eq(st.nodes_from_edges, 34);
	ck_assert_uint_eq(dl.n, 0);
	local("classic-graphs", "34");
}
END_TEST

/* ================= cg_import_files ================= */

START_TEST(import_files_reads_nodes_before_links)
{
	const char *paths[] = {"good/harbor/links.csv", "good/harbor/nodes.csv"};
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_format fmts[2] = {CG_FMT_UNKNOWN, CG_FMT_UNKNOWN};
	cg_import_stats per[2];
	cg_import *imp;
	cg_error err;

	memset(per, 0, sizeof per);
	o.diag = on_diag;
	o.diag_ctx = &dl;
	imp = cg_import_new(g, &o);
	cg_error_clear(&err);
	ck_assert_int_eq(cg_import_files(imp, paths, 2, fmts, per, &err), 0);
	cg_import_free(imp);
	ck_assert_int_eq(fmts[0], CG_FMT_LINKS_CSV);
	ck_assert_int_eq(fmts[1], CG_FMT_NODES_CSV);
	ASSERT_COUNTS(per[0], 6, 6, 0);
	ASSERT_COUNTS(per[1], 5, 5, 0);
	ck_assert_uint_eq(per[0].nodes_from_edges, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 5);
	ck_assert_uint_eq(cg_graph_link_count(g), 6);
	ck_assert_uint_eq(dl.n, 0);
}
END_TEST

START_TEST(import_files_detects_every_file_first)
{
	const char *paths[] = {"good/harbor/nodes.csv", "detect/unknown.csv"};
	cg_import *imp = cg_import_new(g, NULL);
	cg_error err;

	cg_error_clear(&err);
	ck_assert_int_eq(cg_import_files(imp, paths, 2, NULL, NULL, &err), CG_EFORMAT);
	cg_import_free(imp);
	ck_assert_str_eq(err.file, "detect/unknown.csv");
	/* nothing was imported from the good file */
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
}
END_TEST

/* ---- csv_reader: reading ahead on a second thread ---- */

/* Every call the reader makes, as text, and when to stop. */
typedef struct call_log {
	cg_strbuf text;
	size_t calls;
	size_t stop_at;     /* the call that answers stop_with (0: none) */
	int stop_with;      /* a negative code, or 1 (a malformed record not passed over) */
	size_t progress;    /* progress calls */
	uint64_t last_done; /* bytes the last progress call said */
	size_t not_utf8;    /* records with a field that is not UTF-8 */
} call_log;

static size_t last_not_utf8; /* read_both_ways's last count of those */

static int log_call(call_log *l)
{
	l->calls++;
	return l->stop_at && l->calls == l->stop_at ? l->stop_with : 0;
}

static int log_record(void *ctx, const cg_csv_record *rec)
{
	call_log *l = ctx;
	cg_strbuf_printf(&l->text, "R %ld %d %zu %zu", rec->line, rec->bad, rec->nfields,
	                 rec->bad_utf8);
	l->not_utf8 += rec->bad_utf8 != 0;
	if (rec->bad)
		cg_strbuf_printf(&l->text, " (%s)", rec->why);
	for (size_t i = 0; i < rec->nfields; i++) {
		cg_strbuf_printf(&l->text, "|%s", rec->fields[i]);
		rec->fields[i][0] = '\0'; /* the fields are the caller's to change */
	}
	cg_strbuf_putc(&l->text, '\n');
	return log_call(l);
}

static int log_malformed(void *ctx, long line, int code, const char *why)
{
	call_log *l = ctx;
	cg_strbuf_printf(&l->text, "M %ld %d %s\n", line, code, why);
	return log_call(l);
}

static void log_progress(void *ctx, const char *path, uint64_t done, uint64_t total)
{
	call_log *l = ctx;
	(void)path;
	(void)total;
	l->progress++;
	l->last_done = done;
}

/* Reads path with and without read_ahead, stopping at call stop_at (0:
 * never), and asserts the same calls, result and error. Returns the calls. */
static size_t read_both_ways(const char *path, const cg_csv_opts *base, size_t stop_at,
                             int stop_with)
{
	call_log one = {CG_STRBUF_INIT, 0, stop_at, stop_with, 0, 0, 0};
	call_log two = {CG_STRBUF_INIT, 0, stop_at, stop_with, 0, 0, 0};
	cg_csv_opts o = *base;
	cg_error e1, e2;
	int rc1, rc2;
	size_t calls;

	cg_error_clear(&e1);
	cg_error_clear(&e2);
	o.read_ahead = 0;
	o.progress = log_progress;
	o.progress_ctx = &one;
	rc1 = cg_csv_read(path, &o, log_record, log_malformed, &one, &e1);
	o.read_ahead = 1;
	o.progress_ctx = &two;
	rc2 = cg_csv_read(path, &o, log_record, log_malformed, &two, &e2);
	ck_assert_int_eq(rc1, rc2);
	ck_assert_int_eq(e1.code, e2.code);
	ck_assert_str_eq(e1.message, e2.message);
	ck_assert_uint_eq(one.calls, two.calls);
	ck_assert_msg(one.text.len == two.text.len &&
	                  (!one.text.len || memcmp(one.text.buf, two.text.buf, one.text.len) == 0),
	              "read ahead, %s made other calls", path);
	if (!stop_at) {
		/* the same progress reports, made on the caller's thread */
		ck_assert_uint_eq(two.progress, one.progress);
		ck_assert_uint_eq(two.last_done, one.last_done);
	}
	calls = one.calls;
	last_not_utf8 = one.not_utf8;
	cg_strbuf_free(&one.text);
	cg_strbuf_free(&two.text);
	return calls;
}

START_TEST(read_ahead_makes_the_same_calls)
{
	cg_strbuf big = CG_STRBUF_INIT;
	cg_csv_opts o = CG_CSV_OPTS_INIT;
	const char *path;
	size_t calls;

	/* past several batches (4096 records or 256 KiB each): quoted fields
	 * over lines, malformed records, a record over a limit, blank lines */
	cg_strbuf_puts(&big, "\xEF\xBB\xBFid,name,note\n");
	for (int i = 0; i < 70000; i++) {
		if (i % 997 == 5)
			cg_strbuf_printf(&big, "x%d,bad\"quote,z\n", i);
		else if (i % 1499 == 7)
			cg_strbuf_printf(&big, "x%d,%0300d,long\n", i, 7);
		else if (i % 613 == 11)
			cg_strbuf_printf(&big, "x%d,caf\xe9,\xc3\n", i); /* not UTF-8 */
		else if (i % 401 == 3)
			cg_strbuf_printf(&big, "x%d,\"two\nlines\",\"a \"\"q\"\"\"\n\n", i);
		else
			cg_strbuf_printf(&big, "x%d,Name %d,%s\n", i, i, i % 7 ? "" : "n");
	}
	cg_strbuf_puts(&big, "last,\"never closed\n");
	path = write_tmp(basedir, "ahead.csv", big.buf, big.len);
	o.max_field = 200;
	o.check_utf8 = 1;
	calls = read_both_ways(path, &o, 0, 0);
	ck_assert_uint_gt(calls, 70000);
	ck_assert_uint_gt(last_not_utf8, 100); /* each at its second field */
	ck_assert_uint_gt(big.len, 1u << 20);  /* a progress report or more */
	/* stopped by a record's callback, by a malformed record's, early and
	 * late (the thread has read ahead by then) */
	read_both_ways(path, &o, 3, CG_EPARSE);
	read_both_ways(path, &o, 15000, CG_ENOMEM);
	read_both_ways(path, &o, 6, 1); /* the call for the first malformed record */
	/* Windows-1252, DOS padding, another delimiter */
	static const char dos[] = "a;b\r\n\x80;\xe9t\xe9\r\n\x1a";
	path = write_tmp(basedir, "ahead1252.csv", dos, sizeof dos - 1);
	o = (cg_csv_opts)CG_CSV_OPTS_INIT;
	o.delim = ';';
	o.enc = CG_CSV_CP1252;
	o.dos_padding = 1;
	ck_assert_uint_eq(read_both_ways(path, &o, 0, 0), 2);
	/* a file that cannot be opened: the same error */
	read_both_ways("no-such-dir/none.csv", &o, 0, 0);
	cg_strbuf_free(&big);
}
END_TEST

/* cg_csv_opts.hint: what it was called with, and when. */
#define HINT_MAX 8000
static struct {
	long line[HINT_MAX];      /* hinted at each step, by record number */
	int steps[HINT_MAX];      /* bit s: hinted at step s */
	long hinted_at[HINT_MAX]; /* deliveries made when step 2's hint came */
	char first[HINT_MAX][16]; /* the first field as hinted */
	long delivered;           /* records delivered so far */
	int bad;                  /* a hint out of order, or for a record not to come */
} hints;

static long hint_record_no(const char *field)
{
	return field[0] == 'x' ? strtol(field + 1, NULL, 10) : -1;
}

static void hint_cb(void *ctx, const cg_csv_record *rec, int step)
{
	long k = hint_record_no(rec->fields[0]);

	(void)ctx;
	if (k < 0 || k >= HINT_MAX || step < 0 || step > 2 || (hints.steps[k] >> step)) {
		hints.bad = 1; /* the header, or a step after a later one */
		return;
	}
	hints.steps[k] |= 1 << step;
	hints.line[k] = rec->line;
	hints.hinted_at[k] = hints.delivered;
	snprintf(hints.first[k], sizeof hints.first[k], "%s", rec->fields[0]);
}

static int hint_rec_cb(void *ctx, const cg_csv_record *rec)
{
	long k = hint_record_no(rec->fields[0]);

	(void)ctx;
	hints.delivered++;
	if (k >= 0 && k < HINT_MAX && hints.steps[k]) {
		/* hinted first, not long before, the same record, unchanged */
		if (hints.line[k] != rec->line || strcmp(hints.first[k], rec->fields[0]) != 0 ||
		    hints.delivered - hints.hinted_at[k] > 9)
			hints.bad = 1;
		rec->fields[0][0] = 'y'; /* the callback may change the bytes it gets */
	}
	return 0;
}

static int hint_bad_cb(void *ctx, long line, int code, const char *why)
{
	(void)ctx, (void)line, (void)code, (void)why;
	return 0;
}

START_TEST(read_ahead_hints_each_record_before_it_comes)
{
	cg_strbuf text = CG_STRBUF_INIT;
	cg_csv_opts o = CG_CSV_OPTS_INIT;
	cg_error err;
	size_t all_three = 0;
	const char *path;

	cg_strbuf_puts(&text, "id,name\n");
	for (int i = 0; i < 7000; i++)
		cg_strbuf_printf(&text, i % 500 == 9 ? "x%d,bad\"quote\n" : "x%d,Name %d\n", i, i);
	path = write_tmp(basedir, "hints.csv", text.buf, text.len);
	memset(&hints, 0, sizeof hints);
	o.hint = hint_cb;
	/* without the thread, no hint */
	ck_assert_int_eq(cg_csv_read(path, &o, hint_rec_cb, hint_bad_cb, NULL, &err), 0);
	ck_assert_int_eq(hints.delivered, 7000 - 14 + 1);
	for (int k = 0; k < HINT_MAX; k++)
		ck_assert_int_eq(hints.steps[k], 0);
	memset(&hints, 0, sizeof hints);
	o.read_ahead = 1;
	ck_assert_int_eq(cg_csv_read(path, &o, hint_rec_cb, hint_bad_cb, NULL, &err), 0);
	ck_assert_int_eq(hints.delivered, 7000 - 14 + 1);
	ck_assert_int_eq(hints.bad, 0);
	for (int k = 0; k < 7000; k++)
		all_three += hints.steps[k] == 7;
	/* all but the first records of each batch (and the malformed ones) */
	ck_assert_uint_gt(all_three, 6000);
	cg_strbuf_free(&text);
}
END_TEST

static Suite *csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc;

	tc = tcase_create("format_strings");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, format_strings_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("stats_add");
	tcase_add_test(tc, stats_add_sums_every_count);
	suite_add_tcase(s, tc);

	tc = tcase_create("detect");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, detect_nodes_links_jsonl);
	tcase_add_test(tc, detect_follows_the_table_order);
	tcase_add_test(tc, detect_unknown_is_eformat);
	tcase_add_test(tc, detect_json_and_report_formats);
	tcase_add_test(tc, detect_stix_by_members);
	tcase_add_test(tc, detect_misp_and_lines_by_members);
	tcase_add_test(tc, detect_real_attack_bundle);
	tcase_add_test(tc, folder_expanded_sorted_and_skipped);
	tcase_add_test(tc, detect_missing_file_is_eio);
	tcase_add_test(tc, detect_not_a_regular_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("import_new");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, import_new_fills_defaults);
	suite_add_tcase(s, tc);

	tc = tcase_create("import_file");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, import_good_nodes_counts_and_lines);
	tcase_add_test(tc, import_quoted_field_spanning_lines_kept_exactly);
	tcase_add_test(tc, import_good_links_counts_and_money);
	tcase_add_test(tc, import_case_from_case_column);
	tcase_add_test(tc, import_case_from_option);
	tcase_add_test(tc, import_case_from_directory_name);
	tcase_add_test(tc, import_case_from_current_directory);
	tcase_add_test(tc, import_aliases_split_on_semicolon);
	tcase_add_test(tc, import_roles_split_and_lower_cased);
	tcase_add_test(tc, import_roles_and_aliases_in_one_row_both_kept);
	tcase_add_test(tc, import_bom_crlf_and_blank_lines_accepted);
	tcase_add_test(tc, import_header_only_reads_nothing);
	tcase_add_test(tc, import_empty_file_refused);
	tcase_add_test(tc, import_missing_file_is_eio);
	tcase_add_test(tc, import_unterminated_quote_mid_file_rejected_rest_kept);
	tcase_add_test(tc, import_unterminated_quote_at_end_rejected);
	tcase_add_test(tc, import_stray_quote_rejected_rest_kept);
	tcase_add_test(tc, import_wrong_column_count_rejected);
	tcase_add_test(tc, import_unknown_type_rejected_custom_kept);
	tcase_add_test(tc, import_bad_values_rejected_with_reason);
	tcase_add_test(tc, import_link_to_unknown_id_rejected);
	tcase_add_test(tc, import_invalid_utf8_rejected);
	tcase_add_test(tc, import_nul_byte_rejected);
	tcase_add_test(tc, import_huge_field_rejected_once_rest_kept);
	tcase_add_test(tc, import_too_many_fields_rejected);
	tcase_add_test(tc, import_duplicate_header_column_refuses_file);
	tcase_add_test(tc, import_missing_required_columns_refuses_file);
	tcase_add_test(tc, import_strict_stops_at_first_rejection);
	tcase_add_test(tc, import_edge_list_creates_nodes_of_node_type);
	tcase_add_test(tc, import_edge_lists_of_two_cases_stay_apart);
	tcase_add_test(tc, import_karate_real_data);
	suite_add_tcase(s, tc);

	tc = tcase_create("read_ahead");
	tcase_add_test(tc, read_ahead_makes_the_same_calls);
	tcase_add_test(tc, read_ahead_hints_each_record_before_it_comes);
	suite_add_tcase(s, tc);

	tc = tcase_create("import_files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, import_files_reads_nodes_before_links);
	tcase_add_test(tc, import_files_detects_every_file_first);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	const char *env = getenv("CG_SOURCE_ROOT");
	char dir[4200];
	SRunner *sr;
	int failed;

	/* an absolute source root: the tests change directory */
	if (!env || !*env)
		env = ".";
	if (env[0] == '/') {
		snprintf(source_root, sizeof source_root, "%s", env);
	} else {
		char cwd[2048];
		if (!getcwd(cwd, sizeof cwd))
			return 1;
		snprintf(source_root, sizeof source_root, "%s/%s", cwd, env);
	}
	/* Messages name files as given: run from the data directory so that
	 * they are short and do not depend on where the tree is. */
	snprintf(datadir, sizeof datadir, "%s/tests/data/csv", source_root);
	snprintf(dir, sizeof dir, "%s", datadir);
	if (chdir(dir) != 0) {
		fprintf(stderr, "test_csv: cannot enter %s (set CG_SOURCE_ROOT): %s\n", dir,
		        strerror(errno));
		return 1;
	}
	snprintf(basedir, sizeof basedir, "/tmp/cg_test_csv.XXXXXX");
	if (!mkdtemp(basedir)) {
		fprintf(stderr, "test_csv: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	sr = srunner_create(csv_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	remove_tree(basedir);
	return failed != 0;
}
