/* The options of the commands that analyse a graph (clusters, brokers,
 * shared, path, network, money, render, report, export): the view (types,
 * context types, too-common values, exclusions), seeds, tops and limits.
 * an_start parses them and the input options, and loads the inputs. */
#include "cli.h"

#include "cg_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static const char analysis_help[] =
    "analysis options:\n"
    "  --types T1,T2       only these entity types\n"
    "  --include-type T    add a context type (country, sector, course_of_action, report,\n"
    "                      x_mitre_*); repeatable or T1,T2\n"
    "  --max-cases N       entities in more cases are too common to connect them (20; 0: no "
    "limit)\n"
    "  --max-name-cases N  entities known by a name alone, in more cases, too (10; 0: no "
    "limit)\n"
    "  --within DAYS       shared: two cases share an entity only when they saw it within\n"
    "                      DAYS of each other (their time spans; docs/ANALYSIS.md)\n"
    "  --exclude FILE      values never to correlate on: one per line, exact, with % "
    "wildcards,\n"
    "                      or CIDR ranges (docs/ANALYSIS.md)\n"
    "  --warninglists DIR  MISP warninglists (DIR/lists/*/list.json) of values never to\n"
    "                      correlate on; repeatable; also CASEGRAPH_WARNINGLISTS=DIR:DIR\n"
    "  --no-default-exclusions\n"
    "                      correlate on reserved addresses and names (example, test ...)\n"
    "                      and empty-file hashes too\n"
    "  --all-excluded      list every excluded entity (text output; past 20 they are\n"
    "                      counted by list, with three of each; --json lists all)\n"
    "  --seed N            seed of the randomised steps (42)\n"
    "  --top N             rows shown\n"
    "  --timing            each stage's time and the peak memory so far, on stderr\n";

const char *an_help_text(void)
{
	return analysis_help;
}

static int split_list(char *buf, const char **out, size_t max, size_t *n)
{
	for (char *p = buf; p && *p;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		while (*p == ' ')
			p++;
		if (*p) {
			if (*n >= max)
				return -1;
			out[(*n)++] = p;
		}
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

void an_free(an_opts *a)
{
	cg_warninglists_free(a->wl);
	cg_view_cache_free(a->cache);
	free(a->fmts);
	free(a->per_file);
	free(a->types_buf);
	free(a->include_buf);
	free(a->via_buf);
	free(a->seeds_buf);
}

/* Takes the analysis options out of argv (the rest stays for cli_parse).
 * Returns 0 or an exit code. */
int an_parse(const cli_command *cmd, int *argc, char **argv, an_opts *a)
{
	int w = 1;

	memset(a, 0, sizeof *a);
	a->max_cases = CG_DEFAULT_MAX_CASES;
	a->max_name_cases = CG_DEFAULT_MAX_NAME_CASES;
	a->within = -1;
	a->seed = CG_DEFAULT_SEED;
	a->top = -1;
	a->k = 1;
	a->samples = 0;
	a->exact_limit = CG_DEFAULT_EXACT_LIMIT;
	a->resolution = 1.0;
	clock_gettime(CLOCK_MONOTONIC, &a->mark);
	for (int i = 1; i < *argc; i++) {
		const char *o = argv[i];
		const char *val = i + 1 < *argc ? argv[i + 1] : NULL;
		long *num = NULL;
		int takes = 1;
		if (strcmp(o, "--timing") == 0) {
			a->timing = 1;
			continue;
		}
		if (strcmp(o, "--no-default-exclusions") == 0) {
			a->no_default_excl = 1;
			continue;
		}
		if (strcmp(o, "--all-excluded") == 0) {
			a->all_excluded = 1;
			continue;
		}
		if (strcmp(o, "--types") == 0) {
			if (val && cli_list_append(&a->types_buf, val))
				return EXIT_FAILURE_;
		} else if (strcmp(o, "--include-type") == 0) {
			if (val && cli_list_append(&a->include_buf, val))
				return EXIT_FAILURE_;
		} else if (strcmp(o, "--via-types") == 0) {
			if (val && cli_list_append(&a->via_buf, val))
				return EXIT_FAILURE_;
		} else if (strcmp(o, "--seeds") == 0) {
			if (val && cli_list_append(&a->seeds_buf, val))
				return EXIT_FAILURE_;
		} else if (strcmp(o, "--entity") == 0) {
			if (val && a->n_entities >= sizeof a->entities / sizeof *a->entities) {
				fprintf(stderr, "casegraph %s: too many values in a list\n",
				        cmd->name);
				return EXIT_USAGE;
			}
			if (val)
				a->entities[a->n_entities++] = val;
		} else if (strcmp(o, "--exclude") == 0) {
			a->exclude = val;
		} else if (strcmp(o, "--warninglists") == 0) {
			if (val && a->n_wl_dirs >= sizeof a->wl_dirs / sizeof *a->wl_dirs) {
				fprintf(stderr, "casegraph %s: more than %zu --warninglists\n",
				        cmd->name, sizeof a->wl_dirs / sizeof *a->wl_dirs);
				return EXIT_USAGE;
			}
			if (val)
				a->wl_dirs[a->n_wl_dirs++] = val;
		} else if (strcmp(o, "--method") == 0) {
			a->method = val;
		} else if (strcmp(o, "--by") == 0) {
			a->by = val;
		} else if (strcmp(o, "--from") == 0) {
			a->from = val;
		} else if (strcmp(o, "--to") == 0) {
			a->to = val;
		} else if (strcmp(o, "--max-cases") == 0) {
			num = &a->max_cases;
		} else if (strcmp(o, "--max-name-cases") == 0) {
			num = &a->max_name_cases;
		} else if (strcmp(o, "--within") == 0) {
			num = &a->within;
		} else if (strcmp(o, "--seed") == 0) {
			num = &a->seed;
		} else if (strcmp(o, "--top") == 0) {
			num = &a->top;
		} else if (strcmp(o, "-k") == 0) {
			num = &a->k;
		} else if (strcmp(o, "--samples") == 0) {
			num = &a->samples;
		} else if (strcmp(o, "--max-paths") == 0) {
			num = &a->max_paths;
		} else if (strcmp(o, "--exact-limit") == 0) {
			num = &a->exact_limit;
		} else if (strcmp(o, "--resolution") == 0) {
			char *end;
			if (val) {
				a->resolution = strtod(val, &end);
				if (*end || end == val || !(a->resolution > 0) ||
				    a->resolution > 1e6) {
					fprintf(
					    stderr,
					    "casegraph %s: --resolution needs a positive number\n",
					    cmd->name);
					return EXIT_USAGE;
				}
			}
		} else {
			takes = 0;
		}
		if (!takes) {
			argv[w++] = argv[i];
			continue;
		}
		if (!val) {
			fprintf(stderr, "casegraph %s: option %s needs a value\n", cmd->name, o);
			return EXIT_USAGE;
		}
		if (num && cg_parse_long(val, strlen(val), 0, 1L << 40, num, NULL)) {
			fprintf(stderr, "casegraph %s: %s needs a number, not '%s'\n", cmd->name, o,
			        val);
			return EXIT_USAGE;
		}
		i++;
	}
	*argc = w;
	argv[w] = NULL;
	if (split_list(a->types_buf, a->types, 64, &a->n_types) ||
	    split_list(a->include_buf, a->include, 64, &a->n_include) ||
	    split_list(a->via_buf, a->via, 64, &a->n_via) ||
	    split_list(a->seeds_buf, a->seeds, 256, &a->n_seeds)) {
		fprintf(stderr, "casegraph %s: too many values in a list\n", cmd->name);
		return EXIT_USAGE;
	}
	/* --entity values, whole, after the --seeds list */
	for (size_t i = 0; i < a->n_entities; i++) {
		if (a->n_seeds >= sizeof a->seeds / sizeof *a->seeds) {
			fprintf(stderr, "casegraph %s: too many values in a list\n", cmd->name);
			return EXIT_USAGE;
		}
		a->seeds[a->n_seeds++] = a->entities[i];
	}
	return 0;
}

void view_opts_of(const an_opts *a, cg_view_opts *v)
{
	v->types = a->n_types ? a->types : NULL;
	v->n_types = a->n_types;
	v->include_types = a->include;
	v->n_include_types = a->n_include;
	v->max_cases = (size_t)a->max_cases;
	v->max_name_cases = (size_t)a->max_name_cases;
	v->exclude_path = a->exclude;
	v->cache = a->cache;
	v->warninglists = a->wl;
}

static void print_wl_note(void *ctx, const cg_error *d)
{
	char buf[1200];

	(void)ctx;
	cli_status_clear();
	cg_error_format(d, buf, sizeof buf);
	fprintf(stderr, "note: %s\n", buf);
}

/* Loads the built-in default (unless --no-default-exclusions), then the
 * CASEGRAPH_WARNINGLISTS folders, then the --warninglists ones, into a->wl.
 * Notes (lists skipped, values left out) go to stderr, --quiet or not:
 * nothing is left out silently. Returns 0 or an exit code. */
static int load_warninglists(an_opts *a)
{
	const char *env = getenv("CASEGRAPH_WARNINGLISTS");
	char *envbuf = NULL;
	cg_error err;
	int rc = 0;

	if (a->no_default_excl && !a->n_wl_dirs && (!env || !*env))
		return 0;
	if (!(a->wl = cg_warninglists_new()))
		return cli_nomem();
	if (!a->no_default_excl && cg_warninglists_add_default(a->wl, &err))
		return cli_fail(&err);
	if (env && *env && !(envbuf = strdup(env)))
		return cli_nomem();
	for (char *p = envbuf, *next; p; p = next) {
		next = strchr(p, ':');
		if (next)
			*next++ = '\0';
		if (*p && (rc = cg_warninglists_load(a->wl, p, print_wl_note, NULL, &err))) {
			rc = cli_fail(&err);
			goto out;
		}
	}
	for (size_t i = 0; i < a->n_wl_dirs; i++)
		if ((rc = cg_warninglists_load(a->wl, a->wl_dirs[i], print_wl_note, NULL, &err))) {
			rc = cli_fail(&err);
			goto out;
		}
out:
	free(envbuf);
	return rc;
}

/* Parses both option sets and loads the inputs. Returns 0 with *g set, or
 * an exit code (*done set when help was printed). */
int an_start(const char *name, int argc, char **argv, cli_opts *o, an_opts *a, cg_graph **g,
             int *done)
{
	const cli_command *cmd = cli_command_named(name);
	int rc;

	*g = NULL;
	*done = 0;
	memset(o, 0, sizeof *o);
	if ((rc = an_parse(cmd, &argc, argv, a)))
		return rc;
	rc = cli_parse(cmd, argc, argv, o, done);
	if (*done) {
		if (cmd->help)
			printf("\n%s", cmd->help);
		printf("\n%s", analysis_help);
		return rc;
	}
	if (rc)
		return rc;
	o->quiet = o->quiet || o->json;
	a->progress = !o->quiet && isatty(STDERR_FILENO);
	if ((rc = load_warninglists(a)))
		return rc;
	an_stage(a, "loading the inputs");
	a->fmts = calloc(o->n_inputs + 1, sizeof *a->fmts);
	a->per_file = calloc(o->n_inputs + 1, sizeof *a->per_file);
	/* analyses with the same view options (analyze, report, export) build
	 * the view once */
	a->cache = cg_view_cache_new();
	if (!a->fmts || !a->per_file || !a->cache)
		return cli_nomem();
	rc = cli_load_ex(o, g, &a->total, a->fmts, a->per_file);
	an_stage(a, NULL);
	return rc;
}

void an_stage(an_opts *a, const char *next)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (a->timing && a->stage) {
		struct rusage ru;
		double s =
		    (double)(now.tv_sec - a->mark.tv_sec) + (now.tv_nsec - a->mark.tv_nsec) / 1e9;
		getrusage(RUSAGE_SELF, &ru);
		cli_status_clear();
		fprintf(stderr, "timing: %-28s %8.2f s   peak %6.0f MB\n", a->stage, s,
		        ru.ru_maxrss / 1024.0);
	}
	if (a->progress) {
		/* a status line on the terminal, replaced by the next stage's */
		char line[160];
		cli_status_clear();
		if (next) {
			snprintf(line, sizeof line, "%s ...", next);
			cli_status(line);
		}
	}
	a->stage = next;
	a->mark = now;
}
