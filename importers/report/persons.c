/* Layer 4 of the report importer: persons in a sentence (docs/REPORTS.md,
 * "Layer 4"; companies are companies.c's).
 *
 * A person is named with a cue (a title, a role, "named", "identified as",
 * "a national of") or by a name shape written here: a Chinese or Korean
 * surname with romanised syllables, a Russian patronymic or given name with
 * a surname ending, "SURNAME, Given". A surname alone later in the report
 * is the person already named. Precision first: a capitalised phrase with
 * neither a cue nor a shape is nobody. */
#include "report_internal.h"

#include "cg_array.h"
#include "cg_normalize.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PERSON_ALIASES 3 /* names in another script in the parenthesis after a name */

static int lower_in(const char *s, size_t n, const char *const *list, size_t count)
{
	return n < 32 && in_list_fast(s, n, list, count);
}

/* Whether s[0..n) (ASCII letters, any case) is a pinyin syllable. */
static int pinyin_syllable(const char *s, size_t n)
{
	static const char *const ini[] = {"zh", "ch", "sh", "b", "p", "m", "f", "d",
	                                  "t",  "n",  "l",  "g", "k", "h", "j", "q",
	                                  "x",  "r",  "z",  "c", "s", "y", "w", ""};
	static const char *const fin[] = {"iang", "iong", "uang", "ang", "eng", "ing", "ong", "ian",
	                                  "iao",  "uai",  "uan",  "ai",  "ei",  "ao",  "ou",  "an",
	                                  "en",   "in",   "un",   "ia",  "ie",  "iu",  "ua",  "uo",
	                                  "ui",   "ue",   "er",   "a",   "o",   "e",   "i",   "u"};
	for (size_t a = 0; a < NELEM(ini); a++) {
		size_t li = strlen(ini[a]);
		if (li > n || strncasecmp(s, ini[a], li) != 0)
			continue;
		for (size_t b = 0; b < NELEM(fin); b++) {
			const char *f = fin[b];
			if (strlen(f) != n - li || strncasecmp(s + li, f, n - li) != 0)
				continue;
			char i0 = (char)to_lower(s[0]);
			if (strchr("jqx", i0) && li == 1 && f[0] != 'i' && f[0] != 'u')
				return 0;
			if (strchr("gkhf", i0) && li == 1 && f[0] == 'i')
				return 0;
			if (li == 0 && (f[0] == 'i' || f[0] == 'u'))
				return 0;
			return 1;
		}
	}
	return 0;
}

/* Whether s[0..n) is a Cantonese syllable as Hong Kong romanises names
 * ("Wing", "Sze", "Kwok", "Cheuk"): the given names of Hong Kong and
 * Macau, which pinyin does not spell. */
static int cantonese_syllable(const char *s, size_t n)
{
	static const char *const ini[] = {"ch", "ts", "sh", "kw", "gw", "ng", "b", "p",
	                                  "m",  "f",  "d",  "t",  "n",  "l",  "g", "k",
	                                  "h",  "w",  "y",  "s",  "j",  "z",  ""};
	static const char *const fin[] = {
	    "eung", "euk", "uen", "uet", "ang", "ing", "ong", "ung", "yun", "yut", "oey", "ai",
	    "au",   "am",  "an",  "ap",  "at",  "ak",  "ah",  "ei",  "ee",  "ik",  "iu",  "im",
	    "in",   "ip",  "it",  "oi",  "on",  "ok",  "ot",  "oo",  "ou",  "ui",  "un",  "uk",
	    "ut",   "ue",  "yu",  "ze",  "oy",  "a",   "i",   "o",   "u",   "z"};
	for (size_t a = 0; a < NELEM(ini); a++) {
		size_t li = strlen(ini[a]);
		if (li > n || strncasecmp(s, ini[a], li) != 0)
			continue;
		for (size_t b = 0; b < NELEM(fin); b++)
			if (strlen(fin[b]) == n - li && strncasecmp(s + li, fin[b], n - li) == 0 &&
			    (li || fin[b][0] != 'z'))
				return 1;
	}
	return 0;
}

/* Whether s[0..n) is a syllable of a Chinese given name: pinyin or
 * Cantonese. */
static int chinese_syllable(const char *s, size_t n)
{
	return pinyin_syllable(s, n) || cantonese_syllable(s, n);
}

/* Whether s[0..n) is a romanised Korean syllable (Revised or McCune-
 * Reischauer, breves dropped). */
static int korean_syllable(const char *s, size_t n)
{
	static const char *const ini[] = {"kk", "tt", "pp", "ss", "jj", "ch", "g", "k", "n", "d",
	                                  "t",  "r",  "l",  "m",  "b",  "p",  "s", "j", "h", ""};
	static const char *const vow[] = {"yae", "yeo", "wae", "ae", "eo", "eu", "ui", "oe", "woo",
	                                  "wi",  "wo",  "we",  "wa", "ya", "ye", "yo", "yu", "oo",
	                                  "ee",  "ou",  "a",   "e",  "i",  "o",  "u"};
	static const char *const fnl[] = {"ng", "k", "n", "t", "l", "m", "p", ""};
	for (size_t a = 0; a < NELEM(ini); a++) {
		size_t li = strlen(ini[a]);
		if (li > n || strncasecmp(s, ini[a], li) != 0)
			continue;
		for (size_t b = 0; b < NELEM(vow); b++) {
			size_t lv = strlen(vow[b]);
			if (li + lv > n || strncasecmp(s + li, vow[b], lv) != 0)
				continue;
			for (size_t f = 0; f < NELEM(fnl); f++)
				if (li + lv + strlen(fnl[f]) == n &&
				    strncasecmp(s + li + lv, fnl[f], n - li - lv) == 0)
					return 1;
		}
	}
	return 0;
}

/* Whether s[0..n) is one or two syllables of the kind (1 pinyin, 2
 * Korean), joined or hyphenated ("Xiaoming", "Chol-jin"). */
static int given_ok(const char *s, size_t n, int kind)
{
	int (*syl)(const char *, size_t) = kind == 1 ? chinese_syllable : korean_syllable;
	const char *h = memchr(s, '-', n);

	if (n < 2 || n > 12)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_alpha(UC(s, i)) && s[i] != '-')
			return 0;
	if (h)
		return syl(s, (size_t)(h - s)) && syl(h + 1, n - (size_t)(h - s) - 1);
	if (syl(s, n))
		return 1;
	for (size_t k = 1; k < n; k++)
		if (syl(s, k) && syl(s + k, n - k))
			return 1;
	return 0;
}

/* Whether word t is a capitalised name word ("Wang", "WANG", "Chol-jin",
 * "O'Neill", "McKay"). */
static int name_word(const nsent *st, size_t t)
{
	const wtok *w = &st->t[t];
	size_t n = w->e - w->s;

	if (!w->word || !w->cap || n < 2 || n > 20)
		return 0;
	for (uint32_t k = w->s; k < w->e; k++)
		if (!is_alpha(UC(st->p, k)) && st->p[k] != '-' && st->p[k] != '\'')
			return 0;
	return !lower_in(st->p + w->s, n, not_name, not_name_count);
}

/* The shape of the words t0 .. t1 (inclusive) as a name: 1 Chinese, 2
 * Korean, 3 Russian, 0 none. */
static int name_shape(const nsent *st, size_t t0, size_t t1)
{
	const char *p = st->p;
	const wtok *a = &st->t[t0], *z = &st->t[t1];
	size_t na = a->e - a->s;

	if (t1 == t0 || t1 - t0 > 3)
		return 0;
	for (int kind = 1; kind <= 2; kind++) {
		const char *const *list = kind == 1 ? cn_surnames : kr_surnames;
		size_t count = kind == 1 ? cn_surnames_count : kr_surnames_count;
		int ok = lower_in(p + a->s, na, list, count);
		for (size_t k = t0 + 1; ok && k <= t1; k++)
			ok = given_ok(p + st->t[k].s, st->t[k].e - st->t[k].s, kind);
		/* two given syllables as two words: "Kim Chol Jin"; at most three words */
		if (ok)
			return kind;
	}
	/* Russian: a patronymic, or a known given name and a surname ending */
	for (size_t k = t0; k <= t1; k++) {
		static const char *const pat[] = {"ovich", "evich", "ovna",
		                                  "evna",  "ichna", "yevich"};
		const wtok *w = &st->t[k];
		for (size_t q = 0; q < NELEM(pat); q++) {
			size_t l = strlen(pat[q]);
			if (w->e - w->s > l + 2 && strncasecmp(p + w->e - l, pat[q], l) == 0)
				return 3;
		}
	}
	if (t1 == t0 + 1 && lower_in(p + a->s, na, ru_given, ru_given_count)) {
		static const char *const sfx[] = {"ov",  "ev",  "in",    "sky",  "skiy", "ova",
		                                  "eva", "ina", "skaya", "enko", "yuk",  "chuk"};
		size_t nz = z->e - z->s;
		for (size_t q = 0; q < NELEM(sfx); q++) {
			size_t l = strlen(sfx[q]);
			if (nz > l + 2 && strncasecmp(p + z->e - l, sfx[q], l) == 0)
				return 3;
		}
	}
	return 0;
}

/* Whether a person cue stands right before word t: the cue word, then at
 * most a few of ",", ":", "the", "its", "a" ..., "named", "as". */
static int cue_before(const nsent *st, size_t t)
{
	size_t k = t, skipped = 0;

	while (k > 0 && skipped < 4) {
		const wtok *w = &st->t[k - 1];
		size_t n = w->e - w->s;
		if (w->word && lower_in(st->p + w->s, n, cues_before, cues_before_count))
			return 1;
		if (w->word && (wt_is(st, k - 1, "as") || wt_is(st, k - 1, "by")) && k >= 2 &&
		    (wt_is(st, k - 2, "identified") || wt_is(st, k - 2, "registered") ||
		     wt_is(st, k - 2, "owned") || wt_is(st, k - 2, "founded") ||
		     wt_is(st, k - 2, "managed") || wt_is(st, k - 2, "directed") ||
		     wt_is(st, k - 2, "controlled") || wt_is(st, k - 2, "operated")))
			return 1;
		if (w->word && wt_is(st, k - 1, "of") && k >= 2 && wt_is(st, k - 2, "name"))
			return 1; /* "in the name of X" */
		if (w->word && wt_is(st, k - 1, "name") && k >= 2 && st->t[k - 2].word &&
		    lower_in(st->p + st->t[k - 2].s, st->t[k - 2].e - st->t[k - 2].s, name_roles,
		             name_roles_count))
			return 1; /* "Registrant Name: X", "Account holder name X" */
		if (!w->word && (st->p[w->s] == ',' || st->p[w->s] == ':' || st->p[w->s] == '.' ||
		                 st->p[w->s] == '"'))
			;
		else if (!(w->word &&
		           (wt_is(st, k - 1, "the") || wt_is(st, k - 1, "its") ||
		            wt_is(st, k - 1, "is") || wt_is(st, k - 1, "was") ||
		            wt_is(st, k - 1, "a") || wt_is(st, k - 1, "an") ||
		            wt_is(st, k - 1, "their") || wt_is(st, k - 1, "himself") ||
		            wt_is(st, k - 1, "herself") ||
		            (n > 2 && st->p[w->e - 2] == '\'' && st->p[w->e - 1] == 's'))))
			return 0;
		k--;
		skipped++;
	}
	return 0;
}

static int word_in(const nsent *st, size_t t, const char *const *list, size_t count);

/* Whether the next cell of a row aligned by blanks is a role: "FENWOLD,
 * Marcus Idris     Director    appointed 02 Mar 2021" (two blanks or more
 * after word t). */
static int role_cell(const nsent *st, size_t t)
{
	/* a header row names its columns in capitals ("Domain  Created
	 * Registrant  Organisation"): the cell after the role is no data */
	return t + 1 < st->nt && st->t[t + 1].s >= st->t[t].e + 2 &&
	       word_in(st, t + 1, cues_after, cues_after_count) &&
	       !(t + 2 < st->nt && st->t[t + 2].word && st->t[t + 2].cap);
}

/* Whether a cue follows word t: ", a Chinese national", "(the company's
 * director)". */
static int cue_after(const nsent *st, size_t t)
{
	size_t k = t + 1;

	if (role_cell(st, t))
		return 1;

	if (k < st->nt && wt_is(st, k, "as")) {
		/* "X as the registrant", "X as a director" */
		for (size_t q = k + 1; q < st->nt && q < k + 4 && st->t[q].word; q++)
			if (lower_in(st->p + st->t[q].s, st->t[q].e - st->t[q].s, cues_after,
			             cues_after_count))
				return 1;
		return 0;
	}
	/* a table's next cell may name the role: "FENWOLD, Marcus Idris | Director" */
	if (k >= st->nt || st->t[k].word ||
	    (st->p[st->t[k].s] != ',' && st->p[st->t[k].s] != '(' && st->p[st->t[k].s] != '|'))
		return 0;
	if (k + 2 < st->nt && st->p[st->t[k].s] == ',' && st->t[k + 1].e - st->t[k + 1].s == 2 &&
	    is_digit(UC(st->p, st->t[k + 1].s)) && is_digit(UC(st->p, st->t[k + 1].s + 1)) &&
	    st->p[st->t[k + 1].s] >= '1' && wt_is(st, k + 2, ","))
		return 1; /* an age: "Sun Guowei, 52, ..." */
	for (k++; k < st->nt && k < t + 8; k++) {
		const wtok *w = &st->t[k];
		if (!w->word || wt_is(st, k, "whose") || wt_is(st, k, "which") ||
		    wt_is(st, k, "that") || wt_is(st, k, "where"))
			return 0; /* "X, whose director ...": X is no person */
		if (lower_in(st->p + w->s, w->e - w->s, cues_after, cues_after_count))
			return 1;
	}
	return 0;
}

/* Whether the lower-case word of t is in list. */
static int word_in(const nsent *st, size_t t, const char *const *list, size_t count)
{
	return t < st->nt && st->t[t].word &&
	       lower_in(st->p + st->t[t].s, st->t[t].e - st->t[t].s, list, count);
}

/* Whether a verb of persons follows word t (after a comma or a closing
 * quote): 2 a verb only persons take, 1 a verb of persons and companies,
 * 0 none. */
static int verb_after(const nsent *st, size_t t)
{
	size_t k = t + 1;

	while (k < st->nt && !st->t[k].word &&
	       (st->p[st->t[k].s] == ',' || st->p[st->t[k].s] == '"'))
		k++;
	if (word_in(st, k, person_verbs, person_verbs_count))
		return 2;
	if ((wt_is(st, k, "was") || wt_is(st, k, "is") || wt_is(st, k, "has") ||
	     wt_is(st, k, "had")) &&
	    (word_in(st, k + 1, person_passive, person_passive_count) ||
	     (wt_is(st, k + 1, "been") &&
	      word_in(st, k + 2, person_passive, person_passive_count))))
		return 2;
	return word_in(st, k, weak_verbs, weak_verbs_count);
}

/* Whether the sentence holds a word that makes a quoted name a persona. */
static int persona_sentence(const nsent *st)
{
	for (size_t k = 0; k < st->nt; k++)
		if (word_in(st, k, persona_words, persona_words_count))
			return 1;
	return 0;
}

/* Whether words t0 .. t1 look like a person's name whatever the context
 * says: a common given name first, or an East Asian, Japanese or
 * Vietnamese surname first or last. */
static int personal(const nsent *st, size_t t0, size_t t1)
{
	const char *p = st->p;
	const wtok *a = &st->t[t0], *z = &st->t[t1];
	size_t na = a->e - a->s, nz = z->e - z->s;

	if (lower_in(p + a->s, na, given_names, given_names_count))
		return 1;
	return lower_in(p + a->s, na, vn_surnames, vn_surnames_count) ||
	       lower_in(p + z->s, nz, vn_surnames, vn_surnames_count) ||
	       lower_in(p + a->s, na, jp_surnames, jp_surnames_count) ||
	       lower_in(p + z->s, nz, jp_surnames, jp_surnames_count) ||
	       lower_in(p + z->s, nz, cn_surnames, cn_surnames_count) ||
	       lower_in(p + z->s, nz, kr_surnames, kr_surnames_count);
}

/* Whether a title stands right before word t ("Mr", "Ms.", "Dr"). */
static int title_before(const nsent *st, size_t t)
{
	static const char *const titles[] = {"mr", "ms", "mrs", "dr", "miss", "mx"};
	size_t k = t;

	if (k > 0 && wt_is(st, k - 1, "."))
		k--;
	return k > 0 && word_in(st, k - 1, titles, NELEM(titles));
}

/* Whether an age follows word t: "X, 52,". */
static int age_after(const nsent *st, size_t t)
{
	return t + 3 < st->nt && wt_is(st, t + 1, ",") && st->t[t + 2].e - st->t[t + 2].s == 2 &&
	       is_digit(UC(st->p, st->t[t + 2].s)) && is_digit(UC(st->p, st->t[t + 2].s + 1)) &&
	       wt_is(st, t + 3, ",");
}

/* Whether an age in the styles of police releases and the press follows
 * word t: "X (44), a former employee", "X, a 41-year-old driver". A number
 * in parentheses before anything else ("X (12) says") is a footnote. */
static int age_written_after(const nsent *st, size_t t)
{
	size_t k = t + 1;

	if (k + 2 < st->nt && wt_is(st, k, "(") && wt_is(st, k + 2, ")") &&
	    st->t[k + 1].e - st->t[k + 1].s == 2 && UC(st->p, st->t[k + 1].s) >= '1' &&
	    is_digit(UC(st->p, st->t[k + 1].s)) && is_digit(UC(st->p, st->t[k + 1].s + 1)) &&
	    (k + 3 == st->nt || wt_is(st, k + 3, ",") || wt_is(st, k + 3, ".")))
		return 1;
	if (k >= st->nt || !wt_is(st, k, ","))
		return 0;
	if (k + 1 < st->nt && (wt_is(st, k + 1, "a") || wt_is(st, k + 1, "an")))
		k++;
	if (k + 1 >= st->nt)
		return 0;
	{
		const wtok *w = &st->t[k + 1];
		size_t n = w->e - w->s;
		return n > 9 && is_digit(UC(st->p, w->s)) &&
		       strncasecmp(st->p + w->e - 9, "-year-old", 9) == 0;
	}
}

/* Whether the name at word t completes "The ROLE ... is X": "The sole
 * member named in the annual report is Corinne Haldane". */
static int role_subject(const nsent *st, size_t t)
{
	size_t r = 1;

	if (t < 3 ||
	    !(wt_is(st, 0, "the") || wt_is(st, 0, "its") || wt_is(st, 0, "his") ||
	      wt_is(st, 0, "her") || wt_is(st, 0, "their")) ||
	    !(wt_is(st, t - 1, "is") || wt_is(st, t - 1, "was")))
		return 0;
	if (wt_is(st, 1, "sole") || wt_is(st, 1, "legal") || wt_is(st, 1, "general") ||
	    wt_is(st, 1, "managing") || wt_is(st, 1, "only"))
		r = 2;
	return r < t - 1 && word_in(st, r, cues_before, cues_before_count);
}

/* Whether the sentence is a byline of names and word t starts one of them:
 * "By Tessaly Brandt and Omar Vantreese | The Ledger Review | 9 March",
 * names of two or three words joined by "," or "and", ending at a '|' (or
 * at the sentence's end when "and" joins them: "By X and Y"). */
static int byline(const nsent *st, size_t t)
{
	size_t k = 1;
	int starts = 0, and_ = 0;

	if (st->nt < 3 || !wt_is(st, 0, "by") || st->t[0].cap != 1)
		return 0;
	while (k < st->nt) {
		size_t b = k;
		while (k < st->nt && k - b < 3 && name_word(st, k))
			k++;
		if (k - b < 2)
			return 0;
		starts |= b == t;
		if (k >= st->nt || wt_is(st, k, "."))
			return starts && and_ && (k >= st->nt || k + 1 == st->nt);
		if (wt_is(st, k, "|"))
			return starts && and_; /* not "By X, Northern Ledger |" */
		if (wt_is(st, k, ","))
			k++;
		if (k < st->nt && wt_is(st, k, "and"))
			k++, and_ = 1;
		if (k == b)
			return 0;
	}
	return 0;
}

/* Whether words t .. e are a name in a place that only persons take: a
 * quote's speaker ("said X," "says X."), a byline at the start of a
 * sentence ("By X,"), the sender or recipient of a message with a
 * person's name shape ("From: X", "Cc: X"). */
static int speaker(const nsent *st, size_t t, size_t e)
{
	static const char *const heads[] = {"from", "to",     "cc",        "bcc",    "sender",
	                                    "attn", "author", "attention", "signed", "recipient"};
	int ends = e + 1 >= st->nt || wt_is(st, e + 1, ",") || wt_is(st, e + 1, ".") ||
	           wt_is(st, e + 1, "|") || wt_is(st, e + 1, "<");

	if (t > 0 && (wt_is(st, t - 1, "said") || wt_is(st, t - 1, "says")) && ends && e - t < 3 &&
	    !word_in(st, e, company_generic, company_generic_count))
		return 1;
	if (t == 1 && wt_is(st, 0, "by") && st->t[0].cap == 1 && ends && personal(st, t, e))
		return 1;
	return (t == 2 && wt_is(st, 1, ":") && word_in(st, 0, heads, NELEM(heads)) && ends &&
	        personal(st, t, e)) ||
	       byline(st, t);
}

/* Whether word t is an East Asian surname that is also a word of not_name
 * ("Sun", "Park", "Long") followed by given names of its kind: the shape
 * decides ("Sun Guowei", "Park Ji-hoon"; not "Park Avenue"). */
static int surname_start(const nsent *st, size_t t)
{
	const wtok *w = &st->t[t];
	size_t n = w->e - w->s;

	if (!w->word || w->cap != 1 || t + 1 >= st->nt || !name_word(st, t + 1) ||
	    st->t[t + 1].cap != 1)
		return 0;
	for (uint32_t k = w->s; k < w->e; k++)
		if (!is_alpha(UC(st->p, k)))
			return 0;
	if (lower_in(st->p + w->s, n, cn_surnames, cn_surnames_count) &&
	    given_ok(st->p + st->t[t + 1].s, st->t[t + 1].e - st->t[t + 1].s, 1))
		return 1;
	return lower_in(st->p + w->s, n, kr_surnames, kr_surnames_count) &&
	       given_ok(st->p + st->t[t + 1].s, st->t[t + 1].e - st->t[t + 1].s, 2);
}

/* Whether word k, capitalised (not in capitals), is a given name of the
 * kind of the East Asian surname at word t0, even when it is a word of
 * not_name ("Kim Jong Un", "Sun Guowei"). */
static int given_after(const nsent *st, size_t t0, size_t k)
{
	const wtok *a = &st->t[t0], *w = &st->t[k];
	size_t na = a->e - a->s;

	if (k >= st->nt || !w->word || w->cap != 1)
		return 0;
	if (lower_in(st->p + a->s, na, cn_surnames, cn_surnames_count) &&
	    given_ok(st->p + w->s, w->e - w->s, 1))
		return 1;
	return lower_in(st->p + a->s, na, kr_surnames, kr_surnames_count) &&
	       given_ok(st->p + w->s, w->e - w->s, 2);
}

/* Whether words t .. t+2 are a middle initial before a name word: "J." */
static int initial_at(const nsent *st, size_t t)
{
	return t + 2 < st->nt && st->t[t].word && st->t[t].e - st->t[t].s == 1 &&
	       is_upper(UC(st->p, st->t[t].s)) && wt_is(st, t + 1, ".") && name_word(st, t + 2);
}

/* The person's display name: its words, an all-capital word (2 letters or
 * more) title-cased, "SURNAME, Given" as "Surname Given" for East Asian
 * surnames and "Given Surname" otherwise. */
static int person_name(rctx *c, const nsent *st, size_t t0, size_t t1, int comma, int kind,
                       cg_strbuf *out)
{
	size_t order[6], n = 0;

	if (comma && !kind) {
		for (size_t k = t0 + 1; k <= t1; k++)
			if (st->t[k].word)
				order[n++] = k;
		order[n++] = t0;
	} else {
		for (size_t k = t0; k <= t1; k++)
			if (st->t[k].word)
				order[n++] = k;
	}
	cg_strbuf_reset(out);
	for (size_t i = 0; i < n; i++) {
		const wtok *w = &st->t[order[i]];
		if (i && cg_strbuf_putc(out, ' '))
			return fatal_nomem(c);
		for (uint32_t k = w->s; k < w->e; k++) {
			int ch = UC(st->p, k);
			if (w->cap == 2 && k > w->s && st->p[k - 1] != '-')
				ch = to_lower(ch);
			if (cg_strbuf_putc(out, (char)ch))
				return fatal_nomem(c);
		}
		if (w->e - w->s == 1 && cg_strbuf_putc(out, '.'))
			return fatal_nomem(c); /* a middle initial */
	}
	return cg_strbuf_cstr(out) ? 0 : fatal_nomem(c);
}

/* Remembers the surname of a person of two words or more. */
static int remember(rctx *c, const char *name, int surname_first, cg_eid id)
{
	ner *n = c->ner;
	const char *sp = surname_first ? strchr(name, ' ') : strrchr(name, ' ');
	const char *s = surname_first ? name : sp + 1;
	size_t len = surname_first ? (size_t)(sp - name) : strlen(s);

	if (!sp || len == 0 || len >= sizeof n->sur[0].key)
		return 0;
	for (size_t i = 0; i < n->nsur; i++)
		if (strlen(n->sur[i].key) == len && strncasecmp(n->sur[i].key, s, len) == 0) {
			if (n->sur[i].id != id)
				n->sur[i].ambiguous = 1;
			return 0;
		}
	if (CG_ARRAY_GROW(n->sur, n->capsur, n->nsur + 1, 8))
		return fatal_nomem(c);
	for (size_t i = 0; i < len; i++)
		n->sur[n->nsur].key[i] = (char)to_lower(UC(s, i));
	n->sur[n->nsur].key[len] = '\0';
	n->sur[n->nsur].id = id;
	n->sur[n->nsur++].ambiguous = 0;
	return 0;
}

/* The person a surname alone names, or CG_NO_ENTITY. */
static cg_eid by_surname(const rctx *c, const char *s, size_t len)
{
	const ner *n = c->ner;
	if (len > 2 && s[len - 2] == '\'' && s[len - 1] == 's')
		len -= 2;
	for (size_t i = 0; i < n->nsur; i++)
		if (!n->sur[i].ambiguous && strlen(n->sur[i].key) == len &&
		    strncasecmp(n->sur[i].key, s, len) == 0)
			return n->sur[i].id;
	return CG_NO_ENTITY;
}

/* Makes the person of words t0 .. t1, with the aliases (may be none). */
static int add_person(rctx *c, const nsent *st, size_t t0, size_t t1, int comma, int kind,
                      const char **aliases, size_t nal)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_strbuf *nm = &c->ner->tmp;
	cg_eid id;
	int rc;

	if ((rc = person_name(c, st, t0, t1, comma, kind, nm)))
		return rc;
	rec.type = "person";
	rec.name = nm->buf;
	rec.aliases = aliases;
	rec.n_aliases = nal;
	cg_strbuf_reset(&c->val2);
	if (cg_norm_text(nm->buf, nm->len, &c->val2) == CG_ENOMEM)
		return fatal_nomem(c);
	rc = ner_entity(c, NT_PERSON, &rec, c->val2.buf ? c->val2.buf : "", c->val2.len,
	                st->t[t0].s, st->t[t1].e, &id);
	if (rc)
		return rc < 0 ? rc : 0;
	return remember(c, nm->buf, kind == 1 || kind == 2 || (comma && kind), id);
}

/* The names in another script in a parenthesis right after the Latin name
 * of words t .. e ("CHOE Song Il (최성일)", "HAN Kwang Myong (한광명; Хан Гван
 * Мён)"): their spans into al (at most max), how many; 0 when there is no
 * parenthesis or a part of it is no such name. *close gets the index of the
 * ")". A Hangul name needs a Korean surname at either end of the Latin one,
 * a Han name an East Asian surname or a word in capitals there, a Cyrillic
 * name as many words as the Latin one. */
static size_t native_after(const nsent *st, size_t t, size_t e, uint32_t al[][2], size_t max,
                           size_t *close)
{
	size_t k = e + 1, n = 0, words = 0, pwords = 0;
	int korean, han;
	uint32_t s;

	if (k >= st->nt || !wt_is(st, k, "("))
		return 0;
	for (size_t q = t; q <= e; q++)
		words += st->t[q].word;
	korean = word_in(st, t, kr_surnames, kr_surnames_count) ||
	         word_in(st, e, kr_surnames, kr_surnames_count);
	/* a Han name: an East Asian surname at either end, or a surname in
	 * capitals ("HOSHIKAWA Kenji"), not a place ("Shenyang Beiling") */
	han = korean || word_in(st, t, cn_surnames, cn_surnames_count) ||
	      word_in(st, e, cn_surnames, cn_surnames_count);
	for (size_t q = t; q <= e; q++)
		han |= st->t[q].cap == 2;
	s = st->t[k].e;
	for (k++; k < st->nt && k < e + 16; k++) {
		int sc;
		if (st->t[k].word) {
			pwords++;
			continue;
		}
		if (!wt_is(st, k, ")") && !wt_is(st, k, ";") && !wt_is(st, k, ","))
			return 0;
		sc = native_name(st->p, s, st->t[k].s);
		if (sc == NATIVE_NONE || n == max || (sc == NATIVE_HANGUL && !korean) ||
		    (sc == NATIVE_HAN && !han) || (sc == NATIVE_CYRILLIC && pwords != words))
			return 0;
		al[n][0] = s;
		al[n++][1] = st->t[k].s;
		if (wt_is(st, k, ")")) {
			*close = k;
			return n;
		}
		s = st->t[k].e;
		pwords = 0;
	}
	return 0;
}

/* Another spelling of the name that ends at word k: ", also spelled X" (or
 * "written", "romanised", "transliterated"), X one to four name words.
 * Its first and last words into *a0, *a1; 0 when there is none. */
static int spelled_after(const nsent *st, size_t k, size_t *a0, size_t *a1)
{
	static const char *const verbs[] = {"spelled",   "spelt",     "written",
	                                    "romanised", "romanized", "transliterated"};
	size_t q = k + 1;

	if (q < st->nt && wt_is(st, q, ","))
		q++;
	if (!(q + 2 < st->nt && wt_is(st, q, "also") && word_in(st, q + 1, verbs, NELEM(verbs))))
		return 0;
	q += 2;
	if (q < st->nt && wt_is(st, q, "as"))
		q++;
	if (q >= st->nt || !name_word(st, q))
		return 0;
	*a0 = q;
	while (q + 1 < st->nt && q + 1 - *a0 < 4 && name_word(st, q + 1))
		q++;
	*a1 = q;
	return 1;
}

/* Whether the name (normalised) is a person's the report named with a cue
 * or a shape before. */
static int known_name(const rctx *c, const char *k, size_t len)
{
	const ner *n = c->ner;
	for (size_t i = 0; i < n->nknown; i++)
		if (strlen(n->known[i].key) == len && memcmp(n->known[i].key, k, len) == 0)
			return 1;
	return 0;
}

/* Whether words t .. e (a run of name words) are a person: a cue, a name
 * shape, a verb of persons, a persona in quotes, or a name the report gave
 * a person before. */
static int person_evidence(rctx *c, const nsent *st, size_t t, size_t e, int kind, int *known)
{
	int quoted, verb, shape;

	*known = 0;
	if (kind || cue_before(st, t) || cue_after(st, e) || speaker(st, t, e) ||
	    role_subject(st, t) || age_written_after(st, e))
		return 1;
	if (c->ner->whois && c->ner->row && t > 0 && wt_is(st, t - 1, "|") &&
	    (e + 1 >= st->nt || wt_is(st, e + 1, "|")) &&
	    (whois_role_at(c, st->t[t].s) == WR_REGISTRANT ||
	     whois_role_at(c, st->t[t].s) == WR_DIRECTOR))
		return 1; /* the whole cell of a WHOIS table's Registrant column */
	for (size_t k = t; k <= e; k++)
		if (initial_at(st, k))
			return 1; /* "Marcus J. Whitfield" */
	shape = personal(st, t, e);
	verb = verb_after(st, e);
	quoted = t > 0 && e + 1 < st->nt && wt_is(st, t - 1, "\"") &&
	         (wt_is(st, e + 1, "\"") ||
	          (e + 2 < st->nt && (wt_is(st, e + 1, ",") || wt_is(st, e + 1, ".")) &&
	           wt_is(st, e + 2, "\"")));
	if (verb == 2 || (verb && shape) || (quoted && shape && (verb || persona_sentence(st))))
		return 1;
	/* "also uses the name Peter Byun", "under the name Hiroki Sato" */
	if (shape && t >= 2 && wt_is(st, t - 1, "name") &&
	    (wt_is(st, t - 2, "the") || wt_is(st, t - 2, "a")))
		return 1;
	/* a given name with an East Asian surname: "Kevin Zhang", "Nancy Ng" */
	if (e == t + 1 &&
	    lower_in(st->p + st->t[t].s, st->t[t].e - st->t[t].s, given_names, given_names_count) &&
	    (lower_in(st->p + st->t[e].s, st->t[e].e - st->t[e].s, cn_surnames,
	              cn_surnames_count) ||
	     lower_in(st->p + st->t[e].s, st->t[e].e - st->t[e].s, vn_surnames, vn_surnames_count)))
		return 1;
	/* "X and Y" after a person X: "Katrin Vogel and Lukas Brenner" */
	if (shape && t >= 2 && wt_is(st, t - 1, "and"))
		for (size_t i = 0; i < c->ner->nents; i++)
			if (c->ner->ents[i].nt == NT_PERSON && c->ner->ents[i].e == st->t[t - 2].e)
				return 1;
	if (c->ner->nknown) {
		cg_strbuf *b = &c->val2;
		cg_strbuf_reset(b);
		if (cg_norm_text(st->p + st->t[t].s, st->t[e].e - st->t[t].s, b) == CG_ENOMEM)
			return fatal_nomem(c);
		*known = b->buf && known_name(c, b->buf, b->len);
		return *known;
	}
	return 0;
}

/* Remembers the normalised name of a person found with evidence. */
static int remember_name(rctx *c)
{
	ner *n = c->ner;
	const cg_strbuf *b = &c->val2; /* add_person's normalised name */

	if (!b->buf || b->len >= sizeof n->known[0].key || known_name(c, b->buf, b->len))
		return 0;
	if (CG_ARRAY_GROW(n->known, n->capknown, n->nknown + 1, 8))
		return fatal_nomem(c);
	memcpy(n->known[n->nknown].key, b->buf, b->len + 1);
	n->known[n->nknown].id = CG_NO_ENTITY;
	n->known[n->nknown++].ambiguous = 0;
	return 0;
}

/* Makes the person of words t0 .. t1 (as add_person) with its names in
 * another script (nat[0 .. nnat), ending at word close) and another
 * spelling after them (", also spelled X") as aliases. *next: the last word
 * it took. */
static int add_aliased(rctx *c, const nsent *st, size_t t0, size_t t1, int comma, int kind,
                       uint32_t nat[][2], size_t nnat, size_t close, size_t *next)
{
	char buf[MAX_PERSON_ALIASES + 1][96];
	const char *aliases[MAX_PERSON_ALIASES + 1];
	cg_strbuf sp = {0};
	size_t na = 0, a0, a1;
	int rc;

	for (size_t i = 0; i < nnat; i++) {
		uint32_t s = nat[i][0], e = nat[i][1];
		while (s < e && st->p[s] == ' ')
			s++;
		while (e > s && st->p[e - 1] == ' ')
			e--;
		if (e - s >= sizeof buf[0])
			continue;
		memcpy(buf[na], st->p + s, e - s);
		buf[na][e - s] = '\0';
		aliases[na] = buf[na];
		na++;
	}
	*next = close;
	if (spelled_after(st, close, &a0, &a1)) {
		if (person_name(c, st, a0, a1, 0, 0, &sp) < 0)
			return c->rc;
		if (sp.len < sizeof buf[0]) {
			memcpy(buf[na], sp.buf, sp.len + 1);
			aliases[na] = buf[na];
			na++;
			*next = a1;
		}
		cg_strbuf_free(&sp);
	}
	rc = add_person(c, st, t0, t1, comma, kind, na ? aliases : NULL, na);
	return rc < 0 ? rc : 0;
}

int find_persons(rctx *c, const nsent *st)
{
	for (size_t t = 0; t < st->nt && !c->rc; t++) {
		size_t e = t, comma = 0, nnat, close = 0;
		uint32_t nat[MAX_PERSON_ALIASES][2];
		int kind, ev = 0, known;
		if (!(name_word(st, t) || surname_start(st, t)) ||
		    ner_taken(c, st->t[t].s, st->t[t].e))
			continue;
		/* the run of name words, a middle initial inside ("Marcus J.
		 * Whitfield"); "SURNAME, Given Names" */
		for (;;) {
			if (e + 1 < st->nt && e - t < 3 &&
			    (name_word(st, e + 1) || (e - t < 2 && given_after(st, t, e + 1))) &&
			    !ner_taken(c, st->t[e + 1].s, st->t[e + 1].e))
				e++;
			else if (e + 3 < st->nt && e - t < 2 && initial_at(st, e + 1) &&
			         !ner_taken(c, st->t[e + 3].s, st->t[e + 3].e))
				e += 3;
			else
				break;
		}
		if (e == t && st->t[t].cap == 2 && t + 2 < st->nt && !st->t[t + 1].word &&
		    st->p[st->t[t + 1].s] == ',' && name_word(st, t + 2) && st->t[t + 2].cap == 1) {
			comma = 1;
			e = t + 2;
			while (e + 1 < st->nt && e - t < 4 && name_word(st, e + 1) &&
			       st->t[e + 1].cap == 1)
				e++;
		}
		if (e > t && e + 2 < st->nt &&
		    (wt_is(st, e + 1, "bin") || wt_is(st, e + 1, "binti")) &&
		    name_word(st, e + 2) && !ner_taken(c, st->t[e + 2].s, st->t[e + 2].e))
			e += 2; /* a Malay patronymic: "Ahmad Faizal bin Rosli" */
		if (e + 1 < st->nt && st->t[e + 1].word && st->t[e + 1].cap && !role_cell(st, e)) {
			t = e;
			continue;
		} /* runs on into a word that is no name: a title, a place */
		kind = comma ? name_shape(st, t + 0, t) : name_shape(st, t, e);
		if (comma) {
			/* "KIM, Chol Jin": the surname's list decides the order; a
			 * Russian patronymic among the given names makes it a name */
			size_t na = st->t[t].e - st->t[t].s;
			kind = lower_in(st->p + st->t[t].s, na, cn_surnames, cn_surnames_count) ? 1
			       : lower_in(st->p + st->t[t].s, na, kr_surnames, kr_surnames_count)
			           ? 2
			           : 0;
			/* ... or a Western given name after an East Asian surname
			 * ("BYUN, Peter"): Peter Byun, given name first */
			if ((!kind && e > t + 2 && name_shape(st, t + 2, e) == 3) ||
			    (kind && e == t + 2 && word_in(st, e, given_names, given_names_count) &&
			     !given_ok(st->p + st->t[e].s, st->t[e].e - st->t[e].s, kind))) {
				if (add_person(c, st, t, e, 1, 0, NULL, 0) < 0 ||
				    remember_name(c) < 0)
					return c->rc;
				t = e;
				continue;
			}
		}
		if (e > t && !comma && !kind && !title_before(st, t) && !age_after(st, e)) {
			/* a company named before, without its form ("Hanbit
			 * Haeyang", "Dandong Jinqiao Hongda") */
			cg_eid co = ner_company_named(c, st->p, st->t[t].s, st->t[e].e);
			if (c->rc)
				return c->rc;
			if (co != CG_NO_ENTITY) {
				if (ner_refer(c, NT_COMPANY, co, st->t[t].s, st->t[e].e) < 0)
					return c->rc;
				t = e;
				continue;
			}
		}
		nnat = e > t ? native_after(st, t, e, nat, NELEM(nat), &close) : 0;
		known = 0;
		if (e > t && (nnat || (ev = person_evidence(c, st, t, e, kind, &known)) != 0)) {
			if (!nnat && ev < 0)
				return c->rc;
			if (add_aliased(c, st, t, e, (int)comma, kind, nat, nnat, nnat ? close : e,
			                &t) < 0 ||
			    (!known && remember_name(c) < 0))
				return c->rc;
			continue;
		}
		if (e == t) {
			/* a company's short name the report defined ("Sandgrove
			 * Digital Trading L.L.C. (Sandgrove)"): that company */
			uint32_t ws = st->t[t].s, we = st->t[t].e;
			cg_eid co;
			if (we - ws > 2 && st->p[we - 2] == '\'' && st->p[we - 1] == 's')
				we -= 2;
			co = ner_company_alias(c, st->p, ws, we);
			if (c->rc)
				return c->rc;
			if (co != CG_NO_ENTITY) {
				if (ner_refer(c, NT_COMPANY, co, ws, we) < 0)
					return c->rc;
				continue;
			}
		}
		if (e == t) {
			/* a surname alone: a person of the report already named */
			cg_eid id = by_surname(c, st->p + st->t[t].s, st->t[t].e - st->t[t].s);
			if (id != CG_NO_ENTITY && (t == 0 || !st->t[t - 1].cap) &&
			    ner_refer(c, NT_PERSON, id, st->t[t].s, st->t[t].e) < 0)
				return c->rc;
		}
		t = e;
	}
	return c->rc;
}
