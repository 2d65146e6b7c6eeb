/* The mapped-CSV importer's one entry point beyond cg_import_file: a mapping
 * applied to CSV files given elsewhere (docs/MAPPING.md, "Presets").
 *
 * A mapping file names its CSV files relative to itself, so that
 * `casegraph stats case/mapping.json` works. A preset mapping (mappings/)
 * cannot know where the user's copy of sdn.csv lives: this function reads
 * the CSV files it is given through the mapping's rules instead. */
#ifndef CG_MAPPING_H
#define CG_MAPPING_H

#include "cg_api.h"
#include "cg_import.h"

/* Imports csv_paths[0..n) through the mapping file mapping_path, instead of
 * the files the mapping names. When the mapping names one file, every CSV
 * file given is read with its settings; when it names several, each CSV file
 * is matched to the one with the same base name (nodes-officers.csv ...).
 * The mapping is checked in full against every file's header before any row
 * is read. per_file (may be NULL) receives each CSV file's counts, indexed
 * like csv_paths. Errors: as cg_import_file, plus CG_EINVAL when a CSV file
 * matches none of the mapping's files. Cost: one pass over each file. */
CG_API int cg_import_mapping_apply(cg_import *imp, const char *mapping_path,
                                   const char *const *csv_paths, size_t n,
                                   cg_import_stats *per_file, cg_error *err);

#endif
