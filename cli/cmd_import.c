/* casegraph import INPUT... -o GRAPH.jsonl */
#include "cli.h"

#include "cg_jsonl.h"

#include <stdlib.h>
#include <string.h>

int cmd_import(int argc, char **argv)
{
	cli_opts o;
	cg_graph *g = NULL;
	cg_import_stats st;
	cg_error err;
	int done, rc;

	rc = cli_parse(&cli_commands[0], argc, argv, &o, &done);
	if (rc || done)
		goto out;
	if ((rc = cli_load(&o, &g, &st)))
		goto out;
	cg_error_clear(&err);
	if (o.dry_run) {
		/* the first rows of each file, as the entities and links they made */
		if (cg_jsonl_write_stream(g, stdout, &err))
			rc = cli_fail(&err);
		goto out;
	}
	if (strcmp(o.output, "-") == 0 ? cg_jsonl_write_stream(g, stdout, &err)
	                               : cg_jsonl_write_file(g, o.output, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if (!o.quiet)
		fprintf(
		    stderr,
		    "wrote %s: %zu entities (%zu records merged into existing ones), %zu links\n",
		    cli_text(o.output), cg_graph_entity_count(g), cg_graph_merge_count(g),
		    cg_graph_link_count(g));
out:
	cli_opts_free(&o);
	cg_graph_free(g);
	return rc;
}
