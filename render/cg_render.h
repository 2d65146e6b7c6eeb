/* render/: the output layer, the last before cli/ (docs/RENDER.md).
 *
 * Turns a graph, and analysis results the caller computed, into files:
 * Graphviz DOT diagrams, the briefing Markdown, and exports for other tools
 * (GraphML, GEXF, CSV tables, Neo4j bulk-import CSV, FollowTheMoney, STIX
 * 2.1, casegraph JSONL). render/ reads graph/ and the result structs of
 * analysis/, never igraph or importers/ (the build gives it the include
 * directories of graph/, analysis/ and render/ only), writes to a FILE* or
 * a path it is given, and never prints. The one process it starts is
 * Graphviz (cg_graphviz_run), documented below.
 *
 * Every writer is deterministic: the same graph, results and options give
 * the same bytes (graph order, sorted groups, ties broken by entity id; the
 * date is the caller's). User text is escaped for the format it lands in:
 * DOT strings, XML, CSV (with spreadsheet formulas neutralised), Markdown;
 * invalid UTF-8 and control characters are replaced. */
#ifndef CG_RENDER_H
#define CG_RENDER_H

#include "cg_api.h"
#include "cg_analysis.h"
#include "cg_error.h"
#include "cg_graph.h"
#include "cg_outfile.h" /* cg_outfile, the atomic output file, was declared here */
#include "cg_strbuf.h"
#include "cg_summary.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- escaping (render/text.c) ---- */

/* Appends s as the inside of a double-quoted DOT string: backslash first
 * (so that \N, \n, \l ... in data are text, never Graphviz escapes), then
 * '"', newline as \n, CR dropped, tab as a space, other control characters
 * and invalid UTF-8 as U+FFFD. 0 or CG_ENOMEM. */
CG_API int cg_dot_escape(cg_strbuf *sb, const char *s);
/* Appends s escaped for XML text and attribute values (& < > " ' as
 * entities, tab/newline/CR as character references, other control
 * characters, U+FFFE/U+FFFF and invalid UTF-8 as U+FFFD). */
CG_API int cg_xml_escape(cg_strbuf *sb, const char *s);
/* Appends s as one CSV field (RFC 4180: quoted when it holds a comma, quote,
 * CR or LF; quotes doubled; invalid UTF-8 replaced). With neutralise set, a
 * value starting with = + - @ tab or CR is prefixed with ' so that a
 * spreadsheet shows it as text instead of running it as a formula. */
CG_API int cg_csv_field(cg_strbuf *sb, const char *s, int neutralise);
/* Appends s as Markdown text: \ ` * _ [ ] < > | ~ # ! : escaped with a
 * backslash, & as &amp;, line breaks and control characters as spaces.
 * GitHub-flavoured Markdown's autolinks are broken so that data never
 * becomes a clickable link: ':' escaped stops "http://", "mailto:" ...,
 * the '.' after "www" is escaped, and '@' is written as the code span
 * `@` (GFM finds e-mail addresses in the text after escapes are resolved,
 * so only a node other than text between the two halves stops them; the
 * '@' still reads and copies as '@'). */
CG_API int cg_md_escape(cg_strbuf *sb, const char *s);
/* Appends s as a Markdown code span (fenced with more backticks than it
 * holds; '|' escaped when in_table, as GFM tables need). Used for ids,
 * identifiers and file names: no emphasis, no HTML, no autolinks. */
CG_API int cg_md_code(cg_strbuf *sb, const char *s, int in_table);
/* Appends s with invalid UTF-8 and control characters (but tab and
 * newline when keep_lines) replaced by U+FFFD. */
CG_API int cg_utf8_sanitize(cg_strbuf *sb, const char *s, int keep_lines);
/* Appends an amount of minor units with thousands separators ("12,500.00"). */
CG_API int cg_money_text(cg_strbuf *sb, int64_t minor, const char *currency);

/* ---- redaction (render/text.c) ---- */

/* The name shown for e when redacting: persons as their initials and a
 * stable code derived from the entity id ("D.M.W. #K3QF"); e-mails with
 * only the first letter and the top-level domain ("d***@***.example");
 * phones with the last two digits ("+1 *** ** 34" style); bank accounts,
 * wallets and documents with all but the last four letters and digits
 * masked; other entities unchanged. */
CG_API int cg_redact_name(cg_strbuf *sb, const cg_graph *g, cg_eid e);
/* The four-character code of an entity id (Crockford base32 of FNV-1a). */
CG_API void cg_redact_code(const char *id, char out[5]);

/* ---- styles (render/style.c) ---- */

/* How an entity type is drawn. */
typedef struct cg_type_style {
	const char *shape;  /* Graphviz shape */
	const char *fill;   /* fill colour */
	const char *plural; /* "e-mails": for collapsed nodes and the legend */
} cg_type_style;

/* The style of a type (CG_ET_OTHER: a neutral box). */
CG_API const cg_type_style *cg_type_style_of(cg_entity_type t);

/* Roles that change the outline, in order of precedence. */
typedef struct cg_role_style {
	cg_role role;
	const char *color;
	const char *style; /* "", "dashed", "dotted" */
	double penwidth;
	const char *meaning; /* legend text */
} cg_role_style;

/* The outline of an entity with this role, or NULL when it has none. */
CG_API const cg_role_style *cg_role_style_of(cg_role r);

/* ---- selection (render/select.c) ---- */

/* Marks (sel[e] = 1) the entities of the given types (NULL: every type but
 * the context types, plus include), present in one of cases (NULL: any).
 * sel has cg_graph_entity_count(g) entries; unmarked entries are set to 0.
 * Cost: O(entities + provenance records). */
CG_API void cg_select_filter(const cg_graph *g, const char *const *types, size_t n_types,
                             const char *const *include, size_t n_include, const char *const *cases,
                             size_t n_cases, unsigned char *sel);
/* Marks the links that have a record in one of cases (all links when cases
 * is NULL). lsel has cg_graph_link_count(g) entries. */
CG_API void cg_select_links_of_cases(const cg_graph *g, const char *const *cases, size_t n_cases,
                                     unsigned char *lsel);
/* The ego network: keeps in sel only the entities within depth links of a
 * seed, walking through selected entities only (links taken as undirected);
 * the seeds are kept even when not selected. Errors: CG_ENOMEM.
 * Cost: O(entities + links). */
CG_API int cg_select_ego(const cg_graph *g, const cg_eid *seeds, size_t n_seeds, size_t depth,
                         unsigned char *sel, cg_error *err);
/* Keeps in sel only the n selected entities with the highest score (NaN
 * counts as lowest; ties by graph order). Errors: CG_ENOMEM. */
CG_API int cg_select_top(const cg_graph *g, const double *score, size_t n, unsigned char *sel,
                         cg_error *err);
/* Distinct neighbours of each selected entity among the selected ones
 * (deg has an entry per entity; 0 for unselected). Errors: CG_ENOMEM. */
CG_API int cg_select_degrees(const cg_graph *g, const unsigned char *sel, size_t *deg,
                             cg_error *err);

/* ---- DOT diagrams (render/dot.c, dot_select.c, dot_write.c) ---- */

typedef enum cg_group_by {
	CG_GROUP_NONE,
	CG_GROUP_CASE,    /* a box per case; entities of several cases outside, as shared */
	CG_GROUP_CLUSTER, /* a box per cluster (cg_dot_opts.cluster_of) */
	CG_GROUP_BY_COUNT
} cg_group_by;

CG_API const char *cg_group_by_to_string(cg_group_by g);
/* The grouping named s, or CG_GROUP_BY_COUNT. */
CG_API cg_group_by cg_group_by_from_string(const char *s);

typedef enum cg_size_by {
	CG_SIZE_NONE,
	CG_SIZE_DEGREE,
	CG_SIZE_BETWEENNESS,
	CG_SIZE_BY_COUNT
} cg_size_by;

CG_API const char *cg_size_by_to_string(cg_size_by s);
CG_API cg_size_by cg_size_by_from_string(const char *s);

#define CG_DOT_MAX_NODES    150 /* default cap on the nodes of a diagram */
#define CG_DOT_COLLAPSE_MIN 3   /* leaves of one type on one node collapsed from this many */

typedef struct cg_dot_opts {
	const char *title;          /* NULL: "Network of N cases" */
	const char *date;           /* footnote date (YYYY-MM-DD), NULL: none */
	const char *generator;      /* footnote "drawn by ...", NULL: "casegraph" */
	const char *const *sources; /* input files named in the footnote */
	size_t n_sources;
	const char *note; /* an extra footnote line (what was selected), or NULL */
	const unsigned char
	    *select; /* per entity, nonzero: draw it (NULL: every non-context entity) */
	const unsigned char *select_links; /* per link, nonzero: may draw it (NULL: all) */
	const unsigned char *focus; /* per entity: emphasised, never collapsed or left out (NULL) */
	cg_group_by group_by;
	const size_t *cluster_of; /* per entity: cluster index or SIZE_MAX (CG_GROUP_CLUSTER) */
	cg_size_by size_by;
	const double *betweenness; /* per entity, NaN unknown: ranks what the cap keeps, sizes */
	const size_t *broker_rank; /* per entity: rank of a broker to mark (1 = first), 0 none */
	int collapse;              /* collapse leaves of one type on one node */
	size_t collapse_min;       /* from this many leaves (CG_DOT_COLLAPSE_MIN) */
	size_t max_nodes;          /* cap on the nodes drawn (0: no cap) */
	int redact;                /* person names, e-mails, phones, accounts masked */
	/* A slide diagram (docs/RENDER.md, "Slide diagrams"): fits a 16:9 slide
	 * (size="13.3,7.5"), fonts of 14 points and more, short labels; what the
	 * cap leaves out becomes counted groups ("+12 documents") within
	 * max_nodes; all links between two nodes are one edge with a count;
	 * edge labels only for money and for typed ties between the main
	 * entities; a compact legend and footnote. */
	int slide;
	const unsigned char *core; /* per entity: kept by the cap before all but the
	                            * focus, not emphasised (NULL) */
	/* The Graphviz layout the file asks for (its layout attribute): NULL
	 * for dot's layers; "twopi" (radial around the first focus drawn),
	 * "neato" or "sfdp" (overlaps removed). Boxes need dot. */
	const char *layout;
	int left_to_right; /* slide: dot's layers left to right (a money path); else top to
	                    * bottom, where wide labels take less room */
	/* An association chart: a node per case of the selected entities and
	 * an edge from each case to each entity in it, instead of the links;
	 * what the cap leaves out is counted by the set of its cases ("+4
	 * shared by A, B"). The nodes of the cases count in max_nodes. */
	int assoc;
} cg_dot_opts;

#define CG_DOT_OPTS_INIT                                                                           \
	{                                                                                          \
		NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, CG_GROUP_NONE, NULL,            \
		    CG_SIZE_NONE, NULL, NULL, 1, CG_DOT_COLLAPSE_MIN, CG_DOT_MAX_NODES, 0, 0,      \
		    NULL, NULL, 0, 0                                                               \
	}

/* What a diagram shows and what it left out. */
typedef struct cg_dot_stats {
	size_t selected; /* entities selected */
	size_t nodes;    /* nodes drawn (a collapsed group is one; the legend is not counted) */
	size_t entities; /* entities drawn, those in collapsed groups included */
	size_t collapsed_groups;   /* collapsed nodes */
	size_t collapsed_entities; /* entities inside them */
	size_t edges;              /* edges drawn (parallel links of one type are one edge) */
	size_t links;              /* links those edges stand for */
	size_t shared;             /* drawn entities in two or more cases */
	size_t groups;             /* group boxes drawn */
	size_t left_out;           /* selected entities left out by the cap */
	size_t left_out_by_type[CG_ENTITY_TYPE_COUNT]; /* the same, by core type (others: OTHER) */
	size_t agg_groups;   /* slide: counted groups drawn ("+12 documents"), among nodes */
	size_t agg_entities; /* entities they stand for (not among entities nor left_out) */
} cg_dot_stats;

/* Writes the diagram. Nodes are quoted entity ids (n<number> when
 * redacting), labels and tooltips escaped with cg_dot_escape; no HTML-like
 * label is ever made. st (may be NULL) gets what was drawn and left out.
 * Errors: CG_EIO, CG_ENOMEM. Cost: O(entities + links log links). */
CG_API int cg_dot_write(const cg_graph *g, const cg_dot_opts *o, FILE *f, cg_dot_stats *st,
                        cg_error *err);
/* The same to path, atomically. */
CG_API int cg_dot_write_file(const cg_graph *g, const cg_dot_opts *o, const char *path,
                             cg_dot_stats *st, cg_error *err);
/* One line saying what the cap left out by type ("23 left out: 9 email,
 * 8 person ..."), empty when nothing was. */
CG_API int cg_dot_left_out_text(const cg_dot_stats *st, cg_strbuf *sb);

/* ---- the timeline (render/timeline.c) ---- */

/* The lanes of a timeline: a case, or an entity. */
typedef enum cg_timeline_by {
	CG_TIMELINE_CASE,
	CG_TIMELINE_ENTITY,
	CG_TIMELINE_BY_COUNT
} cg_timeline_by;
CG_API const char *cg_timeline_by_to_string(cg_timeline_by b);
CG_API cg_timeline_by cg_timeline_by_from_string(const char *s); /* _COUNT when unknown */

/* What an event is, in the order events of one day are listed. */
typedef enum cg_event_kind {
	CG_EVENT_FIRST_SIGHT, /* the first sight of a shared entity (cg_shared's spans) */
	CG_EVENT_PAYMENT,     /* a link with an amount */
	CG_EVENT_LINK,        /* another dated link */
	CG_EVENT_SEEN,        /* an entity's own dated record */
	CG_EVENT_LAST_SIGHT,  /* the last sight of a shared entity */
	CG_EVENT_KIND_COUNT
} cg_event_kind;

#define CG_DAY_LEN 11 /* "YYYY-MM-DD" and its NUL */

/* One event: the earliest date of its records in its lane (by case: per
 * case; by entity: per link or entity). */
typedef struct cg_event {
	char day[CG_DAY_LEN];   /* as cg_parse_date writes it: YYYY, YYYY-MM or YYYY-MM-DD */
	char until[CG_DAY_LEN]; /* SEEN: the last date when later, else "" */
	const char *lane;       /* the case, or the lane entity's name (borrowed from the graph) */
	cg_eid lane_entity;     /* by entity: the lane's entity, else CG_NO_ENTITY */
	cg_event_kind kind;
	cg_eid entity;    /* links: the source; else the entity */
	cg_lid link;      /* links and payments, else CG_NO_LINK */
	size_t cases;     /* sights: the cases that share the entity */
	const char *file; /* the record that gave the date (sights: NULL) */
	long line;
} cg_event;

typedef struct cg_timeline {
	cg_timeline_by by;
	cg_event *events; /* by day, kind, lane, link, entity */
	size_t n;
	size_t undated; /* links without a date, left out */
} cg_timeline;

typedef struct cg_timeline_opts {
	const char *title; /* NULL: "Timeline" */
	const char *date;  /* the "Drawn" date, or NULL */
	int redact;        /* entity names in lanes, cells, tooltips and text as cg_redact_name */
} cg_timeline_opts;

/* The dated links and entity records of g and, when shared is given, the
 * first and last sight of each shared entity, in time order. Errors:
 * CG_ENOMEM, CG_EINVAL (by). Cost: O(records + events log events). */
CG_API int cg_timeline_compute(const cg_graph *g, cg_timeline_by by, const cg_shared *shared,
                               cg_timeline **out, cg_error *err);
CG_API void cg_timeline_free(cg_timeline *t);
/* The text of one event ("A pays B 22,450.00 USD", "first sight of X
 * (shared by 3 cases)") appended to sb, raw (not escaped). */
CG_API int cg_event_text(const cg_graph *g, const cg_event *ev, cg_strbuf *sb);
/* The table: a line per event, "DAY  LANE: TEXT [file:line]"; with
 * o->redact the names in the text and an entity's lane as cg_redact_name.
 * o may be NULL. */
CG_API int cg_timeline_write_text(const cg_graph *g, const cg_timeline *t,
                                  const cg_timeline_opts *o, FILE *f, cg_error *err);
/* The diagram: DOT left to right, a column per month (quarter, year when
 * more than 6), a row per lane (8 at most, the rest one), a cell per
 * lane and column summing its events, the events in its tooltip. */
CG_API int cg_timeline_write_dot(const cg_graph *g, const cg_timeline *t, const cg_timeline_opts *o,
                                 FILE *f, cg_error *err);
/* Either (text nonzero: the table) to path, atomically. */
CG_API int cg_timeline_write_file(const cg_graph *g, const cg_timeline *t,
                                  const cg_timeline_opts *o, int text, const char *path,
                                  cg_error *err);

/* ---- Graphviz (render/graphviz.c) ---- */

/* The nodes above which cg_graphviz_layout picks sfdp: dot's time explodes
 * with edge crossings on large graphs (docs/RENDER.md). */
#define CG_GRAPHVIZ_DOT_LIMIT 300

/* "dot" up to CG_GRAPHVIZ_DOT_LIMIT nodes, "sfdp" above. */
CG_API const char *cg_graphviz_layout(size_t nodes);
/* Finds the program prog ("dot", "sfdp") in $PATH: 0 and its path in out,
 * or CG_ENOTFOUND with a message saying Graphviz is not installed. */
CG_API int cg_graphviz_find(const char *prog, cg_strbuf *out, cg_error *err);
/* Runs `prog -T<format> <dot_path>` as a child process (posix_spawn, stdin
 * from /dev/null, stdout into out_path through cg_outfile: a temporary file
 * renamed over it on success; "-" and devices written in place) with SERVER_NAME and GV_FILE_PATH
 * set so that Graphviz reads no local image files, and kills it after timeout_s seconds. format is
 * svg, png (at 192 dpi: twice Graphviz's size, for pasting) or pdf. Large graphs get dot's speed
 * limits (mclimit, nslimit). Errors: CG_ENOTFOUND (not installed), CG_EINVAL (format), CG_ELIMIT
 * (timed out), CG_EIO (it failed: the first line of its stderr). */
CG_API int cg_graphviz_run(const char *prog, const char *format, const char *dot_path,
                           const char *out_path, size_t nodes, double timeout_s, cg_error *err);

/* ---- the briefing (render/briefing.c) ---- */

/* One input file, as the sources appendix lists it. */
typedef struct cg_source_info {
	const char *path;
	const char *format; /* the format's name (cg_format_to_string of importers/) */
	cg_import_stats stats;
} cg_source_info;

typedef enum cg_diagram_kind {
	CG_DIAGRAM_CASES,        /* the cases and what connects them */
	CG_DIAGRAM_CLUSTERS,     /* the largest clusters */
	CG_DIAGRAM_FACILITATORS, /* the top brokers and their neighbours */
	CG_DIAGRAM_SHARED,       /* shared entities between their cases */
	CG_DIAGRAM_MONEY,        /* links with money */
	CG_DIAGRAM_TIMELINE,     /* dated events in time order, a lane per case (timeline.c) */
	CG_DIAGRAM_COUNT
} cg_diagram_kind;

/* "cases", "clusters", "facilitators", "shared", "money", "timeline": the
 * file names. */
CG_API const char *cg_diagram_kind_to_string(cg_diagram_kind k);

#define CG_REPORT_MAX_NODES 20 /* a diagram that reads on a slide */

typedef struct cg_report_input {
	const char *title;     /* NULL: "Briefing: <cases>" */
	const char *date;      /* YYYY-MM-DD */
	const char *generator; /* "casegraph 0.1.0" */
	const cg_source_info *sources;
	size_t n_sources;
	const cg_summary *summary;
	const cg_clusters *clusters;
	const cg_brokers *brokers; /* every entity of the view (top 0), ranked */
	const cg_shared *shared;
	const cg_money *money;
	size_t top;       /* rows in each table (10) */
	size_t max_nodes; /* per diagram (CG_REPORT_MAX_NODES) */
	int redact;
} cg_report_input;

/* A diagram of the briefing, as the caller made it. */
typedef struct cg_report_diagram {
	cg_dot_stats stats;  /* from cg_report_diagram_write */
	int empty;           /* nothing to draw: no file written */
	int rendered;        /* an SVG <name>.svg exists beside the DOT */
	const char *why_not; /* why not rendered ("Graphviz is not installed"), or NULL */
} cg_report_diagram;

/* Writes the DOT of one diagram of the briefing to path (atomically), or
 * sets *empty and writes nothing when there is nothing to draw.
 * Errors: CG_EIO, CG_ENOMEM. */
CG_API int cg_report_diagram_write(const cg_graph *g, const cg_report_input *in, cg_diagram_kind k,
                                   const char *path, cg_report_diagram *d, cg_error *err);
/* Writes briefing.md: the key findings, the cases, the clusters, the
 * ranked facilitators, the shared infrastructure with citations, the money
 * flows, each section with its diagram (the SVG when rendered, else a link
 * to the DOT and why), and the sources appendix. diagrams has
 * CG_DIAGRAM_COUNT entries. Errors: CG_EIO, CG_ENOMEM. */
CG_API int cg_report_write(const cg_graph *g, const cg_report_input *in,
                           const cg_report_diagram *diagrams, FILE *f, cg_error *err);

/* Writes briefing.html (render/briefing_html.c): the findings of
 * briefing.md as one self-contained interactive page, each rendered
 * diagram's SVG (svg_dir/<kind>.svg, read back and checked to hold only
 * Graphviz's drawing elements) inlined with pan and zoom, a search box, a
 * side panel with an entity's or link's properties, cases and citations,
 * and toggles that hide a type or a case; the graph data the script needs
 * (the first 20,000 entities and the links between them) embedded as JSON.
 * Loads nothing from the network; every value escaped. diagrams has
 * CG_DIAGRAM_COUNT entries. Errors: CG_EIO, CG_ENOMEM. Cost: O(entities +
 * links + provenance records + the size of the SVGs). */
CG_API int cg_report_html_write(const cg_graph *g, const cg_report_input *in,
                                const cg_report_diagram *diagrams, const char *svg_dir, FILE *f,
                                cg_error *err);

/* ---- exports (render/export.c, render/export_json.c) ---- */

typedef enum cg_export_format {
	CG_EXPORT_GRAPHML,
	CG_EXPORT_GEXF,
	CG_EXPORT_CSV,      /* a directory: entities.csv, links.csv */
	CG_EXPORT_CSV_WIDE, /* the same, one column per property */
	CG_EXPORT_NEO4J,    /* a directory: nodes and relationships per type, scripts */
	CG_EXPORT_FTM,
	CG_EXPORT_STIX,
	CG_EXPORT_JSONL,
	CG_EXPORT_MISP, /* one MISP event (render/export_misp.c) */
	CG_EXPORT_FORMAT_COUNT
} cg_export_format;

CG_API const char *cg_export_format_to_string(cg_export_format f);
CG_API cg_export_format cg_export_format_from_string(const char *s);
/* Whether the format writes a directory of files rather than one file. */
CG_API int cg_export_format_is_dir(cg_export_format f);
/* The name of the i-th file a directory format writes into its directory
 * (i from 0), or NULL past the last and for a single-file format. */
CG_API const char *cg_export_format_file(cg_export_format f, size_t i);

/* Measures attached to the entities (all optional). */
typedef struct cg_export_opts {
	const double *betweenness; /* per entity, NaN when not measured */
	const size_t *cluster_of;  /* per entity, SIZE_MAX when none */
	const char *date;          /* STIX created/modified, YYYY-MM-DD (NULL: 1970-01-01) */
	const char *generator;
	/* What an export could not write as such (FollowTheMoney: entities
	 * without a schema, links as UnknownLink ...), one message a call;
	 * NULL: not said. */
	void (*note)(void *ctx, const char *msg);
	void *note_ctx;
} cg_export_opts;

#define CG_EXPORT_OPTS_INIT                                                                        \
	{                                                                                          \
		NULL, NULL, NULL, NULL, NULL, NULL                                                 \
	}

/* Writes g in format to a stream (the single-file formats only: graphml,
 * gexf, ftm, stix, jsonl). Errors: CG_EIO, CG_ENOMEM, CG_EINVAL. */
CG_API int cg_export_stream(const cg_graph *g, cg_export_format format, const cg_export_opts *o,
                            FILE *f, cg_error *err);
/* Writes g in format to path (a file, or a directory created when missing
 * for csv and neo4j); every file is written atomically. */
CG_API int cg_export_path(const cg_graph *g, cg_export_format format, const cg_export_opts *o,
                          const char *path, cg_error *err);

/* What the MISP export of g writes and what it cannot (entities with no
 * MISP type or template, links MISP cannot start from an attribute,
 * properties kept only in comments), as one line appended to sb.
 * Errors: CG_ENOMEM. */
CG_API int cg_export_misp_summary(const cg_graph *g, const cg_export_opts *o, cg_strbuf *sb,
                                  cg_error *err);

/* The deterministic UUID (version 5, RFC 4122, SHA-1) of name in namespace
 * ns (16 bytes), written "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx". */
CG_API void cg_uuid5(const unsigned char ns[16], const char *name, size_t n, char out[37]);

#endif
