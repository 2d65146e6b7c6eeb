/* Exports for other tools, the tabular and XML ones: GraphML and GEXF
 * (Gephi: types, roles, cases, measures and properties as attributes),
 * CSV tables (entities.csv, links.csv, for spreadsheets and i2 / Maltego;
 * formulas neutralised; wide: a column per property) and the Neo4j layout
 * (nodes and relationships files per type, import.sh, load.cypher).
 * FollowTheMoney, STIX and JSONL are in export_json.c; cg_export_stream and cg_export_path dispatch
 * them all.
 *
 * Every export lists entities and links in graph order, and the property
 * columns in name order: the same graph gives the same bytes. */
#include "cg_render.h"

#include "cg_array.h"
#include "cg_hash.h"
#include "cg_jsonl.h"
#include "cg_parse.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Implemented in export_json.c. */
int cg_export_ftm(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err);
int cg_export_stix(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err);
/* Implemented in export_misp.c. */
int cg_export_misp(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err);

#define CASES_MAX 64

/* What every export says about an entity, beyond the graph. */
typedef struct ectx {
	const cg_graph *g;
	const cg_export_opts *o;
	size_t n, m;
	size_t *deg;
	const char **props; /* distinct entity property names, sorted */
	size_t n_props;
	const char **lprops; /* distinct link property names (but date), sorted */
	size_t n_lprops;
	int flat; /* line breaks in cells as spaces (neo4j-admin reads one line a row) */
	cg_strbuf sb, tmp;
	/* the nodes.csv column of each props[i] (neo_columns; NULL until then),
	 * strings owned by neo_pool */
	const char **neo_cols;
	cg_strpool *neo_pool;
	/* the entity or link type of the Neo4j file being written */
	int part;
} ectx;

/* Names the exports use themselves: a property with one of them gets a
 * "prop_" prefix. */
static const char *const reserved[] = {
    "id",     "label",        "type",     "name",   "aliases",    "roles",  "cases",  "n_cases",
    "degree", "betweenness",  "cluster",  "shared", "citations",  "source", "target", "directed",
    "amount", "amount_minor", "currency", "date",   "properties", "weight"};

static int is_reserved(const char *s)
{
	return cg_name_index(reserved, sizeof reserved / sizeof reserved[0], s) >= 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Distinct names among the properties of entities (kind 0) or links (1). */
static int collect_props(const cg_graph *g, int kind, const char ***out, size_t *n_out)
{
	size_t n = kind ? cg_graph_link_count(g) : cg_graph_entity_count(g), k = 0, cap = 16;
	const char **names = malloc(cap * sizeof *names);

	if (!names)
		return CG_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		cg_iter it = kind ? cg_link_props(g, (cg_lid)i) : cg_entity_props(g, (cg_eid)i);
		const char *pn, *pv;
		while (cg_iter_next_prop(g, &it, &pn, &pv)) {
			size_t x;
			if (kind && strcmp(pn, "date") == 0)
				continue;
			/* names are interned: a pointer compare finds repeats */
			for (x = 0; x < k && names[x] != pn; x++)
				;
			if (x < k)
				continue;
			if (CG_ARRAY_GROW(names, cap, k + 1, 16)) {
				free(names);
				return CG_ENOMEM;
			}
			names[k++] = pn;
		}
	}
	qsort(names, k, sizeof *names, str_cmp);
	*out = names;
	*n_out = k;
	return 0;
}

static int ectx_init(ectx *c, const cg_graph *g, const cg_export_opts *o, cg_error *err)
{
	unsigned char *all = NULL;

	memset(c, 0, sizeof *c);
	c->g = g;
	c->o = o;
	c->n = cg_graph_entity_count(g);
	c->m = cg_graph_link_count(g);
	c->deg = calloc(c->n + 1, sizeof *c->deg);
	all = malloc(c->n + 1);
	if (!c->deg || !all)
		goto nomem;
	memset(all, 1, c->n + 1);
	if (cg_select_degrees(g, all, c->deg, err))
		goto nomem;
	free(all);
	all = NULL;
	if (collect_props(g, 0, &c->props, &c->n_props) ||
	    collect_props(g, 1, &c->lprops, &c->n_lprops))
		goto nomem;
	return 0;
nomem:
	free(all);
	return cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
}

static void ectx_free(ectx *c)
{
	free(c->deg);
	free(c->props);
	free(c->lprops);
	free(c->neo_cols);
	cg_strpool_free(c->neo_pool);
	cg_strbuf_free(&c->sb);
	cg_strbuf_free(&c->tmp);
}

static double betw_of(const ectx *c, cg_eid e)
{
	return c->o && c->o->betweenness ? c->o->betweenness[e] : NAN;
}

static size_t cluster_of(const ectx *c, cg_eid e)
{
	return c->o && c->o->cluster_of ? c->o->cluster_of[e] : SIZE_MAX;
}

/* Joins the values of a string list (aliases, roles) into sb with sep. */
static int join_list(const cg_graph *g, cg_iter it, const char *sep, cg_strbuf *sb)
{
	const char *v;
	int first = 1, rc = 0;
	while (!rc && cg_iter_next_str(g, &it, &v)) {
		rc = (!first && cg_strbuf_puts(sb, sep)) || cg_strbuf_puts(sb, v);
		first = 0;
	}
	return rc;
}

static int join_cases(const cg_graph *g, cg_eid e, const char *sep, cg_strbuf *sb, size_t *n)
{
	const char *cases[CASES_MAX];
	size_t nc = cg_entity_cases(g, e, cases, CASES_MAX);
	int rc = 0;
	for (size_t i = 0; !rc && i < nc && i < CASES_MAX; i++)
		rc = (i && cg_strbuf_puts(sb, sep)) || cg_strbuf_puts(sb, cases[i]);
	if (n)
		*n = nc;
	return rc;
}

/* The values of property name of an entity (link when is_link), joined. */
static int join_prop(const cg_graph *g, cg_iter it, const char *name, const char *sep,
                     cg_strbuf *sb)
{
	const char *pn, *pv;
	int first = 1, rc = 0;
	while (!rc && cg_iter_next_prop(g, &it, &pn, &pv))
		if (strcmp(pn, name) == 0) {
			rc = (!first && cg_strbuf_puts(sb, sep)) || cg_strbuf_puts(sb, pv);
			first = 0;
		}
	return rc;
}

/* "file:line (case)" of every record, joined with sep. */
static int join_citations(const cg_graph *g, cg_iter it, const char *sep, cg_strbuf *sb)
{
	cg_prov p;
	int first = 1, rc = 0;
	while (!rc && cg_iter_next_prov(g, &it, &p)) {
		rc = (!first && cg_strbuf_puts(sb, sep)) ||
		     cg_strbuf_printf(sb, "%s:%ld (%s)", p.file, p.line, p.case_name);
		first = 0;
	}
	return rc;
}

/* "name=value; ..." of every property. */
static int join_all_props(const cg_graph *g, cg_iter it, int skip_date, cg_strbuf *sb)
{
	const char *pn, *pv;
	int first = 1, rc = 0;
	while (!rc && cg_iter_next_prop(g, &it, &pn, &pv)) {
		if (skip_date && strcmp(pn, "date") == 0)
			continue;
		rc = (!first && cg_strbuf_puts(sb, "; ")) || cg_strbuf_printf(sb, "%s=%s", pn, pv);
		first = 0;
	}
	return rc;
}

static int amount_text(const cg_graph *g, cg_lid l, cg_strbuf *sb, const char **cur, int64_t *minor)
{
	if (!cg_link_amount(g, l, minor, cur))
		return 0;
	return cg_format_money(*minor, *cur, sb);
}

/* ---- GraphML and GEXF ----
 *
 * One directed graph per file: an edge per link in its stored direction,
 * so that a tool counts as many edges as `casegraph stats` counts links,
 * with the boolean attribute "directed" (false for the undirected types:
 * associate_of, family_of, related_to ...). networkx refuses a file that
 * mixes directed and undirected edges, and neither format lets a reader
 * merge a pair of edges back into one link. Both writers take their
 * attributes from one table (xattrs), each declared with its type. */

typedef enum xtype { XT_STRING, XT_INT, XT_LONG, XT_DOUBLE, XT_BOOL } xtype;

static const char *const graphml_types[] = {"string", "int", "long", "double", "boolean"};
static const char *const gexf_types[] = {"string", "integer", "long", "double", "boolean"};

/* One attribute: its name, type, and a function that writes the value for
 * entity or link i into c->sb (reset before; nothing written: no value). */
typedef struct xattr {
	const char *name;
	xtype type;
	int (*value)(ectx *c, size_t i);
	int gexf; /* written in GEXF too (GEXF has the label on the element) */
} xattr;

static int put_num(ectx *c, const char *fmt, size_t v)
{
	return cg_strbuf_printf(&c->sb, fmt, v);
}

static int n_label(ectx *c, size_t e)
{
	return cg_strbuf_puts(&c->sb, cg_entity_name(c->g, (cg_eid)e));
}

static int n_type(ectx *c, size_t e)
{
	return cg_strbuf_puts(&c->sb, cg_entity_type_name(c->g, (cg_eid)e));
}

static int n_aliases(ectx *c, size_t e)
{
	return join_list(c->g, cg_entity_aliases(c->g, (cg_eid)e), "; ", &c->sb);
}

static int n_roles(ectx *c, size_t e)
{
	return join_list(c->g, cg_entity_roles(c->g, (cg_eid)e), "; ", &c->sb);
}

static int n_cases(ectx *c, size_t e)
{
	return join_cases(c->g, (cg_eid)e, "; ", &c->sb, NULL);
}

static int n_ncases(ectx *c, size_t e)
{
	return put_num(c, "%zu", cg_entity_cases(c->g, (cg_eid)e, NULL, 0));
}

static int n_shared(ectx *c, size_t e)
{
	return cg_strbuf_puts(&c->sb,
	                      cg_entity_cases(c->g, (cg_eid)e, NULL, 0) >= 2 ? "true" : "false");
}

static int n_degree(ectx *c, size_t e)
{
	return put_num(c, "%zu", c->deg[e]);
}

static int n_betweenness(ectx *c, size_t e)
{
	double b = betw_of(c, (cg_eid)e);
	return isnan(b) ? 0 : cg_strbuf_printf(&c->sb, "%.17g", b);
}

static int n_cluster(ectx *c, size_t e)
{
	size_t k = cluster_of(c, (cg_eid)e);
	return k == SIZE_MAX ? 0 : put_num(c, "%zu", k + 1);
}

static int n_citations(ectx *c, size_t e)
{
	return join_citations(c->g, cg_entity_provs(c->g, (cg_eid)e), "; ", &c->sb);
}

static const xattr node_attrs[] = {
    {"label", XT_STRING, n_label, 0},  {"type", XT_STRING, n_type, 1},
    {"name", XT_STRING, n_label, 1},   {"aliases", XT_STRING, n_aliases, 1},
    {"roles", XT_STRING, n_roles, 1},  {"cases", XT_STRING, n_cases, 1},
    {"n_cases", XT_INT, n_ncases, 1},  {"shared", XT_BOOL, n_shared, 1},
    {"degree", XT_INT, n_degree, 1},   {"betweenness", XT_DOUBLE, n_betweenness, 1},
    {"cluster", XT_INT, n_cluster, 1}, {"citations", XT_STRING, n_citations, 1},
};
enum { N_NODE_ATTRS = sizeof node_attrs / sizeof node_attrs[0] };

static int l_type(ectx *c, size_t l)
{
	return cg_strbuf_puts(&c->sb, cg_link_type_name(c->g, (cg_lid)l));
}

static int l_directed(ectx *c, size_t l)
{
	return cg_strbuf_puts(&c->sb, cg_link_directed(c->g, (cg_lid)l) ? "true" : "false");
}

static int l_amount(ectx *c, size_t l)
{
	const char *cur;
	int64_t minor;
	return amount_text(c->g, (cg_lid)l, &c->sb, &cur, &minor);
}

static int l_amount_minor(ectx *c, size_t l)
{
	const char *cur;
	int64_t minor;
	if (!cg_link_amount(c->g, (cg_lid)l, &minor, &cur))
		return 0;
	return cg_strbuf_printf(&c->sb, "%lld", (long long)minor);
}

static int l_currency(ectx *c, size_t l)
{
	const char *cur;
	int64_t minor;
	if (!cg_link_amount(c->g, (cg_lid)l, &minor, &cur))
		return 0;
	return cg_strbuf_puts(&c->sb, cur);
}

static int l_date(ectx *c, size_t l)
{
	return join_prop(c->g, cg_link_props(c->g, (cg_lid)l), "date", "; ", &c->sb);
}

static int l_cases(ectx *c, size_t l)
{
	const char *cases[CASES_MAX];
	size_t nc = cg_link_cases(c->g, (cg_lid)l, cases, CASES_MAX);
	int rc = 0;
	for (size_t i = 0; !rc && i < nc && i < CASES_MAX; i++)
		rc = (i && cg_strbuf_puts(&c->sb, "; ")) || cg_strbuf_puts(&c->sb, cases[i]);
	return rc;
}

static int l_citations(ectx *c, size_t l)
{
	return join_citations(c->g, cg_link_provs(c->g, (cg_lid)l), "; ", &c->sb);
}

static const xattr edge_attrs[] = {
    {"label", XT_STRING, l_type, 0},
    {"type", XT_STRING, l_type, 1},
    {"directed", XT_BOOL, l_directed, 1},
    {"amount", XT_STRING, l_amount, 1},
    {"amount_minor", XT_LONG, l_amount_minor, 1},
    {"currency", XT_STRING, l_currency, 1},
    {"date", XT_STRING, l_date, 1},
    {"cases", XT_STRING, l_cases, 1},
    {"citations", XT_STRING, l_citations, 1},
};
enum { N_EDGE_ATTRS = sizeof edge_attrs / sizeof edge_attrs[0] };

static const char *xml(ectx *c, const char *s)
{
	cg_strbuf_reset(&c->tmp);
	if (cg_xml_escape(&c->tmp, s ? s : ""))
		return NULL;
	return cg_strbuf_cstr(&c->tmp);
}

/* The attribute name of a property column. */
static int prop_column(cg_strbuf *sb, const char *name)
{
	cg_strbuf_reset(sb);
	return cg_strbuf_printf(sb, "%s%s", is_reserved(name) ? "prop_" : "", name);
}

/* The value of attribute k of entity (edge: link) i into c->sb: a table
 * attribute, then the properties (string, values joined with "; "). */
static int xvalue(ectx *c, int edge, size_t k, size_t i)
{
	const xattr *t = edge ? edge_attrs : node_attrs;
	size_t nt = edge ? N_EDGE_ATTRS : N_NODE_ATTRS;

	cg_strbuf_reset(&c->sb);
	if (k < nt)
		return t[k].value(c, i);
	return edge ? join_prop(c->g, cg_link_props(c->g, (cg_lid)i), c->lprops[k - nt], "; ",
	                        &c->sb)
	            : join_prop(c->g, cg_entity_props(c->g, (cg_eid)i), c->props[k - nt], "; ",
	                        &c->sb);
}

/* Declares the attributes of nodes (edge 0) or edges (1): the table's, then
 * one string per property name. gexf: as GEXF <attribute>s, else as
 * GraphML <key>s (ids n0... and e0..., in the order of xvalue's k). */
static int xdeclare(ectx *c, FILE *f, int edge, int gexf)
{
	const xattr *t = edge ? edge_attrs : node_attrs;
	size_t nt = edge ? N_EDGE_ATTRS : N_NODE_ATTRS, np = edge ? c->n_lprops : c->n_props;
	const char *const *pn = edge ? c->lprops : c->props;
	const char *x;

	for (size_t k = 0; k < nt + np; k++) {
		xtype ty = k < nt ? t[k].type : XT_STRING;
		if (k < nt && gexf && !t[k].gexf)
			continue;
		if (k < nt ? cg_strbuf_puts((cg_strbuf_reset(&c->sb), &c->sb), t[k].name)
		           : prop_column(&c->sb, pn[k - nt]))
			return CG_ENOMEM;
		if (!(x = xml(c, cg_strbuf_cstr(&c->sb))))
			return CG_ENOMEM;
		if (gexf)
			fprintf(f, "      <attribute id=\"%zu\" title=\"%s\" type=\"%s\"/>\n", k, x,
			        gexf_types[ty]);
		else
			fprintf(
			    f,
			    "  <key id=\"%c%zu\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
			    edge ? 'e' : 'n', k, edge ? "edge" : "node", x, graphml_types[ty]);
	}
	return 0;
}

/* Writes the values of entity (edge: link) i: <data> in GraphML,
 * <attvalue> in GEXF; an empty value is left out. */
static int xvalues(ectx *c, FILE *f, int edge, int gexf, size_t i)
{
	const xattr *t = edge ? edge_attrs : node_attrs;
	size_t nt = edge ? N_EDGE_ATTRS : N_NODE_ATTRS, np = edge ? c->n_lprops : c->n_props;
	const char *x;

	for (size_t k = 0; k < nt + np; k++) {
		if (k < nt && gexf && !t[k].gexf)
			continue;
		if (xvalue(c, edge, k, i))
			return CG_ENOMEM;
		if (!c->sb.len)
			continue;
		if (!(x = xml(c, cg_strbuf_cstr(&c->sb))))
			return CG_ENOMEM;
		if (gexf)
			fprintf(f, "<attvalue for=\"%zu\" value=\"%s\"/>", k, x);
		else
			fprintf(f, "<data key=\"%c%zu\">%s</data>", edge ? 'e' : 'n', k, x);
	}
	return 0;
}

/* source="..." target="..." of link l. */
static int xends(ectx *c, FILE *f, cg_lid l)
{
	const char *x;
	if (!(x = xml(c, cg_entity_id(c->g, cg_link_source(c->g, l)))))
		return CG_ENOMEM;
	fprintf(f, " source=\"%s\"", x);
	if (!(x = xml(c, cg_entity_id(c->g, cg_link_target(c->g, l)))))
		return CG_ENOMEM;
	fprintf(f, " target=\"%s\"", x);
	return 0;
}

static int graphml(ectx *c, FILE *f)
{
	const char *x;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
	      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
	      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
	      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
	      f);
	if (xdeclare(c, f, 0, 0) || xdeclare(c, f, 1, 0))
		return CG_ENOMEM;
	fputs("  <graph id=\"casegraph\" edgedefault=\"directed\">\n", f);
	for (cg_eid e = 0; e < c->n; e++) {
		if (!(x = xml(c, cg_entity_id(c->g, e))))
			return CG_ENOMEM;
		fprintf(f, "    <node id=\"%s\">", x);
		if (xvalues(c, f, 0, 0, e))
			return CG_ENOMEM;
		fputs("</node>\n", f);
	}
	for (cg_lid l = 0; l < c->m; l++) {
		fprintf(f, "    <edge id=\"e%zu\"", (size_t)l);
		if (xends(c, f, l))
			return CG_ENOMEM;
		fputc('>', f);
		if (xvalues(c, f, 1, 0, l))
			return CG_ENOMEM;
		fputs("</edge>\n", f);
	}
	fputs("  </graph>\n</graphml>\n", f);
	return 0;
}

/* ---- GEXF 1.2 ---- */

static void hex_rgb(const char *hex, int rgb[3])
{
	for (int i = 0; i < 3; i++) {
		int v = 0;
		for (int k = 0; k < 2; k++) {
			char ch = hex[1 + 2 * i + k];
			v = v * 16 + (ch >= 'a'   ? ch - 'a' + 10
			              : ch >= 'A' ? ch - 'A' + 10
			                          : ch - '0');
		}
		rgb[i] = v;
	}
}

static int gexf(ectx *c, FILE *f)
{
	const cg_graph *g = c->g;
	const char *x;
	double maxd = 1;

	for (cg_eid e = 0; e < c->n; e++)
		if ((double)c->deg[e] > maxd)
			maxd = (double)c->deg[e];
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<gexf xmlns=\"http://www.gexf.net/1.2draft\" "
	      "xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" version=\"1.2\">\n",
	      f);
	fprintf(f, "  <meta lastmodifieddate=\"%s\">\n    <creator>",
	        c->o && c->o->date ? c->o->date : "1970-01-01");
	if (!(x = xml(c, c->o && c->o->generator ? c->o->generator : "casegraph")))
		return CG_ENOMEM;
	fprintf(f,
	        "%s</creator>\n    <description>casegraph entity graph: %zu entities, %zu "
	        "links</description>\n  </meta>\n",
	        x, c->n, c->m);
	fputs("  <graph mode=\"static\" defaultedgetype=\"directed\">\n"
	      "    <attributes class=\"node\">\n",
	      f);
	if (xdeclare(c, f, 0, 1))
		return CG_ENOMEM;
	fputs("    </attributes>\n    <attributes class=\"edge\">\n", f);
	if (xdeclare(c, f, 1, 1))
		return CG_ENOMEM;
	fputs("    </attributes>\n    <nodes>\n", f);
	for (cg_eid e = 0; e < c->n; e++) {
		if (!(x = xml(c, cg_entity_id(g, e))))
			return CG_ENOMEM;
		fprintf(f, "      <node id=\"%s\" label=\"", x);
		if (!(x = xml(c, cg_entity_name(g, e))))
			return CG_ENOMEM;
		fprintf(f, "%s\"><attvalues>", x);
		if (xvalues(c, f, 0, 1, e))
			return CG_ENOMEM;
		int rgb[3];
		hex_rgb(cg_type_style_of(cg_entity_type_of(g, e))->fill, rgb);
		fprintf(
		    f,
		    "</attvalues><viz:color r=\"%d\" g=\"%d\" b=\"%d\"/><viz:size value=\"%.2f\"/>"
		    "</node>\n",
		    rgb[0], rgb[1], rgb[2], 5.0 + 15.0 * sqrt((double)c->deg[e] / maxd));
	}
	fputs("    </nodes>\n    <edges>\n", f);
	for (cg_lid l = 0; l < c->m; l++) {
		fprintf(f, "      <edge id=\"%zu\"", (size_t)l);
		if (xends(c, f, l))
			return CG_ENOMEM;
		if (!(x = xml(c, cg_link_type_name(g, l))))
			return CG_ENOMEM;
		fprintf(f, " label=\"%s\"><attvalues>", x);
		if (xvalues(c, f, 1, 1, l))
			return CG_ENOMEM;
		fputs("</attvalues></edge>\n", f);
	}
	fputs("    </edges>\n  </graph>\n</gexf>\n", f);
	return 0;
}

/* ---- CSV tables ---- */

static int csv_cell(ectx *c, FILE *f, const char *s, int last, int neutralise)
{
	cg_strbuf_reset(&c->tmp);
	if (c->flat && s && strpbrk(s, "\r\n")) {
		cg_strbuf flat = CG_STRBUF_INIT;
		int rc = 0;
		for (const char *p = s; *p && !rc; p++)
			rc = cg_strbuf_putc(&flat, *p == '\r' || *p == '\n' ? ' ' : *p);
		rc = rc || cg_csv_field(&c->tmp, cg_strbuf_cstr(&flat), neutralise);
		cg_strbuf_free(&flat);
		if (rc)
			return CG_ENOMEM;
	} else if (cg_csv_field(&c->tmp, s ? s : "", neutralise)) {
		return CG_ENOMEM;
	}
	fputs(cg_strbuf_cstr(&c->tmp), f);
	fputs(last ? (c->flat ? "\n" : "\r\n") : ",", f);
	return 0;
}

static int csv_entities(ectx *c, FILE *f)
{
	const cg_graph *g = c->g;

	fputs("id,type,name,aliases,roles,cases,n_cases,degree,betweenness,cluster,properties,"
	      "citations\r\n",
	      f);
	for (cg_eid e = 0; e < c->n; e++) {
		size_t nc;
		if (csv_cell(c, f, cg_entity_id(g, e), 0, 1) ||
		    csv_cell(c, f, cg_entity_type_name(g, e), 0, 1) ||
		    csv_cell(c, f, cg_entity_name(g, e), 0, 1))
			return CG_ENOMEM;
		cg_strbuf_reset(&c->sb);
		if (join_list(g, cg_entity_aliases(g, e), "; ", &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 0, 1))
			return CG_ENOMEM;
		cg_strbuf_reset(&c->sb);
		if (join_list(g, cg_entity_roles(g, e), "; ", &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 0, 1))
			return CG_ENOMEM;
		cg_strbuf_reset(&c->sb);
		if (join_cases(g, e, "; ", &c->sb, &nc) || csv_cell(c, f, c->sb.buf, 0, 1))
			return CG_ENOMEM;
		fprintf(f, "%zu,%zu,", nc, c->deg[e]);
		if (!isnan(betw_of(c, e)))
			fprintf(f, "%.17g", betw_of(c, e));
		fputc(',', f);
		if (cluster_of(c, e) != SIZE_MAX)
			fprintf(f, "%zu", cluster_of(c, e) + 1);
		fputc(',', f);
		cg_strbuf_reset(&c->sb);
		if (join_all_props(g, cg_entity_props(g, e), 0, &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 0, 1))
			return CG_ENOMEM;
		cg_strbuf_reset(&c->sb);
		if (join_citations(g, cg_entity_provs(g, e), "; ", &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 1, 1))
			return CG_ENOMEM;
	}
	return 0;
}

static int csv_links(ectx *c, FILE *f)
{
	const cg_graph *g = c->g;

	fputs("source,target,type,directed,amount,currency,date,properties,citations\r\n", f);
	for (cg_lid l = 0; l < c->m; l++) {
		const char *cur = NULL;
		int64_t minor;
		if (csv_cell(c, f, cg_entity_id(g, cg_link_source(g, l)), 0, 1) ||
		    csv_cell(c, f, cg_entity_id(g, cg_link_target(g, l)), 0, 1) ||
		    csv_cell(c, f, cg_link_type_name(g, l), 0, 1))
			return CG_ENOMEM;
		fputs(cg_link_directed(g, l) ? "true," : "false,", f);
		cg_strbuf_reset(&c->sb);
		/* an amount is a number we wrote: not neutralised, so that a
		 * spreadsheet reads a refund (-12.00) as a number */
		if (amount_text(g, l, &c->sb, &cur, &minor) || csv_cell(c, f, c->sb.buf, 0, 0) ||
		    csv_cell(c, f, cur, 0, 1))
			return CG_ENOMEM;
		cg_strbuf_reset(&c->sb);
		if (join_prop(g, cg_link_props(g, l), "date", "; ", &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 0, 1))
			return CG_ENOMEM;
		cg_strbuf_reset(&c->sb);
		if (join_all_props(g, cg_link_props(g, l), 1, &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 0, 1))
			return CG_ENOMEM;
		cg_strbuf_reset(&c->sb);
		if (join_citations(g, cg_link_provs(g, l), "; ", &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 1, 1))
			return CG_ENOMEM;
	}
	return 0;
}

/* ---- CSV, wide ----
 *
 * One column per property (named as in GraphML: prop_column), for i2 and
 * Maltego table import. A cell holding several values joins them with '|'
 * (WIDE_SEP); a '|' or '\' inside a value is written "\|" or "\\", so
 * splitting on the '|' not preceded by an unpaired '\' and then replacing
 * "\|" by '|' and "\\" by '\' gives back the values. */

#define WIDE_SEP '|'

static int wide_add(cg_strbuf *sb, const char *item, int *first)
{
	int rc = (!*first && cg_strbuf_putc(sb, WIDE_SEP));
	*first = 0;
	for (const char *p = item; *p && !rc; p++)
		rc = ((*p == WIDE_SEP || *p == '\\') && cg_strbuf_putc(sb, '\\')) ||
		     cg_strbuf_putc(sb, *p);
	return rc;
}

static int wide_list(const cg_graph *g, cg_iter it, cg_strbuf *sb)
{
	const char *v;
	int first = 1, rc = 0;
	while (!rc && cg_iter_next_str(g, &it, &v))
		rc = wide_add(sb, v, &first);
	return rc;
}

/* The values of property name (all of them, in record order). */
static int wide_prop(const cg_graph *g, cg_iter it, const char *name, cg_strbuf *sb)
{
	const char *pn, *pv;
	int first = 1, rc = 0;
	while (!rc && cg_iter_next_prop(g, &it, &pn, &pv))
		if (strcmp(pn, name) == 0)
			rc = wide_add(sb, pv, &first);
	return rc;
}

static int wide_citations(ectx *c, cg_iter it, cg_strbuf *sb)
{
	cg_prov p;
	int first = 1, rc = 0;
	while (!rc && cg_iter_next_prov(c->g, &it, &p)) {
		cg_strbuf_reset(&c->tmp);
		rc = cg_strbuf_printf(&c->tmp, "%s:%ld (%s)", p.file, p.line, p.case_name) ||
		     wide_add(sb, cg_strbuf_cstr(&c->tmp), &first);
	}
	return rc;
}

static int wide_cases(const char *const *cases, size_t nc, cg_strbuf *sb)
{
	int first = 1, rc = 0;
	for (size_t i = 0; !rc && i < nc && i < CASES_MAX; i++)
		rc = wide_add(sb, cases[i], &first);
	return rc;
}

/* The property columns of the header: ",name" each. */
static int wide_header(ectx *c, FILE *f, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (prop_column(&c->sb, names[i]) || csv_cell(c, f, cg_strbuf_cstr(&c->sb), 0, 1))
			return CG_ENOMEM;
	return 0;
}

static int wide_entities(ectx *c, FILE *f)
{
	const cg_graph *g = c->g;

	fputs("id,type,name,aliases,roles,cases,n_cases,degree,betweenness,cluster,", f);
	if (wide_header(c, f, c->props, c->n_props))
		return CG_ENOMEM;
	fputs("citations\r\n", f);
	for (cg_eid e = 0; e < c->n; e++) {
		const char *cases[CASES_MAX];
		size_t nc = cg_entity_cases(g, e, cases, CASES_MAX);
		if (csv_cell(c, f, cg_entity_id(g, e), 0, 1) ||
		    csv_cell(c, f, cg_entity_type_name(g, e), 0, 1) ||
		    csv_cell(c, f, cg_entity_name(g, e), 0, 1))
			return CG_ENOMEM;
		cg_strbuf_reset(&c->sb);
		if (wide_list(g, cg_entity_aliases(g, e), &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 0, 1))
			return CG_ENOMEM;
		cg_strbuf_reset(&c->sb);
		if (wide_list(g, cg_entity_roles(g, e), &c->sb) || csv_cell(c, f, c->sb.buf, 0, 1))
			return CG_ENOMEM;
		cg_strbuf_reset(&c->sb);
		if (wide_cases(cases, nc, &c->sb) || csv_cell(c, f, c->sb.buf, 0, 1))
			return CG_ENOMEM;
		fprintf(f, "%zu,%zu,", nc, c->deg[e]);
		if (!isnan(betw_of(c, e)))
			fprintf(f, "%.17g", betw_of(c, e));
		fputc(',', f);
		if (cluster_of(c, e) != SIZE_MAX)
			fprintf(f, "%zu", cluster_of(c, e) + 1);
		fputc(',', f);
		for (size_t i = 0; i < c->n_props; i++) {
			cg_strbuf_reset(&c->sb);
			if (wide_prop(g, cg_entity_props(g, e), c->props[i], &c->sb) ||
			    csv_cell(c, f, c->sb.buf, 0, 1))
				return CG_ENOMEM;
		}
		cg_strbuf_reset(&c->sb);
		if (wide_citations(c, cg_entity_provs(g, e), &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 1, 1))
			return CG_ENOMEM;
	}
	return 0;
}

static int wide_links(ectx *c, FILE *f)
{
	const cg_graph *g = c->g;

	fputs("source,target,type,directed,amount,currency,date,cases,", f);
	if (wide_header(c, f, c->lprops, c->n_lprops))
		return CG_ENOMEM;
	fputs("citations\r\n", f);
	for (cg_lid l = 0; l < c->m; l++) {
		const char *cur = NULL, *cases[CASES_MAX];
		size_t nc = cg_link_cases(g, l, cases, CASES_MAX);
		int64_t minor;
		if (csv_cell(c, f, cg_entity_id(g, cg_link_source(g, l)), 0, 1) ||
		    csv_cell(c, f, cg_entity_id(g, cg_link_target(g, l)), 0, 1) ||
		    csv_cell(c, f, cg_link_type_name(g, l), 0, 1))
			return CG_ENOMEM;
		fputs(cg_link_directed(g, l) ? "true," : "false,", f);
		cg_strbuf_reset(&c->sb);
		/* an amount is a number we wrote: not neutralised (as in links.csv) */
		if (amount_text(g, l, &c->sb, &cur, &minor) || csv_cell(c, f, c->sb.buf, 0, 0) ||
		    csv_cell(c, f, cur, 0, 1))
			return CG_ENOMEM;
		cg_strbuf_reset(&c->sb);
		if (wide_prop(g, cg_link_props(g, l), "date", &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 0, 1))
			return CG_ENOMEM;
		cg_strbuf_reset(&c->sb);
		if (wide_cases(cases, nc, &c->sb) || csv_cell(c, f, c->sb.buf, 0, 1))
			return CG_ENOMEM;
		for (size_t i = 0; i < c->n_lprops; i++) {
			cg_strbuf_reset(&c->sb);
			if (wide_prop(g, cg_link_props(g, l), c->lprops[i], &c->sb) ||
			    csv_cell(c, f, c->sb.buf, 0, 1))
				return CG_ENOMEM;
		}
		cg_strbuf_reset(&c->sb);
		if (wide_citations(c, cg_link_provs(g, l), &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 1, 1))
			return CG_ENOMEM;
	}
	return 0;
}

/* ---- Neo4j bulk import ----
 *
 * The cells are written as the CSV tables' are (csv_cell: cg_csv_field's
 * quoting, formulas neutralised, amounts apart), on one line each; property
 * columns get plain names (neo_columns), listed in import.sh. */

/* An array cell: items joined with ';' (neo4j-admin's array delimiter), a
 * ';' inside an item written as ','. */
static int neo_array_add(cg_strbuf *sb, const char *item, int *first)
{
	int rc = (!*first && cg_strbuf_putc(sb, ';'));
	*first = 0;
	for (const char *p = item; *p && !rc; p++)
		rc = cg_strbuf_putc(sb, *p == ';' ? ',' : *p);
	return rc;
}

/* A label from a type or role: "bank_account" -> "BankAccount". */
static int camel(cg_strbuf *sb, const char *s, int upper_first)
{
	int up = upper_first, rc = 0;
	for (; *s && !rc; s++) {
		if (*s == '_' || *s == ' ' || *s == '-') {
			up = 1;
			continue;
		}
		char ch = *s;
		if (up && ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 32);
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9'))
			rc = cg_strbuf_putc(sb, ch);
		up = 0;
	}
	return rc;
}

/* The names of nodes.csv's own columns (before the ':type'). */
static const char *const neo_fixed[] = {"id",          "name",    "type",     "aliases",
                                        "roles",       "cases",   "n_cases",  "degree",
                                        "betweenness", "cluster", "citations"};

/* The plain header name of a property into out: neo4j-admin reads a header
 * field as "name:type" and ":ID", ":LABEL", ":TYPE" ... as special fields, so
 * only ASCII letters, digits and '_' are kept, any other character (one per
 * UTF-8 sequence) becomes '_', and "prop_" goes before an empty result or a
 * name the export uses itself. */
static int neo_plain(cg_strbuf *out, cg_strbuf *scratch, const char *name)
{
	int rc = 0;

	cg_strbuf_reset(scratch);
	for (const unsigned char *p = (const unsigned char *)name; *p && !rc; p++) {
		unsigned char ch = *p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_')
			rc = cg_strbuf_putc(scratch, (char)ch);
		else if (ch < 0x80 || ch >= 0xC0) /* not a UTF-8 continuation byte */
			rc = cg_strbuf_putc(scratch, '_');
	}
	cg_strbuf_reset(out);
	if (!rc && (!scratch->len || is_reserved(cg_strbuf_cstr(scratch))))
		rc = cg_strbuf_puts(out, "prop_");
	return rc || cg_strbuf_puts(out, cg_strbuf_cstr(scratch)) ? CG_ENOMEM : 0;
}

/* A column name not yet taken in c->neo_pool, made from base (base itself,
 * else base_2, base_3 ...), taken and stored in *out. next remembers the
 * suffix each base reached, so that many names on one base cost linear
 * time. */
static int neo_take(ectx *c, cg_map64 *next, const cg_strbuf *base, cg_strbuf *cand,
                    const char **out)
{
	uint32_t id = cg_strpool_find(c->neo_pool, base->buf, base->len), n = 2, got;
	int rc;

	cg_strbuf_reset(cand);
	if (id) {
		cg_map64_get(next, id, &n);
		for (;; n++) {
			cg_strbuf_reset(cand);
			if (cg_strbuf_printf(cand, "%s_%u", base->buf, (unsigned)n))
				return CG_ENOMEM;
			if (!cg_strpool_find(c->neo_pool, cand->buf, cand->len))
				break;
		}
		if ((rc = cg_map64_put(next, id, n + 1)))
			return rc;
	} else if (cg_strbuf_append(cand, base->buf, base->len)) {
		return CG_ENOMEM;
	}
	if ((rc = cg_strpool_intern(c->neo_pool, cand->buf, cand->len, &got)))
		return rc;
	*out = cg_strpool_str(c->neo_pool, got);
	return 0;
}

/* The nodes.csv column of each property, once (c->neo_cols): its plain
 * name (neo_plain), unique among the columns. A property whose name is
 * already plain keeps it; the others take theirs in name order, with a
 * "_2", "_3" ... suffix when it is taken. */
static int neo_columns(ectx *c)
{
	cg_strbuf base = CG_STRBUF_INIT, cand = CG_STRBUF_INIT;
	cg_map64 next = CG_MAP64_INIT;
	uint32_t id;
	int rc = 0;

	if (c->neo_cols)
		return 0;
	c->neo_pool = cg_strpool_new();
	c->neo_cols = calloc(c->n_props + 1, sizeof *c->neo_cols);
	if (!c->neo_pool || !c->neo_cols)
		rc = CG_ENOMEM;
	for (size_t i = 0; !rc && i < sizeof neo_fixed / sizeof neo_fixed[0]; i++)
		rc = cg_strpool_intern(c->neo_pool, neo_fixed[i], strlen(neo_fixed[i]), &id);
	for (int pass = 0; pass < 2 && !rc; pass++)
		for (size_t i = 0; i < c->n_props && !rc; i++) {
			if (c->neo_cols[i])
				continue;
			if ((rc = neo_plain(&base, &cand, c->props[i])))
				break;
			if (pass == 0 && strcmp(cg_strbuf_cstr(&base), c->props[i]) != 0)
				continue;
			rc = neo_take(c, &next, &base, &cand, &c->neo_cols[i]);
		}
	if (rc) {
		free(c->neo_cols);
		cg_strpool_free(c->neo_pool);
		c->neo_cols = NULL;
		c->neo_pool = NULL;
	}
	cg_map64_free(&next);
	cg_strbuf_free(&base);
	cg_strbuf_free(&cand);
	return rc;
}

/* Whether graph g has an entity of type t (a link when links). */
static int neo_has(const ectx *c, int links, int t)
{
	size_t n = links ? c->m : c->n;
	for (size_t i = 0; i < n; i++)
		if ((links ? (int)cg_link_type_of(c->g, (cg_lid)i)
		           : (int)cg_entity_type_of(c->g, (cg_eid)i)) == t)
			return 1;
	return 0;
}

static int neo_has_nodes(const ectx *c, int t)
{
	return neo_has(c, 0, t);
}

static int neo_has_rels(const ectx *c, int t)
{
	return neo_has(c, 1, t);
}

/* Which properties entities of type t have (used[i] for c->props[i]). */
static void neo_used(const ectx *c, int t, unsigned char *used)
{
	memset(used, 0, c->n_props + 1);
	for (cg_eid e = 0; e < c->n; e++) {
		if ((int)cg_entity_type_of(c->g, e) != t)
			continue;
		cg_iter it = cg_entity_props(c->g, e);
		const char *pn, *pv;
		while (cg_iter_next_prop(c->g, &it, &pn, &pv)) {
			const char **hit =
			    bsearch(&pn, c->props, c->n_props, sizeof *c->props, str_cmp);
			if (hit)
				used[hit - c->props] = 1;
		}
	}
}

/* nodes-TYPE.csv: the entities of type c->part, with the property columns
 * that type uses. */
static int neo_nodes(ectx *c, FILE *f)
{
	const cg_graph *g = c->g;
	cg_strbuf lab = CG_STRBUF_INIT;
	unsigned char *used;
	int rc = 0;

	fputs("id:ID,name,type,aliases:string[],roles:string[],cases:string[],n_cases:int,"
	      "degree:int,betweenness:double,cluster:int",
	      f);
	if (neo_columns(c) || !(used = malloc(c->n_props + 1)))
		return CG_ENOMEM;
	neo_used(c, c->part, used);
	for (size_t i = 0; i < c->n_props; i++)
		if (used[i]) {
			fputc(',', f);
			fputs(c->neo_cols[i], f);
		}
	fputs(",citations:string[],:LABEL\n", f);
	for (cg_eid e = 0; e < c->n && !rc; e++) {
		size_t nc;
		const char *v;
		int first;
		if ((int)cg_entity_type_of(g, e) != c->part)
			continue;
		if (csv_cell(c, f, cg_entity_id(g, e), 0, 1) ||
		    csv_cell(c, f, cg_entity_name(g, e), 0, 1) ||
		    csv_cell(c, f, cg_entity_type_name(g, e), 0, 1))
			goto nomem;
		cg_iter it = cg_entity_aliases(g, e);
		cg_strbuf_reset(&c->sb);
		first = 1;
		while (cg_iter_next_str(g, &it, &v))
			if (neo_array_add(&c->sb, v, &first))
				goto nomem;
		if (csv_cell(c, f, c->sb.buf, 0, 1))
			goto nomem;
		it = cg_entity_roles(g, e);
		cg_strbuf_reset(&c->sb);
		first = 1;
		while (cg_iter_next_str(g, &it, &v))
			if (neo_array_add(&c->sb, v, &first))
				goto nomem;
		if (csv_cell(c, f, c->sb.buf, 0, 1))
			goto nomem;
		const char *cases[CASES_MAX];
		nc = cg_entity_cases(g, e, cases, CASES_MAX);
		cg_strbuf_reset(&c->sb);
		first = 1;
		for (size_t i = 0; i < nc && i < CASES_MAX; i++)
			if (neo_array_add(&c->sb, cases[i], &first))
				goto nomem;
		if (csv_cell(c, f, c->sb.buf, 0, 1))
			goto nomem;
		fprintf(f, "%zu,%zu,", nc, c->deg[e]);
		if (!isnan(betw_of(c, e)))
			fprintf(f, "%.17g", betw_of(c, e));
		fputc(',', f);
		if (cluster_of(c, e) != SIZE_MAX)
			fprintf(f, "%zu", cluster_of(c, e) + 1);
		fputc(',', f);
		for (size_t i = 0; i < c->n_props; i++) {
			if (!used[i])
				continue;
			cg_strbuf_reset(&c->sb);
			if (join_prop(g, cg_entity_props(g, e), c->props[i], "; ", &c->sb))
				goto nomem;
			/* csv_cell ends the cell with a comma: the next cell follows */
			if (csv_cell(c, f, cg_strbuf_cstr(&c->sb), 0, 1))
				goto nomem;
		}
		cg_iter pit = cg_entity_provs(g, e);
		cg_prov p;
		cg_strbuf_reset(&c->sb);
		first = 1;
		while (cg_iter_next_prov(g, &pit, &p)) {
			cg_strbuf_reset(&lab);
			if (cg_strbuf_printf(&lab, "%s:%ld (%s)", p.file, p.line, p.case_name) ||
			    neo_array_add(&c->sb, lab.buf, &first))
				goto nomem;
		}
		if (csv_cell(c, f, c->sb.buf, 0, 1))
			goto nomem;
		/* labels: Entity, the type, the outlined roles, Shared */
		cg_strbuf_reset(&lab);
		if (cg_strbuf_puts(&lab, "Entity;") || camel(&lab, cg_entity_type_name(g, e), 1))
			goto nomem;
		it = cg_entity_roles(g, e);
		while (cg_iter_next_str(g, &it, &v))
			if (cg_role_from_string(v) != CG_ROLE_OTHER &&
			    (cg_strbuf_putc(&lab, ';') || camel(&lab, v, 1)))
				goto nomem;
		if (nc >= 2 && cg_strbuf_puts(&lab, ";Shared"))
			goto nomem;
		if (csv_cell(c, f, lab.buf, 1, 1))
			goto nomem;
	}
	free(used);
	cg_strbuf_free(&lab);
	return rc;
nomem:
	free(used);
	cg_strbuf_free(&lab);
	return CG_ENOMEM;
}

/* relationships-TYPE.csv: the links of type c->part. */
static int neo_rels(ectx *c, FILE *f)
{
	const cg_graph *g = c->g;
	cg_strbuf t = CG_STRBUF_INIT;

	fputs(":START_ID,:END_ID,:TYPE,directed:boolean,amount,amount_minor:long,currency,date,"
	      "properties,citations:string[]\n",
	      f);
	for (cg_lid l = 0; l < c->m; l++) {
		const char *cur = NULL;
		int64_t minor = 0;
		if ((int)cg_link_type_of(g, l) != c->part)
			continue;
		if (csv_cell(c, f, cg_entity_id(g, cg_link_source(g, l)), 0, 1) ||
		    csv_cell(c, f, cg_entity_id(g, cg_link_target(g, l)), 0, 1))
			goto nomem;
		/* relationship types in upper case: PAYS, EMPLOYEE_OF */
		cg_strbuf_reset(&t);
		for (const char *p = cg_link_type_name(g, l); *p; p++)
			if (cg_strbuf_putc(&t, (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p)))
				goto nomem;
		if (csv_cell(c, f, t.buf, 0, 1))
			goto nomem;
		fputs(cg_link_directed(g, l) ? "true," : "false,", f);
		cg_strbuf_reset(&c->sb);
		/* an amount is a number we wrote: not neutralised (as in links.csv) */
		if (amount_text(g, l, &c->sb, &cur, &minor) || csv_cell(c, f, c->sb.buf, 0, 0))
			goto nomem;
		if (cur)
			fprintf(f, "%lld", (long long)minor);
		fputc(',', f);
		if (csv_cell(c, f, cur, 0, 1))
			goto nomem;
		cg_strbuf_reset(&c->sb);
		if (join_prop(g, cg_link_props(g, l), "date", "; ", &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 0, 1))
			goto nomem;
		cg_strbuf_reset(&c->sb);
		if (join_all_props(g, cg_link_props(g, l), 1, &c->sb) ||
		    csv_cell(c, f, c->sb.buf, 0, 1))
			goto nomem;
		cg_iter pit = cg_link_provs(g, l);
		cg_prov p;
		int first = 1;
		cg_strbuf_reset(&c->sb);
		while (cg_iter_next_prov(g, &pit, &p)) {
			cg_strbuf_reset(&t);
			if (cg_strbuf_printf(&t, "%s:%ld (%s)", p.file, p.line, p.case_name) ||
			    neo_array_add(&c->sb, t.buf, &first))
				goto nomem;
		}
		if (csv_cell(c, f, c->sb.buf, 1, 1))
			goto nomem;
	}
	cg_strbuf_free(&t);
	return 0;
nomem:
	cg_strbuf_free(&t);
	return CG_ENOMEM;
}

/* ---- the table of formats ---- */

typedef int (*writer_fn)(ectx *c, FILE *f);

/* One file of a directory export. */
typedef struct export_file {
	const char *name; /* its name in the directory */
	writer_fn write;  /* writes it, on the context the directory's files share */
	int executable;   /* made executable once written (a script) */
	int part;         /* ectx.part while it is written */
	/* whether it is written (NULL: always); a file not written is absent */
	int (*want)(const ectx *c, int part);
} export_file;

static int script(ectx *c, FILE *f);
static int load_cypher(ectx *c, FILE *f);

#define NEO_NODES(t, s)                                                                            \
	{                                                                                          \
		"nodes-" s ".csv", neo_nodes, 0, t, neo_has_nodes                                  \
	}
#define NEO_RELS(t, s)                                                                             \
	{                                                                                          \
		"relationships-" s ".csv", neo_rels, 0, t, neo_has_rels                            \
	}

/* A nodes file per entity type and a relationships file per link type, so
 * that each file's header holds only its type's columns; the scripts last,
 * naming the files written. */
static const export_file neo4j_files[] = {
    NEO_NODES(CG_ET_PERSON, "person"),
    NEO_NODES(CG_ET_COMPANY, "company"),
    NEO_NODES(CG_ET_ORGANIZATION, "organization"),
    NEO_NODES(CG_ET_BANK_ACCOUNT, "bank_account"),
    NEO_NODES(CG_ET_WALLET, "wallet"),
    NEO_NODES(CG_ET_ADDRESS, "address"),
    NEO_NODES(CG_ET_EMAIL, "email"),
    NEO_NODES(CG_ET_PHONE, "phone"),
    NEO_NODES(CG_ET_DOMAIN, "domain"),
    NEO_NODES(CG_ET_IP, "ip"),
    NEO_NODES(CG_ET_URL, "url"),
    NEO_NODES(CG_ET_DOCUMENT, "document"),
    NEO_NODES(CG_ET_THREAT_ACTOR, "threat_actor"),
    NEO_NODES(CG_ET_MALWARE, "malware"),
    NEO_NODES(CG_ET_COUNTRY, "country"),
    NEO_NODES(CG_ET_SECTOR, "sector"),
    NEO_NODES(CG_ET_OTHER, "other"),
    NEO_RELS(CG_LT_OWNS, "owns"),
    NEO_RELS(CG_LT_CONTROLS, "controls"),
    NEO_RELS(CG_LT_DIRECTOR_OF, "director_of"),
    NEO_RELS(CG_LT_EMPLOYEE_OF, "employee_of"),
    NEO_RELS(CG_LT_MEMBER_OF, "member_of"),
    NEO_RELS(CG_LT_REPRESENTS, "represents"),
    NEO_RELS(CG_LT_PAYS, "pays"),
    NEO_RELS(CG_LT_HOLDS_ACCOUNT, "holds_account"),
    NEO_RELS(CG_LT_REGISTERED_AT, "registered_at"),
    NEO_RELS(CG_LT_LOCATED_IN, "located_in"),
    NEO_RELS(CG_LT_USES, "uses"),
    NEO_RELS(CG_LT_RESOLVES_TO, "resolves_to"),
    NEO_RELS(CG_LT_CONTRACTS_WITH, "contracts_with"),
    NEO_RELS(CG_LT_ASSOCIATE_OF, "associate_of"),
    NEO_RELS(CG_LT_FAMILY_OF, "family_of"),
    NEO_RELS(CG_LT_ATTRIBUTED_TO, "attributed_to"),
    NEO_RELS(CG_LT_TARGETS, "targets"),
    NEO_RELS(CG_LT_MENTIONS, "mentions"),
    NEO_RELS(CG_LT_RELATED_TO, "related_to"),
    NEO_RELS(CG_LT_REGISTRANT_OF, "registrant_of"),
    NEO_RELS(CG_LT_MENTIONED_WITH, "mentioned_with"),
    NEO_RELS(CG_LT_OTHER, "other"),
    {"import.sh", script, 1, 0, NULL},
    {"load.cypher", load_cypher, 0, 0, NULL},
};
enum { N_NEO4J_FILES = sizeof neo4j_files / sizeof neo4j_files[0] };

static const char neo_script[] =
    "#!/bin/sh\n"
    "# Loads this casegraph export into a new Neo4j 5 database with neo4j-admin\n"
    "# (docs/RENDER.md). Stop Neo4j first; the database must not exist yet.\n"
    "#   usage: ./import.sh [DATABASE]        (default: neo4j)\n"
    "# The database name comes first: neo4j-admin 5.19 and later read what\n"
    "# follows the options as files. For a running server, see load.cypher.\n"
    "# Neo4j 4.x: neo4j-admin import --database=DATABASE --nodes=... --relationships=...\n"
    "set -eu\n"
    "here=$(cd \"$(dirname \"$0\")\" && pwd)\n"
    "neo4j-admin database import full \"${1:-neo4j}\" --array-delimiter=\";\"";

/* import.sh: the command with a --nodes or --relationships per file
 * written, then which column holds each property (the names as JSON
 * strings: a line break in a name cannot end the comment). */
static int script(ectx *c, FILE *f)
{
	fputs(neo_script, f);
	for (size_t i = 0; i < N_NEO4J_FILES; i++) {
		const export_file *x = &neo4j_files[i];
		if (!x->want || !x->want(c, x->part))
			continue;
		fprintf(f, " \\\n    --%s=\"$here/%s\"",
		        x->want == neo_has_nodes ? "nodes" : "relationships", x->name);
	}
	fputs("\n# then, in cypher-shell: CREATE DATABASE neo4j (if it is not the default one)\n",
	      f);
	if (neo_columns(c))
		return CG_ENOMEM;
	if (c->n_props)
		fputs(
		    "#\n# The property columns of the nodes files: neo4j-admin reads a header "
		    "field\n"
		    "# as name:type, so each property name is written with ASCII letters, digits\n"
		    "# and _ only (others as _), prop_ before a name the export uses, _2, _3 ...\n"
		    "# after a name already taken.\n#   column <- property\n",
		    f);
	for (size_t i = 0; i < c->n_props; i++) {
		cg_strbuf_reset(&c->tmp);
		if (cg_json_put_string(&c->tmp, c->props[i]))
			return CG_ENOMEM;
		fprintf(f, "#   %s <- %s\n", c->neo_cols[i], cg_strbuf_cstr(&c->tmp));
	}
	return 0;
}

/* The labels a nodes file's :LABEL column may add beyond Entity and the
 * type's own, set by load.cypher when the row names them. */
static const char *const neo_role_labels[] = {"Facilitator", "Front", "Client",  "Worker",
                                              "Victim",      "Shell", "Nominee", "Shared"};

static const char cypher_head[] =
    "// Loads this casegraph export into a running Neo4j 5 server (docs/RENDER.md),\n"
    "// the alternative to import.sh: copy the CSV files into the server's import\n"
    "// directory, then: cypher-shell -u neo4j -d DATABASE -f load.cypher\n"
    "// Arrays are split on ';'. Nodes are merged on id, so it may run again.\n"
    "CREATE CONSTRAINT casegraph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;\n";

/* One LOAD CSV ... MERGE per nodes file, one LOAD CSV ... CREATE per
 * relationships file, for the files written. */
static int load_cypher(ectx *c, FILE *f)
{
	unsigned char *used;
	cg_strbuf t = CG_STRBUF_INIT;

	if (neo_columns(c) || !(used = malloc(c->n_props + 1)))
		return CG_ENOMEM;
	fputs(cypher_head, f);
	for (size_t i = 0; i < N_NEO4J_FILES; i++) {
		const export_file *x = &neo4j_files[i];
		if (!x->want || !x->want(c, x->part) || x->want != neo_has_nodes)
			continue;
		neo_used(c, x->part, used);
		fprintf(f,
		        "\nLOAD CSV WITH HEADERS FROM 'file:///%s' AS row\n"
		        "MERGE (n:Entity {id: row.`id:ID`})\n"
		        "SET n.name = row.name, n.type = row.type,\n"
		        "    n.aliases = split(row.`aliases:string[]`, ';'),\n"
		        "    n.roles = split(row.`roles:string[]`, ';'),\n"
		        "    n.cases = split(row.`cases:string[]`, ';'),\n"
		        "    n.n_cases = toInteger(row.`n_cases:int`), n.degree = "
		        "toInteger(row.`degree:int`),\n"
		        "    n.betweenness = toFloat(row.`betweenness:double`),\n"
		        "    n.cluster = toInteger(row.`cluster:int`),\n"
		        "    n.citations = split(row.`citations:string[]`, ';')",
		        x->name);
		for (size_t k = 0; k < c->n_props; k++)
			if (used[k])
				fprintf(f, ",\n    n.`%s` = row.`%s`", c->neo_cols[k],
				        c->neo_cols[k]);
		cg_strbuf_reset(&t);
		if (x->part != CG_ET_OTHER &&
		    camel(&t, cg_entity_type_to_string((cg_entity_type)x->part), 1)) {
			free(used);
			return CG_ENOMEM;
		}
		if (t.len)
			fprintf(f, "\nSET n:%s", t.buf);
		for (size_t k = 0; k < sizeof neo_role_labels / sizeof *neo_role_labels; k++)
			fprintf(
			    f,
			    "\nFOREACH (_ IN CASE WHEN '%s' IN split(row.`:LABEL`, ';') THEN [1] "
			    "ELSE [] END | SET n:%s)",
			    neo_role_labels[k], neo_role_labels[k]);
		fputs(";\n", f);
	}
	free(used);
	for (size_t i = 0; i < N_NEO4J_FILES; i++) {
		const export_file *x = &neo4j_files[i];
		if (!x->want || !x->want(c, x->part) || x->want != neo_has_rels)
			continue;
		cg_strbuf_reset(&t);
		for (const char *p = x->part == CG_LT_OTHER
		                         ? "LINK"
		                         : cg_link_type_to_string((cg_link_type)x->part);
		     *p; p++)
			if (cg_strbuf_putc(&t, (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p))) {
				cg_strbuf_free(&t);
				return CG_ENOMEM;
			}
		fprintf(
		    f,
		    "\nLOAD CSV WITH HEADERS FROM 'file:///%s' AS row\n"
		    "MATCH (a:Entity {id: row.`:START_ID`}), (b:Entity {id: row.`:END_ID`})\n"
		    "CREATE (a)-[r:%s]->(b)\n"
		    "SET r.type = row.`:TYPE`, r.directed = toBoolean(row.`directed:boolean`),\n"
		    "    r.amount = row.amount, r.amount_minor = "
		    "toInteger(row.`amount_minor:long`),\n"
		    "    r.currency = row.currency, r.date = row.date, r.properties = "
		    "row.properties,\n"
		    "    r.citations = split(row.`citations:string[]`, ';');\n",
		    x->name, t.buf);
	}
	cg_strbuf_free(&t);
	return 0;
}

/* The GraphML and GEXF writers as single-file exports: each on a context of
 * its own. */
static int ectx_stream(const cg_graph *g, const cg_export_opts *o, FILE *f, writer_fn fn,
                       cg_error *err)
{
	ectx c;
	int rc;

	if ((rc = ectx_init(&c, g, o, err)))
		return rc;
	rc = fn(&c, f);
	ectx_free(&c);
	if (rc)
		return cg_error_set(err, rc, NULL, 0, 0, "out of memory");
	if (ferror(f))
		return cg_error_set(err, CG_EIO, NULL, 0, 0, "cannot write: %s", strerror(errno));
	return 0;
}

static int graphml_stream(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err)
{
	return ectx_stream(g, o, f, graphml, err);
}

static int gexf_stream(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err)
{
	return ectx_stream(g, o, f, gexf, err);
}

static int jsonl_stream(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err)
{
	(void)o;
	return cg_jsonl_write_stream(g, f, err);
}

static const export_file csv_files[] = {
    {"entities.csv", csv_entities, 0, 0, NULL},
    {"links.csv", csv_links, 0, 0, NULL},
};

static const export_file csv_wide_files[] = {
    {"entities.csv", wide_entities, 0, 0, NULL},
    {"links.csv", wide_links, 0, 0, NULL},
};

/* One export format: a single file written by stream, or a directory of
 * files. Adding a format is adding its enum value (cg_render.h), its
 * writer and its row here. */
typedef struct export_format {
	const char *name; /* its name for --to (cg_export_format_to_string) */
	/* a single-file format: writes the export to f; NULL for a directory */
	int (*stream)(const cg_graph *g, const cg_export_opts *o, FILE *f, cg_error *err);
	const export_file *files; /* a directory format: its files, in the order written */
	size_t n_files;
	int flat; /* line breaks in cells as spaces (ectx.flat) */
} export_format;

static const export_format formats[CG_EXPORT_FORMAT_COUNT] = {
    [CG_EXPORT_GRAPHML] = {"graphml", graphml_stream, NULL, 0, 0},
    [CG_EXPORT_GEXF] = {"gexf", gexf_stream, NULL, 0, 0},
    [CG_EXPORT_CSV] = {"csv", NULL, csv_files, sizeof csv_files / sizeof csv_files[0], 0},
    [CG_EXPORT_CSV_WIDE] = {"csv-wide", NULL, csv_wide_files,
                            sizeof csv_wide_files / sizeof csv_wide_files[0], 0},
    [CG_EXPORT_NEO4J] = {"neo4j", NULL, neo4j_files, sizeof neo4j_files / sizeof neo4j_files[0], 1},
    [CG_EXPORT_FTM] = {"ftm", cg_export_ftm, NULL, 0, 0},
    [CG_EXPORT_STIX] = {"stix", cg_export_stix, NULL, 0, 0},
    [CG_EXPORT_JSONL] = {"jsonl", jsonl_stream, NULL, 0, 0},
    [CG_EXPORT_MISP] = {"misp", cg_export_misp, NULL, 0, 0},
};

const char *cg_export_format_to_string(cg_export_format f)
{
	return (int)f >= 0 && f < CG_EXPORT_FORMAT_COUNT ? formats[f].name : NULL;
}

cg_export_format cg_export_format_from_string(const char *s)
{
	for (int i = 0; s && i < CG_EXPORT_FORMAT_COUNT; i++)
		if (strcmp(s, formats[i].name) == 0)
			return (cg_export_format)i;
	return CG_EXPORT_FORMAT_COUNT;
}

const char *cg_export_format_file(cg_export_format f, size_t i)
{
	if ((int)f < 0 || f >= CG_EXPORT_FORMAT_COUNT || i >= formats[f].n_files)
		return NULL;
	return formats[f].files[i].name;
}

int cg_export_format_is_dir(cg_export_format f)
{
	return (int)f >= 0 && f < CG_EXPORT_FORMAT_COUNT && !formats[f].stream;
}

/* ---- dispatch ---- */

int cg_export_stream(const cg_graph *g, cg_export_format format, const cg_export_opts *o, FILE *f,
                     cg_error *err)
{
	if ((int)format < 0 || format >= CG_EXPORT_FORMAT_COUNT)
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0, "unknown export format");
	if (!formats[format].stream)
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0,
		                    "%s writes a directory: give a path, not a stream",
		                    formats[format].name);
	return formats[format].stream(g, o, f, err);
}

/* Writes one file of a directory export through cg_outfile. */
static int write_one(ectx *c, const char *path, writer_fn fn, cg_error *err)
{
	cg_outfile out;
	int rc;

	if ((rc = cg_outfile_open(&out, path, err)))
		return rc;
	if ((rc = fn(c, out.f))) {
		cg_outfile_abort(&out);
		return cg_error_set(err, rc, path, 0, 0, "out of memory");
	}
	return cg_outfile_commit(&out, err);
}

/* A directory export: every file written into a temporary directory that
 * then replaces path as a whole (cg_outdir: the previous export, or
 * nothing, until the new one is complete). */
static int export_dir(const cg_graph *g, const export_format *x, const cg_export_opts *o,
                      const char *path, cg_error *err)
{
	cg_strbuf p = CG_STRBUF_INIT;
	const char *names[64];
	cg_outdir d;
	ectx c;
	int rc = 0;

	for (size_t i = 0; i < x->n_files && i < sizeof names / sizeof *names; i++)
		names[i] = x->files[i].name;
	if ((rc = cg_outdir_open(&d, path, names, x->n_files, err)))
		return rc;
	if ((rc = ectx_init(&c, g, o, err))) {
		cg_outdir_abort(&d);
		return rc;
	}
	c.flat = x->flat;
	for (size_t i = 0; i < x->n_files && !rc; i++) {
		if (x->files[i].want && !x->files[i].want(&c, x->files[i].part))
			continue;
		c.part = x->files[i].part;
		cg_strbuf_reset(&p);
		rc = cg_strbuf_printf(&p, "%s/%s", d.tmp, x->files[i].name)
		         ? CG_ENOMEM
		         : write_one(&c, p.buf, x->files[i].write, err);
		if (!rc && x->files[i].executable && chmod(p.buf, 0755))
			rc = cg_error_set(err, CG_EIO, p.buf, 0, 0, "cannot make it executable: %s",
			                  strerror(errno));
	}
	if (rc == CG_ENOMEM)
		cg_error_set(err, rc, path, 0, 0, "out of memory");
	if (rc) {
		cg_outdir_name_error(&d, err);
		cg_outdir_abort(&d);
	} else
		rc = cg_outdir_commit(&d, err);
	ectx_free(&c);
	cg_strbuf_free(&p);
	return rc;
}

int cg_export_path(const cg_graph *g, cg_export_format format, const cg_export_opts *o,
                   const char *path, cg_error *err)
{
	cg_outfile out;
	int rc;

	if ((int)format < 0 || format >= CG_EXPORT_FORMAT_COUNT)
		return cg_error_set(err, CG_EINVAL, NULL, 0, 0, "unknown export format");
	if (!formats[format].stream)
		return export_dir(g, &formats[format], o, path, err);
	/* every single-file format, JSONL too, through cg_outfile: a device
	 * given as the path is written in place, not replaced */
	if ((rc = cg_outfile_open(&out, path, err)))
		return rc;
	if ((rc = cg_export_stream(g, format, o, out.f, err))) {
		cg_outfile_abort(&out);
		if (!err->file[0])
			cg_error_set_file(err, path);
		return rc;
	}
	return cg_outfile_commit(&out, err);
}
