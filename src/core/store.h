/*
 * store.h — the SQLite layer under the vault: opening the file with the
 * right pragmas, the schema and its forward migrations, the clear metadata
 * table, transactions, and turning SQLite's result codes into ebb's.
 *
 * Only the core includes this header. Invariants of an open store: WAL
 * journal, synchronous=FULL, secure_delete=ON, a busy timeout,
 * application_id EBB_APP_ID and user_version == EBB_FORMAT.
 *
 * A store (and the vault holding it) is used by one thread at a time: it is
 * opened without SQLite's own locking (SQLITE_OPEN_NOMUTEX). The web face
 * holds one mutex around everything it does with the vault.
 */
#ifndef EBB_STORE_H
#define EBB_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define EBB_APP_ID  0x45424221 /* "EBB!" in PRAGMA application_id */
#define EBB_FORMAT  2          /* schema version this ebb writes */
#define EBB_BUSY_MS 5000

/*
 * Opens the SQLite file at path. With create, the file must not exist and
 * is made with mode 0600 and the current schema; otherwise it must exist and
 * be an ebb vault of this format or an older one (older ones are migrated
 * forward in one transaction). Fills *out with the handle.
 */
enum ebb_status ebb_store_open(sqlite3 **out, const char *path, bool create, struct ebb_error *err);
/*
 * Ends the creation of a new store (opened with create) by switching it to
 * WAL; after it, closing leaves everything in the main file.
 */
enum ebb_status ebb_store_finish_create(sqlite3 *db, struct ebb_error *err);

/* Closes; db may be NULL. */
void ebb_store_close(sqlite3 *db);

/* Maps a SQLite failure to an ebb status and message; what says what ebb was doing. */
enum ebb_status ebb_store_fail(sqlite3 *db, int rc, const char *what, struct ebb_error *err);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Rollback never fails visibly. */
enum ebb_status ebb_store_begin(sqlite3 *db, struct ebb_error *err);
enum ebb_status ebb_store_commit(sqlite3 *db, struct ebb_error *err);
void ebb_store_rollback(sqlite3 *db);

/* Reads a meta blob into out, which holds cap bytes; *len gets its size.
 * EBB_ERR_CORRUPT when the key is missing or larger than cap. */
enum ebb_status ebb_store_meta_get(sqlite3 *db, const char *key, void *out, size_t cap, size_t *len,
                                   struct ebb_error *err);
/* Inserts or replaces a meta blob (inside the caller's transaction). */
enum ebb_status ebb_store_meta_put(sqlite3 *db, const char *key, const void *val, size_t len,
                                   struct ebb_error *err);

#endif
