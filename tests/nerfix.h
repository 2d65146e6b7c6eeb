/* The fixture shared by the suites of layer 4 of the report importer
 * (test_report_ner.c, test_report_ner7.c): one fresh graph per test, a
 * temporary directory, a report imported from text, and lookups of the
 * entities and links it made. Every name the suites use is invented. */
#ifndef CG_NERFIX_H
#define CG_NERFIX_H

#include "cg_graph.h"
#include "cg_import.h"
#include "testutil.h"

#include <check.h>

extern cg_graph *g;      /* the test's graph */
extern tu_diag_log dl;   /* its diagnostics */
extern char tmpdir[128]; /* a fresh directory, removed after the test */

/* Check fixture functions: a new graph and directory; then freed. */
void setup(void);
void teardown(void);
/* Imports text as the report r.md with this minimum confidence (0: the
 * default); fails the test on an error or a rejected line. */
void import_text(const char *text, int min_conf);
/* The entity of type with this name, or CG_NO_ENTITY. */
cg_eid find(const char *type, const char *name);
/* find, asserting that the entity is there (the message names it). */
cg_eid must_find(const char *type, const char *name);
/* How many entities of type, links of type. */
size_t count_type(const char *type);
size_t count_links(const char *type);
/* The value of link l's property name, or NULL. */
const char *link_prop(cg_lid l, const char *name);
/* The link of type between a and b (either way for mentioned_with), or
 * CG_NO_LINK. */
cg_lid link_of(const char *type, cg_eid a, cg_eid b);
/* Whether entity e has the alias. */
int has_alias(cg_eid e, const char *alias);
/* The line of link l's first provenance record (fails without one). */
long link_line(cg_lid l);

#define HAS(type, name)   ck_assert_msg(find(type, name) != CG_NO_ENTITY, "no %s '%s'", type, name)
#define HASNT(type, name) ck_assert_msg(find(type, name) == CG_NO_ENTITY, "a %s '%s'", type, name)

#endif
