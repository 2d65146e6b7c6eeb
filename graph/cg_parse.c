#include "cg_parse.h"

#include "cg_error.h"
#include "cg_normalize.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define WHY(text) ((void)(why ? (*why = (text)) : NULL))

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

int cg_parse_long(const char *s, size_t n, long min, long max, long *out, const char **why)
{
	int neg = 0;
	unsigned long v = 0, lim;
	size_t i = 0;

	trim(&s, &n);
	if (n && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == n) {
		WHY("not a number");
		return CG_EPARSE;
	}
	lim = neg ? (unsigned long)LONG_MAX + 1 : (unsigned long)LONG_MAX;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			WHY("not a number");
			return CG_EPARSE;
		}
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (lim - d) / 10) {
			WHY("number out of range");
			return CG_ELIMIT;
		}
		v = v * 10 + d;
	}
	long r = neg ? (v == (unsigned long)LONG_MAX + 1 ? LONG_MIN : -(long)v) : (long)v;
	if (r < min || r > max) {
		WHY("number out of range");
		return CG_ELIMIT;
	}
	*out = r;
	return 0;
}

static int minor_units(const char *currency)
{
	int m = currency && *currency ? cg_currency_minor_units(currency) : -1;
	return m < 0 ? 2 : m;
}

int cg_parse_money(const char *s, size_t n, const char *currency, int64_t *minor, const char **why)
{
	int units = minor_units(currency), neg = 0, seen_digit = 0, frac = -1;
	uint64_t v = 0;
	size_t i = 0;

	trim(&s, &n);
	if (n && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i++;
	}
	for (; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (frac >= 0 && ++frac > units) {
				/* trailing zeros beyond the currency's decimals are harmless */
				if (c != '0') {
					WHY("more decimals than the currency has");
					return CG_EPARSE;
				}
				frac--;
				continue;
			}
			if (v > (UINT64_MAX - 9) / 10) {
				WHY("amount out of range");
				return CG_ELIMIT;
			}
			v = v * 10 + (uint64_t)(c - '0');
			seen_digit = 1;
		} else if (c == '.' && frac < 0) {
			frac = 0;
		} else if (c == ',' && frac < 0 && seen_digit && i + 3 < n + 0 && s[i + 1] >= '0' &&
		           s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9' &&
		           s[i + 3] >= '0' && s[i + 3] <= '9' &&
		           (i + 4 == n || s[i + 4] == ',' || s[i + 4] == '.')) {
			/* thousands separator */
		} else if (c == ',' && frac < 0 && seen_digit) {
			WHY("ambiguous decimal comma; write the amount as 1234.56");
			return CG_EPARSE;
		} else {
			WHY(c == 'e' || c == 'E' ? "exponents are not accepted in amounts"
			                         : "not an amount");
			return CG_EPARSE;
		}
	}
	if (!seen_digit) {
		WHY("not an amount");
		return CG_EPARSE;
	}
	for (int k = frac < 0 ? 0 : frac; k < units; k++) {
		if (v > UINT64_MAX / 10) {
			WHY("amount out of range");
			return CG_ELIMIT;
		}
		v *= 10;
	}
	if (v > (uint64_t)INT64_MAX + (uint64_t)neg) {
		WHY("amount out of range");
		return CG_ELIMIT;
	}
	*minor = !neg ? (int64_t)v : v > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)v;
	return 0;
}

int cg_format_money(int64_t minor, const char *currency, cg_strbuf *out)
{
	int units = minor_units(currency);
	uint64_t v = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	char digits[32];
	int nd = 0, rc = 0;

	cg_strbuf_reset(out);
	do {
		digits[nd++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (nd <= units)
		digits[nd++] = '0';
	if (minor < 0)
		rc = cg_strbuf_putc(out, '-');
	for (int i = nd - 1; i >= 0 && !rc; i--) {
		rc = cg_strbuf_putc(out, digits[i]);
		if (!rc && i == units && units > 0)
			rc = cg_strbuf_putc(out, '.');
	}
	return rc;
}

int cg_add_overflows(int64_t a, int64_t b)
{
	return (b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b);
}

int64_t cg_add_sat(int64_t a, int64_t b)
{
	if (cg_add_overflows(a, b))
		return b > 0 ? INT64_MAX : INT64_MIN;
	return a + b;
}

static const char *const months[12] = {"january",   "february", "march",    "april",
                                       "may",       "june",     "july",     "august",
                                       "september", "october",  "november", "december"};

static int month_from_name(const char *s, size_t n)
{
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		size_t ml = strlen(months[m]);
		if ((n == 3 || n == ml || (n == 4 && m == 8)) && n <= ml &&
		    strncasecmp(s, months[m], n) == 0)
			return m + 1;
		if (n == 4 && m == 8 && strncasecmp(s, "sept", 4) == 0)
			return 9;
	}
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* Reads exactly `width` digits at s[*i]. */
static int digits(const char *s, size_t n, size_t *i, int width, int *out)
{
	int v = 0;
	for (int k = 0; k < width; k++, (*i)++) {
		if (*i >= n || s[*i] < '0' || s[*i] > '9')
			return 0;
		v = v * 10 + (s[*i] - '0');
	}
	*out = v;
	return 1;
}

/* Checks year y, month m and day d (-1: not given) against the calendar
 * and writes them to out as ISO 8601 "YYYY[-MM[-DD]]": the one check every
 * date parser of this file ends with. */
static int calendar_date(int y, int m, int d, cg_strbuf *out, const char **why)
{
	if (y < 1000 || y > 2999) {
		WHY("year out of range");
		return CG_EPARSE;
	}
	if (m != -1 && (m < 1 || m > 12)) {
		WHY("month out of range");
		return CG_EPARSE;
	}
	if (d != -1 && (m == -1 || d < 1 || d > days_in_month(y, m))) {
		WHY("no such day in that month");
		return CG_EPARSE;
	}
	/* written digit by digit: a million dated rows made printf show in
	 * the loading profile */
	char buf[10] = {(char)('0' + y / 1000), (char)('0' + y / 100 % 10),
	                (char)('0' + y / 10 % 10), (char)('0' + y % 10)};
	size_t len = 4;
	if (m != -1) {
		buf[4] = '-';
		buf[5] = (char)('0' + m / 10);
		buf[6] = (char)('0' + m % 10);
		len = 7;
	}
	if (d != -1) {
		buf[7] = '-';
		buf[8] = (char)('0' + d / 10);
		buf[9] = (char)('0' + d % 10);
		len = 10;
	}
	return cg_strbuf_append(out, buf, len);
}

int cg_parse_date(const char *s, size_t n, cg_strbuf *out, const char **why)
{
	int y = 0, m = -1, d = -1; /* -1: not given */
	size_t i = 0;

	trim(&s, &n);
	cg_strbuf_reset(out);
	if (n >= 4 && digits(s, n, &i, 4, &y)) {
		if (i == n) {
			/* YYYY */
		} else if (n == 8 && digits(s, n, &i, 2, &m) && digits(s, n, &i, 2, &d) && i == n) {
			/* YYYYMMDD */
		} else {
			char sep = s[4];
			i = 5;
			if ((sep != '-' && sep != '/') || !digits(s, n, &i, 2, &m)) {
				WHY("not a date (use YYYY-MM-DD)");
				return CG_EPARSE;
			}
			if (i < n && (s[i] != sep || (i++, !digits(s, n, &i, 2, &d)) || i != n)) {
				WHY("not a date (use YYYY-MM-DD)");
				return CG_EPARSE;
			}
		}
	} else {
		/* "DD Mon YYYY" or "Mon DD, YYYY" */
		char buf[64];
		size_t bl = 0;
		for (size_t k = 0; k < n && bl + 1 < sizeof buf; k++)
			buf[bl++] =
			    (s[k] == ',' || s[k] == '-' || s[k] == '/' || s[k] == '.') ? ' ' : s[k];
		buf[bl] = '\0';
		char *tok[4] = {0};
		int nt = 0;
		for (char *p = buf; *p && nt < 4;) {
			while (*p == ' ')
				p++;
			if (!*p)
				break;
			tok[nt++] = p;
			while (*p && *p != ' ')
				p++;
			if (*p)
				*p++ = '\0';
		}
		if (nt == 3) {
			int a = month_from_name(tok[1], strlen(tok[1]));
			int b = month_from_name(tok[0], strlen(tok[0]));
			size_t j = 0;
			const char *dd = a ? tok[0] : tok[1];
			m = a ? a : b;
			if (m && strlen(tok[2]) == 4 && (j = 0, digits(tok[2], 4, &j, 4, &y)) &&
			    strlen(dd) <= 2 &&
			    (j = 0, digits(dd, strlen(dd), &j, (int)strlen(dd), &d)))
				return calendar_date(y, m, d, out, why);
		}
		if (n >= 8 && (s[2] == '/' || s[2] == '.' || s[1] == '/')) {
			WHY("ambiguous day/month order (use YYYY-MM-DD)");
			return CG_EPARSE;
		}
		WHY("not a date (use YYYY-MM-DD)");
		return CG_EPARSE;
	}
	return calendar_date(y, m, d, out, why);
}

int cg_check_date_format(const char *format, const char **why)
{
	int year = 0, month = 0, day = 0;

	for (const char *f = format; *f; f++) {
		if (*f != '%')
			continue;
		switch (*++f) {
		case 'Y':
		case 'y':
			year = 1;
			break;
		case 'm':
		case 'b':
		case 'B':
		case 'h':
			month = 1;
			break;
		case 'd':
		case 'e':
			day = 1;
			break;
		case 'H':
		case 'M':
		case 'S':
		case 'I':
		case 'p':
		case '%':
			break;
		default:
			WHY("unknown directive (use %d %e %m %b %B %Y %y, %H %M %S %I %p, %%)");
			return CG_EINVAL;
		}
	}
	if (!year) {
		WHY("no year (%Y or %y)");
		return CG_EINVAL;
	}
	if (day && !month) {
		WHY("a day without a month");
		return CG_EINVAL;
	}
	return 0;
}

/* The blanks a blank of a date format matches, and that are ignored around
 * the text. */
static int date_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Reads up to maxd digits at s[*i]: how many were read (0: none). */
static int up_to_digits(const char *s, size_t n, size_t *i, int maxd, int *out)
{
	int v = 0, d = 0;
	while (*i < n && d < maxd && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		d++;
	}
	*out = v;
	return d;
}

int cg_parse_date_as(const char *s, size_t n, const char *format, cg_strbuf *out, const char **why)
{
	int y = -1, mo = -1, d = -1, v, rc;
	size_t i = 0;

	cg_strbuf_reset(out);
	if ((rc = cg_check_date_format(format, why)))
		return rc;
	while (n && date_blank(*s))
		s++, n--;
	for (const char *f = format; *f; f++) {
		if (*f == ' ') {
			while (i < n && date_blank(s[i]))
				i++;
			continue;
		}
		if (*f != '%') {
			if (i >= n || s[i] != *f)
				goto mismatch;
			i++;
			continue;
		}
		switch (*++f) {
		case 'd':
		case 'e':
			if (*f == 'e' && i < n && s[i] == ' ')
				i++;
			if (!up_to_digits(s, n, &i, 2, &d))
				goto mismatch;
			break;
		case 'm':
			if (!up_to_digits(s, n, &i, 2, &mo))
				goto mismatch;
			break;
		case 'Y':
			if (up_to_digits(s, n, &i, 4, &y) != 4)
				goto mismatch;
			break;
		case 'y':
			if (up_to_digits(s, n, &i, 2, &v) != 2)
				goto mismatch;
			y = v < 69 ? 2000 + v : 1900 + v; /* the POSIX strptime pivot */
			break;
		case 'H':
		case 'M':
		case 'S':
		case 'I':
			if (!up_to_digits(s, n, &i, 2, &v))
				goto mismatch;
			break;
		case 'p':
			if (i + 2 > n ||
			    !(strncasecmp(s + i, "am", 2) == 0 || strncasecmp(s + i, "pm", 2) == 0))
				goto mismatch;
			i += 2;
			break;
		case 'b':
		case 'B':
		case 'h': {
			size_t st = i;
			while (i < n && ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z'))
				i++;
			if (!(mo = month_from_name(s + st, i - st)))
				goto mismatch;
			break;
		}
		case '%':
			if (i >= n || s[i] != '%')
				goto mismatch;
			i++;
			break;
		default: /* not reached: cg_check_date_format let the format by */
			goto mismatch;
		}
	}
	while (i < n && date_blank(s[i]))
		i++;
	if (i != n || y < 0)
		goto mismatch;
	return calendar_date(y, mo, d, out, why);
mismatch:
	WHY(NULL);
	return CG_EPARSE;
}
