#include "cli.h"

#include "cg_parse.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char input_help[] =
    "input options:\n"
    "  --case NAME        case of rows without a case column (default: the file's directory)\n"
    "  --format FMT       nodes, links, jsonl, mapping, ftm, stix, misp or report\n"
    "                     (default: detected from the content)\n"
    "  --judgements FILE  analyst judgements (same A B, different A B) applied while\n"
    "                     loading (docs/MODEL.md)\n"
    "  --gazetteer FILE   known entities (any input format) whose names are looked for in\n"
    "                     reports; repeatable\n"
    "  --min-confidence C ties read from report prose: high (a typed cue), medium (one\n"
    "                     sentence; the default) or low (one paragraph)\n"
    "  --mapping FILE     read the CSV inputs through this mapping instead of the files it\n"
    "                     names (docs/MAPPING.md; presets in mappings/)\n"
    "  --reference FILE   a reference list (sanctions list, watchlist; any input format)\n"
    "                     the inputs are screened against: only its entries that match\n"
    "                     an entity of the inputs join the graph, as cited evidence;\n"
    "                     repeatable (docs/ANALYSIS.md, Screening)\n"
    "  --reference-mapping M  read the CSV references through mapping M (a file, or a\n"
    "                     preset name: ofac-sdn, icij-offshore-leaks)\n"
    "  --reference-depth N  1: also bring in the list's own links of a matched entry\n"
    "                     (default 0)\n"
    "  --min-score S      screening matches scoring less are not taken (0 to 1; key 1.0,\n"
    "                     name 0.9, alias 0.85, reordered name 0.8; default 0)\n"
    "  --node-type TYPE   type of the nodes an edge list creates (default: unknown)\n"
    "  --strict           fail (exit 3) at the first rejected row\n"
    "  --max-errors N     rejected rows printed before only counting them (default 100)\n"
    "  --max-field BYTES  longest CSV field accepted (default 1048576)\n"
    "  --max-record BYTES longest CSV row, JSON Lines line, STIX object or MISP attribute\n"
    "                     accepted (default 16777216)\n"
    "  --max-columns N    most fields in one CSV row (default 4096)\n"
    "  -q, --quiet        no per-file summary on stderr\n"
    "  --json             machine-readable output\n"
    "  -h, --help         this help\n";

int cli_exit_code(int code)
{
	switch (code) {
	case 0:
		return EXIT_OK;
	case CG_EPARSE:
	case CG_EFORMAT:
	case CG_EREJECT:
	case CG_ELIMIT:
	case CG_ENOTFOUND:
		return EXIT_BADINPUT;
	case CG_EINVAL:
		return EXIT_USAGE;
	default:
		return EXIT_FAILURE_;
	}
}

int cli_fail(const cg_error *err)
{
	char buf[1200];
	cg_error_format(err, buf, sizeof buf);
	fprintf(stderr, "casegraph: %s\n", buf);
	/* an error without a code is still an error */
	return err->code ? cli_exit_code(err->code) : EXIT_FAILURE_;
}

int cli_nomem(void)
{
	fprintf(stderr, "casegraph: out of memory\n");
	return EXIT_FAILURE_;
}

static int need_arg(const char *opt, int i, int argc)
{
	if (i + 1 >= argc) {
		fprintf(stderr, "casegraph: option %s needs a value\n", opt);
		return 0;
	}
	return 1;
}

/* The files the command will write beyond import's -o (cli_will_write),
 * checked and forgotten by cli_parse. */
static char **outputs;
static size_t n_outputs, cap_outputs;

int cli_will_write(const char *dir, const char *name)
{
	size_t len = (dir ? strlen(dir) + 1 : 0) + strlen(name) + 1;
	char *path;

	if (!dir && strcmp(name, "-") == 0)
		return 0; /* stdout */
	if (n_outputs == cap_outputs) {
		size_t cap = cap_outputs ? 2 * cap_outputs : 16;
		char **grown = realloc(outputs, cap * sizeof *grown);
		if (!grown)
			return cli_nomem();
		outputs = grown;
		cap_outputs = cap;
	}
	if (!(path = malloc(len)))
		return cli_nomem();
	snprintf(path, len, "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
	outputs[n_outputs++] = path;
	return 0;
}

static void forget_outputs(void)
{
	for (size_t i = 0; i < n_outputs; i++)
		free(outputs[i]);
	free(outputs);
	outputs = NULL;
	n_outputs = cap_outputs = 0;
}

/* Whether a and b (stat results) are one file. */
static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The folder given as an input that input i of o was found in, or NULL. */
static const char *folder_of(const cli_opts *o, size_t i)
{
	if (!o->expanded || i >= o->n_inputs || !o->list.in_folder[i])
		return NULL;
	return o->args[o->list.from[i]];
}

/* Refuses (EXIT_USAGE) an output inside a folder given as an input: the
 * next run would read it as an input. Walks up from the output's folder
 * (the nearest that exists) to the root, comparing each with the input
 * folders by device and inode. */
static int output_in_folder(const cli_command *cmd, const cli_opts *o, const char *out)
{
	cg_strbuf p = CG_STRBUF_INIT;
	struct stat here, up, in;
	int rc = 0;

	if (!o->expanded || cg_strbuf_puts(&p, out))
		goto done;
	/* the output's folder as written, or the nearest parent that exists */
	for (;;) {
		char *slash;
		while (p.len > 1 && p.buf[p.len - 1] == '/')
			p.buf[--p.len] = '\0';
		slash = strrchr(p.buf, '/');
		if (!slash) {
			cg_strbuf_reset(&p);
			if (cg_strbuf_puts(&p, ".") || stat(p.buf, &here) != 0)
				goto done;
			break;
		}
		p.len = slash == p.buf ? 1 : (size_t)(slash - p.buf);
		p.buf[p.len] = '\0';
		if (stat(p.buf, &here) == 0)
			break;
		if (p.len == 1 && p.buf[0] == '/')
			goto done;
	}
	for (int step = 0; step < 256 && !rc; step++) {
		for (size_t a = 0; a < o->n_args && !rc; a++)
			if (stat(o->args[a], &in) == 0 && S_ISDIR(in.st_mode) &&
			    in.st_dev == here.st_dev && in.st_ino == here.st_ino) {
				fprintf(
				    stderr,
				    "casegraph %s: the output %s is inside the input folder %s (it "
				    "would be read as an input next time): write it elsewhere\n",
				    cmd->name, cli_text(out), cli_text(o->args[a]));
				rc = EXIT_USAGE;
			}
		if (cg_strbuf_puts(&p, "/..") || stat(p.buf, &up) != 0 ||
		    (up.st_dev == here.st_dev && up.st_ino == here.st_ino))
			break; /* the root */
		here = up;
	}
done:
	cg_strbuf_free(&p);
	return rc;
}

/* Leaves the file path out of the files found in the input folders with
 * the note why (when it exists). */
static void skip_in_folders(cli_opts *o, const char *path, const char *why)
{
	struct stat pb, sb;

	if (!path || stat(path, &pb) != 0)
		return;
	for (size_t i = 0; i < o->list.n; i++)
		if (o->list.in_folder[i] && !o->list.skip[i] && stat(o->list.paths[i], &sb) == 0 &&
		    same_file(&sb, &pb))
			o->list.skip[i] = why;
}

/* Leaves the --judgements file and the --gazetteer files out of the files
 * found in the input folders (a note says so): they are read as what they
 * are, never as an input (a judgements file with a '# ' line would pass
 * for a report; a gazetteer's names would become entities of a case). */
static void skip_aside(cli_opts *o)
{
	skip_in_folders(o, o->judgements,
	                "skipped: the --judgements file is read as judgements, not as an input");
	for (size_t g = 0; g < o->n_gazetteers; g++)
		skip_in_folders(o, o->gazetteers[g],
		                "skipped: the --gazetteer file is read as a gazetteer, not as an "
		                "input");
}

/* Replaces the inputs of o by their files when a folder is among them
 * (cg_import_expand). 0, or an exit code after printing the problem. */
static int expand_inputs(cli_opts *o)
{
	const char **files;
	cg_error err;
	size_t i;
	struct stat sb;

	for (i = 0; i < o->n_inputs; i++)
		if (stat(o->inputs[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			break;
	if (i == o->n_inputs)
		return 0;
	cg_error_clear(&err);
	if (cg_import_expand(o->inputs, o->n_inputs, &o->list, &err))
		return cli_fail(&err);
	if (!(files = malloc((o->list.n ? o->list.n : 1) * sizeof *files))) {
		cg_input_list_free(&o->list);
		return cli_nomem();
	}
	for (i = 0; i < o->list.n; i++)
		files[i] = o->list.paths[i];
	o->args = o->inputs;
	o->n_args = o->n_inputs;
	o->inputs = files;
	o->n_inputs = o->list.n;
	o->expanded = 1;
	skip_aside(o);
	return 0;
}

/* Refuses (EXIT_USAGE) an input named twice, under two names or one, and
 * an output that is the same file as an input, a gazetteer, a reference or
 * the mapping:
 * writing it would replace what is about to be read. Files are compared
 * by device and inode, so ./a.csv, a.csv and a hard link to it are one.
 * Reads nothing. A path that is missing or not a regular file is left to
 * the importer, which refuses it before reading any input and says why
 * (cg_import_detect: "not a regular file", "is a directory"). */
static int check_files(const cli_command *cmd, const cli_opts *o)
{
	size_t n = o->n_inputs + o->n_gazetteers + o->n_references, jud = SIZE_MAX;
	const char **paths = malloc((n + 3) * sizeof *paths),
	           **roles = malloc((n + 3) * sizeof *roles);
	struct stat *sb = malloc((n + 3) * sizeof *sb);
	unsigned char *seen = calloc(n + 3, 1);
	int rc = 0;

	if (!paths || !roles || !sb || !seen) {
		rc = cli_nomem();
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		size_t g = i - o->n_inputs, r = g - o->n_gazetteers;
		paths[i] = i < o->n_inputs       ? o->inputs[i]
		           : g < o->n_gazetteers ? o->gazetteers[g]
		                                 : o->references[r];
		roles[i] = i < o->n_inputs       ? "an input"
		           : g < o->n_gazetteers ? "a --gazetteer"
		                                 : "a --reference";
	}
	if (o->mapping) {
		roles[n] = "the --mapping";
		paths[n++] = o->mapping;
	}
	if (o->judgements) {
		roles[n] = "the --judgements file";
		paths[jud = n++] = o->judgements;
	}
	if (o->reference_mapping) { /* a file, or a preset's name (no such file here) */
		roles[n] = "the --reference-mapping";
		paths[n++] = o->reference_mapping;
	}
	for (size_t i = 0; i < n; i++)
		seen[i] = stat(paths[i], &sb[i]) == 0 && S_ISREG(sb[i].st_mode) &&
		          !(i < o->n_inputs && o->expanded && o->list.skip[i]);
	for (size_t i = 0; i < o->n_inputs && !rc; i++) {
		if (strcmp(paths[i], "-") == 0) {
			fprintf(stderr,
			        "casegraph: -: standard input is not read (casegraph reads its "
			        "inputs twice: save the data to a file first)\n");
			rc = EXIT_USAGE;
		}
		for (size_t j = 0; j < i && !rc && seen[i]; j++)
			if (seen[j] && same_file(&sb[i], &sb[j])) {
				fprintf(stderr,
				        "casegraph %s: %s%s%s%s and %s%s%s%s are the same file: "
				        "name it "
				        "once\n",
				        cmd->name, cli_text(paths[j]),
				        folder_of(o, j) ? " (in the folder " : "",
				        folder_of(o, j) ? cli_text(folder_of(o, j)) : "",
				        folder_of(o, j) ? ")" : "", cli_text(paths[i]),
				        folder_of(o, i) ? " (in the folder " : "",
				        folder_of(o, i) ? cli_text(folder_of(o, i)) : "",
				        folder_of(o, i) ? ")" : "");
				rc = EXIT_USAGE;
			}
	}
	/* a list is screened against the cases, not one of them */
	for (size_t r = o->n_inputs + o->n_gazetteers;
	     r < o->n_inputs + o->n_gazetteers + o->n_references && !rc; r++)
		for (size_t i = 0; i < o->n_inputs && !rc && seen[r]; i++)
			if (seen[i] && same_file(&sb[r], &sb[i])) {
				fprintf(stderr,
				        "casegraph %s: %s is both an input and a --reference: a "
				        "reference "
				        "list is screened against the inputs, not read as one of "
				        "them\n",
				        cmd->name, cli_text(paths[r]));
				rc = EXIT_USAGE;
			}
	for (size_t i = 0; jud != SIZE_MAX && i < o->n_inputs && !rc && seen[jud]; i++)
		if (seen[i] && same_file(&sb[i], &sb[jud])) {
			fprintf(stderr,
			        "casegraph %s: %s is both an input and the --judgements file: "
			        "judgements are applied to the inputs, not read as one of "
			        "them\n",
			        cmd->name, cli_text(paths[i]));
			rc = EXIT_USAGE;
		}
	for (size_t k = 0; k < n_outputs && !rc; k++)
		rc = output_in_folder(cmd, o, outputs[k]);
	for (size_t k = 0; k < n_outputs && !rc; k++) {
		struct stat out;
		if (stat(outputs[k], &out) != 0)
			continue; /* not there yet: not an input */
		for (size_t i = 0; i < n && !rc; i++)
			if (seen[i] && same_file(&out, &sb[i])) {
				fprintf(stderr, "casegraph %s: the output %s is also %s%s%s\n",
				        cmd->name, cli_text(outputs[k]), roles[i],
				        i < o->n_inputs ? "" : " ",
				        i < o->n_inputs ? "" : cli_text(paths[i]));
				rc = EXIT_USAGE;
			}
	}
out:
	free(paths);
	free(roles);
	free(sb);
	free(seen);
	return rc;
}

static int parse_args(const cli_command *cmd, int argc, char **argv, cli_opts *o, int *done);

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_opts *o, int *done)
{
	int rc = parse_args(cmd, argc, argv, o, done);

	if (!rc && !*done)
		rc = expand_inputs(o);
	if (!rc && !*done && o->output && !o->dry_run)
		rc = cli_will_write(NULL, o->output);
	if (!rc && !*done)
		rc = check_files(cmd, o);
	forget_outputs();
	return rc;
}

/* cli_parse without the checks of the files named. */
static int parse_args(const cli_command *cmd, int argc, char **argv, cli_opts *o, int *done)
{
	int takes_output = strcmp(cmd->name, "import") == 0;

	memset(o, 0, sizeof *o);
	o->max_errors = CLI_MAX_DIAGS_DEFAULT;
	*done = 0;
	o->inputs = calloc((size_t)argc + 1, sizeof *o->inputs);
	o->gazetteers = calloc((size_t)argc + 1, sizeof *o->gazetteers);
	o->references = calloc((size_t)argc + 1, sizeof *o->references);
	o->screen_note = 1;
	if (!o->inputs || !o->gazetteers || !o->references)
		return cli_nomem();
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			printf("usage: %s\n\n%s.\n\n%s", cmd->usage, cmd->summary, input_help);
			if (takes_output)
				printf("  -o FILE            the graph file to write (casegraph "
				       "JSONL; '-' for "
				       "stdout)\n"
				       "  --dry-run          read only the first %d rows of each "
				       "file and print "
				       "the\n                     entities and links they make "
				       "(JSONL), write "
				       "nothing\n",
				       CLI_DRY_RUN_ROWS);
			*done = 1;
			return EXIT_OK;
		} else if (takes_output && strcmp(a, "-o") == 0) {
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			o->output = argv[++i];
		} else if (strcmp(a, "--case") == 0) {
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			o->case_name = argv[++i];
		} else if (strcmp(a, "--format") == 0) {
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			o->format = argv[++i];
			if (cg_format_from_string(o->format) == CG_FMT_UNKNOWN) {
				fprintf(stderr, "casegraph: unknown format '%s' (", o->format);
				for (int f = CG_FMT_UNKNOWN + 1; f < CG_FORMAT_COUNT; f++)
					fprintf(stderr, "%s%s", f > CG_FMT_UNKNOWN + 1 ? ", " : "",
					        cg_format_to_string((cg_format)f));
				fputs(")\n", stderr);
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--gazetteer") == 0) {
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			o->gazetteers[o->n_gazetteers++] = argv[++i];
		} else if (strcmp(a, "--reference") == 0) {
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			o->references[o->n_references++] = argv[++i];
		} else if (strcmp(a, "--reference-mapping") == 0) {
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			o->reference_mapping = argv[++i];
		} else if (strcmp(a, "--reference-depth") == 0) {
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			if (strcmp(argv[i + 1], "0") && strcmp(argv[i + 1], "1")) {
				fprintf(stderr,
				        "casegraph: --reference-depth is 0 or 1, not '%s'\n",
				        argv[i + 1]);
				return EXIT_USAGE;
			}
			o->reference_depth = argv[++i][0] - '0';
		} else if (strcmp(a, "--min-score") == 0) {
			char *end;
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			o->min_score = strtod(argv[i + 1], &end);
			if (end == argv[i + 1] || *end ||
			    !(o->min_score >= 0 && o->min_score <= 1)) {
				fprintf(
				    stderr,
				    "casegraph: --min-score needs a number from 0 to 1, not '%s'\n",
				    argv[i + 1]);
				return EXIT_USAGE;
			}
			i++;
		} else if (strcmp(a, "--judgements") == 0) {
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			o->judgements = argv[++i];
		} else if (strcmp(a, "--mapping") == 0) {
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			o->mapping = argv[++i];
		} else if (strcmp(a, "--min-confidence") == 0) {
			static const char *const levels[] = {"low", "medium", "high"};
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			o->min_confidence = 1 + cg_name_index(levels, 3, argv[++i]);
			if (!o->min_confidence) {
				fprintf(stderr,
				        "casegraph: --min-confidence: '%s' is not low, medium or "
				        "high\n",
				        argv[i]);
				return EXIT_USAGE;
			}
		} else if (takes_output && strcmp(a, "--dry-run") == 0) {
			o->dry_run = 1;
		} else if (strcmp(a, "--node-type") == 0) {
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			o->node_type = argv[++i];
		} else if (strcmp(a, "--max-errors") == 0 || strcmp(a, "--max-field") == 0 ||
		           strcmp(a, "--max-record") == 0 || strcmp(a, "--max-columns") == 0) {
			long v;
			if (!need_arg(a, i, argc))
				return EXIT_USAGE;
			if (cg_parse_long(argv[i + 1], strlen(argv[i + 1]), 0, 1L << 40, &v,
			                  NULL)) {
				fprintf(stderr, "casegraph: %s needs a number, not '%s'\n", a,
				        argv[i + 1]);
				return EXIT_USAGE;
			}
			i++;
			if (strcmp(a, "--max-errors") == 0)
				o->max_errors = v;
			else if (v < 1) {
				fprintf(stderr, "casegraph: %s needs a positive number\n", a);
				return EXIT_USAGE;
			} else if (strcmp(a, "--max-field") == 0)
				o->max_field = (size_t)v;
			else if (strcmp(a, "--max-record") == 0)
				o->max_record = (size_t)v;
			else
				o->max_columns = (size_t)v;
		} else if (strcmp(a, "--strict") == 0) {
			o->strict = 1;
		} else if (strcmp(a, "--json") == 0) {
			o->json = 1;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			o->quiet = 1;
		} else if (strcmp(a, "--") == 0) {
			while (++i < argc)
				o->inputs[o->n_inputs++] = argv[i];
		} else if (a[0] == '-' && a[1]) {
			const char *near = cli_suggest_option(cmd, a);
			if (near && strcmp(near, a) == 0 && !strstr(an_help_text(), a))
				near = NULL; /* this command's own, misplaced: no suggestion */
			if (near && strcmp(near, a) == 0)
				/* an option of the analyses (an_help_text), given to
				 * another command */
				fprintf(stderr,
				        "casegraph %s: '%s' is an option of the analyses (analyze, "
				        "clusters, brokers, shared), not of %s (see --help)\n",
				        cmd->name, a, cmd->name);
			else if (near)
				fprintf(
				    stderr,
				    "casegraph %s: unknown option '%s'; did you mean '%s'? (see "
				    "--help)\n",
				    cmd->name, a, near);
			else
				fprintf(stderr, "casegraph %s: unknown option '%s' (see --help)\n",
				        cmd->name, a);
			return EXIT_USAGE;
		} else {
			o->inputs[o->n_inputs++] = a;
		}
	}
	if (o->n_inputs == 0) {
		fprintf(stderr, "casegraph %s: no input files\nusage: %s\n", cmd->name, cmd->usage);
		return EXIT_USAGE;
	}
	if ((o->reference_mapping || o->reference_depth || o->min_score > 0) && !o->n_references) {
		fprintf(stderr,
		        "casegraph %s: --reference-mapping, --reference-depth and --min-score "
		        "need --reference FILE\n",
		        cmd->name);
		return EXIT_USAGE;
	}
	if (takes_output && !o->output && !o->dry_run) {
		fprintf(stderr, "casegraph %s: -o FILE is required\nusage: %s\n", cmd->name,
		        cmd->usage);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

void cli_opts_free(cli_opts *o)
{
	if (o->expanded) {
		free(o->args);
		cg_input_list_free(&o->list);
		o->expanded = 0;
	}
	free(o->inputs);
	free(o->gazetteers);
	free(o->references);
	o->inputs = o->gazetteers = o->references = NULL;
	cli_judgements_forget();
}

/* ---- the status line of a long read ---- */

static int status_shown;

void cli_status_clear(void)
{
	if (status_shown) {
		fputs("\r\033[K", stderr);
		status_shown = 0;
	}
}

void cli_status(const char *text)
{
	fprintf(stderr, "\r\033[Kcasegraph: %s", text);
	fflush(stderr);
	status_shown = 1;
}

/* ---- the commands' own options, and the analysis options they share ---- */

/* Edit distance (Levenshtein, bytes) of a and b, both under 64 bytes. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[65];

	if (la > 64 || lb > 64)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], v = diag + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			if (up + 1 < v)
				v = up + 1;
			row[j] = v;
			diag = up;
		}
	}
	return row[lb];
}

/* Keeps word (len bytes) in best when it is nearer to w than best. */
static void nearer(const char *w, const char *word, size_t len, char *best, size_t *bd)
{
	char tok[65];
	size_t d;

	if (len == 0 || len > 64)
		return;
	memcpy(tok, word, len);
	tok[len] = '\0';
	d = edit_distance(w, tok);
	if (d < *bd) {
		*bd = d;
		memcpy(best, tok, len + 1);
	}
}

const char *cli_suggest_command(const char *w)
{
	static char best[65];
	size_t bd = SIZE_MAX, lim = strlen(w) / 3 > 2 ? strlen(w) / 3 : 2;

	for (size_t i = 0; i < cli_commands_count; i++)
		nearer(w, cli_commands[i].name, strlen(cli_commands[i].name), best, &bd);
	return bd <= lim ? best : NULL;
}

const char *cli_suggest_option(const cli_command *cmd, const char *w)
{
	static char best[65];
	const char *texts[] = {cmd->help, input_help, an_help_text()};
	size_t bd = SIZE_MAX, lim = strlen(w) / 3 > 2 ? strlen(w) / 3 : 2;

	for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
		for (const char *p = texts[t]; p && (p = strstr(p, "--"));) {
			size_t n = 2;
			while ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '-' ||
			       (p[n] >= '0' && p[n] <= '9'))
				n++;
			if (n > 2 && (p == texts[t] || p[-1] == ' ' || p[-1] == '`' ||
			              p[-1] == '(' || p[-1] == '\n' || p[-1] == '['))
				nearer(w, p, n, best, &bd);
			p += n;
		}
	return bd <= lim ? best : NULL;
}

const char *cli_generator(void)
{
	return "casegraph " CG_VERSION;
}

int cli_date(const char *cmd, const char *opt, char out[11])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct tm tm;
	time_t t;

	if (opt) {
		cg_strbuf sb = CG_STRBUF_INIT;
		const char *why = NULL;
		int rc = cg_parse_date(opt, strlen(opt), &sb, &why);
		if (rc == 0 && sb.len == 10) {
			memcpy(out, sb.buf, 11);
			cg_strbuf_free(&sb);
			return 0;
		}
		cg_strbuf_free(&sb);
		fprintf(stderr, "casegraph %s: --date '%s': %s\n", cmd, opt,
		        why ? why : "a full date YYYY-MM-DD is needed");
		return EXIT_USAGE;
	}
	if (sde && *sde) {
		long v;
		if (cg_parse_long(sde, strlen(sde), 0, 253402300799L, &v, NULL)) {
			fprintf(stderr,
			        "casegraph %s: SOURCE_DATE_EPOCH '%s' is not a number of seconds\n",
			        cmd, sde);
			return EXIT_USAGE;
		}
		t = (time_t)v;
		gmtime_r(&t, &tm);
	} else {
		t = time(NULL);
		localtime_r(&t, &tm);
	}
	int y = tm.tm_year + 1900, mo = tm.tm_mon + 1, d = tm.tm_mday;
	if (y < 0 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31)
		y = 1970, mo = 1, d = 1;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + mo / 10);
	out[6] = (char)('0' + mo % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 0;
}

int cli_number(const char *cmd, const char *opt, const char *val, long min, long max, long *out)
{
	if (!val || cg_parse_long(val, strlen(val), min, max, out, NULL)) {
		fprintf(stderr, "casegraph %s: %s needs a number from %ld to %ld, not '%s'\n", cmd,
		        opt, min, max, val ? val : "");
		return EXIT_USAGE;
	}
	return 0;
}

int cli_list_append(char **buf, const char *value)
{
	size_t old = *buf ? strlen(*buf) : 0, add = strlen(value);
	char *nb = realloc(*buf, old + add + 2);
	if (!nb)
		return -1;
	if (old)
		nb[old++] = ',';
	memcpy(nb + old, value, add + 1);
	*buf = nb;
	return 0;
}

/* Takes the value(s) of option op at argv[*i], advancing *i past them.
 * Returns 0 or an exit code after printing the problem. */
static int take_opt(const char *cmd, const cli_opt *op, int argc, char **argv, int *i)
{
	const char *val = *i + 1 < argc ? argv[*i + 1] : NULL;

	switch (op->kind) {
	case CLI_OPT_FLAG:
		*(int *)op->to = 1;
		return 0;
	case CLI_OPT_PAIR:
		if (*i + 2 >= argc) {
			fprintf(stderr, "casegraph %s: %s needs two %s: %s A B\n", cmd, op->name,
			        op->pair, op->name);
			return EXIT_USAGE;
		}
		((const char **)op->to)[0] = argv[*i + 1];
		((const char **)op->to)[1] = argv[*i + 2];
		*i += 2;
		return 0;
	default:
		break;
	}
	if (!val) {
		fprintf(stderr, "casegraph %s: option %s needs a value\n", cmd, op->name);
		return EXIT_USAGE;
	}
	switch (op->kind) {
	case CLI_OPT_STRING:
		*(const char **)op->to = val;
		break;
	case CLI_OPT_NUMBER:
		if (cli_number(cmd, op->name, val, op->min, op->max, op->to))
			return EXIT_USAGE;
		break;
	case CLI_OPT_LIST:
		if (cli_list_append(op->to, val))
			return cli_nomem();
		break;
	case CLI_OPT_EACH:
		if (*op->count == (size_t)op->max) {
			fprintf(stderr, "casegraph %s: at most %ld %s\n", cmd, op->max, op->name);
			return EXIT_USAGE;
		}
		((const char **)op->to)[(*op->count)++] = val;
		break;
	default:
		break;
	}
	(*i)++;
	return 0;
}

int cli_take_opts(const char *cmd, const cli_opt *opts, size_t n, int *argc, char **argv)
{
	int w = 1, rc;

	for (int i = 1; i < *argc; i++) {
		size_t k = 0;
		while (k < n && strcmp(argv[i], opts[k].name))
			k++;
		if (k == n)
			argv[w++] = argv[i];
		else if ((rc = take_opt(cmd, &opts[k], *argc, argv, &i)))
			return rc;
	}
	*argc = w;
	argv[w] = NULL;
	return 0;
}

int cli_cluster_opts(const char *cmd, const an_opts *a, cg_cluster_opts *co)
{
	*co = (cg_cluster_opts)CG_CLUSTER_OPTS_INIT;
	view_opts_of(a, &co->view);
	co->seed = (unsigned long)a->seed;
	co->resolution = a->resolution;
	if (a->method &&
	    (co->method = cg_cluster_method_from_string(a->method)) == CG_CLUSTER_METHOD_COUNT) {
		fprintf(stderr, "casegraph %s: unknown method '%s' (leiden, louvain)\n", cmd,
		        a->method);
		return EXIT_USAGE;
	}
	return 0;
}

void cli_broker_opts(const an_opts *a, cg_broker_opts *bo)
{
	*bo = (cg_broker_opts)CG_BROKER_OPTS_INIT;
	view_opts_of(a, &bo->view);
	bo->top = 0;
	bo->seed = (unsigned long)a->seed;
	bo->samples = (size_t)a->samples;
	bo->exact_limit = (size_t)a->exact_limit;
	if (a->max_paths > 0)
		bo->max_paths = (size_t)a->max_paths;
}

int cli_partition(const char *cmd, const char *by, cg_partition *out)
{
	if (by && (*out = cg_partition_from_string(by)) == CG_PARTITION_COUNT) {
		fprintf(stderr,
		        "casegraph %s: unknown partition '%s' (case, cluster, country, type)\n",
		        cmd, by);
		return EXIT_USAGE;
	}
	return 0;
}

void cli_betweenness(const cg_brokers *b, size_t n, double *betw)
{
	for (size_t i = 0; i < n; i++)
		betw[i] = NAN;
	for (size_t i = 0; i < b->n; i++)
		betw[b->rows[i].entity] = b->rows[i].betweenness;
}

/* ---- text for the terminal ---- */

/* cli_text escapes a string in pieces through cg_error_set, whose message
 * holds CG_ERROR_MSG_MAX bytes: an escape is at most 4 bytes per byte in
 * (\xNN; \uXXXX for 2 or 3), so a piece of TEXT_PIECE bytes is never cut. */
#define TEXT_PIECE 120
#define TEXT_RING  8
_Static_assert(TEXT_PIECE * 4 < CG_ERROR_MSG_MAX, "an escaped piece fits one message");

const char *cli_text(const char *s)
{
	static cg_strbuf ring[TEXT_RING];
	static unsigned next;
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	cg_strbuf *sb;
	size_t i, n;

	for (n = 0; u[n] >= 0x20 && u[n] < 0x7F; n++)
		;
	if (!u[n])
		return (const char *)u; /* printable ASCII: as it is */
	n += strlen((const char *)u + n);
	sb = &ring[next++ % TEXT_RING];
	cg_strbuf_reset(sb);
	for (i = 0; i < n;) {
		size_t k = n - i < TEXT_PIECE ? n - i : TEXT_PIECE;
		cg_error e;
		/* cut before a character, never inside one (a valid sequence cut
		 * in two would read as two invalid ones) */
		for (int b = 0; b < 3 && i + k < n && k > 1 && (u[i + k] & 0xC0) == 0x80; b++)
			k--;
		cg_error_set(&e, 0, NULL, 0, 0, "%.*s", (int)k, (const char *)u + i);
		if (cg_strbuf_puts(sb, e.message))
			return "(out of memory)";
		i += k;
	}
	return cg_strbuf_cstr(sb);
}
