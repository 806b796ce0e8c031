/*
 * vault_impl.h — the inside of struct ebb_vault, shared by vault.c and
 * record.c only. Faces see the struct as opaque.
 */
#ifndef EBB_VAULT_IMPL_H
#define EBB_VAULT_IMPL_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "crypto.h"

#define EBB_WRAPPED_BYTES (EBB_KEY_BYTES + EBB_SEAL_OVERHEAD)
#define EBB_KDF_BLOB      36 /* ops u64, mem u64, alg u32, salt 16: little-endian */

struct ebb_vault {
	sqlite3 *db;
	char *path;
	uint8_t id[EBB_ID_BYTES];
	struct ebb_kdf kdf;
	uint8_t wrapped[EBB_WRAPPED_BYTES];
	uint8_t commitment[32];
	uint8_t inbox_pk[EBB_KEY_BYTES];
	struct ebb_keys *keys; /* NULL while locked */
	int64_t last_ms;       /* last UUIDv7 millisecond handed out, keeps ids ordered */
	bool demo;             /* meta "demo" = 1: a made-up history (ebb demo) */
};

/* Serialises and seals body for (id, rev) and inserts the row. */
enum ebb_status ebb_record_write_rev(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES],
                                     uint32_t rev, const char *kind, int64_t at, int32_t offset,
                                     const json_t *body, bool ignore_existing, bool *added,
                                     struct ebb_error *err);

/* A new UUIDv7 for this vault, strictly after every id it handed out before. */
void ebb_vault_new_id(struct ebb_vault *v, uint8_t out[EBB_ID_BYTES]);

#endif
