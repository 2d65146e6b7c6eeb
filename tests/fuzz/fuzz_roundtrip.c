/* Fuzz target: the native writer fed from fuzzed graphs. The first byte
 * chooses the importer (nodes CSV, links CSV as an edge list, JSONL,
 * FollowTheMoney, STIX, MISP, report), the rest is the file. Whatever graph
 * that builds is written with cg_jsonl_write_file, read back with the JSONL
 * reader and written again: the reader must accept every line the writer
 * wrote, and the two files must have the same bytes (docs/FORMAT.md: the
 * format round-trips exactly), and it is valid UTF-8. */
#include "fuzz.h"

#include "cg_jsonl.h"
#include "cg_normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cg_format formats[] = {CG_FMT_NODES_CSV, CG_FMT_LINKS_CSV, CG_FMT_JSONL, CG_FMT_FTM,
                                    CG_FMT_STIX,      CG_FMT_MISP,      CG_FMT_REPORT};

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)len + 1)) != NULL) {
		*n = fread(buf, 1, (size_t)len, f);
		buf[*n] = '\0';
	}
	fclose(f);
	return buf;
}

int fuzz_roundtrip(const uint8_t *data, size_t size);
int fuzz_roundtrip(const uint8_t *data, size_t size)
{
	char in[1024], w1[1024], w2[1024];
	cg_graph *g = NULL, *g2 = NULL;
	cg_import_stats st;
	cg_error err;
	char *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	cg_format fmt;

	if (!size)
		return 0;
	fmt = formats[data[0] % (sizeof formats / sizeof *formats)];
	fuzz_write("input", data + 1, size - 1, in, sizeof in);
	fuzz_import(&g, in, fmt, NULL, NULL);
	snprintf(w1, sizeof w1, "%s/w1.jsonl", fuzz_dir());
	snprintf(w2, sizeof w2, "%s/w2.jsonl", fuzz_dir());
	cg_error_clear(&err);
	FUZZ_ASSERT(cg_jsonl_write_file(g, w1, &err) == 0, "write: %s", err.message);
	FUZZ_ASSERT(fuzz_import(&g2, w1, CG_FMT_JSONL, NULL, &st) == 0,
	            "the written graph is refused");
	FUZZ_ASSERT(st.rejected == 0, "%zu lines of the written graph rejected", st.rejected);
	FUZZ_ASSERT(cg_graph_entity_count(g2) == cg_graph_entity_count(g) &&
	                cg_graph_link_count(g2) == cg_graph_link_count(g),
	            "read back %zu entities, %zu links; wrote %zu, %zu", cg_graph_entity_count(g2),
	            cg_graph_link_count(g2), cg_graph_entity_count(g), cg_graph_link_count(g));
	FUZZ_ASSERT(cg_jsonl_write_file(g2, w2, &err) == 0, "write again: %s", err.message);
	a = slurp(w1, &na);
	b = slurp(w2, &nb);
	FUZZ_ASSERT(a && b, "cannot read the written files back");
	FUZZ_ASSERT(cg_utf8_valid(a, na), "the written graph is not valid UTF-8");
	if (na != nb || memcmp(a, b, na) != 0) {
		size_t i = 0;
		while (i < na && i < nb && a[i] == b[i])
			i++;
		fuzz_fail(__FILE__, __LINE__,
		          "written twice, different at byte %zu:\n%.200s\n---\n%.200s", i,
		          a + (i > 60 ? i - 60 : 0), b + (i > 60 ? i - 60 : 0));
	}
	free(a);
	free(b);
	cg_graph_free(g);
	cg_graph_free(g2);
	return 0;
}

FUZZ_TARGET(roundtrip)
