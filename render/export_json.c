/* Exports to the JSON formats of other platforms: FollowTheMoney entities
 * (JSON lines, as Aleph and OpenSanctions read them, and as
 * importers/ftm.c reads them back) and a STIX 2.1 bundle (identities,
 * threat actors, malware, locations and observables, relationship objects,
 * one report per case). Ids are deterministic: FollowTheMoney ids are the
 * casegraph ids, STIX ids are UUIDv5 (SHA-1) of the casegraph ids, and of
 * the value for observables as STIX 2.1 section 2.9 specifies.
 *
 * What each format cannot hold is documented in docs/RENDER.md. */
#include "cg_render.h"

#include "cg_array.h"
#include "cg_hash.h"
#include "cg_jsonl.h"
#include "cg_parse.h"

#include <stdlib.h>
#include <string.h>

/* ---- SHA-1 (FIPS 180-4), for UUIDv5 ---- */

typedef struct sha1 {
	uint32_t h[5];
	uint64_t len;
	unsigned char buf[64];
	size_t n;
} sha1;

static uint32_t rol(uint32_t x, int k)
{
	return (x << k) | (x >> (32 - k));
}

static void sha1_block(sha1 *s, const unsigned char *p)
{
	uint32_t w[80], a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5A827999u;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ED9EBA1u;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8F1BBCDCu;
		} else {
			f = b ^ c ^ d;
			k = 0xCA62C1D6u;
		}
		uint32_t t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = t;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
}

static void sha1_init(sha1 *s)
{
	static const uint32_t h0[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u,
	                               0xC3D2E1F0u};
	memcpy(s->h, h0, sizeof h0);
	s->len = 0;
	s->n = 0;
}

static void sha1_update(sha1 *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	s->len += n;
	while (n) {
		size_t k = 64 - s->n < n ? 64 - s->n : n;
		memcpy(s->buf + s->n, p, k);
		s->n += k;
		p += k;
		n -= k;
		if (s->n == 64) {
			sha1_block(s, s->buf);
			s->n = 0;
		}
	}
}

static void sha1_final(sha1 *s, unsigned char out[20])
{
	uint64_t bits = s->len * 8;
	unsigned char pad = 0x80, zero = 0, len[8];

	sha1_update(s, &pad, 1);
	while (s->n != 56)
		sha1_update(s, &zero, 1);
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(s, len, 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}

void cg_uuid5(const unsigned char ns[16], const char *name, size_t n, char out[37])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[20];
	sha1 s;
	int k = 0;

	sha1_init(&s);
	sha1_update(&s, ns, 16);
	sha1_update(&s, name, n);
	sha1_final(&s, d);
	d[6] = (unsigned char)((d[6] & 0x0F) | 0x50);
	d[8] = (unsigned char)((d[8] & 0x3F) | 0x80);
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[d[i] >> 4];
		out[k++] = hex[d[i] & 15];
	}
	out[k] = '\0';
}

/* ---- shared helpers ---- */

typedef struct jctx {
	const cg_graph *g;
	const cg_export_opts *o;
	FILE *f;
	cg_strbuf sb, tmp;
	int rc;
} jctx;

static void put(jctx *c)
{
	if (!c->rc)
		fwrite(c->sb.buf ? c->sb.buf : "", 1, c->sb.len, c->f);
	cg_strbuf_reset(&c->sb);
}

static void raw(jctx *c, const char *s)
{
	if (!c->rc && cg_strbuf_puts(&c->sb, s))
		c->rc = CG_ENOMEM;
}

static void str(jctx *c, const char *s)
{
	if (!c->rc && cg_json_put_string(&c->sb, s ? s : ""))
		c->rc = CG_ENOMEM;
}

/* "key":"value" with a comma before unless first. */
static void member(jctx *c, int *first, const char *key, const char *value)
{
	raw(c, *first ? "\"" : ",\"");
	*first = 0;
	raw(c, key);
	raw(c, "\":");
	str(c, value);
}

/* snake_case -> camelCase ("shares_count" -> "sharesCount"). */
static int camel_name(cg_strbuf *sb, const char *s)
{
	int up = 0, rc = 0;
	for (; *s && !rc; s++) {
		if (*s == '_') {
			up = 1;
			continue;
		}
		rc = cg_strbuf_putc(sb, (char)(up && *s >= 'a' && *s <= 'z' ? *s - 32 : *s));
		up = 0;
	}
	return rc;
}

/* ---- FollowTheMoney ---- */

/* casegraph type -> FollowTheMoney schema. Types FollowTheMoney has no
 * schema for get one named after the type (importers/ftm.c reads it back
 * through the type synonyms: EmailAddress -> email_address -> email). */
static const char *const ftm_schemata[][2] = {
    {"person", "Person"},
    {"company", "Company"},
    {"organization", "Organization"},
    {"bank_account", "BankAccount"},
    {"wallet", "CryptoWallet"},
    {"address", "Address"},
    {"vessel", "Vessel"},
    {"aircraft", "Airplane"},
    {"document", "Document"},
    {"email_message", "Email"},
    {"email", "EmailAddress"},
    {"phone", "PhoneNumber"},
    {"ip", "IpAddress"},
    {"url", "Url"},
};

/* casegraph property -> FollowTheMoney property (the reverse of the
 * importer's table). */
static const char *const ftm_props[][2] = {
    {"dob", "birthDate"},
    {"date_of_death", "deathDate"},
    {"registration_number", "registrationNumber"},
    {"tax_number", "taxNumber"},
    {"inn", "innCode"},
    {"ogrn", "ogrnCode"},
    {"lei", "leiCode"},
    {"swift_bic", "swiftBic"},
    {"vat", "vatCode"},
    {"duns", "dunsCode"},
    {"okpo", "okpoCode"},
    {"passport", "passportNumber"},
    {"incorporation_date", "incorporationDate"},
    {"dissolution_date", "dissolutionDate"},
    {"account_number", "accountNumber"},
    {"bank", "bankName"},
    {"wallet", "publicKey"},
    {"chain", "currencySymbol"},
    {"imo", "imoNumber"},
    {"national_id", "idNumber"},
    {"id_number", "idNumber"},
};

/* FollowTheMoney property names the importer gives a meaning of its own
 * (names, references, implicit entities) or drops: a casegraph property
 * with one of these names is written as casegraph<Name>. */
static const char *const ftm_special[] = {"name",       "alias",
                                          "weakAlias",  "previousName",
                                          "full",       "description",
                                          "notes",      "summary",
                                          "indexText",  "bodyText",
                                          "bodyHtml",   "addressEntity",
                                          "holder",     "parent",
                                          "email",      "phone",
                                          "website",    "firstName",
                                          "middleName", "lastName",
                                          "keywords",   "casegraphCitation"};

static int ftm_prop_name(cg_strbuf *sb, const char *name)
{
	cg_strbuf_reset(sb);
	for (size_t i = 0; i < sizeof ftm_props / sizeof ftm_props[0]; i++)
		if (strcmp(ftm_props[i][0], name) == 0)
			return cg_strbuf_puts(sb, ftm_props[i][1]);
	if (camel_name(sb, name))
		return CG_ENOMEM;
	if (cg_name_index(ftm_special, sizeof ftm_special / sizeof ftm_special[0], sb->buf) >= 0) {
		cg_strbuf t = CG_STRBUF_INIT;
		int rc = cg_strbuf_puts(&t, "casegraph") ||
		         cg_strbuf_putc(&t, (char)(sb->buf[0] >= 'a' && sb->buf[0] <= 'z'
		                                       ? sb->buf[0] - 32
		                                       : sb->buf[0])) ||
		         cg_strbuf_puts(&t, sb->buf + 1);
		cg_strbuf_reset(sb);
		rc = rc || cg_strbuf_puts(sb, cg_strbuf_cstr(&t));
		cg_strbuf_free(&t);
		return rc;
	}
	return 0;
}

static int ftm_schema(cg_strbuf *sb, const char *type)
{
	cg_strbuf_reset(sb);
	for (size_t i = 0; i < sizeof ftm_schemata / sizeof ftm_schemata[0]; i++)
		if (strcmp(ftm_schemata[i][0], type) == 0)
			return cg_strbuf_puts(sb, ftm_schemata[i][1]);
	/* ThreatActor, Malware, Domain, Country, Sector, a custom type */
	return cg_strbuf_putc(sb,
	                      (char)(type[0] >= 'a' && type[0] <= 'z' ? type[0] - 32 : type[0])) ||
	       camel_name(sb, type + 1);
}

/* The "properties" object of one FollowTheMoney line, built value by value
 * and written once: a name given several times (two casegraph properties
 * with one FollowTheMoney name, a link property given twice) is one member
 * whose array holds every value, in the order added, each value once. A
 * JSON object with a member twice is read differently by every reader
 * (most keep the last). No cap on the number of values. */
typedef struct ftm_pair {
	size_t name;       /* offset of its property name in ftm_obj.names */
	const char *nm;    /* the name, set before sorting */
	const char *value; /* borrowed: lives until ftm_obj_write */
	size_t pos;        /* order of addition */
	size_t first;      /* pos of the first value of its name: where the member goes */
	int dup;           /* the same name and value as an earlier pair */
} ftm_pair;

typedef struct ftm_obj {
	ftm_pair *v;
	size_t n, cap;
	cg_strbuf names; /* the names, each NUL-terminated */
} ftm_obj;

static void ftm_obj_free(ftm_obj *o)
{
	free(o->v);
	cg_strbuf_free(&o->names);
}

/* Adds the n values of property name (copied; the values are borrowed). */
static int ftm_obj_add(ftm_obj *o, const char *name, const char *const *v, size_t n)
{
	size_t at = o->names.len;

	if (!n)
		return 0;
	if (cg_strbuf_puts(&o->names, name) || cg_strbuf_putc(&o->names, '\0'))
		return CG_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (CG_ARRAY_GROW(o->v, o->cap, o->n + 1, 32))
			return CG_ENOMEM;
		o->v[o->n].name = at;
		o->v[o->n].value = v[i] ? v[i] : "";
		o->v[o->n].pos = o->n;
		o->n++;
	}
	return 0;
}

static int ftm_by_name_value(const void *a, const void *b)
{
	const ftm_pair *x = a, *y = b;
	int k = strcmp(x->nm, y->nm);
	if (!k)
		k = strcmp(x->value, y->value);
	return k ? k : (x->pos > y->pos) - (x->pos < y->pos);
}

static int ftm_by_member(const void *a, const void *b)
{
	const ftm_pair *x = a, *y = b;
	if (x->first != y->first)
		return (x->first > y->first) - (x->first < y->first);
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Writes the members, name -> [values], in the order each name was first
 * added, and empties o. Cost: O(n log n) for n values. */
static void ftm_obj_write(jctx *c, ftm_obj *o)
{
	size_t i, j;

	for (i = 0; i < o->n; i++)
		o->v[i].nm = o->names.buf + o->v[i].name;
	qsort(o->v, o->n, sizeof *o->v, ftm_by_name_value);
	for (i = 0; i < o->n; i = j) {
		/* a run of one name, values sorted: its first pos, its repeats */
		size_t first = o->v[i].pos;
		for (j = i + 1; j < o->n && strcmp(o->v[j].nm, o->v[i].nm) == 0; j++)
			if (o->v[j].pos < first)
				first = o->v[j].pos;
		for (size_t k = i; k < j; k++) {
			o->v[k].first = first;
			o->v[k].dup = k > i && strcmp(o->v[k].value, o->v[k - 1].value) == 0;
		}
	}
	qsort(o->v, o->n, sizeof *o->v, ftm_by_member);
	for (i = 0; i < o->n; i++) {
		int opens = !i || o->v[i].first != o->v[i - 1].first;
		if (opens) {
			raw(c, i ? "]," : "");
			str(c, o->v[i].nm);
			raw(c, ":[");
		} else if (!o->v[i].dup) {
			raw(c, ",");
		}
		if (!o->v[i].dup)
			str(c, o->v[i].value);
	}
	raw(c, o->n ? "]" : "");
	o->n = 0;
	cg_strbuf_reset(&o->names);
}

/* ftm_obj_add of one value, c->rc set on failure. */
static void ftm_add1(jctx *c, ftm_obj *o, const char *name, const char *value)
{
	if (!c->rc && ftm_obj_add(o, name, &value, 1))
		c->rc = CG_ENOMEM;
}

/* The entity's properties under their FollowTheMoney names. */
static int ftm_entity_props(jctx *c, ftm_obj *o, cg_eid e)
{
	const cg_graph *g = c->g;
	cg_iter it = cg_entity_props(g, e);
	const char *pn, *pv;

	while (cg_iter_next_prop(g, &it, &pn, &pv))
		if (ftm_prop_name(&c->tmp, pn) || ftm_obj_add(o, cg_strbuf_cstr(&c->tmp), &pv, 1))
			return CG_ENOMEM;
	return 0;
}

static const struct {
	const char *type, *schema, *src, *dst, *src_acct, *dst_acct;
} ftm_links[] = {
    {"owns", "Ownership", "owner", "asset", NULL, NULL},
    {"director_of", "Directorship", "director", "organization", NULL, NULL},
    {"employee_of", "Employment", "employee", "employer", NULL, NULL},
    {"member_of", "Membership", "member", "organization", NULL, NULL},
    {"represents", "Representation", "agent", "client", NULL, NULL},
    {"pays", "Payment", "payer", "beneficiary", "payerAccount", "beneficiaryAccount"},
    {"family_of", "Family", "person", "relative", NULL, NULL},
    {"associate_of", "Associate", "person", "associate", NULL, NULL},
    {"related_to", "UnknownLink", "subject", "object", NULL, NULL},
    {"succeeded_by", "Succession", "predecessor", "successor", NULL, NULL},
    {"owes", "Debt", "debtor", "creditor", NULL, NULL},
    {"occupies", "Occupancy", "holder", "post", NULL, NULL},
};

/* The first value of a link's property, or NULL. */
static const char *link_prop(const cg_graph *g, cg_lid l, const char *name)
{
	cg_iter it = cg_link_props(g, l);
	const char *pn, *pv;
	while (cg_iter_next_prop(g, &it, &pn, &pv))
		if (strcmp(pn, name) == 0)
			return pv;
	return NULL;
}

static int is_account(const cg_graph *g, cg_eid e)
{
	cg_entity_type t = cg_entity_type_of(g, e);
	return t == CG_ET_BANK_ACCOUNT || t == CG_ET_WALLET;
}

int cg_export_ftm(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err);

int cg_export_ftm(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err)
{
	jctx c;
	cg_strbuf schema = CG_STRBUF_INIT, cite = CG_STRBUF_INIT, id = CG_STRBUF_INIT;
	cg_strbuf amt = CG_STRBUF_INIT;
	ftm_obj obj = {NULL, 0, 0, CG_STRBUF_INIT};
	size_t n = cg_graph_entity_count(g), m = cg_graph_link_count(g);

	memset(&c, 0, sizeof c);
	c.g = g;
	c.o = o;
	c.f = f;
	/* entities: one line per record (FollowTheMoney fragments of one id),
	 * each complete, each with its own citation */
	for (cg_eid e = 0; e < n && !c.rc; e++) {
		const char *type = cg_entity_type_name(g, e);
		int is_address = strcmp(type, "address") == 0;
		cg_iter pit = cg_entity_provs(g, e);
		cg_prov p;
		if (ftm_schema(&schema, type)) {
			c.rc = CG_ENOMEM;
			break;
		}
		while (!c.rc && cg_iter_next_prov(g, &pit, &p)) {
			const char *v, *nm = cg_entity_name(g, e);
			raw(&c, "{\"id\":");
			str(&c, cg_entity_id(g, e));
			raw(&c, ",\"schema\":");
			str(&c, schema.buf);
			raw(&c, ",\"properties\":{");
			ftm_add1(&c, &obj, "name", nm);
			if (is_address)
				ftm_add1(&c, &obj, "full", nm);
			cg_iter it = cg_entity_aliases(g, e);
			while (cg_iter_next_str(g, &it, &v))
				ftm_add1(&c, &obj, "alias", v);
			it = cg_entity_roles(g, e);
			while (cg_iter_next_str(g, &it, &v))
				ftm_add1(&c, &obj, "keywords", v);
			if (!c.rc && ftm_entity_props(&c, &obj, e))
				c.rc = CG_ENOMEM;
			cg_strbuf_reset(&cite);
			if (cg_strbuf_printf(&cite, "%s:%ld case %s%s%s", p.file, p.line,
			                     p.case_name, p.local_id ? " id " : "",
			                     p.local_id ? p.local_id : ""))
				c.rc = CG_ENOMEM;
			ftm_add1(&c, &obj, "casegraphCitation", cite.buf);
			ftm_obj_write(&c, &obj);
			raw(&c, "}}\n");
			put(&c);
		}
	}
	/* links: one line per record too, each with both ends */
	for (cg_lid l = 0; l < m && !c.rc; l++) {
		const char *type = cg_link_type_name(g, l);
		cg_eid s = cg_link_source(g, l), t = cg_link_target(g, l);
		size_t k;
		for (k = 0; k < sizeof ftm_links / sizeof ftm_links[0]; k++)
			if (strcmp(ftm_links[k].type, type) == 0)
				break;
		int known = k < sizeof ftm_links / sizeof ftm_links[0];
		const char *sch = known ? ftm_links[k].schema : "UnknownLink";
		const char *sp = known ? ftm_links[k].src : "subject";
		const char *tp = known ? ftm_links[k].dst : "object";
		if (known && ftm_links[k].src_acct && is_account(g, s))
			sp = ftm_links[k].src_acct;
		if (known && ftm_links[k].dst_acct && is_account(g, t))
			tp = ftm_links[k].dst_acct;
		char uid[37];
		cg_strbuf_reset(&id);
		if (cg_strbuf_printf(&id, "%s\x1f%s\x1f%s\x1f%zu", cg_entity_id(g, s), type,
		                     cg_entity_id(g, t), (size_t)l)) {
			c.rc = CG_ENOMEM;
			break;
		}
		static const unsigned char ns_link[16] = {0x6b, 0x1c, 0x8e, 0x52, 0x3a, 0x0d,
		                                          0x4f, 0x7e, 0x9b, 0x21, 0x5c, 0xd4,
		                                          0x07, 0xe3, 0x61, 0xaf};
		cg_uuid5(ns_link, id.buf, id.len, uid);
		cg_iter pit = cg_link_provs(g, l);
		cg_prov p;
		while (!c.rc && cg_iter_next_prov(g, &pit, &p)) {
			int64_t minor;
			const char *cur, *pn, *pv;
			raw(&c, "{\"id\":");
			cg_strbuf_reset(&c.tmp);
			if (cg_strbuf_printf(&c.tmp, "link-%s", uid))
				c.rc = CG_ENOMEM;
			str(&c, c.tmp.buf);
			raw(&c, ",\"schema\":");
			str(&c, sch);
			raw(&c, ",\"properties\":{");
			ftm_add1(&c, &obj, sp, cg_entity_id(g, s));
			ftm_add1(&c, &obj, tp, cg_entity_id(g, t));
			if (!known)
				ftm_add1(&c, &obj, "role", type);
			if (cg_link_amount(g, l, &minor, &cur)) {
				cg_strbuf_reset(&amt);
				if (cg_format_money(minor, cur, &amt))
					c.rc = CG_ENOMEM;
				ftm_add1(&c, &obj, "amount", amt.len ? amt.buf : "0");
				ftm_add1(&c, &obj, "currency", cur);
			}
			/* a payment's purpose: its own, else its memo or note (the
			 * importer keeps the purpose; two payments of one amount on one
			 * day stay two when their memos differ) */
			const char *purpose = NULL;
			static const char *const purpose_props[] = {"purpose", "memo", "note",
			                                            "description"};
			for (size_t q = 0; known && strcmp(sch, "Payment") == 0 && !purpose &&
			                   q < sizeof purpose_props / sizeof purpose_props[0];
			     q++)
				if ((purpose = link_prop(g, l, purpose_props[q])))
					ftm_add1(&c, &obj, "purpose", purpose);
			cg_iter it = cg_link_props(g, l);
			while (!c.rc && cg_iter_next_prop(g, &it, &pn, &pv)) {
				if (!known && strcmp(pn, "role") == 0)
					continue; /* the role holds the link type */
				if (purpose && (pv == purpose || strcmp(pn, "purpose") == 0))
					continue;
				if (ftm_prop_name(&c.tmp, pn)) {
					c.rc = CG_ENOMEM;
					break;
				}
				ftm_add1(&c, &obj, c.tmp.buf, pv);
			}
			cg_strbuf_reset(&cite);
			if (cg_strbuf_printf(&cite, "%s:%ld case %s", p.file, p.line, p.case_name))
				c.rc = CG_ENOMEM;
			ftm_add1(&c, &obj, "casegraphCitation", cite.buf);
			ftm_obj_write(&c, &obj);
			raw(&c, "}}\n");
			put(&c);
		}
	}
	cg_strbuf_free(&schema);
	cg_strbuf_free(&cite);
	cg_strbuf_free(&id);
	cg_strbuf_free(&amt);
	ftm_obj_free(&obj);
	cg_strbuf_free(&c.sb);
	cg_strbuf_free(&c.tmp);
	if (c.rc)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	if (ferror(f))
		return cg_error_set(err, CG_EIO, NULL, 0, 0, "cannot write");
	return 0;
}

/* ---- STIX 2.1 ---- */

/* The namespace of STIX Cyber-observable ids (STIX 2.1, 2.9). */
static const unsigned char ns_sco[16] = {0x00, 0xab, 0xed, 0xb4, 0xaa, 0x42, 0x46, 0x6c,
                                         0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9, 0xb7};
/* casegraph's namespace for the ids of the other objects. */
static const unsigned char ns_casegraph[16] = {0x3c, 0x9f, 0x2e, 0x41, 0x8b, 0x57, 0x4d, 0x0a,
                                               0xa6, 0x13, 0x7e, 0xc2, 0x95, 0x48, 0xd1, 0x6f};

typedef struct stix_kind {
	const char *type; /* STIX object type */
	int sco;          /* an observable: id from the value, no created/modified */
	const char *identity_class;
} stix_kind;

static stix_kind stix_kind_of(const cg_graph *g, cg_eid e)
{
	const char *name = cg_entity_name(g, e);
	switch (cg_entity_type_of(g, e)) {
	case CG_ET_PERSON:
		return (stix_kind){"identity", 0, "individual"};
	case CG_ET_COMPANY:
	case CG_ET_ORGANIZATION:
		return (stix_kind){"identity", 0, "organization"};
	case CG_ET_SECTOR:
		return (stix_kind){"identity", 0, "class"};
	case CG_ET_THREAT_ACTOR: {
		const char *st = cg_entity_prop(g, e, "stix_type");
		return (stix_kind){st && strcmp(st, "intrusion-set") == 0 ? "intrusion-set"
		                                                          : "threat-actor",
		                   0, NULL};
	}
	case CG_ET_MALWARE:
		return (stix_kind){"malware", 0, NULL};
	case CG_ET_ADDRESS:
	case CG_ET_COUNTRY:
		return (stix_kind){"location", 0, NULL};
	case CG_ET_IP:
		return (stix_kind){name && strchr(name, ':') ? "ipv6-addr" : "ipv4-addr", 1, NULL};
	case CG_ET_DOMAIN:
		return (stix_kind){"domain-name", 1, NULL};
	case CG_ET_EMAIL:
		return (stix_kind){"email-addr", 1, NULL};
	case CG_ET_URL:
		return (stix_kind){"url", 1, NULL};
	/* not in STIX 2.1; the names OpenCTI uses, which importers/stix.c reads */
	case CG_ET_WALLET:
		return (stix_kind){"cryptocurrency-wallet", 1, NULL};
	case CG_ET_PHONE:
		return (stix_kind){"phone-number", 1, NULL};
	case CG_ET_BANK_ACCOUNT:
		return (stix_kind){"bank-account", 1, NULL};
	default:
		return (stix_kind){NULL, 0, NULL};
	}
}

/* The value an observable is identified by: its first identity key, the
 * normalised identifier (lower-case e-mail, E.164 phone, canonical IP),
 * without the key's kind ("iban:", a wallet's chain); else its name. */
static const char *sco_value(const cg_graph *g, cg_eid e)
{
	cg_entity_type t = cg_entity_type_of(g, e);
	cg_iter it = cg_entity_keys(g, e);
	const char *k = NULL;

	if (t == CG_ET_BANK_ACCOUNT) {
		const char *v = cg_entity_prop(g, e, "iban");
		if (!v)
			v = cg_entity_prop(g, e, "account_number");
		return v ? v : cg_entity_name(g, e);
	}
	if (!cg_iter_next_str(g, &it, &k) || !k || !*k || strncmp(k, "name:", 5) == 0)
		return cg_entity_name(g, e);
	if (t == CG_ET_WALLET && strchr(k, ':'))
		return strchr(k, ':') + 1;
	return k;
}

/* The STIX id of entity e into out ("identity--<uuid>"). */
static int stix_id(const cg_graph *g, cg_eid e, cg_strbuf *out)
{
	stix_kind k = stix_kind_of(g, e);
	cg_strbuf name = CG_STRBUF_INIT, type = CG_STRBUF_INIT;
	char uid[37];
	int rc;

	if (!k.type) {
		/* x-casegraph-<type>: importers/stix.c reads it back as
		 * x_casegraph_<type>, never as a near miss of a core type */
		rc = cg_strbuf_puts(&type, "x-casegraph-");
		for (const char *p = cg_entity_type_name(g, e); *p && !rc; p++)
			rc = cg_strbuf_putc(&type, *p == '_' ? '-' : *p);
	} else {
		rc = cg_strbuf_puts(&type, k.type);
	}
	if (!rc && k.sco) {
		/* STIX 2.1 2.9: UUIDv5 of the canonical JSON of the id contributing
		 * properties, here {"value": ...} */
		rc = cg_strbuf_puts(&name, "{\"value\":") ||
		     cg_json_put_string(&name, sco_value(g, e)) || cg_strbuf_putc(&name, '}');
		if (!rc)
			cg_uuid5(ns_sco, name.buf, name.len, uid);
	} else if (!rc) {
		rc = cg_strbuf_printf(&name, "entity:%s", cg_entity_id(g, e));
		if (!rc)
			cg_uuid5(ns_casegraph, name.buf, name.len, uid);
	}
	rc = rc || cg_strbuf_printf(out, "%s--%s", type.buf, uid);
	cg_strbuf_free(&name);
	cg_strbuf_free(&type);
	return rc;
}

static void stix_citations(jctx *c, cg_iter it, int sco)
{
	const cg_graph *g = c->g;
	cg_prov p;
	int first = 1;

	if (sco)
		raw(c, ",\"x_casegraph_citations\":[");
	else
		raw(c, ",\"external_references\":[");
	while (cg_iter_next_prov(g, &it, &p)) {
		cg_strbuf_reset(&c->tmp);
		if (cg_strbuf_printf(&c->tmp, "%s:%ld case %s", p.file, p.line, p.case_name)) {
			c->rc = CG_ENOMEM;
			return;
		}
		raw(c, first ? "" : ",");
		first = 0;
		if (sco) {
			str(c, c->tmp.buf);
		} else {
			raw(c, "{\"source_name\":\"casegraph\",\"description\":");
			str(c, c->tmp.buf);
			raw(c, "}");
		}
	}
	raw(c, "]");
}

static void stix_entity(jctx *c, cg_eid e, const char *stamp)
{
	const cg_graph *g = c->g;
	stix_kind k = stix_kind_of(g, e);
	int first = 1;
	const char *v;

	raw(c, "  {");
	cg_strbuf_reset(&c->tmp);
	if (stix_id(g, e, &c->tmp)) {
		c->rc = CG_ENOMEM;
		return;
	}
	/* the type is the part of the id before "--" */
	cg_strbuf type = CG_STRBUF_INIT;
	if (cg_strbuf_append(&type, c->tmp.buf, strstr(c->tmp.buf, "--") - c->tmp.buf))
		c->rc = CG_ENOMEM;
	cg_strbuf idb = CG_STRBUF_INIT;
	if (cg_strbuf_puts(&idb, c->tmp.buf))
		c->rc = CG_ENOMEM;
	member(c, &first, "type", type.buf);
	member(c, &first, "spec_version", "2.1");
	member(c, &first, "id", idb.buf);
	if (k.sco && cg_entity_type_of(g, e) == CG_ET_BANK_ACCOUNT) {
		/* OpenCTI's bank-account: iban, account_number */
		if ((v = cg_entity_prop(g, e, "iban")))
			member(c, &first, "iban", v);
		if ((v = cg_entity_prop(g, e, "account_number")))
			member(c, &first, "account_number", v);
		if (!cg_entity_prop(g, e, "iban") && !cg_entity_prop(g, e, "account_number"))
			member(c, &first, "iban", sco_value(g, e));
	} else if (k.sco) {
		member(c, &first, "value", sco_value(g, e));
	} else {
		member(c, &first, "created", stamp);
		member(c, &first, "modified", stamp);
		if (cg_entity_type_of(g, e) == CG_ET_ADDRESS) {
			member(c, &first, "name", cg_entity_name(g, e));
			member(c, &first, "street_address", cg_entity_name(g, e));
			if ((v = cg_entity_prop(g, e, "country")))
				member(c, &first, "country", v);
		} else if (cg_entity_type_of(g, e) == CG_ET_COUNTRY) {
			member(c, &first, "name", cg_entity_name(g, e));
			member(c, &first, "country", cg_entity_name(g, e));
		} else {
			member(c, &first, "name", cg_entity_name(g, e));
		}
		if (k.identity_class)
			member(c, &first, "identity_class", k.identity_class);
		if (k.type && strcmp(k.type, "malware") == 0)
			raw(c, ",\"is_family\":true");
		cg_iter it = cg_entity_aliases(g, e);
		int any = 0;
		while (cg_iter_next_str(g, &it, &v)) {
			raw(c, any ? "," : ",\"aliases\":[");
			any = 1;
			str(c, v);
		}
		if (any)
			raw(c, "]");
		it = cg_entity_roles(g, e);
		any = 0;
		while (cg_iter_next_str(g, &it, &v)) {
			raw(c, any ? "," : ",\"labels\":[");
			any = 1;
			str(c, v);
		}
		if (any)
			raw(c, "]");
	}
	member(c, &first, "x_casegraph_id", cg_entity_id(g, e));
	member(c, &first, "x_casegraph_type", cg_entity_type_name(g, e));
	if (k.sco)
		member(c, &first, "x_casegraph_name", cg_entity_name(g, e));
	stix_citations(c, cg_entity_provs(g, e), k.sco);
	raw(c, "}");
	cg_strbuf_free(&type);
	cg_strbuf_free(&idb);
}

/* A record of "object o was read in case k", for the reports. */
typedef struct case_ref {
	size_t kase; /* index in the summary's cases */
	int link;    /* 0: entity o, 1: link o */
	size_t o;
} case_ref;

static int ref_cmp(const void *pa, const void *pb)
{
	const case_ref *x = pa, *y = pb;
	if (x->kase != y->kase)
		return x->kase < y->kase ? -1 : 1;
	if (x->link != y->link)
		return x->link - y->link;
	return x->o < y->o ? -1 : x->o > y->o;
}

/* The index of case name in the summary (names are interned: pointers). */
static int case_index(const cg_map64 *idx, const char *kase, size_t *out)
{
	uint32_t v;
	if (!cg_map64_get(idx, (uint64_t)(uintptr_t)kase, &v))
		return 0;
	*out = v;
	return 1;
}

/* One report object per case, listing (once each) the objects and
 * relationships with a record in it. Cost: O(records log records). */
static int emit_reports(jctx *c, const cg_eid *canon, char *const *rel_ids, const char *stamp)
{
	const cg_graph *g = c->g;
	size_t n = cg_graph_entity_count(g), m = cg_graph_link_count(g), nr = 0, cap = 64;
	cg_summary *sum = NULL;
	cg_map64 idx = CG_MAP64_INIT;
	case_ref *refs = malloc(cap * sizeof *refs);
	size_t *stamp_of = calloc(n + 1, sizeof *stamp_of);
	cg_strbuf name = CG_STRBUF_INIT, id = CG_STRBUF_INIT;
	cg_error e2;
	char uid[37];
	int rc = 0;

	if (!refs || !stamp_of || cg_summary_compute(g, &sum, &e2))
		goto nomem;
	for (size_t k = 0; k < sum->n_cases; k++)
		if (cg_map64_put(&idx, (uint64_t)(uintptr_t)sum->cases[k].name, (uint32_t)k))
			goto nomem;
	for (size_t i = 0; i < n + m; i++) {
		int link = i >= n;
		cg_iter it =
		    link ? cg_link_provs(g, (cg_lid)(i - n)) : cg_entity_provs(g, (cg_eid)i);
		cg_prov p;
		while (cg_iter_next_prov(g, &it, &p)) {
			size_t k;
			if (!case_index(&idx, p.case_name, &k))
				continue;
			if (CG_ARRAY_GROW(refs, cap, nr + 1, 64))
				goto nomem;
			refs[nr].kase = k;
			refs[nr].link = link;
			refs[nr++].o = link ? i - n : canon[i];
		}
	}
	qsort(refs, nr, sizeof *refs, ref_cmp);
	for (size_t i = 0; i < nr;) {
		size_t k = refs[i].kase;
		int first = 1, any = 0;
		cg_strbuf_reset(&name);
		cg_strbuf_reset(&id);
		if (cg_strbuf_printf(&name, "report:%s", sum->cases[k].name))
			goto nomem;
		cg_uuid5(ns_casegraph, name.buf, name.len, uid);
		if (cg_strbuf_printf(&id, "report--%s", uid))
			goto nomem;
		raw(c, ",\n  {");
		member(c, &first, "type", "report");
		member(c, &first, "spec_version", "2.1");
		member(c, &first, "id", id.buf);
		member(c, &first, "created", stamp);
		member(c, &first, "modified", stamp);
		member(c, &first, "name", sum->cases[k].name);
		member(c, &first, "published", stamp);
		raw(c, ",\"report_types\":[\"investigation\"],\"object_refs\":[");
		for (; i < nr && refs[i].kase == k; i++) {
			if (refs[i].link) {
				if (i && refs[i - 1].kase == k && refs[i - 1].link &&
				    refs[i - 1].o == refs[i].o)
					continue;
				raw(c, any ? "," : "");
				str(c, rel_ids[refs[i].o]);
			} else {
				if (stamp_of[refs[i].o] == k + 1)
					continue;
				stamp_of[refs[i].o] = k + 1;
				cg_strbuf_reset(&id);
				if (stix_id(g, (cg_eid)refs[i].o, &id))
					goto nomem;
				raw(c, any ? "," : "");
				str(c, id.buf);
			}
			any = 1;
		}
		raw(c, "]}");
		put(c);
	}
	goto out;
nomem:
	rc = CG_ENOMEM;
out:
	cg_summary_free(sum);
	cg_map64_free(&idx);
	free(refs);
	free(stamp_of);
	cg_strbuf_free(&name);
	cg_strbuf_free(&id);
	return rc;
}

/* The object of every entity, in entity order; two entities that make one
 * observable (one value) are written once, as the first: canon[e] gets the
 * entity written for e. Sets c->rc on failure. */
static void stix_entities(jctx *c, const char *stamp, cg_eid *canon)
{
	const cg_graph *g = c->g;
	size_t n = cg_graph_entity_count(g);
	cg_strbuf a = CG_STRBUF_INIT, b = CG_STRBUF_INIT;
	cg_map64 seen = CG_MAP64_INIT;
	int first_obj = 1;

	for (cg_eid e = 0; e < n && !c->rc; e++) {
		uint32_t prev;
		canon[e] = e;
		cg_strbuf_reset(&a);
		if (stix_id(g, e, &a)) {
			c->rc = CG_ENOMEM;
			break;
		}
		uint64_t h = cg_hash_bytes(a.buf, a.len);
		if (stix_kind_of(g, e).sco && cg_map64_get(&seen, h, &prev)) {
			cg_strbuf_reset(&b);
			if (stix_id(g, prev, &b))
				c->rc = CG_ENOMEM;
			else if (strcmp(a.buf, b.buf) == 0) {
				canon[e] = prev;
				continue;
			}
		} else if (stix_kind_of(g, e).sco && cg_map64_put(&seen, h, e)) {
			c->rc = CG_ENOMEM;
			break;
		}
		raw(c, first_obj ? "" : ",\n");
		first_obj = 0;
		stix_entity(c, e, stamp);
		put(c);
	}
	cg_map64_free(&seen);
	cg_strbuf_free(&a);
	cg_strbuf_free(&b);
}

/* The relationship object of link l, with id rid, from the object src to
 * the object dst (their STIX ids). Sets c->rc on failure. */
static void stix_relationship(jctx *c, cg_lid l, const char *stamp, const char *rid,
                              const char *src, const char *dst)
{
	const cg_graph *g = c->g;
	int first = 1;
	int64_t minor;
	const char *cur, *date = NULL, *pn, *pv;
	cg_strbuf rt = CG_STRBUF_INIT, desc = CG_STRBUF_INIT;

	for (const char *p = cg_link_type_name(g, l); *p; p++)
		if (cg_strbuf_putc(&rt, *p == '_' ? '-' : *p))
			c->rc = CG_ENOMEM;
	if (cg_strbuf_puts(&desc, cg_link_type_name(g, l)))
		c->rc = CG_ENOMEM;
	cg_iter it = cg_link_props(g, l);
	while (cg_iter_next_prop(g, &it, &pn, &pv))
		if (strcmp(pn, "date") == 0 && !date)
			date = pv;
	int money = cg_link_amount(g, l, &minor, &cur);
	if (money && (cg_strbuf_putc(&desc, ' ') || cg_money_text(&desc, minor, cur) ||
	              cg_strbuf_printf(&desc, " %s", cur)))
		c->rc = CG_ENOMEM;
	if (date && cg_strbuf_printf(&desc, " on %s", date))
		c->rc = CG_ENOMEM;
	raw(c, ",\n  {");
	member(c, &first, "type", "relationship");
	member(c, &first, "spec_version", "2.1");
	member(c, &first, "id", rid);
	member(c, &first, "created", stamp);
	member(c, &first, "modified", stamp);
	member(c, &first, "relationship_type", rt.buf);
	member(c, &first, "source_ref", src);
	member(c, &first, "target_ref", dst);
	member(c, &first, "description", desc.buf);
	if (date && strlen(date) == 10) {
		cg_strbuf_reset(&c->tmp);
		if (cg_strbuf_printf(&c->tmp, "%sT00:00:00.000Z", date))
			c->rc = CG_ENOMEM;
		cg_strbuf ts = CG_STRBUF_INIT;
		if (cg_strbuf_puts(&ts, c->tmp.buf))
			c->rc = CG_ENOMEM;
		member(c, &first, "start_time", ts.buf);
		cg_strbuf_free(&ts);
	}
	if (money) {
		cg_strbuf_reset(&c->tmp);
		if (cg_format_money(minor, cur, &c->tmp))
			c->rc = CG_ENOMEM;
		cg_strbuf amt = CG_STRBUF_INIT;
		if (cg_strbuf_puts(&amt, c->tmp.buf ? c->tmp.buf : ""))
			c->rc = CG_ENOMEM;
		member(c, &first, "x_casegraph_amount", amt.buf);
		member(c, &first, "x_casegraph_currency", cur);
		cg_strbuf_free(&amt);
	}
	if (!cg_link_directed(g, l))
		raw(c, ",\"x_casegraph_directed\":false");
	stix_citations(c, cg_link_provs(g, l), 0);
	raw(c, "}");
	put(c);
	cg_strbuf_free(&rt);
	cg_strbuf_free(&desc);
}

/* The relationship object of every link, in link order; rel_ids[l] gets
 * the id of each (the caller frees them). Sets c->rc on failure. */
static void stix_relationships(jctx *c, const char *stamp, char **rel_ids)
{
	const cg_graph *g = c->g;
	size_t m = cg_graph_link_count(g);
	cg_strbuf a = CG_STRBUF_INIT, b = CG_STRBUF_INIT, name = CG_STRBUF_INIT;
	char uid[37];

	for (cg_lid l = 0; l < m && !c->rc; l++) {
		cg_eid s = cg_link_source(g, l), t = cg_link_target(g, l);
		cg_strbuf_reset(&a);
		cg_strbuf_reset(&b);
		cg_strbuf_reset(&name);
		if (stix_id(g, s, &a) || stix_id(g, t, &b) ||
		    cg_strbuf_printf(&name, "link:%s\x1f%s\x1f%s\x1f%zu", cg_entity_id(g, s),
		                     cg_link_type_name(g, l), cg_entity_id(g, t), (size_t)l)) {
			c->rc = CG_ENOMEM;
			break;
		}
		cg_uuid5(ns_casegraph, name.buf, name.len, uid);
		cg_strbuf rid = CG_STRBUF_INIT;
		if (cg_strbuf_printf(&rid, "relationship--%s", uid))
			c->rc = CG_ENOMEM;
		stix_relationship(c, l, stamp, rid.buf, a.buf, b.buf);
		rel_ids[l] = rid.buf; /* moved */
	}
	cg_strbuf_free(&a);
	cg_strbuf_free(&b);
	cg_strbuf_free(&name);
}

int cg_export_stix(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err);

int cg_export_stix(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err)
{
	jctx c;
	size_t n = cg_graph_entity_count(g), m = cg_graph_link_count(g);
	cg_strbuf stamp = CG_STRBUF_INIT, name = CG_STRBUF_INIT;
	char **rel_ids = NULL;
	cg_eid *canon = NULL;
	char uid[37];

	memset(&c, 0, sizeof c);
	c.g = g;
	c.o = o;
	c.f = f;
	if (cg_strbuf_printf(&stamp, "%sT00:00:00.000Z", o && o->date ? o->date : "1970-01-01") ||
	    cg_strbuf_printf(&name, "bundle:%s:%zu:%zu", stamp.buf, n, m) ||
	    !(rel_ids = calloc(m + 1, sizeof *rel_ids))) {
		c.rc = CG_ENOMEM;
		goto out;
	}
	cg_uuid5(ns_casegraph, name.buf, name.len, uid);
	raw(&c, "{\"type\":\"bundle\",\"id\":\"bundle--");
	raw(&c, uid);
	raw(&c, "\",\"objects\":[\n");
	put(&c);
	if (!(canon = malloc((n + 1) * sizeof *canon))) {
		c.rc = CG_ENOMEM;
		goto out;
	}
	stix_entities(&c, stamp.buf, canon);
	stix_relationships(&c, stamp.buf, rel_ids);
	/* one report per case, naming the objects and relationships read in it */
	if (!c.rc && emit_reports(&c, canon, rel_ids, stamp.buf))
		c.rc = CG_ENOMEM;
	raw(&c, "\n]}\n");
	put(&c);
out:
	for (size_t i = 0; rel_ids && i < m; i++)
		free(rel_ids[i]);
	free(rel_ids);
	free(canon);
	cg_strbuf_free(&stamp);
	cg_strbuf_free(&name);
	cg_strbuf_free(&c.sb);
	cg_strbuf_free(&c.tmp);
	if (c.rc)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	if (ferror(f))
		return cg_error_set(err, CG_EIO, NULL, 0, 0, "cannot write");
	return 0;
}
