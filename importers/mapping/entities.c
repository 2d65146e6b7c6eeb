/* The mapped-CSV importer: the entities and links of a mapping compiled
 * (step 1 of mapping_internal.h), with the files they apply to and the ends
 * of each link. Their evaluation for a row is in eval.c. */
#include "mapping_internal.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================= entities and links ================= */

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
		return map_nomem(m);
	if (x && y)
		return map_err(m, y, "give 'file' or 'files', not both");
	if (!x && !y) {
		memset(*out, 1, m->ndecls);
		return 0;
	}
	*explicit_ = 1;
	if ((rc = map_get_strs(m, x ? x : y, &names, &n)))
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
				map_list_add(list, sizeof list, &len, d ? ", " : "",
				             m->decls[d].path);
			rc =
			    map_err(m, x ? x : y, "unknown file '%.100s' (the mapping's files: %s)",
			            names[i], list);
			goto out;
		}
		(*out)[k] = 1;
	}
out:
	map_free_strs(names, n);
	return rc;
}

/* The index of the entity called name, or -1. */
static int find_ent(const mapping *m, const char *name)
{
	for (size_t i = 0; i < m->nents; i++)
		if (m->ents[i].name && strcmp(m->ents[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The compile error for an unknown entity name, with the mapping's
 * entities. */
static int unknown_ent(mapping *m, const cJSON *at, const char *name)
{
	char list[300];
	size_t len = 0;

	list[0] = '\0';
	for (size_t i = 0; i < m->nents; i++)
		map_list_add(list, sizeof list, &len, i ? ", " : "", m->ents[i].name);
	return map_err(m, at, "unknown entity '%.60s' (the mapping's entities: %s)", name,
	               m->nents ? list : "none");
}

/* A property name: lower case, '-' and ' ' as '_', letters, digits, '_'. */
static int prop_name(mapping *m, const cJSON *at, const char *s, char **out)
{
	size_t n = strlen(s);
	char *p;

	if (!n || n > 64)
		return map_err(m, at, "property name '%.70s' must have 1 to 64 characters", s);
	if (!(p = malloc(n + 1)))
		return map_nomem(m);
	for (size_t i = 0; i <= n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		else if (c == ' ' || c == '-')
			c = '_';
		if (c && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
			free(p);
			return map_err(m, at, "property name '%.64s': letters, digits and '_' only",
			               s);
		}
		p[i] = c;
	}
	*out = p;
	return 0;
}

/* The "properties" of an entity or a link (owner names it in messages):
 * each name a property name, given once; the properties the graph reads as
 * dates are checked as dates when they have no format. */
static int props_parse(mapping *m, const cJSON *j, pspec **out, size_t *n, const char *owner)
{
	size_t cnt = 0;
	int rc;

	if (!cJSON_IsObject(j))
		return map_err(m, j, "'properties' must be an object of \"name\": value");
	for (const cJSON *c = j->child; c; c = c->next)
		cnt++;
	if (!(*out = calloc(cnt ? cnt : 1, sizeof **out)))
		return map_nomem(m);
	*n = 0;
	for (const cJSON *c = j->child; c; c = c->next) {
		pspec *p = &(*out)[(*n)++];
		char what[200];
		if ((rc = prop_name(m, c, c->string, &p->name)))
			return rc;
		for (const cJSON *d = j->child; d != c; d = d->next)
			if (map_lower_eq(d->string, c->string))
				return map_err(m, c, "property '%s' is given twice", p->name);
		snprintf(what, sizeof what, "property '%s' of %s", p->name, owner);
		if ((rc = map_vl_parse(m, c, &p->v, what)))
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
		return map_err(m, NULL, "no 'type' (for example \"type\": \"%s\")",
		               link ? "pays" : "person");
	if (cJSON_IsString(j) && !strchr(j->valuestring, '{')) {
		if ((rc = map_type_check_at(m, j, j->valuestring, link)))
			return rc;
		return (*type = strdup(j->valuestring)) ? 0 : map_nomem(m);
	}
	snprintf(what, sizeof what, "type of %s", owner);
	if ((rc = map_vs_parse(m, j, tv, what)))
		return rc;
	for (size_t i = 0; i < tv->nmap; i++)
		if (tv->to[i][0] && (rc = map_type_check_at(m, mem(j, "map"), tv->to[i], link)))
			return rc;
	if (tv->has_def && tv->def.places == 0 && tv->def.n &&
	    (rc = map_type_check_at(m, mem(j, "default"), tv->def.p[0].lit, link)))
		return rc;
	if (tv->t.places == 0 && tv->src == V_TMPL && tv->t.n &&
	    (rc = map_type_check_at(m, j, tv->t.p[0].lit, link)))
		return rc;
	return 0;
}

static const char *const ent_members[] = {"type",    "file",    "files", "keys",       "id",
                                          "name",    "aliases", "roles", "properties", "required",
                                          "filters", "extract", NULL};

int map_ent_parse(mapping *m, size_t idx, const cJSON *j)
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
		return map_err(m, j, "an entity is an object with a 'type'");
	if ((rc = map_members(m, j, ent_members)))
		return rc;
	if ((rc = applies_parse(m, j, &e->applies, &explicit_)))
		return rc;
	if ((x = mem(j, "extract")) && (rc = map_ex_parse(m, x, &e->ex)))
		return rc;
	if ((rc = type_parse(m, mem(j, "type"), &e->type, &e->type_v, 0, owner)))
		return rc;
	if (mem(j, "keys") && mem(j, "id"))
		return map_err(m, mem(j, "id"), "give 'keys' or 'id', not both");
	if ((x = mem(j, "keys"))) {
		if (!cJSON_IsArray(x) || cJSON_GetArraySize(x) < 1)
			return map_err(m, x, "'keys' must be an array of columns");
		if ((rc = map_cols_parse(m, x, &e->keys, &e->nkeys)))
			return rc;
	}
	if ((x = mem(j, "id"))) {
		const char *s = NULL;
		if ((rc = map_get_str(m, x, &s)) || (rc = map_tmpl_parse(m, x, s, &e->id)))
			return rc;
		e->has_id = 1;
	}
	if ((x = mem(j, "name"))) {
		snprintf(what, sizeof what, "name of %s", owner);
		if ((rc = map_vs_parse(m, x, &e->name_v, what)))
			return rc;
		e->has_name = 1;
	}
	snprintf(what, sizeof what, "aliases of %s", owner);
	if ((x = mem(j, "aliases")) && (rc = map_vl_parse(m, x, &e->aliases, what)))
		return rc;
	snprintf(what, sizeof what, "roles of %s", owner);
	if ((x = mem(j, "roles")) && (rc = map_vl_parse(m, x, &e->roles, what)))
		return rc;
	if ((x = mem(j, "properties")) && (rc = props_parse(m, x, &e->props, &e->nprops, owner)))
		return rc;
	if ((x = mem(j, "required")) && (rc = map_cols_parse(m, x, &e->req, &e->nreq)))
		return rc;
	if ((x = mem(j, "filters")) && (rc = map_flt_parse(m, x, &e->flt, &e->nflt)))
		return rc;
	if (!e->has_name && !e->nprops)
		return map_err(m, j,
		               "no 'name' and no 'properties': nothing would name the entity");
	/* one entity per match: the same local id for every match would merge
	 * them all into one */
	if (e->ex.on && e->nkeys)
		return map_err(m, mem(j, "keys"),
		               "an entity made once per match cannot have 'keys' (every "
		               "match would get the same id): use an 'id' with {$1} ...");
	if (e->ex.on && e->has_id && !e->id.groups)
		return map_err(m, mem(j, "id"),
		               "the 'id' of an entity made once per match must use the "
		               "match ({$0}, {$1} ...), or every match would get the same id");
	return 0;
}

static const char *const ref_members[] = {"entity", "key",        "id", "name",
                                          "among",  "if_missing", NULL};

/* An end found by the key of an entity with 'keys': the local id
 * "entity:" followed by the key's template. */
static int ref_by_key(mapping *m, const cJSON *j, endref *r, const char *which)
{
	const cJSON *x = mem(j, "entity");
	const char *s = NULL, *k = NULL;
	int rc, e;
	tmpl key;

	r->kind = R_ID;
	if ((rc = map_get_str(m, x, &s)))
		return rc;
	if ((e = find_ent(m, s)) < 0)
		return unknown_ent(m, x, s);
	if (!m->ents[e].nkeys)
		return map_err(
		    m, x, "entity '%s' has no 'keys' to find it by%s", s,
		    m->ents[e].has_id ? " (it has an 'id': refer to it with {\"id\": ...})" : "");
	if (!(x = mem(j, "key")))
		return map_err(m, j, "'%s' names an entity: give its 'key' too", which);
	if ((rc = map_get_str(m, x, &k)))
		return rc;
	if ((rc = map_tmpl_literal(m, "", &r->t)))
		return rc;
	free(r->t.p[0].lit);
	r->t.p[0].len = strlen(s) + 1;
	if (!(r->t.p[0].lit = malloc(r->t.p[0].len + 1)))
		return map_nomem(m);
	snprintf(r->t.p[0].lit, r->t.p[0].len + 1, "%s:", s);
	if ((rc = map_tmpl_parse(m, x, k, &key)))
		return rc;
	tpart *np = realloc(r->t.p, (1 + key.n) * sizeof *np);
	if (!np) {
		map_tmpl_free(&key);
		return map_nomem(m);
	}
	r->t.p = np;
	memcpy(r->t.p + 1, key.p, key.n * sizeof *key.p);
	r->t.n = 1 + key.n;
	r->t.places = key.places;
	r->t.groups = key.groups;
	r->t.col = key.col;
	free(key.p);
	return 0;
}

/* An end looked up by name after the last row, among the entities 'among'
 * names (all of them by default), which are then indexed by name. */
static int ref_by_name(mapping *m, const cJSON *j, endref *r)
{
	const cJSON *x = mem(j, "name");
	const char *s = NULL;
	int rc;

	r->kind = R_NAME;
	r->missing = M_SKIP;
	if ((rc = map_get_str(m, x, &s)) || (rc = map_tmpl_parse(m, x, s, &r->t)))
		return rc;
	if ((x = mem(j, "among"))) {
		char **names = NULL;
		size_t nn = 0;
		if ((rc = map_get_strs(m, x, &names, &nn)))
			return rc;
		if (!(r->among = calloc(nn ? nn : 1, sizeof *r->among))) {
			map_free_strs(names, nn);
			return map_nomem(m);
		}
		for (size_t i = 0; i < nn && !rc; i++) {
			int e = find_ent(m, names[i]);
			if (e < 0)
				rc = unknown_ent(m, x, names[i]);
			else
				r->among[r->namong++] = e;
		}
		map_free_strs(names, nn);
		if (rc)
			return rc;
	} else {
		if (!(r->among = calloc(m->nents ? m->nents : 1, sizeof *r->among)))
			return map_nomem(m);
		for (size_t i = 0; i < m->nents; i++)
			r->among[r->namong++] = (int)i;
	}
	if (!r->namong)
		return map_err(m, j, "'among' names no entity");
	for (size_t i = 0; i < r->namong; i++)
		m->ents[r->among[i]].indexed = 1;
	return 0;
}

/* What an end by id or name does when it finds nothing: "reject" the row
 * (not for a name), "skip" the link, or create {"type": ...} a placeholder. */
static int ref_if_missing(mapping *m, const cJSON *x, endref *r)
{
	int rc;

	if (cJSON_IsString(x) && strcmp(x->valuestring, "skip") == 0) {
		r->missing = M_SKIP;
	} else if (cJSON_IsString(x) && strcmp(x->valuestring, "reject") == 0) {
		if (r->kind == R_NAME)
			return map_err(
			    m, x,
			    "'reject' is not possible for a name, looked up after the last "
			    "row: use \"skip\" or {\"type\": ...}");
		r->missing = M_REJECT;
	} else if (cJSON_IsObject(x)) {
		static const char *const allowed[] = {"type", NULL};
		const cJSON *t;
		if ((rc = map_members(m, x, allowed)))
			return rc;
		if (!(t = mem(x, "type")) || !cJSON_IsString(t))
			return map_err(m, x,
			               "'if_missing' needs the 'type' of the entity to create");
		if ((rc = map_type_check_at(m, t, t->valuestring, 0)))
			return rc;
		if (!(r->ctype = strdup(t->valuestring)))
			return map_nomem(m);
		r->missing = M_CREATE;
	} else {
		return map_err(m, x, "'if_missing' is \"reject\", \"skip\" or {\"type\": ...}");
	}
	return 0;
}

/* A link end ("source" or "target", which): an entity of the same row (its
 * name), or an object: {"id": ...}, {"entity": ..., "key": ...} or
 * {"name": ..., "among": ...}, with "if_missing". */
static int ref_parse(mapping *m, const cJSON *j, endref *r, const char *which)
{
	const cJSON *x;
	int rc, n;

	r->t.col = -1;
	if (!j)
		return map_err(m, NULL,
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
		return map_err(m, j, "'%s' is an entity name or an object", which);
	if ((rc = map_members(m, j, ref_members)))
		return rc;
	n = (mem(j, "id") != NULL) + (mem(j, "entity") != NULL) + (mem(j, "name") != NULL);
	if (n != 1)
		return map_err(m, j, "'%s' needs one of 'id', 'entity' (with 'key') or 'name'",
		               which);
	if ((x = mem(j, "id"))) {
		const char *s = NULL;
		r->kind = R_ID;
		if ((rc = map_get_str(m, x, &s)) || (rc = map_tmpl_parse(m, x, s, &r->t)))
			return rc;
	} else if (mem(j, "entity")) {
		if ((rc = ref_by_key(m, j, r, which)))
			return rc;
	} else if ((rc = ref_by_name(m, j, r))) {
		return rc;
	}
	if (mem(j, "key") && !mem(j, "entity"))
		return map_err(m, mem(j, "key"), "'key' goes with 'entity'");
	if (mem(j, "among") && r->kind != R_NAME)
		return map_err(m, mem(j, "among"), "'among' goes with 'name'");
	if ((x = mem(j, "if_missing")))
		return ref_if_missing(m, x, r);
	return 0;
}

static const char *const link_members[] = {
    "type",     "file",       "files",    "source",  "target",  "directed", "amount",
    "currency", "properties", "required", "filters", "extract", NULL};

int map_link_parse(mapping *m, size_t idx, const cJSON *j)
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
		return map_err(m, j,
		               "a link is an object with a 'type', a 'source' and a 'target'");
	if ((rc = map_members(m, j, link_members)))
		return rc;
	if ((rc = applies_parse(m, j, &l->applies, &explicit_)))
		return rc;
	if ((x = mem(j, "extract")) && (rc = map_ex_parse(m, x, &l->ex)))
		return rc;
	if ((rc = type_parse(m, mem(j, "type"), &l->type, &l->type_v, 1, owner)))
		return rc;
	for (int k = 0; k < 2; k++)
		if ((rc = ref_parse(m, mem(j, which[k]), &l->end[k], which[k])))
			return rc;
	if ((x = mem(j, "directed")) && (rc = map_get_bool(m, x, &l->directed)))
		return rc;
	if ((x = mem(j, "amount"))) {
		snprintf(what, sizeof what, "amount of %s", owner);
		if ((rc = map_vs_parse(m, x, &l->amount, what)))
			return rc;
		l->has_amount = 1;
	}
	if ((x = mem(j, "currency"))) {
		snprintf(what, sizeof what, "currency of %s", owner);
		if ((rc = map_vs_parse(m, x, &l->currency, what)))
			return rc;
		l->has_currency = 1;
	}
	if (l->has_amount && !l->has_currency)
		return map_err(m, mem(j, "amount"),
		               "an 'amount' needs a 'currency' (a column or a "
		               "constant such as \"USD\")");
	if ((x = mem(j, "properties")) && (rc = props_parse(m, x, &l->props, &l->nprops, owner)))
		return rc;
	if ((x = mem(j, "required")) && (rc = map_cols_parse(m, x, &l->req, &l->nreq)))
		return rc;
	if ((x = mem(j, "filters")) && (rc = map_flt_parse(m, x, &l->flt, &l->nflt)))
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
				return map_err(m, mem(j, which[k]),
				               "entity '%s' is not made from file '%s'", e->name,
				               m->decls[d].path);
			if (!explicit_ && !e->applies[d])
				l->applies[d] = 0;
		}
		if (e->ex.on) {
			if (l->ex.on)
				return map_err(m, mem(j, which[k]),
				               "a link with its own 'extract' cannot join entity "
				               "'%s', which is "
				               "made once per match",
				               e->name);
			if (l->per_ent >= 0 && l->per_ent != r->ent)
				return map_err(
				    m, mem(j, which[k]),
				    "both ends are entities made once per match ('%s', '%s'): one "
				    "end at most",
				    m->ents[l->per_ent].name, e->name);
			l->per_ent = r->ent;
		}
	}
	if (l->end[0].kind == R_ROW && l->end[1].kind == R_ROW && l->end[0].ent == l->end[1].ent)
		return map_err(m, mem(j, "target"), "source and target are the same entity '%s'",
		               m->ents[l->end[0].ent].name);
	int any = 0;
	for (size_t d = 0; d < m->ndecls; d++)
		any |= l->applies[d];
	if (!any)
		return map_err(m, j, "its entities are never made from the same file");
	return 0;
}
