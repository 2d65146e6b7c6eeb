/* Fuzz target: the writers of render/ fed from fuzzed graphs. The first
 * byte chooses the importer (as in fuzz_roundtrip: nodes CSV, links CSV as
 * an edge list, JSONL, FollowTheMoney, STIX, MISP, report), the second the
 * options (redaction, collapsing, a small node cap), the rest is the file.
 * Whatever graph that builds is analysed (summary, clusters, brokers,
 * shared entities, money) and written as a DOT diagram, every diagram of the
 * briefing, the briefing's Markdown and the single-file exports; each output
 * is checked: DOT strings closed, no raw line break or control character in
 * them, no HTML-like label; Markdown and XML valid UTF-8 without control
 * characters; the JSON exports parse. */
#include "fuzz.h"

#include "cg_analysis.h"
#include "cg_components.h"
#include "cg_normalize.h"
#include "cg_render.h"
#include "cg_summary.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cg_format formats[] = {CG_FMT_NODES_CSV, CG_FMT_LINKS_CSV, CG_FMT_JSONL, CG_FMT_FTM,
                                    CG_FMT_STIX,      CG_FMT_MISP,      CG_FMT_REPORT};

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long len;

	*n = 0;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)len + 1)) != NULL) {
		*n = fread(buf, 1, (size_t)len, f);
		buf[*n] = '\0';
	}
	fclose(f);
	return buf;
}

/* DOT as Graphviz would read it: every quoted string closed, no raw line
 * break or control character inside one (cg_dot_escape writes \n), no
 * HTML-like label (<...>) anywhere, valid UTF-8. */
static void check_dot(const char *what, const char *t, size_t n)
{
	int in_str = 0;

	FUZZ_ASSERT(cg_utf8_valid(t, n), "%s: invalid UTF-8", what);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (in_str) {
			if (c == '\\') {
				FUZZ_ASSERT(i + 1 < n && t[i + 1] != '\n',
				            "%s: a backslash ends a line", what);
				i++;
			} else if (c == '"') {
				in_str = 0;
			} else {
				FUZZ_ASSERT(c >= 0x20 && c != 0x7f,
				            "%s: byte 0x%02x inside a string at %zu", what, c, i);
			}
		} else if (c == '"') {
			in_str = 1;
		} else {
			FUZZ_ASSERT(c != '<', "%s: an HTML-like label at byte %zu", what, i);
			FUZZ_ASSERT(c >= 0x20 || c == '\n' || c == '\t', "%s: byte 0x%02x at %zu",
			            what, c, i);
		}
	}
	FUZZ_ASSERT(!in_str, "%s: a string is not closed", what);
}

/* Text for people and for XML parsers: valid UTF-8, no control character
 * but line breaks and tabs. */
static void check_text(const char *what, const char *t, size_t n)
{
	FUZZ_ASSERT(cg_utf8_valid(t, n), "%s: invalid UTF-8", what);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		FUZZ_ASSERT(c >= 0x20 || c == '\n' || c == '\t' || c == '\r',
		            "%s: control byte 0x%02x at %zu", what, c, i);
	}
}

/* No object gives a member twice: readers disagree on which one counts
 * (the FollowTheMoney export once wrote "flags" twice in one object). */
static void check_members(const char *what, const cJSON *o)
{
	for (const cJSON *c = o ? o->child : NULL; c; c = c->next) {
		if (cJSON_IsObject(o))
			for (const cJSON *d = o->child; d != c; d = d->next)
				FUZZ_ASSERT(strcmp(d->string, c->string) != 0,
				            "%s: member '%.60s' twice", what, c->string);
		check_members(what, c);
	}
}

static void check_json(const char *what, const char *t, size_t n, int lines)
{
	FUZZ_ASSERT(cg_utf8_valid(t, n), "%s: invalid UTF-8", what);
	for (const char *p = t; p < t + n;) {
		const char *nl = lines ? memchr(p, '\n', (size_t)(t + n - p)) : NULL;
		size_t len = nl ? (size_t)(nl - p) : (size_t)(t + n - p);
		if (len) {
			cJSON *o = cJSON_ParseWithLength(p, len);
			FUZZ_ASSERT(o != NULL, "%s: not JSON: %.120s", what, p);
			check_members(what, o);
			cJSON_Delete(o);
		}
		p += len + 1;
	}
}

/* Writes into a file of the private directory with fn, then checks it. */
typedef int (*write_fn)(const cg_graph *g, const void *arg, FILE *f, cg_error *err);

static int write_dot(const cg_graph *g, const void *arg, FILE *f, cg_error *err)
{
	return cg_dot_write(g, arg, f, NULL, err);
}

static int write_export(const cg_graph *g, const void *arg, FILE *f, cg_error *err)
{
	cg_export_opts o = CG_EXPORT_OPTS_INIT;
	o.date = "2024-03-15";
	o.generator = "casegraph fuzz";
	return cg_export_stream(g, *(const cg_export_format *)arg, &o, f, err);
}

static char *write_to(const char *name, write_fn fn, const cg_graph *g, const void *arg, size_t *n)
{
	char path[1024];
	FILE *f;
	cg_error err;
	int rc;

	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	if (!(f = fopen(path, "wb")))
		fuzz_fail(__FILE__, __LINE__, "cannot write %s", path);
	cg_error_clear(&err);
	rc = fn(g, arg, f, &err);
	FUZZ_ASSERT(fclose(f) == 0, "cannot close %s", path);
	FUZZ_ASSERT(rc == 0, "%s: %s", name, err.message);
	return slurp(path, n);
}

int fuzz_render(const uint8_t *data, size_t size);
int fuzz_render(const uint8_t *data, size_t size)
{
	static int ready;
	char in[1024], path[1024];
	cg_graph *g = NULL;
	cg_summary *sum = NULL;
	cg_clusters *cl = NULL;
	cg_brokers *b = NULL;
	cg_shared *sh = NULL;
	cg_money *mo = NULL;
	cg_error err;
	cg_dot_opts dot = CG_DOT_OPTS_INIT;
	cg_report_diagram diagrams[CG_DIAGRAM_COUNT];
	cg_report_input ri;
	cg_source_info src;
	char *t;
	size_t n;
	unsigned flags;

	if (!ready) {
		cg_analysis_init();
		ready = 1;
	}
	if (size < 2)
		return 0;
	flags = data[1];
	fuzz_write("input", data + 2, size - 2, in, sizeof in);
	fuzz_import(&g, in, formats[data[0] % (sizeof formats / sizeof *formats)], NULL, NULL);

	/* one diagram of everything */
	dot.title = "Fuzzed \"graph\" \\ <b>";
	dot.date = "2024-03-15";
	dot.sources = (const char *const[]){in};
	dot.n_sources = 1;
	dot.redact = flags & 1;
	dot.collapse = (flags >> 1) & 1;
	dot.max_nodes = flags & 4 ? 5 : CG_DOT_MAX_NODES;
	dot.group_by = flags & 8 ? CG_GROUP_CASE : CG_GROUP_NONE;
	t = write_to("graph.dot", write_dot, g, &dot, &n);
	check_dot("graph.dot", t, n);
	free(t);

	/* the analyses and the briefing */
	cg_error_clear(&err);
	cg_cluster_opts co = CG_CLUSTER_OPTS_INIT;
	cg_broker_opts bo = CG_BROKER_OPTS_INIT;
	cg_shared_opts so = CG_SHARED_OPTS_INIT;
	cg_money_opts mopt = CG_MONEY_OPTS_INIT;
	bo.top = 0;
	FUZZ_ASSERT(cg_summary_compute(g, &sum, &err) == 0 &&
	                cg_clusters_compute(g, &co, &cl, &err) == 0 &&
	                cg_brokers_compute(g, &bo, &b, &err) == 0 &&
	                cg_shared_compute(g, &so, &sh, &err) == 0 &&
	                cg_money_compute(g, &mopt, &mo, &err) == 0,
	            "analysis: %s", err.message);
	memset(&src, 0, sizeof src);
	src.path = in;
	src.format = "fuzz";
	memset(&ri, 0, sizeof ri);
	ri.title = dot.title;
	ri.date = "2024-03-15";
	ri.generator = "casegraph fuzz";
	ri.sources = &src;
	ri.n_sources = 1;
	ri.summary = sum;
	ri.clusters = cl;
	ri.brokers = b;
	ri.shared = sh;
	ri.money = mo;
	ri.top = 10;
	ri.max_nodes = CG_REPORT_MAX_NODES;
	ri.redact = flags & 1;
	memset(diagrams, 0, sizeof diagrams);
	for (int k = 0; k < CG_DIAGRAM_COUNT; k++) {
		snprintf(path, sizeof path, "%s/d%d.dot", fuzz_dir(), k);
		FUZZ_ASSERT(cg_report_diagram_write(g, &ri, (cg_diagram_kind)k, path, &diagrams[k],
		                                    &err) == 0,
		            "diagram %d: %s", k, err.message);
		if (!diagrams[k].empty) {
			t = slurp(path, &n);
			FUZZ_ASSERT(t != NULL, "diagram %d not written", k);
			check_dot(cg_diagram_kind_to_string((cg_diagram_kind)k), t, n);
			free(t);
			remove(path);
		}
		diagrams[k].why_not = "not rendered while fuzzing";
	}
	snprintf(path, sizeof path, "%s/briefing.md", fuzz_dir());
	{
		FILE *f = fopen(path, "wb");
		FUZZ_ASSERT(f != NULL, "cannot write %s", path);
		FUZZ_ASSERT(cg_report_write(g, &ri, diagrams, f, &err) == 0, "briefing: %s",
		            err.message);
		FUZZ_ASSERT(fclose(f) == 0, "cannot close %s", path);
	}
	t = slurp(path, &n);
	check_text("briefing.md", t, n);
	free(t);

	/* the single-file exports */
	static const cg_export_format xml[] = {CG_EXPORT_GRAPHML, CG_EXPORT_GEXF};
	static const cg_export_format js[] = {CG_EXPORT_FTM, CG_EXPORT_STIX, CG_EXPORT_JSONL};
	for (size_t i = 0; i < sizeof xml / sizeof *xml; i++) {
		t = write_to("export.xml", write_export, g, &xml[i], &n);
		check_text(cg_export_format_to_string(xml[i]), t, n);
		free(t);
	}
	for (size_t i = 0; i < sizeof js / sizeof *js; i++) {
		t = write_to("export.json", write_export, g, &js[i], &n);
		check_json(cg_export_format_to_string(js[i]), t, n, js[i] != CG_EXPORT_STIX);
		free(t);
	}

	cg_summary_free(sum);
	cg_clusters_free(cl);
	cg_brokers_free(b);
	cg_shared_free(sh);
	cg_money_free(mo);
	cg_graph_free(g);
	return 0;
}

FUZZ_TARGET(render)
