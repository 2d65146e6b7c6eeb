/* casegraph: the command-line front end. Thin: parse the command name,
 * dispatch, return an exit code. */
#include "cli.h"

#include "cg_components.h"

#include <stdio.h>
#include <string.h>

#ifndef CG_VERSION
#define CG_VERSION "dev"
#endif

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

const cli_command cli_commands[] = {
	{ "import", "merge inputs into one graph file",
	  "casegraph import INPUT... -o GRAPH.jsonl [options]", cmd_import },
	{ "stats", "counts by type and case, merges, rejected rows",
	  "casegraph stats INPUT... [--json] [options]", cmd_stats },
	{ "merges", "every merged entity with the keys and sources that merged it",
	  "casegraph merges INPUT... [--json] [options]", cmd_merges },
	{ "clusters", "communities with members, cases, central entities and money",
	  "casegraph clusters INPUT... [--method leiden|louvain] [--resolution R] [--json]",
	  cmd_clusters },
	{ "brokers", "intermediaries ranked, with the measures that rank them",
	  "casegraph brokers INPUT... [--by case|cluster|country|type] [--json]", cmd_brokers },
	{ "shared", "entities shared between cases, with evidence and case overlaps",
	  "casegraph shared INPUT... [--types T,...] [--max-cases N] [--json]", cmd_shared },
	{ "path", "how two entities connect, hop by hop with citations",
	  "casegraph path INPUT... --from A --to B [-k N] [--via-types T,...] [--json]", cmd_path },
	{ "network", "the network connecting several entities",
	  "casegraph network INPUT... --seeds A,B,C [--json]", cmd_network },
	{ "money", "money in and out per entity and cluster, largest flows",
	  "casegraph money INPUT... [--from DATE] [--to DATE] [--json]", cmd_money },
	{ "help", "show help for a command", "casegraph help [COMMAND]", cmd_help },
	{ "version", "print the version", "casegraph version", cmd_version },
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

static const cli_command *find(const char *name)
{
	for (size_t i = 0; i < cli_commands_count; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
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
		const cli_command *c = find(argv[1]);
		char *args[] = { argv[1], "--help", NULL };
		if (!c) {
			fprintf(stderr, "casegraph: unknown command '%s'\n", argv[1]);
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

int main(int argc, char **argv)
{
	const cli_command *c;
	int rc;

	cg_analysis_init();
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
	c = find(argv[1]);
	if (!c) {
		fprintf(stderr, "casegraph: unknown command '%s'\n", argv[1]);
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
