/* The fixture of the layer-4 suites (test_report_ner.c, test_report_ner7.c):
 * see nerfix.h. */
#include "nerfix.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

cg_graph *g;
tu_diag_log dl;
char tmpdir[128];

void setup(void)
{
	memset(&dl, 0, sizeof dl);
	g = cg_graph_new();
	ck_assert_ptr_nonnull(g);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/cg_test_ner.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

void teardown(void)
{
	tu_remove_tree(tmpdir);
	cg_graph_free(g);
	g = NULL;
}

/* Imports text as the report r.md with this minimum confidence (0: the
 * default). */
void import_text(const char *text, int min_conf)
{
	char path[256];
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import_stats st;
	cg_error err;

	snprintf(path, sizeof path, "%s/r.md", tmpdir);
	ck_assert_ptr_nonnull(tu_write_file(path, text, strlen(text)));
	o.format = CG_FMT_REPORT;
	o.min_confidence = min_conf;
	ck_assert_msg(tu_import(g, path, CG_FMT_UNKNOWN, &o, tu_on_diag, &dl, &st, &err) == 0, "%s",
	              tu_fmt_err(&err));
	ck_assert_uint_eq(st.rejected, 0);
}

cg_eid find(const char *type, const char *name)
{
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++)
		if (strcmp(cg_entity_type_name(g, e), type) == 0 && cg_entity_name(g, e) &&
		    strcmp(cg_entity_name(g, e), name) == 0)
			return e;
	return CG_NO_ENTITY;
}

/* find, asserting that the entity is there (the message names it). */
cg_eid must_find(const char *type, const char *name)
{
	cg_eid e = find(type, name);
	ck_assert_msg(e != CG_NO_ENTITY, "no %s '%s'", type, name);
	return e;
}

size_t count_type(const char *type)
{
	size_t n = 0;
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++)
		n += strcmp(cg_entity_type_name(g, e), type) == 0;
	return n;
}

const char *link_prop(cg_lid l, const char *name)
{
	cg_iter it = cg_link_props(g, l);
	const char *n, *v;
	while (cg_iter_next_prop(g, &it, &n, &v))
		if (strcmp(n, name) == 0)
			return v;
	return NULL;
}

/* The link of type between a and b (either way for mentioned_with), or
 * CG_NO_LINK. */
cg_lid link_of(const char *type, cg_eid a, cg_eid b)
{
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		cg_eid s = cg_link_source(g, l), t = cg_link_target(g, l);
		if (strcmp(cg_link_type_name(g, l), type) == 0 &&
		    ((s == a && t == b) ||
		     (strcmp(type, "mentioned_with") == 0 && s == b && t == a)))
			return l;
	}
	return CG_NO_LINK;
}

size_t count_links(const char *type)
{
	size_t n = 0;
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		n += strcmp(cg_link_type_name(g, l), type) == 0;
	return n;
}

int has_alias(cg_eid e, const char *alias)
{
	cg_iter it = cg_entity_aliases(g, e);
	const char *a;
	while (cg_iter_next_str(g, &it, &a))
		if (strcmp(a, alias) == 0)
			return 1;
	return 0;
}

long link_line(cg_lid l)
{
	cg_iter it = cg_link_provs(g, l);
	cg_prov p;
	ck_assert(cg_iter_next_prov(g, &it, &p));
	return p.line;
}
