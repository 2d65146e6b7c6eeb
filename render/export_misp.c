/* The MISP event export: one {"Event": {...}} as MISP's event import (the
 * /events/add API, "Import from MISP JSON") reads it, and as
 * importers/misp.c reads it back (docs/RENDER.md, "MISP").
 *
 * Single values (e-mail, phone, domain, ip, url, threat actor) are
 * attributes of MISP's own types; persons, companies, organizations, bank
 * accounts, addresses, documents and wallets are objects of MISP's object
 * templates (person, legal-entity, organization, bank-account,
 * postal-address, report, coin-address); links are object references from
 * the object of their source. Links MISP cannot start from an attribute are
 * written its own way where it has one (attributed_to a threat actor: the
 * attribute's threat-actor galaxy tag; a domain resolves_to an ip: a
 * domain|ip attribute). Everything else is counted in misp_stats, which
 * cg_export_misp_summary says, never dropped silently.
 *
 * Uuids are UUIDv5 (cg_uuid5) of the casegraph ids; the same graph gives
 * the same bytes. */
#include "cg_render.h"

#include "cg_array.h"
#include "cg_jsonl.h"

#include <stdlib.h>
#include <string.h>

int cg_export_misp(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err);

/* The namespace of every uuid of the export. */
static const unsigned char ns_misp[16] = {0x7a, 0x1e, 0x52, 0x0c, 0x3d, 0x84, 0x4f, 0x9b,
                                          0xb1, 0x06, 0x2a, 0xe7, 0x58, 0xc3, 0x90, 0x14};

/* ---- how each entity type is written ---- */

enum { W_NONE, W_ATTR, W_OBJ };

/* A single value: its MISP attribute type and category. */
typedef struct attr_map {
	cg_entity_type t;
	const char *type, *category;
} attr_map;

static const attr_map attr_maps[] = {
    {CG_ET_EMAIL, "email-src", "Social network"},
    {CG_ET_PHONE, "phone-number", "Person"},
    {CG_ET_DOMAIN, "domain", "Network activity"},
    {CG_ET_IP, "ip-dst", "Network activity"},
    {CG_ET_URL, "url", "Network activity"},
    {CG_ET_THREAT_ACTOR, "threat-actor", "Attribution"},
};

/* MISP types an imported value may keep (its misp_type property). */
static const char *const keep_types[][2] = {
    {"ip", "ip-src"},
    {"domain", "hostname"},
    {"email", "email-dst"},
};

/* An object template: name, meta-category, uuid and version as in
 * MISP/misp-objects (objects/<name>/definition.json). */
typedef struct tmpl {
	cg_entity_type t;
	const char *name, *meta, *uuid, *version;
	const char *name_rel;  /* the relation the entity's name goes to */
	const char *alias_rel; /* the relation of its aliases, or NULL */
} tmpl;

static const tmpl tmpls[] = {
    {CG_ET_PERSON, "person", "misc", "a15b0477-e9d1-4b9c-9546-abe78a4f4248", "8", NULL, "alias"},
    {CG_ET_COMPANY, "legal-entity", "misc", "14f5688f-d89c-469f-9878-c48bf6c41c65", "2", "name",
     "commercial-name"},
    {CG_ET_ORGANIZATION, "organization", "misc", "f750e12b-127a-432c-b022-b3f9153c4e2a", "3",
     "name", "alias"},
    {CG_ET_BANK_ACCOUNT, "bank-account", "financial", "b4712203-95a8-4883-80e9-b566f5df11c9", "1",
     "account-name", NULL},
    {CG_ET_ADDRESS, "postal-address", "misc", "c22cdd17-d38e-42d3-a365-4febdaaaf25e", "4", "street",
     NULL},
    {CG_ET_DOCUMENT, "report", "misc", "70a68471-df22-4e3f-aa1a-5a3be19f82df", "8", "title",
     "title"},
    {CG_ET_WALLET, "coin-address", "financial", "d0e6997e-78da-4815-a6a1-cfc1c1cb8a46", "7", NULL,
     NULL},
};

/* casegraph property -> object relation, with the relation's MISP
 * attribute type and category (the template's "misp-attribute"). */
typedef struct prop_map {
	cg_entity_type t;
	const char *prop, *rel, *type, *category;
} prop_map;

static const prop_map prop_maps[] = {
    {CG_ET_PERSON, "dob", "date-of-birth", "date-of-birth", "Person"},
    {CG_ET_PERSON, "nationality", "nationality", "nationality", "Person"},
    {CG_ET_PERSON, "passport", "passport-number", "passport-number", "Person"},
    {CG_ET_PERSON, "national_id", "identity-card-number", "identity-card-number", "Person"},
    {CG_ET_COMPANY, "registration_number", "registration-number", "text", "Other"},
    {CG_ET_COMPANY, "legal_form", "legal-form", "text", "Other"},
    {CG_ET_BANK_ACCOUNT, "account_number", "account", "bank-account-nr", "Financial fraud"},
    {CG_ET_BANK_ACCOUNT, "iban", "iban", "iban", "Financial fraud"},
    {CG_ET_BANK_ACCOUNT, "swift_bic", "swift", "bic", "Financial fraud"},
    {CG_ET_BANK_ACCOUNT, "bank", "institution-name", "text", "Other"},
    {CG_ET_BANK_ACCOUNT, "currency", "currency-code", "text", "Other"},
    {CG_ET_ADDRESS, "country", "country", "text", "Other"},
    {CG_ET_DOCUMENT, "document_type", "type", "text", "Other"},
    {CG_ET_WALLET, "chain", "symbol", "text", "Other"},
};

/* Properties a MISP import left, written back where they came from. */
static const char *const misp_props[] = {"misp_type", "misp_object", "to_ids", "category",
                                         "comment"};

/* casegraph link type -> MISP relationship (misp-objects
 * relationships/definition.json); others keep the casegraph type. */
static const char *const rel_maps[][2] = {
    {"attributed_to", "attributed-to"},
    {"targets", "targets"},
    {"uses", "uses"},
    {"mentions", "mentions"},
    {"related_to", "related-to"},
    {"located_in", "located"},
    {"member_of", "member-of"},
    {"owns", "owner-of"},
    {"resolves_to", "resolved-to"},
    {"connected_from", "connected-from"},
};

/* What the export wrote and what it could not. */
typedef struct misp_stats {
	size_t attributes, objects, references, tags;
	size_t actor_tags, domain_ip; /* links written as tags, as domain|ip attributes */
	size_t ent_none;              /* entities with no place */
	const char *none_type[16];    /* their types (the first 16; borrowed) */
	size_t none_count[16], n_none_types;
	size_t link_end_none;    /* links with an end not written */
	size_t link_from_attr;   /* links from an attribute, with no MISP form */
	size_t props_in_comment; /* property values kept only in a comment */
} misp_stats;

typedef struct mx {
	const cg_graph *g;
	const cg_export_opts *o;
	cg_strbuf sb, tmp, t2;
	misp_stats st;
	unsigned char *how; /* per entity: W_* */
	cg_lid *by_src;     /* links sorted by source, then id */
	size_t m;
	int rc;
} mx;

static void raw(mx *c, const char *s)
{
	if (!c->rc && cg_strbuf_puts(&c->sb, s))
		c->rc = CG_ENOMEM;
}

static void str(mx *c, const char *s)
{
	if (!c->rc && cg_json_put_string(&c->sb, s ? s : ""))
		c->rc = CG_ENOMEM;
}

/* , "key": "value" */
static void kv(mx *c, const char *key, const char *value)
{
	raw(c, ", \"");
	raw(c, key);
	raw(c, "\": ");
	str(c, value);
}

static void uuid_of(const char *kind, const char *id, const char *extra, cg_strbuf *tmp,
                    char out[37], int *rc)
{
	cg_strbuf_reset(tmp);
	if (cg_strbuf_printf(tmp, "%s:%s%s%s", kind, id, extra ? "#" : "", extra ? extra : "")) {
		*rc = CG_ENOMEM;
		out[0] = '\0';
		return;
	}
	cg_uuid5(ns_misp, tmp->buf, tmp->len, out);
}

static const attr_map *attr_of(cg_entity_type t)
{
	for (size_t i = 0; i < sizeof attr_maps / sizeof *attr_maps; i++)
		if (attr_maps[i].t == t)
			return &attr_maps[i];
	return NULL;
}

static const tmpl *tmpl_of(cg_entity_type t)
{
	for (size_t i = 0; i < sizeof tmpls / sizeof *tmpls; i++)
		if (tmpls[i].t == t)
			return &tmpls[i];
	return NULL;
}

static int is_misp_prop(const char *name)
{
	return cg_name_index(misp_props, sizeof misp_props / sizeof *misp_props, name) >= 0;
}

/* The attribute type of a single value: the imported misp_type when it is
 * one MISP allows for the same thing, else the table's. */
static const char *attr_type(const cg_graph *g, cg_eid e, const attr_map *a)
{
	const char *mt = cg_entity_prop(g, e, "misp_type");
	if (mt)
		for (size_t i = 0; i < sizeof keep_types / sizeof *keep_types; i++)
			if (strcmp(keep_types[i][0], cg_entity_type_name(g, e)) == 0 &&
			    strcmp(keep_types[i][1], mt) == 0)
				return mt;
	return a->type;
}

/* The comment of an entity: its misp comment, the properties with no
 * place, its id and its citations ("file:line (case)"). */
static void entity_comment(mx *c, cg_eid e, const tmpl *t)
{
	cg_iter it = cg_entity_props(c->g, e);
	const char *pn, *pv;
	cg_prov p;
	int first = 1;

	cg_strbuf_reset(&c->tmp);
	if (cg_strbuf_printf(&c->tmp, "casegraph %s %s", cg_entity_type_name(c->g, e),
	                     cg_entity_id(c->g, e)))
		c->rc = CG_ENOMEM;
	while (!c->rc && cg_iter_next_prop(c->g, &it, &pn, &pv)) {
		int mapped = 0;
		if (strcmp(pn, "comment") == 0) {
			if (cg_strbuf_printf(&c->tmp, "; %s", pv))
				c->rc = CG_ENOMEM;
			continue;
		}
		if (is_misp_prop(pn))
			continue;
		for (size_t i = 0; t && i < sizeof prop_maps / sizeof *prop_maps; i++)
			if (prop_maps[i].t == t->t && strcmp(prop_maps[i].prop, pn) == 0)
				mapped = 1;
		if (mapped)
			continue;
		if (cg_strbuf_printf(&c->tmp, "%s%s=%s", first ? "; properties: " : ", ", pn, pv))
			c->rc = CG_ENOMEM;
		first = 0;
		c->st.props_in_comment++;
	}
	/* aliases with no relation of their own */
	it = cg_entity_aliases(c->g, e);
	first = 1;
	while (!c->rc && (!t || !t->alias_rel) && cg_iter_next_str(c->g, &it, &pv)) {
		if (cg_strbuf_printf(&c->tmp, "%s%s", first ? "; aliases: " : ", ", pv))
			c->rc = CG_ENOMEM;
		first = 0;
		c->st.props_in_comment++;
	}
	it = cg_entity_provs(c->g, e);
	first = 1;
	while (!c->rc && cg_iter_next_prov(c->g, &it, &p)) {
		if (cg_strbuf_printf(&c->tmp, "%s%s:%ld (%s)", first ? "; cited: " : ", ", p.file,
		                     p.line, p.case_name))
			c->rc = CG_ENOMEM;
		first = 0;
	}
}

/* "Tag": [...] of an entity: its cases and roles (and extra, a threat
 * actor it is attributed to, when the caller gives one). */
static void entity_tags(mx *c, cg_eid e, int with_actors)
{
	const char *cases[64];
	size_t nc = cg_entity_cases(c->g, e, cases, 64);
	cg_iter it = cg_entity_roles(c->g, e);
	const char *r;
	int first = 1;

	raw(c, ", \"Tag\": [");
	for (size_t i = 0; i < nc && i < 64; i++) {
		cg_strbuf_reset(&c->t2);
		if (cg_strbuf_printf(&c->t2, "casegraph:case=\"%s\"", cases[i]))
			c->rc = CG_ENOMEM;
		raw(c, first ? "{\"name\": " : ", {\"name\": ");
		str(c, c->t2.buf);
		raw(c, "}");
		first = 0;
		c->st.tags++;
	}
	while (cg_iter_next_str(c->g, &it, &r)) {
		cg_strbuf_reset(&c->t2);
		if (cg_strbuf_printf(&c->t2, "casegraph:role=\"%s\"", r))
			c->rc = CG_ENOMEM;
		raw(c, first ? "{\"name\": " : ", {\"name\": ");
		str(c, c->t2.buf);
		raw(c, "}");
		first = 0;
		c->st.tags++;
	}
	/* attributed_to a threat actor: MISP's threat-actor galaxy tag */
	for (size_t k = 0; with_actors && k < c->m; k++) {
		cg_lid l = c->by_src[k];
		cg_eid t = cg_link_target(c->g, l);
		if (cg_link_source(c->g, l) != e ||
		    cg_link_type_of(c->g, l) != CG_LT_ATTRIBUTED_TO ||
		    cg_entity_type_of(c->g, t) != CG_ET_THREAT_ACTOR)
			continue;
		cg_strbuf_reset(&c->t2);
		if (cg_strbuf_printf(&c->t2, "misp-galaxy:threat-actor=\"%s\"",
		                     cg_entity_name(c->g, t)))
			c->rc = CG_ENOMEM;
		raw(c, first ? "{\"name\": " : ", {\"name\": ");
		str(c, c->t2.buf);
		raw(c, "}");
		first = 0;
	}
	raw(c, "]");
}

/* Whether link l can be written, and how: 'R' a reference, 'T' a tag,
 * 'D' a domain|ip attribute, 0 not (counted). */
static int link_form(const mx *c, cg_lid l)
{
	cg_eid s = cg_link_source(c->g, l), t = cg_link_target(c->g, l);
	if (c->how[s] == W_NONE || c->how[t] == W_NONE)
		return 0;
	if (c->how[s] == W_OBJ)
		return 'R';
	if (cg_link_type_of(c->g, l) == CG_LT_ATTRIBUTED_TO &&
	    cg_entity_type_of(c->g, t) == CG_ET_THREAT_ACTOR)
		return 'T';
	if (cg_link_type_of(c->g, l) == CG_LT_RESOLVES_TO &&
	    cg_entity_type_of(c->g, s) == CG_ET_DOMAIN && cg_entity_type_of(c->g, t) == CG_ET_IP)
		return 'D';
	return 0;
}

static void one_attr(mx *c, const char *uuid, const char *rel, const char *type,
                     const char *category, const char *value, int to_ids, const char *comment)
{
	raw(c, "{\"uuid\": ");
	str(c, uuid);
	if (rel)
		kv(c, "object_relation", rel);
	kv(c, "type", type);
	kv(c, "category", category);
	kv(c, "value", value);
	raw(c, to_ids ? ", \"to_ids\": true" : ", \"to_ids\": false");
	raw(c, ", \"distribution\": \"5\"");
	if (comment)
		kv(c, "comment", comment);
}

static void attributes(mx *c, size_t n)
{
	char uid[37];
	int first = 1;

	raw(c, ",\n    \"Attribute\": [");
	for (cg_eid e = 0; e < n && !c->rc; e++) {
		const attr_map *a;
		if (c->how[e] != W_ATTR || !(a = attr_of(cg_entity_type_of(c->g, e))))
			continue;
		const char *ti = cg_entity_prop(c->g, e, "to_ids");
		uuid_of("entity", cg_entity_id(c->g, e), NULL, &c->t2, uid, &c->rc);
		entity_comment(c, e, NULL);
		raw(c, first ? "\n      " : ",\n      ");
		first = 0;
		one_attr(c, uid, NULL, attr_type(c->g, e, a), a->category, cg_entity_name(c->g, e),
		         ti && strcmp(ti, "true") == 0, c->tmp.buf);
		entity_tags(c, e, 1);
		raw(c, "}");
		c->st.attributes++;
	}
	/* a domain that resolves_to an ip: a domain|ip attribute */
	for (cg_lid l = 0; l < c->m && !c->rc; l++) {
		cg_prov p;
		cg_iter it;
		if (link_form(c, l) != 'D')
			continue;
		uuid_of("link", cg_entity_id(c->g, cg_link_source(c->g, l)),
		        cg_entity_id(c->g, cg_link_target(c->g, l)), &c->t2, uid, &c->rc);
		cg_strbuf_reset(&c->tmp);
		if (cg_strbuf_printf(&c->tmp, "%s|%s",
		                     cg_entity_name(c->g, cg_link_source(c->g, l)),
		                     cg_entity_name(c->g, cg_link_target(c->g, l))))
			c->rc = CG_ENOMEM;
		cg_strbuf_reset(&c->t2);
		if (cg_strbuf_puts(&c->t2, "casegraph resolves_to"))
			c->rc = CG_ENOMEM;
		it = cg_link_provs(c->g, l);
		for (int f = 1; !c->rc && cg_iter_next_prov(c->g, &it, &p); f = 0)
			if (cg_strbuf_printf(&c->t2, "%s%s:%ld (%s)", f ? "; cited: " : ", ",
			                     p.file, p.line, p.case_name))
				c->rc = CG_ENOMEM;
		raw(c, first ? "\n      " : ",\n      ");
		first = 0;
		one_attr(c, uid, NULL, "domain|ip", "Network activity", c->tmp.buf, 0, c->t2.buf);
		raw(c, "}");
		c->st.attributes++;
		c->st.domain_ip++;
	}
	raw(c, first ? "]" : "\n    ]");
}

/* One attribute of an object, numbered k within it. */
static void obj_attr(mx *c, cg_eid e, int *first, int *k, const char *rel, const char *type,
                     const char *category, const char *value)
{
	char uid[37], num[16];
	snprintf(num, sizeof num, "%d", (*k)++);
	uuid_of("entity", cg_entity_id(c->g, e), num, &c->t2, uid, &c->rc);
	raw(c, *first ? "\n        " : ",\n        ");
	one_attr(c, uid, rel, type, category, value, 0, NULL);
	/* the cases and roles on the object's first attribute: objects have no tags */
	if (*first)
		entity_tags(c, e, 0);
	raw(c, "}");
	*first = 0;
}

/* The person's name as first-name and last-name (the template has no
 * full name): the last word is the last name. */
static void person_names(mx *c, cg_eid e, int *first, int *k)
{
	const char *name = cg_entity_name(c->g, e);
	const char *sp = name ? strrchr(name, ' ') : NULL;

	if (!name || !*name)
		return;
	if (sp && sp > name && sp[1]) {
		cg_strbuf_reset(&c->tmp);
		if (cg_strbuf_append(&c->tmp, name, (size_t)(sp - name)))
			c->rc = CG_ENOMEM;
		obj_attr(c, e, first, k, "first-name", "first-name", "Person", c->tmp.buf);
		obj_attr(c, e, first, k, "last-name", "last-name", "Person", sp + 1);
	} else {
		obj_attr(c, e, first, k, "last-name", "last-name", "Person", name);
	}
}

/* A wallet's address: btc and xmr have MISP types of their own. */
static void wallet_address(mx *c, cg_eid e, int *first, int *k)
{
	const char *chain = cg_entity_prop(c->g, e, "chain");
	const char *name = cg_entity_name(c->g, e);
	if (chain && strcmp(chain, "btc") == 0)
		obj_attr(c, e, first, k, "address", "btc", "Financial fraud", name);
	else if (chain && strcmp(chain, "xmr") == 0)
		obj_attr(c, e, first, k, "address-xmr", "xmr", "Financial fraud", name);
	else
		obj_attr(c, e, first, k, "address-crypto", "text", "Other", name);
}

static void obj_attributes(mx *c, cg_eid e, const tmpl *t)
{
	cg_iter it;
	const char *pn, *pv, *v;
	int first = 1, k = 0;

	raw(c, ", \"Attribute\": [");
	if (t->t == CG_ET_PERSON)
		person_names(c, e, &first, &k);
	else if (t->t == CG_ET_WALLET)
		wallet_address(c, e, &first, &k);
	else if (t->name_rel && cg_entity_name(c->g, e) && *cg_entity_name(c->g, e))
		obj_attr(c, e, &first, &k, t->name_rel, "text", "Other", cg_entity_name(c->g, e));
	it = cg_entity_aliases(c->g, e);
	while (t->alias_rel && cg_iter_next_str(c->g, &it, &v))
		obj_attr(c, e, &first, &k, t->alias_rel, "text", "Other", v);
	it = cg_entity_props(c->g, e);
	while (!c->rc && cg_iter_next_prop(c->g, &it, &pn, &pv))
		for (size_t i = 0; i < sizeof prop_maps / sizeof *prop_maps; i++)
			if (prop_maps[i].t == t->t && strcmp(prop_maps[i].prop, pn) == 0)
				obj_attr(c, e, &first, &k, prop_maps[i].rel, prop_maps[i].type,
				         prop_maps[i].category, pv);
	/* a bank account without a number: the template requires "account" */
	if (t->t == CG_ET_BANK_ACCOUNT && !cg_entity_prop(c->g, e, "account_number")) {
		const char *iban = cg_entity_prop(c->g, e, "iban");
		obj_attr(c, e, &first, &k, "account", "bank-account-nr", "Financial fraud",
		         iban ? iban : cg_entity_name(c->g, e));
	}
	raw(c, first ? "]" : "\n      ]");
}

/* The comment of a reference: the link's type, money, date, properties
 * and citations. */
static void link_comment(mx *c, cg_lid l)
{
	cg_iter it = cg_link_props(c->g, l);
	const char *pn, *pv, *cur;
	int64_t minor;
	cg_prov p;
	int first = 1;

	cg_strbuf_reset(&c->tmp);
	if (cg_strbuf_printf(&c->tmp, "casegraph %s", cg_link_type_name(c->g, l)))
		c->rc = CG_ENOMEM;
	if (cg_link_amount(c->g, l, &minor, &cur) &&
	    (cg_strbuf_putc(&c->tmp, ' ') || cg_money_text(&c->tmp, minor, cur)))
		c->rc = CG_ENOMEM;
	while (!c->rc && cg_iter_next_prop(c->g, &it, &pn, &pv)) {
		if (cg_strbuf_printf(&c->tmp, "%s%s=%s", first ? "; " : ", ", pn, pv))
			c->rc = CG_ENOMEM;
		first = 0;
	}
	it = cg_link_provs(c->g, l);
	first = 1;
	while (!c->rc && cg_iter_next_prov(c->g, &it, &p)) {
		if (cg_strbuf_printf(&c->tmp, "%s%s:%ld (%s)", first ? "; cited: " : ", ", p.file,
		                     p.line, p.case_name))
			c->rc = CG_ENOMEM;
		first = 0;
	}
}

static const char *relationship(const char *type)
{
	for (size_t i = 0; i < sizeof rel_maps / sizeof *rel_maps; i++)
		if (strcmp(rel_maps[i][0], type) == 0)
			return rel_maps[i][1];
	return type;
}

static void references(mx *c, cg_eid e, size_t *k)
{
	char uid[37], tid[37], num[24];
	int first = 1;

	raw(c, ", \"ObjectReference\": [");
	for (; *k < c->m && cg_link_source(c->g, c->by_src[*k]) == e && !c->rc; (*k)++) {
		cg_lid l = c->by_src[*k];
		cg_eid t = cg_link_target(c->g, l);
		if (link_form(c, l) != 'R')
			continue;
		snprintf(num, sizeof num, "%zu", (size_t)l);
		uuid_of("link", cg_entity_id(c->g, e), num, &c->t2, uid, &c->rc);
		uuid_of("entity", cg_entity_id(c->g, t), NULL, &c->t2, tid, &c->rc);
		link_comment(c, l);
		raw(c, first ? "\n        {\"uuid\": " : ",\n        {\"uuid\": ");
		first = 0;
		str(c, uid);
		kv(c, "referenced_uuid", tid);
		kv(c, "relationship_type", relationship(cg_link_type_name(c->g, l)));
		kv(c, "comment", c->tmp.buf);
		raw(c, "}");
		c->st.references++;
	}
	raw(c, first ? "]" : "\n      ]");
}

static void objects(mx *c, size_t n)
{
	char uid[37];
	int first = 1;
	size_t k = 0;

	raw(c, ",\n    \"Object\": [");
	for (cg_eid e = 0; e < n && !c->rc; e++) {
		const tmpl *t;
		if (c->how[e] != W_OBJ || !(t = tmpl_of(cg_entity_type_of(c->g, e))))
			continue;
		uuid_of("entity", cg_entity_id(c->g, e), NULL, &c->t2, uid, &c->rc);
		entity_comment(c, e, t);
		raw(c, first ? "\n      {\"uuid\": " : ",\n      {\"uuid\": ");
		first = 0;
		str(c, uid);
		kv(c, "name", t->name);
		kv(c, "meta-category", t->meta);
		kv(c, "template_uuid", t->uuid);
		kv(c, "template_version", t->version);
		raw(c, ", \"distribution\": \"5\"");
		kv(c, "comment", c->tmp.buf);
		obj_attributes(c, e, t);
		while (k < c->m && cg_link_source(c->g, c->by_src[k]) < e)
			k++;
		references(c, e, &k);
		raw(c, "}");
		c->st.objects++;
	}
	raw(c, first ? "]" : "\n    ]");
}

static const cg_graph *sort_g;

static int by_source(const void *pa, const void *pb)
{
	cg_lid a = *(const cg_lid *)pa, b = *(const cg_lid *)pb;
	cg_eid sa = cg_link_source(sort_g, a), sb = cg_link_source(sort_g, b);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return a < b ? -1 : a > b;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The event's cases, sorted (*out borrowed strings, the caller frees the array). */
static int event_cases(const cg_graph *g, const char ***out, size_t *n_out)
{
	size_t n = cg_graph_entity_count(g), k = 0, cap = 8;
	const char **v = malloc(cap * sizeof *v);

	if (!v)
		return CG_ENOMEM;
	for (size_t e = 0; e < n; e++) {
		cg_iter it = cg_entity_provs(g, (cg_eid)e);
		const char *cs;
		while (cg_iter_next_prov_case(g, &it, &cs)) {
			size_t x;
			for (x = 0; x < k && strcmp(v[x], cs); x++)
				;
			if (x < k)
				continue;
			if (CG_ARRAY_GROW(v, cap, k + 1, 8)) {
				free(v);
				return CG_ENOMEM;
			}
			v[k++] = cs;
		}
	}
	qsort(v, k, sizeof *v, str_cmp);
	*out = v;
	*n_out = k;
	return 0;
}

static void event_head(mx *c, const char *const *cases, size_t nc)
{
	char uid[37];
	const char *date = c->o && c->o->date ? c->o->date : "1970-01-01";

	cg_strbuf_reset(&c->tmp);
	for (size_t i = 0; i < nc; i++)
		if (cg_strbuf_printf(&c->tmp, "%s%s", i ? ", " : "casegraph: ", cases[i]))
			c->rc = CG_ENOMEM;
	if (!nc && cg_strbuf_puts(&c->tmp, "casegraph"))
		c->rc = CG_ENOMEM;
	uuid_of("event", c->tmp.buf ? c->tmp.buf : "", NULL, &c->t2, uid, &c->rc);
	raw(c, "{\"Event\": {\n    \"uuid\": ");
	str(c, uid);
	raw(c, ",\n    \"info\": ");
	str(c, c->tmp.buf);
	raw(c, ",\n    \"date\": ");
	str(c, date);
	/* 4: undefined; 2: analysis completed; 0: this organisation only
	 * (the analyst widens it before sharing); not published */
	raw(c, ",\n    \"threat_level_id\": \"4\",\n    \"analysis\": \"2\",\n"
	       "    \"distribution\": \"0\",\n    \"published\": false,\n    \"Tag\": [");
	for (size_t i = 0; i < nc; i++) {
		cg_strbuf_reset(&c->t2);
		if (cg_strbuf_printf(&c->t2, "casegraph:case=\"%s\"", cases[i]))
			c->rc = CG_ENOMEM;
		raw(c, i ? ",\n      {\"name\": " : "\n      {\"name\": ");
		str(c, c->t2.buf);
		raw(c, "}");
	}
	raw(c, nc ? "\n    ]" : "]");
}

/* Decides how each entity is written and counts what is not. */
static void plan(mx *c, size_t n)
{
	for (cg_eid e = 0; e < n; e++) {
		cg_entity_type t = cg_entity_type_of(c->g, e);
		c->how[e] = attr_of(t) ? W_ATTR : tmpl_of(t) ? W_OBJ : W_NONE;
		if (c->how[e] == W_NONE) {
			const char *tn = cg_entity_type_name(c->g, e);
			size_t k;
			for (k = 0; k < c->st.n_none_types && strcmp(c->st.none_type[k], tn); k++)
				;
			if (k == c->st.n_none_types && k < 16)
				c->st.none_type[c->st.n_none_types++] = tn;
			if (k < 16)
				c->st.none_count[k]++;
			c->st.ent_none++;
		}
	}
	for (cg_lid l = 0; l < c->m; l++) {
		int f = link_form(c, l);
		if (f == 'T')
			c->st.actor_tags++;
		else if (!f && (c->how[cg_link_source(c->g, l)] == W_NONE ||
		                c->how[cg_link_target(c->g, l)] == W_NONE))
			c->st.link_end_none++;
		else if (!f)
			c->st.link_from_attr++;
	}
}

/* Writes the event to f (when f is not NULL) and fills st. */
static int misp_write(const cg_graph *g, const cg_export_opts *o, FILE *f, misp_stats *st,
                      cg_error *err)
{
	size_t n = cg_graph_entity_count(g), nc = 0;
	const char **cases = NULL;
	mx c;

	memset(&c, 0, sizeof c);
	c.g = g;
	c.o = o;
	c.m = cg_graph_link_count(g);
	c.how = malloc(n + 1);
	c.by_src = malloc((c.m + 1) * sizeof *c.by_src);
	if (!c.how || !c.by_src || event_cases(g, &cases, &nc)) {
		c.rc = CG_ENOMEM;
		goto out;
	}
	for (cg_lid l = 0; l < c.m; l++)
		c.by_src[l] = l;
	sort_g = g;
	qsort(c.by_src, c.m, sizeof *c.by_src, by_source);
	plan(&c, n);
	event_head(&c, cases, nc);
	attributes(&c, n);
	objects(&c, n);
	raw(&c, "\n  }\n}\n");
	if (!c.rc && f && fwrite(c.sb.buf, 1, c.sb.len, f) != c.sb.len)
		c.rc = cg_error_set(err, CG_EIO, NULL, 0, 0, "cannot write");
out:
	if (c.rc == CG_ENOMEM)
		cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	if (st)
		*st = c.st;
	free(cases);
	free(c.how);
	free(c.by_src);
	cg_strbuf_free(&c.sb);
	cg_strbuf_free(&c.tmp);
	cg_strbuf_free(&c.t2);
	return c.rc;
}

int cg_export_misp(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err)
{
	return misp_write(g, o, f, NULL, err);
}

int cg_export_misp_summary(const cg_graph *g, const cg_export_opts *o, cg_strbuf *sb, cg_error *err)
{
	misp_stats st;
	int rc = misp_write(g, o, NULL, &st, err), first = 1;

	if (rc)
		return rc;
	if (cg_strbuf_printf(sb,
	                     "%zu attributes, %zu objects, %zu object references; %zu links as "
	                     "threat-actor tags, %zu as domain|ip attributes",
	                     st.attributes, st.objects, st.references, st.actor_tags, st.domain_ip))
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	if (st.ent_none) {
		rc = cg_strbuf_printf(
		    sb, "; not written (no MISP type or template): %zu entities (", st.ent_none);
		for (size_t k = 0; !rc && k < st.n_none_types; k++) {
			rc = cg_strbuf_printf(sb, "%s%zu %s", first ? "" : ", ", st.none_count[k],
			                      st.none_type[k]);
			first = 0;
		}
		if (!rc && st.n_none_types == 16)
			rc = cg_strbuf_puts(sb, " ...");
		rc = rc || cg_strbuf_printf(sb, ") and the %zu links to them", st.link_end_none);
	}
	if (!rc && st.link_from_attr)
		rc = cg_strbuf_printf(
		    sb,
		    "; %zu links from a single value not written (a MISP reference "
		    "starts at an object)",
		    st.link_from_attr);
	if (!rc && st.props_in_comment)
		rc = cg_strbuf_printf(sb,
		                      "; %zu properties and aliases with no template attribute, in "
		                      "the comments",
		                      st.props_in_comment);
	return rc ? cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory") : 0;
}
