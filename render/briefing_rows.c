/* What each section of the briefing shows, chosen once for briefing.md
 * (briefing.c) and briefing.html (briefing_html.c): the brokers listed,
 * the facilitators whose records are cited, the screening hits, the
 * timeline's events, the facts of a money flow, a shortened name. */
#include "briefing_internal.h"

#include <stdlib.h>
#include <string.h>

size_t brief_top(const cg_report_input *in)
{
	return in->top ? in->top : BRIEF_TOP;
}

int brief_broker_listed(const cg_broker *r)
{
	/* an entity no shortest path runs through brokers nothing */
	return r->betweenness > 0 || r->articulation;
}

size_t brief_seeds(const cg_brokers *b, size_t max)
{
	size_t n = 0;

	while (b && n < b->n && n < max && b->rows[n].betweenness > 0)
		n++;
	return n;
}

size_t brief_screen_hits(const cg_screen_row *rows, size_t n, size_t *first)
{
	size_t hits = 0;

	if (first)
		*first = n;
	for (size_t i = 0, j; i < n; i = j) {
		int hit;
		j = cg_screen_group(rows, n, i, &hit);
		if (hit && !hits++ && first)
			*first = i;
	}
	return hits;
}

const char *const brief_listing_props[] = {
    "program", "programs", "list_id", "ofac_id", "sdn_id", "listed_on", "listing_date", NULL,
};

int brief_timeline(const cg_graph *g, const cg_report_input *in, cg_timeline **out, cg_error *err)
{
	return cg_timeline_compute(g, CG_TIMELINE_CASE, in->shared, out, err);
}

void brief_flow_of(const cg_graph *g, cg_lid l, brief_flow *f)
{
	memset(f, 0, sizeof *f);
	cg_link_amount(g, l, &f->amount, &f->currency);
	f->from = cg_link_source(g, l);
	f->to = cg_link_target(g, l);
	f->date = cg_link_prop(g, l, "date");
}

int brief_short(cg_strbuf *sb, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return cg_strbuf_puts(sb, s);
	n = max;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--; /* not inside a UTF-8 sequence */
	while (n && s[n - 1] == ' ')
		n--;
	if (cg_strbuf_append(sb, s, n) || cg_strbuf_puts(sb, "\xe2\x80\xa6"))
		return CG_ENOMEM;
	return 0;
}

/* ---- what the reports say ---- */

/* The entity kinds a report's own section lists: who and what it names
 * that is not an indicator (those are in the shared infrastructure). */
static int named_kind(cg_entity_type t)
{
	return t == CG_ET_PERSON || t == CG_ET_COMPANY || t == CG_ET_ORGANIZATION ||
	       t == CG_ET_ADDRESS || t == CG_ET_PHONE || t == CG_ET_BANK_ACCOUNT ||
	       t == CG_ET_WALLET;
}

/* The report whose file is file, by binary search of the sorted reports;
 * NULL when none. */
static brief_report *report_of(brief_reports *rs, const char *file)
{
	size_t lo = 0, hi = rs->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(file, rs->r[mid].file);
		if (!c)
			return &rs->r[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int by_file(const void *a, const void *b)
{
	const brief_report *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	return c ? c : (x->doc > y->doc) - (x->doc < y->doc);
}

static int by_line(const void *a, const void *b)
{
	const brief_item *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Appends an item to the list *items of report r (r->n_named or r->n_ties). */
static int add_item(brief_item **items, size_t *n, size_t *cap, uint32_t id, long line, int rank)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 8;
		brief_item *p = realloc(*items, c * sizeof *p);
		if (!p)
			return CG_ENOMEM;
		*items = p;
		*cap = c;
	}
	(*items)[(*n)++] = (brief_item){id, line, rank};
	return 0;
}

/* Reports with more typed ties first, then more to show, then by file. */
static int by_weight(const void *a, const void *b)
{
	const brief_report *x = *(const brief_report *const *)a;
	const brief_report *y = *(const brief_report *const *)b;
	size_t wx = x->n_named + x->n_ties, wy = y->n_named + y->n_ties;
	if (x->n_typed != y->n_typed)
		return x->n_typed > y->n_typed ? -1 : 1;
	if (wx != wy)
		return wx > wy ? -1 : 1;
	return strcmp(x->file, y->file);
}

int brief_reports_of(const cg_graph *g, size_t max, brief_reports *out)
{
	size_t ne = cg_graph_entity_count(g), nl = cg_graph_link_count(g), cap = 0;
	size_t *named_cap = NULL, *tie_cap = NULL;
	int rc = CG_ENOMEM;

	memset(out, 0, sizeof *out);
	/* the reports: documents of type report, by the file that made them */
	for (cg_eid e = 0; e < ne; e++) {
		const char *dt;
		cg_iter it;
		cg_prov p;
		if (cg_entity_type_of(g, e) != CG_ET_DOCUMENT ||
		    !(dt = cg_entity_prop(g, e, "document_type")) || strcmp(dt, "report") != 0)
			continue;
		it = cg_entity_provs(g, e);
		if (!cg_iter_next_prov(g, &it, &p) || !p.file)
			continue;
		if (out->n == cap) {
			size_t c = cap ? 2 * cap : 8;
			brief_report *r = realloc(out->r, c * sizeof *r);
			if (!r)
				goto fail;
			out->r = r;
			cap = c;
		}
		memset(&out->r[out->n], 0, sizeof out->r[0]);
		out->r[out->n].doc = e;
		out->r[out->n++].file = p.file;
	}
	if (!out->n)
		return 0;
	qsort(out->r, out->n, sizeof *out->r, by_file);
	if (!(out->shown = malloc(out->n * sizeof *out->shown)) ||
	    !(named_cap = calloc(out->n, sizeof *named_cap)) ||
	    !(tie_cap = calloc(out->n, sizeof *tie_cap)))
		goto fail;
	/* what each names: its records, by their first line in the report */
	for (cg_eid e = 0; e < ne; e++) {
		cg_iter it;
		cg_prov p;
		brief_report *last = NULL;
		if (!named_kind(cg_entity_type_of(g, e)))
			continue;
		it = cg_entity_provs(g, e);
		while (cg_iter_next_prov(g, &it, &p)) {
			brief_report *r = p.file ? report_of(out, p.file) : NULL;
			if (!r || r == last)
				continue; /* a report's records of one entity come together */
			last = r;
			if (r->n_named && r->named[r->n_named - 1].id == e)
				continue;
			if (add_item(&r->named, &r->n_named, &named_cap[r - out->r], e, p.line, 0))
				goto fail;
		}
	}
	/* the ties its sentences state: links with evidence */
	for (cg_lid l = 0; l < nl; l++) {
		const char *conf;
		cg_iter it;
		cg_prov p;
		brief_report *r;
		if (!cg_link_prop(g, l, "evidence"))
			continue;
		conf = cg_link_prop(g, l, "confidence");
		it = cg_link_provs(g, l);
		while (cg_iter_next_prov(g, &it, &p)) {
			if (!p.file || !(r = report_of(out, p.file)))
				continue;
			if (add_item(&r->ties, &r->n_ties, &tie_cap[r - out->r], l, p.line,
			             conf && strcmp(conf, "high") == 0 ? 0 : 1))
				goto fail;
			break; /* once per link: its first record in a report */
		}
	}
	for (size_t i = 0; i < out->n; i++) {
		brief_report *r = &out->r[i];
		const char *denied;
		if (r->n_named || r->n_ties || brief_denied(g, r->doc, &denied, 1))
			out->shown[out->total++] = r;
		if (r->n_named)
			qsort(r->named, r->n_named, sizeof *r->named, by_line);
		if (r->n_ties)
			qsort(r->ties, r->n_ties, sizeof *r->ties, by_line);
		for (size_t k = 0; k < r->n_ties; k++)
			r->n_typed += r->ties[k].rank == 0;
	}
	qsort(out->shown, out->total, sizeof *out->shown, by_weight);
	out->n_shown = out->total < max ? out->total : max;
	rc = 0;
fail:
	free(named_cap);
	free(tie_cap);
	if (rc)
		brief_reports_free(out);
	return rc;
}

void brief_reports_free(brief_reports *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->r[i].named);
		free(rs->r[i].ties);
	}
	free(rs->r);
	free(rs->shown);
	memset(rs, 0, sizeof *rs);
}

size_t brief_denied(const cg_graph *g, cg_eid doc, const char **out, size_t max)
{
	cg_iter it = cg_entity_props(g, doc);
	const char *name, *value;
	size_t n = 0;

	while (cg_iter_next_prop(g, &it, &name, &value))
		if (strcmp(name, "negated_mentions") == 0) {
			if (n < max)
				out[n] = value;
			n++;
		}
	return n;
}

size_t brief_sentence_ties(const cg_graph *g, const brief_report *r, size_t k)
{
	const char *ev = cg_link_prop(g, r->ties[k].id, "evidence");
	size_t n = 1;

	while (k + n < r->n_ties && r->ties[k + n].line == r->ties[k].line &&
	       strcmp(cg_link_prop(g, r->ties[k + n].id, "evidence"), ev) == 0)
		n++;
	return n;
}

const char brief_reports_intro[] =
    "The persons, companies, addresses, phones, accounts and wallets that the threat reports "
    "among the inputs name (their indicators are in section 4), and the ties their sentences "
    "state, by sentence: typed where a cue says so (director of, owns, registered at ...), "
    "else mentioned with (one sentence). A name a report mentions only to deny or doubt it is "
    "no entity and is listed apart.";
