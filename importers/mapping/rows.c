/* The mapped-CSV importer: the CSV files read (steps 2 and 3 of
 * mapping_internal.h). Each file is read by csv_reader, first for its
 * header only, then row by row: each row evaluated (eval.c), then added to
 * the graph, or rejected. */
#include "mapping_internal.h"

#include "cg_normalize.h"
#include "import_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================= rejects ================= */

/* Column i of input in, for a message: its name quoted, or its number. */
static const char *colname(const input *in, size_t i, char *buf, size_t n)
{
	if (in->names && i < in->nnames && in->names[i][0])
		snprintf(buf, n, "'%s'", in->names[i]);
	else
		snprintf(buf, n, "%zu", i + 1);
	return buf;
}

/* Reports a rejected row; a failure of the import itself (strict mode)
 * stops the read (r->rc). */
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

/* ================= adding the row to the graph ================= */

/* Room for need entries in r->ptrs (r->props). 0 or CG_ENOMEM. */
static int ptrs_for(run *r, size_t need)
{
	return CG_ARRAY_GROW(r->ptrs, r->capptrs, need, 64);
}

static int props_for(run *r, size_t need)
{
	return CG_ARRAY_GROW(r->props, r->capprops, need, 64);
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
		/* three arrays of one capacity: each grows by the same rule, and
		 * ix_cap moves only when all three have */
		size_t cap = e->ix_cap, cap_alias = e->ix_cap, cap_n = e->ix_cap;
		if (CG_ARRAY_GROW(e->ix_prim, cap, (size_t)id + 1, 1024) ||
		    CG_ARRAY_GROW(e->ix_alias, cap_alias, (size_t)id + 1, 1024) ||
		    CG_ARRAY_GROW(e->ix_n, cap_n, (size_t)id + 1, 1024))
			return CG_ENOMEM;
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

/* The graph refused a record of the row: out of memory stops the read
 * (r->rc, returned); anything else rejects the row, with what ("entity
 * 'payee'") before the graph's reason, and returns 1. */
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

/* Adds the entity an end creates when its id finds none (if_missing
 * {"type": ...}), counted in the input's stats. */
static int add_placeholder(run *r, const char *type, const char *name, const char *local_id,
                           const char *file, long line, const char *kase, cg_eid *out,
                           cg_error *gerr)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov = {file, line, kase, local_id, NULL, 0, NULL, NULL};

	rec.type = type;
	rec.name = name;
	rec.prov = &prov;
	rec.n_prov = 1;
	return import_add_entity(&r->in->file, &rec, out, gerr);
}

/* Copies s into the pending arena: its offset, or NONE for NULL. */
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
	p.input = r->ii;
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

/* Adds entity x of the row, and indexes its names when a link looks names
 * up among its entity. 0; 1 when the graph refused it (the row is
 * rejected); else r->rc, set. */
static int add_entity(run *r, einst *x)
{
	mapping *m = r->m;
	ent_spec *e = &m->ents[x->spec];
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov = {r->in->path,  r->rec_line, r->kase,
	                ar(r, x->id), NULL,        x->made_id ? CG_PF_MADE_ID : 0,
	                NULL,         NULL};
	cg_error gerr;
	char what[100];
	int rc;

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
	if (import_add_entity(&r->in->file, &rec, &x->eid, &gerr)) {
		snprintf(what, sizeof what, "entity '%s'", e->name);
		return graph_fail(r, what, &gerr);
	}
	if (e->indexed) {
		if (rec.name && (rc = ix_add(m, e, rec.name, x->eid, 0)))
			return r->rc = rc;
		for (size_t k = 0; k < x->na; k++)
			if ((rc = ix_add(m, e, r->ptrs[k], x->eid, 1)))
				return r->rc = rc;
	}
	return 0;
}

/* Adds link x of the row between its ends: entities of the row or of the
 * graph, or placeholders created now; a link with an end looked up by name
 * is kept for after the last row. 0; 1 when the graph refused a record (the
 * row is rejected); else r->rc, set. */
static int add_link(run *r, linst *x)
{
	mapping *m = r->m;
	link_spec *l = &m->links[x->spec];
	cg_eid ends[2] = {CG_NO_ENTITY, CG_NO_ENTITY};
	cg_link_rec rec = CG_LINK_REC_INIT;
	cg_prov prov = {r->in->path, r->rec_line, r->kase, NULL, NULL, 0, NULL, NULL};
	cg_error gerr;
	int deferred = 0, rc;
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
			if ((rc = add_placeholder(r, e->ctype, ar(r, e->text), ar(r, e->text),
			                          r->in->path, r->rec_line, r->kase, &ends[k],
			                          &gerr)))
				return rc == CG_ENOMEM ? (r->rc = CG_ENOMEM)
				                       : graph_fail(r, what, &gerr);
			/* later rows find it by its id */
			e->kind = E_EID;
			e->eid = ends[k];
		}
	}
	if (deferred)
		return (rc = defer_link(r, x, ends)) ? (r->rc = rc) : 0;
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
	if (import_add_link(&r->in->file, &rec, NULL, &gerr))
		return graph_fail(r, what, &gerr);
	return 0;
}

/* Puts the evaluated row into the graph, its entities then its links. 0, or
 * 1 when the graph refused a record (the row is then rejected; what was
 * added before stays), or r->rc, set. */
static int add_row(run *r)
{
	int rc;

	for (size_t i = 0; i < r->nei; i++)
		if ((rc = add_entity(r, &r->ei[i])))
			return rc;
	for (size_t i = 0; i < r->nli; i++)
		if ((rc = add_link(r, &r->li[i])))
			return rc;
	return 0;
}

/* The cells of the record, checked and cleaned into r->v: blanks trimmed,
 * null values emptied. 0; 1 when the row is rejected (invalid UTF-8,
 * counted as read); CG_ENOMEM. */
static int row_cells(run *r)
{
	mapping *m = r->m;
	input *in = r->in;
	char cn[80];

	if (r->nf > r->vcap) {
		const char **nv = realloc(r->v, r->nf * sizeof *nv);
		if (!nv)
			return CG_ENOMEM;
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
			return 1;
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
	return 0;
}

/* The case of the row into r->kase: the mapping's "case" rendered when it
 * gives one, else the import's case name, else the directory's name. 0 or
 * CG_ENOMEM. */
static int row_case(run *r)
{
	mapping *m = r->m;
	int rc;

	r->kase = NULL;
	if (m->has_case) {
		int any;
		if ((rc = map_render(r, &m->kase, &r->casebuf, &any)))
			return rc;
		if (r->casebuf.len && (m->kase.places == 0 || any))
			r->kase = r->casebuf.buf;
	}
	if (!r->kase)
		r->kase = r->in->file.kase;
	return 0;
}

/* Evaluates and adds one data row. */
static void row(run *r, const cg_csv_record *rec)
{
	mapping *m = r->m;
	input *in = r->in;
	const decl *d = &m->decls[in->decl];
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
	if ((rc = row_cells(r)) == CG_ENOMEM) {
		r->rc = CG_ENOMEM;
		return;
	}
	if (rc)
		goto counted;
	if (!map_flt_pass(r, m->flt, m->nflt) || !map_flt_pass(r, d->flt, d->nflt)) {
		in->filtered++;
		in->st.skipped++;
		return;
	}
	in->st.read++;
	if ((rc = row_case(r)) || (rc = map_eval_row(r)))
		goto nomem;
	if (r->bad) {
		reject_diag(r, &r->rowerr);
		goto counted;
	}
	if (add_row(r) == 0 && !r->rc) {
		in->st.imported++;
		if (r->capped)
			map_tally_add(&m->capped, r, NULL);
	}
counted:
	if (m->imp->opts.max_rows && ++r->rows >= m->imp->opts.max_rows)
		r->done = 1;
	return;
nomem:
	r->rc = cg_error_set(m->err, rc, in->path, r->rec_line, 0, "out of memory");
}

/* Keeps the first record of a file (peek) for map_read_input. */
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

/* Frees what the reading of an input holds. */
static void run_free(run *r)
{
	cg_strbuf_free(&r->first);
	free(r->v);
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
int map_read_input(mapping *m, size_t ii, int peek)
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
	r.efirst = calloc(m->nents ? m->nents : 1, sizeof *r.efirst);
	r.ecount = calloc(m->nents ? m->nents : 1, sizeof *r.ecount);
	if (!r.efirst || !r.ecount) {
		r.rc = map_nomem(m);
		goto out;
	}
	cg_csv_opts_limits(&o, &m->imp->opts);
	o.delim = d->delim;
	o.enc = d->enc;
	o.dos_padding = 1; /* exports from DOS-era tools end in Ctrl-Z */
	/* a second thread reads and tokenises ahead, as for graph CSV, unless
	 * the reading stops early (the header only, or rows counted to a stop:
	 * the callbacks' CG_CSV_STOP) */
	o.read_ahead = !peek && !m->imp->opts.max_rows && !m->imp->opts.one_thread;
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
				r.rc = map_nomem(m);
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
				map_trim_span(&t, &n);
				if (!(in->names[i] = strndup(t, n))) {
					r.rc = map_nomem(m);
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
