#include "cg_graph.h"

#include "cg_array.h"
#include "cg_hash.h"
#include "cg_mem.h"
#include "cg_normalize.h"
#include "cg_parse.h"
#include "cg_strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Lists (aliases, roles, keys, properties, provenance) live in two pools and
 * are circular singly-linked lists addressed by their tail cell: appending
 * is O(1) and iteration starts at tail->next. Index 0 of each pool is unused
 * so that 0 means "empty list". */
typedef struct cell {
	uint32_t a;    /* value (or property name) */
	uint32_t b;    /* property value; for keys, next entity + 1 sharing the key */
	uint32_t next; /* next cell in the circular list */
} cell;

typedef struct prov_rec {
	uint32_t file, kase, local, via; /* interned strings */
	uint32_t line;
	uint32_t flags;
	uint32_t next;
} prov_rec;

typedef struct entity {
	uint32_t id, type, name;              /* interned strings */
	uint32_t aliases, roles, keys, props; /* cell list tails */
	uint32_t prov;                        /* prov list tail */
	uint16_t flags;                       /* CG_EF_* */
	uint8_t etype;                        /* cg_entity_type */
} entity;

typedef struct link {
	int64_t amount; /* minor units, valid when has_amount */
	cg_eid src, dst;
	uint32_t type;        /* interned type name */
	uint32_t currency;    /* interned code */
	uint32_t props, prov; /* list tails */
	uint8_t ltype;        /* cg_link_type */
	uint8_t directed;
	uint8_t has_amount;
} link;

struct cg_graph {
	cg_strpool *pool;
	entity *ents;
	size_t n_ents, cap_ents;
	link *links;
	size_t n_links, cap_links;
	cell *cells;
	size_t n_cells, cap_cells;
	prov_rec *provs;
	size_t n_provs, cap_provs;
	cg_map64 key_index;   /* (type << 32 | key) -> first entity with that key */
	cg_map64 local_index; /* (case << 32 | local id) -> entity */
	cg_map64 id_index;    /* id -> entity */
	cg_map64 link_index;  /* content hash (probed) -> link */
	cg_map64 prov_index;  /* (owner, record) hash (probed) -> prov, for long lists */
	size_t merges;
	/* scratch space reused by every add, so that adding allocates nothing
	 * in the steady state */
	cg_strbuf norm, tmp, keybuf, lower;
	uint32_t *key_off; /* offsets of the record's keys in keybuf */
	size_t key_cap;
	uint32_t *pn, *pv; /* normalised property names and values */
	size_t prop_cap;
};

/* Room for one more element of a graph array (huge-page blocks, cg_mem.h). */
#define GROW(arr, n, cap)                                                                          \
	do {                                                                                       \
		if (CG_ARRAY_GROW_HUGE(arr, cap, (n) + 1, 64))                                     \
			return CG_ENOMEM;                                                          \
	} while (0)

cg_graph *cg_graph_new(void)
{
	cg_graph *g = calloc(1, sizeof *g);

	if (!g)
		return NULL;
	g->pool = cg_strpool_new();
	g->cells = cg_mem_zalloc(64 * sizeof *g->cells);
	g->provs = cg_mem_zalloc(64 * sizeof *g->provs);
	if (!g->pool || !g->cells || !g->provs) {
		cg_graph_free(g);
		return NULL;
	}
	g->n_cells = g->n_provs = 1;
	g->cap_cells = g->cap_provs = 64;
	return g;
}

void cg_graph_free(cg_graph *g)
{
	if (!g)
		return;
	cg_strpool_free(g->pool);
	cg_mem_free(g->ents, g->cap_ents * sizeof *g->ents);
	cg_mem_free(g->links, g->cap_links * sizeof *g->links);
	cg_mem_free(g->cells, g->cap_cells * sizeof *g->cells);
	cg_mem_free(g->provs, g->cap_provs * sizeof *g->provs);
	cg_map64_free(&g->key_index);
	cg_map64_free(&g->local_index);
	cg_map64_free(&g->id_index);
	cg_map64_free(&g->link_index);
	cg_map64_free(&g->prov_index);
	cg_strbuf_free(&g->norm);
	cg_strbuf_free(&g->tmp);
	cg_strbuf_free(&g->keybuf);
	cg_strbuf_free(&g->lower);
	free(g->key_off);
	free(g->pn);
	free(g->pv);
	free(g);
}

static int intern(cg_graph *g, const char *s, uint32_t *out)
{
	return cg_strpool_intern(g->pool, s ? s : "", s ? strlen(s) : 0, out);
}

static const char *S(const cg_graph *g, uint32_t id)
{
	return cg_strpool_str(g->pool, id);
}

static uint64_t pair(uint32_t a, uint32_t b)
{
	return (uint64_t)a << 32 | b;
}

/* ---- lists ---- */

static int cell_append(cg_graph *g, uint32_t *tail, uint32_t a, uint32_t b)
{
	uint32_t c;

	GROW(g->cells, g->n_cells, g->cap_cells);
	c = (uint32_t)g->n_cells++;
	g->cells[c].a = a;
	g->cells[c].b = b;
	if (*tail) {
		g->cells[c].next = g->cells[*tail].next;
		g->cells[*tail].next = c;
	} else {
		g->cells[c].next = c;
	}
	*tail = c;
	return 0;
}

/* The cell of list `tail` whose a (and b, unless any_b) match, or 0. */
static uint32_t cell_find(const cg_graph *g, uint32_t tail, uint32_t a, uint32_t b, int any_b)
{
	if (!tail)
		return 0;
	uint32_t c = g->cells[tail].next;
	for (;;) {
		if (g->cells[c].a == a && (any_b || g->cells[c].b == b))
			return c;
		if (c == tail)
			return 0;
		c = g->cells[c].next;
	}
}

static int cell_add_unique(cg_graph *g, uint32_t *tail, uint32_t a, uint32_t b)
{
	if (!a || cell_find(g, *tail, a, b, 0))
		return 0;
	return cell_append(g, tail, a, b);
}

/* Provenance lists are unioned: a record already on the list (same file,
 * line, case and local id) is not added again. Short lists are scanned;
 * once a list grows past PROV_SCAN records, all its records are indexed in
 * g->prov_index by a hash of (owner, record), so that a value named by
 * thousands of records (a country, a popular domain) stays O(1) per record
 * instead of O(n). */
#define PROV_SCAN 16

static int same_prov(const prov_rec *a, const prov_rec *b)
{
	return a->file == b->file && a->line == b->line && a->kase == b->kase &&
	       a->local == b->local;
}

static uint64_t prov_key(uint64_t owner, const prov_rec *p)
{
	return cg_hash_u64(owner ^ cg_hash_u64(pair(p->file, p->line)) ^
	                   cg_hash_u64(pair(p->kase, p->local) + 0x9e3779b97f4a7c15ULL));
}

/* Finds p among the indexed records of owner: 1 when present. *slot_key is
 * where it would go. */
static int prov_indexed(const cg_graph *g, uint64_t owner, const prov_rec *p, uint64_t *slot_key)
{
	uint64_t k = prov_key(owner, p);
	uint32_t c;

	for (;; k++) {
		if (!cg_map64_get(&g->prov_index, k, &c)) {
			*slot_key = k;
			return 0;
		}
		if (same_prov(&g->provs[c], p))
			return 1;
	}
}

static int prov_add(cg_graph *g, uint32_t *tail, uint64_t owner, const prov_rec *p)
{
	uint32_t c;
	size_t len = 0;
	uint64_t slot;

	if (*tail) {
		c = g->provs[*tail].next;
		for (;;) {
			const prov_rec *q = &g->provs[c];
			if (same_prov(q, p))
				return 0;
			len++;
			if (c == *tail || len > PROV_SCAN)
				break;
			c = q->next;
		}
	}
	if (len > PROV_SCAN && prov_indexed(g, owner, p, &slot))
		return 0;
	GROW(g->provs, g->n_provs, g->cap_provs);
	c = (uint32_t)g->n_provs++;
	g->provs[c] = *p;
	if (*tail) {
		g->provs[c].next = g->provs[*tail].next;
		g->provs[*tail].next = c;
	} else {
		g->provs[c].next = c;
	}
	*tail = c;
	if (len > PROV_SCAN)
		return cg_map64_put(&g->prov_index, slot, c);
	if (len == PROV_SCAN) {
		/* the list just outgrew scanning: index every record on it */
		uint32_t x = g->provs[c].next;
		for (;;) {
			if (!prov_indexed(g, owner, &g->provs[x], &slot) &&
			    cg_map64_put(&g->prov_index, slot, x))
				return CG_ENOMEM;
			if (x == c)
				break;
			x = g->provs[x].next;
		}
	}
	return 0;
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
static const char *lower_name(cg_graph *g, const char *s)
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
static int norm_props(cg_graph *g, const cg_prop *props, size_t n, size_t *count, cg_error *err)
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
		if (!cg_utf8_valid(props[i].name, strlen(props[i].name)) ||
		    !cg_utf8_valid(value, vlen))
			return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
			                    "invalid UTF-8 in property '%s'", props[i].name);
		if (!(name = lower_name(g, props[i].name)))
			return CG_ENOMEM;
		if (!*name)
			return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "empty property name");
		for (size_t k = 0; k < sizeof prop_synonyms / sizeof prop_synonyms[0]; k++)
			if (strcmp(name, prop_synonyms[k][0]) == 0)
				name = prop_synonyms[k][1];
		if ((rc = intern(g, name, &g->pn[*count])))
			return rc;
		name = S(g, g->pn[*count]);
		if (is_date_prop(name)) {
			rc = cg_parse_date(value, vlen, &g->norm, &why);
			if (rc == CG_ENOMEM)
				return rc;
			if (rc)
				return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
				                    "bad date in '%s': '%.*s': %s", name,
				                    (int)(vlen > 64 ? 64 : vlen), value, why);
		} else if (is_country_prop(name) &&
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

static const char *prop_get(const cg_graph *g, size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(S(g, g->pn[i]), name) == 0)
			return S(g, g->pv[i]);
	return NULL;
}

/* ---- identity keys ---- */

static int key_push(cg_graph *g, size_t *nkeys, const char *prefix, const char *value)
{
	if (!value || !*value)
		return 0;
	if (CG_ARRAY_GROW(g->key_off, g->key_cap, *nkeys + 2, 16))
		return CG_ENOMEM;
	g->key_off[(*nkeys)++] = (uint32_t)g->keybuf.len;
	if (cg_strbuf_puts(&g->keybuf, prefix) || cg_strbuf_puts(&g->keybuf, value) ||
	    cg_strbuf_putc(&g->keybuf, '\0'))
		return CG_ENOMEM;
	return 0;
}

static const char *key_at(const cg_graph *g, size_t i)
{
	return g->keybuf.buf + g->key_off[i];
}

/* Upper-case letters and digits only: passport and registration numbers. */
static const char *alnum_upper(cg_graph *g, const char *s)
{
	cg_strbuf_reset(&g->tmp);
	for (; *s; s++) {
		char c = *s;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) &&
		    cg_strbuf_putc(&g->tmp, c))
			return NULL;
	}
	return cg_strbuf_cstr(&g->tmp);
}

/* Runs a normaliser; on CG_EPARSE falls back to the plain text form and sets
 * *invalid. */
typedef int (*normfn)(const char *, size_t, cg_strbuf *);

static int norm_or_text(cg_graph *g, normfn fn, const char *v, int *invalid)
{
	int rc = fn(v, strlen(v), &g->norm);
	if (rc == CG_EPARSE) {
		*invalid = 1;
		rc = cg_norm_text(v, strlen(v), &g->norm);
	}
	return rc;
}

static const char *first_of(const cg_graph *g, size_t np, const char *a, const char *b)
{
	const char *v = prop_get(g, np, a);
	return v ? v : (b ? prop_get(g, np, b) : NULL);
}

/* Computes the record's identity keys into g->keybuf / g->key_off, strongest
 * first. Name keys ("name:...") are weak: they merge only compatible
 * entities. */
static int compute_keys(cg_graph *g, cg_entity_type t, const char *name, size_t np, size_t *nkeys,
                        int *invalid, cg_error *err)
{
	const char *v;
	int rc = 0;

	cg_strbuf_reset(&g->keybuf);
	*nkeys = 0;
	*invalid = 0;
	switch (t) {
	case CG_ET_PERSON:
		if ((v = prop_get(g, np, "passport")) && (v = alnum_upper(g, v)) && *v)
			rc = key_push(g, nkeys, "passport:", v);
		if (!rc && (v = prop_get(g, np, "national_id")) && (v = alnum_upper(g, v)) && *v)
			rc = key_push(g, nkeys, "national_id:", v);
		if (rc || (rc = cg_norm_text(name, strlen(name), &g->norm)) || !g->norm.len)
			break;
		if ((v = prop_get(g, np, "dob"))) {
			if (cg_strbuf_puts(&g->norm, "|dob:") || cg_strbuf_puts(&g->norm, v))
				return CG_ENOMEM;
			rc = key_push(g, nkeys, "name:", g->norm.buf);
			g->norm.len -= strlen(v) + 5;
			g->norm.buf[g->norm.len] = '\0';
		}
		if (!rc)
			rc = key_push(g, nkeys, "name:", g->norm.buf);
		break;
	case CG_ET_COMPANY:
		if ((v = prop_get(g, np, "registration_number")) && (v = alnum_upper(g, v)) && *v) {
			const char *j = prop_get(g, np, "jurisdiction");
			cg_strbuf_reset(&g->norm);
			if (cg_strbuf_printf(&g->norm, "%s:%s", j ? j : "", v))
				return CG_ENOMEM;
			rc = key_push(g, nkeys, "reg:", g->norm.buf);
		}
		if (!rc && !(rc = cg_norm_company(name, strlen(name), &g->norm)))
			rc = key_push(g, nkeys, "name:", g->norm.buf);
		break;
	case CG_ET_BANK_ACCOUNT: {
		const char *acct = prop_get(g, np, "account_number");
		const char *bank = prop_get(g, np, "bank");
		v = prop_get(g, np, "iban");
		if (!v && !acct)
			v = name;
		if (v) {
			rc = cg_norm_iban(v, strlen(v), &g->norm);
			if (rc == 0) {
				rc = key_push(g, nkeys, "iban:", g->norm.buf);
				break;
			}
			if (rc != CG_EPARSE)
				break;
			rc = 0;
			if (v != name ||
			    (strlen(v) >= 4 && ((v[0] | 32) >= 'a' && (v[0] | 32) <= 'z') &&
			     ((v[1] | 32) >= 'a' && (v[1] | 32) <= 'z') && v[2] >= '0' &&
			     v[2] <= '9'))
				*invalid = 1; /* it was meant as an IBAN */
			acct = v;
		}
		if ((v = alnum_upper(g, acct)) && *v) {
			char *num = strdup(v);
			if (!num)
				return CG_ENOMEM;
			rc = bank ? cg_norm_text(bank, strlen(bank), &g->norm) : 0;
			if (!bank)
				cg_strbuf_reset(&g->norm);
			if (!rc)
				rc = cg_strbuf_printf(&g->norm, ":%s", num);
			free(num);
			if (!rc)
				rc = key_push(g, nkeys, "acct:", g->norm.buf);
		}
		break;
	}
	case CG_ET_WALLET:
		v = first_of(g, np, "wallet", "address");
		rc = cg_norm_wallet(v ? v : name, strlen(v ? v : name),
		                    first_of(g, np, "chain", "currency"), &g->norm);
		if (rc == CG_EPARSE) {
			*invalid = 1;
			rc = 0;
		}
		if (!rc)
			rc = key_push(g, nkeys, "", g->norm.buf);
		break;
	case CG_ET_ADDRESS:
		v = prop_get(g, np, "address");
		if (!(rc = cg_norm_address(v ? v : name, strlen(v ? v : name), &g->norm)))
			rc = key_push(g, nkeys, "", g->norm.buf);
		break;
	case CG_ET_EMAIL:
		v = prop_get(g, np, "email");
		if (!(rc = norm_or_text(g, cg_norm_email, v ? v : name, invalid)))
			rc = key_push(g, nkeys, "", g->norm.buf);
		break;
	case CG_ET_PHONE: {
		v = prop_get(g, np, "phone");
		const char *cc = prop_get(g, np, "country");
		v = v ? v : name;
		rc = cg_norm_phone(v, strlen(v), cc && strlen(cc) == 2 ? cc : NULL, &g->norm);
		if (rc == CG_EPARSE) {
			*invalid = 1;
			rc = cg_norm_text(v, strlen(v), &g->norm);
		}
		if (!rc)
			rc = key_push(g, nkeys, "", g->norm.buf);
		break;
	}
	case CG_ET_DOMAIN:
		v = prop_get(g, np, "domain");
		if (!(rc = norm_or_text(g, cg_norm_domain, v ? v : name, invalid)))
			rc = key_push(g, nkeys, "", g->norm.buf);
		break;
	case CG_ET_IP:
		v = prop_get(g, np, "ip");
		if (!(rc = norm_or_text(g, cg_norm_ip, v ? v : name, invalid)))
			rc = key_push(g, nkeys, "", g->norm.buf);
		break;
	case CG_ET_URL:
		v = prop_get(g, np, "url");
		if (!(rc = norm_or_text(g, cg_norm_url, v ? v : name, invalid)))
			rc = key_push(g, nkeys, "", g->norm.buf);
		break;
	case CG_ET_COUNTRY:
		v = prop_get(g, np, "code");
		if (!(rc = norm_or_text(g, cg_norm_country, v ? v : name, invalid)))
			rc = key_push(g, nkeys, "", g->norm.buf);
		break;
	case CG_ET_DOCUMENT: {
		const char *kind = prop_get(g, np, "document_type");
		v = prop_get(g, np, "number");
		if ((v = alnum_upper(g, v ? v : name)) && *v) {
			char *num = strdup(v);
			if (!num)
				return CG_ENOMEM;
			rc = cg_norm_text(kind ? kind : "document",
			                  strlen(kind ? kind : "document"), &g->norm);
			if (!rc)
				rc = cg_strbuf_printf(&g->norm, ":%s", num);
			free(num);
			if (!rc)
				rc = key_push(g, nkeys, "", g->norm.buf);
		}
		break;
	}
	default:
		if (!(rc = cg_norm_text(name, strlen(name), &g->norm)))
			rc = key_push(g, nkeys, "name:", g->norm.buf);
		break;
	}
	if (rc == CG_EPARSE)
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "invalid UTF-8 in name");
	if (!rc && *nkeys == 0)
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
		                    "no name or identifier to key the %s",
		                    cg_entity_type_to_string(t));
	return rc;
}

static int key_is_weak(const char *k)
{
	return strncmp(k, "name:", 5) == 0 && !strstr(k, "|dob:");
}

/* Do e and the record (its normalised properties) disagree on a fact that
 * tells two entities apart? */
static int values_conflict(const cg_graph *g, cg_eid e, size_t np, const char *name)
{
	uint32_t tail = g->ents[e].props, have = 0;
	int rec_has = 0;

	for (size_t i = 0; i < np; i++)
		if (strcmp(S(g, g->pn[i]), name) == 0)
			rec_has = 1;
	if (!rec_has || !tail)
		return 0;
	uint32_t c = g->cells[tail].next;
	for (;;) {
		if (strcmp(S(g, g->cells[c].a), name) == 0) {
			have = 1;
			for (size_t i = 0; i < np; i++)
				if (g->pn[i] == g->cells[c].a && g->pv[i] == g->cells[c].b)
					return 0; /* a common value */
		}
		if (c == tail)
			break;
		c = g->cells[c].next;
	}
	return have;
}

/* May the record merge into e on a weak (name) key? */
static int compatible(const cg_graph *g, cg_eid e, cg_entity_type t, size_t np, uint32_t kase,
                      uint32_t local, int *name_only)
{
	*name_only = 0;
	if (t == CG_ET_PERSON) {
		if (values_conflict(g, e, np, "dob") || values_conflict(g, e, np, "nationality"))
			return 0;
		/* Two different ids for one name within a case are two people. */
		uint32_t tail = g->ents[e].prov, c;
		int other_case = 0;
		if (tail) {
			c = g->provs[tail].next;
			for (;;) {
				const prov_rec *p = &g->provs[c];
				if (p->kase == kase && p->local && local && p->local != local)
					return 0;
				if (p->kase != kase)
					other_case = 1;
				if (c == tail)
					break;
				c = p->next;
			}
		}
		*name_only = other_case;
		return 1;
	}
	if (t == CG_ET_COMPANY)
		return !values_conflict(g, e, np, "registration_number");
	return 1;
}

/* ---- entities ---- */

/* Every provenance record must be usable before anything changes, so that a
 * rejected record leaves the graph as it was. */
static int check_provs(const cg_prov *prov, size_t n, cg_error *err)
{
	if (!prov || n == 0)
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0, "record without provenance");
	for (size_t i = 0; i < n; i++) {
		const char *const parts[] = {prov[i].file, prov[i].case_name, prov[i].local_id,
		                             prov[i].via};
		static const char *const what[] = {"file name", "case", "local id", "merge key"};
		if (!prov[i].file || prov[i].line < 0 || prov[i].line > (long)UINT32_MAX)
			return cg_error_set(err, CG_EINVAL, NULL, 0, 0, "bad provenance record");
		/* what the writer writes must be UTF-8 (docs/FORMAT.md) */
		for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
			if (parts[k] && !cg_utf8_valid(parts[k], strlen(parts[k])))
				return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
				                    "invalid UTF-8 in the %s", what[k]);
	}
	return 0;
}

static int canonical_type(cg_graph *g, const char *type, const char *what, uint32_t *out,
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

	if (!type || !*type)
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "missing %s type", what);
	if (!(t = lower_name(g, type)))
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
	return intern(g, t, out);
}

static int check_utf8(const char *s, const char *what, cg_error *err)
{
	if (s && !cg_utf8_valid(s, strlen(s)))
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "invalid UTF-8 in %s", what);
	return 0;
}

#define BOM "\xEF\xBB\xBF" /* U+FEFF, the byte-order mark, in UTF-8 */

/* The part of s without ASCII blanks and byte-order marks at either end:
 * its start, *n its length. A BOM at the edge of a value is an artefact of
 * files joined together (a second export's mark at the start of a row, in
 * its first field): kept, it would make the id 'p2' of that row a different
 * id from the 'p2' that links name, and put an invisible character in
 * names. */
static const char *trim_span(const char *s, size_t *n)
{
	size_t len;

	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (strncmp(s, BOM, 3) == 0)
			s += 3;
		else
			break;
	}
	len = strlen(s);
	for (;;) {
		if (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
		            s[len - 1] == '\n'))
			len--;
		else if (len >= 3 && memcmp(s + len - 3, BOM, 3) == 0)
			len -= 3;
		else
			break;
	}
	*n = len;
	return s;
}

/* Interns s trimmed (trim_span); 0 for NULL. */
static int intern_trimmed(cg_graph *g, const char *s, uint32_t *out)
{
	size_t n;

	if (!s) {
		*out = 0;
		return 0;
	}
	s = trim_span(s, &n);
	return cg_strpool_intern(g->pool, s, n, out);
}

static int new_entity(cg_graph *g, uint32_t type, cg_entity_type et, const char *id,
                      const char *key, cg_eid *out)
{
	entity *e;
	uint32_t idstr, probe_e;
	int rc;

	GROW(g->ents, g->n_ents, g->cap_ents);
	if (g->n_ents >= CG_NO_ENTITY - 1)
		return CG_ELIMIT;
	{
		/* a native id as given, else type:key with "name:" dropped; "#2"
		 * ... added when taken, so that ids stay unique */
		const char *k = strncmp(key, "name:", 5) == 0 ? key + 5 : key;
		size_t base;
		cg_strbuf_reset(&g->tmp);
		rc = id ? cg_strbuf_puts(&g->tmp, id)
		        : (cg_strbuf_puts(&g->tmp, S(g, type)) || cg_strbuf_putc(&g->tmp, ':') ||
		           cg_strbuf_puts(&g->tmp, k));
		base = g->tmp.len;
		for (int n = 2; !rc; n++) {
			uint32_t found = cg_strpool_find(g->pool, g->tmp.buf, g->tmp.len);
			if (!found || !cg_map64_get(&g->id_index, found, &probe_e))
				break;
			g->tmp.len = base;
			rc = cg_strbuf_printf(&g->tmp, "#%d", n);
		}
		if (!rc)
			rc = cg_strpool_intern(g->pool, g->tmp.buf, g->tmp.len, &idstr);
	}
	if (rc)
		return rc;
	if ((rc = cg_map64_put(&g->id_index, idstr, (uint32_t)g->n_ents)))
		return rc;
	e = &g->ents[g->n_ents];
	memset(e, 0, sizeof *e);
	e->id = idstr;
	e->type = type;
	e->etype = (uint8_t)et;
	*out = (cg_eid)g->n_ents++;
	return 0;
}

/* Registers key (interned) for e: index it, or append e to the chain of
 * entities sharing it. */
static int register_key(cg_graph *g, cg_eid e, uint32_t type, uint32_t key)
{
	uint32_t first, c;

	if (cell_find(g, g->ents[e].keys, key, 0, 1))
		return 0;
	if (cell_append(g, &g->ents[e].keys, key, 0))
		return CG_ENOMEM;
	if (!cg_map64_get(&g->key_index, pair(type, key), &first))
		return cg_map64_put(&g->key_index, pair(type, key), e);
	/* walk the chain to its end */
	for (cg_eid cur = first;;) {
		c = cell_find(g, g->ents[cur].keys, key, 0, 1);
		if (!c || !g->cells[c].b || cur == e) {
			if (c && cur != e)
				g->cells[c].b = e + 1;
			return 0;
		}
		cur = g->cells[c].b - 1;
	}
}

int cg_graph_add_entity(cg_graph *g, const cg_entity_rec *rec, cg_eid *out, cg_add_result *how,
                        cg_error *err)
{
	uint32_t type, name = 0, kase = 0, local = 0, via = 0, s;
	cg_entity_type et;
	size_t np = 0, nkeys = 0;
	cg_eid target = CG_NO_ENTITY, found;
	int rc, invalid = 0, name_only = 0;
	const char *namestr;

	if ((rc = check_provs(rec->prov, rec->n_prov, err)))
		return rc;
	if ((rc = canonical_type(g, rec->type, "entity", &type, err)))
		return rc;
	et = cg_entity_type_from_string(S(g, type));
	if ((rc = check_utf8(rec->name, "name", err)))
		return rc;
	for (size_t i = 0; i < rec->n_aliases; i++)
		if ((rc = check_utf8(rec->aliases[i], "aliases", err)))
			return rc;
	for (size_t i = 0; i < rec->n_roles; i++)
		if ((rc = check_utf8(rec->roles[i], "role", err)))
			return rc;
	if ((rc = norm_props(g, rec->props, rec->n_props, &np, err)))
		return rc;
	if ((rc = intern_trimmed(g, rec->name, &name)))
		return rc;
	namestr = S(g, name);
	if (!*namestr) {
		/* identifier types may carry their value in a property */
		static const char *const value_props[] = {
		    "email",   "phone",  "domain",         "ip",    "url", "iban",
		    "address", "wallet", "account_number", "number"};
		for (size_t i = 0; i < sizeof value_props / sizeof value_props[0] && !*namestr;
		     i++) {
			const char *v = prop_get(g, np, value_props[i]);
			if (v && (rc = intern_trimmed(g, v, &name)))
				return rc;
			namestr = S(g, name);
		}
	}
	if ((rc = intern_trimmed(g, rec->prov[0].case_name, &kase)) ||
	    (rc = intern_trimmed(g, rec->prov[0].local_id, &local)))
		return rc;
	if (rec->id && !cg_utf8_valid(rec->id, strlen(rec->id)))
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "invalid UTF-8 in the id");
	for (size_t i = 0; rec->keys && i < rec->n_keys; i++)
		if ((rc = check_utf8(rec->keys[i], "identity key", err)))
			return rc;
	if (rec->keys) {
		cg_strbuf_reset(&g->keybuf);
		for (size_t i = 0; i < rec->n_keys; i++)
			if ((rc = key_push(g, &nkeys, "", rec->keys[i])))
				return rc;
		invalid = (rec->flags & CG_EF_INVALID_ID) != 0;
	} else if (!*namestr) {
		return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "empty name");
	} else if ((rc = compute_keys(g, et, namestr, np, &nkeys, &invalid, err))) {
		return rc;
	}

	/* 1. the id (native records), when the entity also shares a key: ids of
	 * graphs written apart ("person:kim#2") may name different people */
	if (rec->id && (s = cg_strpool_find(g->pool, rec->id, strlen(rec->id))) &&
	    cg_map64_get(&g->id_index, s, &found) && found < rec->restore_floor) {
		int shared = 0;
		for (size_t i = 0; i < nkeys && !shared && g->ents[found].type == type; i++) {
			uint32_t k = cg_strpool_find(g->pool, key_at(g, i), strlen(key_at(g, i)));
			shared = k && cell_find(g, g->ents[found].keys, k, 0, 1);
		}
		if (shared)
			target = found;
	}
	/* 2. the local id within the case (not another entity of the same
	 * saved graph: there it was a different entity) */
	if (target == CG_NO_ENTITY && kase && local &&
	    cg_map64_get(&g->local_index, pair(kase, local), &found) &&
	    found < rec->restore_floor) {
		target = found;
		if (g->ents[target].type != type)
			return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
			                    "id '%s' is already a %s in case '%s'", S(g, local),
			                    S(g, g->ents[target].type), S(g, kase));
		cg_strbuf_reset(&g->tmp);
		if (cg_strbuf_printf(&g->tmp, "id:%s", S(g, local)) ||
		    cg_strpool_intern(g->pool, g->tmp.buf, g->tmp.len, &via))
			return CG_ENOMEM;
	}
	/* 3. the identity keys, strongest first */
	for (size_t i = 0; i < nkeys && target == CG_NO_ENTITY; i++) {
		uint32_t key = cg_strpool_find(g->pool, key_at(g, i), strlen(key_at(g, i))), cur;
		if (!key || !cg_map64_get(&g->key_index, pair(type, key), &cur))
			continue;
		for (;;) {
			int weak = key_is_weak(key_at(g, i));
			if (cur < rec->restore_floor &&
			    (!weak || compatible(g, cur, et, np, kase, local, &name_only))) {
				target = cur;
				via = key;
				break;
			}
			uint32_t c = cell_find(g, g->ents[cur].keys, key, 0, 1);
			if (!c || !g->cells[c].b)
				break;
			cur = g->cells[c].b - 1;
		}
	}
	if (target == CG_NO_ENTITY) {
		if ((rc = new_entity(g, type, et, rec->id, key_at(g, 0), &target)))
			return rc;
		g->ents[target].name = name;
		if (how)
			*how = CG_ADD_CREATED;
		via = 0;
		name_only = 0;
	} else {
		g->merges++;
		if (how)
			*how = CG_ADD_MERGED;
	}
	entity *e = &g->ents[target];
	if (!e->name)
		e->name = name;
	else if (name && name != e->name && (rc = cell_add_unique(g, &e->aliases, name, 0)))
		return rc;
	e->flags |= (uint16_t)(rec->flags | (invalid ? CG_EF_INVALID_ID : 0) |
	                       (name_only ? CG_EF_NAME_ONLY : 0));
	for (size_t i = 0; i < rec->n_aliases; i++) {
		uint32_t a;
		if ((rc = intern_trimmed(g, rec->aliases[i], &a)))
			return rc;
		if (a && a != g->ents[target].name &&
		    (rc = cell_add_unique(g, &g->ents[target].aliases, a, 0)))
			return rc;
	}
	for (size_t i = 0; i < rec->n_roles; i++) {
		uint32_t r;
		const char *lr = lower_name(g, rec->roles[i]);
		if (!lr)
			return CG_ENOMEM;
		if ((rc = intern(g, lr, &r)) ||
		    (rc = cell_add_unique(g, &g->ents[target].roles, r, 0)))
			return rc;
	}
	for (size_t i = 0; i < np; i++)
		if ((rc = cell_add_unique(g, &g->ents[target].props, g->pn[i], g->pv[i])))
			return rc;
	for (size_t i = 0; i < nkeys; i++) {
		uint32_t key;
		if ((rc = intern(g, key_at(g, i), &key)) ||
		    (rc = register_key(g, target, type, key)))
			return rc;
	}
	for (size_t i = 0; i < rec->n_prov; i++) {
		const cg_prov *p = &rec->prov[i];
		prov_rec pr = {0};
		if ((rc = intern(g, p->file, &pr.file)) ||
		    (rc = intern_trimmed(g, p->case_name, &pr.kase)) ||
		    (rc = intern_trimmed(g, p->local_id, &pr.local)))
			return rc;
		pr.line = (uint32_t)p->line;
		if (p->via && *p->via) {
			if ((rc = intern(g, p->via, &pr.via)))
				return rc;
			pr.flags = p->flags;
		} else {
			pr.via = via;
			pr.flags = p->flags | (name_only ? CG_PF_NAME_ONLY : 0);
		}
		if ((rc = prov_add(g, &g->ents[target].prov, (uint64_t)target << 1, &pr)))
			return rc;
		if (pr.kase && pr.local &&
		    (rc = cg_map64_put(&g->local_index, pair(pr.kase, pr.local), target)))
			return rc;
	}
	if (out)
		*out = target;
	return 0;
}

/* ---- links ---- */

static uint64_t link_hash(const link *l, const cg_graph *g, size_t np)
{
	cg_eid a = l->src, b = l->dst;
	uint64_t h, props = 0;

	if (!l->directed && a > b) {
		a = l->dst;
		b = l->src;
	}
	h = cg_hash_u64(pair(a, b)) ^ cg_hash_u64(pair(l->type, l->directed));
	if (l->has_amount)
		h ^= cg_hash_u64((uint64_t)l->amount ^ cg_hash_u64(l->currency));
	for (size_t i = 0; i < np; i++)
		props += cg_hash_u64(pair(g->pn[i], g->pv[i]));
	return cg_hash_u64(h ^ props);
}

static int link_props_equal(const cg_graph *g, const link *l, size_t np)
{
	size_t n = 0;

	if (l->props) {
		uint32_t c = g->cells[l->props].next;
		for (;;) {
			n++;
			if (c == l->props)
				break;
			c = g->cells[c].next;
		}
	}
	if (n != np)
		return 0;
	for (size_t i = 0; i < np; i++)
		if (!cell_find(g, l->props, g->pn[i], g->pv[i], 0))
			return 0;
	return 1;
}

static int same_link(const cg_graph *g, const link *a, const link *b, size_t np)
{
	int ends = (a->src == b->src && a->dst == b->dst) ||
	           (!a->directed && a->src == b->dst && a->dst == b->src);
	return ends && a->type == b->type && a->directed == b->directed &&
	       a->has_amount == b->has_amount &&
	       (!a->has_amount || (a->amount == b->amount && a->currency == b->currency)) &&
	       link_props_equal(g, a, np);
}

int cg_graph_add_link(cg_graph *g, const cg_link_rec *rec, cg_lid *out, cg_add_result *how,
                      cg_error *err)
{
	link l = {0};
	size_t np = 0;
	uint32_t found;
	uint64_t probe;
	int rc;

	if ((rc = check_provs(rec->prov, rec->n_prov, err)))
		return rc;
	if (rec->source >= g->n_ents || rec->target >= g->n_ents)
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0, "link end out of range");
	if ((rc = canonical_type(g, rec->type, "link", &l.type, err)))
		return rc;
	l.ltype = (uint8_t)cg_link_type_from_string(S(g, l.type));
	l.src = rec->source;
	l.dst = rec->target;
	l.directed =
	    (uint8_t)(rec->directed < 0 ? cg_link_type_directed(l.ltype) : rec->directed != 0);
	if (rec->amount && rec->amount[strspn(rec->amount, " \t")]) {
		char code[8];
		size_t cl = 0;
		const char *why = NULL, *c = rec->currency ? rec->currency : "";
		while (*c == ' ')
			c++;
		for (; *c && *c != ' ' && cl < sizeof code - 1; c++)
			code[cl++] = (char)((*c >= 'a' && *c <= 'z') ? *c - 32 : *c);
		code[cl] = '\0';
		if (!cl)
			return cg_error_set(err, CG_EPARSE, NULL, 0, 0,
			                    "amount '%.40s' without a currency", rec->amount);
		if (cg_currency_minor_units(code) < 0)
			return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "unknown currency '%.16s'",
			                    rec->currency);
		rc = cg_parse_money(rec->amount, strlen(rec->amount), code, &l.amount, &why);
		if (rc)
			return cg_error_set(err, CG_EPARSE, NULL, 0, 0, "bad amount '%.40s': %s",
			                    rec->amount, why);
		if ((rc = intern(g, code, &l.currency)))
			return rc;
		l.has_amount = 1;
	}
	if ((rc = norm_props(g, rec->props, rec->n_props, &np, err)))
		return rc;
	for (probe = link_hash(&l, g, np);; probe++) {
		if (!cg_map64_get(&g->link_index, probe, &found)) {
			found = UINT32_MAX;
			break;
		}
		if (same_link(g, &g->links[found], &l, np))
			break;
	}
	if (found == UINT32_MAX) {
		GROW(g->links, g->n_links, g->cap_links);
		found = (uint32_t)g->n_links;
		if ((rc = cg_map64_put(&g->link_index, probe, found)))
			return rc;
		g->links[g->n_links++] = l;
		for (size_t i = 0; i < np; i++)
			if ((rc = cell_append(g, &g->links[found].props, g->pn[i], g->pv[i])))
				return rc;
		if (how)
			*how = CG_ADD_CREATED;
	} else if (how) {
		*how = CG_ADD_MERGED;
	}
	for (size_t i = 0; i < rec->n_prov; i++) {
		const cg_prov *p = &rec->prov[i];
		prov_rec pr = {0};
		if ((rc = intern(g, p->file, &pr.file)) ||
		    (rc = intern_trimmed(g, p->case_name, &pr.kase)))
			return rc;
		pr.line = (uint32_t)p->line;
		if ((rc = prov_add(g, &g->links[found].prov, (uint64_t)found << 1 | 1, &pr)))
			return rc;
	}
	if (out)
		*out = found;
	return 0;
}

/* ---- lookups and accessors ---- */

cg_eid cg_graph_find_local(const cg_graph *g, const char *case_name, const char *local_id)
{
	size_t nc, nl;
	const char *cs = trim_span(case_name, &nc), *ls = trim_span(local_id, &nl);
	uint32_t c = cg_strpool_find(g->pool, cs, nc);
	uint32_t l = cg_strpool_find(g->pool, ls, nl);
	uint32_t e;

	if (!c || !l || !cg_map64_get(&g->local_index, pair(c, l), &e))
		return CG_NO_ENTITY;
	return e;
}

cg_eid cg_graph_find_id(const cg_graph *g, const char *id)
{
	uint32_t s = cg_strpool_find(g->pool, id, strlen(id)), e;

	if (!s || !cg_map64_get(&g->id_index, s, &e))
		return CG_NO_ENTITY;
	return e;
}

cg_eid cg_graph_find_key(const cg_graph *g, const char *type, const char *key)
{
	uint32_t t = cg_strpool_find(g->pool, type, strlen(type));
	uint32_t k = cg_strpool_find(g->pool, key, strlen(key)), e;

	if (!t || !k || !cg_map64_get(&g->key_index, pair(t, k), &e))
		return CG_NO_ENTITY;
	return e;
}

size_t cg_graph_entity_count(const cg_graph *g)
{
	return g->n_ents;
}

size_t cg_graph_link_count(const cg_graph *g)
{
	return g->n_links;
}

size_t cg_graph_merge_count(const cg_graph *g)
{
	return g->merges;
}

static size_t map_bytes(const cg_map64 *m)
{
	return m->mask ? (m->mask + 1) * CG_MAP64_SLOT_BYTES : 0;
}

void cg_graph_memory_use(const cg_graph *g, cg_graph_mem *m)
{
	memset(m, 0, sizeof *m);
	m->strings = cg_strpool_bytes(g->pool);
	m->n_strings = cg_strpool_count(g->pool);
	m->entities = g->cap_ents * sizeof *g->ents;
	m->links = g->cap_links * sizeof *g->links;
	m->cells = g->cap_cells * sizeof *g->cells;
	m->provenance = g->cap_provs * sizeof *g->provs;
	m->indexes = map_bytes(&g->key_index) + map_bytes(&g->local_index) +
	             map_bytes(&g->id_index) + map_bytes(&g->link_index) +
	             map_bytes(&g->prov_index);
	m->total = m->strings + m->entities + m->links + m->cells + m->provenance + m->indexes;
}

size_t cg_graph_memory(const cg_graph *g)
{
	return sizeof *g + cg_strpool_bytes(g->pool) + g->cap_ents * sizeof *g->ents +
	       g->cap_links * sizeof *g->links + g->cap_cells * sizeof *g->cells +
	       g->cap_provs * sizeof *g->provs + map_bytes(&g->key_index) +
	       map_bytes(&g->local_index) + map_bytes(&g->id_index) + map_bytes(&g->link_index) +
	       map_bytes(&g->prov_index);
}

const char *cg_entity_id(const cg_graph *g, cg_eid e)
{
	return S(g, g->ents[e].id);
}

const char *cg_entity_type_name(const cg_graph *g, cg_eid e)
{
	return S(g, g->ents[e].type);
}

cg_entity_type cg_entity_type_of(const cg_graph *g, cg_eid e)
{
	return (cg_entity_type)g->ents[e].etype;
}

const char *cg_entity_name(const cg_graph *g, cg_eid e)
{
	return S(g, g->ents[e].name);
}

unsigned cg_entity_flags(const cg_graph *g, cg_eid e)
{
	return g->ents[e].flags;
}

const char *cg_entity_prop(const cg_graph *g, cg_eid e, const char *name)
{
	uint32_t n = cg_strpool_find(g->pool, name, strlen(name));
	uint32_t c = n ? cell_find(g, g->ents[e].props, n, 0, 1) : 0;

	return c ? S(g, g->cells[c].b) : NULL;
}

static cg_iter iter_of(const cg_graph *g, uint32_t tail, int prov)
{
	cg_iter it = {0, 0};

	if (tail) {
		it.head = tail; /* the tail marks the end */
		it.cur = prov ? g->provs[tail].next : g->cells[tail].next;
	}
	return it;
}

cg_iter cg_entity_aliases(const cg_graph *g, cg_eid e)
{
	return iter_of(g, g->ents[e].aliases, 0);
}

cg_iter cg_entity_roles(const cg_graph *g, cg_eid e)
{
	return iter_of(g, g->ents[e].roles, 0);
}

cg_iter cg_entity_keys(const cg_graph *g, cg_eid e)
{
	return iter_of(g, g->ents[e].keys, 0);
}

cg_iter cg_entity_props(const cg_graph *g, cg_eid e)
{
	return iter_of(g, g->ents[e].props, 0);
}

cg_iter cg_entity_provs(const cg_graph *g, cg_eid e)
{
	return iter_of(g, g->ents[e].prov, 1);
}

cg_iter cg_link_props(const cg_graph *g, cg_lid l)
{
	return iter_of(g, g->links[l].props, 0);
}

cg_iter cg_link_provs(const cg_graph *g, cg_lid l)
{
	return iter_of(g, g->links[l].prov, 1);
}

static const cell *iter_cell(const cg_graph *g, cg_iter *it)
{
	const cell *c;

	if (!it->cur)
		return NULL;
	c = &g->cells[it->cur];
	it->cur = it->cur == it->head ? 0 : c->next;
	return c;
}

int cg_iter_next_str(const cg_graph *g, cg_iter *it, const char **value)
{
	const cell *c = iter_cell(g, it);

	if (!c)
		return 0;
	*value = S(g, c->a);
	return 1;
}

int cg_iter_next_prop(const cg_graph *g, cg_iter *it, const char **name, const char **value)
{
	const cell *c = iter_cell(g, it);

	if (!c)
		return 0;
	*name = S(g, c->a);
	*value = S(g, c->b);
	return 1;
}

int cg_iter_next_prov(const cg_graph *g, cg_iter *it, cg_prov *prov)
{
	const prov_rec *p;

	if (!it->cur)
		return 0;
	p = &g->provs[it->cur];
	it->cur = it->cur == it->head ? 0 : p->next;
	prov->file = S(g, p->file);
	prov->line = p->line;
	prov->case_name = S(g, p->kase);
	prov->local_id = p->local ? S(g, p->local) : NULL;
	prov->via = p->via ? S(g, p->via) : NULL;
	prov->flags = p->flags;
	return 1;
}

int cg_iter_next_prov_case(const cg_graph *g, cg_iter *it, const char **case_name)
{
	const prov_rec *p;

	if (!it->cur)
		return 0;
	p = &g->provs[it->cur];
	it->cur = it->cur == it->head ? 0 : p->next;
	*case_name = S(g, p->kase);
	return 1;
}

const char *cg_link_type_name(const cg_graph *g, cg_lid l)
{
	return S(g, g->links[l].type);
}

cg_link_type cg_link_type_of(const cg_graph *g, cg_lid l)
{
	return (cg_link_type)g->links[l].ltype;
}

cg_eid cg_link_source(const cg_graph *g, cg_lid l)
{
	return g->links[l].src;
}

cg_eid cg_link_target(const cg_graph *g, cg_lid l)
{
	return g->links[l].dst;
}

int cg_link_directed(const cg_graph *g, cg_lid l)
{
	return g->links[l].directed;
}

int cg_link_amount(const cg_graph *g, cg_lid l, int64_t *minor, const char **currency)
{
	if (!g->links[l].has_amount)
		return 0;
	*minor = g->links[l].amount;
	*currency = S(g, g->links[l].currency);
	return 1;
}

static const char *const flag_names[CG_EF_FLAG_COUNT] = {"name_only_merge", "invalid_identifier"};

const char *cg_entity_flag_to_string(unsigned bit)
{
	for (unsigned i = 0; i < CG_EF_FLAG_COUNT; i++)
		if (bit == 1u << i)
			return flag_names[i];
	return NULL;
}

unsigned cg_entity_flag_from_string(const char *s)
{
	int i = cg_name_index(flag_names, CG_EF_FLAG_COUNT, s);
	return i < 0 ? 0 : 1u << i;
}
