#include "testutil.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void tu_on_diag(void *ctx, const cg_error *d)
{
	tu_diag_log *l = ctx;

	if (l->n < TU_MAX_DIAGS) {
		l->code[l->n] = d->code;
		cg_error_format(d, l->text[l->n], sizeof l->text[l->n]);
	}
	l->n++;
}

const char *tu_fmt_err(const cg_error *err)
{
	static char buf[1200];
	cg_error_format(err, buf, sizeof buf);
	return buf;
}

void tu_remove_tree(const char *path)
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
				tu_remove_tree(sub);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

void tu_mkdtemp(const char *base, char *out, size_t n)
{
	snprintf(out, n, "%s/t.XXXXXX", base ? base : "/tmp");
	ck_assert_msg(mkdtemp(out) != NULL, "mkdtemp %s: %s", out, strerror(errno));
}

const char *tu_write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

char *tu_slurp(const char *path, size_t *n)
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
	if (n)
		*n = len;
	return buf;
}

void tu_assert_same_file(const char *a, const char *b)
{
	size_t na = 0, nb = 0, i;
	char *x = tu_slurp(a, &na), *y = tu_slurp(b, &nb);

	ck_assert_msg(x && y, "cannot read %s or %s", a, b);
	for (i = 0; i < na && i < nb && x[i] == y[i]; i++)
		;
	ck_assert_msg(na == nb && i == na,
	              "%s and %s differ at byte %zu (sizes %zu, %zu): ...%.60s", a, b, i, na, nb,
	              i < na ? x + i : "");
	free(x);
	free(y);
}

const char *tu_source_root(void)
{
	const char *r = getenv("CG_SOURCE_ROOT");
	return r && *r ? r : ".";
}

const char *tu_shared_root(void)
{
	static char path[4096];
	struct stat sb;
	const char *env = getenv("CG_SHARED_DIR");

	if (env && *env)
		snprintf(path, sizeof path, "%s", env);
	else
		snprintf(path, sizeof path, "%s/../shared", tu_source_root());
	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return NULL;
	return path;
}

int tu_import(cg_graph *g, const char *path, cg_format fmt, const cg_import_opts *opts,
              cg_diag_fn diag, void *ctx, cg_import_stats *st, cg_error *err)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import *imp;
	int rc;

	if (opts)
		o = *opts;
	o.diag = diag;
	o.diag_ctx = ctx;
	imp = cg_import_new(g, &o);
	ck_assert_ptr_nonnull(imp);
	memset(st, 0, sizeof *st);
	cg_error_clear(err);
	rc = cg_import_file(imp, path, fmt, st, err);
	cg_import_free(imp);
	return rc;
}
