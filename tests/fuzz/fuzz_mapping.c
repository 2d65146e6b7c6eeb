/* Fuzz target: a mapping file itself (JSON), read with the CSV files it may
 * name beside it: transactions.csv (examples/payments), sdn.csv (fictional
 * rows in the OFAC layout), the ICIJ Offshore Leaks files of
 * tests/data/mapping/icij, and a.csv / b.csv (small files of the test
 * suite's shape). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sdn[] =
    "1,\"VENN, Orla\",individual,DPRK3,-0-,-0-,-0-,-0-,-0-,-0-,-0-,\"a.k.a. 'O. Venn'; DOB 01 Jan "
    "1970; Email ops.desk@harbor-quill.example; Linked To: HARBOR QUILL TRADING L.L.C.\"\n"
    "2,HARBOR QUILL TRADING L.L.C.,-0-,DPRK3] [CYBER2,-0-,-0-,-0-,-0-,-0-,-0-,-0-,\"Website "
    "harbor-quill.example; Digital Currency Address - XBT "
    "bc1qexamplewalletaddress00000000000000;\"\n"
    "3,SEA LANTERN,vessel,DPRK3,-0-,HMXX,Cargo,1200,-0-,Panama,-0-,\"IMO 9000001;\"\n";

static const char a_csv[] = "id,name,type,country,iban,date,amount,currency,notes\n"
                            "1,Orla Venn,person,US,GB82WEST12345698765432,2023-03-15,1250.00,USD,"
                            "Linked To: Tamsin Roe.\n"
                            "2,Tamsin Roe,person,KP,,15/03/2023,-0,EUR,\n";

static const char b_csv[] = "src,dst,kind\n1,2,associate_of\n2,3,pays\n";

static void setup(void)
{
	static const char *const icij[] = {"nodes-addresses.csv",      "nodes-entities.csv",
	                                   "nodes-intermediaries.csv", "nodes-officers.csv",
	                                   "nodes-others.csv",         "relationships.csv"};
	char path[1024], rel[256];

	if (fuzz_copy_source("examples/payments/transactions.csv", "transactions.csv"))
		fuzz_fail(__FILE__, __LINE__, "examples/ is not in %s", fuzz_source_root());
	for (size_t i = 0; i < sizeof icij / sizeof *icij; i++) {
		snprintf(rel, sizeof rel, "tests/data/mapping/icij/%s", icij[i]);
		if (fuzz_copy_source(rel, icij[i]))
			fuzz_fail(__FILE__, __LINE__, "%s is not in %s", rel, fuzz_source_root());
	}
	fuzz_write("sdn.csv", (const uint8_t *)sdn, strlen(sdn), path, sizeof path);
	fuzz_write("a.csv", (const uint8_t *)a_csv, strlen(a_csv), path, sizeof path);
	fuzz_write("b.csv", (const uint8_t *)b_csv, strlen(b_csv), path, sizeof path);
}

int fuzz_mapping(const uint8_t *data, size_t size);
int fuzz_mapping(const uint8_t *data, size_t size)
{
	static int ready;
	char path[1024];
	cg_graph *g = NULL;

	if (!ready) {
		setup();
		ready = 1;
	}
	fuzz_import(&g, fuzz_write("mapping.json", data, size, path, sizeof path), CG_FMT_MAPPING,
	            NULL, NULL);
	cg_graph_free(g);
	return 0;
}

FUZZ_TARGET(mapping)
