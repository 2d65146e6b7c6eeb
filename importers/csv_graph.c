/* The graph-CSV importer: nodes files and links files (docs/IMPORT.md).
 *
 * csv_reader gives the records, each with the line it started on, bounded,
 * and reports malformed ones; this file counts fields itself (libcsv does
 * not detect ragged rows) and turns each row into an entity or a link. */
#include "cg_import.h"

#include "cg_array.h"
#include "cg_normalize.h"
#include "csv_reader.h"
#include "import_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum col_role {
	COL_PROP,
	COL_ID,
	COL_TYPE,
	COL_NAME,
	COL_CASE,
	COL_ROLE,
	COL_ALIASES,
	COL_SOURCE,
	COL_TARGET,
	COL_AMOUNT,
	COL_CURRENCY,
	COL_DIRECTED,
};

typedef struct csvctx {
	import_file *in; /* the file, its session and counts */
	int rc;          /* first fatal error (stops the file) */
	int done;        /* opts.max_rows rows read: stop quietly */
	size_t rows;     /* data rows read from this file */
	/* the current record (lent by csv_reader) */
	long rec_line; /* line it started on */
	char **f;      /* its fields */
	size_t nf;
	/* the header */
	int have_header;
	size_t ncols;
	enum col_role *roles;
	char **colnames;
	int c_id, c_type, c_name, c_case, c_src, c_dst;
	/* scratch */
	cg_strbuf casebuf;
	const char **list; /* split aliases / roles */
	size_t list_cap;
	cg_prop *props;
	size_t props_cap;
} csvctx;

/* ASCII blanks trimmed in place (csv_reader lends the fields for that). */
static char *trimmed(csvctx *c, size_t i)
{
	char *s = c->f[i];
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static int reject(csvctx *c, int column, int code, const char *fmt, const char *a, const char *b)
{
	cg_error diag;
	cg_error_set(&diag, code, c->in->path, c->rec_line, column, fmt, a, b);
	int rc = import_reject(c->in->imp, c->in->st, &diag, c->in->err);
	if (rc)
		c->rc = rc;
	return rc;
}

static int reject_graph(csvctx *c, const cg_error *gerr)
{
	cg_error diag = *gerr;

	if (gerr->code == CG_ENOMEM) {
		c->rc = CG_ENOMEM;
		cg_error_set(c->in->err, CG_ENOMEM, c->in->path, c->rec_line, 0, "out of memory");
		return c->rc;
	}
	cg_error_set_file(&diag, c->in->path);
	diag.line = c->rec_line;
	if (c->c_type >= 0 && strstr(gerr->message, " type '"))
		diag.column = c->c_type + 1; /* the graph rejected the type column */
	int rc = import_reject(c->in->imp, c->in->st, &diag, c->in->err);
	if (rc)
		c->rc = rc;
	return rc;
}

static int header(csvctx *c)
{
	c->c_id = c->c_type = c->c_name = c->c_case = c->c_src = c->c_dst = -1;
	c->ncols = c->nf;
	c->roles = calloc(c->nf, sizeof *c->roles);
	c->colnames = calloc(c->nf, sizeof *c->colnames);
	if (!c->roles || !c->colnames)
		return c->rc = CG_ENOMEM;
	for (size_t i = 0; i < c->nf; i++) {
		char *name = trimmed(c, i);
		if (i == 0 && (unsigned char)name[0] == 0xEF && (unsigned char)name[1] == 0xBB &&
		    (unsigned char)name[2] == 0xBF)
			name += 3;
		for (char *p = name; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
		if (!*name || !cg_utf8_valid(name, strlen(name)))
			return c->rc = cg_error_set(c->in->err, CG_EPARSE, c->in->path, c->rec_line,
			                            (int)i + 1,
			                            "header column %zu has no valid name", i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(c->colnames[j], name) == 0)
				return c->rc = cg_error_set(
				           c->in->err, CG_EPARSE, c->in->path, c->rec_line,
				           (int)i + 1, "duplicate column '%s' in header", name);
		if (!(c->colnames[i] = strdup(name)))
			return c->rc = CG_ENOMEM;
		enum col_role r = COL_PROP;
		int nodes = c->in->fmt == CG_FMT_NODES_CSV;
		if (nodes && strcmp(name, "id") == 0)
			r = COL_ID, c->c_id = (int)i;
		else if (strcmp(name, "type") == 0)
			r = COL_TYPE, c->c_type = (int)i;
		else if (nodes && strcmp(name, "name") == 0)
			r = COL_NAME, c->c_name = (int)i;
		else if (strcmp(name, "case") == 0)
			r = COL_CASE, c->c_case = (int)i;
		else if (nodes && (strcmp(name, "role") == 0 || strcmp(name, "roles") == 0))
			r = COL_ROLE;
		else if (nodes && strcmp(name, "aliases") == 0)
			r = COL_ALIASES;
		else if (!nodes && strcmp(name, "source") == 0)
			r = COL_SOURCE, c->c_src = (int)i;
		else if (!nodes && strcmp(name, "target") == 0)
			r = COL_TARGET, c->c_dst = (int)i;
		else if (!nodes && strcmp(name, "amount") == 0)
			r = COL_AMOUNT;
		else if (!nodes && strcmp(name, "currency") == 0)
			r = COL_CURRENCY;
		else if (!nodes && strcmp(name, "directed") == 0)
			r = COL_DIRECTED;
		c->roles[i] = r;
	}
	if (c->in->fmt == CG_FMT_NODES_CSV && (c->c_id < 0 || c->c_type < 0))
		return c->rc = cg_error_set(c->in->err, CG_EPARSE, c->in->path, c->rec_line, 0,
		                            "a nodes file needs the columns id and type");
	if (c->in->fmt == CG_FMT_LINKS_CSV && (c->c_src < 0 || c->c_dst < 0))
		return c->rc = cg_error_set(c->in->err, CG_EPARSE, c->in->path, c->rec_line, 0,
		                            "a links file needs the columns source and target");
	c->have_header = 1;
	return 0;
}

static const char *row_case(csvctx *c)
{
	const char *v = c->c_case >= 0 ? trimmed(c, (size_t)c->c_case) : "";
	return *v ? v : c->in->kase;
}

/* Splits a ';'-separated cell in place into c->list. */
static int split(csvctx *c, char *s, size_t *n)
{
	for (char *p = s; p;) {
		char *semi = strchr(p, ';');
		if (semi)
			*semi = '\0';
		while (*p == ' ')
			p++;
		size_t len = strlen(p);
		while (len && p[len - 1] == ' ')
			p[--len] = '\0';
		if (*p) {
			if (CG_ARRAY_GROW(c->list, c->list_cap, *n + 1, 16))
				return CG_ENOMEM;
			c->list[(*n)++] = p;
		}
		p = semi ? semi + 1 : NULL;
	}
	return 0;
}

static int collect_props(csvctx *c, size_t *np)
{
	if (CG_ARRAY_GROW(c->props, c->props_cap, c->ncols, c->ncols))
		return CG_ENOMEM;
	*np = 0;
	for (size_t i = 0; i < c->ncols; i++) {
		if (c->roles[i] != COL_PROP)
			continue;
		const char *v = trimmed(c, i);
		if (!*v)
			continue;
		c->props[*np].name = c->colnames[i];
		c->props[(*np)++].value = v;
	}
	return 0;
}

static int node_row(csvctx *c)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov = {c->in->path, c->rec_line, NULL, NULL, NULL, 0, NULL, NULL};
	size_t nalias = 0, nroles = 0, np = 0, aliases_at;
	cg_error gerr;
	cg_eid e;
	int rc;

	prov.case_name = row_case(c);
	prov.local_id = trimmed(c, (size_t)c->c_id);
	if (!*prov.local_id)
		return reject(c, c->c_id + 1, CG_EPARSE, "empty id%s%s", "", "");
	for (size_t i = 0; i < c->ncols; i++)
		if (c->roles[i] == COL_ROLE && (rc = split(c, trimmed(c, i), &nroles)))
			return c->rc = rc;
	/* aliases follow the roles in c->list */
	aliases_at = nalias = nroles;
	for (size_t i = 0; i < c->ncols; i++)
		if (c->roles[i] == COL_ALIASES && (rc = split(c, trimmed(c, i), &nalias)))
			return c->rc = rc;
	if ((rc = collect_props(c, &np)))
		return c->rc = rc;
	rec.type = trimmed(c, (size_t)c->c_type);
	rec.name = c->c_name >= 0 ? trimmed(c, (size_t)c->c_name) : NULL;
	/* c->list is NULL until a row has a role or an alias: NULL + 0 is
	 * undefined, so empty lists are NULL */
	rec.roles = nroles ? c->list : NULL;
	rec.n_roles = nroles;
	rec.aliases = nalias > aliases_at ? c->list + aliases_at : NULL;
	rec.n_aliases = nalias - aliases_at;
	rec.props = c->props;
	rec.n_props = np;
	rec.prov = &prov;
	rec.n_prov = 1;
	if (import_add_entity(c->in, &rec, &e, &gerr))
		return reject_graph(c, &gerr);
	c->in->st->imported++;
	return 0;
}

/* Resolves a link end; an edge list creates its nodes. */
static int link_end(csvctx *c, int col, const char *kase, int edge_list, cg_eid *out)
{
	const char *id = trimmed(c, (size_t)col);
	cg_prov prov = {c->in->path, c->rec_line, kase, id, NULL, 0, NULL, NULL};
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_error gerr;
	cg_add_result how;
	int rc;

	if (!*id)
		return reject(c, col + 1, CG_EPARSE, "empty %s id%s", c->colnames[col], "") ? c->rc
		                                                                            : 1;
	*out = cg_graph_find_local(c->in->g, kase, id);
	if (*out != CG_NO_ENTITY)
		return 0;
	if (!edge_list) {
		cg_error diag;
		cg_error_set(&diag, CG_ENOTFOUND, c->in->path, c->rec_line, col + 1,
		             "unknown %s id '%.200s' in case '%.200s'", c->colnames[col], id, kase);
		rc = import_reject(c->in->imp, c->in->st, &diag, c->in->err);
		if (rc)
			c->rc = rc;
		return rc ? rc : 1;
	}
	/* Edge-list nodes are keyed by case and id only: their ids ("1", "2")
	 * say nothing across cases. */
	cg_strbuf_reset(&c->casebuf);
	if (cg_strbuf_printf(&c->casebuf, "%s/%s", kase, id))
		return c->rc = CG_ENOMEM;
	const char *key = cg_strbuf_cstr(&c->casebuf);
	rec.type = c->in->opts->node_type;
	rec.name = id;
	rec.keys = &key;
	rec.n_keys = 1;
	rec.prov = &prov;
	rec.n_prov = 1;
	cg_error_clear(&gerr);
	if ((rc = cg_graph_add_entity(c->in->g, &rec, out, &how, &gerr)))
		return reject_graph(c, &gerr) ? c->rc : 1;
	if (how == CG_ADD_CREATED)
		c->in->st->nodes_from_edges++;
	return 0;
}

static int link_row(csvctx *c)
{
	cg_link_rec rec = CG_LINK_REC_INIT;
	const char *kase = row_case(c);
	cg_prov prov = {c->in->path, c->rec_line, kase, NULL, NULL, 0, NULL, NULL};
	int edge_list = !import_case_has_nodes(c->in->imp, kase);
	size_t np = 0;
	cg_error gerr;
	int rc;

	if ((rc = link_end(c, c->c_src, kase, edge_list, &rec.source)))
		return rc < 0 ? rc : 0;
	if ((rc = link_end(c, c->c_dst, kase, edge_list, &rec.target)))
		return rc < 0 ? rc : 0;
	rec.type = c->c_type >= 0 ? trimmed(c, (size_t)c->c_type) : "";
	if (!*rec.type)
		rec.type = "related_to";
	for (size_t i = 0; i < c->ncols; i++) {
		const char *v = trimmed(c, i);
		if (c->roles[i] == COL_AMOUNT && *v)
			rec.amount = v;
		else if (c->roles[i] == COL_CURRENCY && *v)
			rec.currency = v;
		else if (c->roles[i] == COL_DIRECTED && *v) {
			if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcmp(v, "yes") == 0)
				rec.directed = 1;
			else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0 ||
			         strcmp(v, "no") == 0)
				rec.directed = 0;
			else
				return reject(
				    c, (int)i + 1, CG_EPARSE,
				    "bad value '%.40s' in column directed (true or false)%s", v,
				    "");
		}
	}
	if ((rc = collect_props(c, &np)))
		return c->rc = rc;
	rec.props = c->props;
	rec.n_props = np;
	rec.prov = &prov;
	rec.n_prov = 1;
	if (import_add_link(c->in, &rec, NULL, &gerr))
		return reject_graph(c, &gerr);
	c->in->st->imported++;
	return 0;
}

/* csv_reader's hint (cg_csv_opts.hint): a row some rows ahead, whose
 * lookups by case-local id (a node's id, a link's ends) are prefetched,
 * without touching its bytes. */
static void hint_row(void *data, const cg_csv_record *rec, int step)
{
	csvctx *c = data;
	const char *kase = c->in->kase;
	int cols[2] = {c->c_id, -1};

	if (!c->have_header || rec->nfields != c->ncols)
		return;
	if (c->c_case >= 0) {
		const char *v = rec->fields[c->c_case];
		if (v[strspn(v, " \t\r")])
			kase = v;
	}
	if (c->in->fmt != CG_FMT_NODES_CSV) {
		cols[0] = c->c_src;
		cols[1] = c->c_dst;
	}
	for (size_t i = 0; i < 2 && kase; i++)
		if (cols[i] >= 0)
			cg_graph_prefetch_local(c->in->g, kase, rec->fields[cols[i]], step);
}

/* csv_reader's record callback: the header, then one row. */
static int on_record(void *data, const cg_csv_record *rec)
{
	csvctx *c = data;

	c->rec_line = rec->line;
	c->f = rec->fields;
	c->nf = rec->nfields;
	if (!c->have_header) {
		if (rec->bad)
			return c->rc = cg_error_set(c->in->err, CG_ELIMIT, c->in->path, c->rec_line,
			                            0, "header: %s", rec->why);
		return header(c);
	}
	c->in->st->read++;
	if (c->in->opts->max_rows && ++c->rows >= c->in->opts->max_rows)
		c->done = 1;
	if (rec->bad) {
		reject(c, 0, rec->bad, "%s%s", rec->why, "");
		goto done;
	}
	if (c->nf != c->ncols) {
		char a[32], b[32];
		snprintf(a, sizeof a, "%zu", c->ncols);
		snprintf(b, sizeof b, "%zu", c->nf);
		reject(c, 0, CG_EPARSE, "expected %s fields, found %s", a, b);
		goto done;
	}
	if (rec->bad_utf8) { /* checked by the reader (check_utf8) */
		reject(c, (int)rec->bad_utf8, CG_EPARSE, "invalid UTF-8 in column '%s'%s",
		       c->colnames[rec->bad_utf8 - 1], "");
		goto done;
	}
	if (c->in->fmt == CG_FMT_NODES_CSV)
		node_row(c);
	else
		link_row(c);
done:
	return c->rc ? c->rc : c->done ? CG_CSV_STOP : 0;
}

/* csv_reader's malformed-record callback: rejects the row, or fails the
 * file when it is the header. */
static int on_malformed(void *data, long line, int code, const char *why)
{
	csvctx *c = data;
	cg_error diag;
	int rc;

	c->rec_line = line;
	if (!c->have_header)
		return c->rc = cg_error_set(c->in->err, code, c->in->path, c->rec_line, 0,
		                            "header: %s", why);
	c->in->st->read++;
	cg_error_set(&diag, code, c->in->path, c->rec_line, 0, "%s", why);
	if ((rc = import_reject(c->in->imp, c->in->st, &diag, c->in->err)))
		return c->rc = rc;
	return 0;
}

/* Lower-cased header cell without quotes and blanks. */
static void header_cell(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		char c = s[i];
		if (c == '"' || c == ' ' || c == '\t' || c == '\r')
			continue;
		out[k++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
	}
	out[k] = '\0';
}

/* Which of id, type, source, target the first line's cells name. */
enum { HAS_ID = 1, HAS_TYPE = 2, HAS_SOURCE = 4, HAS_TARGET = 8 };

static unsigned header_columns(const char *head, size_t len)
{
	const char *end = head + len, *cell = head;
	unsigned has = 0;

	for (const char *q = head;; q++) {
		if (q == end || *q == ',' || *q == '\n') {
			char name[64];
			header_cell(cell, (size_t)(q - cell), name, sizeof name);
			has |= strcmp(name, "id") == 0 ? HAS_ID : 0;
			has |= strcmp(name, "type") == 0 ? HAS_TYPE : 0;
			has |= strcmp(name, "source") == 0 ? HAS_SOURCE : 0;
			has |= strcmp(name, "target") == 0 ? HAS_TARGET : 0;
			cell = q + 1;
			if (q == end || *q == '\n')
				break;
		}
	}
	return has;
}

/* A links file: its header names source and target. */
static int sniff_links(const char *head, size_t len, const char *path)
{
	(void)path;
	return (header_columns(head, len) & (HAS_SOURCE | HAS_TARGET)) == (HAS_SOURCE | HAS_TARGET);
}

/* A nodes file: its header names id and type (and is not a links header,
 * which the table tries first). */
static int sniff_nodes(const char *head, size_t len, const char *path)
{
	(void)path;
	return (header_columns(head, len) & (HAS_ID | HAS_TYPE)) == (HAS_ID | HAS_TYPE);
}

static int run_csv(import_file *in)
{
	cg_csv_opts o = CG_CSV_OPTS_INIT;
	csvctx c;

	memset(&c, 0, sizeof c);
	c.in = in;
	cg_csv_opts_limits(&o, in->opts);
	/* a second thread reads ahead unless rows are counted to a stop
	 * (max_rows: on_record's CG_CSV_STOP) */
	o.read_ahead = !in->opts->max_rows && !in->opts->one_thread;
	o.check_utf8 = 1;
	o.hint = hint_row;
	c.rc = cg_csv_read(in->path, &o, on_record, on_malformed, &c, in->err);
	if (!c.rc && !c.have_header)
		c.rc =
		    cg_error_set(in->err, CG_EPARSE, in->path, 0, 0, "empty file: no header row");
	free(c.list);
	free(c.props);
	for (size_t i = 0; i < c.ncols && c.colnames; i++)
		free(c.colnames[i]);
	free(c.colnames);
	free(c.roles);
	cg_strbuf_free(&c.casebuf);
	return c.rc;
}

const import_format import_fmt_nodes = {
    .fmt = CG_FMT_NODES_CSV, .name = "nodes", .json = 0, .sniff = sniff_nodes, .run = run_csv};
const import_format import_fmt_links = {.fmt = CG_FMT_LINKS_CSV,
                                        .name = "links",
                                        .json = 0,
                                        .late = 1,
                                        .sniff = sniff_links,
                                        .run = run_csv};
