/* Text for the output formats: escaping for DOT, XML, CSV and Markdown,
 * redaction of names and identifiers, amounts with thousands separators.
 * Every escaper decodes UTF-8 strictly and
 * replaces what is not valid (overlong forms, surrogates, bytes out of
 * place) with U+FFFD, so that no output carries bytes a reader would
 * misread (Graphviz reads invalid UTF-8 as Latin-1). */
#include "cg_render.h"

#include "cg_parse.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD"

/* Decodes the code point at s (n > 0 bytes left). Returns its length; *cp
 * is the code point, or -1 for a byte that does not start a valid
 * sequence (length 1). */
static size_t utf8_next(const unsigned char *s, size_t n, long *cp)
{
	unsigned char c = s[0];
	size_t len;
	long v;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		*cp = -1;
		return 1;
	}
	if (n < len || s[1] < lo || s[1] > hi) {
		*cp = -1;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if (i > 1 && (s[i] < 0x80 || s[i] > 0xBF)) {
			*cp = -1;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return len;
}

/* A code point no output should carry: C0/C1 controls, DEL, the
 * non-characters U+FFFE and U+FFFF. */
static int is_control(long cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

int cg_dot_escape(cg_strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	int rc = 0;

	while (n && !rc) {
		long cp;
		size_t len = utf8_next(p, n, &cp);
		if (cp == '\\')
			rc = cg_strbuf_append(sb, "\\\\", 2);
		else if (cp == '"')
			rc = cg_strbuf_append(sb, "\\\"", 2);
		else if (cp == '\n')
			rc = cg_strbuf_append(sb, "\\n", 2);
		else if (cp == '\r')
			rc = 0;
		else if (cp == '\t')
			rc = cg_strbuf_putc(sb, ' ');
		else if (cp < 0 || is_control(cp))
			rc = cg_strbuf_puts(sb, REPLACEMENT);
		else
			rc = cg_strbuf_append(sb, (const char *)p, len);
		p += len;
		n -= len;
	}
	return rc;
}

int cg_xml_escape(cg_strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	int rc = 0;

	while (n && !rc) {
		long cp;
		size_t len = utf8_next(p, n, &cp);
		switch (cp) {
		case '&':
			rc = cg_strbuf_puts(sb, "&amp;");
			break;
		case '<':
			rc = cg_strbuf_puts(sb, "&lt;");
			break;
		case '>':
			rc = cg_strbuf_puts(sb, "&gt;");
			break;
		case '"':
			rc = cg_strbuf_puts(sb, "&quot;");
			break;
		case '\'':
			rc = cg_strbuf_puts(sb, "&apos;");
			break;
		case '\t':
			rc = cg_strbuf_puts(sb, "&#9;");
			break;
		case '\n':
			rc = cg_strbuf_puts(sb, "&#10;");
			break;
		case '\r':
			rc = cg_strbuf_puts(sb, "&#13;");
			break;
		default:
			if (cp < 0 || is_control(cp))
				rc = cg_strbuf_puts(sb, REPLACEMENT);
			else
				rc = cg_strbuf_append(sb, (const char *)p, len);
		}
		p += len;
		n -= len;
	}
	return rc;
}

int cg_utf8_sanitize(cg_strbuf *sb, const char *s, int keep_lines)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	int rc = 0;

	while (n && !rc) {
		long cp;
		size_t len = utf8_next(p, n, &cp);
		if (cp < 0 || (is_control(cp) && !(keep_lines && (cp == '\n' || cp == '\t'))))
			rc = cg_strbuf_puts(sb, REPLACEMENT);
		else
			rc = cg_strbuf_append(sb, (const char *)p, len);
		p += len;
		n -= len;
	}
	return rc;
}

int cg_csv_field(cg_strbuf *sb, const char *s, int neutralise)
{
	cg_strbuf clean = CG_STRBUF_INIT;
	int rc, quote = 0;

	if (!s)
		s = "";
	/* line breaks are kept inside quotes (RFC 4180); other controls replaced */
	if ((rc = cg_utf8_sanitize(&clean, s, 1)))
		goto out;
	const char *t = cg_strbuf_cstr(&clean);
	for (const char *c = t; *c; c++)
		if (*c == ',' || *c == '"' || *c == '\n' || *c == '\r')
			quote = 1;
	int prefix = neutralise && (t[0] == '=' || t[0] == '+' || t[0] == '-' || t[0] == '@' ||
	                            t[0] == '\t' || t[0] == '\r');
	if (quote && (rc = cg_strbuf_putc(sb, '"')))
		goto out;
	if (prefix && (rc = cg_strbuf_putc(sb, '\'')))
		goto out;
	for (const char *c = t; *c && !rc; c++)
		rc = *c == '"' ? cg_strbuf_append(sb, "\"\"", 2) : cg_strbuf_putc(sb, *c);
	if (!rc && quote)
		rc = cg_strbuf_putc(sb, '"');
out:
	cg_strbuf_free(&clean);
	return rc;
}

/* Whether the three characters before at (in s) are "www", in any case. */
static int www_before(const char *s, const char *at)
{
	return at - s >= 3 && (at[-3] | 0x20) == 'w' && (at[-2] | 0x20) == 'w' &&
	       (at[-1] | 0x20) == 'w';
}

int cg_md_escape(cg_strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	int rc = 0;

	while (n && !rc) {
		long cp;
		size_t len = utf8_next(p, n, &cp);
		if (cp < 0)
			rc = cg_strbuf_puts(sb, REPLACEMENT);
		else if (is_control(cp))
			rc = cg_strbuf_putc(sb, ' ');
		else if (cp == '&')
			rc = cg_strbuf_puts(sb, "&amp;");
		else if (cp < 0x80 && strchr("\\`*_[]<>|~#!:", (int)cp))
			rc = cg_strbuf_putc(sb, '\\') || cg_strbuf_putc(sb, (char)cp);
		else if (cp == '.' && www_before(s, (const char *)p))
			rc = cg_strbuf_append(sb, "\\.", 2);
		else if (cp == '@')
			rc = cg_strbuf_puts(sb, "`@`");
		else
			rc = cg_strbuf_append(sb, (const char *)p, len);
		p += len;
		n -= len;
	}
	return rc;
}

int cg_md_code(cg_strbuf *sb, const char *s, int in_table)
{
	cg_strbuf clean = CG_STRBUF_INIT;
	size_t run = 0, longest = 0;
	int rc;

	if ((rc = cg_utf8_sanitize(&clean, s ? s : "", 0)))
		goto out;
	const char *t = cg_strbuf_cstr(&clean);
	for (const char *c = t; *c; c++) {
		run = *c == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t fence = longest + 1;
	int pad = t[0] == '`' || (clean.len && t[clean.len - 1] == '`') || t[0] == '\0';
	for (size_t i = 0; i < fence && !rc; i++)
		rc = cg_strbuf_putc(sb, '`');
	if (!rc && pad)
		rc = cg_strbuf_putc(sb, ' ');
	for (const char *c = t; *c && !rc; c++) {
		if (*c == '|' && in_table)
			rc = cg_strbuf_append(sb, "\\|", 2);
		else
			rc = cg_strbuf_putc(sb, *c);
	}
	if (!rc && pad)
		rc = cg_strbuf_putc(sb, ' ');
	for (size_t i = 0; i < fence && !rc; i++)
		rc = cg_strbuf_putc(sb, '`');
out:
	cg_strbuf_free(&clean);
	return rc;
}

int cg_money_text(cg_strbuf *sb, int64_t minor, const char *currency)
{
	cg_strbuf plain = CG_STRBUF_INIT;
	int rc = cg_format_money(minor, currency, &plain);

	if (rc) {
		cg_strbuf_free(&plain);
		return rc == CG_ENOMEM ? rc : cg_strbuf_putc(sb, '?');
	}
	const char *t = cg_strbuf_cstr(&plain);
	if (*t == '-') {
		rc = cg_strbuf_putc(sb, '-');
		t++;
	}
	size_t digits = strcspn(t, ".");
	for (size_t i = 0; i < digits && !rc; i++) {
		if (i && (digits - i) % 3 == 0)
			rc = cg_strbuf_putc(sb, ',');
		if (!rc)
			rc = cg_strbuf_putc(sb, t[i]);
	}
	if (!rc)
		rc = cg_strbuf_puts(sb, t + digits);
	cg_strbuf_free(&plain);
	return rc;
}

/* ---- redaction ---- */

void cg_redact_code(const char *id, char out[5])
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; /* Crockford */
	uint64_t h = 1469598103934665603ull;

	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		h ^= *p;
		h *= 1099511628211ull;
	}
	for (int i = 0; i < 4; i++)
		out[i] = b32[(h >> (5 * i)) & 31];
	out[4] = '\0';
}

/* Initials of a name: the first letter of each word, upper-cased when
 * ASCII, each followed by a dot; at most five. */
static int initials(cg_strbuf *sb, const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = strlen(name), count = 0;
	int at_start = 1, rc = 0;

	while (n && !rc) {
		long cp;
		size_t len = utf8_next(p, n, &cp);
		int sep = cp == ' ' || cp == '-' || cp == '.' || cp == ',' || cp == '\'' ||
		          cp < 0 || is_control(cp);
		if (sep) {
			at_start = 1;
		} else if (at_start) {
			at_start = 0;
			if (count++ < 5) {
				if (cp < 0x80)
					rc = cg_strbuf_putc(
					    sb, (char)(cp >= 'a' && cp <= 'z' ? cp - 32 : cp));
				else
					rc = cg_strbuf_append(sb, (const char *)p, len);
				if (!rc)
					rc = cg_strbuf_putc(sb, '.');
			}
		}
		p += len;
		n -= len;
	}
	if (!rc && !count)
		rc = cg_strbuf_putc(sb, '?');
	return rc;
}

static int is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Each word holding a digit keeps its last four letters and digits; the
 * others become '*'. Bank names and document kinds stay readable. */
static int mask_numbers(cg_strbuf *sb, const char *s)
{
	int rc = 0;

	while (*s && !rc) {
		size_t w = strcspn(s, " ");
		int digit = 0;
		size_t alnum = 0;
		for (size_t i = 0; i < w; i++) {
			digit |= s[i] >= '0' && s[i] <= '9';
			alnum += is_alnum(s[i]);
		}
		for (size_t i = 0, seen = 0; i < w && !rc; i++) {
			if (digit && is_alnum(s[i]))
				rc = cg_strbuf_putc(sb, ++seen + 4 > alnum ? s[i] : '*');
			else if (!digit || (unsigned char)s[i] < 0x80)
				rc = cg_strbuf_putc(sb, s[i]);
		}
		s += w;
		while (*s == ' ' && !rc) {
			rc = cg_strbuf_putc(sb, ' ');
			s++;
		}
	}
	return rc;
}

static int mask_email(cg_strbuf *sb, const char *s)
{
	const char *at = strrchr(s, '@');
	const char *dot = at ? strrchr(at, '.') : NULL;
	int rc = 0;

	if (!at || at == s)
		return cg_strbuf_puts(sb, "***");
	if ((unsigned char)s[0] < 0x80)
		rc = cg_strbuf_putc(sb, s[0]);
	if (!rc)
		rc = cg_strbuf_puts(sb, "***@***");
	if (!rc && dot)
		rc = cg_strbuf_puts(sb, dot);
	return rc;
}

static int mask_phone(cg_strbuf *sb, const char *s)
{
	size_t digits = 0, seen = 0;
	int rc = 0;

	for (const char *c = s; *c; c++)
		digits += *c >= '0' && *c <= '9';
	for (const char *c = s; *c && !rc; c++) {
		if (*c >= '0' && *c <= '9')
			rc = cg_strbuf_putc(sb, ++seen + 2 > digits ? *c : '*');
		else if (*c == '+' || *c == ' ' || *c == '-' || *c == '(' || *c == ')')
			rc = cg_strbuf_putc(sb, *c);
	}
	return rc;
}

int cg_redact_name(cg_strbuf *sb, const cg_graph *g, cg_eid e)
{
	const char *name = cg_entity_name(g, e);
	char code[5];
	int rc;

	if (!name)
		name = "";
	cg_redact_code(cg_entity_id(g, e), code);
	switch (cg_entity_type_of(g, e)) {
	case CG_ET_PERSON:
		rc = initials(sb, name);
		break;
	case CG_ET_EMAIL:
		rc = mask_email(sb, name);
		break;
	case CG_ET_PHONE:
		rc = mask_phone(sb, name);
		break;
	case CG_ET_BANK_ACCOUNT:
	case CG_ET_WALLET:
	case CG_ET_DOCUMENT:
		rc = mask_numbers(sb, name);
		break;
	default:
		return cg_strbuf_puts(sb, name);
	}
	if (!rc)
		rc = cg_strbuf_printf(sb, " #%s", code);
	return rc;
}
