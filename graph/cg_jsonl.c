#include "cg_jsonl.h"

#include "cg_outfile.h"
#include "cg_parse.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int cg_json_put_string(cg_strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s;
	int rc = cg_strbuf_putc(sb, '"');

	for (; *s && !rc; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rc = cg_strbuf_append(sb, run, (size_t)(s - run));
		if (rc)
			break;
		switch (c) {
		case '"':
			rc = cg_strbuf_puts(sb, "\\\"");
			break;
		case '\\':
			rc = cg_strbuf_puts(sb, "\\\\");
			break;
		case '\n':
			rc = cg_strbuf_puts(sb, "\\n");
			break;
		case '\r':
			rc = cg_strbuf_puts(sb, "\\r");
			break;
		case '\t':
			rc = cg_strbuf_puts(sb, "\\t");
			break;
		default: {
			char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
			rc = cg_strbuf_puts(sb, u);
		}
		}
		run = s + 1;
	}
	if (!rc)
		rc = cg_strbuf_append(sb, run, strlen(run));
	if (!rc)
		rc = cg_strbuf_putc(sb, '"');
	return rc;
}

/* Appends ,"key": (key is a literal of ours, never needs escaping). */
static int put_key(cg_strbuf *sb, const char *key)
{
	return cg_strbuf_append(sb, ",\"", 2) || cg_strbuf_puts(sb, key) ||
	       cg_strbuf_append(sb, "\":", 2);
}

/* Appends a non-negative integer without printf, which is slow on this path. */
static int put_ulong(cg_strbuf *sb, unsigned long v)
{
	char d[24];
	int n = 0;

	do {
		d[sizeof d - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return cg_strbuf_append(sb, d + sizeof d - n, (size_t)n);
}

static int put_str_list(const cg_graph *g, cg_strbuf *sb, const char *key, cg_iter it)
{
	const char *v;
	int rc = 0, first = 1;

	if (!it.cur)
		return 0;
	rc = put_key(sb, key) || cg_strbuf_putc(sb, '[');
	while (!rc && cg_iter_next_str(g, &it, &v)) {
		if (!first)
			rc = cg_strbuf_putc(sb, ',');
		first = 0;
		if (!rc)
			rc = cg_json_put_string(sb, v);
	}
	return rc || cg_strbuf_putc(sb, ']') ? CG_ENOMEM : 0;
}

/* Properties grouped by name in order of first appearance, values in order:
 * {"dob":["1985-03-01"],"note":["a","b"]}. Quadratic in the number of
 * properties of one entity, which is small. */
static int put_props(const cg_graph *g, cg_strbuf *sb, cg_iter start)
{
	const char *n, *v, *n2, *v2;
	cg_iter it = start;
	int rc, first = 1;

	if (!start.cur)
		return 0;
	rc = put_key(sb, "props") || cg_strbuf_putc(sb, '{');
	while (!rc && cg_iter_next_prop(g, &it, &n, &v)) {
		/* skip names already written */
		cg_iter seen = start;
		int dup = 0;
		while (cg_iter_next_prop(g, &seen, &n2, &v2) && !(seen.cur == it.cur)) {
			if (n2 == n) {
				dup = 1;
				break;
			}
		}
		if (dup)
			continue;
		if (!first)
			rc = cg_strbuf_putc(sb, ',');
		first = 0;
		rc = rc || cg_json_put_string(sb, n) || cg_strbuf_puts(sb, ":[");
		cg_iter vals = it;
		int vfirst = 1;
		rc = rc || cg_json_put_string(sb, v);
		(void)vfirst;
		while (!rc && cg_iter_next_prop(g, &vals, &n2, &v2))
			if (n2 == n)
				rc = cg_strbuf_putc(sb, ',') || cg_json_put_string(sb, v2);
		rc = rc || cg_strbuf_putc(sb, ']');
	}
	return rc || cg_strbuf_putc(sb, '}') ? CG_ENOMEM : 0;
}

static int put_provs(const cg_graph *g, cg_strbuf *sb, cg_iter it, int entity)
{
	cg_prov p;
	int rc = put_key(sb, "prov") || cg_strbuf_putc(sb, '['), first = 1;

	while (!rc && cg_iter_next_prov(g, &it, &p)) {
		rc = (!first && cg_strbuf_putc(sb, ',')) || cg_strbuf_puts(sb, "{\"file\":") ||
		     cg_json_put_string(sb, p.file) || cg_strbuf_puts(sb, ",\"line\":") ||
		     put_ulong(sb, (unsigned long)p.line) || cg_strbuf_puts(sb, ",\"case\":") ||
		     cg_json_put_string(sb, p.case_name);
		first = 0;
		if (!rc && entity && p.local_id)
			rc = cg_strbuf_puts(sb, ",\"id\":") || cg_json_put_string(sb, p.local_id);
		if (!rc && entity && p.via)
			rc = cg_strbuf_puts(sb, ",\"via\":") || cg_json_put_string(sb, p.via);
		if (!rc && (p.flags & CG_PF_NAME_ONLY))
			rc = cg_strbuf_puts(sb, ",\"name_only\":true");
		if (!rc && (p.flags & CG_PF_REFERENCE))
			rc = cg_strbuf_puts(sb, ",\"reference\":true");
		if (!rc && p.first_seen)
			rc = cg_strbuf_puts(sb, ",\"first_seen\":") ||
			     cg_json_put_string(sb, p.first_seen);
		if (!rc && p.last_seen)
			rc = cg_strbuf_puts(sb, ",\"last_seen\":") ||
			     cg_json_put_string(sb, p.last_seen);
		rc = rc || cg_strbuf_putc(sb, '}');
	}
	return rc || cg_strbuf_putc(sb, ']') ? CG_ENOMEM : 0;
}

static int entity_line(const cg_graph *g, cg_eid e, cg_strbuf *sb)
{
	unsigned flags = cg_entity_flags(g, e);
	int rc = cg_strbuf_puts(sb, "{\"kind\":\"entity\",\"id\":") ||
	         cg_json_put_string(sb, cg_entity_id(g, e)) || put_key(sb, "type") ||
	         cg_json_put_string(sb, cg_entity_type_name(g, e)) || put_key(sb, "name") ||
	         cg_json_put_string(sb, cg_entity_name(g, e)) ||
	         put_str_list(g, sb, "aliases", cg_entity_aliases(g, e)) ||
	         put_str_list(g, sb, "roles", cg_entity_roles(g, e)) ||
	         put_str_list(g, sb, "keys", cg_entity_keys(g, e)) ||
	         put_props(g, sb, cg_entity_props(g, e));

	if (!rc && flags) {
		int first = 1;
		rc = put_key(sb, "flags") || cg_strbuf_putc(sb, '[');
		for (unsigned i = 0; i < CG_EF_FLAG_COUNT && !rc; i++) {
			if (!(flags & (1u << i)))
				continue;
			rc = (!first && cg_strbuf_putc(sb, ',')) ||
			     cg_json_put_string(sb, cg_entity_flag_to_string(1u << i));
			first = 0;
		}
		rc = rc || cg_strbuf_putc(sb, ']');
	}
	rc = rc || put_provs(g, sb, cg_entity_provs(g, e), 1) || cg_strbuf_puts(sb, "}\n");
	return rc ? CG_ENOMEM : 0;
}

static int link_line(const cg_graph *g, cg_lid l, cg_strbuf *sb, cg_strbuf *money)
{
	int64_t minor;
	const char *cur;
	int rc = cg_strbuf_puts(sb, "{\"kind\":\"link\",\"type\":") ||
	         cg_json_put_string(sb, cg_link_type_name(g, l)) || put_key(sb, "source") ||
	         cg_json_put_string(sb, cg_entity_id(g, cg_link_source(g, l))) ||
	         put_key(sb, "target") ||
	         cg_json_put_string(sb, cg_entity_id(g, cg_link_target(g, l))) ||
	         cg_strbuf_puts(sb, cg_link_directed(g, l) ? ",\"directed\":true"
	                                                   : ",\"directed\":false");

	if (!rc && cg_link_amount(g, l, &minor, &cur))
		rc = cg_format_money(minor, cur, money) || put_key(sb, "amount") ||
		     cg_json_put_string(sb, cg_strbuf_cstr(money)) || put_key(sb, "currency") ||
		     cg_json_put_string(sb, cur);
	rc = rc || put_props(g, sb, cg_link_props(g, l)) ||
	     put_provs(g, sb, cg_link_provs(g, l), 0) || cg_strbuf_puts(sb, "}\n");
	return rc ? CG_ENOMEM : 0;
}

int cg_jsonl_write_stream(const cg_graph *g, FILE *f, cg_error *err)
{
	cg_strbuf sb = CG_STRBUF_INIT, money = CG_STRBUF_INIT;
	int rc = 0;
	size_t ne = cg_graph_entity_count(g), nl = cg_graph_link_count(g);

	if (cg_strbuf_printf(
	        &sb, "{\"format\":\"casegraph\",\"version\":%d,\"entities\":%zu,\"links\":%zu}\n",
	        CG_JSONL_VERSION, ne, nl)) {
		rc = CG_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < ne + nl; i++) {
		rc = i < ne ? entity_line(g, (cg_eid)i, &sb)
		            : link_line(g, (cg_lid)(i - ne), &sb, &money);
		if (rc)
			goto out;
		if (sb.len >= (1u << 16) || i + 1 == ne + nl) {
			if (fwrite(sb.buf, 1, sb.len, f) != sb.len) {
				rc = cg_error_set(err, CG_EIO, NULL, 0, 0, "write failed: %s",
				                  strerror(errno));
				goto out;
			}
			cg_strbuf_reset(&sb);
		}
	}
	if (sb.len && fwrite(sb.buf, 1, sb.len, f) != sb.len) {
		rc = cg_error_set(err, CG_EIO, NULL, 0, 0, "write failed: %s", strerror(errno));
		goto out;
	}
	/* buffered output may not have been written yet: make it so, or fail */
	if (fflush(f) || ferror(f))
		rc = cg_error_set(err, CG_EIO, NULL, 0, 0, "write failed: %s", strerror(errno));
out:
	if (rc == CG_ENOMEM)
		cg_error_set(err, rc, NULL, 0, 0, "out of memory");
	cg_strbuf_free(&sb);
	cg_strbuf_free(&money);
	return rc;
}

int cg_jsonl_write_file(const cg_graph *g, const char *path, cg_error *err)
{
	cg_outfile out;
	int rc;

	if ((rc = cg_outfile_open(&out, path, err)))
		return rc;
	if ((rc = cg_jsonl_write_stream(g, out.f, err))) {
		snprintf(err->file, sizeof err->file, "%s", path);
		cg_outfile_abort(&out);
		return rc;
	}
	return cg_outfile_commit(&out, err);
}
