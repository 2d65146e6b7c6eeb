/* The report importer: threat-intelligence reports in Markdown or plain text
 * become cases (docs/REPORTS.md). This file reads a report line by line,
 * passes each line through the three layers (report_internal.h describes
 * them), and records what they find, each record citing the file and line.
 *
 * A "row" of a report is a line: read counts every line, rejected the lines
 * refused (too long, invalid UTF-8, a NUL byte, or a record the graph
 * refused), imported the others, so read = imported + rejected. */
#include "report_internal.h"

#include "cg_array.h"
#include "cg_normalize.h"
#include "import_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK           (1u << 16)
#define PROV_PER_REPORT 1 /* lines of one report an entity or link cites, at most */
#define ALIAS_RECORDS   4 /* more lines for records that bring aliases */

/* ---- the import context ---- */

/* Records that a record of this line was refused by the graph (the first
 * reason is reported when the line ends). */
static void line_problem(rctx *c, const cg_error *gerr)
{
	if (c->line_bad)
		return;
	c->line_bad = 1;
	cg_error_set(&c->line_diag, gerr->code ? gerr->code : CG_EPARSE, c->in->path, c->line, 0,
	             "%s", gerr->message);
}

int fatal_nomem(rctx *c)
{
	return c->rc =
	           cg_error_set(c->in->err, CG_ENOMEM, c->in->path, c->line, 0, "out of memory");
}

/* Adds an entity record with this line's provenance. 0 done, 1 refused (the
 * line is marked), < 0 fatal (c->rc set). */
/* What a report mentions was seen when the report was published: its
 * front matter's date, else its copyright year (docs/MODEL.md, "Time
 * spans"); NULL when unknown. */
static const char *report_date(const rctx *c)
{
	if (c->m_date.len)
		return c->m_date.buf;
	return c->m_year[0] ? c->m_year : NULL;
}

int add_entity(rctx *c, cg_entity_rec *rec, cg_eid *out)
{
	cg_prov prov = {c->in->path, c->line, c->kase,        NULL,
	                NULL,        0,       report_date(c), report_date(c)};
	cg_error gerr;
	int rc;

	rec->prov = &prov;
	rec->n_prov = 1;
	rc = import_add_entity(c->in, rec, out, &gerr);
	if (rc < 0)
		return fatal_nomem(c);
	if (rc)
		line_problem(c, &gerr);
	return rc;
}

static int add_link(rctx *c, const char *type, cg_eid src, cg_eid dst, const cg_prop *props,
                    size_t np)
{
	cg_prov prov = {c->in->path, c->line, c->kase,        NULL,
	                NULL,        0,       report_date(c), report_date(c)};
	cg_link_rec rec = CG_LINK_REC_INIT;
	cg_error gerr;
	int rc;

	if (src == dst)
		return 0;
	rec.type = type;
	rec.source = src;
	rec.target = dst;
	rec.prov = &prov;
	rec.n_prov = 1;
	rec.props = props;
	rec.n_props = np;
	rc = import_add_link(c->in, &rec, NULL, &gerr);
	if (rc < 0)
		return fatal_nomem(c);
	if (rc)
		line_problem(c, &gerr);
	return rc;
}

/* The cache entry of key: 1 and *slot when present, else 0 with a new
 * entry in *slot (count 0). < 0 when out of memory. */
static int cache_slot(rctx *c, cg_map64 *m, uint64_t key, struct cached **slot)
{
	uint32_t v;

	if (cg_map64_get(m, key, &v)) {
		*slot = &c->cache[v];
		return 1;
	}
	if (CG_ARRAY_GROW(c->cache, c->capcache, c->ncache + 1, 256))
		return fatal_nomem(c);
	if (c->ncache >= UINT32_MAX - 1 || cg_map64_put(m, key, (uint32_t)c->ncache))
		return fatal_nomem(c);
	*slot = &c->cache[c->ncache++];
	memset(*slot, 0, sizeof **slot);
	return 0;
}

/* Adds an entity record of this report, identified by type and ident[0..n)
 * (its normalised value). An entity cites each line once and at most
 * PROV_PER_REPORT lines of one report: the graph's provenance lists grow
 * with every record, and a name repeated on thousands of lines of one
 * report would make them quadratic. *out is set in every case. 0, 1 when
 * the graph refused the record, < 0 fatal. */
int report_entity_add(rctx *c, const char *ident, size_t n, cg_entity_rec *rec, cg_eid *out)
{
	uint64_t key =
	    cg_hash_u64(cg_hash_bytes(rec->type, strlen(rec->type)) * 31 + cg_hash_bytes(ident, n));
	struct cached *slot;
	int rc = cache_slot(c, &c->ecache, key, &slot);

	if (rc < 0)
		return rc;
	/* a record with aliases ("X (formerly Y)") is added even past the
	 * limit (a few times): its names would be lost otherwise */
	if (rc == 1 &&
	    (slot->line == c->line ||
	     slot->count >= PROV_PER_REPORT + (rec->n_aliases ? ALIAS_RECORDS : 0)) &&
	    strcmp(cg_entity_type_name(c->in->g, slot->eid), rec->type) == 0) {
		*out = slot->eid;
		return 0;
	}
	if ((rc = add_entity(c, rec, out)))
		return rc;
	slot->eid = *out;
	slot->count++;
	slot->line = c->line;
	return 0;
}

static const cg_prop neg_prop = {"negated", "true"};

/* add_link, cited at most once per line and PROV_PER_REPORT lines per
 * report (as report_entity_add). */
int report_link(rctx *c, const char *type, cg_eid src, cg_eid dst, int negated)
{
	uint64_t key = cg_hash_u64(((uint64_t)src << 32 | dst) ^ cg_hash_bytes(type, strlen(type)) ^
	                           (negated ? 0x9e3779b97f4a7c15u : 0));
	struct cached *slot;
	int rc = cache_slot(c, &c->lcache, key, &slot);

	if (rc < 0)
		return rc;
	if (rc == 1 && (slot->line == c->line || slot->count >= PROV_PER_REPORT))
		return 0;
	if ((rc = add_link(c, type, src, dst, negated ? &neg_prop : NULL, negated ? 1 : 0)))
		return rc;
	slot->count++;
	slot->line = c->line;
	return 0;
}

int report_tie(rctx *c, const char *type, cg_eid src, cg_eid dst, const cg_prop *props, size_t np)
{
	uint64_t key = cg_hash_u64(((uint64_t)src << 32 | dst) ^ cg_hash_bytes(type, strlen(type)) ^
	                           0x5851f42d4c957f2du);
	struct cached *slot = NULL;
	int rc = cache_slot(c, &c->lcache, key, &slot);

	if (rc < 0)
		return rc;
	if (rc == 1)
		return 0; /* one tie of a type between two entities per report: the first sentence
		           */
	if ((rc = add_link(c, type, src, dst, props, np)))
		return rc;
	slot->count++;
	slot->line = c->line;
	return 0;
}

int mention(rctx *c, cg_eid e, int negated)
{
	return c->have_report ? report_link(c, "mentions", c->report, e, negated) : 0;
}

/* The report's own entity, made on line 1 with the title, publisher and year
 * found so far (all flags set: a later line found one more, merged in). */
int report_entity(rctx *c, int title, int pub, int year)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	cg_prop props[5] = {{"document_type", "report"}};
	size_t np = 1;
	cg_eid e;
	int rc;

	if (title && c->m_title.len)
		props[np].name = "title", props[np++].value = c->m_title.buf;
	if (pub && c->m_pub.len)
		props[np].name = "publisher", props[np++].value = c->m_pub.buf;
	if (year && c->m_year[0])
		props[np].name = "year", props[np++].value = c->m_year;
	if (c->m_date.len)
		props[np].name = "published", props[np++].value = c->m_date.buf;
	rec.type = "document";
	rec.name = cg_strbuf_cstr(&c->stem);
	rec.props = props;
	rec.n_props = np;
	if ((rc = add_entity(c, &rec, &e)))
		return rc < 0 ? rc : 0;
	c->report = e;
	c->have_report = 1;
	return 0;
}

int report_reference(rctx *c, const char *url, size_t n)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	/* the document's key is its document_type and name: without the type
	 * the record would make a second document */
	cg_prop props[2] = {{"document_type", "report"}, {"references", NULL}};
	cg_eid e;
	int rc;

	if (!c->have_report)
		return 0;
	cg_strbuf_reset(&c->val2);
	if (cg_strbuf_append(&c->val2, url, n) || !cg_strbuf_cstr(&c->val2))
		return fatal_nomem(c);
	props[1].value = c->val2.buf;
	rec.type = "document";
	rec.name = cg_strbuf_cstr(&c->stem);
	rec.props = props;
	rec.n_props = 2;
	rc = add_entity(c, &rec, &e);
	return rc < 0 ? rc : 0;
}

/* Whether the file defangs an indicator somewhere ("[.]", "hxxp", "[@]"
 * ...): read once ahead, through its own handle; 0 when it cannot be read
 * (the lines are then read as they come). */
static int fanged_file(const char *path)
{
	static const char *const marks[] = {"[.]", "[dot]", "(.)", "hxxp", "[:]", "[@]", "[at]"};
	char buf[CHUNK + 8];
	size_t keep = 0, n;
	int found = 0;
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	while (!found && (n = fread(buf + keep, 1, CHUNK, f)) > 0) {
		size_t len = keep + n;
		for (size_t i = 0; i < len && !found; i++) {
			int ch = buf[i];
			if (ch != '[' && ch != '(' && ch != 'h' && ch != 'H')
				continue;
			for (size_t k = 0; k < NELEM(marks) && !found; k++) {
				size_t l = strlen(marks[k]);
				found = i + l <= len && strncasecmp(buf + i, marks[k], l) == 0;
			}
		}
		keep = len < 5 ? len : 5;
		memmove(buf, buf + len - keep, keep);
	}
	fclose(f);
	return found;
}

/* ---- lines ---- */

/* Rejects the current line with code and msg (a bad line breaks the
 * paragraph: nothing runs on past it). Returns c->rc: nonzero (CG_EREJECT
 * in strict mode) stops the file. */
static int reject_line(rctx *c, int code, const char *msg)
{
	cg_error diag;
	int rc;

	c->prev_kind = KIND_BLANK;
	c->clause_open = 0;
	cg_error_set(&diag, code, c->in->path, c->line, 0, "%s", msg);
	if ((rc = import_reject(c->in->imp, c->in->st, &diag, c->in->err)))
		c->rc = rc;
	return c->rc;
}

/* One line of the report, s[0..n) without its newline (over: it was longer
 * than max_record, and s is empty): counted, checked, then passed through
 * the layers. Nonzero (c->rc: a fatal error, or CG_EREJECT in strict mode)
 * stops the file. */
static int handle_line(rctx *c, char *s, size_t n, int over)
{
	const char *row;
	size_t rn;
	int rc;

	c->line++;
	c->in->st->read++;
	c->rows++;
	if (n && s[n - 1] == '\r')
		n--;
	if (c->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	}
	if (!c->have_report && (rc = report_entity(c, 1, 1, 1)) < 0)
		return rc;
	if (over) {
		char msg[80];
		snprintf(msg, sizeof msg, "line is longer than %zu bytes", c->in->opts->max_record);
		return reject_line(c, CG_ELIMIT, msg);
	}
	if (memchr(s, '\0', n))
		return reject_line(c, CG_EPARSE, "NUL byte in line");
	if (!cg_utf8_valid(s, n))
		return reject_line(c, CG_EPARSE, "invalid UTF-8");
	c->line_bad = 0;
	c->npairs = 0;
	c->kind = KIND_BLANK;
	row = s;
	rn = n;
	if (aligned_row(c, &row, &rn) < 0 || clean_line(c, row, rn))
		return fatal_nomem(c);
	if ((rc = take_structure(c)) < 0 || c->rc)
		return c->rc ? c->rc : rc;
	if (c->line > c->meta_lines && (rc = late_meta(c, s, n)) < 0)
		return rc;
	if (ner_line_begin(c) < 0)
		return c->rc;
	if (scan_indicators(c) || scan_names(c) || ner_line_end(c) < 0 ||
	    pair_hosts(c, c->clean.len && c->clean.buf[0] == '|') < 0)
		return c->rc;
	if (c->rc)
		return c->rc;
	c->prev_kind = c->kind;
	if (c->line_bad) {
		if ((rc = import_reject(c->in->imp, c->in->st, &c->line_diag, c->in->err)))
			c->rc = rc;
		return c->rc;
	}
	c->in->st->imported++;
	return 0;
}

/* Reads the file line by line; a line longer than max_record is not kept in
 * memory but reported. */
static int read_lines(rctx *c, FILE *f)
{
	char *buf = malloc(CHUNK);
	cg_strbuf line = CG_STRBUF_INIT;
	size_t max = c->in->opts->max_record;
	int over = 0, pending = 0;

	if (!buf)
		return fatal_nomem(c);
	while (!c->rc) {
		size_t n = fread(buf, 1, CHUNK, f), pos = 0;
		if (n == 0) {
			if (ferror(f))
				c->rc = cg_error_set(c->in->err, CG_EIO, c->in->path, 0, 0,
				                     "read error: %s", strerror(errno));
			break;
		}
		while (pos < n && !c->rc) {
			char *nl = memchr(buf + pos, '\n', n - pos);
			size_t len = nl ? (size_t)(nl - (buf + pos)) : n - pos;
			pending = 1;
			if (!over && line.len + len > max) {
				over = 1;
				cg_strbuf_reset(&line);
			}
			if (!over && cg_strbuf_append(&line, buf + pos, len)) {
				fatal_nomem(c);
				break;
			}
			pos += len;
			if (nl) {
				pos++;
				handle_line(c, line.buf ? line.buf : (char *)"", line.len, over);
				cg_strbuf_reset(&line);
				over = 0;
				pending = 0;
				if (c->in->opts->max_rows && c->rows >= c->in->opts->max_rows)
					goto done;
			}
		}
	}
	if (!c->rc && pending)
		handle_line(c, line.buf ? line.buf : (char *)"", line.len, over);
done:
	free(buf);
	cg_strbuf_free(&line);
	return c->rc;
}

/* The file's name without directory and last extension. */
static int file_stem(const char *path, cg_strbuf *out)
{
	const char *b = strrchr(path, '/');
	const char *dot;
	size_t n;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	n = dot && dot > b ? (size_t)(dot - b) : strlen(b);
	cg_strbuf_reset(out);
	if (cg_strbuf_append(out, b, n))
		return CG_ENOMEM;
	int alnum = 0;
	for (size_t i = 0; i < out->len; i++)
		alnum |= is_alnum(UC(out->buf, i));
	if (!alnum || !cg_utf8_valid(out->buf, out->len)) {
		cg_strbuf_reset(out);
		return cg_strbuf_puts(out, "report");
	}
	return 0;
}

static int run_report(import_file *in)
{
	rctx c;
	FILE *f = NULL;
	int tlds;

	memset(&c, 0, sizeof c);
	c.in = in;
	c.lbl_indent = -1;
	c.neg_carry = c.carry_in = -1;
	tlds = tlds_load();
	c.countries = country_automaton();
	if (tlds || !c.countries || file_stem(in->path, &c.stem)) {
		c.rc = cg_error_set(in->err, CG_ENOMEM, in->path, 0, 0, "out of memory");
		goto out;
	}
	/* a report is a case of its own: by default the file's stem, not the
	 * directory's name that in->kase holds */
	if (in->opts->case_name && *in->opts->case_name)
		c.kase = in->opts->case_name;
	else
		c.kase = cg_strbuf_cstr(&c.stem);
	if (in->opts->gazetteer && cg_graph_entity_count(in->opts->gazetteer)) {
		if (gazetteer_automaton(in->imp, in->opts->gazetteer, &c.gaz)) {
			c.rc = cg_error_set(in->err, CG_ENOMEM, in->path, 0, 0, "out of memory");
			goto out;
		}
		c.gazg = in->opts->gazetteer;
	}
	c.fanged_report = fanged_file(in->path);
	if (!(f = cg_import_fopen(in->path, in->opts->progress, in->opts->progress_ctx))) {
		c.rc = cg_error_set(in->err, CG_EIO, in->path, 0, 0, "cannot open: %s",
		                    strerror(errno));
		goto out;
	}
	if (!read_meta(&c, f) && !read_lines(&c, f) && ner_finish(&c) >= 0 && !c.rc)
		names_finish(&c);
out:
	ner_free(&c);
	if (f)
		fclose(f);
	cg_strbuf_free(&c.stem);
	cg_strbuf_free(&c.al_prevline);
	cg_strbuf_free(&c.al_row);
	cg_strbuf_free(&c.m_title);
	cg_strbuf_free(&c.m_date);
	cg_strbuf_free(&c.m_pub);
	cg_strbuf_free(&c.unesc);
	cg_strbuf_free(&c.clean);
	cg_strbuf_free(&c.names);
	cg_strbuf_free(&c.val);
	cg_strbuf_free(&c.val2);
	cg_strbuf_free(&c.item);
	cg_strbuf_free(&c.tmp);
	normer_free(&c.nm);
	free(c.fang);
	free(c.spans);
	free(c.cache);
	cg_map64_free(&c.ecache);
	cg_map64_free(&c.lcache);
	cg_map64_free(&c.gazmade);
	free(c.negs);
	free(c.pairs);
	free(c.matches);
	free((void *)c.keys);
	free((void *)c.aliases);
	return c.rc;
}

/* A report: named .md, .markdown or .txt, or text with a Markdown heading
 * ("# ", "## " ... at the start of a line). */
static int sniff_report(const char *head, size_t len, const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	const char *end = head + len;

	if (dot && (!slash || dot > slash) &&
	    (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".markdown") == 0 ||
	     strcasecmp(dot, ".txt") == 0))
		return 1;
	for (const char *line = head; line < end;) {
		const char *h = line;
		while (h < end && *h == '#')
			h++;
		if (h > line && h - line <= 6 && h < end && *h == ' ')
			return 1;
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			break;
		line = nl + 1;
	}
	return 0;
}

const import_format import_fmt_report = {
    .fmt = CG_FMT_REPORT, .name = "report", .json = 0, .sniff = sniff_report, .run = run_report};
