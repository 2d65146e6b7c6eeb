/* The labelled corpus of tests/data/reports-ner/ (issue 14 item 6, the
 * corpus's README says how it is written): every report imported with the
 * report importer, what it yields compared with the report's gold file, and
 * precision and recall printed per entity kind and per tie type, separately
 * for the tuning set (every report not named h2-*, h3-* or h5-*), the
 * held-out set of round 5 (files named h5-*, not opened while tuning), rounds
 * 2 and 3 (h2-*, h3-*, held out until their figures were seen by the tuners,
 * printed apart as "seen"), rounds 1 and 4 (h-*, h4-*, each scored once as
 * held out and tuning material since, printed apart so that their figures
 * stay comparable) and the whole corpus. Each miss and each false positive
 * is printed for the tuning set; for the held-out rounds (h2-*, h3-*, h5-*)
 * only the group totals, unless CG_NER_SHOW_HELDOUT=1 is in the
 * environment.
 *
 * Asserted today: indicators (domain, e-mail, IP, URL, hash, wallet) at
 * least 0.98 precision and recall over the whole corpus, and no typed tie
 * between the two ends of a notie line (a negated or hedged pair). Printed,
 * not asserted: companies, persons, addresses, phones, accounts, SWIFT codes,
 * ties and references, which the extraction of issue 14 is to raise; the
 * issue's targets are asserted, on the held-out set (h5-*), only with
 * CG_NER_TARGETS=1 in the environment.
 *
 * Names (companies, persons, addresses) are compared after cg_norm_text on
 * both sides (addresses after cg_norm_address), the entity's aliases
 * included; phones and accounts by the graph's keys; indicators by the
 * entity's name, which is its identity. Everything in the corpus is
 * invented. */
#include "cg_graph.h"
#include "cg_import.h"
#include "cg_normalize.h"
#include "testutil.h"

#include <check.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* The issue's targets (issue 14, "Quality, measured"), over the held-out
 * set (h5-*): asserted only when CG_NER_TARGETS=1, since the extraction that
 * reaches them is written apart from this corpus. Indicators are asserted
 * always, over the whole corpus (INDICATOR_MIN). */
#define TARGET_NAME_PRECISION 0.95 /* companies, persons, addresses, phones */
#define TARGET_NAME_RECALL    0.90
#define TARGET_TIE_PRECISION  0.90 /* typed ties, all types together */
#define INDICATOR_MIN         0.98 /* indicators: precision and recall */

#define MIN_REPORTS  30
#define MIN_HELDOUT  10 /* reports of the held-out set (h5-*) */
#define MAX_REPORTS  128
#define MAX_ITEMS    256 /* gold entity lines of one report */
#define MAX_TIES     128 /* tie and notie lines of one report */
#define MAX_REFS     64
#define MAX_VALUE    512
#define MAX_GOLDLINE 2048

static char basedir[64];
static char tmpdir[128];
static char source_root[4096];

/* ---- the gold file ---- */

enum { K_COMPANY, K_PERSON, K_ADDRESS, K_PHONE, K_BANK, K_SWIFT, K_INDICATOR, K_COUNT };
static const char *const kind_names[K_COUNT] = {
    "company", "person", "address", "phone", "bank_account", "swift", "indicator",
};
static const char *const indicator_types[] = {"domain", "email", "ip", "url", "hash", "wallet"};
#define N_INDICATOR_TYPES (sizeof indicator_types / sizeof indicator_types[0])
/* The typed ties (issue 14 item 4); mentioned_with is not scored. */
static const char *const tie_types[] = {
    "registrant_of", "director_of", "owns",          "employee_of", "registered_at",
    "located_in",    "uses",        "holds_account", "alias_of",
};
#define N_TIE_TYPES (sizeof tie_types / sizeof tie_types[0])
/* What a tie's end may be: the gold kinds, the indicator types, countries. */
static const char *const end_kinds[] = {
    "company", "person", "address", "phone", "bank_account", "swift",  "country",
    "domain",  "email",  "ip",      "url",   "hash",         "wallet",
};

typedef struct item {
	int kind;
	char itype[16]; /* indicator type */
	char value[MAX_VALUE];
	long line;
} item;

typedef struct end {
	char kind[16];
	char value[MAX_VALUE];
} end;

typedef struct tie {
	int type; /* index in tie_types; -1 for a notie */
	end a, b;
	long line;
} tie;

typedef struct gold {
	item items[MAX_ITEMS];
	size_t n;
	tie ties[MAX_TIES];
	size_t nt;
	char refs[MAX_REFS][MAX_VALUE];
	size_t nr;
} gold;

static int index_of(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static int all_chars(const char *s, const char *set, int (*cls)(int))
{
	for (; *s; s++)
		if (!(cls && cls((unsigned char)*s)) && !strchr(set, *s))
			return 0;
	return 1;
}

static int is_upper_digit(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int parse_end(const char *s, end *out)
{
	const char *colon = strchr(s, ':');
	size_t k = colon ? (size_t)(colon - s) : 0;

	if (!colon || k == 0 || k >= sizeof out->kind || !colon[1])
		return -1;
	snprintf(out->kind, sizeof out->kind, "%.*s", (int)k, s);
	snprintf(out->value, sizeof out->value, "%s", colon + 1);
	return index_of(end_kinds, sizeof end_kinds / sizeof end_kinds[0], out->kind) < 0 ? -1 : 0;
}

/* Checks one value of a gold entity line; NULL when good, else the reason. */
static const char *check_value(int kind, const char *v, char *why, size_t n)
{
	size_t len = strlen(v);

	if (!*v || isspace((unsigned char)v[0]) || isspace((unsigned char)v[len - 1]))
		snprintf(why, n, "%s value '%s' is empty or has blanks around it", kind_names[kind],
		         v);
	else if (kind == K_PHONE &&
	         (v[0] != '+' || len < 9 || len > 16 || !all_chars(v + 1, "", isdigit)))
		snprintf(why, n, "phone '%s' is not +E.164 (8 to 15 digits)", v);
	else if (kind == K_BANK && (len < 5 || len > 34 || !all_chars(v, "", is_upper_digit)))
		snprintf(why, n, "bank_account '%s' is not compact capitals and digits", v);
	else if (kind == K_SWIFT && ((len != 8 && len != 11) || !all_chars(v, "", is_upper_digit)))
		snprintf(why, n, "swift '%s' is not a BIC (8 or 11 capitals and digits)", v);
	else
		return NULL;
	return why;
}

/* One line of a gold file (fields split on tabs) into gd; NULL when good,
 * else the reason. */
static const char *parse_gold_line(char **f, size_t nf, long line, gold *gd, char *why, size_t n)
{
	int kind = index_of(kind_names, K_COUNT, f[0]);
	int want = kind == K_INDICATOR                           ? 3
	           : kind >= 0 || strcmp(f[0], "reference") == 0 ? 2
	           : strcmp(f[0], "tie") == 0                    ? 4
	           : strcmp(f[0], "notie") == 0                  ? 3
	                                                         : -1;

	if (want < 0)
		return snprintf(why, n, "unknown kind '%s'", f[0]), why;
	if ((int)nf != want)
		return snprintf(why, n, "%s takes %d fields, not %zu", f[0], want, nf), why;
	if (kind >= 0) {
		item *it = &gd->items[gd->n];
		const char *v = f[nf - 1];
		if (gd->n == MAX_ITEMS)
			return snprintf(why, n, "more than %d entity lines", MAX_ITEMS), why;
		if (kind == K_INDICATOR && index_of(indicator_types, N_INDICATOR_TYPES, f[1]) < 0)
			return snprintf(why, n, "unknown indicator type '%s'", f[1]), why;
		if (check_value(kind, v, why, n))
			return why;
		it->kind = kind;
		snprintf(it->itype, sizeof it->itype, "%s", kind == K_INDICATOR ? f[1] : "");
		snprintf(it->value, sizeof it->value, "%s", v);
		it->line = line;
		gd->n++;
		return NULL;
	}
	if (strcmp(f[0], "reference") == 0) {
		if (gd->nr == MAX_REFS)
			return snprintf(why, n, "more than %d reference lines", MAX_REFS), why;
		if (!strchr(f[1], '.') || strchr(f[1], ' '))
			return snprintf(why, n, "reference '%s' is not a URL or a domain", f[1]),
			       why;
		snprintf(gd->refs[gd->nr++], MAX_VALUE, "%s", f[1]);
		return NULL;
	}
	tie *t = &gd->ties[gd->nt];
	int k = nf == 4 ? 2 : 1;
	if (gd->nt == MAX_TIES)
		return snprintf(why, n, "more than %d tie lines", MAX_TIES), why;
	t->type = nf == 4 ? index_of(tie_types, N_TIE_TYPES, f[1]) : -1;
	if (nf == 4 && t->type < 0)
		return snprintf(why, n, "unknown tie type '%s'", f[1]), why;
	for (int i = 0; i < 2; i++)
		if (parse_end(f[k + i], i ? &t->b : &t->a) != 0)
			return snprintf(why, n, "bad tie end '%s' (kind:name)", f[k + i]), why;
	t->line = line;
	gd->nt++;
	return NULL;
}

/* Reads a gold file into gd. 0, or -1 with msg "path:line: reason". */
static int read_gold(const char *path, gold *gd, char *msg, size_t n)
{
	FILE *f = fopen(path, "r");
	char line[MAX_GOLDLINE], why[MAX_GOLDLINE + 200];
	long lineno = 0;

	memset(gd, 0, sizeof *gd);
	if (!f)
		return snprintf(msg, n, "%s: cannot read: %s", path, strerror(errno)), -1;
	while (fgets(line, sizeof line, f)) {
		char *fields[6];
		size_t nf = 0, len = strcspn(line, "\r\n");
		lineno++;
		if (!line[len] && !feof(f)) {
			snprintf(msg, n, "%s:%ld: line longer than %d bytes", path, lineno,
			         MAX_GOLDLINE - 2);
			fclose(f);
			return -1;
		}
		line[len] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		for (char *p = line; p && nf < 6;) {
			fields[nf++] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (parse_gold_line(fields, nf, lineno, gd, why, sizeof why)) {
			snprintf(msg, n, "%s:%ld: %s", path, lineno, why);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

/* ---- matching the graph with the gold ---- */

static cg_graph *g;

/* Whether the per-file lines (misses, wrong ones, diagnostics) of the report
 * being scored are printed: not for a held-out report (h2-*, h3-*, h5-*) unless
 * CG_NER_SHOW_HELDOUT=1, so that running the test tells a tuner only the
 * held-out groups' totals (the corpus's README, "Held-out rule"). */
static int details = 1;

/* The notie lines that got a typed tie ("file.gold:line ..."), named by the
 * assertion whether or not the report's own lines are printed. */
static char notie_broken[1024];

static void detail(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static void detail(const char *fmt, ...)
{
	va_list ap;

	if (!details)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

static cg_strbuf ring[4]; /* the buffers of normed */

/* s normalised by norm, in a buffer of the ring (valid for four calls). */
static const char *normed(int (*norm)(const char *, size_t, cg_strbuf *), const char *s)
{
	static unsigned next;
	cg_strbuf *b = &ring[next++ % 4];

	if (norm(s, strlen(s), b) == CG_ENOMEM)
		ck_abort_msg("out of memory");
	return cg_strbuf_cstr(b);
}

static void free_ring(void)
{
	for (int i = 0; i < 4; i++)
		cg_strbuf_free(&ring[i]);
}

/* Whether the entity's name or one of its aliases, normalised by norm, is
 * the value normalised likewise. */
static int name_matches(cg_eid e, const char *value, int (*norm)(const char *, size_t, cg_strbuf *))
{
	char want[MAX_VALUE * 2];
	const char *alias;
	cg_iter it;

	snprintf(want, sizeof want, "%s", normed(norm, value));
	if (!want[0])
		return 0;
	if (cg_entity_name(g, e) && strcmp(normed(norm, cg_entity_name(g, e)), want) == 0)
		return 1;
	it = cg_entity_aliases(g, e);
	while (cg_iter_next_str(g, &it, &alias))
		if (strcmp(normed(norm, alias), want) == 0)
			return 1;
	return 0;
}

/* s without blanks, hyphens and dots, in capitals, equal to want. */
static int compact_is(const char *s, const char *want)
{
	if (!s)
		return 0;
	for (;; s++) {
		if (*s == ' ' || *s == '-' || *s == '.')
			continue;
		if (toupper((unsigned char)*s) != *want)
			return 0;
		if (!*s)
			return 1;
		want++;
	}
}

static int key_matches(cg_eid e, const char *want, int after_colon)
{
	cg_iter it = cg_entity_keys(g, e);
	const char *k;
	while (cg_iter_next_str(g, &it, &k)) {
		const char *c = after_colon ? strrchr(k, ':') : NULL;
		if (after_colon ? compact_is(c ? c + 1 : k, want) : strcmp(k, want) == 0)
			return 1;
	}
	return 0;
}

static const char *const swift_props[] = {"swift", "bic", "swift_code", "bic_code"};

static int is_swift_type(const char *type)
{
	return strcmp(type, "swift") == 0 || strcmp(type, "bic") == 0;
}

static int has_swift(cg_eid e, const char *want)
{
	cg_iter it = cg_entity_props(g, e);
	const char *n, *v;

	if (is_swift_type(cg_entity_type_name(g, e)) && compact_is(cg_entity_name(g, e), want))
		return 1;
	while (cg_iter_next_prop(g, &it, &n, &v))
		if (index_of(swift_props, 4, n) >= 0 && compact_is(v, want))
			return 1;
	return 0;
}

/* Whether entity e is what a gold value of this kind names: kind is a gold
 * entity kind, an indicator type or "country". */
static int entity_is(cg_eid e, const char *kind, const char *value)
{
	const char *type = cg_entity_type_name(g, e);

	if (strcmp(kind, "swift") == 0)
		return has_swift(e, value);
	if (strcmp(type, kind) != 0)
		return 0;
	if (strcmp(kind, "company") == 0 || strcmp(kind, "person") == 0)
		return name_matches(e, value, cg_norm_text);
	if (strcmp(kind, "address") == 0)
		return name_matches(e, value, cg_norm_text) ||
		       name_matches(e, value, cg_norm_address);
	if (strcmp(kind, "phone") == 0)
		return key_matches(e, value, 0) || strcmp(cg_entity_name(g, e), value) == 0;
	if (strcmp(kind, "bank_account") == 0)
		return key_matches(e, value, 1) || compact_is(cg_entity_name(g, e), value) ||
		       compact_is(cg_entity_prop(g, e, "iban"), value) ||
		       compact_is(cg_entity_prop(g, e, "account_number"), value);
	if (strcmp(kind, "country") == 0) {
		const char *code = cg_entity_prop(g, e, "code");
		return (code && strcasecmp(code, value) == 0) ||
		       name_matches(e, value, cg_norm_text);
	}
	return cg_entity_name(g, e) && strcmp(cg_entity_name(g, e), value) == 0;
}

static int item_matches(cg_eid e, const item *it)
{
	return entity_is(e, it->kind == K_INDICATOR ? it->itype : kind_names[it->kind], it->value);
}

/* The gold kind an entity is scored as, or -1 (the report, actors,
 * countries, sectors ... are not scored here). */
static int kind_of_entity(cg_eid e)
{
	const char *type = cg_entity_type_name(g, e);
	int k = index_of(kind_names, K_INDICATOR, type);

	if (k >= 0)
		return k;
	if (is_swift_type(type))
		return K_SWIFT;
	return index_of(indicator_types, N_INDICATOR_TYPES, type) >= 0 ? K_INDICATOR : -1;
}

/* The host of a URL or a bare domain, lower case, without "www.". */
static void host_of(const char *ref, char *out, size_t n)
{
	const char *p = strstr(ref, "://");
	size_t k;

	p = p ? p + 3 : ref;
	if (strncasecmp(p, "www.", 4) == 0)
		p += 4;
	k = strcspn(p, "/:?#");
	if (k >= n)
		k = n - 1;
	for (size_t i = 0; i < k; i++)
		out[i] = (char)tolower((unsigned char)p[i]);
	out[k] = '\0';
}

/* Whether indicator entity e is a reference: its URL, the URL's host, or an
 * e-mail address at that host (a publisher's own domain). */
static int is_reference(cg_eid e, const char *ref)
{
	const char *type = cg_entity_type_name(g, e), *name = cg_entity_name(g, e);
	char host[MAX_VALUE], ehost[MAX_VALUE];

	if (!name)
		return 0;
	host_of(ref, host, sizeof host);
	if (strcmp(type, "domain") == 0)
		return strcmp(name, host) == 0;
	if (strcmp(type, "email") == 0)
		return strchr(name, '@') && strcmp(strchr(name, '@') + 1, host) == 0;
	if (strcmp(type, "url") == 0) {
		host_of(name, ehost, sizeof ehost);
		return strcmp(ehost, host) == 0;
	}
	return 0;
}

/* ---- scoring one report ---- */

/* Gold lines of one kind or tie type: how many, how many found; the
 * graph's entities or links of it: how many right, how many wrong. */
typedef struct tally {
	int gold, found, ok, wrong;
} tally;

typedef struct scores {
	int reports;
	tally kind[K_COUNT];
	tally ties[N_TIE_TYPES];
	int refs, refs_taken; /* references, and those taken as indicators */
	int notie, unchecked; /* notie pairs, those with an end not found */
	int notie_typed;      /* notie pairs that got a typed tie (asserted 0) */
	int notie_other;      /* ... or another link (mentioned_with ...) */
	int rejected;         /* lines the importer rejected */
} scores;

static int tie_alias(void)
{
	return index_of(tie_types, N_TIE_TYPES, "alias_of");
}

static int end_is(cg_eid e, const end *x)
{
	return entity_is(e, x->kind, x->value);
}

/* Whether link l is the gold tie t (alias_of: either direction). */
static int link_is_tie(cg_lid l, const tie *t)
{
	cg_eid s = cg_link_source(g, l), d = cg_link_target(g, l);

	if (t->type < 0 || strcmp(cg_link_type_name(g, l), tie_types[t->type]) != 0)
		return 0;
	if (end_is(s, &t->a) && end_is(d, &t->b))
		return 1;
	return t->type == tie_alias() && end_is(s, &t->b) && end_is(d, &t->a);
}

/* Whether the graph has the gold tie: a link, or for alias_of one entity
 * that is both names. */
static int tie_found(const tie *t)
{
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		if (link_is_tie(l, t))
			return 1;
	if (t->type == tie_alias())
		for (cg_eid e = 0; e < cg_graph_entity_count(g); e++)
			if (end_is(e, &t->a) && end_is(e, &t->b))
				return 1;
	return 0;
}

static long link_line(cg_lid l)
{
	cg_iter it = cg_link_provs(g, l);
	cg_prov p;
	return cg_iter_next_prov(g, &it, &p) ? p.line : 0;
}

static int any_matches(const gold *gd, int kind, cg_eid e)
{
	for (size_t i = 0; i < gd->n; i++)
		if (gd->items[i].kind == kind && item_matches(e, &gd->items[i]))
			return 1;
	return 0;
}

static void score_entities(const char *report, const gold *gd, cg_eid rep, scores *s)
{
	for (size_t i = 0; i < gd->n; i++) {
		const item *it = &gd->items[i];
		tally *t = &s->kind[it->kind];
		cg_eid e = 0;
		t->gold++;
		while (e < cg_graph_entity_count(g) && (e == rep || !item_matches(e, it)))
			e++;
		if (e < cg_graph_entity_count(g))
			t->found++;
		else
			detail("  %s: missed %s%s%s '%s' (gold line %ld)\n", report,
			       kind_names[it->kind], it->itype[0] ? " " : "", it->itype, it->value,
			       it->line);
	}
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
		int k = e == rep ? -1 : kind_of_entity(e);
		size_t r = 0;
		if (k < 0)
			continue;
		if (any_matches(gd, k, e)) {
			s->kind[k].ok++;
			continue;
		}
		while (k == K_INDICATOR && r < gd->nr && !is_reference(e, gd->refs[r]))
			r++;
		if (k == K_INDICATOR && r < gd->nr)
			continue; /* counted with the references */
		s->kind[k].wrong++;
		detail("  %s: unexpected %s '%s'\n", report, cg_entity_type_name(g, e),
		       cg_entity_name(g, e) ? cg_entity_name(g, e) : "");
	}
	/* a SWIFT code kept as a property of an account or a bank */
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
		cg_iter it = cg_entity_props(g, e);
		const char *n, *v;
		if (is_swift_type(cg_entity_type_name(g, e)))
			continue;
		while (cg_iter_next_prop(g, &it, &n, &v)) {
			size_t i = 0;
			if (index_of(swift_props, 4, n) < 0)
				continue;
			while (i < gd->n &&
			       !(gd->items[i].kind == K_SWIFT && compact_is(v, gd->items[i].value)))
				i++;
			if (i < gd->n) {
				s->kind[K_SWIFT].ok++;
			} else {
				s->kind[K_SWIFT].wrong++;
				detail("  %s: unexpected swift '%s' on %s '%s'\n", report, v,
				       cg_entity_type_name(g, e), cg_entity_name(g, e));
			}
		}
	}
}

static void score_references(const char *report, const gold *gd, scores *s)
{
	for (size_t r = 0; r < gd->nr; r++) {
		s->refs++;
		for (cg_eid e = 0; e < cg_graph_entity_count(g); e++)
			if (kind_of_entity(e) == K_INDICATOR && !any_matches(gd, K_INDICATOR, e) &&
			    is_reference(e, gd->refs[r])) {
				s->refs_taken++;
				detail("  %s: reference taken as an indicator: %s '%s'\n", report,
				       cg_entity_type_name(g, e), cg_entity_name(g, e));
				break;
			}
	}
}

/* Links between the two ends of a notie, in either direction: typed ties
 * into *typed, other links but mentions into *other. */
static void notie_links(const tie *t, int *typed, int *other)
{
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		cg_eid s = cg_link_source(g, l), d = cg_link_target(g, l);
		const char *type = cg_link_type_name(g, l);
		if (!((end_is(s, &t->a) && end_is(d, &t->b)) ||
		      (end_is(s, &t->b) && end_is(d, &t->a))))
			continue;
		if (index_of(tie_types, N_TIE_TYPES, type) >= 0)
			(*typed)++;
		else if (strcmp(type, "mentions") != 0)
			(*other)++;
	}
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++)
		if (end_is(e, &t->a) && end_is(e, &t->b))
			(*typed)++; /* made one entity: an alias_of */
}

static void score_ties(const char *report, const gold *gd, scores *s)
{
	for (size_t i = 0; i < gd->nt; i++) {
		const tie *t = &gd->ties[i];
		int typed = 0, other = 0, fa = 0, fb = 0;
		if (t->type >= 0) {
			s->ties[t->type].gold++;
			if (tie_found(t))
				s->ties[t->type].found++;
			else
				detail("  %s: missed tie %s %s:%s -> %s:%s (gold line %ld)\n",
				       report, tie_types[t->type], t->a.kind, t->a.value, t->b.kind,
				       t->b.value, t->line);
			continue;
		}
		s->notie++;
		for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
			fa |= end_is(e, &t->a);
			fb |= end_is(e, &t->b);
		}
		if (!fa || !fb) {
			s->unchecked++;
			continue;
		}
		notie_links(t, &typed, &other);
		s->notie_typed += typed > 0;
		if (typed) {
			size_t k = strlen(notie_broken);
			snprintf(notie_broken + k, sizeof notie_broken - k, " %s.gold:%ld", report,
			         t->line);
		}
		s->notie_other += typed == 0 && other > 0;
		if (typed || other)
			detail(
			    "  %s: notie %s:%s / %s:%s (gold line %ld) has %d typed ties, %d other "
			    "links\n",
			    report, t->a.kind, t->a.value, t->b.kind, t->b.value, t->line, typed,
			    other);
	}
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		int k = index_of(tie_types, N_TIE_TYPES, cg_link_type_name(g, l));
		const char *st = cg_entity_type_name(g, cg_link_source(g, l));
		size_t i = 0;
		/* the template's actor links and the report's own are not ties */
		if (k < 0 || strcmp(st, "threat_actor") == 0 || strcmp(st, "document") == 0)
			continue;
		while (i < gd->nt && !link_is_tie(l, &gd->ties[i]))
			i++;
		if (i < gd->nt) {
			s->ties[k].ok++;
			continue;
		}
		s->ties[k].wrong++;
		detail("  %s:%ld: unexpected tie %s %s '%s' -> %s '%s'\n", report, link_line(l),
		       tie_types[k], st, cg_entity_name(g, cg_link_source(g, l)),
		       cg_entity_type_name(g, cg_link_target(g, l)),
		       cg_entity_name(g, cg_link_target(g, l)));
	}
}

/* Imports one report into a fresh graph and scores it against its gold. */
static void score_report(const char *report, const gold *gd, scores *s)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	tu_diag_log dl;
	cg_import_stats st;
	cg_error err;
	cg_eid rep = 0;

	memset(&dl, 0, sizeof dl);
	cg_graph_free(g);
	g = cg_graph_new();
	ck_assert_ptr_nonnull(g);
	o.format = CG_FMT_REPORT;
	ck_assert_msg(tu_import(g, report, CG_FMT_UNKNOWN, &o, tu_on_diag, &dl, &st, &err) == 0,
	              "%s", tu_fmt_err(&err));
	for (size_t i = 0; i < dl.n && i < TU_MAX_DIAGS; i++)
		detail("  %s: diagnostic: %s\n", report, dl.text[i]);
	s->rejected += (int)st.rejected;
	while (rep < cg_graph_entity_count(g) &&
	       !(cg_entity_prop(g, rep, "document_type") &&
	         strcmp(cg_entity_prop(g, rep, "document_type"), "report") == 0))
		rep++;
	ck_assert_msg(rep < cg_graph_entity_count(g), "%s: no report entity", report);
	s->reports++;
	score_entities(report, gd, rep, s);
	score_references(report, gd, s);
	score_ties(report, gd, s);
	fflush(stdout);
}

/* ---- figures ---- */

/* a / b, or -1 when b is 0 (nothing to measure) */
static double ratio(int a, int b)
{
	return b ? (double)a / b : -1.0;
}

static void print_ratio(const char *label, double r)
{
	if (r < 0)
		printf(" %s   -  ", label);
	else
		printf(" %s %.3f", label, r);
}

static void print_tally(const char *name, const tally *t)
{
	printf("  %-22s gold %4d found %4d", name, t->gold, t->found);
	print_ratio("recall", ratio(t->found, t->gold));
	printf(" | graph %4d wrong %4d", t->ok + t->wrong, t->wrong);
	print_ratio("precision", ratio(t->ok, t->ok + t->wrong));
	printf("\n");
}

static void add_tally(tally *to, const tally *t)
{
	to->gold += t->gold;
	to->found += t->found;
	to->ok += t->ok;
	to->wrong += t->wrong;
}

static void add_scores(scores *to, const scores *s)
{
	to->reports += s->reports;
	for (int k = 0; k < K_COUNT; k++)
		add_tally(&to->kind[k], &s->kind[k]);
	for (size_t k = 0; k < N_TIE_TYPES; k++)
		add_tally(&to->ties[k], &s->ties[k]);
	to->refs += s->refs;
	to->refs_taken += s->refs_taken;
	to->notie += s->notie;
	to->unchecked += s->unchecked;
	to->notie_typed += s->notie_typed;
	to->notie_other += s->notie_other;
	to->rejected += s->rejected;
}

static tally all_ties(const scores *s)
{
	tally t = {0, 0, 0, 0};
	for (size_t k = 0; k < N_TIE_TYPES; k++)
		add_tally(&t, &s->ties[k]);
	return t;
}

static void print_scores(const char *label, const scores *s)
{
	tally ties = all_ties(s);

	printf("ner corpus, %s: %d reports\n", label, s->reports);
	for (int k = 0; k < K_COUNT; k++)
		print_tally(kind_names[k], &s->kind[k]);
	for (size_t k = 0; k < N_TIE_TYPES; k++) {
		char name[40];
		snprintf(name, sizeof name, "tie %s", tie_types[k]);
		print_tally(name, &s->ties[k]);
	}
	print_tally("ties (typed, all)", &ties);
	printf("  references %d, taken as indicators %d; notie pairs %d (%d with an end not "
	       "found), with a typed tie %d, with another link %d; rejected lines %d\n",
	       s->refs, s->refs_taken, s->notie, s->unchecked, s->notie_typed, s->notie_other,
	       s->rejected);
	fflush(stdout);
}

/* ---- the tests ---- */

/* The groups a report is scored in (the corpus's README, "Held-out rule"). */
enum {
	G_TUNING,  /* every report not named h2-*, h3-* or h5-*; h-* and h4-* included */
	G_ROUND2,  /* h2-*: held out in round 2, seen since (totals and lines leaked) */
	G_ROUND3,  /* h3-*: held out in round 3, seen since (totals seen in round 4) */
	G_HELDOUT, /* h5-*: held out in round 5 */
	G_ROUND1,  /* h-*: held out in round 1, tuning since (also in G_TUNING) */
	G_ROUND4,  /* h4-*: held out in round 4, tuning since (also in G_TUNING) */
	G_COUNT
};

/* The group of a report by its file name (a path's last part): G_HELDOUT,
 * G_ROUND3, G_ROUND2 or G_TUNING, and in *also the round it is printed in
 * as well, G_ROUND1 or G_ROUND4 (a former held-out set, tuning material
 * now), or -1. */
static int group_of(const char *name, int *also)
{
	const char *slash = strrchr(name, '/');

	if (slash)
		name = slash + 1;
	*also = strncmp(name, "h-", 2) == 0    ? G_ROUND1
	        : strncmp(name, "h4-", 3) == 0 ? G_ROUND4
	                                       : -1;
	return strncmp(name, "h5-", 3) == 0   ? G_HELDOUT
	       : strncmp(name, "h3-", 3) == 0 ? G_ROUND3
	       : strncmp(name, "h2-", 3) == 0 ? G_ROUND2
	                                      : G_TUNING;
}

/* Whether the per-file lines of a report are printed: always for the
 * tuning set, for the held-out rounds (h2-*, h3-*, h5-*) only with
 * CG_NER_SHOW_HELDOUT=1 in the environment. */
static int shows_details(const char *name)
{
	const char *env = getenv("CG_NER_SHOW_HELDOUT");
	int also;

	return group_of(name, &also) == G_TUNING || (env && strcmp(env, "1") == 0);
}

/* Scores one report, printing its own lines only when shows_details says so. */
static void score_named(const char *report, const gold *gd, scores *s)
{
	details = shows_details(report);
	score_report(report, gd, s);
	details = 1;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && strcmp(s + n - k, suffix) == 0;
}

/* The reports of the current directory (.md, .txt, .adoc; README.md apart),
 * sorted; every report has its gold file and every gold file its report. */
static size_t list_reports(char names[][256])
{
	DIR *d = opendir(".");
	struct dirent *de;
	size_t n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d))) {
		char report[256];
		if (has_suffix(de->d_name, ".gold")) {
			snprintf(report, sizeof report, "%.*s", (int)strlen(de->d_name) - 5,
			         de->d_name);
			ck_assert_msg(access(report, R_OK) == 0, "%s has no report %s", de->d_name,
			              report);
			continue;
		}
		if (strcmp(de->d_name, "README.md") == 0 ||
		    !(has_suffix(de->d_name, ".md") || has_suffix(de->d_name, ".txt") ||
		      has_suffix(de->d_name, ".adoc")))
			continue;
		ck_assert_msg(n < MAX_REPORTS, "more than %d reports", MAX_REPORTS);
		snprintf(names[n++], 256, "%s", de->d_name);
	}
	closedir(d);
	qsort(names, n, 256, cmp_names);
	return n;
}

static void assert_target(const char *what, double r, double min)
{
	ck_assert_msg(r >= 0, "%s: nothing to measure (none in the graph), target %.2f", what, min);
	ck_assert_msg(r >= min, "%s %.3f, target %.2f", what, r, min);
}

static void assert_targets(const scores *all)
{ /* all: the held-out set */
	static const int kinds[] = {K_COMPANY, K_PERSON, K_ADDRESS, K_PHONE};
	tally ties = all_ties(all);

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		const tally *t = &all->kind[kinds[i]];
		char what[64];
		snprintf(what, sizeof what, "%s precision", kind_names[kinds[i]]);
		assert_target(what, ratio(t->ok, t->ok + t->wrong), TARGET_NAME_PRECISION);
		snprintf(what, sizeof what, "%s recall", kind_names[kinds[i]]);
		assert_target(what, ratio(t->found, t->gold), TARGET_NAME_RECALL);
	}
	assert_target("typed tie precision", ratio(ties.ok, ties.ok + ties.wrong),
	              TARGET_TIE_PRECISION);
	ck_assert_msg(all->refs_taken == 0, "%d references taken as indicators", all->refs_taken);
	ck_assert_msg(all->notie_other == 0, "%d notie pairs linked", all->notie_other);
}

START_TEST(corpus_precision_and_recall)
{
	static char names[MAX_REPORTS][256];
	static gold gd;
	scores part[G_COUNT], all;
	size_t n = list_reports(names);
	const char *targets = getenv("CG_NER_TARGETS");
	char msg[4096];
	int hidden = 0;

	memset(part, 0, sizeof part);
	memset(&all, 0, sizeof all);
	notie_broken[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char path[300];
		int also, grp = group_of(names[i], &also);
		scores one;
		snprintf(path, sizeof path, "%s.gold", names[i]);
		ck_assert_msg(read_gold(path, &gd, msg, sizeof msg) == 0, "%s", msg);
		memset(&one, 0, sizeof one);
		hidden |= !shows_details(names[i]);
		score_named(names[i], &gd, &one);
		add_scores(&part[grp], &one);
		if (also >= 0)
			add_scores(&part[also], &one);
	}
	add_scores(&all, &part[G_TUNING]);
	add_scores(&all, &part[G_ROUND2]);
	add_scores(&all, &part[G_ROUND3]);
	add_scores(&all, &part[G_HELDOUT]);
	print_scores("tuning set (all but h2-*, h3-* and h5-*)", &part[G_TUNING]);
	print_scores("held-out round 1 (h-*, now tuning)", &part[G_ROUND1]);
	print_scores("round 2, seen (h2-*)", &part[G_ROUND2]);
	print_scores("round 3, seen (h3-*)", &part[G_ROUND3]);
	print_scores("held-out round 4 (h4-*, now tuning)", &part[G_ROUND4]);
	print_scores("held-out round 5 (h5-*)", &part[G_HELDOUT]);
	print_scores("whole corpus", &all);
	if (hidden)
		printf("(the held-out reports' own lines, h2-*, h3-* and h5-*, are not printed; "
		       "CG_NER_SHOW_HELDOUT=1 prints them)\n");
	fflush(stdout);
	ck_assert_msg(all.reports >= MIN_REPORTS, "%d reports", all.reports);
	ck_assert_msg(part[G_HELDOUT].reports >= MIN_HELDOUT, "%d held-out reports (h5-*)",
	              part[G_HELDOUT].reports);
	ck_assert_int_eq(all.rejected, 0);
	{
		const tally *t = &all.kind[K_INDICATOR];
		assert_target("indicator precision", ratio(t->ok, t->ok + t->wrong), INDICATOR_MIN);
		assert_target("indicator recall", ratio(t->found, t->gold), INDICATOR_MIN);
	}
	ck_assert_msg(all.notie_typed == 0, "%d notie pairs got a typed tie:%s", all.notie_typed,
	              notie_broken);
	if (targets && strcmp(targets, "1") == 0)
		assert_targets(&part[G_HELDOUT]);
	free_ring();
}
END_TEST

/* Reports are grouped by name: h5-* held out, h3-* round 3 and h2-* round
 * 2 (seen), the rest tuning, h-* also printed as round 1 and h4-* as round
 * 4. */
START_TEST(reports_are_grouped_by_name)
{
	int also;

	ck_assert_int_eq(group_of("h5-01-sentencing-memorandum.txt", &also), G_HELDOUT);
	ck_assert_int_eq(also, -1);
	ck_assert_int_eq(group_of("h5-12-persona-profile-dossier.adoc", &also), G_HELDOUT);
	ck_assert_int_eq(group_of("/tmp/x/h5-01.md", &also), G_HELDOUT);
	ck_assert_int_eq(group_of("h4-01-vendor-key-findings-fronts.md", &also), G_TUNING);
	ck_assert_int_eq(also, G_ROUND4);
	ck_assert_int_eq(group_of("/tmp/x/h4-11.adoc", &also), G_TUNING);
	ck_assert_int_eq(also, G_ROUND4);
	ck_assert_int_eq(group_of("h3-01-vendor-blog-laptop-farm.md", &also), G_ROUND3);
	ck_assert_int_eq(also, -1);
	ck_assert_int_eq(group_of("h3-04-ember-quill-ioc-appendix.adoc", &also), G_ROUND3);
	ck_assert_int_eq(group_of("/tmp/x/h3-01.md", &also), G_ROUND3);
	ck_assert_int_eq(group_of("h2-01-vendor-blog.md", &also), G_ROUND2);
	ck_assert_int_eq(also, -1);
	ck_assert_int_eq(group_of("h-01-vendor-blog-dalian.md", &also), G_TUNING);
	ck_assert_int_eq(also, G_ROUND1);
	ck_assert_int_eq(group_of("01-vendor-blog-shenyang-fronts.md", &also), G_TUNING);
	ck_assert_int_eq(also, -1);
	ck_assert_int_eq(group_of("h2x.md", &also), G_TUNING);
	ck_assert_int_eq(group_of("h3x.md", &also), G_TUNING);
	ck_assert_int_eq(group_of("h4x.md", &also), G_TUNING);
	ck_assert_int_eq(also, -1);
	ck_assert_int_eq(group_of("h5x.md", &also), G_TUNING);
	ck_assert_int_eq(group_of("h6-01.md", &also), G_TUNING);
	ck_assert_int_eq(also, -1);
}
END_TEST

/* What scoring the report at path prints (its own lines), read back from a
 * file that stdout is pointed at meanwhile. */
static void printed_by_scoring(const char *path, const gold *gd, char *out, size_t n)
{
	char capture[256];
	scores s;
	int saved, fd;
	FILE *f;
	size_t k;

	snprintf(capture, sizeof capture, "%s/stdout", tmpdir);
	memset(&s, 0, sizeof s);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	f = fopen(capture, "w");
	ck_assert_ptr_nonnull(f);
	fd = fileno(f);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_ge(dup2(fd, STDOUT_FILENO), 0);
	score_named(path, gd, &s);
	fflush(stdout);
	ck_assert_int_ge(dup2(saved, STDOUT_FILENO), 0);
	close(saved);
	fclose(f);
	f = fopen(capture, "r");
	ck_assert_ptr_nonnull(f);
	k = fread(out, 1, n - 1, f);
	out[k] = '\0';
	fclose(f);
	ck_assert_int_eq(s.kind[K_COMPANY].gold, 1);
	ck_assert_int_eq(s.kind[K_COMPANY].found, 0);
}

/* The held-out reports' own lines (misses, wrong ones) are not printed
 * unless CG_NER_SHOW_HELDOUT=1; a tuning report's always are. */
START_TEST(held_out_lines_are_printed_only_when_asked)
{
	static const char report[] = "# Notes\n\nNothing to see here.\n";
	static const char want[] = "missed company 'Missing Trading Co., Ltd.'";
	static const char *const names[] = {"h5-planted.md", "h3-planted.md", "h2-planted.md",
	                                    "h4-planted.md", "planted.md"};
	static gold gd;
	char path[256], out[8192], msg[4096];

	snprintf(path, sizeof path, "%s/planted.gold", tmpdir);
	tu_write_file(path, "company\tMissing Trading Co., Ltd.\n", 34);
	ck_assert_msg(read_gold(path, &gd, msg, sizeof msg) == 0, "%s", msg);
	unsetenv("CG_NER_SHOW_HELDOUT");
	for (size_t i = 0; i < 5; i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
		tu_write_file(path, report, sizeof report - 1);
		printed_by_scoring(path, &gd, out, sizeof out);
		if (i < 3)
			ck_assert_msg(strstr(out, "planted") == NULL, "%s printed: %s", names[i],
			              out);
		else
			ck_assert_msg(strstr(out, want) != NULL, "%s printed: %s", names[i], out);
	}
	setenv("CG_NER_SHOW_HELDOUT", "1", 1);
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
		printed_by_scoring(path, &gd, out, sizeof out);
		ck_assert_msg(strstr(out, want) != NULL, "%s printed: %s", names[i], out);
	}
	unsetenv("CG_NER_SHOW_HELDOUT");
}
END_TEST

/* A bad gold line fails with the file, the line and the reason. */
START_TEST(bad_gold_lines_name_file_line_and_reason)
{
	static const struct {
		const char *line, *reason;
	} cases[] = {
	    {"compnay\tAcme Ltd.", "unknown kind 'compnay'"},
	    {"company", "company takes 2 fields, not 1"},
	    {"company\tAcme Ltd.\textra", "company takes 2 fields, not 3"},
	    {"person\t Kim Chol", "person value ' Kim Chol' is empty or has blanks around it"},
	    {"person\t", "person value '' is empty or has blanks around it"},
	    {"phone\t0241234567", "phone '0241234567' is not +E.164 (8 to 15 digits)"},
	    {"phone\t+1 202 555 0143", "phone '+1 202 555 0143' is not +E.164 (8 to 15 digits)"},
	    {"bank_account\tAE07 0331",
	     "bank_account 'AE07 0331' is not compact capitals and digits"},
	    {"swift\tKLNBCNSYX", "swift 'KLNBCNSYX' is not a BIC (8 or 11 capitals and digits)"},
	    {"indicator\tdomian\tevil.example", "unknown indicator type 'domian'"},
	    {"indicator\tevil.example", "indicator takes 3 fields, not 2"},
	    {"reference\tsee the blog", "reference 'see the blog' is not a URL or a domain"},
	    {"tie\tboss_of\tperson:A\tcompany:B", "unknown tie type 'boss_of'"},
	    {"tie\towns\tperson A\tcompany:B", "bad tie end 'person A' (kind:name)"},
	    {"tie\towns\tperson:A\tfirm:B", "bad tie end 'firm:B' (kind:name)"},
	    {"tie\towns\tperson:A", "tie takes 4 fields, not 3"},
	    {"notie\tperson:A\tcompany:", "bad tie end 'company:' (kind:name)"},
	};
	static gold gd;
	char path[256], want[1024], msg[4096];

	snprintf(path, sizeof path, "%s/bad.gold", tmpdir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[1024];
		int n = snprintf(text, sizeof text,
		                 "# a comment\ncompany\tAcme Ltd.\n\n%s\nphone\t+12025550143\n",
		                 cases[i].line);
		tu_write_file(path, text, (size_t)n);
		ck_assert_int_eq(read_gold(path, &gd, msg, sizeof msg), -1);
		snprintf(want, sizeof want, "%s:4: %s", path, cases[i].reason);
		ck_assert_str_eq(msg, want);
	}
	/* and the good lines of every kind are read */
	{
		static const char good[] =
		    "company\tAcme Trading Co., Ltd.\nperson\tKIM Chol Jin\n"
		    "address\tRoom 1006, No. 11 Street, Shenyang\n"
		    "phone\t+862455550187\nbank_account\tAE070331234567890123456\n"
		    "swift\tKLNBCNSYXXX\nindicator\tdomain\tevil.example\n"
		    "reference\thttps://news.example/a\n"
		    "tie\tdirector_of\tperson:KIM Chol Jin\tcompany:Acme\n"
		    "notie\tperson:KIM Chol Jin\tcompany:Other Ltd.\n";
		tu_write_file(path, good, sizeof good - 1);
		ck_assert_msg(read_gold(path, &gd, msg, sizeof msg) == 0, "%s", msg);
		ck_assert_uint_eq(gd.n, 7);
		ck_assert_uint_eq(gd.nr, 1);
		ck_assert_uint_eq(gd.nt, 2);
		ck_assert_int_eq(gd.ties[0].type, index_of(tie_types, N_TIE_TYPES, "director_of"));
		ck_assert_int_eq(gd.ties[1].type, -1);
		ck_assert_str_eq(gd.ties[1].b.value, "Other Ltd.");
	}
}
END_TEST

/* The scorer on a planted graph: what it counts as found, right and wrong
 * for names, keys, references, ties and notie pairs. */
static cg_eid plant(const char *type, const char *name, const char *alias, const char *prop,
                    const char *value)
{
	cg_entity_rec r = CG_ENTITY_REC_INIT;
	cg_prov pv = {"planted.md", 1, "planted", NULL, NULL, 0, NULL, NULL};
	cg_prop pr = {prop, value};
	cg_error err;
	cg_eid e;

	r.type = type;
	r.name = name;
	r.aliases = &alias;
	r.n_aliases = alias != NULL;
	r.props = &pr;
	r.n_props = prop != NULL;
	r.prov = &pv;
	r.n_prov = 1;
	ck_assert_msg(cg_graph_add_entity(g, &r, &e, NULL, &err) == 0, "%s", tu_fmt_err(&err));
	return e;
}

static void plant_link(const char *type, cg_eid a, cg_eid b)
{
	cg_link_rec r = CG_LINK_REC_INIT;
	cg_prov pv = {"planted.md", 2, "planted", NULL, NULL, 0, NULL, NULL};
	cg_error err;

	r.type = type;
	r.source = a;
	r.target = b;
	r.prov = &pv;
	r.n_prov = 1;
	ck_assert_msg(cg_graph_add_link(g, &r, NULL, NULL, &err) == 0, "%s", tu_fmt_err(&err));
}

static void assert_tally(const tally *t, int gold_, int found, int ok, int wrong)
{
	ck_assert_int_eq(t->gold, gold_);
	ck_assert_int_eq(t->found, found);
	ck_assert_int_eq(t->ok, ok);
	ck_assert_int_eq(t->wrong, wrong);
}

START_TEST(scorer_counts_a_planted_graph)
{
	static const char text[] =
	    "company\tAcme Trading Co., Ltd.\ncompany\tACME Trading\ncompany\tMissing Corp.\n"
	    "person\tKim Chol Jin\naddress\tRoom 5, No. 11 St, Shenyang\nphone\t+862455550187\n"
	    "bank_account\tAE430171936081743249358\nswift\tLDMBCNBDXXX\n"
	    "indicator\tdomain\tevil.example\nreference\thttps://news.example/a\n"
	    "tie\tdirector_of\tperson:Kim Chol Jin\tcompany:Acme Trading Co., Ltd.\n"
	    "tie\tregistered_at\tcompany:Acme Trading Co., Ltd.\taddress:Room 5, No. 11 Street, "
	    "Shenyang\n"
	    "tie\tholds_account\tcompany:ACME Trading\tbank_account:AE430171936081743249358\n"
	    "tie\talias_of\tcompany:Acme Trading Co., Ltd.\tcompany:ACME Trading\n"
	    "tie\temployee_of\tperson:Kim Chol Jin\tcompany:Acme Trading Co., Ltd.\n"
	    "notie\tcompany:Acme Trading Co., Ltd.\tcompany:Other Ltd.\n";
	static gold gd;
	char path[256], msg[4096];
	scores s;
	cg_eid acme, kim, wang, addr, acct, other;

	snprintf(path, sizeof path, "%s/planted.gold", tmpdir);
	tu_write_file(path, text, sizeof text - 1);
	ck_assert_msg(read_gold(path, &gd, msg, sizeof msg) == 0, "%s", msg);
	g = cg_graph_new();
	ck_assert_ptr_nonnull(g);
	acme = plant("company", "Acme Trading Co., Ltd.", "ACME TRADING", NULL, NULL);
	kim = plant("person", "KIM Chol Jin", NULL, NULL, NULL);
	wang = plant("person", "Wang", NULL, NULL, NULL);
	addr = plant("address", "Room 5, No. 11 Street, Shenyang", NULL, NULL, NULL);
	plant("phone", "+86 24 5555 0187", NULL, NULL, NULL);
	acct = plant("bank_account", "AE43 0171 9360 8174 3249 358", NULL, "swift", "LDMBCNBDXXX");
	plant("domain", "evil.example", NULL, NULL, NULL);
	plant("url", "https://news.example/a", NULL, NULL, NULL);
	plant("domain", "news.example", NULL, NULL, NULL);
	other = plant("company", "Other Ltd.", NULL, NULL, NULL);
	plant_link("director_of", kim, acme);
	plant_link("owns", wang, acme);
	plant_link("registered_at", acme, addr);
	plant_link("holds_account", acme, acct);
	plant_link("owns", acme, other);

	memset(&s, 0, sizeof s);
	score_entities("planted.md", &gd, CG_NO_ENTITY, &s);
	score_references("planted.md", &gd, &s);
	score_ties("planted.md", &gd, &s);
	assert_tally(&s.kind[K_COMPANY], 3, 2, 1, 1);
	assert_tally(&s.kind[K_PERSON], 1, 1, 1, 1);
	assert_tally(&s.kind[K_ADDRESS], 1, 1, 1, 0);
	assert_tally(&s.kind[K_PHONE], 1, 1, 1, 0);
	assert_tally(&s.kind[K_BANK], 1, 1, 1, 0);
	assert_tally(&s.kind[K_SWIFT], 1, 1, 1, 0);
	assert_tally(&s.kind[K_INDICATOR], 1, 1, 1, 0);
	ck_assert_int_eq(s.refs, 1);
	ck_assert_int_eq(s.refs_taken, 1);
	assert_tally(&s.ties[index_of(tie_types, N_TIE_TYPES, "director_of")], 1, 1, 1, 0);
	assert_tally(&s.ties[index_of(tie_types, N_TIE_TYPES, "registered_at")], 1, 1, 1, 0);
	assert_tally(&s.ties[index_of(tie_types, N_TIE_TYPES, "holds_account")], 1, 1, 1, 0);
	assert_tally(&s.ties[index_of(tie_types, N_TIE_TYPES, "alias_of")], 1, 1, 0, 0);
	assert_tally(&s.ties[index_of(tie_types, N_TIE_TYPES, "employee_of")], 1, 0, 0, 0);
	assert_tally(&s.ties[index_of(tie_types, N_TIE_TYPES, "owns")], 0, 0, 0, 2);
	ck_assert_int_eq(s.notie, 1);
	ck_assert_int_eq(s.unchecked, 0);
	ck_assert_int_eq(s.notie_typed, 1);
}
END_TEST

static void setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s/t.XXXXXX", basedir);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	tu_remove_tree(tmpdir);
	cg_graph_free(g);
	g = NULL;
	free_ring();
}

static Suite *report_gold_suite(void)
{
	Suite *s = suite_create("report_gold");
	TCase *tc = tcase_create("corpus");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, reports_are_grouped_by_name);
	tcase_add_test(tc, held_out_lines_are_printed_only_when_asked);
	tcase_add_test(tc, bad_gold_lines_name_file_line_and_reason);
	tcase_add_test(tc, scorer_counts_a_planted_graph);
	tcase_add_test(tc, corpus_precision_and_recall);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	const char *env = getenv("CG_SOURCE_ROOT");
	char dir[4300];
	SRunner *sr;
	int failed;

	if (!env || !*env)
		env = ".";
	if (env[0] == '/') {
		snprintf(source_root, sizeof source_root, "%s", env);
	} else {
		char cwd[2048];
		if (!getcwd(cwd, sizeof cwd))
			return 1;
		snprintf(source_root, sizeof source_root, "%s/%s", cwd, env);
	}
	setenv("CG_SOURCE_ROOT", source_root, 1);
	snprintf(dir, sizeof dir, "%s/tests/data/reports-ner", source_root);
	if (chdir(dir) != 0) {
		fprintf(stderr, "test_report_gold: cannot enter %s (set CG_SOURCE_ROOT): %s\n", dir,
		        strerror(errno));
		return 1;
	}
	snprintf(basedir, sizeof basedir, "/tmp/cg_test_report_gold.XXXXXX");
	if (!mkdtemp(basedir)) {
		fprintf(stderr, "test_report_gold: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	sr = srunner_create(report_gold_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	tu_remove_tree(basedir);
	return failed != 0;
}
