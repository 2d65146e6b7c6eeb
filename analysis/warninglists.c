/* MISP warninglists and casegraph's built-in default (cg_analysis.h).
 *
 * Every value is kept in one of four indexes, each entry tagged with its
 * list (whose kinds say which entity types it applies to):
 * - string and hostname values: interned in a cg_strpool; a cg_map64 maps
 *   each string id to a chain of entries (several lists may hold a value).
 *   A hostname entry also matches the subdomains of its value: a value is
 *   looked up whole, then each parent domain, for hostname entries only.
 * - substring values: a trie whose edges are a cg_map64 from (node, byte)
 *   to the child; a value is walked from each of its bytes. (The
 *   Aho-Corasick automaton of importers/ would scan in one pass, but
 *   analysis/ may not include importers/: the layers forbid it.)
 * - cidr values: ranges of 128-bit addresses (IPv4 as ::ffff:a.b.c.d),
 *   sorted by start, with the running maximum of the ends, so that the
 *   ranges holding an address are found by a binary search and a short
 *   walk back.
 * - regex values: POSIX extended expressions, translated from MISP's
 *   PCRE-ish /.../flags ((?: to (, \d \w \s to classes, \@ to @, the i
 *   flag to REG_ICASE); a list with one that regcomp refuses is skipped. */
#include "warninglists.h"

#include "cg_array.h"
#include "cg_hash.h"

#include <arpa/inet.h>
#include <cJSON.h>
#include <dirent.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Kinds of value a list applies to, from its matching_attributes. */
enum {
	K_IP = 1,
	K_DOMAIN = 2,
	K_URL = 4,
	K_EMAIL = 8,
	K_HASH = 16,
	K_PHONE = 32,
};

/* A list.json larger than this is refused (the largest MISP lists, left out
 * of ../shared, are about 40 MB). */
#define MAX_LIST_BYTES (256u << 20)
/* Values longer than this are not matched (no list holds one). */
#define MAX_VALUE 2048

typedef struct entry {
	uint32_t list;
	uint32_t hostname; /* matches subdomains too */
	uint32_t next;     /* the next entry of the same string, UINT32_MAX at the end */
} entry;

typedef struct range {
	uint64_t lo[2], hi[2]; /* [0] high half, [1] low half */
	uint64_t maxhi[2];     /* the largest end of this range and those before it */
	uint32_t list;
} range;

typedef struct rx {
	regex_t re;
	uint32_t list;
} rx;

struct cg_warninglists {
	unsigned long serial;
	char **names;
	uint32_t *kinds; /* per list */
	size_t n_lists, cap_lists, n_values;
	/* strings and hostnames */
	cg_strpool *pool;
	cg_map64 str; /* string id -> first entry */
	entry *ents;
	size_t n_ents, cap_ents;
	/* substrings: node 0 is the root */
	cg_map64 trie; /* node << 8 | byte -> child */
	cg_map64 term; /* node -> first entry of the values ending there */
	uint32_t n_nodes;
	/* cidr */
	range *ranges;
	size_t n_ranges, cap_ranges;
	int sorted;
	/* regex */
	rx *rxs;
	size_t n_rxs, cap_rxs;
	int publisher; /* the default's rule: a report's own publisher connects nothing */
};

static unsigned long serials;

cg_warninglists *cg_warninglists_new(void)
{
	cg_warninglists *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	if (!(w->pool = cg_strpool_new())) {
		free(w);
		return NULL;
	}
	w->serial = ++serials;
	w->n_nodes = 1;
	w->sorted = 1;
	return w;
}

void cg_warninglists_free(cg_warninglists *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n_lists; i++)
		free(w->names[i]);
	free(w->names);
	free(w->kinds);
	cg_strpool_free(w->pool);
	cg_map64_free(&w->str);
	free(w->ents);
	cg_map64_free(&w->trie);
	cg_map64_free(&w->term);
	free(w->ranges);
	for (size_t i = 0; i < w->n_rxs; i++)
		regfree(&w->rxs[i].re);
	free(w->rxs);
	free(w);
}

size_t cg_warninglists_count(const cg_warninglists *w)
{
	return w ? w->n_lists : 0;
}

size_t cg_warninglists_values(const cg_warninglists *w)
{
	return w ? w->n_values : 0;
}

unsigned long wl_serial(const cg_warninglists *w)
{
	return w ? w->serial : 0;
}

/* ---- adding ---- */

static int add_list(cg_warninglists *w, const char *name, uint32_t kinds, uint32_t *out)
{
	if (w->n_lists >= UINT32_MAX - 1)
		return CG_ELIMIT;
	if (CG_ARRAY_GROW(w->names, w->cap_lists, w->n_lists + 1, 16))
		return CG_ENOMEM;
	uint32_t *k = realloc(w->kinds, w->cap_lists * sizeof *k);
	if (!k)
		return CG_ENOMEM;
	w->kinds = k;
	if (!(w->names[w->n_lists] = strdup(name)))
		return CG_ENOMEM;
	w->kinds[w->n_lists] = kinds;
	*out = (uint32_t)w->n_lists++;
	return 0;
}

static void lower(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] + 32);
}

/* Adds a string (hostname set: also its subdomains) of list l. */
static int add_string(cg_warninglists *w, uint32_t l, const char *s, size_t n, int hostname)
{
	uint32_t id, first = UINT32_MAX;
	int rc;

	if ((rc = cg_strpool_intern(w->pool, s, n, &id)))
		return rc;
	if (w->n_ents >= UINT32_MAX - 1)
		return CG_ELIMIT;
	if (CG_ARRAY_GROW(w->ents, w->cap_ents, w->n_ents + 1, 256))
		return CG_ENOMEM;
	cg_map64_get(&w->str, id, &first);
	w->ents[w->n_ents] = (entry){l, (uint32_t)hostname, first};
	if (cg_map64_put(&w->str, id, (uint32_t)w->n_ents))
		return CG_ENOMEM;
	w->n_ents++;
	return 0;
}

static int add_substring(cg_warninglists *w, uint32_t l, const char *s, size_t n)
{
	uint32_t node = 0, child, first = UINT32_MAX;

	for (size_t i = 0; i < n; i++) {
		uint64_t key = (uint64_t)node << 8 | (unsigned char)s[i];
		if (!cg_map64_get(&w->trie, key, &child)) {
			if (w->n_nodes >= UINT32_MAX - 1)
				return CG_ELIMIT;
			child = w->n_nodes++;
			if (cg_map64_put(&w->trie, key, child))
				return CG_ENOMEM;
		}
		node = child;
	}
	if (w->n_ents >= UINT32_MAX - 1)
		return CG_ELIMIT;
	if (CG_ARRAY_GROW(w->ents, w->cap_ents, w->n_ents + 1, 256))
		return CG_ENOMEM;
	cg_map64_get(&w->term, node, &first);
	w->ents[w->n_ents] = (entry){l, 0, first};
	if (cg_map64_put(&w->term, node, (uint32_t)w->n_ents))
		return CG_ENOMEM;
	w->n_ents++;
	return 0;
}

/* An address (IPv4 or IPv6) as two 64-bit halves, IPv4 mapped into
 * ::ffff:0:0/96. 1 when s[0..n) is one. */
static int parse_addr(const char *s, size_t n, uint64_t a[2], int *v4)
{
	char buf[64];
	unsigned char b[16];

	if (n == 0 || n >= sizeof buf)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*v4 = !strchr(buf, ':');
	memset(b, 0, sizeof b);
	if (*v4) {
		b[10] = b[11] = 0xff;
		if (inet_pton(AF_INET, buf, b + 12) != 1)
			return 0;
	} else if (inet_pton(AF_INET6, buf, b) != 1) {
		return 0;
	}
	a[0] = a[1] = 0;
	for (int i = 0; i < 8; i++) {
		a[0] = a[0] << 8 | b[i];
		a[1] = a[1] << 8 | b[8 + i];
	}
	return 1;
}

/* The range of a cidr entry ("10.0.0.0/8", or one address). 1 when it is
 * one. */
static int parse_range(const char *s, size_t n, range *r)
{
	const char *slash = memchr(s, '/', n);
	size_t alen = slash ? (size_t)(slash - s) : n;
	long prefix;
	int v4;

	if (!parse_addr(s, alen, r->lo, &v4))
		return 0;
	if (slash) {
		char *end;
		char num[8];
		size_t plen = n - alen - 1;
		if (plen == 0 || plen >= sizeof num)
			return 0;
		memcpy(num, slash + 1, plen);
		num[plen] = '\0';
		prefix = strtol(num, &end, 10);
		if (*end || prefix < 0 || prefix > (v4 ? 32 : 128))
			return 0;
	} else {
		prefix = v4 ? 32 : 128;
	}
	if (v4)
		prefix += 96;
	/* host bits: the low 128 - prefix bits */
	uint64_t mask[2];
	int hb = 128 - (int)prefix;
	mask[1] = hb >= 64 ? ~0ull : hb == 0 ? 0 : (~0ull >> (64 - hb));
	mask[0] = hb <= 64 ? 0 : hb == 128 ? ~0ull : (~0ull >> (128 - hb));
	r->lo[0] &= ~mask[0];
	r->lo[1] &= ~mask[1];
	r->hi[0] = r->lo[0] | mask[0];
	r->hi[1] = r->lo[1] | mask[1];
	return 1;
}

static int add_range(cg_warninglists *w, const range *r)
{
	if (CG_ARRAY_GROW(w->ranges, w->cap_ranges, w->n_ranges + 1, 64))
		return CG_ENOMEM;
	w->ranges[w->n_ranges++] = *r;
	w->sorted = 0;
	return 0;
}

static int cmp128(const uint64_t a[2], const uint64_t b[2])
{
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return a[1] < b[1] ? -1 : a[1] > b[1];
}

static int cmp_range(const void *x, const void *y)
{
	const range *a = x, *b = y;
	int c = cmp128(a->lo, b->lo);
	if (c)
		return c;
	c = cmp128(a->hi, b->hi);
	if (c)
		return c;
	return a->list < b->list ? -1 : a->list > b->list;
}

static void sort_ranges(cg_warninglists *w)
{
	if (w->sorted)
		return;
	qsort(w->ranges, w->n_ranges, sizeof *w->ranges, cmp_range);
	for (size_t i = 0; i < w->n_ranges; i++) {
		range *r = &w->ranges[i];
		const uint64_t *prev = i ? w->ranges[i - 1].maxhi : r->hi;
		const uint64_t *m = cmp128(prev, r->hi) > 0 ? prev : r->hi;
		r->maxhi[0] = m[0];
		r->maxhi[1] = m[1];
	}
	w->sorted = 1;
}

/* MISP's /pattern/flags as a POSIX extended expression in out (size cap).
 * 0, or -1 when it does not fit. */
static int translate_regex(const char *s, char *out, size_t cap, int *icase)
{
	size_t n = strlen(s), o = 0;
	const char *end = s + n;

	*icase = 0;
	if (n >= 2 && s[0] == '/') {
		const char *close = strrchr(s, '/');
		if (close > s) {
			for (const char *f = close + 1; *f; f++)
				if (*f == 'i')
					*icase = 1;
			s++;
			end = close;
		}
	}
	for (const char *p = s; p < end; p++) {
		const char *rep = NULL;
		char one[3] = {0};
		if (p[0] == '(' && p + 2 < end && p[1] == '?' && p[2] == ':') {
			rep = "(";
			p += 2;
		} else if (p[0] == '\\' && p + 1 < end) {
			switch (p[1]) {
			case 'd':
				rep = "[0-9]";
				break;
			case 'D':
				rep = "[^0-9]";
				break;
			case 'w':
				rep = "[[:alnum:]_]";
				break;
			case 's':
				rep = "[[:space:]]";
				break;
			case '@':
			case '-':
			case '/':
			case '_':
				one[0] = p[1];
				rep = one;
				break;
			default:
				one[0] = p[0];
				one[1] = p[1];
				rep = one;
			}
			p++;
		} else {
			one[0] = *p;
			rep = one;
		}
		size_t k = strlen(rep);
		if (o + k + 1 > cap)
			return -1;
		memcpy(out + o, rep, k);
		o += k;
	}
	out[o] = '\0';
	return 0;
}

/* ---- reading a list.json ---- */

typedef struct loader {
	cg_warninglists *w;
	cg_warninglists_note_fn note;
	void *ctx;
	const char *path;
	const char *buf;
	size_t len;
	size_t cursor; /* where the search for the next entry's line starts */
	long line;     /* the line at cursor */
} loader;

static void notef(loader *ld, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void notef(loader *ld, long line, const char *fmt, ...)
{
	cg_error e;
	char msg[CG_ERROR_MSG_MAX];
	va_list ap;

	if (!ld->note)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cg_error_set(&e, CG_EPARSE, ld->path, line, 0, "%s", msg);
	ld->note(ld->ctx, &e);
}

/* The line of buf[0..at). */
static long line_at(const loader *ld, size_t at)
{
	long line = 1;
	for (size_t i = 0; i < at && i < ld->len; i++)
		line += ld->buf[i] == '\n';
	return line;
}

/* The line of the next list entry whose text is s (searched in order from
 * the last one found; an entry written with escapes is not found and gets
 * the line of the last one found). */
static long entry_line(loader *ld, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = ld->cursor; i + n + 2 <= ld->len; i++) {
		if (ld->buf[i] == '"' && memcmp(ld->buf + i + 1, s, n) == 0 &&
		    ld->buf[i + 1 + n] == '"') {
			for (size_t j = ld->cursor; j < i; j++)
				ld->line += ld->buf[j] == '\n';
			ld->cursor = i;
			return ld->line;
		}
	}
	return ld->line;
}

static const struct {
	const char *attr;
	uint32_t kinds;
} attr_kinds[] = {
    {"ip-src", K_IP},
    {"ip-dst", K_IP},
    {"ip-src|port", K_IP},
    {"ip-dst|port", K_IP},
    {"domain|ip", K_IP | K_DOMAIN},
    {"domain", K_DOMAIN},
    {"hostname", K_DOMAIN},
    {"hostname|port", K_DOMAIN},
    {"url", K_URL},
    {"uri", K_URL},
    {"link", K_URL},
    {"email", K_EMAIL},
    {"email-src", K_EMAIL},
    {"email-dst", K_EMAIL},
    {"target-email", K_EMAIL},
    {"whois-registrant-email", K_EMAIL},
    {"dns-soa-email", K_EMAIL},
    {"md5", K_HASH},
    {"sha1", K_HASH},
    {"sha224", K_HASH},
    {"sha256", K_HASH},
    {"sha384", K_HASH},
    {"sha512", K_HASH},
    {"ssdeep", K_HASH},
    {"imphash", K_HASH},
    {"tlsh", K_HASH},
    {"filename|md5", K_HASH},
    {"filename|sha1", K_HASH},
    {"filename|sha224", K_HASH},
    {"filename|sha256", K_HASH},
    {"filename|sha384", K_HASH},
    {"filename|sha512", K_HASH},
    {"filename|ssdeep", K_HASH},
    {"x509-fingerprint-md5", K_HASH},
    {"x509-fingerprint-sha1", K_HASH},
    {"x509-fingerprint-sha256", K_HASH},
    {"phone-number", K_PHONE},
    {"whois-registrant-phone", K_PHONE},
};

static uint32_t kinds_of_attrs(const cJSON *attrs)
{
	uint32_t k = 0;
	const cJSON *a;

	cJSON_ArrayForEach(a, attrs)
	{
		if (!cJSON_IsString(a))
			continue;
		for (size_t i = 0; i < sizeof attr_kinds / sizeof *attr_kinds; i++)
			if (strcmp(attr_kinds[i].attr, a->valuestring) == 0)
				k |= attr_kinds[i].kinds;
	}
	return k;
}

enum { T_STRING, T_SUBSTRING, T_HOSTNAME, T_CIDR, T_REGEX, T_COUNT };
static const char *const type_names[T_COUNT] = {"string", "substring", "hostname", "cidr", "regex"};

/* Compiles every regex of the list into w (list l); 0, CG_ENOMEM, or 1
 * when one is refused (noted; the list is then dropped by the caller). */
static int add_regexes(loader *ld, const cJSON *values, uint32_t l, size_t *added)
{
	cg_warninglists *w = ld->w;
	const cJSON *v;
	char buf[4096];
	int icase;

	cJSON_ArrayForEach(v, values)
	{
		if (!cJSON_IsString(v)) {
			notef(ld, ld->line, "a value that is not a string, left out");
			continue;
		}
		long line = entry_line(ld, v->valuestring);
		if (translate_regex(v->valuestring, buf, sizeof buf, &icase)) {
			notef(ld, line, "list skipped: a regex longer than %zu bytes",
			      sizeof buf - 1);
			return 1;
		}
		if (CG_ARRAY_GROW(w->rxs, w->cap_rxs, w->n_rxs + 1, 8))
			return CG_ENOMEM;
		int rc = regcomp(&w->rxs[w->n_rxs].re, buf,
		                 REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0));
		if (rc == REG_ESPACE)
			return CG_ENOMEM;
		if (rc) {
			char why[128];
			regerror(rc, &w->rxs[w->n_rxs].re, why, sizeof why);
			notef(ld, line, "list skipped: regcomp refuses the regex '%s' (%s)",
			      v->valuestring, why);
			return 1;
		}
		w->rxs[w->n_rxs++].list = l;
		(*added)++;
	}
	return 0;
}

static int add_values(loader *ld, int type, const cJSON *values, uint32_t l, size_t *added)
{
	const cJSON *v;
	char buf[MAX_VALUE + 1];
	int rc;

	if (type == T_REGEX)
		return add_regexes(ld, values, l, added);
	cJSON_ArrayForEach(v, values)
	{
		if (!cJSON_IsString(v)) {
			notef(ld, ld->line, "a value that is not a string, left out");
			continue;
		}
		const char *s = v->valuestring;
		long line = entry_line(ld, s);
		size_t n;
		while (*s == ' ' || *s == '\t')
			s++;
		n = strlen(s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (type == T_HOSTNAME)
			while (n && *s == '.') /* ".example.com": the domain and below */
				s++, n--;
		if (n == 0)
			continue;
		if (n > MAX_VALUE) {
			notef(ld, line, "a value longer than %d bytes, left out", MAX_VALUE);
			continue;
		}
		if (type == T_CIDR) {
			range r;
			if (!parse_range(s, n, &r)) {
				notef(ld, line, "'%.*s' is not an address or CIDR range, left out",
				      (int)(n > 200 ? 200 : n), s);
				continue;
			}
			r.list = l;
			if ((rc = add_range(ld->w, &r)))
				return rc;
		} else {
			memcpy(buf, s, n);
			lower(buf, n);
			rc = type == T_SUBSTRING ? add_substring(ld->w, l, buf, n)
			                         : add_string(ld->w, l, buf, n, type == T_HOSTNAME);
			if (rc)
				return rc;
		}
		(*added)++;
	}
	return 0;
}

/* Reads one list.json (dirname: the list's folder name, for a list without
 * a name). 0, CG_ENOMEM, or 1 when the list was skipped (noted). */
static int load_list(cg_warninglists *w, const char *path, const char *dirname,
                     cg_warninglists_note_fn note, void *ctx)
{
	loader ld = {w, note, ctx, path, NULL, 0, 0, 1};
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	cJSON *doc = NULL;
	struct stat st;
	int rc = 1;

	if (!f || fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		notef(&ld, 0, "list skipped: cannot read it");
		goto out;
	}
	if ((size_t)st.st_size > MAX_LIST_BYTES) {
		notef(&ld, 0, "list skipped: larger than %u MB", MAX_LIST_BYTES >> 20);
		goto out;
	}
	if (!(buf = malloc((size_t)st.st_size + 1))) {
		rc = CG_ENOMEM;
		goto out;
	}
	ld.len = fread(buf, 1, (size_t)st.st_size, f);
	buf[ld.len] = '\0';
	ld.buf = buf;
	const char *end = NULL;
	doc = cJSON_ParseWithLengthOpts(buf, ld.len, &end, 0);
	if (!doc) {
		/* cJSON fails on allocation as on syntax: try a tiny document */
		cJSON *probe = cJSON_Parse("[0]");
		if (!probe) {
			rc = CG_ENOMEM;
			goto out;
		}
		cJSON_Delete(probe);
		notef(&ld, end ? line_at(&ld, (size_t)(end - buf)) : 0,
		      "list skipped: not valid JSON");
		goto out;
	}
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(doc, "name");
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(doc, "type");
	const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(doc, "matching_attributes");
	const cJSON *values = cJSON_GetObjectItemCaseSensitive(doc, "list");
	int t = -1;
	if (!cJSON_IsObject(doc) || !cJSON_IsArray(values)) {
		notef(&ld, 1, "list skipped: no \"list\" array of values");
		goto out;
	}
	for (int i = 0; i < T_COUNT && cJSON_IsString(type); i++)
		if (strcmp(type->valuestring, type_names[i]) == 0)
			t = i;
	if (t < 0) {
		notef(&ld, 1,
		      "list skipped: type '%s' is none of string, substring, hostname, cidr, regex",
		      cJSON_IsString(type) ? type->valuestring : "");
		goto out;
	}
	uint32_t kinds = kinds_of_attrs(attrs), l;
	if (!kinds) {
		notef(&ld, 1,
		      "list skipped: its matching_attributes name no type casegraph has (ip, "
		      "domain, url, email, hash, phone)");
		goto out;
	}
	const char *label =
	    cJSON_IsString(name) && name->valuestring[0] ? name->valuestring : dirname;
	if ((rc = add_list(w, label, kinds, &l)) == CG_ELIMIT) {
		notef(&ld, 0, "list skipped: too many lists");
		rc = 1;
		goto out;
	}
	if (rc)
		goto out;
	/* entries' lines are searched from the "list" member on */
	const char *lm = strstr(buf, "\"list\"");
	if (lm) {
		ld.cursor = (size_t)(lm - buf);
		ld.line = line_at(&ld, ld.cursor);
	}
	size_t added = 0, ranges0 = w->n_ranges;
	rc = add_values(&ld, t, values, l, &added);
	if (rc == 1) {
		/* a regex refused: drop the list's regexes and the list */
		while (w->n_rxs && w->rxs[w->n_rxs - 1].list == l)
			regfree(&w->rxs[--w->n_rxs].re);
		free(w->names[--w->n_lists]);
		w->n_ranges = ranges0;
		goto out;
	}
	if (rc == CG_ELIMIT) {
		notef(&ld, 0, "list cut short: the index of values is full");
		rc = 0;
	}
	w->n_values += added;
out:
	if (f)
		fclose(f);
	cJSON_Delete(doc);
	free(buf);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of dir's subfolders, sorted (*out, *n; free each and *out). */
static int subdirs(const char *dir, char ***out, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return CG_EIO;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (CG_ARRAY_GROW(*out, cap, *n + 1, 64) || !((*out)[*n] = strdup(de->d_name))) {
			closedir(d);
			for (size_t i = 0; i < *n; i++)
				free((*out)[i]);
			free(*out);
			*out = NULL;
			*n = 0;
			return CG_ENOMEM;
		}
		(*n)++;
	}
	closedir(d);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, cmp_str);
	return 0;
}

static int is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int cg_warninglists_load(cg_warninglists *w, const char *path, cg_warninglists_note_fn note,
                         void *note_ctx, cg_error *err)
{
	char **names = NULL;
	size_t n = 0, found = 0;
	char *base = NULL, *p = NULL;
	int rc = 0;

	if (is_file(path)) {
		rc = load_list(w, path, path, note, note_ctx);
		sort_ranges(w);
		if (rc == CG_ENOMEM)
			return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		return 0;
	}
	if (!is_dir(path))
		return cg_error_set(err, CG_EIO, path, 0, 0,
		                    "no MISP warninglists here: not a folder or a list.json");
	size_t bl = strlen(path) + 8;
	if (!(base = malloc(bl)))
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	snprintf(base, bl, "%s/lists", path);
	if (!is_dir(base))
		snprintf(base, bl, "%s", path);
	if ((rc = subdirs(base, &names, &n))) {
		rc = rc == CG_ENOMEM
		         ? cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory")
		         : cg_error_set(err, CG_EIO, base, 0, 0, "cannot read the folder");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		size_t pl = strlen(base) + strlen(names[i]) + 12;
		free(p);
		if (!(p = malloc(pl))) {
			rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
			goto out;
		}
		snprintf(p, pl, "%s/%s/list.json", base, names[i]);
		if (!is_file(p))
			continue;
		found++;
		if (load_list(w, p, names[i], note, note_ctx) == CG_ENOMEM) {
			rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
			goto out;
		}
	}
	if (!found)
		rc = cg_error_set(err, CG_EIO, path, 0, 0,
		                  "no MISP warninglists here (no lists/<name>/list.json)");
out:
	sort_ranges(w);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(base);
	free(p);
	return rc;
}

/* ---- the built-in default ---- */

static const char *const default_ranges[] = {
    "0.0.0.0/8",     "10.0.0.0/8",      "100.64.0.0/10",  "127.0.0.0/8",    "169.254.0.0/16",
    "172.16.0.0/12", "192.0.0.0/24",    "192.0.2.0/24",   "192.88.99.0/24", "192.168.0.0/16",
    "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4",    "240.0.0.0/4",
    "::/128",        "::1/128",         "100::/64",       "2001:db8::/32",  "fc00::/7",
    "fe80::/10",     "ff00::/8",
};
static const char *const default_names[] = {
    "example",   "test",        "invalid",     "localhost",   "local",
    "home.arpa", "example.com", "example.net", "example.org",
};
static const char *const default_hashes[] = {
    "d41d8cd98f00b204e9800998ecf8427e",
    "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    /* SHA-512, in two pieces (one string) */
    ("cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877"
     "eec2f63b931bd47417a81a538327af927da3e"),
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

int cg_warninglists_add_default(cg_warninglists *w, cg_error *err)
{
	uint32_t l;
	int rc = 0;

	if ((rc = add_list(w, WL_DEFAULT_RANGES, K_IP, &l)))
		goto out;
	for (size_t i = 0; i < COUNT(default_ranges); i++) {
		range r;
		parse_range(default_ranges[i], strlen(default_ranges[i]), &r);
		r.list = l;
		if ((rc = add_range(w, &r)))
			goto out;
	}
	if ((rc = add_list(w, WL_DEFAULT_NAMES, K_DOMAIN | K_URL | K_EMAIL, &l)))
		goto out;
	for (size_t i = 0; i < COUNT(default_names); i++)
		if ((rc = add_string(w, l, default_names[i], strlen(default_names[i]), 1)))
			goto out;
	if ((rc = add_list(w, WL_DEFAULT_HASHES, K_HASH, &l)))
		goto out;
	for (size_t i = 0; i < COUNT(default_hashes); i++)
		if ((rc = add_string(w, l, default_hashes[i], strlen(default_hashes[i]), 0)))
			goto out;
	w->n_values += COUNT(default_ranges) + COUNT(default_names) + COUNT(default_hashes);
	w->publisher = 1;
out:
	sort_ranges(w);
	if (rc)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

/* ---- matching ---- */

/* The lowest list of kind k in the chain from entry i (hostname_only:
 * hostname entries only), or UINT32_MAX. */
static uint32_t chain_best(const cg_warninglists *w, uint32_t i, uint32_t k, int hostname_only)
{
	uint32_t best = UINT32_MAX;

	for (; i != UINT32_MAX; i = w->ents[i].next)
		if ((w->kinds[w->ents[i].list] & k) && (!hostname_only || w->ents[i].hostname) &&
		    w->ents[i].list < best)
			best = w->ents[i].list;
	return best;
}

static uint32_t min32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static uint32_t match_string(const cg_warninglists *w, const char *s, size_t n, uint32_t k,
                             int hostname_only)
{
	uint32_t id = cg_strpool_find(w->pool, s, n), first;

	if (!id || !cg_map64_get(&w->str, id, &first))
		return UINT32_MAX;
	return chain_best(w, first, k, hostname_only);
}

/* host, then each parent domain, against hostname entries. */
static uint32_t match_host(const cg_warninglists *w, const char *h, size_t n, uint32_t k)
{
	uint32_t best = match_string(w, h, n, k, 1);

	for (size_t i = 0; i < n; i++)
		if (h[i] == '.' && i + 1 < n)
			best = min32(best, match_string(w, h + i + 1, n - i - 1, k, 1));
	return best;
}

static uint32_t match_substring(const cg_warninglists *w, const char *s, size_t n, uint32_t k)
{
	uint32_t best = UINT32_MAX, node, first;

	if (!w->n_nodes || !w->trie.count)
		return best;
	for (size_t i = 0; i < n; i++) {
		node = 0;
		for (size_t j = i; j < n; j++) {
			if (!cg_map64_get(&w->trie, (uint64_t)node << 8 | (unsigned char)s[j],
			                  &node))
				break;
			if (cg_map64_get(&w->term, node, &first))
				best = min32(best, chain_best(w, first, k, 0));
		}
	}
	return best;
}

static uint32_t match_cidr(const cg_warninglists *w, const char *s, size_t n, uint32_t k)
{
	uint64_t a[2];
	uint32_t best = UINT32_MAX;
	size_t lo = 0, hi = w->n_ranges;
	int v4;

	if (!w->n_ranges || !parse_addr(s, n, a, &v4))
		return best;
	/* the last range starting at or before a */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp128(w->ranges[mid].lo, a) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i-- > 0 && cmp128(w->ranges[i].maxhi, a) >= 0;)
		if (cmp128(w->ranges[i].hi, a) >= 0 && (w->kinds[w->ranges[i].list] & k))
			best = min32(best, w->ranges[i].list);
	return best;
}

static uint32_t kind_of(const char *type_name)
{
	static const struct {
		const char *name;
		uint32_t k;
	} t[] = {{"ip", K_IP},       {"domain", K_DOMAIN}, {"url", K_URL},
	         {"email", K_EMAIL}, {"hash", K_HASH},     {"phone", K_PHONE}};

	for (size_t i = 0; type_name && i < COUNT(t); i++)
		if (strcmp(t[i].name, type_name) == 0)
			return t[i].k;
	return 0;
}

/* The host of a URL ("scheme://user@host:port/..."), in s[*off, *off+*n). */
static void url_host(const char *s, size_t len, size_t *off, size_t *n)
{
	const char *p = s, *end = s + len, *sep = strstr(s, "://");
	if (sep)
		p = sep + 3;
	const char *h = p;
	while (p < end && *p != '/' && *p != '?' && *p != '#')
		p++;
	const char *at = memchr(h, '@', (size_t)(p - h));
	if (at)
		h = at + 1;
	const char *q = h;
	if (q < p && *q == '[') { /* [v6]:port */
		const char *rb = memchr(q, ']', (size_t)(p - q));
		*off = (size_t)(q + 1 - s);
		*n = rb ? (size_t)(rb - q - 1) : 0;
		return;
	}
	while (q < p && *q != ':')
		q++;
	*off = (size_t)(h - s);
	*n = (size_t)(q - h);
}

static uint32_t match_value(const cg_warninglists *w, uint32_t k, const char *value)
{
	char buf[MAX_VALUE + 1];
	size_t n = strlen(value), hoff = 0, hn = 0;
	uint32_t best;

	if (n == 0 || n > MAX_VALUE)
		return UINT32_MAX;
	memcpy(buf, value, n + 1);
	lower(buf, n);
	while (n && buf[n - 1] == '.') /* "example.com." */
		buf[--n] = '\0';
	best = match_string(w, buf, n, k, 0);
	if (k == K_DOMAIN) {
		hn = n;
	} else if (k == K_URL) {
		url_host(buf, n, &hoff, &hn);
	} else if (k == K_EMAIL) {
		const char *at = strrchr(buf, '@');
		if (at) {
			hoff = (size_t)(at + 1 - buf);
			hn = n - hoff;
		}
	}
	if (hn)
		best = min32(best, match_host(w, buf + hoff, hn, k));
	if (k == K_IP)
		best = min32(best, match_cidr(w, buf, strcspn(buf, "/"), k));
	else if (k == K_URL && hn)
		best = min32(best, match_cidr(w, buf + hoff, hn, k));
	best = min32(best, match_substring(w, buf, n, k));
	for (size_t i = 0; i < w->n_rxs && w->rxs[i].list < best; i++)
		if ((w->kinds[w->rxs[i].list] & k) &&
		    regexec(&w->rxs[i].re, value, 0, NULL, 0) == 0)
			best = w->rxs[i].list;
	return best;
}

const char *cg_warninglists_match(const cg_warninglists *w, const char *type_name,
                                  const char *value)
{
	uint32_t k = w ? kind_of(type_name) : 0, l;

	if (!k || !value)
		return NULL;
	l = match_value(w, k, value);
	return l == UINT32_MAX ? NULL : w->names[l];
}

int wl_publisher_rule(const cg_warninglists *w)
{
	return w && w->publisher;
}

const char *wl_match_entity(const cg_warninglists *w, const cg_graph *g, cg_eid e)
{
	uint32_t k = w ? kind_of(cg_entity_type_name(g, e)) : 0, best;
	cg_iter it;
	const char *key;

	if (!k)
		return NULL;
	best = match_value(w, k, cg_entity_name(g, e));
	it = cg_entity_keys(g, e);
	while (cg_iter_next_str(g, &it, &key)) {
		const char *colon = strchr(key, ':');
		best = min32(best, match_value(w, k, key));
		/* a key "kind:value" (hashes: "md5:..."), but not an IPv6 address */
		if (colon && k != K_IP)
			best = min32(best, match_value(w, k, colon + 1));
	}
	return best == UINT32_MAX ? NULL : w->names[best];
}
