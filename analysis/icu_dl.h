/* ICU's transliterator, loaded on first use with dlopen (analysis/icu_dl.c).
 *
 * Only `merges --candidates` and screening's similar names transliterate.
 * Linking ICU into the program mapped its libraries (and their 30 MB of
 * data) into every command, and at the lowest address-space limit where
 * casegraph starts it made the start-up fail with a crash instead of a
 * clean "out of memory" (tests/test_oom.sh). Loaded here, it costs nothing
 * to the commands that do not use it. The headers are ICU's own (Debian's
 * libicu-dev); the symbols are looked up under their versioned names. */
#ifndef ICU_DL_H
#define ICU_DL_H

#include <unicode/utrans.h>
#include <unicode/ustring.h>

typedef struct icu_api {
	UTransliterator *(*open_u)(const UChar *id, int32_t id_len, UTransDirection dir,
	                           const UChar *rules, int32_t rules_len, UParseError *pe,
	                           UErrorCode *st);
	void (*close)(UTransliterator *t);
	void (*trans_uchars)(const UTransliterator *t, UChar *text, int32_t *text_len, int32_t cap,
	                     int32_t start, int32_t *limit, UErrorCode *st);
	char *(*str_to_utf8)(char *dest, int32_t cap, int32_t *len, const UChar *src,
	                     int32_t src_len, UErrorCode *st);
	const char *(*error_name)(UErrorCode code);
} icu_api;

/* ICU's functions, loaded once (not thread-safe on the first call), or
 * NULL with *why saying what is missing. */
const icu_api *icu_load(const char **why);

#endif
