/* Fuzz target: a flat CSV file read through a fixed mapping. The first
 * byte chooses the mapping (even: the payments ledger of examples/payments,
 * with filters, templates, date formats, regular expressions and
 * extraction; odd: the OFAC SDN preset, a file without a header whose
 * Remarks column is cut by regular expressions); the rest is the CSV file. */
#include "fuzz.h"

#include <stdio.h>

int fuzz_mapped_csv(const uint8_t *data, size_t size);
int fuzz_mapped_csv(const uint8_t *data, size_t size)
{
	static int ready;
	char mpath[1024], cpath[1024];
	cg_graph *g = NULL;
	int ofac;

	if (!ready) {
		if (fuzz_copy_source("examples/payments/mapping.json", "payments.json") ||
		    fuzz_copy_source("mappings/ofac-sdn.json", "ofac.json"))
			fuzz_fail(__FILE__, __LINE__, "the mappings are not in %s",
			          fuzz_source_root());
		ready = 1;
	}
	if (!size)
		return 0;
	ofac = data[0] & 1;
	snprintf(mpath, sizeof mpath, "%s/%s", fuzz_dir(), ofac ? "ofac.json" : "payments.json");
	fuzz_write(ofac ? "sdn.csv" : "transactions.csv", data + 1, size - 1, cpath, sizeof cpath);
	fuzz_import_mapped(&g, mpath, cpath, NULL, NULL);
	cg_graph_free(g);
	return 0;
}

FUZZ_TARGET(mapped_csv)
