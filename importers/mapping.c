/* The mapped-CSV importer (docs/MAPPING.md).
 *
 * A JSON mapping file says how each row of one or more flat CSV files becomes
 * entities and the links between them. The work goes in four steps:
 *
 * 1. The mapping is compiled: every member checked (unknown members are
 *    errors, so that a typo never silently drops a column), templates and
 *    regular expressions compiled, types checked against the graph's own
 *    rules. cJSON gives no line numbers: the text is scanned once to record
 *    the line of every JSON value, in document order, which is also the
 *    order of a pre-order walk of the parsed tree.
 * 2. The header of every CSV file is read, and every column the mapping
 *    names is looked up in every file it applies to. A wrong mapping thus
 *    fails with the mapping file's line before any row is read.
 * 3. Each file is read row by row by csv_reader (as csv_graph.c reads), for
 *    exact line numbers, bounded fields and recovery from bad quoting. A row
 *    is evaluated in full (every value, date, amount and type checked) before
 *    anything of it goes into the graph, so that a bad value rejects the row
 *    without leaving half of it behind.
 * 4. Links that look an entity up by name (OFAC's "Linked To: NAME.") are
 *    resolved after the last row, when every name is known.
 *
 * Things that are skipped by design rather than rejected (an entity whose
 * required column is empty, a value extracted from free text that is not a
 * date) are counted and reported once per mapping entity, at the end, as
 * notes: diagnostics with code 0 on the mapping file's line. */
#include "cg_import.h"

#include "cg_mapping.h"
#include "cg_normalize.h"
#include "cg_parse.h"
#include "csv_reader.h"
#include "import_internal.h"
#include "json_util.h"

#include <cJSON.h>
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MAPPING_BYTES (8u << 20)   /* a mapping is a small hand-written file */
#define MAX_GROUPS        10           /* {$0} .. {$9} */
#define MAX_MATCHES       10000        /* regular-expression matches taken from one cell */
#define NONE              ((size_t)-1) /* an absent arena offset */

#define RESERVE(arr, n, cap, rc)                                                                   \
	do {                                                                                       \
		if ((n) >= (cap)) {                                                                \
			size_t nc_ = (cap) ? (cap)*2 : 16;                                         \
			void *np_ = realloc((arr), nc_ * sizeof *(arr));                           \
			if (!np_)                                                                  \
				(rc) = CG_ENOMEM;                                                  \
			else {                                                                     \
				(arr) = np_;                                                       \
				(cap) = nc_;                                                       \
			}                                                                          \
		}                                                                                  \
	} while (0)

/* ================= the compiled mapping ================= */

/* A template: literal text with {column}, {3} (column number) and {$1}
 * (regular-expression group) placeholders. */
enum { P_LIT, P_COL, P_GROUP };
typedef struct tpart {
	int kind;
	char *lit;  /* P_LIT: the text */
	size_t len; /* P_LIT: its length */
	int ref;    /* P_COL: a column reference; P_GROUP: the group number */
} tpart;

typedef struct tmpl {
	tpart *p;
	size_t n;
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
	int ref;
	long line;
	int sk, si;    /* scope: SC_*, and the declared file, entity or link */
	char ctx[128]; /* "entity 'payee'", for the message */
} coluse;

enum { F_EQ, F_NE, F_RE, F_NRE };
typedef struct filter {
	int ref;     /* the column */
	int op;      /* F_* */
	int icase;   /* compare ignoring ASCII case */
	char **vals; /* F_EQ, F_NE: any of these */
	size_t nvals;
	int has_re;
	regex_t re; /* F_RE, F_NRE */
} filter;

/* A count of things skipped, with the first occurrence. */
typedef struct tally {
	size_t n;
	const char *file; /* an input's path (lives as long as the mapping) */
	long line;
	char what[240];
} tally;

/* A value: where its text comes from and how it is cut and converted. */
enum { V_TMPL, V_COLS };
typedef struct valspec {
	int src;   /* V_TMPL (template, column, constant) or V_COLS */
	tmpl t;    /* V_TMPL */
	int *cols; /* V_COLS: column references, joined */
	size_t ncols;
	char *join;
	char *split; /* separator of several values in one cell, or NULL */
	int has_re;  /* one value per match of re */
	int group;   /* the group of each match that is the value */
	regex_t re;
	char **from, **to; /* map: exact (ASCII case-insensitive) value replacements */
	size_t nmap;
	int has_def;
	tmpl def;    /* default: used when the value is empty or not in the map */
	char **fmts; /* date formats, tried in order */
	size_t nfmts;
	int date;      /* a date property without a format: checked as the graph will */
	int extracted; /* taken from free text by a regex: bad values are left out and counted */
	long line;
	char *what; /* "property 'dob' of entity 'sdn'" */
	tally dropped;
} valspec;

typedef struct vlist {
	valspec *v;
	size_t n;
} vlist;

typedef struct pspec {
	char *name; /* property name, lower case */
	vlist v;
} pspec;

/* One entity or link per match of a regex in a column. */
typedef struct extract {
	int on;
	int ref;
	size_t nsub;
	regex_t re;
} extract;

/* A link end. */
enum { R_ROW, R_ID, R_NAME };
enum { M_REJECT, M_SKIP, M_CREATE };
typedef struct endref {
	int kind;   /* R_ROW: an entity of the same row; R_ID: a local id; R_NAME: a name */
	int ent;    /* R_ROW: the entity */
	tmpl t;     /* R_ID: the local id; R_NAME: the name */
	int *among; /* R_NAME: entities whose names are searched */
	size_t namong;
	int missing; /* M_*: what to do when R_ID or R_NAME finds nothing */
	char *ctype; /* M_CREATE: the placeholder's type */
} endref;

typedef struct ent_spec {
	char *name;
	long line;
	char *type; /* a constant type, or NULL: type_v */
	valspec type_v;
	unsigned char *applies; /* per declared file */
	int *keys;              /* key columns: the local id is name:v1|v2 */
	size_t nkeys;
	int has_id;
	tmpl id; /* or a template of the local id */
	int has_name;
	valspec name_v;
	vlist aliases, roles;
	pspec *props;
	size_t nprops;
	int *req;
	size_t nreq;
	filter *flt;
	size_t nflt;
	extract ex;
	/* normalised names -> entities, when a link looks names up among this one */
	int indexed;
	cg_strpool *ix;
	cg_eid *ix_prim, *ix_alias;
	uint32_t *ix_n; /* distinct entities with that primary name */
	size_t ix_cap;
	tally skip_req, skip_empty;
} ent_spec;

typedef struct link_spec {
	char *name;
	long line;
	char *type;
	valspec type_v;
	unsigned char *applies;
	endref end[2]; /* source, target */
	int directed;  /* 1, 0, or -1 for the type's default */
	int has_amount, has_currency;
	valspec amount, currency;
	pspec *props;
	size_t nprops;
	int *req;
	size_t nreq;
	filter *flt;
	size_t nflt;
	extract ex;
	int per_ent; /* an end entity made once per match: one link per instance; else -1 */
	tally skip_req, skip_end, missing_id;
	size_t looked, found, ambiguous, not_found, created;
} link_spec;

/* A CSV file as the mapping declares it. */
typedef struct decl {
	char *path; /* as written in the mapping */
	long line;
	int header;
	cg_csv_enc enc;
	char delim;
	char **cols; /* names of the columns of a file without a header */
	size_t ncols;
	filter *flt;
	size_t nflt;
	long flt_line;
} decl;

/* A CSV file being read. */
typedef struct input {
	char *path; /* as opened, and as cited in provenance and messages */
	int decl;
	char **names; /* the header's names, or the declared ones; NULL: none */
	size_t nnames;
	size_t ncols; /* fields per row; 0 until known */
	cg_import_stats st;
	size_t filtered; /* rows left out by the filters */
} input;

/* A link waiting for the names of its ends to be resolved. */
typedef struct pprop {
	const char *name;
	size_t val; /* offset in the pending arena */
} pprop;

typedef struct pend {
	int link;
	int by_name[2];
	cg_eid eid[2];
	size_t text[2];
	size_t type, amount, currency, kase; /* offsets in the pending arena, NONE: absent */
	size_t p0, np;
	const char *file;
	long line;
	int directed;
} pend;

typedef struct mapping {
	cg_import *imp;
	cg_error *err;
	const char *path;
	char *dir; /* the mapping's directory with a trailing '/', or "" */
	char *text;
	cJSON *root;
	cg_map64 lines; /* cJSON node address -> line */
	/* compile context */
	char ctx[128];
	int sk, si;
	int groups; /* groups of the extraction being compiled, -1: none */
	/* file defaults */
	int header;
	cg_csv_enc enc;
	char delim;
	char **cols;
	size_t ncols;
	decl *decls;
	size_t ndecls;
	input *ins;
	size_t nins;
	colref *refs;
	size_t nrefs, caprefs;
	coluse *uses;
	size_t nuses, capuses;
	filter *flt;
	size_t nflt;
	long flt_line;
	tally capped; /* rows with a cell of more than MAX_MATCHES matches */
	int has_case;
	tmpl kase;
	char **nulls;
	size_t nnulls;
	ent_spec *ents;
	size_t nents;
	link_spec *links;
	size_t nlinks;
	/* types already accepted by a scratch graph (the graph's own rules) */
	cg_graph *probe;
	cg_strpool *types_ok;
	cg_eid probe_e;
	/* links resolved after the last row */
	pend *pend;
	size_t npend, cappend;
	cg_strbuf pa;
	pprop *pp;
	size_t npp, cappp;
	cg_strbuf norm, tmp;
} mapping;

/* ================= small helpers ================= */

static int lower_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (char)(y + 32);
		if (x != y)
			return 0;
	}
	return *a == *b;
}

static int lower_eqn(const char *a, size_t n, const char *b)
{
	size_t i;
	for (i = 0; i < n && b[i]; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (char)(y + 32);
		if (x != y)
			return 0;
	}
	return i == n && !b[i];
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Appends sep and name to the list in buf (of size cap >= 4; *len bytes
 * used, NUL-terminated), for a message that lists names: once the buffer is
 * full the list ends with "..." and further names are dropped. Offsets never
 * pass the buffer, however long the names. */
static void list_add(char *buf, size_t cap, size_t *len, const char *sep, const char *name)
{
	int k;

	if (*len + 1 >= cap)
		return;
	k = snprintf(buf + *len, cap - *len, "%s%s", sep, name);
	if (k >= 0 && (size_t)k < cap - *len) {
		*len += (size_t)k;
		return;
	}
	memcpy(buf + cap - 4, "...", 4);
	*len = cap - 1;
}

static void trim_span(const char **s, size_t *n)
{
	while (*n && blank(**s))
		(*s)++, (*n)--;
	while (*n && blank((*s)[*n - 1]))
		(*n)--;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* ================= JSON: lines of values ================= */

typedef struct linetab {
	long *v;
	size_t n, cap;
} linetab;

/* Records the line of every JSON value in document order; an object
 * member's value gets its key's line. The text parsed, so it is valid JSON
 * (free of NUL bytes: load refuses them); each step advances, whatever the
 * bytes. */
static int scan_lines(const char *s, size_t n, linetab *t)
{
	long line = 1, key_line = 0;
	size_t i = 0;
	int rc = 0;

	while (i < n && !rc) {
		char c = s[i];
		if (c == '\n') {
			line++;
			i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == ',' || c == ':' || c == '}' ||
		    c == ']') {
			i++;
			continue;
		}
		long start = line;
		if (c == '"') {
			for (i++; i < n && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				else if (s[i] == '\n')
					line++;
			}
			i++;
			size_t j = i;
			while (j < n && blank(s[j]))
				j++;
			if (j < n && s[j] == ':') {
				key_line = start;
				continue;
			}
		} else if (c == '{' || c == '[') {
			i++;
		} else {
			/* a number, true, false or null; at least one byte, so that a
			 * byte strchr finds as its terminator cannot stall the scan */
			do
				i++;
			while (i < n && s[i] && !strchr(",}] \t\r\n", s[i]));
		}
		RESERVE(t->v, t->n, t->cap, rc);
		if (!rc)
			t->v[t->n++] = key_line ? key_line : start;
		key_line = 0;
	}
	return rc;
}

static int assign_lines(mapping *m, const cJSON *node, const linetab *t, size_t *k)
{
	long line = *k < t->n ? t->v[*k] : 0;
	int rc;

	(*k)++;
	if ((rc = cg_map64_put(&m->lines, (uint64_t)(uintptr_t)node, (uint32_t)line)))
		return rc;
	for (const cJSON *c = node->child; c && (cJSON_IsObject(node) || cJSON_IsArray(node));
	     c = c->next)
		if ((rc = assign_lines(m, c, t, k)))
			return rc;
	return 0;
}

static long jl(const mapping *m, const cJSON *node)
{
	uint32_t v;
	return node && cg_map64_get(&m->lines, (uint64_t)(uintptr_t)node, &v) ? (long)v : 0;
}

/* ================= compile errors ================= */

static int nomem(mapping *m)
{
	return cg_error_set(m->err, CG_ENOMEM, m->path, 0, 0, "out of memory");
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
merr(mapping *m, const cJSON *at, const char *fmt, ...)
{
	char msg[CG_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (m->ctx[0])
		return cg_error_set(m->err, CG_EPARSE, m->path, jl(m, at), 0, "%s: %s", m->ctx,
		                    msg);
	return cg_error_set(m->err, CG_EPARSE, m->path, jl(m, at), 0, "%s", msg);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
notice(mapping *m, long line, const char *fmt, ...)
{
	char msg[CG_ERROR_MSG_MAX];
	cg_error d;
	va_list ap;

	if (!m->imp->opts.diag)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cg_error_set(&d, CG_OK, m->path, line, 0, "%s", msg);
	m->imp->opts.diag(m->imp->opts.diag_ctx, &d);
}

static const cJSON *mem(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* Refuses members outside allowed (and "comment", always allowed) and
 * members given twice. */
static int members(mapping *m, const cJSON *obj, const char *const *allowed)
{
	for (const cJSON *c = obj->child; c; c = c->next) {
		int ok = strcmp(c->string, "comment") == 0;
		for (size_t i = 0; allowed[i] && !ok; i++)
			ok = strcmp(c->string, allowed[i]) == 0;
		if (!ok) {
			char list[300];
			size_t len = 0;
			list[0] = '\0';
			for (size_t i = 0; allowed[i]; i++)
				list_add(list, sizeof list, &len, i ? ", " : "", allowed[i]);
			return merr(m, c, "unknown member '%.60s' (expected: %s)", c->string, list);
		}
		for (const cJSON *d = obj->child; d != c; d = d->next)
			if (strcmp(d->string, c->string) == 0)
				return merr(m, c, "member '%s' is given twice", c->string);
	}
	return 0;
}

static int get_bool(mapping *m, const cJSON *j, int *out)
{
	if (!cJSON_IsBool(j))
		return merr(m, j, "'%s' must be true or false", j->string ? j->string : "value");
	*out = cJSON_IsTrue(j) != 0;
	return 0;
}

static int get_str(mapping *m, const cJSON *j, const char **out)
{
	if (!cJSON_IsString(j))
		return merr(m, j, "'%s' must be a string", j->string ? j->string : "value");
	*out = j->valuestring;
	return 0;
}

/* A string or an array of strings, copied. */
static int get_strs(mapping *m, const cJSON *j, char ***out, size_t *n)
{
	size_t k = 0, cnt = cJSON_IsArray(j) ? (size_t)cJSON_GetArraySize(j) : 1;

	if (!cJSON_IsArray(j) && !cJSON_IsString(j))
		return merr(m, j, "'%s' must be a string or an array of strings",
		            j->string ? j->string : "value");
	if (!(*out = calloc(cnt ? cnt : 1, sizeof **out)))
		return nomem(m);
	*n = 0;
	for (const cJSON *c = cJSON_IsArray(j) ? j->child : j; c;
	     c = cJSON_IsArray(j) ? c->next : NULL) {
		if (!cJSON_IsString(c))
			return merr(m, c, "'%s' must be a string or an array of strings",
			            j->string ? j->string : "value");
		if (!((*out)[k++] = strdup(c->valuestring)))
			return nomem(m);
		*n = k;
	}
	return 0;
}

/* ================= columns ================= */

static int colref_get(mapping *m, const cJSON *at, const char *name, long number, int *out)
{
	int rc = 0;
	size_t i;

	for (i = 0; i < m->nrefs; i++)
		if (name ? (m->refs[i].name && lower_eq(m->refs[i].name, name))
		         : (!m->refs[i].name && m->refs[i].number == number))
			break;
	if (i == m->nrefs) {
		RESERVE(m->refs, m->nrefs, m->caprefs, rc);
		if (rc)
			return nomem(m);
		memset(&m->refs[i], 0, sizeof m->refs[i]);
		m->nrefs++;
		m->refs[i].number = number;
		if (name && !(m->refs[i].name = strdup(name)))
			return nomem(m);
	}
	RESERVE(m->uses, m->nuses, m->capuses, rc);
	if (rc)
		return nomem(m);
	coluse *u = &m->uses[m->nuses++];
	u->ref = (int)i;
	u->line = jl(m, at);
	u->sk = m->sk;
	u->si = m->si;
	snprintf(u->ctx, sizeof u->ctx, "%s", m->ctx);
	*out = (int)i;
	return 0;
}

/* A column: a name (string) or a 1-based number. */
static int col_parse(mapping *m, const cJSON *j, int *ref)
{
	if (cJSON_IsString(j) && j->valuestring[0])
		return colref_get(m, j, j->valuestring, 0, ref);
	if (cJSON_IsNumber(j) && j->valuedouble >= 1 && j->valuedouble <= 1e6 &&
	    j->valuedouble == (double)(long)j->valuedouble)
		return colref_get(m, j, NULL, (long)j->valuedouble, ref);
	return merr(m, j, "a column is a name (a string) or a number counted from 1");
}

static int cols_parse(mapping *m, const cJSON *j, int **out, size_t *n)
{
	size_t cnt = cJSON_IsArray(j) ? (size_t)cJSON_GetArraySize(j) : 1;
	int rc;

	if (!(*out = calloc(cnt ? cnt : 1, sizeof **out)))
		return nomem(m);
	*n = 0;
	for (const cJSON *c = cJSON_IsArray(j) ? j->child : j; c;
	     c = cJSON_IsArray(j) ? c->next : NULL)
		if ((rc = col_parse(m, c, &(*out)[(*n)++])))
			return rc;
	return 0;
}

/* ================= templates ================= */

static int tmpl_push(mapping *m, tmpl *t, int kind, const char *lit, size_t len, int ref)
{
	tpart *np = realloc(t->p, (t->n + 1) * sizeof *np);
	if (!np)
		return nomem(m);
	t->p = np;
	memset(&t->p[t->n], 0, sizeof t->p[t->n]);
	t->p[t->n].kind = kind;
	t->p[t->n].ref = ref;
	if (kind == P_LIT) {
		if (!(t->p[t->n].lit = malloc(len + 1))) {
			return nomem(m);
		}
		memcpy(t->p[t->n].lit, lit, len);
		t->p[t->n].lit[len] = '\0';
		t->p[t->n].len = len;
	}
	t->n++;
	if (kind != P_LIT)
		t->places++;
	if (kind == P_GROUP)
		t->groups++;
	return 0;
}

static void tmpl_free(tmpl *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->p[i].lit);
	free(t->p);
	memset(t, 0, sizeof *t);
	t->col = -1;
}

static int tmpl_literal(mapping *m, const char *s, tmpl *t)
{
	memset(t, 0, sizeof *t);
	t->col = -1;
	return tmpl_push(m, t, P_LIT, s, strlen(s), 0);
}

/* Parses s: literal text, "{name}", "{3}", "{$1}"; "{{" and "}}" for braces. */
static int tmpl_parse(mapping *m, const cJSON *at, const char *s, tmpl *t)
{
	cg_strbuf lit = CG_STRBUF_INIT;
	int rc = 0;

	memset(t, 0, sizeof *t);
	t->col = -1;
	for (const char *p = s; *p && !rc;) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			rc = cg_strbuf_putc(&lit, p[0]) ? nomem(m) : 0;
			p += 2;
			continue;
		}
		if (*p == '}') {
			rc = merr(m, at, "a lone '}' in template '%.80s' (write '}}' for a brace)",
			          s);
			break;
		}
		if (*p != '{') {
			rc = cg_strbuf_putc(&lit, *p) ? nomem(m) : 0;
			p++;
			continue;
		}
		const char *end = strchr(p + 1, '}');
		if (!end) {
			rc = merr(m, at, "unterminated '{' in template '%.80s'", s);
			break;
		}
		if (lit.len && (rc = tmpl_push(m, t, P_LIT, lit.buf, lit.len, 0)))
			break;
		cg_strbuf_reset(&lit);
		const char *name = p + 1;
		size_t n = (size_t)(end - name);
		trim_span(&name, &n);
		char buf[256];
		if (n == 0 || n >= sizeof buf) {
			rc = merr(m, at, "%s placeholder in template '%.80s'",
			          n ? "an over-long" : "an empty", s);
			break;
		}
		memcpy(buf, name, n);
		buf[n] = '\0';
		long num;
		if (buf[0] == '$') {
			if (cg_parse_long(buf + 1, n - 1, 0, MAX_GROUPS - 1, &num, NULL)) {
				rc = merr(m, at,
				          "'{%s}' in template '%.80s': groups are {$0} to {$9}",
				          buf, s);
			} else if (m->groups < 0) {
				rc = merr(m, at,
				          "'{%s}' in template '%.80s' outside an extraction "
				          "(groups exist only "
				          "in an entity or link with \"extract\")",
				          buf, s);
			} else if (num > m->groups) {
				rc =
				    merr(m, at,
				         "'{%s}' in template '%.80s', but the extraction's regular "
				         "expression has %d group%s",
				         buf, s, m->groups, m->groups == 1 ? "" : "s");
			} else {
				rc = tmpl_push(m, t, P_GROUP, NULL, 0, (int)num);
			}
		} else {
			int ref;
			int digits = strspn(buf, "0123456789") == n;
			if (digits && (cg_parse_long(buf, n, 1, 1000000, &num, NULL) != 0))
				rc = merr(m, at,
				          "column '{%s}' in template '%.80s': columns count from 1",
				          buf, s);
			else if (!(rc = colref_get(m, at, digits ? NULL : buf, digits ? num : 0,
			                           &ref)))
				rc = tmpl_push(m, t, P_COL, NULL, 0, ref);
		}
		p = end + 1;
	}
	if (!rc && lit.len)
		rc = tmpl_push(m, t, P_LIT, lit.buf, lit.len, 0);
	cg_strbuf_free(&lit);
	for (size_t i = 0; !rc && i < t->n; i++)
		if (t->p[i].kind == P_COL)
			t->col = t->col == -1 ? t->p[i].ref : -2;
	if (t->col == -2)
		t->col = -1;
	return rc;
}

/* ================= types: the graph's own rules ================= */

/* 0 when the graph accepts t as an entity (link) type, CG_EPARSE with the
 * graph's reason in *why, or CG_ENOMEM. Each type is tried once, on a
 * scratch graph, so that the mapping and the graph can never disagree. */
static int type_check(mapping *m, const char *t, int link, cg_error *why)
{
	cg_prov prov = {"mapping", 1, "probe", NULL, NULL, 0};
	uint32_t id;
	int rc;

	cg_strbuf_reset(&m->tmp);
	if (cg_strbuf_printf(&m->tmp, "%c:%s", link ? 'l' : 'e', t))
		return CG_ENOMEM;
	if (cg_strpool_find(m->types_ok, m->tmp.buf, m->tmp.len))
		return 0;
	cg_error_clear(why);
	if (link) {
		cg_link_rec lr = CG_LINK_REC_INIT;
		cg_add_result how;
		cg_lid l;
		lr.type = t;
		lr.source = lr.target = m->probe_e;
		lr.prov = &prov;
		lr.n_prov = 1;
		rc = cg_graph_add_link(m->probe, &lr, &l, &how, why);
	} else {
		cg_entity_rec er = CG_ENTITY_REC_INIT;
		cg_add_result how;
		cg_eid e;
		er.type = t;
		er.name = "probe";
		er.prov = &prov;
		er.n_prov = 1;
		rc = cg_graph_add_entity(m->probe, &er, &e, &how, why);
	}
	if (rc)
		return rc == CG_ENOMEM ? CG_ENOMEM : CG_EPARSE;
	return cg_strpool_intern(m->types_ok, m->tmp.buf, m->tmp.len, &id);
}

static int type_check_at(mapping *m, const cJSON *at, const char *t, int link)
{
	cg_error why;
	int rc = type_check(m, t, link, &why);
	if (rc == CG_ENOMEM)
		return nomem(m);
	if (rc)
		return merr(m, at, "%s", why.message);
	return 0;
}

/* ================= date properties ================= */

/* Property names whose values the graph checks as dates (docs/MODEL.md),
 * after its synonyms are folded. */
static int date_prop(const char *name)
{
	static const char *const names[] = {
	    "dob",           "date",          "start_date", "end_date",  "incorporation_date",
	    "date_of_death", "date_of_birth", "birth_date", "birthdate", "born"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* ================= values ================= */

static void vs_free(valspec *vs)
{
	tmpl_free(&vs->t);
	free(vs->cols);
	free(vs->join);
	free(vs->split);
	if (vs->has_re)
		regfree(&vs->re);
	free_strs(vs->from, vs->nmap);
	free_strs(vs->to, vs->nmap);
	tmpl_free(&vs->def);
	free_strs(vs->fmts, vs->nfmts);
	free(vs->what);
	memset(vs, 0, sizeof *vs);
}

static void vl_free(vlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		vs_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int re_compile(mapping *m, const cJSON *at, regex_t *re, const char *pattern, int icase)
{
	int rc = regcomp(re, pattern, REG_EXTENDED | (icase ? REG_ICASE : 0));
	if (rc) {
		char why[200];
		regerror(rc, re, why, sizeof why);
		return merr(m, at, "bad regular expression '%.80s': %s", pattern, why);
	}
	return 0;
}

static const char *const vs_members[] = {"column",  "columns", "join",  "template",    "value",
                                         "split",   "regex",   "group", "ignore_case", "map",
                                         "default", "format",  NULL};

/* Compiles a value: a template string, a column number, or an object. */
static int vs_parse(mapping *m, const cJSON *j, valspec *vs, const char *what)
{
	const cJSON *x;
	int rc = 0, icase = 0, nsrc = 0;

	memset(vs, 0, sizeof *vs);
	vs->t.col = vs->def.col = -1;
	vs->line = jl(m, j);
	if (!(vs->what = strdup(what)))
		return nomem(m);
	if (cJSON_IsString(j)) {
		rc = tmpl_parse(m, j, j->valuestring, &vs->t);
		vs->extracted = vs->t.groups > 0;
		return rc;
	}
	if (cJSON_IsNumber(j)) {
		int ref;
		if ((rc = col_parse(m, j, &ref)))
			return rc;
		return tmpl_push(m, &vs->t, P_COL, NULL, 0, ref) ? CG_ENOMEM : (vs->t.col = ref, 0);
	}
	if (!cJSON_IsObject(j))
		return merr(m, j, "%s: a value is a template string, a column number or an object",
		            what);
	if ((rc = members(m, j, vs_members)))
		return rc;
	nsrc = (mem(j, "column") != NULL) + (mem(j, "columns") != NULL) +
	       (mem(j, "template") != NULL) + (mem(j, "value") != NULL);
	if (nsrc != 1)
		return merr(m, j, "%s: give exactly one of column, columns, template or value",
		            what);
	if ((x = mem(j, "ignore_case")) && (rc = get_bool(m, x, &icase)))
		return rc;
	if ((x = mem(j, "column"))) {
		int ref;
		if ((rc = col_parse(m, x, &ref)) ||
		    (rc = tmpl_push(m, &vs->t, P_COL, NULL, 0, ref)))
			return rc;
		vs->t.col = ref;
	} else if ((x = mem(j, "columns"))) {
		const char *jn = " ";
		vs->src = V_COLS;
		if (!cJSON_IsArray(x) || cJSON_GetArraySize(x) < 1)
			return merr(m, x, "%s: 'columns' must be an array of columns", what);
		if ((rc = cols_parse(m, x, &vs->cols, &vs->ncols)))
			return rc;
		if ((x = mem(j, "join")) && (rc = get_str(m, x, &jn)))
			return rc;
		if (!(vs->join = strdup(jn)))
			return nomem(m);
	} else if ((x = mem(j, "template"))) {
		const char *s = NULL;
		if ((rc = get_str(m, x, &s)) || (rc = tmpl_parse(m, x, s, &vs->t)))
			return rc;
	} else {
		const char *s = NULL;
		x = mem(j, "value");
		if ((rc = get_str(m, x, &s)) || (rc = tmpl_literal(m, s, &vs->t)))
			return rc;
	}
	if (mem(j, "join") && vs->src != V_COLS)
		return merr(m, mem(j, "join"), "%s: 'join' goes with 'columns'", what);
	if ((x = mem(j, "split"))) {
		const char *s = NULL;
		if ((rc = get_str(m, x, &s)))
			return rc;
		if (!*s)
			return merr(m, x, "%s: 'split' needs a separator", what);
		if (!(vs->split = strdup(s)))
			return nomem(m);
	}
	if ((x = mem(j, "regex"))) {
		const char *s = NULL;
		if ((rc = get_str(m, x, &s)) || (rc = re_compile(m, x, &vs->re, s, icase)))
			return rc;
		vs->has_re = 1;
		vs->group = vs->re.re_nsub ? 1 : 0;
		if ((x = mem(j, "group"))) {
			if (!cJSON_IsNumber(x) || x->valuedouble < 0 ||
			    x->valuedouble > (double)vs->re.re_nsub ||
			    x->valuedouble >= MAX_GROUPS ||
			    x->valuedouble != (double)(int)x->valuedouble)
				return merr(m, x,
				            "%s: 'group' must be a group of the regular expression "
				            "(0 to %zu)",
				            what,
				            vs->re.re_nsub < MAX_GROUPS ? vs->re.re_nsub
				                                        : MAX_GROUPS - 1);
			vs->group = (int)x->valuedouble;
		}
	} else if ((x = mem(j, "group"))) {
		return merr(m, x, "%s: 'group' goes with 'regex'", what);
	}
	if ((x = mem(j, "map"))) {
		size_t n = 0, k = 0;
		if (!cJSON_IsObject(x))
			return merr(m, x, "%s: 'map' must be an object of \"from\": \"to\" values",
			            what);
		for (const cJSON *c = x->child; c; c = c->next)
			n++;
		vs->from = calloc(n ? n : 1, sizeof *vs->from);
		vs->to = calloc(n ? n : 1, sizeof *vs->to);
		if (!vs->from || !vs->to)
			return nomem(m);
		for (const cJSON *c = x->child; c; c = c->next) {
			if (!cJSON_IsString(c))
				return merr(m, c,
				            "%s: the map's value for '%.60s' must be a string",
				            what, c->string);
			if (!(vs->from[k] = strdup(c->string)) ||
			    !(vs->to[k] = strdup(c->valuestring)))
				return nomem(m);
			vs->nmap = ++k;
		}
	}
	if ((x = mem(j, "default"))) {
		const char *s = NULL;
		if ((rc = get_str(m, x, &s)) || (rc = tmpl_parse(m, x, s, &vs->def)))
			return rc;
		vs->has_def = 1;
	}
	if ((x = mem(j, "format"))) {
		if ((rc = get_strs(m, x, &vs->fmts, &vs->nfmts)))
			return rc;
		for (size_t i = 0; i < vs->nfmts; i++) {
			const char *why = NULL;
			if (cg_check_date_format(vs->fmts[i], &why))
				return merr(m, x, "%s: date format '%.60s': %s", what, vs->fmts[i],
				            why);
		}
	}
	vs->extracted = vs->has_re || vs->t.groups > 0 || vs->def.groups > 0;
	return 0;
}

/* One value or an array of values. */
static int vl_parse(mapping *m, const cJSON *j, vlist *l, const char *what)
{
	size_t n = cJSON_IsArray(j) ? (size_t)cJSON_GetArraySize(j) : 1;
	int rc;

	if (!(l->v = calloc(n ? n : 1, sizeof *l->v)))
		return nomem(m);
	l->n = 0;
	for (const cJSON *c = cJSON_IsArray(j) ? j->child : j; c;
	     c = cJSON_IsArray(j) ? c->next : NULL) {
		if ((rc = vs_parse(m, c, &l->v[l->n], what)))
			return l->n++, rc;
		l->n++;
	}
	return 0;
}

/* ================= filters, extraction, files ================= */

static void flt_free(filter *f, size_t n)
{
	for (size_t i = 0; f && i < n; i++) {
		free_strs(f[i].vals, f[i].nvals);
		if (f[i].has_re)
			regfree(&f[i].re);
	}
	free(f);
}

static const char *const flt_members[] = {"column",    "equals",      "not_equals", "regex",
                                          "not_regex", "ignore_case", NULL};

/* An array of filters (or one filter object). */
static int flt_parse(mapping *m, const cJSON *j, filter **out, size_t *n)
{
	size_t cnt = cJSON_IsArray(j) ? (size_t)cJSON_GetArraySize(j) : 1;
	int rc;

	if (!cJSON_IsArray(j) && !cJSON_IsObject(j))
		return merr(m, j, "'filters' must be an array of filter objects");
	if (!(*out = calloc(cnt ? cnt : 1, sizeof **out)))
		return nomem(m);
	*n = 0;
	for (const cJSON *c = cJSON_IsArray(j) ? j->child : j; c;
	     c = cJSON_IsArray(j) ? c->next : NULL) {
		filter *f = &(*out)[(*n)++];
		const cJSON *x;
		static const char *const ops[] = {"equals", "not_equals", "regex", "not_regex"};
		int nops = 0;
		if (!cJSON_IsObject(c))
			return merr(m, c,
			            "a filter is an object such as {\"column\": \"status\", "
			            "\"equals\": \"paid\"}");
		if ((rc = members(m, c, flt_members)))
			return rc;
		if (!(x = mem(c, "column")))
			return merr(m, c, "a filter needs a 'column'");
		if ((rc = col_parse(m, x, &f->ref)))
			return rc;
		if ((x = mem(c, "ignore_case")) && (rc = get_bool(m, x, &f->icase)))
			return rc;
		for (int k = 0; k < 4; k++)
			if ((x = mem(c, ops[k]))) {
				nops++;
				f->op = k;
			}
		if (nops != 1)
			return merr(
			    m, c,
			    "a filter needs exactly one of equals, not_equals, regex, not_regex");
		x = mem(c, ops[f->op]);
		if (f->op == F_EQ || f->op == F_NE) {
			if ((rc = get_strs(m, x, &f->vals, &f->nvals)))
				return rc;
		} else {
			const char *s = NULL;
			if ((rc = get_str(m, x, &s)) ||
			    (rc = re_compile(m, x, &f->re, s, f->icase)))
				return rc;
			f->has_re = 1;
		}
	}
	return 0;
}

static int ex_parse(mapping *m, const cJSON *j, extract *ex)
{
	static const char *const allowed[] = {"column", "regex", "ignore_case", NULL};
	const cJSON *x;
	const char *s = NULL;
	int rc, icase = 0;

	if (!cJSON_IsObject(j))
		return merr(m, j, "'extract' must be an object {\"column\": ..., \"regex\": ...}");
	if ((rc = members(m, j, allowed)))
		return rc;
	if (!(x = mem(j, "column")))
		return merr(m, j, "'extract' needs a 'column'");
	if ((rc = col_parse(m, x, &ex->ref)))
		return rc;
	if ((x = mem(j, "ignore_case")) && (rc = get_bool(m, x, &icase)))
		return rc;
	if (!(x = mem(j, "regex")))
		return merr(m, j, "'extract' needs a 'regex'");
	if ((rc = get_str(m, x, &s)) || (rc = re_compile(m, x, &ex->re, s, icase)))
		return rc;
	ex->on = 1;
	ex->nsub = ex->re.re_nsub;
	m->groups = ex->nsub < MAX_GROUPS ? (int)ex->nsub : MAX_GROUPS - 1;
	return 0;
}

/* "file"/"files" of an entity or link: the declared files it applies to. */
static int applies_parse(mapping *m, const cJSON *obj, unsigned char **out, int *explicit_)
{
	const cJSON *x = mem(obj, "file");
	const cJSON *y = mem(obj, "files");
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	*explicit_ = 0;
	if (!(*out = calloc(m->ndecls ? m->ndecls : 1, 1)))
		return nomem(m);
	if (x && y)
		return merr(m, y, "give 'file' or 'files', not both");
	if (!x && !y) {
		memset(*out, 1, m->ndecls);
		return 0;
	}
	*explicit_ = 1;
	if ((rc = get_strs(m, x ? x : y, &names, &n)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		size_t k;
		for (k = 0; k < m->ndecls; k++)
			if (strcmp(m->decls[k].path, names[i]) == 0 ||
			    strcmp(base_name(m->decls[k].path), names[i]) == 0)
				break;
		if (k == m->ndecls) {
			char list[300];
			size_t len = 0;
			list[0] = '\0';
			for (size_t d = 0; d < m->ndecls; d++)
				list_add(list, sizeof list, &len, d ? ", " : "", m->decls[d].path);
			rc = merr(m, x ? x : y, "unknown file '%.100s' (the mapping's files: %s)",
			          names[i], list);
			goto out;
		}
		(*out)[k] = 1;
	}
out:
	free_strs(names, n);
	return rc;
}

static int enc_parse(mapping *m, const cJSON *j, cg_csv_enc *enc)
{
	const char *s = NULL;
	int rc;

	if ((rc = get_str(m, j, &s)))
		return rc;
	if (lower_eq(s, "utf-8") || lower_eq(s, "utf8"))
		*enc = CG_CSV_UTF8;
	else if (lower_eq(s, "latin-1") || lower_eq(s, "latin1") || lower_eq(s, "iso-8859-1") ||
	         lower_eq(s, "iso8859-1"))
		*enc = CG_CSV_LATIN1;
	else if (lower_eq(s, "windows-1252") || lower_eq(s, "cp1252"))
		*enc = CG_CSV_CP1252;
	else
		return merr(m, j,
		            "unsupported encoding '%.40s' (utf-8, latin-1 or windows-1252; convert "
		            "others with iconv first)",
		            s);
	return 0;
}

static int delim_parse(mapping *m, const cJSON *j, char *delim)
{
	const char *s = NULL;
	int rc;

	if ((rc = get_str(m, j, &s)))
		return rc;
	if (strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
		return merr(m, j,
		            "'delimiter' must be one character such as \",\", \";\" or \"\\t\"");
	*delim = s[0];
	return 0;
}

static int decl_parse(mapping *m, const cJSON *j, decl *d)
{
	static const char *const allowed[] = {"path",     "header",  "columns", "delimiter",
	                                      "encoding", "filters", NULL};
	const cJSON *x;
	int rc;

	d->line = jl(m, j);
	d->header = m->header;
	d->enc = m->enc;
	d->delim = m->delim;
	if (cJSON_IsString(j)) {
		if (!j->valuestring[0])
			return merr(m, j, "an empty file name");
		if (!(d->path = strdup(j->valuestring)))
			return nomem(m);
	} else if (cJSON_IsObject(j)) {
		const char *s = NULL;
		if ((rc = members(m, j, allowed)))
			return rc;
		if (!(x = mem(j, "path")))
			return merr(m, j, "a file object needs a 'path'");
		if ((rc = get_str(m, x, &s)))
			return rc;
		if (!*s)
			return merr(m, x, "an empty file name");
		if (!(d->path = strdup(s)))
			return nomem(m);
		if ((x = mem(j, "header")) && (rc = get_bool(m, x, &d->header)))
			return rc;
		if ((x = mem(j, "encoding")) && (rc = enc_parse(m, x, &d->enc)))
			return rc;
		if ((x = mem(j, "delimiter")) && (rc = delim_parse(m, x, &d->delim)))
			return rc;
		if ((x = mem(j, "columns"))) {
			if (!cJSON_IsArray(x))
				return merr(m, x, "'columns' must be an array of column names");
			if ((rc = get_strs(m, x, &d->cols, &d->ncols)))
				return rc;
		}
	} else {
		return merr(m, j, "a file is a path or an object {\"path\": ...}");
	}
	if (!d->cols && m->cols) {
		if (!(d->cols = calloc(m->ncols ? m->ncols : 1, sizeof *d->cols)))
			return nomem(m);
		for (size_t i = 0; i < m->ncols; i++)
			if (!(d->cols[d->ncols++] = strdup(m->cols[i])))
				return nomem(m);
	}
	if (d->cols && d->header)
		return merr(m, cJSON_IsObject(j) && mem(j, "columns") ? mem(j, "columns") : j,
		            "'columns' names the columns of a file without a header row: set "
		            "\"header\": false");
	return 0;
}

/* ================= entities and links ================= */

static int find_ent(const mapping *m, const char *name)
{
	for (size_t i = 0; i < m->nents; i++)
		if (m->ents[i].name && strcmp(m->ents[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int unknown_ent(mapping *m, const cJSON *at, const char *name)
{
	char list[300];
	size_t len = 0;

	list[0] = '\0';
	for (size_t i = 0; i < m->nents; i++)
		list_add(list, sizeof list, &len, i ? ", " : "", m->ents[i].name);
	return merr(m, at, "unknown entity '%.60s' (the mapping's entities: %s)", name,
	            m->nents ? list : "none");
}

/* A property name: lower case, '-' and ' ' as '_', letters, digits, '_'. */
static int prop_name(mapping *m, const cJSON *at, const char *s, char **out)
{
	size_t n = strlen(s);
	char *p;

	if (!n || n > 64)
		return merr(m, at, "property name '%.70s' must have 1 to 64 characters", s);
	if (!(p = malloc(n + 1)))
		return nomem(m);
	for (size_t i = 0; i <= n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		else if (c == ' ' || c == '-')
			c = '_';
		if (c && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
			free(p);
			return merr(m, at, "property name '%.64s': letters, digits and '_' only",
			            s);
		}
		p[i] = c;
	}
	*out = p;
	return 0;
}

static int props_parse(mapping *m, const cJSON *j, pspec **out, size_t *n, const char *owner)
{
	size_t cnt = 0;
	int rc;

	if (!cJSON_IsObject(j))
		return merr(m, j, "'properties' must be an object of \"name\": value");
	for (const cJSON *c = j->child; c; c = c->next)
		cnt++;
	if (!(*out = calloc(cnt ? cnt : 1, sizeof **out)))
		return nomem(m);
	*n = 0;
	for (const cJSON *c = j->child; c; c = c->next) {
		pspec *p = &(*out)[(*n)++];
		char what[200];
		if ((rc = prop_name(m, c, c->string, &p->name)))
			return rc;
		for (const cJSON *d = j->child; d != c; d = d->next)
			if (lower_eq(d->string, c->string))
				return merr(m, c, "property '%s' is given twice", p->name);
		snprintf(what, sizeof what, "property '%s' of %s", p->name, owner);
		if ((rc = vl_parse(m, c, &p->v, what)))
			return rc;
		for (size_t i = 0; i < p->v.n; i++)
			if (!p->v.v[i].nfmts && date_prop(p->name))
				p->v.v[i].date = 1;
	}
	return 0;
}

/* A type: a constant, or a value from the row (with map and default). */
static int type_parse(mapping *m, const cJSON *j, char **type, valspec *tv, int link,
                      const char *owner)
{
	char what[200];
	int rc;

	if (!j)
		return merr(m, NULL, "no 'type' (for example \"type\": \"%s\")",
		            link ? "pays" : "person");
	if (cJSON_IsString(j) && !strchr(j->valuestring, '{')) {
		if ((rc = type_check_at(m, j, j->valuestring, link)))
			return rc;
		return (*type = strdup(j->valuestring)) ? 0 : nomem(m);
	}
	snprintf(what, sizeof what, "type of %s", owner);
	if ((rc = vs_parse(m, j, tv, what)))
		return rc;
	for (size_t i = 0; i < tv->nmap; i++)
		if (tv->to[i][0] && (rc = type_check_at(m, mem(j, "map"), tv->to[i], link)))
			return rc;
	if (tv->has_def && tv->def.places == 0 && tv->def.n &&
	    (rc = type_check_at(m, mem(j, "default"), tv->def.p[0].lit, link)))
		return rc;
	if (tv->t.places == 0 && tv->src == V_TMPL && tv->t.n &&
	    (rc = type_check_at(m, j, tv->t.p[0].lit, link)))
		return rc;
	return 0;
}

static const char *const ent_members[] = {"type",    "file",    "files", "keys",       "id",
                                          "name",    "aliases", "roles", "properties", "required",
                                          "filters", "extract", NULL};

static int ent_parse(mapping *m, size_t idx, const cJSON *j)
{
	ent_spec *e = &m->ents[idx];
	const cJSON *x;
	char owner[120], what[200];
	int rc, explicit_;

	snprintf(owner, sizeof owner, "entity '%.60s'", e->name);
	snprintf(m->ctx, sizeof m->ctx, "%s", owner);
	m->sk = SC_ENT;
	m->si = (int)idx;
	m->groups = -1;
	e->line = jl(m, j);
	if (!cJSON_IsObject(j))
		return merr(m, j, "an entity is an object with a 'type'");
	if ((rc = members(m, j, ent_members)))
		return rc;
	if ((rc = applies_parse(m, j, &e->applies, &explicit_)))
		return rc;
	if ((x = mem(j, "extract")) && (rc = ex_parse(m, x, &e->ex)))
		return rc;
	if ((rc = type_parse(m, mem(j, "type"), &e->type, &e->type_v, 0, owner)))
		return rc;
	if (mem(j, "keys") && mem(j, "id"))
		return merr(m, mem(j, "id"), "give 'keys' or 'id', not both");
	if ((x = mem(j, "keys"))) {
		if (!cJSON_IsArray(x) || cJSON_GetArraySize(x) < 1)
			return merr(m, x, "'keys' must be an array of columns");
		if ((rc = cols_parse(m, x, &e->keys, &e->nkeys)))
			return rc;
	}
	if ((x = mem(j, "id"))) {
		const char *s = NULL;
		if ((rc = get_str(m, x, &s)) || (rc = tmpl_parse(m, x, s, &e->id)))
			return rc;
		e->has_id = 1;
	}
	if ((x = mem(j, "name"))) {
		snprintf(what, sizeof what, "name of %s", owner);
		if ((rc = vs_parse(m, x, &e->name_v, what)))
			return rc;
		e->has_name = 1;
	}
	snprintf(what, sizeof what, "aliases of %s", owner);
	if ((x = mem(j, "aliases")) && (rc = vl_parse(m, x, &e->aliases, what)))
		return rc;
	snprintf(what, sizeof what, "roles of %s", owner);
	if ((x = mem(j, "roles")) && (rc = vl_parse(m, x, &e->roles, what)))
		return rc;
	if ((x = mem(j, "properties")) && (rc = props_parse(m, x, &e->props, &e->nprops, owner)))
		return rc;
	if ((x = mem(j, "required")) && (rc = cols_parse(m, x, &e->req, &e->nreq)))
		return rc;
	if ((x = mem(j, "filters")) && (rc = flt_parse(m, x, &e->flt, &e->nflt)))
		return rc;
	if (!e->has_name && !e->nprops)
		return merr(m, j, "no 'name' and no 'properties': nothing would name the entity");
	/* one entity per match: the same local id for every match would merge
	 * them all into one */
	if (e->ex.on && e->nkeys)
		return merr(m, mem(j, "keys"),
		            "an entity made once per match cannot have 'keys' (every "
		            "match would get the same id): use an 'id' with {$1} ...");
	if (e->ex.on && e->has_id && !e->id.groups)
		return merr(m, mem(j, "id"),
		            "the 'id' of an entity made once per match must use the "
		            "match ({$0}, {$1} ...), or every match would get the same id");
	return 0;
}

static const char *const ref_members[] = {"entity", "key",        "id", "name",
                                          "among",  "if_missing", NULL};

static int ref_parse(mapping *m, const cJSON *j, endref *r, const char *which)
{
	const cJSON *x;
	int rc, n;

	r->t.col = -1;
	if (!j)
		return merr(m, NULL,
		            "no '%s' (an entity of the mapping, or {\"id\": ...} or "
		            "{\"name\": ...})",
		            which);
	if (cJSON_IsString(j)) {
		r->kind = R_ROW;
		if ((r->ent = find_ent(m, j->valuestring)) < 0)
			return unknown_ent(m, j, j->valuestring);
		return 0;
	}
	if (!cJSON_IsObject(j))
		return merr(m, j, "'%s' is an entity name or an object", which);
	if ((rc = members(m, j, ref_members)))
		return rc;
	n = (mem(j, "id") != NULL) + (mem(j, "entity") != NULL) + (mem(j, "name") != NULL);
	if (n != 1)
		return merr(m, j, "'%s' needs one of 'id', 'entity' (with 'key') or 'name'", which);
	if ((x = mem(j, "id"))) {
		const char *s = NULL;
		r->kind = R_ID;
		if ((rc = get_str(m, x, &s)) || (rc = tmpl_parse(m, x, s, &r->t)))
			return rc;
	} else if ((x = mem(j, "entity"))) {
		const char *s = NULL, *k = NULL;
		int e;
		tmpl key;
		r->kind = R_ID;
		if ((rc = get_str(m, x, &s)))
			return rc;
		if ((e = find_ent(m, s)) < 0)
			return unknown_ent(m, x, s);
		if (!m->ents[e].nkeys)
			return merr(m, x, "entity '%s' has no 'keys' to find it by%s", s,
			            m->ents[e].has_id
			                ? " (it has an 'id': refer to it with {\"id\": ...})"
			                : "");
		if (!(x = mem(j, "key")))
			return merr(m, j, "'%s' names an entity: give its 'key' too", which);
		if ((rc = get_str(m, x, &k)))
			return rc;
		if ((rc = tmpl_literal(m, "", &r->t)))
			return rc;
		free(r->t.p[0].lit);
		r->t.p[0].len = strlen(s) + 1;
		if (!(r->t.p[0].lit = malloc(r->t.p[0].len + 1)))
			return nomem(m);
		snprintf(r->t.p[0].lit, r->t.p[0].len + 1, "%s:", s);
		if ((rc = tmpl_parse(m, x, k, &key)))
			return rc;
		tpart *np = realloc(r->t.p, (1 + key.n) * sizeof *np);
		if (!np) {
			tmpl_free(&key);
			return nomem(m);
		}
		r->t.p = np;
		memcpy(r->t.p + 1, key.p, key.n * sizeof *key.p);
		r->t.n = 1 + key.n;
		r->t.places = key.places;
		r->t.groups = key.groups;
		r->t.col = key.col;
		free(key.p);
	} else {
		x = mem(j, "name");
		const char *s = NULL;
		r->kind = R_NAME;
		r->missing = M_SKIP;
		if ((rc = get_str(m, x, &s)) || (rc = tmpl_parse(m, x, s, &r->t)))
			return rc;
		if ((x = mem(j, "among"))) {
			char **names = NULL;
			size_t nn = 0;
			if ((rc = get_strs(m, x, &names, &nn)))
				return rc;
			if (!(r->among = calloc(nn ? nn : 1, sizeof *r->among))) {
				free_strs(names, nn);
				return nomem(m);
			}
			for (size_t i = 0; i < nn && !rc; i++) {
				int e = find_ent(m, names[i]);
				if (e < 0)
					rc = unknown_ent(m, x, names[i]);
				else
					r->among[r->namong++] = e;
			}
			free_strs(names, nn);
			if (rc)
				return rc;
		} else {
			if (!(r->among = calloc(m->nents ? m->nents : 1, sizeof *r->among)))
				return nomem(m);
			for (size_t i = 0; i < m->nents; i++)
				r->among[r->namong++] = (int)i;
		}
		if (!r->namong)
			return merr(m, j, "'among' names no entity");
		for (size_t i = 0; i < r->namong; i++)
			m->ents[r->among[i]].indexed = 1;
	}
	if (mem(j, "key") && !mem(j, "entity"))
		return merr(m, mem(j, "key"), "'key' goes with 'entity'");
	if (mem(j, "among") && r->kind != R_NAME)
		return merr(m, mem(j, "among"), "'among' goes with 'name'");
	if ((x = mem(j, "if_missing"))) {
		if (cJSON_IsString(x) && strcmp(x->valuestring, "skip") == 0) {
			r->missing = M_SKIP;
		} else if (cJSON_IsString(x) && strcmp(x->valuestring, "reject") == 0) {
			if (r->kind == R_NAME)
				return merr(
				    m, x,
				    "'reject' is not possible for a name, looked up after the last "
				    "row: use \"skip\" or {\"type\": ...}");
			r->missing = M_REJECT;
		} else if (cJSON_IsObject(x)) {
			static const char *const allowed[] = {"type", NULL};
			const cJSON *t;
			if ((rc = members(m, x, allowed)))
				return rc;
			if (!(t = mem(x, "type")) || !cJSON_IsString(t))
				return merr(
				    m, x, "'if_missing' needs the 'type' of the entity to create");
			if ((rc = type_check_at(m, t, t->valuestring, 0)))
				return rc;
			if (!(r->ctype = strdup(t->valuestring)))
				return nomem(m);
			r->missing = M_CREATE;
		} else {
			return merr(m, x,
			            "'if_missing' is \"reject\", \"skip\" or {\"type\": ...}");
		}
	}
	return 0;
}

static const char *const link_members[] = {
    "type",     "file",       "files",    "source",  "target",  "directed", "amount",
    "currency", "properties", "required", "filters", "extract", NULL};

static int link_parse(mapping *m, size_t idx, const cJSON *j)
{
	link_spec *l = &m->links[idx];
	const cJSON *x;
	char owner[120], what[200];
	int rc, explicit_;
	static const char *const which[2] = {"source", "target"};

	snprintf(owner, sizeof owner, "link '%.60s'", l->name);
	snprintf(m->ctx, sizeof m->ctx, "%s", owner);
	m->sk = SC_LINK;
	m->si = (int)idx;
	m->groups = -1;
	l->line = jl(m, j);
	l->directed = -1;
	l->per_ent = -1;
	if (!cJSON_IsObject(j))
		return merr(m, j, "a link is an object with a 'type', a 'source' and a 'target'");
	if ((rc = members(m, j, link_members)))
		return rc;
	if ((rc = applies_parse(m, j, &l->applies, &explicit_)))
		return rc;
	if ((x = mem(j, "extract")) && (rc = ex_parse(m, x, &l->ex)))
		return rc;
	if ((rc = type_parse(m, mem(j, "type"), &l->type, &l->type_v, 1, owner)))
		return rc;
	for (int k = 0; k < 2; k++)
		if ((rc = ref_parse(m, mem(j, which[k]), &l->end[k], which[k])))
			return rc;
	if ((x = mem(j, "directed")) && (rc = get_bool(m, x, &l->directed)))
		return rc;
	if ((x = mem(j, "amount"))) {
		snprintf(what, sizeof what, "amount of %s", owner);
		if ((rc = vs_parse(m, x, &l->amount, what)))
			return rc;
		l->has_amount = 1;
	}
	if ((x = mem(j, "currency"))) {
		snprintf(what, sizeof what, "currency of %s", owner);
		if ((rc = vs_parse(m, x, &l->currency, what)))
			return rc;
		l->has_currency = 1;
	}
	if (l->has_amount && !l->has_currency)
		return merr(m, mem(j, "amount"),
		            "an 'amount' needs a 'currency' (a column or a "
		            "constant such as \"USD\")");
	if ((x = mem(j, "properties")) && (rc = props_parse(m, x, &l->props, &l->nprops, owner)))
		return rc;
	if ((x = mem(j, "required")) && (rc = cols_parse(m, x, &l->req, &l->nreq)))
		return rc;
	if ((x = mem(j, "filters")) && (rc = flt_parse(m, x, &l->flt, &l->nflt)))
		return rc;
	/* the files: those given, or those where its same-row entities are made */
	for (int k = 0; k < 2; k++) {
		const endref *r = &l->end[k];
		const ent_spec *e;
		if (r->kind != R_ROW)
			continue;
		e = &m->ents[r->ent];
		for (size_t d = 0; d < m->ndecls; d++) {
			if (explicit_ && l->applies[d] && !e->applies[d])
				return merr(m, mem(j, which[k]),
				            "entity '%s' is not made from file '%s'", e->name,
				            m->decls[d].path);
			if (!explicit_ && !e->applies[d])
				l->applies[d] = 0;
		}
		if (e->ex.on) {
			if (l->ex.on)
				return merr(m, mem(j, which[k]),
				            "a link with its own 'extract' cannot join entity "
				            "'%s', which is "
				            "made once per match",
				            e->name);
			if (l->per_ent >= 0 && l->per_ent != r->ent)
				return merr(
				    m, mem(j, which[k]),
				    "both ends are entities made once per match ('%s', '%s'): one "
				    "end at most",
				    m->ents[l->per_ent].name, e->name);
			l->per_ent = r->ent;
		}
	}
	if (l->end[0].kind == R_ROW && l->end[1].kind == R_ROW && l->end[0].ent == l->end[1].ent)
		return merr(m, mem(j, "target"), "source and target are the same entity '%s'",
		            m->ents[l->end[0].ent].name);
	int any = 0;
	for (size_t d = 0; d < m->ndecls; d++)
		any |= l->applies[d];
	if (!any)
		return merr(m, j, "its entities are never made from the same file");
	return 0;
}

/* ================= the mapping file ================= */

static const char *const top_members[] = {
    "name",      "description", "file",        "files",   "case",     "header", "columns",
    "delimiter", "encoding",    "null_values", "filters", "entities", "links",  NULL};

static int name_ok(const char *s)
{
	if (!*s || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' || *s == '.'))
			return 0;
	return 1;
}

static int compile(mapping *m)
{
	const cJSON *root = m->root, *x, *f;
	int rc;

	m->ctx[0] = '\0';
	m->sk = SC_ALL;
	m->groups = -1;
	m->header = 1;
	m->delim = ',';
	m->enc = CG_CSV_UTF8;
	if (!cJSON_IsObject(root))
		return merr(m, root, "a mapping is a JSON object with 'files' and 'entities'");
	if ((rc = members(m, root, top_members)))
		return rc;
	if ((x = mem(root, "header")) && (rc = get_bool(m, x, &m->header)))
		return rc;
	if ((x = mem(root, "encoding")) && (rc = enc_parse(m, x, &m->enc)))
		return rc;
	if ((x = mem(root, "delimiter")) && (rc = delim_parse(m, x, &m->delim)))
		return rc;
	if ((x = mem(root, "columns"))) {
		if (!cJSON_IsArray(x))
			return merr(m, x, "'columns' must be an array of column names");
		if ((rc = get_strs(m, x, &m->cols, &m->ncols)))
			return rc;
	}
	if ((x = mem(root, "null_values")) && (rc = get_strs(m, x, &m->nulls, &m->nnulls)))
		return rc;
	/* files */
	x = mem(root, "file");
	f = mem(root, "files");
	if (x && f)
		return merr(m, f, "give 'file' or 'files', not both");
	if (!x && !f)
		return merr(m, root, "no 'files': the CSV files the mapping reads, relative to it");
	if (f && (!cJSON_IsArray(f) || cJSON_GetArraySize(f) < 1))
		return merr(m, f, "'files' must be an array of paths or file objects");
	m->ndecls = f ? (size_t)cJSON_GetArraySize(f) : 1;
	if (!(m->decls = calloc(m->ndecls, sizeof *m->decls)))
		return nomem(m);
	size_t k = 0;
	for (const cJSON *c = f ? f->child : x; c; c = f ? c->next : NULL, k++) {
		if ((rc = decl_parse(m, c, &m->decls[k])))
			return rc;
		for (size_t d = 0; d < k; d++)
			if (strcmp(m->decls[d].path, m->decls[k].path) == 0)
				return merr(m, c, "file '%s' is named twice", m->decls[k].path);
	}
	/* file-level filters, in the scope of their file */
	k = 0;
	for (const cJSON *c = f ? f->child : x; c; c = f ? c->next : NULL, k++) {
		const cJSON *fl = cJSON_IsObject(c) ? mem(c, "filters") : NULL;
		if (!fl)
			continue;
		snprintf(m->ctx, sizeof m->ctx, "file '%.100s'", m->decls[k].path);
		m->sk = SC_DECL;
		m->si = (int)k;
		m->decls[k].flt_line = jl(m, fl);
		if ((rc = flt_parse(m, fl, &m->decls[k].flt, &m->decls[k].nflt)))
			return rc;
	}
	m->ctx[0] = '\0';
	m->sk = SC_ALL;
	if ((x = mem(root, "case"))) {
		const char *s = NULL;
		if ((rc = get_str(m, x, &s)) || (rc = tmpl_parse(m, x, s, &m->kase)))
			return rc;
		m->has_case = 1;
	}
	if ((x = mem(root, "filters"))) {
		m->flt_line = jl(m, x);
		if ((rc = flt_parse(m, x, &m->flt, &m->nflt)))
			return rc;
	}
	/* entities: all named first, so that links and lookups may name any */
	x = mem(root, "entities");
	if (!x || !cJSON_IsObject(x))
		return merr(m, x ? x : root, "'entities' must be an object of \"name\": {entity}");
	for (const cJSON *c = x->child; c; c = c->next)
		m->nents++;
	if (!(m->ents = calloc(m->nents ? m->nents : 1, sizeof *m->ents)))
		return nomem(m);
	k = 0;
	for (const cJSON *c = x->child; c; c = c->next, k++) {
		if (!name_ok(c->string))
			return merr(m, c,
			            "entity name '%.60s': letters, digits, '_', '-' and '.' only",
			            c->string);
		for (size_t d = 0; d < k; d++)
			if (strcmp(m->ents[d].name, c->string) == 0)
				return merr(m, c, "entity '%s' is defined twice", c->string);
		if (!(m->ents[k].name = strdup(c->string)))
			return nomem(m);
	}
	k = 0;
	for (const cJSON *c = x->child; c; c = c->next, k++)
		if ((rc = ent_parse(m, k, c)))
			return rc;
	m->ctx[0] = '\0';
	if ((x = mem(root, "links"))) {
		if (!cJSON_IsObject(x))
			return merr(m, x, "'links' must be an object of \"name\": {link}");
		for (const cJSON *c = x->child; c; c = c->next)
			m->nlinks++;
		if (!(m->links = calloc(m->nlinks ? m->nlinks : 1, sizeof *m->links)))
			return nomem(m);
		k = 0;
		for (const cJSON *c = x->child; c; c = c->next, k++) {
			m->ctx[0] = '\0';
			if (!name_ok(c->string))
				return merr(
				    m, c,
				    "link name '%.60s': letters, digits, '_', '-' and '.' only",
				    c->string);
			for (size_t d = 0; d < k; d++)
				if (strcmp(m->links[d].name, c->string) == 0)
					return merr(m, c, "link '%s' is defined twice", c->string);
			if (!(m->links[k].name = strdup(c->string)))
				return nomem(m);
			if ((rc = link_parse(m, k, c)))
				return rc;
		}
	}
	m->ctx[0] = '\0';
	if (!m->nents && !m->nlinks)
		return merr(m, root, "the mapping makes no entities and no links");
	return 0;
}

static void ent_free(ent_spec *e)
{
	free(e->name);
	free(e->type);
	vs_free(&e->type_v);
	free(e->applies);
	free(e->keys);
	tmpl_free(&e->id);
	vs_free(&e->name_v);
	vl_free(&e->aliases);
	vl_free(&e->roles);
	for (size_t i = 0; e->props && i < e->nprops; i++) {
		free(e->props[i].name);
		vl_free(&e->props[i].v);
	}
	free(e->props);
	free(e->req);
	flt_free(e->flt, e->nflt);
	if (e->ex.on)
		regfree(&e->ex.re);
	cg_strpool_free(e->ix);
	free(e->ix_prim);
	free(e->ix_alias);
	free(e->ix_n);
}

static void link_free(link_spec *l)
{
	free(l->name);
	free(l->type);
	vs_free(&l->type_v);
	free(l->applies);
	for (int k = 0; k < 2; k++) {
		tmpl_free(&l->end[k].t);
		free(l->end[k].among);
		free(l->end[k].ctype);
	}
	vs_free(&l->amount);
	vs_free(&l->currency);
	for (size_t i = 0; l->props && i < l->nprops; i++) {
		free(l->props[i].name);
		vl_free(&l->props[i].v);
	}
	free(l->props);
	free(l->req);
	flt_free(l->flt, l->nflt);
	if (l->ex.on)
		regfree(&l->ex.re);
}

static void mapping_free(mapping *m)
{
	free(m->dir);
	free(m->text);
	cJSON_Delete(m->root);
	cg_map64_free(&m->lines);
	free_strs(m->cols, m->ncols);
	for (size_t i = 0; m->decls && i < m->ndecls; i++) {
		free(m->decls[i].path);
		free_strs(m->decls[i].cols, m->decls[i].ncols);
		flt_free(m->decls[i].flt, m->decls[i].nflt);
	}
	free(m->decls);
	for (size_t i = 0; m->ins && i < m->nins; i++) {
		free(m->ins[i].path);
		free_strs(m->ins[i].names, m->ins[i].nnames);
	}
	free(m->ins);
	for (size_t i = 0; i < m->nrefs; i++) {
		free(m->refs[i].name);
		free(m->refs[i].idx);
	}
	free(m->refs);
	free(m->uses);
	flt_free(m->flt, m->nflt);
	tmpl_free(&m->kase);
	free_strs(m->nulls, m->nnulls);
	for (size_t i = 0; m->ents && i < m->nents; i++)
		ent_free(&m->ents[i]);
	free(m->ents);
	for (size_t i = 0; m->links && i < m->nlinks; i++)
		link_free(&m->links[i]);
	free(m->links);
	cg_graph_free(m->probe);
	cg_strpool_free(m->types_ok);
	free(m->pend);
	cg_strbuf_free(&m->pa);
	free(m->pp);
	cg_strbuf_free(&m->norm);
	cg_strbuf_free(&m->tmp);
}

/* Reads, parses and compiles the mapping file. */
static int load(mapping *m, const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0, cap = 0, got;
	linetab lt = {NULL, 0, 0};
	const char *end = NULL, *slash;
	int rc = 0;

	m->path = path;
	if (!f)
		return cg_error_set(m->err, CG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
	do {
		if (n + 1 >= cap) {
			size_t nc = cap ? cap * 2 : 8192;
			char *nb;
			if (nc > MAX_MAPPING_BYTES + 2) {
				fclose(f);
				return cg_error_set(m->err, CG_ELIMIT, path, 0, 0,
				                    "a mapping file is limited to %u bytes",
				                    MAX_MAPPING_BYTES);
			}
			if (!(nb = realloc(m->text, nc))) {
				fclose(f);
				return nomem(m);
			}
			m->text = nb;
			cap = nc;
		}
		got = fread(m->text + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		fclose(f);
		return cg_error_set(m->err, CG_EIO, path, 0, 0, "read error: %s", strerror(errno));
	}
	fclose(f);
	m->text[n] = '\0';
	slash = strrchr(path, '/');
	if (!(m->dir = strndup(path, slash ? (size_t)(slash - path) + 1 : 0)))
		return nomem(m);
	const char *text = m->text;
	size_t skip = n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, at;
	char why[96];
	/* what cJSON would read but lose: a NUL byte (a blank to cJSON, the end
	 * of a string to C), a \u0000 escape; and anything after the document */
	if (ju_check_text(text + skip, n - skip, &at, why, sizeof why)) {
		end = text + skip + at;
	} else if ((m->root = cJSON_ParseWithLengthOpts(text + skip, n - skip, &end, 0)) != NULL) {
		while (end && end < text + n && blank(*end))
			end++;
		if (end && end < text + n) {
			cJSON_Delete(m->root);
			m->root = NULL;
			snprintf(why, sizeof why, "text after the mapping's JSON value");
		}
	} else {
		snprintf(why, sizeof why, "invalid JSON");
	}
	if (!m->root) {
		long line = 1;
		int col = 1;
		if (!end || end < text || end > text + n)
			end = text + n;
		for (const char *p = text + skip; p < end; p++) {
			if (*p == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		return cg_error_set(m->err, CG_EPARSE, path, line, col, "%s", why);
	}
	if ((rc = scan_lines(text + skip, n - skip, &lt)) == 0) {
		size_t k = 0;
		rc = assign_lines(m, m->root, &lt, &k);
	}
	free(lt.v);
	if (rc)
		return nomem(m);
	m->probe = cg_graph_new();
	m->types_ok = cg_strpool_new();
	if (!m->probe || !m->types_ok)
		return nomem(m);
	{
		cg_prov prov = {"mapping", 1, "probe", NULL, NULL, 0};
		cg_entity_rec er = CG_ENTITY_REC_INIT;
		cg_error why;
		er.type = "organization";
		er.name = "probe";
		er.prov = &prov;
		er.n_prov = 1;
		if (cg_graph_add_entity(m->probe, &er, &m->probe_e, NULL, &why))
			return nomem(m);
	}
	return compile(m);
}

/* ================= reading CSV files ================= */

typedef struct einst {
	int spec;
	size_t type, name, id; /* arena offsets */
	size_t a0, na, r0, nr; /* aliases and roles: ranges of r->offs */
	size_t p0, np;         /* properties: a range of r->pp */
	cg_eid eid;
} einst;

enum { E_INST, E_EID, E_NAME, E_CREATE };
typedef struct lend {
	int kind;
	size_t inst;       /* E_INST */
	cg_eid eid;        /* E_EID */
	size_t text;       /* E_NAME, E_CREATE: arena offset of the name or id */
	const char *ctype; /* E_CREATE */
} lend;

typedef struct linst {
	int spec;
	size_t type, amount, currency;
	size_t p0, np;
	lend end[2];
} linst;

typedef struct rprop {
	const char *name;
	size_t val;
} rprop;

typedef struct run {
	mapping *m;
	input *in;
	size_t ii;
	int rc;
	int done;
	int peek;
	int header_done;
	/* the record (lent by csv_reader) */
	long rec_line; /* the line it started on (once done: the last record taken) */
	char **f;      /* its fields */
	size_t nf;
	/* peek: the first record, kept */
	cg_strbuf first; /* its fields, each NUL-terminated, one after another */
	size_t first_nf;
	int first_bad; /* its cg_csv_record.bad, and why */
	char first_why[160];
	size_t rows;
	/* the row */
	const char **v;
	size_t vcap;
	const char *kase;
	cg_strbuf dircase, casebuf, arena, t1, t2, t3;
	size_t *offs;
	size_t noffs, capoffs;
	rprop *pp;
	size_t npp, cappp;
	einst *ei;
	size_t nei, capei;
	linst *li;
	size_t nli, capli;
	size_t *efirst, *ecount;
	const char **ptrs;
	size_t capptrs;
	cg_prop *props;
	size_t capprops;
	int bad;
	int capped; /* a cell of the row had more than MAX_MATCHES matches */
	cg_error rowerr;
	/* the match of the extraction in force */
	int xon;
	const char *xtext;
	regmatch_t xg[MAX_GROUPS];
} run;

static const char *colname(const input *in, size_t i, char *buf, size_t n)
{
	if (in->names && i < in->nnames && in->names[i][0])
		snprintf(buf, n, "'%s'", in->names[i]);
	else
		snprintf(buf, n, "%zu", i + 1);
	return buf;
}

static void reject_diag(run *r, const cg_error *diag)
{
	int rc = import_reject(r->m->imp, &r->in->st, diag, r->m->err);
	if (rc)
		r->rc = rc;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
reject(run *r, int column, int code, const char *fmt, ...)
{
	char msg[CG_ERROR_MSG_MAX];
	cg_error diag;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cg_error_set(&diag, code, r->in->path, r->rec_line, column, "%s", msg);
	reject_diag(r, &diag);
}

/* Records the first problem of the row being evaluated (it will be
 * rejected: r->bad) and returns 0, so that callers return it as "no
 * failure of the importer itself". */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
row_bad(run *r, int column, const char *fmt, ...)
{
	char msg[CG_ERROR_MSG_MAX];
	va_list ap;

	if (r->bad)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->bad = 1;
	cg_error_set(&r->rowerr, CG_EPARSE, r->in->path, r->rec_line, column, "%s", msg);
	return 0;
}

static void tally_add(tally *t, const run *r, const char *what)
{
	if (t->n++ == 0) {
		t->file = r->in->path;
		t->line = r->rec_line;
		snprintf(t->what, sizeof t->what, "%s", what ? what : "");
	}
}

/* The value of a column reference in the current row ("" when absent). */
static const char *cell(const run *r, int ref)
{
	int i = r->m->refs[ref].idx[r->ii];
	return i >= 0 && (size_t)i < r->nf ? r->v[i] : "";
}

static int ref_column(const run *r, int ref)
{
	int i = r->m->refs[ref].idx[r->ii];
	return i >= 0 ? i + 1 : 0;
}

static int flt_pass(run *r, const filter *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = cell(r, f[i].ref);
		int hit = 0;
		if (f[i].op == F_EQ || f[i].op == F_NE) {
			for (size_t k = 0; k < f[i].nvals && !hit; k++)
				hit = f[i].icase ? lower_eq(v, f[i].vals[k])
				                 : strcmp(v, f[i].vals[k]) == 0;
			if (f[i].op == F_NE)
				hit = !hit;
		} else {
			hit = regexec(&f[i].re, v, 0, NULL, 0) == 0;
			if (f[i].op == F_NRE)
				hit = !hit;
		}
		if (!hit)
			return 0;
	}
	return 1;
}

/* Iterates the matches of re in text; g gets absolute offsets. */
typedef struct rx_iter {
	const regex_t *re;
	const char *text;
	size_t len, pos, count;
	int capped; /* MAX_MATCHES were taken and another match was left */
} rx_iter;

static int rx_next(rx_iter *it, regmatch_t *g)
{
	if (it->pos > it->len)
		return 0;
	if (regexec(it->re, it->text + it->pos, MAX_GROUPS, g, it->pos ? REG_NOTBOL : 0) != 0)
		return 0;
	if (it->count >= MAX_MATCHES) {
		it->capped = 1; /* said once per row: capped_note */
		return 0;
	}
	for (int k = 0; k < MAX_GROUPS; k++)
		if (g[k].rm_so >= 0) {
			g[k].rm_so += (regoff_t)it->pos;
			g[k].rm_eo += (regoff_t)it->pos;
		}
	it->pos = g[0].rm_eo > g[0].rm_so ? (size_t)g[0].rm_eo : (size_t)g[0].rm_eo + 1;
	it->count++;
	return 1;
}

/* Renders a template for the current row into out (trimmed). *any: a
 * placeholder had text. A blank after an empty placeholder is dropped, so
 * that "{first} {middle} {last}" has one space where middle is empty. */
static int render(run *r, const tmpl *t, cg_strbuf *out, int *any)
{
	int drop_blank = 0;

	cg_strbuf_reset(out);
	*any = 0;
	for (size_t i = 0; i < t->n; i++) {
		const tpart *p = &t->p[i];
		const char *s = "";
		size_t n = 0;
		if (p->kind == P_LIT) {
			s = p->lit;
			n = p->len;
			if (drop_blank && n && s[0] == ' ' &&
			    (out->len == 0 || out->buf[out->len - 1] == ' '))
				s++, n--;
		} else if (p->kind == P_COL) {
			s = cell(r, p->ref);
			n = strlen(s);
		} else if (r->xon && r->xg[p->ref].rm_so >= 0) {
			s = r->xtext + r->xg[p->ref].rm_so;
			n = (size_t)(r->xg[p->ref].rm_eo - r->xg[p->ref].rm_so);
			trim_span(&s, &n);
		}
		if (p->kind != P_LIT) {
			drop_blank = n == 0;
			*any |= n > 0;
		} else {
			drop_blank = 0;
		}
		if (n && cg_strbuf_append(out, s, n))
			return CG_ENOMEM;
	}
	if (out->len) {
		const char *s = out->buf;
		size_t n = out->len;
		trim_span(&s, &n);
		memmove(out->buf, s, n);
		out->len = n;
		out->buf[n] = '\0';
	}
	return 0;
}

/* Copies s[0..n) into the row arena: its offset. */
static int arena_put(run *r, const char *s, size_t n, size_t *off)
{
	*off = r->arena.len;
	if (cg_strbuf_append(&r->arena, s, n) || cg_strbuf_putc(&r->arena, '\0'))
		return CG_ENOMEM;
	return 0;
}

static int offs_push(run *r, size_t off)
{
	int rc = 0;
	RESERVE(r->offs, r->noffs, r->capoffs, rc);
	if (!rc)
		r->offs[r->noffs++] = off;
	return rc;
}

/* One piece of a value: mapped, date-converted, and added to r->offs. */
static int emit(run *r, valspec *vs, const char *s, size_t n, const char *prop, int is_default)
{
	size_t off;
	int rc, any;
	int col = vs->t.col >= 0 ? ref_column(r, vs->t.col) : 0;

	trim_span(&s, &n);
	if (!n)
		return 0;
	if (vs->nmap && !is_default) {
		size_t k;
		for (k = 0; k < vs->nmap; k++)
			if (lower_eqn(s, n, vs->from[k]))
				break;
		if (k < vs->nmap) {
			s = vs->to[k];
			n = strlen(s);
		} else if (vs->has_def) {
			if ((rc = render(r, &vs->def, &r->t2, &any)))
				return rc;
			s = r->t2.buf ? r->t2.buf : "";
			n = r->t2.len;
		}
		if (!n)
			return 0;
	}
	if (vs->nfmts || vs->date) {
		const char *why = NULL;
		rc = CG_EPARSE;
		/* the reason is that of the last format the text had */
		for (size_t k = 0; k < vs->nfmts && rc == CG_EPARSE; k++) {
			const char *w = NULL;
			rc = cg_parse_date_as(s, n, vs->fmts[k], &r->t3, &w);
			if (w)
				why = w;
		}
		if (!vs->nfmts)
			rc = cg_parse_date(s, n, &r->t3, &why);
		if (rc == CG_ENOMEM)
			return rc;
		if (rc) {
			char what[200];
			if (vs->extracted) {
				snprintf(what, sizeof what, "'%.*s'", (int)(n > 60 ? 60 : n), s);
				tally_add(&vs->dropped, r, what);
				return 0;
			}
			if (vs->nfmts && why)
				return row_bad(r, col, "bad date '%.*s' in %s: %s",
				               (int)(n > 60 ? 60 : n), s, vs->what, why);
			if (vs->nfmts)
				return row_bad(r, col, "bad date '%.*s' in %s (expected %s%s)",
				               (int)(n > 60 ? 60 : n), s, vs->what, vs->fmts[0],
				               vs->nfmts > 1 ? " or another declared format" : "");
			return row_bad(r, col, "bad date in '%s': '%.*s': %s", prop ? prop : "date",
			               (int)(n > 64 ? 64 : n), s, why ? why : "not a date");
		}
		s = r->t3.buf;
		n = r->t3.len;
	}
	if ((rc = arena_put(r, s, n, &off)) || (rc = offs_push(r, off)))
		return rc;
	return 0;
}

/* Appends the values of vs in the current row to r->offs: *count of them
 * from *first. Returns 0 (r->bad set when the row is wrong) or CG_ENOMEM. */
static int eval_value(run *r, valspec *vs, const char *prop, size_t *first, size_t *count)
{
	int rc = 0, any = 0;

	*first = r->noffs;
	*count = 0;
	if (vs->src == V_COLS) {
		cg_strbuf_reset(&r->t1);
		for (size_t i = 0; i < vs->ncols; i++) {
			const char *c = cell(r, vs->cols[i]);
			if (!*c)
				continue;
			if ((any && cg_strbuf_puts(&r->t1, vs->join)) || cg_strbuf_puts(&r->t1, c))
				return CG_ENOMEM;
			any = 1;
		}
	} else {
		if ((rc = render(r, &vs->t, &r->t1, &any)))
			return rc;
		if (vs->t.places == 0)
			any = 1;
	}
	if (!any || !r->t1.len) {
		if (!vs->has_def)
			return 0;
		if ((rc = render(r, &vs->def, &r->t1, &any)))
			return rc;
		if (!r->t1.len)
			return 0;
		rc = emit(r, vs, r->t1.buf, r->t1.len, prop, 1);
		*count = r->noffs - *first;
		return rc;
	}
	rx_iter it = {&vs->re, r->t1.buf, r->t1.len, 0, 0, 0};
	regmatch_t g[MAX_GROUPS];
	for (;;) {
		const char *s = r->t1.buf;
		size_t n = r->t1.len;
		if (vs->has_re) {
			if (!rx_next(&it, g))
				break;
			if (g[vs->group].rm_so < 0)
				continue;
			s = r->t1.buf + g[vs->group].rm_so;
			n = (size_t)(g[vs->group].rm_eo - g[vs->group].rm_so);
		}
		if (vs->split) {
			size_t sl = strlen(vs->split);
			const char *end = s + n;
			while (s <= end && !rc) {
				const char *hit = NULL;
				for (const char *q = s; q + sl <= end && !hit; q++)
					if (memcmp(q, vs->split, sl) == 0)
						hit = q;
				size_t pn = hit ? (size_t)(hit - s) : (size_t)(end - s);
				rc = emit(r, vs, s, pn, prop, 0);
				if (!hit)
					break;
				s = hit + sl;
			}
		} else {
			rc = emit(r, vs, s, n, prop, 0);
		}
		if (rc || r->bad || !vs->has_re)
			break;
	}
	r->capped |= it.capped;
	*count = r->noffs - *first;
	return rc;
}

static int eval_list(run *r, vlist *l, const char *prop, size_t *first, size_t *count)
{
	size_t f, c;
	int rc;

	*first = r->noffs;
	for (size_t i = 0; i < l->n; i++)
		if ((rc = eval_value(r, &l->v[i], prop, &f, &c)) || r->bad)
			return rc;
	*count = r->noffs - *first;
	return 0;
}

static const char *ar(const run *r, size_t off)
{
	return r->arena.buf + off;
}

/* A type from the row, checked as the graph will. */
static int eval_type(run *r, const char *cst, valspec *tv, int link, size_t *out)
{
	size_t f, c;
	cg_error why;
	int rc;

	if (cst)
		return arena_put(r, cst, strlen(cst), out);
	if ((rc = eval_value(r, tv, NULL, &f, &c)) || r->bad)
		return rc;
	if (c == 0)
		return row_bad(r, tv->t.col >= 0 ? ref_column(r, tv->t.col) : 0,
		               "no %s (its column is empty)", tv->what);
	*out = r->offs[f];
	r->noffs = f;
	rc = type_check(r->m, ar(r, *out), link, &why);
	if (rc == CG_ENOMEM)
		return rc;
	if (rc)
		row_bad(r, tv->t.col >= 0 ? ref_column(r, tv->t.col) : 0, "%s", why.message);
	return 0;
}

static int pp_push(run *r, const char *name, size_t val)
{
	int rc = 0;
	RESERVE(r->pp, r->npp, r->cappp, rc);
	if (!rc) {
		r->pp[r->npp].name = name;
		r->pp[r->npp++].val = val;
	}
	return rc;
}

static int eval_props(run *r, pspec *ps, size_t n, size_t *p0, size_t *np)
{
	int rc;

	*p0 = r->npp;
	for (size_t i = 0; i < n; i++) {
		size_t f, c;
		if ((rc = eval_list(r, &ps[i].v, ps[i].name, &f, &c)) || r->bad)
			return rc;
		for (size_t k = 0; k < c; k++)
			if ((rc = pp_push(r, ps[i].name, r->offs[f + k])))
				return rc;
		r->noffs = f;
	}
	*np = r->npp - *p0;
	return 0;
}

/* The property names that carry the identifier of an identifier type when
 * the name is empty (as the graph reads them, docs/MODEL.md). */
static int has_identifier(const run *r, size_t p0, size_t np)
{
	static const char *const names[] = {
	    "email",   "phone",  "domain",         "ip",    "url", "iban",
	    "address", "wallet", "account_number", "number"};
	for (size_t i = p0; i < p0 + np; i++)
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
			if (strcmp(r->pp[i].name, names[k]) == 0)
				return 1;
	return 0;
}

static int req_missing(run *r, const int *req, size_t n, char *what, size_t wn)
{
	for (size_t i = 0; i < n; i++)
		if (!*cell(r, req[i])) {
			char cn[80];
			const colref *c = &r->m->refs[req[i]];
			if (c->name)
				snprintf(cn, sizeof cn, "'%s'", c->name);
			else
				snprintf(cn, sizeof cn, "%ld", c->number);
			snprintf(what, wn, "column %s", cn);
			return 1;
		}
	return 0;
}

/* Evaluates one instance of entity spec k (one per row, or one per match). */
static int eval_entity(run *r, int k, size_t nth)
{
	mapping *m = r->m;
	ent_spec *e = &m->ents[k];
	einst x;
	size_t f, c;
	int rc, any;

	memset(&x, 0, sizeof x);
	x.spec = k;
	x.name = x.id = NONE;
	x.eid = CG_NO_ENTITY;
	if ((rc = eval_type(r, e->type, &e->type_v, 0, &x.type)) || r->bad)
		return rc;
	x.a0 = r->noffs;
	if (e->has_name) {
		if ((rc = eval_value(r, &e->name_v, NULL, &f, &c)) || r->bad)
			return rc;
		if (c) {
			x.name = r->offs[f];
			/* further values of a split name are aliases */
			memmove(r->offs + f, r->offs + f + 1, (c - 1) * sizeof *r->offs);
			r->noffs--;
		}
	}
	if ((rc = eval_list(r, &e->aliases, NULL, &f, &c)) || r->bad)
		return rc;
	x.na = r->noffs - x.a0;
	if ((rc = eval_list(r, &e->roles, NULL, &x.r0, &x.nr)) || r->bad)
		return rc;
	if ((rc = eval_props(r, e->props, e->nprops, &x.p0, &x.np)) || r->bad)
		return rc;
	if ((x.name == NONE || !*ar(r, x.name)) && !has_identifier(r, x.p0, x.np)) {
		tally_add(&e->skip_empty, r, NULL);
		r->noffs = x.a0;
		r->npp = x.p0;
		return 0;
	}
	/* the local id: keys, an id template, or the row (and match) */
	cg_strbuf_reset(&r->t1);
	if (e->nkeys) {
		any = 0;
		for (size_t i = 0; i < e->nkeys; i++)
			any |= *cell(r, e->keys[i]) != 0;
		if (any) {
			if (cg_strbuf_printf(&r->t1, "%s:", e->name))
				return CG_ENOMEM;
			for (size_t i = 0; i < e->nkeys; i++)
				if ((i && cg_strbuf_putc(&r->t1, '|')) ||
				    cg_strbuf_puts(&r->t1, cell(r, e->keys[i])))
					return CG_ENOMEM;
		}
	} else if (e->has_id && (rc = render(r, &e->id, &r->t1, &any))) {
		return rc;
	}
	if (!r->t1.len) {
		if (cg_strbuf_printf(&r->t1, "%s:%s:%ld", e->name, base_name(r->in->path),
		                     r->rec_line))
			return CG_ENOMEM;
		if (e->ex.on && cg_strbuf_printf(&r->t1, "#%zu", nth))
			return CG_ENOMEM;
	}
	if ((rc = arena_put(r, r->t1.buf, r->t1.len, &x.id)))
		return rc;
	RESERVE(r->ei, r->nei, r->capei, rc);
	if (rc)
		return rc;
	r->ei[r->nei++] = x;
	r->ecount[k]++;
	return 0;
}

/* Evaluates a link end; 1 when the link is not made (counted). */
static int eval_end(run *r, link_spec *l, int k, size_t per_inst, lend *out, int *skip)
{
	const endref *ref = &l->end[k];
	int rc, any;

	memset(out, 0, sizeof *out);
	*skip = 0;
	if (ref->kind == R_ROW) {
		if (ref->ent == l->per_ent) {
			out->kind = E_INST;
			out->inst = per_inst;
			return 0;
		}
		if (!r->ecount[ref->ent]) {
			char what[120];
			snprintf(what, sizeof what, "entity '%s' was not made",
			         r->m->ents[ref->ent].name);
			tally_add(&l->skip_end, r, what);
			*skip = 1;
			return 0;
		}
		out->kind = E_INST;
		out->inst = r->efirst[ref->ent];
		return 0;
	}
	if ((rc = render(r, &ref->t, &r->t1, &any)))
		return rc;
	if (!r->t1.len || (ref->t.places && !any)) {
		tally_add(&l->skip_end, r, ref->kind == R_ID ? "an empty id" : "an empty name");
		*skip = 1;
		return 0;
	}
	if (ref->kind == R_NAME) {
		out->kind = E_NAME;
		return arena_put(r, r->t1.buf, r->t1.len, &out->text);
	}
	out->eid = cg_graph_find_local(r->m->imp->g, r->kase, r->t1.buf);
	if (out->eid != CG_NO_ENTITY) {
		out->kind = E_EID;
		return 0;
	}
	for (size_t i = 0; i < r->nei; i++)
		if (strcmp(ar(r, r->ei[i].id), r->t1.buf) == 0) {
			out->kind = E_INST;
			out->inst = i;
			return 0;
		}
	if (ref->missing == M_REJECT)
		return row_bad(r, ref->t.col >= 0 ? ref_column(r, ref->t.col) : 0,
		               "unknown id '%.200s' in case '%.200s'", r->t1.buf, r->kase);
	if (ref->missing == M_SKIP) {
		char what[240];
		snprintf(what, sizeof what, "'%.200s'", r->t1.buf);
		tally_add(&l->missing_id, r, what);
		*skip = 1;
		return 0;
	}
	out->kind = E_CREATE;
	out->ctype = ref->ctype;
	return arena_put(r, r->t1.buf, r->t1.len, &out->text);
}

static int money_check(run *r, link_spec *l, size_t amount, size_t currency)
{
	const char *a = ar(r, amount), *c = currency != NONE ? ar(r, currency) : "";
	char code[8];
	size_t cl = 0;
	int64_t minor;
	const char *why = NULL;
	int col = l->amount.t.col >= 0 ? ref_column(r, l->amount.t.col) : 0;
	int rc;

	for (; *c && cl < sizeof code - 1; c++)
		code[cl++] = (char)((*c >= 'a' && *c <= 'z') ? *c - 32 : *c);
	code[cl] = '\0';
	if (!cl)
		return row_bad(r, col, "amount '%.40s' without a currency", a);
	if (*c || cg_currency_minor_units(code) < 0)
		return row_bad(r, l->currency.t.col >= 0 ? ref_column(r, l->currency.t.col) : 0,
		               "unknown currency '%.16s'", ar(r, currency));
	rc = cg_parse_money(a, strlen(a), code, &minor, &why);
	if (rc == CG_ENOMEM)
		return rc;
	if (rc)
		return row_bad(r, col, "bad amount '%.40s': %s", a, why);
	return 0;
}

static int eval_link(run *r, int k, size_t per_inst)
{
	link_spec *l = &r->m->links[k];
	linst x;
	size_t f, c;
	int rc, skip;

	memset(&x, 0, sizeof x);
	x.spec = k;
	x.amount = x.currency = NONE;
	if ((rc = eval_type(r, l->type, &l->type_v, 1, &x.type)) || r->bad)
		return rc;
	for (int e = 0; e < 2; e++)
		if ((rc = eval_end(r, l, e, per_inst, &x.end[e], &skip)) || r->bad || skip)
			return rc;
	if (l->has_amount) {
		if ((rc = eval_value(r, &l->amount, "amount", &f, &c)) || r->bad)
			return rc;
		if (c)
			x.amount = r->offs[f];
	}
	if (l->has_currency) {
		if ((rc = eval_value(r, &l->currency, "currency", &f, &c)) || r->bad)
			return rc;
		if (c)
			x.currency = r->offs[f];
	}
	if (x.amount != NONE && ((rc = money_check(r, l, x.amount, x.currency)) || r->bad))
		return rc < 0 ? rc : 0;
	if ((rc = eval_props(r, l->props, l->nprops, &x.p0, &x.np)) || r->bad)
		return rc;
	RESERVE(r->li, r->nli, r->capli, rc);
	if (rc)
		return rc;
	r->li[r->nli++] = x;
	return 0;
}

/* ---- adding the row to the graph ---- */

static int ptrs_for(run *r, size_t need)
{
	if (need <= r->capptrs)
		return 0;
	size_t cap = need < 64 ? 64 : need * 2;
	const char **p = realloc(r->ptrs, cap * sizeof *p);
	if (!p)
		return CG_ENOMEM;
	r->ptrs = p;
	r->capptrs = cap;
	return 0;
}

static int props_for(run *r, size_t need)
{
	if (need <= r->capprops)
		return 0;
	size_t cap = need < 64 ? 64 : need * 2;
	cg_prop *p = realloc(r->props, cap * sizeof *p);
	if (!p)
		return CG_ENOMEM;
	r->props = p;
	r->capprops = cap;
	return 0;
}

/* Indexes an entity's names for lookups by name. */
static int ix_add(mapping *m, ent_spec *e, const char *name, cg_eid eid, int alias)
{
	uint32_t id;
	int rc;

	if (!e->ix && !(e->ix = cg_strpool_new()))
		return CG_ENOMEM;
	rc = cg_norm_text(name, strlen(name), &m->norm);
	if (rc == CG_ENOMEM)
		return rc;
	if (rc || !m->norm.len)
		return 0;
	if ((rc = cg_strpool_intern(e->ix, m->norm.buf, m->norm.len, &id)))
		return rc;
	if (id >= e->ix_cap) {
		size_t cap = e->ix_cap ? e->ix_cap : 1024;
		while (cap <= id)
			cap *= 2;
		cg_eid *p = realloc(e->ix_prim, cap * sizeof *p);
		if (!p)
			return CG_ENOMEM;
		e->ix_prim = p;
		if (!(p = realloc(e->ix_alias, cap * sizeof *p)))
			return CG_ENOMEM;
		e->ix_alias = p;
		uint32_t *q = realloc(e->ix_n, cap * sizeof *q);
		if (!q)
			return CG_ENOMEM;
		e->ix_n = q;
		for (size_t i = e->ix_cap; i < cap; i++) {
			e->ix_prim[i] = e->ix_alias[i] = CG_NO_ENTITY;
			e->ix_n[i] = 0;
		}
		e->ix_cap = cap;
	}
	if (alias) {
		if (e->ix_alias[id] == CG_NO_ENTITY)
			e->ix_alias[id] = eid;
	} else {
		if (e->ix_prim[id] == CG_NO_ENTITY)
			e->ix_prim[id] = eid;
		if (e->ix_n[id] == 0 || e->ix_prim[id] != eid)
			e->ix_n[id]++;
	}
	return 0;
}

static int graph_fail(run *r, const char *what, const cg_error *gerr)
{
	cg_error diag = *gerr;

	if (gerr->code == CG_ENOMEM)
		return r->rc = cg_error_set(r->m->err, CG_ENOMEM, r->in->path, r->rec_line, 0,
		                            "out of memory");
	cg_error_set(&diag, CG_EPARSE, r->in->path, r->rec_line, 0, "%s: %s", what, gerr->message);
	reject_diag(r, &diag);
	return 1;
}

static int add_placeholder(run *r, const char *type, const char *name, const char *local_id,
                           const char *file, long line, const char *kase, cg_eid *out,
                           cg_error *gerr)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov = {file, line, kase, local_id, NULL, 0};
	cg_add_result how;
	int rc;

	rec.type = type;
	rec.name = name;
	rec.prov = &prov;
	rec.n_prov = 1;
	cg_error_clear(gerr);
	if ((rc = cg_graph_add_entity(r->m->imp->g, &rec, out, &how, gerr)))
		return rc;
	if (how == CG_ADD_CREATED)
		r->in->st.entities_created++;
	else
		r->in->st.entities_merged++;
	return import_mark_case(r->m->imp, kase);
}

static int pend_put(mapping *m, const char *s, size_t *off)
{
	if (!s) {
		*off = NONE;
		return 0;
	}
	*off = m->pa.len;
	return cg_strbuf_puts(&m->pa, s) || cg_strbuf_putc(&m->pa, '\0') ? CG_ENOMEM : 0;
}

/* Keeps a link with an end looked up by name for after the last row. */
static int defer_link(run *r, const linst *x, cg_eid ends[2])
{
	mapping *m = r->m;
	pend p;
	int rc = 0;

	memset(&p, 0, sizeof p);
	p.link = x->spec;
	p.file = r->in->path;
	p.line = r->rec_line;
	p.directed = m->links[x->spec].directed;
	for (int k = 0; k < 2; k++) {
		p.by_name[k] = x->end[k].kind == E_NAME;
		p.eid[k] = ends[k];
		if ((rc = pend_put(m, p.by_name[k] ? ar(r, x->end[k].text) : NULL, &p.text[k])))
			return rc;
	}
	if ((rc = pend_put(m, ar(r, x->type), &p.type)) ||
	    (rc = pend_put(m, x->amount != NONE ? ar(r, x->amount) : NULL, &p.amount)) ||
	    (rc = pend_put(m, x->currency != NONE ? ar(r, x->currency) : NULL, &p.currency)) ||
	    (rc = pend_put(m, r->kase, &p.kase)))
		return rc;
	p.p0 = m->npp;
	for (size_t i = x->p0; i < x->p0 + x->np; i++) {
		RESERVE(m->pp, m->npp, m->cappp, rc);
		if (rc || (rc = pend_put(m, ar(r, r->pp[i].val), &m->pp[m->npp].val)))
			return CG_ENOMEM;
		m->pp[m->npp++].name = r->pp[i].name;
	}
	p.np = m->npp - p.p0;
	RESERVE(m->pend, m->npend, m->cappend, rc);
	if (rc)
		return rc;
	m->pend[m->npend++] = p;
	return 0;
}

/* Puts the evaluated row into the graph. 0, or 1 when the graph refused a
 * record (the row is then rejected; what was added before stays). */
static int add_row(run *r)
{
	mapping *m = r->m;
	cg_graph *g = m->imp->g;
	cg_error gerr;
	cg_add_result how;
	int rc;

	for (size_t i = 0; i < r->nei; i++) {
		einst *x = &r->ei[i];
		ent_spec *e = &m->ents[x->spec];
		cg_entity_rec rec = CG_ENTITY_REC_INIT;
		cg_prov prov = {r->in->path, r->rec_line, r->kase, ar(r, x->id), NULL, 0};
		char what[100];
		if ((rc = ptrs_for(r, x->na + x->nr)) || (rc = props_for(r, x->np)))
			return r->rc = CG_ENOMEM;
		for (size_t k = 0; k < x->na; k++)
			r->ptrs[k] = ar(r, r->offs[x->a0 + k]);
		for (size_t k = 0; k < x->nr; k++)
			r->ptrs[x->na + k] = ar(r, r->offs[x->r0 + k]);
		for (size_t k = 0; k < x->np; k++) {
			r->props[k].name = r->pp[x->p0 + k].name;
			r->props[k].value = ar(r, r->pp[x->p0 + k].val);
		}
		rec.type = ar(r, x->type);
		rec.name = x->name != NONE ? ar(r, x->name) : NULL;
		/* r->ptrs is NULL until an entity has an alias or a role: NULL + 0
		 * is undefined, so empty lists are NULL */
		rec.aliases = x->na ? r->ptrs : NULL;
		rec.n_aliases = x->na;
		rec.roles = x->nr ? r->ptrs + x->na : NULL;
		rec.n_roles = x->nr;
		rec.props = r->props;
		rec.n_props = x->np;
		rec.prov = &prov;
		rec.n_prov = 1;
		cg_error_clear(&gerr);
		if ((rc = cg_graph_add_entity(g, &rec, &x->eid, &how, &gerr))) {
			snprintf(what, sizeof what, "entity '%s'", e->name);
			return graph_fail(r, what, &gerr);
		}
		if (how == CG_ADD_CREATED)
			r->in->st.entities_created++;
		else
			r->in->st.entities_merged++;
		if ((rc = import_mark_case(m->imp, r->kase)))
			return r->rc = rc;
		if (e->indexed) {
			if (rec.name && (rc = ix_add(m, e, rec.name, x->eid, 0)))
				return r->rc = rc;
			for (size_t k = 0; k < x->na; k++)
				if ((rc = ix_add(m, e, r->ptrs[k], x->eid, 1)))
					return r->rc = rc;
		}
	}
	for (size_t i = 0; i < r->nli; i++) {
		linst *x = &r->li[i];
		link_spec *l = &m->links[x->spec];
		cg_eid ends[2] = {CG_NO_ENTITY, CG_NO_ENTITY};
		int deferred = 0;
		char what[100];
		snprintf(what, sizeof what, "link '%s'", l->name);
		for (int k = 0; k < 2; k++) {
			lend *e = &x->end[k];
			if (e->kind == E_INST) {
				ends[k] = r->ei[e->inst].eid;
			} else if (e->kind == E_EID) {
				ends[k] = e->eid;
			} else if (e->kind == E_NAME) {
				deferred = 1;
			} else {
				if ((rc = add_placeholder(r, e->ctype, ar(r, e->text),
				                          ar(r, e->text), r->in->path, r->rec_line,
				                          r->kase, &ends[k], &gerr)))
					return rc == CG_ENOMEM ? (r->rc = CG_ENOMEM)
					                       : graph_fail(r, what, &gerr);
				/* later rows find it by its id */
				e->kind = E_EID;
				e->eid = ends[k];
			}
		}
		if (deferred) {
			if ((rc = defer_link(r, x, ends)))
				return r->rc = rc;
			continue;
		}
		cg_link_rec rec = CG_LINK_REC_INIT;
		cg_prov prov = {r->in->path, r->rec_line, r->kase, NULL, NULL, 0};
		cg_lid lid;
		if ((rc = props_for(r, x->np)))
			return r->rc = CG_ENOMEM;
		for (size_t k = 0; k < x->np; k++) {
			r->props[k].name = r->pp[x->p0 + k].name;
			r->props[k].value = ar(r, r->pp[x->p0 + k].val);
		}
		rec.type = ar(r, x->type);
		rec.source = ends[0];
		rec.target = ends[1];
		rec.directed = l->directed;
		rec.amount = x->amount != NONE ? ar(r, x->amount) : NULL;
		rec.currency = x->currency != NONE ? ar(r, x->currency) : NULL;
		rec.props = r->props;
		rec.n_props = x->np;
		rec.prov = &prov;
		rec.n_prov = 1;
		cg_error_clear(&gerr);
		if ((rc = cg_graph_add_link(g, &rec, &lid, &how, &gerr)))
			return graph_fail(r, what, &gerr);
		if (how == CG_ADD_CREATED)
			r->in->st.links_created++;
		else
			r->in->st.links_merged++;
	}
	return 0;
}

/* Evaluates and adds one data row. */
static void row(run *r, const cg_csv_record *rec)
{
	mapping *m = r->m;
	input *in = r->in;
	const decl *d = &m->decls[in->decl];
	char cn[80];
	int rc = 0;

	if (rec->bad || (in->ncols && r->nf != in->ncols)) {
		in->st.read++;
		if (rec->bad)
			reject(r, 0, rec->bad, "%s", rec->why);
		else
			reject(r, 0, CG_EPARSE, "expected %zu fields, found %zu", in->ncols, r->nf);
		goto counted;
	}
	if (!in->ncols)
		in->ncols = r->nf;
	if (r->nf > r->vcap) {
		const char **nv = realloc(r->v, r->nf * sizeof *nv);
		if (!nv) {
			r->rc = CG_ENOMEM;
			return;
		}
		r->v = nv;
		r->vcap = r->nf;
	}
	for (size_t i = 0; i < r->nf; i++) {
		char *s = r->f[i];
		size_t n = strlen(s);
		if (!cg_utf8_valid(s, n)) {
			in->st.read++;
			reject(r, (int)i + 1, CG_EPARSE, "invalid UTF-8 in column %s",
			       colname(in, i, cn, sizeof cn));
			goto counted;
		}
		while (n && blank(s[n - 1]))
			s[--n] = '\0';
		while (*s && blank(*s))
			s++, n--;
		for (size_t k = 0; k < m->nnulls; k++)
			if (strcmp(s, m->nulls[k]) == 0) {
				s += n;
				break;
			}
		r->v[i] = s;
	}
	if (!flt_pass(r, m->flt, m->nflt) || !flt_pass(r, d->flt, d->nflt)) {
		in->filtered++;
		in->st.skipped++;
		return;
	}
	in->st.read++;
	/* the case */
	r->kase = NULL;
	if (m->has_case) {
		int any;
		if ((rc = render(r, &m->kase, &r->casebuf, &any)))
			goto nomem;
		if (r->casebuf.len && (m->kase.places == 0 || any))
			r->kase = r->casebuf.buf;
	}
	if (!r->kase)
		r->kase = m->imp->opts.case_name && *m->imp->opts.case_name
		              ? m->imp->opts.case_name
		              : cg_strbuf_cstr(&r->dircase);
	cg_strbuf_reset(&r->arena);
	r->noffs = r->npp = r->nei = r->nli = 0;
	r->bad = 0;
	r->capped = 0;
	r->xon = 0;
	/* entities */
	for (size_t k = 0; k < m->nents && !r->bad; k++) {
		ent_spec *e = &m->ents[k];
		char what[100];
		r->efirst[k] = r->nei;
		r->ecount[k] = 0;
		if (!e->applies[in->decl] || !flt_pass(r, e->flt, e->nflt))
			continue;
		if (req_missing(r, e->req, e->nreq, what, sizeof what)) {
			tally_add(&e->skip_req, r, what);
			continue;
		}
		if (!e->ex.on) {
			if ((rc = eval_entity(r, (int)k, 0)))
				goto nomem;
			continue;
		}
		const char *text = cell(r, e->ex.ref);
		rx_iter it = {&e->ex.re, text, strlen(text), 0, 0, 0};
		size_t nth = 0;
		r->xon = 1;
		r->xtext = text;
		while (!r->bad && rx_next(&it, r->xg))
			if ((rc = eval_entity(r, (int)k, ++nth)))
				goto nomem;
		r->capped |= it.capped;
		r->xon = 0;
	}
	/* links */
	for (size_t k = 0; k < m->nlinks && !r->bad; k++) {
		link_spec *l = &m->links[k];
		char what[100];
		if (!l->applies[in->decl] || !flt_pass(r, l->flt, l->nflt))
			continue;
		if (req_missing(r, l->req, l->nreq, what, sizeof what)) {
			tally_add(&l->skip_req, r, what);
			continue;
		}
		if (l->ex.on) {
			const char *text = cell(r, l->ex.ref);
			rx_iter it = {&l->ex.re, text, strlen(text), 0, 0, 0};
			r->xon = 1;
			r->xtext = text;
			while (!r->bad && rx_next(&it, r->xg))
				if ((rc = eval_link(r, (int)k, 0)))
					goto nomem;
			r->capped |= it.capped;
			r->xon = 0;
		} else if (l->per_ent >= 0) {
			for (size_t i = 0; i < r->ecount[l->per_ent] && !r->bad; i++)
				if ((rc = eval_link(r, (int)k, r->efirst[l->per_ent] + i)))
					goto nomem;
			if (!r->ecount[l->per_ent])
				continue;
		} else if ((rc = eval_link(r, (int)k, 0))) {
			goto nomem;
		}
	}
	if (r->bad) {
		reject_diag(r, &r->rowerr);
		goto counted;
	}
	if (add_row(r) == 0 && !r->rc) {
		in->st.imported++;
		if (r->capped)
			tally_add(&m->capped, r, NULL);
	}
counted:
	if (m->imp->opts.max_rows && ++r->rows >= m->imp->opts.max_rows)
		r->done = 1;
	return;
nomem:
	r->rc = cg_error_set(m->err, rc, in->path, r->rec_line, 0, "out of memory");
}

/* Keeps the first record of a file (peek) for read_input. */
static int keep_first(run *r, const cg_csv_record *rec)
{
	for (size_t i = 0; i < rec->nfields; i++)
		if (cg_strbuf_puts(&r->first, rec->fields[i]) || cg_strbuf_putc(&r->first, '\0'))
			return r->rc = cg_error_set(r->m->err, CG_ENOMEM, r->in->path, 0, 0,
			                            "out of memory");
	r->first_nf = rec->nfields;
	r->first_bad = rec->bad;
	if (rec->bad)
		snprintf(r->first_why, sizeof r->first_why, "%s", rec->why);
	return 0;
}

/* csv_reader's record callback: the header (kept when peeking, else passed
 * over), then the rows up to opts.max_rows. */
static int on_record(void *data, const cg_csv_record *rec)
{
	run *r = data;

	if (r->done)
		return CG_CSV_STOP;
	r->rec_line = rec->line;
	r->f = rec->fields;
	r->nf = rec->nfields;
	if (r->peek) {
		r->done = 1;
		return keep_first(r, rec) ? r->rc : CG_CSV_STOP;
	}
	if (!r->header_done && r->m->decls[r->in->decl].header) {
		r->header_done = 1;
		return 0;
	}
	row(r, rec);
	return r->rc ? r->rc : r->done ? CG_CSV_STOP : 0;
}

/* csv_reader's malformed-record callback: fails the file when it is the
 * header, else rejects the row. */
static int on_malformed(void *data, long line, int code, const char *why)
{
	run *r = data;
	const decl *d = &r->m->decls[r->in->decl];
	cg_error diag;

	/* once done (the rest of the line after the last record taken is
	 * still checked), the fault is cited at the last record taken */
	if (!r->done)
		r->rec_line = line;
	if (r->peek || (!r->header_done && d->header)) {
		if (d->header)
			return r->rc = cg_error_set(r->m->err, code, r->in->path, r->rec_line, 0,
			                            "header: %s", why);
		return CG_CSV_STOP; /* a file without a header: its first row is reported when read
		                     */
	}
	r->in->st.read++;
	cg_error_set(&diag, code, r->in->path, r->rec_line, 0, "%s", why);
	reject_diag(r, &diag);
	if (r->rc)
		return r->rc;
	if (r->m->imp->opts.max_rows && ++r->rows >= r->m->imp->opts.max_rows)
		r->done = 1;
	return r->done ? CG_CSV_STOP : 0;
}

static void run_free(run *r)
{
	cg_strbuf_free(&r->first);
	free(r->v);
	cg_strbuf_free(&r->dircase);
	cg_strbuf_free(&r->casebuf);
	cg_strbuf_free(&r->arena);
	cg_strbuf_free(&r->t1);
	cg_strbuf_free(&r->t2);
	cg_strbuf_free(&r->t3);
	free(r->offs);
	free(r->pp);
	free(r->ei);
	free(r->li);
	free(r->efirst);
	free(r->ecount);
	free(r->ptrs);
	free(r->props);
}

/* Reads input ii: its header only (peek), or all its rows. */
static int read_input(mapping *m, size_t ii, int peek)
{
	run r;
	input *in = &m->ins[ii];
	const decl *d = &m->decls[in->decl];
	cg_csv_opts o = CG_CSV_OPTS_INIT;

	memset(&r, 0, sizeof r);
	r.m = m;
	r.in = in;
	r.ii = ii;
	r.peek = peek;
	import_dir_case(in->path, &r.dircase);
	r.efirst = calloc(m->nents ? m->nents : 1, sizeof *r.efirst);
	r.ecount = calloc(m->nents ? m->nents : 1, sizeof *r.ecount);
	if (!r.efirst || !r.ecount) {
		r.rc = nomem(m);
		goto out;
	}
	cg_csv_opts_limits(&o, &m->imp->opts);
	o.delim = d->delim;
	o.enc = d->enc;
	o.dos_padding = 1; /* exports from DOS-era tools end in Ctrl-Z */
	if ((r.rc = cg_csv_read(in->path, &o, on_record, on_malformed, &r, m->err)))
		goto out;
	if (peek && r.done && r.first_bad && d->header) {
		r.rc = cg_error_set(m->err, r.first_bad, in->path, r.rec_line, 0, "header: %s",
		                    r.first_why);
		goto out;
	}
	if (peek && r.done) {
		/* the header's names, or the number of fields of the first row */
		char *s = r.first.buf;
		in->ncols = r.first_nf;
		if (d->header) {
			if (!(in->names = calloc(r.first_nf ? r.first_nf : 1, sizeof *in->names))) {
				r.rc = nomem(m);
				goto out;
			}
			/* not bad: no field holds a NUL */
			for (size_t i = 0; i < r.first_nf; i++, s += strlen(s) + 1) {
				size_t n = strlen(s);
				const char *t = s;
				if (d->enc == CG_CSV_UTF8 && !cg_utf8_valid(s, n)) {
					r.rc = cg_error_set(
					    m->err, CG_EPARSE, in->path, r.rec_line, (int)i + 1,
					    "header column %zu is not valid UTF-8", i + 1);
					goto out;
				}
				trim_span(&t, &n);
				if (!(in->names[i] = strndup(t, n))) {
					r.rc = nomem(m);
					goto out;
				}
				in->nnames = i + 1;
			}
		}
	}
	if (peek && !r.done && d->header)
		r.rc = cg_error_set(m->err, CG_EPARSE, in->path, 0, 0, "empty file: no header row");
out:
	run_free(&r);
	return r.rc;
}

/* ================= columns against headers ================= */

static int in_scope(const mapping *m, const coluse *u, const input *in)
{
	switch (u->sk) {
	case SC_DECL:
		return in->decl == u->si;
	case SC_ENT:
		return m->ents[u->si].applies[in->decl];
	case SC_LINK:
		return m->links[u->si].applies[in->decl];
	default:
		return 1;
	}
}

static int resolve_columns(mapping *m)
{
	for (size_t i = 0; i < m->nrefs; i++) {
		if (!(m->refs[i].idx = malloc((m->nins ? m->nins : 1) * sizeof *m->refs[i].idx)))
			return nomem(m);
		for (size_t k = 0; k < m->nins; k++)
			m->refs[i].idx[k] = -1;
	}
	for (size_t u = 0; u < m->nuses; u++) {
		const coluse *cu = &m->uses[u];
		colref *c = &m->refs[cu->ref];
		const char *sep = cu->ctx[0] ? ": " : "";
		for (size_t k = 0; k < m->nins; k++) {
			const input *in = &m->ins[k];
			if (!in_scope(m, cu, in) || c->idx[k] >= 0)
				continue;
			if (!c->name) {
				if (in->ncols && (size_t)c->number > in->ncols)
					return cg_error_set(
					    m->err, CG_EPARSE, m->path, cu->line, 0,
					    "%s%scolumn %ld, but %s has %zu columns", cu->ctx, sep,
					    c->number, in->path, in->ncols);
				c->idx[k] = (int)(c->number - 1);
				continue;
			}
			if (!in->names)
				return cg_error_set(
				    m->err, CG_EPARSE, m->path, cu->line, 0,
				    "%s%scolumn '%s', but %s has no header row (refer to its "
				    "columns by number, or name them with \"columns\")",
				    cu->ctx, sep, c->name, in->path);
			int hits = 0;
			for (size_t i = 0; i < in->nnames; i++)
				if (lower_eq(in->names[i], c->name)) {
					if (!hits++)
						c->idx[k] = (int)i;
				}
			if (hits > 1)
				return cg_error_set(
				    m->err, CG_EPARSE, m->path, cu->line, 0,
				    "%s%scolumn '%s' appears %d times in %s: refer to it by "
				    "number",
				    cu->ctx, sep, c->name, hits, in->path);
			if (!hits) {
				char list[300];
				size_t len = 0;
				list[0] = '\0';
				for (size_t i = 0; i < in->nnames; i++)
					list_add(list, sizeof list, &len, i ? ", " : "",
					         in->names[i]);
				return cg_error_set(
				    m->err, CG_EPARSE, m->path, cu->line, 0,
				    "%s%sunknown column '%s' in %s (its columns: %s)", cu->ctx, sep,
				    c->name, in->path, list);
			}
		}
	}
	return 0;
}

/* ================= after the last row ================= */

static cg_eid lookup(mapping *m, const endref *ref, const char *name, int *ambiguous)
{
	uint32_t id;
	int rc = cg_norm_text(name, strlen(name), &m->norm);

	*ambiguous = 0;
	if (rc || !m->norm.len)
		return CG_NO_ENTITY;
	for (int alias = 0; alias < 2; alias++)
		for (size_t i = 0; i < ref->namong; i++) {
			ent_spec *e = &m->ents[ref->among[i]];
			if (!e->ix || !(id = cg_strpool_find(e->ix, m->norm.buf, m->norm.len)) ||
			    id >= e->ix_cap)
				continue;
			cg_eid eid = alias ? e->ix_alias[id] : e->ix_prim[id];
			if (eid != CG_NO_ENTITY) {
				*ambiguous = !alias && e->ix_n[id] > 1;
				return eid;
			}
		}
	return CG_NO_ENTITY;
}

static int resolve_pending(mapping *m)
{
	cg_graph *g = m->imp->g;
	cg_prop *props = NULL;
	size_t capprops = 0;
	int rc = 0;

	for (size_t i = 0; i < m->npend && !rc; i++) {
		pend *p = &m->pend[i];
		link_spec *l = &m->links[p->link];
		const char *kase = m->pa.buf + p->kase;
		cg_eid ends[2];
		int skip = 0;
		for (int k = 0; k < 2 && !skip; k++) {
			int amb;
			ends[k] = p->eid[k];
			if (!p->by_name[k])
				continue;
			const char *name = m->pa.buf + p->text[k];
			l->looked++;
			ends[k] = lookup(m, &l->end[k], name, &amb);
			if (ends[k] != CG_NO_ENTITY) {
				l->found++;
				l->ambiguous += amb != 0;
				continue;
			}
			l->not_found++;
			if (l->end[k].missing != M_CREATE) {
				skip = 1;
				continue;
			}
			cg_entity_rec rec = CG_ENTITY_REC_INIT;
			cg_prov prov = {p->file, p->line, kase, NULL, NULL, 0};
			cg_add_result how;
			cg_error gerr;
			rec.type = l->end[k].ctype;
			rec.name = name;
			rec.prov = &prov;
			rec.n_prov = 1;
			if ((rc = cg_graph_add_entity(g, &rec, &ends[k], &how, &gerr))) {
				rc = cg_error_set(m->err, rc, p->file, p->line, 0, "link '%s': %s",
				                  l->name, gerr.message);
				break;
			}
			l->created++;
			if ((rc = import_mark_case(m->imp, kase))) {
				rc = nomem(m);
				break;
			}
			for (size_t n = 0; n < m->nins; n++)
				if (m->ins[n].path == p->file) {
					if (how == CG_ADD_CREATED)
						m->ins[n].st.entities_created++;
					else
						m->ins[n].st.entities_merged++;
				}
		}
		if (rc || skip)
			continue;
		if (p->np > capprops) {
			cg_prop *np = realloc(props, p->np * 2 * sizeof *np);
			if (!np) {
				rc = nomem(m);
				break;
			}
			props = np;
			capprops = p->np * 2;
		}
		for (size_t k = 0; k < p->np; k++) {
			props[k].name = m->pp[p->p0 + k].name;
			props[k].value = m->pa.buf + m->pp[p->p0 + k].val;
		}
		cg_link_rec rec = CG_LINK_REC_INIT;
		cg_prov prov = {p->file, p->line, kase, NULL, NULL, 0};
		cg_add_result how;
		cg_error gerr;
		cg_lid lid;
		rec.type = m->pa.buf + p->type;
		rec.source = ends[0];
		rec.target = ends[1];
		rec.directed = p->directed;
		rec.amount = p->amount != NONE ? m->pa.buf + p->amount : NULL;
		rec.currency = p->currency != NONE ? m->pa.buf + p->currency : NULL;
		rec.props = props;
		rec.n_props = p->np;
		rec.prov = &prov;
		rec.n_prov = 1;
		if ((rc = cg_graph_add_link(g, &rec, &lid, &how, &gerr))) {
			rc = cg_error_set(m->err, rc, p->file, p->line, 0, "link '%s': %s", l->name,
			                  gerr.message);
			break;
		}
		for (size_t n = 0; n < m->nins; n++)
			if (m->ins[n].path == p->file) {
				if (how == CG_ADD_CREATED)
					m->ins[n].st.links_created++;
				else
					m->ins[n].st.links_merged++;
			}
	}
	free(props);
	return rc;
}

static void notice_tally(mapping *m, long line, const tally *t, const char *head,
                         const char *reason)
{
	if (!t->n)
		return;
	notice(m, line, "%s %zu row%s: %s (first: %s:%ld%s%s)", head, t->n, t->n == 1 ? "" : "s",
	       reason, t->file, t->line, t->what[0] ? ", " : "", t->what);
}

static void notice_values(mapping *m, valspec *vs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const tally *t = &vs[i].dropped;
		if (!t->n)
			continue;
		notice(m, vs[i].line,
		       "%s: %zu value%s taken from free text left out, not a date%s (first: "
		       "%s:%ld, %s)",
		       vs[i].what, t->n, t->n == 1 ? "" : "s",
		       vs[i].nfmts ? " in the declared format" : "", t->file, t->line, t->what);
	}
}

static void notices(mapping *m)
{
	if (m->capped.n)
		notice(m, 0,
		       "%zu row%s with more than %d matches of a regular expression in one cell: "
		       "the matches after the %dth were left out (first: %s:%ld)",
		       m->capped.n, m->capped.n == 1 ? "" : "s", MAX_MATCHES, MAX_MATCHES,
		       m->capped.file, m->capped.line);
	for (size_t i = 0; i < m->nins; i++)
		if (m->ins[i].filtered)
			notice(m,
			       m->decls[m->ins[i].decl].nflt ? m->decls[m->ins[i].decl].flt_line
			                                     : m->flt_line,
			       "%s: %zu row%s left out by the filters", m->ins[i].path,
			       m->ins[i].filtered, m->ins[i].filtered == 1 ? "" : "s");
	for (size_t i = 0; i < m->nents; i++) {
		ent_spec *e = &m->ents[i];
		char head[120];
		snprintf(head, sizeof head, "entity '%s' not made in", e->name);
		notice_tally(m, e->line, &e->skip_req, head, "a required column is empty");
		notice_tally(m, e->line, &e->skip_empty, head, "no name or identifier");
		notice_values(m, &e->type_v, 1);
		notice_values(m, &e->name_v, 1);
		notice_values(m, e->aliases.v, e->aliases.n);
		notice_values(m, e->roles.v, e->roles.n);
		for (size_t k = 0; k < e->nprops; k++)
			notice_values(m, e->props[k].v.v, e->props[k].v.n);
	}
	for (size_t i = 0; i < m->nlinks; i++) {
		link_spec *l = &m->links[i];
		char head[120];
		snprintf(head, sizeof head, "link '%s' not made in", l->name);
		notice_tally(m, l->line, &l->skip_req, head, "a required column is empty");
		notice_tally(m, l->line, &l->skip_end, head, "an end is missing");
		notice_tally(m, l->line, &l->missing_id, head, "no entity has the id it names");
		for (size_t k = 0; k < l->nprops; k++)
			notice_values(m, l->props[k].v.v, l->props[k].v.n);
		notice_values(m, &l->amount, 1);
		if (l->looked) {
			char amb[80] = "";
			int create = l->end[0].missing == M_CREATE || l->end[1].missing == M_CREATE;
			const char *ct = l->end[l->end[0].kind == R_NAME ? 0 : 1].ctype;
			if (l->ambiguous)
				snprintf(amb, sizeof amb,
				         "; %zu name%s several entities, the first taken",
				         l->ambiguous,
				         l->ambiguous == 1 ? " matched" : "s matched");
			notice(m, l->line,
			       "link '%s': %zu name%s looked up: %zu found, %zu not found%s%s%s%s",
			       l->name, l->looked, l->looked == 1 ? "" : "s", l->found,
			       l->not_found,
			       !l->not_found ? ""
			       : create      ? " (made as entities of type '"
			                     : " (left out)",
			       l->not_found && create && ct ? ct : "",
			       l->not_found && create ? "')" : "", amb);
		}
	}
}

/* ================= entry points ================= */

/* The path of a declared file: relative to the mapping's directory. */
static int decl_path(mapping *m, const decl *d, char **out)
{
	cg_strbuf sb = CG_STRBUF_INIT;

	if (d->path[0] != '/' && cg_strbuf_puts(&sb, m->dir)) {
		cg_strbuf_free(&sb);
		return nomem(m);
	}
	if (cg_strbuf_puts(&sb, d->path)) {
		cg_strbuf_free(&sb);
		return nomem(m);
	}
	*out = sb.buf;
	return 0;
}

/* Imports the mapping at path: its own files, or (given) the CSV files csvs. */
static int import_run(cg_import *imp, const char *path, int given, const char *const *csvs,
                      size_t ncsv, cg_import_stats *st, cg_import_stats *per_file, cg_error *err)
{
	mapping m;
	int rc;

	memset(&m, 0, sizeof m);
	m.imp = imp;
	m.err = err;
	if ((rc = load(&m, path)))
		goto out;
	/* the files to read */
	m.nins = given ? ncsv : m.ndecls;
	if (!(m.ins = calloc(m.nins ? m.nins : 1, sizeof *m.ins))) {
		rc = nomem(&m);
		goto out;
	}
	for (size_t i = 0; i < m.nins; i++) {
		input *in = &m.ins[i];
		if (!given) {
			in->decl = (int)i;
			if ((rc = decl_path(&m, &m.decls[i], &in->path)))
				goto out;
			continue;
		}
		if (!(in->path = strdup(csvs[i]))) {
			rc = nomem(&m);
			goto out;
		}
		in->decl = -1;
		for (size_t d = 0; d < m.ndecls && in->decl < 0; d++)
			if (m.ndecls == 1 ||
			    strcmp(base_name(m.decls[d].path), base_name(csvs[i])) == 0)
				in->decl = (int)d;
		if (in->decl < 0) {
			rc = cg_error_set(
			    err, CG_EINVAL, csvs[i], 0, 0,
			    "matches none of the files of mapping %s (a CSV file is read with "
			    "the settings of the file of the same name)",
			    path);
			goto out;
		}
	}
	/* every header first, then every column the mapping names */
	for (size_t i = 0; i < m.nins && !rc; i++) {
		const decl *d = &m.decls[m.ins[i].decl];
		if ((rc = read_input(&m, i, 1)))
			break;
		if (!d->header && d->cols) {
			if (m.ins[i].ncols && m.ins[i].ncols != d->ncols) {
				rc = cg_error_set(err, CG_EPARSE, path, d->line, 0,
				                  "the mapping names %zu columns, but the first "
				                  "row of %s has %zu",
				                  d->ncols, m.ins[i].path, m.ins[i].ncols);
				break;
			}
			m.ins[i].ncols = d->ncols;
			if (!(m.ins[i].names =
			          calloc(d->ncols ? d->ncols : 1, sizeof *m.ins[i].names))) {
				rc = nomem(&m);
				break;
			}
			for (size_t k = 0; k < d->ncols; k++) {
				if (!(m.ins[i].names[k] = strdup(d->cols[k]))) {
					rc = nomem(&m);
					break;
				}
				m.ins[i].nnames = k + 1;
			}
		}
	}
	if (rc || (rc = resolve_columns(&m)))
		goto out;
	for (size_t i = 0; i < m.nins && !rc; i++)
		rc = read_input(&m, i, 0);
	if (!rc)
		rc = resolve_pending(&m);
	if (!rc)
		notices(&m);
out:
	for (size_t i = 0; i < m.nins && m.ins; i++) {
		const cg_import_stats *s = &m.ins[i].st;
		if (per_file)
			per_file[i] = *s;
		if (st) {
			st->read += s->read;
			st->imported += s->imported;
			st->rejected += s->rejected;
			st->skipped += s->skipped;
			st->entities_created += s->entities_created;
			st->entities_merged += s->entities_merged;
			st->links_created += s->links_created;
			st->links_merged += s->links_merged;
		}
	}
	mapping_free(&m);
	return rc;
}

int cg_import_mapping(cg_import *imp, const char *path, cg_import_stats *st, cg_error *err)
{
	return import_run(imp, path, 0, NULL, 0, st, NULL, err);
}

int cg_import_mapping_apply(cg_import *imp, const char *mapping_path, const char *const *csv_paths,
                            size_t n, cg_import_stats *per_file, cg_error *err)
{
	if (per_file)
		memset(per_file, 0, n * sizeof *per_file);
	return import_run(imp, mapping_path, 1, csv_paths, n, NULL, per_file, err);
}
