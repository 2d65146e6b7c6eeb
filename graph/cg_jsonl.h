/* The native format, casegraph JSONL (docs/FORMAT.md).
 *
 * One JSON object per line: a header, then every entity, then every link, in
 * graph order. Writing what the native reader (importers/) read gives the
 * same bytes. */
#ifndef CG_JSONL_H
#define CG_JSONL_H

#include "cg_api.h"
#include "cg_error.h"
#include "cg_graph.h"
#include "cg_strbuf.h"

#include <stdio.h>

#define CG_JSONL_VERSION 1

/* Appends s as a JSON string literal (quotes, backslashes and control
 * characters escaped; UTF-8 passed through). 0 or CG_ENOMEM. */
CG_API int cg_json_put_string(cg_strbuf *sb, const char *s);

/* Writes the whole graph to an open stream. Errors: CG_EIO, CG_ENOMEM. */
CG_API int cg_jsonl_write_stream(const cg_graph *g, FILE *f, cg_error *err);

/* Writes the graph to path atomically, through cg_outfile: a temporary file
 * in the same directory, flushed and synced, then renamed over path. A
 * failure leaves any previous file at path untouched. "-" (standard output)
 * and a path that is a device (/dev/null) or a FIFO are written in place
 * instead; a directory is refused.
 * Errors: CG_EIO, CG_ENOMEM. */
CG_API int cg_jsonl_write_file(const cg_graph *g, const char *path, cg_error *err);

#endif
