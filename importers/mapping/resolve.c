/* The mapped-CSV importer: what is resolved once every file is known
 * (steps 2 and 4 of mapping_internal.h): the columns the mapping names,
 * against every file's header; the links whose ends are looked up by name,
 * after the last row; the notes that count what was skipped by design. */
#include "mapping_internal.h"

#include "cg_normalize.h"
#include "import_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================= columns against headers ================= */

/* 1 when the column named at u must be found in input in. */
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

int map_resolve_columns(mapping *m)
{
	for (size_t i = 0; i < m->nrefs; i++) {
		if (!(m->refs[i].idx = malloc((m->nins ? m->nins : 1) * sizeof *m->refs[i].idx)))
			return map_nomem(m);
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
				if (map_lower_eq(in->names[i], c->name)) {
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
					map_list_add(list, sizeof list, &len, i ? ", " : "",
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

/* The entity called name among those ref looks among: by primary name
 * first, then by alias, on normalised text. *ambiguous when several
 * entities have that primary name (the first is taken). CG_NO_ENTITY when
 * none. */
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

int map_resolve_pending(mapping *m)
{
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
			cg_prov prov = {p->file, p->line, kase, NULL, NULL, 0, NULL, NULL};
			cg_error gerr;
			rec.type = l->end[k].ctype;
			rec.name = name;
			rec.prov = &prov;
			rec.n_prov = 1;
			if (import_add_entity(&m->ins[p->input].file, &rec, &ends[k], &gerr)) {
				rc = cg_error_set(m->err, gerr.code, p->file, p->line, 0,
				                  "link '%s': %s", l->name, gerr.message);
				break;
			}
			l->created++;
		}
		if (rc || skip)
			continue;
		if (CG_ARRAY_GROW(props, capprops, p->np, 16)) {
			rc = map_nomem(m);
			break;
		}
		for (size_t k = 0; k < p->np; k++) {
			props[k].name = m->pp[p->p0 + k].name;
			props[k].value = m->pa.buf + m->pp[p->p0 + k].val;
		}
		cg_link_rec rec = CG_LINK_REC_INIT;
		cg_prov prov = {p->file, p->line, kase, NULL, NULL, 0, NULL, NULL};
		cg_error gerr;
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
		if (import_add_link(&m->ins[p->input].file, &rec, NULL, &gerr)) {
			rc = cg_error_set(m->err, gerr.code, p->file, p->line, 0, "link '%s': %s",
			                  l->name, gerr.message);
			break;
		}
	}
	free(props);
	return rc;
}

/* ================= notes ================= */

/* A note: a diagnostic with code 0 at line of the mapping file, for the
 * diagnostics callback (when there is one). */
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

/* The note of a tally: "HEAD N rows: REASON (first: FILE:LINE, WHAT)". */
static void notice_tally(mapping *m, long line, const tally *t, const char *head,
                         const char *reason)
{
	if (!t->n)
		return;
	notice(m, line, "%s %zu row%s: %s (first: %s:%ld%s%s)", head, t->n, t->n == 1 ? "" : "s",
	       reason, t->file, t->line, t->what[0] ? ", " : "", t->what);
}

/* The notes of values vs[0..n): extracted values left out, not dates. */
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

void map_notices(mapping *m)
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
