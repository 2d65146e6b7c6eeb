/* The report importer: threat-intelligence reports in Markdown or plain text
 * become cases (docs/REPORTS.md).
 *
 * A report is read line by line, in one pass, and each line goes through
 * three layers:
 *   1. indicators anywhere in the text (addresses, domains, URLs, e-mails,
 *      hashes, wallets, IBANs, phones, ATT&CK ids, CVE ids), after defanging
 *      is undone, each validated (TLD list, checksums, mod-97);
 *   2. the summary template ("# Threat Actor: NAME", Targeting, Tools &
 *      Infrastructure ...), which names an actor and the sectors, countries,
 *      victims, malware and infrastructure the sections tie to it;
 *   3. names of known entities (countries, and the --gazetteer graph), found
 *      with Aho-Corasick automata over the line's normalised words, with
 *      mentions inside a negation marked negated=true.
 * The report itself is a `document` entity (document_type report) that
 * `mentions` everything it names; every record carries the report file and
 * the line it came from.
 *
 * A "row" of a report is a line: read counts every line, rejected the lines
 * refused (too long, invalid UTF-8, a NUL byte, or a record the graph
 * refused), imported the others, so read = imported + rejected. */
#include "cg_import.h"

#include "aho_corasick.h"
#include "cg_hash.h"
#include "cg_normalize.h"
#include "cg_tables.h"
#include "checksum.h"
#include "import_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_data.inc"

#define CHUNK            (1u << 16)
#define NELEM(a)         (sizeof(a) / sizeof((a)[0]))
#define NEG_WINDOW       15         /* tokens a negation cue reaches forward */
#define MAX_ITEM         160        /* bytes of a list item taken as a name */
#define GAZ_MIN_NAME     4          /* shortest normalised gazetteer name looked for */
#define GAZ_SAMPLE       512        /* entities hashed to recognise a cached gazetteer */
#define PROV_PER_REPORT  1          /* lines of one report an entity or link cites, at most */
#define META_BYTES       (1u << 16) /* bytes read ahead for the title, publisher and year */
#define DEFAULT_TLD_FILE "/usr/share/publicsuffix/public_suffix_list.dat"

/* ---- characters ---- */

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}
static int is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}
static int is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}
static int is_alpha(int c)
{
	return is_upper(c) || is_lower(c);
}
static int is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}
static int is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static int to_lower(int c)
{
	return is_upper(c) ? c + 32 : c;
}
static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
#define UC(s, i) ((unsigned char)(s)[i])

/* An indicator may start at s[i]: the byte before is not part of a word. An
 * underscore counts as Markdown emphasis ("_evil.example_") when a non-word
 * byte stands before it. */
static int open_at(const char *s, size_t i)
{
	if (i == 0)
		return 1;
	if (is_alnum(UC(s, i - 1)))
		return 0;
	if (s[i - 1] == '_')
		return i == 1 || (!is_alnum(UC(s, i - 2)) && s[i - 2] != '_');
	return 1;
}

/* An indicator may end before s[j]. */
static int close_at(const char *s, size_t j, size_t n)
{
	if (j >= n)
		return 1;
	if (is_alnum(UC(s, j)))
		return 0;
	if (s[j] == '_')
		return j + 1 >= n || (!is_alnum(UC(s, j + 1)) && s[j + 1] != '_');
	return 1;
}

/* Whether the n bytes at s equal the lower-case word w, ASCII case ignored. */
static int eq_nocase(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

static int in_list(const char *s, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (eq_nocase(s, n, list[i]))
			return 1;
	return 0;
}

/* ---- the list of top-level domains ---- */

static struct {
	cg_strpool *pool; /* known TLDs, lower case */
	int ok;           /* 1 when loaded */
} tlds;
static pthread_once_t tlds_once = PTHREAD_ONCE_INIT;

static int tld_add(const char *s, size_t n)
{
	char buf[64];
	uint32_t id;

	if (n == 0 || n >= sizeof buf)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int c = to_lower(UC(s, i));
		if (!is_alnum(c) && c != '-')
			return 0; /* IDN TLDs in Unicode: the scanner finds ASCII names only */
		buf[i] = (char)c;
	}
	return cg_strpool_intern(tlds.pool, buf, n, &id);
}

/* Reads the ICANN section of a Public Suffix List (or every line of a plain
 * one-per-line list such as IANA's tlds-alpha-by-domain.txt) and keeps the
 * last label of each rule. Returns the number of rules read. */
static size_t tld_load_file(FILE *f)
{
	char line[512];
	int section = 0; /* 0 no markers seen, 1 inside ICANN, 2 past it */
	size_t count = 0;

	while (fgets(line, sizeof line, f)) {
		size_t n = strlen(line);
		if (n && line[n - 1] != '\n' && !feof(f)) {
			int ch; /* an over-long line: not a rule */
			while ((ch = fgetc(f)) != EOF && ch != '\n')
				;
			continue;
		}
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "//", 2) == 0) {
			if (strstr(p, "===BEGIN ICANN DOMAINS==="))
				section = 1;
			else if (strstr(p, "===END ICANN DOMAINS==="))
				section = 2;
			continue;
		}
		if (*p == '#' || section == 2)
			continue;
		size_t len = strcspn(p, " \t\r\n");
		if (!len)
			continue;
		const char *dot = NULL;
		for (size_t i = 0; i < len; i++)
			if (p[i] == '.')
				dot = p + i;
		const char *last = dot ? dot + 1 : p;
		if (*last == '!')
			last++;
		if (tld_add(last, len - (size_t)(last - p)))
			return 0;
		count++;
	}
	return count;
}

static void tld_load(void)
{
	const char *path = getenv("CG_TLD_LIST");
	FILE *f;
	size_t count = 0;

	if (!(tlds.pool = cg_strpool_new()))
		return;
	if (!path || !*path)
		path = DEFAULT_TLD_FILE;
	if ((f = fopen(path, "r"))) {
		count = tld_load_file(f);
		fclose(f);
	}
	if (count == 0) {
		for (size_t i = 0; i < cg_countries_count; i++)
			if (tld_add(cg_countries[i].alpha2, strlen(cg_countries[i].alpha2)))
				return;
		for (size_t i = 0; i < NELEM(fallback_tlds); i++)
			if (tld_add(fallback_tlds[i], strlen(fallback_tlds[i])))
				return;
	}
	for (size_t i = 0; i < NELEM(reserved_tlds); i++)
		if (tld_add(reserved_tlds[i], strlen(reserved_tlds[i])))
			return;
	tlds.ok = 1;
}

static int tld_known(const char *s, size_t n)
{
	char buf[64];

	if (n == 0 || n >= sizeof buf)
		return 0;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)to_lower(UC(s, i));
	return cg_strpool_find(tlds.pool, buf, n) != 0;
}

/* ---- Aho-Corasick automata over normalised words ----
 *
 * Patterns are inserted with a space before and after (" lazarus group "),
 * and the text scanned is the line's normalised words joined by single
 * spaces with a space at each end, so that every match starts and ends on a
 * word boundary without a check (aho_corasick.h). A pattern's payload is a
 * country index or a gazetteer entity, its flags these: */

enum {
	PAT_UPPER = 1, /* the text must be written in capitals (abbreviations, codes) */
	PAT_AMBIG = 2, /* also a given name or word: not next to a capitalised word */
	PAT_BLOCK = 4, /* a blocker: suppresses matches inside it, names nothing */
};

/* ---- the matcher's word normalisation ----
 *
 * Words are runs of ASCII letters, digits, '.', apostrophes and non-ASCII
 * bytes; everything else separates them. Each word loses a possessive
 * ("Korea's" -> "Korea") and is folded like cg_norm_text (ASCII words
 * inline, others through cg_norm_text). Patterns and text go through the
 * same function, so they agree. */

typedef struct ntok {
	uint32_t nstart, nlen; /* the token in the normalised text */
	uint32_t cstart, cend; /* the word it came from in the source text */
	uint8_t brk;           /* a clause boundary comes before this token */
	uint8_t cap;           /* the source word starts with a capital */
} ntok;

typedef struct normer {
	cg_strbuf out; /* " tok tok ... tok " */
	int open;      /* the last clause runs on past the end of the text */
	ntok *toks;
	size_t nt, capt;
	cg_strbuf tmp;
} normer;

static void normer_free(normer *m)
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
	if (m->nt == m->capt) {
		size_t cap2 = m->capt ? m->capt * 2 : 64;
		ntok *t = realloc(m->toks, cap2 * sizeof *t);
		if (!t)
			return CG_ENOMEM;
		m->toks = t;
		m->capt = cap2;
	}
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
	return in_list(w, n, abbrevs, NELEM(abbrevs));
}

static int tok_is(const normer *m, size_t k, const char *w)
{
	return k < m->nt && m->toks[k].nlen == strlen(w) &&
	       memcmp(m->out.buf + m->toks[k].nstart, w, m->toks[k].nlen) == 0;
}

/* Normalises s[0..n) into m; start_brk: a clause starts with the text.
 * 0, CG_ENOMEM, or CG_EPARSE (invalid UTF-8). */
static int normalise(normer *m, const char *s, size_t n, int start_brk)
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
		for (size_t w = 0; w < NELEM(clause_words); w++)
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

static int all_caps(const char *s)
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
	    in_list(sb.buf ? sb.buf : "", sb.len, ambiguous_countries, NELEM(ambiguous_countries)))
		f |= PAT_AMBIG;
	cg_strbuf_free(&sb);
	return f;
}

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
	for (size_t i = 0; i < NELEM(country_blockers) && !rc; i++)
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

/* ---- gazetteer automata, cached ----
 *
 * Building the automaton of a large gazetteer costs far more than reading a
 * report, and every report of a session is searched for the same names: the
 * session keeps the last automaton built, with the gazetteer's address and
 * a fingerprint (counts, memory, a hash of up to GAZ_SAMPLE entities'
 * names), and reuses it while both match (the gazetteer may be a graph that
 * changes between the session's files). A session is used by one thread at
 * a time (it writes into one graph), so the cache needs no lock. */

struct report_gazetteers {
	aho_automaton *ac; /* the automaton of the last gazetteer used, or NULL */
	const cg_graph *g; /* that gazetteer */
	uint64_t fp;       /* its fingerprint when the automaton was built */
};

void report_gazetteers_free(struct report_gazetteers *gz)
{
	if (!gz)
		return;
	aho_free(gz->ac);
	free(gz);
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	return cg_hash_u64(h ^ cg_hash_bytes(s, strlen(s)));
}

static uint64_t gaz_fingerprint(const cg_graph *g)
{
	size_t n = cg_graph_entity_count(g), step = n / GAZ_SAMPLE + 1;
	uint64_t h = cg_hash_u64(n) ^ cg_hash_u64(cg_graph_link_count(g) + 1) ^
	             cg_hash_u64(cg_graph_merge_count(g) + 2) ^ cg_hash_u64(cg_graph_memory(g) + 3);

	for (size_t e = 0; e < n; e += step) {
		const char *v;
		cg_iter it = cg_entity_aliases(g, (cg_eid)e);
		h = hash_str(h, cg_entity_id(g, (cg_eid)e));
		h = hash_str(h, cg_entity_name(g, (cg_eid)e));
		while (cg_iter_next_str(g, &it, &v))
			h = hash_str(h, v);
	}
	if (n)
		h = hash_str(h, cg_entity_name(g, (cg_eid)(n - 1)));
	return h;
}

/* Whether entities of this type are looked for by name: identifiers are
 * found by the indicator layer (and merge on their keys), countries by the
 * country automaton. */
static int gaz_type_searched(cg_entity_type t)
{
	switch (t) {
	case CG_ET_EMAIL:
	case CG_ET_PHONE:
	case CG_ET_DOMAIN:
	case CG_ET_IP:
	case CG_ET_URL:
	case CG_ET_WALLET:
	case CG_ET_BANK_ACCOUNT:
	case CG_ET_COUNTRY:
		return 0;
	default:
		return 1;
	}
}

/* A short name written in capitals ("ZINC", "APT38") is a code name: it is
 * matched only where the text writes it in capitals too. */
static uint32_t gaz_flags(const char *name)
{
	size_t n = strlen(name);
	return (n <= 6 && all_caps(name) && !strchr(name, ' ')) ? PAT_UPPER : 0;
}

/* A gazetteer pattern waiting to be inserted. */
typedef struct gpat {
	uint32_t off, len; /* in the collecting buffer */
	uint32_t payload, flags;
} gpat;

typedef struct gcollect {
	cg_strbuf text;
	gpat *p;
	size_t n, cap;
	normer m;
} gcollect;

static const char *gsort_base; /* qsort has no context argument */

static int cmp_gpat(const void *x, const void *y)
{
	const gpat *a = x, *b = y;
	size_t l = a->len < b->len ? a->len : b->len;
	int c = memcmp(gsort_base + a->off, gsort_base + b->off, l);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int gaz_collect(gcollect *gc, const char *name, uint32_t payload, uint32_t flags,
                       size_t min_len)
{
	int rc = normalise(&gc->m, name, strlen(name), 1);

	if (rc == CG_EPARSE)
		return 0;
	if (rc)
		return rc;
	if (gc->m.out.len < min_len + 2 || gc->m.nt == 0)
		return 0;
	if (gc->n == gc->cap) {
		size_t cap = gc->cap ? gc->cap * 2 : 1024;
		gpat *np = realloc(gc->p, cap * sizeof *np);
		if (!np)
			return CG_ENOMEM;
		gc->p = np;
		gc->cap = cap;
	}
	if (gc->text.len > UINT32_MAX - gc->m.out.len)
		return CG_ENOMEM;
	gc->p[gc->n].off = (uint32_t)gc->text.len;
	gc->p[gc->n].len = (uint32_t)gc->m.out.len;
	gc->p[gc->n].payload = payload;
	gc->p[gc->n++].flags = flags;
	return cg_strbuf_append(&gc->text, gc->m.out.buf, gc->m.out.len);
}

/* Builds the automaton of a gazetteer's names and aliases. The patterns are
 * sorted first, so that building the trie touches one child per byte.
 * Cost: O(total name bytes x log(names)). */
static int gaz_build(const cg_graph *g, aho_automaton **out)
{
	static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;
	aho_automaton *a = aho_new();
	gcollect gc;
	cg_strbuf co = CG_STRBUF_INIT;
	int rc = a ? 0 : CG_ENOMEM;
	size_t n = cg_graph_entity_count(g);

	memset(&gc, 0, sizeof gc);
	for (size_t e = 0; e < n && !rc; e++) {
		cg_entity_type t = cg_entity_type_of(g, (cg_eid)e);
		const char *name = cg_entity_name(g, (cg_eid)e), *v;
		cg_iter it = cg_entity_aliases(g, (cg_eid)e);
		if (!gaz_type_searched(t))
			continue;
		rc = gaz_collect(&gc, name, (uint32_t)e, gaz_flags(name), GAZ_MIN_NAME);
		while (!rc && cg_iter_next_str(g, &it, &v))
			rc = gaz_collect(&gc, v, (uint32_t)e, gaz_flags(v), GAZ_MIN_NAME);
		if (!rc && t == CG_ET_COMPANY) {
			/* companies are named without their legal form too */
			int r = cg_norm_company(name, strlen(name), &co);
			if (r == CG_ENOMEM)
				rc = r;
			else if (!r && co.len)
				rc = gaz_collect(&gc, co.buf, (uint32_t)e, 0, GAZ_MIN_NAME + 2);
		}
	}
	if (!rc && gc.n) {
		pthread_mutex_lock(&sort_lock);
		gsort_base = gc.text.buf;
		qsort(gc.p, gc.n, sizeof *gc.p, cmp_gpat);
		pthread_mutex_unlock(&sort_lock);
	}
	for (size_t k = 0; k < gc.n && !rc; k++)
		rc = aho_add(a, gc.text.buf + gc.p[k].off, gc.p[k].len, gc.p[k].payload,
		             gc.p[k].flags);
	if (!rc)
		rc = aho_build(a);
	normer_free(&gc.m);
	cg_strbuf_free(&gc.text);
	free(gc.p);
	cg_strbuf_free(&co);
	if (rc) {
		aho_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

/* The automaton of gazetteer g for a report of session imp: the session's
 * own when it was built for g as g is now, else a new one, which the
 * session keeps instead. Borrowed until the session's next report or its
 * end. 0 or CG_ENOMEM. */
static int gaz_acquire(cg_import *imp, const cg_graph *g, const aho_automaton **out)
{
	struct report_gazetteers *gz = imp->gazetteers;
	uint64_t fp = gaz_fingerprint(g);
	aho_automaton *a;
	int rc;

	if (!gz) {
		if (!(gz = calloc(1, sizeof *gz)))
			return CG_ENOMEM;
		imp->gazetteers = gz;
	}
	if (gz->ac && gz->g == g && gz->fp == fp) {
		*out = gz->ac;
		return 0;
	}
	if ((rc = gaz_build(g, &a)))
		return rc;
	aho_free(gz->ac);
	gz->ac = a;
	gz->g = g;
	gz->fp = fp;
	*out = a;
	return 0;
}

/* ---- the import context ---- */

enum kind {
	K_IP,
	K_DOMAIN,
	K_URL,
	K_EMAIL,
	K_PHONE,
	K_WALLET,
	K_IBAN,
	K_HASH,
	K_TECH,
	K_CVE,
	K_COUNT
};

static const char *const kind_type[K_COUNT] = {
    "ip",     "domain",       "url",  "email",          "phone",
    "wallet", "bank_account", "hash", "attack_pattern", "vulnerability",
};

enum { F_HOST = 1, F_CIDR = 2 }; /* finding flags: a URL's host; a network range */

typedef struct span {
	uint32_t start, end;
} span;

typedef struct pairable {
	cg_eid e;
	int is_ip;
} pairable;

typedef struct match {
	uint32_t t0, t1; /* first and last token */
	uint32_t payload;
	uint32_t flags;
	uint8_t gaz; /* 1 gazetteer, 0 country */
	uint8_t dead;
	uint8_t negated;
} match;

typedef struct rctx {
	cg_import *imp;
	const char *path;
	cg_import_stats *st;
	cg_error *err;
	int rc;           /* fatal error: stops the file */
	long line;        /* current line, 1-based */
	size_t rows;      /* lines read (for max_rows) */
	const char *kase; /* the case of every record */
	cg_strbuf stem, casebuf;
	const aho_automaton *gaz; /* the gazetteer's automaton, or NULL */
	const cg_graph *gazg;     /* the gazetteer */
	/* the report's state */
	cg_eid report;
	int have_report;
	cg_eid actor;
	int have_actor;
	enum section sec;
	enum label lbl;
	int lbl_indent; /* indentation of the bullet that set lbl */
	int in_front;   /* inside YAML front matter (structure) */
	/* the report's title, publisher and year: read ahead in the first
	 * META_BYTES, so that the report entity is made with them */
	cg_strbuf m_title, m_pub;
	char m_year[5];
	int m_front;         /* front matter: 0 none yet, 1 inside, 2 over */
	long meta_lines;     /* lines the read-ahead covered */
	int kind, prev_kind; /* KIND_* of this line and of the one before */
	int clause_open;     /* the previous line ended inside a clause */
	int neg_carry;       /* tokens since a negation cue at its end, or -1 */
	int carry_in;        /* neg_carry of the line this one continues, or -1 */
	/* the line being read */
	int line_bad; /* a record of this line was refused */
	cg_error line_diag;
	cg_strbuf unesc, clean; /* the line without Markdown escapes, then undefanged */
	unsigned char *fang;    /* per byte of clean: produced by undoing defanging */
	size_t fang_cap;
	span *spans; /* indicators found in clean */
	size_t nspans, capspans;
	pairable *pairs; /* standalone domains and IPs, in order */
	size_t npairs, cappairs;
	match *matches;
	size_t nmatch, capmatch;
	normer nm;                      /* the line's normalised words */
	cg_strbuf names;                /* clean with the indicators blanked */
	cg_strbuf val, val2, item, tmp; /* scratch */
	const char **keys, **aliases;
	size_t capkeys, capaliases;
	/* what this report already recorded: entities by identity, links by
	 * type and ends, each with the lines cited (see report_entity_add) */
	cg_map64 ecache, lcache;
	struct cached {
		uint32_t eid;   /* the entity (entities only) */
		uint32_t count; /* lines cited */
		long line;      /* the last line cited */
	} * cache;
	size_t ncache, capcache;
} rctx;

/* Records that a record of this line was refused by the graph (the first
 * reason is reported when the line ends). */
static void line_problem(rctx *c, const cg_error *gerr)
{
	if (c->line_bad)
		return;
	c->line_bad = 1;
	cg_error_set(&c->line_diag, gerr->code ? gerr->code : CG_EPARSE, c->path, c->line, 0, "%s",
	             gerr->message);
}

static int fatal_nomem(rctx *c)
{
	return c->rc = cg_error_set(c->err, CG_ENOMEM, c->path, c->line, 0, "out of memory");
}

/* Adds an entity record with this line's provenance. 0 done, 1 refused (the
 * line is marked), < 0 fatal (c->rc set). */
static int add_entity(rctx *c, cg_entity_rec *rec, cg_eid *out)
{
	cg_prov prov = {c->path, c->line, c->kase, NULL, NULL, 0};
	cg_error gerr;
	cg_add_result how;
	int rc;

	rec->prov = &prov;
	rec->n_prov = 1;
	cg_error_clear(&gerr);
	rc = cg_graph_add_entity(c->imp->g, rec, out, &how, &gerr);
	if (rc == CG_ENOMEM)
		return fatal_nomem(c);
	if (rc) {
		line_problem(c, &gerr);
		return 1;
	}
	if (how == CG_ADD_CREATED)
		c->st->entities_created++;
	else
		c->st->entities_merged++;
	return 0;
}

static int add_link(rctx *c, const char *type, cg_eid src, cg_eid dst, int negated)
{
	static const cg_prop neg = {"negated", "true"};
	cg_prov prov = {c->path, c->line, c->kase, NULL, NULL, 0};
	cg_link_rec rec = CG_LINK_REC_INIT;
	cg_error gerr;
	cg_add_result how;
	cg_lid l;
	int rc;

	if (src == dst)
		return 0;
	rec.type = type;
	rec.source = src;
	rec.target = dst;
	rec.prov = &prov;
	rec.n_prov = 1;
	if (negated) {
		rec.props = &neg;
		rec.n_props = 1;
	}
	cg_error_clear(&gerr);
	rc = cg_graph_add_link(c->imp->g, &rec, &l, &how, &gerr);
	if (rc == CG_ENOMEM)
		return fatal_nomem(c);
	if (rc) {
		line_problem(c, &gerr);
		return 1;
	}
	if (how == CG_ADD_CREATED)
		c->st->links_created++;
	else
		c->st->links_merged++;
	return 0;
}

/* The cache entry of key: 1 and *slot when present, else 0 with a new
 * entry in *slot (count 0). < 0 when out of memory. */
static int cache_slot(rctx *c, cg_map64 *m, uint64_t key, struct cached **slot)
{
	uint32_t v;

	if (cg_map64_get(m, key, &v)) {
		*slot = &c->cache[v];
		return 1;
	}
	if (c->ncache == c->capcache) {
		size_t cap = c->capcache ? c->capcache * 2 : 256;
		struct cached *n = realloc(c->cache, cap * sizeof *n);
		if (!n)
			return fatal_nomem(c);
		c->cache = n;
		c->capcache = cap;
	}
	if (c->ncache >= UINT32_MAX - 1 || cg_map64_put(m, key, (uint32_t)c->ncache))
		return fatal_nomem(c);
	*slot = &c->cache[c->ncache++];
	memset(*slot, 0, sizeof **slot);
	return 0;
}

/* Adds an entity record of this report, identified by type and ident[0..n)
 * (its normalised value). An entity cites each line once and at most
 * PROV_PER_REPORT lines of one report: the graph's provenance lists grow
 * with every record, and a name repeated on thousands of lines of one
 * report would make them quadratic. *out is set in every case. 0, 1 when
 * the graph refused the record, < 0 fatal. */
static int report_entity_add(rctx *c, const char *ident, size_t n, cg_entity_rec *rec, cg_eid *out)
{
	uint64_t key =
	    cg_hash_u64(cg_hash_bytes(rec->type, strlen(rec->type)) * 31 + cg_hash_bytes(ident, n));
	struct cached *slot;
	int rc = cache_slot(c, &c->ecache, key, &slot);

	if (rc < 0)
		return rc;
	if (rc == 1 && (slot->line == c->line || slot->count >= PROV_PER_REPORT) &&
	    strcmp(cg_entity_type_name(c->imp->g, slot->eid), rec->type) == 0) {
		*out = slot->eid;
		return 0;
	}
	if ((rc = add_entity(c, rec, out)))
		return rc;
	slot->eid = *out;
	slot->count++;
	slot->line = c->line;
	return 0;
}

/* add_link, cited at most once per line and PROV_PER_REPORT lines per
 * report (as report_entity_add). */
static int report_link(rctx *c, const char *type, cg_eid src, cg_eid dst, int negated)
{
	uint64_t key = cg_hash_u64(((uint64_t)src << 32 | dst) ^ cg_hash_bytes(type, strlen(type)) ^
	                           (negated ? 0x9e3779b97f4a7c15u : 0));
	struct cached *slot;
	int rc = cache_slot(c, &c->lcache, key, &slot);

	if (rc < 0)
		return rc;
	if (rc == 1 && (slot->line == c->line || slot->count >= PROV_PER_REPORT))
		return 0;
	if ((rc = add_link(c, type, src, dst, negated)))
		return rc;
	slot->count++;
	slot->line = c->line;
	return 0;
}

static int mention(rctx *c, cg_eid e, int negated)
{
	return c->have_report ? report_link(c, "mentions", c->report, e, negated) : 0;
}

/* The report's own entity, made on line 1 with the title, publisher and year
 * found so far (all flags set: a later line found one more, merged in). */
static int report_entity(rctx *c, int title, int pub, int year)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prop props[4] = {{"document_type", "report"}};
	size_t np = 1;
	cg_eid e;
	int rc;

	if (title && c->m_title.len)
		props[np].name = "title", props[np++].value = c->m_title.buf;
	if (pub && c->m_pub.len)
		props[np].name = "publisher", props[np++].value = c->m_pub.buf;
	if (year && c->m_year[0])
		props[np].name = "year", props[np++].value = c->m_year;
	rec.type = "document";
	rec.name = cg_strbuf_cstr(&c->stem);
	rec.props = props;
	rec.n_props = np;
	if ((rc = add_entity(c, &rec, &e)))
		return rc < 0 ? rc : 0;
	c->report = e;
	c->have_report = 1;
	return 0;
}

enum { KIND_BLANK, KIND_TEXT, KIND_BULLET, KIND_HEADING, KIND_TABLE };

/* ---- layer 1: indicators ---- */

/* Whether clean[a..b) holds a byte produced by undoing defanging. */
static int defanged(const rctx *c, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (c->fang[i])
			return 1;
	return 0;
}

static int in_tools(const rctx *c)
{
	return c->sec == SEC_TOOLS || c->lbl == LBL_INFRA || c->lbl == LBL_MALWARE;
}

static int push_span(rctx *c, size_t a, size_t b)
{
	if (c->nspans == c->capspans) {
		size_t cap = c->capspans ? c->capspans * 2 : 16;
		span *s = realloc(c->spans, cap * sizeof *s);
		if (!s)
			return fatal_nomem(c);
		c->spans = s;
		c->capspans = cap;
	}
	c->spans[c->nspans].start = (uint32_t)a;
	c->spans[c->nspans].end = (uint32_t)b;
	c->nspans++;
	return 0;
}

/* Adds one indicator (value[0..n) as found, defanging undone) with its
 * links: the report mentions it; the actor uses it when the line is about
 * tools and infrastructure (techniques: in the TTP section). Returns 0, or
 * < 0 when fatal. A value its normaliser refuses is dropped. */
static int emit_indicator(rctx *c, enum kind k, const char *value, size_t n, unsigned flags)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prop props[2];
	size_t np = 0;
	cg_strbuf *v = &c->val;
	cg_eid e;
	int rc = 0;

	cg_strbuf_reset(v);
	switch (k) {
	case K_IP:
		rc = cg_norm_ip(value, n, v);
		break;
	case K_DOMAIN:
		rc = cg_norm_domain(value, n, v);
		break;
	case K_URL:
		rc = cg_norm_url(value, n, v);
		break;
	case K_EMAIL:
		rc = cg_norm_email(value, n, v);
		break;
	case K_PHONE:
		rc = cg_norm_phone(value, n, NULL, v);
		break;
	case K_IBAN:
		rc = cg_norm_iban(value, n, v);
		if (!rc) {
			props[np].name = "iban";
			props[np++].value = NULL; /* set below, once v is final */
		}
		break;
	case K_WALLET: {
		int lower = (n == 42 && value[0] == '0') || (n > 3 && (value[0] | 32) == 'b');
		rc = cg_strbuf_append(v, value, n);
		if (!rc && lower)
			for (size_t i = 0; i < v->len; i++)
				v->buf[i] = (char)to_lower(UC(v->buf, i));
		props[np].name = "chain";
		props[np++].value = value[0] == '0' ? "evm" : value[0] == 'T' ? "tron" : "btc";
		break;
	}
	case K_HASH:
		rc = cg_strbuf_append(v, value, n);
		for (size_t i = 0; !rc && i < v->len; i++)
			v->buf[i] = (char)to_lower(UC(v->buf, i));
		props[np].name = "algorithm";
		props[np++].value = n == 32   ? "md5"
		                    : n == 40 ? "sha1"
		                    : n == 64 ? "sha256"
		                              : "sha512";
		break;
	case K_TECH:
	case K_CVE:
		rc = cg_strbuf_append(v, value, n);
		for (size_t i = 0; !rc && i < v->len; i++)
			v->buf[i] = (char)(is_lower(UC(v->buf, i)) ? v->buf[i] - 32 : v->buf[i]);
		break;
	default:
		return 0;
	}
	if (rc == CG_ENOMEM)
		return fatal_nomem(c);
	if (rc)
		return 0;
	if (k == K_IP && (strncmp(v->buf, "127.", 4) == 0 || strncmp(v->buf, "0.0.0.0", 7) == 0 ||
	                  strcmp(v->buf, "255.255.255.255") == 0 || strcmp(v->buf, "::1") == 0 ||
	                  strcmp(v->buf, "::") == 0))
		return 0; /* loopback, unspecified, broadcast: never an indicator */
	if (k == K_IBAN)
		props[0].value = v->buf;
	rec.type = kind_type[k];
	rec.name = cg_strbuf_cstr(v);
	rec.props = props;
	rec.n_props = np;
	if ((rc = report_entity_add(c, v->buf, v->len, &rec, &e)))
		return rc < 0 ? rc : 0;
	if ((rc = mention(c, e, 0)) < 0)
		return rc;
	if (c->have_actor && c->actor != e &&
	    ((k == K_TECH && c->sec == SEC_TTP) ||
	     (k == K_CVE && (c->sec == SEC_TTP || in_tools(c))) ||
	     (k != K_TECH && k != K_CVE && in_tools(c))) &&
	    (rc = report_link(c, "uses", c->actor, e, 0)) < 0)
		return rc;
	if ((k == K_DOMAIN || k == K_IP) && !(flags & (F_HOST | F_CIDR))) {
		for (size_t q = 0; q < c->npairs; q++)
			if (c->pairs[q].e == e)
				return 0;
		if (c->npairs == c->cappairs) {
			size_t cap = c->cappairs ? c->cappairs * 2 : 16;
			pairable *p = realloc(c->pairs, cap * sizeof *p);
			if (!p)
				return fatal_nomem(c);
			c->pairs = p;
			c->cappairs = cap;
		}
		c->pairs[c->npairs].e = e;
		c->pairs[c->npairs++].is_ip = k == K_IP;
	}
	return 0;
}

/* Labels of a domain starting at s[i]: the end of the name, the number of
 * labels, where the last label starts; 0 when no name starts here. */
static size_t domain_span(const char *s, size_t i, size_t n, int *labels, size_t *tld,
                          int *underscore)
{
	size_t j = i, end = i;
	int nl = 0;

	*underscore = 0;
	for (;;) {
		size_t k = j;
		while (k < n && (is_alnum(UC(s, k)) || s[k] == '-' ||
		                 (s[k] == '_' && k + 1 < n &&
		                  (is_alnum(UC(s, k + 1)) || s[k + 1] == '-')))) {
			if (s[k] == '_')
				*underscore = 1;
			k++;
		}
		if (k == j || k - j > 63 || s[j] == '-' || s[k - 1] == '-')
			return nl >= 2 && k == j ? end : 0;
		nl++;
		*tld = j;
		end = k;
		if (k + 1 < n && s[k] == '.' && is_alnum(UC(s, k + 1))) {
			j = k + 1;
			continue;
		}
		break;
	}
	*labels = nl;
	return end;
}

enum { DOM_FREE = 0, DOM_URL = 1, DOM_EMAIL = 2 };

/* Whether s[i..end) is a domain name: two labels or more, a known TLD in
 * letters, and (in running text) not a file name or a product name. */
static int domain_ok(const rctx *c, const char *s, size_t i, size_t end, int labels, size_t tld,
                     int underscore, int ctx)
{
	size_t tl = end - tld;
	int upper = 0;

	if (labels < 2 || end - i > 253 || (underscore && ctx != DOM_URL))
		return 0;
	if (tl >= 4 && strncasecmp(s + tld, "xn--", 4) == 0) {
		/* a punycode TLD */
	} else {
		for (size_t k = tld; k < end; k++) {
			if (!is_alpha(UC(s, k)))
				return 0;
			upper |= is_upper(UC(s, k));
		}
	}
	if (!tld_known(s + tld, tl))
		return 0;
	if (ctx == DOM_FREE && !defanged(c, i, end)) {
		char t[8];
		if (upper)
			return 0; /* "ASP.NET", "group.In": names and typos, not domains */
		if (tl < sizeof t) {
			for (size_t k = 0; k < tl; k++)
				t[k] = (char)to_lower(UC(s, tld + k));
			if (in_list(t, tl, file_ext_tlds, NELEM(file_ext_tlds)))
				return 0; /* "setup.zip", "README.md" */
		}
	}
	return 1;
}

/* A domain in running text. */
static size_t scan_domain(rctx *c, const char *s, size_t i, size_t n)
{
	int labels, us;
	size_t tld, end;

	if (i > 0 && (s[i - 1] == '@' || s[i - 1] == '/' || s[i - 1] == '\\'))
		return 0;
	if (i > 0 && s[i - 1] == '.' && !(i > 1 && s[i - 2] == '*'))
		return 0; /* inside a name, except "*.evil.example" */
	end = domain_span(s, i, n, &labels, &tld, &us);
	if (!end || !close_at(s, end, n))
		return 0;
	if (end < n &&
	    (s[end] == '(' || s[end] == '[' || s[end] == '{' || s[end] == '=' || s[end] == '@'))
		return 0; /* a method call or an assignment in code */
	if (!domain_ok(c, s, i, end, labels, tld, us, DOM_FREE))
		return 0;
	if (emit_indicator(c, K_DOMAIN, s + i, end - i, 0) < 0)
		return 0;
	return end;
}

static size_t scan_email(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i, end, tld;
	int labels, us;

	while (j < n && (is_alnum(UC(s, j)) || s[j] == '.' || s[j] == '_' || s[j] == '%' ||
	                 s[j] == '+' || s[j] == '-'))
		j++;
	if (j >= n || s[j] != '@' || j == i || j - i > 64)
		return 0;
	if (s[i] == '.' || s[j - 1] == '.')
		return 0;
	for (size_t k = i; k + 1 < j; k++)
		if (s[k] == '.' && s[k + 1] == '.')
			return 0;
	end = domain_span(s, j + 1, n, &labels, &tld, &us);
	if (!end || !close_at(s, end, n) ||
	    !domain_ok(c, s, j + 1, end, labels, tld, us, DOM_EMAIL))
		return 0;
	if (emit_indicator(c, K_EMAIL, s + i, end - i, 0) < 0)
		return 0;
	return end;
}

/* Validates an IPv4 or IPv6 address text (no port) with the normaliser. */
static int ip_valid(rctx *c, const char *s, size_t n)
{
	return cg_norm_ip(s, n, &c->tmp) == 0;
}

/* The word before s[i], across blanks, ':', '=', '(' and ',': [*b, *e);
 * a word may hold dots ("1.4.2"). */
static void word_before(const char *s, size_t i, size_t *b, size_t *e)
{
	*e = i;
	while (*e > 0 && (s[*e - 1] == ' ' || s[*e - 1] == ':' || s[*e - 1] == '=' ||
	                  s[*e - 1] == '(' || s[*e - 1] == ','))
		(*e)--;
	if (*e > 0 && s[*e - 1] == '.')
		(*e)--; /* "v. 1.2.3.4" */
	*b = *e;
	while (*b > 0 && (is_alnum(UC(s, *b - 1)) ||
	                  (s[*b - 1] == '.' && *b >= 2 && is_digit(UC(s, *b - 2)))))
		(*b)--;
}

static int connector(const char *s, size_t b, size_t e)
{
	return eq_nocase(s + b, e - b, "to") || eq_nocase(s + b, e - b, "from") ||
	       eq_nocase(s + b, e - b, "and") || eq_nocase(s + b, e - b, "or");
}

/* Whether a dotted quad at s[i] is a version number by its context: a
 * version word before it ("version 1.2.3.4", "firmware to 10.2.0.7"), or a
 * list it shares with version numbers ("1.4.2 and 2.0.0.3", "upgrade from
 * 4.2.0.1 to 4.2.0.7"). depth bounds the look back. */
static int after_version_word(const char *s, size_t i, int depth)
{
	size_t b, e;
	int dots = 0, digits = 1;

	word_before(s, i, &b, &e);
	if (b == e)
		return 0;
	if (in_list(s + b, e - b, version_words, NELEM(version_words)))
		return 1;
	if (connector(s, b, e)) {
		word_before(s, b, &b, &e); /* the item before the connector */
		if (b == e)
			return 0;
		if (in_list(s + b, e - b, version_words, NELEM(version_words)))
			return 1;
	} else if (!memchr(s + e, ',', i - e)) {
		return 0;
	}
	for (size_t k = b; k < e; k++) {
		dots += s[k] == '.';
		digits &= is_digit(UC(s, k)) || s[k] == '.';
	}
	if (!digits)
		return 0;
	if (dots == 1 || dots == 2)
		return 1;
	return dots == 3 && depth < 4 && after_version_word(s, b, depth + 1);
}

static size_t scan_ipv4(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i;
	unsigned flags = 0;

	for (int part = 0; part < 4; part++) {
		size_t d = j;
		unsigned v = 0;
		while (j < n && is_digit(UC(s, j)) && j - d < 4)
			v = v * 10 + (unsigned)(s[j++] - '0');
		if (j == d || j - d > 3 || v > 255 || (j - d > 1 && s[d] == '0'))
			return 0;
		if (part < 3) {
			if (j >= n || s[j] != '.')
				return 0;
			j++;
		}
	}
	size_t end = j;
	if (j < n && s[j] == '.' && j + 1 < n && is_digit(UC(s, j + 1)))
		return 0; /* five parts or more: a version or an OID */
	if (j + 1 < n && (s[j] == '-' || s[j] == '_')) {
		/* "1.2.3.4-beta", "10.2.0.7-34sv"; a range "1.2.3.4-1.2.3.9" is fine */
		size_t k = j + 1;
		while (k < n && is_alnum(UC(s, k))) {
			if (is_alpha(UC(s, k)))
				return 0;
			k++;
		}
	}
	if (j < n && s[j] == '/' && j + 1 < n && is_digit(UC(s, j + 1))) {
		size_t d = j + 1;
		unsigned v = 0;
		while (d < n && is_digit(UC(s, d)) && d - j <= 3)
			v = v * 10 + (unsigned)(s[d++] - '0');
		if (v <= 32 && close_at(s, d, n)) {
			end = d;
			flags |= F_CIDR;
		}
	}
	if (!close_at(s, end, n) || after_version_word(s, i, 0))
		return 0;
	if (emit_indicator(c, K_IP, s + i, end - i, flags) < 0)
		return 0;
	/* a port is part of the token, not of the address */
	if (end < n && s[end] == ':' && end + 1 < n && is_digit(UC(s, end + 1))) {
		end++;
		while (end < n && is_digit(UC(s, end)))
			end++;
	}
	return end;
}

static size_t scan_ipv6(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i, end;
	char buf[72];

	while (j < n && (is_hex(UC(s, j)) || s[j] == ':' || s[j] == '.'))
		j++;
	end = j;
	/* sentence punctuation after the address */
	while (end > i &&
	       (s[end - 1] == '.' || (s[end - 1] == ':' && !(end - i >= 2 && s[end - 2] == ':'))))
		end--;
	if (end - i < 3 || end - i >= 46)
		return 0;
	int colons = 0, maxgroup = 0, group = 0, dcolon = 0;
	for (size_t k = i; k < end; k++) {
		if (s[k] == ':') {
			colons++;
			if (k + 1 < end && s[k + 1] == ':')
				dcolon = 1;
			group = 0;
		} else if (s[k] != '.' && ++group > maxgroup) {
			maxgroup = group;
		}
	}
	if (colons < 2 || (colons < 3 && maxgroup < 3) || (!dcolon && colons < 7))
		return 0;
	size_t stop = end;
	if (stop < n && s[stop] == '/' && stop + 1 < n && is_digit(UC(s, stop + 1))) {
		size_t d = stop + 1;
		while (d < n && is_digit(UC(s, d)) && d - stop <= 3)
			d++;
		stop = d;
	}
	if (!close_at(s, stop, n) || (stop < n && (s[stop] == ':' || is_hex(UC(s, stop)))))
		return 0;
	memcpy(buf, s + i, stop - i);
	if (!ip_valid(c, buf, stop - i))
		return 0;
	if (emit_indicator(c, K_IP, s + i, stop - i, stop > end ? F_CIDR : 0) < 0)
		return 0;
	return stop;
}

/* "[2001:db8::1]" or "[2001:db8::1]:443". */
static size_t scan_ipv6_bracket(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i + 1, end;

	while (j < n && (is_hex(UC(s, j)) || s[j] == ':' || s[j] == '.'))
		j++;
	if (j >= n || s[j] != ']' || j - i - 1 < 3)
		return 0;
	int colons = 0;
	for (size_t k = i + 1; k < j; k++)
		colons += s[k] == ':';
	if (colons < 2 || !ip_valid(c, s + i + 1, j - i - 1))
		return 0;
	if (emit_indicator(c, K_IP, s + i + 1, j - i - 1, 0) < 0)
		return 0;
	end = j + 1;
	if (end < n && s[end] == ':')
		while (++end < n && is_digit(UC(s, end)))
			;
	return end;
}

/* Whether what follows a hex run makes it part of a domain name
 * ("<md5>.example.com" is a host, "<sha256>.exe" a sample name). */
static int continues_as_domain(rctx *c, const char *s, size_t i, size_t j, size_t n)
{
	int labels, us;
	size_t tld, end;

	if (j + 1 >= n || s[j] != '.' || !is_alnum(UC(s, j + 1)))
		return 0;
	end = domain_span(s, i, n, &labels, &tld, &us);
	return end && domain_ok(c, s, i, end, labels, tld, us, DOM_FREE);
}

static size_t scan_hash(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i;
	int digits_only = 1;

	while (j < n && is_hex(UC(s, j))) {
		digits_only &= is_digit(UC(s, j));
		j++;
	}
	size_t len = j - i;
	if ((len != 32 && len != 40 && len != 64 && len != 128) || digits_only ||
	    !close_at(s, j, n))
		return 0;
	if (j < n && (s[j] == '@' || s[j] == '-'))
		return 0;
	if (continues_as_domain(c, s, i, j, n))
		return 0;
	if (emit_indicator(c, K_HASH, s + i, len, 0) < 0)
		return 0;
	return j;
}

static size_t scan_evm(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i + 2;

	if (i + 42 > n || s[i] != '0' || (s[i + 1] != 'x' && s[i + 1] != 'X'))
		return 0;
	while (j < n && is_hex(UC(s, j)))
		j++;
	if (j - i != 42 || !close_at(s, j, n))
		return 0;
	if (emit_indicator(c, K_WALLET, s + i, 42, 0) < 0)
		return 0;
	return j;
}

/* Base58check addresses: Bitcoin P2PKH ('1', version 0x00), P2SH ('3',
 * 0x05), Tron ('T', 0x41). */
static size_t scan_base58(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i;
	unsigned char version;

	if (s[i] != '1' && s[i] != '3' && s[i] != 'T')
		return 0;
	while (j < n && checksum_base58_digit(UC(s, j)) >= 0)
		j++;
	size_t len = j - i;
	if (!close_at(s, j, n) || (j < n && (s[j] == '@' || s[j] == '-')))
		return 0;
	if (s[i] == '1' || s[i] == '3') {
		if (len < 26 || len > 35)
			return 0;
		version = s[i] == '1' ? 0x00 : 0x05;
	} else if (s[i] == 'T') {
		if (len != 34)
			return 0;
		version = 0x41;
	} else {
		return 0;
	}
	if (!checksum_base58check_ok(s + i, len, version))
		return 0;
	if (emit_indicator(c, K_WALLET, s + i, len, 0) < 0)
		return 0;
	return j;
}

static size_t scan_bech32(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i;

	if (i + 14 > n || (s[i] | 32) != 'b' || (s[i + 1] | 32) != 'c' || s[i + 2] != '1')
		return 0;
	while (j < n && is_alnum(UC(s, j)))
		j++;
	if (!close_at(s, j, n) || j - i < 14 || j - i > 74 ||
	    !checksum_bech32_ok(s + i, j - i, "bc"))
		return 0;
	if (emit_indicator(c, K_WALLET, s + i, j - i, 0) < 0)
		return 0;
	return j;
}

static int iban_length_of(const char *cc)
{
	for (size_t i = 0; i < cg_iban_lengths_count; i++)
		if (strncmp(cg_iban_lengths[i].alpha2, cc, 2) == 0)
			return cg_iban_lengths[i].length;
	return 0;
}

/* An IBAN in capitals, compact or in groups of four separated by single
 * spaces, checked by length and mod-97. */
static size_t scan_iban(rctx *c, const char *s, size_t i, size_t n)
{
	char buf[40];
	size_t j = i, count = 0;
	int want;

	if (i + 4 > n || !is_upper(UC(s, i)) || !is_upper(UC(s, i + 1)) ||
	    !is_digit(UC(s, i + 2)) || !is_digit(UC(s, i + 3)))
		return 0;
	if (!(want = iban_length_of(s + i)) || want > 34)
		return 0;
	while (j < n && count < (size_t)want) {
		int ch = UC(s, j);
		if (is_upper(ch) || is_digit(ch)) {
			buf[count++] = (char)ch;
			j++;
		} else if (ch == ' ' && count % 4 == 0 && j + 1 < n &&
		           (is_upper(UC(s, j + 1)) || is_digit(UC(s, j + 1)))) {
			j++;
		} else {
			break;
		}
	}
	if (count != (size_t)want || !close_at(s, j, n))
		return 0;
	if (cg_norm_iban(buf, count, &c->tmp) != 0)
		return 0;
	if (emit_indicator(c, K_IBAN, buf, count, 0) < 0)
		return 0;
	return j;
}

static int calling_code_known(const char *d, size_t n)
{
	for (size_t i = 0; i < cg_calling_codes_count; i++) {
		size_t l = strlen(cg_calling_codes[i].code);
		if (l <= n && memcmp(cg_calling_codes[i].code, d, l) == 0)
			return 1;
	}
	return 0;
}

/* A phone number in international form: '+', the country code, then groups
 * of digits separated by single spaces, hyphens, dots or an area code in
 * parentheses ("+1 (480) 555-0134", "+44 (0)20 7946 0958"); 8 to 15 digits. */
static size_t scan_phone(rctx *c, const char *s, size_t i, size_t n)
{
	char d[20]; /* room for '+' and 15 digits */
	size_t j = i + 1, nd = 0, end = 0;

	if (i > 0 && (is_alnum(UC(s, i - 1)) || s[i - 1] == '+'))
		return 0;
	if (j >= n || !is_digit(UC(s, j)))
		return 0;
	for (;;) {
		/* one group of digits */
		size_t g0 = j, gd = nd;
		while (j < n && is_digit(UC(s, j))) {
			if (nd >= 15)
				return 0; /* a run too long for a phone number */
			d[nd++] = s[j++];
		}
		if (j == g0 && gd == nd)
			break;
		end = j;
		/* a separator, then more digits or "(area)" */
		size_t k = j;
		if (k < n && (s[k] == ' ' || s[k] == '-' || s[k] == '.'))
			k++;
		if (k < n && s[k] == '(') {
			size_t q = k + 1, qd = nd;
			char tmp[8];
			size_t t = 0;
			while (q < n && is_digit(UC(s, q)) && t < sizeof tmp)
				tmp[t++] = s[q++];
			if (q >= n || s[q] != ')' || t == 0 || t > 5)
				break;
			if (!(t == 1 && tmp[0] == '0')) {
				if (nd + t > 15)
					break;
				memcpy(d + nd, tmp, t);
				nd += t;
			}
			(void)qd;
			j = q + 1;
			end = j;
			if (j < n && (s[j] == ' ' || s[j] == '-' || s[j] == '.') && j + 1 < n &&
			    is_digit(UC(s, j + 1)))
				j++;
			continue;
		}
		if (k > j && k < n && is_digit(UC(s, k))) {
			/* stop before a group that makes the number too long */
			size_t q = k, t = 0;
			while (q < n && is_digit(UC(s, q)))
				q++, t++;
			if (nd + t > 15)
				break;
			j = k;
			continue;
		}
		break;
	}
	if (nd < 8 || nd > 15 || !close_at(s, end, n) || !calling_code_known(d, nd))
		return 0;
	if (end < n && s[end] == '+')
		return 0; /* an AsciiDoc passthrough: "+203.0.113.150+" */
	{
		int dots = 0, other = 0;
		for (size_t k = i + 1; k < end; k++)
			dots += s[k] == '.', other += s[k] == ' ' || s[k] == '-' || s[k] == '(';
		if (dots == 3 && !other)
			return 0; /* "+192.0.2.1": an address */
	}
	/* the digits collected, without a trunk "(0)" */
	memmove(d + 1, d, nd);
	d[0] = '+';
	if (emit_indicator(c, K_PHONE, d, nd + 1, 0) < 0)
		return 0;
	return end;
}

/* ATT&CK technique ids: T1566, T1566.001 (enterprise), T0817 (ICS). */
static size_t scan_technique(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i + 5;

	if (i + 5 > n || s[i] != 'T' || (s[i + 1] != '0' && s[i + 1] != '1') ||
	    !is_digit(UC(s, i + 2)) || !is_digit(UC(s, i + 3)) || !is_digit(UC(s, i + 4)))
		return 0;
	if (j + 4 <= n && s[j] == '.' && is_digit(UC(s, j + 1)) && is_digit(UC(s, j + 2)) &&
	    is_digit(UC(s, j + 3)) && close_at(s, j + 4, n))
		j += 4;
	else if (j < n && s[j] == '.' && j + 1 < n && is_digit(UC(s, j + 1)))
		return 0;
	if (!close_at(s, j, n))
		return 0;
	if (emit_indicator(c, K_TECH, s + i, j - i, 0) < 0)
		return 0;
	return j;
}

static size_t scan_cve(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i + 9, d;

	if (i + 14 > n || (s[i] | 32) != 'c' || strncasecmp(s + i, "cve-", 4) != 0)
		return 0;
	for (size_t k = i + 4; k < i + 8; k++)
		if (!is_digit(UC(s, k)))
			return 0;
	if (s[i + 8] != '-')
		return 0;
	d = j;
	while (j < n && is_digit(UC(s, j)))
		j++;
	if (j - d < 4 || j - d > 7 || !close_at(s, j, n))
		return 0;
	if (emit_indicator(c, K_CVE, s + i, j - i, 0) < 0)
		return 0;
	return j;
}

static const char *const url_schemes[] = {"https://", "http://", "ftps://", "ftp://",
                                          "sftp://",  "wss://",  "ws://"};

/* A URL with its scheme; its host (a domain or an address) is also an
 * indicator. Markdown and AsciiDoc around it ("(...)", "<...>", "**...**",
 * "+...+") and sentence punctuation after it are not part of it. */
static size_t scan_url(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = 0, h, he, a, end;
	int ch = s[i] | 32, depth = 0, is_ip = 0;

	if (ch != 'h' && ch != 'f' && ch != 's' && ch != 'w')
		return 0;
	if (!((i + 5 < n && s[i + 2] == ':') || (i + 6 < n && s[i + 3] == ':') ||
	      (i + 7 < n && s[i + 4] == ':') || (i + 8 < n && s[i + 5] == ':')))
		return 0; /* no "://" where a scheme would end */
	for (size_t k = 0; k < NELEM(url_schemes); k++) {
		size_t l = strlen(url_schemes[k]);
		if (i + l <= n && strncasecmp(s + i, url_schemes[k], l) == 0) {
			j = i + l;
			break;
		}
	}
	if (!j || j >= n)
		return 0;
	end = j;
	if (s[j] == '[') { /* an IPv6 host */
		while (end < n && s[end] != ']' && !is_space(UC(s, end)))
			end++;
		if (end >= n || s[end] != ']')
			return 0;
	}
	while (end < n && !is_space(UC(s, end)) && !strchr("<>\"'`|[", s[end]) &&
	       UC(s, end) < 0x80) {
		if (s[end] == '(')
			depth++;
		else if (s[end] == ')' && depth-- == 0)
			break;
		end++;
	}
	while (end > j && strchr(".,;:!?*_'+~", s[end - 1]))
		end--;
	/* the authority: [userinfo@]host[:port] */
	for (a = j; a < end && s[a] != '/' && s[a] != '?' && s[a] != '#';)
		a++;
	h = j;
	for (size_t k = j; k < a; k++)
		if (s[k] == '@')
			h = k + 1;
	if (h < a && s[h] == '[') {
		for (he = h + 1; he < a && s[he] != ']';)
			he++;
		if (he >= a || !ip_valid(c, s + h + 1, he - h - 1))
			return 0;
		is_ip = 2;
	} else {
		for (he = h; he < a && s[he] != ':';)
			he++;
		while (he > h && s[he - 1] == '.')
			he--;
		if (he == h)
			return 0;
		if (ip_valid(c, s + h, he - h)) {
			is_ip = 1;
		} else {
			int labels, us;
			size_t tld, dend = domain_span(s, h, he, &labels, &tld, &us);
			if (dend != he || !domain_ok(c, s, h, he, labels, tld, us, DOM_URL))
				return 0;
		}
	}
	if (emit_indicator(c, K_URL, s + i, end - i, 0) < 0)
		return 0;
	if (is_ip == 2) {
		if (emit_indicator(c, K_IP, s + h + 1, he - h - 1, F_HOST) < 0)
			return 0;
	} else if (emit_indicator(c, is_ip ? K_IP : K_DOMAIN, s + h, he - h, F_HOST) < 0) {
		return 0;
	}
	return end;
}

/* Finds every indicator of the clean line, left to right: at each position
 * where a word starts, the recognisers are tried in an order that lets the
 * more specific win (a URL before its host, an e-mail before its domain,
 * an EVM address before a hash); a word nothing recognises is skipped whole. */
static int scan_indicators(rctx *c)
{
	const char *s = cg_strbuf_cstr(&c->clean);
	size_t n = c->clean.len;

	c->nspans = 0;
	for (size_t i = 0; i < n && !c->rc;) {
		int ch = UC(s, i);
		size_t e = 0;
		if (!is_alnum(ch) && ch != '+' && ch != '[' && ch != ':') {
			i++;
			continue;
		}
		if (!open_at(s, i)) {
			/* inside a word: skip to its end (a '+', '[' or ':' alone) */
			size_t j = i + 1;
			while (is_alnum(ch) && j < n && (is_alnum(UC(s, j)) || s[j] == '_'))
				j++;
			i = j;
			continue;
		}
		if (ch == '+') {
			e = scan_phone(c, s, i, n);
		} else if (ch == '[') {
			e = scan_ipv6_bracket(c, s, i, n);
		} else if (ch == ':') {
			if (i + 1 < n && s[i + 1] == ':' && (i == 0 || s[i - 1] != ':'))
				e = scan_ipv6(c, s, i, n);
		} else if (is_alpha(ch)) {
			if (!(e = scan_url(c, s, i, n)) && !c->rc &&
			    !(e = scan_email(c, s, i, n)) && !c->rc &&
			    !(e = scan_cve(c, s, i, n)) && !c->rc &&
			    !(e = scan_technique(c, s, i, n)) && !c->rc &&
			    !(e = scan_iban(c, s, i, n)) && !c->rc &&
			    !(e = scan_bech32(c, s, i, n)) && !c->rc &&
			    !(e = scan_base58(c, s, i, n)) && !c->rc &&
			    !(e = is_hex(ch) ? scan_hash(c, s, i, n) : 0) && !c->rc &&
			    !(e = is_hex(ch) ? scan_ipv6(c, s, i, n) : 0) && !c->rc)
				e = scan_domain(c, s, i, n);
		} else {
			if (!(e = scan_evm(c, s, i, n)) && !c->rc &&
			    !(e = scan_email(c, s, i, n)) && !c->rc &&
			    !(e = scan_hash(c, s, i, n)) && !c->rc &&
			    !(e = scan_base58(c, s, i, n)) && !c->rc &&
			    !(e = scan_ipv4(c, s, i, n)) && !c->rc &&
			    !(e = scan_ipv6(c, s, i, n)) && !c->rc)
				e = scan_domain(c, s, i, n);
		}
		if (c->rc)
			break;
		if (e > i) {
			if (push_span(c, i, e))
				break;
			i = e;
			continue;
		}
		/* skip the word, with its dots and hyphens */
		size_t j = i;
		while (j < n && (is_alnum(UC(s, j)) || s[j] == '_' || s[j] == '.' || s[j] == '-'))
			j++;
		i = j > i ? j : i + 1;
	}
	return c->rc;
}

/* domain resolves_to IP where the line pairs them: an alternating list
 * (domain, address, domain, address ...), or a table row with one of each. */
static int pair_hosts(rctx *c, int table_row)
{
	size_t nd = 0, ni = 0;
	int alternating = c->npairs >= 2 && c->npairs % 2 == 0;
	int rc;

	for (size_t k = 0; k < c->npairs; k++) {
		if (c->pairs[k].is_ip)
			ni++;
		else
			nd++;
		if (c->pairs[k].is_ip != (int)(k % 2))
			alternating = 0;
	}
	if (alternating) {
		for (size_t k = 0; k + 1 < c->npairs; k += 2)
			if ((rc = report_link(c, "resolves_to", c->pairs[k].e, c->pairs[k + 1].e,
			                      0)) < 0)
				return rc;
	} else if (table_row && nd == 1 && ni == 1) {
		cg_eid d = c->pairs[0].is_ip ? c->pairs[1].e : c->pairs[0].e;
		cg_eid ip = c->pairs[0].is_ip ? c->pairs[0].e : c->pairs[1].e;
		if ((rc = report_link(c, "resolves_to", d, ip, 0)) < 0)
			return rc;
	}
	return 0;
}

/* ---- undoing Markdown escapes and defanging ---- */

static int ascii_punct(int c)
{
	return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
	       (c >= 0x7b && c <= 0x7e);
}

static const struct {
	const char *from;
	char to;
} defangs[] = {
    {"[.]", '.'},   {"(.)", '.'},  {"{.}", '.'},  {"[dot]", '.'}, {"(dot)", '.'},
    {"{dot}", '.'}, {"[at]", '@'}, {"(at)", '@'}, {"{at}", '@'},  {"[@]", '@'},
    {"(@)", '@'},   {"{@}", '@'},  {"[:]", ':'},  {"[://]", 0},   {"[/]", '/'},
};

static int put_clean(rctx *c, const char *s, size_t n, int fang)
{
	if (cg_strbuf_append(&c->clean, s, n))
		return CG_ENOMEM;
	if (c->clean.len > c->fang_cap) {
		size_t cap = c->fang_cap ? c->fang_cap : 256;
		while (cap < c->clean.len)
			cap *= 2;
		unsigned char *f = realloc(c->fang, cap);
		if (!f)
			return CG_ENOMEM;
		c->fang = f;
		c->fang_cap = cap;
	}
	memset(c->fang + c->clean.len - n, fang, n);
	return 0;
}

/* clean = the line with Markdown backslash escapes removed and defanging
 * undone; fang marks the bytes defanging produced. A bracketed form with a
 * blank on each side ("evil [.] com") takes its blanks with it. */
static int clean_line(rctx *c, const char *s, size_t n)
{
	const char *u;
	size_t un;

	cg_strbuf_reset(&c->unesc);
	cg_strbuf_reset(&c->clean);
	if (cg_strbuf_reserve(&c->unesc, n) || cg_strbuf_reserve(&c->clean, n))
		return CG_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && ascii_punct(UC(s, i + 1)))
			i++;
		c->unesc.buf[c->unesc.len++] = s[i];
	}
	c->unesc.buf[c->unesc.len] = '\0';
	u = c->unesc.buf;
	un = c->unesc.len;
	for (size_t i = 0; i < un;) {
		int ch = UC(u, i);
		if ((ch == '[' || ch == '(' || ch == '{') && i + 1 < un &&
		    strchr(".dDaA@:/", u[i + 1])) {
			size_t k;
			for (k = 0; k < NELEM(defangs); k++) {
				size_t l = strlen(defangs[k].from);
				if (i + l <= un && strncasecmp(u + i, defangs[k].from, l) == 0)
					break;
			}
			if (k < NELEM(defangs)) {
				size_t l = strlen(defangs[k].from);
				/* "evil [.] com": the blanks go too */
				if (c->clean.len >= 2 && c->clean.buf[c->clean.len - 1] == ' ' &&
				    is_alnum(UC(c->clean.buf, c->clean.len - 2)) &&
				    i + l + 1 < un && u[i + l] == ' ' &&
				    is_alnum(UC(u, i + l + 1))) {
					c->clean.buf[--c->clean.len] = '\0';
					l++;
				}
				int rc = defangs[k].to ? put_clean(c, &defangs[k].to, 1, 1)
				                       : put_clean(c, "://", 3, 1);
				if (rc)
					return rc;
				i += strlen(defangs[k].from) + (l > strlen(defangs[k].from));
				continue;
			}
		} else if ((ch == 'h' || ch == 'H' || ch == 'f' || ch == 'F') && open_at(u, i)) {
			/* hxxp://, hxxps://, hXXp[:]//, fxp:// */
			size_t x = i + 1;
			if (x + 1 < un && (u[x] | 32) == 'x' && (u[x + 1] | 32) == 'x' &&
			    (ch | 32) == 'h')
				x += 2;
			else if (x < un && (u[x] | 32) == 'x' && (ch | 32) == 'f')
				x += 1;
			else
				x = 0;
			if (x && x < un && (u[x] | 32) == 'p') {
				size_t y = x + 1;
				if (y < un && (u[y] | 32) == 's')
					y++;
				if (y < un && (u[y] == ':' || u[y] == '[')) {
					int rc = put_clean(c, u + i, 1, 0);
					if (!rc)
						rc = (ch | 32) == 'h' ? put_clean(c, "tt", 2, 1)
						                      : put_clean(c, "t", 1, 1);
					if (rc)
						return rc;
					i = x;
					continue;
				}
			}
		}
		if (put_clean(c, u + i, 1, 0))
			return CG_ENOMEM;
		i++;
	}
	return 0;
}

/* ---- layer 3: names (countries and the gazetteer) ---- */

static int push_match(rctx *c, uint32_t t0, uint32_t t1, const aho_match *p, int gaz)
{
	if (c->nmatch == c->capmatch) {
		size_t cap = c->capmatch ? c->capmatch * 2 : 32;
		match *m = realloc(c->matches, cap * sizeof *m);
		if (!m)
			return fatal_nomem(c);
		c->matches = m;
		c->capmatch = cap;
	}
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
		for (size_t w = 0; w < NELEM(neg_cues1); w++)
			if (tok_is(m, q, neg_cues1[w])) {
				int exempt = 0;
				for (size_t x = 0; x < NELEM(neg_exempt_next); x++)
					exempt |= tok_is(m, q + 1, neg_exempt_next[x]);
				if (!exempt)
					return (int)(t0 - k);
			}
		if (q > 0 && !m->toks[q].brk)
			for (size_t w = 0; w < NELEM(neg_cues2); w++)
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
		for (size_t w = 0; w < NELEM(origin_cues); w++) {
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
static void trim_name(const char **s, size_t *n)
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

static int grow_ptrs(const char ***arr, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap : 16;
	while (nc < need)
		nc *= 2;
	const char **p = realloc((void *)*arr, nc * sizeof *p);
	if (!p)
		return CG_ENOMEM;
	*arr = p;
	*cap = nc;
	return 0;
}

/* Adds gazetteer entity ge to the graph, with its type, name, aliases and
 * identity keys, so that it merges with the gazetteer's own records when the
 * gazetteer is an input too. */
static int add_gazetteer_entity(rctx *c, cg_eid ge, const char *role, cg_eid *out)
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
	return report_entity_add(c, ident, (size_t)il, &rec, out);
}

/* Finds countries and gazetteer names in the line (clean, with the
 * indicators blanked) and links them. */
static int scan_names(rctx *c)
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
	if (run_ac(c, country_ac, 0) || (c->gaz && run_ac(c, c->gaz, 1)))
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

/* ---- layer 2: the template ---- */

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
	for (size_t i = 0; i < NELEM(section_words); i++)
		if (has_word(words, section_words[i].word))
			return section_words[i].sec;
	return SEC_NONE;
}

static enum label label_of(const cg_strbuf *words)
{
	for (size_t i = 0; i < NELEM(label_words); i++)
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
	for (size_t i = 0; i < NELEM(none_phrases); i++) {
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
		for (size_t k = 0; k < NELEM(lead_words) && !dropped; k++) {
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
	size_t ntails = kind == IT_SECTOR ? NELEM(sector_tails) : NELEM(malware_tails);
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
			if (in_list(key, kl, generic_first, NELEM(generic_first)))
				return 0;
			if (kind == IT_MALWARE &&
			    in_list(key, kl, malware_generic, NELEM(malware_generic)))
				return 0;
			if (kind == IT_VICTIM &&
			    in_list(key, kl, victim_generic, NELEM(victim_generic)))
				return 0;
		}
		if (in_list(key, kl, phrase_words, NELEM(phrase_words)))
			return 0;
		int marked = 0,
		    capital = is_upper(UC(p, b)) || is_digit(UC(p, b)) || UC(p, b) >= 0x80;
		for (size_t k = b; k < b + wl; k++) {
			has_letter |= is_alpha(UC(p, k)) || UC(p, k) >= 0x80;
			marked |= is_upper(UC(p, k)) || is_digit(UC(p, k));
		}
		if (!marked && !in_list(key, kl, name_glue, NELEM(name_glue)))
			all_marked = 0;
		if (!capital && !in_list(key, kl, name_glue, NELEM(name_glue)))
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
	if (!c->m_pub.len && !c->m_year[0]) {
		int rc = parse_copyright(s, n, &c->m_pub, c->m_year);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Reads ahead the first META_BYTES of the file for the metadata, then goes
 * back to its start. 0, or CG_EIO / CG_ENOMEM. */
static int read_meta(rctx *c, FILE *f)
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
		return c->rc = cg_error_set(c->err, CG_EIO, c->path, 0, 0, "read error: %s",
		                            strerror(errno));
	return 0;
}

/* Metadata on a line past the read-ahead: merged into the report entity. */
static int late_meta(rctx *c, const char *s, size_t n)
{
	int t = c->m_title.len != 0, p = c->m_pub.len != 0, y = c->m_year[0] != 0;

	if (meta_line(c, s, n, c->line))
		return fatal_nomem(c);
	if ((!t && c->m_title.len) || (!p && c->m_pub.len) || (!y && c->m_year[0]))
		return report_entity(c, !t, !p, !y);
	return 0;
}

/* Reads the structure of a line (headings, bullets, labels) and takes what
 * the template says. The other layers run after it, with the section and
 * label it set. */
static int take_structure(rctx *c)
{
	const char *s = cg_strbuf_cstr(&c->clean);
	size_t n = c->clean.len, i = 0;
	int indent = 0, level = 0, bullet = 0, rc;

	/* YAML front matter at the top: title, publisher */
	if (c->line == 1 && n >= 3 && strncmp(s, "---", 3) == 0 && n == 3) {
		c->in_front = 1;
		return 0;
	}
	if (c->in_front) {
		if (n >= 3 && strncmp(s, "---", 3) == 0)
			c->in_front = 0;
		return 0; /* front matter: read by meta_line */
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t')) {
		indent += s[i] == '\t' ? 4 : 1;
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
			level = (int)(h - i);
			i = h + 1;
		}
	} else if (i + 1 < n && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ') {
		bullet = 1;
		i += 2;
	} else if (i + 3 < n && memcmp(s + i, "\xE2\x80\xA2", 3) == 0 && s[i + 3] == ' ') {
		bullet = 1;
		i += 4;
	} else if (i < n && is_digit(UC(s, i))) {
		size_t d = i;
		while (d < n && is_digit(UC(s, d)))
			d++;
		if (d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ') {
			bullet = 1;
			i = d + 2;
		}
	}
	const char *t = s + i;
	size_t tn = n - i;
	while (tn && (t[tn - 1] == '#' || t[tn - 1] == ' ') && level)
		tn--;
	c->kind = level         ? KIND_HEADING
	          : bullet      ? KIND_BULLET
	          : s[0] == '|' ? KIND_TABLE
	                        : KIND_TEXT;
	if (tn == 0) {
		c->kind = KIND_BLANK;
		return 0; /* a blank line keeps the section and label */
	}
	/* "Threat Actor: NAME" */
	{
		const char *lab, *val;
		size_t ll, vl;
		const char *u = t;
		size_t un = tn;
		strip_md(&u, &un);
		if (un > 12 && strncasecmp(u, "threat actor", 12) == 0 &&
		    (level || bullet || indent == 0)) {
			size_t k = 12;
			if (k < un && (u[k] | 32) == 's')
				k++;
			while (k < un && (u[k] == ' ' || u[k] == '*' || u[k] == '_'))
				k++;
			if (k < un && (u[k] == ':' || u[k] == '-' || UC(u, k) == 0xE2)) {
				k += UC(u, k) == 0xE2 ? 3 : 1;
				c->sec = SEC_NONE;
				c->lbl = LBL_NONE;
				return take_actor(c, u + k, un - k);
			}
		}
		(void)lab, (void)val, (void)ll, (void)vl;
	}
	if (level) {
		const char *h = t;
		size_t hn = tn;
		strip_md(&h, &hn);
		if ((rc = key_words(h, hn, &c->tmp)))
			return fatal_nomem(c);
		enum section sec = section_of(&c->tmp);
		c->sec = sec == SEC_NONE ? SEC_OTHER : sec;
		c->lbl = LBL_NONE;
		return 0;
	}
	if (s[0] == '|') {
		/* a table row: keeps the section; a label does not reach into it */
		c->lbl = LBL_NONE;
		return 0;
	}
	const char *lab, *val;
	size_t ll, vl;
	int labelled = split_label(t, tn, &lab, &ll, &val, &vl);
	if (!bullet) {
		/* a plain line: a section name alone ("Analysis Summary",
		 * "**Targeting**"), a label line, or prose that ends a label */
		const char *h = t;
		size_t hn = tn;
		strip_md(&h, &hn);
		while (hn && h[hn - 1] == ':')
			hn--;
		int words = 1;
		for (size_t k = 0; k < hn; k++)
			words += h[k] == ' ';
		if (!labelled && words <= 5 && hn && !memchr(h, '.', hn)) {
			if (key_words(h, hn, &c->tmp))
				return fatal_nomem(c);
			enum section sec = section_of(&c->tmp);
			if (sec != SEC_NONE) {
				c->sec = sec;
				c->lbl = LBL_NONE;
				return 0;
			}
		}
		if (!labelled) {
			if (indent <= c->lbl_indent)
				c->lbl = LBL_NONE;
			return 0;
		}
	}
	if (labelled) {
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
		enum label l = label_of(&c->tmp);
		c->lbl = l;
		c->lbl_indent = indent;
		switch (l) {
		case LBL_SECTORS:
			return take_items(c, IT_SECTOR, val, vl, 0);
		case LBL_MALWARE:
			return take_items(c, IT_MALWARE, val, vl, 0);
		case LBL_VICTIMS:
			return take_items(c, IT_VICTIM, val, vl, 0);
		default:
			return 0;
		}
	}
	/* an unlabelled bullet: a sub-bullet of the label above, or not */
	if (indent > c->lbl_indent && c->lbl != LBL_NONE) {
		switch (c->lbl) {
		case LBL_SECTORS:
			return take_items(c, IT_SECTOR, t, tn, 1);
		case LBL_MALWARE:
			return take_items(c, IT_MALWARE, t, tn, 1);
		case LBL_VICTIMS:
			return take_items(c, IT_VICTIM, t, tn, 1);
		default:
			return 0;
		}
	}
	c->lbl = LBL_NONE;
	return 0;
}

/* ---- lines ---- */

static int reject_line(rctx *c, int code, const char *msg)
{
	cg_error diag;
	int rc;

	c->prev_kind = KIND_BLANK;
	c->clause_open = 0;
	cg_error_set(&diag, code, c->path, c->line, 0, "%s", msg);
	if ((rc = import_reject(c->imp, c->st, &diag, c->err)))
		c->rc = rc;
	return c->rc;
}

static int handle_line(rctx *c, char *s, size_t n, int over)
{
	int rc;

	c->line++;
	c->st->read++;
	c->rows++;
	if (n && s[n - 1] == '\r')
		n--;
	if (c->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	}
	if (!c->have_report && (rc = report_entity(c, 1, 1, 1)) < 0)
		return rc;
	if (over) {
		char msg[80];
		snprintf(msg, sizeof msg, "line is longer than %zu bytes", c->imp->opts.max_record);
		return reject_line(c, CG_ELIMIT, msg);
	}
	if (memchr(s, '\0', n))
		return reject_line(c, CG_EPARSE, "NUL byte in line");
	if (!cg_utf8_valid(s, n))
		return reject_line(c, CG_EPARSE, "invalid UTF-8");
	c->line_bad = 0;
	c->npairs = 0;
	c->kind = KIND_BLANK;
	if (clean_line(c, s, n))
		return fatal_nomem(c);
	if ((rc = take_structure(c)) < 0 || c->rc)
		return c->rc ? c->rc : rc;
	if (c->line > c->meta_lines && (rc = late_meta(c, s, n)) < 0)
		return rc;
	if (scan_indicators(c) || scan_names(c) ||
	    pair_hosts(c, c->clean.len && c->clean.buf[0] == '|') < 0)
		return c->rc;
	if (c->rc)
		return c->rc;
	c->prev_kind = c->kind;
	if (c->line_bad) {
		if ((rc = import_reject(c->imp, c->st, &c->line_diag, c->err)))
			c->rc = rc;
		return c->rc;
	}
	c->st->imported++;
	return 0;
}

/* Reads the file line by line; a line longer than max_record is not kept in
 * memory but reported. */
static int read_lines(rctx *c, FILE *f)
{
	char *buf = malloc(CHUNK);
	cg_strbuf line = CG_STRBUF_INIT;
	size_t max = c->imp->opts.max_record;
	int over = 0, pending = 0;

	if (!buf)
		return fatal_nomem(c);
	while (!c->rc) {
		size_t n = fread(buf, 1, CHUNK, f), pos = 0;
		if (n == 0) {
			if (ferror(f))
				c->rc = cg_error_set(c->err, CG_EIO, c->path, 0, 0,
				                     "read error: %s", strerror(errno));
			break;
		}
		while (pos < n && !c->rc) {
			char *nl = memchr(buf + pos, '\n', n - pos);
			size_t len = nl ? (size_t)(nl - (buf + pos)) : n - pos;
			pending = 1;
			if (!over && line.len + len > max) {
				over = 1;
				cg_strbuf_reset(&line);
			}
			if (!over && cg_strbuf_append(&line, buf + pos, len)) {
				fatal_nomem(c);
				break;
			}
			pos += len;
			if (nl) {
				pos++;
				handle_line(c, line.buf ? line.buf : (char *)"", line.len, over);
				cg_strbuf_reset(&line);
				over = 0;
				pending = 0;
				if (c->imp->opts.max_rows && c->rows >= c->imp->opts.max_rows)
					goto done;
			}
		}
	}
	if (!c->rc && pending)
		handle_line(c, line.buf ? line.buf : (char *)"", line.len, over);
done:
	free(buf);
	cg_strbuf_free(&line);
	return c->rc;
}

/* The file's name without directory and last extension. */
static int file_stem(const char *path, cg_strbuf *out)
{
	const char *b = strrchr(path, '/');
	const char *dot;
	size_t n;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	n = dot && dot > b ? (size_t)(dot - b) : strlen(b);
	cg_strbuf_reset(out);
	if (cg_strbuf_append(out, b, n))
		return CG_ENOMEM;
	int alnum = 0;
	for (size_t i = 0; i < out->len; i++)
		alnum |= is_alnum(UC(out->buf, i));
	if (!alnum || !cg_utf8_valid(out->buf, out->len)) {
		cg_strbuf_reset(out);
		return cg_strbuf_puts(out, "report");
	}
	return 0;
}

int cg_import_report(cg_import *imp, const char *path, cg_import_stats *st, cg_error *err)
{
	rctx c;
	FILE *f = NULL;

	memset(&c, 0, sizeof c);
	c.imp = imp;
	c.path = path;
	c.st = st;
	c.err = err;
	c.lbl_indent = -1;
	c.neg_carry = c.carry_in = -1;
	pthread_once(&tlds_once, tld_load);
	pthread_once(&country_once, country_build);
	if (!tlds.ok || !country_ac || file_stem(path, &c.stem)) {
		c.rc = cg_error_set(err, CG_ENOMEM, path, 0, 0, "out of memory");
		goto out;
	}
	if (imp->opts.case_name && *imp->opts.case_name) {
		c.kase = imp->opts.case_name;
	} else {
		c.kase = cg_strbuf_cstr(&c.stem);
	}
	if (imp->opts.gazetteer && cg_graph_entity_count(imp->opts.gazetteer)) {
		if (gaz_acquire(imp, imp->opts.gazetteer, &c.gaz)) {
			c.rc = cg_error_set(err, CG_ENOMEM, path, 0, 0, "out of memory");
			goto out;
		}
		c.gazg = imp->opts.gazetteer;
	}
	if (!(f = cg_import_fopen(path, imp->opts.progress, imp->opts.progress_ctx))) {
		c.rc = cg_error_set(err, CG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
		goto out;
	}
	if (!read_meta(&c, f))
		read_lines(&c, f);
out:
	if (f)
		fclose(f);
	cg_strbuf_free(&c.stem);
	cg_strbuf_free(&c.m_title);
	cg_strbuf_free(&c.m_pub);
	cg_strbuf_free(&c.casebuf);
	cg_strbuf_free(&c.unesc);
	cg_strbuf_free(&c.clean);
	cg_strbuf_free(&c.names);
	cg_strbuf_free(&c.val);
	cg_strbuf_free(&c.val2);
	cg_strbuf_free(&c.item);
	cg_strbuf_free(&c.tmp);
	normer_free(&c.nm);
	free(c.fang);
	free(c.spans);
	free(c.cache);
	cg_map64_free(&c.ecache);
	cg_map64_free(&c.lcache);
	free(c.pairs);
	free(c.matches);
	free((void *)c.keys);
	free((void *)c.aliases);
	return c.rc;
}
