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

int cg_error_set(cg_error *err, int code, const char *file, long line, int column,
                 const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return code;
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
