/*
 * when.h — dates and times as people type them, in the local time zone.
 *
 * ebb stores moments as UTC seconds plus the UTC offset that was in force
 * where the person was. Parsing accepts (case-insensitive, surrounding
 * blanks ignored, words separated by one or more blanks):
 *   - ISO 8601: 2026-03-04, 2026-03-04T21:30, 2026-03-04 21:30:15 (four-digit
 *     year, two-digit month and day); a 24-hour time after an ISO date may
 *     carry an offset right after it: Z, or + or - then hh, hhmm, hh:mm or
 *     hh:mm:ss (hh up to 23); no other form takes an offset;
 *   - today, yesterday, now, "N days ago" / "N day ago" (N 0..36500),
 *     "N weeks ago" / "N week ago" (N 0..5214, so at most 36500 days);
 *   - weekday names (monday .. sunday, or mon .. sun): the most recent such
 *     day strictly before today ("monday" said on a monday means a week ago);
 *   - a time of day alone: 21:30, 9:05, 9pm, 9:30am, 12am (midnight), 12pm
 *     (noon): today at that time. 24-hour times are H:MM or HH:MM, with
 *     optional :SS (00..59); am/pm may follow a blank ("9 pm");
 *   - a day followed by a time: "yesterday 21:30", "monday 9pm",
 *     "2026-03-04 9pm", "3 days ago 08:00".
 * A day without a time means that day at 12:00 local time (noon keeps the
 * calendar day stable across DST changes), unless EBB_WHEN_DAY_KEEPS_NOW is
 * given, when it means the current local time of day on that day.
 * A local time the clock shows twice (clocks set back) means the earlier
 * moment, except that EBB_WHEN_DAY_KEEPS_NOW keeps now's side when it can;
 * a local time the clock skips (clocks set forward) is read at the offset
 * in force before the jump: 02:30 in a 02:00 -> 03:00 gap means 03:30.
 * Parsing never depends on the locale and never touches global state except
 * through tzset/localtime_r (which read TZ).
 */
#ifndef EBB_WHEN_H
#define EBB_WHEN_H

#include <stdint.h>
#include <time.h>

#include "error.h"

struct ebb_when {
	int64_t at;     /* UTC seconds since the epoch */
	int32_t offset; /* seconds east of UTC at that moment, local zone or as given */
	int has_time;   /* 1 when the text named a time of day (or "now") */
};

/* Flags for ebb_when_parse. */
enum {
	/* a bare day ("today", "2026-03-04") means the current time of day on
	 * that day instead of noon; used by --at for check-ins */
	EBB_WHEN_DAY_KEEPS_NOW = 1 << 0,
};

/*
 * Parses text relative to now (UTC seconds; the local zone comes from TZ).
 * text may be NULL (read as ""). On success fills *out and returns EBB_OK.
 * On failure returns EBB_ERR_INVALID with a message that quotes the text
 * (trimmed, control characters as ?, long text shortened), says what is
 * out of range when the form was right, and names the accepted forms, and
 * leaves *out untouched. Dates before 1900 or after 9999 are refused (the
 * date as written when an offset is given, else the local date reached); a
 * time in the future is accepted (the caller decides).
 */
enum ebb_status ebb_when_parse(struct ebb_when *out, const char *text, int64_t now, int flags,
                               struct ebb_error *err);

/*
 * The local UTC offset in force at UTC second t, in seconds east of UTC
 * (0 when the system cannot represent t).
 */
int32_t ebb_when_local_offset(int64_t t);

/*
 * Formats t (UTC seconds) shown at the given offset as ISO 8601 with the
 * offset, "2026-03-04T21:30:00+01:00", into buf (at least 32 bytes).
 * Offset 0 is written +00:00; an offset with seconds (historic local mean
 * time) as +hh:mm:ss, so for years 1900..9999 the text parses back to t
 * and offset.
 * A shorter buf gets a truncated, terminated string; size 0 writes nothing.
 * Returns buf.
 */
char *ebb_when_format_iso(char *buf, size_t size, int64_t t, int32_t offset);

/* Formats only the calendar date at the given offset: "2026-03-04". */
char *ebb_when_format_date(char *buf, size_t size, int64_t t, int32_t offset);

/*
 * Whole local calendar days from the date of `from` to the date of `to`
 * (both UTC seconds, each taken at its own local offset), DST-safe:
 * computed on calendar dates, never as elapsed seconds / 86400.
 */
int64_t ebb_when_days_between(int64_t from, int32_t from_offset, int64_t to, int32_t to_offset);

/*
 * Calendar day numbers (days since 1970-01-01, proleptic Gregorian; Howard
 * Hinnant's algorithms, exact for any year that fits in int64 arithmetic):
 * the day number of y-m-d (m 1..12, d 1..31, not checked against the month)
 * and its inverse.
 */
int64_t ebb_days_from_civil(int64_t y, int m, int d);
void ebb_civil_from_days(int64_t z, int64_t *y, int *m, int *d);

#endif
