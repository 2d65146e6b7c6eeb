/* The FollowTheMoney importer (docs/FORMATS.md): JSON Lines of
 * {"id", "schema", "properties": {name: [values]}}, read line by line.
 *
 * Node schemata (Person, Company, BankAccount ...) become entities; the
 * interstitial schemata (Ownership, Directorship, Payment ...) become links;
 * Passport, Identification and Sanction add identifiers or a role to their
 * holder. The FollowTheMoney id is the record's local id in its case, so
 * fragments of one entity merge. A link whose ends are not all known yet is
 * kept (its strings interned) and resolved at the end of the file; so is an
 * entity reference inside a node (addressEntity, holder, parent). Memory:
 * one line, plus the index of ids and the pending links. */
#include "cg_import.h"

#include "cg_array.h"
#include "cg_hash.h"
#include "import_internal.h"
#include "json_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the schemata ---- */

typedef struct link_schema {
	const char *schema; /* FollowTheMoney schema */
	const char *type;   /* casegraph link type */
	const char *src;    /* property holding the source */
	const char *dst;    /* property holding the target */
	const char *src2;   /* fallbacks when src / dst are absent (Payment) */
	const char *dst2;
} link_schema;

static const link_schema link_schemata[] = {
    {"Ownership", "owns", "owner", "asset", NULL, NULL},
    {"Directorship", "director_of", "director", "organization", NULL, NULL},
    {"Employment", "employee_of", "employee", "employer", NULL, NULL},
    {"Membership", "member_of", "member", "organization", NULL, NULL},
    {"Representation", "represents", "agent", "client", NULL, NULL},
    {"Payment", "pays", "payer", "beneficiary", "payerAccount", "beneficiaryAccount"},
    {"Family", "family_of", "person", "relative", NULL, NULL},
    {"Associate", "associate_of", "person", "associate", NULL, NULL},
    {"UnknownLink", "related_to", "subject", "object", NULL, NULL},
    {"Succession", "succeeded_by", "predecessor", "successor", NULL, NULL},
    {"Debt", "owes", "debtor", "creditor", NULL, NULL},
    {"Occupancy", "occupies", "holder", "post", NULL, NULL},
};

static const char *const node_types[][2] = {
    {"Person", "person"},
    {"Company", "company"},
    {"Organization", "organization"},
    {"LegalEntity", "organization"},
    {"PublicBody", "organization"},
    {"BankAccount", "bank_account"},
    {"CryptoWallet", "wallet"},
    {"Address", "address"},
    {"Vessel", "vessel"},
    {"Airplane", "aircraft"},
    {"Document", "document"},
    {"Email", "email_message"}, /* a message, not an address */
};

/* FollowTheMoney property -> casegraph property, for every schema. A NULL
 * casegraph name drops the property (long texts, values handled apart). */
static const char *const prop_map[][2] = {
    {"name", NULL},
    {"alias", NULL},
    {"weakAlias", NULL},
    {"previousName", NULL},
    {"description", NULL},
    {"notes", NULL},
    {"summary", NULL},
    {"indexText", NULL},
    {"bodyText", NULL},
    {"bodyHtml", NULL},
    {"addressEntity", NULL},
    {"holder", NULL},
    {"parent", NULL},
    {"full", NULL},
    {"birthDate", "dob"},
    {"deathDate", "date_of_death"},
    {"citizenship", "nationality"},
    {"registrationNumber", "registration_number"},
    {"taxNumber", "tax_number"},
    {"innCode", "inn"},
    {"ogrnCode", "ogrn"},
    {"leiCode", "lei"},
    {"swiftBic", "swift_bic"},
    {"vatCode", "vat"},
    {"dunsCode", "duns"},
    {"okpoCode", "okpo"},
    {"passportNumber", "passport"},
    {"incorporationDate", "incorporation_date"},
    {"dissolutionDate", "dissolution_date"},
    {"accountNumber", "account_number"},
    {"bankName", "bank"},
    {"publicKey", "wallet"},
    {"currencySymbol", "chain"},
    {"imoNumber", "imo"},
};

static const char *const link_props[][2] = {
    {"startDate", "start_date"},
    {"endDate", "end_date"},
    {"date", "date"},
    {"role", "role"},
    {"relationship", "relationship"},
    {"percentage", "percentage"},
    {"sharesCount", "shares_count"},
    {"purpose", "purpose"},
    {"status", "status"},
};

/* ---- pending work, resolved at the end of the file ---- */

enum { P_LINK, P_IMPLICIT, P_ATTACH };

typedef struct pend {
	int kind;             /* P_* */
	uint32_t id;          /* the FollowTheMoney id of the object (pool) */
	uint32_t schema;      /* its schema (pool) */
	uint32_t type;        /* link type (pool) */
	uint32_t src, dst;    /* ids of the ends (pool), 0 when absent */
	const char *src_prop; /* the properties that named them (static) */
	const char *dst_prop;
	long line;
	uint32_t p0, np; /* its properties in fctx.pp */
	uint32_t amount, currency, role;
} pend;

typedef struct fctx {
	import_file *in; /* the file, its session and counts */
	long line;
	const char *kase;
	cg_strpool *pool;  /* ids and pending strings */
	cg_map64 id_eid;   /* node id -> entity */
	cg_map64 done;     /* link id -> 1 + index in ends of a link made at once */
	cg_map64 rejected; /* id of a rejected line -> its line, for the links naming it */
	uint32_t (*ends)[2];
	size_t n_ends, cap_ends;
	pend *pend;
	size_t n_pend, cap_pend;
	uint32_t (*pp)[2]; /* pending properties: name, value (pool) */
	size_t n_pp, cap_pp;
	/* the line's "casegraph" context (casegraph's own export), or NULL */
	const cJSON *ctx;
	/* scratch for one record */
	ju_tmp tmp;
	ju_strs aliases, roles;
	ju_props props, iprops;
	ju_provs provs;
	cg_strbuf sb;
} fctx;

/* Room for one more element of arr (n used, cap allocated). */
#define GROW(arr, n, cap, first)                                                                   \
	do {                                                                                       \
		if (CG_ARRAY_GROW(arr, cap, (n) + 1, first))                                       \
			return CG_ENOMEM;                                                          \
	} while (0)

static int intern(fctx *c, const char *s, uint32_t *out)
{
	if (!s) {
		*out = 0;
		return 0;
	}
	return cg_strpool_intern(c->pool, s, strlen(s), out);
}

static const char *S(const fctx *c, uint32_t id)
{
	return cg_strpool_str(c->pool, id);
}

static cg_eid find_node(const fctx *c, const char *id)
{
	uint32_t s = cg_strpool_find(c->pool, id, strlen(id)), e;
	return s && cg_map64_get(&c->id_eid, s, &e) ? e : CG_NO_ENTITY;
}

#define REJECT(c, line, ...) import_rejectf((c)->in, (line), __VA_ARGS__)

/* ---- values ---- */

/* The first string of property `name`, or NULL. */
static const char *first_value(const cJSON *props, const char *name)
{
	const cJSON *p = ju_get(props, name), *v;
	if (cJSON_IsString(p))
		return p->valuestring && *p->valuestring ? p->valuestring : NULL;
	cJSON_ArrayForEach(v, p)
	{
		if (cJSON_IsString(v) && v->valuestring && *v->valuestring)
			return v->valuestring;
	}
	return NULL;
}

/* Checks that every property is a string or an array of strings. Returns
 * the name of the first bad one, or NULL. */
static const char *bad_property(const cJSON *props)
{
	const cJSON *p, *v;
	cJSON_ArrayForEach(p, props)
	{
		if (cJSON_IsString(p))
			continue;
		if (!cJSON_IsArray(p))
			return p->string ? p->string : "";
		cJSON_ArrayForEach(v, p)
		{
			if (!cJSON_IsString(v))
				return p->string ? p->string : "";
		}
	}
	return NULL;
}

/* Calls fn for every string value of property p (a string or an array). */
#define FOR_VALUES(p, v)                                                                           \
	for (const cJSON *v = cJSON_IsArray(p) ? (p)->child : (p); v;                              \
	     v = cJSON_IsArray(p) ? v->next : NULL)                                                \
		if (cJSON_IsString(v) && v->valuestring && *v->valuestring)

/* A date or timestamp as a date ("2019-05-01T10:00:00" -> "2019-05-01"). */
static const char *date_value(fctx *c, const char *v)
{
	const char *t = strchr(v, 'T');
	return t ? ju_tmp_strndup(&c->tmp, v, (size_t)(t - v)) : v;
}

/* The host of a website ("https://www.example.com:8080/x" -> "www.example.com"). */
static const char *website_host(fctx *c, const char *v)
{
	const char *p = strstr(v, "://"), *e;
	const char *at;

	p = p ? p + 3 : v;
	e = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(e - p));
	if (at)
		p = at + 1;
	if (e > p && memchr(p, ':', (size_t)(e - p)) && *p != '[')
		e = memchr(p, ':', (size_t)(e - p));
	return ju_tmp_strndup(&c->tmp, p, (size_t)(e - p));
}

/* ---- pending work ---- */

static int add_pend(fctx *c, int kind, const char *id, const char *schema, const char *type,
                    const char *src, const char *dst, const char *src_prop, const char *dst_prop,
                    const cg_prop *props, size_t np, const char *amount, const char *currency,
                    const char *role)
{
	pend p;
	int rc;

	memset(&p, 0, sizeof p);
	p.kind = kind;
	p.line = c->line;
	p.src_prop = src_prop;
	p.dst_prop = dst_prop;
	if ((rc = intern(c, id, &p.id)) || (rc = intern(c, schema, &p.schema)) ||
	    (rc = intern(c, type, &p.type)) || (rc = intern(c, src, &p.src)) ||
	    (rc = intern(c, dst, &p.dst)) || (rc = intern(c, amount, &p.amount)) ||
	    (rc = intern(c, currency, &p.currency)) || (rc = intern(c, role, &p.role)))
		return rc;
	p.p0 = (uint32_t)c->n_pp;
	for (size_t i = 0; i < np; i++) {
		GROW(c->pp, c->n_pp, c->cap_pp, 64);
		if ((rc = intern(c, props[i].name, &c->pp[c->n_pp][0])) ||
		    (rc = intern(c, props[i].value, &c->pp[c->n_pp][1])))
			return rc;
		c->n_pp++;
	}
	p.np = (uint32_t)(c->n_pp - p.p0);
	GROW(c->pend, c->n_pend, c->cap_pend, 64);
	c->pend[c->n_pend++] = p;
	return 0;
}

/* Adds a link record on line `line`; 0, 1 when the graph refused it (msg),
 * or a negative code. */
static int add_link(fctx *c, const char *type, const char *ftm_id, cg_eid a, cg_eid b,
                    const cg_prop *props, size_t np, const char *amount, const char *currency,
                    long line, char *msg, size_t msgn)
{
	cg_link_rec rec = CG_LINK_REC_INIT;
	cg_prov prov;
	cg_error gerr;
	int rc;

	memset(&prov, 0, sizeof prov);
	prov.file = c->in->path;
	prov.line = line;
	prov.case_name = c->kase;
	/* the object's id: fragments of one Payment (one line per citation, as
	 * casegraph's export writes them) are one transaction, not several */
	prov.local_id = ftm_id;
	rec.type = type;
	rec.source = a;
	rec.target = b;
	rec.props = props;
	rec.n_props = np;
	rec.amount = amount;
	rec.currency = currency;
	rec.prov = &prov;
	rec.n_prov = 1;
	rc = import_add_link(c->in, &rec, NULL, &gerr);
	if (rc == 1)
		snprintf(msg, msgn, "%s", gerr.message);
	return rc;
}

/* Adds an entity record from the scratch lists; 0 (*e set), 1 when the
 * graph refused it (msg), or a negative code. */
static int add_entity(fctx *c, const char *type, const char *name, const char *local_id,
                      const ju_props *props, const ju_strs *aliases, const ju_strs *roles,
                      long line, cg_eid *e, char *msg, size_t msgn)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prov prov;
	cg_error gerr;
	int rc;

	memset(&prov, 0, sizeof prov);
	prov.file = c->in->path;
	prov.line = line;
	prov.case_name = c->kase;
	prov.local_id = local_id;
	rec.type = type;
	rec.name = name;
	if (aliases) {
		rec.aliases = aliases->v;
		rec.n_aliases = aliases->n;
	}
	if (roles) {
		rec.roles = roles->v;
		rec.n_roles = roles->n;
	}
	rec.props = props->v;
	rec.n_props = props->n;
	rec.prov = &prov;
	rec.n_prov = 1;
	rc = import_add_entity(c->in, &rec, e, &gerr);
	if (rc == 1)
		snprintf(msg, msgn, "%s", gerr.message);
	return rc;
}

/* ---- one line ---- */

static const link_schema *find_link_schema(const char *schema)
{
	for (size_t i = 0; i < sizeof link_schemata / sizeof link_schemata[0]; i++)
		if (strcmp(link_schemata[i].schema, schema) == 0)
			return &link_schemata[i];
	return NULL;
}

/* The end of a link named by property name (or its fallback): its first
 * value, and *prop the property used. NULL when absent. */
static const char *link_end(const cJSON *props, const char *name, const char *name2,
                            const char **prop)
{
	const char *v = first_value(props, name);
	*prop = name;
	if (!v && name2 && (v = first_value(props, name2)))
		*prop = name2;
	return v;
}

static int link_line(fctx *c, const char *id, const char *schema, const link_schema *ls,
                     const cJSON *props)
{
	/* casegraph's export: the link type it had */
	const char *type = c->ctx ? ju_str(c->ctx, "type") : NULL;
	const char *src_prop, *dst_prop;
	const char *src = link_end(props, ls->src, ls->src2, &src_prop);
	const char *dst = link_end(props, ls->dst, ls->dst2, &dst_prop);
	const cJSON *cprops = c->ctx ? ju_get(c->ctx, "properties") : NULL;
	const char *amount = first_value(props, "amount");
	const char *currency = first_value(props, "currency");
	char msg[CG_ERROR_MSG_MAX];
	cg_eid a, b;
	int rc;

	if (!amount && cJSON_IsObject(cprops)) {
		/* an amount its schema has no property for */
		amount = first_value(cprops, "amount");
		currency = first_value(cprops, "currency");
	}
	c->props.n = 0;
	for (size_t i = 0; i < sizeof link_props / sizeof link_props[0]; i++) {
		const char *v = first_value(props, link_props[i][0]);
		if (type && *type && strcmp(link_props[i][0], "role") == 0 && v &&
		    strcmp(v, type) == 0)
			continue; /* an UnknownLink's role holding the casegraph type */
		if (v && strstr(link_props[i][1], "date") && !(v = date_value(c, v)))
			return CG_ENOMEM;
		if ((rc = ju_props_push(&c->props, link_props[i][1], v)))
			return rc;
	}
	if (amount && !currency) {
		/* money needs a currency: kept as text */
		if ((rc = ju_props_push(&c->props, "amount", amount)))
			return rc;
		amount = NULL;
	}
	if (src && dst && (a = find_node(c, src)) != CG_NO_ENTITY &&
	    (b = find_node(c, dst)) != CG_NO_ENTITY) {
		uint32_t s;
		if ((rc = add_link(c, type && *type ? type : ls->type, id, a, b, c->props.v,
		                   c->props.n, amount, currency, c->line, msg, sizeof msg)) < 0)
			return rc;
		if (rc)
			return REJECT(c, c->line, "%s '%.200s': %s", schema, id, msg);
		if ((rc = intern(c, id, &s)))
			return rc;
		GROW(c->ends, c->n_ends, c->cap_ends, 64);
		if ((rc = intern(c, src, &c->ends[c->n_ends][0])) ||
		    (rc = intern(c, dst, &c->ends[c->n_ends][1])))
			return rc;
		c->n_ends++;
		if ((rc = cg_map64_put(&c->done, s, (uint32_t)c->n_ends)))
			return rc;
		c->in->st->imported++;
		return 0;
	}
	return add_pend(c, P_LINK, id, schema, type && *type ? type : ls->type, src, dst, src_prop,
	                dst_prop, c->props.v, c->props.n, amount, currency, NULL);
}

/* Passport, Identification, Sanction: identifiers or a role for the holder. */
static int attach_line(fctx *c, const char *id, const char *schema, const cJSON *props)
{
	const char *holder_prop = strcmp(schema, "Sanction") == 0 ? "entity" : "holder";
	const char *holder = first_value(props, holder_prop);
	const char *role = NULL;
	int rc;

	c->props.n = 0;
	if (strcmp(schema, "Sanction") == 0) {
		role = "sanctioned";
		if ((rc = ju_props_push(&c->props, "sanction_program",
		                        first_value(props, "program"))) ||
		    (rc = ju_props_push(&c->props, "sanction_authority",
		                        first_value(props, "authority"))))
			return rc;
	} else {
		const char *num = first_value(props, "passportNumber");
		if (!num)
			num = first_value(props, "number");
		if ((rc = ju_props_push(
		         &c->props, strcmp(schema, "Passport") == 0 ? "passport" : "national_id",
		         num)))
			return rc;
	}
	if (!holder)
		return REJECT(c, c->line, "%s '%.200s' without %s", schema, id, holder_prop);
	return add_pend(c, P_ATTACH, id, schema, NULL, holder, NULL, holder_prop, NULL, c->props.v,
	                c->props.n, NULL, NULL, role);
}

/* The casegraph type of node schema `schema`: from node_types, else the
 * schema's name in snake case ("RealEstate" -> "real_estate"). NULL when
 * out of memory. */
static const char *node_type(fctx *c, const char *schema)
{
	const char *type = NULL;

	for (size_t i = 0; i < sizeof node_types / sizeof node_types[0]; i++)
		if (strcmp(node_types[i][0], schema) == 0)
			type = node_types[i][1];
	if (!type)
		type = ju_type_name(&c->tmp, schema, 1);
	return type;
}

/* The first values of properties parts[0 .. n), those present, joined with
 * sep into c->sb. 0 or CG_ENOMEM. */
static int join_values(fctx *c, const cJSON *props, const char *const *parts, size_t n,
                       const char *sep)
{
	cg_strbuf_reset(&c->sb);
	for (size_t i = 0; i < n; i++) {
		const char *v = first_value(props, parts[i]);
		if (v && ((c->sb.len && cg_strbuf_puts(&c->sb, sep)) || cg_strbuf_puts(&c->sb, v)))
			return CG_ENOMEM;
	}
	return 0;
}

/* The name of a node into *name (NULL when it has none), its other names
 * into c->aliases: the first value of name, alias, previousName and
 * weakAlias is the name, the others aliases; without one, an address's full
 * text or its parts joined, else a person's name parts. 0 or CG_ENOMEM. */
static int node_names(fctx *c, const char *schema, const cJSON *props, const char **name)
{
	static const char *const name_props[] = {"name", "alias", "previousName", "weakAlias"};
	static const char *const address_parts[] = {"street", "street2", "postalCode",
	                                            "city",   "region",  "country"};
	static const char *const person_parts[] = {"firstName", "middleName", "lastName"};
	int rc;

	/* a UserAccount is called by its username */
	*name = first_value(props, "name") ? NULL : first_value(props, "username");
	for (size_t i = 0; i < sizeof name_props / sizeof name_props[0]; i++) {
		const cJSON *p = ju_get(props, name_props[i]);
		FOR_VALUES(p, v)
		{
			if (!*name)
				*name = v->valuestring;
			else if ((rc = ju_strs_push(&c->aliases, v->valuestring)))
				return rc;
		}
	}
	if (!*name && strcmp(schema, "Address") == 0 && !(*name = first_value(props, "full"))) {
		if ((rc = join_values(c, props, address_parts,
		                      sizeof address_parts / sizeof address_parts[0], ", ")))
			return rc;
		if (c->sb.len && !(*name = ju_tmp_strdup(&c->tmp, c->sb.buf)))
			return CG_ENOMEM;
	}
	if (!*name && (first_value(props, "firstName") || first_value(props, "lastName"))) {
		if ((rc = join_values(c, props, person_parts,
		                      sizeof person_parts / sizeof person_parts[0], " ")))
			return rc;
		if (!(*name = ju_tmp_strdup(&c->tmp, c->sb.buf)))
			return CG_ENOMEM;
	}
	return 0;
}

/* The properties of a node of casegraph type `type` into c->props, renamed
 * by prop_map (which drops names and long texts), idNumber and a wallet's
 * currency by the type, the others in snake case; dates cut to the day.
 * 0 or CG_ENOMEM. */
/* Whether value v of property pname is one the context lists as derived
 * (a value casegraph's export copied from a linked entity, which is an
 * entity of its own in the graph). */
static int ctx_derived(const fctx *c, const char *pname, const char *v)
{
	const cJSON *d = c->ctx ? ju_get(ju_get(c->ctx, "derived"), pname) : NULL, *x;
	cJSON_ArrayForEach(x, d)
	{
		if (cJSON_IsString(x) && strcmp(x->valuestring, v) == 0)
			return 1;
	}
	return 0;
}

/* The casegraph content of the context of casegraph's export into
 * c->props: its citation, and the properties FollowTheMoney has no name
 * for, under their casegraph names. 0 or CG_ENOMEM. */
static int ctx_props(fctx *c)
{
	const char *cite = c->ctx ? ju_str(c->ctx, "citation") : NULL;
	const cJSON *props = c->ctx ? ju_get(c->ctx, "properties") : NULL, *p;
	int rc;

	if (cite && *cite && (rc = ju_props_push(&c->props, "casegraph_citation", cite)))
		return rc;
	if (!cJSON_IsObject(props))
		return 0;
	cJSON_ArrayForEach(p, props)
	{
		FOR_VALUES(p, v)
		{
			if ((rc = ju_props_push(&c->props, p->string, v->valuestring)))
				return rc;
		}
	}
	return 0;
}

/* A property that holds a UserAccount's value (its name) in casegraph's
 * export: not a property of its own. */
static int account_value(const fctx *c, const char *type, const char *pname)
{
	return c->ctx && (strcmp(pname, "username") == 0 ||
	                  (strcmp(type, "email") == 0 && strcmp(pname, "email") == 0) ||
	                  (strcmp(type, "phone") == 0 && strcmp(pname, "number") == 0) ||
	                  (strcmp(type, "ip") == 0 && strcmp(pname, "ipAddress") == 0));
}

static int node_props(fctx *c, const char *type, const cJSON *props)
{
	const cJSON *p;
	int rc;

	cJSON_ArrayForEach(p, props)
	{
		const char *pname = p->string, *cname = NULL;
		int mapped = 0;
		for (size_t i = 0; i < sizeof prop_map / sizeof prop_map[0]; i++)
			if (strcmp(prop_map[i][0], pname) == 0) {
				cname = prop_map[i][1];
				mapped = 1;
			}
		if (c->ctx && strcmp(pname, "notes") == 0)
			cname = "note"; /* casegraph's export writes its note there */
		if ((mapped && !cname) || account_value(c, type, pname))
			continue;
		if (!mapped) {
			if (strcmp(pname, "idNumber") == 0)
				cname = strcmp(type, "person") == 0 ? "national_id" : "id_number";
			else if (strcmp(pname, "currency") == 0 && strcmp(type, "wallet") == 0)
				cname = "chain";
			else if (!(cname = ju_type_name(&c->tmp, pname, 1)))
				return CG_ENOMEM;
		}
		FOR_VALUES(p, v)
		{
			const char *val = v->valuestring;
			if (ctx_derived(c, pname, val))
				continue;
			if (strstr(cname, "date") || strcmp(cname, "dob") == 0)
				if (!(val = date_value(c, val)))
					return CG_ENOMEM;
			if ((rc = ju_props_push(&c->props, cname, val)))
				return rc;
		}
	}
	return ctx_props(c);
}

/* The country of a node, for its phones: its country, else its
 * jurisdiction, else its nationality; NULL when none. */
static const char *node_country(const cJSON *props)
{
	const char *country = first_value(props, "country");

	if (!country)
		country = first_value(props, "jurisdiction");
	if (!country)
		country = first_value(props, "nationality");
	return country;
}

/* Adds the e-mails, phones and websites (as domains) a node of type `type`
 * uses as entities of their own, at most cap of them, into ie[0 .. *n).
 * Made before the node, so that a bad one rejects the line before anything
 * of it is in the graph. 0, 1 when the graph refused one (msg says why), or
 * a negative code. */
static int node_infra(fctx *c, const char *type, const cJSON *props, const char *country,
                      cg_eid *ie, size_t cap, size_t *n, char *msg, size_t msgn)
{
	static const char *const infra[][2] = {
	    {"email", "email"}, {"phone", "phone"}, {"website", "domain"}};
	int rc;

	*n = 0;
	if (strcmp(type, "email") == 0 || strcmp(type, "phone") == 0 || strcmp(type, "domain") == 0)
		return 0;
	for (size_t i = 0; i < sizeof infra / sizeof infra[0]; i++) {
		const cJSON *p = ju_get(props, infra[i][0]);
		FOR_VALUES(p, v)
		{
			const char *val = v->valuestring;
			if (*n == cap)
				break;
			if (strcmp(infra[i][1], "domain") == 0 && !(val = website_host(c, val)))
				return CG_ENOMEM;
			if (!*val)
				continue;
			c->iprops.n = 0;
			if (strcmp(infra[i][1], "phone") == 0 && country && strlen(country) == 2 &&
			    (rc = ju_props_push(&c->iprops, "country", country)))
				return rc;
			if ((rc = add_entity(c, infra[i][1], val, NULL, &c->iprops, NULL, NULL,
			                     c->line, &ie[*n], msg, msgn)))
				return rc;
			(*n)++;
		}
	}
	return 0;
}

/* Keeps the references of node `id` of casegraph type `type` to other
 * entities (its address, an account's holder, a company's parent) as
 * pending links, resolved at the end of the file. 0 or CG_ENOMEM. */
static int node_refs(fctx *c, const char *id, const char *schema, const char *type,
                     const cJSON *props)
{
	static const struct {
		const char *prop;
		const char *type;
		int reverse; /* the referenced entity is the source */
	} refs[] = {
	    {"addressEntity", NULL, 0},
	    {"holder", "holds_account", 1},
	    {"parent", "owns", 1},
	};
	int rc;

	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		const char *lt = refs[i].type;
		const cJSON *p = ju_get(props, refs[i].prop);
		if (!lt)
			lt = strcmp(type, "company") == 0 || strcmp(type, "organization") == 0
			         ? "registered_at"
			         : "located_in";
		FOR_VALUES(p, v)
		{
			if (refs[i].reverse)
				rc = add_pend(c, P_IMPLICIT, id, schema, lt, v->valuestring, id,
				              refs[i].prop, NULL, NULL, 0, NULL, NULL, NULL);
			else
				rc = add_pend(c, P_IMPLICIT, id, schema, lt, id, v->valuestring,
				              NULL, refs[i].prop, NULL, 0, NULL, NULL, NULL);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* A node entity: its properties, aliases, the e-mails, phones and
 * websites it uses (entities of their own) and its references. */
static int node_line(fctx *c, const char *id, const char *schema, const cJSON *props)
{
	const char *type, *name;
	char msg[CG_ERROR_MSG_MAX];
	cg_eid e, ie[64];
	size_t n_infra;
	uint32_t s;
	int rc;

	if (c->ctx && (type = ju_str(c->ctx, "type")) != NULL && *type)
		; /* casegraph's export: the type it had */
	else if (!(type = node_type(c, schema)))
		return CG_ENOMEM;
	c->aliases.n = c->props.n = 0;
	if ((rc = node_names(c, schema, props, &name)) || (rc = node_props(c, type, props)))
		return rc;
	if (!name && !ju_props_get(&c->props, "iban") &&
	    !ju_props_get(&c->props, "account_number") && !ju_props_get(&c->props, "wallet"))
		name = id; /* nothing else to call it */
	/* what it uses, then the node: the graph refusing either rejects the line */
	/* casegraph's export writes the e-mails, phones and domains as entities
	 * of their own, and the properties that name them as derived */
	n_infra = 0;
	rc = c->ctx ? 0
	            : node_infra(c, type, props, node_country(props), ie, sizeof ie / sizeof ie[0],
	                         &n_infra, msg, sizeof msg);
	if (rc == 0)
		rc = add_entity(c, type, name, id, &c->props, &c->aliases, NULL, c->line, &e, msg,
		                sizeof msg);
	if (rc < 0)
		return rc;
	if (rc)
		return REJECT(c, c->line, "%s '%.200s': %s", schema, id, msg);
	if ((rc = intern(c, id, &s)) || (rc = cg_map64_put(&c->id_eid, s, e)))
		return rc;
	for (size_t i = 0; i < n_infra; i++)
		if ((rc = add_link(c, "uses", NULL, e, ie[i], NULL, 0, NULL, NULL, c->line, msg,
		                   sizeof msg)) < 0)
			return rc;
	if ((rc = node_refs(c, id, schema, type, props)))
		return rc;
	c->in->st->imported++;
	return 0;
}

static int object_line_of(fctx *c, const cJSON *o)
{
	const char *id = ju_str(o, "id"), *schema = ju_str(o, "schema"), *bad;
	const cJSON *props = ju_get(o, "properties");
	const link_schema *ls;

	ju_tmp_reset(&c->tmp);
	c->ctx = cJSON_IsObject(ju_get(o, "casegraph")) ? ju_get(o, "casegraph") : NULL;
	if (!id || !*id)
		return REJECT(c, c->line, "FollowTheMoney entity without \"id\"");
	if (!schema || !*schema)
		return REJECT(c, c->line, "'%.200s': no \"schema\"", id);
	if (props && !cJSON_IsObject(props))
		return REJECT(c, c->line, "'%.200s': \"properties\" is not an object", id);
	if ((bad = bad_property(props)))
		return REJECT(c, c->line, "'%.200s': property '%.64s' is not a list of strings", id,
		              bad);
	if ((ls = find_link_schema(schema)))
		return link_line(c, id, schema, ls, props);
	if (strcmp(schema, "Passport") == 0 || strcmp(schema, "Identification") == 0 ||
	    strcmp(schema, "Sanction") == 0)
		return attach_line(c, id, schema, props);
	return node_line(c, id, schema, props);
}

/* Reads one line's object; when it is rejected, remembers its id, so that
 * the links naming it say so instead of "not in the file". */
static int object_line(fctx *c, const cJSON *o)
{
	size_t before = c->in->st->rejected;
	const char *id = ju_str(o, "id");
	uint32_t s, old;
	int rc = object_line_of(c, o);

	if (rc || c->in->st->rejected == before || !id || !*id || find_node(c, id) != CG_NO_ENTITY)
		return rc;
	if ((rc = intern(c, id, &s)))
		return rc;
	if (!cg_map64_get(&c->rejected, s, &old))
		rc = cg_map64_put(&c->rejected, s, (uint32_t)c->line);
	return rc;
}

/* Rejects (or notes, for a reference inside a node) pending record p, whose
 * end `prop` names node id `end`, which is not in the graph. */
static int missing_end(fctx *c, const pend *p, const char *schema, const char *id, const char *prop,
                       const char *end)
{
	uint32_t s = cg_strpool_find(c->pool, end, strlen(end)), line;
	char why[64] = "is not in the file";

	if (s && cg_map64_get(&c->rejected, s, &line))
		snprintf(why, sizeof why, "was rejected (line %u)", (unsigned)line);
	if (p->kind == P_IMPLICIT)
		return import_note(c->in, CG_ENOTFOUND, p->line, "%s '%.200s': %s '%.200s' %s",
		                   schema, id, prop, end, why);
	return import_rejectf(c->in, p->line, "%s '%.200s': %s '%.200s' %s", schema, id, prop, end,
	                      why);
}

/* ---- the end of the file ---- */

/* The end of pending link p that another fragment of the same id gives. */
static uint32_t other_end(const fctx *c, const pend *p, int which)
{
	uint32_t k;
	if (cg_map64_get(&c->done, p->id, &k))
		return c->ends[k - 1][which];
	for (size_t i = 0; i < c->n_pend; i++) {
		const pend *q = &c->pend[i];
		if (q->kind == P_LINK && q->id == p->id && (which ? q->dst : q->src))
			return which ? q->dst : q->src;
	}
	return 0;
}

static int resolve_pending(fctx *c)
{
	char msg[CG_ERROR_MSG_MAX];
	cg_prop props[64];
	cg_map64 frags = CG_MAP64_INIT; /* link id -> pending fragments */
	int rc = 0;

	for (size_t i = 0; i < c->n_pend; i++) {
		uint32_t n = 0;
		if (c->pend[i].kind != P_LINK)
			continue;
		cg_map64_get(&frags, c->pend[i].id, &n);
		if ((rc = cg_map64_put(&frags, c->pend[i].id, n + 1)))
			goto out;
	}
	for (size_t i = 0; i < c->n_pend; i++) {
		pend *p = &c->pend[i];
		const char *schema = S(c, p->schema), *id = S(c, p->id);
		uint32_t src = p->src, dst = p->dst;
		cg_eid a = CG_NO_ENTITY, b = CG_NO_ENTITY;
		size_t np = 0;

		uint32_t nfrag = 0, amount = p->amount, currency = p->currency;
		cg_map64_get(&frags, p->id, &nfrag);
		for (size_t j = nfrag > 1 ? 0 : i; j < (nfrag > 1 ? c->n_pend : i + 1); j++) {
			/* fragments of one link: their properties are unioned, so that
			 * every fragment makes the same link */
			const pend *q = &c->pend[j];
			if (q->kind != p->kind || q->id != p->id)
				continue;
			if (!amount && q->amount) {
				amount = q->amount;
				currency = q->currency;
			}
			for (uint32_t k = 0; k < q->np && np < sizeof props / sizeof props[0];
			     k++) {
				const char *n = S(c, c->pp[q->p0 + k][0]),
				           *v = S(c, c->pp[q->p0 + k][1]);
				size_t d;
				for (d = 0; d < np; d++)
					if (strcmp(props[d].name, n) == 0 &&
					    strcmp(props[d].value, v) == 0)
						break;
				if (d == np) {
					props[np].name = n;
					props[np++].value = v;
				}
			}
		}
		if (p->kind == P_LINK) {
			/* fragments of one link complete each other; the scan is
			 * linear, but only for fragments that lack an end */
			if (!src)
				src = other_end(c, p, 0);
			if (!dst)
				dst = other_end(c, p, 1);
			if (!src || !dst) {
				if ((rc = REJECT(c, p->line, "%s '%.200s' without %s", schema, id,
				                 !src ? p->src_prop : p->dst_prop)))
					goto out;
				continue;
			}
		}
		if (src && (a = find_node(c, S(c, src))) == CG_NO_ENTITY) {
			if ((rc = missing_end(c, p, schema, id, p->src_prop, S(c, src))))
				goto out;
			continue;
		}
		if (dst && (b = find_node(c, S(c, dst))) == CG_NO_ENTITY) {
			if ((rc = missing_end(c, p, schema, id, p->dst_prop, S(c, dst))))
				goto out;
			continue;
		}
		if (p->kind == P_ATTACH) {
			/* a fragment of the holder: same type, name and local id */
			ju_props jp = {props, np, np};
			ju_strs roles = {NULL, 0, 0};
			cg_eid e;
			const char *role = p->role ? S(c, p->role) : NULL;
			const char *local = S(c, src); /* the holder's local id in this case */
			if (role)
				roles = (ju_strs){&role, 1, 1};
			rc = add_entity(c, cg_entity_type_name(c->in->g, a),
			                cg_entity_name(c->in->g, a), local, &jp, NULL, &roles,
			                p->line, &e, msg, sizeof msg);
		} else {
			rc = add_link(c, S(c, p->type), S(c, p->id), a, b, props, np,
			              amount ? S(c, amount) : NULL,
			              currency ? S(c, currency) : NULL, p->line, msg, sizeof msg);
		}
		if (rc < 0)
			goto out;
		if (p->kind == P_IMPLICIT)
			continue;
		if (rc) {
			if ((rc = import_rejectf(c->in, p->line, "%s '%.200s': %s", schema, id,
			                         msg)))
				goto out;
			continue;
		}
		c->in->st->imported++;
	}
	rc = 0;
out:
	cg_map64_free(&frags);
	return rc;
}

static int run_ftm(import_file *in)
{
	fctx c;
	cg_strbuf line = CG_STRBUF_INIT;
	FILE *f = NULL;
	ju_reader rdbuf, *rd = &rdbuf;
	ju_arena arena = JU_ARENA_INIT; /* each line's tree, dropped whole after it */
	size_t objects = 0;
	int rc = 0, too_long;

	memset(&c, 0, sizeof c);
	c.in = in;
	c.kase = in->kase;
	if (!(f = cg_import_fopen(in->path, in->opts->progress, in->opts->progress_ctx))) {
		rc = cg_error_set(in->err, CG_EIO, in->path, 0, 0, "cannot open: %s",
		                  strerror(errno));
		goto out;
	}
	ju_reader_init(rd, f);
	if (!(c.pool = cg_strpool_new()))
		goto nomem;
	for (;;) {
		int r = ju_read_line(rd, &line, in->opts->max_record, &too_long);
		long eline, ecol;
		char why[160];
		cJSON *o;
		if (r < 0) {
			rc = cg_error_set(in->err, r, in->path, c.line, 0,
			                  r == CG_EIO ? "read error" : "out of memory");
			goto out;
		}
		if (r == 0)
			break;
		c.line++;
		const char *text = cg_strbuf_cstr(&line);
		size_t tlen = line.len;
		if (c.line == 1 && tlen >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
			text += 3;
			tlen -= 3;
		}
		if (!too_long && ju_blank_line(text, tlen))
			continue;
		if (in->opts->max_rows && objects >= in->opts->max_rows)
			break;
		objects++;
		in->st->read++;
		o = NULL;
		if (!too_long) {
			ju_arena_use(&arena);
			o = ju_parse_why(text, tlen, c.line, &eline, &ecol, why, sizeof why);
			ju_arena_use(NULL);
		}
		if (too_long) {
			rc = import_rejectf(in, c.line, "line longer than %zu bytes",
			                    in->opts->max_record);
		} else if (!o && ju_parse_nomem()) {
			rc = cg_error_set(in->err, CG_ENOMEM, in->path, c.line, 0, "out of memory");
		} else if (!o) {
			cg_error diag;
			cg_error_set(&diag, CG_EPARSE, in->path, c.line, (int)ecol, "%s", why);
			rc = import_reject(in->imp, in->st, &diag, in->err);
		} else {
			if (!cJSON_IsObject(o))
				rc = REJECT(&c, c.line, "not a JSON object");
			else
				rc = object_line(&c, o);
		}
		ju_arena_reset(&arena);
		if (rc == CG_ENOMEM)
			goto nomem;
		if (rc)
			goto out;
	}
	if ((rc = resolve_pending(&c)) == CG_ENOMEM)
		goto nomem;
	goto out;
nomem:
	rc = cg_error_set(in->err, CG_ENOMEM, in->path, c.line, 0, "out of memory");
out:
	if (f)
		fclose(f);
	cg_strbuf_free(&line);
	ju_arena_free(&arena);
	cg_strbuf_free(&c.sb);
	cg_strpool_free(c.pool);
	cg_map64_free(&c.id_eid);
	cg_map64_free(&c.done);
	cg_map64_free(&c.rejected);
	free(c.ends);
	free(c.pend);
	free(c.pp);
	ju_tmp_free(&c.tmp);
	ju_strs_free(&c.aliases);
	ju_strs_free(&c.roles);
	ju_props_free(&c.props);
	ju_props_free(&c.iprops);
	ju_provs_free(&c.provs);
	return rc;
}

/* FollowTheMoney: its first line is an entity with "schema" and
 * "properties". */
static int sniff_ftm(const char *head, size_t len, const char *path)
{
	char line[4096];

	(void)path;
	import_first_line(head, len, line, sizeof line);
	return import_json_has_member(line, "schema", NULL) &&
	       import_json_has_member(line, "properties", NULL);
}

/* FollowTheMoney entities, one a line: the first line is an object with
 * "schema" and "properties". */
static int sniff_top_ftm(const import_json_top *t)
{
	return t->root == '{' && t->one_line && import_top_has(t, "schema") &&
	       import_top_has(t, "properties");
}

const import_format import_fmt_ftm = {.fmt = CG_FMT_FTM,
                                      .name = "ftm",
                                      .json = 1,
                                      .sniff = sniff_ftm,
                                      .sniff_top = sniff_top_ftm,
                                      .run = run_ftm};
