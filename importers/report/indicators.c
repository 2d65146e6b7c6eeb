/* The report importer's first layer: indicators anywhere in a line
 * (docs/REPORTS.md, "Layer 1"). The line is first cleaned: Markdown
 * backslash escapes removed and defanging undone ("evil[.]example",
 * "hxxp://"), with the bytes that defanging produced marked. Then, at each
 * position where a word starts, recognisers for URLs, e-mails, CVE and
 * ATT&CK ids, IBANs, wallets (with their checksums), hashes, addresses,
 * phones and domains are tried, the more specific first; a domain needs a
 * real top-level domain (the list loaded once per process below). */
#include "report_internal.h"

#include "cg_array.h"
#include "cg_normalize.h"
#include "cg_tables.h"
#include "checksum.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_TLD_FILE "/usr/share/publicsuffix/public_suffix_list.dat"

/* ---- the list of top-level domains ---- */

static struct {
	cg_strpool *pool; /* known TLDs, lower case */
	int ok;           /* 1 when loaded */
} tlds;
static pthread_once_t tlds_once = PTHREAD_ONCE_INIT;

static int tld_add(const char *s, size_t n)
{
	char buf[64];
	uint32_t id;

	if (n == 0 || n >= sizeof buf)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int c = to_lower(UC(s, i));
		if (!is_alnum(c) && c != '-')
			return 0; /* IDN TLDs in Unicode: the scanner finds ASCII names only */
		buf[i] = (char)c;
	}
	return cg_strpool_intern(tlds.pool, buf, n, &id);
}

/* Reads the ICANN section of a Public Suffix List (or every line of a plain
 * one-per-line list such as IANA's tlds-alpha-by-domain.txt) and keeps the
 * last label of each rule. Returns the number of rules read. */
static size_t tld_load_file(FILE *f)
{
	char line[512];
	int section = 0; /* 0 no markers seen, 1 inside ICANN, 2 past it */
	size_t count = 0;

	while (fgets(line, sizeof line, f)) {
		size_t n = strlen(line);
		if (n && line[n - 1] != '\n' && !feof(f)) {
			int ch; /* an over-long line: not a rule */
			while ((ch = fgetc(f)) != EOF && ch != '\n')
				;
			continue;
		}
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "//", 2) == 0) {
			if (strstr(p, "===BEGIN ICANN DOMAINS==="))
				section = 1;
			else if (strstr(p, "===END ICANN DOMAINS==="))
				section = 2;
			continue;
		}
		if (*p == '#' || section == 2)
			continue;
		size_t len = strcspn(p, " \t\r\n");
		if (!len)
			continue;
		const char *dot = NULL;
		for (size_t i = 0; i < len; i++)
			if (p[i] == '.')
				dot = p + i;
		const char *last = dot ? dot + 1 : p;
		if (*last == '!')
			last++;
		if (tld_add(last, len - (size_t)(last - p)))
			return 0;
		count++;
	}
	return count;
}

static void tld_load(void)
{
	const char *path = getenv("CG_TLD_LIST");
	FILE *f;
	size_t count = 0;

	if (!(tlds.pool = cg_strpool_new()))
		return;
	if (!path || !*path)
		path = DEFAULT_TLD_FILE;
	if ((f = fopen(path, "r"))) {
		count = tld_load_file(f);
		fclose(f);
	}
	if (count == 0) {
		for (size_t i = 0; i < cg_countries_count; i++)
			if (tld_add(cg_countries[i].alpha2, strlen(cg_countries[i].alpha2)))
				return;
		for (size_t i = 0; i < fallback_tlds_count; i++)
			if (tld_add(fallback_tlds[i], strlen(fallback_tlds[i])))
				return;
	}
	for (size_t i = 0; i < reserved_tlds_count; i++)
		if (tld_add(reserved_tlds[i], strlen(reserved_tlds[i])))
			return;
	tlds.ok = 1;
}

static int tld_known(const char *s, size_t n)
{
	char buf[64];

	if (n == 0 || n >= sizeof buf)
		return 0;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)to_lower(UC(s, i));
	return cg_strpool_find(tlds.pool, buf, n) != 0;
}

int tlds_load(void)
{
	pthread_once(&tlds_once, tld_load);
	return tlds.ok ? 0 : CG_ENOMEM;
}

/* ---- layer 1: indicators ---- */

/* The kinds of indicator; kind_type names the entity type of each. */
enum kind {
	K_IP,
	K_DOMAIN,
	K_URL,
	K_EMAIL,
	K_PHONE,
	K_WALLET,
	K_IBAN,
	K_HASH,
	K_TECH,
	K_CVE,
	K_COUNT
};

static const char *const kind_type[K_COUNT] = {
    "ip",     "domain",       "url",  "email",          "phone",
    "wallet", "bank_account", "hash", "attack_pattern", "vulnerability",
};

enum { F_HOST = 1, F_CIDR = 2 }; /* finding flags: a URL's host; a network range */

/* Whether clean[a..b) holds a byte produced by undoing defanging. */
static int defanged(const rctx *c, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (c->fang[i])
			return 1;
	return 0;
}

/* Whether the line is about tools and infrastructure: the actor uses what
 * it names. */
static int in_tools(const rctx *c)
{
	return c->sec == SEC_TOOLS || c->lbl == LBL_INFRA || c->lbl == LBL_MALWARE;
}

static int push_span(rctx *c, size_t a, size_t b)
{
	if (CG_ARRAY_GROW(c->spans, c->capspans, c->nspans + 1, 16))
		return fatal_nomem(c);
	c->spans[c->nspans].start = (uint32_t)a;
	c->spans[c->nspans].end = (uint32_t)b;
	c->nspans++;
	return 0;
}

/* Adds one indicator (value[0..n) as found, defanging undone) with its
 * links: the report mentions it; the actor uses it when the line is about
 * tools and infrastructure (techniques: in the TTP section). Returns 0, or
 * < 0 when fatal. A value its normaliser refuses is dropped. */
static int emit_indicator_at(rctx *c, enum kind k, const char *value, size_t n, unsigned flags,
                             const char *at, size_t atn);

static int emit_indicator(rctx *c, enum kind k, const char *value, size_t n, unsigned flags)
{
	return emit_indicator_at(c, k, value, n, flags, value, n);
}

/* emit_indicator of a value rebuilt from the line's at[0 .. atn) (an IBAN
 * in groups, a phone's digits): layer 4 notes it there. */
static int emit_indicator_at(rctx *c, enum kind k, const char *value, size_t n, unsigned flags,
                             const char *at, size_t atn)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prop props[2];
	size_t np = 0;
	cg_strbuf *v = &c->val;
	cg_eid e;
	int rc = 0;

	cg_strbuf_reset(v);
	switch (k) {
	case K_IP:
		rc = cg_norm_ip(value, n, v);
		break;
	case K_DOMAIN:
		rc = cg_norm_domain(value, n, v);
		break;
	case K_URL:
		rc = cg_norm_url(value, n, v);
		break;
	case K_EMAIL:
		rc = cg_norm_email(value, n, v);
		break;
	case K_PHONE:
		rc = cg_norm_phone(value, n, NULL, v);
		break;
	case K_IBAN:
		rc = cg_norm_iban(value, n, v);
		if (!rc) {
			props[np].name = "iban";
			props[np++].value = NULL; /* set below, once v is final */
		}
		break;
	case K_WALLET: {
		int lower = (n == 42 && value[0] == '0') || (n > 3 && (value[0] | 32) == 'b');
		rc = cg_strbuf_append(v, value, n);
		if (!rc && lower)
			for (size_t i = 0; i < v->len; i++)
				v->buf[i] = (char)to_lower(UC(v->buf, i));
		props[np].name = "chain";
		props[np++].value = value[0] == '0' ? "evm" : value[0] == 'T' ? "tron" : "btc";
		break;
	}
	case K_HASH:
		rc = cg_strbuf_append(v, value, n);
		for (size_t i = 0; !rc && i < v->len; i++)
			v->buf[i] = (char)to_lower(UC(v->buf, i));
		props[np].name = "algorithm";
		props[np++].value = n == 32   ? "md5"
		                    : n == 40 ? "sha1"
		                    : n == 64 ? "sha256"
		                              : "sha512";
		break;
	case K_TECH:
	case K_CVE:
		rc = cg_strbuf_append(v, value, n);
		for (size_t i = 0; !rc && i < v->len; i++)
			v->buf[i] = (char)(is_lower(UC(v->buf, i)) ? v->buf[i] - 32 : v->buf[i]);
		break;
	default:
		return 0;
	}
	if (rc == CG_ENOMEM)
		return fatal_nomem(c);
	if (rc)
		return 0;
	if (k == K_IP && (strncmp(v->buf, "127.", 4) == 0 || strncmp(v->buf, "0.0.0.0", 7) == 0 ||
	                  strcmp(v->buf, "255.255.255.255") == 0 || strcmp(v->buf, "::1") == 0 ||
	                  strcmp(v->buf, "::") == 0))
		return 0; /* loopback, unspecified, broadcast: never an indicator */
	if (k == K_IBAN)
		props[0].value = v->buf;
	rec.type = kind_type[k];
	rec.name = cg_strbuf_cstr(v);
	rec.props = props;
	rec.n_props = np;
	if ((rc = report_entity_add(c, v->buf, v->len, &rec, &e)))
		return rc < 0 ? rc : 0;
	if ((rc = mention(c, e, 0)) < 0)
		return rc;
	if (!(flags & F_HOST) && at >= c->clean.buf && at + atn <= c->clean.buf + c->clean.len &&
	    (rc = ner_note(c, kind_type[k], e, (size_t)(at - c->clean.buf), atn)) < 0)
		return rc;
	if (c->have_actor && c->actor != e &&
	    ((k == K_TECH && c->sec == SEC_TTP) ||
	     (k == K_CVE && (c->sec == SEC_TTP || in_tools(c))) ||
	     (k != K_TECH && k != K_CVE && in_tools(c))) &&
	    (rc = report_link(c, "uses", c->actor, e, 0)) < 0)
		return rc;
	if ((k == K_DOMAIN || k == K_IP) && !(flags & (F_HOST | F_CIDR))) {
		for (size_t q = 0; q < c->npairs; q++)
			if (c->pairs[q].e == e)
				return 0;
		if (CG_ARRAY_GROW(c->pairs, c->cappairs, c->npairs + 1, 16))
			return fatal_nomem(c);
		c->pairs[c->npairs].e = e;
		c->pairs[c->npairs++].is_ip = k == K_IP;
	}
	return 0;
}

/* Labels of a domain starting at s[i]: the end of the name, the number of
 * labels, where the last label starts; 0 when no name starts here. */
static size_t domain_span(const char *s, size_t i, size_t n, int *labels, size_t *tld,
                          int *underscore)
{
	size_t j = i, end = i;
	int nl = 0;

	*underscore = 0;
	for (;;) {
		size_t k = j;
		while (k < n && (is_alnum(UC(s, k)) || s[k] == '-' ||
		                 (s[k] == '_' && k + 1 < n &&
		                  (is_alnum(UC(s, k + 1)) || s[k + 1] == '-')))) {
			if (s[k] == '_')
				*underscore = 1;
			k++;
		}
		if (k == j || k - j > 63 || s[j] == '-' || s[k - 1] == '-')
			return nl >= 2 && k == j ? end : 0;
		nl++;
		*tld = j;
		end = k;
		if (k + 1 < n && s[k] == '.' && is_alnum(UC(s, k + 1))) {
			j = k + 1;
			continue;
		}
		break;
	}
	*labels = nl;
	return end;
}

enum { DOM_FREE = 0, DOM_URL = 1, DOM_EMAIL = 2 };

/* Whether s[i..end) is a domain name: two labels or more, a known TLD in
 * letters, and (in running text) not a file name or a product name. */
static int domain_ok(const rctx *c, const char *s, size_t i, size_t end, int labels, size_t tld,
                     int underscore, int ctx)
{
	size_t tl = end - tld;
	int upper = 0;

	if (labels < 2 || end - i > 253 || (underscore && ctx != DOM_URL))
		return 0;
	if (tl >= 4 && strncasecmp(s + tld, "xn--", 4) == 0) {
		/* a punycode TLD */
	} else {
		for (size_t k = tld; k < end; k++) {
			if (!is_alpha(UC(s, k)))
				return 0;
			upper |= is_upper(UC(s, k));
		}
	}
	if (!tld_known(s + tld, tl))
		return 0;
	if (ctx == DOM_FREE && !defanged(c, i, end)) {
		char t[8];
		if (upper)
			return 0; /* "ASP.NET", "group.In": names and typos, not domains */
		if (tl < sizeof t) {
			for (size_t k = 0; k < tl; k++)
				t[k] = (char)to_lower(UC(s, tld + k));
			if (in_list(t, tl, file_ext_tlds, file_ext_tlds_count))
				return 0; /* "setup.zip", "README.md" */
		}
	}
	return 1;
}

/* A domain in running text. */
static size_t scan_domain(rctx *c, const char *s, size_t i, size_t n)
{
	int labels, us;
	size_t tld, end;

	if (i > 0 && (s[i - 1] == '@' || s[i - 1] == '/' || s[i - 1] == '\\'))
		return 0;
	if (i > 0 && s[i - 1] == '.' && !(i > 1 && s[i - 2] == '*'))
		return 0; /* inside a name, except "*.evil.example" */
	end = domain_span(s, i, n, &labels, &tld, &us);
	if (!end || !close_at(s, end, n))
		return 0;
	if (end < n &&
	    (s[end] == '(' || s[end] == '[' || s[end] == '{' || s[end] == '=' || s[end] == '@'))
		return 0; /* a method call or an assignment in code */
	if (!domain_ok(c, s, i, end, labels, tld, us, DOM_FREE))
		return 0;
	if (emit_indicator(c, K_DOMAIN, s + i, end - i, 0) < 0)
		return 0;
	return end;
}

/* Whether the label s[a .. b) is the publisher's name pub[0 .. np) cut
 * into hyphenated words: each part (letters only) the start of a word of the
 * name, at least 3 letters, the words in the name's order, the first part of
 * 4 letters or more ("ashgrove-labs" of "Ashgrove Threat Labs"). */
static int hyphen_words(const char *s, size_t a, size_t b, const char *pub, size_t np)
{
	size_t w = 0, parts = 0;

	if (!memchr(s + a, '-', b - a))
		return 0;
	while (a < b) {
		size_t e = a, l;
		int found = 0;
		while (e < b && s[e] != '-')
			e++;
		l = e - a;
		for (size_t k = a; k < e; k++)
			if (!is_alpha(UC(s, k)))
				return 0;
		if (l < 3 || (parts == 0 && l < 4))
			return 0;
		while (w < np && !found) { /* the next word of the name that starts so */
			size_t ws;
			while (w < np && !is_alpha(UC(pub, w)))
				w++;
			ws = w;
			while (w < np && is_alpha(UC(pub, w)))
				w++;
			found = w - ws >= l && strncasecmp(pub + ws, s + a, l) == 0;
		}
		if (!found)
			return 0;
		parts++;
		a = e + 1;
	}
	return parts >= 2;
}

/* Whether the domain s[h .. e) is the publisher's own: its registrable
 * label (the one before the TLD, or before "co", "com" ... of "co.uk"),
 * letters only, is a start of the publisher's name written as one word
 * ("eastwind-sec" of "Eastwind Security", at least 5 letters) or one of its
 * words of at least 4 letters. A look-alike with more in it
 * ("eastwind-sec-verify") is not. */
static int publisher_domain(const rctx *c, const char *s, size_t h, size_t e)
{
	char lab[64], pub[128];
	size_t ln = 0, pn = 0, a, b = e, dots = 0;

	if (!c->m_pub.len)
		return 0;
	for (size_t k = e; k > h; k--)
		if (s[k - 1] == '.' && ++dots == 1)
			b = k - 1;
	for (;;) {
		for (a = b; a > h && s[a - 1] != '.';)
			a--;
		if (b - a <= 3 && a > h)
			b = a - 1; /* "co" of "co.uk": the label before */
		else
			break;
	}
	for (size_t k = a; k < b && ln < sizeof lab; k++)
		if (is_alpha(UC(s, k)))
			lab[ln++] = (char)to_lower(UC(s, k));
	for (size_t k = 0; k < c->m_pub.len && pn < sizeof pub; k++)
		if (is_alpha(UC(c->m_pub.buf, k)))
			pub[pn++] = (char)to_lower(UC(c->m_pub.buf, k));
	if (ln >= 5 && ln <= pn && memcmp(lab, pub, ln) == 0)
		return 1;
	for (size_t k = 0; k < c->m_pub.len;) {
		size_t w = k, wn = 0;
		while (k < c->m_pub.len && is_alpha(UC(c->m_pub.buf, k)))
			k++;
		if (k - w >= 4 && k - w == ln) {
			for (wn = 0; wn < ln && to_lower(UC(c->m_pub.buf, w + wn)) == UC(lab, wn);)
				wn++;
			if (wn == ln)
				return 1;
		}
		if (k == w)
			k++;
	}
	return hyphen_words(s, a, b, c->m_pub.buf, c->m_pub.len);
}

static size_t scan_email(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i, end, tld;
	int labels, us;

	while (j < n && (is_alnum(UC(s, j)) || s[j] == '.' || s[j] == '_' || s[j] == '%' ||
	                 s[j] == '+' || s[j] == '-'))
		j++;
	if (j >= n || s[j] != '@' || j == i || j - i > 64)
		return 0;
	if (s[i] == '.' || s[j - 1] == '.')
		return 0;
	for (size_t k = i; k + 1 < j; k++)
		if (s[k] == '.' && s[k + 1] == '.')
			return 0;
	end = domain_span(s, j + 1, n, &labels, &tld, &us);
	if (!end || !close_at(s, end, n) ||
	    !domain_ok(c, s, j + 1, end, labels, tld, us, DOM_EMAIL))
		return 0;
	if (!defanged(c, i, end) && publisher_domain(c, s, j + 1, end)) {
		/* the publisher's own address: a reference, not an indicator */
		if (report_reference(c, s + i, end - i) < 0 || push_span(c, i, end) < 0)
			return 0;
		return end;
	}
	if (emit_indicator(c, K_EMAIL, s + i, end - i, 0) < 0)
		return 0;
	return end;
}

/* Validates an IPv4 or IPv6 address text (no port) with the normaliser. */
static int ip_valid(rctx *c, const char *s, size_t n)
{
	return cg_norm_ip(s, n, &c->tmp) == 0;
}

/* The word before s[i], across blanks, ':', '=', '(' and ',': [*b, *e);
 * a word may hold dots ("1.4.2"). */
static void word_before(const char *s, size_t i, size_t *b, size_t *e)
{
	*e = i;
	while (*e > 0 && (s[*e - 1] == ' ' || s[*e - 1] == ':' || s[*e - 1] == '=' ||
	                  s[*e - 1] == '(' || s[*e - 1] == ','))
		(*e)--;
	if (*e > 0 && s[*e - 1] == '.')
		(*e)--; /* "v. 1.2.3.4" */
	*b = *e;
	while (*b > 0 && (is_alnum(UC(s, *b - 1)) ||
	                  (s[*b - 1] == '.' && *b >= 2 && is_digit(UC(s, *b - 2)))))
		(*b)--;
}

static int connector(const char *s, size_t b, size_t e)
{
	return eq_nocase(s + b, e - b, "to") || eq_nocase(s + b, e - b, "from") ||
	       eq_nocase(s + b, e - b, "and") || eq_nocase(s + b, e - b, "or");
}

/* Whether a dotted quad at s[i] is a version number by its context: a
 * version word before it ("version 1.2.3.4", "firmware to 10.2.0.7"), or a
 * list it shares with version numbers ("1.4.2 and 2.0.0.3", "upgrade from
 * 4.2.0.1 to 4.2.0.7"). depth bounds the look back. */
static int after_version_word(const char *s, size_t i, int depth)
{
	size_t b, e;
	int dots = 0, digits = 1;

	word_before(s, i, &b, &e);
	if (b == e)
		return 0;
	if (in_list(s + b, e - b, version_words, version_words_count))
		return 1;
	if (connector(s, b, e)) {
		word_before(s, b, &b, &e); /* the item before the connector */
		if (b == e)
			return 0;
		if (in_list(s + b, e - b, version_words, version_words_count))
			return 1;
	} else if (!memchr(s + e, ',', i - e)) {
		return 0;
	}
	for (size_t k = b; k < e; k++) {
		dots += s[k] == '.';
		digits &= is_digit(UC(s, k)) || s[k] == '.';
	}
	if (!digits)
		return 0;
	if (dots == 1 || dots == 2)
		return 1;
	return dots == 3 && depth < 4 && after_version_word(s, b, depth + 1);
}

static size_t scan_ipv4(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i;
	unsigned flags = 0;

	for (int part = 0; part < 4; part++) {
		size_t d = j;
		unsigned v = 0;
		while (j < n && is_digit(UC(s, j)) && j - d < 4)
			v = v * 10 + (unsigned)(s[j++] - '0');
		if (j == d || j - d > 3 || v > 255 || (j - d > 1 && s[d] == '0'))
			return 0;
		if (part < 3) {
			if (j >= n || s[j] != '.')
				return 0;
			j++;
		}
	}
	size_t end = j;
	if (j < n && s[j] == '.' && j + 1 < n && is_digit(UC(s, j + 1)))
		return 0; /* five parts or more: a version or an OID */
	if (j + 1 < n && (s[j] == '-' || s[j] == '_')) {
		/* "1.2.3.4-beta", "10.2.0.7-34sv"; a range "1.2.3.4-1.2.3.9" is fine */
		size_t k = j + 1;
		while (k < n && is_alnum(UC(s, k))) {
			if (is_alpha(UC(s, k)))
				return 0;
			k++;
		}
	}
	if (j < n && s[j] == '/' && j + 1 < n && is_digit(UC(s, j + 1))) {
		size_t d = j + 1;
		unsigned v = 0;
		while (d < n && is_digit(UC(s, d)) && d - j <= 3)
			v = v * 10 + (unsigned)(s[d++] - '0');
		if (v <= 32 && close_at(s, d, n)) {
			end = d;
			flags |= F_CIDR;
		}
	}
	if (!close_at(s, end, n) || after_version_word(s, i, 0))
		return 0;
	if (emit_indicator(c, K_IP, s + i, end - i, flags) < 0)
		return 0;
	/* a port is part of the token, not of the address */
	if (end < n && s[end] == ':' && end + 1 < n && is_digit(UC(s, end + 1))) {
		end++;
		while (end < n && is_digit(UC(s, end)))
			end++;
	}
	return end;
}

static size_t scan_ipv6(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i, end;
	char buf[72];

	while (j < n && (is_hex(UC(s, j)) || s[j] == ':' || s[j] == '.'))
		j++;
	end = j;
	/* sentence punctuation after the address */
	while (end > i &&
	       (s[end - 1] == '.' || (s[end - 1] == ':' && !(end - i >= 2 && s[end - 2] == ':'))))
		end--;
	if (end - i < 3 || end - i >= 46)
		return 0;
	int colons = 0, maxgroup = 0, group = 0, dcolon = 0;
	for (size_t k = i; k < end; k++) {
		if (s[k] == ':') {
			colons++;
			if (k + 1 < end && s[k + 1] == ':')
				dcolon = 1;
			group = 0;
		} else if (s[k] != '.' && ++group > maxgroup) {
			maxgroup = group;
		}
	}
	if (colons < 2 || (colons < 3 && maxgroup < 3) || (!dcolon && colons < 7))
		return 0;
	size_t stop = end;
	if (stop < n && s[stop] == '/' && stop + 1 < n && is_digit(UC(s, stop + 1))) {
		size_t d = stop + 1;
		while (d < n && is_digit(UC(s, d)) && d - stop <= 3)
			d++;
		stop = d;
	}
	if (!close_at(s, stop, n) || (stop < n && (s[stop] == ':' || is_hex(UC(s, stop)))))
		return 0;
	memcpy(buf, s + i, stop - i);
	if (!ip_valid(c, buf, stop - i))
		return 0;
	if (emit_indicator(c, K_IP, s + i, stop - i, stop > end ? F_CIDR : 0) < 0)
		return 0;
	return stop;
}

/* "[2001:db8::1]" or "[2001:db8::1]:443". */
static size_t scan_ipv6_bracket(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i + 1, end;

	while (j < n && (is_hex(UC(s, j)) || s[j] == ':' || s[j] == '.'))
		j++;
	if (j >= n || s[j] != ']' || j - i - 1 < 3)
		return 0;
	int colons = 0;
	for (size_t k = i + 1; k < j; k++)
		colons += s[k] == ':';
	if (colons < 2 || !ip_valid(c, s + i + 1, j - i - 1))
		return 0;
	if (emit_indicator(c, K_IP, s + i + 1, j - i - 1, 0) < 0)
		return 0;
	end = j + 1;
	if (end < n && s[end] == ':')
		while (++end < n && is_digit(UC(s, end)))
			;
	return end;
}

/* Whether what follows a hex run makes it part of a domain name
 * ("<md5>.example.com" is a host, "<sha256>.exe" a sample name). */
static int continues_as_domain(rctx *c, const char *s, size_t i, size_t j, size_t n)
{
	int labels, us;
	size_t tld, end;

	if (j + 1 >= n || s[j] != '.' || !is_alnum(UC(s, j + 1)))
		return 0;
	end = domain_span(s, i, n, &labels, &tld, &us);
	return end && domain_ok(c, s, i, end, labels, tld, us, DOM_FREE);
}

static size_t scan_hash(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i;
	int digits_only = 1;

	while (j < n && is_hex(UC(s, j))) {
		digits_only &= is_digit(UC(s, j));
		j++;
	}
	size_t len = j - i;
	if ((len != 32 && len != 40 && len != 64 && len != 128) || digits_only ||
	    !close_at(s, j, n))
		return 0;
	if (j < n && (s[j] == '@' || s[j] == '-'))
		return 0;
	if (continues_as_domain(c, s, i, j, n))
		return 0;
	if (emit_indicator(c, K_HASH, s + i, len, 0) < 0)
		return 0;
	return j;
}

static size_t scan_evm(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i + 2;

	if (i + 42 > n || s[i] != '0' || (s[i + 1] != 'x' && s[i + 1] != 'X'))
		return 0;
	while (j < n && is_hex(UC(s, j)))
		j++;
	if (j - i != 42 || !close_at(s, j, n))
		return 0;
	if (emit_indicator(c, K_WALLET, s + i, 42, 0) < 0)
		return 0;
	return j;
}

/* Base58check addresses: Bitcoin P2PKH ('1', version 0x00), P2SH ('3',
 * 0x05), Tron ('T', 0x41). */
static size_t scan_base58(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i;
	unsigned char version;

	if (s[i] != '1' && s[i] != '3' && s[i] != 'T')
		return 0;
	while (j < n && checksum_base58_digit(UC(s, j)) >= 0)
		j++;
	size_t len = j - i;
	if (!close_at(s, j, n) || (j < n && (s[j] == '@' || s[j] == '-')))
		return 0;
	if (s[i] == '1' || s[i] == '3') {
		if (len < 26 || len > 35)
			return 0;
		version = s[i] == '1' ? 0x00 : 0x05;
	} else if (s[i] == 'T') {
		if (len != 34)
			return 0;
		version = 0x41;
	} else {
		return 0;
	}
	if (!checksum_base58check_ok(s + i, len, version))
		return 0;
	if (emit_indicator(c, K_WALLET, s + i, len, 0) < 0)
		return 0;
	return j;
}

static size_t scan_bech32(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i;

	if (i + 14 > n || (s[i] | 32) != 'b' || (s[i + 1] | 32) != 'c' || s[i + 2] != '1')
		return 0;
	while (j < n && is_alnum(UC(s, j)))
		j++;
	if (!close_at(s, j, n) || j - i < 14 || j - i > 74 ||
	    !checksum_bech32_ok(s + i, j - i, "bc"))
		return 0;
	if (emit_indicator(c, K_WALLET, s + i, j - i, 0) < 0)
		return 0;
	return j;
}

static int iban_length_of(const char *cc)
{
	for (size_t i = 0; i < cg_iban_lengths_count; i++)
		if (strncmp(cg_iban_lengths[i].alpha2, cc, 2) == 0)
			return cg_iban_lengths[i].length;
	return 0;
}

/* An IBAN in capitals, compact or in groups of four separated by single
 * spaces, checked by length and mod-97. */
static size_t scan_iban(rctx *c, const char *s, size_t i, size_t n)
{
	char buf[40];
	size_t j = i, count = 0;
	int want;

	if (i + 4 > n || !is_upper(UC(s, i)) || !is_upper(UC(s, i + 1)) ||
	    !is_digit(UC(s, i + 2)) || !is_digit(UC(s, i + 3)))
		return 0;
	if (!(want = iban_length_of(s + i)) || want > 34)
		return 0;
	while (j < n && count < (size_t)want) {
		int ch = UC(s, j);
		if (is_upper(ch) || is_digit(ch)) {
			buf[count++] = (char)ch;
			j++;
		} else if (ch == ' ' && count % 4 == 0 && j + 1 < n &&
		           (is_upper(UC(s, j + 1)) || is_digit(UC(s, j + 1)))) {
			j++;
		} else {
			break;
		}
	}
	if (count != (size_t)want || !close_at(s, j, n))
		return 0;
	if (cg_norm_iban(buf, count, &c->tmp) != 0)
		return 0;
	if (emit_indicator_at(c, K_IBAN, buf, count, 0, s + i, j - i) < 0)
		return 0;
	return j;
}

static int calling_code_known(const char *d, size_t n)
{
	for (size_t i = 0; i < cg_calling_codes_count; i++) {
		size_t l = strlen(cg_calling_codes[i].code);
		if (l <= n && memcmp(cg_calling_codes[i].code, d, l) == 0)
			return 1;
	}
	return 0;
}

/* A phone number in international form: '+', the country code, then groups
 * of digits separated by single spaces, hyphens, dots or an area code in
 * parentheses ("+1 (480) 555-0134", "+44 (0)20 7946 0958"); 8 to 15 digits. */
static size_t scan_phone(rctx *c, const char *s, size_t i, size_t n)
{
	char d[20]; /* room for '+' and 15 digits */
	size_t j = i + 1, nd = 0, end = 0;

	if (i > 0 && (is_alnum(UC(s, i - 1)) || s[i - 1] == '+'))
		return 0;
	if (j >= n || !is_digit(UC(s, j)))
		return 0;
	for (;;) {
		/* one group of digits */
		size_t g0 = j, gd = nd;
		while (j < n && is_digit(UC(s, j))) {
			if (nd >= 15)
				return 0; /* a run too long for a phone number */
			d[nd++] = s[j++];
		}
		if (j == g0 && gd == nd)
			break;
		end = j;
		/* a separator, then more digits or "(area)" */
		size_t k = j;
		if (k < n && (s[k] == ' ' || s[k] == '-' || s[k] == '.'))
			k++;
		if (k < n && s[k] == '(') {
			size_t q = k + 1, qd = nd;
			char tmp[8];
			size_t t = 0;
			while (q < n && is_digit(UC(s, q)) && t < sizeof tmp)
				tmp[t++] = s[q++];
			if (q >= n || s[q] != ')' || t == 0 || t > 5)
				break;
			if (!(t == 1 && tmp[0] == '0')) {
				if (nd + t > 15)
					break;
				memcpy(d + nd, tmp, t);
				nd += t;
			}
			(void)qd;
			j = q + 1;
			end = j;
			if (j < n && (s[j] == ' ' || s[j] == '-' || s[j] == '.') && j + 1 < n &&
			    is_digit(UC(s, j + 1)))
				j++;
			continue;
		}
		if (k > j && k < n && is_digit(UC(s, k))) {
			/* stop before a group that makes the number too long */
			size_t q = k, t = 0;
			while (q < n && is_digit(UC(s, q)))
				q++, t++;
			if (nd + t > 15)
				break;
			j = k;
			continue;
		}
		break;
	}
	if (nd < 8 || nd > 15 || !close_at(s, end, n) || !calling_code_known(d, nd))
		return 0;
	if (end < n && s[end] == '+')
		return 0; /* an AsciiDoc passthrough: "+203.0.113.150+" */
	{
		int dots = 0, other = 0;
		for (size_t k = i + 1; k < end; k++)
			dots += s[k] == '.', other += s[k] == ' ' || s[k] == '-' || s[k] == '(';
		if (dots == 3 && !other)
			return 0; /* "+192.0.2.1": an address */
	}
	/* the digits collected, without a trunk "(0)" */
	memmove(d + 1, d, nd);
	d[0] = '+';
	if (emit_indicator_at(c, K_PHONE, d, nd + 1, 0, s + i, end - i) < 0)
		return 0;
	return end;
}

/* ATT&CK technique ids: T1566, T1566.001 (enterprise), T0817 (ICS). */
static size_t scan_technique(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i + 5;

	if (i + 5 > n || s[i] != 'T' || (s[i + 1] != '0' && s[i + 1] != '1') ||
	    !is_digit(UC(s, i + 2)) || !is_digit(UC(s, i + 3)) || !is_digit(UC(s, i + 4)))
		return 0;
	if (j + 4 <= n && s[j] == '.' && is_digit(UC(s, j + 1)) && is_digit(UC(s, j + 2)) &&
	    is_digit(UC(s, j + 3)) && close_at(s, j + 4, n))
		j += 4;
	else if (j < n && s[j] == '.' && j + 1 < n && is_digit(UC(s, j + 1)))
		return 0;
	if (!close_at(s, j, n))
		return 0;
	if (emit_indicator(c, K_TECH, s + i, j - i, 0) < 0)
		return 0;
	return j;
}

static size_t scan_cve(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = i + 9, d;

	if (i + 14 > n || (s[i] | 32) != 'c' || strncasecmp(s + i, "cve-", 4) != 0)
		return 0;
	for (size_t k = i + 4; k < i + 8; k++)
		if (!is_digit(UC(s, k)))
			return 0;
	if (s[i + 8] != '-')
		return 0;
	d = j;
	while (j < n && is_digit(UC(s, j)))
		j++;
	if (j - d < 4 || j - d > 7 || !close_at(s, j, n))
		return 0;
	if (emit_indicator(c, K_CVE, s + i, j - i, 0) < 0)
		return 0;
	return j;
}

static const char *const url_schemes[] = {"https://", "http://", "ftps://", "ftp://",
                                          "sftp://",  "wss://",  "ws://"};

/* A URL with its scheme; its host (a domain or an address) is also an
 * indicator. Markdown and AsciiDoc around it ("(...)", "<...>", "**...**",
 * "+...+") and sentence punctuation after it are not part of it. */
/* Whether the link s[i .. end) of the line is a citation, not an
 * indicator: a plain link in a report that defangs its indicators, or a
 * link after "see", "read more", "source:" ... */
static int citation(const rctx *c, const char *s, size_t i, size_t end)
{
	static const char *const cues[] = {"see ",           "more information", "read more",
	                                   "available at",   "source:",          "sources:",
	                                   "retrieved from", "published at",     "full report"};
	size_t from = i > 40 ? i - 40 : 0;

	if (defanged(c, i, end))
		return 0;
	if (c->fanged_report)
		return 1;
	for (size_t k = from; k < i; k++) {
		if (k > from && is_alpha(UC(s, k - 1)))
			continue;
		for (size_t q = 0; q < NELEM(cues); q++) {
			size_t l = strlen(cues[q]);
			if (k + l <= i && strncasecmp(s + k, cues[q], l) == 0)
				return 1;
		}
	}
	return 0;
}

static size_t scan_url(rctx *c, const char *s, size_t i, size_t n)
{
	size_t j = 0, h, he, a, end;
	int ch = s[i] | 32, depth = 0, is_ip = 0;

	if (ch != 'h' && ch != 'f' && ch != 's' && ch != 'w')
		return 0;
	if (!((i + 5 < n && s[i + 2] == ':') || (i + 6 < n && s[i + 3] == ':') ||
	      (i + 7 < n && s[i + 4] == ':') || (i + 8 < n && s[i + 5] == ':')))
		return 0; /* no "://" where a scheme would end */
	for (size_t k = 0; k < NELEM(url_schemes); k++) {
		size_t l = strlen(url_schemes[k]);
		if (i + l <= n && strncasecmp(s + i, url_schemes[k], l) == 0) {
			j = i + l;
			break;
		}
	}
	if (!j || j >= n)
		return 0;
	end = j;
	if (s[j] == '[') { /* an IPv6 host */
		while (end < n && s[end] != ']' && !is_space(UC(s, end)))
			end++;
		if (end >= n || s[end] != ']')
			return 0;
	}
	while (end < n && !is_space(UC(s, end)) && !strchr("<>\"'`|[", s[end]) &&
	       UC(s, end) < 0x80) {
		if (s[end] == '(')
			depth++;
		else if (s[end] == ')' && depth-- == 0)
			break;
		end++;
	}
	while (end > j && strchr(".,;:!?*_'+~", s[end - 1]))
		end--;
	/* the authority: [userinfo@]host[:port] */
	for (a = j; a < end && s[a] != '/' && s[a] != '?' && s[a] != '#';)
		a++;
	h = j;
	for (size_t k = j; k < a; k++)
		if (s[k] == '@')
			h = k + 1;
	if (h < a && s[h] == '[') {
		for (he = h + 1; he < a && s[he] != ']';)
			he++;
		if (he >= a || !ip_valid(c, s + h + 1, he - h - 1))
			return 0;
		is_ip = 2;
	} else {
		for (he = h; he < a && s[he] != ':';)
			he++;
		while (he > h && s[he - 1] == '.')
			he--;
		if (he == h)
			return 0;
		if (ip_valid(c, s + h, he - h)) {
			is_ip = 1;
		} else {
			int labels, us;
			size_t tld, dend = domain_span(s, h, he, &labels, &tld, &us);
			if (dend != he || !domain_ok(c, s, h, he, labels, tld, us, DOM_URL))
				return 0;
		}
	}
	if (citation(c, s, i, end)) {
		if (report_reference(c, s + i, end - i) < 0 || push_span(c, i, end) < 0)
			return 0;
		return end;
	}
	if (emit_indicator(c, K_URL, s + i, end - i, 0) < 0)
		return 0;
	if (is_ip == 2) {
		if (emit_indicator(c, K_IP, s + h + 1, he - h - 1, F_HOST) < 0)
			return 0;
	} else if (emit_indicator(c, is_ip ? K_IP : K_DOMAIN, s + h, he - h, F_HOST) < 0) {
		return 0;
	}
	return end;
}

/* Finds every indicator of the clean line, left to right: at each position
 * where a word starts, the recognisers are tried in an order that lets the
 * more specific win (a URL before its host, an e-mail before its domain,
 * an EVM address before a hash); a word nothing recognises is skipped whole. */
int scan_indicators(rctx *c)
{
	const char *s = cg_strbuf_cstr(&c->clean);
	size_t n = c->clean.len;

	c->nspans = 0;
	for (size_t i = 0; i < n && !c->rc;) {
		int ch = UC(s, i);
		size_t e = 0;
		if (!is_alnum(ch) && ch != '+' && ch != '[' && ch != ':') {
			i++;
			continue;
		}
		if (!open_at(s, i)) {
			/* inside a word: skip to its end (a '+', '[' or ':' alone) */
			size_t j = i + 1;
			while (is_alnum(ch) && j < n && (is_alnum(UC(s, j)) || s[j] == '_'))
				j++;
			i = j;
			continue;
		}
		if (ch == '+') {
			e = scan_phone(c, s, i, n);
		} else if (ch == '[') {
			e = scan_ipv6_bracket(c, s, i, n);
		} else if (ch == ':') {
			if (i + 1 < n && s[i + 1] == ':' && (i == 0 || s[i - 1] != ':'))
				e = scan_ipv6(c, s, i, n);
		} else if (is_alpha(ch)) {
			if (!(e = scan_url(c, s, i, n)) && !c->rc &&
			    !(e = scan_email(c, s, i, n)) && !c->rc &&
			    !(e = scan_cve(c, s, i, n)) && !c->rc &&
			    !(e = scan_technique(c, s, i, n)) && !c->rc &&
			    !(e = scan_iban(c, s, i, n)) && !c->rc &&
			    !(e = scan_bech32(c, s, i, n)) && !c->rc &&
			    !(e = scan_base58(c, s, i, n)) && !c->rc &&
			    !(e = is_hex(ch) ? scan_hash(c, s, i, n) : 0) && !c->rc &&
			    !(e = is_hex(ch) ? scan_ipv6(c, s, i, n) : 0) && !c->rc)
				e = scan_domain(c, s, i, n);
		} else {
			if (!(e = scan_evm(c, s, i, n)) && !c->rc &&
			    !(e = scan_email(c, s, i, n)) && !c->rc &&
			    !(e = scan_hash(c, s, i, n)) && !c->rc &&
			    !(e = scan_base58(c, s, i, n)) && !c->rc &&
			    !(e = scan_ipv4(c, s, i, n)) && !c->rc &&
			    !(e = scan_ipv6(c, s, i, n)) && !c->rc)
				e = scan_domain(c, s, i, n);
		}
		if (c->rc)
			break;
		if (e > i) {
			if (push_span(c, i, e))
				break;
			i = e;
			continue;
		}
		/* skip the word, with its dots and hyphens */
		size_t j = i;
		while (j < n && (is_alnum(UC(s, j)) || s[j] == '_' || s[j] == '.' || s[j] == '-'))
			j++;
		i = j > i ? j : i + 1;
	}
	return c->rc;
}

/* domain resolves_to IP where the line pairs them: an alternating list
 * (domain, address, domain, address ...), or a table row with one of each. */
int pair_hosts(rctx *c, int table_row)
{
	size_t nd = 0, ni = 0;
	int alternating = c->npairs >= 2 && c->npairs % 2 == 0;
	int rc;

	for (size_t k = 0; k < c->npairs; k++) {
		if (c->pairs[k].is_ip)
			ni++;
		else
			nd++;
		if (c->pairs[k].is_ip != (int)(k % 2))
			alternating = 0;
	}
	if (alternating) {
		for (size_t k = 0; k + 1 < c->npairs; k += 2)
			if ((rc = report_link(c, "resolves_to", c->pairs[k].e, c->pairs[k + 1].e,
			                      0)) < 0)
				return rc;
	} else if (table_row && nd == 1 && ni == 1) {
		cg_eid d = c->pairs[0].is_ip ? c->pairs[1].e : c->pairs[0].e;
		cg_eid ip = c->pairs[0].is_ip ? c->pairs[0].e : c->pairs[1].e;
		if ((rc = report_link(c, "resolves_to", d, ip, 0)) < 0)
			return rc;
	}
	return 0;
}

/* ---- undoing Markdown escapes and defanging ---- */

static int ascii_punct(int c)
{
	return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
	       (c >= 0x7b && c <= 0x7e);
}

static const struct {
	const char *from;
	char to;
} defangs[] = {
    {"[.]", '.'},   {"(.)", '.'},  {"{.}", '.'},  {"[dot]", '.'}, {"(dot)", '.'},
    {"{dot}", '.'}, {"[at]", '@'}, {"(at)", '@'}, {"{at}", '@'},  {"[@]", '@'},
    {"(@)", '@'},   {"{@}", '@'},  {"[:]", ':'},  {"[://]", 0},   {"[/]", '/'},
};

static int put_clean(rctx *c, const char *s, size_t n, int fang)
{
	if (cg_strbuf_append(&c->clean, s, n))
		return CG_ENOMEM;
	if (c->clean.len > c->fang_cap) {
		size_t cap = c->fang_cap ? c->fang_cap : 256;
		while (cap < c->clean.len)
			cap *= 2;
		unsigned char *f = realloc(c->fang, cap);
		if (!f)
			return CG_ENOMEM;
		c->fang = f;
		c->fang_cap = cap;
	}
	memset(c->fang + c->clean.len - n, fang, n);
	return 0;
}

/* clean = the line with Markdown backslash escapes removed and defanging
 * undone; fang marks the bytes defanging produced. A bracketed form with a
 * blank on each side ("evil [.] com") takes its blanks with it. */
int clean_line(rctx *c, const char *s, size_t n)
{
	const char *u;
	size_t un;

	cg_strbuf_reset(&c->unesc);
	cg_strbuf_reset(&c->clean);
	if (cg_strbuf_reserve(&c->unesc, n) || cg_strbuf_reserve(&c->clean, n))
		return CG_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && ascii_punct(UC(s, i + 1)))
			i++;
		c->unesc.buf[c->unesc.len++] = s[i];
	}
	c->unesc.buf[c->unesc.len] = '\0';
	u = c->unesc.buf;
	un = c->unesc.len;
	for (size_t i = 0; i < un;) {
		int ch = UC(u, i);
		if ((ch == '[' || ch == '(' || ch == '{') && i + 1 < un &&
		    strchr(".dDaA@:/", u[i + 1])) {
			size_t k;
			for (k = 0; k < NELEM(defangs); k++) {
				size_t l = strlen(defangs[k].from);
				if (i + l <= un && strncasecmp(u + i, defangs[k].from, l) == 0)
					break;
			}
			if (k < NELEM(defangs)) {
				size_t l = strlen(defangs[k].from);
				/* "evil [.] com": the blanks go too */
				if (c->clean.len >= 2 && c->clean.buf[c->clean.len - 1] == ' ' &&
				    is_alnum(UC(c->clean.buf, c->clean.len - 2)) &&
				    i + l + 1 < un && u[i + l] == ' ' &&
				    is_alnum(UC(u, i + l + 1))) {
					c->clean.buf[--c->clean.len] = '\0';
					l++;
				}
				int rc = defangs[k].to ? put_clean(c, &defangs[k].to, 1, 1)
				                       : put_clean(c, "://", 3, 1);
				if (rc)
					return rc;
				i += strlen(defangs[k].from) + (l > strlen(defangs[k].from));
				continue;
			}
		} else if ((ch == 'h' || ch == 'H' || ch == 'f' || ch == 'F') && open_at(u, i)) {
			/* hxxp://, hxxps://, hXXp[:]//, fxp:// */
			size_t x = i + 1;
			if (x + 1 < un && (u[x] | 32) == 'x' && (u[x + 1] | 32) == 'x' &&
			    (ch | 32) == 'h')
				x += 2;
			else if (x < un && (u[x] | 32) == 'x' && (ch | 32) == 'f')
				x += 1;
			else
				x = 0;
			if (x && x < un && (u[x] | 32) == 'p') {
				size_t y = x + 1;
				if (y < un && (u[y] | 32) == 's')
					y++;
				if (y < un && (u[y] == ':' || u[y] == '[')) {
					int rc = put_clean(c, u + i, 1, 0);
					if (!rc)
						rc = (ch | 32) == 'h' ? put_clean(c, "tt", 2, 1)
						                      : put_clean(c, "t", 1, 1);
					if (rc)
						return rc;
					i = x;
					continue;
				}
			}
		}
		if (put_clean(c, u + i, 1, 0))
			return CG_ENOMEM;
		i++;
	}
	return 0;
}
