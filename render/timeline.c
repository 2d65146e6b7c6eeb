/* The timeline (cg_render.h, docs/RENDER.md "Timeline"): the dated links
 * and observations of the graph in time order, one lane per case or per
 * entity; payments with their amounts; the first and last sight of the
 * shared infrastructure (cg_shared's spans per case). Written as a text
 * table or as DOT laid out left to right: a column per month, a row per
 * lane, a cell per (lane, month) summing its events.
 *
 * Dates are read as docs/MODEL.md "Time spans" says: a record's
 * first_seen / last_seen, else a link's date; a timestamp counts as its
 * day; a value cg_parse_date cannot read is no date. Dates are compared as
 * the text cg_parse_date writes (YYYY, YYYY-MM, YYYY-MM-DD), so a year
 * sorts before the months of that year. */
#include "timeline.h"

#include "cg_parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define TL_CASES 16 /* cases read per record (cg_entity_cases) */
#define TL_LANES 8  /* lanes drawn; the rest one "other" lane */
#define TL_CELL  4  /* lines of a cell */
#define TL_NAME  24 /* code points of a name in a cell */
#define TL_FONT  14 /* points: 12 px and more on a 1280x720 slide */

static const char *const by_names[CG_TIMELINE_BY_COUNT] = {"case", "entity"};

const char *cg_timeline_by_to_string(cg_timeline_by b)
{
	return (int)b >= 0 && b < CG_TIMELINE_BY_COUNT ? by_names[b] : NULL;
}

cg_timeline_by cg_timeline_by_from_string(const char *s)
{
	int i = cg_name_index(by_names, CG_TIMELINE_BY_COUNT, s);
	return i < 0 ? CG_TIMELINE_BY_COUNT : (cg_timeline_by)i;
}

void cg_timeline_free(cg_timeline *t)
{
	if (!t)
		return;
	free(t->events);
	free(t);
}

/* The date s as cg_parse_date writes it into out (a timestamp: its day):
 * 0, or -1 when s is empty or no date. */
static int day_of(const char *s, char out[CG_DAY_LEN], cg_strbuf *sb)
{
	size_t n;

	if (!s || !*s)
		return -1;
	n = strlen(s);
	if (n > 10 && (s[10] == 'T' || s[10] == 't' || s[10] == ' ') && s[4] == '-')
		n = 10;
	cg_strbuf_reset(sb);
	if (cg_parse_date(s, n, sb, NULL) || sb->len >= CG_DAY_LEN)
		return -1;
	memcpy(out, sb->buf, sb->len + 1);
	return 0;
}

typedef struct tctx {
	const cg_graph *g;
	cg_timeline_by by;
	cg_timeline *t;
	size_t cap;
	cg_strbuf sb;
} tctx;

static cg_event *add(tctx *c)
{
	if (c->t->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		cg_event *ev = realloc(c->t->events, cap * sizeof *ev);
		if (!ev)
			return NULL;
		c->t->events = ev;
		c->cap = cap;
	}
	cg_event *e = &c->t->events[c->t->n++];
	memset(e, 0, sizeof *e);
	e->entity = CG_NO_ENTITY;
	e->link = CG_NO_LINK;
	e->lane_entity = CG_NO_ENTITY;
	return e;
}

/* One span per case (or one for all, by entity) of the records it, an
 * entity's or a link's provenance iterator, yields. */
typedef struct span {
	const char *kase;
	char lo[CG_DAY_LEN], hi[CG_DAY_LEN];
	const char *file;
	long line;
} span;

/* Gathers the spans of records into s (at most TL_CASES), by case unless
 * by entity; a link's records without a span take its date. Returns the
 * spans filled. */
static size_t spans_of(tctx *c, cg_iter it, const char *date, span *s)
{
	cg_prov p;
	size_t n = 0;
	char lo[CG_DAY_LEN], hi[CG_DAY_LEN];

	while (cg_iter_next_prov(c->g, &it, &p)) {
		const char *first = p.first_seen, *last = p.last_seen;
		if ((!first || !*first) && (!last || !*last))
			first = last = date;
		int has_lo = !day_of(first, lo, &c->sb), has_hi = !day_of(last, hi, &c->sb);
		if (!has_lo && !has_hi)
			continue;
		if (!has_lo)
			memcpy(lo, hi, sizeof lo);
		if (!has_hi)
			memcpy(hi, lo, sizeof hi);
		const char *k = c->by == CG_TIMELINE_CASE ? p.case_name : NULL;
		size_t i;
		for (i = 0; i < n && s[i].kase != k && (!k || !s[i].kase || strcmp(s[i].kase, k));
		     i++)
			;
		if (i == n) {
			if (n == TL_CASES)
				continue;
			s[n].kase = k;
			memcpy(s[n].lo, lo, sizeof lo);
			memcpy(s[n].hi, hi, sizeof hi);
			s[n].file = p.file;
			s[n++].line = p.line;
			continue;
		}
		if (strcmp(lo, s[i].lo) < 0) {
			memcpy(s[i].lo, lo, sizeof lo);
			s[i].file = p.file;
			s[i].line = p.line;
		}
		if (strcmp(hi, s[i].hi) > 0)
			memcpy(s[i].hi, hi, sizeof hi);
	}
	return n;
}

/* The lane of an event: its case, or by entity the entity's name. */
static void set_lane(tctx *c, cg_event *ev, const char *kase, cg_eid e)
{
	if (c->by == CG_TIMELINE_CASE) {
		ev->lane = kase;
	} else {
		ev->lane_entity = e;
		ev->lane =
		    cg_entity_name(c->g, e) ? cg_entity_name(c->g, e) : cg_entity_id(c->g, e);
	}
}

static int links(tctx *c)
{
	span s[TL_CASES];
	size_t m = cg_graph_link_count(c->g);

	for (cg_lid l = 0; l < m; l++) {
		size_t n = spans_of(c, cg_link_provs(c->g, l), cg_link_prop(c->g, l, "date"), s);
		if (!n)
			c->t->undated++;
		for (size_t i = 0; i < n; i++) {
			cg_event *ev = add(c);
			int64_t amt;
			const char *cur;
			if (!ev)
				return CG_ENOMEM;
			memcpy(ev->day, s[i].lo, sizeof ev->day);
			ev->link = l;
			ev->entity = cg_link_source(c->g, l);
			ev->kind =
			    cg_link_amount(c->g, l, &amt, &cur) ? CG_EVENT_PAYMENT : CG_EVENT_LINK;
			ev->file = s[i].file;
			ev->line = s[i].line;
			set_lane(c, ev, s[i].kase, ev->entity);
		}
	}
	return 0;
}

/* An entity's own dated records: when each case (or any) saw it. */
static int observations(tctx *c)
{
	span s[TL_CASES];
	size_t n_ent = cg_graph_entity_count(c->g);

	for (cg_eid e = 0; e < n_ent; e++) {
		size_t n = spans_of(c, cg_entity_provs(c->g, e), NULL, s);
		for (size_t i = 0; i < n; i++) {
			cg_event *ev = add(c);
			if (!ev)
				return CG_ENOMEM;
			memcpy(ev->day, s[i].lo, sizeof ev->day);
			if (strcmp(s[i].hi, s[i].lo))
				memcpy(ev->until, s[i].hi, sizeof ev->until);
			ev->kind = CG_EVENT_SEEN;
			ev->entity = e;
			ev->file = s[i].file;
			ev->line = s[i].line;
			set_lane(c, ev, s[i].kase, e);
		}
	}
	return 0;
}

/* The first and last sight of each shared entity over all its cases. */
static int sights(tctx *c, const cg_shared *sh)
{
	for (size_t r = 0; sh && r < sh->n; r++) {
		const cg_shared_row *row = &sh->rows[r];
		char lo[CG_DAY_LEN] = "", hi[CG_DAY_LEN] = "", d[CG_DAY_LEN];
		size_t ilo = SIZE_MAX, ihi = SIZE_MAX;
		if (!row->first_seen)
			continue;
		for (size_t i = 0; i < row->n_cases; i++) {
			if (!day_of(row->first_seen[i], d, &c->sb) && (!*lo || strcmp(d, lo) < 0)) {
				memcpy(lo, d, sizeof d);
				ilo = i;
			}
			if (row->last_seen && !day_of(row->last_seen[i], d, &c->sb) &&
			    (!*hi || strcmp(d, hi) > 0)) {
				memcpy(hi, d, sizeof d);
				ihi = i;
			}
		}
		for (int last = 0; last < 2; last++) {
			size_t i = last ? ihi : ilo;
			if (i == SIZE_MAX || (last && !strcmp(hi, lo) && ihi == ilo))
				continue;
			cg_event *ev = add(c);
			if (!ev)
				return CG_ENOMEM;
			memcpy(ev->day, last ? hi : lo, sizeof ev->day);
			ev->kind = last ? CG_EVENT_LAST_SIGHT : CG_EVENT_FIRST_SIGHT;
			ev->entity = row->entity;
			ev->cases = row->n_cases;
			set_lane(c, ev, row->cases[i], row->entity);
		}
	}
	return 0;
}

static int event_cmp(const void *a, const void *b)
{
	const cg_event *x = a, *y = b;
	int t = strcmp(x->day, y->day);
	if (t)
		return t;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((t = strcmp(x->lane ? x->lane : "", y->lane ? y->lane : "")))
		return t;
	if (x->link != y->link)
		return x->link < y->link ? -1 : 1;
	return x->entity < y->entity ? -1 : x->entity > y->entity;
}

int cg_timeline_compute(const cg_graph *g, cg_timeline_by by, const cg_shared *shared,
                        cg_timeline **out, cg_error *err)
{
	tctx c = {g, by, NULL, 0, CG_STRBUF_INIT};
	int rc;

	*out = NULL;
	if ((unsigned)by >= CG_TIMELINE_BY_COUNT)
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0, "unknown timeline lanes %d",
		                    (int)by);
	if (!(c.t = calloc(1, sizeof *c.t)))
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	c.t->by = by;
	if ((rc = links(&c)) || (rc = observations(&c)) || (rc = sights(&c, shared))) {
		cg_timeline_free(c.t);
		cg_strbuf_free(&c.sb);
		return cg_error_set(err, rc, NULL, 0, 0, "out of memory");
	}
	if (c.t->n)
		qsort(c.t->events, c.t->n, sizeof *c.t->events, event_cmp);
	cg_strbuf_free(&c.sb);
	*out = c.t;
	return 0;
}

/* ---- the text of an event ---- */

/* The name of e, redacted when asked (cg_redact_name). */
static int name_of(const cg_graph *g, cg_eid e, int redact, cg_strbuf *sb)
{
	const char *n = cg_entity_name(g, e);
	if (redact)
		return cg_redact_name(sb, g, e);
	return cg_strbuf_puts(sb, n ? n : cg_entity_id(g, e));
}

int cg_event_text(const cg_graph *g, const cg_event *ev, cg_strbuf *sb)
{
	return timeline_event_text(g, ev, 0, sb);
}

int timeline_event_text(const cg_graph *g, const cg_event *ev, int redact, cg_strbuf *sb)
{
	int rc = 0;
	int64_t amt;
	const char *cur;

	switch (ev->kind) {
	case CG_EVENT_LINK:
	case CG_EVENT_PAYMENT:
		rc = name_of(g, cg_link_source(g, ev->link), redact, sb) ||
		     cg_strbuf_printf(sb, " %s ", cg_link_type_name(g, ev->link)) ||
		     name_of(g, cg_link_target(g, ev->link), redact, sb);
		if (!rc && cg_link_amount(g, ev->link, &amt, &cur))
			rc = cg_strbuf_putc(sb, ' ') || cg_money_text(sb, amt, cur) ||
			     cg_strbuf_printf(sb, " %s", cur);
		break;
	case CG_EVENT_SEEN:
		rc = cg_strbuf_printf(sb, "%s seen: ", cg_entity_type_name(g, ev->entity)) ||
		     name_of(g, ev->entity, redact, sb);
		if (!rc && ev->until[0])
			rc = cg_strbuf_printf(sb, " (to %s)", ev->until);
		break;
	case CG_EVENT_FIRST_SIGHT:
	case CG_EVENT_LAST_SIGHT:
		rc = cg_strbuf_printf(sb, "%s sight of ",
		                      ev->kind == CG_EVENT_FIRST_SIGHT ? "first" : "last") ||
		     name_of(g, ev->entity, redact, sb) ||
		     cg_strbuf_printf(sb, " (shared by %zu cases)", ev->cases);
		break;
	default:
		break;
	}
	return rc;
}

/* The label of ev's lane appended to sb: its case, or by entity the
 * entity's name (redacted when asked: the lane of an entity is its name). */
static int lane_label(const cg_graph *g, const cg_event *ev, int redact, cg_strbuf *sb)
{
	if (redact && ev->lane_entity != CG_NO_ENTITY)
		return cg_redact_name(sb, g, ev->lane_entity);
	return cg_strbuf_puts(sb, ev->lane ? ev->lane : "");
}

int cg_timeline_write_text(const cg_graph *g, const cg_timeline *t, const cg_timeline_opts *o,
                           FILE *f, cg_error *err)
{
	cg_strbuf sb = CG_STRBUF_INIT;
	int rc = 0, redact = o && o->redact;

	fprintf(f, "timeline by %s: %zu events", cg_timeline_by_to_string(t->by), t->n);
	if (t->undated)
		fprintf(f, ", %zu link%s without a date left out", t->undated,
		        t->undated == 1 ? "" : "s");
	fputs("\n", f);
	for (size_t i = 0; i < t->n && !rc; i++) {
		const cg_event *ev = &t->events[i];
		cg_strbuf_reset(&sb);
		if ((rc = lane_label(g, ev, redact, &sb) || cg_strbuf_puts(&sb, ": ") ||
		          timeline_event_text(g, ev, redact, &sb)))
			break;
		fprintf(f, "%-10s  %s", ev->day, cg_strbuf_cstr(&sb));
		if (ev->file)
			fprintf(f, " [%s:%ld]", ev->file, ev->line);
		fputc('\n', f);
	}
	cg_strbuf_free(&sb);
	if (rc)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	if (ferror(f))
		return cg_error_set(err, CG_EIO, NULL, 0, 0, "cannot write the timeline: %s",
		                    strerror(errno));
	return 0;
}

/* ---- the diagram ---- */

#define TL_COLUMNS 6 /* columns: months, else quarters, else years */

typedef struct cell {
	size_t payments, links, seen, first, last;
	int64_t sum;           /* payments in cur */
	const char *cur;       /* the first currency paid */
	int other_cur;         /* payments in another currency too */
	const cg_event *sight; /* the first first- or last-sight event */
	size_t n;              /* events */
} cell;

/* The column key of a day for a grain (0 month, 1 quarter, 2 year) into
 * out ("2023-04", "2023-Q2", "2023"). */
static void column_key(const char *day, int grain, char out[CG_DAY_LEN])
{
	if (grain == 0 && strlen(day) >= 7) {
		memcpy(out, day, 7);
		out[7] = '\0';
	} else if (grain <= 1 && strlen(day) >= 7) {
		int mo = (day[5] - '0') * 10 + (day[6] - '0');
		memcpy(out, day, 4);
		snprintf(out + 4, CG_DAY_LEN - 4, "-Q%d", (mo + 2) / 3);
	} else {
		memcpy(out, day, 4);
		out[4] = '\0';
	}
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* The columns for grain: their sorted distinct keys (CG_DAY_LEN each)
 * into keys (t->n entries); returns how many. */
static size_t columns(const cg_timeline *t, int grain, char (*keys)[CG_DAY_LEN])
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++) {
		char k[CG_DAY_LEN];
		column_key(t->events[i].day, grain, k);
		if (!n || strcmp(keys[n - 1], k))
			memcpy(keys[n++], k, sizeof k);
	}
	qsort(keys, n, sizeof *keys, str_cmp);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (!u || strcmp(keys[u - 1], keys[i]))
			memcpy(keys[u++], keys[i], sizeof keys[i]);
	return u;
}

static int put_q(FILE *f, cg_strbuf *tmp, const char *s)
{
	cg_strbuf_reset(tmp);
	if (cg_dot_escape(tmp, s))
		return CG_ENOMEM;
	fprintf(f, "\"%s\"", cg_strbuf_cstr(tmp));
	return 0;
}

/* name cut at TL_NAME code points, an ellipsis when cut (redacted names
 * are short) */
static int short_name(const cg_graph *g, cg_eid e, int redact, cg_strbuf *sb)
{
	const char *s = cg_entity_name(g, e) ? cg_entity_name(g, e) : cg_entity_id(g, e);
	if (redact)
		return cg_redact_name(sb, g, e);
	size_t i = 0, cp = 0;
	while (s[i] && cp < TL_NAME) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		cp++;
	}
	return cg_strbuf_append(sb, s, i) || (s[i] && cg_strbuf_puts(sb, "\xE2\x80\xA6"));
}

static int cell_label(const cg_graph *g, const cell *x, int redact, cg_strbuf *sb)
{
	int rc = 0, lines = 0;

	if (x->payments) {
		rc =
		    cg_strbuf_printf(sb, "%zu payment%s", x->payments, x->payments == 1 ? "" : "s");
		if (!rc && x->cur) {
			size_t at = sb->len;
			rc = cg_strbuf_putc(sb, ' ') || cg_money_text(sb, x->sum, x->cur);
			if (!rc && sb->len >= at + 3 && !strcmp(sb->buf + sb->len - 3, ".00"))
				sb->buf[sb->len -= 3] = '\0';
			rc = rc || cg_strbuf_printf(sb, " %s%s", x->cur, x->other_cur ? " …" : "");
		}
		lines++;
	}
	if (!rc && x->links)
		rc = cg_strbuf_printf(sb, "%s%zu link%s", lines++ ? "\n" : "", x->links,
		                      x->links == 1 ? "" : "s");
	if (!rc && x->seen)
		rc = cg_strbuf_printf(sb, "%s%zu seen", lines++ ? "\n" : "", x->seen);
	if (!rc && x->sight) {
		rc = cg_strbuf_printf(sb, "%s%s sight:\n", lines++ ? "\n" : "",
		                      x->sight->kind == CG_EVENT_FIRST_SIGHT ? "first" : "last") ||
		     short_name(g, x->sight->entity, redact, sb);
		if (!rc && x->first + x->last > 1)
			rc = cg_strbuf_printf(sb, "\n+%zu more sights", x->first + x->last - 1);
	}
	return rc;
}

int cg_timeline_write_dot(const cg_graph *g, const cg_timeline *t, const cg_timeline_opts *o,
                          FILE *f, cg_error *err)
{
	char(*keys)[CG_DAY_LEN] = NULL;
	const char **lanes = NULL;
	const cg_event **lane_ev = NULL; /* the first event of each lane */
	cell *cells = NULL;
	cg_strbuf sb = CG_STRBUF_INIT, tmp = CG_STRBUF_INIT, tip = CG_STRBUF_INIT;
	size_t nk = 0, nl = 0, other = 0;
	int grain = 0, rc = 0;

	keys = malloc((t->n + 1) * sizeof *keys);
	lanes = malloc((t->n + 1) * sizeof *lanes);
	lane_ev = malloc((t->n + 1) * sizeof *lane_ev);
	if (!keys || !lanes || !lane_ev)
		goto nomem;
	while ((nk = columns(t, grain, keys)) > TL_COLUMNS && grain < 2)
		grain++;
	/* lanes in the order of their first event; past TL_LANES one "other" */
	for (size_t i = 0; i < t->n; i++) {
		const char *l = t->events[i].lane ? t->events[i].lane : "";
		size_t k;
		for (k = 0; k < nl && strcmp(lanes[k], l); k++)
			;
		if (k == nl) {
			lane_ev[nl] = &t->events[i];
			lanes[nl++] = l;
		}
	}
	if (nl > TL_LANES) {
		other = nl - (TL_LANES - 1);
		nl = TL_LANES;
	}
	if (!(cells = calloc(nl * (nk ? nk : 1) + 1, sizeof *cells)))
		goto nomem;
	for (size_t i = 0; i < t->n; i++) {
		const cg_event *ev = &t->events[i];
		const char *l = ev->lane ? ev->lane : "";
		char k[CG_DAY_LEN];
		size_t li, ki;
		for (li = 0; li + (other ? 1 : 0) < nl && strcmp(lanes[li], l); li++)
			;
		column_key(ev->day, grain, k);
		for (ki = 0; ki < nk && strcmp(keys[ki], k); ki++)
			;
		cell *x = &cells[li * nk + ki];
		int64_t amt;
		const char *cur;
		x->n++;
		switch (ev->kind) {
		case CG_EVENT_PAYMENT:
			x->payments++;
			if (cg_link_amount(g, ev->link, &amt, &cur)) {
				if (!x->cur)
					x->cur = cur;
				if (!strcmp(x->cur, cur) && !cg_add_overflows(x->sum, amt))
					x->sum += amt;
				else
					x->other_cur = 1;
			}
			break;
		case CG_EVENT_LINK:
			x->links++;
			break;
		case CG_EVENT_SEEN:
			x->seen++;
			break;
		default:
			if (ev->kind == CG_EVENT_FIRST_SIGHT)
				x->first++;
			else
				x->last++;
			if (!x->sight)
				x->sight = ev;
			break;
		}
	}
	fputs("// casegraph timeline (docs/RENDER.md). Lay out with: dot -Tsvg FILE.dot\n"
	      "digraph \"timeline\" {\n  graph [rankdir=\"TB\", newrank=\"true\", nodesep=\"0.2\", "
	      "ranksep=\"0.15\", pad=\"0.2\", size=\"13.3,7.5\", fontname=\"Helvetica\", "
	      "outputorder=\"edgesfirst\"];\n",
	      f);
	fprintf(f,
	        "  node [shape=\"box\", style=\"rounded,filled\", fillcolor=\"#f3f3f3\", "
	        "color=\"#bbbbbb\", fontname=\"Helvetica\", fontsize=\"%d\", margin=\"0.1,0.05\", "
	        "width=\"2.6\"];\n"
	        "  edge [style=\"invis\"];\n",
	        TL_FONT);
	/* the header row and the lane column */
	fputs("  \"h\" [label=\"\", shape=\"plaintext\", style=\"\"];\n", f);
	for (size_t ki = 0; ki < nk; ki++)
		fprintf(f,
		        "  \"h:%zu\" [label=\"%s\", shape=\"plaintext\", style=\"\", "
		        "fontname=\"Helvetica-Bold\"];\n",
		        ki, keys[ki]);
	for (size_t li = 0; li < nl; li++) {
		cg_strbuf_reset(&sb);
		if (other && li == nl - 1)
			rc = cg_strbuf_printf(&sb, "%zu other %s", other,
			                      t->by == CG_TIMELINE_CASE ? "cases" : "entities");
		else if (o && o->redact && lane_ev[li]->lane_entity != CG_NO_ENTITY)
			rc = lane_label(g, lane_ev[li], 1, &sb);
		else
			rc = cg_strbuf_puts(&sb, t->by == CG_TIMELINE_CASE ? "case " : "") ||
			     cg_strbuf_append(&sb, lanes[li],
			                      strlen(lanes[li]) > 40 ? 40 : strlen(lanes[li]));
		fprintf(f, "  \"l:%zu\" [label=", li);
		rc = rc || put_q(f, &tmp, cg_strbuf_cstr(&sb));
		fputs(", style=\"filled\", fillcolor=\"#444444\", fontcolor=\"#ffffff\"];\n", f);
		for (size_t ki = 0; ki < nk && !rc; ki++) {
			const cell *x = &cells[li * nk + ki];
			if (!x->n) {
				fprintf(f, "  \"c:%zu:%zu\" [label=\"\", style=\"invis\"];\n", li,
				        ki);
				continue;
			}
			cg_strbuf_reset(&sb);
			cg_strbuf_reset(&tip);
			rc = cell_label(g, x, o && o->redact, &sb);
			/* the tooltip: the events of the cell */
			size_t listed = 0;
			for (size_t i = 0; i < t->n && !rc && listed < 20; i++) {
				const cg_event *ev = &t->events[i];
				char k[CG_DAY_LEN];
				size_t lj;
				column_key(ev->day, grain, k);
				for (lj = 0; lj + (other ? 1 : 0) < nl &&
				             strcmp(lanes[lj], ev->lane ? ev->lane : "");
				     lj++)
					;
				if (lj != li || strcmp(k, keys[ki]))
					continue;
				rc = cg_strbuf_printf(&tip, "%s%s ", listed++ ? "\n" : "",
				                      ev->day) ||
				     timeline_event_text(g, ev, o && o->redact, &tip);
				if (!rc && ev->file)
					rc =
					    cg_strbuf_printf(&tip, " [%s:%ld]", ev->file, ev->line);
			}
			if (!rc && x->n > listed)
				rc = cg_strbuf_printf(&tip, "\nand %zu more", x->n - listed);
			fprintf(f, "  \"c:%zu:%zu\" [label=", li, ki);
			rc = rc || put_q(f, &tmp, cg_strbuf_cstr(&sb));
			fputs(x->payments ? ", fillcolor=\"#d9ead3\"" : "", f);
			fputs(x->sight ? ", color=\"#c00000\", penwidth=\"2\"" : "", f);
			fputs(", tooltip=", f);
			rc = rc || put_q(f, &tmp, cg_strbuf_cstr(&tip));
			fputs("];\n", f);
		}
		if (rc)
			goto nomem;
	}
	/* time left to right: a row (a rank) per lane, its cells chained in
	 * time order; a column per period, chained from the header down */
	for (size_t li = 0; li <= nl; li++) {
		fputs("  { rank=\"same\"; ", f);
		if (li == 0)
			fputs("\"h\"", f);
		else
			fprintf(f, "\"l:%zu\"", li - 1);
		for (size_t ki = 0; ki < nk; ki++)
			if (li == 0)
				fprintf(f, " -> \"h:%zu\"", ki);
			else
				fprintf(f, " -> \"c:%zu:%zu\"", li - 1, ki);
		fputs("; }\n", f);
	}
	for (size_t ki = 0; ki <= nk; ki++) {
		if (ki == 0)
			fputs("  \"h\"", f);
		else
			fprintf(f, "  \"h:%zu\"", ki - 1);
		for (size_t li = 0; li < nl; li++)
			if (ki == 0)
				fprintf(f, " -> \"l:%zu\"", li);
			else
				fprintf(f, " -> \"c:%zu:%zu\"", li, ki - 1);
		fputs(";\n", f);
	}
	/* the legend under the drawing */
	cg_strbuf_reset(&sb);
	rc = cg_strbuf_printf(&sb, "%s\\l", o && o->title ? o->title : "Timeline") ||
	     cg_strbuf_printf(&sb,
	                      "Columns: %s; rows: %s. A cell sums its events (the tooltip lists "
	                      "them);\\lgreen: payments, red outline: first or last sight of "
	                      "shared infrastructure.\\l",
	                      grain == 0   ? "months"
	                      : grain == 1 ? "quarters"
	                                   : "years",
	                      t->by == CG_TIMELINE_CASE ? "cases" : "entities") ||
	     cg_strbuf_printf(&sb, "Drawn%s%s: %zu events", o && o->date ? " " : "",
	                      o && o->date ? o->date : "", t->n);
	if (!rc && t->undated)
		rc = cg_strbuf_printf(&sb, ", %zu link%s without a date left out", t->undated,
		                      t->undated == 1 ? "" : "s");
	rc = rc || cg_strbuf_puts(&sb, ".\\l");
	if (rc)
		goto nomem;
	/* the text is ours but the title may not be: escape all, keep \l */
	fputs("  graph [label=\"", f);
	for (const char *p = cg_strbuf_cstr(&sb); *p; p++) {
		if (p[0] == '\\' && p[1] == 'l') {
			fputs("\\l", f);
			p++;
		} else if (*p == '"' || *p == '\\') {
			fputc('\\', f);
			fputc(*p, f);
		} else if (*p != '\n') {
			fputc(*p, f);
		}
	}
	fprintf(
	    f, "\", labelloc=\"b\", labeljust=\"l\", fontsize=\"%d\", fontcolor=\"#333333\"];\n}\n",
	    TL_FONT);
	if (ferror(f))
		rc = cg_error_set(err, CG_EIO, NULL, 0, 0, "cannot write the timeline: %s",
		                  strerror(errno));
	goto out;
nomem:
	rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
out:
	free(keys);
	free(lanes);
	free(lane_ev);
	free(cells);
	cg_strbuf_free(&sb);
	cg_strbuf_free(&tmp);
	cg_strbuf_free(&tip);
	return rc;
}

int cg_timeline_write_file(const cg_graph *g, const cg_timeline *t, const cg_timeline_opts *o,
                           int text, const char *path, cg_error *err)
{
	cg_outfile out;
	int rc;

	if ((rc = cg_outfile_open(&out, path, err)))
		return rc;
	rc = text ? cg_timeline_write_text(g, t, o, out.f, err)
	          : cg_timeline_write_dot(g, t, o, out.f, err);
	if (rc) {
		cg_outfile_abort(&out);
		if (!err->file[0])
			cg_error_set_file(err, path);
		return rc;
	}
	return cg_outfile_commit(&out, err);
}
