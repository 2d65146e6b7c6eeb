/* The fixture shared by the importer suites (FollowTheMoney, STIX, MISP):
 * one fresh graph per test, the diagnostics it received, a temporary
 * directory, and lookups that fail the test when what they look for is
 * missing. The suites refer to the graph and the log by these names. */
#ifndef CG_IMPORTFIX_H
#define CG_IMPORTFIX_H

#include "cg_graph.h"
#include "cg_import.h"
#include "testutil.h"

extern cg_graph *g;      /* the test's graph */
extern tu_diag_log dl;   /* its diagnostics */
extern char tmpdir[256]; /* a fresh directory, removed after the test */

/* Check fixture functions: a new graph, log and directory; then freed. */
void setup(void);
void teardown(void);

/* Imports path into g (format detected) with opts (NULL: defaults) and the
 * log as diagnostics callback; st gets the counts. Returns the code. */
int import_one(const char *path, const cg_import_opts *opts, cg_import_stats *st, cg_error *err);

/* The entity case kase knows as id, or fails. */
cg_eid local(const char *kase, const char *id);
/* The entity with this stable id, or fails. */
cg_eid by_id(const char *id);
/* The provenance records of e as "line:case|line:case" (static buffer). */
const char *provs(cg_eid e);
/* The line (and case, when kase is not NULL) of link l's first record. */
long link_line(cg_lid l, const char **kase);
/* The link of type t from a to b, or fails. */
cg_lid find_link(cg_eid a, cg_eid b, const char *t);

#endif
