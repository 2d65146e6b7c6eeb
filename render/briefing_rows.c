/* What each section of the briefing shows, chosen once for briefing.md
 * (briefing.c) and briefing.html (briefing_html.c): the brokers listed,
 * the facilitators whose records are cited, the screening hits, the
 * timeline's events, the facts of a money flow, a shortened name. */
#include "briefing_internal.h"

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
