/*
 * test_when.c — unit tests for src/core/when.c: every accepted form, the
 * flags, fixed offsets, the formatters and days_between, in UTC,
 * Europe/Berlin and America/New_York (across their DST changes), and the
 * text that must be refused.
 *
 * Every test uses a fixed `now` and sets TZ itself, so the results do not
 * depend on the machine's clock or zone. Expected instants come from utc(),
 * a deliberately naive calendar independent of the one under test.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "when.h"

#define DAY  INT64_C(86400)
#define HOUR INT64_C(3600)

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* UTC seconds of y-mo-d h:mi:s UTC, counted year by year. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
	static const int cum[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	int64_t days = 0;
	int yy;

	for (yy = 1970; yy < y; yy++)
		days += leap(yy) ? 366 : 365;
	for (yy = y; yy < 1970; yy++)
		days -= leap(yy) ? 366 : 365;
	days += cum[mo - 1] + (mo > 2 && leap(y)) + d - 1;
	return days * DAY + h * HOUR + mi * 60 + s;
}

static void set_tz(const char *tz)
{
	assert_int_equal(setenv("TZ", tz, 1), 0);
	tzset();
}

static int teardown_tz(void **state)
{
	(void)state;
	set_tz("UTC");
	return 0;
}

/* now in most tests: Wednesday 2026-03-04T20:00:00Z */
#define NOW   INT64_C(1772654400)
#define TODAY INT64_C(1772582400) /* 2026-03-04T00:00:00Z */

static void expect_when(const char *text, int64_t now, int flags, int64_t at, int32_t offset,
                        int has_time)
{
	struct ebb_when w;
	struct ebb_error err;
	enum ebb_status rc;

	memset(&w, 0, sizeof(w));
	ebb_error_clear(&err);
	rc = ebb_when_parse(&w, text, now, flags, &err);
	if (rc != EBB_OK)
		fail_msg("\"%s\" refused: %s", text, err.msg);
	if (w.at != at || w.offset != offset || w.has_time != has_time)
		fail_msg("\"%s\": got at=%lld offset=%ld has_time=%d, want at=%lld offset=%ld "
		         "has_time=%d",
		         text, (long long)w.at, (long)w.offset, w.has_time, (long long)at,
		         (long)offset, has_time);
}

static int has_upper(const char *p)
{
	for (; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			return 1;
	return 0;
}

/*
 * Checks that text is refused with EBB_ERR_INVALID, *out untouched, and a
 * one-line lowercase message quoting `quoted` (the text as the message
 * should show it) and containing `reason` (may be NULL).
 */
static void expect_refused_as(const char *text, int64_t now, const char *quoted, const char *reason)
{
	struct ebb_when w, before;
	struct ebb_error err;
	enum ebb_status rc;
	char want[256];
	const char *q;
	size_t len;

	memset(&w, 0xA5, sizeof(w));
	before = w;
	ebb_error_clear(&err);
	rc = ebb_when_parse(&w, text, now, 0, &err);
	if (rc != EBB_ERR_INVALID)
		fail_msg("\"%s\" accepted (rc %d)", text ? text : "(null)", (int)rc);
	assert_int_equal(err.code, EBB_ERR_INVALID);
	assert_memory_equal(&w, &before, sizeof(w));

	snprintf(want, sizeof(want), "cannot read \"%s\" as a date: ", quoted);
	if (strncmp(err.msg, want, strlen(want)) != 0)
		fail_msg("\"%s\": message does not quote it: %s", quoted, err.msg);
	q = err.msg + strlen(want);
	assert_false(has_upper(q));
	assert_non_null(strstr(q, "try 2026-03-04, today, yesterday, 3 days ago, monday, 21:30 "
	                          "or 9pm"));
	if (reason != NULL && strstr(q, reason) == NULL)
		fail_msg("\"%s\": message lacks \"%s\": %s", quoted, reason, err.msg);
	assert_null(strchr(err.msg, '\n'));
	assert_null(strchr(err.msg, '\r'));
	len = strlen(err.msg);
	assert_true(len > 0);
	assert_true(err.msg[len - 1] != '.');
}

static void expect_refused(const char *text, const char *reason)
{
	expect_refused_as(text, NOW, text, reason);
}

/* ---------------------------------------------------------------------- */
/* The test calendar itself                                                */

static void test_helper_calendar(void **state)
{
	(void)state;
	assert_int_equal(utc(1970, 1, 1, 0, 0, 0), 0);
	assert_int_equal(utc(2026, 3, 4, 20, 0, 0), NOW);
	assert_int_equal(utc(2026, 3, 4, 0, 0, 0), TODAY);
	assert_int_equal(utc(1900, 1, 1, 0, 0, 0), INT64_C(-2208988800));
	assert_int_equal(utc(9999, 12, 31, 23, 59, 59), INT64_C(253402300799));
}

/* ---------------------------------------------------------------------- */
/* Accepted forms, in UTC                                                  */

static void test_utc_iso(void **state)
{
	(void)state;
	set_tz("UTC");
	expect_when("2026-03-04", NOW, 0, TODAY + 12 * HOUR, 0, 0);
	expect_when("2026-03-05", NOW, 0, TODAY + DAY + 12 * HOUR, 0, 0);
	expect_when("2026-03-04T21:30", NOW, 0, TODAY + 21 * HOUR + 30 * 60, 0, 1);
	expect_when("2026-03-04t21:30", NOW, 0, TODAY + 21 * HOUR + 30 * 60, 0, 1);
	expect_when("2026-03-04T21:30:15", NOW, 0, TODAY + 21 * HOUR + 30 * 60 + 15, 0, 1);
	expect_when("2026-03-04 21:30:15", NOW, 0, TODAY + 21 * HOUR + 30 * 60 + 15, 0, 1);
	expect_when("2026-03-04   21:30", NOW, 0, TODAY + 21 * HOUR + 30 * 60, 0, 1);
	expect_when("2026-03-04 9pm", NOW, 0, TODAY + 21 * HOUR, 0, 1);
	expect_when("2026-03-04 9:05", NOW, 0, TODAY + 9 * HOUR + 5 * 60, 0, 1);
	expect_when("2026-03-04T00:00", NOW, 0, TODAY, 0, 1);
	expect_when("2026-03-04T23:59:59", NOW, 0, TODAY + DAY - 1, 0, 1);
	/* leap days, and the ends of the accepted range */
	expect_when("2024-02-29", NOW, 0, utc(2024, 2, 29, 12, 0, 0), 0, 0);
	expect_when("2000-02-29", NOW, 0, utc(2000, 2, 29, 12, 0, 0), 0, 0);
	expect_when("1900-01-01", NOW, 0, utc(1900, 1, 1, 12, 0, 0), 0, 0);
	expect_when("1900-01-01T00:00", NOW, 0, INT64_C(-2208988800), 0, 1);
	expect_when("9999-12-31T23:59:59", NOW, 0, INT64_C(253402300799), 0, 1);
	expect_when("2026-12-31", NOW, 0, utc(2026, 12, 31, 12, 0, 0), 0, 0);
	/* the future is the caller's business */
	expect_when("2030-01-01", NOW, 0, utc(2030, 1, 1, 12, 0, 0), 0, 0);
}

static void test_utc_words(void **state)
{
	(void)state;
	set_tz("UTC");
	expect_when("today", NOW, 0, TODAY + 12 * HOUR, 0, 0);
	expect_when("yesterday", NOW, 0, TODAY - DAY + 12 * HOUR, 0, 0);
	expect_when("now", NOW, 0, NOW, 0, 1);
	/* case-insensitive, surrounding blanks ignored */
	expect_when("  Today  ", NOW, 0, TODAY + 12 * HOUR, 0, 0);
	expect_when("\tYESTERDAY\n", NOW, 0, TODAY - DAY + 12 * HOUR, 0, 0);
	expect_when("NOW", NOW, 0, NOW, 0, 1);
	/* a time just after local midnight is still that day */
	expect_when("today", TODAY, 0, TODAY + 12 * HOUR, 0, 0);
	expect_when("today", TODAY + DAY - 1, 0, TODAY + 12 * HOUR, 0, 0);
}

static void test_utc_ago(void **state)
{
	(void)state;
	set_tz("UTC");
	expect_when("0 days ago", NOW, 0, TODAY + 12 * HOUR, 0, 0);
	expect_when("1 day ago", NOW, 0, TODAY - DAY + 12 * HOUR, 0, 0);
	expect_when("1 days ago", NOW, 0, TODAY - DAY + 12 * HOUR, 0, 0);
	expect_when("3 days ago", NOW, 0, TODAY - 3 * DAY + 12 * HOUR, 0, 0);
	expect_when("3 day ago", NOW, 0, TODAY - 3 * DAY + 12 * HOUR, 0, 0);
	expect_when("3   DAYS\tAgo", NOW, 0, TODAY - 3 * DAY + 12 * HOUR, 0, 0);
	expect_when("007 days ago", NOW, 0, TODAY - 7 * DAY + 12 * HOUR, 0, 0);
	expect_when("0 weeks ago", NOW, 0, TODAY + 12 * HOUR, 0, 0);
	expect_when("1 week ago", NOW, 0, TODAY - 7 * DAY + 12 * HOUR, 0, 0);
	expect_when("2 weeks ago", NOW, 0, TODAY - 14 * DAY + 12 * HOUR, 0, 0);
	expect_when("36500 days ago", NOW, 0, utc(1926, 3, 29, 12, 0, 0), 0, 0);
	expect_when("5214 weeks ago", NOW, 0, utc(1926, 3, 31, 12, 0, 0), 0, 0);
	/* across a month and a year boundary */
	expect_when("4 days ago", NOW, 0, utc(2026, 2, 28, 12, 0, 0), 0, 0);
	expect_when("63 days ago", NOW, 0, utc(2025, 12, 31, 12, 0, 0), 0, 0);
}

static void test_utc_weekdays(void **state)
{
	static const struct {
		const char *full, *abbr;
		int back; /* days before Wednesday 2026-03-04 */
	} names[] = {
	    {"monday", "mon", 2},   {"tuesday", "tue", 1}, {"wednesday", "wed", 7},
	    {"thursday", "thu", 6}, {"friday", "fri", 5},  {"saturday", "sat", 4},
	    {"sunday", "sun", 3},
	};
	size_t i;

	(void)state;
	set_tz("UTC");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int64_t at = TODAY - names[i].back * DAY + 12 * HOUR;

		expect_when(names[i].full, NOW, 0, at, 0, 0);
		expect_when(names[i].abbr, NOW, 0, at, 0, 0);
	}
	expect_when("MonDay", NOW, 0, TODAY - 2 * DAY + 12 * HOUR, 0, 0);
	expect_when("SUN", NOW, 0, TODAY - 3 * DAY + 12 * HOUR, 0, 0);
	/* said on a monday, "monday" is a week ago */
	expect_when("monday", utc(2026, 3, 2, 8, 0, 0), 0, utc(2026, 2, 23, 12, 0, 0), 0, 0);
	expect_when("sunday", utc(2026, 3, 2, 8, 0, 0), 0, utc(2026, 3, 1, 12, 0, 0), 0, 0);
}

static void test_utc_time_alone(void **state)
{
	(void)state;
	set_tz("UTC");
	expect_when("21:30", NOW, 0, TODAY + 21 * HOUR + 30 * 60, 0, 1);
	expect_when("9:05", NOW, 0, TODAY + 9 * HOUR + 5 * 60, 0, 1);
	expect_when("09:05", NOW, 0, TODAY + 9 * HOUR + 5 * 60, 0, 1);
	expect_when("0:00", NOW, 0, TODAY, 0, 1);
	expect_when("23:59:59", NOW, 0, TODAY + DAY - 1, 0, 1);
	expect_when("9pm", NOW, 0, TODAY + 21 * HOUR, 0, 1);
	expect_when("9 pm", NOW, 0, TODAY + 21 * HOUR, 0, 1);
	expect_when("9PM", NOW, 0, TODAY + 21 * HOUR, 0, 1);
	expect_when("9am", NOW, 0, TODAY + 9 * HOUR, 0, 1);
	expect_when("9:30am", NOW, 0, TODAY + 9 * HOUR + 30 * 60, 0, 1);
	expect_when("9:30 AM", NOW, 0, TODAY + 9 * HOUR + 30 * 60, 0, 1);
	expect_when("12am", NOW, 0, TODAY, 0, 1);
	expect_when("12:30am", NOW, 0, TODAY + 30 * 60, 0, 1);
	expect_when("12pm", NOW, 0, TODAY + 12 * HOUR, 0, 1);
	expect_when("12:45pm", NOW, 0, TODAY + 12 * HOUR + 45 * 60, 0, 1);
	expect_when("11:59pm", NOW, 0, TODAY + 23 * HOUR + 59 * 60, 0, 1);
	expect_when("1am", NOW, 0, TODAY + HOUR, 0, 1);
	/* later today than now is still today */
	expect_when("23:00", NOW, 0, TODAY + 23 * HOUR, 0, 1);
}

static void test_utc_day_and_time(void **state)
{
	(void)state;
	set_tz("UTC");
	expect_when("yesterday 21:30", NOW, 0, TODAY - DAY + 21 * HOUR + 30 * 60, 0, 1);
	expect_when("monday 9pm", NOW, 0, TODAY - 2 * DAY + 21 * HOUR, 0, 1);
	expect_when("3 days ago 08:00", NOW, 0, TODAY - 3 * DAY + 8 * HOUR, 0, 1);
	expect_when("today 00:00", NOW, 0, TODAY, 0, 1);
	expect_when("Wed 12am", NOW, 0, TODAY - 7 * DAY, 0, 1);
	expect_when("2 weeks ago 23:59", NOW, 0, TODAY - 14 * DAY + 23 * HOUR + 59 * 60, 0, 1);
	expect_when("yesterday   9:30 pm", NOW, 0, TODAY - DAY + 21 * HOUR + 30 * 60, 0, 1);
	expect_when("1 week ago 7:15:30", NOW, 0, TODAY - 7 * DAY + 7 * HOUR + 15 * 60 + 30, 0, 1);
}

static void test_flag_day_keeps_now(void **state)
{
	const int k = EBB_WHEN_DAY_KEEPS_NOW;

	(void)state;
	set_tz("UTC");
	/* a bare day takes now's time of day, but names no time */
	expect_when("today", NOW, k, NOW, 0, 0);
	expect_when("yesterday", NOW, k, NOW - DAY, 0, 0);
	expect_when("3 days ago", NOW, k, NOW - 3 * DAY, 0, 0);
	expect_when("1 week ago", NOW, k, NOW - 7 * DAY, 0, 0);
	expect_when("monday", NOW, k, NOW - 2 * DAY, 0, 0);
	expect_when("2026-03-01", NOW, k, utc(2026, 3, 1, 20, 0, 0), 0, 0);
	/* a named time wins over the flag */
	expect_when("today 9pm", NOW, k, TODAY + 21 * HOUR, 0, 1);
	expect_when("21:30", NOW, k, TODAY + 21 * HOUR + 30 * 60, 0, 1);
	expect_when("2026-03-01T08:00", NOW, k, utc(2026, 3, 1, 8, 0, 0), 0, 1);
	expect_when("now", NOW, k, NOW, 0, 1);
	/* unknown flag bits change nothing */
	expect_when("today", NOW, 1 << 8, TODAY + 12 * HOUR, 0, 0);
}

static void test_fixed_offsets(void **state)
{
	const int64_t t2130 = TODAY + 21 * HOUR + 30 * 60;

	(void)state;
	/* the local zone must not matter when an offset is given */
	set_tz("Europe/Berlin");
	expect_when("2026-03-04T21:30Z", NOW, 0, t2130, 0, 1);
	expect_when("2026-03-04T21:30z", NOW, 0, t2130, 0, 1);
	expect_when("2026-03-04T21:30+01:00", NOW, 0, t2130 - HOUR, 3600, 1);
	expect_when("2026-03-04T21:30+0100", NOW, 0, t2130 - HOUR, 3600, 1);
	expect_when("2026-03-04T21:30-0500", NOW, 0, t2130 + 5 * HOUR, -18000, 1);
	expect_when("2026-03-04T21:30-05:00", NOW, 0, t2130 + 5 * HOUR, -18000, 1);
	expect_when("2026-03-04T21:30+05", NOW, 0, t2130 - 5 * HOUR, 18000, 1);
	expect_when("2026-03-04 21:30:15+05:30", NOW, 0, t2130 + 15 - 5 * HOUR - 30 * 60, 19800, 1);
	expect_when("2026-03-04T21:30:15-00:00", NOW, 0, t2130 + 15, 0, 1);
	expect_when("2026-03-04T21:30+23:59", NOW, 0, t2130 - 23 * HOUR - 59 * 60, 86340, 1);
	expect_when("2026-03-04T21:30-23:59", NOW, 0, t2130 + 23 * HOUR + 59 * 60, -86340, 1);
	expect_when("2026-03-04T21:30:00+00:53:28", NOW, 0, t2130 - 3208, 3208, 1);
	/* the offset can move the moment to another UTC day */
	expect_when("2026-03-04T00:30+01:00", NOW, 0, TODAY - 30 * 60, 3600, 1);
	expect_when("2026-03-04 9:05z", NOW, 0, TODAY + 9 * HOUR + 5 * 60, 0, 1);
	/* the year range applies to the date as written */
	expect_when("1900-01-01T00:00+01:00", NOW, 0, INT64_C(-2208988800) - HOUR, 3600, 1);
	/* even in New York */
	set_tz("America/New_York");
	expect_when("2026-03-04T21:30+01:00", NOW, 0, t2130 - HOUR, 3600, 1);
}

/* ---------------------------------------------------------------------- */
/* Europe/Berlin: CET +01:00, CEST +02:00 from 2026-03-29 02:00 to        */
/* 2026-10-25 03:00                                                        */

static void test_berlin(void **state)
{
	/* Monday 2026-03-30 12:00 CEST */
	const int64_t now = utc(2026, 3, 30, 10, 0, 0);
	const int k = EBB_WHEN_DAY_KEEPS_NOW;

	(void)state;
	set_tz("Europe/Berlin");
	assert_int_equal(now, INT64_C(1774864800));
	expect_when("today", now, 0, utc(2026, 3, 30, 10, 0, 0), 7200, 0);
	/* the DST change day itself: noon is in CEST */
	expect_when("2026-03-29", now, 0, utc(2026, 3, 29, 10, 0, 0), 7200, 0);
	expect_when("yesterday", now, 0, utc(2026, 3, 29, 10, 0, 0), 7200, 0);
	expect_when("sunday", now, 0, utc(2026, 3, 29, 10, 0, 0), 7200, 0);
	expect_when("1 day ago", now, 0, utc(2026, 3, 29, 10, 0, 0), 7200, 0);
	/* the day before is in CET, still at local noon */
	expect_when("2026-03-28", now, 0, utc(2026, 3, 28, 11, 0, 0), 3600, 0);
	expect_when("2 days ago", now, 0, utc(2026, 3, 28, 11, 0, 0), 3600, 0);
	expect_when("saturday", now, 0, utc(2026, 3, 28, 11, 0, 0), 3600, 0);
	/* keeping now's time of day keeps the local clock, not elapsed hours */
	expect_when("2 days ago", now, k, utc(2026, 3, 28, 11, 0, 0), 3600, 0);
	expect_when("yesterday", now, k, utc(2026, 3, 29, 10, 0, 0), 7200, 0);
	/* times around the change */
	expect_when("2026-03-29 01:59", now, 0, utc(2026, 3, 29, 0, 59, 0), 3600, 1);
	expect_when("2026-03-29 03:00", now, 0, utc(2026, 3, 29, 1, 0, 0), 7200, 1);
	expect_when("yesterday 9pm", now, 0, utc(2026, 3, 29, 19, 0, 0), 7200, 1);
	/* 02:30 never happened that night: read as 03:30 CEST */
	expect_when("2026-03-29 02:30", now, 0, utc(2026, 3, 29, 1, 30, 0), 7200, 1);
	/* 02:30 happened twice on 2026-10-25: the earlier (CEST) one */
	expect_when("2026-10-25 02:30", now, 0, utc(2026, 10, 25, 0, 30, 0), 7200, 1);
	expect_when("2026-10-25 03:30", now, 0, utc(2026, 10, 25, 2, 30, 0), 3600, 1);
	expect_when("2026-10-25", now, 0, utc(2026, 10, 25, 11, 0, 0), 3600, 0);
}

static void test_berlin_keeps_now_in_repeated_hour(void **state)
{
	/* 02:30 CET on 2026-10-25, the second time the clock shows 02:30 */
	const int64_t now = utc(2026, 10, 25, 1, 30, 0);

	(void)state;
	set_tz("Europe/Berlin");
	assert_int_equal(now, INT64_C(1792891800));
	expect_when("today", now, EBB_WHEN_DAY_KEEPS_NOW, now, 3600, 0);
	expect_when("now", now, 0, now, 3600, 1);
	expect_when("today", now, 0, utc(2026, 10, 25, 11, 0, 0), 3600, 0);
	/* the same now one hour earlier (first 02:30, CEST) */
	expect_when("today", now - HOUR, EBB_WHEN_DAY_KEEPS_NOW, now - HOUR, 7200, 0);
}

static void test_berlin_local_date(void **state)
{
	/* 2026-03-04T23:30Z is already 00:30 on Thursday 2026-03-05 in Berlin */
	const int64_t now = utc(2026, 3, 4, 23, 30, 0);

	(void)state;
	set_tz("Europe/Berlin");
	expect_when("today", now, 0, utc(2026, 3, 5, 11, 0, 0), 3600, 0);
	expect_when("yesterday", now, 0, utc(2026, 3, 4, 11, 0, 0), 3600, 0);
	expect_when("21:30", now, 0, utc(2026, 3, 5, 20, 30, 0), 3600, 1);
	expect_when("wednesday", now, 0, utc(2026, 3, 4, 11, 0, 0), 3600, 0);
	expect_when("thursday", now, 0, utc(2026, 2, 26, 11, 0, 0), 3600, 0);
	expect_when("now", now, 0, now, 3600, 1);
}

static void test_berlin_days_between(void **state)
{
	(void)state;
	set_tz("Europe/Berlin");
	/* local midnight to local midnight across the change: 23 hours, 1 day */
	assert_int_equal(ebb_when_days_between(utc(2026, 3, 28, 23, 0, 0), 3600,
	                                       utc(2026, 3, 29, 22, 0, 0), 7200),
	                 1);
	/* 23:30 CET Saturday to 23:15 CEST Sunday: 22h45m elapsed, 1 day */
	assert_int_equal(ebb_when_days_between(utc(2026, 3, 28, 22, 30, 0), 3600,
	                                       utc(2026, 3, 29, 21, 15, 0), 7200),
	                 1);
	/* 00:10 Sunday CET to 23:50 Sunday CEST: same day, 22h40m */
	assert_int_equal(ebb_when_days_between(utc(2026, 3, 28, 23, 10, 0), 3600,
	                                       utc(2026, 3, 29, 21, 50, 0), 7200),
	                 0);
	/* autumn: 25-hour day */
	assert_int_equal(ebb_when_days_between(utc(2026, 10, 24, 22, 0, 0), 7200,
	                                       utc(2026, 10, 25, 23, 0, 0), 3600),
	                 1);
	assert_int_equal(ebb_when_days_between(utc(2026, 10, 24, 22, 0, 0), 7200,
	                                       utc(2026, 10, 25, 22, 59, 59), 3600),
	                 0);
	/* parse then compare: noon to noon across the change */
	{
		struct ebb_when a, b;
		const int64_t now = utc(2026, 3, 30, 10, 0, 0);

		assert_int_equal(ebb_when_parse(&a, "2026-03-28", now, 0, NULL), EBB_OK);
		assert_int_equal(ebb_when_parse(&b, "2026-03-30", now, 0, NULL), EBB_OK);
		assert_int_equal(b.at - a.at, 2 * DAY - HOUR);
		assert_int_equal(ebb_when_days_between(a.at, a.offset, b.at, b.offset), 2);
		assert_int_equal(ebb_when_days_between(b.at, b.offset, a.at, a.offset), -2);
	}
}

/* ---------------------------------------------------------------------- */
/* America/New_York: EST -05:00, EDT -04:00 from 2026-03-08 02:00 to       */
/* 2026-11-01 02:00                                                        */

static void test_new_york(void **state)
{
	/* 2026-03-04T03:00Z is Tuesday 2026-03-03 22:00 EST */
	const int64_t now = utc(2026, 3, 4, 3, 0, 0);
	const int64_t after = utc(2026, 3, 10, 15, 0, 0); /* Tuesday 11:00 EDT */

	(void)state;
	set_tz("America/New_York");
	expect_when("today", now, 0, utc(2026, 3, 3, 17, 0, 0), -18000, 0);
	expect_when("yesterday", now, 0, utc(2026, 3, 2, 17, 0, 0), -18000, 0);
	expect_when("monday", now, 0, utc(2026, 3, 2, 17, 0, 0), -18000, 0);
	expect_when("tuesday", now, 0, utc(2026, 2, 24, 17, 0, 0), -18000, 0);
	expect_when("9pm", now, 0, utc(2026, 3, 4, 2, 0, 0), -18000, 1);
	expect_when("now", now, 0, now, -18000, 1);
	expect_when("yesterday", now, EBB_WHEN_DAY_KEEPS_NOW, utc(2026, 3, 3, 3, 0, 0), -18000, 0);
	/* the DST change day */
	expect_when("2026-03-08", now, 0, utc(2026, 3, 8, 16, 0, 0), -14400, 0);
	expect_when("2026-03-07", now, 0, utc(2026, 3, 7, 17, 0, 0), -18000, 0);
	expect_when("2026-03-08 01:30", now, 0, utc(2026, 3, 8, 6, 30, 0), -18000, 1);
	expect_when("2026-03-08 02:30", now, 0, utc(2026, 3, 8, 7, 30, 0), -14400, 1);
	expect_when("2026-03-08 3am", now, 0, utc(2026, 3, 8, 7, 0, 0), -14400, 1);
	/* 01:30 twice on 2026-11-01: the earlier (EDT) one */
	expect_when("2026-11-01 1:30am", now, 0, utc(2026, 11, 1, 5, 30, 0), -14400, 1);
	/* relative days across the change keep local noon */
	expect_when("sunday", after, 0, utc(2026, 3, 8, 16, 0, 0), -14400, 0);
	expect_when("3 days ago", after, 0, utc(2026, 3, 7, 17, 0, 0), -18000, 0);
	expect_when("1 week ago", after, EBB_WHEN_DAY_KEEPS_NOW, utc(2026, 3, 3, 16, 0, 0), -18000,
	            0);
	assert_int_equal(ebb_when_days_between(utc(2026, 3, 7, 17, 0, 0), -18000,
	                                       utc(2026, 3, 8, 16, 0, 0), -14400),
	                 1);
	assert_int_equal(ebb_when_days_between(utc(2026, 3, 3, 17, 0, 0), -18000, after, -14400),
	                 7);
}

/* Samoa skipped 2011-12-30: that day reads as the one after it, at noon */
static void test_skipped_day(void **state)
{
	(void)state;
	set_tz("Pacific/Apia");
	expect_when("2011-12-30", NOW, 0, utc(2011, 12, 30, 22, 0, 0), 50400, 0);
	expect_when("2011-12-29", NOW, 0, utc(2011, 12, 29, 22, 0, 0), -36000, 0);
	expect_when("2011-12-31", NOW, 0, utc(2011, 12, 30, 22, 0, 0), 50400, 0);
	/* from the 31st, "yesterday" is the missing 30th, so the 31st again */
	expect_when("yesterday", utc(2011, 12, 31, 0, 0, 0), 0, utc(2011, 12, 30, 22, 0, 0), 50400,
	            0);
	expect_when("2 days ago", utc(2011, 12, 31, 0, 0, 0), 0, utc(2011, 12, 29, 22, 0, 0),
	            -36000, 0);
	assert_int_equal(ebb_when_days_between(utc(2011, 12, 29, 22, 0, 0), -36000,
	                                       utc(2011, 12, 30, 22, 0, 0), 50400),
	                 2);
}

/* ---------------------------------------------------------------------- */
/* Local offsets                                                           */

static void test_local_offset(void **state)
{
	(void)state;
	set_tz("UTC");
	assert_int_equal(ebb_when_local_offset(NOW), 0);
	assert_int_equal(ebb_when_local_offset(0), 0);
	set_tz("Europe/Berlin");
	assert_int_equal(ebb_when_local_offset(utc(2026, 1, 15, 12, 0, 0)), 3600);
	assert_int_equal(ebb_when_local_offset(utc(2026, 7, 15, 12, 0, 0)), 7200);
	assert_int_equal(ebb_when_local_offset(utc(2026, 3, 29, 0, 59, 59)), 3600);
	assert_int_equal(ebb_when_local_offset(utc(2026, 3, 29, 1, 0, 0)), 7200);
	set_tz("America/New_York");
	assert_int_equal(ebb_when_local_offset(utc(2026, 1, 15, 12, 0, 0)), -18000);
	assert_int_equal(ebb_when_local_offset(utc(2026, 7, 15, 12, 0, 0)), -14400);
	set_tz("Asia/Kolkata");
	assert_int_equal(ebb_when_local_offset(NOW), 19800);
	/* 20:00Z is already 01:30 tomorrow in India */
	expect_when("today", NOW, 0, TODAY + DAY + 12 * HOUR - 19800, 19800, 0);
	expect_when("yesterday", NOW, 0, TODAY + 12 * HOUR - 19800, 19800, 0);
}

/* ---------------------------------------------------------------------- */
/* Formatting                                                              */

static void test_format_iso(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(ebb_when_format_iso(buf, sizeof(buf), NOW, 3600),
	                    "2026-03-04T21:00:00+01:00");
	assert_string_equal(ebb_when_format_iso(buf, sizeof(buf), NOW, -18000),
	                    "2026-03-04T15:00:00-05:00");
	assert_string_equal(ebb_when_format_iso(buf, sizeof(buf), NOW, 0),
	                    "2026-03-04T20:00:00+00:00");
	assert_string_equal(ebb_when_format_iso(buf, sizeof(buf), NOW, 19800),
	                    "2026-03-05T01:30:00+05:30");
	assert_string_equal(ebb_when_format_iso(buf, sizeof(buf), NOW, -12600),
	                    "2026-03-04T16:30:00-03:30");
	assert_string_equal(ebb_when_format_iso(buf, sizeof(buf), NOW, 3208),
	                    "2026-03-04T20:53:28+00:53:28");
	assert_string_equal(ebb_when_format_iso(buf, sizeof(buf), 0, 0),
	                    "1970-01-01T00:00:00+00:00");
	assert_string_equal(ebb_when_format_iso(buf, sizeof(buf), -1, 0),
	                    "1969-12-31T23:59:59+00:00");
	assert_string_equal(ebb_when_format_iso(buf, sizeof(buf), INT64_C(-2208988800), 0),
	                    "1900-01-01T00:00:00+00:00");
	assert_string_equal(ebb_when_format_iso(buf, sizeof(buf), INT64_C(253402300799), 0),
	                    "9999-12-31T23:59:59+00:00");
	assert_string_equal(ebb_when_format_iso(buf, sizeof(buf), utc(2024, 2, 29, 23, 0, 0), 3600),
	                    "2024-03-01T00:00:00+01:00");
}

static void test_format_small_buffers(void **state)
{
	char buf[32];
	char *r;

	(void)state;
	/* exactly 32 bytes is enough */
	assert_string_equal(ebb_when_format_iso(buf, sizeof(buf), NOW, -86340),
	                    "2026-03-03T20:01:00-23:59");
	/* shorter buffers truncate, always terminated */
	assert_string_equal(ebb_when_format_iso(buf, 11, NOW, 0), "2026-03-04");
	assert_string_equal(ebb_when_format_iso(buf, 1, NOW, 0), "");
	assert_string_equal(ebb_when_format_date(buf, 5, NOW, 0), "2026");
	/* size 0 writes nothing */
	memset(buf, 'x', sizeof(buf));
	r = ebb_when_format_iso(buf, 0, NOW, 0);
	assert_ptr_equal(r, buf);
	assert_int_equal(buf[0], 'x');
	r = ebb_when_format_date(buf, 0, NOW, 0);
	assert_ptr_equal(r, buf);
	assert_int_equal(buf[0], 'x');
}

static void test_format_date(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(ebb_when_format_date(buf, sizeof(buf), NOW, 0), "2026-03-04");
	assert_ptr_equal(ebb_when_format_date(buf, sizeof(buf), NOW, 0), buf);
	/* the date is the one at the given offset */
	assert_string_equal(
	    ebb_when_format_date(buf, sizeof(buf), utc(2026, 3, 4, 23, 30, 0), 3600), "2026-03-05");
	assert_string_equal(
	    ebb_when_format_date(buf, sizeof(buf), utc(2026, 3, 4, 3, 0, 0), -18000), "2026-03-03");
	assert_string_equal(ebb_when_format_date(buf, sizeof(buf), utc(2024, 2, 29, 12, 0, 0), 0),
	                    "2024-02-29");
	assert_string_equal(ebb_when_format_date(buf, sizeof(buf), utc(1900, 3, 1, 0, 0, 0), 0),
	                    "1900-03-01");
	assert_string_equal(ebb_when_format_date(buf, sizeof(buf), -1, 0), "1969-12-31");
}

static void test_format_round_trip(void **state)
{
	static const int32_t offsets[] = {0,     3600,   7200, -18000, -14400, 19800, -12600, 45900,
	                                  50400, -43200, 3208, -86340, 86340,  -1,    1};
	int64_t t;
	size_t i;
	char buf[64], day[32];

	(void)state;
	for (t = utc(1900, 1, 2, 0, 0, 0); t < utc(9999, 12, 30, 0, 0, 0);
	     t += INT64_C(104729) * 997 + 1) {
		for (i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
			struct ebb_when w;
			struct ebb_error err;

			ebb_when_format_iso(buf, sizeof(buf), t, offsets[i]);
			assert_int_equal(ebb_when_parse(&w, buf, NOW, 0, &err), EBB_OK);
			assert_int_equal(w.at, t);
			assert_int_equal(w.offset, offsets[i]);
			assert_int_equal(w.has_time, 1);
			/* the date part is what format_date writes */
			ebb_when_format_date(day, sizeof(day), t, offsets[i]);
			assert_memory_equal(buf, day, 10);
			assert_int_equal(strlen(day), 10);
		}
	}
}

/*
 * A local wall-clock time written without offset reads back as the same
 * moment, or as the earlier moment with the same wall clock when the clock
 * shows it twice. Zones with 30-minute DST (Lord Howe), a skipped day
 * (Apia, 2011-12-30) and odd historic offsets (Amsterdam, +00:19:32).
 */
static void test_local_round_trip(void **state)
{
	static const char *const zones[] = {
	    "UTC",          "Europe/Berlin",    "America/New_York", "Australia/Lord_Howe",
	    "Pacific/Apia", "Europe/Amsterdam", "Asia/Kolkata"};
	size_t z;
	int64_t t;
	char buf[64], again[64];

	(void)state;
	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		set_tz(zones[z]);
		for (t = utc(1901, 1, 1, 0, 0, 0); t < utc(2040, 1, 1, 0, 0, 0);
		     t += 3 * DAY + 4321) {
			struct ebb_when w;
			int32_t off = ebb_when_local_offset(t);

			ebb_when_format_iso(buf, sizeof(buf), t, off);
			buf[19] = '\0'; /* drop the offset */
			if (ebb_when_parse(&w, buf, NOW, 0, NULL) != EBB_OK)
				fail_msg("%s: \"%s\" refused", zones[z], buf);
			assert_int_equal(w.offset, ebb_when_local_offset(w.at));
			if (w.at == t)
				continue;
			ebb_when_format_iso(again, sizeof(again), w.at, w.offset);
			again[19] = '\0';
			if (w.at > t || strcmp(again, buf) != 0)
				fail_msg("%s: \"%s\" read as %s, want %lld", zones[z], buf, again,
				         (long long)t);
		}
	}
}

static void test_days_between(void **state)
{
	(void)state;
	assert_int_equal(ebb_when_days_between(NOW, 0, NOW, 0), 0);
	assert_int_equal(ebb_when_days_between(TODAY, 0, TODAY + DAY - 1, 0), 0);
	assert_int_equal(ebb_when_days_between(TODAY - 1, 0, TODAY, 0), 1);
	assert_int_equal(ebb_when_days_between(NOW, 0, NOW - 3 * DAY, 0), -3);
	assert_int_equal(
	    ebb_when_days_between(utc(2025, 12, 31, 23, 0, 0), 0, utc(2026, 1, 1, 1, 0, 0), 0), 1);
	assert_int_equal(
	    ebb_when_days_between(utc(2024, 2, 28, 12, 0, 0), 0, utc(2024, 3, 1, 12, 0, 0), 0), 2);
	assert_int_equal(
	    ebb_when_days_between(utc(2025, 2, 28, 12, 0, 0), 0, utc(2025, 3, 1, 12, 0, 0), 0), 1);
	/* the same instant on two local calendars a day apart */
	assert_int_equal(ebb_when_days_between(NOW, 14 * 3600, NOW, -12 * 3600), -1);
	assert_int_equal(ebb_when_days_between(NOW, -12 * 3600, NOW, 14 * 3600), 1);
	/* before the epoch */
	assert_int_equal(ebb_when_days_between(-1, 0, 0, 0), 1);
	assert_int_equal(
	    ebb_when_days_between(utc(1900, 1, 1, 0, 0, 0), 0, utc(9999, 12, 31, 23, 0, 0), 0),
	    2958463);
	/* extremes do not overflow */
	assert_int_equal(ebb_when_days_between(INT64_MAX, 86340, INT64_MAX, -86340), -2);
	assert_true(ebb_when_days_between(INT64_MIN, 0, INT64_MAX, 0) > 0);
}

/* ---------------------------------------------------------------------- */
/* Refused text                                                            */

static void test_refused_forms(void **state)
{
	static const char *const bad[] = {
	    "blorp",
	    "today x",
	    "today21:30",
	    "todays",
	    "tomorrow",
	    "mondayy",
	    "monkey",
	    "tues",
	    "last monday",
	    "today at 9pm",
	    "now 21:30",
	    "now now",
	    "9pm yesterday",
	    "21:30 today",
	    "10000-01-01",
	    "2026-3-4",
	    "2026-03-4",
	    "2026/03/04",
	    "26-03-04",
	    "2026-03-04x",
	    "2026-03-044",
	    "02026-03-04",
	    "2026-03-04T21:300",
	    "2026-03-04T21:30+01000",
	    "2026-03-04T21:30+01:00x",
	    "021:30",
	    "2026-03-04T",
	    "2026-03-04T9pm",
	    "2026-03-04T9:30",
	    "2026-03-04T 21:30",
	    "2026-03-04Z",
	    "2026-03-04T21:30 +01:00",
	    "2026-03-04T21:30+1:00",
	    "2026-03-04T21:30+01:0",
	    "2026-03-04T21:30+",
	    "2026-03-04T21:30.5",
	    "2026-03-04 9pm+01:00",
	    "21:30Z",
	    "9pm+01:00",
	    "today 21:30+01:00",
	    "9",
	    "9:5",
	    "9:5pm",
	    "930pm",
	    "123:00",
	    "21:30:5",
	    "21-30",
	    "9p",
	    "9pmx",
	    "3 days",
	    "days ago",
	    "3 ago",
	    "3days ago",
	    "3 daysago",
	    "-3 days ago",
	    "+3 days ago",
	    "3 months ago",
	    "3 days ago x",
	    "3 days ago 9",
	    "monday 9",
	    "yesterday21:30",
	    "1234567890123456789 days ago",
	};
	size_t i;

	(void)state;
	set_tz("UTC");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_refused(bad[i], NULL);
}

static void test_refused_ranges(void **state)
{
	(void)state;
	set_tz("Europe/Berlin");
	expect_refused("2026-02-30", "february 2026 has 28 days");
	expect_refused("2025-02-29", "february 2025 has 28 days");
	expect_refused("1900-02-29", "february 1900 has 28 days");
	expect_refused("2024-02-30", "february 2024 has 29 days");
	expect_refused("2026-04-31", "april 2026 has 30 days");
	expect_refused("2026-03-00", "march 2026 has 31 days");
	expect_refused("2026-13-01", "there is no month 13");
	expect_refused("2026-00-10", "there is no month 00");
	expect_refused("1899-12-31", "1900 to 9999");
	expect_refused("0000-01-01", "1900 to 9999");
	expect_refused("1899-12-31T23:00-01:00", "1900 to 9999");
	expect_refused("24:00", "hours run from 0 to 23");
	expect_refused("25:00", "hours run from 0 to 23");
	expect_refused("21:60", "minutes run from 00 to 59");
	expect_refused("21:30:60", "seconds run from 00 to 59");
	expect_refused("2026-03-04T21:30:61", "seconds run from 00 to 59");
	expect_refused("13pm", "from 1 to 12");
	expect_refused("0am", "from 1 to 12");
	expect_refused("0:30am", "from 1 to 12");
	expect_refused("12:60pm", "minutes run from 00 to 59");
	expect_refused("yesterday 25:00", "hours run from 0 to 23");
	expect_refused("36501 days ago", "36500 days");
	expect_refused("5215 weeks ago", "5214 weeks");
	expect_refused("99999999999 days ago", "36500 days");
	expect_refused("2026-03-04T21:30+24:00", "utc offsets");
	expect_refused("2026-03-04T21:30+01:60", "utc offsets");
	expect_refused("2026-03-04T21:30-9900", "utc offsets");
}

static void test_refused_out_of_years(void **state)
{
	/* 1926-06-01: 36500 days back is 1826 */
	const int64_t now = utc(1926, 6, 1, 12, 0, 0);

	(void)state;
	set_tz("UTC");
	expect_refused_as("36500 days ago", now, "36500 days ago", "1900 to 9999");
	expect_refused_as("5000 weeks ago", now, "5000 weeks ago", "1900 to 9999");
	expect_when("9000 days ago", now, 0, utc(1901, 10, 10, 12, 0, 0), 0, 0);
	/* a clock outside the range refuses even "now" and "today" */
	expect_refused_as("now", utc(1899, 6, 1, 0, 0, 0), "now", "1900 to 9999");
	expect_refused_as("today", INT64_MAX, "today", "1900 to 9999");
	expect_refused_as("21:30", INT64_MIN, "21:30", "1900 to 9999");
	/* but a date needs no valid clock */
	expect_when("2026-03-04", INT64_MIN, 0, TODAY + 12 * HOUR, 0, 0);
}

static void test_refused_quoting(void **state)
{
	char longtext[300];
	char quoted[128];
	struct ebb_when w;
	struct ebb_error err;

	(void)state;
	set_tz("UTC");
	expect_refused_as("", NOW, "", NULL);
	expect_refused_as("   \t ", NOW, "", NULL);
	expect_refused_as(NULL, NOW, "", NULL);
	/* blanks around are trimmed, inside are kept; case is quoted as typed */
	expect_refused_as("  Blorp Blorp  ", NOW, "Blorp Blorp", NULL);
	/* control characters cannot break the line */
	expect_refused_as("to\nday", NOW, "to?day", NULL);
	expect_refused_as("to\x1b[2Jday", NOW, "to?[2Jday", NULL);
	/* a quote inside is shown as it is */
	expect_refused_as("\"x\"", NOW, "\"x\"", NULL);
	/* long text is shortened */
	memset(longtext, 'x', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	memset(quoted, 'x', 64);
	memcpy(quoted + 64, "...", 4);
	expect_refused_as(longtext, NOW, quoted, NULL);
	/* ... and never in the middle of a UTF-8 character */
	memset(longtext, 'x', 63);
	memcpy(longtext + 63, "\xc3\xa9", 3); /* é straddles byte 64 */
	memset(quoted, 'x', 63);
	memcpy(quoted + 63, "...", 4);
	memcpy(longtext + 65, "yyyyyyyyyy", 11);
	expect_refused_as(longtext, NOW, quoted, NULL);
	/* UTF-8 that fits is kept */
	expect_refused_as("h\xc3\xa9ier", NOW, "h\xc3\xa9ier", NULL);
	/* a NULL err is allowed */
	memset(&w, 0x3C, sizeof(w));
	assert_int_equal(ebb_when_parse(&w, "blorp", NOW, 0, NULL), EBB_ERR_INVALID);
	assert_int_equal(ebb_when_parse(&w, "2026-02-30", NOW, 0, NULL), EBB_ERR_INVALID);
	assert_int_equal(w.has_time, 0x3C3C3C3C);
	/* the example message, in full */
	assert_int_equal(ebb_when_parse(&w, "blorp", NOW, 0, &err), EBB_ERR_INVALID);
	assert_string_equal(err.msg, "cannot read \"blorp\" as a date: try 2026-03-04, today, "
	                             "yesterday, 3 days ago, monday, 21:30 or 9pm");
	assert_int_equal(ebb_when_parse(&w, "2026-02-30", NOW, 0, &err), EBB_ERR_INVALID);
	assert_string_equal(err.msg, "cannot read \"2026-02-30\" as a date: february 2026 has 28 "
	                             "days; try 2026-03-04, today, yesterday, 3 days ago, monday, "
	                             "21:30 or 9pm");
}

static void test_success_leaves_err_alone(void **state)
{
	struct ebb_when w;
	struct ebb_error err;

	(void)state;
	set_tz("UTC");
	ebb_error_clear(&err);
	assert_int_equal(ebb_when_parse(&w, "today", NOW, 0, &err), EBB_OK);
	assert_int_equal(err.code, EBB_OK);
	assert_string_equal(err.msg, "");
	/* success after a failure overwrites *out completely */
	memset(&w, 0x77, sizeof(w));
	assert_int_equal(ebb_when_parse(&w, "2026-03-04", NOW, 0, &err), EBB_OK);
	assert_int_equal(w.at, TODAY + 12 * HOUR);
	assert_int_equal(w.offset, 0);
	assert_int_equal(w.has_time, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_helper_calendar, teardown_tz),
	    cmocka_unit_test_teardown(test_utc_iso, teardown_tz),
	    cmocka_unit_test_teardown(test_utc_words, teardown_tz),
	    cmocka_unit_test_teardown(test_utc_ago, teardown_tz),
	    cmocka_unit_test_teardown(test_utc_weekdays, teardown_tz),
	    cmocka_unit_test_teardown(test_utc_time_alone, teardown_tz),
	    cmocka_unit_test_teardown(test_utc_day_and_time, teardown_tz),
	    cmocka_unit_test_teardown(test_flag_day_keeps_now, teardown_tz),
	    cmocka_unit_test_teardown(test_fixed_offsets, teardown_tz),
	    cmocka_unit_test_teardown(test_berlin, teardown_tz),
	    cmocka_unit_test_teardown(test_berlin_keeps_now_in_repeated_hour, teardown_tz),
	    cmocka_unit_test_teardown(test_berlin_local_date, teardown_tz),
	    cmocka_unit_test_teardown(test_berlin_days_between, teardown_tz),
	    cmocka_unit_test_teardown(test_new_york, teardown_tz),
	    cmocka_unit_test_teardown(test_skipped_day, teardown_tz),
	    cmocka_unit_test_teardown(test_local_offset, teardown_tz),
	    cmocka_unit_test_teardown(test_format_iso, teardown_tz),
	    cmocka_unit_test_teardown(test_format_small_buffers, teardown_tz),
	    cmocka_unit_test_teardown(test_format_date, teardown_tz),
	    cmocka_unit_test_teardown(test_format_round_trip, teardown_tz),
	    cmocka_unit_test_teardown(test_local_round_trip, teardown_tz),
	    cmocka_unit_test_teardown(test_days_between, teardown_tz),
	    cmocka_unit_test_teardown(test_refused_forms, teardown_tz),
	    cmocka_unit_test_teardown(test_refused_ranges, teardown_tz),
	    cmocka_unit_test_teardown(test_refused_out_of_years, teardown_tz),
	    cmocka_unit_test_teardown(test_refused_quoting, teardown_tz),
	    cmocka_unit_test_teardown(test_success_leaves_err_alone, teardown_tz),
	};

	set_tz("UTC");
	return cmocka_run_group_tests_name("when", tests, NULL, NULL);
}
