/*
 * dates.c — when hard dates come round. See dates.h for the contract.
 *
 * Day numbers use Howard Hinnant's civil-date algorithms, exact over the
 * whole range ebb accepts (years 1900..10000).
 */
#include "when.h"
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
	*day = ebb_days_from_civil(y, m, d);
	return EBB_OK;
}

char *ebb_date_format(char buf[EBB_DATE_STR], int64_t day)
{
	int64_t y;
	int m, d;

	ebb_civil_from_days(day, &y, &m, &d);
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

	return ebb_days_from_civil(y, m, d < last ? d : last);
}

enum ebb_status ebb_date_next(const char *date, bool yearly, int64_t today_day, int64_t *next_day)
{
	int64_t y0, ty, day, year;
	int m, d, tm, td;

	if (!split(date, &y0, &m, &d) || today_day < ebb_days_from_civil(YEAR_MIN, 1, 1) ||
	    today_day > ebb_days_from_civil(YEAR_MAX, 12, 31))
		return EBB_ERR_INVALID;
	day = ebb_days_from_civil(y0, m, d);
	if (!yearly) {
		if (day < today_day)
			return EBB_ERR_NOTFOUND;
		*next_day = day;
		return EBB_OK;
	}
	ebb_civil_from_days(today_day, &ty, &tm, &td);
	year = ty > y0 ? ty : y0;
	day = year == y0 ? ebb_days_from_civil(y0, m, d) : occurrence(year, m, d);
	if (day < today_day)
		day = occurrence(year + 1, m, d);
	*next_day = day;
	return EBB_OK;
}
