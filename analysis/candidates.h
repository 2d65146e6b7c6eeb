/* Merge candidates, private to analysis/: the prepared form of an entity's
 * names (analysis/cand_score.c) that blocking (analysis/candidates.c) and
 * scoring share. */
#ifndef CG_CANDIDATES_H
#define CG_CANDIDATES_H

#include "cg_analysis.h"
#include "cg_strbuf.h"

#include <stdint.h>

#define CAND_MAX_NAMES 8   /* names and aliases of an entity compared */
#define CAND_MAX_TOK   12  /* name parts of a name compared */
#define CAND_MAX_BYTES 256 /* bytes of a name compared */

/* What may be one entity: persons with persons, companies and
 * organisations together, addresses with addresses. */
typedef enum cand_kind { CAND_NONE, CAND_PERSON, CAND_ORG, CAND_ADDRESS } cand_kind;

cand_kind cand_kind_of(const char *type_name);

/* A prepared name: Latin, folded name parts (cand_fold) in the order
 * written, pointing into the arena it was loaded from. */
typedef struct cand_name {
	const char *tok[CAND_MAX_TOK];
	uint8_t len[CAND_MAX_TOK];
	uint8_t ntok;
	uint8_t translit; /* written in another script */
	uint8_t legal;    /* legal forms or branch words were set aside */
	uint8_t orig;     /* its index among the names given to cand_prepare */
} cand_name;

typedef struct cand_prep {
	cand_kind kind;
	size_t n;
	cand_name nm[CAND_MAX_NAMES];
	const char *nums; /* numbers (addresses, numbered companies), space-separated */
} cand_prep;

/* Appends the prepared form of names[0..n) of kind k to arena (which it
 * does not reset). Returns 0 or CG_ENOMEM. */
int cand_prepare(cg_cand_scorer *s, cand_kind k, const char *const *names, size_t n,
                 cg_strbuf *arena);
/* Reads the prepared form at arena + off into *p (pointers into arena). */
void cand_load(const char *at, cand_prep *p);

/* What scoring needs beside the names: dob, nationality, identifiers. */
typedef struct cand_attrs {
	const char *dob;
	const char *nat;
	const cg_prop *ids;
	size_t n_ids;
} cand_attrs;

/* The attributes of entity e of g: its dob, nationality and identifiers
 * (passport, national id, registration number) into ids, which has room
 * for CAND_ID_PROPS. */
#define CAND_ID_PROPS 3
void cand_attrs_of(const cg_graph *g, cg_eid e, cand_attrs *x, cg_prop *ids);

/* Scores two prepared sides into out (score, flags, names, reason); shared
 * neighbours already counted in out->f.shared. names_a/names_b: the
 * original names, for the reason (with_reason; else no reason is made). Returns 0 or CG_ENOMEM. */
int cand_score_prep(const cand_prep *a, const cand_prep *b, const cand_attrs *aa,
                    const cand_attrs *ab, const char *const *names_a, const char *const *names_b,
                    int with_reason, cg_candidate *out);

/* The best similarity of a's names to b's (0 for kinds that cannot be one
 * entity): the first, cheap pass over the pairs of the blocks. */
double cand_best_name(const cand_prep *a, const cand_prep *b);
/* The most that dates of birth, nationality and neighbours add to the
 * names' similarity; an identifier alike lifts names of CAND_ID_MIN_NAME
 * or more to 0.95. */
#define CAND_MAX_BONUS   0.29
#define CAND_ID_MIN_NAME 0.5

/* The similarity measures, exposed for the unit tests. */
double cand_jaro_winkler(const char *a, size_t na, const char *b, size_t nb);
double cand_token_set(const cand_name *a, const cand_name *b, unsigned *flags);
/* The similarity of two names: the best of the parts matched (token set)
 * and, when they have different numbers of parts, the names joined, b from
 * each part round (edit distance). *jw gets the Jaro-Winkler similarity of
 * the joined names (NULL: not computed, faster). */
double cand_name_sim(const cand_name *a, const cand_name *b, unsigned *flags, double *ts,
                     double *jw);
/* Folds ASCII lower-case s[0..n) to its phonetic skeleton into out. */
size_t cand_fold(const char *s, size_t n, char *out, size_t cap);
/* Whether dates a and b (YYYY[-MM[-DD]]) agree: 1 agree, -1 conflict, 0
 * unknown. */
int cand_dob_cmp(const char *a, const char *b);

#endif
