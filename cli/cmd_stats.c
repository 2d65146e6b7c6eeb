/* casegraph stats INPUT... */
#include "cli.h"

#include "cg_components.h"
#include "cg_jsonl.h"
#include "cg_summary.h"

#include <stdlib.h>

static int print_counts_json(FILE *f, const char *key, const cg_count *c, size_t n, int cases)
{
	cg_strbuf sb = CG_STRBUF_INIT;
	int rc = cg_strbuf_printf(&sb, ",\"%s\":[", key);

	for (size_t i = 0; i < n && !rc; i++) {
		rc = (i && cg_strbuf_putc(&sb, ',')) || cg_strbuf_puts(&sb, "{\"name\":") ||
		     cg_json_put_string(&sb, c[i].name);
		if (!rc && cases)
			rc = cg_strbuf_printf(&sb, ",\"entities\":%zu,\"links\":%zu}", c[i].count,
			                      c[i].links);
		else if (!rc)
			rc = cg_strbuf_printf(&sb, ",\"count\":%zu}", c[i].count);
	}
	rc = rc || cg_strbuf_putc(&sb, ']');
	if (!rc)
		fputs(sb.buf, f);
	cg_strbuf_free(&sb);
	return rc;
}

int cmd_stats(int argc, char **argv)
{
	cli_opts o;
	cg_graph *g = NULL;
	cg_summary *s = NULL;
	cg_components *comp = NULL;
	cg_import_stats st;
	cg_error err;
	int done, rc;

	rc = cli_parse(&cli_commands[1], argc, argv, &o, &done);
	if (rc || done)
		goto out;
	if ((rc = cli_load(&o, &g, &st)))
		goto out;
	cg_error_clear(&err);
	if (cg_summary_compute(g, &s, &err) || cg_components_compute(g, &comp, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if (o.json) {
		printf("{\"entities\":%zu,\"links\":%zu,\"records\":%zu,\"merged_entities\":%zu,"
		       "\"cross_case_entities\":%zu,\"name_only_merges\":%zu,\"invalid_"
		       "identifiers\":%zu,"
		       "\"rows_read\":%zu,\"rows_imported\":%zu,\"rows_rejected\":%zu,\"rows_"
		       "skipped\":%zu,"
		       "\"components\":%zu,\"largest_component\":%zu,\"isolated_entities\":%zu",
		       s->entities, s->links, s->records, s->merged_entities, s->cross_case,
		       s->name_only, s->invalid_ids, st.read, st.imported, st.rejected, st.skipped,
		       comp->count, comp->largest, comp->isolated);
		if (print_counts_json(stdout, "entity_types", s->entity_types, s->n_entity_types,
		                      0) ||
		    print_counts_json(stdout, "link_types", s->link_types, s->n_link_types, 0) ||
		    print_counts_json(stdout, "cases", s->cases, s->n_cases, 1)) {
			rc = cli_nomem();
			goto out;
		}
		printf("}\n");
		goto out;
	}
	printf("entities  %zu  (from %zu records; %zu merged from several records, %zu in two or "
	       "more cases)\n",
	       s->entities, s->records, s->merged_entities, s->cross_case);
	printf("links     %zu\n", s->links);
	printf("components %zu  (largest %zu entities; %zu entities without links)\n", comp->count,
	       comp->largest, comp->isolated);
	printf("rows      %zu read, %zu imported, %zu rejected", st.read, st.imported, st.rejected);
	if (st.skipped)
		printf(", %zu skipped on purpose (revoked, deprecated, deleted ...)", st.skipped);
	putchar('\n');
	if (s->name_only)
		printf("review    %zu entities merged on a name alone (casegraph merges)\n",
		       s->name_only);
	if (s->invalid_ids)
		printf("review    %zu entities with an identifier that failed validation\n",
		       s->invalid_ids);
	printf("\nentity types\n");
	for (size_t i = 0; i < s->n_entity_types; i++)
		printf("  %-16s %8zu\n", cli_text(s->entity_types[i].name),
		       s->entity_types[i].count);
	printf("\nlink types\n");
	for (size_t i = 0; i < s->n_link_types; i++)
		printf("  %-16s %8zu\n", cli_text(s->link_types[i].name), s->link_types[i].count);
	printf("\ncases%*s %8s %8s\n", 20, "", "entities", "links");
	for (size_t i = 0; i < s->n_cases; i++)
		printf("  %-23s %8zu %8zu\n", cli_text(s->cases[i].name), s->cases[i].count,
		       s->cases[i].links);
out:
	cli_opts_free(&o);
	cg_summary_free(s);
	cg_components_free(comp);
	cg_graph_free(g);
	return rc;
}
