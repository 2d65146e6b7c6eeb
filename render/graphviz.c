/* Running Graphviz: the one child process render/ starts.
 *
 * The layout programs run as child processes, not through libgvc, because
 * a child can be killed after a timeout (dot's time explodes with edge
 * crossings on large graphs) and its leaks and non-reentrancy stay out of
 * casegraph (docs/RENDER.md). The child gets stdin from
 * /dev/null, writes its image into a pipe that casegraph copies into the
 * output file as cg_outfile opens it (a temporary file renamed into place
 * only on success; "-" or a device written in place), so that a failed
 * write (a full disk) is seen here and reported with its reason rather
 * than as dot failing, and its stderr into a temporary file whose first
 * line becomes the error message. SERVER_NAME and GV_FILE_PATH are set so
 * that Graphviz refuses to read local image files named in a graph. */
#include "cg_render.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

const char *cg_graphviz_layout(size_t nodes)
{
	return nodes > CG_GRAPHVIZ_DOT_LIMIT ? "sfdp" : "dot";
}

int cg_graphviz_find(const char *prog, cg_strbuf *out, cg_error *err)
{
	const char *path = getenv("PATH");

	if (strchr(prog, '/')) {
		cg_strbuf_reset(out);
		if (cg_strbuf_puts(out, prog))
			return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		if (access(prog, X_OK) == 0)
			return 0;
		return cg_error_set(err, CG_ENOTFOUND, NULL, 0, 0, "Graphviz: cannot run '%s'",
		                    prog);
	}
	while (path && *path) {
		size_t n = strcspn(path, ":");
		struct stat sb;
		cg_strbuf_reset(out);
		if (cg_strbuf_append(out, n ? path : ".", n ? n : 1) || cg_strbuf_putc(out, '/') ||
		    cg_strbuf_puts(out, prog))
			return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		if (stat(out->buf, &sb) == 0 && S_ISREG(sb.st_mode) && access(out->buf, X_OK) == 0)
			return 0;
		path += n;
		if (*path == ':')
			path++;
	}
	return cg_error_set(err, CG_ENOTFOUND, NULL, 0, 0,
	                    "Graphviz is not installed (no '%s' in PATH): install the graphviz "
	                    "package (apt-get install graphviz fonts-liberation), or lay the DOT "
	                    "file out elsewhere",
	                    prog);
}

/* The environment of the child: ours, with SERVER_NAME and GV_FILE_PATH
 * replaced. */
static char **child_env(void)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	if (!(env = malloc((n + 3) * sizeof *env)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "SERVER_NAME=", 12) &&
		    strncmp(environ[i], "GV_FILE_PATH=", 13))
			env[k++] = environ[i];
	env[k++] = "SERVER_NAME=casegraph";
	env[k++] = "GV_FILE_PATH=/nonexistent/casegraph-no-images/";
	env[k] = NULL;
	return env;
}

/* Writes n bytes of buf to fd: 0, or an errno. */
static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The first line of the child's stderr, for the error message. */
static void first_line(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	buf[0] = '\0';
	if (!f)
		return;
	if (fgets(buf, (int)n, f))
		buf[strcspn(buf, "\r\n")] = '\0';
	fclose(f);
}

int cg_graphviz_run(const char *prog, const char *format, const char *dot_path,
                    const char *out_path, size_t nodes, double timeout_s, cg_error *err)
{
	cg_strbuf exe = CG_STRBUF_INIT, errf = CG_STRBUF_INIT, targ = CG_STRBUF_INIT;
	cg_outfile img = {0};
	posix_spawn_file_actions_t fa;
	int fa_init = 0, fd, efd = -1, rc = 0, status = 0, pfd[2] = {-1, -1}, exited = 0;
	char **env = NULL;
	pid_t pid = -1;

	if (strcmp(format, "svg") && strcmp(format, "png") && strcmp(format, "pdf"))
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0,
		                    "unknown image format '%s' (svg, png, pdf)", format);
	if ((rc = cg_graphviz_find(prog, &exe, err)))
		goto out;
	if (cg_strbuf_printf(&errf, "%s.err." CG_TEMP_MARK "XXXXXX", out_path) ||
	    cg_strbuf_printf(&targ, "-T%s", format) || !(env = child_env())) {
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	if ((rc = cg_outfile_open(&img, out_path, err)))
		goto out;
	if ((efd = cg_outfile_temporary(errf.buf)) < 0) {
		rc = cg_error_set(err, CG_EIO, out_path, 0, 0, "cannot create a temporary file: %s",
		                  strerror(errno));
		goto out;
	}
	/* the image is copied from the child's pipe with write(2): nothing of
	 * ours is buffered in img.f, but what stdout ("-") holds goes out first */
	fflush(img.f);
	fd = fileno(img.f);
	if (pipe(pfd) || fcntl(pfd[0], F_SETFD, FD_CLOEXEC) || fcntl(pfd[1], F_SETFD, FD_CLOEXEC)) {
		rc = cg_error_set(err, CG_EIO, NULL, 0, 0, "cannot run %s: %s", prog,
		                  strerror(errno));
		goto out;
	}
	/* dot's speed limits on larger graphs (mclimit, nslimit: fewer
	 * crossing-minimisation and network-simplex iterations) */
	char *argv[10];
	int a = 0;
	argv[a++] = (char *)prog;
	argv[a++] = targ.buf;
	if (strcmp(prog, "dot") == 0 && nodes > CG_DOT_MAX_NODES) {
		argv[a++] = "-Gmclimit=0.1";
		argv[a++] = "-Gnslimit=2";
		argv[a++] = "-Gnslimit1=2";
	}
	/* a PNG at twice the size (192 dpi, Graphviz's default is 96): sharp
	 * when pasted into a slide */
	if (strcmp(format, "png") == 0)
		argv[a++] = "-Gdpi=192";
	argv[a++] = (char *)dot_path;
	argv[a] = NULL;
	if (posix_spawn_file_actions_init(&fa)) {
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	fa_init = 1;
	/* the pipe's ends are closed at exec (dup2 clears that flag on the copy
	 * as 1); fd is 1 itself when the image goes to our standard output */
	if (posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) ||
	    posix_spawn_file_actions_adddup2(&fa, pfd[1], 1) ||
	    posix_spawn_file_actions_adddup2(&fa, efd, 2) ||
	    (fd != 1 && fd != 2 && posix_spawn_file_actions_addclose(&fa, fd)) ||
	    posix_spawn_file_actions_addclose(&fa, efd)) {
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	int serr = posix_spawn(&pid, exe.buf, &fa, NULL, argv, env);
	if (serr) {
		pid = -1;
		rc = cg_error_set(err, CG_EIO, NULL, 0, 0, "cannot run %s: %s", exe.buf,
		                  strerror(serr));
		goto out;
	}
	close(pfd[1]);
	pfd[1] = -1;
	/* copy the image and wait, polling every 10 ms, until the child has
	 * exited and its pipe is drained, or the time is up */
	struct timespec start, now, tick = {0, 10 * 1000 * 1000};

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (pfd[0] >= 0) {
			struct pollfd pl = {.fd = pfd[0], .events = POLLIN};
			char buf[16384];
			ssize_t n = 0;
			int e;
			if (poll(&pl, 1, 10) > 0 && (n = read(pfd[0], buf, sizeof buf)) == 0) {
				close(pfd[0]);
				pfd[0] = -1;
			} else if (n < 0 && errno != EINTR && errno != EAGAIN) {
				rc = cg_error_set(err, CG_EIO, NULL, 0, 0, "reading from %s: %s",
				                  prog, strerror(errno));
				goto out;
			} else if (n > 0 && (e = write_all(fd, buf, (size_t)n))) {
				/* the child is killed at out */
				rc = cg_error_set(err, CG_EIO, out_path, 0, 0, "cannot write: %s",
				                  strerror(e));
				goto out;
			}
		}
		pid_t w = exited ? pid : waitpid(pid, &status, WNOHANG);
		if (w == pid) {
			exited = 1;
			if (pfd[0] < 0)
				break;
			continue; /* what is left in the pipe */
		}
		if (w < 0 && errno != EINTR) {
			rc = cg_error_set(err, CG_EIO, NULL, 0, 0, "waiting for %s: %s", prog,
			                  strerror(errno));
			pid = -1;
			goto out;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		double elapsed = (double)(now.tv_sec - start.tv_sec) +
		                 (double)(now.tv_nsec - start.tv_nsec) / 1e9;
		if (timeout_s > 0 && elapsed > timeout_s) {
			if (!exited) {
				kill(pid, SIGKILL);
				waitpid(pid, &status, 0);
			}
			pid = -1;
			rc = cg_error_set(
			    err, CG_ELIMIT, dot_path, 0, 0,
			    "%s did not finish within %.0f s and was stopped: draw fewer "
			    "nodes (--focus, --top, --max-nodes) or raise --timeout",
			    prog, timeout_s);
			goto out;
		}
		if (pfd[0] < 0)
			nanosleep(&tick, NULL);
	}
	pid = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char line[300];
		first_line(errf.buf, line, sizeof line);
		rc = cg_error_set(err, CG_EIO, dot_path, 0, 0, "%s failed%s%s", prog,
		                  line[0] ? ": " : "", line);
		goto out;
	}
	rc = cg_outfile_commit(&img, err);
out:
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	if (pid > 0 && !exited) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	if (fa_init)
		posix_spawn_file_actions_destroy(&fa);
	cg_outfile_abort(&img);
	if (efd >= 0) {
		close(efd);
		cg_outfile_temporary_remove(errf.buf);
	}
	free(env);
	cg_strbuf_free(&exe);
	cg_strbuf_free(&errf);
	cg_strbuf_free(&targ);
	return rc;
}
