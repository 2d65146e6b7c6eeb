/* An Aho-Corasick automaton over bytes (aho_corasick.h).
 *
 * The trie is built with a linked list of children per node; aho_build then
 * lays the children out contiguously per node (CSR) and finds a child with
 * memchr. The children of the root, and of the root's child for ' ', are
 * dense arrays of 256: they are the hot transitions of texts made of words
 * separated by blanks, where callers that want matches on word boundaries
 * start every pattern with a blank. Each node keeps its failure link (the
 * longest proper suffix that is a node) and its dictionary link (the
 * nearest node on the failure chain where a pattern ends), so that a scan
 * reports every match without walking nodes that end none. */
#include "aho_corasick.h"

#include "cg_array.h"
#include "cg_error.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* The transition table's alphabet: ' ', a-z, 0-9; every other byte is
 * column 0 and, in an automaton whose patterns use only that alphabet,
 * leads back to the root. */
#define AHO_CLASSES       38
#define AHO_DFA_MAX_NODES 100000 /* 15 MB of table at most */
#define AHO_MAX_NODES     (UINT32_MAX / 2)

typedef struct aho_node {
	uint32_t fail;    /* longest proper suffix that is a trie node */
	uint32_t out;     /* first pattern ending here, + 1; 0 none */
	uint32_t dict;    /* nearest node on the fail chain with patterns, 0 none */
	uint32_t child;   /* first child, 0 none (for the build's traversal) */
	uint32_t sibling; /* next child of the same parent */
	unsigned char byte;
} aho_node;

typedef struct aho_pat {
	uint32_t len;     /* bytes */
	uint32_t payload; /* the caller's */
	uint32_t flags;   /* the caller's */
	uint32_t next;    /* next pattern ending at the same node, + 1; 0 none */
} aho_pat;

struct aho_automaton {
	aho_node *nodes; /* node 0 is the root */
	size_t n, cap;
	aho_pat *pats;
	size_t np, capp;
	uint32_t root[256];   /* children of the root */
	uint32_t space;       /* the root's child for ' ', 0 none */
	uint32_t *space_next; /* children of that node, dense after the build */
	uint32_t *cstart;     /* after the build: node u's children are cid[cstart[u] ..
	                         cstart[u + 1]), with their bytes in cbyte */
	uint32_t *cid;
	unsigned char *cbyte;
	int ascii;     /* every pattern is made of [a-z0-9 ] */
	int built;     /* aho_build succeeded */
	uint32_t *dfa; /* small ASCII automata: the full transition table,
	                  AHO_CLASSES columns per node, or NULL */
};

static int aho_class(unsigned char b)
{
	return b == ' '                 ? 1
	       : (b >= 'a' && b <= 'z') ? 2 + (b - 'a')
	       : (b >= '0' && b <= '9') ? 28 + (b - '0')
	                                : 0;
}

static const unsigned char aho_class_byte[AHO_CLASSES] = {
    0,   ' ', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q',
    'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
};

void aho_free(aho_automaton *a)
{
	if (!a)
		return;
	free(a->nodes);
	free(a->pats);
	free(a->space_next);
	free(a->dfa);
	free(a->cstart);
	free(a->cid);
	free(a->cbyte);
	free(a);
}

aho_automaton *aho_new(void)
{
	aho_automaton *a = calloc(1, sizeof *a);

	if (!a)
		return NULL;
	a->cap = 1024;
	a->nodes = calloc(a->cap, sizeof *a->nodes);
	if (!a->nodes) {
		free(a);
		return NULL;
	}
	a->n = 1; /* node 0 is the root */
	a->ascii = 1;
	return a;
}

size_t aho_pattern_count(const aho_automaton *a)
{
	return a->np;
}

size_t aho_node_count(const aho_automaton *a)
{
	return a->n;
}

/* The child of u for byte b, 0 when none (after the build). */
static uint32_t aho_child(const aho_automaton *a, uint32_t u, unsigned char b)
{
	if (u == 0)
		return a->root[b];
	if (u == a->space && a->space_next)
		return a->space_next[b];
	uint32_t s0 = a->cstart[u], cnt = a->cstart[u + 1] - s0;
	const unsigned char *p = cnt ? memchr(a->cbyte + s0, b, cnt) : NULL;
	return p ? a->cid[p - a->cbyte] : 0;
}

/* The child of u for b while the trie is being built: the root's array, or
 * u's list of children, newest first (patterns added in sorted order always
 * find theirs at the head). */
static uint32_t aho_child_list(const aho_automaton *a, uint32_t u, unsigned char b)
{
	if (u == 0)
		return a->root[b];
	for (uint32_t v = a->nodes[u].child; v; v = a->nodes[v].sibling)
		if (a->nodes[v].byte == b)
			return v;
	return 0;
}

int aho_add(aho_automaton *a, const char *p, size_t n, uint32_t payload, uint32_t flags)
{
	uint32_t u = 0;

	assert(!a->built);
	if (n == 0)
		return 0;
	if (n > UINT32_MAX || a->np >= UINT32_MAX - 1)
		return CG_ELIMIT;
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)p[i];
		uint32_t v = aho_child_list(a, u, b);
		if (!aho_class(b))
			a->ascii = 0;
		if (!v) {
			if (CG_ARRAY_GROW(a->nodes, a->cap, a->n + 1, 256))
				return CG_ENOMEM;
			if (a->n >= AHO_MAX_NODES)
				return CG_ELIMIT;
			v = (uint32_t)a->n++;
			memset(&a->nodes[v], 0, sizeof a->nodes[v]);
			a->nodes[v].byte = b;
			a->nodes[v].sibling = a->nodes[u].child;
			a->nodes[u].child = v;
			if (u == 0) {
				a->root[b] = v;
				if (b == ' ')
					a->space = v;
			}
		}
		u = v;
	}
	if (CG_ARRAY_GROW(a->pats, a->capp, a->np + 1, 256))
		return CG_ENOMEM;
	/* the same pattern twice for the same payload is kept once */
	for (uint32_t k = a->nodes[u].out; k; k = a->pats[k - 1].next)
		if (a->pats[k - 1].payload == payload && a->pats[k - 1].flags == flags)
			return 0;
	a->pats[a->np].len = (uint32_t)n;
	a->pats[a->np].payload = payload;
	a->pats[a->np].flags = flags;
	a->pats[a->np].next = a->nodes[u].out;
	a->nodes[u].out = (uint32_t)++a->np;
	return 0;
}

/* Fills the full transition table of a small ASCII automaton: one lookup
 * per byte of text, no failure walk. order holds the nodes but the root
 * breadth first, so that a node's failure row is filled before its own. */
static int aho_build_dfa(aho_automaton *a, const uint32_t *order, size_t count)
{
	a->dfa = malloc(a->n * AHO_CLASSES * sizeof *a->dfa);
	if (!a->dfa)
		return CG_ENOMEM;
	for (int k = 0; k < AHO_CLASSES; k++)
		a->dfa[k] = k ? a->root[aho_class_byte[k]] : 0;
	for (size_t q = 0; q < count; q++) {
		uint32_t u = order[q], *row = a->dfa + (size_t)u * AHO_CLASSES;
		const uint32_t *frow = a->dfa + (size_t)a->nodes[u].fail * AHO_CLASSES;
		for (int k = 0; k < AHO_CLASSES; k++) {
			uint32_t v = k ? aho_child(a, u, aho_class_byte[k]) : 0;
			row[k] = v ? v : frow[k];
		}
	}
	return 0;
}

int aho_build(aho_automaton *a)
{
	uint32_t *queue = malloc(a->n * sizeof *queue);
	size_t head = 0, tail = 0, k = 0;
	int rc = 0;

	assert(!a->built);
	a->cstart = malloc((a->n + 1) * sizeof *a->cstart);
	a->cid = malloc(a->n * sizeof *a->cid);
	a->cbyte = malloc(a->n);
	if (!queue || !a->cstart || !a->cid || !a->cbyte) {
		free(queue);
		return CG_ENOMEM;
	}
	for (uint32_t u = 0; u < a->n; u++) {
		a->cstart[u] = (uint32_t)k;
		if (u)
			for (uint32_t v = a->nodes[u].child; v; v = a->nodes[v].sibling) {
				a->cid[k] = v;
				a->cbyte[k++] = a->nodes[v].byte;
			}
	}
	a->cstart[a->n] = (uint32_t)k;
	for (uint32_t v = a->nodes[0].child; v; v = a->nodes[v].sibling) {
		a->nodes[v].fail = 0;
		a->nodes[v].dict = 0;
		queue[tail++] = v;
	}
	while (head < tail) {
		uint32_t u = queue[head++];
		for (uint32_t v = a->nodes[u].child; v; v = a->nodes[v].sibling) {
			unsigned char b = a->nodes[v].byte;
			uint32_t f = a->nodes[u].fail, w;
			while (f && !aho_child(a, f, b))
				f = a->nodes[f].fail;
			w = aho_child(a, f, b);
			if (w == v)
				w = 0;
			a->nodes[v].fail = w;
			a->nodes[v].dict = a->nodes[w].out ? w : a->nodes[w].dict;
			queue[tail++] = v;
		}
	}
	if (a->space) {
		a->space_next = calloc(256, sizeof *a->space_next);
		if (!a->space_next) {
			free(queue);
			return CG_ENOMEM;
		}
		for (uint32_t v = a->nodes[a->space].child; v; v = a->nodes[v].sibling)
			a->space_next[a->nodes[v].byte] = v;
	}
	if (a->ascii && a->n <= AHO_DFA_MAX_NODES)
		rc = aho_build_dfa(a, queue, tail);
	free(queue);
	if (!rc)
		a->built = 1;
	return rc;
}

/* Reports the patterns that end at node x and at the nodes of its
 * dictionary chain, all ending before text byte end. */
static int aho_report(const aho_automaton *a, uint32_t x, size_t end, aho_match_fn fn, void *ctx)
{
	for (; x; x = a->nodes[x].dict)
		for (uint32_t p = a->nodes[x].out; p; p = a->pats[p - 1].next) {
			const aho_pat *pat = &a->pats[p - 1];
			aho_match m = {end - pat->len, end, pat->payload, pat->flags};
			int rc = fn(ctx, &m);
			if (rc)
				return rc;
		}
	return 0;
}

int aho_scan(const aho_automaton *a, const char *text, size_t n, aho_match_fn fn, void *ctx)
{
	uint32_t u = 0;

	assert(a->built);
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)text[i];
		uint32_t v;
		if (a->dfa) {
			u = a->dfa[(size_t)u * AHO_CLASSES + aho_class(b)];
			if (!a->nodes[u].out && !a->nodes[u].dict)
				continue;
		} else {
			for (;;) {
				v = aho_child(a, u, b);
				if (v || u == 0)
					break;
				u = a->nodes[u].fail;
			}
			u = v;
		}
		int rc = aho_report(a, a->nodes[u].out ? u : a->nodes[u].dict, i + 1, fn, ctx);
		if (rc)
			return rc;
	}
	return 0;
}

int aho_lookup(const aho_automaton *a, const char *text, size_t n, aho_match_fn fn, void *ctx)
{
	uint32_t u = 0;

	assert(a->built);
	for (size_t i = 0; i < n; i++)
		if (!(u = aho_child(a, u, (unsigned char)text[i])))
			return 0;
	if (!u)
		return 0; /* the empty text: no pattern is empty */
	for (uint32_t p = a->nodes[u].out; p; p = a->pats[p - 1].next) {
		aho_match m = {0, n, a->pats[p - 1].payload, a->pats[p - 1].flags};
		int rc = fn(ctx, &m);
		if (rc)
			return rc;
	}
	return 0;
}
