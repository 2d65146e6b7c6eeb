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
	cg_strbuf norm = CG_STRBUF_INIT, key = CG_STRBUF_INIT;
	cg_eid m[8];
	size_t n = 0, q = strlen(query);
	int rc = 0;

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
		/* names and aliases: a scan, done only when no identifier matched */
		cg_strbuf other = CG_STRBUF_INIT;
		for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
			const char *name = cg_entity_name(g, e), *alias;
			cg_iter it = cg_entity_aliases(g, e);
			int hit = !cg_norm_text(name, strlen(name), &other) &&
			          strcmp(other.buf ? other.buf : "", norm.buf) == 0;
			if (!hit && cg_entity_type_of(g, e) == CG_ET_COMPANY &&
			    !cg_norm_company(query, q, &key) &&
			    !cg_norm_company(name, strlen(name), &other))
				hit = key.len && strcmp(other.buf ? other.buf : "", key.buf) == 0;
			while (!hit && cg_iter_next_str(g, &it, &alias))
				hit = !cg_norm_text(alias, strlen(alias), &other) &&
				      strcmp(other.buf ? other.buf : "", norm.buf) == 0;
			if (hit)
				add_match(m, &n, e);
		}
		cg_strbuf_free(&other);
	}
	if (n == 0) {
		rc = cg_error_set(err, CG_ENOTFOUND, NULL, 0, 0,
		                  "no entity matches '%.200s' (by id, identifier, name or alias)",
		                  query);
	} else if (n > 1) {
		cg_strbuf list = CG_STRBUF_INIT;
		for (size_t i = 0; i < n && i < 5; i++)
			if (cg_strbuf_printf(&list, "%s%s", i ? ", " : "", cg_entity_id(g, m[i])))
				break;
		rc = cg_error_set(err, CG_EINVAL, NULL, 0, 0,
		                  "'%.100s' matches %zu%s entities: %s; name one by its id", query,
		                  n, n >= 8 ? " or more" : "", cg_strbuf_cstr(&list));
		cg_strbuf_free(&list);
	} else {
		*out = m[0];
	}
	cg_strbuf_free(&norm);
	cg_strbuf_free(&key);
	return rc;
nomem:
	cg_strbuf_free(&norm);
	cg_strbuf_free(&key);
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
