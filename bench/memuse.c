/* cg-memuse: loads inputs the way casegraph does and prints what the graph
 * holds, structure by structure (cg_graph_memory_use), and the process's
 * peak resident size. For docs/PERFORMANCE.md:
 *
 *   cg-memuse nodes.csv links.csv
 */
#include "cg_graph.h"
#include "cg_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static double mb(size_t b)
{
	return (double)b / 1048576.0;
}

int main(int argc, char **argv)
{
	cg_graph *g = cg_graph_new();
	cg_import_opts o = CG_IMPORT_OPTS_INIT;
	cg_import *imp;
	cg_error err;
	cg_graph_mem m;
	struct rusage ru;

	if (argc < 2) {
		fprintf(stderr, "usage: cg-memuse INPUT...\n");
		return 2;
	}
	if (!g || !(imp = cg_import_new(g, &o))) {
		fprintf(stderr, "cg-memuse: out of memory\n");
		return 1;
	}
	cg_error_clear(&err);
	if (cg_import_files(imp, (const char *const *)argv + 1, (size_t)argc - 1, NULL, NULL,
	                    &err)) {
		fprintf(stderr, "cg-memuse: %s\n", err.message);
		return 1;
	}
	cg_graph_memory_use(g, &m);
	getrusage(RUSAGE_SELF, &ru);
	printf("entities %zu, links %zu, strings %zu\n", cg_graph_entity_count(g),
	       cg_graph_link_count(g), m.n_strings);
	printf("%-12s %9s\n", "structure", "MB");
	printf("%-12s %9.1f\n", "strings", mb(m.strings));
	printf("%-12s %9.1f\n", "entities", mb(m.entities));
	printf("%-12s %9.1f\n", "links", mb(m.links));
	printf("%-12s %9.1f\n", "lists", mb(m.cells));
	printf("%-12s %9.1f\n", "provenance", mb(m.provenance));
	printf("%-12s %9.1f\n", "indexes", mb(m.indexes));
	printf("%-12s %9.1f  (capacities; pages never touched are not resident)\n", "total",
	       mb(m.total));
	printf("%-12s %9.1f\n", "peak RSS", (double)ru.ru_maxrss / 1024.0);
	cg_import_free(imp);
	cg_graph_free(g);
	return 0;
}
