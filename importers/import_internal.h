/* The importers' common interface; private to importers/.
 *
 * Each input format is one module that exports one import_format row: how a
 * file of it is recognised (sniff) and how it is read (run). The session
 * (import.c) keeps the rows in one table, in detection order, and runs a
 * file through an import_file: the per-file context that every importer
 * receives ready (path, default case, counts, error) and adds its records
 * through, so that counting created and merged records and marking the cases
 * that have entities of their own is written once, here.
 *
 * Adding a format: its enum value in cg_import.h, a module with its sniff,
 * its run and its row (which names it), the row in the table of import.c
 * (docs/ARCHITECTURE.md has the whole checklist). */
#ifndef CG_IMPORT_INTERNAL_H
#define CG_IMPORT_INTERNAL_H

#include "cg_hash.h"
#include "cg_import.h"
#include "cg_strbuf.h"

struct cg_import {
	cg_graph *g;            /* the graph records go into (borrowed) */
	cg_import_opts opts;    /* options, copied */
	cg_strpool *node_cases; /* cases that got entities from a nodes file or graph */
	/* the report importer's automata, built on first use */
	struct report_gazetteers *gazetteers;
};

/* One file being imported. Set up by the session before the format's run and
 * torn down after it; the importer reads its fields and adds records through
 * import_add_entity / import_add_link. */
typedef struct import_file {
	cg_import *imp;             /* the session (borrowed) */
	cg_graph *g;                /* the session's graph: imp->g */
	const cg_import_opts *opts; /* the session's options: &imp->opts */
	const char *path;           /* the file, as given (borrowed) */
	cg_format fmt;              /* its format, detected or given */
	const char *kase;           /* the case of records that name none: --case when given,
	                               else the name of the file's directory (dircase) */
	cg_strbuf dircase;          /* the name of the file's directory (import_dir_case) */
	cg_import_stats *st;        /* this file's counts; the importer counts rows read,
	                               imported, rejected and skipped, the add functions count
	                               entities and links created and merged */
	cg_error *err;              /* the error that fails the whole file */
} import_file;

/* Sets f up for reading path into imp's graph: the default case (--case,
 * else the directory's name), counts into st, whole-file errors into err.
 * Cannot fail: a directory name that cannot be stored leaves the case "". */
void import_file_begin(import_file *f, cg_import *imp, const char *path, cg_format fmt,
                       cg_import_stats *st, cg_error *err);
/* Releases what import_file_begin took. Accepts a zeroed f. */
void import_file_end(import_file *f);

/* What detection saw of a JSON document (cg_import_detect): the members of
 * its top-level object (for a top-level array, of its first element), read
 * by a streaming scan that skips nested values without building them. The
 * scan stops at the end of the top-level value (the first line of JSON
 * Lines), or as soon as a format's members have been seen at the end of a
 * 64 KB chunk. Memory: this struct (about 3 KB) and the scanner's frames,
 * whatever the file's size. */
#define IMPORT_TOP_NAMES 32  /* member names kept; more are counted */
#define IMPORT_TOP_KEY   65  /* bytes of one name kept: JU_KEY_MAX + 1 */
#define IMPORT_TOP_VALUE 128 /* bytes of a string value kept */
typedef struct import_json_top {
	char root;      /* '{' or '[' */
	int failed;     /* the scan met invalid JSON (err_* say where and why) */
	int ended;      /* the top-level value was read to its end */
	int one_line;   /* it is on one line (so far, when not ended) */
	size_t n_names; /* members seen; the first IMPORT_TOP_NAMES are in names */
	char names[IMPORT_TOP_NAMES][IMPORT_TOP_KEY];
	char type[IMPORT_TOP_VALUE];       /* the string value of "type", "" when none */
	char id[IMPORT_TOP_VALUE];         /* of "id" */
	char format[IMPORT_TOP_VALUE];     /* of "format" */
	char first_type[IMPORT_TOP_VALUE]; /* "type" of the first element of "objects" */
	int response_event; /* the first element of "response" has an "Event" member */
	long err_line, err_col;
	char err_msg[160];
} import_json_top;

/* Whether the top-level object (as import_json_top) has the member name. */
int import_top_has(const import_json_top *t, const char *name);

/* One input format. */
typedef struct import_format {
	cg_format fmt;    /* the value of cg_format this row reads */
	const char *name; /* its name for --format and in summaries (cg_format_to_string) */
	int json;         /* 1: sniffed only on text that starts with '{' or '[', 0: only on
	                     other text */
	int late;         /* 1: read after the files of every other format, so that its
	                     links may name the nodes of any file (graph-CSV links) */
	/* Whether a file looks like this format. head is the file's first bytes
	 * (at most 64 KB) after a byte-order mark and leading blanks, len of them,
	 * NUL-terminated; path is the file's name, for formats known by extension. */
	int (*sniff)(const char *head, size_t len, const char *path);
	/* JSON formats: whether a JSON document with the top-level members of t
	 * is of this format. Detection asks it when the scan of the document
	 * did not fail; sniff (on the head's text) decides when it did, so that
	 * a broken file is still given to its reader, which says where it is
	 * broken. */
	int (*sniff_top)(const import_json_top *t);
	/* Reads f->path into f->g. 0, or a negative CG_E* code with *f->err set
	 * when the file fails as a whole (rejected rows are reported and
	 * counted, not returned). */
	int (*run)(import_file *f);
} import_format;

/* The formats' rows, each defined in its module. */
extern const import_format import_fmt_nodes;   /* csv_graph.c */
extern const import_format import_fmt_links;   /* csv_graph.c */
extern const import_format import_fmt_jsonl;   /* jsonl.c */
extern const import_format import_fmt_mapping; /* mapping/mapping.c */
extern const import_format import_fmt_ftm;     /* ftm.c */
extern const import_format import_fmt_stix;    /* stix.c */
extern const import_format import_fmt_misp;    /* misp.c */
extern const import_format import_fmt_report;  /* report/report.c */

/* Adds an entity to the file's graph, counts it as created or merged and
 * records that the cases of its provenance have entities of their own (so
 * their links files resolve ids instead of making edge-list nodes). Returns
 * 0 with *out set; 1 when the graph refused the record (*refused says why:
 * bad type, key or property); or a negative CG_E* code (CG_ENOMEM), which
 * *refused then holds too. */
int import_add_entity(import_file *f, const cg_entity_rec *rec, cg_eid *out, cg_error *refused);
/* Adds a link and counts it as created or merged; returns as
 * import_add_entity. out may be NULL. */
int import_add_link(import_file *f, const cg_link_rec *rec, cg_lid *out, cg_error *refused);

/* Frees the report importer's automata of a session; accepts NULL. */
void report_gazetteers_free(struct report_gazetteers *gz);

/* The error a format's run returned, made sure to have a reason: rc with
 * no message in err gets one ("out of memory" for CG_ENOMEM). Returns rc. */
int import_error_reason(int rc, const char *path, cg_error *err);
/* Reports a rejected row: counts it and passes it to the callback. Returns
 * CG_EREJECT in strict mode (with *err filled), else 0. A diagnostic with
 * the code CG_ENOMEM is no rejection: *err is set and CG_ENOMEM returned,
 * so that the import stops instead of losing every row after. */
int import_reject(cg_import *imp, cg_import_stats *st, const cg_error *diag, cg_error *err);
/* Rejects the record on `line` of f with a formatted reason, as
 * import_reject. 0, or CG_EREJECT in strict mode. */
int import_rejectf(import_file *f, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Passes a note that is not a rejection (code: CG_OK for a summary,
 * CG_ENOTFOUND for a dangling reference that loses nothing but the
 * reference) about `line` of f to the diagnostic callback; nothing is
 * counted. In strict mode a CG_ENOTFOUND note fails the import with
 * CG_EREJECT. */
int import_note(import_file *f, int code, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Records that case_name has nodes of its own (so its links files are not
 * edge lists). 0 or CG_ENOMEM. */
int import_mark_case(cg_import *imp, const char *case_name);
int import_case_has_nodes(const cg_import *imp, const char *case_name);
/* The default case of a file: the name of the directory it is in. */
void import_dir_case(const char *path, cg_strbuf *out);

/* fopen(path, "rb") for the importers: with fn set, the bytes read are
 * reported to it (importers/progress.c). NULL with errno on failure. */
FILE *cg_import_fopen(const char *path, cg_progress_fn fn, void *ctx);

/* Whether JSON text contains the member "key" (with the string value
 * "value", when value is not NULL), blanks allowed around the colon. A
 * textual test on the start of a file, good enough to tell formats apart in
 * the sniffers. */
int import_json_has_member(const char *text, const char *key, const char *value);
/* The first line of text (at most cap - 1 bytes of it), NUL-terminated in
 * out: the sniffers of line-oriented JSON formats look at it alone. */
void import_first_line(const char *text, size_t len, char *out, size_t cap);

#endif
