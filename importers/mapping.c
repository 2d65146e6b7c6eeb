/* The mapped-CSV importer: not written yet. Files of this format are detected,
 * and refused with a clear message until it is. */
#include "cg_import.h"

int cg_import_mapping(cg_import *imp, const char *path, cg_import_stats *st, cg_error *err)
{
	(void)imp;
	(void)st;
	return cg_error_set(err, CG_EFORMAT, path, 0, 0,
	                    "this is a mapped-CSV file, and the mapped-CSV importer is not built yet");
}
