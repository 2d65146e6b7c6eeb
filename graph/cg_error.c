#include "cg_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const code_names[CG_ERROR_CODE_COUNT] = {
    "ok", "nomem", "io", "parse", "inval", "limit", "notfound", "format", "reject",
};

void cg_error_clear(cg_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->file[0] = '\0';
	err->line = 0;
	err->column = 0;
	err->message[0] = '\0';
}

/* Length of the UTF-8 sequence at s (n bytes left), 0 when it is not a
 * valid one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1Fu;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0Fu;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07u;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3Fu);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* Copies src into dst (of size cap) with what a terminal would act on
 * written out: C0 and C1 control characters, DEL and bytes that are not
 * UTF-8 as \xNN, the line and paragraph separators and the bidirectional
 * overrides and isolates (which reorder what a reader sees) as \uXXXX.
 * Messages quote input, and input comes from adversaries: printed raw, an
 * ESC sequence in an entity type would drive the analyst's terminal. */
static void copy_printable(char *dst, size_t cap, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)src;
	size_t n = strlen(src), k = 0;

	for (size_t i = 0; i < n;) {
		size_t len = utf8_len(s + i, n - i);
		unsigned cp = 0;
		char esc[8];
		size_t el = 0;
		if (len == 2)
			cp = ((s[i] & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
		else if (len == 3)
			cp =
			    ((s[i] & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
		if (len == 0 || (len == 1 && (s[i] < 0x20 || s[i] == 0x7F))) {
			esc[0] = '\\';
			esc[1] = 'x';
			esc[2] = hex[s[i] >> 4];
			esc[3] = hex[s[i] & 15];
			el = 4;
			len = 1;
		} else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
		           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
			esc[0] = '\\';
			esc[1] = 'u';
			esc[2] = hex[(cp >> 12) & 15];
			esc[3] = hex[(cp >> 8) & 15];
			esc[4] = hex[(cp >> 4) & 15];
			esc[5] = hex[cp & 15];
			el = 6;
		} else {
			memcpy(esc, s + i, len);
			el = len;
		}
		if (k + el >= cap)
			break; /* never half an escape or half a character */
		memcpy(dst + k, esc, el);
		k += el;
		i += len;
	}
	dst[k] = '\0';
}

int cg_error_set(cg_error *err, int code, const char *file, long line, int column, const char *fmt,
                 ...)
{
	char raw[CG_ERROR_MSG_MAX];
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	copy_printable(err->file, sizeof err->file, file ? file : "");
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	copy_printable(err->message, sizeof err->message, raw);
	return code;
}

void cg_error_set_file(cg_error *err, const char *file)
{
	copy_printable(err->file, sizeof err->file, file ? file : "");
}

int cg_error_format(const cg_error *err, char *buf, size_t n)
{
	if (!err->file[0])
		return snprintf(buf, n, "%s", err->message);
	if (err->line > 0 && err->column > 0)
		return snprintf(buf, n, "%s:%ld:%d: %s", err->file, err->line, err->column,
		                err->message);
	if (err->line > 0)
		return snprintf(buf, n, "%s:%ld: %s", err->file, err->line, err->message);
	return snprintf(buf, n, "%s: %s", err->file, err->message);
}

const char *cg_error_code_name(int code)
{
	if (code > 0 || -code >= CG_ERROR_CODE_COUNT)
		return "unknown";
	return code_names[-code];
}
