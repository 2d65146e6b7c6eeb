/* fuzz_replay: feeds files to the fuzz targets without libFuzzer, so that
 * the normal test suite (and its sanitizer and valgrind runs) replays every
 * seed and every input that once crashed a target.
 *
 *   fuzz_replay                     every file of tests/fuzz/corpus/<target>/
 *                                   and tests/fuzz/regression/<target>/, for
 *                                   every target (the source tree is
 *                                   $CG_SOURCE_ROOT, else ".")
 *   fuzz_replay TARGET PATH...      the files given (a directory: its files)
 *
 * Inputs named in tests/fuzz/regression/open-bugs.txt (bugs found in code
 * owned elsewhere and reported, not yet fixed: "TARGET/FILE reason") are
 * skipped with a note, unless CG_FUZZ_REPLAY_ALL=1; remove the line with
 * the fix.
 *
 * A target aborts on a failed invariant (fuzz.h); the sanitizers abort on a
 * memory error. Exit status 0 when every file was replayed, 1 when one
 * could not be read, 2 on a usage error. */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef int (*target_fn)(const uint8_t *, size_t);

#define T(name) int fuzz_##name(const uint8_t *data, size_t size);
T(nodes_csv)
T(links_csv)
T(mapped_csv)
T(mapping)
T(jsonl)
T(ftm)
T(stix)
T(misp)
T(report)
T(roundtrip)
T(render)
T(detect)
#undef T

static const struct {
	const char *name;
	target_fn fn;
} targets[] = {
    {"nodes_csv", fuzz_nodes_csv}, {"links_csv", fuzz_links_csv}, {"mapped_csv", fuzz_mapped_csv},
    {"mapping", fuzz_mapping},     {"jsonl", fuzz_jsonl},         {"ftm", fuzz_ftm},
    {"stix", fuzz_stix},           {"misp", fuzz_misp},           {"report", fuzz_report},
    {"roundtrip", fuzz_roundtrip}, {"render", fuzz_render},       {"detect", fuzz_detect},
};

#define N_TARGETS (sizeof targets / sizeof *targets)

/* Feeds one file to fn: its bytes in a buffer of exactly their size, so
 * that AddressSanitizer sees a read past the end. 0, or -1 when unreadable. */
static int replay_file(target_fn fn, const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!f) {
		fprintf(stderr, "fuzz_replay: cannot open %s\n", path);
		return -1;
	}
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			uint8_t *nb = realloc(buf, ncap);
			if (!nb) {
				rc = -1;
				break;
			}
			buf = nb;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		rc = -1;
	fclose(f);
	if (!rc) {
		uint8_t *exact = malloc(n ? n : 1);
		if (!exact) {
			rc = -1;
		} else {
			memcpy(exact, buf, n);
			fn(exact, n);
			free(exact);
		}
	}
	free(buf);
	if (rc)
		fprintf(stderr, "fuzz_replay: cannot read %s\n", path);
	return rc;
}

/* Whether TARGET/FILE (file: the base name) is listed in open-bugs.txt. */
static int open_bug(const char *target, const char *file)
{
	static char *list;
	static int loaded;
	char want[512];
	const char *p;
	size_t n;

	if (!loaded) {
		char path[1024];
		const char *all = getenv("CG_FUZZ_REPLAY_ALL");
		FILE *f;
		loaded = 1;
		if (all && strcmp(all, "1") == 0)
			return 0;
		snprintf(path, sizeof path, "%s/tests/fuzz/regression/open-bugs.txt",
		         fuzz_source_root());
		if ((f = fopen(path, "rb"))) {
			long len;
			if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
			    fseek(f, 0, SEEK_SET) == 0 &&
			    (list = calloc((size_t)len + 2, 1)) != NULL) {
				list[0] = '\n';
				if (fread(list + 1, 1, (size_t)len, f) != (size_t)len)
					list[1] = '\0';
			}
			fclose(f);
		}
	}
	if (!list)
		return 0;
	n = (size_t)snprintf(want, sizeof want, "\n%s/%s", target, file);
	for (p = strstr(list, want); p; p = strstr(p + 1, want))
		if (p[n] == ' ' || p[n] == '\t' || p[n] == '\n' || p[n] == '\0')
			return 1;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Replays path: a file, or every regular file of a directory (in name
 * order). *count gets the files replayed. 0, or -1 when one was unreadable. */
static int replay_path(target_fn fn, const char *target, const char *path, int missing_ok,
                       size_t *count)
{
	struct stat sb;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (stat(path, &sb)) {
		if (missing_ok)
			return 0;
		fprintf(stderr, "fuzz_replay: no such file: %s\n", path);
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		(*count)++;
		return replay_file(fn, path);
	}
	if (!(d = opendir(path)))
		return -1;
	while ((de = readdir(d))) {
		char full[2048];
		if (de->d_name[0] == '.')
			continue;
		snprintf(full, sizeof full, "%s/%s", path, de->d_name);
		if (stat(full, &sb) || !S_ISREG(sb.st_mode))
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **nn = realloc(names, ncap * sizeof *nn);
			if (!nn) {
				rc = -1;
				break;
			}
			names = nn;
			cap = ncap;
		}
		size_t len = strlen(full);
		if (!(names[n] = malloc(len + 1))) {
			rc = -1;
			break;
		}
		memcpy(names[n++], full, len + 1);
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		const char *base = strrchr(names[i], '/') + 1;
		if (!rc && target && open_bug(target, base)) {
			printf("skipped %s/%s: an open bug (tests/fuzz/regression/open-bugs.txt)\n",
			       target, base);
		} else if (!rc) {
			(*count)++;
			rc = replay_file(fn, names[i]);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int rc = 0;

	if (argc >= 2) {
		size_t t;
		for (t = 0; t < N_TARGETS && strcmp(targets[t].name, argv[1]) != 0; t++)
			;
		if (t == N_TARGETS || argc < 3) {
			fprintf(stderr, "usage: fuzz_replay [TARGET PATH...]\ntargets:");
			for (size_t i = 0; i < N_TARGETS; i++)
				fprintf(stderr, " %s", targets[i].name);
			fputc('\n', stderr);
			return 2;
		}
		for (int i = 2; i < argc && !rc; i++)
			rc = replay_path(targets[t].fn, NULL, argv[i], 0, &count);
		printf("%s: %zu files replayed\n", targets[t].name, count);
		return rc ? 1 : 0;
	}
	for (size_t t = 0; t < N_TARGETS && !rc; t++) {
		static const char *const kinds[] = {"corpus", "regression"};
		for (size_t k = 0; k < 2 && !rc; k++) {
			char dir[1024];
			size_t before = count;
			snprintf(dir, sizeof dir, "%s/tests/fuzz/%s/%s", fuzz_source_root(),
			         kinds[k], targets[t].name);
			rc = replay_path(targets[t].fn, k ? targets[t].name : NULL, dir, 1, &count);
			printf("%s/%s: %zu files replayed\n", kinds[k], targets[t].name,
			       count - before);
		}
	}
	printf("%zu files replayed\n", count);
	return rc ? 1 : 0;
}
