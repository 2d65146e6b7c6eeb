/* The DOT writer's last step (dot_internal.h): the DOT text of the units
 * kept, their groups and edges, the legend of what is present and a
 * footnote with the sources and the date.
 *
 * Safety: every string is written quoted through cg_dot_escape; no
 * HTML-like label, record shape, URL, href, image or shapefile attribute is
 * ever written, so data cannot make Graphviz read files or put links into
 * an SVG. */
#include "dot_internal.h"
#include "cg_screen.h"

#include "cg_parse.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_LINE   24  /* code points per label line */
#define LABEL_LINES  3   /* lines of a name */
#define TIP_RECORDS  6   /* sources listed in a node tooltip */
#define TIP_LINKS    8   /* links listed in an edge tooltip */
#define TIP_MEMBERS  20  /* members listed in a collapsed node's tooltip */
#define FOOT_SOURCES 8   /* input files named in the footnote */
#define LEGEND_ROW   3   /* legend entries per row */
#define SLIDE_LINE   18  /* slide: code points per label line */
#define SLIDE_LINES  2   /* slide: lines of a name */
#define SLIDE_FONT   14  /* slide: points of node labels (12 px and more on a 1280x720 slide) */
#define SLIDE_SMALL  14  /* slide: points of edge labels, the legend and the footnote */
#define SLIDE_WIDTH  100 /* slide: characters per legend line */

/* ---- nodes and edges ---- */

/* A slide's shape per type: outlines that do not inflate around a label
 * (an ellipse, a house or an octagon is half again as wide as its text),
 * so the fill colour tells most types apart; "rounded" is the box with
 * round corners. The legend names the colours (slide_colour). */
static const char *const slide_shapes[CG_ENTITY_TYPE_COUNT] = {
    [CG_ET_PERSON] = "rounded",   [CG_ET_COMPANY] = "box",   [CG_ET_ORGANIZATION] = "box3d",
    [CG_ET_BANK_ACCOUNT] = "box", [CG_ET_WALLET] = "box",    [CG_ET_ADDRESS] = "box",
    [CG_ET_EMAIL] = "note",       [CG_ET_PHONE] = "box",     [CG_ET_DOMAIN] = "tab",
    [CG_ET_IP] = "box",           [CG_ET_URL] = "component", [CG_ET_DOCUMENT] = "folder",
    [CG_ET_THREAT_ACTOR] = "box", [CG_ET_MALWARE] = "box",   [CG_ET_COUNTRY] = "box",
    [CG_ET_SECTOR] = "box",       [CG_ET_OTHER] = "box",
};

/* The fill of each type (style.c) in a word, for a slide's legend. */
static const char *const slide_colours[CG_ENTITY_TYPE_COUNT] = {
    [CG_ET_PERSON] = "blue",
    [CG_ET_COMPANY] = "orange",
    [CG_ET_ORGANIZATION] = "yellow",
    [CG_ET_BANK_ACCOUNT] = "green",
    [CG_ET_WALLET] = "dark green",
    [CG_ET_ADDRESS] = "pink",
    [CG_ET_EMAIL] = "lilac",
    [CG_ET_PHONE] = "lilac",
    [CG_ET_DOMAIN] = "teal",
    [CG_ET_IP] = "teal",
    [CG_ET_URL] = "teal",
    [CG_ET_DOCUMENT] = "grey",
    [CG_ET_THREAT_ACTOR] = "red",
    [CG_ET_MALWARE] = "red",
    [CG_ET_COUNTRY] = "white",
    [CG_ET_SECTOR] = "white",
    [CG_ET_OTHER] = "white",
};

/* The shape attribute of type t (a slide's when slide), and whether its
 * style takes "rounded" (a slide's person). */
static const char *shape_of(cg_entity_type t, int slide, int *rounded)
{
	if ((int)t < 0 || t >= CG_ENTITY_TYPE_COUNT)
		t = CG_ET_OTHER;
	const char *s = slide ? slide_shapes[t] : cg_type_style_of(t)->shape;
	*rounded = !strcmp(s, "rounded");
	return *rounded ? "box" : s;
}

/* The measure that sizes a node (cg_dot_opts.size_by), 0 for none. */
static double measure(const dctx *c, cg_eid e)
{
	if (c->o->size_by == CG_SIZE_DEGREE)
		return (double)c->deg[e];
	if (c->o->size_by == CG_SIZE_BETWEENNESS && c->o->betweenness &&
	    !isnan(c->o->betweenness[e]))
		return c->o->betweenness[e];
	return 0;
}

/* Writes `"text"` escaped. */
int dot_put_q(dctx *c, const char *s)
{
	cg_strbuf_reset(&c->tmp);
	if (cg_dot_escape(&c->tmp, s))
		return CG_ENOMEM;
	fputc('"', c->f);
	fputs(cg_strbuf_cstr(&c->tmp), c->f);
	fputc('"', c->f);
	return 0;
}

/* Appends a name to sb as escaped label lines: words wrapped at
 * LABEL_LINE code points, at most LABEL_LINES lines (on a slide SLIDE_LINE
 * and SLIDE_LINES), an ellipsis when cut. */
int dot_wrap_label(cg_strbuf *sb, const char *name, int slide)
{
	const size_t LINE = slide ? SLIDE_LINE : LABEL_LINE,
	             LINES = slide ? SLIDE_LINES : LABEL_LINES;
	cg_strbuf clean = CG_STRBUF_INIT, line = CG_STRBUF_INIT;
	size_t lines = 0, width = 0;
	int rc = 0, cut = 0;

	/* line breaks and tabs in a name become spaces: lines are ours */
	if ((rc = cg_utf8_sanitize(&clean, name ? name : "", 1)))
		goto out;
	for (size_t i = 0; i < clean.len; i++)
		if (clean.buf[i] == '\n' || clean.buf[i] == '\t')
			clean.buf[i] = ' ';
	const char *p = cg_strbuf_cstr(&clean);
	while (*p == ' ')
		p++;
	while (*p && !rc && !cut) {
		size_t wlen = strcspn(p, " "), wcp = 0;
		for (size_t i = 0; i < wlen; i++)
			wcp += ((unsigned char)p[i] & 0xC0) != 0x80;
		if (width && width + 1 + wcp > LINE) {
			/* the word goes on a new line */
			if (lines + 1 == LINES) {
				cut = 1;
				break;
			}
			rc = cg_dot_escape(sb, cg_strbuf_cstr(&line)) || cg_strbuf_puts(sb, "\\n");
			cg_strbuf_reset(&line);
			lines++;
			width = 0;
		}
		if (width)
			rc = rc || cg_strbuf_putc(&line, ' ');
		/* a word longer than a line is cut at a code point */
		size_t take = wlen, tcp = wcp;
		if (wcp > LINE) {
			size_t k = 0;
			tcp = 0;
			while (k < wlen && tcp < LINE - 1) {
				k++;
				while (k < wlen && ((unsigned char)p[k] & 0xC0) == 0x80)
					k++;
				tcp++;
			}
			take = k;
			cut = 1;
		}
		rc = rc || cg_strbuf_append(&line, p, take);
		width += (width ? 1 : 0) + tcp;
		p += wlen;
		while (*p == ' ')
			p++;
	}
	if (!rc && cut)
		rc = cg_strbuf_puts(&line, "\xE2\x80\xA6");
	if (!rc)
		rc = cg_dot_escape(sb, cg_strbuf_cstr(&line));
out:
	cg_strbuf_free(&clean);
	cg_strbuf_free(&line);
	return rc;
}

/* The name shown for an entity (redacted when asked). */
int dot_shown_name(dctx *c, cg_eid e, cg_strbuf *sb)
{
	if (c->o->redact)
		return cg_redact_name(sb, c->g, e);
	return cg_strbuf_puts(sb, cg_entity_name(c->g, e) ? cg_entity_name(c->g, e) : "");
}

/* The plural of a type, for collapsed nodes: "e-mails", "vessel". */
const char *dot_plural_of(const cg_graph *g, cg_eid e)
{
	cg_entity_type t = cg_entity_type_of(g, e);
	return t == CG_ET_OTHER ? cg_entity_type_name(g, e) : cg_type_style_of(t)->plural;
}

int dot_put_node_id(dctx *c, size_t ui)
{
	const unit *u = &c->units[ui];
	if (u->agg) {
		/* a counted group: named by the entity it hangs on */
		cg_eid a = c->units[u->agg - 1].e;
		cg_strbuf_reset(&c->sb);
		if (c->o->redact ? cg_strbuf_printf(&c->sb, "m%u", (unsigned)a)
		                 : cg_strbuf_printf(&c->sb, "more:%s", cg_entity_id(c->g, a)))
			return CG_ENOMEM;
		return dot_put_q(c, cg_strbuf_cstr(&c->sb));
	}
	if (u->anchor != CG_NO_ENTITY) {
		cg_strbuf_reset(&c->sb);
		if (c->o->redact
		        ? cg_strbuf_printf(&c->sb, "c%u_%s", (unsigned)u->anchor,
		                           cg_entity_type_name(c->g, u->e))
		        : cg_strbuf_printf(&c->sb, "collapsed:%s:%s", cg_entity_id(c->g, u->anchor),
		                           cg_entity_type_name(c->g, u->e)))
			return CG_ENOMEM;
		return dot_put_q(c, cg_strbuf_cstr(&c->sb));
	}
	if (c->o->redact) {
		fprintf(c->f, "\"n%u\"", (unsigned)u->e);
		return 0;
	}
	return dot_put_q(c, cg_entity_id(c->g, u->e));
}

/* The tooltip of an entity: type, id, roles, cases, aliases, properties
 * and where it was read (only type, roles, cases and sources when
 * redacting). Raw text: escaped by put_q. */
static int entity_tooltip(dctx *c, cg_eid e, cg_strbuf *sb)
{
	const cg_graph *g = c->g;
	const char *v, *n;
	cg_iter it;
	cg_prov p;
	const char *cases[CASES_MAX];
	size_t k, nc;
	int rc = 0;

	rc = cg_strbuf_puts(sb, cg_entity_type_name(g, e));
	if (!c->o->redact)
		rc = rc || cg_strbuf_printf(sb, " %s", cg_entity_id(g, e));
	it = cg_entity_roles(g, e);
	for (k = 0; !rc && cg_iter_next_str(g, &it, &v); k++)
		rc = cg_strbuf_printf(sb, "%s%s", k ? ", " : "\nroles: ", v);
	/* on a slide the label has no marks: the rank is here */
	k = dot_broker_rank(c, e);
	if (!rc && c->o->slide && k)
		rc = cg_strbuf_printf(sb, "\nbroker #%zu by betweenness", k);
	nc = cg_entity_cases(g, e, cases, CASES_MAX);
	for (k = 0; !rc && k < nc && k < CASES_MAX; k++)
		rc = cg_strbuf_printf(sb, "%s%s", k ? ", " : "\ncases: ", cases[k]);
	if (!rc && nc > CASES_MAX)
		rc = cg_strbuf_printf(sb, " and %zu more", nc - CASES_MAX);
	if (!c->o->redact) {
		it = cg_entity_aliases(g, e);
		for (k = 0; !rc && cg_iter_next_str(g, &it, &v); k++)
			if (k < 5)
				rc = cg_strbuf_printf(sb, "%s%s", k ? "; " : "\naliases: ", v);
		it = cg_entity_props(g, e);
		for (k = 0; !rc && cg_iter_next_prop(g, &it, &n, &v); k++)
			if (k < 8)
				rc = cg_strbuf_printf(sb, "%s%s=%s", k ? "; " : "\n", n, v);
	}
	it = cg_entity_provs(g, e);
	for (k = 0; !rc && cg_iter_next_prov(g, &it, &p); k++)
		if (k < TIP_RECORDS)
			rc = cg_strbuf_printf(sb, "\n%s:%ld (%s)", p.file, p.line, p.case_name);
	if (!rc && k > TIP_RECORDS)
		rc = cg_strbuf_printf(sb, "\nand %zu more records", k - TIP_RECORDS);
	return rc;
}

/* The entity of the k-th entity a counted group stands for. */
static cg_eid agg_entity(const dctx *c, const unit *g, size_t *mi, size_t *x)
{
	for (;;) {
		const unit *mu = &c->units[c->agg_members[g->first + *mi]];
		if (*x < mu->count) {
			cg_eid e = mu->anchor != CG_NO_ENTITY ? c->leaves[mu->first + *x].e : mu->e;
			(*x)++;
			return e;
		}
		(*mi)++;
		*x = 0;
	}
}

/* A counted group of what the cap left out: "+12 documents", "+5 persons
 * of case X", "+7 linked: 4 persons, 3 documents"; its tooltip names them. */
static int write_agg(dctx *c, size_t ui, const char *indent)
{
	const unit *u = &c->units[ui];
	const char *types[4], *single[4], *one_case = NULL;
	size_t counts[4], nt = 0, mi = 0, x = 0, other = 0;
	int many_cases = 0, rc = 0;
	cg_strbuf label = CG_STRBUF_INIT, tip = CG_STRBUF_INIT;

	for (size_t k = 0; k < u->count; k++) {
		cg_eid e = agg_entity(c, u, &mi, &x);
		const char *pl = dot_plural_of(c->g, e);
		size_t t;
		for (t = 0; t < nt && strcmp(types[t], pl); t++)
			;
		if (t == nt && nt < 4) {
			single[nt] = cg_entity_type_name(c->g, e);
			types[nt] = pl;
			counts[nt++] = 0;
		}
		if (t < nt)
			counts[t]++;
		else
			other++;
		if (c->n_cases[e] != 1 || (one_case && one_case != c->one_case[e]))
			many_cases = 1;
		one_case = c->one_case[e];
	}
	/* raw text, escaped once below: type names may come from the data */
	if (nt == 1)
		rc = cg_strbuf_printf(&tip, "+%zu %s", u->count,
		                      u->count == 1 ? single[0] : types[0]);
	else
		rc = cg_strbuf_printf(&tip, "+%zu more", u->count);
	if (!rc && !many_cases && one_case && u->group == SIZE_MAX)
		rc = cg_strbuf_printf(&tip, "\nof case %s", one_case);
	for (size_t t = 0; !rc && nt > 1 && t < nt && t < 2; t++)
		rc = cg_strbuf_printf(&tip, "%s%zu %s", t ? ", " : "\n", counts[t],
		                      counts[t] == 1 ? single[t] : types[t]);
	if (!rc && nt > 2)
		rc = cg_strbuf_puts(&tip, " \xE2\x80\xA6");
	rc = rc || cg_dot_escape(&label, cg_strbuf_cstr(&tip));
	cg_strbuf_reset(&tip);
	/* the tooltip: what they are and the first of them */
	rc = rc || cg_strbuf_printf(&tip, "%zu entities not drawn, each linked to ", u->count) ||
	     dot_shown_name(c, c->units[u->agg - 1].e, &tip) || cg_strbuf_putc(&tip, ':');
	for (size_t t = 0; !rc && t < nt; t++)
		rc = cg_strbuf_printf(&tip, "%s %zu %s", t ? "," : "", counts[t], types[t]);
	if (!rc && other)
		rc = cg_strbuf_printf(&tip, ", %zu others", other);
	mi = x = 0;
	for (size_t k = 0; !rc && k < u->count && k < TIP_MEMBERS; k++)
		rc = cg_strbuf_puts(&tip, "\n") ||
		     dot_shown_name(c, agg_entity(c, u, &mi, &x), &tip);
	if (!rc && u->count > TIP_MEMBERS)
		rc = cg_strbuf_printf(&tip, "\nand %zu more", u->count - TIP_MEMBERS);
	if (rc)
		goto nomem;
	c->any_agg = 1;
	fputs(indent, c->f);
	if (dot_put_node_id(c, ui))
		goto nomem;
	fprintf(c->f,
	        " [label=\"%s\", shape=\"box\", style=\"rounded,dashed,filled\", "
	        "fillcolor=\"#ffffff\", color=\"#888888\", fontcolor=\"#333333\", tooltip=",
	        cg_strbuf_cstr(&label));
	if (dot_put_q(c, cg_strbuf_cstr(&tip)))
		goto nomem;
	fputs("];\n", c->f);
	goto out;
nomem:
	rc = dot_nomem(c);
out:
	cg_strbuf_free(&label);
	cg_strbuf_free(&tip);
	return rc;
}

static int write_unit(dctx *c, size_t ui, const char *indent)
{
	const cg_graph *g = c->g;
	const unit *u = &c->units[ui];
	cg_entity_type t = cg_entity_type_of(g, u->e);
	const cg_type_style *ts = cg_type_style_of(t);
	cg_strbuf label = CG_STRBUF_INIT, tip = CG_STRBUF_INIT, name = CG_STRBUF_INIT;
	int rc = 0, rounded;
	const char *shape = shape_of(t, c->o->slide, &rounded);

	if (u->agg)
		return write_agg(c, ui, indent);
	if (t == CG_ET_OTHER) {
		/* custom types are listed in the legend by name */
		const char *tn = cg_entity_type_name(g, u->e);
		size_t k;
		for (k = 0; k < c->n_other_types && strcmp(c->other_types[k], tn); k++)
			;
		if (k == c->n_other_types)
			c->other_types[c->n_other_types++] = tn;
	}
	c->present_types[t] = 1;
	fputs(indent, c->f);
	if ((rc = dot_put_node_id(c, ui))) {
		rc = dot_nomem(c);
		goto out;
	}
	if (u->anchor != CG_NO_ENTITY) {
		/* a collapsed group */
		c->any_collapsed = 1;
		rc = cg_strbuf_printf(&name, "%zu %s", u->count, dot_plural_of(g, u->e)) ||
		     cg_dot_escape(&label, cg_strbuf_cstr(&name));
		cg_strbuf_reset(&name);
		rc = rc ||
		     cg_strbuf_printf(&tip, "%zu %s, each linked only to ", u->count,
		                      dot_plural_of(g, u->e)) ||
		     dot_shown_name(c, u->anchor, &tip) || cg_strbuf_putc(&tip, ':');
		for (size_t k = 0; !rc && k < u->count && k < TIP_MEMBERS; k++)
			rc = cg_strbuf_puts(&tip, "\n") ||
			     dot_shown_name(c, c->leaves[u->first + k].e, &tip);
		if (!rc && u->count > TIP_MEMBERS)
			rc = cg_strbuf_printf(&tip, "\nand %zu more", u->count - TIP_MEMBERS);
		if (rc)
			goto nomem;
		fprintf(c->f, " [label=\"%s\", shape=\"%s\", fillcolor=\"%s\", style=\"%sfilled\"",
		        cg_strbuf_cstr(&label), shape, ts->fill, rounded ? "rounded," : "");
		fputs(", tooltip=", c->f);
		if ((rc = dot_put_q(c, cg_strbuf_cstr(&tip))))
			goto nomem;
		fputs("];\n", c->f);
		goto out;
	}
	cg_eid e = u->e;
	const cg_role_style *rs = c->role[e];
	size_t rank = dot_broker_rank(c, e);
	int shared = c->n_cases[e] >= 2;
	if (dot_shown_name(c, e, &name) ||
	    dot_wrap_label(&label, cg_strbuf_cstr(&name), c->o->slide))
		goto nomem;
	if (!c->o->slide) {
		/* on a slide the outlines say it (double: cases, orange: broker),
		 * the tooltip gives the numbers: a third line made every node
		 * half again as tall */
		if (shared && cg_strbuf_printf(&label, "\\n(%zu cases)", c->n_cases[e]))
			goto nomem;
		if (rank && cg_strbuf_printf(&label, "\\nbroker #%zu", rank))
			goto nomem;
	}
	/* a screening hit says so where it is drawn */
	if (cg_entity_listed(c->g, e) && cg_strbuf_puts(&label, "\\n[on a reference list]"))
		goto nomem;
	fprintf(c->f, " [label=\"%s\", shape=\"%s\", fillcolor=\"%s\"", cg_strbuf_cstr(&label),
	        shape, ts->fill);
	if (rs) {
		c->present_roles[rs->role] = 1;
		fprintf(c->f, ", style=\"%sfilled%s%s\", color=\"%s\", penwidth=\"%.1f\"",
		        rounded ? "rounded," : "", rs->style[0] ? "," : "", rs->style, rs->color,
		        rs->penwidth);
	} else if (rank) {
		fprintf(c->f, "%s, color=\"#e69138\", penwidth=\"3.0\"",
		        rounded ? ", style=\"rounded,filled\"" : "");
	} else if (rounded) {
		fputs(", style=\"rounded,filled\"", c->f);
	}
	if (rank) {
		c->any_broker = 1;
		if (rs)
			fputs(", fontcolor=\"#7f3f00\"", c->f);
	}
	if (shared) {
		c->any_shared = 1;
		fputs(", peripheries=\"2\"", c->f);
	}
	if (dot_is_focus(c, e)) {
		c->any_focus = 1;
		fputs(", fontname=\"Helvetica-Bold\"", c->f);
	}
	if (c->o->size_by != CG_SIZE_NONE) {
		double v = measure(c, e);
		double fs = c->max_size > 0 ? 9.0 + 11.0 * sqrt(v / c->max_size) : 10.0;
		fprintf(c->f, ", fontsize=\"%.1f\"", fs);
	}
	if (entity_tooltip(c, e, &tip))
		goto nomem;
	fputs(", tooltip=", c->f);
	if ((rc = dot_put_q(c, cg_strbuf_cstr(&tip))))
		goto nomem;
	fputs("];\n", c->f);
	goto out;
nomem:
	rc = dot_nomem(c);
out:
	cg_strbuf_free(&label);
	cg_strbuf_free(&tip);
	cg_strbuf_free(&name);
	return rc;
}

/* Whether an edge of a slide carries its type as a label: its links are of
 * one type other than mentions and related_to, and it is on the main path
 * (a focus, core entity, facilitator or broker at one end, or entities of
 * several cases at both). */
static int slide_typed(const dctx *c, const edge_key *k, int one_type)
{
	cg_link_type lt = cg_link_type_from_string(k->type);
	int ta = c->units[k->a].tier, tb = c->units[k->b].tier;

	/* in dot's layers a label takes a layer of its own: only the radial
	 * and force layouts label the ties */
	if (!one_type || lt == CG_LT_MENTIONS || lt == CG_LT_RELATED_TO || !c->o->layout)
		return 0;
	return ta >= 4 || tb >= 4 || (ta >= 3 && tb >= 3);
}

/* One edge for the links edges[i .. j): label "type" or "type x3" and the
 * money they carry per currency; the links with their citations in the
 * tooltip. */
static int write_edge(dctx *c, size_t i, size_t j)
{
	const cg_graph *g = c->g;
	const edge_key *k = &c->edges[i];
	cg_strbuf label = CG_STRBUF_INIT, tip = CG_STRBUF_INIT;
	const char *cur[4] = {NULL, NULL, NULL, NULL};
	int64_t sum[4] = {0, 0, 0, 0};
	size_t n_cur = 0, count = j - i;
	int rc = 0, money = 0, overflow = 0;

	for (size_t x = i; x < j; x++) {
		int64_t a;
		const char *cu;
		if (!cg_link_amount(g, c->edges[x].l, &a, &cu))
			continue;
		money = 1;
		size_t y;
		for (y = 0; y < n_cur && strcmp(cur[y], cu); y++)
			;
		if (y == n_cur) {
			if (n_cur == 4)
				continue;
			cur[n_cur++] = cu;
		}
		if (cg_add_overflows(sum[y], a))
			overflow = 1;
		else
			sum[y] += a;
	}
	int one_type = 1, same_way = 1, directed = k->directed;
	for (size_t x = i + 1; x < j; x++) {
		const edge_key *y = &c->edges[x];
		one_type = one_type && (y->type == k->type || strcmp(y->type, k->type) == 0);
		same_way = same_way && y->rev == k->rev;
		directed = directed && y->directed;
	}
	if (!c->o->slide)
		rc = cg_strbuf_puts(&label, k->type);
	else if (money)
		; /* green says money: the amounts are the label */
	else if (slide_typed(c, k, one_type))
		rc = cg_strbuf_puts(&label, k->type);
	if (!rc && count > 1)
		rc = cg_strbuf_printf(&label, "%s\xC3\x97%zu", label.len ? " " : "", count);
	for (size_t y = 0; !rc && y < n_cur && !overflow; y++) {
		/* on a slide: no empty first line, whole amounts without ".00" */
		if (label.len || !c->o->slide)
			rc = cg_strbuf_puts(&label, "\n");
		rc = rc || cg_money_text(&label, sum[y], cur[y]);
		if (!rc && c->o->slide && label.len >= 3 &&
		    !strcmp(label.buf + label.len - 3, ".00"))
			label.buf[label.len -= 3] = '\0';
		rc = rc || cg_strbuf_printf(&label, " %s", cur[y]);
	}
	/* the tooltip: every link (up to TIP_LINKS) with amount, date, source */
	for (size_t x = i; !rc && x < j && x < i + TIP_LINKS; x++) {
		cg_lid l = c->edges[x].l;
		int64_t a;
		const char *cu, *n, *v, *date = NULL;
		cg_iter it = cg_link_props(g, l);
		cg_prov p;
		while (cg_iter_next_prop(g, &it, &n, &v))
			if (strcmp(n, "date") == 0 && !date)
				date = v;
		rc = cg_strbuf_printf(&tip, "%s%s", x > i ? "\n" : "", cg_link_type_name(g, l));
		if (!rc && cg_link_amount(g, l, &a, &cu))
			rc = cg_strbuf_putc(&tip, ' ') || cg_money_text(&tip, a, cu) ||
			     cg_strbuf_printf(&tip, " %s", cu);
		if (!rc && date)
			rc = cg_strbuf_printf(&tip, " %s", date);
		it = cg_link_provs(g, l);
		if (!rc && cg_iter_next_prov(g, &it, &p))
			rc = cg_strbuf_printf(&tip, " [%s:%ld]", p.file, p.line);
	}
	if (!rc && count > TIP_LINKS)
		rc = cg_strbuf_printf(&tip, "\nand %zu more links", count - TIP_LINKS);
	if (rc)
		goto nomem;
	/* on a slide the links of both ways are one edge: an arrow when they
	 * all go one way */
	int back = c->o->slide && k->rev && same_way;
	if (c->o->slide && !same_way)
		directed = 0;
	if (!c->o->slide)
		directed = k->directed;
	fputs("  ", c->f);
	if ((rc = dot_put_node_id(c, back ? k->b : k->a)))
		goto nomem;
	fputs(" -> ", c->f);
	if ((rc = dot_put_node_id(c, back ? k->a : k->b)))
		goto nomem;
	fputs(" [label=", c->f);
	if ((rc = dot_put_q(c, cg_strbuf_cstr(&label))))
		goto nomem;
	fputs(", tooltip=", c->f);
	if ((rc = dot_put_q(c, cg_strbuf_cstr(&tip))))
		goto nomem;
	fputs(", labeltooltip=", c->f);
	if ((rc = dot_put_q(c, cg_strbuf_cstr(&tip))))
		goto nomem;
	if (!directed)
		fputs(", dir=\"none\"", c->f);
	if (money) {
		c->money_edges = 1;
		fputs(", color=\"#38761d\", fontcolor=\"#274e13\", penwidth=\"1.6\"", c->f);
	} else {
		cg_link_type lt = one_type ? cg_link_type_from_string(k->type) : CG_LT_OTHER;
		if (lt == CG_LT_ATTRIBUTED_TO)
			fputs(", style=\"dashed\", color=\"#990000\"", c->f);
		else if (lt == CG_LT_MENTIONS || lt == CG_LT_RELATED_TO)
			fputs(", style=\"dotted\"", c->f);
	}
	fputs("];\n", c->f);
	c->st.edges++;
	c->st.links += count;
	goto out;
nomem:
	rc = dot_nomem(c);
out:
	cg_strbuf_free(&label);
	cg_strbuf_free(&tip);
	return rc;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- the legend ---- */

/* A plaintext line of the footnote, wrapped at spaces into lines of about
 * width characters, each left-justified (\l). */
static int foot_line(cg_strbuf *sb, const char *text, size_t width)
{
	cg_strbuf esc = CG_STRBUF_INIT;
	size_t col = 0;
	int rc = 0;

	while (*text && !rc) {
		size_t w = strcspn(text, " ");
		if (col && col + 1 + w > width) {
			rc = cg_strbuf_puts(sb, "\\l");
			col = 0;
		} else if (col) {
			rc = cg_strbuf_putc(sb, ' ');
			col++;
		}
		cg_strbuf_reset(&esc);
		cg_strbuf word = CG_STRBUF_INIT;
		rc = rc || cg_strbuf_append(&word, text, w) ||
		     cg_dot_escape(&esc, cg_strbuf_cstr(&word));
		cg_strbuf_free(&word);
		rc = rc || cg_strbuf_puts(sb, cg_strbuf_cstr(&esc));
		col += w;
		text += w;
		while (*text == ' ')
			text++;
	}
	if (!rc)
		rc = cg_strbuf_puts(sb, "\\l");
	cg_strbuf_free(&esc);
	return rc;
}

/* The legend entries of the entity types drawn, custom types in name
 * order, each entry's quoted id appended to ids ("id";). Returns 0, or
 * nonzero out of memory. */
static int legend_types(dctx *c, cg_strbuf *ids)
{
	cg_strbuf line = CG_STRBUF_INIT;
	int rc = 0;

	for (int t = 0; t < CG_ENTITY_TYPE_COUNT; t++) {
		if (!c->present_types[t] || t == CG_ET_OTHER)
			continue;
		const cg_type_style *ts = cg_type_style_of((cg_entity_type)t);
		const char *name = cg_entity_type_to_string((cg_entity_type)t);
		fprintf(c->f,
		        "    \"legend:type:%s\" [label=\"%s\", shape=\"%s\", fillcolor=\"%s\", "
		        "tooltip=\"entity type\"];\n",
		        name, name, ts->shape, ts->fill);
		rc = rc || cg_strbuf_printf(ids, " \"legend:type:%s\";", name);
	}
	qsort(c->other_types, c->n_other_types, sizeof *c->other_types, str_cmp);
	for (size_t k = 0; k < c->n_other_types && !rc; k++) {
		const cg_type_style *ts = cg_type_style_of(CG_ET_OTHER);
		cg_strbuf_reset(&line);
		if ((rc = cg_strbuf_printf(&line, "legend:type:%s", c->other_types[k])))
			break;
		fputs("    ", c->f);
		if ((rc = dot_put_q(c, cg_strbuf_cstr(&line))))
			break;
		fputs(" [label=", c->f);
		if ((rc = dot_put_q(c, c->other_types[k])))
			break;
		fprintf(c->f, ", shape=\"%s\", fillcolor=\"%s\", tooltip=\"entity type\"];\n",
		        ts->shape, ts->fill);
		rc = cg_strbuf_puts(ids, " \"") || cg_dot_escape(ids, cg_strbuf_cstr(&line)) ||
		     cg_strbuf_puts(ids, "\";");
	}
	cg_strbuf_free(&line);
	return rc;
}

/* The legend entries of the roles drawn and of the broker, shared, focus
 * and money marks that occur, each entry's quoted id appended to ids.
 * Returns 0, or nonzero out of memory. */
static int legend_marks(dctx *c, cg_strbuf *ids)
{
	int rc = 0;

	for (int r = 0; r < CG_ROLE_COUNT && !rc; r++) {
		const cg_role_style *rs = cg_role_style_of((cg_role)r);
		if (!c->present_roles[r] || !rs)
			continue;
		fprintf(
		    c->f,
		    "    \"legend:role:%s\" [label=\"role: %s\", shape=\"box\", "
		    "fillcolor=\"#ffffff\", "
		    "style=\"filled%s%s\", color=\"%s\", penwidth=\"%.1f\", tooltip=\"role\"];\n",
		    rs->meaning, rs->meaning, rs->style[0] ? "," : "", rs->style, rs->color,
		    rs->penwidth);
		rc = cg_strbuf_printf(ids, " \"legend:role:%s\";", rs->meaning);
	}
	if (c->any_broker && !rc) {
		fputs(
		    "    \"legend:broker\" [label=\"broker #k: ranked\\nintermediary "
		    "(betweenness)\", "
		    "shape=\"box\", fillcolor=\"#ffffff\", color=\"#e69138\", penwidth=\"3.0\"];\n",
		    c->f);
		rc = cg_strbuf_puts(ids, " \"legend:broker\";");
	}
	if (c->any_shared && !rc) {
		fputs("    \"legend:shared\" [label=\"in two or more cases\", shape=\"box\", "
		      "fillcolor=\"#ffffff\", peripheries=\"2\"];\n",
		      c->f);
		rc = cg_strbuf_puts(ids, " \"legend:shared\";");
	}
	if (c->any_focus && !rc) {
		fputs("    \"legend:focus\" [label=\"focus of the diagram\", shape=\"box\", "
		      "fillcolor=\"#ffffff\", fontname=\"Helvetica-Bold\"];\n",
		      c->f);
		rc = cg_strbuf_puts(ids, " \"legend:focus\";");
	}
	if (c->any_agg && !rc) {
		fputs(
		    "    \"legend:more\" [label=\"+N: not drawn, counted\", shape=\"box\", "
		    "style=\"rounded,dashed,filled\", fillcolor=\"#ffffff\", color=\"#888888\"];\n",
		    c->f);
		rc = cg_strbuf_puts(ids, " \"legend:more\";");
	}
	if (c->money_edges && !rc) {
		fputs("    \"legend:money\" [label=\"green edge: money\\n(sum per currency)\", "
		      "shape=\"box\", fillcolor=\"#ffffff\", color=\"#38761d\", "
		      "fontcolor=\"#274e13\"];\n",
		      c->f);
		rc = cg_strbuf_puts(ids, " \"legend:money\";");
	}
	return rc;
}

/* The footnote's text into foot, in wrapped left-justified lines: the
 * sources, the date, what the diagram shows, collapsed and left out, the
 * redaction and the caller's note. Returns 0, or nonzero out of memory. */
static int legend_footnote(dctx *c, cg_strbuf *foot)
{
	cg_strbuf line = CG_STRBUF_INIT;
	int rc = 0;

	size_t width = c->o->slide ? 96 : 48;
	if (c->o->slide && c->o->n_sources > 2) {
		rc = cg_strbuf_printf(&line, "Sources: %zu input files, listed with the briefing.",
		                      c->o->n_sources) ||
		     foot_line(foot, cg_strbuf_cstr(&line), width);
	} else if (c->o->n_sources) {
		rc = cg_strbuf_puts(&line, c->o->n_sources == 1 ? "Source:" : "Sources:");
		for (size_t k = 0; !rc && k < c->o->n_sources && k < FOOT_SOURCES; k++)
			rc = cg_strbuf_printf(&line, " %s%s", c->o->sources[k],
			                      k + 1 < c->o->n_sources && k + 1 < FOOT_SOURCES ? ","
			                                                                      : "");
		if (!rc && c->o->n_sources > FOOT_SOURCES)
			rc = cg_strbuf_printf(&line, " and %zu more",
			                      c->o->n_sources - FOOT_SOURCES);
		rc = rc || foot_line(foot, cg_strbuf_cstr(&line), width);
	}
	if (!rc) {
		cg_strbuf_reset(&line);
		rc = cg_strbuf_printf(&line,
		                      "Drawn%s%s by %s: %zu nodes for %zu entities, %zu edges.",
		                      c->o->date ? " " : "", c->o->date ? c->o->date : "",
		                      c->o->generator ? c->o->generator : "casegraph", c->st.nodes,
		                      c->st.entities, c->st.edges) ||
		     foot_line(foot, cg_strbuf_cstr(&line), width);
	}
	if (!rc && c->st.collapsed_groups) {
		cg_strbuf_reset(&line);
		rc = cg_strbuf_printf(&line, "%zu leaves collapsed into %zu nodes.",
		                      c->st.collapsed_entities, c->st.collapsed_groups) ||
		     foot_line(foot, cg_strbuf_cstr(&line), width);
	}
	if (!rc && c->st.agg_groups) {
		cg_strbuf_reset(&line);
		rc = cg_strbuf_printf(&line, "%zu entities not drawn, counted in %zu +N nodes.",
		                      c->st.agg_entities, c->st.agg_groups) ||
		     foot_line(foot, cg_strbuf_cstr(&line), width);
	}
	if (!rc && c->st.left_out) {
		cg_strbuf_reset(&line);
		rc = cg_dot_left_out_text(&c->st, &line) ||
		     cg_strbuf_printf(&line, " (at most %zu nodes).", c->o->max_nodes) ||
		     foot_line(foot, cg_strbuf_cstr(&line), width);
	}
	if (!rc && c->o->redact)
		rc = foot_line(foot, "Redacted: names, e-mails, phones and account numbers masked.",
		               width);
	if (!rc && c->o->note)
		rc = foot_line(foot, c->o->note, width);
	cg_strbuf_free(&line);
	return rc;
}

/* The entries of ids (`"id"; "id";`) in rows of LEGEND_ROW, each row a
 * chain of invisible edges: in a left-to-right layout the chains stack
 * into a compact block. */
static void legend_rows(dctx *c, const char *ids)
{
	const char *p = ids;
	size_t k = 0;

	while (*p) {
		while (*p == ' ')
			p++;
		const char *semi = strchr(p, ';');
		if (!semi)
			break;
		if (k % LEGEND_ROW)
			fputs(" -> ", c->f);
		else
			fputs("    ", c->f);
		fwrite(p, 1, (size_t)(semi - p), c->f);
		k++;
		if (k % LEGEND_ROW == 0 || !strchr(semi + 1, ';'))
			fputs(" [style=\"invis\"];\n", c->f);
		p = semi + 1;
	}
}

/* The legend box: an entry per type, role and mark drawn, and the
 * footnote. Returns 0 or CG_ENOMEM (c->err set). */
/* How a role's outline looks, in words, for a slide's legend. */
static const char *const role_words[CG_ROLE_COUNT] = {
    [CG_ROLE_FACILITATOR] = "thick red", [CG_ROLE_FRONT] = "dashed brown",
    [CG_ROLE_SHELL] = "dotted brown",    [CG_ROLE_NOMINEE] = "dashed purple",
    [CG_ROLE_WORKER] = "green",          [CG_ROLE_CLIENT] = "blue",
    [CG_ROLE_VICTIM] = "dotted blue",
};

/* A slide's legend: the graph's label under the drawing, a few lines of
 * text (a box of sample nodes took a third of the slide): the title, the
 * colours (and shapes) of the types drawn, the outlines of the roles and
 * marks drawn with the edges, and one line of counts. The sources and the
 * diagram's note are in the briefing and the tooltip. Returns 0 or
 * CG_ENOMEM (c->err set). */
static int write_legend_slide(dctx *c, const char *title)
{
	cg_strbuf text = CG_STRBUF_INIT, line = CG_STRBUF_INIT;
	size_t k = 0;
	int rc = 0, rounded;

	rc = foot_line(&text, title, SLIDE_WIDTH);
	for (int t = 0; !rc && t < CG_ENTITY_TYPE_COUNT; t++) {
		if (!c->present_types[t] || t == CG_ET_OTHER)
			continue;
		const char *shape = shape_of((cg_entity_type)t, 1, &rounded);
		rc = cg_strbuf_printf(&line, "%s%s %s%s%s", k++ ? ", " : "Fill: ",
		                      cg_entity_type_to_string((cg_entity_type)t), slide_colours[t],
		                      rounded || strcmp(shape, "box") ? " " : "",
		                      rounded                ? "rounded"
		                      : strcmp(shape, "box") ? shape
		                                             : "");
	}
	if (!rc && c->n_other_types)
		rc = cg_strbuf_printf(&line, "%sother types white", k++ ? ", " : "Fill: ");
	rc = rc || cg_strbuf_putc(&line, '.') ||
	     foot_line(&text, cg_strbuf_cstr(&line), SLIDE_WIDTH);
	cg_strbuf_reset(&line);
	k = 0;
	for (int r = 0; !rc && r < CG_ROLE_COUNT; r++) {
		const cg_role_style *rs = cg_role_style_of((cg_role)r);
		if (c->present_roles[r] && rs && role_words[r])
			rc =
			    cg_strbuf_printf(&line, "%s%s %s",
			                     k++ ? ", " : "Outlines: ", role_words[r], rs->meaning);
	}
	if (!rc && c->any_broker)
		rc = cg_strbuf_printf(&line, "%sorange broker", k++ ? ", " : "Outlines: ");
	if (!rc && c->any_shared)
		rc = cg_strbuf_printf(&line, "%sdouble in 2+ cases", k++ ? ", " : "Outlines: ");
	if (!rc && c->any_focus)
		rc = cg_strbuf_printf(&line, "%sbold name focus", k++ ? ", " : "Outlines: ");
	if (!rc && k)
		rc = cg_strbuf_puts(&line, ". ");
	k = 0;
	if (!rc && c->o->assoc)
		rc = cg_strbuf_printf(&line, "%sfrom a case (dark) to what is in it",
		                      k++ ? ", " : "Edges: ");
	if (!rc && c->money_edges)
		rc = cg_strbuf_printf(&line, "%sgreen money", k++ ? ", " : "Edges: ");
	if (!rc && c->st.links > c->st.edges)
		rc = cg_strbuf_printf(&line, "%s\xC3\x97N links merged", k++ ? ", " : "Edges: ");
	if (!rc && k)
		rc = cg_strbuf_puts(&line, ".");
	if (!rc && line.len)
		rc = foot_line(&text, cg_strbuf_cstr(&line), SLIDE_WIDTH);
	cg_strbuf_reset(&line);
	rc = rc ||
	     cg_strbuf_printf(&line, "Drawn%s%s: %zu nodes for %zu entities", c->o->date ? " " : "",
	                      c->o->date ? c->o->date : "", c->st.nodes, c->st.entities);
	if (!rc && c->st.agg_groups)
		rc = cg_strbuf_printf(&line, ", +N: %zu more counted", c->st.agg_entities);
	if (!rc && c->st.left_out)
		rc = cg_strbuf_printf(&line, ", %zu left out", c->st.left_out);
	if (!rc && c->o->redact)
		rc = cg_strbuf_puts(&line, ", names masked");
	rc = rc || cg_strbuf_putc(&line, '.') ||
	     foot_line(&text, cg_strbuf_cstr(&line), SLIDE_WIDTH);
	if (rc)
		goto out;
	/* the graph's label, set last, once what is drawn is known */
	fprintf(c->f,
	        "  graph [label=\"%s\", labelloc=\"b\", labeljust=\"l\", fontsize=\"%d\", "
	        "fontcolor=\"#333333\"",
	        cg_strbuf_cstr(&text), SLIDE_SMALL);
	if (c->o->note) {
		fputs(", tooltip=", c->f);
		if (dot_put_q(c, c->o->note)) {
			rc = 1;
			goto out;
		}
	}
	fputs("];\n", c->f);
out:
	cg_strbuf_free(&text);
	cg_strbuf_free(&line);
	return rc ? dot_nomem(c) : 0;
}

static int write_legend(dctx *c, const char *title)
{
	cg_strbuf ids = CG_STRBUF_INIT, foot = CG_STRBUF_INIT;
	int rc;

	if (c->o->slide)
		return write_legend_slide(c, title);

	if (c->o->slide)
		fprintf(c->f,
		        "  subgraph \"cluster_legend\" {\n"
		        "    graph [label=\"Legend\", labeljust=\"l\", fontsize=\"%d\", "
		        "style=\"rounded\", color=\"#999999\"];\n"
		        "    node [fontsize=\"%d\", width=\"0\", height=\"0\", "
		        "margin=\"0.08,0.03\"];\n",
		        SLIDE_SMALL, SLIDE_SMALL);
	else
		fputs("  subgraph \"cluster_legend\" {\n"
		      "    graph [label=\"Legend\", labeljust=\"l\", fontsize=\"12\", "
		      "style=\"rounded\", color=\"#999999\"];\n"
		      "    node [fontsize=\"9\", width=\"1.4\", height=\"0.3\"];\n",
		      c->f);
	if ((rc = legend_types(c, &ids)) || (rc = legend_marks(c, &ids)) ||
	    (rc = legend_footnote(c, &foot)))
		goto out;
	fprintf(c->f,
	        "    \"legend:footnote\" [label=\"%s\", shape=\"plaintext\", style=\"\", "
	        "width=\"0\", fontsize=\"%d\", fontcolor=\"#444444\"];\n",
	        cg_strbuf_cstr(&foot), c->o->slide ? SLIDE_SMALL : 8);
	legend_rows(c, cg_strbuf_cstr(&ids));
	fputs("  }\n", c->f);
out:
	cg_strbuf_free(&ids);
	cg_strbuf_free(&foot);
	return rc ? dot_nomem(c) : 0;
}

int cg_dot_left_out_text(const cg_dot_stats *st, cg_strbuf *sb)
{
	int rc = 0, first = 1;

	if (!st->left_out)
		return 0;
	rc = cg_strbuf_printf(sb, "%zu entit%s left out", st->left_out,
	                      st->left_out == 1 ? "y" : "ies");
	for (int t = 0; t < CG_ENTITY_TYPE_COUNT && !rc; t++) {
		if (!st->left_out_by_type[t])
			continue;
		rc = cg_strbuf_printf(sb, "%s %zu %s", first ? ":" : ",", st->left_out_by_type[t],
		                      cg_entity_type_to_string((cg_entity_type)t));
		first = 0;
	}
	return rc;
}

/* ---- the document ---- */

/* The default title: the cases of the drawn entities. */
static int default_title(dctx *c, cg_strbuf *sb)
{
	const char **names = malloc((c->st.selected + 1) * sizeof *names);
	size_t n = 0;
	const char *cases[CASES_MAX];
	int rc;

	if (!names)
		return CG_ENOMEM;
	for (size_t i = 0; i < c->n_units; i++) {
		if (!c->units[i].kept || c->units[i].agg)
			continue;
		size_t nc = cg_entity_cases(c->g, c->units[i].e, cases, CASES_MAX);
		for (size_t k = 0; k < nc && k < CASES_MAX; k++) {
			size_t x;
			for (x = 0; x < n && names[x] != cases[k]; x++)
				;
			if (x == n && n < c->st.selected + 1)
				names[n++] = cases[k];
		}
	}
	qsort(names, n, sizeof *names, str_cmp);
	rc = cg_strbuf_printf(sb, "Network of %zu case%s", n, n == 1 ? "" : "s");
	for (size_t k = 0; !rc && k < n && k < 4; k++)
		rc = cg_strbuf_printf(sb, "%s%s", k ? ", " : ": ", names[k]);
	if (!rc && n > 4)
		rc = cg_strbuf_printf(sb, " and %zu more", n - 4);
	free(names);
	return rc;
}

/* The largest measure among the entities drawn as nodes of their own: the
 * scale of the font sizes (cg_dot_opts.size_by). */
static double largest_measure(const dctx *c)
{
	double max = 0;

	for (size_t i = 0; i < c->n_units; i++) {
		const unit *u = &c->units[i];
		if (u->kept && !u->agg && u->anchor == CG_NO_ENTITY && measure(c, u->e) > max)
			max = measure(c, u->e);
	}
	return max;
}

/* The first lines: a comment saying how to lay the file out, the graph's
 * title and attributes (a 16:9 size for a slide), the defaults of nodes and
 * edges. Returns 0 or CG_ENOMEM (c->err set). */
static int write_head(dctx *c, const char *title)
{
	int rc;

	fputs("// casegraph briefing diagram (docs/RENDER.md). Lay out with: dot -Tsvg FILE.dot\n",
	      c->f);
	fputs("digraph \"casegraph\" {\n  graph [label=", c->f);
	if ((rc = dot_put_q(c, title)))
		return dot_nomem(c);
	fputs(", tooltip=", c->f);
	if ((rc = dot_put_q(c, title)))
		return dot_nomem(c);
	fprintf(c->f,
	        ", labelloc=\"t\", fontname=\"Helvetica\", fontsize=\"20\", rankdir=\"%s\", "
	        "newrank=\"true\", nodesep=\"0.25\", ranksep=\"%s\", splines=\"true\", "
	        "overlap=\"prism\", outputorder=\"edgesfirst\", pad=\"%s\"",
	        c->o->slide && !c->o->left_to_right ? "TB" : "LR", c->o->slide ? "0.3" : "0.6",
	        c->o->slide ? "0.2" : "0.3");
	if (c->o->layout && (!strcmp(c->o->layout, "twopi") || !strcmp(c->o->layout, "neato") ||
	                     !strcmp(c->o->layout, "sfdp"))) {
		fprintf(c->f, ", layout=\"%s\", overlap=\"false\", sep=\"+10\"", c->o->layout);
		for (size_t i = 0; !strcmp(c->o->layout, "twopi") && i < c->n_units; i++) {
			const unit *u = &c->units[i];
			if (u->kept && !u->agg && u->anchor == CG_NO_ENTITY &&
			    dot_is_focus(c, u->e)) {
				fputs(", root=", c->f);
				if (dot_put_node_id(c, i))
					return dot_nomem(c);
				fputs(", ranksep=\"1.6\"", c->f);
				break;
			}
		}
	}
	if (c->o->slide) {
		/* fonts for a slide: 14 points and more, the drawing fit to 16:9 */
		fprintf(c->f,
		        ", size=\"13.3,7.5\"];\n"
		        "  node [fontname=\"Helvetica\", fontsize=\"%d\", style=\"filled\", "
		        "color=\"#555555\", penwidth=\"1.2\", margin=\"0.12,0.06\"];\n"
		        "  edge [fontname=\"Helvetica\", fontsize=\"%d\", color=\"#777777\", "
		        "fontcolor=\"#333333\", arrowsize=\"0.8\"];\n",
		        SLIDE_FONT, SLIDE_SMALL);
		return 0;
	}
	fputs("];\n  node [fontname=\"Helvetica\", fontsize=\"10\", style=\"filled\", "
	      "color=\"#555555\", penwidth=\"1.0\", margin=\"0.10,0.05\"];\n"
	      "  edge [fontname=\"Helvetica\", fontsize=\"8\", color=\"#888888\", "
	      "fontcolor=\"#444444\", arrowsize=\"0.6\"];\n",
	      c->f);
	return 0;
}

/* The kept units: a box per group, titled with its case or cluster and the
 * entities in it, holding its units; then the units outside any group.
 * Returns 0 or CG_ENOMEM. */
static int write_nodes(dctx *c)
{
	cg_strbuf title = CG_STRBUF_INIT;
	int rc = 0;

	for (size_t gi = 0; gi < c->n_groups; gi++) {
		const group *gr = &c->groups[gi];
		cg_strbuf_reset(&title);
		if (c->o->group_by == CG_GROUP_CASE)
			rc = cg_strbuf_printf(&title, "case %s (%zu)", gr->case_name, gr->members);
		else
			rc = cg_strbuf_printf(&title, "cluster %zu (%zu)", gr->cluster + 1,
			                      gr->members);
		if (rc)
			goto nomem;
		fprintf(c->f, "  subgraph \"cluster_%zu\" {\n    graph [label=", gi + 1);
		if ((rc = dot_put_q(c, cg_strbuf_cstr(&title))))
			goto nomem;
		fprintf(c->f,
		        ", labeljust=\"l\", fontsize=\"%d\", style=\"rounded,filled\", "
		        "fillcolor=\"#f7f7f7\", color=\"#bbbbbb\"];\n",
		        c->o->slide ? SLIDE_FONT : 12);
		for (size_t i = 0; i < c->n_units; i++)
			if (c->units[i].kept && c->units[i].group == gi &&
			    (rc = write_unit(c, i, "    ")))
				goto out;
		fputs("  }\n", c->f);
	}
	for (size_t i = 0; i < c->n_units; i++)
		if (c->units[i].kept && c->units[i].group == SIZE_MAX &&
		    (rc = write_unit(c, i, "  ")))
			goto out;
	goto out;
nomem:
	rc = dot_nomem(c);
out:
	cg_strbuf_free(&title);
	return rc;
}

/* One edge per run of parallel links in c->edges; st.edges and st.links
 * count them. Returns 0 or CG_ENOMEM. */
static int write_edges(dctx *c)
{
	int rc;

	c->st.edges = 0;
	for (size_t i = 0; i < c->n_edges;) {
		size_t j = i + 1;
		while (j < c->n_edges && dot_same_edge(c, &c->edges[i], &c->edges[j]))
			j++;
		if ((rc = write_edge(c, i, j)))
			return rc;
		i = j;
	}
	/* each counted group hangs on the node it was counted for */
	for (size_t i = c->n_units - c->n_aggs; i < c->n_units; i++) {
		fputs("  ", c->f);
		if (dot_put_node_id(c, c->units[i].agg - 1) || (fputs(" -> ", c->f), 0) ||
		    dot_put_node_id(c, i))
			return dot_nomem(c);
		fputs(" [dir=\"none\", style=\"dashed\", color=\"#aaaaaa\", tooltip=\"links to "
		      "entities not drawn\"];\n",
		      c->f);
		c->st.edges++;
	}
	return 0;
}

int dot_write_all(dctx *c)
{
	cg_strbuf title = CG_STRBUF_INIT;
	int rc;

	c->max_size = largest_measure(c);
	if (c->o->title ? cg_strbuf_puts(&title, c->o->title) : default_title(c, &title)) {
		rc = dot_nomem(c);
		goto out;
	}
	if ((rc = write_head(c, cg_strbuf_cstr(&title))) || (rc = write_nodes(c)) ||
	    (rc = c->o->assoc ? dot_assoc_write(c) : write_edges(c)) ||
	    (rc = write_legend(c, cg_strbuf_cstr(&title))))
		goto out;
	fputs("}\n", c->f);
	if (ferror(c->f))
		rc = cg_error_set(c->err, CG_EIO, NULL, 0, 0, "cannot write the diagram: %s",
		                  strerror(errno));
out:
	cg_strbuf_free(&title);
	return rc;
}
