#include "cg_strbuf.h"

#include "cg_array.h"
#include "cg_error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cg_strbuf_reserve(cg_strbuf *sb, size_t extra)
{
	size_t need;

	if (extra >= SIZE_MAX - sb->len)
		return CG_ENOMEM;
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return 0;
	if (CG_ARRAY_GROW(sb->buf, sb->cap, need, 64))
		return CG_ENOMEM;
	sb->buf[sb->len] = '\0';
	return 0;
}

int cg_strbuf_append(cg_strbuf *sb, const char *s, size_t n)
{
	if (cg_strbuf_reserve(sb, n))
		return CG_ENOMEM;
	if (n)
		memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int cg_strbuf_puts(cg_strbuf *sb, const char *s)
{
	return cg_strbuf_append(sb, s, strlen(s));
}

int cg_strbuf_putc(cg_strbuf *sb, char c)
{
	if (sb->len + 1 < sb->cap) {
		sb->buf[sb->len++] = c;
		sb->buf[sb->len] = '\0';
		return 0;
	}
	return cg_strbuf_append(sb, &c, 1);
}

int cg_strbuf_printf(cg_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return CG_ENOMEM;
	if (cg_strbuf_reserve(sb, (size_t)n))
		return CG_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return 0;
}

void cg_strbuf_reset(cg_strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

const char *cg_strbuf_cstr(const cg_strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

void cg_strbuf_free(cg_strbuf *sb)
{
	if (!sb)
		return;
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}
