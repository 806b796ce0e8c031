/*
 * keycache.h — keeping an unlocked vault's key in the Linux kernel keyring.
 *
 * `ebb unlock` stores the vault key (never the passphrase) as a "user" key
 * named "ebb:vault:<vault id>" in the user keyring, readable only by its
 * possessor, with a timeout. Each successful read re-arms the timeout, so
 * the key stays while ebb is being used and disappears when it is not.
 * The payload is the 32-byte key followed by the timeout (u32 LE seconds).
 */
#ifndef EBB_KEYCACHE_H
#define EBB_KEYCACHE_H

#include <stdint.h>

#include "crypto.h"
#include "error.h"

#define EBB_KEYCACHE_DEFAULT 900u         /* 15 minutes */
#define EBB_KEYCACHE_MAX     (7u * 86400) /* a week */

/* Stores key for vault id for timeout seconds (1..EBB_KEYCACHE_MAX),
 * replacing an earlier one. EBB_ERR_KEYRING with the reason on failure. */
enum ebb_status ebb_keycache_put(const uint8_t id[EBB_ID_BYTES], const uint8_t key[EBB_KEY_BYTES],
                                 unsigned timeout, struct ebb_error *err);

/*
 * Reads the key for vault id into key (sodium memory) and re-arms its
 * timeout. EBB_ERR_NOTFOUND when none is kept (never unlocked, timed out or
 * locked), EBB_ERR_KEYRING when the keyring cannot be used.
 */
enum ebb_status ebb_keycache_get(const uint8_t id[EBB_ID_BYTES], uint8_t key[EBB_KEY_BYTES],
                                 struct ebb_error *err);

/* Forgets the key for vault id. EBB_OK also when none was kept. */
enum ebb_status ebb_keycache_drop(const uint8_t id[EBB_ID_BYTES], struct ebb_error *err);

#endif
