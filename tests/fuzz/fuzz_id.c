/*
 * fuzz_id.c — libFuzzer target for record ids and UTF-8 scanning
 * (src/core/crypto.c, src/core/text.c): ebb_id_parse reads the ids people
 * paste into `ebb show` and friends; ebb_utf8_len / ebb_utf8_valid decide
 * what text is well-formed.
 *
 * Invariants checked: an id that parses is 36 characters that
 * ebb_id_format writes back (lowercased) and that parse to the same bytes;
 * stepping through any bytes with ebb_utf8_len takes steps of 1..4 that
 * add up to the size; ebb_utf8_valid agrees with the steps and with an
 * independent check of the well-formed sequences of Unicode's table 3-7.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_id: %s\n", what);
	abort();
}

/* Length of the well-formed sequence at p (Unicode 15, table 3-7), 0 if none. */
static size_t ref_seq(const uint8_t *p, size_t n)
{
	uint8_t lo = 0x80, hi = 0xBF;
	size_t k;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		k = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		k = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		k = 4;
	else
		return 0;
	if (p[0] == 0xE0)
		lo = 0xA0;
	else if (p[0] == 0xED)
		hi = 0x9F;
	else if (p[0] == 0xF0)
		lo = 0x90;
	else if (p[0] == 0xF4)
		hi = 0x8F;
	if (n < k || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < k; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct ebb_error err = {0};
	uint8_t id[EBB_ID_BYTES], again[EBB_ID_BYTES];
	char out[EBB_ID_STR];
	char *text;
	size_t i, total = 0;
	bool valid = true, ref_valid = true;

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

	/* ids: ebb_id_parse reads a C string, as the command line gives it */
	if (ebb_id_parse(id, text)) {
		if (strlen(text) != 36)
			fail("parsed an id that is not 36 characters");
		ebb_id_format(out, id);
		for (i = 0; i < 36; i++)
			if (out[i] != tolower((unsigned char)text[i]))
				fail("ebb_id_format does not give the parsed id back");
		if (out[36] != '\0' || !ebb_id_parse(again, out) || memcmp(id, again, sizeof(id)))
			fail("a formatted id does not parse to the same bytes");
	}

	/* UTF-8 over the raw bytes, NULs and all */
	for (i = 0; i < size;) {
		size_t k = ebb_utf8_len(text + i, size - i), r = ref_seq(data + i, size - i);

		if (k < 1 || k > 4 || k > size - i)
			fail("ebb_utf8_len stepped out of range");
		if (k == 1 && data[i] >= 0x80)
			valid = false;
		if (r == 0)
			ref_valid = false;
		else if (r != k)
			fail("ebb_utf8_len disagrees with the well-formed sequence length");
		if (r == 0 && k != 1)
			fail("ebb_utf8_len accepted a malformed sequence");
		total += k;
		i += k;
	}
	if (total != size)
		fail("the lengths of the characters do not add up to the size");
	if (ebb_utf8_len(text, 0) != 0)
		fail("ebb_utf8_len of nothing is not 0");
	if (ebb_utf8_valid(text, size) != valid || valid != ref_valid)
		fail("ebb_utf8_valid disagrees with the steps or with table 3-7");
	free(text);
	return 0;
}
