/* cg_outfile: a file written atomically. Every file casegraph writes goes
 * through it: the JSONL graph (cg_jsonl_write_file), DOT files, exports,
 * the briefing, and the images Graphviz draws (cg_graphviz_run hands the
 * open file to dot as its standard output).
 *
 * What path names decides how it is written:
 * - a regular file, or nothing yet: a temporary file "path.tmp.cgXXXXXX" in
 *   the same directory, with the permission bits of the file it replaces
 *   (a graph.jsonl made 0600 stays 0600), or for a new file the mode a plain
 *   fopen gives (0666 less the umask, where mkstemp makes 0600), flushed
 *   and fsync'd, then renamed over path by
 *   cg_outfile_commit. A failure or cg_outfile_abort removes it: a previous
 *   file at path is left as it was, and a process killed on the way leaves
 *   its temporary file beside path, never a partial path.
 * - what a run killed by SIGKILL left beside path ("path.tmp.cgXXXXXX",
 *   "path.err.cgXXXXXX", and for cg_outdir "DIR.tmp.cgXXXXXX" holding
 *   regular files only) is removed by the next output to path, once it is
 *   older than a minute and unlocked: a run holds a lock (flock) on each
 *   temporary it makes for as long as it lives, and the kernel drops it
 *   when the run dies, however it dies. A temporary of a live run, one
 *   younger than a minute, and anything on a network or FUSE filesystem
 *   (whose locks another machine may not see) are left.
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
 * (at most CG_OUTFILE_TRACKED at once; more are not tracked), then the
 * temporary directories of every cg_outdir open (at most
 * CG_OUTDIR_TRACKED) with the files in them. Safe to call from a signal
 * handler (it only calls unlink, open, getdents64, unlinkat, close and
 * rmdir): the command-line tool calls it on SIGINT, SIGTERM and SIGHUP
 * before it dies, so that an interrupted run leaves no "path.tmp.cgXXXXXX"
 * behind. The library installs no handler itself. Each temporary is made
 * and tracked with every signal blocked, so no signal falls between the
 * two. For tests/test_kill.sh, the environment variable CG_TEST_SIGNAL_IN
 * set to "tmpfile" or "tmpdir" raises SIGTERM right after each temporary
 * file or directory is made, in that window. */
/* What every temporary's name has after ".tmp." / ".err.", before
 * mkstemp's six characters: a killed run's leftovers are told from a
 * user's own files by it (cg_outfile.c, sweep). */
#define CG_TEMP_MARK       "cg"
#define CG_OUTFILE_TRACKED 64
#define CG_OUTDIR_TRACKED  8
CG_API void cg_outfile_remove_temporaries(void);
/* Makes a temporary file from tmpl ("...XXXXXX", as mkstemp) that
 * cg_outfile_remove_temporaries removes until cg_outfile_temporary_remove:
 * for a temporary file that is not an output (Graphviz's stderr). The file
 * is made and tracked with every signal blocked, so that a signal at any
 * moment leaves nothing (cg_outfile's and cg_outdir's own temporaries are
 * made the same way). tmpl must live until cg_outfile_temporary_remove.
 * Returns the open descriptor, or -1 with errno set. */
CG_API int cg_outfile_temporary(char *tmpl);
/* Removes the file cg_outfile_temporary made and forgets it. */
CG_API void cg_outfile_temporary_remove(char *path);

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

/* cg_outdir: a directory of files written as a whole (report -o DIR, export
 * --to csv|neo4j -o DIR): after a kill, a full disk or any failure, DIR is
 * either the whole previous set or the whole new one, never a mix.
 *
 * cg_outdir_open makes a temporary sibling "DIR.tmp.cgXXXXXX" (mkdtemp, with
 * the permission bits of the DIR it replaces, else 0777 less the umask);
 * the caller writes every file of the set into d->tmp (each through
 * cg_outfile); cg_outdir_commit syncs it and puts it in place: rename(2)
 * when DIR does not exist, else renameat2(RENAME_EXCHANGE) (Linux 3.15,
 * glibc 2.28; a filesystem that refuses it is a clear error, DIR left as
 * it was) and then removes the previous set, now under the temporary name.
 *
 * What may be replaced: an existing DIR is swapped out whole, so it must
 * hold nothing but files this command writes there: the names given to
 * cg_outdir_open, and the leftovers of a killed run ("NAME.tmp.cgXXXXXX",
 * "NAME.err.cgXXXXXX"), all regular files. A DIR holding anything else (a
 * user's own file, a subdirectory, the inputs of `-o .`) is refused at
 * open, before any work, and again at commit, and is never touched:
 * "DIR: not replaced: it holds 'notes.txt', which is not one of the files
 * this output writes (give a new or empty directory, or one this output
 * wrote before: it is replaced as a whole)". A
 * trailing '/' is dropped; a DIR that is a symbolic link is replaced where
 * the link points (the link stays).
 *
 * Errors are CG_EIO (with DIR as the error's file and the reason) and
 * CG_ENOMEM. */
typedef struct cg_outdir {
	char *path;               /* DIR, where the set ends up */
	char *tmp;                /* DIR.tmp.cgXXXXXX: write the files of the set in here */
	const char *const *names; /* the names of the set (borrowed) */
	size_t n_names;
	int existed; /* DIR existed at open */
	int held;    /* 1 + a descriptor of tmp, locked while open (0: none) */
} cg_outdir;

/* Checks DIR as described above and makes the temporary directory; d is
 * filled (and zeroed on failure). names (n_names of them) are every file
 * the set may hold; they must outlive d. */
CG_API int cg_outdir_open(cg_outdir *d, const char *path, const char *const *names, size_t n_names,
                          cg_error *err);
/* Puts the set in d->tmp in place of DIR and removes the previous set;
 * frees d. Errors: CG_EIO, with the temporary directory removed and DIR
 * as it was. */
CG_API int cg_outdir_commit(cg_outdir *d, cg_error *err);
/* An error about a file in d->tmp names it where it was to go (DIR/NAME),
 * not by its temporary path. */
CG_API void cg_outdir_name_error(const cg_outdir *d, cg_error *err);
/* Removes the temporary directory and the files in it; frees d. Accepts a
 * zeroed d and one already committed or aborted. */
CG_API void cg_outdir_abort(cg_outdir *d);

#endif
