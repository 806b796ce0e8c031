/*
 * when.c — reading the dates and times people type, and writing moments back
 * out. See when.h for the accepted forms.
 *
 * Everything calendar-related is done on civil day numbers (days since
 * 1970-01-01, proleptic Gregorian) with our own days_from_civil /
 * civil_from_days, so "3 days ago" means three calendar days whatever DST
 * did in between. The only contact with the time zone is localtime_r (to
 * learn the UTC offset in force at a UTC second, from TZ); turning a local
 * wall-clock time back into UTC is done by probing those offsets
 * (local_to_utc) rather than by mktime, whose answer for an ambiguous time
 * can depend on earlier calls. No locale, no global state of our own.
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L

#include "when.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SECS_PER_DAY  INT64_C(86400)
#define NOON          (12 * 3600)
#define MAX_DAYS_AGO  36500
#define MAX_WEEKS_AGO (MAX_DAYS_AGO / 7)
#define MIN_YEAR      1900
#define MAX_YEAR      9999
#define QUOTE_MAX     64 /* bytes of the person's text quoted in a message */
#define FORMS         "try 2026-03-04, today, yesterday, 3 days ago, monday, 21:30 or 9pm"

/* ---------------------------------------------------------------------- */
/* Calendar arithmetic                                                     */

/* a / b rounded towards minus infinity (b > 0). */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b) < 0)
		q--;
	return q;
}

/* a mod b in [0, b) (b > 0). */
static int64_t floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;

	if (r < 0)
		r += b;
	return r;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1..12) of year y. */
static int days_in_month(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && is_leap(y))
		return 29;
	return len[m - 1];
}

/*
 * Day number (days since 1970-01-01) of the proleptic Gregorian date y-m-d;
 * m is 1..12, d 1..31. Howard Hinnant's algorithm; exact for any |y| that
 * fits comfortably in int64.
 */
int64_t ebb_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil: day number z to year, month 1..12, day 1..31. */
void ebb_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/*
 * The local calendar day number of UTC second t seen at offset, computed
 * without forming t + offset (which could overflow for extreme t).
 */
static int64_t local_day(int64_t t, int32_t offset)
{
	return floor_div(t, SECS_PER_DAY) +
	       floor_div(floor_mod(t, SECS_PER_DAY) + offset, SECS_PER_DAY);
}

/* Seconds since local midnight of UTC second t seen at offset: 0..86399. */
static int64_t local_sod(int64_t t, int32_t offset)
{
	return floor_mod(floor_mod(t, SECS_PER_DAY) + offset, SECS_PER_DAY);
}

/* ---------------------------------------------------------------------- */
/* The local zone                                                          */

/*
 * The offset in force at UTC second t in the zone named by TZ, without
 * calling tzset (the public entry points do that once). 0 when t does not
 * fit in time_t or localtime_r cannot represent it.
 */
static int32_t offset_at(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((int64_t)tt != t)
		return 0;
	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return (int32_t)tm.tm_gmtoff;
}

/*
 * Converts `local` — a local wall-clock time expressed as seconds since
 * 1970-01-01T00:00 read as if it were UTC — to the UTC second at which the
 * local clock shows it.
 *
 * When the clock shows that time twice (it was set back), the moment at
 * offset `prefer` wins if has_prefer and it is one of them, otherwise the
 * earlier moment. When the clock never shows it (it jumped forward), the
 * offset in force before the jump is used, so 02:30 in a 02:00 -> 03:00 gap
 * becomes 03:30. Deterministic, unlike mktime with tm_isdst = -1.
 */
static int64_t local_to_utc(int64_t local, int has_prefer, int32_t prefer)
{
	int32_t before = offset_at(local - SECS_PER_DAY);
	int32_t after = offset_at(local + SECS_PER_DAY);
	int32_t cand[4];
	int64_t best = 0;
	int found = 0;
	size_t i;

	cand[0] = before;
	cand[1] = after;
	cand[2] = offset_at(local - before);
	cand[3] = offset_at(local - after);
	for (i = 0; i < sizeof(cand) / sizeof(cand[0]); i++) {
		int64_t t = local - cand[i];

		if (offset_at(t) != cand[i])
			continue;
		if (has_prefer && cand[i] == prefer)
			return t;
		if (!found || t < best) {
			best = t;
			found = 1;
		}
	}
	if (found)
		return best;
	return local - before;
}

int32_t ebb_when_local_offset(int64_t t)
{
	tzset();
	return offset_at(t);
}

/* ---------------------------------------------------------------------- */
/* Reading text                                                            */

/* The part of the text still to read: [p, end). */
struct cursor {
	const char *p;
	const char *end;
};

/* What the text said, before any range checks. */
enum day_kind {
	DAY_NOW,     /* "now" */
	DAY_BACK,    /* today, yesterday, N days/weeks ago, or a time alone */
	DAY_WEEKDAY, /* monday .. sunday */
	DAY_DATE,    /* 2026-03-04 */
};

struct spec {
	enum day_kind day;
	int64_t count; /* DAY_BACK: N as typed (0 today, 1 yesterday) */
	int weeks;     /* DAY_BACK: N counts weeks */
	int wday;      /* DAY_WEEKDAY: 0 sunday .. 6 saturday */
	int64_t year;  /* DAY_DATE */
	int64_t month;
	int64_t mday;
	int has_time;
	int64_t hour;
	int64_t minute;
	int64_t second;
	char meridiem; /* 0, 'a' or 'p' */
	int has_offset;
	int offset_neg;
	int64_t offset_h;
	int64_t offset_m;
	int64_t offset_s;
};

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' || ch == '\f' || ch == '\r';
}

static int is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static int is_alpha(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static char to_lower(char ch)
{
	return (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
}

static int at_end(const struct cursor *c)
{
	return c->p == c->end;
}

/* Skips blanks; returns how many were skipped. */
static size_t skip_blanks(struct cursor *c)
{
	size_t n = 0;

	while (c->p < c->end && is_blank(*c->p)) {
		c->p++;
		n++;
	}
	return n;
}

/* Takes ch (ASCII, compared case-insensitively) if it comes next. */
static int take_char(struct cursor *c, char ch)
{
	if (c->p < c->end && to_lower(*c->p) == ch) {
		c->p++;
		return 1;
	}
	return 0;
}

/*
 * Takes at least min and at most max (<= 18) decimal digits into *val,
 * stopping after max even if more follow ("0100" as hh then mm). Fails,
 * leaving the cursor where it was, on fewer than min digits.
 */
static int take_digits(struct cursor *c, int min, int max, int64_t *val)
{
	const char *q = c->p;
	int64_t v = 0;
	int n = 0;

	while (q < c->end && is_digit(*q) && n < max) {
		v = v * 10 + (*q - '0');
		q++;
		n++;
	}
	if (n < min)
		return 0;
	c->p = q;
	*val = v;
	return 1;
}

/*
 * Takes the lowercase word w if it comes next, matched case-insensitively
 * and not followed by another letter ("mon" does not match "monkey").
 */
static int take_word(struct cursor *c, const char *w)
{
	size_t len = strlen(w);
	size_t i;

	if ((size_t)(c->end - c->p) < len)
		return 0;
	for (i = 0; i < len; i++)
		if (to_lower(c->p[i]) != w[i])
			return 0;
	if (c->p + len < c->end && is_alpha(c->p[len]))
		return 0;
	c->p += len;
	return 1;
}

/* Takes YYYY-MM-DD (exactly four, two and two digits). */
static int take_iso_date(struct cursor *c, struct spec *s)
{
	struct cursor save = *c;

	if (take_digits(c, 4, 4, &s->year) && take_char(c, '-') &&
	    take_digits(c, 2, 2, &s->month) && take_char(c, '-') &&
	    take_digits(c, 2, 2, &s->mday)) {
		s->day = DAY_DATE;
		return 1;
	}
	*c = save;
	return 0;
}

/* Takes "N days ago", "N day ago", "N weeks ago" or "N week ago". */
static int take_ago(struct cursor *c, struct spec *s)
{
	struct cursor save = *c;
	int64_t n;
	int weeks;

	if (!take_digits(c, 1, 18, &n) || skip_blanks(c) == 0)
		goto no;
	if (take_word(c, "days") || take_word(c, "day"))
		weeks = 0;
	else if (take_word(c, "weeks") || take_word(c, "week"))
		weeks = 1;
	else
		goto no;
	if (skip_blanks(c) == 0 || !take_word(c, "ago"))
		goto no;
	s->day = DAY_BACK;
	s->count = n;
	s->weeks = weeks;
	return 1;
no:
	*c = save;
	return 0;
}

/* Takes a day: ISO date, today, yesterday, now, N days/weeks ago, weekday. */
static int take_day(struct cursor *c, struct spec *s)
{
	static const char *const full[7] = {"sunday",   "monday", "tuesday", "wednesday",
	                                    "thursday", "friday", "saturday"};
	int i;

	if (take_iso_date(c, s) || take_ago(c, s))
		return 1;
	if (take_word(c, "today")) {
		s->day = DAY_BACK;
		s->count = 0;
		return 1;
	}
	if (take_word(c, "yesterday")) {
		s->day = DAY_BACK;
		s->count = 1;
		return 1;
	}
	if (take_word(c, "now")) {
		s->day = DAY_NOW;
		return 1;
	}
	for (i = 0; i < 7; i++) {
		char abbr[4];

		memcpy(abbr, full[i], 3);
		abbr[3] = '\0';
		if (take_word(c, full[i]) || take_word(c, abbr)) {
			s->day = DAY_WEEKDAY;
			s->wday = i;
			return 1;
		}
	}
	return 0;
}

/*
 * Takes a time of day. With strict (after an ISO "T"): HH:MM[:SS] only.
 * Otherwise H[H]:MM[:SS], optionally followed (blanks allowed) by am or pm,
 * or H[H] followed by am or pm. Values are range-checked later.
 */
static int take_clock(struct cursor *c, struct spec *s, int strict)
{
	struct cursor save = *c;
	int colon = 0;

	s->minute = 0;
	s->second = 0;
	s->meridiem = 0;
	if (!take_digits(c, strict ? 2 : 1, 2, &s->hour))
		goto no;
	if (take_char(c, ':')) {
		colon = 1;
		if (!take_digits(c, 2, 2, &s->minute))
			goto no;
		if (take_char(c, ':') && !take_digits(c, 2, 2, &s->second))
			goto no;
	}
	if (!strict) {
		struct cursor before = *c;

		skip_blanks(c);
		if (take_word(c, "am"))
			s->meridiem = 'a';
		else if (take_word(c, "pm"))
			s->meridiem = 'p';
		else
			*c = before;
	}
	if (!colon && !s->meridiem)
		goto no;
	s->has_time = 1;
	return 1;
no:
	*c = save;
	return 0;
}

/* Takes a UTC offset: Z, or + or - followed by hh, hhmm, hh:mm or hh:mm:ss. */
static int take_offset(struct cursor *c, struct spec *s)
{
	struct cursor save = *c;

	s->offset_h = s->offset_m = s->offset_s = 0;
	s->offset_neg = 0;
	if (take_char(c, 'z')) {
		s->has_offset = 1;
		return 1;
	}
	if (take_char(c, '-'))
		s->offset_neg = 1;
	else if (!take_char(c, '+'))
		goto no;
	if (!take_digits(c, 2, 2, &s->offset_h))
		goto no;
	if (take_char(c, ':')) {
		if (!take_digits(c, 2, 2, &s->offset_m))
			goto no;
		if (take_char(c, ':') && !take_digits(c, 2, 2, &s->offset_s))
			goto no;
	} else if (c->p < c->end && is_digit(*c->p)) {
		if (!take_digits(c, 2, 2, &s->offset_m))
			goto no;
	}
	s->has_offset = 1;
	return 1;
no:
	*c = save;
	return 0;
}

/* Reads the whole of c into s; 0 when the text is not one of the forms. */
static int read_spec(struct cursor *c, struct spec *s)
{
	if (!take_day(c, s)) {
		/* a time of day alone: today at that time */
		s->day = DAY_BACK;
		s->count = 0;
		return take_clock(c, s, 0) && at_end(c);
	}
	if (at_end(c))
		return 1;
	if (s->day == DAY_NOW)
		return 0;
	if (s->day == DAY_DATE && take_char(c, 't')) {
		if (!take_clock(c, s, 1))
			return 0;
		if (!at_end(c) && !take_offset(c, s))
			return 0;
		return at_end(c);
	}
	if (skip_blanks(c) == 0 || !take_clock(c, s, 0))
		return 0;
	if (s->day == DAY_DATE && !s->meridiem && !at_end(c) && !take_offset(c, s))
		return 0;
	return at_end(c);
}

/*
 * Writes the text [b, e) into dst (size bytes, at least QUOTE_MAX + 4) fit
 * for quoting in a one-line message: control bytes become '?', and text
 * longer than QUOTE_MAX bytes is cut on a UTF-8 character boundary and
 * followed by "...".
 */
static void quote_text(char *dst, size_t size, const char *b, const char *e)
{
	size_t len = (size_t)(e - b);
	size_t n = len;
	size_t i;

	if (n > QUOTE_MAX) {
		n = QUOTE_MAX;
		while (n > 0 && ((unsigned char)b[n] & 0xC0) == 0x80)
			n--;
	}
	if (n + 4 > size)
		n = size > 4 ? size - 4 : 0;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)b[i];

		dst[i] = (ch < 0x20 || ch == 0x7F) ? '?' : (char)ch;
	}
	if (n < len) {
		memcpy(dst + i, "...", 3);
		i += 3;
	}
	dst[i] = '\0';
}

/* Fails with EBB_ERR_INVALID, quoting the text, giving why (may be NULL). */
static enum ebb_status refuse(struct ebb_error *err, const char *b, const char *e, const char *why)
{
	char q[QUOTE_MAX + 4];

	quote_text(q, sizeof(q), b, e);
	if (why == NULL)
		return ebb_error_set(err, EBB_ERR_INVALID, "cannot read \"%s\" as a date: " FORMS,
		                     q);
	return ebb_error_set(err, EBB_ERR_INVALID, "cannot read \"%s\" as a date: %s; " FORMS, q,
	                     why);
}

/*
 * Range-checks what was read. Returns NULL when it is acceptable, otherwise
 * a reason written into why (size bytes) or a constant string.
 */
static const char *check_spec(const struct spec *s, char *why, size_t size)
{
	static const char *const month_name[12] = {"january",   "february", "march",    "april",
	                                           "may",       "june",     "july",     "august",
	                                           "september", "october",  "november", "december"};

	if (s->day == DAY_DATE) {
		if (s->month < 1 || s->month > 12) {
			snprintf(why, size, "there is no month %02" PRId64, s->month);
			return why;
		}
		if (s->year < MIN_YEAR || s->year > MAX_YEAR)
			return "only dates from 1900 to 9999 are accepted";
		if (s->mday < 1 || s->mday > days_in_month(s->year, (int)s->month)) {
			snprintf(why, size, "%s %" PRId64 " has %d days", month_name[s->month - 1],
			         s->year, days_in_month(s->year, (int)s->month));
			return why;
		}
	}
	if (s->day == DAY_BACK) {
		if (s->weeks ? s->count > MAX_WEEKS_AGO : s->count > MAX_DAYS_AGO)
			return "it can be at most 36500 days (5214 weeks) ago";
	}
	if (s->has_time) {
		if (s->meridiem) {
			if (s->hour < 1 || s->hour > 12)
				return "with am or pm the hour runs from 1 to 12";
		} else if (s->hour > 23) {
			return "hours run from 0 to 23";
		}
		if (s->minute > 59)
			return "minutes run from 00 to 59";
		if (s->second > 59)
			return "seconds run from 00 to 59";
	}
	if (s->has_offset && (s->offset_h > 23 || s->offset_m > 59 || s->offset_s > 59))
		return "utc offsets run from -23:59 to +23:59";
	return NULL;
}

/*
 * The local day number s names, given today's local day number. DAY_NOW
 * names today.
 */
static int64_t spec_day(const struct spec *s, int64_t today)
{
	int64_t back;

	switch (s->day) {
	case DAY_DATE:
		return ebb_days_from_civil(s->year, (int)s->month, (int)s->mday);
	case DAY_WEEKDAY:
		/* 1970-01-01 was a thursday (4); the same weekday means a week ago */
		back = floor_mod(floor_mod(today + 4, 7) - s->wday, 7);
		return today - (back == 0 ? 7 : back);
	case DAY_BACK:
		return today - (s->weeks ? s->count * 7 : s->count);
	case DAY_NOW:
		break;
	}
	return today;
}

/* Seconds since local midnight of the time s names, or default_sod. */
static int64_t spec_sod(const struct spec *s, int64_t default_sod)
{
	int64_t h = s->hour;

	if (!s->has_time)
		return default_sod;
	if (s->meridiem)
		h = h % 12 + (s->meridiem == 'p' ? 12 : 0);
	return h * 3600 + s->minute * 60 + s->second;
}

enum ebb_status ebb_when_parse(struct ebb_when *out, const char *text, int64_t now, int flags,
                               struct ebb_error *err)
{
	struct cursor c;
	struct spec s;
	struct ebb_when w;
	char whybuf[96];
	const char *why;
	const char *b, *e;
	int keep_now = (flags & EBB_WHEN_DAY_KEEPS_NOW) != 0;
	int32_t now_off;
	int64_t day, local, year;
	int month, mday;

	if (text == NULL)
		text = "";
	b = text;
	e = text + strlen(text);
	while (b < e && is_blank(*b))
		b++;
	while (e > b && is_blank(e[-1]))
		e--;

	memset(&s, 0, sizeof(s));
	c.p = b;
	c.end = e;
	if (!read_spec(&c, &s))
		return refuse(err, b, e, NULL);
	why = check_spec(&s, whybuf, sizeof(whybuf));
	if (why != NULL)
		return refuse(err, b, e, why);

	tzset();
	now_off = offset_at(now);
	day = spec_day(&s, local_day(now, now_off));
	ebb_civil_from_days(day, &year, &month, &mday);
	if (year < MIN_YEAR || year > MAX_YEAR)
		return refuse(err, b, e, "only dates from 1900 to 9999 are accepted");

	memset(&w, 0, sizeof(w));
	if (s.day == DAY_NOW) {
		w.at = now;
		w.offset = now_off;
		w.has_time = 1;
	} else {
		local =
		    day * SECS_PER_DAY + spec_sod(&s, keep_now ? local_sod(now, now_off) : NOON);
		if (s.has_offset) {
			int32_t off = (int32_t)(s.offset_h * 3600 + s.offset_m * 60 + s.offset_s);

			w.offset = s.offset_neg ? -off : off;
			w.at = local - w.offset;
		} else {
			/* keeping now's clock reading keeps now's side of a repeated hour */
			w.at = local_to_utc(local, keep_now && !s.has_time, now_off);
			w.offset = offset_at(w.at);
		}
		w.has_time = s.has_time;
	}

	*out = w;
	return EBB_OK;
}

/* ---------------------------------------------------------------------- */
/* Writing moments                                                         */

char *ebb_when_format_iso(char *buf, size_t size, int64_t t, int32_t offset)
{
	int64_t sod = local_sod(t, offset);
	int64_t a = offset < 0 ? -(int64_t)offset : (int64_t)offset;
	char sign = offset < 0 ? '-' : '+';
	int64_t year;
	int month, mday;

	if (size == 0)
		return buf;
	ebb_civil_from_days(local_day(t, offset), &year, &month, &mday);
	if (a % 60 != 0)
		snprintf(buf, size,
		         "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d%c%02" PRId64 ":%02" PRId64
		         ":%02" PRId64,
		         year, month, mday, (int)(sod / 3600), (int)(sod / 60 % 60),
		         (int)(sod % 60), sign, a / 3600, a / 60 % 60, a % 60);
	else
		snprintf(buf, size,
		         "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d%c%02" PRId64 ":%02" PRId64, year,
		         month, mday, (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60),
		         sign, a / 3600, a / 60 % 60);
	return buf;
}

char *ebb_when_format_date(char *buf, size_t size, int64_t t, int32_t offset)
{
	int64_t year;
	int month, mday;

	if (size == 0)
		return buf;
	ebb_civil_from_days(local_day(t, offset), &year, &month, &mday);
	snprintf(buf, size, "%04" PRId64 "-%02d-%02d", year, month, mday);
	return buf;
}

int64_t ebb_when_days_between(int64_t from, int32_t from_offset, int64_t to, int32_t to_offset)
{
	return local_day(to, to_offset) - local_day(from, from_offset);
}
