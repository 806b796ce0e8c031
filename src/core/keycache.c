/*
 * keycache.c — the vault key in the kernel keyring. See keycache.h.
 */
#include "keycache.h"

#include <errno.h>
#include <keyutils.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define PAYLOAD (EBB_KEY_BYTES + 4)
#define PERM    (KEY_POS_VIEW | KEY_POS_READ | KEY_POS_WRITE | KEY_POS_SEARCH | KEY_POS_SETATTR)

static void describe(char out[64], const uint8_t id[EBB_ID_BYTES])
{
	char ids[EBB_ID_STR];

	ebb_id_format(ids, id);
	snprintf(out, 64, "ebb:vault:%s", ids);
}

static enum ebb_status keyring_error(struct ebb_error *err, const char *what)
{
	return ebb_error_set(err, EBB_ERR_KEYRING, "the kernel keyring is unavailable (%s: %s)",
	                     what, strerror(errno));
}

enum ebb_status ebb_keycache_put(const uint8_t id[EBB_ID_BYTES], const uint8_t key[EBB_KEY_BYTES],
                                 unsigned timeout, struct ebb_error *err)
{
	char desc[64];
	uint8_t *payload;
	key_serial_t k;

	if (timeout < 1 || timeout > EBB_KEYCACHE_MAX)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "the unlock time must be between 1 second and 7 days");
	payload = sodium_malloc(PAYLOAD);
	if (payload == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	memcpy(payload, key, EBB_KEY_BYTES);
	for (int i = 0; i < 4; i++)
		payload[EBB_KEY_BYTES + i] = (uint8_t)(timeout >> (8 * i));
	describe(desc, id);
	k = add_key("user", desc, payload, PAYLOAD, KEY_SPEC_USER_KEYRING);
	sodium_free(payload);
	if (k < 0)
		return keyring_error(err, "adding the key");
	if (keyctl_setperm(k, PERM) < 0 || keyctl_set_timeout(k, timeout) < 0) {
		enum ebb_status rc = keyring_error(err, "protecting the key");
		keyctl_invalidate(k);
		return rc;
	}
	return EBB_OK;
}

enum ebb_status ebb_keycache_get(const uint8_t id[EBB_ID_BYTES], uint8_t key[EBB_KEY_BYTES],
                                 struct ebb_error *err)
{
	char desc[64];
	uint8_t *payload;
	key_serial_t k;
	long n;
	unsigned timeout = 0;

	describe(desc, id);
	k = keyctl_search(KEY_SPEC_USER_KEYRING, "user", desc, 0);
	if (k < 0) {
		if (errno == ENOKEY || errno == EKEYEXPIRED || errno == EKEYREVOKED)
			return ebb_error_set(err, EBB_ERR_NOTFOUND, "the vault is locked");
		return keyring_error(err, "searching");
	}
	payload = sodium_malloc(PAYLOAD);
	if (payload == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	n = keyctl_read(k, (char *)payload, PAYLOAD);
	if (n != PAYLOAD) {
		sodium_free(payload);
		if (n < 0 && (errno == EKEYEXPIRED || errno == EKEYREVOKED || errno == ENOKEY))
			return ebb_error_set(err, EBB_ERR_NOTFOUND, "the vault is locked");
		return ebb_error_set(err, EBB_ERR_KEYRING,
		                     "the key kept in the keyring is unreadable");
	}
	memcpy(key, payload, EBB_KEY_BYTES);
	for (int i = 3; i >= 0; i--)
		timeout = timeout << 8 | payload[EBB_KEY_BYTES + i];
	sodium_free(payload);
	if (timeout >= 1 && timeout <= EBB_KEYCACHE_MAX)
		keyctl_set_timeout(k, timeout);
	return EBB_OK;
}

enum ebb_status ebb_keycache_drop(const uint8_t id[EBB_ID_BYTES], struct ebb_error *err)
{
	char desc[64];
	key_serial_t k;

	describe(desc, id);
	k = keyctl_search(KEY_SPEC_USER_KEYRING, "user", desc, 0);
	if (k < 0) {
		if (errno == ENOKEY || errno == EKEYEXPIRED || errno == EKEYREVOKED)
			return EBB_OK;
		return keyring_error(err, "searching");
	}
	if (keyctl_invalidate(k) < 0 && keyctl_unlink(k, KEY_SPEC_USER_KEYRING) < 0)
		return keyring_error(err, "removing the key");
	return EBB_OK;
}
