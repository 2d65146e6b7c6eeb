/* Files opened by the importers, counting the bytes read for a progress
 * report (cg_import_opts.progress). A FILE made with fopencookie (a GNU
 * extension, hence this file's own feature macro) reads through to the
 * real file and calls the callback about every megabyte; the importers
 * keep reading through stdio as before. */
#define _GNU_SOURCE
#include "import_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define PROGRESS_EVERY ((uint64_t)1 << 20) /* bytes between two calls */

typedef struct counted {
	FILE *f;              /* the real file */
	const char *path;     /* borrowed from the importer, alive while the file is open */
	uint64_t done, total; /* bytes read; the file's size (0 when unknown) */
	uint64_t next;        /* report when done reaches this */
	cg_progress_fn fn;
	void *ctx;
} counted;

static ssize_t counted_read(void *cookie, char *buf, size_t n)
{
	counted *c = cookie;
	size_t got = fread(buf, 1, n, c->f);

	if (got == 0 && ferror(c->f))
		return -1;
	c->done += got;
	if (c->done >= c->next || got == 0) {
		c->fn(c->ctx, c->path, c->done, c->total);
		c->next = c->done + PROGRESS_EVERY;
	}
	return (ssize_t)got;
}

static int counted_seek(void *cookie, off64_t *pos, int whence)
{
	counted *c = cookie;
	off_t at;

	if (fseeko(c->f, (off_t)*pos, whence))
		return -1;
	if ((at = ftello(c->f)) < 0)
		return -1;
	*pos = at;
	c->done = (uint64_t)at;
	return 0;
}

static int counted_close(void *cookie)
{
	counted *c = cookie;
	int rc = fclose(c->f);

	free(c);
	return rc;
}

FILE *cg_import_fopen(const char *path, cg_progress_fn fn, void *ctx)
{
	cookie_io_functions_t io = {counted_read, NULL, counted_seek, counted_close};
	struct stat sb;
	counted *c;
	FILE *f = fopen(path, "rb"), *w;

	if (!f || !fn)
		return f;
	if (!(c = calloc(1, sizeof *c))) {
		fclose(f);
		errno = ENOMEM;
		return NULL;
	}
	c->f = f;
	c->path = path;
	c->fn = fn;
	c->ctx = ctx;
	c->total = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
	c->next = PROGRESS_EVERY;
	if (!(w = fopencookie(c, "rb", io))) {
		fclose(f);
		free(c);
		errno = ENOMEM;
		return NULL;
	}
	return w;
}
