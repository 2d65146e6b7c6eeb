/* The report importer's third layer: names of known entities, countries
 * and the gazetteer's, found in a line's normalised words with Aho-Corasick
 * automata (docs/REPORTS.md, "Layer 3"); a name after a negation cue in its
 * clause is a negated mention. Also the word normalisation the automata's
 * patterns and texts share, and the country automaton, built once per
 * process. */
#include "report_internal.h"

#include "cg_array.h"
#include "cg_normalize.h"
#include "cg_tables.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEG_WINDOW 15 /* tokens a negation cue reaches forward */

/* ---- the matcher's word normalisation ----
 *
 * Words are runs of ASCII letters, digits, '.', apostrophes and non-ASCII
 * bytes; everything else separates them. Each word loses a possessive
 * ("Korea's" -> "Korea") and is folded like cg_norm_text (ASCII words
 * inline, others through cg_norm_text). Patterns and text go through the
 * same function, so they agree. The types are in report_internal.h. */

void normer_free(normer *m)
{
	cg_strbuf_free(&m->out);
	cg_strbuf_free(&m->tmp);
	free(m->toks);
}

static int word_byte(int c)
{
	return is_alnum(c) || c == '.' || c == '\'' || c >= 0x80;
}

static int push_tok(normer *m, uint32_t nstart, uint32_t nlen, size_t cs, size_t ce, int brk,
                    int cap)
{
	if (CG_ARRAY_GROW(m->toks, m->capt, m->nt + 1, 64))
		return CG_ENOMEM;
	m->toks[m->nt].nstart = nstart;
	m->toks[m->nt].nlen = nlen;
	m->toks[m->nt].cstart = (uint32_t)cs;
	m->toks[m->nt].cend = (uint32_t)ce;
	m->toks[m->nt].brk = (uint8_t)brk;
	m->toks[m->nt].cap = (uint8_t)cap;
	m->nt++;
	return 0;
}

/* Whether a word ending in '.' is an abbreviation rather than the end of a
 * sentence ("U.S.", "e.g.", "Inc."). w excludes the final dots. */
static int abbreviation(const char *w, size_t n)
{
	if (n <= 1)
		return 1;
	if (n > 6)
		return 0; /* longer than any in the list */
	if (memchr(w, '.', n))
		return 1;
	return in_list(w, n, abbrevs, abbrevs_count);
}

static int tok_is(const normer *m, size_t k, const char *w)
{
	return k < m->nt && m->toks[k].nlen == strlen(w) &&
	       memcmp(m->out.buf + m->toks[k].nstart, w, m->toks[k].nlen) == 0;
}

/* Normalises s[0..n) into m; start_brk: a clause starts with the text.
 * 0, CG_ENOMEM, or CG_EPARSE (invalid UTF-8). */
int normalise(normer *m, const char *s, size_t n, int start_brk)
{
	int brk = start_brk, rc;

	cg_strbuf_reset(&m->out);
	m->nt = 0;
	if ((rc = cg_strbuf_putc(&m->out, ' ')))
		return rc;
	for (size_t i = 0; i < n;) {
		int c = UC(s, i);
		if (!word_byte(c)) {
			if (c == ';' || c == '!' || c == '?' || c == ':' || c == '|')
				brk = 1;
			i++;
			continue;
		}
		size_t j = i, we;
		int ascii = 1;
		while (j < n && word_byte(UC(s, j))) {
			if (UC(s, j) >= 0x80)
				ascii = 0;
			j++;
		}
		we = j;
		/* possessive: 's or ’s (U+2019), or a bare trailing apostrophe */
		if (we - i > 2 && (s[we - 1] == 's' || s[we - 1] == 'S') && s[we - 2] == '\'')
			we -= 2;
		else if (we - i > 4 && (s[we - 1] == 's' || s[we - 1] == 'S') &&
		         memcmp(s + we - 4, "\xE2\x80\x99", 3) == 0)
			we -= 4;
		size_t dots = we;
		while (dots > i && s[dots - 1] == '.')
			dots--;
		int ends_sentence = dots < we && !abbreviation(s + i, dots - i);
		uint32_t start = (uint32_t)m->out.len;
		if (ascii) {
			if ((rc = cg_strbuf_reserve(&m->out, we - i + 1)))
				return rc;
			for (size_t k = i; k < we; k++) {
				int ch = UC(s, k);
				if (ch != '.' && ch != '\'')
					m->out.buf[m->out.len++] = (char)to_lower(ch);
			}
			m->out.buf[m->out.len] = '\0';
			if (m->out.len > start) {
				if ((rc = push_tok(m, start, (uint32_t)(m->out.len - start), i, we,
				                   brk, is_upper(UC(s, i)))))
					return rc;
				brk = 0;
				if ((rc = cg_strbuf_putc(&m->out, ' ')))
					return rc;
			}
		} else {
			if ((rc = cg_norm_text(s + i, we - i, &m->tmp)))
				return rc;
			const char *t = cg_strbuf_cstr(&m->tmp);
			for (size_t k = 0; k < m->tmp.len;) {
				size_t e = k;
				while (e < m->tmp.len && t[e] != ' ')
					e++;
				if (e > k) {
					uint32_t st = (uint32_t)m->out.len;
					if ((rc = cg_strbuf_append(&m->out, t + k, e - k)) ||
					    (rc = push_tok(m, st, (uint32_t)(e - k), i, we, brk,
					                   is_upper(UC(s, i)))) ||
					    (rc = cg_strbuf_putc(&m->out, ' ')))
						return rc;
					brk = 0;
				}
				k = e + 1;
			}
		}
		if (ends_sentence)
			brk = 1;
		i = j;
	}
	m->open = !brk;
	/* clause words start a clause of their own */
	for (size_t k = 0; k < m->nt; k++) {
		if (m->toks[k].nlen < 3 || m->toks[k].nlen > 8 ||
		    !strchr("bhatwyi", m->out.buf[m->toks[k].nstart]))
			continue;
		for (size_t w = 0; w < clause_words_count; w++)
			if (tok_is(m, k, clause_words[w]))
				m->toks[k].brk = 1;
	}
	return 0;
}

/* Normalises name and adds it as a pattern. */
static int ac_add_name(aho_automaton *a, normer *m, const char *name, uint32_t payload,
                       uint32_t flags, size_t min_len)
{
	int rc = normalise(m, name, strlen(name), 1);

	if (rc == CG_EPARSE)
		return 0;
	if (rc)
		return rc;
	if (m->out.len < min_len + 2 || m->nt == 0)
		return 0;
	return aho_add(a, m->out.buf, m->out.len, payload, flags);
}

/* ---- the country automaton, built once ---- */

static aho_automaton *country_ac;
static pthread_once_t country_once = PTHREAD_ONCE_INIT;

static int country_index(const char *alpha2)
{
	for (size_t i = 0; i < cg_countries_count; i++)
		if (strcmp(cg_countries[i].alpha2, alpha2) == 0)
			return (int)i;
	return -1;
}

int all_caps(const char *s)
{
	int letters = 0;

	for (; *s; s++) {
		if (is_lower(UC(s, 0)) || UC(s, 0) >= 0x80)
			return 0;
		letters += is_upper(UC(s, 0));
	}
	return letters > 0;
}

static uint32_t country_flags(const char *name)
{
	cg_strbuf sb = CG_STRBUF_INIT;
	uint32_t f = all_caps(name) ? PAT_UPPER : 0;

	if (!cg_norm_text(name, strlen(name), &sb) &&
	    in_list(sb.buf ? sb.buf : "", sb.len, ambiguous_countries, ambiguous_countries_count))
		f |= PAT_AMBIG;
	cg_strbuf_free(&sb);
	return f;
}

/* Builds the automaton of every country's name and alias (cg_countries,
 * cg_country_aliases) and of the blockers. An alias written in capitals
 * ("US", "U.S.", "UAE") is found only where the text writes it in
 * capitals; ISO codes as such are not looked for in running text ("IT
 * services" is not Italy). */
static void country_build(void)
{
	aho_automaton *a = aho_new();
	normer m;
	int rc = a ? 0 : CG_ENOMEM;

	memset(&m, 0, sizeof m);
	for (size_t i = 0; i < cg_countries_count && !rc; i++)
		rc = ac_add_name(a, &m, cg_countries[i].name, (uint32_t)i,
		                 country_flags(cg_countries[i].name), 4);
	for (size_t i = 0; i < cg_country_aliases_count && !rc; i++) {
		int k = country_index(cg_country_aliases[i].alpha2);
		uint32_t f = country_flags(cg_country_aliases[i].alias);
		if (k >= 0)
			rc = ac_add_name(a, &m, cg_country_aliases[i].alias, (uint32_t)k, f,
			                 (f & PAT_UPPER) ? 2 : 4);
	}
	for (size_t i = 0; i < country_blockers_count && !rc; i++)
		rc = ac_add_name(a, &m, country_blockers[i], 0, PAT_BLOCK, 1);
	if (!rc)
		rc = aho_build(a);
	normer_free(&m);
	if (rc) {
		aho_free(a);
		a = NULL;
	}
	country_ac = a;
}

const aho_automaton *country_automaton(void)
{
	pthread_once(&country_once, country_build);
	return country_ac;
}

/* ---- layer 3: names (countries and the gazetteer) ---- */

static int push_match(rctx *c, uint32_t t0, uint32_t t1, const aho_match *p, int gaz)
{
	if (CG_ARRAY_GROW(c->matches, c->capmatch, c->nmatch + 1, 32))
		return fatal_nomem(c);
	match *m = &c->matches[c->nmatch++];
	m->t0 = t0;
	m->t1 = t1;
	m->payload = p->payload;
	m->flags = p->flags;
	m->gaz = (uint8_t)gaz;
	m->dead = 0;
	m->negated = 0;
	return 0;
}

/* The token starting (or ending) at normalised offset off. */
static int tok_at(const normer *m, uint32_t off, int end, uint32_t *out)
{
	size_t lo = 0, hi = m->nt;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		uint32_t v = end ? m->toks[mid].nstart + m->toks[mid].nlen : m->toks[mid].nstart;
		if (v == off) {
			*out = (uint32_t)mid;
			return 1;
		}
		if (v < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* What run_ac's matches go to. */
typedef struct run_ctx {
	rctx *c;
	int gaz; /* 1 the gazetteer's automaton, 0 the countries' */
} run_ctx;

/* A match of a name in the line's normalised words: kept as the tokens it
 * covers (a match always covers whole tokens, its spaces included). */
static int on_name_match(void *ctx, const aho_match *m)
{
	run_ctx *r = ctx;
	const normer *nm = &r->c->nm;
	uint32_t t0, t1;

	if (tok_at(nm, (uint32_t)m->start + 1, 0, &t0) &&
	    tok_at(nm, (uint32_t)m->end - 1, 1, &t1) && push_match(r->c, t0, t1, m, r->gaz))
		return r->c->rc;
	return 0;
}

/* Finds the names of automaton a in the line's normalised words (c->nm)
 * and appends them to c->matches. 0, or < 0 fatal. */
static int run_ac(rctx *c, const aho_automaton *a, int gaz)
{
	run_ctx r = {c, gaz};

	return aho_scan(a, c->nm.out.buf, c->nm.out.len, on_name_match, &r);
}

/* Whether the source of tokens t0..t1 is written in capitals. */
static int span_caps(const rctx *c, uint32_t t0, uint32_t t1)
{
	const char *s = c->names.buf;
	int letters = 0;

	for (uint32_t k = c->nm.toks[t0].cstart; k < c->nm.toks[t1].cend; k++) {
		if (is_lower(UC(s, k)))
			return 0;
		letters += is_upper(UC(s, k));
	}
	return letters >= 2;
}

/* Whether token k is a capitalised word right next to the match (one blank
 * between, no punctuation). */
static int cap_neighbour(const rctx *c, uint32_t t0, uint32_t t1)
{
	const ntok *t = c->nm.toks;

	if (t1 + 1 < c->nm.nt && t[t1 + 1].cap && t[t1 + 1].cstart == t[t1].cend + 1 &&
	    !t[t1 + 1].brk)
		return 1;
	if (t0 > 0 && t[t0 - 1].cap && t[t0].cstart == t[t0 - 1].cend + 1 && !t[t0].brk &&
	    !t[t0 - 1].brk)
		return 1;
	return 0;
}

static int cmp_match(const void *a, const void *b)
{
	const match *x = a, *y = b;

	if (x->t0 != y->t0)
		return x->t0 < y->t0 ? -1 : 1;
	if (x->t1 != y->t1)
		return x->t1 > y->t1 ? -1 : 1;
	if (x->gaz != y->gaz)
		return x->gaz < y->gaz ? -1 : 1;
	return x->payload < y->payload ? -1 : x->payload > y->payload;
}

/* How many tokens before t0 (t0 == nt: the end of the text) a negation cue
 * stands in the same clause, at most NEG_WINDOW away; -1 when none does. */
static int cue_distance(const normer *m, uint32_t t0)
{
	if (t0 == m->nt && !m->open)
		return -1;
	for (uint32_t k = t0; k > 0 && t0 - k < NEG_WINDOW; k--) {
		if (k < m->nt && m->toks[k].brk)
			return -1;
		size_t q = k - 1; /* candidate cue */
		for (size_t w = 0; w < neg_cues1_count; w++)
			if (tok_is(m, q, neg_cues1[w])) {
				int exempt = 0;
				for (size_t x = 0; x < neg_exempt_next_count; x++)
					exempt |= tok_is(m, q + 1, neg_exempt_next[x]);
				if (!exempt)
					return (int)(t0 - k);
			}
		if (q > 0 && !m->toks[q].brk)
			for (size_t w = 0; w < neg_cues2_count; w++)
				if (tok_is(m, q - 1, neg_cues2[w][0]) &&
				    tok_is(m, q, neg_cues2[w][1]))
					return (int)(t0 - k);
	}
	return -1;
}

/* Whether a negation cue stands before token t0 in its clause, on this line
 * or at the end of the lines it continues. */
static int negated_at(const rctx *c, uint32_t t0)
{
	const normer *m = &c->nm;

	if (cue_distance(m, t0) >= 0)
		return 1;
	if (c->carry_in < 0 || c->carry_in + (int)t0 >= NEG_WINDOW)
		return 0;
	for (uint32_t k = 0; k <= t0 && k < m->nt; k++)
		if (m->toks[k].brk)
			return 0;
	return 1;
}

/* Whether the sentence around tokens t0..t1 says where something comes from. */
static int origin_sentence(const rctx *c, uint32_t t0, uint32_t t1)
{
	const normer *m = &c->nm;
	uint32_t a = t0, b = t1;

	while (a > 0 && !m->toks[a].brk)
		a--;
	while (b + 1 < m->nt && !m->toks[b + 1].brk)
		b++;
	for (uint32_t k = a; k <= b; k++) {
		if (k >= t0 && k <= t1)
			continue;
		for (size_t w = 0; w < origin_cues_count; w++) {
			size_t l = strlen(origin_cues[w]);
			if (m->toks[k].nlen >= l &&
			    memcmp(m->out.buf + m->toks[k].nstart, origin_cues[w], l) == 0)
				return 1;
		}
	}
	return 0;
}

/* Whether p[0..l) has more `close` than `open` brackets. */
static int unbalanced(const char *p, size_t l, char open, char close)
{
	int depth = 0;

	for (size_t i = 0; i < l; i++)
		depth += p[i] == open ? 1 : p[i] == close ? -1 : 0;
	return depth != 0;
}

/* Trims a name taken from the source: blanks, punctuation and a possessive
 * at the ends; a bracket only when it is unmatched. */
void trim_name(const char **s, size_t *n)
{
	const char *p = *s;
	size_t l = *n;

	for (;;) {
		if (l && (is_space(UC(p, 0)) || strchr("*_`\"',;:.", p[0])))
			p++, l--;
		else if (l && strchr("([{", p[0]) &&
		         unbalanced(p, l, p[0],
		                    p[0] == '('   ? ')'
		                    : p[0] == '[' ? ']'
		                                  : '}'))
			p++, l--;
		else
			break;
	}
	for (;;) {
		if (l >= 2 && (p[l - 1] == 's' || p[l - 1] == 'S') && p[l - 2] == '\'')
			l -= 2;
		else if (l >= 4 && (p[l - 1] == 's' || p[l - 1] == 'S') &&
		         memcmp(p + l - 4, "\xE2\x80\x99", 3) == 0)
			l -= 4;
		else if (l && p[l - 1] == '.' && l >= 3 && memchr(p, '.', l - 1) && p[l - 3] == '.')
			break; /* "U.S.": the dot belongs to the abbreviation */
		else if (l && (is_space(UC(p, l - 1)) || strchr("*_`\"',;:.!?", p[l - 1])))
			l--;
		else if (l && strchr(")]}", p[l - 1]) &&
		         unbalanced(p, l,
		                    p[l - 1] == ')'   ? '('
		                    : p[l - 1] == ']' ? '['
		                                      : '{',
		                    p[l - 1]))
			l--;
		else
			break;
	}
	*s = p;
	*n = l;
}

int grow_ptrs(const char ***arr, size_t *cap, size_t need)
{
	return cg_array_grow((void *)arr, cap, need, sizeof **arr, 16);
}

/* Adds gazetteer entity ge to the graph, with its type, name, aliases and
 * identity keys, so that it merges with the gazetteer's own records when the
 * gazetteer is an input too. */
int add_gazetteer_entity(rctx *c, cg_eid ge, const char *role, cg_eid *out)
{
	const cg_graph *g = c->gazg;
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	size_t nk = 0, na = 0;
	const char *v;
	cg_iter it;

	it = cg_entity_keys(g, ge);
	while (cg_iter_next_str(g, &it, &v)) {
		if (grow_ptrs(&c->keys, &c->capkeys, nk + 1))
			return fatal_nomem(c);
		c->keys[nk++] = v;
	}
	it = cg_entity_aliases(g, ge);
	while (cg_iter_next_str(g, &it, &v)) {
		if (grow_ptrs(&c->aliases, &c->capaliases, na + 1))
			return fatal_nomem(c);
		c->aliases[na++] = v;
	}
	rec.type = cg_entity_type_name(g, ge);
	rec.name = cg_entity_name(g, ge);
	rec.keys = nk ? c->keys : NULL;
	rec.n_keys = nk;
	rec.aliases = c->aliases;
	rec.n_aliases = na;
	if (role) {
		rec.roles = &role;
		rec.n_roles = 1;
	}
	char ident[16];
	int il = snprintf(ident, sizeof ident, "#%u", (unsigned)ge);
	if (cg_map64_put(&c->gazmade, ge, 1))
		return fatal_nomem(c);
	return report_entity_add(c, ident, (size_t)il, &rec, out);
}

/* Keeps a negated mention of gazetteer entity ge for the end of the report
 * (its first line only). 0 or < 0 fatal. */
static int negated_later(rctx *c, uint32_t ge)
{
	for (size_t k = 0; k < c->nnegs; k++)
		if (c->negs[k].ge == ge)
			return 0;
	if (CG_ARRAY_GROW(c->negs, c->capnegs, c->nnegs + 1, 8))
		return fatal_nomem(c);
	c->negs[c->nnegs].ge = ge;
	c->negs[c->nnegs++].line = c->line;
	return 0;
}

int names_finish(rctx *c)
{
	long line = c->line;
	uint32_t v;
	int rc = 0;

	for (size_t k = 0; k < c->nnegs && rc >= 0; k++) {
		cg_eid ge = c->negs[k].ge, e;
		c->line = c->negs[k].line;
		if (cg_map64_get(&c->gazmade, ge, &v)) {
			/* also named plainly: the entity is the report's */
			if (!(rc = add_gazetteer_entity(c, ge, NULL, &e)))
				rc = mention(c, e, 1);
		} else if (c->have_report) {
			cg_entity_rec rec = CG_ENTITY_REC_INIT;
			cg_prop props[2] = {{"document_type", "report"},
			                    {"negated_mentions", cg_entity_name(c->gazg, ge)}};
			rec.type = "document";
			rec.name = cg_strbuf_cstr(&c->stem);
			rec.props = props;
			rec.n_props = 2;
			rc = add_entity(c, &rec, &e);
		}
	}
	c->line = line;
	return rc < 0 ? rc : 0;
}

/* Finds countries and gazetteer names in the line (clean, with the
 * indicators blanked) and links them. */
int scan_names(rctx *c)
{
	int rc;

	cg_strbuf_reset(&c->names);
	if (cg_strbuf_append(&c->names, c->clean.buf ? c->clean.buf : "", c->clean.len))
		return fatal_nomem(c);
	for (size_t k = 0; k < c->nspans; k++)
		memset(c->names.buf + c->spans[k].start, ' ', c->spans[k].end - c->spans[k].start);
	/* a plain line right after text or a bullet continues its paragraph:
	 * an open clause, and a negation cue at its end, carry over */
	int cont = c->kind == KIND_TEXT &&
	           (c->prev_kind == KIND_TEXT || c->prev_kind == KIND_BULLET) && c->clause_open;
	rc = normalise(&c->nm, c->names.buf ? c->names.buf : "", c->names.len, !cont);
	if (rc == CG_ENOMEM)
		return fatal_nomem(c);
	c->carry_in = cont ? c->neg_carry : -1;
	c->clause_open = !rc && c->nm.nt && c->nm.open;
	c->neg_carry = c->clause_open ? cue_distance(&c->nm, (uint32_t)c->nm.nt) : -1;
	if (rc || c->nm.nt == 0)
		return 0;
	c->nmatch = 0;
	if (run_ac(c, c->countries, 0) || (c->gaz && run_ac(c, c->gaz, 1)))
		return c->rc;
	if (!c->nmatch)
		return 0;
	/* filters, then the longest match wins over the matches inside it */
	for (size_t k = 0; k < c->nmatch; k++) {
		match *m = &c->matches[k];
		if ((m->flags & PAT_UPPER) && !span_caps(c, m->t0, m->t1))
			m->dead = 1;
		else if ((m->flags & PAT_AMBIG) && cap_neighbour(c, m->t0, m->t1))
			m->dead = 1;
	}
	size_t live = 0;
	for (size_t k = 0; k < c->nmatch; k++)
		if (!c->matches[k].dead)
			c->matches[live++] = c->matches[k];
	c->nmatch = live;
	qsort(c->matches, c->nmatch, sizeof *c->matches, cmp_match);
	long maxend = -1;
	for (size_t k = 0; k < c->nmatch;) {
		size_t g = k;
		while (g < c->nmatch && c->matches[g].t0 == c->matches[k].t0 &&
		       c->matches[g].t1 == c->matches[k].t1)
			g++;
		int inside = (long)c->matches[k].t1 <= maxend;
		for (size_t x = k; x < g; x++)
			c->matches[x].dead = (uint8_t)(inside || (c->matches[x].flags & PAT_BLOCK));
		if ((long)c->matches[k].t1 > maxend)
			maxend = (long)c->matches[k].t1;
		k = g;
	}
	for (size_t k = 0; k < c->nmatch; k++) {
		match *m = &c->matches[k];
		cg_eid e;
		if (m->dead)
			continue;
		m->negated = (uint8_t)negated_at(c, m->t0);
		if (m->gaz && m->negated) {
			/* a name the report names only to deny it is not one of its
			 * entities: decided at the end of the report */
			if ((rc = negated_later(c, m->payload)) < 0)
				return rc;
			continue;
		}
		if (m->gaz) {
			if ((rc = add_gazetteer_entity(c, m->payload, NULL, &e)))
				return rc < 0 ? rc : 0;
		} else {
			cg_entity_rec rec = CG_ENTITY_REC_INIT;
			cg_prop code = {"code", cg_countries[m->payload].alpha2};
			const char *nm = c->names.buf + c->nm.toks[m->t0].cstart;
			size_t nl = c->nm.toks[m->t1].cend - c->nm.toks[m->t0].cstart;
			trim_name(&nm, &nl);
			cg_strbuf_reset(&c->item);
			if (cg_strbuf_append(&c->item, nm, nl))
				return fatal_nomem(c);
			rec.type = "country";
			rec.name = nl ? c->item.buf : cg_countries[m->payload].name;
			rec.props = &code;
			rec.n_props = 1;
			if ((rc = report_entity_add(c, code.value, 2, &rec, &e)))
				return rc < 0 ? rc : 0;
		}
		/* one mention per entity and negation per line */
		int dup = 0;
		for (size_t x = 0; x < k; x++)
			dup |= !c->matches[x].dead && c->matches[x].gaz == m->gaz &&
			       c->matches[x].payload == m->payload &&
			       c->matches[x].negated == m->negated;
		if (dup)
			continue;
		if ((rc = mention(c, e, m->negated)) < 0)
			return rc;
		if (m->gaz || m->negated || !c->have_actor)
			continue;
		/* what the section says about a country */
		int origin = origin_sentence(c, m->t0, m->t1);
		const char *rel = NULL;
		if ((c->sec == SEC_TARGET && (c->lbl == LBL_NONE || c->lbl == LBL_OTHER)) ||
		    c->lbl == LBL_GEO)
			rel = origin ? "located_in" : "targets";
		else if (c->sec == SEC_ATTRIB && origin)
			rel = "located_in";
		if (rel && (rc = report_link(c, rel, c->actor, e, 0)) < 0)
			return rc;
	}
	return 0;
}
