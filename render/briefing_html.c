/* briefing.html: the briefing as one self-contained interactive page, from
 * the same analysis results as briefing.md (render/briefing.c): the key
 * findings, the cases, clusters, facilitators, shared infrastructure and
 * money, each section with its diagram's SVG inlined, with pan and zoom, a
 * search box, a side panel with each entity's and link's properties, cases
 * and citations, and toggles that hide a type or a case.
 *
 * Safety: every piece of data in the HTML is escaped with cg_xml_escape;
 * the graph data the script needs is one JSON document in a
 * <script type="application/json"> element, its strings escaped so that
 * nothing in them can end the element ('<', '>', '&', U+2028 and U+2029 as
 * \uXXXX); the script builds the panel with textContent, never innerHTML,
 * and makes no link from data. An SVG is inlined only when every element
 * of it is one Graphviz draws with (svg, g, title, a, path, polygon,
 * polyline, ellipse, text ...) and no attribute is an event handler or an
 * href; its comments, XML declaration and DOCTYPE are dropped. The page
 * loads nothing: a Content-Security-Policy forbids every network request,
 * and the style and script are inlined (render/briefing_html.css and .js,
 * made into briefing_html_assets.h by render/embed.py at build time). */
#include "briefing_internal.h"
#include "timeline.h"

#include "briefing_html_assets.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HTML_MAX_ENTITIES 20000       /* entities embedded for search and the panel */
#define HTML_MAX_LINKS    50000       /* links embedded */
#define HTML_MAX_SVG      (16u << 20) /* an SVG larger than this is linked, not inlined */
#define HTML_CITES        12          /* records cited per entity in the panel */
#define HTML_LINK_CITES   6           /* records cited per link */
#define HTML_CASES_MAX    64          /* cases named per entity */

typedef struct hx {
	const cg_graph *g;
	const cg_report_input *in;
	const char *svg_dir;
	FILE *f;
	cg_strbuf line, tmp, js; /* js: jstr's own */
	const char **types;      /* the entity types present, sorted */
	size_t n_types, cap_types;
	int rc;
} hx;

/* ---- output helpers: each appends to x->line; put() writes it out ---- */

static void put(hx *x)
{
	if (!x->rc)
		fwrite(x->line.buf ? x->line.buf : "", 1, x->line.len, x->f);
	cg_strbuf_reset(&x->line);
}

static void text(hx *x, const char *s)
{
	if (!x->rc && cg_strbuf_puts(&x->line, s))
		x->rc = CG_ENOMEM;
}

static void textf(hx *x, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void textf(hx *x, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof buf)
		text(x, buf);
	else if (!x->rc)
		x->rc = CG_ENOMEM; /* only short fixed texts are formatted here */
}

/* s as HTML text or attribute value */
static void esc(hx *x, const char *s)
{
	if (!x->rc && cg_xml_escape(&x->line, s ? s : ""))
		x->rc = CG_ENOMEM;
}

static void code(hx *x, const char *s)
{
	text(x, "<code>");
	esc(x, s);
	text(x, "</code>");
}

/* The name shown for e (redacted when asked), into x->tmp. */
static const char *name_of(hx *x, cg_eid e)
{
	cg_strbuf_reset(&x->tmp);
	if (x->in->redact
	        ? cg_redact_name(&x->tmp, x->g, e)
	        : cg_strbuf_puts(&x->tmp, cg_entity_name(x->g, e) ? cg_entity_name(x->g, e) : ""))
		x->rc = CG_ENOMEM;
	return cg_strbuf_cstr(&x->tmp);
}

/* A clickable name: the script opens the panel of entity e (data-e is a
 * number, never data). */
static void name(hx *x, cg_eid e)
{
	if (e < HTML_MAX_ENTITIES)
		textf(x, "<span class=\"ent\" data-e=\"%u\">", (unsigned)e);
	else
		text(x, "<span>");
	esc(x, name_of(x, e));
	text(x, "</span>");
}

static void entity(hx *x, cg_eid e)
{
	text(x, "<b>");
	name(x, e);
	text(x, "</b> ");
	code(x, x->in->redact ? cg_entity_type_name(x->g, e) : cg_entity_id(x->g, e));
}

static void cite(hx *x, const cg_prov *p)
{
	cg_strbuf_reset(&x->tmp);
	if (cg_strbuf_printf(&x->tmp, "%s:%ld", p->file, p->line))
		x->rc = CG_ENOMEM;
	code(x, cg_strbuf_cstr(&x->tmp));
}

static void citations(hx *x, cg_eid e)
{
	cg_iter it = cg_entity_provs(x->g, e);
	cg_prov p;
	size_t k = 0;
	text(x, "<ul>\n");
	while (cg_iter_next_prov(x->g, &it, &p)) {
		if (k++ >= BRIEF_CITATIONS)
			continue;
		text(x, "<li>");
		cite(x, &p);
		text(x, " case ");
		esc(x, p.case_name);
		text(x, "</li>\n");
		put(x);
	}
	if (k > BRIEF_CITATIONS)
		textf(x, "<li>and %zu more records</li>\n", k - BRIEF_CITATIONS);
	text(x, "</ul>\n");
	put(x);
}

static void money(hx *x, int64_t minor, const char *cur)
{
	cg_strbuf_reset(&x->tmp);
	if (cg_money_text(&x->tmp, minor, cur))
		x->rc = CG_ENOMEM;
	esc(x, cg_strbuf_cstr(&x->tmp));
	text(x, " ");
	esc(x, cur);
}

/* The values of property prop of e, "; "-separated. */
static void prop_values(hx *x, cg_eid e, const char *prop)
{
	cg_iter it = cg_entity_props(x->g, e);
	const char *n, *v;
	int any = 0;

	while (cg_iter_next_prop(x->g, &it, &n, &v))
		if (strcmp(n, prop) == 0) {
			text(x, any ? "; " : "");
			esc(x, v);
			any = 1;
		}
}

/* ---- the SVG of a diagram, checked and inlined ---- */

static const char *const svg_tags[] = {
    "svg",      "g",    "title",   "a",        "path",           "polygon",
    "polyline", "line", "ellipse", "circle",   "rect",           "text",
    "tspan",    "defs", "desc",    "metadata", "linearGradient", "radialGradient",
    "stop",     NULL,
};

static int allowed_tag(const char *s, size_t n)
{
	for (size_t i = 0; svg_tags[i]; i++)
		if (strlen(svg_tags[i]) == n && strncasecmp(svg_tags[i], s, n) == 0)
			return 1;
	return 0;
}

/* Checks the tag at s (after '<', not a comment), returns its end (after
 * '>') or NULL when it is not one Graphviz draws with or has an event
 * handler or link attribute. */
static const char *check_tag(const char *s, const char *end)
{
	const char *p = s + (*s == '/'), *q = p;
	while (q < end && (isalnum((unsigned char)*q) || *q == ':' || *q == '-'))
		q++;
	if (!allowed_tag(p, (size_t)(q - p)))
		return NULL;
	while (q < end) {
		const char *a;
		while (q < end && strchr(" \t\r\n", *q))
			q++;
		if (q < end && *q == '>')
			return q + 1;
		if (q + 1 < end && *q == '/' && q[1] == '>')
			return q + 2;
		for (a = q; q < end && !strchr(" \t\r\n=/>", *q); q++)
			;
		if (q == a || (q - a >= 2 && strncasecmp(a, "on", 2) == 0))
			return NULL;
		for (const char *h = a; h + 4 <= q; h++)
			if (strncasecmp(h, "href", 4) == 0)
				return NULL;
		while (q < end && strchr(" \t\r\n", *q))
			q++;
		if (q < end && *q == '=') {
			q++;
			while (q < end && strchr(" \t\r\n", *q))
				q++;
			if (q >= end || (*q != '"' && *q != '\''))
				return NULL;
			const char *c = memchr(q + 1, *q, (size_t)(end - q - 1));
			if (!c || memchr(q + 1, '<', (size_t)(c - q - 1)))
				return NULL;
			q = c + 1;
		}
	}
	return NULL;
}

/* Appends the SVG in buf[0, n) to out without its XML declaration,
 * DOCTYPE and comments. Returns 0, 1 when it holds anything else than
 * Graphviz's drawing elements, or CG_ENOMEM. */
static int svg_clean(const char *buf, size_t n, cg_strbuf *out)
{
	const char *p = buf, *end = buf + n, *start = NULL;

	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt)
			lt = end;
		if (start && lt > p && cg_strbuf_append(out, p, (size_t)(lt - p)))
			return CG_ENOMEM;
		if (lt == end)
			break;
		if (end - lt >= 4 && memcmp(lt, "<!--", 4) == 0) {
			const char *c = strstr(lt + 4, "-->");
			if (!c)
				return 1;
			p = c + 3;
		} else if (lt[1] == '?' || lt[1] == '!') {
			if (start)
				return 1;
			const char *c = memchr(lt, '>', (size_t)(end - lt));
			if (!c)
				return 1;
			p = c + 1;
		} else {
			const char *c = check_tag(lt + 1, end);
			if (!c)
				return 1;
			if (!start && (end - lt < 4 || strncmp(lt, "<svg", 4)))
				return 1;
			start = lt;
			if (cg_strbuf_append(out, lt, (size_t)(c - lt)))
				return CG_ENOMEM;
			p = c;
		}
	}
	return start ? 0 : 1;
}

/* Reads dir/<kind>.svg into out, cleaned. Returns 0, 1 with why set when
 * it cannot be inlined, or CG_ENOMEM. */
static int svg_read(hx *x, cg_diagram_kind k, cg_strbuf *out, const char **why)
{
	cg_strbuf path = CG_STRBUF_INIT;
	char *buf = NULL;
	size_t n = 0;
	int rc = 1;
	FILE *f = NULL;

	*why = "its SVG could not be read";
	if (cg_strbuf_printf(&path, "%s/%s.svg", x->svg_dir ? x->svg_dir : ".",
	                     cg_diagram_kind_to_string(k))) {
		rc = CG_ENOMEM;
		goto out;
	}
	if (!(f = fopen(path.buf, "rb")))
		goto out;
	if (!(buf = malloc(HTML_MAX_SVG + 1))) {
		rc = CG_ENOMEM;
		goto out;
	}
	n = fread(buf, 1, HTML_MAX_SVG + 1, f);
	if (ferror(f))
		goto out;
	if (n > HTML_MAX_SVG) {
		*why = "its SVG is larger than 16 MB";
		goto out;
	}
	buf[n] = '\0';
	rc = svg_clean(buf, n, out);
	if (rc == 1)
		*why = "its SVG holds something other than Graphviz's drawing";
out:
	if (f)
		fclose(f);
	free(buf);
	cg_strbuf_free(&path);
	return rc;
}

static void diagram(hx *x, cg_diagram_kind k, const cg_report_diagram *d)
{
	const char *file = cg_diagram_kind_to_string(k), *why = d->why_not;
	cg_strbuf svg = CG_STRBUF_INIT;
	int inl = 0;

	if (d->empty) {
		text(x, "<p class=\"note\">No diagram: nothing to draw.</p>\n");
		put(x);
		return;
	}
	if (d->rendered && !x->rc) {
		int rc = svg_read(x, k, &svg, &why);
		if (rc < 0)
			x->rc = rc;
		inl = rc == 0;
	}
	textf(x, "<figure class=\"diagram\" data-kind=\"%s\">\n", file);
	if (inl) {
		text(x, "<div class=\"dtools\"><button class=\"reset\">Reset view</button>"
		        "<button class=\"zin\">+</button><button class=\"zout\">&#8722;</button>"
		        "<span>Wheel to zoom, drag to pan, click a node or an edge for its "
		        "records.</span></div>\n<div class=\"viewport\">");
		put(x);
		if (!x->rc)
			fwrite(svg.buf, 1, svg.len, x->f);
		text(x, "</div>\n");
	}
	if (k == CG_DIAGRAM_TIMELINE)
		textf(x, "<figcaption>%s: %zu events, a row per case, a column per period",
		      brief_diagram_titles[k], d->stats.nodes);
	else
		textf(x, "<figcaption>%s: %zu nodes for %zu entities, %zu edges for %zu links",
		      brief_diagram_titles[k], d->stats.nodes, d->stats.entities, d->stats.edges,
		      d->stats.links);
	if (d->stats.left_out) {
		cg_strbuf_reset(&x->tmp);
		if (cg_dot_left_out_text(&d->stats, &x->tmp))
			x->rc = CG_ENOMEM;
		text(x, "; ");
		esc(x, cg_strbuf_cstr(&x->tmp));
		text(x, " to fit a slide");
	}
	text(x, ". Source: ");
	textf(x, "<code>%s.dot</code>", file);
	if (!inl) {
		text(x, ". Not shown");
		if (why) {
			text(x, ": ");
			esc(x, why);
		}
	}
	text(x, ".</figcaption>\n</figure>\n");
	put(x);
	cg_strbuf_free(&svg);
}

/* ---- the findings (the sections of briefing.md) ---- */

static void key_findings(hx *x)
{
	const cg_report_input *in = x->in;

	text(x, "<section id=\"key\"><h2>Key findings</h2>\n<ul>\n");
	if (brief_seeds(in->brokers, 1)) {
		const cg_broker *r = &in->brokers->rows[0];
		text(x, "<li><b>Top facilitator:</b> ");
		entity(x, r->entity);
		textf(x, ", first of %zu entities ranked by betweenness (%.6g).</li>\n",
		      in->brokers->n, r->betweenness);
	}
	if (in->shared) {
		textf(x,
		      "<li><b>Shared infrastructure:</b> %zu entit%s in two or more of the %zu "
		      "cases",
		      in->shared->n, in->shared->n == 1 ? "y" : "ies", in->shared->n_cases);
		if (in->shared->n) {
			text(x, "; first by cases and rarity: ");
			entity(x, in->shared->rows[0].entity);
			textf(x, " in %zu cases", in->shared->rows[0].n_cases);
		}
		text(x, ".</li>\n");
	}
	if (in->clusters && in->clusters->n)
		textf(
		    x,
		    "<li><b>Clusters:</b> %zu; the largest has %zu entities from %zu cases.</li>\n",
		    in->clusters->n, in->clusters->clusters[0].size,
		    in->clusters->clusters[0].n_cases);
	if (in->money && in->money->links_counted)
		textf(x, "<li><b>Money:</b> %zu links carry money.</li>\n",
		      in->money->links_counted);
	text(x, "</ul></section>\n");
	put(x);
}

/* The screening hits (casegraph --reference), before the cases, as in
 * briefing.md: each listed entity with its list records and programs. */
static void section_screening(hx *x)
{
	cg_screen_row *rows = NULL;
	size_t n = 0;
	cg_error err;

	if (cg_screen_rows(x->g, &rows, &n, &err)) {
		x->rc = CG_ENOMEM;
		return;
	}
	if (brief_screen_hits(rows, n, NULL))
		text(x, "<section id=\"screening\"><h2>Screening hits</h2>\n<p>Entities of the "
		        "cases that a reference list names; a list is evidence, never a "
		        "case.</p>\n<ul>\n");
	for (size_t i = 0, j; i < n; i = j) {
		int hit;
		cg_eid e = rows[i].entity;
		j = cg_screen_group(rows, n, i, &hit);
		if (!hit)
			continue;
		text(x, "<li>");
		entity(x, e);
		text(x, ":");
		for (size_t k = i; k < j; k++) {
			if (rows[k].how == CG_SCREEN_LINKED)
				continue;
			text(x, " listed on ");
			esc(x, rows[k].prov.case_name);
			text(x, " (");
			cite(x, &rows[k].prov);
			textf(x, "), matched by %s, score %.2f.",
			      cg_screen_how_to_string(rows[k].how), rows[k].score);
		}
		for (size_t k = 0; brief_listing_props[k]; k++) {
			if (!cg_entity_prop(x->g, e, brief_listing_props[k]))
				continue;
			text(x, " ");
			esc(x, brief_listing_props[k]);
			text(x, ": ");
			prop_values(x, e, brief_listing_props[k]);
			text(x, ".");
		}
		text(x, "</li>\n");
		put(x);
	}
	if (brief_screen_hits(rows, n, NULL))
		text(x, "</ul></section>\n");
	put(x);
	free(rows);
}

static void section_cases(hx *x, const cg_report_diagram *d)
{
	const cg_summary *s = x->in->summary;

	text(x, "<section id=\"cases\"><h2>1. The cases</h2>\n");
	if (s) {
		textf(x,
		      "<p>%zu cases, %zu entities (from %zu records; %zu merged from several "
		      "records, %zu in two or more cases), %zu links.</p>\n",
		      s->n_cases, s->entities, s->records, s->merged_entities, s->cross_case,
		      s->links);
		text(x, "<table><tr><th>case</th><th>entities</th><th>links</th></tr>\n");
		put(x);
		for (size_t i = 0; i < s->n_cases; i++) {
			text(x, "<tr><td>");
			esc(x, s->cases[i].name);
			textf(x, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
			      s->cases[i].count, s->cases[i].links);
			put(x);
		}
		text(x, "</table>\n");
	}
	put(x);
	diagram(x, CG_DIAGRAM_CASES, d);
	text(x, "</section>\n");
}

static void section_clusters(hx *x, const cg_report_diagram *d)
{
	const cg_clusters *c = x->in->clusters;
	size_t top = brief_top(x->in);

	text(x, "<section id=\"clusters\"><h2>2. Clusters</h2>\n");
	if (c) {
		textf(x, "<p>%zu clusters (%s, resolution %g, seed %lu); modularity ", c->n,
		      cg_cluster_method_to_string(c->method), c->resolution, c->seed);
		if (isnan(c->modularity))
			text(x, "n/a");
		else
			textf(x, "%.3f", c->modularity);
		text(x, ".</p>\n<table><tr><th>#</th><th>entities</th><th>cases (members)</th>"
		        "<th>central members</th></tr>\n");
		put(x);
		for (size_t k = 0; k < c->n && k < top; k++) {
			const cg_cluster *cl = &c->clusters[k];
			textf(x, "<tr><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>", k + 1,
			      cl->size);
			for (size_t i = 0; i < cl->n_cases; i++) {
				text(x, i ? ", " : "");
				esc(x, cl->cases[i].name);
				textf(x, " (%zu)", cl->cases[i].count);
			}
			text(x, "</td><td>");
			for (size_t i = 0; i < cl->n_central && i < 3; i++) {
				text(x, i ? "; " : "");
				name(x, cl->members[i]);
			}
			text(x, "</td></tr>\n");
			put(x);
		}
		text(x, "</table>\n");
	} else {
		text(x, "<p>Not computed.</p>\n");
	}
	put(x);
	diagram(x, CG_DIAGRAM_CLUSTERS, d);
	text(x, "</section>\n");
}

static void section_brokers(hx *x, const cg_report_diagram *d)
{
	const cg_brokers *b = x->in->brokers;
	size_t top = brief_top(x->in), listed = 0;

	text(x, "<section id=\"facilitators\"><h2>3. Facilitators</h2>\n<p>Entities ranked by "
	        "betweenness: how many shortest paths between other entities run through "
	        "them.</p>\n");
	put(x);
	for (size_t i = 0; b && i < b->n && listed < top; i++) {
		const cg_broker *r = &b->rows[i];
		if (!brief_broker_listed(r))
			continue;
		if (!listed++)
			text(x, "<table><tr><th>rank</th><th>entity</th><th>cases</th>"
			        "<th>betweenness</th></tr>\n");
		textf(x, "<tr><td class=\"n\">%zu</td><td>", r->rank_betweenness);
		entity(x, r->entity);
		text(x, "</td><td>");
		const char *cases[HTML_CASES_MAX];
		size_t n = cg_entity_cases(x->g, r->entity, cases, HTML_CASES_MAX);
		for (size_t k = 0; k < n && k < HTML_CASES_MAX; k++) {
			text(x, k ? ", " : "");
			esc(x, cases[k]);
		}
		textf(x, "</td><td class=\"n\">%.6g%s</td></tr>\n", r->betweenness,
		      r->articulation ? " (cut point)" : "");
		put(x);
	}
	if (listed)
		text(x, "</table>\n");
	else
		text(x, "<p>No entity lies on the shortest paths between others.</p>\n");
	put(x);
	for (size_t i = 0, seeds = brief_seeds(b, BRIEF_SEEDS); i < seeds; i++) {
		textf(x, "<p><b>%zu.</b> ", i + 1);
		entity(x, b->rows[i].entity);
		text(x, " appears in:</p>\n");
		citations(x, b->rows[i].entity);
	}
	diagram(x, CG_DIAGRAM_FACILITATORS, d);
	text(x, "</section>\n");
}

static void section_shared(hx *x, const cg_report_diagram *d)
{
	const cg_shared *s = x->in->shared;
	size_t top = brief_top(x->in);

	text(x, "<section id=\"shared\"><h2>4. Shared infrastructure</h2>\n");
	if (s) {
		textf(x,
		      "<p>%zu entit%s appear in two or more of the %zu cases, ranked by the "
		      "number of cases, then by rarity.</p>\n<ol>\n",
		      s->n, s->n == 1 ? "y" : "ies", s->n_cases);
		put(x);
		for (size_t i = 0; i < s->n && i < top; i++) {
			const cg_shared_row *r = &s->rows[i];
			text(x, "<li>");
			entity(x, r->entity);
			textf(x, ": %zu cases (", r->n_cases);
			for (size_t k = 0; k < r->n_cases; k++) {
				text(x, k ? ", " : "");
				esc(x, r->cases[k]);
			}
			textf(x, "), %zu link%s\n", r->degree, r->degree == 1 ? "" : "s");
			citations(x, r->entity);
			text(x, "</li>\n");
		}
		text(x, "</ol>\n");
		if (s->n > top)
			textf(x, "<p>%zu more (<code>casegraph shared</code>).</p>\n", s->n - top);
	} else {
		text(x, "<p>Not computed.</p>\n");
	}
	put(x);
	diagram(x, CG_DIAGRAM_SHARED, d);
	text(x, "</section>\n");
}

static void section_money(hx *x, const cg_report_diagram *d)
{
	const cg_money *mo = x->in->money;
	const cg_graph *g = x->g;
	size_t top = brief_top(x->in);

	text(x, "<section id=\"money\"><h2>5. Money flows</h2>\n");
	if (!mo || !mo->links_counted) {
		text(x, "<p>No link carries an amount.</p>\n");
	} else {
		textf(x,
		      "<p>%zu links carry money (currencies are never added together).</p>\n"
		      "<table><tr><th>entity</th><th>in</th><th>out</th><th>links</th></tr>\n",
		      mo->links_counted);
		put(x);
		for (size_t i = 0; i < mo->n_entities && i < top; i++) {
			const cg_money_row *r = &mo->entities[i];
			for (size_t k = 0; k < r->n_sums; k++) {
				text(x, "<tr><td>");
				if (!k)
					name(x, r->entity);
				text(x, "</td><td class=\"n\">");
				money(x, r->sums[k].in, r->sums[k].currency);
				text(x, "</td><td class=\"n\">");
				money(x, r->sums[k].out, r->sums[k].currency);
				textf(x, "</td><td class=\"n\">%zu</td></tr>\n", r->sums[k].links);
				put(x);
			}
		}
		text(x, "</table>\n<p>Largest flows:</p>\n<table><tr><th>amount</th><th>from</th>"
		        "<th>to</th><th>date</th><th>source</th></tr>\n");
		put(x);
		for (size_t i = 0; i < mo->n_flows && i < top; i++) {
			cg_lid l = mo->flows[i];
			cg_iter it = cg_link_provs(g, l);
			cg_prov p;
			brief_flow fl;
			brief_flow_of(g, l, &fl);
			text(x, "<tr><td class=\"n\">");
			money(x, fl.amount, fl.currency);
			text(x, "</td><td>");
			name(x, fl.from);
			text(x, "</td><td>");
			name(x, fl.to);
			text(x, "</td><td>");
			esc(x, fl.date ? fl.date : "-");
			text(x, "</td><td>");
			for (size_t k = 0; cg_iter_next_prov(g, &it, &p); k++) {
				if (k < BRIEF_FLOW_CITES) {
					text(x, k ? ", " : "");
					cite(x, &p);
				} else if (k == BRIEF_FLOW_CITES) {
					text(x, " ...");
				}
			}
			text(x, "</td></tr>\n");
			put(x);
		}
		text(x, "</table>\n");
	}
	put(x);
	diagram(x, CG_DIAGRAM_MONEY, d);
	text(x, "</section>\n");
}

/* The timeline, when something has a date (briefing.md's section 6): the
 * first events in time order, each with its date, case, what happened and
 * the record that dated it, then the diagram. */
static void section_timeline(hx *x, const cg_report_diagram *d)
{
	cg_timeline *t = NULL;
	size_t top = brief_top(x->in);
	cg_error err;

	if (d->empty)
		return;
	if (brief_timeline(x->g, x->in, &t, &err)) {
		x->rc = err.code;
		return;
	}
	textf(x,
	      "<section id=\"timeline\"><h2>6. Timeline</h2>\n<p>%zu dated events in time "
	      "order, a lane per case: links and payments by their date or time span, entities "
	      "by when their sources saw them, and the first and last sight of what two cases "
	      "share",
	      t->n);
	if (t->undated)
		textf(x, "; %zu link%s without a date left out", t->undated,
		      t->undated == 1 ? "" : "s");
	textf(x,
	      ". The first %zu (<code>casegraph render --timeline --text</code> lists them "
	      "all):</p>\n<table><tr><th>date</th><th>case</th><th>event</th><th>source</th>"
	      "</tr>\n",
	      t->n < top ? t->n : top);
	put(x);
	for (size_t i = 0; i < t->n && i < top && !x->rc; i++) {
		const cg_event *ev = &t->events[i];
		text(x, "<tr><td class=\"date\">");
		esc(x, ev->day);
		text(x, "</td><td>");
		esc(x, ev->lane);
		text(x, "</td><td>");
		cg_strbuf_reset(&x->tmp);
		if (timeline_event_text(x->g, ev, x->in->redact, &x->tmp))
			x->rc = CG_ENOMEM;
		esc(x, cg_strbuf_cstr(&x->tmp));
		text(x, "</td><td>");
		if (ev->file) {
			cg_prov p = {.file = ev->file, .line = ev->line};
			cite(x, &p);
		}
		text(x, "</td></tr>\n");
		put(x);
	}
	text(x, "</table>\n");
	put(x);
	cg_timeline_free(t);
	diagram(x, CG_DIAGRAM_TIMELINE, d);
	text(x, "</section>\n");
}

/* A tie of a report: "A director of B", the names clickable. */
static void report_tie(hx *x, cg_lid l)
{
	const char *t = cg_link_type_name(x->g, l);

	name(x, cg_link_source(x->g, l));
	text(x, " <em>");
	for (; *t; t++) {
		char c[2] = {*t == '_' ? ' ' : *t, '\0'};
		esc(x, c);
	}
	text(x, "</em> ");
	name(x, cg_link_target(x->g, l));
}

/* One report of section 7 (as briefing.md's one_report). */
static void one_report(hx *x, const brief_report *r, size_t top)
{
	const char *denied[BRIEF_REPORT_DENIED], *title = cg_entity_prop(x->g, r->doc, "title");
	size_t nd = brief_denied(x->g, r->doc, denied, BRIEF_REPORT_DENIED), k, rows;

	text(x, "<h3>");
	esc(x, name_of(x, r->doc)); /* a document's name is redacted as elsewhere */
	if (title && x->in->redact) {
		text(x, ": (title withheld: redacted)"); /* a title can name people */
	} else if (title) {
		text(x, ": ");
		esc(x, title);
	}
	text(x, "</h3>\n<p>");
	code(x, r->file);
	textf(x, " names %zu entit%s besides indicators", r->n_named,
	      r->n_named == 1 ? "y" : "ies");
	for (k = 0; k < r->n_named && k < BRIEF_REPORT_NAMED; k++) {
		text(x, k ? "; " : ": ");
		name(x, r->named[k].id);
		text(x, " (");
		esc(x, cg_entity_type_name(x->g, r->named[k].id));
		textf(x, ", line %ld)", r->named[k].line);
	}
	if (r->n_named > BRIEF_REPORT_NAMED)
		textf(x, "; and %zu more", r->n_named - BRIEF_REPORT_NAMED);
	text(x, ".</p>\n");
	put(x);
	if (r->n_ties) {
		textf(x, "<p>%zu tie%s from its sentences, %zu typed by a cue:</p>\n", r->n_ties,
		      r->n_ties == 1 ? "" : "s", r->n_typed);
		text(x, "<table><tr><th>line</th><th>ties</th><th>sentence</th></tr>\n");
		put(x);
		for (k = 0, rows = 0; k < r->n_ties && rows < top && !x->rc; rows++) {
			size_t n = brief_sentence_ties(x->g, r, k);
			cg_prov p = {.file = r->file, .line = r->ties[k].line};
			text(x, "<tr><td>");
			cite(x, &p);
			text(x, "</td><td>");
			for (size_t t = 0; t < n && t < BRIEF_REPORT_TIES; t++) {
				text(x, t ? "; " : "");
				report_tie(x, r->ties[k + t].id);
			}
			if (n > BRIEF_REPORT_TIES)
				textf(x, "; and %zu more", n - BRIEF_REPORT_TIES);
			text(x, "</td><td>");
			if (x->in->redact) {
				text(x, "(withheld: redacted)");
			} else {
				cg_strbuf_reset(&x->tmp);
				if (brief_short(&x->tmp,
				                cg_link_prop(x->g, r->ties[k].id, "evidence"),
				                BRIEF_REPORT_EVIDENCE))
					x->rc = CG_ENOMEM;
				esc(x, cg_strbuf_cstr(&x->tmp));
			}
			text(x, "</td></tr>\n");
			put(x);
			k += n;
		}
		text(x, "</table>\n");
		if (k < r->n_ties)
			textf(x,
			      "<p>And %zu more tie%s (<code>casegraph import</code> writes them "
			      "all, each with its sentence).</p>\n",
			      r->n_ties - k, r->n_ties - k == 1 ? "" : "s");
	}
	if (nd) {
		text(x, "<p>Named only to deny or doubt it, so no entity: ");
		for (k = 0; k < nd && k < BRIEF_REPORT_DENIED; k++) {
			text(x, k ? ", " : "");
			esc(x, denied[k]);
		}
		if (nd > BRIEF_REPORT_DENIED)
			textf(x, " and %zu more", nd - BRIEF_REPORT_DENIED);
		text(x, ".</p>\n");
	}
	put(x);
}

/* Section 7, as briefing.md's section_reports. */
static void section_reports(hx *x)
{
	brief_reports rs;

	if (x->rc || brief_reports_of(x->g, brief_top(x->in), &rs)) {
		x->rc = CG_ENOMEM;
		return;
	}
	if (rs.total) {
		text(x, "<section id=\"reports\"><h2>7. What the reports say</h2>\n<p>");
		esc(x, brief_reports_intro);
		textf(x, " %zu report%s", rs.total, rs.total == 1 ? "" : "s");
		if (rs.n_shown < rs.total)
			textf(x, ", the %zu with the most typed ties shown", rs.n_shown);
		text(x, ".</p>\n");
		put(x);
		for (size_t i = 0; i < rs.n_shown && !x->rc; i++)
			one_report(x, rs.shown[i], brief_top(x->in));
		text(x, "</section>\n");
		put(x);
	}
	brief_reports_free(&rs);
}

static void appendix(hx *x)
{
	const cg_report_input *in = x->in;

	text(x, "<section id=\"sources\"><h2>Appendix: sources</h2>\n<table><tr><th>file</th>"
	        "<th>format</th><th>rows read</th><th>imported</th><th>rejected</th></tr>\n");
	put(x);
	for (size_t i = 0; i < in->n_sources; i++) {
		const cg_source_info *s = &in->sources[i];
		text(x, "<tr><td>");
		code(x, s->path);
		text(x, "</td><td>");
		esc(x, s->format ? s->format : "?");
		textf(x,
		      "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td "
		      "class=\"n\">%zu</td></tr>\n",
		      s->stats.read, s->stats.imported, s->stats.rejected);
		put(x);
	}
	text(x, "</table>\n<p class=\"note\">A citation <code>file:line</code> names the line of a "
	        "file on which a record starts. The same inputs and options give the same "
	        "page.</p></section>\n");
	put(x);
}

/* ---- the graph data, as JSON ---- */

/* s as a JSON string: sanitised UTF-8, with '<', '>', '&', U+2028 and
 * U+2029 escaped so that the text cannot end its <script> element. */
static void jstr(hx *x, const char *s)
{
	cg_strbuf_reset(&x->js);
	if (x->rc || cg_utf8_sanitize(&x->js, s ? s : "", 1)) {
		x->rc = CG_ENOMEM;
		return;
	}
	text(x, "\"");
	for (const unsigned char *p = (const unsigned char *)cg_strbuf_cstr(&x->js); *p; p++) {
		if (*p == '"' || *p == '\\')
			textf(x, "\\%c", *p);
		else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
			textf(x, "\\u%04x", *p);
		else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
			textf(x, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
			p += 2;
		} else if (!x->rc && cg_strbuf_putc(&x->line, (char)*p))
			x->rc = CG_ENOMEM;
	}
	text(x, "\"");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The index of case c in the summary's cases (sorted by name), or -1. */
static long case_index(hx *x, const char *c)
{
	const cg_summary *s = x->in->summary;
	size_t lo = 0, hi = s ? s->n_cases : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(c, s->cases[mid].name);
		if (!r)
			return (long)mid;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Gathers the sorted entity types of the first n entities. */
static void gather_types(hx *x, size_t n)
{
	for (size_t e = 0; e < n && !x->rc; e++) {
		const char *t = cg_entity_type_name(x->g, (cg_eid)e);
		if (x->n_types && bsearch(&t, x->types, x->n_types, sizeof *x->types, cmp_str))
			continue;
		if (x->n_types == x->cap_types) {
			size_t cap = x->cap_types ? 2 * x->cap_types : 32;
			const char **nt = realloc(x->types, cap * sizeof *nt);
			if (!nt) {
				x->rc = CG_ENOMEM;
				return;
			}
			x->types = nt;
			x->cap_types = cap;
		}
		x->types[x->n_types++] = t;
		qsort(x->types, x->n_types, sizeof *x->types, cmp_str);
	}
}

static long type_index(hx *x, const char *t)
{
	const char **p = bsearch(&t, x->types, x->n_types, sizeof *x->types, cmp_str);
	return p ? (long)(p - x->types) : -1;
}

static void json_cites(hx *x, cg_iter it, size_t max, size_t *more)
{
	cg_prov p;
	size_t k = 0;
	text(x, "\"cites\":[");
	while (cg_iter_next_prov(x->g, &it, &p)) {
		if (k++ >= max)
			continue;
		text(x, k > 1 ? ",[" : "[");
		jstr(x, p.file);
		textf(x, ",%ld,%ld]", p.line, case_index(x, p.case_name));
	}
	text(x, "]");
	if (more)
		*more = k > max ? k - max : 0;
}

static void json_props(hx *x, cg_iter it, int dates_only)
{
	const char *n, *v;
	size_t k = 0;
	text(x, "\"props\":[");
	while (cg_iter_next_prop(x->g, &it, &n, &v)) {
		if (dates_only && strcmp(n, "date"))
			continue;
		text(x, k++ ? ",[" : "[");
		jstr(x, n);
		text(x, ",");
		jstr(x, v);
		text(x, "]");
	}
	text(x, "]");
}

static void json_strs(hx *x, const char *key, cg_iter it)
{
	const char *s;
	size_t k = 0;
	textf(x, "\"%s\":[", key);
	while (cg_iter_next_str(x->g, &it, &s)) {
		text(x, k++ ? "," : "");
		jstr(x, s);
	}
	text(x, "]");
}

static void json_cases(hx *x, const char *const *cases, size_t n)
{
	text(x, "\"cases\":[");
	for (size_t i = 0, k = 0; i < n && i < HTML_CASES_MAX; i++) {
		long c = case_index(x, cases[i]);
		if (c >= 0)
			textf(x, "%s%ld", k++ ? "," : "", c);
	}
	text(x, "]");
}

static void json_entity(hx *x, cg_eid e)
{
	const cg_graph *g = x->g;
	const char *cases[HTML_CASES_MAX];
	size_t more = 0, nc = cg_entity_cases(g, e, cases, HTML_CASES_MAX);
	cg_iter none = {0};

	text(x, e ? ",\n{\"id\":" : "{\"id\":");
	if (x->in->redact)
		textf(x, "\"n%u\"", (unsigned)e);
	else
		jstr(x, cg_entity_id(g, e));
	text(x, ",\"name\":");
	jstr(x, name_of(x, e));
	textf(x, ",\"type\":%ld,", type_index(x, cg_entity_type_name(g, e)));
	json_strs(x, "aliases", x->in->redact ? none : cg_entity_aliases(g, e));
	text(x, ",");
	json_strs(x, "roles", cg_entity_roles(g, e));
	text(x, ",");
	json_cases(x, cases, nc);
	text(x, ",");
	json_props(x, x->in->redact ? none : cg_entity_props(g, e), 0);
	text(x, ",");
	json_cites(x, cg_entity_provs(g, e), HTML_CITES, &more);
	textf(x, ",\"more\":%zu}", more);
	put(x);
}

static void json_link(hx *x, cg_lid l, size_t k)
{
	const cg_graph *g = x->g;
	const char *cases[HTML_CASES_MAX];
	size_t nc = cg_link_cases(g, l, cases, HTML_CASES_MAX);
	int64_t a;
	const char *cur;

	textf(x, "%s{\"s\":%u,\"t\":%u,\"type\":", k ? ",\n" : "", (unsigned)cg_link_source(g, l),
	      (unsigned)cg_link_target(g, l));
	jstr(x, cg_link_type_name(g, l));
	textf(x, ",\"dir\":%d,\"amount\":", cg_link_directed(g, l) ? 1 : 0);
	if (cg_link_amount(g, l, &a, &cur)) {
		cg_strbuf am = CG_STRBUF_INIT;
		if (cg_money_text(&am, a, cur) || cg_strbuf_printf(&am, " %s", cur))
			x->rc = CG_ENOMEM;
		jstr(x, cg_strbuf_cstr(&am));
		cg_strbuf_free(&am);
	} else {
		text(x, "\"\"");
	}
	text(x, ",");
	json_cases(x, cases, nc);
	text(x, ",");
	json_props(x, cg_link_props(g, l), x->in->redact);
	text(x, ",");
	json_cites(x, cg_link_provs(g, l), HTML_LINK_CITES, NULL);
	text(x, "}");
	put(x);
}

/* The data of the script: the types, the cases, the entities (the first
 * HTML_MAX_ENTITIES) and the links between them (HTML_MAX_LINKS). */
static void json_data(hx *x, size_t ne)
{
	const cg_graph *g = x->g;
	const cg_summary *s = x->in->summary;
	size_t nl = cg_graph_link_count(g), k = 0;

	textf(x, "<script type=\"application/json\" id=\"cg-data\">{\"redacted\":%s,\"types\":[",
	      x->in->redact ? "true" : "false");
	for (size_t i = 0; i < x->n_types; i++) {
		text(x, i ? "," : "");
		jstr(x, x->types[i]);
	}
	text(x, "],\"cases\":[");
	for (size_t i = 0; s && i < s->n_cases; i++) {
		text(x, i ? "," : "");
		jstr(x, s->cases[i].name);
	}
	text(x, "],\n\"entities\":[\n");
	put(x);
	for (size_t e = 0; e < ne && !x->rc; e++)
		json_entity(x, (cg_eid)e);
	text(x, "],\n\"links\":[\n");
	put(x);
	for (size_t l = 0; l < nl && k < HTML_MAX_LINKS && !x->rc; l++)
		if (cg_link_source(g, (cg_lid)l) < ne && cg_link_target(g, (cg_lid)l) < ne)
			json_link(x, (cg_lid)l, k++);
	text(x, "]}</script>\n");
	put(x);
}

/* ---- the page ---- */

static void page_title(hx *x)
{
	const cg_summary *s = x->in->summary;
	if (x->in->title) {
		esc(x, x->in->title);
		return;
	}
	/* as briefing.md's: the count and the first names, each shortened */
	size_t nc = s ? s->n_cases : 0;
	textf(x, "Briefing: %zu case%s", nc, nc == 1 ? "" : "s");
	for (size_t i = 0; i < nc && i < BRIEF_TITLE_CASES; i++) {
		text(x, i ? ", " : " (");
		cg_strbuf_reset(&x->tmp);
		if (brief_short(&x->tmp, s->cases[i].name, BRIEF_TITLE_BYTES))
			x->rc = CG_ENOMEM;
		esc(x, cg_strbuf_cstr(&x->tmp));
	}
	if (nc > BRIEF_TITLE_CASES)
		textf(x, " and %zu more", nc - BRIEF_TITLE_CASES);
	text(x, nc ? ")" : "");
}

static void header(hx *x, size_t ne)
{
	const cg_report_input *in = x->in;
	size_t n = cg_graph_entity_count(x->g);

	text(x, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	        "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	        "<title>");
	page_title(x);
	text(x, "</title>\n<style>\n");
	for (size_t i = 0; briefing_html_css[i]; i++)
		text(x, briefing_html_css[i]);
	text(x, "</style>\n</head>\n<body>\n<header>\n<h1>");
	page_title(x);
	text(x, "</h1>\n<p class=\"meta\">");
	esc(x, in->date ? in->date : "");
	text(x, ". Generated by ");
	esc(x, in->generator ? in->generator : "casegraph");
	textf(x,
	      " from %zu input file%s. Every finding cites the records it rests on as "
	      "file:line.",
	      in->n_sources, in->n_sources == 1 ? "" : "s");
	if (in->redact)
		text(x, " <b>Redacted for wider distribution.</b>");
	if (ne < n)
		textf(x, " Search and the panel know the first %zu of %zu entities.", ne, n);
	text(x, "</p>\n<div id=\"controls\"><input id=\"q\" type=\"search\" "
	        "placeholder=\"Search entities by name, id or alias\" autocomplete=\"off\">"
	        "<span id=\"qcount\"></span>\n<details id=\"filters\"><summary>Types and "
	        "cases shown</summary><div class=\"togs\" id=\"typetoggles\"></div>"
	        "<div class=\"togs\" id=\"casetoggles\"></div></details></div>\n"
	        "<div id=\"results\"></div>\n</header>\n<div id=\"wrap\">\n<main>\n");
	put(x);
}

int cg_report_html_write(const cg_graph *g, const cg_report_input *in,
                         const cg_report_diagram *diagrams, const char *svg_dir, FILE *f,
                         cg_error *err)
{
	hx x;
	size_t n = cg_graph_entity_count(g), ne = n < HTML_MAX_ENTITIES ? n : HTML_MAX_ENTITIES;

	memset(&x, 0, sizeof x);
	x.g = g;
	x.in = in;
	x.f = f;
	x.svg_dir = svg_dir;
	gather_types(&x, ne);
	header(&x, ne);
	key_findings(&x);
	section_screening(&x);
	section_cases(&x, &diagrams[CG_DIAGRAM_CASES]);
	section_clusters(&x, &diagrams[CG_DIAGRAM_CLUSTERS]);
	section_brokers(&x, &diagrams[CG_DIAGRAM_FACILITATORS]);
	section_shared(&x, &diagrams[CG_DIAGRAM_SHARED]);
	section_money(&x, &diagrams[CG_DIAGRAM_MONEY]);
	section_timeline(&x, &diagrams[CG_DIAGRAM_TIMELINE]);
	section_reports(&x);
	appendix(&x);
	text(&x, "</main>\n<aside id=\"panel\" hidden><button id=\"pclose\">Close</button>"
	         "<h3 id=\"ptitle\"></h3><div id=\"pbody\"></div></aside>\n</div>\n"
	         "<pre id=\"selftest\" hidden></pre>\n");
	put(&x);
	json_data(&x, ne);
	text(&x, "<script>\n");
	for (size_t i = 0; briefing_html_js[i]; i++)
		text(&x, briefing_html_js[i]);
	text(&x, "</script>\n</body>\n</html>\n");
	put(&x);
	cg_strbuf_free(&x.line);
	cg_strbuf_free(&x.tmp);
	cg_strbuf_free(&x.js);
	free(x.types);
	if (x.rc)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	if (ferror(f))
		return cg_error_set(err, CG_EIO, NULL, 0, 0, "cannot write the briefing");
	return 0;
}
