/* The MISP event importer (docs/FORMATS.md): {"Event": {...}},
 * {"response": [{"Event": ...}, ...]} or [{"Event": ...}, ...].
 *
 * An event is a case, named by its "info" (else its uuid). Attributes become
 * entities of the matching type; objects become one entity (person,
 * legal-entity, organization, bank-account) or one entity per attribute
 * linked to the object's first (a domain-ip object: the domain resolves_to
 * the ip); object references become links; threat actors named by tags
 * (misp-galaxy:threat-actor="...") and galaxies become threat_actor
 * entities, and what they tag is attributed_to them.
 *
 * The file is read twice with the streaming scanner of json_util.h, which
 * gives every attribute and object the line where it starts: first the
 * events' names, tags and galaxies, then the attributes and objects one at
 * a time. Object references are resolved at the end of the file. */
#include "cg_import.h"

#include "cg_array.h"
#include "cg_hash.h"
#include "import_internal.h"
#include "json_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- attribute types ---- */

enum { A_ONE, A_PORT, A_DOMAIN_IP, A_FILE_HASH, A_SKIP };

typedef struct attr_type {
	const char *misp; /* MISP attribute type */
	const char *type; /* casegraph entity type */
	int how;          /* A_*: the value is one thing, thing|port, domain|ip, filename|hash */
	const char *prop; /* property the value also goes to (chain, algorithm ...), or NULL */
	const char *pval; /* its value, NULL: the value itself */
} attr_type;

static const attr_type attr_types[] = {
    {"ip-src", "ip", A_ONE, NULL, NULL},
    {"ip-dst", "ip", A_ONE, NULL, NULL},
    {"ip-src|port", "ip", A_PORT, NULL, NULL},
    {"ip-dst|port", "ip", A_PORT, NULL, NULL},
    {"domain", "domain", A_ONE, NULL, NULL},
    {"hostname", "domain", A_ONE, NULL, NULL},
    {"hostname|port", "domain", A_PORT, NULL, NULL},
    {"domain|ip", "domain", A_DOMAIN_IP, NULL, NULL},
    {"url", "url", A_ONE, NULL, NULL},
    {"uri", "url", A_ONE, NULL, NULL},
    {"link", "url", A_ONE, NULL, NULL},
    {"email", "email", A_ONE, NULL, NULL},
    {"email-src", "email", A_ONE, NULL, NULL},
    {"email-dst", "email", A_ONE, NULL, NULL},
    {"email-reply-to", "email", A_ONE, NULL, NULL},
    {"target-email", "email", A_ONE, NULL, NULL},
    {"whois-registrant-email", "email", A_ONE, NULL, NULL},
    {"btc", "wallet", A_ONE, "chain", "btc"},
    {"xmr", "wallet", A_ONE, "chain", "xmr"},
    {"dash", "wallet", A_ONE, "chain", "dash"},
    {"iban", "bank_account", A_ONE, "iban", NULL},
    {"bank-account-nr", "bank_account", A_ONE, "account_number", NULL},
    {"bic", "bank", A_ONE, "swift_bic", NULL},
    {"phone-number", "phone", A_ONE, NULL, NULL},
    {"whois-registrant-phone", "phone", A_ONE, NULL, NULL},
    {"whois-registrant-name", "person", A_ONE, NULL, NULL},
    {"whois-registrant-org", "organization", A_ONE, NULL, NULL},
    {"target-org", "organization", A_ONE, NULL, NULL},
    {"threat-actor", "threat_actor", A_ONE, NULL, NULL},
    {"vulnerability", "vulnerability", A_ONE, NULL, NULL},
    {"mac-address", "mac_addr", A_ONE, NULL, NULL},
    {"AS", "autonomous_system", A_ONE, NULL, NULL},
    {"filename", "file", A_ONE, NULL, NULL},
    {"md5", "hash", A_ONE, "algorithm", "md5"},
    {"sha1", "hash", A_ONE, "algorithm", "sha1"},
    {"sha224", "hash", A_ONE, "algorithm", "sha224"},
    {"sha256", "hash", A_ONE, "algorithm", "sha256"},
    {"sha384", "hash", A_ONE, "algorithm", "sha384"},
    {"sha512", "hash", A_ONE, "algorithm", "sha512"},
    {"ssdeep", "hash", A_ONE, "algorithm", "ssdeep"},
    {"imphash", "hash", A_ONE, "algorithm", "imphash"},
    {"tlsh", "hash", A_ONE, "algorithm", "tlsh"},
    {"filename|md5", "hash", A_FILE_HASH, "algorithm", "md5"},
    {"filename|sha1", "hash", A_FILE_HASH, "algorithm", "sha1"},
    {"filename|sha256", "hash", A_FILE_HASH, "algorithm", "sha256"},
    {"filename|sha512", "hash", A_FILE_HASH, "algorithm", "sha512"},
    {"filename|ssdeep", "hash", A_FILE_HASH, "algorithm", "ssdeep"},
    {"filename|imphash", "hash", A_FILE_HASH, "algorithm", "imphash"},
    {"malware-sample", "hash", A_FILE_HASH, "algorithm", "md5"},
    /* values, free text and detection content: not things of their own */
    {"text", NULL, A_SKIP, NULL, NULL},
    {"comment", NULL, A_SKIP, NULL, NULL},
    {"other", NULL, A_SKIP, NULL, NULL},
    {"datetime", NULL, A_SKIP, NULL, NULL},
    {"counter", NULL, A_SKIP, NULL, NULL},
    {"float", NULL, A_SKIP, NULL, NULL},
    {"boolean", NULL, A_SKIP, NULL, NULL},
    {"size-in-bytes", NULL, A_SKIP, NULL, NULL},
    {"port", NULL, A_SKIP, NULL, NULL},
    {"hex", NULL, A_SKIP, NULL, NULL},
    {"yara", NULL, A_SKIP, NULL, NULL},
    {"sigma", NULL, A_SKIP, NULL, NULL},
    {"snort", NULL, A_SKIP, NULL, NULL},
    {"pattern-in-file", NULL, A_SKIP, NULL, NULL},
    {"pattern-in-memory", NULL, A_SKIP, NULL, NULL},
    {"pattern-in-traffic", NULL, A_SKIP, NULL, NULL},
    {"first-name", NULL, A_SKIP, NULL, NULL},
    {"last-name", NULL, A_SKIP, NULL, NULL},
    {"middle-name", NULL, A_SKIP, NULL, NULL},
    {"date-of-birth", NULL, A_SKIP, NULL, NULL},
    {"nationality", NULL, A_SKIP, NULL, NULL},
    {"passport-number", NULL, A_SKIP, NULL, NULL},
};

/* Objects that describe one thing, whose attributes are its properties. */
typedef struct obj_template {
	const char *name;     /* MISP object template */
	const char *type;     /* casegraph type */
	const char *name_rel; /* a relation that names it besides full-name and name, or NULL */
} obj_template;

static const obj_template one_thing[] = {
    {"person", "person", NULL},
    {"legal-entity", "company", NULL},
    {"organization", "organization", NULL},
    {"bank-account", "bank_account", "account-name"},
    {"postal-address", "address", "street"},
    {"report", "document", "title"},
};

/* object_relation -> casegraph property in those objects ("" : the name). */
static const char *const relation_props[][2] = {
    {"full-name", ""},
    {"name", ""},
    {"date-of-birth", "dob"},
    {"nationality", "nationality"},
    {"passport-number", "passport"},
    {"identity-card-number", "national_id"},
    {"registration-number", "registration_number"},
    {"country-of-registration", "jurisdiction"},
    {"legal-form", "legal_form"},
    {"iban", "iban"},
    {"account", "account_number"},
    {"swift", "swift_bic"},
    {"bank", "bank"},
    {"institution-name", "bank"},
    {"alias", "alias"},
    {"commercial-name", "alias"},
};

/* MISP relationship types with a casegraph name of their own. */
static const char *const rel_types[][2] = {
    {"attributed-to", "attributed_to"}, {"located-at", "located_in"},
    {"located", "located_in"},          {"related-to", "related_to"},
    {"resolves-to", "resolves_to"},     {"member-of", "member_of"},
    {"employee-of", "employee_of"},     {"owner-of", "owns"},
    {"resolved-to", "resolves_to"},
};

/* ---- state ---- */

typedef struct actor {
	char *name;
	char **aliases;
	size_t n_aliases;
	char *country;
	long line;
	cg_eid e;
	int made; /* the entity exists */
} actor;

typedef struct event {
	char *info, *uuid;
	char *date; /* the event's date: the time span of what it holds without its own */
	actor *actors;
	size_t n_actors, cap_actors;
} event;

typedef struct mref {
	uint32_t src;  /* object uuid (pool) */
	uint32_t dst;  /* referenced uuid (pool) */
	uint32_t type; /* relationship type (pool) */
	long line;
	size_t ev;
} mref;

typedef struct mctx {
	import_file *in; /* the file, its session and counts */
	int pass;
	const char *dcase;
	event *ev;
	size_t n_ev, cap_ev;
	size_t records; /* attributes and objects read, for max_rows */
	int stop;       /* max_rows reached */
	int truncated;  /* the file ends inside an attribute or object */
	cg_strpool *pool;
	cg_map64 uuid_eid; /* attribute or object uuid -> entity */
	mref *refs;
	size_t n_refs, cap_refs;
	size_t n_deleted, n_text;
	ju_tmp tmp;
	ju_strs aliases;
	ju_props props;
	ju_provs provs;
	cg_strbuf sb;
	int sub_kind;   /* while sub-scanning an object: 'A' attribute, 'R' reference */
	long *sub_attr; /* the lines of its attributes */
	size_t n_sub_attr, cap_sub_attr;
	long *sub_ref; /* the lines of its references */
	size_t n_sub_ref, cap_sub_ref;
} mctx;

#define REJECT(c, line, ...) import_rejectf((c)->in, (line), __VA_ARGS__)

static int oom(mctx *c)
{
	return cg_error_set(c->in->err, CG_ENOMEM, c->in->path, 0, 0, "out of memory");
}

static const char *ev_case(const mctx *c, size_t ev)
{
	const event *e = &c->ev[ev];
	if (e->info && *e->info)
		return e->info;
	if (e->uuid && *e->uuid)
		return e->uuid;
	return c->dcase;
}

/* ---- where the scanner is ---- */

/* The frame of the event object around the scanner's position, and the
 * event's number; -1 when not inside an event. */
static int event_frame(const ju_scan *s, size_t *ev)
{
	if (s->depth >= 2 && ju_scan_at(s, 0, "Event") && s->fr[1].kind == '{') {
		*ev = 0;
		return 1;
	}
	if (s->depth >= 4 && ju_scan_at(s, 0, "response") && s->fr[1].kind == '[' &&
	    ju_scan_at(s, 2, "Event") && s->fr[3].kind == '{') {
		*ev = s->fr[1].index;
		return 3;
	}
	if (s->depth >= 3 && s->fr[0].kind == '[' && ju_scan_at(s, 1, "Event") &&
	    s->fr[2].kind == '{') {
		*ev = s->fr[0].index;
		return 2;
	}
	return -1;
}

static int misp_want(void *ctx, const ju_scan *s)
{
	const mctx *c = ctx;
	size_t ev;
	int e = event_frame(s, &ev);

	if (e < 0 || c->stop)
		return 0;
	if (c->pass == 1 && s->depth == e + 1)
		return ju_scan_at(s, e, "info") || ju_scan_at(s, e, "uuid") ||
		       ju_scan_at(s, e, "date");
	if (s->depth == e + 2 && s->fr[e + 1].kind == '[')
		/* attributes and objects are taken whole in pass 1 too, unread:
		 * a broken one is then rejected in pass 2, not walked into */
		return ju_scan_at(s, e, "Tag") || ju_scan_at(s, e, "Galaxy") ||
		       ju_scan_at(s, e, "Attribute") || ju_scan_at(s, e, "Object");
	return 0;
}

static int get_event(mctx *c, size_t ev)
{
	while (c->n_ev <= ev) {
		if (CG_ARRAY_GROW(c->ev, c->cap_ev, c->n_ev + 1, 4))
			return CG_ENOMEM;
		memset(&c->ev[c->n_ev++], 0, sizeof(event));
	}
	return 0;
}

/* ---- threat actors (pass 1) ---- */

static int add_actor(mctx *c, size_t ev, const char *name, size_t n, long line,
                     const cJSON *synonyms, const char *country)
{
	event *e = &c->ev[ev];
	actor *a = NULL;
	const cJSON *v;

	/* "Lazarus Group - G0032" (ATT&CK galaxies) -> "Lazarus Group" */
	if (n > 8 && memcmp(name + n - 8, " - G", 4) == 0 &&
	    strspn(name + n - 4, "0123456789") >= 4)
		n -= 8;
	while (n && name[n - 1] == ' ')
		n--;
	if (!n)
		return 0;
	for (size_t i = 0; i < e->n_actors; i++)
		if (strlen(e->actors[i].name) == n && memcmp(e->actors[i].name, name, n) == 0)
			a = &e->actors[i];
	if (!a) {
		if (CG_ARRAY_GROW(e->actors, e->cap_actors, e->n_actors + 1, 4))
			return CG_ENOMEM;
		a = &e->actors[e->n_actors];
		memset(a, 0, sizeof *a);
		if (!(a->name = malloc(n + 1)))
			return CG_ENOMEM;
		memcpy(a->name, name, n);
		a->name[n] = '\0';
		a->line = line;
		e->n_actors++;
	}
	if (country && !a->country && !(a->country = strdup(country)))
		return CG_ENOMEM;
	cJSON_ArrayForEach(v, synonyms)
	{
		char **al;
		if (!cJSON_IsString(v) || !v->valuestring || !*v->valuestring)
			continue;
		if (!(al = realloc(a->aliases, (a->n_aliases + 1) * sizeof *al)))
			return CG_ENOMEM;
		a->aliases = al;
		if (!(al[a->n_aliases] = strdup(v->valuestring)))
			return CG_ENOMEM;
		a->n_aliases++;
	}
	return 0;
}

/* The actor a tag names: misp-galaxy:threat-actor="X" or an ATT&CK
 * intrusion-set galaxy tag. *n its length, NULL when not an actor tag. */
static const char *tag_actor(const char *tag, size_t *n)
{
	const char *q;
	if (strncmp(tag, "misp-galaxy:", 12) != 0)
		return NULL;
	tag += 12;
	q = strchr(tag, '=');
	if (!q || q[1] != '"')
		return NULL;
	if (!(strncmp(tag, "threat-actor=", 13) == 0 ||
	      (strstr(tag, "intrusion-set") && strstr(tag, "intrusion-set") < q)))
		return NULL;
	q += 2;
	*n = strcspn(q, "\"");
	return q;
}

static int galaxy_actors(mctx *c, size_t ev, const cJSON *g, long line)
{
	const char *type = ju_str(g, "type");
	const cJSON *cl, *clusters = ju_get(g, "GalaxyCluster");
	int rc;

	if (!type || !(strcmp(type, "threat-actor") == 0 || strstr(type, "intrusion-set")))
		return 0;
	cJSON_ArrayForEach(cl, clusters)
	{
		const char *v = ju_str(cl, "value");
		const cJSON *meta = ju_get(cl, "meta"), *co = ju_get(meta, "country");
		const char *country = cJSON_IsString(co) ? co->valuestring : NULL;
		if (cJSON_IsArray(co) && cJSON_IsString(cJSON_GetArrayItem(co, 0)))
			country = cJSON_GetArrayItem(co, 0)->valuestring;
		if (v &&
		    (rc = add_actor(c, ev, v, strlen(v), line, ju_get(meta, "synonyms"), country)))
			return rc;
	}
	return 0;
}

/* ---- building records ---- */

/* A record without a time span of its own (first_seen, last_seen) is dated
 * by its event's date (docs/MODEL.md, "Time spans"). */
static void ev_span(const mctx *c, size_t ev, const cg_prop *props, size_t np, cg_prov *prov)
{
	for (size_t i = 0; i < np; i++)
		if (strcmp(props[i].name, "first_seen") == 0 ||
		    strcmp(props[i].name, "last_seen") == 0)
			return;
	if (c->ev[ev].date && *c->ev[ev].date)
		prov->first_seen = prov->last_seen = c->ev[ev].date;
}

static int add_entity(mctx *c, const char *type, const char *name, const char *local_id, long line,
                      size_t ev, cg_eid *e, char *msg, size_t msgn)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov;
	cg_error gerr;
	int rc;

	memset(&prov, 0, sizeof prov);
	prov.file = c->in->path;
	prov.line = line;
	prov.case_name = ev_case(c, ev);
	prov.local_id = local_id;
	ev_span(c, ev, c->props.v, c->props.n, &prov);
	rec.type = type;
	rec.name = name;
	rec.aliases = c->aliases.v;
	rec.n_aliases = c->aliases.n;
	rec.props = c->props.v;
	rec.n_props = c->props.n;
	rec.prov = &prov;
	rec.n_prov = 1;
	rc = import_add_entity(c->in, &rec, e, &gerr);
	if (rc == 1)
		snprintf(msg, msgn, "%s", gerr.message);
	return rc;
}

static int add_link(mctx *c, const char *type, cg_eid a, cg_eid b, long line, size_t ev)
{
	cg_link_rec rec = CG_LINK_REC_INIT;
	cg_prov prov;
	cg_error gerr;

	memset(&prov, 0, sizeof prov);
	prov.file = c->in->path;
	prov.line = line;
	prov.case_name = ev_case(c, ev);
	ev_span(c, ev, NULL, 0, &prov);
	rec.type = type;
	rec.source = a;
	rec.target = b;
	rec.prov = &prov;
	rec.n_prov = 1;
	/* 1: a link type the graph refuses, reported by the caller */
	return import_add_link(c->in, &rec, NULL, &gerr);
}

/* Makes the event's actors (once) and attributes e to them and to the
 * actors the attribute's own tags and galaxies name. */
static int attribute_actors(mctx *c, size_t ev, cg_eid e, const cJSON *a, long line)
{
	event *evp = &c->ev[ev];
	const cJSON *t;
	int rc;

	for (size_t i = 0; i < evp->n_actors; i++)
		if (evp->actors[i].made &&
		    (rc = add_link(c, "attributed_to", e, evp->actors[i].e, line, ev)) < 0)
			return rc;
	/* the attribute's own actor tags and galaxies */
	const cJSON *tags = ju_get(a, "Tag"), *gal = ju_get(a, "Galaxy");
	cJSON_ArrayForEach(t, tags)
	{
		const char *tn = ju_str(t, "name");
		size_t n;
		const char *an = tn ? tag_actor(tn, &n) : NULL;
		char msg[CG_ERROR_MSG_MAX];
		cg_eid ae;
		char *name;
		if (!an)
			continue;
		c->aliases.n = c->props.n = 0;
		if (!(name = ju_tmp_strndup(&c->tmp, an, n)))
			return CG_ENOMEM;
		if ((rc = add_entity(c, "threat_actor", name, NULL, line, ev, &ae, msg,
		                     sizeof msg)) < 0)
			return rc;
		if (!rc && (rc = add_link(c, "attributed_to", e, ae, line, ev)) < 0)
			return rc;
	}
	cJSON_ArrayForEach(t, gal)
	{
		const char *type = ju_str(t, "type");
		const cJSON *cl;
		if (!type || !(strcmp(type, "threat-actor") == 0 || strstr(type, "intrusion-set")))
			continue;
		cJSON_ArrayForEach(cl, ju_get(t, "GalaxyCluster"))
		{
			const char *v = ju_str(cl, "value");
			char msg[CG_ERROR_MSG_MAX];
			cg_eid ae;
			if (!v)
				continue;
			c->aliases.n = c->props.n = 0;
			if ((rc = add_entity(c, "threat_actor", v, NULL, line, ev, &ae, msg,
			                     sizeof msg)) < 0)
				return rc;
			if (!rc && (rc = add_link(c, "attributed_to", e, ae, line, ev)) < 0)
				return rc;
		}
	}
	return 0;
}

static const attr_type wallet_text = {"text", "wallet", A_ONE, NULL, NULL};

static const attr_type *find_attr_type(const char *t)
{
	for (size_t i = 0; i < sizeof attr_types / sizeof attr_types[0]; i++)
		if (strcmp(attr_types[i].misp, t) == 0)
			return &attr_types[i];
	return NULL;
}

/* The entities of one attribute. Returns 0 with *e (the main entity) set,
 * 2 when the attribute is skipped (deleted, free text), 1 when it is
 * refused (msg filled), or a negative code. */
static int attribute_entities(mctx *c, size_t ev, const cJSON *a, long line, cg_eid *e, char *msg,
                              size_t msgn)
{
	const char *type = ju_str(a, "type"), *value = ju_str(a, "value");
	const char *uuid = ju_str(a, "uuid");
	const attr_type *t;
	const char *etype, *name, *second = NULL;
	const char *bar;
	cg_eid e2;
	int rc;

	if (ju_true(a, "deleted")) {
		c->n_deleted++;
		return 2;
	}
	if (!type || !*type) {
		snprintf(msg, msgn, "attribute without \"type\"");
		return 1;
	}
	if (!value || !*value) {
		snprintf(msg, msgn, "%s attribute without \"value\"", type);
		return 1;
	}
	t = find_attr_type(type);
	/* a coin-address object's address of another chain than btc or xmr */
	if (strcmp(type, "text") == 0 && ju_str(a, "object_relation") &&
	    strcmp(ju_str(a, "object_relation"), "address-crypto") == 0)
		t = &wallet_text;
	if (t && t->how == A_SKIP) {
		c->n_text++;
		return 2;
	}
	c->aliases.n = c->props.n = 0;
	etype = t ? t->type : ju_type_name(&c->tmp, type, 0);
	if (!etype)
		return CG_ENOMEM;
	name = value;
	bar = strchr(value, '|');
	if (t && t->how != A_ONE) {
		if (!bar || !bar[1] || bar == value) {
			snprintf(msg, msgn,
			         "%s attribute '%.200s': expected two values separated by '|'",
			         type, value);
			return 1;
		}
		if (!(name = ju_tmp_strndup(&c->tmp, value, (size_t)(bar - value))))
			return CG_ENOMEM;
		second = bar + 1;
		if (t->how == A_FILE_HASH) {
			if ((rc = ju_props_push(&c->props, "filename", name)))
				return rc;
			name = second;
		} else if (t->how == A_PORT && (rc = ju_props_push(&c->props, "port", second))) {
			return rc;
		}
	}
	if (t && t->prop && (rc = ju_props_push(&c->props, t->prop, t->pval ? t->pval : name)))
		return rc;
	if ((rc = ju_props_push(&c->props, "misp_type", type)) ||
	    (rc = ju_props_push(&c->props, "to_ids", ju_true(a, "to_ids") ? "true" : "false")) ||
	    (rc = ju_props_push(&c->props, "comment", ju_str(a, "comment"))) ||
	    (rc = ju_props_push(&c->props, "category", ju_str(a, "category"))) ||
	    (rc = ju_props_push(&c->props, "first_seen", ju_str(a, "first_seen"))) ||
	    (rc = ju_props_push(&c->props, "last_seen", ju_str(a, "last_seen"))))
		return rc;
	if ((rc = add_entity(c, etype, name, uuid, line, ev, e, msg, msgn)))
		return rc;
	if (t && t->how == A_DOMAIN_IP) {
		c->props.n = 0;
		if ((rc = ju_props_push(&c->props, "misp_type", type)))
			return rc;
		if ((rc = add_entity(c, "ip", second, NULL, line, ev, &e2, msg, msgn)))
			return rc;
		if ((rc = add_link(c, "resolves_to", *e, e2, line, ev)) < 0)
			return rc;
	}
	if (uuid && *uuid) {
		uint32_t s;
		if ((rc = cg_strpool_intern(c->pool, uuid, strlen(uuid), &s)) ||
		    (rc = cg_map64_put(&c->uuid_eid, s, *e)))
			return rc;
	}
	return 0;
}

/* ---- one attribute or object (pass 2) ---- */

static int top_attribute(mctx *c, size_t ev, const cJSON *a, long line)
{
	char msg[CG_ERROR_MSG_MAX];
	cg_eid e;
	int rc;

	c->in->st->read++;
	rc = attribute_entities(c, ev, a, line, &e, msg, sizeof msg);
	if (rc < 0)
		return rc;
	if (rc == 2) {
		c->in->st->read--; /* skipped, counted apart */
		return 0;
	}
	if (rc == 1)
		return REJECT(c, line, "%s", msg);
	if ((rc = attribute_actors(c, ev, e, a, line)))
		return rc;
	c->in->st->imported++;
	return 0;
}

/* Records the line of each attribute and reference of an object. */
static int sub_want(void *ctx, const ju_scan *s)
{
	mctx *c = ctx;
	if (s->depth == 2 && s->fr[1].kind == '[') {
		if (ju_scan_at(s, 0, "Attribute")) {
			c->sub_kind = 'A';
			return 1;
		}
		if (ju_scan_at(s, 0, "ObjectReference")) {
			c->sub_kind = 'R';
			return 1;
		}
	}
	return 0;
}

static int sub_value(void *ctx, const ju_scan *s, const char *text, size_t len, long line,
                     int too_long, int truncated)
{
	mctx *c = ctx;
	(void)s;
	(void)text;
	(void)len;
	(void)too_long;
	(void)truncated;
	if (c->sub_kind == 'A') {
		if (CG_ARRAY_GROW(c->sub_attr, c->cap_sub_attr, c->n_sub_attr + 1, 16))
			return CG_ENOMEM;
		c->sub_attr[c->n_sub_attr++] = line;
	} else {
		if (CG_ARRAY_GROW(c->sub_ref, c->cap_sub_ref, c->n_sub_ref + 1, 16))
			return CG_ENOMEM;
		c->sub_ref[c->n_sub_ref++] = line;
	}
	return 0;
}

/* An object that is one thing: a person, a legal entity, an organization,
 * a bank account. Its e-mails, phones and websites are entities it uses. */
static int one_thing_object(mctx *c, size_t ev, const cJSON *o, const obj_template *ot, long line,
                            cg_eid *out, char *msg, size_t msgn)
{
	const cJSON *attrs = ju_get(o, "Attribute"), *a;
	const char *uuid = ju_str(o, "uuid"), *name = NULL;
	cg_eid infra[32], e;
	size_t n_infra = 0, k = 0;
	int rc;

	/* infrastructure first: a bad value refuses the object whole */
	cJSON_ArrayForEach(a, attrs)
	{
		const char *rel = ju_str(a, "object_relation"), *v = ju_str(a, "value");
		const char *it = NULL;
		long al = k < c->n_sub_attr ? c->sub_attr[k] : line;
		k++;
		if (!rel || !v || !*v || ju_true(a, "deleted"))
			continue;
		if (strcmp(rel, "e-mail") == 0 || strcmp(rel, "email") == 0)
			it = "email";
		else if (strcmp(rel, "phone-number") == 0 || strcmp(rel, "phone") == 0)
			it = "phone";
		else if (strcmp(rel, "website") == 0 || strcmp(rel, "domain") == 0)
			it = "domain";
		if (!it || n_infra == sizeof infra / sizeof infra[0])
			continue;
		c->aliases.n = c->props.n = 0;
		if ((rc = add_entity(c, it, v, ju_str(a, "uuid"), al, ev, &infra[n_infra], msg,
		                     msgn)))
			return rc;
		n_infra++;
	}
	c->aliases.n = c->props.n = 0;
	const char *first = NULL, *last = NULL, *middle = NULL;
	cJSON_ArrayForEach(a, attrs)
	{
		const char *rel = ju_str(a, "object_relation"), *v = ju_str(a, "value");
		const char *p = NULL;
		if (!rel || !v || !*v || ju_true(a, "deleted"))
			continue;
		if (strcmp(rel, "first-name") == 0) {
			first = v;
			continue;
		}
		if (strcmp(rel, "last-name") == 0) {
			last = v;
			continue;
		}
		if (strcmp(rel, "middle-name") == 0) {
			middle = v;
			continue;
		}
		for (size_t i = 0; i < sizeof relation_props / sizeof relation_props[0]; i++)
			if (strcmp(relation_props[i][0], rel) == 0)
				p = relation_props[i][1];
		if (ot->name_rel && strcmp(rel, ot->name_rel) == 0)
			p = "";
		if (p && !*p) {
			if (!name)
				name = v;
			else if ((rc = ju_strs_push(&c->aliases, v)))
				return rc;
			continue;
		}
		if (p && strcmp(p, "alias") == 0) {
			if ((rc = ju_strs_push(&c->aliases, v)))
				return rc;
			continue;
		}
		if (!p && !(p = ju_type_name(&c->tmp, rel, 0)))
			return CG_ENOMEM;
		if ((rc = ju_props_push(&c->props, p, v)))
			return rc;
	}
	if (!name && (first || last)) {
		cg_strbuf_reset(&c->sb);
		if ((first && cg_strbuf_puts(&c->sb, first)) ||
		    (middle && ((c->sb.len && cg_strbuf_putc(&c->sb, ' ')) ||
		                cg_strbuf_puts(&c->sb, middle))) ||
		    (last && ((c->sb.len && cg_strbuf_putc(&c->sb, ' ')) ||
		              cg_strbuf_puts(&c->sb, last))) ||
		    !(name = ju_tmp_strdup(&c->tmp, c->sb.buf)))
			return CG_ENOMEM;
	}
	if ((rc = ju_props_push(&c->props, "misp_object", ju_str(o, "name"))) ||
	    (rc = ju_props_push(&c->props, "comment", ju_str(o, "comment"))))
		return rc;
	if ((rc = add_entity(c, ot->type, name, uuid, line, ev, &e, msg, msgn)))
		return rc;
	for (size_t i = 0; i < n_infra; i++)
		if ((rc = add_link(c, "uses", e, infra[i], line, ev)) < 0)
			return rc;
	/* references to any of its attributes mean the object */
	cJSON_ArrayForEach(a, attrs)
	{
		const char *au = ju_str(a, "uuid");
		uint32_t s;
		if (au && *au &&
		    ((rc = cg_strpool_intern(c->pool, au, strlen(au), &s)) ||
		     (rc = cg_map64_put(&c->uuid_eid, s, e))))
			return rc;
	}
	*out = e;
	return 0;
}

/* Any other object: one entity per attribute, linked to the first. */
static int generic_object(mctx *c, size_t ev, const cJSON *o, long line, cg_eid *out, int *have,
                          char *msg, size_t msgn)
{
	const cJSON *attrs = ju_get(o, "Attribute"), *a;
	const char *tmpl = ju_str(o, "name");
	cg_eid e, first = CG_NO_ENTITY;
	size_t k = 0;
	int rc, resolves = tmpl && strcmp(tmpl, "domain-ip") == 0;

	*have = 0;
	cJSON_ArrayForEach(a, attrs)
	{
		long al = k < c->n_sub_attr ? c->sub_attr[k] : line;
		k++;
		rc = attribute_entities(c, ev, a, al, &e, msg, msgn);
		if (rc < 0 || rc == 1)
			return rc;
		if (rc == 2)
			continue;
		if ((rc = attribute_actors(c, ev, e, a, al)) < 0)
			return rc;
		if (first == CG_NO_ENTITY) {
			first = e;
			continue;
		}
		if (e == first)
			continue;
		if ((rc = add_link(c,
		                   resolves && cg_entity_type_of(c->in->g, e) == CG_ET_IP
		                       ? "resolves_to"
		                       : "related_to",
		                   first, e, al, ev)) < 0)
			return rc;
	}
	if (first != CG_NO_ENTITY) {
		*out = first;
		*have = 1;
	}
	return 0;
}

static int object_record(mctx *c, size_t ev, const cJSON *o, long line, const char *text,
                         size_t len)
{
	const char *tmpl = ju_str(o, "name"), *uuid = ju_str(o, "uuid");
	const cJSON *refs = ju_get(o, "ObjectReference"), *r;
	char msg[CG_ERROR_MSG_MAX];
	const obj_template *ot = NULL;
	cg_eid e = CG_NO_ENTITY;
	int rc, have = 1;
	ju_scan sub;
	size_t k = 0;

	c->in->st->read++;
	if (!tmpl || !*tmpl)
		return REJECT(c, line, "object without \"name\"");
	if (ju_true(o, "deleted")) {
		c->in->st->read--;
		c->n_deleted++;
		return 0;
	}
	/* the lines of its attributes and references */
	c->n_sub_attr = c->n_sub_ref = 0;
	ju_scan_init(&sub, len + 1, line, sub_want, sub_value, c);
	rc = ju_scan_feed(&sub, text, len);
	ju_scan_free(&sub);
	if (rc == CG_ENOMEM)
		return rc;
	for (size_t i = 0; i < sizeof one_thing / sizeof one_thing[0]; i++)
		if (strcmp(one_thing[i].name, tmpl) == 0)
			ot = &one_thing[i];
	if (ot)
		rc = one_thing_object(c, ev, o, ot, line, &e, msg, sizeof msg);
	else
		rc = generic_object(c, ev, o, line, &e, &have, msg, sizeof msg);
	if (rc < 0)
		return rc;
	if (rc)
		return REJECT(c, line, "%s object %.64s: %s", tmpl, uuid ? uuid : "", msg);
	if (!have)
		return REJECT(c, line, "%s object %.64s: no attribute to make an entity of", tmpl,
		              uuid ? uuid : "");
	if (ot && (rc = attribute_actors(c, ev, e, o, line)) < 0)
		return rc;
	if (uuid && *uuid) {
		uint32_t s;
		if ((rc = cg_strpool_intern(c->pool, uuid, strlen(uuid), &s)) ||
		    (rc = cg_map64_put(&c->uuid_eid, s, e)))
			return rc;
	}
	c->in->st->imported++;
	/* its references: resolved at the end of the file */
	cJSON_ArrayForEach(r, refs)
	{
		const char *dst = ju_str(r, "referenced_uuid"),
		           *rt = ju_str(r, "relationship_type");
		long rl = k < c->n_sub_ref ? c->sub_ref[k] : line;
		mref m;
		k++;
		if (ju_true(r, "deleted"))
			continue;
		c->in->st->read++;
		if (!dst || !*dst || !uuid || !*uuid) {
			if ((rc = REJECT(c, rl,
			                 "object %.64s: reference without \"referenced_uuid\"",
			                 uuid ? uuid : "")))
				return rc;
			continue;
		}
		memset(&m, 0, sizeof m);
		m.line = rl;
		m.ev = ev;
		if ((rc = cg_strpool_intern(c->pool, uuid, strlen(uuid), &m.src)) ||
		    (rc = cg_strpool_intern(c->pool, dst, strlen(dst), &m.dst)) ||
		    (rc = cg_strpool_intern(c->pool, rt ? rt : "related-to",
		                            strlen(rt ? rt : "related-to"), &m.type)))
			return rc;
		if (CG_ARRAY_GROW(c->refs, c->cap_refs, c->n_refs + 1, 64))
			return CG_ENOMEM;
		c->refs[c->n_refs++] = m;
	}
	return 0;
}

static int resolve_refs(mctx *c)
{
	int rc;

	for (size_t i = 0; i < c->n_refs; i++) {
		const mref *m = &c->refs[i];
		const char *rt = cg_strpool_str(c->pool, m->type);
		const char *type = NULL;
		uint32_t a, b;
		if (!cg_map64_get(&c->uuid_eid, m->src, &a) ||
		    !cg_map64_get(&c->uuid_eid, m->dst, &b)) {
			if ((rc = REJECT(c, m->line,
			                 "object %.64s: reference to '%.64s', which is not in "
			                 "the file",
			                 cg_strpool_str(c->pool, m->src),
			                 cg_strpool_str(c->pool, m->dst))))
				return rc;
			continue;
		}
		ju_tmp_reset(&c->tmp);
		for (size_t k = 0; k < sizeof rel_types / sizeof rel_types[0] && !type; k++)
			if (strcmp(rel_types[k][0], rt) == 0)
				type = rel_types[k][1];
		if (!type && !(type = ju_type_name(&c->tmp, rt, 0)))
			return CG_ENOMEM;
		if ((rc = add_link(c, type, a, b, m->line, m->ev)) < 0)
			return rc;
		if (rc) {
			if ((rc = REJECT(c, m->line, "object %.64s: bad relationship_type '%.64s'",
			                 cg_strpool_str(c->pool, m->src), rt)))
				return rc;
			continue;
		}
		c->in->st->imported++;
	}
	return 0;
}

/* ---- the scanner's values ---- */

static int misp_value(void *ctx, const ju_scan *s, const char *text, size_t len, long line,
                      int too_long, int truncated)
{
	mctx *c = ctx;
	size_t ev = 0;
	int e = event_frame(s, &ev), rc = 0;
	long el, ec;
	char why[160];
	cJSON *o;
	const char *key;

	if (e < 0)
		return 0;
	if (get_event(c, ev))
		return oom(c);
	key = ju_scan_key(s, e);
	if (!key)
		return 0;
	if (c->pass == 1 && (strcmp(key, "Attribute") == 0 || strcmp(key, "Object") == 0)) {
		/* an attribute or object the file ends inside is rejected in pass
		 * 2, and the rest kept (as for STIX) */
		if (truncated)
			c->truncated = 1;
		return 0;
	}
	if (c->pass == 2 && (strcmp(key, "Tag") == 0 || strcmp(key, "Galaxy") == 0))
		return 0;
	if (c->pass == 1) {
		if (too_long || truncated || !(o = ju_parse(text, len, line, &el, &ec)))
			return !too_long && !truncated && ju_parse_nomem()
			           ? oom(c)
			           : 0; /* reported in pass 2 when it is an attribute or object */
		if (s->depth == e + 1) {
			char **dst = strcmp(key, "info") == 0   ? &c->ev[ev].info
			             : strcmp(key, "date") == 0 ? &c->ev[ev].date
			                                        : &c->ev[ev].uuid;
			if (cJSON_IsString(o) && !*dst && !(*dst = strdup(o->valuestring)))
				rc = CG_ENOMEM;
		} else if (strcmp(key, "Tag") == 0) {
			const char *tn = ju_str(o, "name");
			size_t n;
			const char *an = tn ? tag_actor(tn, &n) : NULL;
			if (an)
				rc = add_actor(c, ev, an, n, line, NULL, NULL);
		} else {
			rc = galaxy_actors(c, ev, o, line);
		}
		cJSON_Delete(o);
		return rc == CG_ENOMEM ? oom(c) : rc;
	}
	/* pass 2: attributes and objects */
	if (c->in->opts->max_rows && c->records >= c->in->opts->max_rows) {
		c->stop = 1;
		return 0;
	}
	c->records++;
	ju_tmp_reset(&c->tmp);
	if (too_long || truncated) {
		c->in->st->read++;
		if (too_long)
			return REJECT(c, line, "%s longer than %zu bytes",
			              strcmp(key, "Object") == 0 ? "object" : "attribute",
			              c->in->opts->max_record);
		return REJECT(c, line, "the file ends inside this %s",
		              strcmp(key, "Object") == 0 ? "object" : "attribute");
	}
	if (!(o = ju_parse_why(text, len, line, &el, &ec, why, sizeof why)) && ju_parse_nomem())
		return oom(c);
	if (!o || !cJSON_IsObject(o)) {
		c->in->st->read++;
		if (!o)
			rc = REJECT(c, line, "%s in this %s (line %ld, column %ld)", why,
			            strcmp(key, "Object") == 0 ? "object" : "attribute", el, ec);
		else
			rc = REJECT(c, line, "an element of \"%s\" that is not a JSON object", key);
		cJSON_Delete(o);
		return rc;
	}
	if (strcmp(key, "Attribute") == 0)
		rc = top_attribute(c, ev, o, line);
	else
		rc = object_record(c, ev, o, line, text, len);
	cJSON_Delete(o);
	return rc == CG_ENOMEM ? oom(c) : rc;
}

/* One pass over the file: the first indexes the events, the second reads
 * the attributes. A JSON error fails the file unless the record cut short
 * was rejected; both passes see the same bytes. */
static int run_pass(mctx *c, int pass)
{
	c->pass = pass;
	return ju_scan_import(c->in, misp_want, misp_value, c, &c->truncated);
}

/* Makes the threat actors of every event. */
static int make_actors(mctx *c)
{
	char msg[CG_ERROR_MSG_MAX];
	int rc;

	for (size_t ev = 0; ev < c->n_ev; ev++)
		for (size_t i = 0; i < c->ev[ev].n_actors; i++) {
			actor *a = &c->ev[ev].actors[i];
			c->aliases.n = c->props.n = 0;
			for (size_t k = 0; k < a->n_aliases; k++)
				if ((rc = ju_strs_push(&c->aliases, a->aliases[k])))
					return rc;
			if ((rc = ju_props_push(&c->props, "country", a->country)))
				return rc;
			c->in->st->read++;
			if ((rc = add_entity(c, "threat_actor", a->name, NULL, a->line, ev, &a->e,
			                     msg, sizeof msg)) < 0)
				return rc;
			if (rc) {
				if ((rc = REJECT(c, a->line, "threat actor '%.200s': %s", a->name,
				                 msg)))
					return rc;
				continue;
			}
			a->made = 1;
			c->in->st->imported++;
		}
	return 0;
}

static int run_misp(import_file *in)
{
	mctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.in = in;
	c.dcase = in->kase;
	if (!(c.pool = cg_strpool_new())) {
		rc = oom(&c);
		goto out;
	}
	if ((rc = run_pass(&c, 1)))
		goto out;
	if (!c.n_ev) {
		rc = cg_error_set(in->err, CG_EFORMAT, in->path, 0, 0,
		                  "not a MISP event: no \"Event\" object at the top level");
		goto out;
	}
	if ((rc = make_actors(&c)) == CG_ENOMEM) {
		rc = oom(&c);
		goto out;
	}
	if (rc || (rc = run_pass(&c, 2)))
		goto out;
	if ((rc = resolve_refs(&c)) == CG_ENOMEM) {
		rc = oom(&c);
		goto out;
	}
	if (!rc)
		in->st->skipped += c.n_deleted + c.n_text;
	if (!rc && c.n_deleted + c.n_text)
		rc = import_note(
		    in, CG_OK, 0,
		    "%zu attributes skipped: %zu deleted, %zu free text, values or detection "
		    "rules (comment, text, datetime, yara ...)",
		    c.n_deleted + c.n_text, c.n_deleted, c.n_text);
out:
	for (size_t i = 0; i < c.n_ev; i++) {
		for (size_t k = 0; k < c.ev[i].n_actors; k++) {
			actor *a = &c.ev[i].actors[k];
			for (size_t j = 0; j < a->n_aliases; j++)
				free(a->aliases[j]);
			free(a->aliases);
			free(a->name);
			free(a->country);
		}
		free(c.ev[i].actors);
		free(c.ev[i].info);
		free(c.ev[i].date);
		free(c.ev[i].uuid);
	}
	free(c.ev);
	free(c.refs);
	free(c.sub_attr);
	free(c.sub_ref);
	cg_strbuf_free(&c.sb);
	cg_strpool_free(c.pool);
	cg_map64_free(&c.uuid_eid);
	ju_tmp_free(&c.tmp);
	ju_strs_free(&c.aliases);
	ju_props_free(&c.props);
	ju_provs_free(&c.provs);
	return rc;
}

/* A MISP event: an "Event" member in the file's first 64 KB. */
static int sniff_misp(const char *head, size_t len, const char *path)
{
	(void)len;
	(void)path;
	return import_json_has_member(head, "Event", NULL);
}

/* A MISP event: an "Event" member at the top (wherever it is among the
 * members), in the first element of "response", or in the first element
 * of a top-level array. */
static int sniff_top_misp(const import_json_top *t)
{
	return import_top_has(t, "Event") || t->response_event;
}

const import_format import_fmt_misp = {.fmt = CG_FMT_MISP,
                                       .name = "misp",
                                       .json = 1,
                                       .sniff = sniff_misp,
                                       .sniff_top = sniff_top_misp,
                                       .run = run_misp};
