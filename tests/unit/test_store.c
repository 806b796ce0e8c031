/*
 * test_store.c — unit tests for src/core/store.c: opening the SQLite file
 * (what is and is not a vault, newer formats), the pragmas that keep it
 * durable and private, the clear metadata, SQLite failures turned into
 * ebb's errors, and — in SQLite's own style — fault injection: a wrapper
 * VFS that makes the Nth write fail with SQLITE_FULL (or the Nth fsync
 * with SQLITE_IOERR_FSYNC), looped over N until the operation succeeds.
 *
 * What a person would notice if these broke: check-ins lost or half-written
 * when the disk fills up, "not an ebb vault" for a read-only disk, another
 * program's database changed by ebb, a vault from a newer ebb damaged.
 *
 * Every test has its own temp dir under /tmp (removed afterwards) and its
 * vault uses EBB_KDF_INTERACTIVE.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "record.h"
#include "store.h"
#include "vault.h"

static const char PASS[] = "correct horse battery staple";
static const char NEWPASS[] = "a new passphrase for a new year";

#define AT0 INT64_C(1772654400) /* 2026-03-04T20:00:00Z */

/* ---------------------------------------------------------------------- */
/* The fault-injecting VFS                                                 */

enum fault_mode { FAULT_WRITE, FAULT_SYNC };

/* Test-only global state: the VFS callbacks have no context pointer. */
static struct {
	sqlite3_vfs *orig; /* the default VFS we wrap */
	bool armed;
	enum fault_mode mode;
	long left;  /* operations that still succeed once armed */
	long fired; /* operations refused since armed */
} fault;

static sqlite3_vfs fault_vfs;

struct fault_file {
	sqlite3_file base;
	sqlite3_file *real; /* the wrapped file, stored right after this struct */
};

#define REAL(p) (((struct fault_file *)(p))->real)

static bool fault_fires(enum fault_mode mode)
{
	if (!fault.armed || fault.mode != mode)
		return false;
	if (fault.left > 0) {
		fault.left--;
		return false;
	}
	fault.fired++; /* the disk stays full: every later one fails too */
	return true;
}

static int ff_close(sqlite3_file *p)
{
	return REAL(p)->pMethods->xClose(REAL(p));
}

static int ff_read(sqlite3_file *p, void *buf, int n, sqlite3_int64 off)
{
	return REAL(p)->pMethods->xRead(REAL(p), buf, n, off);
}

static int ff_write(sqlite3_file *p, const void *buf, int n, sqlite3_int64 off)
{
	if (fault_fires(FAULT_WRITE))
		return SQLITE_FULL;
	return REAL(p)->pMethods->xWrite(REAL(p), buf, n, off);
}

static int ff_truncate(sqlite3_file *p, sqlite3_int64 size)
{
	return REAL(p)->pMethods->xTruncate(REAL(p), size);
}

static int ff_sync(sqlite3_file *p, int flags)
{
	if (fault_fires(FAULT_SYNC))
		return SQLITE_IOERR_FSYNC;
	return REAL(p)->pMethods->xSync(REAL(p), flags);
}

static int ff_file_size(sqlite3_file *p, sqlite3_int64 *size)
{
	return REAL(p)->pMethods->xFileSize(REAL(p), size);
}

static int ff_lock(sqlite3_file *p, int lock)
{
	return REAL(p)->pMethods->xLock(REAL(p), lock);
}

static int ff_unlock(sqlite3_file *p, int lock)
{
	return REAL(p)->pMethods->xUnlock(REAL(p), lock);
}

static int ff_check_reserved(sqlite3_file *p, int *out)
{
	return REAL(p)->pMethods->xCheckReservedLock(REAL(p), out);
}

static int ff_file_control(sqlite3_file *p, int op, void *arg)
{
	return REAL(p)->pMethods->xFileControl(REAL(p), op, arg);
}

static int ff_sector_size(sqlite3_file *p)
{
	return REAL(p)->pMethods->xSectorSize(REAL(p));
}

static int ff_device_characteristics(sqlite3_file *p)
{
	return REAL(p)->pMethods->xDeviceCharacteristics(REAL(p));
}

static int ff_shm_map(sqlite3_file *p, int page, int size, int extend, void volatile **out)
{
	return REAL(p)->pMethods->xShmMap(REAL(p), page, size, extend, out);
}

static int ff_shm_lock(sqlite3_file *p, int offset, int n, int flags)
{
	return REAL(p)->pMethods->xShmLock(REAL(p), offset, n, flags);
}

static void ff_shm_barrier(sqlite3_file *p)
{
	REAL(p)->pMethods->xShmBarrier(REAL(p));
}

static int ff_shm_unmap(sqlite3_file *p, int del)
{
	return REAL(p)->pMethods->xShmUnmap(REAL(p), del);
}

static int ff_fetch(sqlite3_file *p, sqlite3_int64 off, int n, void **out)
{
	return REAL(p)->pMethods->xFetch(REAL(p), off, n, out);
}

static int ff_unfetch(sqlite3_file *p, sqlite3_int64 off, void *ptr)
{
	return REAL(p)->pMethods->xUnfetch(REAL(p), off, ptr);
}

static const sqlite3_io_methods fault_io = {
    3,
    ff_close,
    ff_read,
    ff_write,
    ff_truncate,
    ff_sync,
    ff_file_size,
    ff_lock,
    ff_unlock,
    ff_check_reserved,
    ff_file_control,
    ff_sector_size,
    ff_device_characteristics,
    ff_shm_map,
    ff_shm_lock,
    ff_shm_barrier,
    ff_shm_unmap,
    ff_fetch,
    ff_unfetch,
};

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out)
{
	struct fault_file *f = (struct fault_file *)file;
	int rc;

	(void)vfs;
	f->real = (sqlite3_file *)(f + 1);
	memset(f->real, 0, (size_t)fault.orig->szOsFile);
	rc = fault.orig->xOpen(fault.orig, name, f->real, flags, out);
	/* SQLite calls xClose when pMethods is set, even after a failure */
	f->base.pMethods = f->real->pMethods ? &fault_io : NULL;
	return rc;
}

static int fv_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	(void)vfs;
	return fault.orig->xDelete(fault.orig, name, sync);
}

static int fv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return fault.orig->xAccess(fault.orig, name, flags, out);
}

static int fv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return fault.orig->xFullPathname(fault.orig, name, n, out);
}

static int fault_vfs_init(void **state)
{
	(void)state;
	fault.orig = sqlite3_vfs_find(NULL);
	if (fault.orig == NULL)
		return -1;
	fault_vfs = *fault.orig; /* time, randomness, sleep... as the original */
	fault_vfs.pNext = NULL;
	fault_vfs.zName = "ebb-fault";
	fault_vfs.szOsFile = (int)sizeof(struct fault_file) + fault.orig->szOsFile;
	fault_vfs.xOpen = fv_open;
	fault_vfs.xDelete = fv_delete;
	fault_vfs.xAccess = fv_access;
	fault_vfs.xFullPathname = fv_full_pathname;
	return sqlite3_vfs_register(&fault_vfs, 0) == SQLITE_OK ? 0 : -1;
}

static int fault_vfs_fini(void **state)
{
	(void)state;
	sqlite3_vfs_register(fault.orig, 1);
	sqlite3_vfs_unregister(&fault_vfs);
	return 0;
}

/* Makes the fault VFS (on) or the real one (off) the default. */
static void use_fault_vfs(bool on)
{
	fault.armed = false;
	assert_int_equal(sqlite3_vfs_register(on ? &fault_vfs : fault.orig, 1), SQLITE_OK);
}

static void fault_arm(enum fault_mode mode, long after)
{
	fault.mode = mode;
	fault.left = after;
	fault.fired = 0;
	fault.armed = true;
}

static long fault_disarm(void)
{
	fault.armed = false;
	return fault.fired;
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

struct fx {
	char dir[64];
	char path[PATH_MAX];
	char mnt[PATH_MAX]; /* a tmpfs mounted by the test, "" if none */
	struct ebb_vault *v;
	sqlite3 *db;
	uint8_t key[EBB_KEY_BYTES];
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
	snprintf(f->dir, sizeof(f->dir), "/tmp/ebb-store-XXXXXX");
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

	if (fault.orig)
		sqlite3_vfs_register(fault.orig, 1);
	fault.armed = false;
	ebb_vault_close(f->v);
	ebb_store_close(f->db);
	if (f->mnt[0])
		umount2(f->mnt, MNT_DETACH);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

#define EXPECT_OK(expr, err)                                                                       \
	do {                                                                                       \
		enum ebb_status rc_ = (expr);                                                      \
		if (rc_ != EBB_OK)                                                                 \
			fail_msg("%s failed (%d): %s", #expr, (int)rc_, (err).msg);                \
	} while (0)

#define EXPECT_RC(expr, want, err)                                                                 \
	do {                                                                                       \
		enum ebb_status rc_;                                                               \
		ebb_error_clear(&(err));                                                           \
		rc_ = (expr);                                                                      \
		if (rc_ != (want))                                                                 \
			fail_msg("%s returned %d, want %d (%s)", #expr, (int)rc_, (int)(want),     \
			         (err).msg);                                                       \
		if ((want) != EBB_OK && (err).msg[0] == '\0')                                      \
			fail_msg("%s set no message", #expr);                                      \
	} while (0)

static uint8_t *file_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, r;

	*len = 0;
	if (fp == NULL)
		return NULL;
	do {
		if (n == cap) {
			uint8_t *p = realloc(buf, cap ? cap * 2 : 65536);
			assert_non_null(p);
			buf = p;
			cap = cap ? cap * 2 : 65536;
		}
		r = fread(buf + n, 1, cap - n, fp);
		n += r;
	} while (r > 0);
	fclose(fp);
	*len = n;
	return buf;
}

static void file_sha(const char *path, uint8_t out[32])
{
	size_t n;
	uint8_t *b = file_read(path, &n);

	assert_non_null(b);
	crypto_hash_sha256(out, b, n);
	free(b);
}

static void file_write(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static bool exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		fail_msg("cannot open %s with sqlite3", path);
	}
	return db;
}

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = raw_open(path);

	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static int64_t db_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void db_text(sqlite3 *db, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;

	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* PRAGMA integrity_check on the file through the normal VFS. */
static void expect_intact(const char *path)
{
	sqlite3 *db = raw_open(path);
	char res[256];

	db_text(db, "PRAGMA integrity_check", res, sizeof(res));
	sqlite3_close(db);
	if (strcmp(res, "ok") != 0)
		fail_msg("integrity_check: %s", res);
}

/* ---------------------------------------------------------------------- */
/* Opening                                                                 */

static void test_open_missing(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;

	f->db = (sqlite3 *)1;
	EXPECT_RC(ebb_store_open(&f->db, f->path, false, &err), EBB_ERR_NOVAULT, err);
	assert_null(f->db);
	assert_non_null(strstr(err.msg, f->path));
	EXPECT_RC(ebb_store_open(&f->db, f->path, true, &err), EBB_ERR_NOVAULT, err);
	assert_false(exists(f->path)); /* never creates the file itself */
}

/* Random bytes, an empty file, another program's database, a directory:
 * "not an ebb vault", and creating over a database that has content is
 * refused; none of them is changed. */
static void test_open_not_a_vault(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	char path[PATH_MAX + 16];
	uint8_t junk[4096], before[32], after[32];
	sqlite3 *db = NULL;

	snprintf(path, sizeof(path), "%s/random.bin", f->dir);
	ebb_random(junk, sizeof(junk));
	file_write(path, junk, sizeof(junk));
	file_sha(path, before);
	EXPECT_RC(ebb_store_open(&f->db, path, false, &err), EBB_ERR_NOTVAULT, err);
	EXPECT_RC(ebb_store_open(&f->db, path, true, &err), EBB_ERR_NOTVAULT, err);
	assert_null(f->db);
	file_sha(path, after);
	assert_memory_equal(before, after, 32);

	snprintf(path, sizeof(path), "%s/empty", f->dir);
	file_write(path, "", 0);
	EXPECT_RC(ebb_store_open(&f->db, path, false, &err), EBB_ERR_NOTVAULT, err);
	assert_null(f->db);

	snprintf(path, sizeof(path), "%s/photos.db", f->dir);
	assert_int_equal(
	    sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "CREATE TABLE photos(name TEXT);"
	                              "INSERT INTO photos VALUES('beach.jpg');",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	file_sha(path, before);
	EXPECT_RC(ebb_store_open(&f->db, path, false, &err), EBB_ERR_NOTVAULT, err);
	EXPECT_RC(ebb_store_open(&f->db, path, true, &err), EBB_ERR_EXISTS, err);
	assert_null(f->db);
	file_sha(path, after);
	assert_memory_equal(before, after, 32);

	/* an empty database with another application id */
	snprintf(path, sizeof(path), "%s/appid.db", f->dir);
	file_write(path, "", 0);
	raw_exec(path, "PRAGMA application_id = 1234; PRAGMA user_version = 1;"
	               " CREATE TABLE t(x);");
	EXPECT_RC(ebb_store_open(&f->db, path, false, &err), EBB_ERR_NOTVAULT, err);

	snprintf(path, sizeof(path), "%s/adir", f->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	EXPECT_RC(ebb_store_open(&f->db, path, false, &err), EBB_ERR_NOTVAULT, err);
	assert_null(f->db);
}

/* A fresh store has the schema and the ebb marks; reopened, it runs with
 * WAL, synchronous=FULL, secure_delete and a busy timeout. */
static void test_create_then_open_pragmas(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	char mode[32];

	file_write(f->path, "", 0); /* ebb_vault_create makes it with mkstemp */
	EXPECT_OK(ebb_store_open(&f->db, f->path, true, &err), err);
	assert_int_equal(db_int(f->db, "PRAGMA application_id"), EBB_APP_ID);
	assert_int_equal(db_int(f->db, "PRAGMA user_version"), EBB_FORMAT);
	assert_int_equal(db_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
	                               " AND name IN ('meta', 'records', 'inbox')"),
	                 3);
	assert_int_equal(db_int(f->db, "PRAGMA synchronous"), 2);
	assert_int_equal(db_int(f->db, "PRAGMA secure_delete"), 1);
	ebb_store_close(f->db);
	f->db = NULL;

	/* creating over it now is refused */
	EXPECT_RC(ebb_store_open(&f->db, f->path, true, &err), EBB_ERR_EXISTS, err);

	EXPECT_OK(ebb_store_open(&f->db, f->path, false, &err), err);
	db_text(f->db, "PRAGMA journal_mode", mode, sizeof(mode));
	assert_string_equal(mode, "wal");
	assert_int_equal(db_int(f->db, "PRAGMA synchronous"), 2);
	assert_int_equal(db_int(f->db, "PRAGMA secure_delete"), 1);
	assert_true(db_int(f->db, "PRAGMA busy_timeout") >= 1000);
	ebb_store_close(f->db);
	f->db = NULL;

	/* WAL is recorded in the file: a second, plain handle sees it */
	sqlite3 *db = raw_open(f->path);
	db_text(db, "PRAGMA journal_mode", mode, sizeof(mode));
	sqlite3_close(db);
	assert_string_equal(mode, "wal");
	ebb_store_close(NULL);
}

/* A vault of a newer format is refused and left exactly as it was. */
static void test_open_newer_format(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	uint8_t before[32], after[32];

	file_write(f->path, "", 0);
	EXPECT_OK(ebb_store_open(&f->db, f->path, true, &err), err);
	ebb_store_close(f->db);
	f->db = NULL;
	raw_exec(f->path, "PRAGMA user_version = 3"); /* EBB_FORMAT + 1 */
	file_sha(f->path, before);
	EXPECT_RC(ebb_store_open(&f->db, f->path, false, &err), EBB_ERR_NEWER, err);
	assert_null(f->db);
	assert_non_null(strstr(err.msg, "newer"));
	file_sha(f->path, after);
	assert_memory_equal(before, after, 32);
}

static void test_meta(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	uint8_t out[16];
	size_t n = 0;

	file_write(f->path, "", 0);
	EXPECT_OK(ebb_store_open(&f->db, f->path, true, &err), err);
	EXPECT_OK(ebb_store_begin(f->db, &err), err);
	EXPECT_OK(ebb_store_meta_put(f->db, "k", "value", 5, &err), err);
	EXPECT_OK(ebb_store_commit(f->db, &err), err);
	EXPECT_OK(ebb_store_meta_get(f->db, "k", out, sizeof(out), &n, &err), err);
	assert_int_equal(n, 5);
	assert_memory_equal(out, "value", 5);
	EXPECT_RC(ebb_store_meta_get(f->db, "missing", out, sizeof(out), &n, &err), EBB_ERR_CORRUPT,
	          err);
	EXPECT_RC(ebb_store_meta_get(f->db, "k", out, 4, &n, &err), EBB_ERR_CORRUPT, err);
	/* replaced inside a transaction that is rolled back: unchanged */
	EXPECT_OK(ebb_store_begin(f->db, &err), err);
	EXPECT_OK(ebb_store_meta_put(f->db, "k", "other", 5, &err), err);
	ebb_store_rollback(f->db);
	ebb_store_rollback(f->db); /* twice is harmless */
	EXPECT_OK(ebb_store_meta_get(f->db, "k", out, sizeof(out), &n, &err), err);
	assert_memory_equal(out, "value", 5);
}

/* SQLite's failures become ebb's errors with messages a person can act on. */
static void test_fail_messages(void **state)
{
	struct ebb_error err;

	(void)state;
	EXPECT_RC(ebb_store_fail(NULL, SQLITE_FULL, "saving", &err), EBB_ERR_IO, err);
	assert_non_null(strstr(err.msg, "disk is full"));
	assert_non_null(strstr(err.msg, "saving"));
	EXPECT_RC(ebb_store_fail(NULL, SQLITE_IOERR_FSYNC, "saving", &err), EBB_ERR_IO, err);
	EXPECT_RC(ebb_store_fail(NULL, SQLITE_READONLY, "saving", &err), EBB_ERR_IO, err);
	EXPECT_RC(ebb_store_fail(NULL, SQLITE_CANTOPEN, "opening", &err), EBB_ERR_IO, err);
	EXPECT_RC(ebb_store_fail(NULL, SQLITE_BUSY, "saving", &err), EBB_ERR_BUSY, err);
	assert_non_null(strstr(err.msg, "try again"));
	EXPECT_RC(ebb_store_fail(NULL, SQLITE_NOMEM, "saving", &err), EBB_ERR_NOMEM, err);
	EXPECT_RC(ebb_store_fail(NULL, SQLITE_NOTADB, "opening", &err), EBB_ERR_NOTVAULT, err);
	EXPECT_RC(ebb_store_fail(NULL, SQLITE_CORRUPT, "reading", &err), EBB_ERR_CORRUPT, err);
	EXPECT_RC(ebb_store_fail(NULL, SQLITE_MISUSE, "reading", &err), EBB_ERR_INTERNAL, err);
}

/* Another process holding the vault too long: "busy", not a failure. */
static void test_busy(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	sqlite3 *other;

	file_write(f->path, "", 0);
	EXPECT_OK(ebb_store_open(&f->db, f->path, true, &err), err);
	ebb_store_close(f->db);
	EXPECT_OK(ebb_store_open(&f->db, f->path, false, &err), err);
	other = raw_open(f->path);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_busy_timeout(f->db, 50); /* do not wait the full 5 s here */
	EXPECT_RC(ebb_store_begin(f->db, &err), EBB_ERR_BUSY, err);
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	EXPECT_OK(ebb_store_begin(f->db, &err), err);
	EXPECT_OK(ebb_store_commit(f->db, &err), err);
}

/* A vault on a read-only disk: opening or writing says it cannot write,
 * never that the file is not a vault or is damaged. */
static void test_read_only_disk(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	uint8_t id[EBB_ID_BYTES];
	char path[PATH_MAX + 16];
	enum ebb_status rc;
	json_t *b;

	snprintf(f->mnt, sizeof(f->mnt), "%s/ro", f->dir);
	assert_int_equal(mkdir(f->mnt, 0700), 0);
	if (mount("tmpfs", f->mnt, "tmpfs", 0, "size=16m,mode=0700") != 0) {
		fprintf(stderr, "cannot mount a tmpfs here (%s): skipped\n", strerror(errno));
		f->mnt[0] = '\0';
		skip();
	}
	snprintf(path, sizeof(path), "%s/vault.ebb", f->mnt);
	EXPECT_OK(ebb_vault_create(&f->v, path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err),
	          err);
	memcpy(f->key, ebb_vault_key(f->v), EBB_KEY_BYTES);
	b = json_pack("{s:i, s:s}", "intensity", 3, "note", "before read-only");
	EXPECT_OK(ebb_record_add(f->v, "checkin", AT0, 0, b, id, NULL, &err), err);
	ebb_vault_close(f->v);
	f->v = NULL;
	if (mount(NULL, f->mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL) != 0) {
		json_decref(b);
		fprintf(stderr, "cannot remount read-only (%s): skipped\n", strerror(errno));
		skip();
	}

	ebb_error_clear(&err);
	rc = ebb_vault_open(&f->v, path, &err);
	if (rc == EBB_OK) {
		EXPECT_OK(ebb_vault_unlock_key(f->v, f->key, &err), err);
		rc = ebb_record_add(f->v, "checkin", AT0 + 60, 0, b, NULL, NULL, &err);
		if (rc != EBB_ERR_IO)
			fail_msg("add on a read-only disk: %d, want EBB_ERR_IO (%s)", (int)rc,
			         err.msg);
		ebb_vault_close(f->v);
		f->v = NULL;
	} else if (rc != EBB_ERR_IO) {
		fail_msg("open on a read-only disk: %d, want EBB_ERR_IO (%s)", (int)rc, err.msg);
	}
	json_decref(b);

	/* writable again: the vault is intact */
	assert_int_equal(mount(NULL, f->mnt, NULL, MS_REMOUNT, NULL), 0);
	expect_intact(path);
	EXPECT_OK(ebb_vault_open(&f->v, path, &err), err);
	EXPECT_OK(ebb_vault_unlock_key(f->v, f->key, &err), err);
	struct ebb_record r;
	EXPECT_OK(ebb_record_get(f->v, id, &r, &err), err);
	assert_string_equal(json_string_value(json_object_get(r.body, "note")), "before read-only");
	ebb_record_clear(&r);
	ebb_vault_close(f->v);
	f->v = NULL;
	assert_int_equal(umount(f->mnt), 0);
	f->mnt[0] = '\0';
}

/* ---------------------------------------------------------------------- */
/* Fault injection                                                         */

struct acked {
	size_t n;
	uint8_t id[64][EBB_ID_BYTES];
	char note[64][32];
};

static enum ebb_status count_whole(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	size_t *seen = ctx;

	if (r->body == NULL || !json_is_string(json_object_get(r->body, "note")))
		return ebb_error_set(err, EBB_ERR_INTERNAL, "a record without its note");
	(*seen)++;
	return EBB_OK;
}

/* Reopens through the normal VFS and checks the file is intact, holds
 * exactly the acknowledged records (plus, when maybe_extra, possibly the
 * one whose fate the failed call left open), each readable. */
static void verify(struct fx *f, const struct acked *a, bool maybe_extra)
{
	struct ebb_error err;
	struct ebb_record r;
	size_t n = 0;

	use_fault_vfs(false);
	expect_intact(f->path);
	EXPECT_OK(ebb_vault_open(&f->v, f->path, &err), err);
	EXPECT_OK(ebb_vault_unlock_key(f->v, f->key, &err), err);
	EXPECT_OK(ebb_record_count(f->v, NULL, &n, &err), err);
	if (n != a->n && !(maybe_extra && n == a->n + 1))
		fail_msg("%zu records after the failure, %zu acknowledged", n, a->n);
	for (size_t i = 0; i < a->n; i++) {
		EXPECT_OK(ebb_record_get(f->v, a->id[i], &r, &err), err);
		assert_non_null(r.body);
		assert_string_equal(json_string_value(json_object_get(r.body, "note")), a->note[i]);
		ebb_record_clear(&r);
	}
	/* every record, the extra one too, opens whole */
	struct ebb_query q;
	size_t seen = 0;
	ebb_query_init(&q);
	EXPECT_OK(ebb_record_each(f->v, &q, count_whole, &seen, &err), err);
	assert_int_equal(seen, n);
	ebb_vault_close(f->v);
	f->v = NULL;
}

/* Opens the vault through the fault VFS, unlocked (nothing written). */
static void open_faulty(struct fx *f)
{
	struct ebb_error err;

	use_fault_vfs(true);
	EXPECT_OK(ebb_vault_open(&f->v, f->path, &err), err);
	EXPECT_OK(ebb_vault_unlock_key(f->v, f->key, &err), err);
}

static void close_faulty(struct fx *f)
{
	ebb_vault_close(f->v); /* disarmed: the checkpoint on close succeeds */
	f->v = NULL;
	use_fault_vfs(false);
}

static void add_note(struct ebb_vault *v, struct acked *a, int64_t at)
{
	struct ebb_error err;
	json_t *b;

	snprintf(a->note[a->n], sizeof(a->note[a->n]), "acknowledged %zu", a->n);
	b = json_pack("{s:i, s:s}", "intensity", 5, "note", a->note[a->n]);
	EXPECT_OK(ebb_record_add(v, "checkin", at, 0, b, a->id[a->n], NULL, &err), err);
	json_decref(b);
	a->n++;
}

static void make_vault(struct fx *f, struct acked *a, size_t n)
{
	struct ebb_error err;

	use_fault_vfs(false);
	EXPECT_OK(ebb_vault_create(&f->v, f->path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err),
	          err);
	memcpy(f->key, ebb_vault_key(f->v), EBB_KEY_BYTES);
	for (size_t i = 0; i < n; i++)
		add_note(f->v, a, AT0 + (int64_t)i * 60);
	ebb_vault_close(f->v);
	f->v = NULL;
}

/* Runs add under a fault after N operations for N = 0, 1, ... until one
 * succeeds; returns how many failed. */
static long add_until_success(struct fx *f, struct acked *a, enum fault_mode mode)
{
	struct ebb_error err;
	enum ebb_status rc;
	long failures = 0;
	json_t *b;

	for (long n = 0;; n++) {
		char note[32];
		uint8_t id[EBB_ID_BYTES];
		long fired;

		if (n > 500)
			fail_msg("add never succeeded");
		snprintf(note, sizeof(note), "acknowledged %zu", a->n);
		b = json_pack("{s:i, s:s}", "intensity", 5, "note", note);
		open_faulty(f);
		fault_arm(mode, n);
		ebb_error_clear(&err);
		rc = ebb_record_add(f->v, "checkin", AT0 + 3600 + n, 0, b, id, NULL, &err);
		fired = fault_disarm();
		json_decref(b);
		close_faulty(f);
		if (rc == EBB_OK) {
			memcpy(a->id[a->n], id, EBB_ID_BYTES);
			snprintf(a->note[a->n], sizeof(a->note[a->n]), "%s", note);
			a->n++;
			verify(f, a, false);
			if (fired == 0)
				return failures;
			continue; /* succeeded despite a refused write: keep going */
		}
		failures++;
		if (rc != EBB_ERR_IO)
			fail_msg("add with a fault after %ld %s: %d, want EBB_ERR_IO (%s)", n,
			         mode == FAULT_WRITE ? "writes" : "syncs", (int)rc, err.msg);
		if (mode == FAULT_WRITE && strstr(err.msg, "disk is full") == NULL)
			fail_msg("add on a full disk says: %s", err.msg);
		assert_true(fired > 0);
		verify(f, a, mode == FAULT_SYNC);
	}
}

static void test_fault_add_disk_full(void **state)
{
	struct fx *f = *state;
	struct acked a = {0};
	long failures;

	make_vault(f, &a, 3);
	failures = add_until_success(f, &a, FAULT_WRITE);
	assert_true(failures >= 1); /* the loop did inject failures */
	assert_int_equal(a.n, 4);
	/* and the vault keeps working afterwards */
	failures = add_until_success(f, &a, FAULT_WRITE);
	assert_int_equal(a.n, 5);
	verify(f, &a, false);
}

static void test_fault_add_fsync_fails(void **state)
{
	struct fx *f = *state;
	struct acked a = {0};
	long failures;

	make_vault(f, &a, 2);
	failures = add_until_success(f, &a, FAULT_SYNC);
	assert_true(failures >= 1);
	verify(f, &a, true);
}

static void test_fault_passwd_disk_full(void **state)
{
	struct fx *f = *state;
	struct acked a = {0};
	struct ebb_error err;
	struct ebb_kdf before;
	enum ebb_status rc;
	long n, fired;

	make_vault(f, &a, 2);
	for (n = 0;; n++) {
		if (n > 500)
			fail_msg("passwd never succeeded");
		open_faulty(f);
		before = *ebb_vault_kdf(f->v);
		fault_arm(FAULT_WRITE, n);
		ebb_error_clear(&err);
		rc = ebb_vault_passwd(f->v, NEWPASS, strlen(NEWPASS), EBB_KDF_INTERACTIVE, &err);
		fired = fault_disarm();
		if (rc != EBB_OK) {
			/* what the vault holds in memory is unchanged too */
			assert_memory_equal(ebb_vault_kdf(f->v)->salt, before.salt, EBB_SALT_BYTES);
		}
		close_faulty(f);
		verify(f, &a, false);

		/* exactly one passphrase opens it: the old one until passwd succeeded */
		EXPECT_OK(ebb_vault_open(&f->v, f->path, &err), err);
		if (rc == EBB_OK) {
			EXPECT_RC(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err),
			          EBB_ERR_PASSPHRASE, err);
			EXPECT_OK(ebb_vault_unlock(f->v, NEWPASS, strlen(NEWPASS), &err), err);
		} else {
			if (rc != EBB_ERR_IO || strstr(err.msg, "disk is full") == NULL)
				fail_msg("passwd on a full disk after %ld writes: %d (%s)", n,
				         (int)rc, err.msg);
			assert_true(fired > 0);
			EXPECT_RC(ebb_vault_unlock(f->v, NEWPASS, strlen(NEWPASS), &err),
			          EBB_ERR_PASSPHRASE, err);
			EXPECT_OK(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), err);
		}
		ebb_vault_close(f->v);
		f->v = NULL;
		if (rc == EBB_OK)
			break;
	}
	assert_true(n >= 1);
}

static void inbox_sha(const char *path, uint8_t out[32])
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st = NULL;
	crypto_hash_sha256_state h;

	crypto_hash_sha256_init(&h);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT seq, sealed FROM inbox ORDER BY seq", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		crypto_hash_sha256_update(&h, (const uint8_t *)&seq, sizeof(seq));
		crypto_hash_sha256_update(&h, sqlite3_column_blob(st, 1),
		                          (size_t)sqlite3_column_bytes(st, 1));
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	crypto_hash_sha256_final(&h, out);
}

/* Folding the inbox on a full disk: all or nothing, the sealed entries are
 * kept until they are safely records. */
static void test_fault_fold_disk_full(void **state)
{
	struct fx *f = *state;
	struct acked a = {0}, queued = {0};
	struct ebb_error err;
	uint8_t before[32], after[32];
	enum ebb_status rc;
	size_t folded, inbox;
	long n, fired;

	make_vault(f, &a, 1);
	/* three check-ins written while locked */
	EXPECT_OK(ebb_vault_open(&f->v, f->path, &err), err);
	for (int i = 0; i < 3; i++)
		add_note(f->v, &queued, AT0 + 600 + i);
	EXPECT_OK(ebb_vault_inbox_count(f->v, &inbox, &err), err);
	assert_int_equal(inbox, 3);
	ebb_vault_close(f->v);
	f->v = NULL;
	inbox_sha(f->path, before);

	for (n = 0;; n++) {
		if (n > 500)
			fail_msg("fold never succeeded");
		open_faulty(f);
		fault_arm(FAULT_WRITE, n);
		ebb_error_clear(&err);
		folded = 99;
		rc = ebb_vault_fold(f->v, &folded, &err);
		fired = fault_disarm();
		close_faulty(f);
		if (rc == EBB_OK)
			break;
		if (rc != EBB_ERR_IO || strstr(err.msg, "disk is full") == NULL)
			fail_msg("fold on a full disk after %ld writes: %d (%s)", n, (int)rc,
			         err.msg);
		assert_true(fired > 0);
		assert_int_equal(folded, 0);
		verify(f, &a, false); /* no record half-folded */
		inbox_sha(f->path, after);
		assert_memory_equal(before, after, 32); /* every entry still waiting */
	}
	assert_true(n >= 1);
	assert_int_equal(folded, 3);
	for (size_t i = 0; i < queued.n; i++) {
		memcpy(a.id[a.n], queued.id[i], EBB_ID_BYTES);
		memcpy(a.note[a.n], queued.note[i], sizeof(a.note[0]));
		a.n++;
	}
	verify(f, &a, false);
	EXPECT_OK(ebb_vault_open(&f->v, f->path, &err), err);
	EXPECT_OK(ebb_vault_inbox_count(f->v, &inbox, &err), err);
	assert_int_equal(inbox, 0);
}

/* Creating a vault on a full disk: an error, and no vault (nor temp file)
 * left behind to be mistaken for one. */
static void test_fault_create_disk_full(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	enum ebb_status rc;
	long n, fired;

	for (n = 0;; n++) {
		DIR *d;
		struct dirent *e;

		if (n > 500)
			fail_msg("create never succeeded");
		use_fault_vfs(true);
		fault_arm(FAULT_WRITE, n);
		ebb_error_clear(&err);
		rc =
		    ebb_vault_create(&f->v, f->path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err);
		fired = fault_disarm();
		use_fault_vfs(false);
		if (rc == EBB_OK)
			break;
		assert_null(f->v);
		if (rc != EBB_ERR_IO)
			fail_msg("create on a full disk after %ld writes: %d (%s)", n, (int)rc,
			         err.msg);
		assert_true(fired > 0);
		/*
		 * A failed create must leave nothing at the path: not a
		 * half-made vault, and not a whole one either (a retry would
		 * then be told a vault already exists).
		 */
		if (exists(f->path))
			fail_msg("create failed after %ld writes (%s) but left a vault at the "
			         "path",
			         n, err.msg);
		d = opendir(f->dir);
		assert_non_null(d);
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			closedir(d);
			fail_msg("create failed after %ld writes and left %s", n, e->d_name);
		}
		closedir(d);
	}
	assert_true(n >= 1);
	memcpy(f->key, ebb_vault_key(f->v), EBB_KEY_BYTES);
	ebb_vault_close(f->v);
	f->v = NULL;
	expect_intact(f->path);
	EXPECT_OK(ebb_vault_open(&f->v, f->path, &err), err);
	EXPECT_OK(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), err);
}

int main(void)
{
	struct ebb_error err;
#define T(name) cmocka_unit_test_setup_teardown(name, setup_dir, teardown_dir)
	const struct CMUnitTest tests[] = {
	    T(test_open_missing),
	    T(test_open_not_a_vault),
	    T(test_create_then_open_pragmas),
	    T(test_open_newer_format),
	    T(test_meta),
	    cmocka_unit_test(test_fail_messages),
	    T(test_busy),
	    T(test_read_only_disk),
	    T(test_fault_add_disk_full),
	    T(test_fault_add_fsync_fails),
	    T(test_fault_passwd_disk_full),
	    T(test_fault_fold_disk_full),
	    T(test_fault_create_disk_full),
	};
#undef T

	if (ebb_crypto_init(&err) != EBB_OK) {
		fprintf(stderr, "ebb_crypto_init: %s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests_name("store", tests, fault_vfs_init, fault_vfs_fini);
}
