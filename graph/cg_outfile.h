/* cg_outfile: a file written atomically. Every file casegraph writes goes
 * through it: the JSONL graph (cg_jsonl_write_file), DOT files, exports,
 * the briefing, and the images Graphviz draws (cg_graphviz_run hands the
 * open file to dot as its standard output).
 *
 * What path names decides how it is written:
 * - a regular file, or nothing yet: a temporary file "path.tmp.XXXXXX" in
 *   the same directory, with the mode a plain fopen gives a new file (0666
 *   less the umask, where mkstemp makes 0600; a file replaced does not keep
 *   its own), flushed and fsync'd, then renamed over path by
 *   cg_outfile_commit. A failure or cg_outfile_abort removes it: a previous
 *   file at path is left as it was, and a process killed on the way leaves
 *   its temporary file beside path, never a partial path.
 * - "-": standard output, written in place; flushed at commit, never
 *   closed.
 * - an existing file that is neither a regular file nor a directory (a
 *   device such as /dev/null or /dev/stdout, a FIFO): written in place, as
 *   fopen(path, "w") does. Renaming a file over it would replace it (as
 *   root, /dev/null itself).
 * - a directory: refused at open, before anything is written.
 *
 * The two earlier copies (render/text.c's, used by DOT, the exports and the
 * briefing, and the JSONL writer's) differed; the stricter choice was kept
 * each time:
 * - in place: every existing file that is not regular nor a directory
 *   (text.c); the JSONL writer kept only devices and FIFOs and would have
 *   replaced a socket with a regular file.
 * - a directory: refused at open (text.c), where the JSONL writer wrote
 *   the whole graph beside it and failed at the rename. The message is the
 *   one that rename gives and the JSONL writer's callers and tests know:
 *   "cannot rename the temporary file: Is a directory".
 * - the commit checks the stream's error flag as well as fflush and fsync
 *   (text.c); the JSONL writer relied on its stream writer for that.
 * Graphviz's images had a third copy, which for a device gave dot a
 * temporary file and copied it in on success; dot now writes into the
 * device directly, like every other output.
 *
 * Errors are CG_EIO (with path as the error's file and the reason) and
 * CG_ENOMEM. */
#ifndef CG_OUTFILE_H
#define CG_OUTFILE_H

#include "cg_api.h"
#include "cg_error.h"

#include <stdio.h>

typedef struct cg_outfile {
	FILE *f;      /* write here */
	char *tmp;    /* the temporary file; NULL when path is written in place */
	char *path;   /* the final path */
	int borrowed; /* f is stdout ("-"): flushed, never closed */
} cg_outfile;

/* Removes the temporary files of every cg_outfile open in the process
 * (at most CG_OUTFILE_TRACKED at once; more are not tracked). Safe to call
 * from a signal handler (it only calls unlink): the command-line tool calls
 * it on SIGINT, SIGTERM and SIGHUP before it dies, so that an interrupted
 * run leaves no "path.tmp.XXXXXX" behind. The library installs no handler
 * itself. */
#define CG_OUTFILE_TRACKED 64
CG_API void cg_outfile_remove_temporaries(void);

/* Opens path for writing as described above; o is filled (and zeroed on
 * failure). Errors: CG_EIO (no temporary file could be made, path is a
 * directory, a device could not be opened), CG_ENOMEM. */
CG_API int cg_outfile_open(cg_outfile *o, const char *path, cg_error *err);
/* Flushes, syncs, closes and renames the temporary file over the final
 * path (for a file written in place: flushes and closes it); frees o.
 * Errors: CG_EIO, with the temporary file removed. */
CG_API int cg_outfile_commit(cg_outfile *o, cg_error *err);
/* Closes and removes the temporary file; frees o. Accepts a zeroed o and
 * one already committed or aborted. */
CG_API void cg_outfile_abort(cg_outfile *o);

#endif
