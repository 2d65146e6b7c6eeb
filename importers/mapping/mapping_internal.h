/* The mapped-CSV importer (docs/MAPPING.md): the compiled mapping, the state
 * of a file being read, and the functions the files of importers/mapping/
 * share. Private to this folder.
 *
 * A JSON mapping file says how each row of one or more flat CSV files becomes
 * entities and the links between them. The work goes in four steps:
 *
 * 1. The mapping is compiled (compile.c, values.c, entities.c): every member
 *    checked (unknown members are errors, so that a typo never silently
 *    drops a column), templates and regular expressions compiled, types
 *    checked against the graph's own rules. cJSON gives no line numbers: the
 *    text is scanned once to record the line of every JSON value, in
 *    document order, which is also the order of a pre-order walk of the
 *    parsed tree.
 * 2. The header of every CSV file is read (rows.c), and every column the
 *    mapping names is looked up in every file it applies to (resolve.c). A
 *    wrong mapping thus fails with the mapping file's line before any row is
 *    read.
 * 3. Each file is read row by row by csv_reader (as csv_graph.c reads), for
 *    exact line numbers, bounded fields and recovery from bad quoting
 *    (rows.c). A row is evaluated in full (eval.c: every value, date, amount
 *    and type checked) before anything of it goes into the graph (rows.c),
 *    so that a bad value rejects the row without leaving half of it behind.
 * 4. Links that look an entity up by name (OFAC's "Linked To: NAME.") are
 *    resolved after the last row, when every name is known (resolve.c).
 *
 * Things that are skipped by design rather than rejected (an entity whose
 * required column is empty, a value extracted from free text that is not a
 * date) are counted and reported once per mapping entity, at the end, as
 * notes: diagnostics with code 0 on the mapping file's line (resolve.c).
 *
 * mapping.c holds the two entry points, the format's row import_fmt_mapping (import_internal.h) and
 * cg_import_mapping_apply (cg_mapping.h). The functions shared between the
 * files are prefixed map_; the one-line accessors are static inline here. */
#ifndef CG_MAPPING_INTERNAL_H
#define CG_MAPPING_INTERNAL_H

#include "cg_array.h"
#include "cg_graph.h"
#include "cg_hash.h"
#include "cg_import.h"
#include "cg_strbuf.h"
#include "csv_reader.h"
#include "import_internal.h"

#include <cJSON.h>
#include <regex.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MAPPING_BYTES (8u << 20)   /* a mapping is a small hand-written file */
#define MAX_GROUPS        10           /* {$0} .. {$9} */
#define MAX_MATCHES       10000        /* regular-expression matches taken from one cell */
#define NONE              ((size_t)-1) /* an absent arena offset */

/* Positions of a regular expression, its counted repetitions expanded:
 * regcomp copies a repeated part once per count, in time and memory that
 * grow with the square of the total (2,000: 0.08 s and 34 MB; 9,999: 6.5 s
 * and 1.3 GB). */
#define MAX_REGEX_SIZE 2000

/* Makes room for one more element in arr (n used, cap allocated, a
 * size_t): the capacity doubles from 16; rc becomes CG_ENOMEM when it
 * cannot (graph/cg_array.h). */
#define RESERVE(arr, n, cap, rc)                                                                   \
	do {                                                                                       \
		if (CG_ARRAY_GROW(arr, cap, (n) + 1, 16))                                          \
			(rc) = CG_ENOMEM;                                                          \
	} while (0)

/* ================= the compiled mapping ================= */

/* A template: literal text with {column}, {3} (column number) and {$1}
 * (regular-expression group) placeholders. */
enum { P_LIT, P_COL, P_GROUP };
typedef struct tpart {
	int kind;   /* P_LIT, P_COL or P_GROUP */
	char *lit;  /* P_LIT: the text */
	size_t len; /* P_LIT: its length */
	int ref;    /* P_COL: a column reference; P_GROUP: the group number */
} tpart;

typedef struct tmpl {
	tpart *p;   /* the parts, in order */
	size_t n;   /* how many */
	int places; /* placeholders */
	int groups; /* placeholders naming a group */
	int col;    /* the column reference when the template names exactly one column (cited
	               in messages), else -1 */
} tmpl;

/* A column named by the mapping, resolved in each input file. */
typedef struct colref {
	char *name;  /* as written, NULL for a number */
	long number; /* 1-based column number, 0 for a name */
	int *idx;    /* per input: field index; -1 not resolved */
} colref;

/* Where the mapping names a column: checked against every file in scope. */
enum { SC_ALL, SC_DECL, SC_ENT, SC_LINK };
typedef struct coluse {
	int ref;       /* the column: an index in mapping.refs */
	long line;     /* the mapping file's line that names it */
	int sk, si;    /* scope: SC_*, and the declared file, entity or link */
	char ctx[128]; /* "entity 'payee'", for the message */
} coluse;

/* A filter: a row passes when its column's value is (or is not) one of
 * some values, or matches (or does not match) a regular expression. */
enum { F_EQ, F_NE, F_RE, F_NRE };
typedef struct filter {
	int ref;      /* the column */
	int op;       /* F_* */
	int icase;    /* compare ignoring ASCII case */
	char **vals;  /* F_EQ, F_NE: any of these */
	size_t nvals; /* how many */
	int has_re;   /* re is compiled (and must be freed) */
	regex_t re;   /* F_RE, F_NRE */
} filter;

/* A count of things skipped, with the first occurrence. */
typedef struct tally {
	size_t n;         /* how many */
	const char *file; /* the first: an input's path (lives as long as the mapping) */
	long line;        /* the first: its row's line */
	char what[240];   /* the first: what was skipped, "" when the head says it all */
} tally;

/* A value: where its text comes from and how it is cut and converted. */
enum { V_TMPL, V_COLS };
typedef struct valspec {
	int src;           /* V_TMPL (template, column, constant) or V_COLS */
	tmpl t;            /* V_TMPL */
	int *cols;         /* V_COLS: column references, joined */
	size_t ncols;      /* V_COLS: how many */
	char *join;        /* V_COLS: the text put between two non-empty columns */
	char *split;       /* separator of several values in one cell, or NULL */
	int has_re;        /* one value per match of re */
	int group;         /* the group of each match that is the value */
	regex_t re;        /* has_re: the regular expression */
	char **from, **to; /* map: exact (ASCII case-insensitive) value replacements */
	size_t nmap;       /* entries of the map */
	int has_def;       /* def is given */
	tmpl def;          /* default: used when the value is empty or not in the map */
	char **fmts;       /* date formats, tried in order */
	size_t nfmts;      /* how many */
	int date;          /* a date property without a format: checked as the graph will */
	int extracted; /* taken from free text by a regex: bad values are left out and counted */
	long line;     /* the mapping file's line of the value, for the notes */
	char *what;    /* "property 'dob' of entity 'sdn'" */
	tally dropped; /* extracted values left out: not a date */
} valspec;

/* One value or several. */
typedef struct vlist {
	valspec *v; /* the values, in order */
	size_t n;   /* how many */
} vlist;

/* A property of an entity or a link. */
typedef struct pspec {
	char *name; /* property name, lower case */
	vlist v;    /* its values */
} pspec;

/* One entity or link per match of a regex in a column. */
typedef struct extract {
	int on;      /* given: the other members are set */
	int ref;     /* the column matched */
	size_t nsub; /* groups of re */
	regex_t re;  /* the regular expression */
} extract;

/* A link end. */
enum { R_ROW, R_ID, R_NAME };
enum { M_REJECT, M_SKIP, M_CREATE };
typedef struct endref {
	int kind;      /* R_ROW: an entity of the same row; R_ID: a local id; R_NAME: a name */
	int ent;       /* R_ROW: the entity */
	tmpl t;        /* R_ID: the local id; R_NAME: the name */
	int *among;    /* R_NAME: entities whose names are searched */
	size_t namong; /* R_NAME: how many */
	int missing;   /* M_*: what to do when R_ID or R_NAME finds nothing */
	char *ctype;   /* M_CREATE: the placeholder's type */
} endref;

/* An entity of the mapping: made from each row of the files it applies to
 * (or once per match of its extraction). */
typedef struct ent_spec {
	char *name;             /* its name in the mapping */
	long line;              /* the mapping file's line where it is defined */
	char *type;             /* a constant type, or NULL: type_v */
	valspec type_v;         /* a type taken from the row */
	unsigned char *applies; /* per declared file */
	int *keys;              /* key columns: the local id is name:v1|v2 */
	size_t nkeys;           /* how many */
	int has_id;             /* id is given */
	tmpl id;                /* or a template of the local id */
	int has_name;           /* name_v is given */
	valspec name_v;         /* the name; further values of a split name are aliases */
	vlist aliases, roles;   /* its aliases and roles */
	pspec *props;           /* its properties */
	size_t nprops;          /* how many */
	int *req;               /* required columns: the entity is not made when one is empty */
	size_t nreq;            /* how many */
	filter *flt;            /* the entity is made from the rows that pass these */
	size_t nflt;            /* how many */
	extract ex;             /* one entity per match, when on */
	/* normalised names -> entities, when a link looks names up among this one */
	int indexed;      /* some link looks names up among this entity */
	cg_strpool *ix;   /* the normalised names: their ids index the arrays below */
	cg_eid *ix_prim;  /* the first entity with that primary name */
	cg_eid *ix_alias; /* the first entity with that alias */
	uint32_t *ix_n;   /* distinct entities with that primary name */
	size_t ix_cap;    /* length of ix_prim, ix_alias and ix_n */
	tally skip_req;   /* rows where it was not made: a required column empty */
	tally skip_empty; /* rows where it was not made: no name or identifier */
} ent_spec;

/* A link of the mapping: made from each row between two ends. */
typedef struct link_spec {
	char *name;                   /* its name in the mapping */
	long line;                    /* the mapping file's line where it is defined */
	char *type;                   /* a constant type, or NULL: type_v */
	valspec type_v;               /* a type taken from the row */
	unsigned char *applies;       /* per declared file */
	endref end[2];                /* source, target */
	int directed;                 /* 1, 0, or -1 for the type's default */
	int has_amount, has_currency; /* amount, currency are given */
	valspec amount, currency;     /* the money it moves */
	pspec *props;                 /* its properties */
	size_t nprops;                /* how many */
	int *req;                     /* required columns: the link is not made when one is empty */
	size_t nreq;                  /* how many */
	filter *flt;                  /* the link is made from the rows that pass these */
	size_t nflt;                  /* how many */
	extract ex;                   /* one link per match, when on */
	int per_ent;      /* an end entity made once per match: one link per instance; else -1 */
	tally skip_req;   /* rows where it was not made: a required column empty */
	tally skip_end;   /* rows where it was not made: an end missing */
	tally missing_id; /* rows where it was not made: no entity has the id an end names */
	/* ends looked up by name after the last row: how many, and what came of them */
	size_t looked, found, ambiguous, not_found, created;
} link_spec;

/* A CSV file as the mapping declares it. */
typedef struct decl {
	char *path;     /* as written in the mapping */
	long line;      /* the mapping file's line that declares it */
	int header;     /* its first row names the columns */
	cg_csv_enc enc; /* its encoding */
	char delim;     /* its field delimiter */
	char **cols;    /* names of the columns of a file without a header */
	size_t ncols;   /* how many */
	filter *flt;    /* the file's own filters */
	size_t nflt;    /* how many */
	long flt_line;  /* the mapping file's line of those filters, for the note */
} decl;

/* A CSV file being read. */
typedef struct input {
	char *path;         /* as opened, and as cited in provenance and messages */
	int decl;           /* its declared file: an index in mapping.decls */
	char **names;       /* the header's names, or the declared ones; NULL: none */
	size_t nnames;      /* how many */
	size_t ncols;       /* fields per row; 0 until known */
	cg_import_stats st; /* its counts */
	import_file file;   /* its import context: path, default case, counts in st */
	size_t filtered;    /* rows left out by the filters */
} input;

/* A property of a pending link. */
typedef struct pprop {
	const char *name; /* the property's name (borrowed from its pspec) */
	size_t val;       /* offset in the pending arena */
} pprop;

/* A link waiting for the names of its ends to be resolved. */
typedef struct pend {
	int link;       /* the link: an index in mapping.links */
	int by_name[2]; /* per end: looked up by the name text[k] ... */
	cg_eid eid[2];  /* ... else this entity */
	size_t text[2]; /* per end looked up: the name's offset in the pending arena */
	size_t type, amount, currency, kase; /* offsets in the pending arena, NONE: absent */
	size_t p0, np;                       /* its properties: a range of mapping.pp */
	size_t input;                        /* the input: an index in mapping.ins ... */
	const char *file;                    /* ... its path (which the mapping owns) ... */
	long line;                           /* ... and the line of the row that made it */
	int directed;                        /* as link_spec.directed */
} pend;

/* The compiled mapping, and the state of one import through it. */
typedef struct mapping {
	cg_import *imp;   /* the import session (borrowed) */
	cg_error *err;    /* where the failure goes (borrowed) */
	const char *path; /* the mapping file, as given */
	char *dir;        /* the mapping's directory with a trailing '/', or "" */
	char *text;       /* the mapping file's bytes, NUL-terminated */
	cJSON *root;      /* the parsed mapping */
	cg_map64 lines;   /* cJSON node address -> line */
	/* compile context */
	char ctx[128]; /* what is being compiled ("entity 'payee'"), "" at the top */
	int sk, si;    /* the scope of the columns named now: SC_*, and which */
	int groups;    /* groups of the extraction being compiled, -1: none */
	/* file defaults */
	int header;            /* a first row that names the columns */
	cg_csv_enc enc;        /* the encoding */
	char delim;            /* the field delimiter */
	char **cols;           /* names of the columns of files without a header */
	size_t ncols;          /* how many */
	decl *decls;           /* the declared files */
	size_t ndecls;         /* how many */
	input *ins;            /* the files read: the declared ones, or those given */
	size_t nins;           /* how many */
	colref *refs;          /* every column named, once */
	size_t nrefs, caprefs; /* how many, and room for */
	coluse *uses;          /* every place a column is named */
	size_t nuses, capuses; /* how many, and room for */
	filter *flt;           /* the filters of every file */
	size_t nflt;           /* how many */
	long flt_line;         /* the mapping file's line of those filters, for the note */
	tally capped;          /* rows with a cell of more than MAX_MATCHES matches */
	int has_case;          /* kase is given */
	tmpl kase;             /* the case of each row */
	char **nulls;          /* cell values read as empty */
	size_t nnulls;         /* how many */
	ent_spec *ents;        /* the entities, in the mapping's order */
	size_t nents;          /* how many */
	link_spec *links;      /* the links, in the mapping's order */
	size_t nlinks;         /* how many */
	/* types already accepted by a scratch graph (the graph's own rules) */
	cg_graph *probe;      /* the scratch graph */
	cg_strpool *types_ok; /* "e:type" and "l:type", accepted */
	cg_eid probe_e;       /* its one entity: link types are tried from it to itself */
	/* links resolved after the last row */
	pend *pend;            /* the links */
	size_t npend, cappend; /* how many, and room for */
	cg_strbuf pa;          /* the pending arena: their texts, each NUL-terminated */
	pprop *pp;             /* their properties */
	size_t npp, cappp;     /* how many, and room for */
	cg_strbuf norm;        /* scratch: a normalised name */
	cg_strbuf tmp;         /* scratch: the key of a type in types_ok */
} mapping;

/* ================= a file being read ================= */

/* An entity of the row, evaluated. */
typedef struct einst {
	int spec;              /* its entity: an index in mapping.ents */
	size_t type, name, id; /* arena offsets (name: NONE when it has none) */
	size_t a0, na, r0, nr; /* aliases and roles: ranges of r->offs */
	size_t p0, np;         /* properties: a range of r->pp */
	cg_eid eid;            /* once added to the graph */
	int made_id;           /* id is <entity>:<file>:<line>, made for the row (CG_PF_MADE_ID) */
} einst;

/* An end of a link of the row, evaluated. */
enum { E_INST, E_EID, E_NAME, E_CREATE };
typedef struct lend {
	int kind;          /* E_*: an entity of the row, of the graph, a name looked up after
	                      the last row, or a placeholder to create */
	size_t inst;       /* E_INST */
	cg_eid eid;        /* E_EID */
	size_t text;       /* E_NAME, E_CREATE: arena offset of the name or id */
	const char *ctype; /* E_CREATE */
} lend;

/* A link of the row, evaluated. */
typedef struct linst {
	int spec;                      /* its link: an index in mapping.links */
	size_t type, amount, currency; /* arena offsets, NONE: absent */
	size_t p0, np;                 /* properties: a range of r->pp */
	lend end[2];                   /* source, target */
} linst;

/* A property of the row, evaluated. */
typedef struct rprop {
	const char *name; /* the property's name (borrowed from its pspec) */
	size_t val;       /* arena offset of the value */
} rprop;

/* The reading of one input: its record, and the row being evaluated. */
typedef struct run {
	mapping *m;      /* the mapping */
	input *in;       /* the input read */
	size_t ii;       /* its index in mapping.ins (and in colref.idx) */
	int rc;          /* a failure of the importer itself (m->err says it): stops the read */
	int done;        /* no more records wanted: the first one kept, or opts.max_rows */
	int peek;        /* read the first record only (the header, or the first row) */
	int header_done; /* the header row is passed over */
	/* the record (lent by csv_reader) */
	long rec_line; /* the line it started on (once done: the last record taken) */
	char **f;      /* its fields */
	size_t nf;     /* how many */
	/* peek: the first record, kept */
	cg_strbuf first;     /* its fields, each NUL-terminated, one after another */
	size_t first_nf;     /* how many */
	int first_bad;       /* its cg_csv_record.bad ... */
	char first_why[160]; /* ... and its why */
	size_t rows;         /* records counted against opts.max_rows */
	/* the row */
	const char **v;          /* its cells: in f, blanks trimmed, null values emptied */
	size_t vcap;             /* length of v */
	const char *kase;        /* its case */
	cg_strbuf casebuf;       /* the case rendered from the mapping's template */
	cg_strbuf arena;         /* its values, each NUL-terminated: offsets are into it */
	cg_strbuf t1, t2, t3;    /* scratch: text rendered or joined, a map's default, a date */
	size_t *offs;            /* arena offsets of the values evaluated */
	size_t noffs, capoffs;   /* how many, and room for */
	rprop *pp;               /* properties evaluated */
	size_t npp, cappp;       /* how many, and room for */
	einst *ei;               /* entities evaluated */
	size_t nei, capei;       /* how many, and room for */
	linst *li;               /* links evaluated */
	size_t nli, capli;       /* how many, and room for */
	size_t *efirst, *ecount; /* per entity of the mapping: its first in ei, and how many */
	const char **ptrs;       /* the aliases then the roles of the record being added */
	size_t capptrs;          /* length of ptrs */
	cg_prop *props;          /* the properties of the record being added */
	size_t capprops;         /* length of props */
	int bad;                 /* the row is rejected: rowerr says why */
	int capped;              /* a cell of the row had more than MAX_MATCHES matches */
	cg_error rowerr;         /* the first problem of the row */
	/* the match of the extraction in force */
	int xon;                   /* an extraction is in force */
	const char *xtext;         /* the text matched */
	regmatch_t xg[MAX_GROUPS]; /* the match's groups */
} run;

/* ================= accessors ================= */

static inline int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The part of path after its last '/'. */
static inline const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The line of a node of the mapping file, 0 when unknown (node NULL). */
static inline long jl(const mapping *m, const cJSON *node)
{
	uint32_t v;
	return node && cg_map64_get(&m->lines, (uint64_t)(uintptr_t)node, &v) ? (long)v : 0;
}

/* The member k of object o, or NULL. */
static inline const cJSON *mem(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* The value of a column reference in the current row ("" when absent). */
static inline const char *cell(const run *r, int ref)
{
	int i = r->m->refs[ref].idx[r->ii];
	return i >= 0 && (size_t)i < r->nf ? r->v[i] : "";
}

/* The 1-based column of a column reference in the current file, 0 when
 * unresolved. */
static inline int ref_column(const run *r, int ref)
{
	int i = r->m->refs[ref].idx[r->ii];
	return i >= 0 ? i + 1 : 0;
}

/* The text at an offset of the row's arena. */
static inline const char *ar(const run *r, size_t off)
{
	return r->arena.buf + off;
}

/* ================= compile.c: the mapping file ================= */

/* ASCII case-insensitive equality of two strings; of a[0..n) and b. */
int map_lower_eq(const char *a, const char *b);
int map_lower_eqn(const char *a, size_t n, const char *b);
/* Appends sep and name to a list of names in buf, "..." once full. */
void map_list_add(char *buf, size_t cap, size_t *len, const char *sep, const char *name);
/* Moves *s and *n past blanks at both ends. */
void map_trim_span(const char **s, size_t *n);
/* Frees v[0..n) and v; v may be NULL. */
void map_free_strs(char **v, size_t n);

/* Compile errors: each fills m->err and returns its code. "out of
 * memory"; a CG_EPARSE at the line of node at (its message prefixed with
 * m->ctx). */
int map_nomem(mapping *m);
int map_err(mapping *m, const cJSON *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Refuses members of obj outside allowed (and "comment") and members given
 * twice. */
int map_members(mapping *m, const cJSON *obj, const char *const *allowed);
/* A boolean, a string (borrowed), a string or an array of strings (copied). */
int map_get_bool(mapping *m, const cJSON *j, int *out);
int map_get_str(mapping *m, const cJSON *j, const char **out);
int map_get_strs(mapping *m, const cJSON *j, char ***out, size_t *n);

/* Columns: by name (name not NULL) or number, recorded once in m->refs, and
 * each use in m->uses with the scope being compiled; *out is the reference. */
int map_colref_get(mapping *m, const cJSON *at, const char *name, long number, int *out);
int map_col_parse(mapping *m, const cJSON *j, int *ref);
int map_cols_parse(mapping *m, const cJSON *j, int **out, size_t *n);

/* Whether the graph accepts t as an entity (link) type: 0, CG_EPARSE with
 * its reason in *why, or CG_ENOMEM; map_type_check_at says it as a compile
 * error at node at. */
int map_type_check(mapping *m, const char *t, int link, cg_error *why);
int map_type_check_at(mapping *m, const cJSON *at, const char *t, int link);

/* Reads, parses and compiles the mapping file at path into m (zeroed, with
 * imp and err set). map_free frees what m holds, however far map_load got. */
int map_load(mapping *m, const char *path);
void map_free(mapping *m);

/* ================= values.c: templates, values, filters ================= */

/* A template ("{name} {3} {$1}", "{{" and "}}" for braces) or a literal. */
int map_tmpl_parse(mapping *m, const cJSON *at, const char *s, tmpl *t);
int map_tmpl_literal(mapping *m, const char *s, tmpl *t);
void map_tmpl_free(tmpl *t);
/* A value (a template string, a column number, or an object), or one value
 * or an array of them; what names it in messages. */
int map_vs_parse(mapping *m, const cJSON *j, valspec *vs, const char *what);
int map_vl_parse(mapping *m, const cJSON *j, vlist *l, const char *what);
void map_vs_free(valspec *vs);
void map_vl_free(vlist *l);
/* An array of filters, or one filter object. */
int map_flt_parse(mapping *m, const cJSON *j, filter **out, size_t *n);
void map_flt_free(filter *f, size_t n);
/* An extraction; sets m->groups to its groups for the templates that follow. */
int map_ex_parse(mapping *m, const cJSON *j, extract *ex);

/* ================= entities.c: entities and links ================= */

/* Entity idx (link idx) of the mapping, from its object j. Every entity is
 * named before any is compiled, and every entity compiled before a link. */
int map_ent_parse(mapping *m, size_t idx, const cJSON *j);
int map_link_parse(mapping *m, size_t idx, const cJSON *j);

/* ================= eval.c: a row evaluated ================= */

/* Counts a thing skipped in the current row, keeping the first's place. */
void map_tally_add(tally *t, const run *r, const char *what);
/* 1 when the current row passes every filter of f[0..n). */
int map_flt_pass(run *r, const filter *f, size_t n);
/* Renders a template for the current row into out (trimmed); *any: a
 * placeholder had text. 0 or CG_ENOMEM. */
int map_render(run *r, const tmpl *t, cg_strbuf *out, int *any);
/* Evaluates every entity and link of the current row into r->ei and r->li,
 * or sets r->bad. 0, or CG_ENOMEM. */
int map_eval_row(run *r);

/* ================= rows.c: reading the CSV files ================= */

/* Reads input ii: its first record only (peek: the header's names, or the
 * number of fields of the first row), or every row into the graph. */
int map_read_input(mapping *m, size_t ii, int peek);

/* ================= resolve.c: columns, names, notes ================= */

/* Finds every column the mapping names in every file in its scope. */
int map_resolve_columns(mapping *m);
/* Makes the links whose ends are looked up by name, after the last row. */
int map_resolve_pending(mapping *m);
/* Reports what was skipped by design, as notes. */
void map_notices(mapping *m);

#endif
