/* Fuzz target: a threat-intelligence report (Markdown or text), searched for
 * the names of a fixed gazetteer (the shipped DPRK threat actors plus a few
 * persons and companies). */
#include "fuzz.h"

#include <stdio.h>
#include <string.h>

static const char gaz_nodes[] = "id,type,name,case,aliases\n"
                                "p1,person,Orla Venn,gaz,O. Venn\n"
                                "c1,company,Harbor Quill Trading L.L.C.,gaz,Harbor Quill\n"
                                "d1,domain,harbor-quill.example,gaz,\n";

static cg_graph *gazetteer(void)
{
	static cg_graph *gaz;
	char path[1024];

	if (gaz)
		return gaz;
	fuzz_write("gaz.csv", (const uint8_t *)gaz_nodes, strlen(gaz_nodes), path, sizeof path);
	fuzz_import(&gaz, path, CG_FMT_NODES_CSV, NULL, NULL);
	if (fuzz_copy_source("gazetteers/dprk-threat-actors.csv", "actors.csv") == 0) {
		char apath[1024];
		snprintf(apath, sizeof apath, "%s/actors.csv", fuzz_dir());
		fuzz_import(&gaz, apath, CG_FMT_UNKNOWN, NULL, NULL);
	}
	return gaz;
}

int fuzz_report(const uint8_t *data, size_t size);
int fuzz_report(const uint8_t *data, size_t size)
{
	char path[1024];
	cg_graph *g = NULL;
	cg_import_opts o = fuzz_opts();

	o.gazetteer = gazetteer();
	fuzz_import(&g, fuzz_write("report.md", data, size, path, sizeof path), CG_FMT_REPORT, &o,
	            NULL);
	cg_graph_free(g);
	return 0;
}

FUZZ_TARGET(report)
