/*
 * vault.h — one encrypted ebb vault: create, open, unlock, lock, change the
 * passphrase, and fold the inbox of entries written while it was locked.
 *
 * A struct ebb_vault is open (the file is attached) and either locked (no
 * key in memory: it can only append sealed entries to the inbox) or
 * unlocked (the vault key and its derived keys in sodium_malloc memory).
 * Nothing here prints or exits; all state hangs off the struct, so two
 * vaults can be open in one process.
 */
#ifndef EBB_VAULT_H
#define EBB_VAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "error.h"

struct ebb_vault;

/*
 * The default vault path: $EBB_VAULT, else $XDG_DATA_HOME/ebb/vault.ebb,
 * else $HOME/.local/share/ebb/vault.ebb. Writes into out (size bytes).
 * EBB_ERR_INVALID when neither XDG_DATA_HOME nor HOME is set or the path
 * does not fit.
 */
enum ebb_status ebb_vault_default_path(char *out, size_t size, struct ebb_error *err);

/*
 * Creates a new vault at path protected by pass and returns it unlocked.
 * The parent directory is created with mode 0700 when missing; the file is
 * created with mode 0600 and appears at path only when complete (an
 * existing file is never replaced: EBB_ERR_EXISTS).
 */
enum ebb_status ebb_vault_create(struct ebb_vault **out, const char *path, const char *pass,
                                 size_t passlen, enum ebb_kdf_level level, struct ebb_error *err);

/* Opens an existing vault, locked. */
enum ebb_status ebb_vault_open(struct ebb_vault **out, const char *path, struct ebb_error *err);

/* Closes the vault, wiping any key. v may be NULL. */
void ebb_vault_close(struct ebb_vault *v);

/*
 * Unlocks with a passphrase: derives the wrapping key, unwraps the vault
 * key and checks its commitment. EBB_ERR_PASSPHRASE for a wrong passphrase;
 * the file is never written.
 */
enum ebb_status ebb_vault_unlock(struct ebb_vault *v, const char *pass, size_t passlen,
                                 struct ebb_error *err);

/*
 * Unlocks with a vault key kept from an earlier unlock (the keyring cache).
 * EBB_ERR_PASSPHRASE when the key's commitment does not match this vault.
 */
enum ebb_status ebb_vault_unlock_key(struct ebb_vault *v, const uint8_t key[EBB_KEY_BYTES],
                                     struct ebb_error *err);

/* Wipes the keys from memory; the vault stays open, locked. */
void ebb_vault_lock(struct ebb_vault *v);

bool ebb_vault_is_unlocked(const struct ebb_vault *v);

/* The vault key (EBB_KEY_BYTES, sodium memory) while unlocked, else NULL. */
const uint8_t *ebb_vault_key(const struct ebb_vault *v);

/* The vault's id, 16 bytes. */
const uint8_t *ebb_vault_id(const struct ebb_vault *v);

/* The path the vault was opened from. */
const char *ebb_vault_path(const struct ebb_vault *v);

/* The stored key-derivation parameters. */
const struct ebb_kdf *ebb_vault_kdf(const struct ebb_vault *v);

/*
 * Re-wraps the vault key under a new passphrase (new salt; parameters at
 * level) in one transaction. Needs the vault unlocked. Records are not
 * touched: the vault key does not change.
 */
enum ebb_status ebb_vault_passwd(struct ebb_vault *v, const char *newpass, size_t newlen,
                                 enum ebb_kdf_level level, struct ebb_error *err);

/*
 * Moves every inbox entry into the records, in one transaction, trusting
 * the kind and time sealed inside each entry. Needs the vault unlocked.
 * *folded (may be NULL) gets the number of entries moved. Entries that
 * cannot be opened or are malformed stay in the inbox, untouched; the good
 * ones are still moved and the call returns EBB_ERR_CORRUPT naming how many
 * were kept aside (reported, never silently dropped).
 */
enum ebb_status ebb_vault_fold(struct ebb_vault *v, size_t *folded, struct ebb_error *err);

/* Number of entries waiting in the inbox. */
enum ebb_status ebb_vault_inbox_count(struct ebb_vault *v, size_t *count, struct ebb_error *err);

/*
 * Groups the records added from ebb_vault_begin to ebb_vault_commit into
 * one transaction: one write to disk for all of them, and all or none
 * kept (ebb_vault_rollback, or closing the vault before the commit, drops
 * them). Meant for ebb_record_add and ebb_vault_mark_demo in bulk (ebb
 * demo); the calls that open their own transaction (update, delete, fold,
 * passwd) fail in between with EBB_ERR_INTERNAL.
 */
enum ebb_status ebb_vault_begin(struct ebb_vault *v, struct ebb_error *err);
enum ebb_status ebb_vault_commit(struct ebb_vault *v, struct ebb_error *err);
void ebb_vault_rollback(struct ebb_vault *v);

/*
 * Marks the vault as a demo (clear meta key "demo" = 1), so every face can
 * say that what it shows is made up. Works locked; inside the caller's
 * transaction when one is open (ebb_vault_begin), else in its own.
 */
enum ebb_status ebb_vault_mark_demo(struct ebb_vault *v, struct ebb_error *err);

/* true for a vault marked as a demo (read once, when it was opened). */
bool ebb_vault_is_demo(const struct ebb_vault *v);

/*
 * A number that changes whenever another connection (another ebb process)
 * has committed to the vault since this one last looked: SQLite's
 * data_version. This connection's own writes do not change it; a face that
 * caches what it read adds its own count of writes. Works locked.
 */
enum ebb_status ebb_vault_data_version(struct ebb_vault *v, uint64_t *out, struct ebb_error *err);

#endif
