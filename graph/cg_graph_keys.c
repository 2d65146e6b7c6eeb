/* Identity keys (docs/MODEL.md): the keys a record is merged on, computed
 * from its type, name and normalised properties, and the rule that lets a
 * weak (name) key merge two records. Part of the entity store: see
 * cg_graph_internal.h. */
#include "cg_graph_internal.h"

#include "cg_array.h"
#include "cg_normalize.h"

#include <stdlib.h>
#include <string.h>

int graph_key_push(cg_graph *g, size_t *nkeys, const char *prefix, const char *value)
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

/* Upper-case letters and digits only, into *out (g->tmp): passport and
 * registration numbers. 0 or CG_ENOMEM. */
static int alnum_upper(cg_graph *g, const char *s, const char **out)
{
	cg_strbuf_reset(&g->tmp);
	for (; *s; s++) {
		char c = *s;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) &&
		    cg_strbuf_putc(&g->tmp, c))
			return CG_ENOMEM;
	}
	*out = cg_strbuf_cstr(&g->tmp);
	return 0;
}

/* Runs a normaliser; on CG_EPARSE falls back to the literal text
 * (cg_norm_literal: punctuation kept, so that invalid values merge only
 * when written alike) and sets *invalid. */
typedef int (*normfn)(const char *, size_t, cg_strbuf *);

static int norm_or_text(cg_graph *g, normfn fn, const char *v, int *invalid)
{
	int rc = fn(v, strlen(v), &g->norm);
	if (rc == CG_EPARSE) {
		*invalid = 1;
		rc = cg_norm_literal(v, strlen(v), &g->norm);
	}
	return rc;
}

static const char *first_of(const cg_graph *g, size_t np, const char *a, const char *b)
{
	const char *v = prop_get(g, np, a);
	return v ? v : (b ? prop_get(g, np, b) : NULL);
}

/* A person's keys: passport and national id (letters and digits), then the
 * normalised name with the date of birth, then the name alone (weak). No
 * name key for a name that normalises to nothing. */
static int person_keys(cg_graph *g, const char *name, size_t np, size_t *nkeys)
{
	const char *v;
	int rc = 0;

	if ((v = prop_get(g, np, "passport")) && !(rc = alnum_upper(g, v, &v)) && *v)
		rc = graph_key_push(g, nkeys, "passport:", v);
	if (!rc && (v = prop_get(g, np, "national_id")) && !(rc = alnum_upper(g, v, &v)) && *v)
		rc = graph_key_push(g, nkeys, "national_id:", v);
	if (rc || (rc = cg_norm_text(name, strlen(name), &g->norm)) || !g->norm.len)
		return rc;
	if ((v = prop_get(g, np, "dob"))) {
		if (cg_strbuf_puts(&g->norm, "|dob:") || cg_strbuf_puts(&g->norm, v))
			return CG_ENOMEM;
		rc = graph_key_push(g, nkeys, "name:", g->norm.buf);
		g->norm.len -= strlen(v) + 5;
		g->norm.buf[g->norm.len] = '\0';
	}
	if (!rc)
		rc = graph_key_push(g, nkeys, "name:", g->norm.buf);
	return rc;
}

/* A company's keys: jurisdiction and registration number, then the
 * normalised company name (weak). */
static int company_keys(cg_graph *g, const char *name, size_t np, size_t *nkeys)
{
	const char *v;
	int rc = 0;

	if ((v = prop_get(g, np, "registration_number")) && !(rc = alnum_upper(g, v, &v)) && *v) {
		const char *j = prop_get(g, np, "jurisdiction");
		cg_strbuf_reset(&g->norm);
		if (cg_strbuf_puts(&g->norm, j ? j : "") || cg_strbuf_putc(&g->norm, ':') ||
		    cg_strbuf_puts(&g->norm, v))
			return CG_ENOMEM;
		rc = graph_key_push(g, nkeys, "reg:", g->norm.buf);
	}
	if (!rc && !(rc = cg_norm_company(name, strlen(name), &g->norm)))
		rc = graph_key_push(g, nkeys, "name:", g->norm.buf);
	return rc;
}

/* Does v start as an IBAN does (two letters, then a digit; four bytes at
 * least)? */
static int iban_shaped(const char *v)
{
	return strlen(v) >= 4 && ((v[0] | 32) >= 'a' && (v[0] | 32) <= 'z') &&
	       ((v[1] | 32) >= 'a' && (v[1] | 32) <= 'z') && v[2] >= '0' && v[2] <= '9';
}

/* A bank account's one key: its IBAN (the iban property, else the name
 * when there is no account number either), else bank and account number.
 * An IBAN that fails validation is keyed as an account number and marks
 * the record *invalid when it was given as an IBAN or looks like one. */
static int bank_account_keys(cg_graph *g, const char *name, size_t np, size_t *nkeys, int *invalid)
{
	const char *acct = prop_get(g, np, "account_number");
	const char *bank = prop_get(g, np, "bank");
	const char *v = prop_get(g, np, "iban");
	int rc = 0;

	if (!v && !acct)
		v = name;
	if (v) {
		rc = cg_norm_iban(v, strlen(v), &g->norm);
		if (rc == 0)
			return graph_key_push(g, nkeys, "iban:", g->norm.buf);
		if (rc != CG_EPARSE)
			return rc;
		rc = 0;
		if (v != name || iban_shaped(v))
			*invalid = 1; /* it was meant as an IBAN */
		acct = v;
	}
	if (!(rc = alnum_upper(g, acct, &v)) && *v) {
		/* v is in g->tmp, which the normaliser (g->norm) leaves alone */
		rc = bank ? cg_norm_text(bank, strlen(bank), &g->norm) : 0;
		if (!bank)
			cg_strbuf_reset(&g->norm);
		if (!rc && (cg_strbuf_putc(&g->norm, ':') || cg_strbuf_puts(&g->norm, v)))
			rc = CG_ENOMEM;
		if (!rc)
			rc = graph_key_push(g, nkeys, "acct:", g->norm.buf);
	}
	return rc;
}

/* A wallet's one key: "<chain>:<address>" (cg_norm_wallet) of the wallet
 * or address property, else of the name, on the chain or currency
 * property's chain. An address cg_norm_wallet rejects still gives the key
 * it wrote, if any, and marks the record *invalid. */
static int wallet_keys(cg_graph *g, const char *name, size_t np, size_t *nkeys, int *invalid)
{
	const char *v = first_of(g, np, "wallet", "address");
	int rc = cg_norm_wallet(v ? v : name, strlen(v ? v : name),
	                        first_of(g, np, "chain", "currency"), &g->norm);

	if (rc == CG_EPARSE) {
		*invalid = 1;
		rc = 0;
	}
	if (!rc)
		rc = graph_key_push(g, nkeys, "", g->norm.buf);
	return rc;
}

/* A phone's one key: the number (phone property, else the name) as
 * cg_norm_phone writes it, the country property lending its calling code
 * when it is an alpha-2 code; a number cg_norm_phone rejects is keyed as
 * written (cg_norm_literal) and marks the record *invalid. */
static int phone_keys(cg_graph *g, const char *name, size_t np, size_t *nkeys, int *invalid)
{
	const char *v = prop_get(g, np, "phone");
	const char *cc = prop_get(g, np, "country");
	int rc;

	v = v ? v : name;
	rc = cg_norm_phone(v, strlen(v), cc && strlen(cc) == 2 ? cc : NULL, &g->norm);
	if (rc == CG_EPARSE) {
		*invalid = 1;
		rc = cg_norm_literal(v, strlen(v), &g->norm);
	}
	if (!rc)
		rc = graph_key_push(g, nkeys, "", g->norm.buf);
	return rc;
}

/* A document's one key: its kind (document_type, else "document") and its
 * number (number property, else the name) in letters and digits. */
static int document_keys(cg_graph *g, const char *name, size_t np, size_t *nkeys)
{
	const char *kind = prop_get(g, np, "document_type");
	const char *v = prop_get(g, np, "number");
	int rc = 0;

	if (!(rc = alnum_upper(g, v ? v : name, &v)) && *v) {
		/* v is in g->tmp, which the normaliser (g->norm) leaves alone */
		rc = cg_norm_text(kind ? kind : "document", strlen(kind ? kind : "document"),
		                  &g->norm);
		if (!rc && (cg_strbuf_putc(&g->norm, ':') || cg_strbuf_puts(&g->norm, v)))
			rc = CG_ENOMEM;
		if (!rc)
			rc = graph_key_push(g, nkeys, "", g->norm.buf);
	}
	return rc;
}

/* The one key of an identifier type: property prop's value (else the
 * name) normalised by fn; a value fn rejects is keyed as written
 * (cg_norm_literal) and marks the record *invalid. */
static int identifier_key(cg_graph *g, normfn fn, const char *prop, const char *name, size_t np,
                          size_t *nkeys, int *invalid)
{
	const char *v = prop_get(g, np, prop);
	int rc = norm_or_text(g, fn, v ? v : name, invalid);

	if (!rc)
		rc = graph_key_push(g, nkeys, "", g->norm.buf);
	return rc;
}

int graph_compute_keys(cg_graph *g, cg_entity_type t, const char *name, size_t np, size_t *nkeys,
                       int *invalid, cg_error *err)
{
	const char *v;
	int rc = 0;

	cg_strbuf_reset(&g->keybuf);
	*nkeys = 0;
	*invalid = 0;
	switch (t) {
	case CG_ET_PERSON:
		rc = person_keys(g, name, np, nkeys);
		break;
	case CG_ET_COMPANY:
		rc = company_keys(g, name, np, nkeys);
		break;
	case CG_ET_BANK_ACCOUNT:
		rc = bank_account_keys(g, name, np, nkeys, invalid);
		break;
	case CG_ET_WALLET:
		rc = wallet_keys(g, name, np, nkeys, invalid);
		break;
	case CG_ET_ADDRESS:
		v = prop_get(g, np, "address");
		if (!(rc = cg_norm_address(v ? v : name, strlen(v ? v : name), &g->norm)))
			rc = graph_key_push(g, nkeys, "", g->norm.buf);
		break;
	case CG_ET_EMAIL:
		rc = identifier_key(g, cg_norm_email, "email", name, np, nkeys, invalid);
		break;
	case CG_ET_PHONE:
		rc = phone_keys(g, name, np, nkeys, invalid);
		break;
	case CG_ET_DOMAIN:
		rc = identifier_key(g, cg_norm_domain, "domain", name, np, nkeys, invalid);
		break;
	case CG_ET_IP:
		rc = identifier_key(g, cg_norm_ip, "ip", name, np, nkeys, invalid);
		break;
	case CG_ET_URL:
		rc = identifier_key(g, cg_norm_url, "url", name, np, nkeys, invalid);
		break;
	case CG_ET_COUNTRY:
		rc = identifier_key(g, cg_norm_country, "code", name, np, nkeys, invalid);
		break;
	case CG_ET_DOCUMENT:
		rc = document_keys(g, name, np, nkeys);
		break;
	default:
		if (!(rc = cg_norm_text(name, strlen(name), &g->norm)))
			rc = graph_key_push(g, nkeys, "name:", g->norm.buf);
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

/* The local id record p of entity e gives the case rule: none for an id
 * the importer made (CG_PF_MADE_ID), except for persons. */
static uint32_t rule_local(const cg_graph *g, cg_eid e, const prov_rec *p)
{
	return (psrc(g, p)->flags & CG_PF_MADE_ID) && g->ents[e].etype != CG_ET_PERSON ? 0
	                                                                               : p->local;
}

uint32_t graph_case_state(const cg_graph *g, cg_eid e, uint32_t kase, int *other_case)
{
	uint32_t tail = g->ents[e].prov, all, state = CASE_NONE, c;

	*other_case = 0;
	if (cg_map64_get(&g->case_index, pair(e, CASE_ALL), &all)) {
		/* a long list: indexed */
		GRAPH_STEP();
		*other_case = all != kase;
		return cg_map64_get(&g->case_index, pair(e, kase), &state) ? state : CASE_NONE;
	}
	if (!tail)
		return state;
	for (c = g->provs[tail].next;; c = g->provs[c].next) {
		GRAPH_STEP();
		const prov_rec *p = &g->provs[c];
		uint32_t local = rule_local(g, e, p);
		if (psrc(g, p)->kase != kase)
			*other_case = 1;
		else if (state == CASE_NONE)
			state = local;
		else if (local && local != state)
			state = state ? CASE_MANY : local;
		if (c == tail)
			return state;
	}
}

int graph_case_note(cg_graph *g, cg_eid e, const prov_rec *p)
{
	uint32_t v, all, local = rule_local(g, e, p), kase = psrc(g, p)->kase;
	int rc = 0;

	if (!cg_map64_get(&g->case_index, pair(e, kase), &v))
		rc = cg_map64_put(&g->case_index, pair(e, kase), local);
	else if (local && local != v)
		rc = cg_map64_put(&g->case_index, pair(e, kase), v ? CASE_MANY : local);
	if (rc)
		return rc;
	if (!cg_map64_get(&g->case_index, pair(e, CASE_ALL), &all))
		return cg_map64_put(&g->case_index, pair(e, CASE_ALL), kase);
	if (all != kase && all != CASE_MANY)
		return cg_map64_put(&g->case_index, pair(e, CASE_ALL), CASE_MANY);
	return 0;
}

int graph_compatible(const cg_graph *g, cg_eid e, cg_entity_type t, size_t np, uint32_t kase,
                     uint32_t local, int *name_only)
{
	int other_case;
	uint32_t state;

	*name_only = 0;
	if (t == CG_ET_PERSON &&
	    (values_conflict(g, e, np, "dob") || values_conflict(g, e, np, "nationality")))
		return 0;
	if (t == CG_ET_COMPANY && values_conflict(g, e, np, "registration_number"))
		return 0;
	/* Two different local ids for one name within a case are two entities,
	 * of any type: the source says they are distinct. */
	state = graph_case_state(g, e, kase, &other_case);
	if (local && state != CASE_NONE && state && state != local)
		return 0;
	*name_only = 1; /* merged on a name alone: listed by casegraph merges */
	return 1;
}
