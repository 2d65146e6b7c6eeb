/* Shared state of an import session; private to importers/. */
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

/* Frees the report importer's automata of a session; accepts NULL. */
void report_gazetteers_free(struct report_gazetteers *gz);

/* Reports a rejected row: counts it and passes it to the callback. Returns
 * CG_EREJECT in strict mode (with *err filled), else 0. */
int import_reject(cg_import *imp, cg_import_stats *st, const cg_error *diag, cg_error *err);
/* Records that case_name has nodes of its own (so its links files are not
 * edge lists). 0 or CG_ENOMEM. */
int import_mark_case(cg_import *imp, const char *case_name);
int import_case_has_nodes(const cg_import *imp, const char *case_name);
/* The default case of a file: the name of the directory it is in. */
void import_dir_case(const char *path, cg_strbuf *out);

#endif
