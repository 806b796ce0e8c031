/*
 * dates.c — when hard dates come round. See dates.h for the contract.
 *
 * Day numbers use Howard Hinnant's civil-date algorithms, exact over the
 * whole range ebb accepts (years 1900..10000).
 */
#include "dates.h"

#include <stdio.h>
#include <string.h>

#define SECS_PER_DAY INT64_C(86400)
#define YEAR_MIN     1900
#define YEAR_MAX     9999

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1..12) of year y. */
static int month_days(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Day number of y-m-d (m 1..12, d 1..31; y >= 0). */
static int64_t from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of from_civil, for day numbers of years >= 0. */
static void to_civil(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Splits a YYYY-MM-DD text into a real date of years YEAR_MIN..YEAR_MAX. */
static bool split(const char *s, int64_t *y, int *m, int *d)
{
	int64_t yy = 0;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	for (int i = 0; i < 4; i++)
		yy = yy * 10 + (s[i] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	*y = yy;
	return yy >= YEAR_MIN && *m >= 1 && *m <= 12 && *d >= 1 && *d <= month_days(yy, *m);
}

enum ebb_status ebb_date_parse(const char *date, int64_t *day)
{
	int64_t y;
	int m, d;

	if (!split(date, &y, &m, &d))
		return EBB_ERR_INVALID;
	*day = from_civil(y, m, d);
	return EBB_OK;
}

char *ebb_date_format(char buf[EBB_DATE_STR], int64_t day)
{
	int64_t y;
	int m, d;

	to_civil(day, &y, &m, &d);
	snprintf(buf, EBB_DATE_STR, "%04lld-%02d-%02d", (long long)y, m, d);
	return buf;
}

int64_t ebb_date_local_day(int64_t t, int32_t offset)
{
	/* split both parts so that t + offset is never formed */
	int64_t q = t / SECS_PER_DAY, r = t % SECS_PER_DAY;

	if (r < 0) {
		q--;
		r += SECS_PER_DAY;
	}
	r += offset; /* now in (-86400, 2 * 86400) */
	if (r < 0)
		return q - 1;
	return q + r / SECS_PER_DAY;
}

/* The anniversary of month m, day d in year y (February 29 -> 28). */
static int64_t occurrence(int64_t y, int m, int d)
{
	int last = month_days(y, m);

	return from_civil(y, m, d < last ? d : last);
}

enum ebb_status ebb_date_next(const char *date, bool yearly, int64_t today_day, int64_t *next_day)
{
	int64_t y0, ty, day, year;
	int m, d, tm, td;

	if (!split(date, &y0, &m, &d) || today_day < from_civil(YEAR_MIN, 1, 1) ||
	    today_day > from_civil(YEAR_MAX, 12, 31))
		return EBB_ERR_INVALID;
	day = from_civil(y0, m, d);
	if (!yearly) {
		if (day < today_day)
			return EBB_ERR_NOTFOUND;
		*next_day = day;
		return EBB_OK;
	}
	to_civil(today_day, &ty, &tm, &td);
	year = ty > y0 ? ty : y0;
	day = year == y0 ? from_civil(y0, m, d) : occurrence(year, m, d);
	if (day < today_day)
		day = occurrence(year + 1, m, d);
	*next_day = day;
	return EBB_OK;
}
