/* Layer 4 of the report importer: the ties a sentence states (docs/REPORTS.md,
 * "Layer 4", "Ties"). Between the entities of one sentence (at most
 * MAX_TIE_ENTS), a cue word between them (or just before the first) types
 * the tie: director_of, owns, employee_of, registrant_of, registered_at,
 * located_in, uses, holds_account (high confidence); a pair no cue types is
 * mentioned_with (medium); persons and companies of one paragraph in
 * different sentences are mentioned_with at low confidence. Each tie
 * carries its sentence as evidence. */
#include "report_internal.h"

#include <string.h>

#define MAX_EVIDENCE 400 /* bytes of a sentence kept as evidence */
#define MAX_TIE_ENTS 16  /* entities of one sentence tied to each other, at most */

enum { CONF_LOW = 1, CONF_MEDIUM = 2, CONF_HIGH = 3 };

static const char *const conf_names[] = {"", "low", "medium", "high"};

/* The trimmed sentence p[s .. e), whitespace runs made one blank, cut at
 * MAX_EVIDENCE bytes (on a character boundary). */
static int evidence(rctx *c, const nsent *st)
{
	cg_strbuf *b = &c->ner->ev;

	if (ner_fold(b, st->p, st->s, st->e, MAX_EVIDENCE))
		return fatal_nomem(c);
	while (b->len && (UC(b->buf, b->len - 1) & 0xC0) == 0x80)
		b->len--;
	if (b->len && UC(b->buf, b->len - 1) >= 0xC0)
		b->len--;
	if (!cg_strbuf_cstr(b))
		return fatal_nomem(c);
	if (b->buf)
		b->buf[b->len] = '\0';
	return 0;
}

static int min_conf(const rctx *c)
{
	int m = c->in->opts->min_confidence;
	return m >= CONF_LOW && m <= CONF_HIGH ? m : CONF_MEDIUM;
}

static int tie(rctx *c, const char *type, cg_eid a, cg_eid b, int conf, long line)
{
	cg_prop props[2] = {{"confidence", conf_names[conf]}, {"evidence", c->ner->ev.buf}};
	long saved = c->line;
	int rc;

	if (conf < min_conf(c) || a == b)
		return 0;
	/* memcmp: gcc's -Wstring-compare misfires on strcmp where a shorter
	 * type is inlined */
	if (strlen(type) == 14 && memcmp(type, "mentioned_with", 14) == 0 && a > b) {
		cg_eid t = a;
		a = b;
		b = t;
	}
	c->line = line;
	rc = report_tie(c, type, a, b, props, 2);
	c->line = saved;
	return rc < 0 ? rc : 0;
}

int ner_para_tie(rctx *c, const char *type, cg_eid a, cg_eid b, int high)
{
	ner *n = c->ner;
	nsent st = {n->para.buf, 0, (uint32_t)n->para.len, NULL, 0, 0};

	if (evidence(c, &st) < 0)
		return c->rc;
	return tie(c, type, a, b, high ? CONF_HIGH : CONF_MEDIUM,
	           n->nlines ? n->lines[0].line : c->line);
}

/* Whether the lower-case text t[0..n) holds one of the cues (word starts). */
static int has_cue(const char *t, size_t n, const char *const *cues, size_t ncues)
{
	for (size_t i = 0; i < n; i++) {
		if (i && is_alpha(UC(t, i - 1)))
			continue;
		for (size_t k = 0; k < ncues; k++) {
			size_t l;
			if (UC(cues[k], 0) != to_lower(UC(t, i)))
				continue;
			l = strlen(cues[k]);
			if (i + l <= n && strncasecmp(t + i, cues[k], l) == 0)
				return 1;
		}
	}
	return 0;
}

static const char *const cue_director[] = {
    "director", "ceo",     "chief executive", "president", "chair", "legal representative",
    "manager",  "head of", "directed by",     "managed by"};
static const char *const cue_owner[] = {"owner",   "owns",      "owned",      "shareholder",
                                        "founder", "founded",   "co-founder", "proprietor",
                                        "parent",  "subsidiary"};
/* an LLC's owners, between the two only ("X's sole member is Y") */
static const char *const cue_member[] = {"sole member", "managing member", "member of"};
/* a person who formed a company owns it */
static const char *const cue_founder[] = {"registered", "incorporated", "formed",
                                          "set up",     "established",  "equity",
                                          "stake",      "his company",  "her company"};
/* roles that are a company's staff, not its management */
static const char *const cue_staff[] = {
    "purchasing manager", "sales manager",       "account manager",
    "project manager",    "office manager",      "hr manager",
    "accountant",         "bookkeeper",          "assistant",
    "secretary",          "engineering manager", "product manager",
    "marketing manager",  "it manager",          "finance manager",
    "operations manager", "development manager", "business development",
    "team lead"};
static const char *const cue_employee[] = {
    "employee",       "employed", "works for",   "worked for",   "working for",
    "hired by",       "staff",    "engineer at", "developer at", "worker at",
    "contractor for", "work for", "payroll of",  "employee of"};
static const char *const cue_registrant[] = {
    "registrant",     "registered by", "registered with", "registered using",
    "registered the", "registered a",  "who registered",  "registered"};
static const char *const cue_address[] = {"registered at", "registered address", "address",
                                          "registered to", "registered in"};
static const char *const cue_located[] = {"located", "based",      "headquartered", "office",
                                          "resides", "lives",      "operates from", "at",
                                          "home",    "residential"};
static const char *const cue_uses[] = {/* "(" first: see typed() */
                                       "(",         "website", "site",      "domain",   "operat",
                                       "uses",      "used",    "e-mail",    "email",    "phone",
                                       "telephone", "contact", "reachable", "handle",   "via",
                                       "through",   "tel",     "mobile",    "whatsapp", "telegram"};
static const char *const cue_account[] = {"account", "holds",      "held",      "holder",
                                          "name of", "opened",     "paid into", "received",
                                          "iban",    "beneficiary"};
/* an account before its holder: "account X, held by Y" */
static const char *const cue_account_after[] = {"held by",    "holder",        "name of",
                                                "belongs to", "belonging to",  "owned by",
                                                "opened by",  "registered to", "beneficiary"};
/* a wallet after the party that uses it ("X used the Bitcoin address W",
 * "X controls the deposit address W", "X's wallet W") */
static const char *const cue_wallet[] = {"uses",      "used",       "wallet",  "address",
                                         "controls",  "controlled", "deposit", "paid from",
                                         "sent from", "received"};
/* a wallet before the party that uses it */
static const char *const cue_wallet_after[] = {"used by",       "belongs to",    "belonging to",
                                               "controlled by", "attributed to", "owned by",
                                               "operated by",   "held by"};
/* an e-mail or phone before the party that uses it */
static const char *const cue_uses_after[] = {"used by",      "belongs to",    "belonging to",
                                             "operated by",  "registered to", "assigned to",
                                             "subscribed to"};

/* Whether t[0..n) holds the text w (case as written). */
static int holds_text(const char *t, size_t n, const char *w)
{
	size_t l = strlen(w);
	for (size_t i = 0; i + l <= n; i++)
		if (t[i] == w[0] && memcmp(t + i, w, l) == 0)
			return 1;
	return 0;
}

/* Whether the label just before p[s] says that X is a bank: a word of
 * banks after another word ("Beneficiary's bank: X", "Ordering
 * institution: X", "Correspondent bank: X"). A label of one word ("Bank:
 * X, IBAN ...") names the account's holder. */
static int bank_label(const nsent *st, uint32_t s)
{
	static const char *const words[] = {"bank", "institution"};
	uint32_t i = s, b, sp = 0;

	while (i > st->s && is_space(UC(st->p, i - 1)))
		i--;
	if (i == st->s || st->p[i - 1] != ':')
		return 0;
	i--;
	for (b = i; b > st->s && i - b < 40 &&
	            (is_alpha(UC(st->p, b - 1)) || st->p[b - 1] == '\'' || st->p[b - 1] == ' ');)
		sp += st->p[--b] == ' ';
	while (b < i && st->p[b] == ' ')
		b++, sp--;
	return sp >= 1 && has_cue(st->p + b, i - b, words, NELEM(words)) &&
	       !(i - b >= 4 && strncasecmp(st->p + b, "bank", 4) == 0);
}

/* Whether the entity names a bank (a word "Bank" or "Banking" in it, or a
 * label that names a bank before it). */
int ner_is_bank(const nsent *st, const nent *x)
{
	if (x->nt == NT_BANK)
		return 1;
	if (x->nt != NT_COMPANY || x->virt)
		return 0;
	if (bank_label(st, x->s))
		return 1;
	if (x->e - x->s > 12 && strncasecmp(st->p + x->e - 12, "credit union", 12) == 0)
		return 1;
	for (uint32_t i = x->s; i + 4 <= x->e; i++)
		if ((i == x->s || !is_alpha(UC(st->p, i - 1))) &&
		    strncasecmp(st->p + i, "bank", 4) == 0 &&
		    (i + 4 == x->e || !is_alpha(UC(st->p, i + 4)) ||
		     strncasecmp(st->p + i + 4, "ing", 3) == 0))
			return 1;
	return 0;
}

/* Whether t[0..n) holds the lower-case word w (a whole word). */
static int has_word(const char *t, size_t n, const char *w)
{
	size_t l = strlen(w);
	for (size_t i = 0; i + l <= n; i++)
		if ((i == 0 || !is_alpha(UC(t, i - 1))) && strncasecmp(t + i, w, l) == 0 &&
		    (i + l == n || !is_alpha(UC(t, i + l))))
			return 1;
	return 0;
}

/* Whether t[0..n) holds a ';' outside parentheses (a ';' inside them, as
 * in "X (한광명; Хан Гван Мён)", separates names, not clauses). */
static int semicolon(const char *t, size_t n)
{
	int depth = 0;
	for (size_t i = 0; i < n; i++) {
		depth += t[i] == '(';
		depth -= t[i] == ')' && depth > 0;
		if (t[i] == ';' && !depth)
			return 1;
	}
	return 0;
}

/* Whether the text between two entities only joins them ("A (70%) and by
 * B", "A, B", "A or B"): coordinated parties are not tied to each other. */
static int coordinated(const char *mid, size_t n)
{
	int depth = 0, words = 0;

	for (size_t i = 0; i < n;) {
		if (mid[i] == '(')
			depth++, i++;
		else if (mid[i] == ')')
			depth -= depth > 0, i++;
		else if (depth || is_space(UC(mid, i)) || mid[i] == ',')
			i++;
		else if (is_alpha(UC(mid, i))) {
			size_t b = i;
			while (i < n && is_alpha(UC(mid, i)))
				i++;
			if (!eq_nocase(mid + b, i - b, "and") && !eq_nocase(mid + b, i - b, "or") &&
			    !eq_nocase(mid + b, i - b, "by"))
				return 0;
			words++;
		} else
			return 0;
	}
	return words > 0;
}

/* The typed tie between entities a (first) and b (second) of the sentence
 * that the words between them (and the words before a, back to the entity
 * before it) state, or NULL. *src and *dst get its ends; *also a second
 * type between the same ends (a director who also owns), or NULL. */
static const char *typed(rctx *c, const nsent *st, size_t ia, size_t ib, cg_eid *src, cg_eid *dst,
                         const char **also)
{
	const ner *n = c->ner;
	const nent *a = &n->ents[ia], *b = &n->ents[ib];
	uint32_t pre = ia ? n->ents[ia - 1].e : st->s;
	const char *mid = st->p + a->e, *all;
	size_t nmid = b->s > a->e ? b->s - a->e : 0, nall;
	int ta = a->nt, tb = b->nt, by;

	*also = NULL;
	if (pre > a->s)
		pre = a->s;
	if (a->s - pre > 60)
		pre = a->s - 60;
	all = st->p + pre;
	nall = b->s > pre ? b->s - pre : 0;
	if (nmid > 160 || semicolon(mid, nmid))
		return NULL;
	/* an entity of either end's type between them takes the cue (a bank
	 * between an account and its holder does not) */
	for (size_t k = ia + 1; k < ib; k++) {
		const nent *x = &n->ents[k];
		/* between a party and what it holds, any party takes the cue
		 * ("ADDRESS as its address, and X as ...", "X Ltd., whose contact
		 * is Y, phone Z") */
		int party = is_party(x->nt) && is_party(ta) != is_party(tb);
		/* ... but a company before "who" does not: "X, owner of Y LLC, who
		 * hosted laptops at ADDRESS" */
		if (party && x->nt == NT_COMPANY && ta == NT_PERSON &&
		    has_word(st->p + x->e, b->s > x->e ? b->s - x->e : 0, "who"))
			party = 0;
		/* ... nor a party in an apposition ("X, the director of Y,
		 * registered the domain Z") */
		if (party && nmid > 3 && mid[0] == ',' &&
		    (has_word(mid, nmid < 8 ? nmid : 8, "the") ||
		     has_word(mid, nmid < 6 ? nmid : 6, "a") ||
		     has_word(mid, nmid < 7 ? nmid : 7, "an")) &&
		    memchr(st->p + x->e, ',', b->s > x->e ? b->s - x->e : 0))
			party = 0;
		if (x->id != a->id && x->id != b->id && (x->nt == ta || x->nt == tb || party) &&
		    !(ner_is_bank(st, x) && (ta == NT_ACCOUNT || tb == NT_ACCOUNT)) &&
		    !coordinated(st->p + x->e, b->s > x->e ? b->s - x->e : 0) &&
		    !(x->nt == ta && !x->virt && !x->poss && x->s > a->e &&
		      coordinated(mid, x->s - a->e)))
			return NULL; /* ("owned by X and by Y": both are; "X and Y are
			              * employed by Z": both are) */
	}
	if (coordinated(mid, nmid))
		return NULL;
	/* "X LLC, who ...": the clause is a person's, not the company's */
	if (ta == NT_COMPANY && !is_party(tb) && has_word(mid, nmid, "who"))
		return NULL;
	by = has_cue(mid, nmid, (const char *const[]){"by"}, 1);
	if (b->virt && b->s == b->e && ia + 1 == ib) {
		all = mid;   /* a role after the name ("appointed X as director"): its */
		nall = nmid; /* cue is between the two, not before X */
	}
	if ((ta == NT_PERSON && tb == NT_COMPANY) || (ta == NT_COMPANY && tb == NT_PERSON)) {
		const char *t = NULL;
		int owner;
		/* the person after is in a relative clause about something else:
		 * "registered by the same e-mail address that X used" */
		int relative = ta == NT_COMPANY &&
		               (has_word(mid, nmid, "that") || has_word(mid, nmid, "which"));
		*src = ta == NT_PERSON ? a->id : b->id;
		*dst = ta == NT_PERSON ? b->id : a->id;
		/* an address or another detail between them counts as one word
		 * ("X LLP is registered at ADDRESS, and is owned by Y") */
		size_t gap = nmid;
		for (size_t k = ia + 1; k < ib; k++)
			if (!is_party(n->ents[k].nt) && n->ents[k].e > n->ents[k].s &&
			    gap > n->ents[k].e - n->ents[k].s)
				gap -= n->ents[k].e - n->ents[k].s - 1;
		if (gap > 80)
			return NULL;
		/* "X is also the company's director": the role after a possessive */
		if (b->poss && tb == NT_COMPANY && !memchr(mid, ',', nmid)) {
			uint32_t z = b->e + 40 < st->e ? b->e + 40 : st->e;
			if (ib + 1 < n->nents && n->ents[ib + 1].s < z)
				z = n->ents[ib + 1].s;
			all = st->p + b->e;
			nall = z - b->e;
		}
		/* "registered", "incorporated" ...: the person did it ("X
		 * registered Y LLC", "Y LLC, incorporated by X"), not the company
		 * ("Y LLC is registered at ADDRESS, and its director is X") */
		owner = has_cue(all, nall, cue_owner, NELEM(cue_owner)) ||
		        ((ta == NT_PERSON || (by && !relative)) &&
		         has_cue(all, nall, cue_founder, NELEM(cue_founder))) ||
		        has_cue(mid, nmid, cue_member, NELEM(cue_member));
		/* a registered agent serves the company, it does not own it */
		if (owner && has_cue(all, nall, (const char *const[]){"registered agent"}, 1) &&
		    !has_cue(all, nall, cue_owner, NELEM(cue_owner)))
			owner = 0;
		if (has_cue(all, nall, cue_staff, NELEM(cue_staff)))
			return "employee_of";
		if (has_cue(all, nall, cue_director, NELEM(cue_director)))
			t = "director_of";
		if (owner && !t)
			return "owns";
		if (owner)
			*also = "owns";
		/* "hired by Y as a developer through X": X is the go-between */
		if (!t && has_cue(mid, nmid, cue_employee, NELEM(cue_employee)) &&
		    !(tb == NT_COMPANY && nmid >= 9 &&
		      (has_word(mid + nmid - 9, 9, "through") ||
		       has_word(mid + nmid - 5, 5, "via"))))
			t = "employee_of";
		return t;
	}
	if (ta == NT_COMPANY && tb == NT_COMPANY) {
		int rev = by || a->poss ||
		          has_cue(mid, nmid, (const char *const[]){"subsidiary", "whose"}, 2);
		/* a person between them takes the cue: "Its founder is X, who
		 * also founded Y LLC" */
		for (size_t k = ia + 1; k < ib; k++)
			if (n->ents[k].nt == NT_PERSON &&
			    !coordinated(st->p + n->ents[k].e,
			                 b->s > n->ents[k].e ? b->s - n->ents[k].e : 0))
				return NULL; /* ("owned by X (49%) and by Y": both are) */
		if (!has_cue(mid, nmid, cue_owner, NELEM(cue_owner)))
			return NULL;
		*src = rev ? b->id : a->id;
		*dst = rev ? a->id : b->id;
		return "owns";
	}
	if ((is_party(ta) && tb == NT_ADDRESS) || (ta == NT_ADDRESS && is_party(tb))) {
		int party = ta == NT_ADDRESS ? tb : ta;
		/* an address after another party is that party's ("X UAB, at
		 * ADDRESS, employs Y", "X LLP is registered at ADDRESS, and is
		 * owned by Y"): a party after it needs its cue between the two */
		if (ta == NT_ADDRESS && ia > 0 && is_party(n->ents[ia - 1].nt) &&
		    n->ents[ia - 1].id != b->id) {
			all = mid;
			nall = nmid;
		}
		/* "a manager named X and the address Y": listed, not tied */
		if (ta != NT_ADDRESS && !a->virt) {
			size_t q = 0;
			while (q < nmid && (is_space(UC(mid, q)) || mid[q] == ','))
				q++;
			if (q + 4 <= nmid && strncasecmp(mid + q, "and ", 4) == 0 &&
			    !has_word(mid, nmid, "his") && !has_word(mid, nmid, "her") &&
			    !has_word(mid, nmid, "their"))
				return NULL;
		}
		int apposed = ta != NT_ADDRESS && nmid <= 4 && nmid > 0;
		*src = ta == NT_ADDRESS ? b->id : a->id;
		*dst = ta == NT_ADDRESS ? a->id : b->id;
		for (size_t k = 0; k < nmid && apposed; k++)
			apposed = mid[k] == ',' || is_space(UC(mid, k));
		apposed = apposed && memchr(mid, ',', nmid);
		if (!has_cue(all, nall, cue_address, NELEM(cue_address)) &&
		    !has_cue(all, nall, cue_located, NELEM(cue_located)) && !apposed)
			return NULL;
		/* a company's address is where it is registered; a person's,
		 * where they live or work */
		return party == NT_COMPANY ? "registered_at" : "located_in";
	}
	if ((is_party(ta) || ta == NT_EMAIL) && (tb == NT_DOMAIN || tb == NT_URL)) {
		*src = a->id;
		*dst = b->id;
		if (has_cue(all, nall, cue_registrant, NELEM(cue_registrant)))
			return "registrant_of";
		if (is_party(ta) && has_cue(mid, nmid, cue_uses, NELEM(cue_uses)))
			return "uses";
		return NULL;
	}
	if ((ta == NT_DOMAIN || ta == NT_URL) && (is_party(tb) || tb == NT_EMAIL)) {
		*src = b->id;
		*dst = a->id;
		if (has_word(mid, nmid, "that") || has_word(mid, nmid, "which"))
			return NULL; /* "registered by the address that X used" */
		if (has_cue(all, nall, cue_registrant, NELEM(cue_registrant)))
			return "registrant_of";
		if (is_party(tb) &&
		    has_cue(mid, nmid, (const char *const[]){"operated by", "used by"}, 2))
			return "uses";
		return NULL;
	}
	if ((is_party(ta) && (tb == NT_EMAIL || tb == NT_PHONE)) ||
	    ((ta == NT_EMAIL || ta == NT_PHONE) && is_party(tb))) {
		*src = is_party(ta) ? a->id : b->id;
		*dst = is_party(ta) ? b->id : a->id;
		if (!is_party(ta)) { /* the party after: "used by" and the like, or
			              * "+7 727 555 0166 (Golden Steppe, office)" */
			size_t k = 0;
			while (k < nmid && is_space(UC(mid, k)))
				k++;
			return has_cue(mid, nmid, cue_uses_after, NELEM(cue_uses_after)) ||
			               (k + 1 == nmid && mid[k] == '(')
			           ? "uses"
			           : NULL;
		}
		/* "(" is a cue between the two only ("X (+1 ...)"), not before X */
		return has_cue(all, nall, cue_uses + 1, NELEM(cue_uses) - 1) ||
		               memchr(mid, '(', nmid)
		           ? "uses"
		           : NULL;
	}
	if ((is_party(ta) && tb == NT_WALLET) || (ta == NT_WALLET && is_party(tb))) {
		*src = is_party(ta) ? a->id : b->id;
		*dst = is_party(ta) ? b->id : a->id;
		if (!is_party(ta))
			return has_cue(mid, nmid, cue_wallet_after, NELEM(cue_wallet_after))
			           ? "uses"
			           : NULL;
		if (nmid > 80 || (is_party(ta) && ner_is_bank(st, a)))
			return NULL;
		return has_cue(mid, nmid, cue_wallet, NELEM(cue_wallet)) ? "uses" : NULL;
	}
	if ((is_party(ta) && tb == NT_ACCOUNT) || (ta == NT_ACCOUNT && is_party(tb))) {
		const nent *h = is_party(ta) ? a : b;
		*src = h->id;
		*dst = is_party(ta) ? b->id : a->id;
		if (ner_is_bank(st, h))
			return NULL; /* the account's bank, not its holder */
		if (is_party(ta) && !a->poss &&
		    (holds_text(mid, nmid, "'s account") ||
		     holds_text(mid, nmid, "\xe2\x80\x99s account")))
			return NULL; /* "X paid Y's account": Y holds it */
		/* "X opened account N in the name of Y": Y holds it, not X */
		if (is_party(ta) && ib + 1 < n->nents && is_party(n->ents[ib + 1].nt)) {
			const char *aft = st->p + b->e;
			size_t naft = n->ents[ib + 1].s > b->e ? n->ents[ib + 1].s - b->e : 0;
			static const char *const named[] = {"in the name of", "held by",
			                                    "belonging to",   "belongs to",
			                                    "owned by",       "registered to"};
			if (naft < 40 && has_cue(aft, naft, named, NELEM(named)))
				return NULL;
		}
		if (!is_party(ta)) /* the holder after: "held by", "in the name of" */
			return has_cue(mid, nmid, cue_account_after, NELEM(cue_account_after))
			           ? "holds_account"
			           : NULL;
		return has_cue(all, nall, cue_account, NELEM(cue_account)) ? "holds_account" : NULL;
	}
	return NULL;
}

/* Whether the pair (a, b) of the sentence's entities i < j is the first
 * with these two ids. */
static int first_pair(const ner *n, size_t i, size_t j)
{
	for (size_t x = 0; x <= i; x++)
		for (size_t y = x + 1; y < n->nents && (x < i || y < j); y++)
			if ((n->ents[x].id == n->ents[i].id && n->ents[y].id == n->ents[j].id) ||
			    (n->ents[x].id == n->ents[j].id && n->ents[y].id == n->ents[i].id))
				return 0;
	return 1;
}

/* Ties the entities of the sentence: the typed ties first, then
 * mentioned_with between the pairs no typed tie joined. */
int ner_tie_sentence(rctx *c, const nsent *st)
{
	ner *n = c->ner;
	size_t m = n->nents < MAX_TIE_ENTS ? n->nents : MAX_TIE_ENTS;
	long line = ner_line_of(n, st->s);
	uint32_t typed_pairs[MAX_TIE_ENTS * MAX_TIE_ENTS][2];
	size_t ntyped = 0;
	int ev = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < m; i++)
			for (size_t j = i + 1; j < m; j++) {
				const nent *a = &n->ents[i], *b = &n->ents[j];
				cg_eid src = a->id, dst = b->id;
				const char *type;
				int rc, done = 0;
				if (a->id == b->id || (!is_party(a->nt) && !is_party(b->nt)) ||
				    a->nt == NT_OTHER || b->nt == NT_OTHER)
					continue;
				if (!ev && evidence(c, st) < 0)
					return c->rc;
				ev = 1;
				if (pass == 0) {
					const char *also;
					if (!(type = typed(c, st, i, j, &src, &dst, &also)))
						continue;
					typed_pairs[ntyped][0] = a->id;
					typed_pairs[ntyped++][1] = b->id;
					rc = tie(c, type, src, dst, CONF_HIGH, line);
					if (!rc && also)
						rc = tie(c, also, src, dst, CONF_HIGH, line);
				} else {
					/* a wallet is tied only by a cue (as before round 7,
					 * when wallets were not tied at all) */
					if (a->virt || b->virt || a->nt == NT_WALLET ||
					    b->nt == NT_WALLET)
						continue;
					for (size_t k = 0; k < ntyped && !done; k++)
						done = (typed_pairs[k][0] == a->id &&
						        typed_pairs[k][1] == b->id) ||
						       (typed_pairs[k][0] == b->id &&
						        typed_pairs[k][1] == a->id);
					if (done || !first_pair(n, i, j))
						continue;
					rc = tie(c, "mentioned_with", src, dst, CONF_MEDIUM, line);
				}
				if (rc < 0)
					return rc;
			}
	return 0;
}

/* Persons and companies of the paragraph in different sentences:
 * mentioned_with, low confidence (only when asked for). */
int ner_tie_paragraph(rctx *c)
{
	ner *n = c->ner;
	size_t m = n->npents < MAX_TIE_ENTS ? n->npents : MAX_TIE_ENTS;
	nsent st = {n->para.buf, 0, 0, NULL, 0, 0};

	if (min_conf(c) > CONF_LOW)
		return 0;
	st.e = (uint32_t)(n->para.len < 200 ? n->para.len : 200);
	if (evidence(c, &st) < 0)
		return c->rc;
	for (size_t i = 0; i < m; i++)
		for (size_t j = i + 1; j < m; j++)
			if (n->pents[i].s != n->pents[j].s && n->pents[i].id != n->pents[j].id &&
			    tie(c, "mentioned_with", n->pents[i].id, n->pents[j].id, CONF_LOW,
			        n->lines ? n->lines[0].line : c->line) < 0)
				return c->rc;
	return 0;
}
