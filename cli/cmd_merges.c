/* casegraph merges INPUT...: every entity made of several records, with the
 * key that joined each record and where it was read; with --candidates, the
 * pairs not merged that probably should be, with why and both sides'
 * citations (analysis/candidates.c). */
#include "cli.h"

#include "cg_jsonl.h"
#include "cg_summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CITES_SHOWN 5 /* records of each side shown in text */

/* --candidates and its options */
typedef struct cand_cli {
	int on, explain;
	const char *min_score;
	long limit;
} cand_cli;

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

/* ---- merges --accept A B / --reject A B [--note TEXT]: a judgement
 * appended to the --judgements file (docs/MODEL.md, "Judgements") ---- */

typedef struct judge_args {
	const char *accept[2], *reject[2], *note;
} judge_args;

/* Takes --accept, --reject and --note out of argv. 0 or an exit code. */
static int judge_parse(int *argc, char **argv, judge_args *ja)
{
	const cli_opt opts[] = {
	    CLI_PAIR("--accept", ja->accept, "entities"),
	    CLI_PAIR("--reject", ja->reject, "entities"),
	    CLI_STRING("--note", &ja->note),
	};
	int rc;

	memset(ja, 0, sizeof *ja);
	if ((rc = cli_take_opts("merges", opts, sizeof opts / sizeof *opts, argc, argv)))
		return rc;
	if (ja->accept[0] && ja->reject[0]) {
		fprintf(stderr,
		        "casegraph merges: --accept and --reject: one judgement at a time\n");
		return EXIT_USAGE;
	}
	if (ja->note && !ja->accept[0] && !ja->reject[0]) {
		fprintf(stderr, "casegraph merges: --note goes with --accept or --reject\n");
		return EXIT_USAGE;
	}
	if (ja->accept[0] || ja->reject[0])
		cli_judgements_allow_missing(); /* the first judgement creates the file */
	return 0;
}

/* "@CASE/ID" of a provenance record with a local id, else "@FILE:LINE". */
static int record_ref(const cg_prov *p, cg_strbuf *sb)
{
	cg_strbuf_reset(sb);
	return p->local_id && *p->local_id
	           ? cg_strbuf_printf(sb, "@%s/%s", p->case_name ? p->case_name : "", p->local_id)
	           : cg_strbuf_printf(sb, "@%s:%ld", p->file, p->line);
}

/* Prints, after "what", the references of up to six records: of entity e
 * (CG_NO_ENTITY: of every entity with a record whose local id, or file
 * name and line, is the end of ref). */
static int print_refs(const cg_graph *g, cg_eid e, const char *ref, const char *what)
{
	const char *tail = ref ? strrchr(ref, '/') : NULL;
	cg_strbuf sb = CG_STRBUF_INIT, fl = CG_STRBUF_INIT;
	size_t shown = 0;
	int rc = 0;

	tail = tail ? tail + 1 : ref ? ref + 1 : NULL;
	for (cg_eid x = e == CG_NO_ENTITY ? 0 : e;
	     x < cg_graph_entity_count(g) && shown < 6 && !rc && (e == CG_NO_ENTITY || x == e);
	     x++) {
		cg_iter it = cg_entity_provs(g, x);
		cg_prov p;
		while (shown < 6 && cg_iter_next_prov(g, &it, &p)) {
			if (e == CG_NO_ENTITY) {
				const char *base = strrchr(p.file, '/');
				cg_strbuf_reset(&fl);
				if ((rc = cg_strbuf_printf(&fl, "%s:%ld", base ? base + 1 : p.file,
				                           p.line)))
					break;
				if (!(p.local_id && strcmp(p.local_id, tail) == 0) &&
				    strcmp(fl.buf, tail) != 0)
					continue;
			}
			if ((rc = record_ref(&p, &sb)))
				break;
			fprintf(stderr, "%s%s", shown++ ? ", " : what, cli_text(sb.buf));
		}
	}
	if (shown)
		fputs(e == CG_NO_ENTITY ? "?\n" : "\n", stderr);
	cg_strbuf_free(&sb);
	cg_strbuf_free(&fl);
	return rc ? cli_nomem() : 0;
}

/* Resolves one side of a judgement: a record reference (@CASE/ID,
 * @FILE:LINE) that some record has, or anything cg_graph_resolve finds (its
 * id is then the side written). *e gets the entity. 0 or an exit code
 * after printing why. */
static int judge_side(const cg_graph *g, const char *q, const char **side, cg_eid *e)
{
	cg_error err;
	size_t n;

	if (q[0] == '@') {
		if (cli_record_ref_matches(g, q, e, &n))
			return cli_nomem();
		if (n) {
			*side = q;
			return 0;
		}
		fprintf(stderr,
		        "casegraph merges: no record is %s in these inputs (a record is "
		        "@CASE/ID or @FILE:LINE, as merges lists it)\n",
		        cli_text(q));
		if (print_refs(g, CG_NO_ENTITY, q, "casegraph merges: did you mean "))
			return EXIT_FAILURE_;
		return EXIT_BADINPUT;
	}
	cg_error_clear(&err);
	if (cg_graph_resolve(g, q, e, &err))
		return cli_fail(&err);
	*side = cg_entity_id(g, *e);
	return 0;
}

/* Appends the judgement of ja to the --judgements file. An exit code. */
static int judge_write(const cli_opts *o, const cg_graph *g, const judge_args *ja)
{
	const char *const *q = ja->accept[0] ? ja->accept : ja->reject;
	const char *path = o->judgements, *side[2];
	int same = ja->accept[0] != NULL, rc;
	cg_eid e[2];
	cg_strbuf line = CG_STRBUF_INIT;
	cg_error err;
	long lineno = 0;

	if (!path) {
		fprintf(stderr,
		        "casegraph merges: %s needs --judgements FILE, the file to append to\n",
		        same ? "--accept" : "--reject");
		return EXIT_USAGE;
	}
	for (int k = 0; k < 2; k++)
		if ((rc = judge_side(g, q[k], &side[k], &e[k])))
			return rc;
	if (strcmp(side[0], side[1]) == 0) {
		fprintf(stderr, "casegraph merges: %s and %s are one entity, %s", cli_text(q[0]),
		        cli_text(q[1]), cli_text(side[0]));
		if (same) {
			fputs(": nothing to judge\n", stderr);
			return EXIT_USAGE;
		}
		fputs(": to keep two of its records apart, name them\n", stderr);
		if (print_refs(g, e[0], NULL, "casegraph merges: its records: "))
			return EXIT_FAILURE_;
		return EXIT_USAGE;
	}
	cg_error_clear(&err);
	if (cli_judgements_line(same, side[0], side[1], ja->note, &line)) {
		rc = cli_nomem();
		goto out;
	}
	if (cli_judgements_append(path, line.buf, &lineno, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	rc = EXIT_OK;
	if (o->json) {
		cg_strbuf js = CG_STRBUF_INIT;
		if (cg_strbuf_printf(&js,
		                     "{\"judgement\":\"%s\",\"a\":", same ? "same" : "different") ||
		    cg_json_put_string(&js, side[0]) || cg_strbuf_puts(&js, ",\"b\":") ||
		    cg_json_put_string(&js, side[1]) || cg_strbuf_puts(&js, ",\"file\":") ||
		    cg_json_put_string(&js, path) ||
		    cg_strbuf_printf(&js, ",\"line\":%ld,\"one_entity_now\":%s}", lineno,
		                     e[0] == e[1] ? "true" : "false"))
			rc = cli_nomem();
		else
			printf("%s\n", js.buf);
		cg_strbuf_free(&js);
	} else {
		printf("%s:%ld: %s\n", cli_text(path), lineno, cli_text(line.buf));
		printf("%s\n",
		       same ? (e[0] == e[1] ? "(one entity already; the judgement keeps them "
		                              "so when the inputs change)"
		                            : "(merged when the inputs are loaded with "
		                              "--judgements)")
		            : (e[0] == e[1] ? "(apart when the inputs are loaded with "
		                              "--judgements)"
		                            : "(two entities; the judgement keeps them so)"));
	}
out:
	cg_strbuf_free(&line);
	return rc;
}

static int side_json(const cg_graph *g, cg_eid e, cg_strbuf *sb)
{
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;
	int first = 1;
	int rc = cg_strbuf_puts(sb, "{\"id\":") || cg_json_put_string(sb, cg_entity_id(g, e)) ||
	         cg_strbuf_puts(sb, ",\"type\":") ||
	         cg_json_put_string(sb, cg_entity_type_name(g, e)) ||
	         cg_strbuf_puts(sb, ",\"name\":") || cg_json_put_string(sb, cg_entity_name(g, e)) ||
	         cg_strbuf_puts(sb, ",\"records\":[");
	while (!rc && cg_iter_next_prov(g, &it, &p)) {
		rc = (!first && cg_strbuf_putc(sb, ',')) || cg_strbuf_puts(sb, "{\"file\":") ||
		     cg_json_put_string(sb, p.file) ||
		     cg_strbuf_printf(sb, ",\"line\":%ld,\"case\":", p.line) ||
		     cg_json_put_string(sb, p.case_name) || cg_strbuf_putc(sb, '}');
		first = 0;
	}
	return rc || cg_strbuf_puts(sb, "]}") ? CG_ENOMEM : 0;
}

static int cand_json(const cg_graph *g, const cg_candidate *c, cg_strbuf *sb)
{
	int rc = cg_strbuf_printf(sb, "{\"score\":%.3f,\"ruled_out\":%s,\"a\":", c->score,
	                          c->ruled_out ? "true" : "false") ||
	         side_json(g, c->a, sb) || cg_strbuf_puts(sb, ",\"b\":") ||
	         side_json(g, c->b, sb) ||
	         cg_strbuf_printf(sb,
	                          ",\"features\":{\"name\":%.3f,\"token_set\":%.3f,"
	                          "\"jaro_winkler\":%.3f,\"shared\":%zu,\"flags\":[",
	                          c->f.name, c->f.token_set, c->f.jaro_winkler, c->f.shared);
	int first = 1;
	for (int k = 0; k < CG_CF_COUNT && !rc; k++)
		if (c->f.flags & (1u << k)) {
			rc = (!first && cg_strbuf_putc(sb, ',')) ||
			     cg_json_put_string(sb, cg_cand_feature_to_string((cg_cand_feature)k));
			first = 0;
		}
	rc = rc || cg_strbuf_puts(sb, "],\"shared_ids\":[");
	for (size_t i = 0; i < c->f.shared && i < CG_CAND_MAX_SHARED && !rc; i++)
		rc = (i && cg_strbuf_putc(sb, ',')) ||
		     cg_json_put_string(sb, cg_entity_id(g, c->f.shared_ids[i]));
	return rc || cg_strbuf_puts(sb, "]},\"reason\":") ||
	               cg_json_put_string(sb, c->reason ? c->reason : "") || cg_strbuf_putc(sb, '}')
	           ? CG_ENOMEM
	           : 0;
}

static void side_text(const cg_graph *g, const char *tag, cg_eid e)
{
	cg_iter it = cg_entity_provs(g, e);
	cg_prov p;
	size_t n = 0;
	printf("      %s %s  \"%s\"\n", tag, cli_text(cg_entity_id(g, e)),
	       cli_text(cg_entity_name(g, e)));
	while (cg_iter_next_prov(g, &it, &p))
		if (n++ < CITES_SHOWN)
			printf("         %s:%ld  case %s\n", cli_text(p.file), p.line,
			       cli_text(p.case_name));
	if (n > CITES_SHOWN)
		printf("         ... and %zu more records\n", n - CITES_SHOWN);
}

static void cand_text(const cg_graph *g, const cg_candidate *c)
{
	printf("%.2f  %s ~ %s\n", c->score, cli_text(cg_entity_id(g, c->a)),
	       cli_text(cg_entity_id(g, c->b)));
	printf("      %s\n", cli_text(c->reason));
	side_text(g, "a:", c->a);
	side_text(g, "b:", c->b);
	for (size_t i = 0; i < c->f.shared && i < CG_CAND_MAX_SHARED; i++)
		printf("      shared: %s\n", cli_text(cg_entity_id(g, c->f.shared_ids[i])));
}

static int print_cands(const cg_graph *g, const cg_candidate *c, size_t n, int json, cg_strbuf *sb)
{
	for (size_t i = 0; i < n; i++) {
		if (!json) {
			cand_text(g, &c[i]);
			continue;
		}
		cg_strbuf_reset(sb);
		if (cand_json(g, &c[i], sb))
			return cli_nomem();
		printf("%s%s", i ? "," : "", sb->buf);
	}
	return 0;
}

/* Leaves out of c[0..*n) the pairs judged names (cli_judgements_pairs),
 * keeping the order of the others. Returns how many it left out. */
static size_t drop_judged(const cg_map64 *judged, cg_candidate *c, size_t *n)
{
	size_t w = 0, dropped = 0;
	uint32_t which;

	for (size_t i = 0; i < *n; i++) {
		cg_eid lo = c[i].a < c[i].b ? c[i].a : c[i].b,
		       hi = c[i].a < c[i].b ? c[i].b : c[i].a;
		if (cg_map64_get(judged, (uint64_t)lo << 32 | hi, &which)) {
			cg_candidate_clear(&c[i]);
			dropped++;
		} else {
			c[w++] = c[i];
		}
	}
	*n = w;
	return dropped;
}

/* Leaves out of res the pairs the --judgements file judged (same: merged
 * already; different: kept apart), then keeps the best limit (0: all).
 * *judged gets how many were left out. 0 or an exit code. */
static int leave_out_judged(const cg_graph *g, cg_candidates *res, size_t limit, size_t *judged)
{
	const cli_judgements *j = cli_judgements_loaded();
	cg_map64 pairs = {0};

	*judged = 0;
	if (!j)
		return 0;
	if (cli_judgements_pairs(j, g, &pairs)) {
		cg_map64_free(&pairs);
		return cli_nomem();
	}
	*judged = drop_judged(&pairs, res->items, &res->n) +
	          drop_judged(&pairs, res->ruled_out, &res->n_ruled_out);
	cg_map64_free(&pairs);
	if (limit && res->n > limit) {
		for (size_t i = limit; i < res->n; i++)
			cg_candidate_clear(&res->items[i]);
		res->n = limit;
	}
	return 0;
}

/* merges --candidates: the pairs, best first, but those judged; with
 * --explain the pairs a conflict ruled out. */
static int merges_candidates(const cli_opts *o, const cand_cli *cc, const cg_graph *g)
{
	cg_cand_opts co = CG_CAND_OPTS_INIT;
	cg_candidates *res = NULL;
	cg_strbuf sb = CG_STRBUF_INIT;
	cg_error err;
	size_t judged = 0;
	int rc;

	if (cc->min_score) {
		char *end;
		double v = strtod(cc->min_score, &end);
		if (!*cc->min_score || *end || !(v >= 0 && v <= 1)) {
			fprintf(
			    stderr,
			    "casegraph merges: --min-score wants a number from 0 to 1, not '%s'\n",
			    cli_text(cc->min_score));
			return EXIT_USAGE;
		}
		co.min_score = v > 0 ? v : 1e-9;
	}
	/* with judgements, the limit applies once the judged pairs are left out */
	co.limit = cli_judgements_loaded() ? 0 : (size_t)cc->limit;
	co.explain = cc->explain;
	if (cg_candidates_compute(g, &co, &res, &err))
		return cli_fail(&err);
	if ((rc = leave_out_judged(g, res, (size_t)cc->limit, &judged))) {
		cg_candidates_free(res);
		return rc;
	}
	if (o->json) {
		fputs("{\"candidates\":[", stdout);
		rc = print_cands(g, res->items, res->n, 1, &sb);
		if (!rc && cc->explain) {
			fputs("],\"ruled_out\":[", stdout);
			rc = print_cands(g, res->ruled_out, res->n_ruled_out, 1, &sb);
		}
		if (!rc)
			printf("],\"count\":%zu,\"min_score\":%.3f,\"entities\":%zu,\"compared\":%"
			       "zu,\"judged\":%zu}\n",
			       res->n, co.min_score > 0 ? co.min_score : CG_DEFAULT_MIN_SCORE,
			       res->entities, res->compared, judged);
	} else {
		rc = print_cands(g, res->items, res->n, 0, &sb);
		if (!rc && cc->explain && res->n_ruled_out) {
			printf("%sruled out (their names alone would pass):\n", res->n ? "\n" : "");
			rc = print_cands(g, res->ruled_out, res->n_ruled_out, 0, &sb);
		}
		const char *sep = res->n || res->n_ruled_out ? "\n" : "";
		if (!rc && cc->explain && o->judgements) {
			printf("%s%zu judged pair%s left out (--judgements %s: same, merged "
			       "already; different, kept apart)\n",
			       sep, judged, judged == 1 ? "" : "s", cli_text(o->judgements));
			sep = "";
		}
		if (!rc)
			printf("%s%zu candidate pair%s at score %.2f or more (%zu entities, %zu "
			       "pairs compared); none is merged: review them\n",
			       sep, res->n, res->n == 1 ? "" : "s",
			       co.min_score > 0 ? co.min_score : CG_DEFAULT_MIN_SCORE,
			       res->entities, res->compared);
	}
	cg_strbuf_free(&sb);
	cg_candidates_free(res);
	return rc;
}

int cmd_merges(int argc, char **argv)
{
	cli_opts o;
	cg_graph *g = NULL;
	cg_import_stats st;
	cg_strbuf sb = CG_STRBUF_INIT;
	const char *cases[256];
	size_t merged = 0, cross = 0, name_only = 0;
	judge_args ja;
	cand_cli cc = {0, 0, NULL, 0};
	const cli_opt opts[] = {
	    CLI_FLAG("--candidates", &cc.on),
	    CLI_STRING("--min-score", &cc.min_score),
	    CLI_NUMBER("--limit", &cc.limit, 1, 100000000),
	    CLI_FLAG("--explain", &cc.explain),
	};
	int done, rc;

	memset(&o, 0, sizeof o);
	if ((rc = judge_parse(&argc, argv, &ja)) ||
	    (rc = cli_take_opts("merges", opts, sizeof opts / sizeof *opts, &argc, argv)))
		return rc;
	rc = cli_parse(&cli_commands[2], argc, argv, &o, &done);
	if (done && cli_commands[2].help)
		printf("\n%s", cli_commands[2].help);
	if (rc || done)
		goto out;
	if ((rc = cli_load(&o, &g, &st)))
		goto out;
	if (ja.accept[0] || ja.reject[0]) {
		rc = judge_write(&o, g, &ja);
		goto out;
	}
	if (cc.on) {
		rc = merges_candidates(&o, &cc, g);
		goto out;
	}
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
			if (p.via && strncmp(p.via, "judged at ", 10) == 0)
				printf("  %s", cli_text(p.via)); /* a same judgement */
			else if (p.via)
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
