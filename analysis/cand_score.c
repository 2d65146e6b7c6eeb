/* Merge candidates: names to Latin (ICU), folded name parts, the
 * similarity measures and the score of a pair (docs/MODEL.md,
 * "Candidates"). ICU stays in this file. */
#include "candidates.h"
#include "icu_dl.h"

#include "cg_normalize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Cyrillic by BGN/PCGN first (Чен -> Chen, not Čen -> Cen), then any other
 * script by ICU's defaults, then accents off; the middle dot BGN writes
 * between some letters goes. */
#define TRANSLIT_ID "Russian-Latin/BGN; Any-Latin; Latin-ASCII; [\\u00B7] Remove"
#define UBUF        2048

struct cg_cand_scorer {
	const icu_api *icu;
	UTransliterator *tr;
	UChar u[UBUF];
	char utf8[4 * UBUF];
	cg_strbuf a, b;
};

static const char *const feature_names[CG_CF_COUNT] = {
    "transliterated",
    "initials",
    "abbreviation",
    "reordered",
    "typo",
    "legal_form",
    "dob_agree",
    "dob_conflict",
    "nationality_agree",
    "nationality_conflict",
    "shared_neighbours",
    "identifier",
    "identifier_conflict",
    "number_conflict",
};

const char *cg_cand_feature_to_string(cg_cand_feature f)
{
	return (unsigned)f < CG_CF_COUNT ? feature_names[f] : NULL;
}

cg_cand_feature cg_cand_feature_from_string(const char *s)
{
	int i = cg_name_index(feature_names, CG_CF_COUNT, s);
	return i < 0 ? CG_CF_COUNT : (cg_cand_feature)i;
}

cand_kind cand_kind_of(const char *t)
{
	if (!t)
		return CAND_NONE;
	if (!strcmp(t, "person"))
		return CAND_PERSON;
	if (!strcmp(t, "company") || !strcmp(t, "organization"))
		return CAND_ORG;
	if (!strcmp(t, "address"))
		return CAND_ADDRESS;
	return CAND_NONE;
}

int cg_cand_scorer_new(cg_cand_scorer **out, cg_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar id[128];
	const char *why = NULL;
	const icu_api *icu = icu_load(&why);
	cg_cand_scorer *s;
	size_t i;

	*out = NULL;
	if (!icu)
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0, "%s", why);
	if (!(s = calloc(1, sizeof *s)))
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	for (i = 0; TRANSLIT_ID[i] && i + 1 < sizeof id / sizeof *id; i++)
		id[i] = (UChar)TRANSLIT_ID[i]; /* ASCII */
	id[i] = 0;
	s->icu = icu;
	s->tr = icu->open_u(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st)) {
		free(s);
		if (st == U_MEMORY_ALLOCATION_ERROR)
			return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0,
		                    "ICU cannot open the transliterator \"%s\": %s", TRANSLIT_ID,
		                    icu->error_name(st));
	}
	*out = s;
	return 0;
}

void cg_cand_scorer_free(cg_cand_scorer *s)
{
	if (!s)
		return;
	s->icu->close(s->tr);
	cg_strbuf_free(&s->a);
	cg_strbuf_free(&s->b);
	free(s);
}

/* ---- to Latin ---- */

static uint32_t next_cp(const unsigned char *s, size_t n, size_t *i)
{
	unsigned char c = s[*i];
	uint32_t cp;
	size_t k;
	if (c < 0x80) {
		(*i)++;
		return c;
	}
	k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
	cp = c & (0x3F >> k);
	for ((*i)++; k-- && *i < n; (*i)++)
		cp = (cp << 6) | (s[*i] & 0x3F);
	return cp;
}

/* Letters of a script other than Latin: Greek to the Latin Extended
 * Additional block (which is Latin, Vietnamese), CJK, Hangul, kana. */
static int other_script(uint32_t cp)
{
	return (cp >= 0x370 && cp < 0x1E00) || (cp >= 0x2E80 && cp < 0xD800) ||
	       (cp >= 0xF900 && cp < 0xFB00) || (cp >= 0xFE70 && cp < 0xFF00) ||
	       (cp >= 0xFF66 && cp < 0xFFDD);
}

/* s[0..n) in Latin letters (ASCII: Søren -> Soren) into out; *translit
 * set when another script was there. Hangul syllables are parted (김민준 -> gim min jun), as Han
 * characters already are by ICU. On an ICU failure the text is kept. */
static int to_latin(cg_cand_scorer *s, const char *str, size_t n, cg_strbuf *out, int *translit)
{
	const unsigned char *p = (const unsigned char *)str;
	size_t i = 0, k = 0;
	int other = 0;
	UErrorCode st = U_ZERO_ERROR;
	int32_t len, lim, olen;

	*translit = 0;
	cg_strbuf_reset(out);
	for (size_t j = 0; j < n; j++)
		if (p[j] >= 0x80)
			break;
		else if (j + 1 == n)
			return cg_strbuf_append(out, str, n);
	while (i < n && k + 2 < UBUF / 4) {
		uint32_t cp = next_cp(p, n, &i);
		other |= other_script(cp);
		if (cp >= 0x10000) {
			s->u[k++] = (UChar)(0xD800 + ((cp - 0x10000) >> 10));
			s->u[k++] = (UChar)(0xDC00 + ((cp - 0x10000) & 0x3FF));
		} else {
			s->u[k++] = (UChar)cp;
		}
		if (cp >= 0xAC00 && cp <= 0xD7A3)
			s->u[k++] = ' ';
	}
	len = lim = (int32_t)k;
	s->icu->trans_uchars(s->tr, s->u, &len, UBUF, 0, &lim, &st);
	if (U_FAILURE(st) || len >= UBUF)
		return cg_strbuf_append(out, str, n);
	st = U_ZERO_ERROR;
	s->icu->str_to_utf8(s->utf8, (int32_t)sizeof s->utf8, &olen, s->u, len, &st);
	if (U_FAILURE(st))
		return cg_strbuf_append(out, str, n);
	*translit = other;
	return cg_strbuf_append(out, s->utf8, (size_t)olen);
}

/* ---- name parts ---- */

/* Words of company names set aside: legal forms anywhere in the name
 * (cg_norm_company takes them off the ends only), branch words, and their
 * romanised Chinese and Korean forms. */
static const char *const org_drop[] = {
    "co",           "company",
    "companies",    "ltd",
    "limited",      "inc",
    "incorporated", "corp",
    "corporation",  "llc",
    "plc",          "gmbh",
    "ag",           "aktiengesellschaft",
    "sa",           "pte",
    "pvt",          "private",
    "lp",           "llp",
    "sro",          "jsc",
    "pjsc",         "ojsc",
    "cjsc",         "ooo",
    "ao",           "zao",
    "oao",          "pao",
    "fze",          "fzco",
    "fzc",          "fz",
    "bv",           "nv",
    "srl",          "spa",
    "kk",           "the",
    "and",          "of",
    "branch",       "representative",
    "rep",          "office",
    "youxian",      "gongsi",
    "you",          "xian",
    "gong",         "si",
    "hoesa",        "hoe",
    "public",       "joint",
    "stock",        "closed",
    "open",         "holding",
    "holdings",     "group",
    "grp",
};

/* Address words: one spelling for each (cg_norm_address has made street
 * -> st ...), or dropped ("") when they say nothing about the place. */
static const char *const addr_words[][2] = {
    {"centre", "ctr"},
    {"center", "ctr"},
    {"tower", "twr"},
    {"block", "blk"},
    {"heights", "hts"},
    {"trail", "trl"},
    {"ulitsa", "st"},
    {"ul", "st"},
    {"ulica", "st"},
    {"calle", "st"},
    {"via", "st"},
    {"rue", "st"},
    {"strasse", "st"},
    {"str", "st"},
    {"bldg", "bldg"},
    {"flat", ""},
    {"office", ""},
    {"kv", ""},
    {"d", ""},
    {"dom", ""},
    {"plot", ""},
    {"of", ""},
    {"de", ""},
    {"des", ""},
    {"los", ""},
    {"la", ""},
    {"the", ""},
    {"city", ""},
    {"province", ""},
    {"china", ""},
    {"prc", ""},
    {"uae", ""},
    {"united", ""},
    {"arab", ""},
    {"emirates", ""},
    {"uk", ""},
    {"kingdom", ""},
    {"germany", ""},
    {"france", ""},
    {"italy", ""},
    {"spain", ""},
    {"usa", ""},
    {"us", ""},
    {"states", ""},
    {"arizona", "az"},
    {"wyoming", "wy"},
    {"hk", ""},
    {"hong", ""},
    {"kong", ""},
    {"f", ""},
    {"fl", ""},
    {"moskva", "moscow"},
    {"roma", "rome"},
    {"freezone", "free zone"},
    {"rak", "ras al khaimah"},
    {"jafz", "jebel ali free zone"},
};

static int in_list(const char *const *list, size_t n, const char *w, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], w, len))
			return 1;
	return 0;
}

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* The phonetic skeleton of a name part: spellings of one sound made one
 * (shch/sch/sh -> s, ch/zh/j -> c, kh -> h, ph -> f, x -> ks, w -> u, y ->
 * i, eo -> o, eu and oo -> u, ee -> i), voiced and voiceless consonants
 * alike (g/k, b/p, d/t, z/s, v/f: Korean and Russian transcriptions differ
 * there), h after
 * a consonant dropped, doubled letters made one. Digits are kept. */
size_t cand_fold(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 2 < cap;) {
		const char *r = NULL;
		size_t used = 1;
		char c = s[i];
		static const char *const rules[][2] = {
		    {"shch", "s"}, {"sch", "s"}, {"tch", "c"}, {"dzh", "c"}, {"zh", "c"},
		    {"ch", "c"},   {"sh", "s"},  {"kh", "h"},  {"ph", "f"},  {"ck", "k"},
		    {"th", "t"},   {"ou", "u"},  {"oo", "u"},  {"ee", "i"},  {"eo", "o"},
		    {"eu", "u"},   {"iy", "i"},  {"yu", "iu"}, {"ya", "ia"}, {"ey", "ei"},
		};
		for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
			size_t l = strlen(rules[k][0]);
			if (i + l <= n && !memcmp(s + i, rules[k][0], l)) {
				r = rules[k][1];
				used = l;
				break;
			}
		}
		if (r) {
			for (; *r && o + 2 < cap; r++)
				if (!o || out[o - 1] != *r)
					out[o++] = *r;
			i += used;
			continue;
		}
		switch (c) {
		case 'x':
			if (o + 3 < cap) {
				out[o++] = 'k';
				c = 's';
			}
			break;
		case 'q':
		case 'g':
		case 'c':
			c = 'k';
			break;
		case 'w':
			c = 'u';
			break;
		case 'v':
			c = 'f';
			break;
		case 'y':
			c = 'i';
			break;
		case 'j':
			c = 'c';
			break;
		case 'b':
			c = 'p';
			break;
		case 'd':
			c = 't';
			break;
		case 'z':
			c = 's';
			break;
		case 'h':
			if (o && !is_vowel(out[o - 1]) &&
			    !(out[o - 1] >= '0' && out[o - 1] <= '9')) {
				i++;
				continue;
			}
			break;
		default:
			break;
		}
		if (!o || out[o - 1] != c)
			out[o++] = c;
		i++;
	}
	out[o] = '\0';
	return o;
}

/* Number words of an address or company: a part with a digit and at most
 * one letter (12, 5b, 1006), leading zeros off. Postcodes with two letters
 * or more (N7, 8QT count; CB1 does not) are left to the name parts. */
static int number_part(const char *w, size_t len)
{
	if (len == 1 && w[0] >= 'a' && w[0] <= 'z' && !strchr("nsew", w[0]))
		return 1; /* Tower B, Block A */
	size_t digits = 0, letters = 0;
	for (size_t i = 0; i < len; i++) {
		if (w[i] >= '0' && w[i] <= '9')
			digits++;
		else
			letters++;
	}
	return digits && letters <= 1;
}

static int put_part(cg_strbuf *arena, const char *w, size_t len, size_t *count)
{
	char f[CAND_MAX_BYTES + 8];
	size_t fl;
	if (*count >= CAND_MAX_TOK || !len)
		return 0;
	fl = cand_fold(w, len > CAND_MAX_BYTES ? CAND_MAX_BYTES : len, f, sizeof f);
	if (!fl || fl > 255)
		return 0;
	return ((*count)++ && cg_strbuf_putc(arena, ' ')) || cg_strbuf_append(arena, f, fl);
}

/* Removes "(...)" parts (a branch, a country) when something remains. */
static int strip_parens(const char *s, size_t n, cg_strbuf *out)
{
	int depth = 0, rc = 0;
	size_t kept = 0;
	cg_strbuf_reset(out);
	for (size_t i = 0; i < n && !rc; i++) {
		if (s[i] == '(' || s[i] == '[')
			depth++;
		else if ((s[i] == ')' || s[i] == ']') && depth)
			depth--;
		else if (!depth) {
			rc = cg_strbuf_putc(out, s[i]);
			kept += s[i] != ' ';
		}
	}
	if (!rc && !kept) {
		cg_strbuf_reset(out);
		rc = cg_strbuf_append(out, s, n);
	}
	return rc;
}

/* One name into the arena: its flags, then its parts; numbers go to nums. */
static int prepare_one(cg_cand_scorer *s, cand_kind k, const char *name, size_t index,
                       cg_strbuf *arena, cg_strbuf *nums)
{
	size_t n = strlen(name), count = 0, flags_at;
	int translit = 0, legal = 0, rc;
	const char *p;

	if (n > CAND_MAX_BYTES) {
		n = CAND_MAX_BYTES;
		while (n && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;
	}
	if ((rc = to_latin(s, name, n, &s->a, &translit)))
		return rc;
	if (k == CAND_ORG) {
		if ((rc = strip_parens(s->a.buf, s->a.len, &s->b)))
			return rc;
		legal = s->b.len != s->a.len;
		rc = cg_norm_company(s->b.buf, s->b.len, &s->a);
	} else if (k == CAND_ADDRESS) {
		cg_strbuf_reset(&s->b);
		rc = cg_strbuf_append(&s->b, s->a.buf, s->a.len) ||
		     cg_norm_address(s->b.buf, s->b.len, &s->a);
	} else {
		cg_strbuf_reset(&s->b);
		rc = cg_strbuf_append(&s->b, s->a.buf, s->a.len) ||
		     cg_norm_text(s->b.buf, s->b.len, &s->a);
	}
	if (rc == CG_EPARSE)
		return 0; /* not text: no name to compare */
	if (rc)
		return rc;
	flags_at = arena->len;
	if (cg_strbuf_putc(arena, 1) || cg_strbuf_putc(arena, 1) ||
	    cg_strbuf_putc(arena, (char)(1 + (index < 250 ? index : 250))))
		return CG_ENOMEM;
	for (p = cg_strbuf_cstr(&s->a); *p && !rc;) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *w = p;
		p += len;
		while (*p == ' ')
			p++;
		if (k == CAND_ORG &&
		    in_list(org_drop, sizeof org_drop / sizeof *org_drop, w, len)) {
			legal = 1;
			continue;
		}
		if (k == CAND_ADDRESS) {
			size_t i;
			for (i = 0; i < sizeof addr_words / sizeof *addr_words; i++)
				if (strlen(addr_words[i][0]) == len &&
				    !memcmp(addr_words[i][0], w, len))
					break;
			if (len > 7 && !memcmp(w + len - 7, "strasse", 7)) {
				rc = put_part(arena, w, len - 7, &count) ||
				     put_part(arena, "st", 2, &count);
				continue;
			}
			if (i < sizeof addr_words / sizeof *addr_words) {
				const char *r = addr_words[i][1], *sp;
				while (*r && !rc) {
					sp = strchr(r, ' ');
					len = sp ? (size_t)(sp - r) : strlen(r);
					rc = put_part(arena, r, len, &count);
					r += len + (sp != NULL);
				}
				continue;
			}
		}
		if ((k == CAND_ADDRESS && number_part(w, len)) ||
		    (k == CAND_ORG && strspn(w, "0123456789") == len)) {
			size_t z = 0;
			while (z + 1 < len && w[z] == '0')
				z++;
			if ((nums->len && cg_strbuf_putc(nums, ' ')) ||
			    cg_strbuf_append(nums, w + z, len - z))
				return CG_ENOMEM;
		}
		/* joined initials: "hj" of "H.J. van der Berg" */
		if (k == CAND_PERSON && len == 2 && !is_vowel(w[0]) && !is_vowel(w[1])) {
			rc = put_part(arena, w, 1, &count) || put_part(arena, w + 1, 1, &count);
			continue;
		}
		rc = put_part(arena, w, len, &count);
	}
	if (rc)
		return CG_ENOMEM;
	if (!count) { /* nothing to compare: take the name back out */
		arena->len = flags_at;
		arena->buf[arena->len] = '\0';
		return 0;
	}
	arena->buf[flags_at] = (char)(1 + translit);
	arena->buf[flags_at + 1] = (char)(1 + legal);
	return cg_strbuf_putc(arena, '\0') ? CG_ENOMEM : 0;
}

int cand_prepare(cg_cand_scorer *s, cand_kind k, const char *const *names, size_t n,
                 cg_strbuf *arena)
{
	cg_strbuf nums = CG_STRBUF_INIT;
	size_t count_at = arena->len + 1, kept = 0;
	int rc = cg_strbuf_putc(arena, (char)k) || cg_strbuf_putc(arena, 1) ? CG_ENOMEM : 0;

	for (size_t i = 0; i < n && kept < CAND_MAX_NAMES && !rc; i++) {
		size_t before = arena->len;
		if (!names[i] || !*names[i])
			continue;
		rc = prepare_one(s, k, names[i], i, arena, &nums);
		kept += arena->len != before;
	}
	if (!rc) {
		arena->buf[count_at] = (char)(1 + kept);
		rc = cg_strbuf_append(arena, nums.buf ? nums.buf : "", nums.len) ||
		             cg_strbuf_putc(arena, '\0')
		         ? CG_ENOMEM
		         : 0;
	}
	cg_strbuf_free(&nums);
	return rc;
}

void cand_load(const char *at, cand_prep *p)
{
	p->kind = (cand_kind)at[0];
	p->n = (size_t)(unsigned char)at[1] - 1;
	at += 2;
	for (size_t i = 0; i < p->n; i++) {
		cand_name *nm = &p->nm[i];
		nm->translit = (uint8_t)(at[0] - 1);
		nm->legal = (uint8_t)(at[1] - 1);
		nm->orig = (uint8_t)(at[2] - 1);
		nm->ntok = 0;
		at += 3;
		while (*at) {
			const char *e = at;
			while (*e && *e != ' ')
				e++;
			if (nm->ntok < CAND_MAX_TOK) {
				nm->tok[nm->ntok] = at;
				nm->len[nm->ntok++] = (uint8_t)(e - at);
			}
			at = *e ? e + 1 : e;
		}
		at++;
	}
	p->nums = at;
}

/* ---- similarity ---- */

double cand_jaro_winkler(const char *a, size_t na, const char *b, size_t nb)
{
	unsigned char ma[256] = {0}, mb[256] = {0};
	size_t win, m = 0, t = 0, pre = 0, k = 0;
	double j;

	if (!na || !nb)
		return na == nb ? 1.0 : 0.0;
	if (na > 255)
		na = 255;
	if (nb > 255)
		nb = 255;
	win = (na > nb ? na : nb) / 2;
	win = win ? win - 1 : 0;
	for (size_t i = 0; i < na; i++) {
		size_t lo = i > win ? i - win : 0, hi = i + win + 1 < nb ? i + win + 1 : nb;
		for (size_t x = lo; x < hi; x++)
			if (!mb[x] && a[i] == b[x]) {
				ma[i] = mb[x] = 1;
				m++;
				break;
			}
	}
	if (!m)
		return 0.0;
	for (size_t i = 0; i < na; i++) {
		if (!ma[i])
			continue;
		while (!mb[k])
			k++;
		t += a[i] != b[k];
		k++;
	}
	j = ((double)m / (double)na + (double)m / (double)nb + (double)(m - t / 2) / (double)m) / 3;
	while (pre < 4 && pre < na && pre < nb && a[pre] == b[pre])
		pre++;
	return j + (double)pre * 0.1 * (1 - j);
}

/* 1 - edit distance / longer length. */
static double lev_sim(const char *a, size_t na, const char *b, size_t nb)
{
	unsigned r0[CAND_MAX_BYTES + 1], r1[CAND_MAX_BYTES + 1], *d0 = r0, *d1 = r1, *t;
	size_t mx;
	if (na > CAND_MAX_BYTES)
		na = CAND_MAX_BYTES;
	if (nb > CAND_MAX_BYTES)
		nb = CAND_MAX_BYTES;
	mx = na > nb ? na : nb;
	if (!mx)
		return 1.0;
	/* a common prefix and suffix change no distance: only the middles
	 * are compared (names alike differ in a few letters) */
	while (na && nb && *a == *b) {
		a++;
		b++;
		na--;
		nb--;
	}
	while (na && nb && a[na - 1] == b[nb - 1]) {
		na--;
		nb--;
	}
	if (!na || !nb)
		return 1.0 - (double)(na + nb) / (double)mx;
	for (size_t j = 0; j <= nb; j++)
		d0[j] = (unsigned)j;
	for (size_t i = 1; i <= na; i++) {
		d1[0] = (unsigned)i;
		for (size_t j = 1; j <= nb; j++) {
			unsigned c = d0[j - 1] + (a[i - 1] != b[j - 1]);
			if (d0[j] + 1 < c)
				c = d0[j] + 1;
			if (d1[j - 1] + 1 < c)
				c = d1[j - 1] + 1;
			d1[j] = c;
		}
		t = d0;
		d0 = d1;
		d1 = t;
	}
	return 1.0 - (double)d0[nb] / (double)mx;
}

/* a shortened form of b: a subsequence of b with b's first letter, at least
 * three letters and at most 0.6 of b (tech, natl, grp, max). */
static int abbreviates(const char *a, size_t na, const char *b, size_t nb)
{
	size_t j = 0;
	if (na < 3 || na * 10 > nb * 6 || a[0] != b[0])
		return 0;
	for (size_t i = 0; i < nb && j < na; i++)
		j += b[i] == a[j];
	return j == na;
}

/* Gendered forms and name pairs that differ in their last letter only
 * (Ivan/Ivana, Petrov/Petrova, Maria/Mario): other people. */
static int gender_pair(const char *a, size_t na, const char *b, size_t nb)
{
	if (na + 1 == nb && b[nb - 1] == 'a' && !memcmp(a, b, na))
		return 1;
	if (nb + 1 == na && a[na - 1] == 'a' && !memcmp(a, b, nb))
		return 1;
	return na == nb && na > 2 && !memcmp(a, b, na - 1) &&
	       (a[na - 1] == 'a') != (b[nb - 1] == 'a') && is_vowel(a[na - 1]) &&
	       is_vowel(b[nb - 1]);
}

#define MIN_PART_JW  0.88
#define TYPO_CREDIT  0.9
#define TYPO_MIN_LEN 5

/* Whether a and b are one slip apart: a letter left out or added, two
 * neighbours swapped, or a vowel for a vowel (Halvorsen, Halvorson). A
 * consonant for another makes another name (Fedorov, Fedotov). */
static int one_slip(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0;
	if (na + 1 == nb || nb + 1 == na) {
		const char *lo = na < nb ? a : b, *hi = na < nb ? b : a;
		size_t nl = na < nb ? na : nb;
		while (i < nl && lo[i] == hi[i])
			i++;
		return !memcmp(lo + i, hi + i + 1, nl - i);
	}
	if (na != nb)
		return 0;
	while (i < na && a[i] == b[i])
		i++;
	if (i == na)
		return 0;
	if (i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	    !memcmp(a + i + 2, b + i + 2, na - i - 2))
		return 1;
	return is_vowel(a[i]) && is_vowel(b[i]) && !memcmp(a + i + 1, b + i + 1, na - i - 1);
}

/* How much name part a is b: 1 equal; 0.85 an initial or a shortened
 * form; TYPO_CREDIT one slip apart (parts of TYPO_MIN_LEN letters or
 * more, shorter ones a vowel for a vowel only: a syllable of a
 * transliterated name with a letter more is another syllable, xin and
 * xing); else 0. */
static double part_sim(const char *a, size_t na, const char *b, size_t nb, unsigned *why)
{
	*why = 0;
	if (na == nb && !memcmp(a, b, na))
		return 1.0;
	if ((na == 1 && nb > 1 && a[0] == b[0]) || (nb == 1 && na > 1 && a[0] == b[0])) {
		*why = 1u << CG_CF_INITIALS;
		return 0.85;
	}
	if (na == 1 || nb == 1 || gender_pair(a, na, b, nb))
		return 0.0;
	if (abbreviates(a, na, b, nb) || abbreviates(b, nb, a, na)) {
		*why = 1u << CG_CF_ABBREVIATION;
		return 0.85;
	}
	if (na < 3 || nb < 3 || !one_slip(a, na, b, nb))
		return 0.0;
	if ((na < TYPO_MIN_LEN || nb < TYPO_MIN_LEN) && na == nb) {
		/* short parts: a vowel for a vowel only (Choe, Choi) */
		size_t i = 0;
		while (a[i] == b[i])
			i++;
		if (!is_vowel(a[i]) || !is_vowel(b[i]))
			return 0.0;
	} else if (na < TYPO_MIN_LEN || nb < TYPO_MIN_LEN) {
		return 0.0;
	}
	*why = 1u << CG_CF_TYPO;
	return TYPO_CREDIT;
}

double cand_token_set(const cand_name *a, const cand_name *b, unsigned *flags)
{
	double sim[CAND_MAX_TOK][CAND_MAX_TOK], m = 0;
	unsigned why[CAND_MAX_TOK][CAND_MAX_TOK];
	int used_a[CAND_MAX_TOK] = {0}, used_b[CAND_MAX_TOK] = {0};
	int match_of[CAND_MAX_TOK];
	size_t na = a->ntok, nb = b->ntok, full = 0;
	unsigned f = 0;

	if (!na || !nb)
		return 0.0;
	for (size_t i = 0; i < na; i++) {
		match_of[i] = -1;
		for (size_t j = 0; j < nb; j++)
			sim[i][j] =
			    part_sim(a->tok[i], a->len[i], b->tok[j], b->len[j], &why[i][j]);
	}
	for (;;) { /* greedy: the best remaining pair first */
		double best = 0;
		size_t bi = 0, bj = 0;
		for (size_t i = 0; i < na; i++)
			for (size_t j = 0; j < nb; j++)
				if (!used_a[i] && !used_b[j] && sim[i][j] > best) {
					best = sim[i][j];
					bi = i;
					bj = j;
				}
		if (best <= 0)
			break;
		used_a[bi] = used_b[bj] = 1;
		match_of[bi] = (int)bj;
		m += best;
		f |= why[bi][bj];
		full += best >= MIN_PART_JW;
	}
	if (!full) /* initials alone say nothing */
		return 0.0;
	for (size_t i = 0, last = 0; i < na; i++) {
		if (match_of[i] < 0)
			continue;
		if ((size_t)match_of[i] < last)
			f |= 1u << CG_CF_REORDERED;
		last = (size_t)match_of[i];
	}
	*flags |= f;
	return 0.5 * (2 * m / (double)(na + nb)) + 0.5 * (m / (double)(na < nb ? na : nb));
}

/* The joined names count from this similarity up (below, the parts
 * decide): a cheap bound rules most pairs out before the edit distance. */
#define WHOLE_MIN 0.6

/* An upper bound of lev_sim: the letters two strings have in common (as
 * multisets) over the longer length, in O(length). */
static double bag_bound(const char *a, size_t na, const char *b, size_t nb)
{
	int h[256] = {0};
	size_t common = 0;
	for (size_t i = 0; i < na; i++)
		h[(unsigned char)a[i]]++;
	for (size_t i = 0; i < nb; i++)
		if (h[(unsigned char)b[i]]-- > 0)
			common++;
	return (double)common / (double)(na > nb ? na : nb);
}

/* The parts of n joined, from part `from` round to the one before it. */
static size_t joined(const cand_name *n, size_t from, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t k = 0; k < n->ntok; k++) {
		size_t i = (from + k) % n->ntok;
		if (o + n->len[i] >= cap)
			break;
		memcpy(out + o, n->tok[i], n->len[i]);
		o += n->len[i];
	}
	out[o] = '\0';
	return o;
}

double cand_name_sim(const cand_name *a, const cand_name *b, unsigned *flags, double *ts,
                     double *jw)
{
	char ja[CAND_MAX_BYTES + 1], jb[CAND_MAX_BYTES + 1];
	size_t la = joined(a, 0, ja, sizeof ja);
	double tok, whole = 0, best_jw = 0;
	unsigned f = 0;

	tok = cand_token_set(a, b, &f);
	/* The names as one string, b from each of its parts round: parts
	 * joined or split (Min-jun, Minjun; wang ke jia, Kejia Wang) differ in
	 * number. With as many parts on both sides, the parts decide. */
	for (size_t r = 0; r < b->ntok; r++) {
		size_t lb;
		double j;
		if (!jw && (a->ntok == b->ntok || (tok <= 0 && r)))
			break; /* only the score wanted: the parts decide */
		lb = joined(b, r, jb, sizeof jb);
		if (jw && (j = cand_jaro_winkler(ja, la, jb, lb)) > best_jw)
			best_jw = j;
		if (a->ntok == b->ntok || la < 4 || lb < 4 ||
		    bag_bound(ja, la, jb, lb) < (whole > WHOLE_MIN ? whole : WHOLE_MIN))
			continue;
		j = lev_sim(ja, la, jb, lb);
		if (j > whole) {
			whole = j;
			if (r && j > tok)
				f |= 1u << CG_CF_REORDERED;
		}
	}
	if (whole > tok && whole < 1.0)
		f |= 1u << CG_CF_TYPO;
	*ts = tok;
	if (jw)
		*jw = best_jw;
	*flags |= f;
	return tok > whole ? tok : whole;
}

/* ---- dates, countries, identifiers ---- */

int cand_dob_cmp(const char *a, const char *b)
{
	size_t n;
	if (!a || !b || !*a || !*b)
		return 0;
	n = strlen(a) < strlen(b) ? strlen(a) : strlen(b);
	return strncmp(a, b, n) ? -1 : 1;
}

static int nat_cmp(const char *a, const char *b)
{
	cg_strbuf x = CG_STRBUF_INIT, y = CG_STRBUF_INIT;
	int r = 0;
	if (!a || !b || !*a || !*b)
		return 0;
	if (cg_norm_country(a, strlen(a), &x) >= 0 && cg_norm_country(b, strlen(b), &y) >= 0 &&
	    x.buf && y.buf)
		r = strcmp(x.buf, y.buf) ? -1 : 1;
	else if (x.buf && y.buf)
		r = strcmp(x.buf, y.buf) ? -1 : 1;
	cg_strbuf_free(&x);
	cg_strbuf_free(&y);
	return r;
}

/* Letters and digits of v, upper case; digits only into dg. */
static void id_forms(const char *v, char *al, char *dg, size_t cap)
{
	size_t a = 0, d = 0;
	for (; *v && a + 1 < cap; v++) {
		char c = *v;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			al[a++] = c;
		if (c >= '0' && c <= '9')
			dg[d++] = c;
	}
	al[a] = dg[d] = '\0';
}

static int id_kind_known(const char *k)
{
	return !strcmp(k, "passport") || !strcmp(k, "national_id") ||
	       !strcmp(k, "registration_number") || !strcmp(k, "tax_id") || !strcmp(k, "imo") ||
	       !strcmp(k, "lei");
}

/* 1 an identifier of one kind written alike (letters and digits, or the
 * same six digits or more), -1 one kind on both sides and none alike, 0
 * nothing to compare. *kind names it (borrowed). */
static int id_cmp(const cand_attrs *a, const cand_attrs *b, const char **kind)
{
	int conflict = 0;
	for (size_t i = 0; i < a->n_ids; i++) {
		char aa[64], ad[64];
		if (!a->ids[i].name || !a->ids[i].value || !id_kind_known(a->ids[i].name))
			continue;
		id_forms(a->ids[i].value, aa, ad, sizeof aa);
		for (size_t j = 0; j < b->n_ids; j++) {
			char ba[64], bd[64];
			if (!b->ids[j].name || !b->ids[j].value ||
			    strcmp(a->ids[i].name, b->ids[j].name))
				continue;
			id_forms(b->ids[j].value, ba, bd, sizeof ba);
			*kind = a->ids[i].name;
			if ((*aa && !strcmp(aa, ba)) || (strlen(ad) >= 6 && !strcmp(ad, bd)))
				return 1;
			conflict = 1;
		}
	}
	return conflict ? -1 : 0;
}

/* Whether the numbers of a and b clash: each has one the other lacks. */
static int numbers_clash(const char *a, const char *b)
{
	int a_extra = 0, b_extra = 0;
	for (int pass = 0; pass < 2; pass++) {
		const char *x = pass ? b : a, *y = pass ? a : b;
		while (*x) {
			size_t l = strcspn(x, " ");
			int found = 0;
			for (const char *q = y; *q;) {
				size_t m = strcspn(q, " ");
				if (m == l && !memcmp(q, x, l))
					found = 1;
				q += m + (q[m] == ' ');
			}
			if (!found)
				*(pass ? &b_extra : &a_extra) = 1;
			x += l + (x[l] == ' ');
		}
	}
	return a_extra && b_extra;
}

/* ---- the score ---- */

#define W_DOB      0.10
#define W_DOB_YEAR 0.05
#define W_NAT      0.04
#define P_NAT      0.15
#define P_PASSPORT 0.30
#define W_SHARED   0.05

static int put_name(cg_strbuf *sb, const char *const *names, size_t i)
{
	return cg_strbuf_puts(sb, "\"") || cg_strbuf_puts(sb, names ? names[i] : "?") ||
	       cg_strbuf_puts(sb, "\"");
}

static int describe(cg_candidate *out, const cand_attrs *aa, const cand_attrs *ab,
                    const char *const *names_a, const char *const *names_b, const char *idk)
{
	cg_strbuf sb = CG_STRBUF_INIT;
	unsigned f = out->f.flags;
	int rc = cg_strbuf_printf(&sb, "names %.2f (", out->f.name) ||
	         put_name(&sb, names_a, out->f.name_a) || cg_strbuf_puts(&sb, " ~ ") ||
	         put_name(&sb, names_b, out->f.name_b);
	for (int k = CG_CF_TRANSLITERATED; k <= CG_CF_LEGAL_FORM && !rc; k++)
		if (f & (1u << k))
			rc = cg_strbuf_printf(&sb, ", %s", feature_names[k]);
	rc = rc || cg_strbuf_putc(&sb, ')');
	if (!rc && (f & (1u << CG_CF_DOB_AGREE)))
		rc = cg_strbuf_printf(&sb, "; date of birth agrees (%s, %s)", aa->dob, ab->dob);
	if (!rc && (f & (1u << CG_CF_DOB_CONFLICT)))
		rc = cg_strbuf_printf(&sb, "; dates of birth differ (%s, %s)", aa->dob, ab->dob);
	if (!rc && (f & (1u << CG_CF_NAT_AGREE)))
		rc = cg_strbuf_printf(&sb, "; nationality agrees (%s, %s)", aa->nat, ab->nat);
	if (!rc && (f & (1u << CG_CF_NAT_CONFLICT)))
		rc = cg_strbuf_printf(&sb, "; nationalities differ (%s, %s)", aa->nat, ab->nat);
	if (!rc && (f & (1u << CG_CF_IDENTIFIER)))
		rc = cg_strbuf_printf(&sb, "; the same %s written differently", idk);
	if (!rc && (f & (1u << CG_CF_ID_CONFLICT)))
		rc = cg_strbuf_printf(&sb, "; %s numbers differ", idk);
	if (!rc && (f & (1u << CG_CF_NUMBER_CONFLICT)))
		rc = cg_strbuf_puts(&sb, "; numbers differ (house, unit, room or company number)");
	if (!rc && out->f.shared)
		rc = cg_strbuf_printf(&sb, "; %zu neighbour%s in common", out->f.shared,
		                      out->f.shared == 1 ? "" : "s");
	if (!rc && out->ruled_out)
		rc = cg_strbuf_puts(&sb, "; ruled out");
	if (rc) {
		cg_strbuf_free(&sb);
		return CG_ENOMEM;
	}
	free(out->reason);
	out->reason = sb.buf;
	return 0;
}

int cand_score_prep(const cand_prep *a, const cand_prep *b, const cand_attrs *aa,
                    const cand_attrs *ab, const char *const *names_a, const char *const *names_b,
                    int with_reason, cg_candidate *out)
{
	double s = 0;
	unsigned best_flags = 0;
	const char *idk = "identifier";
	int c;

	out->score = 0;
	out->ruled_out = 0;
	out->f.flags = 0;
	out->f.name = out->f.token_set = out->f.jaro_winkler = 0;
	out->f.name_a = out->f.name_b = 0;
	if (a->kind == CAND_NONE || a->kind != b->kind)
		return with_reason ? describe(out, aa, ab, names_a, names_b, idk) : 0;
	for (size_t i = 0; i < a->n; i++)
		for (size_t j = 0; j < b->n; j++) {
			unsigned f = 0;
			double ts, jw = 0;
			double v =
			    cand_name_sim(&a->nm[i], &b->nm[j], &f, &ts, with_reason ? &jw : NULL);
			if (v > out->f.name) {
				out->f.name = v;
				out->f.token_set = ts;
				out->f.jaro_winkler = jw;
				out->f.name_a = a->nm[i].orig;
				out->f.name_b = b->nm[j].orig;
				if (a->nm[i].translit || b->nm[j].translit)
					f |= 1u << CG_CF_TRANSLITERATED;
				if (a->nm[i].legal || b->nm[j].legal)
					f |= 1u << CG_CF_LEGAL_FORM;
				best_flags = f;
			}
		}
	out->f.flags = best_flags;
	s = out->f.name;
	if (a->kind == CAND_PERSON) {
		c = cand_dob_cmp(aa->dob, ab->dob);
		if (c > 0) {
			out->f.flags |= 1u << CG_CF_DOB_AGREE;
			s += strlen(aa->dob) >= 10 && strlen(ab->dob) >= 10 ? W_DOB : W_DOB_YEAR;
		} else if (c < 0) {
			out->f.flags |= 1u << CG_CF_DOB_CONFLICT;
			out->ruled_out = 1;
		}
		c = nat_cmp(aa->nat, ab->nat);
		if (c > 0) {
			out->f.flags |= 1u << CG_CF_NAT_AGREE;
			s += W_NAT;
		} else if (c < 0) {
			out->f.flags |= 1u << CG_CF_NAT_CONFLICT;
			s -= P_NAT;
		}
	}
	c = id_cmp(aa, ab, &idk);
	if (c > 0) {
		out->f.flags |= 1u << CG_CF_IDENTIFIER;
		if (out->f.name >= 0.5)
			s = (s > 0.9 ? s : 0.9) + 0.05;
	} else if (c < 0) {
		out->f.flags |= 1u << CG_CF_ID_CONFLICT;
		if (a->kind == CAND_ORG)
			out->ruled_out = 1;
		else
			s -= P_PASSPORT;
	}
	if ((a->kind == CAND_ADDRESS || a->kind == CAND_ORG) && numbers_clash(a->nums, b->nums)) {
		out->f.flags |= 1u << CG_CF_NUMBER_CONFLICT;
		out->ruled_out = 1;
	}
	if (out->f.shared) {
		out->f.flags |= 1u << CG_CF_SHARED;
		s += W_SHARED * (double)(out->f.shared < 3 ? out->f.shared : 3);
	}
	out->score = out->ruled_out ? 0 : s < 0 ? 0 : s > 1 ? 1 : s;
	return with_reason ? describe(out, aa, ab, names_a, names_b, idk) : 0;
}

double cand_best_name(const cand_prep *a, const cand_prep *b)
{
	double best = 0;
	if (a->kind == CAND_NONE || a->kind != b->kind)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		for (size_t j = 0; j < b->n; j++) {
			unsigned f = 0;
			double ts, v = cand_name_sim(&a->nm[i], &b->nm[j], &f, &ts, NULL);
			if (v > best)
				best = v;
		}
	return best;
}

void cg_candidate_clear(cg_candidate *c)
{
	if (!c)
		return;
	free(c->reason);
	memset(c, 0, sizeof *c);
}

int cg_cand_score(cg_cand_scorer *s, const cg_cand_record *a, const cg_cand_record *b,
                  cg_candidate *out, cg_error *err)
{
	cg_strbuf arena = CG_STRBUF_INIT;
	cand_prep pa, pb;
	cand_attrs xa = {a->dob, a->nationality, a->ids, a->n_ids};
	cand_attrs xb = {b->dob, b->nationality, b->ids, b->n_ids};
	size_t off_b;
	int rc;

	memset(out, 0, sizeof *out);
	out->a = out->b = CG_NO_ENTITY;
	rc = cand_prepare(s, cand_kind_of(a->type), a->names, a->n_names, &arena);
	off_b = arena.len;
	if (!rc)
		rc = cand_prepare(s, cand_kind_of(b->type), b->names, b->n_names, &arena);
	if (!rc) {
		cand_load(arena.buf, &pa);
		cand_load(arena.buf + off_b, &pb);
		rc = cand_score_prep(&pa, &pb, &xa, &xb, a->names, b->names, 1, out);
	}
	cg_strbuf_free(&arena);
	return rc ? cg_error_set(err, rc, NULL, 0, 0, "out of memory") : 0;
}
