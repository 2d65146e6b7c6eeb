/* The cost of the MISP warninglists (issue 15): the time to load a folder
 * of lists (all of ../shared/misp-warninglists by default) with the
 * built-in default, and the time to match N values (1,000,000 by default:
 * a quarter each IPv4 addresses, domains, URLs and e-mail addresses, drawn
 * from a fixed seed, some of them on the lists). Built and run by
 * bench/warninglists.sh. */
#include "cg_analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void note(void *ctx, const cg_error *e)
{
	char buf[1200];
	(void)ctx;
	cg_error_format(e, buf, sizeof buf);
	fprintf(stderr, "note: %s\n", buf);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/misp-warninglists";
	long n = argc > 2 ? atol(argv[2]) : 1000000;
	static const char *const tlds[] = {"com", "net", "org", "ru", "io", "example"};
	static const char *const words[] = {"google", "cdn",  "mail",  "login", "update",
	                                    "secure", "blog", "files", "api",   "portal"};
	static const char *const types[] = {"ip", "domain", "url", "email"};
	cg_error err;
	cg_warninglists *w = cg_warninglists_new();
	unsigned long long x = 88172645463325252ull;
	char v[256];
	long hits[4] = {0};
	double t0 = now(), t1, t2;

	if (!w || cg_warninglists_add_default(w, &err) ||
	    cg_warninglists_load(w, dir, note, NULL, &err)) {
		cg_error_format(&err, v, sizeof v);
		fprintf(stderr, "bench: %s\n", v);
		return 1;
	}
	t1 = now();
	printf("load: %zu lists, %zu values in %.3f s\n", cg_warninglists_count(w),
	       cg_warninglists_values(w), t1 - t0);
	for (long i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int k = (int)(i & 3);
		const char *a = words[x % 10], *b = words[(x >> 8) % 10], *t = tlds[(x >> 16) % 6];
		switch (k) {
		case 0:
			snprintf(v, sizeof v, "%u.%u.%u.%u", (unsigned)(x >> 24) & 255,
			         (unsigned)(x >> 32) & 255, (unsigned)(x >> 40) & 255,
			         (unsigned)(x >> 48) & 255);
			break;
		case 1:
			snprintf(v, sizeof v, "%s%lu.%s.%s", a, (unsigned long)(x >> 40) % 1000, b,
			         t);
			break;
		case 2:
			snprintf(v, sizeof v, "https://%s.%s.%s/%s/%lu", a, b, t, a,
			         (unsigned long)(x >> 30) % 100000);
			break;
		default:
			snprintf(v, sizeof v, "%s.%lu@%s.%s", a, (unsigned long)(x >> 36) % 10000,
			         b, t);
		}
		hits[k] += cg_warninglists_match(w, types[k], v) != NULL;
	}
	t2 = now();
	printf("match: %ld values in %.3f s (%.3f s per million); on a list: ip %ld, domain %ld, "
	       "url %ld, email %ld\n",
	       n, t2 - t1, (t2 - t1) * 1e6 / (double)(n ? n : 1), hits[0], hits[1], hits[2],
	       hits[3]);
	cg_warninglists_free(w);
	return 0;
}
