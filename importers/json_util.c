/* The helpers of the JSON importers: json_util.h. */
#include "json_util.h"

#include "cg_array.h"

#include <errno.h>
#include <pthread.h>

/* A member of an object, for finding the duplicates among many. */
typedef struct ju_member {
	const char *name;
	cJSON *item;
	size_t index; /* its position in the object */
} ju_member;

const char *ju_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

const cJSON *ju_get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

int ju_true(const cJSON *o, const char *key)
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

int ju_check_text(const char *text, size_t len, size_t *at, char *why, size_t cap)
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

static int ju_cmp_members(const void *a, const void *b)
{
	const ju_member *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Folds member dup of obj into member keep, the first one of that name:
 * arrays are joined (FollowTheMoney's properties are lists of values, and a
 * writer that gives one name twice means both lists), equal values are one;
 * anything else is a conflict that no reader can settle: 1. */
static int ju_fold_member(cJSON *obj, cJSON *keep, cJSON *dup)
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

int ju_fold_duplicates(cJSON *node, const char **dup)
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
				if (a->string && b->string && a->string[0] == b->string[0] &&
				    strcmp(a->string, b->string) == 0 &&
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

/* cJSON's allocations, through its hooks: a failed one is remembered, per
 * thread (a file's lines may be parsed on a reading thread, ahead.h), so
 * that a parse that failed for want of memory is not taken for bad text. */
static _Thread_local int parse_nomem;
static _Thread_local ju_arena *arena; /* ju_arena_use */
static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

#define JU_ARENA_CHUNK ((size_t)256 << 10)
#define JU_ARENA_KEEP  16 /* chunks kept by ju_arena_reset: 4 MiB */

/* n bytes (8-aligned) from a, or NULL for want of memory. */
static void *arena_alloc(ju_arena *a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	while (a->cur < a->n && a->sizes[a->cur] - a->used < n) {
		a->cur++; /* a kept chunk too small for n is passed over */
		a->used = 0;
	}
	if (a->cur == a->n) {
		size_t sz = n > JU_ARENA_CHUNK ? n : JU_ARENA_CHUNK;
		char *c;
		if (a->n == a->cap) {
			size_t ncap = a->cap ? a->cap * 2 : 16;
			char **nc = realloc(a->chunks, ncap * sizeof *nc);
			size_t *ns;
			if (!nc)
				return NULL;
			a->chunks = nc;
			if (!(ns = realloc(a->sizes, ncap * sizeof *ns)))
				return NULL;
			a->sizes = ns;
			a->cap = ncap;
		}
		if (!(c = malloc(sz)))
			return NULL;
		a->chunks[a->n] = c;
		a->sizes[a->n++] = sz;
		a->used = 0;
	}
	a->used += n;
	return a->chunks[a->cur] + a->used - n;
}

void ju_arena_use(ju_arena *a)
{
	arena = a;
}

void ju_arena_reset(ju_arena *a)
{
	while (a->n > JU_ARENA_KEEP)
		free(a->chunks[--a->n]);
	a->cur = a->used = 0;
}

void ju_arena_free(ju_arena *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->chunks[i]);
	free(a->chunks);
	free(a->sizes);
	*a = (ju_arena)JU_ARENA_INIT;
}

static void *counted_malloc(size_t n)
{
	void *p = arena ? arena_alloc(arena, n) : malloc(n);
	if (!p)
		parse_nomem = 1;
	return p;
}

static void counted_free(void *p)
{
	if (!arena) /* an arena's trees are dropped whole (ju_arena_reset) */
		free(p);
}

static void set_hooks(void)
{
	cJSON_Hooks h = {counted_malloc, counted_free};
	cJSON_InitHooks(&h);
}

int ju_parse_nomem(void)
{
	return parse_nomem;
}

cJSON *ju_parse_why(const char *text, size_t len, long line, long *eline, long *ecol, char *why,
                    size_t cap)
{
	const char *end = NULL, *p, *bol = text;
	char local[160];
	size_t at = 0;
	cJSON *o = NULL;

	pthread_once(&hooks_once, set_hooks);
	parse_nomem = 0;
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
			else {
				snprintf(why, cap, "out of memory");
				parse_nomem = 1;
			}
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

cJSON *ju_parse(const char *text, size_t len, long line, long *eline, long *ecol)
{
	return ju_parse_why(text, len, line, eline, ecol, NULL, 0);
}

int ju_blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

void ju_reader_init(ju_reader *r, FILE *f)
{
	r->f = f;
	r->pos = r->len = 0;
	r->eof = r->unended = 0;
}

int ju_read_line(ju_reader *r, cg_strbuf *sb, size_t max, int *too_long)
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
					return CG_EIO;
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
				return CG_ENOMEM;
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

void ju_scan_init(ju_scan *s, size_t max, long first_line, ju_want_fn want, ju_value_fn value,
                  void *ctx)
{
	memset(s, 0, sizeof *s);
	s->line = first_line;
	s->col = 1;
	s->max = max;
	s->want = want;
	s->value = value;
	s->ctx = ctx;
}

void ju_scan_free(ju_scan *s)
{
	cg_strbuf_free(&s->text);
}

const char *ju_scan_key(const ju_scan *s, int i)
{
	if (i < 0 || i >= s->depth || s->fr[i].kind != '{' || s->fr[i].key_len > JU_KEY_MAX)
		return NULL;
	return s->fr[i].key;
}

int ju_scan_at(const ju_scan *s, int i, const char *key)
{
	const char *k = ju_scan_key(s, i);
	return k && strcmp(k, key) == 0;
}

static int ju_scan_fail(ju_scan *s, const char *msg, char c)
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

static int ju_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Marks the end of a value in the innermost container (or the root). */
static void ju_scan_value_done(ju_scan *s)
{
	if (s->depth == 0)
		s->root_state = 2;
	else
		s->fr[s->depth - 1].state = JU_F_AFTER;
}

static int ju_scan_cap_end(ju_scan *s, int truncated)
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
static int ju_scan_cap_add(ju_scan *s, const char *a, const char *b)
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
static int ju_scan_value_start(ju_scan *s, char c)
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

/* Starts the value whose first byte is at p (ju_scan_value_start); the
 * text of a wanted one begins there (*seg). 0, or CG_EPARSE. */
static int ju_scan_value_at(ju_scan *s, const char *p, const char **seg)
{
	int rc = ju_scan_value_start(s, *p);
	if (rc < 0)
		return rc;
	if (rc == 1)
		*seg = p;
	return 0;
}

/* Closes the innermost container: the value it is ends there. */
static void ju_scan_close(ju_scan *s)
{
	s->depth--;
	ju_scan_value_done(s);
}

/* Whether c ends a number or literal: a blank, or what separates or closes
 * its container (which then reads c itself). */
static int ju_scan_scalar_end(char c)
{
	return ju_is_blank(c) || c == ',' || c == '}' || c == ']';
}

/* The state groups of the structure outside wanted values follow. Each
 * reads one byte, not a blank, between tokens (outside strings and
 * scalars) and returns 0 or CG_EPARSE (s->err_*). */

/* Outside every container: the root value starts at p; nothing may follow
 * it. */
static int ju_scan_at_root(ju_scan *s, const char *p, const char **seg)
{
	if (s->root_state != 0)
		return ju_scan_fail(s, "text after the end of the JSON document", *p);
	s->root_state = 1;
	return ju_scan_value_at(s, p, seg);
}

/* JU_F_KEY0, JU_F_KEY: a member name starts (its bytes go to f->key), or
 * an object with no member ends. */
static int ju_scan_expect_key(ju_scan *s, ju_frame *f, char c)
{
	if (c == '}' && f->state == JU_F_KEY0) {
		ju_scan_close(s);
	} else if (c == '"') {
		f->state = JU_F_INKEY;
		f->key_len = 0;
		f->key[0] = '\0';
		s->in_str = 1;
		s->esc = 0;
	} else {
		return ju_scan_fail(s, "expected a member name", c);
	}
	return 0;
}

/* JU_F_COLON: the colon after a member name. */
static int ju_scan_expect_colon(ju_scan *s, ju_frame *f, char c)
{
	if (c != ':')
		return ju_scan_fail(s, "expected ':'", c);
	f->state = JU_F_VALUE;
	return 0;
}

/* JU_F_VALUE0, JU_F_VALUE: a member's value or an element starts at p, or
 * an array with no element ends. */
static int ju_scan_expect_value(ju_scan *s, ju_frame *f, const char *p, const char **seg)
{
	if (*p == ']' && f->state == JU_F_VALUE0 && f->kind == '[') {
		ju_scan_close(s);
		return 0;
	}
	return ju_scan_value_at(s, p, seg);
}

/* JU_F_AFTER: a comma before the next member or element, or the end of
 * the container. */
static int ju_scan_after_value(ju_scan *s, ju_frame *f, char c)
{
	if (c == ',') {
		if (f->kind == '[') {
			f->index++;
			f->state = JU_F_VALUE;
		} else {
			f->state = JU_F_KEY;
		}
	} else if ((c == '}' && f->kind == '{') || (c == ']' && f->kind == '[')) {
		ju_scan_close(s);
	} else {
		return ju_scan_fail(
		    s, f->kind == '{' ? "expected ',' or '}'" : "expected ',' or ']'", c);
	}
	return 0;
}

/* The byte at p, not a blank, between tokens outside wanted values: read in
 * the state of the innermost container (or of the root). 0, or
 * CG_EPARSE. Inline: a call per token cost the walk of a large document
 * outside wanted values 6% more instructions. */
static inline int ju_scan_token(ju_scan *s, const char *p, const char **seg)
{
	ju_frame *f;

	if (!s->depth)
		return ju_scan_at_root(s, p, seg);
	f = &s->fr[s->depth - 1];
	switch (f->state) {
	case JU_F_KEY0:
	case JU_F_KEY:
		return ju_scan_expect_key(s, f, *p);
	case JU_F_COLON:
		return ju_scan_expect_colon(s, f, *p);
	case JU_F_VALUE0:
	case JU_F_VALUE:
		return ju_scan_expect_value(s, f, p, seg);
	case JU_F_AFTER:
		return ju_scan_after_value(s, f, *p);
	default:
		return 0;
	}
}

/* The delimiter at p that ended a number or literal, read again between
 * tokens: it belongs to the container. 0, or CG_EPARSE. */
static int ju_scan_reread(ju_scan *s, const char *p, const char **seg)
{
	return ju_is_blank(*p) ? 0 : ju_scan_token(s, p, seg);
}

/* A byte of a string outside wanted values: of a member name, kept raw in
 * its frame (an escaped name never matches), or of a value, skipped. */
static void ju_scan_string_byte(ju_scan *s, char c)
{
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
		if (f->key_len < JU_KEY_MAX)
			f->key[f->key_len++] = c;
		else
			f->key_len = JU_KEY_MAX + 1;
		if (f->key_len <= JU_KEY_MAX)
			f->key[f->key_len] = '\0';
		if (c == '\\')
			f->key_len = JU_KEY_MAX + 1;
	}
}

/* The byte at p in a number or literal outside wanted values: a delimiter
 * ends it and is then read again (ju_scan_reread). 0, or CG_EPARSE. */
static int ju_scan_scalar_byte(ju_scan *s, const char *p, const char **seg)
{
	char c = *p;

	if (ju_scan_scalar_end(c)) {
		s->in_scalar = 0;
		ju_scan_value_done(s);
		return ju_scan_reread(s, p, seg);
	}
	if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' ||
	      c == '.' || c == 'E'))
		return ju_scan_fail(s, "bad number or literal", c);
	return 0;
}

/* The byte at p in a wanted value, whose text began at *seg: follows its
 * strings and nesting and delivers it at its last byte; the delimiter after
 * a wanted number or literal is then read again (ju_scan_reread). The hot
 * path of a large bundle, where most bytes are in wanted values. 0,
 * CG_EPARSE, CG_ENOMEM, or the value callback's code. */
static int ju_scan_wanted_byte(ju_scan *s, const char *p, const char **seg)
{
	char c = *p;
	int rc;

	if (s->cap_str) {
		if (s->cap_esc)
			s->cap_esc = 0;
		else if (c == '\\')
			s->cap_esc = 1;
		else if (c == '"')
			s->cap_str = 0;
		if (!s->cap_str && !s->cap_depth) {
			/* a wanted string ends here */
			if ((rc = ju_scan_cap_add(s, *seg, p + 1)) || (rc = ju_scan_cap_end(s, 0)))
				return rc;
		}
	} else if (s->cap_scalar) {
		if (ju_scan_scalar_end(c)) {
			if ((rc = ju_scan_cap_add(s, *seg, p)) || (rc = ju_scan_cap_end(s, 0)))
				return rc;
			return ju_scan_reread(s, p, seg);
		}
	} else if (c == '"') {
		s->cap_str = 1;
	} else if (c == '{' || c == '[') {
		s->cap_depth++;
	} else if (c == '}' || c == ']') {
		if (--s->cap_depth == 0) {
			if ((rc = ju_scan_cap_add(s, *seg, p + 1)) || (rc = ju_scan_cap_end(s, 0)))
				return rc;
		}
	}
	return 0;
}

/* One byte at a time, in the state group the scan is in; the position
 * (line, column) moves past a byte once it has been read without error, so
 * that an error points at its byte. The per-byte loop of every bundle: the
 * state groups are small enough for the compiler to inline. */
int ju_scan_feed(ju_scan *s, const char *buf, size_t n)
{
	const char *p, *end = buf + n, *seg = buf;
	int rc;

	if (s->failed)
		return CG_EPARSE;
	for (p = buf; p < end; p++) {
		char c = *p; /* read once: stores through s may alias *p */
		rc = 0;
		if (s->cap)
			rc = ju_scan_wanted_byte(s, p, &seg);
		else if (s->in_str)
			ju_scan_string_byte(s, c);
		else if (s->in_scalar)
			rc = ju_scan_scalar_byte(s, p, &seg);
		else if (!ju_is_blank(c))
			rc = ju_scan_token(s, p, &seg);
		if (rc)
			return rc;
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

int ju_scan_finish(ju_scan *s)
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

#define SCAN_CHUNK 65536

/* The chunk is on the heap: 64 KiB of stack that cannot grow (the address
 * space is full) would be a crash, not "out of memory". */
int ju_scan_file(ju_scan *s, FILE *f)
{
	char *chunk = malloc(SCAN_CHUNK);
	size_t n;
	int rc = 0, first = 1;

	if (!chunk) {
		snprintf(s->err_msg, sizeof s->err_msg, "out of memory");
		return CG_ENOMEM;
	}
	while (!rc && (n = fread(chunk, 1, SCAN_CHUNK, f)) > 0) {
		const char *p = chunk;
		if (first && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			n -= 3;
		}
		first = 0;
		rc = ju_scan_feed(s, p, n);
	}
	free(chunk);
	if (rc)
		return rc;
	if (ferror(f)) {
		snprintf(s->err_msg, sizeof s->err_msg, "read error");
		return CG_EIO;
	}
	return ju_scan_finish(s);
}

char *ju_tmp_strndup(ju_tmp *t, const char *s, size_t n)
{
	char *c;
	if (CG_ARRAY_GROW(t->v, t->cap, t->n + 1, 16))
		return NULL;
	if (!(c = malloc(n + 1)))
		return NULL;
	memcpy(c, s, n);
	c[n] = '\0';
	t->v[t->n++] = c;
	return c;
}

char *ju_tmp_strdup(ju_tmp *t, const char *s)
{
	return ju_tmp_strndup(t, s, strlen(s));
}

void ju_tmp_reset(ju_tmp *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	t->n = 0;
}

void ju_tmp_free(ju_tmp *t)
{
	ju_tmp_reset(t);
	free(t->v);
	t->v = NULL;
	t->cap = 0;
}

int ju_strs_push(ju_strs *l, const char *s)
{
	if (!s || !*s)
		return 0;
	if (CG_ARRAY_GROW(l->v, l->cap, l->n + 1, 8))
		return CG_ENOMEM;
	l->v[l->n++] = s;
	return 0;
}

void ju_strs_free(ju_strs *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int ju_props_push(ju_props *l, const char *name, const char *value)
{
	if (!value || !*value)
		return 0;
	if (CG_ARRAY_GROW(l->v, l->cap, l->n + 1, 16))
		return CG_ENOMEM;
	l->v[l->n].name = name;
	l->v[l->n++].value = value;
	return 0;
}

const char *ju_props_get(const ju_props *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return l->v[i].value;
	return NULL;
}

void ju_props_free(ju_props *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int ju_provs_push(ju_provs *l, const char *file, long line, const char *kase, const char *local_id)
{
	if (CG_ARRAY_GROW(l->v, l->cap, l->n + 1, 4))
		return CG_ENOMEM;
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	l->v[l->n].file = file;
	l->v[l->n].line = line;
	l->v[l->n].case_name = kase;
	l->v[l->n++].local_id = local_id;
	return 0;
}

void ju_provs_free(ju_provs *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

char *ju_type_name(ju_tmp *t, const char *s, int camel)
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

int ju_scan_import(import_file *f, ju_want_fn want, ju_value_fn value, void *ctx,
                   const int *truncated)
{
	FILE *fp = cg_import_fopen(f->path, f->opts->progress, f->opts->progress_ctx);
	ju_scan s;
	int rc;

	if (!fp)
		return cg_error_set(f->err, CG_EIO, f->path, 0, 0, "cannot open: %s",
		                    strerror(errno));
	ju_scan_init(&s, f->opts->max_record, 1, want, value, ctx);
	rc = ju_scan_file(&s, fp);
	fclose(fp);
	if (rc == CG_EIO)
		rc = cg_error_set(f->err, CG_EIO, f->path, 0, 0, "read error");
	else if (rc == CG_ENOMEM)
		rc = cg_error_set(f->err, CG_ENOMEM, f->path, 0, 0, "out of memory");
	else if (rc == CG_EPARSE && *truncated)
		rc = 0;
	else if (rc == CG_EPARSE)
		rc = cg_error_set(f->err, CG_EPARSE, f->path, s.err_line, (int)s.err_col,
		                  "invalid JSON: %s", s.err_msg);
	ju_scan_free(&s);
	return rc;
}
