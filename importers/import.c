#include "cg_import.h"

#include "cg_array.h"
#include "import_internal.h"
#include "json_util.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

/* The formats, in detection order: the first row whose sniff accepts a
 * file's head names its format. JSON formats are told apart by their
 * members, so the ones that look at one member go after those that need
 * two; a report (known by extension or a Markdown heading) goes before the
 * graph-CSV headers. */
static const import_format *const formats[] = {
    &import_fmt_jsonl,   &import_fmt_stix,   &import_fmt_misp,  &import_fmt_ftm,
    &import_fmt_mapping, &import_fmt_report, &import_fmt_links, &import_fmt_nodes,
};
#define N_FORMATS (sizeof formats / sizeof formats[0])

static const import_format *format_row(cg_format f)
{
	for (size_t i = 0; i < N_FORMATS; i++)
		if (formats[i]->fmt == f)
			return formats[i];
	return NULL;
}

const char *cg_format_to_string(cg_format f)
{
	const import_format *row = format_row(f);

	if (f == CG_FMT_UNKNOWN)
		return "unknown";
	return row ? row->name : NULL;
}

cg_format cg_format_from_string(const char *s)
{
	for (size_t i = 0; i < N_FORMATS; i++)
		if (strcmp(s, formats[i]->name) == 0)
			return formats[i]->fmt;
	return CG_FMT_UNKNOWN;
}

cg_import *cg_import_new(cg_graph *g, const cg_import_opts *opts)
{
	cg_import *imp = calloc(1, sizeof *imp);
	cg_import_opts defaults = CG_IMPORT_OPTS_INIT;

	if (!imp)
		return NULL;
	imp->g = g;
	imp->opts = opts ? *opts : defaults;
	if (!imp->opts.node_type || !*imp->opts.node_type)
		imp->opts.node_type = "unknown";
	if (!imp->opts.max_field)
		imp->opts.max_field = CG_DEFAULT_MAX_FIELD;
	if (!imp->opts.max_record)
		imp->opts.max_record = CG_DEFAULT_MAX_RECORD;
	if (!imp->opts.max_columns)
		imp->opts.max_columns = CG_DEFAULT_MAX_COLUMNS;
	imp->node_cases = cg_strpool_new();
	if (!imp->node_cases) {
		free(imp);
		return NULL;
	}
	return imp;
}

void cg_import_free(cg_import *imp)
{
	if (!imp)
		return;
	cg_strpool_free(imp->node_cases);
	report_gazetteers_free(imp->gazetteers);
	free(imp);
}

int import_error_reason(int rc, const char *path, cg_error *err)
{
	if (rc == CG_ENOMEM && err->code != CG_ENOMEM)
		cg_error_set(err, CG_ENOMEM, path, 0, 0, "out of memory");
	else if (rc && !err->code)
		cg_error_set(err, rc, path, 0, 0, "failed (%s)", cg_error_code_name(rc));
	return rc;
}

int import_reject(cg_import *imp, cg_import_stats *st, const cg_error *diag, cg_error *err)
{
	/* running out of memory is never the row's fault: the import stops */
	if (diag->code == CG_ENOMEM)
		return cg_error_set(err, CG_ENOMEM, diag->file, diag->line, 0, "out of memory");
	st->rejected++;
	if (imp->opts.diag)
		imp->opts.diag(imp->opts.diag_ctx, diag);
	if (imp->opts.strict) {
		*err = *diag;
		err->code = CG_EREJECT;
		return CG_EREJECT;
	}
	return 0;
}

void cg_import_stats_add(cg_import_stats *to, const cg_import_stats *from)
{
	to->read += from->read;
	to->imported += from->imported;
	to->rejected += from->rejected;
	to->skipped += from->skipped;
	to->entities_created += from->entities_created;
	to->entities_merged += from->entities_merged;
	to->links_created += from->links_created;
	to->links_merged += from->links_merged;
	to->nodes_from_edges += from->nodes_from_edges;
}

/* A diagnostic about line of f, its message formatted from fmt and ap. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 0)))
#endif
static void
vdiag(import_file *f, int code, long line, cg_error *diag, const char *fmt, va_list ap)
{
	char msg[CG_ERROR_MSG_MAX];

	vsnprintf(msg, sizeof msg, fmt, ap);
	cg_error_set(diag, code, f->path, line, 0, "%s", msg);
}

int import_rejectf(import_file *f, long line, const char *fmt, ...)
{
	cg_error diag;
	va_list ap;

	va_start(ap, fmt);
	vdiag(f, CG_EPARSE, line, &diag, fmt, ap);
	va_end(ap);
	return import_reject(f->imp, f->st, &diag, f->err);
}

int import_note(import_file *f, int code, long line, const char *fmt, ...)
{
	const cg_import_opts *o = f->opts;
	cg_error diag;
	va_list ap;

	va_start(ap, fmt);
	vdiag(f, code, line, &diag, fmt, ap);
	va_end(ap);
	if (o->diag)
		o->diag(o->diag_ctx, &diag);
	if (code != CG_OK && o->strict) {
		*f->err = diag;
		f->err->code = CG_EREJECT;
		return CG_EREJECT;
	}
	return 0;
}

int import_mark_case(cg_import *imp, const char *case_name)
{
	uint32_t id;
	return cg_strpool_intern(imp->node_cases, case_name, strlen(case_name), &id);
}

int import_case_has_nodes(const cg_import *imp, const char *case_name)
{
	return cg_strpool_find(imp->node_cases, case_name, strlen(case_name)) != 0;
}

void import_dir_case(const char *path, cg_strbuf *out)
{
	char buf[PATH_MAX];
	const char *slash = strrchr(path, '/');
	const char *dir, *base;
	size_t n;

	cg_strbuf_reset(out);
	if (slash) {
		n = (size_t)(slash - path);
		if (n == 0) {
			cg_strbuf_puts(out, "root");
			return;
		}
		if (n >= sizeof buf)
			n = sizeof buf - 1;
		memcpy(buf, path, n);
		buf[n] = '\0';
		dir = buf;
	} else {
		dir = ".";
	}
	/* "." and ".." and "a/." name no directory: resolve them */
	base = strrchr(dir, '/');
	base = base ? base + 1 : dir;
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || !*base) {
		/* realpath() is outside POSIX.1-2008 base: resolve with chdir-free
		 * getcwd() plus the relative part instead */
		char cwd[PATH_MAX];
		if (getcwd(cwd, sizeof cwd)) {
			cg_strbuf tmp = CG_STRBUF_INIT;
			if (!cg_strbuf_printf(&tmp, "%s/%s", cwd, dir)) {
				/* drop trailing "/." and resolve "/.." one level at a time */
				char *s = tmp.buf;
				for (;;) {
					size_t len = strlen(s);
					if (len >= 2 && strcmp(s + len - 2, "/.") == 0) {
						s[len - 2] = '\0';
					} else if (len >= 3 && strcmp(s + len - 3, "/..") == 0) {
						s[len - 3] = '\0';
						char *up = strrchr(s, '/');
						if (up)
							*up = '\0';
					} else {
						break;
					}
				}
				const char *b = strrchr(s, '/');
				cg_strbuf_puts(out, b && b[1] ? b + 1 : "root");
			}
			cg_strbuf_free(&tmp);
			return;
		}
	}
	cg_strbuf_puts(out, base);
}

int import_json_has_member(const char *text, const char *key, const char *value)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof pat, "\"%s\"", key);
	for (p = strstr(text, pat); p; p = strstr(p + 1, pat)) {
		const char *q = p + strlen(pat);
		while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
			q++;
		if (*q != ':')
			continue;
		if (!value)
			return 1;
		q++;
		while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
			q++;
		if (*q == '"' && strncmp(q + 1, value, strlen(value)) == 0 &&
		    q[1 + strlen(value)] == '"')
			return 1;
	}
	return 0;
}

void import_first_line(const char *text, size_t len, char *out, size_t cap)
{
	const char *nl = memchr(text, '\n', len);
	size_t first = nl ? (size_t)(nl - text) : len;

	if (first >= cap)
		first = cap - 1;
	memcpy(out, text, first);
	out[first] = '\0';
}

/* Refuses, before opening it, a path that is not a regular file. A file
 * is opened twice, by detection and by its reader: a FIFO or a terminal
 * would lose its head to the first open and block the second, a device
 * such as /dev/zero never ends, and a directory would read as an empty
 * file. A path stat cannot see is left to fopen, which says why. */
static int regular_file(const char *path, cg_error *err)
{
	struct stat sb;

	if (stat(path, &sb) != 0 || S_ISREG(sb.st_mode))
		return 0;
	if (S_ISDIR(sb.st_mode))
		return cg_error_set(err, CG_EFORMAT, path, 0, 0, "is a directory");
	return cg_error_set(err, CG_EFORMAT, path, 0, 0,
	                    "not a regular file (casegraph reads its inputs twice: save the "
	                    "data to a file first)");
}

/* ---- detection of JSON documents by their top-level members ---- */

_Static_assert(IMPORT_TOP_KEY == JU_KEY_MAX + 1, "a kept name is one of the scanner's keys");

int import_top_has(const import_json_top *t, const char *name)
{
	size_t n = t->n_names < IMPORT_TOP_NAMES ? t->n_names : IMPORT_TOP_NAMES;
	for (size_t i = 0; i < n; i++)
		if (strcmp(t->names[i], name) == 0)
			return 1;
	return 0;
}

/* The frame of the top-level object in s: 0 for a root object, 1 for the
 * first element of a root array when it is an object; -1 elsewhere. */
static int top_frame(const import_json_top *t, const ju_scan *s)
{
	if (t->root == '{')
		return s->depth >= 1 && s->fr[0].kind == '{' ? 0 : -1;
	return s->depth >= 2 && s->fr[0].index == 0 && s->fr[1].kind == '{' ? 1 : -1;
}

/* Asked at the start of every value: records the top-level member names,
 * and wants the top-level "type", "id" and "format" and the "type" of the
 * first element of "objects". */
static int top_want(void *ctx, const ju_scan *s)
{
	import_json_top *t = ctx;
	int b = top_frame(t, s);
	const char *k;

	if (b < 0)
		return 0;
	if (s->depth == b + 1) {
		k = ju_scan_key(s, b);
		if (t->n_names < IMPORT_TOP_NAMES)
			snprintf(t->names[t->n_names], IMPORT_TOP_KEY, "%s", k ? k : "?");
		t->n_names++;
		return k && (!strcmp(k, "type") || !strcmp(k, "id") || !strcmp(k, "format"));
	}
	if (s->depth == b + 3 && s->fr[b + 1].kind == '[' && s->fr[b + 1].index == 0 &&
	    s->fr[b + 2].kind == '{') {
		if (b == 0 && ju_scan_at(s, 0, "response") && ju_scan_at(s, 2, "Event"))
			t->response_event = 1;
		return ju_scan_at(s, b, "objects") && ju_scan_at(s, b + 2, "type");
	}
	return 0;
}

/* Keeps a wanted string value (without its quotes; escapes as written). */
static int top_value(void *ctx, const ju_scan *s, const char *text, size_t len, long line,
                     int too_long, int truncated)
{
	import_json_top *t = ctx;
	int b = top_frame(t, s);
	const char *k = ju_scan_key(s, s->depth - 1);
	char *to = NULL;

	(void)line;
	if (too_long || truncated || len < 2 || text[0] != '"' || b < 0 || !k)
		return 0;
	if (s->depth == b + 3)
		to = t->first_type;
	else if (!strcmp(k, "type"))
		to = t->type;
	else if (!strcmp(k, "id"))
		to = t->id;
	else if (!strcmp(k, "format"))
		to = t->format;
	if (to && !*to)
		snprintf(to, IMPORT_TOP_VALUE, "%.*s", (int)(len - 2), text + 1);
	return 0;
}

/* The first JSON format whose sniff_top accepts t, or NULL. */
static const import_format *top_format(const import_json_top *t)
{
	for (size_t i = 0; i < N_FORMATS; i++)
		if (formats[i]->json && formats[i]->sniff_top && formats[i]->sniff_top(t))
			return formats[i];
	return NULL;
}

/* Feeds the n bytes at p to the scan a line at a time, so that the end of
 * the top-level value is seen on its own line: what follows it (the next
 * line of JSON Lines) is not read. */
static void top_feed(ju_scan *s, import_json_top *t, const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end && !t->ended && !t->failed) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl + 1 : end;
		if (ju_scan_feed(s, p, (size_t)(stop - p)))
			t->failed = 1;
		else if (s->root_state == 2)
			t->ended = 1;
		if (nl && !t->ended)
			t->one_line = 0;
		p = stop;
	}
}

/* Scans the JSON document of f, whose first bytes (after a byte-order mark)
 * are the n at head, into t; stops early when a format is decided. */
static void top_scan(FILE *f, const char *head, size_t n, char *chunk, size_t chunk_size,
                     import_json_top *t)
{
	ju_scan s;
	size_t got;

	memset(t, 0, sizeof *t);
	t->one_line = 1;
	ju_scan_init(&s, 256, 1, top_want, top_value, t);
	/* blanks before the value are on lines of their own */
	while (n && (*head == ' ' || *head == '\t' || *head == '\r' || *head == '\n')) {
		if (*head == '\n')
			s.line++;
		head++;
		n--;
	}
	t->root = *head;
	top_feed(&s, t, head, n);
	while (!t->ended && !t->failed && !top_format(t) &&
	       (got = fread(chunk, 1, chunk_size, f)) > 0)
		top_feed(&s, t, chunk, got);
	if (!t->ended && !t->failed && !top_format(t) && !ferror(f) && ju_scan_finish(&s))
		t->failed = 1;
	if (t->failed) {
		t->err_line = s.err_line;
		t->err_col = s.err_col;
		snprintf(t->err_msg, sizeof t->err_msg, "%s", s.err_msg);
	}
	ju_scan_free(&s);
}

/* What a JSON document that no format took looked like, into out. */
static void top_describe(const import_json_top *t, char *out, size_t cap)
{
	size_t n = t->n_names < IMPORT_TOP_NAMES ? t->n_names : IMPORT_TOP_NAMES, shown = 0;
	cg_strbuf sb = CG_STRBUF_INIT;

	if (t->root == '[')
		cg_strbuf_puts(&sb, t->n_names ? "a JSON array whose first element has members "
		                               : "a JSON array");
	else
		cg_strbuf_puts(&sb,
		               t->n_names ? "a JSON object with members " : "an empty JSON object");
	for (size_t i = 0; i < n && shown < 12; i++, shown++)
		cg_strbuf_printf(&sb, "%s%s", i ? ", " : "", t->names[i]);
	if (t->n_names > shown)
		cg_strbuf_printf(&sb, " and %zu more", t->n_names - shown);
	if (*t->type)
		cg_strbuf_printf(&sb, "; \"type\" is \"%.40s\"", t->type);
	if (*t->first_type)
		cg_strbuf_printf(&sb, "; its first object is of type \"%.40s\"", t->first_type);
	if (t->failed)
		cg_strbuf_printf(&sb, "%sinvalid JSON at line %ld, column %ld: %s",
		                 t->n_names ? "; then " : ": ", t->err_line, t->err_col,
		                 t->err_msg);
	snprintf(out, cap, "%s", sb.buf ? sb.buf : "a JSON document");
	cg_strbuf_free(&sb);
}

#define DETECT_HEAD 65536 /* bytes read to detect a format */

/* cg_import_detect with its buffers: buf (DETECT_HEAD bytes) for the head,
 * chunk (as many) for the rest of a JSON document. */
static int detect(const char *path, char *buf, char *chunk, cg_format *out, cg_error *err)
{
	FILE *f;
	size_t n;
	const char *p, *end;
	int json, rc;
	import_json_top top;
	const import_format *found = NULL;

	*out = CG_FMT_UNKNOWN;
	if ((rc = regular_file(path, err)))
		return rc;
	f = fopen(path, "rb");
	if (!f)
		return cg_error_set(err, CG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
	n = fread(buf, 1, DETECT_HEAD - 1, f);
	buf[n] = '\0';
	p = buf;
	end = buf + n;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	const char *bom_end = p;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (p == end) {
		fclose(f);
		return cg_error_set(err, CG_EFORMAT, path, 0, 0, "empty file");
	}
	json = *p == '{' || *p == '[';
	if (json) {
		top_scan(f, bom_end, (size_t)(end - bom_end), chunk, DETECT_HEAD, &top);
		if (!top.failed || top.n_names)
			found = top_format(&top);
	}
	rc = ferror(f);
	fclose(f);
	if (rc)
		return cg_error_set(err, CG_EIO, path, 0, 0, "read error");
	/* the text of the head decides for other text, and for JSON that could
	 * not be scanned (its reader then says where it is broken) */
	for (size_t i = 0; i < N_FORMATS && !found; i++) {
		const import_format *row = formats[i];
		if (row->sniff && row->json == json && (!json || top.failed) &&
		    row->sniff(p, (size_t)(end - p), path))
			found = row;
	}
	if (found) {
		*out = found->fmt;
		return 0;
	}
	if (json) {
		char seen[260];
		top_describe(&top, seen, sizeof seen);
		return cg_error_set(err, CG_EFORMAT, path, 1, 0,
		                    "JSON that casegraph does not know: %s. Tried: casegraph JSONL "
		                    "({\"format\": \"casegraph\"} first), STIX (\"type\": "
		                    "\"bundle\" or an id bundle--...), MISP (\"Event\"), "
		                    "FollowTheMoney (\"schema\", \"properties\" on each line), "
		                    "mapping (\"entities\", \"files\")",
		                    seen);
	}
	return cg_error_set(
	    err, CG_EFORMAT, path, 1, 0,
	    "cannot detect the format: not casegraph JSONL, and the first line is not "
	    "a graph-CSV header (id,type,name... or source,target...)");
}

/* The buffers are on the heap: 128 KiB of stack that cannot grow (the
 * address space is full) would be a crash, not "out of memory". */
int cg_import_detect(const char *path, cg_format *out, cg_error *err)
{
	char *buf = malloc(2 * DETECT_HEAD);
	int rc;

	*out = CG_FMT_UNKNOWN;
	if (!buf)
		return cg_error_set(err, CG_ENOMEM, path, 0, 0, "out of memory");
	rc = detect(path, buf, buf + DETECT_HEAD, out, err);
	free(buf);
	return rc;
}

int import_add_entity(import_file *f, const cg_entity_rec *rec, cg_eid *out, cg_error *refused)
{
	cg_add_result how;
	int rc;

	cg_error_clear(refused);
	rc = cg_graph_add_entity(f->g, rec, out, &how, refused);
	if (rc == CG_ENOMEM)
		return cg_error_set(refused, CG_ENOMEM, f->path, 0, 0, "out of memory");
	if (rc)
		return 1;
	for (size_t i = 0; i < rec->n_prov; i++)
		if (rec->prov[i].case_name &&
		    (rc = import_mark_case(f->imp, rec->prov[i].case_name)))
			return cg_error_set(refused, rc, f->path, 0, 0, "out of memory");
	if (how == CG_ADD_CREATED)
		f->st->entities_created++;
	else
		f->st->entities_merged++;
	return 0;
}

int import_add_link(import_file *f, const cg_link_rec *rec, cg_lid *out, cg_error *refused)
{
	cg_add_result how;
	cg_lid l;
	int rc;

	cg_error_clear(refused);
	rc = cg_graph_add_link(f->g, rec, out ? out : &l, &how, refused);
	if (rc == CG_ENOMEM)
		return cg_error_set(refused, CG_ENOMEM, f->path, 0, 0, "out of memory");
	if (rc)
		return 1;
	if (how == CG_ADD_CREATED)
		f->st->links_created++;
	else
		f->st->links_merged++;
	return 0;
}

void import_file_begin(import_file *f, cg_import *imp, const char *path, cg_format fmt,
                       cg_import_stats *st, cg_error *err)
{
	memset(f, 0, sizeof *f);
	f->imp = imp;
	f->g = imp->g;
	f->opts = &imp->opts;
	f->path = path;
	f->fmt = fmt;
	f->st = st;
	f->err = err;
	import_dir_case(path, &f->dircase);
	if (imp->opts.case_name && *imp->opts.case_name)
		f->kase = imp->opts.case_name;
	else
		f->kase = cg_strbuf_cstr(&f->dircase);
}

void import_file_end(import_file *f)
{
	cg_strbuf_free(&f->dircase);
}

int cg_import_file(cg_import *imp, const char *path, cg_format fmt, cg_import_stats *stats,
                   cg_error *err)
{
	cg_import_stats local = {0};
	const import_format *row;
	import_file f;
	int rc;

	if (fmt == CG_FMT_UNKNOWN)
		fmt = imp->opts.format;
	if (fmt == CG_FMT_UNKNOWN ? (rc = cg_import_detect(path, &fmt, err))
	                          : (rc = regular_file(path, err)))
		return rc;
	if (!(row = format_row(fmt)) || !row->run)
		return cg_error_set(err, CG_EFORMAT, path, 0, 0, "unsupported format");
	import_file_begin(&f, imp, path, fmt, stats ? stats : &local, err);
	/* equal transactions are numbered per file (cg_graph_begin_source) */
	cg_graph_begin_source(imp->g);
	rc = row->run(&f);
	import_file_end(&f);
	return import_error_reason(rc, path, err);
}

/* Whether files of format f are read after the others (import_format.late). */
static int is_late(cg_format f)
{
	const import_format *row = format_row(f);
	return row && row->late;
}

/* ---- folders ---- */

#define SKIP_NAMED                                                                                 \
	"skipped: README, LICENSE, CHANGELOG and COPYING files in a folder are not read (name "    \
	"the "                                                                                     \
	"file to read it)"
#define SKIP_SPECIAL "skipped: not a regular file"

/* Whether a file found in a folder is left out by its name. */
static int skipped_name(const char *name)
{
	static const char *const prefixes[] = {"README", "LICENSE", "LICENCE", "CHANGELOG",
	                                       "COPYING"};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncasecmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

static int list_add(cg_input_list *l, size_t *cap, char *path, size_t from, const char *skip,
                    int in_folder)
{
	if (l->n == *cap) {
		size_t c = *cap ? 2 * *cap : 16;
		char **p = realloc(l->paths, c * sizeof *p);
		if (p)
			l->paths = p;
		size_t *f = realloc(l->from, c * sizeof *f);
		if (f)
			l->from = f;
		const char **s = realloc(l->skip, c * sizeof *s);
		if (s)
			l->skip = s;
		unsigned char *in = realloc(l->in_folder, c);
		if (in)
			l->in_folder = in;
		if (!p || !f || !s || !in) {
			free(path);
			return CG_ENOMEM;
		}
		*cap = c;
	}
	l->paths[l->n] = path;
	l->from[l->n] = from;
	l->skip[l->n] = skip;
	l->in_folder[l->n++] = (unsigned char)in_folder;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of the folder dir, sorted, added to l (recursively). */
static int list_folder(cg_input_list *l, size_t *cap, const char *dir, size_t from, int depth,
                       cg_error *err)
{
	char **names = NULL;
	size_t n = 0, ncap = 0, dlen = strlen(dir);
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (depth > CG_MAX_FOLDER_DEPTH)
		return cg_error_set(err, CG_ELIMIT, dir, 0, 0,
		                    "folders nested deeper than %d levels", CG_MAX_FOLDER_DEPTH);
	if (!(d = opendir(dir)))
		return cg_error_set(err, CG_EIO, dir, 0, 0, "cannot read the folder: %s",
		                    strerror(errno));
	while (!rc && (errno = 0, e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* hidden, and . and .. */
		if (CG_ARRAY_GROW(names, ncap, n + 1, 16) || !(names[n] = strdup(e->d_name)))
			rc = cg_error_set(err, CG_ENOMEM, dir, 0, 0, "out of memory");
		else
			n++;
	}
	if (!rc && errno)
		rc = cg_error_set(err, CG_EIO, dir, 0, 0, "cannot read the folder: %s",
		                  strerror(errno));
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_names);
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	for (size_t i = 0; i < n && !rc; i++) {
		size_t len = dlen + 1 + strlen(names[i]) + 1;
		char *path = malloc(len);
		struct stat sb, lb;
		const char *skip = NULL;
		if (!path) {
			rc = cg_error_set(err, CG_ENOMEM, dir, 0, 0, "out of memory");
			break;
		}
		snprintf(path, len, "%.*s%s%s", (int)dlen, dir, dir[dlen - 1] == '/' ? "" : "/",
		         names[i]);
		if (lstat(path, &lb) == 0 && S_ISDIR(lb.st_mode)) {
			rc = list_folder(l, cap, path, from, depth + 1, err);
			free(path);
			continue;
		}
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			skip = SKIP_SPECIAL; /* a link to a folder is not followed */
		else if (skipped_name(names[i]))
			skip = SKIP_NAMED;
		if (list_add(l, cap, path, from, skip, 1))
			rc = cg_error_set(err, CG_ENOMEM, dir, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

void cg_input_list_free(cg_input_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	free(l->from);
	free(l->skip);
	free(l->in_folder);
	memset(l, 0, sizeof *l);
}

int cg_import_expand(const char *const *paths, size_t n, cg_input_list *out, cg_error *err)
{
	size_t cap = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n && !rc; i++) {
		struct stat sb;
		char *p;
		if (stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			rc = list_folder(out, &cap, paths[i], i, 1, err);
		else if (!(p = strdup(paths[i])) || list_add(out, &cap, p, i, NULL, 0))
			rc = cg_error_set(err, CG_ENOMEM, paths[i], 0, 0, "out of memory");
	}
	if (rc)
		cg_input_list_free(out);
	return rc;
}

/* A note (code CG_OK) about path to the diagnostic callback. */
static void skip_note(cg_import *imp, const char *path, const char *why)
{
	cg_error d;

	if (!imp->opts.diag)
		return;
	cg_error_set(&d, CG_OK, path, 0, 0, "%s", why);
	imp->opts.diag(imp->opts.diag_ctx, &d);
}

int cg_import_list(cg_import *imp, const cg_input_list *l, cg_format *fmts,
                   cg_import_stats *per_file, cg_error *err)
{
	size_t n = l->n;
	cg_format *f = fmts ? fmts : calloc(n ? n : 1, sizeof *f);
	unsigned char *skip = calloc(n ? n : 1, 1);
	int rc = 0;

	if (!f || !skip) {
		if (f != fmts)
			free(f);
		free(skip);
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < n && !rc; i++) {
		f[i] = l->skip[i] ? CG_FMT_UNKNOWN : imp->opts.format;
		if (l->skip[i]) {
			skip[i] = 1;
			skip_note(imp, l->paths[i], l->skip[i]);
		} else if (f[i] == CG_FMT_UNKNOWN &&
		           (rc = cg_import_detect(l->paths[i], &f[i], err)) == CG_EFORMAT &&
		           l->in_folder[i]) {
			char why[CG_ERROR_MSG_MAX + 16];
			snprintf(why, sizeof why, "skipped: %s", err->message);
			skip_note(imp, l->paths[i], why);
			cg_error_clear(err);
			skip[i] = 1;
			rc = 0;
		}
	}
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (size_t i = 0; i < n && !rc; i++)
			if (!skip[i] && is_late(f[i]) == (pass == 1))
				rc = cg_import_file(imp, l->paths[i], f[i],
				                    per_file ? &per_file[i] : NULL, err);
	if (f != fmts)
		free(f);
	free(skip);
	return rc;
}

int cg_import_files(cg_import *imp, const char *const *paths, size_t n, cg_format *fmts,
                    cg_import_stats *per_file, cg_error *err)
{
	cg_input_list l;
	cg_format *lf = NULL;
	cg_import_stats *ls = NULL;
	int rc;

	if ((rc = cg_import_expand(paths, n, &l, err)))
		return rc;
	lf = calloc(l.n ? l.n : 1, sizeof *lf);
	ls = calloc(l.n ? l.n : 1, sizeof *ls);
	if (!lf || !ls)
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	if (!rc)
		rc = cg_import_list(imp, &l, lf, ls, err);
	/* each input's format and counts: a folder's are its files', its format
	 * theirs when they share one (1: a format seen, 2: two) */
	unsigned char *seen = calloc(n ? n : 1, 1);
	if (!seen && !rc)
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < n && fmts && seen; i++)
		fmts[i] = CG_FMT_UNKNOWN;
	/* also after a failure: the counts of what was read until then */
	for (size_t k = 0; k < l.n && seen && lf && ls; k++) {
		size_t i = l.from[k];
		if (per_file)
			cg_import_stats_add(&per_file[i], &ls[k]);
		if (!fmts || lf[k] == CG_FMT_UNKNOWN || seen[i] == 2)
			continue;
		if (seen[i] == 1 && fmts[i] != lf[k]) {
			fmts[i] = CG_FMT_UNKNOWN;
			seen[i] = 2;
		} else {
			fmts[i] = lf[k];
			seen[i] = 1;
		}
	}
	free(seen);
	free(lf);
	free(ls);
	cg_input_list_free(&l);
	return rc;
}
