/* The fuzz targets' common part: the private directory, imports with
 * invariant checks. See fuzz.h. */
#include "fuzz.h"

#include "cg_jsonl.h"
#include "cg_mapping.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FUZZ_SOURCE_ROOT
#define FUZZ_SOURCE_ROOT "."
#endif

static char dir_path[512];

void fuzz_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: fuzz invariant failed: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* Removes the private directory and what is in it (one level: the targets
 * make no subdirectories). */
static void remove_dir(void)
{
	DIR *d;
	struct dirent *de;
	char p[1024];

	if (!dir_path[0] || !(d = opendir(dir_path)))
		return;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir_path, de->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir_path);
	dir_path[0] = '\0';
}

const char *fuzz_dir(void)
{
	const char *base;
	struct stat sb;

	if (dir_path[0])
		return dir_path;
	base = getenv("TMPDIR");
	if (!base || !*base)
		base = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) &&
		               access("/dev/shm", W_OK) == 0
		           ? "/dev/shm"
		           : "/tmp";
	/* a directory named like a case: the importers take a file's case from
	 * its directory */
	snprintf(dir_path, sizeof dir_path, "%s/cg-fuzz.XXXXXX", base);
	if (!mkdtemp(dir_path)) {
		fprintf(stderr, "fuzz: cannot create %s: %s\n", dir_path, strerror(errno));
		abort();
	}
	atexit(remove_dir);
	return dir_path;
}

const char *fuzz_write(const char *name, const uint8_t *data, size_t n, char *out, size_t cap)
{
	FILE *f;

	snprintf(out, cap, "%s/%s", fuzz_dir(), name);
	f = fopen(out, "wb");
	if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f)) {
		fprintf(stderr, "fuzz: cannot write %s: %s\n", out, strerror(errno));
		abort();
	}
	return out;
}

const char *fuzz_source_root(void)
{
	const char *r = getenv("CG_SOURCE_ROOT");
	return r && *r ? r : FUZZ_SOURCE_ROOT;
}

int fuzz_copy_source(const char *rel, const char *name)
{
	char src[1024], dst[1024], buf[65536];
	FILE *in, *out;
	size_t n;
	int rc = 0;

	snprintf(src, sizeof src, "%s/%s", fuzz_source_root(), rel);
	snprintf(dst, sizeof dst, "%s/%s", fuzz_dir(), name);
	if (!(in = fopen(src, "rb")))
		return -1;
	if (!(out = fopen(dst, "wb"))) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	fclose(in);
	if (fclose(out))
		rc = -1;
	return rc;
}

/* Checks each message as the CLI would print it, and swallows it. */
static void on_diag(void *ctx, const cg_error *d)
{
	(void)ctx;
	FUZZ_ASSERT(d->code <= 0 && d->code > -CG_ERROR_CODE_COUNT, "diagnostic code %d", d->code);
	FUZZ_ASSERT(memchr(d->message, '\0', sizeof d->message) != NULL, "unterminated message");
	FUZZ_ASSERT(memchr(d->file, '\0', sizeof d->file) != NULL, "unterminated file name");
	if (d->code == CG_EPARSE || d->code == CG_ELIMIT)
		FUZZ_ASSERT(d->file[0] && d->line >= 1,
		            "a rejection without file:line: '%s:%ld: %s'", d->file, d->line,
		            d->message);
	FUZZ_ASSERT(d->line >= 0 && d->column >= 0, "negative line or column: %ld:%d", d->line,
	            d->column);
}

cg_import_opts fuzz_opts(void)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	o.max_field = FUZZ_MAX_FIELD;
	o.max_record = FUZZ_MAX_RECORD;
	o.max_columns = FUZZ_MAX_COLUMNS;
	o.diag = on_diag;
	o.case_name = "fuzz";
	return o;
}

void fuzz_check_stats(const char *what, const cg_import_stats *st)
{
	FUZZ_ASSERT(st->read == st->imported + st->rejected,
	            "%s: read %zu != imported %zu + rejected %zu", what, st->read, st->imported,
	            st->rejected);
}

/* Writes g with the native writer into /dev/null: what any importer built
 * must be writable. */
static void check_writer(const cg_graph *g)
{
	static FILE *devnull;
	cg_error err;

	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		fuzz_fail(__FILE__, __LINE__, "cannot open /dev/null");
	cg_error_clear(&err);
	FUZZ_ASSERT(cg_jsonl_write_stream(g, devnull, &err) == 0, "writer failed: %s", err.message);
}

/* Runs one import (a file, or CSV files through a mapping) and checks it. */
static int run_import(cg_graph **g, const char *path, cg_format fmt, const char *csv,
                      const cg_import_opts *opts, cg_import_stats *st)
{
	cg_import_opts o = opts ? *opts : fuzz_opts();
	cg_import_stats local;
	cg_import *imp;
	cg_error err;
	int rc;

	if (!st)
		st = &local;
	memset(st, 0, sizeof *st);
	cg_error_clear(&err);
	if (!*g && !(*g = cg_graph_new()))
		fuzz_fail(__FILE__, __LINE__, "out of memory");
	if (!(imp = cg_import_new(*g, &o)))
		fuzz_fail(__FILE__, __LINE__, "out of memory");
	if (csv)
		rc = cg_import_mapping_apply(imp, path, &csv, 1, st, &err);
	else
		rc = cg_import_file(imp, path, fmt, st, &err);
	cg_import_free(imp);
	FUZZ_ASSERT(rc <= 0 && rc > -CG_ERROR_CODE_COUNT, "import returned %d", rc);
	FUZZ_ASSERT(rc != CG_ENOMEM, "out of memory on a small input");
	if (rc)
		FUZZ_ASSERT(err.code == rc && err.message[0], "failure %d without a message", rc);
	else
		fuzz_check_stats(csv ? "mapped csv" : cg_format_to_string(fmt), st);
	check_writer(*g);
	return rc;
}

int fuzz_import(cg_graph **g, const char *path, cg_format fmt, const cg_import_opts *opts,
                cg_import_stats *st)
{
	return run_import(g, path, fmt, NULL, opts, st);
}

int fuzz_import_mapped(cg_graph **g, const char *mapping, const char *csv,
                       const cg_import_opts *opts, cg_import_stats *st)
{
	return run_import(g, mapping, CG_FMT_MAPPING, csv, opts, st);
}
