#include "cg_hash.h"

#include "cg_array.h"
#include "cg_error.h"
#include "cg_mem.h"

#include <stdlib.h>
#include <string.h>

#define POOL_BLOCK_SIZE ((size_t)4 << 20)

uint64_t cg_hash_u64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* The high and low halves of a * b, folded. */
static inline uint64_t fold_mul(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;

	return (uint64_t)(r >> 64) ^ (uint64_t)r;
}

/* 16 bytes a step, each step one 64 x 64 -> 128-bit multiply of the two
 * words mixed with the state (the running state enters both factors, so
 * no fixed word makes a product zero whatever follows), then the length and
 * cg_hash_u64 to spread the bits. Loading hashes every name, key, id and
 * property value it interns: the earlier word-at-a-time hash, two
 * multiplies and shifts per 8 bytes, was 8% of the instructions of a load. */
uint64_t cg_hash_bytes(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL), a, b;
	size_t left = n;

	while (left > 16) {
		memcpy(&a, p, 8);
		memcpy(&b, p + 8, 8);
		h = fold_mul(a ^ h ^ 0xa0761d6478bd642fULL, b ^ (h >> 7) ^ 0xe7037ed1a0b428dbULL);
		p += 16;
		left -= 16;
	}
	a = b = 0;
	if (left > 8) {
		memcpy(&a, p, 8);
		memcpy(&b, p + 8, left - 8);
	} else if (left) { /* data may be NULL when n is 0 */
		memcpy(&a, p, left);
	}
	h = fold_mul(a ^ h ^ 0x8ebc6af09c88c6e3ULL, b ^ (h >> 7) ^ 0x589965cc75374cc3ULL ^ n);
	return cg_hash_u64(h);
}

/* Doubling an open-addressing table with linear probing in place: the
 * array is grown (mremap for a large one: no copy, and the old and the new
 * table are never resident together, which at ten million entities was the
 * peak of loading: 384 MiB of the links' old index beside its 768 MiB new
 * one) and every entry is moved to its place under the new mask. Entries
 * are taken in order from the first empty slot on, so that an entry put
 * back never passes a slot still to be moved (whose emptying would then
 * cut its probe path); the run of entries before that first empty slot,
 * which may have wrapped around from the end, is taken out first and put
 * back last. Which slot an entry ends in differs from a table rebuilt
 * afresh; what is found under each key does not. */
typedef struct table_kind {
	size_t width;                                           /* bytes per slot */
	int (*empty)(const unsigned char *slot);                /* whether a slot is free */
	size_t (*home)(const unsigned char *slot, size_t mask); /* where its entry belongs */
} table_kind;

static void table_place(unsigned char *t, size_t mask, const table_kind *k,
                        const unsigned char *entry)
{
	size_t j = k->home(entry, mask);

	while (!k->empty(t + j * k->width))
		j = (j + 1) & mask;
	memcpy(t + j * k->width, entry, k->width);
}

/* Doubles the table *slots of *mask + 1 slots: 0, or CG_ENOMEM with the
 * table as it was. */
static int table_double(void **slots, size_t *mask, const table_kind *k)
{
	size_t cap = *mask + 1, nmask = cap * 2 - 1, w = k->width, head = 0;
	unsigned char *t = *slots, *wrapped = NULL, entry[16];

	while (head < cap && !k->empty(t + head * w))
		head++;
	if (head == cap) /* never: tables grow before they fill */
		return CG_ENOMEM;
	if (head && !(wrapped = malloc(head * w)))
		return CG_ENOMEM;
	if (!(t = cg_mem_zresize(t, cap * w, 2 * cap * w))) {
		free(wrapped);
		return CG_ENOMEM;
	}
	if (head) {
		memcpy(wrapped, t, head * w);
		memset(t, 0, head * w);
	}
	for (size_t i = head + 1; i < cap; i++) {
		unsigned char *s = t + i * w;
		if (k->empty(s))
			continue;
		memcpy(entry, s, w);
		memset(s, 0, w);
		table_place(t, nmask, k, entry);
	}
	for (size_t i = 0; i < head; i++)
		table_place(t, nmask, k, wrapped + i * w);
	free(wrapped);
	*slots = t;
	*mask = nmask;
	return 0;
}

/* Each string is a record in an arena block, at an even offset: [u32 id]
 * [length: one byte under 255, else 255 and a u32][bytes][NUL], padded to
 * 2 bytes. A string is named by its handle, 32 bits: the block (11 bits: up
 * to 2,048 blocks of 4 MiB, 8 GiB of text) and the offset / 2 (21 bits); a
 * string longer than a block has a block of its own and offset 0. Handle 0
 * is never given (block 0 starts 2 bytes in), so that a slot is never 0.
 *
 * A hash slot holds the string's 32-bit hash and its handle, so that a
 * lookup costs two cache misses, not three: the slot, then the record,
 * whose id and length sit just before its text (an id table between them
 * was the third). The id table, id -> handle, serves reading by id. At a
 * million entities (3.3 million strings) this takes 8 MB less than the
 * earlier layout ([u32 length][bytes][NUL] and an 8-byte pointer per id). */
#define POOL_BLOCK_BITS  11
#define POOL_OFFSET_BITS 21
#define POOL_LONG        255 /* the length byte of a string of 255 bytes or more */
_Static_assert((POOL_BLOCK_SIZE >> 1) <= ((size_t)1 << POOL_OFFSET_BITS),
               "a block's offsets / 2 fit a handle's offset bits");

struct cg_strpool {
	char **blocks;       /* arena blocks, never moved once allocated */
	size_t *block_sizes; /* bytes of each block */
	size_t nblocks;      /* blocks in use */
	size_t block_used;   /* bytes used in the last block */
	size_t block_cap;    /* size of the last block */
	uint32_t *handles;   /* id -> handle of its record */
	uint32_t count;      /* ids handed out, "" included */
	size_t cap;          /* capacity of handles */
	uint64_t *slots;     /* open addressing table: hash << 32 | handle, 0 = empty;
	                        NULL after cg_strpool_drop_index, until the next lookup */
	size_t mask;         /* slots - 1 (meaningless while slots is NULL) */
	size_t bytes;        /* arena bytes allocated */
};

cg_strpool *cg_strpool_new(void)
{
	cg_strpool *p = calloc(1, sizeof *p);

	if (!p)
		return NULL;
	p->cap = 1024;
	p->handles = cg_mem_resize(NULL, 0, p->cap * sizeof *p->handles);
	p->mask = 2047;
	p->slots = cg_mem_zalloc((p->mask + 1) * sizeof *p->slots);
	if (!p->handles || !p->slots) {
		cg_strpool_free(p);
		return NULL;
	}
	p->handles[0] = 0;
	p->count = 1;
	return p;
}

void cg_strpool_free(cg_strpool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nblocks; i++)
		cg_mem_free(p->blocks[i], p->block_sizes[i]);
	free(p->blocks);
	free(p->block_sizes);
	cg_mem_free(p->handles, p->cap * sizeof *p->handles);
	if (p->slots)
		cg_mem_free(p->slots, (p->mask + 1) * sizeof *p->slots);
	free(p);
}

/* The record of handle h. */
static const char *record_at(const cg_strpool *p, uint32_t h)
{
	return p->blocks[h >> POOL_OFFSET_BITS] +
	       ((size_t)(h & ((1u << POOL_OFFSET_BITS) - 1)) << 1);
}

static uint32_t record_id(const char *rec)
{
	uint32_t v;

	memcpy(&v, rec, 4);
	return v;
}

/* The text of record rec, its length in *n. */
static const char *record_text(const char *rec, size_t *n)
{
	uint32_t len = (unsigned char)rec[4];

	if (len < POOL_LONG) {
		*n = len;
		return rec + 5;
	}
	memcpy(&len, rec + 5, 4);
	*n = len;
	return rec + 9;
}

static int record_is(const char *rec, const char *s, size_t n)
{
	size_t len;
	const char *t = record_text(rec, &len);

	return len == n && memcmp(t, s, n) == 0;
}

/* The slot of a string comes from a remix of its 32-bit hash, which the slot
 * stores beside the handle: a probe compares hashes without touching the
 * string, and growing the table never reads the strings again. */
static size_t probe(const cg_strpool *p, const char *s, size_t n, uint32_t h32, int *found)
{
	size_t i = (size_t)cg_hash_u64(h32) & p->mask;

	for (;;) {
		uint64_t slot = p->slots[i];
		if (!slot) {
			*found = 0;
			return i;
		}
		if ((uint32_t)(slot >> 32) == h32) {
			if (record_is(record_at(p, (uint32_t)slot), s, n)) {
				*found = 1;
				return i;
			}
		}
		i = (i + 1) & p->mask;
	}
}

/* The id of the string in slot i. */
static uint32_t slot_id(const cg_strpool *p, size_t i)
{
	return record_id(record_at(p, (uint32_t)p->slots[i]));
}

static int pool_slot_empty(const unsigned char *slot)
{
	uint64_t v;

	memcpy(&v, slot, sizeof v);
	return v == 0;
}

static size_t pool_slot_home(const unsigned char *slot, size_t mask)
{
	uint64_t v;

	memcpy(&v, slot, sizeof v);
	return (size_t)cg_hash_u64((uint32_t)(v >> 32)) & mask;
}

static const table_kind pool_slots = {sizeof(uint64_t), pool_slot_empty, pool_slot_home};

static int grow_slots(cg_strpool *p)
{
	void *t = p->slots;
	int rc = table_double(&t, &p->mask, &pool_slots);

	p->slots = t;
	return rc;
}

void cg_strpool_drop_index(cg_strpool *p)
{
	if (!p->slots)
		return;
	cg_mem_free(p->slots, (p->mask + 1) * sizeof *p->slots);
	p->slots = NULL;
}

/* The slots again after cg_strpool_drop_index: every string hashed anew
 * (ids unchanged), at the size adding them one by one would have grown the
 * table to. CG_ENOMEM leaves the pool without its index. */
static int rebuild_index(cg_strpool *p)
{
	size_t mask = 2047;
	uint64_t *ns;

	while ((size_t)p->count * 10 > (mask + 1) * 7)
		mask = mask * 2 + 1;
	if (!(ns = cg_mem_zalloc((mask + 1) * sizeof *ns)))
		return CG_ENOMEM;
	for (uint32_t id = 1; id < p->count; id++) {
		size_t len;
		const char *t = record_text(record_at(p, p->handles[id]), &len);
		uint32_t h = (uint32_t)cg_hash_bytes(t, len);
		size_t i = (size_t)cg_hash_u64(h) & mask;
		while (ns[i])
			i = (i + 1) & mask;
		ns[i] = (uint64_t)h << 32 | p->handles[id];
	}
	p->slots = ns;
	p->mask = mask;
	return 0;
}

/* Room for a record of need bytes (even): its handle in *out. */
static int arena_alloc(cg_strpool *p, size_t need, uint32_t *out)
{
	if (p->nblocks == 0 || p->block_cap - p->block_used < need) {
		size_t sz = need > POOL_BLOCK_SIZE ? need : POOL_BLOCK_SIZE;
		if (p->nblocks == (size_t)1 << POOL_BLOCK_BITS)
			return CG_ELIMIT;
		char **nb = realloc(p->blocks, (p->nblocks + 1) * sizeof *nb);
		if (!nb)
			return CG_ENOMEM;
		p->blocks = nb;
		size_t *ns = realloc(p->block_sizes, (p->nblocks + 1) * sizeof *ns);
		if (!ns)
			return CG_ENOMEM;
		p->block_sizes = ns;
		nb[p->nblocks] = cg_mem_resize(NULL, 0, sz);
		if (!nb[p->nblocks])
			return CG_ENOMEM;
		ns[p->nblocks] = sz;
		p->block_used = p->nblocks == 0 ? 2 : 0; /* handle 0 is never given */
		p->nblocks++;
		p->block_cap = sz;
		p->bytes += sz;
	}
	*out = (uint32_t)((p->nblocks - 1) << POOL_OFFSET_BITS | p->block_used >> 1);
	p->block_used += need;
	return 0;
}

int cg_strpool_intern(cg_strpool *p, const char *s, size_t n, uint32_t *out)
{
	uint32_t h, handle, n32, id;
	size_t slot, head;
	int found, rc;
	char *rec;

	if (n == 0) {
		*out = 0;
		return 0;
	}
	if (n > UINT32_MAX - 16)
		return CG_ELIMIT;
	if (!p->slots && rebuild_index(p))
		return CG_ENOMEM;
	h = (uint32_t)cg_hash_bytes(s, n);
	slot = probe(p, s, n, h, &found);
	if (found) {
		*out = slot_id(p, slot);
		return 0;
	}
	if (p->count == UINT32_MAX - 1)
		return CG_ELIMIT;
	if ((size_t)(p->count + 1) * 10 > (p->mask + 1) * 7) { /* 70% full, as cg_map64 */
		if (grow_slots(p))
			return CG_ENOMEM;
		slot = probe(p, s, n, h, &found);
	}
	if (CG_ARRAY_GROW_HUGE(p->handles, p->cap, (size_t)p->count + 1, 1024))
		return CG_ENOMEM;
	head = n < POOL_LONG ? 5 : 9;
	if ((rc = arena_alloc(p, (head + n + 1 + 1) & ~(size_t)1, &handle)))
		return rc;
	rec = (char *)record_at(p, handle);
	id = p->count;
	n32 = (uint32_t)n;
	memcpy(rec, &id, 4);
	rec[4] = (char)(unsigned char)(n < POOL_LONG ? n : POOL_LONG);
	if (n >= POOL_LONG)
		memcpy(rec + 5, &n32, 4);
	memcpy(rec + head, s, n);
	rec[head + n] = '\0';
	p->handles[id] = handle;
	p->slots[slot] = (uint64_t)h << 32 | handle;
	*out = p->count++;
	return 0;
}

uint32_t cg_strpool_find(const cg_strpool *p, const char *s, size_t n)
{
	size_t slot;
	int found;

	if (n == 0)
		return 0;
	if (!p->slots && rebuild_index((cg_strpool *)p)) {
		/* out of memory for the index: every string compared, still right */
		for (uint32_t id = 1; id < p->count; id++) {
			if (record_is(record_at(p, p->handles[id]), s, n))
				return id;
		}
		return 0;
	}
	slot = probe(p, s, n, (uint32_t)cg_hash_bytes(s, n), &found);
	return found ? slot_id(p, slot) : 0;
}

void cg_strpool_prefetch(const cg_strpool *p, const char *s, size_t n, int step)
{
	uint32_t h32;
	size_t i;

	if (!n || !p->slots)
		return;
	h32 = (uint32_t)cg_hash_bytes(s, n);
	i = (size_t)cg_hash_u64(h32) & p->mask;
	if (step == 0) {
		__builtin_prefetch(&p->slots[i]);
		return;
	}
	for (int k = 0; k < 4; k++, i = (i + 1) & p->mask) { /* a short probe only */
		uint64_t slot = p->slots[i];
		if (!slot)
			return;
		if ((uint32_t)(slot >> 32) == h32) {
			__builtin_prefetch(record_at(p, (uint32_t)slot));
			return;
		}
	}
}

const char *cg_strpool_str(const cg_strpool *p, uint32_t id)
{
	size_t n;

	return id && id < p->count ? record_text(record_at(p, p->handles[id]), &n) : "";
}

size_t cg_strpool_len(const cg_strpool *p, uint32_t id)
{
	size_t n = 0;

	if (id && id < p->count)
		record_text(record_at(p, p->handles[id]), &n);
	return n;
}

size_t cg_strpool_count(const cg_strpool *p)
{
	return p->count;
}

size_t cg_strpool_bytes(const cg_strpool *p)
{
	return p->bytes + p->cap * sizeof *p->handles +
	       (p->slots ? (p->mask + 1) * sizeof *p->slots : 0);
}

static size_t map_size(size_t mask)
{
	return (mask + 1) * CG_MAP64_SLOT_BYTES;
}

static uint64_t slot_key(const uint32_t *s)
{
	return (uint64_t)s[1] << 32 | s[0];
}

static int map_slot_empty(const unsigned char *slot)
{
	uint32_t v;

	memcpy(&v, slot + 2 * sizeof v, sizeof v);
	return v == 0;
}

static size_t map_slot_home(const unsigned char *slot, size_t mask)
{
	uint32_t s[2];

	memcpy(s, slot, sizeof s);
	return (size_t)cg_hash_u64(slot_key(s)) & mask;
}

static const table_kind map_slots = {CG_MAP64_SLOT_BYTES, map_slot_empty, map_slot_home};

static int map_grow(cg_map64 *m)
{
	void *t;
	int rc;

	if (!m->mask) {
		if (!(m->slots = cg_mem_zalloc(map_size(1023))))
			return CG_ENOMEM;
		m->mask = 1023;
		return 0;
	}
	t = m->slots;
	rc = table_double(&t, &m->mask, &map_slots);
	m->slots = t;
	return rc;
}

int cg_map64_put(cg_map64 *m, uint64_t key, uint32_t val)
{
	uint32_t old;

	return cg_map64_swap(m, key, val, &old);
}

int cg_map64_swap(cg_map64 *m, uint64_t key, uint32_t val, uint32_t *old)
{
	uint32_t *s;
	size_t i;

	/* grown at 70% full: linear probing then expects about 2.2 probes to
	 * find a key present ((1 + 1/(1 - 0.7)) / 2, Knuth), and at a million
	 * entities the tables are a quarter smaller than at 50% */
	if (!m->mask || (m->count + 1) * 10 > (m->mask + 1) * 7)
		if (map_grow(m))
			return CG_ENOMEM;
	i = cg_hash_u64(key) & m->mask;
	for (;; i = (i + 1) & m->mask) {
		s = m->slots + 3 * i;
		if (!s[2])
			break;
		if (slot_key(s) == key) {
			*old = s[2] - 1;
			s[2] = val + 1;
			return 0;
		}
	}
	s[0] = (uint32_t)key;
	s[1] = (uint32_t)(key >> 32);
	s[2] = val + 1;
	m->count++;
	*old = UINT32_MAX;
	return 0;
}

int cg_map64_get(const cg_map64 *m, uint64_t key, uint32_t *val)
{
	size_t i;

	if (!m->mask)
		return 0;
	i = cg_hash_u64(key) & m->mask;
	for (;; i = (i + 1) & m->mask) {
		const uint32_t *s = m->slots + 3 * i;
		if (!s[2])
			return 0;
		if (slot_key(s) == key) {
			*val = s[2] - 1;
			return 1;
		}
	}
}

void cg_map64_prefetch(const cg_map64 *m, uint64_t key)
{
	if (m->mask)
		__builtin_prefetch(m->slots + 3 * (cg_hash_u64(key) & m->mask));
}

void cg_map64_free(cg_map64 *m)
{
	if (!m)
		return;
	if (m->mask)
		cg_mem_free(m->slots, map_size(m->mask));
	m->slots = NULL;
	m->count = 0;
	m->mask = 0;
}
