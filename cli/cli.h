/* Shared pieces of the command-line tool: options, loading inputs, exit
 * codes. Only cli/ prints and exits. */
#ifndef CG_CLI_H
#define CG_CLI_H

#include "cg_analysis.h"
#include "cg_graph.h"
#include "cg_hash.h"
#include "cg_import.h"
#include "cg_screen.h"
#include "cg_strbuf.h"

#include <stddef.h>
#include <stdio.h>
#include <time.h>

enum {
	EXIT_OK = 0,
	EXIT_FAILURE_ = 1, /* I/O or memory failure */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_BADINPUT = 3, /* an input could not be read, or rows were rejected in strict mode */
};

#define CLI_MAX_DIAGS_DEFAULT 100

#ifndef CG_VERSION
#define CG_VERSION "dev" /* the build defines it (meson.build) */
#endif

/* Options common to the commands that read inputs. */
typedef struct cli_opts {
	const char **inputs; /* positional arguments */
	size_t n_inputs;
	const char *output; /* -o */
	const char *case_name;
	const char *format;
	const char *node_type;
	const char *mapping;    /* --mapping FILE */
	const char *judgements; /* --judgements FILE */
	int aside;              /* a side graph (gazetteer, list): left open to additions */
	int strict;
	int json;
	int quiet;
	long max_errors;  /* diagnostics printed before summarising */
	size_t max_field; /* --max-field, --max-record, --max-columns (0: the defaults) */
	size_t max_record;
	size_t max_columns;
	const char **gazetteers; /* --gazetteer FILE, repeatable */
	size_t n_gazetteers;
	const char **references; /* --reference FILE, repeatable (screening) */
	size_t n_references;
	const char *reference_mapping; /* --reference-mapping FILE or preset name */
	int reference_depth;           /* --reference-depth 0|1 */
	double min_score;              /* --min-score S: screening matches kept */
	int screen_note;    /* print the screening summary (0: the command prints its own) */
	int min_confidence; /* --min-confidence: 1 low, 2 medium, 3 high (0: the default) */
	int dry_run;        /* import --dry-run: the first rows of each file, printed */
	/* with a folder among the inputs: inputs are the files of list
	 * (cg_import_expand), args the inputs as given */
	int expanded;
	cg_input_list list;
	const char **args;
	size_t n_args;
} cli_opts;

#define CLI_DRY_RUN_ROWS 5

/* One command: name, one-line summary, usage text, entry point, and the
 * help text of its own options (NULL when it has none beyond the input and
 * analysis options). */
typedef struct cli_command {
	const char *name;
	const char *summary;
	const char *usage;
	int (*run)(int argc, char **argv);
	const char *help;
} cli_command;

/* Parses argv (after the command name) into o. `extra` lists the options
 * the command accepts beyond the input ones (e.g. "o"); returns 0, or an
 * exit code after printing the problem (EXIT_USAGE) or the help (EXIT_OK
 * with *done set). */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_opts *o, int *done);

/* Loads every input into a new graph (cli/load.c), printing each rejected row (up to
 * max_errors) and, unless quiet, a summary per file to stderr. Returns an
 * exit code; *g_out is set on EXIT_OK. */
int cli_load(const cli_opts *o, cg_graph **g_out, cg_import_stats *stats);
/* The same, also filling fmts and per_file (n_inputs entries each, may be
 * NULL) with each input's format and counts. */
int cli_load_ex(const cli_opts *o, cg_graph **g_out, cg_import_stats *stats, cg_format *fmts,
                cg_import_stats *per_file);

/* ---- analyst judgements (cli/judgements.c; docs/MODEL.md, "Judgements") ---- */

typedef struct cli_judgements cli_judgements;

/* Lets cli_load take a missing --judgements file for an empty one (merges
 * --accept and --reject create it). */
void cli_judgements_allow_missing(void);
/* Reads the judgements file path: each bad line is reported through diag
 * as FILE:LINE: reason and skipped (strict: the first fails the read with
 * CG_EREJECT). A missing file is empty when missing_ok, else CG_ENOTFOUND.
 * *n_kept and *n_bad count the judgements and the bad lines. 0 with *out
 * set (cli_judgements_free), or an error code with err set. */
int cli_judgements_read(const char *path, int missing_ok, int strict, cg_diag_fn diag,
                        void *diag_ctx, cli_judgements **out, size_t *n_kept, size_t *n_bad,
                        cg_error *err);
/* Makes g consult j while records are added (NULL: stop). j must outlive
 * the adds: detach before freeing it. */
void cli_judgements_attach(cli_judgements *j, cg_graph *g);
void cli_judgements_free(cli_judgements *j);
/* The judgements cli_load read and applied (--judgements), or NULL:
 * borrowed, valid until cli_opts_free. */
const cli_judgements *cli_judgements_loaded(void);
/* Frees the judgements cli_load kept (cli_opts_free calls it). */
void cli_judgements_forget(void);
/* The pairs of entities of g (the graph they were applied to) that an
 * active judgement names, one side in each (a record reference: every
 * entity its records went into), as keys lo << 32 | hi of *pairs (a
 * zeroed map; cg_map64_free), valued by the judgement's index. 0 or
 * CG_ENOMEM. O(judgements + pairs). */
int cli_judgements_pairs(const cli_judgements *j, const cg_graph *g, cg_map64 *pairs);
/* The entities that hold a record named by ref ("@CASE/ID" or
 * "@FILE:LINE"): the first into *first (CG_NO_ENTITY for none), how many
 * into *n. 0 or CG_ENOMEM. O(provenance records). */
int cli_record_ref_matches(const cg_graph *g, const char *ref, cg_eid *first, size_t *n);
/* The line "same A B  # note" (or "different ...") into sb, each side
 * quoted when it must be. 0 or CG_ENOMEM. */
int cli_judgements_line(int same, const char *a, const char *b, const char *note, cg_strbuf *sb);
/* Appends line and a newline to the file path (created when missing; a
 * newline first when its last line has none), in one write, synced.
 * *lineno gets the line's number. 0 or CG_EIO / CG_ENOMEM with err set. */
int cli_judgements_append(const char *path, const char *line, long *lineno, cg_error *err);

/* Erases the status line of a long read, if one is shown (cli/common.c). */
void cli_status_clear(void);
/* Draws "casegraph: text" as the status line (stderr, a terminal only:
 * the caller checks), replacing any before it; cli_status_clear erases it. */
void cli_status(const char *text);

/* Declares a file the command will write (dir/name, or name when dir is
 * NULL; "-" alone is stdout), before it calls cli_parse or an_start:
 * cli_parse refuses with EXIT_USAGE, before anything is read, an output
 * that is the same file (device and inode) as an input, a gazetteer or the
 * mapping, and forgets the list. import's -o is declared by cli_parse.
 * Returns 0, or EXIT_FAILURE_ out of memory. */
int cli_will_write(const char *dir, const char *name);

/* Frees what cli_parse allocated in o. */
void cli_opts_free(cli_opts *o);

/* Prints "casegraph: <formatted error>" to stderr and returns the exit code
 * for err->code. */
int cli_fail(const cg_error *err);
int cli_exit_code(int code);
/* Prints "casegraph: out of memory" and returns EXIT_FAILURE_. */
int cli_nomem(void);

/* Options of the commands that analyse a graph, beyond the input options
 * (cli/analysis_opts.c). */
typedef struct an_opts {
	char *types_buf, *include_buf, *via_buf, *seeds_buf;
	const char *types[64], *include[64], *via[64], *seeds[256];
	size_t n_types, n_include, n_via, n_seeds;
	const char *entities[256]; /* --entity, each one whole (names with commas) */
	size_t n_entities;
	long max_cases, max_name_cases, seed, top, k, samples, exact_limit, max_paths;
	long within; /* --within DAYS, -1 without */
	double resolution;
	const char *exclude, *method, *by, *from, *to;
	const char *wl_dirs[16]; /* --warninglists, in order */
	size_t n_wl_dirs;
	int no_default_excl;       /* --no-default-exclusions */
	int all_excluded;          /* --all-excluded: every excluded entity in the text output */
	cg_warninglists *wl;       /* the lists loaded (an_start), NULL when none */
	int timing;                /* --timing: stage times on stderr */
	cg_view_cache *cache;      /* views shared by the command's analyses (an_start) */
	int progress;              /* stderr is a terminal and not --quiet: a status line */
	const char *stage;         /* the stage running, for an_stage */
	struct timespec mark;      /* when it began */
	cg_format *fmts;           /* per input: its format (set by an_start) */
	cg_import_stats *per_file; /* per input: its counts */
	cg_import_stats total;
} an_opts;

/* Takes the analysis options out of argv (the rest stays for cli_parse).
 * Returns 0 or an exit code. */
int an_parse(const cli_command *cmd, int *argc, char **argv, an_opts *a);
/* Parses both option sets and loads the inputs. Returns 0 with *g set, or
 * an exit code (*done set when help was printed: the command's own help
 * and the analysis options follow the input options). */
int an_start(const char *name, int argc, char **argv, cli_opts *o, an_opts *a, cg_graph **g,
             int *done);
/* Ends the running stage (its time on stderr with --timing) and starts
 * next (NULL: none), shown as a status line when stderr is a terminal and
 * the command is not --quiet or --json. */
void an_stage(an_opts *a, const char *next);
/* The view options the analysis options describe. */
void view_opts_of(const an_opts *a, cg_view_opts *v);
/* Frees what an_parse and an_start allocated in a. */
void an_free(an_opts *a);

/* The date of a briefing or diagram into out (YYYY-MM-DD): opt (--date)
 * when given, else SOURCE_DATE_EPOCH (UTC), else today. Returns 0 or
 * EXIT_USAGE after printing why. */
int cli_date(const char *cmd, const char *opt, char out[11]);
/* Parses an option's number in [min, max]: 0, or EXIT_USAGE after printing. */
int cli_number(const char *cmd, const char *opt, const char *val, long min, long max, long *out);

/* How a command's own option takes its value (cli_take_opts). */
typedef enum cli_opt_kind {
	CLI_OPT_FLAG,   /* no value: *(int *)to = 1 */
	CLI_OPT_STRING, /* a value: *(const char **)to, the last one given */
	CLI_OPT_NUMBER, /* a number in [min, max] (cli_number): *(long *)to */
	CLI_OPT_LIST,   /* a value, repeatable: appended to *(char **)to (cli_list_append) */
	CLI_OPT_EACH,   /* a value, repeatable up to max times: ((const char **)to)[(*count)++] */
	CLI_OPT_PAIR,   /* two values: ((const char **)to)[0] and [1] */
} cli_opt_kind;

/* One option of a command beyond the input and analysis options. */
typedef struct cli_opt {
	const char *name;  /* as typed: "-o", "--max-nodes" */
	cli_opt_kind kind; /* what it takes */
	void *to;          /* where the value goes, typed by kind */
	long min, max;     /* CLI_OPT_NUMBER: the range; CLI_OPT_EACH: max, the most values */
	size_t *count;     /* CLI_OPT_EACH: the values taken so far */
	const char *pair;  /* CLI_OPT_PAIR: what the two values are ("entities") */
} cli_opt;

/* The rows of a cli_opt table, one macro per kind. `1 ? (to) : (T *)NULL`
 * has the value to, and makes the compiler check that to is a T *. */
#define CLI_FLAG(name, to)                                                                         \
	{                                                                                          \
		(name), CLI_OPT_FLAG, 1 ? (to) : (int *)NULL, 0, 0, NULL, NULL                     \
	}
#define CLI_STRING(name, to)                                                                       \
	{                                                                                          \
		(name), CLI_OPT_STRING, 1 ? (to) : (const char **)NULL, 0, 0, NULL, NULL           \
	}
#define CLI_NUMBER(name, to, min, max)                                                             \
	{                                                                                          \
		(name), CLI_OPT_NUMBER, 1 ? (to) : (long *)NULL, (min), (max), NULL, NULL          \
	}
#define CLI_LIST(name, to)                                                                         \
	{                                                                                          \
		(name), CLI_OPT_LIST, 1 ? (to) : (char **)NULL, 0, 0, NULL, NULL                   \
	}
#define CLI_EACH(name, to, max, count)                                                             \
	{                                                                                          \
		(name), CLI_OPT_EACH, 1 ? (to) : (const char **)NULL, 0, (max), (count), NULL      \
	}
#define CLI_PAIR(name, to, what)                                                                   \
	{                                                                                          \
		(name), CLI_OPT_PAIR, 1 ? (to) : (const char **)NULL, 0, 0, NULL, (what)           \
	}

/* Takes the options of opts (n of them) out of argv, left to right, and
 * leaves the rest in order (argv[*argc] = NULL) for an_start. A value is
 * the next argument whatever it looks like. Returns 0, or an exit code
 * after printing "casegraph CMD: ..." on the first option that lacks its
 * value or has a bad one (EXIT_USAGE; EXIT_FAILURE_ out of memory). */
int cli_take_opts(const char *cmd, const cli_opt *opts, size_t n, int *argc, char **argv);
/* Appends value to the comma-separated list *buf (a new one when NULL).
 * Returns 0, or -1 out of memory (*buf unchanged). */
int cli_list_append(char **buf, const char *value);

/* Fills co from the analysis options (view, seed, resolution, --method).
 * Returns 0, or EXIT_USAGE after printing "casegraph CMD: unknown method". */
int cli_cluster_opts(const char *cmd, const an_opts *a, cg_cluster_opts *co);
/* Fills bo from the analysis options (view, seed, --samples,
 * --exact-limit), with every entity ranked (top 0); the clusters and the
 * partition keep their defaults. */
void cli_broker_opts(const an_opts *a, cg_broker_opts *bo);
/* --by: the partition named by, into *out (unchanged when by is NULL).
 * Returns 0, or EXIT_USAGE after printing "casegraph CMD: unknown partition". */
int cli_partition(const char *cmd, const char *by, cg_partition *out);
/* betw (n entries, one per entity) gets each entity's betweenness from b,
 * NaN for the entities b has no row for (outside the view). */
void cli_betweenness(const cg_brokers *b, size_t n, double *betw);

/* "casegraph VERSION": the generator named in diagrams, briefings and exports. */
const char *cli_generator(void);

int cmd_import(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_merges(int argc, char **argv);
int cmd_screen(int argc, char **argv);
/* The command of that name, or NULL. */
const cli_command *cli_command_named(const char *name);
int cmd_clusters(int argc, char **argv);
int cmd_brokers(int argc, char **argv);
int cmd_shared(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_path(int argc, char **argv);
int cmd_network(int argc, char **argv);
int cmd_money(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_export(int argc, char **argv);

extern const cli_command cli_commands[];
extern const size_t cli_commands_count;

/* The command, or the option of cmd (from its help, the input options and
 * the analysis options), nearest to a mistyped w by edit distance: at most
 * 2 edits, or a third of w's length; NULL when none is. Borrowed, valid
 * until the next call. */
const char *cli_suggest_command(const char *w);
const char *cli_suggest_option(const cli_command *cmd, const char *w);
/* The help text of the analysis options (cli/analysis_opts.c). */
const char *an_help_text(void);

/* s as it may be printed to a terminal (text output of the commands, not
 * --json): what a terminal acts on is written out, by the rules of
 * cg_error_set (graph/cg_error.h): C0 and C1 controls, DEL and bytes that
 * are not UTF-8 as \xNN; U+2028, U+2029 and the bidirectional overrides
 * and isolates as \uXXXX. Names, ids, cases and paths come from
 * adversaries' files: printed raw, an ESC sequence in a name drives the
 * analyst's terminal, a right-to-left override reorders a line. Returns s
 * itself when it is printable ASCII, else an escaped copy in one of 8
 * buffers reused in turn: valid until the 8th call after, so that several
 * may be passed to one printf. NULL reads as "". Not thread-safe. */
const char *cli_text(const char *s);

#endif
