/* Fuzz target: a STIX bundle, imported into a fresh graph. */
#include "fuzz.h"

int fuzz_stix(const uint8_t *data, size_t size);
int fuzz_stix(const uint8_t *data, size_t size)
{
	char path[1024];
	cg_graph *g = NULL;

	fuzz_import(&g, fuzz_write("bundle.json", data, size, path, sizeof path), CG_FMT_STIX, NULL,
	            NULL);
	cg_graph_free(g);
	return 0;
}

FUZZ_TARGET(stix)
