/*
 * test_keycache.c — unit tests for src/core/keycache.c: keeping a vault key
 * in the kernel keyring ("ebb unlock --for", "ebb lock").
 *
 * What a person would notice if these broke: a vault that stays unlocked
 * after "ebb lock" or after its time ran out, one that locks itself while
 * in use, another vault's key handed back, a key readable by other users.
 *
 * Each test uses a random vault id, so nothing collides with a real ebb
 * key of the same user. Tests skip when the keyring cannot be used here
 * (some containers forbid the keyctl system calls).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <keyutils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crypto.h"
#include "keycache.h"

/* Skips the calling test when the user keyring refuses new keys. */
static void require_keyring(void)
{
	char desc[64];
	uint8_t probe[8];
	key_serial_t k;

	ebb_random(probe, sizeof(probe));
	snprintf(desc, sizeof(desc), "ebb:test-probe:%02x%02x%02x%02x", probe[0], probe[1],
	         probe[2], probe[3]);
	k = add_key("user", desc, probe, sizeof(probe), KEY_SPEC_USER_KEYRING);
	if (k < 0) {
		if (errno == ENOSYS || errno == EPERM || errno == EACCES) {
			fprintf(stderr, "keyring unavailable here (add_key: %s): skipped\n",
			        strerror(errno));
			skip();
		}
		fail_msg("add_key failed unexpectedly: %s", strerror(errno));
	}
	keyctl_invalidate(k);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static key_serial_t find_key(const uint8_t id[EBB_ID_BYTES])
{
	char ids[EBB_ID_STR], desc[64];

	ebb_id_format(ids, id);
	snprintf(desc, sizeof(desc), "ebb:vault:%s", ids);
	return keyctl_search(KEY_SPEC_USER_KEYRING, "user", desc, 0);
}

static void expect_key(const uint8_t id[EBB_ID_BYTES], const uint8_t want[EBB_KEY_BYTES])
{
	uint8_t *got = ebb_secret_alloc(EBB_KEY_BYTES);
	struct ebb_error err;
	enum ebb_status rc;

	assert_non_null(got);
	rc = ebb_keycache_get(id, got, &err);
	if (rc != EBB_OK) {
		ebb_secret_free(got);
		fail_msg("keycache_get: %s (%d)", err.msg, rc);
	}
	assert_memory_equal(got, want, EBB_KEY_BYTES);
	ebb_secret_free(got);
}

static void expect_locked(const uint8_t id[EBB_ID_BYTES])
{
	uint8_t got[EBB_KEY_BYTES];
	struct ebb_error err;

	ebb_error_clear(&err);
	assert_int_equal(ebb_keycache_get(id, got, &err), EBB_ERR_NOTFOUND);
	assert_int_equal(err.code, EBB_ERR_NOTFOUND);
}

/* unlock, use, lock: the key comes back exactly, and not after lock */
static void test_put_get_drop(void **state)
{
	uint8_t id[EBB_ID_BYTES], key[EBB_KEY_BYTES];
	struct ebb_error err;

	(void)state;
	require_keyring();
	ebb_uuid7(id, 1772654400000);
	ebb_random(key, sizeof(key));
	expect_locked(id); /* never unlocked */
	assert_int_equal(ebb_keycache_put(id, key, 60, &err), EBB_OK);
	expect_key(id, key);
	expect_key(id, key); /* reading does not consume it */
	assert_int_equal(ebb_keycache_drop(id, &err), EBB_OK);
	expect_locked(id);
	/* locking a locked vault is fine */
	assert_int_equal(ebb_keycache_drop(id, &err), EBB_OK);
}

/* unlocking again replaces the key; two vaults keep their own keys */
static void test_replace_and_separate_vaults(void **state)
{
	uint8_t a[EBB_ID_BYTES], b[EBB_ID_BYTES], ka[EBB_KEY_BYTES], ka2[EBB_KEY_BYTES],
	    kb[EBB_KEY_BYTES];
	struct ebb_error err;

	(void)state;
	require_keyring();
	ebb_uuid7(a, 1772654400000);
	ebb_uuid7(b, 1772654400000);
	ebb_random(ka, sizeof(ka));
	ebb_random(ka2, sizeof(ka2));
	ebb_random(kb, sizeof(kb));

	assert_int_equal(ebb_keycache_put(a, ka, 60, &err), EBB_OK);
	assert_int_equal(ebb_keycache_put(b, kb, 60, &err), EBB_OK);
	expect_key(a, ka);
	expect_key(b, kb);
	assert_int_equal(ebb_keycache_put(a, ka2, 60, &err), EBB_OK);
	expect_key(a, ka2);
	expect_key(b, kb);
	assert_int_equal(ebb_keycache_drop(a, &err), EBB_OK);
	expect_locked(a);
	expect_key(b, kb); /* locking one vault leaves the other */
	assert_int_equal(ebb_keycache_drop(b, &err), EBB_OK);
	expect_locked(b);
}

/* "unlock --for" accepts 1 second to 7 days, nothing else */
static void test_timeout_range(void **state)
{
	uint8_t id[EBB_ID_BYTES], key[EBB_KEY_BYTES];
	struct ebb_error err;

	(void)state;
	require_keyring();
	ebb_uuid7(id, 1772654400000);
	ebb_random(key, sizeof(key));
	assert_int_equal(ebb_keycache_put(id, key, 0, &err), EBB_ERR_INVALID);
	assert_int_equal(ebb_keycache_put(id, key, EBB_KEYCACHE_MAX + 1, &err), EBB_ERR_INVALID);
	expect_locked(id); /* nothing was kept */
	assert_int_equal(ebb_keycache_put(id, key, EBB_KEYCACHE_MAX, &err), EBB_OK);
	expect_key(id, key);
	assert_int_equal(ebb_keycache_drop(id, &err), EBB_OK);
}

/* the vault locks itself when its time runs out */
static void test_timeout_expires(void **state)
{
	uint8_t id[EBB_ID_BYTES], key[EBB_KEY_BYTES];
	struct ebb_error err;

	(void)state;
	require_keyring();
	ebb_uuid7(id, 1772654400000);
	ebb_random(key, sizeof(key));
	assert_int_equal(ebb_keycache_put(id, key, 1, &err), EBB_OK);
	sleep_ms(2000);
	expect_locked(id);
	assert_int_equal(ebb_keycache_drop(id, &err), EBB_OK);
}

/* each use re-arms the timeout: a vault in use does not lock under you */
static void test_use_rearms_timeout(void **state)
{
	uint8_t id[EBB_ID_BYTES], key[EBB_KEY_BYTES];
	struct ebb_error err;

	(void)state;
	require_keyring();
	ebb_uuid7(id, 1772654400000);
	ebb_random(key, sizeof(key));
	/* wide margins: a busy machine may oversleep by a second or more */
	assert_int_equal(ebb_keycache_put(id, key, 8, &err), EBB_OK);
	sleep_ms(3000);
	expect_key(id, key); /* at 3 s: re-armed for 8 s more, until 11 s */
	sleep_ms(6500);
	expect_key(id, key); /* at 9.5 s: past the first 8 s, still there */
	assert_int_equal(ebb_keycache_drop(id, &err), EBB_OK);
	expect_locked(id);
}

/* the key is for its possessor only: no user, group or other permissions */
static void test_key_not_readable_by_others(void **state)
{
	uint8_t id[EBB_ID_BYTES], key[EBB_KEY_BYTES];
	struct ebb_error err;
	char *desc = NULL;
	unsigned long perm = 0;
	key_serial_t k;

	(void)state;
	require_keyring();
	ebb_uuid7(id, 1772654400000);
	ebb_random(key, sizeof(key));
	assert_int_equal(ebb_keycache_put(id, key, 60, &err), EBB_OK);
	k = find_key(id);
	assert_true(k > 0);
	assert_true(keyctl_describe_alloc(k, &desc) > 0);
	/* "type;uid;gid;perm;description" */
	{
		const char *p = desc;
		for (int field = 0; field < 3 && p; field++) {
			p = strchr(p, ';');
			if (p)
				p++;
		}
		assert_non_null(p);
		perm = strtoul(p, NULL, 16);
	}
	free(desc);
	assert_int_equal(perm & (KEY_USR_ALL | KEY_GRP_ALL | KEY_OTH_ALL), 0);
	assert_true(perm & KEY_POS_READ);
	assert_int_equal(ebb_keycache_drop(id, &err), EBB_OK);
}

int main(void)
{
	struct ebb_error err;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_put_get_drop),
	    cmocka_unit_test(test_replace_and_separate_vaults),
	    cmocka_unit_test(test_timeout_range),
	    cmocka_unit_test(test_timeout_expires),
	    cmocka_unit_test(test_use_rearms_timeout),
	    cmocka_unit_test(test_key_not_readable_by_others),
	};

	if (ebb_crypto_init(&err) != EBB_OK) {
		fprintf(stderr, "ebb_crypto_init: %s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests_name("keycache", tests, NULL, NULL);
}
