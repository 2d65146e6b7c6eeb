/* Fuzz target: a graph-CSV links file, read after a fixed nodes file of the
 * case "harbor" (so that rows of that case resolve their ids, and rows of
 * any other case make an edge list). */
#include "fuzz.h"

#include <string.h>

static const char nodes[] = "id,type,name,case,role,aliases,dob,nationality,iban\n"
                            "p1,person,Orla Venn,harbor,facilitator,O. Venn,1970-01-01,US,\n"
                            "p2,person,Tamsin Roe,harbor,worker,,,KP,\n"
                            "c1,company,Harbor Quill Trading L.L.C.,harbor,front,,,,\n"
                            "e1,email,ops.desk@harbor-quill.example,harbor,,,,,\n"
                            "b1,bank_account,,harbor,,,,,GB82WEST12345698765432\n"
                            "w1,wallet,bc1qexamplewalletaddress0000000000000000,harbor,,,,,\n";

int fuzz_links_csv(const uint8_t *data, size_t size);
int fuzz_links_csv(const uint8_t *data, size_t size)
{
	char npath[1024], lpath[1024];
	cg_graph *g = NULL;

	fuzz_write("nodes.csv", (const uint8_t *)nodes, strlen(nodes), npath, sizeof npath);
	fuzz_import(&g, npath, CG_FMT_NODES_CSV, NULL, NULL);
	fuzz_import(&g, fuzz_write("links.csv", data, size, lpath, sizeof lpath), CG_FMT_LINKS_CSV,
	            NULL, NULL);
	cg_graph_free(g);
	return 0;
}

FUZZ_TARGET(links_csv)
