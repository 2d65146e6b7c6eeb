/* The MISP importer: not written yet. Files of this format are detected,
 * and refused with a clear message until it is. */
#include "cg_import.h"

int cg_import_misp(cg_import *imp, const char *path, cg_import_stats *st, cg_error *err)
{
	(void)imp;
	(void)st;
	return cg_error_set(err, CG_EFORMAT, path, 0, 0,
	                    "this is a MISP file, and the MISP importer is not built yet");
}
