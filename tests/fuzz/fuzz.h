/* The fuzz targets' common part (docs/RELIABILITY.md).
 *
 * Each target file defines one function `int fuzz_<name>(const uint8_t *data,
 * size_t size)` and ends with FUZZ_TARGET(<name>). Built with
 * -DCG_LIBFUZZER (tests/fuzz/build), FUZZ_TARGET makes it the libFuzzer
 * entry point; built without (the `fuzz-replay` test), the replay program
 * (replay.c) calls every target on every file of tests/fuzz/corpus/<name>/
 * and tests/fuzz/regression/<name>/.
 *
 * The importers read paths, so an input is written to a file in a private
 * temporary directory made once per process and removed at exit. Every
 * import goes into a fresh graph, with a diagnostic callback that swallows
 * messages but checks them; the invariants every importer promises are
 * checked after each import and abort() the process when they fail:
 * rows read = imported + rejected, every rejection names its file and a
 * line, and the graph's own writer succeeds on what was built. */
#ifndef CG_FUZZ_H
#define CG_FUZZ_H

#include "cg_graph.h"
#include "cg_import.h"

#include <stddef.h>
#include <stdint.h>

/* Limits used by the targets: small, so that the fuzzer reaches them. */
#define FUZZ_MAX_FIELD   2048u
#define FUZZ_MAX_RECORD  16384u
#define FUZZ_MAX_COLUMNS 64u

/* The private directory (created on first use), or aborts. */
const char *fuzz_dir(void);
/* Writes n bytes to the file `name` in the private directory and returns
 * its path (a static buffer per call site is not needed: the path is
 * copied into out, of size cap). Aborts when it cannot. */
const char *fuzz_write(const char *name, const uint8_t *data, size_t n, char *out, size_t cap);
/* Copies a file of the source tree (a path relative to it) into the
 * private directory under `name`. 0, or -1 when the source is missing. */
int fuzz_copy_source(const char *rel, const char *name);
/* The source tree: $CG_SOURCE_ROOT, else the one the fuzzer was built from. */
const char *fuzz_source_root(void);

/* Options for an import: the fuzz limits, a swallowing diagnostic callback. */
cg_import_opts fuzz_opts(void);

/* Imports path as fmt into g (a fresh one when *g is NULL) and checks the
 * invariants. Returns the import's code. */
int fuzz_import(cg_graph **g, const char *path, cg_format fmt, const cg_import_opts *opts,
                cg_import_stats *st);

/* Imports the CSV file csv through the mapping file mapping
 * (cg_import_mapping_apply), as fuzz_import. */
int fuzz_import_mapped(cg_graph **g, const char *mapping, const char *csv,
                       const cg_import_opts *opts, cg_import_stats *st);

/* Checks the invariants of one import's counts; aborts with a message
 * naming `what` when they fail. */
void fuzz_check_stats(const char *what, const cg_import_stats *st);

/* Aborts with a message when cond is false (kept in release builds). */
#define FUZZ_ASSERT(cond, ...)                                                                     \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fuzz_fail(__FILE__, __LINE__, __VA_ARGS__);                                \
	} while (0)

void fuzz_fail(const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4), noreturn))
#endif
    ;

#ifdef CG_LIBFUZZER
#define FUZZ_TARGET(name)                                                                          \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                              \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                               \
	{                                                                                          \
		return fuzz_##name(data, size);                                                    \
	}
#else
#define FUZZ_TARGET(name)
#endif

#endif
