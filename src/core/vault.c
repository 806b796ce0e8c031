/*
 * vault.c — creating, opening, unlocking and re-keying a vault, and folding
 * its inbox. See vault.h for the contract and crypto.h for the keys.
 *
 * Clear metadata (table meta): vault_id, kdf (EBB_KDF_BLOB bytes), wrapped
 * (the vault key sealed under the wrapping key, binding "ebb-wrap-v1",
 * the vault id and the kdf blob), commitment, inbox_pk, created, and demo
 * (the integer 1 on a vault of made-up records from `ebb demo`, else absent).
 */
#include "vault.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "record.h"
#include "store.h"
#include "vault_impl.h"

static const char wrap_label[] = "ebb-wrap-v1";

static void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void kdf_encode(uint8_t out[EBB_KDF_BLOB], const struct ebb_kdf *k)
{
	put_le(out, k->ops, 8);
	put_le(out + 8, k->mem, 8);
	put_le(out + 16, k->alg, 4);
	memcpy(out + 20, k->salt, EBB_SALT_BYTES);
}

static void kdf_decode(struct ebb_kdf *k, const uint8_t in[EBB_KDF_BLOB])
{
	k->ops = get_le(in, 8);
	k->mem = get_le(in + 8, 8);
	k->alg = (uint32_t)get_le(in + 16, 4);
	memcpy(k->salt, in + 20, EBB_SALT_BYTES);
}

/* The associated data of the wrapped key: label, vault id, kdf blob. */
static size_t wrap_ad(uint8_t *ad, const uint8_t id[EBB_ID_BYTES], const struct ebb_kdf *k)
{
	size_t n = sizeof(wrap_label) - 1;

	memcpy(ad, wrap_label, n);
	memcpy(ad + n, id, EBB_ID_BYTES);
	kdf_encode(ad + n + EBB_ID_BYTES, k);
	return n + EBB_ID_BYTES + EBB_KDF_BLOB;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ebb_vault_new_id(struct ebb_vault *v, uint8_t out[EBB_ID_BYTES])
{
	int64_t ms = now_ms();

	if (ms <= v->last_ms)
		ms = v->last_ms + 1;
	v->last_ms = ms;
	ebb_uuid7(out, ms);
}

enum ebb_status ebb_vault_default_path(char *out, size_t size, struct ebb_error *err)
{
	const char *env = getenv("EBB_VAULT");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;

	if (env && *env)
		n = snprintf(out, size, "%s", env);
	else if (xdg && xdg[0] == '/')
		n = snprintf(out, size, "%s/ebb/vault.ebb", xdg);
	else if (home && *home)
		n = snprintf(out, size, "%s/.local/share/ebb/vault.ebb", home);
	else
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "cannot tell where the vault lives: set HOME or use --vault");
	if (n < 0 || (size_t)n >= size)
		return ebb_error_set(err, EBB_ERR_INVALID, "the vault path is too long");
	return EBB_OK;
}

/* Reads the optional demo mark: a vault without it is not a demo. */
static enum ebb_status load_demo(struct ebb_vault *v, struct ebb_error *err)
{
	sqlite3_stmt *st = NULL;
	int src =
	    sqlite3_prepare_v2(v->db, "SELECT value FROM meta WHERE key = 'demo'", -1, &st, NULL);

	if (src == SQLITE_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		v->demo = sqlite3_column_int64(st, 0) == 1;
		src = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? EBB_OK : ebb_store_fail(v->db, src, "reading the vault", err);
}

/* Reads the clear metadata into v. */
static enum ebb_status load_meta(struct ebb_vault *v, struct ebb_error *err)
{
	uint8_t kdf[EBB_KDF_BLOB];
	size_t n = 0;
	enum ebb_status rc;

#define GET(key, dst, want)                                                                        \
	do {                                                                                       \
		rc = ebb_store_meta_get(v->db, key, dst, want, &n, err);                           \
		if (rc != EBB_OK)                                                                  \
			return rc;                                                                 \
		if (n != (want))                                                                   \
			return ebb_error_set(err, EBB_ERR_CORRUPT, "the vault's %s is malformed",  \
			                     key);                                                 \
	} while (0)
	GET("vault_id", v->id, EBB_ID_BYTES);
	GET("kdf", kdf, EBB_KDF_BLOB);
	GET("wrapped", v->wrapped, EBB_WRAPPED_BYTES);
	GET("commitment", v->commitment, sizeof(v->commitment));
	GET("inbox_pk", v->inbox_pk, EBB_KEY_BYTES);
#undef GET
	kdf_decode(&v->kdf, kdf);
	rc = ebb_kdf_check(&v->kdf, err);
	if (rc == EBB_OK)
		rc = load_demo(v, err);
	return rc;
}

static struct ebb_vault *vault_new(const char *path)
{
	struct ebb_vault *v = calloc(1, sizeof(*v));

	if (v == NULL)
		return NULL;
	v->path = strdup(path);
	if (v->path == NULL) {
		free(v);
		return NULL;
	}
	return v;
}

enum ebb_status ebb_vault_open(struct ebb_vault **out, const char *path, struct ebb_error *err)
{
	struct ebb_vault *v;
	enum ebb_status rc = ebb_crypto_init(err);

	*out = NULL;
	if (rc != EBB_OK)
		return rc;
	v = vault_new(path);
	if (v == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	rc = ebb_store_open(&v->db, path, false, err);
	if (rc == EBB_OK)
		rc = load_meta(v, err);
	if (rc != EBB_OK) {
		ebb_vault_close(v);
		return rc;
	}
	*out = v;
	return EBB_OK;
}

void ebb_vault_close(struct ebb_vault *v)
{
	if (v == NULL)
		return;
	ebb_keys_free(v->keys);
	ebb_store_close(v->db);
	free(v->path);
	free(v);
}

/* Checks a candidate vault key against the stored commitment and inbox
 * key, and on success keeps it (and its derived keys) in v. */
static enum ebb_status adopt_key(struct ebb_vault *v, const uint8_t *key, struct ebb_error *err)
{
	uint8_t c[32];
	struct ebb_keys *k;

	ebb_key_commitment(c, key, v->id);
	if (sodium_memcmp(c, v->commitment, sizeof(c)) != 0)
		return ebb_error_set(err, EBB_ERR_CORRUPT,
		                     "the vault key failed its check: the file was altered");
	k = ebb_keys_new(key);
	if (k == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	if (sodium_memcmp(k->box_pk, v->inbox_pk, EBB_KEY_BYTES) != 0) {
		ebb_keys_free(k);
		return ebb_error_set(err, EBB_ERR_CORRUPT,
		                     "the vault's inbox key was altered outside ebb");
	}
	ebb_keys_free(v->keys);
	v->keys = k;
	return EBB_OK;
}

enum ebb_status ebb_vault_unlock(struct ebb_vault *v, const char *pass, size_t passlen,
                                 struct ebb_error *err)
{
	uint8_t ad[sizeof(wrap_label) + EBB_ID_BYTES + EBB_KDF_BLOB];
	uint8_t *wkey = sodium_malloc(EBB_KEY_BYTES);
	uint8_t *key = sodium_malloc(EBB_KEY_BYTES);
	enum ebb_status rc;
	size_t adlen;

	if (wkey == NULL || key == NULL) {
		rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		goto done;
	}
	rc = ebb_kdf_derive(wkey, pass, passlen, &v->kdf, err);
	if (rc != EBB_OK)
		goto done;
	adlen = wrap_ad(ad, v->id, &v->kdf);
	if (!ebb_open(key, v->wrapped, sizeof(v->wrapped), ad, adlen, wkey)) {
		rc = ebb_error_set(err, EBB_ERR_PASSPHRASE,
		                   "that passphrase does not open this vault");
		goto done;
	}
	rc = adopt_key(v, key, err);
done:
	sodium_free(wkey);
	sodium_free(key);
	return rc;
}

enum ebb_status ebb_vault_unlock_key(struct ebb_vault *v, const uint8_t key[EBB_KEY_BYTES],
                                     struct ebb_error *err)
{
	enum ebb_status rc = adopt_key(v, key, err);

	if (rc == EBB_ERR_CORRUPT)
		return ebb_error_set(err, EBB_ERR_PASSPHRASE,
		                     "the remembered key does not open this vault");
	return rc;
}

void ebb_vault_lock(struct ebb_vault *v)
{
	ebb_keys_free(v->keys);
	v->keys = NULL;
}

bool ebb_vault_is_unlocked(const struct ebb_vault *v)
{
	return v->keys != NULL;
}

const uint8_t *ebb_vault_key(const struct ebb_vault *v)
{
	return v->keys ? v->keys->vault : NULL;
}

const uint8_t *ebb_vault_id(const struct ebb_vault *v)
{
	return v->id;
}

const char *ebb_vault_path(const struct ebb_vault *v)
{
	return v->path;
}

const struct ebb_kdf *ebb_vault_kdf(const struct ebb_vault *v)
{
	return &v->kdf;
}

/*
 * Wraps keys->vault under pass with fresh parameters at level, filling
 * kdf_out, wrapped_out.
 */
static enum ebb_status wrap_key(const struct ebb_keys *keys, const uint8_t id[EBB_ID_BYTES],
                                const char *pass, size_t passlen, enum ebb_kdf_level level,
                                struct ebb_kdf *kdf_out, uint8_t wrapped_out[EBB_WRAPPED_BYTES],
                                struct ebb_error *err)
{
	uint8_t ad[sizeof(wrap_label) + EBB_ID_BYTES + EBB_KDF_BLOB];
	uint8_t *wkey = sodium_malloc(EBB_KEY_BYTES);
	enum ebb_status rc;
	size_t adlen;

	if (wkey == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	ebb_kdf_default(kdf_out, level);
	rc = ebb_kdf_derive(wkey, pass, passlen, kdf_out, err);
	if (rc == EBB_OK) {
		adlen = wrap_ad(ad, id, kdf_out);
		ebb_seal(wrapped_out, keys->vault, EBB_KEY_BYTES, ad, adlen, wkey);
	}
	sodium_free(wkey);
	return rc;
}

static enum ebb_status put_key_meta(sqlite3 *db, const struct ebb_kdf *kdf,
                                    const uint8_t wrapped[EBB_WRAPPED_BYTES], struct ebb_error *err)
{
	uint8_t blob[EBB_KDF_BLOB];
	enum ebb_status rc;

	kdf_encode(blob, kdf);
	rc = ebb_store_meta_put(db, "kdf", blob, sizeof(blob), err);
	if (rc == EBB_OK)
		rc = ebb_store_meta_put(db, "wrapped", wrapped, EBB_WRAPPED_BYTES, err);
	return rc;
}

enum ebb_status ebb_vault_passwd(struct ebb_vault *v, const char *newpass, size_t newlen,
                                 enum ebb_kdf_level level, struct ebb_error *err)
{
	struct ebb_kdf kdf;
	uint8_t wrapped[EBB_WRAPPED_BYTES];
	enum ebb_status rc;

	if (v->keys == NULL)
		return ebb_error_set(err, EBB_ERR_LOCKED, "the vault is locked");
	rc = wrap_key(v->keys, v->id, newpass, newlen, level, &kdf, wrapped, err);
	if (rc != EBB_OK)
		return rc;
	rc = ebb_store_begin(v->db, err);
	if (rc != EBB_OK)
		return rc;
	rc = put_key_meta(v->db, &kdf, wrapped, err);
	if (rc != EBB_OK) {
		ebb_store_rollback(v->db);
		return rc;
	}
	rc = ebb_store_commit(v->db, err);
	if (rc != EBB_OK)
		return rc;
	v->kdf = kdf;
	memcpy(v->wrapped, wrapped, sizeof(wrapped));
	return EBB_OK;
}

/* Makes dir (and missing parents) with mode 0700. */
static enum ebb_status make_dirs(const char *dir, struct ebb_error *err)
{
	char tmp[PATH_MAX];
	struct stat sb;
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(tmp))
		return ebb_error_set(err, EBB_ERR_INVALID, "the vault path is too long");
	memcpy(tmp, dir, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
			return ebb_error_set(err, EBB_ERR_IO, "cannot create %s: %s", tmp,
			                     strerror(errno));
		*p = '/';
	}
	if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
		return ebb_error_set(err, EBB_ERR_IO, "cannot create %s: %s", tmp, strerror(errno));
	if (stat(tmp, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return ebb_error_set(err, EBB_ERR_IO, "%s is not a directory", tmp);
	return EBB_OK;
}

/* fsyncs a file or directory by path. */
static int sync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

/* Fills a fresh store with the vault's metadata in one transaction. */
static enum ebb_status write_new_meta(sqlite3 *db, const struct ebb_vault *v,
                                      const struct ebb_kdf *kdf,
                                      const uint8_t wrapped[EBB_WRAPPED_BYTES],
                                      struct ebb_error *err)
{
	uint8_t commit[32];
	int64_t created = (int64_t)time(NULL);
	uint8_t cbuf[8];
	enum ebb_status rc = ebb_store_begin(db, err);

	if (rc != EBB_OK)
		return rc;
	ebb_key_commitment(commit, v->keys->vault, v->id);
	put_le(cbuf, (uint64_t)created, 8);
	rc = ebb_store_meta_put(db, "vault_id", v->id, EBB_ID_BYTES, err);
	if (rc == EBB_OK)
		rc = put_key_meta(db, kdf, wrapped, err);
	if (rc == EBB_OK)
		rc = ebb_store_meta_put(db, "commitment", commit, sizeof(commit), err);
	if (rc == EBB_OK)
		rc = ebb_store_meta_put(db, "inbox_pk", v->keys->box_pk, EBB_KEY_BYTES, err);
	if (rc == EBB_OK)
		rc = ebb_store_meta_put(db, "created", cbuf, sizeof(cbuf), err);
	if (rc != EBB_OK) {
		ebb_store_rollback(db);
		return rc;
	}
	return ebb_store_commit(db, err);
}

/* Removes SQLite's -journal, -wal and -shm files beside path. */
static void unlink_sidecars(const char *path)
{
	static const char *const ends[] = {"-journal", "-wal", "-shm"};
	char side[PATH_MAX + 16];

	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		if (snprintf(side, sizeof(side), "%s%s", path, ends[i]) < (int)sizeof(side))
			unlink(side);
}

enum ebb_status ebb_vault_create(struct ebb_vault **out, const char *path, const char *pass,
                                 size_t passlen, enum ebb_kdf_level level, struct ebb_error *err)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	struct ebb_vault *v = NULL, *opened = NULL;
	struct ebb_kdf kdf;
	uint8_t wrapped[EBB_WRAPPED_BYTES];
	sqlite3 *db = NULL;
	struct stat sb;
	enum ebb_status rc = ebb_crypto_init(err);
	const char *slash;
	int fd, n;
	bool made_tmp = false, linked = false;

	*out = NULL;
	if (rc != EBB_OK)
		return rc;
	slash = strrchr(path, '/');
	n = slash == NULL ? snprintf(dir, sizeof(dir), ".")
	                  : snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (slash == path)
		n = snprintf(dir, sizeof(dir), "/");
	if (n < 0 || (size_t)n >= sizeof(dir) || strlen(path) + 16 >= sizeof(tmp))
		return ebb_error_set(err, EBB_ERR_INVALID, "the vault path is too long");
	if (lstat(path, &sb) == 0)
		return ebb_error_set(err, EBB_ERR_EXISTS, "a vault already exists at %s", path);
	rc = make_dirs(dir, err);
	if (rc != EBB_OK)
		return rc;

	snprintf(tmp, sizeof(tmp), "%s.new-XXXXXX", path);
	fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0)
		return ebb_error_set(err, EBB_ERR_IO, "cannot create a vault in %s: %s", dir,
		                     strerror(errno));
	close(fd);
	made_tmp = true;

	v = vault_new(path);
	if (v == NULL || (v->keys = ebb_keys_new(NULL)) == NULL) {
		rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		goto done;
	}
	ebb_vault_new_id(v, v->id);
	rc = wrap_key(v->keys, v->id, pass, passlen, level, &kdf, wrapped, err);
	if (rc != EBB_OK)
		goto done;
	rc = ebb_store_open(&db, tmp, true, err);
	if (rc != EBB_OK)
		goto done;
	rc = write_new_meta(db, v, &kdf, wrapped, err);
	if (rc == EBB_OK)
		rc = ebb_store_finish_create(db, err);
	ebb_store_close(db);
	if (rc != EBB_OK)
		goto done;
	if (sync_path(tmp, O_RDONLY) != 0 || link(tmp, path) != 0) {
		rc = errno == EEXIST
		         ? ebb_error_set(err, EBB_ERR_EXISTS, "a vault already exists at %s", path)
		         : ebb_error_set(err, EBB_ERR_IO, "cannot create %s: %s", path,
		                         strerror(errno));
		goto done;
	}
	linked = true;
	sync_path(dir, O_RDONLY | O_DIRECTORY);

	rc = ebb_vault_open(&opened, path, err);
	if (rc != EBB_OK)
		goto done;
	rc = adopt_key(opened, v->keys->vault, err);
	if (rc != EBB_OK)
		goto done;
	*out = opened;
	opened = NULL;
done:
	if (rc != EBB_OK && linked) {
		/* the vault we linked could not be opened: take it away again, but
		 * only if the path is still our file */
		struct stat a, b;
		ebb_vault_close(opened);
		opened = NULL;
		if (stat(tmp, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
		    a.st_dev == b.st_dev) {
			unlink(path);
			unlink_sidecars(path);
		}
	}
	if (made_tmp) {
		unlink(tmp);
		unlink_sidecars(tmp);
	}
	ebb_vault_close(opened);
	ebb_vault_close(v);
	return rc;
}

enum ebb_status ebb_vault_begin(struct ebb_vault *v, struct ebb_error *err)
{
	return ebb_store_begin(v->db, err);
}

enum ebb_status ebb_vault_commit(struct ebb_vault *v, struct ebb_error *err)
{
	return ebb_store_commit(v->db, err);
}

void ebb_vault_rollback(struct ebb_vault *v)
{
	ebb_store_rollback(v->db);
}

enum ebb_status ebb_vault_mark_demo(struct ebb_vault *v, struct ebb_error *err)
{
	bool own = sqlite3_get_autocommit(v->db) != 0;
	enum ebb_status rc = own ? ebb_store_begin(v->db, err) : EBB_OK;
	int src;

	if (rc != EBB_OK)
		return rc;
	/* the integer 1, not a blob, so that `sqlite3 vault.ebb` shows it plainly */
	src = sqlite3_exec(v->db, "INSERT OR REPLACE INTO meta(key, value) VALUES('demo', 1)", NULL,
	                   NULL, NULL);
	if (src != SQLITE_OK) {
		rc = ebb_store_fail(v->db, src, "marking the demo vault", err);
		if (own)
			ebb_store_rollback(v->db);
		return rc;
	}
	if (own)
		rc = ebb_store_commit(v->db, err);
	if (rc == EBB_OK)
		v->demo = true;
	return rc;
}

bool ebb_vault_is_demo(const struct ebb_vault *v)
{
	return v->demo;
}

enum ebb_status ebb_vault_inbox_count(struct ebb_vault *v, size_t *count, struct ebb_error *err)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(v->db, "SELECT count(*) FROM inbox", -1, &st, NULL);

	if (src == SQLITE_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		*count = (size_t)sqlite3_column_int64(st, 0);
		src = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return src == SQLITE_OK ? EBB_OK : ebb_store_fail(v->db, src, "reading the inbox", err);
}

/*
 * Turns one opened inbox entry (JSON text) into a record row. The entry is
 * {"id": "...", "kind": "...", "at": N, "offset": N, "body": {...}}.
 */
static enum ebb_status fold_one(struct ebb_vault *v, int64_t seq, const char *text, size_t len,
                                struct ebb_error *err)
{
	json_error_t jerr;
	json_t *e = json_loadb(text, len, 0, &jerr);
	json_t *body;
	const char *kind, *ids;
	json_int_t at, offset;
	uint8_t id[EBB_ID_BYTES];
	enum ebb_status rc;

	if (e == NULL ||
	    json_unpack(e, "{s:s, s:s, s:I, s:I, s:o}", "id", &ids, "kind", &kind, "at", &at,
	                "offset", &offset, "body", &body) != 0 ||
	    !ebb_id_parse(id, ids) || !ebb_kind_known(kind) || offset < -86400 || offset > 86400) {
		rc = ebb_error_set(
		    err, EBB_ERR_CORRUPT,
		    "an entry written while the vault was locked (#%lld) is malformed",
		    (long long)seq);
		goto done;
	}
	rc = ebb_record_validate(kind, body, err);
	if (rc != EBB_OK) {
		rc = ebb_error_set(
		    err, EBB_ERR_CORRUPT,
		    "an entry written while the vault was locked (#%lld) is malformed",
		    (long long)seq);
		goto done;
	}
	rc = ebb_record_write_rev(v, id, 1, kind, (int64_t)at, (int32_t)offset, body, true, NULL,
	                          err);
done:
	json_decref(e);
	return rc;
}

static void note_bad(size_t *bad, int64_t *first, int64_t seq)
{
	if ((*bad)++ == 0)
		*first = seq;
}

enum ebb_status ebb_vault_fold(struct ebb_vault *v, size_t *folded, struct ebb_error *err)
{
	size_t bad = 0;
	int64_t first_bad = 0;
	sqlite3_stmt *sel = NULL, *del = NULL;
	uint8_t *plain = NULL;
	size_t plaincap = 0, n = 0, pending = 0;
	enum ebb_status rc;
	int src;

	if (folded)
		*folded = 0;
	if (v->keys == NULL)
		return ebb_error_set(err, EBB_ERR_LOCKED, "the vault is locked");
	rc = ebb_vault_inbox_count(v, &pending, err);
	if (rc != EBB_OK || pending == 0)
		return rc;
	rc = ebb_store_begin(v->db, err);
	if (rc != EBB_OK)
		return rc;
	src =
	    sqlite3_prepare_v2(v->db, "SELECT seq, sealed FROM inbox ORDER BY seq", -1, &sel, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_prepare_v2(v->db, "DELETE FROM inbox WHERE seq = ?", -1, &del, NULL);
	if (src != SQLITE_OK) {
		rc = ebb_store_fail(v->db, src, "reading the inbox", err);
		goto done;
	}
	while ((src = sqlite3_step(sel)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(sel, 0);
		const uint8_t *in = sqlite3_column_blob(sel, 1);
		size_t inlen = (size_t)sqlite3_column_bytes(sel, 1);
		size_t outlen;

		if (inlen < EBB_BOXSEAL_BYTES || inlen > EBB_BODY_MAX + 4096) {
			note_bad(&bad, &first_bad, seq);
			continue;
		}
		outlen = inlen - EBB_BOXSEAL_BYTES;
		if (outlen + 1 > plaincap) {
			sodium_free(plain);
			plaincap = outlen + 1;
			plain = sodium_malloc(plaincap);
			if (plain == NULL) {
				rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
				goto done;
			}
		}
		if (!ebb_box_open(plain, in, inlen, v->keys)) {
			note_bad(&bad, &first_bad, seq);
			continue;
		}
		rc = fold_one(v, seq, (const char *)plain, outlen, err);
		sodium_memzero(plain, outlen);
		if (rc == EBB_ERR_CORRUPT) {
			note_bad(&bad, &first_bad, seq);
			rc = EBB_OK;
			continue;
		}
		if (rc != EBB_OK)
			goto done;
		sqlite3_bind_int64(del, 1, seq);
		src = sqlite3_step(del);
		sqlite3_reset(del);
		if (src != SQLITE_DONE) {
			rc = ebb_store_fail(v->db, src, "moving entries from the inbox", err);
			goto done;
		}
		n++;
	}
	if (src != SQLITE_DONE) {
		rc = ebb_store_fail(v->db, src, "reading the inbox", err);
		goto done;
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(del);
	sel = del = NULL;
	rc = ebb_store_commit(v->db, err);
	if (rc == EBB_OK && folded)
		*folded = n;
	if (rc == EBB_OK && bad)
		rc = ebb_error_set(
		    err, EBB_ERR_CORRUPT,
		    "%zu %s written while the vault was locked (first #%lld) cannot "
		    "be opened: altered, damaged or sealed to another key; kept aside "
		    "in the inbox",
		    bad, bad == 1 ? "entry" : "entries", (long long)first_bad);
done:
	sqlite3_finalize(sel);
	sqlite3_finalize(del);
	sodium_free(plain);
	ebb_store_rollback(v->db); /* no-op once committed */
	return rc;
}

enum ebb_status ebb_vault_data_version(struct ebb_vault *v, uint64_t *out, struct ebb_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(v->db, "PRAGMA data_version", -1, &st, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = (uint64_t)sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		return EBB_OK;
	}
	sqlite3_finalize(st);
	return ebb_store_fail(v->db, rc, "reading the vault's version", err);
}
