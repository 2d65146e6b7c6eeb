/* csv_reader: a CSV file read record by record over libcsv (csv_reader.h).
 *
 * libcsv tokenises; this file feeds it one physical line at a time, so that
 * the start of every record is known (line and byte offset), collects the
 * fields of each record within the limits, and recovers from a malformed
 * record by reporting it and resuming on the line after the one it started
 * on. libcsv's callbacks return void: a fatal error is kept in the reader and
 * checked after each csv_parse and csv_fini. */
#include "csv_reader.h"

#include "ahead.h"
#include "cg_array.h"
#include "cg_normalize.h"
#include "cg_strbuf.h"
#include "import_internal.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (1u << 16)

typedef struct reader {
	const char *path;           /* as opened, and as cited in errors */
	const cg_csv_opts *o;       /* the caller's */
	cg_csv_record_fn on_record; /* the caller's callback, and its context */
	void *ctx;
	cg_error *err; /* the caller's, filled on a fatal error of the reader */
	int rc;        /* first fatal error (stops the file) */
	int stop;      /* a callback said CG_CSV_STOP: stop after this line */
	/* position */
	long line;     /* physical line being fed, 1-based */
	long rec_line; /* line the current record started on */
	long rec_off;  /* byte offset where the current record started */
	int between;   /* no record in progress */
	/* the current record */
	cg_strbuf fields;   /* field bytes, each NUL-terminated */
	size_t *off;        /* offset of each field in fields */
	char **ptrs;        /* the fields, as lent to on_record */
	size_t nf, cap;     /* fields kept; room in off and ptrs */
	size_t nseen;       /* fields of the record seen, kept or not */
	int over;           /* the record is bad: CG_ELIMIT (a limit), CG_EPARSE (a NUL) */
	char over_msg[160]; /* why, with over */
	cg_strbuf conv;     /* the line being fed, converted to UTF-8 */
} reader;

void cg_csv_opts_limits(cg_csv_opts *o, const cg_import_opts *io)
{
	o->max_field = io->max_field;
	o->max_record = io->max_record;
	o->max_columns = io->max_columns;
	o->progress = io->progress;
	o->progress_ctx = io->progress_ctx;
}

/* Fails the file for want of memory. Returns CG_ENOMEM. */
static int nomem(reader *r)
{
	return r->rc = cg_error_set(r->err, CG_ENOMEM, r->path, 0, 0, "out of memory");
}

static const unsigned short cp1252_hi[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* Converts n bytes of Latin-1 or Windows-1252 into UTF-8 in out. The five
 * bytes Windows-1252 leaves undefined become the C1 controls of the same
 * number, as in the WHATWG encoding standard. 0 or CG_ENOMEM. */
static int to_utf8(cg_csv_enc enc, const char *s, size_t n, cg_strbuf *out)
{
	cg_strbuf_reset(out);
	if (cg_strbuf_reserve(out, n * 3))
		return CG_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)s[i], cp = c;
		if (c < 0x80) {
			out->buf[out->len++] = (char)c;
			continue;
		}
		if (enc == CG_CSV_CP1252 && c < 0xA0)
			cp = cp1252_hi[c - 0x80];
		if (cp < 0x800) {
			out->buf[out->len++] = (char)(0xC0 | (cp >> 6));
			out->buf[out->len++] = (char)(0x80 | (cp & 0x3F));
		} else {
			out->buf[out->len++] = (char)(0xE0 | (cp >> 12));
			out->buf[out->len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out->buf[out->len++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	out->buf[out->len] = '\0';
	return 0;
}

/* libcsv's field callback: keeps the field, within the limits. A record
 * that breaks one is marked bad (r->over) and keeps no more fields. */
static void on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	const cg_csv_opts *o = r->o;

	if (r->between) {
		r->between = 0;
		r->rec_line = r->line;
	}
	r->nseen++;
	if (r->over)
		return;
	if (r->nf >= o->max_columns) {
		r->over = CG_ELIMIT;
		snprintf(r->over_msg, sizeof r->over_msg, "more than %zu fields in one row",
		         o->max_columns);
		return;
	}
	if (len > o->max_field) {
		r->over = CG_ELIMIT;
		snprintf(r->over_msg, sizeof r->over_msg, "field %zu is longer than %zu bytes",
		         r->nf + 1, o->max_field);
		return;
	}
	if (r->fields.len + len > o->max_record) {
		r->over = CG_ELIMIT;
		snprintf(r->over_msg, sizeof r->over_msg, "row is longer than %zu bytes",
		         o->max_record);
		return;
	}
	if (r->nf == r->cap) {
		/* two arrays of one capacity, set once both have grown */
		size_t cap_off = r->cap, cap_ptrs = r->cap;
		if (CG_ARRAY_GROW(r->off, cap_off, r->nf + 1, 32) ||
		    CG_ARRAY_GROW(r->ptrs, cap_ptrs, r->nf + 1, 32)) {
			nomem(r);
			return;
		}
		r->cap = cap_off;
	}
	r->off[r->nf++] = r->fields.len;
	if (cg_strbuf_append(&r->fields, s ? s : "", s ? len : 0) ||
	    cg_strbuf_putc(&r->fields, '\0')) {
		nomem(r);
	} else if (s && memchr(s, '\0', len)) {
		r->over = CG_EPARSE;
		snprintf(r->over_msg, sizeof r->over_msg, "NUL byte in field %zu", r->nf);
	}
}

/* libcsv's record callback: lends the record to the caller, then forgets it. */
static void on_record(int term, void *data)
{
	reader *r = data;

	(void)term;
	r->between = 1;
	if (!r->rc) {
		cg_csv_record rec = {r->ptrs, r->nf, r->rec_line, r->over, r->over_msg, 0};
		int rc;
		for (size_t i = 0; i < r->nf; i++) {
			r->ptrs[i] = r->fields.buf + r->off[i];
			if (r->o->check_utf8 && !rec.bad_utf8 &&
			    !cg_utf8_valid(r->ptrs[i],
			                   (i + 1 < r->nf ? r->off[i + 1] : r->fields.len) -
			                       r->off[i] - 1))
				rec.bad_utf8 = i + 1;
		}
		rc = r->on_record(r->ctx, &rec);
		if (rc < 0)
			r->rc = rc;
		else if (rc == CG_CSV_STOP)
			r->stop = 1;
	}
	r->nf = 0;
	r->nseen = 0;
	r->over = 0;
	cg_strbuf_reset(&r->fields);
}

/* ASCII blanks, line ends included. */
static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Whether the n bytes at s, a physical line (terminated: with its newline),
 * are padding between records. */
static int padding(const reader *r, const char *s, size_t n, int terminated)
{
	if (!terminated && !r->o->dos_padding)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!blank(s[i]) && !(s[i] == '\x1A' && r->o->dos_padding))
			return 0;
	return 1;
}

/* libcsv's space test: nothing is a space, so no field is trimmed. */
static int never_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

enum { RUN_DONE, RUN_BAD };

/* Feeds the file from offset start (the start of line r->line) to libcsv,
 * one physical line at a time. Returns RUN_DONE at the end of the file
 * (after csv_fini), or early when r->rc or r->stop is set; RUN_BAD with
 * *why set and *code (CG_EPARSE, or CG_ELIMIT for a field over max_field)
 * when the record in progress is malformed. */
static int feed(reader *r, struct csv_parser *p, FILE *f, char *buf, long start, int *code,
                const char **why)
{
	long off = start;
	int at_line_start = 1;

	if (fseek(f, start, SEEK_SET)) {
		r->rc =
		    cg_error_set(r->err, CG_EIO, r->path, 0, 0, "cannot seek: %s", strerror(errno));
		return RUN_DONE;
	}
	for (;;) {
		size_t n = fread(buf, 1, CHUNK, f), pos = 0;
		if (n == 0) {
			if (ferror(f))
				r->rc = cg_error_set(r->err, CG_EIO, r->path, 0, 0,
				                     "read error: %s", strerror(errno));
			break;
		}
		if (off == 0 && n >= 3 && r->o->enc == CG_CSV_UTF8 &&
		    memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			pos = 3;
		while (pos < n) {
			char *nl = memchr(buf + pos, '\n', n - pos);
			size_t len = nl ? (size_t)(nl - (buf + pos)) + 1 : n - pos;
			int pad =
			    at_line_start && r->between && padding(r, buf + pos, len, nl != NULL);
			if (!pad) {
				const char *line = buf + pos;
				size_t llen = len;
				if (at_line_start && r->between) {
					r->rec_line = r->line;
					r->rec_off = off + (long)pos;
					r->between = 0;
				}
				if (r->o->enc != CG_CSV_UTF8) {
					if (to_utf8(r->o->enc, line, llen, &r->conv)) {
						nomem(r);
						return RUN_DONE;
					}
					line = r->conv.buf;
					llen = r->conv.len;
				}
				if (csv_parse(p, line, llen, on_field, on_record, r) != llen) {
					*code = CG_EPARSE;
					*why = "malformed quoting (a quote inside an unquoted "
					       "field, or text after a closing quote)";
					return RUN_BAD;
				}
				if (r->rc || r->stop)
					return RUN_DONE;
				/* the field in progress (entry_pos, quoted: libcsv's public
				 * parser state) over the limit: a huge field, or an
				 * unterminated quote, is cut off here instead of growing
				 * without bound; the message names the limit, as on_field's */
				if (p->entry_pos > r->o->max_field) {
					snprintf(r->over_msg, sizeof r->over_msg,
					         "field %zu is longer than %zu bytes%s",
					         r->nseen + 1, r->o->max_field,
					         p->quoted ? ", or its quote is never closed" : "");
					*code = CG_ELIMIT;
					*why = r->over_msg;
					return RUN_BAD;
				}
				/* libcsv grows its field buffer by blk_size bytes (128 by
				 * default): linear steps make a long field quadratic
				 * wherever realloc copies. Steps as large as the buffer
				 * make the growth geometric. */
				if (p->entry_size > p->blk_size)
					csv_set_blk_size(p, p->entry_size);
			}
			pos += len;
			at_line_start = nl != NULL;
			if (nl)
				r->line++;
		}
		off += (long)n;
	}
	if (!r->rc && !r->stop && csv_fini(p, on_field, on_record, r) != 0) {
		*code = CG_EPARSE;
		*why = "unterminated quoted field";
		return RUN_BAD;
	}
	return RUN_DONE;
}

/* Forgets the malformed record and finds where to resume: the line after
 * the one it started on. */
static int skip_record(reader *r, FILE *f, char *buf, long *resume)
{
	long off = r->rec_off;

	r->nf = 0;
	r->nseen = 0;
	r->over = 0;
	r->between = 1;
	cg_strbuf_reset(&r->fields);
	if (fseek(f, off, SEEK_SET))
		return r->rc = cg_error_set(r->err, CG_EIO, r->path, 0, 0, "cannot seek: %s",
		                            strerror(errno));
	for (;;) {
		size_t n = fread(buf, 1, CHUNK, f);
		char *nl = n ? memchr(buf, '\n', n) : NULL;
		if (nl) {
			off += (long)(nl - buf) + 1;
			break;
		}
		off += (long)n;
		if (n < CHUNK)
			break;
	}
	*resume = off;
	r->line = r->rec_line + 1;
	return 0;
}

/* The reader itself, on the calling thread. */
static int read_csv(const char *path, const cg_csv_opts *opts, cg_csv_record_fn on_record,
                    cg_csv_malformed_fn on_malformed, void *ctx, cg_error *err)
{
	reader r;
	FILE *f = NULL;
	char *buf = NULL;
	long start = 0;

	memset(&r, 0, sizeof r);
	r.path = path;
	r.o = opts;
	r.on_record = on_record;
	r.ctx = ctx;
	r.err = err;
	r.line = 1;
	r.between = 1;
	if (!(buf = malloc(CHUNK))) {
		nomem(&r);
		goto out;
	}
	if (!(f = cg_import_fopen(path, opts->progress, opts->progress_ctx))) {
		r.rc = cg_error_set(err, CG_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
		goto out;
	}
	for (;;) {
		struct csv_parser p;
		const char *why = NULL;
		int res, code = CG_EPARSE;
		if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
			nomem(&r);
			break;
		}
		csv_set_space_func(&p, never_space);
		csv_set_delim(&p, (unsigned char)opts->delim);
		csv_set_blk_size(&p, CHUNK);
		res = feed(&r, &p, f, buf, start, &code, &why);
		csv_free(&p);
		if (r.rc || res == RUN_DONE)
			break;
		if ((res = on_malformed(ctx, r.rec_line, code, why))) {
			if (res < 0)
				r.rc = res;
			break;
		}
		if (skip_record(&r, f, buf, &start))
			break;
	}
out:
	if (f)
		fclose(f);
	free(buf);
	free(r.off);
	free(r.ptrs);
	cg_strbuf_free(&r.fields);
	cg_strbuf_free(&r.conv);
	return r.rc;
}

/* ---- reading ahead on a second thread (cg_csv_opts.read_ahead) ----
 *
 * A thread (ahead.h) runs read_csv and copies what it would have passed to
 * the callbacks (records, malformed records, progress) into batches; the
 * calling thread takes the batches in order and makes the calls. The
 * caller's callbacks run on its own thread only, in the order read_csv
 * would make them, with the same arguments: the reading thread never asks
 * them anything, so it carries on past a malformed record as when
 * on_malformed says 0, and stops when the caller has stopped. */

#define RA_BATCH_BYTES (64u << 10) /* field bytes a batch takes before it is handed over */
#define RA_BATCH_ITEMS 1024        /* items a batch takes before it is handed over */

enum ra_kind { RA_RECORD, RA_MALFORMED, RA_PROGRESS };

typedef struct ra_item {
	int kind;        /* enum ra_kind */
	int code;        /* a record's bad, a malformed record's code */
	long line;       /* the line it started on */
	size_t field0;   /* a record's first field offset, in the batch's offs */
	size_t nfields;  /* a record's fields */
	size_t why;      /* offset of the reason in the batch's bytes (with code) */
	size_t bad_utf8; /* a record's first field that is not UTF-8 (check_utf8) */
	uint64_t done;   /* progress: bytes read */
	uint64_t total;  /* progress: the file's size */
} ra_item;

typedef struct ra {
	ahead q;
	/* the reading thread's */
	const char *path;
	cg_csv_opts o; /* the caller's, progress going into the batches */
	int rc;
	cg_error err;
} ra;

static int ra_on_record(void *ctx, const cg_csv_record *rec)
{
	ra *r = ctx;
	ra_item *it;
	ahead_batch *b;
	int rc;

	if ((rc = ahead_item(&r->q, (void **)&it)))
		return rc;
	b = r->q.cur;
	it->kind = RA_RECORD;
	it->line = rec->line;
	it->code = rec->bad;
	it->field0 = b->n_offs;
	it->nfields = rec->nfields;
	it->bad_utf8 = rec->bad_utf8;
	if (CG_ARRAY_GROW(b->offs, b->cap_offs, b->n_offs + rec->nfields, 1024))
		return CG_ENOMEM;
	/* the fields lie one after another in the reader's buffer */
	if (rec->nfields) {
		const char *first = rec->fields[0], *end = rec->fields[rec->nfields - 1];
		size_t base = b->bytes.len, len = (size_t)(end - first) + strlen(end) + 1;
		if (cg_strbuf_append(&b->bytes, first, len))
			return CG_ENOMEM;
		for (size_t i = 0; i < rec->nfields; i++)
			b->offs[b->n_offs++] = base + (size_t)(rec->fields[i] - first);
	}
	if (rec->bad && (rc = ahead_put(b, rec->why, strlen(rec->why), &it->why)))
		return rc;
	return 0;
}

static int ra_on_malformed(void *ctx, long line, int code, const char *why)
{
	ra *r = ctx;
	ra_item *it;
	int rc;

	if ((rc = ahead_item(&r->q, (void **)&it)))
		return rc;
	it->kind = RA_MALFORMED;
	it->line = line;
	it->code = code;
	return ahead_put(r->q.cur, why, strlen(why), &it->why);
}

static void ra_on_progress(void *ctx, const char *path, uint64_t done, uint64_t total)
{
	ra *r = ctx;
	ra_item *it;

	(void)path;
	if (ahead_item(&r->q, (void **)&it))
		return; /* the caller has stopped, or no memory: the next record fails too */
	it->kind = RA_PROGRESS;
	it->done = done;
	it->total = total;
}

static void *ra_thread(void *arg)
{
	ra *r = arg;

	r->rc = read_csv(r->path, &r->o, ra_on_record, ra_on_malformed, r, &r->err);
	if (r->rc == AHEAD_CANCELLED)
		r->rc = 0;
	else if (r->rc == CG_ENOMEM && !r->err.code) /* a batch could not grow */
		cg_error_set(&r->err, CG_ENOMEM, r->path, 0, 0, "out of memory");
	ahead_finish(&r->q);
	return NULL;
}

#define RA_HINT_GAP 8 /* records between the steps of cg_csv_opts.hint */

/* Pointers to the fields of a batch's records, reused. */
typedef struct ra_fields {
	char **ptrs;
	size_t cap;
} ra_fields;

/* Item it of batch b (a record) as the record callback gets it, its fields
 * in f. 0 or CG_ENOMEM. */
static int ra_record(const ahead_batch *b, const ra_item *it, ra_fields *f, cg_csv_record *rec)
{
	if (it->nfields > f->cap && CG_ARRAY_GROW(f->ptrs, f->cap, it->nfields, 32))
		return CG_ENOMEM;
	for (size_t k = 0; k < it->nfields; k++)
		f->ptrs[k] = b->bytes.buf + b->offs[it->field0 + k];
	*rec = (cg_csv_record){
	    f->ptrs,     it->nfields, it->line, it->code, it->code ? b->bytes.buf + it->why : NULL,
	    it->bad_utf8};
	return 0;
}

static const ra_item *ra_at(const ahead_batch *b, size_t i)
{
	return (const ra_item *)(const void *)(b->items + i * sizeof(ra_item));
}

/* cg_csv_opts.hint for the items 8, 16 and 24 after item i of b (steps 2,
 * 1 and 0), when they are sound records of this batch: called before
 * item i, whatever its kind, so that each record's steps come in order. */
static void ra_hint(const ahead_batch *b, size_t i, const cg_csv_opts *opts, void *ctx,
                    ra_fields *f)
{
	for (int step = 0; step < 3; step++) {
		size_t j = i + (size_t)(3 - step) * RA_HINT_GAP;
		cg_csv_record rec;
		if (j >= b->n_items || ra_at(b, j)->kind != RA_RECORD || ra_at(b, j)->code ||
		    ra_record(b, ra_at(b, j), f, &rec))
			continue;
		opts->hint(ctx, &rec, step);
	}
}

/* The caller's side: every item of batch b, through the callbacks. 1 when
 * a callback stopped reading, 2 when b was the last (*rc then the reading
 * thread's), 0 to go on. */
static int ra_deliver(ra *r, const ahead_batch *b, const cg_csv_opts *opts,
                      cg_csv_record_fn on_record, cg_csv_malformed_fn on_malformed, void *ctx,
                      ra_fields *fields, ra_fields *hints, int *rc)
{
	for (size_t i = 0; i < b->n_items; i++) {
		const ra_item *it = ra_at(b, i);
		int res = 0;
		if (opts->hint)
			ra_hint(b, i, opts, ctx, hints);
		if (it->kind == RA_PROGRESS) {
			if (opts->progress)
				opts->progress(opts->progress_ctx, r->path, it->done, it->total);
			continue;
		}
		if (it->kind == RA_MALFORMED) {
			res = on_malformed(ctx, it->line, it->code, b->bytes.buf + it->why);
		} else {
			cg_csv_record rec;
			if (ra_record(b, it, fields, &rec)) {
				*rc = CG_ENOMEM;
				return 1;
			}
			res = on_record(ctx, &rec);
		}
		if (res) {
			/* a negative code stops at once; CG_CSV_STOP and a malformed
			 * record not passed over stop too (read_ahead's rule) */
			*rc = res < 0 ? res : 0;
			return 1;
		}
	}
	if (b->last) {
		*rc = r->rc;
		return 2;
	}
	return 0;
}

static int read_ahead(const char *path, const cg_csv_opts *opts, cg_csv_record_fn on_record,
                      cg_csv_malformed_fn on_malformed, void *ctx, cg_error *err)
{
	ra *r = calloc(1, sizeof *r);
	ra_fields fields = {NULL, 0}, hints = {NULL, 0};
	int rc = 0, over = 0;

	if (!r || ahead_init(&r->q, sizeof(ra_item), RA_BATCH_ITEMS, RA_BATCH_BYTES,
	                     (size_t)RA_BATCH_ITEMS * 16)) {
		free(r);
		return cg_error_set(err, CG_ENOMEM, path, 0, 0, "out of memory");
	}
	r->path = path;
	r->o = *opts;
	r->o.read_ahead = 0;
	r->o.progress = opts->progress ? ra_on_progress : NULL;
	r->o.progress_ctx = r;
	cg_error_clear(&r->err);
	if (ahead_start(&r->q, ra_thread, r)) {
		/* no thread to be had: read here */
		rc = read_csv(path, opts, on_record, on_malformed, ctx, err);
	} else {
		while (!over) {
			ahead_batch *b = ahead_take(&r->q);
			over = ra_deliver(r, b, opts, on_record, on_malformed, ctx, &fields, &hints,
			                  &rc);
			ahead_give(&r->q, over == 1);
		}
	}
	ahead_free(&r->q);
	if (over == 2 && rc && r->err.code)
		*err = r->err;
	free(fields.ptrs);
	free(hints.ptrs);
	free(r);
	return rc;
}

int cg_csv_read(const char *path, const cg_csv_opts *opts, cg_csv_record_fn on_record,
                cg_csv_malformed_fn on_malformed, void *ctx, cg_error *err)
{
	if (opts->read_ahead)
		return read_ahead(path, opts, on_record, on_malformed, ctx, err);
	return read_csv(path, opts, on_record, on_malformed, ctx, err);
}
