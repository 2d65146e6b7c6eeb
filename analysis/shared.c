/* casegraph shared: entities present in two or more cases, ranked, with the
 * case-by-case overlap table. */
#include "view.h"

#include "cg_array.h"
#include "cg_hash.h"
#include "cg_normalize.h"
#include "cg_parse.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const cg_graph *sort_graph; /* qsort context, see clusters.c */

static int cmp_shared(const void *a, const void *b)
{
	const cg_shared_row *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(cg_entity_id(sort_graph, x->entity), cg_entity_id(sort_graph, y->entity));
}

static int cmp_overlap(const void *a, const void *b)
{
	const cg_case_overlap *x = a, *y = b;
	int c;
	if (x->shared != y->shared)
		return x->shared > y->shared ? -1 : 1;
	if ((c = strcmp(x->a, y->a)))
		return c;
	return strcmp(x->b, y->b);
}

static void free_rows(cg_shared_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].cases);
		free(rows[i].ties);
		free(rows[i].first_seen);
		free(rows[i].last_seen);
	}
	free(rows);
}

/* ---- the groups an entity is shared by ---- */

typedef struct grp {
	const char *name; /* stable pointer: equal names, equal pointers */
	cg_shared_tie tie;
} grp;

typedef struct gctx {
	const cg_graph *g;
	cg_partition by;
	size_t *inc_off; /* the links at each entity: inc[inc_off[e] .. inc_off[e+1]) */
	cg_lid *inc;
	const view *v;
	const cg_clusters *cl;
	cg_shared *s; /* owns the names made here (group_names) */
	size_t cap_names;
	cg_map64 name_index; /* hash of a made name -> its index in s->group_names */
	grp *g_out;          /* the current entity's groups */
	size_t n_out, cap_out;
	const char **cases; /* scratch for cg_entity_cases */
	size_t cases_cap;
} gctx;

static int cmp_grp(const void *a, const void *b)
{
	const grp *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	/* the same group by two ties: the first link first */
	if (x->tie.link != y->tie.link)
		return x->tie.link < y->tie.link ? -1 : 1;
	return x->tie.via < y->tie.via ? -1 : x->tie.via > y->tie.via;
}

/* A name this result owns (a cluster's, a country code), made once: equal
 * text, equal pointer. NULL when out of memory. */
static const char *own_name(gctx *c, const char *text)
{
	uint64_t h = cg_hash_bytes(text, strlen(text));
	uint32_t idx;

	for (;; h++) {
		if (!cg_map64_get(&c->name_index, h, &idx))
			break;
		if (strcmp(c->s->group_names[idx], text) == 0)
			return c->s->group_names[idx];
	}
	if (CG_ARRAY_GROW(c->s->group_names, c->cap_names, c->s->n_group_names + 1, 16))
		return NULL;
	char *copy = strdup(text);
	if (!copy || cg_map64_put(&c->name_index, h, (uint32_t)c->s->n_group_names)) {
		free(copy);
		return NULL;
	}
	c->s->group_names[c->s->n_group_names++] = copy;
	return copy;
}

static int push_grp(gctx *c, const char *name, cg_lid link, cg_lid via)
{
	if (!name)
		return CG_ENOMEM;
	if (CG_ARRAY_GROW(c->g_out, c->cap_out, c->n_out + 1, 16))
		return CG_ENOMEM;
	c->g_out[c->n_out].name = name;
	c->g_out[c->n_out].tie.link = link;
	c->g_out[c->n_out].tie.via = via;
	c->n_out++;
	return 0;
}

/* The country a neighbour stands for: a country entity's code (or name),
 * else the neighbour's country, nationality or jurisdiction, as an ISO code
 * when it is one casegraph knows. NULL when none; *made when out of memory. */
static const char *country_of(gctx *c, cg_eid o, cg_strbuf *sb, int *nomem)
{
	const cg_graph *g = c->g;
	const char *v = NULL;

	if (cg_entity_type_of(g, o) == CG_ET_COUNTRY) {
		v = cg_entity_prop(g, o, "code");
		if (!v)
			v = cg_entity_name(g, o);
	} else if (!(v = cg_entity_prop(g, o, "country")) &&
	           !(v = cg_entity_prop(g, o, "nationality")))
		v = cg_entity_prop(g, o, "jurisdiction");
	if (!v || !*v)
		return NULL;
	/* a subdivision (US-CA, ISO 3166-2) counts as its country */
	size_t vn = strlen(v), dash = strcspn(v, "-");
	if (dash == 2 && vn > 3 && vn <= 6)
		vn = 2;
	int rc = cg_norm_country(v, vn, sb);
	if (rc == CG_ENOMEM) {
		*nomem = 1;
		return NULL;
	}
	const char *name = own_name(c, rc == 0 && sb->len ? sb->buf : v);
	if (!name)
		*nomem = 1;
	return name;
}

/* The groups of entity e into c->g_out (sorted by name, one per name, the
 * first tie kept). Returns 0 or CG_ENOMEM. */
static int groups_of(gctx *c, cg_eid e)
{
	const cg_graph *g = c->g;
	cg_strbuf sb = CG_STRBUF_INIT;
	int nomem = 0, rc = 0;

	c->n_out = 0;
	if (c->by == CG_BY_CASE) {
		size_t nc = cg_entity_cases(g, e, c->cases, c->cases_cap);
		if (nc > c->cases_cap) {
			if (CG_ARRAY_GROW(c->cases, c->cases_cap, nc, 64))
				return CG_ENOMEM;
			nc = cg_entity_cases(g, e, c->cases, c->cases_cap);
		}
		for (size_t i = 0; i < nc && !rc; i++)
			rc = push_grp(c, c->cases[i], CG_NO_LINK, CG_NO_LINK);
	} else if (c->by == CG_BY_CLUSTER) {
		char name[48];
		uint32_t x = c->v->e2v[e];
		snprintf(name, sizeof name, "cluster %zu", c->cl->membership[e] + 1);
		rc = push_grp(c, own_name(c, name), CG_NO_LINK, CG_NO_LINK);
		for (size_t k = c->v->off[x]; k < c->v->off[x + 1] && !rc; k++) {
			cg_eid o = c->v->v2e[c->v->adj[k]];
			snprintf(name, sizeof name, "cluster %zu", c->cl->membership[o] + 1);
			rc = push_grp(c, own_name(c, name), c->v->elink[c->v->adj_edge[k]],
			              CG_NO_LINK);
		}
	} else {
		for (size_t k = c->inc_off[e]; k < c->inc_off[e + 1] && !rc && !nomem; k++) {
			cg_lid l = c->inc[k];
			cg_eid o =
			    cg_link_source(g, l) == e ? cg_link_target(g, l) : cg_link_source(g, l);
			if (o == e)
				continue;
			if (c->by == CG_BY_COUNTRY) {
				const char *name = country_of(c, o, &sb, &nomem);
				if (name)
					rc = push_grp(c, name, l, CG_NO_LINK);
				continue;
			}
			cg_entity_type t = cg_entity_type_of(g, o);
			if (t == CG_ET_THREAT_ACTOR) {
				rc = push_grp(c, cg_entity_name(g, o), l, CG_NO_LINK);
			} else if (t == CG_ET_OTHER &&
			           strcmp(cg_entity_type_name(g, o), "campaign") == 0) {
				/* a campaign's actors: the tool it used is theirs */
				for (size_t j = c->inc_off[o]; j < c->inc_off[o + 1] && !rc; j++) {
					cg_lid l2 = c->inc[j];
					cg_eid a = cg_link_source(g, l2) == o
					               ? cg_link_target(g, l2)
					               : cg_link_source(g, l2);
					if (a != e && cg_entity_type_of(g, a) == CG_ET_THREAT_ACTOR)
						rc = push_grp(c, cg_entity_name(g, a), l, l2);
				}
			}
		}
	}
	cg_strbuf_free(&sb);
	if (rc || nomem)
		return CG_ENOMEM;
	if (c->n_out > 1) {
		qsort(c->g_out, c->n_out, sizeof *c->g_out, cmp_grp);
		size_t w = 1;
		for (size_t i = 1; i < c->n_out; i++)
			if (strcmp(c->g_out[i].name, c->g_out[w - 1].name) != 0)
				c->g_out[w++] = c->g_out[i];
		c->n_out = w;
	}
	return 0;
}

static void gctx_free(gctx *c)
{
	free(c->inc_off);
	free(c->inc);
	free(c->g_out);
	free(c->cases);
	cg_map64_free(&c->name_index);
}

/* ---- when each case saw an entity ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* The first and last day of a date as a source wrote it ("2023",
 * "2023-03", "2023-03-15", "2023-03-15T10:00:00Z", "15 Mar 2023" ...):
 * 0, or -1 when it is no date cg_parse_date reads. */
static int span_days(const char *s, int64_t *lo, int64_t *hi, cg_strbuf *sb)
{
	size_t n = strlen(s);
	unsigned y, m = 0, d = 0;

	if (n > 10 && (s[10] == 'T' || s[10] == 't' || s[10] == ' ') && s[4] == '-')
		n = 10; /* a timestamp: its day */
	if (cg_parse_date(s, n, sb, NULL) || sscanf(sb->buf, "%4u-%2u-%2u", &y, &m, &d) < 1)
		return -1;
	if (d) {
		*lo = *hi = days_from_civil(y, m, d);
	} else if (m) {
		*lo = days_from_civil(y, m, 1);
		*hi = days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	} else {
		*lo = days_from_civil(y, 1, 1);
		*hi = days_from_civil(y, 12, 31);
	}
	return 0;
}

typedef struct seen {
	int64_t lo, hi;           /* days; lo > hi when unknown */
	const char *first, *last; /* as written */
} seen;

/* Widens *w with the span first..last of one record (either may be NULL). */
static void widen(seen *w, const char *first, const char *last, cg_strbuf *sb)
{
	int64_t lo, hi, l2, h2;

	if (first && *first && !span_days(first, &lo, &hi, sb) && (w->lo > w->hi || lo < w->lo)) {
		if (w->lo > w->hi)
			w->hi = hi, w->last = first;
		w->lo = lo, w->first = first;
	}
	if (last && *last && !span_days(last, &l2, &h2, sb) && (w->lo > w->hi || h2 > w->hi)) {
		if (w->lo > w->hi)
			w->lo = l2, w->first = last;
		w->hi = h2, w->last = last;
	}
}

/* The index of case name k (a pointer equal to the graph's) among the n
 * groups, or n. */
static size_t group_index(const grp *gs, size_t n, const char *k)
{
	for (size_t i = 0; i < n; i++)
		if (gs[i].name == k)
			return i;
	return n;
}

/* When each of e's cases (c->g_out) saw it, into w (c->n_out entries): its
 * records' spans and its links' (a link without one dated by its date).
 * Returns whether any case gave one. */
static int entity_seen(gctx *c, cg_eid e, seen *w, cg_strbuf *sb)
{
	const cg_graph *g = c->g;
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;
	int any = 0;

	for (size_t i = 0; i < c->n_out; i++) {
		w[i].lo = 1;
		w[i].hi = 0;
		w[i].first = w[i].last = NULL;
	}
	while (cg_iter_next_prov(g, &it, &p)) {
		size_t i = group_index(c->g_out, c->n_out, p.case_name);
		if (i < c->n_out)
			widen(&w[i], p.first_seen, p.last_seen, sb);
	}
	for (size_t k = c->inc_off[e]; k < c->inc_off[e + 1]; k++) {
		cg_lid l = c->inc[k];
		const char *date = cg_link_prop(g, l, "date");
		it = cg_link_provs(g, l);
		while (cg_iter_next_prov(g, &it, &p)) {
			size_t i = group_index(c->g_out, c->n_out, p.case_name);
			if (i >= c->n_out)
				continue;
			if (p.first_seen || p.last_seen)
				widen(&w[i], p.first_seen, p.last_seen, sb);
			else
				widen(&w[i], date, date, sb);
		}
	}
	for (size_t i = 0; i < c->n_out; i++)
		any |= w[i].lo <= w[i].hi;
	return any;
}

/* Whether spans a and b come within days of each other (an unknown span
 * cannot tell them apart: it fits). */
static int within(const seen *a, const seen *b, long days)
{
	if (a->lo > a->hi || b->lo > b->hi)
		return 1;
	int64_t gap = a->lo > b->hi ? a->lo - b->hi : b->lo > a->hi ? b->lo - a->hi : 0;
	return gap <= days;
}

/* The window of --within: keeps in c->g_out and sw (*nc of them, fewer on
 * return) the cases that saw the entity within opts->within_days of
 * another case; fit is scratch of *nc. Returns 1, leaving them all, when
 * fewer than two (or min_cases) are left: the entity is outside the window. */
static int keep_within(gctx *c, seen *sw, unsigned char *fit, const cg_shared_opts *opts,
                       size_t *nc)
{
	size_t n = *nc, nfit = 0, w = 0;

	for (size_t i = 0; i < n; i++) {
		fit[i] = 0;
		for (size_t j = 0; j < n && !fit[i]; j++)
			fit[i] = j != i && within(&sw[i], &sw[j], opts->within_days);
		nfit += fit[i];
	}
	if (nfit < opts->min_cases || nfit < 2)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (fit[i]) {
			c->g_out[w] = c->g_out[i];
			sw[w++] = sw[i];
		}
	*nc = w;
	return 0;
}

/* The links at each entity, for the actor and country groups. */
static int incidence(gctx *c)
{
	const cg_graph *g = c->g;
	size_t ne = cg_graph_entity_count(g), nl = cg_graph_link_count(g);

	c->inc_off = calloc(ne + 1, sizeof *c->inc_off);
	c->inc = malloc((nl ? 2 * nl : 1) * sizeof *c->inc);
	if (!c->inc_off || !c->inc)
		return CG_ENOMEM;
	for (cg_lid l = 0; l < nl; l++) {
		c->inc_off[cg_link_source(g, l) + 1]++;
		if (cg_link_target(g, l) != cg_link_source(g, l))
			c->inc_off[cg_link_target(g, l) + 1]++;
	}
	for (size_t e = 0; e < ne; e++)
		c->inc_off[e + 1] += c->inc_off[e];
	size_t *at = malloc((ne ? ne : 1) * sizeof *at);
	if (!at)
		return CG_ENOMEM;
	memcpy(at, c->inc_off, ne * sizeof *at);
	for (cg_lid l = 0; l < nl; l++) {
		c->inc[at[cg_link_source(g, l)]++] = l;
		if (cg_link_target(g, l) != cg_link_source(g, l))
			c->inc[at[cg_link_target(g, l)]++] = l;
	}
	free(at);
	return 0;
}

int cg_shared_compute(const cg_graph *g, const cg_shared_opts *opts, cg_shared **out, cg_error *err)
{
	cg_view_opts vo = opts->view;
	size_t ne = cg_graph_entity_count(g), cap_rows = 0, cap_tc = 0, cap_ov = 0, cap_cases = 0;
	cg_shared *s = calloc(1, sizeof *s);
	cg_map64 case_index = CG_MAP64_INIT, pair_index = CG_MAP64_INIT;
	size_t *degree = NULL;
	gctx gc;
	cg_clusters *cl = NULL;
	seen *sw = NULL;
	unsigned char *fit = NULL;
	size_t cap_sw = 0, cap_fit = 0, cap_out = 0;
	cg_strbuf datebuf = CG_STRBUF_INIT;
	view v;
	int rc, have_view = 0;

	*out = NULL;
	memset(&gc, 0, sizeof gc);
	if (!s)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	if (opts->by == CG_BY_TYPE || (unsigned)opts->by >= CG_PARTITION_COUNT) {
		free(s);
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0,
		                    "shared by type means nothing: by case, actor, cluster or "
		                    "country");
	}
	s->by = opts->by;
	gc.g = g;
	gc.by = opts->by;
	gc.s = s;
	gc.v = &v;
	if (opts->by == CG_BY_CLUSTER) {
		cg_cluster_opts co = opts->clusters;
		co.view = opts->view;
		if ((rc = cg_clusters_compute(g, &co, &cl, err)))
			goto fail;
		gc.cl = cl;
	}
	/* the view decides which entities count (types, exclusions); "too
	 * common" is judged here, on the groups, so the view keeps them */
	vo.max_cases = 0;
	vo.max_name_cases = 0;
	if (opts->by == CG_BY_CLUSTER)
		vo = opts->view; /* the clusters' own view: every member has a cluster */
	if ((rc = view_build(g, &vo, 0, &v, err)))
		goto fail;
	have_view = 1;
	degree = calloc(ne ? ne : 1, sizeof *degree);
	gc.cases_cap = 64;
	gc.cases = malloc(gc.cases_cap * sizeof *gc.cases);
	if (!degree || !gc.cases)
		goto nomem;
	if (opts->by != CG_BY_CLUSTER && incidence(&gc))
		goto nomem;
	s->within_days = opts->within_days;
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		degree[cg_link_source(g, l)]++;
		degree[cg_link_target(g, l)]++;
	}
	for (size_t x = 0; x < v.n; x++) {
		cg_eid e = v.v2e[x];
		if (groups_of(&gc, e))
			goto nomem;
		size_t nc = gc.n_out;
		/* every group, with its entity count */
		for (size_t i = 0; i < nc; i++) {
			uint32_t idx;
			uint64_t key = (uint64_t)(uintptr_t)gc.g_out[i].name;
			if (!cg_map64_get(&case_index, key, &idx)) {
				if (CG_ARRAY_GROW(s->cases, cap_cases, s->n_cases + 1, 16))
					goto nomem;
				idx = (uint32_t)s->n_cases++;
				s->cases[idx].name = gc.g_out[i].name;
				s->cases[idx].count = 0;
				s->cases[idx].links = 0;
				if (cg_map64_put(&case_index, key, idx))
					goto nomem;
			}
			s->cases[idx].count++;
		}
		if (nc < opts->min_cases || nc < 1)
			continue;
		/* an actor is no infrastructure that actors share */
		if (opts->by == CG_BY_ACTOR && cg_entity_type_of(g, e) == CG_ET_THREAT_ACTOR)
			continue;
		int any_seen = 0, outside = 0;
		if (opts->by == CG_BY_CASE) {
			if (CG_ARRAY_GROW(sw, cap_sw, nc, 16) ||
			    CG_ARRAY_GROW(fit, cap_fit, nc, 16))
				goto nomem;
			any_seen = entity_seen(&gc, e, sw, &datebuf);
			if (any_seen && opts->within_days >= 0)
				outside = keep_within(&gc, sw, fit, opts, &nc);
		}
		int common = !outside && view_too_common(g, e, nc, &opts->view);
		cg_shared_row **arr = outside ? &s->outside : common ? &s->too_common : &s->rows;
		size_t *n = outside ? &s->n_outside : common ? &s->n_too_common : &s->n;
		size_t *cap = outside ? &cap_out : common ? &cap_tc : &cap_rows;
		if (CG_ARRAY_GROW(*arr, *cap, *n + 1, 32))
			goto nomem;
		cg_shared_row *row = &(*arr)[*n];
		memset(row, 0, sizeof *row);
		row->cases = malloc(nc * sizeof *row->cases);
		if (!row->cases)
			goto nomem;
		(*n)++;
		if (opts->by != CG_BY_CASE && !(row->ties = malloc(nc * sizeof *row->ties)))
			goto nomem;
		if (any_seen && (!(row->first_seen = malloc(nc * sizeof *row->first_seen)) ||
		                 !(row->last_seen = malloc(nc * sizeof *row->last_seen))))
			goto nomem;
		for (size_t i = 0; i < nc; i++) {
			row->cases[i] = gc.g_out[i].name;
			if (row->ties)
				row->ties[i] = gc.g_out[i].tie;
			if (any_seen) {
				row->first_seen[i] = sw[i].first;
				row->last_seen[i] = sw[i].last;
			}
		}
		row->entity = e;
		row->n_cases = nc;
		row->degree = degree[e];
		/* rarity in (0, 1]: an entity with few links is a more specific
		 * indicator than a hub; the number of groups always dominates */
		row->score = (double)nc + 1.0 / (1.0 + log1p((double)row->degree));
	}
	/* overlap of every pair of cases, from the shared entities */
	for (size_t r = 0; r < s->n; r++) {
		const cg_shared_row *row = &s->rows[r];
		for (size_t i = 0; i < row->n_cases; i++)
			for (size_t j = i + 1; j < row->n_cases; j++) {
				uint32_t a, b, idx;
				cg_map64_get(&case_index, (uint64_t)(uintptr_t)row->cases[i], &a);
				cg_map64_get(&case_index, (uint64_t)(uintptr_t)row->cases[j], &b);
				uint64_t key = (uint64_t)a << 32 | b;
				if (!cg_map64_get(&pair_index, key, &idx)) {
					if (CG_ARRAY_GROW(s->overlaps, cap_ov, s->n_overlaps + 1,
					                  32))
						goto nomem;
					idx = (uint32_t)s->n_overlaps++;
					s->overlaps[idx].a = row->cases[i];
					s->overlaps[idx].b = row->cases[j];
					s->overlaps[idx].shared = 0;
					if (cg_map64_put(&pair_index, key, idx))
						goto nomem;
				}
				s->overlaps[idx].shared++;
			}
	}
	for (size_t i = 0; i < s->n_overlaps; i++) {
		cg_case_overlap *o = &s->overlaps[i];
		uint32_t a, b;
		cg_map64_get(&case_index, (uint64_t)(uintptr_t)o->a, &a);
		cg_map64_get(&case_index, (uint64_t)(uintptr_t)o->b, &b);
		size_t uni = s->cases[a].count + s->cases[b].count - o->shared;
		o->jaccard = uni ? (double)o->shared / (double)uni : 0;
	}
	sort_graph = g;
	if (s->n)
		qsort(s->rows, s->n, sizeof *s->rows, cmp_shared);
	if (s->n_too_common)
		qsort(s->too_common, s->n_too_common, sizeof *s->too_common, cmp_shared);
	if (s->n_outside)
		qsort(s->outside, s->n_outside, sizeof *s->outside, cmp_shared);
	if (s->n_overlaps)
		qsort(s->overlaps, s->n_overlaps, sizeof *s->overlaps, cmp_overlap);
	if (s->n_cases)
		qsort(s->cases, s->n_cases, sizeof *s->cases, cmp_name);
	view_take_info(&v, &s->info);
	s->info.max_cases = opts->view.max_cases;
	s->info.max_name_cases = opts->view.max_name_cases;
	view_free(&v);
	free(degree);
	free(sw);
	free(fit);
	cg_strbuf_free(&datebuf);
	gctx_free(&gc);
	cg_clusters_free(cl);
	cg_map64_free(&case_index);
	cg_map64_free(&pair_index);
	*out = s;
	return 0;
nomem:
	rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
fail:
	if (have_view)
		view_free(&v);
	free(degree);
	free(sw);
	free(fit);
	cg_strbuf_free(&datebuf);
	gctx_free(&gc);
	cg_clusters_free(cl);
	cg_map64_free(&case_index);
	cg_map64_free(&pair_index);
	cg_shared_free(s);
	return rc;
}

void cg_shared_free(cg_shared *s)
{
	if (!s)
		return;
	free_rows(s->rows, s->n);
	free_rows(s->too_common, s->n_too_common);
	free_rows(s->outside, s->n_outside);
	free(s->cases);
	free(s->overlaps);
	for (size_t i = 0; i < s->n_group_names; i++)
		free(s->group_names[i]);
	free(s->group_names);
	cg_view_info_free(&s->info);
	free(s);
}
