/*
 * test_vault.c — unit tests for src/core/vault.c: creating, opening,
 * unlocking, locking and re-keying a vault, the checks on its clear
 * metadata, and the inbox of entries written while locked.
 *
 * What a person would notice if these broke: a vault others can read, one
 * that overwrites an existing file, a wrong passphrase that changes the
 * file, an altered vault that unlocks anyway, a new passphrase that loses
 * the records, entries written while locked that vanish or leak.
 *
 * Every test has its own temp dir under /tmp (removed afterwards) and its
 * vault uses EBB_KDF_INTERACTIVE. The file is altered behind ebb's back
 * with plain sqlite3 calls, the way an attacker or a damaged disk would.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "record.h"
#include "vault.h"
#include "vault_impl.h"

static const char PASS[] = "correct horse battery staple";
static const char NEWPASS[] = "a new passphrase for a new year";

#define AT0 INT64_C(1772654400) /* 2026-03-04T20:00:00Z */

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

struct fx {
	char dir[64];
	char path[PATH_MAX];
	struct ebb_vault *v, *w;
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
	snprintf(f->dir, sizeof(f->dir), "/tmp/ebb-vault-XXXXXX");
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
	ebb_vault_close(f->w);
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

static struct ebb_vault *create_vault(const char *path)
{
	struct ebb_vault *v = NULL;
	struct ebb_error err;

	EXPECT_OK(ebb_vault_create(&v, path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err), err);
	assert_non_null(v);
	assert_true(ebb_vault_is_unlocked(v));
	return v;
}

static struct ebb_vault *open_vault(const char *path)
{
	struct ebb_vault *v = NULL;
	struct ebb_error err;

	EXPECT_OK(ebb_vault_open(&v, path, &err), err);
	assert_non_null(v);
	assert_false(ebb_vault_is_unlocked(v));
	return v;
}

/* Reads a whole file (NULL when it does not exist). */
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

static bool file_has(const char *path, const void *needle, size_t len)
{
	size_t n;
	uint8_t *b = file_read(path, &n);
	bool found = b && memmem(b, n, needle, len) != NULL;

	free(b);
	return found;
}

static void file_write(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
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
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(db);
		fail_msg("sqlite3_exec failed");
	}
	sqlite3_close(db);
}

static int64_t raw_int(const char *path, const char *sql)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Reads meta[key] into out (cap bytes); returns its size. */
static size_t raw_meta_get(const char *path, const char *key, uint8_t *out, size_t cap)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st = NULL;
	size_t n = 0;

	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = (size_t)sqlite3_column_bytes(st, 0);
	assert_true(n <= cap);
	memcpy(out, sqlite3_column_blob(st, 0), n);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void raw_meta_put(const char *path, const char *key, const uint8_t *val, size_t len)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st = NULL;

	assert_int_equal(
	    sqlite3_prepare_v2(db, "UPDATE meta SET value = ? WHERE key = ?", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_blob(st, 1, val, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void raw_inbox_put(const char *path, const uint8_t *blob, size_t len)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st = NULL;

	assert_int_equal(
	    sqlite3_prepare_v2(db, "INSERT INTO inbox(sealed) VALUES(?)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_blob(st, 1, blob, (int)len, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* sha256 over every inbox row (seq, sealed) in order. */
static void raw_inbox_sha(const char *path, uint8_t out[32])
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

/* "ok" when PRAGMA integrity_check passes on path (static storage). */
static const char *raw_text_ok(const char *path)
{
	static char out[64];
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, sizeof(out), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static json_t *checkin(int intensity, const char *note)
{
	json_t *b = note ? json_pack("{s:i, s:s}", "intensity", intensity, "note", note)
	                 : json_pack("{s:i}", "intensity", intensity);

	assert_non_null(b);
	return b;
}

static void add_checkin(struct ebb_vault *v, int64_t at, int intensity, const char *note,
                        uint8_t id[EBB_ID_BYTES], bool want_queued)
{
	json_t *b = checkin(intensity, note);
	struct ebb_error err;
	bool queued = !want_queued;

	EXPECT_OK(ebb_record_add(v, "checkin", at, 0, b, id, &queued, &err), err);
	assert_int_equal(queued, want_queued);
	json_decref(b);
}

static void expect_note(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES], const char *note)
{
	struct ebb_record r;
	struct ebb_error err;

	EXPECT_OK(ebb_record_get(v, id, &r, &err), err);
	assert_false(r.deleted);
	assert_non_null(r.body);
	assert_string_equal(json_string_value(json_object_get(r.body, "note")), note);
	ebb_record_clear(&r);
}

static size_t inbox_count(struct ebb_vault *v)
{
	size_t n = 99;
	struct ebb_error err;

	EXPECT_OK(ebb_vault_inbox_count(v, &n, &err), err);
	return n;
}

static size_t record_count(struct ebb_vault *v)
{
	size_t n = 99;
	struct ebb_error err;

	EXPECT_OK(ebb_record_count(v, NULL, &n, &err), err);
	return n;
}

static mode_t mode_of(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		fail_msg("stat %s: %s", path, strerror(errno));
	return sb.st_mode & 07777;
}

static bool exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

/* kdf blob: ops u64 LE at 0, mem u64 LE at 8, alg u32 LE at 16, salt at 20 */
static void le_put(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* ---------------------------------------------------------------------- */
/* Creating                                                                */

/* The vault is 0600, missing parents are made 0700, and no temp file is
 * left beside it. */
static void test_create_mode_and_parent_dirs(void **state)
{
	struct fx *f = *state;
	char a[PATH_MAX], b[PATH_MAX], path[PATH_MAX + 16], side[PATH_MAX + 32];
	DIR *d;
	struct dirent *e;
	int entries = 0;

	snprintf(a, sizeof(a), "%s/a", f->dir);
	snprintf(b, sizeof(b), "%s/a/b", f->dir);
	snprintf(path, sizeof(path), "%s/vault.ebb", b);
	f->v = create_vault(path);
	assert_int_equal(mode_of(path), 0600);
	assert_int_equal(mode_of(a), 0700);
	assert_int_equal(mode_of(b), 0700);
	assert_string_equal(ebb_vault_path(f->v), path);

	/* the journal files SQLite makes while the vault is open are 0600 too */
	uint8_t id[EBB_ID_BYTES];
	add_checkin(f->v, AT0, 3, "first", id, false);
	snprintf(side, sizeof(side), "%s-wal", path);
	assert_true(exists(side));
	assert_int_equal(mode_of(side), 0600);
	snprintf(side, sizeof(side), "%s-shm", path);
	if (exists(side))
		assert_int_equal(mode_of(side), 0600);
	ebb_vault_close(f->v);
	f->v = NULL;

	d = opendir(b);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (strcmp(e->d_name, "vault.ebb") != 0) {
			closedir(d);
			fail_msg("create left %s beside the vault", e->d_name);
		}
		entries++;
	}
	closedir(d);
	assert_int_equal(entries, 1);

	/* an existing parent keeps its mode */
	assert_int_equal(chmod(f->dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/second.ebb", f->dir);
	f->v = create_vault(path);
	assert_int_equal(mode_of(f->dir), 0755);
	assert_int_equal(mode_of(path), 0600);
}

/* Creating over anything that exists is refused and leaves it alone. */
static void test_create_refuses_existing(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	struct ebb_vault *v = NULL;
	char path[PATH_MAX + 16], target[PATH_MAX + 16];
	static const char text[] = "my notes, not a vault\n";
	uint8_t before[32], after[32];

	/* a plain file */
	snprintf(path, sizeof(path), "%s/notes.txt", f->dir);
	file_write(path, text, sizeof(text) - 1);
	file_sha(path, before);
	EXPECT_RC(ebb_vault_create(&v, path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err),
	          EBB_ERR_EXISTS, err);
	assert_null(v);
	file_sha(path, after);
	assert_memory_equal(before, after, 32);

	/* an existing vault: still opens with its own passphrase */
	f->v = create_vault(f->path);
	uint8_t id[EBB_ID_BYTES];
	add_checkin(f->v, AT0, 5, "kept", id, false);
	ebb_vault_close(f->v);
	f->v = NULL;
	file_sha(f->path, before);
	EXPECT_RC(
	    ebb_vault_create(&v, f->path, NEWPASS, strlen(NEWPASS), EBB_KDF_INTERACTIVE, &err),
	    EBB_ERR_EXISTS, err);
	assert_null(v);
	file_sha(f->path, after);
	assert_memory_equal(before, after, 32);
	f->v = open_vault(f->path);
	EXPECT_OK(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), err);
	expect_note(f->v, id, "kept");

	/* a dangling symlink: refused, and its target is not created */
	snprintf(path, sizeof(path), "%s/link.ebb", f->dir);
	snprintf(target, sizeof(target), "%s/target.ebb", f->dir);
	assert_int_equal(symlink(target, path), 0);
	EXPECT_RC(ebb_vault_create(&v, path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err),
	          EBB_ERR_EXISTS, err);
	assert_false(exists(target));

	/* a directory */
	snprintf(path, sizeof(path), "%s/adir", f->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	EXPECT_RC(ebb_vault_create(&v, path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err),
	          EBB_ERR_EXISTS, err);
}

/* ---------------------------------------------------------------------- */
/* Opening                                                                 */

static void test_open_missing(void **state)
{
	struct fx *f = *state;
	struct ebb_vault *v = (struct ebb_vault *)1;
	struct ebb_error err;

	EXPECT_RC(ebb_vault_open(&v, f->path, &err), EBB_ERR_NOVAULT, err);
	assert_null(v);
	assert_non_null(strstr(err.msg, f->path));
	assert_false(exists(f->path)); /* opening never creates */
}

/* Random bytes, an empty file, another program's SQLite database and a
 * directory are "not an ebb vault", and none is changed by trying. */
static void test_open_not_a_vault(void **state)
{
	struct fx *f = *state;
	struct ebb_vault *v = NULL;
	struct ebb_error err;
	char path[PATH_MAX + 16];
	uint8_t junk[8192], before[32], after[32];
	sqlite3 *db = NULL;

	snprintf(path, sizeof(path), "%s/random.bin", f->dir);
	ebb_random(junk, sizeof(junk));
	file_write(path, junk, sizeof(junk));
	file_sha(path, before);
	EXPECT_RC(ebb_vault_open(&v, path, &err), EBB_ERR_NOTVAULT, err);
	assert_null(v);
	file_sha(path, after);
	assert_memory_equal(before, after, 32);

	snprintf(path, sizeof(path), "%s/empty", f->dir);
	file_write(path, "", 0);
	EXPECT_RC(ebb_vault_open(&v, path, &err), EBB_ERR_NOTVAULT, err);
	assert_null(v);

	snprintf(path, sizeof(path), "%s/other.db", f->dir);
	assert_int_equal(
	    sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "CREATE TABLE songs(title TEXT);"
	                              "INSERT INTO songs VALUES('ours');",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	file_sha(path, before);
	EXPECT_RC(ebb_vault_open(&v, path, &err), EBB_ERR_NOTVAULT, err);
	assert_null(v);
	file_sha(path, after);
	assert_memory_equal(before, after, 32);

	snprintf(path, sizeof(path), "%s/adir", f->dir);
	assert_int_equal(mkdir(path, 0700), 0);
	EXPECT_RC(ebb_vault_open(&v, path, &err), EBB_ERR_NOTVAULT, err);
	assert_null(v);
}

/* A vault written by a newer ebb (format 2) is refused untouched. */
static void test_open_newer_format(void **state)
{
	struct fx *f = *state;
	struct ebb_vault *v = NULL;
	struct ebb_error err;
	uint8_t before[32], after[32];

	f->v = create_vault(f->path);
	ebb_vault_close(f->v);
	f->v = NULL;
	raw_exec(f->path, "PRAGMA user_version = 3"); /* EBB_FORMAT + 1 */
	file_sha(f->path, before);
	EXPECT_RC(ebb_vault_open(&v, f->path, &err), EBB_ERR_NEWER, err);
	assert_null(v);
	assert_non_null(strstr(err.msg, "newer"));
	file_sha(f->path, after);
	assert_memory_equal(before, after, 32);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 3);

	/* an ebb application id with format 0 is not a vault */
	raw_exec(f->path, "PRAGMA user_version = 0");
	EXPECT_RC(ebb_vault_open(&v, f->path, &err), EBB_ERR_NOTVAULT, err);
}

static void expect_pragma_int(sqlite3 *db, const char *sql, int64_t want)
{
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	if (sqlite3_column_int64(st, 0) != want)
		fail_msg("%s = %lld, want %lld", sql, (long long)sqlite3_column_int64(st, 0),
		         (long long)want);
	sqlite3_finalize(st);
}

/* WAL, synchronous=FULL and secure_delete are in force on an opened
 * vault: without them a power cut can lose acknowledged check-ins and
 * deleted text lingers in the file. */
static void test_pragmas_after_open(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	char wal[PATH_MAX + 8];
	uint8_t id[EBB_ID_BYTES];

	f->v = create_vault(f->path);
	ebb_vault_close(f->v);
	f->v = NULL;
	f->v = open_vault(f->path);
	expect_pragma_int(f->v->db, "PRAGMA synchronous", 2);
	expect_pragma_int(f->v->db, "PRAGMA secure_delete", 1);
	expect_pragma_int(f->v->db, "PRAGMA application_id", 0x45424221);
	expect_pragma_int(f->v->db, "PRAGMA user_version", 2);
	assert_int_equal(sqlite3_prepare_v2(f->v->db, "PRAGMA busy_timeout", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_true(sqlite3_column_int(st, 0) >= 1000);
	sqlite3_finalize(st);

	/* journal_mode is a property of the file: a second handle sees WAL */
	db = raw_open(f->path);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);

	/* and a write goes to the -wal file */
	EXPECT_OK(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), err);
	add_checkin(f->v, AT0, 2, NULL, id, false);
	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	assert_true(exists(wal));
}

/* ---------------------------------------------------------------------- */
/* Unlocking                                                               */

static void test_wrong_passphrase(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	uint8_t before[32], after[32], id[EBB_ID_BYTES];

	f->v = create_vault(f->path);
	add_checkin(f->v, AT0, 4, "before", id, false);
	ebb_vault_close(f->v);
	f->v = NULL;
	file_sha(f->path, before);

	f->v = open_vault(f->path);
	EXPECT_RC(ebb_vault_unlock(f->v, "correct horse battery stapler", 29, &err),
	          EBB_ERR_PASSPHRASE, err);
	EXPECT_RC(ebb_vault_unlock(f->v, PASS, strlen(PASS) - 1, &err), EBB_ERR_PASSPHRASE, err);
	EXPECT_RC(ebb_vault_unlock(f->v, "", 0, &err), EBB_ERR_PASSPHRASE, err);
	assert_false(ebb_vault_is_unlocked(f->v));
	assert_null(ebb_vault_key(f->v));
	struct ebb_record r;
	EXPECT_RC(ebb_record_get(f->v, id, &r, &err), EBB_ERR_LOCKED, err);
	ebb_vault_close(f->v);
	f->v = NULL;
	file_sha(f->path, after);
	assert_memory_equal(before, after, 32); /* the file was never written */

	/* the right one opens it */
	f->v = open_vault(f->path);
	EXPECT_OK(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), err);
	assert_true(ebb_vault_is_unlocked(f->v));
	assert_non_null(ebb_vault_key(f->v));
	expect_note(f->v, id, "before");
}

static void test_lock_and_unlock_key(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	struct ebb_record r;
	uint8_t key[EBB_KEY_BYTES], bad[EBB_KEY_BYTES], id[EBB_ID_BYTES], vid[EBB_ID_BYTES];
	char other[PATH_MAX + 16];

	f->v = create_vault(f->path);
	add_checkin(f->v, AT0, 6, "locked away", id, false);
	memcpy(key, ebb_vault_key(f->v), sizeof(key));
	memcpy(vid, ebb_vault_id(f->v), sizeof(vid));

	ebb_vault_lock(f->v);
	assert_false(ebb_vault_is_unlocked(f->v));
	assert_null(ebb_vault_key(f->v));
	EXPECT_RC(ebb_record_get(f->v, id, &r, &err), EBB_ERR_LOCKED, err);
	assert_memory_equal(ebb_vault_id(f->v), vid, EBB_ID_BYTES); /* id readable locked */

	/* the remembered key (the keyring path) unlocks without the passphrase */
	EXPECT_OK(ebb_vault_unlock_key(f->v, key, &err), err);
	expect_note(f->v, id, "locked away");
	ebb_vault_lock(f->v);

	/* a wrong key, or another vault's key, does not */
	memcpy(bad, key, sizeof(bad));
	bad[0] ^= 1;
	EXPECT_RC(ebb_vault_unlock_key(f->v, bad, &err), EBB_ERR_PASSPHRASE, err);
	assert_false(ebb_vault_is_unlocked(f->v));
	snprintf(other, sizeof(other), "%s/other.ebb", f->dir);
	f->w = create_vault(other);
	EXPECT_RC(ebb_vault_unlock_key(f->v, ebb_vault_key(f->w), &err), EBB_ERR_PASSPHRASE, err);
	assert_false(ebb_vault_is_unlocked(f->v));
	/* nor does this vault's key open the other vault */
	ebb_vault_lock(f->w);
	EXPECT_RC(ebb_vault_unlock_key(f->w, key, &err), EBB_ERR_PASSPHRASE, err);
	/* each vault still opens with its own */
	EXPECT_OK(ebb_vault_unlock(f->w, PASS, strlen(PASS), &err), err);
	EXPECT_RC(ebb_record_get(f->w, id, &r, &err), EBB_ERR_NOTFOUND, err);
	EXPECT_OK(ebb_vault_unlock_key(f->v, key, &err), err);
}

/* Two handles on one vault (the command line and the web page at once)
 * see each other's writes. */
static void test_two_handles_share_writes(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	uint8_t id[EBB_ID_BYTES], id2[EBB_ID_BYTES];

	f->v = create_vault(f->path);
	f->w = open_vault(f->path);
	EXPECT_OK(ebb_vault_unlock_key(f->w, ebb_vault_key(f->v), &err), err);
	add_checkin(f->v, AT0, 1, "from the first", id, false);
	add_checkin(f->w, AT0 + 60, 2, "from the second", id2, false);
	expect_note(f->w, id, "from the first");
	expect_note(f->v, id2, "from the second");
	assert_int_equal(record_count(f->v), 2);
	assert_int_equal(record_count(f->w), 2);
}

/* ---------------------------------------------------------------------- */
/* The clear metadata, altered                                             */

/* Creates a vault with one record at f->path and closes it. */
static void make_closed_vault(struct fx *f, uint8_t id[EBB_ID_BYTES])
{
	f->v = create_vault(f->path);
	add_checkin(f->v, AT0, 7, "meta test", id, false);
	ebb_vault_close(f->v);
	f->v = NULL;
}

static void expect_unlock_rc(struct fx *f, enum ebb_status want)
{
	struct ebb_error err;

	f->v = open_vault(f->path);
	EXPECT_RC(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), want, err);
	assert_false(ebb_vault_is_unlocked(f->v));
	ebb_vault_close(f->v);
	f->v = NULL;
}

/* Parameters altered within the allowed range: the wrapped key is bound to
 * them, so the right passphrase no longer opens it. */
static void test_tamper_kdf_in_range(void **state)
{
	struct fx *f = *state;
	uint8_t id[EBB_ID_BYTES], orig[EBB_KDF_BLOB], kdf[EBB_KDF_BLOB];

	make_closed_vault(f, id);
	assert_int_equal(raw_meta_get(f->path, "kdf", orig, sizeof(orig)), EBB_KDF_BLOB);

	memcpy(kdf, orig, sizeof(kdf));
	le_put(kdf, 3, 8); /* ops 2 -> 3 */
	raw_meta_put(f->path, "kdf", kdf, sizeof(kdf));
	expect_unlock_rc(f, EBB_ERR_PASSPHRASE);

	memcpy(kdf, orig, sizeof(kdf));
	le_put(kdf + 8, 256ull << 20, 8); /* mem 64 MiB -> 256 MiB */
	raw_meta_put(f->path, "kdf", kdf, sizeof(kdf));
	expect_unlock_rc(f, EBB_ERR_PASSPHRASE);

	memcpy(kdf, orig, sizeof(kdf));
	kdf[20] ^= 1; /* salt */
	raw_meta_put(f->path, "kdf", kdf, sizeof(kdf));
	expect_unlock_rc(f, EBB_ERR_PASSPHRASE);

	/* put back, it opens again: nothing else was harmed */
	raw_meta_put(f->path, "kdf", orig, sizeof(orig));
	f->v = open_vault(f->path);
	struct ebb_error err;
	EXPECT_OK(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), err);
	expect_note(f->v, id, "meta test");
}

/* Parameters outside the floors and ceilings are refused on open, before
 * any key derivation (a tampered file must not make unlocking take hours
 * or weaken it). */
static void test_tamper_kdf_out_of_range(void **state)
{
	struct fx *f = *state;
	struct ebb_vault *v = NULL;
	struct ebb_error err;
	uint8_t id[EBB_ID_BYTES], orig[EBB_KDF_BLOB], kdf[EBB_KDF_BLOB];
	static const struct {
		int off, len;
		uint64_t val;
		const char *what;
	} cases[] = {
	    {8, 8, (64ull << 20) - 1, "mem below 64 MiB"},
	    {8, 8, 1ull << 20, "mem 1 MiB"},
	    {8, 8, 8ull << 30, "mem 8 GiB"},
	    {0, 8, 1, "ops 1"},
	    {0, 8, 17, "ops 17"},
	    {0, 8, UINT64_MAX, "ops 2^64-1"},
	    {16, 4, 1, "Argon2i"},
	    {16, 4, 0, "alg 0"},
	};

	make_closed_vault(f, id);
	assert_int_equal(raw_meta_get(f->path, "kdf", orig, sizeof(orig)), EBB_KDF_BLOB);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(kdf, orig, sizeof(kdf));
		le_put(kdf + cases[i].off, cases[i].val, cases[i].len);
		raw_meta_put(f->path, "kdf", kdf, sizeof(kdf));
		ebb_error_clear(&err);
		if (ebb_vault_open(&v, f->path, &err) != EBB_ERR_CORRUPT)
			fail_msg("open accepted %s (%s)", cases[i].what, err.msg);
		assert_null(v);
	}
	/* a blob of the wrong size */
	raw_meta_put(f->path, "kdf", orig, sizeof(orig) - 1);
	EXPECT_RC(ebb_vault_open(&v, f->path, &err), EBB_ERR_CORRUPT, err);
	raw_meta_put(f->path, "kdf", orig, sizeof(orig));
	f->v = open_vault(f->path);
}

/* An altered key commitment or inbox key: the right passphrase unwraps the
 * key, but the vault is reported altered and stays locked. */
static void test_tamper_commitment_and_inbox_key(void **state)
{
	struct fx *f = *state;
	uint8_t id[EBB_ID_BYTES], orig[64], val[64], key[EBB_KEY_BYTES];
	struct ebb_error err;
	size_t n;

	make_closed_vault(f, id);
	f->v = open_vault(f->path);
	EXPECT_OK(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), err);
	memcpy(key, ebb_vault_key(f->v), sizeof(key));
	ebb_vault_close(f->v);
	f->v = NULL;

	n = raw_meta_get(f->path, "commitment", orig, sizeof(orig));
	assert_int_equal(n, 32);
	memcpy(val, orig, n);
	val[31] ^= 1;
	raw_meta_put(f->path, "commitment", val, n);
	expect_unlock_rc(f, EBB_ERR_CORRUPT);
	/* the remembered key is refused as well */
	f->v = open_vault(f->path);
	assert_int_not_equal(ebb_vault_unlock_key(f->v, key, &err), EBB_OK);
	assert_false(ebb_vault_is_unlocked(f->v));
	ebb_vault_close(f->v);
	f->v = NULL;
	raw_meta_put(f->path, "commitment", orig, n);

	n = raw_meta_get(f->path, "inbox_pk", orig, sizeof(orig));
	assert_int_equal(n, EBB_KEY_BYTES);
	memcpy(val, orig, n);
	val[0] ^= 0x40;
	raw_meta_put(f->path, "inbox_pk", val, n);
	expect_unlock_rc(f, EBB_ERR_CORRUPT);
	f->v = open_vault(f->path);
	assert_int_not_equal(ebb_vault_unlock_key(f->v, key, &err), EBB_OK);
	ebb_vault_close(f->v);
	f->v = NULL;
	raw_meta_put(f->path, "inbox_pk", orig, n);

	/* put back, all is well */
	f->v = open_vault(f->path);
	EXPECT_OK(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), err);
	expect_note(f->v, id, "meta test");
}

/* The wrapped key and the vault id it is bound to; missing rows. */
static void test_tamper_wrapped_and_vault_id(void **state)
{
	struct fx *f = *state;
	struct ebb_vault *v = NULL;
	struct ebb_error err;
	uint8_t id[EBB_ID_BYTES], orig[128], val[128];
	size_t n;

	make_closed_vault(f, id);

	n = raw_meta_get(f->path, "wrapped", orig, sizeof(orig));
	assert_int_equal(n, EBB_WRAPPED_BYTES);
	for (size_t i = 0; i < n; i += 17) {
		memcpy(val, orig, n);
		val[i] ^= 0x01;
		raw_meta_put(f->path, "wrapped", val, n);
		expect_unlock_rc(f, EBB_ERR_PASSPHRASE);
	}
	raw_meta_put(f->path, "wrapped", orig, n);

	n = raw_meta_get(f->path, "vault_id", orig, sizeof(orig));
	assert_int_equal(n, EBB_ID_BYTES);
	memcpy(val, orig, n);
	val[15] ^= 0x01;
	raw_meta_put(f->path, "vault_id", val, n);
	expect_unlock_rc(f, EBB_ERR_PASSPHRASE);
	raw_meta_put(f->path, "vault_id", orig, n);

	/* a metadata row removed: damaged, refused on open */
	raw_exec(f->path, "DELETE FROM meta WHERE key = 'inbox_pk'");
	EXPECT_RC(ebb_vault_open(&v, f->path, &err), EBB_ERR_CORRUPT, err);
	assert_null(v);
}

/* ---------------------------------------------------------------------- */
/* Changing the passphrase                                                 */

static void test_passwd(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	uint8_t id1[EBB_ID_BYTES], id2[EBB_ID_BYTES], vid[EBB_ID_BYTES], key[EBB_KEY_BYTES];
	struct ebb_kdf before;

	f->v = create_vault(f->path);
	add_checkin(f->v, AT0, 3, "one", id1, false);
	add_checkin(f->v, AT0 + 3600, 8, "two", id2, false);
	memcpy(vid, ebb_vault_id(f->v), sizeof(vid));
	memcpy(key, ebb_vault_key(f->v), sizeof(key));
	before = *ebb_vault_kdf(f->v);

	EXPECT_OK(ebb_vault_passwd(f->v, NEWPASS, strlen(NEWPASS), EBB_KDF_INTERACTIVE, &err), err);
	assert_true(ebb_vault_is_unlocked(f->v));
	expect_note(f->v, id1, "one"); /* still unlocked and readable */
	assert_memory_not_equal(ebb_vault_kdf(f->v)->salt, before.salt, EBB_SALT_BYTES);
	ebb_vault_close(f->v);
	f->v = NULL;

	f->v = open_vault(f->path);
	EXPECT_RC(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), EBB_ERR_PASSPHRASE, err);
	EXPECT_OK(ebb_vault_unlock(f->v, NEWPASS, strlen(NEWPASS), &err), err);
	expect_note(f->v, id1, "one");
	expect_note(f->v, id2, "two");
	assert_int_equal(record_count(f->v), 2);
	assert_memory_equal(ebb_vault_id(f->v), vid, EBB_ID_BYTES);
	/* the vault key itself is unchanged */
	assert_memory_equal(ebb_vault_key(f->v), key, EBB_KEY_BYTES);
	/* and new writes work */
	uint8_t id3[EBB_ID_BYTES];
	add_checkin(f->v, AT0 + 7200, 1, "three", id3, false);
	expect_note(f->v, id3, "three");
}

/* A passwd that fails (the vault is locked) changes nothing. */
static void test_passwd_failure_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	uint8_t id[EBB_ID_BYTES], before[32], after[32];

	make_closed_vault(f, id);
	file_sha(f->path, before);
	f->v = open_vault(f->path);
	EXPECT_RC(ebb_vault_passwd(f->v, NEWPASS, strlen(NEWPASS), EBB_KDF_INTERACTIVE, &err),
	          EBB_ERR_LOCKED, err);
	ebb_vault_close(f->v);
	f->v = NULL;
	file_sha(f->path, after);
	assert_memory_equal(before, after, 32);
	/* the old passphrase still opens it, the new one does not */
	f->v = open_vault(f->path);
	EXPECT_RC(ebb_vault_unlock(f->v, NEWPASS, strlen(NEWPASS), &err), EBB_ERR_PASSPHRASE, err);
	EXPECT_OK(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), err);
	expect_note(f->v, id, "meta test");
}

/* ---------------------------------------------------------------------- */
/* Where the vault lives                                                   */

struct saved_env {
	char *ebb_vault, *xdg, *home;
};

static char *dup_env(const char *name)
{
	const char *v = getenv(name);

	return v ? strdup(v) : NULL;
}

static void restore_env(const char *name, char *val)
{
	if (val) {
		setenv(name, val, 1);
		free(val);
	} else {
		unsetenv(name);
	}
}

static void test_default_path(void **state)
{
	struct saved_env s = {dup_env("EBB_VAULT"), dup_env("XDG_DATA_HOME"), dup_env("HOME")};
	struct ebb_error err;
	char out[PATH_MAX], small[16];
	enum ebb_status rc_vault, rc_xdg, rc_rel, rc_home, rc_none, rc_small;
	char got_vault[PATH_MAX] = "", got_xdg[PATH_MAX] = "", got_rel[PATH_MAX] = "",
	     got_home[PATH_MAX] = "";

	(void)state;
	setenv("EBB_VAULT", "/srv/me/v.ebb", 1);
	setenv("XDG_DATA_HOME", "/data", 1);
	setenv("HOME", "/home/me", 1);
	rc_vault = ebb_vault_default_path(out, sizeof(out), &err);
	snprintf(got_vault, sizeof(got_vault), "%s", out);

	setenv("EBB_VAULT", "", 1); /* empty counts as unset */
	rc_xdg = ebb_vault_default_path(out, sizeof(out), &err);
	snprintf(got_xdg, sizeof(got_xdg), "%s", out);

	setenv("XDG_DATA_HOME", "relative/dir", 1); /* ignored: not absolute */
	rc_rel = ebb_vault_default_path(out, sizeof(out), &err);
	snprintf(got_rel, sizeof(got_rel), "%s", out);

	unsetenv("XDG_DATA_HOME");
	rc_home = ebb_vault_default_path(out, sizeof(out), &err);
	snprintf(got_home, sizeof(got_home), "%s", out);
	rc_small = ebb_vault_default_path(small, sizeof(small), &err);

	unsetenv("HOME");
	unsetenv("EBB_VAULT");
	rc_none = ebb_vault_default_path(out, sizeof(out), &err);

	restore_env("EBB_VAULT", s.ebb_vault);
	restore_env("XDG_DATA_HOME", s.xdg);
	restore_env("HOME", s.home);

	assert_int_equal(rc_vault, EBB_OK);
	assert_string_equal(got_vault, "/srv/me/v.ebb");
	assert_int_equal(rc_xdg, EBB_OK);
	assert_string_equal(got_xdg, "/data/ebb/vault.ebb");
	assert_int_equal(rc_rel, EBB_OK);
	assert_string_equal(got_rel, "/home/me/.local/share/ebb/vault.ebb");
	assert_int_equal(rc_home, EBB_OK);
	assert_string_equal(got_home, "/home/me/.local/share/ebb/vault.ebb");
	assert_int_equal(rc_small, EBB_ERR_INVALID);
	assert_int_equal(rc_none, EBB_ERR_INVALID);
}

/* ---------------------------------------------------------------------- */
/* The inbox: writing while locked                                         */

/* A check-in written while locked is sealed into the inbox (neither its
 * text nor its kind readable in the file), cannot be read back without the
 * key, and after unlocking is folded into an ordinary record carrying the
 * kind and time it was written with. */
static void test_inbox_locked_add_and_fold(void **state)
{
	struct fx *f = *state;
	static const char note[] = "wrote to her at 3am, did not send it - zq81";
	struct ebb_error err;
	struct ebb_record r;
	struct ebb_query q;
	uint8_t id[EBB_ID_BYTES], key[EBB_KEY_BYTES];
	char wal[PATH_MAX + 8];
	bool queued = false;
	size_t folded = 99;
	json_t *body;

	f->v = create_vault(f->path);
	memcpy(key, ebb_vault_key(f->v), sizeof(key));
	ebb_vault_close(f->v);
	f->v = NULL;
	f->v = open_vault(f->path);

	body = json_pack("{s:i}", "intensity", 4);
	assert_non_null(body);
	EXPECT_OK(ebb_record_add(f->v, "urge", AT0 - 86400, -18000, body, NULL, &queued, &err),
	          err);
	assert_true(queued);
	json_decref(body);
	body = json_pack("{s:i, s:s, s:[s]}", "intensity", 9, "note", note, "grieving", "self");
	assert_non_null(body);
	queued = false;
	EXPECT_OK(ebb_record_add(f->v, "checkin", AT0, 3600, body, id, &queued, &err), err);
	assert_true(queued);
	assert_int_equal(inbox_count(f->v), 2);
	assert_int_equal(record_count(f->v), 0); /* counting works locked */

	/* reading needs the key */
	EXPECT_RC(ebb_record_get(f->v, id, &r, &err), EBB_ERR_LOCKED, err);
	ebb_query_init(&q);
	EXPECT_RC(ebb_record_each(f->v, &q, NULL, NULL, &err), EBB_ERR_LOCKED, err);
	EXPECT_RC(ebb_vault_fold(f->v, &folded, &err), EBB_ERR_LOCKED, err);
	assert_int_equal(folded, 0);

	/* nothing readable in the file or its WAL */
	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	assert_true(exists(wal));
	assert_false(file_has(wal, note, strlen(note)));
	assert_false(file_has(f->path, note, strlen(note)));
	assert_false(file_has(wal, "zq81", 4));
	assert_false(file_has(wal, "checkin", 7));
	assert_false(file_has(f->path, "checkin", 7));
	ebb_vault_close(f->v);
	f->v = NULL;
	assert_false(file_has(f->path, note, strlen(note)));
	assert_false(file_has(f->path, "zq81", 4));
	assert_false(file_has(f->path, "checkin", 7));

	/* unlock and fold */
	f->v = open_vault(f->path);
	assert_int_equal(inbox_count(f->v), 2);
	EXPECT_OK(ebb_vault_unlock_key(f->v, key, &err), err);
	EXPECT_OK(ebb_vault_fold(f->v, &folded, &err), err);
	assert_int_equal(folded, 2);
	assert_int_equal(inbox_count(f->v), 0);
	assert_int_equal(record_count(f->v), 2);
	EXPECT_OK(ebb_record_get(f->v, id, &r, &err), err);
	assert_string_equal(r.kind, "checkin");
	assert_int_equal(r.at, AT0);
	assert_int_equal(r.offset, 3600);
	assert_int_equal(r.rev, 1);
	assert_false(r.deleted);
	assert_true(json_equal(r.body, body));
	ebb_record_clear(&r);

	/* folding again does nothing */
	EXPECT_OK(ebb_vault_fold(f->v, &folded, &err), err);
	assert_int_equal(folded, 0);
	assert_int_equal(record_count(f->v), 2);
	json_decref(body);
}

/* Builds the text of an inbox entry. */
static char *entry_text(const char *kind, int64_t at, json_t *body)
{
	uint8_t id[EBB_ID_BYTES];
	char ids[EBB_ID_STR];
	json_t *e;
	char *s;

	ebb_uuid7(id, at * 1000);
	ebb_id_format(ids, id);
	e = json_pack("{s:s, s:s, s:I, s:i, s:o}", "id", ids, "kind", kind, "at", (json_int_t)at,
	              "offset", 0, "body", body);
	assert_non_null(e);
	/* json_dumps memory belongs to jansson's (wiping) allocator: use our own */
	size_t n = json_dumpb(e, NULL, 0, JSON_COMPACT);
	assert_true(n > 0);
	s = malloc(n + 1);
	assert_non_null(s);
	assert_int_equal(json_dumpb(e, s, n, JSON_COMPACT), n);
	s[n] = '\0';
	json_decref(e);
	return s;
}

/* Seals text to the inbox key of the vault whose key is vault_key and
 * inserts it into the inbox of the file at path. */
static void inbox_put_sealed(const char *path, const uint8_t *vault_key, const char *text)
{
	struct ebb_keys *k = ebb_keys_new(vault_key);
	size_t n = strlen(text);
	uint8_t *box = malloc(n + EBB_BOXSEAL_BYTES);
	struct ebb_error err;

	assert_non_null(k);
	assert_non_null(box);
	EXPECT_OK(ebb_box_seal(box, (const uint8_t *)text, n, k->box_pk, &err), err);
	raw_inbox_put(path, box, n + EBB_BOXSEAL_BYTES);
	free(box);
	ebb_keys_free(k);
}

/* Inbox entries that cannot be opened or are malformed are kept aside and
 * reported; the good ones are still folded; nothing is dropped. */
static void test_fold_keeps_bad_entries_aside(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	uint8_t key[EBB_KEY_BYTES], okey[EBB_KEY_BYTES], junk[200];
	uint8_t id1[EBB_ID_BYTES], id2[EBB_ID_BYTES], before[32], after[32];
	char other[PATH_MAX + 16];
	size_t folded = 99;
	char *t;

	snprintf(other, sizeof(other), "%s/other.ebb", f->dir);
	f->w = create_vault(other);
	memcpy(okey, ebb_vault_key(f->w), sizeof(okey));
	ebb_vault_close(f->w);
	f->w = NULL;

	f->v = create_vault(f->path);
	memcpy(key, ebb_vault_key(f->v), sizeof(key));
	ebb_vault_lock(f->v);
	add_checkin(f->v, AT0, 2, "good one", id1, true);
	add_checkin(f->v, AT0 + 60, 3, "good two", id2, true);
	ebb_vault_close(f->v);
	f->v = NULL;

	/* #3 garbage, #4 too short to be a sealed box */
	ebb_random(junk, sizeof(junk));
	raw_inbox_put(f->path, junk, sizeof(junk));
	raw_inbox_put(f->path, junk, 10);
	/* #5 a well-formed entry sealed to another vault's key */
	t = entry_text("checkin", AT0, json_pack("{s:i}", "intensity", 5));
	inbox_put_sealed(f->path, okey, t);
	free(t);
	/* #6 sealed to this vault, but not JSON */
	inbox_put_sealed(f->path, key, "this is not json");
	/* #7 sealed to this vault, a body that fails validation */
	t = entry_text("checkin", AT0, json_pack("{s:i}", "intensity", 11));
	inbox_put_sealed(f->path, key, t);
	free(t);
	/* #8 sealed to this vault, a kind ebb does not know */
	t = entry_text("diary", AT0, json_pack("{s:s}", "text", "x"));
	inbox_put_sealed(f->path, key, t);
	free(t);

	f->v = open_vault(f->path);
	assert_int_equal(inbox_count(f->v), 8);
	EXPECT_OK(ebb_vault_unlock_key(f->v, key, &err), err);
	EXPECT_RC(ebb_vault_fold(f->v, &folded, &err), EBB_ERR_CORRUPT, err);
	assert_int_equal(folded, 2);
	assert_non_null(strstr(err.msg, "6 entries"));
	assert_non_null(strstr(err.msg, "#3"));
	assert_int_equal(inbox_count(f->v), 6);
	assert_int_equal(record_count(f->v), 2);
	expect_note(f->v, id1, "good one");
	expect_note(f->v, id2, "good two");
	ebb_vault_close(f->v);
	f->v = NULL;

	/* the bad rows are untouched; folding again moves nothing and says so */
	raw_inbox_sha(f->path, before);
	assert_int_equal(raw_int(f->path, "SELECT min(seq) FROM inbox"), 3);
	f->v = open_vault(f->path);
	EXPECT_OK(ebb_vault_unlock_key(f->v, key, &err), err);
	EXPECT_RC(ebb_vault_fold(f->v, &folded, &err), EBB_ERR_CORRUPT, err);
	assert_int_equal(folded, 0);
	assert_int_equal(inbox_count(f->v), 6);
	assert_int_equal(record_count(f->v), 2);
	ebb_vault_close(f->v);
	f->v = NULL;
	raw_inbox_sha(f->path, after);
	assert_memory_equal(before, after, 32);
}

/* A vault of an older format is brought forward when opened, and nothing in
 * it is lost: format 1 had no records_kind_at index. */
static void test_migrates_format_1(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	uint8_t a[EBB_ID_BYTES], b[EBB_ID_BYTES];

	f->v = create_vault(f->path);
	add_checkin(f->v, AT0, 3, "before the update", a, false);
	ebb_vault_close(f->v);
	f->v = open_vault(f->path);
	add_checkin(f->v, AT0 + 60, 6, "sealed before the update", b, true);
	ebb_vault_close(f->v);
	f->v = NULL;
	/* make it a format-1 vault, as ebb 0.1's first release wrote it */
	raw_exec(f->path, "DROP INDEX records_kind_at; PRAGMA user_version = 1;");
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema WHERE name ="
	                                  " 'records_kind_at'"),
	                 0);

	f->v = open_vault(f->path);
	ebb_vault_close(f->v);
	f->v = NULL;
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 2);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema WHERE name ="
	                                  " 'records_kind_at'"),
	                 1);
	assert_string_equal(raw_text_ok(f->path), "ok");

	f->v = open_vault(f->path);
	EXPECT_OK(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), err);
	EXPECT_OK(ebb_vault_fold(f->v, NULL, &err), err);
	expect_note(f->v, a, "before the update");
	expect_note(f->v, b, "sealed before the update");
}

int main(void)
{
	struct ebb_error err;
#define T(name) cmocka_unit_test_setup_teardown(name, setup_dir, teardown_dir)
	const struct CMUnitTest tests[] = {
	    T(test_create_mode_and_parent_dirs),
	    T(test_create_refuses_existing),
	    T(test_open_missing),
	    T(test_open_not_a_vault),
	    T(test_open_newer_format),
	    T(test_migrates_format_1),
	    T(test_pragmas_after_open),
	    T(test_wrong_passphrase),
	    T(test_lock_and_unlock_key),
	    T(test_two_handles_share_writes),
	    T(test_tamper_kdf_in_range),
	    T(test_tamper_kdf_out_of_range),
	    T(test_tamper_commitment_and_inbox_key),
	    T(test_tamper_wrapped_and_vault_id),
	    T(test_passwd),
	    T(test_passwd_failure_changes_nothing),
	    cmocka_unit_test(test_default_path),
	    T(test_inbox_locked_add_and_fold),
	    T(test_fold_keeps_bad_entries_aside),
	};
#undef T

	if (ebb_crypto_init(&err) != EBB_OK) {
		fprintf(stderr, "ebb_crypto_init: %s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests_name("vault", tests, NULL, NULL);
}
