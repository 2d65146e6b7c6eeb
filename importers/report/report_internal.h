/* The report importer's internals, shared by the files of importers/report/
 * (docs/REPORTS.md describes what the importer does).
 *
 * A report is read line by line, in one pass (report.c), and each line goes
 * through three layers:
 *   1. indicators anywhere in the text (indicators.c): addresses, domains,
 *      URLs, e-mails, hashes, wallets, IBANs, phones, ATT&CK ids, CVE ids,
 *      after defanging is undone, each validated (TLD list, checksums,
 *      mod-97);
 *   2. the summary template (template.c): "# Threat Actor: NAME",
 *      Targeting, Tools & Infrastructure ..., which names an actor and the
 *      sectors, countries, victims, malware and infrastructure the sections
 *      tie to it; also the report's title, publisher and year;
 *   3. names of known entities (names.c): countries, and the --gazetteer
 *      graph (whose automaton gazetteer.c builds and the session keeps),
 *      found with Aho-Corasick automata over the line's normalised words,
 *      with mentions inside a negation marked negated=true.
 * The report itself is a `document` entity (document_type report) that
 * `mentions` everything it names; every record carries the report file and
 * the line it came from. The word lists every layer uses are in
 * wordlists.c.
 *
 * A function here that takes an rctx and can fail returns < 0 when the
 * error is fatal (out of memory, a read error), with c->rc set unless it
 * says otherwise: the file stops. */
#ifndef REPORT_INTERNAL_H
#define REPORT_INTERNAL_H

#include "aho_corasick.h"
#include "cg_error.h"
#include "cg_graph.h"
#include "cg_hash.h"
#include "cg_import.h"
#include "import_internal.h"
#include "cg_strbuf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define NELEM(a)    (sizeof(a) / sizeof((a)[0]))
#define META_BYTES  (1u << 16) /* bytes read ahead for the title, publisher and year */
#define ALIGN_CELLS 16         /* cells of a row of a table aligned by blanks, at most */

/* ---- characters ---- */

static inline int is_digit(int c)
{
	return c >= '0' && c <= '9';
}
static inline int is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}
static inline int is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}
static inline int is_alpha(int c)
{
	return is_upper(c) || is_lower(c);
}
static inline int is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}
static inline int is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static inline int to_lower(int c)
{
	return is_upper(c) ? c + 32 : c;
}
static inline int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
#define UC(s, i) ((unsigned char)(s)[i])

/* An indicator may start at s[i]: the byte before is not part of a word. An
 * underscore counts as Markdown emphasis ("_evil.example_") when a non-word
 * byte stands before it. */
static inline int open_at(const char *s, size_t i)
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
static inline int close_at(const char *s, size_t j, size_t n)
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
static inline int eq_nocase(const char *s, size_t n, const char *w)
{
	if (n == 0 || (s[0] | 32) != (w[0] | 32))
		return n == 0 && w[0] == '\0'; /* the first byte decides most */
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* Whether s[0..n) is one of the count words of list, ASCII case ignored. */
static inline int in_list(const char *s, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (eq_nocase(s, n, list[i]))
			return 1;
	return 0;
}

/* in_list with the first letter compared before the rest: for long lists
 * searched per word (every list is lower case). */
static inline int in_list_fast(const char *s, size_t n, const char *const *list, size_t count)
{
	int c0;
	if (!n)
		return 0;
	c0 = to_lower(UC(s, 0));
	for (size_t i = 0; i < count; i++)
		if (UC(list[i], 0) == c0 && eq_nocase(s, n, list[i]))
			return 1;
	return 0;
}

/* ---- word lists (wordlists.c) ----
 *
 * Every list is lower case; multi-word entries are normalised text (single
 * spaces). Each list comes with its length, name_count. */

/* Section headings, matched loosely: the normalised heading (singular
 * words) containing one of section_words. First match wins. */
enum section {
	SEC_NONE,
	SEC_SUMMARY, /* Analysis Summary, Activity Summary, Overview */
	SEC_ATTRIB,  /* Attribution & Identity */
	SEC_TTP,     /* Tactics, Techniques & Procedures */
	SEC_TARGET,  /* Targeting: Sectors, Geography, Victims */
	SEC_TOOLS,   /* Tools & Infrastructure, Indicators of compromise */
	SEC_MITIG,   /* Mitigations, Recommendations */
	SEC_REFS,    /* References, Sources */
	SEC_OTHER,   /* any other heading */
};

/* Bullet labels ("- **Sectors:** ..."), matched like headings. */
enum label {
	LBL_NONE,
	LBL_SECTORS,
	LBL_GEO,
	LBL_VICTIMS,
	LBL_MALWARE,
	LBL_INFRA,
	LBL_OTHER,
};

typedef struct section_word {
	const char *word;
	enum section sec;
} section_word;

typedef struct label_word {
	const char *word;
	enum label lbl;
} label_word;

/* used by indicators.c */
/* TLDs used when no Public Suffix List is installed */
extern const char *const fallback_tlds[];
extern const size_t fallback_tlds_count;
/* TLDs reserved for documentation, tests and Tor */
extern const char *const reserved_tlds[];
extern const size_t reserved_tlds_count;
/* TLDs that are also common file extensions */
extern const char *const file_ext_tlds[];
extern const size_t file_ext_tlds_count;
/* words that make the dotted quad after them a version */
extern const char *const version_words[];
extern const size_t version_words_count;

/* used by names.c */
/* negation cues of one token */
extern const char *const neg_cues1[];
extern const size_t neg_cues1_count;
/* negation cues of two tokens */
extern const char *const neg_cues2[][2];
extern const size_t neg_cues2_count;
/* words after a cue that make it no negation ("not only") */
extern const char *const neg_exempt_next[];
extern const size_t neg_exempt_next_count;
/* words that start a clause */
extern const char *const clause_words[];
extern const size_t clause_words_count;
/* words ending in a dot that do not end a sentence */
extern const char *const abbrevs[];
extern const size_t abbrevs_count;
/* cues that a country is where an actor comes from */
extern const char *const origin_cues[];
extern const size_t origin_cues_count;
/* country names that are also given names or words */
extern const char *const ambiguous_countries[];
extern const size_t ambiguous_countries_count;
/* phrases that hold a country name without naming it */
extern const char *const country_blockers[];
extern const size_t country_blockers_count;

/* used by template.c */
/* phrases that mean "nothing" */
extern const char *const none_phrases[];
extern const size_t none_phrases_count;
/* section headings */
extern const section_word section_words[];
extern const size_t section_words_count;
/* bullet labels */
extern const label_word label_words[];
extern const size_t label_words_count;
/* first words of a list item that is a description */
extern const char *const generic_first[];
extern const size_t generic_first_count;
/* words of a list item that is a phrase */
extern const char *const phrase_words[];
extern const size_t phrase_words_count;
/* leading words dropped from a list item */
extern const char *const lead_words[];
extern const size_t lead_words_count;
/* trailing words dropped from a sector */
extern const char *const sector_tails[];
extern const size_t sector_tails_count;
/* trailing words dropped from a malware name */
extern const char *const malware_tails[];
extern const size_t malware_tails_count;
/* first words of a malware item that is a description */
extern const char *const malware_generic[];
extern const size_t malware_generic_count;
/* first words of a victim item that is a description */
extern const char *const victim_generic[];
extern const size_t victim_generic_count;
/* words allowed in lower case inside a name */
extern const char *const name_glue[];
extern const size_t name_glue_count;

/* used by persons.c */
/* Chinese surnames (pinyin, and Cantonese spellings) */
extern const char *const cn_surnames[];
extern const size_t cn_surnames_count;
/* Korean surnames (South and North Korean romanisations) */
extern const char *const kr_surnames[];
extern const size_t kr_surnames_count;
/* capitalised words that are not parts of a person's name */
extern const char *const not_name[];
extern const size_t not_name_count;
/* Russian given names */
extern const char *const ru_given[];
extern const size_t ru_given_count;
/* Japanese surnames (Hepburn, without long vowels) */
extern const char *const jp_surnames[];
extern const size_t jp_surnames_count;
/* Vietnamese surnames (without diacritics) */
extern const char *const vn_surnames[];
extern const size_t vn_surnames_count;
/* common given names */
extern const char *const given_names[];
extern const size_t given_names_count;
/* roles and words that make the name after them a person's */
extern const char *const cues_before[];
extern const size_t cues_before_count;
/* roles that make the name before them a person's (", a national") */
extern const char *const cues_after[];
extern const size_t cues_after_count;
/* the word before "name" in a field label ("Registrant Name: X") */
extern const char *const name_roles[];
extern const size_t name_roles_count;
/* verbs that only persons take, after a name ("X pleaded", "X, who") */
extern const char *const person_verbs[];
extern const size_t person_verbs_count;
/* the same after "was", "is", "has been", "had been" */
extern const char *const person_passive[];
extern const size_t person_passive_count;
/* verbs of persons and companies alike */
extern const char *const weak_verbs[];
extern const size_t weak_verbs_count;
/* words of a sentence that make a quoted name a persona */
extern const char *const persona_words[];
extern const size_t persona_words_count;

/* used by companies.c and persons.c */
/* words that are no company's or person's name by themselves */
extern const char *const company_generic[];
extern const size_t company_generic_count;

/* ---- names: normalised words and their automata (names.c) ----
 *
 * The text an automaton scans is a line's words normalised (normalise says
 * how) and joined by single spaces, with a space at each end; its patterns
 * are names normalised the same way, with a space before and after ("
 * lazarus group "), so that every match starts and ends on a word boundary
 * without a check (aho_corasick.h). A pattern's payload is a country index
 * or a gazetteer entity, its flags these: */
enum {
	PAT_UPPER = 1, /* the text must be written in capitals (abbreviations, codes) */
	PAT_AMBIG = 2, /* also a given name or word: not next to a capitalised word */
	PAT_BLOCK = 4, /* a blocker: suppresses matches inside it, names nothing */
};

/* A normalised word. */
typedef struct ntok {
	uint32_t nstart, nlen; /* the token in the normalised text */
	uint32_t cstart, cend; /* the word it came from in the source text */
	uint8_t brk;           /* a clause boundary comes before this token */
	uint8_t cap;           /* the source word starts with a capital */
} ntok;

/* A text's normalised words; zeroed, it is empty and ready for use. */
typedef struct normer {
	cg_strbuf out; /* " tok tok ... tok " */
	int open;      /* the last clause runs on past the end of the text */
	ntok *toks;    /* the tokens, in order */
	size_t nt, capt;
	cg_strbuf tmp; /* scratch for cg_norm_text */
} normer;

/* Normalises s[0..n) into m: words are runs of ASCII letters, digits, '.',
 * apostrophes and non-ASCII bytes, each without a possessive ("Korea's" ->
 * "korea") and folded like cg_norm_text; clause boundaries are marked.
 * start_brk: a clause starts with the text. 0, CG_ENOMEM, or CG_EPARSE
 * (invalid UTF-8). */
int normalise(normer *m, const char *s, size_t n, int start_brk);
/* Frees what m holds. */
void normer_free(normer *m);
/* Whether s has a capital letter and no lower-case or non-ASCII one. */
int all_caps(const char *s);
/* The automaton of country names (cg_countries, their aliases, blockers),
 * built once per process; NULL when out of memory. */
const aho_automaton *country_automaton(void);

/* ---- the import context (report.c) ---- */

/* A line's kind, for what runs on from one line to the next. */
enum { KIND_BLANK, KIND_TEXT, KIND_BULLET, KIND_HEADING, KIND_TABLE };

/* An indicator found in the clean line: clean[start .. end). */
typedef struct span {
	uint32_t start, end;
} span;

/* A domain or address of the line that may pair with another (resolves_to). */
typedef struct pairable {
	cg_eid e;  /* the entity */
	int is_ip; /* an address (else a domain) */
} pairable;

/* A name found in the line's normalised words. */
typedef struct match {
	uint32_t t0, t1;  /* first and last token */
	uint32_t payload; /* country index or gazetteer entity */
	uint32_t flags;   /* PAT_* */
	uint8_t gaz;      /* 1 gazetteer, 0 country */
	uint8_t dead;     /* filtered out, or inside a longer match */
	uint8_t negated;  /* a negation cue stands before it in its clause */
} match;

/* The state of one report's import. */
typedef struct rctx {
	import_file *in;                /* the report file: its session, counts and fatal error */
	int rc;                         /* fatal error: stops the file */
	long line;                      /* current line, 1-based */
	size_t rows;                    /* lines read (for max_rows) */
	const char *kase;               /* the case of every record */
	cg_strbuf stem;                 /* the file's name without directory and extension */
	const aho_automaton *countries; /* the country automaton */
	const aho_automaton *gaz;       /* the gazetteer's automaton, or NULL */
	const cg_graph *gazg;           /* the gazetteer */
	/* the report's state */
	cg_eid report;    /* the report's own entity ... */
	int have_report;  /* ... once made */
	cg_eid actor;     /* the actor of the template's sections ... */
	int have_actor;   /* ... once named */
	enum section sec; /* the section the line is in */
	enum label lbl;   /* the label the line is under */
	int lbl_indent;   /* indentation of the bullet that set lbl */
	int in_front;     /* inside YAML front matter (structure) */
	/* the report's title, publisher and year: read ahead in the first
	 * META_BYTES, so that the report entity is made with them */
	cg_strbuf m_title, m_pub;
	cg_strbuf m_date; /* front matter date: or published:, as written */
	char m_year[5];
	int m_front;         /* front matter: 0 none yet, 1 inside, 2 over */
	long meta_lines;     /* lines the read-ahead covered */
	int kind, prev_kind; /* KIND_* of this line and of the one before */
	int clause_open;     /* the previous line ended inside a clause */
	int neg_carry;       /* tokens since a negation cue at its end, or -1 */
	int carry_in;        /* neg_carry of the line this one continues, or -1 */
	/* the line being read */
	int line_bad;           /* a record of this line was refused */
	cg_error line_diag;     /* the first refusal's reason */
	cg_strbuf unesc, clean; /* the line without Markdown escapes, then undefanged */
	unsigned char *fang;    /* per byte of clean: produced by undoing defanging */
	int fanged_report;      /* the file defangs indicators: its plain links are citations */
	size_t fang_cap;
	span *spans; /* indicators found in clean */
	size_t nspans, capspans;
	pairable *pairs; /* standalone domains and IPs, in order */
	size_t npairs, cappairs;
	match *matches; /* names found in the line */
	size_t nmatch, capmatch;
	normer nm;                      /* the line's normalised words */
	cg_strbuf names;                /* clean with the indicators blanked */
	cg_strbuf val, val2, item, tmp; /* scratch */
	const char **keys, **aliases;   /* scratch for a gazetteer entity's record */
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
	/* gazetteer names: the entities this report made (gazetteer entity ->
	 * 1), and the negated mentions waiting for the end of the report */
	cg_map64 gazmade;
	struct negmention {
		uint32_t ge; /* the gazetteer entity */
		long line;   /* the first line that names it negated */
	} * negs;
	size_t nnegs, capnegs;
	struct ner *ner; /* layer 4's paragraph and what it found (ner.c) */
	/* a plain-text table aligned by blanks (whois.c, aligned_row) */
	uint16_t al_prev[ALIGN_CELLS]; /* the cells' first columns on the line before ... */
	int al_nprev;                  /* ... and how many (0: blank, or no table shape) */
	int al_prevgap;                /* the narrowest gap between its cells */
	uint16_t al_cols[ALIGN_CELLS]; /* the table's columns, while al_on */
	int al_ncols, al_on;
	cg_strbuf al_prevline; /* the line before, as read: the table's header */
	cg_strbuf al_row;      /* a row rewritten with '|' between its cells */
} rctx;

/* Sets the fatal error "out of memory" (c->rc) and returns it. */
int fatal_nomem(rctx *c);
/* Adds an entity record with this line's provenance. 0 done, 1 refused (the
 * line is marked), < 0 fatal (c->rc set). */
int add_entity(rctx *c, cg_entity_rec *rec, cg_eid *out);
/* Adds an entity record of this report, identified by type and ident[0..n)
 * (its normalised value), citing each line once and at most PROV_PER_REPORT
 * lines of the report (report.c). *out is set in every case. 0, 1 when the
 * graph refused the record, < 0 fatal. */
int report_entity_add(rctx *c, const char *ident, size_t n, cg_entity_rec *rec, cg_eid *out);
/* Adds a link of this report, cited like report_entity_add. 0, 1 refused,
 * < 0 fatal. */
int report_link(rctx *c, const char *type, cg_eid src, cg_eid dst, int negated);
/* Adds a tie of this report with its properties (evidence, confidence):
 * one of a type between two entities per report, the first sentence's.
 * 0, 1 refused, < 0 fatal. */
int report_tie(rctx *c, const char *type, cg_eid src, cg_eid dst, const cg_prop *props, size_t np);
/* The report mentions e (once it has its entity). 0, 1 refused, < 0 fatal. */
int mention(rctx *c, cg_eid e, int negated);
/* Keeps url[0 .. n) as a citation: a `references` property of the report's
 * entity, not an indicator. 0, or < 0 fatal. */
int report_reference(rctx *c, const char *url, size_t n);
/* Makes the report's own entity with the title, publisher and year found
 * so far, or merges the ones flagged into it. 0, or < 0 fatal. */
int report_entity(rctx *c, int title, int pub, int year);

/* ---- layer 1: indicators (indicators.c) ---- */

/* Loads the list of top-level domains, once per process ($CG_TLD_LIST, the
 * Public Suffix List, else a built-in list). 0 or CG_ENOMEM. */
int tlds_load(void);
/* c->clean = the line s[0..n) with Markdown backslash escapes removed and
 * defanging undone; c->fang marks the bytes defanging produced. 0 or
 * CG_ENOMEM (c->rc not set). */
int clean_line(rctx *c, const char *s, size_t n);
/* Finds and records every indicator of c->clean (into c->spans and
 * c->pairs, with their links). Returns c->rc. */
int scan_indicators(rctx *c);
/* Links domain resolves_to address where the line pairs them (c->pairs):
 * an alternating list, or a table row with one of each. 0 or < 0 fatal. */
int pair_hosts(rctx *c, int table_row);

/* ---- layer 2: the template (template.c) ---- */

/* Reads ahead the first META_BYTES of the file for the report's title,
 * publisher and year, then goes back to its start. 0, or < 0 fatal
 * (CG_EIO, CG_ENOMEM). */
int read_meta(rctx *c, FILE *f);
/* Metadata on a line past the read-ahead: merged into the report entity.
 * 0 or < 0 fatal. */
int late_meta(rctx *c, const char *s, size_t n);
/* Reads the structure of the clean line (headings, bullets, labels) and
 * takes what the template says; sets c->kind, c->sec and c->lbl for the
 * other layers. 0, or < 0 fatal. */
int take_structure(rctx *c);

/* ---- layer 3: names (names.c, gazetteer.c) ---- */

/* Finds countries and gazetteer names in the line (clean, with the
 * indicators blanked) and links them. 0, or < 0 fatal. */
int scan_names(rctx *c);
/* At the end of the report, the gazetteer names it named only in negations:
 * each is a `negated_mentions` property of the report's entity (no entity of
 * its own); a name also named plainly gets its negated `mentions` link, cited
 * on the first line that negates it. 0, or < 0 fatal. */
int names_finish(rctx *c);
/* Trims a name taken from the source: blanks, punctuation and a possessive
 * at the ends; a bracket only when it is unmatched. */
void trim_name(const char **s, size_t *n);
/* Grows *arr to hold need pointers. 0 or CG_ENOMEM. */
int grow_ptrs(const char ***arr, size_t *cap, size_t need);
/* Adds gazetteer entity ge to the graph (type, name, aliases, keys, and
 * role when not NULL), as report_entity_add. */
int add_gazetteer_entity(rctx *c, cg_eid ge, const char *role, cg_eid *out);
/* The automaton of gazetteer g for a report of session imp, kept by the
 * session (built when the session has none for g as g is now). Borrowed
 * until the session's next report or its end. 0 or CG_ENOMEM. */
int gazetteer_automaton(cg_import *imp, const cg_graph *g, const aho_automaton **out);

/* ---- layer 4: persons, companies, places and their ties (ner.c,
 * ties.c, companies.c, persons.c, places.c) ----
 *
 * Lines are gathered into paragraphs (hard-wrapped prose runs on; a heading,
 * a bullet, a table row or a blank line ends one); at its end the
 * paragraph is cut into sentences, each sentence into words, and the
 * recognisers of companies.c, persons.c and places.c find what it names;
 * ties.c then ties the entities of one sentence (docs/REPORTS.md,
 * "Layer 4"). */

/* What layer 4 knows of an entity of the paragraph. */
enum ntype {
	NT_PERSON,
	NT_COMPANY,
	NT_ADDRESS,
	NT_PHONE,
	NT_ACCOUNT, /* bank_account */
	NT_BANK,    /* organization: a bank */
	NT_EMAIL,
	NT_DOMAIN,
	NT_URL,
	NT_WALLET, /* a cryptocurrency address */
	NT_OTHER,  /* an indicator of another kind: not tied */
};

/* A word or a punctuation mark of a sentence: para[s .. e). */
typedef struct wtok {
	uint32_t s, e;
	uint8_t word; /* letters, digits or non-ASCII (else one punctuation byte) */
	uint8_t cap;  /* starts with an ASCII capital (2: all capitals, 2 letters or more) */
} wtok;

/* A sentence of the paragraph being read. */
typedef struct nsent {
	const char *p; /* the paragraph's text */
	uint32_t s, e; /* the sentence: p[s .. e) */
	wtok *t;       /* its words */
	size_t nt;
	int heading; /* the paragraph is a heading: no persons, no ties */
} nsent;

/* An entity of the sentence being read. */
typedef struct nent {
	uint32_t s, e; /* where the sentence names it */
	cg_eid id;
	uint8_t nt;   /* enum ntype */
	uint8_t poss; /* written as a possessive ("its", "X's") */
	uint8_t virt; /* an anaphor ("its", "the company") or a role's company: ties only */
} nent;

/* A person's surname, for later mentions by the surname alone. */
typedef struct nsur {
	char key[48]; /* lower case */
	cg_eid id;
	int ambiguous; /* two persons of the report share it */
} nsur;

/* Layer 4's state: the paragraph, the sentence's entities, the persons. */
#define WHOIS_COLS 16 /* columns of a table read by their roles */

/* The role of a table column or field label (whois.c). */
enum {
	WR_NONE,
	WR_DOMAIN,
	WR_REGISTRANT,
	WR_ORG,
	WR_EMAIL,
	WR_PHONE,
	WR_ADDRESS,
	WR_DIRECTOR, /* a company table's director, manager, CEO ... */
	WR_OWNER,    /* ... shareholder, founder, beneficial owner */
	WR_ACCOUNT,  /* ... account, IBAN */
	WR_WEBSITE,  /* ... website, site, URL */
	WR_SWIFT,    /* ... SWIFT, BIC (of the row's bank) */
};

typedef struct ner {
	cg_strbuf para; /* the paragraph's clean lines, joined by a space */
	struct pline {
		uint32_t off; /* where the line starts in para */
		long line;
	} * lines;
	size_t nlines, caplines;
	nent *inds; /* indicators noted, at their place in para */
	size_t ninds, capinds;
	nent *ents; /* the sentence's entities */
	size_t nents, capents;
	nent *pents; /* the paragraph's persons and companies (s: sentence index) */
	size_t npents, cappents;
	wtok *toks;
	size_t captoks;
	uint32_t base;   /* where the current line starts in para */
	int heading;     /* the paragraph is a heading */
	char country[3]; /* the country the report last named */
	cg_eid focus;    /* the company "its" stands for in the paragraph ... */
	int have_focus;  /* ... once it named one */
	cg_eid pfocus;   /* the person "he", "she" stand for: the last one named ... */
	int have_pfocus; /* ... in the paragraph ... */
	int pgender;     /* ... and the pronouns that stood for it: 0 none yet, 1 he, 2 she */
	cg_eid subj;     /* the paragraph's first person or company (its field lines' owner) */
	int subj_nt, have_subj;
	cg_eid sec_focus;          /* the company a title line names ("1) X Co., Ltd."), for the */
	int have_sec;              /* paragraphs under it until the next heading */
	cg_eid title_co;           /* the paragraph's company (section_title) ... */
	uint32_t title_s, title_e; /* ... where it names it ... */
	int ntitle;                /* ... and how many companies it names */
	uint32_t alias_at; /* the sentence gives the subject another name from here (0: no) */
	nsur *cal;         /* the report's companies' aliases (key: cg_norm_company) */
	size_t ncal, capcal;
	nsur *sur; /* surnames of the report's persons */
	size_t nsur, capsur;
	uint32_t *brk; /* where a field line ("Manager: X") starts a sentence in para */
	size_t nbrk, capbrk;
	uint32_t *sends; /* where each sentence of the paragraph ends (flush) */
	size_t nsends, capsends;
	nsur *known; /* full names (normalised) the report gave persons with evidence */
	size_t nknown, capknown;
	struct cname {
		char key[96]; /* " words of the name " (normalised) */
		cg_eid id;
	} * cnames; /* the report's companies, by name and alias (companies.c) */
	size_t ncnames, capcnames;
	cg_strbuf ev, tmp; /* scratch */
	/* tables and WHOIS records (whois.c) */
	uint8_t tab_role[WHOIS_COLS];  /* WR_* of each column of the table being read ... */
	uint8_t cand_role[WHOIS_COLS]; /* ... of the row that may be its header */
	int tab_ok, cand_ok;           /* a header was read (a separator row followed it) */
	int tab_whois, cand_whois;     /* it has a domain and a registrant column, or a
	                                * company column and another role */
	int row;                       /* the paragraph is a row of that table */
	int adoc;                      /* inside an AsciiDoc table (|===) ... */
	int adoc_rows;                 /* ... rows read in it */
	int adoc_opt;                  /* the attribute line before says options="header" */
	int tab_ncols, cand_ncols;     /* cells of the header (of the candidate) */
	int adoc_cells;                /* cells of the AsciiDoc row read so far (a row may take
	                                * a line per cell: the paragraph runs on until it has
	                                * tab_ncols) */
	int whois;                     /* the paragraph is read by roles (whois_ties) */
	struct rent {
		nent x;
		uint8_t role; /* WR_* */
	} * rents;            /* the paragraph's entities with their roles */
	size_t nrents, caprents;
} ner;

/* Starts a line: ends the paragraph when the line starts another. Call
 * after take_structure, before scan_indicators. 0, or < 0 fatal. */
int ner_line_begin(rctx *c);
/* Adds the clean line to the paragraph. 0, or < 0 fatal. */
int ner_line_end(rctx *c);
/* Notes an indicator of the line (clean[off .. off+n)) that became e. */
int ner_note(rctx *c, const char *type, cg_eid e, size_t off, size_t n);
/* Ends the last paragraph (end of file). 0, or < 0 fatal. */
int ner_finish(rctx *c);
void ner_free(rctx *c);
/* Makes an entity of the sentence (type, name[0..n), keyed by its
 * normalised ident), mentions it, and records it at p[s .. e) for the
 * ties. *out (may be NULL) gets it. 0, 1 refused, < 0 fatal. */
int ner_entity(rctx *c, enum ntype nt, cg_entity_rec *rec, const char *ident, size_t nident,
               uint32_t s, uint32_t e, cg_eid *out);
/* Ties a and b with the whole paragraph as evidence, cited on its first
 * line: high confidence (typed), else medium (mentioned_with). 0 or < 0. */
int ner_para_tie(rctx *c, const char *type, cg_eid a, cg_eid b, int high);
/* Tables and WHOIS records (whois.c). whois_line: reads the line's table
 * structure (a header row, then a separator row, gives the column roles;
 * any other line ends the table). whois_para: at the start of a
 * paragraph, whether it is read by roles (a WHOIS table's row, or a block
 * of field lines with a domain and a registrant label). whois_role_at: the
 * WR_* of para[off] (its column, or its line's label). whois_collect: keeps
 * the sentence's entities with their roles; whois_ties: the paragraph's
 * ties by roles. 0 or < 0 fatal (whois_para, whois_role_at: the value). */
int whois_line(rctx *c);
int whois_para(rctx *c);
int whois_role_at(const rctx *c, uint32_t off);
int whois_collect(rctx *c);
int whois_ties(rctx *c);
/* A plain-text table aligned by blanks (pandoc's simple tables, tool
 * output): a line whose cells, two blanks or more apart, start at the
 * columns of the line before (or under the dash runs of a ruler), and the
 * lines after it that keep to those columns, are table rows: *s, *n become
 * the row with '|' before each cell (c->al_row), so that names never run
 * from one cell into the next and the line before gives the columns their
 * roles (whois.c). Call on each line as read, before clean_line. 0 or < 0
 * fatal. */
int aligned_row(rctx *c, const char **s, size_t *n);
/* Records an entity already made (a later mention) at p[s .. e). */
int ner_refer(rctx *c, enum ntype nt, cg_eid id, uint32_t s, uint32_t e);
/* Whether p[s .. e) overlaps an entity already recorded in the sentence. */
int ner_taken(const rctx *c, uint32_t s, uint32_t e);
/* The country (ISO alpha-2) the text around p[at] is about: the sentence,
 * then the paragraph, then the report so far; NULL when none. */
const char *ner_country(rctx *c, const nsent *st, uint32_t at);
/* The line of para[off] (ner.c). */
long ner_line_of(const ner *n, uint32_t off);
/* ties.c: the typed ties of the sentence's entities (c->ner->ents), then
 * mentioned_with between the pairs no typed tie joined. 0 or < 0 fatal. */
int ner_tie_sentence(rctx *c, const nsent *st);
/* ties.c: persons and companies of the paragraph in different sentences,
 * mentioned_with at low confidence (when asked for). 0 or < 0 fatal. */
int ner_tie_paragraph(rctx *c);
/* ties.c: whether the entity names a bank (a word "Bank" or "Banking" in
 * it, or a label before it that names a bank: "Beneficiary's bank: X"). */
int ner_is_bank(const nsent *st, const nent *x);
/* Whether an entity of this ntype is a party of ties (a person or a
 * company). */
static inline int is_party(int nt)
{
	return nt == NT_PERSON || nt == NT_COMPANY;
}
/* Copies p[s .. e) into b (reset first) with whitespace runs made one
 * blank and none at the start, stopping once b holds max bytes or more (a
 * cut may split a UTF-8 character). 0 or CG_ENOMEM. */
int ner_fold(cg_strbuf *b, const char *p, uint32_t s, uint32_t e, size_t max);
/* Whether word t of st equals the lower-case w (ASCII case ignored). */
int wt_is(const nsent *st, size_t t, const char *w);
/* The index of the word whose text starts at byte off, or st->nt. */
size_t wt_at(const nsent *st, uint32_t off);

/* scripts.c: whether p[s .. e) (blanks trimmed) has the shape of a
 * person's name in another script: 2 to 4 Hangul syllables, 2 to 4 Han
 * characters that do not end like a place or an organisation (市, 路, 司
 * ...), or 2 to 4 capitalised Cyrillic words. The script, or NATIVE_NONE. */
enum { NATIVE_NONE, NATIVE_HANGUL, NATIVE_HAN, NATIVE_CYRILLIC };
int native_name(const char *p, uint32_t s, uint32_t e);
/* companies.c: companies by legal form, with aliases; persons.c: persons
 * by cue and by name shape, later mentions by surname. 0, or < 0 fatal. */
int find_companies(rctx *c, const nsent *st);
int find_persons(rctx *c, const nsent *st);
/* The company of the report whose name or alias holds the words p[s .. e)
 * in a row (two words or more), or CG_NO_ENTITY (companies.c; c->rc set
 * when out of memory). */
cg_eid ner_company_named(rctx *c, const char *p, uint32_t s, uint32_t e);
/* The company of the report that p[s .. e) names by one of its aliases
 * ("Sandgrove" after "Sandgrove Digital Trading L.L.C. (Sandgrove)"), or
 * CG_NO_ENTITY (companies.c; c->rc set when out of memory). */
cg_eid ner_company_alias(rctx *c, const char *p, uint32_t s, uint32_t e);
/* places.c: addresses, national phone numbers, bank accounts and SWIFT
 * codes. 0, or < 0 fatal. */
int find_places(rctx *c, const nsent *st);

#endif
