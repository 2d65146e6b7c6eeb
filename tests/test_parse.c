/* Tests for graph/cg_parse.h: whole numbers, money and dates (in the forms
 * it knows and in declared formats), with the exact reason each refusal
 * gives. */
#include "cg_error.h"
#include "cg_parse.h"

#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* For long loops: calls into Check (whose ck_assert_* records a checkpoint
 * per call) only when the condition fails. */
#define REQUIRE(cond, ...)                                                                         \
	do {                                                                                       \
		if (!(cond))                                                                       \
			ck_abort_msg(__VA_ARGS__);                                                 \
	} while (0)

/* ---- cg_parse_long ---- */

/* Parses s in [min, max]: checks rc and, on success, the value, on failure
 * the reason. */
#define CHECK_LONG(s, min, max, want_rc, want_v, want_why)                                         \
	do {                                                                                       \
		long v_ = 12345;                                                                   \
		const char *why_ = NULL;                                                           \
		int rc_ = cg_parse_long((s), strlen(s), (min), (max), &v_, &why_);                 \
		ck_assert_msg(rc_ == (want_rc), "\"%s\": rc %d, want %d", (s), rc_, (want_rc));    \
		if ((want_rc) == 0) {                                                              \
			ck_assert_msg(v_ == (want_v), "\"%s\": %ld, want %ld", (s), v_,            \
			              (long)(want_v));                                             \
		} else {                                                                           \
			ck_assert_ptr_nonnull(why_);                                               \
			ck_assert_str_eq(why_, (want_why));                                        \
		}                                                                                  \
	} while (0)

START_TEST(parse_long_accepts_signs_and_blanks)
{
	CHECK_LONG("42", LONG_MIN, LONG_MAX, 0, 42, "");
	CHECK_LONG("-42", LONG_MIN, LONG_MAX, 0, -42, "");
	CHECK_LONG("+42", LONG_MIN, LONG_MAX, 0, 42, "");
	CHECK_LONG("0", LONG_MIN, LONG_MAX, 0, 0, "");
	CHECK_LONG("-0", LONG_MIN, LONG_MAX, 0, 0, "");
	CHECK_LONG(" 7\t", LONG_MIN, LONG_MAX, 0, 7, "");
	CHECK_LONG("007", LONG_MIN, LONG_MAX, 0, 7, "");
}
END_TEST

START_TEST(parse_long_reaches_both_limits)
{
	CHECK_LONG("9223372036854775807", LONG_MIN, LONG_MAX, 0, LONG_MAX, "");
	CHECK_LONG("-9223372036854775808", LONG_MIN, LONG_MAX, 0, LONG_MIN, "");
}
END_TEST

START_TEST(parse_long_overflow_is_elimit)
{
	CHECK_LONG("9223372036854775808", LONG_MIN, LONG_MAX, CG_ELIMIT, 0, "number out of range");
	CHECK_LONG("-9223372036854775809", LONG_MIN, LONG_MAX, CG_ELIMIT, 0, "number out of range");
	CHECK_LONG("99999999999999999999999", LONG_MIN, LONG_MAX, CG_ELIMIT, 0,
	           "number out of range");
}
END_TEST

START_TEST(parse_long_outside_range_is_elimit)
{
	CHECK_LONG("10", 1, 10, 0, 10, "");
	CHECK_LONG("1", 1, 10, 0, 1, "");
	CHECK_LONG("11", 1, 10, CG_ELIMIT, 0, "number out of range");
	CHECK_LONG("0", 1, 10, CG_ELIMIT, 0, "number out of range");
	CHECK_LONG("-1", 0, LONG_MAX, CG_ELIMIT, 0, "number out of range");
}
END_TEST

START_TEST(parse_long_junk_is_eparse)
{
	CHECK_LONG("", LONG_MIN, LONG_MAX, CG_EPARSE, 0, "not a number");
	CHECK_LONG("  ", LONG_MIN, LONG_MAX, CG_EPARSE, 0, "not a number");
	CHECK_LONG("-", LONG_MIN, LONG_MAX, CG_EPARSE, 0, "not a number");
	CHECK_LONG("+", LONG_MIN, LONG_MAX, CG_EPARSE, 0, "not a number");
	CHECK_LONG("12a", LONG_MIN, LONG_MAX, CG_EPARSE, 0, "not a number");
	CHECK_LONG("0x10", LONG_MIN, LONG_MAX, CG_EPARSE, 0, "not a number");
	CHECK_LONG("1 2", LONG_MIN, LONG_MAX, CG_EPARSE, 0, "not a number");
	CHECK_LONG("1.0", LONG_MIN, LONG_MAX, CG_EPARSE, 0, "not a number");
	CHECK_LONG("--1", LONG_MIN, LONG_MAX, CG_EPARSE, 0, "not a number");
}
END_TEST

START_TEST(parse_long_reads_only_n_bytes)
{
	long v = 0;
	const char *why = NULL;

	ck_assert_int_eq(cg_parse_long("12x", 2, LONG_MIN, LONG_MAX, &v, &why), 0);
	ck_assert_int_eq(v, 12);
}
END_TEST

START_TEST(parse_long_accepts_null_why)
{
	long v = 5;

	ck_assert_int_eq(cg_parse_long("x", 1, LONG_MIN, LONG_MAX, &v, NULL), CG_EPARSE);
	ck_assert_int_eq(v, 5);
}
END_TEST

/* ---- cg_parse_money ---- */

#define CHECK_MONEY(s, cur, want_rc, want_minor, want_why)                                         \
	do {                                                                                       \
		int64_t m_ = 777;                                                                  \
		const char *why_ = NULL;                                                           \
		int rc_ = cg_parse_money((s), strlen(s), (cur), &m_, &why_);                       \
		ck_assert_msg(rc_ == (want_rc), "\"%s\" %s: rc %d, want %d (why %s)", (s),         \
		              (cur) ? (cur) : "NULL", rc_, (want_rc), why_ ? why_ : "NULL");       \
		if ((want_rc) == 0) {                                                              \
			ck_assert_msg(m_ == (want_minor), "\"%s\": %lld, want %lld", (s),          \
			              (long long)m_, (long long)(want_minor));                     \
		} else {                                                                           \
			ck_assert_ptr_nonnull(why_);                                               \
			ck_assert_str_eq(why_, (want_why));                                        \
		}                                                                                  \
	} while (0)

START_TEST(parse_money_converts_to_minor_units)
{
	CHECK_MONEY("12500", "USD", 0, 1250000, "");
	CHECK_MONEY("12,500.50", "USD", 0, 1250050, "");
	CHECK_MONEY("1,000,000", "USD", 0, 100000000, "");
	CHECK_MONEY("0.01", "USD", 0, 1, "");
	CHECK_MONEY(".5", "USD", 0, 50, "");
	CHECK_MONEY("1.", "USD", 0, 100, "");
	CHECK_MONEY(" 3.25 ", "EUR", 0, 325, "");
}
END_TEST

START_TEST(parse_money_follows_currency_decimals)
{
	CHECK_MONEY("10", "JPY", 0, 10, "");
	CHECK_MONEY("1.234", "KWD", 0, 1234, "");
	CHECK_MONEY("1.5", "KWD", 0, 1500, "");
	CHECK_MONEY("0.00000001", "BTC", 0, 1, "");
	/* unknown codes take two decimals */
	CHECK_MONEY("1.5", "ZZZ", 0, 150, "");
	CHECK_MONEY("1.5", NULL, 0, 150, "");
}
END_TEST

START_TEST(parse_money_signs)
{
	CHECK_MONEY("-0.5", "USD", 0, -50, "");
	CHECK_MONEY("+5", "USD", 0, 500, "");
	CHECK_MONEY("-0", "USD", 0, 0, "");
	CHECK_MONEY("-12,500.50", "USD", 0, -1250050, "");
}
END_TEST

START_TEST(parse_money_trailing_zeros_beyond_decimals_are_harmless)
{
	CHECK_MONEY("10.500", "USD", 0, 1050, "");
	CHECK_MONEY("1.0", "JPY", 0, 1, "");
	CHECK_MONEY("1.5000", "KWD", 0, 1500, "");
}
END_TEST

START_TEST(parse_money_more_decimals_than_currency_is_eparse)
{
	CHECK_MONEY("1.5", "JPY", CG_EPARSE, 0, "more decimals than the currency has");
	CHECK_MONEY("0.001", "USD", CG_EPARSE, 0, "more decimals than the currency has");
	CHECK_MONEY("1.5001", "USD", CG_EPARSE, 0, "more decimals than the currency has");
	CHECK_MONEY("1.05", "JPY", CG_EPARSE, 0, "more decimals than the currency has");
}
END_TEST

START_TEST(parse_money_exponent_is_eparse)
{
	CHECK_MONEY("1e309", "USD", CG_EPARSE, 0, "exponents are not accepted in amounts");
	CHECK_MONEY("1E3", "USD", CG_EPARSE, 0, "exponents are not accepted in amounts");
}
END_TEST

START_TEST(parse_money_ambiguous_decimal_comma_is_eparse)
{
	CHECK_MONEY("1250,00", "EUR", CG_EPARSE, 0,
	            "ambiguous decimal comma; write the amount as 1234.56");
	CHECK_MONEY("1,00", "USD", CG_EPARSE, 0,
	            "ambiguous decimal comma; write the amount as 1234.56");
}
END_TEST

START_TEST(parse_money_junk_is_eparse)
{
	CHECK_MONEY("", "USD", CG_EPARSE, 0, "not an amount");
	CHECK_MONEY("-", "USD", CG_EPARSE, 0, "not an amount");
	CHECK_MONEY(".", "USD", CG_EPARSE, 0, "not an amount");
	CHECK_MONEY("1 250,00", "EUR", CG_EPARSE, 0, "not an amount");
	CHECK_MONEY("1.250,00", "EUR", CG_EPARSE, 0, "not an amount");
	CHECK_MONEY("1,2345", "USD", CG_EPARSE, 0,
	            "ambiguous decimal comma; write the amount as 1234.56");
	CHECK_MONEY("1.2.3", "USD", CG_EPARSE, 0, "not an amount");
	CHECK_MONEY("$5", "USD", CG_EPARSE, 0, "not an amount");
	CHECK_MONEY("5 USD", "USD", CG_EPARSE, 0, "not an amount");
	CHECK_MONEY(",500", "USD", CG_EPARSE, 0, "not an amount");
}
END_TEST

START_TEST(parse_money_beyond_int64_is_elimit)
{
	CHECK_MONEY("99999999999999999999", "USD", CG_ELIMIT, 0, "amount out of range");
	CHECK_MONEY("92233720368547758.07", "USD", 0, INT64_MAX, "");
	CHECK_MONEY("92233720368547758.08", "USD", CG_ELIMIT, 0, "amount out of range");
	CHECK_MONEY("9223372036854775807", "JPY", 0, INT64_MAX, "");
	CHECK_MONEY("9223372036854775808", "JPY", CG_ELIMIT, 0, "amount out of range");
	/* in range as text, out of range once scaled to minor units */
	CHECK_MONEY("922337203685477581", "USD", CG_ELIMIT, 0, "amount out of range");
}
END_TEST

/* ---- cg_format_money ---- */

#define CHECK_FORMAT(minor, cur, want)                                                             \
	do {                                                                                       \
		cg_strbuf o_ = CG_STRBUF_INIT;                                                     \
		ck_assert_int_eq(cg_strbuf_puts(&o_, "stale"), 0);                                 \
		ck_assert_int_eq(cg_format_money((minor), (cur), &o_), 0);                         \
		ck_assert_str_eq(cg_strbuf_cstr(&o_), (want));                                     \
		cg_strbuf_free(&o_);                                                               \
	} while (0)

START_TEST(format_money_writes_currency_decimals)
{
	CHECK_FORMAT(1250050, "USD", "12500.50");
	CHECK_FORMAT(0, "USD", "0.00");
	CHECK_FORMAT(5, "USD", "0.05");
	CHECK_FORMAT(-50, "USD", "-0.50");
	CHECK_FORMAT(1250050, "JPY", "1250050");
	CHECK_FORMAT(-1, "JPY", "-1");
	CHECK_FORMAT(1250050, "KWD", "1250.050");
	CHECK_FORMAT(-1, "KWD", "-0.001");
	CHECK_FORMAT(1, "BTC", "0.00000001");
	CHECK_FORMAT(150, "ZZZ", "1.50");
	CHECK_FORMAT(150, NULL, "1.50");
	CHECK_FORMAT(INT64_MAX, "USD", "92233720368547758.07");
}
END_TEST

/* format(parse(x)) is the canonical spelling of x, and parse(format(m)) is m. */
START_TEST(format_money_inverts_parse_money)
{
	static const struct {
		const char *in, *cur, *canonical;
	} cases[] = {
	    {"12,500.50", "USD", "12500.50"},
	    {"12500.5", "USD", "12500.50"},
	    {"-0.5", "USD", "-0.50"},
	    {"-0", "USD", "0.00"},
	    {"10.500", "USD", "10.50"},
	    {"0.01", "EUR", "0.01"},
	    {"10", "JPY", "10"},
	    {"-1,000", "JPY", "-1000"},
	    {"1.5", "KWD", "1.500"},
	    {"-0.001", "KWD", "-0.001"},
	    {"1", "BTC", "1.00000000"},
	    {"9223372036854775807", "JPY", "9223372036854775807"},
	    {"-9223372036854775807", "JPY", "-9223372036854775807"},
	    {"92233720368547758.07", "USD", "92233720368547758.07"},
	};
	cg_strbuf o = CG_STRBUF_INIT;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t m = 0, back = 1;
		const char *why = NULL;
		ck_assert_msg(
		    cg_parse_money(cases[i].in, strlen(cases[i].in), cases[i].cur, &m, &why) == 0,
		    "parse \"%s\": %s", cases[i].in, why ? why : "?");
		ck_assert_int_eq(cg_format_money(m, cases[i].cur, &o), 0);
		ck_assert_msg(strcmp(cg_strbuf_cstr(&o), cases[i].canonical) == 0,
		              "\"%s\" %s -> \"%s\", want \"%s\"", cases[i].in, cases[i].cur,
		              cg_strbuf_cstr(&o), cases[i].canonical);
		ck_assert_int_eq(cg_parse_money(o.buf, o.len, cases[i].cur, &back, &why), 0);
		ck_assert_msg(back == m, "\"%s\": %lld back as %lld", cg_strbuf_cstr(&o),
		              (long long)m, (long long)back);
	}
	cg_strbuf_free(&o);
}
END_TEST

START_TEST(format_money_round_trips_a_range_of_values)
{
	static const char *const curs[] = {"USD", "JPY", "KWD", "BTC", "CLF"};
	cg_strbuf o = CG_STRBUF_INIT;

	for (size_t c = 0; c < sizeof curs / sizeof curs[0]; c++) {
		for (int64_t m = -100000; m <= 100000; m += 7) {
			int64_t back = m + 1;
			const char *why = NULL;
			REQUIRE(cg_format_money(m, curs[c], &o) == 0, "format %lld", (long long)m);
			REQUIRE(cg_parse_money(o.buf, o.len, curs[c], &back, &why) == 0,
			        "\"%s\" %s: %s", cg_strbuf_cstr(&o), curs[c], why ? why : "?");
			REQUIRE(back == m, "%lld %s -> \"%s\" -> %lld", (long long)m, curs[c],
			        cg_strbuf_cstr(&o), (long long)back);
		}
	}
	cg_strbuf_free(&o);
}
END_TEST

/* ---- cg_parse_date ---- */

#define CHECK_DATE(s, want_rc, want)                                                               \
	do {                                                                                       \
		cg_strbuf o_ = CG_STRBUF_INIT;                                                     \
		const char *why_ = NULL;                                                           \
		ck_assert_int_eq(cg_strbuf_puts(&o_, "stale"), 0);                                 \
		int rc_ = cg_parse_date((s), strlen(s), &o_, &why_);                               \
		ck_assert_msg(rc_ == (want_rc), "\"%s\": rc %d, want %d (out \"%s\", why %s)",     \
		              (s), rc_, (want_rc), cg_strbuf_cstr(&o_), why_ ? why_ : "NULL");     \
		if ((want_rc) == 0) {                                                              \
			ck_assert_str_eq(cg_strbuf_cstr(&o_), (want));                             \
		} else {                                                                           \
			ck_assert_ptr_nonnull(why_);                                               \
			ck_assert_str_eq(why_, (want));                                            \
		}                                                                                  \
		cg_strbuf_free(&o_);                                                               \
	} while (0)

START_TEST(parse_date_iso_forms)
{
	CHECK_DATE("2024-02-29", 0, "2024-02-29");
	CHECK_DATE("2024/02/29", 0, "2024-02-29");
	CHECK_DATE("20240131", 0, "2024-01-31");
	CHECK_DATE("1984-07", 0, "1984-07");
	CHECK_DATE("1984", 0, "1984");
	CHECK_DATE(" 2000-02-29 ", 0, "2000-02-29");
}
END_TEST

START_TEST(parse_date_checks_the_calendar)
{
	CHECK_DATE("2023-02-29", CG_EPARSE, "no such day in that month");
	CHECK_DATE("2024-02-30", CG_EPARSE, "no such day in that month");
	CHECK_DATE("1900-02-29", CG_EPARSE, "no such day in that month");
	CHECK_DATE("2024-04-31", CG_EPARSE, "no such day in that month");
	CHECK_DATE("2024-01-32", CG_EPARSE, "no such day in that month");
	CHECK_DATE("2024-12-31", 0, "2024-12-31");
}
END_TEST

START_TEST(parse_date_month_out_of_range)
{
	CHECK_DATE("2024-13-01", CG_EPARSE, "month out of range");
	CHECK_DATE("2024-13", CG_EPARSE, "month out of range");
	CHECK_DATE("20241301", CG_EPARSE, "month out of range");
}
END_TEST

/* Month 00 is no month: it must not vanish ("2024-00" read as "2024") nor
 * index the days-per-month table at -1. */
START_TEST(parse_date_month_zero_is_out_of_range)
{
	CHECK_DATE("2024-00-10", CG_EPARSE, "month out of range");
	CHECK_DATE("2024-00", CG_EPARSE, "month out of range");
	CHECK_DATE("20240000", CG_EPARSE, "month out of range");
}
END_TEST

/* Day 00 is no day: "2024-01-00" must not come back as "2024-01". */
START_TEST(parse_date_day_zero_is_refused)
{
	CHECK_DATE("2024-01-00", CG_EPARSE, "no such day in that month");
	CHECK_DATE("20240100", CG_EPARSE, "no such day in that month");
}
END_TEST

START_TEST(parse_date_english_month_names)
{
	CHECK_DATE("01 Jan 1970", 0, "1970-01-01");
	CHECK_DATE("Jan 1, 1970", 0, "1970-01-01");
	CHECK_DATE("January 5, 2024", 0, "2024-01-05");
	CHECK_DATE("5 MAY 2024", 0, "2024-05-05");
	CHECK_DATE("1 Sept 2024", 0, "2024-09-01");
	CHECK_DATE("01-Jan-1970", 0, "1970-01-01");
	CHECK_DATE("31 Sep 2024", CG_EPARSE, "no such day in that month");
}
END_TEST

START_TEST(parse_date_day_month_order_is_ambiguous)
{
	CHECK_DATE("03/04/2020", CG_EPARSE, "ambiguous day/month order (use YYYY-MM-DD)");
	CHECK_DATE("1/2/2020", CG_EPARSE, "ambiguous day/month order (use YYYY-MM-DD)");
	CHECK_DATE("03.04.2020", CG_EPARSE, "ambiguous day/month order (use YYYY-MM-DD)");
}
END_TEST

START_TEST(parse_date_year_out_of_range)
{
	CHECK_DATE("0999-01-01", CG_EPARSE, "year out of range");
	CHECK_DATE("0999", CG_EPARSE, "year out of range");
	CHECK_DATE("3000", CG_EPARSE, "year out of range");
	CHECK_DATE("1000-01-01", 0, "1000-01-01");
	CHECK_DATE("2999-12-31", 0, "2999-12-31");
	CHECK_DATE("1 Jan 0999", CG_EPARSE, "year out of range");
}
END_TEST

START_TEST(parse_date_junk_is_eparse)
{
	CHECK_DATE("", CG_EPARSE, "not a date (use YYYY-MM-DD)");
	CHECK_DATE("999", CG_EPARSE, "not a date (use YYYY-MM-DD)");
	CHECK_DATE("2024-1-5", CG_EPARSE, "not a date (use YYYY-MM-DD)");
	CHECK_DATE("24-01-01", CG_EPARSE, "not a date (use YYYY-MM-DD)");
	CHECK_DATE("2024-02-29T00:00", CG_EPARSE, "not a date (use YYYY-MM-DD)");
	CHECK_DATE("2024-02/29", CG_EPARSE, "not a date (use YYYY-MM-DD)");
	CHECK_DATE("yesterday", CG_EPARSE, "not a date (use YYYY-MM-DD)");
	CHECK_DATE("January 1st, 1970", CG_EPARSE, "not a date (use YYYY-MM-DD)");
}
END_TEST

/* ---- cg_parse_date_as ---- */

/* Parses s with format: checks rc and, on success, the date written; on
 * failure the reason (NULL: the text does not have the format) and that
 * out was emptied. */
#define CHECK_DATE_AS(s, format, want_rc, want)                                                    \
	do {                                                                                       \
		cg_strbuf o_ = CG_STRBUF_INIT;                                                     \
		const char *why_ = "stale";                                                        \
		const char *want_ = (want);                                                        \
		ck_assert_int_eq(cg_strbuf_puts(&o_, "stale"), 0);                                 \
		int rc_ = cg_parse_date_as((s), strlen(s), (format), &o_, &why_);                  \
		ck_assert_msg(rc_ == (want_rc), "\"%s\" as \"%s\": rc %d, want %d (out \"%s\")",   \
		              (s), (format), rc_, (want_rc), cg_strbuf_cstr(&o_));                 \
		if ((want_rc) == 0) {                                                              \
			ck_assert_str_eq(cg_strbuf_cstr(&o_), want_);                              \
		} else {                                                                           \
			ck_assert_str_eq(cg_strbuf_cstr(&o_), "");                                 \
			if (want_)                                                                 \
				ck_assert_str_eq(why_ ? why_ : "NULL", want_);                     \
			else                                                                       \
				ck_assert_msg(why_ == NULL, "\"%s\" as \"%s\": why \"%s\"", (s),   \
				              (format), why_);                                     \
		}                                                                                  \
		cg_strbuf_free(&o_);                                                               \
	} while (0)

START_TEST(parse_date_as_numeric_formats)
{
	CHECK_DATE_AS("15/03/2023", "%d/%m/%Y", 0, "2023-03-15");
	CHECK_DATE_AS("03/15/2023", "%m/%d/%Y", 0, "2023-03-15");
	CHECK_DATE_AS("5.3.2023", "%d.%m.%Y", 0, "2023-03-05");
	CHECK_DATE_AS("20230315", "%Y%m%d", 0, "2023-03-15");
	CHECK_DATE_AS("03/2023", "%m/%Y", 0, "2023-03");
	CHECK_DATE_AS("1970", "%Y", 0, "1970");
	CHECK_DATE_AS("2023%", "%Y%%", 0, "2023");
}
END_TEST

START_TEST(parse_date_as_two_digit_years_pivot_at_69)
{
	CHECK_DATE_AS("69", "%y", 0, "1969");
	CHECK_DATE_AS("99", "%y", 0, "1999");
	CHECK_DATE_AS("00", "%y", 0, "2000");
	CHECK_DATE_AS("68", "%y", 0, "2068");
	CHECK_DATE_AS("15/03/23", "%d/%m/%y", 0, "2023-03-15");
}
END_TEST

START_TEST(parse_date_as_month_names)
{
	CHECK_DATE_AS("23-MAR-2006", "%d-%b-%Y", 0, "2006-03-23");
	CHECK_DATE_AS("1 september 2024", "%d %B %Y", 0, "2024-09-01");
	CHECK_DATE_AS("Sept 2024", "%b %Y", 0, "2024-09");
	CHECK_DATE_AS("May 5, 2024", "%h %d, %Y", 0, "2024-05-05");
	CHECK_DATE_AS("Jan2024", "%b%Y", 0, "2024-01");
	CHECK_DATE_AS("Janu 2024", "%b %Y", CG_EPARSE, NULL);
	CHECK_DATE_AS("Ja 2024", "%b %Y", CG_EPARSE, NULL);
	CHECK_DATE_AS("Foo 2024", "%b %Y", CG_EPARSE, NULL);
}
END_TEST

START_TEST(parse_date_as_times_are_read_and_dropped)
{
	CHECK_DATE_AS("2024-01-02 13:14:15", "%Y-%m-%d %H:%M:%S", 0, "2024-01-02");
	CHECK_DATE_AS("03/15/2023 01:30 PM", "%m/%d/%Y %I:%M %p", 0, "2023-03-15");
	CHECK_DATE_AS("03/15/2023 01:30 am", "%m/%d/%Y %I:%M %p", 0, "2023-03-15");
	CHECK_DATE_AS("03/15/2023 01:30 XM", "%m/%d/%Y %I:%M %p", CG_EPARSE, NULL);
	CHECK_DATE_AS("2024-01-02 :14", "%Y-%m-%d %H:%M", CG_EPARSE, NULL);
}
END_TEST

START_TEST(parse_date_as_blanks)
{
	/* a blank of the format: any run of blanks, none included */
	CHECK_DATE_AS("1 \t 2\r\n2024", "%d %m %Y", 0, "2024-02-01");
	CHECK_DATE_AS("1Jan2024", "%d %b %Y", 0, "2024-01-01");
	/* %e: the day, space-padded */
	CHECK_DATE_AS("Mar  5 2024", "%b %e %Y", 0, "2024-03-05");
	CHECK_DATE_AS("Mar 05 2024", "%b %e %Y", 0, "2024-03-05");
	/* blanks around the text */
	CHECK_DATE_AS(" \t2024-01-02\r\n", "%Y-%m-%d", 0, "2024-01-02");
	/* any other character matches only itself */
	CHECK_DATE_AS("2024 01 02", "%Y-%m-%d", CG_EPARSE, NULL);
}
END_TEST

START_TEST(parse_date_as_checks_the_calendar)
{
	CHECK_DATE_AS("31/02/2023", "%d/%m/%Y", CG_EPARSE, "no such day in that month");
	CHECK_DATE_AS("29/02/2023", "%d/%m/%Y", CG_EPARSE, "no such day in that month");
	CHECK_DATE_AS("29/02/2024", "%d/%m/%Y", 0, "2024-02-29");
	CHECK_DATE_AS("00/01/2024", "%d/%m/%Y", CG_EPARSE, "no such day in that month");
	CHECK_DATE_AS("13/2024", "%m/%Y", CG_EPARSE, "month out of range");
	CHECK_DATE_AS("00/2024", "%m/%Y", CG_EPARSE, "month out of range");
	CHECK_DATE_AS("0999", "%Y", CG_EPARSE, "year out of range");
	CHECK_DATE_AS("3000", "%Y", CG_EPARSE, "year out of range");
}
END_TEST

/* A text that does not have the format leaves the reason to the caller
 * (*why NULL): it knows which format it expected. */
START_TEST(parse_date_as_text_without_the_format_is_eparse_without_reason)
{
	CHECK_DATE_AS("", "%Y", CG_EPARSE, NULL);
	CHECK_DATE_AS("2024-03-15", "%d/%m/%Y", CG_EPARSE, NULL);
	CHECK_DATE_AS("24", "%Y", CG_EPARSE, NULL);
	CHECK_DATE_AS("20245", "%Y", CG_EPARSE, NULL);
	CHECK_DATE_AS("2024", "%y", CG_EPARSE, NULL);
	CHECK_DATE_AS("15/03/2023x", "%d/%m/%Y", CG_EPARSE, NULL);
	CHECK_DATE_AS("15/03", "%d/%m/%Y", CG_EPARSE, NULL);
	CHECK_DATE_AS("2023", "%Y%%", CG_EPARSE, NULL);
}
END_TEST

START_TEST(parse_date_as_unusable_format_is_einval)
{
	CHECK_DATE_AS("2024", "%Q", CG_EINVAL,
	              "unknown directive (use %d %e %m %b %B %Y %y, %H %M %S %I %p, %%)");
	CHECK_DATE_AS("15/03", "%d/%m", CG_EINVAL, "no year (%Y or %y)");
	CHECK_DATE_AS("15 2024", "%d %Y", CG_EINVAL, "a day without a month");
}
END_TEST

START_TEST(parse_date_as_reads_only_n_bytes_and_accepts_null_why)
{
	cg_strbuf o = CG_STRBUF_INIT;
	const char *s = "2024-01-02xyz";

	ck_assert_int_eq(cg_parse_date_as(s, 10, "%Y-%m-%d", &o, NULL), 0);
	ck_assert_str_eq(cg_strbuf_cstr(&o), "2024-01-02");
	ck_assert_int_eq(cg_parse_date_as(s, 7, "%Y-%m-%d", &o, NULL), CG_EPARSE);
	ck_assert_int_eq(cg_parse_date_as("31/02/2023", 10, "%d/%m/%Y", &o, NULL), CG_EPARSE);
	ck_assert_int_eq(cg_parse_date_as("2023", 4, "%Q", &o, NULL), CG_EINVAL);
	cg_strbuf_free(&o);
}
END_TEST

/* ---- cg_check_date_format ---- */

#define CHECK_DATE_FORMAT(format, want_rc, want_why)                                               \
	do {                                                                                       \
		const char *why_ = NULL;                                                           \
		int rc_ = cg_check_date_format((format), &why_);                                   \
		ck_assert_msg(rc_ == (want_rc), "\"%s\": rc %d, want %d", (format), rc_,           \
		              (want_rc));                                                          \
		if ((want_rc) != 0) {                                                              \
			ck_assert_ptr_nonnull(why_);                                               \
			ck_assert_str_eq(why_, (want_why));                                        \
		}                                                                                  \
	} while (0)

START_TEST(check_date_format_accepts_every_directive)
{
	CHECK_DATE_FORMAT("%Y", 0, "");
	CHECK_DATE_FORMAT("%y", 0, "");
	CHECK_DATE_FORMAT("%d/%m/%Y", 0, "");
	CHECK_DATE_FORMAT("%e %b %Y", 0, "");
	CHECK_DATE_FORMAT("%B %y", 0, "");
	CHECK_DATE_FORMAT("%d %h %Y", 0, "");
	CHECK_DATE_FORMAT("%Y-%m-%d %H:%M:%S", 0, "");
	CHECK_DATE_FORMAT("%I:%M %p %Y %%", 0, "");
	CHECK_DATE_FORMAT("year %Y", 0, "");
}
END_TEST

START_TEST(check_date_format_refusals_say_why)
{
	const char *unknown = "unknown directive (use %d %e %m %b %B %Y %y, %H %M %S %I %p, %%)";

	CHECK_DATE_FORMAT("%Q %Y", CG_EINVAL, unknown);
	CHECK_DATE_FORMAT("%Y %j", CG_EINVAL, unknown);
	CHECK_DATE_FORMAT("%Y%", CG_EINVAL, unknown);
	CHECK_DATE_FORMAT("", CG_EINVAL, "no year (%Y or %y)");
	CHECK_DATE_FORMAT("%d/%m", CG_EINVAL, "no year (%Y or %y)");
	CHECK_DATE_FORMAT("%%Y", CG_EINVAL, "no year (%Y or %y)");
	CHECK_DATE_FORMAT("%d %Y", CG_EINVAL, "a day without a month");
	CHECK_DATE_FORMAT("%e %y", CG_EINVAL, "a day without a month");
	ck_assert_int_eq(cg_check_date_format("%Q", NULL), CG_EINVAL);
}
END_TEST

/* ---- cg_add_overflows / cg_add_sat ---- */

START_TEST(add_overflows_only_past_the_int64_range)
{
	ck_assert_int_eq(cg_add_overflows(1, 2), 0);
	ck_assert_int_eq(cg_add_overflows(INT64_MAX, 0), 0);
	ck_assert_int_eq(cg_add_overflows(INT64_MAX - 5, 5), 0);
	ck_assert_int_eq(cg_add_overflows(INT64_MAX - 5, 6), 1);
	ck_assert_int_eq(cg_add_overflows(INT64_MAX, INT64_MAX), 1);
	ck_assert_int_eq(cg_add_overflows(INT64_MIN, 0), 0);
	ck_assert_int_eq(cg_add_overflows(INT64_MIN + 5, -5), 0);
	ck_assert_int_eq(cg_add_overflows(INT64_MIN + 5, -6), 1);
	ck_assert_int_eq(cg_add_overflows(INT64_MIN, INT64_MIN), 1);
	/* opposite signs never overflow */
	ck_assert_int_eq(cg_add_overflows(INT64_MAX, INT64_MIN), 0);
	ck_assert_int_eq(cg_add_overflows(INT64_MIN, INT64_MAX), 0);
}
END_TEST

START_TEST(add_sat_saturates_at_the_ends)
{
	ck_assert_int_eq(cg_add_sat(1250, -50), 1200);
	ck_assert_int_eq(cg_add_sat(-7, -8), -15);
	ck_assert_int_eq(cg_add_sat(INT64_MAX - 5, 5), INT64_MAX);
	ck_assert_int_eq(cg_add_sat(INT64_MAX - 5, 6), INT64_MAX);
	ck_assert_int_eq(cg_add_sat(INT64_MAX, INT64_MAX), INT64_MAX);
	ck_assert_int_eq(cg_add_sat(INT64_MIN + 5, -6), INT64_MIN);
	ck_assert_int_eq(cg_add_sat(INT64_MIN, INT64_MIN), INT64_MIN);
	ck_assert_int_eq(cg_add_sat(INT64_MAX, INT64_MIN), -1);
	/* a saturated total comes back down by what is taken out */
	ck_assert_int_eq(cg_add_sat(cg_add_sat(INT64_MAX, 1), -1), INT64_MAX - 1);
}
END_TEST

static TCase *tcase(const char *name)
{
	TCase *tc = tcase_create(name);
	tcase_set_timeout(tc, 30);
	return tc;
}

static Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc;

	tc = tcase("parse_long");
	tcase_add_test(tc, parse_long_accepts_signs_and_blanks);
	tcase_add_test(tc, parse_long_reaches_both_limits);
	tcase_add_test(tc, parse_long_overflow_is_elimit);
	tcase_add_test(tc, parse_long_outside_range_is_elimit);
	tcase_add_test(tc, parse_long_junk_is_eparse);
	tcase_add_test(tc, parse_long_reads_only_n_bytes);
	tcase_add_test(tc, parse_long_accepts_null_why);
	suite_add_tcase(s, tc);

	tc = tcase("parse_money");
	tcase_add_test(tc, parse_money_converts_to_minor_units);
	tcase_add_test(tc, parse_money_follows_currency_decimals);
	tcase_add_test(tc, parse_money_signs);
	tcase_add_test(tc, parse_money_trailing_zeros_beyond_decimals_are_harmless);
	tcase_add_test(tc, parse_money_more_decimals_than_currency_is_eparse);
	tcase_add_test(tc, parse_money_exponent_is_eparse);
	tcase_add_test(tc, parse_money_ambiguous_decimal_comma_is_eparse);
	tcase_add_test(tc, parse_money_junk_is_eparse);
	tcase_add_test(tc, parse_money_beyond_int64_is_elimit);
	suite_add_tcase(s, tc);

	tc = tcase("format_money");
	tcase_add_test(tc, format_money_writes_currency_decimals);
	tcase_add_test(tc, format_money_inverts_parse_money);
	tcase_add_test(tc, format_money_round_trips_a_range_of_values);
	suite_add_tcase(s, tc);

	tc = tcase("add_overflows");
	tcase_add_test(tc, add_overflows_only_past_the_int64_range);
	suite_add_tcase(s, tc);

	tc = tcase("add_sat");
	tcase_add_test(tc, add_sat_saturates_at_the_ends);
	suite_add_tcase(s, tc);

	tc = tcase("parse_date");
	tcase_add_test(tc, parse_date_iso_forms);
	tcase_add_test(tc, parse_date_checks_the_calendar);
	tcase_add_test(tc, parse_date_month_out_of_range);
	tcase_add_test(tc, parse_date_month_zero_is_out_of_range);
	tcase_add_test(tc, parse_date_day_zero_is_refused);
	tcase_add_test(tc, parse_date_english_month_names);
	tcase_add_test(tc, parse_date_day_month_order_is_ambiguous);
	tcase_add_test(tc, parse_date_year_out_of_range);
	tcase_add_test(tc, parse_date_junk_is_eparse);
	suite_add_tcase(s, tc);

	tc = tcase("parse_date_as");
	tcase_add_test(tc, parse_date_as_numeric_formats);
	tcase_add_test(tc, parse_date_as_two_digit_years_pivot_at_69);
	tcase_add_test(tc, parse_date_as_month_names);
	tcase_add_test(tc, parse_date_as_times_are_read_and_dropped);
	tcase_add_test(tc, parse_date_as_blanks);
	tcase_add_test(tc, parse_date_as_checks_the_calendar);
	tcase_add_test(tc, parse_date_as_text_without_the_format_is_eparse_without_reason);
	tcase_add_test(tc, parse_date_as_unusable_format_is_einval);
	tcase_add_test(tc, parse_date_as_reads_only_n_bytes_and_accepts_null_why);
	suite_add_tcase(s, tc);

	tc = tcase("check_date_format");
	tcase_add_test(tc, check_date_format_accepts_every_directive);
	tcase_add_test(tc, check_date_format_refusals_say_why);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(parse_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
