#include "view.h"

#include "warninglists.h"

#include "cg_array.h"
#include "cg_hash.h"
#include "cg_normalize.h"
#include "cg_strbuf.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int view_igraph_error(igraph_error_t rc, const char *what, cg_error *err)
{
	if (rc == IGRAPH_ENOMEM)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory (igraph, %s)", what);
	return cg_error_set(err, CG_EINVAL, NULL, 0, 0, "igraph failed in %s: %s", what,
	                    igraph_strerror(rc));
}

int type_in_list(const cg_graph *g, cg_eid e, const char *const *types, size_t n)
{
	return cg_name_index(types, n, cg_entity_type_name(g, e)) >= 0;
}

/* ---- sorting entities by id ---- */

typedef struct idkey {
	uint64_t chunk; /* 8 bytes of the id from the current depth, big-endian */
	const char *id; /* the entity's id, looked up once */
	cg_eid e;
} idkey;

/* Bytes s[0..8) as a big-endian number, the bytes after a NUL as 0: the
 * numbers order as strcmp orders the strings (unsigned bytes). */
static uint64_t chunk_at(const char *s)
{
	uint64_t c = 0;

	for (int k = 0; k < 8 && s[k]; k++)
		c |= (uint64_t)(unsigned char)s[k] << (56 - 8 * k);
	return c;
}

/* Sorts a by chunk: least significant byte first, a counting pass per byte,
 * passes where every key has the same byte skipped. */
static void radix_chunks(idkey *a, idkey *tmp, size_t n)
{
	size_t cnt[256];

	for (int shift = 0; shift < 64; shift += 8) {
		memset(cnt, 0, sizeof cnt);
		for (size_t i = 0; i < n; i++)
			cnt[(a[i].chunk >> shift) & 0xff]++;
		if (cnt[(a[0].chunk >> shift) & 0xff] == n)
			continue;
		for (size_t b = 0, sum = 0; b < 256; b++) {
			size_t c = cnt[b];
			cnt[b] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			tmp[cnt[(a[i].chunk >> shift) & 0xff]++] = a[i];
		memcpy(a, tmp, n * sizeof *a);
	}
}

/* Sorts a (ids equal in their first depth bytes) by the rest of the ids: by
 * the next 8 bytes with a radix sort, then each run still equal by the 8
 * after, and so on (most-significant chunk first); short runs by strcmp.
 * About a tenth of a merge sort's time at a million entities, whose ids
 * share long prefixes ("company:reg:") that every strcmp re-read. */
static int cmp_idkey(const void *x, const void *y)
{
	return strcmp(((const idkey *)x)->id, ((const idkey *)y)->id);
}

static void sort_ids_from(idkey *a, idkey *tmp, size_t n, size_t depth)
{
	if (depth >= 256) { /* long shared prefixes: bound the recursion */
		qsort(a, n, sizeof *a, cmp_idkey);
		return;
	}
	if (n < 32) {
		for (size_t i = 1; i < n; i++) {
			idkey x = a[i];
			size_t j = i;
			for (; j > 0 && strcmp(a[j - 1].id + depth, x.id + depth) > 0; j--)
				a[j] = a[j - 1];
			a[j] = x;
		}
		return;
	}
	for (size_t i = 0; i < n; i++)
		a[i].chunk = chunk_at(a[i].id + depth);
	radix_chunks(a, tmp, n);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && a[j].chunk == a[i].chunk; j++)
			;
		/* equal and not ended within the chunk: compare further */
		if (j - i > 1 && (a[i].chunk & 0xff))
			sort_ids_from(a + i, tmp, j - i, depth + 8);
	}
}

void sort_eids_by_id(const cg_graph *g, cg_eid *a, size_t n)
{
	idkey *k = n > 1 ? malloc(2 * n * sizeof *k) : NULL;

	if (n < 2)
		return;
	if (!k) {
		/* out of memory: insertion sort, slow but correct */
		for (size_t i = 1; i < n; i++) {
			cg_eid x = a[i];
			size_t j = i;
			while (j > 0 && strcmp(cg_entity_id(g, a[j - 1]), cg_entity_id(g, x)) > 0) {
				a[j] = a[j - 1];
				j--;
			}
			a[j] = x;
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		k[i].id = cg_entity_id(g, a[i]);
		k[i].e = a[i];
	}
	sort_ids_from(k, k + n, n, 0);
	for (size_t i = 0; i < n; i++)
		a[i] = k[i].e;
	free(k);
}

size_t entity_case_count(const cg_graph *g, cg_eid e)
{
	const char *cases[32];
	return cg_entity_cases(g, e, cases, 32);
}

const char *entity_first_case(const cg_graph *g, cg_eid e)
{
	cg_iter it = cg_entity_provs(g, e);
	const char *kase;
	return cg_iter_next_prov_case(g, &it, &kase) ? kase : "";
}

/* ---- the exclusion list ---- */

typedef struct pattern {
	char *text;   /* lower-cased */
	int wildcard; /* contains % */
	int cidr;     /* an address range */
	int family;
	unsigned char net[16];
	int prefix;
} pattern;

static void free_patterns(pattern *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].text);
	free(p);
}

static int parse_cidr(pattern *p)
{
	char addr[64];
	const char *slash = strchr(p->text, '/');
	size_t n = slash ? (size_t)(slash - p->text) : 0;
	char *end;
	long prefix;

	if (!slash || n == 0 || n >= sizeof addr)
		return 0;
	memcpy(addr, p->text, n);
	addr[n] = '\0';
	p->family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(p->family, addr, p->net) != 1)
		return 0;
	prefix = strtol(slash + 1, &end, 10);
	if (*end || end == slash + 1 || prefix < 0 || prefix > (p->family == AF_INET ? 32 : 128))
		return 0;
	p->prefix = (int)prefix;
	return 1;
}

static int load_patterns(const char *path, pattern **out, size_t *n, cg_error *err)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t cap = 0;
	long lineno = 0;

	*out = NULL;
	*n = 0;
	if (!f)
		return cg_error_set(err, CG_EIO, path, 0, 0, "cannot open the exclusion list");
	while (fgets(line, sizeof line, f)) {
		size_t len = strlen(line);
		char *s = line;
		lineno++;
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			fclose(f);
			free_patterns(*out, *n);
			return cg_error_set(err, CG_ELIMIT, path, lineno, 0,
			                    "line longer than %zu bytes", sizeof line - 2);
		}
		while (len && (s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' ' ||
		               s[len - 1] == '\t'))
			s[--len] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		if (CG_ARRAY_GROW(*out, cap, *n + 1, 16)) {
			fclose(f);
			free_patterns(*out, *n);
			return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		}
		pattern *p = &(*out)[*n];
		memset(p, 0, sizeof *p);
		if (!(p->text = strdup(s))) {
			fclose(f);
			free_patterns(*out, *n);
			return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		}
		for (char *c = p->text; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c + 32);
		p->wildcard = strchr(p->text, '%') != NULL;
		p->cidr = !p->wildcard && parse_cidr(p);
		(*n)++;
	}
	fclose(f);
	return 0;
}

/* SQL-LIKE match of s against pat ('%' any run), ASCII case-insensitive. */
static int like(const char *pat, const char *s)
{
	if (!*pat)
		return !*s;
	if (*pat == '%') {
		while (*pat == '%')
			pat++;
		if (!*pat)
			return 1;
		for (; *s; s++)
			if (like(pat, s))
				return 1;
		return 0;
	}
	char a = *pat, b = *s;
	if (b >= 'A' && b <= 'Z')
		b = (char)(b + 32);
	return *s && a == b && like(pat + 1, s + 1);
}

static int in_cidr(const pattern *p, const char *ip)
{
	unsigned char a[16];
	char buf[64];
	const char *slash = strchr(ip, '/');
	size_t n = slash ? (size_t)(slash - ip) : strlen(ip);

	if (n >= sizeof buf)
		return 0;
	memcpy(buf, ip, n);
	buf[n] = '\0';
	if (inet_pton(p->family, buf, a) != 1)
		return 0;
	int full = p->prefix / 8, rest = p->prefix % 8;
	if (memcmp(a, p->net, (size_t)full) != 0)
		return 0;
	if (rest) {
		unsigned char mask = (unsigned char)(0xff << (8 - rest));
		if ((a[full] & mask) != (p->net[full] & mask))
			return 0;
	}
	return 1;
}

/* Does one of the patterns name entity e (its name, or an identity key with
 * or without its "kind:" prefix)? */
static int excluded(const cg_graph *g, cg_eid e, const pattern *pats, size_t n)
{
	const char *vals[2];
	cg_iter it;
	const char *key;

	for (size_t i = 0; i < n; i++) {
		const pattern *p = &pats[i];
		if (p->cidr) {
			if (cg_entity_type_of(g, e) != CG_ET_IP)
				continue;
			it = cg_entity_keys(g, e);
			while (cg_iter_next_str(g, &it, &key))
				if (in_cidr(p, key))
					return 1;
			continue;
		}
		vals[0] = cg_entity_name(g, e);
		if (p->wildcard ? like(p->text, vals[0]) : strcasecmp(p->text, vals[0]) == 0)
			return 1;
		it = cg_entity_keys(g, e);
		while (cg_iter_next_str(g, &it, &key)) {
			const char *colon = strchr(key, ':');
			vals[0] = key;
			vals[1] = colon ? colon + 1 : NULL;
			for (int k = 0; k < 2; k++) {
				if (!vals[k])
					continue;
				if (p->wildcard ? like(p->text, vals[k])
				                : strcasecmp(p->text, vals[k]) == 0)
					return 1;
			}
		}
	}
	return 0;
}

/* ---- building ---- */

int view_sort_pairs(uint64_t *keys, uint32_t *tags, size_t n, size_t nv)
{
	uint64_t *k2 = malloc((n ? n : 1) * sizeof *k2);
	uint32_t *t2 = tags ? malloc((n ? n : 1) * sizeof *t2) : NULL;
	size_t *cnt = malloc((nv + 1) * sizeof *cnt);

	if (!k2 || (tags && !t2) || !cnt) {
		free(k2);
		free(t2);
		free(cnt);
		return CG_ENOMEM;
	}
	/* pass 0 by v (low half) into k2, pass 1 by u (high half) back */
	for (int pass = 0; pass < 2; pass++) {
		uint64_t *from = pass ? k2 : keys, *to = pass ? keys : k2;
		uint32_t *tf = pass ? t2 : tags, *tt = pass ? tags : t2;
		int shift = pass ? 32 : 0;
		memset(cnt, 0, (nv + 1) * sizeof *cnt);
		for (size_t i = 0; i < n; i++)
			cnt[(uint32_t)(from[i] >> shift) + 1]++;
		for (size_t x = 0; x < nv; x++)
			cnt[x + 1] += cnt[x];
		for (size_t i = 0; i < n; i++) {
			size_t at = cnt[(uint32_t)(from[i] >> shift)]++;
			to[at] = from[i];
			if (tags)
				tt[at] = tf[i];
		}
	}
	free(k2);
	free(t2);
	free(cnt);
	return 0;
}

static int push_eid(cg_eid **arr, size_t *n, size_t *cap, cg_eid e)
{
	if (CG_ARRAY_GROW(*arr, *cap, *n + 1, 16))
		return CG_ENOMEM;
	(*arr)[(*n)++] = e;
	return 0;
}

/* ---- the view cache ---- */

#define CACHE_SLOTS 2

typedef struct cached {
	int used;
	unsigned long age;
	const cg_graph *g;
	size_t n_ents, n_links;
	char *key;       /* the options, serialised */
	char *unlimited; /* the same without the "too common" limits */
	view v;          /* info included: copied out to each user */
} cached;

struct cg_view_cache {
	cached slot[CACHE_SLOTS];
	unsigned long clock;
	cg_eid *by_id; /* every entity of by_id_g sorted by id */
	const cg_graph *by_id_g;
	size_t by_id_n; /* its entity count then */
};

cg_view_cache *cg_view_cache_new(void)
{
	return calloc(1, sizeof(cg_view_cache));
}

static void cached_clear(cached *c)
{
	if (!c->used)
		return;
	c->v.borrowed = 0;
	view_free(&c->v);
	free(c->key);
	free(c->unlimited);
	memset(c, 0, sizeof *c);
}

void cg_view_cache_free(cg_view_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++)
		cached_clear(&c->slot[i]);
	free(c->by_id);
	free(c);
}

/* The options as one string: equal strings, equal views. */
static char *opts_key(const cg_view_opts *o)
{
	cg_strbuf sb = CG_STRBUF_INIT;
	int bad = 0;
	bad |= cg_strbuf_printf(&sb, "t%zu", o->types ? o->n_types : 0);
	for (size_t i = 0; o->types && i < o->n_types; i++)
		bad |= cg_strbuf_printf(&sb, "\x1f%s", o->types[i]);
	bad |= cg_strbuf_printf(&sb, "\x1ei%zu", o->include_types ? o->n_include_types : 0);
	for (size_t i = 0; o->include_types && i < o->n_include_types; i++)
		bad |= cg_strbuf_printf(&sb, "\x1f%s", o->include_types[i]);
	bad |= cg_strbuf_printf(&sb, "\x1em%zu\x1en%zu\x1ex%s\x1ew%lu", o->max_cases,
	                        o->max_name_cases, o->exclude_path ? o->exclude_path : "",
	                        wl_serial(o->warninglists));
	char *key = bad ? NULL : strdup(cg_strbuf_cstr(&sb));
	cg_strbuf_free(&sb);
	return key;
}

static int copy_eids(cg_eid **dst, const cg_eid *src, size_t n)
{
	*dst = NULL;
	if (!n)
		return 0;
	*dst = malloc(n * sizeof **dst);
	if (!*dst)
		return CG_ENOMEM;
	memcpy(*dst, src, n * sizeof **dst);
	return 0;
}

/* opts_key of the options without the "too common" limits. */
static char *unlimited_key(const cg_view_opts *o)
{
	cg_view_opts u = *o;

	u.max_cases = 0;
	u.max_name_cases = 0;
	return opts_key(&u);
}

/* Whether cached view c is the view opts (serialised as key) asks for: the
 * same options, or the same but for the limits of "too common" when opts
 * has none and c's limits left nothing out (then no entity is too common
 * either way, and the views are one; `analyze`'s shared stage asks for
 * the clusters' view without limits). */
static int cached_fits(const cached *c, const cg_view_opts *opts, const char *key)
{
	return strcmp(c->key, key) == 0 ||
	       (!opts->max_cases && !opts->max_name_cases && !c->v.info.n_too_common &&
	        c->unlimited && strcmp(c->unlimited, key) == 0);
}

/* *v becomes a borrowed copy of c's view, with its own info. */
static int lend(const cached *c, view *v)
{
	*v = c->v;
	v->borrowed = 1;
	v->info.excluded_by = NULL;
	if (copy_eids(&v->info.too_common, c->v.info.too_common, c->v.info.n_too_common) ||
	    copy_eids(&v->info.excluded, c->v.info.excluded, c->v.info.n_excluded) ||
	    (c->v.info.n_excluded &&
	     !(v->info.excluded_by = malloc(c->v.info.n_excluded * sizeof *v->info.excluded_by)))) {
		free(v->info.too_common);
		free(v->info.excluded);
		memset(v, 0, sizeof *v);
		return CG_ENOMEM;
	}
	if (c->v.info.n_excluded)
		memcpy(v->info.excluded_by, c->v.info.excluded_by,
		       c->v.info.n_excluded * sizeof *v->info.excluded_by);
	return 0;
}

static int view_build_fresh(const cg_graph *g, const cg_view_opts *opts, int with_igraph,
                            const cg_eid *by_id, view *v, cg_error *err);

int view_build(const cg_graph *g, const cg_view_opts *opts, int with_igraph, view *v, cg_error *err)
{
	cg_view_cache *vc = opts->cache;
	size_t ne = cg_graph_entity_count(g), nl = cg_graph_link_count(g);
	char *key;
	int rc;

	if (!vc)
		return view_build_fresh(g, opts, with_igraph, NULL, v, err);
	if (!(key = opts_key(opts)))
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	for (int i = 0; i < CACHE_SLOTS; i++) {
		cached *c = &vc->slot[i];
		if (c->used && c->g == g && c->n_ents == ne && c->n_links == nl &&
		    cached_fits(c, opts, key) && (!with_igraph || c->v.have_ig)) {
			free(key);
			c->age = ++vc->clock;
			if (lend(c, v))
				return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
			return 0;
		}
	}
	/* build, keep in the oldest slot, lend */
	cached *old = &vc->slot[0];
	for (int i = 1; i < CACHE_SLOTS; i++)
		if (!vc->slot[i].used || (old->used && vc->slot[i].age < old->age))
			old = &vc->slot[i];
	cached_clear(old);
	/* every entity in id order, once per graph, for the views to come */
	if (vc->by_id_g != g || vc->by_id_n != ne) {
		free(vc->by_id);
		vc->by_id_g = NULL;
		if (!(vc->by_id = malloc((ne ? ne : 1) * sizeof *vc->by_id))) {
			free(key);
			return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		}
		for (cg_eid e = 0; e < ne; e++)
			vc->by_id[e] = e;
		sort_eids_by_id(g, vc->by_id, ne);
		vc->by_id_g = g;
		vc->by_id_n = ne;
	}
	if ((rc = view_build_fresh(g, opts, with_igraph, vc->by_id, &old->v, err))) {
		free(key);
		return rc;
	}
	old->used = 1;
	old->age = ++vc->clock;
	old->g = g;
	old->n_ents = ne;
	old->n_links = nl;
	old->key = key;
	old->unlimited = unlimited_key(opts); /* NULL (no memory): only the key matches */
	if (lend(old, v))
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

/* Records e as excluded by what (borrowed). */
static int push_excluded(view *v, size_t *cap, cg_eid e, const char *what)
{
	size_t cap_by = *cap;

	if (push_eid(&v->info.excluded, &v->info.n_excluded, cap, e))
		return CG_ENOMEM;
	if (cap_by != *cap) {
		const char **by = realloc(v->info.excluded_by, *cap * sizeof *by);
		if (!by) {
			v->info.n_excluded--;
			return CG_ENOMEM;
		}
		v->info.excluded_by = by;
	}
	v->info.excluded_by[v->info.n_excluded - 1] = what;
	return 0;
}

/* ---- a report's own publisher (the built-in default's rule) ---- */

/* Lower-case ASCII letters and digits of s[0..n) into sb: "Recorded
 * Future, Inc." and recordedfuture.com's label compare as "recordedfuture".
 * Returns 0 or CG_ENOMEM. */
static int alnum_lower(const char *s, size_t n, cg_strbuf *sb)
{
	cg_strbuf_reset(sb);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) && cg_strbuf_putc(sb, c))
			return CG_ENOMEM;
	}
	return cg_strbuf_cstr(sb) ? 0 : CG_ENOMEM;
}

/* The registrable label of a host name: "vendor" of blog.vendor.com and of
 * vendor.co.uk (a two-letter country code under a generic second level:
 * co, com, net, org, ac, gov, edu, ne, or, go); [*p, *p + *n), or *n = 0.
 * A host of one label has none. */
static void registrable_label(const char *h, size_t len, const char **p, size_t *n)
{
	static const char *const second[] = {"co",  "com", "net", "org", "ac",
	                                     "gov", "edu", "ne",  "or",  "go"};
	size_t dots[3] = {0, 0, 0}, nd = 0, end = len;

	*n = 0;
	while (end && h[end - 1] == '.')
		end--;
	/* the positions of the last three dots, nearest first */
	for (size_t i = end; i-- > 0 && nd < 3;)
		if (h[i] == '.')
			dots[nd++] = i;
	if (!nd)
		return;
	size_t lab_end = dots[0], lab_start = nd > 1 ? dots[1] + 1 : 0;
	if (end - dots[0] - 1 == 2 && nd >= 2) {
		size_t sl = dots[0] - lab_start;
		for (size_t k = 0; k < sizeof second / sizeof *second; k++)
			if (strlen(second[k]) == sl &&
			    strncasecmp(h + lab_start, second[k], sl) == 0) {
				lab_end = dots[1];
				lab_start = nd > 2 ? dots[2] + 1 : 0;
				break;
			}
	}
	if (lab_end > lab_start && !(lab_end == dots[1] && nd < 2)) {
		*p = h + lab_start;
		*n = lab_end - lab_start;
	}
}

/* The host of a URL, e-mail address or host name: [*p, *p + *n). */
static void host_of(const char *s, const char **p, size_t *n)
{
	const char *at = strrchr(s, '@'), *sch = strstr(s, "://");
	if (sch)
		s = sch + 3;
	else if (at)
		s = at + 1;
	size_t len = strcspn(s, "/?#:");
	*p = s;
	*n = len;
}

/* The key a publisher is compared by: of a URL or host name, its
 * registrable label; of a name, its letters and digits. */
static int publisher_key(const char *v, cg_strbuf *sb)
{
	const char *h, *lab;
	size_t hn, ln = 0;

	if (strstr(v, "://") || (!strchr(v, ' ') && strchr(v, '.'))) {
		host_of(v, &h, &hn);
		registrable_label(h, hn, &lab, &ln);
		if (ln)
			return alnum_lower(lab, ln, sb);
	}
	return alnum_lower(v, strlen(v), sb);
}

static uint64_t pub_slot(const char *kase, const char *key)
{
	return cg_hash_u64((uint64_t)(uintptr_t)kase ^ cg_hash_bytes(key, strlen(key)));
}

/* Whether e has the role r. */
static int has_role(const cg_graph *g, cg_eid e, const char *r)
{
	cg_iter it = cg_entity_roles(g, e);
	const char *v;
	while (cg_iter_next_str(g, &it, &v))
		if (strcmp(v, r) == 0)
			return 1;
	return 0;
}

/* The publishers of each case into *idx (pub_slot(case, key) -> 1): the
 * "publisher" property of a report read from a document (front matter,
 * copyright notice), and the name of an entity with the role "publisher"
 * (a STIX identity that objects are created_by_ref). *any is set when there
 * is one. Returns 0 or CG_ENOMEM. */
static int publishers_index(const cg_graph *g, cg_map64 *idx, int *any)
{
	size_t ne = cg_graph_entity_count(g);
	cg_strbuf sb = CG_STRBUF_INIT;
	const char *cases[64];
	int rc = 0;

	*any = 0;
	for (cg_eid e = 0; e < ne && !rc; e++) {
		const char *pub = cg_entity_prop(g, e, "publisher");
		if (!pub && has_role(g, e, "publisher"))
			pub = cg_entity_name(g, e);
		if (!pub || !*pub)
			continue;
		if ((rc = publisher_key(pub, &sb)))
			break;
		if (!sb.len)
			continue;
		size_t nc = cg_entity_cases(g, e, cases, 64);
		for (size_t i = 0; i < nc && i < 64 && !rc; i++)
			rc = cg_map64_put(idx, pub_slot(cases[i], sb.buf), 1);
		*any = 1;
	}
	cg_strbuf_free(&sb);
	return rc ? CG_ENOMEM : 0;
}

/* Whether e is the own infrastructure or name of the publisher of a report
 * in one of its cases (a vendor's blog domain, its e-mail, the vendor as an
 * organization), or itself a publisher: such a value is in every report
 * the vendor wrote and ties none of them to another. *nomem on failure. */
static int is_publisher(const cg_graph *g, cg_eid e, const cg_map64 *idx, cg_strbuf *sb, int *nomem)
{
	const char *cases[64], *keys[2] = {NULL, NULL}, *h, *lab;
	size_t hn, ln = 0, nk = 0;
	cg_strbuf sb2 = CG_STRBUF_INIT;
	int hit = 0;

	if (has_role(g, e, "publisher"))
		return 1;
	switch (cg_entity_type_of(g, e)) {
	case CG_ET_DOMAIN:
	case CG_ET_URL:
	case CG_ET_EMAIL:
		host_of(cg_entity_name(g, e), &h, &hn);
		registrable_label(h, hn, &lab, &ln);
		if (!ln)
			return 0;
		if (alnum_lower(lab, ln, sb))
			goto nomem;
		keys[nk++] = sb->buf;
		break;
	case CG_ET_COMPANY:
	case CG_ET_ORGANIZATION:
		if (alnum_lower(cg_entity_name(g, e), strlen(cg_entity_name(g, e)), sb))
			goto nomem;
		keys[nk++] = sb->buf;
		{
			/* the name without its legal form ("Vendor, Inc." -> "vendor") */
			cg_iter it = cg_entity_keys(g, e);
			const char *k;
			while (cg_iter_next_str(g, &it, &k))
				if (strncmp(k, "name:", 5) == 0) {
					if (alnum_lower(k + 5, strlen(k + 5), &sb2))
						goto nomem;
					keys[nk++] = sb2.buf;
					break;
				}
		}
		break;
	default:
		return 0;
	}
	size_t nc = cg_entity_cases(g, e, cases, 64);
	for (size_t i = 0; i < nc && i < 64 && !hit; i++)
		for (size_t k = 0; k < nk && !hit; k++) {
			uint32_t one;
			hit = *keys[k] && cg_map64_get(idx, pub_slot(cases[i], keys[k]), &one);
		}
	cg_strbuf_free(&sb2);
	return hit;
nomem:
	cg_strbuf_free(&sb2);
	*nomem = 1;
	return 0;
}

int cg_entity_name_only(const cg_graph *g, cg_eid e)
{
	cg_iter it = cg_entity_keys(g, e);
	const char *key;
	int any = 0;

	while (cg_iter_next_str(g, &it, &key)) {
		if (strncmp(key, "name:", 5) != 0 || strstr(key, "|dob:"))
			return 0;
		any = 1;
	}
	return any;
}

int view_too_common(const cg_graph *g, cg_eid e, size_t nc, const cg_view_opts *opts)
{
	if (opts->max_cases && nc > opts->max_cases)
		return 1;
	return opts->max_name_cases && nc > opts->max_name_cases && cg_entity_name_only(g, e);
}

const char *cg_too_common_reason(const cg_graph *g, cg_eid e, size_t n_cases,
                                 const cg_view_info *info, char *buf, size_t n)
{
	cg_view_opts o = CG_VIEW_OPTS_INIT, *opts = &o;

	o.max_cases = info->max_cases;
	o.max_name_cases = info->max_name_cases;
	if (opts->max_cases && n_cases > opts->max_cases)
		snprintf(buf, n, "in %zu cases, more than --max-cases %zu", n_cases,
		         opts->max_cases);
	else if (view_too_common(g, e, n_cases, opts))
		snprintf(buf, n,
		         "known by a name alone, in %zu cases, more than --max-name-cases %zu",
		         n_cases, opts->max_name_cases);
	else if (n)
		buf[0] = '\0';
	return buf;
}

/* The vertices of the view into v (n, v2e, e2v, ncases): the entities
 * the type options keep, less those matching an exclusion pattern or a
 * warninglist (listed in v->info.excluded, with what matched them in
 * v->info.excluded_by) and those in more than opts->max_cases cases
 * (v->info.too_common), numbered in id order (by_id: every entity sorted
 * by id, or NULL to sort here). Returns 0 or CG_ENOMEM. */
static int build_vertices(const cg_graph *g, const cg_view_opts *opts, const cg_eid *by_id,
                          const pattern *pats, size_t npats, view *v)
{
	size_t ne = cg_graph_entity_count(g), cap_tc = 0, cap_ex = 0;
	cg_eid *own = NULL;
	cg_map64 pubs = CG_MAP64_INIT;
	cg_strbuf pubsb = CG_STRBUF_INIT;
	int any_pub = 0, nomem = 0, rc = CG_ENOMEM;

	v->e2v = malloc((ne ? ne : 1) * sizeof *v->e2v);
	v->v2e = malloc((ne ? ne : 1) * sizeof *v->v2e);
	if (!v->e2v || !v->v2e)
		goto out;
	if (!by_id && (npats || opts->warninglists)) {
		/* the excluded entities and what matched each come out in id
		 * order when the entities are visited in it */
		if (!(own = malloc((ne ? ne : 1) * sizeof *own)))
			goto out;
		for (cg_eid e = 0; e < ne; e++)
			own[e] = e;
		sort_eids_by_id(g, own, ne);
		by_id = own;
	}
	for (cg_eid e = 0; e < ne; e++)
		v->e2v[e] = NO_VERTEX;
	if (wl_publisher_rule(opts->warninglists) && publishers_index(g, &pubs, &any_pub))
		goto out;
	for (cg_eid i = 0; i < ne; i++) {
		cg_eid e = by_id ? by_id[i] : i;
		int in;
		if (opts->types && opts->n_types)
			in = type_in_list(g, e, opts->types, opts->n_types);
		else
			in = !cg_entity_type_name_is_context(cg_entity_type_name(g, e)) ||
			     type_in_list(g, e, opts->include_types, opts->n_include_types);
		if (!in)
			continue;
		const char *by = npats && excluded(g, e, pats, npats)
		                     ? opts->exclude_path
		                     : wl_match_entity(opts->warninglists, g, e);
		if (!by && any_pub && is_publisher(g, e, &pubs, &pubsb, &nomem))
			by = WL_DEFAULT_PUBLISHER;
		if (nomem || (by && push_excluded(v, &cap_ex, e, by)))
			goto out;
		if (by)
			continue;
		size_t nc = entity_case_count(g, e);
		if (view_too_common(g, e, nc, opts)) {
			if (push_eid(&v->info.too_common, &v->info.n_too_common, &cap_tc, e))
				goto out;
			continue;
		}
		/* e2v holds the case count until the vertices are numbered
		 * (after the id sort, below): no array of ne counts beside it */
		v->e2v[e] = nc > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)nc;
		v->v2e[v->n++] = e;
	}
	if (!by_id) {
		sort_eids_by_id(g, v->v2e, v->n);
		sort_eids_by_id(g, v->info.too_common, v->info.n_too_common);
	}
	v->ncases = malloc((v->n ? v->n : 1) * sizeof *v->ncases);
	if (!v->ncases)
		goto out;
	for (size_t i = 0; i < v->n; i++) {
		v->ncases[i] = v->e2v[v->v2e[i]];
		v->e2v[v->v2e[i]] = (uint32_t)i;
	}
	rc = 0;
out:
	free(own);
	cg_map64_free(&pubs);
	cg_strbuf_free(&pubsb);
	return rc;
}

/* The edges of the view into v (m, eu, ev, ecount, elink): parallel links
 * collapsed, self-links dropped; sorted stably, so that each edge's first
 * link is the first in graph order. Returns 0 or CG_ENOMEM. */
static int build_edges(const cg_graph *g, view *v)
{
	size_t nl = cg_graph_link_count(g), np = 0, m = 0;
	uint64_t *pairs = malloc((nl ? nl : 1) * sizeof *pairs);
	cg_lid *plink = malloc((nl ? nl : 1) * sizeof *plink);
	int rc = 0;

	if (!pairs || !plink) {
		rc = CG_ENOMEM;
		goto out;
	}
	for (cg_lid l = 0; l < nl; l++) {
		uint32_t a = v->e2v[cg_link_source(g, l)], b = v->e2v[cg_link_target(g, l)];
		if (a == NO_VERTEX || b == NO_VERTEX || a == b)
			continue;
		if (a > b) {
			uint32_t t = a;
			a = b;
			b = t;
		}
		pairs[np] = (uint64_t)a << 32 | b;
		plink[np++] = l;
	}
	if (np > 1 && view_sort_pairs(pairs, plink, np, v->n)) {
		rc = CG_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < np; i++)
		v->m += i == 0 || pairs[i] != pairs[i - 1];
	v->eu = malloc((v->m ? v->m : 1) * sizeof *v->eu);
	v->ev = malloc((v->m ? v->m : 1) * sizeof *v->ev);
	v->ecount = calloc(v->m ? v->m : 1, sizeof *v->ecount);
	v->elink = malloc((v->m ? v->m : 1) * sizeof *v->elink);
	if (!v->eu || !v->ev || !v->ecount || !v->elink) {
		rc = CG_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < np; i++) {
		if (i == 0 || pairs[i] != pairs[i - 1]) {
			v->eu[m] = (uint32_t)(pairs[i] >> 32);
			v->ev[m] = (uint32_t)pairs[i];
			v->elink[m] = plink[i];
			m++;
		}
		v->ecount[m - 1]++;
	}
out:
	free(pairs);
	free(plink);
	return rc;
}

/* The neighbours of each vertex into v (off, adj, adj_edge), in CSR, each
 * list ascending: the edges are sorted by (u, v), so each list comes out
 * ascending when filled in two passes, first the lower neighbours, then
 * the higher. Returns 0 or CG_ENOMEM. */
static int build_adjacency(view *v)
{
	size_t *fill = malloc((v->n ? v->n : 1) * sizeof *fill);
	int rc = 0;

	v->off = calloc(v->n + 1, sizeof *v->off);
	v->adj = malloc((v->m ? 2 * v->m : 1) * sizeof *v->adj);
	v->adj_edge = malloc((v->m ? 2 * v->m : 1) * sizeof *v->adj_edge);
	if (!fill || !v->off || !v->adj || !v->adj_edge) {
		rc = CG_ENOMEM;
		goto out;
	}
	for (size_t e = 0; e < v->m; e++) {
		v->off[v->eu[e] + 1]++;
		v->off[v->ev[e] + 1]++;
	}
	for (size_t i = 0; i < v->n; i++)
		v->off[i + 1] += v->off[i];
	memcpy(fill, v->off, v->n * sizeof *fill);
	/* lower neighbours: edges (u, x) with u < x, visited by u ascending */
	for (size_t e = 0; e < v->m; e++) {
		uint32_t x = v->ev[e];
		v->adj[fill[x]] = v->eu[e];
		v->adj_edge[fill[x]++] = (uint32_t)e;
	}
	for (size_t e = 0; e < v->m; e++) {
		uint32_t u = v->eu[e];
		v->adj[fill[u]] = v->ev[e];
		v->adj_edge[fill[u]++] = (uint32_t)e;
	}
out:
	free(fill);
	return rc;
}

/* v->ig: the view as an undirected igraph graph, vertices and edges
 * numbered as in v. Returns 0 or a CG_E* code, with err set. */
static int build_igraph(view *v, cg_error *err)
{
	igraph_vector_int_t edges;
	igraph_error_t ir;

	if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * v->m)))
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t e = 0; e < v->m; e++) {
		VECTOR(edges)[2 * e] = v->eu[e];
		VECTOR(edges)[2 * e + 1] = v->ev[e];
	}
	ir = igraph_create(&v->ig, &edges, (igraph_integer_t)v->n, IGRAPH_UNDIRECTED);
	igraph_vector_int_destroy(&edges);
	if (ir)
		return view_igraph_error(ir, "building the graph", err);
	v->have_ig = 1;
	return 0;
}

/* by_id, when not NULL, holds every entity sorted by id: the view then
 * comes out in id order without a sort of its own. */
static int view_build_fresh(const cg_graph *g, const cg_view_opts *opts, int with_igraph,
                            const cg_eid *by_id, view *v, cg_error *err)
{
	pattern *pats = NULL;
	size_t npats = 0;
	int rc = 0;

	memset(v, 0, sizeof *v);
	v->g = g;
	if (opts->exclude_path && (rc = load_patterns(opts->exclude_path, &pats, &npats, err)))
		return rc;
	if (build_vertices(g, opts, by_id, pats, npats, v) || build_edges(g, v) ||
	    build_adjacency(v)) {
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	v->info.vertices = v->n;
	v->info.edges = v->m;
	v->info.max_cases = opts->max_cases;
	v->info.max_name_cases = opts->max_name_cases;
	if (with_igraph)
		rc = build_igraph(v, err);
out:
	free_patterns(pats, npats);
	if (rc)
		view_free(v);
	return rc;
}

void view_free(view *v)
{
	if (!v)
		return;
	if (v->borrowed) {
		cg_view_info_free(&v->info);
		memset(v, 0, sizeof *v);
		return;
	}
	free(v->v2e);
	free(v->e2v);
	free(v->ncases);
	free(v->eu);
	free(v->ev);
	free(v->ecount);
	free(v->elink);
	free(v->off);
	free(v->adj);
	free(v->adj_edge);
	if (v->have_ig)
		igraph_destroy(&v->ig);
	cg_view_info_free(&v->info);
	memset(v, 0, sizeof *v);
}

void view_take_info(view *v, cg_view_info *out)
{
	*out = v->info;
	memset(&v->info, 0, sizeof v->info);
}

void cg_view_info_free(cg_view_info *info)
{
	if (!info)
		return;
	free(info->too_common);
	free(info->excluded);
	free(info->excluded_by);
	info->too_common = info->excluded = NULL;
	info->excluded_by = NULL;
	info->n_too_common = info->n_excluded = 0;
}

size_t view_components(const view *v, uint32_t *comp)
{
	uint32_t *stack = malloc((v->n ? v->n : 1) * sizeof *stack);
	size_t k = 0;

	if (!stack)
		return SIZE_MAX;
	for (size_t x = 0; x < v->n; x++)
		comp[x] = NO_VERTEX;
	for (size_t s = 0; s < v->n; s++) {
		size_t top = 0;
		if (comp[s] != NO_VERTEX)
			continue;
		comp[s] = (uint32_t)k;
		stack[top++] = (uint32_t)s;
		while (top) {
			uint32_t x = stack[--top];
			for (size_t j = v->off[x]; j < v->off[x + 1]; j++)
				if (comp[v->adj[j]] == NO_VERTEX) {
					comp[v->adj[j]] = (uint32_t)k;
					stack[top++] = v->adj[j];
				}
		}
		k++;
	}
	free(stack);
	return k;
}

void view_csr_free(view_csr *c)
{
	free(c->off);
	free(c->adj);
	free(c->w);
	free(c->perm);
	free(c->inv);
	memset(c, 0, sizeof *c);
}

int view_csr_local(const view *v, int with_w, view_csr *c)
{
	size_t n = v->n, tail = 0, nadj = n ? v->off[n] : 0;

	memset(c, 0, sizeof *c);
	c->n = n;
	c->off = malloc((n + 1) * sizeof *c->off);
	c->adj = malloc((nadj ? nadj : 1) * sizeof *c->adj);
	c->perm = malloc((n ? n : 1) * sizeof *c->perm);
	c->inv = malloc((n ? n : 1) * sizeof *c->inv);
	if (with_w)
		c->w = malloc((nadj ? nadj : 1) * sizeof *c->w);
	if (!c->off || !c->adj || !c->perm || !c->inv || (with_w && !c->w)) {
		view_csr_free(c);
		return CG_ENOMEM;
	}
	for (size_t x = 0; x < n; x++)
		c->inv[x] = NO_VERTEX;
	/* breadth-first order; perm doubles as the queue */
	for (size_t s = 0; s < n; s++) {
		if (c->inv[s] != NO_VERTEX)
			continue;
		size_t head = tail;
		c->inv[s] = (uint32_t)tail;
		c->perm[tail++] = (uint32_t)s;
		while (head < tail) {
			uint32_t x = c->perm[head++];
			for (size_t j = v->off[x]; j < v->off[x + 1]; j++)
				if (c->inv[v->adj[j]] == NO_VERTEX) {
					c->inv[v->adj[j]] = (uint32_t)tail;
					c->perm[tail++] = v->adj[j];
				}
		}
	}
	c->off[0] = 0;
	for (size_t x = 0; x < n; x++) {
		uint32_t o = c->perm[x];
		size_t e = c->off[x];
		for (size_t j = v->off[o]; j < v->off[o + 1]; j++, e++) {
			c->adj[e] = c->inv[v->adj[j]];
			if (with_w)
				c->w[e] = v->ecount[v->adj_edge[j]];
		}
		c->off[x + 1] = e;
	}
	return 0;
}
