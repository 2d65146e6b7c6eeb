/* The native JSONL reader (docs/FORMAT.md): one cJSON parse per line, in
 * constant memory per line. */
#include "cg_import.h"

#include "ahead.h"
#include "cg_array.h"
#include "cg_jsonl.h"
#include "import_internal.h"
#include "json_util.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct jctx {
	import_file *in; /* the file, its session and counts */
	long line;
	cg_strpool *ids; /* ids as written in this file */
	cg_map64 id_map; /* file id -> entity */
	cg_eid floor;    /* entities numbered from here on were made by this file */
	/* the entities and links the header announces (-1: it does not), and
	 * the lines of kind entity and link read */
	double want_e, want_l;
	size_t got_e, got_l;
	/* scratch arrays of borrowed strings */
	const char **strs;
	size_t strs_cap;
	cg_prop *props;
	size_t props_cap;
	cg_prov *provs;
	size_t provs_cap;
	/* the provenance member get_provs found wrong (ROW_BAD_MEMBER): its
	 * name and the reason, a format with one %s for it */
	const char *bad_name, *bad_fmt;
} jctx;

static int reject(jctx *j, const char *fmt, const char *arg)
{
	cg_error diag;
	cg_error_set(&diag, CG_EPARSE, j->in->path, j->line, 0, fmt, arg);
	return import_reject(j->in->imp, j->in->st, &diag, j->in->err);
}

/* What the readers of a row's members return: 0, a negative CG_E* code
 * (CG_ENOMEM: the import fails), or a positive reason the row is malformed
 * (it is rejected). Positive, so that no reason is ever taken for an error
 * code or an error code for a reason. */
enum {
	ROW_BAD = 1,        /* missing, or not of the shape the format says */
	ROW_BAD_LINE = 2,   /* a provenance "line" that is no line number */
	ROW_BAD_MEMBER = 3, /* a provenance member unknown or of the wrong type */
};

/* A member the format defines (docs/FORMAT.md): its name, the cJSON types
 * its value may have, and the reason when it has another, a format with one
 * %s for the name. Only the value's own type is checked here; the elements
 * of an array or object are checked where they are read. */
typedef struct member {
	const char *name;
	int types;
	const char *bad;
} member;

/* The reasons, each a format with one %s for the member's name. */
#define BAD_STR       "bad %s: not a string"
#define BAD_STRS      "bad %s: not an array of strings"
#define BAD_BOOL      "bad %s: not true or false"
#define BAD_PROPS     "bad %s: not an object of string arrays"
#define BAD_PROV      "bad %s: need [{\"file\",\"line\",\"case\"...}]"
#define BAD_PROV_STR  "bad prov: \"%s\" is not a string"
#define BAD_PROV_BOOL "bad prov: \"%s\" is not true or false"
#define BAD_PROV_LINE "bad prov: \"%s\" is not a whole number from 0 to 4294967295"
#define BOOL          (cJSON_True | cJSON_False)

/* Every member the writer (graph/cg_jsonl.c) writes, and no other: a member
 * not here is a misspelling, an edit, or a newer version's (which would
 * change the header's version), and its data would be lost. */
static const member entity_members[] = {
    {"kind", cJSON_String, BAD_STR},    {"id", cJSON_String, BAD_STR},
    {"type", cJSON_String, BAD_STR},    {"name", cJSON_String, BAD_STR},
    {"aliases", cJSON_Array, BAD_STRS}, {"roles", cJSON_Array, BAD_STRS},
    {"keys", cJSON_Array, BAD_STRS},    {"flags", cJSON_Array, BAD_STRS},
    {"props", cJSON_Object, BAD_PROPS}, {"prov", cJSON_Array, BAD_PROV},
};
static const member link_members[] = {
    {"kind", cJSON_String, BAD_STR},     {"type", cJSON_String, BAD_STR},
    {"source", cJSON_String, BAD_STR},   {"target", cJSON_String, BAD_STR},
    {"directed", BOOL, BAD_BOOL},        {"amount", cJSON_String, BAD_STR},
    {"currency", cJSON_String, BAD_STR}, {"props", cJSON_Object, BAD_PROPS},
    {"prov", cJSON_Array, BAD_PROV},
};
/* A link's provenance keeps file, line, case and time span only (the graph
 * keeps no local id, merge key or name-only flag for a link, and the writer
 * writes none). */
static const member entity_prov_members[] = {
    {"file", cJSON_String, BAD_PROV_STR},       {"line", cJSON_Number, BAD_PROV_LINE},
    {"case", cJSON_String, BAD_PROV_STR},       {"id", cJSON_String, BAD_PROV_STR},
    {"via", cJSON_String, BAD_PROV_STR},        {"name_only", BOOL, BAD_PROV_BOOL},
    {"first_seen", cJSON_String, BAD_PROV_STR}, {"last_seen", cJSON_String, BAD_PROV_STR},
    {"reference", BOOL, BAD_PROV_BOOL},
};
static const member link_prov_members[] = {
    {"file", cJSON_String, BAD_PROV_STR},      {"line", cJSON_Number, BAD_PROV_LINE},
    {"case", cJSON_String, BAD_PROV_STR},      {"first_seen", cJSON_String, BAD_PROV_STR},
    {"last_seen", cJSON_String, BAD_PROV_STR}, {"reference", BOOL, BAD_PROV_BOOL},
};

/* The first member of object o that is not in m[0..n) or whose value is of
 * another type, with *fmt the reason: a format with one %s for the name
 * returned (unknown is the one for an unknown member). NULL when there is
 * none. */
static const char *odd_member(const cJSON *o, const member *m, size_t n, const char *unknown,
                              const char **fmt)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, o)
	{
		size_t i = 0;
		while (i < n && strcmp(v->string, m[i].name) != 0)
			i++;
		if (i == n || !((v->type & 0xFF) & m[i].types)) {
			*fmt = i == n ? unknown : m[i].bad;
			return v->string;
		}
	}
	return NULL;
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Room for need elements in arr (cap allocated), or return CG_ENOMEM. */
#define GROW_TO(arr, cap, need)                                                                    \
	do {                                                                                       \
		if (CG_ARRAY_GROW(arr, cap, need, 16))                                             \
			return CG_ENOMEM;                                                          \
	} while (0)

static const char *get_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Appends the strings of array `key` to j->strs from *n. ROW_BAD when the
 * member is there but is not an array of strings; CG_ENOMEM. */
static int get_str_array(jctx *j, const cJSON *o, const char *key, size_t *n)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key), *v;

	if (!a)
		return 0;
	if (!cJSON_IsArray(a))
		return ROW_BAD;
	cJSON_ArrayForEach(v, a)
	{
		if (!cJSON_IsString(v))
			return ROW_BAD;
		GROW_TO(j->strs, j->strs_cap, *n + 1);
		j->strs[(*n)++] = v->valuestring;
	}
	return 0;
}

static int get_props(jctx *j, const cJSON *o, size_t *n)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "props"), *name, *v;

	*n = 0;
	if (!p)
		return 0;
	if (!cJSON_IsObject(p))
		return ROW_BAD;
	cJSON_ArrayForEach(name, p)
	{
		if (!cJSON_IsArray(name))
			return ROW_BAD;
		cJSON_ArrayForEach(v, name)
		{
			if (!cJSON_IsString(v))
				return ROW_BAD;
			GROW_TO(j->props, j->props_cap, *n + 1);
			j->props[*n].name = name->string;
			j->props[(*n)++].value = v->valuestring;
		}
	}
	return 0;
}

/* The provenance records of o into j->provs, each of the members m[0..nm)
 * (entity_prov_members or link_prov_members). 0, ROW_BAD when they are
 * missing or malformed, ROW_BAD_LINE for a line that is no line number,
 * ROW_BAD_MEMBER for a member unknown or of the wrong type (named in
 * j->bad_name, j->bad_fmt); CG_ENOMEM. */
static int get_provs(jctx *j, const cJSON *o, const member *m, size_t nm, size_t *n)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "prov"), *p;

	*n = 0;
	if (!cJSON_IsArray(a))
		return ROW_BAD;
	cJSON_ArrayForEach(p, a)
	{
		const cJSON *line = cJSON_GetObjectItemCaseSensitive(p, "line");
		const cJSON *no = cJSON_GetObjectItemCaseSensitive(p, "name_only");
		const cJSON *ref = cJSON_GetObjectItemCaseSensitive(p, "reference");
		cg_prov pr = {0};
		if (!cJSON_IsObject(p))
			return ROW_BAD;
		if ((j->bad_name =
		         odd_member(p, m, nm, "bad prov: unknown member '%.64s'", &j->bad_fmt)))
			return ROW_BAD_MEMBER;
		if (!line)
			return ROW_BAD;
		if (!(line->valuedouble >= 0 && line->valuedouble <= 4294967295.0 &&
		      line->valuedouble == floor(line->valuedouble)))
			return ROW_BAD_LINE;
		pr.file = get_str(p, "file");
		pr.case_name = get_str(p, "case");
		pr.local_id = get_str(p, "id");
		pr.via = get_str(p, "via");
		/* the span exactly as saved: "" when none, so that the graph does
		 * not take one from the properties */
		pr.first_seen = get_str(p, "first_seen");
		pr.last_seen = get_str(p, "last_seen");
		if (!pr.first_seen)
			pr.first_seen = "";
		if (!pr.last_seen)
			pr.last_seen = "";
		pr.line = (long)line->valuedouble;
		pr.flags = (cJSON_IsTrue(no) ? CG_PF_NAME_ONLY : 0u) |
		           (cJSON_IsTrue(ref) ? CG_PF_REFERENCE : 0u);
		if (!pr.file || !pr.case_name)
			return ROW_BAD;
		if (!pr.via)
			pr.via = ""; /* a record that created its entity: keep "no via" */
		GROW_TO(j->provs, j->provs_cap, *n + 1);
		j->provs[(*n)++] = pr;
	}
	return *n ? 0 : ROW_BAD;
}

/* Rejects a row for the reason get_provs gave. */
static int reject_prov(jctx *j, int why)
{
	if (why == ROW_BAD_MEMBER)
		return reject(j, j->bad_fmt, j->bad_name);
	return reject(j, why == ROW_BAD_LINE ? BAD_PROV_LINE : BAD_PROV,
	              why == ROW_BAD_LINE ? "line" : "prov");
}

static int entity_line(jctx *j, const cJSON *o)
{
	cg_entity_rec rec = CG_ENTITY_REC_INIT;
	size_t ns = 0, na, nr, nk, nf, np, nprov;
	cg_error gerr;
	cg_eid e;
	uint32_t idstr;
	const char *odd, *why;
	int rc;

	if ((odd = odd_member(o, entity_members, N_OF(entity_members), "unknown member '%.64s'",
	                      &why)))
		return reject(j, why, odd);
	rec.id = get_str(o, "id");
	rec.type = get_str(o, "type");
	rec.name = get_str(o, "name");
	if (!rec.id || !*rec.id || !rec.type || !rec.name)
		return reject(j, "entity without id, type or name%s", "");
	if ((idstr = cg_strpool_find(j->ids, rec.id, strlen(rec.id))) &&
	    cg_map64_get(&j->id_map, idstr, &e))
		return reject(j, "entity id '%.200s' appears twice in this file", rec.id);
	/* the file's other entities stay other entities (docs/FORMAT.md) */
	rec.restore_floor = j->floor;
	if ((rc = get_str_array(j, o, "aliases", &ns)))
		return rc < 0 ? rc : reject(j, BAD_STRS, "aliases");
	na = ns;
	if ((rc = get_str_array(j, o, "roles", &ns)))
		return rc < 0 ? rc : reject(j, BAD_STRS, "roles");
	nr = ns;
	if ((rc = get_str_array(j, o, "keys", &ns)))
		return rc < 0 ? rc : reject(j, BAD_STRS, "keys");
	nk = ns;
	if ((rc = get_str_array(j, o, "flags", &ns)))
		return rc < 0 ? rc : reject(j, BAD_STRS, "flags");
	nf = ns;
	if (nk == nr)
		return reject(j, "entity without identity keys%s", "");
	for (size_t i = nk; i < nf; i++) {
		unsigned bit = cg_entity_flag_from_string(j->strs[i]);
		if (!bit)
			return reject(j, "unknown flag '%.64s'", j->strs[i]);
		rec.flags |= bit;
	}
	if ((rc = get_props(j, o, &np)))
		return rc < 0 ? rc : reject(j, BAD_PROPS, "props");
	if ((rc = get_provs(j, o, entity_prov_members, N_OF(entity_prov_members), &nprov)))
		return rc < 0 ? rc : reject_prov(j, rc);
	rec.aliases = j->strs;
	rec.n_aliases = na;
	rec.roles = j->strs + na;
	rec.n_roles = nr - na;
	rec.keys = j->strs + nr;
	rec.n_keys = nk - nr;
	rec.props = j->props;
	rec.n_props = np;
	rec.prov = j->provs;
	rec.n_prov = nprov;
	if ((rc = import_add_entity(j->in, &rec, &e, &gerr)))
		return rc < 0 ? rc : reject(j, "%s", gerr.message);
	if ((rc = cg_strpool_intern(j->ids, rec.id, strlen(rec.id), &idstr)) ||
	    (rc = cg_map64_put(&j->id_map, idstr, e)))
		return rc;
	j->in->st->imported++;
	return 0;
}

static cg_eid resolve(jctx *j, const char *id)
{
	uint32_t s = cg_strpool_find(j->ids, id, strlen(id)), e;

	if (s && cg_map64_get(&j->id_map, s, &e))
		return e;
	return cg_graph_find_id(j->in->g, id);
}

static int link_line(jctx *j, const cJSON *o)
{
	cg_link_rec rec = CG_LINK_REC_INIT;
	const cJSON *dir = cJSON_GetObjectItemCaseSensitive(o, "directed");
	const char *src = get_str(o, "source"), *dst = get_str(o, "target");
	const char *odd, *why;
	size_t np, nprov;
	cg_error gerr;
	int rc;

	if ((odd = odd_member(o, link_members, N_OF(link_members), "unknown member '%.64s'", &why)))
		return reject(j, why, odd);
	rec.type = get_str(o, "type");
	if (!rec.type || !src || !dst)
		return reject(j, "link without type, source or target%s", "");
	if ((rec.source = resolve(j, src)) == CG_NO_ENTITY)
		return reject(j, "unknown source id '%.200s'", src);
	if ((rec.target = resolve(j, dst)) == CG_NO_ENTITY)
		return reject(j, "unknown target id '%.200s'", dst);
	rec.directed = dir ? cJSON_IsTrue(dir) : -1;
	rec.amount = get_str(o, "amount");
	rec.currency = get_str(o, "currency");
	if ((rc = get_props(j, o, &np)))
		return rc < 0 ? rc : reject(j, BAD_PROPS, "props");
	if ((rc = get_provs(j, o, link_prov_members, N_OF(link_prov_members), &nprov)))
		return rc < 0 ? rc : reject_prov(j, rc);
	rec.props = j->props;
	rec.n_props = np;
	rec.prov = j->provs;
	rec.n_prov = nprov;
	if ((rc = import_add_link(j->in, &rec, NULL, &gerr)))
		return rc < 0 ? rc : reject(j, "%s", gerr.message);
	j->in->st->imported++;
	return 0;
}

/* The header's members; the types are checked below, with their own
 * messages (any type passes here). */
static const member header_members[] = {{"format", 0xFF, NULL},
                                        {"version", 0xFF, NULL},
                                        {"entities", 0xFF, NULL},
                                        {"links", 0xFF, NULL}};

/* Whether a header count is absent or a whole number a file can hold (a
 * JSON number is a double: 1e999 is infinite, 2.5 no count). */
static int count_ok(const cJSON *v)
{
	if (!v)
		return 1;
	return cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble >= 0 &&
	       v->valuedouble <= 9007199254740992.0 && v->valuedouble == floor(v->valuedouble);
}

/* Reads the header, on the first line that is not blank:
 * {"format":"casegraph","version":N}, with the counts it may announce into
 * j->want_e and j->want_l (left -1 when absent). 0, or CG_EFORMAT with
 * *j->in->err set: no header, a version this build does not read, a member
 * version 1 does not define, a count that is no count. */
static int header_parsed(jctx *j, const cJSON *o)
{
	import_file *in = j->in;
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(o, "version");
	const cJSON *ne = cJSON_GetObjectItemCaseSensitive(o, "entities");
	const cJSON *nl = cJSON_GetObjectItemCaseSensitive(o, "links");
	const char *fmtname = get_str(o, "format"), *odd, *why;
	int rc = 0;

	if (!o || !fmtname || strcmp(fmtname, "casegraph") != 0 || !cJSON_IsNumber(ver)) {
		rc = cg_error_set(in->err, CG_EFORMAT, in->path, j->line, 0,
		                  "not a casegraph JSONL header");
		goto out;
	}
	if (ver->valuedouble != CG_JSONL_VERSION) {
		rc = cg_error_set(in->err, CG_EFORMAT, in->path, j->line, 0,
		                  "casegraph JSONL version %g is not supported (this build "
		                  "reads version %d)",
		                  ver->valuedouble, CG_JSONL_VERSION);
		goto out;
	}
	/* after the version: a newer version may well have members this one
	 * does not know, and is refused for its version */
	if ((odd = odd_member(o, header_members, N_OF(header_members), "unknown member '%.64s'",
	                      &why))) {
		rc = cg_error_set(in->err, CG_EFORMAT, in->path, j->line, 0,
		                  "bad casegraph JSONL header: unknown member '%.64s'", odd);
		goto out;
	}
	if (!count_ok(ne) || !count_ok(nl)) {
		rc = cg_error_set(in->err, CG_EFORMAT, in->path, j->line, 0,
		                  "bad casegraph JSONL header: '%s' is not a count",
		                  count_ok(ne) ? "links" : "entities");
		goto out;
	}
	j->want_e = ne ? ne->valuedouble : -1;
	j->want_l = nl ? nl->valuedouble : -1;
out:
	return rc;
}

static int read_header(jctx *j, const char *text, size_t tlen, int too_long)
{
	long el = 0, ec = 0;
	cJSON *o = too_long ? NULL : ju_parse(text, tlen, j->line, &el, &ec);
	int rc;

	if (!o && !too_long && ju_parse_nomem())
		return cg_error_set(j->in->err, CG_ENOMEM, j->in->path, j->line, 0,
		                    "out of memory");
	rc = header_parsed(j, o);
	cJSON_Delete(o);
	return rc;
}

/* Reads one line after the header, counted as read: an entity or a link
 * (entity_line, link_line; counted in j->got_e or j->got_l by its kind),
 * or rejected when it is too long, not one JSON object or of no known
 * kind. 0, or the code that fails the import with *j->in->err set
 * (CG_ENOMEM; CG_EREJECT in strict mode). */
/* A row's JSON, parsed (ju_parse_why: o, or NULL with el, ec and why),
 * into an entity or a link. o stays the caller's. */
static int row_parsed(jctx *j, const cJSON *o, long ec, const char *why)
{
	import_file *in = j->in;
	const char *kind;
	int rc;

	if (!o || !cJSON_IsObject(o)) {
		cg_error diag;
		cg_error_set(&diag, CG_EPARSE, in->path, j->line, o ? 1 : (int)ec, "%s",
		             o ? "not a JSON object" : why);
		return import_reject(in->imp, in->st, &diag, in->err);
	}
	kind = get_str(o, "kind");
	if (kind && strcmp(kind, "entity") == 0) {
		j->got_e++;
		rc = entity_line(j, o);
	} else if (kind && strcmp(kind, "link") == 0) {
		j->got_l++;
		rc = link_line(j, o);
	} else {
		rc = reject(j, "unknown kind '%.32s' (entity or link)", kind ? kind : "");
	}
	if (rc == CG_ENOMEM)
		cg_error_set(in->err, rc, in->path, j->line, 0, "out of memory");
	return rc;
}

/* A row counted as read; 1 when it is too long, and rejected so (the
 * code, when that fails the import, in *rc). */
static int row_too_long(jctx *j, int too_long, int *rc)
{
	import_file *in = j->in;
	char lim[32];

	in->st->read++;
	if (!too_long)
		return 0;
	snprintf(lim, sizeof lim, "%zu", in->opts->max_record);
	*rc = reject(j, "line longer than %s bytes", lim);
	return 1;
}

static int read_row(jctx *j, const char *text, size_t tlen, int too_long)
{
	long el = 0, ec = 0;
	char why[160];
	cJSON *o;
	int rc = 0;

	if (row_too_long(j, too_long, &rc))
		return rc;
	/* anything after the object (two objects on one line) is an error:
	 * never keep one and drop the other; so are NUL bytes, \u0000 and
	 * duplicate members, which cJSON would let through with a loss */
	o = ju_parse_why(text, tlen, j->line, &el, &ec, why, sizeof why);
	if (!o && ju_parse_nomem())
		return cg_error_set(j->in->err, CG_ENOMEM, j->in->path, j->line, 0,
		                    "out of memory");
	rc = row_parsed(j, o, ec, why);
	cJSON_Delete(o);
	return rc;
}

/* Compares the counts the header announced with the lines read, once the
 * whole file is read (unended: its last line had no newline). A line that
 * could not be read is of no known kind: with rejected lines, only the
 * number of lines can be compared. A writer ends every line, so a last line
 * without its newline was cut. A difference is passed to the diagnostic
 * callback; in strict mode it fails the import: CG_EREJECT with
 * *j->in->err set. Else 0. */
static int check_counts(jctx *j, int unended)
{
	import_file *in = j->in;
	cg_error diag;

	if (in->opts->max_rows || j->want_e < 0 || j->want_l < 0)
		return 0; /* not all read, or nothing announced */
	if (!(unended ||
	      (in->st->rejected ? j->want_e + j->want_l != (double)in->st->read
	                        : j->want_e != (double)j->got_e || j->want_l != (double)j->got_l)))
		return 0;
	if (in->st->rejected || unended)
		cg_error_set(&diag, CG_EPARSE, in->path, j->line, 0,
		             "the header announces %.0f entities and %.0f links, the file has %zu "
		             "lines after it%s: it is truncated or was edited",
		             j->want_e, j->want_l, in->st->read,
		             unended ? ", the last one unfinished" : "");
	else
		cg_error_set(&diag, CG_EPARSE, in->path, j->line, 0,
		             "the header announces %.0f entities and %.0f links, the file has %zu "
		             "and %zu: it is truncated or was edited",
		             j->want_e, j->want_l, j->got_e, j->got_l);
	if (in->opts->diag)
		in->opts->diag(in->opts->diag_ctx, &diag);
	if (in->opts->strict) {
		*in->err = diag;
		return in->err->code = CG_EREJECT;
	}
	return 0;
}

/* ---- reading ahead (ahead.h): lines read and parsed on a second thread ----
 *
 * The thread does what run_jsonl's loop does up to the graph: it reads
 * the lines, counts them, drops a BOM and blank lines, and parses every
 * line (ju_parse_why), each into an item; the calling thread reads the
 * header and adds the rows, in order, as read_row would. Only the thread
 * parses JSON meanwhile (cJSON keeps its last error in a global).
 * The parsed trees belong to the batches: the reading thread deletes them
 * when it fills a batch again (malloc and free on one thread). */

#define JL_BATCH_ITEMS 512
#define JL_BATCH_BYTES (64u << 10)

enum jl_kind { JL_HEADER, JL_ROW, JL_PROGRESS, JL_END };

typedef struct jl_item {
	int kind;      /* enum jl_kind */
	int too_long;  /* the line was cut at max_record */
	long line;     /* its line */
	cJSON *o;      /* a row, parsed; NULL with ec and why when it is not JSON */
	long ec;       /* where the JSON went wrong */
	size_t text;   /* the header's text (offset in the batch's bytes), a row's why */
	size_t len;    /* the header's length */
	int rc;        /* the end: 0, or CG_EIO / CG_ENOMEM at line */
	int unended;   /* the end: the last line had no newline */
	uint64_t done; /* progress */
	uint64_t total;
} jl_item;

typedef struct jl_ahead {
	ahead q;
	ju_reader rd;
	size_t max_record;
	cg_progress_fn progress; /* the caller's, and its context */
	void *progress_ctx;
	int direct; /* no thread after all: progress goes straight to the caller */
	ju_arena arena[AHEAD_BATCHES]; /* the trees of each batch (q.b) */
} jl_ahead;

/* The batch's trees were parsed into its arena (jl_thread): dropped whole. */
static void jl_clear(ahead_batch *b, void *ctx)
{
	jl_ahead *a = ctx;

	for (size_t i = 0; i < b->n_items; i++)
		((jl_item *)(void *)(b->items + i * sizeof(jl_item)))->o = NULL;
	ju_arena_reset(&a->arena[b - a->q.b]);
}

static void jl_progress(void *ctx, const char *path, uint64_t done, uint64_t total)
{
	jl_ahead *a = ctx;
	jl_item *it;

	if (a->direct) {
		a->progress(a->progress_ctx, path, done, total);
		return;
	}
	if (ahead_item(&a->q, (void **)&it))
		return; /* stopped, or no memory: the next line fails too */
	it->kind = JL_PROGRESS;
	it->done = done;
	it->total = total;
}

static void *jl_thread(void *arg)
{
	jl_ahead *a = arg;
	cg_strbuf line = CG_STRBUF_INIT;
	long n = 0;
	int have_header = 0, too_long, r, rc = 0;
	jl_item *it = NULL;

	for (;;) {
		const char *text;
		size_t tlen;
		r = ju_read_line(&a->rd, &line, a->max_record, &too_long);
		if (r <= 0)
			break;
		n++;
		text = cg_strbuf_cstr(&line);
		tlen = line.len;
		if (n == 1 && tlen >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
			text += 3;
			tlen -= 3;
		}
		if (!too_long && ju_blank_line(text, tlen))
			continue;
		if ((rc = ahead_item(&a->q, (void **)&it)))
			break;
		it->line = n;
		it->too_long = too_long;
		it->kind = have_header ? JL_ROW : JL_HEADER;
		have_header = 1;
		if (!too_long) {
			char why[160];
			long el = 0;
			ju_arena_use(&a->arena[a->q.cur - a->q.b]);
			it->o = ju_parse_why(text, tlen, n, &el, &it->ec, why, sizeof why);
			ju_arena_use(NULL);
			if (!it->o && (ju_parse_nomem() ||
			               ahead_put(a->q.cur, why, strlen(why), &it->text))) {
				/* no memory: this item becomes the end, at this line */
				it->kind = JL_END;
				it->rc = CG_ENOMEM;
				ahead_finish(&a->q);
				cg_strbuf_free(&line);
				return NULL;
			}
		}
	}
	if (rc != AHEAD_CANCELLED && !ahead_item(&a->q, (void **)&it)) {
		it->kind = JL_END;
		it->line = n;
		it->rc = r < 0 ? r : rc;
		it->unended = a->rd.unended;
	}
	ahead_finish(&a->q);
	cg_strbuf_free(&line);
	return NULL;
}

/* The caller's side of the reading thread: the header and the rows, in
 * order. 0 or the code that fails the import (with in->err set);
 * *have_header once the header is read, *unended as ju_reader's. */
static int run_ahead(jctx *j, jl_ahead *a, int *have_header, int *unended)
{
	import_file *in = j->in;
	int rc = 0, over = 0;

	while (!over) {
		ahead_batch *b = ahead_take(&a->q);
		for (size_t i = 0; i < b->n_items && !over; i++) {
			const jl_item *it =
			    (const jl_item *)(const void *)(b->items + i * sizeof *it);
			if (it->kind == JL_PROGRESS) {
				in->opts->progress(in->opts->progress_ctx, in->path, it->done,
				                   it->total);
				continue;
			}
			j->line = it->line;
			if (it->kind == JL_END) {
				if (it->rc)
					rc = cg_error_set(in->err, it->rc, in->path, j->line, 0,
					                  it->rc == CG_EIO ? "read error"
					                                   : "out of memory");
				*unended = it->unended;
				over = 1;
			} else if (it->kind == JL_HEADER) {
				*have_header = 1;
				rc = header_parsed(j, it->o);
			} else if (!row_too_long(j, it->too_long, &rc)) {
				rc = row_parsed(j, it->o, it->ec,
				                it->o ? NULL : b->bytes.buf + it->text);
			}
			if (rc)
				over = 1;
		}
		if (!over && b->last) {
			/* no end item: the thread ran out of memory */
			rc =
			    cg_error_set(in->err, CG_ENOMEM, in->path, j->line, 0, "out of memory");
			over = 1;
		}
		ahead_give(&a->q, over);
	}
	return rc;
}

/* Reads a casegraph JSONL file (docs/FORMAT.md): the first non-blank line
 * is the header, the rest are rows (at most opts->max_rows entities
 * and links), then the header's counts are checked. Without max_rows the
 * lines are read and parsed on a second thread (run_ahead). */
static int run_jsonl(import_file *in)
{
	jctx j;
	cg_strbuf line = CG_STRBUF_INIT;
	jl_ahead *a = NULL;
	int ahead_ok = !in->opts->max_rows && !in->opts->one_thread && (a = calloc(1, sizeof *a)) &&
	               !ahead_init(&a->q, sizeof(jl_item), JL_BATCH_ITEMS, JL_BATCH_BYTES, 0);
	FILE *f = cg_import_fopen(
	    in->path, ahead_ok && in->opts->progress ? jl_progress : in->opts->progress,
	    ahead_ok && in->opts->progress ? (void *)a : in->opts->progress_ctx);
	ju_reader rdbuf;
	int rc = 0, have_header = 0, too_long, unended = 0;

	memset(&j, 0, sizeof j);
	j.in = in;
	j.want_e = j.want_l = -1;
	if (!ahead_ok) {
		free(a);
		a = NULL;
	}
	if (!f) {
		rc = cg_error_set(in->err, CG_EIO, in->path, 0, 0, "cannot open: %s",
		                  strerror(errno));
		goto out;
	}
	ju_reader_init(&rdbuf, f);
	j.floor = (cg_eid)cg_graph_entity_count(in->g);
	if (!(j.ids = cg_strpool_new())) {
		rc = cg_error_set(in->err, CG_ENOMEM, in->path, 0, 0, "out of memory");
		goto out;
	}
	if (a) {
		a->rd = rdbuf;
		a->max_record = in->opts->max_record;
		a->progress = in->opts->progress;
		a->progress_ctx = in->opts->progress_ctx;
		a->q.clear = jl_clear;
		a->q.ctx = a;
		if (!ahead_start(&a->q, jl_thread, a)) {
			if ((rc = run_ahead(&j, a, &have_header, &unended)))
				goto out;
			goto counts;
		}
		a->direct = 1; /* no thread to be had: read here */
	}
	for (;;) {
		int r = ju_read_line(&rdbuf, &line, in->opts->max_record, &too_long);
		const char *text;
		size_t tlen;
		if (r < 0) {
			rc = cg_error_set(in->err, r, in->path, j.line, 0,
			                  r == CG_EIO ? "read error" : "out of memory");
			goto out;
		}
		if (r == 0)
			break;
		j.line++;
		text = cg_strbuf_cstr(&line);
		tlen = line.len;
		if (j.line == 1 && tlen >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
			text += 3;
			tlen -= 3;
		}
		if (!too_long && ju_blank_line(text, tlen))
			continue;
		if (!have_header) {
			if ((rc = read_header(&j, text, tlen, too_long)))
				goto out;
			have_header = 1;
			continue;
		}
		if (in->opts->max_rows && j.got_e + j.got_l >= in->opts->max_rows)
			break;
		if ((rc = read_row(&j, text, tlen, too_long)))
			goto out;
	}
	unended = rdbuf.unended;
counts:
	if (!have_header) {
		rc = cg_error_set(in->err, CG_EFORMAT, in->path, 0, 0,
		                  "empty file: no casegraph JSONL header");
		goto out;
	}
	rc = check_counts(&j, unended);
out:
	if (a) {
		ahead_free(&a->q);
		for (int i = 0; i < AHEAD_BATCHES; i++)
			ju_arena_free(&a->arena[i]);
		free(a);
	}
	if (f)
		fclose(f);
	cg_strbuf_free(&line);
	cg_strpool_free(j.ids);
	cg_map64_free(&j.id_map);
	free(j.strs);
	free(j.props);
	free(j.provs);
	return rc;
}

/* casegraph JSONL: its first line is the header {"format":"casegraph"...}. */
static int sniff_jsonl(const char *head, size_t len, const char *path)
{
	char line[4096];

	(void)path;
	import_first_line(head, len, line, sizeof line);
	return import_json_has_member(line, "format", "casegraph");
}

/* casegraph JSONL: a first line {"format": "casegraph", ...}. */
static int sniff_top_jsonl(const import_json_top *t)
{
	return t->root == '{' && t->one_line && strcmp(t->format, "casegraph") == 0;
}

const import_format import_fmt_jsonl = {.fmt = CG_FMT_JSONL,
                                        .name = "jsonl",
                                        .json = 1,
                                        .sniff = sniff_jsonl,
                                        .sniff_top = sniff_top_jsonl,
                                        .run = run_jsonl};
