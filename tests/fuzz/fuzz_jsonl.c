/* Fuzz target: a casegraph JSONL graph, imported into a fresh graph. */
#include "fuzz.h"

int fuzz_jsonl(const uint8_t *data, size_t size);
int fuzz_jsonl(const uint8_t *data, size_t size)
{
	char path[1024];
	cg_graph *g = NULL;

	fuzz_import(&g, fuzz_write("graph.jsonl", data, size, path, sizeof path), CG_FMT_JSONL,
	            NULL, NULL);
	cg_graph_free(g);
	return 0;
}

FUZZ_TARGET(jsonl)
