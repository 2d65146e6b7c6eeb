/* Loading the inputs (cli_load): the gazetteers and reference lists aside,
 * the judgements, the inputs (through --mapping when given), screening;
 * rejected rows and the progress of a long read on stderr. */
#include "cli.h"

#include "cg_mapping.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* merges --accept and --reject create a missing --judgements file
 * (cli_judgements_allow_missing). */
static int judgements_missing_ok;

void cli_judgements_allow_missing(void)
{
	judgements_missing_ok = 1;
}

/* The judgements the last cli_load applied, kept for merges --candidates
 * (cli_judgements_loaded) until cli_opts_free. */
static cli_judgements *loaded_judgements;

const cli_judgements *cli_judgements_loaded(void)
{
	return loaded_judgements;
}

void cli_judgements_forget(void)
{
	cli_judgements_free(loaded_judgements);
	loaded_judgements = NULL;
}

typedef struct diag_state {
	long printed, suppressed, max;
} diag_state;

/* ---- progress on a terminal ---- */

/* The status line: what is being read, how far, how fast. Shown on stderr
 * when it is a terminal and the command is not quiet, at most four times a
 * second, and erased before any other message. */
typedef struct progress_state {
	const char *path;      /* the file being read */
	struct timespec start; /* when its reading began */
	struct timespec shown; /* when the line was last drawn */
} progress_state;

static progress_state progress;

static double seconds_since(const struct timespec *t, const struct timespec *now)
{
	return (double)(now->tv_sec - t->tv_sec) + (now->tv_nsec - t->tv_nsec) / 1e9;
}

/* Seconds between two drawings: 0.25, or $CG_PROGRESS_INTERVAL (the tests
 * set 0 to see a line on a small file); read once. */
static double progress_interval(void)
{
	static double interval = -1;

	if (interval < 0) {
		const char *e = getenv("CG_PROGRESS_INTERVAL");
		char *end;
		double v = e ? strtod(e, &end) : 0.25;
		interval = e && (*end || end == e || v < 0) ? 0.25 : v;
	}
	return interval;
}

static void show_progress(void *ctx, const char *path, uint64_t done, uint64_t total)
{
	struct timespec now;
	const char *base = strrchr(path, '/');

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (progress.path != path) {
		progress.path = path;
		progress.start = now;
		progress.shown = now;
		return; /* nothing worth drawing yet */
	}
	if (seconds_since(&progress.shown, &now) < progress_interval())
		return;
	progress.shown = now;
	double el = seconds_since(&progress.start, &now), mb = (double)done / 1048576.0;
	char line[1400], rate[80] = "";
	if (total)
		snprintf(rate, sizeof rate, "  %3.0f%% of %.0f MB",
		         100.0 * (double)done / (double)total, (double)total / 1048576.0);
	else
		snprintf(rate, sizeof rate, "  %.0f MB", mb);
	/* a name is at most 255 bytes, four times that escaped */
	snprintf(line, sizeof line, "reading %s%s", cli_text(base ? base + 1 : path), rate);
	if (el > 0)
		snprintf(line + strlen(line), sizeof line - strlen(line), ", %.1f MB/s", mb / el);
	cli_status(line);
}

static void print_diag(void *ctx, const cg_error *d)
{
	diag_state *s = ctx;
	char buf[1200];

	cli_status_clear();
	cg_error_format(d, buf, sizeof buf);
	if (d->code == CG_OK) {
		/* a note (what an importer skipped on purpose), not a rejection */
		fprintf(stderr, "note: %s\n", buf);
		return;
	}
	if (s->printed >= s->max) {
		s->suppressed++;
		return;
	}
	s->printed++;
	fprintf(stderr, "%s\n", buf);
}

/* Loads paths[0..n) into a graph of their own, quietly (their rows are
 * reference data; their rejections are still printed), through mapping
 * (NULL: none). --mapping, --judgements, gazetteers and references are the
 * inputs' own and do not apply. */
static int load_aside(const cli_opts *o, const char **paths, size_t n, const char *mapping,
                      cg_graph **out)
{
	cli_opts ao = *o;
	cg_import_stats st;

	ao.inputs = paths;
	ao.n_inputs = n;
	ao.n_gazetteers = 0;
	ao.n_references = 0;
	ao.expanded = 0;
	ao.dry_run = 0;
	ao.quiet = 1;
	ao.format = NULL;
	ao.case_name = NULL;
	ao.mapping = mapping;
	ao.judgements = NULL;
	ao.aside = 1;
	return cli_load(&ao, out, &st);
}

/* The --gazetteer files in their own graph. */
static int load_gazetteer(const cli_opts *o, cg_graph **out)
{
	return load_aside(o, o->gazetteers, o->n_gazetteers, NULL, out);
}

/* The mapping file --reference-mapping names: a file, or a preset's name
 * ("ofac-sdn") looked up in the installed presets and next to the binary
 * (a build tree's ../mappings). NULL when there is none. */
static const char *reference_mapping(const char *m, char *buf, size_t size)
{
	char exe[4096];
	ssize_t n;
	struct stat sb;

	if (strchr(m, '/') || stat(m, &sb) == 0)
		return m;
	snprintf(buf, size, "%s/casegraph/mappings/%s.json", CG_DATADIR, m);
	if (stat(buf, &sb) == 0)
		return buf;
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, size, "%s/../mappings/%s.json", exe, m);
			if (stat(buf, &sb) == 0)
				return buf;
		}
	}
	return NULL;
}

/* Loads the --reference files into their own graph, through
 * --reference-mapping when given (quietly, like a gazetteer). */
static int load_references(const cli_opts *o, cg_graph **out)
{
	char buf[4096 + 64];
	const char *rm = NULL;

	if (o->reference_mapping &&
	    !(rm = reference_mapping(o->reference_mapping, buf, sizeof buf))) {
		fprintf(stderr,
		        "casegraph: --reference-mapping %s: no such file, and no preset of that "
		        "name (ofac-sdn, icij-offshore-leaks)\n",
		        cli_text(o->reference_mapping));
		return EXIT_USAGE;
	}
	return load_aside(o, o->references, o->n_references, rm, out);
}

/* Screens g against the reference graph ref (cg_screen_apply) and says
 * what it found on stderr. */
static int screen_inputs(const cli_opts *o, cg_graph *g, const cg_graph *ref)
{
	cg_screen_opts so = CG_SCREEN_OPTS_INIT;
	cg_screen *res = NULL;
	cg_error err;
	int rc;

	so.depth = o->reference_depth;
	so.min_score = o->min_score;
	cg_error_clear(&err);
	if ((rc = cg_screen_apply(g, ref, &so, &res, &err)))
		return rc == CG_ENOMEM ? cli_nomem() : cli_fail(&err);
	if (!o->quiet && o->screen_note) {
		size_t entities = 0;
		unsigned char *seen = calloc(cg_graph_entity_count(g) + 1, 1);
		if (!seen) {
			cg_screen_free(res);
			return cli_nomem();
		}
		for (size_t i = 0; i < res->n_hits; i++)
			if (!seen[res->hits[i].entity]) {
				seen[res->hits[i].entity] = 1;
				entities++;
			}
		free(seen);
		fprintf(stderr, "screening: %zu of %zu reference entries match %zu entit%s",
		        res->n_hits, res->n_reference, entities, entities == 1 ? "y" : "ies");
		if (o->reference_depth)
			fprintf(stderr,
			        "; their links in the list brought in %zu entit%s and %zu link%s",
			        res->entities_added, res->entities_added == 1 ? "y" : "ies",
			        res->links_added, res->links_added == 1 ? "" : "s");
		fputc('\n', stderr);
	}
	cg_screen_free(res);
	return EXIT_OK;
}

/* With --mapping: the CSV inputs (those that are not JSON or reports) are
 * read through the mapping, after the others. fmts and per_file are filled
 * in the order of the inputs. Files of a folder listed with a reason to
 * skip them are not read: a note says so (as cg_import_list does). */
static int load_mapped(cg_import *imp, const cli_opts *o, diag_state *ds, cg_format *fmts,
                       cg_import_stats *per_file, cg_error *err)
{
	size_t n = o->n_inputs, np = 0, nc = 0;
	const char **plain = calloc(n, sizeof *plain), **csv = calloc(n, sizeof *csv);
	size_t *pi = calloc(n, sizeof *pi), *ci = calloc(n, sizeof *ci);
	cg_format *pf = calloc(n, sizeof *pf);
	cg_import_stats *ps = calloc(n, sizeof *ps), *cs = calloc(n, sizeof *cs);
	int rc = 0;

	if (!plain || !csv || !pi || !ci || !pf || !ps || !cs) {
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		cg_format f = CG_FMT_UNKNOWN;
		cg_error derr;
		int drc;
		if (o->expanded && o->list.skip[i]) {
			cg_error_set(&derr, CG_OK, o->inputs[i], 0, 0, "%s", o->list.skip[i]);
			print_diag(ds, &derr);
			continue;
		}
		drc = cg_import_detect(o->inputs[i], &f, &derr);
		if (drc && drc != CG_EFORMAT) {
			*err = derr;
			rc = drc;
		} else if (f == CG_FMT_UNKNOWN || f == CG_FMT_NODES_CSV || f == CG_FMT_LINKS_CSV) {
			ci[nc] = i;
			csv[nc++] = o->inputs[i];
		} else {
			pi[np] = i;
			plain[np++] = o->inputs[i];
		}
	}
	if (!rc && !nc)
		rc = cg_error_set(err, CG_EINVAL, o->mapping, 0, 0,
		                  "--mapping given, but no CSV input to read through it");
	if (!rc && np)
		rc = cg_import_files(imp, plain, np, pf, ps, err);
	if (!rc && nc)
		rc = cg_import_mapping_apply(imp, o->mapping, csv, nc, cs, err);
	for (size_t i = 0; !rc && i < np; i++) {
		fmts[pi[i]] = pf[i];
		per_file[pi[i]] = ps[i];
	}
	for (size_t i = 0; !rc && i < nc; i++) {
		fmts[ci[i]] = CG_FMT_MAPPING;
		per_file[ci[i]] = cs[i];
	}
out:
	free(plain);
	free(csv);
	free(pi);
	free(ci);
	free(pf);
	free(ps);
	free(cs);
	return rc;
}

/* Reads --judgements and makes g consult them (cli/judgements.c). 0, or an
 * exit code after printing why. */
static int load_judgements(const cli_opts *o, cg_graph *g, diag_state *ds, cli_judgements **j)
{
	cg_error err;
	size_t kept, bad;

	cg_error_clear(&err);
	if (cli_judgements_read(o->judgements, judgements_missing_ok, o->strict, print_diag, ds, j,
	                        &kept, &bad, &err))
		return cli_fail(&err);
	if (!o->quiet)
		fprintf(stderr, "%s: %zu judgements, %zu rejected\n", cli_text(o->judgements), kept,
		        bad);
	cli_judgements_attach(*j, g);
	return 0;
}

int cli_load(const cli_opts *o, cg_graph **g_out, cg_import_stats *total)
{
	return cli_load_ex(o, g_out, total, NULL, NULL);
}

int cli_load_ex(const cli_opts *o, cg_graph **g_out, cg_import_stats *total, cg_format *fmts_out,
                cg_import_stats *per_file_out)
{
	cg_import_opts io = CG_IMPORT_OPTS_INIT;
	diag_state ds = {0, 0, o->max_errors};
	cg_graph *g = cg_graph_new();
	cg_import *imp = NULL;
	cg_error err;
	int rc = EXIT_OK;
	cg_format *fmts = NULL;
	cg_graph *gaz = NULL, *ref = NULL;
	cg_import_stats *per_file = NULL;
	cli_judgements *jud = NULL;
	int irc;

	memset(total, 0, sizeof *total);
	cg_error_clear(&err);
	if (!g)
		goto nomem;
	io.case_name = o->case_name;
	io.format = o->format ? cg_format_from_string(o->format) : CG_FMT_UNKNOWN;
	if (o->node_type)
		io.node_type = o->node_type;
	io.strict = o->strict;
	if (o->max_field)
		io.max_field = o->max_field;
	if (o->max_record)
		io.max_record = o->max_record;
	if (o->max_columns)
		io.max_columns = o->max_columns;
	io.diag = print_diag;
	io.diag_ctx = &ds;
	io.max_rows = o->dry_run ? CLI_DRY_RUN_ROWS : 0;
	io.min_confidence = o->min_confidence;
	if (!o->quiet && isatty(STDERR_FILENO))
		io.progress = show_progress;
	if (o->n_references && (rc = load_references(o, &ref)))
		goto out;
	if (o->n_gazetteers) {
		if ((rc = load_gazetteer(o, &gaz)))
			goto out;
		/* reports look for the listed names too */
		if (ref && (irc = cg_screen_copy_entities(gaz, ref, &err))) {
			rc = cli_nomem();
			goto out;
		}
		io.gazetteer = gaz;
	} else if (ref) {
		io.gazetteer = ref;
	}
	if (o->judgements && (rc = load_judgements(o, g, &ds, &jud)))
		goto out;
	imp = cg_import_new(g, &io);
	fmts = calloc(o->n_inputs, sizeof *fmts);
	per_file = calloc(o->n_inputs, sizeof *per_file);
	if (!imp || !fmts || !per_file)
		goto nomem;
	if ((irc = o->mapping ? load_mapped(imp, o, &ds, fmts, per_file, &err)
	           : o->expanded
	               ? cg_import_list(imp, &o->list, fmts, per_file, &err)
	               : cg_import_files(imp, o->inputs, o->n_inputs, fmts, per_file, &err))) {
		cli_status_clear();
		if (ds.suppressed)
			fprintf(stderr, "casegraph: %ld more rejected rows not shown\n",
			        ds.suppressed);
		/* a failure is never success, whatever err says */
		if (irc == CG_ENOMEM || !err.code) {
			cg_error why = err;
			cg_error_set(&err, irc, why.file, why.line, 0, "%s",
			             irc == CG_ENOMEM ? "out of memory" : "import failed");
		}
		rc = cli_fail(&err);
		goto out;
	}
	cli_status_clear();
	for (size_t i = 0; i < o->n_inputs; i++) {
		const cg_import_stats *st = &per_file[i];
		/* a file of a folder that was not read: a note said so */
		int skipped = o->expanded &&
		              (o->mapping ? o->list.skip[i] != NULL : fmts[i] == CG_FMT_UNKNOWN);
		if (!o->quiet && !skipped) {
			fprintf(stderr, "%s: %s, %zu rows read, %zu imported, %zu rejected",
			        cli_text(o->inputs[i]), cg_format_to_string(fmts[i]), st->read,
			        st->imported, st->rejected);
			if (st->skipped)
				fprintf(stderr, ", %zu skipped", st->skipped);
			fputc('\n', stderr);
		}
		cg_import_stats_add(total, st);
	}
	if (ds.suppressed)
		fprintf(stderr, "casegraph: %ld more rejected rows not shown (--max-errors)\n",
		        ds.suppressed);
	if (!o->quiet && o->n_inputs > 1)
		fprintf(stderr, "total: %zu rows read, %zu imported, %zu rejected\n", total->read,
		        total->imported, total->rejected);
	if (ref && (rc = screen_inputs(o, g, ref)))
		goto out;
	if (fmts_out)
		memcpy(fmts_out, fmts, o->n_inputs * sizeof *fmts);
	if (per_file_out)
		memcpy(per_file_out, per_file, o->n_inputs * sizeof *per_file);
	cli_judgements_attach(NULL, g);
	/* every input is in: what only adding needs goes (a sixth of the graph);
	 * a side graph may still take a list's entries (cg_screen_copy_entities) */
	if (!o->aside)
		cg_graph_seal(g);
	if (jud) {
		cli_judgements_forget();
		loaded_judgements = jud;
		jud = NULL;
	}
	*g_out = g;
	g = NULL;
	goto out;
nomem:
	rc = cli_nomem();
out:
	free(fmts);
	free(per_file);
	cg_import_free(imp);
	cg_graph_free(gaz);
	cg_graph_free(ref);
	cg_graph_free(g);
	cli_judgements_free(jud);
	return rc;
}
