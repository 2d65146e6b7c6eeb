/* Tests of the report importer (importers/report/, docs/REPORTS.md):
 * indicator extraction over the labelled corpus in tests/data/reports/
 * (precision and recall, each at least 0.97), defanging and false friends,
 * the summary template, names from the gazetteer with negations, the seed
 * report of ../shared/seed-report/ when present, counts that reconcile,
 * rejected lines and provenance.
 *
 * The corpus is read from tests/data/reports/ (the tests run there, so that
 * messages carry short paths); inputs with exact bytes are written at run
 * time under a mkdtemp directory. Everything in the corpus is invented. */
#include "cg_graph.h"
#include "cg_import.h"
#include "testutil.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static cg_graph *g;    /* the graph a test imports into */
static cg_graph *gaz;  /* the DPRK gazetteer, loaded once per test */
static tu_diag_log dl; /* diagnostics of the last import */
static char basedir[64];
static char tmpdir[128];
static char source_root[4096];

/* ---- fixtures ---- */

static cg_graph *load_graph(const char *path)
{
	cg_graph *gr = cg_graph_new();
	cg_import *imp;
	cg_error err;

	ck_assert_ptr_nonnull(gr);
	imp = cg_import_new(gr, NULL);
	ck_assert_ptr_nonnull(imp);
	cg_error_clear(&err);
	ck_assert_msg(cg_import_file(imp, path, CG_FMT_UNKNOWN, NULL, &err) == 0, "%s",
	              tu_fmt_err(&err));
	cg_import_free(imp);
	return gr;
}

static void setup(void)
{
	char path[4200];

	memset(&dl, 0, sizeof dl);
	g = cg_graph_new();
	ck_assert_ptr_nonnull(g);
	snprintf(path, sizeof path, "%s/gazetteers/dprk-threat-actors.csv", source_root);
	gaz = load_graph(path);
	snprintf(tmpdir, sizeof tmpdir, "%s/t.XXXXXX", basedir);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	tu_remove_tree(tmpdir);
	cg_graph_free(g);
	cg_graph_free(gaz);
	g = gaz = NULL;
}

/* Writes tmpdir/name and returns its path (valid until the next call with
 * the same slot of the ring). */
static const char *write_tmp(const char *name, const char *data, size_t n)
{
	static char ring[8][256];
	static unsigned next;
	char *p = ring[next++ % 8];

	snprintf(p, sizeof ring[0], "%s/%s", tmpdir, name);
	return tu_write_file(p, data, n);
}

#define WRITE_TMP(name, lit) write_tmp((name), (lit), sizeof(lit) - 1)

/* Imports one report into g (with the gazetteer when use_gaz). */
static int import_opts(const char *path, cg_import_opts *o, int use_gaz, cg_import_stats *st,
                       cg_error *err)
{
	o->format = CG_FMT_REPORT;
	if (use_gaz)
		o->gazetteer = gaz;
	return tu_import(g, path, CG_FMT_UNKNOWN, o, tu_on_diag, &dl, st, err);
}

static int import_report(const char *path, int use_gaz, cg_import_stats *st, cg_error *err)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	return import_opts(path, &o, use_gaz, st, err);
}

/* ---- looking at the graph ---- */

/* The entity of this type whose name (or, for countries, code) is value. */
static cg_eid find(const char *type, const char *value)
{
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
		const char *v = strcmp(type, "country") == 0 ? cg_entity_prop(g, e, "code")
		                                             : cg_entity_name(g, e);
		if (strcmp(cg_entity_type_name(g, e), type) == 0 && v && strcmp(v, value) == 0)
			return e;
	}
	return CG_NO_ENTITY;
}

static size_t count_type(const char *type)
{
	size_t n = 0;
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++)
		n += strcmp(cg_entity_type_name(g, e), type) == 0;
	return n;
}

/* The report's own entity (the one document with document_type report). */
static cg_eid report_of(void)
{
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
		const char *t = cg_entity_prop(g, e, "document_type");
		if (t && strcmp(t, "report") == 0)
			return e;
	}
	return CG_NO_ENTITY;
}

static int link_negated(cg_lid l)
{
	cg_iter it = cg_link_props(g, l);
	const char *n, *v;
	while (cg_iter_next_prop(g, &it, &n, &v))
		if (strcmp(n, "negated") == 0 && strcmp(v, "true") == 0)
			return 1;
	return 0;
}

/* Number of links of type from a to b (negated: -1 any, 0 plain, 1 negated). */
static int count_links(const char *type, cg_eid a, cg_eid b, int negated)
{
	int n = 0;
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		if (strcmp(cg_link_type_name(g, l), type) == 0 && cg_link_source(g, l) == a &&
		    cg_link_target(g, l) == b && (negated < 0 || link_negated(l) == negated))
			n++;
	return n;
}

/* Whether entity e has the property name with this value (any of its values). */
static int has_prop(cg_eid e, const char *name, const char *value)
{
	cg_iter it;
	const char *n, *v;
	if (e == CG_NO_ENTITY)
		return 0;
	it = cg_entity_props(g, e);
	while (cg_iter_next_prop(g, &it, &n, &v))
		if (strcmp(n, name) == 0 && strcmp(v, value) == 0)
			return 1;
	return 0;
}

static int has_link(const char *type, cg_eid a, cg_eid b)
{
	return a != CG_NO_ENTITY && b != CG_NO_ENTITY && count_links(type, a, b, -1) > 0;
}

/* The first provenance line of e. */
static long first_line(cg_eid e)
{
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;
	ck_assert(cg_iter_next_prov(g, &it, &p));
	return p.line;
}

static long link_line(cg_lid l)
{
	cg_iter it = cg_link_provs(g, l);
	cg_prov p;
	ck_assert(cg_iter_next_prov(g, &it, &p));
	return p.line;
}

/* ---- the labelled corpus ---- */

static const char *const indicator_types[] = {
    "ip",     "domain",       "url",  "email",          "phone",
    "wallet", "bank_account", "hash", "attack_pattern", "vulnerability",
};

static int is_indicator(const char *type)
{
	for (size_t i = 0; i < sizeof indicator_types / sizeof indicator_types[0]; i++)
		if (strcmp(type, indicator_types[i]) == 0)
			return 1;
	return 0;
}

typedef struct score {
	int tp, fp, fn;
} score;

typedef struct expect {
	char type[64];
	char value[512];
	int negated;
	int found;
} expect;

#define MAX_EXPECT 128

/* Reads an expected-entities file: "type<TAB>value[<TAB>negated]" and
 * "link<TAB>type<TAB>source id<TAB>target id". */
static size_t read_expected(const char *path, expect *ex, char links[][3][256], size_t *nlinks)
{
	FILE *f = fopen(path, "r");
	char line[1200];
	size_t n = 0;

	ck_assert_msg(f != NULL, "cannot read %s", path);
	*nlinks = 0;
	while (fgets(line, sizeof line, f)) {
		char *fields[4] = {NULL, NULL, NULL, NULL};
		size_t nf = 0;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		for (char *p = line; p && nf < 4;) {
			fields[nf++] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		ck_assert_msg(nf >= 2, "%s: bad line '%s'", path, line);
		if (strcmp(fields[0], "link") == 0) {
			ck_assert_msg(nf == 4 && *nlinks < 32, "%s: bad link line", path);
			snprintf(links[*nlinks][0], 256, "%s", fields[1]);
			snprintf(links[*nlinks][1], 256, "%s", fields[2]);
			snprintf(links[*nlinks][2], 256, "%s", fields[3]);
			(*nlinks)++;
			continue;
		}
		ck_assert(n < MAX_EXPECT);
		snprintf(ex[n].type, sizeof ex[n].type, "%s", fields[0]);
		snprintf(ex[n].value, sizeof ex[n].value, "%s", fields[1]);
		ex[n].negated = nf >= 3 && strcmp(fields[2], "negated") == 0;
		ex[n].found = 0;
		n++;
	}
	fclose(f);
	return n;
}

/* Imports one corpus report and scores it against its expected file;
 * mismatches are printed. Returns the number of link or negation errors. */
static int score_report(const char *report, const char *expected, score *ind, score *names)
{
	static expect ex[MAX_EXPECT];
	static char links[32][3][256];
	size_t nlinks, n = read_expected(expected, ex, links, &nlinks);
	cg_import_stats st;
	cg_error err;
	cg_eid rep;
	int errors = 0;

	cg_graph_free(g);
	g = cg_graph_new();
	ck_assert_ptr_nonnull(g);
	ck_assert_msg(import_report(report, 1, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ck_assert_uint_eq(st.rejected, 0);
	rep = report_of();
	ck_assert_msg(rep != CG_NO_ENTITY, "%s: no report entity", report);
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
		const char *type = cg_entity_type_name(g, e);
		const char *v = strcmp(type, "country") == 0 ? cg_entity_prop(g, e, "code")
		                                             : cg_entity_name(g, e);
		score *s = is_indicator(type) ? ind : names;
		size_t k;
		if (e == rep)
			continue;
		for (k = 0; k < n; k++)
			if (strcmp(ex[k].type, type) == 0 && v && strcmp(ex[k].value, v) == 0)
				break;
		if (k == n) {
			s->fp++;
			printf("  %s: unexpected %s '%s'\n", report, type, v ? v : "");
			continue;
		}
		s->tp++;
		ex[k].found = 1;
		int plain = count_links("mentions", rep, e, 0);
		if (ex[k].negated || !plain) {
			/* a name named only in negations is no entity of the report */
			errors++;
			printf("  %s: %s '%s' should be %s (plain mentions %d)\n", report, type, v,
			       ex[k].negated ? "no entity, only a negated_mentions of the report"
			                     : "mentioned plainly",
			       plain);
		}
	}
	for (size_t k = 0; k < n; k++)
		if (!ex[k].found && ex[k].negated &&
		    has_prop(rep, "negated_mentions", ex[k].value)) {
			names->tp++;
			ex[k].found = 1;
		}
	for (size_t k = 0; k < n; k++)
		if (!ex[k].found) {
			(is_indicator(ex[k].type) ? ind : names)->fn++;
			printf("  %s: missed %s '%s'\n", report, ex[k].type, ex[k].value);
		}
	for (size_t k = 0; k < nlinks; k++) {
		cg_eid a = cg_graph_find_id(g, links[k][1]), b = cg_graph_find_id(g, links[k][2]);
		if (!has_link(links[k][0], a, b)) {
			errors++;
			printf("  %s: missing link %s %s -> %s\n", report, links[k][0], links[k][1],
			       links[k][2]);
		}
	}
	fflush(stdout);
	/* never an attribution from a report */
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		if (strcmp(cg_link_type_name(g, l), "attributed_to") == 0)
			errors++;
	return errors;
}

START_TEST(corpus_precision_recall_at_least_97_percent)
{
	DIR *d = opendir(".");
	struct dirent *de;
	char names_[64][256];
	size_t nfiles = 0;
	score ind = {0, 0, 0}, nm = {0, 0, 0};
	int errors = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) && nfiles < 64) {
		size_t l = strlen(de->d_name);
		if (l > 9 && strcmp(de->d_name + l - 9, ".expected") == 0)
			snprintf(names_[nfiles++], sizeof names_[0], "%.*s", (int)(l - 9),
			         de->d_name);
	}
	closedir(d);
	qsort(names_, nfiles, sizeof names_[0], (int (*)(const void *, const void *))strcmp);
	ck_assert_uint_ge(nfiles, 10);
	for (size_t i = 0; i < nfiles; i++) {
		char report[600], expected[600];
		struct stat sb;
		snprintf(report, sizeof report, "%.250s.md", names_[i]);
		if (stat(report, &sb) != 0)
			snprintf(report, sizeof report, "%.250s.txt", names_[i]);
		snprintf(expected, sizeof expected, "%.250s.expected", names_[i]);
		errors += score_report(report, expected, &ind, &nm);
	}
	double p = ind.tp + ind.fp ? (double)ind.tp / (ind.tp + ind.fp) : 1.0;
	double r = ind.tp + ind.fn ? (double)ind.tp / (ind.tp + ind.fn) : 1.0;
	double np = nm.tp + nm.fp ? (double)nm.tp / (nm.tp + nm.fp) : 1.0;
	double nr = nm.tp + nm.fn ? (double)nm.tp / (nm.tp + nm.fn) : 1.0;
	printf(
	    "report corpus: %zu reports; indicators: %d found, %d wrong, %d missed: precision %.3f "
	    "recall %.3f; names: %d found, %d wrong, %d missed: precision %.3f recall %.3f; "
	    "%d link or negation errors\n",
	    nfiles, ind.tp, ind.fp, ind.fn, p, r, nm.tp, nm.fp, nm.fn, np, nr, errors);
	fflush(stdout);
	ck_assert_msg(p >= 0.97 && r >= 0.97, "indicators: precision %.3f, recall %.3f", p, r);
	ck_assert_msg(np >= 0.97 && nr >= 0.97, "names: precision %.3f, recall %.3f", np, nr);
	ck_assert_int_eq(errors, 0);
}
END_TEST

/* ---- the seed report ---- */

START_TEST(seed_report_yields_what_its_readme_lists)
{
	const char *shared = tu_shared_root();
	char path[4200];
	cg_import_stats st;
	cg_error err;
	struct stat sb;
	cg_eid rep, actor, kp, laz, apt38;

	if (!shared) {
		printf("seed report: ../shared is absent, skipped\n");
		return;
	}
	snprintf(path, sizeof path, "%s/seed-report/000_c068ff87a5962175.txt", shared);
	if (stat(path, &sb) != 0) {
		printf("seed report: %s is absent, skipped\n", path);
		return;
	}
	ck_assert_int_eq(import_report(path, 1, &st, &err), 0);
	ASSERT_COUNTS(st, 28, 28, 0);
	rep = report_of();
	ck_assert(rep != CG_NO_ENTITY);
	ck_assert_str_eq(cg_entity_name(g, rep), "000_c068ff87a5962175");
	ck_assert_str_eq(cg_entity_prop(g, rep, "publisher"), "TechCrunch");
	ck_assert_str_eq(cg_entity_prop(g, rep, "year"), "2024");
	/* the actor, named exactly */
	actor =
	    find("threat_actor",
	         "North Korean Illicit IT Workforce (Network Supporting Sanctioned Activities)");
	ck_assert(actor != CG_NO_ENTITY);
	ck_assert_int_eq(count_links("mentions", rep, actor, 0), 1);
	/* sectors: IT services and software development only */
	ck_assert_uint_eq(count_type("sector"), 2);
	ck_assert(has_link("targets", actor, find("sector", "IT services")));
	ck_assert(has_link("targets", actor, find("sector", "software development")));
	/* North Korea as the origin; the United States at most as a mention */
	kp = find("country", "KP");
	ck_assert(has_link("located_in", actor, kp));
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++)
		if (strcmp(cg_entity_type_name(g, e), "country") == 0)
			ck_assert_msg(strcmp(cg_entity_prop(g, e, "code"), "KP") == 0 ||
			                  strcmp(cg_entity_prop(g, e, "code"), "US") == 0,
			              "unexpected country %s", cg_entity_prop(g, e, "code"));
	/* no malware, no infrastructure, no persons, no victims */
	static const char *const none[] = {"malware", "person", "organization", "company",
	                                   "ip",      "domain", "url",          "email",
	                                   "wallet",  "hash",   "phone"};
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
		ck_assert_msg(count_type(none[i]) == 0, "%zu %s entities", count_type(none[i]),
		              none[i]);
	/* Lazarus Group and APT38: named only in a negation, so no entities of
	 * the report (nothing to screen), only its negated_mentions */
	laz = find("threat_actor", "Lazarus Group");
	apt38 = find("threat_actor", "APT38");
	ck_assert(laz == CG_NO_ENTITY && apt38 == CG_NO_ENTITY);
	ck_assert(has_prop(rep, "negated_mentions", "Lazarus Group"));
	ck_assert(has_prop(rep, "negated_mentions", "APT38"));
	ck_assert_uint_eq(count_type("threat_actor"), 1);
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		ck_assert_str_ne(cg_link_type_name(g, l), "attributed_to");
}
END_TEST

START_TEST(seed_report_without_gazetteer_names_no_gazetteer_actor)
{
	const char *shared = tu_shared_root();
	char path[4200];
	cg_import_stats st;
	cg_error err;
	struct stat sb;

	if (!shared) {
		printf("seed report: ../shared is absent, skipped\n");
		return;
	}
	snprintf(path, sizeof path, "%s/seed-report/000_c068ff87a5962175.txt", shared);
	if (stat(path, &sb) != 0) {
		printf("seed report: %s is absent, skipped\n", path);
		return;
	}
	ck_assert_int_eq(import_report(path, 0, &st, &err), 0);
	ck_assert_uint_eq(count_type("threat_actor"), 1);
	ck_assert(find("threat_actor", "Lazarus Group") == CG_NO_ENTITY);
}
END_TEST

/* ---- indicators, one line at a time ---- */

typedef struct case_ {
	const char *text;  /* one line of a report */
	const char *type;  /* the entity expected, or NULL for none */
	const char *value; /* its name (normalised) */
} case_;

/* Imports text as a one-line report and returns the number of entities
 * beyond the report itself. */
static size_t import_line(const char *text)
{
	char name[64];
	static unsigned k;
	cg_import_stats st;
	cg_error err;

	cg_graph_free(g);
	g = cg_graph_new();
	ck_assert_ptr_nonnull(g);
	snprintf(name, sizeof name, "line%u.md", k++);
	ck_assert_int_eq(import_report(write_tmp(name, text, strlen(text)), 0, &st, &err), 0);
	return cg_graph_entity_count(g) - 1;
}

static void check_cases(const case_ *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t count = import_line(cases[i].text);
		if (!cases[i].type) {
			for (cg_eid e = 0; e < cg_graph_entity_count(g); e++)
				ck_assert_msg(!is_indicator(cg_entity_type_name(g, e)),
				              "'%s': unexpected %s '%s'", cases[i].text,
				              cg_entity_type_name(g, e), cg_entity_name(g, e));
			continue;
		}
		ck_assert_msg(find(cases[i].type, cases[i].value) != CG_NO_ENTITY,
		              "'%s': no %s '%s' (%zu entities)", cases[i].text, cases[i].type,
		              cases[i].value, count);
	}
}

START_TEST(defanging_undone_in_every_form)
{
	static const case_ cases[] = {
	    {"C2 at evil[.]example today", "domain", "evil.example"},
	    {"C2 at evil(.)example today", "domain", "evil.example"},
	    {"C2 at evil{.}example today", "domain", "evil.example"},
	    {"C2 at evil[dot]example today", "domain", "evil.example"},
	    {"C2 at evil [dot] example today", "domain", "evil.example"},
	    {"C2 at evil\\[.\\]example today", "domain", "evil.example"},
	    {"see hxxp://evil.example/a", "url", "http://evil.example/a"},
	    {"see hXXps://evil.example/a", "url", "https://evil.example/a"},
	    {"see hxxps[:]//evil[.]example/a", "url", "https://evil.example/a"},
	    {"see https[://]evil.example/a", "url", "https://evil.example/a"},
	    {"see hxxps\\[:\\]//evil\\[.\\]example/a", "url", "https://evil.example/a"},
	    {"mail ops[at]evil[.]example now", "email", "ops@evil.example"},
	    {"mail ops(at)evil.example now", "email", "ops@evil.example"},
	    {"mail ops[@]evil.example now", "email", "ops@evil.example"},
	    {"mail ops [at] evil [dot] example now", "email", "ops@evil.example"},
	    {"ip 192.0.2[.]1 here", "ip", "192.0.2.1"},
	    {"ip 192[.]0[.]2[.]1 here", "ip", "192.0.2.1"},
	    {"ip 192.0.2\\[.\\]1 here", "ip", "192.0.2.1"},
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(indicators_inside_markdown_and_asciidoc)
{
	static const case_ cases[] = {
	    {"[the panel](hxxps://evil[.]example/login)", "url", "https://evil.example/login"},
	    {"[x](https://evil.example/a_(b)) and more", "url", "https://evil.example/a_(b)"},
	    {"<https://evil.example/x>", "url", "https://evil.example/x"},
	    {"| evil[.]example | 192.0.2.5 | C2 |", "ip", "192.0.2.5"},
	    {"| evil[.]example | 192.0.2.5 | C2 |", "domain", "evil.example"},
	    {"run `curl hxxp://192.0.2[.]9/x.sh`", "url", "http://192.0.2.9/x.sh"},
	    {"host +evil[.]example+ and +192.0.2.7+", "domain", "evil.example"},
	    {"host +evil[.]example+ and +192.0.2.7+", "ip", "192.0.2.7"},
	    {"**198.51.100.4** was the C2", "ip", "198.51.100.4"},
	    {"_evil.example_ in italics", "domain", "evil.example"},
	    {"the URL https://evil.example/path. Next", "url", "https://evil.example/path"},
	    {"wildcard cert for *.evil.example", "domain", "evil.example"},
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(indicators_of_every_kind)
{
	static const case_ cases[] = {
	    {"IPv6 2001:db8::dead:beef seen", "ip", "2001:db8::dead:beef"},
	    {"IPv6 [2001:db8::1]:443 seen", "ip", "2001:db8::1"},
	    {"range 198.51.100.0/24 blocked", "ip", "198.51.100.0/24"},
	    {"port 203.0.113.5:8080 open", "ip", "203.0.113.5"},
	    {"MD5 7e05686525abd2e4a388e3dc43870e93", "hash", "7e05686525abd2e4a388e3dc43870e93"},
	    {"SHA1 80023D456FA71F9478ACC0D272055603A840453C", "hash",
	     "80023d456fa71f9478acc0d272055603a840453c"},
	    {"sample d2fa1c9de3e5d1204d777b7dddd250bad1a6f86f7413bf49b0e7de15fea4d82a.exe", "hash",
	     "d2fa1c9de3e5d1204d777b7dddd250bad1a6f86f7413bf49b0e7de15fea4d82a"},
	    {"BTC 1BQ76QDXJBEMJ7YQaA3dBULMd2njcMFeWw", "wallet",
	     "1BQ76QDXJBEMJ7YQaA3dBULMd2njcMFeWw"},
	    {"BTC BC1Q0NXLF8PCWA06SJCU3Z9MZFKUQCRW060Z4YHR69", "wallet",
	     "bc1q0nxlf8pcwa06sjcu3z9mzfkuqcrw060z4yhr69"},
	    {"ETH 0xFB716722DA7A19DF1CD03DE7E1438066B4C80FC7", "wallet",
	     "0xfb716722da7a19df1cd03de7e1438066b4c80fc7"},
	    {"TRX TCHdHa3knZnadj17xrPtSf32jfBwANsPgF", "wallet",
	     "TCHdHa3knZnadj17xrPtSf32jfBwANsPgF"},
	    {"IBAN AE93 0910 0044 7182 3096 518.", "bank_account", "AE930910004471823096518"},
	    {"IBAN AE930910004471823096518.", "bank_account", "AE930910004471823096518"},
	    {"call +1 480-555-0134 now", "phone", "+14805550134"},
	    {"call +44 (0)20 7946 0958 now", "phone", "+442079460958"},
	    {"call +82 2 555 0147.", "phone", "+8225550147"},
	    {"ATT&CK T1059 and", "attack_pattern", "T1059"},
	    {"ATT&CK T1566.002, then", "attack_pattern", "T1566.002"},
	    {"ICS technique T0817 here", "attack_pattern", "T0817"},
	    {"patch cve-2024-3400 now", "vulnerability", "CVE-2024-3400"},
	    {"domain sub.evil.co.uk here", "domain", "sub.evil.co.uk"},
	    {"punycode xn--80ak6aa92e.com here", "domain", "xn--80ak6aa92e.com"},
	    {"onion site abcdefghijklmnop.onion here", "domain", "abcdefghijklmnop.onion"},
	    {"archive served as a defanged setup[.]zip domain", "domain", "setup.zip"},
	    {"link https://setup.zip/x here", "domain", "setup.zip"},
	    {"hosts 192.0.2.1 and 192.0.2.2", "ip", "192.0.2.2"},
	    {"C2 at 192.0.2.1, 192.0.2.2", "ip", "192.0.2.2"},
	    {"seen as mailto:ops@evil.example here", "email", "ops@evil.example"},
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

START_TEST(false_friends_are_not_indicators)
{
	static const case_ cases[] = {
	    {"upgrade to version 1.2.3.4 today", NULL, NULL},
	    {"firmware to 10.2.0.7-34sv", NULL, NULL},
	    {"release 1.2.3.4-beta", NULL, NULL},
	    {"OID 1.3.6.1.4.1.311 in the cert", NULL, NULL},
	    {"build v2.0.0.1 shipped", NULL, NULL},
	    {"dated 12.10.2023 and 2023.10.12", NULL, NULL},
	    {"at 10.12.2023 14:05:33 UTC", NULL, NULL},
	    {"leading zeros 01.02.03.04", NULL, NULL},
	    {"see report.pdf and invoice.docx", NULL, NULL},
	    {"ran setup.zip, README.md, exploit.py, install.sh and Zoom.app", NULL, NULL},
	    {"loader update_agent.exe and lib.so", NULL, NULL},
	    {"signed user-123-@handle.txt", NULL, NULL},
	    {"built on ASP.NET and Socket.IO", NULL, NULL},
	    {"e.g. the U.S. and i.e. the U.K.", NULL, NULL},
	    {"call window.open(url) then document.data(x)", NULL, NULL},
	    {"MAC 00:1A:2B:3C:4D:5E", NULL, NULL},
	    {"loopback 127.0.0.1 and 0.0.0.0", NULL, NULL},
	    {"time 10:30 and C++ std::vector", NULL, NULL},
	    {"GUID {3F2504E0-4F89-11D3-9A0C-0305E82C3301}", NULL, NULL},
	    {"BTC 194UZZjbAB8Nbpvb8TtJCVo4PiBBUqLyr2 (bad checksum)", NULL, NULL},
	    {"IBAN DE12 3456 7890 1234 5678 90 (bad check digits)", NULL, NULL},
	    {"tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060", NULL, NULL},
	    {"a 32-digit number 12345678901234567890123456789012", NULL, NULL},
	    {"growth of +25% and +1.5 points", NULL, NULL},
	    {"localhost http://localhost:8080/x", NULL, NULL},
	    {"the group.In the end", NULL, NULL},
	    {"T12345 and RT1059 are not techniques", NULL, NULL},
	    {"handle @evil_group on X", NULL, NULL},
	    {"affected versions: 1.4.2 and 2.0.0.3", NULL, NULL},
	    {"upgrade from 4.2.0.1 to 4.2.0.7", NULL, NULL},
	    {"versions 1.4.2, 2.0.0.3", NULL, NULL},
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

/* ---- the template ---- */

START_TEST(template_headings_and_labels_match_loosely)
{
	static const char text[] = "### threat actor - Copper Finch\n"
	                           "**TARGETING**\n"
	                           "* Sector: Banking, Telecommunications\n"
	                           "* *Countries*: Japan; Brazil\n"
	                           "* Victim: Acme Regional Bank\n"
	                           "## Tool and infrastructure\n"
	                           "1. __Malware__: CopperDrop backdoor and FinchLoader\n"
	                           "2. Infrastructure:\n"
	                           "   - 203.0.113.90\n"
	                           "## TTP\n"
	                           "- Phishing (T1566)\n";
	cg_import_stats st;
	cg_error err;
	cg_eid actor;

	ck_assert_int_eq(import_report(WRITE_TMP("loose.md", text), 0, &st, &err), 0);
	ASSERT_COUNTS(st, 11, 11, 0);
	actor = find("threat_actor", "Copper Finch");
	ck_assert(actor != CG_NO_ENTITY);
	ck_assert(has_link("targets", actor, find("sector", "Banking")));
	ck_assert(has_link("targets", actor, find("sector", "Telecommunications")));
	ck_assert(has_link("targets", actor, find("country", "JP")));
	ck_assert(has_link("targets", actor, find("country", "BR")));
	ck_assert(has_link("targets", actor, find("organization", "Acme Regional Bank")));
	ck_assert(has_link("uses", actor, find("malware", "CopperDrop")));
	ck_assert(has_link("uses", actor, find("malware", "FinchLoader")));
	ck_assert(has_link("uses", actor, find("ip", "203.0.113.90")));
	ck_assert(has_link("uses", actor, find("attack_pattern", "T1566")));
	ck_assert_int_eq(first_line(find("ip", "203.0.113.90")), 9);
}
END_TEST

START_TEST(template_none_phrases_give_nothing)
{
	static const char text[] = "# Threat Actor: Slate Heron\n"
	                           "## Targeting\n"
	                           "- **Sectors:** Not specified.\n"
	                           "- **Victims:** Unknown\n"
	                           "- **Geography:** N/A\n"
	                           "## Tools & Infrastructure\n"
	                           "- **Malware families used:** None explicitly mentioned.\n"
	                           "- **Tools:** n/a\n"
	                           "- **Infrastructure:** None identified in the report.\n";
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_report(WRITE_TMP("none.md", text), 0, &st, &err), 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 2); /* the report and the actor */
	ck_assert(find("threat_actor", "Slate Heron") != CG_NO_ENTITY);
}
END_TEST

START_TEST(template_lists_drop_descriptions)
{
	static const char text[] =
	    "# Threat Actor: Slate Heron\n"
	    "## Targeting\n"
	    "- **Sectors:** IT services, software development, or any sector that hires remote IT "
	    "contractors.\n"
	    "- **Victims:** Companies or entities that contracted with them, including Nordwind "
	    "Logistics.\n"
	    "## Tools & Infrastructure\n"
	    "- **Malware families used:** custom backdoors, publicly available tools, and the "
	    "ShadeRAT implant.\n"
	    "  - **GlassKey** - a credential stealer written in Go\n";
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_report(WRITE_TMP("lists.md", text), 0, &st, &err), 0);
	ck_assert_uint_eq(count_type("sector"), 2);
	ck_assert(find("sector", "IT services") != CG_NO_ENTITY);
	ck_assert(find("sector", "software development") != CG_NO_ENTITY);
	ck_assert_uint_eq(count_type("organization"), 1);
	ck_assert(find("organization", "Nordwind Logistics") != CG_NO_ENTITY);
	ck_assert_uint_eq(count_type("malware"), 2);
	ck_assert(find("malware", "ShadeRAT") != CG_NO_ENTITY);
	ck_assert(find("malware", "GlassKey") != CG_NO_ENTITY);

	/* generic nouns and prose around sector names */
	cg_graph_free(g);
	g = cg_graph_new();
	static const char more[] = "## Targeting\n"
	                           "- Targeted sectors: Government entities, Financial sector, "
	                           "Fortune 500 companies in general\n"
	                           "- Files dropped on victim machines: Invoice_2024.zip\n";
	ck_assert_int_eq(import_report(WRITE_TMP("sectors.md", more), 0, &st, &err), 0);
	ck_assert_uint_eq(count_type("sector"), 2);
	ck_assert(find("sector", "Government") != CG_NO_ENTITY);
	ck_assert(find("sector", "Financial") != CG_NO_ENTITY);
	ck_assert_uint_eq(count_type("organization"), 0);
}
END_TEST

START_TEST(template_geography_origin_and_targets)
{
	static const char text[] =
	    "# Threat Actor: Slate Heron\n"
	    "## Attribution & Identity\n"
	    "The group is based in North Korea. It rents servers in Russia.\n"
	    "## Targeting\n"
	    "- **Geography:** South Korea and Japan; the operators originate "
	    "from China.\n";
	cg_import_stats st;
	cg_error err;
	cg_eid actor;

	ck_assert_int_eq(import_report(WRITE_TMP("geo.md", text), 0, &st, &err), 0);
	actor = find("threat_actor", "Slate Heron");
	ck_assert(has_link("located_in", actor, find("country", "KP")));
	ck_assert(!has_link("located_in", actor, find("country", "RU")));
	ck_assert(!has_link("targets", actor, find("country", "RU")));
	ck_assert(find("country", "RU") != CG_NO_ENTITY); /* a mention */
	ck_assert(has_link("targets", actor, find("country", "KR")));
	ck_assert(has_link("targets", actor, find("country", "JP")));
	ck_assert(has_link("located_in", actor, find("country", "CN")));
	ck_assert(!has_link("targets", actor, find("country", "CN")));
}
END_TEST

START_TEST(report_entity_has_title_publisher_year)
{
	static const char a[] = "---\n"
	                        "title: Quarterly IT-worker review\n"
	                        "publisher: Example Threat Lab\n"
	                        "---\n"
	                        "Body text. Copyright (c) 2019-2023 Someone Else, Inc.\n";
	static const char b[] = "# The first heading is the title\n"
	                        "Text \xC2\xA9 Example Wire 2022. All rights reserved.\n";
	cg_import_stats st;
	cg_error err;
	cg_eid rep;

	ck_assert_int_eq(import_report(WRITE_TMP("front.md", a), 0, &st, &err), 0);
	rep = report_of();
	ck_assert_str_eq(cg_entity_name(g, rep), "front");
	ck_assert_str_eq(cg_entity_prop(g, rep, "title"), "Quarterly IT-worker review");
	ck_assert_str_eq(cg_entity_prop(g, rep, "publisher"), "Example Threat Lab");
	ck_assert_ptr_null(cg_entity_prop(g, rep, "year"));
	cg_graph_free(g);
	g = cg_graph_new();
	ck_assert_int_eq(import_report(WRITE_TMP("heading.md", b), 0, &st, &err), 0);
	rep = report_of();
	ck_assert_str_eq(cg_entity_prop(g, rep, "title"), "The first heading is the title");
	ck_assert_str_eq(cg_entity_prop(g, rep, "publisher"), "Example Wire");
	ck_assert_str_eq(cg_entity_prop(g, rep, "year"), "2022");
	{
		/* read ahead: one record for the report entity */
		cg_iter it = cg_entity_provs(g, rep);
		cg_prov p;
		int n = 0;
		while (cg_iter_next_prov(g, &it, &p))
			n++;
		ck_assert_int_eq(n, 1);
	}

	/* a notice past the read-ahead (64 KiB) is merged in from its line */
	{
		size_t fill = 70000, len = 0;
		char *big = malloc(fill + 200);
		ck_assert_ptr_nonnull(big);
		static const char filler[] = "filler text without any names at all.\n";
		while (len + sizeof filler < fill) {
			memcpy(big + len, filler, sizeof filler - 1);
			len += sizeof filler - 1;
		}
		len += (size_t)snprintf(big + len, 200, "Copyright 2020 Late Press.\n");
		cg_graph_free(g);
		g = cg_graph_new();
		ck_assert_int_eq(import_report(write_tmp("late.md", big, len), 0, &st, &err), 0);
		free(big);
		ck_assert_uint_eq(st.rejected, 0);
		rep = report_of();
		ck_assert_str_eq(cg_entity_prop(g, rep, "publisher"), "Late Press");
		ck_assert_str_eq(cg_entity_prop(g, rep, "year"), "2020");
		ck_assert_ptr_null(cg_entity_prop(g, rep, "title"));
	}
}
END_TEST

/* ---- names: gazetteer and countries ---- */

START_TEST(gazetteer_names_and_aliases_found_with_negations)
{
	static const char text[] =
	    "HIDDEN COBRA and Velvet Chollima were active.\n"                 /* 1 */
	    "The zinc mine is unrelated; ZINC is a code name.\n"              /* 2 */
	    "This was not APT37 but Andariel.\n"                              /* 3 */
	    "It was not only Kimsuky.\n"                                      /* 4 */
	    "Experts found no evidence that Moonstone Sleet was involved.\n"  /* 5 */
	    "The Lazarus Group's tools, unlike Jade Sleet's, were reused.\n"; /* 6 */
	cg_import_stats st;
	cg_error err;
	cg_eid rep, laz;

	ck_assert_int_eq(import_report(WRITE_TMP("gaz.md", text), 1, &st, &err), 0);
	rep = report_of();
	laz = find("threat_actor", "Lazarus Group");
	ck_assert_int_eq(count_links("mentions", rep, laz, 0), 1);
	/* cited on its first line only (HIDDEN COBRA), once per report */
	{
		cg_lid l;
		int lines = 0;
		for (l = 0; l < cg_graph_link_count(g); l++)
			if (cg_link_target(g, l) == laz) {
				cg_iter it = cg_link_provs(g, l);
				cg_prov p;
				while (cg_iter_next_prov(g, &it, &p))
					lines = lines * 10 + (int)p.line;
			}
		ck_assert_int_eq(lines, 1);
	}
	ck_assert_int_eq(count_links("mentions", rep, find("threat_actor", "Kimsuky"), 0), 1);
	ck_assert_int_eq(count_links("mentions", rep, find("threat_actor", "Andariel"), 0), 1);
	/* named only in negations: no entity, a negated_mentions of the report */
	ck_assert(find("threat_actor", "APT37") == CG_NO_ENTITY);
	ck_assert(find("threat_actor", "Moonstone Sleet") == CG_NO_ENTITY);
	ck_assert(find("threat_actor", "TraderTraitor") == CG_NO_ENTITY);
	ck_assert(has_prop(rep, "negated_mentions", "APT37"));
	ck_assert(has_prop(rep, "negated_mentions", "Moonstone Sleet"));
	ck_assert(has_prop(rep, "negated_mentions", "TraderTraitor"));
	ck_assert(!has_prop(rep, "negated_mentions", "Andariel"));
	/* the gazetteer's aliases come along */
	{
		cg_iter it = cg_entity_aliases(g, laz);
		const char *v;
		int n = 0;
		while (cg_iter_next_str(g, &it, &v))
			n++;
		ck_assert_int_ge(n, 5);
	}
}
END_TEST

/* A name the report names only to deny it is no entity of the report (a
 * screening would otherwise report it); named plainly anywhere in the
 * report, before or after the denial, it is one, with its negated mention. */
START_TEST(negated_only_gazetteer_names_are_no_entities)
{
	static const char text[] =
	    "Nothing links the workers to Lazarus Group malware operations.\n" /* 1 */
	    "The fronts worked for GREYKITE rather than for a known hacking\n" /* 2 */
	    "group such as Andariel.\n"                                        /* 3 */
	    "The broker is not affiliated with Kimsuky.\n"                     /* 4 */
	    "The wallets are unrelated to APT37.\n"                            /* 5 */
	    "There is no evidence that Moonstone Sleet paid them.\n"           /* 6 */
	    "\n"                                                               /* 7 */
	    "Kimsuky later reused the same loader.\n"                          /* 8 */
	    "It was not only Citrine Sleet.\n";                                /* 9 */
	cg_import_stats st;
	cg_error err;
	cg_eid rep, kim;

	ck_assert_int_eq(import_report(WRITE_TMP("negonly.md", text), 1, &st, &err), 0);
	rep = report_of();
	ck_assert(rep != CG_NO_ENTITY);
	/* negated only: no entity, a property of the report */
	static const char *const denied[] = {"Lazarus Group", "Andariel", "APT37",
	                                     "Moonstone Sleet"};
	for (size_t k = 0; k < sizeof denied / sizeof denied[0]; k++) {
		ck_assert_msg(find("threat_actor", denied[k]) == CG_NO_ENTITY, "%s is an entity",
		              denied[k]);
		ck_assert_msg(has_prop(rep, "negated_mentions", denied[k]), "%s", denied[k]);
	}
	/* negated on line 4, plain on line 8: an entity, with both mentions, the
	 * negated one cited on line 4 */
	kim = find("threat_actor", "Kimsuky");
	ck_assert(kim != CG_NO_ENTITY);
	ck_assert_int_eq(count_links("mentions", rep, kim, 0), 1);
	ck_assert_int_eq(count_links("mentions", rep, kim, 1), 1);
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		if (cg_link_target(g, l) == kim && link_negated(l))
			ck_assert_int_eq(link_line(l), 4);
	ck_assert(!has_prop(rep, "negated_mentions", "Kimsuky"));
	/* "not only" negates nothing */
	ck_assert_int_eq(count_links("mentions", rep, find("threat_actor", "Citrine Sleet"), 0), 1);
	/* one report entity, the properties merged into it */
	ck_assert_uint_eq(count_type("document"), 1);
}
END_TEST

START_TEST(gazetteer_entity_merges_with_the_gazetteer_as_input)
{
	static const char text[] = "# Threat Actor: Diamond Sleet\n"
	                           "Also seen: BlueNoroff.\n";
	char gpath[4200];
	const char *rpath = WRITE_TMP("merge.md", text);
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import *imp;
	cg_error err;
	cg_eid laz;
	const char *paths[2];

	snprintf(gpath, sizeof gpath, "%s/gazetteers/dprk-threat-actors.csv", source_root);
	paths[0] = gpath;
	paths[1] = rpath;
	o.gazetteer = gaz;
	o.diag = tu_on_diag;
	o.diag_ctx = &dl;
	imp = cg_import_new(g, &o);
	ck_assert_int_eq(cg_import_files(imp, paths, 2, NULL, NULL, &err), 0);
	cg_import_free(imp);
	ck_assert_uint_eq(count_type("threat_actor"), 10);
	laz = find("threat_actor", "Lazarus Group");
	ck_assert(laz != CG_NO_ENTITY);
	/* the heading's spelling is an alias, the report's case a provenance */
	{
		cg_iter it = cg_entity_provs(g, laz);
		cg_prov p;
		int cases = 0;
		while (cg_iter_next_prov(g, &it, &p))
			cases += strcmp(p.case_name, "merge") == 0;
		ck_assert_int_ge(cases, 1);
	}
	ck_assert(has_link("mentions", report_of(), find("threat_actor", "APT38")));
}
END_TEST

START_TEST(template_items_resolve_through_the_gazetteer)
{
	static const char nodes[] = "id,type,name,registration_number,jurisdiction\n"
	                            "c1,company,Nordwind Logistics GmbH,HRB 4711,DE\n"
	                            "m1,malware,GlassKey,,\n";
	static const char text[] = "# Threat Actor: Slate Heron\n"
	                           "## Targeting\n"
	                           "- **Victims:** Nordwind Logistics, Acme Regional Bank\n"
	                           "## Tools & Infrastructure\n"
	                           "- **Malware families used:** GlassKey\n";
	cg_graph *keep = gaz;
	cg_import_stats st;
	cg_error err;
	cg_eid nw;

	gaz = load_graph(WRITE_TMP("known.csv", nodes));
	ck_assert_int_eq(import_report(WRITE_TMP("known.md", text), 1, &st, &err), 0);
	cg_graph_free(gaz);
	gaz = keep;
	/* the gazetteer's company (with its registration key), role victim */
	nw = find("company", "Nordwind Logistics GmbH");
	ck_assert(nw != CG_NO_ENTITY);
	ck_assert_str_eq(cg_entity_id(g, nw), "company:reg:DE:HRB4711");
	{
		cg_iter it = cg_entity_roles(g, nw);
		const char *r;
		ck_assert(cg_iter_next_str(g, &it, &r));
		ck_assert_str_eq(r, "victim");
	}
	ck_assert(has_link("targets", find("threat_actor", "Slate Heron"), nw));
	ck_assert(find("organization", "Nordwind Logistics") == CG_NO_ENTITY);
	ck_assert(find("organization", "Acme Regional Bank") != CG_NO_ENTITY);
	ck_assert_uint_eq(count_type("malware"), 1);
}
END_TEST

START_TEST(countries_in_running_text)
{
	static const char text[] =
	    "Servers in the Netherlands, the U.S. and Hong Kong; staff from Viet Nam.\n" /* 1 */
	    "Contact us at the office; IT services are in scope.\n"                      /* 2 */
	    "Jordan Reyes signed for parcels. Offices in Jordan.\n"                      /* 3 */
	    "Sales in Latin America and New Mexico grew.\n"                              /* 4 */
	    "North Korea's revenue and the DPRK's plans.\n";                             /* 5 */
	cg_import_stats st;
	cg_error err;
	cg_eid jo;

	ck_assert_int_eq(import_report(WRITE_TMP("countries.md", text), 0, &st, &err), 0);
	ck_assert(find("country", "NL") != CG_NO_ENTITY);
	ck_assert(find("country", "US") != CG_NO_ENTITY);
	ck_assert(find("country", "HK") != CG_NO_ENTITY);
	ck_assert(find("country", "VN") != CG_NO_ENTITY);
	ck_assert(find("country", "IT") == CG_NO_ENTITY);
	ck_assert(find("country", "MX") == CG_NO_ENTITY);
	jo = find("country", "JO");
	ck_assert(jo != CG_NO_ENTITY);
	ck_assert_int_eq(first_line(jo), 3);
	ck_assert(find("country", "KP") != CG_NO_ENTITY);
	ck_assert_uint_eq(count_type("country"), 6);
	/* US mentioned on line 1 only ("us" on line 2 is a pronoun) */
	{
		cg_eid us = find("country", "US");
		cg_iter it = cg_entity_provs(g, us);
		cg_prov p;
		int n = 0;
		while (cg_iter_next_prov(g, &it, &p))
			n++;
		ck_assert_int_eq(n, 1);
	}
}
END_TEST

START_TEST(large_gazetteer_is_searched_in_one_pass)
{
	/* 100,000 names: the automaton is built once per session (the two
	 * reports are read by one) and each line is read once, whatever the
	 * number of names */
	cg_graph *big = cg_graph_new();
	cg_import_stats st;
	cg_error err;
	char name[64];
	static const char *const syll[] = {"ka", "ri", "mo",  "tan", "sel", "vo",  "ne", "dur",
	                                   "pa", "li", "gor", "xe",  "bu",  "fan", "ti", "om"};
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import *imp;
	struct timespec t0, t1;

	ck_assert_ptr_nonnull(big);
	for (unsigned i = 0; i < 100000; i++) {
		cg_entity_rec rec = CG_ENTITY_REC_INIT;
		cg_prov prov = {"big.csv", (long)i + 1, "big", NULL, NULL, 0, NULL, NULL};
		cg_eid e;
		unsigned x = i * 2654435761u;
		snprintf(name, sizeof name, "%s%s%s %s%s Holding %u", syll[x & 15],
		         syll[(x >> 4) & 15], syll[(x >> 8) & 15], syll[(x >> 12) & 15],
		         syll[(x >> 16) & 15], i);
		rec.type = "organization";
		rec.name = name;
		rec.prov = &prov;
		rec.n_prov = 1;
		ck_assert_int_eq(cg_graph_add_entity(big, &rec, &e, NULL, &err), 0);
	}
	o.gazetteer = big;
	o.diag = tu_on_diag;
	o.diag_ctx = &dl;
	imp = cg_import_new(g, &o);
	ck_assert_ptr_nonnull(imp);
	{
		cg_eid e = 77777;
		char text[512];
		snprintf(text, sizeof text, "Payments went to %s and to nobody else.\n",
		         cg_entity_name(big, e));
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ck_assert_int_eq(cg_import_file(imp, write_tmp("big1.md", text, strlen(text)),
		                                CG_FMT_REPORT, &st, &err),
		                 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ck_assert(find("organization", cg_entity_name(big, e)) != CG_NO_ENTITY);
		printf("gazetteer of 100000 names: first report %.3f s (automaton built)",
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ck_assert_int_eq(cg_import_file(imp, write_tmp("big2.md", text, strlen(text)),
		                                CG_FMT_REPORT, &st, &err),
		                 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf(", second %.3f s (cached)\n",
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		ck_assert_uint_eq(count_type("organization"), 1);
	}
	cg_import_free(imp);
	cg_graph_free(big);
}
END_TEST

START_TEST(sessions_keep_their_own_gazetteer_automaton)
{
	/* two sessions open at once, each with its own gazetteer (whose
	 * automaton the session keeps): the reports of each name that
	 * gazetteer's actor only, whatever the order of the imports, and one
	 * session goes on after the other is freed */
	static const char nodes_a[] = "id,type,name\na1,threat_actor,Copper Lantern\n";
	static const char nodes_b[] = "id,type,name\nb1,threat_actor,Amber Kestrel\n";
	static const char text[] = "Copper Lantern and Amber Kestrel shared a server.\n";
	cg_graph *keep = g, *gz[2], *out[2];
	cg_import *imp[2];
	const char *paths[3];
	cg_import_stats st;
	cg_error err;

	gz[0] = load_graph(WRITE_TMP("gaz_a.csv", nodes_a));
	gz[1] = load_graph(WRITE_TMP("gaz_b.csv", nodes_b));
	paths[0] = WRITE_TMP("first.md", text);
	paths[1] = WRITE_TMP("second.md", text);
	paths[2] = WRITE_TMP("third.md", text);
	for (int k = 0; k < 2; k++) {
		cg_import_opts o = CG_IMPORT_OPTS_INIT;
		o.gazetteer = gz[k];
		out[k] = cg_graph_new();
		ck_assert_ptr_nonnull(out[k]);
		imp[k] = cg_import_new(out[k], &o);
		ck_assert_ptr_nonnull(imp[k]);
	}
	for (int r = 0; r < 2; r++)
		for (int k = 0; k < 2; k++) {
			memset(&st, 0, sizeof st);
			ck_assert_int_eq(cg_import_file(imp[k], paths[r], CG_FMT_REPORT, &st, &err),
			                 0);
		}
	cg_import_free(imp[0]);
	ck_assert_int_eq(cg_import_file(imp[1], paths[2], CG_FMT_REPORT, &st, &err), 0);
	cg_import_free(imp[1]);
	for (int k = 0; k < 2; k++) {
		cg_eid mine, other;
		int mentions = 0;
		g = out[k];
		mine = find("threat_actor", k ? "Amber Kestrel" : "Copper Lantern");
		other = find("threat_actor", k ? "Copper Lantern" : "Amber Kestrel");
		ck_assert(mine != CG_NO_ENTITY);
		ck_assert(other == CG_NO_ENTITY);
		ck_assert_uint_eq(count_type("threat_actor"), 1);
		ck_assert_uint_eq(count_type("document"), k ? 3 : 2);
		for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
			mentions += strcmp(cg_link_type_name(g, l), "mentions") == 0 &&
			            cg_link_target(g, l) == mine;
		ck_assert_int_eq(mentions, k ? 3 : 2); /* from each report */
	}
	g = keep;
	for (int k = 0; k < 2; k++) {
		cg_graph_free(out[k]);
		cg_graph_free(gz[k]);
	}
}
END_TEST

/* ---- lines, counts, cases, errors ---- */

START_TEST(counts_reconcile_and_bad_lines_are_rejected)
{
	static const char text[] = "first 192.0.2.1\n"
	                           "bad \xff\xfe line 192.0.2.2\n"
	                           "nul \0 here\n"
	                           "a very long line that is over the limit 192.0.2.3\n"
	                           "last 192.0.2.4";
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	const char *path = write_tmp("bad.md", text, sizeof text - 1);

	o.max_record = 40;
	ck_assert_int_eq(import_opts(path, &o, 0, &st, &err), 0);
	ASSERT_COUNTS(st, 5, 2, 3);
	ck_assert_uint_eq(dl.n, 3);
	char want[600];
	snprintf(want, sizeof want, "%s:2: invalid UTF-8", path);
	ck_assert_str_eq(dl.text[0], want);
	snprintf(want, sizeof want, "%s:3: NUL byte in line", path);
	ck_assert_str_eq(dl.text[1], want);
	snprintf(want, sizeof want, "%s:4: line is longer than 40 bytes", path);
	ck_assert_str_eq(dl.text[2], want);
	ck_assert_int_eq(dl.code[2], CG_ELIMIT);
	ck_assert(find("ip", "192.0.2.1") != CG_NO_ENTITY);
	ck_assert(find("ip", "192.0.2.2") == CG_NO_ENTITY);
	ck_assert(find("ip", "192.0.2.3") == CG_NO_ENTITY);
	ck_assert_int_eq(first_line(find("ip", "192.0.2.4")), 5);
}
END_TEST

START_TEST(strict_mode_stops_at_the_first_bad_line)
{
	static const char text[] = "ok 192.0.2.1\nbad \xff\nok 192.0.2.3\n";
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.strict = 1;
	ck_assert_int_eq(import_opts(WRITE_TMP("strict.md", text), &o, 0, &st, &err), CG_EREJECT);
	ck_assert_int_eq(err.line, 2);
	ck_assert(find("ip", "192.0.2.3") == CG_NO_ENTITY);
}
END_TEST

START_TEST(max_rows_stops_after_that_many_lines)
{
	static const char text[] = "a 192.0.2.1\nb 192.0.2.2\nc 192.0.2.3\n";
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.max_rows = 2;
	ck_assert_int_eq(import_opts(WRITE_TMP("rows.md", text), &o, 0, &st, &err), 0);
	ASSERT_COUNTS(st, 2, 2, 0);
	ck_assert(find("ip", "192.0.2.2") != CG_NO_ENTITY);
	ck_assert(find("ip", "192.0.2.3") == CG_NO_ENTITY);
}
END_TEST

START_TEST(case_is_the_file_name_or_the_option)
{
	static const char text[] = "\xEF\xBB\xBFIP 192.0.2.1 and again 192.0.2.1\r\n";
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;
	cg_prov p;
	cg_iter it;
	cg_eid ip;

	ck_assert_int_eq(import_report(WRITE_TMP("Case File.v2.md", text), 0, &st, &err), 0);
	ip = find("ip", "192.0.2.1");
	it = cg_entity_provs(g, ip);
	ck_assert(cg_iter_next_prov(g, &it, &p));
	ck_assert_str_eq(p.case_name, "Case File.v2");
	ck_assert_int_eq(p.line, 1);
	ck_assert(!cg_iter_next_prov(g, &it, &p)); /* once per line */
	ck_assert_str_eq(cg_entity_name(g, report_of()), "Case File.v2");
	cg_graph_free(g);
	g = cg_graph_new();
	o.case_name = "op-greykite";
	ck_assert_int_eq(import_opts(WRITE_TMP("other.md", text), &o, 0, &st, &err), 0);
	it = cg_entity_provs(g, find("ip", "192.0.2.1"));
	ck_assert(cg_iter_next_prov(g, &it, &p));
	ck_assert_str_eq(p.case_name, "op-greykite");
	ck_assert_str_eq(cg_entity_name(g, report_of()), "other");
}
END_TEST

START_TEST(shared_indicator_merges_across_reports_with_both_citations)
{
	static const char a[] = "C2 198.51.100.9 seen.\n";
	static const char b[] = "Intro.\nThe old C2 198.51.100[.]9 is back.\n";
	const char *paths[2];
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import *imp;
	cg_error err;
	cg_iter it;
	cg_prov p;
	int n = 0;
	long lines = 0;

	paths[0] = WRITE_TMP("rep-a.md", a);
	paths[1] = WRITE_TMP("rep-b.md", b);
	imp = cg_import_new(g, &o);
	ck_assert_int_eq(cg_import_files(imp, paths, 2, NULL, NULL, &err), 0);
	cg_import_free(imp);
	it = cg_entity_provs(g, find("ip", "198.51.100.9"));
	while (cg_iter_next_prov(g, &it, &p)) {
		n++;
		lines = lines * 10 + p.line;
	}
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(lines, 12);
	ck_assert_uint_eq(count_type("document"), 2);
}
END_TEST

START_TEST(links_carry_their_line)
{
	static const char text[] = "# Threat Actor: Slate Heron\n"
	                           "\n"
	                           "## Tools & Infrastructure\n"
	                           "- **Infrastructure:** evil[.]example resolved to 192.0.2.50\n";
	cg_import_stats st;
	cg_error err;
	int checked = 0;

	ck_assert_int_eq(import_report(WRITE_TMP("lines.md", text), 0, &st, &err), 0);
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		const char *t = cg_link_type_name(g, l);
		if (strcmp(t, "resolves_to") == 0 || strcmp(t, "uses") == 0) {
			ck_assert_int_eq(link_line(l), 4);
			checked++;
		}
	}
	ck_assert_int_eq(checked, 3);
	ck_assert(
	    has_link("resolves_to", find("domain", "evil.example"), find("ip", "192.0.2.50")));
}
END_TEST

START_TEST(missing_file_is_an_io_error)
{
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(import_report("no-such-report.md", 0, &st, &err), CG_EIO);
	ck_assert_str_eq(err.file, "no-such-report.md");
}
END_TEST

START_TEST(format_detected_from_name_and_heading)
{
	cg_format f;
	cg_error err;

	ck_assert_int_eq(cg_import_detect("01-greykite-laptop-farm.md", &f, &err), 0);
	ck_assert_int_eq(f, CG_FMT_REPORT);
	ck_assert_int_eq(cg_import_detect("04-kimsuky-phishing-plain.txt", &f, &err), 0);
	ck_assert_int_eq(f, CG_FMT_REPORT);
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc;

	tc = tcase_create("corpus");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, corpus_precision_recall_at_least_97_percent);
	tcase_add_test(tc, seed_report_yields_what_its_readme_lists);
	tcase_add_test(tc, seed_report_without_gazetteer_names_no_gazetteer_actor);
	suite_add_tcase(s, tc);

	tc = tcase_create("indicators");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, defanging_undone_in_every_form);
	tcase_add_test(tc, indicators_inside_markdown_and_asciidoc);
	tcase_add_test(tc, indicators_of_every_kind);
	tcase_add_test(tc, false_friends_are_not_indicators);
	suite_add_tcase(s, tc);

	tc = tcase_create("template");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, template_headings_and_labels_match_loosely);
	tcase_add_test(tc, template_none_phrases_give_nothing);
	tcase_add_test(tc, template_lists_drop_descriptions);
	tcase_add_test(tc, template_geography_origin_and_targets);
	tcase_add_test(tc, report_entity_has_title_publisher_year);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, gazetteer_names_and_aliases_found_with_negations);
	tcase_add_test(tc, negated_only_gazetteer_names_are_no_entities);
	tcase_add_test(tc, gazetteer_entity_merges_with_the_gazetteer_as_input);
	tcase_add_test(tc, template_items_resolve_through_the_gazetteer);
	tcase_add_test(tc, countries_in_running_text);
	tcase_add_test(tc, large_gazetteer_is_searched_in_one_pass);
	tcase_add_test(tc, sessions_keep_their_own_gazetteer_automaton);
	suite_add_tcase(s, tc);

	tc = tcase_create("lines");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, counts_reconcile_and_bad_lines_are_rejected);
	tcase_add_test(tc, strict_mode_stops_at_the_first_bad_line);
	tcase_add_test(tc, max_rows_stops_after_that_many_lines);
	tcase_add_test(tc, case_is_the_file_name_or_the_option);
	tcase_add_test(tc, shared_indicator_merges_across_reports_with_both_citations);
	tcase_add_test(tc, links_carry_their_line);
	tcase_add_test(tc, missing_file_is_an_io_error);
	tcase_add_test(tc, format_detected_from_name_and_heading);
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
	/* tu_shared_root() reads CG_SOURCE_ROOT: make it absolute before the
	 * change of directory */
	setenv("CG_SOURCE_ROOT", source_root, 1);
	snprintf(dir, sizeof dir, "%s/tests/data/reports", source_root);
	if (chdir(dir) != 0) {
		fprintf(stderr, "test_report: cannot enter %s (set CG_SOURCE_ROOT): %s\n", dir,
		        strerror(errno));
		return 1;
	}
	snprintf(basedir, sizeof basedir, "/tmp/cg_test_report.XXXXXX");
	if (!mkdtemp(basedir)) {
		fprintf(stderr, "test_report: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	sr = srunner_create(report_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	tu_remove_tree(basedir);
	return failed != 0;
}
