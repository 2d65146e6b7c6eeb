/* Helpers shared by the test suites: diagnostics capture, temporary files,
 * file comparison and the paths of the source tree and of ../shared. */
#ifndef CG_TESTUTIL_H
#define CG_TESTUTIL_H

#include "cg_error.h"
#include "cg_graph.h"
#include "cg_import.h"

#include <stddef.h>

#define TU_MAX_DIAGS 64

/* The diagnostics an importer reported, formatted "file:line:col: msg". */
typedef struct tu_diag_log {
	size_t n; /* diagnostics received (may exceed TU_MAX_DIAGS) */
	int code[TU_MAX_DIAGS];
	char text[TU_MAX_DIAGS][1200];
} tu_diag_log;

/* A cg_diag_fn: appends to the tu_diag_log passed as ctx. */
void tu_on_diag(void *ctx, const cg_error *d);
/* err formatted as "file:line:col: message", in a static buffer. */
const char *tu_fmt_err(const cg_error *err);

/* Imports path into g as format fmt (CG_FMT_UNKNOWN: detected) with opts
 * (NULL: defaults), the diagnostics going to diag(ctx); st gets the file's
 * counts. Returns cg_import_file's code, err filled. */
int tu_import(cg_graph *g, const char *path, cg_format fmt, const cg_import_opts *opts,
              cg_diag_fn diag, void *ctx, cg_import_stats *st, cg_error *err);

/* An import's counts: read = imported + rejected, with the numbers given
 * (check.h's assertions, in the test files that use it). */
#define ASSERT_COUNTS(st, r, i, j)                                                                 \
	do {                                                                                       \
		ck_assert_uint_eq((st).read, (r));                                                 \
		ck_assert_uint_eq((st).imported, (i));                                             \
		ck_assert_uint_eq((st).rejected, (j));                                             \
		ck_assert_uint_eq((st).read, (st).imported + (st).rejected);                       \
	} while (0)

/* Removes path and everything below it. */
void tu_remove_tree(const char *path);
/* Creates a fresh directory "<base>/t.XXXXXX" (base defaults to /tmp when
 * NULL) into out; fails the test when it cannot. */
void tu_mkdtemp(const char *base, char *out, size_t n);
/* Writes n bytes to path; fails the test when it cannot. Returns path. */
const char *tu_write_file(const char *path, const char *data, size_t n);
/* The whole file in a malloc'd, NUL-terminated buffer; *n its size. NULL
 * when unreadable. */
char *tu_slurp(const char *path, size_t *n);
/* Fails the test unless the two files have the same bytes, naming the first
 * difference. */
void tu_assert_same_file(const char *a, const char *b);

/* The source tree ($CG_SOURCE_ROOT, else "."). */
const char *tu_source_root(void);
/* The real-data folder ../shared beside the source tree, or NULL when it is
 * absent (a user's fresh clone): real-data tests print why they skip. */
const char *tu_shared_root(void);

#endif
