/*
 * test_crypto.c — unit tests for src/core/crypto.c: the AEAD seal and open
 * (every altered bit, other associated data or another key must fail), the
 * sealed boxes of the inbox, the Argon2id parameter floors and ceilings,
 * the key commitment, the key hierarchy, and UUIDv7 ids (layout, order and
 * their 36-character form).
 *
 * What a person would notice if these broke: records that open after being
 * altered, a vault that takes hours to unlock because its file asks for it,
 * one key opening another vault, ids out of order, ids that do not parse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto.h"
#include "vault.h"
#include "vault_impl.h"

static const char PASS[] = "correct horse battery staple";

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

struct fx {
	char dir[64];
	char path[PATH_MAX];
	struct ebb_vault *v;
};

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup_dir(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/ebb-crypto-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/vault.ebb", f->dir);
	*state = f;
	return 0;
}

static int teardown_dir(void **state)
{
	struct fx *f = *state;

	ebb_vault_close(f->v);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t id_ms(const uint8_t id[EBB_ID_BYTES])
{
	int64_t ms = 0;

	for (int i = 0; i < 6; i++)
		ms = ms << 8 | id[i];
	return ms;
}

static void assert_uuid7_bits(const uint8_t id[EBB_ID_BYTES])
{
	assert_int_equal(id[6] >> 4, 7);      /* version 7 */
	assert_int_equal(id[8] & 0xc0, 0x80); /* variant 10xx (RFC 9562) */
}

/* ---------------------------------------------------------------------- */
/* Initialisation                                                          */

/* Decrypted bodies are parsed by jansson: its blocks must be wiped when
 * freed, so after init jansson must not use plain malloc/free. */
static void test_init_installs_wiping_allocator(void **state)
{
	json_malloc_t m;
	json_free_t f;
	struct ebb_error err;

	(void)state;
	assert_int_equal(ebb_crypto_init(&err), EBB_OK); /* again: a no-op */
	json_get_alloc_funcs(&m, &f);
	assert_true(m != malloc);
	assert_true(f != free);

	/* and JSON still works through it */
	json_t *j = json_pack("{s:s}", "note", "still works");
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "note")), "still works");
	json_decref(j);
}

/* ---------------------------------------------------------------------- */
/* AEAD seal / open                                                        */

static void test_seal_open_round_trip(void **state)
{
	static const size_t lens[] = {0, 1, 15, 16, 17, 100, 4096};
	uint8_t key[EBB_KEY_BYTES];
	static const uint8_t ad[] = "ebb-rec-v1 some associated data";

	(void)state;
	ebb_random(key, sizeof(key));
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t n = lens[i];
		uint8_t *msg = malloc(n + 1), *box = malloc(n + EBB_SEAL_OVERHEAD),
		        *out = malloc(n + 1);

		assert_non_null(msg);
		assert_non_null(box);
		assert_non_null(out);
		ebb_random(msg, n);
		ebb_seal(box, msg, n, ad, sizeof(ad), key);
		assert_true(ebb_open(out, box, n + EBB_SEAL_OVERHEAD, ad, sizeof(ad), key));
		if (n)
			assert_memory_equal(out, msg, n);
		/* the message is not in the sealed bytes */
		if (n >= 16)
			assert_null(memmem(box, n + EBB_SEAL_OVERHEAD, msg, n));
		free(msg);
		free(box);
		free(out);
	}
}

/* Every seal uses a fresh nonce: the same record written twice never
 * produces the same bytes. */
static void test_seal_uses_fresh_nonce(void **state)
{
	uint8_t key[EBB_KEY_BYTES];
	static const uint8_t msg[] = "{\"intensity\":7}";
	uint8_t a[sizeof(msg) + EBB_SEAL_OVERHEAD], b[sizeof(msg) + EBB_SEAL_OVERHEAD];

	(void)state;
	ebb_random(key, sizeof(key));
	ebb_seal(a, msg, sizeof(msg), NULL, 0, key);
	ebb_seal(b, msg, sizeof(msg), NULL, 0, key);
	assert_memory_not_equal(a, b, EBB_NONCE_BYTES);
	assert_memory_not_equal(a + EBB_NONCE_BYTES, b + EBB_NONCE_BYTES,
	                        sizeof(a) - EBB_NONCE_BYTES);
}

/* Flipping any single bit of nonce, ciphertext or tag makes open fail. */
static void test_open_rejects_every_flipped_bit(void **state)
{
	uint8_t key[EBB_KEY_BYTES];
	static const uint8_t msg[] = "I miss the way we laughed in the car";
	static const uint8_t ad[] = "associated";
	uint8_t box[sizeof(msg) + EBB_SEAL_OVERHEAD], out[sizeof(msg)];

	(void)state;
	ebb_random(key, sizeof(key));
	ebb_seal(box, msg, sizeof(msg), ad, sizeof(ad), key);
	for (size_t byte = 0; byte < sizeof(box); byte++) {
		for (int bit = 0; bit < 8; bit++) {
			box[byte] ^= (uint8_t)(1u << bit);
			if (ebb_open(out, box, sizeof(box), ad, sizeof(ad), key))
				fail_msg("open accepted a flipped bit %d of byte %zu (%s)", bit,
				         byte,
				         byte < EBB_NONCE_BYTES               ? "nonce"
				         : byte < sizeof(box) - EBB_MAC_BYTES ? "ciphertext"
				                                              : "tag");
			box[byte] ^= (uint8_t)(1u << bit);
		}
	}
	/* untouched, it still opens */
	assert_true(ebb_open(out, box, sizeof(box), ad, sizeof(ad), key));
	assert_memory_equal(out, msg, sizeof(msg));
}

static void test_open_rejects_other_ad_key_or_length(void **state)
{
	uint8_t key[EBB_KEY_BYTES], other[EBB_KEY_BYTES];
	static const uint8_t msg[] = "a reason I left";
	uint8_t ad[32], box[sizeof(msg) + EBB_SEAL_OVERHEAD], out[sizeof(msg) + 1];

	(void)state;
	ebb_random(key, sizeof(key));
	memcpy(other, key, sizeof(key));
	other[31] ^= 1;
	ebb_random(ad, sizeof(ad));
	ebb_seal(box, msg, sizeof(msg), ad, sizeof(ad), key);
	assert_true(ebb_open(out, box, sizeof(box), ad, sizeof(ad), key));

	/* wrong key */
	assert_false(ebb_open(out, box, sizeof(box), ad, sizeof(ad), other));
	/* different associated data: one bit, shorter, longer, none */
	for (size_t i = 0; i < sizeof(ad); i++) {
		ad[i] ^= 0x80;
		assert_false(ebb_open(out, box, sizeof(box), ad, sizeof(ad), key));
		ad[i] ^= 0x80;
	}
	assert_false(ebb_open(out, box, sizeof(box), ad, sizeof(ad) - 1, key));
	assert_false(ebb_open(out, box, sizeof(box), NULL, 0, key));
	/* truncated, or shorter than nonce and tag: refused without reading past the end */
	assert_false(ebb_open(out, box, sizeof(box) - 1, ad, sizeof(ad), key));
	assert_false(ebb_open(out, box, EBB_SEAL_OVERHEAD - 1, ad, sizeof(ad), key));
	assert_false(ebb_open(out, box, 0, ad, sizeof(ad), key));
}

/* ---------------------------------------------------------------------- */
/* Sealed boxes (the inbox)                                                */

static void test_box_seal_round_trip(void **state)
{
	static const uint8_t msg[] = "{\"kind\":\"checkin\",\"body\":{\"intensity\":4}}";
	uint8_t box[sizeof(msg) + EBB_BOXSEAL_BYTES], out[sizeof(msg)], pk[EBB_KEY_BYTES];
	struct ebb_keys *k = ebb_keys_new(NULL);
	struct ebb_error err;

	(void)state;
	assert_non_null(k);
	ebb_keys_public(pk, k);
	assert_memory_equal(pk, k->box_pk, EBB_KEY_BYTES);
	assert_int_equal(ebb_box_seal(box, msg, sizeof(msg), pk, &err), EBB_OK);
	assert_null(memmem(box, sizeof(box), "checkin", 7));
	assert_true(ebb_box_open(out, box, sizeof(box), k));
	assert_memory_equal(out, msg, sizeof(msg));

	/* an empty message too */
	assert_int_equal(ebb_box_seal(box, msg, 0, pk, &err), EBB_OK);
	assert_true(ebb_box_open(out, box, EBB_BOXSEAL_BYTES, k));
	ebb_keys_free(k);
}

static void test_box_open_rejects_tamper_and_other_keys(void **state)
{
	static const uint8_t msg[] = "written while locked";
	uint8_t box[sizeof(msg) + EBB_BOXSEAL_BYTES], out[sizeof(msg)];
	struct ebb_keys *k = ebb_keys_new(NULL), *other = ebb_keys_new(NULL);
	struct ebb_error err;

	(void)state;
	assert_non_null(k);
	assert_non_null(other);
	assert_int_equal(ebb_box_seal(box, msg, sizeof(msg), k->box_pk, &err), EBB_OK);
	for (size_t byte = 0; byte < sizeof(box); byte++) {
		for (int bit = 0; bit < 8; bit++) {
			box[byte] ^= (uint8_t)(1u << bit);
			if (ebb_box_open(out, box, sizeof(box), k))
				fail_msg("box_open accepted a flipped bit %d of byte %zu", bit,
				         byte);
			box[byte] ^= (uint8_t)(1u << bit);
		}
	}
	assert_false(ebb_box_open(out, box, sizeof(box), other));
	assert_false(ebb_box_open(out, box, sizeof(box) - 1, k));
	assert_false(ebb_box_open(out, box, EBB_BOXSEAL_BYTES - 1, k));
	assert_true(ebb_box_open(out, box, sizeof(box), k));
	ebb_keys_free(k);
	ebb_keys_free(other);
}

/* ---------------------------------------------------------------------- */
/* Key derivation parameters                                               */

static void expect_kdf_corrupt(const struct ebb_kdf *k, const char *what)
{
	struct ebb_error err;

	ebb_error_clear(&err);
	if (ebb_kdf_check(k, &err) != EBB_ERR_CORRUPT)
		fail_msg("kdf_check accepted %s", what);
	assert_int_equal(err.code, EBB_ERR_CORRUPT);
	assert_true(strlen(err.msg) > 0);
}

static void expect_kdf_ok(const struct ebb_kdf *k, const char *what)
{
	struct ebb_error err;

	if (ebb_kdf_check(k, &err) != EBB_OK)
		fail_msg("kdf_check refused %s: %s", what, err.msg);
}

static void test_kdf_check_floors_and_ceilings(void **state)
{
	struct ebb_kdf k, base;

	(void)state;
	ebb_kdf_default(&base, EBB_KDF_INTERACTIVE);
	expect_kdf_ok(&base, "the interactive level");
	ebb_kdf_default(&k, EBB_KDF_MODERATE);
	expect_kdf_ok(&k, "the moderate level");

	/* passes: floor 2, ceiling 16 */
	k = base;
	k.ops = 1;
	expect_kdf_corrupt(&k, "ops 1");
	k.ops = 0;
	expect_kdf_corrupt(&k, "ops 0");
	k.ops = 2;
	expect_kdf_ok(&k, "ops 2");
	k.ops = 16;
	expect_kdf_ok(&k, "ops 16");
	k.ops = 17;
	expect_kdf_corrupt(&k, "ops 17");
	k.ops = UINT64_MAX;
	expect_kdf_corrupt(&k, "ops 2^64-1");

	/* memory: floor 64 MiB, ceiling 4 GiB */
	k = base;
	k.mem = (64ull << 20) - 1;
	expect_kdf_corrupt(&k, "mem 64 MiB - 1");
	k.mem = 0;
	expect_kdf_corrupt(&k, "mem 0");
	k.mem = 64ull << 20;
	expect_kdf_ok(&k, "mem 64 MiB");
	k.mem = 4ull << 30;
	expect_kdf_ok(&k, "mem 4 GiB");
	k.mem = (4ull << 30) + 1;
	expect_kdf_corrupt(&k, "mem 4 GiB + 1");
	k.mem = UINT64_MAX;
	expect_kdf_corrupt(&k, "mem 2^64-1");

	/* another algorithm */
	k = base;
	k.alg = crypto_pwhash_ALG_ARGON2I13;
	expect_kdf_corrupt(&k, "Argon2i");
	k.alg = 0;
	expect_kdf_corrupt(&k, "alg 0");
	k.alg = 0xffffffffu;
	expect_kdf_corrupt(&k, "alg 2^32-1");
}

static void test_kdf_default_levels_and_fresh_salt(void **state)
{
	struct ebb_kdf a, b;

	(void)state;
	ebb_kdf_default(&a, EBB_KDF_INTERACTIVE);
	ebb_kdf_default(&b, EBB_KDF_INTERACTIVE);
	assert_int_equal(a.ops, 2);
	assert_int_equal(a.mem, 64ull << 20);
	assert_int_equal(a.alg, crypto_pwhash_ALG_ARGON2ID13);
	assert_memory_not_equal(a.salt, b.salt, EBB_SALT_BYTES);
	ebb_kdf_default(&a, EBB_KDF_MODERATE);
	assert_int_equal(a.ops, 3);
	assert_int_equal(a.mem, 256ull << 20);
	assert_int_equal(a.alg, crypto_pwhash_ALG_ARGON2ID13);
}

/* The same passphrase and parameters give the same key; anything else
 * another; refused parameters are refused before any work is done. */
static void test_kdf_derive(void **state)
{
	struct ebb_kdf k, k2;
	uint8_t *a = ebb_secret_alloc(EBB_KEY_BYTES), *b = ebb_secret_alloc(EBB_KEY_BYTES);
	struct ebb_error err;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	ebb_kdf_default(&k, EBB_KDF_INTERACTIVE);
	assert_int_equal(ebb_kdf_derive(a, PASS, strlen(PASS), &k, &err), EBB_OK);
	assert_int_equal(ebb_kdf_derive(b, PASS, strlen(PASS), &k, &err), EBB_OK);
	assert_true(ebb_secret_equal(a, b, EBB_KEY_BYTES));

	/* one character more */
	assert_int_equal(ebb_kdf_derive(b, PASS, strlen(PASS) - 1, &k, &err), EBB_OK);
	assert_false(ebb_secret_equal(a, b, EBB_KEY_BYTES));

	/* another salt */
	k2 = k;
	k2.salt[0] ^= 1;
	assert_int_equal(ebb_kdf_derive(b, PASS, strlen(PASS), &k2, &err), EBB_OK);
	assert_false(ebb_secret_equal(a, b, EBB_KEY_BYTES));

	/* a tampered file asking for 1 TiB is refused at once */
	k2 = k;
	k2.mem = 1ull << 40;
	assert_int_equal(ebb_kdf_derive(b, PASS, strlen(PASS), &k2, &err), EBB_ERR_CORRUPT);
	ebb_secret_free(a);
	ebb_secret_free(b);
}

/* ---------------------------------------------------------------------- */
/* Keys                                                                    */

static void test_key_commitment(void **state)
{
	uint8_t key[EBB_KEY_BYTES], key2[EBB_KEY_BYTES], id[EBB_ID_BYTES], id2[EBB_ID_BYTES];
	uint8_t c1[32], c2[32];

	(void)state;
	ebb_random(key, sizeof(key));
	ebb_random(id, sizeof(id));
	memcpy(key2, key, sizeof(key));
	key2[0] ^= 1;
	memcpy(id2, id, sizeof(id));
	id2[15] ^= 1;

	ebb_key_commitment(c1, key, id);
	ebb_key_commitment(c2, key, id);
	assert_memory_equal(c1, c2, 32); /* deterministic */
	ebb_key_commitment(c2, key2, id);
	assert_memory_not_equal(c1, c2, 32); /* per key */
	ebb_key_commitment(c2, key, id2);
	assert_memory_not_equal(c1, c2, 32); /* per vault id */
	/* and it does not reveal the key */
	assert_null(memmem(c1, 32, key, 8));
}

static void test_keys_derivation(void **state)
{
	struct ebb_keys *a = ebb_keys_new(NULL), *b, *c;
	uint8_t other[EBB_KEY_BYTES];

	(void)state;
	assert_non_null(a);
	b = ebb_keys_new(a->vault);
	assert_non_null(b);
	/* the same vault key derives the same record and inbox keys */
	assert_memory_equal(a->vault, b->vault, EBB_KEY_BYTES);
	assert_memory_equal(a->record, b->record, EBB_KEY_BYTES);
	assert_memory_equal(a->box_pk, b->box_pk, EBB_KEY_BYTES);
	assert_memory_equal(a->box_sk, b->box_sk, EBB_KEY_BYTES);
	/* derived keys are not the vault key itself, nor each other */
	assert_memory_not_equal(a->record, a->vault, EBB_KEY_BYTES);
	assert_memory_not_equal(a->box_sk, a->vault, EBB_KEY_BYTES);
	assert_memory_not_equal(a->box_sk, a->record, EBB_KEY_BYTES);

	/* another vault key derives other keys */
	memcpy(other, a->vault, sizeof(other));
	other[7] ^= 0x10;
	c = ebb_keys_new(other);
	assert_non_null(c);
	assert_memory_not_equal(a->record, c->record, EBB_KEY_BYTES);
	assert_memory_not_equal(a->box_pk, c->box_pk, EBB_KEY_BYTES);
	ebb_keys_free(c);

	/* fresh random vault keys differ */
	c = ebb_keys_new(NULL);
	assert_non_null(c);
	assert_memory_not_equal(a->vault, c->vault, EBB_KEY_BYTES);
	ebb_keys_free(c);
	ebb_keys_free(b);
	ebb_keys_free(a);
	ebb_keys_free(NULL); /* accepted */
}

static void test_secret_equal(void **state)
{
	uint8_t a[32], b[32];

	(void)state;
	ebb_random(a, sizeof(a));
	memcpy(b, a, sizeof(a));
	assert_true(ebb_secret_equal(a, b, sizeof(a)));
	b[31] ^= 1;
	assert_false(ebb_secret_equal(a, b, sizeof(a)));
	ebb_secret_free(NULL);
}

/* ---------------------------------------------------------------------- */
/* UUIDv7 ids                                                              */

static void test_uuid7_layout(void **state)
{
	static const int64_t times[] = {0, 1, 1772654400123, (INT64_C(1) << 48) - 1};
	uint8_t id[EBB_ID_BYTES], id2[EBB_ID_BYTES];

	(void)state;
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		for (int n = 0; n < 64; n++) {
			ebb_uuid7(id, times[i]);
			assert_uuid7_bits(id);
			assert_int_equal(id_ms(id), times[i]);
		}
	}
	/* the rest is random */
	ebb_uuid7(id, 1772654400123);
	ebb_uuid7(id2, 1772654400123);
	assert_memory_not_equal(id + 6, id2 + 6, EBB_ID_BYTES - 6);
	/* a later millisecond sorts after */
	ebb_uuid7(id2, 1772654400124);
	assert_true(memcmp(id, id2, EBB_ID_BYTES) < 0);
}

/* Ids a vault hands out are strictly increasing even when many are made
 * within one millisecond, and carry (about) the current time. */
static void test_vault_ids_strictly_increasing(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	uint8_t prev[EBB_ID_BYTES], id[EBB_ID_BYTES];
	int64_t before, after;
	enum { N = 5000 };

	if (ebb_vault_create(&f->v, f->path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err) !=
	    EBB_OK)
		fail_msg("create: %s", err.msg);
	before = now_ms();
	ebb_vault_new_id(f->v, prev);
	assert_uuid7_bits(prev);
	for (int i = 1; i < N; i++) {
		ebb_vault_new_id(f->v, id);
		assert_uuid7_bits(id);
		if (memcmp(prev, id, EBB_ID_BYTES) >= 0) {
			char a[EBB_ID_STR], b[EBB_ID_STR];
			ebb_id_format(a, prev);
			ebb_id_format(b, id);
			fail_msg("id %d (%s) does not sort after %s", i, b, a);
		}
		memcpy(prev, id, sizeof(id));
	}
	after = now_ms();
	/* 5000 ids are made in far less than 5000 ms: the clock is followed */
	assert_in_range(id_ms(prev), (uint64_t)before, (uint64_t)(after + N));
}

static void test_id_format_parse_round_trip(void **state)
{
	uint8_t id[EBB_ID_BYTES], back[EBB_ID_BYTES];
	char s[EBB_ID_STR], upper[EBB_ID_STR];

	(void)state;
	for (int n = 0; n < 200; n++) {
		ebb_uuid7(id, 1772654400000 + n);
		ebb_id_format(s, id);
		assert_int_equal(strlen(s), 36);
		for (int i = 0; i < 36; i++) {
			if (i == 8 || i == 13 || i == 18 || i == 23)
				assert_int_equal(s[i], '-');
			else
				assert_non_null(strchr("0123456789abcdef", s[i]));
		}
		assert_int_equal(s[14], '7');
		assert_true(ebb_id_parse(back, s));
		assert_memory_equal(back, id, EBB_ID_BYTES);
		/* either case parses to the same id */
		for (int i = 0; i < EBB_ID_STR; i++)
			upper[i] = (char)(s[i] >= 'a' && s[i] <= 'f' ? s[i] - 32 : s[i]);
		memset(back, 0, sizeof(back));
		assert_true(ebb_id_parse(back, upper));
		assert_memory_equal(back, id, EBB_ID_BYTES);
	}
	/* a known value */
	static const uint8_t known[EBB_ID_BYTES] = {0x01, 0x9c, 0xba, 0x1e, 0x00, 0xff, 0x7a, 0xbc,
	                                            0x8d, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab};
	ebb_id_format(s, known);
	assert_string_equal(s, "019cba1e-00ff-7abc-8def-0123456789ab");
}

static void test_id_parse_rejects_malformed(void **state)
{
	static const char *const bad[] = {
	    "",
	    "019cba1e",
	    "019cba1e-00ff-7abc-8def-0123456789a",   /* 35 characters */
	    "019cba1e-00ff-7abc-8def-0123456789abc", /* 37 */
	    "019cba1e-00ff-7abc-8def-0123456789ab ", /* trailing space */
	    " 019cba1e-00ff-7abc-8def-0123456789a",
	    "019cba1e00ff-7abc-8def-0123456789abcd", /* dash missing */
	    "019cba1e-00ff7abc-8def-0123456789abcd",
	    "019cba1e-00ff-7abc8def-0123456789abcd",
	    "019cba1e-00ff-7abc-8def0123456789abcde",
	    "019cba1-e00ff-7abc-8def-0123456789ab", /* dash moved */
	    "019cba1e-00ff-7abc-8def-0123456789ag", /* not hex */
	    "g19cba1e-00ff-7abc-8def-0123456789ab",
	    "019cba1e-00ff-7abc-8dxf-0123456789ab",
	    "019cba1e_00ff_7abc_8def_0123456789ab",
	    "{019cba1e-00ff-7abc-8def-0123456789ab}",
	    "019cba1e-00ff-7abc-8def-0123456789ab\n",
	    "+19cba1e-00ff-7abc-8def-0123456789ab",
	    "019cba1e-00ff-7abc-8def-01234567 9ab",
	    "------------------------------------",
	};
	uint8_t out[EBB_ID_BYTES], saved[EBB_ID_BYTES];

	(void)state;
	ebb_random(out, sizeof(out));
	memcpy(saved, out, sizeof(out));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ebb_id_parse(out, bad[i]))
			fail_msg("ebb_id_parse accepted \"%s\"", bad[i]);
		/* and the output is left alone */
		assert_memory_equal(out, saved, sizeof(out));
	}
	/* a string cut short right after a pair of digits is not over-read */
	char *cut = malloc(5);
	assert_non_null(cut);
	memcpy(cut, "019c", 5);
	assert_false(ebb_id_parse(out, cut));
	free(cut);
}

int main(void)
{
	struct ebb_error err;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_installs_wiping_allocator),
	    cmocka_unit_test(test_seal_open_round_trip),
	    cmocka_unit_test(test_seal_uses_fresh_nonce),
	    cmocka_unit_test(test_open_rejects_every_flipped_bit),
	    cmocka_unit_test(test_open_rejects_other_ad_key_or_length),
	    cmocka_unit_test(test_box_seal_round_trip),
	    cmocka_unit_test(test_box_open_rejects_tamper_and_other_keys),
	    cmocka_unit_test(test_kdf_check_floors_and_ceilings),
	    cmocka_unit_test(test_kdf_default_levels_and_fresh_salt),
	    cmocka_unit_test(test_kdf_derive),
	    cmocka_unit_test(test_key_commitment),
	    cmocka_unit_test(test_keys_derivation),
	    cmocka_unit_test(test_secret_equal),
	    cmocka_unit_test(test_uuid7_layout),
	    cmocka_unit_test_setup_teardown(test_vault_ids_strictly_increasing, setup_dir,
	                                    teardown_dir),
	    cmocka_unit_test(test_id_format_parse_round_trip),
	    cmocka_unit_test(test_id_parse_rejects_malformed),
	};

	if (ebb_crypto_init(&err) != EBB_OK) {
		fprintf(stderr, "ebb_crypto_init: %s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests_name("crypto", tests, NULL, NULL);
}
