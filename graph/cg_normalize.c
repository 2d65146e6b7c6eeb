#include "cg_normalize.h"

#include "cg_error.h"
#include "cg_hash.h"
#include "cg_tables.h"
#include "cg_types.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

int cg_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c = *p;
		if (c < 0x80) {
			if (c == 0)
				return 0;
			p++;
			continue;
		}
		size_t len;
		uint32_t cp, min;
		if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return 0;
		}
		if ((size_t)(end - p) < len)
			return 0;
		for (size_t i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		p += len;
	}
	return 1;
}

static int is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Appends one folded "word character" or a separator, keeping at most one
 * space between tokens and none at the start. */
static int put_sep(cg_strbuf *out)
{
	if (out->len && out->buf[out->len - 1] != ' ')
		return cg_strbuf_putc(out, ' ');
	return 0;
}

static void trim_end(cg_strbuf *out)
{
	while (out->len && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
}

/* The ASCII fast path gives the same result as the Unicode path below on
 * ASCII input: NFKC and accent stripping are the identity there, case folding
 * is tolower, and the punctuation classes agree. */
static int norm_text_ascii(const char *s, size_t n, cg_strbuf *out)
{
	if (cg_strbuf_reserve(out, n))
		return CG_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			out->buf[out->len++] = (char)(c + 32);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out->buf[out->len++] = (char)c;
		else if (c == '.' || c == '\'')
			continue;
		else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
		          c != '\v') ||
		         c == 0x7f)
			continue; /* dropped as utf8proc's STRIPCC drops them */
		else if (out->len && out->buf[out->len - 1] != ' ')
			out->buf[out->len++] = ' ';
	}
	out->buf[out->len] = '\0';
	trim_end(out);
	return 0;
}

int cg_norm_literal(const char *s, size_t n, cg_strbuf *out)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t mlen;
	const char *t = s;
	size_t tn = n;
	int rc = 0;

	cg_strbuf_reset(out);
	if (memchr(s, '\0', n) || !cg_utf8_valid(s, n))
		return CG_EPARSE;
	if (!is_ascii(s, n)) {
		mlen = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped,
		                    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
		                        UTF8PROC_CASEFOLD | UTF8PROC_IGNORE | UTF8PROC_STRIPCC);
		if (mlen < 0)
			return mlen == UTF8PROC_ERROR_NOMEM ? CG_ENOMEM : CG_EPARSE;
		t = (const char *)mapped;
		tn = (size_t)mlen;
	}
	if (cg_strbuf_reserve(out, tn)) {
		free(mapped);
		return CG_ENOMEM;
	}
	for (size_t i = 0; i < tn; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c >= 'A' && c <= 'Z')
			out->buf[out->len++] = (char)(c + 32);
		else if (c == ' ' || (c >= '\t' && c <= '\r')) {
			if (out->len && out->buf[out->len - 1] != ' ')
				out->buf[out->len++] = ' ';
		} else if (c >= 0x20 && c != 0x7f)
			out->buf[out->len++] = (char)c;
	}
	out->buf[out->len] = '\0';
	trim_end(out);
	free(mapped);
	return rc;
}

int cg_norm_text(const char *s, size_t n, cg_strbuf *out)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t mlen;
	int rc = 0;

	cg_strbuf_reset(out);
	if (is_ascii(s, n)) {
		if (memchr(s, '\0', n))
			return CG_EPARSE;
		return norm_text_ascii(s, n, out);
	}
	if (!cg_utf8_valid(s, n))
		return CG_EPARSE;
	mlen = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped,
	                    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
	                        UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE |
	                        UTF8PROC_STRIPCC | UTF8PROC_LUMP);
	if (mlen < 0)
		return mlen == UTF8PROC_ERROR_NOMEM ? CG_ENOMEM : CG_EPARSE;
	for (utf8proc_ssize_t i = 0; i < mlen;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(mapped + i, mlen - i, &cp);
		if (k <= 0) {
			rc = CG_EPARSE;
			goto out;
		}
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cp == '.' || cp == '\'' || cp == 0x2019 || cp == 0x02bc || cp == 0xb7) {
			/* dropped: abbreviations and elisions fold to one token */
		} else if ((cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO) ||
		           (cat >= UTF8PROC_CATEGORY_SM && cat <= UTF8PROC_CATEGORY_SO) ||
		           (cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_ZP) ||
		           cat == UTF8PROC_CATEGORY_CC || cp == ' ') {
			rc = put_sep(out);
		} else if (cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_CO ||
		           cat == UTF8PROC_CATEGORY_CN) {
			/* format characters, private use and unassigned: dropped */
		} else {
			rc = cg_strbuf_append(out, (const char *)mapped + i, (size_t)k);
		}
		if (rc)
			goto out;
		i += k;
	}
	trim_end(out);
out:
	free(mapped);
	return rc;
}

/* ---- lookup tables built once from cg_tables_data.c ---- */

typedef struct tables {
	cg_strpool *pool;     /* normalised names */
	cg_map64 country;     /* pool id -> index in cg_countries */
	cg_map64 legal;       /* pool id -> 1 + prefix flag */
	int max_legal_tokens; /* longest legal form, in tokens */
	int ok;               /* 1 when built */
} tables;

static tables T;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static int count_tokens(const char *s)
{
	int t = *s ? 1 : 0;
	for (; *s; s++)
		if (*s == ' ')
			t++;
	return t;
}

static int table_put(cg_map64 *m, const char *text, uint32_t val)
{
	cg_strbuf sb = CG_STRBUF_INIT;
	uint32_t id;
	int rc = cg_norm_text(text, strlen(text), &sb);

	if (!rc && sb.len)
		rc = cg_strpool_intern(T.pool, sb.buf, sb.len, &id);
	if (!rc && sb.len)
		rc = cg_map64_put(m, id, val);
	cg_strbuf_free(&sb);
	return rc;
}

static void build_tables(void)
{
	int rc = 0;

	T.pool = cg_strpool_new();
	if (!T.pool)
		return;
	for (size_t i = 0; i < cg_countries_count && !rc; i++) {
		rc = table_put(&T.country, cg_countries[i].name, (uint32_t)i);
		if (!rc)
			rc = table_put(&T.country, cg_countries[i].alpha2, (uint32_t)i);
		if (!rc)
			rc = table_put(&T.country, cg_countries[i].alpha3, (uint32_t)i);
	}
	for (size_t i = 0; i < cg_country_aliases_count && !rc; i++) {
		for (size_t j = 0; j < cg_countries_count; j++) {
			if (strcmp(cg_countries[j].alpha2, cg_country_aliases[i].alpha2) == 0) {
				rc =
				    table_put(&T.country, cg_country_aliases[i].alias, (uint32_t)j);
				break;
			}
		}
	}
	for (size_t i = 0; i < cg_legal_forms_count && !rc; i++) {
		cg_strbuf sb = CG_STRBUF_INIT;
		rc = cg_norm_text(cg_legal_forms[i].form, strlen(cg_legal_forms[i].form), &sb);
		if (!rc && sb.len) {
			int t = count_tokens(sb.buf);
			if (t > T.max_legal_tokens)
				T.max_legal_tokens = t;
		}
		cg_strbuf_free(&sb);
		if (!rc)
			rc = table_put(&T.legal, cg_legal_forms[i].form,
			               1 + (uint32_t)cg_legal_forms[i].prefix);
	}
	T.ok = rc == 0;
}

static int tables_ready(void)
{
	pthread_once(&tables_once, build_tables);
	return T.ok;
}

/* Is s[0..n) a legal form? 0 no, 1 suffix form, 2 prefix form. */
static int legal_form(const char *s, size_t n)
{
	uint32_t id = cg_strpool_find(T.pool, s, n), v;

	if (!id || !cg_map64_get(&T.legal, id, &v))
		return 0;
	return (int)v;
}

int cg_norm_company(const char *s, size_t n, cg_strbuf *out)
{
	int rc = cg_norm_text(s, n, out);

	if (rc || !out->len)
		return rc;
	if (!tables_ready())
		return CG_ENOMEM;
	/* Strip trailing forms, longest first, repeatedly ("co ltd", then "co"). */
	for (;;) {
		int stripped = 0;
		for (int k = T.max_legal_tokens; k >= 1 && !stripped; k--) {
			size_t start = out->len;
			int tokens = 0;
			while (start > 0 && tokens < k) {
				start--;
				if (out->buf[start] == ' ')
					tokens++;
			}
			if (tokens < k)
				continue; /* the whole name would go */
			if (legal_form(out->buf + start + 1, out->len - start - 1)) {
				out->len = start;
				out->buf[start] = '\0';
				stripped = 1;
			}
		}
		if (!stripped)
			break;
	}
	/* One leading prefix form ("ooo", "obshchestvo s ogranichennoy ...") when a
	 * name follows, longest first. */
	for (int k = T.max_legal_tokens; k >= 1; k--) {
		size_t end = 0;
		int tokens = 0;
		while (end < out->len && tokens < k) {
			end++;
			if (end == out->len || out->buf[end] == ' ')
				tokens++;
		}
		if (tokens < k || end >= out->len)
			continue; /* nothing would remain */
		if (legal_form(out->buf, end) == 2) {
			memmove(out->buf, out->buf + end + 1, out->len - end);
			out->len -= end + 1;
			break;
		}
	}
	return 0;
}

static const char *const address_words[][2] = {
    {"street", "st"},      {"avenue", "ave"}, {"av", "ave"},        {"road", "rd"},
    {"boulevard", "blvd"}, {"drive", "dr"},   {"lane", "ln"},       {"court", "ct"},
    {"place", "pl"},       {"square", "sq"},  {"highway", "hwy"},   {"parkway", "pkwy"},
    {"terrace", "ter"},    {"circle", "cir"}, {"building", "bldg"}, {"floor", "fl"},
    {"north", "n"},        {"south", "s"},    {"east", "e"},        {"west", "w"},
    {"suite", ""},         {"ste", ""},       {"apartment", ""},    {"apt", ""},
    {"unit", ""},          {"room", ""},      {"rm", ""},           {"no", ""},
    {"number", ""},
};

int cg_norm_address(const char *s, size_t n, cg_strbuf *out)
{
	cg_strbuf tmp = CG_STRBUF_INIT;
	int rc = cg_norm_text(s, n, &tmp);
	const char *p;

	cg_strbuf_reset(out);
	if (rc)
		goto out;
	p = cg_strbuf_cstr(&tmp);
	while (*p && !rc) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *rep = NULL;
		for (size_t i = 0; i < sizeof address_words / sizeof address_words[0]; i++) {
			if (strlen(address_words[i][0]) == len &&
			    memcmp(address_words[i][0], p, len) == 0) {
				rep = address_words[i][1];
				break;
			}
		}
		if (rep && !*rep) {
			/* dropped */
		} else {
			if (out->len)
				rc = cg_strbuf_putc(out, ' ');
			if (!rc)
				rc = rep ? cg_strbuf_puts(out, rep) : cg_strbuf_append(out, p, len);
		}
		p += len;
		while (*p == ' ')
			p++;
	}
out:
	cg_strbuf_free(&tmp);
	return rc;
}

/* Copies s trimmed of ASCII whitespace into out with defanging undone:
 * "[.]" "(.)" "{.}" "[dot]" "(dot)" "\[.\]" -> ".", "[at]" "(at)" "[@]" -> "@",
 * "[:]" -> ":", "hxxp" -> "http" at the start. */
static int undefang(const char *s, size_t n, cg_strbuf *out)
{
	static const char *const pats[][2] = {
	    {"\\[.\\]", "."}, {"[.]", "."},  {"(.)", "."},  {"{.}", "."}, {"[dot]", "."},
	    {"(dot)", "."},   {"[at]", "@"}, {"(at)", "@"}, {"[@]", "@"}, {"[:]", ":"},
	};
	int rc = 0;

	cg_strbuf_reset(out);
	if (!cg_utf8_valid(s, n))
		return CG_EPARSE;
	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n >= 4 && (s[0] == 'h' || s[0] == 'H') && (s[1] == 'x' || s[1] == 'X') &&
	    (s[2] == 'x' || s[2] == 'X') && (s[3] == 'p' || s[3] == 'P')) {
		rc = cg_strbuf_puts(out, "http");
		s += 4;
		n -= 4;
	}
	for (size_t i = 0; i < n && !rc;) {
		size_t j, matched = 0, plain = i;
		/* every pattern starts with one of these: copy the run before one */
		while (plain < n && !strchr("\\[({", s[plain]))
			plain++;
		if (plain > i) {
			rc = cg_strbuf_append(out, s + i, plain - i);
			i = plain;
			continue;
		}
		for (j = 0; j < sizeof pats / sizeof pats[0]; j++) {
			size_t pl = strlen(pats[j][0]);
			if (pl <= n - i && strncasecmp(s + i, pats[j][0], pl) == 0) {
				rc = cg_strbuf_puts(out, pats[j][1]);
				i += pl;
				matched = 1;
				break;
			}
		}
		if (!matched)
			rc = cg_strbuf_putc(out, s[i++]);
	}
	return rc;
}

static void ascii_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s + 32);
}

/* Lower-cases ASCII and case-folds the rest (for IDNs and Unicode local
 * parts) without any other folding. */
static int fold_case(cg_strbuf *sb)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t mlen;

	if (is_ascii(sb->buf ? sb->buf : "", sb->len)) {
		if (sb->buf)
			ascii_lower(sb->buf);
		return 0;
	}
	if (!cg_utf8_valid(sb->buf, sb->len))
		return CG_EPARSE;
	mlen = utf8proc_map((const utf8proc_uint8_t *)sb->buf, (utf8proc_ssize_t)sb->len, &mapped,
	                    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (mlen < 0)
		return mlen == UTF8PROC_ERROR_NOMEM ? CG_ENOMEM : CG_EPARSE;
	cg_strbuf_reset(sb);
	int rc = cg_strbuf_append(sb, (const char *)mapped, (size_t)mlen);
	free(mapped);
	return rc;
}

static int domain_chars_ok(const char *d)
{
	int dots = 0;
	size_t label = 0;

	for (const char *p = d; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '.') {
			if (label == 0)
				return 0;
			dots++;
			label = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		           c == '_' || c >= 0x80) {
			label++;
		} else {
			return 0;
		}
	}
	return dots >= 1 && label > 0;
}

int cg_norm_email(const char *s, size_t n, cg_strbuf *out)
{
	int rc = undefang(s, n, out);
	const char *at;

	if (rc)
		return rc;
	if (out->len >= 7 && strncasecmp(out->buf, "mailto:", 7) == 0) {
		memmove(out->buf, out->buf + 7, out->len - 6);
		out->len -= 7;
	}
	rc = fold_case(out);
	if (rc)
		return rc;
	at = strchr(cg_strbuf_cstr(out), '@');
	if (!at || at == out->buf || strchr(at + 1, '@') || strpbrk(out->buf, " \t<>,;\"") ||
	    !domain_chars_ok(at + 1))
		return CG_EPARSE;
	return 0;
}

int cg_norm_phone(const char *s, size_t n, const char *country_a2, cg_strbuf *out)
{
	cg_strbuf digits = CG_STRBUF_INIT;
	int plus = 0, rc = 0;
	size_t i = 0;

	cg_strbuf_reset(out);
	if (!cg_utf8_valid(s, n))
		return CG_EPARSE;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && s[i] == '+')
		plus = 1;
	for (; i < n && !rc; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			rc = cg_strbuf_putc(&digits, c);
		} else if (c == 'x' || c == 'X' || c == 'e' || c == 'E' || c == '#' || c == ',' ||
		           c == ';') {
			break; /* extension or a second number */
		}
	}
	if (rc)
		goto out;
	const char *d = cg_strbuf_cstr(&digits);
	if (!plus && digits.len > 2 && d[0] == '0' && d[1] == '0') {
		plus = 1;
		d += 2;
	}
	if (plus) {
		rc = cg_strbuf_putc(out, '+');
		if (!rc)
			rc = cg_strbuf_puts(out, d);
	} else {
		const char *cc = country_a2 ? cg_country_calling_code(country_a2) : NULL;
		if (cc) {
			/* the national trunk prefix 0 goes, except where it is part
			 * of the number (Italy, San Marino, Vatican) */
			int keep0 = strcasecmp(country_a2, "IT") == 0 ||
			            strcasecmp(country_a2, "SM") == 0 ||
			            strcasecmp(country_a2, "VA") == 0;
			while (!keep0 && *d == '0')
				d++;
			rc = cg_strbuf_printf(out, "+%s%s", cc, d);
		} else {
			rc = cg_strbuf_puts(out, d);
		}
	}
	if (rc)
		goto out;
	size_t nd = out->len - (out->buf && out->buf[0] == '+');
	if (nd < 5 || nd > 15)
		rc = CG_EPARSE;
out:
	cg_strbuf_free(&digits);
	return rc;
}

int cg_norm_domain(const char *s, size_t n, cg_strbuf *out)
{
	int rc = undefang(s, n, out);
	char *p, *e;

	if (rc)
		return rc;
	rc = fold_case(out);
	if (rc)
		return rc;
	p = out->buf ? out->buf : "";
	if ((e = strstr(p, "://")) != NULL)
		p = e + 3;
	if ((e = strpbrk(p, "/?#")) != NULL)
		*e = '\0';
	if ((e = strchr(p, '@')) != NULL)
		p = e + 1;
	size_t len = strlen(p);
	while (len && p[len - 1] == '.')
		len--;
	if (len > 4 && strncmp(p, "www.", 4) == 0) {
		p += 4;
		len -= 4;
	}
	memmove(out->buf ? out->buf : p, p, len);
	out->len = len;
	if (out->buf)
		out->buf[len] = '\0';
	return domain_chars_ok(cg_strbuf_cstr(out)) ? 0 : CG_EPARSE;
}

int cg_norm_ip(const char *s, size_t n, cg_strbuf *out)
{
	char addr[INET6_ADDRSTRLEN + 8], txt[INET6_ADDRSTRLEN];
	unsigned char bin[16];
	int rc = undefang(s, n, out), family;
	const char *p;
	char *slash;
	long prefix = -1;

	if (rc)
		return rc;
	p = cg_strbuf_cstr(out);
	if (*p == '[')
		p++;
	if (strlen(p) >= sizeof addr)
		return CG_EPARSE;
	memcpy(addr, p, strlen(p) + 1);
	if ((slash = strchr(addr, ']')) != NULL) {
		if (slash[1] != '\0' && slash[1] != '/')
			return CG_EPARSE; /* "[::1]:443": a port is not part of the address */
		memmove(slash, slash + 1, strlen(slash + 1) + 1);
	}
	if ((slash = strchr(addr, '/')) != NULL) {
		char *end;
		*slash = '\0';
		if (slash[1] < '0' || slash[1] > '9')
			return CG_EPARSE;
		prefix = strtol(slash + 1, &end, 10);
		if (*end || prefix < 0)
			return CG_EPARSE;
	}
	family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(family, addr, bin) != 1)
		return CG_EPARSE;
	if (prefix > (family == AF_INET ? 32 : 128))
		return CG_EPARSE;
	if (!inet_ntop(family, bin, txt, sizeof txt))
		return CG_EPARSE;
	cg_strbuf_reset(out);
	rc = cg_strbuf_puts(out, txt);
	if (!rc && prefix >= 0)
		rc = cg_strbuf_printf(out, "/%ld", prefix);
	return rc;
}

int cg_norm_url(const char *s, size_t n, cg_strbuf *out)
{
	int rc = undefang(s, n, out);
	char *p, *host, *end;

	if (rc)
		return rc;
	p = out->buf ? out->buf : "";
	host = strstr(p, "://");
	if (!host || host == p)
		return CG_EPARSE;
	for (char *q = p; q < host; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q + 32);
	host += 3;
	end = host + strcspn(host, "/?#");
	if (end == host)
		return CG_EPARSE;
	for (char *q = host; q < end; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q + 32);
	if (*end == '\0')
		rc = cg_strbuf_putc(out, '/');
	return rc;
}

static int iban_length(const char *cc)
{
	for (size_t i = 0; i < cg_iban_lengths_count; i++)
		if (strncmp(cg_iban_lengths[i].alpha2, cc, 2) == 0)
			return cg_iban_lengths[i].length;
	return -1;
}

int cg_norm_iban(const char *s, size_t n, cg_strbuf *out)
{
	unsigned mod = 0;
	int rc;

	cg_strbuf_reset(out);
	if (!cg_utf8_valid(s, n))
		return CG_EPARSE;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '-' || c == '.' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if ((rc = cg_strbuf_putc(out, c)))
			return rc;
	}
	if (out->len < 15 || out->len > 34)
		return CG_EPARSE;
	const char *b = out->buf;
	if (b[0] < 'A' || b[0] > 'Z' || b[1] < 'A' || b[1] > 'Z' || b[2] < '0' || b[2] > '9' ||
	    b[3] < '0' || b[3] > '9')
		return CG_EPARSE;
	int want = iban_length(b);
	if (want > 0 && (size_t)want != out->len)
		return CG_EPARSE;
	for (size_t k = 0; k < out->len; k++) {
		char c = b[(k + 4) % out->len];
		if (c >= '0' && c <= '9')
			mod = (mod * 10 + (unsigned)(c - '0')) % 97;
		else if (c >= 'A' && c <= 'Z')
			mod = (mod * 100 + (unsigned)(c - 'A' + 10)) % 97;
		else
			return CG_EPARSE;
	}
	return mod == 1 ? 0 : CG_EPARSE;
}

static int is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

static const char *const evm_chains[] = {
    "evm",      "eth",      "ethereum",  "bsc",  "bnb",  "binance smart chain", "polygon", "matic",
    "arbitrum", "optimism", "avalanche", "avax", "base", "usdt erc20",          "erc20",   "usdc",
};

int cg_norm_wallet(const char *s, size_t n, const char *chain, cg_strbuf *out)
{
	cg_strbuf addr = CG_STRBUF_INIT, ch = CG_STRBUF_INIT;
	int rc = undefang(s, n, &addr);
	const char *a, *c = NULL;

	cg_strbuf_reset(out);
	if (rc)
		goto out;
	a = cg_strbuf_cstr(&addr);
	if (chain && *chain) {
		rc = cg_norm_text(chain, strlen(chain), &ch);
		if (rc)
			goto out;
		c = cg_strbuf_cstr(&ch);
	}
	if (addr.len == 42 && a[0] == '0' && (a[1] == 'x' || a[1] == 'X') && is_hex(a + 2, 40)) {
		ascii_lower(addr.buf);
		addr.buf[1] = 'x';
		c = "evm";
	} else if (addr.len > 4 && strncasecmp(a, "bc1", 3) == 0) {
		ascii_lower(addr.buf);
		if (!c)
			c = "btc";
	} else if (!c && (a[0] == '1' || a[0] == '3') && addr.len >= 26 && addr.len <= 35) {
		c = "btc";
	} else if (!c && a[0] == 'T' && addr.len == 34) {
		c = "tron";
	}
	if (c && (strcmp(c, "usdt") == 0 || strcmp(c, "usdc") == 0)) {
		/* stablecoins live on several chains: let the address decide */
		c = NULL;
		if (addr.len == 42 && a[0] == '0')
			c = "evm";
		else if (a[0] == 'T' && addr.len == 34)
			c = "tron";
	}
	if (c) {
		if (strcmp(c, "xbt") == 0)
			c = "btc";
		if (cg_name_index(evm_chains, sizeof evm_chains / sizeof evm_chains[0], c) >= 0)
			c = "evm";
		if (strcmp(c, "bitcoin") == 0)
			c = "btc";
		else if (strcmp(c, "trx") == 0 || strcmp(c, "trc20") == 0 ||
		         strcmp(c, "usdt trc20") == 0)
			c = "tron";
	}
	rc = cg_strbuf_puts(out, c && *c ? c : "unknown") || cg_strbuf_putc(out, ':') ||
	             cg_strbuf_puts(out, a)
	         ? CG_ENOMEM
	         : 0;
	if (!rc && (addr.len == 0 || strchr(a, ' ')))
		rc = CG_EPARSE;
out:
	cg_strbuf_free(&addr);
	cg_strbuf_free(&ch);
	return rc;
}

int cg_norm_country(const char *s, size_t n, cg_strbuf *out)
{
	uint32_t id, idx;
	int rc = cg_norm_text(s, n, out);

	if (rc)
		return rc;
	if (!tables_ready())
		return CG_ENOMEM;
	id = cg_strpool_find(T.pool, cg_strbuf_cstr(out), out->len);
	if (!id || !cg_map64_get(&T.country, id, &idx))
		return CG_EPARSE;
	cg_strbuf_reset(out);
	return cg_strbuf_puts(out, cg_countries[idx].alpha2);
}

int cg_currency_minor_units(const char *code)
{
	size_t lo = 0, hi = cg_currencies_count;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(cg_currencies[mid].code, code);
		if (c == 0)
			return cg_currencies[mid].minor_units;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const char *cg_country_calling_code(const char *alpha2)
{
	for (size_t i = 0; i < cg_calling_codes_count; i++)
		if (strcasecmp(cg_calling_codes[i].alpha2, alpha2) == 0)
			return cg_calling_codes[i].code;
	return NULL;
}
