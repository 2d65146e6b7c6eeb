/* Layer 4 of the report importer: postal addresses, phone numbers written
 * in a national format, bank accounts and SWIFT/BIC codes in a sentence
 * (docs/REPORTS.md, "Layer 4").
 *
 * An address is a run of comma-separated parts that starts with a unit
 * ("Room 1006-25", "Suite 200", "Building A1", "No. 11") or a street
 * ("88 Jianguo Road", "Teheran-ro 45-gil"), goes on with parts that are
 * places (capitalised words, a district, a city, a postcode, a country), and
 * holds a street or a district, or a unit and a place. A national phone
 * number needs a phone word before it; its country comes from the text
 * around it. An account number needs an account word and a bank named in
 * the sentence; a SWIFT/BIC code the word SWIFT or BIC before it. */
#include "report_internal.h"

#include "cg_normalize.h"
#include "cg_tables.h"

#include <string.h>

/* Words that start a unit part of an address (a number or code follows). */
static const char *const unit_words[] = {
    "room",   "rm",       "unit", "suite", "ste",   "flat", "apt",   "apartment", "floor", "fl",
    "office", "building", "bldg", "block", "tower", "no",   "level", "lot",       "plot",  "villa",
    "shop",   "house",    "box",  "d",     "dom",   "kv",   "str",   "korp",
};

/* Street words: the end of a street part ("Hunnan Street", "Jianguo Rd."). */
static const char *const street_words[] = {
    "street",  "st",       "road",     "rd",       "avenue",     "ave",   "boulevard",  "blvd",
    "lane",    "ln",       "drive",    "way",      "place",      "court", "highway",    "square",
    "plaza",   "parkway",  "terrace",  "crescent", "alley",      "lu",    "jie",        "dajie",
    "dadao",   "prospekt", "prospect", "ulitsa",   "embankment", "quay",  "expressway", "ul",
    "caddesi", "cad",      "cd",       "sokak",    "sokagi",     "sk",    "bulvari",    "soi",
    "thanon",  "jalan",    "jln",
};

/* Street words that are also words of other names ("District Court",
 * "Market Place"): a street only with a number in its part. */
static const char *const weak_street_words[] = {"court", "place", "square", "way",
                                                "plaza", "park",  "terrace"};

/* Street words written in lower case and abbreviated before or after the
 * street's name ("ul. Nekrasova", "Konstitucijos pr. 21C", "Gedimino g. 9"). */
static const char *const street_abbrevs[] = {"ul", "pr", "prosp", "pl", "per", "g", "al", "nab"};

/* Place words: a part with one of them is a district or a region. */
static const char *const district_words[] = {
    "district", "province", "county",  "city",         "prefecture",  "oblast",  "krai",
    "region",   "state",    "borough", "ward",         "town",        "village", "zone",
    "park",     "emirate",  "area",    "municipality", "subdistrict", "new",     "mahallesi",
    "mah",      "ilce",     "khet",    "khwaeng",      "amphoe",      "tambon",
};

/* Korean and other suffixes of a street or district word ("Teheran-ro",
 * "Gangnam-gu", "Yeoksam-dong"). */
static int korean_part(const char *s, size_t n, int *street)
{
	static const char *const st[] = {"-ro", "-gil", "-daero"};
	static const char *const di[] = {"-gu", "-dong", "-si", "-do", "-gun", "-eup", "-myeon"};
	for (size_t i = 0; i < NELEM(st); i++) {
		size_t l = strlen(st[i]);
		if (n > l && strncasecmp(s + n - l, st[i], l) == 0)
			return *street = 1;
	}
	for (size_t i = 0; i < NELEM(di); i++) {
		size_t l = strlen(di[i]);
		if (n > l && strncasecmp(s + n - l, di[i], l) == 0)
			return 1;
	}
	return 0;
}

static int has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_digit(UC(s, i)))
			return 1;
	return 0;
}

/* German street words written as one word's end ("Friedrichstraße",
 * "Große Elbstraße", "Lindenallee"). */
static int german_street(const char *s, size_t n)
{
	static const char *const suf[] = {"straße", "strasse", "allee", "gasse", "platz", "damm"};
	for (size_t i = 0; i < NELEM(suf); i++) {
		size_t l = strlen(suf[i]);
		if (n > l + 1 && strncasecmp(s + n - l, suf[i], l) == 0)
			return 1;
	}
	return 0;
}

/* Whether s[0..n) is a house number: 1 to 5 digits, not a year. */
static int house_number(const char *s, size_t n)
{
	if (n < 1 || n > 5)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(UC(s, i)))
			return 0;
	return !(n == 4 && (memcmp(s, "19", 2) == 0 || memcmp(s, "20", 2) == 0));
}

static const char *const months[] = {"january",   "february", "march",    "april",
                                     "may",       "june",     "july",     "august",
                                     "september", "october",  "november", "december"};

/* Whether the lower-case unit word k has its number after it ("office
 * 714", "d. 44"): a unit written in lower case, as the first word of a
 * part after the first ("105 Dostyk Avenue, office 714, Almaty"). */
static int lower_unit(const nsent *st, size_t k)
{
	size_t q = k + 1;
	if (q < st->nt && wt_is(st, q, "."))
		q++;
	return q < st->nt && st->t[q].word && is_digit(UC(st->p, st->t[q].s));
}

/* Whether a line of the paragraph starts between para[a] and para[b] and
 * is a field line: a label (letters, blanks, '-', '/', parentheses) and a
 * colon in its first 48 bytes ("Digital Currency Address - TRX: ..."). An
 * address does not run on into the next field. */
static int field_line_at(const ner *n, uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = n->nlines;
	uint32_t off;

	while (lo < hi) { /* the first line that starts after a */
		size_t mid = (lo + hi) / 2;
		if (n->lines[mid].off <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= n->nlines || (off = n->lines[lo].off) > b)
		return 0;
	for (uint32_t j = off; j < n->para.len && j < off + 48; j++) {
		int ch = UC(n->para.buf, j);
		if (ch == ':')
			return j > off;
		if (!is_alnum(ch) && !strchr(" -/()'", ch))
			return 0;
	}
	return 0;
}

/* What a comma-separated part of an address is. P_HOUSE: a house number
 * and capitalised words with no street word ("8 The Green"), a street only
 * when places and a unit or postcode follow (find_addresses). */
enum { P_NONE, P_UNIT, P_STREET, P_DISTRICT, P_PLACE, P_HOUSE };

/* Reads the part of words t .. (the next comma or the end): its kind, and in
 * *end the word after its last word of the address (a part that runs on
 * into lower-case words ends the address there: *stop). */
static int part_kind(const ner *nr, const nsent *st, size_t t, size_t *end, int *stop)
{
	int unit = 0, street = 0, district = 0, number = 0, words = 0, month = 0, weak = 0;
	int strong = 0;
	int house = t < st->nt && house_number(st->p + st->t[t].s, st->t[t].e - st->t[t].s);
	size_t k = t;

	*stop = 0;
	for (; k < st->nt; k++) {
		const wtok *w = &st->t[k];
		const char *s = st->p + w->s;
		size_t n = w->e - w->s;
		if (k > t && nr && field_line_at(nr, st->t[k - 1].e, w->s)) {
			*stop = 1; /* "... Laos" / "Digital Currency Address - TRX: ..." */
			break;
		}
		if (!w->word) {
			if (*s == ',')
				break;
			if (*s == '.' || *s == '#' || *s == '-' || *s == '/' || *s == '(' ||
			    *s == ')')
				continue;
			*stop = 1;
			break;
		}
		if (!w->cap && !has_digit(s, n) && UC(s, 0) < 0x80 &&
		    !(k > t && (wt_is(st, k, "of") || wt_is(st, k, "de"))) &&
		    !(k > t && k + 1 < st->nt && st->t[k + 1].cap && st->t[k - 1].cap &&
		      (wt_is(st, k, "am") || wt_is(st, k, "an") || wt_is(st, k, "upon") ||
		       wt_is(st, k, "sur") || wt_is(st, k, "del") || wt_is(st, k, "di"))) &&
		    !(k == t && in_list_fast(s, n, unit_words, NELEM(unit_words)) &&
		      !eq_nocase(s, n, "no") && lower_unit(st, k)) &&
		    !(in_list(s, n, street_abbrevs, NELEM(street_abbrevs)) &&
		      wt_is(st, k + 1, ".") &&
		      (k == t || eq_nocase(s, n, "ul") || (k > t && st->t[k - 1].cap)))) {
			*stop = 1;
			break;
		}
		words++;
		if (has_digit(s, n))
			number = 1;
		if (in_list_fast(s, n, unit_words, NELEM(unit_words)) && k + 1 < st->nt)
			unit = 1;
		else if (in_list_fast(s, n, street_words, NELEM(street_words)) ||
		         (!w->cap && in_list(s, n, street_abbrevs, NELEM(street_abbrevs))))
			street = 1,
			weak |= in_list(s, n, weak_street_words, NELEM(weak_street_words)),
			strong |= !in_list(s, n, weak_street_words, NELEM(weak_street_words));
		else if (eq_nocase(s, n, "dr") && number && k > t)
			street = 2; /* "2207 Copperleaf Dr." (not "Dr. Kim") */
		else if (in_list_fast(s, n, district_words, NELEM(district_words)))
			district = 1;
		else if (korean_part(s, n, &street) && !street)
			district = 1;
		else if (german_street(s, n))
			street = 1;
		month |= in_list_fast(s, n, months, NELEM(months));
		if (words > 6)
			return P_NONE;
	}
	*end = k;
	if (!words)
		return P_NONE;
	if (street && (number || (words >= 2 && street == 1 && (strong || !weak))))
		return P_STREET;
	if (unit && number)
		return P_UNIT;
	if (district)
		return P_DISTRICT;
	if (house && !unit && !month && !*stop && words >= 2 && words <= 5)
		return P_HOUSE;
	return P_PLACE;
}

/* Finds the addresses of the sentence. */
static int find_addresses(rctx *c, const nsent *st)
{
	for (size_t t = 0; t < st->nt && !c->rc; t++) {
		size_t k = t, end, last = t;
		int stop, kind, parts = 0, streets = 0, units = 0, places = 0, posts = 0, house;
		if (!st->t[t].word || (!st->t[t].cap && !is_digit(UC(st->p, st->t[t].s)) &&
		                       !(wt_is(st, t, "ul") && wt_is(st, t + 1, "."))))
			continue;
		if (t > 0 && st->t[t - 1].word &&
		    (st->t[t - 1].cap || is_digit(UC(st->p, st->t[t - 1].s))))
			continue; /* an address starts a part */
		kind = part_kind(c->ner, st, t, &end, &stop);
		if (kind == P_PLACE && end == t + 1 && !stop && end + 1 < st->nt &&
		    is_digit(UC(st->p, st->t[t].s))) {
			/* a building number before its street: "12, Teheran-ro 45-gil" */
			size_t e2;
			int stop2;
			if (part_kind(c->ner, st, end + 1, &e2, &stop2) == P_STREET)
				kind = P_UNIT;
		}
		if (kind == P_DISTRICT && !stop && end + 1 < st->nt) {
			/* a quarter before its street: "Maslak Mahallesi, Buyukdere
			 * Caddesi No. 255, ..." */
			size_t e2;
			int stop2;
			if (part_kind(c->ner, st, end + 1, &e2, &stop2) == P_STREET &&
			    has_digit(st->p + st->t[end + 1].s, st->t[e2 - 1].e - st->t[end + 1].s))
				kind = P_UNIT;
		}
		if ((house = kind == P_HOUSE))
			kind = P_STREET;
		if (kind != P_UNIT && kind != P_STREET)
			continue;
		for (;;) {
			if (ner_taken(c, st->t[k].s, st->t[end - 1].e))
				break;
			parts++;
			streets += kind == P_STREET || kind == P_DISTRICT;
			units += kind == P_UNIT;
			places += kind == P_PLACE || kind == P_DISTRICT;
			posts += kind == P_PLACE &&
			         has_digit(st->p + st->t[k].s, st->t[end - 1].e - st->t[k].s);
			last = end;
			if (stop || end + 1 >= st->nt)
				break;
			k = end + 1;
			kind = part_kind(c->ner, st, k, &end, &stop);
			if (kind == P_HOUSE)
				kind = P_PLACE;
			if (kind == P_NONE || end == k)
				break;
		}
		/* "8 The Green, Suite 4410, Dover, DE 19901": a house number
		 * without a street word needs a unit or a postcode, and a city */
		if (house && !((units || posts) && places > posts && parts >= 3))
			continue;
		if (!(streets && parts >= 2) && !(units && places) &&
		    !(streets && has_digit(st->p + st->t[t].s, st->t[last - 1].e - st->t[t].s)))
			continue;
		uint32_t s = st->t[t].s, e = st->t[last - 1].e;
		/* the sentence's period is not the address's ("..., China.") */
		if (!st->t[last - 1].word && st->p[e - 1] == '.' && last - 1 > t &&
		    (st->t[last - 2].e - st->t[last - 2].s > 3 ||
		     has_digit(st->p + st->t[last - 2].s, st->t[last - 2].e - st->t[last - 2].s)))
			e = st->t[last - 2].e;
		cg_entity_rec rec = CG_ENTITY_REC_INIT;
		cg_strbuf *b = &c->ner->tmp;
		if (ner_fold(b, st->p, s, e, SIZE_MAX))
			return fatal_nomem(c);
		cg_strbuf_reset(&c->val2);
		if (cg_norm_address(b->buf, b->len, &c->val2) == CG_ENOMEM)
			return fatal_nomem(c);
		rec.type = "address";
		rec.name = b->buf;
		if (ner_entity(c, NT_ADDRESS, &rec, c->val2.buf ? c->val2.buf : "", c->val2.len, s,
		               e, NULL) < 0)
			return c->rc;
		t = last - 1;
	}
	return c->rc;
}

/* ---- phone numbers in a national format ---- */

static const char *const phone_words[] = {"phone",   "telephone", "tel",      "mobile",  "cell",
                                          "fax",     "whatsapp",  "number",   "contact", "call",
                                          "hotline", "landline",  "cellphone"};

/* The end of a national phone number at p[i] (digits in groups separated by
 * one blank, '-' or '.', an area code in parentheses), or i; *nd gets its
 * digits. */
static uint32_t phone_span(const char *p, uint32_t i, uint32_t e, int *nd)
{
	uint32_t j = i, last = i;
	int groups = 0;

	*nd = 0;
	while (j < e) {
		int paren = p[j] == '(';
		uint32_t g = j + paren, k = g;
		while (k < e && is_digit(UC(p, k)))
			k++;
		if (k == g || k - g > 8 || (paren && (k >= e || p[k] != ')')))
			break;
		*nd += (int)(k - g);
		groups++;
		j = k + paren;
		last = j;
		if (j + 1 < e && (p[j] == ' ' || p[j] == '-' || p[j] == '.') &&
		    (is_digit(UC(p, j + 1)) || p[j + 1] == '('))
			j++;
		else if (paren && j < e && (is_digit(UC(p, j))))
			;
		else
			break;
	}
	if (last < e && (is_alnum(UC(p, last)) || p[last] == '@'))
		return i;
	return groups >= 1 ? last : i;
}

/* Words that make the number after them no phone, whatever follows. */
static const char *const not_phone_words[] = {
    "account",      "acct",    "routing",     "iban",   "card",     "passport",
    "registration", "case",    "invoice",     "order",  "tax",      "company",
    "licence",      "license", "certificate", "serial", "tracking", "reference"};

/* Whether p[i ..) is a North American number, "(NXX) NXX-XXXX": an area
 * code from 2 to 9 in parentheses (elsewhere they start with the trunk
 * prefix 0), whatever country the text is about. */
static int nanp_shape(const char *p, uint32_t i, uint32_t e)
{
	static const char shape[] = "(d) d-d";
	static const int digits[] = {3, 3, 4};
	size_t g = 0;
	if (i + 14 > e || p[i] != '(' || UC(p, i + 1) < '2' || UC(p, i + 1) > '9')
		return 0;
	for (const char *f = shape; *f; f++) {
		if (*f == 'd') {
			for (int k = 0; k < digits[g]; k++)
				if (!is_digit(UC(p, i++)))
					return 0;
			g++;
		} else if (p[i++] != *f)
			return 0;
	}
	return i == e || !is_alnum(UC(p, i));
}

static int find_phones(rctx *c, const nsent *st)
{
	for (size_t t = 0; t < st->nt && !c->rc; t++) {
		const wtok *w = &st->t[t];
		int nd, cue = 0;
		uint32_t e;
		if (!(is_digit(UC(st->p, w->s)) ||
		      (st->p[w->s] == '(' && w->s + 1 < st->e && is_digit(UC(st->p, w->s + 1)))))
			continue;
		if (w->s > 0 && (st->p[w->s - 1] == '+' || is_alnum(UC(st->p, w->s - 1))))
			continue;
		{
			/* the rest of an international number ("+1 (480) 555-0134") */
			uint32_t b = w->s;
			while (b > st->s && w->s - b < 16 &&
			       (is_digit(UC(st->p, b - 1)) || st->p[b - 1] == ' ' ||
			        st->p[b - 1] == '(' || st->p[b - 1] == ')'))
				b--;
			if (b > st->s && st->p[b - 1] == '+')
				continue;
		}
		for (size_t k = t; k > 0 && t - k < 5 && !cue; k--) {
			const char *q = st->p + st->t[k - 1].s;
			size_t ql = st->t[k - 1].e - st->t[k - 1].s;
			if (st->t[k - 1].word &&
			    in_list_fast(q, ql, not_phone_words, NELEM(not_phone_words)))
				break; /* "account number 4417-5550-1983" */
			cue = st->t[k - 1].word &&
			      in_list_fast(q, ql, phone_words, NELEM(phone_words));
			if (cue && k >= 2 && st->t[k - 2].word &&
			    in_list_fast(st->p + st->t[k - 2].s, st->t[k - 2].e - st->t[k - 2].s,
			                 not_phone_words, NELEM(not_phone_words)))
				cue = 0, k = 1; /* "account number": no phone, stop */
		}
		if (!cue && c->ner->row && t > 0 && wt_is(st, t - 1, "|") &&
		    whois_role_at(c, w->s) == WR_PHONE)
			cue = 1; /* a cell of a table's Phone column */
		if (!cue)
			continue;
		e = phone_span(st->p, w->s, st->e, &nd);
		if (e == w->s || nd < 7 || nd > 13 || ner_taken(c, w->s, e))
			continue;
		/* a date is no phone: 2023-10-12 */
		if (nd == 8 && e - w->s == 10 && st->p[w->s + 4] == '-')
			continue;
		const char *cc = ner_country(c, st, w->s);
		if (nanp_shape(st->p, w->s, st->e) && !(cc && strcmp(cc, "CA") == 0))
			cc = "US";
		cg_strbuf *v = &c->val2;
		cg_strbuf_reset(v);
		int rc = cg_norm_phone(st->p + w->s, e - w->s, cc, v);
		if (rc == CG_ENOMEM)
			return fatal_nomem(c);
		if (rc)
			continue;
		if (cc && strcmp(cc, "RU") == 0 && nd == 11 && st->p[w->s] == '8') {
			/* the Russian trunk prefix 8 */
			cg_strbuf_reset(v);
			if (cg_strbuf_printf(v, "+7%.*s", 0, ""))
				return fatal_nomem(c);
			for (uint32_t k = w->s + 1; k < e; k++)
				if (is_digit(UC(st->p, k)) && cg_strbuf_putc(v, st->p[k]))
					return fatal_nomem(c);
		}
		cg_entity_rec rec = CG_ENTITY_REC_INIT;
		rec.type = "phone";
		rec.name = cg_strbuf_cstr(v);
		if (!rec.name)
			return fatal_nomem(c);
		if (ner_entity(c, NT_PHONE, &rec, v->buf, v->len, w->s, e, NULL) < 0)
			return c->rc;
		while (t + 1 < st->nt && st->t[t + 1].s < e)
			t++;
	}
	return c->rc;
}

/* ---- banks, accounts, SWIFT codes ---- */

/* The bank the sentence names ("Bank of Dandong", "Foreign Trade Bank",
 * "Hana Banking Corporation"): its words' span in *s, *e; 0 when none. */
static int bank_name(const nsent *st, uint32_t *s, uint32_t *e)
{
	for (size_t t = 0; t < st->nt; t++) {
		const wtok *w = &st->t[t];
		size_t a, z;
		if (!w->cap || !(wt_is(st, t, "bank") || wt_is(st, t, "banking") ||
		                 (wt_is(st, t, "union") && t > 0 && wt_is(st, t - 1, "credit"))))
			continue;
		a = z = t;
		while (a > 0 && st->t[a - 1].word && st->t[a - 1].cap && t - a < 4 &&
		       !wt_is(st, a - 1, "the"))
			a--;
		if (t + 2 < st->nt && wt_is(st, t + 1, "of") && st->t[t + 2].cap) {
			z = t + 2;
			while (z + 1 < st->nt && st->t[z + 1].word && st->t[z + 1].cap && z - t < 4)
				z++;
		} else if (t + 1 < st->nt &&
		           (wt_is(st, t + 1, "corporation") || wt_is(st, t + 1, "limited") ||
		            wt_is(st, t + 1, "ltd"))) {
			z = t + 1;
		}
		if (a == t && z == t)
			continue;
		*s = st->t[a].s;
		*e = st->t[z].e;
		return 1;
	}
	return 0;
}

/* Whether s[0..n) is a SWIFT/BIC code: 4 letters, a country code, 2
 * letters or digits, and optionally 3 more. */
static int swift_code(const char *s, size_t n)
{
	char cc[3] = {0};
	if (n != 8 && n != 11)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (i < 6 ? !is_upper(UC(s, i)) : !(is_upper(UC(s, i)) || is_digit(UC(s, i))))
			return 0;
	cc[0] = s[4];
	cc[1] = s[5];
	for (size_t i = 0; i < cg_countries_count; i++)
		if (strcmp(cg_countries[i].alpha2, cc) == 0)
			return 1;
	return 0;
}

/* Adds the properties to entity id (of this report). */
static int add_props(rctx *c, cg_eid id, const cg_prop *props, size_t np)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_eid out;
	int rc;
	rec.type = cg_entity_type_name(c->in->g, id);
	rec.id = cg_entity_id(c->in->g, id);
	rec.name = cg_entity_name(c->in->g, id);
	rec.props = props;
	rec.n_props = np;
	rc = add_entity(c, &rec, &out);
	return rc < 0 ? rc : 0;
}

/* The SWIFT code of a bank that the sentence names as a company ("Wind
 * River Bank", "Bank, N.A."): a property of that company. */
static int swift_to_company(rctx *c, uint32_t bs, uint32_t be, const cg_prop *props, size_t np)
{
	const ner *n = c->ner;
	for (size_t i = 0; i < n->nents; i++) {
		const nent *d = &n->ents[i];
		if (d->nt == NT_COMPANY && !d->virt && bs < d->e && d->s < be)
			return add_props(c, d->id, props, np);
	}
	return 0;
}

/* Whether a SWIFT cue ends at word k - 1: "SWIFT", "BIC", "bank
 * identifier code". */
static int swift_cue(const nsent *st, size_t k)
{
	return wt_is(st, k - 1, "swift") || wt_is(st, k - 1, "bic") ||
	       (k >= 2 && wt_is(st, k - 1, "code") && wt_is(st, k - 2, "identifier"));
}

/* Whether word t is a cell of a table's SWIFT or BIC column. */
static int swift_cell(const rctx *c, const nsent *st, size_t t)
{
	return c->ner->row && whois_role_at(c, st->t[t].s) == WR_SWIFT;
}

/* A SWIFT code with its cue in a sentence that names no bank ("- SWIFT:
 * X" on a line of its own, "(IBAN ..., SWIFT X)"): the swift property of
 * the closest account before it in the paragraph (the bank that holds the
 * account has that code). None when no account precedes it. */
static int swift_alone(rctx *c, const nsent *st)
{
	const ner *n = c->ner;
	for (size_t t = 0; t < st->nt; t++) {
		const wtok *w = &st->t[t];
		int cue = 0;
		const nent *acct = NULL;
		char sw[12] = {0};
		cg_prop prop = {"swift", sw};
		if (!swift_code(st->p + w->s, w->e - w->s))
			continue;
		for (size_t k = t; k > 0 && t - k < 4 && !cue; k--)
			cue = swift_cue(st, k);
		if (!cue && !swift_cell(c, st, t))
			continue;
		for (size_t i = 0; i < n->ninds; i++)
			if (n->inds[i].nt == NT_ACCOUNT && n->inds[i].e <= w->s)
				acct = &n->inds[i];
		if (!acct)
			return 0;
		memcpy(sw, st->p + w->s, w->e - w->s);
		return add_props(c, acct->id, &prop, 1);
	}
	return 0;
}

/* Whether word t is a phone word ("phone number", "contact number"). */
static int word_is_phone(const nsent *st, size_t t)
{
	return st->t[t].word && in_list(st->p + st->t[t].s, st->t[t].e - st->t[t].s, phone_words,
	                                NELEM(phone_words));
}

static int find_accounts(rctx *c, const nsent *st)
{
	uint32_t bs = 0, be = 0, as = 0, ae = 0;
	const char *swift = NULL;
	size_t swift_len = 0;
	cg_strbuf bank = CG_STRBUF_INIT;
	int rc = 0;

	if (!bank_name(st, &bs, &be))
		return swift_alone(c, st);
	for (size_t t = 0; t < st->nt; t++) {
		const wtok *w = &st->t[t];
		size_t n = w->e - w->s;
		int cue = 0;
		for (size_t k = t; k > 0 && t - k < 4 && !cue; k--)
			cue = swift_cue(st, k);
		cue |= swift_cell(c, st, t);
		if (cue && !swift && swift_code(st->p + w->s, n)) {
			swift = st->p + w->s;
			swift_len = n;
			continue;
		}
		cue = 0;
		for (size_t k = t; k > 0 && t - k < 4 && !cue; k--)
			cue = wt_is(st, k - 1, "account") || wt_is(st, k - 1, "acct") ||
			      wt_is(st, k - 1, "a/c");
		/* "account at X Bank, number 7700 3195 2284" */
		if (!cue && t > 1 && (wt_is(st, t - 1, "number") || wt_is(st, t - 1, "no")) &&
		    !word_is_phone(st, t - 2))
			for (size_t k = t - 1; k > 0 && t - k < 10 && !cue; k--)
				cue = wt_is(st, k - 1, "account");
		if (cue && !as && is_digit(UC(st->p, w->s)) && !ner_taken(c, w->s, w->e) &&
		    !(t > 0 && st->t[t - 1].word && st->t[t - 1].e + 1 == w->s &&
		      st->t[t - 1].e - st->t[t - 1].s == 4 &&
		      (st->t[t - 1].cap == 2 ||
		       has_digit(st->p + st->t[t - 1].s, 4)))) { /* an IBAN's tail in groups */
			size_t digits = 0, other = 0, z = t;
			uint32_t e = w->e;
			for (uint32_t k = w->s; k < w->e; k++)
				digits += is_digit(UC(st->p, k)),
				    other += !is_digit(UC(st->p, k)) && st->p[k] != '-';
			/* written in groups of 3 or 4 digits, one blank apart */
			while (!other && n >= 3 && n <= 4 && z + 1 < st->nt &&
			       st->t[z + 1].s == st->t[z].e + 1 &&
			       st->t[z + 1].e - st->t[z + 1].s >= 3 &&
			       st->t[z + 1].e - st->t[z + 1].s <= 4 &&
			       is_digit(UC(st->p, st->t[z + 1].s)) &&
			       is_digit(UC(st->p, st->t[z + 1].e - 1))) {
				z++;
				digits += st->t[z].e - st->t[z].s;
				e = st->t[z].e;
			}
			/* 7 digits right after "account No." (Japanese accounts) */
			if (digits == 7 && !other && t >= 2 &&
			    (wt_is(st, t - 1, "number") ||
			     (wt_is(st, t - 1, ".") && wt_is(st, t - 2, "no"))))
				digits = 8;
			if (digits >= 8 && digits <= 20 && !other)
				as = w->s, ae = e;
		}
	}
	if (!swift && !as)
		return 0;
	{
		cg_entity_rec rec = CG_ENTITY_REC_INIT;
		cg_prop props[3];
		size_t np = 0;
		char sw[12] = {0};
		if (swift)
			memcpy(sw, swift, swift_len);
		if (cg_strbuf_append(&bank, st->p + bs, be - bs) || !cg_strbuf_cstr(&bank)) {
			rc = fatal_nomem(c);
			goto out;
		}
		if (swift)
			props[np].name = "swift", props[np++].value = sw;
		rec.type = "organization";
		rec.name = bank.buf;
		rec.props = props;
		rec.n_props = np;
		cg_strbuf_reset(&c->val2);
		if (cg_norm_text(bank.buf, bank.len, &c->val2) == CG_ENOMEM) {
			rc = fatal_nomem(c);
			goto out;
		}
		if (!ner_taken(c, bs, be) &&
		    (rc = ner_entity(c, NT_BANK, &rec, c->val2.buf ? c->val2.buf : "", c->val2.len,
		                     bs, be, NULL)) < 0)
			goto out;
		if (swift && (rc = swift_to_company(c, bs, be, props, np)) < 0)
			goto out;
		if (as) {
			cg_strbuf num = CG_STRBUF_INIT;
			for (uint32_t k = as; k < ae; k++)
				if (is_digit(UC(st->p, k)) && cg_strbuf_putc(&num, st->p[k]))
					rc = CG_ENOMEM;
			if (rc || !cg_strbuf_cstr(&num)) {
				cg_strbuf_free(&num);
				rc = fatal_nomem(c);
				goto out;
			}
			np = 0;
			props[np].name = "account_number", props[np++].value = num.buf;
			props[np].name = "bank", props[np++].value = bank.buf;
			if (swift)
				props[np].name = "swift", props[np++].value = sw;
			rec = (cg_entity_rec)CG_ENTITY_REC_INIT;
			rec.type = "bank_account";
			rec.name = num.buf;
			rec.props = props;
			rec.n_props = np;
			cg_strbuf_reset(&c->val2);
			if (cg_strbuf_printf(&c->val2, "%s:%s", bank.buf, num.buf))
				rc = fatal_nomem(c);
			else
				rc = ner_entity(c, NT_ACCOUNT, &rec, c->val2.buf, c->val2.len, as,
				                ae, NULL);
			cg_strbuf_free(&num);
		}
	}
out:
	cg_strbuf_free(&bank);
	return rc < 0 ? rc : 0;
}

int find_places(rctx *c, const nsent *st)
{
	/* accounts before phones: "account at X Bank, number 7700 3195 2284"
	 * is no phone number */
	if (find_addresses(c, st) < 0 || (!st->heading && find_accounts(c, st) < 0))
		return c->rc;
	return find_phones(c, st);
}
