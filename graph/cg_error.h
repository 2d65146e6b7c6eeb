/* cg_error: the one way a casegraph function reports failure.
 *
 * A function that can fail returns 0 or a negative CG_E* code and fills the
 * caller-owned cg_error passed as its last argument. There is no global
 * "last error". The library never prints; cli/ formats errors with
 * cg_error_format(). */
#ifndef CG_ERROR_H
#define CG_ERROR_H

#include "cg_api.h"

#include <stddef.h>

/* Error codes: 0 is success, every failure is negative. */
enum {
	CG_OK = 0,
	CG_ENOMEM = -1,    /* an allocation failed */
	CG_EIO = -2,       /* a file could not be opened, read or written */
	CG_EPARSE = -3,    /* the input is malformed (bad row, bad JSON, bad value) */
	CG_EINVAL = -4,    /* an argument or option is invalid */
	CG_ELIMIT = -5,    /* a size limit (field, line, columns, nesting) was exceeded */
	CG_ENOTFOUND = -6, /* a referenced id or entity does not exist */
	CG_EFORMAT = -7,   /* the format of a file could not be detected or is unsupported */
	CG_EREJECT = -8,   /* rows were rejected and strict mode turns that into failure */
	CG_ERROR_CODE_COUNT = 9
};

#define CG_ERROR_FILE_MAX 512
#define CG_ERROR_MSG_MAX  512

typedef struct cg_error {
	int code;                       /* a CG_E* code, 0 when no error */
	char file[CG_ERROR_FILE_MAX];   /* input file the error is about, "" if none */
	long line;                      /* 1-based line (or record) in file, 0 if none */
	int column;                     /* 1-based column (field or byte), 0 if none */
	char message[CG_ERROR_MSG_MAX]; /* the reason, without the file:line prefix */
} cg_error;

/* Resets err to "no error". Accepts NULL. */
CG_API void cg_error_clear(cg_error *err);

/* Sets err->file to file, escaped as cg_error_set escapes it (control
 * characters, bidirectional overrides and invalid UTF-8 written out), for
 * a diagnostic built from another one. */
CG_API void cg_error_set_file(cg_error *err, const char *file);

/* Fills err (when not NULL) and returns code, so that callers can write
 * `return cg_error_set(err, CG_EPARSE, file, line, 0, "bad %s", x);`.
 * file may be NULL. Over-long texts are truncated, never overflowed.
 * Messages quote input, so what a terminal would act on is written out:
 * control characters, DEL and bytes that are not UTF-8 as \xNN; C1
 * controls, U+2028, U+2029 and the bidirectional overrides and isolates
 * as \uXXXX. */
CG_API int cg_error_set(cg_error *err, int code, const char *file, long line, int column,
                        const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Writes "file:line:column: message" (parts that are unset are left out) into
 * buf of size n, always NUL-terminated. Returns the length it wanted to write. */
CG_API int cg_error_format(const cg_error *err, char *buf, size_t n);

/* Stable lower-case name of a code ("ok", "nomem", "io", ...); "unknown" for
 * codes outside the table. */
CG_API const char *cg_error_code_name(int code);

#endif
