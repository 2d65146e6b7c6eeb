/* The warninglists' internals that the view uses (analysis/warninglists.c;
 * the public part is in cg_analysis.h). */
#ifndef CG_WARNINGLISTS_H
#define CG_WARNINGLISTS_H

#include "cg_analysis.h"

/* The names of the built-in default's lists. */
#define WL_DEFAULT_RANGES    "casegraph default: reserved IP ranges"
#define WL_DEFAULT_NAMES     "casegraph default: reserved names (example, test, invalid, localhost)"
#define WL_DEFAULT_HASHES    "casegraph default: empty-file hashes"
#define WL_DEFAULT_PUBLISHER "casegraph default: a report's own publisher"

/* The name of the first list that matches entity e (its name, or an
 * identity key with or without its "kind:" prefix, as a value of e's type),
 * or NULL. Borrowed from w. */
const char *wl_match_entity(const cg_warninglists *w, const cg_graph *g, cg_eid e);
/* Whether w holds the built-in default, whose rule is that a report's own
 * publisher connects nothing (the view applies it: analysis/view.c). */
int wl_publisher_rule(const cg_warninglists *w);
/* A number that tells this set from every other of the process (0 for
 * NULL): the view cache's key. */
unsigned long wl_serial(const cg_warninglists *w);

#endif
