/* briefing.md (cg_report_write), from the analysis results the caller
 * computed (summary, clusters, brokers, shared, money) and the diagrams
 * briefing_pick.c wrote; the rows of each section are those
 * briefing_rows.c chooses, as briefing.html shows them. The Markdown escapes every piece of data
 * (names as text, ids, identifiers and file names as code spans, so that nothing in the data
 * becomes a link, an image or HTML), cites every finding as `file:line`, and embeds each diagram's
 * SVG when the caller rendered it, else links its DOT and says why. */
#include "briefing_internal.h"
#include "timeline.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define CASES_MAX 64

typedef struct md {
	const cg_graph *g;
	const cg_report_input *in;
	FILE *f;
	cg_strbuf line, tmp;
	int rc;
	const cg_screen_row *screen; /* the reference records on entities (cg_screen_rows) */
	size_t n_screen;
} md;

/* ---- Markdown helpers: each appends to m->line; put() writes it out ---- */

static void put(md *m)
{
	if (!m->rc)
		fputs(cg_strbuf_cstr(&m->line), m->f);
	cg_strbuf_reset(&m->line);
}

static void text(md *m, const char *s)
{
	if (!m->rc && cg_strbuf_puts(&m->line, s))
		m->rc = CG_ENOMEM;
}

static void textf(md *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void textf(md *m, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof buf) {
		/* longer than the buffer: format into the line directly */
		cg_strbuf_reset(&m->tmp);
		va_start(ap, fmt);
		if (!m->rc && cg_strbuf_reserve(&m->tmp, (size_t)n + 1))
			m->rc = CG_ENOMEM;
		else if (!m->rc)
			vsnprintf(m->tmp.buf, (size_t)n + 1, fmt, ap);
		va_end(ap);
		if (!m->rc) {
			m->tmp.len = (size_t)n;
			text(m, m->tmp.buf);
		}
		return;
	}
	text(m, buf);
}

static void esc(md *m, const char *s)
{
	if (!m->rc && cg_md_escape(&m->line, s ? s : ""))
		m->rc = CG_ENOMEM;
}

static void code(md *m, const char *s, int in_table)
{
	if (!m->rc && cg_md_code(&m->line, s ? s : "", in_table))
		m->rc = CG_ENOMEM;
}

static void money(md *m, int64_t minor, const char *cur)
{
	if (!m->rc && (cg_money_text(&m->line, minor, cur) || cg_strbuf_putc(&m->line, ' ')))
		m->rc = CG_ENOMEM;
	esc(m, cur);
}

/* The name of an entity as text (redacted when asked). */
static void name(md *m, cg_eid e)
{
	cg_strbuf_reset(&m->tmp);
	if (m->in->redact) {
		if (cg_redact_name(&m->tmp, m->g, e))
			m->rc = CG_ENOMEM;
	} else if (cg_strbuf_puts(&m->tmp, cg_entity_name(m->g, e))) {
		m->rc = CG_ENOMEM;
	}
	esc(m, cg_strbuf_cstr(&m->tmp));
}

/* "**Name** (`type`)" in text, "Name" plus the id unless redacting. */
static void entity(md *m, cg_eid e, int in_table)
{
	text(m, "**");
	name(m, e);
	text(m, "** ");
	if (!m->in->redact)
		code(m, cg_entity_id(m->g, e), in_table);
	else
		code(m, cg_entity_type_name(m->g, e), in_table);
}

static void cite(md *m, const cg_prov *p, int in_table)
{
	cg_strbuf_reset(&m->tmp);
	if (cg_strbuf_printf(&m->tmp, "%s:%ld", p->file, p->line)) {
		m->rc = CG_ENOMEM;
		return;
	}
	code(m, cg_strbuf_cstr(&m->tmp), in_table);
}

/* The citations of an entity as a bullet list, BRIEF_CITATIONS at most. */
static void citations(md *m, cg_eid e, const char *indent)
{
	cg_iter it = cg_entity_provs(m->g, e);
	cg_prov p;
	size_t k = 0;
	while (cg_iter_next_prov(m->g, &it, &p)) {
		if (k++ >= BRIEF_CITATIONS)
			continue;
		text(m, indent);
		text(m, "- ");
		cite(m, &p, 0);
		text(m, " case ");
		esc(m, p.case_name);
		if (p.local_id && !m->in->redact) { /* an id can be a name */
			text(m, ", id ");
			code(m, p.local_id, 0);
		}
		if (p.via) {
			text(m, ", merged on ");
			code(m, m->in->redact ? "(redacted)" : p.via, 0);
		}
		text(m, "\n");
		put(m);
	}
	if (k > BRIEF_CITATIONS) {
		textf(m, "%s- and %zu more records\n", indent, k - BRIEF_CITATIONS);
		put(m);
	}
}

/* The entities the exclusion lists (--exclude, warninglists, the built-in
 * default) left out of the analyses, each with the list that named it, at
 * most EXCLUDED_MAX of them: a briefing says what it did not look at. */
#define EXCLUDED_MAX 50
static void excluded_list(md *m, const cg_view_info *v)
{
	size_t n = v->n_excluded < EXCLUDED_MAX ? v->n_excluded : EXCLUDED_MAX;

	for (size_t i = 0; i < n; i++) {
		text(m, "  - ");
		entity(m, v->excluded[i], 0);
		if (v->excluded_by && v->excluded_by[i]) {
			text(m, ": ");
			esc(m, v->excluded_by[i]);
		}
		text(m, "\n");
		put(m);
	}
	if (v->n_excluded > n)
		textf(m, "  - and %zu more (`casegraph shared` lists them all)\n",
		      v->n_excluded - n);
}

static void cases_of(md *m, cg_eid e, int in_table)
{
	const char *cases[CASES_MAX];
	size_t n = cg_entity_cases(m->g, e, cases, CASES_MAX);
	for (size_t i = 0; i < n && i < CASES_MAX; i++) {
		text(m, i ? ", " : "");
		esc(m, cases[i]);
	}
	if (n > CASES_MAX)
		textf(m, " and %zu more", n - CASES_MAX);
	(void)in_table;
}

static void roles_of(md *m, cg_eid e)
{
	cg_iter it = cg_entity_roles(m->g, e);
	const char *r;
	size_t k = 0;
	while (cg_iter_next_str(m->g, &it, &r)) {
		text(m, k++ ? ", " : "");
		esc(m, r);
	}
	if (!k)
		text(m, "-");
}

/* What a diagram drew and left out, after its first words. */
static void diagram_counts(md *m, const cg_report_diagram *d, cg_diagram_kind k)
{
	if (d->stats.collapsed_groups)
		textf(m, " (%zu leaves collapsed into %zu nodes)", d->stats.collapsed_entities,
		      d->stats.collapsed_groups);
	if (d->stats.agg_groups)
		textf(m, ", %zu more counted in %zu +N node%s", d->stats.agg_entities,
		      d->stats.agg_groups, d->stats.agg_groups == 1 ? "" : "s");
	if (k == CG_DIAGRAM_SHARED)
		textf(m, ", %zu edges from a case to an entity in it", d->stats.edges);
	else
		textf(m, ", %zu edges for %zu links", d->stats.edges, d->stats.links);
	if (d->stats.left_out) {
		cg_strbuf_reset(&m->tmp);
		if (cg_dot_left_out_text(&d->stats, &m->tmp))
			m->rc = CG_ENOMEM;
		text(m, "; ");
		text(m, cg_strbuf_cstr(&m->tmp));
		text(m, " to fit a slide");
	}
}

static void diagram(md *m, cg_diagram_kind k, const cg_report_diagram *d)
{
	const char *file = cg_diagram_kind_to_string(k);
	if (d->empty) {
		text(m, "*No diagram: nothing to draw.*\n\n");
		put(m);
		return;
	}
	if (d->rendered)
		textf(m, "![%s](%s.svg)\n\n", brief_diagram_titles[k], file);
	if (k == CG_DIAGRAM_TIMELINE) {
		textf(m, "*Timeline: %zu events, a row per case, a column per period",
		      d->stats.nodes);
	} else {
		textf(m, "*Diagram: %zu nodes for %zu entities", d->stats.nodes, d->stats.entities);
		diagram_counts(m, d, k);
	}
	text(m, ".*");
	if (d->rendered) {
		textf(m, " Source: [%s.dot](%s.dot).\n\n", file, file);
	} else {
		text(m, " Not rendered");
		if (d->why_not) {
			text(m, ": ");
			esc(m, d->why_not);
		}
		textf(m,
		      ". The DOT source is [%s.dot](%s.dot); lay it out with `dot -Tsvg %s.dot -o "
		      "%s.svg`.\n\n",
		      file, file, file, file);
	}
	put(m);
}

/* ---- sections ---- */

/* The files each case was read from. */
static void case_files(md *m, const char *kase)
{
	const char *files[32];
	size_t nf = 0, more = 0;
	const cg_graph *g = m->g;
	size_t n = cg_graph_entity_count(g), nl = cg_graph_link_count(g);
	cg_prov p;

	for (size_t i = 0; i < n + nl; i++) {
		cg_iter it =
		    i < n ? cg_entity_provs(g, (cg_eid)i) : cg_link_provs(g, (cg_lid)(i - n));
		while (cg_iter_next_prov(g, &it, &p)) {
			size_t k;
			if (p.case_name != kase && strcmp(p.case_name, kase))
				continue;
			for (k = 0; k < nf && strcmp(files[k], p.file); k++)
				;
			if (k < nf)
				continue;
			if (nf < 32)
				files[nf++] = p.file;
			else
				more++;
		}
	}
	for (size_t k = 0; k < nf; k++) {
		text(m, k ? ", " : "");
		code(m, files[k], 1);
	}
	if (more)
		textf(m, " and more");
}

static void broker_why(md *m, const cg_brokers *b, const cg_broker *r)
{
	textf(m, "betweenness %.6g", r->betweenness);
	if (!b->exact && r->betweenness_se > 0)
		textf(m, " (+-%.2g)", r->betweenness_se);
	if (r->articulation) {
		text(m, "; cut point, leaves pieces of");
		for (size_t i = 0; i < r->n_splits && i < 4; i++)
			textf(m, "%s %zu", i ? "," : "", r->split_sizes[i]);
		if (r->n_splits > 4)
			textf(m, " and %zu more", r->n_splits - 4);
	}
	if (r->bridges)
		textf(m, "; on %zu bridge%s", r->bridges, r->bridges == 1 ? "" : "s");
	int best = -1;
	for (int k = 0; k < CG_GF_ROLE_COUNT; k++)
		if (r->gf[k] > 0 && (best < 0 || r->gf_z[k] > r->gf_z[best]))
			best = k;
	if (best >= 0)
		textf(m, "; %s %g (z %.1f)", cg_gf_role_to_string((cg_gf_role)best), r->gf[best],
		      r->gf_z[best]);
	if (!isnan(r->constraint))
		textf(m, "; constraint %.3f", r->constraint);
	if (r->n_cases >= 2)
		textf(m, "; in %zu cases", r->n_cases);
	else if (r->neighbour_cases >= 2)
		textf(m, "; links %zu cases", r->neighbour_cases);
}

/* The values of property prop of e, "; "-separated. */
static void prop_values(md *m, cg_eid e, const char *prop)
{
	cg_iter it = cg_entity_props(m->g, e);
	const char *n, *v;
	int any = 0;

	while (cg_iter_next_prop(m->g, &it, &n, &v))
		if (strcmp(n, prop) == 0) {
			text(m, any ? "; " : "");
			esc(m, v);
			any = 1;
		}
}

/* s, cut to at most max bytes on a character boundary with an ellipsis
 * when longer, as escaped text. */
static void short_name(md *m, const char *s, size_t max)
{
	cg_strbuf_reset(&m->tmp);
	if (brief_short(&m->tmp, s, max)) {
		m->rc = CG_ENOMEM;
		return;
	}
	esc(m, cg_strbuf_cstr(&m->tmp));
}

/* The key finding of screening: how many entities of the cases a list
 * names, the first of them with its programs. */
static void screening_finding(md *m)
{
	size_t first, hits = brief_screen_hits(m->screen, m->n_screen, &first);

	if (!hits)
		return;
	textf(m, "- **On a reference list:** %zu entit%s of the cases", hits,
	      hits == 1 ? "y" : "ies");
	text(m, " (Screening hits); first: ");
	entity(m, m->screen[first].entity, 0);
	text(m, " on ");
	esc(m, m->screen[first].prov.case_name);
	if (cg_entity_prop(m->g, m->screen[first].entity, "program")) {
		text(m, ", programs ");
		prop_values(m, m->screen[first].entity, "program");
	}
	text(m, ".\n");
	put(m);
}

static void key_findings(md *m)
{
	const cg_report_input *in = m->in;
	const cg_graph *g = m->g;

	text(m, "## Key findings\n\n");
	put(m);
	if (brief_seeds(in->brokers, 1)) {
		const cg_broker *r = &in->brokers->rows[0];
		text(m, "- **Top facilitator:** ");
		entity(m, r->entity, 0);
		text(m, ", first of ");
		textf(m, "%zu entities ranked by betweenness: ", in->brokers->n);
		broker_why(m, in->brokers, r);
		text(m, ". Roles in the data: ");
		roles_of(m, r->entity);
		text(m, ".\n");
		put(m);
	}
	screening_finding(m);
	if (in->shared) {
		textf(m,
		      "- **Shared infrastructure:** %zu entit%s appear in two or more of the %zu "
		      "cases",
		      in->shared->n, in->shared->n == 1 ? "y" : "ies", in->shared->n_cases);
		if (in->shared->n) {
			const cg_shared_row *r = &in->shared->rows[0];
			textf(m, "; first by cases and rarity: ");
			entity(m, r->entity, 0);
			textf(m, " in %zu cases", r->n_cases);
		}
		if (in->shared->n_overlaps) {
			const cg_case_overlap *o = &in->shared->overlaps[0];
			textf(m, "; the largest overlap: ");
			esc(m, o->a);
			text(m, " and ");
			esc(m, o->b);
			textf(m, " share %zu", o->shared);
		}
		text(m, ".\n");
		put(m);
	}
	if (in->clusters && in->clusters->n) {
		const cg_cluster *c = &in->clusters->clusters[0];
		textf(m, "- **Clusters:** %zu, modularity ", in->clusters->n);
		if (isnan(in->clusters->modularity))
			text(m, "n/a");
		else
			textf(m, "%.3f", in->clusters->modularity);
		textf(m, "; the largest has %zu entities from %zu case%s.\n", c->size, c->n_cases,
		      c->n_cases == 1 ? "" : "s");
		put(m);
	}
	if (in->money && in->money->links_counted) {
		textf(m, "- **Money:** %zu links carry money", in->money->links_counted);
		if (in->money->n_flows) {
			cg_lid l = in->money->flows[0];
			cg_iter it = cg_link_provs(g, l);
			cg_prov p;
			brief_flow fl;
			/* the largest flow of all currencies is not defined: name the
			 * largest of the first currency */
			brief_flow_of(g, l, &fl);
			text(m, "; the largest in ");
			esc(m, fl.currency);
			text(m, ": ");
			money(m, fl.amount, fl.currency);
			text(m, " from ");
			name(m, fl.from);
			text(m, " to ");
			name(m, fl.to);
			if (fl.date) {
				text(m, " on ");
				esc(m, fl.date);
			}
			if (cg_iter_next_prov(g, &it, &p)) {
				text(m, " (");
				cite(m, &p, 0);
				text(m, ")");
			}
		}
		text(m, ".\n");
		put(m);
	}
	if (in->summary && (in->summary->name_only || in->summary->invalid_ids)) {
		textf(
		    m,
		    "- **To review:** %zu entit%s merged on a name alone, %zu with an "
		    "identifier that failed validation (`casegraph merges`, `casegraph stats`).\n",
		    in->summary->name_only, in->summary->name_only == 1 ? "y" : "ies",
		    in->summary->invalid_ids);
		put(m);
	}
	text(m, "\n");
	put(m);
}

/* One screening hit: the entity, each list record with how it matched,
 * the listing's programs and ids, and where the cases cite it. */
static void screening_hit(md *m, const cg_screen_row *r, size_t n)
{
	cg_eid e = r[0].entity;
	cg_iter it = cg_entity_provs(m->g, e);
	cg_prov p;
	size_t k = 0;

	text(m, "- ");
	entity(m, e, 0);
	text(m, ", in ");
	cases_of(m, e, 0);
	text(m, ".");
	for (size_t i = 0; i < n; i++) {
		if (r[i].how == CG_SCREEN_LINKED)
			continue;
		text(m, " Listed on ");
		esc(m, r[i].prov.case_name);
		text(m, " (");
		cite(m, &r[i].prov, 0);
		if (r[i].prov.local_id) {
			text(m, ", id ");
			code(m, r[i].prov.local_id, 0);
		}
		textf(m, "), matched by %s, score %.2f.", cg_screen_how_to_string(r[i].how),
		      r[i].score);
	}
	for (size_t i = 0; brief_listing_props[i]; i++) {
		if (!cg_entity_prop(m->g, e, brief_listing_props[i]))
			continue;
		text(m, " ");
		esc(m, brief_listing_props[i]);
		text(m, ": ");
		prop_values(m, e, brief_listing_props[i]);
		text(m, ".");
	}
	text(m, " Cited by the cases: ");
	while (cg_iter_next_prov(m->g, &it, &p)) {
		if ((p.flags & CG_PF_REFERENCE) || k++ >= BRIEF_CITATIONS)
			continue;
		text(m, k > 1 ? ", " : "");
		cite(m, &p, 0);
	}
	if (k > BRIEF_CITATIONS)
		textf(m, " and %zu more", k - BRIEF_CITATIONS);
	text(m, k ? ".\n" : "none (brought in by the list).\n");
	put(m);
}

/* Screening hits (casegraph --reference): the entities of the cases that a
 * reference list names, first of the sections because a listing changes
 * what every other finding means. Nothing when no list was given. */
static void section_screening(md *m)
{
	const cg_screen_row *rows = m->screen;
	size_t n = m->n_screen, hits = brief_screen_hits(rows, n, NULL);

	if (!hits)
		return;
	textf(m,
	      "## Screening hits\n\n%zu entit%s of the cases %s named by a reference list "
	      "(`--reference`). Each hit cites the list's record and the cases' own; a list "
	      "is evidence about an entity, never a case of its own.\n\n",
	      hits, hits == 1 ? "y" : "ies", hits == 1 ? "is" : "are");
	put(m);
	for (size_t i = 0, j; i < n; i = j) {
		int hit;
		j = cg_screen_group(rows, n, i, &hit);
		if (hit)
			screening_hit(m, rows + i, j - i);
	}
	text(m, "\n");
	put(m);
}

static void section_cases(md *m, const cg_report_diagram *d)
{
	const cg_summary *s = m->in->summary;

	text(m, "## 1. The cases\n\n");
	if (s) {
		textf(m,
		      "%zu cases, %zu entities (from %zu records; %zu merged from several records, "
		      "%zu in two or more cases), %zu links.\n\n",
		      s->n_cases, s->entities, s->records, s->merged_entities, s->cross_case,
		      s->links);
		text(m, "| case | entities | links | read from |\n|---|---:|---:|---|\n");
		put(m);
		for (size_t i = 0; i < s->n_cases; i++) {
			text(m, "| ");
			esc(m, s->cases[i].name);
			textf(m, " | %zu | %zu | ", s->cases[i].count, s->cases[i].links);
			case_files(m, s->cases[i].name);
			text(m, " |\n");
			put(m);
		}
		text(m, "\nEntities by type: ");
		for (size_t i = 0; i < s->n_entity_types; i++) {
			text(m, i ? ", " : "");
			esc(m, s->entity_types[i].name);
			textf(m, " %zu", s->entity_types[i].count);
		}
		text(m, ". Links by type: ");
		for (size_t i = 0; i < s->n_link_types; i++) {
			text(m, i ? ", " : "");
			esc(m, s->link_types[i].name);
			textf(m, " %zu", s->link_types[i].count);
		}
		text(m, ".\n\n");
	}
	put(m);
	diagram(m, CG_DIAGRAM_CASES, d);
}

static void section_clusters(md *m, const cg_report_diagram *d)
{
	const cg_clusters *c = m->in->clusters;
	size_t top = brief_top(m->in);

	text(m, "## 2. Clusters\n\n");
	put(m);
	if (!c) {
		text(m, "Not computed.\n\n");
		put(m);
		return;
	}
	textf(m,
	      "%zu clusters (%s, resolution %g, seed %lu) in %zu connected component%s; "
	      "modularity ",
	      c->n, cg_cluster_method_to_string(c->method), c->resolution, c->seed, c->n_components,
	      c->n_components == 1 ? "" : "s");
	if (isnan(c->modularity))
		text(m, "n/a");
	else
		textf(m, "%.3f", c->modularity);
	text(m, " (above about 0.3 the clusters are clearly denser inside than between). A "
	        "cluster drawing on several cases is where the cases meet.\n\n"
	        "| # | entities | cases (members) | central members | money (in / out / within) "
	        "|\n|---:|---:|---|---|---|\n");
	put(m);
	for (size_t k = 0; k < c->n && k < top; k++) {
		const cg_cluster *cl = &c->clusters[k];
		textf(m, "| %zu | %zu | ", k + 1, cl->size);
		for (size_t i = 0; i < cl->n_cases; i++) {
			text(m, i ? ", " : "");
			esc(m, cl->cases[i].name);
			textf(m, " (%zu)", cl->cases[i].count);
		}
		text(m, " | ");
		for (size_t i = 0; i < cl->n_central && i < 3; i++) {
			text(m, i ? "; " : "");
			name(m, cl->members[i]);
		}
		text(m, " | ");
		for (size_t i = 0; i < cl->n_money; i++) {
			const cg_money_sum *s = &cl->money[i];
			text(m, i ? "; " : "");
			money(m, s->in, s->currency);
			text(m, " / ");
			money(m, s->out, s->currency);
			text(m, " / ");
			money(m, s->internal, s->currency);
		}
		if (!cl->n_money)
			text(m, "-");
		text(m, " |\n");
		put(m);
	}
	if (c->n > top)
		textf(m, "\n%zu smaller clusters not listed (`casegraph clusters`).\n", c->n - top);
	text(m, "\n");
	put(m);
	diagram(m, CG_DIAGRAM_CLUSTERS, d);
}

static void section_brokers(md *m, const cg_report_diagram *d)
{
	const cg_brokers *b = m->in->brokers;
	size_t top = brief_top(m->in);

	text(m, "## 3. Facilitators\n\n");
	put(m);
	if (!b) {
		text(m, "Not computed.\n\n");
		put(m);
		return;
	}
	text(m,
	     "Entities ranked by betweenness: how many shortest paths between other entities run "
	     "through them. ");
	if (b->exact)
		text(m, "Exact. ");
	else if (b->top_k)
		textf(m,
		      "Estimated from %zu random shortest paths (seed %lu): each of the top %zu is "
		      "in the true top %zu or within %.4g of its value, with probability %.2g%s. ",
		      b->samples, b->seed, b->top_k, b->top_k, b->epsilon, 1 - b->delta,
		      b->converged ? "" : " (the path budget was reached first)");
	else
		textf(m, "Estimated from %zu sampled sources (seed %lu), +- one standard error. ",
		      b->samples, b->seed);
	textf(m,
	      "Brokerage roles (Gould-Fernandez) against %zu group%s by %s; a cut point's "
	      "removal splits the network. Roles are as the case files give them.\n\n",
	      b->n_groups, b->n_groups == 1 ? "" : "s", cg_partition_to_string(b->by));
	size_t listed = 0;
	for (size_t i = 0; i < b->n && listed < top; i++) {
		const cg_broker *r = &b->rows[i];
		if (!brief_broker_listed(r))
			continue;
		if (!listed++) {
			text(m,
			     "| rank | entity | roles | cases | why |\n|---:|---|---|---|---|\n");
			put(m);
		}
		textf(m, "| %zu | ", r->rank_betweenness);
		entity(m, r->entity, 1);
		text(m, " | ");
		roles_of(m, r->entity);
		text(m, " | ");
		cases_of(m, r->entity, 1);
		text(m, " | ");
		broker_why(m, b, r);
		text(m, " |\n");
		put(m);
	}
	if (!listed)
		text(m, "No entity lies on the shortest paths between others: nothing brokers.\n");
	text(m, "\n");
	put(m);
	for (size_t i = 0, seeds = brief_seeds(b, BRIEF_SEEDS); i < seeds; i++) {
		textf(m, "**%zu.** ", i + 1);
		entity(m, b->rows[i].entity, 0);
		text(m, " appears in:\n\n");
		put(m);
		citations(m, b->rows[i].entity, "");
		text(m, "\n");
		put(m);
	}
	diagram(m, CG_DIAGRAM_FACILITATORS, d);
}

static void section_shared(md *m, const cg_report_diagram *d)
{
	const cg_shared *s = m->in->shared;
	size_t top = brief_top(m->in);

	text(m, "## 4. Shared infrastructure\n\n");
	put(m);
	if (!s) {
		text(m, "Not computed.\n\n");
		put(m);
		return;
	}
	textf(m,
	      "%zu entit%s appear in two or more of the %zu cases, ranked by the number of cases, "
	      "then by rarity (fewer links: a more specific indicator). Each with the records it "
	      "was read from.\n\n",
	      s->n, s->n == 1 ? "y" : "ies", s->n_cases);
	put(m);
	for (size_t i = 0; i < s->n && i < top; i++) {
		const cg_shared_row *r = &s->rows[i];
		textf(m, "%zu. ", i + 1);
		entity(m, r->entity, 0);
		textf(m, ": %zu cases (", r->n_cases);
		for (size_t k = 0; k < r->n_cases; k++) {
			text(m, k ? ", " : "");
			esc(m, r->cases[k]);
		}
		textf(m, "), %zu link%s\n", r->degree, r->degree == 1 ? "" : "s");
		put(m);
		citations(m, r->entity, "   ");
	}
	if (s->n > top)
		textf(m, "\n%zu more (`casegraph shared`).\n", s->n - top);
	text(m, "\n");
	put(m);
	if (s->n_overlaps) {
		text(m, "Cases that share entities:\n\n| case | case | shared | Jaccard |\n"
		        "|---|---|---:|---:|\n");
		put(m);
		for (size_t i = 0; i < s->n_overlaps; i++) {
			text(m, "| ");
			esc(m, s->overlaps[i].a);
			text(m, " | ");
			esc(m, s->overlaps[i].b);
			textf(m, " | %zu | %.3f |\n", s->overlaps[i].shared,
			      s->overlaps[i].jaccard);
			put(m);
		}
		text(m, "\n");
		put(m);
	}
	if (s->n_too_common) {
		textf(m, "Too common to connect cases (left out of every analysis): ");
		for (size_t i = 0; i < s->n_too_common && i < 10; i++) {
			text(m, i ? ", " : "");
			char why[160];
			name(m, s->too_common[i].entity);
			textf(m, " (%s)",
			      cg_too_common_reason(m->g, s->too_common[i].entity,
			                           s->too_common[i].n_cases, &s->info, why,
			                           sizeof why));
		}
		text(m, ".\n\n");
		put(m);
	}
	diagram(m, CG_DIAGRAM_SHARED, d);
}

static void section_money(md *m, const cg_report_diagram *d)
{
	const cg_money *mo = m->in->money;
	const cg_graph *g = m->g;
	size_t top = brief_top(m->in);

	text(m, "## 5. Money flows\n\n");
	put(m);
	if (!mo || !mo->links_counted) {
		text(m, "No link carries an amount.\n\n");
		put(m);
		diagram(m, CG_DIAGRAM_MONEY, d);
		return;
	}
	textf(m,
	      "%zu links carry money (amounts are exact; currencies are never added "
	      "together).\n\n",
	      mo->links_counted);
	text(m, "| entity | currency | in | out | links |\n|---|---|---:|---:|---:|\n");
	put(m);
	for (size_t i = 0; i < mo->n_entities && i < top; i++) {
		const cg_money_row *r = &mo->entities[i];
		for (size_t k = 0; k < r->n_sums; k++) {
			text(m, "| ");
			if (!k)
				name(m, r->entity);
			text(m, " | ");
			esc(m, r->sums[k].currency);
			text(m, " | ");
			if (cg_money_text(&m->line, r->sums[k].in, r->sums[k].currency) ||
			    cg_strbuf_puts(&m->line, " | ") ||
			    cg_money_text(&m->line, r->sums[k].out, r->sums[k].currency))
				m->rc = CG_ENOMEM;
			textf(m, " | %zu |\n", r->sums[k].links);
			put(m);
		}
	}
	if (mo->n_entities > top)
		textf(m, "\n%zu more entities with money (`casegraph money`).\n",
		      mo->n_entities - top);
	text(
	    m,
	    "\nLargest flows:\n\n| amount | from | to | date | source |\n|---:|---|---|---|---|\n");
	put(m);
	for (size_t i = 0; i < mo->n_flows && i < top; i++) {
		cg_lid l = mo->flows[i];
		cg_iter it = cg_link_provs(g, l);
		cg_prov p;
		brief_flow fl;
		brief_flow_of(g, l, &fl);
		text(m, "| ");
		money(m, fl.amount, fl.currency);
		text(m, " | ");
		name(m, fl.from);
		text(m, " | ");
		name(m, fl.to);
		text(m, " | ");
		esc(m, fl.date ? fl.date : "-");
		text(m, " | ");
		for (size_t k = 0; cg_iter_next_prov(g, &it, &p); k++) {
			if (k < BRIEF_FLOW_CITES) {
				text(m, k ? ", " : "");
				cite(m, &p, 1);
			} else if (k == BRIEF_FLOW_CITES) {
				text(m, " ...");
			}
		}
		text(m, " |\n");
		put(m);
	}
	text(m, "\n");
	put(m);
	diagram(m, CG_DIAGRAM_MONEY, d);
}

/* The timeline, when something has a date: the first events in time order
 * (render --timeline --text lists them all) and the diagram. */
static void section_timeline(md *m, const cg_report_diagram *d, cg_error *err)
{
	cg_timeline *t = NULL;
	size_t top = brief_top(m->in);

	if (d->empty)
		return;
	if (brief_timeline(m->g, m->in, &t, err)) {
		m->rc = err->code;
		return;
	}
	textf(m,
	      "## 6. Timeline\n\n%zu dated events in time order, a lane per case: links and "
	      "payments by their date or time span, entities by when their sources saw them, "
	      "and the first and last sight of what two cases share",
	      t->n);
	if (t->undated)
		textf(m, "; %zu link%s without a date left out", t->undated,
		      t->undated == 1 ? "" : "s");
	textf(m, ". The first %zu (`casegraph render --timeline --text` lists them all):\n\n",
	      t->n < top ? t->n : top);
	text(m, "| date | case | event | source |\n|---|---|---|---|\n");
	put(m);
	for (size_t i = 0; i < t->n && i < top && !m->rc; i++) {
		const cg_event *ev = &t->events[i];
		cg_strbuf_reset(&m->tmp);
		if (timeline_event_text(m->g, ev, m->in->redact, &m->tmp)) {
			m->rc = CG_ENOMEM;
			break;
		}
		textf(m, "| %s | ", ev->day);
		esc(m, ev->lane);
		text(m, " | ");
		esc(m, cg_strbuf_cstr(&m->tmp));
		text(m, " | ");
		if (ev->file) {
			cg_prov p = {.file = ev->file, .line = ev->line};
			cite(m, &p, 1);
		}
		text(m, " |\n");
		put(m);
	}
	text(m, "\n");
	put(m);
	cg_timeline_free(t);
	diagram(m, CG_DIAGRAM_TIMELINE, d);
}

/* A tie of a report: "**A** director of **B**". */
static void report_tie(md *m, cg_lid l)
{
	const char *t = cg_link_type_name(m->g, l);

	text(m, "**");
	name(m, cg_link_source(m->g, l));
	text(m, "** ");
	cg_strbuf_reset(&m->tmp);
	for (; *t; t++)
		if (cg_strbuf_putc(&m->tmp, *t == '_' ? ' ' : *t))
			m->rc = CG_ENOMEM;
	esc(m, cg_strbuf_cstr(&m->tmp));
	text(m, " **");
	name(m, cg_link_target(m->g, l));
	text(m, "**");
}

/* One report: what it names, its ties with their sentences, what it denies. */
static void one_report(md *m, const brief_report *r, size_t top)
{
	const char *denied[BRIEF_REPORT_DENIED], *title = cg_entity_prop(m->g, r->doc, "title");
	size_t nd = brief_denied(m->g, r->doc, denied, BRIEF_REPORT_DENIED), k, rows;

	text(m, "### ");
	name(m, r->doc); /* a document's name is redacted as elsewhere */
	if (title && m->in->redact) {
		text(m, ": (title withheld: redacted)"); /* a title can name people */
	} else if (title) {
		text(m, ": ");
		esc(m, title);
	}
	text(m, "\n\n");
	code(m, r->file, 0);
	textf(m, " names %zu entit%s besides indicators", r->n_named,
	      r->n_named == 1 ? "y" : "ies");
	for (k = 0; k < r->n_named && k < BRIEF_REPORT_NAMED; k++) {
		text(m, k ? "; " : ": ");
		text(m, "**");
		name(m, r->named[k].id);
		text(m, "** (");
		esc(m, cg_entity_type_name(m->g, r->named[k].id));
		textf(m, ", line %ld)", r->named[k].line);
	}
	if (r->n_named > BRIEF_REPORT_NAMED)
		textf(m, "; and %zu more", r->n_named - BRIEF_REPORT_NAMED);
	text(m, ".\n\n");
	put(m);
	if (r->n_ties) {
		textf(m, "%zu tie%s from its sentences, %zu typed by a cue:\n\n", r->n_ties,
		      r->n_ties == 1 ? "" : "s", r->n_typed);
		text(m, "| line | ties | sentence |\n|---|---|---|\n");
		put(m);
		for (k = 0, rows = 0; k < r->n_ties && rows < top && !m->rc; rows++) {
			size_t n = brief_sentence_ties(m->g, r, k);
			cg_prov p = {.file = r->file, .line = r->ties[k].line};
			text(m, "| ");
			cite(m, &p, 1);
			text(m, " | ");
			for (size_t t = 0; t < n && t < BRIEF_REPORT_TIES; t++) {
				text(m, t ? "; " : "");
				report_tie(m, r->ties[k + t].id);
			}
			if (n > BRIEF_REPORT_TIES)
				textf(m, "; and %zu more", n - BRIEF_REPORT_TIES);
			text(m, " | ");
			if (m->in->redact) {
				text(m, "(withheld: redacted)");
			} else {
				cg_strbuf_reset(&m->tmp);
				if (brief_short(&m->tmp,
				                cg_link_prop(m->g, r->ties[k].id, "evidence"),
				                BRIEF_REPORT_EVIDENCE))
					m->rc = CG_ENOMEM;
				esc(m, cg_strbuf_cstr(&m->tmp));
			}
			text(m, " |\n");
			put(m);
			k += n;
		}
		if (k < r->n_ties)
			textf(m,
			      "\nAnd %zu more tie%s (`casegraph import` writes them all, each with "
			      "its sentence).\n",
			      r->n_ties - k, r->n_ties - k == 1 ? "" : "s");
		text(m, "\n");
	}
	if (nd) {
		text(m, "Named only to deny or doubt it, so no entity: ");
		for (k = 0; k < nd && k < BRIEF_REPORT_DENIED; k++) {
			text(m, k ? ", " : "");
			esc(m, denied[k]);
		}
		if (nd > BRIEF_REPORT_DENIED)
			textf(m, " and %zu more", nd - BRIEF_REPORT_DENIED);
		text(m, ".\n\n");
	}
	put(m);
}

/* What the reports among the inputs say (brief_reports_of): the reports
 * with the most typed ties, each with what it names and its ties. */
static void section_reports(md *m)
{
	brief_reports rs;

	if (m->rc || brief_reports_of(m->g, brief_top(m->in), &rs)) {
		m->rc = CG_ENOMEM;
		return;
	}
	if (rs.total) {
		text(m, "## 7. What the reports say\n\n");
		text(m, brief_reports_intro);
		textf(m, " %zu report%s", rs.total, rs.total == 1 ? "" : "s");
		if (rs.n_shown < rs.total)
			textf(m, ", the %zu with the most typed ties shown", rs.n_shown);
		text(m, ".\n\n");
		put(m);
	}
	for (size_t i = 0; i < rs.n_shown && !m->rc; i++)
		one_report(m, rs.shown[i], brief_top(m->in));
	brief_reports_free(&rs);
}

static void appendix(md *m, const cg_report_diagram *diagrams)
{
	const cg_report_input *in = m->in;
	int rendered = 0;

	text(m, "## Appendix A: sources\n\n| file | format | rows read | imported | rejected | "
	        "skipped |\n|---|---|---:|---:|---:|---:|\n");
	put(m);
	for (size_t i = 0; i < in->n_sources; i++) {
		const cg_source_info *s = &in->sources[i];
		text(m, "| ");
		code(m, s->path, 1);
		text(m, " | ");
		esc(m, s->format ? s->format : "?");
		textf(m, " | %zu | %zu | %zu | %zu |\n", s->stats.read, s->stats.imported,
		      s->stats.rejected, s->stats.skipped);
		put(m);
	}
	text(m, "\nA citation `file:line` names the line of a file on which a record starts. "
	        "Rejected rows are listed by `casegraph stats` with their reasons.\n\n");
	text(m, "## Appendix B: how this briefing was made\n\n");
	put(m);
	const cg_view_info *v = in->brokers    ? &in->brokers->info
	                        : in->clusters ? &in->clusters->info
	                                       : NULL;
	if (v) {
		textf(m,
		      "- The analyses saw %zu entities and %zu linked pairs: every type but the "
		      "context types (`country`, `sector`, `course_of_action`, `report`, "
		      "`x_mitre_*`)",
		      v->vertices, v->edges);
		if (v->n_too_common)
			textf(m, "; %zu entities too common to connect cases left out",
			      v->n_too_common);
		if (v->n_excluded)
			textf(m, "; %zu left out by the exclusion lists (below)", v->n_excluded);
		text(m, ".\n");
		excluded_list(m, v);
	}
	if (in->clusters)
		textf(m, "- Clusters: %s, resolution %g, seed %lu.\n",
		      cg_cluster_method_to_string(in->clusters->method), in->clusters->resolution,
		      in->clusters->seed);
	if (in->brokers)
		textf(m, "- Betweenness: %s; brokerage roles by %s.\n",
		      in->brokers->exact ? "exact" : "sampled",
		      cg_partition_to_string(in->brokers->by));
	for (int k = 0; k < CG_DIAGRAM_COUNT; k++)
		rendered |= diagrams[k].rendered;
	textf(m,
	      "- Diagrams: at most %zu nodes each, what does not fit counted in +N nodes; leaves "
	      "of one type on one node collapsed; "
	      "the %d top brokers marked; entities of two or more cases with a double outline; "
	      "%s.\n",
	      in->max_nodes ? in->max_nodes : (size_t)CG_REPORT_MAX_NODES, BRIEF_MARKED_BROKERS,
	      rendered ? "laid out by Graphviz into SVG" : "DOT only (Graphviz did not run)");
	if (in->redact)
		text(m, "- Redacted: persons as initials and a code, e-mails, phones and account "
		        "numbers masked, ids and merge keys left out.\n");
	textf(m, "- Generated %s by %s. The same inputs and options give the same briefing.\n",
	      in->date ? in->date : "", in->generator ? in->generator : "casegraph");
	put(m);
}

int cg_report_write(const cg_graph *g, const cg_report_input *in, const cg_report_diagram *diagrams,
                    FILE *f, cg_error *err)
{
	cg_screen_row *rows = NULL;
	md m;

	memset(&m, 0, sizeof m);
	m.g = g;
	m.in = in;
	m.f = f;
	if (cg_screen_rows(g, &rows, &m.n_screen, err))
		return CG_ENOMEM;
	m.screen = rows;
	text(&m, "# ");
	if (in->title) {
		esc(&m, in->title);
	} else {
		size_t nc = in->summary ? in->summary->n_cases : 0;
		/* one line: the number of cases and the first few names, each
		 * shortened (the cases table gives them in full) */
		textf(&m, "Briefing: %zu case%s", nc, nc == 1 ? "" : "s");
		for (size_t i = 0; i < nc && i < BRIEF_TITLE_CASES; i++) {
			text(&m, i ? ", " : " (");
			short_name(&m, in->summary->cases[i].name, BRIEF_TITLE_BYTES);
		}
		if (nc > BRIEF_TITLE_CASES)
			textf(&m, " and %zu more", nc - BRIEF_TITLE_CASES);
		text(&m, nc ? ")" : "");
	}
	textf(&m, "\n\n*%s. Generated by %s from %zu input file%s.", in->date ? in->date : "",
	      in->generator ? in->generator : "casegraph", in->n_sources,
	      in->n_sources == 1 ? "" : "s");
	text(&m, " Every finding cites the records it rests on as `file:line` (Appendix A). The "
	         "diagrams' DOT sources are beside this file.*\n\n");
	if (in->redact)
		text(&m, "**Redacted for wider distribution.**\n\n");
	put(&m);
	key_findings(&m);
	section_screening(&m);
	section_cases(&m, &diagrams[CG_DIAGRAM_CASES]);
	section_clusters(&m, &diagrams[CG_DIAGRAM_CLUSTERS]);
	section_brokers(&m, &diagrams[CG_DIAGRAM_FACILITATORS]);
	section_shared(&m, &diagrams[CG_DIAGRAM_SHARED]);
	section_money(&m, &diagrams[CG_DIAGRAM_MONEY]);
	section_timeline(&m, &diagrams[CG_DIAGRAM_TIMELINE], err);
	section_reports(&m);
	appendix(&m, diagrams);
	cg_strbuf_free(&m.line);
	cg_strbuf_free(&m.tmp);
	free(rows);
	if (m.rc)
		return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
	if (ferror(f))
		return cg_error_set(err, CG_EIO, NULL, 0, 0, "cannot write the briefing");
	return 0;
}
