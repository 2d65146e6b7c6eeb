#include "cg_outfile.h"

#include "cg_strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* Opens path in place (stdout, a device, a FIFO). */
static int open_in_place(cg_outfile *o, const char *path, cg_error *err)
{
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		o->borrowed = 1;
		return 0;
	}
	if (!(o->f = fopen(path, "w")))
		return cg_error_set(err, CG_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
	return 0;
}

/* The temporary files open now, for cg_outfile_remove_temporaries, which a
 * signal handler may run at any point: a slot is set once its file exists
 * and cleared only after the file is renamed or removed, and a path is
 * freed only after its slot is cleared (a handler running in between
 * unlinks a name that is already gone, harmlessly). Pointer stores are
 * single instructions on the machines casegraph runs on; the files are
 * opened and closed by one thread. */
static char *volatile tracked[CG_OUTFILE_TRACKED];

static void track(char *tmp)
{
	for (size_t i = 0; i < CG_OUTFILE_TRACKED; i++)
		if (!tracked[i]) {
			tracked[i] = tmp;
			return;
		}
}

static void untrack(const char *tmp)
{
	for (size_t i = 0; i < CG_OUTFILE_TRACKED; i++)
		if (tracked[i] == tmp)
			tracked[i] = NULL;
}

void cg_outfile_remove_temporaries(void)
{
	for (size_t i = 0; i < CG_OUTFILE_TRACKED; i++) {
		char *t = tracked[i];
		if (t)
			unlink(t);
	}
}

/* Makes the temporary file beside path. */
static int open_temporary(cg_outfile *o, const char *path, cg_error *err)
{
	cg_strbuf tmp = CG_STRBUF_INIT;
	int fd = -1, rc = 0;
	mode_t mask;

	if (cg_strbuf_printf(&tmp, "%s.tmp.XXXXXX", path)) {
		rc = cg_error_set(err, CG_ENOMEM, path, 0, 0, "out of memory");
		goto out;
	}
	if ((fd = mkstemp(tmp.buf)) < 0) {
		rc = cg_error_set(err, CG_EIO, path, 0, 0, "cannot create a temporary file: %s",
		                  strerror(errno));
		goto out;
	}
	o->tmp = tmp.buf;
	tmp.buf = NULL;
	track(o->tmp);
	/* mkstemp creates the file 0600: give it the mode a plain fopen would
	 * (the umask is read by setting it, the one way POSIX offers) */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask)) {
		rc = cg_error_set(err, CG_EIO, path, 0, 0,
		                  "cannot set the mode of the temporary file: %s", strerror(errno));
		goto out;
	}
	if (!(o->f = fdopen(fd, "w"))) {
		rc = cg_error_set(err, CG_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
		goto out;
	}
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	cg_strbuf_free(&tmp);
	return rc;
}

int cg_outfile_open(cg_outfile *o, const char *path, cg_error *err)
{
	struct stat sb;
	int rc;

	memset(o, 0, sizeof *o);
	if (!(o->path = dup_str(path)))
		return cg_error_set(err, CG_ENOMEM, path, 0, 0, "out of memory");
	if (strcmp(path, "-") == 0)
		rc = open_in_place(o, path, err);
	else if (stat(path, &sb) != 0 || S_ISREG(sb.st_mode))
		rc = open_temporary(o, path, err);
	else if (S_ISDIR(sb.st_mode))
		rc = cg_error_set(err, CG_EIO, path, 0, 0, "cannot rename the temporary file: %s",
		                  strerror(EISDIR));
	else
		rc = open_in_place(o, path, err);
	if (rc)
		cg_outfile_abort(o);
	return rc;
}

/* Flushes (and for a temporary file syncs) f: 0 or CG_EIO. */
static int flush(cg_outfile *o, cg_error *err)
{
	if (fflush(o->f) || ferror(o->f) || (o->tmp && fsync(fileno(o->f))))
		return cg_error_set(err, CG_EIO, o->path, 0, 0, "cannot write: %s",
		                    strerror(errno));
	return 0;
}

int cg_outfile_commit(cg_outfile *o, cg_error *err)
{
	int rc = flush(o, err);

	if (!o->borrowed) {
		/* closed even after a failure: a device is released, and the
		 * temporary file is then removed by the abort below */
		if (fclose(o->f) && !rc)
			rc = cg_error_set(err, CG_EIO, o->path, 0, 0, "cannot write: %s",
			                  strerror(errno));
	}
	o->f = NULL;
	if (!rc && o->tmp) {
		if (rename(o->tmp, o->path)) {
			rc = cg_error_set(err, CG_EIO, o->path, 0, 0,
			                  "cannot rename the temporary file: %s", strerror(errno));
		} else {
			untrack(o->tmp);
			free(o->tmp); /* renamed: nothing left to remove */
			o->tmp = NULL;
		}
	}
	cg_outfile_abort(o);
	return rc;
}

void cg_outfile_abort(cg_outfile *o)
{
	if (o->f && !o->borrowed)
		fclose(o->f);
	if (o->tmp) {
		unlink(o->tmp);
		untrack(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
}
