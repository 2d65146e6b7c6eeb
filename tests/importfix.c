#include "importfix.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

cg_graph *g;
tu_diag_log dl;
char tmpdir[256];

void setup(void)
{
	memset(&dl, 0, sizeof dl);
	g = cg_graph_new();
	ck_assert_ptr_nonnull(g);
	tu_mkdtemp(NULL, tmpdir, sizeof tmpdir);
}

void teardown(void)
{
	tu_remove_tree(tmpdir);
	cg_graph_free(g);
	g = NULL;
}

int import_one(const char *path, const cg_import_opts *opts, cg_import_stats *st, cg_error *err)
{
	return tu_import(g, path, CG_FMT_UNKNOWN, opts, tu_on_diag, &dl, st, err);
}

cg_eid local(const char *kase, const char *id)
{
	cg_eid e = cg_graph_find_local(g, kase, id);
	ck_assert_msg(e != CG_NO_ENTITY, "no entity %s in case %s", id, kase);
	return e;
}

cg_eid by_id(const char *id)
{
	cg_eid e = cg_graph_find_id(g, id);
	ck_assert_msg(e != CG_NO_ENTITY, "no entity %s", id);
	return e;
}

const char *provs(cg_eid e)
{
	static char buf[512];
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;
	size_t n = 0;

	buf[0] = '\0';
	while (cg_iter_next_prov(g, &it, &p))
		n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n : 0, "%s%ld:%s",
		                      n ? "|" : "", p.line, p.case_name);
	return buf;
}

long link_line(cg_lid l, const char **kase)
{
	cg_iter it = cg_link_provs(g, l);
	cg_prov p;
	ck_assert_int_eq(cg_iter_next_prov(g, &it, &p), 1);
	if (kase)
		*kase = p.case_name;
	return p.line;
}

cg_lid find_link(cg_eid a, cg_eid b, const char *t)
{
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++)
		if (cg_link_source(g, l) == a && cg_link_target(g, l) == b &&
		    strcmp(cg_link_type_name(g, l), t) == 0)
			return l;
	ck_abort_msg("no %s link %u -> %u", t, a, b);
	return 0;
}
