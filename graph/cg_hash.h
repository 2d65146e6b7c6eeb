/* Hashing, string interning and an integer map: the indexes behind the graph.
 *
 * cg_strpool interns byte strings: equal strings get the same 32-bit id, and
 * id 0 is the empty string, which also means "absent". Strings live in large
 * arena blocks and never move, so a returned pointer stays valid until the
 * pool is freed. cg_map64 maps 64-bit keys to 32-bit values with open
 * addressing. Both grow by doubling: adding N items costs O(N) amortised. */
#ifndef CG_HASH_H
#define CG_HASH_H

#include "cg_api.h"

#include <stddef.h>
#include <stdint.h>

/* 64-bit hash of n bytes (word-at-a-time multiply-xorshift; not
 * cryptographic). */
CG_API uint64_t cg_hash_bytes(const void *data, size_t n);
/* Mixes a 64-bit integer into a well-distributed 64-bit hash. */
CG_API uint64_t cg_hash_u64(uint64_t x);

typedef struct cg_strpool cg_strpool;

/* Creates an empty pool holding only "" as id 0. NULL on allocation failure. */
CG_API cg_strpool *cg_strpool_new(void);
/* Frees the pool and every string in it. Accepts NULL. */
CG_API void cg_strpool_free(cg_strpool *p);
/* Interns n bytes of s (which must not contain NUL) and stores the id in *out.
 * Returns 0 or CG_ENOMEM / CG_ELIMIT (more than 2^32-2 strings, or more
 * than 8 GiB of text). Cost: O(n) expected. */
CG_API int cg_strpool_intern(cg_strpool *p, const char *s, size_t n, uint32_t *out);
/* Looks s up without adding it: its id, or 0 when absent (or when s is "").
 * After cg_strpool_drop_index a lookup (or intern) rebuilds the index, so
 * that lookups on such a pool must not be made from two threads at once;
 * without memory for the index, a lookup compares every string (right,
 * slow) and the next one tries to rebuild again. */
CG_API uint32_t cg_strpool_find(const cg_strpool *p, const char *s, size_t n);
/* A hint that s (n bytes) is to be looked up soon, in two steps some work
 * apart: step 0 fetches its hash slot into the cache, step 1 (the slot
 * there by then) the string the slot holds when its hash matches. Changes
 * and answers nothing; for a loader that knows its next records. */
CG_API void cg_strpool_prefetch(const cg_strpool *p, const char *s, size_t n, int step);
/* Frees the index that finds a string's id by its text (8 bytes a slot,
 * about 12 a string): ids and texts stay, cg_strpool_str and _len work as
 * before, and the next cg_strpool_find or _intern rebuilds it (O(strings)).
 * For a pool that is read by id from now on (cg_graph_seal). */
CG_API void cg_strpool_drop_index(cg_strpool *p);
/* The NUL-terminated text of id (borrowed); "" for 0 or an id out of range. */
CG_API const char *cg_strpool_str(const cg_strpool *p, uint32_t id);
/* Length in bytes of id's text. */
CG_API size_t cg_strpool_len(const cg_strpool *p, uint32_t id);
/* Number of distinct strings, "" included. */
CG_API size_t cg_strpool_count(const cg_strpool *p);
/* Bytes of memory held, for the statistics. */
CG_API size_t cg_strpool_bytes(const cg_strpool *p);

/* Each slot is three 32-bit words side by side: the key's low and high
 * halves and the value + 1 (0 marks an empty slot), so that a probe reads
 * one cache line, not one in a key array and one in a value array. */
typedef struct cg_map64 {
	uint32_t *slots; /* 3 words per slot */
	size_t count;    /* items stored */
	size_t mask;     /* slots - 1 (a power of two minus one), 0 when unallocated */
} cg_map64;

#define CG_MAP64_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
#define CG_MAP64_SLOT_BYTES (3 * sizeof(uint32_t))

/* Stores key -> val (val < UINT32_MAX), replacing any previous value.
 * 0 or CG_ENOMEM. */
CG_API int cg_map64_put(cg_map64 *m, uint64_t key, uint32_t val);
/* cg_map64_put that also says what key held before: *old is its previous
 * value, or UINT32_MAX when key was absent. */
CG_API int cg_map64_swap(cg_map64 *m, uint64_t key, uint32_t val, uint32_t *old);
/* Finds key: 1 and *val set when present, else 0. */
CG_API int cg_map64_get(const cg_map64 *m, uint64_t key, uint32_t *val);
/* A hint that key is to be looked up soon: fetches its slot into the cache. */
CG_API void cg_map64_prefetch(const cg_map64 *m, uint64_t key);
/* Frees the slots; m becomes empty. Accepts NULL. */
CG_API void cg_map64_free(cg_map64 *m);

#endif
