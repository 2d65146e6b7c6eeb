#include "cg_import.h"

#include "import_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *const format_names[CG_FORMAT_COUNT] = {
    "unknown", "nodes", "links", "jsonl", "mapping", "ftm", "stix", "misp", "report",
};

const char *cg_format_to_string(cg_format f)
{
	return (unsigned)f < CG_FORMAT_COUNT ? format_names[f] : NULL;
}

cg_format cg_format_from_string(const char *s)
{
	for (int i = 1; i < CG_FORMAT_COUNT; i++)
		if (strcmp(s, format_names[i]) == 0)
			return (cg_format)i;
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

int import_reject(cg_import *imp, cg_import_stats *st, const cg_error *diag, cg_error *err)
{
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

/* Lower-cased header cell without quotes and blanks. */
static void header_cell(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		char c = s[i];
		if (c == '"' || c == ' ' || c == '\t' || c == '\r')
			continue;
		out[k++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
	}
	out[k] = '\0';
}

/* Whether text contains the member "key" (with the string value "value",
 * when value is not NULL), blanks allowed around the colon. A textual test on
 * the start of a file, good enough to tell formats apart. */
static int has_member(const char *text, const char *key, const char *value)
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

/* A report: named .md, .markdown or .txt, or text with a Markdown heading
 * ("# ", "## " ... at the start of a line). */
static int looks_like_report(const char *path, const char *p, const char *end)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');

	if (dot && (!slash || dot > slash) &&
	    (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".markdown") == 0 ||
	     strcasecmp(dot, ".txt") == 0))
		return 1;
	for (const char *line = p; line < end;) {
		const char *h = line;
		while (h < end && *h == '#')
			h++;
		if (h > line && h - line <= 6 && h < end && *h == ' ')
			return 1;
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			break;
		line = nl + 1;
	}
	return 0;
}

int cg_import_detect(const char *path, cg_format *out, cg_error *err)
{
	char buf[65536];
	FILE *f = fopen(path, "rb");
	size_t n;
	const char *p, *end;

	*out = CG_FMT_UNKNOWN;
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
	if (*p == '{' || *p == '[') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t first = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char line[4096];
		if (first >= sizeof line)
			first = sizeof line - 1;
		memcpy(line, p, first);
		line[first] = '\0';
		if (has_member(line, "format", "casegraph")) {
			*out = CG_FMT_JSONL;
		} else if (has_member(p, "type", "bundle")) {
			*out = CG_FMT_STIX;
		} else if (has_member(p, "Event", NULL)) {
			*out = CG_FMT_MISP;
		} else if (has_member(line, "schema", NULL) &&
		           has_member(line, "properties", NULL)) {
			*out = CG_FMT_FTM;
		} else if (has_member(p, "entities", NULL) &&
		           (has_member(p, "files", NULL) || has_member(p, "file", NULL))) {
			*out = CG_FMT_MAPPING;
		} else {
			return cg_error_set(
			    err, CG_EFORMAT, path, 1, 0,
			    "JSON that casegraph does not know: not casegraph JSONL, a "
			    "mapping, FollowTheMoney, a STIX bundle or a MISP event");
		}
		return 0;
	}
	if (looks_like_report(path, p, end)) {
		*out = CG_FMT_REPORT;
		return 0;
	}
	/* CSV: look at the header's cells */
	int has_id = 0, has_type = 0, has_src = 0, has_dst = 0;
	const char *cell = p;
	for (const char *q = p;; q++) {
		if (q == end || *q == ',' || *q == '\n') {
			char name[64];
			header_cell(cell, (size_t)(q - cell), name, sizeof name);
			has_id |= strcmp(name, "id") == 0;
			has_type |= strcmp(name, "type") == 0;
			has_src |= strcmp(name, "source") == 0;
			has_dst |= strcmp(name, "target") == 0;
			cell = q + 1;
			if (q == end || *q == '\n')
				break;
		}
	}
	if (has_src && has_dst) {
		*out = CG_FMT_LINKS_CSV;
		return 0;
	}
	if (has_id && has_type) {
		*out = CG_FMT_NODES_CSV;
		return 0;
	}
	return cg_error_set(
	    err, CG_EFORMAT, path, 1, 0,
	    "cannot detect the format: not casegraph JSONL, and the first line is not "
	    "a graph-CSV header (id,type,name... or source,target...)");
}

int cg_import_file(cg_import *imp, const char *path, cg_format fmt, cg_import_stats *stats,
                   cg_error *err)
{
	cg_import_stats local = {0};
	cg_import_stats *st = stats ? stats : &local;
	int rc;

	if (fmt == CG_FMT_UNKNOWN)
		fmt = imp->opts.format;
	if (fmt == CG_FMT_UNKNOWN && (rc = cg_import_detect(path, &fmt, err)))
		return rc;
	switch (fmt) {
	case CG_FMT_NODES_CSV:
	case CG_FMT_LINKS_CSV:
		return cg_import_csv(imp, path, fmt, st, err);
	case CG_FMT_JSONL:
		return cg_import_jsonl(imp, path, st, err);
	case CG_FMT_MAPPING:
		return cg_import_mapping(imp, path, st, err);
	case CG_FMT_FTM:
		return cg_import_ftm(imp, path, st, err);
	case CG_FMT_STIX:
		return cg_import_stix(imp, path, st, err);
	case CG_FMT_MISP:
		return cg_import_misp(imp, path, st, err);
	case CG_FMT_REPORT:
		return cg_import_report(imp, path, st, err);
	default:
		return cg_error_set(err, CG_EFORMAT, path, 0, 0, "unsupported format");
	}
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
			if ((f[i] == CG_FMT_LINKS_CSV) == (pass == 1))
				rc = cg_import_file(imp, paths[i], f[i],
				                    per_file ? &per_file[i] : NULL, err);
	if (f != fmts)
		free(f);
	return rc;
}
