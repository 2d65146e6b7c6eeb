/* Numbers, money and dates: parsed in one place, with range checks.
 *
 * Each parser returns 0 or CG_EPARSE / CG_ELIMIT and, on failure, points *why
 * (when not NULL) at a static text saying what is wrong, for the caller's
 * "file:line: reason" message (cg_parse_date_as says when it leaves the
 * reason to its caller). */
#ifndef CG_PARSE_H
#define CG_PARSE_H

#include "cg_api.h"
#include "cg_strbuf.h"

#include <stddef.h>
#include <stdint.h>

/* Whole decimal number in [min, max], optional sign, no spaces. */
CG_API int cg_parse_long(const char *s, size_t n, long min, long max, long *out, const char **why);

/* Money: a decimal amount ("12500", "12,500.50", "-0.5", "1 250,00" is
 * refused as ambiguous) converted exactly to integer minor units of currency
 * (an upper-case ISO 4217 code; unknown codes take 2 decimals). More
 * decimals than the currency has, exponents, and amounts beyond +-2^63 are
 * refused. "-0" is 0. */
CG_API int cg_parse_money(const char *s, size_t n, const char *currency, int64_t *minor,
                          const char **why);

/* Writes minor units of currency back as a decimal ("12500.50"). The inverse
 * of cg_parse_money for every value it accepts. */
CG_API int cg_format_money(int64_t minor, const char *currency, cg_strbuf *out);

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
CG_API int cg_parse_date(const char *s, size_t n, cg_strbuf *out, const char **why);

/* A date in a declared strftime-style format (a mapping's "format",
 * docs/MAPPING.md): %d and %e (the day, 1 or 2 digits; %e may have a space
 * before it), %m (the month, 1 or 2 digits), %b %B %h (an English month
 * name, full or its first three letters, or "Sept", any case), %Y (4
 * digits), %y (2 digits: 69-99 are 1969-1999, 00-68 are 2000-2068, the
 * POSIX strptime pivot), %H %M %S %I %p (a time: read and dropped), %% (a
 * '%'). A blank in the format matches any run of blanks (space, tab, CR,
 * LF), none included; any other character matches itself. Blanks around s
 * are ignored. Written to out as ISO 8601 with what the format gives,
 * "YYYY", "YYYY-MM" or "YYYY-MM-DD", checked against the calendar as
 * cg_parse_date checks it (years 1000..2999; 2023-02-29 is refused).
 *
 * Returns 0; CG_EINVAL when format is not usable (as cg_check_date_format
 * says, with its reason in *why); CG_EPARSE with *why NULL when s does not
 * have the format (the caller knows the format it expected, and says so);
 * CG_EPARSE with the reason in *why when s has the format but is no date
 * of the calendar ("no such day in that month", "month out of range",
 * "year out of range"); CG_ENOMEM. out is emptied first, and written only
 * on success. Cost: one pass over s and two over format. */
CG_API int cg_parse_date_as(const char *s, size_t n, const char *format, cg_strbuf *out,
                            const char **why);

/* 0 when format is a date format cg_parse_date_as can use: its directives
 * are those it lists, it has a year (%Y or %y), and no day without a month.
 * Else CG_EINVAL, with the reason in *why (when not NULL): "unknown
 * directive (use ...)", "no year (%Y or %y)", "a day without a month". */
CG_API int cg_check_date_format(const char *format, const char **why);

#endif
