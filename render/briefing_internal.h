/* The briefing's files share: briefing_pick.c chooses and writes the
 * diagrams, briefing_rows.c chooses the rows of each section, and
 * briefing.c (briefing.md) and briefing_html.c (briefing.html) each format
 * those rows their own way, so that both briefings show the same findings.
 * Private to render/, not installed. Functions shared between these files
 * are prefixed brief_. */
#ifndef CG_BRIEFING_INTERNAL_H
#define CG_BRIEFING_INTERNAL_H

#include "cg_render.h"
#include "cg_screen.h"

#include <stddef.h>
#include <stdint.h>

#define BRIEF_TOP            10 /* rows of a table when cg_report_input.top is 0 */
#define BRIEF_MARKED_BROKERS 5  /* brokers marked in the diagrams */
#define BRIEF_SEEDS          3  /* brokers whose records are listed */
#define BRIEF_CITATIONS      12 /* records cited per entity */
#define BRIEF_FLOW_CITES     3  /* records cited per money flow */
#define BRIEF_TITLE_CASES    3  /* case names in a title made from the cases */
#define BRIEF_TITLE_BYTES    32 /* longest case name in that title */

/* The title of each diagram, as both briefings caption it. */
extern const char *const brief_diagram_titles[CG_DIAGRAM_COUNT];

/* The rows of each table: in->top, else BRIEF_TOP. */
size_t brief_top(const cg_report_input *in);

/* Whether the facilitators table lists broker r: something runs through
 * it (betweenness above 0) or it is a cut point. */
int brief_broker_listed(const cg_broker *r);

/* The leading brokers of b with betweenness above 0, at most max: the top
 * facilitator (max 1) and those whose records are listed (BRIEF_SEEDS). */
size_t brief_seeds(const cg_brokers *b, size_t max);

/* The screening hits among rows (cg_screen_rows, grouped by entity with
 * cg_screen_group): their number, and in *first (when not NULL) the index
 * of the first hit's first row (n when none). */
size_t brief_screen_hits(const cg_screen_row *rows, size_t n, size_t *first);

/* The properties of a listed entity that a screening hit shows, in order,
 * NULL-terminated. */
extern const char *const brief_listing_props[];

/* The briefing's timeline: a lane per case, with the first and last
 * sight of in->shared's entities. Errors as cg_timeline_compute. */
int brief_timeline(const cg_graph *g, const cg_report_input *in, cg_timeline **out, cg_error *err);

/* One row of the largest flows: the money link l's amount, currency, ends
 * and date (NULL when it has none). */
typedef struct brief_flow {
	int64_t amount;
	const char *currency;
	cg_eid from, to;
	const char *date;
} brief_flow;
void brief_flow_of(const cg_graph *g, cg_lid l, brief_flow *f);

/* s appended to sb raw (not escaped), cut to at most max bytes on a
 * character boundary with an ellipsis when longer. Returns 0 or CG_ENOMEM. */
int brief_short(cg_strbuf *sb, const char *s, size_t max);

/* What the reports among the inputs say (section 7): for each document of
 * type report, by its file, the persons, companies, organisations,
 * addresses, phones, accounts and wallets its records name, in the order of
 * their first line in it, and the ties its sentences state (links with an
 * `evidence` property citing it) by line, the typed ones (confidence high)
 * first on a line. */
typedef struct brief_item {
	uint32_t id; /* a cg_eid (named) or cg_lid (ties) */
	long line;   /* its first line in the report */
	int rank;    /* ties: 0 typed, 1 mentioned together */
} brief_item;
typedef struct brief_report {
	cg_eid doc;       /* the report's document entity */
	const char *file; /* the file of its first record (borrowed) */
	brief_item *named;
	size_t n_named;
	brief_item *ties;
	size_t n_ties;
	size_t n_typed; /* ties of rank 0 */
} brief_report;
typedef struct brief_reports {
	brief_report *r; /* by file */
	size_t n;
	const brief_report **shown; /* those that name, tie or deny something: the most typed
	                               ties first, then the most to show, then by file */
	size_t total;               /* of them */
	size_t n_shown;             /* the first of them to show: at most max */
} brief_reports;
/* Fills *out (empty when there are no reports), max reports to show. 0 or
 * CG_ENOMEM. Cost: one pass over the entities and links, O(log reports) a
 * record. */
int brief_reports_of(const cg_graph *g, size_t max, brief_reports *out);
/* The section's first paragraph, as plain text. */
extern const char brief_reports_intro[];
void brief_reports_free(brief_reports *rs);
/* The ties of r from k on that one sentence states (the same line and
 * evidence): their number, at least 1. */
size_t brief_sentence_ties(const cg_graph *g, const brief_report *r, size_t k);
/* The values of a report's negated_mentions (names it mentions only to deny
 * them), at most max of them into out; their number. */
size_t brief_denied(const cg_graph *g, cg_eid doc, const char **out, size_t max);
#define BRIEF_REPORT_NAMED    30  /* names listed per report */
#define BRIEF_REPORT_TIES     6   /* ties listed per sentence */
#define BRIEF_REPORT_EVIDENCE 240 /* bytes of a tie's sentence shown */
#define BRIEF_REPORT_DENIED   20  /* denied names listed per report */

#endif
