#ifndef CG_TABLES_H
#define CG_TABLES_H

#include "cg_api.h"

#include <stddef.h>

/* Reference data used by the normalisers. Strings are natural text; the
 * normaliser folds them (case, accents, punctuation) when it builds its indexes. */

/* ISO 3166-1 country: alpha-2, alpha-3, English short name. Sorted by alpha2. */
typedef struct cg_country {
	const char *alpha2;
	const char *alpha3;
	const char *name;
} cg_country;
/* Alternative country name -> alpha-2. Each alias maps to exactly one code. */
typedef struct cg_country_alias {
	const char *alias;
	const char *alpha2;
} cg_country_alias;
/* ITU-T E.164 country calling code, digits only (no '+'). */
typedef struct cg_calling_code {
	const char *alpha2;
	const char *code;
} cg_calling_code;
/* ISO 4217 currency code (plus common crypto tickers) and its minor units. */
typedef struct cg_currency {
	const char *code;
	int minor_units;
} cg_currency;
/* IBAN total length per country in the SWIFT IBAN registry. */
typedef struct cg_iban_length {
	const char *alpha2;
	int length;
} cg_iban_length;
/* Company legal-form designation; prefix=1 if usually written before the name. */
typedef struct cg_legal_form {
	const char *form;
	int prefix;
} cg_legal_form;
CG_API extern const cg_country cg_countries[];
CG_API extern const size_t cg_countries_count;
CG_API extern const cg_country_alias cg_country_aliases[];
CG_API extern const size_t cg_country_aliases_count;
CG_API extern const cg_calling_code cg_calling_codes[];
CG_API extern const size_t cg_calling_codes_count;
CG_API extern const cg_currency cg_currencies[];
CG_API extern const size_t cg_currencies_count;
CG_API extern const cg_iban_length cg_iban_lengths[];
CG_API extern const size_t cg_iban_lengths_count;
CG_API extern const cg_legal_form cg_legal_forms[];
CG_API extern const size_t cg_legal_forms_count;
#endif
