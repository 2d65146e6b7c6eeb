/* casegraph merges INPUT...: every entity made of several records, with the
 * key that joined each record and where it was read. */
#include "cli.h"

#include "cg_jsonl.h"
#include "cg_summary.h"

#include <stdlib.h>
#include <string.h>

static size_t count_provs(const cg_graph *g, cg_eid e)
{
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;
	size_t n = 0;

	while (cg_iter_next_prov(g, &it, &p))
		n++;
	return n;
}

static int merge_json(const cg_graph *g, cg_eid e, size_t ncases, cg_strbuf *sb)
{
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;
	int rc = cg_strbuf_puts(sb, "{\"id\":") || cg_json_put_string(sb, cg_entity_id(g, e)) ||
	         cg_strbuf_puts(sb, ",\"type\":") ||
	         cg_json_put_string(sb, cg_entity_type_name(g, e)) ||
	         cg_strbuf_puts(sb, ",\"name\":") || cg_json_put_string(sb, cg_entity_name(g, e)) ||
	         cg_strbuf_printf(sb, ",\"cases\":%zu,\"name_only\":%s,\"records\":[", ncases,
	                          (cg_entity_flags(g, e) & CG_EF_NAME_ONLY) ? "true" : "false");
	int first = 1;

	while (!rc && cg_iter_next_prov(g, &it, &p)) {
		rc = (!first && cg_strbuf_putc(sb, ',')) || cg_strbuf_puts(sb, "{\"file\":") ||
		     cg_json_put_string(sb, p.file) ||
		     cg_strbuf_printf(sb, ",\"line\":%ld", p.line) ||
		     cg_strbuf_puts(sb, ",\"case\":") || cg_json_put_string(sb, p.case_name) ||
		     cg_strbuf_puts(sb, ",\"id\":") ||
		     cg_json_put_string(sb, p.local_id ? p.local_id : "") ||
		     cg_strbuf_puts(sb, ",\"via\":") ||
		     cg_json_put_string(sb, p.via ? p.via : "") ||
		     cg_strbuf_printf(sb, ",\"name_only\":%s}",
		                      (p.flags & CG_PF_NAME_ONLY) ? "true" : "false");
		first = 0;
	}
	return rc || cg_strbuf_puts(sb, "]}") ? CG_ENOMEM : 0;
}

int cmd_merges(int argc, char **argv)
{
	cli_opts o;
	cg_graph *g = NULL;
	cg_import_stats st;
	cg_strbuf sb = CG_STRBUF_INIT;
	const char *cases[256];
	size_t merged = 0, cross = 0, name_only = 0;
	int done, rc;

	rc = cli_parse(&cli_commands[2], argc, argv, &o, &done);
	if (rc || done)
		goto out;
	if ((rc = cli_load(&o, &g, &st)))
		goto out;
	if (o.json)
		fputs("{\"merges\":[", stdout);
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
		size_t n = count_provs(g, e), nc;
		cg_iter it;
		cg_prov p;
		if (n < 2)
			continue;
		nc = cg_entity_cases(g, e, cases, 256);
		merged++;
		cross += nc > 1;
		name_only += (cg_entity_flags(g, e) & CG_EF_NAME_ONLY) != 0;
		if (o.json) {
			cg_strbuf_reset(&sb);
			if (merge_json(g, e, nc, &sb)) {
				rc = cli_nomem();
				goto out;
			}
			printf("%s%s", merged > 1 ? "," : "", sb.buf);
			continue;
		}
		/* names, ids, files and cases come from the inputs: cli_text */
		printf("%s  \"%s\"  %zu records, %zu case%s%s\n", cli_text(cg_entity_id(g, e)),
		       cli_text(cg_entity_name(g, e)), n, nc, nc == 1 ? "" : "s",
		       (cg_entity_flags(g, e) & CG_EF_NAME_ONLY) ? "  [NAME-ONLY MERGE: review]"
		                                                 : "");
		it = cg_entity_provs(g, e);
		while (cg_iter_next_prov(g, &it, &p)) {
			printf("    %s:%ld  case %s", cli_text(p.file), p.line,
			       cli_text(p.case_name));
			if (p.local_id)
				printf("  id %s", cli_text(p.local_id));
			if (p.via)
				printf("  merged on %s%s", cli_text(p.via),
				       (p.flags & CG_PF_NAME_ONLY) ? " (name only)" : "");
			else
				printf("  first record");
			putchar('\n');
		}
	}
	if (o.json)
		printf("],\"merged_entities\":%zu,\"cross_case\":%zu,\"name_only\":%zu}\n", merged,
		       cross, name_only);
	else
		printf(
		    "%s%zu entities merged from several records, %zu of them across cases, %zu on "
		    "a name alone\n",
		    merged ? "\n" : "", merged, cross, name_only);
out:
	cli_opts_free(&o);
	cg_strbuf_free(&sb);
	cg_graph_free(g);
	return rc;
}
