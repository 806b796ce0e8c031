/*
 * fuzz_record.c — libFuzzer target for ebb_record_validate
 * (src/core/record.c), the gate every record body passes before it is
 * sealed: bodies come from the command line, imports and edits.
 *
 * The input is parsed as JSON (any value, as an import might hand over)
 * and validated as every kind. Invariants checked: validation never
 * crashes, leaks or changes the body, and a refusal comes with a message.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *kind)
{
	fprintf(stderr, "fuzz_record: %s: %s\n", kind, what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static const char *const kinds[] = {"checkin", "entry", "urge",      "signs",
	                                    "reason",  "miss",  "contact",   "profile",
	                                    "date",    "plan",  "nosuchkind"};
	struct ebb_error err = {0};
	json_error_t jerr;
	json_t *body, *copy;

	if (!ready) {
		if (ebb_crypto_init(&err) != EBB_OK)
			abort();
		ready = 1;
	}
	body = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	if (body == NULL)
		return 0;
	copy = json_deep_copy(body);
	if (copy == NULL)
		abort();
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		bool unknown = i == sizeof(kinds) / sizeof(kinds[0]) - 1;
		enum ebb_status rc;

		memset(&err, 0, sizeof(err));
		rc = ebb_record_validate(kinds[i], body, &err);
		if (rc != EBB_OK && (rc != err.code || err.msg[0] == '\0'))
			fail("refused without its message", kinds[i]);
		if (unknown && rc == EBB_OK)
			fail("accepted a body for an unknown kind", kinds[i]);
		if (ebb_kind_known(kinds[i]) == unknown)
			fail("ebb_kind_known is wrong", kinds[i]);
		if (!json_equal(body, copy))
			fail("validating changed the body", kinds[i]);
	}
	json_decref(copy);
	json_decref(body);
	return 0;
}
