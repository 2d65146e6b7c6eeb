#include "cg_import.h"

#include "import_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
	if (rc && rc == CG_ENOMEM && err->code != CG_ENOMEM)
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

int cg_import_detect(const char *path, cg_format *out, cg_error *err)
{
	char buf[65536];
	FILE *f;
	size_t n;
	const char *p, *end;
	int json, rc;

	*out = CG_FMT_UNKNOWN;
	if ((rc = regular_file(path, err)))
		return rc;
	f = fopen(path, "rb");
	if (!f)
		return cg_error_set(err, CG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = buf;
	end = buf + n;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (p == end)
		return cg_error_set(err, CG_EFORMAT, path, 0, 0, "empty file");
	json = *p == '{' || *p == '[';
	for (size_t i = 0; i < N_FORMATS; i++) {
		const import_format *row = formats[i];
		if (row->sniff && row->json == json && row->sniff(p, (size_t)(end - p), path)) {
			*out = row->fmt;
			return 0;
		}
	}
	if (json)
		return cg_error_set(err, CG_EFORMAT, path, 1, 0,
		                    "JSON that casegraph does not know: not casegraph JSONL, a "
		                    "mapping, FollowTheMoney, a STIX bundle or a MISP event");
	return cg_error_set(
	    err, CG_EFORMAT, path, 1, 0,
	    "cannot detect the format: not casegraph JSONL, and the first line is not "
	    "a graph-CSV header (id,type,name... or source,target...)");
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

int cg_import_files(cg_import *imp, const char *const *paths, size_t n, cg_format *fmts,
                    cg_import_stats *per_file, cg_error *err)
{
	cg_format *f = fmts ? fmts : calloc(n ? n : 1, sizeof *f);
	int rc = 0;

	if (!f)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < n && !rc; i++) {
		f[i] = imp->opts.format;
		if (f[i] == CG_FMT_UNKNOWN)
			rc = cg_import_detect(paths[i], &f[i], err);
	}
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (size_t i = 0; i < n && !rc; i++)
			if (is_late(f[i]) == (pass == 1))
				rc = cg_import_file(imp, paths[i], f[i],
				                    per_file ? &per_file[i] : NULL, err);
	if (f != fmts)
		free(f);
	return rc;
}
