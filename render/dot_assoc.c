/* The association chart (cg_dot_opts.assoc, dot_internal.h): the cases as
 * nodes, the selected entities (the shared infrastructure) as nodes, and
 * an edge from each case to each entity in it; no links between entities.
 * What the cap leaves out is counted by the set of its cases, one node
 * per set ("+4 shared\n3 e-mails, 1 phone") linked to those cases, so
 * the chart still says which cases share how much.
 *
 * Ids: "@case:NAME" and "@more:K": no entity id starts so, since the
 * graph refuses "@" in a type name (cg_graph.c, "invalid entity type"). Every string is written
 * through dot_put_q. */
#include "dot_internal.h"

#include <stdlib.h>
#include <string.h>

#define ASSOC_GROUPS  3  /* counted groups at most: the largest sets of cases, the rest one */
#define ASSOC_TYPES   2  /* types named in a group's label */
#define ASSOC_MEMBERS 20 /* entities named in a group's tooltip */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether unit u is an entity of its own that the cap left out. */
static int left_out(const dctx *c, size_t u)
{
	const unit *x = &c->units[u];
	return !x->kept && !x->agg && x->anchor == CG_NO_ENTITY;
}

int dot_assoc_cap(dctx *c)
{
	const char *cases[CASES_MAX];
	size_t cap = c->o->max_nodes;

	if (!(c->assoc_cases = malloc((c->n + 1) * sizeof *c->assoc_cases)))
		return dot_nomem(c);
	for (size_t i = 0; i < c->n_units; i++) {
		size_t nc = cg_entity_cases(c->g, c->units[i].e, cases, CASES_MAX);
		for (size_t k = 0; k < nc && k < CASES_MAX; k++) {
			size_t x;
			for (x = 0; x < c->n_assoc_cases && strcmp(c->assoc_cases[x], cases[k]);
			     x++)
				;
			if (x == c->n_assoc_cases && x < c->n)
				c->assoc_cases[c->n_assoc_cases++] = cases[k];
		}
	}
	qsort(c->assoc_cases, c->n_assoc_cases, sizeof *c->assoc_cases, name_cmp);
	if (!cap || c->n_units + c->n_assoc_cases <= cap)
		return dot_apply_cap_n(c, 0);
	cap = cap > c->n_assoc_cases + ASSOC_GROUPS ? cap - c->n_assoc_cases - ASSOC_GROUPS : 1;
	return dot_apply_cap_n(c, cap);
}

/* A set of cases and the left-out entities in exactly those cases. */
typedef struct caseset {
	cg_strbuf key; /* the case names, each followed by '\n' (names have none) */
	size_t count;  /* entities */
	size_t types[CG_ENTITY_TYPE_COUNT];
} caseset;

static int set_cmp(const void *a, const void *b)
{
	const caseset *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(cg_strbuf_cstr(&x->key), cg_strbuf_cstr(&y->key));
}

/* The key of entity e's cases into sb. Returns 0 or CG_ENOMEM. */
static int key_of(const dctx *c, cg_eid e, cg_strbuf *sb)
{
	const char *cases[CASES_MAX];
	size_t nc = cg_entity_cases(c->g, e, cases, CASES_MAX);
	int rc = 0;

	cg_strbuf_reset(sb);
	qsort(cases, nc < CASES_MAX ? nc : CASES_MAX, sizeof *cases, name_cmp);
	for (size_t k = 0; !rc && k < nc && k < CASES_MAX; k++)
		rc = cg_strbuf_printf(sb, "%s\n", cases[k]);
	return rc;
}

static int put_case_id(dctx *c, const char *name)
{
	cg_strbuf_reset(&c->sb);
	if (cg_strbuf_printf(&c->sb, "@case:%s", name))
		return CG_ENOMEM;
	return dot_put_q(c, cg_strbuf_cstr(&c->sb));
}

/* The node of case name: a dark box, its name in two lines. */
static int write_case(dctx *c, const char *name, cg_strbuf *label)
{
	cg_strbuf_reset(label);
	if (dot_wrap_label(label, name, 1))
		return CG_ENOMEM;
	fputs("  ", c->f);
	if (put_case_id(c, name))
		return CG_ENOMEM;
	fprintf(c->f,
	        " [label=\"%s\", shape=\"box\", style=\"filled,bold\", fillcolor=\"#444444\", "
	        "fontcolor=\"#ffffff\", color=\"#222222\", tooltip=",
	        cg_strbuf_cstr(label));
	cg_strbuf_reset(label);
	if (cg_strbuf_printf(label, "case %s", name) || dot_put_q(c, cg_strbuf_cstr(label)))
		return CG_ENOMEM;
	fputs("];\n", c->f);
	return 0;
}

/* An edge from each case named in key (or all of an entity's) to node id
 * `to` (already escaped and quoted). */
static int case_edges(dctx *c, const char *key, const char *to)
{
	while (*key) {
		size_t len = strcspn(key, "\n");
		cg_strbuf name = CG_STRBUF_INIT;
		int rc = cg_strbuf_append(&name, key, len);
		fputs("  ", c->f);
		rc = rc || put_case_id(c, cg_strbuf_cstr(&name));
		cg_strbuf_free(&name);
		if (rc)
			return CG_ENOMEM;
		fprintf(c->f, " -> %s [dir=\"none\", color=\"#999999\", penwidth=\"1.2\"];\n", to);
		c->st.edges++; /* st.links stays 0: no link is drawn */
		key += len + (key[len] == '\n');
	}
	return 0;
}

/* The label and tooltip of counted group s (or of everything in sets
 * [s, end) when merged), then its node "@more:k". */
static int write_group(dctx *c, caseset *sets, size_t s, size_t end, size_t k, cg_strbuf *tmp,
                       cg_strbuf *key)
{
	size_t count = 0, types[CG_ENTITY_TYPE_COUNT] = {0}, named = 0;
	int rc = 0;

	for (size_t x = s; x < end; x++) {
		count += sets[x].count;
		for (int t = 0; t < CG_ENTITY_TYPE_COUNT; t++)
			types[t] += sets[x].types[t];
	}
	cg_strbuf_reset(tmp);
	rc = cg_strbuf_printf(tmp, "+%zu shared", count);
	for (size_t shown = 0; !rc && shown < ASSOC_TYPES;) {
		int best = -1;
		for (int t = 0; t < CG_ENTITY_TYPE_COUNT; t++)
			if (types[t] && (best < 0 || types[t] > types[best]))
				best = t;
		if (best < 0)
			break;
		rc = cg_strbuf_printf(tmp, "%s%zu %s", shown++ ? ", " : "\n", types[best],
		                      types[best] == 1
		                          ? cg_entity_type_to_string((cg_entity_type)best)
		                          : cg_type_style_of((cg_entity_type)best)->plural);
		types[best] = 0;
	}
	fprintf(c->f, "  \"@more:%zu\" [label=", k);
	rc = rc || dot_put_q(c, cg_strbuf_cstr(tmp));
	fputs(", shape=\"box\", style=\"rounded,dashed,filled\", fillcolor=\"#ffffff\", "
	      "color=\"#888888\", fontcolor=\"#333333\", tooltip=",
	      c->f);
	/* the tooltip: the entities, by name */
	cg_strbuf_reset(tmp);
	rc = rc || cg_strbuf_printf(tmp, "%zu entities not drawn, shared by %s:", count,
	                            end - s == 1 ? "the cases linked" : "other sets of cases");
	for (size_t u = 0; !rc && u < c->n_units && named < ASSOC_MEMBERS; u++) {
		if (!left_out(c, u) || !c->on[c->units[u].e])
			continue;
		rc = key_of(c, c->units[u].e, key);
		size_t x;
		for (x = s;
		     !rc && x < end && strcmp(cg_strbuf_cstr(&sets[x].key), cg_strbuf_cstr(key));
		     x++)
			;
		if (rc || x == end)
			continue;
		rc = cg_strbuf_putc(tmp, '\n') || dot_shown_name(c, c->units[u].e, tmp);
		named++;
	}
	if (!rc && count > named)
		rc = cg_strbuf_printf(tmp, "\nand %zu more", count - named);
	rc = rc || dot_put_q(c, cg_strbuf_cstr(tmp));
	fputs("];\n", c->f);
	if (rc)
		return CG_ENOMEM;
	c->any_agg = 1;
	c->st.nodes++;
	c->st.agg_groups++;
	c->st.agg_entities += count;
	c->st.left_out -= count;
	for (int t = 0; t < CG_ENTITY_TYPE_COUNT; t++)
		for (size_t x = s; x < end; x++)
			c->st.left_out_by_type[t] -= sets[x].types[t];
	if (end - s == 1) {
		cg_strbuf_reset(tmp);
		if (cg_strbuf_printf(tmp, "\"@more:%zu\"", k))
			return CG_ENOMEM;
		return case_edges(c, cg_strbuf_cstr(&sets[s].key), cg_strbuf_cstr(tmp));
	}
	return 0;
}

int dot_assoc_write(dctx *c)
{
	cg_strbuf tmp = CG_STRBUF_INIT, key = CG_STRBUF_INIT, id = CG_STRBUF_INIT;
	caseset *sets = NULL;
	size_t n_sets = 0;
	int rc = 0;

	for (size_t k = 0; !rc && k < c->n_assoc_cases; k++) {
		rc = write_case(c, c->assoc_cases[k], &tmp);
		c->st.nodes++;
	}
	/* the cases in a row above what they hold */
	fputs("  { rank=\"min\";", c->f);
	for (size_t k = 0; !rc && k < c->n_assoc_cases; k++) {
		fputc(' ', c->f);
		rc = put_case_id(c, c->assoc_cases[k]);
		fputc(';', c->f);
	}
	fputs(" }\n", c->f);
	/* an edge from each case to each entity drawn in it */
	for (size_t u = 0; !rc && u < c->n_units; u++) {
		if (!c->units[u].kept || c->units[u].agg || c->units[u].anchor != CG_NO_ENTITY)
			continue;
		rc = key_of(c, c->units[u].e, &key);
		if (rc)
			break;
		/* the node id, quoted, as dot_put_node_id writes it */
		cg_strbuf_reset(&id);
		if (c->o->redact)
			rc = cg_strbuf_printf(&id, "\"n%u\"", (unsigned)c->units[u].e);
		else
			rc = cg_strbuf_putc(&id, '"') ||
			     cg_dot_escape(&id, cg_entity_id(c->g, c->units[u].e)) ||
			     cg_strbuf_putc(&id, '"');
		rc = rc || case_edges(c, cg_strbuf_cstr(&key), cg_strbuf_cstr(&id));
	}
	/* the entities left out, by the set of their cases */
	if (!rc && !(sets = calloc(c->n_units + 1, sizeof *sets)))
		rc = CG_ENOMEM;
	for (size_t u = 0; !rc && u < c->n_units; u++) {
		if (!left_out(c, u) || !c->on[c->units[u].e])
			continue;
		if ((rc = key_of(c, c->units[u].e, &key)))
			break;
		size_t x;
		for (x = 0;
		     x < n_sets && strcmp(cg_strbuf_cstr(&sets[x].key), cg_strbuf_cstr(&key)); x++)
			;
		if (x == n_sets && (rc = cg_strbuf_puts(&sets[n_sets++].key, cg_strbuf_cstr(&key))))
			break;
		sets[x].count++;
		sets[x].types[cg_entity_type_of(c->g, c->units[u].e)]++;
	}
	if (!rc && n_sets) {
		qsort(sets, n_sets, sizeof *sets, set_cmp);
		size_t own = n_sets <= ASSOC_GROUPS ? n_sets : ASSOC_GROUPS - 1;
		for (size_t s = 0; !rc && s < own; s++)
			rc = write_group(c, sets, s, s + 1, s + 1, &tmp, &key);
		if (!rc && own < n_sets)
			rc = write_group(c, sets, own, n_sets, own + 1, &tmp, &key);
	}
	for (size_t x = 0; sets && x < n_sets; x++)
		cg_strbuf_free(&sets[x].key);
	free(sets);
	cg_strbuf_free(&tmp);
	cg_strbuf_free(&key);
	cg_strbuf_free(&id);
	return rc ? dot_nomem(c) : 0;
}
