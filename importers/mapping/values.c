/* The mapped-CSV importer: templates, values, filters and extractions
 * compiled (step 1 of mapping_internal.h). Their evaluation for a row is in
 * eval.c. */
#include "mapping_internal.h"

#include "cg_parse.h"

#include <cJSON.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================= templates ================= */

/* Appends a part to t: a literal (copied) or a placeholder (counted). */
static int tmpl_push(mapping *m, tmpl *t, int kind, const char *lit, size_t len, int ref)
{
	tpart *np = realloc(t->p, (t->n + 1) * sizeof *np);
	if (!np)
		return map_nomem(m);
	t->p = np;
	memset(&t->p[t->n], 0, sizeof t->p[t->n]);
	t->p[t->n].kind = kind;
	t->p[t->n].ref = ref;
	if (kind == P_LIT) {
		if (!(t->p[t->n].lit = malloc(len + 1))) {
			return map_nomem(m);
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

void map_tmpl_free(tmpl *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->p[i].lit);
	free(t->p);
	memset(t, 0, sizeof *t);
	t->col = -1;
}

int map_tmpl_literal(mapping *m, const char *s, tmpl *t)
{
	memset(t, 0, sizeof *t);
	t->col = -1;
	return tmpl_push(m, t, P_LIT, s, strlen(s), 0);
}

/* Parses s: literal text, "{name}", "{3}", "{$1}"; "{{" and "}}" for braces. */
int map_tmpl_parse(mapping *m, const cJSON *at, const char *s, tmpl *t)
{
	cg_strbuf lit = CG_STRBUF_INIT;
	int rc = 0;

	memset(t, 0, sizeof *t);
	t->col = -1;
	for (const char *p = s; *p && !rc;) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			rc = cg_strbuf_putc(&lit, p[0]) ? map_nomem(m) : 0;
			p += 2;
			continue;
		}
		if (*p == '}') {
			rc = map_err(m, at,
			             "a lone '}' in template '%.80s' (write '}}' for a brace)", s);
			break;
		}
		if (*p != '{') {
			rc = cg_strbuf_putc(&lit, *p) ? map_nomem(m) : 0;
			p++;
			continue;
		}
		const char *end = strchr(p + 1, '}');
		if (!end) {
			rc = map_err(m, at, "unterminated '{' in template '%.80s'", s);
			break;
		}
		if (lit.len && (rc = tmpl_push(m, t, P_LIT, lit.buf, lit.len, 0)))
			break;
		cg_strbuf_reset(&lit);
		const char *name = p + 1;
		size_t n = (size_t)(end - name);
		map_trim_span(&name, &n);
		char buf[256];
		if (n == 0 || n >= sizeof buf) {
			rc = map_err(m, at, "%s placeholder in template '%.80s'",
			             n ? "an over-long" : "an empty", s);
			break;
		}
		memcpy(buf, name, n);
		buf[n] = '\0';
		long num;
		if (buf[0] == '$') {
			if (cg_parse_long(buf + 1, n - 1, 0, MAX_GROUPS - 1, &num, NULL)) {
				rc = map_err(m, at,
				             "'{%s}' in template '%.80s': groups are {$0} to {$9}",
				             buf, s);
			} else if (m->groups < 0) {
				rc = map_err(m, at,
				             "'{%s}' in template '%.80s' outside an extraction "
				             "(groups exist only "
				             "in an entity or link with \"extract\")",
				             buf, s);
			} else if (num > m->groups) {
				rc = map_err(
				    m, at,
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
				rc = map_err(
				    m, at,
				    "column '{%s}' in template '%.80s': columns count from 1", buf,
				    s);
			else if (!(rc = map_colref_get(m, at, digits ? NULL : buf, digits ? num : 0,
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

/* ================= values ================= */

void map_vs_free(valspec *vs)
{
	map_tmpl_free(&vs->t);
	free(vs->cols);
	free(vs->join);
	free(vs->split);
	if (vs->has_re)
		regfree(&vs->re);
	map_free_strs(vs->from, vs->nmap);
	map_free_strs(vs->to, vs->nmap);
	map_tmpl_free(&vs->def);
	map_free_strs(vs->fmts, vs->nfmts);
	free(vs->what);
	memset(vs, 0, sizeof *vs);
}

void map_vl_free(vlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		map_vs_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The end of the bracket expression that opens at p[0] ('['): the index of
 * its closing ']', or of the terminating NUL. As in glibc's regcomp, a ']'
 * first in the list (after an optional '^') is a member, "[:", "[." and
 * "[=" open a class, collating symbol or equivalence class that ends at
 * ":]", ".]" or "=]", and a backslash is an ordinary member. */
static size_t bracket_end(const char *p)
{
	size_t i = 1;

	if (p[i] == '^')
		i++;
	if (p[i] == ']')
		i++;
	while (p[i] && p[i] != ']') {
		if (p[i] == '[' && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
			char d = p[i + 1];
			i += 2;
			while (p[i] && !(p[i] == d && p[i + 1] == ']'))
				i++;
			if (!p[i])
				break;
			i += 2;
		} else {
			i++;
		}
	}
	return i;
}

/* Whether an extended regular expression has a back-reference (\1 to \9
 * outside a bracket expression; glibc accepts them in REG_EXTENDED).
 * Without them glibc's regexec needs no backtracking: its time is
 * polynomial in the sizes of the text and the expression (docs/MAPPING.md);
 * with them it is exponential. */
static int has_backref(const char *p)
{
	size_t i = 0;

	while (p[i]) {
		if (p[i] == '\\') {
			if (p[i + 1] >= '1' && p[i + 1] <= '9')
				return 1;
			if (!p[i + 1])
				return 0;
			i += 2;
		} else if (p[i] == '[') {
			i += bracket_end(p + i);
			if (p[i])
				i++;
		} else {
			i++;
		}
	}
	return 0;
}

/* The size of a regular expression with its counted repetitions expanded,
 * as regcomp expands them: every atom (a character, an escape, a bracket
 * expression) counts 1, a group the sum of its branches, and "{m}",
 * "{m,}" and "{m,n}" multiply what they repeat by m, m + 1 and n. The
 * parse is lenient (regcomp judges the syntax); the size saturates at
 * SIZE_MAX. *p is advanced past what was read: up to an unmatched ')' or
 * the end. */
static size_t sat_mul(size_t a, size_t b)
{
	return b && a > SIZE_MAX / b ? SIZE_MAX : a * b;
}

static size_t sat_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* The count of an interval "{m}", "{m,}", "{m,n}" at *p (past its '{'),
 * advancing *p past its '}'; 0 (and *p unmoved) when it is not one. */
static size_t interval_count(const char **p)
{
	const char *q = *p;
	size_t m = 0, n = 0;
	int comma = 0, digits = 0;

	for (; *q >= '0' && *q <= '9'; q++, digits++)
		m = sat_add(sat_mul(m, 10), (size_t)(*q - '0'));
	if (*q == ',') {
		comma = 1;
		for (q++; *q >= '0' && *q <= '9'; q++)
			n = sat_add(sat_mul(n, 10), (size_t)(*q - '0'));
	}
	if (!digits || *q != '}')
		return 0;
	*p = q + 1;
	if (!comma)
		return m ? m : 1;
	return n ? n : sat_add(m, 1);
}

static size_t expanded_size(const char **p)
{
	size_t total = 0, last = 0;

	while (**p && **p != ')') {
		const char *c = *p;
		if (*c == '|') {
			(*p)++;
			last = 0;
			continue;
		}
		if (*c == '{') {
			(*p)++;
			size_t k = interval_count(p);
			if (k) {
				/* the atom before counted once already: k - 1 copies more */
				total = sat_add(total, sat_mul(last, k - 1));
				last = sat_mul(last, k);
				continue;
			}
			last = 1; /* a literal '{' */
		} else if (*c == '*' || *c == '+' || *c == '?') {
			(*p)++;
			continue;
		} else if (*c == '(') {
			(*p)++;
			last = expanded_size(p);
			if (**p == ')')
				(*p)++;
		} else if (*c == '[') {
			*p += bracket_end(c);
			if (**p)
				(*p)++;
			last = 1;
		} else if (*c == '\\' && c[1]) {
			*p += 2;
			last = 1;
		} else {
			(*p)++;
			last = 1;
		}
		total = sat_add(total, last);
	}
	return total;
}

/* Compiles pattern (POSIX extended) into re, or says why not at node at;
 * what names its use ("filter", "extract", a value) for a refused
 * back-reference. */
static int re_compile(mapping *m, const cJSON *at, regex_t *re, const char *pattern, int icase,
                      const char *what)
{
	if (has_backref(pattern))
		return map_err(m, at,
		               "%s: regular expression '%.80s': back-references are not supported "
		               "(they make matching exponential)",
		               what, pattern);
	const char *p = pattern;
	size_t size = 0;
	while (*p) {
		size = sat_add(size, expanded_size(&p));
		if (*p == ')')
			p++; /* unmatched: regcomp says so */
	}
	if (size > MAX_REGEX_SIZE)
		return map_err(m, at,
		               "%s: regular expression '%.80s': its counted repetitions expand to "
		               "more than %u positions (regcomp's time and memory grow with the "
		               "square of that)",
		               what, pattern, MAX_REGEX_SIZE);
	int rc = regcomp(re, pattern, REG_EXTENDED | (icase ? REG_ICASE : 0));
	if (rc) {
		char why[200];
		regerror(rc, re, why, sizeof why);
		return map_err(m, at, "bad regular expression '%.80s': %s", pattern, why);
	}
	return 0;
}

/* The text of a value object: exactly one of "column", "columns" (with
 * "join"), "template" and "value" (checked by the caller). */
static int vs_text(mapping *m, const cJSON *j, valspec *vs, const char *what)
{
	const cJSON *x;
	int rc;

	if ((x = mem(j, "column"))) {
		int ref;
		if ((rc = map_col_parse(m, x, &ref)) ||
		    (rc = tmpl_push(m, &vs->t, P_COL, NULL, 0, ref)))
			return rc;
		vs->t.col = ref;
	} else if ((x = mem(j, "columns"))) {
		const char *jn = " ";
		vs->src = V_COLS;
		if (!cJSON_IsArray(x) || cJSON_GetArraySize(x) < 1)
			return map_err(m, x, "%s: 'columns' must be an array of columns", what);
		if ((rc = map_cols_parse(m, x, &vs->cols, &vs->ncols)))
			return rc;
		if ((x = mem(j, "join")) && (rc = map_get_str(m, x, &jn)))
			return rc;
		if (!(vs->join = strdup(jn)))
			return map_nomem(m);
	} else if ((x = mem(j, "template"))) {
		const char *s = NULL;
		if ((rc = map_get_str(m, x, &s)) || (rc = map_tmpl_parse(m, x, s, &vs->t)))
			return rc;
	} else {
		const char *s = NULL;
		x = mem(j, "value");
		if ((rc = map_get_str(m, x, &s)) || (rc = map_tmpl_literal(m, s, &vs->t)))
			return rc;
	}
	if (mem(j, "join") && vs->src != V_COLS)
		return map_err(m, mem(j, "join"), "%s: 'join' goes with 'columns'", what);
	return 0;
}

/* The "regex" of a value object (one value per match) and the "group" of
 * each match that is the value: 1 when the expression has a group, else
 * the whole match. */
static int vs_regex(mapping *m, const cJSON *j, valspec *vs, const char *what, int icase)
{
	const cJSON *x;
	int rc;

	if ((x = mem(j, "regex"))) {
		const char *s = NULL;
		if ((rc = map_get_str(m, x, &s)) ||
		    (rc = re_compile(m, x, &vs->re, s, icase, what)))
			return rc;
		vs->has_re = 1;
		vs->group = vs->re.re_nsub ? 1 : 0;
		if ((x = mem(j, "group"))) {
			if (!cJSON_IsNumber(x) || x->valuedouble < 0 ||
			    x->valuedouble > (double)vs->re.re_nsub ||
			    x->valuedouble >= MAX_GROUPS ||
			    x->valuedouble != (double)(int)x->valuedouble)
				return map_err(
				    m, x,
				    "%s: 'group' must be a group of the regular expression "
				    "(0 to %zu)",
				    what,
				    vs->re.re_nsub < MAX_GROUPS ? vs->re.re_nsub : MAX_GROUPS - 1);
			vs->group = (int)x->valuedouble;
		}
	} else if ((x = mem(j, "group"))) {
		return map_err(m, x, "%s: 'group' goes with 'regex'", what);
	}
	return 0;
}

/* The "map" x of a value object: {"from": "to"} replacements. */
static int vs_map(mapping *m, const cJSON *x, valspec *vs, const char *what)
{
	size_t n = 0, k = 0;

	if (!cJSON_IsObject(x))
		return map_err(m, x, "%s: 'map' must be an object of \"from\": \"to\" values",
		               what);
	for (const cJSON *c = x->child; c; c = c->next)
		n++;
	vs->from = calloc(n ? n : 1, sizeof *vs->from);
	vs->to = calloc(n ? n : 1, sizeof *vs->to);
	if (!vs->from || !vs->to)
		return map_nomem(m);
	for (const cJSON *c = x->child; c; c = c->next) {
		if (!cJSON_IsString(c))
			return map_err(m, c, "%s: the map's value for '%.60s' must be a string",
			               what, c->string);
		if (!(vs->from[k] = strdup(c->string)) || !(vs->to[k] = strdup(c->valuestring)))
			return map_nomem(m);
		vs->nmap = ++k;
	}
	return 0;
}

static const char *const vs_members[] = {"column",  "columns", "join",  "template",    "value",
                                         "split",   "regex",   "group", "ignore_case", "map",
                                         "default", "format",  NULL};

/* Compiles a value: a template string, a column number, or an object. */
int map_vs_parse(mapping *m, const cJSON *j, valspec *vs, const char *what)
{
	const cJSON *x;
	int rc = 0, icase = 0, nsrc = 0;

	memset(vs, 0, sizeof *vs);
	vs->t.col = vs->def.col = -1;
	vs->line = jl(m, j);
	if (!(vs->what = strdup(what)))
		return map_nomem(m);
	if (cJSON_IsString(j)) {
		rc = map_tmpl_parse(m, j, j->valuestring, &vs->t);
		vs->extracted = vs->t.groups > 0;
		return rc;
	}
	if (cJSON_IsNumber(j)) {
		int ref;
		if ((rc = map_col_parse(m, j, &ref)))
			return rc;
		return tmpl_push(m, &vs->t, P_COL, NULL, 0, ref) ? CG_ENOMEM : (vs->t.col = ref, 0);
	}
	if (!cJSON_IsObject(j))
		return map_err(
		    m, j, "%s: a value is a template string, a column number or an object", what);
	if ((rc = map_members(m, j, vs_members)))
		return rc;
	nsrc = (mem(j, "column") != NULL) + (mem(j, "columns") != NULL) +
	       (mem(j, "template") != NULL) + (mem(j, "value") != NULL);
	if (nsrc != 1)
		return map_err(m, j, "%s: give exactly one of column, columns, template or value",
		               what);
	if ((x = mem(j, "ignore_case")) && (rc = map_get_bool(m, x, &icase)))
		return rc;
	if ((rc = vs_text(m, j, vs, what)))
		return rc;
	if ((x = mem(j, "split"))) {
		const char *s = NULL;
		if ((rc = map_get_str(m, x, &s)))
			return rc;
		if (!*s)
			return map_err(m, x, "%s: 'split' needs a separator", what);
		if (!(vs->split = strdup(s)))
			return map_nomem(m);
	}
	if ((rc = vs_regex(m, j, vs, what, icase)))
		return rc;
	if ((x = mem(j, "map")) && (rc = vs_map(m, x, vs, what)))
		return rc;
	if ((x = mem(j, "default"))) {
		const char *s = NULL;
		if ((rc = map_get_str(m, x, &s)) || (rc = map_tmpl_parse(m, x, s, &vs->def)))
			return rc;
		vs->has_def = 1;
	}
	if ((x = mem(j, "format"))) {
		if ((rc = map_get_strs(m, x, &vs->fmts, &vs->nfmts)))
			return rc;
		for (size_t i = 0; i < vs->nfmts; i++) {
			const char *why = NULL;
			if (cg_check_date_format(vs->fmts[i], &why))
				return map_err(m, x, "%s: date format '%.60s': %s", what,
				               vs->fmts[i], why);
		}
	}
	vs->extracted = vs->has_re || vs->t.groups > 0 || vs->def.groups > 0;
	return 0;
}

/* One value or an array of values. */
int map_vl_parse(mapping *m, const cJSON *j, vlist *l, const char *what)
{
	size_t n = cJSON_IsArray(j) ? (size_t)cJSON_GetArraySize(j) : 1;
	int rc;

	if (!(l->v = calloc(n ? n : 1, sizeof *l->v)))
		return map_nomem(m);
	l->n = 0;
	for (const cJSON *c = cJSON_IsArray(j) ? j->child : j; c;
	     c = cJSON_IsArray(j) ? c->next : NULL) {
		if ((rc = map_vs_parse(m, c, &l->v[l->n], what)))
			return l->n++, rc;
		l->n++;
	}
	return 0;
}

/* ================= filters and extraction ================= */

void map_flt_free(filter *f, size_t n)
{
	for (size_t i = 0; f && i < n; i++) {
		map_free_strs(f[i].vals, f[i].nvals);
		if (f[i].has_re)
			regfree(&f[i].re);
	}
	free(f);
}

static const char *const flt_members[] = {"column",    "equals",      "not_equals", "regex",
                                          "not_regex", "ignore_case", NULL};

/* An array of filters (or one filter object). */
int map_flt_parse(mapping *m, const cJSON *j, filter **out, size_t *n)
{
	size_t cnt = cJSON_IsArray(j) ? (size_t)cJSON_GetArraySize(j) : 1;
	int rc;

	if (!cJSON_IsArray(j) && !cJSON_IsObject(j))
		return map_err(m, j, "'filters' must be an array of filter objects");
	if (!(*out = calloc(cnt ? cnt : 1, sizeof **out)))
		return map_nomem(m);
	*n = 0;
	for (const cJSON *c = cJSON_IsArray(j) ? j->child : j; c;
	     c = cJSON_IsArray(j) ? c->next : NULL) {
		filter *f = &(*out)[(*n)++];
		const cJSON *x;
		static const char *const ops[] = {"equals", "not_equals", "regex", "not_regex"};
		int nops = 0;
		if (!cJSON_IsObject(c))
			return map_err(m, c,
			               "a filter is an object such as {\"column\": \"status\", "
			               "\"equals\": \"paid\"}");
		if ((rc = map_members(m, c, flt_members)))
			return rc;
		if (!(x = mem(c, "column")))
			return map_err(m, c, "a filter needs a 'column'");
		if ((rc = map_col_parse(m, x, &f->ref)))
			return rc;
		if ((x = mem(c, "ignore_case")) && (rc = map_get_bool(m, x, &f->icase)))
			return rc;
		for (int k = 0; k < 4; k++)
			if ((x = mem(c, ops[k]))) {
				nops++;
				f->op = k;
			}
		if (nops != 1)
			return map_err(
			    m, c,
			    "a filter needs exactly one of equals, not_equals, regex, not_regex");
		x = mem(c, ops[f->op]);
		if (f->op == F_EQ || f->op == F_NE) {
			if ((rc = map_get_strs(m, x, &f->vals, &f->nvals)))
				return rc;
		} else {
			const char *s = NULL;
			if ((rc = map_get_str(m, x, &s)) ||
			    (rc = re_compile(m, x, &f->re, s, f->icase, "filter")))
				return rc;
			f->has_re = 1;
		}
	}
	return 0;
}

int map_ex_parse(mapping *m, const cJSON *j, extract *ex)
{
	static const char *const allowed[] = {"column", "regex", "ignore_case", NULL};
	const cJSON *x;
	const char *s = NULL;
	int rc, icase = 0;

	if (!cJSON_IsObject(j))
		return map_err(m, j,
		               "'extract' must be an object {\"column\": ..., \"regex\": ...}");
	if ((rc = map_members(m, j, allowed)))
		return rc;
	if (!(x = mem(j, "column")))
		return map_err(m, j, "'extract' needs a 'column'");
	if ((rc = map_col_parse(m, x, &ex->ref)))
		return rc;
	if ((x = mem(j, "ignore_case")) && (rc = map_get_bool(m, x, &icase)))
		return rc;
	if (!(x = mem(j, "regex")))
		return map_err(m, j, "'extract' needs a 'regex'");
	if ((rc = map_get_str(m, x, &s)) || (rc = re_compile(m, x, &ex->re, s, icase, "extract")))
		return rc;
	ex->on = 1;
	ex->nsub = ex->re.re_nsub;
	m->groups = ex->nsub < MAX_GROUPS ? (int)ex->nsub : MAX_GROUPS - 1;
	return 0;
}
