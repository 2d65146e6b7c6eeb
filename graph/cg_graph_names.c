/* Names and provenance as a record writes them, before the record is
 * resolved: types and property names made canonical (with the names memo:
 * rows of one file repeat a few of them), property values validated and
 * normalised, provenance checked, its file and case interned through the
 * last ones seen, and a provenance record's time span. Part of the entity
 * store (cg_graph.c): see cg_graph_internal.h. */
#include "cg_graph_internal.h"

#include "cg_array.h"
#include "cg_normalize.h"
#include "cg_parse.h"

#include <stdlib.h>
#include <string.h>

/* The memo slot of name (n bytes, as written) in table (NAME_MEMO_*), or
 * NULL when it is too long to be remembered. A slot holds one name: a
 * lookup that finds another there is a miss, and the caller's answer
 * replaces it (memo_keep). */
static struct name_memo *memo_slot(cg_graph *g, int table, const char *name, size_t n)
{
	if (n > sizeof g->memo[0].raw)
		return NULL;
	return &g->memo[(cg_hash_bytes(name, n) + (uint64_t)table) &
	                (sizeof g->memo / sizeof g->memo[0] - 1)];
}

static int memo_hit(const struct name_memo *m, int table, const char *name, size_t n)
{
	return m && m->id && m->table == table && m->len == n && memcmp(m->raw, name, n) == 0;
}

static void memo_keep(struct name_memo *m, int table, const char *name, size_t n, uint32_t id,
                      int kind)
{
	if (!m)
		return;
	m->id = id;
	m->table = (uint8_t)table;
	m->kind = (uint8_t)kind;
	m->len = (uint8_t)n;
	memcpy(m->raw, name, n);
}

/* ---- properties ---- */

static const char *const prop_synonyms[][2] = {
    {"date_of_birth", "dob"},
    {"birth_date", "dob"},
    {"birthdate", "dob"},
    {"born", "dob"},
    {"registration", "registration_number"},
    {"reg_number", "registration_number"},
    {"reg_no", "registration_number"},
    {"registration_no", "registration_number"},
    {"company_number", "registration_number"},
    {"passport_number", "passport"},
    {"passport_no", "passport"},
    {"citizenship", "nationality"},
    {"national_id_number", "national_id"},
    {"doc_type", "document_type"},
};

/* properties normalised by kind (norm_props), and the bit of those that
 * give a provenance record's time span (record_span) */
enum { PROP_DATE = 1, PROP_COUNTRY, PROP_KIND = 3, PROP_SPAN = 4 };

static const char *const span_from[] = {"first_seen", "valid_from", "first_observed", "start_time"};
static const char *const span_until[] = {"last_seen", "valid_until", "last_observed", "stop_time"};

static int is_span_prop(const char *name)
{
	for (size_t i = 0; i < sizeof span_from / sizeof *span_from; i++)
		if (strcmp(name, span_from[i]) == 0 || strcmp(name, span_until[i]) == 0)
			return 1;
	return 0;
}

static int is_date_prop(const char *name)
{
	return strcmp(name, "dob") == 0 || strcmp(name, "date") == 0 ||
	       strcmp(name, "start_date") == 0 || strcmp(name, "end_date") == 0 ||
	       strcmp(name, "incorporation_date") == 0 || strcmp(name, "date_of_death") == 0;
}

static int is_country_prop(const char *name)
{
	return strcmp(name, "nationality") == 0 || strcmp(name, "country") == 0 ||
	       strcmp(name, "jurisdiction") == 0;
}

/* Lower-cases s into g->lower, with spaces and hyphens as '_'. */
const char *graph_lower_name(cg_graph *g, const char *s)
{
	cg_strbuf_reset(&g->lower);
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		else if (c == ' ' || c == '-')
			c = '_';
		if (cg_strbuf_putc(&g->lower, c))
			return NULL;
	}
	while (g->lower.len && g->lower.buf[g->lower.len - 1] == '_')
		g->lower.buf[--g->lower.len] = '\0';
	return cg_strbuf_cstr(&g->lower);
}

/* Validates and normalises a record's properties into g->pn / g->pv, which
 * then hold *count pairs (empty values dropped). */
int graph_norm_props(cg_graph *g, const cg_prop *props, size_t n, size_t *count, cg_error *err)
{
	const char *why = NULL;
	int rc;

	if (n > g->prop_cap) {
		/* two arrays of one capacity, set once both have grown */
		size_t cap_pn = g->prop_cap, cap_pv = g->prop_cap;
		if (CG_ARRAY_GROW(g->pn, cap_pn, n, 16) || CG_ARRAY_GROW(g->pv, cap_pv, n, 16))
			return CG_ENOMEM;
		g->prop_cap = cap_pn;
	}
	*count = 0;
	g->span_props = 0;
	for (size_t i = 0; i < n; i++) {
		const char *name, *value = props[i].value;
		size_t vlen;
		if (!props[i].name || !value)
			continue;
		while (*value == ' ' || *value == '\t')
			value++;
		vlen = strlen(value);
		while (vlen && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t'))
			vlen--;
		if (!vlen)
			continue;
		size_t nlen = strlen(props[i].name);
		rc = 0;
		struct name_memo *m = memo_slot(g, NAME_MEMO_PROP, props[i].name, nlen);
		int kind;
		if (memo_hit(m, NAME_MEMO_PROP, props[i].name, nlen)) {
			if (!cg_utf8_valid(value, vlen))
				return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
				                    "invalid UTF-8 in property '%s'",
				                    props[i].name);
			g->pn[*count] = m->id;
			kind = m->kind;
		} else {
			if (!cg_utf8_valid(props[i].name, nlen) || !cg_utf8_valid(value, vlen))
				return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
				                    "invalid UTF-8 in property '%s'",
				                    props[i].name);
			if (!(name = graph_lower_name(g, props[i].name)))
				return CG_ENOMEM;
			if (!*name)
				return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
				                    "empty property name");
			for (size_t k = 0; k < sizeof prop_synonyms / sizeof prop_synonyms[0]; k++)
				if (strcmp(name, prop_synonyms[k][0]) == 0)
					name = prop_synonyms[k][1];
			if ((rc = intern(g, name, &g->pn[*count])))
				return rc;
			name = S(g, g->pn[*count]);
			kind = is_span_prop(name) ? PROP_SPAN : 0;
			kind |= is_date_prop(name)      ? PROP_DATE
			        : is_country_prop(name) ? PROP_COUNTRY
			                                : 0;
			memo_keep(m, NAME_MEMO_PROP, props[i].name, nlen, g->pn[*count], kind);
		}
		name = S(g, g->pn[*count]);
		g->span_props |= kind & PROP_SPAN;
		if ((kind & PROP_KIND) == PROP_DATE) {
			rc = cg_parse_date(value, vlen, &g->norm, &why);
			if (rc == CG_ENOMEM)
				return rc;
			if (rc)
				return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
				                    "bad date in '%s': '%.*s': %s", name,
				                    (int)(vlen > 64 ? 64 : vlen), value, why);
		} else if ((kind & PROP_KIND) == PROP_COUNTRY &&
		           (rc = cg_norm_country(value, vlen, &g->norm)) == 0) {
			/* recognised country: alpha-2 */
		} else {
			if (rc == CG_ENOMEM)
				return rc;
			cg_strbuf_reset(&g->norm);
			if (cg_strbuf_append(&g->norm, value, vlen))
				return CG_ENOMEM;
		}
		if ((rc = cg_strpool_intern(g->pool, g->norm.buf, g->norm.len, &g->pv[*count])))
			return rc;
		(*count)++;
	}
	return 0;
}

/* Every provenance record must be usable before anything changes, so that a
 * rejected record leaves the graph as it was. */
int graph_check_provs(const cg_graph *g, const cg_prov *prov, size_t n, cg_error *err)
{
	if (!prov || n == 0)
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0, "record without provenance");
	for (size_t i = 0; i < n; i++) {
		const char *const parts[] = {prov[i].file, prov[i].case_name, prov[i].local_id,
		                             prov[i].via};
		static const char *const what[] = {"file name", "case", "local id", "merge key"};
		if (!prov[i].file || prov[i].line < 0 || prov[i].line > (long)UINT32_MAX)
			return cg_error_set(err, CG_EINVAL, NULL, 0, 0, "bad provenance record");
		const struct recent_name *const known[] = {&g->recent_file, &g->recent_case, NULL,
		                                           NULL};
		/* what the writer writes must be UTF-8 (docs/FORMAT.md) */
		for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
			size_t len = parts[k] ? strlen(parts[k]) : 0;
			if (parts[k] && !(known[k] && recent_hit(known[k], parts[k], len)) &&
			    !cg_utf8_valid(parts[k], len))
				return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
				                    "invalid UTF-8 in the %s", what[k]);
		}
	}
	return 0;
}

int graph_canonical_type(cg_graph *g, const char *type, const char *what, uint32_t *out, int *kind,
                         cg_error *err)
{
	static const char *const synonyms[][2] = {
	    {"organisation", "organization"},
	    {"org", "organization"},
	    {"individual", "person"},
	    {"people", "person"},
	    {"account", "bank_account"},
	    {"bankaccount", "bank_account"},
	    {"e_mail", "email"},
	    {"email_address", "email"},
	    {"ip_address", "ip"},
	    {"ipv4", "ip"},
	    {"ipv6", "ip"},
	    {"website", "domain"},
	    {"hostname", "domain"},
	    {"phone_number", "phone"},
	    {"crypto_wallet", "wallet"},
	    {"intrusion_set", "threat_actor"},
	};
	const char *t;
	const char *near;
	int table = strcmp(what, "entity") == 0 ? NAME_MEMO_ENTITY_TYPE : NAME_MEMO_LINK_TYPE;
	size_t n;
	struct name_memo *m;
	int rc;

	if (!type || !*type)
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "missing %s type", what);
	n = strlen(type);
	m = memo_slot(g, table, type, n);
	if (memo_hit(m, table, type, n)) {
		*out = m->id;
		*kind = m->kind;
		return 0;
	}
	if (!(t = graph_lower_name(g, type)))
		return CG_ENOMEM;
	if (strcmp(what, "entity") == 0)
		for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
			if (strcmp(t, synonyms[i][0]) == 0)
				t = synonyms[i][1];
	if (!cg_type_name_valid(t))
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "invalid %s type '%.64s'", what,
		                    type);
	near =
	    strcmp(what, "entity") == 0 ? cg_entity_type_near_miss(t) : cg_link_type_near_miss(t);
	if (near)
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
		                    "unknown %s type '%s' (did you mean '%s'?)", what, t, near);
	if ((rc = intern(g, t, out)))
		return rc;
	*kind = table == NAME_MEMO_ENTITY_TYPE ? (int)cg_entity_type_from_string(t)
	                                       : (int)cg_link_type_from_string(t);
	memo_keep(m, table, type, n, *out, *kind);
	return 0;
}

/* s (a provenance record's file name, or its case when trim is set,
 * trimmed; checked already by check_provs) interned, through r. */
int graph_intern_recent(cg_graph *g, struct recent_name *r, const char *s, int trim, uint32_t *out)
{
	size_t n;
	int rc;

	if (!s) {
		*out = 0;
		return 0;
	}
	n = strlen(s);
	if (recent_hit(r, s, n)) {
		*out = r->id;
		return 0;
	}
	if ((rc = trim ? intern_trimmed(g, s, out) : cg_strpool_intern(g->pool, s, n, out)))
		return rc;
	r->set = 0;
	cg_strbuf_reset(&r->raw);
	if (cg_strbuf_append(&r->raw, s, n))
		return CG_ENOMEM;
	r->id = *out;
	r->set = 1;
	return 0;
}

/* The time span of a provenance record into pr (first, last): as the
 * record gives it, else from the record's normalised properties (np of
 * them, in g->pn / g->pv). A link's date is its span when it has none: the
 * link's properties are its own (they take part in its identity), so the
 * analyses read it there and it is not stored twice. 0 or CG_ENOMEM. */
int graph_record_span(cg_graph *g, const cg_prov *p, size_t np, prov_in *pr)
{
	const char *f = p->first_seen, *l = p->last_seen;
	int rc;

	if (f || l) { /* given (the native reader gives "" for none) */
		if ((rc = intern_trimmed(g, f, &pr->first)) ||
		    (rc = intern_trimmed(g, l, &pr->last)))
			return rc;
		return 0;
	}
	for (size_t i = 0; g->span_props && i < sizeof span_from / sizeof *span_from && !f; i++)
		f = prop_get(g, np, span_from[i]);
	for (size_t i = 0; g->span_props && i < sizeof span_until / sizeof *span_until && !l; i++)
		l = prop_get(g, np, span_until[i]);
	if ((rc = intern_trimmed(g, f, &pr->first)) || (rc = intern_trimmed(g, l, &pr->last)))
		return rc;
	return 0;
}
