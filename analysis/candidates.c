/* casegraph merges --candidates: pairs of entities not merged that
 * probably should be (docs/MODEL.md, "Candidates"). Entities are prepared
 * once (analysis/cand_score.c), grouped into blocks by the keys they share
 * (name parts, the name's start, numbers, identifiers), compared within
 * each block, and the pairs that score high enough are kept with why. */
#include "candidates.h"
#include "view.h"

#include "cg_array.h"
#include "cg_hash.h"
#include "cg_mem.h"

#include <stdlib.h>
#include <string.h>

#define WINDOW           8 /* a block over the cap: each entity against the next WINDOW */
#define MAX_SHARED_BONUS 0.15

typedef struct bkey {
	uint64_t key;
	uint32_t idx; /* index into the entities considered */
} bkey;

typedef struct work {
	const cg_graph *g;
	cg_cand_scorer *sc;
	cg_eid *ents; /* entities considered, in id order of creation */
	size_t n;
	size_t *off; /* each one's prepared form in arena */
	uint64_t *skey;
	cg_strbuf arena;
	bkey *keys;
	size_t nkeys, capkeys;
	uint64_t *pairs;
	size_t npairs, cappairs;
	view v;
	int have_view;
} work;

static int push_key(work *w, uint64_t key, uint32_t idx)
{
	if (CG_ARRAY_GROW_HUGE(w->keys, w->capkeys, w->nkeys + 1, 1024))
		return CG_ENOMEM;
	w->keys[w->nkeys].key = key;
	w->keys[w->nkeys++].idx = idx;
	return 0;
}

static uint64_t key_of(cand_kind k, char what, const char *s, size_t n)
{
	char buf[64];
	if (n > sizeof buf - 2)
		n = sizeof buf - 2;
	buf[0] = (char)k;
	buf[1] = what;
	memcpy(buf + 2, s, n);
	return cg_hash_bytes(buf, n + 2);
}

static int digits_only(const char *v, char *out, size_t cap)
{
	size_t d = 0;
	for (; *v && d + 1 < cap; v++)
		if (*v >= '0' && *v <= '9')
			out[d++] = *v;
	out[d] = '\0';
	return (int)d;
}

static const char *const id_props[] = {"passport", "national_id", "registration_number"};

/* The names of e (name, then aliases, at most CAND_MAX_NAMES) into names. */
static size_t names_of(const cg_graph *g, cg_eid e, const char **names)
{
	size_t n = 0;
	cg_iter it = cg_entity_aliases(g, e);
	const char *a;
	names[n++] = cg_entity_name(g, e);
	while (n < CAND_MAX_NAMES && cg_iter_next_str(g, &it, &a))
		names[n++] = a;
	return n;
}

/* Prepares entity e and adds its block keys. */
static int add_entity(work *w, cg_eid e, cand_kind k)
{
	const char *names[CAND_MAX_NAMES];
	size_t nn = names_of(w->g, e, names), off = w->arena.len;
	uint32_t idx = (uint32_t)w->n;
	cand_prep p;
	int rc;

	if ((rc = cand_prepare(w->sc, k, names, nn, &w->arena)))
		return rc;
	cand_load(w->arena.buf + off, &p);
	if (!p.n) { /* nothing to compare */
		w->arena.len = off;
		return 0;
	}
	w->ents[w->n] = e;
	w->off[w->n] = off;
	w->skey[w->n] = 0;
	for (size_t t = 0, b = 0; t < p.nm[0].ntok && b < 8; t++)
		for (size_t c = 0; c < p.nm[0].len[t] && b < 8; c++, b++)
			w->skey[w->n] |= (uint64_t)(unsigned char)p.nm[0].tok[t][c] << (56 - 8 * b);
	w->n++;
	for (size_t i = 0; i < p.n && !rc; i++) {
		const cand_name *nm = &p.nm[i];
		char joined[16];
		size_t jl = 0;
		for (size_t t = 0; t < nm->ntok && !rc; t++) {
			size_t l = nm->len[t];
			for (size_t c = 0; c < l && jl < 5; c++)
				joined[jl++] = nm->tok[t][c];
			if (l < 2 || (k == CAND_ADDRESS && l < 4))
				continue;
			rc = push_key(w, key_of(k, 't', nm->tok[t], l < 4 ? l : 4), idx);
		}
		if (!rc && jl >= 4)
			rc = push_key(w, key_of(k, 'j', joined, jl), idx);
	}
	for (const char *q = p.nums; *q && !rc;) {
		size_t l = strcspn(q, " ");
		if (l >= 2 && k == CAND_ADDRESS)
			rc = push_key(w, key_of(k, 'n', q, l), idx);
		q += l + (q[l] == ' ');
	}
	for (size_t i = 0; i < sizeof id_props / sizeof *id_props && !rc; i++) {
		const char *v = cg_entity_prop(w->g, e, id_props[i]);
		char d[64];
		if (v && digits_only(v, d, sizeof d) >= 6)
			rc = push_key(w, key_of(k, 'i', d, strlen(d)), idx);
	}
	return rc;
}

/* LSD radix sort of the keys by (key, idx): idx is already ascending. */
static int sort_keys(work *w)
{
	bkey *tmp = malloc(w->nkeys * sizeof *tmp + 1);
	if (!tmp)
		return CG_ENOMEM;
	for (int shift = 0; shift < 64; shift += 8) {
		size_t count[257] = {0};
		for (size_t i = 0; i < w->nkeys; i++)
			count[((w->keys[i].key >> shift) & 0xFF) + 1]++;
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < w->nkeys; i++)
			tmp[count[(w->keys[i].key >> shift) & 0xFF]++] = w->keys[i];
		memcpy(w->keys, tmp, w->nkeys * sizeof *tmp);
	}
	free(tmp);
	return 0;
}

static int push_pair(work *w, uint32_t x, uint32_t y)
{
	if (x == y)
		return 0;
	if (CG_ARRAY_GROW_HUGE(w->pairs, w->cappairs, w->npairs + 1, 4096))
		return CG_ENOMEM;
	w->pairs[w->npairs++] = x < y ? (uint64_t)x << 32 | y : (uint64_t)y << 32 | x;
	return 0;
}

static const work *cmp_work; /* qsort context */

static int cmp_skey(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	if (cmp_work->skey[x] != cmp_work->skey[y])
		return cmp_work->skey[x] < cmp_work->skey[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Pairs of every block: all of a small one, a window over a large one
 * sorted by name. */
static int make_pairs(work *w, size_t cap, size_t *capped)
{
	uint32_t *members = NULL;
	size_t mcap = 0;
	int rc = 0;

	for (size_t i = 0; i < w->nkeys && !rc;) {
		size_t j = i;
		while (j < w->nkeys && w->keys[j].key == w->keys[i].key)
			j++;
		if (j - i <= cap) {
			for (size_t x = i; x < j && !rc; x++)
				for (size_t y = x + 1; y < j && !rc; y++)
					rc = push_pair(w, w->keys[x].idx, w->keys[y].idx);
		} else {
			(*capped)++;
			if (CG_ARRAY_GROW_HUGE(members, mcap, j - i, 64)) {
				rc = CG_ENOMEM;
				break;
			}
			for (size_t x = i; x < j; x++)
				members[x - i] = w->keys[x].idx;
			cmp_work = w;
			qsort(members, j - i, sizeof *members, cmp_skey);
			for (size_t x = 0; x < j - i && !rc; x++)
				for (size_t y = x + 1; y < j - i && y <= x + WINDOW && !rc; y++)
					rc = push_pair(w, members[x], members[y]);
		}
		i = j;
	}
	cg_mem_free(members, mcap * sizeof *members);
	if (rc)
		return rc;
	if ((rc = view_sort_pairs(w->pairs, NULL, w->npairs, w->n)))
		return rc;
	size_t u = 0;
	for (size_t i = 0; i < w->npairs; i++)
		if (!u || w->pairs[i] != w->pairs[u - 1])
			w->pairs[u++] = w->pairs[i];
	w->npairs = u;
	return 0;
}

/* Neighbours of a and b in common (the view's: context types and entities
 * too common left out), the first of them by id into f. */
static void shared_neighbours(const work *w, cg_eid a, cg_eid b, cg_cand_features *f)
{
	uint32_t va, vb;
	size_t i, j, ie, je;
	f->shared = 0;
	if (!w->have_view)
		return;
	va = w->v.e2v[a];
	vb = w->v.e2v[b];
	if (va == NO_VERTEX || vb == NO_VERTEX)
		return;
	i = w->v.off[va];
	ie = w->v.off[va + 1];
	j = w->v.off[vb];
	je = w->v.off[vb + 1];
	while (i < ie && j < je) {
		if (w->v.adj[i] < w->v.adj[j])
			i++;
		else if (w->v.adj[i] > w->v.adj[j])
			j++;
		else {
			if (f->shared < CG_CAND_MAX_SHARED)
				f->shared_ids[f->shared] = w->v.v2e[w->v.adj[i]];
			f->shared++;
			i++;
			j++;
		}
	}
}

void cand_attrs_of(const cg_graph *g, cg_eid e, cand_attrs *x, cg_prop *ids)
{
	x->dob = cg_entity_prop(g, e, "dob");
	x->nat = cg_entity_prop(g, e, "nationality");
	x->n_ids = 0;
	for (size_t i = 0; i < sizeof id_props / sizeof *id_props; i++) {
		const char *v = cg_entity_prop(g, e, id_props[i]);
		if (v) {
			ids[x->n_ids].name = id_props[i];
			ids[x->n_ids++].value = v;
		}
	}
	x->ids = ids;
}

/* Scores entities a and b (prepared at pa, pb); with names, the reason
 * too. */
static int score_pair(const work *w, cg_eid a, const cand_prep *pa, cg_eid b, const cand_prep *pb,
                      int with_shared, int with_reason, cg_candidate *out)
{
	cand_attrs xa, xb;
	cg_prop ia[CAND_ID_PROPS], ib[CAND_ID_PROPS];
	const char *na[CAND_MAX_NAMES], *nb[CAND_MAX_NAMES];

	cand_attrs_of(w->g, a, &xa, ia);
	cand_attrs_of(w->g, b, &xb, ib);
	out->f.shared = 0;
	if (with_shared)
		shared_neighbours(w, a, b, &out->f);
	if (with_reason) {
		names_of(w->g, a, na);
		names_of(w->g, b, nb);
	}
	return cand_score_prep(pa, pb, &xa, &xb, with_reason ? na : NULL, with_reason ? nb : NULL,
	                       with_reason, out);
}

static const cg_graph *sort_graph;

static int cmp_cand(const void *x, const void *y)
{
	const cg_candidate *a = x, *b = y;
	int c;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if ((c = strcmp(cg_entity_id(sort_graph, a->a), cg_entity_id(sort_graph, b->a))))
		return c;
	return strcmp(cg_entity_id(sort_graph, a->b), cg_entity_id(sort_graph, b->b));
}

static int keep(const cg_graph *g, cg_candidate **arr, size_t *n, size_t *cap, cg_candidate *c)
{
	if (strcmp(cg_entity_id(g, c->a), cg_entity_id(g, c->b)) > 0) {
		cg_eid t = c->a;
		size_t tn = c->f.name_a;
		c->a = c->b;
		c->b = t;
		c->f.name_a = c->f.name_b;
		c->f.name_b = tn;
	}
	if (CG_ARRAY_GROW(*arr, *cap, *n + 1, 16))
		return CG_ENOMEM;
	(*arr)[(*n)++] = *c;
	memset(c, 0, sizeof *c);
	return 0;
}

static int score_all(work *w, const cg_cand_opts *o, double min, cg_candidates *res)
{
	size_t cap = 0, rcap = 0;
	cg_candidate c;
	int rc = 0;

	memset(&c, 0, sizeof c);
	for (size_t i = 0; i < w->npairs && !rc; i++) {
		uint32_t x = (uint32_t)(w->pairs[i] >> 32), y = (uint32_t)w->pairs[i];
		cand_prep pa, pb;
		cand_load(w->arena.buf + w->off[x], &pa);
		cand_load(w->arena.buf + w->off[y], &pb);
		if (pa.kind != pb.kind)
			continue;
		res->compared++;
		{
			double nm = cand_best_name(&pa, &pb);
			if (nm < CAND_ID_MIN_NAME && nm + CAND_MAX_BONUS < min)
				continue; /* nothing can lift it to min */
		}
		if ((rc = score_pair(w, w->ents[x], &pa, w->ents[y], &pb, 0, 0, &c)))
			break;
		if (c.ruled_out ? !(o->explain && c.f.name >= min)
		                : c.score + MAX_SHARED_BONUS < min)
			continue;
		if (strcmp(cg_entity_id(w->g, w->ents[x]), cg_entity_id(w->g, w->ents[y])) > 0) {
			uint32_t t = x; /* a's id first, in the reason too */
			cand_prep tp = pa;
			x = y;
			y = t;
			pa = pb;
			pb = tp;
		}
		if ((rc = score_pair(w, w->ents[x], &pa, w->ents[y], &pb, 1, 1, &c)))
			break;
		c.a = w->ents[x];
		c.b = w->ents[y];
		if (c.ruled_out)
			rc = keep(w->g, &res->ruled_out, &res->n_ruled_out, &rcap, &c);
		else if (c.score >= min)
			rc = keep(w->g, &res->items, &res->n, &cap, &c);
		cg_candidate_clear(&c);
	}
	cg_candidate_clear(&c);
	if (rc)
		return rc;
	sort_graph = w->g;
	if (res->n)
		qsort(res->items, res->n, sizeof *res->items, cmp_cand);
	if (res->n_ruled_out)
		qsort(res->ruled_out, res->n_ruled_out, sizeof *res->ruled_out, cmp_cand);
	if (o->limit && res->n > o->limit) {
		for (size_t i = o->limit; i < res->n; i++)
			cg_candidate_clear(&res->items[i]);
		res->n = o->limit;
	}
	return 0;
}

int cg_candidates_compute(const cg_graph *g, const cg_cand_opts *opts, cg_candidates **out,
                          cg_error *err)
{
	cg_cand_opts o = opts ? *opts : (cg_cand_opts)CG_CAND_OPTS_INIT;
	cg_view_opts vo = CG_VIEW_OPTS_INIT;
	size_t ne = cg_graph_entity_count(g);
	double min = o.min_score > 0 ? o.min_score : CG_DEFAULT_MIN_SCORE;
	cg_candidates *res = calloc(1, sizeof *res);
	work w;
	int rc;

	memset(&w, 0, sizeof w);
	w.g = g;
	*out = NULL;
	if (!res)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	if ((rc = cg_cand_scorer_new(&w.sc, err)))
		goto out;
	w.ents = malloc((ne + 1) * sizeof *w.ents);
	w.off = malloc((ne + 1) * sizeof *w.off);
	w.skey = malloc((ne + 1) * sizeof *w.skey);
	rc = w.ents && w.off && w.skey ? 0 : CG_ENOMEM;
	for (cg_eid e = 0; e < ne && !rc; e++) {
		cand_kind k = cand_kind_of(cg_entity_type_name(g, e));
		if (k != CAND_NONE)
			rc = add_entity(&w, e, k);
	}
	res->entities = w.n;
	if (!rc)
		rc = sort_keys(&w);
	if (!rc)
		rc = make_pairs(&w, o.block_cap ? o.block_cap : CG_DEFAULT_BLOCK_CAP, &res->capped);
	cg_mem_free(w.keys, w.capkeys * sizeof *w.keys);
	w.keys = NULL;
	if (rc)
		goto nomem;
	if ((rc = view_build(g, &vo, 0, &w.v, err)))
		goto out;
	w.have_view = 1;
	rc = score_all(&w, &o, min, res);
nomem:
	if (rc == CG_ENOMEM)
		cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
out:
	if (w.have_view)
		view_free(&w.v);
	cg_cand_scorer_free(w.sc);
	free(w.ents);
	free(w.off);
	free(w.skey);
	cg_strbuf_free(&w.arena);
	cg_mem_free(w.keys, w.capkeys * sizeof *w.keys);
	cg_mem_free(w.pairs, w.cappairs * sizeof *w.pairs);
	if (rc) {
		cg_candidates_free(res);
		return rc;
	}
	*out = res;
	return 0;
}

void cg_candidates_free(cg_candidates *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		cg_candidate_clear(&c->items[i]);
	for (size_t i = 0; i < c->n_ruled_out; i++)
		cg_candidate_clear(&c->ruled_out[i]);
	free(c->items);
	free(c->ruled_out);
	free(c);
}

int cg_cand_score_entities(cg_cand_scorer *s, const cg_graph *g, cg_eid a, cg_eid b,
                           cg_candidate *out, cg_error *err)
{
	work w;
	cand_prep pa, pb;
	const char *na[CAND_MAX_NAMES], *nb[CAND_MAX_NAMES];
	size_t off_b;
	int rc;

	memset(&w, 0, sizeof w);
	memset(out, 0, sizeof *out);
	w.g = g;
	w.sc = s;
	rc = cand_prepare(s, cand_kind_of(cg_entity_type_name(g, a)), na, names_of(g, a, na),
	                  &w.arena);
	off_b = w.arena.len;
	if (!rc)
		rc = cand_prepare(s, cand_kind_of(cg_entity_type_name(g, b)), nb,
		                  names_of(g, b, nb), &w.arena);
	if (!rc) {
		cg_view_opts vo = CG_VIEW_OPTS_INIT;
		if ((rc = view_build(g, &vo, 0, &w.v, err)))
			goto out;
		w.have_view = 1;
		cand_load(w.arena.buf, &pa);
		cand_load(w.arena.buf + off_b, &pb);
		rc = score_pair(&w, a, &pa, b, &pb, 1, 1, out);
		out->a = a;
		out->b = b;
	}
	if (rc)
		cg_error_set(err, rc, NULL, 0, 0, "out of memory");
out:
	if (w.have_view)
		view_free(&w.v);
	cg_strbuf_free(&w.arena);
	return rc;
}
