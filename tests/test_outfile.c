/* Tests for graph/cg_outfile.h: the atomic output file behind every file
 * casegraph writes (a temporary file renamed into place; "-", devices and
 * FIFOs written in place; directories refused). */
#include "cg_error.h"
#include "cg_outfile.h"
#include "testutil.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[4200];

static void setup(void)
{
	tu_mkdtemp(NULL, dir, sizeof dir);
}

static void teardown(void)
{
	tu_remove_tree(dir);
}

/* dir/name, in one of a few static buffers. */
static const char *in_dir(const char *name)
{
	static char ring[4][4400];
	static unsigned next;
	char *p = ring[next++ % 4];

	snprintf(p, sizeof ring[0], "%s/%s", dir, name);
	return p;
}

/* Entries of dir, "." and ".." left out. */
static size_t entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	size_t n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void assert_text(const char *path, const char *want)
{
	size_t n;
	char *got = tu_slurp(path, &n);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

static void assert_zeroed(const cg_outfile *o)
{
	ck_assert_ptr_null(o->f);
	ck_assert_ptr_null(o->tmp);
	ck_assert_ptr_null(o->path);
	ck_assert_int_eq(o->borrowed, 0);
}

/* ---- cg_outfile_open ---- */

START_TEST(open_regular_path_writes_a_temporary_file_beside_it)
{
	const char *path = in_dir("out.txt");
	char prefix[4500];
	cg_outfile o;
	cg_error err;

	cg_error_clear(&err);
	ck_assert_int_eq(cg_outfile_open(&o, path, &err), 0);
	ck_assert_ptr_nonnull(o.f);
	ck_assert_ptr_nonnull(o.tmp);
	ck_assert_str_eq(o.path, path);
	ck_assert_int_eq(o.borrowed, 0);
	snprintf(prefix, sizeof prefix, "%s.tmp." CG_TEMP_MARK, path);
	ck_assert_int_eq(strncmp(o.tmp, prefix, strlen(prefix)), 0);
	ck_assert_uint_eq(strlen(o.tmp), strlen(prefix) + 6);
	ck_assert_int_eq(access(o.tmp, F_OK), 0);
	/* nothing at path until the commit */
	ck_assert_int_ne(access(path, F_OK), 0);
	fputs("hello\n", o.f);
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_int_eq(cg_outfile_commit(&o, &err), 0);
	assert_zeroed(&o);
	assert_text(path, "hello\n");
	ck_assert_uint_eq(entries(dir), 1);
}
END_TEST

START_TEST(open_gives_the_mode_fopen_would)
{
	const char *path = in_dir("mode.txt");
	mode_t old = umask(027);
	struct stat sb;
	cg_outfile o;
	cg_error err;

	ck_assert_int_eq(cg_outfile_open(&o, path, &err), 0);
	ck_assert_int_eq(cg_outfile_commit(&o, &err), 0);
	umask(old);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0640);
}
END_TEST

/* Refused before anything is written, with the message the rename onto a
 * directory gives (the JSONL writer's, which its tests check). */
START_TEST(open_directory_is_eio_before_writing)
{
	const char *path = in_dir("taken");
	cg_outfile o;
	cg_error err;

	ck_assert_int_eq(mkdir(path, 0700), 0);
	cg_error_clear(&err);
	ck_assert_int_eq(cg_outfile_open(&o, path, &err), CG_EIO);
	ck_assert_int_eq(err.code, CG_EIO);
	ck_assert_str_eq(err.file, path);
	ck_assert_str_eq(err.message, "cannot rename the temporary file: Is a directory");
	assert_zeroed(&o);
	ck_assert_uint_eq(entries(dir), 1);
	ck_assert_uint_eq(entries(path), 0);
}
END_TEST

START_TEST(open_in_missing_directory_is_eio)
{
	const char *path = in_dir("missing/out.txt");
	cg_outfile o;
	cg_error err;

	cg_error_clear(&err);
	ck_assert_int_eq(cg_outfile_open(&o, path, &err), CG_EIO);
	ck_assert_str_eq(err.file, path);
	ck_assert_str_eq(err.message, "cannot create a temporary file: No such file or directory");
	assert_zeroed(&o);
	ck_assert_uint_eq(entries(dir), 0);
}
END_TEST

START_TEST(open_device_writes_in_place)
{
	struct stat sb;
	cg_outfile o;
	cg_error err;

	ck_assert_int_eq(cg_outfile_open(&o, "/dev/null", &err), 0);
	ck_assert_ptr_nonnull(o.f);
	ck_assert_ptr_null(o.tmp);
	ck_assert_int_eq(o.borrowed, 0);
	fputs("into the device\n", o.f);
	ck_assert_int_eq(cg_outfile_commit(&o, &err), 0);
	assert_zeroed(&o);
	ck_assert_int_eq(stat("/dev/null", &sb), 0);
	ck_assert(S_ISCHR(sb.st_mode));
}
END_TEST

START_TEST(open_fifo_writes_in_place)
{
	const char *fifo = in_dir("pipe");
	struct stat before, after;
	char buf[64];
	cg_outfile o;
	cg_error err;
	ssize_t n;
	int rd;

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	rd = open(fifo, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(rd, 0);
	ck_assert_int_eq(stat(fifo, &before), 0);
	ck_assert_int_eq(cg_outfile_open(&o, fifo, &err), 0);
	ck_assert_ptr_null(o.tmp);
	fputs("through the pipe\n", o.f);
	ck_assert_int_eq(cg_outfile_commit(&o, &err), 0);
	n = read(rd, buf, sizeof buf - 1);
	close(rd);
	ck_assert_int_eq(n, 17);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "through the pipe\n");
	ck_assert_int_eq(stat(fifo, &after), 0);
	ck_assert(S_ISFIFO(after.st_mode));
	ck_assert_uint_eq(after.st_ino, before.st_ino);
	ck_assert_uint_eq(entries(dir), 1);
}
END_TEST

/* "-" is standard output: written in place, flushed at commit and left
 * open. */
START_TEST(open_dash_is_standard_output)
{
	const char *path = in_dir("stdout.txt");
	cg_outfile o;
	cg_error err;
	int saved, fd;

	fflush(stdout);
	saved = dup(1);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dup2(fd, 1), 1);
	close(fd);
	ck_assert_int_eq(cg_outfile_open(&o, "-", &err), 0);
	ck_assert_ptr_eq(o.f, stdout);
	ck_assert_ptr_null(o.tmp);
	ck_assert_int_eq(o.borrowed, 1);
	fputs("on stdout\n", o.f);
	ck_assert_int_eq(cg_outfile_commit(&o, &err), 0);
	assert_zeroed(&o);
	/* still open: the commit flushed it and did not close it */
	ck_assert_int_ge(fputs("and after\n", stdout), 0);
	ck_assert_int_eq(fflush(stdout), 0);
	ck_assert_int_eq(dup2(saved, 1), 1);
	close(saved);
	assert_text(path, "on stdout\nand after\n");
	ck_assert_uint_eq(entries(dir), 1);
}
END_TEST

/* ---- cg_outfile_commit ---- */

START_TEST(commit_replaces_the_previous_file)
{
	const char *path = in_dir("out.txt");
	cg_outfile o;
	cg_error err;

	tu_write_file(path, "old contents\n", 13);
	ck_assert_int_eq(cg_outfile_open(&o, path, &err), 0);
	fputs("new contents\n", o.f);
	assert_text(path, "old contents\n");
	ck_assert_int_eq(cg_outfile_commit(&o, &err), 0);
	assert_text(path, "new contents\n");
	ck_assert_uint_eq(entries(dir), 1);
}
END_TEST

/* A write that fails (here: past the file size limit) fails the commit,
 * removes the temporary file and leaves the previous file as it was. */
START_TEST(commit_failed_write_is_eio_and_keeps_the_old_file)
{
	const char *path = in_dir("out.txt");
	struct rlimit old, lim;
	void (*old_handler)(int);
	char line[100];
	cg_outfile o;
	cg_error err;
	int rc;

	tu_write_file(path, "old contents\n", 13);
	ck_assert_int_eq(cg_outfile_open(&o, path, &err), 0);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	old_handler = signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	memset(line, 'x', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	for (int i = 0; i < 100; i++)
		fprintf(o.f, "%s\n", line);
	cg_error_clear(&err);
	rc = cg_outfile_commit(&o, &err);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, old_handler);
	ck_assert_int_eq(rc, CG_EIO);
	ck_assert_int_eq(err.code, CG_EIO);
	ck_assert_str_eq(err.file, path);
	ck_assert_str_eq(err.message, "cannot write: File too large");
	assert_zeroed(&o);
	assert_text(path, "old contents\n");
	ck_assert_uint_eq(entries(dir), 1);
}
END_TEST

/* ---- cg_outfile_abort ---- */

START_TEST(abort_removes_the_temporary_file_and_keeps_the_old_one)
{
	const char *path = in_dir("out.txt");
	cg_outfile o;
	cg_error err;

	tu_write_file(path, "old contents\n", 13);
	ck_assert_int_eq(cg_outfile_open(&o, path, &err), 0);
	fputs("never seen\n", o.f);
	ck_assert_uint_eq(entries(dir), 2);
	cg_outfile_abort(&o);
	assert_zeroed(&o);
	assert_text(path, "old contents\n");
	ck_assert_uint_eq(entries(dir), 1);
	/* a zeroed (or already aborted) outfile is accepted */
	cg_outfile_abort(&o);
	assert_zeroed(&o);
}
END_TEST

START_TEST(abort_leaves_standard_output_open)
{
	cg_outfile o;
	cg_error err;

	ck_assert_int_eq(cg_outfile_open(&o, "-", &err), 0);
	cg_outfile_abort(&o);
	assert_zeroed(&o);
	ck_assert_int_ge(fcntl(fileno(stdout), F_GETFD), 0);
	ck_assert_int_eq(fflush(stdout), 0);
}
END_TEST

/* ---- cg_outfile_remove_temporaries ---- */

START_TEST(remove_temporaries_unlinks_every_open_temporary_file)
{
	const char *a = in_dir("a.txt"), *b = in_dir("b.txt");
	cg_outfile oa, ob, oc;
	cg_error err;

	tu_write_file(a, "old a\n", 6);
	ck_assert_int_eq(cg_outfile_open(&oa, a, &err), 0);
	ck_assert_int_eq(cg_outfile_open(&ob, b, &err), 0);
	ck_assert_int_eq(cg_outfile_open(&oc, "-", &err), 0); /* in place: nothing to remove */
	ck_assert_uint_eq(entries(dir), 3);
	cg_outfile_remove_temporaries();
	/* what a signal handler leaves: the outputs as they were, no temporary file */
	ck_assert_uint_eq(entries(dir), 1);
	assert_text(a, "old a\n");
	cg_outfile_abort(&oa);
	cg_outfile_abort(&ob);
	cg_outfile_abort(&oc);
	/* files committed or aborted are no longer tracked: a new one is, alone */
	ck_assert_int_eq(cg_outfile_open(&oa, a, &err), 0);
	cg_outfile_abort(&oa);
	ck_assert_int_eq(cg_outfile_open(&ob, b, &err), 0);
	fputs("b\n", ob.f);
	ck_assert_int_eq(cg_outfile_commit(&ob, &err), 0);
	cg_outfile_remove_temporaries();
	assert_text(b, "b\n");
	ck_assert_uint_eq(entries(dir), 2);
}
END_TEST

START_TEST(commit_keeps_the_mode_of_the_replaced_file)
{
	const char *path = in_dir("g.jsonl");
	struct stat sb;
	cg_outfile o;
	cg_error err;

	tu_write_file(path, "old\n", 4);
	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert_int_eq(cg_outfile_open(&o, path, &err), 0);
	fputs("new\n", o.f);
	ck_assert_int_eq(cg_outfile_commit(&o, &err), 0);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	assert_text(path, "new\n");
}
END_TEST

/* ---- cg_outdir ---- */

static const char *const set[] = {"a.txt", "b.txt"};

/* Writes the set (a.txt = a, b.txt = b) into d->tmp. */
static void write_set(cg_outdir *d, const char *a, const char *b)
{
	char p[4400];
	snprintf(p, sizeof p, "%s/a.txt", d->tmp);
	tu_write_file(p, a, strlen(a));
	snprintf(p, sizeof p, "%s/b.txt", d->tmp);
	tu_write_file(p, b, strlen(b));
}

START_TEST(outdir_new_directory_appears_whole_at_commit)
{
	const char *out = in_dir("out");
	cg_outdir d;
	cg_error err;

	ck_assert_int_eq(cg_outdir_open(&d, out, set, 2, &err), 0);
	write_set(&d, "a1", "b1");
	ck_assert_int_ne(access(out, F_OK), 0); /* nothing at DIR before the commit */
	ck_assert_int_eq(cg_outdir_commit(&d, &err), 0);
	assert_text(in_dir("out/a.txt"), "a1");
	assert_text(in_dir("out/b.txt"), "b1");
	ck_assert_uint_eq(entries(dir), 1);
}
END_TEST

START_TEST(outdir_replaces_a_previous_set_and_removes_it)
{
	const char *out = in_dir("out/"); /* a trailing '/' is dropped */
	cg_outdir d;
	cg_error err;

	ck_assert_int_eq(cg_outdir_open(&d, out, set, 2, &err), 0);
	write_set(&d, "a1", "b1");
	ck_assert_int_eq(cg_outdir_commit(&d, &err), 0);
	tu_write_file(in_dir("out/a.txt.tmp.AbC123"), "x", 1); /* a killed run's */
	ck_assert_int_eq(cg_outdir_open(&d, out, set, 2, &err), 0);
	write_set(&d, "a2", "b2");
	assert_text(in_dir("out/a.txt"), "a1"); /* the old set until the commit */
	ck_assert_int_eq(cg_outdir_commit(&d, &err), 0);
	assert_text(in_dir("out/a.txt"), "a2");
	assert_text(in_dir("out/b.txt"), "b2");
	ck_assert_uint_eq(entries(in_dir("out")), 2);
	ck_assert_uint_eq(entries(dir), 1); /* the old set is gone */
}
END_TEST

START_TEST(outdir_refuses_a_directory_with_other_files)
{
	const char *out = in_dir("out");
	cg_outdir d;
	cg_error err;

	ck_assert_int_eq(mkdir(out, 0777), 0);
	tu_write_file(in_dir("out/a.txt"), "mine", 4);
	tu_write_file(in_dir("out/notes.txt"), "mine", 4);
	ck_assert_int_eq(cg_outdir_open(&d, out, set, 2, &err), CG_EIO);
	ck_assert_str_eq(err.file, out);
	ck_assert_str_eq(err.message,
	                 "not replaced: it holds 'notes.txt', which is not one of the files this "
	                 "output writes (give a new or empty directory, or one this output wrote "
	                 "before: it is replaced as a whole)");
	ck_assert_ptr_null(d.tmp);
	ck_assert_uint_eq(entries(dir), 1);
	assert_text(in_dir("out/a.txt"), "mine");
}
END_TEST

START_TEST(outdir_abort_and_signal_cleanup_remove_the_temporary_directory)
{
	const char *out = in_dir("out");
	cg_outdir d;
	cg_outfile o;
	cg_error err;
	char p[4400];

	ck_assert_int_eq(cg_outdir_open(&d, out, set, 2, &err), 0);
	write_set(&d, "a", "b");
	snprintf(p, sizeof p, "%s/a.txt", d.tmp);
	ck_assert_int_eq(cg_outfile_open(&o, p, &err), 0); /* a file being written in it */
	ck_assert_uint_eq(entries(dir), 1);
	cg_outfile_remove_temporaries(); /* what the signal handler does */
	ck_assert_uint_eq(entries(dir), 0);
	cg_outfile_abort(&o);
	cg_outdir_abort(&d);
	ck_assert_int_eq(cg_outdir_open(&d, out, set, 2, &err), 0);
	write_set(&d, "a", "b");
	cg_outdir_abort(&d);
	ck_assert_uint_eq(entries(dir), 0);
}
END_TEST

static TCase *tcase(const char *name)
{
	TCase *tc = tcase_create(name);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	return tc;
}

static Suite *outfile_suite(void)
{
	Suite *s = suite_create("outfile");
	TCase *tc;

	tc = tcase("cg_outfile_open");
	tcase_add_test(tc, open_regular_path_writes_a_temporary_file_beside_it);
	tcase_add_test(tc, open_gives_the_mode_fopen_would);
	tcase_add_test(tc, open_directory_is_eio_before_writing);
	tcase_add_test(tc, open_in_missing_directory_is_eio);
	tcase_add_test(tc, open_device_writes_in_place);
	tcase_add_test(tc, open_fifo_writes_in_place);
	tcase_add_test(tc, open_dash_is_standard_output);
	suite_add_tcase(s, tc);

	tc = tcase("cg_outfile_commit");
	tcase_add_test(tc, commit_replaces_the_previous_file);
	tcase_add_test(tc, commit_failed_write_is_eio_and_keeps_the_old_file);
	tcase_add_test(tc, commit_keeps_the_mode_of_the_replaced_file);
	suite_add_tcase(s, tc);

	tc = tcase("cg_outfile_abort");
	tcase_add_test(tc, abort_removes_the_temporary_file_and_keeps_the_old_one);
	tcase_add_test(tc, abort_leaves_standard_output_open);
	suite_add_tcase(s, tc);

	tc = tcase("cg_outdir");
	tcase_add_test(tc, outdir_new_directory_appears_whole_at_commit);
	tcase_add_test(tc, outdir_replaces_a_previous_set_and_removes_it);
	tcase_add_test(tc, outdir_refuses_a_directory_with_other_files);
	tcase_add_test(tc, outdir_abort_and_signal_cleanup_remove_the_temporary_directory);
	suite_add_tcase(s, tc);

	tc = tcase("cg_outfile_remove_temporaries");
	tcase_add_test(tc, remove_temporaries_unlinks_every_open_temporary_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(outfile_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
