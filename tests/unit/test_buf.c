/*
 * test_buf.c — unit tests for src/core/buf.c: the capped byte buffer.
 *
 * What a person would notice if these broke: a passphrase or note longer
 * than its limit accepted (or half-kept), text that is not a C string,
 * secrets left behind in memory after a buffer is emptied.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "crypto.h"

/* data is a C string of exactly len bytes */
static void assert_cstring(const struct ebb_buf *b)
{
	assert_non_null(b->data);
	assert_int_equal(b->data[b->len], '\0');
	assert_true(b->len <= b->max);
}

static void test_init_is_empty_string(void **state)
{
	struct ebb_buf b, s;

	(void)state;
	ebb_buf_init(&b, 100);
	ebb_buf_init_secret(&s, 100);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	assert_false(b.secret);
	assert_string_equal(s.data, "");
	assert_true(s.secret);
	/* releasing a buffer that never grew is fine */
	ebb_buf_release(&b);
	ebb_buf_release(&s);
	ebb_buf_release(NULL);
}

static void test_add_keeps_nul_termination(void **state)
{
	struct ebb_buf b;
	struct ebb_error err;
	static const char bytes[] = {'x', 'y', 'z'};

	(void)state;
	ebb_buf_init(&b, 1024);
	assert_int_equal(ebb_buf_adds(&b, "I left ", &err), EBB_OK);
	assert_cstring(&b);
	assert_int_equal(ebb_buf_add(&b, bytes, sizeof(bytes), &err), EBB_OK);
	assert_cstring(&b);
	assert_int_equal(ebb_buf_addf(&b, &err, " on %04d-%02d-%02d (%s)", 2026, 3, 4, "day 1"),
	                 EBB_OK);
	assert_cstring(&b);
	assert_string_equal(b.data, "I left xyz on 2026-03-04 (day 1)");
	assert_int_equal(b.len, strlen("I left xyz on 2026-03-04 (day 1)"));
	/* adding nothing changes nothing */
	assert_int_equal(ebb_buf_add(&b, NULL, 0, &err), EBB_OK);
	assert_int_equal(ebb_buf_addf(&b, &err, "%s", ""), EBB_OK);
	assert_string_equal(b.data, "I left xyz on 2026-03-04 (day 1)");
	ebb_buf_release(&b);
}

static void test_grows_across_many_appends(void **state)
{
	struct ebb_buf b;
	struct ebb_error err;
	char chunk[97];

	(void)state;
	ebb_buf_init(&b, 1u << 20);
	for (int i = 0; i < 2000; i++) {
		memset(chunk, 'a' + i % 26, sizeof(chunk));
		assert_int_equal(ebb_buf_add(&b, chunk, sizeof(chunk), &err), EBB_OK);
		assert_cstring(&b);
	}
	assert_int_equal(b.len, 2000 * sizeof(chunk));
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] != 'a' + (char)(i / sizeof(chunk) % 26))
			fail_msg("byte %zu lost on growth", i);
	ebb_buf_release(&b);
}

/* At most max bytes: exactly max fits, one more is refused with a message
 * naming the cap, and a refused append leaves the buffer as it was. */
static void test_cap_enforced(void **state)
{
	struct ebb_buf b;
	struct ebb_error err;

	(void)state;
	ebb_buf_init(&b, 10);
	assert_int_equal(ebb_buf_adds(&b, "123456", &err), EBB_OK);
	ebb_error_clear(&err);
	assert_int_equal(ebb_buf_adds(&b, "7890x", &err), EBB_ERR_INVALID);
	assert_int_equal(err.code, EBB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "10"));
	assert_string_equal(b.data, "123456"); /* nothing half-appended */
	assert_int_equal(b.len, 6);
	assert_int_equal(ebb_buf_adds(&b, "7890", &err), EBB_OK);
	assert_string_equal(b.data, "1234567890");
	assert_int_equal(ebb_buf_add(&b, "x", 1, &err), EBB_ERR_INVALID);
	assert_int_equal(ebb_buf_addf(&b, &err, "%c", 'x'), EBB_ERR_INVALID);
	assert_string_equal(b.data, "1234567890");
	assert_int_equal(b.len, 10);
	assert_cstring(&b);
	/* adding nothing to a full buffer is fine */
	assert_int_equal(ebb_buf_add(&b, "", 0, &err), EBB_OK);
	ebb_buf_release(&b);

	/* formatted text is held to the same cap */
	ebb_buf_init(&b, 5);
	assert_int_equal(ebb_buf_addf(&b, &err, "%s", "123456"), EBB_ERR_INVALID);
	assert_string_equal(b.data, "");
	assert_int_equal(ebb_buf_addf(&b, &err, "%d", 12345), EBB_OK);
	assert_string_equal(b.data, "12345");
	ebb_buf_release(&b);

	/* a cap of zero holds only the empty string */
	ebb_buf_init(&b, 0);
	assert_int_equal(ebb_buf_adds(&b, "", &err), EBB_OK);
	assert_int_equal(ebb_buf_adds(&b, "x", &err), EBB_ERR_INVALID);
	assert_string_equal(b.data, "");
	ebb_buf_release(&b);

	/* an append far larger than the cap, or one whose size would wrap */
	ebb_buf_init(&b, 64);
	assert_int_equal(ebb_buf_adds(&b, "abc", &err), EBB_OK);
	assert_int_equal(ebb_buf_add(&b, "x", SIZE_MAX, &err), EBB_ERR_INVALID);
	assert_int_equal(ebb_buf_add(&b, "x", SIZE_MAX - 1, &err), EBB_ERR_INVALID);
	assert_string_equal(b.data, "abc");
	ebb_buf_release(&b);
}

static void test_reset_and_release_leave_usable_buffer(void **state)
{
	struct ebb_buf b;
	struct ebb_error err;

	(void)state;
	ebb_buf_init(&b, 32);
	assert_int_equal(ebb_buf_adds(&b, "first", &err), EBB_OK);
	ebb_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(ebb_buf_adds(&b, "second", &err), EBB_OK);
	assert_string_equal(b.data, "second");
	ebb_buf_release(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(b.max, 32); /* the cap survives release */
	assert_int_equal(ebb_buf_adds(&b, "third", &err), EBB_OK);
	assert_string_equal(b.data, "third");
	ebb_buf_release(&b);
	ebb_buf_release(&b); /* twice is fine */
	assert_string_equal(b.data, "");
}

/* A secret buffer keeps its contents across growth and reset wipes every
 * byte it holds, not only the first. */
static void test_secret_buffer(void **state)
{
	struct ebb_buf b;
	struct ebb_error err;
	char pass[300];

	(void)state;
	for (size_t i = 0; i < sizeof(pass) - 1; i++)
		pass[i] = (char)('!' + i % 90);
	pass[sizeof(pass) - 1] = '\0';

	ebb_buf_init_secret(&b, 1024);
	for (size_t i = 0; i < sizeof(pass) - 1; i++) {
		assert_int_equal(ebb_buf_add(&b, &pass[i], 1, &err), EBB_OK);
		assert_cstring(&b);
	}
	assert_true(b.secret);
	assert_string_equal(b.data, pass);
	assert_true(b.cap > b.len);

	ebb_buf_reset(&b);
	assert_int_equal(b.len, 0);
	for (size_t i = 0; i < b.cap; i++)
		if (b.data[i] != 0)
			fail_msg("byte %zu of the secret survived reset", i);
	assert_true(b.secret);

	/* still capped */
	ebb_buf_release(&b);
	ebb_buf_init_secret(&b, 8);
	assert_int_equal(ebb_buf_adds(&b, "12345678", &err), EBB_OK);
	assert_int_equal(ebb_buf_adds(&b, "9", &err), EBB_ERR_INVALID);
	assert_string_equal(b.data, "12345678");
	assert_int_equal(ebb_buf_addf(&b, &err, "%s", "x"), EBB_ERR_INVALID);
	ebb_buf_release(&b);
	assert_string_equal(b.data, "");
	assert_true(b.secret);
}

/* Reserving makes room once: the appends that follow never move the
 * buffer; past the cap it is refused and nothing changes. */
static void test_reserve(void **state)
{
	struct ebb_buf b;
	struct ebb_error err;
	const char *before;

	(void)state;
	for (int secret = 0; secret < 2; secret++) {
		if (secret)
			ebb_buf_init_secret(&b, 10000);
		else
			ebb_buf_init(&b, 10000);
		assert_int_equal(ebb_buf_adds(&b, "kept", &err), EBB_OK);
		assert_int_equal(ebb_buf_reserve(&b, 5000, &err), EBB_OK);
		assert_true(b.cap > 5004);
		assert_string_equal(b.data, "kept");
		before = b.data;
		for (int i = 0; i < 500; i++)
			assert_int_equal(ebb_buf_adds(&b, "0123456789", &err), EBB_OK);
		assert_ptr_equal(b.data, before);
		assert_int_equal(b.len, 5004);
		assert_cstring(&b);
		assert_int_equal(ebb_buf_reserve(&b, 10000 - 5004 + 1, &err), EBB_ERR_INVALID);
		assert_int_equal(b.len, 5004);
		assert_int_equal(ebb_buf_reserve(&b, 10000 - 5004, &err), EBB_OK);
		ebb_buf_release(&b);
	}
}

int main(void)
{
	struct ebb_error err;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_is_empty_string),
	    cmocka_unit_test(test_add_keeps_nul_termination),
	    cmocka_unit_test(test_grows_across_many_appends),
	    cmocka_unit_test(test_cap_enforced),
	    cmocka_unit_test(test_reset_and_release_leave_usable_buffer),
	    cmocka_unit_test(test_secret_buffer),
	    cmocka_unit_test(test_reserve),
	};

	if (ebb_crypto_init(&err) != EBB_OK) {
		fprintf(stderr, "ebb_crypto_init: %s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
