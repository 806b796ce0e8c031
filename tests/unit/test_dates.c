/*
 * test_dates.c — unit tests for src/core/dates.c: reading and writing
 * YYYY-MM-DD day numbers, the local day of a moment, and when a hard date
 * comes round next (one-off and yearly, February 29, the turn of the year,
 * dates still to come, the edges of the accepted years).
 *
 * What a person would notice if these broke: `ebb dates` saying a birthday
 * is in 365 days when it is today, a February 29 anniversary vanishing in
 * ordinary years, `ebb today` warning about a day that has passed.
 *
 * Expected day numbers come from a deliberately naive calendar (counting
 * year by year and day by day) that shares no code with the one under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"

/* ---------------------------------------------------------------------- */
/* A naive calendar                                                        */

struct ymd {
	int y, m, d;
};

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : len[m - 1];
}

/* Days since 1970-01-01, counted year by year, then month by month. */
static int64_t naive_day(int y, int m, int d)
{
	int64_t n = 0;

	for (int yy = 1970; yy < y; yy++)
		n += leap(yy) ? 366 : 365;
	for (int yy = y; yy < 1970; yy++)
		n -= leap(yy) ? 366 : 365;
	for (int mm = 1; mm < m; mm++)
		n += mdays(y, mm);
	return n + d - 1;
}

static struct ymd tomorrow(struct ymd t)
{
	if (++t.d > mdays(t.y, t.m)) {
		t.d = 1;
		if (++t.m > 12) {
			t.m = 1;
			t.y++;
		}
	}
	return t;
}

/* Does day t count as an occurrence of yearly date (y0, m0, d0)? */
static bool falls_on(struct ymd t, int y0, int m0, int d0)
{
	if (t.y < y0)
		return false;
	if (t.m == m0 && t.d == d0)
		return true;
	return m0 == 2 && d0 == 29 && !leap(t.y) && t.m == 2 && t.d == 28;
}

#define DAY(y, m, d) naive_day((y), (m), (d))

/* Asserts ebb_date_next(date, yearly, today) == expected day. */
static void expect_next(const char *date, bool yearly, int64_t today, int64_t expected)
{
	int64_t next = -12345;
	char want[EBB_DATE_STR], got[EBB_DATE_STR];

	assert_int_equal(ebb_date_next(date, yearly, today, &next), EBB_OK);
	if (next != expected) {
		print_error("%s%s on %s: expected %s, got %s\n", date, yearly ? " yearly" : "",
		            ebb_date_format(got, today), ebb_date_format(want, expected),
		            ebb_date_format(got, next));
		fail();
	}
}

/* ---------------------------------------------------------------------- */
/* Parsing and formatting                                                  */

static void test_parse_known_days(void **state)
{
	int64_t day = 0;

	(void)state;
	assert_int_equal(ebb_date_parse("1970-01-01", &day), EBB_OK);
	assert_int_equal(day, 0);
	assert_int_equal(ebb_date_parse("1970-01-02", &day), EBB_OK);
	assert_int_equal(day, 1);
	assert_int_equal(ebb_date_parse("1969-12-31", &day), EBB_OK);
	assert_int_equal(day, -1);
	assert_int_equal(ebb_date_parse("1900-01-01", &day), EBB_OK);
	assert_int_equal(day, DAY(1900, 1, 1));
	assert_int_equal(ebb_date_parse("2000-02-29", &day), EBB_OK);
	assert_int_equal(day, DAY(2000, 2, 29));
	assert_int_equal(ebb_date_parse("2026-03-04", &day), EBB_OK);
	assert_int_equal(day, DAY(2026, 3, 4));
	assert_int_equal(ebb_date_parse("9999-12-31", &day), EBB_OK);
	assert_int_equal(day, DAY(9999, 12, 31));
}

static void test_parse_refuses(void **state)
{
	static const char *const bad[] = {
	    "",
	    "2026-3-04",
	    "2026-03-4",
	    "26-03-04",
	    "2026/03/04",
	    " 2026-03-04",
	    "2026-03-04 ",
	    "2026-03-04T12:00",
	    "2026-13-01",
	    "2026-00-10",
	    "2026-04-31",
	    "2026-01-00",
	    "2025-02-29",
	    "1900-02-29",
	    "2100-02-29",
	    "1899-12-31",
	    "10000-01-01",
	    "abcd-ef-gh",
	    "2026-0a-04",
	    "+026-03-04",
	};
	int64_t day = 777;

	(void)state;
	assert_int_equal(ebb_date_parse(NULL, &day), EBB_ERR_INVALID);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ebb_date_parse(bad[i], &day) != EBB_ERR_INVALID) {
			print_error("'%s' was accepted\n", bad[i]);
			fail();
		}
	}
	assert_int_equal(day, 777); /* untouched */
}

static void test_format_round_trips(void **state)
{
	struct ymd t = {1900, 1, 1};
	int64_t want = DAY(1900, 1, 1), day;
	char buf[EBB_DATE_STR], expect[32]; /* room for any int, for -O3's checks */

	(void)state;
	/* every day from 1900 to 2200, in step with the naive calendar */
	while (t.y <= 2200) {
		snprintf(expect, sizeof(expect), "%04d-%02d-%02d", t.y, t.m, t.d);
		assert_string_equal(ebb_date_format(buf, want), expect);
		assert_int_equal(ebb_date_parse(expect, &day), EBB_OK);
		assert_int_equal(day, want);
		t = tomorrow(t);
		want++;
	}
	assert_string_equal(ebb_date_format(buf, DAY(9999, 12, 31)), "9999-12-31");
	assert_string_equal(ebb_date_format(buf, DAY(9999, 12, 31) + 1), "10000-01-01");
}

static void test_local_day(void **state)
{
	(void)state;
	assert_int_equal(ebb_date_local_day(0, 0), 0);
	assert_int_equal(ebb_date_local_day(86399, 0), 0);
	assert_int_equal(ebb_date_local_day(86400, 0), 1);
	assert_int_equal(ebb_date_local_day(-1, 0), -1);
	assert_int_equal(ebb_date_local_day(-86400, 0), -1);
	assert_int_equal(ebb_date_local_day(-86401, 0), -2);
	/* 23:30 UTC is already tomorrow an hour east, still today an hour west */
	assert_int_equal(ebb_date_local_day(86400 - 1800, 3600), 1);
	assert_int_equal(ebb_date_local_day(86400 - 1800, -3600), 0);
	assert_int_equal(ebb_date_local_day(1800, -3600), -1);
	assert_int_equal(ebb_date_local_day(0, 86400), 1);
	assert_int_equal(ebb_date_local_day(0, -86400), -1);
	/* 2026-03-04T23:30-05:00 is 2026-03-05T04:30Z */
	assert_int_equal(ebb_date_local_day(DAY(2026, 3, 5) * 86400 + 4 * 3600 + 1800, -5 * 3600),
	                 DAY(2026, 3, 4));
	/* no overflow at the ends */
	assert_int_equal(ebb_date_local_day(INT64_MAX, 86400), INT64_MAX / 86400 + 1);
	assert_int_equal(ebb_date_local_day(INT64_MIN, -86400), INT64_MIN / 86400 - 2);
}

/* ---------------------------------------------------------------------- */
/* The next occurrence                                                     */

static void test_next_one_off(void **state)
{
	int64_t next = 42;

	(void)state;
	expect_next("2026-03-04", false, DAY(2026, 3, 4), DAY(2026, 3, 4)); /* today: 0 days */
	expect_next("2026-03-05", false, DAY(2026, 3, 4), DAY(2026, 3, 5));
	expect_next("2031-01-01", false, DAY(2026, 3, 4), DAY(2031, 1, 1));
	assert_int_equal(ebb_date_next("2026-03-03", false, DAY(2026, 3, 4), &next),
	                 EBB_ERR_NOTFOUND);
	assert_int_equal(ebb_date_next("1990-05-01", false, DAY(2026, 3, 4), &next),
	                 EBB_ERR_NOTFOUND);
	assert_int_equal(next, 42); /* untouched */
}

static void test_next_yearly(void **state)
{
	(void)state;
	/* a birthday before, on and after its day this year */
	expect_next("1990-05-01", true, DAY(2026, 3, 4), DAY(2026, 5, 1));
	expect_next("1990-05-01", true, DAY(2026, 4, 30), DAY(2026, 5, 1));
	expect_next("1990-05-01", true, DAY(2026, 5, 1), DAY(2026, 5, 1));
	expect_next("1990-05-01", true, DAY(2026, 5, 2), DAY(2027, 5, 1));
	/* the day I left, added on the day itself */
	expect_next("2026-03-04", true, DAY(2026, 3, 4), DAY(2026, 3, 4));
	expect_next("2026-03-04", true, DAY(2026, 3, 5), DAY(2027, 3, 4));
	/* the turn of the year */
	expect_next("2020-12-31", true, DAY(2026, 12, 31), DAY(2026, 12, 31));
	expect_next("2020-12-31", true, DAY(2027, 1, 1), DAY(2027, 12, 31));
	expect_next("2020-01-01", true, DAY(2026, 12, 31), DAY(2027, 1, 1));
	expect_next("2020-01-01", true, DAY(2026, 1, 2), DAY(2027, 1, 1));
	/* a yearly date still to come starts on the date itself */
	expect_next("2030-06-01", true, DAY(2026, 3, 4), DAY(2030, 6, 1));
	expect_next("2026-12-25", true, DAY(2026, 3, 4), DAY(2026, 12, 25));
}

static void test_next_february_29(void **state)
{
	(void)state;
	expect_next("2024-02-29", true, DAY(2024, 2, 29), DAY(2024, 2, 29));
	expect_next("2024-02-29", true, DAY(2024, 3, 1), DAY(2025, 2, 28));
	expect_next("2024-02-29", true, DAY(2025, 1, 10), DAY(2025, 2, 28));
	expect_next("2024-02-29", true, DAY(2025, 2, 28), DAY(2025, 2, 28));
	expect_next("2024-02-29", true, DAY(2025, 3, 1), DAY(2026, 2, 28));
	expect_next("2024-02-29", true, DAY(2027, 3, 1), DAY(2028, 2, 29));
	expect_next("2024-02-29", true, DAY(2028, 2, 28), DAY(2028, 2, 29));
	/* 2100 has no February 29, 2000 had one */
	expect_next("1996-02-29", true, DAY(2100, 1, 1), DAY(2100, 2, 28));
	expect_next("1996-02-29", true, DAY(1999, 3, 1), DAY(2000, 2, 29));
	/* February 28 stays February 28, also in leap years */
	expect_next("2023-02-28", true, DAY(2024, 2, 28), DAY(2024, 2, 28));
	expect_next("2023-02-28", true, DAY(2024, 2, 29), DAY(2025, 2, 28));
	/* a one-off February 29 is just that day */
	expect_next("2028-02-29", false, DAY(2026, 3, 4), DAY(2028, 2, 29));
}

static void test_next_matches_walking(void **state)
{
	static const struct ymd dates[] = {
	    {1990, 5, 1}, {2024, 2, 29}, {2023, 2, 28}, {2020, 12, 31},
	    {2019, 1, 1}, {2027, 7, 15}, {1996, 2, 29}, {2025, 3, 1},
	};
	struct ymd today = {2023, 1, 1};
	int64_t tday = DAY(2023, 1, 1);

	(void)state;
	/* every day of six years, against walking forward day by day */
	while (today.y < 2029) {
		for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
			const struct ymd *x = &dates[i];
			char date[EBB_DATE_STR];
			struct ymd w = today;
			int64_t wday = tday;

			snprintf(date, sizeof(date), "%04d-%02d-%02d", x->y, x->m, x->d);
			while (!falls_on(w, x->y, x->m, x->d)) {
				w = tomorrow(w);
				wday++;
			}
			expect_next(date, true, tday, wday);
		}
		today = tomorrow(today);
		tday++;
	}
}

static void test_next_refuses(void **state)
{
	int64_t next = 9;

	(void)state;
	assert_int_equal(ebb_date_next(NULL, true, DAY(2026, 3, 4), &next), EBB_ERR_INVALID);
	assert_int_equal(ebb_date_next("2025-02-29", true, DAY(2026, 3, 4), &next),
	                 EBB_ERR_INVALID);
	assert_int_equal(ebb_date_next("next monday", false, DAY(2026, 3, 4), &next),
	                 EBB_ERR_INVALID);
	assert_int_equal(ebb_date_next("1990-05-01", true, DAY(1899, 12, 31), &next),
	                 EBB_ERR_INVALID);
	assert_int_equal(ebb_date_next("1990-05-01", true, DAY(9999, 12, 31) + 1, &next),
	                 EBB_ERR_INVALID);
	assert_int_equal(ebb_date_next("1990-05-01", true, INT64_MAX, &next), EBB_ERR_INVALID);
	assert_int_equal(ebb_date_next("1990-05-01", true, INT64_MIN, &next), EBB_ERR_INVALID);
	assert_int_equal(next, 9);
	/* the ends of the range still work */
	expect_next("1900-01-01", false, DAY(1900, 1, 1), DAY(1900, 1, 1));
	expect_next("2000-01-01", true, DAY(9999, 12, 31), DAY(9999, 12, 31) + 1);
	expect_next("9999-12-31", true, DAY(9999, 12, 31), DAY(9999, 12, 31));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_known_days),   cmocka_unit_test(test_parse_refuses),
	    cmocka_unit_test(test_format_round_trips), cmocka_unit_test(test_local_day),
	    cmocka_unit_test(test_next_one_off),       cmocka_unit_test(test_next_yearly),
	    cmocka_unit_test(test_next_february_29),   cmocka_unit_test(test_next_matches_walking),
	    cmocka_unit_test(test_next_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
