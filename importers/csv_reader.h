/* csv_reader: a CSV file read record by record over libcsv, for the
 * importers of CSV files (csv_graph.c, mapping/rows.c). Private to importers/.
 *
 * What it adds to libcsv, whose callbacks return void and which neither
 * counts lines nor detects ragged rows:
 * - The file is fed one physical line at a time, so that every record knows
 *   the line it started on, quoted fields spanning lines included.
 * - Between records, blank lines are skipped; so is a UTF-8 byte order mark
 *   at the start of a UTF-8 file. Spaces around unquoted fields are kept.
 * - Fields and records are bounded (cg_csv_opts): a record that breaks a
 *   limit, or holds a NUL byte, still comes to the caller, marked bad with
 *   the reason, so that it is rejected as one row; no more of its fields are
 *   kept once it is bad.
 * - A malformed record (a stray quote, text after a closing quote, a quote
 *   never closed, a field in progress longer than max_field at the end of a
 *   line) goes to a second callback; reading then resumes on the line after
 *   the one it started on, with a fresh parser. */
#ifndef CG_CSV_READER_H
#define CG_CSV_READER_H

#include "cg_error.h"
#include "cg_import.h"

#include <stddef.h>

/* The encoding of a file. Latin-1 and Windows-1252 are converted to UTF-8
 * one physical line at a time, before parsing: limits count UTF-8 bytes. */
typedef enum cg_csv_enc {
	CG_CSV_UTF8,
	CG_CSV_LATIN1,
	CG_CSV_CP1252,
} cg_csv_enc;

struct cg_csv_record;

typedef struct cg_csv_opts {
	size_t max_field;   /* bytes in one field */
	size_t max_record;  /* bytes in the fields of one record */
	size_t max_columns; /* fields in one record */
	char delim;         /* the field separator */
	cg_csv_enc enc;     /* the file's encoding */
	int dos_padding;    /* also skip, between records, lines of blanks and Ctrl-Z (0x1A), and
	                       such a last line without its newline */
	cg_progress_fn progress; /* bytes read, or NULL (cg_import_opts.progress) */
	void *progress_ctx;
	int read_ahead; /* read and tokenise on a second thread (see cg_csv_read) */
	/* with read_ahead, or NULL: called on the calling thread with a record
	 * that on_record will get some records later (step 0: 24 records
	 * before, step 1: 16, step 2: 8, within the batch the thread handed
	 * over), so that the caller can fetch what that record will need into
	 * the cache. It gets the callbacks' ctx, must not change the record's
	 * bytes, and its calls change nothing that the callbacks see. */
	void (*hint)(void *ctx, const struct cg_csv_record *rec, int step);
	int check_utf8; /* say in each record which field is not UTF-8 (bad_utf8) */
} cg_csv_opts;

#define CG_CSV_OPTS_INIT                                                                           \
	{                                                                                          \
		CG_DEFAULT_MAX_FIELD, CG_DEFAULT_MAX_RECORD, CG_DEFAULT_MAX_COLUMNS, ',',          \
		    CG_CSV_UTF8, 0, NULL, NULL, 0, NULL, 0                                         \
	}

/* Copies the limits (max_field, max_record, max_columns) and the progress
 * callback of an import. */
void cg_csv_opts_limits(cg_csv_opts *o, const cg_import_opts *io);

/* One record, lent to the record callback. */
typedef struct cg_csv_record {
	char **fields;   /* nfields NUL-terminated fields: the reader's, valid during the callback,
	                    their bytes free to change in place */
	size_t nfields;  /* fields kept (with bad: those up to the one that made it bad) */
	long line;       /* physical line the record started on, 1-based */
	int bad;         /* 0, CG_ELIMIT (a limit broken) or CG_EPARSE (a NUL byte) */
	const char *why; /* with bad: "field 2 is longer than 100 bytes" ... */
	size_t bad_utf8; /* with cg_csv_opts.check_utf8: the first field (from 1) that is not
	                    UTF-8, 0 when all are */
} cg_csv_record;

/* A callback's "stop reading, without an error". */
#define CG_CSV_STOP 1

/* Receives each record, in file order. Returns 0 to go on; CG_CSV_STOP to
 * stop once the physical line being parsed is done (records that follow on
 * that line still come, and a malformed one is still reported); or a
 * negative CG_E* code, with err filled (or not) by the callback, to stop at
 * once with that code. */
typedef int (*cg_csv_record_fn)(void *ctx, const cg_csv_record *rec);

/* Receives a malformed record: the line it started on, the code (CG_EPARSE;
 * CG_ELIMIT for a field in progress over max_field at the end of a line)
 * and why ("unterminated quoted field", "field 3 is longer than 1048576
 * bytes" ...). Returns 0 to resume reading on the line after line;
 * CG_CSV_STOP to stop; or a negative CG_E* code, as above. */
typedef int (*cg_csv_malformed_fn)(void *ctx, long line, int code, const char *why);

/* Reads the CSV file at path to its end, passing each record to on_record
 * and each malformed one to on_malformed (ctx goes to both). Returns 0 at
 * the end of the file or when a callback says CG_CSV_STOP; a callback's
 * negative code; or CG_EIO (cannot open, seek or read) or CG_ENOMEM, with
 * err filled. Cost: time linear in the file (a malformed record's first line
 * is read again; a field's buffer grows geometrically); memory one 64 KiB
 * chunk plus the record being read, which the limits bound. */
/*
 * With opts->read_ahead, a second thread reads and tokenises the file while
 * the callbacks run on the calling thread, with the same calls in the same
 * order and the same result, except that CG_CSV_STOP stops at once (records
 * later on the same line do not come) and that a malformed record is passed
 * over (reading resumes after it) before on_malformed has answered: what the
 * thread read beyond is dropped when it answers otherwise. For callers that
 * never say CG_CSV_STOP. The progress callback is called on the calling
 * thread too. Memory: four batches of about 300 KiB besides (ahead.h). */
int cg_csv_read(const char *path, const cg_csv_opts *opts, cg_csv_record_fn on_record,
                cg_csv_malformed_fn on_malformed, void *ctx, cg_error *err);

#endif
