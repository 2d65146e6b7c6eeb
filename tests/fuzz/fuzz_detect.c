/* Fuzz target: format detection (cg_import_detect: the streamed scan of a
 * JSON document's top-level members, the text sniffs), then the import of
 * what was detected. Checks that detection is deterministic, that a file
 * it refuses gets a reason, and that a detected file imports as that
 * format with the importers' invariants (fuzz_import). */
#include "fuzz.h"

#include <string.h>

int fuzz_detect(const uint8_t *data, size_t size);
int fuzz_detect(const uint8_t *data, size_t size)
{
	char path[1024];
	cg_format f = CG_FMT_UNKNOWN, again = CG_FMT_UNKNOWN;
	cg_error err, err2;
	cg_graph *g = NULL;
	int rc, rc2;

	fuzz_write("input", data, size, path, sizeof path);
	rc = cg_import_detect(path, &f, &err);
	rc2 = cg_import_detect(path, &again, &err2);
	FUZZ_ASSERT(rc == rc2 && f == again, "detection not deterministic: %d/%d, %d/%d", rc, rc2,
	            (int)f, (int)again);
	if (rc) {
		FUZZ_ASSERT(rc == CG_EFORMAT || rc == CG_EIO || rc == CG_ENOMEM,
		            "detection failed with code %d", rc);
		FUZZ_ASSERT(err.code == rc && err.message[0], "detection failed without a reason");
		FUZZ_ASSERT(strcmp(err.message, err2.message) == 0, "two reasons: '%s' and '%s'",
		            err.message, err2.message);
		return 0;
	}
	FUZZ_ASSERT(f > CG_FMT_UNKNOWN && f < CG_FORMAT_COUNT, "detected format %d", (int)f);
	/* a mapping names files of its own: detecting one is enough */
	if (f != CG_FMT_MAPPING)
		fuzz_import(&g, path, f, NULL, NULL);
	cg_graph_free(g);
	return 0;
}

FUZZ_TARGET(detect)
