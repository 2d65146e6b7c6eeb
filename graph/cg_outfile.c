/* renameat2 (RENAME_EXCHANGE) and getdents64 are GNU extensions */
#define _GNU_SOURCE
#include "cg_outfile.h"

#include "cg_strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
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
/* The temporary directories of the cg_outdir open now, the same way. */
static char *volatile tracked_dirs[CG_OUTDIR_TRACKED];

static void track_in(char *volatile *slots, size_t n, char *path)
{
	for (size_t i = 0; i < n; i++)
		if (!slots[i]) {
			slots[i] = path;
			return;
		}
}

static void untrack_in(char *volatile *slots, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (slots[i] == path)
			slots[i] = NULL;
}

/* Every signal blocked (old: the mask to restore) while a temporary is
 * made and tracked, so that a handler calling
 * cg_outfile_remove_temporaries never runs between the two: a signal that
 * comes then is delivered at unblock, when the temporary is tracked. */
static void block_signals(sigset_t *old)
{
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, old);
}

static void unblock_signals(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

static void track(char *tmp)
{
	track_in(tracked, CG_OUTFILE_TRACKED, tmp);
}

static void untrack(const char *tmp)
{
	untrack_in(tracked, CG_OUTFILE_TRACKED, tmp);
}

/* Removes the directory path and the files in it (one level: casegraph's
 * directories hold files only). Async-signal-safe: no allocation, no
 * stdio, the entries read with getdents64 into a buffer on the stack. A
 * pass that removed entries is followed by another (removing while
 * reading may skip some), at most a few. */
static void remove_dir(const char *path)
{
	for (int pass = 0; pass < 4; pass++) {
		_Alignas(8) char buf[4096];
		int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		ssize_t n;
		int removed = 0;
		if (fd < 0)
			return;
		while ((n = getdents64(fd, buf, sizeof buf)) > 0)
			for (ssize_t off = 0; off < n;) {
				struct dirent64 *de = (struct dirent64 *)(void *)(buf + off);
				off += de->d_reclen;
				if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
				    unlinkat(fd, de->d_name, 0) == 0)
					removed = 1;
			}
		close(fd);
		if (rmdir(path) == 0 || !removed)
			return;
	}
}

void cg_outfile_remove_temporaries(void)
{
	for (size_t i = 0; i < CG_OUTFILE_TRACKED; i++) {
		char *t = tracked[i];
		if (t)
			unlink(t);
	}
	for (size_t i = 0; i < CG_OUTDIR_TRACKED; i++) {
		char *t = tracked_dirs[i];
		if (t)
			remove_dir(t);
	}
}

/* The test hook of tests/test_kill.sh: with CG_TEST_SIGNAL_IN set to
 * where ("tmpfile", "tmpdir"), SIGTERM is raised right after the temporary
 * file or directory is made, before it is tracked: a signal at the worst
 * moment, every time. */
static void test_signal(const char *where)
{
	const char *w = getenv("CG_TEST_SIGNAL_IN");
	if (w && strcmp(w, where) == 0)
		raise(SIGTERM);
}

/* The directory path is in: "." when it has no '/'. */
static void parent_of(const char *path, char *buf, size_t n)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;

	if (!slash)
		snprintf(buf, n, ".");
	else
		snprintf(buf, n, "%.*s", (int)(len ? len : 1), path);
}

/* ---- what a killed run left ----
 *
 * A temporary file or directory is locked (flock) by the run that made it,
 * as long as the run lives: the lock goes with the process, even one
 * killed by SIGKILL, which no handler sees. Before making its own, a run
 * removes the siblings of its output that a dead run left: named as ours
 * (the output's name, ".tmp.cg" or for a file also ".err.cg", and
 * mkstemp's six characters: CG_TEMP_MARK), of the output's kind (regular
 * files beside a file; beside a directory, directories holding regular
 * files only), older than CG_STALE_SECONDS (a run locks its temporary
 * right after making it) and not locked. Nothing is removed on a network
 * or FUSE filesystem, where a lock may hold on one machine only. */
#define CG_STALE_SECONDS 60

/* Locks fd's file for as long as this process holds it open. 0, or -1
 * when the filesystem keeps no locks (others then cannot take one either,
 * and leave the temporary alone). */
static int hold(int fd)
{
	return flock(fd, LOCK_EX | LOCK_NB);
}

/* Whether name is base followed by ".tmp.cg" (or with errs, ".err.cg")
 * and six characters of mkstemp's alphabet. */
static int leftover_name(const char *name, const char *base, size_t nb, int errs)
{
	const char *x = name + nb + 7;

	if (strncmp(name, base, nb) ||
	    (strncmp(name + nb, ".tmp.cg", 7) && (!errs || strncmp(name + nb, ".err.cg", 7))) ||
	    strlen(x) != 6)
		return 0;
	for (int i = 0; i < 6; i++)
		if (!((x[i] >= 'a' && x[i] <= 'z') || (x[i] >= 'A' && x[i] <= 'Z') ||
		      (x[i] >= '0' && x[i] <= '9')))
			return 0;
	return 1;
}

/* Whether the directory holding path is on a filesystem whose locks may
 * not be seen by another machine (or whose kind cannot be told). */
static int shared_fs(int dirfd)
{
	static const unsigned long shared[] = {
	    0x6969,     /* NFS */
	    0x517B,     /* SMB */
	    0xFF534D42, /* CIFS */
	    0xFE534D42, /* SMB2 */
	    0x65735546, /* FUSE */
	    0x00C36400, /* Ceph */
	    0x5346414F, /* AFS */
	    0x6B414653, /* kAFS */
	    0x01021997, /* 9P */
	    0x01161970, /* GFS2 */
	    0x7461636F, /* OCFS2 */
	    0x0BD00BD0, /* Lustre */
	};
	struct statfs sf;

	if (fstatfs(dirfd, &sf))
		return 1;
	for (size_t i = 0; i < sizeof shared / sizeof *shared; i++)
		if ((unsigned long)sf.f_type == shared[i])
			return 1;
	return 0;
}

/* Removes the directory name in dir, which fd (locked) has open, when it
 * holds regular files only. */
static void remove_leftover_dir(DIR *dir, const char *name, int fd)
{
	int fd2 = dup(fd);
	DIR *d = fd2 >= 0 ? fdopendir(fd2) : NULL;
	struct dirent *de;
	int ok = d != NULL;

	if (!d) {
		if (fd2 >= 0)
			close(fd2);
		return;
	}
	while (ok && (de = readdir(d))) {
		struct stat sb;
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    (fstatat(fd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) || !S_ISREG(sb.st_mode)))
			ok = 0;
	}
	if (ok) {
		rewinddir(d);
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				unlinkat(fd, de->d_name, 0);
		unlinkat(dirfd(dir), name, AT_REMOVEDIR);
	}
	closedir(d);
}

/* Removes the leftovers of dead runs beside path (above): regular files
 * when want_dir is 0, directories when 1. Best effort: whatever cannot be
 * read, locked or removed is left as it was. */
static void sweep(const char *path, int want_dir)
{
	char parent[PATH_MAX];
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t nb = strlen(base);
	time_t now = time(NULL);
	struct dirent *de;
	DIR *dir;

	if (!nb || strlen(path) >= sizeof parent)
		return;
	parent_of(path, parent, sizeof parent);
	if (!(dir = opendir(parent)))
		return;
	if (shared_fs(dirfd(dir))) {
		closedir(dir);
		return;
	}
	while ((de = readdir(dir))) {
		struct stat sb;
		int fd;
		if (!leftover_name(de->d_name, base, nb, !want_dir) ||
		    fstatat(dirfd(dir), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) ||
		    (want_dir ? !S_ISDIR(sb.st_mode) : !S_ISREG(sb.st_mode)) ||
		    now - sb.st_mtime < CG_STALE_SECONDS)
			continue;
		fd = openat(dirfd(dir), de->d_name,
		            O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (want_dir ? O_DIRECTORY : 0));
		if (fd < 0)
			continue;
		struct stat now_sb;
		/* still the entry looked at (not swapped meanwhile), unlocked */
		if (!fstat(fd, &now_sb) && now_sb.st_dev == sb.st_dev &&
		    now_sb.st_ino == sb.st_ino && flock(fd, LOCK_EX | LOCK_NB) == 0) {
			if (!want_dir)
				unlinkat(dirfd(dir), de->d_name, 0);
			else
				remove_leftover_dir(dir, de->d_name, fd);
		}
		close(fd);
	}
	closedir(dir);
}

int cg_outfile_temporary(char *tmpl)
{
	sigset_t old;
	int fd, e;

	block_signals(&old);
	fd = mkostemp(tmpl, O_CLOEXEC); /* a child gets it only by dup2 (Graphviz) */
	e = errno;
	if (fd >= 0) {
		test_signal("tmpfile");
		track(tmpl);
		(void)hold(fd);
	}
	unblock_signals(&old);
	errno = e;
	return fd;
}

void cg_outfile_temporary_remove(char *path)
{
	unlink(path);
	untrack(path);
}

/* Makes the temporary file beside path, with the permission bits keep (-1:
 * those of a new file). */
static int open_temporary(cg_outfile *o, const char *path, int keep, cg_error *err)
{
	cg_strbuf tmp = CG_STRBUF_INIT;
	int fd = -1, rc = 0;
	mode_t mask;

	if (cg_strbuf_printf(&tmp, "%s.tmp." CG_TEMP_MARK "XXXXXX", path)) {
		rc = cg_error_set(err, CG_ENOMEM, path, 0, 0, "out of memory");
		goto out;
	}
	sweep(path, 0);
	if ((fd = cg_outfile_temporary(tmp.buf)) < 0) {
		rc = cg_error_set(err, CG_EIO, path, 0, 0, "cannot create a temporary file: %s",
		                  strerror(errno));
		goto out;
	}
	o->tmp = tmp.buf;
	tmp.buf = NULL;
	/* mkstemp creates the file 0600: give it the permission bits of the
	 * file it replaces, else the mode a plain fopen would (the umask is
	 * read by setting it, the one way POSIX offers) */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, keep >= 0 ? (mode_t)keep : 0666 & ~mask)) {
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
	else if (stat(path, &sb) != 0)
		rc = open_temporary(o, path, -1, err);
	else if (S_ISREG(sb.st_mode))
		rc = open_temporary(o, path, (int)(sb.st_mode & 0777), err);
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
	/* the temporary's lock held until it is renamed (a descriptor of the
	 * same open file keeps it), so that no other run takes it for a dead
	 * one's between the close and the rename */
	int keep = o->tmp && !o->borrowed ? fcntl(fileno(o->f), F_DUPFD_CLOEXEC, 0) : -1;

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
	if (keep >= 0)
		close(keep);
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

/* ---- cg_outdir ---- */

/* Whether name is one of the set's, or what a killed run left of one
 * ("NAME.tmp.cgXXXXXX", "NAME.err.cgXXXXXX"; before session 9 without
 * "cg"). */
static int ours(const cg_outdir *d, const char *name)
{
	for (size_t i = 0; i < d->n_names; i++) {
		size_t n = strlen(d->names[i]), rest;
		if (strncmp(name, d->names[i], n))
			continue;
		if (name[n] == '\0')
			return 1;
		if (strncmp(name + n, ".tmp.", 5) && strncmp(name + n, ".err.", 5))
			continue;
		rest = strlen(name + n + 5);
		if (rest == 6 || (rest == 8 && strncmp(name + n + 5, CG_TEMP_MARK, 2) == 0))
			return 1;
	}
	return 0;
}

/* Checks that d->path holds nothing but files of the set: 0, or CG_EIO
 * naming the first other entry (or why it cannot be read). */
static int check_ours(const cg_outdir *d, cg_error *err)
{
	DIR *dir = opendir(d->path);
	struct dirent *de;
	int rc = 0;

	if (!dir)
		return cg_error_set(err, CG_EIO, d->path, 0, 0, "cannot read the directory: %s",
		                    strerror(errno));
	while (!rc && (de = readdir(dir))) {
		struct stat sb;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (!ours(d, de->d_name) ||
		    fstatat(dirfd(dir), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode))
			rc = cg_error_set(
			    err, CG_EIO, d->path, 0, 0,
			    "not replaced: it holds '%s', which is not one of the files "
			    "this output writes (give a new or empty directory, or one "
			    "this output wrote before: it is replaced as a whole)",
			    de->d_name);
	}
	closedir(dir);
	return rc;
}

/* d->path from path: trailing '/' dropped, a symbolic link resolved. */
static int outdir_path(cg_outdir *d, const char *path, struct stat *sb, cg_error *err)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	if (!(d->path = malloc(n + 1)))
		return cg_error_set(err, CG_ENOMEM, path, 0, 0, "out of memory");
	memcpy(d->path, path, n);
	d->path[n] = '\0';
	if (lstat(d->path, sb) != 0) {
		if (errno != ENOENT)
			return cg_error_set(err, CG_EIO, path, 0, 0, "cannot write: %s",
			                    strerror(errno));
		return 0;
	}
	d->existed = 1;
	if (S_ISLNK(sb->st_mode) || strcmp(d->path, ".") == 0 || strcmp(d->path, "..") == 0 ||
	    (n >= 2 && strcmp(d->path + n - 2, "/.") == 0) ||
	    (n >= 3 && strcmp(d->path + n - 3, "/..") == 0)) {
		char *real = realpath(d->path, NULL);
		if (!real)
			return errno == ENOMEM
			           ? cg_error_set(err, CG_ENOMEM, path, 0, 0, "out of memory")
			           : cg_error_set(err, CG_EIO, path, 0, 0, "cannot write: %s",
			                          strerror(errno));
		free(d->path);
		d->path = real;
		if (stat(d->path, sb) != 0)
			return cg_error_set(err, CG_EIO, path, 0, 0, "cannot write: %s",
			                    strerror(errno));
	}
	if (!S_ISDIR(sb->st_mode))
		return cg_error_set(err, CG_EIO, path, 0, 0, "cannot write the directory: %s",
		                    strerror(ENOTDIR));
	return 0;
}

int cg_outdir_open(cg_outdir *d, const char *path, const char *const *names, size_t n_names,
                   cg_error *err)
{
	cg_strbuf tmp = CG_STRBUF_INIT;
	struct stat sb;
	sigset_t old;
	mode_t mask;
	int rc;

	memset(d, 0, sizeof *d);
	d->names = names;
	d->n_names = n_names;
	if ((rc = outdir_path(d, path, &sb, err)) || (d->existed && (rc = check_ours(d, err))))
		goto out;
	if (cg_strbuf_printf(&tmp, "%s.tmp." CG_TEMP_MARK "XXXXXX", d->path)) {
		rc = cg_error_set(err, CG_ENOMEM, path, 0, 0, "out of memory");
		goto out;
	}
	sweep(d->path, 1);
	block_signals(&old);
	if (!mkdtemp(tmp.buf)) {
		int e = errno;
		unblock_signals(&old);
		rc = cg_error_set(err, CG_EIO, path, 0, 0, "cannot create the directory: %s",
		                  strerror(e));
		goto out;
	}
	test_signal("tmpdir");
	d->tmp = tmp.buf;
	tmp.buf = NULL;
	track_in(tracked_dirs, CG_OUTDIR_TRACKED, d->tmp);
	d->held = open(d->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW) + 1;
	if (d->held > 0)
		(void)hold(d->held - 1);
	unblock_signals(&old);
	if (!d->held) { /* unlocked, a later run could take it for a dead one's */
		rc = cg_error_set(err, CG_EIO, path, 0, 0, "cannot lock the directory: %s",
		                  strerror(errno));
		goto out;
	}
	/* mkdtemp makes it 0700: the mode of the directory replaced, else
	 * that of a plain mkdir */
	mask = umask(0);
	umask(mask);
	if (chmod(d->tmp, d->existed ? sb.st_mode & 07777 : 0777 & ~mask))
		rc = cg_error_set(err, CG_EIO, path, 0, 0,
		                  "cannot set the mode of the directory: %s", strerror(errno));
out:
	cg_strbuf_free(&tmp);
	if (rc)
		cg_outdir_abort(d);
	return rc;
}

/* fsync of a directory: 0 or an errno. */
static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), e = 0;

	if (fd < 0)
		return errno;
	if (fsync(fd))
		e = errno;
	close(fd);
	return e;
}

int cg_outdir_commit(cg_outdir *d, cg_error *err)
{
	char parent[PATH_MAX];
	int rc = 0, e;

	if ((e = sync_dir(d->tmp))) {
		rc = cg_error_set(err, CG_EIO, d->path, 0, 0, "cannot write: %s", strerror(e));
		goto out;
	}
	if (rename(d->tmp, d->path) == 0) {
		/* there was no DIR: the set is in place, nothing else to remove */
		untrack_in(tracked_dirs, CG_OUTDIR_TRACKED, d->tmp);
	} else if (errno != EEXIST && errno != ENOTEMPTY) {
		rc = cg_error_set(err, CG_EIO, d->path, 0, 0, "cannot rename the directory: %s",
		                  strerror(errno));
		goto out;
	} else if (!(rc = check_ours(d, err))) {
		/* DIR exists (an empty one was replaced by rename itself): swap
		 * the two, then the previous set, now the temporary directory, is
		 * removed (by the signal handler too, were it to run now) */
		if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->path, RENAME_EXCHANGE)) {
			rc = cg_error_set(err, CG_EIO, d->path, 0, 0,
			                  "cannot replace the directory as a whole: %s (remove it "
			                  "first, or give a new directory)",
			                  strerror(errno));
			goto out;
		}
	} else {
		goto out;
	}
	parent_of(d->path, parent, sizeof parent);
	sync_dir(parent); /* the set is in place: a failed sync of the rename is not undone */
out:
	cg_outdir_abort(d);
	return rc;
}

void cg_outdir_name_error(const cg_outdir *d, cg_error *err)
{
	char buf[CG_ERROR_FILE_MAX];
	size_t n = d->tmp ? strlen(d->tmp) : 0;

	if (n && strncmp(err->file, d->tmp, n) == 0 && err->file[n] == '/') {
		snprintf(buf, sizeof buf, "%s%s", d->path, err->file + n);
		cg_error_set_file(err, buf);
	}
}

void cg_outdir_abort(cg_outdir *d)
{
	if (d->tmp) {
		remove_dir(d->tmp);
		untrack_in(tracked_dirs, CG_OUTDIR_TRACKED, d->tmp);
	}
	if (d->held > 0)
		close(d->held - 1);
	free(d->tmp);
	free(d->path);
	memset(d, 0, sizeof *d);
}
