/* Fuzz target: a graph-CSV nodes file, imported into a fresh graph. */
#include "fuzz.h"

int fuzz_nodes_csv(const uint8_t *data, size_t size);
int fuzz_nodes_csv(const uint8_t *data, size_t size)
{
	char path[1024];
	cg_graph *g = NULL;

	fuzz_import(&g, fuzz_write("nodes.csv", data, size, path, sizeof path), CG_FMT_NODES_CSV,
	            NULL, NULL);
	cg_graph_free(g);
	return 0;
}

FUZZ_TARGET(nodes_csv)
