/*
 * fuzz_body_parse.c — libFuzzer target for ebb_record_body_parse
 * (src/core/record.c), the small parser that reads the compact JSON ebb
 * writes into record bodies and hands anything else to json_loadb.
 *
 * Invariant checked (differential): for any bytes, the parser returns a
 * tree exactly when json_loadb(bytes, len, 0) does, and the two trees are
 * equal (json_equal). A person would notice a break as a record read
 * differently from what was written, or one refused that ebb wrote.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "crypto.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct ebb_error err = {0};
	json_error_t jerr;
	json_t *fast_tree, *ref;
	bool fast = false;

	if (!ready) {
		if (ebb_crypto_init(&err) != EBB_OK)
			abort();
		ready = true;
	}
	fast_tree = ebb_record_body_parse((const char *)data, size, &fast);
	ref = json_loadb((const char *)data, size, 0, &jerr);
	if ((fast_tree == NULL) != (ref == NULL) || (ref && !json_equal(fast_tree, ref))) {
		fprintf(stderr,
		        "fuzz_body_parse: the parser (fast path: %s) and json_loadb disagree\n",
		        fast ? "yes" : "no");
		abort();
	}
	json_decref(fast_tree);
	json_decref(ref);
	return 0;
}
