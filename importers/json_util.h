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
 * Everything is static inline: each importer compiles its own copy of what
 * it uses. */
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
static inline const char *ju_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* The member key of o (case-sensitive), or NULL. */
static inline const cJSON *ju_get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* Whether member key of o is true (JSON true, or the strings "true"/"1",
 * which MISP writes for booleans). */
static inline int ju_true(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (cJSON_IsTrue(v))
		return 1;
	if (cJSON_IsString(v) && v->valuestring)
		return strcmp(v->valuestring, "true") == 0 || strcmp(v->valuestring, "1") == 0;
	if (cJSON_IsNumber(v))
		return v->valuedouble != 0;
	return 0;
}

/* Deepest nesting of arrays and objects in one parsed value: cJSON's own
 * limit (CJSON_NESTING_LIMIT, 1000, fixed when the library is built), checked
 * here first so that the message can say so. */
#define JU_MAX_NESTING CJSON_NESTING_LIMIT

/* Checks the text of one JSON value for what cJSON would accept but lose or
 * hide: a NUL byte (cJSON reads one between tokens as a blank and ends a
 * string at one, dropping the rest), a \u0000 escape (the string ends
 * there) and nesting deeper than JU_MAX_NESTING. Returns 0, or -1 with *at
 * the offset of the offence and why (of size cap) the reason. */
static inline int ju_check_text(const char *text, size_t len, size_t *at, char *why, size_t cap)
{
	int in_str = 0;
	long depth = 0;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '\0') {
			*at = i;
			snprintf(why, cap, "a NUL byte");
			return -1;
		}
		if (in_str) {
			if (c == '"') {
				in_str = 0;
			} else if (c == '\\' && i + 1 < len) {
				if (text[i + 1] == 'u' && i + 5 < len &&
				    memcmp(text + i + 2, "0000", 4) == 0) {
					*at = i;
					snprintf(why, cap,
					         "a \\u0000 escape (a NUL character) in a string");
					return -1;
				}
				i++;
			}
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > JU_MAX_NESTING) {
				*at = i;
				snprintf(why, cap, "nested deeper than %d levels", JU_MAX_NESTING);
				return -1;
			}
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return 0;
}

/* A member of an object, for finding the duplicates among many. */
typedef struct ju_member {
	const char *name;
	cJSON *item;
	size_t index; /* its position in the object */
} ju_member;

static inline int ju_cmp_members(const void *a, const void *b)
{
	const ju_member *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Folds member dup of obj into member keep, the first one of that name:
 * arrays are joined (FollowTheMoney's properties are lists of values, and a
 * writer that gives one name twice means both lists), equal values are one;
 * anything else is a conflict that no reader can settle: 1. */
static inline int ju_fold_member(cJSON *obj, cJSON *keep, cJSON *dup)
{
	if (cJSON_IsArray(keep) && cJSON_IsArray(dup)) {
		cJSON *v;
		while ((v = dup->child) != NULL)
			cJSON_AddItemToArray(keep, cJSON_DetachItemViaPointer(dup, v));
	} else if (!cJSON_Compare(keep, dup, 1)) {
		return 1;
	}
	cJSON_Delete(cJSON_DetachItemViaPointer(obj, dup));
	return 0;
}

/* Settles member names given twice in one object anywhere in node: cJSON
 * keeps both, and every lookup by name sees only the first, so the second
 * would be dropped without a word. Arrays of one name are joined and equal
 * values kept once (ju_fold_member); two different values under one name
 * return 1 with *dup the name. 0 when nothing is left in conflict,
 * CG_ENOMEM. Cost: O(n log n) in the members of each object. */
static inline int ju_fold_duplicates(cJSON *node, const char **dup)
{
	cJSON *c, *next;
	size_t n = 0;
	int rc;

	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return 0;
	for (c = node->child; c; c = c->next) {
		n++;
		if ((rc = ju_fold_duplicates(c, dup)))
			return rc;
	}
	if (!cJSON_IsObject(node) || n < 2)
		return 0;
	if (n <= 16) {
		for (cJSON *a = node->child; a; a = a->next)
			for (cJSON *b = a->next; b; b = next) {
				next = b->next;
				if (a->string && b->string && strcmp(a->string, b->string) == 0 &&
				    ju_fold_member(node, a, b)) {
					*dup = a->string;
					return 1;
				}
			}
		return 0;
	}
	ju_member *m = malloc(n * sizeof *m);
	size_t k = 0;
	if (!m)
		return CG_ENOMEM;
	for (c = node->child; c; c = c->next, k++) {
		m[k].name = c->string ? c->string : "";
		m[k].item = c;
		m[k].index = k;
	}
	qsort(m, k, sizeof *m, ju_cmp_members);
	rc = 0;
	for (size_t i = 1, first = 0; i < k && !rc; i++) {
		if (strcmp(m[first].name, m[i].name) != 0) {
			first = i;
		} else if (ju_fold_member(node, m[first].item, m[i].item)) {
			*dup = m[first].item->string;
			rc = 1;
		}
	}
	free(m);
	return rc;
}

/* Parses len bytes of text, which start on physical line `line` of the file,
 * as one JSON value, with the members given twice settled
 * (ju_fold_duplicates). NULL when it is not valid JSON, fails
 * ju_check_text or gives one member two different values: *eline and *ecol
 * then say where the error is (1-based, in the file; the start of the value
 * for a member given twice) and why (may be NULL; of size cap) says what it
 * is ("invalid JSON", "a NUL byte", "member 'id' given twice with different
 * values" ...). Trailing blanks are allowed,
 * anything else after the value is an error. */
static inline cJSON *ju_parse_why(const char *text, size_t len, long line, long *eline, long *ecol,
                                  char *why, size_t cap)
{
	const char *end = NULL, *p, *bol = text;
	char local[160];
	size_t at = 0;
	cJSON *o = NULL;

	if (!why) {
		why = local;
		cap = sizeof local;
	}
	snprintf(why, cap, "invalid JSON");
	if (ju_check_text(text, len, &at, why, cap) == 0) {
		o = cJSON_ParseWithLengthOpts(text, len, &end, 0);
		if (o && end) {
			const char *q = end;
			while (q < text + len &&
			       (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
				q++;
			if (q < text + len) {
				cJSON_Delete(o);
				o = NULL;
				end = q;
			}
		}
		if (o) {
			const char *dup = NULL;
			int rc = ju_fold_duplicates(o, &dup);
			if (!rc)
				return o;
			if (rc == 1)
				snprintf(why, cap,
				         "member '%.64s' given twice with different values", dup);
			else
				snprintf(why, cap, "out of memory");
			cJSON_Delete(o);
			o = NULL;
			end = text;
		}
	} else {
		end = text + at;
	}
	if (!end || end < text || end > text + len)
		end = text;
	*eline = line;
	for (p = text; p < end; p++)
		if (*p == '\n') {
			(*eline)++;
			bol = p + 1;
		}
	*ecol = (long)(end - bol) + 1;
	return NULL;
}

/* ju_parse_why without the reason. */
static inline cJSON *ju_parse(const char *text, size_t len, long line, long *eline, long *ecol)
{
	return ju_parse_why(text, len, line, eline, ecol, NULL, 0);
}

/* ---- lines ---- */

/* Whether the n bytes of a line are only blanks (a NUL byte is not one). */
static inline int ju_blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

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

static inline void ju_reader_init(ju_reader *r, FILE *f)
{
	r->f = f;
	r->pos = r->len = 0;
	r->eof = r->unended = 0;
}

/* Reads one line into sb (without the newline and a CR before it; NUL bytes
 * kept, sb->len is the length). Returns 1 for a line, 0 at the end of the
 * file, -1 on a read error (ferror(r->f)) or when out of memory. A line
 * longer than max is consumed whole and *too_long set; memory stays within
 * max. */
static inline int ju_read_line(ju_reader *r, cg_strbuf *sb, size_t max, int *too_long)
{
	int got = 0;

	cg_strbuf_reset(sb);
	*too_long = 0;
	for (;;) {
		if (r->pos == r->len) {
			if (r->eof)
				break;
			r->pos = 0;
			r->len = fread(r->buf, 1, sizeof r->buf, r->f);
			if (r->len == 0) {
				if (ferror(r->f))
					return -1;
				r->eof = 1;
				break;
			}
		}
		const char *p = r->buf + r->pos;
		const char *nl = memchr(p, '\n', r->len - r->pos);
		size_t n = nl ? (size_t)(nl - p) : r->len - r->pos;
		got = 1;
		if (!*too_long) {
			if (sb->len + n > max) {
				*too_long = 1;
				cg_strbuf_reset(sb);
			} else if (n && cg_strbuf_append(sb, p, n)) {
				return -1;
			}
		}
		r->pos += n + (nl ? 1 : 0);
		if (nl) {
			if (sb->len && sb->buf[sb->len - 1] == '\r')
				sb->buf[--sb->len] = '\0';
			r->unended = 0;
			return 1;
		}
	}
	if (got)
		r->unended = 1;
	return got;
}

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

static inline void ju_scan_init(ju_scan *s, size_t max, long first_line, ju_want_fn want,
                                ju_value_fn value, void *ctx)
{
	memset(s, 0, sizeof *s);
	s->line = first_line;
	s->col = 1;
	s->max = max;
	s->want = want;
	s->value = value;
	s->ctx = ctx;
}

static inline void ju_scan_free(ju_scan *s)
{
	cg_strbuf_free(&s->text);
}

/* The name of the member being read in frame i (NULL for arrays or a name
 * that was too long). */
static inline const char *ju_scan_key(const ju_scan *s, int i)
{
	if (i < 0 || i >= s->depth || s->fr[i].kind != '{' || s->fr[i].key_len > JU_KEY_MAX)
		return NULL;
	return s->fr[i].key;
}

/* Whether frame i is an object whose current member is key. */
static inline int ju_scan_at(const ju_scan *s, int i, const char *key)
{
	const char *k = ju_scan_key(s, i);
	return k && strcmp(k, key) == 0;
}

static inline int ju_scan_fail(ju_scan *s, const char *msg, char c)
{
	if (!s->failed) {
		s->failed = 1;
		s->err_line = s->line;
		s->err_col = s->col;
		if (c > ' ' && c < 0x7f)
			snprintf(s->err_msg, sizeof s->err_msg, "%s (found '%c')", msg, c);
		else if (c)
			snprintf(s->err_msg, sizeof s->err_msg, "%s (found byte 0x%02x)", msg,
			         (unsigned)(unsigned char)c);
		else
			snprintf(s->err_msg, sizeof s->err_msg, "%s", msg);
	}
	return CG_EPARSE;
}

static inline int ju_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Marks the end of a value in the innermost container (or the root). */
static inline void ju_scan_value_done(ju_scan *s)
{
	if (s->depth == 0)
		s->root_state = 2;
	else
		s->fr[s->depth - 1].state = JU_F_AFTER;
}

static inline int ju_scan_cap_end(ju_scan *s, int truncated)
{
	int rc;
	s->cap = 0;
	rc = s->value(s->ctx, s, s->cap_long ? "" : cg_strbuf_cstr(&s->text),
	              s->cap_long ? 0 : s->text.len, s->cap_line, s->cap_long, truncated);
	cg_strbuf_reset(&s->text);
	ju_scan_value_done(s);
	return rc;
}

/* Appends bytes [a, b) of the wanted value. */
static inline int ju_scan_cap_add(ju_scan *s, const char *a, const char *b)
{
	size_t n = (size_t)(b - a);
	if (s->cap_long || !n)
		return 0;
	if (s->text.len + n > s->max) {
		s->cap_long = 1;
		cg_strbuf_reset(&s->text);
		return 0;
	}
	return cg_strbuf_append(&s->text, a, n);
}

/* Starts a value at byte c: a container, a string or a scalar. */
static inline int ju_scan_value_start(ju_scan *s, char c)
{
	if (!c)
		return ju_scan_fail(s, "expected a JSON value (found a NUL byte)", 0);
	if (!(c == '{' || c == '[' || c == '"' || (c >= '0' && c <= '9') || c == '-' || c == 't' ||
	      c == 'f' || c == 'n'))
		return ju_scan_fail(s, "expected a JSON value", c);
	if (s->want && s->want(s->ctx, s)) {
		s->cap = 1;
		s->cap_depth = (c == '{' || c == '[') ? 1 : 0;
		s->cap_str = c == '"';
		s->cap_esc = 0;
		s->cap_scalar = !s->cap_depth && !s->cap_str;
		s->cap_line = s->line;
		s->cap_long = 0;
		cg_strbuf_reset(&s->text);
		return 1;
	}
	if (c == '{' || c == '[') {
		ju_frame *f;
		if (s->depth >= JU_MAX_DEPTH)
			return ju_scan_fail(s, "nested deeper than " JU_STR(JU_MAX_DEPTH) " levels",
			                    0);
		f = &s->fr[s->depth++];
		f->kind = c;
		f->state = c == '{' ? JU_F_KEY0 : JU_F_VALUE0;
		f->key_len = 0;
		f->key[0] = '\0';
		f->index = 0;
		return 0;
	}
	if (c == '"') {
		s->in_str = 1;
		s->esc = 0;
		return 0;
	}
	s->in_scalar = 1;
	return 0;
}

/* Feeds n bytes. Returns 0, CG_EPARSE on a structural error (s->err_*), or
 * the first non-zero code of the value callback. */
static inline int ju_scan_feed(ju_scan *s, const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n, *seg = buf;
	int rc;

	if (s->failed)
		return CG_EPARSE;
	for (; p < end; p++) {
		char c = *p;
		if (s->cap) {
			if (s->cap_str) {
				if (s->cap_esc)
					s->cap_esc = 0;
				else if (c == '\\')
					s->cap_esc = 1;
				else if (c == '"')
					s->cap_str = 0;
				if (!s->cap_str && !s->cap_depth) {
					/* a wanted string ends here */
					if ((rc = ju_scan_cap_add(s, seg, p + 1)) ||
					    (rc = ju_scan_cap_end(s, 0)))
						return rc;
				}
			} else if (s->cap_scalar) {
				if (ju_is_blank(c) || c == ',' || c == '}' || c == ']') {
					if ((rc = ju_scan_cap_add(s, seg, p)) ||
					    (rc = ju_scan_cap_end(s, 0)))
						return rc;
					p--; /* the delimiter belongs to the container */
					continue;
				}
			} else if (c == '"') {
				s->cap_str = 1;
			} else if (c == '{' || c == '[') {
				s->cap_depth++;
			} else if (c == '}' || c == ']') {
				if (--s->cap_depth == 0) {
					if ((rc = ju_scan_cap_add(s, seg, p + 1)) ||
					    (rc = ju_scan_cap_end(s, 0)))
						return rc;
				}
			}
			if (c == '\n') {
				s->line++;
				s->col = 1;
			} else {
				s->col++;
			}
			continue;
		}
		if (s->in_str) {
			ju_frame *f = s->depth ? &s->fr[s->depth - 1] : NULL;
			int in_key = f && f->state == JU_F_INKEY;
			if (s->esc) {
				s->esc = 0;
			} else if (c == '\\') {
				s->esc = 1;
			} else if (c == '"') {
				s->in_str = 0;
				if (in_key)
					f->state = JU_F_COLON;
				else
					ju_scan_value_done(s);
			}
			if (in_key && s->in_str) {
				/* keys are kept raw: an escaped name never matches */
				if (f->key_len < JU_KEY_MAX)
					f->key[f->key_len++] = c;
				else
					f->key_len = JU_KEY_MAX + 1;
				if (f->key_len <= JU_KEY_MAX)
					f->key[f->key_len] = '\0';
				if (c == '\\')
					f->key_len = JU_KEY_MAX + 1;
			}
		} else if (s->in_scalar) {
			if (ju_is_blank(c) || c == ',' || c == '}' || c == ']') {
				s->in_scalar = 0;
				ju_scan_value_done(s);
				p--;
				continue;
			}
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' ||
			      c == '+' || c == '.' || c == 'E'))
				return ju_scan_fail(s, "bad number or literal", c);
		} else if (!ju_is_blank(c)) {
			ju_frame *f = s->depth ? &s->fr[s->depth - 1] : NULL;
			if (!f) {
				if (s->root_state != 0)
					return ju_scan_fail(
					    s, "text after the end of the JSON document", c);
				s->root_state = 1;
				rc = ju_scan_value_start(s, c);
				if (rc < 0)
					return rc;
				if (rc == 1)
					seg = p;
			} else {
				switch (f->state) {
				case JU_F_KEY0:
				case JU_F_KEY:
					if (c == '}' && f->state == JU_F_KEY0) {
						s->depth--;
						ju_scan_value_done(s);
					} else if (c == '"') {
						f->state = JU_F_INKEY;
						f->key_len = 0;
						f->key[0] = '\0';
						s->in_str = 1;
						s->esc = 0;
					} else {
						return ju_scan_fail(s, "expected a member name", c);
					}
					break;
				case JU_F_COLON:
					if (c != ':')
						return ju_scan_fail(s, "expected ':'", c);
					f->state = JU_F_VALUE;
					break;
				case JU_F_VALUE0:
				case JU_F_VALUE:
					if (c == ']' && f->state == JU_F_VALUE0 && f->kind == '[') {
						s->depth--;
						ju_scan_value_done(s);
						break;
					}
					rc = ju_scan_value_start(s, c);
					if (rc < 0)
						return rc;
					if (rc == 1)
						seg = p;
					break;
				case JU_F_AFTER:
					if (c == ',') {
						if (f->kind == '[') {
							f->index++;
							f->state = JU_F_VALUE;
						} else {
							f->state = JU_F_KEY;
						}
					} else if ((c == '}' && f->kind == '{') ||
					           (c == ']' && f->kind == '[')) {
						s->depth--;
						ju_scan_value_done(s);
					} else {
						return ju_scan_fail(s,
						                    f->kind == '{'
						                        ? "expected ',' or '}'"
						                        : "expected ',' or ']'",
						                    c);
					}
					break;
				default:
					break;
				}
			}
		}
		if (c == '\n') {
			s->line++;
			s->col = 1;
		} else {
			s->col++;
		}
	}
	if (s->cap)
		return ju_scan_cap_add(s, seg, end);
	return 0;
}

/* Ends the input. A wanted value still open is delivered as truncated.
 * Returns 0, CG_EPARSE when the document is incomplete (s->err_*), or the
 * value callback's code. */
static inline int ju_scan_finish(ju_scan *s)
{
	int rc;

	if (s->failed)
		return CG_EPARSE;
	if (s->cap) {
		if (s->cap_scalar && !s->cap_str)
			return ju_scan_cap_end(s, 0);
		if ((rc = ju_scan_cap_end(s, 1)))
			return rc;
	}
	if (s->in_scalar) {
		s->in_scalar = 0;
		ju_scan_value_done(s);
	}
	if (s->root_state == 0)
		return ju_scan_fail(s, "no JSON value", 0);
	if (s->depth || s->in_str)
		return ju_scan_fail(s, "the file ends inside the JSON document", 0);
	return 0;
}

/* Scans a whole file in chunks. Errors as ju_scan_feed/ju_scan_finish;
 * CG_EIO when reading fails (s->err_msg says why). */
static inline int ju_scan_file(ju_scan *s, FILE *f)
{
	char chunk[65536];
	size_t n;
	int rc, first = 1;

	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		const char *p = chunk;
		if (first && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			n -= 3;
		}
		first = 0;
		if ((rc = ju_scan_feed(s, p, n)))
			return rc;
	}
	if (ferror(f)) {
		snprintf(s->err_msg, sizeof s->err_msg, "read error");
		return CG_EIO;
	}
	return ju_scan_finish(s);
}

/* ---- scratch lists for building one record ---- */

/* Strings made while building a record, freed together. */
typedef struct ju_tmp {
	char **v;
	size_t n, cap;
} ju_tmp;

/* A copy of n bytes of s that lives until ju_tmp_reset, or NULL. */
static inline char *ju_tmp_strndup(ju_tmp *t, const char *s, size_t n)
{
	char *c;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	if (!(c = malloc(n + 1)))
		return NULL;
	memcpy(c, s, n);
	c[n] = '\0';
	t->v[t->n++] = c;
	return c;
}

static inline char *ju_tmp_strdup(ju_tmp *t, const char *s)
{
	return ju_tmp_strndup(t, s, strlen(s));
}

static inline void ju_tmp_reset(ju_tmp *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	t->n = 0;
}

static inline void ju_tmp_free(ju_tmp *t)
{
	ju_tmp_reset(t);
	free(t->v);
	t->v = NULL;
	t->cap = 0;
}

/* A list of borrowed strings (aliases, roles). */
typedef struct ju_strs {
	const char **v;
	size_t n, cap;
} ju_strs;

static inline int ju_strs_push(ju_strs *l, const char *s)
{
	if (!s || !*s)
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		const char **v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return CG_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = s;
	return 0;
}

static inline void ju_strs_free(ju_strs *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* A list of properties (borrowed names and values). */
typedef struct ju_props {
	cg_prop *v;
	size_t n, cap;
} ju_props;

static inline int ju_props_push(ju_props *l, const char *name, const char *value)
{
	if (!value || !*value)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		cg_prop *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return CG_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].name = name;
	l->v[l->n++].value = value;
	return 0;
}

static inline const char *ju_props_get(const ju_props *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return l->v[i].value;
	return NULL;
}

static inline void ju_props_free(ju_props *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* A list of provenance records. */
typedef struct ju_provs {
	cg_prov *v;
	size_t n, cap;
} ju_provs;

static inline int ju_provs_push(ju_provs *l, const char *file, long line, const char *kase,
                                const char *local_id)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4;
		cg_prov *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return CG_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	l->v[l->n].file = file;
	l->v[l->n].line = line;
	l->v[l->n].case_name = kase;
	l->v[l->n++].local_id = local_id;
	return 0;
}

static inline void ju_provs_free(ju_provs *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* ---- diagnostics ---- */

/* Rejects the record on `line` of path with a formatted reason (counted in
 * st->rejected). 0, or CG_EREJECT in strict mode. */
static inline int ju_reject(cg_import *imp, cg_import_stats *st, const char *path, long line,
                            cg_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
static inline int ju_reject(cg_import *imp, cg_import_stats *st, const char *path, long line,
                            cg_error *err, const char *fmt, ...)
{
	cg_error diag;
	char msg[CG_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cg_error_set(&diag, CG_EPARSE, path, line, 0, "%s", msg);
	return import_reject(imp, st, &diag, err);
}

/* Passes a note that is not a rejection (code: CG_OK for a summary,
 * CG_ENOTFOUND for a dangling reference that loses nothing but the
 * reference) to the diagnostic callback; nothing is counted. In strict mode a
 * CG_ENOTFOUND note fails the import with CG_EREJECT. */
static inline int ju_note(cg_import *imp, int code, const char *path, long line, cg_error *err,
                          const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
static inline int ju_note(cg_import *imp, int code, const char *path, long line, cg_error *err,
                          const char *fmt, ...)
{
	cg_error diag;
	char msg[CG_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cg_error_set(&diag, code, path, line, 0, "%s", msg);
	if (imp->opts.diag)
		imp->opts.diag(imp->opts.diag_ctx, &diag);
	if (code != CG_OK && imp->opts.strict) {
		*err = diag;
		err->code = CG_EREJECT;
		return CG_EREJECT;
	}
	return 0;
}

/* ---- small text helpers ---- */

/* Copies s into a type name: lower case, '-', ' ', '.' and '|' as '_',
 * CamelCase split with '_' when camel is set ("RealEstate" ->
 * "real_estate"). Returns a ju_tmp string or NULL. */
static inline char *ju_type_name(ju_tmp *t, const char *s, int camel)
{
	char buf[128];
	size_t k = 0;

	for (size_t i = 0; s[i] && k + 2 < sizeof buf; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z') {
			if (camel && i > 0 && k > 0 && buf[k - 1] != '_')
				buf[k++] = '_';
			c = (char)(c + 32);
		} else if (c == '-' || c == ' ' || c == '.' || c == '|') {
			c = '_';
		}
		buf[k++] = c;
	}
	buf[k] = '\0';
	return ju_tmp_strndup(t, buf, k);
}

#endif
