/* Helpers shared by the JSON importers (FollowTheMoney, STIX, MISP); private
 * to importers/.
 *
 * - ju_read_line: one line of a JSON Lines file, bounded, NUL bytes kept.
 * - ju_scan: a push scanner that walks the structure of one JSON document
 *   read in chunks, and hands over the text of the values the caller wants
 *   (each element of a STIX bundle's "objects" array, each attribute of a
 *   MISP event) with the physical line on which each starts. cJSON knows no
 *   positions and parses whole documents only: the scanner gives every
 *   object its own line and keeps memory to one element at a time.
 * - ju_parse: cJSON_ParseWithLengthOpts on one element, with the line and
 *   column of a syntax error (cJSON's global error pointer is never used).
 * - scratch lists (strings, properties, provenance) that build one record
 *   at a time.
 *
 * The functions are in json_util.c; this header holds their contracts and
 * the types the importers fill in. */
#ifndef CG_JSON_UTIL_H
#define CG_JSON_UTIL_H

#include "cg_error.h"
#include "cg_graph.h"
#include "cg_strbuf.h"
#include "import_internal.h"

#include <cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- JSON values ---- */

/* The string member key of o (case-sensitive), or NULL. */
const char *ju_str(const cJSON *o, const char *key);

/* The member key of o (case-sensitive), or NULL. */
const cJSON *ju_get(const cJSON *o, const char *key);

/* Whether member key of o is true (JSON true, or the strings "true"/"1",
 * which MISP writes for booleans). */
int ju_true(const cJSON *o, const char *key);

/* Deepest nesting of arrays and objects in one parsed value: cJSON's own
 * limit (CJSON_NESTING_LIMIT, 1000, fixed when the library is built), checked
 * here first so that the message can say so. */
#define JU_MAX_NESTING CJSON_NESTING_LIMIT

/* Checks the text of one JSON value for what cJSON would accept but lose or
 * hide: a NUL byte (cJSON reads one between tokens as a blank and ends a
 * string at one, dropping the rest), a \u0000 escape (the string ends
 * there) and nesting deeper than JU_MAX_NESTING. Returns 0, or -1 with *at
 * the offset of the offence and why (of size cap) the reason. */
int ju_check_text(const char *text, size_t len, size_t *at, char *why, size_t cap);

/* Settles member names given twice in one object anywhere in node: cJSON
 * keeps both, and every lookup by name sees only the first, so the second
 * would be dropped without a word. Arrays of one name are joined and equal
 * values kept once (ju_fold_member); two different values under one name
 * return 1 with *dup the name. 0 when nothing is left in conflict,
 * CG_ENOMEM. Cost: O(n log n) in the members of each object. */
int ju_fold_duplicates(cJSON *node, const char **dup);

/* Parses len bytes of text, which start on physical line `line` of the file,
 * as one JSON value, with the members given twice settled
 * (ju_fold_duplicates). NULL when it is not valid JSON, fails
 * ju_check_text or gives one member two different values: *eline and *ecol
 * then say where the error is (1-based, in the file; the start of the value
 * for a member given twice) and why (may be NULL; of size cap) says what it
 * is ("invalid JSON", "a NUL byte", "member 'id' given twice with different
 * values" ...). Trailing blanks are allowed,
 * anything else after the value is an error. */
cJSON *ju_parse_why(const char *text, size_t len, long line, long *eline, long *ecol, char *why,
                    size_t cap);

/* ju_parse_why without the reason. */
cJSON *ju_parse(const char *text, size_t len, long line, long *eline, long *ecol);

/* Whether the last ju_parse_why or ju_parse of this thread that returned
 * NULL did so for want of memory (cJSON's allocations are counted through
 * its hooks), not for the text: the import must then fail with CG_ENOMEM,
 * not reject the line. */
int ju_parse_nomem(void);

/* An arena for parsed trees: while one is in use on a thread
 * (ju_arena_use), cJSON's allocations on that thread come from it and its
 * frees do nothing; the trees are then dropped all at once
 * (ju_arena_reset), never with cJSON_Delete. A reading thread parses a
 * batch of lines into one (jsonl.c): malloc and free per node were half of
 * its time. */
typedef struct ju_arena {
	char **chunks; /* blocks of JU_ARENA_CHUNK bytes or, for one large
	                  allocation, more */
	size_t *sizes;
	size_t n, cap; /* chunks in use, allocated */
	size_t cur;    /* the chunk being filled */
	size_t used;   /* bytes of it given */
} ju_arena;

#define JU_ARENA_INIT                                                                              \
	{                                                                                          \
		NULL, NULL, 0, 0, 0, 0                                                             \
	}

/* Makes a (NULL: malloc again) the source of this thread's cJSON
 * allocations. */
void ju_arena_use(ju_arena *a);
/* Drops every tree made from a; its memory is reused (up to 4 MiB of it
 * kept, the rest freed). */
void ju_arena_reset(ju_arena *a);
/* Frees a's memory. */
void ju_arena_free(ju_arena *a);

/* ---- lines ---- */

/* Whether the n bytes of a line are only blanks (a NUL byte is not one). */
int ju_blank_line(const char *s, size_t n);

/* A buffered line reader that keeps every byte: fgets() would hide what
 * follows a NUL byte on a line (its length is strlen's), so a line
 * "{...}\0{...}" would lose its second half without a word. */
typedef struct ju_reader {
	FILE *f;
	size_t pos, len; /* unread bytes: buf[pos .. len) */
	int eof;
	int unended; /* the last line read had no newline (the file ends inside it) */
	char buf[65536];
} ju_reader;

/* Starts reading f, from its current position. */
void ju_reader_init(ju_reader *r, FILE *f);

/* Reads one line into sb (without the newline and a CR before it; NUL bytes
 * kept, sb->len is the length). Returns 1 for a line, 0 at the end of the
 * file, CG_EIO on a read error (ferror(r->f)), CG_ENOMEM. A line
 * longer than max is consumed whole and *too_long set; memory stays within
 * max. */
int ju_read_line(ju_reader *r, cg_strbuf *sb, size_t max, int *too_long);

/* ---- the streaming scanner ---- */

#define JU_MAX_DEPTH 32 /* nesting of the structure walked outside wanted values */
#define JU_STR2(x)   #x
#define JU_STR(x)    JU_STR2(x)
#define JU_KEY_MAX   64 /* bytes of a member name kept (longer names never match) */

enum { JU_F_KEY0, JU_F_KEY, JU_F_INKEY, JU_F_COLON, JU_F_VALUE0, JU_F_VALUE, JU_F_AFTER };

/* One open container on the path to the current position. */
typedef struct ju_frame {
	char kind;                /* '{' or '[' */
	int state;                /* JU_F_* */
	char key[JU_KEY_MAX + 1]; /* the current member's name (objects) */
	size_t key_len;           /* its length; JU_KEY_MAX + 1 when it was longer */
	int key_esc;              /* the last key byte was a backslash */
	size_t index;             /* the current element's index (arrays) */
} ju_frame;

struct ju_scan;
/* Asked at the start of every value outside a wanted one: 1 to want it. */
typedef int (*ju_want_fn)(void *ctx, const struct ju_scan *s);
/* Receives a wanted value: its text (NUL-terminated, empty when it was
 * longer than the limit), length, the line it starts on, and whether it was
 * cut short (too long, or the input ended inside it). Returns 0 or a
 * negative code that stops the scan. */
typedef int (*ju_value_fn)(void *ctx, const struct ju_scan *s, const char *text, size_t len,
                           long line, int too_long, int truncated);

typedef struct ju_scan {
	ju_frame fr[JU_MAX_DEPTH]; /* fr[0] is the root container */
	int depth;                 /* open containers */
	int root_state;            /* 0: before the root value, 1: in it, 2: after it */
	long line;                 /* current physical line, 1-based */
	long col;                  /* current byte in the line, 1-based */
	/* the scalar or string being skipped outside wanted values */
	int in_str, esc, in_scalar;
	/* the wanted value being captured */
	int cap;              /* capturing */
	int cap_depth;        /* containers open inside it */
	int cap_str, cap_esc; /* inside a string of it, after a backslash */
	int cap_scalar;       /* it is a number or literal */
	long cap_line;
	int cap_long; /* over max: text dropped */
	cg_strbuf text;
	size_t max; /* bytes of one wanted value */
	ju_want_fn want;
	ju_value_fn value;
	void *ctx;
	/* the first structural error */
	int failed;
	long err_line, err_col;
	char err_msg[160];
} ju_scan;

/* Starts a scan: wanted values of at most max bytes, first_line the
 * physical line of the first byte fed; want and value are called with
 * ctx. */
void ju_scan_init(ju_scan *s, size_t max, long first_line, ju_want_fn want, ju_value_fn value,
                  void *ctx);

/* Frees what the scan holds (not s itself). */
void ju_scan_free(ju_scan *s);

/* The name of the member being read in frame i (NULL for arrays or a name
 * that was too long). */
const char *ju_scan_key(const ju_scan *s, int i);

/* Whether frame i is an object whose current member is key. */
int ju_scan_at(const ju_scan *s, int i, const char *key);

/* Feeds n bytes. Returns 0, CG_EPARSE on a structural error (s->err_*), or
 * the first non-zero code of the value callback. */
int ju_scan_feed(ju_scan *s, const char *buf, size_t n);

/* Ends the input. A wanted value still open is delivered as truncated.
 * Returns 0, CG_EPARSE when the document is incomplete (s->err_*), or the
 * value callback's code. */
int ju_scan_finish(ju_scan *s);

/* Scans a whole file in chunks. Errors as ju_scan_feed/ju_scan_finish;
 * CG_EIO when reading fails (s->err_msg says why). */
int ju_scan_file(ju_scan *s, FILE *f);

/* One pass of an importer over its JSON file: f->path opened (with its
 * progress reported), scanned with want and value, closed. Returns 0 or the value callback's
 * code; a file that cannot be opened or read is CG_EIO, and invalid JSON
 * CG_EPARSE with its line and column, both in *f->err, unless *truncated
 * (which the callbacks set when the file ended inside a wanted value and
 * they rejected that record): then the record cut short was rejected and
 * the rest is in, and the pass returns 0. */
int ju_scan_import(import_file *f, ju_want_fn want, ju_value_fn value, void *ctx,
                   const int *truncated);

/* ---- scratch lists for building one record ---- */

/* Strings made while building a record, freed together. */
typedef struct ju_tmp {
	char **v;
	size_t n, cap;
} ju_tmp;

/* A copy of n bytes of s that lives until ju_tmp_reset, or NULL. */
char *ju_tmp_strndup(ju_tmp *t, const char *s, size_t n);

/* ju_tmp_strndup of the whole of s. */
char *ju_tmp_strdup(ju_tmp *t, const char *s);
/* Frees the strings made since the last reset; t stays usable. */
void ju_tmp_reset(ju_tmp *t);
/* Frees the strings and the list itself. */
void ju_tmp_free(ju_tmp *t);

/* A list of borrowed strings (aliases, roles). */
typedef struct ju_strs {
	const char **v;
	size_t n, cap;
} ju_strs;

/* Appends s unless it is empty. O(1): a value listed twice is kept twice,
 * for the graph unions a record's aliases (comparing each with all before
 * it took 26 s for one FollowTheMoney line of 80,000 aliases). 0 or
 * CG_ENOMEM. */
int ju_strs_push(ju_strs *l, const char *s);
/* Frees the list (not the strings) and empties it. */
void ju_strs_free(ju_strs *l);

/* A list of properties (borrowed names and values). */
typedef struct ju_props {
	cg_prop *v;
	size_t n, cap;
} ju_props;

/* Appends the pair unless value is NULL or empty. 0 or CG_ENOMEM. */
int ju_props_push(ju_props *l, const char *name, const char *value);
/* The value of the first property named name, or NULL. */
const char *ju_props_get(const ju_props *l, const char *name);
/* Frees the list and empties it. */
void ju_props_free(ju_props *l);

/* A list of provenance records. */
typedef struct ju_provs {
	cg_prov *v;
	size_t n, cap;
} ju_provs;

/* Appends a provenance record (other fields zero). 0 or CG_ENOMEM. */
int ju_provs_push(ju_provs *l, const char *file, long line, const char *kase, const char *local_id);
/* Frees the list and empties it. */
void ju_provs_free(ju_provs *l);

/* ---- small text helpers ---- */

/* Copies s into a type name: lower case, '-', ' ', '.' and '|' as '_',
 * CamelCase split with '_' when camel is set ("RealEstate" ->
 * "real_estate"). Returns a ju_tmp string or NULL. */
char *ju_type_name(ju_tmp *t, const char *s, int camel);

#endif
