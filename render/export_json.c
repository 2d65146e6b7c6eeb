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
#include <strings.h>

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

/* casegraph type -> FollowTheMoney schema. e-mail addresses, phones and IP
 * addresses are UserAccount (FollowTheMoney's one schema holding them as
 * entities of their own: email, number, ipAddress), threat actors
 * Organization; the casegraph type is kept in the line's context. Types
 * without a schema here (domain, url, country, sector, malware,
 * attack_pattern, custom types) are not written as entities: their values
 * become properties of the entities linked to them (ftm_absorbed). */
static const char *const ftm_schemata[][2] = {
    {"person", "Person"},
    {"company", "Company"},
    {"organization", "Organization"},
    {"threat_actor", "Organization"},
    {"bank_account", "BankAccount"},
    {"wallet", "CryptoWallet"},
    {"address", "Address"},
    {"vessel", "Vessel"},
    {"aircraft", "Airplane"},
    {"document", "Document"},
    {"email_message", "Email"},
    {"email", "UserAccount"},
    {"phone", "UserAccount"},
    {"ip", "UserAccount"},
};

/* A UserAccount's property holding its value, by casegraph type. */
static const char *const ftm_account_props[][2] = {
    {"email", "email"}, {"phone", "number"}, {"ip", "ipAddress"}};

/* Entities FollowTheMoney has no schema for, written as a property of the
 * entities linked to them that have one: type, property. */
static const char *const ftm_absorbed[][2] = {{"domain", "website"},  {"url", "website"},
                                              {"country", "country"}, {"sector", "sector"},
                                              {"email", "email"},     {"phone", "phone"}};

/* Every property of the schemata written, with those of their parents
 * (from ../shared/specs/followthemoney-schema, FollowTheMoney commit
 * c70a89ff): a name outside its schema's list goes to the context. */
static const char *const ftm_schema_props[][2] = {
    {"Person",
     " address addressEntity alephUrl alias appearance birthCountry birthDate birthPlace bvdId "
     "citizenship classification country createdAt deathDate description dissolutionDate dunsCode "
     "education email ethnicity eyeColor fatherName firstName gender hairColor height icijId "
     "idNumber incorporationDate indexText innCode jurisdiction keywords lastName legalForm "
     "leiCode licenseNumber mainCountry middleName modifiedAt motherName name nameSuffix "
     "nationality notes npiCode ogrnCode okpoCode opencorporatesUrl parent passportNumber phone "
     "political position previousName program programId proof publisher publisherUrl "
     "registrationNumber religion retrievedAt secondName sector socialSecurityNumber sourceUrl "
     "spokenLanguage status summary swiftBic taxNumber taxStatus title topics uniqueEntityId "
     "vatCode weakAlias website weight wikidataId wikipediaUrl "},
    {"Company",
     " address addressEntity alephUrl alias amount amountEur amountUsd bikCode bvdId caemCode "
     "cageCode capital cikCode classification coatoCode country createdAt currency description "
     "dissolutionDate dunsCode email fnsCode fssCode giiNumber ibcRuc icijId idNumber imoNumber "
     "incorporationDate indexText innCode ipoCode irsCode isinCode jibCode jurisdiction keywords "
     "kppCode legalForm leiCode licenseNumber mainCountry mbsCode modifiedAt name notes npiCode "
     "ogrnCode okopfCode okpoCode oksmCode okvedCode opencorporatesUrl parent permId pfrNumber "
     "phone previousName program programId proof publisher publisherUrl registrationNumber "
     "retrievedAt ricCode sector sourceUrl status summary swiftBic taxNumber taxStatus ticker "
     "topics uniqueEntityId vatCode voenCode weakAlias website wikidataId wikipediaUrl "},
    {"Organization",
     " address addressEntity alephUrl alias bvdId cageCode classification country createdAt "
     "description dissolutionDate dunsCode email giiNumber icijId idNumber imoNumber "
     "incorporationDate indexText innCode jurisdiction keywords legalForm leiCode licenseNumber "
     "mainCountry modifiedAt name notes npiCode ogrnCode okpoCode opencorporatesUrl parent permId "
     "phone previousName program programId proof publisher publisherUrl registrationNumber "
     "retrievedAt sector sourceUrl status summary swiftBic taxNumber taxStatus topics "
     "uniqueEntityId vatCode weakAlias website wikidataId wikipediaUrl "},
    {"BankAccount",
     " accountNumber accountType address addressEntity alephUrl alias amount amountEur amountUsd "
     "balance balanceDate bank bankAddress bankName bic closingDate country createdAt currency "
     "description iban indexText keywords maxBalance maxBalanceDate modifiedAt name notes "
     "openingDate previousName program programId proof publisher publisherUrl retrievedAt "
     "sourceUrl summary topics weakAlias wikidataId wikipediaUrl "},
    {"CryptoWallet",
     " address addressEntity alephUrl alias amount amountEur amountUsd balance balanceDate country "
     "createdAt creationDate currency currencySymbol description holder indexText keywords "
     "mangingExchange modifiedAt name notes previousName privateKey program programId proof "
     "publicKey publisher publisherUrl retrievedAt sourceUrl summary topics weakAlias wikidataId "
     "wikipediaUrl "},
    {"Address",
     " address addressEntity alephUrl alias city country createdAt description full googlePlaceId "
     "indexText keywords latitude longitude modifiedAt name notes osmId postOfficeBox postalCode "
     "previousName program programId proof publisher publisherUrl region remarks retrievedAt "
     "sourceUrl state street street2 summary topics weakAlias wikidataId wikipediaUrl "},
    {"Vessel",
     " address addressEntity alephUrl alias amount amountEur amountUsd buildDate callSign country "
     "createdAt crsNumber currency deregistrationDate description flag grossRegisteredTonnage "
     "imoNumber indexText keywords mmsi model modifiedAt name nameChangeDate navigationArea notes "
     "operator owner pastFlags pastTypes previousName program programId proof publisher "
     "publisherUrl registrationDate registrationNumber registrationPort retrievedAt sourceUrl "
     "summary tonnage topics type weakAlias wikidataId wikipediaUrl "},
    {"Airplane",
     " address addressEntity alephUrl alias amount amountEur amountUsd buildDate country createdAt "
     "currency deregistrationDate description icaoCode indexText keywords manufacturer model "
     "modifiedAt name notes operator owner previousName program programId proof publisher "
     "publisherUrl registrationDate registrationNumber retrievedAt serialNumber sourceUrl summary "
     "topics type weakAlias wikidataId wikipediaUrl "},
    {"Document",
     " address addressEntity alephUrl alias ancestors author authoredAt bodyText "
     "companiesMentioned contentHash country crawler createdAt date description detectedCountry "
     "detectedLanguage emailMentioned encoding extension fileName fileSize generator ibanMentioned "
     "indexText ipMentioned keywords language locationMentioned messageId mimeType modifiedAt name "
     "namesMentioned notes parent peopleMentioned phoneMentioned previousName processedAt "
     "processingAgent processingError processingStatus program programId proof publishedAt "
     "publisher publisherUrl retrievedAt sourceUrl summary title topics translatedLanguage "
     "translatedText weakAlias wikidataId wikipediaUrl "},
    {"Email",
     " address addressEntity alephUrl alias ancestors author authoredAt bcc bodyHtml bodyText cc "
     "companiesMentioned contentHash country crawler createdAt date description detectedCountry "
     "detectedLanguage emailMentioned emitters encoding extension fileName fileSize from generator "
     "headers ibanMentioned inReplyTo inReplyToEmail indexText ipMentioned keywords language "
     "locationMentioned messageId mimeType modifiedAt name namesMentioned notes parent "
     "peopleMentioned phoneMentioned previousName processedAt processingAgent processingError "
     "processingStatus program programId proof publishedAt publisher publisherUrl recipients "
     "retrievedAt sender sourceUrl subject summary threadTopic title to topics translatedLanguage "
     "translatedText weakAlias wikidataId wikipediaUrl "},
    {"UserAccount", " address addressEntity alephUrl alias country createdAt description email "
                    "indexText ipAddress keywords modifiedAt name notes number owner password "
                    "previousName program programId proof publisher publisherUrl retrievedAt "
                    "service sourceUrl summary topics username weakAlias wikidataId wikipediaUrl "},
    {"Ownership",
     " alephUrl asset date description endDate indexText legalBasis modifiedAt namesMentioned "
     "owner ownershipType percentage publisher publisherUrl recordId retrievedAt role sharesCount "
     "sharesCurrency sharesType sharesValue sourceUrl startDate status summary "},
    {"Directorship", " alephUrl date description director endDate indexText modifiedAt "
                     "namesMentioned organization publisher publisherUrl recordId retrievedAt role "
                     "secretary sourceUrl startDate status summary "},
    {"Employment",
     " alephUrl date description employee employer endDate indexText modifiedAt namesMentioned "
     "publisher publisherUrl recordId retrievedAt role sourceUrl startDate status summary "},
    {"Membership",
     " alephUrl date description endDate indexText member modifiedAt namesMentioned organization "
     "publisher publisherUrl recordId retrievedAt role sourceUrl startDate status summary "},
    {"Representation",
     " agent alephUrl client date description endDate indexText modifiedAt namesMentioned "
     "publisher publisherUrl recordId retrievedAt role sourceUrl startDate status summary "},
    {"Payment", " alephUrl amount amountEur amountUsd beneficiary beneficiaryAccount contract "
                "currency date description endDate indexText modifiedAt namesMentioned payer "
                "payerAccount programme project publisher publisherUrl purpose recordId "
                "retrievedAt sequenceNumber sourceUrl startDate summary transactionNumber "},
    {"Family",
     " alephUrl date description endDate indexText modifiedAt namesMentioned person publisher "
     "publisherUrl recordId relationship relative retrievedAt sourceUrl startDate summary "},
    {"Associate",
     " alephUrl associate date description endDate indexText modifiedAt namesMentioned person "
     "publisher publisherUrl recordId relationship retrievedAt sourceUrl startDate summary "},
    {"UnknownLink",
     " alephUrl date description endDate indexText modifiedAt namesMentioned object publisher "
     "publisherUrl recordId retrievedAt role sourceUrl startDate status subject summary "},
    {"Succession",
     " alephUrl date description endDate indexText modifiedAt namesMentioned predecessor publisher "
     "publisherUrl recordId retrievedAt role sourceUrl startDate status successor summary "},
    {"Debt", " alephUrl amount amountEur amountUsd creditor currency date debtor description "
             "endDate indexText modifiedAt namesMentioned publisher publisherUrl recordId "
             "retrievedAt sourceUrl startDate summary "},
    {"Occupancy", " alephUrl date declarationDate description endDate holder indexText modifiedAt "
                  "namesMentioned post publisher publisherUrl recordId retrievedAt sourceUrl "
                  "startDate status summary "},
};

/* The parents of the schemata written, for the ranges of link ends. */
static const char *const ftm_parents[][2] = {
    {"Person", "LegalEntity"},   {"Organization", "LegalEntity"},
    {"Company", "Organization"}, {"Company", "Asset"},
    {"BankAccount", "Asset"},    {"Vessel", "Vehicle"},
    {"Airplane", "Vehicle"},     {"Vehicle", "Asset"},
    {"Asset", "Thing"},          {"LegalEntity", "Thing"},
    {"CryptoWallet", "Thing"},   {"Address", "Thing"},
    {"Document", "Thing"},       {"Email", "Document"},
    {"UserAccount", "Thing"},
};

/* Whether schema is range or extends it. */
static int ftm_is(const char *schema, const char *range)
{
	if (strcmp(schema, range) == 0)
		return 1;
	for (size_t i = 0; i < sizeof ftm_parents / sizeof ftm_parents[0]; i++)
		if (strcmp(ftm_parents[i][0], schema) == 0 && ftm_is(ftm_parents[i][1], range))
			return 1;
	return 0;
}

/* Whether schema has property prop (its own or a parent's). */
static int ftm_has(const char *schema, const char *prop)
{
	size_t n = strlen(prop);
	for (size_t i = 0; i < sizeof ftm_schema_props / sizeof ftm_schema_props[0]; i++) {
		if (strcmp(ftm_schema_props[i][0], schema) != 0)
			continue;
		for (const char *p = ftm_schema_props[i][1]; (p = strstr(p, prop)); p++)
			if (p[-1] == ' ' && p[n] == ' ')
				return 1;
		return 0;
	}
	return 0;
}

/* The FollowTheMoney schema of entity e, or NULL when it has none. */
static const char *ftm_schema_of(const cg_graph *g, cg_eid e)
{
	const char *type = cg_entity_type_name(g, e);
	for (size_t i = 0; i < sizeof ftm_schemata / sizeof ftm_schemata[0]; i++)
		if (strcmp(ftm_schemata[i][0], type) == 0)
			return ftm_schemata[i][1];
	return NULL;
}

/* FtM's date format: YYYY, YYYY-MM, YYYY-MM-DD, with an optional time. */
static int ftm_date_ok(const char *v)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;
	for (i = 0; v[i] && shape[i]; i++)
		if (shape[i] == 'd' ? !(v[i] >= '0' && v[i] <= '9') : v[i] != shape[i])
			return 0;
	return !v[i] && (i == 4 || i == 7 || i == 10 || i == 13 || i == 16 || i == 19);
}

/* The ISO 3166-1 alpha-2 code of a country entity, lower case, from its
 * name or an alias of two letters ("North Korea", aliases DPRK, KP: "kp");
 * 0 when it has none. */
static int country_code(const cg_graph *g, cg_eid e, char out[3])
{
	const char *v = cg_entity_name(g, e);
	cg_iter it = cg_entity_aliases(g, e);
	do {
		if (v && strlen(v) == 2 && ((v[0] | 32) >= 'a' && (v[0] | 32) <= 'z') &&
		    ((v[1] | 32) >= 'a' && (v[1] | 32) <= 'z')) {
			out[0] = (char)(v[0] | 32);
			out[1] = (char)(v[1] | 32);
			out[2] = '\0';
			return 1;
		}
	} while (cg_iter_next_str(g, &it, &v));
	return 0;
}

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
    {"note", "notes"},
};

/* FollowTheMoney property names the importer reads as names, references or
 * texts: a casegraph property that would take one of them goes to the
 * context instead. */
static const char *const ftm_special[] = {
    "name",    "alias",     "weakAlias",  "previousName", "full",          "description",
    "summary", "indexText", "bodyText",   "bodyHtml",     "addressEntity", "holder",
    "parent",  "firstName", "middleName", "lastName",     "keywords",      "username",
    "email",   "phone",     "website",    "number",       "ipAddress",     "publisher"};

/* The FollowTheMoney name of casegraph property name on schema into sb:
 * 1 when schema has it (and the value fits its type), 0 when the property
 * goes to the context, or CG_ENOMEM. */
static int ftm_prop_name(cg_strbuf *sb, const char *schema, const char *name, const char *value)
{
	cg_strbuf_reset(sb);
	for (size_t i = 0; i < sizeof ftm_props / sizeof ftm_props[0]; i++)
		if (strcmp(ftm_props[i][0], name) == 0) {
			if (cg_strbuf_puts(sb, ftm_props[i][1]))
				return CG_ENOMEM;
			goto found;
		}
	if (camel_name(sb, name))
		return CG_ENOMEM;
	if (strcmp(sb->buf, "notes") == 0) /* "notes" is casegraph's note */
		return 0;
found:
	if (cg_name_index(ftm_special, sizeof ftm_special / sizeof ftm_special[0], sb->buf) >= 0 ||
	    !ftm_has(schema, sb->buf))
		return 0;
	if ((strstr(sb->buf, "Date") || strcmp(sb->buf, "date") == 0) && !ftm_date_ok(value))
		return 0;
	return 1;
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

/* What the FollowTheMoney writer keeps apart from the lines, for its
 * summary. */
typedef struct ftm_tally {
	size_t absorbed[CG_ENTITY_TYPE_COUNT]; /* entities written as properties, by type */
	size_t left[CG_ENTITY_TYPE_COUNT];     /* entities left out, by type */
	size_t links_as_prop, links_left, unknown_links, ctx_values;
} ftm_tally;

/* A value an entity gets from an entity linked to it that has no schema
 * (a company's domain as its website). */
typedef struct ftm_derived {
	cg_eid holder;
	const char *prop, *value;
	size_t pos;
} ftm_derived;

static int derived_cmp(const void *pa, const void *pb)
{
	const ftm_derived *x = pa, *y = pb;
	if (x->holder != y->holder)
		return x->holder < y->holder ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The property holder (of schema hs) takes for the linked entity o, its
 * value in *value (code: room for a country code); NULL when none. */
static const char *absorbed_prop(const cg_graph *g, const char *hs, cg_eid o, char code[3],
                                 const char **value)
{
	const char *type = cg_entity_type_name(g, o);
	for (size_t i = 0; i < sizeof ftm_absorbed / sizeof ftm_absorbed[0]; i++) {
		if (strcmp(ftm_absorbed[i][0], type) != 0 || !ftm_has(hs, ftm_absorbed[i][1]))
			continue;
		if (strcmp(type, "country") == 0) {
			if (!country_code(g, o, code))
				return NULL;
			*value = code;
		} else {
			*value = cg_entity_name(g, o);
		}
		return ftm_absorbed[i][1];
	}
	return NULL;
}

/* Every derived value, sorted by holder, into *out (*n of them); marks the
 * entities and links that became one. Country codes are kept in codes
 * (3 bytes per link end). */
static int ftm_derive(const cg_graph *g, ftm_derived **out, size_t *n, char *codes,
                      unsigned char *absorbed_e, unsigned char *absorbed_l)
{
	size_t m = cg_graph_link_count(g), cap = 0;
	*out = NULL;
	*n = 0;
	for (cg_lid l = 0; l < m; l++) {
		cg_eid end[2] = {cg_link_source(g, l), cg_link_target(g, l)};
		for (int k = 0; k < 2; k++) {
			const char *hs = ftm_schema_of(g, end[k]), *v, *prop;
			if (!hs || (prop = absorbed_prop(g, hs, end[1 - k], codes + 6 * l + 3 * k,
			                                 &v)) == NULL)
				continue;
			if (CG_ARRAY_GROW(*out, cap, *n + 1, 32))
				return CG_ENOMEM;
			(*out)[*n] = (ftm_derived){end[k], prop, v, *n};
			(*n)++;
			absorbed_e[end[1 - k]] = 1;
			absorbed_l[l] = 1;
		}
	}
	if (*n)
		qsort(*out, *n, sizeof **out, derived_cmp);
	return 0;
}

/* The entity's properties under their FollowTheMoney names; those its
 * schema lacks into ctx under their casegraph names. */
static int ftm_entity_props(jctx *c, ftm_obj *o, ftm_obj *ctx, const char *schema, cg_eid e,
                            ftm_tally *t)
{
	const cg_graph *g = c->g;
	cg_iter it = cg_entity_props(g, e);
	const char *pn, *pv;
	int rc;

	while (cg_iter_next_prop(g, &it, &pn, &pv)) {
		if ((rc = ftm_prop_name(&c->tmp, schema, pn, pv)) < 0)
			return rc;
		if (!rc)
			t->ctx_values++;
		if (rc ? ftm_obj_add(o, cg_strbuf_cstr(&c->tmp), &pv, 1)
		       : ftm_obj_add(ctx, pn, &pv, 1))
			return CG_ENOMEM;
	}
	return 0;
}

/* ,"casegraph":{...}: the line's context, which FollowTheMoney's loader
 * keeps beside the properties (EntityProxy.context). */
static void ftm_context(jctx *c, const char *type, const char *cite, ftm_obj *ctx, ftm_obj *derived)
{
	int first = 1;
	raw(c, ",\"casegraph\":{");
	member(c, &first, "type", type);
	member(c, &first, "citation", cite);
	if (ctx->n) {
		raw(c, ",\"properties\":{");
		ftm_obj_write(c, ctx);
		raw(c, "}");
	}
	if (derived && derived->n) {
		raw(c, ",\"derived\":{");
		ftm_obj_write(c, derived);
		raw(c, "}");
	}
	raw(c, "}");
}

static const struct {
	const char *type, *schema, *src, *dst, *src_range, *dst_range;
	const char *src_acct, *dst_acct;
} ftm_links[] = {
    {"owns", "Ownership", "owner", "asset", "LegalEntity", "Asset", NULL, NULL},
    {"director_of", "Directorship", "director", "organization", "LegalEntity", "Organization", NULL,
     NULL},
    {"employee_of", "Employment", "employee", "employer", "Person", "Organization", NULL, NULL},
    {"member_of", "Membership", "member", "organization", "LegalEntity", "Organization", NULL,
     NULL},
    {"represents", "Representation", "agent", "client", "LegalEntity", "LegalEntity", NULL, NULL},
    {"pays", "Payment", "payer", "beneficiary", "LegalEntity", "LegalEntity", "payerAccount",
     "beneficiaryAccount"},
    {"family_of", "Family", "person", "relative", "Person", "Person", NULL, NULL},
    {"associate_of", "Associate", "person", "associate", "Person", "Person", NULL, NULL},
    {"succeeded_by", "Succession", "predecessor", "successor", "LegalEntity", "LegalEntity", NULL,
     NULL},
    {"owes", "Debt", "debtor", "creditor", "LegalEntity", "LegalEntity", NULL, NULL},
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

/* The property naming an end of schema es in a link of schema row k (which
 * end: 0 source, 1 target); NULL when the end is outside its range. */
static const char *ftm_end_prop(size_t k, int which, const char *es)
{
	const char *acct = which ? ftm_links[k].dst_acct : ftm_links[k].src_acct;
	if (ftm_is(es, which ? ftm_links[k].dst_range : ftm_links[k].src_range))
		return which ? ftm_links[k].dst : ftm_links[k].src;
	if (acct && ftm_is(es, "BankAccount"))
		return acct;
	return NULL;
}

static void ftm_notes(const cg_export_opts *o, const ftm_tally *t)
{
	char msg[512];
	if (!o || !o->note)
		return;
	for (size_t k = 0; k < CG_ENTITY_TYPE_COUNT; k++) {
		const char *type = cg_entity_type_to_string((cg_entity_type)k);
		if (t->absorbed[k]) {
			snprintf(msg, sizeof msg,
			         "%zu %s entities written as properties of the entities linked to "
			         "them (FollowTheMoney has no schema for them)",
			         t->absorbed[k], type);
			o->note(o->note_ctx, msg);
		}
		if (t->left[k]) {
			snprintf(msg, sizeof msg,
			         "%zu %s entities left out: FollowTheMoney has no schema for them "
			         "and no entity linked to them has a property for them",
			         t->left[k], type);
			o->note(o->note_ctx, msg);
		}
	}
	if (t->links_as_prop || t->links_left) {
		snprintf(msg, sizeof msg,
		         "%zu links to those entities written as properties of their other end, "
		         "%zu left out",
		         t->links_as_prop, t->links_left);
		o->note(o->note_ctx, msg);
	}
	if (t->unknown_links) {
		snprintf(msg, sizeof msg,
		         "%zu link records as UnknownLink, their casegraph type as role "
		         "(no FollowTheMoney schema fits the type and the ends)",
		         t->unknown_links);
		o->note(o->note_ctx, msg);
	}
	if (t->ctx_values) {
		snprintf(msg, sizeof msg,
		         "%zu property values outside the FollowTheMoney schemata kept in the "
		         "lines' \"casegraph\" context",
		         t->ctx_values);
		o->note(o->note_ctx, msg);
	}
}

/* One entity record: its line. */
static void ftm_entity_line(jctx *c, cg_eid e, const char *schema, const cg_prov *p, ftm_obj *obj,
                            ftm_obj *ctx, ftm_obj *dv, const ftm_derived *d, size_t nd,
                            cg_strbuf *cite, ftm_tally *t)
{
	const cg_graph *g = c->g;
	const char *type = cg_entity_type_name(g, e), *v, *nm = cg_entity_name(g, e);
	raw(c, "{\"id\":");
	str(c, cg_entity_id(g, e));
	raw(c, ",\"schema\":");
	str(c, schema);
	raw(c, ",\"properties\":{");
	ftm_add1(c, obj, strcmp(schema, "UserAccount") == 0 ? "username" : "name", nm);
	if (strcmp(type, "address") == 0)
		ftm_add1(c, obj, "full", nm);
	for (size_t i = 0; i < sizeof ftm_account_props / sizeof ftm_account_props[0]; i++)
		if (strcmp(ftm_account_props[i][0], type) == 0)
			ftm_add1(c, obj, ftm_account_props[i][1], nm);
	cg_iter it = cg_entity_aliases(g, e);
	while (cg_iter_next_str(g, &it, &v))
		ftm_add1(c, obj, ftm_has(schema, "alias") ? "alias" : "weakAlias", v);
	it = cg_entity_roles(g, e);
	while (cg_iter_next_str(g, &it, &v))
		ftm_add1(c, obj, "keywords", v);
	if (!c->rc && ftm_entity_props(c, obj, ctx, schema, e, t))
		c->rc = CG_ENOMEM;
	for (size_t i = 0; i < nd; i++) {
		ftm_add1(c, obj, d[i].prop, d[i].value);
		ftm_add1(c, dv, d[i].prop, d[i].value);
	}
	cg_strbuf_reset(cite);
	if (cg_strbuf_printf(cite, "%s:%ld case %s%s%s", p->file, p->line, p->case_name,
	                     p->local_id ? " id " : "", p->local_id ? p->local_id : ""))
		c->rc = CG_ENOMEM;
	ftm_obj_write(c, obj);
	raw(c, "}");
	ftm_context(c, type, cite->buf, ctx, dv);
	raw(c, "}\n");
	put(c);
}

/* One link record: its line. */
static void ftm_link_line(jctx *c, cg_lid l, const char *uid, const cg_prov *p, ftm_obj *obj,
                          ftm_obj *ctx, cg_strbuf *cite, cg_strbuf *amt, ftm_tally *t)
{
	const cg_graph *g = c->g;
	const char *type = cg_link_type_name(g, l), *cur, *pn, *pv;
	cg_eid s = cg_link_source(g, l), d = cg_link_target(g, l);
	const char *ss = ftm_schema_of(g, s), *ds = ftm_schema_of(g, d);
	const char *sch = "UnknownLink", *sp = "subject", *tp = "object";
	int64_t minor;

	for (size_t k = 0; k < sizeof ftm_links / sizeof ftm_links[0]; k++) {
		const char *a, *b;
		if (strcmp(ftm_links[k].type, type) == 0 && (a = ftm_end_prop(k, 0, ss)) &&
		    (b = ftm_end_prop(k, 1, ds))) {
			sch = ftm_links[k].schema;
			sp = a;
			tp = b;
		}
	}
	raw(c, "{\"id\":");
	cg_strbuf_reset(&c->tmp);
	if (cg_strbuf_printf(&c->tmp, "link-%s", uid))
		c->rc = CG_ENOMEM;
	str(c, c->tmp.buf);
	raw(c, ",\"schema\":");
	str(c, sch);
	raw(c, ",\"properties\":{");
	ftm_add1(c, obj, sp, cg_entity_id(g, s));
	ftm_add1(c, obj, tp, cg_entity_id(g, d));
	if (strcmp(sch, "UnknownLink") == 0) {
		ftm_add1(c, obj, "role", type);
		t->unknown_links++;
	}
	if (cg_link_amount(g, l, &minor, &cur)) {
		cg_strbuf_reset(amt);
		if (cg_format_money(minor, cur, amt))
			c->rc = CG_ENOMEM;
		ftm_obj *to = ftm_has(sch, "amount") ? obj : ctx;
		ftm_add1(c, to, "amount", amt->len ? amt->buf : "0");
		ftm_add1(c, to, "currency", cur);
	}
	/* a payment's purpose: its own, else its memo or note (the importer
	 * keeps the purpose; two payments of one amount on one day stay two
	 * when their memos differ) */
	const char *purpose = NULL;
	static const char *const purpose_props[] = {"purpose", "memo", "note", "description"};
	for (size_t q = 0; ftm_has(sch, "purpose") && !purpose &&
	                   q < sizeof purpose_props / sizeof purpose_props[0];
	     q++)
		if ((purpose = link_prop(g, l, purpose_props[q])))
			ftm_add1(c, obj, "purpose", purpose);
	cg_iter it = cg_link_props(g, l);
	while (!c->rc && cg_iter_next_prop(g, &it, &pn, &pv)) {
		int rc;
		if (purpose && (pv == purpose || strcmp(pn, "purpose") == 0))
			continue;
		if ((rc = ftm_prop_name(&c->tmp, sch, pn, pv)) < 0) {
			c->rc = CG_ENOMEM;
			break;
		}
		if (strcmp(sch, "UnknownLink") == 0 && strcmp(c->tmp.buf, "role") == 0)
			rc = 0; /* the role holds the link type */
		if (!rc)
			t->ctx_values++;
		ftm_add1(c, rc ? obj : ctx, rc ? c->tmp.buf : pn, pv);
	}
	cg_strbuf_reset(cite);
	if (cg_strbuf_printf(cite, "%s:%ld case %s", p->file, p->line, p->case_name))
		c->rc = CG_ENOMEM;
	ftm_obj_write(c, obj);
	raw(c, "}");
	ftm_context(c, type, cite->buf, ctx, NULL);
	raw(c, "}\n");
	put(c);
}

int cg_export_ftm(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err);

int cg_export_ftm(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err)
{
	static const unsigned char ns_link[16] = {0x6b, 0x1c, 0x8e, 0x52, 0x3a, 0x0d, 0x4f, 0x7e,
	                                          0x9b, 0x21, 0x5c, 0xd4, 0x07, 0xe3, 0x61, 0xaf};
	jctx c;
	cg_strbuf cite = CG_STRBUF_INIT, id = CG_STRBUF_INIT, amt = CG_STRBUF_INIT;
	ftm_obj obj = {NULL, 0, 0, CG_STRBUF_INIT}, ctx = {NULL, 0, 0, CG_STRBUF_INIT};
	ftm_obj dv = {NULL, 0, 0, CG_STRBUF_INIT};
	size_t n = cg_graph_entity_count(g), m = cg_graph_link_count(g), nd = 0, di = 0;
	ftm_derived *d = NULL;
	ftm_tally t;
	char *codes = calloc(6 * m + 1, 1);
	unsigned char *ab_e = calloc(n + 1, 1), *ab_l = calloc(m + 1, 1);

	memset(&c, 0, sizeof c);
	memset(&t, 0, sizeof t);
	c.g = g;
	c.o = o;
	c.f = f;
	if (!codes || !ab_e || !ab_l || ftm_derive(g, &d, &nd, codes, ab_e, ab_l))
		c.rc = CG_ENOMEM;
	/* entities: one line per record (FollowTheMoney fragments of one id),
	 * each complete, each with its own citation */
	for (cg_eid e = 0; e < n && !c.rc; e++) {
		const char *schema = ftm_schema_of(g, e);
		cg_entity_type et = cg_entity_type_of(g, e);
		size_t d0 = di;
		while (di < nd && d[di].holder == e)
			di++;
		if (!schema) {
			if (ab_e[e])
				t.absorbed[et]++;
			else
				t.left[et]++;
			continue;
		}
		cg_iter pit = cg_entity_provs(g, e);
		cg_prov p;
		while (!c.rc && cg_iter_next_prov(g, &pit, &p))
			ftm_entity_line(&c, e, schema, &p, &obj, &ctx, &dv, d + d0, di - d0, &cite,
			                &t);
	}
	/* links: one line per record too, each with both ends */
	for (cg_lid l = 0; l < m && !c.rc; l++) {
		cg_eid s = cg_link_source(g, l), e = cg_link_target(g, l);
		char uid[37];
		if (!ftm_schema_of(g, s) || !ftm_schema_of(g, e)) {
			if (ab_l[l])
				t.links_as_prop++;
			else
				t.links_left++;
			continue;
		}
		cg_strbuf_reset(&id);
		if (cg_strbuf_printf(&id, "%s\x1f%s\x1f%s\x1f%zu", cg_entity_id(g, s),
		                     cg_link_type_name(g, l), cg_entity_id(g, e), (size_t)l)) {
			c.rc = CG_ENOMEM;
			break;
		}
		cg_uuid5(ns_link, id.buf, id.len, uid);
		cg_iter pit = cg_link_provs(g, l);
		cg_prov p;
		while (!c.rc && cg_iter_next_prov(g, &pit, &p))
			ftm_link_line(&c, l, uid, &p, &obj, &ctx, &cite, &amt, &t);
	}
	if (!c.rc)
		ftm_notes(o, &t);
	free(d);
	free(codes);
	free(ab_e);
	free(ab_l);
	cg_strbuf_free(&cite);
	cg_strbuf_free(&id);
	cg_strbuf_free(&amt);
	ftm_obj_free(&obj);
	ftm_obj_free(&ctx);
	ftm_obj_free(&dv);
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

/* casegraph types of STIX domain objects read from STIX, which need only a
 * name (indicator, needing a pattern, is not among them). */
static const char *const stix_sdos[][2] = {
    {"attack_pattern", "attack-pattern"},
    {"course_of_action", "course-of-action"},
    {"campaign", "campaign"},
    {"tool", "tool"},
    {"infrastructure", "infrastructure"},
    {"vulnerability", "vulnerability"},
};

/* The ISO 3166-1 alpha-2 code of an address (its country property) or a
 * country (its name or an alias), upper case, into code; 0 when none. */
static int stix_country(const cg_graph *g, cg_eid e, char code[3])
{
	const char *v = cg_entity_prop(g, e, "country");
	if (cg_entity_type_of(g, e) == CG_ET_COUNTRY) {
		if (!country_code(g, e, code))
			return 0;
	} else if (v && strlen(v) == 2 && ((v[0] | 32) >= 'a' && (v[0] | 32) <= 'z') &&
	           ((v[1] | 32) >= 'a' && (v[1] | 32) <= 'z')) {
		code[0] = v[0];
		code[1] = v[1];
	} else {
		return 0;
	}
	code[0] = (char)(code[0] & ~32);
	code[1] = (char)(code[1] & ~32);
	code[2] = '\0';
	return 1;
}

static stix_kind stix_kind_of(const cg_graph *g, cg_eid e)
{
	const char *name = cg_entity_name(g, e);
	char code[3];
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
		/* a location needs its country (or region, or coordinates): an
		 * address or country without an ISO code is casegraph's own */
		return (stix_kind){stix_country(g, e, code) ? "location" : NULL, 0, NULL};
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
		/* a hash: a file known by it (STIX 2.1 6.7) */
		if (strcmp(cg_entity_type_name(g, e), "hash") == 0)
			return (stix_kind){"file", 1, NULL};
		/* the other objects STIX 2.1 has, as importers/stix.c names them */
		for (size_t i = 0; i < sizeof stix_sdos / sizeof stix_sdos[0]; i++)
			if (strcmp(stix_sdos[i][0], cg_entity_type_name(g, e)) == 0)
				return (stix_kind){stix_sdos[i][1], 0, NULL};
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

/* The STIX hash algorithm name (hash-algorithm-ov) of a hash entity: its
 * algorithm property, else by the value's length; NULL when neither
 * says. */
static const char *stix_hash_algo(const cg_graph *g, cg_eid e)
{
	static const char *const names[][2] = {
	    {"md5", "MD5"},         {"sha1", "SHA-1"},        {"sha-1", "SHA-1"},
	    {"sha_1", "SHA-1"},     {"sha256", "SHA-256"},    {"sha-256", "SHA-256"},
	    {"sha_256", "SHA-256"}, {"sha512", "SHA-512"},    {"sha-512", "SHA-512"},
	    {"sha_512", "SHA-512"}, {"sha3-256", "SHA3-256"}, {"ssdeep", "SSDEEP"},
	    {"tlsh", "TLSH"}};
	const char *a = cg_entity_prop(g, e, "algorithm");
	if (a)
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			if (strcasecmp(a, names[i][0]) == 0)
				return names[i][1];
	switch (strlen(cg_entity_name(g, e))) {
	case 32:
		return "MD5";
	case 40:
		return "SHA-1";
	case 64:
		return "SHA-256";
	case 128:
		return "SHA-512";
	default:
		return NULL;
	}
}

/* A file's id-contributing hashes as canonical JSON into sb:
 * {"hashes":{"SHA-256":"..."}}, or {"name":...} when the algorithm is
 * unknown. 0 or CG_ENOMEM. */
static int stix_file_key(const cg_graph *g, cg_eid e, cg_strbuf *sb)
{
	const char *alg = stix_hash_algo(g, e);
	if (!alg)
		return cg_strbuf_puts(sb, "{\"name\":") ||
		               cg_json_put_string(sb, cg_entity_name(g, e)) ||
		               cg_strbuf_putc(sb, '}')
		           ? CG_ENOMEM
		           : 0;
	return cg_strbuf_puts(sb, "{\"hashes\":{") || cg_json_put_string(sb, alg) ||
	               cg_strbuf_putc(sb, ':') || cg_json_put_string(sb, cg_entity_name(g, e)) ||
	               cg_strbuf_puts(sb, "}}")
	           ? CG_ENOMEM
	           : 0;
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
		const char *tn = cg_entity_type_name(g, e);
		/* a custom type read from STIX (x-mitre-tactic) keeps its name */
		rc = strncmp(tn, "x_", 2) == 0 ? 0 : cg_strbuf_puts(&type, "x-casegraph-");
		for (const char *p = tn; *p && !rc; p++)
			rc = cg_strbuf_putc(&type, *p == '_' ? '-' : *p);
	} else {
		rc = cg_strbuf_puts(&type, k.type);
	}
	if (!rc && k.sco) {
		/* STIX 2.1 2.9: UUIDv5 of the canonical JSON of the id contributing
		 * properties, here {"value": ...} */
		if (strcmp(k.type, "file") == 0)
			rc = stix_file_key(g, e, &name);
		else
			rc = cg_strbuf_puts(&name, "{\"value\":") ||
			     cg_json_put_string(&name, sco_value(g, e)) ||
			     cg_strbuf_putc(&name, '}');
		if (!rc)
			cg_uuid5(ns_sco, name.buf, name.len, uid);
	} else if (!rc) {
		/* an object read from STIX keeps its id (importers/stix.c makes it
		 * the local id of the records) */
		cg_iter it = cg_entity_provs(g, e);
		cg_prov p;
		while (cg_iter_next_prov(g, &it, &p))
			if (p.local_id && strncmp(p.local_id, type.buf, type.len) == 0 &&
			    strncmp(p.local_id + type.len, "--", 2) == 0 &&
			    strlen(p.local_id + type.len + 2) == 36) {
				rc = cg_strbuf_puts(out, p.local_id);
				goto out;
			}
		rc = cg_strbuf_printf(&name, "entity:%s", cg_entity_id(g, e));
		if (!rc)
			cg_uuid5(ns_casegraph, name.buf, name.len, uid);
	}
	rc = rc || cg_strbuf_printf(out, "%s--%s", type.buf, uid);
out:
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

/* The extension definition of casegraph's objects, and the identity that
 * made it (STIX 2.1, 7.3: created_by_ref is required). */
static int stix_ext_ids(cg_strbuf *ext, cg_strbuf *producer)
{
	char uid[37];
	static const char ext_name[] = "extension:casegraph", who[] = "identity:casegraph";
	cg_uuid5(ns_casegraph, ext_name, sizeof ext_name - 1, uid);
	if (cg_strbuf_printf(ext, "extension-definition--%s", uid))
		return CG_ENOMEM;
	cg_uuid5(ns_casegraph, who, sizeof who - 1, uid);
	return producer ? cg_strbuf_printf(producer, "identity--%s", uid) : 0;
}

/* ,"extensions":{"extension-definition--...":{"extension_type":type}} */
static void stix_extension(jctx *c, const char *type)
{
	cg_strbuf ext = CG_STRBUF_INIT;
	if (stix_ext_ids(&ext, NULL))
		c->rc = CG_ENOMEM;
	raw(c, ",\"extensions\":{");
	str(c, ext.buf);
	raw(c, ":{\"extension_type\":");
	str(c, type);
	raw(c, "}}");
	cg_strbuf_free(&ext);
}

/* The types OpenCTI uses that STIX 2.1 has not. */
static int stix_opencti(const char *type)
{
	return strcmp(type, "cryptocurrency-wallet") == 0 || strcmp(type, "phone-number") == 0 ||
	       strcmp(type, "bank-account") == 0;
}

/* The identity of casegraph and its extension definition, first in the
 * bundle. */
static void stix_producer(jctx *c, const char *stamp)
{
	cg_strbuf ext = CG_STRBUF_INIT, who = CG_STRBUF_INIT;
	int first = 1;
	if (stix_ext_ids(&ext, &who))
		c->rc = CG_ENOMEM;
	raw(c, "  {");
	member(c, &first, "type", "identity");
	member(c, &first, "spec_version", "2.1");
	member(c, &first, "id", who.buf);
	member(c, &first, "created", stamp);
	member(c, &first, "modified", stamp);
	member(c, &first, "name", "casegraph");
	member(c, &first, "identity_class", "system");
	raw(c, ",\"x_casegraph_producer\":true},\n  {");
	first = 1;
	member(c, &first, "type", "extension-definition");
	member(c, &first, "spec_version", "2.1");
	member(c, &first, "id", ext.buf);
	member(c, &first, "created_by_ref", who.buf);
	member(c, &first, "created", stamp);
	member(c, &first, "modified", stamp);
	member(c, &first, "name", "casegraph");
	member(c, &first, "description",
	       "Entities casegraph reads that STIX 2.1 has no object for (documents, vessels, "
	       "addresses and countries without an ISO 3166-1 code, custom types; the OpenCTI "
	       "observables cryptocurrency-wallet, phone-number, bank-account), with their "
	       "casegraph id, type and citations in x_casegraph_* properties.");
	member(c, &first, "schema",
	       "casegraph docs/RENDER.md, STIX 2.1: an object of type x-casegraph-<type> has "
	       "name, x_casegraph_id, x_casegraph_type and external_references; an observable "
	       "has value (bank-account: iban or account_number) and x_casegraph_citations.");
	member(c, &first, "version", "1.0");
	raw(c, ",\"extension_types\":[\"new-sdo\",\"new-sco\"]}");
	put(c);
	cg_strbuf_free(&ext);
	cg_strbuf_free(&who);
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
	} else if (k.sco && strcmp(k.type, "file") == 0) {
		const char *alg = stix_hash_algo(g, e);
		if (alg) {
			raw(c, ",\"hashes\":{");
			str(c, alg);
			raw(c, ":");
			str(c, cg_entity_name(g, e));
			raw(c, "}");
		}
		if ((v = cg_entity_prop(g, e, "filename")) || (!alg && (v = cg_entity_name(g, e))))
			member(c, &first, "name", v);
	} else if (k.sco) {
		member(c, &first, "value", sco_value(g, e));
	} else {
		member(c, &first, "created", stamp);
		member(c, &first, "modified", stamp);
		char code[3];
		if (k.type && strcmp(k.type, "location") == 0 && stix_country(g, e, code)) {
			member(c, &first, "name", cg_entity_name(g, e));
			if (cg_entity_type_of(g, e) == CG_ET_ADDRESS)
				member(c, &first, "street_address", cg_entity_name(g, e));
			member(c, &first, "country", code);
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
	if (!k.type || stix_opencti(type.buf))
		/* an object STIX 2.1 has not: of casegraph's extension */
		stix_extension(c, k.sco ? "new-sco" : "new-sdo");
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
		raw(c, ",\n");
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

	if (strcmp(cg_link_type_name(g, l), "located_in") == 0) {
		if (cg_strbuf_puts(&rt, "located-at")) /* STIX 2.1's name */
			c->rc = CG_ENOMEM;
	} else {
		for (const char *p = cg_link_type_name(g, l); *p; p++)
			if (cg_strbuf_putc(&rt, *p == '_' ? '-' : *p))
				c->rc = CG_ENOMEM;
	}
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
	stix_producer(&c, stamp.buf);
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
