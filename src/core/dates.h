/*
 * dates.h — hard dates (anniversaries, birthdays, the day someone left):
 * when one comes round next, and how many days until then.
 *
 * Pure calendar arithmetic on the proleptic Gregorian calendar: no clock,
 * no time zone, no global state. Days are "day numbers": whole days since
 * 1970-01-01 in the local calendar (1970-01-02 is 1, 1969-12-31 is -1).
 * The caller turns "now" into today's day number once, with
 * ebb_date_local_day(now, ebb_when_local_offset(now)), and passes it in, so
 * every answer in one run agrees on what today is.
 */
#ifndef EBB_DATES_H
#define EBB_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Bytes needed by ebb_date_format, terminator included. */
#define EBB_DATE_STR 16

/*
 * The day number of a date written exactly YYYY-MM-DD (as stored in date
 * records and profile left_on), a real calendar day of a year from 1900 to
 * 9999. EBB_ERR_INVALID for anything else (NULL, other forms, 2025-02-29);
 * *day is then untouched.
 */
enum ebb_status ebb_date_parse(const char *date, int64_t *day);

/*
 * Writes day as YYYY-MM-DD into buf (EBB_DATE_STR bytes; a year beyond
 * 9999 gets more digits) and returns buf.
 */
char *ebb_date_format(char buf[EBB_DATE_STR], int64_t day);

/*
 * The local day number of UTC second t seen at offset (seconds east of
 * UTC), without overflow for any t: floor((t + offset) / 86400).
 */
int64_t ebb_date_local_day(int64_t t, int32_t offset);

/*
 * The next occurrence of a hard date on or after today_day, as a day
 * number in *next_day; the days until it are *next_day - today_day (0 when
 * it is today).
 *   - Not yearly: the date itself when it is today or later; when it is
 *     before today there is none: EBB_ERR_NOTFOUND, *next_day untouched.
 *   - Yearly: the date itself and each anniversary after it, so the first
 *     anniversary on or after today_day (the date itself when it is still
 *     to come). February 29 falls on February 28 in years without one, and
 *     on February 29 again in leap years.
 * EBB_ERR_INVALID, *next_day untouched, when date is not a valid
 * YYYY-MM-DD of 1900..9999 (see ebb_date_parse) or today_day is outside
 * 1900-01-01..9999-12-31. Never fails otherwise.
 */
enum ebb_status ebb_date_next(const char *date, bool yearly, int64_t today_day, int64_t *next_day);

#endif
