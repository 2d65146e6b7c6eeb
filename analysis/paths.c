/* casegraph path and network: how entities connect, hop by hop. */
#include "view.h"

#include "cg_array.h"
#include "cg_normalize.h"
#include "cg_strbuf.h"

#include <stdlib.h>
#include <string.h>

/* ---- naming an entity ---- */

static int add_match(cg_eid *m, size_t *n, cg_eid e)
{
	if (e == CG_NO_ENTITY)
		return 0;
	for (size_t i = 0; i < *n; i++)
		if (m[i] == e)
			return 0;
	if (*n < 8)
		m[(*n)++] = e;
	return 1;
}

/* Upper-case letters and digits of s into sb, as identity keys write
 * registration, passport and document numbers. 0 or CG_ENOMEM. */
static int alnum_upper(const char *s, cg_strbuf *sb)
{
	cg_strbuf_reset(sb);
	for (; *s; s++) {
		char c = *s >= 'a' && *s <= 'z' ? (char)(*s - 32) : *s;
		if (((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) && cg_strbuf_putc(sb, c))
			return CG_ENOMEM;
	}
	return cg_strbuf_putc(sb, '\0') ? CG_ENOMEM : (sb->len--, 0);
}

/* Properties that hold a number naming one entity (registration, passport,
 * national id, tax id, document, vessel numbers), compared by letters and
 * digits. */
static int number_prop(const char *name)
{
	static const char *const names[] = {"registration_number",
	                                    "uscc",
	                                    "passport",
	                                    "national_id",
	                                    "tax_id",
	                                    "number",
	                                    "imo",
	                                    "mmsi",
	                                    "swift",
	                                    "bic",
	                                    "ofac_id",
	                                    "lei"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* Edit distance (Levenshtein, bytes) of a and b, stopping at cap. */
static size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), row[129];

	if (la > 128)
		la = 128;
	if (lb > 128)
		lb = 128;
	if ((la > lb ? la - lb : lb - la) >= cap)
		return cap;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0], best;
		row[0] = best = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t v = diag + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			if (up + 1 < v)
				v = up + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best >= cap)
			return cap;
	}
	return row[lb] < cap ? row[lb] : cap;
}

/* The closest entities to a query no entity matched: up to five, by the
 * edit distance of their normalised names and aliases to the normalised
 * query (at most a third of its length, 2 at least), nearest first, ties
 * by entity number. */
typedef struct near {
	cg_eid e[5];
	size_t d[5], n;
} near;

static void near_add(near *nr, cg_eid e, size_t d)
{
	size_t i;

	for (i = 0; i < nr->n && nr->e[i] != e; i++)
		;
	if (i < nr->n) {
		if (d >= nr->d[i])
			return;
	} else if (nr->n < 5) {
		i = nr->n++;
	} else if (d < nr->d[4]) {
		i = 4;
	} else {
		return;
	}
	nr->e[i] = e;
	nr->d[i] = d;
	for (; i > 0 &&
	       (nr->d[i - 1] > nr->d[i] || (nr->d[i - 1] == nr->d[i] && nr->e[i - 1] > nr->e[i]));
	     i--) {
		cg_eid te = nr->e[i];
		size_t td = nr->d[i];
		nr->e[i] = nr->e[i - 1];
		nr->d[i] = nr->d[i - 1];
		nr->e[i - 1] = te;
		nr->d[i - 1] = td;
	}
}

/* What a scan of names and aliases found for a normalised query q. */
typedef struct scan {
	cg_eid exact[8], part[8];
	size_t n_exact, n_part;
	near nr;
} scan;

/* Compares one normalised name or alias of e with q. */
static void scan_one(scan *sc, cg_eid e, const char *name, const char *q, size_t cap)
{
	if (strcmp(name, q) == 0)
		add_match(sc->exact, &sc->n_exact, e);
	else if (strstr(name, q))
		add_match(sc->part, &sc->n_part, e);
	else if (cap) {
		size_t d = edit_distance(name, q, cap);
		if (d < cap)
			near_add(&sc->nr, e, d);
	}
}

/* Scans every entity's names, aliases and numbers for the query: exact
 * normalised names (companies also without their legal form) and numbers
 * go to m, unique parts of names to sc->part, near names to sc->nr. */
static int scan_names(const cg_graph *g, const char *query, const char *norm, const char *num,
                      cg_eid *m, size_t *n, scan *sc)
{
	cg_strbuf other = CG_STRBUF_INIT, comp = CG_STRBUF_INIT, qc = CG_STRBUF_INIT;
	size_t q = strlen(query), cap = strlen(norm) / 3 + 1;
	int rc = 0, has_qc = !cg_norm_company(query, q, &qc) && qc.len;

	if (cap < 3)
		cap = 3;
	for (cg_eid e = 0; e < cg_graph_entity_count(g) && !rc; e++) {
		const char *name = cg_entity_name(g, e), *alias, *pn, *pv;
		cg_iter it = cg_entity_aliases(g, e);
		if (!cg_norm_text(name, strlen(name), &other))
			scan_one(sc, e, cg_strbuf_cstr(&other), norm, cap);
		if (has_qc && cg_entity_type_of(g, e) == CG_ET_COMPANY &&
		    !cg_norm_company(name, strlen(name), &comp) && comp.len &&
		    strcmp(comp.buf, qc.buf) == 0)
			add_match(sc->exact, &sc->n_exact, e);
		while (cg_iter_next_str(g, &it, &alias))
			if (!cg_norm_text(alias, strlen(alias), &other))
				scan_one(sc, e, cg_strbuf_cstr(&other), norm, cap);
		if (*num && strlen(num) >= 4) {
			it = cg_entity_props(g, e);
			while (cg_iter_next_prop(g, &it, &pn, &pv))
				if (number_prop(pn)) {
					if ((rc = alnum_upper(pv, &other)))
						break;
					if (strcmp(cg_strbuf_cstr(&other), num) == 0)
						add_match(m, n, e);
				}
		}
	}
	cg_strbuf_free(&other);
	cg_strbuf_free(&comp);
	cg_strbuf_free(&qc);
	return rc;
}

/* "id (name), ..." of up to five entities, into list. */
static int name_list(const cg_graph *g, const cg_eid *e, size_t n, cg_strbuf *list)
{
	for (size_t i = 0; i < n && i < 5; i++)
		if (cg_strbuf_printf(list, "%s%s (%.80s)", i ? ", " : "", cg_entity_id(g, e[i]),
		                     cg_entity_name(g, e[i])))
			return CG_ENOMEM;
	return 0;
}

/* The error for a query that matched n entities m (0: none, with the
 * nearest names of sc). */
static int resolve_error(const cg_graph *g, const char *query, const cg_eid *m, size_t n,
                         const scan *sc, cg_error *err)
{
	cg_strbuf list = CG_STRBUF_INIT;
	int rc;

	if (n == 0) {
		if (name_list(g, sc->nr.e, sc->nr.n, &list))
			goto nomem;
		rc = cg_error_set(err, CG_ENOTFOUND, NULL, 0, 0,
		                  "no entity matches '%.200s' (by id, identifier, name, alias or "
		                  "part of a name)%s%s%s",
		                  query, sc->nr.n ? "; did you mean (closest names): " : "",
		                  cg_strbuf_cstr(&list), sc->nr.n ? "?" : "");
	} else {
		if (name_list(g, m, n, &list))
			goto nomem;
		rc = cg_error_set(err, CG_EINVAL, NULL, 0, 0,
		                  "'%.100s' matches %zu%s entities: %s; name one by its id", query,
		                  n, n >= 8 ? " or more" : "", cg_strbuf_cstr(&list));
	}
	cg_strbuf_free(&list);
	return rc;
nomem:
	cg_strbuf_free(&list);
	return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
}

int cg_graph_resolve(const cg_graph *g, const char *query, cg_eid *out, cg_error *err)
{
	static const struct {
		const char *type;
		int (*fn)(const char *, size_t, cg_strbuf *);
		const char *prefix;
	} ids[] = {
	    {"email", cg_norm_email, ""},
	    {"domain", cg_norm_domain, ""},
	    {"ip", cg_norm_ip, ""},
	    {"url", cg_norm_url, ""},
	    {"bank_account", cg_norm_iban, "iban:"},
	    {"address", cg_norm_address, ""},
	};
	cg_strbuf norm = CG_STRBUF_INIT, key = CG_STRBUF_INIT, num = CG_STRBUF_INIT;
	cg_eid m[8];
	size_t n = 0, q = strlen(query);
	scan sc;
	int rc = 0;

	memset(&sc, 0, sizeof sc);
	if ((*out = cg_graph_find_id(g, query)) != CG_NO_ENTITY)
		return 0;
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		if (ids[i].fn(query, q, &norm))
			continue;
		cg_strbuf_reset(&key);
		if (cg_strbuf_puts(&key, ids[i].prefix) || cg_strbuf_puts(&key, norm.buf))
			goto nomem;
		add_match(m, &n, cg_graph_find_key(g, ids[i].type, key.buf));
	}
	if (!cg_norm_phone(query, q, NULL, &norm))
		add_match(m, &n, cg_graph_find_key(g, "phone", norm.buf));
	if (!cg_norm_wallet(query, q, NULL, &norm))
		add_match(m, &n, cg_graph_find_key(g, "wallet", norm.buf));
	if (n == 0 && !cg_norm_text(query, q, &norm) && norm.len) {
		/* names, aliases, numbers: a scan, done only when no identifier
		 * matched; exact names first, then a unique part of a name */
		if (alnum_upper(query, &num) ||
		    scan_names(g, query, norm.buf, cg_strbuf_cstr(&num), m, &n, &sc))
			goto nomem;
		for (size_t i = 0; i < sc.n_exact; i++)
			add_match(m, &n, sc.exact[i]);
		if (n == 0)
			for (size_t i = 0; i < sc.n_part; i++)
				add_match(m, &n, sc.part[i]);
	}
	if (n == 1)
		*out = m[0];
	else
		rc = resolve_error(g, query, m, n, &sc, err);
	cg_strbuf_free(&norm);
	cg_strbuf_free(&key);
	cg_strbuf_free(&num);
	return rc;
nomem:
	cg_strbuf_free(&norm);
	cg_strbuf_free(&key);
	cg_strbuf_free(&num);
	return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
}

/* ---- searching ---- */

/* May vertex x be crossed (not an end) under the via-types list? */
static int crossable(const view *v, const cg_path_opts *o, uint32_t x)
{
	return !o->via_types || !o->n_via_types ||
	       type_in_list(v->g, v->v2e[x], o->via_types, o->n_via_types);
}

/* BFS from s: dist (-1 unreached) and parent (first discoverer, neighbours
 * in ascending order, so the path found is deterministic). Vertices that
 * may not be crossed are reached but not expanded, except s itself. */
static void bfs(const view *v, const cg_path_opts *o, uint32_t s, int32_t *dist, uint32_t *parent,
                uint32_t *queue)
{
	size_t head = 0, tail = 0;

	for (size_t i = 0; i < v->n; i++)
		dist[i] = -1;
	dist[s] = 0;
	parent[s] = NO_VERTEX;
	queue[tail++] = s;
	while (head < tail) {
		uint32_t x = queue[head++];
		if (x != s && !crossable(v, o, x))
			continue;
		for (size_t j = v->off[x]; j < v->off[x + 1]; j++) {
			uint32_t y = v->adj[j];
			if (dist[y] >= 0)
				continue;
			dist[y] = dist[x] + 1;
			parent[y] = x;
			queue[tail++] = y;
		}
	}
}

static size_t edge_between(const view *v, uint32_t a, uint32_t b)
{
	size_t lo = v->off[a], hi = v->off[a + 1];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v->adj[mid] == b)
			return v->adj_edge[mid];
		if (v->adj[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

static int make_path(const view *v, const uint32_t *verts, size_t nv, cg_path *p)
{
	p->n_hops = nv ? nv - 1 : 0;
	p->hops = malloc((p->n_hops ? p->n_hops : 1) * sizeof *p->hops);
	if (!p->hops)
		return CG_ENOMEM;
	for (size_t i = 0; i + 1 < nv; i++) {
		size_t e = edge_between(v, verts[i], verts[i + 1]);
		p->hops[i].from = v->v2e[verts[i]];
		p->hops[i].to = v->v2e[verts[i + 1]];
		p->hops[i].link = e == SIZE_MAX ? 0 : v->elink[e];
		p->hops[i].n_links = e == SIZE_MAX ? 0 : v->ecount[e];
	}
	return 0;
}

static int ends_in_view(const view *v, const cg_graph *g, cg_eid e, cg_error *err)
{
	if (v->e2v[e] != NO_VERTEX)
		return 0;
	return cg_error_set(err, CG_EINVAL, NULL, 0, 0,
	                    "%s is not in the analysis view (a context type, excluded, or too "
	                    "common; see --include-type, --exclude, --max-cases)",
	                    cg_entity_id(g, e));
}

/* Vertices on some path of length <= d + slack between s and t. */
static int k_paths(view *v, const cg_path_opts *o, uint32_t s, uint32_t t, int32_t *ds, int32_t *dt,
                   cg_paths *res, cg_error *err)
{
	igraph_vector_int_t keep, map, invmap;
	igraph_vector_int_list_t vpaths;
	igraph_t sub;
	igraph_error_t ir;
	int rc = 0, have_sub = 0;
	int32_t d = ds[t], slack = 2;

	igraph_vector_int_init(&keep, 0);
	igraph_vector_int_init(&map, 0);
	igraph_vector_int_init(&invmap, 0);
	igraph_vector_int_list_init(&vpaths, 0);
	for (uint32_t x = 0; x < v->n; x++)
		if (ds[x] >= 0 && dt[x] >= 0 && ds[x] + dt[x] <= d + slack &&
		    (x == s || x == t || crossable(v, o, x)))
			if ((ir = igraph_vector_int_push_back(&keep, x)))
				goto ifail;
	if ((ir = igraph_induced_subgraph_map(&v->ig, &sub, igraph_vss_vector(&keep),
	                                      IGRAPH_SUBGRAPH_CREATE_FROM_SCRATCH, &map, &invmap)))
		goto ifail;
	have_sub = 1;
	if ((ir = igraph_get_k_shortest_paths(&sub, NULL, &vpaths, NULL, (igraph_integer_t)o->k,
	                                      VECTOR(map)[s] - 1, VECTOR(map)[t] - 1, IGRAPH_ALL)))
		goto ifail;
	res->n = (size_t)igraph_vector_int_list_size(&vpaths);
	res->paths = calloc(res->n ? res->n : 1, sizeof *res->paths);
	if (!res->paths) {
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < res->n; i++) {
		igraph_vector_int_t *pv =
		    igraph_vector_int_list_get_ptr(&vpaths, (igraph_integer_t)i);
		size_t nv = (size_t)igraph_vector_int_size(pv);
		uint32_t *verts = malloc((nv ? nv : 1) * sizeof *verts);
		if (!verts) {
			rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
			goto out;
		}
		for (size_t j = 0; j < nv; j++)
			verts[j] = (uint32_t)VECTOR(invmap)[VECTOR(*pv)[j]];
		rc = make_path(v, verts, nv, &res->paths[i]);
		free(verts);
		if (rc) {
			rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
			goto out;
		}
	}
	goto out;
ifail:
	rc = view_igraph_error(ir, "k shortest paths", err);
out:
	if (have_sub)
		igraph_destroy(&sub);
	igraph_vector_int_destroy(&keep);
	igraph_vector_int_destroy(&map);
	igraph_vector_int_destroy(&invmap);
	igraph_vector_int_list_destroy(&vpaths);
	return rc;
}

int cg_paths_compute(const cg_graph *g, cg_eid from, cg_eid to, const cg_path_opts *opts,
                     cg_paths **out, cg_error *err)
{
	view v;
	cg_paths *p = NULL;
	int32_t *ds = NULL, *dt = NULL;
	uint32_t *parent = NULL, *queue = NULL;
	int rc;

	*out = NULL;
	if ((rc = view_build(g, &opts->view, opts->k > 1, &v, err)))
		return rc;
	if ((rc = ends_in_view(&v, g, from, err)) || (rc = ends_in_view(&v, g, to, err)))
		goto out;
	p = calloc(1, sizeof *p);
	ds = malloc((v.n ? v.n : 1) * sizeof *ds);
	dt = malloc((v.n ? v.n : 1) * sizeof *dt);
	parent = malloc((v.n ? v.n : 1) * sizeof *parent);
	queue = malloc((v.n ? v.n : 1) * sizeof *queue);
	if (!p || !ds || !dt || !parent || !queue)
		goto nomem;
	p->from = from;
	p->to = to;
	uint32_t s = v.e2v[from], t = v.e2v[to];
	bfs(&v, opts, s, ds, parent, queue);
	if (ds[t] < 0) {
		/* no path: an empty result, not an error */
	} else if (opts->k <= 1 || s == t) {
		size_t nv = (size_t)ds[t] + 1;
		for (uint32_t x = t, i = (uint32_t)nv; i-- > 0; x = parent[x])
			queue[i] = x;
		p->n = 1;
		p->paths = calloc(1, sizeof *p->paths);
		if (!p->paths || make_path(&v, queue, nv, &p->paths[0]))
			goto nomem;
	} else {
		bfs(&v, opts, t, dt, parent, queue);
		if ((rc = k_paths(&v, opts, s, t, ds, dt, p, err)))
			goto out;
	}
	view_take_info(&v, &p->info);
	*out = p;
	p = NULL;
	rc = 0;
	goto out;
nomem:
	rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
out:
	free(ds);
	free(dt);
	free(parent);
	free(queue);
	view_free(&v);
	cg_paths_free(p);
	return rc;
}

void cg_paths_free(cg_paths *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->paths[i].hops);
	free(p->paths);
	cg_view_info_free(&p->info);
	free(p);
}

int cg_network_compute(const cg_graph *g, const cg_eid *seeds, size_t n_seeds,
                       const cg_path_opts *opts, cg_network **out, cg_error *err)
{
	view v;
	cg_network *net = NULL;
	int32_t *dist = NULL;
	uint32_t *parent = NULL, *queue = NULL;
	unsigned char *vin = NULL, *ein = NULL;
	size_t cap_links = 0;
	int rc;

	*out = NULL;
	if ((rc = view_build(g, &opts->view, 0, &v, err)))
		return rc;
	for (size_t i = 0; i < n_seeds; i++)
		if ((rc = ends_in_view(&v, g, seeds[i], err)))
			goto out;
	net = calloc(1, sizeof *net);
	dist = malloc((v.n ? v.n : 1) * sizeof *dist);
	parent = malloc((v.n ? v.n : 1) * sizeof *parent);
	queue = malloc((v.n ? v.n : 1) * sizeof *queue);
	vin = calloc(v.n ? v.n : 1, 1);
	ein = calloc(v.m ? v.m : 1, 1);
	if (!net || !dist || !parent || !queue || !vin || !ein)
		goto nomem;
	for (size_t i = 0; i < n_seeds; i++) {
		uint32_t s = v.e2v[seeds[i]];
		vin[s] = 1;
		bfs(&v, opts, s, dist, parent, queue);
		for (size_t j = i + 1; j < n_seeds; j++) {
			uint32_t t = v.e2v[seeds[j]];
			if (dist[t] < 0) {
				net->unreachable_pairs++;
				continue;
			}
			for (uint32_t x = t; parent[x] != NO_VERTEX && x != s; x = parent[x]) {
				size_t e = edge_between(&v, x, parent[x]);
				vin[x] = vin[parent[x]] = 1;
				if (e != SIZE_MAX)
					ein[e] = 1;
			}
		}
	}
	for (size_t x = 0; x < v.n; x++)
		net->n_entities += vin[x];
	net->entities = malloc((net->n_entities ? net->n_entities : 1) * sizeof *net->entities);
	if (!net->entities)
		goto nomem;
	net->n_entities = 0;
	for (size_t x = 0; x < v.n; x++)
		if (vin[x])
			net->entities[net->n_entities++] = v.v2e[x];
	/* every link along the chosen pairs, in graph order */
	for (cg_lid l = 0; l < cg_graph_link_count(g); l++) {
		uint32_t a = v.e2v[cg_link_source(g, l)], b = v.e2v[cg_link_target(g, l)];
		size_t e;
		if (a == NO_VERTEX || b == NO_VERTEX || a == b)
			continue;
		e = edge_between(&v, a, b);
		if (e == SIZE_MAX || !ein[e])
			continue;
		if (CG_ARRAY_GROW(net->links, cap_links, net->n_links + 1, 64))
			goto nomem;
		net->links[net->n_links++] = l;
	}
	view_take_info(&v, &net->info);
	*out = net;
	net = NULL;
	rc = 0;
	goto out;
nomem:
	rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
out:
	free(dist);
	free(parent);
	free(queue);
	free(vin);
	free(ein);
	view_free(&v);
	cg_network_free(net);
	return rc;
}

void cg_network_free(cg_network *n)
{
	if (!n)
		return;
	free(n->entities);
	free(n->links);
	cg_view_info_free(&n->info);
	free(n);
}
