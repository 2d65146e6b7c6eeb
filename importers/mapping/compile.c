/* The mapped-CSV importer: the mapping file read, parsed and compiled
 * (step 1 of mapping_internal.h). The top level, the declared files, the
 * columns and the types are compiled here; templates, values and filters in
 * values.c, entities and links in entities.c. Every compile error cites the
 * mapping file's line, found by scanning its text once (cJSON keeps none). */
#include "mapping_internal.h"

#include "json_util.h"

#include <cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================= small helpers ================= */

int map_lower_eqn(const char *a, size_t n, const char *b)
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

int map_lower_eq(const char *a, const char *b)
{
	return map_lower_eqn(a, strlen(a), b);
}

/* Appends sep and name to the list in buf (of size cap >= 4; *len bytes
 * used, NUL-terminated), for a message that lists names: once the buffer is
 * full the list ends with "..." and further names are dropped. Offsets never
 * pass the buffer, however long the names. */
void map_list_add(char *buf, size_t cap, size_t *len, const char *sep, const char *name)
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

void map_trim_span(const char **s, size_t *n)
{
	while (*n && blank(**s))
		(*s)++, (*n)--;
	while (*n && blank((*s)[*n - 1]))
		(*n)--;
}

void map_free_strs(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* ================= JSON: lines of values ================= */

/* The line of every JSON value of the mapping file, in document order. */
typedef struct linetab {
	long *v;       /* the lines */
	size_t n, cap; /* how many, and room for */
} linetab;

/* Records the line of every JSON value in document order; an object
 * member's value gets its key's line. The text parsed, so it is valid JSON
 * (free of NUL bytes: map_load refuses them); each step advances, whatever the
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

/* Gives node and its descendants, in pre-order, the lines t recorded from
 * *k on: the order of the values in the text (scan_lines). */
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

/* ================= compile errors ================= */

/* The compile errors of mapping_internal.h. */
int map_nomem(mapping *m)
{
	return cg_error_set(m->err, CG_ENOMEM, m->path, 0, 0, "out of memory");
}

int map_err(mapping *m, const cJSON *at, const char *fmt, ...)
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

/* Refuses members outside allowed (and "comment", always allowed) and
 * members given twice. */
int map_members(mapping *m, const cJSON *obj, const char *const *allowed)
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
				map_list_add(list, sizeof list, &len, i ? ", " : "", allowed[i]);
			return map_err(m, c, "unknown member '%.60s' (expected: %s)", c->string,
			               list);
		}
		for (const cJSON *d = obj->child; d != c; d = d->next)
			if (strcmp(d->string, c->string) == 0)
				return map_err(m, c, "member '%s' is given twice", c->string);
	}
	return 0;
}

int map_get_bool(mapping *m, const cJSON *j, int *out)
{
	if (!cJSON_IsBool(j))
		return map_err(m, j, "'%s' must be true or false", j->string ? j->string : "value");
	*out = cJSON_IsTrue(j) != 0;
	return 0;
}

int map_get_str(mapping *m, const cJSON *j, const char **out)
{
	if (!cJSON_IsString(j))
		return map_err(m, j, "'%s' must be a string", j->string ? j->string : "value");
	*out = j->valuestring;
	return 0;
}

/* A string or an array of strings, copied. */
int map_get_strs(mapping *m, const cJSON *j, char ***out, size_t *n)
{
	size_t k = 0, cnt = cJSON_IsArray(j) ? (size_t)cJSON_GetArraySize(j) : 1;

	if (!cJSON_IsArray(j) && !cJSON_IsString(j))
		return map_err(m, j, "'%s' must be a string or an array of strings",
		               j->string ? j->string : "value");
	if (!(*out = calloc(cnt ? cnt : 1, sizeof **out)))
		return map_nomem(m);
	*n = 0;
	for (const cJSON *c = cJSON_IsArray(j) ? j->child : j; c;
	     c = cJSON_IsArray(j) ? c->next : NULL) {
		if (!cJSON_IsString(c))
			return map_err(m, c, "'%s' must be a string or an array of strings",
			               j->string ? j->string : "value");
		if (!((*out)[k++] = strdup(c->valuestring)))
			return map_nomem(m);
		*n = k;
	}
	return 0;
}

/* ================= columns ================= */

int map_colref_get(mapping *m, const cJSON *at, const char *name, long number, int *out)
{
	int rc = 0;
	size_t i;

	for (i = 0; i < m->nrefs; i++)
		if (name ? (m->refs[i].name && map_lower_eq(m->refs[i].name, name))
		         : (!m->refs[i].name && m->refs[i].number == number))
			break;
	if (i == m->nrefs) {
		RESERVE(m->refs, m->nrefs, m->caprefs, rc);
		if (rc)
			return map_nomem(m);
		memset(&m->refs[i], 0, sizeof m->refs[i]);
		m->nrefs++;
		m->refs[i].number = number;
		if (name && !(m->refs[i].name = strdup(name)))
			return map_nomem(m);
	}
	RESERVE(m->uses, m->nuses, m->capuses, rc);
	if (rc)
		return map_nomem(m);
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
int map_col_parse(mapping *m, const cJSON *j, int *ref)
{
	if (cJSON_IsString(j) && j->valuestring[0])
		return map_colref_get(m, j, j->valuestring, 0, ref);
	if (cJSON_IsNumber(j) && j->valuedouble >= 1 && j->valuedouble <= 1e6 &&
	    j->valuedouble == (double)(long)j->valuedouble)
		return map_colref_get(m, j, NULL, (long)j->valuedouble, ref);
	return map_err(m, j, "a column is a name (a string) or a number counted from 1");
}

int map_cols_parse(mapping *m, const cJSON *j, int **out, size_t *n)
{
	size_t cnt = cJSON_IsArray(j) ? (size_t)cJSON_GetArraySize(j) : 1;
	int rc;

	if (!(*out = calloc(cnt ? cnt : 1, sizeof **out)))
		return map_nomem(m);
	*n = 0;
	for (const cJSON *c = cJSON_IsArray(j) ? j->child : j; c;
	     c = cJSON_IsArray(j) ? c->next : NULL)
		if ((rc = map_col_parse(m, c, &(*out)[(*n)++])))
			return rc;
	return 0;
}

/* ================= types: the graph's own rules ================= */

/* 0 when the graph accepts t as an entity (link) type, CG_EPARSE with the
 * graph's reason in *why, or CG_ENOMEM. Each type is tried once, on a
 * scratch graph, so that the mapping and the graph can never disagree. */
int map_type_check(mapping *m, const char *t, int link, cg_error *why)
{
	cg_prov prov = {"mapping", 1, "probe", NULL, NULL, 0, NULL, NULL};
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

int map_type_check_at(mapping *m, const cJSON *at, const char *t, int link)
{
	cg_error why;
	int rc = map_type_check(m, t, link, &why);
	if (rc == CG_ENOMEM)
		return map_nomem(m);
	if (rc)
		return map_err(m, at, "%s", why.message);
	return 0;
}

/* ================= files ================= */

/* An "encoding": utf-8, latin-1 or windows-1252, by any of their usual
 * names, any case. */
static int enc_parse(mapping *m, const cJSON *j, cg_csv_enc *enc)
{
	const char *s = NULL;
	int rc;

	if ((rc = map_get_str(m, j, &s)))
		return rc;
	if (map_lower_eq(s, "utf-8") || map_lower_eq(s, "utf8"))
		*enc = CG_CSV_UTF8;
	else if (map_lower_eq(s, "latin-1") || map_lower_eq(s, "latin1") ||
	         map_lower_eq(s, "iso-8859-1") || map_lower_eq(s, "iso8859-1"))
		*enc = CG_CSV_LATIN1;
	else if (map_lower_eq(s, "windows-1252") || map_lower_eq(s, "cp1252"))
		*enc = CG_CSV_CP1252;
	else
		return map_err(
		    m, j,
		    "unsupported encoding '%.40s' (utf-8, latin-1 or windows-1252; convert "
		    "others with iconv first)",
		    s);
	return 0;
}

/* A "delimiter": one character, not a quote or a line end. */
static int delim_parse(mapping *m, const cJSON *j, char *delim)
{
	const char *s = NULL;
	int rc;

	if ((rc = map_get_str(m, j, &s)))
		return rc;
	if (strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
		return map_err(m, j,
		               "'delimiter' must be one character such as \",\", \";\" or \"\\t\"");
	*delim = s[0];
	return 0;
}

/* A declared file: a path, or an object with its own settings (the file
 * defaults of the top level otherwise). Its filters are compiled later, in
 * its own scope (compile_files). */
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
			return map_err(m, j, "an empty file name");
		if (!(d->path = strdup(j->valuestring)))
			return map_nomem(m);
	} else if (cJSON_IsObject(j)) {
		const char *s = NULL;
		if ((rc = map_members(m, j, allowed)))
			return rc;
		if (!(x = mem(j, "path")))
			return map_err(m, j, "a file object needs a 'path'");
		if ((rc = map_get_str(m, x, &s)))
			return rc;
		if (!*s)
			return map_err(m, x, "an empty file name");
		if (!(d->path = strdup(s)))
			return map_nomem(m);
		if ((x = mem(j, "header")) && (rc = map_get_bool(m, x, &d->header)))
			return rc;
		if ((x = mem(j, "encoding")) && (rc = enc_parse(m, x, &d->enc)))
			return rc;
		if ((x = mem(j, "delimiter")) && (rc = delim_parse(m, x, &d->delim)))
			return rc;
		if ((x = mem(j, "columns"))) {
			if (!cJSON_IsArray(x))
				return map_err(m, x, "'columns' must be an array of column names");
			if ((rc = map_get_strs(m, x, &d->cols, &d->ncols)))
				return rc;
		}
	} else {
		return map_err(m, j, "a file is a path or an object {\"path\": ...}");
	}
	if (!d->cols && m->cols) {
		if (!(d->cols = calloc(m->ncols ? m->ncols : 1, sizeof *d->cols)))
			return map_nomem(m);
		for (size_t i = 0; i < m->ncols; i++)
			if (!(d->cols[d->ncols++] = strdup(m->cols[i])))
				return map_nomem(m);
	}
	if (d->cols && d->header)
		return map_err(m, cJSON_IsObject(j) && mem(j, "columns") ? mem(j, "columns") : j,
		               "'columns' names the columns of a file without a header row: set "
		               "\"header\": false");
	return 0;
}

/* ================= the mapping file ================= */

static const char *const top_members[] = {
    "name",      "description", "file",        "files",   "case",     "header", "columns",
    "delimiter", "encoding",    "null_values", "filters", "entities", "links",  NULL};

/* An entity or link name: 1 to 64 letters, digits, '_', '-' and '.'. */
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

/* The declared files ("file" or "files"), then their own filters, each in
 * the scope of its file. */
static int compile_files(mapping *m)
{
	const cJSON *root = m->root, *x = mem(root, "file"), *f = mem(root, "files");
	size_t k = 0;
	int rc;

	if (x && f)
		return map_err(m, f, "give 'file' or 'files', not both");
	if (!x && !f)
		return map_err(m, root,
		               "no 'files': the CSV files the mapping reads, relative to it");
	if (f && (!cJSON_IsArray(f) || cJSON_GetArraySize(f) < 1))
		return map_err(m, f, "'files' must be an array of paths or file objects");
	m->ndecls = f ? (size_t)cJSON_GetArraySize(f) : 1;
	if (!(m->decls = calloc(m->ndecls, sizeof *m->decls)))
		return map_nomem(m);
	for (const cJSON *c = f ? f->child : x; c; c = f ? c->next : NULL, k++) {
		if ((rc = decl_parse(m, c, &m->decls[k])))
			return rc;
		for (size_t d = 0; d < k; d++)
			if (strcmp(m->decls[d].path, m->decls[k].path) == 0)
				return map_err(m, c, "file '%s' is named twice", m->decls[k].path);
	}
	k = 0;
	for (const cJSON *c = f ? f->child : x; c; c = f ? c->next : NULL, k++) {
		const cJSON *fl = cJSON_IsObject(c) ? mem(c, "filters") : NULL;
		if (!fl)
			continue;
		snprintf(m->ctx, sizeof m->ctx, "file '%.100s'", m->decls[k].path);
		m->sk = SC_DECL;
		m->si = (int)k;
		m->decls[k].flt_line = jl(m, fl);
		if ((rc = map_flt_parse(m, fl, &m->decls[k].flt, &m->decls[k].nflt)))
			return rc;
	}
	m->ctx[0] = '\0';
	m->sk = SC_ALL;
	return 0;
}

/* The entities: all named first, so that links and lookups may name any. */
static int compile_entities(mapping *m)
{
	const cJSON *x = mem(m->root, "entities");
	size_t k = 0;
	int rc;

	if (!x || !cJSON_IsObject(x))
		return map_err(m, x ? x : m->root,
		               "'entities' must be an object of \"name\": {entity}");
	for (const cJSON *c = x->child; c; c = c->next)
		m->nents++;
	if (!(m->ents = calloc(m->nents ? m->nents : 1, sizeof *m->ents)))
		return map_nomem(m);
	for (const cJSON *c = x->child; c; c = c->next, k++) {
		if (!name_ok(c->string))
			return map_err(
			    m, c, "entity name '%.60s': letters, digits, '_', '-' and '.' only",
			    c->string);
		for (size_t d = 0; d < k; d++)
			if (strcmp(m->ents[d].name, c->string) == 0)
				return map_err(m, c, "entity '%s' is defined twice", c->string);
		if (!(m->ents[k].name = strdup(c->string)))
			return map_nomem(m);
	}
	k = 0;
	for (const cJSON *c = x->child; c; c = c->next, k++)
		if ((rc = map_ent_parse(m, k, c)))
			return rc;
	m->ctx[0] = '\0';
	return 0;
}

/* The links, when there are any. */
static int compile_links(mapping *m)
{
	const cJSON *x = mem(m->root, "links");
	size_t k = 0;
	int rc;

	if (!x)
		return 0;
	if (!cJSON_IsObject(x))
		return map_err(m, x, "'links' must be an object of \"name\": {link}");
	for (const cJSON *c = x->child; c; c = c->next)
		m->nlinks++;
	if (!(m->links = calloc(m->nlinks ? m->nlinks : 1, sizeof *m->links)))
		return map_nomem(m);
	for (const cJSON *c = x->child; c; c = c->next, k++) {
		m->ctx[0] = '\0';
		if (!name_ok(c->string))
			return map_err(m, c,
			               "link name '%.60s': letters, digits, '_', '-' and '.' only",
			               c->string);
		for (size_t d = 0; d < k; d++)
			if (strcmp(m->links[d].name, c->string) == 0)
				return map_err(m, c, "link '%s' is defined twice", c->string);
		if (!(m->links[k].name = strdup(c->string)))
			return map_nomem(m);
		if ((rc = map_link_parse(m, k, c)))
			return rc;
	}
	return 0;
}

/* Compiles the parsed mapping: the file defaults, the files, the case, the
 * filters of every file, the entities, the links. */
static int compile(mapping *m)
{
	const cJSON *root = m->root, *x;
	int rc;

	m->ctx[0] = '\0';
	m->sk = SC_ALL;
	m->groups = -1;
	m->header = 1;
	m->delim = ',';
	m->enc = CG_CSV_UTF8;
	if (!cJSON_IsObject(root))
		return map_err(m, root, "a mapping is a JSON object with 'files' and 'entities'");
	if ((rc = map_members(m, root, top_members)))
		return rc;
	if ((x = mem(root, "header")) && (rc = map_get_bool(m, x, &m->header)))
		return rc;
	if ((x = mem(root, "encoding")) && (rc = enc_parse(m, x, &m->enc)))
		return rc;
	if ((x = mem(root, "delimiter")) && (rc = delim_parse(m, x, &m->delim)))
		return rc;
	if ((x = mem(root, "columns"))) {
		if (!cJSON_IsArray(x))
			return map_err(m, x, "'columns' must be an array of column names");
		if ((rc = map_get_strs(m, x, &m->cols, &m->ncols)))
			return rc;
	}
	if ((x = mem(root, "null_values")) && (rc = map_get_strs(m, x, &m->nulls, &m->nnulls)))
		return rc;
	if ((rc = compile_files(m)))
		return rc;
	if ((x = mem(root, "case"))) {
		const char *s = NULL;
		if ((rc = map_get_str(m, x, &s)) || (rc = map_tmpl_parse(m, x, s, &m->kase)))
			return rc;
		m->has_case = 1;
	}
	if ((x = mem(root, "filters"))) {
		m->flt_line = jl(m, x);
		if ((rc = map_flt_parse(m, x, &m->flt, &m->nflt)))
			return rc;
	}
	if ((rc = compile_entities(m)) || (rc = compile_links(m)))
		return rc;
	m->ctx[0] = '\0';
	if (!m->nents && !m->nlinks)
		return map_err(m, root, "the mapping makes no entities and no links");
	return 0;
}

/* Frees what an entity (a link) of the mapping holds. */
static void ent_free(ent_spec *e)
{
	free(e->name);
	free(e->type);
	map_vs_free(&e->type_v);
	free(e->applies);
	free(e->keys);
	map_tmpl_free(&e->id);
	map_vs_free(&e->name_v);
	map_vl_free(&e->aliases);
	map_vl_free(&e->roles);
	for (size_t i = 0; e->props && i < e->nprops; i++) {
		free(e->props[i].name);
		map_vl_free(&e->props[i].v);
	}
	free(e->props);
	free(e->req);
	map_flt_free(e->flt, e->nflt);
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
	map_vs_free(&l->type_v);
	free(l->applies);
	for (int k = 0; k < 2; k++) {
		map_tmpl_free(&l->end[k].t);
		free(l->end[k].among);
		free(l->end[k].ctype);
	}
	map_vs_free(&l->amount);
	map_vs_free(&l->currency);
	for (size_t i = 0; l->props && i < l->nprops; i++) {
		free(l->props[i].name);
		map_vl_free(&l->props[i].v);
	}
	free(l->props);
	free(l->req);
	map_flt_free(l->flt, l->nflt);
	if (l->ex.on)
		regfree(&l->ex.re);
}

void map_free(mapping *m)
{
	free(m->dir);
	free(m->text);
	cJSON_Delete(m->root);
	cg_map64_free(&m->lines);
	map_free_strs(m->cols, m->ncols);
	for (size_t i = 0; m->decls && i < m->ndecls; i++) {
		free(m->decls[i].path);
		map_free_strs(m->decls[i].cols, m->decls[i].ncols);
		map_flt_free(m->decls[i].flt, m->decls[i].nflt);
	}
	free(m->decls);
	for (size_t i = 0; m->ins && i < m->nins; i++) {
		import_file_end(&m->ins[i].file);
		free(m->ins[i].path);
		map_free_strs(m->ins[i].names, m->ins[i].nnames);
	}
	free(m->ins);
	for (size_t i = 0; i < m->nrefs; i++) {
		free(m->refs[i].name);
		free(m->refs[i].idx);
	}
	free(m->refs);
	free(m->uses);
	map_flt_free(m->flt, m->nflt);
	map_tmpl_free(&m->kase);
	map_free_strs(m->nulls, m->nnulls);
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
int map_load(mapping *m, const char *path)
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
				return map_nomem(m);
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
		return map_nomem(m);
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
		return map_nomem(m);
	m->probe = cg_graph_new();
	m->types_ok = cg_strpool_new();
	if (!m->probe || !m->types_ok)
		return map_nomem(m);
	{
		cg_prov prov = {"mapping", 1, "probe", NULL, NULL, 0, NULL, NULL};
		cg_entity_rec er = CG_ENTITY_REC_INIT;
		cg_error why;
		er.type = "organization";
		er.name = "probe";
		er.prov = &prov;
		er.n_prov = 1;
		if (cg_graph_add_entity(m->probe, &er, &m->probe_e, NULL, &why))
			return map_nomem(m);
	}
	return compile(m);
}
