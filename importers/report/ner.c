/* Layer 4 of the report importer: the persons, companies, addresses, phones
 * and accounts a report's prose names, and the ties its sentences state
 * (docs/REPORTS.md, "Layer 4"). This file gathers lines into paragraphs,
 * cuts them into sentences and words, runs the recognisers of companies.c,
 * persons.c and places.c on each sentence, adds the entities a sentence
 * names by reference (its, the company, he, a field line's subject), and
 * has ties.c tie what one sentence names: a typed tie where a cue word says
 * which (high confidence), else mentioned_with (medium). A sentence with a
 * negation or a hedge makes no tie at all. */
#include "report_internal.h"

#include "cg_array.h"
#include "cg_normalize.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PARA (1u << 16) /* bytes of a paragraph: a longer one is read in parts */

/* ---- the paragraph ---- */

static ner *state(rctx *c)
{
	if (!c->ner && !(c->ner = calloc(1, sizeof *c->ner)))
		fatal_nomem(c);
	return c->ner;
}

static int flush(rctx *c);

int ner_line_begin(rctx *c)
{
	ner *n = state(c);
	int cont;

	if (!n)
		return c->rc;
	/* hard-wrapped prose runs on; a bullet's continuation too, indented or
	 * not (Markdown's lazy continuation; numbered paragraphs of filings) */
	cont = c->kind == KIND_TEXT && (c->prev_kind == KIND_TEXT || c->prev_kind == KIND_BULLET);
	/* an AsciiDoc row written a cell per line runs on until it is whole */
	cont |= c->kind == KIND_TABLE && c->prev_kind == KIND_TABLE && n->adoc && n->tab_ok &&
	        n->adoc_cells > 0;
	if ((!cont || n->para.len + c->clean.len + 1 > MAX_PARA) && n->para.len && flush(c) < 0)
		return c->rc;
	n->heading = c->kind == KIND_HEADING;
	n->base = (uint32_t)(n->para.len ? n->para.len + 1 : 0);
	return 0;
}

int ner_note(rctx *c, const char *type, cg_eid e, size_t off, size_t len)
{
	ner *n = c->ner;
	static const struct {
		const char *type;
		enum ntype nt;
	} kinds[] = {{"email", NT_EMAIL}, {"domain", NT_DOMAIN},        {"url", NT_URL},
	             {"phone", NT_PHONE}, {"bank_account", NT_ACCOUNT}, {"wallet", NT_WALLET}};
	enum ntype nt = NT_OTHER;

	if (!n)
		return 0;
	for (size_t i = 0; i < NELEM(kinds); i++)
		if (strcmp(type, kinds[i].type) == 0)
			nt = kinds[i].nt;
	if (CG_ARRAY_GROW(n->inds, n->capinds, n->ninds + 1, 16))
		return fatal_nomem(c);
	n->inds[n->ninds].s = (uint32_t)(n->base + off);
	n->inds[n->ninds].e = (uint32_t)(n->base + off + len);
	n->inds[n->ninds].id = e;
	n->inds[n->ninds++].nt = (uint8_t)nt;
	return 0;
}

/* Whether the line is a field of a list: "Manager: X", "Registered office:
 * ...", "- Tel.: ..." (one to three words, the first capitalised, then a
 * colon). Such a line starts a sentence of its own. */
static int field_line(const char *s, size_t len)
{
	size_t i = 0, words = 0;

	while (i < len && (is_space(UC(s, i)) || s[i] == '>'))
		i++;
	if (i + 1 < len && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ')
		i += 2;
	while (i < len && s[i] == '*')
		i++;
	if (i >= len || !is_upper(UC(s, i)))
		return 0;
	while (i < len && words < 4) {
		if (!is_alpha(UC(s, i)))
			return 0;
		while (i < len && (is_alpha(UC(s, i)) || s[i] == '-' || s[i] == '.'))
			i++;
		words++;
		while (i < len && s[i] == '*')
			i++;
		if (i < len && s[i] == ':')
			return i + 1 < len && is_space(UC(s, i + 1));
		if (i >= len || s[i] != ' ')
			return 0;
		i++;
	}
	return 0;
}

int ner_line_end(rctx *c)
{
	ner *n = c->ner;
	const char *s = c->clean.buf;
	size_t len = c->clean.len, i = 0;

	if (n && whois_line(c) < 0)
		return c->rc;
	if (!n || c->kind == KIND_BLANK)
		return 0;
	if (n->para.len && cg_strbuf_putc(&n->para, ' '))
		return fatal_nomem(c);
	if (CG_ARRAY_GROW(n->lines, n->caplines, n->nlines + 1, 16))
		return fatal_nomem(c);
	n->lines[n->nlines].off = (uint32_t)n->para.len;
	n->lines[n->nlines++].line = c->line;
	if (n->para.len && field_line(s, len)) {
		if (CG_ARRAY_GROW(n->brk, n->capbrk, n->nbrk + 1, 8))
			return fatal_nomem(c);
		n->brk[n->nbrk++] = (uint32_t)n->para.len;
	}
	/* Markdown marks become blanks, byte for byte (the offsets of the
	 * indicators noted stay right): emphasis, code, heading and quote marks,
	 * a bullet's dash */
	while (i < len && (is_space(UC(s, i)) || s[i] == '#' || s[i] == '>'))
		i++;
	if (i + 1 < len && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ')
		i++;
	for (size_t k = 0; k < len; k++) {
		char ch = s[k];
		if (k < i || ch == '*' || ch == '`' || ch == '\t' ||
		    (ch == '_' && (k == 0 || k + 1 >= len || !is_alnum(UC(s, k - 1)) ||
		                   !is_alnum(UC(s, k + 1)))))
			ch = ' ';
		if (cg_strbuf_putc(&n->para, ch))
			return fatal_nomem(c);
	}
	return 0;
}

/* The line of para[off]. */
long ner_line_of(const ner *n, uint32_t off)
{
	size_t lo = 0, hi = n->nlines;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (n->lines[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return n->nlines ? n->lines[lo].line : 0;
}

/* ---- sentences and words ---- */

static int word_byte(int ch)
{
	return is_alnum(ch) || ch >= 0x80;
}

/* Cuts p[s .. e) into words and punctuation marks (st->t). A word runs over
 * letters, digits and non-ASCII bytes, and over '-', '\'', '.', '/' and '@'
 * between two of them. */
static int tokenise(rctx *c, nsent *st)
{
	ner *n = c->ner;
	const char *p = st->p;

	st->nt = 0;
	for (uint32_t i = st->s; i < st->e;) {
		int ch = UC(p, i);
		uint32_t j = i + 1;
		if (is_space(ch)) {
			i++;
			continue;
		}
		if (word_byte(ch)) {
			while (j < st->e && (word_byte(UC(p, j)) ||
			                     (strchr("-'./@", p[j]) && j + 1 < st->e &&
			                      word_byte(UC(p, j + 1)) && word_byte(UC(p, j - 1)))))
				j++;
		}
		if (CG_ARRAY_GROW(n->toks, n->captoks, st->nt + 1, 64))
			return fatal_nomem(c);
		wtok *t = &n->toks[st->nt++];
		t->s = i;
		t->e = j;
		t->word = (uint8_t)word_byte(ch);
		t->cap = 0;
		if (is_upper(ch)) {
			int caps = 1, letters = 0;
			for (uint32_t k = i; k < j; k++) {
				if (is_lower(UC(p, k)))
					caps = 0;
				letters += is_alpha(UC(p, k));
			}
			t->cap = caps && letters >= 2 ? 2 : 1;
		}
		i = j;
	}
	st->t = n->toks;
	return 0;
}

int ner_fold(cg_strbuf *b, const char *p, uint32_t s, uint32_t e, size_t max)
{
	int blank = 0;

	cg_strbuf_reset(b);
	for (uint32_t i = s; i < e && b->len < max; i++) {
		if (is_space(UC(p, i))) {
			blank = b->len > 0;
			continue;
		}
		if ((blank && cg_strbuf_putc(b, ' ')) || cg_strbuf_putc(b, p[i]))
			return CG_ENOMEM;
		blank = 0;
	}
	return cg_strbuf_cstr(b) ? 0 : CG_ENOMEM;
}

int wt_is(const nsent *st, size_t t, const char *w)
{
	return t < st->nt && eq_nocase(st->p + st->t[t].s, st->t[t].e - st->t[t].s, w);
}

size_t wt_at(const nsent *st, uint32_t off)
{
	for (size_t i = 0; i < st->nt; i++)
		if (st->t[i].s >= off)
			return st->t[i].s == off ? i : st->nt;
	return st->nt;
}

/* Words that start a sentence after an abbreviation that may also end one
 * ("... Co., Ltd. The company ..."). */
static const char *const starters[] = {
    "the",       "this",    "that",    "these",        "those",       "it",      "its", "he",
    "she",       "they",    "their",   "his",          "her",         "in",      "on",  "at",
    "a",         "an",      "both",    "each",         "we",          "our",     "as",  "after",
    "according", "however", "further", "additionally", "another",     "records", "one", "there",
    "from",      "during",  "since",   "between",      "researchers",
};

/* Whether the '.' at p[i] ends a sentence of p[s .. e). */
static int period_ends(const char *p, uint32_t s, uint32_t i, uint32_t e)
{
	uint32_t b = i, k = i + 1, w;

	if (k < e && !is_space(UC(p, k)) && p[k] != '"' && p[k] != ')' && p[k] != '*')
		return 0; /* "x.com", "3.5" */
	while (b > s && is_alpha(UC(p, b - 1)))
		b--;
	while (k < e && (is_space(UC(p, k)) || p[k] == '"' || p[k] == ')'))
		k++;
	if (k >= e)
		return 1;
	if (is_lower(UC(p, k)))
		return 0;
	if (i - b == 1 && is_upper(UC(p, b)))
		return 0; /* an initial: "J. Smith", "L.L.C." */
	if (i - b == 1 && b > s && p[b - 1] == '.')
		return 0; /* "a.k.a.", "f.k.a." */
	{
		static const char *const inner[] = {"pte",  "pty", "pvt", "sdn", "rm", "bldg",
		                                    "apt",  "ste", "fl",  "ul",  "kv", "korp",
		                                    "blvd", "ave", "rd",  "pr",  "d",  "str"};
		if (in_list_fast(p + b, i - b, inner, NELEM(inner)))
			return 0; /* "Pte. Ltd.", "Rm. 5" */
	}
	if (b == i && i >= s + 3 && is_digit(UC(p, i - 1))) {
		/* an ordinal inside a list of parts: "Hafenstraße 17, 2. OG,
		 * 60327 Frankfurt" (German floors and the like) */
		uint32_t d = i;
		while (d > s && is_digit(UC(p, d - 1)))
			d--;
		for (w = k; w < e && is_alnum(UC(p, w));)
			w++;
		if (i - d <= 2 && d >= s + 2 && p[d - 1] == ' ' && p[d - 2] == ',' && w > k &&
		    w < e && p[w] == ',')
			return 0;
	}
	if (b > s && is_digit(UC(p, b - 1)))
		return 1; /* "LE1 2AL.", "10AM.": not an abbreviation */
	if (in_list_fast(p + b, i - b, abbrevs, abbrevs_count)) {
		static const char *const forms[] = {"inc", "ltd", "co", "corp", "llc", "bhd"};
		if (!in_list_fast(p + b, i - b, forms, NELEM(forms)))
			return 0; /* "Mr. Kim", "No. 11" */
		for (w = k; w < e && is_alpha(UC(p, w));)
			w++;
		return in_list_fast(p + k, w - k, starters, NELEM(starters));
	}
	return 1;
}

/* ---- negation and hedging ---- */

static const char *const hedges[] = {
    "allegedly",  "reportedly",  "purportedly", "possibly", "perhaps",    "may",     "might",
    "could",      "unconfirmed", "unverified",  "unclear",  "supposedly", "rumored", "rumoured",
    "speculated", "unproven",    "claim",       "claims",   "claimed",
};

/* The end (a word index) of the relative clause that starts at word i
 * ("who is not charged", "which has never filed accounts"): the next ',',
 * ';' or the sentence's end. i itself when word i starts none, or the
 * clause names an entity of the sentence (then what it denies may be a
 * tie: "X, who does not own Y"). */
static size_t bare_clause(const ner *n, const nsent *st, size_t i)
{
	size_t k = i + 1;

	if (!(wt_is(st, i, "who") || wt_is(st, i, "which")))
		return i;
	while (k < st->nt && !wt_is(st, k, ",") && !wt_is(st, k, ";"))
		k++;
	for (size_t x = 0; x < n->nents; x++)
		if (n->ents[x].s >= st->t[i].s && (k >= st->nt || n->ents[x].s < st->t[k].s))
			return i;
	return k;
}

/* Whether the sentence denies or hedges what it says: then it ties
 * nothing. A negation or hedge inside a relative clause that names no
 * entity is about that clause only ("Guo, a PRC national who is not
 * charged"). */
static int doubtful(const ner *n, const nsent *st)
{
	char w[32];

	for (size_t i = 0; i < st->nt; i++) {
		const wtok *t = &st->t[i];
		size_t len = 0, skip = bare_clause(n, st, i);
		if (skip > i) {
			i = skip;
			continue;
		}
		if (!t->word || t->e - t->s >= sizeof w)
			continue;
		for (uint32_t k = t->s; k < t->e; k++)
			if (st->p[k] != '\'')
				w[len++] = (char)to_lower(UC(st->p, k));
		if (in_list_fast(w, len, neg_cues1, neg_cues1_count)) {
			if (i + 1 < st->nt &&
			    (in_list_fast(st->p + st->t[i + 1].s, st->t[i + 1].e - st->t[i + 1].s,
			                  neg_exempt_next, neg_exempt_next_count) ||
			     (eq_nocase(w, len, "no") && st->p[st->t[i + 1].s] == '.')))
				continue; /* "not only", "No. 11" */
			return 1;
		}
		if (in_list_fast(w, len, hedges, NELEM(hedges)) &&
		    !(t->cap && eq_nocase(w, len, "may")))
			return 1;
		for (size_t q = 0; q < neg_cues2_count && i + 1 < st->nt; q++)
			if (eq_nocase(w, len, neg_cues2[q][0]) && wt_is(st, i + 1, neg_cues2[q][1]))
				return 1;
	}
	return 0;
}

/* Whether the sentence [s, e) of p takes back the one before it: it says
 * that what was just said could not be verified ("We looked for a filing
 * that shows it and did not find one", "This could not be confirmed",
 * "We searched for a filing that shows it and found none"): a negation or
 * hedge (or "none", "unable", "failed"), a word of checking
 * and a word that points back, all in one sentence. Then the sentence
 * before ties nothing, as if it were hedged itself. A negation about
 * something else ("It has not filed accounts since 2019") has no word of
 * checking and takes nothing back. */
/* Whether the sentence [s, e) opens with a short correction of the one
 * before it: a first clause (up to ';', ':' or the end) of at most six
 * words that starts with a word pointing back (it, this, that, he, she,
 * they) and either calls it wrong ("That was wrong.", "This is
 * incorrect.") or ends in a negation ("It is not.", "He does not; the
 * company is owned by ...", "That is not the case."). "That is not all."
 * and "He did not comment." are no correction: something follows the
 * negation. */
static int short_correction(const char *p, uint32_t s, uint32_t e)
{
	static const char *const start[] = {"it", "this", "that", "he", "she", "they"};
	static const char *const wrong[] = {"wrong",      "incorrect", "false",    "untrue",
	                                    "inaccurate", "mistaken",  "erroneous"};
	static const char *const tail[] = {"the", "case", "true", "correct", "accurate", "so"};
	char w[8][16];
	size_t n = 0, neg = 0;
	uint32_t i = s;

	while (i < e && p[i] != ';' && p[i] != ':' && n < 8) {
		size_t len = 0;
		uint32_t b;
		while (i < e && !is_alpha(UC(p, i)) && p[i] != ';' && p[i] != ':')
			i++;
		for (b = i; i < e && (is_alpha(UC(p, i)) || p[i] == '\''); i++)
			if (p[i] != '\'' && len < sizeof w[0] - 1)
				w[n][len++] = (char)to_lower(UC(p, i));
		if (i == b)
			continue;
		w[n][len] = '\0';
		n++;
	}
	if (n < 3 || n > 6 || !in_list_fast(w[0], strlen(w[0]), start, NELEM(start)))
		return 0;
	for (size_t k = 1; k < n; k++) {
		if (in_list_fast(w[k], strlen(w[k]), wrong, NELEM(wrong)))
			return 1;
		if (in_list_fast(w[k], strlen(w[k]), neg_cues1, neg_cues1_count) && !neg)
			neg = k + 1;
	}
	if (!neg)
		return 0;
	for (size_t k = neg; k < n; k++)
		if (!in_list_fast(w[k], strlen(w[k]), tail, NELEM(tail)))
			return 0;
	return 1;
}

static int retracts(const char *p, uint32_t s, uint32_t e)
{
	static const char *const checking[] = {
	    "confirm",     "confirmed",    "verify",       "verified",      "verifiable",
	    "corroborate", "corroborated", "substantiate", "substantiated", "find",
	    "found",       "establish",    "established",  "prove",         "proven",
	    "proved",      "shows",        "show",         "support",       "supports",
	};
	static const char *const back[] = {"it",    "this",    "that",     "these",
	                                   "those", "claim",   "claims",   "assertion",
	                                   "posts", "reports", "question", "allegation"};
	static const char *const failed[] = {"none", "unable", "failed", "fails", "lacking"};
	int neg = 0, check = 0, ref = 0;
	char w[32];

	for (uint32_t i = s; i < e;) {
		size_t len = 0;
		uint32_t b;
		while (i < e && !is_alpha(UC(p, i)))
			i++;
		for (b = i; i < e && (is_alpha(UC(p, i)) || p[i] == '\''); i++)
			if (p[i] != '\'' && len < sizeof w)
				w[len++] = (char)to_lower(UC(p, i));
		if (i == b || len >= sizeof w)
			continue;
		if (in_list_fast(w, len, neg_cues1, neg_cues1_count) ||
		    in_list_fast(w, len, hedges, NELEM(hedges)) ||
		    in_list_fast(w, len, failed, NELEM(failed)))
			neg = 1;
		else if (in_list_fast(w, len, checking, NELEM(checking)))
			check = 1;
		else if (in_list_fast(w, len, back, NELEM(back)))
			ref = 1;
	}
	return (neg && check && ref) || short_correction(p, s, e);
}

/* ---- the country around a place (phone numbers) ---- */

static const struct {
	const char *word;
	const char *a2;
} places[] = {
    {"china", "CN"},       {"chinese", "CN"},   {"prc", "CN"},         {"shenyang", "CN"},
    {"dandong", "CN"},     {"beijing", "CN"},   {"shanghai", "CN"},    {"guangzhou", "CN"},
    {"shenzhen", "CN"},    {"dalian", "CN"},    {"yanji", "CN"},       {"liaoning", "CN"},
    {"jilin", "CN"},       {"russia", "RU"},    {"russian", "RU"},     {"vladivostok", "RU"},
    {"moscow", "RU"},      {"korea", "KR"},     {"seoul", "KR"},       {"busan", "KR"},
    {"dprk", "KP"},        {"pyongyang", "KP"}, {"japan", "JP"},       {"tokyo", "JP"},
    {"uae", "AE"},         {"dubai", "AE"},     {"emirates", "AE"},    {"laos", "LA"},
    {"vientiane", "LA"},   {"cambodia", "KH"},  {"vietnam", "VN"},     {"singapore", "SG"},
    {"malaysia", "MY"},    {"kong", "HK"},      {"thailand", "TH"},    {"bangkok", "TH"},
    {"nigeria", "NG"},     {"lagos", "NG"},     {"philippines", "PH"}, {"manila", "PH"},
    {"ukraine", "UA"},     {"kyiv", "UA"},      {"poland", "PL"},      {"germany", "DE"},
    {"berlin", "DE"},      {"london", "GB"},    {"kingdom", "GB"},     {"uk", "GB"},
    {"usa", "US"},         {"us", "US"},        {"states", "US"},      {"mongolia", "MN"},
    {"ulaanbaatar", "MN"}, {"indonesia", "ID"}, {"jakarta", "ID"},     {"taiwan", "TW"},
};

/* The country a word names (capitalised words only; "US" in capitals). */
static const char *place_country(const nsent *st, size_t t)
{
	const wtok *w = &st->t[t];
	size_t len = w->e - w->s;

	if (!w->cap)
		return NULL;
	if (len > 2 && st->p[w->e - 2] == '\'' && st->p[w->e - 1] == 's')
		len -= 2;
	for (size_t i = 0; i < NELEM(places); i++)
		if (eq_nocase(st->p + w->s, len, places[i].word)) {
			if ((strcmp(places[i].word, "us") == 0 ||
			     strcmp(places[i].word, "uk") == 0) &&
			    w->cap != 2)
				return NULL;
			if (strcmp(places[i].word, "kong") == 0 &&
			    !(t > 0 && wt_is(st, t - 1, "hong")))
				return NULL;
			if (strcmp(places[i].word, "states") == 0 &&
			    !(t > 0 && wt_is(st, t - 1, "united")))
				return NULL;
			if (strcmp(places[i].word, "korea") == 0 && t > 0 &&
			    wt_is(st, t - 1, "north"))
				return "KP";
			if (strcmp(places[i].word, "kingdom") == 0 &&
			    !(t > 0 && wt_is(st, t - 1, "united")))
				return NULL;
			return places[i].a2;
		}
	return NULL;
}

const char *ner_country(rctx *c, const nsent *st, uint32_t at)
{
	const char *best = NULL;
	uint32_t dist = UINT32_MAX;

	for (size_t t = 0; t < st->nt; t++) {
		const char *a2 = place_country(st, t);
		uint32_t d = st->t[t].s > at ? st->t[t].s - at : at - st->t[t].s;
		if (a2 && d < dist) {
			best = a2;
			dist = d;
		}
	}
	if (best)
		return best;
	return c->ner->country[0] ? c->ner->country : NULL;
}

/* Remembers the last country the sentence names, for the sentences after. */
static void note_country(rctx *c, const nsent *st)
{
	for (size_t t = 0; t < st->nt; t++) {
		const char *a2 = place_country(st, t);
		if (a2)
			memcpy(c->ner->country, a2, 3);
	}
}

/* ---- entities of the sentence ---- */

int ner_taken(const rctx *c, uint32_t s, uint32_t e)
{
	const ner *n = c->ner;
	for (size_t i = 0; i < n->nents; i++)
		if (s < n->ents[i].e && n->ents[i].s < e)
			return 1;
	return 0;
}

/* Whether "'s" (or "’s") follows p[.. e) of p[0 .. n). */
static int possessive(const char *p, uint32_t n, uint32_t e)
{
	if (!p)
		return 0;
	if (e + 1 < n && p[e] == '\'' && p[e + 1] == 's')
		return e + 2 == n || !is_alpha(UC(p, e + 2));
	if (e + 3 < n && memcmp(p + e, "\xe2\x80\x99s", 4) == 0)
		return e + 4 == n || !is_alpha(UC(p, e + 4));
	return 0;
}

int ner_refer(rctx *c, enum ntype nt, cg_eid id, uint32_t s, uint32_t e)
{
	ner *n = c->ner;
	if (CG_ARRAY_GROW(n->ents, n->capents, n->nents + 1, 16))
		return fatal_nomem(c);
	n->ents[n->nents].s = s;
	n->ents[n->nents].e = e;
	n->ents[n->nents].id = id;
	n->ents[n->nents].poss = (uint8_t)possessive(n->para.buf, (uint32_t)n->para.len, e);
	n->ents[n->nents].virt = 0;
	n->ents[n->nents++].nt = (uint8_t)nt;
	return 0;
}

int ner_entity(rctx *c, enum ntype nt, cg_entity_rec *rec, const char *ident, size_t nident,
               uint32_t s, uint32_t e, cg_eid *out)
{
	long saved = c->line;
	cg_eid id;
	int rc;

	c->line = ner_line_of(c->ner, s);
	rc = report_entity_add(c, ident, nident, rec, &id);
	if (!rc)
		rc = mention(c, id, 0);
	c->line = saved;
	if (rc)
		return rc;
	if (out)
		*out = id;
	return ner_refer(c, nt, id, s, e);
}

static int cmp_ent(const void *x, const void *y)
{
	const nent *a = x, *b = y;
	return a->s < b->s ? -1 : a->s > b->s;
}

/* Adds a tie-only entity at p[s .. e): a company ("its", "the company", a
 * role's company) or a person (a pronoun); poss: written as a possessive. */
static int virtual_ent(rctx *c, enum ntype nt, cg_eid id, uint32_t s, uint32_t e, int poss)
{
	ner *n = c->ner;
	if (ner_refer(c, nt, id, s, e) < 0)
		return c->rc;
	n->ents[n->nents - 1].virt = 1;
	n->ents[n->nents - 1].poss = (uint8_t)poss;
	return 0;
}

/* Whether the sentence is a field of the paragraph's subject that names no
 * person: "Registered office: ...", "Phone: ...", "Bank: ..., IBAN ...", an
 * address label with more words ("Registered address on the BR
 * certificate: ..."), or a sentence that starts with the field's word and
 * its value ("Account KZ95 ... at X Bank", "IBAN AE10 ..."). */
static int field_label(const rctx *c, const nsent *st)
{
	static const char *const labels[] = {"registered office",
	                                     "registered address",
	                                     "address",
	                                     "office",
	                                     "phone",
	                                     "tel",
	                                     "tel.",
	                                     "telephone",
	                                     "mobile",
	                                     "fax",
	                                     "e-mail",
	                                     "email",
	                                     "website",
	                                     "web",
	                                     "domain",
	                                     "bank",
	                                     "account",
	                                     "iban",
	                                     "bank account"};
	/* labels that may go on with more words before the colon */
	static const char *const long_labels[] = {"registered office", "registered address",
	                                          "office address", "business address",
	                                          "mailing address"};
	/* words that start a sentence with their value right after them */
	static const char *const value_words[] = {"account", "iban",   "phone", "tel",    "mobile",
	                                          "fax",     "e-mail", "email", "website"};
	const ner *n = c->ner;
	size_t colon = 0;
	char key[64];
	size_t kl = 0;

	for (size_t i = 0; i < n->nents; i++)
		if (n->ents[i].nt == NT_PERSON)
			return 0;
	while (colon < st->nt && colon < 8 && !wt_is(st, colon, ":"))
		colon++;
	if (colon >= st->nt || !wt_is(st, colon, ":")) {
		/* "Account KZ95 ...": the value right after the word (or "no.") */
		size_t v = 1;
		if (!st->nt || !st->t[0].word ||
		    !in_list(st->p + st->t[0].s, st->t[0].e - st->t[0].s, value_words,
		             NELEM(value_words)))
			return 0;
		if (wt_is(st, 1, "no") || wt_is(st, 1, "number"))
			v = wt_is(st, 2, ".") ? 3 : 2;
		for (size_t i = 0; i < n->nents && v < st->nt; i++)
			if (!n->ents[i].virt && n->ents[i].s == st->t[v].s &&
			    n->ents[i].nt != NT_PERSON && n->ents[i].nt != NT_COMPANY)
				return 1;
		return 0;
	}
	if (colon == 0)
		return 0;
	for (size_t k = 0; k < colon; k++) {
		size_t l = st->t[k].e - st->t[k].s;
		if (kl + l + 1 >= sizeof key)
			return 0;
		if (kl)
			key[kl++] = ' ';
		for (size_t q = 0; q < l; q++)
			key[kl++] = (char)to_lower(UC(st->p, st->t[k].s + q));
	}
	if (colon <= 3 && in_list(key, kl, labels, NELEM(labels)))
		return 1;
	for (size_t i = 0; i < NELEM(long_labels); i++) {
		size_t l = strlen(long_labels[i]);
		if (kl > l && key[l] == ' ' && strncmp(key, long_labels[i], l) == 0)
			return 1;
	}
	return 0;
}

static const char *const role_words[] = {"director", "representative", "ceo",     "president",
                                         "chairman", "owner",          "founder", "shareholder",
                                         "manager",  "member",         "chair",   "proprietor"};
/* words between "the" and a role ("the sole director", "the legal
 * representative") */
static const char *const role_adj[] = {"sole",     "legal",     "general",
                                       "managing", "executive", "beneficial",
                                       "ultimate", "only",      "registered"};

/* Whether word t is a role, after at most one of role_adj: the index of the
 * role word, or 0 when none. */
static size_t role_at(const nsent *st, size_t t)
{
	if (t < st->nt && st->t[t].word &&
	    in_list_fast(st->p + st->t[t].s, st->t[t].e - st->t[t].s, role_adj, NELEM(role_adj)))
		t++;
	return t < st->nt && st->t[t].word &&
	               in_list_fast(st->p + st->t[t].s, st->t[t].e - st->t[t].s, role_words,
	                            NELEM(role_words))
	           ? t
	           : 0;
}

/* A sentence that gives a person a role and names no company: where the
 * company it is a role of stands for the ties (*at), or 0 when none.
 * "Director: Lim Boon Keat.", "The legal representative is Sun Guowei", "The
 * sole member named in the annual report is X" (the company at the role),
 * "... name X, a passport holder, as the beneficial owner" (the company
 * after the role, so that the role stands between the two). */
static int role_sentence(const rctx *c, const nsent *st, uint32_t *at)
{
	const ner *n = c->ner;
	int person = 0;
	/* a role with no name before it is the paragraph's company's only when
	 * the paragraph is about that company */
	int about = n->have_subj && n->subj_nt == NT_COMPANY && n->subj == n->focus;

	for (size_t i = 0; i < n->nents; i++) {
		size_t t = wt_at(st, n->ents[i].s), gap = 0, r;
		if (n->ents[i].nt != NT_PERSON || n->ents[i].virt || t >= st->nt)
			continue;
		person = 1;
		/* the role, then at most ":", ",", "is", "was" before the name */
		while (t > 0 && gap < 2 &&
		       (wt_is(st, t - 1, ":") || wt_is(st, t - 1, ",") || wt_is(st, t - 1, "is") ||
		        wt_is(st, t - 1, "was")))
			t--, gap++;
		if (t > 0 && in_list_fast(st->p + st->t[t - 1].s, st->t[t - 1].e - st->t[t - 1].s,
		                          role_words, NELEM(role_words))) {
			*at = st->t[t - 1].s;
			if (t >= 2 && wt_is(st, t - 2, "legal"))
				*at = st->t[t - 2].s;
			return 1;
		}
		if (!about)
			continue;
		/* "X ... as the beneficial owner" */
		for (t = 0; t < st->nt && st->t[t].s < n->ents[i].e;)
			t++;
		/* the role in the next cell of a row: "FENWOLD, Marcus Idris
		 * Director  appointed ...", "| X | Director |" */
		r = t < st->nt && wt_is(st, t, "|") ? t + 1 : t;
		if (r < st->nt && (r > t || st->t[r].s >= n->ents[i].e + 2) &&
		    (r = role_at(st, r)) != 0) {
			*at = st->t[r].e;
			return 1;
		}
		for (size_t q = t; q < st->nt && q < t + 12; q++) {
			size_t k = q + 1;
			if (!wt_is(st, q, "as"))
				continue;
			if (wt_is(st, k, "the") || wt_is(st, k, "a") || wt_is(st, k, "its") ||
			    wt_is(st, k, "an"))
				k++;
			if ((r = role_at(st, k)) != 0) {
				*at = st->t[r].e;
				return 1;
			}
			break;
		}
	}
	/* "The sole member named in the annual report is X" */
	if (person && about && wt_is(st, 0, "the") && role_at(st, 1)) {
		*at = st->t[0].s;
		return 1;
	}
	return 0;
}

/* Words that refer back: "its", "the company", "the firm" ("the
 * company's", "the firm's") to the paragraph's company, "he", "she", "his",
 * "her", "him" to its last person, each a tie-only entity; a sentence that
 * gives a person a role without naming a company (role_sentence) gets the
 * company there; a field of the paragraph's subject (field_label) gets the
 * subject at its start. The paragraph's company for the next sentences is
 * this one's subject (its first company), else the last company named. */
static int anaphors(rctx *c, const nsent *st)
{
	static const char *const noun_after[] = {"website", "site",  "domain", "domains",
	                                         "e-mail",  "email", "laptop", "laptops",
	                                         "name",    "names"};
	ner *n = c->ner;
	size_t n0 = n->nents, k = 0;
	int have = n->have_focus, company = 0, havep = n->have_pfocus, pg = n->pgender;
	cg_eid focus = n->focus, pfocus = n->pfocus;
	uint32_t at;

	for (size_t t = 0; t < st->nt; t++) {
		const wtok *w = &st->t[t];
		uint32_t e = w->e;
		int poss = 0;
		for (; k < n0 && n->ents[k].s < w->s; k++) {
			if (n->ents[k].nt == NT_COMPANY && !ner_is_bank(st, &n->ents[k]))
				focus = n->ents[k].id, have = company = 1;
			if (n->ents[k].nt == NT_PERSON && (!havep || pfocus != n->ents[k].id))
				pfocus = n->ents[k].id, havep = 1, pg = 0;
		}
		if (wt_is(st, t, "he") || wt_is(st, t, "she") || wt_is(st, t, "him") ||
		    wt_is(st, t, "his") || wt_is(st, t, "her")) {
			/* a pronoun of the other gender than the one that stood for
			 * the person before is someone else ("he ... her e-mails") */
			int g = wt_is(st, t, "she") || wt_is(st, t, "her") ? 2 : 1;
			if (pg && pg != g)
				continue;
			pg = g;
			if (havep && !ner_taken(c, w->s, w->e) &&
			    virtual_ent(c, NT_PERSON, pfocus, w->s, w->e,
			                wt_is(st, t, "his") || wt_is(st, t, "her")) < 0)
				return c->rc;
			continue;
		}
		if (wt_is(st, t, "its"))
			poss = 1;
		else if (t == 0 && w->cap && wt_is(st, t, "it") &&
		         (wt_is(st, 1, "is") || wt_is(st, 1, "was") || wt_is(st, 1, "has") ||
		          wt_is(st, 1, "had")))
			poss = 0; /* "It is owned by ..." */
		else if ((wt_is(st, t, "the") || wt_is(st, t, "this")) && t + 1 < st->nt &&
		         (wt_is(st, t + 1, "company") || wt_is(st, t + 1, "firm") ||
		          wt_is(st, t + 1, "company's") || wt_is(st, t + 1, "firm's")))
			e = st->t[t + 1].e,
			poss = !wt_is(st, t + 1, "company") && !wt_is(st, t + 1, "firm");
		else
			continue;
		if (!poss && t + 2 < st->nt && st->t[t + 2].word &&
		    in_list_fast(st->p + st->t[t + 2].s, st->t[t + 2].e - st->t[t + 2].s,
		                 noun_after, NELEM(noun_after)))
			continue; /* "the company website": not the company */
		if (e - w->s > 3 && poss && st->p[e - 2] == '\'')
			e -= 2; /* "company's": the entity is "the company" */
		if (have && !ner_taken(c, w->s, e) &&
		    virtual_ent(c, NT_COMPANY, focus, w->s, e, poss) < 0)
			return c->rc;
		company |= have;
	}
	for (; k < n0; k++) {
		if (n->ents[k].nt == NT_COMPANY && !ner_is_bank(st, &n->ents[k]))
			focus = n->ents[k].id, have = company = 1;
		if (n->ents[k].nt == NT_PERSON && (!havep || pfocus != n->ents[k].id))
			pfocus = n->ents[k].id, havep = 1, pg = 0;
	}
	if (!company && n->have_focus && role_sentence(c, st, &at)) {
		if (virtual_ent(c, NT_COMPANY, n->focus, at, at, 0) < 0)
			return c->rc;
		company = 1;
	}
	if (!company && (n->have_focus || n->have_subj) && field_label(c, st)) {
		/* the entry's subject: a person's field list, else the company */
		int r = n->have_subj && n->subj_nt == NT_PERSON
		            ? virtual_ent(c, NT_PERSON, n->subj, st->t[0].s, st->t[0].s, 0)
		        : n->have_subj && n->subj_nt == NT_COMPANY
		            ? virtual_ent(c, NT_COMPANY, n->subj, st->t[0].s, st->t[0].s, 0)
		            : virtual_ent(c, NT_COMPANY, n->focus, st->t[0].s, st->t[0].s, 0);
		if (r < 0)
			return c->rc;
	}
	/* the next sentences' "its", "the company": the subject of this one
	 * (its first company), else the last company named */
	{
		/* an anaphor at the start is the subject too: "Its founder is X,
		 * who also founded Y LLC" stays about the company "its" named */
		uint32_t first = UINT32_MAX;
		for (k = 0; k < n->nents; k++)
			if (n->ents[k].nt == NT_COMPANY && n->ents[k].s < first &&
			    (!n->ents[k].virt || n->ents[k].e > n->ents[k].s) &&
			    !ner_is_bank(st, &n->ents[k])) {
				focus = n->ents[k].id;
				first = n->ents[k].s;
			}
	}
	n->focus = focus;
	n->have_focus = have;
	n->pfocus = pfocus;
	n->have_pfocus = havep;
	n->pgender = pg;
	if (!n->have_subj)
		for (k = 0; k < n0; k++)
			if ((n->ents[k].nt == NT_COMPANY && !ner_is_bank(st, &n->ents[k])) ||
			    n->ents[k].nt == NT_PERSON) {
				n->subj = n->ents[k].id;
				n->subj_nt = n->ents[k].nt;
				n->have_subj = 1;
				break;
			}
	return 0;
}

/* Whether the sentence is a field line that gives its subject another name
 * ("Chinese name: ...", "Former name: ...", "Trading name: ...", "Doing
 * business as: ..."): where the value starts, else 0. A label of the name
 * of someone else ("Registrant name:", "Company name:") is none. */
static uint32_t alias_label(const nsent *st)
{
	static const char *const adjectives[] = {
	    "chinese", "english", "korean",      "russian",   "japanese", "arabic",  "local",
	    "native",  "former",  "previous",    "prior",     "old",      "other",   "trading",
	    "brand",   "short",   "alternative", "alternate", "also",     "business"};
	static const char *const whole[] = {"formerly", "aka", "dba", "d/b/a", "t/a"};
	size_t k = 0;

	while (k < st->nt && k < 5 && st->t[k].word)
		k++;
	if (k == 0 || k >= st->nt || !wt_is(st, k, ":") || k + 1 >= st->nt)
		return 0;
	if (k == 1 && in_list(st->p + st->t[0].s, st->t[0].e - st->t[0].s, whole, NELEM(whole)))
		return st->t[k + 1].s;
	if (k == 2 &&
	    in_list(st->p + st->t[0].s, st->t[0].e - st->t[0].s, adjectives, NELEM(adjectives)) &&
	    (wt_is(st, 1, "name") || wt_is(st, 1, "names")))
		return st->t[k + 1].s;
	if ((k == 2 && (wt_is(st, 0, "trading") || wt_is(st, 0, "operating")) &&
	     wt_is(st, 1, "as")) ||
	    (k == 3 && wt_is(st, 2, "as") &&
	     ((wt_is(st, 0, "also") && wt_is(st, 1, "known")) ||
	      (wt_is(st, 0, "formerly") && wt_is(st, 1, "known")) ||
	      (wt_is(st, 0, "doing") && wt_is(st, 1, "business")))))
		return st->t[k + 1].s;
	return 0;
}

/* One sentence: its indicators, then what the recognisers find, then ties
 * (none when the next sentence takes it back: taken_back). */
static int sentence(rctx *c, nsent *st, uint32_t index, int taken_back, int *doubt_out)
{
	ner *n = c->ner;
	int doubt;

	if (tokenise(c, st) < 0)
		return c->rc;
	n->nents = 0;
	for (size_t i = 0; i < n->ninds; i++)
		if (n->inds[i].s >= st->s && n->inds[i].s < st->e &&
		    ner_refer(c, n->inds[i].nt, n->inds[i].id, n->inds[i].s, n->inds[i].e) < 0)
			return c->rc;
	n->alias_at = n->have_subj && n->subj_nt == NT_COMPANY ? alias_label(st) : 0;
	if (find_companies(c, st) < 0 || find_places(c, st) < 0 ||
	    (!st->heading && find_persons(c, st) < 0))
		return c->rc;
	note_country(c, st);
	for (size_t i = 0; i < n->nents; i++)
		if (n->ents[i].nt == NT_COMPANY && (!n->ntitle || n->ents[i].id != n->title_co)) {
			n->title_co = n->ents[i].id;
			n->title_s = n->ents[i].s;
			n->title_e = n->ents[i].e;
			n->ntitle++;
		}
	if (n->nents > 1)
		qsort(n->ents, n->nents, sizeof *n->ents, cmp_ent);
	if (!st->heading && anaphors(c, st) < 0)
		return c->rc;
	if (n->nents > 1)
		qsort(n->ents, n->nents, sizeof *n->ents, cmp_ent);
	doubt = doubtful(n, st) || taken_back;
	*doubt_out |= doubt;
	if (st->heading || doubt)
		return 0;
	if (n->whois)
		return whois_collect(c);
	for (size_t i = 0; i < n->nents; i++) {
		if (!is_party(n->ents[i].nt) || n->ents[i].virt)
			continue;
		if (CG_ARRAY_GROW(n->pents, n->cappents, n->npents + 1, 16))
			return fatal_nomem(c);
		n->pents[n->npents] = n->ents[i];
		n->pents[n->npents++].s = index;
	}
	return ner_tie_sentence(c, st);
}

/* A paragraph that is only a company's name, with at most a number or a
 * letter before it ("1) Brightwater Pixel Co., Ltd.", "## Tesseract Loop
 * Pte. Ltd.", "SHENYANG HEXIN RUIDA TRADING CO., LTD."), titles the
 * paragraphs after it: they are about that company until the next heading
 * or title. */
static void section_title(rctx *c, const char *p, uint32_t len)
{
	ner *n = c->ner;
	size_t other = 0;

	if (n->ntitle == 1) {
		uint32_t end = len, depth = 0;
		/* a parenthesis after the name says where it is registered:
		 * "2. ORCHARD BAY HOLDINGS LIMITED (Hong Kong)" */
		while (end > n->title_e && !is_alnum(UC(p, end - 1)) && p[end - 1] != ')' &&
		       UC(p, end - 1) < 0x80)
			end--; /* blanks, a ruler ("=====") */
		if (end > n->title_e && p[end - 1] == ')')
			for (uint32_t i = end; i-- > n->title_e;) {
				depth += p[i] == ')';
				depth -= p[i] == '(';
				if (!depth) {
					end = i;
					break;
				}
			}
		for (uint32_t i = 0; i < end; i++)
			other += (is_alnum(UC(p, i)) || UC(p, i) >= 0x80) &&
			         (i < n->title_s || i >= n->title_e);
		if (other <= 2) {
			n->sec_focus = n->title_co;
			n->have_sec = 1;
			return;
		}
	}
	if (n->heading)
		n->have_sec = 0;
}

/* Cuts the paragraph into sentences and reads each. */
static int flush(rctx *c)
{
	ner *n = c->ner;
	const char *p = cg_strbuf_cstr(&n->para);
	uint32_t len = (uint32_t)n->para.len, s = 0, index = 0;
	size_t b = 0;
	int doubt = 0;

	n->npents = 0;
	n->ntitle = 0;
	n->have_pfocus = 0;
	n->pgender = 0;
	n->have_subj = 0;
	if (n->have_sec && !n->have_focus)
		n->focus = n->sec_focus, n->have_focus = 1; /* under a title line */
	if (n->have_focus) {
		/* a company carried over (a title line, a paragraph ending with a
		 * colon) is the subject of the paragraph's field lines */
		n->subj = n->focus;
		n->subj_nt = NT_COMPANY;
		n->have_subj = 1;
	}
	whois_para(c);
	/* the sentences' ends first, so that each can look at the next */
	n->nsends = 0;
	for (uint32_t i = 0; i <= len; i++) {
		int end = i == len;
		if (!end && (p[i] == '!' || p[i] == '?') &&
		    (i + 1 == len || is_space(UC(p, i + 1))))
			end = 1;
		if (!end && p[i] == '.')
			end = period_ends(p, s, i, len);
		if (!end && i - s > 4000 && is_space(UC(p, i)))
			end = 1; /* no sentence is that long: a list or a table */
		while (b < n->nbrk && n->brk[b] <= i)
			b++;
		if (!end && b < n->nbrk && n->brk[b] == i + 1 && i > s)
			end = 1; /* a field line starts after this blank */
		if (!end)
			continue;
		if (CG_ARRAY_GROW(n->sends, n->capsends, n->nsends + 1, 16))
			return fatal_nomem(c);
		n->sends[n->nsends++] = i < len ? i + 1 : len;
		s = i + 1;
	}
	s = 0;
	for (size_t k = 0; k < n->nsends && !c->rc; k++) {
		uint32_t e = n->sends[k];
		nsent st = {p, s, e, NULL, 0, n->heading};
		int back = k + 1 < n->nsends && retracts(p, e, n->sends[k + 1]);
		if (st.e > st.s && sentence(c, &st, index++, back, &doubt) < 0)
			break;
		s = e;
	}
	if (!c->rc && !doubt && !n->heading)
		n->whois ? whois_ties(c) : ner_tie_paragraph(c);
	section_title(c, p, len);
	cg_strbuf_reset(&n->para);
	n->nlines = n->ninds = n->nents = n->npents = n->nbrk = 0;
	/* a paragraph that ends with a colon introduces the list after it: its
	 * company stays the subject ("The vendor's file lists:") */
	while (len && is_space(UC(p, len - 1)))
		len--;
	if (!len || p[len - 1] != ':')
		n->have_focus = 0;
	return c->rc;
}

int ner_finish(rctx *c)
{
	return c->ner && c->ner->para.len ? flush(c) : c->rc;
}

void ner_free(rctx *c)
{
	ner *n = c->ner;

	if (!n)
		return;
	cg_strbuf_free(&n->para);
	cg_strbuf_free(&n->ev);
	cg_strbuf_free(&n->tmp);
	free(n->lines);
	free(n->inds);
	free(n->ents);
	free(n->pents);
	free(n->toks);
	free(n->sur);
	free(n->known);
	free(n->cnames);
	free(n->brk);
	free(n->sends);
	free(n->rents);
	free(n->cal);
	free(n);
	c->ner = NULL;
}
