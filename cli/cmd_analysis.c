/* The analysis commands: clusters, brokers, shared, path, network, money.
 * Each loads its inputs, runs one analysis from analysis/, and prints a
 * table or, with --json, one JSON object. */
#include "cli.h"

#include "cg_analysis.h"
#include "cg_jsonl.h"
#include "cg_parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- output helpers ---- */

static void put_json_str(const char *s)
{
	cg_strbuf sb = CG_STRBUF_INIT;
	if (cg_json_put_string(&sb, s ? s : ""))
		fputs("\"\"", stdout);
	else
		fputs(sb.buf, stdout);
	cg_strbuf_free(&sb);
}

static void put_json_num(double x)
{
	if (isnan(x) || isinf(x))
		fputs("null", stdout);
	else
		printf("%.17g", x);
}

static const char *money_text(int64_t minor, const char *cur, cg_strbuf *sb)
{
	if (cg_format_money(minor, cur, sb))
		return "?";
	return sb->buf;
}

static void put_entity_json(const cg_graph *g, cg_eid e)
{
	fputs("{\"id\":", stdout);
	put_json_str(cg_entity_id(g, e));
	fputs(",\"type\":", stdout);
	put_json_str(cg_entity_type_name(g, e));
	fputs(",\"name\":", stdout);
	put_json_str(cg_entity_name(g, e));
	fputc('}', stdout);
}

static void put_eid_list_json(const cg_graph *g, const cg_eid *a, size_t n)
{
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			putchar(',');
		put_entity_json(g, a[i]);
	}
	putchar(']');
}

static size_t case_count(const cg_graph *g, cg_eid e)
{
	const char *cases[32];
	return cg_entity_cases(g, e, cases, 32);
}

/* The too-common entities as JSON objects with their case count and why. */
static void put_too_common_json(const cg_graph *g, const cg_view_info *info, const cg_eid *a,
                                const size_t *n_cases, size_t n)
{
	char why[160];

	putchar('[');
	for (size_t i = 0; i < n; i++) {
		size_t nc = n_cases ? n_cases[i] : case_count(g, a[i]);
		fputs(i ? ",{\"id\":" : "{\"id\":", stdout);
		put_json_str(cg_entity_id(g, a[i]));
		fputs(",\"type\":", stdout);
		put_json_str(cg_entity_type_name(g, a[i]));
		fputs(",\"name\":", stdout);
		put_json_str(cg_entity_name(g, a[i]));
		printf(",\"n_cases\":%zu,\"reason\":", nc);
		put_json_str(cg_too_common_reason(g, a[i], nc, info, why, sizeof why));
		putchar('}');
	}
	putchar(']');
}

static void put_info_json(const cg_graph *g, const cg_view_info *info)
{
	printf("\"view\":{\"entities\":%zu,\"linked_pairs\":%zu,\"too_common\":", info->vertices,
	       info->edges);
	put_too_common_json(g, info, info->too_common, NULL, info->n_too_common);
	fputs(",\"excluded\":[", stdout);
	for (size_t i = 0; i < info->n_excluded; i++) {
		fputs(i ? ",{\"id\":" : "{\"id\":", stdout);
		put_json_str(cg_entity_id(g, info->excluded[i]));
		fputs(",\"type\":", stdout);
		put_json_str(cg_entity_type_name(g, info->excluded[i]));
		fputs(",\"name\":", stdout);
		put_json_str(cg_entity_name(g, info->excluded[i]));
		fputs(",\"list\":", stdout);
		put_json_str(info->excluded_by && info->excluded_by[i] ? info->excluded_by[i] : "");
		putchar('}');
	}
	fputs("]}", stdout);
}

/* Excluded entities the text output lists one by one; past that, they are
 * counted by list, with a few of each (--all-excluded: all). */
#define EXCLUDED_SHOWN   20
#define EXCLUDED_EXAMPLE 3

static const char *excluded_by(const cg_view_info *info, size_t i)
{
	return info->excluded_by && info->excluded_by[i] ? info->excluded_by[i] : "";
}

static void print_one_excluded(const cg_graph *g, cg_eid e)
{
	printf("%s \"%s\"", cli_text(cg_entity_id(g, e)), cli_text(cg_entity_name(g, e)));
}

/* Every excluded value, with the list that matched it: never silently. A
 * long list (a generated graph can have 200,000 reserved names) is counted
 * by the list that matched, in the order the lists first matched. */
static void print_excluded(const cg_graph *g, const cg_view_info *info, const char *indent, int all)
{
	size_t n = info->n_excluded;
	unsigned char *done;

	if (all || n <= EXCLUDED_SHOWN) {
		for (size_t i = 0; i < n; i++) {
			fputs(indent, stdout);
			print_one_excluded(g, info->excluded[i]);
			printf("  (%s)\n", cli_text(excluded_by(info, i)));
		}
		return;
	}
	if (!(done = calloc(n, 1))) {
		/* no room to group them: list them all, never silently */
		print_excluded(g, info, indent, 1);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *list = excluded_by(info, i);
		size_t count = 0, shown = 0;
		if (done[i])
			continue;
		for (size_t j = i; j < n; j++)
			if (!done[j] && strcmp(excluded_by(info, j), list) == 0)
				count++;
		printf("%s%zu by %s, e.g. ", indent, count, cli_text(list));
		for (size_t j = i; j < n; j++) {
			if (done[j] || strcmp(excluded_by(info, j), list) != 0)
				continue;
			done[j] = 1;
			if (shown < EXCLUDED_EXAMPLE) {
				fputs(shown ? ", " : "", stdout);
				print_one_excluded(g, info->excluded[j]);
				shown++;
			}
		}
		putchar('\n');
	}
	free(done);
	printf("%s(each of the %zu: --all-excluded, or --json)\n", indent, n);
}

static void print_info(const cg_graph *g, const cg_view_info *info, int all)
{
	printf("view: %zu entities, %zu linked pairs", info->vertices, info->edges);
	if (info->n_too_common)
		printf("; %zu too common to connect cases", info->n_too_common);
	if (info->n_excluded)
		printf("; %zu excluded by the lists", info->n_excluded);
	putchar('\n');
	print_excluded(g, info, "  excluded: ", all);
	for (size_t i = 0; i < info->n_too_common && i < 10; i++) {
		char why[160];
		cg_eid e = info->too_common[i];
		printf("  too common: %s \"%s\"  (%s)\n", cli_text(cg_entity_id(g, e)),
		       cli_text(cg_entity_name(g, e)),
		       cg_too_common_reason(g, e, case_count(g, e), info, why, sizeof why));
	}
}

static void put_money_json(const cg_money_sum *m, size_t n, cg_strbuf *sb)
{
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		printf("%s{\"currency\":", i ? "," : "");
		put_json_str(m[i].currency);
		printf(",\"in\":\"%s\"", money_text(m[i].in, m[i].currency, sb));
		printf(",\"out\":\"%s\"", money_text(m[i].out, m[i].currency, sb));
		printf(",\"internal\":\"%s\",\"links\":%zu}",
		       money_text(m[i].internal, m[i].currency, sb), m[i].links);
	}
	putchar(']');
}

static void print_money(const char *indent, const cg_money_sum *m, size_t n, int internal,
                        cg_strbuf *sb)
{
	for (size_t i = 0; i < n; i++) {
		printf("%s%s in %s", indent, m[i].currency, money_text(m[i].in, m[i].currency, sb));
		printf(", out %s", money_text(m[i].out, m[i].currency, sb));
		if (internal)
			printf(", within %s", money_text(m[i].internal, m[i].currency, sb));
		printf(" (%zu links)\n", m[i].links);
	}
}

/* "file:line" of the first provenance record of a link. */
static void link_citation(const cg_graph *g, cg_lid l, char *buf, size_t n)
{
	cg_iter it = cg_link_provs(g, l);
	cg_prov p;
	if (cg_iter_next_prov(g, &it, &p))
		snprintf(buf, n, "%s:%ld", p.file, p.line);
	else
		snprintf(buf, n, "?");
}

/* An analysis as a command: parse, load, run, clean up. */
typedef int (*analysis_fn)(const cg_graph *g, const cli_opts *o, an_opts *a, const char *end);

static int run_one(const char *name, analysis_fn fn, int argc, char **argv)
{
	cli_opts o;
	an_opts a;
	cg_graph *g = NULL;
	int done, rc;

	if ((rc = an_start(name, argc, argv, &o, &a, &g, &done)) || done)
		goto out;
	rc = fn(g, &o, &a, "\n");
out:
	cg_graph_free(g);
	cli_opts_free(&o);
	an_free(&a);
	return rc;
}

/* ---- clusters ---- */

static int do_clusters(const cg_graph *g, const cli_opts *o, an_opts *a, const char *end)
{
	cg_clusters *c = NULL;
	cg_cluster_opts co;
	cg_strbuf sb = CG_STRBUF_INIT;
	cg_error err;
	int rc = 0;

	if ((rc = cli_cluster_opts("clusters", a, &co)))
		goto out;
	cg_error_clear(&err);
	an_stage(a, "clusters");
	rc = cg_clusters_compute(g, &co, &c, &err);
	an_stage(a, NULL);
	if (rc) {
		rc = cli_fail(&err);
		goto out;
	}
	size_t top = a->top >= 0 ? (size_t)a->top : o->json ? c->n : 15;
	if (o->json) {
		putchar('{');
		put_info_json(g, &c->info);
		printf(",\"method\":\"%s\",\"resolution\":",
		       cg_cluster_method_to_string(c->method));
		put_json_num(c->resolution);
		printf(",\"seed\":%lu,\"iterations\":%u,\"modularity\":", c->seed, c->iterations);
		put_json_num(c->modularity);
		printf(",\"components\":%zu,\"component_sizes\":[", c->n_components);
		for (size_t i = 0; i < c->n_components; i++)
			printf("%s%zu", i ? "," : "", c->component_sizes[i]);
		printf("],\"clusters\":[");
		for (size_t k = 0; k < c->n && k < top; k++) {
			const cg_cluster *cl = &c->clusters[k];
			printf("%s{\"cluster\":%zu,\"size\":%zu,\"component\":%zu,\"types\":[",
			       k ? "," : "", k + 1, cl->size, cl->component + 1);
			for (size_t i = 0; i < cl->n_types; i++) {
				printf("%s{\"type\":", i ? "," : "");
				put_json_str(cl->types[i].name);
				printf(",\"count\":%zu}", cl->types[i].count);
			}
			printf("],\"cases\":[");
			for (size_t i = 0; i < cl->n_cases; i++) {
				printf("%s{\"case\":", i ? "," : "");
				put_json_str(cl->cases[i].name);
				printf(",\"entities\":%zu}", cl->cases[i].count);
			}
			printf("],\"central\":");
			put_eid_list_json(g, cl->members, cl->n_central);
			printf(",\"members\":");
			put_eid_list_json(g, cl->members, cl->size);
			printf(",\"money\":");
			put_money_json(cl->money, cl->n_money, &sb);
			putchar('}');
		}
		printf("]}%s", end);
		goto out;
	}
	print_info(g, &c->info, a->all_excluded);
	printf("components: %zu", c->n_components);
	if (c->n_components)
		printf(" (largest %zu entities)", c->component_sizes[0]);
	printf("\n%s, resolution %g, seed %lu: %zu clusters, modularity ",
	       cg_cluster_method_to_string(c->method), c->resolution, c->seed, c->n);
	if (isnan(c->modularity))
		printf("n/a\n");
	else
		printf("%.4f\n", c->modularity);
	for (size_t k = 0; k < c->n && k < top; k++) {
		const cg_cluster *cl = &c->clusters[k];
		printf("\ncluster %zu: %zu entities (component %zu)\n  types:", k + 1, cl->size,
		       cl->component + 1);
		for (size_t i = 0; i < cl->n_types; i++)
			printf("%s %s %zu", i ? "," : "", cli_text(cl->types[i].name),
			       cl->types[i].count);
		printf("\n  cases:");
		for (size_t i = 0; i < cl->n_cases; i++)
			printf("%s %s %zu", i ? "," : "", cli_text(cl->cases[i].name),
			       cl->cases[i].count);
		printf("\n  central:\n");
		for (size_t i = 0; i < cl->n_central; i++)
			printf("    %s \"%s\"\n", cli_text(cg_entity_id(g, cl->members[i])),
			       cli_text(cg_entity_name(g, cl->members[i])));
		if (cl->n_money) {
			printf("  money:\n");
			print_money("    ", cl->money, cl->n_money, 1, &sb);
		}
	}
	if (c->n > top)
		printf("\n%zu more clusters (--top N to show them)\n", c->n - top);
out:
	cg_strbuf_free(&sb);
	cg_clusters_free(c);
	return rc;
}

int cmd_clusters(int argc, char **argv)
{
	return run_one("clusters", do_clusters, argc, argv);
}

/* ---- brokers ---- */

/* Why a row is where it is, in words. */
static void broker_reasons(const cg_brokers *b, const cg_broker *r, cg_strbuf *sb)
{
	cg_strbuf_reset(sb);
	cg_strbuf_printf(sb, "betweenness %.6g", r->betweenness);
	if (b->paths)
		cg_strbuf_printf(sb, " (%.3g..%.3g)", r->betweenness_lo, r->betweenness_hi);
	else if (!b->exact && r->betweenness_se > 0)
		cg_strbuf_printf(sb, " (+-%.2g)", r->betweenness_se);
	if (r->tie != r->rank_betweenness)
		cg_strbuf_printf(sb, ", tied with #%zu", r->tie);
	if (r->articulation) {
		cg_strbuf_puts(sb, "; cut point, leaves pieces of");
		for (size_t i = 0; i < r->n_splits && i < 5; i++)
			cg_strbuf_printf(sb, "%s %zu", i ? "," : "", r->split_sizes[i]);
		if (r->n_splits > 5)
			cg_strbuf_printf(sb, " and %zu more", r->n_splits - 5);
	}
	if (r->bridges)
		cg_strbuf_printf(sb, "; on %zu bridge%s", r->bridges, r->bridges == 1 ? "" : "s");
	int best = -1;
	for (int k = 0; k < CG_GF_ROLE_COUNT; k++)
		if (r->gf[k] > 0 && (best < 0 || r->gf_z[k] > r->gf_z[best]))
			best = k;
	if (best >= 0)
		cg_strbuf_printf(sb, "; %s %g (z %.1f)", cg_gf_role_to_string((cg_gf_role)best),
		                 r->gf[best], r->gf_z[best]);
	if (!isnan(r->constraint))
		cg_strbuf_printf(sb, "; constraint %.3f", r->constraint);
	if (r->n_cases >= 2)
		cg_strbuf_printf(sb, "; in %zu cases", r->n_cases);
	else if (r->neighbour_cases >= 2)
		cg_strbuf_printf(sb, "; links %zu cases", r->neighbour_cases);
}

static int do_brokers(const cg_graph *g, const cli_opts *o, an_opts *a, const char *end)
{
	cg_brokers *b = NULL;
	cg_broker_opts bo;
	cg_strbuf sb = CG_STRBUF_INIT;
	cg_error err;
	int rc = 0;

	cli_broker_opts(a, &bo);
	bo.top = a->top >= 0 ? (size_t)a->top : o->json ? 100 : 20;
	/* --by cluster: the clusters of the same view and options */
	if ((rc = cli_cluster_opts("brokers", a, &bo.clusters)) ||
	    (rc = cli_partition("brokers", a->by, &bo.by)))
		goto out;
	cg_error_clear(&err);
	an_stage(a, "brokers");
	rc = cg_brokers_compute(g, &bo, &b, &err);
	an_stage(a, NULL);
	if (rc) {
		rc = cli_fail(&err);
		goto out;
	}
	if (o->json) {
		putchar('{');
		put_info_json(g, &b->info);
		printf(",\"betweenness\":\"%s\",\"sampling\":%s,\"samples\":%zu,\"seed\":%lu,",
		       b->exact ? "exact" : "sampled",
		       b->exact   ? "null"
		       : b->paths ? "\"paths\""
		                  : "\"sources\"",
		       b->samples, b->seed);
		printf("\"top_k\":%zu,\"epsilon\":", b->top_k);
		put_json_num(b->epsilon);
		printf(",\"delta\":");
		put_json_num(b->delta);
		printf(",\"converged\":%s,\"partition\":\"%s\",\"groups\":%zu,\"bridges\":%zu,"
		       "\"brokers\":[",
		       b->exact || b->converged ? "true" : "false", cg_partition_to_string(b->by),
		       b->n_groups, b->n_bridges);
		for (size_t i = 0; i < b->n; i++) {
			const cg_broker *r = &b->rows[i];
			printf("%s{\"rank\":%zu,\"tie\":%zu,\"entity\":", i ? "," : "",
			       r->rank_betweenness, r->tie);
			put_entity_json(g, r->entity);
			printf(",\"betweenness\":");
			put_json_num(r->betweenness);
			printf(",\"betweenness_se\":");
			put_json_num(r->betweenness_se);
			printf(",\"betweenness_low\":");
			put_json_num(r->betweenness_lo);
			printf(",\"betweenness_high\":");
			put_json_num(r->betweenness_hi);
			printf(",\"betweenness_normalized\":");
			put_json_num(r->betweenness_norm);
			printf(",\"articulation_point\":%s,\"split_sizes\":[",
			       r->articulation ? "true" : "false");
			for (size_t k = 0; k < r->n_splits; k++)
				printf("%s%zu", k ? "," : "", r->split_sizes[k]);
			printf("],\"bridges\":%zu,\"brokerage\":{", r->bridges);
			for (int k = 0; k < CG_GF_ROLE_COUNT; k++) {
				printf("%s\"%s\":{\"count\":", k ? "," : "",
				       cg_gf_role_to_string((cg_gf_role)k));
				put_json_num(r->gf[k]);
				printf(",\"z\":");
				put_json_num(r->gf_z[k]);
				putchar('}');
			}
			printf("},\"constraint\":");
			put_json_num(r->constraint);
			printf(",\"effective_size\":");
			put_json_num(r->effective_size);
			printf(",\"degree\":%zu,\"cases\":%zu,\"neighbour_cases\":%zu,\"bridges_"
			       "cases\":%s}",
			       r->degree, r->n_cases, r->neighbour_cases,
			       r->bridges_cases ? "true" : "false");
		}
		printf("]}%s", end);
		goto out;
	}
	print_info(g, &b->info, a->all_excluded);
	if (b->exact)
		printf("betweenness: exact; ");
	else if (b->paths)
		printf("betweenness: estimated from %zu random shortest paths (seed %lu): with "
		       "probability %g every entity of the top %zu is within epsilon %.3g of the "
		       "%zu%s value or above it, each between its bounds (lo..hi); tied: estimates "
		       "within epsilon, or bounds that overlap%s; ",
		       b->samples, b->seed, 1 - b->delta, b->top_k, b->epsilon, b->top_k,
		       b->top_k % 10 == 1 && b->top_k % 100 != 11   ? "st"
		       : b->top_k % 10 == 2 && b->top_k % 100 != 12 ? "nd"
		       : b->top_k % 10 == 3 && b->top_k % 100 != 13 ? "rd"
		                                                    : "th",
		       b->converged ? "" : " (not converged: stopped at the path limit)");
	else
		printf("betweenness: sampled from %zu sources (seed %lu), +- one standard error; ",
		       b->samples, b->seed);
	printf("brokerage roles against %zu groups by %s; %zu bridges\n\n", b->n_groups,
	       cg_partition_to_string(b->by), b->n_bridges);
	for (size_t i = 0; i < b->n; i++) {
		const cg_broker *r = &b->rows[i];
		broker_reasons(b, r, &sb);
		printf("%3zu. %s \"%s\"%s\n     %s\n", r->rank_betweenness,
		       cli_text(cg_entity_id(g, r->entity)), cli_text(cg_entity_name(g, r->entity)),
		       r->bridges_cases ? "  [bridges cases]" : "", cg_strbuf_cstr(&sb));
	}
out:
	cg_strbuf_free(&sb);
	cg_brokers_free(b);
	return rc;
}

int cmd_brokers(int argc, char **argv)
{
	return run_one("brokers", do_brokers, argc, argv);
}

/* ---- shared ---- */

static void print_citations(const cg_graph *g, cg_eid e, const char *indent)
{
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;
	while (cg_iter_next_prov(g, &it, &p))
		printf("%s%s:%ld  case %s%s%s\n", indent, cli_text(p.file), p.line,
		       cli_text(p.case_name), p.local_id ? "  id " : "", cli_text(p.local_id));
}

/* "case", "actor", "cluster" or "country": what shared rows count. */
static const char *shared_group_word(cg_partition by)
{
	return by == CG_BY_CASE ? "case" : cg_partition_to_string(by);
}

/* A tie's link as a JSON member: its type, ends and first citation. */
static void put_tie_json(const cg_graph *g, const char *key, cg_lid l)
{
	cg_iter it;
	cg_prov p;

	if (l == CG_NO_LINK)
		return;
	printf(",\"%s\":{\"type\":", key);
	put_json_str(cg_link_type_name(g, l));
	printf(",\"source\":");
	put_json_str(cg_entity_id(g, cg_link_source(g, l)));
	printf(",\"target\":");
	put_json_str(cg_entity_id(g, cg_link_target(g, l)));
	it = cg_link_provs(g, l);
	if (cg_iter_next_prov(g, &it, &p)) {
		printf(",\"file\":");
		put_json_str(p.file);
		printf(",\"line\":%ld,\"case\":", p.line);
		put_json_str(p.case_name);
	}
	putchar('}');
}

/* One line per group of a row shared by actor, cluster or country: the
 * group, and the link (and campaign link) that ties the entity to it, with
 * the first citation of each. */
static void print_ties(const cg_graph *g, const cg_shared_row *r)
{
	for (size_t k = 0; k < r->n_cases; k++) {
		printf("     %s", cli_text(r->cases[k]));
		cg_lid ls[2] = {r->ties[k].link, r->ties[k].via};
		for (int j = 0; j < 2; j++) {
			if (ls[j] == CG_NO_LINK)
				continue;
			cg_iter it = cg_link_provs(g, ls[j]);
			cg_prov p;
			printf("%s %s \"%s\" -> \"%s\"", j ? "; via" : ":",
			       cli_text(cg_link_type_name(g, ls[j])),
			       cli_text(cg_entity_name(g, cg_link_source(g, ls[j]))),
			       cli_text(cg_entity_name(g, cg_link_target(g, ls[j]))));
			if (cg_iter_next_prov(g, &it, &p))
				printf(" (%s:%ld)", cli_text(p.file), p.line);
		}
		putchar('\n');
	}
}

/* When each case saw a shared entity: "seen: a 2023-01-05 .. 2023-03-01; b
 * 2024 .. 2024; c (no date)". Nothing when no case gave a date. */
static void print_seen(const cg_shared_row *r)
{
	if (!r->first_seen)
		return;
	printf("     seen:");
	for (size_t k = 0; k < r->n_cases; k++) {
		printf("%s %s ", k ? ";" : "", cli_text(r->cases[k]));
		if (r->first_seen[k])
			printf("%s .. %s", cli_text(r->first_seen[k]), cli_text(r->last_seen[k]));
		else
			printf("(no date)");
	}
	putchar('\n');
}

/* Shared rows as JSON; with why (the too-common rows), each with its
 * reason. */
static void put_shared_rows_json(const cg_graph *g, const cg_shared_row *rows, size_t n,
                                 const cg_view_info *why)
{
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		cg_iter it = cg_entity_provs(g, rows[i].entity);
		cg_prov p;
		int first = 1;
		char buf[160];
		printf("%s{\"entity\":", i ? "," : "");
		put_entity_json(g, rows[i].entity);
		if (why) {
			printf(",\"reason\":");
			put_json_str(cg_too_common_reason(g, rows[i].entity, rows[i].n_cases, why,
			                                  buf, sizeof buf));
		}
		printf(",\"score\":");
		put_json_num(rows[i].score);
		printf(",\"links\":%zu,\"cases\":[", rows[i].degree);
		for (size_t k = 0; k < rows[i].n_cases; k++) {
			if (k)
				putchar(',');
			put_json_str(rows[i].cases[k]);
		}
		printf("]");
		if (rows[i].first_seen) {
			printf(",\"seen\":[");
			for (size_t k = 0; k < rows[i].n_cases; k++) {
				printf("%s{\"case\":", k ? "," : "");
				put_json_str(rows[i].cases[k]);
				if (rows[i].first_seen[k]) {
					printf(",\"first_seen\":");
					put_json_str(rows[i].first_seen[k]);
					printf(",\"last_seen\":");
					put_json_str(rows[i].last_seen[k]);
				}
				putchar('}');
			}
			putchar(']');
		}
		if (rows[i].ties) {
			printf(",\"ties\":[");
			for (size_t k = 0; k < rows[i].n_cases; k++) {
				printf("%s{\"group\":", k ? "," : "");
				put_json_str(rows[i].cases[k]);
				put_tie_json(g, "link", rows[i].ties[k].link);
				put_tie_json(g, "via", rows[i].ties[k].via);
				putchar('}');
			}
			putchar(']');
		}
		printf(",\"citations\":[");
		while (cg_iter_next_prov(g, &it, &p)) {
			printf("%s{\"file\":", first ? "" : ",");
			first = 0;
			put_json_str(p.file);
			printf(",\"line\":%ld,\"case\":", p.line);
			put_json_str(p.case_name);
			printf(",\"id\":");
			put_json_str(p.local_id);
			putchar('}');
		}
		printf("]}");
	}
	putchar(']');
}

static int do_shared(const cg_graph *g, const cli_opts *o, an_opts *a, const char *end)
{
	cg_shared *s = NULL;
	cg_shared_opts so = CG_SHARED_OPTS_INIT;
	cg_error err;
	int rc = 0;

	view_opts_of(a, &so.view);
	so.within_days = a->within;
	if ((rc = cli_cluster_opts("shared", a, &so.clusters)) ||
	    (rc = cli_partition("shared", a->by, &so.by)))
		goto out;
	if (so.by == CG_BY_TYPE) {
		fprintf(stderr, "casegraph shared: --by type means nothing here (case, actor, "
		                "cluster or country)\n");
		rc = EXIT_USAGE;
		goto out;
	}
	cg_error_clear(&err);
	an_stage(a, "shared");
	rc = cg_shared_compute(g, &so, &s, &err);
	an_stage(a, NULL);
	if (rc) {
		rc = cli_fail(&err);
		goto out;
	}
	size_t top = a->top >= 0 ? (size_t)a->top : o->json ? s->n : 25;
	if (o->json) {
		putchar('{');
		put_info_json(g, &s->info);
		printf(",\"by\":");
		put_json_str(cg_partition_to_string(s->by));
		printf(",\"shared\":");
		put_shared_rows_json(g, s->rows, s->n < top ? s->n : top, NULL);
		printf(",\"too_common\":");
		put_shared_rows_json(g, s->too_common, s->n_too_common, &s->info);
		if (s->within_days >= 0) {
			printf(",\"within_days\":%ld,\"outside_window\":", s->within_days);
			put_shared_rows_json(g, s->outside, s->n_outside, NULL);
		}
		printf(",\"cases\":[");
		for (size_t i = 0; i < s->n_cases; i++) {
			printf("%s{\"case\":", i ? "," : "");
			put_json_str(s->cases[i].name);
			printf(",\"entities\":%zu}", s->cases[i].count);
		}
		printf("],\"overlaps\":[");
		for (size_t i = 0; i < s->n_overlaps; i++) {
			printf("%s{\"a\":", i ? "," : "");
			put_json_str(s->overlaps[i].a);
			printf(",\"b\":");
			put_json_str(s->overlaps[i].b);
			printf(",\"shared\":%zu,\"jaccard\":", s->overlaps[i].shared);
			put_json_num(s->overlaps[i].jaccard);
			putchar('}');
		}
		printf("]}%s", end);
		goto out;
	}
	const char *grp = shared_group_word(s->by);
	const char *grps = s->by == CG_BY_COUNTRY ? "countries" : NULL;
	printf("%zu entities in two or more of %zu %s%s\n", s->n, s->n_cases, grps ? grps : grp,
	       grps ? "" : "s");
	for (size_t i = 0; i < s->n && i < top; i++) {
		const cg_shared_row *r = &s->rows[i];
		printf("\n%zu. %s \"%s\"  %zu %s%s, %zu links\n", i + 1,
		       cli_text(cg_entity_id(g, r->entity)), cli_text(cg_entity_name(g, r->entity)),
		       r->n_cases, grps && r->n_cases != 1 ? grps : grp,
		       grps && r->n_cases != 1 ? "" : "s", r->degree);
		if (r->ties)
			print_ties(g, r);
		else
			print_citations(g, r->entity, "     ");
		print_seen(r);
	}
	if (s->n > top)
		printf("\n%zu more (--top N to show them)\n", s->n - top);
	if (s->n_overlaps) {
		printf("\n%s overlap%*s shared  jaccard\n", grp, (int)(41 - strlen(grp)), "");
		for (size_t i = 0; i < s->n_overlaps; i++)
			printf("  %-22s %-22s %6zu  %.3f\n", cli_text(s->overlaps[i].a),
			       cli_text(s->overlaps[i].b), s->overlaps[i].shared,
			       s->overlaps[i].jaccard);
	}
	printf("\ntoo common (in more than %ld cases, or %ld known by a name alone; not used to "
	       "connect them): ",
	       a->max_cases, a->max_name_cases);
	if (!s->n_too_common)
		printf("none\n");
	else {
		putchar('\n');
		for (size_t i = 0; i < s->n_too_common; i++) {
			char why[160];
			const cg_shared_row *r = &s->too_common[i];
			printf("  %s \"%s\"  %s\n", cli_text(cg_entity_id(g, r->entity)),
			       cli_text(cg_entity_name(g, r->entity)),
			       cg_too_common_reason(g, r->entity, r->n_cases, &s->info, why,
			                            sizeof why));
		}
	}
	if (s->within_days >= 0) {
		printf(
		    "\noutside the %ld-day window (in two or more cases, never seen within it of "
		    "each other): %s\n",
		    s->within_days, s->n_outside ? "" : "none");
		for (size_t i = 0; i < s->n_outside; i++) {
			printf("  %s \"%s\"\n", cli_text(cg_entity_id(g, s->outside[i].entity)),
			       cli_text(cg_entity_name(g, s->outside[i].entity)));
			print_seen(&s->outside[i]);
		}
	}
	printf("\nexcluded (on a list, not used to connect cases): %s\n",
	       s->info.n_excluded ? "" : "none");
	print_excluded(g, &s->info, "  ", a->all_excluded);
out:
	cg_shared_free(s);
	return rc;
}

int cmd_shared(int argc, char **argv)
{
	return run_one("shared", do_shared, argc, argv);
}

/* ---- analyze: clusters, brokers and shared on one load ---- */

int cmd_analyze(int argc, char **argv)
{
	static const struct {
		const char *name;
		analysis_fn fn;
	} parts[] = {{"clusters", do_clusters}, {"brokers", do_brokers}, {"shared", do_shared}};
	cli_opts o;
	an_opts a;
	cg_graph *g = NULL;
	int done, rc;

	if ((rc = an_start("analyze", argc, argv, &o, &a, &g, &done)) || done)
		goto out;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (o.json)
			printf("%s\"%s\":", i ? "," : "{", parts[i].name);
		else
			printf("%s== %s ==\n", i ? "\n" : "", parts[i].name);
		if ((rc = parts[i].fn(g, &o, &a, "")))
			goto out;
	}
	if (o.json)
		printf("}\n");
out:
	cg_graph_free(g);
	cli_opts_free(&o);
	an_free(&a);
	return rc;
}

/* ---- path and network ---- */

static void print_hop(const cg_graph *g, const cg_hop *h)
{
	char cite[1100];
	cg_lid l = h->link;
	int forward = cg_link_source(g, l) == h->from;
	const char *type = cg_link_type_name(g, l);
	int64_t amount;
	const char *cur;

	link_citation(g, l, cite, sizeof cite);
	if (!cg_link_directed(g, l))
		printf("    --%s--", cli_text(type));
	else if (forward)
		printf("    --%s-->", cli_text(type));
	else
		printf("    <--%s--", cli_text(type));
	if (cg_link_amount(g, l, &amount, &cur)) {
		cg_strbuf sb = CG_STRBUF_INIT;
		printf(" %s %s", money_text(amount, cur, &sb), cur);
		cg_strbuf_free(&sb);
	}
	printf("  [%s]", cli_text(cite));
	if (h->n_links > 1)
		printf(" (+%zu more links)", h->n_links - 1);
	printf("\n  %s \"%s\"\n", cli_text(cg_entity_id(g, h->to)),
	       cli_text(cg_entity_name(g, h->to)));
}

static void put_link_json(const cg_graph *g, cg_lid l)
{
	cg_iter it = cg_link_provs(g, l);
	cg_prov p;
	int64_t amount;
	const char *cur;
	int first = 1;

	printf("{\"type\":");
	put_json_str(cg_link_type_name(g, l));
	printf(",\"source\":");
	put_json_str(cg_entity_id(g, cg_link_source(g, l)));
	printf(",\"target\":");
	put_json_str(cg_entity_id(g, cg_link_target(g, l)));
	printf(",\"directed\":%s", cg_link_directed(g, l) ? "true" : "false");
	if (cg_link_amount(g, l, &amount, &cur)) {
		cg_strbuf sb = CG_STRBUF_INIT;
		printf(",\"amount\":\"%s\",\"currency\":", money_text(amount, cur, &sb));
		put_json_str(cur);
		cg_strbuf_free(&sb);
	}
	printf(",\"citations\":[");
	while (cg_iter_next_prov(g, &it, &p)) {
		printf("%s{\"file\":", first ? "" : ",");
		first = 0;
		put_json_str(p.file);
		printf(",\"line\":%ld,\"case\":", p.line);
		put_json_str(p.case_name);
		putchar('}');
	}
	printf("]}");
}

static int resolve_or_fail(const cg_graph *g, const char *what, const char *q, cg_eid *e)
{
	cg_error err;
	cg_error_clear(&err);
	if (!q) {
		fprintf(stderr, "casegraph: %s is required\n", what);
		return EXIT_USAGE;
	}
	if (cg_graph_resolve(g, q, e, &err)) {
		fprintf(stderr, "casegraph: %s: %s\n", what, err.message);
		return err.code == CG_ENOTFOUND ? EXIT_BADINPUT : EXIT_USAGE;
	}
	return 0;
}

int cmd_path(int argc, char **argv)
{
	cli_opts o;
	an_opts a;
	cg_graph *g = NULL;
	cg_paths *p = NULL;
	cg_path_opts po = CG_PATH_OPTS_INIT;
	cg_eid from, to;
	cg_error err;
	int done, rc;

	if ((rc = an_start("path", argc, argv, &o, &a, &g, &done)) || done)
		goto out;
	if ((rc = resolve_or_fail(g, "--from", a.from, &from)) ||
	    (rc = resolve_or_fail(g, "--to", a.to, &to)))
		goto out;
	view_opts_of(&a, &po.view);
	po.k = a.k > 0 ? (size_t)a.k : 1;
	po.via_types = a.n_via ? a.via : NULL;
	po.n_via_types = a.n_via;
	cg_error_clear(&err);
	if (cg_paths_compute(g, from, to, &po, &p, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if (o.json) {
		printf("{\"from\":");
		put_entity_json(g, from);
		printf(",\"to\":");
		put_entity_json(g, to);
		printf(",\"paths\":[");
		for (size_t i = 0; i < p->n; i++) {
			printf("%s{\"hops\":[", i ? "," : "");
			for (size_t h = 0; h < p->paths[i].n_hops; h++) {
				const cg_hop *hop = &p->paths[i].hops[h];
				printf("%s{\"from\":", h ? "," : "");
				put_entity_json(g, hop->from);
				printf(",\"to\":");
				put_entity_json(g, hop->to);
				printf(",\"links\":%zu,\"link\":", hop->n_links);
				put_link_json(g, hop->link);
				putchar('}');
			}
			printf("]}");
		}
		printf("]}\n");
		goto out;
	}
	if (!p->n) {
		printf("no path from %s to %s in the view\n", cli_text(cg_entity_id(g, from)),
		       cli_text(cg_entity_id(g, to)));
		rc = EXIT_OK;
		goto out;
	}
	for (size_t i = 0; i < p->n; i++) {
		printf("%spath %zu: %zu hop%s\n  %s \"%s\"\n", i ? "\n" : "", i + 1,
		       p->paths[i].n_hops, p->paths[i].n_hops == 1 ? "" : "s",
		       cli_text(cg_entity_id(g, from)), cli_text(cg_entity_name(g, from)));
		for (size_t h = 0; h < p->paths[i].n_hops; h++)
			print_hop(g, &p->paths[i].hops[h]);
	}
out:
	cg_paths_free(p);
	cg_graph_free(g);
	cli_opts_free(&o);
	an_free(&a);
	return rc;
}

int cmd_network(int argc, char **argv)
{
	cli_opts o;
	an_opts a;
	cg_graph *g = NULL;
	cg_network *net = NULL;
	cg_path_opts po = CG_PATH_OPTS_INIT;
	cg_eid seeds[256];
	cg_error err;
	int done, rc;

	if ((rc = an_start("network", argc, argv, &o, &a, &g, &done)) || done)
		goto out;
	if (a.n_seeds < 2) {
		fprintf(stderr, "casegraph network: --seeds needs two or more entities (A,B,... or "
		                "--entity NAME, repeated)\n");
		rc = EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < a.n_seeds; i++)
		if ((rc = resolve_or_fail(g, i < a.n_seeds - a.n_entities ? "--seeds" : "--entity",
		                          a.seeds[i], &seeds[i])))
			goto out;
	view_opts_of(&a, &po.view);
	po.via_types = a.n_via ? a.via : NULL;
	po.n_via_types = a.n_via;
	cg_error_clear(&err);
	if (cg_network_compute(g, seeds, a.n_seeds, &po, &net, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if (o.json) {
		printf("{\"seeds\":");
		put_eid_list_json(g, seeds, a.n_seeds);
		printf(",\"unreachable_pairs\":%zu,\"entities\":", net->unreachable_pairs);
		put_eid_list_json(g, net->entities, net->n_entities);
		printf(",\"links\":[");
		for (size_t i = 0; i < net->n_links; i++) {
			if (i)
				putchar(',');
			put_link_json(g, net->links[i]);
		}
		printf("]}\n");
		goto out;
	}
	printf("connecting network of %zu seeds: %zu entities, %zu links", a.n_seeds,
	       net->n_entities, net->n_links);
	if (net->unreachable_pairs)
		printf(" (%zu seed pairs not connected)", net->unreachable_pairs);
	printf("\n\nentities\n");
	for (size_t i = 0; i < net->n_entities; i++)
		printf("  %s \"%s\"\n", cli_text(cg_entity_id(g, net->entities[i])),
		       cli_text(cg_entity_name(g, net->entities[i])));
	printf("\nlinks\n");
	for (size_t i = 0; i < net->n_links; i++) {
		char cite[1100];
		cg_lid l = net->links[i];
		link_citation(g, l, cite, sizeof cite);
		printf("  %s --%s--%s %s  [%s]\n", cli_text(cg_entity_id(g, cg_link_source(g, l))),
		       cli_text(cg_link_type_name(g, l)), cg_link_directed(g, l) ? ">" : "",
		       cli_text(cg_entity_id(g, cg_link_target(g, l))), cli_text(cite));
	}
out:
	cg_network_free(net);
	cg_graph_free(g);
	cli_opts_free(&o);
	an_free(&a);
	return rc;
}

/* ---- money ---- */

static int check_date(const char *what, const char *s, cg_strbuf *out)
{
	const char *why = NULL;
	if (!s)
		return 0;
	if (cg_parse_date(s, strlen(s), out, &why)) {
		fprintf(stderr, "casegraph money: %s '%s': %s\n", what, s, why ? why : "bad date");
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_money(int argc, char **argv)
{
	cli_opts o;
	an_opts a;
	cg_graph *g = NULL;
	cg_money *m = NULL;
	cg_money_opts mo = CG_MONEY_OPTS_INIT;
	cg_strbuf sb = CG_STRBUF_INIT, from = CG_STRBUF_INIT, to = CG_STRBUF_INIT;
	cg_error err;
	int done, rc;

	if ((rc = an_start("money", argc, argv, &o, &a, &g, &done)) || done)
		goto out;
	if ((rc = check_date("--from", a.from, &from)) || (rc = check_date("--to", a.to, &to)))
		goto out;
	mo.from_date = a.from ? from.buf : NULL;
	mo.to_date = a.to ? to.buf : NULL;
	view_opts_of(&a, &mo.clusters.view);
	mo.clusters.seed = (unsigned long)a.seed;
	mo.clusters.resolution = a.resolution;
	size_t top = a.top >= 0 ? (size_t)a.top : 20;
	mo.top = top;
	cg_error_clear(&err);
	if (cg_money_compute(g, &mo, &m, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if (o.json) {
		printf("{\"from\":");
		put_json_str(mo.from_date);
		printf(",\"to\":");
		put_json_str(mo.to_date);
		printf(",\"links_counted\":%zu,\"links_undated\":%zu,\"entities\":[",
		       m->links_counted, m->links_undated);
		for (size_t i = 0; i < m->n_entities; i++) {
			printf("%s{\"entity\":", i ? "," : "");
			put_entity_json(g, m->entities[i].entity);
			printf(",\"money\":");
			put_money_json(m->entities[i].sums, m->entities[i].n_sums, &sb);
			putchar('}');
		}
		printf("],\"clusters\":[");
		for (size_t i = 0; i < m->n_clusters; i++) {
			printf("%s{\"cluster\":%zu,\"money\":", i ? "," : "",
			       (size_t)m->clusters[i].entity + 1);
			put_money_json(m->clusters[i].sums, m->clusters[i].n_sums, &sb);
			putchar('}');
		}
		printf("],\"largest_flows\":[");
		for (size_t i = 0; i < m->n_flows; i++) {
			if (i)
				putchar(',');
			put_link_json(g, m->flows[i]);
		}
		printf("]}\n");
		goto out;
	}
	printf("%zu links with money", m->links_counted);
	if (mo.from_date || mo.to_date)
		printf(" from %s to %s (%zu without a date left out)",
		       mo.from_date ? mo.from_date : "the start",
		       mo.to_date ? mo.to_date : "the end", m->links_undated);
	printf("\n\nby entity\n");
	for (size_t i = 0; i < m->n_entities && i < top; i++) {
		printf("  %s \"%s\"\n", cg_entity_id(g, m->entities[i].entity),
		       cg_entity_name(g, m->entities[i].entity));
		print_money("    ", m->entities[i].sums, m->entities[i].n_sums, 0, &sb);
	}
	if (m->n_entities > top)
		printf("  %zu more (--top N)\n", m->n_entities - top);
	if (m->n_clusters) {
		printf("\nby cluster (as numbered by casegraph clusters with the same options)\n");
		for (size_t i = 0; i < m->n_clusters && i < top; i++) {
			printf("  cluster %zu\n", (size_t)m->clusters[i].entity + 1);
			print_money("    ", m->clusters[i].sums, m->clusters[i].n_sums, 1, &sb);
		}
	}
	printf("\nlargest flows\n");
	for (size_t i = 0; i < m->n_flows; i++) {
		char cite[1100];
		int64_t amount;
		const char *cur, *date = NULL, *n, *v;
		cg_lid l = m->flows[i];
		cg_iter it = cg_link_props(g, l);
		while (cg_iter_next_prop(g, &it, &n, &v))
			if (strcmp(n, "date") == 0)
				date = v;
		cg_link_amount(g, l, &amount, &cur);
		link_citation(g, l, cite, sizeof cite);
		printf("  %s %s  %s -> %s  %s  [%s]\n", money_text(amount, cur, &sb), cur,
		       cg_entity_id(g, cg_link_source(g, l)), cg_entity_id(g, cg_link_target(g, l)),
		       date ? date : "undated", cite);
	}
out:
	cg_strbuf_free(&sb);
	cg_strbuf_free(&from);
	cg_strbuf_free(&to);
	cg_money_free(m);
	cg_graph_free(g);
	cli_opts_free(&o);
	an_free(&a);
	return rc;
}
