/* ICU loaded on first use: see icu_dl.h. */
#include "icu_dl.h"

#include <dlfcn.h>
#include <stddef.h>

/* ICU renames its functions by version (utrans_openU -> utrans_openU_72):
 * the name as a string, after the header's renaming macro. */
#define ICU_STR(x)  #x
#define ICU_NAME(x) ICU_STR(x)
#define ICU_SO(lib) "lib" lib ".so." ICU_NAME(U_ICU_VERSION_MAJOR_NUM)

static icu_api api;
static int state; /* 0 not tried, 1 loaded, -1 failed */
static const char *failure;

static void *sym(void *lib, const char *name)
{
	void *p = dlsym(lib, name);
	if (!p && !failure)
		failure = "a function of ICU is missing (" ICU_SO("icui18n") ")";
	return p;
}

const icu_api *icu_load(const char **why)
{
	if (state == 0) {
		void *uc = dlopen(ICU_SO("icuuc"), RTLD_NOW | RTLD_LOCAL);
		void *i18n = uc ? dlopen(ICU_SO("icui18n"), RTLD_NOW | RTLD_LOCAL) : NULL;
		if (!i18n) {
			failure =
			    "ICU cannot be loaded (" ICU_SO("icui18n") ", Debian's libicu" ICU_NAME(
			        U_ICU_VERSION_MAJOR_NUM) "), or memory ran out";
		} else {
			/* casts through a union: ISO C has no conversion from
			 * void * to a function pointer */
			union {
				void *p;
				UTransliterator *(*open_u)(const UChar *, int32_t, UTransDirection,
				                           const UChar *, int32_t, UParseError *,
				                           UErrorCode *);
				void (*close)(UTransliterator *);
				void (*trans_uchars)(const UTransliterator *, UChar *, int32_t *,
				                     int32_t, int32_t, int32_t *, UErrorCode *);
				char *(*str_to_utf8)(char *, int32_t, int32_t *, const UChar *,
				                     int32_t, UErrorCode *);
				const char *(*error_name)(UErrorCode);
			} u;
			u.p = sym(i18n, ICU_NAME(utrans_openU));
			api.open_u = u.open_u;
			u.p = sym(i18n, ICU_NAME(utrans_close));
			api.close = u.close;
			u.p = sym(i18n, ICU_NAME(utrans_transUChars));
			api.trans_uchars = u.trans_uchars;
			u.p = sym(uc, ICU_NAME(u_strToUTF8));
			api.str_to_utf8 = u.str_to_utf8;
			u.p = sym(uc, ICU_NAME(u_errorName));
			api.error_name = u.error_name;
		}
		state = failure ? -1 : 1;
	}
	if (state < 0) {
		*why = failure;
		return NULL;
	}
	return &api;
}
