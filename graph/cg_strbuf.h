/* cg_strbuf: a growable byte string.
 *
 * Invariants: when buf is not NULL, buf[len] == '\0' and len < cap. A zeroed
 * cg_strbuf (CG_STRBUF_INIT) is a valid empty string. */
#ifndef CG_STRBUF_H
#define CG_STRBUF_H

#include "cg_api.h"

#include <stddef.h>

typedef struct cg_strbuf {
	char *buf;  /* the bytes, NUL-terminated; NULL until the first append */
	size_t len; /* bytes used, not counting the terminating NUL */
	size_t cap; /* bytes allocated */
} cg_strbuf;

#define CG_STRBUF_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Makes room for extra more bytes (plus the NUL). 0 or CG_ENOMEM. */
CG_API int cg_strbuf_reserve(cg_strbuf *sb, size_t extra);
/* Appends n bytes of s. 0 or CG_ENOMEM. */
CG_API int cg_strbuf_append(cg_strbuf *sb, const char *s, size_t n);
/* Appends a NUL-terminated string. 0 or CG_ENOMEM. */
CG_API int cg_strbuf_puts(cg_strbuf *sb, const char *s);
/* Appends one byte. 0 or CG_ENOMEM. */
CG_API int cg_strbuf_putc(cg_strbuf *sb, char c);
/* Appends printf-formatted text. 0 or CG_ENOMEM. */
CG_API int cg_strbuf_printf(cg_strbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Empties the string, keeping its memory. */
CG_API void cg_strbuf_reset(cg_strbuf *sb);
/* Returns the text, "" when nothing was ever appended. Borrowed. */
CG_API const char *cg_strbuf_cstr(const cg_strbuf *sb);
/* Releases the memory; sb becomes empty. Accepts NULL. */
CG_API void cg_strbuf_free(cg_strbuf *sb);

#endif
