/* The hostile-input corpus (docs/RELIABILITY.md): broken, hostile and
 * oversized inputs for every importer, each with its exact outcome.
 *
 * - corpus: the files of tests/data/bad/, imported one by one as
 *   tests/data/bad/expected.txt says, with every diagnostic, the counts and
 *   what the graph holds asserted exactly (CG_BAD_PRINT=1 prints what each
 *   file gives instead, in the manifest's syntax, to review a change);
 * - generated: inputs too big to commit, made at test time: 10 MB fields and
 *   lines, a million columns, nesting a hundred thousand deep; the limits
 *   overridden both ways;
 * - accounting: for every importer, each record of a file is imported
 *   (cited by the provenance of what it made or merged into, so that
 *   `casegraph merges` lists it) or rejected with its line, never both,
 *   never neither.
 *
 * Never a crash, a hang or a silent drop: each outcome is a file:line:
 * reason and the rest kept, or the file refused with one message. All names
 * are invented. */
#include "cg_graph.h"
#include "cg_import.h"
#include "cg_jsonl.h"
#include "cg_mapping.h"
#include "testutil.h"

#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ================= the manifest ================= */

#define MAX_CASES 96
#define MAX_LINES 48

/* One block of expected.txt: a file and what importing it gives. */
typedef struct bad_case {
	char file[128];  /* the file, relative to tests/data/bad */
	char format[16]; /* its format ("" to detect it) */
	long line;       /* the line of "file" in expected.txt */
	size_t n;        /* the other lines of the block */
	char what[MAX_LINES][16];
	char rest[MAX_LINES][512];
} bad_case;

static bad_case cases[MAX_CASES];
static size_t n_cases;
static int print_mode;

/* Reads expected.txt. Returns 0, or -1 with a message on stderr. */
static int load_manifest(const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[1024];
	long lineno = 0;
	bad_case *c = NULL;

	if (!f) {
		fprintf(stderr, "test_bad: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(buf, sizeof buf, f)) {
		size_t len = strlen(buf);
		char *sp;
		lineno++;
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (!len || buf[0] == '#')
			continue;
		sp = strchr(buf, ' ');
		if (sp)
			*sp++ = '\0';
		if (strcmp(buf, "file") == 0) {
			if (n_cases == MAX_CASES || !sp) {
				fprintf(stderr, "%s:%ld: too many cases, or no file name\n", path,
				        lineno);
				fclose(f);
				return -1;
			}
			c = &cases[n_cases++];
			memset(c, 0, sizeof *c);
			c->line = lineno;
			char *fmt = strchr(sp, ' ');
			if (fmt) {
				*fmt++ = '\0';
				snprintf(c->format, sizeof c->format, "%.15s", fmt);
			}
			snprintf(c->file, sizeof c->file, "%.127s", sp);
		} else if (strcmp(buf, "end") == 0) {
			c = NULL;
		} else if (!c || c->n == MAX_LINES) {
			fprintf(stderr, "%s:%ld: '%s' outside a file block, or too many lines\n",
			        path, lineno, buf);
			fclose(f);
			return -1;
		} else {
			snprintf(c->what[c->n], sizeof c->what[0], "%.15s", buf);
			snprintf(c->rest[c->n], sizeof c->rest[0], "%.511s", sp ? sp : "");
			c->n++;
		}
	}
	fclose(f);
	return 0;
}

/* ================= importing ================= */

static tu_diag_log dl;

static cg_format format_of(const char *name)
{
	cg_format f = name && *name ? cg_format_from_string(name) : CG_FMT_UNKNOWN;
	ck_assert_msg(!(name && *name) || f != CG_FMT_UNKNOWN, "unknown format '%s'", name);
	return f;
}

/* Imports path into g with opts (NULL: defaults), diagnostics into dl. */
static int import_into(cg_graph *g, const char *path, cg_format fmt, const cg_import_opts *opts,
                       cg_import_stats *st, cg_error *err)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;

	if (opts)
		o = *opts;
	if (!o.case_name)
		o.case_name = "hostile";
	return tu_import(g, path, fmt, &o, tu_on_diag, &dl, st, err);
}

/* The entity with this id; fails the test when there is none. */
static cg_eid entity(const cg_graph *g, const char *id, const bad_case *c)
{
	cg_eid e = cg_graph_find_id(g, id);
	ck_assert_msg(e != CG_NO_ENTITY, "expected.txt:%ld: %s: no entity '%s'", c->line, c->file,
	              id);
	return e;
}

/* Splits "A<TAB>B" at the first tab (ids and names hold spaces): returns
 * B, A ends at the tab. */
static char *split(char *s)
{
	char *sp = strchr(s, '\t');
	if (!sp)
		return s + strlen(s);
	*sp = '\0';
	return sp + 1;
}

/* Prints what the file gives, in the manifest's syntax. */
static void print_case(const bad_case *c, const cg_graph *g, int rc, const cg_error *err,
                       const cg_import_stats *st)
{
	printf("file %s%s%s\n", c->file, *c->format ? " " : "", c->format);
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->what[i], "before") == 0 || strcmp(c->what[i], "note") == 0)
			printf("%s %s\n", c->what[i], c->rest[i]);
	if (rc)
		printf("refused %s\n", tu_fmt_err(err));
	else
		printf("counts %zu %zu %zu\n", st->read, st->imported, st->rejected);
	printf("graph %zu %zu\n", cg_graph_entity_count(g), cg_graph_link_count(g));
	for (size_t i = 0; i < dl.n && i < TU_MAX_DIAGS; i++)
		printf("diag %s\n", dl.text[i]);
	for (size_t e = 0; e < cg_graph_entity_count(g); e++)
		printf("entity %s\t%s\n", cg_entity_id(g, (cg_eid)e), cg_entity_name(g, (cg_eid)e));
	for (size_t l = 0; l < cg_graph_link_count(g); l++) {
		int64_t minor;
		const char *cur;
		printf("link %zu\t%s\t%s\t%s", l, cg_link_type_name(g, (cg_lid)l),
		       cg_entity_id(g, cg_link_source(g, (cg_lid)l)),
		       cg_entity_id(g, cg_link_target(g, (cg_lid)l)));
		if (cg_link_amount(g, (cg_lid)l, &minor, &cur))
			printf("\t%" PRId64 "\t%s", minor, cur);
		printf("\n");
	}
	printf("end\n\n");
}

START_TEST(corpus_file_outcome)
{
	const bad_case *c = &cases[_i];
	cg_graph *g = cg_graph_new();
	cg_import_stats st;
	cg_error err;
	int rc, refused = 0;
	size_t diags = 0;

	ck_assert_ptr_nonnull(g);
	memset(&dl, 0, sizeof dl);
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->what[i], "before") == 0) {
			char tmp[512];
			snprintf(tmp, sizeof tmp, "%s", c->rest[i]);
			char *fmt = strchr(tmp, ' ');
			ck_assert_msg(fmt != NULL, "expected.txt:%ld: before NAME FORMAT", c->line);
			*fmt++ = '\0';
			ck_assert_int_eq(import_into(g, tmp, format_of(fmt), NULL, &st, &err), 0);
			ck_assert_msg(dl.n == 0, "%s: %s", tmp, dl.text[0]);
		}
	}
	rc = import_into(g, c->file, format_of(c->format), NULL, &st, &err);
	if (print_mode) {
		print_case(c, g, rc, &err, &st);
		cg_graph_free(g);
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		const char *w = c->what[i];
		char arg[512];
		snprintf(arg, sizeof arg, "%s", c->rest[i]);
		if (strcmp(w, "refused") == 0) {
			refused = 1;
			ck_assert_msg(rc != 0, "expected.txt:%ld: %s was not refused", c->line,
			              c->file);
			ck_assert_str_eq(tu_fmt_err(&err), arg);
		} else if (strcmp(w, "counts") == 0) {
			size_t r, im, rj;
			ck_assert_int_eq(sscanf(arg, "%zu %zu %zu", &r, &im, &rj), 3);
			ck_assert_msg(rc == 0, "expected.txt:%ld: %s refused: %s", c->line, c->file,
			              tu_fmt_err(&err));
			ck_assert_msg(
			    st.read == r && st.imported == im && st.rejected == rj,
			    "expected.txt:%ld: %s: read %zu imported %zu rejected %zu, want %s",
			    c->line, c->file, st.read, st.imported, st.rejected, arg);
			ck_assert_uint_eq(st.read, st.imported + st.rejected);
		} else if (strcmp(w, "graph") == 0) {
			size_t ne, nl;
			ck_assert_int_eq(sscanf(arg, "%zu %zu", &ne, &nl), 2);
			ck_assert_msg(
			    cg_graph_entity_count(g) == ne && cg_graph_link_count(g) == nl,
			    "expected.txt:%ld: %s: %zu entities %zu links, want %s", c->line,
			    c->file, cg_graph_entity_count(g), cg_graph_link_count(g), arg);
		} else if (strcmp(w, "diag") == 0) {
			ck_assert_msg(diags < dl.n && diags < TU_MAX_DIAGS,
			              "expected.txt:%ld: %s: diagnostic %zu missing: %s", c->line,
			              c->file, diags + 1, arg);
			ck_assert_msg(strcmp(dl.text[diags], arg) == 0,
			              "expected.txt:%ld: %s: diagnostic %zu is\n  %s\nwant\n  %s",
			              c->line, c->file, diags + 1, dl.text[diags], arg);
			diags++;
		} else if (strcmp(w, "entity") == 0) {
			/* entity ID<TAB>NAME */
			char *name = strchr(arg, '\t');
			if (name)
				*name++ = '\0';
			cg_eid e = entity(g, arg, c);
			if (name)
				ck_assert_str_eq(cg_entity_name(g, e), name);
		} else if (strcmp(w, "flag") == 0) {
			char *flag = split(arg);
			cg_eid e = entity(g, arg, c);
			ck_assert_msg(cg_entity_flags(g, e) & cg_entity_flag_from_string(flag),
			              "expected.txt:%ld: %s: '%s' is not flagged %s", c->line,
			              c->file, arg, flag);
		} else if (strcmp(w, "prop") == 0) {
			char *name = split(arg), *value = split(name);
			const char *v = cg_entity_prop(g, entity(g, arg, c), name);
			ck_assert_msg(v && strcmp(v, value) == 0,
			              "expected.txt:%ld: %s: %s %s is '%s'", c->line, c->file, arg,
			              name, v ? v : "(none)");
		} else if (strcmp(w, "link") == 0) {
			char *type = split(arg), *src = split(type), *dst = split(src),
			     *minor = split(dst);
			char *cur = split(minor);
			size_t l = strtoul(arg, NULL, 10);
			int n = *cur ? 6 : 4;
			int64_t m;
			const char *c2;
			ck_assert_msg(*dst, "expected.txt:%ld: bad link line", c->line);
			ck_assert_uint_lt(l, cg_graph_link_count(g));
			ck_assert_str_eq(cg_link_type_name(g, (cg_lid)l), type);
			ck_assert_str_eq(cg_entity_id(g, cg_link_source(g, (cg_lid)l)), src);
			ck_assert_str_eq(cg_entity_id(g, cg_link_target(g, (cg_lid)l)), dst);
			ck_assert_int_eq(cg_link_amount(g, (cg_lid)l, &m, &c2), n == 6);
			if (n == 6) {
				ck_assert_int_eq(m, strtoll(minor, NULL, 10));
				ck_assert_str_eq(c2, cur);
			}
		} else if (strcmp(w, "before") != 0 && strcmp(w, "note") != 0) {
			ck_abort_msg("expected.txt:%ld: unknown line '%s'", c->line, w);
		}
	}
	if (!refused)
		ck_assert_msg(rc == 0, "expected.txt:%ld: %s refused: %s", c->line, c->file,
		              tu_fmt_err(&err));
	ck_assert_msg(diags == dl.n,
	              "expected.txt:%ld: %s: %zu diagnostics, %zu expected; next: %s", c->line,
	              c->file, dl.n, diags, diags < dl.n ? dl.text[diags] : "");
	cg_graph_free(g);
}
END_TEST

/* ================= generated inputs ================= */

static char tmpdir[256];

static void gen_setup(void)
{
	memset(&dl, 0, sizeof dl);
	tu_mkdtemp(NULL, tmpdir, sizeof tmpdir);
}

static void gen_teardown(void)
{
	tu_remove_tree(tmpdir);
}

/* tmpdir/name in a static buffer (one of four). */
static const char *tmp(const char *name)
{
	static char ring[4][512];
	static unsigned next;
	char *p = ring[next++ % 4];
	snprintf(p, sizeof ring[0], "%s/%s", tmpdir, name);
	return p;
}

/* A file written piece by piece: text, or a byte repeated n times. */
static FILE *gen_open(const char *path)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
	return f;
}

static void put(FILE *f, const char *s)
{
	ck_assert_int_ge(fputs(s, f), 0);
}

/* s repeated n times. Written in blocks, with no assertion per piece:
 * Check records every assertion, which costs a write. */
static void put_n(FILE *f, const char *s, size_t n)
{
	static char block[1 << 16];
	size_t len = strlen(s), per = sizeof block / len, ok = 1;

	for (size_t i = 0; i < per; i++)
		memcpy(block + i * len, s, len);
	while (n) {
		size_t k = n < per ? n : per;
		ok &= fwrite(block, len, k, f) == k;
		n -= k;
	}
	ck_assert_msg(ok, "write failed: %s", strerror(errno));
}

static void gen_close(FILE *f)
{
	int bad = ferror(f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(bad, 0);
}

#define TEN_MB (10u << 20)

static const char jsonl_head[] =
    "{\"format\":\"casegraph\",\"version\":1,\"entities\":3,\"links\":0}\n";

/* The entity line of person i named name, without its newline. */
static void put_entity(FILE *f, int i, const char *name)
{
	fprintf(
	    f,
	    "{\"kind\":\"entity\",\"id\":\"person:%s\",\"type\":\"person\",\"name\":\"%s\","
	    "\"keys\":[\"name:%s\"],\"prov\":[{\"file\":\"n.csv\",\"line\":%d,\"case\":\"big\"}]}",
	    name, name, name, i + 1);
}

START_TEST(csv_field_of_10_mb_rejected_rest_kept)
{
	const char *path = tmp("big-field.csv");
	FILE *f = gen_open(path);
	cg_graph *g = cg_graph_new();
	cg_import_stats st;
	cg_error err;
	char want[600];

	put(f, "id,type,name,case\np1,person,Orla Venn,big\np2,person,");
	put_n(f, "x", TEN_MB);
	put(f, ",big\np3,person,Kai Moss,big\n");
	gen_close(f);
	ck_assert_int_eq(import_into(g, path, CG_FMT_NODES_CSV, NULL, &st, &err), 0);
	ck_assert_uint_eq(st.read, 3);
	ck_assert_uint_eq(st.imported, 2);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_eq(dl.n, 1);
	/* the field spans many read chunks: cut off at the limit, which the
	 * message names as for a field read whole */
	snprintf(want, sizeof want, "%s:3: field 3 is longer than %u bytes", path,
	         CG_DEFAULT_MAX_FIELD);
	ck_assert_str_eq(dl.text[0], want);
	ck_assert_int_eq(dl.code[0], CG_ELIMIT);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	cg_graph_free(g);
}
END_TEST

/* A quote never closed, followed by many lines: the field grows past the
 * limit over lines and chunks; the message names the limit and the quote.
 * The same in a mapped CSV file, whose reader is the same. */
START_TEST(csv_unterminated_quote_over_the_limit_names_it)
{
	const char *path = tmp("open-quote.csv"), *rows = tmp("rows.csv"), *map = tmp("m.json");
	FILE *f = gen_open(path);
	cg_graph *g = cg_graph_new();
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	char want[600];

	put(f, "id,type,name,case,note\np1,person,Orla Venn,big,\"an open quote\n");
	for (int i = 0; i < 2000; i++)
		put(f, "a line of the note that goes on and on and on and on and on and on\n");
	gen_close(f);
	o.max_field = 65536;
	ck_assert_int_eq(import_into(g, path, CG_FMT_NODES_CSV, &o, &st, &err), 0);
	ck_assert_uint_ge(dl.n, 1);
	snprintf(want, sizeof want,
	         "%s:2: field 5 is longer than 65536 bytes, or its quote is never closed", path);
	ck_assert_str_eq(dl.text[0], want);
	ck_assert_int_eq(dl.code[0], CG_ELIMIT);
	cg_graph_free(g);

	memset(&dl, 0, sizeof dl);
	g = cg_graph_new();
	f = gen_open(rows);
	put(f, "id,name\n1,Orla Venn\n2,");
	put_n(f, "z", 200000);
	put(f, "\n3,Kai Moss\n");
	gen_close(f);
	f = gen_open(map);
	put(f, "{\"file\": \"rows.csv\", \"entities\": {\"p\": {\"type\": \"person\", "
	       "\"name\": \"{name}\"}}}\n");
	gen_close(f);
	o.max_field = 1000;
	ck_assert_int_eq(import_into(g, map, CG_FMT_MAPPING, &o, &st, &err), 0);
	ck_assert_uint_eq(dl.n, 1);
	snprintf(want, sizeof want, "%s:3: field 2 is longer than 1000 bytes", rows);
	ck_assert_str_eq(dl.text[0], want);
	ck_assert_int_eq(dl.code[0], CG_ELIMIT);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	cg_graph_free(g);
}
END_TEST

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Long fields in linear time: libcsv grows a field's buffer 128 bytes at a
 * time unless told otherwise, so a field of n bytes cost n / 128 reallocs,
 * each a copy wherever realloc copies (AddressSanitizer's always does: a
 * 2 MB field took 100 s, rejecting a 10 MB one at the 1 MiB limit 30 s).
 * An 8 MB field under a raised limit and a 10 MB field rejected at the
 * default one take seconds even under the sanitizers. */
START_TEST(csv_long_fields_in_linear_time)
{
	const char *path = tmp("long.csv");
	FILE *f = gen_open(path);
	cg_graph *g = cg_graph_new();
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	double t0;

	put(f, "id,type,name,case,note\np1,person,Orla Venn,big,");
	put_n(f, "n", 8u << 20);
	put(f, "\np2,person,Kai Moss,big,");
	put_n(f, "m", TEN_MB);
	put(f, "\n");
	gen_close(f);
	o.max_field = 9u << 20;
	t0 = now_s();
	ck_assert_int_eq(import_into(g, path, CG_FMT_NODES_CSV, &o, &st, &err), 0);
	ck_assert_uint_eq(st.imported, 1);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_eq(strlen(cg_entity_prop(g, 0, "note")), 8u << 20);
	ck_assert_msg(now_s() - t0 < 20, "18 MB of fields read in %.1f s", now_s() - t0);
	cg_graph_free(g);
}
END_TEST

START_TEST(csv_field_limit_overridden_both_ways)
{
	/* (a field over the default 1 MiB accepted with a raised limit:
	 * csv_long_fields_in_linear_time) */
	const char *path = tmp("fields.csv");
	FILE *f = gen_open(path);
	cg_graph *g = cg_graph_new();
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	char want[600];

	put(f, "id,type,name,case,note\np1,person,Orla Venn,big,");
	put_n(f, "n", 3000);
	put(f, "\np2,person,Kai Moss,big,short\n");
	gen_close(f);
	o.max_field = 2048;
	ck_assert_int_eq(import_into(g, path, CG_FMT_NODES_CSV, &o, &st, &err), 0);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_eq(st.imported, 1);
	snprintf(want, sizeof want, "%s:2: field 5 is longer than 2048 bytes", path);
	ck_assert_str_eq(dl.text[0], want);
	cg_graph_free(g);

	memset(&dl, 0, sizeof dl);
	g = cg_graph_new();
	o.max_field = 4096;
	ck_assert_int_eq(import_into(g, path, CG_FMT_NODES_CSV, &o, &st, &err), 0);
	ck_assert_msg(st.imported == 2 && dl.n == 0, "%s", dl.text[0]);
	ck_assert_uint_eq(strlen(cg_entity_prop(g, 0, "note")), 3000);
	cg_graph_free(g);
}
END_TEST

START_TEST(jsonl_line_of_10_mb_kept_under_the_default_limit_rejected_under_a_lower_one)
{
	const char *path = tmp("big-line.jsonl");
	FILE *f = gen_open(path);
	cg_graph *g = cg_graph_new();
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	char want[600];

	put(f, jsonl_head);
	put_entity(f, 1, "orla venn");
	put(f, "\n{\"kind\":\"entity\",\"id\":\"person:big\",\"type\":\"person\",\"name\":\"Big\","
	       "\"keys\":[\"name:big\"],\"props\":{\"note\":[\"");
	put_n(f, "y", TEN_MB);
	put(f, "\"]},\"prov\":[{\"file\":\"n.csv\",\"line\":3,\"case\":\"big\"}]}\n");
	put_entity(f, 3, "kai moss");
	put(f, "\n");
	gen_close(f);
	ck_assert_int_eq(import_into(g, path, CG_FMT_JSONL, NULL, &st, &err), 0);
	ck_assert_msg(st.imported == 3 && dl.n == 0, "%s", dl.text[0]);
	cg_graph_free(g);

	memset(&dl, 0, sizeof dl);
	g = cg_graph_new();
	o.max_record = 1u << 20;
	ck_assert_int_eq(import_into(g, path, CG_FMT_JSONL, &o, &st, &err), 0);
	ck_assert_uint_eq(st.read, 3);
	ck_assert_uint_eq(st.imported, 2);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_ge(dl.n, 1);
	snprintf(want, sizeof want, "%s:3: line longer than 1048576 bytes", path);
	ck_assert_str_eq(dl.text[0], want);
	cg_graph_free(g);
}
END_TEST

START_TEST(csv_million_columns_header_refused_row_rejected)
{
	const char *path = tmp("columns.csv");
	FILE *f = gen_open(path);
	cg_graph *g = cg_graph_new();
	cg_import_stats st;
	cg_error err;
	char want[600];

	put(f, "id,type,name");
	for (int i = 0; i < 1000000; i++)
		fprintf(f, ",c%d", i); /* checked by gen_close */
	put(f, "\np1,person,Orla Venn\n");
	gen_close(f);
	ck_assert_int_eq(import_into(g, path, CG_FMT_NODES_CSV, NULL, &st, &err), CG_ELIMIT);
	snprintf(want, sizeof want, "%s:1: header: more than 4096 fields in one row", path);
	ck_assert_str_eq(tu_fmt_err(&err), want);
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);

	f = gen_open(path);
	put(f, "id,type,name,case\np1,person,Orla Venn,big\np2,person,Kai Moss,big");
	put_n(f, ",", 1000000);
	put(f, "\np3,person,Lee Park,big\n");
	gen_close(f);
	ck_assert_int_eq(import_into(g, path, CG_FMT_NODES_CSV, NULL, &st, &err), 0);
	ck_assert_uint_eq(st.read, 3);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_eq(dl.n, 1);
	snprintf(want, sizeof want, "%s:3: more than 4096 fields in one row", path);
	ck_assert_str_eq(dl.text[0], want);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2);
	cg_graph_free(g);
}
END_TEST

/* n opening brackets then n closing ones. */
static void put_nested(FILE *f, size_t n)
{
	put_n(f, "[", n);
	put_n(f, "]", n);
}

START_TEST(json_nested_100000_deep_rejected_in_every_json_format)
{
	const size_t deep = 100000;
	cg_graph *g = cg_graph_new();
	cg_import_stats st;
	cg_error err;
	char want[600];
	FILE *f;

	/* JSONL: the line is rejected, the others kept */
	f = gen_open(tmp("deep.jsonl"));
	put(f, jsonl_head);
	put_entity(f, 1, "orla venn");
	put(f, "\n{\"kind\":\"entity\",\"x\":");
	put_nested(f, deep);
	put(f, "}\n");
	put_entity(f, 3, "kai moss");
	put(f, "\n");
	gen_close(f);
	ck_assert_int_eq(import_into(g, tmp("deep.jsonl"), CG_FMT_JSONL, NULL, &st, &err), 0);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_eq(st.imported, 2);
	snprintf(want, sizeof want, "%s:3:1021: nested deeper than 1000 levels", tmp("deep.jsonl"));
	ck_assert_str_eq(dl.text[0], want);

	/* FollowTheMoney: the same */
	memset(&dl, 0, sizeof dl);
	f = gen_open(tmp("deep.ftm.json"));
	put(f, "{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Orla Venn\"]}}\n"
	       "{\"id\":\"p2\",\"schema\":\"Person\",\"properties\":{\"name\":");
	put_nested(f, deep);
	put(f, "}}\n");
	gen_close(f);
	ck_assert_int_eq(import_into(g, tmp("deep.ftm.json"), CG_FMT_FTM, NULL, &st, &err), 0);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_eq(st.imported, 1);
	snprintf(want, sizeof want, "%s:2:1049: nested deeper than 1000 levels",
	         tmp("deep.ftm.json"));
	ck_assert_str_eq(dl.text[0], want);

	/* STIX: deep inside an object rejects the object */
	memset(&dl, 0, sizeof dl);
	f = gen_open(tmp("deep.stix.json"));
	put(f, "{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":[\n"
	       "{\"type\":\"malware\",\"id\":\"malware--1\",\"name\":\"LanternRAT\"},\n"
	       "{\"type\":\"tool\",\"id\":\"tool--2\",\"name\":\"QuillTunnel\",\"x\":");
	put_nested(f, deep);
	put(f, "}\n]}\n");
	gen_close(f);
	ck_assert_int_eq(import_into(g, tmp("deep.stix.json"), CG_FMT_STIX, NULL, &st, &err), 0);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_eq(st.imported, 1);
	snprintf(want, sizeof want,
	         "%s:3: nested deeper than 1000 levels in this object (line 3, column 1055)",
	         tmp("deep.stix.json"));
	ck_assert_str_eq(dl.text[0], want);

	/* STIX: deep outside the objects refuses the bundle before anything */
	memset(&dl, 0, sizeof dl);
	f = gen_open(tmp("deep-outside.stix.json"));
	put(f, "{\"type\":\"bundle\",\"id\":\"bundle--1\",\"x_meta\":");
	put_nested(f, deep);
	put(f, ",\"objects\":[{\"type\":\"malware\",\"id\":\"malware--1\",\"name\":\"LanternRAT\"}]"
	       "}\n");
	gen_close(f);
	ck_assert_int_eq(
	    import_into(g, tmp("deep-outside.stix.json"), CG_FMT_STIX, NULL, &st, &err), CG_EPARSE);
	snprintf(want, sizeof want, "%s:1:75: invalid JSON: nested deeper than 32 levels",
	         tmp("deep-outside.stix.json"));
	ck_assert_str_eq(tu_fmt_err(&err), want);

	/* MISP: deep inside an attribute rejects the attribute */
	memset(&dl, 0, sizeof dl);
	f = gen_open(tmp("deep.misp.json"));
	put(f, "{\"Event\":{\"info\":\"deep\",\"Attribute\":[\n"
	       "{\"type\":\"ip-dst\",\"value\":\"203.0.113.45\"},\n"
	       "{\"type\":\"domain\",\"value\":\"harbor-quill.example\",\"x\":");
	put_nested(f, deep);
	put(f, "}\n]}}\n");
	gen_close(f);
	ck_assert_int_eq(import_into(g, tmp("deep.misp.json"), CG_FMT_MISP, NULL, &st, &err), 0);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_uint_eq(st.imported, 1);
	snprintf(want, sizeof want,
	         "%s:3: nested deeper than 1000 levels in this attribute (line 3, column 1052)",
	         tmp("deep.misp.json"));
	ck_assert_str_eq(dl.text[0], want);
	cg_graph_free(g);
}
END_TEST

START_TEST(report_line_of_10_mb_read)
{
	const char *path = tmp("big.md");
	FILE *f = gen_open(path);
	cg_graph *g = cg_graph_new();
	cg_import_stats st;
	cg_error err;

	put(f, "# A long report\n\n");
	put_n(f, "The operators rotated exits again. ", TEN_MB / 35);
	put(f, "\n\nThe VPN exit was 203.0.113.45.\n");
	gen_close(f);
	ck_assert_int_eq(import_into(g, path, CG_FMT_REPORT, NULL, &st, &err), 0);
	ck_assert_uint_eq(st.read, st.imported + st.rejected);
	ck_assert_uint_ne(cg_graph_find_id(g, "ip:203.0.113.45"), CG_NO_ENTITY);
	cg_graph_free(g);
}
END_TEST

/* ================= accounting: nothing lost without a word ================= */

/* Every line of `file` cited by the provenance of g (1 in seen[line]). */
static void cited_lines(const cg_graph *g, const char *file, unsigned char *seen, size_t max)
{
	cg_prov p;
	cg_iter it;

	for (size_t e = 0; e < cg_graph_entity_count(g); e++)
		for (it = cg_entity_provs(g, (cg_eid)e); cg_iter_next_prov(g, &it, &p);)
			if (strcmp(p.file, file) == 0 && p.line > 0 && (size_t)p.line < max)
				seen[p.line] = 1;
	for (size_t l = 0; l < cg_graph_link_count(g); l++)
		for (it = cg_link_provs(g, (cg_lid)l); cg_iter_next_prov(g, &it, &p);)
			if (strcmp(p.file, file) == 0 && p.line > 0 && (size_t)p.line < max)
				seen[p.line] = 1;
}

/* One file of an importer, and where its records start. */
typedef struct acct {
	const char *before; /* imported first (nodes for a links file), or NULL */
	cg_format bfmt;
	const char *file; /* the file */
	cg_format fmt;
	const char *cited;   /* the file provenance names (a mapping's CSV), NULL: file */
	const long *lines;   /* the lines records start on, 0-terminated; NULL: loose */
	const long *uncited; /* records imported that make nothing of their own (a STIX
	                        report is a case; a report's blank line), 0-terminated */
} acct;

static int in_list(const long *l, long v)
{
	for (; l && *l; l++)
		if (*l == v)
			return 1;
	return 0;
}

/* Checks one file's accounting: every rejection names its line, nothing of
 * a rejected record is kept, read = imported + rejected; and, when the
 * record lines are given, each record is cited by the provenance of what it
 * made or merged into (which is what `casegraph merges` lists) or rejected,
 * and nothing else is cited. */
static void account(const acct *a)
{
	enum { MAX = 4096 };
	static unsigned char seen[MAX], rejected[MAX];
	cg_graph *g = cg_graph_new();
	cg_import_stats st;
	cg_error err;
	size_t n = 0, n_rej = 0, n_cited = 0, n_uncited = 0;
	char prefix[300];

	memset(seen, 0, sizeof seen);
	memset(rejected, 0, sizeof rejected);
	memset(&dl, 0, sizeof dl);
	if (a->before)
		ck_assert_int_eq(import_into(g, a->before, a->bfmt, NULL, &st, &err), 0);
	memset(&dl, 0, sizeof dl);
	ck_assert_msg(import_into(g, a->file, a->fmt, NULL, &st, &err) == 0, "%s",
	              tu_fmt_err(&err));
	ck_assert_uint_le(dl.n, TU_MAX_DIAGS);
	snprintf(prefix, sizeof prefix, "%s:", a->file);
	for (size_t i = 0; i < dl.n; i++) {
		long line = 0;
		if (dl.code[i] == CG_OK || dl.code[i] == CG_ENOTFOUND)
			continue; /* notes (summaries, dangling references) are not rejections */
		ck_assert_msg(strncmp(dl.text[i], prefix, strlen(prefix)) == 0 &&
		                  sscanf(dl.text[i] + strlen(prefix), "%ld", &line) == 1 &&
		                  line > 0 && line < MAX,
		              "a rejection without its line: %s", dl.text[i]);
		rejected[line] = 1;
		n_rej++;
	}
	cited_lines(g, a->cited ? a->cited : a->file, seen, MAX);
	for (size_t l = 1; l < MAX; l++)
		ck_assert_msg(!(seen[l] && rejected[l]),
		              "%s:%zu: rejected, yet part of it was kept", a->file, l);
	ck_assert_uint_eq(st.rejected, n_rej);
	ck_assert_uint_eq(st.read, st.imported + st.rejected);
	if (!a->lines) {
		cg_graph_free(g);
		return;
	}
	for (; a->lines[n]; n++) {
		long l = a->lines[n];
		int quiet = in_list(a->uncited, l);
		ck_assert_msg(seen[l] || rejected[l] || quiet,
		              "%s:%ld: a record neither imported nor rejected", a->file, l);
		n_cited += seen[l];
		n_uncited += quiet && !seen[l] && !rejected[l];
	}
	for (size_t l = 1; l < MAX; l++)
		ck_assert_msg(!(seen[l] || rejected[l]) || in_list(a->lines, (long)l),
		              "%s:%zu: cited or rejected, but no record starts there", a->file, l);
	ck_assert_uint_eq(st.read, n);
	ck_assert_uint_eq(st.imported, n_cited + n_uncited);
	cg_graph_free(g);
}

START_TEST(accounting_nodes_and_links_csv)
{
	static const long nodes[] = {2, 3, 5, 6, 7, 0};
	static const long links[] = {2, 3, 4, 5, 6, 7, 0};
	static const long bad[] = {2, 3, 4, 5, 6, 0};
	const acct a[] = {
	    {NULL, 0, "../csv/good/harbor/nodes.csv", CG_FMT_NODES_CSV, NULL, nodes, NULL},
	    {"../csv/good/harbor/nodes.csv", CG_FMT_NODES_CSV, "../csv/good/harbor/links.csv",
	     CG_FMT_LINKS_CSV, NULL, links, NULL},
	    {NULL, 0, "../csv/bad/bad_values.csv", CG_FMT_NODES_CSV, NULL, bad, NULL},
	    {NULL, 0, "cycle-nodes.csv", CG_FMT_NODES_CSV, NULL, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
		account(&a[i]);
}
END_TEST

START_TEST(accounting_jsonl)
{
	/* a native graph cites the files it was made from, not itself: each
	 * line read back is one entity or link, or rejected */
	cg_graph *g = cg_graph_new();
	cg_import_stats st;
	cg_error err;

	memset(&dl, 0, sizeof dl);
	ck_assert_int_eq(import_into(g, "../jsonl/bad_lines.jsonl", CG_FMT_JSONL, NULL, &st, &err),
	                 0);
	ck_assert_uint_eq(st.read, 6);
	ck_assert_uint_eq(st.rejected, 3);
	ck_assert_uint_eq(dl.n, 4); /* and the header's counts do not match */
	ck_assert_uint_eq(st.imported, cg_graph_entity_count(g) + cg_graph_link_count(g));
	cg_graph_free(g);
}
END_TEST

START_TEST(accounting_ftm)
{
	static const long good[] = {1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 0};
	const acct a[] = {
	    {NULL, 0, "../ftm/good/entities.ftm.json", CG_FMT_FTM, NULL, good, NULL},
	    {NULL, 0, "../ftm/bad/entities.ftm.json", CG_FMT_FTM, NULL, NULL, NULL},
	    {NULL, 0, "numbers.ftm.json", CG_FMT_FTM, NULL, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
		account(&a[i]);
}
END_TEST

START_TEST(accounting_stix)
{
	/* 14 objects: 9 read, 5 skipped on purpose and summed up in a note */
	static const long good[] = {5, 23, 34, 44, 83, 91, 101, 110, 127, 0};
	static const long report[] = {110, 0};
	const acct a[] = {
	    {NULL, 0, "../stix/good/bundle.json", CG_FMT_STIX, NULL, good, report},
	    {NULL, 0, "../stix/bad/bundle.json", CG_FMT_STIX, NULL, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
		account(&a[i]);
}
END_TEST

START_TEST(accounting_misp)
{
	/* an object's entities cite its attributes' lines: checked loosely */
	const acct a[] = {
	    {NULL, 0, "../misp/good/event.json", CG_FMT_MISP, NULL, NULL, NULL},
	    {NULL, 0, "../misp/bad/event.json", CG_FMT_MISP, NULL, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
		account(&a[i]);
}
END_TEST

START_TEST(accounting_report)
{
	/* every line is a record; blank lines and lines naming nothing make
	 * nothing */
	static const long lines[] = {1, 2, 3, 4, 5, 6, 7, 8, 0};
	static const long quiet[] = {2, 0};
	const acct a = {NULL, 0, "hostile-report.md", CG_FMT_REPORT, NULL, lines, quiet};
	account(&a);
}
END_TEST

START_TEST(accounting_mapped_csv)
{
	/* rows 2-15: row 12 is filtered out (a note, not read), row 15 makes
	 * what its columns allow */
	static const long lines[] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 0};
	const acct a = {NULL,
	                0,
	                "../../../examples/payments/mapping.json",
	                CG_FMT_MAPPING,
	                "../../../examples/payments/transactions.csv",
	                lines,
	                NULL};
	account(&a);
}
END_TEST

/* ================= the suite ================= */

static Suite *bad_suite(void)
{
	Suite *s = suite_create("bad");
	TCase *tc = tcase_create("corpus");

	tcase_add_loop_test(tc, corpus_file_outcome, 0, (int)n_cases);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);

	tc = tcase_create("generated");
	tcase_add_checked_fixture(tc, gen_setup, gen_teardown);
	tcase_add_test(tc, csv_field_of_10_mb_rejected_rest_kept);
	tcase_add_test(tc, csv_field_limit_overridden_both_ways);
	tcase_add_test(tc, csv_unterminated_quote_over_the_limit_names_it);
	tcase_add_test(tc, csv_long_fields_in_linear_time);
	tcase_add_test(tc,
	               jsonl_line_of_10_mb_kept_under_the_default_limit_rejected_under_a_lower_one);
	tcase_add_test(tc, csv_million_columns_header_refused_row_rejected);
	tcase_add_test(tc, json_nested_100000_deep_rejected_in_every_json_format);
	tcase_add_test(tc, report_line_of_10_mb_read);
	tcase_set_timeout(tc, 300);
	suite_add_tcase(s, tc);

	tc = tcase_create("accounting");
	tcase_add_test(tc, accounting_nodes_and_links_csv);
	tcase_add_test(tc, accounting_jsonl);
	tcase_add_test(tc, accounting_ftm);
	tcase_add_test(tc, accounting_stix);
	tcase_add_test(tc, accounting_misp);
	tcase_add_test(tc, accounting_report);
	tcase_add_test(tc, accounting_mapped_csv);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	char dir[4096];
	SRunner *sr;
	int failed;
	const char *pm = getenv("CG_BAD_PRINT");

	snprintf(dir, sizeof dir, "%s/tests/data/bad", tu_source_root());
	if (chdir(dir) != 0) {
		fprintf(stderr, "test_bad: cannot enter %s (set CG_SOURCE_ROOT): %s\n", dir,
		        strerror(errno));
		return 1;
	}
	if (load_manifest("expected.txt"))
		return 1;
	print_mode = pm && strcmp(pm, "1") == 0;
	sr = srunner_create(bad_suite());
	if (print_mode)
		srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, print_mode ? CK_SILENT : CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
