/* Fuzz target: FollowTheMoney entities (JSON Lines), imported into a fresh graph. */
#include "fuzz.h"

int fuzz_ftm(const uint8_t *data, size_t size);
int fuzz_ftm(const uint8_t *data, size_t size)
{
	char path[1024];
	cg_graph *g = NULL;

	fuzz_import(&g, fuzz_write("entities.ftm.json", data, size, path, sizeof path), CG_FMT_FTM,
	            NULL, NULL);
	cg_graph_free(g);
	return 0;
}

FUZZ_TARGET(ftm)
