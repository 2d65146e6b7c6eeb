/* The DOT writer: a briefing diagram of a selection of the graph
 * (cg_dot_write, cg_render.h).
 *
 * What it does, in order (dot_internal.h describes each step): takes the
 * selected entities and the links between them; collapses leaves of one
 * type hanging off the same node into one node ("14 e-mails"); when more
 * nodes remain than the cap, keeps the most important and counts what it
 * left out (dot_select.c); puts nodes into one box per case or cluster
 * (entities of several cases outside, as shared) and merges parallel links
 * of one type into one edge (this file); writes the nodes, the edges, a
 * legend of what is present and a footnote with the sources and the date
 * (dot_write.c). This file holds the entry points, which run the steps in
 * order and own what they allocate. */
#include "dot_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- groups ---- */

static int group_cmp(const void *pa, const void *pb)
{
	const group *x = pa, *y = pb;
	if (x->case_name && y->case_name)
		return strcmp(x->case_name, y->case_name);
	return x->cluster < y->cluster ? -1 : x->cluster > y->cluster;
}

/* The group key of an entity: its one case, or its cluster; 0 when it
 * belongs to none. */
static int group_key(const dctx *c, cg_eid e, const char **kase, size_t *cluster)
{
	if (c->o->group_by == CG_GROUP_CASE) {
		*kase = c->one_case[e];
		return *kase != NULL;
	}
	if (c->o->group_by == CG_GROUP_CLUSTER && c->o->cluster_of) {
		*cluster = c->o->cluster_of[e];
		return *cluster != SIZE_MAX;
	}
	return 0;
}

/* The index of the group of key (kase, cluster), SIZE_MAX when none yet. */
static size_t find_group(const dctx *c, const char *kase, size_t cluster)
{
	for (size_t i = 0; i < c->n_groups; i++)
		if (c->o->group_by == CG_GROUP_CASE ? c->groups[i].case_name == kase
		                                    : c->groups[i].cluster == cluster)
			return i;
	return SIZE_MAX;
}

/* Step 4: the group of every kept unit (SIZE_MAX outside any), and the
 * groups, sorted by case name or cluster index, with their members; a
 * collapsed node is in a group only when all its leaves are. st.groups
 * counts the groups. Returns 0 or CG_ENOMEM. Cost: O(units x groups). */
static int make_groups(dctx *c)
{
	if (c->o->group_by == CG_GROUP_NONE)
		goto none;
	if (!(c->groups = malloc((c->n_units + 1) * sizeof *c->groups)))
		return dot_nomem(c);
	/* the key of each unit: collapsed groups take their members' common key */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < c->n_units; i++) {
			unit *u = &c->units[i];
			const char *kase = NULL, *k2 = NULL;
			size_t cl = SIZE_MAX, c2 = SIZE_MAX;
			int ok;
			u->group = SIZE_MAX;
			if (!u->kept)
				continue;
			ok = group_key(c, u->e, &kase, &cl);
			for (size_t k = 1; ok && u->anchor != CG_NO_ENTITY && k < u->count; k++) {
				ok = group_key(c, c->leaves[u->first + k].e, &k2, &c2);
				ok = ok && k2 == kase && c2 == cl;
			}
			/* a counted group: in a box when all it stands for is */
			for (size_t k = 0; ok && u->agg && k < u->n_members; k++) {
				const unit *mu = &c->units[c->agg_members[u->first + k]];
				for (size_t x = 0; ok && x < mu->count; x++) {
					cg_eid me = mu->anchor != CG_NO_ENTITY
					                ? c->leaves[mu->first + x].e
					                : mu->e;
					ok = group_key(c, me, &k2, &c2) && k2 == kase && c2 == cl;
				}
			}
			if (!ok)
				continue;
			size_t gi = find_group(c, kase, cl);
			if (pass == 0) {
				if (gi == SIZE_MAX) {
					c->groups[c->n_groups].case_name = kase;
					c->groups[c->n_groups].cluster = cl;
					c->groups[c->n_groups++].members = 0;
				}
			} else {
				u->group = gi;
				c->groups[gi].members += u->count;
			}
		}
		if (pass == 0)
			qsort(c->groups, c->n_groups, sizeof *c->groups, group_cmp);
	}
	c->st.groups = c->n_groups;
	return 0;
none:
	for (size_t i = 0; i < c->n_units; i++)
		c->units[i].group = SIZE_MAX;
	return 0;
}

/* ---- edges ---- */

static int edge_cmp(const void *pa, const void *pb)
{
	const edge_key *x = pa, *y = pb;
	int t;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	if (x->type != y->type && (t = strcmp(x->type, y->type)))
		return t;
	if (x->directed != y->directed)
		return x->directed < y->directed ? -1 : 1;
	return x->l < y->l ? -1 : x->l > y->l;
}

int dot_same_edge(const dctx *c, const edge_key *x, const edge_key *y)
{
	if (c->o->slide)
		return x->a == y->a && x->b == y->b;
	return x->a == y->a && x->b == y->b && x->directed == y->directed &&
	       (x->type == y->type || strcmp(x->type, y->type) == 0);
}

/* Step 5: c->edges, one per link considered between two kept units, sorted
 * by units, type, direction and link so that parallel links of one type
 * are adjacent. Returns 0 or CG_ENOMEM. Cost: O(links log links). */
static int make_edges(dctx *c)
{
	if (!(c->edges = malloc((c->m + 1) * sizeof *c->edges)))
		return dot_nomem(c);
	for (cg_lid l = 0; l < c->m; l++) {
		if (!c->lon[l])
			continue;
		size_t ua = c->unit_of[cg_link_source(c->g, l)],
		       ub = c->unit_of[cg_link_target(c->g, l)];
		if (ua == SIZE_MAX || ub == SIZE_MAX || !c->units[ua].kept || !c->units[ub].kept)
			continue;
		edge_key *k = &c->edges[c->n_edges++];
		k->directed = cg_link_directed(c->g, l);
		k->rev = 0;
		if ((!k->directed || c->o->slide) && ub < ua) {
			/* slide: every link between two nodes is one edge */
			size_t t = ua;
			ua = ub;
			ub = t;
			k->rev = k->directed;
		}
		k->a = ua;
		k->b = ub;
		k->type = cg_link_type_name(c->g, l);
		k->l = l;
	}
	qsort(c->edges, c->n_edges, sizeof *c->edges, edge_cmp);
	return 0;
}

int cg_dot_write(const cg_graph *g, const cg_dot_opts *o, FILE *f, cg_dot_stats *st, cg_error *err)
{
	dctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.g = g;
	c.o = o;
	c.f = f;
	c.err = err;
	c.n = cg_graph_entity_count(g);
	c.m = cg_graph_link_count(g);
	if (!(c.other_types = malloc((c.n + 1) * sizeof *c.other_types))) {
		rc = dot_nomem(&c);
		goto out;
	}
	if ((rc = dot_select(&c)) || (rc = dot_make_units(&c)) ||
	    (rc = o->assoc   ? dot_assoc_cap(&c)
	          : o->slide ? dot_apply_cap_slide(&c)
	                     : dot_apply_cap(&c)) ||
	    (rc = make_groups(&c)) || (rc = make_edges(&c)))
		goto out;
	dot_count_drawn(&c);
	rc = dot_write_all(&c);
out:
	if (st)
		*st = c.st;
	free(c.on);
	free(c.lon);
	free(c.deg);
	free(c.n_cases);
	free(c.one_case);
	free(c.role);
	free(c.unit_of);
	free(c.units);
	free(c.leaves);
	free(c.agg_members);
	free(c.groups);
	free(c.edges);
	free(c.other_types);
	free(c.assoc_cases);
	cg_strbuf_free(&c.sb);
	cg_strbuf_free(&c.tmp);
	return rc;
}

int cg_dot_write_file(const cg_graph *g, const cg_dot_opts *o, const char *path, cg_dot_stats *st,
                      cg_error *err)
{
	cg_outfile out;
	int rc;

	if ((rc = cg_outfile_open(&out, path, err)))
		return rc;
	if ((rc = cg_dot_write(g, o, out.f, st, err))) {
		cg_outfile_abort(&out);
		if (!err->file[0])
			cg_error_set_file(err, path);
		return rc;
	}
	return cg_outfile_commit(&out, err);
}
