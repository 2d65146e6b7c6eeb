/* Screening against reference lists: see cg_screen.h and docs/ANALYSIS.md,
 * "Screening". */
#include "cg_screen.h"

#include "candidates.h"
#include "cg_array.h"
#include "cg_hash.h"
#include "cg_normalize.h"
#include "cg_parse.h"
#include "cg_strbuf.h"

#include <stdlib.h>
#include <string.h>

static const char *const how_names[CG_SCREEN_HOW_COUNT] = {"key",       "name",    "alias",
                                                           "reordered", "similar", "linked"};
/* similar: the merge candidates' score of the pair */
static const double how_scores[CG_SCREEN_HOW_COUNT] = {1.0, 0.9, 0.85, 0.8, 0.0, 0.0};
#define VIA_PREFIX "reference: " /* how a hit's provenance says how it matched */

#define MAX_HITS_PER_ENTRY 8 /* distinct investigation entities one list entry may match */

const char *cg_screen_how_to_string(cg_screen_how h)
{
	return (unsigned)h < CG_SCREEN_HOW_COUNT ? how_names[h] : NULL;
}

double cg_screen_how_score(cg_screen_how h)
{
	return (unsigned)h < CG_SCREEN_HOW_COUNT ? how_scores[h] : 0.0;
}

static const char *const listing_props[] = {"program",      "programs",   "list_id",
                                            "ofac_id",      "sdn_id",     "listed_on",
                                            "listing_date", "designated", "remarks"};

const char *const *cg_screen_listing_props(size_t *n)
{
	*n = sizeof listing_props / sizeof *listing_props;
	return listing_props;
}

/* Scratch space for the records built from reference entities. */
typedef struct scratch {
	const char **aliases, **roles, **keys;
	size_t aliases_cap, roles_cap, keys_cap;
	cg_prop *props;
	size_t props_cap;
	cg_prov *provs;
	size_t provs_cap;
	cg_strbuf name, via, amount;
} scratch;

static void scratch_free(scratch *s)
{
	free(s->aliases);
	free(s->roles);
	free(s->keys);
	free(s->props);
	free(s->provs);
	cg_strbuf_free(&s->name);
	cg_strbuf_free(&s->via);
	cg_strbuf_free(&s->amount);
}

/* The strings of iterator it into *arr (capacity *cap); their number. */
static int collect(const cg_graph *ref, cg_iter it, const char ***arr, size_t *cap, size_t *n)
{
	const char *v;

	*n = 0;
	while (cg_iter_next_str(ref, &it, &v)) {
		if (CG_ARRAY_GROW(*arr, *cap, *n + 1, 8))
			return CG_ENOMEM;
		(*arr)[(*n)++] = v;
	}
	return 0;
}

static int collect_props(const cg_graph *ref, cg_iter it, scratch *s, size_t *n)
{
	const char *name, *value;

	*n = 0;
	while (cg_iter_next_prop(ref, &it, &name, &value)) {
		if (CG_ARRAY_GROW(s->props, s->props_cap, *n + 1, 16))
			return CG_ENOMEM;
		s->props[*n].name = name;
		s->props[(*n)++].value = value;
	}
	return 0;
}

/* The provenance records of it, each flagged as a reference list's, with
 * via (NULL: the graph says how it merged). */
static int collect_provs(const cg_graph *ref, cg_iter it, const char *via, scratch *s, size_t *n)
{
	cg_prov p;

	*n = 0;
	while (cg_iter_next_prov(ref, &it, &p)) {
		if (CG_ARRAY_GROW(s->provs, s->provs_cap, *n + 1, 4))
			return CG_ENOMEM;
		p.flags = CG_PF_REFERENCE;
		p.via = via;
		s->provs[(*n)++] = p;
	}
	return 0;
}

/* rec as the reference entity r: its type, name, aliases, roles and
 * properties (keys computed by the graph, provenance not yet set). */
static int rec_of(const cg_graph *ref, cg_eid r, scratch *s, cg_entity_rec *rec)
{
	cg_entity_rec init = CG_ENTITY_REC_INIT;

	*rec = init;
	rec->type = cg_entity_type_name(ref, r);
	rec->name = cg_entity_name(ref, r);
	rec->flags = cg_entity_flags(ref, r) & CG_EF_INVALID_ID;
	if (collect(ref, cg_entity_aliases(ref, r), &s->aliases, &s->aliases_cap,
	            &rec->n_aliases) ||
	    collect(ref, cg_entity_roles(ref, r), &s->roles, &s->roles_cap, &rec->n_roles) ||
	    collect_props(ref, cg_entity_props(ref, r), s, &rec->n_props) ||
	    collect_provs(ref, cg_entity_provs(ref, r), NULL, s, &rec->n_prov))
		return CG_ENOMEM;
	rec->aliases = s->aliases;
	rec->roles = s->roles;
	rec->props = s->props;
	rec->prov = s->provs;
	return 0;
}

/* A key that identifies on its own: anything but a bare name key. */
static int strong_key(const char *key)
{
	return strncmp(key, "name:", 5) != 0 || strstr(key, "|dob:") != NULL;
}

typedef struct match {
	cg_eid e;
	cg_screen_how how;
	const char *via;
	double score;
} match;

/* Adds e (matched how, on key via, with score) to m[0..*n), keeping the
 * strongest way per entity. */
static void note_match(match *m, size_t *n, cg_eid e, cg_screen_how how, const char *via,
                       double score)
{
	for (size_t i = 0; i < *n; i++)
		if (m[i].e == e) {
			if (how < m[i].how) {
				m[i].how = how;
				m[i].via = via;
				m[i].score = score;
			}
			return;
		}
	if (*n < MAX_HITS_PER_ENTRY)
		m[(*n)++] = (match){e, how, via, score};
}

/* Resolves rec under name (and a company, an organization or a threat
 * actor under all three types) against g; a record the graph refuses
 * matches nothing. */
static int probe(cg_graph *g, cg_entity_rec *rec, const char *name, cg_screen_how how, match *m,
                 size_t *n, cg_error *err)
{
	/* lists file groups and actors as companies or organisations */
	static const char *const bodies[] = {"company", "organization", "threat_actor"};
	const char *type = rec->type, *types[3] = {type, NULL, NULL};
	size_t nt = 1;
	int rc = 0;

	for (size_t i = 0; i < 3; i++)
		if (strcmp(type, bodies[i]) == 0) {
			for (size_t j = 0; j < 3; j++)
				if (j != i)
					types[nt++] = bodies[j];
		}
	rec->name = name;
	for (size_t i = 0; i < nt && !rc; i++) {
		cg_eid e;
		const char *via;
		cg_error perr;
		rec->type = types[i];
		rc = cg_graph_match_entity(g, rec, &e, &via, &perr);
		if (rc == CG_EPARSE)
			rc = 0;
		else if (rc)
			*err = perr;
		else if (e != CG_NO_ENTITY && via) {
			cg_screen_how h = strong_key(via) ? CG_SCREEN_KEY : how;
			note_match(m, n, e, h, via, how_scores[h]);
		}
	}
	rec->type = type;
	return rc;
}

/* "SURNAME, Given Names" as "Given Names SURNAME" into sb; 0 when name has
 * no such shape. */
static int reordered(const char *name, cg_strbuf *sb)
{
	const char *comma = strchr(name, ',');

	if (!comma || comma == name || strchr(comma + 1, ',') || !comma[1])
		return 0;
	cg_strbuf_reset(sb);
	const char *given = comma + 1;
	while (*given == ' ')
		given++;
	if (!*given)
		return 0;
	if (cg_strbuf_puts(sb, given) || cg_strbuf_putc(sb, ' ') ||
	    cg_strbuf_append(sb, name, (size_t)(comma - name)))
		return CG_ENOMEM;
	return 1;
}

/* Whether g holds key under r's type or, for a company, an organization or
 * a threat actor, under the other two. Reads g only. */
static int key_in(const cg_graph *g, const char *type, const char *key)
{
	static const char *const bodies[] = {"company", "organization", "threat_actor"};
	int body = 0;

	if (cg_graph_find_key(g, type, key) != CG_NO_ENTITY)
		return 1;
	for (size_t i = 0; i < 3; i++)
		body |= strcmp(type, bodies[i]) == 0;
	for (size_t i = 0; body && i < 3; i++)
		if (cg_graph_find_key(g, bodies[i], key) != CG_NO_ENTITY)
			return 1;
	return 0;
}

/* Whether "name:" + norm is a key of g (norm normalised into s->via).
 * -1 when out of memory. */
static int norm_key_in(const cg_graph *g, const char *type, scratch *s)
{
	if (!s->via.len)
		return 0;
	cg_strbuf_reset(&s->amount);
	if (cg_strbuf_puts(&s->amount, "name:") || cg_strbuf_puts(&s->amount, s->via.buf))
		return -1;
	return key_in(g, type, s->amount.buf);
}

/* Whether the name key of name (the name normalised as a company's, and as
 * text) is in g: a read-only test before the real resolution, so that the
 * entries of a long list that match nothing cost a few lookups and leave
 * g's string pool alone. -1 when out of memory. */
static int name_key_in(const cg_graph *g, const char *type, const char *name, scratch *s)
{
	int rc;

	cg_strbuf_reset(&s->via);
	if (cg_norm_company(name, strlen(name), &s->via) == CG_ENOMEM)
		return -1;
	if ((rc = norm_key_in(g, type, s)))
		return rc;
	cg_strbuf_reset(&s->via);
	if (cg_norm_text(name, strlen(name), &s->via) == CG_ENOMEM)
		return -1;
	return norm_key_in(g, type, s);
}

/* Whether r may match anything in g: one of its keys, or the name key of
 * its name, of one of its aliases or of its reordered name, is in g. -1 when out of
 * memory. */
static int may_match(const cg_graph *g, const cg_graph *ref, cg_eid r, scratch *s)
{
	const char *type = cg_entity_type_name(ref, r), *v;
	cg_iter it = cg_entity_keys(ref, r);
	int rc = 0;

	while (cg_iter_next_str(ref, &it, &v))
		if (key_in(g, type, v))
			return 1;
	/* other types key the name otherwise (an organization as text) */
	if ((rc = name_key_in(g, type, cg_entity_name(ref, r), s)))
		return rc;
	it = cg_entity_aliases(ref, r);
	while (cg_iter_next_str(ref, &it, &v))
		if ((rc = name_key_in(g, type, v, s)))
			return rc;
	if (cg_entity_type_of(ref, r) == CG_ET_PERSON &&
	    (rc = reordered(cg_entity_name(ref, r), &s->name)) > 0)
		return name_key_in(g, type, s->name.buf, s);
	return rc < 0 ? -1 : 0;
}

/* Every investigation entity the reference entity r matches, into m. */
static int match_entry(cg_graph *g, const cg_graph *ref, cg_eid r, scratch *s, match *m, size_t *n,
                       cg_error *err)
{
	cg_entity_rec rec;
	const char *name;
	int rc;

	*n = 0;
	if ((rc = may_match(g, ref, r, s)) <= 0)
		return rc < 0 ? CG_ENOMEM : 0;
	if ((rc = rec_of(ref, r, s, &rec)))
		return rc;
	name = rec.name;
	if ((rc = probe(g, &rec, name, CG_SCREEN_NAME, m, n, err)))
		return rc;
	for (size_t i = 0; i < rec.n_aliases && !rc; i++)
		rc = probe(g, &rec, rec.aliases[i], CG_SCREEN_ALIAS, m, n, err);
	if (!rc && cg_entity_type_of(ref, r) == CG_ET_PERSON) {
		int shaped = reordered(name, &s->name);
		if (shaped < 0)
			return shaped;
		if (shaped)
			rc = probe(g, &rec, s->name.buf, CG_SCREEN_REORDERED, m, n, err);
	}
	return rc;
}

/* ---- similar names: the merge candidates' scorer (candidates.h) ---- */

#define FZ_BLOCK_CAP  64  /* a name part shared by more case entities blocks nothing */
#define FZ_FIRST_PASS 0.7 /* names less alike than this are not scored in full */

typedef struct fz_post {
	uint32_t ent;  /* index into fuzzy.ents */
	uint32_t next; /* the next posting + 1; 0: none */
} fz_post;

/* The persons, companies and organizations of the case graph, prepared
 * once for the scorer, and an index from the first letters of each name
 * part to them: a list entry spelled otherwise (transliterated, a typo,
 * initials) is scored against the few that share a part with it. */
typedef struct fuzzy {
	cg_cand_scorer *sc;
	cg_strbuf arena, scratch;
	cg_eid *ents;
	size_t *off;
	size_t n, ents_cap, off_cap;
	fz_post *post;
	size_t npost, post_cap;
	cg_map64 head; /* part key -> its first posting + 1 */
	uint32_t *stamp, now, *cands;
} fuzzy;

static uint64_t fz_key(cand_kind k, const char *tok, size_t len)
{
	char b[5] = {(char)k};
	size_t n = len < 4 ? len : 4;

	memcpy(b + 1, tok, n);
	return cg_hash_bytes(b, n + 1);
}

static void fz_free(fuzzy *f)
{
	cg_cand_scorer_free(f->sc);
	cg_strbuf_free(&f->arena);
	cg_strbuf_free(&f->scratch);
	free(f->ents);
	free(f->off);
	free(f->post);
	free(f->stamp);
	free(f->cands);
	cg_map64_free(&f->head);
}

/* The name and aliases of e, CAND_MAX_NAMES at most. */
static size_t fz_names(const cg_graph *g, cg_eid e, const char **names)
{
	cg_iter it = cg_entity_aliases(g, e);
	const char *v;
	size_t n = 0;

	names[n++] = cg_entity_name(g, e);
	while (n < CAND_MAX_NAMES && cg_iter_next_str(g, &it, &v))
		names[n++] = v;
	return n;
}

static int fz_index(fuzzy *f, cand_kind k, const cand_prep *p, uint32_t idx)
{
	for (size_t i = 0; i < p->n; i++)
		for (size_t t = 0; t < p->nm[i].ntok; t++) {
			uint64_t key = fz_key(k, p->nm[i].tok[t], p->nm[i].len[t]);
			uint32_t first = 0;
			if (p->nm[i].len[t] < 2)
				continue;
			cg_map64_get(&f->head, key, &first);
			if (first && f->post[first - 1].ent == idx)
				continue; /* the same part twice in one entity */
			if (CG_ARRAY_GROW(f->post, f->post_cap, f->npost + 1, 256) ||
			    cg_map64_put(&f->head, key, (uint32_t)f->npost + 1))
				return CG_ENOMEM;
			f->post[f->npost++] = (fz_post){idx, first};
		}
	return 0;
}

/* Prepares every person, company and organization of g. */
static int fz_build(fuzzy *f, const cg_graph *g, cg_error *err)
{
	size_t ne = cg_graph_entity_count(g);
	int rc;

	if ((rc = cg_cand_scorer_new(&f->sc, err)))
		return rc;
	for (cg_eid e = 0; e < ne; e++) {
		cand_kind k = cand_kind_of(cg_entity_type_name(g, e));
		const char *names[CAND_MAX_NAMES];
		size_t off = f->arena.len;
		cand_prep p;
		if (k != CAND_PERSON && k != CAND_ORG)
			continue;
		if ((rc = cand_prepare(f->sc, k, names, fz_names(g, e, names), &f->arena)))
			return rc;
		cand_load(f->arena.buf + off, &p);
		if (!p.n) {
			f->arena.len = off;
			continue;
		}
		if (CG_ARRAY_GROW(f->ents, f->ents_cap, f->n + 1, 64) ||
		    CG_ARRAY_GROW(f->off, f->off_cap, f->n + 1, 64) ||
		    (rc = fz_index(f, k, &p, (uint32_t)f->n)))
			return CG_ENOMEM;
		f->ents[f->n] = e;
		f->off[f->n++] = off;
	}
	f->stamp = calloc(f->n + 1, sizeof *f->stamp);
	f->cands = malloc((f->n + 1) * sizeof *f->cands);
	return f->stamp && f->cands ? 0 : CG_ENOMEM;
}

/* The case entities of no more than FZ_BLOCK_CAP that share a name part
 * with the prepared entry pr, each once, into f->cands; their number. */
static size_t fz_block(fuzzy *f, cand_kind k, const cand_prep *pr)
{
	size_t nc = 0;

	if (++f->now == 0) {
		memset(f->stamp, 0, (f->n + 1) * sizeof *f->stamp);
		f->now = 1;
	}
	for (size_t i = 0; i < pr->n; i++)
		for (size_t t = 0; t < pr->nm[i].ntok; t++) {
			uint32_t at, p;
			size_t len = 0;
			if (pr->nm[i].len[t] < 2 ||
			    !cg_map64_get(&f->head, fz_key(k, pr->nm[i].tok[t], pr->nm[i].len[t]),
			                  &at))
				continue;
			for (p = at; p && len <= FZ_BLOCK_CAP; p = f->post[p - 1].next)
				len++;
			if (len > FZ_BLOCK_CAP)
				continue; /* a part too common to tell anything */
			for (p = at; p; p = f->post[p - 1].next) {
				uint32_t idx = f->post[p - 1].ent;
				if (f->stamp[idx] != f->now) {
					f->stamp[idx] = f->now;
					f->cands[nc++] = idx;
				}
			}
		}
	return nc;
}

/* Drops a person's names of one part from p: a list's one-word a.k.a. is a
 * nickname ('LUCAS', 'TOMAS'), and a nickname is no full name: scored
 * against a case's "Tomas Brenner" it would look alike. Exact names and
 * keys are matched before this stage and keep them. */
static void fz_drop_mononyms(cand_prep *p)
{
	size_t w = 0;

	if (p->kind != CAND_PERSON)
		return;
	for (size_t i = 0; i < p->n; i++)
		if (p->nm[i].ntok >= 2)
			p->nm[w++] = p->nm[i];
	p->n = w;
}

/* The case entities whose names the list entry r spells otherwise, scored
 * by the merge candidates' rules (no conflicting date of birth,
 * nationality or number), at min or more, into m. */
static int fz_probe(fuzzy *f, const cg_graph *g, const cg_graph *ref, cg_eid r, double min,
                    match *m, size_t *n)
{
	cand_kind k = cand_kind_of(cg_entity_type_name(ref, r));
	const char *names[CAND_MAX_NAMES];
	cand_prep pr, pc;
	cand_attrs ar, ac;
	cg_prop ir[CAND_ID_PROPS], ic[CAND_ID_PROPS];
	size_t nc;

	if (!f->sc || (k != CAND_PERSON && k != CAND_ORG))
		return 0;
	cg_strbuf_reset(&f->scratch);
	if (cand_prepare(f->sc, k, names, fz_names(ref, r, names), &f->scratch))
		return CG_ENOMEM;
	cand_load(f->scratch.buf, &pr);
	fz_drop_mononyms(&pr);
	if (!pr.n || !(nc = fz_block(f, k, &pr)))
		return 0;
	cand_attrs_of(ref, r, &ar, ir);
	for (size_t i = 0; i < nc; i++) {
		uint32_t c = f->cands[i];
		cg_candidate out;
		cg_iter it;
		const char *key;
		memset(&out, 0, sizeof out);
		cand_load(f->arena.buf + f->off[c], &pc);
		fz_drop_mononyms(&pc);
		if (!pc.n || cand_best_name(&pr, &pc) < FZ_FIRST_PASS)
			continue;
		cand_attrs_of(g, f->ents[c], &ac, ic);
		out.a = out.b = CG_NO_ENTITY;
		if (cand_score_prep(&pr, &pc, &ar, &ac, NULL, NULL, 0, &out))
			return CG_ENOMEM;
		it = cg_entity_keys(g, f->ents[c]);
		if (!out.ruled_out && out.score >= min && cg_iter_next_str(g, &it, &key))
			note_match(m, n, f->ents[c], CG_SCREEN_SIMILAR, key, out.score);
		cg_candidate_clear(&out);
	}
	return 0;
}

/* Merges the reference record r into the investigation's entity m->e: the
 * record given e's id and the key it matched on (so that it resolves to
 * e), its provenance flagged and saying how it matched. */
static int attach(cg_graph *g, const cg_graph *ref, cg_eid r, const match *m, scratch *s,
                  cg_error *err)
{
	cg_entity_rec rec;
	size_t nk = 0;
	cg_eid got;
	int rc;

	cg_strbuf_reset(&s->via);
	if ((m->how == CG_SCREEN_SIMILAR
	         ? cg_strbuf_printf(&s->via, VIA_PREFIX "similar %.2f %s", m->score, m->via)
	         : cg_strbuf_printf(&s->via, VIA_PREFIX "%s %s", how_names[m->how], m->via)) ||
	    rec_of(ref, r, s, &rec) ||
	    collect_provs(ref, cg_entity_provs(ref, r), s->via.buf, s, &rec.n_prov))
		return CG_ENOMEM;
	rec.prov = s->provs;
	if (collect(ref, cg_entity_keys(ref, r), &s->keys, &s->keys_cap, &nk) ||
	    CG_ARRAY_GROW(s->keys, s->keys_cap, nk + 1, 8))
		return CG_ENOMEM;
	memmove(s->keys + 1, s->keys, nk * sizeof *s->keys);
	s->keys[0] = m->via;
	rec.keys = s->keys;
	rec.n_keys = nk + 1;
	rec.id = cg_entity_id(g, m->e);
	rec.type = cg_entity_type_name(g, m->e);
	rc = cg_graph_add_entity(g, &rec, &got, NULL, err);
	if (rc == CG_EPARSE)
		return 0; /* not expected: the record resolved a moment ago */
	return rc;
}

/* Depth 1: the entity at the far end of a listed link, brought in as the
 * list gives it (it may merge with an entity of the investigation by its
 * keys like any record). */
static int bring_in(cg_graph *g, const cg_graph *ref, cg_eid x, scratch *s, cg_eid *out,
                    size_t *added, cg_error *err)
{
	cg_entity_rec rec;
	cg_add_result how;
	int rc;

	if ((rc = rec_of(ref, x, s, &rec)))
		return rc;
	rc = cg_graph_add_entity(g, &rec, out, &how, err);
	if (rc == CG_EPARSE) {
		*out = CG_NO_ENTITY;
		return 0;
	}
	if (!rc && how == CG_ADD_CREATED)
		(*added)++;
	return rc;
}

static int bring_link(cg_graph *g, const cg_graph *ref, cg_lid l, cg_eid a, cg_eid b, scratch *s,
                      size_t *added, cg_error *err)
{
	cg_link_rec rec = CG_LINK_REC_INIT;
	cg_add_result how;
	int64_t minor;
	const char *cur;
	size_t np, nprov;
	int rc;

	rec.type = cg_link_type_name(ref, l);
	rec.source = a;
	rec.target = b;
	rec.directed = cg_link_directed(ref, l);
	if (cg_link_amount(ref, l, &minor, &cur)) {
		cg_strbuf_reset(&s->amount);
		if (cg_format_money(minor, cur, &s->amount))
			return CG_ENOMEM;
		rec.amount = s->amount.buf;
		rec.currency = cur;
	}
	if (collect_props(ref, cg_link_props(ref, l), s, &np) ||
	    collect_provs(ref, cg_link_provs(ref, l), NULL, s, &nprov))
		return CG_ENOMEM;
	rec.props = s->props;
	rec.n_props = np;
	rec.prov = s->provs;
	rec.n_prov = nprov;
	rc = cg_graph_add_link(g, &rec, NULL, &how, err);
	if (rc == CG_EPARSE || rc == CG_EINVAL)
		return 0;
	if (!rc && how == CG_ADD_CREATED)
		(*added)++;
	return rc;
}

/* Depth 1: every link of the list with a matched end (hit[r]; to[r] the
 * entity a listed entity became), with its other end. */
static int bring_links(cg_graph *g, const cg_graph *ref, cg_eid *to, const unsigned char *hit,
                       scratch *s, cg_screen *res, cg_error *err)
{
	size_t nl = cg_graph_link_count(ref);
	int rc = 0;

	cg_graph_begin_source(g);
	for (cg_lid l = 0; l < nl && !rc; l++) {
		cg_eid a = cg_link_source(ref, l), b = cg_link_target(ref, l);
		if (!hit[a] && !hit[b])
			continue; /* one hop from a hit only */
		if (to[a] == CG_NO_ENTITY)
			rc = bring_in(g, ref, a, s, &to[a], &res->entities_added, err);
		else if (to[b] == CG_NO_ENTITY)
			rc = bring_in(g, ref, b, s, &to[b], &res->entities_added, err);
		if (!rc && to[a] != CG_NO_ENTITY && to[b] != CG_NO_ENTITY)
			rc = bring_link(g, ref, l, to[a], to[b], s, &res->links_added, err);
	}
	return rc;
}

static int add_hit(cg_screen *res, size_t *cap, cg_eid r, const match *m)
{
	if (CG_ARRAY_GROW(res->hits, *cap, res->n_hits + 1, 16))
		return CG_ENOMEM;
	res->hits[res->n_hits++] = (cg_screen_hit){m->e, r, m->how, m->score, m->via};
	return 0;
}

int cg_screen_apply(cg_graph *g, const cg_graph *ref, const cg_screen_opts *opts, cg_screen **out,
                    cg_error *err)
{
	cg_screen_opts o = opts ? *opts : (cg_screen_opts)CG_SCREEN_OPTS_INIT;
	size_t nr = cg_graph_entity_count(ref), cap = 0, nm;
	cg_screen *res = calloc(1, sizeof *res);
	cg_eid *to = o.depth > 0 ? malloc((nr ? nr : 1) * sizeof *to) : NULL;
	unsigned char *hit = o.depth > 0 ? calloc(nr ? nr : 1, 1) : NULL;
	scratch s = {0};
	fuzzy fz;
	match m[MAX_HITS_PER_ENTRY];
	/* names spelled otherwise count from the candidates' threshold up */
	double fz_min = o.min_score > CG_DEFAULT_MIN_SCORE ? o.min_score : CG_DEFAULT_MIN_SCORE;
	int rc = 0;

	memset(&fz, 0, sizeof fz);
	*out = NULL;
	if (!res || (o.depth > 0 && (!to || !hit))) {
		rc = CG_ENOMEM;
		goto out;
	}
	if ((rc = fz_build(&fz, g, err)))
		goto out;
	res->n_reference = nr;
	for (cg_eid r = 0; r < nr && !rc; r++) {
		if (to)
			to[r] = CG_NO_ENTITY;
		if ((rc = match_entry(g, ref, r, &s, m, &nm, err)) ||
		    (!nm && (rc = fz_probe(&fz, g, ref, r, fz_min, m, &nm))))
			break;
		for (size_t i = 0; i < nm && !rc; i++) {
			if (m[i].score < o.min_score)
				continue;
			if (!(rc = attach(g, ref, r, &m[i], &s, err)))
				rc = add_hit(res, &cap, r, &m[i]);
			if (!rc && to && to[r] == CG_NO_ENTITY) {
				to[r] = m[i].e;
				hit[r] = 1;
			}
		}
	}
	if (!rc && to)
		rc = bring_links(g, ref, to, hit, &s, res, err);
out:
	scratch_free(&s);
	fz_free(&fz);
	free(to);
	free(hit);
	if (rc) {
		cg_screen_free(res);
		if (rc == CG_ENOMEM && err->code != CG_ENOMEM)
			cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		return rc;
	}
	*out = res;
	return 0;
}

int cg_screen_copy_entities(cg_graph *dst, const cg_graph *src, cg_error *err)
{
	size_t n = cg_graph_entity_count(src);
	scratch s = {0};
	int rc = 0;

	for (cg_eid x = 0; x < n && !rc; x++) {
		cg_entity_rec rec;
		if ((rc = rec_of(src, x, &s, &rec)))
			break;
		for (size_t i = 0; i < rec.n_prov; i++)
			s.provs[i].flags = 0;
		rc = cg_graph_add_entity(dst, &rec, NULL, NULL, err);
		if (rc == CG_EPARSE)
			rc = 0;
	}
	scratch_free(&s);
	return rc;
}

void cg_screen_free(cg_screen *s)
{
	if (!s)
		return;
	free(s->hits);
	free(s);
}

int cg_entity_listed(const cg_graph *g, cg_eid e)
{
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;

	while (cg_iter_next_prov(g, &it, &p))
		if (p.flags & CG_PF_REFERENCE)
			return 1;
	return 0;
}

/* How the record with this via matched, the key after the kind and, for
 * a similar name, the score written before the key. */
static cg_screen_how how_of(const char *via, const char **key, double *score)
{
	size_t n = strlen(VIA_PREFIX);

	*key = NULL;
	*score = 0;
	if (!via || strncmp(via, VIA_PREFIX, n) != 0)
		return CG_SCREEN_LINKED;
	via += n;
	for (int h = 0; h < CG_SCREEN_LINKED; h++) {
		size_t k = strlen(how_names[h]);
		if (strncmp(via, how_names[h], k) != 0 || via[k] != ' ')
			continue;
		*key = via + k + 1;
		*score = how_scores[h];
		if (h == CG_SCREEN_SIMILAR) {
			char *end;
			*score = strtod(*key, &end);
			*key = *end == ' ' ? end + 1 : end;
		}
		return (cg_screen_how)h;
	}
	return CG_SCREEN_LINKED;
}

int cg_screen_rows(const cg_graph *g, cg_screen_row **rows, size_t *n, cg_error *err)
{
	size_t ne = cg_graph_entity_count(g), cap = 0;
	cg_screen_row *r = NULL;

	*rows = NULL;
	*n = 0;
	for (cg_eid e = 0; e < ne; e++) {
		cg_iter it = cg_entity_provs(g, e);
		cg_prov p;
		while (cg_iter_next_prov(g, &it, &p)) {
			if (!(p.flags & CG_PF_REFERENCE))
				continue;
			if (CG_ARRAY_GROW(r, cap, *n + 1, 16)) {
				free(r);
				*n = 0;
				return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
			}
			cg_screen_row *row = &r[(*n)++];
			row->entity = e;
			row->how = how_of(p.via, &row->via, &row->score);
			row->prov = p;
		}
	}
	*rows = r;
	return 0;
}

size_t cg_screen_group(const cg_screen_row *rows, size_t n, size_t i, int *hit)
{
	size_t j;

	*hit = 0;
	for (j = i; j < n && rows[j].entity == rows[i].entity; j++)
		*hit |= rows[j].how != CG_SCREEN_LINKED;
	return j;
}
