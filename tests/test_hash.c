/* Tests for graph/cg_hash.h: the byte hash, the string pool and the integer
 * map behind the graph's indexes. */
#include "cg_error.h"
#include "cg_hash.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* For loops over many items: Check's ck_assert_* records a checkpoint on
 * every call (a write to the parent process), too slow for a million items.
 * REQUIRE only calls into Check when the condition fails. */
#define REQUIRE(cond, ...)                                                                         \
	do {                                                                                       \
		if (!(cond))                                                                       \
			ck_abort_msg(__VA_ARGS__);                                                 \
	} while (0)

/* ---- cg_hash_bytes ---- */

START_TEST(hash_bytes_is_deterministic)
{
	const char *s = "Acme Trading Co., Ltd.";
	char copy[64];

	memcpy(copy, s, strlen(s) + 1);
	ck_assert_uint_eq(cg_hash_bytes(s, strlen(s)), cg_hash_bytes(s, strlen(s)));
	ck_assert_uint_eq(cg_hash_bytes(s, strlen(s)), cg_hash_bytes(copy, strlen(copy)));
	ck_assert_uint_eq(cg_hash_bytes(NULL, 0), cg_hash_bytes("", 0));
}
END_TEST

START_TEST(hash_bytes_ignores_alignment)
{
	char buf[80];
	const char *s = "0123456789abcdefghijklmnopqrstuvwxyz";
	uint64_t want = cg_hash_bytes(s, strlen(s));

	for (size_t off = 0; off < 8; off++) {
		memcpy(buf + off, s, strlen(s));
		ck_assert_uint_eq(cg_hash_bytes(buf + off, strlen(s)), want);
	}
}
END_TEST

START_TEST(hash_bytes_depends_on_length)
{
	/* the same bytes, zero-padded, must not collide with the shorter input */
	const char zeros[16] = {0};
	uint64_t h[17];

	for (size_t n = 0; n <= 16; n++) {
		h[n] = cg_hash_bytes(zeros, n);
		for (size_t k = 0; k < n; k++)
			ck_assert_msg(h[k] != h[n], "%zu and %zu zero bytes collide", k, n);
	}
	ck_assert_uint_ne(cg_hash_bytes("a", 1), cg_hash_bytes("a\0", 2));
}
END_TEST

START_TEST(hash_bytes_every_bit_matters)
{
	unsigned char buf[24];

	for (size_t n = 1; n <= sizeof buf; n++) {
		memset(buf, 0x5a, sizeof buf);
		uint64_t base = cg_hash_bytes(buf, n);
		for (size_t bit = 0; bit < n * 8; bit++) {
			buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
			REQUIRE(cg_hash_bytes(buf, n) != base, "n=%zu bit %zu ignored", n, bit);
			buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
		}
	}
}
END_TEST

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

START_TEST(hash_bytes_distinct_for_many_keys)
{
	enum { N = 200000 };
	uint64_t *h = malloc(N * sizeof *h);
	char key[32];

	ck_assert_ptr_nonnull(h);
	for (int i = 0; i < N; i++) {
		int n = snprintf(key, sizeof key, "entity-%d", i);
		h[i] = cg_hash_bytes(key, (size_t)n);
	}
	qsort(h, N, sizeof *h, cmp_u64);
	for (int i = 1; i < N; i++)
		REQUIRE(h[i] != h[i - 1], "64-bit collision among %d keys", N);
	free(h);
}
END_TEST

/* ---- cg_hash_u64 ---- */

START_TEST(hash_u64_is_deterministic_and_distinct)
{
	enum { N = 100000 };
	uint64_t *h = malloc(N * sizeof *h);

	ck_assert_ptr_nonnull(h);
	ck_assert_uint_eq(cg_hash_u64(12345), cg_hash_u64(12345));
	for (int i = 0; i < N; i++)
		h[i] = cg_hash_u64((uint64_t)i);
	/* consecutive inputs must spread out, not stay consecutive */
	ck_assert_uint_ne(h[1] - h[0], h[2] - h[1]);
	qsort(h, N, sizeof *h, cmp_u64);
	for (int i = 1; i < N; i++)
		REQUIRE(h[i] != h[i - 1], "collision among %d integers", N);
	free(h);
}
END_TEST

/* ---- cg_strpool ---- */

START_TEST(strpool_new_holds_only_empty_string)
{
	cg_strpool *p = cg_strpool_new();

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(cg_strpool_count(p), 1);
	ck_assert_str_eq(cg_strpool_str(p, 0), "");
	ck_assert_uint_eq(cg_strpool_len(p, 0), 0);
	ck_assert_uint_eq(cg_strpool_find(p, "", 0), 0);
	ck_assert_uint_eq(cg_strpool_find(p, "a", 1), 0);
	cg_strpool_free(p);
}
END_TEST

START_TEST(strpool_empty_string_is_id_zero)
{
	cg_strpool *p = cg_strpool_new();
	uint32_t id = 99;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(cg_strpool_intern(p, "", 0, &id), 0);
	ck_assert_uint_eq(id, 0);
	/* a non-empty pointer with n == 0 is still the empty string */
	id = 99;
	ck_assert_int_eq(cg_strpool_intern(p, "abc", 0, &id), 0);
	ck_assert_uint_eq(id, 0);
	ck_assert_uint_eq(cg_strpool_count(p), 1);
	cg_strpool_free(p);
}
END_TEST

START_TEST(strpool_same_string_same_id)
{
	cg_strpool *p = cg_strpool_new();
	uint32_t a = 0, b = 0, c = 0;
	char copy[16] = "person";

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(cg_strpool_intern(p, "person", 6, &a), 0);
	ck_assert_int_eq(cg_strpool_intern(p, copy, 6, &b), 0);
	ck_assert_int_eq(cg_strpool_intern(p, "person", 6, &c), 0);
	ck_assert_uint_ne(a, 0);
	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(a, c);
	ck_assert_uint_eq(cg_strpool_count(p), 2);
	cg_strpool_free(p);
}
END_TEST

/* cg_strpool_drop_index frees the index by text; the next lookup or intern
 * rebuilds it, with every id as it was. */
START_TEST(strpool_dropped_index_is_rebuilt_when_asked)
{
	cg_strpool *p = cg_strpool_new();
	char buf[32];
	uint32_t id;

	ck_assert_ptr_nonnull(p);
	for (int i = 0; i < 5000; i++) { /* past the first table's 2,048 slots */
		snprintf(buf, sizeof buf, "s%d", i);
		ck_assert_int_eq(cg_strpool_intern(p, buf, strlen(buf), &id), 0);
		ck_assert_uint_eq(id, (uint32_t)i + 1);
	}
	size_t full = cg_strpool_bytes(p);
	cg_strpool_drop_index(p);
	cg_strpool_drop_index(p); /* twice: nothing more to free */
	ck_assert_uint_lt(cg_strpool_bytes(p), full);
	/* reading by id needs no index */
	ck_assert_str_eq(cg_strpool_str(p, 4000), "s3999");
	ck_assert_uint_lt(cg_strpool_bytes(p), full);
	/* a lookup rebuilds it: every string found under its id */
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof buf, "s%d", i);
		ck_assert_uint_eq(cg_strpool_find(p, buf, strlen(buf)), (uint32_t)i + 1);
	}
	ck_assert_uint_eq(cg_strpool_bytes(p), full);
	ck_assert_uint_eq(cg_strpool_find(p, "s5000", 5), 0);
	/* interning after a drop: old strings keep their ids, a new one is next */
	cg_strpool_drop_index(p);
	ck_assert_int_eq(cg_strpool_intern(p, "s17", 3, &id), 0);
	ck_assert_uint_eq(id, 18);
	ck_assert_int_eq(cg_strpool_intern(p, "fresh", 5, &id), 0);
	ck_assert_uint_eq(id, 5001);
	ck_assert_uint_eq(cg_strpool_count(p), 5002);
	cg_strpool_free(p);
}
END_TEST

START_TEST(strpool_prefixes_are_distinct_strings)
{
	cg_strpool *p = cg_strpool_new();
	const char *s = "abcdefghijk";
	uint32_t ids[12];

	ck_assert_ptr_nonnull(p);
	for (size_t n = 1; n <= 11; n++) {
		ck_assert_int_eq(cg_strpool_intern(p, s, n, &ids[n]), 0);
		for (size_t k = 1; k < n; k++)
			ck_assert_uint_ne(ids[k], ids[n]);
	}
	for (size_t n = 1; n <= 11; n++) {
		ck_assert_uint_eq(cg_strpool_len(p, ids[n]), n);
		ck_assert_int_eq(strncmp(cg_strpool_str(p, ids[n]), s, n), 0);
		ck_assert_int_eq(cg_strpool_str(p, ids[n])[n], '\0');
		ck_assert_uint_eq(cg_strpool_find(p, s, n), ids[n]);
	}
	ck_assert_uint_eq(cg_strpool_count(p), 12);
	cg_strpool_free(p);
}
END_TEST

START_TEST(strpool_find_does_not_add)
{
	cg_strpool *p = cg_strpool_new();
	uint32_t id = 0;

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(cg_strpool_find(p, "ghost", 5), 0);
	ck_assert_uint_eq(cg_strpool_count(p), 1);
	ck_assert_int_eq(cg_strpool_intern(p, "ghost", 5, &id), 0);
	ck_assert_uint_eq(cg_strpool_find(p, "ghost", 5), id);
	ck_assert_uint_eq(cg_strpool_find(p, "ghos", 4), 0);
	ck_assert_uint_eq(cg_strpool_find(p, "ghosts", 6), 0);
	cg_strpool_free(p);
}
END_TEST

START_TEST(strpool_out_of_range_id_is_empty)
{
	cg_strpool *p = cg_strpool_new();
	uint32_t id = 0;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(cg_strpool_intern(p, "x", 1, &id), 0);
	ck_assert_str_eq(cg_strpool_str(p, id + 1), "");
	ck_assert_str_eq(cg_strpool_str(p, UINT32_MAX), "");
	ck_assert_uint_eq(cg_strpool_len(p, id + 1), 0);
	ck_assert_uint_eq(cg_strpool_len(p, UINT32_MAX), 0);
	cg_strpool_free(p);
}
END_TEST

/* 200k strings force the slot table and the id arrays to double many times
 * and the arena to take several blocks: every id, text and pointer must
 * survive. */
START_TEST(strpool_survives_growth)
{
	enum { N = 200000 };
	cg_strpool *p = cg_strpool_new();
	uint32_t *ids = malloc(N * sizeof *ids);
	const char **ptrs = malloc(N * sizeof *ptrs);
	char key[48];
	size_t bytes0;

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(ids);
	ck_assert_ptr_nonnull(ptrs);
	bytes0 = cg_strpool_bytes(p);
	for (int i = 0; i < N; i++) {
		int n = snprintf(key, sizeof key, "%d:name-%x", i, (unsigned)i * 2654435761u);
		int rc = cg_strpool_intern(p, key, (size_t)n, &ids[i]);
		REQUIRE(rc == 0, "intern %d: rc %d", i, rc);
		REQUIRE(ids[i] != 0, "intern %d: id 0", i);
		ptrs[i] = cg_strpool_str(p, ids[i]);
	}
	ck_assert_uint_eq(cg_strpool_count(p), N + 1);
	ck_assert_uint_gt(cg_strpool_bytes(p), bytes0);
	for (int i = 0; i < N; i++) {
		int n = snprintf(key, sizeof key, "%d:name-%x", i, (unsigned)i * 2654435761u);
		uint32_t again = 0, found = cg_strpool_find(p, key, (size_t)n);
		REQUIRE(found == ids[i], "find \"%s\": %u, want %u", key, found, ids[i]);
		REQUIRE(cg_strpool_str(p, ids[i]) == ptrs[i], "\"%s\" moved",
		        key); /* never moved */
		REQUIRE(strcmp(cg_strpool_str(p, ids[i]), key) == 0, "id %u: \"%s\", want \"%s\"",
		        ids[i], cg_strpool_str(p, ids[i]), key);
		REQUIRE(cg_strpool_len(p, ids[i]) == (size_t)n, "id %u: len %zu, want %d", ids[i],
		        cg_strpool_len(p, ids[i]), n);
		REQUIRE(cg_strpool_intern(p, key, (size_t)n, &again) == 0, "re-intern \"%s\"", key);
		REQUIRE(again == ids[i], "re-intern \"%s\": %u, want %u", key, again, ids[i]);
	}
	ck_assert_uint_eq(cg_strpool_count(p), N + 1);
	ck_assert_uint_eq(cg_strpool_find(p, "absent", 6), 0);
	free(ids);
	free(ptrs);
	cg_strpool_free(p);
}
END_TEST

/* Lengths on both sides of the record's short length (254, 255, 256) and
 * odd and even ones (records are padded to 2 bytes). */
START_TEST(strpool_lengths_short_and_long_round_trip)
{
	cg_strpool *p = cg_strpool_new();
	char s[600];
	uint32_t ids[600];

	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < sizeof s; i++)
		s[i] = (char)('a' + i % 26);
	for (size_t n = 1; n < 600; n++)
		ck_assert_int_eq(cg_strpool_intern(p, s, n, &ids[n]), 0);
	for (size_t n = 1; n < 600; n++) {
		ck_assert_uint_eq(cg_strpool_len(p, ids[n]), n);
		ck_assert_int_eq(memcmp(cg_strpool_str(p, ids[n]), s, n), 0);
		ck_assert_int_eq(cg_strpool_str(p, ids[n])[n], '\0');
		ck_assert_uint_eq(cg_strpool_find(p, s, n), ids[n]);
	}
	cg_strpool_drop_index(p); /* rebuilt from the records' texts */
	for (size_t n = 1; n < 600; n += 7)
		ck_assert_uint_eq(cg_strpool_find(p, s, n), ids[n]);
	cg_strpool_free(p);
}
END_TEST

START_TEST(strpool_holds_strings_larger_than_a_block)
{
	enum { BIG = 5 * 1024 * 1024 + 1 };
	cg_strpool *p = cg_strpool_new();
	char *big = malloc(BIG);
	uint32_t a = 0, b = 0, c = 0;

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(big);
	memset(big, 'q', BIG);
	ck_assert_int_eq(cg_strpool_intern(p, "before", 6, &a), 0);
	ck_assert_int_eq(cg_strpool_intern(p, big, BIG, &b), 0);
	ck_assert_int_eq(cg_strpool_intern(p, "after", 5, &c), 0);
	ck_assert_uint_eq(cg_strpool_len(p, b), BIG);
	ck_assert_int_eq(memcmp(cg_strpool_str(p, b), big, BIG), 0);
	ck_assert_int_eq(cg_strpool_str(p, b)[BIG], '\0');
	ck_assert_uint_eq(cg_strpool_find(p, big, BIG), b);
	ck_assert_str_eq(cg_strpool_str(p, a), "before");
	ck_assert_str_eq(cg_strpool_str(p, c), "after");
	ck_assert_uint_ge(cg_strpool_bytes(p), (size_t)BIG);
	free(big);
	cg_strpool_free(p);
}
END_TEST

START_TEST(strpool_free_accepts_null)
{
	/* no assertion: a crash here fails the test */
	cg_strpool_free(NULL);
}
END_TEST

/* ---- cg_map64 ---- */

START_TEST(map64_empty_finds_nothing)
{
	cg_map64 m = CG_MAP64_INIT;
	uint32_t v = 7;

	ck_assert_int_eq(cg_map64_get(&m, 0, &v), 0);
	ck_assert_int_eq(cg_map64_get(&m, 42, &v), 0);
	ck_assert_uint_eq(v, 7);
	ck_assert_uint_eq(m.count, 0);
	cg_map64_free(&m);
}
END_TEST

START_TEST(map64_put_then_get)
{
	cg_map64 m = CG_MAP64_INIT;
	uint32_t v = 0;

	ck_assert_int_eq(cg_map64_put(&m, 42, 1000), 0);
	ck_assert_int_eq(cg_map64_get(&m, 42, &v), 1);
	ck_assert_uint_eq(v, 1000);
	ck_assert_int_eq(cg_map64_get(&m, 43, &v), 0);
	ck_assert_uint_eq(m.count, 1);
	cg_map64_free(&m);
}
END_TEST

START_TEST(map64_extreme_keys_and_values)
{
	cg_map64 m = CG_MAP64_INIT;
	uint32_t v = 99;

	ck_assert_int_eq(cg_map64_put(&m, 0, 0), 0);
	ck_assert_int_eq(cg_map64_put(&m, UINT64_MAX, UINT32_MAX - 1), 0);
	ck_assert_int_eq(cg_map64_get(&m, 0, &v), 1);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(cg_map64_get(&m, UINT64_MAX, &v), 1);
	ck_assert_uint_eq(v, UINT32_MAX - 1);
	ck_assert_int_eq(cg_map64_get(&m, UINT64_MAX - 1, &v), 0);
	ck_assert_int_eq(cg_map64_get(&m, 1, &v), 0);
	ck_assert_uint_eq(m.count, 2);
	cg_map64_free(&m);
}
END_TEST

START_TEST(map64_put_replaces_value)
{
	cg_map64 m = CG_MAP64_INIT;
	uint32_t v = 0;

	ck_assert_int_eq(cg_map64_put(&m, 5, 1), 0);
	ck_assert_int_eq(cg_map64_put(&m, 5, 2), 0);
	ck_assert_int_eq(cg_map64_get(&m, 5, &v), 1);
	ck_assert_uint_eq(v, 2);
	ck_assert_uint_eq(m.count, 1);
	ck_assert_int_eq(cg_map64_put(&m, 5, 0), 0);
	ck_assert_int_eq(cg_map64_get(&m, 5, &v), 1);
	ck_assert_uint_eq(v, 0);
	ck_assert_uint_eq(m.count, 1);
	cg_map64_free(&m);
}
END_TEST

/* Keys spread over the whole range plus 0 and UINT64_MAX, through many
 * doublings; then every value replaced in place. */
START_TEST(map64_survives_growth_to_a_million_keys)
{
	enum { N = 1000000 };
	cg_map64 m = CG_MAP64_INIT;
	uint32_t v;

#define KEY(i) ((i) == 0 ? 0 : (i) == 1 ? UINT64_MAX : (uint64_t)(i)*0x9e3779b97f4a7c15ULL)
	for (uint32_t i = 0; i < N; i++)
		REQUIRE(cg_map64_put(&m, KEY(i), i) == 0, "put %u", i);
	ck_assert_uint_eq(m.count, N);
	for (uint32_t i = 0; i < N; i++) {
		v = UINT32_MAX;
		REQUIRE(cg_map64_get(&m, KEY(i), &v) == 1, "key %u lost", i);
		REQUIRE(v == i, "key %u: value %u", i, v);
	}
	for (uint32_t i = N; i < N + 1000; i++)
		REQUIRE(cg_map64_get(&m, KEY(i), &v) == 0, "key %u never put but found", i);
	for (uint32_t i = 0; i < N; i++)
		REQUIRE(cg_map64_put(&m, KEY(i), N - i) == 0, "replace %u", i);
	ck_assert_uint_eq(m.count, N);
	for (uint32_t i = 0; i < N; i++) {
		v = UINT32_MAX;
		REQUIRE(cg_map64_get(&m, KEY(i), &v) == 1, "key %u lost after replace", i);
		REQUIRE(v == N - i, "key %u: value %u, want %u", i, v, N - i);
	}
	ck_assert_int_eq(cg_map64_get(&m, 0, &v), 1);
	ck_assert_uint_eq(v, N);
	ck_assert_int_eq(cg_map64_get(&m, UINT64_MAX, &v), 1);
	ck_assert_uint_eq(v, N - 1);
#undef KEY
	cg_map64_free(&m);
}
END_TEST

/* The table doubles in place (graph/cg_hash.c, table_double): after every
 * growth, every key put so far is found with its value, including growths
 * where a run of entries wrapped around from the end of the table to its
 * start (the case the in-place move must take out first). */
START_TEST(map64_grows_in_place_keeping_every_key)
{
	enum { N = 300000 };
	cg_map64 m = CG_MAP64_INIT;
	int growths = 0, wrapped = 0;
	uint32_t v;

	for (uint32_t i = 0; i < N; i++) {
		uint64_t key = cg_hash_u64(i + 12345);
		size_t mask = m.mask;
		int wraps = mask && m.slots[3 * mask + 2] && m.slots[2];
		REQUIRE(cg_map64_put(&m, key, i) == 0, "put %u", i);
		if (m.mask == mask)
			continue;
		growths++;
		wrapped += wraps;
		for (uint32_t j = 0; j <= i; j++) {
			v = UINT32_MAX;
			REQUIRE(cg_map64_get(&m, cg_hash_u64(j + 12345), &v) == 1 && v == j,
			        "after growth %d: key %u lost or wrong (%u)", growths, j, v);
		}
		REQUIRE(cg_map64_get(&m, cg_hash_u64(N + 12345), &v) == 0, "a key never put found");
	}
	ck_assert_int_ge(growths, 8);
	ck_assert_int_ge(wrapped, 1);
	cg_map64_free(&m);
}
END_TEST

/* Sequential keys, the way the graph uses the map (ids, pairs of ids). */
START_TEST(map64_sequential_keys)
{
	enum { N = 100000 };
	cg_map64 m = CG_MAP64_INIT;
	uint32_t v;

	for (uint32_t i = 0; i < N; i++)
		REQUIRE(cg_map64_put(&m, (uint64_t)i << 32 | (i + 1), i) == 0, "put %u", i);
	ck_assert_uint_eq(m.count, N);
	for (uint32_t i = 0; i < N; i++) {
		v = UINT32_MAX;
		REQUIRE(cg_map64_get(&m, (uint64_t)i << 32 | (i + 1), &v) == 1, "pair %u lost", i);
		REQUIRE(v == i, "pair %u: value %u", i, v);
		REQUIRE(cg_map64_get(&m, (uint64_t)i << 32 | i, &v) == 0, "pair %u,%u found", i, i);
	}
	cg_map64_free(&m);
}
END_TEST

START_TEST(map64_free_empties_and_allows_reuse)
{
	cg_map64 m = CG_MAP64_INIT;
	uint32_t v = 0;

	ck_assert_int_eq(cg_map64_put(&m, 1, 10), 0);
	cg_map64_free(&m);
	ck_assert_uint_eq(m.count, 0);
	ck_assert_uint_eq(m.mask, 0);
	ck_assert_ptr_null(m.slots);
	ck_assert_int_eq(cg_map64_get(&m, 1, &v), 0);
	ck_assert_int_eq(cg_map64_put(&m, 1, 11), 0);
	ck_assert_int_eq(cg_map64_get(&m, 1, &v), 1);
	ck_assert_uint_eq(v, 11);
	cg_map64_free(&m);
	cg_map64_free(&m); /* twice is harmless */
	cg_map64_free(NULL);
	ck_assert_uint_eq(m.count, 0);
}
END_TEST

static TCase *tcase(const char *name)
{
	TCase *tc = tcase_create(name);
	tcase_set_timeout(tc, 30);
	return tc;
}

static Suite *hash_suite(void)
{
	Suite *s = suite_create("hash");
	TCase *tc;

	tc = tcase("hash_bytes");
	tcase_add_test(tc, hash_bytes_is_deterministic);
	tcase_add_test(tc, hash_bytes_ignores_alignment);
	tcase_add_test(tc, hash_bytes_depends_on_length);
	tcase_add_test(tc, hash_bytes_every_bit_matters);
	tcase_add_test(tc, hash_bytes_distinct_for_many_keys);
	suite_add_tcase(s, tc);

	tc = tcase("hash_u64");
	tcase_add_test(tc, hash_u64_is_deterministic_and_distinct);
	suite_add_tcase(s, tc);

	tc = tcase("strpool_new");
	tcase_add_test(tc, strpool_new_holds_only_empty_string);
	suite_add_tcase(s, tc);

	tc = tcase("strpool_free");
	tcase_add_test(tc, strpool_free_accepts_null);
	suite_add_tcase(s, tc);

	tc = tcase("strpool_intern");
	tcase_add_test(tc, strpool_empty_string_is_id_zero);
	tcase_add_test(tc, strpool_same_string_same_id);
	tcase_add_test(tc, strpool_prefixes_are_distinct_strings);
	tcase_add_test(tc, strpool_survives_growth);
	tcase_add_test(tc, strpool_holds_strings_larger_than_a_block);
	tcase_add_test(tc, strpool_lengths_short_and_long_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase("strpool_find");
	tcase_add_test(tc, strpool_find_does_not_add);
	suite_add_tcase(s, tc);

	tc = tcase("strpool_str_len");
	tcase_add_test(tc, strpool_out_of_range_id_is_empty);
	tcase_add_test(tc, strpool_dropped_index_is_rebuilt_when_asked);
	suite_add_tcase(s, tc);

	tc = tcase("map64_put_get");
	tcase_add_test(tc, map64_empty_finds_nothing);
	tcase_add_test(tc, map64_put_then_get);
	tcase_add_test(tc, map64_extreme_keys_and_values);
	tcase_add_test(tc, map64_put_replaces_value);
	tcase_add_test(tc, map64_survives_growth_to_a_million_keys);
	tcase_add_test(tc, map64_grows_in_place_keeping_every_key);
	tcase_add_test(tc, map64_sequential_keys);
	suite_add_tcase(s, tc);

	tc = tcase("map64_free");
	tcase_add_test(tc, map64_free_empties_and_allows_reuse);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(hash_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
