/* Tests for importers/aho_corasick.h: the Aho-Corasick automaton behind the
 * report importer's name search. Every match is checked exactly (start,
 * end, payload, flags and order), against a list written out or, for many
 * patterns, against a naive search. */
#include "aho_corasick.h"
#include "cg_error.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* For loops over many items: Check's ck_assert_* records a checkpoint on
 * every call, too slow for thousands of items. REQUIRE only calls into
 * Check when the condition fails. */
#define REQUIRE(cond, ...)                                                                         \
	do {                                                                                       \
		if (!(cond))                                                                       \
			ck_abort_msg(__VA_ARGS__);                                                 \
	} while (0)

/* The matches a search reported, in order. */
typedef struct found {
	aho_match *m;
	size_t n, cap;
	size_t stop_after; /* the callback returns 7 after this many matches (0: never) */
} found;

static int on_match(void *ctx, const aho_match *m)
{
	found *f = ctx;

	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->m = realloc(f->m, f->cap * sizeof *f->m);
		ck_assert_ptr_nonnull(f->m);
	}
	f->m[f->n++] = *m;
	return f->stop_after && f->n >= f->stop_after ? 7 : 0;
}

/* The matches as "start-end:payload" (":payload/flags" when flags are set),
 * blank-separated, in a static buffer. */
static const char *show(const found *f)
{
	static char buf[4096];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < f->n && len < sizeof buf; k++) {
		const aho_match *m = &f->m[k];
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%zu-%zu:%u", k ? " " : "",
		                        m->start, m->end, (unsigned)m->payload);
		if (m->flags && len < sizeof buf)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "/%u",
			                        (unsigned)m->flags);
	}
	return buf;
}

/* An automaton of the NULL-terminated patterns, pattern k with payload k + 1,
 * built. */
static aho_automaton *make(const char *const *pats)
{
	aho_automaton *a = aho_new();

	ck_assert_ptr_nonnull(a);
	for (uint32_t k = 0; pats[k]; k++)
		ck_assert_int_eq(aho_add(a, pats[k], strlen(pats[k]), k + 1, 0), 0);
	ck_assert_int_eq(aho_build(a), 0);
	return a;
}

/* The matches of a scan of text, shown. */
static const char *scan(const aho_automaton *a, const char *text)
{
	found f = {0};
	const char *s;

	ck_assert_int_eq(aho_scan(a, text, strlen(text), on_match, &f), 0);
	s = show(&f);
	free(f.m);
	return s;
}

static const char *lookup(const aho_automaton *a, const char *text)
{
	found f = {0};
	const char *s;

	ck_assert_int_eq(aho_lookup(a, text, strlen(text), on_match, &f), 0);
	s = show(&f);
	free(f.m);
	return s;
}

/* ---- aho_new, aho_build ---- */

START_TEST(empty_automaton_finds_nothing)
{
	aho_automaton *a = aho_new();

	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(aho_build(a), 0);
	ck_assert_uint_eq(aho_pattern_count(a), 0);
	ck_assert_uint_eq(aho_node_count(a), 1);
	ck_assert_str_eq(scan(a, "anything at all"), "");
	ck_assert_str_eq(lookup(a, "anything"), "");
	ck_assert_str_eq(lookup(a, ""), "");
	aho_free(a);
	aho_free(NULL);
}
END_TEST

START_TEST(build_counts_patterns_and_shared_prefixes)
{
	static const char *const pats[] = {"he", "she", "his", "hers", NULL};
	aho_automaton *a = make(pats);

	ck_assert_uint_eq(aho_pattern_count(a), 4);
	/* root, h, he, s, sh, she, hi, his, her, hers */
	ck_assert_uint_eq(aho_node_count(a), 10);
	aho_free(a);
}
END_TEST

/* ---- aho_add ---- */

START_TEST(add_keeps_payloads_and_drops_exact_duplicates)
{
	aho_automaton *a = aho_new();

	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(aho_add(a, "abc", 3, 1, 0), 0);
	ck_assert_int_eq(aho_add(a, "abc", 3, 2, 0), 0);
	ck_assert_int_eq(aho_add(a, "abc", 3, 1, 0), 0); /* the same: kept once */
	ck_assert_int_eq(aho_add(a, "abc", 3, 1, 5), 0); /* other flags: kept */
	ck_assert_uint_eq(aho_pattern_count(a), 3);
	ck_assert_int_eq(aho_build(a), 0);
	/* newest first */
	ck_assert_str_eq(scan(a, "xabcx"), "1-4:1/5 1-4:2 1-4:1");
	aho_free(a);
}
END_TEST

START_TEST(add_ignores_the_empty_pattern)
{
	aho_automaton *a = aho_new();

	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(aho_add(a, "", 0, 1, 0), 0);
	ck_assert_uint_eq(aho_pattern_count(a), 0);
	ck_assert_int_eq(aho_add(a, "a", 1, 2, 0), 0);
	ck_assert_int_eq(aho_build(a), 0);
	ck_assert_str_eq(scan(a, "a"), "0-1:2");
	ck_assert_str_eq(lookup(a, ""), "");
	aho_free(a);
}
END_TEST

/* ---- aho_scan ---- */

START_TEST(scan_finds_overlapping_patterns)
{
	static const char *const pats[] = {"he", "she", "his", "hers", NULL};
	aho_automaton *a = make(pats);

	/* by end; at one end, the longer first */
	ck_assert_str_eq(scan(a, "ushers"), "1-4:2 2-4:1 2-6:4");
	ck_assert_str_eq(scan(a, "this hershe"), "1-4:3 5-7:1 5-9:4 8-11:2 9-11:1");
	ck_assert_str_eq(scan(a, "xyz"), "");
	aho_free(a);
}
END_TEST

START_TEST(scan_finds_nested_and_repeated_patterns)
{
	static const char *const nested[] = {"a", "aa", "aaa", NULL};
	static const char *const words[] = {" lazarus ", " lazarus group ", " group ", NULL};
	aho_automaton *a = make(nested);
	aho_automaton *w = make(words);

	ck_assert_str_eq(scan(a, "aaaa"), "0-1:1 0-2:2 1-2:1 0-3:3 1-3:2 2-3:1 1-4:3 2-4:2 3-4:1");
	ck_assert_str_eq(scan(a, "bab"), "1-2:1");
	/* patterns bounded by blanks match whole words only */
	ck_assert_str_eq(scan(w, " the lazarus group and lazarusx group "),
	                 "4-13:1 4-19:2 12-19:3 31-38:3");
	aho_free(a);
	aho_free(w);
}
END_TEST

START_TEST(scan_of_empty_text_finds_nothing)
{
	static const char *const pats[] = {"a", " ", NULL};
	aho_automaton *a = make(pats);
	found f = {0};

	ck_assert_int_eq(aho_scan(a, "", 0, on_match, &f), 0);
	ck_assert_int_eq(aho_scan(a, NULL, 0, on_match, &f), 0);
	ck_assert_uint_eq(f.n, 0);
	aho_free(a);
}
END_TEST

START_TEST(scan_stops_when_the_callback_says_so)
{
	static const char *const pats[] = {"a", NULL};
	aho_automaton *a = make(pats);
	found f = {0};

	f.stop_after = 2;
	ck_assert_int_eq(aho_scan(a, "aaaa", 4, on_match, &f), 7);
	ck_assert_str_eq(show(&f), "0-1:1 1-2:1");
	free(f.m);
	aho_free(a);
}
END_TEST

START_TEST(scan_reads_any_byte)
{
	/* bytes outside [a-z0-9 ]: no transition table, the same matches */
	static const char *const pats[] = {"Co.", "\xC3\xA9t\xC3\xA9", "t\xC3\xA9", NULL};
	aho_automaton *a = make(pats);

	ck_assert_str_eq(scan(a, "Acme Co. \xC3\xA9t\xC3\xA9"), "5-8:1 9-14:2 11-14:3");
	ck_assert_str_eq(scan(a, "co. CO."), "");
	aho_free(a);
}
END_TEST

/* ---- many patterns, against a naive search ---- */

static uint32_t rnd_state;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

/* Random bytes from alphabet into buf[0..n). */
static void random_text(char *buf, size_t n, const char *alphabet)
{
	size_t al = strlen(alphabet);

	for (size_t i = 0; i < n; i++)
		buf[i] = alphabet[rnd() % al];
}

/* The patterns of a naive search, sorted by length, bytes, then newest
 * first (qsort has no context argument). */
static char (*npats)[16];
static size_t *nplen;

static int cmp_pat(const void *x, const void *y)
{
	size_t p = *(const size_t *)x, q = *(const size_t *)y;
	int c;

	if (nplen[p] != nplen[q])
		return nplen[p] < nplen[q] ? -1 : 1;
	if ((c = memcmp(npats[p], npats[q], nplen[p])))
		return c;
	return p > q ? -1 : p < q;
}

/* The first index of order (np entries) whose pattern is text[0..len), or np. */
static size_t first_equal(const size_t *order, size_t np, const char *text, size_t len)
{
	size_t lo = 0, hi = np;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2, p = order[mid];
		int c = nplen[p] != len ? (nplen[p] < len ? -1 : 1) : memcmp(npats[p], text, len);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Checks a scan of text against a naive search: the matches by end, at one
 * end the longer first, patterns of the same bytes newest first (every
 * pattern here has its own payload). */
static void check_against_naive(const aho_automaton *a, const size_t *order, size_t np,
                                const char *text, size_t n)
{
	found f = {0};
	size_t k = 0;

	ck_assert_int_eq(aho_scan(a, text, n, on_match, &f), 0);
	for (size_t end = 1; end <= n; end++)
		for (size_t len = end < 16 ? end : 15; len > 0; len--)
			for (size_t i = first_equal(order, np, text + end - len, len);
			     i < np && nplen[order[i]] == len &&
			     memcmp(npats[order[i]], text + end - len, len) == 0;
			     i++) {
				size_t p = order[i];
				REQUIRE(k < f.n, "missing match %zu-%zu of pattern %zu", end - len,
				        end, p);
				REQUIRE(f.m[k].start == end - len && f.m[k].end == end &&
				            f.m[k].payload == p + 1 && f.m[k].flags == (p & 3),
				        "match %zu: %zu-%zu:%u, expected %zu-%zu:%zu", k,
				        f.m[k].start, f.m[k].end, (unsigned)f.m[k].payload,
				        end - len, end, p + 1);
				k++;
			}
	REQUIRE(k == f.n, "%zu matches, expected %zu", f.n, k);
	free(f.m);
}

/* np random patterns of 1 to maxlen bytes from alphabet (some repeated with
 * another payload), checked on random texts from text_alphabet. */
static void random_patterns(size_t np, size_t maxlen, const char *alphabet,
                            const char *text_alphabet, size_t min_nodes)
{
	char(*pats)[16] = calloc(np, sizeof *pats);
	size_t *plen = calloc(np, sizeof *plen), *order = calloc(np, sizeof *order);
	aho_automaton *a = aho_new();
	char text[2000];

	ck_assert(pats && plen && order && a);
	for (size_t p = 0; p < np; p++) {
		if (p > 0 && rnd() % 10 == 0) {
			size_t q = rnd() % p; /* the same bytes again, another payload */
			memcpy(pats[p], pats[q], plen[q]);
			plen[p] = plen[q];
		} else {
			plen[p] = 1 + rnd() % maxlen;
			random_text(pats[p], plen[p], alphabet);
		}
		ck_assert_int_eq(aho_add(a, pats[p], plen[p], (uint32_t)p + 1, (uint32_t)(p & 3)),
		                 0);
	}
	ck_assert_int_eq(aho_build(a), 0);
	ck_assert_uint_eq(aho_pattern_count(a), np);
	npats = pats;
	nplen = plen;
	for (size_t p = 0; p < np; p++)
		order[p] = p;
	qsort(order, np, sizeof *order, cmp_pat);
	ck_assert_uint_ge(aho_node_count(a), min_nodes);
	for (int t = 0; t < 5; t++) {
		random_text(text, sizeof text, text_alphabet);
		/* some patterns planted whole */
		for (int k = 0; k < 50; k++) {
			size_t p = rnd() % np, at = rnd() % (sizeof text - 16);
			memcpy(text + at, pats[p], plen[p]);
		}
		check_against_naive(a, order, np, text, sizeof text);
	}
	free(pats);
	free(plen);
	free(order);
	aho_free(a);
}

START_TEST(many_patterns_match_like_a_naive_search)
{
	rnd_state = 1;
	/* small alphabet: dense overlaps; the transition table is used */
	random_patterns(2000, 8, "ab c", "ab cZ", 100);
	/* a byte outside [a-z0-9 ] in the patterns: no table */
	random_patterns(2000, 8, "ab\xC3", "ab\xC3x", 100);
}
END_TEST

START_TEST(many_patterns_beyond_the_table_limit)
{
	/* over 100,000 nodes: the automaton is searched without its table */
	rnd_state = 2;
	random_patterns(20000, 15, "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz ",
	                100001);
}
END_TEST

/* ---- aho_lookup ---- */

START_TEST(lookup_finds_the_patterns_equal_to_the_whole_text)
{
	static const char *const pats[] = {" lazarus ", " lazarus group ", " group ", NULL};
	aho_automaton *a = make(pats);

	ck_assert_str_eq(lookup(a, " lazarus group "), "0-15:2");
	ck_assert_str_eq(lookup(a, " group "), "0-7:3");
	ck_assert_str_eq(lookup(a, " lazarus gr"), "");
	ck_assert_str_eq(lookup(a, " the lazarus group "), "");
	ck_assert_str_eq(lookup(a, "lazarus"), "");
	aho_free(a);
}
END_TEST

START_TEST(lookup_reports_every_payload_newest_first)
{
	aho_automaton *a = aho_new();
	found f = {0};

	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(aho_add(a, "apt38", 5, 10, 1), 0);
	ck_assert_int_eq(aho_add(a, "apt38", 5, 20, 0), 0);
	ck_assert_int_eq(aho_add(a, "apt", 3, 30, 0), 0);
	ck_assert_int_eq(aho_build(a), 0);
	ck_assert_str_eq(lookup(a, "apt38"), "0-5:20 0-5:10/1");
	f.stop_after = 1;
	ck_assert_int_eq(aho_lookup(a, "apt38", 5, on_match, &f), 7);
	ck_assert_str_eq(show(&f), "0-5:20");
	free(f.m);
	aho_free(a);
}
END_TEST

static TCase *tcase(const char *name)
{
	TCase *tc = tcase_create(name);
	tcase_set_timeout(tc, 60);
	return tc;
}

static Suite *aho_suite(void)
{
	Suite *s = suite_create("aho");
	TCase *tc;

	tc = tcase("aho_build");
	tcase_add_test(tc, empty_automaton_finds_nothing);
	tcase_add_test(tc, build_counts_patterns_and_shared_prefixes);
	suite_add_tcase(s, tc);

	tc = tcase("aho_add");
	tcase_add_test(tc, add_keeps_payloads_and_drops_exact_duplicates);
	tcase_add_test(tc, add_ignores_the_empty_pattern);
	suite_add_tcase(s, tc);

	tc = tcase("aho_scan");
	tcase_add_test(tc, scan_finds_overlapping_patterns);
	tcase_add_test(tc, scan_finds_nested_and_repeated_patterns);
	tcase_add_test(tc, scan_of_empty_text_finds_nothing);
	tcase_add_test(tc, scan_stops_when_the_callback_says_so);
	tcase_add_test(tc, scan_reads_any_byte);
	tcase_add_test(tc, many_patterns_match_like_a_naive_search);
	tcase_add_test(tc, many_patterns_beyond_the_table_limit);
	suite_add_tcase(s, tc);

	tc = tcase("aho_lookup");
	tcase_add_test(tc, lookup_finds_the_patterns_equal_to_the_whole_text);
	tcase_add_test(tc, lookup_reports_every_payload_newest_first);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(aho_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
