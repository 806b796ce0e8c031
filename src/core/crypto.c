/*
 * crypto.c — libsodium wrappers. See crypto.h for the key hierarchy.
 */
#include "crypto.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define KDF_CONTEXT "ebbvault" /* crypto_kdf_CONTEXTBYTES == 8 */
enum { SUBKEY_RECORD = 1, SUBKEY_BOX = 2 };

/* Floors and ceilings for stored Argon2id parameters. */
#define OPS_FLOOR 2u
#define OPS_CEIL  16u
#define MEM_FLOOR (64ull << 20)
#define MEM_CEIL  (4ull << 30)

/*
 * jansson's allocator for ebb: every block remembers its size so that it is
 * wiped before it is freed. Decrypted bodies are parsed into such blocks.
 */
#define WIPE_HDR 16 /* keeps malloc's 16-byte alignment */

static void *wipe_malloc(size_t n)
{
	unsigned char *p;

	if (n > SIZE_MAX - WIPE_HDR)
		return NULL;
	p = malloc(n + WIPE_HDR);
	if (p == NULL)
		return NULL;
	memcpy(p, &n, sizeof(n));
	return p + WIPE_HDR;
}

static void wipe_free(void *q)
{
	unsigned char *p;
	size_t n;

	if (q == NULL)
		return;
	p = (unsigned char *)q - WIPE_HDR;
	memcpy(&n, p, sizeof(n));
	sodium_memzero(p, n + WIPE_HDR);
	free(p);
}

enum ebb_status ebb_crypto_init(struct ebb_error *err)
{
	json_malloc_t cur_malloc;
	json_free_t cur_free;

	if (sodium_init() < 0)
		return ebb_error_set(err, EBB_ERR_INTERNAL, "cannot initialise libsodium");
	json_get_alloc_funcs(&cur_malloc, &cur_free);
	if (cur_malloc != wipe_malloc)
		json_set_alloc_funcs(wipe_malloc, wipe_free);
	return EBB_OK;
}

void *ebb_secret_alloc(size_t n)
{
	return sodium_malloc(n);
}

void ebb_secret_free(void *p)
{
	sodium_free(p);
}

bool ebb_secret_equal(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

void ebb_random(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}

void ebb_kdf_default(struct ebb_kdf *k, enum ebb_kdf_level level)
{
	if (level == EBB_KDF_INTERACTIVE) {
		k->ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		k->mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	} else {
		k->ops = crypto_pwhash_OPSLIMIT_MODERATE;
		k->mem = crypto_pwhash_MEMLIMIT_MODERATE;
	}
	k->alg = crypto_pwhash_ALG_ARGON2ID13;
	randombytes_buf(k->salt, sizeof(k->salt));
}

enum ebb_status ebb_kdf_check(const struct ebb_kdf *k, struct ebb_error *err)
{
	if (k->alg != crypto_pwhash_ALG_ARGON2ID13)
		return ebb_error_set(err, EBB_ERR_CORRUPT,
		                     "the vault names a key derivation this ebb does not use");
	if (k->ops < OPS_FLOOR || k->ops > OPS_CEIL)
		return ebb_error_set(err, EBB_ERR_CORRUPT,
		                     "the vault's key derivation passes (%llu) are out of range",
		                     (unsigned long long)k->ops);
	if (k->mem < MEM_FLOOR || k->mem > MEM_CEIL)
		return ebb_error_set(
		    err, EBB_ERR_CORRUPT,
		    "the vault's key derivation memory (%llu bytes) is out of range",
		    (unsigned long long)k->mem);
	return EBB_OK;
}

enum ebb_status ebb_kdf_derive(uint8_t *out, const char *pass, size_t passlen,
                               const struct ebb_kdf *k, struct ebb_error *err)
{
	enum ebb_status rc = ebb_kdf_check(k, err);

	if (rc != EBB_OK)
		return rc;
	if (crypto_pwhash(out, EBB_KEY_BYTES, pass, passlen, k->salt, k->ops, (size_t)k->mem,
	                  (int)k->alg) != 0)
		return ebb_error_set(err, EBB_ERR_NOMEM,
		                     "not enough memory to derive the key (%llu MiB needed)",
		                     (unsigned long long)(k->mem >> 20));
	return EBB_OK;
}

static void derive(struct ebb_keys *k)
{
	uint8_t seed[crypto_box_SEEDBYTES];

	crypto_kdf_derive_from_key(k->record, sizeof(k->record), SUBKEY_RECORD, KDF_CONTEXT,
	                           k->vault);
	crypto_kdf_derive_from_key(seed, sizeof(seed), SUBKEY_BOX, KDF_CONTEXT, k->vault);
	crypto_box_seed_keypair(k->box_pk, k->box_sk, seed);
	sodium_memzero(seed, sizeof(seed));
}

struct ebb_keys *ebb_keys_new(const uint8_t *vault_key)
{
	struct ebb_keys *k = sodium_malloc(sizeof(*k));

	if (k == NULL)
		return NULL;
	if (vault_key)
		memcpy(k->vault, vault_key, EBB_KEY_BYTES);
	else
		crypto_kdf_keygen(k->vault);
	derive(k);
	return k;
}

void ebb_keys_free(struct ebb_keys *k)
{
	if (k)
		sodium_free(k); /* wipes before unmapping */
}

void ebb_keys_public(uint8_t pk[EBB_KEY_BYTES], const struct ebb_keys *k)
{
	memcpy(pk, k->box_pk, EBB_KEY_BYTES);
}

void ebb_seal(uint8_t *out, const uint8_t *msg, size_t len, const uint8_t *ad, size_t adlen,
              const uint8_t key[EBB_KEY_BYTES])
{
	randombytes_buf(out, EBB_NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + EBB_NONCE_BYTES, NULL, msg, len, ad, adlen,
	                                           NULL, out, key);
}

bool ebb_open(uint8_t *out, const uint8_t *in, size_t inlen, const uint8_t *ad, size_t adlen,
              const uint8_t key[EBB_KEY_BYTES])
{
	if (inlen < EBB_SEAL_OVERHEAD)
		return false;
	return crypto_aead_xchacha20poly1305_ietf_decrypt(out, NULL, NULL, in + EBB_NONCE_BYTES,
	                                                  inlen - EBB_NONCE_BYTES, ad, adlen, in,
	                                                  key) == 0;
}

void ebb_key_commitment(uint8_t out[32], const uint8_t vault_key[EBB_KEY_BYTES],
                        const uint8_t vault_id[EBB_ID_BYTES])
{
	static const char label[] = "ebb key commitment v1";
	crypto_generichash_state st;

	crypto_generichash_init(&st, vault_key, EBB_KEY_BYTES, 32);
	crypto_generichash_update(&st, (const uint8_t *)label, sizeof(label) - 1);
	crypto_generichash_update(&st, vault_id, EBB_ID_BYTES);
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(&st, sizeof(st));
}

enum ebb_status ebb_box_seal(uint8_t *out, const uint8_t *msg, size_t len,
                             const uint8_t pk[EBB_KEY_BYTES], struct ebb_error *err)
{
	if (crypto_box_seal(out, msg, len, pk) != 0)
		return ebb_error_set(err, EBB_ERR_INTERNAL, "cannot seal the entry");
	return EBB_OK;
}

bool ebb_box_open(uint8_t *out, const uint8_t *in, size_t inlen, const struct ebb_keys *k)
{
	if (inlen < crypto_box_SEALBYTES)
		return false;
	return crypto_box_seal_open(out, in, inlen, k->box_pk, k->box_sk) == 0;
}

void ebb_uuid7(uint8_t out[EBB_ID_BYTES], int64_t unix_ms)
{
	uint64_t ms = (uint64_t)unix_ms;

	randombytes_buf(out, EBB_ID_BYTES);
	out[0] = (uint8_t)(ms >> 40);
	out[1] = (uint8_t)(ms >> 32);
	out[2] = (uint8_t)(ms >> 24);
	out[3] = (uint8_t)(ms >> 16);
	out[4] = (uint8_t)(ms >> 8);
	out[5] = (uint8_t)ms;
	out[6] = (uint8_t)(0x70 | (out[6] & 0x0f));
	out[8] = (uint8_t)(0x80 | (out[8] & 0x3f));
}

void ebb_id_format(char out[EBB_ID_STR], const uint8_t id[EBB_ID_BYTES])
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (size_t i = 0; i < EBB_ID_BYTES; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[id[i] >> 4];
		out[o++] = hex[id[i] & 15];
	}
	out[o] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool ebb_id_parse(uint8_t out[EBB_ID_BYTES], const char *s)
{
	uint8_t id[EBB_ID_BYTES];
	size_t n = 0;

	for (size_t i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
			continue;
		}
		int hi = hexval(s[i]);
		int lo = hi < 0 ? -1 : hexval(s[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		id[n++] = (uint8_t)(hi << 4 | lo);
		i++;
	}
	if (s[36] != '\0')
		return false;
	memcpy(out, id, sizeof(id));
	return true;
}
