/* Numbers, money and dates: parsed in one place, with range checks.
 *
 * Each parser returns 0 or CG_EPARSE / CG_ELIMIT and, on failure, points *why
 * (when not NULL) at a static text saying what is wrong, for the caller's
 * "file:line: reason" message. */
#ifndef CG_PARSE_H
#define CG_PARSE_H

#include "cg_api.h"
#include "cg_strbuf.h"

#include <stddef.h>
#include <stdint.h>

/* Whole decimal number in [min, max], optional sign, no spaces. */
int cg_parse_long(const char *s, size_t n, long min, long max, long *out, const char **why);

/* Money: a decimal amount ("12500", "12,500.50", "-0.5", "1 250,00" is
 * refused as ambiguous) converted exactly to integer minor units of currency
 * (an upper-case ISO 4217 code; unknown codes take 2 decimals). More
 * decimals than the currency has, exponents, and amounts beyond +-2^63 are
 * refused. "-0" is 0. */
int cg_parse_money(const char *s, size_t n, const char *currency, int64_t *minor, const char **why);

/* Writes minor units of currency back as a decimal ("12500.50"). The inverse
 * of cg_parse_money for every value it accepts. */
int cg_format_money(int64_t minor, const char *currency, cg_strbuf *out);

/* Whether a + b overflows an int64_t. */
CG_API int cg_add_overflows(int64_t a, int64_t b);
/* a + b, saturated at INT64_MAX or INT64_MIN instead of overflowing: money
 * totals in minor units, where a sum beyond 2^63 is not real money and
 * signed overflow would be undefined. */
CG_API int64_t cg_add_sat(int64_t a, int64_t b);

/* Dates: "YYYY-MM-DD", "YYYY-MM", "YYYY", "YYYY/MM/DD", "YYYYMMDD",
 * "DD Mon YYYY", "Mon DD, YYYY" (English month names or their first three
 * letters, any case), checked against the calendar (2024-02-30 is refused),
 * written as ISO 8601 "YYYY[-MM[-DD]]". Years 1000..2999. DD/MM/YYYY and
 * MM/DD/YYYY are refused as ambiguous. */
int cg_parse_date(const char *s, size_t n, cg_strbuf *out, const char **why);

#endif
