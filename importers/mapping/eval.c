/* The mapped-CSV importer: a row evaluated (step 3 of mapping_internal.h).
 * Every value, date, amount and type of every entity and link of the row is
 * computed and checked into the row's arena before anything goes into the
 * graph (rows.c), so that a bad value rejects the row (r->bad) without
 * leaving half of it behind. */
#include "mapping_internal.h"

#include "cg_normalize.h"
#include "cg_parse.h"
#include "import_internal.h"

#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================= problems and counts ================= */

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

void map_tally_add(tally *t, const run *r, const char *what)
{
	if (t->n++ == 0) {
		t->file = r->in->path;
		t->line = r->rec_line;
		snprintf(t->what, sizeof t->what, "%s", what ? what : "");
	}
}

/* ================= filters, matches, templates ================= */

int map_flt_pass(run *r, const filter *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = cell(r, f[i].ref);
		int hit = 0;
		if (f[i].op == F_EQ || f[i].op == F_NE) {
			for (size_t k = 0; k < f[i].nvals && !hit; k++)
				hit = f[i].icase ? map_lower_eq(v, f[i].vals[k])
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

/* Whether a match offset pair is a span of text: regexec has returned a
 * group with rm_so 0 and rm_eo -1 (a back-reference after a repeated
 * group), and the length rm_eo - rm_so must never wrap. */
static int span_ok(const regmatch_t *m, size_t len)
{
	return m->rm_so >= 0 && m->rm_eo >= m->rm_so && (size_t)m->rm_eo <= len;
}

/* The next match of it->re into g: 1, or 0 when there is none or when
 * MAX_MATCHES were taken (it->capped). A group that is no span of the text
 * is set to -1 (did not take part); a whole match that is none ends the
 * matches. */
static int rx_next(rx_iter *it, regmatch_t *g)
{
	if (it->pos > it->len)
		return 0;
	if (regexec(it->re, it->text + it->pos, MAX_GROUPS, g, it->pos ? REG_NOTBOL : 0) != 0)
		return 0;
	if (!span_ok(&g[0], it->len - it->pos))
		return 0;
	if (it->count >= MAX_MATCHES) {
		it->capped = 1; /* said once per row: capped_note */
		return 0;
	}
	for (int k = 0; k < MAX_GROUPS; k++)
		if (span_ok(&g[k], it->len - it->pos)) {
			g[k].rm_so += (regoff_t)it->pos;
			g[k].rm_eo += (regoff_t)it->pos;
		} else {
			g[k].rm_so = g[k].rm_eo = -1;
		}
	it->pos = g[0].rm_eo > g[0].rm_so ? (size_t)g[0].rm_eo : (size_t)g[0].rm_eo + 1;
	it->count++;
	return 1;
}

/* Renders a template for the current row into out (trimmed). *any: a
 * placeholder had text. A blank after an empty placeholder is dropped, so
 * that "{first} {middle} {last}" has one space where middle is empty. */
int map_render(run *r, const tmpl *t, cg_strbuf *out, int *any)
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
		} else if (r->xon && r->xg[p->ref].rm_so >= 0 &&
		           r->xg[p->ref].rm_eo >= r->xg[p->ref].rm_so) {
			s = r->xtext + r->xg[p->ref].rm_so;
			n = (size_t)(r->xg[p->ref].rm_eo - r->xg[p->ref].rm_so);
			map_trim_span(&s, &n);
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
		map_trim_span(&s, &n);
		memmove(out->buf, s, n);
		out->len = n;
		out->buf[n] = '\0';
	}
	return 0;
}

/* ================= values ================= */

/* Copies s[0..n) into the row arena: its offset. */
static int arena_put(run *r, const char *s, size_t n, size_t *off)
{
	*off = r->arena.len;
	if (cg_strbuf_append(&r->arena, s, n) || cg_strbuf_putc(&r->arena, '\0'))
		return CG_ENOMEM;
	return 0;
}

/* Appends an arena offset to r->offs. 0 or CG_ENOMEM. */
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

	map_trim_span(&s, &n);
	if (!n)
		return 0;
	if (vs->nmap && !is_default) {
		size_t k;
		for (k = 0; k < vs->nmap; k++)
			if (map_lower_eqn(s, n, vs->from[k]))
				break;
		if (k < vs->nmap) {
			s = vs->to[k];
			n = strlen(s);
		} else if (vs->has_def) {
			if ((rc = map_render(r, &vs->def, &r->t2, &any)))
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
				map_tally_add(&vs->dropped, r, what);
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
		if ((rc = map_render(r, &vs->t, &r->t1, &any)))
			return rc;
		if (vs->t.places == 0)
			any = 1;
	}
	if (!any || !r->t1.len) {
		if (!vs->has_def)
			return 0;
		if ((rc = map_render(r, &vs->def, &r->t1, &any)))
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
			if (!span_ok(&g[vs->group], r->t1.len))
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

/* Appends the values of every value of l, as eval_value does. */
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
	rc = map_type_check(r->m, ar(r, *out), link, &why);
	if (rc == CG_ENOMEM)
		return rc;
	if (rc)
		row_bad(r, tv->t.col >= 0 ? ref_column(r, tv->t.col) : 0, "%s", why.message);
	return 0;
}

/* Appends a property (a name, an arena offset) to r->pp. */
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

/* Evaluates properties ps[0..n) into r->pp: *np of them from *p0, one per
 * value. */
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

/* ================= entities and links ================= */

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

/* 1 when a required column req[0..n) is empty in the row, with "column
 * NAME" in what. */
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
		map_tally_add(&e->skip_empty, r, NULL);
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
	} else if (e->has_id && (rc = map_render(r, &e->id, &r->t1, &any))) {
		return rc;
	}
	if (!r->t1.len) {
		x.made_id = 1;
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
			map_tally_add(&l->skip_end, r, what);
			*skip = 1;
			return 0;
		}
		out->kind = E_INST;
		out->inst = r->efirst[ref->ent];
		return 0;
	}
	if ((rc = map_render(r, &ref->t, &r->t1, &any)))
		return rc;
	if (!r->t1.len || (ref->t.places && !any)) {
		map_tally_add(&l->skip_end, r, ref->kind == R_ID ? "an empty id" : "an empty name");
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
		map_tally_add(&l->missing_id, r, what);
		*skip = 1;
		return 0;
	}
	out->kind = E_CREATE;
	out->ctype = ref->ctype;
	return arena_put(r, r->t1.buf, r->t1.len, &out->text);
}

/* Checks an amount and its currency as the graph will (a known currency
 * code, any case; an amount in its decimals), else the row is bad. */
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

/* Evaluates one instance of link spec k; per_inst is the instance of its
 * end entity made once per match, when it has one. */
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

/* ================= the row ================= */

/* Evaluates the entities of the row: each once, or once per match of its
 * extraction, when the row passes its filters and has its required
 * columns. */
static int eval_entities(run *r)
{
	mapping *m = r->m;
	int rc;

	for (size_t k = 0; k < m->nents && !r->bad; k++) {
		ent_spec *e = &m->ents[k];
		char what[100];
		r->efirst[k] = r->nei;
		r->ecount[k] = 0;
		if (!e->applies[r->in->decl] || !map_flt_pass(r, e->flt, e->nflt))
			continue;
		if (req_missing(r, e->req, e->nreq, what, sizeof what)) {
			map_tally_add(&e->skip_req, r, what);
			continue;
		}
		if (!e->ex.on) {
			if ((rc = eval_entity(r, (int)k, 0)))
				return rc;
			continue;
		}
		const char *text = cell(r, e->ex.ref);
		rx_iter it = {&e->ex.re, text, strlen(text), 0, 0, 0};
		size_t nth = 0;
		r->xon = 1;
		r->xtext = text;
		while (!r->bad && rx_next(&it, r->xg))
			if ((rc = eval_entity(r, (int)k, ++nth)))
				return rc;
		r->capped |= it.capped;
		r->xon = 0;
	}
	return 0;
}

/* Evaluates the links of the row: each once, once per match of its
 * extraction, or once per instance of an end entity made once per match. */
static int eval_links(run *r)
{
	mapping *m = r->m;
	int rc;

	for (size_t k = 0; k < m->nlinks && !r->bad; k++) {
		link_spec *l = &m->links[k];
		char what[100];
		if (!l->applies[r->in->decl] || !map_flt_pass(r, l->flt, l->nflt))
			continue;
		if (req_missing(r, l->req, l->nreq, what, sizeof what)) {
			map_tally_add(&l->skip_req, r, what);
			continue;
		}
		if (l->ex.on) {
			const char *text = cell(r, l->ex.ref);
			rx_iter it = {&l->ex.re, text, strlen(text), 0, 0, 0};
			r->xon = 1;
			r->xtext = text;
			while (!r->bad && rx_next(&it, r->xg))
				if ((rc = eval_link(r, (int)k, 0)))
					return rc;
			r->capped |= it.capped;
			r->xon = 0;
		} else if (l->per_ent >= 0) {
			for (size_t i = 0; i < r->ecount[l->per_ent] && !r->bad; i++)
				if ((rc = eval_link(r, (int)k, r->efirst[l->per_ent] + i)))
					return rc;
		} else if ((rc = eval_link(r, (int)k, 0))) {
			return rc;
		}
	}
	return 0;
}

int map_eval_row(run *r)
{
	int rc;

	cg_strbuf_reset(&r->arena);
	r->noffs = r->npp = r->nei = r->nli = 0;
	r->bad = 0;
	r->capped = 0;
	r->xon = 0;
	if ((rc = eval_entities(r)))
		return rc;
	return eval_links(r);
}
