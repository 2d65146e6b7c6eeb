/* The report importer's second layer: the summary template that report
 * generators write ("# Threat Actor: NAME", "## Targeting", "- **Sectors:**
 * ...", docs/REPORTS.md, "Layer 2"), read from each line's structure
 * (headings, bullets, labels), and the report's own title, publisher and
 * year (front matter, first heading, copyright notice). */
#include "report_internal.h"

#include "cg_normalize.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_ITEM 160 /* bytes of a list item taken as a name */

/* ---- words, labels and list items ---- */

/* Normalised, singular words of s[0..n) into out ("Tactics, Techniques &
 * Procedures" -> "tactic technique and procedure"). */
static int key_words(const char *s, size_t n, cg_strbuf *out)
{
	cg_strbuf_reset(out);
	for (size_t i = 0; i < n;) {
		if (s[i] == '&') {
			if ((out->len && cg_strbuf_putc(out, ' ')) || cg_strbuf_puts(out, "and"))
				return CG_ENOMEM;
			i++;
			continue;
		}
		if (!is_alnum(UC(s, i))) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && is_alnum(UC(s, j)))
			j++;
		size_t l = j - i;
		if (l >= 3 && (s[j - 1] | 32) == 's' && (s[j - 2] | 32) != 's' &&
		    (s[j - 2] | 32) != 'i' && (s[j - 2] | 32) != 'u')
			l--;
		if (out->len && cg_strbuf_putc(out, ' '))
			return CG_ENOMEM;
		for (size_t k = 0; k < l; k++)
			if (cg_strbuf_putc(out, (char)to_lower(UC(s, i + k))))
				return CG_ENOMEM;
		i = j;
	}
	return 0;
}

/* Whether the phrase w occurs in words at a word start. */
static int has_word(const cg_strbuf *words, const char *w)
{
	const char *t = cg_strbuf_cstr(words);
	size_t l = strlen(w);

	for (const char *p = strstr(t, w); p; p = strstr(p + 1, w))
		if ((p == t || p[-1] == ' ') && l)
			return 1;
	return 0;
}

static enum section section_of(const cg_strbuf *words)
{
	for (size_t i = 0; i < section_words_count; i++)
		if (has_word(words, section_words[i].word))
			return section_words[i].sec;
	return SEC_NONE;
}

static enum label label_of(const cg_strbuf *words)
{
	for (size_t i = 0; i < label_words_count; i++)
		if (has_word(words, label_words[i].word))
			return label_words[i].lbl;
	return LBL_OTHER;
}

/* Whether text starts with a phrase that means "nothing". */
static int none_phrase(rctx *c, const char *s, size_t n)
{
	const char *w;

	if (cg_norm_text(s, n, &c->tmp))
		return 0;
	w = cg_strbuf_cstr(&c->tmp);
	if (!*w)
		return 1;
	for (size_t i = 0; i < none_phrases_count; i++) {
		size_t l = strlen(none_phrases[i]);
		if (strncmp(w, none_phrases[i], l) == 0 && (w[l] == ' ' || w[l] == '\0'))
			return 1;
	}
	return 0;
}

/* Strips Markdown emphasis and blanks from both ends. */
static void strip_md(const char **s, size_t *n)
{
	const char *p = *s;
	size_t l = *n;

	while (l && (is_space(UC(p, 0)) || p[0] == '*' || p[0] == '_' || p[0] == '`'))
		p++, l--;
	while (l &&
	       (is_space(UC(p, l - 1)) || p[l - 1] == '*' || p[l - 1] == '_' || p[l - 1] == '`'))
		l--;
	*s = p;
	*n = l;
}

/* Splits "Label: value" (the label possibly bold: "**Label:** value",
 * "**Label**: value"). Returns 1 with the parts, 0 without a label. */
static int split_label(const char *s, size_t n, const char **lab, size_t *ll, const char **val,
                       size_t *vl)
{
	size_t colon = 0;
	int words = 1;
	const char *p;

	for (colon = 0; colon < n && colon < 100; colon++) {
		if (s[colon] == ':')
			break;
		if (s[colon] == ' ')
			words++;
	}
	if (colon >= n || colon >= 100 || words > 9)
		return 0;
	if (colon + 2 < n && s[colon + 1] == '/' && s[colon + 2] == '/')
		return 0; /* a URL, not a label */
	p = s;
	*ll = colon;
	strip_md(&p, ll);
	if (!*ll)
		return 0;
	*lab = p;
	*val = s + colon + 1;
	*vl = n - colon - 1;
	strip_md(val, vl);
	return 1;
}

/* Removes "(...)" and "[...]" asides (and the blank before them) from s
 * into out. */
static int drop_asides(const char *s, size_t n, cg_strbuf *out)
{
	int depth = 0;

	cg_strbuf_reset(out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '(' || s[i] == '[') {
			if (depth++ == 0)
				while (out->len && out->buf[out->len - 1] == ' ')
					out->buf[--out->len] = '\0';
			continue;
		}
		if ((s[i] == ')' || s[i] == ']') && depth) {
			depth--;
			continue;
		}
		if (!depth && cg_strbuf_putc(out, s[i]))
			return CG_ENOMEM;
	}
	return 0;
}

/* Word i of an item: its start and length ("word" = a run without blanks). */
static size_t next_word(const char *s, size_t n, size_t *i, size_t *len)
{
	while (*i < n && s[*i] == ' ')
		(*i)++;
	size_t b = *i;
	while (*i < n && s[*i] != ' ')
		(*i)++;
	*len = *i - b;
	return b;
}

/* Word with the punctuation at its ends stripped, lower-cased into buf. */
static size_t word_key(const char *w, size_t l, char *buf, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < l && k + 1 < cap; i++)
		if (is_alnum(UC(w, i)) || UC(w, i) >= 0x80 || w[i] == '&')
			buf[k++] = (char)to_lower(UC(w, i));
	buf[k] = '\0';
	return k;
}

enum item_kind { IT_SECTOR, IT_MALWARE, IT_VICTIM };

/* Checks and cleans one list item in place (s, n): lead words dropped,
 * tails dropped; 1 when it names something of its kind. */
static int item_ok(rctx *c, enum item_kind kind, const char **s, size_t *n)
{
	char key[64];
	const char *p = *s;
	size_t l = *n, i, wl, words = 0;

	trim_name(&p, &l);
	/* lead words */
	for (;;) {
		int dropped = 0;
		for (size_t k = 0; k < lead_words_count && !dropped; k++) {
			size_t ll = strlen(lead_words[k]);
			if (l > ll + 1 && strncasecmp(p, lead_words[k], ll) == 0 && p[ll] == ' ') {
				p += ll + 1;
				l -= ll + 1;
				trim_name(&p, &l);
				dropped = 1;
			}
		}
		if (!dropped)
			break;
	}
	if (!l || l > MAX_ITEM || none_phrase(c, p, l))
		return 0;
	for (size_t k = 0; k < l; k++)
		if (p[k] == '_' || p[k] == '@' || p[k] == '/' || p[k] == '\\' || p[k] == '`' ||
		    (p[k] == '.' && k + 1 < l && is_alnum(UC(p, k + 1)) && k > 0 &&
		     is_alnum(UC(p, k - 1)) && kind != IT_MALWARE))
			return 0; /* a file name, handle or path, not a name */
	const char *const *tails = kind == IT_SECTOR ? sector_tails : malware_tails;
	size_t ntails = kind == IT_SECTOR ? sector_tails_count : malware_tails_count;
	if (kind != IT_VICTIM)
		for (;;) {
			size_t sp = l;
			while (sp && p[sp - 1] != ' ')
				sp--;
			if (!sp)
				break;
			word_key(p + sp, l - sp, key, sizeof key);
			if (!in_list(key, strlen(key), tails, ntails))
				break;
			l = sp - 1;
			trim_name(&p, &l);
		}
	if (!l)
		return 0;
	int has_letter = 0, all_marked = 1, all_caps_words = 1;
	for (i = 0; i < l;) {
		size_t b = next_word(p, l, &i, &wl);
		if (!wl)
			break;
		size_t kl = word_key(p + b, wl, key, sizeof key);
		words++;
		if (words == 1) {
			if (in_list(key, kl, generic_first, generic_first_count))
				return 0;
			if (kind == IT_MALWARE &&
			    in_list(key, kl, malware_generic, malware_generic_count))
				return 0;
			if (kind == IT_VICTIM &&
			    in_list(key, kl, victim_generic, victim_generic_count))
				return 0;
		}
		if (in_list(key, kl, phrase_words, phrase_words_count))
			return 0;
		int marked = 0,
		    capital = is_upper(UC(p, b)) || is_digit(UC(p, b)) || UC(p, b) >= 0x80;
		for (size_t k = b; k < b + wl; k++) {
			has_letter |= is_alpha(UC(p, k)) || UC(p, k) >= 0x80;
			marked |= is_upper(UC(p, k)) || is_digit(UC(p, k));
		}
		if (!marked && !in_list(key, kl, name_glue, name_glue_count))
			all_marked = 0;
		if (!capital && !in_list(key, kl, name_glue, name_glue_count))
			all_caps_words = 0;
	}
	if (!has_letter || words == 0)
		return 0;
	switch (kind) {
	case IT_SECTOR:
		if (words > 5)
			return 0;
		break;
	case IT_MALWARE:
		if (words > 4 || !all_marked)
			return 0;
		break;
	case IT_VICTIM:
		if (words > 6 || !all_caps_words || !(is_upper(UC(p, 0)) || is_digit(UC(p, 0))))
			return 0;
		if (cg_norm_country(p, l, &c->tmp) == 0)
			return 0; /* a country: the country layer takes it */
		break;
	}
	*s = p;
	*n = l;
	return 1;
}

/* ---- names taken from the template: through the gazetteer, or new ---- */

enum { GZ_ACTOR, GZ_SECTOR, GZ_MALWARE, GZ_VICTIM };

/* Whether a gazetteer entity of type t may stand for a name of this role. */
static int gazetteer_type_ok(const rctx *c, cg_eid ge, int role)
{
	cg_entity_type t = cg_entity_type_of(c->gazg, ge);
	const char *name = cg_entity_type_name(c->gazg, ge);

	switch (role) {
	case GZ_ACTOR:
		return t == CG_ET_THREAT_ACTOR || t == CG_ET_ORGANIZATION || t == CG_ET_COMPANY ||
		       t == CG_ET_PERSON;
	case GZ_SECTOR:
		return t == CG_ET_SECTOR;
	case GZ_MALWARE:
		return t == CG_ET_MALWARE || strcmp(name, "tool") == 0;
	default:
		return t == CG_ET_COMPANY || t == CG_ET_ORGANIZATION || t == CG_ET_PERSON;
	}
}

/* The gazetteer entity a whole name stands for in this role, if any. */
/* What gazetteer_lookup looks for. */
typedef struct lookup_ctx {
	const rctx *c;
	int role; /* GZ_* */
	cg_eid *out;
} lookup_ctx;

/* A pattern equal to the whole name: its entity is taken when its type
 * fits the role. */
static int on_whole_name(void *ctx, const aho_match *m)
{
	lookup_ctx *l = ctx;

	if (!gazetteer_type_ok(l->c, m->payload, l->role))
		return 0;
	*l->out = m->payload;
	return 1;
}

static int gazetteer_lookup(rctx *c, const char *name, size_t n, int role, cg_eid *out)
{
	int rc = normalise(&c->nm, name, n, 1);
	lookup_ctx l = {c, role, out};

	if (rc || !c->gaz || c->nm.nt == 0)
		return 0;
	return aho_lookup(c->gaz, c->nm.out.buf, c->nm.out.len, on_whole_name, &l);
}

/* Sectors, malware or victims named by a list value. */
static int take_items(rctx *c, enum item_kind kind, const char *s, size_t n, int sub)
{
	static const char *const types[] = {"sector", "malware", "organization"};
	cg_strbuf *v = &c->val2;
	int rc;

	if (none_phrase(c, s, n))
		return 0;
	if (sub) {
		/* a sub-bullet: "**BeaverTail** - a JavaScript stealer": the name
		 * comes before the description */
		static const char *const seps[] = {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", ": ",
		                                   " ("};
		size_t cut = n;
		for (size_t k = 0; k < NELEM(seps); k++) {
			const char *p = NULL;
			size_t sl = strlen(seps[k]);
			for (size_t i = 0; i + sl <= n; i++)
				if (memcmp(s + i, seps[k], sl) == 0) {
					p = s + i;
					break;
				}
			if (p && (size_t)(p - s) < cut)
				cut = (size_t)(p - s);
		}
		n = cut;
	}
	if (drop_asides(s, n, v))
		return fatal_nomem(c);
	const char *t = cg_strbuf_cstr(v);
	size_t tn = v->len;
	for (size_t i = 0; i <= tn;) {
		size_t j = i;
		/* items end at ',' ';' (and, for malware, " and " / " or " / " & ") */
		while (j < tn && t[j] != ',' && t[j] != ';') {
			if (kind == IT_MALWARE && j > i &&
			    (strncmp(t + j, " and ", 5) == 0 || strncmp(t + j, " or ", 4) == 0 ||
			     strncmp(t + j, " & ", 3) == 0))
				break;
			j++;
		}
		const char *it = t + i;
		size_t il = j - i;
		if (item_ok(c, kind, &it, &il)) {
			cg_entity_rec rec = CG_ENTITY_REC_INIT;
			static const char *const victim_role[] = {"victim"};
			cg_eid e, ge;
			cg_strbuf_reset(&c->item);
			if (cg_strbuf_append(&c->item, it, il))
				return fatal_nomem(c);
			rec.type = types[kind];
			rec.name = c->item.buf;
			if (kind == IT_VICTIM) {
				rec.roles = victim_role;
				rec.n_roles = 1;
			}
			if (c->gaz && gazetteer_lookup(c, it, il,
			                               kind == IT_MALWARE  ? GZ_MALWARE
			                               : kind == IT_SECTOR ? GZ_SECTOR
			                                                   : GZ_VICTIM,
			                               &ge)) {
				/* a known entity: the gazetteer's, so that it merges */
				rc = add_gazetteer_entity(c, ge,
				                          kind == IT_VICTIM ? "victim" : NULL, &e);
			} else {
				rc = report_entity_add(c, c->item.buf, c->item.len, &rec, &e);
			}
			if (rc < 0)
				return rc;
			if (!rc) {
				if ((rc = mention(c, e, 0)) < 0)
					return rc;
				if (c->have_actor &&
				    (rc = report_link(c, kind == IT_MALWARE ? "uses" : "targets",
				                      c->actor, e, 0)) < 0)
					return rc;
			}
		}
		if (j >= tn)
			break;
		if (t[j] == ',' || t[j] == ';')
			i = j + 1;
		else
			i = j + (t[j + 1] == 'a' ? 5 : t[j + 1] == 'o' ? 4 : 3);
	}
	return 0;
}

/* "# Threat Actor: NAME": the actor of the sections that follow. A
 * parenthesis opening with "aka" or "also known as" gives aliases. */
static int take_actor(rctx *c, const char *s, size_t n)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	const char *aliases[16];
	size_t na = 0, nl = n;
	cg_eid e, ge;
	int rc;

	strip_md(&s, &n);
	trim_name(&s, &n);
	if (!n || none_phrase(c, s, n))
		return 0;
	nl = n;
	cg_strbuf_reset(&c->val2);
	const char *par = memchr(s, '(', n);
	if (par && s[n - 1] == ')') {
		const char *in = par + 1;
		size_t il = (size_t)(s + n - 1 - in);
		static const char *const aka[] = {"aka ", "a.k.a. ", "also known as ",
		                                  "also tracked as ", "aka: "};
		for (size_t k = 0; k < NELEM(aka); k++) {
			size_t l = strlen(aka[k]);
			if (il > l && strncasecmp(in, aka[k], l) == 0) {
				/* aliases, comma-separated, kept in val2 NUL-separated */
				if (cg_strbuf_append(&c->val2, in + l, il - l))
					return fatal_nomem(c);
				nl = (size_t)(par - s);
				break;
			}
		}
	}
	if (c->val2.len) {
		char *p = c->val2.buf;
		for (char *q = p;; q++) {
			if (*q == ',' || *q == ';' || *q == '/' || *q == '\0') {
				int end = *q == '\0';
				*q = '\0';
				const char *a = p;
				size_t al = strlen(p);
				trim_name(&a, &al);
				if (al && na < NELEM(aliases)) {
					((char *)a)[al] = '\0';
					aliases[na++] = a;
				}
				if (end)
					break;
				p = q + 1;
			}
		}
	}
	while (nl && s[nl - 1] == ' ')
		nl--;
	cg_strbuf_reset(&c->item);
	if (cg_strbuf_append(&c->item, s, nl))
		return fatal_nomem(c);
	if (c->gaz && (gazetteer_lookup(c, s, n, GZ_ACTOR, &ge) ||
	               gazetteer_lookup(c, s, nl, GZ_ACTOR, &ge))) {
		if ((rc = add_gazetteer_entity(c, ge, NULL, &e)))
			return rc < 0 ? rc : 0;
		if (strcmp(c->item.buf, cg_entity_name(c->gazg, ge)) != 0 || na) {
			/* the report's own spelling becomes an alias */
			rec.type = cg_entity_type_name(c->gazg, ge);
			rec.name = c->item.buf;
			rec.aliases = aliases;
			rec.n_aliases = na;
			size_t nk = 0;
			const char *v;
			cg_iter it = cg_entity_keys(c->gazg, ge);
			while (cg_iter_next_str(c->gazg, &it, &v)) {
				if (grow_ptrs(&c->keys, &c->capkeys, nk + 1))
					return fatal_nomem(c);
				c->keys[nk++] = v;
			}
			rec.keys = nk ? c->keys : NULL;
			rec.n_keys = nk;
			if ((rc = add_entity(c, &rec, &e)))
				return rc < 0 ? rc : 0;
		}
	} else {
		rec.type = "threat_actor";
		rec.name = c->item.buf;
		rec.aliases = aliases;
		rec.n_aliases = na;
		if ((rc = add_entity(c, &rec, &e)))
			return rc < 0 ? rc : 0;
	}
	c->actor = e;
	c->have_actor = 1;
	return mention(c, e, 0) < 0 ? c->rc : 0;
}

/* ---- the report's title, publisher and year ---- */

/* "© 2024 TechCrunch. All rights reserved.": the publisher and the year,
 * into pub and year (each left empty when absent). 1 when the line has a
 * copyright notice, 0 when not, < 0 out of memory. */
static int parse_copyright(const char *s, size_t n, cg_strbuf *pub_out, char year[5])
{
	size_t i, p0;

	year[0] = '\0';
	cg_strbuf_reset(pub_out);
	for (i = 0; i < n; i++) {
		if (i + 1 < n && UC(s, i) == 0xC2 && UC(s, i + 1) == 0xA9) {
			i += 2;
			break;
		}
		if (i + 3 <= n && s[i] == '(' && (s[i + 1] | 32) == 'c' && s[i + 2] == ')' &&
		    i + 3 < n && s[i + 3] == ' ') {
			i += 3;
			break;
		}
		if (i + 9 <= n && strncasecmp(s + i, "copyright", 9) == 0 && open_at(s, i) &&
		    close_at(s, i + 9, n)) {
			i += 9;
			while (i < n && s[i] == ' ')
				i++;
			if (i + 1 < n && UC(s, i) == 0xC2 && UC(s, i + 1) == 0xA9)
				i += 2;
			else if (i + 3 <= n && s[i] == '(' && (s[i + 1] | 32) == 'c' &&
			         s[i + 2] == ')')
				i += 3;
			break;
		}
	}
	if (i >= n)
		return 0;
	/* years: "2024", "2019-2024", "2019, 2024" */
	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '-' || UC(s, i) == 0xE2))
			i += UC(s, i) == 0xE2 ? 3 : 1; /* en dash */
		if (i + 4 <= n && (s[i] == '1' || s[i] == '2') && is_digit(UC(s, i + 1)) &&
		    is_digit(UC(s, i + 2)) && is_digit(UC(s, i + 3)) && close_at(s, i + 4, n)) {
			memcpy(year, s + i, 4);
			year[4] = '\0';
			i += 4;
			continue;
		}
		break;
	}
	if (i + 3 <= n && strncasecmp(s + i, "by ", 3) == 0)
		i += 3;
	p0 = i;
	while (i < n && s[i] != ',' && s[i] != ';' && s[i] != '|' && s[i] != '(' &&
	       !(s[i] == '.' && (i + 1 == n || s[i + 1] == ' ')) &&
	       !(i + 10 <= n && strncasecmp(s + i, "all rights", 10) == 0) &&
	       !(i + 3 <= n && strncmp(s + i, " - ", 3) == 0)) {
		if (!year[0] && i + 4 <= n && (s[i] == '1' || s[i] == '2') &&
		    is_digit(UC(s, i + 1)) && is_digit(UC(s, i + 2)) && is_digit(UC(s, i + 3)) &&
		    open_at(s, i) && close_at(s, i + 4, n)) {
			memcpy(year, s + i, 4);
			break;
		}
		i++;
	}
	const char *pub = s + p0;
	size_t pl = i - p0;
	trim_name(&pub, &pl);
	int letter = 0, words = 1;
	for (size_t k = 0; k < pl; k++) {
		letter |= is_alpha(UC(pub, k));
		words += pub[k] == ' ';
	}
	if (!letter || pl > 80 || words > 8)
		pl = 0;
	if (!pl && !year[0])
		return 0;
	if (pl && cg_strbuf_append(pub_out, pub, pl))
		return CG_ENOMEM;
	return 1;
}

/* Looks at one line for the report's metadata: YAML front matter (title,
 * publisher), the first level-1 heading or "Title:" line (title), the first
 * copyright notice (publisher, year). Sets only what is still unknown.
 * 0 or CG_ENOMEM. */
static int meta_line(rctx *c, const char *s, size_t n, long line)
{
	const char *lab, *val;
	size_t ll, vl;

	if (line == 1 && n == 3 && memcmp(s, "---", 3) == 0) {
		c->m_front = 1;
		return 0;
	}
	if (c->m_front == 1) {
		if (n >= 3 && memcmp(s, "---", 3) == 0) {
			c->m_front = 2;
			return 0;
		}
		if (split_label(s, n, &lab, &ll, &val, &vl) && vl) {
			trim_name(&val, &vl);
			if (eq_nocase(lab, ll, "title") && !c->m_title.len)
				return cg_strbuf_append(&c->m_title, val, vl);
			if ((eq_nocase(lab, ll, "publisher") || eq_nocase(lab, ll, "source")) &&
			    !c->m_pub.len)
				return cg_strbuf_append(&c->m_pub, val, vl);
			if ((eq_nocase(lab, ll, "date") || eq_nocase(lab, ll, "published")) &&
			    !c->m_date.len && vl <= 40)
				return cg_strbuf_append(&c->m_date, val, vl);
		}
		return 0;
	}
	if (!c->m_title.len) {
		const char *t = s;
		size_t tn = n;
		while (tn && (*t == ' ' || *t == '\t'))
			t++, tn--;
		if (tn > 2 && (t[0] == '#' || t[0] == '=') && t[1] == ' ') {
			t += 2, tn -= 2;
			while (tn && (t[tn - 1] == '#' || t[tn - 1] == '=' || t[tn - 1] == ' '))
				tn--;
			strip_md(&t, &tn);
			if (tn)
				return cg_strbuf_append(&c->m_title, t, tn);
		} else if (split_label(t, tn, &lab, &ll, &val, &vl) && vl &&
		           eq_nocase(lab, ll, "title")) {
			trim_name(&val, &vl);
			return cg_strbuf_append(&c->m_title, val, vl);
		}
	}
	/* the AsciiDoc author line under the title: "Eastwind Security
	 * <research@eastwind-sec.example>" */
	if (line == 2 && c->m_title.len && !c->m_pub.len && n > 3 && s[n - 1] == '>') {
		const char *lt = memchr(s, '<', n);
		if (lt && lt > s + 1 && lt[-1] == ' ' && memchr(lt, '@', (size_t)(s + n - lt))) {
			size_t pl = (size_t)(lt - s) - 1;
			while (pl && s[pl - 1] == ' ')
				pl--;
			if (pl && pl <= 80)
				return cg_strbuf_append(&c->m_pub, s, pl);
		}
	}
	if (!c->m_pub.len && !c->m_year[0]) {
		int rc = parse_copyright(s, n, &c->m_pub, c->m_year);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Reads ahead the first META_BYTES of the file for the metadata, then goes
 * back to its start. 0, or CG_EIO / CG_ENOMEM. */
int read_meta(rctx *c, FILE *f)
{
	char *buf = malloc(META_BYTES);
	size_t n, pos = 0;
	long line = 0;
	int rc = 0;

	if (!buf)
		return fatal_nomem(c);
	n = fread(buf, 1, META_BYTES, f);
	while (pos < n && !rc) {
		char *nl = memchr(buf + pos, '\n', n - pos);
		size_t len;
		if (!nl && n == META_BYTES)
			break; /* a line cut by the read-ahead: the main pass sees it */
		len = nl ? (size_t)(nl - (buf + pos)) : n - pos;
		char *l = buf + pos;
		line++;
		pos += len + 1;
		if (line == 1 && len >= 3 && memcmp(l, "\xEF\xBB\xBF", 3) == 0)
			l += 3, len -= 3;
		if (len && l[len - 1] == '\r')
			len--;
		if (!memchr(l, '\0', len) && cg_utf8_valid(l, len))
			rc = meta_line(c, l, len, line);
	}
	c->meta_lines = line;
	free(buf);
	if (rc)
		return fatal_nomem(c);
	if (ferror(f) || fseek(f, 0, SEEK_SET))
		return c->rc = cg_error_set(c->in->err, CG_EIO, c->in->path, 0, 0, "read error: %s",
		                            strerror(errno));
	return 0;
}

/* Metadata on a line past the read-ahead: merged into the report entity. */
int late_meta(rctx *c, const char *s, size_t n)
{
	int t = c->m_title.len != 0, p = c->m_pub.len != 0, y = c->m_year[0] != 0;

	if (meta_line(c, s, n, c->line))
		return fatal_nomem(c);
	if ((!t && c->m_title.len) || (!p && c->m_pub.len) || (!y && c->m_year[0]))
		return report_entity(c, !t, !p, !y);
	return 0;
}

/* ---- a line's structure ---- */

/* YAML front matter at the top of the file (meta_line reads its title and
 * publisher): 1 when the line is part of it. */
static int front_matter(rctx *c, const char *s, size_t n)
{
	if (c->line == 1 && n >= 3 && strncmp(s, "---", 3) == 0 && n == 3) {
		c->in_front = 1;
		return 1;
	}
	if (c->in_front) {
		if (n >= 3 && strncmp(s, "---", 3) == 0)
			c->in_front = 0;
		return 1;
	}
	return 0;
}

/* The marks a line starts with. */
typedef struct line_shape {
	int indent;    /* columns of blanks before the marks (a tab counts 4) */
	int level;     /* heading level ("#" to "######", or "=" ...), 0 none */
	int bullet;    /* a bullet ("-", "*", "+", U+2022) or a numbered item */
	const char *t; /* the text after the marks (a heading's closing '#'s dropped) */
	size_t tn;
} line_shape;

/* Reads the marks at the start of s[0..n): indentation, block quotes, then
 * a heading's level or a bullet. */
static void read_shape(const char *s, size_t n, line_shape *ls)
{
	size_t i = 0;

	memset(ls, 0, sizeof *ls);
	while (i < n && (s[i] == ' ' || s[i] == '\t')) {
		ls->indent += s[i] == '\t' ? 4 : 1;
		i++;
	}
	while (i < n && s[i] == '>') /* block quotes */
		for (i++; i < n && s[i] == ' '; i++)
			;
	if (i < n && (s[i] == '#' || s[i] == '=')) {
		size_t h = i;
		while (h < n && s[h] == s[i])
			h++;
		if (h - i <= 6 && h < n && s[h] == ' ') {
			ls->level = (int)(h - i);
			i = h + 1;
		}
	} else if (i + 1 < n && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ') {
		ls->bullet = 1;
		i += 2;
	} else if (i + 3 < n && memcmp(s + i, "\xE2\x80\xA2", 3) == 0 && s[i + 3] == ' ') {
		ls->bullet = 1;
		i += 4;
	} else if (i < n && is_digit(UC(s, i))) {
		size_t d = i;
		while (d < n && is_digit(UC(s, d)))
			d++;
		if (d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ') {
			ls->bullet = 1;
			i = d + 2;
		}
	}
	ls->t = s + i;
	ls->tn = n - i;
	while (ls->tn && (ls->t[ls->tn - 1] == '#' || ls->t[ls->tn - 1] == ' ') && ls->level)
		ls->tn--;
}

/* "Threat Actor: NAME" ("Threat Actors - NAME", "**Threat Actor:** NAME"),
 * as a heading, a bullet or an unindented line: NAME and its length *nl,
 * or NULL when the line names no actor so. */
static const char *actor_name(const line_shape *ls, size_t *nl)
{
	const char *u = ls->t;
	size_t un = ls->tn, k = 12;

	strip_md(&u, &un);
	if (un <= 12 || strncasecmp(u, "threat actor", 12) != 0 ||
	    !(ls->level || ls->bullet || ls->indent == 0))
		return NULL;
	if (k < un && (u[k] | 32) == 's')
		k++;
	while (k < un && (u[k] == ' ' || u[k] == '*' || u[k] == '_'))
		k++;
	if (!(k < un && (u[k] == ':' || u[k] == '-' || UC(u, k) == 0xE2)))
		return NULL;
	k += UC(u, k) == 0xE2 ? 3 : 1;
	*nl = un - k;
	return u + k;
}

/* A heading opens a section (SEC_OTHER when the template does not know
 * it) and ends the label. */
static int take_heading(rctx *c, const line_shape *ls)
{
	const char *h = ls->t;
	size_t hn = ls->tn;

	strip_md(&h, &hn);
	if (key_words(h, hn, &c->tmp))
		return fatal_nomem(c);
	enum section sec = section_of(&c->tmp);
	c->sec = sec == SEC_NONE ? SEC_OTHER : sec;
	c->lbl = LBL_NONE;
	return 0;
}

/* A plain line without a label: a section name alone ("Analysis Summary",
 * "**Targeting**") opens that section; other prose ends the label, unless
 * it is indented under the label's bullet. */
static int take_plain(rctx *c, const line_shape *ls)
{
	const char *h = ls->t;
	size_t hn = ls->tn;
	int words = 1;

	strip_md(&h, &hn);
	while (hn && h[hn - 1] == ':')
		hn--;
	for (size_t k = 0; k < hn; k++)
		words += h[k] == ' ';
	if (words <= 5 && hn && !memchr(h, '.', hn)) {
		if (key_words(h, hn, &c->tmp))
			return fatal_nomem(c);
		enum section sec = section_of(&c->tmp);
		if (sec != SEC_NONE) {
			c->sec = sec;
			c->lbl = LBL_NONE;
			return 0;
		}
	}
	if (ls->indent <= c->lbl_indent)
		c->lbl = LBL_NONE;
	return 0;
}

/* The sectors, malware or victims that s[0..n) lists under a label of kind
 * l (sub: s is a sub-bullet of the label's); other labels list nothing. */
static int take_label_items(rctx *c, enum label l, const char *s, size_t n, int sub)
{
	switch (l) {
	case LBL_SECTORS:
		return take_items(c, IT_SECTOR, s, n, sub);
	case LBL_MALWARE:
		return take_items(c, IT_MALWARE, s, n, sub);
	case LBL_VICTIMS:
		return take_items(c, IT_VICTIM, s, n, sub);
	default:
		return 0;
	}
}

/* "Label: value" (a bullet or a plain line): the label's kind is the line's
 * label from now on, and the value may list what it names. */
static int take_label(rctx *c, int indent, const char *lab, size_t ll, const char *val, size_t vl)
{
	/* the label's kind is in its first two words, asides dropped:
	 * "Malware families used", "Targeted sectors", "Infrastructure
	 * (C2, domains ...)", not "Files dropped on victim machines" */
	if (drop_asides(lab, ll, &c->val) ||
	    key_words(c->val.buf ? c->val.buf : "", c->val.len, &c->tmp))
		return fatal_nomem(c);
	for (size_t k = 0, words = 0; k < c->tmp.len; k++)
		if (c->tmp.buf[k] == ' ' && ++words == 2) {
			c->tmp.buf[k] = '\0';
			c->tmp.len = k;
			break;
		}
	c->lbl = label_of(&c->tmp);
	c->lbl_indent = indent;
	return take_label_items(c, c->lbl, val, vl, 0);
}

/* Reads the structure of a line (headings, bullets, labels) and takes what
 * the template says. The other layers run after it, with the section and
 * label it set. */
int take_structure(rctx *c)
{
	const char *s = cg_strbuf_cstr(&c->clean), *name, *lab, *val;
	size_t n = c->clean.len, nl, ll, vl;
	line_shape ls;

	if (front_matter(c, s, n))
		return 0;
	read_shape(s, n, &ls);
	c->kind = ls.level      ? KIND_HEADING
	          : ls.bullet   ? KIND_BULLET
	          : s[0] == '|' ? KIND_TABLE
	                        : KIND_TEXT;
	if (ls.tn == 0) {
		c->kind = KIND_BLANK;
		return 0; /* a blank line keeps the section and label */
	}
	if ((name = actor_name(&ls, &nl))) {
		c->sec = SEC_NONE;
		c->lbl = LBL_NONE;
		return take_actor(c, name, nl);
	}
	if (ls.level)
		return take_heading(c, &ls);
	if (s[0] == '|') {
		/* a table row: keeps the section; a label does not reach into it */
		c->lbl = LBL_NONE;
		return 0;
	}
	if (split_label(ls.t, ls.tn, &lab, &ll, &val, &vl))
		return take_label(c, ls.indent, lab, ll, val, vl);
	if (!ls.bullet)
		return take_plain(c, &ls);
	/* an unlabelled bullet: a sub-bullet of the label above, or not */
	if (ls.indent > c->lbl_indent && c->lbl != LBL_NONE)
		return take_label_items(c, c->lbl, ls.t, ls.tn, 1);
	c->lbl = LBL_NONE;
	return 0;
}
