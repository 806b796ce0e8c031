/*
 * store.c — SQLite file, pragmas, schema and migrations. See store.h.
 *
 * The schema (format 2; format 1 lacked the index records_kind_at):
 *   meta(key, value)   clear metadata: vault id, KDF parameters and salt,
 *                      the wrapped vault key, its key commitment, the inbox
 *                      public key, the creation time
 *   records            one row per revision of a record; only id, kind,
 *                      time, offset, rev and the deleted flag are in clear;
 *                      body is nonce || XChaCha20-Poly1305 ciphertext
 *   inbox              sealed boxes written while the vault was locked
 */
#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

/* migrations[n] takes a vault from format n-1 to format n. */
static const char *const migrations[] = {
    NULL,
    /* 1: the first format */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE records("
    " id BLOB NOT NULL CHECK(length(id) = 16),"
    " rev INTEGER NOT NULL CHECK(rev >= 1),"
    " kind TEXT NOT NULL,"
    " at INTEGER NOT NULL,"
    " utc_offset INTEGER NOT NULL,"
    " deleted INTEGER NOT NULL DEFAULT 0 CHECK(deleted IN (0, 1)),"
    " body BLOB,"
    " PRIMARY KEY(id, rev)) WITHOUT ROWID;"
    "CREATE INDEX records_at ON records(at, id);"
    "CREATE TABLE inbox(seq INTEGER PRIMARY KEY, sealed BLOB NOT NULL);",
    /* 2: reading one kind (check-ins for the waves, the few hard dates)
     * no longer visits every other record */
    "CREATE INDEX records_kind_at ON records(kind, at, id);",
};

enum ebb_status ebb_store_fail(sqlite3 *db, int rc, const char *what, struct ebb_error *err)
{
	const char *detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	int sys = db ? sqlite3_system_errno(db) : 0;

	/* SQLite reports a full or read-only disk met while growing its -shm or
	 * -wal file as a plain I/O error; the system's errno says what it was */
	if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN) {
		if (sys == ENOSPC || sys == EDQUOT)
			rc = SQLITE_FULL;
		else if (sys == EROFS)
			rc = SQLITE_READONLY;
	}
	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory while %s", what);
	case SQLITE_FULL:
		return ebb_error_set(err, EBB_ERR_IO,
		                     "the disk is full while %s: nothing was changed", what);
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return ebb_error_set(err, EBB_ERR_IO, "cannot write the vault while %s: %s", what,
		                     detail);
	case SQLITE_IOERR:
		return ebb_error_set(err, EBB_ERR_IO, "the disk reported an error while %s: %s",
		                     what, detail);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ebb_error_set(err, EBB_ERR_BUSY,
		                     "the vault stayed busy while %s; try again in a moment", what);
	case SQLITE_NOTADB:
		return ebb_error_set(err, EBB_ERR_NOTVAULT, "this file is not an ebb vault");
	case SQLITE_CORRUPT:
		return ebb_error_set(err, EBB_ERR_CORRUPT, "the vault file is damaged (%s)",
		                     detail);
	default:
		return ebb_error_set(err, EBB_ERR_INTERNAL, "database error while %s: %s", what,
		                     detail);
	}
}

static enum ebb_status exec(sqlite3 *db, const char *sql, const char *what, struct ebb_error *err)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? EBB_OK : ebb_store_fail(db, rc, what, err);
}

/* Reads an integer pragma such as application_id. */
static enum ebb_status pragma_int(sqlite3 *db, const char *sql, int64_t *out, struct ebb_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? EBB_OK : ebb_store_fail(db, rc, "reading the vault", err);
}

enum ebb_status ebb_store_begin(sqlite3 *db, struct ebb_error *err)
{
	return exec(db, "BEGIN IMMEDIATE", "starting a change", err);
}

enum ebb_status ebb_store_commit(sqlite3 *db, struct ebb_error *err)
{
	enum ebb_status rc = exec(db, "COMMIT", "saving", err);

	if (rc != EBB_OK)
		ebb_store_rollback(db);
	return rc;
}

void ebb_store_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

/* Brings a vault at format from up to EBB_FORMAT in one transaction. */
static enum ebb_status migrate(sqlite3 *db, int64_t from, struct ebb_error *err)
{
	enum ebb_status rc = ebb_store_begin(db, err);
	char sql[96];

	if (rc != EBB_OK)
		return rc;
	for (int64_t v = from + 1; v <= EBB_FORMAT && rc == EBB_OK; v++)
		rc = exec(db, migrations[v], "updating the vault format", err);
	if (rc == EBB_OK) {
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = %d;",
		         EBB_APP_ID, EBB_FORMAT);
		rc = exec(db, sql, "updating the vault format", err);
	}
	if (rc != EBB_OK) {
		ebb_store_rollback(db);
		return rc;
	}
	return ebb_store_commit(db, err);
}

/* true when the file system holding path is mounted read-only */
static bool read_only_fs(const char *path)
{
	struct statvfs fs;

	return statvfs(path, &fs) == 0 && (fs.f_flag & ST_RDONLY);
}

/* Opens path read-only as an immutable database through a file: URI. */
static enum ebb_status open_immutable(sqlite3 **db, const char *path, struct ebb_error *err)
{
	static const char hex[] = "0123456789ABCDEF";
	char uri[PATH_MAX * 3 + 32];
	size_t n = 0;
	int src;

	memcpy(uri, "file:", 5);
	n = 5;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (n + 4 >= sizeof(uri) - 16)
			return ebb_error_set(err, EBB_ERR_INVALID, "the vault path is too long");
		if (*p == '?' || *p == '#' || *p == '%' || *p < 0x21) {
			uri[n++] = '%';
			uri[n++] = hex[*p >> 4];
			uri[n++] = hex[*p & 15];
		} else {
			uri[n++] = (char)*p;
		}
	}
	memcpy(uri + n, "?immutable=1", sizeof("?immutable=1"));
	src = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
	                      NULL);
	if (src != SQLITE_OK)
		return ebb_store_fail(*db, src, "opening the vault", err);
	return EBB_OK;
}

enum ebb_status ebb_store_open(sqlite3 **out, const char *path, bool create, struct ebb_error *err)
{
	sqlite3 *db = NULL;
	struct stat sb;
	int64_t app = 0, version = 0;
	enum ebb_status rc;
	int src;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return ebb_error_set(err, EBB_ERR_NOVAULT, "no vault at %s", path);
		return ebb_error_set(err, EBB_ERR_IO, "cannot read %s: %s", path, strerror(errno));
	}
	if (!S_ISREG(sb.st_mode))
		return ebb_error_set(err, EBB_ERR_NOTVAULT, "%s is not an ebb vault", path);

	if (!create && read_only_fs(path)) {
		/* on read-only media SQLite cannot make the -shm file a WAL
		 * vault needs; nobody can be writing there, so read it as an
		 * immutable file (every write then fails as read-only) */
		rc = open_immutable(&db, path, err);
		if (rc != EBB_OK)
			goto fail;
		src = SQLITE_OK;
	} else {
		/* one thread at a time (store.h): SQLite's locking of each call
		 * would cost about a twentieth of reading ten years of check-ins */
		src = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	}
	if (src != SQLITE_OK) {
		rc = ebb_store_fail(db, src, "opening the vault", err);
		goto fail;
	}
	sqlite3_extended_result_codes(db, 0);
	sqlite3_busy_timeout(db, EBB_BUSY_MS);

	rc = pragma_int(db, "PRAGMA application_id", &app, err);
	if (rc == EBB_OK)
		rc = pragma_int(db, "PRAGMA user_version", &version, err);
	if (rc != EBB_OK) {
		if (rc == EBB_ERR_NOTVAULT || rc == EBB_ERR_CORRUPT)
			rc = ebb_error_set(err, EBB_ERR_NOTVAULT, "%s is not an ebb vault", path);
		goto fail;
	}
	if (create) {
		if (app != 0 || version != 0 || sb.st_size != 0) {
			rc = ebb_error_set(err, EBB_ERR_EXISTS, "%s already exists", path);
			goto fail;
		}
	} else {
		if (app != EBB_APP_ID || version < 1) {
			rc = ebb_error_set(err, EBB_ERR_NOTVAULT, "%s is not an ebb vault", path);
			goto fail;
		}
		if (version > EBB_FORMAT) {
			rc = ebb_error_set(
			    err, EBB_ERR_NEWER,
			    "this vault was written by a newer ebb (format %lld; this "
			    "ebb reads up to %d): update ebb to open it",
			    (long long)version, EBB_FORMAT);
			goto fail;
		}
	}

	/* a new vault is built in rollback mode and switched to WAL at the end
	 * (ebb_store_finish_create), so nothing it holds lives in a -wal file */
	rc = sqlite3_db_readonly(db, "main") == 1
	         ? EBB_OK
	         : exec(db,
	                create ? "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;"
	                       : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	                         " PRAGMA secure_delete = ON;",
	                "opening the vault", err);
	if (rc != EBB_OK)
		goto fail;
	if (version < EBB_FORMAT) {
		rc = migrate(db, version, err);
		if (rc != EBB_OK)
			goto fail;
	}
	*out = db;
	return EBB_OK;
fail:
	sqlite3_close_v2(db);
	return rc;
}

enum ebb_status ebb_store_finish_create(sqlite3 *db, struct ebb_error *err)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	bool wal = false;

	if (src == SQLITE_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *mode = sqlite3_column_text(st, 0);
		wal = mode && strcmp((const char *)mode, "wal") == 0;
		src = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (src != SQLITE_OK)
		return ebb_store_fail(db, src, "creating the vault", err);
	if (!wal)
		return ebb_error_set(err, EBB_ERR_IO,
		                     "the vault could not be switched to its journal mode");
	return EBB_OK;
}

void ebb_store_close(sqlite3 *db)
{
	sqlite3_close_v2(db);
}

enum ebb_status ebb_store_meta_get(sqlite3 *db, const char *key, void *out, size_t cap, size_t *len,
                                   struct ebb_error *err)
{
	sqlite3_stmt *st = NULL;
	enum ebb_status rc = EBB_OK;
	int src = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL);

	if (src != SQLITE_OK)
		return ebb_store_fail(db, src, "reading the vault", err);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		if (n > cap) {
			rc =
			    ebb_error_set(err, EBB_ERR_CORRUPT, "the vault's %s is malformed", key);
		} else {
			if (n)
				memcpy(out, sqlite3_column_blob(st, 0), n);
			*len = n;
		}
	} else if (src == SQLITE_DONE) {
		rc = ebb_error_set(err, EBB_ERR_CORRUPT, "the vault has no %s", key);
	} else {
		rc = ebb_store_fail(db, src, "reading the vault", err);
	}
	sqlite3_finalize(st);
	return rc;
}

enum ebb_status ebb_store_meta_put(sqlite3 *db, const char *key, const void *val, size_t len,
                                   struct ebb_error *err)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", -1,
	                             &st, NULL);

	if (src == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 2, val, (int)len, SQLITE_STATIC);
		src = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE && src != SQLITE_OK)
		return ebb_store_fail(db, src, "saving", err);
	return EBB_OK;
}
