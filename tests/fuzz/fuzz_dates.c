/*
 * fuzz_dates.c — libFuzzer target for ebb_date_parse and ebb_date_next
 * (src/core/dates.c), which read the YYYY-MM-DD dates stored in date
 * records and profile.left_on.
 *
 * Invariants checked: a date that parses is written back identically by
 * ebb_date_format; a failed call leaves its output untouched; the next
 * occurrence is never before today, is the date itself when not yearly,
 * and when yearly falls on the same month and day (February 29 on
 * February 28 in common years) no more than a year ahead, and never before
 * the date itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "dates.h"
#include "when.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define UNTOUCHED INT64_C(0x5a5a5a5a5a5a)

static void fail(const char *what, const char *text, int64_t today, int64_t got)
{
	fprintf(stderr, "fuzz_dates: %s\n  input: \"%s\" today=%lld got=%lld\n", what, text,
	        (long long)today, (long long)got);
	abort();
}

static void check_next(const char *text, int64_t day, int64_t today)
{
	int64_t y, ny, ty;
	int m, d, nm, nd, tm, td;

	ebb_civil_from_days(day, &y, &m, &d);
	ebb_civil_from_days(today, &ty, &tm, &td);
	for (int yearly = 0; yearly <= 1; yearly++) {
		int64_t next = UNTOUCHED;
		enum ebb_status rc = ebb_date_next(text, yearly, today, &next);
		int in_range = ty >= 1900 && ty <= 9999;

		if (!in_range) {
			if (rc != EBB_ERR_INVALID || next != UNTOUCHED)
				fail("today out of range was accepted", text, today, next);
			continue;
		}
		if (!yearly) {
			if (day < today ? rc != EBB_ERR_NOTFOUND || next != UNTOUCHED
			                : rc != EBB_OK || next != day)
				fail("one-off date: wrong next occurrence", text, today, next);
			continue;
		}
		if (rc != EBB_OK)
			fail("yearly date: no next occurrence", text, today, next);
		if (next < today || next < day)
			fail("yearly date: next occurrence in the past", text, today, next);
		if (day >= today && next != day)
			fail("yearly date still to come: not the date itself", text, today, next);
		if (next > day && next - today > 366)
			fail("yearly date: next occurrence more than a year ahead", text, today,
			     next);
		ebb_civil_from_days(next, &ny, &nm, &nd);
		if (nm != m || (nd != d && !(m == 2 && d == 29 && nd == 28)))
			fail("yearly date: next occurrence on another day", text, today, next);
		if (m == 2 && d == 29 && nd == 28 &&
		    ((ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0))
			fail("yearly date: February 29 moved in a leap year", text, today, next);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct ebb_error err = {0};
	int64_t todays[6];
	int64_t day = UNTOUCHED;
	char *text, buf[EBB_DATE_STR];

	if (!ready) {
		if (ebb_crypto_init(&err) != EBB_OK)
			abort();
		ready = 1;
	}
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	todays[0] = ebb_days_from_civil(1900, 1, 1);
	todays[1] = ebb_days_from_civil(2024, 2, 29);
	todays[2] = ebb_days_from_civil(2025, 3, 1);
	todays[3] = ebb_days_from_civil(9999, 12, 31);
	todays[4] = ebb_days_from_civil(1899, 12, 31); /* out of range */
	todays[5] = ebb_days_from_civil(10000, 1, 1);  /* out of range */

	if (ebb_date_parse(text, &day) != EBB_OK) {
		if (day != UNTOUCHED)
			fail("a failed parse wrote its output", text, 0, day);
		for (size_t i = 0; i < sizeof(todays) / sizeof(todays[0]); i++) {
			int64_t next = UNTOUCHED;
			if (ebb_date_next(text, i % 2, todays[i], &next) != EBB_ERR_INVALID ||
			    next != UNTOUCHED)
				fail("date_next accepted what date_parse refused", text, todays[i],
				     next);
		}
		free(text);
		return 0;
	}
	ebb_date_format(buf, day);
	if (strcmp(buf, text) != 0)
		fail("ebb_date_format does not give the parsed text back", text, 0, day);
	for (size_t i = 0; i < sizeof(todays) / sizeof(todays[0]); i++)
		check_next(text, day, todays[i]);
	/* today the day itself and the day after: the edges of "not yet past" */
	check_next(text, day, day);
	check_next(text, day, day + 1);
	free(text);
	return 0;
}
