/*
 * crypto.h — the crypto boundary: thin wrappers over libsodium.
 *
 * Nothing else in ebb calls libsodium's primitives directly (sodium_malloc
 * and friends excepted). Conventions follow libsodium: output first, then
 * inputs; results that matter are warn_unused_result. Every secret lives in
 * a struct ebb_keys allocated with sodium_malloc and wiped on release.
 *
 * Key hierarchy (all 32-byte keys):
 *   passphrase --Argon2id(salt, ops, mem)--> wrapping key
 *   wrapping key --XChaCha20-Poly1305--> vault key (stored wrapped)
 *   vault key --BLAKE2b(keyed, vault id)--> key commitment (stored in clear)
 *   vault key --crypto_kdf #1--> record key (seals every record body)
 *   vault key --crypto_kdf #2--> seed of the inbox X25519 key pair
 */
#ifndef EBB_CRYPTO_H
#define EBB_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define EBB_WUR __attribute__((warn_unused_result))

#define EBB_KEY_BYTES     32
#define EBB_SALT_BYTES    16
#define EBB_ID_BYTES      16
#define EBB_NONCE_BYTES   24 /* XChaCha20-Poly1305 */
#define EBB_MAC_BYTES     16
#define EBB_SEAL_OVERHEAD (EBB_NONCE_BYTES + EBB_MAC_BYTES)
#define EBB_BOXSEAL_BYTES 48 /* crypto_box_SEALBYTES */
#define EBB_ID_STR        37 /* 36 characters and a NUL */

/* Argon2id parameters as stored in a vault. */
struct ebb_kdf {
	uint64_t ops;
	uint64_t mem; /* bytes */
	uint32_t alg; /* always crypto_pwhash_ALG_ARGON2ID13 */
	uint8_t salt[EBB_SALT_BYTES];
};

enum ebb_kdf_level {
	EBB_KDF_MODERATE,    /* the default: ops 3, 256 MiB */
	EBB_KDF_INTERACTIVE, /* for tests and weak machines: ops 2, 64 MiB */
};

/* The vault key and everything derived from it. Allocate with ebb_keys_new. */
struct ebb_keys {
	uint8_t vault[EBB_KEY_BYTES];
	uint8_t record[EBB_KEY_BYTES];
	uint8_t box_pk[EBB_KEY_BYTES];
	uint8_t box_sk[EBB_KEY_BYTES];
};

/*
 * Initialises libsodium and makes jansson wipe every block it frees. Call
 * it first, before any other ebb or jansson call (a JSON value made before
 * it would be freed with the wrong allocator); later calls do nothing.
 */
enum ebb_status ebb_crypto_init(struct ebb_error *err) EBB_WUR;

/* Memory for secrets (guarded, locked, wiped on free) for faces that must
 * hold one; ebb_secret_free accepts NULL. */
void *ebb_secret_alloc(size_t n);
void ebb_secret_free(void *p);
/* Constant-time comparison of n bytes. */
bool ebb_secret_equal(const void *a, const void *b, size_t n);

/* Fills buf with n random bytes. */
void ebb_random(void *buf, size_t n);

/* Fresh parameters at the given level with a random salt. */
void ebb_kdf_default(struct ebb_kdf *k, enum ebb_kdf_level level);

/*
 * Refuses parameters a vault file must never carry: another algorithm,
 * fewer than 2 passes or 64 MiB (floors), more than 16 passes or 4 GiB
 * (ceilings: a tampered file must not make unlocking take forever).
 * Returns EBB_ERR_CORRUPT with a message.
 */
enum ebb_status ebb_kdf_check(const struct ebb_kdf *k, struct ebb_error *err) EBB_WUR;

/* Derives the 32-byte wrapping key out (sodium_malloc memory) from pass. */
enum ebb_status ebb_kdf_derive(uint8_t *out, const char *pass, size_t passlen,
                               const struct ebb_kdf *k, struct ebb_error *err) EBB_WUR;

/*
 * Allocates keys (sodium_malloc) and, given a vault key, derives the rest.
 * vault_key may be NULL for a fresh random one. Returns NULL without memory.
 */
struct ebb_keys *ebb_keys_new(const uint8_t *vault_key);
/* Wipes and frees. k may be NULL. */
void ebb_keys_free(struct ebb_keys *k);
/* Derives the X25519 public key of the inbox from a vault key. */
void ebb_keys_public(uint8_t pk[EBB_KEY_BYTES], const struct ebb_keys *k);

/*
 * AEAD seal: out receives nonce || ciphertext || tag (len + EBB_SEAL_OVERHEAD
 * bytes) under a fresh random nonce, binding ad.
 */
void ebb_seal(uint8_t *out, const uint8_t *msg, size_t len, const uint8_t *ad, size_t adlen,
              const uint8_t key[EBB_KEY_BYTES]);
/* Opens what ebb_seal made; out receives inlen - EBB_SEAL_OVERHEAD bytes.
 * Returns false if the input was altered, the ad differs or the key is wrong. */
bool ebb_open(uint8_t *out, const uint8_t *in, size_t inlen, const uint8_t *ad, size_t adlen,
              const uint8_t key[EBB_KEY_BYTES]) EBB_WUR;

/* The key-commitment value of a vault key for a vault id. */
void ebb_key_commitment(uint8_t out[32], const uint8_t vault_key[EBB_KEY_BYTES],
                        const uint8_t vault_id[EBB_ID_BYTES]);

/* Anonymous sealed box to the inbox key: out has len + EBB_BOXSEAL_BYTES bytes. */
enum ebb_status ebb_box_seal(uint8_t *out, const uint8_t *msg, size_t len,
                             const uint8_t pk[EBB_KEY_BYTES], struct ebb_error *err) EBB_WUR;
/* Opens a sealed box; out receives inlen - EBB_BOXSEAL_BYTES bytes. */
bool ebb_box_open(uint8_t *out, const uint8_t *in, size_t inlen, const struct ebb_keys *k) EBB_WUR;

/*
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version and variant bits,
 * the rest random. Ids of different milliseconds sort by time; within one
 * millisecond the order is random (ebb_vault_new_id keeps a vault's own ids
 * strictly increasing by never reusing a millisecond).
 */
void ebb_uuid7(uint8_t out[EBB_ID_BYTES], int64_t unix_ms);
/* Formats as 8-4-4-4-12 lowercase hex into out (EBB_ID_STR bytes). */
void ebb_id_format(char out[EBB_ID_STR], const uint8_t id[EBB_ID_BYTES]);
/* Parses the 8-4-4-4-12 form (either case); false if it is not one. */
bool ebb_id_parse(uint8_t out[EBB_ID_BYTES], const char *s) EBB_WUR;

#endif
