/* Tests of the native format: the writer (cg_jsonl), its atomic file
 * replacement, and the reader (the JSONL importer) -- a graph written, read
 * back and written again gives the same bytes; bad lines are reported as
 * file:line and the rest is kept.
 *
 * Fixed inputs are in tests/data/jsonl/ (the tests run from that directory,
 * so messages carry short paths). All names are invented. */
#define _GNU_SOURCE 1 /* RTLD_NEXT, for the failing realloc below */

#include "cg_graph.h"
#include "cg_import.h"
#include "cg_jsonl.h"

#include <check.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- diagnostics ---- */

#define MAX_DIAGS 32

typedef struct diag_log {
	size_t n;
	int code[MAX_DIAGS];
	char text[MAX_DIAGS][1200];
} diag_log;

static diag_log dl;

static void on_diag(void *ctx, const cg_error *d)
{
	diag_log *l = ctx;

	if (l->n >= MAX_DIAGS)
		return;
	l->code[l->n] = d->code;
	cg_error_format(d, l->text[l->n], sizeof l->text[l->n]);
	l->n++;
}

static const char *fmt_err(const cg_error *err)
{
	static char buf[1200];
	cg_error_format(err, buf, sizeof buf);
	return buf;
}

/* ---- allocation failure on demand ----
 *
 * This program's realloc is found before the C library's by every caller,
 * libcasegraph included, and passes each call on, unless a test armed it:
 * then the fail_at-th call from then on returns NULL (once). The library
 * grows its arrays through realloc (graph/cg_array.c), so a test can make
 * exactly one growth fail, at a point it picks, without touching the
 * library's code. */
static void *(*real_realloc)(void *, size_t);
static long fail_at; /* 0: pass every call through */

void *realloc(void *p, size_t n)
{
	if (!real_realloc) {
		void *sym = dlsym(RTLD_NEXT, "realloc");
		memcpy(&real_realloc, &sym, sizeof sym);
	}
	if (fail_at > 0 && --fail_at == 0)
		return NULL;
	return real_realloc(p, n);
}

/* Whether the failing realloc is the one the library calls: valgrind, for
 * one, puts its own before every other. */
static int realloc_hook_works(void)
{
	cg_strbuf sb = CG_STRBUF_INIT;
	int failed;

	fail_at = 1;
	failed = cg_strbuf_reserve(&sb, 10) == CG_ENOMEM;
	fail_at = 0;
	cg_strbuf_free(&sb);
	return failed;
}

/* A cg_diag_fn that logs, then arms the failure at the ctx-th realloc. */
static long arm_after_diag;

static void on_diag_arm(void *ctx, const cg_error *d)
{
	on_diag(ctx, d);
	fail_at = arm_after_diag;
}

/* ---- temporary files ---- */

/* One directory per run, removed by main() (a failed test in fork mode
 * exits before its teardown); one subdirectory per test. */
static char basedir[64];
static char tmpdir[128];
static const char *source_root;

static void remove_tree(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *de;
	char sub[4096];

	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode)) {
		chmod(path, 0700);
		if ((d = opendir(path))) {
			while ((de = readdir(d))) {
				if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
					continue;
				snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
				remove_tree(sub);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* Graphs made by a test, freed by the teardown (also after a failed
 * assertion in no-fork mode, so that the suite runs clean under leak
 * checkers). */
#define MAX_GRAPHS 8
static cg_graph *graphs[MAX_GRAPHS];
static size_t n_graphs;

static cg_graph *new_graph(void)
{
	cg_graph *g = cg_graph_new();

	ck_assert_ptr_nonnull(g);
	ck_assert_uint_lt(n_graphs, MAX_GRAPHS);
	graphs[n_graphs++] = g;
	return g;
}

static void setup(void)
{
	memset(&dl, 0, sizeof dl);
	snprintf(tmpdir, sizeof tmpdir, "%s/t.XXXXXX", basedir);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	while (n_graphs > 0)
		cg_graph_free(graphs[--n_graphs]);
	remove_tree(tmpdir);
}

/* tmpdir/name, in one of a few static buffers. */
static const char *tmp_path(const char *name)
{
	static char ring[8][256];
	static unsigned next;
	char *p = ring[next++ % 8];

	snprintf(p, sizeof ring[0], "%s/%s", tmpdir, name);
	return p;
}

/* The whole file in a malloc'd buffer; *n its size. NULL if unreadable. */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, len = 0, got;

	if (!f)
		return NULL;
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap + 1);
			ck_assert_ptr_nonnull(buf);
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	buf[len] = '\0';
	*n = len;
	return buf;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* Asserts two files have the same bytes, reporting the first difference. */
static void assert_same_file(const char *a, const char *b)
{
	size_t na = 0, nb = 0, i;
	char *x = slurp(a, &na), *y = slurp(b, &nb);

	ck_assert_msg(x && y, "cannot read %s or %s", a, b);
	for (i = 0; i < na && i < nb && x[i] == y[i]; i++)
		;
	ck_assert_msg(na == nb && i == na,
	              "%s and %s differ at byte %zu (sizes %zu, %zu): ...%.60s", a, b, i, na, nb,
	              i < na ? x + i : "");
	free(x);
	free(y);
}

/* Number of entries in a directory, "." and ".." left out. */
static size_t dir_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	size_t n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* ---- graphs ---- */

/* Imports paths together into a new graph (diagnostics into dl). */
static cg_graph *load(const char *const *paths, size_t n, const cg_import_opts *opts,
                      cg_import_stats *per_file, int *rc_out, cg_error *err)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_graph *g = new_graph();
	cg_import *imp;
	int rc;

	ck_assert_ptr_nonnull(g);
	if (opts)
		o = *opts;
	o.diag = on_diag;
	o.diag_ctx = &dl;
	imp = cg_import_new(g, &o);
	ck_assert_ptr_nonnull(imp);
	cg_error_clear(err);
	rc = cg_import_files(imp, paths, n, NULL, per_file, err);
	cg_import_free(imp);
	if (rc_out)
		*rc_out = rc;
	else
		ck_assert_msg(rc == 0, "import failed: %s", fmt_err(err));
	return g;
}

static cg_graph *load_one(const char *path, cg_import_stats *st, int *rc, cg_error *err)
{
	if (st)
		memset(st, 0, sizeof *st);
	return load(&path, 1, NULL, st, rc, err);
}

static void write_ok(const cg_graph *g, const char *path)
{
	cg_error err;

	cg_error_clear(&err);
	ck_assert_msg(cg_jsonl_write_file(g, path, &err) == 0, "write %s: %s", path, fmt_err(&err));
}

/* Writes g to a, reads a back, writes that to b: a and b must be the same
 * bytes. Returns the graph read back (the caller frees it). */
static cg_graph *round_trip(const cg_graph *g, const char *a, const char *b)
{
	cg_import_stats st;
	cg_error err;
	cg_graph *h;

	write_ok(g, a);
	h = load_one(a, &st, NULL, &err);
	ck_assert_uint_eq(st.rejected, 0);
	ck_assert_uint_eq(dl.n, 0);
	ck_assert_uint_eq(st.read, cg_graph_entity_count(g) + cg_graph_link_count(g));
	ck_assert_uint_eq(cg_graph_entity_count(h), cg_graph_entity_count(g));
	ck_assert_uint_eq(cg_graph_link_count(h), cg_graph_link_count(g));
	write_ok(h, b);
	assert_same_file(a, b);
	return h;
}

static cg_eid add_ent(cg_graph *g, const cg_entity_rec *rec)
{
	cg_error err;
	cg_eid e = CG_NO_ENTITY;

	cg_error_clear(&err);
	ck_assert_msg(cg_graph_add_entity(g, rec, &e, NULL, &err) == 0, "add %s: %s", rec->name,
	              err.message);
	return e;
}

/* A record with one provenance entry (prov must outlive the call). */
static cg_entity_rec rec_of(const char *type, const char *name, cg_prov *prov, const char *file,
                            long line, const char *kase, const char *id)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;

	prov->file = file;
	prov->line = line;
	prov->case_name = kase;
	prov->local_id = id;
	prov->via = NULL;
	prov->flags = 0;
	prov->first_seen = prov->last_seen = NULL;
	rec.type = type;
	rec.name = name;
	rec.prov = prov;
	rec.n_prov = 1;
	return rec;
}

static void add_link(cg_graph *g, const char *type, cg_eid s, cg_eid t, int directed,
                     const char *amount, const char *currency, const cg_prop *props, size_t np,
                     long line)
{
	cg_link_rec rec = CG_LINK_REC_INIT;
	cg_prov prov = {"links.csv", line, "alpha", NULL, NULL, 0, NULL, NULL};
	cg_error err;
	cg_lid l;

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
	cg_error_clear(&err);
	ck_assert_msg(cg_graph_add_link(g, &rec, &l, NULL, &err) == 0, "link %s: %s", type,
	              err.message);
}

/* A small graph that exercises every field of the format: aliases, roles,
 * several values of one property, flags, name-only provenance, "#2" ids,
 * custom types, money, undirected links, link properties. */
static cg_graph *small_graph(void)
{
	cg_graph *g = new_graph();
	cg_prov pv;
	cg_entity_rec r;
	const char *aliases[] = {"O. Venn"};
	const char *roles[] = {"Facilitator", "front"};
	cg_prop p1[] = {
	    {"dob", "02 Nov 1983"}, {"note", "first"}, {"nationality", "US"}, {"note", "second"}};
	cg_prop iban_bad[] = {{"iban", "GB82 WEST 1234 5698 7654 33"}};
	cg_prop date[] = {{"date", "15 Mar 2023"}, {"memo", "fee"}};
	cg_eid a, b, c, d, v;

	ck_assert_ptr_nonnull(g);
	r = rec_of("person", "Orla Venn", &pv, "nodes.csv", 2, "alpha", "p1");
	r.aliases = aliases;
	r.n_aliases = 1;
	r.roles = roles;
	r.n_roles = 2;
	a = add_ent(g, &r);
	r = rec_of("person", "Orla Venn", &pv, "nodes.csv", 3, "alpha", "p2");
	r.props = p1;
	r.n_props = 4;
	b = add_ent(g, &r); /* another Orla Venn in the same case: a second entity */
	r = rec_of("person", "Orla Venn", &pv, "nodes.csv", 8, "alpha", "p3");
	ck_assert_uint_ne(add_ent(g, &r), a); /* a third one, whose id takes "#2" */
	r = rec_of("person", "ORLA VENN", &pv, "other/nodes.csv", 7, "beta", "q1");
	ck_assert_uint_eq(add_ent(g, &r), a); /* name-only merge across cases */
	r = rec_of("bank_account", "Westbay checking", &pv, "nodes.csv", 4, "alpha", "b1");
	r.props = iban_bad;
	r.n_props = 1;
	c = add_ent(g, &r);
	r = rec_of("company", "Harbor Quill Trading L.L.C.", &pv, "nodes.csv", 5, "alpha", "c1");
	d = add_ent(g, &r);
	r = rec_of("vessel", "MV Grey Heron", &pv, "nodes.csv", 6, "alpha", "v1");
	v = add_ent(g, &r);
	add_link(g, "pays", c, b, -1, "1,250.5", "usd", date, 2, 2);
	cg_graph_begin_source(g);
	/* the same payment from another source merges */
	add_link(g, "pays", c, b, -1, "1250.50", "USD", date, 2, 3);
	add_link(g, "pays", c, d, -1, "1500", "JPY", NULL, 0, 4);
	add_link(g, "associate_of", b, a, -1, NULL, NULL, NULL, 0, 5);
	add_link(g, "sails_for", v, d, -1, NULL, NULL, NULL, 0, 6);
	return g;
}

/* ================= cg_json_put_string ================= */

START_TEST(json_put_string_escapes)
{
	cg_strbuf sb = CG_STRBUF_INIT;

	ck_assert_int_eq(cg_json_put_string(&sb, "plain"), 0);
	ck_assert_str_eq(cg_strbuf_cstr(&sb), "\"plain\"");
	cg_strbuf_reset(&sb);
	ck_assert_int_eq(cg_json_put_string(&sb, "a\"b\\c\nd\re\tf\x01g\x1fh\x7fi"), 0);
	ck_assert_str_eq(cg_strbuf_cstr(&sb), "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh\x7fi\"");
	cg_strbuf_reset(&sb);
	ck_assert_int_eq(cg_json_put_string(&sb, "Zo\xc3\xab \xf0\x9f\x99\x82 \xe2\x80\xa8"), 0);
	ck_assert_str_eq(cg_strbuf_cstr(&sb), "\"Zo\xc3\xab \xf0\x9f\x99\x82 \xe2\x80\xa8\"");
	cg_strbuf_reset(&sb);
	ck_assert_int_eq(cg_json_put_string(&sb, ""), 0);
	ck_assert_str_eq(cg_strbuf_cstr(&sb), "\"\"");
	/* appends: what was in the buffer stays */
	ck_assert_int_eq(cg_json_put_string(&sb, "x"), 0);
	ck_assert_str_eq(cg_strbuf_cstr(&sb), "\"\"\"x\"");
	cg_strbuf_free(&sb);
}
END_TEST

/* ================= cg_jsonl_write_stream ================= */

START_TEST(write_stream_empty_graph_is_header_only)
{
	cg_graph *g = new_graph();
	const char *path = tmp_path("empty.jsonl");
	FILE *f = fopen(path, "wb");
	cg_error err;
	size_t n;
	char *text;

	ck_assert_ptr_nonnull(f);
	cg_error_clear(&err);
	ck_assert_int_eq(cg_jsonl_write_stream(g, f, &err), 0);
	ck_assert_int_eq(fclose(f), 0);
	text = slurp(path, &n);
	ck_assert_str_eq(text,
	                 "{\"format\":\"casegraph\",\"version\":1,\"entities\":0,\"links\":0}\n");
	free(text);
}
END_TEST

START_TEST(write_stream_matches_golden_file)
{
	cg_graph *g = small_graph();
	const char *path = tmp_path("small.jsonl");
	FILE *f = fopen(path, "wb");
	cg_error err;

	ck_assert_ptr_nonnull(f);
	cg_error_clear(&err);
	ck_assert_int_eq(cg_jsonl_write_stream(g, f, &err), 0);
	ck_assert_int_eq(fclose(f), 0);
	assert_same_file(path, "golden_small.jsonl");
}
END_TEST

/* The stream's write error is the writer's error: output that never
 * reached the file is not a success. */
START_TEST(write_stream_reports_write_error)
{
	cg_graph *g = small_graph();
	FILE *f = fopen("/dev/full", "w");
	cg_error err;
	int rc;

	if (!f) {
		printf("write_stream_reports_write_error: skipped: no /dev/full\n");
		return;
	}
	cg_error_clear(&err);
	rc = cg_jsonl_write_stream(g, f, &err);
	fclose(f);
	ck_assert_int_eq(rc, CG_EIO);
	ck_assert_int_eq(err.code, CG_EIO);
}
END_TEST

/* ================= cg_jsonl_write_file ================= */

START_TEST(write_file_leaves_no_temp_file)
{
	cg_graph *g = small_graph();
	const char *path = tmp_path("graph.jsonl");

	write_ok(g, path);
	ck_assert_uint_eq(dir_entries(tmpdir), 1);
	assert_same_file(path, "golden_small.jsonl");
	/* writing again replaces the file, still without leftovers */
	write_ok(g, path);
	ck_assert_uint_eq(dir_entries(tmpdir), 1);
	assert_same_file(path, "golden_small.jsonl");
}
END_TEST

START_TEST(write_file_replaces_existing_file)
{
	cg_graph *g = small_graph();
	const char *path = tmp_path("graph.jsonl");

	write_text(path, "old contents\n");
	write_ok(g, path);
	assert_same_file(path, "golden_small.jsonl");
	ck_assert_uint_eq(dir_entries(tmpdir), 1);
}
END_TEST

START_TEST(write_file_missing_directory_is_eio)
{
	cg_graph *g = small_graph();
	const char *path = tmp_path("missing/graph.jsonl");
	cg_error err;

	cg_error_clear(&err);
	ck_assert_int_eq(cg_jsonl_write_file(g, path, &err), CG_EIO);
	ck_assert_int_eq(err.code, CG_EIO);
	ck_assert_str_eq(err.file, path);
	ck_assert_str_eq(err.message, "cannot create a temporary file: No such file or directory");
	ck_assert_uint_eq(dir_entries(tmpdir), 0);
}
END_TEST

START_TEST(write_file_read_only_directory_keeps_old_file)
{
	cg_graph *g = small_graph();
	const char *dir = tmp_path("ro");
	char path[300], probe[300];
	cg_error err;
	size_t n;
	char *text;
	FILE *f;

	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(path, sizeof path, "%s/graph.jsonl", dir);
	snprintf(probe, sizeof probe, "%s/probe", dir);
	write_text(path, "old contents\n");
	ck_assert_int_eq(chmod(dir, 0500), 0);
	/* a privileged user writes anyway: then this check says nothing */
	if ((f = fopen(probe, "w"))) {
		fclose(f);
		unlink(probe);
		chmod(dir, 0700);
		printf("write_file_read_only_directory_keeps_old_file: skipped: running with "
		       "privileges that ignore directory permissions\n");
		return;
	}
	cg_error_clear(&err);
	ck_assert_int_eq(cg_jsonl_write_file(g, path, &err), CG_EIO);
	ck_assert_str_eq(err.file, path);
	chmod(dir, 0700);
	text = slurp(path, &n);
	ck_assert_str_eq(text, "old contents\n");
	free(text);
	ck_assert_uint_eq(dir_entries(dir), 1);
}
END_TEST

/* A failure while writing (here: the file size limit) leaves the previous
 * file as it was and no temporary file behind. Works for any user. */
START_TEST(write_file_failed_write_keeps_old_file)
{
	cg_graph *g = small_graph();
	const char *path = tmp_path("graph.jsonl");
	struct rlimit old, lim;
	void (*old_handler)(int);
	cg_error err;
	size_t n;
	char *text;
	int rc;

	/* grow the graph well past the limit */
	for (int i = 0; i < 2000; i++) {
		char name[64];
		cg_prov pv;
		cg_entity_rec r;
		snprintf(name, sizeof name, "worker%04d@bulk.example", i);
		r = rec_of("email", name, &pv, "bulk.csv", i + 2, "bulk", NULL);
		add_ent(g, &r);
	}
	write_text(path, "old contents\n");
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	old_handler = signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	cg_error_clear(&err);
	rc = cg_jsonl_write_file(g, path, &err);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, old_handler);
	ck_assert_int_eq(rc, CG_EIO);
	ck_assert_int_eq(err.code, CG_EIO);
	ck_assert_str_eq(err.file, path);
	text = slurp(path, &n);
	ck_assert_str_eq(text, "old contents\n");
	free(text);
	ck_assert_uint_eq(dir_entries(tmpdir), 1);
}
END_TEST

START_TEST(write_file_onto_directory_is_eio_without_leftovers)
{
	cg_graph *g = small_graph();
	const char *path = tmp_path("taken");
	cg_error err;

	ck_assert_int_eq(mkdir(path, 0700), 0);
	cg_error_clear(&err);
	ck_assert_int_eq(cg_jsonl_write_file(g, path, &err), CG_EIO);
	ck_assert_str_eq(err.file, path);
	ck_assert_msg(strncmp(err.message, "cannot rename the temporary file: ", 34) == 0, "%s",
	              err.message);
	ck_assert_uint_eq(dir_entries(tmpdir), 1);
	ck_assert_uint_eq(dir_entries(path), 0);
}
END_TEST

/* ================= round trip through the JSONL importer ================= */

START_TEST(round_trip_small_graph_is_byte_identical)
{
	cg_graph *g = small_graph();
	cg_graph *h = round_trip(g, tmp_path("a.jsonl"), tmp_path("b.jsonl"));
	cg_eid e;

	/* and the graph read back is the same graph, not only the same text */
	e = cg_graph_find_id(h, "person:orla venn");
	ck_assert_uint_ne(e, CG_NO_ENTITY);
	ck_assert_uint_eq(cg_entity_flags(h, e), CG_EF_NAME_ONLY);
	e = cg_graph_find_id(h, "person:orla venn|dob:1983-11-02");
	ck_assert_uint_ne(e, CG_NO_ENTITY);
	e = cg_graph_find_id(h, "bank_account:acct::GB82WEST12345698765433");
	ck_assert_uint_ne(e, CG_NO_ENTITY);
	ck_assert_uint_eq(cg_entity_flags(h, e), CG_EF_INVALID_ID);
	ck_assert_uint_eq(cg_graph_find_local(h, "beta", "q1"),
	                  cg_graph_find_id(h, "person:orla venn"));
}
END_TEST

/* Time spans survive the round trip exactly as written: given on the
 * provenance, taken from a record's first_seen/last_seen properties, given
 * on one record of an entity and not on another (which stays without one,
 * though the entity's merged properties hold a first_seen), and on a link. */
START_TEST(round_trip_keeps_time_spans_as_written)
{
	cg_graph *g = new_graph();
	cg_prov pv;
	cg_entity_rec r;
	cg_prop seen[] = {{"first_seen", "2021-06-01T08:30:00.000Z"}, {"last_seen", "2021-07"}};
	cg_eid a, b;
	cg_error err;

	r = rec_of("ip", "45.77.12.9", &pv, "n.csv", 2, "alpha", "i1");
	pv.first_seen = "2020";
	pv.last_seen = "2020-02-03";
	ck_assert_int_eq(cg_graph_add_entity(g, &r, &a, NULL, &err), 0);
	r = rec_of("ip", "45.77.12.9", &pv, "n.csv", 3, "beta", "i1");
	r.props = seen;
	r.n_props = 2;
	ck_assert_int_eq(cg_graph_add_entity(g, &r, &a, NULL, &err), 0);
	r = rec_of("ip", "45.77.12.9", &pv, "n.csv", 4, "gamma", "i1");
	ck_assert_int_eq(cg_graph_add_entity(g, &r, &a, NULL, &err), 0);
	r = rec_of("domain", "grimfox.net", &pv, "n.csv", 5, "alpha", "d1");
	ck_assert_int_eq(cg_graph_add_entity(g, &r, &b, NULL, &err), 0);
	cg_link_rec lr = CG_LINK_REC_INIT;
	cg_prov lp = {"l.csv", 2, "alpha", NULL, NULL, 0, "2022-01-01", NULL};
	lr.type = "resolves_to";
	lr.source = b;
	lr.target = a;
	lr.prov = &lp;
	lr.n_prov = 1;
	ck_assert_int_eq(cg_graph_add_link(g, &lr, NULL, NULL, &err), 0);

	cg_graph *h = round_trip(g, tmp_path("a.jsonl"), tmp_path("b.jsonl"));
	const char *want[][2] = {
	    {"2020", "2020-02-03"}, {"2021-06-01T08:30:00.000Z", "2021-07"}, {NULL, NULL}};
	cg_iter it = cg_entity_provs(h, cg_graph_find_id(h, "ip:45.77.12.9"));
	cg_prov p;
	for (int i = 0; i < 3; i++) {
		ck_assert(cg_iter_next_prov(h, &it, &p));
		if (want[i][0]) {
			ck_assert_str_eq(p.first_seen, want[i][0]);
			ck_assert_str_eq(p.last_seen, want[i][1]);
		} else {
			ck_assert_ptr_null(p.first_seen);
			ck_assert_ptr_null(p.last_seen);
		}
	}
	it = cg_link_provs(h, 0);
	ck_assert(cg_iter_next_prov(h, &it, &p));
	ck_assert_str_eq(p.first_seen, "2022-01-01");
	ck_assert_ptr_null(p.last_seen);
}
END_TEST

START_TEST(round_trip_twice_is_stable)
{
	cg_graph *g = small_graph();
	cg_graph *h = round_trip(g, tmp_path("a.jsonl"), tmp_path("b.jsonl"));
	cg_graph *k = round_trip(h, tmp_path("c.jsonl"), tmp_path("d.jsonl"));

	assert_same_file(tmp_path("a.jsonl"), tmp_path("d.jsonl"));
	ck_assert_uint_eq(cg_graph_entity_count(k), cg_graph_entity_count(g));
}
END_TEST

START_TEST(round_trip_example_is_byte_identical)
{
	static const char *const cases[] = {"front-company", "laptop-farm", "payroll"};
	char paths[6][4096];
	const char *p[6];
	cg_error err;
	cg_graph *g, *h;

	for (int i = 0; i < 3; i++) {
		snprintf(paths[2 * i], sizeof paths[0], "%s/examples/%s/nodes.csv", source_root,
		         cases[i]);
		snprintf(paths[2 * i + 1], sizeof paths[0], "%s/examples/%s/links.csv", source_root,
		         cases[i]);
		p[2 * i] = paths[2 * i];
		p[2 * i + 1] = paths[2 * i + 1];
	}
	g = load(p, 6, NULL, NULL, NULL, &err);
	ck_assert_uint_eq(dl.n, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 69);
	ck_assert_uint_eq(cg_graph_link_count(g), 102);
	h = round_trip(g, tmp_path("example.jsonl"), tmp_path("again.jsonl"));
	ck_assert_uint_eq(cg_graph_merge_count(h), 0);
}
END_TEST

START_TEST(round_trip_hostile_strings_survive)
{
	static const char *const hostile[] = {
	    "He said \"hi\" \\ back\\slash",
	    "line one\nline two\r\nline three",
	    "ctl\x01\x02\x1f\x7f end",
	    "tab\tinside",
	    "Zo\xc3\xab \xc3\x86r\xc3\xb8 \xe5\x8c\x97\xe4\xba\xac \xf0\x9f\x99\x82 \xe2\x80\xa8 "
	    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
	    "{\"kind\":\"link\"}",
	    "e\xcc\x81 combining",
	};
	size_t nh = sizeof hostile / sizeof hostile[0];
	cg_graph *g = new_graph(), *h;
	cg_eid ids[8];
	char idbuf[8][512];

	for (size_t i = 0; i < nh; i++) {
		cg_entity_rec r = CG_ENTITY_REC_INIT;
		cg_prov pv = {hostile[(i + 1) % nh],
		              (long)i + 2,
		              hostile[(i + 2) % nh],
		              hostile[(i + 3) % nh],
		              NULL,
		              0,
		              NULL,
		              NULL};
		const char *al[] = {hostile[(i + 4) % nh]};
		cg_prop pr[] = {{"note", hostile[(i + 5) % nh]}, {"x\"y\\z", hostile[i]}};
		r.type = i % 2 ? "vessel" : "person";
		r.name = hostile[i];
		r.aliases = al;
		r.n_aliases = 1;
		r.props = pr;
		r.n_props = 2;
		r.prov = &pv;
		r.n_prov = 1;
		ids[i] = add_ent(g, &r);
		snprintf(idbuf[i], sizeof idbuf[i], "%s", cg_entity_id(g, ids[i]));
	}
	ck_assert_uint_eq(cg_graph_entity_count(g), nh);
	cg_prop lp[] = {{"note", hostile[0]}, {"memo", hostile[4]}};
	add_link(g, "associate_of", ids[0], ids[1], -1, NULL, NULL, lp, 2, 2);
	h = round_trip(g, tmp_path("a.jsonl"), tmp_path("b.jsonl"));
	for (size_t i = 0; i < nh; i++) {
		cg_eid e = cg_graph_find_id(h, idbuf[i]);
		cg_iter it;
		cg_prov pv;
		const char *s;
		ck_assert_msg(e != CG_NO_ENTITY, "id %zu lost", i);
		ck_assert_str_eq(cg_entity_name(h, e), hostile[i]);
		ck_assert_str_eq(cg_entity_prop(h, e, "note"), hostile[(i + 5) % nh]);
		it = cg_entity_aliases(h, e);
		ck_assert_int_eq(cg_iter_next_str(h, &it, &s), 1);
		ck_assert_str_eq(s, hostile[(i + 4) % nh]);
		it = cg_entity_provs(h, e);
		ck_assert_int_eq(cg_iter_next_prov(h, &it, &pv), 1);
		ck_assert_str_eq(pv.file, hostile[(i + 1) % nh]);
		ck_assert_str_eq(pv.case_name, hostile[(i + 2) % nh]);
		ck_assert_str_eq(pv.local_id, hostile[(i + 3) % nh]);
	}
}
END_TEST

START_TEST(round_trip_graph_appended_to_csv_keeps_ids)
{
	/* a native graph read together with CSV input: links of the CSV file may
	 * name the graph's local ids, and ids are kept */
	cg_graph *g = small_graph(), *h;
	const char *gpath = tmp_path("g.jsonl"), *lpath = tmp_path("links.csv");
	const char *paths[2] = {lpath, gpath};
	cg_import_stats per[2];
	cg_error err;

	write_ok(g, gpath);
	write_text(lpath,
	           "source,target,type,case\np1,c1,director_of,alpha\np2,b1,holds_account,alpha\n");
	memset(per, 0, sizeof per);
	h = load(paths, 2, NULL, per, NULL, &err);
	ck_assert_uint_eq(dl.n, 0);
	ck_assert_uint_eq(per[0].imported, 2);
	ck_assert_uint_eq(per[0].nodes_from_edges, 0);
	ck_assert_uint_eq(cg_graph_entity_count(h), cg_graph_entity_count(g));
	ck_assert_uint_eq(cg_graph_link_count(h), cg_graph_link_count(g) + 2);
	ck_assert_uint_ne(cg_graph_find_id(h, "person:orla venn#2"), CG_NO_ENTITY);
}
END_TEST

START_TEST(round_trip_entities_sharing_a_key_stay_apart)
{
	/* found by fuzzing (tests/fuzz/regression/roundtrip/): a record merged
	 * by its local id brings a registration number that another company
	 * already has; the two companies share a strong key, and reading the
	 * file back merged them into one */
	cg_graph *g = new_graph(), *h, *k;
	cg_prov p1, p2, p3;
	cg_prop reg[] = {{"registration_number", "KSFZ-41772"}, {"jurisdiction", "AE"}};
	cg_entity_rec a = rec_of("company", "Harbor Quill", &p1, "ftm.json", 1, "k", "co");
	cg_entity_rec b = rec_of("company", "Jade Lantern", &p2, "ftm.json", 2, "k", "co-jade");
	cg_entity_rec b2 = rec_of("company", "Jade Lantern", &p3, "ftm.json", 3, "k", "co-jade");
	const char *paths[2];
	cg_error err;

	a.props = reg;
	a.n_props = 2;
	b2.props = reg;
	b2.n_props = 2;
	add_ent(g, &a);
	add_ent(g, &b);
	add_ent(g, &b2);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	h = round_trip(g, tmp_path("a.jsonl"), tmp_path("b.jsonl"));
	ck_assert_uint_eq(cg_graph_merge_count(h), 0);
	/* two saved graphs read together still merge with each other */
	paths[0] = tmp_path("a.jsonl");
	paths[1] = tmp_path("b.jsonl");
	k = load(paths, 2, NULL, NULL, NULL, &err);
	ck_assert_uint_eq(cg_graph_entity_count(k), 2);
	ck_assert_uint_eq(cg_graph_merge_count(k), 2);
}
END_TEST

/* ================= the JSONL importer on bad input ================= */

START_TEST(import_jsonl_bad_lines_rejected_rest_kept)
{
	cg_import_stats st;
	cg_error err;
	cg_graph *g = load_one("bad_lines.jsonl", &st, NULL, &err);

	ck_assert_uint_eq(st.read, 6);
	ck_assert_uint_eq(st.imported, 3);
	ck_assert_uint_eq(st.rejected, 3);
	ck_assert_uint_eq(dl.n, 4);
	ck_assert_int_eq(dl.code[0], CG_EPARSE);
	/* the closing brace is missing: the error is at the end of the line */
	ck_assert_str_eq(dl.text[0], "bad_lines.jsonl:3:164: invalid JSON");
	ck_assert_int_eq(dl.code[1], CG_EPARSE);
	ck_assert_str_eq(dl.text[1], "bad_lines.jsonl:4: unknown kind 'node' (entity or link)");
	/* line 5 is blank: skipped, but counted for line numbers */
	ck_assert_int_eq(dl.code[2], CG_EPARSE);
	ck_assert_str_eq(dl.text[2], "bad_lines.jsonl:7: unknown target id 'person:nobody'");
	/* six lines where the header announces four: lines of unknown kind
	 * leave only the number of lines to compare */
	ck_assert_str_eq(dl.text[3], "bad_lines.jsonl:8: the header announces 2 entities and 2 "
	                             "links, the file has 6 lines after it: it is truncated or was "
	                             "edited");
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	ck_assert_uint_eq(cg_graph_link_count(g), 1);
	ck_assert_uint_ne(cg_graph_find_id(g, "email:ops@harbor-quill.example"), CG_NO_ENTITY);
	ck_assert_uint_eq(cg_graph_find_id(g, "person:tamsin roe"), CG_NO_ENTITY);
}
END_TEST

START_TEST(import_jsonl_bad_fields_rejected_with_reason)
{
	static const char *const want[] = {
	    "bad_fields.jsonl:3: entity without identity keys",
	    "bad_fields.jsonl:4: unknown flag 'shiny'",
	    "bad_fields.jsonl:5: bad aliases: not an array of strings",
	    "bad_fields.jsonl:6: unknown entity type 'persn' (did you mean 'person'?)",
	    "bad_fields.jsonl:7: bad directed: not true or false",
	    "bad_fields.jsonl:8: bad amount '12.345': more decimals than the currency has",
	    "bad_fields.jsonl:9: bad prov: need [{\"file\",\"line\",\"case\"...}]",
	};
	cg_import_stats st;
	cg_error err;
	cg_graph *g = load_one("bad_fields.jsonl", &st, NULL, &err);

	ck_assert_uint_eq(st.read, 8);
	ck_assert_uint_eq(st.imported, 1);
	ck_assert_uint_eq(st.rejected, 7);
	ck_assert_uint_eq(dl.n, 7);
	for (size_t i = 0; i < 7; i++) {
		ck_assert_int_eq(dl.code[i], CG_EPARSE);
		ck_assert_str_eq(dl.text[i], want[i]);
	}
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_uint_eq(cg_graph_link_count(g), 0);
}
END_TEST

START_TEST(import_jsonl_truncated_file_reported)
{
	cg_import_stats st;
	cg_error err;
	cg_graph *g = load_one("truncated.jsonl", &st, NULL, &err);
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	const char *path = "truncated.jsonl";
	int rc;

	ck_assert_uint_eq(st.read, 2);
	ck_assert_uint_eq(st.imported, 2);
	ck_assert_uint_eq(st.rejected, 0);
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_int_eq(dl.code[0], CG_EPARSE);
	ck_assert_str_eq(dl.text[0],
	                 "truncated.jsonl:3: the header announces 3 entities and 1 links, "
	                 "the file has 2 and 0: it is truncated or was edited");
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	/* strict mode turns it into a failure */
	memset(&dl, 0, sizeof dl);
	o.strict = 1;
	g = load(&path, 1, &o, NULL, &rc, &err);
	ck_assert_int_eq(rc, CG_EREJECT);
	ck_assert_int_eq(err.code, CG_EREJECT);
	ck_assert_int_eq(err.line, 3);
}
END_TEST

START_TEST(import_jsonl_wrong_version_refused)
{
	cg_import_stats st;
	cg_error err;
	int rc;
	cg_graph *g = load_one("wrong_version.jsonl", &st, &rc, &err);

	ck_assert_int_eq(rc, CG_EFORMAT);
	ck_assert_int_eq(err.code, CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err), "wrong_version.jsonl:1: casegraph JSONL version 2 is not "
	                                "supported (this build reads version 1)");
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
	ck_assert_uint_eq(st.read, 0);
}
END_TEST

START_TEST(import_jsonl_without_header_refused)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	const char *path = "no_header.jsonl";
	cg_error err;
	int rc;
	cg_graph *g;

	o.format = CG_FMT_JSONL;
	g = load(&path, 1, &o, NULL, &rc, &err);
	ck_assert_int_eq(rc, CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err), "no_header.jsonl:1: not a casegraph JSONL header");
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
}
END_TEST

/* A line holds one object: text after it (here a second object, as when two
 * files were joined without a newline) is not silently dropped. */
START_TEST(import_jsonl_trailing_data_on_line_rejected)
{
	cg_import_stats st;
	cg_error err;
	cg_graph *g = load_one("two_objects.jsonl", &st, NULL, &err);

	ck_assert_uint_ge(dl.n, 1);
	ck_assert_int_eq(dl.code[0], CG_EPARSE);
	ck_assert_msg(strncmp(dl.text[0], "two_objects.jsonl:2:", 20) == 0 &&
	                  strstr(dl.text[0], ": invalid JSON") != NULL,
	              "first diagnostic: %s", dl.text[0]);
	ck_assert_uint_eq(st.read, 2);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_eq(cg_graph_find_id(g, "person:orla venn"), CG_NO_ENTITY);
	ck_assert_uint_ne(cg_graph_find_id(g, "person:wren hale"), CG_NO_ENTITY);
}
END_TEST

START_TEST(import_jsonl_duplicate_entity_id_rejected)
{
	cg_import_stats st;
	cg_error err;
	const char *path = tmp_path("dup.jsonl");
	cg_graph *g;

	write_text(path,
	           "{\"format\":\"casegraph\",\"version\":1,\"entities\":2,\"links\":0}\n"
	           "{\"kind\":\"entity\",\"id\":\"person:orla venn\",\"type\":\"person\","
	           "\"name\":\"Orla Venn\",\"keys\":[\"name:orla venn\"],"
	           "\"prov\":[{\"file\":\"n.csv\",\"line\":2,\"case\":\"a\",\"id\":\"p1\"}]}\n"
	           "{\"kind\":\"entity\",\"id\":\"person:orla venn\",\"type\":\"person\","
	           "\"name\":\"Orla Venn\",\"keys\":[\"name:orla venn\"],"
	           "\"prov\":[{\"file\":\"n.csv\",\"line\":9,\"case\":\"a\",\"id\":\"p9\"}]}\n");
	g = load_one(path, &st, NULL, &err);
	ck_assert_uint_eq(st.read, 2);
	ck_assert_uint_eq(st.imported, 1);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_msg(strstr(dl.text[0], ":3: entity id 'person:orla venn' appears twice in this "
	                                 "file") != NULL,
	              "%s", dl.text[0]);
}
END_TEST

START_TEST(import_jsonl_line_over_limit_rejected)
{
	cg_graph *g = small_graph(), *h;
	size_t n_ents = cg_graph_entity_count(g);
	const char *path = tmp_path("g.jsonl");
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	char want[600];

	write_ok(g, path);
	o.max_record = 300; /* longer than the header, shorter than some lines */
	memset(&st, 0, sizeof st);
	h = load(&path, 1, &o, &st, NULL, &err);
	ck_assert_uint_ge(dl.n, 1);
	ck_assert_int_eq(dl.code[0], CG_EPARSE);
	snprintf(want, sizeof want, "%s:2: line longer than 300 bytes", path);
	ck_assert_str_eq(dl.text[0], want);
	ck_assert_uint_eq(st.read, st.imported + st.rejected);
	ck_assert_uint_gt(st.rejected, 0);
	ck_assert_uint_gt(st.imported, 0);
	ck_assert_uint_lt(cg_graph_entity_count(h), n_ents);
}
END_TEST

START_TEST(import_jsonl_strict_stops_at_first_bad_line)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	const char *path = "bad_lines.jsonl";
	cg_import_stats st;
	cg_error err;
	int rc;
	cg_graph *g;

	o.strict = 1;
	memset(&st, 0, sizeof st);
	g = load(&path, 1, &o, &st, &rc, &err);
	ck_assert_int_eq(rc, CG_EREJECT);
	ck_assert_int_eq(err.code, CG_EREJECT);
	ck_assert_str_eq(fmt_err(&err), "bad_lines.jsonl:3:164: invalid JSON");
	ck_assert_uint_eq(st.read, 2);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
}
END_TEST

/* The diagnostics logged are want[0..n), each a rejection (CG_EPARSE). */
static void assert_diags(const char *const *want, size_t n)
{
	for (size_t i = 0; i < n && i < dl.n; i++) {
		ck_assert_int_eq(dl.code[i], CG_EPARSE);
		ck_assert_str_eq(dl.text[i], want[i]);
	}
	ck_assert_msg(dl.n == n, "%zu diagnostics, want %zu; the last: %s", dl.n, n,
	              dl.n ? dl.text[dl.n - 1] : "");
}

/* The amount of the only link of g, in minor units; fails without one. */
static int64_t only_amount(const cg_graph *g)
{
	int64_t minor = 0;
	const char *cur = NULL;

	ck_assert_uint_eq(cg_graph_link_count(g), 1);
	ck_assert_int_eq(cg_link_amount(g, 0, &minor, &cur), 1);
	ck_assert_str_eq(cur, "USD");
	return minor;
}

/* An amount is a string (docs/FORMAT.md): a JSON number, which a reader
 * would round through a double, rejects the line; it was imported as a
 * link without money. */
START_TEST(import_jsonl_amount_as_number_rejected)
{
	static const char *const want[] = {
	    "amount_number.jsonl:4: bad amount: not a string",
	    "amount_number.jsonl:5: bad amount: not a string",
	};
	cg_import_stats st;
	cg_error err;
	cg_graph *g = load_one("amount_number.jsonl", &st, NULL, &err);

	assert_diags(want, 2);
	ck_assert_uint_eq(st.read, 5);
	ck_assert_uint_eq(st.imported, 3);
	ck_assert_uint_eq(st.rejected, 2);
	ck_assert_int_eq(only_amount(g), 1250);
}
END_TEST

START_TEST(import_jsonl_amount_null_rejected)
{
	static const char *const want[] = {
	    "amount_null.jsonl:4: bad amount: not a string",
	    "amount_null.jsonl:5: bad currency: not a string",
	};
	cg_import_stats st;
	cg_error err;
	cg_graph *g = load_one("amount_null.jsonl", &st, NULL, &err);

	assert_diags(want, 2);
	ck_assert_uint_eq(st.read, 5);
	ck_assert_uint_eq(st.imported, 3);
	ck_assert_uint_eq(st.rejected, 2);
	ck_assert_int_eq(only_amount(g), 1250);
}
END_TEST

/* A member the format does not define (a misspelling, an edit, a newer
 * writer) rejects the line naming it: its data was silently dropped. */
START_TEST(import_jsonl_misspelt_member_rejected)
{
	static const char *const want[] = {
	    "unknown_member.jsonl:3: unknown member 'alias'",
	    "unknown_member.jsonl:5: unknown member 'ammount'",
	};
	cg_import_stats st;
	cg_error err;
	cg_graph *g = load_one("unknown_member.jsonl", &st, NULL, &err);

	assert_diags(want, 2);
	ck_assert_uint_eq(st.read, 5);
	ck_assert_uint_eq(st.imported, 3);
	ck_assert_uint_eq(st.rejected, 2);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	ck_assert_uint_eq(cg_graph_find_id(g, "person:tamsin roe"), CG_NO_ENTITY);
	ck_assert_int_eq(only_amount(g), 1250);
}
END_TEST

/* A member of the wrong JSON type is named: before, a string member that
 * was not a string read as missing ("entity without id, type or name"). */
START_TEST(import_jsonl_member_of_wrong_type_rejected_naming_it)
{
	static const char *const want[] = {
	    "wrong_types.jsonl:2: bad id: not a string",
	    "wrong_types.jsonl:3: bad name: not a string",
	    "wrong_types.jsonl:4: bad roles: not an array of strings",
	    "wrong_types.jsonl:5: bad prov: need [{\"file\",\"line\",\"case\"...}]",
	    "wrong_types.jsonl:7: bad source: not a string",
	    "wrong_types.jsonl:8: bad props: not an object of string arrays",
	};
	cg_import_stats st;
	cg_error err;
	cg_graph *g = load_one("wrong_types.jsonl", &st, NULL, &err);

	assert_diags(want, 6);
	ck_assert_uint_eq(st.read, 7);
	ck_assert_uint_eq(st.imported, 1);
	ck_assert_uint_eq(st.rejected, 6);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_uint_eq(cg_graph_link_count(g), 0);
}
END_TEST

/* Provenance entries too: a local id given as a number was dropped (the
 * entity could then not be found by it), "name_only" other than true read
 * as false, a misspelt member was ignored, and a link's entry, which keeps
 * only file, line and case, lost its "id". */
START_TEST(import_jsonl_prov_id_as_number_rejected)
{
	static const char *const want[] = {
	    "prov_members.jsonl:2: bad prov: \"id\" is not a string",
	    "prov_members.jsonl:3: bad prov: \"via\" is not a string",
	    "prov_members.jsonl:4: bad prov: unknown member 'fiel'",
	    "prov_members.jsonl:5: bad prov: \"name_only\" is not true or false",
	    "prov_members.jsonl:7: bad prov: unknown member 'id'",
	};
	cg_import_stats st;
	cg_error err;
	cg_graph *g = load_one("prov_members.jsonl", &st, NULL, &err);

	assert_diags(want, 5);
	ck_assert_uint_eq(st.read, 7);
	ck_assert_uint_eq(st.imported, 2);
	ck_assert_uint_eq(st.rejected, 5);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
	ck_assert_uint_eq(cg_graph_find_local(g, "alpha", "p5"),
	                  cg_graph_find_id(g, "person:ines dal"));
	ck_assert_uint_eq(cg_graph_link_count(g), 1);
}
END_TEST

/* The header's members are the format's too: an unknown one refuses the
 * file, as an unknown version does; a newer version is named as such. */
START_TEST(import_jsonl_header_unknown_member_refused)
{
	const char *path = tmp_path("v2.jsonl");
	cg_import_stats st;
	cg_error err;
	char want[600];
	int rc;
	cg_graph *g = load_one("header_unknown_member.jsonl", &st, &rc, &err);

	ck_assert_int_eq(rc, CG_EFORMAT);
	ck_assert_str_eq(fmt_err(&err), "header_unknown_member.jsonl:1: bad casegraph JSONL "
	                                "header: unknown member 'encoding'");
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
	ck_assert_uint_eq(st.read, 0);

	write_text(path, "{\"format\":\"casegraph\",\"version\":2,\"encoding\":\"utf-16\"}\n");
	load_one(path, &st, &rc, &err);
	ck_assert_int_eq(rc, CG_EFORMAT);
	snprintf(want, sizeof want,
	         "%s:1: casegraph JSONL version 2 is not supported (this build reads version 1)",
	         path);
	ck_assert_str_eq(fmt_err(&err), want);
}
END_TEST

/* Every member the writer writes is one the reader reads: the golden file
 * (aliases, roles, keys, props, flags, provenance with id, via and
 * name_only, links with direction, money and props) reads back without a
 * word and is written again byte for byte. */
START_TEST(round_trip_golden_file_read_back_unchanged)
{
	cg_import_stats st;
	cg_error err;
	cg_graph *g = load_one("golden_small.jsonl", &st, NULL, &err);

	ck_assert_uint_eq(dl.n, 0);
	ck_assert_uint_eq(st.rejected, 0);
	ck_assert_uint_eq(st.imported, st.read);
	write_ok(g, tmp_path("again.jsonl"));
	assert_same_file("golden_small.jsonl", tmp_path("again.jsonl"));
}
END_TEST

/* An allocation that fails while a row's members are read is the import's
 * failure (CG_ENOMEM, "out of memory" on that line), never a malformed row
 * rejected and skipped. The rejected row 2 arms the failure; row 3 then
 * grows the scratch arrays of its keys (the first realloc), props (the
 * second) and provenance (the third). */
START_TEST(import_jsonl_out_of_memory_is_enomem_not_bad_row)
{
	static const char *const what[] = {"keys", "props", "prov"};
	const char *path = tmp_path("oom.jsonl");
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import *imp;
	cg_error err;
	char pad[400];
	FILE *f;
	int rc;

	if (!realloc_hook_works()) {
		printf("import_jsonl_out_of_memory_is_enomem_not_bad_row: skipped: the library's "
		       "realloc is not this program's (valgrind?)\n");
		return;
	}
	/* row 2 is the longest: reading row 3 grows no line buffer */
	memset(pad, 'x', sizeof pad - 1);
	pad[sizeof pad - 1] = '\0';
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f,
	        "{\"format\":\"casegraph\",\"version\":1}\n"
	        "{\"kind\":\"nothing\",\"pad\":\"%s\"}\n"
	        "{\"kind\":\"entity\",\"id\":\"person:orla venn\",\"type\":\"person\","
	        "\"name\":\"Orla Venn\",\"keys\":[\"name:orla venn\"],"
	        "\"props\":{\"nationality\":[\"IE\"]},"
	        "\"prov\":[{\"file\":\"n.csv\",\"line\":2,\"case\":\"a\"}]}\n",
	        pad);
	ck_assert_int_eq(fclose(f), 0);
	o.diag = on_diag_arm;
	o.diag_ctx = &dl;
	for (long k = 1; k <= 3; k++) {
		cg_graph *g = new_graph();
		memset(&dl, 0, sizeof dl);
		arm_after_diag = k;
		imp = cg_import_new(g, &o);
		ck_assert_ptr_nonnull(imp);
		cg_error_clear(&err);
		rc = cg_import_files(imp, &path, 1, NULL, NULL, &err);
		fail_at = 0;
		cg_import_free(imp);
		ck_assert_msg(rc == CG_ENOMEM, "%s: rc %d: %s; %zu diagnostics, the last: %s",
		              what[k - 1], rc, fmt_err(&err), dl.n, dl.n ? dl.text[dl.n - 1] : "");
		ck_assert_int_eq(err.code, CG_ENOMEM);
		ck_assert_int_eq(err.line, 3);
		ck_assert_str_eq(err.message, "out of memory");
		/* only row 2 was rejected */
		ck_assert_uint_eq(dl.n, 1);
		ck_assert_msg(strstr(dl.text[0], ":2: unknown kind 'nothing'") != NULL, "%s",
		              dl.text[0]);
		ck_assert_uint_eq(cg_graph_entity_count(g), 0);
	}
}
END_TEST

/* ================= the reading thread (cg_import_opts.one_thread) ================= */

/* Loads paths with opts, on one thread and with the reading thread, and
 * asserts the same result, error, counts, diagnostics and graph (as
 * JSONL, written to NAME-1 and NAME-2). Returns the number of diagnostics. */
static size_t load_both_ways(const char *const *paths, size_t n, cg_import_opts o, const char *name)
{
	static diag_log one;
	cg_import_stats st1[4], st2[4];
	cg_error e1, e2;
	cg_graph *g1, *g2;
	char a[64], b[64];
	int rc1, rc2;

	ck_assert_uint_le(n, 4);
	memset(st1, 0, sizeof st1);
	memset(st2, 0, sizeof st2);
	o.one_thread = 1;
	memset(&dl, 0, sizeof dl);
	g1 = load(paths, n, &o, st1, &rc1, &e1);
	one = dl;
	o.one_thread = 0;
	memset(&dl, 0, sizeof dl);
	g2 = load(paths, n, &o, st2, &rc2, &e2);
	ck_assert_int_eq(rc1, rc2);
	ck_assert_str_eq(fmt_err(&e1), fmt_err(&e2));
	ck_assert_uint_eq(one.n, dl.n);
	for (size_t i = 0; i < one.n && i < MAX_DIAGS; i++)
		ck_assert_str_eq(one.text[i], dl.text[i]);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(st1[i].read, st2[i].read);
		ck_assert_uint_eq(st1[i].imported, st2[i].imported);
		ck_assert_uint_eq(st1[i].rejected, st2[i].rejected);
	}
	snprintf(a, sizeof a, "%s-1.jsonl", name);
	snprintf(b, sizeof b, "%s-2.jsonl", name);
	write_ok(g1, tmp_path(a));
	write_ok(g2, tmp_path(b));
	assert_same_file(tmp_path(a), tmp_path(b));
	return one.n;
}

START_TEST(read_ahead_gives_the_same_graph)
{
	char nodes[4096], links[4096], gen[64];
	const char *paths[2];
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_strbuf csv = CG_STRBUF_INIT, jl = CG_STRBUF_INIT;
	char *text, *p;
	size_t len, k = 0;

	/* the example's cases */
	snprintf(nodes, sizeof nodes, "%s/examples/front-company/nodes.csv", source_root);
	snprintf(links, sizeof links, "%s/examples/front-company/links.csv", source_root);
	paths[0] = nodes;
	paths[1] = links;
	load_both_ways(paths, 2, o, "example");
	/* generated rows, past many batches, with bad rows among them */
	cg_strbuf_puts(&csv, "id,type,name,case,email\n");
	for (int i = 0; i < 6000; i++)
		if (i % 997 == 3)
			cg_strbuf_printf(&csv, ",person,No Id %d,case-1,\n", i); /* rejected */
		else
			cg_strbuf_printf(&csv, "p%d,person,Person %d,case-%d,p%d@mail.test\n", i,
			                 i / 3, i % 7, i % 1500);
	snprintf(gen, sizeof gen, "%s", tmp_path("gen-nodes.csv"));
	write_text(gen, csv.buf);
	paths[0] = gen;
	ck_assert_uint_gt(load_both_ways(paths, 1, o, "gen"), 3);
	/* that graph as JSONL, with bad lines, blank lines and a line too long */
	text = slurp(tmp_path("gen-1.jsonl"), &len);
	cg_strbuf_puts(&jl, "\xEF\xBB\xBF");
	for (p = text; *p; k++) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		cg_strbuf_append(&jl, p, n);
		if (k == 0)
			cg_strbuf_puts(&jl, "\n  \n");
		else if (k % 700 == 5)
			cg_strbuf_puts(&jl, "{\"kind\":\"entity\", oops}\n[1,2]\n");
		else if (k % 900 == 7)
			cg_strbuf_puts(
			    &jl, "{\"kind\":\"entity\",\"kind\":\"link\"}\n{\"kind\":\"x\"}\n");
		else if (k == 50) {
			cg_strbuf_puts(&jl, "{\"kind\":\"entity\",\"name\":\"");
			for (int i = 0; i < 5000; i++)
				cg_strbuf_putc(&jl, 'x');
			cg_strbuf_puts(&jl, "\"}\n");
		}
		p += n;
	}
	free(text);
	write_text(tmp_path("gen-bad.jsonl"), jl.buf);
	paths[0] = tmp_path("gen-bad.jsonl");
	o.max_record = 4096;
	ck_assert_uint_gt(load_both_ways(paths, 1, o, "bad"), 10);
	/* stopped at the first bad line */
	o.strict = 1;
	load_both_ways(paths, 1, o, "strict");
	cg_strbuf_free(&csv);
	cg_strbuf_free(&jl);
}
END_TEST

static Suite *jsonl_suite(void)
{
	Suite *s = suite_create("jsonl");
	TCase *tc;

	tc = tcase_create("json_put_string");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, json_put_string_escapes);
	suite_add_tcase(s, tc);

	tc = tcase_create("write_stream");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, write_stream_empty_graph_is_header_only);
	tcase_add_test(tc, write_stream_matches_golden_file);
	tcase_add_test(tc, write_stream_reports_write_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("write_file");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, write_file_leaves_no_temp_file);
	tcase_add_test(tc, write_file_replaces_existing_file);
	tcase_add_test(tc, write_file_missing_directory_is_eio);
	tcase_add_test(tc, write_file_read_only_directory_keeps_old_file);
	tcase_add_test(tc, write_file_failed_write_keeps_old_file);
	tcase_add_test(tc, write_file_onto_directory_is_eio_without_leftovers);
	suite_add_tcase(s, tc);

	tc = tcase_create("round_trip");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, round_trip_small_graph_is_byte_identical);
	tcase_add_test(tc, round_trip_twice_is_stable);
	tcase_add_test(tc, round_trip_keeps_time_spans_as_written);
	tcase_add_test(tc, round_trip_example_is_byte_identical);
	tcase_add_test(tc, round_trip_hostile_strings_survive);
	tcase_add_test(tc, round_trip_graph_appended_to_csv_keeps_ids);
	tcase_add_test(tc, round_trip_entities_sharing_a_key_stay_apart);
	tcase_add_test(tc, round_trip_golden_file_read_back_unchanged);
	suite_add_tcase(s, tc);

	tc = tcase_create("read_ahead");
	tcase_add_test(tc, read_ahead_gives_the_same_graph);
	tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);

	tc = tcase_create("import_jsonl");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, import_jsonl_bad_lines_rejected_rest_kept);
	tcase_add_test(tc, import_jsonl_bad_fields_rejected_with_reason);
	tcase_add_test(tc, import_jsonl_truncated_file_reported);
	tcase_add_test(tc, import_jsonl_wrong_version_refused);
	tcase_add_test(tc, import_jsonl_without_header_refused);
	tcase_add_test(tc, import_jsonl_trailing_data_on_line_rejected);
	tcase_add_test(tc, import_jsonl_duplicate_entity_id_rejected);
	tcase_add_test(tc, import_jsonl_line_over_limit_rejected);
	tcase_add_test(tc, import_jsonl_strict_stops_at_first_bad_line);
	tcase_add_test(tc, import_jsonl_amount_as_number_rejected);
	tcase_add_test(tc, import_jsonl_amount_null_rejected);
	tcase_add_test(tc, import_jsonl_misspelt_member_rejected);
	tcase_add_test(tc, import_jsonl_member_of_wrong_type_rejected_naming_it);
	tcase_add_test(tc, import_jsonl_prov_id_as_number_rejected);
	tcase_add_test(tc, import_jsonl_header_unknown_member_refused);
	tcase_add_test(tc, import_jsonl_out_of_memory_is_enomem_not_bad_row);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	static char root[4096];
	const char *env = getenv("CG_SOURCE_ROOT");
	char dir[4200];
	SRunner *sr;
	int failed;

	/* an absolute source root: the tests change directory */
	if (!env || !*env)
		env = ".";
	if (env[0] == '/') {
		snprintf(root, sizeof root, "%s", env);
	} else {
		char cwd[2048];
		if (!getcwd(cwd, sizeof cwd))
			return 1;
		snprintf(root, sizeof root, "%s/%s", cwd, env);
	}
	source_root = root;
	snprintf(dir, sizeof dir, "%s/tests/data/jsonl", root);
	if (chdir(dir) != 0) {
		fprintf(stderr, "test_jsonl: cannot enter %s (set CG_SOURCE_ROOT): %s\n", dir,
		        strerror(errno));
		return 1;
	}
	snprintf(basedir, sizeof basedir, "/tmp/cg_test_jsonl.XXXXXX");
	if (!mkdtemp(basedir)) {
		fprintf(stderr, "test_jsonl: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	sr = srunner_create(jsonl_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	remove_tree(basedir);
	return failed != 0;
}
