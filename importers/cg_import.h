/* Importers: files -> cg_graph records, with provenance (docs/IMPORT.md,
 * docs/FORMATS.md).
 *
 * Every importer reads row by row (or line by line), reports each rejected
 * row through the diagnostic callback as file:line: reason and goes on; its
 * counts reconcile: read = imported + rejected. A file that cannot be read
 * at all (missing, undetectable, bad header) fails as a whole with one error.
 * Importers never print. */
#ifndef CG_IMPORT_H
#define CG_IMPORT_H

#include "cg_api.h"
#include "cg_error.h"
#include "cg_graph.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum cg_format {
	CG_FMT_UNKNOWN,
	CG_FMT_NODES_CSV, /* graph CSV nodes: id,type,name[,case][,role][,aliases][,...] */
	CG_FMT_LINKS_CSV, /* graph CSV links: source,target[,type][,case][,amount]... */
	CG_FMT_JSONL,     /* casegraph JSONL */
	CG_FMT_MAPPING, /* a JSON mapping of flat CSV files to entities and links (docs/MAPPING.md)
	                 */
	CG_FMT_FTM,     /* FollowTheMoney entities, JSON Lines */
	CG_FMT_STIX,    /* a STIX 2.0/2.1 bundle */
	CG_FMT_MISP,    /* a MISP event (JSON) */
	CG_FMT_REPORT,  /* a threat-intelligence report, Markdown or text */
	CG_FORMAT_COUNT
} cg_format;

/* "unknown", "nodes", "links", "jsonl", "mapping", "ftm", "stix", "misp",
 * "report"; NULL out of range. */
CG_API const char *cg_format_to_string(cg_format f);
/* The format named s, or CG_FMT_UNKNOWN. */
CG_API cg_format cg_format_from_string(const char *s);

/* Limits on input sizes, enforced and reported as errors when exceeded. */
#define CG_DEFAULT_MAX_FIELD   (1u << 20)  /* bytes in one CSV field */
#define CG_DEFAULT_MAX_RECORD  (16u << 20) /* bytes in one CSV record or JSONL line */
#define CG_DEFAULT_MAX_COLUMNS 4096u       /* fields in one CSV record */

/* Receives each rejected row (err->code CG_EPARSE/CG_ELIMIT/CG_ENOTFOUND,
 * file and line set), and notes about what an importer left out on purpose
 * (err->code 0: revoked objects, filtered rows ...), which are not
 * rejections. */
typedef void (*cg_diag_fn)(void *ctx, const cg_error *diag);

/* Reports reading progress: bytes of path read so far, of total (0 when the
 * size is unknown). Called about every megabyte and at the end of a file;
 * the callback decides how often to show anything. */
typedef void (*cg_progress_fn)(void *ctx, const char *path, uint64_t done, uint64_t total);

typedef struct cg_import_opts {
	const char *case_name; /* --case: the case of rows without a case column, or NULL */
	cg_format format;      /* CG_FMT_UNKNOWN: detect from content */
	const char *node_type; /* type of nodes an edge list creates ("unknown") */
	int strict;            /* stop at the first rejected row with CG_EREJECT */
	size_t max_field;      /* limits, see CG_DEFAULT_* */
	size_t max_record;
	size_t max_columns;
	cg_diag_fn diag; /* may be NULL */
	void *diag_ctx;
	size_t max_rows; /* stop each file after this many data rows (0: all); --dry-run */
	const cg_graph
	    *gazetteer;          /* known entities whose names reports are searched for, or NULL */
	cg_progress_fn progress; /* may be NULL */
	void *progress_ctx;
	int min_confidence; /* ties a report's prose states, at least: 1 low (same paragraph),
	                       2 medium (same sentence; 0 is 2), 3 high (a typed cue) */
	int one_thread;     /* read every file on the calling thread: no reading thread for
	                       graph-CSV and JSONL files (the result is the same; tests compare) */
} cg_import_opts;

#define CG_IMPORT_OPTS_INIT                                                                        \
	{                                                                                          \
		NULL, CG_FMT_UNKNOWN, "unknown", 0, CG_DEFAULT_MAX_FIELD, CG_DEFAULT_MAX_RECORD,   \
		    CG_DEFAULT_MAX_COLUMNS, NULL, NULL, 0, NULL, NULL, NULL, 0, 0                  \
	}

/* cg_import_stats, the counts of an import, is defined in cg_graph.h. */

/* Adds every count of from to to (the counts of several files summed). */
CG_API void cg_import_stats_add(cg_import_stats *to, const cg_import_stats *from);

/* Reads the start of path and says what it is. Errors: CG_EIO, CG_EFORMAT
 * (with the reason). */
CG_API int cg_import_detect(const char *path, cg_format *out, cg_error *err);

/* An import session: one graph, the inputs given together. Inputs are read
 * in a fixed order (native graphs and nodes files first, then links files,
 * each group in the order given), so that links may name nodes of any file. */
typedef struct cg_import cg_import;

CG_API cg_import *cg_import_new(cg_graph *g, const cg_import_opts *opts);
CG_API void cg_import_free(cg_import *imp);
/* Imports one file, adding its counts to *stats (may be NULL). Errors: CG_EIO,
 * CG_EFORMAT, CG_EPARSE (bad header), CG_EREJECT (strict), CG_ENOMEM. */
CG_API int cg_import_file(cg_import *imp, const char *path, cg_format fmt, cg_import_stats *stats,
                          cg_error *err);
/* Detects every file first (a wrong file fails before any work), then
 * imports them in the order described above. A folder among paths is read
 * as its files (cg_import_expand, cg_import_list): its entry in per_file
 * sums theirs, its entry in fmts is their format when they share one, else
 * CG_FMT_UNKNOWN. fmts (may be NULL) receives
 * each file's format, and each file's counts are added to per_file (may be
 * NULL; zero it first), both indexed like paths. Stops at the first file
 * that fails as a whole. */
CG_API int cg_import_files(cg_import *imp, const char *const *paths, size_t n, cg_format *fmts,
                           cg_import_stats *per_file, cg_error *err);

/* The files of a list of inputs, with each folder among them replaced by
 * its files (docs/FORMATS.md, "Folders"): sorted by name (bytewise), its
 * subfolders read in their place, recursively; names starting with '.' left
 * out; README*, LICENSE*, LICENCE*, CHANGELOG* and COPYING* (any case) and
 * what is not a regular file (a FIFO, a device, a link to a folder) listed
 * with the reason they are skipped. A file named as an input is listed as
 * it is, whatever its name. */
typedef struct cg_input_list {
	char **paths;             /* the files, in the order given */
	size_t *from;             /* for each, the index of the input it came from */
	const char **skip;        /* for each, NULL, or why it is not read (a static string) */
	unsigned char *in_folder; /* for each, 1 when found in a folder */
	size_t n;
} cg_input_list;

/* Fills *out with the files of paths[0..n) (cg_input_list). Errors:
 * CG_EIO (a folder that cannot be read), CG_ELIMIT (folders nested deeper
 * than CG_MAX_FOLDER_DEPTH), CG_ENOMEM; *out is then empty. */
#define CG_MAX_FOLDER_DEPTH 64
CG_API int cg_import_expand(const char *const *paths, size_t n, cg_input_list *out, cg_error *err);
CG_API void cg_input_list_free(cg_input_list *l);

/* cg_import_files over a list made by cg_import_expand, fmts and per_file
 * indexed like l->paths. Files listed with a reason to skip them, and
 * files found in a folder whose format is not detected, are not read: a
 * note (code CG_OK) to the diagnostic callback says so, and their format is
 * CG_FMT_UNKNOWN. A file named as an input whose format is not detected
 * fails the import, as in cg_import_files. */
CG_API int cg_import_list(cg_import *imp, const cg_input_list *l, cg_format *fmts,
                          cg_import_stats *per_file, cg_error *err);

#endif
