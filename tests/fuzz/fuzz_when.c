/*
 * fuzz_when.c — libFuzzer target for ebb_when_parse (src/core/when.c), the
 * parser behind every --at and --left-on a person types.
 *
 * Invariants checked, beyond "never crashes, leaks or hits undefined
 * behaviour": a failed parse leaves the output untouched and explains
 * itself in a terminated message without control characters; a successful
 * parse, written back with ebb_when_format_iso, parses to the same moment
 * and offset (the header promises this for years 1900..9999, and parsing
 * refuses every other year).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "when.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 2026-03-29 00:30 UTC: a Sunday, half an hour before Europe's clocks go
 * forward, so "today", weekdays and bare times all land near a DST gap */
#define NOW INT64_C(1774744200)

static void fail(const char *what, const char *text, const char *detail)
{
	fprintf(stderr, "fuzz_when: %s\n  input: \"%s\"\n  %s\n", what, text, detail);
	abort();
}

static void check_msg(const struct ebb_error *err, const char *text)
{
	size_t n = strnlen(err->msg, sizeof(err->msg));

	if (n == sizeof(err->msg) || n == 0)
		fail("error message empty or not terminated", text, "");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)err->msg[i] < 0x20 || err->msg[i] == 0x7f)
			fail("control character in the error message", text, err->msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static const int flags[] = {0, EBB_WHEN_DAY_KEEPS_NOW};
	struct ebb_error err = {0};
	char *text;

	if (!ready) {
		if (ebb_crypto_init(&err) != EBB_OK)
			abort();
		/* a zone with DST, spelled out so no tzdata is needed */
		setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
		tzset();
		ready = 1;
	}
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
		struct ebb_when w = {.at = 42, .offset = 42, .has_time = 42}, back = w;
		char iso[40], detail[160];

		memset(&err, 0, sizeof(err));
		if (ebb_when_parse(&w, text, NOW, flags[f], &err) != EBB_OK) {
			if (w.at != 42 || w.offset != 42 || w.has_time != 42)
				fail("a failed parse wrote its output", text, err.msg);
			check_msg(&err, text);
			continue;
		}
		ebb_when_format_iso(iso, sizeof(iso), w.at, w.offset);
		memset(&err, 0, sizeof(err));
		if (ebb_when_parse(&back, iso, NOW, flags[f], &err) != EBB_OK) {
			snprintf(detail, sizeof(detail), "formatted \"%s\" does not parse: %s", iso,
			         err.msg);
			fail("format_iso round trip", text, detail);
		}
		if (back.at != w.at || back.offset != w.offset || !back.has_time) {
			snprintf(detail, sizeof(detail),
			         "parsed at=%lld offset=%ld, formatted \"%s\", reparsed at=%lld "
			         "offset=%ld",
			         (long long)w.at, (long)w.offset, iso, (long long)back.at,
			         (long)back.offset);
			fail("format_iso round trip", text, detail);
		}
	}
	free(text);
	return 0;
}
