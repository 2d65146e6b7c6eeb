/* Analyst judgements (docs/MODEL.md, "Judgements"): the file given with
 * --judgements, read into a table that the graph consults while loading
 * (cg_graph_set_judge), and appended to by merges --accept / --reject.
 *
 * A judgement names two sides, each an entity id ("person:kim chol jin")
 * or a record reference ("@CASE/ID", "@FILE:LINE"). A record matches a
 * reference when one of its provenance records has that case and local id,
 * or that file and line; an entity id matches the entity of that id, and
 * the record that is about to make it. Every side is interned in one
 * string pool, whose ids index the sides' tables, so that matching a
 * record costs two look-ups per provenance record. */
#include "cli.h"

#include "cg_array.h"
#include "cg_hash.h"
#include "cg_normalize.h"
#include "cg_strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The longest line of a judgements file. */
#define MAX_JUDGEMENT_LINE 65536

typedef struct judgement {
	uint32_t a, b; /* the sides: ids in the pool */
	long line;     /* where it was read */
	int same;      /* 1 same, 0 different */
	int active;    /* 0 when a later line judged the same pair */
} judgement;

/* What is known of one side (indexed by its id in the pool). */
typedef struct side {
	uint32_t *js; /* the judgements naming it */
	size_t n_js, cap_js;
	cg_eid *placed; /* a record reference: the entities its records went into */
	size_t n_placed, cap_placed;
} side;

struct cli_judgements {
	char *path;
	cg_strpool *pool; /* the sides, interned; "@..." are record references */
	side *sides;      /* by pool id */
	size_t cap_sides;
	judgement *js;
	size_t n_js, cap_js;
	cg_map64 pairs; /* (lower side << 32 | higher side) -> its latest judgement */
	int has_refs;   /* some side is a record reference */
	int has_apart;  /* some active judgement is "different" */
	/* scratch, reused by every call from the graph */
	cg_strbuf name;  /* a reference being looked up */
	cg_strbuf why;   /* "judged at FILE:LINE" */
	uint32_t *found; /* the sides a record matches */
	size_t n_found, cap_found;
};

/* ---- reading the file ---- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Reads one token of line at *p into tok: a word up to a blank, or a
 * double-quoted text with \" \\ \n \t escapes. NULL, or the reason the
 * token is bad (*nomem set when out of memory). */
static const char *token(const char **p, cg_strbuf *tok, int *nomem)
{
	const char *s = *p;

	cg_strbuf_reset(tok);
	if (*s != '"') {
		while (*s && !is_blank(*s))
			if (cg_strbuf_putc(tok, *s++))
				goto nomem;
		*p = s;
		return NULL;
	}
	for (s++;; s++) {
		char c = *s;
		if (!c)
			return "unterminated quote";
		if (c == '"')
			break;
		if (c == '\\') {
			c = *++s;
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c != '"' && c != '\\')
				return "unknown escape in a quoted name (\\\" \\\\ \\n \\t)";
		}
		if (cg_strbuf_putc(tok, c))
			goto nomem;
	}
	s++;
	if (*s && !is_blank(*s))
		return "a quoted name must be followed by a blank";
	*p = s;
	if (!tok->len)
		return "empty name \"\"";
	return NULL;
nomem:
	*nomem = 1;
	return NULL;
}

static int intern_side(cli_judgements *j, const char *s, size_t n, uint32_t *id)
{
	int rc = cg_strpool_intern(j->pool, s, n, id);

	if (rc)
		return rc;
	if (*id >= j->cap_sides) {
		size_t old = j->cap_sides;
		if (CG_ARRAY_GROW(j->sides, j->cap_sides, (size_t)*id + 1, 16))
			return CG_ENOMEM;
		memset(j->sides + old, 0, (j->cap_sides - old) * sizeof *j->sides);
	}
	if (s[0] == '@')
		j->has_refs = 1;
	return 0;
}

/* Parses one line (NUL-terminated, without its newline): 0 with *kept set
 * when it held a judgement, 1 with *why when it is bad, or CG_ENOMEM. */
static int parse_line(cli_judgements *j, const char *line, long lineno, int *kept, const char **why)
{
	cg_strbuf tok[3] = {CG_STRBUF_INIT, CG_STRBUF_INIT, CG_STRBUF_INIT};
	const char *p = line;
	size_t n = 0;
	int nomem = 0, rc = 0, same;
	uint32_t a, b, lo, hi, prev;

	*kept = 0;
	*why = NULL;
	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p || *p == '#')
			break; /* the end, or a note */
		if (n == 3) {
			*why = "more than two entities (a note starts with '#')";
			break;
		}
		if ((*why = token(&p, &tok[n], &nomem)) || nomem)
			break;
		n++;
	}
	if (nomem) {
		rc = CG_ENOMEM;
		goto out;
	}
	if (*why || n == 0)
		goto out;
	same = strcmp(tok[0].buf, "same") == 0;
	if (!same && strcmp(tok[0].buf, "different") != 0) {
		*why = "unknown judgement: a line is 'same A B' or 'different A B', then an "
		       "optional '# note'";
		goto out;
	}
	if (n < 3) {
		*why = same ? "'same' needs two entities: same A B [# note]"
		            : "'different' needs two entities: different A B [# note]";
		goto out;
	}
	for (int k = 1; k <= 2 && !*why; k++)
		if (strcmp(tok[k].buf, "@") == 0)
			*why = "'@' names no record (@CASE/ID or @FILE:LINE)";
	if (*why)
		goto out;
	if (strcmp(tok[1].buf, tok[2].buf) == 0) {
		*why = "the two entities are the same name";
		goto out;
	}
	if ((rc = intern_side(j, tok[1].buf, tok[1].len, &a)) ||
	    (rc = intern_side(j, tok[2].buf, tok[2].len, &b)))
		goto out;
	if (CG_ARRAY_GROW(j->js, j->cap_js, j->n_js + 1, 16)) {
		rc = CG_ENOMEM;
		goto out;
	}
	/* the last judgement of a pair is the one that counts: --accept after
	 * --reject changes the analyst's mind */
	lo = a < b ? a : b;
	hi = a < b ? b : a;
	if (cg_map64_get(&j->pairs, (uint64_t)lo << 32 | hi, &prev))
		j->js[prev].active = 0;
	if ((rc = cg_map64_put(&j->pairs, (uint64_t)lo << 32 | hi, (uint32_t)j->n_js)))
		goto out;
	j->js[j->n_js++] = (judgement){a, b, lineno, same, 1};
	*kept = 1;
out:
	for (int k = 0; k < 3; k++)
		cg_strbuf_free(&tok[k]);
	return rc ? rc : *why ? 1 : 0;
}

/* Lists every active judgement with its sides (side.js). */
static int index_sides(cli_judgements *j)
{
	for (size_t i = 0; i < j->n_js; i++) {
		uint32_t s[2] = {j->js[i].a, j->js[i].b};
		if (!j->js[i].active)
			continue;
		if (!j->js[i].same)
			j->has_apart = 1;
		for (int k = 0; k < 2; k++) {
			side *sd = &j->sides[s[k]];
			if (CG_ARRAY_GROW(sd->js, sd->cap_js, sd->n_js + 1, 4))
				return CG_ENOMEM;
			sd->js[sd->n_js++] = (uint32_t)i;
		}
	}
	return 0;
}

void cli_judgements_free(cli_judgements *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->cap_sides; i++) {
		free(j->sides[i].js);
		free(j->sides[i].placed);
	}
	free(j->sides);
	free(j->js);
	free(j->found);
	free(j->path);
	cg_map64_free(&j->pairs);
	cg_strpool_free(j->pool);
	cg_strbuf_free(&j->name);
	cg_strbuf_free(&j->why);
	free(j);
}

int cli_judgements_read(const char *path, int missing_ok, int strict, cg_diag_fn diag,
                        void *diag_ctx, cli_judgements **out, size_t *n_kept, size_t *n_bad,
                        cg_error *err)
{
	cli_judgements *j = calloc(1, sizeof *j);
	FILE *f = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	struct stat sb;
	int rc = 0;

	*out = NULL;
	*n_kept = *n_bad = 0;
	if (!j || !(j->pool = cg_strpool_new()) || !(j->path = strdup(path)))
		goto nomem;
	if (!(f = fopen(path, "r"))) {
		if (errno == ENOENT && missing_ok)
			goto done;
		rc = cg_error_set(err, errno == ENOENT ? CG_ENOTFOUND : CG_EIO, path, 0, 0,
		                  "cannot read the judgements: %s", strerror(errno));
		goto out;
	}
	if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		rc = cg_error_set(err, CG_EIO, path, 0, 0,
		                  "cannot read the judgements: is a directory");
		goto out;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		const char *why = NULL, *p = line;
		int kept = 0;
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (lineno == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3;
		if (len > MAX_JUDGEMENT_LINE)
			why = "line longer than 65536 bytes";
		else if (memchr(line, '\0', (size_t)len))
			why = "NUL byte in the line";
		else if (!cg_utf8_valid(p, strlen(p)))
			why = "invalid UTF-8";
		else if ((rc = parse_line(j, p, lineno, &kept, &why)) < 0)
			goto nomem;
		*n_kept += kept != 0;
		if (!why)
			continue;
		(*n_bad)++;
		if (strict) {
			rc = cg_error_set(err, CG_EREJECT, path, lineno, 0, "%s", why);
			goto out;
		}
		if (diag) {
			cg_error d;
			cg_error_set(&d, CG_EPARSE, path, lineno, 0, "%s", why);
			diag(diag_ctx, &d);
		}
	}
	if (ferror(f)) {
		rc = cg_error_set(err, CG_EIO, path, lineno, 0, "cannot read the judgements: %s",
		                  strerror(errno));
		goto out;
	}
done:
	if (index_sides(j))
		goto nomem;
	*out = j;
	j = NULL;
	goto out;
nomem:
	rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
out:
	free(line);
	if (f)
		fclose(f);
	cli_judgements_free(j);
	return rc;
}

/* ---- what the graph asks while loading ---- */

/* Notes side id when it is one of the judgements' sides. */
static int found_add(cli_judgements *j, uint32_t id)
{
	if (!id || id >= j->cap_sides || !j->sides[id].n_js)
		return 0;
	for (size_t i = 0; i < j->n_found; i++)
		if (j->found[i] == id)
			return 0;
	if (CG_ARRAY_GROW(j->found, j->cap_found, j->n_found + 1, 8))
		return CG_ENOMEM;
	j->found[j->n_found++] = id;
	return 0;
}

/* s trimmed of blanks and byte-order marks, as the graph stores cases and
 * local ids: its start, *n its length. */
static const char *trimmed(const char *s, size_t *n)
{
	static const char bom[] = "\xEF\xBB\xBF";
	size_t len;

	for (;;) {
		if (is_blank(*s))
			s++;
		else if (strncmp(s, bom, 3) == 0)
			s += 3;
		else
			break;
	}
	len = strlen(s);
	for (;;) {
		if (len && (is_blank(s[len - 1]) || s[len - 1] == '\r' || s[len - 1] == '\n'))
			len--;
		else if (len >= 3 && memcmp(s + len - 3, bom, 3) == 0)
			len -= 3;
		else
			break;
	}
	*n = len;
	return s;
}

/* The record references among the sides that rec matches (by any of its
 * provenance records), into j->found. 0 or CG_ENOMEM. */
static int match_refs(cli_judgements *j, const cg_entity_rec *rec)
{
	j->n_found = 0;
	if (!j->has_refs)
		return 0;
	for (size_t i = 0; i < rec->n_prov; i++) {
		const cg_prov *p = &rec->prov[i];
		size_t nc, nl;
		const char *c = trimmed(p->case_name ? p->case_name : "", &nc);
		const char *l = trimmed(p->local_id ? p->local_id : "", &nl);
		char num[24];
		size_t k = sizeof num;
		unsigned long v = p->line > 0 ? (unsigned long)p->line : 0;
		/* built by hand, not printf: this runs three times per record */
		if (nl) {
			cg_strbuf_reset(&j->name);
			if (cg_strbuf_putc(&j->name, '@') || cg_strbuf_append(&j->name, c, nc) ||
			    cg_strbuf_putc(&j->name, '/') || cg_strbuf_append(&j->name, l, nl) ||
			    found_add(j, cg_strpool_find(j->pool, j->name.buf, j->name.len)))
				return CG_ENOMEM;
		}
		do
			num[--k] = (char)('0' + v % 10);
		while ((v /= 10) && k > 1);
		num[--k] = ':';
		cg_strbuf_reset(&j->name);
		if (cg_strbuf_putc(&j->name, '@') ||
		    cg_strbuf_puts(&j->name, p->file ? p->file : "") ||
		    cg_strbuf_append(&j->name, num + k, sizeof num - k) ||
		    found_add(j, cg_strpool_find(j->pool, j->name.buf, j->name.len)))
			return CG_ENOMEM;
	}
	return 0;
}

/* Whether side id is in entity e: a reference whose records went into e,
 * or e's id. */
static int side_in(const cli_judgements *j, const cg_graph *g, uint32_t id, cg_eid e)
{
	const char *s = cg_strpool_str(j->pool, id);
	const side *sd = &j->sides[id];

	if (s[0] != '@')
		return cg_graph_find_id(g, s) == e;
	for (size_t i = 0; i < sd->n_placed; i++)
		if (sd->placed[i] == e)
			return 1;
	return 0;
}

/* The entity side id is in (the first), or CG_NO_ENTITY. */
static cg_eid side_entity(const cli_judgements *j, const cg_graph *g, uint32_t id)
{
	const char *s = cg_strpool_str(j->pool, id);

	if (s[0] != '@')
		return cg_graph_find_id(g, s);
	return j->sides[id].n_placed ? j->sides[id].placed[0] : CG_NO_ENTITY;
}

/* Whether a side in j->found is judged different from a side in e. */
static int apart(const cli_judgements *j, const cg_graph *g, cg_eid e)
{
	if (!j->has_apart)
		return 0;
	for (size_t f = 0; f < j->n_found; f++) {
		const side *sd = &j->sides[j->found[f]];
		for (size_t k = 0; k < sd->n_js; k++) {
			const judgement *jg = &j->js[sd->js[k]];
			uint32_t other = jg->a == j->found[f] ? jg->b : jg->a;
			if (!jg->same && side_in(j, g, other, e))
				return 1;
		}
	}
	return 0;
}

static cg_eid judge_same(void *ctx, const cg_graph *g, const cg_entity_rec *rec, const char *id,
                         const char **why)
{
	cli_judgements *j = ctx;

	if (id) {
		j->n_found = 0;
		if (found_add(j, cg_strpool_find(j->pool, id, strlen(id))))
			return CG_NO_ENTITY; /* out of memory: no judgement */
	} else if (match_refs(j, rec)) {
		return CG_NO_ENTITY;
	}
	for (size_t f = 0; f < j->n_found; f++) {
		const side *sd = &j->sides[j->found[f]];
		for (size_t k = 0; k < sd->n_js; k++) {
			const judgement *jg = &j->js[sd->js[k]];
			uint32_t other = jg->a == j->found[f] ? jg->b : jg->a;
			cg_eid e;
			if (!jg->same || (e = side_entity(j, g, other)) == CG_NO_ENTITY ||
			    apart(j, g, e))
				continue;
			cg_strbuf_reset(&j->why);
			if (cg_strbuf_printf(&j->why, "judged at %s:%ld", j->path, jg->line))
				return CG_NO_ENTITY;
			*why = j->why.buf;
			return e;
		}
	}
	return CG_NO_ENTITY;
}

static int judge_may_merge(void *ctx, const cg_graph *g, const cg_entity_rec *rec, cg_eid e)
{
	cli_judgements *j = ctx;

	if (!j->has_apart || match_refs(j, rec))
		return 1;
	return !apart(j, g, e);
}

static int judge_added(void *ctx, const cg_graph *g, const cg_entity_rec *rec, cg_eid e)
{
	cli_judgements *j = ctx;
	int rc;

	(void)g;
	if ((rc = match_refs(j, rec)))
		return rc;
	for (size_t f = 0; f < j->n_found; f++) {
		side *sd = &j->sides[j->found[f]];
		size_t i;
		for (i = 0; i < sd->n_placed && sd->placed[i] != e; i++)
			;
		if (i < sd->n_placed)
			continue;
		if (CG_ARRAY_GROW(sd->placed, sd->cap_placed, sd->n_placed + 1, 2))
			return CG_ENOMEM;
		sd->placed[sd->n_placed++] = e;
	}
	return 0;
}

void cli_judgements_attach(cli_judgements *j, cg_graph *g)
{
	cg_graph_judge jg = {j, judge_same, judge_may_merge, judge_added};

	cg_graph_set_judge(g, j && j->n_js ? &jg : NULL);
}

/* ---- the pairs judged, after loading ---- */

/* The entities side id is in, into *es (*n of them, capacity *cap): an
 * entity id's entity, or every entity a record reference's records went
 * into. 0 or CG_ENOMEM. */
static int side_entities(const cli_judgements *j, const cg_graph *g, uint32_t id, cg_eid **es,
                         size_t *n, size_t *cap)
{
	const char *s = cg_strpool_str(j->pool, id);
	const side *sd = &j->sides[id];

	*n = 0;
	if (s[0] != '@') {
		cg_eid e = cg_graph_find_id(g, s);
		if (e == CG_NO_ENTITY)
			return 0;
		if (CG_ARRAY_GROW(*es, *cap, 1, 4))
			return CG_ENOMEM;
		(*es)[(*n)++] = e;
		return 0;
	}
	if (CG_ARRAY_GROW(*es, *cap, sd->n_placed + 1, 4))
		return CG_ENOMEM;
	memcpy(*es, sd->placed, sd->n_placed * sizeof **es);
	*n = sd->n_placed;
	return 0;
}

int cli_judgements_pairs(const cli_judgements *j, const cg_graph *g, cg_map64 *pairs)
{
	cg_eid *ea = NULL, *eb = NULL;
	size_t na, nb, ca = 0, cb = 0;
	int rc = 0;

	for (size_t i = 0; i < j->n_js && !rc; i++) {
		if (!j->js[i].active)
			continue;
		if ((rc = side_entities(j, g, j->js[i].a, &ea, &na, &ca)) ||
		    (rc = side_entities(j, g, j->js[i].b, &eb, &nb, &cb)))
			break;
		for (size_t x = 0; x < na && !rc; x++)
			for (size_t y = 0; y < nb && !rc; y++) {
				cg_eid lo = ea[x] < eb[y] ? ea[x] : eb[y];
				cg_eid hi = ea[x] < eb[y] ? eb[y] : ea[x];
				if (lo != hi)
					rc = cg_map64_put(pairs, (uint64_t)lo << 32 | hi,
					                  (uint32_t)i);
			}
	}
	free(ea);
	free(eb);
	return rc ? CG_ENOMEM : 0;
}

/* ---- naming a record, and appending a judgement ---- */

int cli_record_ref_matches(const cg_graph *g, const char *ref, cg_eid *first, size_t *n)
{
	cg_strbuf sb = CG_STRBUF_INIT;
	int rc = 0;

	*first = CG_NO_ENTITY;
	*n = 0;
	for (cg_eid e = 0; e < cg_graph_entity_count(g) && !rc; e++) {
		cg_iter it = cg_entity_provs(g, e);
		cg_prov p;
		int hit = 0;
		while (!hit && cg_iter_next_prov(g, &it, &p)) {
			cg_strbuf_reset(&sb);
			if (p.local_id && *p.local_id &&
			    (rc = cg_strbuf_printf(&sb, "@%s/%s", p.case_name ? p.case_name : "",
			                           p.local_id)))
				break;
			hit = sb.len && strcmp(sb.buf, ref) == 0;
			cg_strbuf_reset(&sb);
			if (!hit && (rc = cg_strbuf_printf(&sb, "@%s:%ld", p.file, p.line)))
				break;
			hit = hit || strcmp(sb.buf, ref) == 0;
		}
		if (hit) {
			if (*first == CG_NO_ENTITY)
				*first = e;
			(*n)++;
		}
	}
	cg_strbuf_free(&sb);
	return rc;
}

/* s as a side of a judgement line: as it is when it is a plain word,
 * else quoted with \" \\ \n \t escapes. */
static int put_side(cg_strbuf *sb, const char *s)
{
	int plain = *s && *s != '"' && *s != '#';

	for (const char *c = s; *c && plain; c++)
		plain = !is_blank(*c) && *c != '\n' && *c != '\r' && *c != '\\' && *c != '"';
	if (plain)
		return cg_strbuf_puts(sb, s);
	if (cg_strbuf_putc(sb, '"'))
		return CG_ENOMEM;
	for (; *s; s++) {
		int rc = *s == '"'    ? cg_strbuf_puts(sb, "\\\"")
		         : *s == '\\' ? cg_strbuf_puts(sb, "\\\\")
		         : *s == '\n' ? cg_strbuf_puts(sb, "\\n")
		         : *s == '\t' ? cg_strbuf_puts(sb, "\\t")
		                      : cg_strbuf_putc(sb, *s);
		if (rc)
			return CG_ENOMEM;
	}
	return cg_strbuf_putc(sb, '"');
}

int cli_judgements_line(int same, const char *a, const char *b, const char *note, cg_strbuf *sb)
{
	cg_strbuf_reset(sb);
	if (cg_strbuf_puts(sb, same ? "same " : "different ") || put_side(sb, a) ||
	    cg_strbuf_putc(sb, ' ') || put_side(sb, b))
		return CG_ENOMEM;
	if (note && *note && cg_strbuf_puts(sb, "  # "))
		return CG_ENOMEM;
	/* a note is one line: a control character becomes a space */
	for (const char *c = note; c && *c; c++)
		if (cg_strbuf_putc(sb, (unsigned char)*c < 0x20 || *c == 0x7F ? ' ' : *c))
			return CG_ENOMEM;
	return 0;
}

int cli_judgements_append(const char *path, const char *line, long *lineno, cg_error *err)
{
	int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	cg_strbuf sb = CG_STRBUF_INIT;
	char buf[65536];
	ssize_t got;
	long lines = 0;
	char last = '\n';
	int rc = 0;

	if (fd < 0)
		return cg_error_set(err, CG_EIO, path, 0, 0, "cannot open the judgements: %s",
		                    strerror(errno));
	/* the line it will be: the lines there, and one more when the last
	 * has no newline (it gets one first) */
	while ((got = read(fd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < got; i++)
			lines += buf[i] == '\n';
		last = buf[got - 1];
	}
	if (got < 0) {
		rc = cg_error_set(err, CG_EIO, path, 0, 0, "cannot read the judgements: %s",
		                  strerror(errno));
		goto out;
	}
	if ((last != '\n' && cg_strbuf_putc(&sb, '\n')) || cg_strbuf_puts(&sb, line) ||
	    cg_strbuf_putc(&sb, '\n')) {
		rc = cg_error_set(err, CG_ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	*lineno = lines + (last != '\n') + 1;
	/* one write of the whole line, so that two appends never interleave */
	for (size_t done = 0; done < sb.len;) {
		ssize_t w = write(fd, sb.buf + done, sb.len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc =
			    cg_error_set(err, CG_EIO, path, 0, 0, "cannot write the judgements: %s",
			                 w < 0 ? strerror(errno) : "nothing written");
			goto out;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0 && errno != EINVAL)
		rc = cg_error_set(err, CG_EIO, path, 0, 0, "cannot write the judgements: %s",
		                  strerror(errno));
out:
	if (close(fd) != 0 && !rc)
		rc = cg_error_set(err, CG_EIO, path, 0, 0, "cannot write the judgements: %s",
		                  strerror(errno));
	cg_strbuf_free(&sb);
	return rc;
}
