/* The DOT writer (cg_dot_write, cg_render.h): the context its steps share,
 * and the functions the files of the writer share. Private to render/, not
 * installed.
 *
 * A diagram is made in steps, each reading what the ones before it left in
 * the context and adding its own part:
 *
 * 1. Selection (dot_select.c, dot_select): the selected entities and the
 *    links between them, each entity's cases, role and distinct neighbours.
 * 2. Collapse (dot_select.c, dot_make_units): leaves of one type hanging off
 *    the same node become one node ("14 e-mails"); every other selected
 *    entity is a node of its own, with its importance tier.
 * 3. The cap (dot_select.c, dot_apply_cap): when more nodes remain than
 *    cg_dot_opts.max_nodes, keeps the most important (focus, then
 *    facilitators and marked brokers, then entities in several cases, then
 *    outlined roles, each tier by betweenness then degree) as one connected
 *    picture; dot_count_drawn counts what is drawn and what was left out.
 * 4. Groups (dot.c): one box per case or cluster for the kept nodes
 *    (entities of several cases outside, as shared).
 * 5. Edges (dot.c): the links between kept nodes, sorted so that parallel
 *    links of one type are adjacent and drawn as one edge.
 * 6. Writing (dot_write.c, dot_write_all): the DOT text, a legend of what is
 *    present and a footnote with the sources and the date.
 *
 * Steps 1 to 5 write nothing; only step 6 touches the FILE. A step that
 * fails returns CG_ENOMEM or CG_EIO with c->err set, and cg_dot_write
 * (dot.c) frees
 * whatever the steps allocated. Functions shared between the files are
 * prefixed dot_; the one-line accessors are static inline here. */
#ifndef CG_DOT_INTERNAL_H
#define CG_DOT_INTERNAL_H

#include "cg_render.h"

#include <stddef.h>
#include <stdio.h>

#define CASES_MAX 16 /* cases read per entity (cg_entity_cases) */

/* One node of the drawing: an entity, or a collapsed group of leaves. */
typedef struct unit {
	cg_eid e;      /* the entity, or the group's first member */
	cg_eid anchor; /* collapsed: the node the leaves hang off; else CG_NO_ENTITY */
	size_t count;  /* entities it stands for */
	size_t first;  /* collapsed: index of its first member in the leaves array */
	int tier;      /* importance tier (higher first): 5 focus .. 1 plain, 0 collapsed */
	double score;  /* betweenness within the tier (-1 unknown; collapsed: 0) */
	size_t degree; /* distinct neighbours over the links considered (collapsed: 1) */
	size_t group;  /* index in the groups, SIZE_MAX outside */
	int kept;      /* drawn: kept by the cap */
	/* a counted group of what the cap left out (slide diagrams): the
	 * left-out units whose best kept neighbour is unit `agg - 1`, listed
	 * at agg_members[first .. first + n_members); count is their entities.
	 * 0 for every other unit. */
	size_t agg;
	size_t n_members;
	int in_agg; /* left out by the cap, counted in a group */
} unit;

/* A leaf that may collapse: a plain entity with one neighbour. */
typedef struct leaf {
	cg_eid anchor;    /* its one neighbour */
	const char *type; /* interned type name: compared by pointer then text */
	cg_eid e;         /* the leaf */
} leaf;

/* A link between two kept units, one per link drawn. */
typedef struct edge_key {
	size_t a, b;      /* units (a < b for undirected) */
	const char *type; /* interned link type name */
	int directed;     /* the link is directed (an arrow from a to b) */
	int rev;          /* slide diagrams: the link goes from b to a (a < b always) */
	cg_lid l;         /* the link */
} edge_key;

/* A group box: the key shared by its nodes. */
typedef struct group {
	const char *case_name; /* CG_GROUP_CASE: the case, interned */
	size_t cluster;        /* CG_GROUP_CLUSTER: the cluster index */
	size_t members;        /* entities drawn in it (a collapsed node counts its leaves) */
} group;

/* The state of one cg_dot_write call, filled in step by step; each array
 * is allocated by the step that fills it (other_types by cg_dot_write).
 * "Per entity" arrays have n entries, "per link" ones m. */
typedef struct dctx {
	/* the call */
	const cg_graph *g;    /* the graph drawn */
	const cg_dot_opts *o; /* the caller's options */
	FILE *f;              /* where the DOT text goes (step 6 only) */
	cg_error *err;        /* the caller's error, set on failure */
	size_t n, m;          /* entities and links of the graph */

	/* step 1, the selection */
	unsigned char *on;     /* per entity: selected (drawn unless the cap leaves it out) */
	unsigned char *lon;    /* per link: considered (both ends selected, in select_links) */
	size_t *deg;           /* per entity: distinct neighbours over the links considered */
	size_t *n_cases;       /* per selected entity: the cases it is in */
	const char **one_case; /* per selected entity in exactly one case: that case, else NULL */
	/* per selected entity: its role of highest precedence, or NULL */
	const cg_role_style **role;

	/* steps 2 and 3, the units and the cap */
	size_t *unit_of;     /* per entity: its unit, SIZE_MAX when none (cleared in step 1) */
	unit *units;         /* the nodes: collapsed groups first, then entities in id order */
	size_t n_units;      /* units used */
	leaf *leaves;        /* the leaves that may collapse, sorted by anchor, type name and id:
	                      * a collapsed unit's members are a run of it */
	size_t n_leaves;     /* leaves used */
	size_t *agg_members; /* slide: the units each counted group stands for (unit.agg) */
	size_t n_aggs;       /* counted groups made (units at the end of units) */

	/* steps 4 and 5, groups and edges */
	group *groups;   /* the group boxes, sorted by case name or cluster index */
	size_t n_groups; /* groups used */
	edge_key *edges; /* the links between kept units, sorted (parallel ones adjacent) */
	size_t n_edges;  /* edges used */

	/* step 6, the writing */
	double max_size; /* largest measure among drawn nodes, for sizes */
	cg_strbuf sb;    /* scratch: a collapsed node's id */
	cg_strbuf tmp;   /* scratch: escaped text (put_q) */
	cg_dot_stats st; /* what is drawn and left out: selected (step 1), groups (4),
	                  * edges and links (6), the rest dot_count_drawn; the
	                  * caller's at the end */
	int money_edges; /* an edge carrying money was written: legend entry */
	/* per core type: written, listed in the legend */
	unsigned char present_types[CG_ENTITY_TYPE_COUNT];
	/* custom type names written, listed in the legend (which sorts them);
	 * n + 1 slots */
	const char **other_types;
	size_t n_other_types; /* other_types used */
	/* per role: written, listed in the legend */
	unsigned char present_roles[CG_ROLE_COUNT];
	int any_broker;    /* a marked broker was written: legend entry */
	int any_shared;    /* an entity of several cases was written: legend entry */
	int any_focus;     /* a focus entity was written: legend entry */
	int any_collapsed; /* a collapsed node was written (the legend has no entry for it) */
	int any_agg;       /* a counted group was written (slide): legend entry */

	/* an association chart (cg_dot_opts.assoc): the cases of the selected
	 * entities, sorted by name (dot_assoc_cap) */
	const char **assoc_cases;
	size_t n_assoc_cases;
} dctx;

/* Sets c->err to "out of memory" and returns CG_ENOMEM. */
static inline int dot_nomem(dctx *c)
{
	return cg_error_set(c->err, CG_ENOMEM, NULL, 0, 0, "out of memory");
}

/* The rank of e among the brokers to mark (1 = first), 0 for none. */
static inline size_t dot_broker_rank(const dctx *c, cg_eid e)
{
	return c->o->broker_rank ? c->o->broker_rank[e] : 0;
}

/* Whether e is a focus of the diagram. */
static inline int dot_is_focus(const dctx *c, cg_eid e)
{
	return c->o->focus && c->o->focus[e];
}

/* ---- selection, collapse and the cap (dot_select.c) ---- */

/* Step 1: allocates the per entity and per link arrays and fills on, lon,
 * n_cases, one_case, role and deg, unit_of all SIZE_MAX; st.selected
 * counts the selection.
 * Returns 0 or CG_ENOMEM. Cost: O(entities + links log links). */
int dot_select(dctx *c);
/* Step 2: the units, collapsed groups (when cg_dot_opts.collapse) first,
 * each with its tier, score and degree, and unit_of. Returns 0 or
 * CG_ENOMEM. Cost: O(entities log entities + links). */
int dot_make_units(dctx *c);
/* Step 3: marks the units kept; all of them without a cap or under it.
 * Returns 0 or CG_ENOMEM. Cost: O((units + links) log units). */
int dot_apply_cap(dctx *c);
/* The cap with an explicit number of units to keep (0: all). */
int dot_apply_cap_n(dctx *c, size_t cap);
/* Slide diagrams (cg_dot_opts.slide): the cap keeps fewer units so that
 * the nodes drawn, counted groups included, stay within max_nodes, and
 * each kept unit gets one counted group ("+12 documents") of the left-out
 * units whose best-ranked kept neighbour it is; what has no kept
 * neighbour stays left out. Replaces dot_apply_cap. Returns 0 or
 * CG_ENOMEM. Cost: two runs of the cap. */
int dot_apply_cap_slide(dctx *c);
/* Counts into c->st the nodes, entities, collapsed groups and shared
 * entities kept, and the entities left out, by type. Cannot fail. */
void dot_count_drawn(dctx *c);

/* ---- edges (dot.c) ---- */

/* Whether two edges are parallel links drawn as one edge: same units,
 * same direction, same type; on a slide, same units. */
int dot_same_edge(const dctx *c, const edge_key *x, const edge_key *y);

/* ---- writing (dot_write.c) ---- */

/* Step 6: the whole DOT text to c->f: graph attributes and title, the group
 * boxes with their nodes, the nodes outside them, the edges, the legend.
 * Records in the context what the legend lists. Returns 0, CG_ENOMEM or
 * CG_EIO (the FILE reported an error). */
int dot_write_all(dctx *c);
/* Helpers of the writer shared with dot_assoc.c: a quoted escaped string,
 * a unit's node id, a name wrapped into label lines, the name shown for
 * an entity (redacted when asked), the plural of its type. Each returns 0
 * or nonzero out of memory (dot_plural_of cannot fail). */
int dot_put_q(dctx *c, const char *s);
int dot_put_node_id(dctx *c, size_t ui);
int dot_wrap_label(cg_strbuf *sb, const char *name, int slide);
int dot_shown_name(dctx *c, cg_eid e, cg_strbuf *sb);
const char *dot_plural_of(const cg_graph *g, cg_eid e);

/* ---- the association chart (dot_assoc.c, cg_dot_opts.assoc) ---- */

/* Step 3 of an association chart: the cases of the selected entities
 * (c->assoc_cases), then the cap keeps the best units within max_nodes
 * less a node per case and ASSOC_GROUPS counted groups. Replaces
 * dot_apply_cap. Returns 0 or CG_ENOMEM. Cost: O(units x cases). */
int dot_assoc_cap(dctx *c);
/* Writes an association chart's case nodes, the counted groups of the
 * entities left out (by the set of their cases) and the edges from each
 * case to the entities and groups in it; counts them into c->st. Returns
 * 0 or CG_ENOMEM. */
int dot_assoc_write(dctx *c);

#endif
