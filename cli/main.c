/* casegraph: the command-line front end. Thin: parse the command name,
 * dispatch, return an exit code. */
#include "cli.h"

#include "cg_components.h"
#include "cg_outfile.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <string.h>

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const char clusters_help[] =
    "clusters options:\n"
    "  --method M          leiden (default) or louvain\n"
    "  --resolution R      modularity resolution (1; larger values give smaller clusters)\n";

static const char brokers_help[] =
    "brokers options:\n"
    "  --by P              groups of the brokerage roles: case (default), cluster, country, "
    "type\n"
    "  --exact-limit N     exact betweenness up to N entities in the view (5000)\n"
    "  --samples K         above it: 0 (default) the top-k sampler, random shortest paths\n"
    "                      until the top --top rows are known within epsilon; K: Brandes\n"
    "                      from K random sources\n"
    "  --max-paths N       the top-k sampler's most paths (262144; more: smaller epsilon)\n"
    "  --method M, --resolution R  the clustering of --by cluster\n";

static const char path_help[] =
    "path options:\n"
    "  --from A, --to B    the two entities: an id, an identifier or a name\n"
    "  -k N                the N shortest paths (1)\n"
    "  --via-types T1,T2   types allowed for the entities in between\n";

static const char network_help[] =
    "network options:\n"
    "  --seeds A,B,C       the entities to connect (two or more): ids, identifiers,\n"
    "                      names, aliases or unique parts of a name\n"
    "  --entity NAME       one entity to connect, taken whole (a name with commas);\n"
    "                      repeatable, with or without --seeds\n"
    "  --via-types T1,T2   types allowed for the entities in between\n";

static const char money_help[] =
    "money options:\n"
    "  --from DATE         links dated on or after DATE (ISO)\n"
    "  --to DATE           links dated on or before DATE\n"
    "  --top N             largest flows listed per currency (20)\n"
    "  --method M, --resolution R  the clustering of the per-cluster totals\n";

static const char render_help[] =
    "render options:\n"
    "  -o FILE             the DOT file (default: stdout); with -T, the image, and the DOT\n"
    "                      beside it as FILE with the extension .dot\n"
    "  -T svg|png|pdf      lay the diagram out with Graphviz (dot, or sfdp above 300 nodes)\n"
    "  --layout dot|sfdp   the Graphviz layout program (default: by size)\n"
    "  --timeout SECONDS   stop Graphviz after this long (60)\n"
    "  --group-by G        case (default), cluster or none: a box per case or cluster;\n"
    "                      entities of several cases are drawn outside, as shared\n"
    "  --focus ENTITY      the ego network of an entity (id, identifier or name); repeatable\n"
    "  --depth K           links from the focus (1)\n"
    "  --path A B          the shortest path(s) from A to B (-k N for more)\n"
    "  --top N             the N entities ranked highest by --size-by (default betweenness)\n"
    "  --cases A,B         only entities and links of these cases\n"
    "  --size-by M         degree, betweenness or none (default): node size\n"
    "  --brokers N         mark the top N brokers by betweenness (0)\n"
    "  --no-collapse       draw every leaf (default: leaves of one type on one node, from 3,\n"
    "                      are one node, \"14 e-mails\")\n"
    "  --max-nodes N       at most N nodes (150); what is left out is reported\n"
    "  --redact            persons as initials and a code; e-mails, phones, accounts masked\n"
    "  --title TEXT        the title (default: the cases)\n"
    "  --date YYYY-MM-DD   the date of the footnote (default: SOURCE_DATE_EPOCH, else today)\n"
    "  --method M, --resolution R  the clustering of --group-by cluster\n"
    "  --timeline          dated links and records in time order instead: time left to\n"
    "                      right, a row per case; payments, first and last sight of\n"
    "                      shared entities\n"
    "  --by case|entity    with --timeline: a lane per case (default) or per entity\n"
    "  --text              with --timeline: a table, a line per event, not DOT\n";

static const char report_help[] =
    "report options:\n"
    "  -o DIR              the briefing directory (created): briefing.md, the DOT diagrams\n"
    "                      and their SVGs\n"
    "  --title TEXT        the title of the briefing\n"
    "  --date YYYY-MM-DD   the date of the briefing (default: SOURCE_DATE_EPOCH, else today)\n"
    "  --max-nodes N       nodes per diagram (default 20, clusters 16, facilitator 12)\n"
    "  --redact            persons as initials and a code; e-mails, phones, accounts masked\n"
    "  --no-svg            write the DOT diagrams only, do not run Graphviz\n"
    "  --timeout SECONDS   stop Graphviz after this long, per diagram (60)\n"
    "  --by P              groups of the brokerage roles (case)\n"
    "  --method M, --resolution R  the clustering\n";

static const char analyze_help[] =
    "analyze options: those of clusters, brokers and shared; --top applies to each\n"
    "  --method leiden|louvain, --resolution R, --by case|cluster|country|type,\n"
    "  --samples K, --exact-limit N  (see casegraph help clusters, help brokers)\n"
    "  --json              one object: {\"clusters\": ..., \"brokers\": ..., \"shared\": ...}\n"
    "                      each as the command's own --json prints it\n";

static const char merges_help[] =
    "judgements (need --judgements FILE; docs/MODEL.md):\n"
    "  --accept A B        append 'same A B' to the judgements file: A and B are one\n"
    "  --reject A B        append 'different A B': never merged, even on a shared key\n"
    "  --note TEXT         a note kept on the judgement's line\n"
    "                      A and B: an entity id, name or identifier, or a record as\n"
    "                      @CASE/ID or @FILE:LINE (as merges lists them)\n"
    "candidates:\n"
    "  --candidates        pairs not merged that probably should be (names transliterated\n"
    "                      and compared part by part, dates of birth, nationalities,\n"
    "                      identifiers, neighbours in common), best first, with why and\n"
    "                      both sides' records; nothing is merged\n"
    "  --min-score S       pairs scoring S or more (0 to 1; default 0.80)\n"
    "  --limit N           the N best pairs\n"
    "  --explain           also the pairs a conflict ruled out (dates of birth, numbers)\n";

static const char export_help[] =
    "export options:\n"
    "  --to FORMAT         graphml, gexf (Gephi), csv (entities.csv, links.csv), csv-wide\n"
    "                      (the same, a column per property, values joined by |), neo4j\n"
    "                      (nodes-TYPE.csv, relationships-TYPE.csv, import.sh for\n"
    "                      neo4j-admin, load.cypher for a running server), ftm\n"
    "                      (FollowTheMoney), stix (STIX 2.1 bundle), jsonl (native), misp\n"
    "                      (one MISP event: attributes, objects, object references)\n"
    "  -o PATH             the file, or the directory for csv, csv-wide and neo4j ('-' for\n"
    "                      stdout with the single-file formats)\n"
    "  --no-measures       leave out betweenness and clusters (faster on large graphs)\n"
    "  --date YYYY-MM-DD   created/modified of STIX objects (default: SOURCE_DATE_EPOCH,\n"
    "                      else today)\n"
    "  --method M, --resolution R  the clustering of the cluster attribute\n";

const cli_command cli_commands[] = {
    {"import", "merge inputs into one graph file",
     "casegraph import INPUT... -o GRAPH.jsonl [options]", cmd_import, NULL},
    {"stats", "counts by type and case, merges, rejected rows",
     "casegraph stats INPUT... [--json] [options]", cmd_stats, NULL},
    {"merges", "every merged entity with the keys and sources that merged it",
     "casegraph merges INPUT... [--candidates [--min-score S] [--limit N] [--explain]] "
     "[--accept|--reject A B] [--json] [options]",
     cmd_merges, merges_help},
    {"clusters", "communities with members, cases, central entities and money",
     "casegraph clusters INPUT... [--method leiden|louvain] [--resolution R] [--json]",
     cmd_clusters, clusters_help},
    {"brokers", "intermediaries ranked, with the measures that rank them",
     "casegraph brokers INPUT... [--by case|cluster|country|type] [--json]", cmd_brokers,
     brokers_help},
    {"shared", "entities shared between cases, with evidence and case overlaps",
     "casegraph shared INPUT... [--by case|actor|cluster|country] [--types T,...] [--json]",
     cmd_shared, NULL},
    {"analyze", "clusters, brokers and shared in one run, reading the inputs once",
     "casegraph analyze INPUT... [clusters, brokers and shared options] [--json]", cmd_analyze,
     analyze_help},
    {"path", "how two entities connect, hop by hop with citations",
     "casegraph path INPUT... --from A --to B [-k N] [--via-types T,...] [--json]", cmd_path,
     path_help},
    {"network", "the network connecting several entities",
     "casegraph network INPUT... --seeds A,B,C [--json]", cmd_network, network_help},
    {"money", "money in and out per entity and cluster, largest flows",
     "casegraph money INPUT... [--from DATE] [--to DATE] [--json]", cmd_money, money_help},
    {"render", "a briefing diagram in Graphviz DOT (SVG, PNG, PDF with Graphviz)",
     "casegraph render INPUT... [-o FILE.dot] [-T svg|png|pdf] [--focus E --depth K] "
     "[--path A B] [--top N] [--group-by case|cluster|none] [--timeline [--by case|entity] "
     "[--text]] [options]",
     cmd_render, render_help},
    {"report", "the whole briefing: Markdown with findings, citations and diagrams",
     "casegraph report INPUT... -o DIR [options]", cmd_report, report_help},
    {"screen", "entities of the inputs that a reference list (sanctions list) names",
     "casegraph screen INPUT... --reference FILE [--reference-mapping M] [--json]", cmd_screen,
     NULL},
    {"export", "the graph for other tools: Gephi, Neo4j, spreadsheets, FollowTheMoney, STIX",
     "casegraph export INPUT... --to FORMAT -o PATH [options]", cmd_export, export_help},
    {"help", "show help for a command", "casegraph help [COMMAND]", cmd_help, NULL},
    {"version", "print the version", "casegraph version", cmd_version, NULL},
};
const size_t cli_commands_count = sizeof cli_commands / sizeof cli_commands[0];

static void usage(FILE *f)
{
	fprintf(f, "usage: casegraph COMMAND [ARGS]\n\n"
	           "casegraph merges case files into one entity graph with the source of every "
	           "fact.\n\ncommands:\n");
	for (size_t i = 0; i < cli_commands_count; i++)
		fprintf(f, "  %-8s %s\n", cli_commands[i].name, cli_commands[i].summary);
	fprintf(f, "\nRun 'casegraph COMMAND --help' for a command's options. Exit codes: 0 "
	           "success, 1 failure, 2 usage error, 3 bad input.\n");
}

const cli_command *cli_command_named(const char *name)
{
	for (size_t i = 0; i < cli_commands_count; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

/* Says that name is no command, and which one it may be. */
static void unknown_command(const char *name)
{
	const char *near = cli_suggest_command(name);

	if (near)
		fprintf(stderr, "casegraph: unknown command '%s'; did you mean '%s'?\n", name,
		        near);
	else
		fprintf(stderr, "casegraph: unknown command '%s'\n", name);
}

static int cmd_help(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	                 strcmp(argv[1], "help") == 0)) {
		printf("usage: casegraph help [COMMAND]\n\nWithout a command, lists the commands; "
		       "with one, prints its options.\n");
		return EXIT_OK;
	}
	if (argc > 1) {
		const cli_command *c = cli_command_named(argv[1]);
		char *args[] = {argv[1], "--help", NULL};
		if (!c) {
			unknown_command(argv[1]);
			return EXIT_USAGE;
		}
		return c->run(2, args);
	}
	usage(stdout);
	return EXIT_OK;
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("casegraph %s\n", CG_VERSION);
	return EXIT_OK;
}

/* SIGINT, SIGTERM, SIGHUP: the temporary files of the outputs being
 * written are removed (the outputs themselves are left as they were), then
 * the signal's default action ends the process as it would have. */
static void on_stop_signal(int sig)
{
	cg_outfile_remove_temporaries();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_stop_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;
		/* a signal ignored by the parent (nohup) stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
}

int main(int argc, char **argv)
{
	const cli_command *c;
	int rc;

#ifdef __GLIBC__
	/* A fixed threshold for blocks malloc maps on their own: glibc raises
	 * it, by default, to the size of each such block freed (up to 32 MiB),
	 * after which an analysis's large arrays come from the heap and stay
	 * resident once freed. At 1M entities the reading thread's batches
	 * tipped it so: analyze peaked 5 MiB higher (docs/PERFORMANCE.md). */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	cg_analysis_init();
	catch_stop_signals();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(0, NULL);
	c = cli_command_named(argv[1]);
	if (!c) {
		unknown_command(argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	rc = c->run(argc - 1, argv + 1);
	/* results go to stdout: a failed write (a full disk, a closed pipe) is a
	 * failure, not a success with lost output */
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "casegraph: cannot write the output\n");
		if (rc == EXIT_OK)
			rc = EXIT_FAILURE_;
	}
	return rc;
}
