/* Tests of the mapped-CSV importer (importers/mapping/, docs/MAPPING.md):
 * good mappings and the entities, links, provenance and counts they make;
 * every bad mapping refused before any row is read, with the mapping file's
 * line; bad rows reported as file:line[:column]: reason with the rest kept;
 * skips reported once with a count; filters, templates, split, regular
 * expressions, lookups by id and by name, encodings, headerless files,
 * dry-run limits; the ICIJ preset on small fictional files and the OFAC
 * preset on the real SDN list when ../shared is present.
 *
 * Each test works in its own temporary directory (it is the working
 * directory during the test, so that messages carry short relative paths);
 * inputs are written there at run time. All names are invented. */
#include "cg_graph.h"
#include "cg_import.h"
#include "cg_mapping.h"
#include "cg_jsonl.h"
#include "cg_strbuf.h"
#include "testutil.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- diagnostics ---- */

#define MAX_DIAGS 64

typedef struct diag_log {
	size_t n;
	int code[MAX_DIAGS];
	char text[MAX_DIAGS][1200]; /* file:line[:col]: message */
	char msg[MAX_DIAGS][600];   /* the message alone */
} diag_log;

static cg_graph *g;
static diag_log dl;

static void on_diag(void *ctx, const cg_error *d)
{
	diag_log *l = ctx;

	if (l->n >= MAX_DIAGS)
		return;
	l->code[l->n] = d->code;
	cg_error_format(d, l->text[l->n], sizeof l->text[l->n]);
	snprintf(l->msg[l->n], sizeof l->msg[l->n], "%s", d->message);
	l->n++;
}

/* ---- the working directory of a test ---- */

static char basedir[64];
static char tmpdir[128];
static char source_root[4096];

static void setup(void)
{
	memset(&dl, 0, sizeof dl);
	g = cg_graph_new();
	ck_assert_ptr_nonnull(g);
	snprintf(tmpdir, sizeof tmpdir, "%s/t.XXXXXX", basedir);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	ck_assert_int_eq(chdir(tmpdir), 0);
}

static void teardown(void)
{
	ck_assert_int_eq(chdir(basedir), 0);
	tu_remove_tree(tmpdir);
	cg_graph_free(g);
	g = NULL;
}

/* Writes name (relative to the test's directory) with exactly n bytes. */
static void putn(const char *name, const char *data, size_t n)
{
	char dir[256];
	const char *slash = strrchr(name, '/');

	if (slash) {
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - name), name);
		mkdir(dir, 0700);
	}
	tu_write_file(name, data, n);
}

static void put(const char *name, const char *text)
{
	putn(name, text, strlen(text));
}

/* ---- importing ---- */

static int import_path(const char *path, const cg_import_opts *opts, cg_import_stats *st,
                       cg_error *err)
{
	return tu_import(g, path, CG_FMT_UNKNOWN, opts, on_diag, &dl, st, err);
}

static int apply(const char *mapping, const char *const *csvs, size_t n, const cg_import_opts *opts,
                 cg_import_stats *per, cg_error *err)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import *imp;
	int rc;

	if (opts)
		o = *opts;
	o.diag = on_diag;
	o.diag_ctx = &dl;
	imp = cg_import_new(g, &o);
	ck_assert_ptr_nonnull(imp);
	cg_error_clear(err);
	rc = cg_import_mapping_apply(imp, mapping, csvs, n, per, err);
	cg_import_free(imp);
	return rc;
}

static cg_eid local(const char *kase, const char *id)
{
	cg_eid e = cg_graph_find_local(g, kase, id);
	ck_assert_msg(e != CG_NO_ENTITY, "no entity %s in case %s", id, kase);
	return e;
}

/* The values of property name of entity e, joined with '|'. */
static const char *props_of(cg_eid e, const char *name)
{
	static char buf[2000];
	cg_iter it = cg_entity_props(g, e);
	const char *n, *v;
	size_t len = 0;

	buf[0] = '\0';
	while (cg_iter_next_prop(g, &it, &n, &v))
		if (strcmp(n, name) == 0)
			len += (size_t)snprintf(buf + len, len < sizeof buf ? sizeof buf - len : 0,
			                        "%s%s", len ? "|" : "", v);
	return buf;
}

static const char *strs_of(cg_iter it)
{
	static char buf[2000];
	const char *v;
	size_t len = 0;

	buf[0] = '\0';
	while (cg_iter_next_str(g, &it, &v))
		len += (size_t)snprintf(buf + len, len < sizeof buf ? sizeof buf - len : 0, "%s%s",
		                        len ? "|" : "", v);
	return buf;
}

static const char *link_prop(cg_lid l, const char *name)
{
	cg_iter it = cg_link_props(g, l);
	const char *n, *v;

	while (cg_iter_next_prop(g, &it, &n, &v))
		if (strcmp(n, name) == 0)
			return v;
	return NULL;
}

/* The first provenance record of e. */
static cg_prov prov_of(cg_eid e)
{
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;

	ck_assert_int_eq(cg_iter_next_prov(g, &it, &p), 1);
	return p;
}

static size_t count_type(const char *type)
{
	size_t n = 0;
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++)
		n += strcmp(cg_entity_type_name(g, e), type) == 0;
	return n;
}

static size_t count_links(const char *type)
{
	size_t n = 0;
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		n += strcmp(cg_link_type_name(g, l), type) == 0;
	return n;
}

static cg_eid by_name(const char *name)
{
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++)
		if (strcmp(cg_entity_name(g, e), name) == 0)
			return e;
	ck_abort_msg("no entity named %s", name);
	return CG_NO_ENTITY;
}

/* ================= good mappings ================= */

START_TEST(good_rows_become_entities_links_with_provenance)
{
	cg_import_stats st;
	cg_error err;
	int64_t minor;
	const char *cur;

	put("m.json",
	    "{\n"
	    "  \"file\": \"pay.csv\",\n"
	    "  \"case\": \"ledger\",\n"
	    "  \"entities\": {\n"
	    "    \"payer\": {\"type\": \"company\", \"keys\": [\"payer\"], \"name\": "
	    "\"{payer}\"},\n"
	    "    \"acct\": {\"type\": \"bank_account\", \"name\": \"{iban}\",\n"
	    "             \"properties\": {\"iban\": \"{iban}\"}}\n"
	    "  },\n"
	    "  \"links\": {\n"
	    "    \"pays\": {\"type\": \"pays\", \"source\": \"payer\", \"target\": \"acct\",\n"
	    "             \"amount\": \"{amount}\", \"currency\": \"{ccy}\",\n"
	    "             \"properties\": {\"date\": {\"column\": \"when\", \"format\": "
	    "\"%d/%m/%Y\"},\n"
	    "                            \"ref\": \"{ref}\"}}\n"
	    "  }\n"
	    "}\n");
	put("pay.csv",
	    "ref,when,payer,iban,amount,ccy\n"
	    "r1,15/03/2023,Acme Trading LLC,GB82 WEST 1234 5698 7654 32,\"1,250.50\",USD\n"
	    "r2,16/03/2023,ACME TRADING LLC,GB82WEST12345698765432,99.00,usd\n"
	    "r3,17/03/2023,Acme Trading LLC,GB82WEST12345698765432,99.00,USD\n");
	ck_assert_msg(import_path("m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 3, 3, 0);
	ck_assert_uint_eq(dl.n, 0);
	/* two spellings of the payer: two local ids of one source, two
	 * companies (a name alone never merges them) */
	ck_assert_uint_eq(cg_graph_entity_count(g), 3);
	ck_assert_uint_eq(st.entities_created, 3);
	ck_assert_uint_eq(st.entities_merged, 3);
	cg_eid payer = local("ledger", "payer:Acme Trading LLC");
	ck_assert_uint_ne(local("ledger", "payer:ACME TRADING LLC"), payer);
	cg_prov p = prov_of(payer);
	ck_assert_str_eq(p.file, "pay.csv");
	ck_assert_int_eq(p.line, 2);
	ck_assert_str_eq(p.case_name, "ledger");
	/* entities without keys get a local id per row */
	cg_eid acct = local("ledger", "acct:pay.csv:3");
	ck_assert_uint_eq(local("ledger", "acct:pay.csv:2"), acct);
	ck_assert_str_eq(cg_entity_id(g, acct), "bank_account:iban:GB82WEST12345698765432");
	/* three payments: amounts exact, dates converted */
	ck_assert_uint_eq(cg_graph_link_count(g), 3);
	ck_assert_int_eq(cg_link_amount(g, 0, &minor, &cur), 1);
	ck_assert_int_eq(minor, 125050);
	ck_assert_str_eq(cur, "USD");
	ck_assert_str_eq(link_prop(0, "date"), "2023-03-15");
	ck_assert_str_eq(link_prop(1, "date"), "2023-03-16");
	ck_assert_str_eq(link_prop(2, "ref"), "r3");
	ck_assert_uint_eq(cg_link_source(g, 2), payer);
	ck_assert_uint_eq(cg_link_target(g, 2), acct);
}
END_TEST

START_TEST(detected_as_mapping)
{
	cg_format f;
	cg_error err;

	put("m.json", "{\"files\": [\"a.csv\"], \"entities\": {}}\n");
	cg_error_clear(&err);
	ck_assert_int_eq(cg_import_detect("m.json", &f, &err), 0);
	ck_assert_int_eq(f, CG_FMT_MAPPING);
}
END_TEST

/* ================= bad mappings: refused before any row ================= */

#define ROWS_CSV "id,name,kind,amount\n1,Alpha Ltd,company,5\n"

static const struct bad_case {
	const char *mapping;
	int code;
	const char *message;
} bad_cases[] = {
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\n"
     "  \"e\": {\"type\": \"company\",\n"
     "        \"name\": \"{nmae}\"}}}\n",
     CG_EPARSE,
     "m.json:4: entity 'e': unknown column 'nmae' in rows.csv (its columns: id, name, kind, "
     "amount)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\n"
     "  \"e\": {\"type\": \"company\",\n"
     "        \"name\": \"{name} {9}\"}}}\n",
     CG_EPARSE, "m.json:4: entity 'e': column 9, but rows.csv has 4 columns"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\n"
     "  \"e\": {\"type\": \"persn\",\n"
     "        \"name\": \"{name}\"}}}\n",
     CG_EPARSE, "m.json:3: entity 'e': unknown entity type 'persn' (did you mean 'person'?)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\n"
     "  \"e\": {\"type\": {\"column\": \"kind\",\n"
     "                 \"map\": {\"co\": \"compnay\"}},\n"
     "        \"name\": \"{name}\"}}}\n",
     CG_EPARSE, "m.json:4: entity 'e': unknown entity type 'compnay' (did you mean 'company'?)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"},\n"
     "              \"f\": {\"type\": \"company\", \"name\": \"{kind}\"}},\n"
     " \"links\": {\n"
     "  \"l\": {\"type\": \"employe_of\", \"source\": \"e\", \"target\": \"f\"}}}\n",
     CG_EPARSE, "m.json:5: link 'l': unknown link type 'employe_of' (did you mean 'employee_of'?)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"}},\n"
     " \"links\": {\n"
     "  \"l\": {\"type\": \"pays\",\n"
     "         \"source\": \"e\",\n"
     "         \"target\": \"payee\"}}}\n",
     CG_EPARSE, "m.json:6: link 'l': unknown entity 'payee' (the mapping's entities: e)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\n"
     "  \"e\": {\"type\": \"company\", \"name\": \"{name}\",\n"
     "        \"propertes\": {}}}}\n",
     CG_EPARSE,
     "m.json:4: entity 'e': unknown member 'propertes' (expected: type, file, files, keys, id, "
     "name, aliases, roles, properties, required, filters, extract)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\n"
     "  \"e\": {\"type\": \"company\" \"name\": \"{name}\"}}}\n",
     CG_EPARSE, "m.json:3:27: invalid JSON"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\n"
     "  \"e\": {\"type\": \"company\", \"name\": \"{name}\",\n"
     "        \"aliases\": {\"column\": \"name\",\n"
     "                    \"regex\": \"([\"}}}}\n",
     CG_EPARSE, "m.json:5: entity 'e': bad regular expression '([': Invalid regular expression"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\n"
     "  \"e\": {\"type\": \"company\",\n"
     "        \"extract\": {\"column\": \"name\", \"regex\": \"([A-Z])\"},\n"
     "        \"name\": \"{$2}\"}}}\n",
     CG_EPARSE,
     "m.json:5: entity 'e': '{$2}' in template '{$2}', but the extraction's regular expression "
     "has 1 group"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\n"
     "  \"e\": {\"type\": \"company\",\n"
     "        \"name\": \"{$1}\"}}}\n",
     CG_EPARSE,
     "m.json:4: entity 'e': '{$1}' in template '{$1}' outside an extraction (groups exist only "
     "in an entity or link with \"extract\")"},
    {"{\"file\": {\"path\": \"rows.csv\", \"header\": false},\n"
     " \"entities\": {\n"
     "  \"e\": {\"type\": \"company\",\n"
     "        \"name\": \"{name}\"}}}\n",
     CG_EPARSE,
     "m.json:4: entity 'e': column 'name', but rows.csv has no header row (refer to its columns "
     "by number, or name them with \"columns\")"},
    {"{\"file\": {\"path\": \"rows.csv\", \"header\": false,\n"
     "          \"columns\": [\"id\", \"name\", \"kind\"]},\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"}}}\n",
     CG_EPARSE, "m.json:1: the mapping names 3 columns, but the first row of rows.csv has 4"},
    {"{\"file\": \"rows.csv\",\n"
     " \"encoding\": \"ebcdic\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"}}}\n",
     CG_EPARSE,
     "m.json:2: unsupported encoding 'ebcdic' (utf-8, latin-1 or windows-1252; convert others "
     "with iconv first)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\",\n"
     "   \"properties\": {\"incorporation_date\":\n"
     "      {\"column\": \"kind\", \"format\": \"%d/%Q/%Y\"}}}}}\n",
     CG_EPARSE,
     "m.json:4: entity 'e': property 'incorporation_date' of entity 'e': date format "
     "'%d/%Q/%Y': unknown directive (use %d %e %m %b %B %Y %y, %H %M %S %I %p, %%)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"},\n"
     "              \"f\": {\"type\": \"company\", \"name\": \"{kind}\"}},\n"
     " \"links\": {\"l\": {\"type\": \"pays\", \"source\": \"e\", \"target\": \"f\",\n"
     "                 \"amount\": \"{amount}\"}}}\n",
     CG_EPARSE,
     "m.json:5: link 'l': an 'amount' needs a 'currency' (a column or a constant such as "
     "\"USD\")"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\",\n"
     "                     \"file\": \"other.csv\"}}}\n",
     CG_EPARSE, "m.json:3: entity 'e': unknown file 'other.csv' (the mapping's files: rows.csv)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"filters\": [{\"column\": \"status\", \"equals\": \"paid\"}],\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"}}}\n",
     CG_EPARSE,
     "m.json:2: unknown column 'status' in rows.csv (its columns: id, name, kind, amount)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\",\n"
     "                     \"required\": [\"id\", \"adress\"]}}}\n",
     CG_EPARSE,
     "m.json:3: entity 'e': unknown column 'adress' in rows.csv (its columns: id, name, kind, "
     "amount)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"}},\n"
     " \"links\": {\"l\": {\"type\": \"owns\", \"source\": \"e\",\n"
     "                 \"target\": {\"name\": \"{kind}\", \"if_missing\": \"reject\"}}}}\n",
     CG_EPARSE,
     "m.json:4: link 'l': 'reject' is not possible for a name, looked up after the last row: "
     "use \"skip\" or {\"type\": ...}"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name\"}}}\n",
     CG_EPARSE, "m.json:2: entity 'e': unterminated '{' in template '{name'"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"}},\n"
     " \"links\": {\"l\": {\"type\": \"owns\", \"source\": \"e\",\n"
     "                 \"target\": \"e\"}}}\n",
     CG_EPARSE, "m.json:4: link 'l': source and target are the same entity 'e'"},
    {"{\"files\": [\"rows.csv\", \"b.csv\"],\n"
     " \"entities\": {\"e\": {\"file\": \"rows.csv\", \"type\": \"company\", \"name\": "
     "\"{name}\"},\n"
     "              \"f\": {\"file\": \"b.csv\", \"type\": \"company\", \"name\": \"{name}\"}},\n"
     " \"links\": {\"l\": {\"type\": \"owns\", \"source\": \"e\", \"target\": \"f\"}}}\n",
     CG_EPARSE, "m.json:4: link 'l': its entities are never made from the same file"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"},\n"
     "   \"m\": {\"type\": \"email\", \"name\": \"{$0}\",\n"
     "         \"extract\": {\"column\": \"name\", \"regex\": \"[a-z]+@[a-z.]+\"}}},\n"
     " \"links\": {\"l\": {\"type\": \"uses\", \"source\": \"e\",\n"
     "   \"extract\": {\"column\": \"name\", \"regex\": \"x\"},\n"
     "   \"target\": \"m\"}}}\n",
     CG_EPARSE,
     "m.json:7: link 'l': a link with its own 'extract' cannot join entity 'm', which is made "
     "once per match"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"}},\n"
     " \"links\": {\"l\": {\"type\": \"owns\", \"source\": \"e\",\n"
     "   \"target\": {\"name\": \"{kind}\", \"among\": [\"e\", \"people\"]}}}}\n",
     CG_EPARSE, "m.json:4: link 'l': unknown entity 'people' (the mapping's entities: e)"},
    {"{\"file\": \"nope.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"}}}\n",
     CG_EIO, "nope.csv: cannot open: No such file or directory"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"},\n"
     "              \"e\": {\"type\": \"person\", \"name\": \"{name}\"}}}\n",
     CG_EPARSE, "m.json:3: entity 'e' is defined twice"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"w\": {\"type\": \"wallet\", \"name\": \"{$1}\",\n"
     "   \"extract\": {\"column\": \"name\", \"regex\": \"(0x[0-9a-f]+)\"},\n"
     "   \"keys\": [\"id\"]}}}\n",
     CG_EPARSE,
     "m.json:4: entity 'w': an entity made once per match cannot have 'keys' (every match "
     "would get the same id): use an 'id' with {$1} ..."},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"w\": {\"type\": \"wallet\", \"name\": \"{$1}\",\n"
     "   \"extract\": {\"column\": \"name\", \"regex\": \"(0x[0-9a-f]+)\"},\n"
     "   \"id\": \"w:{id}\"}}}\n",
     CG_EPARSE,
     "m.json:4: entity 'w': the 'id' of an entity made once per match must use the match ({$0}, "
     "{$1} ...), or every match would get the same id"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\"}}}\n",
     CG_EPARSE,
     "m.json:2: entity 'e': no 'name' and no 'properties': nothing would name the entity"},
};

START_TEST(bad_mapping_refused_before_any_row)
{
	const struct bad_case *c = &bad_cases[_i];
	cg_import_stats st;
	cg_error err;

	put("rows.csv", ROWS_CSV);
	put("m.json", c->mapping);
	ck_assert_int_eq(import_path("m.json", NULL, &st, &err), c->code);
	ck_assert_str_eq(tu_fmt_err(&err), c->message);
	ASSERT_COUNTS(st, 0, 0, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
	ck_assert_uint_eq(dl.n, 0);
}
END_TEST

/* Messages that list names (the columns of a file, the mapping's entities)
 * stop at 300 bytes with "...", however long the names: the list is built
 * in a fixed buffer (long header names once moved its offset past the end,
 * found by the mapped_csv fuzz target). */
START_TEST(long_name_lists_cut_with_ellipsis)
{
	char header[1024], joined[1024], want[1200], mapping[2048], name[80];
	size_t hn = 0, jn = 0;
	cg_import_stats st;
	cg_error err;

	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof name, "%.60s%d",
		         "column_with_a_long_name_column_with_a_long_name_column_with_a_", i);
		hn += (size_t)snprintf(header + hn, sizeof header - hn, "%s%s", i ? "," : "", name);
		jn +=
		    (size_t)snprintf(joined + jn, sizeof joined - jn, "%s%s", i ? ", " : "", name);
	}
	ck_assert_uint_gt(jn, 300);
	memcpy(joined + 296, "...", 4);
	snprintf(header + hn, sizeof header - hn, "\nx,y,z,w,v,u,t,s\n");
	put("rows.csv", header);
	put("m.json", "{\"file\": \"rows.csv\",\n"
	              " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{nope}\"}}}\n");
	ck_assert_int_eq(import_path("m.json", NULL, &st, &err), CG_EPARSE);
	snprintf(want, sizeof want,
	         "m.json:2: entity 'e': unknown column 'nope' in rows.csv (its columns: %.300s)",
	         joined);
	ck_assert_str_eq(tu_fmt_err(&err), want);

	/* the mapping's entities, listed for a link naming another */
	jn = 0;
	size_t mn =
	    (size_t)snprintf(mapping, sizeof mapping, "{\"file\": \"rows.csv\",\n \"entities\": {");
	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof name, "%.58s%d",
		         "entity_with_a_long_name_entity_with_a_long_name_entity_with_", i);
		mn += (size_t)snprintf(mapping + mn, sizeof mapping - mn,
		                       "%s\"%s\": {\"type\": \"company\", \"name\": \"{1}\"}",
		                       i ? ",\n  " : "", name);
		jn +=
		    (size_t)snprintf(joined + jn, sizeof joined - jn, "%s%s", i ? ", " : "", name);
	}
	memcpy(joined + 296, "...", 4);
	snprintf(mapping + mn, sizeof mapping - mn,
	         "},\n \"links\": {\"l\": {\"type\": \"owns\", \"source\": \"%s\",\n"
	         "   \"target\": \"nobody\"}}}\n",
	         name);
	put("m.json", mapping);
	ck_assert_int_eq(import_path("m.json", NULL, &st, &err), CG_EPARSE);
	snprintf(want, sizeof want,
	         "m.json:11: link 'l': unknown entity 'nobody' (the mapping's entities: %.300s)",
	         joined);
	ck_assert_str_eq(tu_fmt_err(&err), want);
}
END_TEST

/* A regular expression takes at most 10,000 matches from one cell; the
 * rest is never dropped without a word: a note counts the rows. */
START_TEST(matches_past_the_cap_said_in_a_note)
{
	cg_strbuf sb = CG_STRBUF_INIT;
	cg_import_stats st;
	cg_error err;

	ck_assert_int_eq(cg_strbuf_puts(&sb, "id,name,codes\n1,Orla Venn,"), 0);
	for (int i = 0; i < 10005; i++)
		ck_assert_int_eq(cg_strbuf_printf(&sb, "k%d ", i), 0);
	ck_assert_int_eq(cg_strbuf_puts(&sb, "\n2,Kai Moss,k1 k2\n"), 0);
	putn("rows.csv", sb.buf, sb.len);
	put("m.json", "{\"file\": \"rows.csv\",\n"
	              " \"entities\": {\"p\": {\"type\": \"person\", \"name\": \"{name}\",\n"
	              "   \"aliases\": {\"column\": \"codes\", \"regex\": \"k[0-9]+\"}}}}\n");
	ck_assert_int_eq(import_path("m.json", NULL, &st, &err), 0);
	ASSERT_COUNTS(st, 2, 2, 0);
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_int_eq(dl.code[0], 0);
	ck_assert_str_eq(dl.text[0], "m.json: 1 row with more than 10000 matches of a regular "
	                             "expression in one cell: the matches after the 10000th were "
	                             "left out (first: rows.csv:2)");
	cg_strbuf_free(&sb);
}
END_TEST

/* A back-reference after a repeated group ("(a*)*\1b" on "aaab") once made
 * glibc report group 1 with rm_so 0 and rm_eo -1, so a value or extraction
 * of (size_t)-1 bytes (a heap-buffer-overflow in trim_span); and
 * back-references make regexec super-polynomial ("^(a*)*\1\1\1b" over a
 * long cell ran for minutes). Every regular expression of a mapping with a
 * back-reference is refused at compile time, before any row is read. */
static const struct bad_case backref_cases[] = {
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\",\n"
     "   \"aliases\": {\"column\": \"name\",\n"
     "                \"regex\": \"(a*)*\\\\1b\"}}}}\n",
     CG_EPARSE,
     "m.json:4: entity 'e': aliases of entity 'e': regular expression '(a*)*\\1b': "
     "back-references are not supported (they make matching exponential)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"w\": {\"type\": \"wallet\", \"name\": \"x{$1}\",\n"
     "   \"extract\": {\"column\": \"name\",\n"
     "               \"regex\": \"(a*)*\\\\1b\"}}}}\n",
     CG_EPARSE,
     "m.json:4: entity 'w': extract: regular expression '(a*)*\\1b': back-references are not "
     "supported (they make matching exponential)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"}},\n"
     " \"links\": {\"l\": {\"type\": \"owns\", \"source\": \"e\", \"target\": {\"name\": "
     "\"{$1}\"},\n"
     "   \"extract\": {\"column\": \"name\", \"ignore_case\": true,\n"
     "               \"regex\": \"([a-z]+) \\\\9\"}}}}\n",
     CG_EPARSE,
     "m.json:5: link 'l': extract: regular expression '([a-z]+) \\9': back-references are not "
     "supported (they make matching exponential)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\",\n"
     "   \"filters\": [{\"column\": \"name\",\n"
     "                 \"regex\": \"^(a*)*\\\\1\\\\1\\\\1b\"}]}}}\n",
     CG_EPARSE,
     "m.json:4: entity 'e': filter: regular expression '^(a*)*\\1\\1\\1b': back-references "
     "are not supported (they make matching exponential)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"filters\": [{\"column\": \"name\", \"not_regex\": \"(a)[x]\\\\1\"}],\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\"}}}\n",
     CG_EPARSE,
     "m.json:2: filter: regular expression '(a)[x]\\1': back-references are not supported "
     "(they make matching exponential)"},
};

START_TEST(backreference_refused_before_any_row)
{
	const struct bad_case *c = &backref_cases[_i];
	cg_import_stats st;
	cg_error err;

	put("rows.csv", "id,name\n1,aaab\n2,aaab aaab\n");
	put("m.json", c->mapping);
	ck_assert_int_eq(import_path("m.json", NULL, &st, &err), c->code);
	ck_assert_str_eq(tu_fmt_err(&err), c->message);
	ASSERT_COUNTS(st, 0, 0, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
	ck_assert_uint_eq(dl.n, 0);
}
END_TEST

/* Counted repetitions that regcomp would expand past MAX_REGEX_SIZE
 * positions (it copies the repeated part once per count) are refused
 * before any row is read; sizes under it compile. */
static const struct bad_case repeat_cases[] = {
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\",\n"
     "   \"filters\": {\"column\": \"name\", \"regex\": \"[a-z]{1,9999}\"}}}}\n",
     CG_EPARSE,
     "m.json:3: entity 'e': filter: regular expression '[a-z]{1,9999}': its counted "
     "repetitions expand to more than 2000 positions (regcomp's time and memory grow with the "
     "square of that)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"w\": {\"type\": \"wallet\", \"name\": \"x{$1}\",\n"
     "   \"extract\": {\"column\": \"name\",\n"
     "               \"regex\": \"((a{1,100}){1,100})\"}}}}\n",
     CG_EPARSE,
     "m.json:4: entity 'w': extract: regular expression '((a{1,100}){1,100})': its counted "
     "repetitions expand to more than 2000 positions (regcomp's time and memory grow with the "
     "square of that)"},
    {"{\"file\": \"rows.csv\",\n"
     " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\",\n"
     "   \"filters\": {\"column\": \"name\", \"regex\": \"(ab|cd){600,}\"}}}}\n",
     CG_EPARSE,
     "m.json:3: entity 'e': filter: regular expression '(ab|cd){600,}': its counted "
     "repetitions expand to more than 2000 positions (regcomp's time and memory grow with the "
     "square of that)"},
};

START_TEST(counted_repetition_too_large_refused)
{
	const struct bad_case *c = &repeat_cases[_i];
	cg_import_stats st;
	cg_error err;

	put("rows.csv", "id,name\n1,aaab\n");
	put("m.json", c->mapping);
	ck_assert_int_eq(import_path("m.json", NULL, &st, &err), c->code);
	ck_assert_str_eq(tu_fmt_err(&err), c->message);
	ASSERT_COUNTS(st, 0, 0, 0);
}
END_TEST

START_TEST(counted_repetition_within_the_bound_compiles)
{
	cg_import_stats st;
	cg_error err;

	put("rows.csv", "id,name\nGB82WEST12345698765432,Orla Venn\n");
	put("m.json", "{\"file\": \"rows.csv\", \"case\": \"t\",\n"
	              " \"entities\": {\"e\": {\"type\": \"person\", \"name\": \"{name}\",\n"
	              "   \"filters\": [{\"column\": \"id\", \"regex\": \"^[A-Z0-9]{8,34}$\"},\n"
	              "               {\"column\": \"name\", \"regex\": \"^.{0,1000}$\"},\n"
	              "               {\"column\": \"name\", \"regex\": \"(a|[{]){1,2}\"}]}}}\n");
	ck_assert_msg(import_path("m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 1, 1, 0);
}
END_TEST

/* A backslash that is itself escaped ("\\\\1": a literal backslash, then 1)
 * and a backslash in a bracket expression ("[\\2]": backslash or 2) are not
 * back-references: accepted, and they match what they say. */
START_TEST(escaped_backslash_then_digit_accepted)
{
	cg_import_stats st;
	cg_error err;

	put("rows.csv", "id,name,codes\n1,Orla Venn,\"x\\1y \\2 a\\\\1b\"\n");
	put("m.json",
	    "{\"file\": \"rows.csv\", \"case\": \"t\",\n"
	    " \"entities\": {\"p\": {\"type\": \"person\", \"name\": \"{name}\",\n"
	    "   \"aliases\": [{\"column\": \"codes\", \"regex\": \"[a-z]\\\\\\\\1[a-z]\"},\n"
	    "               {\"column\": \"codes\", \"regex\": \"[\\\\2]{2}\"}],\n"
	    "   \"filters\": {\"column\": \"codes\", \"regex\": \"^x\\\\\\\\1\"}}}}\n");
	ck_assert_msg(import_path("m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 1, 1, 0);
	ck_assert_uint_eq(dl.n, 0);
	ck_assert_str_eq(strs_of(cg_entity_aliases(g, local("t", "p:rows.csv:2"))),
	                 "x\\1y|\\2|\\\\");
}
END_TEST

/* A mapping that is wrong for the second file fails before the first
 * file's rows are read. */
START_TEST(bad_mapping_for_second_file_reads_no_row_of_first)
{
	cg_import_stats st;
	cg_error err;

	put("a.csv", "id,name\n1,Alpha Ltd\n");
	put("b.csv", "id,label\n2,Beta Ltd\n");
	put("m.json", "{\"files\": [\"a.csv\", \"b.csv\"],\n"
	              " \"entities\": {\n"
	              "   \"e\": {\"type\": \"company\",\n"
	              "         \"name\": \"{name}\"}}}\n");
	ck_assert_int_eq(import_path("m.json", NULL, &st, &err), CG_EPARSE);
	ck_assert_str_eq(tu_fmt_err(&err), "m.json:4: entity 'e': unknown column 'name' in b.csv "
	                                   "(its columns: id, label)");
	ck_assert_uint_eq(st.read, 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), 0);
}
END_TEST

/* ================= bad rows ================= */

/* A mapping of ledger rows (rows.csv: id, kind, name, born, acct, amount,
 * ccy) to a person or company paying an account. */
static const char ledger_mapping[] =
    "{\"file\": \"rows.csv\", \"case\": \"rows\",\n"
    " \"entities\": {\n"
    "   \"p\": {\"type\": \"{kind}\", \"keys\": [\"id\"], \"name\": \"{name}\",\n"
    "         \"properties\": {\"dob\": {\"column\": \"born\", \"format\": "
    "\"%d/%m/%Y\"}}},\n"
    "   \"a\": {\"type\": \"bank_account\", \"name\": \"{acct}\",\n"
    "         \"properties\": {\"account_number\": \"{acct}\", \"bank\": {\"value\": "
    "\"Test Bank\"}}}},\n"
    " \"links\": {\"pay\": {\"type\": \"pays\", \"source\": \"p\", \"target\": \"a\",\n"
    "                   \"amount\": \"{amount}\", \"currency\": \"{ccy}\"}}}\n";

START_TEST(bad_rows_rejected_with_file_line_column_rest_kept)
{
	cg_import_stats st;
	cg_error err;
	static const char csv[] = "id,kind,name,born,acct,amount,ccy\n"
	                          "1,person,Ann Lee,01/02/1990,111,10.00,USD\n"
	                          "2,person,Bob Ray,31/02/1990,222,10.00,USD\n"
	                          "3,persn,Cy Dee,,333,10.00,USD\n"
	                          "4,person,Di Eve,,444,1.234,USD\n"
	                          "5,person,Ed Fox,,555,5.00,XXY\n"
	                          "6,person,Fay \"Gee,,666,5.00,USD\n"
	                          "7,person,Gus Hal,,777,5.00\n"
	                          "8,person,Ivy Jo,,888,5.00,USD\n"
	                          "9,person,Bad\xff,,999,1.00,USD\n"
	                          "10,person,Kay Lo,,1010,\"7,00\",USD\n"
	                          "11,person,Lu Ma,1990-02-01,1111,1.00,USD\n";

	put("m.json", ledger_mapping);
	putn("rows.csv", csv, sizeof csv - 1);
	ck_assert_msg(import_path("m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 11, 2, 9);
	ck_assert_uint_eq(dl.n, 9);
	ck_assert_str_eq(dl.text[0], "rows.csv:3:4: bad date '31/02/1990' in property 'dob' of "
	                             "entity 'p': no such day in that month");
	ck_assert_str_eq(dl.text[1], "rows.csv:4:2: unknown entity type 'persn' (did you mean "
	                             "'person'?)");
	ck_assert_str_eq(dl.text[2], "rows.csv:5:6: bad amount '1.234': more decimals than the "
	                             "currency has");
	ck_assert_str_eq(dl.text[3], "rows.csv:6:7: unknown currency 'XXY'");
	ck_assert_str_eq(dl.text[4], "rows.csv:7: malformed quoting (a quote inside an unquoted "
	                             "field, or text after a closing quote)");
	ck_assert_str_eq(dl.text[5], "rows.csv:8: expected 7 fields, found 6");
	ck_assert_str_eq(dl.text[6], "rows.csv:10:3: invalid UTF-8 in column 'name'");
	ck_assert_str_eq(dl.text[7], "rows.csv:11:6: bad amount '7,00': ambiguous decimal comma; "
	                             "write the amount as 1234.56");
	ck_assert_str_eq(dl.text[8], "rows.csv:12:4: bad date '1990-02-01' in property 'dob' of "
	                             "entity 'p' (expected %d/%m/%Y)");
	for (size_t i = 0; i < dl.n; i++)
		ck_assert_int_eq(dl.code[i], CG_EPARSE);
	/* a rejected row leaves nothing behind */
	ck_assert_uint_eq(cg_graph_entity_count(g), 4);
	ck_assert_uint_eq(cg_graph_link_count(g), 2);
	ck_assert_str_eq(props_of(local("rows", "p:1"), "dob"), "1990-02-01");
	ck_assert_uint_eq(cg_graph_find_local(g, "rows", "p:2"), CG_NO_ENTITY);
	local("rows", "p:8");
}
END_TEST

/* A mapping's rows read on a second thread (cg_csv_opts.read_ahead) make
 * the graph, the diagnostics and the counts that reading them on the
 * calling thread makes: many batches, bad rows of every kind among them. */
START_TEST(read_ahead_gives_the_same_graph)
{
	cg_strbuf csv = CG_STRBUF_INIT;
	static diag_log one;
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st1, st2;
	cg_error err;

	cg_strbuf_puts(&csv, "id,kind,name,born,acct,amount,ccy\n");
	for (int i = 0; i < 9000; i++) {
		if (i % 1009 == 4)
			cg_strbuf_printf(&csv, "%d,persn,Bad Type,,%d,1.00,USD\n", i, i);
		else if (i % 1013 == 6)
			cg_strbuf_printf(&csv, "%d,person,Fay \"Gee,,%d,5.00,USD\n", i, i);
		else if (i % 1019 == 8)
			cg_strbuf_printf(&csv, "%d,person,Short,,%d,5.00\n", i, i);
		else if (i % 1021 == 9)
			cg_strbuf_printf(&csv, "%d,person,Bad\xff,,%d,1.00,USD\n", i, i);
		else
			cg_strbuf_printf(&csv, "%d,person,Person %d,01/02/19%02d,%d,%d.00,USD\n", i,
			                 i / 2, i % 90 + 10, i % 3000, i % 50 + 1);
	}
	put("m.json", ledger_mapping);
	putn("rows.csv", csv.buf, csv.len);
	o.one_thread = 1;
	ck_assert_msg(import_path("m.json", &o, &st1, &err) == 0, "%s", tu_fmt_err(&err));
	ck_assert_int_eq(cg_jsonl_write_file(g, "one.jsonl", &err), 0);
	one = dl;
	cg_graph_free(g);
	g = cg_graph_new();
	memset(&dl, 0, sizeof dl);
	o.one_thread = 0;
	ck_assert_msg(import_path("m.json", &o, &st2, &err) == 0, "%s", tu_fmt_err(&err));
	ck_assert_int_eq(cg_jsonl_write_file(g, "two.jsonl", &err), 0);
	ck_assert_uint_gt(one.n, 30);
	ck_assert_uint_eq(one.n, dl.n);
	for (size_t i = 0; i < one.n && i < MAX_DIAGS; i++)
		ck_assert_str_eq(one.text[i], dl.text[i]);
	ck_assert_uint_eq(st1.read, st2.read);
	ck_assert_uint_eq(st1.imported, st2.imported);
	ck_assert_uint_eq(st1.rejected, st2.rejected);
	ck_assert_uint_gt(cg_graph_link_count(g), 8000);
	tu_assert_same_file("one.jsonl", "two.jsonl");
	cg_strbuf_free(&csv);
}
END_TEST

START_TEST(strict_stops_at_first_bad_row)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.strict = 1;
	put("m.json", "{\"file\": \"rows.csv\",\n"
	              " \"entities\": {\"e\": {\"type\": \"company\", \"name\": \"{name}\",\n"
	              "   \"properties\": {\"incorporation_date\": \"{born}\"}}}}\n");
	put("rows.csv", "name,born\nAlpha Ltd,2020-01-01\nBeta Ltd,2020-02-30\nGamma Ltd,\n");
	ck_assert_int_eq(import_path("m.json", &o, &st, &err), CG_EREJECT);
	ck_assert_str_eq(tu_fmt_err(&err), "rows.csv:3:2: bad date in 'incorporation_date': "
	                                   "'2020-02-30': no such day in that month");
	ck_assert_uint_eq(st.read, 2);
	ck_assert_uint_eq(cg_graph_entity_count(g), 1);
}
END_TEST

/* ================= skips, filters ================= */

START_TEST(required_column_skip_reported_once_with_count)
{
	cg_import_stats st;
	cg_error err;

	put("m.json",
	    "{\"file\": \"rows.csv\",\n"
	    " \"entities\": {\n"
	    "   \"payer\": {\"type\": \"company\", \"name\": \"{payer}\"},\n"
	    "   \"payee\": {\"type\": \"company\", \"required\": [\"payee\", \"payee_reg\"],\n"
	    "             \"name\": \"{payee}\",\n"
	    "             \"properties\": {\"registration_number\": \"{payee_reg}\"}}},\n"
	    " \"links\": {\n"
	    "   \"pays\": {\"type\": \"pays\", \"source\": \"payer\", \"target\": \"payee\"}}}\n");
	put("rows.csv", "payer,payee,payee_reg\n"
	                "Alpha Ltd,Beta Ltd,R-1\n"
	                "Alpha Ltd,Gamma Ltd,\n"
	                "Alpha Ltd,,R-3\n"
	                "Delta Ltd,Eps Ltd,\n");
	ck_assert_msg(import_path("m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 4, 4, 0);
	ck_assert_uint_eq(dl.n, 2);
	ck_assert_str_eq(dl.text[0], "m.json:4: entity 'payee' not made in 3 rows: a required "
	                             "column is empty (first: rows.csv:3, column 'payee_reg')");
	ck_assert_str_eq(dl.text[1], "m.json:8: link 'pays' not made in 3 rows: an end is missing "
	                             "(first: rows.csv:3, entity 'payee' was not made)");
	ck_assert_int_eq(dl.code[0], 0);
	ck_assert_int_eq(dl.code[1], 0);
	ck_assert_uint_eq(count_type("company"), 3);
	ck_assert_uint_eq(cg_graph_link_count(g), 1);
}
END_TEST

START_TEST(filters_equals_not_equals_regex)
{
	cg_import_stats st;
	cg_error err;

	put("m.json",
	    "{\"file\": \"rows.csv\",\n"
	    " \"filters\": [{\"column\": \"status\", \"not_equals\": [\"void\", \"test\"]},\n"
	    "             {\"column\": \"ref\", \"regex\": \"^T-[0-9]+$\"}],\n"
	    " \"entities\": {\n"
	    "   \"c\": {\"type\": \"company\", \"name\": \"{name}\"},\n"
	    "   \"vip\": {\"type\": \"person\", \"name\": \"{contact}\",\n"
	    "           \"filters\": [{\"column\": \"tier\", \"equals\": \"GOLD\", "
	    "\"ignore_case\": true}]}}}\n");
	put("rows.csv", "ref,status,name,tier,contact\n"
	                "T-1,ok,Alpha Ltd,gold,Ann One\n"
	                "T-2,void,Beta Ltd,gold,Bob Two\n"
	                "X-3,ok,Gamma Ltd,silver,Cy Three\n"
	                "T-4,ok,Delta Ltd,silver,Di Four\n"
	                "T-5,test,Eps Ltd,,Ed Five\n");
	ck_assert_msg(import_path("m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	/* rows left out by the filters are not rows read: counted in a notice */
	ASSERT_COUNTS(st, 2, 2, 0);
	ck_assert_uint_eq(st.skipped, 3);
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_str_eq(dl.text[0], "m.json:2: rows.csv: 3 rows left out by the filters");
	ck_assert_uint_eq(count_type("company"), 2);
	ck_assert_uint_eq(count_type("person"), 1);
	by_name("Alpha Ltd");
	by_name("Delta Ltd");
	by_name("Ann One");
}
END_TEST

/* ================= values ================= */

START_TEST(templates_constants_split_and_columns)
{
	cg_import_stats st;
	cg_error err;

	put("m.json",
	    "{\"file\": \"t.csv\", \"case\": \"t\",\n"
	    " \"entities\": {\"p\": {\"type\": \"person\", \"keys\": [\"first\", \"last\"],\n"
	    "   \"name\": \"{first} {middle} {last}\",\n"
	    "   \"aliases\": [\"{last}, {first}\", {\"template\": \"{nick}\"}],\n"
	    "   \"roles\": {\"column\": \"roles\", \"split\": \"|\"},\n"
	    "   \"properties\": {\n"
	    "     \"phones\": {\"column\": \"phones\", \"split\": \";\"},\n"
	    "     \"display\": {\"columns\": [\"first\", \"middle\", \"last\"], \"join\": \"_\"},\n"
	    "     \"literal\": {\"value\": \"{not a placeholder}\"},\n"
	    "     \"braces\": \"{{x}} {first}\",\n"
	    "     \"Source File\": \"ledger\"}}}}\n");
	put("t.csv", "first,middle,last,roles,phones,nick\n"
	             "Ann,,Lee,worker| nominee ,555-0101; 555-0102,\n"
	             "Bob,J.,Ray,,,Bobby\n");
	ck_assert_msg(import_path("m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 2, 2, 0);
	cg_eid ann = local("t", "p:Ann|Lee");
	ck_assert_str_eq(cg_entity_name(g, ann), "Ann Lee");
	ck_assert_str_eq(strs_of(cg_entity_aliases(g, ann)), "Lee, Ann");
	ck_assert_str_eq(strs_of(cg_entity_roles(g, ann)), "worker|nominee");
	ck_assert_str_eq(props_of(ann, "phones"), "555-0101|555-0102");
	ck_assert_str_eq(props_of(ann, "display"), "Ann_Lee");
	ck_assert_str_eq(props_of(ann, "literal"), "{not a placeholder}");
	ck_assert_str_eq(props_of(ann, "braces"), "{x} Ann");
	ck_assert_str_eq(props_of(ann, "source_file"), "ledger");
	cg_eid bob = local("t", "p:Bob|Ray");
	ck_assert_str_eq(cg_entity_name(g, bob), "Bob J. Ray");
	ck_assert_str_eq(strs_of(cg_entity_aliases(g, bob)), "Ray, Bob|Bobby");
	ck_assert_str_eq(props_of(bob, "display"), "Bob_J._Ray");
}
END_TEST

START_TEST(type_from_column_with_map_and_default)
{
	cg_import_stats st;
	cg_error err;

	put("m.json", "{\"file\": \"t.csv\", \"case\": \"t\",\n"
	              " \"null_values\": [\"-0-\", \"n/a\"],\n"
	              " \"entities\": {\"e\": {\"keys\": [\"id\"], \"name\": \"{name}\",\n"
	              "   \"type\": {\"column\": \"kind\", \"map\": {\"individual\": \"person\"},\n"
	              "            \"default\": \"company\"},\n"
	              "   \"properties\": {\"title\": \"{title}\",\n"
	              "     \"kind\": {\"column\": \"kind\", \"map\": {\"individual\": \"natural "
	              "person\"}}}}}}\n");
	put("t.csv", "id,name,kind,title\n"
	             "1,\"KIM, Chol\",INDIVIDUAL,n/a\n"
	             "2,Alpha Trading Co.,-0- ,Director\n"
	             "3,MV Sea Star,vessel,-0-\n");
	ck_assert_msg(import_path("m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 3, 3, 0);
	ck_assert_str_eq(cg_entity_type_name(g, local("t", "e:1")), "person");
	ck_assert_str_eq(cg_entity_type_name(g, local("t", "e:2")), "company");
	/* not in the map: the default; without a default, the value as it is */
	ck_assert_str_eq(cg_entity_type_name(g, local("t", "e:3")), "company");
	ck_assert_str_eq(cg_entity_prop(g, local("t", "e:3"), "kind"), "vessel");
	ck_assert_str_eq(cg_entity_prop(g, local("t", "e:1"), "kind"), "natural person");
	ck_assert_ptr_null(cg_entity_prop(g, local("t", "e:1"), "title"));
	ck_assert_str_eq(cg_entity_prop(g, local("t", "e:2"), "title"), "Director");
}
END_TEST

START_TEST(regex_extraction_entities_links_aliases_lookups)
{
	cg_import_stats st;
	cg_error err;

	put("m.json",
	    "{\"file\": \"people.csv\",\n"
	    " \"case\": \"list\",\n"
	    " \"entities\": {\n"
	    "   \"p\": {\"type\": \"person\", \"keys\": [\"id\"], \"name\": \"{name}\",\n"
	    "         \"aliases\": {\"column\": \"notes\", \"regex\": \"a\\\\.k\\\\.a\\\\. "
	    "'([^']+)'\"},\n"
	    "         \"properties\": {\n"
	    "           \"dob\": {\"column\": \"notes\", \"regex\": \"DOB ([0-9]{2} [A-Z][a-z]{2} "
	    "[0-9]{4})\",\n"
	    "                   \"format\": \"%d %b %Y\"}}},\n"
	    "   \"mail\": {\"type\": \"email\",\n"
	    "            \"extract\": {\"column\": \"notes\", \"regex\": \"Email ([^ ;]+)\"},\n"
	    "            \"name\": \"{$1}\"}},\n"
	    " \"links\": {\n"
	    "   \"uses\": {\"type\": \"uses\", \"source\": \"p\", \"target\": \"mail\"},\n"
	    "   \"linked\": {\"type\": \"associate_of\", \"source\": \"p\",\n"
	    "              \"extract\": {\"column\": \"notes\", \"regex\": \"Linked To: "
	    "([^;]*[^;.])\"},\n"
	    "              \"target\": {\"name\": \"{$1}\", \"among\": [\"p\"],\n"
	    "                         \"if_missing\": {\"type\": \"unknown\"}}}}}\n");
	put("people.csv",
	    "id,name,notes\n"
	    "1,KIM Chol,\"a.k.a. 'K. Chol'; a.k.a. 'Chol Kim'; DOB 01 Feb 1980; Email "
	    "kc@mail.example; Email chol@box.example; Linked To: PARK, Min.\"\n"
	    "2,\"PARK, Min\",\"DOB 31 Feb 1981; Linked To: NOBODY KNOWN.\"\n"
	    "3,LEE Soo,\"Linked To: K. Chol.\"\n"
	    "4,\"PARK, Min\",\n");
	ck_assert_msg(import_path("m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 4, 4, 0);
	ck_assert_uint_eq(dl.n, 2);
	ck_assert_str_eq(
	    dl.text[0],
	    "m.json:7: property 'dob' of entity 'p': 1 value taken from free text left "
	    "out, not a date in the declared format (first: people.csv:3, '31 Feb 1981')");
	ck_assert_str_eq(
	    dl.text[1],
	    "m.json:14: link 'linked': 3 names looked up: 2 found, 1 not found (made as "
	    "entities of type 'unknown'); 1 name matched several entities, the first "
	    "taken");
	cg_eid kim = local("list", "p:1"), park = local("list", "p:2"), lee = local("list", "p:3");
	ck_assert_str_eq(strs_of(cg_entity_aliases(g, kim)), "K. Chol|Chol Kim");
	ck_assert_str_eq(props_of(kim, "dob"), "1980-02-01");
	ck_assert_str_eq(props_of(park, "dob"), "");
	/* one e-mail entity per match, each linked */
	ck_assert_uint_eq(count_type("email"), 2);
	ck_assert_str_eq(cg_entity_id(g, local("list", "mail:people.csv:2#2")),
	                 "email:chol@box.example");
	ck_assert_uint_eq(count_links("uses"), 2);
	/* names resolved after the last row: forward, by alias, or made */
	ck_assert_uint_eq(count_links("associate_of"), 3);
	ck_assert_uint_eq(count_type("unknown"), 1);
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		if (strcmp(cg_link_type_name(g, l), "associate_of") != 0)
			continue;
		cg_eid s = cg_link_source(g, l), t = cg_link_target(g, l);
		if (s == kim)
			ck_assert_uint_eq(t, park);
		else if (s == lee)
			ck_assert_uint_eq(t, kim);
		else
			ck_assert_str_eq(cg_entity_name(g, t), "NOBODY KNOWN");
		cg_iter it = cg_link_provs(g, l);
		cg_prov p;
		ck_assert_int_eq(cg_iter_next_prov(g, &it, &p), 1);
		ck_assert_str_eq(p.file, "people.csv");
		ck_assert_str_eq(p.case_name, "list");
	}
	ck_assert_uint_eq(cg_graph_entity_count(g), 7);
}
END_TEST

/* ================= lookups by id, several files ================= */

START_TEST(links_by_id_across_files_missing_reject_skip_create)
{
	cg_import_stats st;
	cg_error err;

	put("m.json",
	    "{\"files\": [\"nodes.csv\", \"rels.csv\"],\n"
	    " \"case\": \"c\",\n"
	    " \"entities\": {\"n\": {\"file\": \"nodes.csv\", \"type\": \"company\", \"keys\": "
	    "[\"id\"],\n"
	    "                    \"name\": \"{name}\"}},\n"
	    " \"links\": {\n"
	    "   \"owns\": {\"file\": \"rels.csv\", \"type\": \"owns\",\n"
	    "            \"filters\": [{\"column\": \"kind\", \"equals\": \"owns\"}],\n"
	    "            \"source\": {\"entity\": \"n\", \"key\": \"{from}\"},\n"
	    "            \"target\": {\"id\": \"n:{to}\", \"if_missing\": \"skip\"}},\n"
	    "   \"ctrl\": {\"file\": \"rels.csv\", \"type\": \"controls\",\n"
	    "            \"filters\": [{\"column\": \"kind\", \"equals\": \"controls\"}],\n"
	    "            \"source\": {\"id\": \"n:{from}\"},\n"
	    "            \"target\": {\"id\": \"n:{to}\", \"if_missing\": {\"type\": "
	    "\"unknown\"}}}}}\n");
	put("nodes.csv", "id,name\n1,Alpha Ltd\n2,Beta Ltd\n");
	put("rels.csv", "from,to,kind\n"
	                "1,2,owns\n"
	                "1,9,owns\n"
	                "9,1,owns\n"
	                "2,7,controls\n"
	                "1,7,controls\n");
	ck_assert_msg(import_path("m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 7, 6, 1);
	ck_assert_uint_eq(dl.n, 2);
	ck_assert_str_eq(dl.text[0], "rels.csv:4:1: unknown id 'n:9' in case 'c'");
	ck_assert_str_eq(dl.text[1],
	                 "m.json:6: link 'owns' not made in 1 row: no entity has the id "
	                 "it names (first: rels.csv:3, 'n:9')");
	ck_assert_uint_eq(count_links("owns"), 1);
	ck_assert_uint_eq(count_links("controls"), 2);
	/* the placeholder is made once and found by its id afterwards */
	cg_eid ph = local("c", "n:7");
	ck_assert_str_eq(cg_entity_type_name(g, ph), "unknown");
	ck_assert_uint_eq(cg_graph_entity_count(g), 3);
}
END_TEST

/* ================= files ================= */

START_TEST(headerless_by_number_and_by_declared_names)
{
	cg_import_stats st;
	cg_error err;

	put("h.csv", "10,Alpha Ltd,R-1\n11,Beta Ltd,R-2\n");
	put("m.json",
	    "{\"file\": {\"path\": \"h.csv\", \"header\": false},\n"
	    " \"case\": \"h\",\n"
	    " \"entities\": {\"e\": {\"type\": \"company\", \"keys\": [1], \"name\": \"{2}\",\n"
	    "   \"properties\": {\"registration_number\": {\"column\": 3}}}}}\n");
	ck_assert_msg(import_path("m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 2, 2, 0);
	cg_eid a = local("h", "e:10");
	ck_assert_str_eq(cg_entity_name(g, a), "Alpha Ltd");
	ck_assert_str_eq(cg_entity_prop(g, a, "registration_number"), "R-1");
	ck_assert_int_eq(prov_of(a).line, 1);
	ck_assert_int_eq(prov_of(local("h", "e:11")).line, 2);

	put("n.json",
	    "{\"file\": \"h.csv\", \"header\": false, \"columns\": [\"num\", \"Name\", \"reg\"],\n"
	    " \"case\": \"n\",\n"
	    " \"entities\": {\"e\": {\"type\": \"company\", \"keys\": [\"num\"], \"name\": "
	    "\"{name}\"}}}\n");
	ck_assert_msg(import_path("n.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 2, 2, 0);
	ck_assert_str_eq(cg_entity_name(g, local("n", "e:11")), "Beta Ltd");
}
END_TEST

START_TEST(latin1_and_windows1252_converted_utf8_checked)
{
	cg_import_stats st;
	cg_error err;
	static const char latin[] = "id;name\n1;Jos\xe9 P\xe9rez\n";
	static const char cp[] = "id;name\n2;\x93"
	                         "Caf\xe9\x94 \x80 \x81\n";

	putn("l.csv", latin, sizeof latin - 1);
	putn("w.csv", cp, sizeof cp - 1);
	put("l.json", "{\"file\": \"l.csv\", \"delimiter\": \";\", \"encoding\": \"latin-1\", "
	              "\"case\": \"x\",\n"
	              " \"entities\": {\"e\": {\"type\": \"person\", \"keys\": [\"id\"], \"name\": "
	              "\"{name}\"}}}\n");
	put("w.json", "{\"file\": \"w.csv\", \"delimiter\": \";\", \"encoding\": \"Windows-1252\", "
	              "\"case\": \"x\",\n"
	              " \"entities\": {\"e\": {\"type\": \"person\", \"keys\": [\"id\"], \"name\": "
	              "\"{name}\"}}}\n");
	put("u.json", "{\"file\": \"l.csv\", \"delimiter\": \";\", \"case\": \"x\",\n"
	              " \"entities\": {\"e\": {\"type\": \"person\", \"keys\": [\"id\"], \"name\": "
	              "\"{name}\"}}}\n");
	ck_assert_msg(import_path("l.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 1, 1, 0);
	ck_assert_str_eq(cg_entity_name(g, local("x", "e:1")), "Jos\xc3\xa9 P\xc3\xa9rez");
	ck_assert_msg(import_path("w.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ck_assert_str_eq(cg_entity_name(g, local("x", "e:2")),
	                 "\xe2\x80\x9c"
	                 "Caf\xc3\xa9\xe2\x80\x9d \xe2\x82\xac \xc2\x81");
	/* the same bytes declared (by default) as UTF-8: the row is refused */
	ck_assert_msg(import_path("u.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 1, 0, 1);
	ck_assert_str_eq(dl.text[0], "l.csv:2:2: invalid UTF-8 in column 'name'");
}
END_TEST

START_TEST(crlf_and_ctrl_z_padding_not_a_row)
{
	cg_import_stats st;
	cg_error err;
	static const char csv[] = "\xEF\xBB\xBFid,name\r\n1,Alpha Ltd\r\n\r\n2,Beta Ltd\r\n\x1a";

	putn("z.csv", csv, sizeof csv - 1);
	put("m.json", "{\"file\": \"z.csv\", \"case\": \"z\",\n"
	              " \"entities\": {\"e\": {\"type\": \"company\", \"keys\": [\"id\"], "
	              "\"name\": \"{name}\"}}}\n");
	ck_assert_msg(import_path("m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 2, 2, 0);
	ck_assert_uint_eq(dl.n, 0);
	ck_assert_int_eq(prov_of(local("z", "e:2")).line, 4);
	ck_assert_str_eq(cg_entity_name(g, local("z", "e:2")), "Beta Ltd");
}
END_TEST

START_TEST(case_from_column_option_or_directory)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	put("d/c.csv", "id,name,case\n1,Alpha Ltd,alpha\n2,Beta Ltd,\n");
	put("d/m.json", "{\"file\": \"c.csv\", \"case\": \"{case}\",\n"
	                " \"entities\": {\"e\": {\"type\": \"company\", \"keys\": [\"id\"], "
	                "\"name\": \"{name}\"}}}\n");
	ck_assert_msg(import_path("d/m.json", NULL, &st, &err) == 0, "%s", tu_fmt_err(&err));
	local("alpha", "e:1");
	ck_assert_str_eq(prov_of(local("d", "e:2")).file, "d/c.csv");
	o.case_name = "fallback";
	ck_assert_msg(import_path("d/m.json", &o, &st, &err) == 0, "%s", tu_fmt_err(&err));
	local("fallback", "e:2");
}
END_TEST

START_TEST(dry_run_reads_the_first_rows_of_each_file)
{
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	o.max_rows = 2;
	put("a.csv", "id,name\n1,A1 Ltd\n2,A2 Ltd\n3,A3 Ltd\n4,A4 Ltd\n");
	put("b.csv", "id,name\n5,B1 Ltd\nbad,\"B2\n6,B3 Ltd\n7,B4 Ltd\n");
	put("m.json", "{\"files\": [\"a.csv\", \"b.csv\"], \"case\": \"r\",\n"
	              " \"entities\": {\"e\": {\"type\": \"company\", \"keys\": [\"id\"], "
	              "\"name\": \"{name}\"}}}\n");
	ck_assert_msg(import_path("m.json", &o, &st, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(st, 4, 3, 1);
	ck_assert_uint_eq(cg_graph_entity_count(g), 3);
	ck_assert_str_eq(dl.text[0], "b.csv:3: unterminated quoted field");
	local("r", "e:2");
	ck_assert_uint_eq(cg_graph_find_local(g, "r", "e:3"), CG_NO_ENTITY);
}
END_TEST

START_TEST(apply_to_csv_files_named_elsewhere)
{
	cg_import_stats per[3];
	cg_error err;
	const char *one[] = {"x/first.csv", "y/second.csv"};
	const char *two[] = {"x/nodes.csv", "z/other.csv"};

	put("x/first.csv", "7,Alpha Ltd\n");
	put("y/second.csv", "8,Beta Ltd\n9,Gamma Ltd\n");
	put("x/nodes.csv", "id,name\n1,Delta Ltd\n");
	put("z/other.csv", "id,name\n");
	put("p/one.json",
	    "{\"file\": \"list.csv\", \"header\": false, \"columns\": [\"id\", \"name\"],\n"
	    " \"entities\": {\"e\": {\"type\": \"company\", \"keys\": [\"id\"], \"name\": "
	    "\"{name}\"}}}\n");
	ck_assert_msg(apply("p/one.json", one, 2, NULL, per, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(per[0], 1, 1, 0);
	ASSERT_COUNTS(per[1], 2, 2, 0);
	ck_assert_str_eq(prov_of(local("x", "e:7")).file, "x/first.csv");
	local("y", "e:9");
	put("p/two.json", "{\"files\": [\"nodes.csv\", \"links.csv\"],\n"
	                  " \"entities\": {\"e\": {\"file\": \"nodes.csv\", \"type\": \"company\", "
	                  "\"name\": \"{name}\"}}}\n");
	/* no CSV file given: the mapping is checked, nothing is read */
	size_t before = cg_graph_entity_count(g);
	ck_assert_int_eq(apply("p/two.json", two, 0, NULL, per, &err), 0);
	ck_assert_uint_eq(cg_graph_entity_count(g), before);
	ck_assert_int_eq(apply("p/two.json", two, 2, NULL, per, &err), CG_EINVAL);
	ck_assert_str_eq(tu_fmt_err(&err),
	                 "z/other.csv: matches none of the files of mapping "
	                 "p/two.json (a CSV file is read with the settings of the "
	                 "file of the same name)");
}
END_TEST

/* ================= presets ================= */

START_TEST(icij_preset_on_small_files)
{
	char mapping[4400], dir[4400];
	char paths[6][4500];
	const char *csvs[6];
	static const char *const names[6] = {"nodes-entities.csv",       "nodes-officers.csv",
	                                     "nodes-intermediaries.csv", "nodes-addresses.csv",
	                                     "nodes-others.csv",         "relationships.csv"};
	cg_import_stats per[6];
	cg_error err;

	snprintf(mapping, sizeof mapping, "%s/mappings/icij-offshore-leaks.json", source_root);
	snprintf(dir, sizeof dir, "%s/tests/data/mapping/icij", source_root);
	for (int i = 0; i < 6; i++) {
		snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
		csvs[i] = paths[i];
	}
	ck_assert_msg(apply(mapping, csvs, 6, NULL, per, &err) == 0, "%s", tu_fmt_err(&err));
	ASSERT_COUNTS(per[0], 3, 2, 1);
	ASSERT_COUNTS(per[1], 3, 3, 0);
	ASSERT_COUNTS(per[2], 1, 1, 0);
	ASSERT_COUNTS(per[3], 1, 1, 0);
	ASSERT_COUNTS(per[4], 1, 1, 0);
	ASSERT_COUNTS(per[5], 11, 9, 2);
	ck_assert_uint_eq(dl.n, 3);
	ck_assert_msg(strstr(dl.text[0], "/nodes-entities.csv:4:10: bad date '31-APR-2015' in "
	                                 "property 'incorporation_date' of entity 'entity': no "
	                                 "such day in that month"),
	              "%s", dl.text[0]);
	ck_assert_msg(strstr(dl.text[1],
	                     "/relationships.csv:10:2: unknown id 'node:91000003' in case "
	                     "'icij'"),
	              "%s", dl.text[1]);
	/* intermediaries keep their role; offshore companies their data */
	cg_eid mf = local("icij", "node:93000001");
	ck_assert_str_eq(cg_entity_type_name(g, mf), "organization");
	ck_assert_str_eq(strs_of(cg_entity_roles(g, mf)), "intermediary");
	cg_eid kb = local("icij", "node:91000001");
	ck_assert_str_eq(props_of(kb, "country"), "VG|HK");
	ck_assert_str_eq(props_of(kb, "incorporation_date"), "2016-03-14");
	ck_assert_str_eq(props_of(kb, "jurisdiction"), "VG");
	ck_assert_str_eq(strs_of(cg_entity_aliases(g, local("icij", "node:91000002"))),
	                 "Orchid Lane Trading Co. Ltd");
	/* similar / same_as: candidate links, undirected, never merges */
	ck_assert_uint_eq(count_links("same_as_candidate"), 2);
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		if (strcmp(cg_link_type_name(g, l), "same_as_candidate") == 0)
			ck_assert_int_eq(cg_link_directed(g, l), 0);
	ck_assert_uint_ne(local("icij", "node:92000001"), local("icij", "node:92000003"));
	ck_assert_uint_ne(local("icij", "node:91000001"), local("icij", "node:91000002"));
	ck_assert_uint_eq(count_links("officer_of"), 2);
	ck_assert_uint_eq(count_links("registered_at"), 2);
	ck_assert_uint_eq(count_links("related_to"), 1);
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		if (strcmp(cg_link_type_name(g, l), "officer_of") == 0 &&
		    cg_link_source(g, l) == local("icij", "node:92000002")) {
			ck_assert_str_eq(link_prop(l, "role"), "director of");
			ck_assert_str_eq(link_prop(l, "start_date"), "2016-03-14");
			ck_assert_str_eq(link_prop(l, "end_date"), "2018-01-02");
		}
	ck_assert_uint_eq(cg_graph_entity_count(g), 8);
}
END_TEST

START_TEST(ofac_sdn_real_data)
{
	const char *shared = tu_shared_root();
	char mapping[4400], csv[4400];
	const char *csvs[1];
	cg_import_stats per[1];
	cg_error err;
	size_t linked = 0, unresolved = 0, wallets = 0;

	if (!shared) {
		printf("ofac_sdn_real_data: skipped: ../shared (the real-data folder) is absent\n");
		return;
	}
	snprintf(csv, sizeof csv, "%s/realdata/ofac-sdn/sdn-2024-05-03.csv", shared);
	if (access(csv, R_OK) != 0) {
		printf("ofac_sdn_real_data: skipped: %s is absent\n", csv);
		return;
	}
	snprintf(mapping, sizeof mapping, "%s/mappings/ofac-sdn.json", source_root);
	csvs[0] = csv;
	ck_assert_msg(apply(mapping, csvs, 1, NULL, per, &err) == 0, "%s", tu_fmt_err(&err));
	/* every record imported, none rejected; the 0x1A line is padding */
	ASSERT_COUNTS(per[0], 14965, 14965, 0);
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_int_eq(dl.code[0], 0);
	/* same-name records of the list stay apart: 3 names name several */
	ck_assert_str_eq(dl.msg[0], "link 'linked_to': 6375 names looked up: 6367 found, 8 not "
	                            "found (made as entities of type 'unknown'); 3 names matched "
	                            "several entities, the first taken");
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		linked += strcmp(cg_link_type_name(g, l), "linked_to") == 0;
	unresolved = count_type("unknown");
	wallets = count_type("wallet");
	/* Yanbian Silverstar, a front of the DPRK IT-worker scheme */
	cg_eid y = local("ofac-sdn", "sdn:24977");
	ck_assert_str_eq(cg_entity_name(g, y), "YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.");
	ck_assert_str_eq(cg_entity_type_name(g, y), "company");
	ck_assert_str_eq(props_of(y, "uscc"), "91222401MA0Y31E659");
	ck_assert_str_eq(props_of(y, "registration_number"), "91222401MA0Y31E659");
	ck_assert_str_eq(props_of(y, "program"), "DPRK3|DPRK4");
	ck_assert_str_eq(cg_entity_id(g, y), "company:reg:CN:91222401MA0Y31E659");
	cg_eid v = local("ofac-sdn", "sdn:24978");
	ck_assert_str_eq(cg_entity_name(g, v), "VOLASYS SILVER STAR");
	ck_assert_str_eq(strs_of(cg_entity_roles(g, v)), "sanctioned");
	/* four AL-AQSA FOUNDATION records, four SDN ids: four entities, where
	 * the name alone made one (16,473 entities before, 16,504 after) */
	cg_eid aq = local("ofac-sdn", "sdn:7637");
	ck_assert_str_eq(cg_entity_name(g, aq), "AL-AQSA FOUNDATION");
	ck_assert_uint_ne(local("ofac-sdn", "sdn:7643"), aq);
	ck_assert_uint_ne(local("ofac-sdn", "sdn:7644"), aq);
	ck_assert_uint_ne(local("ofac-sdn", "sdn:7645"), local("ofac-sdn", "sdn:7644"));
	ck_assert_uint_eq(cg_graph_entity_count(g), 16504);
	ck_assert_uint_eq(linked, 6371);
	ck_assert_uint_eq(count_type("person"), 6850);
	ck_assert_uint_eq(count_type("company"), 6874);
	ck_assert_uint_eq(unresolved, 4);
	ck_assert_uint_eq(count_type("vessel"), 851);
	ck_assert_uint_eq(count_type("aircraft"), 376);
	printf(
	    "ofac_sdn_real_data: %zu records read, %zu imported, %zu rejected; %zu entities "
	    "(%zu persons, %zu companies, %zu wallets), %zu links; 'Linked To:' references: 6375, "
	    "6367 resolve to a record of the list, 8 do not (%zu distinct names, made as "
	    "'unknown'); %zu distinct linked_to links\n",
	    per[0].read, per[0].imported, per[0].rejected, cg_graph_entity_count(g),
	    count_type("person"), count_type("company"), wallets, cg_graph_link_count(g),
	    unresolved, linked);
}
END_TEST

static Suite *mapping_suite(void)
{
	Suite *s = suite_create("mapping");
	TCase *tc;

	tc = tcase_create("good");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, good_rows_become_entities_links_with_provenance);
	tcase_add_test(tc, detected_as_mapping);
	tcase_add_test(tc, templates_constants_split_and_columns);
	tcase_add_test(tc, type_from_column_with_map_and_default);
	tcase_add_test(tc, regex_extraction_entities_links_aliases_lookups);
	tcase_add_test(tc, links_by_id_across_files_missing_reject_skip_create);
	tcase_add_test(tc, filters_equals_not_equals_regex);
	tcase_add_test(tc, required_column_skip_reported_once_with_count);
	tcase_add_test(tc, matches_past_the_cap_said_in_a_note);
	tcase_add_test(tc, escaped_backslash_then_digit_accepted);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad_mapping");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, bad_mapping_refused_before_any_row, 0,
	                    (int)(sizeof bad_cases / sizeof bad_cases[0]));
	tcase_add_test(tc, bad_mapping_for_second_file_reads_no_row_of_first);
	tcase_add_test(tc, long_name_lists_cut_with_ellipsis);
	tcase_add_loop_test(tc, backreference_refused_before_any_row, 0,
	                    (int)(sizeof backref_cases / sizeof backref_cases[0]));
	tcase_add_loop_test(tc, counted_repetition_too_large_refused, 0,
	                    (int)(sizeof repeat_cases / sizeof repeat_cases[0]));
	tcase_add_test(tc, counted_repetition_within_the_bound_compiles);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad_rows");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, bad_rows_rejected_with_file_line_column_rest_kept);
	tcase_add_test(tc, strict_stops_at_first_bad_row);
	tcase_add_test(tc, read_ahead_gives_the_same_graph);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, headerless_by_number_and_by_declared_names);
	tcase_add_test(tc, latin1_and_windows1252_converted_utf8_checked);
	tcase_add_test(tc, crlf_and_ctrl_z_padding_not_a_row);
	tcase_add_test(tc, case_from_column_option_or_directory);
	tcase_add_test(tc, dry_run_reads_the_first_rows_of_each_file);
	tcase_add_test(tc, apply_to_csv_files_named_elsewhere);
	suite_add_tcase(s, tc);

	tc = tcase_create("presets");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, icij_preset_on_small_files);
	tcase_add_test(tc, ofac_sdn_real_data);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	const char *env = getenv("CG_SOURCE_ROOT");
	SRunner *sr;
	int failed;

	/* an absolute source root: each test changes directory */
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
	snprintf(basedir, sizeof basedir, "/tmp/cg_test_mapping.XXXXXX");
	if (!mkdtemp(basedir)) {
		fprintf(stderr, "test_mapping: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	if (chdir(basedir) != 0)
		return 1;
	sr = srunner_create(mapping_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	tu_remove_tree(basedir);
	return failed != 0;
}
