/* The STIX 2.0/2.1 importer (docs/FORMATS.md).
 *
 * A bundle is one JSON document; its objects are read one at a time by the
 * streaming scanner of json_util.h, which gives each the line where it
 * starts, so memory stays at one object plus the index below however large
 * the bundle is. Three passes over the file:
 *   1. index: every object's id, type and status (revoked, deprecated, an
 *      older version of an id, metadata), the cases reports give the objects
 *      they name, and the objects that are not valid JSON (rejected here);
 *   2. entities: every domain and observable object (indicator patterns add
 *      the observables they compare);
 *   3. links: relationships and sightings, whose ends now all exist.
 * Diagnostics therefore come in pass order: broken objects first, then
 * entity objects, then relationships (each with its own line). */
#include "cg_import.h"

#include "cg_array.h"
#include "cg_hash.h"
#include "import_internal.h"
#include "json_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What pass 1 found an object to be (one byte per object of the bundle). */
enum {
	ST_ENTITY,     /* a domain or observable object: an entity in pass 2 */
	ST_REL,        /* a relationship or sighting: links in pass 3 */
	ST_REPORT,     /* a report: gives its objects a case */
	ST_REJECTED,   /* rejected (counted once, in the pass that found it) */
	ST_REVOKED,    /* "revoked": true: skipped */
	ST_DEPRECATED, /* "x_mitre_deprecated": true: skipped */
	ST_OLDER,      /* an older version of an id that appears again: skipped */
	ST_META,       /* marking-definition, extension-definition, language-content */
	ST_BEYOND      /* after the first max_rows objects: not read */
};

/* A case given by a report to one object: a cell of a list per object. */
typedef struct ref_cell {
	uint32_t kase; /* case name, in ids */
	uint32_t next; /* next cell + 1, 0 at the end */
} ref_cell;

typedef struct sctx {
	import_file *in; /* the file, its session and counts */
	int pass;
	const char *dcase; /* --case, or the file's directory */
	/* pass 1: the index */
	unsigned char *status; /* per object, ST_* */
	long *lines;           /* per object, its first line */
	size_t n_obj, cap_obj;
	cg_strpool *pool;   /* ids, modified stamps, case names */
	cg_map64 id_ord;    /* id -> object number of the version kept */
	cg_map64 id_mod;    /* id -> its "modified" stamp */
	cg_map64 ref_head;  /* id -> first ref_cell + 1 */
	cg_map64 creators;  /* id an object is created_by_ref -> 1: the publisher */
	cg_map64 published; /* case (a report's name) -> its "published", in ids */
	ref_cell *refs;
	size_t n_refs, cap_refs;
	char root_type[64];
	int have_root_type;
	int have_root_id, root_id_bundle; /* the bundle's "id" was read; it is bundle--... */
	int truncated;                    /* the file ended inside an object */
	size_t n_unreadable;              /* objects rejected before their id was known */
	/* pass 2 */
	cg_map64 id_eid;  /* id -> entity */
	const char *role; /* the role of the entity being added, or NULL */
	/* counts for the closing note */
	size_t n_revoked, n_deprecated, n_older, n_meta, n_rel_skipped, n_beyond;
	/* scratch for one record */
	ju_tmp tmp;
	ju_strs aliases;
	ju_props props;
	ju_provs provs;
	cg_strbuf sb;
} sctx;

static int oom(sctx *c)
{
	return cg_error_set(c->in->err, CG_ENOMEM, c->in->path, 0, 0, "out of memory");
}

static uint32_t find_id(const sctx *c, const char *id)
{
	return cg_strpool_find(c->pool, id, strlen(id));
}

/* The status of the object an id names, or -1 when the bundle has no such id. */
static int id_status(const sctx *c, const char *id, uint32_t *ord)
{
	uint32_t s = find_id(c, id), o;
	if (!s || !cg_map64_get(&c->id_ord, s, &o))
		return -1;
	if (ord)
		*ord = o;
	return c->status[o];
}

/* ---- types ---- */

typedef struct stix_type {
	const char *stix;  /* STIX object type */
	const char *type;  /* casegraph entity type */
	const char *value; /* member holding the name, after "name" */
} stix_type;

static const stix_type stix_types[] = {
    {"threat-actor", "threat_actor", NULL},
    {"intrusion-set", "threat_actor", NULL},
    {"campaign", "campaign", NULL},
    {"malware", "malware", NULL},
    {"tool", "tool", NULL},
    {"infrastructure", "infrastructure", NULL},
    {"vulnerability", "vulnerability", NULL},
    {"attack-pattern", "attack_pattern", NULL},
    {"course-of-action", "course_of_action", NULL},
    {"indicator", "indicator", "pattern"},
    {"ipv4-addr", "ip", "value"},
    {"ipv6-addr", "ip", "value"},
    {"domain-name", "domain", "value"},
    {"url", "url", "value"},
    {"email-addr", "email", "value"},
    {"mac-addr", "mac_addr", "value"},
    {"cryptocurrency-wallet", "wallet", "value"},
    {"phone-number", "phone", "value"},
    {"bank-account", "bank_account", "iban"},
    {"autonomous-system", "autonomous_system", "number"},
    {"user-account", "user_account", "account_login"},
    {"windows-registry-key", "registry_key", "key"},
    {"directory", "directory", "path"},
    {"mutex", "mutex", "name"},
};

/* STIX relationship types with a casegraph name of their own; the others
 * keep theirs with '-' as '_'. */
static const char *const rel_types[][2] = {
    {"attributed-to", "attributed_to"},
    {"located-at", "located_in"},
    {"related-to", "related_to"},
    {"resolves-to", "resolves_to"},
};

static int is_meta_type(const char *t)
{
	return strcmp(t, "marking-definition") == 0 || strcmp(t, "extension-definition") == 0 ||
	       strcmp(t, "language-content") == 0;
}

static int is_rel_type(const char *t)
{
	return strcmp(t, "relationship") == 0 || strcmp(t, "sighting") == 0;
}

/* ---- pass 1: the index ---- */

static int grow_objects(sctx *c, size_t need)
{
	/* two arrays of one capacity, set once both have grown */
	size_t cap_status = c->cap_obj, cap_lines = c->cap_obj;

	if (CG_ARRAY_GROW(c->status, cap_status, need, 1024) ||
	    CG_ARRAY_GROW(c->lines, cap_lines, need, 1024))
		return CG_ENOMEM;
	c->cap_obj = cap_status;
	return 0;
}

static int add_ref(sctx *c, const char *id, uint32_t kase)
{
	uint32_t s, head = 0;
	int rc;

	if ((rc = cg_strpool_intern(c->pool, id, strlen(id), &s)))
		return rc;
	cg_map64_get(&c->ref_head, s, &head);
	for (uint32_t i = head; i; i = c->refs[i - 1].next)
		if (c->refs[i - 1].kase == kase)
			return 0;
	if (CG_ARRAY_GROW(c->refs, c->cap_refs, c->n_refs + 1, 256))
		return CG_ENOMEM;
	c->refs[c->n_refs].kase = kase;
	c->refs[c->n_refs].next = head;
	c->n_refs++;
	return cg_map64_put(&c->ref_head, s, (uint32_t)c->n_refs);
}

/* Records a report's cases. */
static int index_report(sctx *c, const cJSON *o, const char *id)
{
	const char *name = ju_str(o, "name");
	const cJSON *refs = ju_get(o, "object_refs"), *r;
	uint32_t kase;
	int rc;

	if (!name || !*name)
		name = id;
	if ((rc = cg_strpool_intern(c->pool, name, strlen(name), &kase)))
		return rc;
	/* what a report names was seen when it was published (docs/MODEL.md,
	 * "Time spans"), unless the object says when */
	const char *pub = ju_str(o, "published");
	uint32_t ps, old;
	if (pub && *pub && !cg_map64_get(&c->published, kase, &old) &&
	    ((rc = cg_strpool_intern(c->pool, pub, strlen(pub), &ps)) ||
	     (rc = cg_map64_put(&c->published, kase, ps))))
		return rc;
	cJSON_ArrayForEach(r, refs)
	{
		if (cJSON_IsString(r) && r->valuestring && (rc = add_ref(c, r->valuestring, kase)))
			return rc;
	}
	return 0;
}

/* Pass 1 on one object. Returns 0 or a negative code that stops the import. */
static int index_object(sctx *c, size_t ord, long line, const char *text, size_t len, int too_long,
                        int truncated)
{
	cJSON *o = NULL;
	long eline = 0, ecol = 0;
	char why[160] = "invalid JSON";
	const char *type, *id, *mod;
	int beyond = c->in->opts->max_rows && ord >= c->in->opts->max_rows;
	unsigned char st;
	uint32_t s, old, ms = 0, oldms = 0;
	int rc = 0;

	if (grow_objects(c, ord + 1))
		return oom(c);
	c->n_obj = ord + 1;
	c->lines[ord] = line;
	c->status[ord] = ST_REJECTED;
	if (!too_long && !truncated) {
		o = ju_parse_why(text, len, line, &eline, &ecol, why, sizeof why);
		if (!o && ju_parse_nomem())
			return oom(c);
	}
	if (beyond) {
		/* not read; its id still tells references that it exists */
		c->status[ord] = ST_BEYOND;
		c->n_beyond++;
		type = ju_str(o, "type");
		id = ju_str(o, "id");
		if (id && *id && type) {
			if ((rc = cg_strpool_intern(c->pool, id, strlen(id), &s)) ||
			    (!cg_map64_get(&c->id_ord, s, &old) &&
			     (rc = cg_map64_put(&c->id_ord, s, (uint32_t)ord))))
				rc = oom(c);
		}
		cJSON_Delete(o);
		return rc;
	}
	if (too_long || truncated || !o || !cJSON_IsObject(o)) {
		c->in->st->read++;
		c->n_unreadable++;
		if (too_long)
			rc = import_rejectf(c->in, line, "object longer than %zu bytes",
			                    c->in->opts->max_record);
		else if (truncated)
			rc = import_rejectf(c->in, line, "the file ends inside this object");
		else if (!o)
			rc = import_rejectf(c->in, line, "%s in this object (line %ld, column %ld)",
			                    why, eline, ecol);
		else
			rc = import_rejectf(c->in, line,
			                    "an element of \"objects\" that is not a JSON object");
		cJSON_Delete(o);
		return rc;
	}
	type = ju_str(o, "type");
	id = ju_str(o, "id");
	if (!type || !*type || !id || !*id) {
		c->in->st->read++;
		c->n_unreadable++;
		rc = import_rejectf(c->in, line, "object without \"%s\"",
		                    !type || !*type ? "type" : "id");
		cJSON_Delete(o);
		return rc;
	}
	if (ju_true(o, "revoked"))
		st = ST_REVOKED;
	else if (ju_true(o, "x_mitre_deprecated"))
		st = ST_DEPRECATED;
	else if (is_meta_type(type) || ju_true(o, "x_casegraph_producer"))
		st = ST_META; /* also casegraph's own identity, the producer of its extension */
	else if (strcmp(type, "report") == 0)
		st = ST_REPORT;
	else if (is_rel_type(type))
		st = ST_REL;
	else
		st = ST_ENTITY;
	c->status[ord] = st;
	/* the version kept is the latest "modified" (ties: the later one) */
	mod = ju_str(o, "modified");
	if (!mod)
		mod = "";
	if ((rc = cg_strpool_intern(c->pool, id, strlen(id), &s)) ||
	    (rc = cg_strpool_intern(c->pool, mod, strlen(mod), &ms)))
		goto nomem;
	if (cg_map64_get(&c->id_ord, s, &old) && c->status[old] != ST_BEYOND) {
		cg_map64_get(&c->id_mod, s, &oldms);
		if (strcmp(mod, cg_strpool_str(c->pool, oldms)) >= 0) {
			c->status[old] = ST_OLDER;
		} else {
			c->status[ord] = ST_OLDER;
			goto done;
		}
	}
	if ((rc = cg_map64_put(&c->id_ord, s, (uint32_t)ord)) ||
	    (rc = cg_map64_put(&c->id_mod, s, ms)))
		goto nomem;
	if (st == ST_REPORT && (rc = index_report(c, o, id)))
		goto nomem;
	/* the identity that objects are created by is the bundle's publisher
	 * (docs/ANALYSIS.md: it connects nothing) */
	const char *by = ju_str(o, "created_by_ref");
	if (by && *by && strcmp(by, id) != 0 &&
	    ((rc = cg_strpool_intern(c->pool, by, strlen(by), &s)) ||
	     (rc = cg_map64_put(&c->creators, s, 1))))
		goto nomem;
done:
	cJSON_Delete(o);
	return 0;
nomem:
	cJSON_Delete(o);
	return oom(c);
}

/* ---- building records ---- */

/* The cases of an object: those of the reports naming it, else the default. */
static int push_provs(sctx *c, const char *id, long line, const char *local_id)
{
	uint32_t s = find_id(c, id), head = 0;
	int rc;

	c->provs.n = 0;
	if (s && cg_map64_get(&c->ref_head, s, &head))
		for (uint32_t i = head; i; i = c->refs[i - 1].next) {
			uint32_t pub;
			if ((rc = ju_provs_push(&c->provs, c->in->path, line,
			                        cg_strpool_str(c->pool, c->refs[i - 1].kase),
			                        local_id)))
				return rc;
			if (cg_map64_get(&c->published, c->refs[i - 1].kase, &pub))
				c->provs.v[c->provs.n - 1].first_seen =
				    c->provs.v[c->provs.n - 1].last_seen =
				        cg_strpool_str(c->pool, pub);
		}
	if (!c->provs.n)
		return ju_provs_push(&c->provs, c->in->path, line, c->dcase, local_id);
	return 0;
}

/* A timestamp as a date ("2024-01-31T10:00:00Z" -> "2024-01-31"). */
static const char *date_part(sctx *c, const char *ts)
{
	const char *t;
	if (!ts)
		return NULL;
	t = strchr(ts, 'T');
	return t ? ju_tmp_strndup(&c->tmp, ts, (size_t)(t - ts)) : ts;
}

/* Pushes the strings of array member key as aliases or properties. */
static int push_array(sctx *c, const cJSON *o, const char *key, const char *prop)
{
	const cJSON *a = ju_get(o, key), *v;
	int rc;

	cJSON_ArrayForEach(v, a)
	{
		if (!cJSON_IsString(v) || !v->valuestring)
			continue;
		rc = prop ? ju_props_push(&c->props, prop, v->valuestring)
		          : ju_strs_push(&c->aliases, v->valuestring);
		if (rc)
			return rc;
	}
	return 0;
}

static const stix_type *lookup_type(const char *t)
{
	for (size_t i = 0; i < sizeof stix_types / sizeof stix_types[0]; i++)
		if (strcmp(stix_types[i].stix, t) == 0)
			return &stix_types[i];
	return NULL;
}

/* Adds an entity record from c->aliases/props/provs. Returns 0 with *e set,
 * 1 when the graph refused it (msg filled), or a negative code. */
static int add_entity(sctx *c, const char *type, const char *name, cg_eid *e, char *msg,
                      size_t msgn)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_error gerr;
	int rc;

	rec.type = type;
	rec.name = name;
	rec.aliases = c->aliases.v;
	rec.n_aliases = c->aliases.n;
	rec.props = c->props.v;
	rec.n_props = c->props.n;
	rec.prov = c->provs.v;
	rec.n_prov = c->provs.n;
	rec.roles = c->role ? &c->role : NULL;
	rec.n_roles = c->role != NULL;
	rc = import_add_entity(c->in, &rec, e, &gerr);
	if (rc == 1)
		snprintf(msg, msgn, "%s", gerr.message);
	return rc;
}

/* Adds a link; 0, 1 when refused (msg filled), or a negative code. */
static int add_link(sctx *c, const char *type, cg_eid a, cg_eid b, const cg_prop *props, size_t np,
                    char *msg, size_t msgn)
{
	cg_link_rec rec = CG_LINK_REC_INIT;
	cg_error gerr;
	int rc;

	rec.type = type;
	rec.source = a;
	rec.target = b;
	rec.props = props;
	rec.n_props = np;
	rec.prov = c->provs.v;
	rec.n_prov = c->provs.n;
	rc = import_add_link(c->in, &rec, NULL, &gerr);
	if (rc == 1)
		snprintf(msg, msgn, "%s", gerr.message);
	return rc;
}

/* ---- indicator patterns ---- */

/* One observable compared for equality in a pattern. */
typedef struct pat_obs {
	const char *type; /* casegraph type */
	char *value;      /* unescaped (ju_tmp) */
	const char *algo; /* hash algorithm for file hashes, else NULL */
} pat_obs;

#define MAX_PATTERN_OBS 64

/* Finds the comparisons `object-type:path = 'value'` in a STIX pattern
 * whose object type and path name an observable casegraph keeps, and
 * stores up to max of them. Other comparisons (other operators, other
 * paths) are ignored. Returns the count of all found (more than max when
 * some were not stored), or CG_ENOMEM. */
static int parse_pattern(sctx *c, const char *p, pat_obs *out, int max)
{
	const char *start = p;
	static const struct {
		const char *prefix; /* object-type:path */
		const char *type;
	} paths[] = {
	    {"ipv4-addr:value", "ip"},
	    {"ipv6-addr:value", "ip"},
	    {"domain-name:value", "domain"},
	    {"url:value", "url"},
	    {"email-addr:value", "email"},
	    {"email-message:from_ref.value", "email"},
	    {"email-message:sender_ref.value", "email"},
	    {"cryptocurrency-wallet:value", "wallet"},
	    {"mac-addr:value", "mac_addr"},
	    {"file:hashes.", "hash"},
	};
	int n = 0;

	while (*p) {
		const char *q;
		size_t i, plen = 0;
		if (*p == '\'') {
			/* skip a string literal that is not ours */
			for (p++; *p && *p != '\''; p++)
				if (*p == '\\' && p[1])
					p++;
			if (*p)
				p++;
			continue;
		}
		/* an object type starts a token */
		if (p > start && ((p[-1] >= 'a' && p[-1] <= 'z') ||
		                  (p[-1] >= '0' && p[-1] <= '9') || p[-1] == '-' || p[-1] == '_')) {
			p++;
			continue;
		}
		for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
			plen = strlen(paths[i].prefix);
			if (strncmp(p, paths[i].prefix, plen) == 0)
				break;
		}
		if (i == sizeof paths / sizeof paths[0]) {
			p++;
			continue;
		}
		q = p + plen;
		const char *algo = NULL;
		if (strcmp(paths[i].type, "hash") == 0) {
			/* hashes.'SHA-256' or hashes.MD5 */
			const char *a = q;
			char *raw;
			if (*a == '\'') {
				a++;
				if (!(q = strchr(a, '\'')))
					break;
				raw = ju_tmp_strndup(&c->tmp, a, (size_t)(q - a));
				q++;
			} else {
				while (*q && *q != ' ' && *q != '=' && *q != '!')
					q++;
				raw = ju_tmp_strndup(&c->tmp, a, (size_t)(q - a));
			}
			if (!raw || !(algo = ju_type_name(&c->tmp, raw, 0)))
				return CG_ENOMEM;
		}
		while (*q == ' ' || *q == '\t')
			q++;
		if (q[0] != '=' || q[1] == '=') {
			p = q;
			continue;
		}
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '\'') {
			p = q;
			continue;
		}
		/* the quoted value, with \' and \\ unescaped */
		cg_strbuf_reset(&c->sb);
		for (q++; *q && *q != '\''; q++) {
			if (*q == '\\' && q[1])
				q++;
			if (cg_strbuf_putc(&c->sb, *q))
				return CG_ENOMEM;
		}
		if (*q != '\'')
			break;
		p = q + 1;
		if (!c->sb.len)
			continue;
		if (n < max) {
			out[n].type = paths[i].type;
			out[n].algo = algo;
			if (!(out[n].value = ju_tmp_strndup(&c->tmp, c->sb.buf, c->sb.len)))
				return CG_ENOMEM;
		}
		n++;
	}
	return n;
}

/* ---- pass 2: entities ---- */

/* The name of an object: "name", the type's value member, or for some types
 * a member of their own; else the id. */
static const char *object_name(sctx *c, const cJSON *o, const char *stype, const stix_type *t,
                               const char *id)
{
	const char *name = ju_str(o, "name");
	const cJSON *v;

	/* a file known by its hashes is named by one (its file name is a
	 * property, filename): the hash is what identifies it */
	if (strcmp(stype, "file") == 0 && ju_get(o, "hashes")) {
		static const char *const algos[] = {"SHA-256", "SHA-1", "MD5", "SHA-512"};
		const cJSON *h = ju_get(o, "hashes");
		const char *hv;
		for (size_t i = 0; i < sizeof algos / sizeof algos[0]; i++)
			if ((hv = ju_str(h, algos[i])) && *hv)
				return hv;
	}
	if (name && *name)
		return name;
	if (t && t->value) {
		v = ju_get(o, t->value);
		if (cJSON_IsString(v) && v->valuestring && *v->valuestring)
			return v->valuestring;
		if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e15) {
			cg_strbuf_reset(&c->sb);
			if (cg_strbuf_printf(&c->sb, "AS%.0f", v->valuedouble))
				return NULL;
			return ju_tmp_strdup(&c->tmp, c->sb.buf);
		}
	}
	if (strcmp(stype, "location") == 0) {
		static const char *const parts[] = {"street_address", "city", "administrative_area",
		                                    "region", "country"};
		for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
			if ((name = ju_str(o, parts[i])) && *name)
				return name;
	}
	if (strcmp(stype, "file") == 0) {
		static const char *const algos[] = {"SHA-256", "SHA-1", "MD5", "SHA-512"};
		const cJSON *h = ju_get(o, "hashes");
		for (size_t i = 0; i < sizeof algos / sizeof algos[0]; i++)
			if ((name = ju_str(h, algos[i])) && *name)
				return name;
	}
	if (strcmp(stype, "email-addr") == 0 && (name = ju_str(o, "display_name")) && *name)
		return name;
	return id;
}

/* The casegraph type of a location or identity, which depends on its
 * members. */
static const char *refine_type(const cJSON *o, const char *stype)
{
	if (strcmp(stype, "identity") == 0) {
		const char *k = ju_str(o, "identity_class");
		if (!k)
			return "identity";
		if (strcmp(k, "individual") == 0)
			return "person";
		if (strcmp(k, "organization") == 0 || strcmp(k, "group") == 0)
			return "organization";
		if (strcmp(k, "class") == 0)
			return "sector";
		return "identity";
	}
	if (strcmp(stype, "location") == 0) {
		if (ju_str(o, "street_address"))
			return "address";
		if (ju_str(o, "country") && !ju_str(o, "city") &&
		    !ju_str(o, "administrative_area") && !ju_str(o, "region"))
			return "country";
		return "location";
	}
	if (strcmp(stype, "file") == 0)
		return ju_get(o, "hashes") ? "hash" : "file";
	return NULL;
}

static int entity_object(sctx *c, size_t ord, const cJSON *o)
{
	long line = c->lines[ord];
	const char *stype = ju_str(o, "type"), *id = ju_str(o, "id");
	const stix_type *t = lookup_type(stype);
	const char *type, *name;
	const cJSON *v, *refs;
	char msg[CG_ERROR_MSG_MAX];
	pat_obs obs[MAX_PATTERN_OBS];
	cg_eid e, oe[MAX_PATTERN_OBS];
	int n_obs = 0, rc;
	uint32_t s;

	c->aliases.n = c->props.n = 0;
	ju_tmp_reset(&c->tmp);
	type = t ? t->type : refine_type(o, stype);
	if (strncmp(stype, "x-casegraph-", 12) == 0 && ju_str(o, "x_casegraph_type") &&
	    *ju_str(o, "x_casegraph_type"))
		type = ju_str(o, "x_casegraph_type"); /* casegraph's extension: the type it had */
	if (!type && !(type = ju_type_name(&c->tmp, stype, 0)))
		return CG_ENOMEM;
	if (!(name = object_name(c, o, stype, t, id)))
		return CG_ENOMEM;
	if ((rc = push_provs(c, id, line, NULL)))
		return rc;
	/* the observables of an indicator's pattern, made first so that a bad
	 * one rejects the indicator before anything of it is in the graph */
	if (strcmp(stype, "indicator") == 0) {
		const char *pat = ju_str(o, "pattern");
		if (pat &&
		    (!ju_str(o, "pattern_type") || strcmp(ju_str(o, "pattern_type"), "stix") == 0))
			if ((n_obs = parse_pattern(c, pat, obs, MAX_PATTERN_OBS)) < 0)
				return n_obs;
		if (n_obs > MAX_PATTERN_OBS) /* refused whole rather than cut short */
			return import_rejectf(
			    c->in, line,
			    "%s: the pattern compares %d observables, more than the %d "
			    "casegraph reads from one indicator",
			    id, n_obs, MAX_PATTERN_OBS);
		for (int i = 0; i < n_obs; i++) {
			if (obs[i].algo &&
			    (rc = ju_props_push(&c->props, "algorithm", obs[i].algo)))
				return rc;
			if ((rc = add_entity(c, obs[i].type, obs[i].value, &oe[i], msg,
			                     sizeof msg)) < 0)
				return rc;
			if (rc)
				return import_rejectf(c->in, line, "%s: pattern value '%.200s': %s",
				                      id, obs[i].value, msg);
			c->props.n = 0;
		}
	}
	if ((rc = push_provs(c, id, line, id)))
		return rc;
	if (strcmp(type, stype) != 0 && (rc = ju_props_push(&c->props, "stix_type", stype)))
		return rc;
	if ((rc = push_array(c, o, "aliases", NULL)) ||
	    (rc = push_array(c, o, "x_mitre_aliases", NULL)))
		return rc;
	if (strcmp(stype, "email-addr") == 0 && name != ju_str(o, "display_name") &&
	    (rc = ju_strs_push(&c->aliases, ju_str(o, "display_name"))))
		return rc;
	refs = ju_get(o, "external_references");
	cJSON_ArrayForEach(v, refs)
	{
		if ((rc = ju_props_push(&c->props, "external_id", ju_str(v, "external_id"))))
			return rc;
	}
	static const char *const lists[][2] = {
	    {"labels", "labels"},
	    {"threat_actor_types", "labels"},
	    {"malware_types", "labels"},
	    {"tool_types", "labels"},
	    {"infrastructure_types", "labels"},
	    {"indicator_types", "labels"},
	    {"sectors", "sectors"},
	    {"roles", "roles"},
	};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if ((rc = push_array(c, o, lists[i][0], lists[i][1])))
			return rc;
	static const char *const singles[][2] = {
	    {"identity_class", "identity_class"},
	    {"primary_motivation", "motivation"},
	    {"first_seen", "first_seen"},
	    {"last_seen", "last_seen"},
	    {"pattern", "pattern"},
	    {"valid_from", "valid_from"},
	    {"valid_until", "valid_until"},
	    {"first_observed", "first_observed"},
	    {"last_observed", "last_observed"},
	    {"country", "country"},
	    {"region", "region"},
	    {"city", "city"},
	    {"administrative_area", "administrative_area"},
	    {"street_address", "address"},
	    {"postal_code", "postal_code"},
	    {"display_name", "display_name"},
	    {"account_number", "account_number"},
	};
	for (size_t i = 0; i < sizeof singles / sizeof singles[0]; i++)
		if ((rc = ju_props_push(&c->props, singles[i][1], ju_str(o, singles[i][0]))))
			return rc;
	if (strcmp(type, "country") == 0 &&
	    (rc = ju_props_push(&c->props, "code", ju_str(o, "country"))))
		return rc;
	if (strcmp(stype, "file") == 0) {
		const cJSON *h = ju_get(o, "hashes");
		cJSON_ArrayForEach(v, h)
		{
			char *k;
			if (!cJSON_IsString(v) || !v->valuestring || !v->string)
				continue;
			if (!(k = ju_type_name(&c->tmp, v->string, 0)) ||
			    (rc = ju_props_push(&c->props, k, v->valuestring)))
				return CG_ENOMEM;
		}
		if (ju_get(o, "hashes") &&
		    (rc = ju_props_push(&c->props, "filename", ju_str(o, "name"))))
			return rc;
	}
	/* an object that says when it was seen keeps that, not its report's date */
	static const char *const own[] = {"first_seen",  "last_seen",      "valid_from",
	                                  "valid_until", "first_observed", "last_observed"};
	for (size_t i = 0; i < c->props.n; i++)
		for (size_t k = 0; k < sizeof own / sizeof *own; k++)
			if (strcmp(c->props.v[i].name, own[k]) == 0)
				for (size_t j = 0; j < c->provs.n; j++)
					c->provs.v[j].first_seen = c->provs.v[j].last_seen = NULL;
	uint32_t one;
	c->role = (s = find_id(c, id)) && cg_map64_get(&c->creators, s, &one) ? "publisher" : NULL;
	rc = add_entity(c, type, name, &e, msg, sizeof msg);
	c->role = NULL;
	if (rc < 0)
		return rc;
	if (rc) {
		c->status[ord] = ST_REJECTED;
		return import_rejectf(c->in, line, "%s: %s", id, msg);
	}
	if ((s = find_id(c, id)) && (rc = cg_map64_put(&c->id_eid, s, e)))
		return rc;
	for (int i = 0; i < n_obs; i++) {
		if ((rc = add_link(c, "based_on", e, oe[i], NULL, 0, msg, sizeof msg)) < 0)
			return rc;
	}
	c->in->st->imported++;
	return 0;
}

/* Checks a report's references; the report itself is a case, not an entity. */
static int report_object(sctx *c, size_t ord, const cJSON *o)
{
	const char *id = ju_str(o, "id");
	const cJSON *refs = ju_get(o, "object_refs"), *r;
	int rc;

	if (!cJSON_IsArray(refs) || !cJSON_GetArraySize(refs)) {
		c->status[ord] = ST_REJECTED;
		return import_rejectf(c->in, c->lines[ord], "%s: report without object_refs", id);
	}
	c->in->st->imported++;
	cJSON_ArrayForEach(r, refs)
	{
		if (!cJSON_IsString(r) || !r->valuestring)
			continue;
		if (id_status(c, r->valuestring, NULL) < 0 &&
		    (rc = import_note(c->in, CG_ENOTFOUND, c->lines[ord],
		                      "%s: object_refs names '%.200s', which is not in the bundle",
		                      id, r->valuestring)))
			return rc;
	}
	return 0;
}

/* ---- pass 3: links ---- */

/* Resolves one end of a relationship. Returns 0 with *e set; 1 when the
 * relationship is to be skipped (an end revoked, deprecated or not read);
 * 2 when it is to be rejected (msg filled). */
static int resolve_end(sctx *c, const char *id, const char *member, const char *ref, cg_eid *e,
                       char *msg, size_t msgn)
{
	uint32_t ord, s, v;
	int st;

	if (!ref || !*ref) {
		snprintf(msg, msgn, "%s: no %s", id, member);
		return 2;
	}
	st = id_status(c, ref, &ord);
	if (st < 0) {
		snprintf(msg, msgn, "%s: %s '%.200s' is not in the bundle%s", id, member, ref,
		         c->n_unreadable ? " (or is in an object rejected as unreadable)" : "");
		return 2;
	}
	if (st == ST_REVOKED || st == ST_DEPRECATED || st == ST_BEYOND)
		return 1;
	if (st == ST_REJECTED) {
		snprintf(msg, msgn, "%s: %s '%.200s' was rejected (line %ld)", id, member, ref,
		         c->lines[ord]);
		return 2;
	}
	if (st != ST_ENTITY || !(s = find_id(c, ref)) || !cg_map64_get(&c->id_eid, s, &v)) {
		snprintf(msg, msgn, "%s: %s '%.200s' is a %s, not an entity", id, member, ref,
		         st == ST_REPORT ? "report"
		         : st == ST_REL  ? "relationship"
		                         : "metadata object");
		return 2;
	}
	*e = v;
	return 0;
}

/* Pass 3 on a relationship or sighting: 0, 1 when it is skipped (an end
 * revoked or deprecated), or a negative code. */
static int rel_object(sctx *c, size_t ord, const cJSON *o)
{
	long line = c->lines[ord];
	const char *stype = ju_str(o, "type"), *id = ju_str(o, "id");
	char msg[CG_ERROR_MSG_MAX];
	cg_eid a, b;
	int rc;

	ju_tmp_reset(&c->tmp);
	c->props.n = 0;
	if ((rc = push_provs(c, id, line, NULL)))
		return rc;
	if (strcmp(stype, "sighting") == 0) {
		const cJSON *where = ju_get(o, "where_sighted_refs"), *w;
		size_t n = 0;
		rc = resolve_end(c, id, "sighting_of_ref", ju_str(o, "sighting_of_ref"), &a, msg,
		                 sizeof msg);
		if (rc == 1) {
			c->n_rel_skipped++;
			return 1;
		}
		if (rc == 2)
			return import_rejectf(c->in, line, "%s", msg);
		if (!cJSON_GetArraySize(where))
			return import_rejectf(c->in, line,
			                      "%s: sighting without where_sighted_refs", id);
		/* every end first: a sighting is kept whole or not at all */
		cJSON_ArrayForEach(w, where)
		{
			const char *ref = cJSON_IsString(w) ? w->valuestring : NULL;
			if ((rc = resolve_end(c, id, "where_sighted_refs", ref, &b, msg,
			                      sizeof msg)) == 2)
				return import_rejectf(c->in, line, "%s", msg);
			n += rc == 0;
		}
		if (!n) {
			c->n_rel_skipped++;
			return 1;
		}
		if ((rc = ju_props_push(&c->props, "first_seen", ju_str(o, "first_seen"))) ||
		    (rc = ju_props_push(&c->props, "last_seen", ju_str(o, "last_seen"))))
			return rc;
		cJSON_ArrayForEach(w, where)
		{
			if (resolve_end(c, id, "where_sighted_refs", w->valuestring, &b, msg,
			                sizeof msg))
				continue;
			if ((rc = add_link(c, "sighted_at", a, b, c->props.v, c->props.n, msg,
			                   sizeof msg)) < 0)
				return rc;
			if (rc)
				return import_rejectf(c->in, line, "%s: %s", id, msg);
		}
		c->in->st->imported++;
		return 0;
	}
	const char *rt = ju_str(o, "relationship_type");
	char *type = NULL;
	int ra, rb;
	if (!rt || !*rt)
		return import_rejectf(c->in, line, "%s: no relationship_type", id);
	ra = resolve_end(c, id, "source_ref", ju_str(o, "source_ref"), &a, msg, sizeof msg);
	if (ra == 2)
		return import_rejectf(c->in, line, "%s", msg);
	rb = resolve_end(c, id, "target_ref", ju_str(o, "target_ref"), &b, msg, sizeof msg);
	if (rb == 2)
		return import_rejectf(c->in, line, "%s", msg);
	if (ra || rb) {
		c->n_rel_skipped++;
		return 1;
	}
	for (size_t i = 0; i < sizeof rel_types / sizeof rel_types[0] && !type; i++)
		if (strcmp(rt, rel_types[i][0]) == 0)
			type = (char *)rel_types[i][1];
	if (!type && !(type = ju_type_name(&c->tmp, rt, 0)))
		return CG_ENOMEM;
	if ((rc = ju_props_push(&c->props, "start_date", date_part(c, ju_str(o, "start_time")))) ||
	    (rc = ju_props_push(&c->props, "end_date", date_part(c, ju_str(o, "stop_time")))))
		return rc;
	/* the relationship's time span, as the bundle wrote it (else its
	 * report's date) */
	if (ju_str(o, "start_time") || ju_str(o, "stop_time"))
		for (size_t i = 0; i < c->provs.n; i++) {
			c->provs.v[i].first_seen = ju_str(o, "start_time");
			c->provs.v[i].last_seen = ju_str(o, "stop_time");
		}
	if ((rc = add_link(c, type, a, b, c->props.v, c->props.n, msg, sizeof msg)) < 0)
		return rc;
	if (rc)
		return import_rejectf(c->in, line, "%s: %s", id, msg);
	c->in->st->imported++;
	return 0;
}

/* ---- the scanner's callbacks ---- */

static int stix_want(void *ctx, const ju_scan *s)
{
	const sctx *c = ctx;
	if (s->depth == 2 && s->fr[1].kind == '[' && ju_scan_at(s, 0, "objects"))
		return 1;
	return c->pass == 1 && s->depth == 1 &&
	       (ju_scan_at(s, 0, "type") || ju_scan_at(s, 0, "id"));
}

static int stix_value(void *ctx, const ju_scan *s, const char *text, size_t len, long line,
                      int too_long, int truncated)
{
	sctx *c = ctx;
	size_t ord;
	cJSON *o;
	long el, ec;
	int rc, st;

	if (s->depth == 1) {
		/* the bundle's "type", or its "id" */
		int is_type = ju_scan_at(s, 0, "type");
		if (!is_type && c->have_root_id)
			return 0;
		o = ju_parse(text, len, line, &el, &ec);
		if (!o && ju_parse_nomem())
			return oom(c);
		if (is_type && cJSON_IsString(o))
			snprintf(c->root_type, sizeof c->root_type, "%s", o->valuestring);
		else if (!is_type)
			c->root_id_bundle =
			    cJSON_IsString(o) && strncmp(o->valuestring, "bundle--", 8) == 0;
		if (is_type)
			c->have_root_type = 1;
		else
			c->have_root_id = 1;
		cJSON_Delete(o);
		return 0;
	}
	ord = s->fr[1].index;
	if (truncated)
		c->truncated = 1;
	if (c->pass == 1)
		return index_object(c, ord, line, text, len, too_long, truncated);
	if (ord >= c->n_obj)
		return 0;
	st = c->status[ord];
	if (c->pass == 2 ? (st != ST_ENTITY && st != ST_REPORT) : st != ST_REL)
		return 0;
	if (!(o = ju_parse(text, len, line, &el, &ec)))
		return ju_parse_nomem() ? oom(c) : 0; /* else cannot happen: pass 1 parsed it */
	c->in->st->read++;
	if (st == ST_ENTITY)
		rc = entity_object(c, ord, o);
	else if (st == ST_REPORT)
		rc = report_object(c, ord, o);
	else
		rc = rel_object(c, ord, o);
	cJSON_Delete(o);
	if (rc == 1) {
		/* skipped: an end was revoked or deprecated; not read */
		c->in->st->read--;
		rc = 0;
	}
	if (rc == CG_ENOMEM)
		return oom(c);
	return rc;
}

/* One pass over the file: the first indexes the objects, the second makes
 * the entities, the third the links (the passes above). */
static int run_pass(sctx *c, int pass)
{
	c->pass = pass;
	return ju_scan_import(c->in, stix_want, stix_value, c, &c->truncated);
}

static int run_stix(import_file *in)
{
	sctx c;
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
	/* a bundle without "type" is known by its id (bundle--...) */
	if (c.have_root_type ? strcmp(c.root_type, "bundle") != 0 : !c.root_id_bundle) {
		rc = cg_error_set(in->err, CG_EFORMAT, in->path, 0, 0,
		                  "not a STIX bundle: the top-level \"type\" is not \"bundle\"");
		goto out;
	}
	if ((rc = run_pass(&c, 2)) || (rc = run_pass(&c, 3)))
		goto out;
	for (size_t i = 0; i < c.n_obj; i++) {
		c.n_revoked += c.status[i] == ST_REVOKED;
		c.n_deprecated += c.status[i] == ST_DEPRECATED;
		c.n_older += c.status[i] == ST_OLDER;
		c.n_meta += c.status[i] == ST_META;
	}
	in->st->skipped +=
	    c.n_revoked + c.n_deprecated + c.n_older + c.n_meta + c.n_rel_skipped + c.n_beyond;
	if (c.n_revoked + c.n_deprecated + c.n_older + c.n_meta + c.n_rel_skipped + c.n_beyond)
		rc = import_note(
		    in, CG_OK, 0,
		    "%zu objects in the bundle: %zu read, %zu skipped (%zu revoked, %zu "
		    "deprecated, %zu older versions, %zu marking or other metadata, %zu "
		    "relationships with a revoked or deprecated end%s)",
		    c.n_obj, in->st->read,
		    c.n_revoked + c.n_deprecated + c.n_older + c.n_meta + c.n_rel_skipped +
		        c.n_beyond,
		    c.n_revoked, c.n_deprecated, c.n_older, c.n_meta, c.n_rel_skipped,
		    c.n_beyond ? ", the rest after the row limit" : "");
out:
	cg_strbuf_free(&c.sb);
	cg_strpool_free(c.pool);
	cg_map64_free(&c.id_ord);
	cg_map64_free(&c.id_mod);
	cg_map64_free(&c.ref_head);
	cg_map64_free(&c.creators);
	cg_map64_free(&c.published);
	cg_map64_free(&c.id_eid);
	free(c.refs);
	free(c.status);
	free(c.lines);
	ju_tmp_free(&c.tmp);
	ju_strs_free(&c.aliases);
	ju_props_free(&c.props);
	ju_provs_free(&c.provs);
	return rc;
}

/* A STIX bundle: "type": "bundle" in the file's first 64 KB. */
static int sniff_stix(const char *head, size_t len, const char *path)
{
	(void)len;
	(void)path;
	return import_json_has_member(head, "type", "bundle");
}

/* A STIX bundle: a top-level "type" of "bundle", wherever it is among the
 * members, or no "type" and a bundle's "id" (bundle--...). */
static int sniff_top_stix(const import_json_top *t)
{
	if (t->root != '{')
		return 0;
	if (*t->type)
		return strcmp(t->type, "bundle") == 0;
	return strncmp(t->id, "bundle--", 8) == 0 && !import_top_has(t, "type");
}

const import_format import_fmt_stix = {.fmt = CG_FMT_STIX,
                                       .name = "stix",
                                       .json = 1,
                                       .sniff = sniff_stix,
                                       .sniff_top = sniff_top_stix,
                                       .run = run_stix};
