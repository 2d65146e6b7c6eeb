/* The mapped-CSV importer's entry points (docs/MAPPING.md): a mapping
 * applied to its own files (import_fmt_mapping, the session's table) or to CSV files
 * given elsewhere (cg_import_mapping_apply, cg_mapping.h). How the work is
 * divided between the files of importers/mapping/: mapping_internal.h. */
#include "cg_import.h"

#include "cg_mapping.h"
#include "mapping_internal.h"

#include <stdlib.h>
#include <string.h>

/* ================= entry points ================= */

/* The path of a declared file: relative to the mapping's directory. */
static int decl_path(mapping *m, const decl *d, char **out)
{
	cg_strbuf sb = CG_STRBUF_INIT;

	if (d->path[0] != '/' && cg_strbuf_puts(&sb, m->dir)) {
		cg_strbuf_free(&sb);
		return map_nomem(m);
	}
	if (cg_strbuf_puts(&sb, d->path)) {
		cg_strbuf_free(&sb);
		return map_nomem(m);
	}
	*out = sb.buf;
	return 0;
}

/* The files to read: the mapping's own (relative to it), or (given) the
 * CSV files csvs[0..ncsv), each read with the settings of the declared file
 * of the same base name (of the one file, when the mapping declares one). */
static int inputs_init(mapping *m, int given, const char *const *csvs, size_t ncsv)
{
	int rc;

	m->nins = given ? ncsv : m->ndecls;
	if (!(m->ins = calloc(m->nins ? m->nins : 1, sizeof *m->ins)))
		return map_nomem(m);
	for (size_t i = 0; i < m->nins; i++) {
		input *in = &m->ins[i];
		if (!given) {
			in->decl = (int)i;
			if ((rc = decl_path(m, &m->decls[i], &in->path)))
				return rc;
			import_file_begin(&in->file, m->imp, in->path, CG_FMT_MAPPING, &in->st,
			                  m->err);
			continue;
		}
		if (!(in->path = strdup(csvs[i])))
			return map_nomem(m);
		import_file_begin(&in->file, m->imp, in->path, CG_FMT_MAPPING, &in->st, m->err);
		in->decl = -1;
		for (size_t d = 0; d < m->ndecls && in->decl < 0; d++)
			if (m->ndecls == 1 ||
			    strcmp(base_name(m->decls[d].path), base_name(csvs[i])) == 0)
				in->decl = (int)d;
		if (in->decl < 0)
			return cg_error_set(
			    m->err, CG_EINVAL, csvs[i], 0, 0,
			    "matches none of the files of mapping %s (a CSV file is read with "
			    "the settings of the file of the same name)",
			    m->path);
	}
	return 0;
}

/* Reads the header of every file (or the first row of a file without one,
 * which the declared column names then name). */
static int read_headers(mapping *m)
{
	int rc;

	for (size_t i = 0; i < m->nins; i++) {
		input *in = &m->ins[i];
		const decl *d = &m->decls[in->decl];
		if ((rc = map_read_input(m, i, 1)))
			return rc;
		if (d->header || !d->cols)
			continue;
		if (in->ncols && in->ncols != d->ncols)
			return cg_error_set(m->err, CG_EPARSE, m->path, d->line, 0,
			                    "the mapping names %zu columns, but the first "
			                    "row of %s has %zu",
			                    d->ncols, in->path, in->ncols);
		in->ncols = d->ncols;
		if (!(in->names = calloc(d->ncols ? d->ncols : 1, sizeof *in->names)))
			return map_nomem(m);
		for (size_t k = 0; k < d->ncols; k++) {
			if (!(in->names[k] = strdup(d->cols[k])))
				return map_nomem(m);
			in->nnames = k + 1;
		}
	}
	return 0;
}

/* Adds the counts of every file to st, and copies them to per_file; both
 * may be NULL. */
static void sum_stats(const mapping *m, cg_import_stats *st, cg_import_stats *per_file)
{
	for (size_t i = 0; i < m->nins && m->ins; i++) {
		const cg_import_stats *s = &m->ins[i].st;
		if (per_file)
			per_file[i] = *s;
		if (st)
			cg_import_stats_add(st, s);
	}
}

/* Imports the mapping at path: its own files, or (given) the CSV files csvs.
 * The steps of mapping_internal.h: the mapping compiled, every header read
 * and every column found, every row read, the names looked up, the notes. */
static int import_run(cg_import *imp, const char *path, int given, const char *const *csvs,
                      size_t ncsv, cg_import_stats *st, cg_import_stats *per_file, cg_error *err)
{
	mapping m;
	int rc;

	memset(&m, 0, sizeof m);
	m.imp = imp;
	m.err = err;
	if ((rc = map_load(&m, path)) || (rc = inputs_init(&m, given, csvs, ncsv)) ||
	    (rc = read_headers(&m)) || (rc = map_resolve_columns(&m)))
		goto out;
	/* each CSV file is a source of its own for equal transactions
	 * (cg_graph_begin_source); the links resolved at the end count in the
	 * last file's */
	for (size_t i = 0; i < m.nins && !rc; i++) {
		cg_graph_begin_source(imp->g);
		rc = map_read_input(&m, i, 0);
	}
	if (!rc)
		rc = map_resolve_pending(&m);
	if (!rc)
		map_notices(&m);
out:
	sum_stats(&m, st, per_file);
	map_free(&m);
	return rc;
}

/* A mapping: a JSON object with "entities" and "files" (or "file"). */
static int sniff_mapping(const char *head, size_t len, const char *path)
{
	(void)len;
	(void)path;
	return import_json_has_member(head, "entities", NULL) &&
	       (import_json_has_member(head, "files", NULL) ||
	        import_json_has_member(head, "file", NULL));
}

/* The mapping's own files; each CSV file gets an import_file of its own
 * (its path, its directory's case, its counts), summed into f's. */
static int run_mapping(import_file *f)
{
	return import_run(f->imp, f->path, 0, NULL, 0, f->st, NULL, f->err);
}

/* A mapping: top-level "entities" and "files" (or "file"). */
static int sniff_top_mapping(const import_json_top *t)
{
	return t->root == '{' && import_top_has(t, "entities") &&
	       (import_top_has(t, "files") || import_top_has(t, "file"));
}

const import_format import_fmt_mapping = {.fmt = CG_FMT_MAPPING,
                                          .name = "mapping",
                                          .json = 1,
                                          .sniff = sniff_mapping,
                                          .sniff_top = sniff_top_mapping,
                                          .run = run_mapping};

int cg_import_mapping_apply(cg_import *imp, const char *mapping_path, const char *const *csv_paths,
                            size_t n, cg_import_stats *per_file, cg_error *err)
{
	if (per_file)
		memset(per_file, 0, n * sizeof *per_file);
	return import_run(imp, mapping_path, 1, csv_paths, n, NULL, per_file, err);
}
