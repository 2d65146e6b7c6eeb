/* Layer 4 of the report importer: companies in a sentence (docs/REPORTS.md,
 * "Layer 4"; persons are persons.c's).
 *
 * A company is named by its legal form: the capitalised words before a form
 * written after the name (LLC, Co., Ltd., GmbH, FZE ...), or after a form
 * written before it (OOO "Romashka", JSC ...), or a CJK name ending (or
 * starting) with its form; its aliases follow it ("formerly", "also known
 * as", "trading as", "d/b/a", a parenthesis), and so may its website. The
 * words of every company's name are kept, so that a run of them later is
 * read as the company (ner_company_named). */
#include "report_internal.h"

#include "cg_array.h"
#include "cg_normalize.h"
#include "cg_tables.h"

#include <stdlib.h>
#include <string.h>

#define MAX_NAME_WORDS 8 /* words of a company's name before its form */
#define MAX_ALIASES    4

/* Legal forms written after the name, longest first where one is the start
 * of another; compared case-sensitively (all-capital forms are listed). */
static const char *const forms_after[] = {
    "Co., Ltd.",
    "Co.,Ltd.",
    "Co., Ltd",
    "Co.,Ltd",
    "Co. Ltd.",
    "Co. Ltd",
    "Co.,Limited",
    "Co., Limited",
    "CO., LTD.",
    "CO.,LTD.",
    "CO., LTD",
    "CO.,LTD",
    "Company Limited",
    "Pte. Ltd.",
    "Pte Ltd.",
    "Pte. Ltd",
    "Pte Ltd",
    "PTE. LTD.",
    "PTE LTD",
    "Pty. Ltd.",
    "Pty Ltd",
    "Pvt. Ltd.",
    "Pvt Ltd",
    "Ltd. Şti.",
    "Ltd. Sti.",
    "Ltd.Şti.",
    "LTD. ŞTİ.",
    "A.Ş.",
    "S.A. de C.V.",
    "S. de R.L. de C.V.",
    "S. de R.L.",
    "S.A.S.",
    "S.p.A.",
    "OOO",
    "ООО",
    "N.A.",
    "Sdn. Bhd.",
    "Sdn Bhd",
    "SDN. BHD.",
    "SDN BHD",
    "FZ-LLC",
    "FZ LLC",
    "L.L.C.",
    "LLC",
    "L.L.P.",
    "LLP",
    "Ltd.",
    "Ltd",
    "LTD.",
    "LTD",
    "Limited",
    "LIMITED",
    "Inc.",
    "Inc",
    "INC.",
    "INC",
    "Incorporated",
    "Corp.",
    "Corp",
    "CORP.",
    "Corporation",
    "CORPORATION",
    "Co.",
    "CO.",
    "Company",
    "COMPANY",
    "GmbH",
    "S.A.R.L.",
    "SARL",
    "S.A.",
    "S.R.L.",
    "SRL",
    "S.L.",
    "B.V.",
    "N.V.",
    "PLC",
    "plc",
    "AG",
    "AB",
    "UAB",
    "A/S",
    "ApS",
    "Oy",
    "FZE",
    "FZCO",
    "FZC",
    "DMCC",
    "JSC",
    "PJSC",
    "K.K.",
    "Kabushiki Kaisha",
    "Ltda.",
    "Ltda",
    "s.r.o.",
    "d.o.o.",
    "Sp. z o.o.",
};

/* Legal forms written before the name. */
static const char *const forms_before[] = {
    "OOO", "ООО", "ZAO",  "ЗАО",  "OAO",  "ОАО", "PAO", "ПАО", "TOO",
    "ТОО", "JSC", "PJSC", "OJSC", "CJSC", "AO",  "АО",  "LLC",
};

/* CJK forms: at the end of a word (and 株式会社, 주식회사 also at its start). */
static const char *const forms_cjk[] = {"股份有限公司", "有限责任公司", "有限公司", "株式会社",
                                        "有限会社",     "合同会社",     "주식회사", "유한회사"};

/* Words that do not start a company's name: dropped from its left. */
static const char *const name_stop[] = {
    "the",          "a",           "an",        "this",       "that",       "these",
    "those",        "its",         "their",     "his",        "her",        "our",
    "both",         "each",        "either",    "all",        "any",        "another",
    "and",          "or",          "but",       "by",         "from",       "with",
    "for",          "of",          "in",        "on",         "at",         "to",
    "into",         "via",         "as",        "after",      "before",     "while",
    "when",         "where",       "which",     "who",        "whose",      "since",
    "until",        "per",         "according", "including",  "namely",     "between",
    "under",        "also",        "then",      "however",    "moreover",   "furthermore",
    "additionally", "notably",     "finally",   "here",       "there",      "we",
    "they",         "he",          "she",       "it",         "company",    "companies",
    "firm",         "front",       "shell",     "entity",     "subsidiary", "registrant",
    "director",     "ceo",         "owner",     "founder",    "chinese",    "russian",
    "korean",       "north",       "south",     "american",   "british",    "emirati",
    "japanese",     "singaporean", "malaysian", "laotian",    "cambodian",  "nigerian",
    "thai",         "vietnamese",  "ukrainian", "sanctioned", "designated", "dprk",
    "ofac",         "january",     "february",  "march",      "april",      "may",
    "june",         "july",        "august",    "september",  "october",    "november",
    "december",     "monday",      "tuesday",   "wednesday",  "thursday",   "friday",
    "saturday",     "sunday",      "in",        "today",      "yesterday",  "earlier",
    "later",        "like",        "unlike",    "if",         "although",   "is",
    "was",          "are",         "were",      "has",        "had",        "said",
    "new",          "former",      "formerly",  "known",      "see",        "table",
    "figure",       "note",        "source",    "sources",    "update",     "summary",
    "background",   "overview",    "copyright", "©",          "(c)",        "all",
    "rights",       "reserved",    "victim",    "victims",    "unnamed",    "unidentified",
};

/* Whether w (n bytes) ends with a suffix that makes it a description
 * ("China-based", "DPRK-linked"). */
static int descriptive(const char *w, size_t n)
{
	static const char *const sfx[] = {"-based", "-registered", "-linked", "-controlled",
	                                  "-owned", "-affiliated", "-backed", "-run"};
	for (size_t i = 0; i < NELEM(sfx); i++) {
		size_t l = strlen(sfx[i]);
		if (n > l && strncasecmp(w + n - l, sfx[i], l) == 0)
			return 1;
	}
	return 0;
}

/* The length of p[i .. e) that is form f, a blank of f matching a run of
 * blanks or line breaks ("Co.,\n  Ltd."), or 0. */
static size_t form_len(const char *p, uint32_t i, uint32_t e, const char *f)
{
	uint32_t j = i;
	for (; *f; f++) {
		if (*f == ' ') {
			if (j >= e || !is_space(UC(p, j)))
				return 0;
			while (j < e && is_space(UC(p, j)))
				j++;
		} else if (j < e && p[j] == *f)
			j++;
		else
			return 0;
	}
	return j - i;
}

/* The length of the form of list at p[i], or 0: the bytes after it do not
 * go on as a word. */
static size_t form_at(const char *p, uint32_t i, uint32_t e, const char *const *list, size_t n)
{
	size_t best = 0;
	int ch = UC(p, i);
	/* every form starts with a capital, a non-ASCII letter, or the 's' of
	 * "s.r.o.", 'd' of "d.o.o." or 'p' of "plc": most words end here */
	if (!(is_upper(ch) || ch >= 0x80 || ch == 's' || ch == 'd' || ch == 'p'))
		return 0;
	for (size_t k = 0; k < n; k++) {
		size_t l;
		if (list[k][0] != p[i] || (list[k][1] && (i + 1 >= e || list[k][1] != p[i + 1])))
			continue;
		l = form_len(p, i, e, list[k]);
		if (l > best && (i + l == e || !(is_alnum(UC(p, i + l)) || UC(p, i + l) >= 0x80 ||
		                                 (p[i + l] == '.' && i + l + 1 < e &&
		                                  is_alnum(UC(p, i + l + 1))))))
			best = l;
	}
	return best;
}

/* A company span found in the sentence. */
typedef struct cspan {
	uint32_t s, e; /* the whole name, form included */
	int alias_of;  /* index of the company it is an alias of, or -1 */
	uint32_t ae;   /* where the aliases and website after it end */
} cspan;

/* Words after which "of" or "for" goes on with a company's name. */
static const char *const heads_of[] = {"bank",     "union",     "association", "corporation",
                                       "company",  "society",   "chamber",     "trust",
                                       "exchange", "institute", "college",     "university"};

/* Words that make "X Bank" a public body, not a company. */
static const char *const public_banks[] = {"central",  "reserve",       "world",      "development",
                                           "people's", "export-import", "settlements"};

/* Whether word t is a word a name may hold. */
static int namey(const nsent *st, size_t t)
{
	const wtok *w = &st->t[t];
	int ch = UC(st->p, w->s);
	return w->word && (w->cap || is_digit(ch) || ch >= 0x80);
}

/* The start of the name before the form at word f, or UINT32_MAX. */
static uint32_t name_before(const nsent *st, size_t f)
{
	size_t b = f, k, real = 0;

	while (b > 0 && f - b < MAX_NAME_WORDS) {
		size_t t = b - 1;
		const wtok *w = &st->t[t];
		if (namey(st, t)) {
			b = t;
			continue;
		}
		/* a place in parentheses inside the name: "Haixing Holdings (HK)
		 * Limited", "Huaxin (Shenzhen) Co., Ltd." */
		if (!w->word && st->p[w->s] == ')' && t >= 3) {
			size_t k = t - 1;
			while (k > 0 && t - k <= 3 && st->t[k].word && st->t[k].cap)
				k--;
			if (k < t - 1 && !st->t[k].word && st->p[st->t[k].s] == '(' && k > 0 &&
			    namey(st, k - 1)) {
				b = k;
				continue;
			}
		}
		/* "&", "de" between capitalised words; "of", "for" after a word
		 * that heads an institution ("Bank of Dandong"), not after any
		 * ("Employee of X Corp", "in Vladivostok of X Corp") */
		if (t > 0 && namey(st, t - 1) &&
		    ((!w->word && st->p[w->s] == '&') || wt_is(st, t, "de") ||
		     ((wt_is(st, t, "of") || wt_is(st, t, "for")) &&
		      in_list_fast(st->p + st->t[t - 1].s, st->t[t - 1].e - st->t[t - 1].s,
		                   heads_of, NELEM(heads_of)))) &&
		    !wt_is(st, t - 1, "the")) {
			b = t;
			continue;
		}
		break;
	}
	/* drop descriptions and glue from the left */
	while (b < f) {
		const wtok *w = &st->t[b];
		size_t n = w->e - w->s;
		if (!namey(st, b) || in_list_fast(st->p + w->s, n, name_stop, NELEM(name_stop)) ||
		    (n == 4 && is_digit(UC(st->p, w->s)) && is_digit(UC(st->p, w->s + 3))) ||
		    descriptive(st->p + w->s, n) ||
		    (n > 2 && st->p[w->e - 2] == '\'' && (b + 1 < f && !namey(st, b + 1))))
			b++;
		else
			break;
	}
	for (k = b; k < f; k++)
		if (st->t[k].word && !in_list_fast(st->p + st->t[k].s, st->t[k].e - st->t[k].s,
		                                   company_generic, company_generic_count))
			real++;
	return real ? st->t[b].s : UINT32_MAX;
}

/* A quoted name after p[i] ("Romashka", «Ромашка», “...”): its end (after
 * the closing quote), or 0. */
static uint32_t quoted_after(const char *p, uint32_t i, uint32_t e)
{
	static const char *const q[][2] = {{"\"", "\""}, {"«", "»"}, {"“", "”"}, {"'", "'"}};
	while (i < e && p[i] == ' ')
		i++;
	for (size_t k = 0; k < NELEM(q); k++) {
		size_t lo = strlen(q[k][0]), lc = strlen(q[k][1]);
		if (i + lo < e && memcmp(p + i, q[k][0], lo) == 0) {
			if (is_lower(UC(p, i + lo)))
				return 0; /* a quotation: the LLC "has no employees" */
			for (uint32_t j = i + (uint32_t)lo; j + lc <= e && j - i < 120; j++)
				if (memcmp(p + j, q[k][1], lc) == 0)
					return j > i + lo ? j + (uint32_t)lc : 0;
			return 0;
		}
	}
	return 0;
}

/* Forms that may follow the name after a comma ("Partners, Inc.",
 * "Solutions, L.L.C.", "Bank, N.A."). */
static const char *const comma_forms[] = {"Inc.", "Inc", "LLC",    "L.L.C.", "Ltd.",
                                          "Ltd",  "LLP", "L.L.P.", "N.A.",   "Corp."};

static int comma_form(const char *p, size_t l)
{
	for (size_t k = 0; k < NELEM(comma_forms); k++)
		if (strlen(comma_forms[k]) == l && memcmp(p, comma_forms[k], l) == 0)
			return 1;
	return 0;
}

/* Whether word t ends with "bank" ("Savings Bank", "Citibank"). */
static int bank_word(const nsent *st, size_t t)
{
	const wtok *w = &st->t[t];
	return w->word && w->e - w->s >= 4 && strncasecmp(st->p + w->e - 4, "bank", 4) == 0;
}

/* Whether the name p[s ..) before word f is one word after "a" or "an":
 * a description ("a Wyoming LLC", "A Berlin GmbH"), not a name. */
static int described(const nsent *st, uint32_t s, size_t f)
{
	size_t t = wt_at(st, s);
	return t < st->nt && t > 0 && f == t + 1 &&
	       (wt_is(st, t - 1, "a") || wt_is(st, t - 1, "an"));
}

/* A bank named without a legal form at word t ("Bank", or "Union" after
 * "Credit"): two name words or more before it ("Wind River Bank",
 * "Greenway Federal Savings Bank", "Harborline Federal Credit Union"), none
 * of a public body's ("Central", "Reserve", "World"); or "Bank of X" after
 * no article ("Bank of Dandong"; "the Bank of Korea" is a central bank).
 * Sets *s and *e; 0 when there is none. */
static int bank_span(const nsent *st, size_t t, uint32_t *s, uint32_t *e)
{
	const wtok *w = &st->t[t];
	size_t k, b;

	/* "Union" after "Credit": "Harborline Federal Credit Union" */
	int union_ = w->e - w->s == 5 && memcmp(st->p + w->s, "Union", 5) == 0 && t > 0 &&
	             wt_is(st, t - 1, "credit");
	if ((w->e - w->s != 4 || memcmp(st->p + w->s, "Bank", 4) != 0) && !union_)
		return 0;
	/* a form or ", N.A." after it: the form's rule takes the name */
	if (t + 1 < st->nt &&
	    (form_at(st->p, st->t[t + 1].s, st->e, forms_after, NELEM(forms_after)) ||
	     (wt_is(st, t + 1, ",") && t + 2 < st->nt &&
	      form_at(st->p, st->t[t + 2].s, st->e, forms_after, NELEM(forms_after)))))
		return 0;
	if (!union_ && wt_is(st, t + 1, "of")) {
		if (t > 0 && (namey(st, t - 1) || wt_is(st, t - 1, "the")))
			return 0;
		for (k = t + 2; k < st->nt && k < t + 5 && st->t[k].cap; k++)
			;
		if (k == t + 2)
			return 0;
		*s = w->s;
		*e = st->t[k - 1].e;
		return 1;
	}
	if (t < 2 || (*s = name_before(st, t)) == UINT32_MAX)
		return 0;
	b = wt_at(st, *s);
	if (b >= st->nt || t - b < 2)
		return 0;
	for (k = b; k < t; k++)
		if (in_list_fast(st->p + st->t[k].s, st->t[k].e - st->t[k].s, public_banks,
		                 NELEM(public_banks)))
			return 0;
	*e = w->e;
	return 1;
}

/* Whether the form at word t is followed by a number or a single capital
 * letter, as a court filing names a party it keeps anonymous ("Victim
 * Company 1", "Shell Company A"): no company's name. */
static int placeholder(const nsent *st, size_t t)
{
	const wtok *w;

	if (t + 1 >= st->nt || st->t[t + 1].s > st->t[t].e + 1)
		return 0;
	w = &st->t[t + 1];
	if (w->e - w->s == 1 && is_upper(UC(st->p, w->s)))
		return t + 2 >= st->nt || !wt_is(st, t + 2, ".");
	return w->e - w->s <= 2 && is_digit(UC(st->p, w->s)) && is_digit(UC(st->p, w->e - 1)) &&
	       (t + 2 >= st->nt || !wt_is(st, t + 2, ".") || t + 3 >= st->nt ||
	        !is_digit(UC(st->p, st->t[t + 3].s)));
}

/* Finds the company spans of the sentence, left to right. */
static size_t company_spans(const nsent *st, cspan *out, size_t max)
{
	size_t n = 0;

	for (size_t t = 0; t < st->nt && n < max; t++) {
		const wtok *w = &st->t[t];
		uint32_t s = UINT32_MAX, e = 0;
		size_t l;
		if (UC(st->p, w->s) >= 0x80 && w->word) {
			for (size_t k = 0; k < NELEM(forms_cjk); k++) {
				size_t fl = strlen(forms_cjk[k]), wl = w->e - w->s;
				if (wl > fl && memcmp(st->p + w->e - fl, forms_cjk[k], fl) == 0)
					s = w->s, e = w->e;
				else if (wl > fl && memcmp(st->p + w->s, forms_cjk[k], fl) == 0)
					s = w->s, e = w->e;
				else if (wl == fl && memcmp(st->p + w->s, forms_cjk[k], fl) == 0) {
					if (t + 1 < st->nt && st->t[t + 1].word &&
					    UC(st->p, st->t[t + 1].s) >= 0x80)
						s = w->s, e = st->t[t + 1].e; /* 주식회사 한빛 */
					else if (t > 0 && st->t[t - 1].word &&
					         UC(st->p, st->t[t - 1].s) >= 0x80)
						s = st->t[t - 1].s, e = w->e; /* 한빛 주식회사 */
				}
				if (e)
					break;
			}
		}
		if (!e && (l = form_at(st->p, w->s, st->e, forms_before, NELEM(forms_before)))) {
			uint32_t q = quoted_after(st->p, w->s + (uint32_t)l, st->e);
			if (q) {
				s = w->s, e = q;
			} else if (strcmp("AO", "") && l >= 3 && st->p[w->s] != 'L' &&
			           t + 1 < st->nt && st->t[t + 1].cap == 1) {
				size_t k = t + 1;
				while (k < st->nt && st->t[k].cap == 1 && k - t <= 4)
					k++;
				s = w->s, e = st->t[k - 1].e;
			}
		}
		if (!e && t > 0 &&
		    (l = form_at(st->p, w->s, st->e, forms_after, NELEM(forms_after)))) {
			size_t f = t;
			int na = l == 4 && memcmp(st->p + w->s, "N.A.", 4) == 0;
			if (t >= 2 && wt_is(st, t - 1, ",") && namey(st, t - 2) &&
			    comma_form(st->p + w->s, l))
				f = t - 1; /* "Staffing Partners, Inc." */
			s = name_before(st, f);
			e = w->s + (uint32_t)l;
			/* "N.A." only as a bank's form after a comma */
			if (s != UINT32_MAX && ((na && !(f < t && bank_word(st, t - 2))) ||
			                        described(st, s, f) || placeholder(st, t)))
				s = UINT32_MAX;
		}
		if (!e && w->cap && t >= 2)
			bank_span(st, t, &s, &e);
		if (!e || s == UINT32_MAX)
			continue;
		if (n && s < out[n - 1].e)
			continue;
		out[n].s = s;
		out[n].e = e;
		out[n].alias_of = -1;
		out[n].ae = e;
		n++;
		while (t + 1 < st->nt && st->t[t + 1].s < e)
			t++;
	}
	return n;
}

static const char *const alias_cues[] = {
    "formerly known as",
    "also known as",
    "previously known as",
    "doing business as",
    "trading as",
    "operating as",
    "formerly",
    "previously",
    "a.k.a.",
    "aka",
    "d/b/a",
    "dba",
    "f/k/a",
    "fka",
    "t/a",
    "now",
};

/* The length of an alias cue at p[i] (with its blanks after), or 0. */
static size_t alias_cue(const char *p, uint32_t i, uint32_t e)
{
	for (size_t k = 0; k < NELEM(alias_cues); k++) {
		size_t l = strlen(alias_cues[k]);
		if (i + l < e && strncasecmp(p + i, alias_cues[k], l) == 0 &&
		    !is_alnum(UC(p, i + l))) {
			while (i + l < e && (p[i + l] == ' ' || p[i + l] == ':' || p[i + l] == '"'))
				l++;
			return l;
		}
	}
	return 0;
}

/* The end of a run of capitalised words at p[i] (an alias without a form),
 * or i. */
static uint32_t cap_run(const nsent *st, uint32_t i)
{
	size_t t = wt_at(st, i), k = t;
	while (k < st->nt && k - t < 6 && (namey(st, k) || (wt_is(st, k, "of") && k > t)))
		k++;
	while (k > t && !namey(st, k - 1))
		k--;
	return k > t ? st->t[k - 1].e : i;
}

/* Whether p[a .. b) names a website ("whose website", "its domain"). */
static int site_words(const char *p, uint32_t a, uint32_t b)
{
	static const char *const w[] = {"website", "web site", "site", "domain"};
	for (uint32_t i = a; i < b; i++)
		for (size_t k = 0; k < NELEM(w); k++)
			if (i + strlen(w[k]) <= b && strncasecmp(p + i, w[k], strlen(w[k])) == 0)
				return 1;
	return 0;
}

/* The first offset from i on of p[.. e) that is no blank or quote mark
 * (straight or curly). */
static uint32_t skip_quotes(const char *p, uint32_t i, uint32_t e)
{
	for (;;) {
		if (i < e && (p[i] == '"' || p[i] == ' '))
			i++;
		else if (i + 2 < e && (memcmp(p + i, "\xe2\x80\x9c", 3) == 0 ||
		                       memcmp(p + i, "\xe2\x80\x9d", 3) == 0))
			i += 3;
		else
			return i;
	}
}

/* Aliases and a website after company i: "(formerly X)", ", also known as
 * X,", "(x.example)". Marks the spans that are aliases; al gets the others
 * as offsets. */
/* Whether s[0 .. n) is a country's name (ISO 3166 short name or a common
 * alternative), ASCII case ignored. */
static int country_name(const char *s, size_t n)
{
	for (size_t i = 0; i < cg_countries_count; i++)
		if (strlen(cg_countries[i].name) == n &&
		    strncasecmp(cg_countries[i].name, s, n) == 0)
			return 1;
	for (size_t i = 0; i < cg_country_aliases_count; i++)
		if (strlen(cg_country_aliases[i].alias) == n &&
		    strncasecmp(cg_country_aliases[i].alias, s, n) == 0)
			return 1;
	return 0;
}

static void company_aliases(rctx *c, const nsent *st, cspan *cs, size_t n, size_t i,
                            uint32_t al[][2], size_t *nal, cg_eid *site)
{
	const char *p = st->p;
	uint32_t j = cs[i].e;
	int paren = 0;

	*site = CG_NO_ENTITY;
	*nal = 0;
	while (j < st->e && p[j] == ' ')
		j++;
	if (j < st->e && (p[j] == '(' || p[j] == ',')) {
		paren = p[j] == '(';
		j++;
		while (j < st->e && p[j] == ' ')
			j++;
	}
	for (size_t k = 0; k < c->ner->nents; k++) {
		const nent *d = &c->ner->ents[k];
		uint32_t gap = d->s >= j ? d->s - j : UINT32_MAX;
		if ((d->nt == NT_DOMAIN || d->nt == NT_URL) &&
		    ((paren && gap <= 12) || (gap <= 40 && site_words(p, j, d->s)))) {
			*site = d->id;
			break;
		}
	}
	for (int round = 0; round < MAX_ALIASES && j < st->e; round++) {
		size_t l = alias_cue(p, j, st->e);
		uint32_t a = j + (uint32_t)l, ae = 0, z;
		int span = 0;
		if (!l && !paren)
			break;
		a = skip_quotes(p, a, st->e);
		if (paren && a + 4 < st->e && strncasecmp(p + a, "the ", 4) == 0)
			a = skip_quotes(p, a + 4,
			                st->e); /* a defined name: (the "Beiyu Company") */
		for (size_t k = i + 1; k < n; k++)
			if (cs[k].s == a) {
				ae = cs[k].e;
				span = (int)k + 1;
			}
		if (!ae)
			ae = cap_run(st, a);
		if (ae <= a + 1)
			break;
		z = skip_quotes(p, ae, st->e);
		if (paren ? !(z < st->e && strchr(");,", p[z]))
		          : (z < st->e && !strchr(",.;)(", p[z])))
			break;
		if (!l && ae - a < 3)
			break;
		if (!l && paren && country_name(p + a, ae - a))
			break; /* where it is registered: "X LTD (United Kingdom)" */
		if (span)
			cs[span - 1].alias_of = (int)i;
		else {
			al[*nal][0] = a;
			al[(*nal)++][1] = ae;
		}
		cs[i].ae = ae;
		j = z;
		if (j < st->e && (p[j] == ';' || p[j] == ',') && paren) {
			j++;
			while (j < st->e && p[j] == ' ')
				j++;
			continue;
		}
		break;
	}
}

/* The company of the report that had the name (key) k[0 .. len) as an
 * alias, or CG_NO_ENTITY. */
static cg_eid alias_find(const ner *n, const char *k, size_t len)
{
	if (!k || len == 0 || len >= sizeof n->cal[0].key)
		return CG_NO_ENTITY;
	for (size_t i = 0; i < n->ncal; i++)
		if (strlen(n->cal[i].key) == len && memcmp(n->cal[i].key, k, len) == 0)
			return n->cal[i].id;
	return CG_NO_ENTITY;
}

/* Remembers the words of company id's name (normalised, a blank at each
 * end), so that a person-like run of them later ("Hanbit Haeyang" after
 * "Korea Hanbit Haeyang Technology Company") is read as the company. */
static int cname_add(ner *n, const char *name, size_t len, cg_eid id, cg_strbuf *tmp)
{
	struct cname *x;

	cg_strbuf_reset(tmp);
	if (cg_norm_text(name, len, tmp) == CG_ENOMEM)
		return CG_ENOMEM;
	if (!tmp->buf || !tmp->len || tmp->len + 3 > sizeof n->cnames[0].key)
		return 0;
	for (size_t i = 0; i < n->ncnames; i++)
		if (n->cnames[i].id == id && strncmp(n->cnames[i].key + 1, tmp->buf, tmp->len) == 0)
			return 0;
	if (CG_ARRAY_GROW(n->cnames, n->capcnames, n->ncnames + 1, 8))
		return CG_ENOMEM;
	x = &n->cnames[n->ncnames++];
	x->key[0] = ' ';
	memcpy(x->key + 1, tmp->buf, tmp->len);
	x->key[tmp->len + 1] = ' ';
	x->key[tmp->len + 2] = '\0';
	x->id = id;
	return 0;
}

/* The company of the report whose name holds the words p[s .. e) in a row
 * (two words or more), or CG_NO_ENTITY. */
cg_eid ner_company_named(rctx *c, const char *p, uint32_t s, uint32_t e)
{
	ner *n = c->ner;
	cg_strbuf *b = &n->tmp;
	char key[sizeof n->cnames[0].key];

	if (!n->ncnames)
		return CG_NO_ENTITY;
	cg_strbuf_reset(b);
	if (cg_norm_text(p + s, e - s, b) == CG_ENOMEM) {
		fatal_nomem(c);
		return CG_NO_ENTITY;
	}
	if (!b->buf || !b->len || b->len + 3 > sizeof key || !memchr(b->buf, ' ', b->len))
		return CG_NO_ENTITY;
	key[0] = ' ';
	memcpy(key + 1, b->buf, b->len);
	key[b->len + 1] = ' ';
	key[b->len + 2] = '\0';
	for (size_t i = n->ncnames; i-- > 0;)
		if (strstr(n->cnames[i].key, key))
			return n->cnames[i].id;
	return CG_NO_ENTITY;
}

static int alias_add(ner *n, const char *k, size_t len, cg_eid id)
{
	if (!k || len == 0 || len >= sizeof n->cal[0].key || alias_find(n, k, len) != CG_NO_ENTITY)
		return 0;
	if (CG_ARRAY_GROW(n->cal, n->capcal, n->ncal + 1, 8))
		return CG_ENOMEM;
	memcpy(n->cal[n->ncal].key, k, len);
	n->cal[n->ncal].key[len] = '\0';
	n->cal[n->ncal].ambiguous = 0;
	n->cal[n->ncal++].id = id;
	return 0;
}

/* Gives the paragraph's subject company the name p[s .. e) (whitespace
 * folded) as an alias, and records it at p[s .. e) for the ties. 0 or < 0
 * fatal. */
static int subject_alias(rctx *c, const char *p, uint32_t s, uint32_t e)
{
	ner *n = c->ner;
	const char *name = cg_entity_name(c->in->g, n->subj);
	char own[256];
	const char *al[1];
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_strbuf alias = {0};
	int rc = 0;

	if (!name || strlen(name) >= sizeof own)
		return 0;
	memcpy(own, name, strlen(name) + 1); /* the graph's strings may move */
	if (ner_fold(&alias, p, s, e, SIZE_MAX))
		return fatal_nomem(c);
	al[0] = alias.buf;
	rec.type = "company";
	rec.name = own;
	rec.aliases = al;
	rec.n_aliases = 1;
	cg_strbuf_reset(&n->tmp);
	if (cg_norm_company(own, strlen(own), &n->tmp) == CG_ENOMEM)
		rc = fatal_nomem(c);
	if (!rc)
		rc = ner_entity(c, NT_COMPANY, &rec, n->tmp.buf ? n->tmp.buf : "", n->tmp.len, s, e,
		                NULL);
	if (rc >= 0 && cname_add(n, alias.buf, alias.len, n->subj, &c->val2) < 0)
		rc = fatal_nomem(c);
	cg_strbuf_reset(&n->tmp);
	if (rc >= 0 && (cg_norm_company(alias.buf, alias.len, &n->tmp) == CG_ENOMEM ||
	                alias_add(n, n->tmp.buf, n->tmp.len, n->subj) < 0))
		rc = fatal_nomem(c);
	cg_strbuf_free(&alias);
	return rc < 0 ? rc : 0;
}

/* A field line that gives the paragraph's subject another name (ner.c's
 * alias_at: "Former name: X LTD (until 2025)", "Doing business as: X
 * Labs"): each company the value names, else its run of capitalised words,
 * is an alias of the subject; the spans taken are removed from cs. Returns
 * how many spans remain, or < 0 fatal. */
static long subject_aliases(rctx *c, const nsent *st, cspan *cs, size_t n)
{
	uint32_t at = c->ner->alias_at;
	size_t kept = 0, taken = 0;

	for (size_t i = 0; i < n; i++) {
		if (cs[i].s >= at && cs[i].alias_of < 0) {
			if (subject_alias(c, st->p, cs[i].s, cs[i].e) < 0)
				return c->rc;
			taken++;
		} else if (cs[i].s < at)
			cs[kept++] = cs[i];
	}
	if (!taken) {
		size_t t = wt_at(st, at), e = t;
		while (e < st->nt && e - t < 6 && st->t[e].word &&
		       (st->t[e].cap || UC(st->p, st->t[e].s) >= 0x80))
			e++;
		if (e > t && subject_alias(c, st->p, st->t[t].s, st->t[e - 1].e) < 0)
			return c->rc;
	}
	return (long)kept;
}

int find_companies(rctx *c, const nsent *st)
{
	cspan cs[32];
	size_t n = company_spans(st, cs, NELEM(cs));
	cg_strbuf names[1 + MAX_ALIASES];
	int rc = 0;

	if (c->ner->alias_at) {
		long k = subject_aliases(c, st, cs, n);
		if (k < 0)
			return (int)k;
		n = (size_t)k;
	}
	if (!n)
		return 0;
	memset(names, 0, sizeof names);
	for (size_t i = 0; i < n && !rc; i++) {
		uint32_t al[MAX_ALIASES][2];
		size_t nal = 0, na = 0;
		const char *aliases[2 * MAX_ALIASES];
		cg_entity_rec rec = CG_ENTITY_REC_INIT;
		cg_eid site, e = CG_NO_ENTITY;
		if (cs[i].alias_of >= 0)
			continue;
		company_aliases(c, st, cs, n, i, al, &nal, &site);
		(void)site; /* tied as the company's website by the sentence's ties ("(", "website")
		             */
		if (ner_fold(&names[0], st->p, cs[i].s, cs[i].e, SIZE_MAX)) {
			rc = fatal_nomem(c);
			break;
		}
		for (size_t k = 0; k < nal && !rc; k++) {
			if (ner_fold(&names[1 + na], st->p, al[k][0], al[k][1], SIZE_MAX))
				rc = fatal_nomem(c);
			else
				aliases[na] = names[1 + na].buf, na++;
		}
		for (size_t k = i + 1; k < n && !rc && na < MAX_ALIASES; k++)
			if (cs[k].alias_of == (int)i) {
				if (ner_fold(&names[1 + na], st->p, cs[k].s, cs[k].e, SIZE_MAX))
					rc = fatal_nomem(c);
				else
					aliases[na] = names[1 + na].buf, na++;
			}
		if (rc)
			break;
		cg_strbuf_reset(&c->ner->tmp);
		if (cg_norm_company(names[0].buf, names[0].len, &c->ner->tmp) == CG_ENOMEM) {
			rc = fatal_nomem(c);
			break;
		}
		rec.type = "company";
		rec.name = names[0].buf;
		rec.aliases = aliases;
		rec.n_aliases = na;
		if ((e = alias_find(c->ner, c->ner->tmp.buf, c->ner->tmp.len)) != CG_NO_ENTITY)
			rc = ner_refer(c, NT_COMPANY, e, cs[i].s,
			               cs[i].e); /* a name it had before */
		else
			rc = ner_entity(c, NT_COMPANY, &rec, c->ner->tmp.buf ? c->ner->tmp.buf : "",
			                c->ner->tmp.len, cs[i].s, cs[i].e, &e);
		if (rc > 0)
			rc = 0;
		if (!rc && e != CG_NO_ENTITY &&
		    cname_add(c->ner, names[0].buf, names[0].len, e, &c->val2) < 0)
			rc = fatal_nomem(c);
		for (size_t k = 0; k < na && !rc; k++) {
			if (e != CG_NO_ENTITY &&
			    cname_add(c->ner, aliases[k], strlen(aliases[k]), e, &c->val2) < 0) {
				rc = fatal_nomem(c);
				break;
			}
			cg_strbuf_reset(&c->ner->tmp);
			if (cg_norm_company(aliases[k], strlen(aliases[k]), &c->ner->tmp) ==
			        CG_ENOMEM ||
			    alias_add(c->ner, c->ner->tmp.buf, c->ner->tmp.len, e) < 0)
				rc = fatal_nomem(c);
		}
		/* the aliases that are companies name the same one */
		for (size_t k = i + 1; k < n && !rc; k++)
			if (cs[k].alias_of == (int)i)
				rc = ner_refer(c, NT_COMPANY, e, cs[k].s, cs[k].e);
	}
	for (size_t k = 0; k < NELEM(names); k++)
		cg_strbuf_free(&names[k]);
	return rc < 0 ? rc : 0;
}

cg_eid ner_company_alias(rctx *c, const char *p, uint32_t s, uint32_t e)
{
	ner *n = c->ner;

	if (!n->ncal || e <= s)
		return CG_NO_ENTITY;
	cg_strbuf_reset(&n->tmp);
	if (cg_norm_company(p + s, e - s, &n->tmp) == CG_ENOMEM) {
		fatal_nomem(c);
		return CG_NO_ENTITY;
	}
	return n->tmp.len ? alias_find(n, n->tmp.buf, n->tmp.len) : CG_NO_ENTITY;
}
