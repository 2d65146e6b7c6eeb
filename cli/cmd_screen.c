/* casegraph screen INPUT... --reference FILE: the entities of the inputs
 * that a reference list names, each with the list's record, how it
 * matched, its score and where the cases cite it. */
#include "cli.h"

#include "cg_jsonl.h"
#include "cg_summary.h"

#include <stdlib.h>
#include <string.h>

static int json_citations(const cg_graph *g, cg_eid e, cg_strbuf *sb)
{
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;
	int first = 1, rc = cg_strbuf_puts(sb, ",\"citations\":[");

	while (!rc && cg_iter_next_prov(g, &it, &p)) {
		if (p.flags & CG_PF_REFERENCE)
			continue;
		rc = (!first && cg_strbuf_putc(sb, ',')) || cg_strbuf_puts(sb, "{\"file\":") ||
		     cg_json_put_string(sb, p.file) ||
		     cg_strbuf_printf(sb, ",\"line\":%ld,\"case\":", p.line) ||
		     cg_json_put_string(sb, p.case_name) || cg_strbuf_putc(sb, '}');
		first = 0;
	}
	return rc || cg_strbuf_putc(sb, ']');
}

static int json_listing(const cg_graph *g, cg_eid e, cg_strbuf *sb)
{
	size_t np;
	const char *const *listing_props = cg_screen_listing_props(&np);
	int rc = cg_strbuf_puts(sb, ",\"listing\":{"), first = 1;

	for (size_t i = 0; i < np && !rc; i++) {
		cg_iter it = cg_entity_props(g, e);
		const char *n, *v;
		int any = 0;
		while (!rc && cg_iter_next_prop(g, &it, &n, &v)) {
			if (strcmp(n, listing_props[i]) != 0)
				continue;
			if (!any)
				rc = (!first && cg_strbuf_putc(sb, ',')) ||
				     cg_json_put_string(sb, listing_props[i]) ||
				     cg_strbuf_puts(sb, ":[");
			rc = rc || (any && cg_strbuf_putc(sb, ',')) || cg_json_put_string(sb, v);
			any = 1;
			first = 0;
		}
		if (any)
			rc = rc || cg_strbuf_putc(sb, ']');
	}
	return rc || cg_strbuf_putc(sb, '}');
}

static int row_json(const cg_graph *g, const cg_screen_row *r, cg_strbuf *sb)
{
	const char *cases[64];
	size_t nc = cg_entity_cases(g, r->entity, cases, 64);
	int rc = cg_strbuf_puts(sb, "{\"entity\":") ||
	         cg_json_put_string(sb, cg_entity_id(g, r->entity)) ||
	         cg_strbuf_puts(sb, ",\"type\":") ||
	         cg_json_put_string(sb, cg_entity_type_name(g, r->entity)) ||
	         cg_strbuf_puts(sb, ",\"name\":") ||
	         cg_json_put_string(sb, cg_entity_name(g, r->entity)) ||
	         cg_strbuf_puts(sb, ",\"cases\":[");

	for (size_t i = 0; i < nc && i < 64 && !rc; i++)
		rc = (i && cg_strbuf_putc(sb, ',')) || cg_json_put_string(sb, cases[i]);
	rc = rc || cg_strbuf_puts(sb, "],\"how\":") ||
	     cg_json_put_string(sb, cg_screen_how_to_string(r->how)) ||
	     cg_strbuf_printf(sb, ",\"score\":%.2f,\"via\":", r->score) ||
	     (r->via ? cg_json_put_string(sb, r->via) : cg_strbuf_puts(sb, "null")) ||
	     cg_strbuf_puts(sb, ",\"reference\":{\"file\":") ||
	     cg_json_put_string(sb, r->prov.file) ||
	     cg_strbuf_printf(sb, ",\"line\":%ld,\"list\":", r->prov.line) ||
	     cg_json_put_string(sb, r->prov.case_name) || cg_strbuf_puts(sb, ",\"id\":") ||
	     (r->prov.local_id ? cg_json_put_string(sb, r->prov.local_id)
	                       : cg_strbuf_puts(sb, "null")) ||
	     cg_strbuf_putc(sb, '}') || json_listing(g, r->entity, sb) ||
	     json_citations(g, r->entity, sb) || cg_strbuf_putc(sb, '}');
	return rc ? CG_ENOMEM : 0;
}

static void print_listing(const cg_graph *g, cg_eid e)
{
	size_t np;
	const char *const *listing_props = cg_screen_listing_props(&np);

	for (size_t i = 0; i < np; i++) {
		cg_iter it = cg_entity_props(g, e);
		const char *n, *v;
		int any = 0;
		while (cg_iter_next_prop(g, &it, &n, &v)) {
			if (strcmp(n, listing_props[i]) != 0)
				continue;
			printf(any ? "; %s" : "    %s: %s", any ? cli_text(v) : listing_props[i],
			       cli_text(v));
			any = 1;
		}
		if (any)
			putchar('\n');
	}
}

static void print_entity(const cg_graph *g, const cg_screen_row *rows, size_t n)
{
	cg_eid e = rows[0].entity;
	const char *cases[64];
	size_t nc = cg_entity_cases(g, e, cases, 64);
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;

	printf("%s  \"%s\"  in %zu case%s", cli_text(cg_entity_id(g, e)),
	       cli_text(cg_entity_name(g, e)), nc, nc == 1 ? "" : "s");
	for (size_t i = 0; i < nc && i < 64; i++)
		printf("%s%s", i ? ", " : ": ", cli_text(cases[i]));
	putchar('\n');
	for (size_t i = 0; i < n; i++) {
		printf("    listed: %s:%ld  list %s", cli_text(rows[i].prov.file),
		       rows[i].prov.line, cli_text(rows[i].prov.case_name));
		if (rows[i].prov.local_id)
			printf("  id %s", cli_text(rows[i].prov.local_id));
		if (rows[i].how == CG_SCREEN_LINKED)
			printf("  brought in by a link of the list\n");
		else
			printf("  matched by %s (%s), score %.2f\n",
			       cg_screen_how_to_string(rows[i].how), cli_text(rows[i].via),
			       rows[i].score);
	}
	print_listing(g, e);
	while (cg_iter_next_prov(g, &it, &p))
		if (!(p.flags & CG_PF_REFERENCE))
			printf("    cited: %s:%ld  case %s\n", cli_text(p.file), p.line,
			       cli_text(p.case_name));
}

int cmd_screen(int argc, char **argv)
{
	cli_opts o;
	cg_graph *g = NULL;
	cg_import_stats st;
	cg_strbuf sb = CG_STRBUF_INIT;
	cg_screen_row *rows = NULL;
	cg_error err;
	size_t n = 0, entities = 0, linked = 0;
	int done, rc;

	rc = cli_parse(cli_command_named("screen"), argc, argv, &o, &done);
	if (rc || done)
		goto out;
	if (!o.n_references) {
		fprintf(stderr,
		        "casegraph screen: --reference FILE is required (the list to screen "
		        "against)\n");
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = cli_load(&o, &g, &st)))
		goto out;
	if (cg_screen_rows(g, &rows, &n, &err)) {
		rc = cli_nomem();
		goto out;
	}
	if (o.json)
		fputs("{\"hits\":[", stdout);
	for (size_t i = 0, j; i < n; i = j) {
		int hit;
		j = cg_screen_group(rows, n, i, &hit);
		if (!hit) {
			linked++;
			if (!o.json)
				continue;
		} else
			entities++;
		for (size_t k = i; o.json && k < j; k++) {
			cg_strbuf_reset(&sb);
			if (row_json(g, &rows[k], &sb)) {
				rc = cli_nomem();
				goto out;
			}
			printf("%s%s", k ? "," : "", sb.buf);
		}
		if (!o.json)
			print_entity(g, rows + i, j - i);
	}
	if (o.json)
		printf("],\"entities\":%zu,\"records\":%zu,\"linked\":%zu}\n", entities, n, linked);
	else
		printf(
		    "%s%zu entit%s of the inputs on the reference list%s (%zu list record%s)%s\n",
		    entities ? "\n" : "", entities, entities == 1 ? "y" : "ies",
		    o.n_references == 1 ? "" : "s", n, n == 1 ? "" : "s",
		    linked ? "; more entities brought in by the list's links: see --json" : "");
out:
	free(rows);
	cli_opts_free(&o);
	cg_strbuf_free(&sb);
	cg_graph_free(g);
	return rc;
}
