/* An Aho-Corasick automaton: finds every occurrence of a set of byte
 * patterns in a text in one pass, whatever the number of patterns.
 *
 * Each pattern carries two numbers of the caller's (a payload and flags)
 * that come back with its matches. Use: aho_new, aho_add for every pattern,
 * aho_build once, then aho_scan or aho_lookup any number of times (the
 * built automaton is read-only: several threads may scan it at once);
 * aho_free. Private to importers/.
 *
 * Memory: about 35 bytes per trie node (a node per distinct pattern
 * prefix), plus 16 bytes per pattern. An automaton whose patterns are all
 * made of ' ', a-z and 0-9 and that has at most 100,000 nodes also gets a
 * full transition table over that alphabet (152 bytes per node), which
 * makes a scan one table lookup per byte of text. */
#ifndef AHO_CORASICK_H
#define AHO_CORASICK_H

#include <stddef.h>
#include <stdint.h>

typedef struct aho_automaton aho_automaton;

/* One occurrence of a pattern: text[start .. end). */
typedef struct aho_match {
	size_t start, end;
	uint32_t payload; /* the pattern's payload, as given to aho_add */
	uint32_t flags;   /* the pattern's flags, as given to aho_add */
} aho_match;

/* Receives a match; returns 0 to go on, anything else to stop the search
 * (aho_scan and aho_lookup then return that value). */
typedef int (*aho_match_fn)(void *ctx, const aho_match *m);

/* An empty automaton (no patterns), or NULL when out of memory. */
aho_automaton *aho_new(void);
/* Frees a; accepts NULL. */
void aho_free(aho_automaton *a);

/* Adds the pattern p[0..n), before aho_build. The same bytes may be added
 * with several payloads (each is reported); the same bytes with the same
 * payload and flags are kept once. An empty pattern matches nothing and is
 * ignored. Adding the patterns in sorted order makes this faster (each
 * node's newest child is looked at first). 0, CG_ENOMEM, or CG_ELIMIT when
 * the automaton would pass 2^31 nodes or the pattern 2^32 bytes. */
int aho_add(aho_automaton *a, const char *p, size_t n, uint32_t payload, uint32_t flags);

/* Computes the failure links (and the transition table, see above) once all
 * patterns are added; call it once. Cost: O(nodes). 0 or CG_ENOMEM (a is
 * then only fit for aho_free). */
int aho_build(aho_automaton *a);

/* Calls fn for every occurrence of every pattern in text[0..n), overlapping
 * and nested ones included, in order of their end; at one end, longer
 * patterns first, and patterns of the same bytes newest first. Cost: O(n +
 * matches). Returns 0, or the first nonzero value fn returned. */
int aho_scan(const aho_automaton *a, const char *text, size_t n, aho_match_fn fn, void *ctx);

/* Calls fn for every pattern equal to the whole of text[0..n) (newest
 * first), with start 0 and end n. Cost: O(n + those patterns). Returns 0,
 * or the first nonzero value fn returned. */
int aho_lookup(const aho_automaton *a, const char *text, size_t n, aho_match_fn fn, void *ctx);

/* The number of patterns kept (duplicates dropped) and of trie nodes (the
 * root included). */
size_t aho_pattern_count(const aho_automaton *a);
size_t aho_node_count(const aho_automaton *a);

#endif
