/*
 * test_record.c — unit tests for src/core/record.c: the record kinds and
 * their bodies, adding, reading, editing, deleting and querying records,
 * importing raw revisions, and the detection of every kind of tampering
 * with a sealed body or the clear columns bound to it.
 *
 * What a person would notice if these broke: a check-in of 11 accepted, an
 * edit that loses the earlier text or a delete that keeps it, `ebb log`
 * showing the wrong records, an altered record shown as if it were theirs
 * (or silently skipped), their words readable in the vault file, and — for
 * the faster ways of reading a whole kind (`ebb waves`) and of parsing
 * bodies — a record missing, doubled, out of order or read differently
 * from what the plain per-row way and json_loadb give.
 *
 * Every test has its own temp dir under /tmp (removed afterwards) and its
 * vault uses EBB_KDF_INTERACTIVE. Tampering is done with plain sqlite3.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "record.h"
#include "vault.h"

static const char PASS[] = "correct horse battery staple";

#define AT0  INT64_C(1772654400) /* 2026-03-04T20:00:00Z */
#define HOUR INT64_C(3600)

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

struct fx {
	char dir[64];
	char path[PATH_MAX];
	struct ebb_vault *v, *w;
	uint8_t key[EBB_KEY_BYTES]; /* the vault key of v, to reopen fast */
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
	snprintf(f->dir, sizeof(f->dir), "/tmp/ebb-record-XXXXXX");
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

/* Creates the vault at f->path into f->v, unlocked, and keeps its key. */
static void create_vault(struct fx *f)
{
	struct ebb_error err;

	EXPECT_OK(ebb_vault_create(&f->v, f->path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err),
	          err);
	memcpy(f->key, ebb_vault_key(f->v), EBB_KEY_BYTES);
}

static void close_vault(struct fx *f)
{
	ebb_vault_close(f->v);
	f->v = NULL;
}

/* Opens f->path into f->v and unlocks it with the kept key. */
static void reopen_vault(struct fx *f)
{
	struct ebb_error err;

	close_vault(f);
	EXPECT_OK(ebb_vault_open(&f->v, f->path, &err), err);
	EXPECT_OK(ebb_vault_unlock_key(f->v, f->key, &err), err);
}

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &jerr);

	if (j == NULL)
		fail_msg("bad JSON in test: %s: %s", text, jerr.text);
	return j;
}

/* Adds a record whose body is given as JSON text; fills id. */
static void add(struct ebb_vault *v, const char *kind, int64_t at, const char *body,
                uint8_t id[EBB_ID_BYTES])
{
	json_t *b = parse(body);
	struct ebb_error err;
	bool queued = true;

	EXPECT_OK(ebb_record_add(v, kind, at, 0, b, id, &queued, &err), err);
	assert_false(queued);
	json_decref(b);
}

static void update(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES], const char *body)
{
	json_t *b = parse(body);
	struct ebb_error err;

	EXPECT_OK(ebb_record_update(v, id, b, NULL, NULL, &err), err);
	json_decref(b);
}

static void expect_body(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES], const char *body)
{
	struct ebb_record r;
	struct ebb_error err;
	json_t *want = parse(body);

	EXPECT_OK(ebb_record_get(v, id, &r, &err), err);
	assert_false(r.deleted);
	assert_non_null(r.body);
	if (!json_equal(r.body, want)) {
		ebb_record_clear(&r);
		json_decref(want);
		fail_msg("record body differs from %s", body);
	}
	ebb_record_clear(&r);
	json_decref(want);
}

static size_t count(struct ebb_vault *v, const char *kind)
{
	size_t n = 999;
	struct ebb_error err;

	EXPECT_OK(ebb_record_count(v, kind, &n, &err), err);
	return n;
}

static size_t inbox_count(struct ebb_vault *v)
{
	size_t n = 999;
	struct ebb_error err;

	EXPECT_OK(ebb_vault_inbox_count(v, &n, &err), err);
	return n;
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

/* Runs one statement with the id bound to ?1 (when id is non-NULL);
 * returns the first column of the first row as an integer, or the number
 * of changed rows when there is no row. */
static int64_t raw_id(const char *path, const char *sql, const uint8_t *id)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st = NULL;
	int64_t v;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
		sqlite3_close(db);
		fail_msg("prepare failed");
	}
	if (id)
		sqlite3_bind_blob(st, 1, id, EBB_ID_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		v = sqlite3_changes(db);
	else
		v = -1;
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (v < 0)
		fail_msg("%s failed", sql);
	return v;
}

/* Reads the body of (id, rev) into a malloc'd buffer. */
static uint8_t *raw_body(const char *path, const uint8_t id[EBB_ID_BYTES], int rev, size_t *len)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st = NULL;
	uint8_t *out = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT body FROM records WHERE id = ? AND rev = ?",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_blob(st, 1, id, EBB_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, rev);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	*len = (size_t)sqlite3_column_bytes(st, 0);
	if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		out = malloc(*len);
		assert_non_null(out);
		memcpy(out, sqlite3_column_blob(st, 0), *len);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static void raw_set_body(const char *path, const uint8_t id[EBB_ID_BYTES], int rev,
                         const uint8_t *body, size_t len)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "UPDATE records SET body = ?3 WHERE id = ?1 AND"
	                                    " rev = ?2",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_blob(st, 1, id, EBB_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, rev);
	if (body)
		sqlite3_bind_blob(st, 3, body, (int)len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

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

static bool file_has(const char *path, const void *needle, size_t len)
{
	size_t n;
	uint8_t *b = file_read(path, &n);
	bool found = b && memmem(b, n, needle, len) != NULL;

	free(b);
	return found;
}

/* What ebb_record_each handed to its callback. */
struct seen {
	size_t n;
	uint8_t id[32][EBB_ID_BYTES];
	uint32_t rev[32];
	bool deleted[32];
	bool has_body[32];
	bool wiped[32];
	int64_t at[32];
	char kind[32][EBB_KIND_MAX];
	enum ebb_status stop_after; /* with limit: status to return */
	size_t limit;               /* 0: never stop */
};

static enum ebb_status collect(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct seen *s = ctx;

	if (s->n >= 32)
		return ebb_error_set(err, EBB_ERR_INTERNAL, "too many records for the test");
	memcpy(s->id[s->n], r->id, EBB_ID_BYTES);
	s->rev[s->n] = r->rev;
	s->deleted[s->n] = r->deleted;
	s->has_body[s->n] = r->body != NULL;
	s->wiped[s->n] = r->wiped;
	s->at[s->n] = r->at;
	memcpy(s->kind[s->n], r->kind, EBB_KIND_MAX);
	s->n++;
	if (s->limit && s->n >= s->limit)
		return ebb_error_set(err, s->stop_after, "stopped by the test");
	return EBB_OK;
}

static enum ebb_status each(struct ebb_vault *v, const struct ebb_query *q, struct seen *s,
                            struct ebb_error *err)
{
	memset(s, 0, sizeof(*s));
	ebb_error_clear(err);
	return ebb_record_each(v, q, collect, s, err);
}

static bool seen_id(const struct seen *s, const uint8_t id[EBB_ID_BYTES])
{
	for (size_t i = 0; i < s->n; i++)
		if (memcmp(s->id[i], id, EBB_ID_BYTES) == 0)
			return true;
	return false;
}

/* The query returned exactly these ids (latest revisions), in this order. */
static void expect_ids(struct ebb_vault *v, const struct ebb_query *q, size_t n,
                       const uint8_t (*const ids[])[EBB_ID_BYTES])
{
	struct seen s;
	struct ebb_error err;

	EXPECT_OK(each(v, q, &s, &err), err);
	if (s.n != n)
		fail_msg("query returned %zu records, want %zu", s.n, n);
	for (size_t i = 0; i < n; i++)
		if (memcmp(s.id[i], *ids[i], EBB_ID_BYTES) != 0)
			fail_msg("query record %zu is not the expected one", i);
}

/* Frees text from json_dumps, made by jansson's (ebb's wiping) allocator. */
static void json_text_free(char *t)
{
	json_malloc_t m;
	json_free_t fr;

	json_get_alloc_funcs(&m, &fr);
	fr(t);
}

/* Everything a walk handed out, each body as compact JSON text. */
struct walked {
	struct walked_rec {
		uint8_t id[EBB_ID_BYTES];
		char kind[EBB_KIND_MAX];
		int64_t at;
		int32_t offset;
		uint32_t rev;
		bool deleted, wiped;
		char *body; /* NULL without one */
	} * v;
	size_t n, cap;
};

static enum ebb_status walk_keep(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct walked *w = ctx;
	struct walked_rec *k;

	(void)err;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 64;
		w->v = realloc(w->v, w->cap * sizeof(*w->v));
		assert_non_null(w->v);
	}
	k = &w->v[w->n++];
	memcpy(k->id, r->id, EBB_ID_BYTES);
	memcpy(k->kind, r->kind, EBB_KIND_MAX);
	k->at = r->at;
	k->offset = r->offset;
	k->rev = r->rev;
	k->deleted = r->deleted;
	k->wiped = r->wiped;
	k->body = r->body ? json_dumps(r->body, JSON_COMPACT) : NULL;
	if (r->body)
		assert_non_null(k->body);
	return EBB_OK;
}

/* Keeps each body (a reference) in the array ctx. */
static enum ebb_status keep_body(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	(void)err;
	assert_int_equal(json_array_append(ctx, r->body), 0);
	return EBB_OK;
}

static void walked_free(struct walked *w)
{
	for (size_t i = 0; i < w->n; i++)
		json_text_free(w->v[i].body);
	free(w->v);
	memset(w, 0, sizeof(*w));
}

/*
 * The walk q as asked, and the same walk made to look up each row's latest
 * revision on its own (a bound that cuts nothing: the way ebb read every
 * walk before the faster ones), hand out exactly the same records in the
 * same order, or fail the same way. Returns how many records were read.
 */
static size_t expect_same_walks(struct ebb_vault *v, const struct ebb_query *q, const char *what)
{
	struct ebb_query slow = *q;
	struct walked a = {0}, b = {0};
	struct ebb_error ea, eb;
	enum ebb_status ra, rb;
	size_t n;

	if (slow.from == INT64_MIN)
		slow.from = INT64_MIN + 1;
	ebb_error_clear(&ea);
	ebb_error_clear(&eb);
	ra = ebb_record_each(v, q, walk_keep, &a, &ea);
	rb = ebb_record_each(v, &slow, walk_keep, &b, &eb);
	if (ra != rb)
		fail_msg("%s: the walk returned %d (%s), the per-row way %d (%s)", what, (int)ra,
		         ea.msg, (int)rb, eb.msg);
	if (ra != EBB_OK && strcmp(ea.msg, eb.msg) != 0)
		fail_msg("%s: the walk said '%s', the per-row way '%s'", what, ea.msg, eb.msg);
	if (a.n != b.n)
		fail_msg("%s: the walk read %zu records, the per-row way %zu", what, a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		const struct walked_rec *x = &a.v[i], *y = &b.v[i];

		if (memcmp(x->id, y->id, EBB_ID_BYTES) != 0 || x->rev != y->rev || x->at != y->at ||
		    x->offset != y->offset || strcmp(x->kind, y->kind) != 0 ||
		    x->deleted != y->deleted || x->wiped != y->wiped ||
		    (x->body == NULL) != (y->body == NULL) ||
		    (x->body && strcmp(x->body, y->body) != 0))
			fail_msg("%s: record %zu differs: rev %u at %lld %s, per row rev %u at "
			         "%lld %s",
			         what, i, x->rev, (long long)x->at, x->body ? x->body : "-", y->rev,
			         (long long)y->at, y->body ? y->body : "-");
	}
	n = a.n;
	walked_free(&a);
	walked_free(&b);
	return n;
}

/* expect_same_walks for every kind asked of `kinds` and no kind, both ways
 * round, with and without deleted records. */
static void expect_same_walks_all(struct ebb_vault *v, const char *what)
{
	static const char *const kinds[] = {NULL, "checkin", "urge", "signs", "date", "miss"};
	struct ebb_query q;
	char label[256];

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (int dir = 0; dir < 2; dir++)
			for (int del = 0; del < 2; del++) {
				ebb_query_init(&q);
				q.kind = kinds[k];
				q.newest_first = dir == 1;
				q.with_deleted = del == 1;
				snprintf(label, sizeof(label), "%s (%s, %s, %s)", what,
				         kinds[k] ? kinds[k] : "every kind",
				         dir ? "newest first" : "oldest first",
				         del ? "with deleted" : "without deleted");
				expect_same_walks(v, &q, label);
			}
}

/* ---------------------------------------------------------------------- */
/* Kinds and bodies                                                        */

static const struct {
	const char *kind, *body;
} valid[] = {
    {"checkin", "{\"intensity\":5,\"note\":\"a heavy day\",\"feelings\":[\"sadness\",\"relief\"],"
                "\"grieving\":[\"potential\",\"self\",\"investment\",\"familiar\"]}"},
    {"checkin", "{\"intensity\":0}"},
    {"checkin", "{\"intensity\":10}"},
    {"entry", "{\"text\":\"Dear you, I am writing this\",\"prompt\":\"letter\",\"title\":"
              "\"Unsent\",\"tags\":[\"letter\",\"march\"]}"},
    {"urge", "{\"intensity\":8,\"for\":\"text\",\"feeling\":\"loneliness\",\"did\":\"waited\","
             "\"note\":\"it passed\"}"},
    {"urge", "{}"},
    {"signs", "{\"ratings\":[0,1,4,2]}"},
    {"reason", "{\"text\":\"I was always the one apologising\"}"},
    {"miss", "{\"text\":\"Sunday mornings\"}"},
    {"contact", "{\"by\":\"them\",\"note\":\"a birthday message\"}"},
    {"contact", "{\"by\":\"me\"}"},
    {"profile", "{\"left_on\":\"2026-01-15\",\"name\":\"R\",\"relationship\":\"partner\"}"},
    {"date", "{\"date\":\"2024-02-29\",\"label\":\"the day we met\",\"yearly\":true}"},
    {"plan", "{\"warning-signs\":\"not sleeping\",\"people\":\"my sister\"}"},
    {"entry", "{\"text\":\"t\",\"prompt\":\"lessons\",\"answers\":{\"needs\":\"rest\"}}"},
};

/* Each kind round-trips through add and get unchanged. */
static void test_add_get_each_kind(void **state)
{
	struct fx *f = *state;
	uint8_t ids[sizeof(valid) / sizeof(valid[0])][EBB_ID_BYTES];
	struct ebb_record r;
	struct ebb_error err;
	size_t n = sizeof(valid) / sizeof(valid[0]);

	create_vault(f);
	for (size_t i = 0; i < n; i++) {
		json_t *b = parse(valid[i].body);
		int32_t off = (int32_t)(i * 1800) - 18000;
		bool queued = true;

		assert_true(ebb_kind_known(valid[i].kind));
		EXPECT_OK(ebb_record_validate(valid[i].kind, b, &err), err);
		EXPECT_OK(ebb_record_add(f->v, valid[i].kind, AT0 + (int64_t)i * 60, off, b, ids[i],
		                         &queued, &err),
		          err);
		assert_false(queued);
		json_decref(b);
	}
	reopen_vault(f); /* read back from the file, not from any cache */
	for (size_t i = 0; i < n; i++) {
		json_t *want = parse(valid[i].body);

		EXPECT_OK(ebb_record_get(f->v, ids[i], &r, &err), err);
		assert_memory_equal(r.id, ids[i], EBB_ID_BYTES);
		assert_string_equal(r.kind, valid[i].kind);
		assert_int_equal(r.at, AT0 + (int64_t)i * 60);
		assert_int_equal(r.offset, (int32_t)(i * 1800) - 18000);
		assert_int_equal(r.rev, 1);
		assert_false(r.deleted);
		if (!json_equal(r.body, want))
			fail_msg("%s body %s did not round-trip", valid[i].kind, valid[i].body);
		json_decref(want);
		ebb_record_clear(&r);
	}
	assert_int_equal(count(f->v, NULL), n);
	assert_int_equal(count(f->v, "checkin"), 3);
	ebb_record_clear(NULL);

	/* an unknown id */
	uint8_t none[EBB_ID_BYTES];
	ebb_uuid7(none, AT0 * 1000);
	EXPECT_RC(ebb_record_get(f->v, none, &r, &err), EBB_ERR_NOTFOUND, err);
	assert_null(r.body);
}

static const struct {
	const char *kind, *body;
} invalid[] = {
    {"checkin", "{\"intensity\":11}"},
    {"checkin", "{\"intensity\":-1}"},
    {"checkin", "{\"intensity\":\"5\"}"},
    {"checkin", "{\"intensity\":5.5}"},
    {"checkin", "{\"intensity\":null}"},
    {"checkin", "{}"},
    {"checkin", "{\"note\":\"no intensity\"}"},
    {"checkin", "{\"intensity\":5,\"grieving\":[\"nostalgia\"]}"},
    {"checkin", "{\"intensity\":5,\"grieving\":[\"self\",\"Self\"]}"},
    {"checkin", "{\"intensity\":5,\"grieving\":\"self\"}"},
    {"checkin", "{\"intensity\":5,\"feelings\":\"sad\"}"},
    {"checkin", "{\"intensity\":5,\"feelings\":[\"\"]}"},
    {"checkin", "{\"intensity\":5,\"feelings\":[3]}"},
    {"checkin", "{\"intensity\":5,\"note\":7}"},
    {"checkin", "[5]"},
    {"checkin", "null"},
    {"checkin", "\"intensity 5\""},
    {"signs", "{\"ratings\":[1,2,3]}"},
    {"signs", "{\"ratings\":[1,2,3,4,0]}"},
    {"signs", "{\"ratings\":[1,2,3,5]}"},
    {"signs", "{\"ratings\":[1,2,-1,4]}"},
    {"signs", "{\"ratings\":[1,2,\"3\",4]}"},
    {"signs", "{}"},
    {"entry", "{}"},
    {"entry", "{\"text\":\"\"}"},
    {"entry", "{\"title\":\"only a title\"}"},
    {"entry", "{\"text\":\"ok\",\"tags\":\"one\"}"},
    {"reason", "{}"},
    {"reason", "{\"text\":\"\"}"},
    {"miss", "{\"text\":42}"},
    {"urge", "{\"intensity\":12}"},
    {"contact", "{\"by\":\"someone\"}"},
    {"contact", "{\"by\":1}"},
    {"profile", "{\"left_on\":\"yesterday\"}"},
    {"profile", "{\"left_on\":20260115}"},
    {"profile", "{\"left_on\":\"2026-02-30\"}"},
    {"profile", "{\"relationship\":\"boss\"}"},
    {"checkin", "{\"intensity\":5,\"feelings\":[\"hungry\"]}"},
    {"urge", "{\"for\":\"text them\"}"},
    {"urge", "{\"did\":\"walked\"}"},
    {"urge", "{\"feeling\":\"lonely\"}"},
    {"entry", "{\"text\":\"x\",\"prompt\":\"poem\"}"},
    {"entry", "{\"text\":\"x\",\"answers\":[\"a\"]}"},
    {"date", "{\"date\":\"2025-02-29\",\"label\":\"no such day\"}"},
    {"date", "{\"date\":\"2025-03-01\"}"},
    {"date", "{\"date\":\"2025-03-01\",\"label\":\"x\",\"yearly\":\"yes\"}"},
    {"plan", "{\"people\":7}"},
    {"diary", "{\"text\":\"a kind ebb does not know\"}"},
    {"", "{\"text\":\"x\"}"},
    {"Checkin", "{\"intensity\":5}"},
};

/* Invalid bodies and unknown kinds are refused with a message, and nothing
 * is written: not into the records, not into the inbox. */
static void test_invalid_bodies_rejected(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	uint8_t id[EBB_ID_BYTES];
	size_t n = sizeof(invalid) / sizeof(invalid[0]);

	create_vault(f);
	for (int locked = 0; locked < 2; locked++) {
		if (locked)
			ebb_vault_lock(f->v);
		for (size_t i = 0; i < n; i++) {
			json_t *b = parse(invalid[i].body);
			bool queued = true;
			enum ebb_status rc;

			assert_int_equal(ebb_record_validate(invalid[i].kind, b, NULL),
			                 EBB_ERR_INVALID);
			ebb_error_clear(&err);
			rc = ebb_record_add(f->v, invalid[i].kind, AT0, 0, b, id, &queued, &err);
			json_decref(b);
			if (rc != EBB_ERR_INVALID)
				fail_msg("%s %s %s: got %d, want EBB_ERR_INVALID (%s)",
				         locked ? "locked" : "unlocked", invalid[i].kind,
				         invalid[i].body, (int)rc, err.msg);
			assert_true(strlen(err.msg) > 0);
			assert_false(queued);
		}
	}
	/* a UTC offset beyond a day is refused too */
	json_t *b = parse("{\"intensity\":3}");
	EXPECT_RC(ebb_record_add(f->v, "checkin", AT0, 86401, b, id, NULL, &err), EBB_ERR_INVALID,
	          err);
	EXPECT_RC(ebb_record_add(f->v, "checkin", AT0, -86401, b, id, NULL, &err), EBB_ERR_INVALID,
	          err);
	json_decref(b);

	/* a note past the 64 KiB limit */
	char *big = malloc(64 * 1024 + 2);
	assert_non_null(big);
	memset(big, 'x', 64 * 1024 + 1);
	big[64 * 1024 + 1] = '\0';
	b = json_pack("{s:i, s:s}", "intensity", 3, "note", big);
	free(big);
	assert_non_null(b);
	EXPECT_RC(ebb_record_add(f->v, "checkin", AT0, 0, b, id, NULL, &err), EBB_ERR_INVALID, err);
	json_decref(b);

	assert_int_equal(count(f->v, NULL), 0);
	assert_int_equal(inbox_count(f->v), 0);
	close_vault(f);
	assert_int_equal(raw_id(f->path, "SELECT count(*) FROM records", NULL), 0);
	assert_int_equal(raw_id(f->path, "SELECT count(*) FROM inbox", NULL), 0);
}

/* ---------------------------------------------------------------------- */
/* Editing and deleting                                                    */

static void test_update_adds_revisions(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	struct ebb_record r;
	struct ebb_query q;
	struct seen s;
	uint8_t id[EBB_ID_BYTES], none[EBB_ID_BYTES];
	int64_t at2 = AT0 - 86400;
	int32_t off2 = 7200;
	json_t *b;

	create_vault(f);
	add(f->v, "checkin", AT0, "{\"intensity\":4,\"note\":\"first\"}", id);
	update(f->v, id, "{\"intensity\":6,\"note\":\"second\"}");
	EXPECT_OK(ebb_record_get(f->v, id, &r, &err), err);
	assert_int_equal(r.rev, 2);
	assert_int_equal(r.at, AT0); /* time kept when not given */
	assert_string_equal(r.kind, "checkin");
	ebb_record_clear(&r);
	expect_body(f->v, id, "{\"intensity\":6,\"note\":\"second\"}");

	/* a new time and offset */
	b = parse("{\"intensity\":6,\"note\":\"third\"}");
	EXPECT_OK(ebb_record_update(f->v, id, b, &at2, &off2, &err), err);
	json_decref(b);
	reopen_vault(f);
	EXPECT_OK(ebb_record_get(f->v, id, &r, &err), err);
	assert_int_equal(r.rev, 3);
	assert_int_equal(r.at, at2);
	assert_int_equal(r.offset, off2);
	ebb_record_clear(&r);
	expect_body(f->v, id, "{\"intensity\":6,\"note\":\"third\"}");
	assert_int_equal(count(f->v, NULL), 1); /* still one record */

	/* every revision is kept */
	ebb_query_init(&q);
	q.all_revisions = true;
	EXPECT_OK(each(f->v, &q, &s, &err), err);
	assert_int_equal(s.n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_true(s.has_body[i]);
	ebb_query_init(&q);
	EXPECT_OK(each(f->v, &q, &s, &err), err);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.rev[0], 3);

	/* refused: a body invalid for the kind, an offset out of range, an
	 * unknown id, a locked vault; none adds a revision */
	b = parse("{\"text\":\"an entry body on a check-in\"}");
	EXPECT_RC(ebb_record_update(f->v, id, b, NULL, NULL, &err), EBB_ERR_INVALID, err);
	json_decref(b);
	b = parse("{\"intensity\":1}");
	off2 = 90000;
	EXPECT_RC(ebb_record_update(f->v, id, b, NULL, &off2, &err), EBB_ERR_INVALID, err);
	ebb_uuid7(none, AT0 * 1000);
	EXPECT_RC(ebb_record_update(f->v, none, b, NULL, NULL, &err), EBB_ERR_NOTFOUND, err);
	ebb_vault_lock(f->v);
	EXPECT_RC(ebb_record_update(f->v, id, b, NULL, NULL, &err), EBB_ERR_LOCKED, err);
	json_decref(b);
	close_vault(f);
	assert_int_equal(raw_id(f->path, "SELECT max(rev) FROM records WHERE id = ?1", id), 3);
	assert_int_equal(raw_id(f->path, "SELECT count(*) FROM records", NULL), 3);
}

/* Deleting writes a deleted revision and wipes the bodies of all of them;
 * a deleted record cannot be edited or deleted again. */
static void test_delete_wipes_all_revisions(void **state)
{
	struct fx *f = *state;
	static const char secret1[] = "first version about the lake house";
	static const char secret2[] = "second version about the lake house";
	struct ebb_error err;
	struct ebb_record r;
	struct ebb_query q;
	struct seen s;
	uint8_t id[EBB_ID_BYTES], keep[EBB_ID_BYTES];
	uint8_t *c1, *c2;
	size_t n1, n2;
	char body[128];
	json_t *b;

	create_vault(f);
	snprintf(body, sizeof(body), "{\"intensity\":4,\"note\":\"%s\"}", secret1);
	add(f->v, "checkin", AT0, body, id);
	snprintf(body, sizeof(body), "{\"intensity\":5,\"note\":\"%s\"}", secret2);
	update(f->v, id, body);
	add(f->v, "miss", AT0 + 60, "{\"text\":\"kept\"}", keep);
	close_vault(f);
	c1 = raw_body(f->path, id, 1, &n1);
	c2 = raw_body(f->path, id, 2, &n2);
	assert_non_null(c1);
	assert_non_null(c2);

	reopen_vault(f);
	EXPECT_OK(ebb_record_delete(f->v, id, &err), err);
	EXPECT_OK(ebb_record_get(f->v, id, &r, &err), err);
	assert_true(r.deleted);
	assert_null(r.body);
	assert_int_equal(r.rev, 3);
	assert_string_equal(r.kind, "checkin");
	assert_int_equal(r.at, AT0);
	ebb_record_clear(&r);

	b = parse("{\"intensity\":1}");
	EXPECT_RC(ebb_record_update(f->v, id, b, NULL, NULL, &err), EBB_ERR_NOTFOUND, err);
	json_decref(b);
	EXPECT_RC(ebb_record_delete(f->v, id, &err), EBB_ERR_NOTFOUND, err);
	uint8_t none[EBB_ID_BYTES];
	ebb_uuid7(none, AT0 * 1000);
	EXPECT_RC(ebb_record_delete(f->v, none, &err), EBB_ERR_NOTFOUND, err);

	assert_int_equal(count(f->v, NULL), 1);
	assert_int_equal(count(f->v, "checkin"), 0);
	ebb_query_init(&q);
	EXPECT_OK(each(f->v, &q, &s, &err), err);
	assert_int_equal(s.n, 1);
	assert_memory_equal(s.id[0], keep, EBB_ID_BYTES);
	q.with_deleted = true;
	EXPECT_OK(each(f->v, &q, &s, &err), err);
	assert_int_equal(s.n, 2);
	assert_memory_equal(s.id[0], id, EBB_ID_BYTES);
	assert_true(s.deleted[0]);
	assert_false(s.has_body[0]);
	assert_false(s.deleted[1]);
	expect_body(f->v, keep, "{\"text\":\"kept\"}");
	close_vault(f);

	/* in the file: every revision's body is NULL; the other record is intact */
	assert_int_equal(raw_id(f->path, "SELECT count(*) FROM records WHERE id = ?1", id), 3);
	assert_int_equal(
	    raw_id(f->path, "SELECT count(*) FROM records WHERE id = ?1 AND body IS NOT NULL", id),
	    0);
	assert_int_equal(raw_id(f->path,
	                        "SELECT count(*) FROM records WHERE id = ?1 AND body IS NOT NULL",
	                        keep),
	                 1);
	/* and the sealed bytes are gone from the file (secure_delete) */
	assert_false(file_has(f->path, c1, n1));
	assert_false(file_has(f->path, c2, n2));
	assert_false(file_has(f->path, c1, 24)); /* not even the nonce */
	free(c1);
	free(c2);
}

/*
 * An export asks for every revision including deleted ones. The earlier
 * revisions of a deleted record have had their bodies wiped on purpose:
 * they come back marked wiped, without a body, and are not mistaken for
 * tampering (which would make `ebb export json` fail after any delete).
 */
static void test_all_revisions_after_delete(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	struct ebb_query q;
	struct seen s;
	uint8_t id[EBB_ID_BYTES], keep[EBB_ID_BYTES];
	enum ebb_status rc;

	create_vault(f);
	add(f->v, "checkin", AT0, "{\"intensity\":4,\"note\":\"gone\"}", id);
	update(f->v, id, "{\"intensity\":5,\"note\":\"gone too\"}");
	add(f->v, "checkin", AT0 + 60, "{\"intensity\":2}", keep);
	EXPECT_OK(ebb_record_delete(f->v, id, &err), err);
	reopen_vault(f);

	ebb_query_init(&q);
	q.all_revisions = true;
	q.with_deleted = true; /* what `ebb export json` asks for */
	rc = each(f->v, &q, &s, &err);
	if (rc != EBB_OK)
		fail_msg("every revision incl. deleted after a delete: %d (%s)", (int)rc, err.msg);
	assert_int_equal(s.n, 4);
	/* id: rev 1 and 2 wiped, rev 3 the deletion; then keep */
	for (size_t i = 0; i < 3; i++) {
		assert_memory_equal(s.id[i], id, EBB_ID_BYTES);
		assert_int_equal(s.rev[i], i + 1);
		assert_false(s.has_body[i]); /* the wiped text stays wiped */
		assert_int_equal(s.wiped[i], i < 2);
		assert_int_equal(s.deleted[i], i == 2);
	}
	assert_memory_equal(s.id[3], keep, EBB_ID_BYTES);
	assert_true(s.has_body[3]);
	assert_false(s.wiped[3]);

	/* every revision, deleted ones left out: the wiped ones may show, bodiless */
	q.with_deleted = false;
	rc = each(f->v, &q, &s, &err);
	if (rc != EBB_OK)
		fail_msg("every revision without deleted after a delete: %d (%s)", (int)rc,
		         err.msg);
	for (size_t i = 0; i < s.n; i++) {
		assert_false(s.deleted[i]);
		if (memcmp(s.id[i], id, EBB_ID_BYTES) == 0)
			assert_false(s.has_body[i]);
	}
	assert_true(seen_id(&s, keep));
}

/* ---------------------------------------------------------------------- */
/* Queries                                                                 */

static void test_query_filters(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	struct ebb_query q;
	struct seen s;
	uint8_t r1[EBB_ID_BYTES], r2[EBB_ID_BYTES], r3[EBB_ID_BYTES], r4[EBB_ID_BYTES],
	    r5[EBB_ID_BYTES];

	create_vault(f);
	/* added out of time order on purpose: queries order by time */
	add(f->v, "entry", AT0 + 4 * HOUR, "{\"text\":\"four\"}", r4);
	add(f->v, "checkin", AT0 + 1 * HOUR, "{\"intensity\":1}", r1);
	add(f->v, "checkin", AT0 + 3 * HOUR, "{\"intensity\":3}", r3);
	add(f->v, "urge", AT0 + 2 * HOUR, "{\"intensity\":2}", r2);
	add(f->v, "checkin", AT0 + 5 * HOUR, "{\"intensity\":5}", r5);
	update(f->v, r3, "{\"intensity\":7}");

	ebb_query_init(&q);
	assert_null(q.kind);
	assert_true(q.from == INT64_MIN); /* before 1970 is allowed */
	assert_true(q.to == INT64_MAX);
	assert_int_equal(q.limit, 0);
	assert_false(q.newest_first || q.all_revisions || q.with_deleted);
	{
		const uint8_t(*const want[])[EBB_ID_BYTES] = {&r1, &r2, &r3, &r4, &r5};
		expect_ids(f->v, &q, 5, want);
	}
	EXPECT_OK(each(f->v, &q, &s, &err), err);
	assert_int_equal(s.rev[2], 2); /* the latest revision of r3 */
	assert_int_equal(s.at[0], AT0 + HOUR);

	/* kind */
	q.kind = "checkin";
	{
		const uint8_t(*const want[])[EBB_ID_BYTES] = {&r1, &r3, &r5};
		expect_ids(f->v, &q, 3, want);
	}
	q.kind = "signs";
	expect_ids(f->v, &q, 0, NULL);
	q.kind = NULL;

	/* from / to, both inclusive */
	q.from = AT0 + 2 * HOUR;
	q.to = AT0 + 4 * HOUR;
	{
		const uint8_t(*const want[])[EBB_ID_BYTES] = {&r2, &r3, &r4};
		expect_ids(f->v, &q, 3, want);
	}
	q.from = AT0 + 2 * HOUR + 1;
	q.to = AT0 + 4 * HOUR - 1;
	{
		const uint8_t(*const want[])[EBB_ID_BYTES] = {&r3};
		expect_ids(f->v, &q, 1, want);
	}
	ebb_query_init(&q);

	/* newest first, limit */
	q.newest_first = true;
	{
		const uint8_t(*const want[])[EBB_ID_BYTES] = {&r5, &r4, &r3, &r2, &r1};
		expect_ids(f->v, &q, 5, want);
	}
	q.limit = 2;
	{
		const uint8_t(*const want[])[EBB_ID_BYTES] = {&r5, &r4};
		expect_ids(f->v, &q, 2, want);
	}
	q.newest_first = false;
	{
		const uint8_t(*const want[])[EBB_ID_BYTES] = {&r1, &r2};
		expect_ids(f->v, &q, 2, want);
	}
	q.kind = "checkin";
	q.newest_first = true;
	q.limit = 1;
	{
		const uint8_t(*const want[])[EBB_ID_BYTES] = {&r5};
		expect_ids(f->v, &q, 1, want);
	}

	/* every revision */
	ebb_query_init(&q);
	q.all_revisions = true;
	EXPECT_OK(each(f->v, &q, &s, &err), err);
	assert_int_equal(s.n, 6);
	assert_memory_equal(s.id[2], r3, EBB_ID_BYTES);
	assert_int_equal(s.rev[2], 1);
	assert_memory_equal(s.id[3], r3, EBB_ID_BYTES);
	assert_int_equal(s.rev[3], 2);

	/* deleted records: hidden unless asked for */
	EXPECT_OK(ebb_record_delete(f->v, r5, &err), err);
	ebb_query_init(&q);
	{
		const uint8_t(*const want[])[EBB_ID_BYTES] = {&r1, &r2, &r3, &r4};
		expect_ids(f->v, &q, 4, want);
	}
	q.with_deleted = true;
	EXPECT_OK(each(f->v, &q, &s, &err), err);
	assert_int_equal(s.n, 5);
	assert_memory_equal(s.id[4], r5, EBB_ID_BYTES);
	assert_true(s.deleted[4]);
	assert_false(s.has_body[4]);
	assert_int_equal(s.rev[4], 2);
	q.newest_first = true;
	q.limit = 1;
	{
		const uint8_t(*const want[])[EBB_ID_BYTES] = {&r5};
		expect_ids(f->v, &q, 1, want);
	}
	q.with_deleted = false;
	{
		const uint8_t(*const want[])[EBB_ID_BYTES] = {&r4};
		expect_ids(f->v, &q, 1, want);
	}

	/* needs the key */
	ebb_vault_lock(f->v);
	ebb_query_init(&q);
	EXPECT_RC(each(f->v, &q, &s, &err), EBB_ERR_LOCKED, err);
	assert_int_equal(s.n, 0);
}

/* A callback that stops the walk stops it, and its status comes back. */
static void test_each_stops_when_asked(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	struct ebb_query q;
	struct seen s;
	uint8_t id[EBB_ID_BYTES];

	create_vault(f);
	for (int i = 0; i < 5; i++)
		add(f->v, "checkin", AT0 + i, "{\"intensity\":1}", id);
	ebb_query_init(&q);
	memset(&s, 0, sizeof(s));
	s.limit = 2;
	s.stop_after = EBB_ERR_IO;
	ebb_error_clear(&err);
	assert_int_equal(ebb_record_each(f->v, &q, collect, &s, &err), EBB_ERR_IO);
	assert_int_equal(s.n, 2);
	assert_string_equal(err.msg, "stopped by the test");
}

static void test_count(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	uint8_t a[EBB_ID_BYTES], b[EBB_ID_BYTES], c[EBB_ID_BYTES], d[EBB_ID_BYTES];

	create_vault(f);
	assert_int_equal(count(f->v, NULL), 0);
	add(f->v, "checkin", AT0, "{\"intensity\":1}", a);
	add(f->v, "checkin", AT0 + 1, "{\"intensity\":2}", b);
	add(f->v, "urge", AT0 + 2, "{}", c);
	add(f->v, "reason", AT0 + 3, "{\"text\":\"because\"}", d);
	update(f->v, a, "{\"intensity\":3}"); /* revisions are not records */
	update(f->v, a, "{\"intensity\":4}");
	EXPECT_OK(ebb_record_delete(f->v, d, &err), err);
	assert_int_equal(count(f->v, NULL), 3);
	assert_int_equal(count(f->v, "checkin"), 2);
	assert_int_equal(count(f->v, "urge"), 1);
	assert_int_equal(count(f->v, "reason"), 0);
	assert_int_equal(count(f->v, "miss"), 0);
	/* counting works locked and after reopening */
	ebb_vault_lock(f->v);
	assert_int_equal(count(f->v, NULL), 3);
	close_vault(f);
	EXPECT_OK(ebb_vault_open(&f->v, f->path, &err), err);
	assert_int_equal(count(f->v, "checkin"), 2);
}

/* Adds n plain check-ins an hour apart from at, in one transaction. */
static void add_many(struct ebb_vault *v, const char *kind, int n, int64_t at)
{
	struct ebb_error err;
	uint8_t id[EBB_ID_BYTES];
	json_t *b = parse("{\"intensity\":3,\"feelings\":[\"calm\"]}");

	EXPECT_OK(ebb_vault_begin(v, &err), err);
	for (int i = 0; i < n; i++)
		EXPECT_OK(ebb_record_add(v, kind, at + i * HOUR, 0, b, id, NULL, &err), err);
	EXPECT_OK(ebb_vault_commit(v, &err), err);
	json_decref(b);
}

/*
 * A walk over a whole kind is read one of three ways: a kind with many
 * records (here the check-ins) by reading the table in its own order and
 * sorting, every kind at once by listing the revisions after the first
 * once, a kind with few records (urges, signs) by looking up each row's
 * latest revision. Every way hands out what the per-row way does: edits
 * that move a record in time, a revision imported before the one under it,
 * deletions, check-ins written late for an earlier day, newest or oldest
 * first.
 */
static void test_walks_agree(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	struct ebb_query q;
	struct ebb_record r;
	uint8_t ck[60][EBB_ID_BYTES], ur[15][EBB_ID_BYTES], sg[4][EBB_ID_BYTES], d[EBB_ID_BYTES];
	char body[256];
	int64_t moved;
	size_t n;

	create_vault(f);
	add_many(f->v, "checkin", 1100, AT0 + 100 * HOUR); /* enough to be read by a scan */
	EXPECT_OK(ebb_vault_begin(f->v, &err), err);
	for (int i = 0; i < 60; i++) {
		/* every seventh written late, for a day before all the others */
		int64_t at = i % 7 == 3 ? AT0 - (60 - i) * HOUR : AT0 + i * HOUR;

		snprintf(
		    body, sizeof(body),
		    "{\"intensity\":%d,\"feelings\":[\"sadness\",\"%s\"],"
		    "\"note\":\"day %d: \\\"quoted\\\", a tab\\there, caf\\u00e9 \xe2\x9c\xa8\"}",
		    i % 11, i % 2 ? "relief" : "anger", i);
		add(f->v, "checkin", at, body, ck[i]);
	}
	for (int i = 0; i < 15; i++)
		add(f->v, "urge", AT0 + i * 90 * 60, "{\"intensity\":3,\"did\":\"waited\"}", ur[i]);
	for (int i = 0; i < 4; i++)
		add(f->v, "signs", AT0 + i * 86400, "{\"ratings\":[1,2,3,4]}", sg[i]);
	add(f->v, "date", AT0, "{\"date\":\"2024-02-29\",\"label\":\"a day\"}", d);
	EXPECT_OK(ebb_vault_commit(f->v, &err), err);

	/* edits, one moving a check-in to the very first place, deletions */
	update(f->v, ck[5], "{\"intensity\":9}");
	update(f->v, ck[5], "{\"intensity\":10}");
	moved = AT0 - 1000 * HOUR;
	{
		json_t *b = parse("{\"intensity\":1,\"note\":\"moved\"}");
		EXPECT_OK(ebb_record_update(f->v, ck[20], b, &moved, NULL, &err), err);
		json_decref(b);
	}
	update(f->v, ur[2], "{\"intensity\":8}");
	update(f->v, sg[1], "{\"ratings\":[4,4,4,4]}");
	EXPECT_OK(ebb_record_delete(f->v, ck[7], &err), err);
	EXPECT_OK(ebb_record_delete(f->v, ur[4], &err), err);
	EXPECT_OK(ebb_record_delete(f->v, sg[3], &err), err);
	/* a record whose rev 3 came in before its rev 2, as a merge may bring */
	memset(&r, 0, sizeof(r));
	ebb_uuid7(r.id, (AT0 + 7) * 1000);
	snprintf(r.kind, sizeof(r.kind), "checkin");
	r.at = AT0 + 30 * HOUR + 1;
	r.rev = 1;
	r.body = parse("{\"intensity\":1}");
	EXPECT_OK(ebb_record_put_raw(f->v, &r, NULL, &err), err);
	json_decref(r.body);
	r.rev = 3;
	r.at = AT0 + 2;
	r.body = parse("{\"intensity\":3}");
	EXPECT_OK(ebb_record_put_raw(f->v, &r, NULL, &err), err);
	json_decref(r.body);
	r.rev = 2;
	r.body = parse("{\"intensity\":2}");
	EXPECT_OK(ebb_record_put_raw(f->v, &r, NULL, &err), err);
	json_decref(r.body);
	reopen_vault(f);

	expect_same_walks_all(f->v, "edited vault");

	/* and what they hand out is right, not only alike */
	ebb_query_init(&q);
	q.kind = "checkin";
	n = expect_same_walks(f->v, &q, "check-ins");
	assert_int_equal(n, 1100 + 60); /* 60, one deleted, one imported */
	{
		struct walked w = {0};

		EXPECT_OK(ebb_record_each(f->v, &q, walk_keep, &w, &err), err);
		assert_memory_equal(w.v[0].id, ck[20], EBB_ID_BYTES); /* moved first */
		assert_int_equal(w.v[0].rev, 2);
		assert_string_equal(w.v[0].body, "{\"intensity\":1,\"note\":\"moved\"}");
		for (size_t i = 1; i < w.n; i++) {
			assert_true(w.v[i - 1].at <= w.v[i].at);
			assert_false(w.v[i].deleted);
			if (memcmp(w.v[i].id, ck[5], EBB_ID_BYTES) == 0) {
				assert_int_equal(w.v[i].rev, 3);
				assert_string_equal(w.v[i].body, "{\"intensity\":10}");
			}
			if (memcmp(w.v[i].id, r.id, EBB_ID_BYTES) == 0) {
				assert_int_equal(w.v[i].rev, 3);
				assert_int_equal(w.v[i].at, AT0 + 2);
			}
			assert_memory_not_equal(w.v[i].id, ck[7], EBB_ID_BYTES);
		}
		walked_free(&w);
	}
	q.kind = "urge";
	assert_int_equal(expect_same_walks(f->v, &q, "urges"), 14);
	q.kind = "signs";
	assert_int_equal(expect_same_walks(f->v, &q, "signs"), 3);
	q.with_deleted = true;
	assert_int_equal(expect_same_walks(f->v, &q, "signs with deleted"), 4);
}

/* Many check-ins among many more urges: the scan sees too few of them and
 * hands over to the listing walk, which still reads every one, once. */
static void test_walk_of_a_small_share(void **state)
{
	struct fx *f = *state;
	struct ebb_query q;

	create_vault(f);
	for (int i = 0; i < 11; i++) {
		add_many(f->v, "checkin", 100, AT0 + i * 1000 * HOUR);
		add_many(f->v, "urge", 320, AT0 + i * 1000 * HOUR + 1);
	}
	reopen_vault(f);
	ebb_query_init(&q);
	q.kind = "checkin";
	assert_int_equal(expect_same_walks(f->v, &q, "check-ins among urges"), 1100);
	q.newest_first = true;
	assert_int_equal(expect_same_walks(f->v, &q, "check-ins among urges, newest first"), 1100);
}

/* Many check-ins, but the first rows the scan meets are nearly all urges:
 * it hands over to looking up each row, which still reads every one. */
static void test_walk_of_a_sliver(void **state)
{
	struct fx *f = *state;
	struct ebb_query q;

	create_vault(f);
	for (int i = 0; i < 3; i++) {
		add_many(f->v, "checkin", 100, AT0 + i * 2000 * HOUR);
		add_many(f->v, "urge", 1300, AT0 + i * 2000 * HOUR + 1);
	}
	add_many(f->v, "checkin", 800, AT0 - 1000 * HOUR);
	reopen_vault(f);
	ebb_query_init(&q);
	q.kind = "checkin";
	assert_int_equal(expect_same_walks(f->v, &q, "check-ins after many urges"), 1100);
	q.newest_first = true;
	assert_int_equal(expect_same_walks(f->v, &q, "check-ins after many urges, newest first"),
	                 1100);
}

/* Tampering met by the scan of a long walk is reported as the per-row way
 * reports it: the damaged record named, nothing of it handed out. */
static void test_tamper_in_a_long_walk(void **state)
{
	struct fx *f = *state;
	struct ebb_query q;
	uint8_t id[EBB_ID_BYTES];
	static const struct {
		const char *sql, *undo, *what;
	} cases[] = {
	    {"UPDATE records SET body = substr(body, 1, 30) || x'00' || substr(body, 32)"
	     " WHERE id = ?1",
	     NULL, "a ciphertext byte"},
	    {"UPDATE records SET at = at + 1 WHERE id = ?1",
	     "UPDATE records SET at = at - 1 WHERE id = ?1", "the time"},
	    {"UPDATE records SET rev = 2 WHERE id = ?1", "UPDATE records SET rev = 1 WHERE id = ?1",
	     "the revision"},
	    {"UPDATE records SET kind = 'urge' WHERE id = ?1",
	     "UPDATE records SET kind = 'checkin' WHERE id = ?1", "the kind"},
	    {"UPDATE records SET body = NULL WHERE id = ?1", NULL, "the body removed"},
	};
	uint8_t *orig;
	size_t n;

	create_vault(f);
	add_many(f->v, "checkin", 600, AT0);
	add(f->v, "checkin", AT0 + 600 * HOUR + 1, "{\"intensity\":7,\"note\":\"the one\"}", id);
	add_many(f->v, "checkin", 600, AT0 + 601 * HOUR);
	close_vault(f);
	orig = raw_body(f->path, id, 1, &n);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct walked w = {0};
		struct ebb_error err;
		char ids[EBB_ID_STR];

		assert_int_equal(raw_id(f->path, cases[i].sql, id), 1);
		reopen_vault(f);
		ebb_query_init(&q);
		q.kind = strcmp(cases[i].what, "the kind") == 0 ? "urge" : "checkin";
		for (int dir = 0; dir < 2; dir++) {
			q.newest_first = dir == 1;
			expect_same_walks(f->v, &q, cases[i].what);
			ebb_error_clear(&err);
			assert_int_equal(ebb_record_each(f->v, &q, walk_keep, &w, &err),
			                 EBB_ERR_CORRUPT);
			ebb_id_format(ids, id);
			assert_non_null(strstr(err.msg, ids));
			for (size_t k = 0; k < w.n; k++)
				assert_memory_not_equal(w.v[k].id, id, EBB_ID_BYTES);
			walked_free(&w);
		}
		close_vault(f);
		if (cases[i].undo)
			assert_int_equal(raw_id(f->path, cases[i].undo, id), 1);
		else
			raw_set_body(f->path, id, 1, orig, n);
	}
	free(orig);
	reopen_vault(f);
	expect_body(f->v, id, "{\"intensity\":7,\"note\":\"the one\"}");
}

/*
 * Reading a kind's sealed bodies into memory first has a ceiling (4 MiB):
 * past it the walk lists revisions instead, and still hands out every
 * entry, once, in order.
 */
static void test_walk_past_the_memory_ceiling(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	struct ebb_query q;
	uint8_t id[EBB_ID_BYTES];
	size_t len = 9 * 1024;
	char *text = malloc(len + 1);
	json_t *b;

	assert_non_null(text);
	create_vault(f);
	EXPECT_OK(ebb_vault_begin(f->v, &err), err);
	for (int i = 0; i < 1100; i++) { /* 1100 x 9 KiB: over 9 MiB, past the ceiling */
		memset(text, 'a' + i % 26, len);
		text[len] = '\0';
		b = json_pack("{s:s}", "text", text);
		assert_non_null(b);
		EXPECT_OK(ebb_record_add(f->v, "entry", AT0 - i * HOUR, 0, b, id, NULL, &err), err);
		json_decref(b);
	}
	add(f->v, "checkin", AT0, "{\"intensity\":4}", id);
	EXPECT_OK(ebb_vault_commit(f->v, &err), err);
	free(text);
	reopen_vault(f);
	ebb_query_init(&q);
	q.kind = "entry";
	assert_int_equal(expect_same_walks(f->v, &q, "big entries"), 1100);
	q.newest_first = true;
	assert_int_equal(expect_same_walks(f->v, &q, "big entries, newest first"), 1100);
}

/* Bodies kept past the walk (json_incref) stay whole, though the short
 * strings and small numbers in them are shared between records. */
static void test_kept_bodies_outlive_the_walk(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	struct ebb_query q;
	uint8_t id[EBB_ID_BYTES];
	json_t *kept = json_array();

	create_vault(f);
	for (int i = 0; i < 6; i++)
		add(f->v, "checkin", AT0 + i, "{\"intensity\":4,\"feelings\":[\"sadness\"]}", id);
	reopen_vault(f);
	ebb_query_init(&q);
	q.kind = "checkin";
	EXPECT_OK(ebb_record_each(f->v, &q, keep_body, kept, &err), err);
	close_vault(f);
	assert_int_equal(json_array_size(kept), 6);
	for (size_t i = 0; i < 6; i++) {
		json_t *want = parse("{\"intensity\":4,\"feelings\":[\"sadness\"]}");

		assert_true(json_equal(json_array_get(kept, i), want));
		json_decref(want);
	}
	json_decref(kept);
}

/* ---------------------------------------------------------------------- */
/* Parsing bodies                                                          */

/* ebb_record_body_parse gives exactly what json_loadb does for text. */
static void expect_parse_like_jansson(const char *text, size_t len, bool want_fast)
{
	json_error_t jerr;
	json_t *a, *b;
	bool fast = !want_fast;
	char *da, *db;

	a = ebb_record_body_parse(text, len, &fast);
	b = json_loadb(text, len, 0, &jerr);
	if ((a == NULL) != (b == NULL))
		fail_msg("'%.*s': ebb %s it, json_loadb %s it", (int)len, text,
		         a ? "read" : "refused", b ? "read" : "refused");
	if (a) {
		da = json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY);
		db = json_dumps(b, JSON_COMPACT | JSON_ENCODE_ANY);
		if (!json_equal(a, b) || strcmp(da, db) != 0)
			fail_msg("'%.*s': ebb read %s, json_loadb %s", (int)len, text, da, db);
		json_text_free(da);
		json_text_free(db);
	}
	if (want_fast && !fast)
		fail_msg("'%.*s' was not read by ebb's own parser", (int)len, text);
	json_decref(a);
	json_decref(b);
}

/* A small deterministic generator (xorshift64*). */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(2685821657736338717);
}

/* A random JSON value, objects and arrays at most depth deep. */
static json_t *random_value(uint64_t *s, int depth)
{
	static const char *const words[] = {"sadness",
	                                    "relief",
	                                    "",
	                                    "a \"quoted\" word",
	                                    "back\\slash",
	                                    "line\nbreak",
	                                    "tab\there",
	                                    "caf\xc3\xa9",
	                                    "\xe2\x9c\xa8 sparkle",
	                                    "\xf0\x9f\x8c\x8a wave",
	                                    "slash /",
	                                    "bell \x07",
	                                    "nul \x01",
	                                    "intensity",
	                                    "del \x7f"};
	json_t *v, *c;
	int n;

	switch (rnd(s) % (depth > 0 ? 8 : 5)) {
	case 0:
		return json_string(words[rnd(s) % (sizeof(words) / sizeof(words[0]))]);
	case 1:
		switch (rnd(s) % 4) {
		case 0:
			return json_integer((json_int_t)(rnd(s) % 11));
		case 1:
			return json_integer(-(json_int_t)(rnd(s) % 1000000));
		case 2:
			return json_integer((json_int_t)(rnd(s) >> 1));
		default:
			return json_integer(-(json_int_t)(rnd(s) >> 1) - 1);
		}
	case 2:
		return json_real((double)(rnd(s) % 1000) / 8.0);
	case 3:
		return rnd(s) % 2 ? json_true() : json_false();
	case 4:
		return json_null();
	case 5:
	case 6:
		c = json_object();
		n = (int)(rnd(s) % 5);
		for (int i = 0; i < n; i++) {
			char key[16];

			snprintf(key, sizeof(key), "%s%d", i % 2 ? "k" : "k\xc3\xa9",
			         (int)(rnd(s) % 4));
			json_object_set_new(c, key, random_value(s, depth - 1));
		}
		return c;
	default:
		v = json_array();
		n = (int)(rnd(s) % 5);
		for (int i = 0; i < n; i++)
			json_array_append_new(v, random_value(s, depth - 1));
		return v;
	}
}

/*
 * true when ebb's own parser reads v as jansson writes it: no reals, no
 * integer of 19 digits or more, no key needing an escape and no control
 * character but the five with short escapes (json_dumps writes the others
 * as \u00XX).
 */
static bool fast_readable(const json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_REAL:
		return false;
	case JSON_INTEGER:
		return json_integer_value(v) < INT64_C(1000000000000000000) &&
		       json_integer_value(v) > -INT64_C(1000000000000000000);
	case JSON_STRING:
		for (i = 0; i < json_string_length(v); i++) {
			unsigned char c = (unsigned char)json_string_value(v)[i];
			if (c < 0x20 && (c == 0 || !strchr("\b\f\n\r\t", c)))
				return false;
		}
		return true;
	case JSON_ARRAY:
		json_array_foreach(v, i, x) if (!fast_readable(x)) return false;
		return true;
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, key, x)
		{
			if (strpbrk(key, "\"\\\b\f\n\r\t") || !fast_readable(x))
				return false;
		}
		return true;
	default:
		return true;
	}
}

static void test_body_parse_matches_jansson(void **state)
{
	static const char *const same[] = {
	    /* what ebb writes: read by its own parser */
	    "{}",
	    "{\"intensity\":5}",
	    "{\"intensity\":0,\"feelings\":[],\"grieving\":[\"self\"]}",
	    "{\"a\":{\"b\":{\"c\":[[],[{}],[1,-2,0,-0]]}}}",
	    "{\"t\":true,\"f\":false,\"n\":null}",
	    "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
	    "{\"s\":\"caf\xc3\xa9 \xe2\x9c\xa8 \xf0\x9f\x8c\x8a\"}",
	    "{\"a\":1,\"a\":2}",
	    "{\"\":\"\"}",
	    "{\"k\xc3\xa9y\":\"v\"}",
	    "{\"del\":\"\x7f\"}",
	    "{\"big\":999999999999999999,\"small\":-999999999999999999}",
	    "{\"s\":\"/\"}",
	};
	static const char *const other[] = {
	    /* left to json_loadb, which reads some and refuses the rest */
	    "",
	    " ",
	    "{",
	    "}",
	    "[]",
	    "[1]",
	    "\"s\"",
	    "5",
	    "true",
	    "null",
	    "{} ",
	    " {}",
	    "{}x",
	    "{\"a\" :1}",
	    "{\"a\": 1}",
	    "{ \"a\":1}",
	    "{\"a\":1 }",
	    "{\"a\":1,}",
	    "{,}",
	    "{\"a\"}",
	    "{\"a\":}",
	    "{a:1}",
	    "{'a':1}",
	    "{\"a\":1.5}",
	    "{\"a\":1e3}",
	    "{\"a\":1E3}",
	    "{\"a\":-0.0}",
	    "{\"a\":01}",
	    "{\"a\":-}",
	    "{\"a\":-01}",
	    "{\"a\":+1}",
	    "{\"a\":1234567890123456789}",
	    "{\"a\":9223372036854775807}",
	    "{\"a\":9223372036854775808}",
	    "{\"a\":-9223372036854775808}",
	    "{\"a\":-9223372036854775809}",
	    "{\"a\":tru}",
	    "{\"a\":truex}",
	    "{\"a\":nul}",
	    "{\"a\":True}",
	    "{\"a\":\"\\u0041\"}",
	    "{\"a\":\"\\u0000\"}",
	    "{\"a\":\"\\ud83c\\udf0a\"}",
	    "{\"a\":\"\\ud83c\"}",
	    "{\"a\":\"\\x41\"}",
	    "{\"a\":\"\\\"}",
	    "{\"a\":\"unterminated}",
	    "{\"a\":\"tab\tinside\"}",
	    "{\"a\":\"nl\ninside\"}",
	    "{\"\\u0041\":1}",
	    "{\"\\n\":1}",
	    "{\"a\":\"\xc0\x80\"}",
	    "{\"a\":\"\xed\xa0\x80\"}",
	    "{\"a\":\"\xf5\x80\x80\x80\"}",
	    "{\"a\":\"\xe2\x9c\"}",
	    "{\"a\":\"\x80\"}",
	    "{\"a\":\"\xff\"}",
	    "{\"\xc3\":1}",
	    "{\"a\":[1,2}",
	    "{\"a\":[1,2,]}",
	    "{\"a\":[,]}",
	    "{\"a\":{\"b\":1}",
	    "{\"a\":1}}",
	    "{\"a\":\"x\"\"y\"}",
	    "{\"a\":1\"b\":2}",
	};
	char deep[200];
	size_t n = 0;
	uint64_t seed = UINT64_C(0x9e3779b97f4a7c15);

	(void)state;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		expect_parse_like_jansson(same[i], strlen(same[i]), true);
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		expect_parse_like_jansson(other[i], strlen(other[i]), false);
	/* a NUL byte inside the text, and nesting past what ebb's parser takes */
	expect_parse_like_jansson("{\"a\":\"x\0y\"}", 11, false);
	expect_parse_like_jansson("{\"a\":1}\0", 8, false);
	n = 0;
	deep[n++] = '{';
	deep[n++] = '"';
	deep[n++] = 'a';
	deep[n++] = '"';
	deep[n++] = ':';
	for (int i = 0; i < 40; i++)
		deep[n++] = '[';
	for (int i = 0; i < 40; i++)
		deep[n++] = ']';
	deep[n++] = '}';
	expect_parse_like_jansson(deep, n, false);
	expect_parse_like_jansson(deep, 20, false);

	/* many random bodies as jansson writes them, and each broken in places */
	for (int i = 0; i < 3000; i++) {
		json_t *o = json_object();
		char *t;
		size_t len;

		json_object_set_new(o, "v", random_value(&seed, 4));
		if (rnd(&seed) % 2)
			json_object_set_new(o, "w", random_value(&seed, 3));
		t = json_dumps(o, JSON_COMPACT);
		assert_non_null(t);
		len = strlen(t);
		expect_parse_like_jansson(t, len, fast_readable(o));
		for (int m = 0; m < 8; m++) {
			static const char bytes[] = "{}[],:\"\\ 0-1e.tnu\x80\xc3\xff\x01";
			char *x = malloc(len + 2);
			size_t at = (size_t)(rnd(&seed) % len), xl = len;

			assert_non_null(x);
			memcpy(x, t, len);
			switch (rnd(&seed) % 4) {
			case 0: /* a byte changed */
				x[at] = bytes[rnd(&seed) % (sizeof(bytes) - 1)];
				break;
			case 1: /* a byte gone */
				memmove(x + at, x + at + 1, len - at - 1);
				xl--;
				break;
			case 2: /* a byte more */
				memmove(x + at + 1, x + at, len - at);
				x[at] = bytes[rnd(&seed) % (sizeof(bytes) - 1)];
				xl++;
				break;
			default: /* cut short */
				xl = at;
			}
			expect_parse_like_jansson(x, xl, false);
			free(x);
		}
		json_text_free(t);
		json_decref(o);
	}
}

/* ---------------------------------------------------------------------- */
/* Importing raw revisions                                                 */

static void test_put_raw_idempotent(void **state)
{
	struct fx *f = *state;
	struct ebb_error err;
	struct ebb_record r, got;
	bool added = false;

	create_vault(f);
	memset(&r, 0, sizeof(r));
	ebb_uuid7(r.id, (AT0 - 86400) * 1000);
	snprintf(r.kind, sizeof(r.kind), "miss");
	r.at = AT0 - 86400;
	r.offset = 3600;
	r.rev = 1;
	r.body = parse("{\"text\":\"the first version\"}");

	EXPECT_OK(ebb_record_put_raw(f->v, &r, &added, &err), err);
	assert_true(added);
	EXPECT_OK(ebb_record_get(f->v, r.id, &got, &err), err);
	assert_int_equal(got.at, AT0 - 86400);
	assert_int_equal(got.offset, 3600);
	assert_int_equal(got.rev, 1);
	assert_string_equal(got.kind, "miss");
	assert_true(json_equal(got.body, r.body));
	ebb_record_clear(&got);

	/* the same (id, rev) again, even with other content: left alone */
	added = true;
	EXPECT_OK(ebb_record_put_raw(f->v, &r, &added, &err), err);
	assert_false(added);
	json_decref(r.body);
	r.body = parse("{\"text\":\"an impostor\"}");
	added = true;
	EXPECT_OK(ebb_record_put_raw(f->v, &r, &added, &err), err);
	assert_false(added);
	expect_body(f->v, r.id, "{\"text\":\"the first version\"}");
	assert_int_equal(count(f->v, NULL), 1);

	/* a later revision */
	r.rev = 2;
	EXPECT_OK(ebb_record_put_raw(f->v, &r, &added, &err), err);
	assert_true(added);
	expect_body(f->v, r.id, "{\"text\":\"an impostor\"}");

	/* a deleted revision wipes the others */
	r.rev = 3;
	r.deleted = true;
	json_decref(r.body);
	r.body = NULL;
	EXPECT_OK(ebb_record_put_raw(f->v, &r, &added, &err), err);
	assert_true(added);
	EXPECT_OK(ebb_record_get(f->v, r.id, &got, &err), err);
	assert_true(got.deleted);
	assert_null(got.body);
	ebb_record_clear(&got);
	EXPECT_OK(ebb_record_put_raw(f->v, &r, &added, &err), err);
	assert_false(added);
	/* importing an old revision again does not bring its text back */
	r.rev = 1;
	r.deleted = false;
	r.body = parse("{\"text\":\"the first version\"}");
	EXPECT_OK(ebb_record_put_raw(f->v, &r, &added, &err), err);
	assert_false(added);
	assert_int_equal(count(f->v, NULL), 0);

	/* refused: unknown kind, rev 0, offset out of range, invalid body, locked */
	struct ebb_record bad = r;
	ebb_uuid7(bad.id, AT0 * 1000);
	snprintf(bad.kind, sizeof(bad.kind), "diary");
	EXPECT_RC(ebb_record_put_raw(f->v, &bad, &added, &err), EBB_ERR_INVALID, err);
	bad = r;
	ebb_uuid7(bad.id, AT0 * 1000);
	bad.rev = 0;
	EXPECT_RC(ebb_record_put_raw(f->v, &bad, &added, &err), EBB_ERR_INVALID, err);
	bad.rev = 1;
	bad.offset = 86401;
	EXPECT_RC(ebb_record_put_raw(f->v, &bad, &added, &err), EBB_ERR_INVALID, err);
	bad.offset = 0;
	snprintf(bad.kind, sizeof(bad.kind), "checkin"); /* a miss body on a check-in */
	EXPECT_RC(ebb_record_put_raw(f->v, &bad, &added, &err), EBB_ERR_INVALID, err);
	assert_false(added);
	snprintf(bad.kind, sizeof(bad.kind), "miss");
	ebb_vault_lock(f->v);
	EXPECT_RC(ebb_record_put_raw(f->v, &bad, &added, &err), EBB_ERR_LOCKED, err);
	json_decref(r.body);
	close_vault(f);
	assert_int_equal(raw_id(f->path, "SELECT count(*) FROM records", NULL), 3);
	assert_int_equal(
	    raw_id(f->path, "SELECT count(*) FROM records WHERE body IS NOT NULL", NULL), 0);
}

/* ---------------------------------------------------------------------- */
/* Tampering                                                               */

/* Three check-ins a, b (the target, with two revisions) and c, closed. */
struct three {
	uint8_t a[EBB_ID_BYTES], b[EBB_ID_BYTES], c[EBB_ID_BYTES];
};

static void make_three(struct fx *f, struct three *t)
{
	create_vault(f);
	add(f->v, "checkin", AT0, "{\"intensity\":1,\"note\":\"record a\"}", t->a);
	add(f->v, "checkin", AT0 + 60, "{\"intensity\":2,\"note\":\"record b\"}", t->b);
	add(f->v, "checkin", AT0 + 120, "{\"intensity\":3,\"note\":\"record c\"}", t->c);
	close_vault(f);
}

/* get(id) and each (both directions) fail with EBB_ERR_CORRUPT naming id,
 * and the tampered record's data is never handed out. */
static void expect_corrupt2(struct fx *f, const uint8_t id[EBB_ID_BYTES], const uint8_t *also,
                            const char *what)
{
	struct ebb_error err;
	struct ebb_record r;
	struct ebb_query q;
	struct seen s;
	char ids[EBB_ID_STR], alsos[EBB_ID_STR] = "-";
	enum ebb_status rc;

	ebb_id_format(ids, id);
	if (also)
		ebb_id_format(alsos, also);
	reopen_vault(f);
	ebb_error_clear(&err);
	rc = ebb_record_get(f->v, id, &r, &err);
	if (rc != EBB_ERR_CORRUPT)
		fail_msg("%s: get returned %d, want EBB_ERR_CORRUPT (%s)", what, (int)rc, err.msg);
	assert_null(r.body);
	if (strstr(err.msg, ids) == NULL)
		fail_msg("%s: the message does not name record %s: %s", what, ids, err.msg);

	for (int dir = 0; dir < 2; dir++) {
		ebb_query_init(&q);
		q.newest_first = dir == 1;
		rc = each(f->v, &q, &s, &err);
		if (rc != EBB_ERR_CORRUPT)
			fail_msg("%s: each returned %d after %zu records, want EBB_ERR_CORRUPT",
			         what, (int)rc, s.n);
		if (strstr(err.msg, ids) == NULL && strstr(err.msg, alsos) == NULL)
			fail_msg("%s: each's message does not name %s: %s", what, ids, err.msg);
		if (seen_id(&s, id) || (also && seen_id(&s, also)))
			fail_msg("%s: each handed out a tampered record", what);
	}
	/* the faster walks over a whole kind report it as the per-row way does */
	expect_same_walks_all(f->v, what);
	close_vault(f);
}

static void expect_corrupt(struct fx *f, const uint8_t id[EBB_ID_BYTES], const char *what)
{
	expect_corrupt2(f, id, NULL, what);
}

static void flip_body_byte(const char *path, const uint8_t id[EBB_ID_BYTES], int rev, size_t at)
{
	size_t n;
	uint8_t *b = raw_body(path, id, rev, &n);

	assert_non_null(b);
	assert_true(at < n);
	b[at] ^= 0x01;
	raw_set_body(path, id, rev, b, n);
	free(b);
}

static void test_tamper_ciphertext_and_nonce(void **state)
{
	struct fx *f = *state;
	struct three t;
	size_t n;
	uint8_t *orig;

	make_three(f, &t);
	orig = raw_body(f->path, t.b, 1, &n);
	assert_non_null(orig);

	flip_body_byte(f->path, t.b, 1, EBB_NONCE_BYTES + 3); /* (a) ciphertext */
	expect_corrupt(f, t.b, "a flipped ciphertext byte");
	raw_set_body(f->path, t.b, 1, orig, n);

	flip_body_byte(f->path, t.b, 1, 5); /* (b) nonce */
	expect_corrupt(f, t.b, "a flipped nonce byte");
	raw_set_body(f->path, t.b, 1, orig, n);

	flip_body_byte(f->path, t.b, 1, n - 1); /* the tag */
	expect_corrupt(f, t.b, "a flipped tag byte");

	raw_set_body(f->path, t.b, 1, orig, EBB_SEAL_OVERHEAD - 1); /* cut short */
	expect_corrupt(f, t.b, "a truncated body");
	raw_set_body(f->path, t.b, 1, orig, n - 1);
	expect_corrupt(f, t.b, "a body missing its last byte");
	raw_set_body(f->path, t.b, 1, NULL, 0); /* wiped without a delete */
	expect_corrupt(f, t.b, "a body set to NULL");

	/* put back: everything reads again */
	raw_set_body(f->path, t.b, 1, orig, n);
	reopen_vault(f);
	expect_body(f->v, t.b, "{\"intensity\":2,\"note\":\"record b\"}");
	free(orig);
}

static void test_tamper_clear_columns(void **state)
{
	struct fx *f = *state;
	struct three t;
	static const struct {
		const char *sql, *undo, *what;
	} cases[] = {
	    {"UPDATE records SET at = at + 1 WHERE id = ?1",
	     "UPDATE records SET at = at - 1 WHERE id = ?1", "(c) at changed by one second"},
	    {"UPDATE records SET at = at - 86400 WHERE id = ?1",
	     "UPDATE records SET at = at + 86400 WHERE id = ?1", "(c) at moved a day back"},
	    {"UPDATE records SET kind = 'urge' WHERE id = ?1",
	     "UPDATE records SET kind = 'checkin' WHERE id = ?1", "(d) kind changed to urge"},
	    {"UPDATE records SET kind = 'checkin-and-more-than-16' WHERE id = ?1",
	     "UPDATE records SET kind = 'checkin' WHERE id = ?1", "(d) kind made too long"},
	    {"UPDATE records SET rev = 2 WHERE id = ?1", "UPDATE records SET rev = 1 WHERE id = ?1",
	     "(e) rev changed"},
	    {"UPDATE records SET utc_offset = 3600 WHERE id = ?1",
	     "UPDATE records SET utc_offset = 0 WHERE id = ?1", "utc_offset changed"},
	    {"UPDATE records SET utc_offset = 100000 WHERE id = ?1",
	     "UPDATE records SET utc_offset = 0 WHERE id = ?1", "utc_offset out of range"},
	};

	make_three(f, &t);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(raw_id(f->path, cases[i].sql, t.b), 1);
		expect_corrupt(f, t.b, cases[i].what);
		assert_int_equal(raw_id(f->path, cases[i].undo, t.b), 1);
		reopen_vault(f);
		expect_body(f->v, t.b, "{\"intensity\":2,\"note\":\"record b\"}");
		close_vault(f);
	}
}

/* An old revision relabelled as the newest (a replay) is detected. */
static void test_tamper_replay_old_revision(void **state)
{
	struct fx *f = *state;
	struct three t;

	make_three(f, &t);
	reopen_vault(f);
	update(f->v, t.b, "{\"intensity\":9,\"note\":\"record b, edited\"}");
	close_vault(f);
	/* drop rev 2 and relabel rev 1 as rev 2 */
	assert_int_equal(raw_id(f->path, "DELETE FROM records WHERE id = ?1 AND rev = 2", t.b), 1);
	assert_int_equal(raw_id(f->path, "UPDATE records SET rev = 2 WHERE id = ?1", t.b), 1);
	expect_corrupt(f, t.b, "rev 1 replayed as rev 2");
}

/* The deleted flag cleared on a deleted record: no body, reported. */
static void test_tamper_undelete(void **state)
{
	struct fx *f = *state;
	struct three t;
	struct ebb_error err;

	make_three(f, &t);
	reopen_vault(f);
	EXPECT_OK(ebb_record_delete(f->v, t.b, &err), err);
	close_vault(f);
	assert_int_equal(
	    raw_id(f->path, "UPDATE records SET deleted = 0 WHERE id = ?1 AND rev = 2", t.b), 1);
	expect_corrupt(f, t.b, "a deleted record undeleted");
}

/* (f) the bodies of two records swapped: both fail, each names its own. */
static void test_tamper_swap_bodies(void **state)
{
	struct fx *f = *state;
	struct three t;
	uint8_t *ba, *bb;
	size_t na, nb;

	make_three(f, &t);
	ba = raw_body(f->path, t.a, 1, &na);
	bb = raw_body(f->path, t.b, 1, &nb);
	raw_set_body(f->path, t.a, 1, bb, nb);
	raw_set_body(f->path, t.b, 1, ba, na);
	/* each stops at whichever of the two comes first */
	expect_corrupt2(f, t.b, t.a, "(f) bodies swapped (b)");
	expect_corrupt2(f, t.a, t.b, "(f) bodies swapped (a)");
	/* the untouched record still reads */
	reopen_vault(f);
	expect_body(f->v, t.c, "{\"intensity\":3,\"note\":\"record c\"}");
	free(ba);
	free(bb);
}

/* (g) a body, or a whole row, copied from another vault. */
static void test_tamper_copy_from_other_vault(void **state)
{
	struct fx *f = *state;
	struct three t;
	struct ebb_error err;
	char other[PATH_MAX + 16], sql[PATH_MAX + 128];
	uint8_t oid[EBB_ID_BYTES], *ob, *orig;
	size_t on, n;

	make_three(f, &t);
	orig = raw_body(f->path, t.b, 1, &n);
	snprintf(other, sizeof(other), "%s/other.ebb", f->dir);
	EXPECT_OK(ebb_vault_create(&f->w, other, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err),
	          err);
	/* same kind, same time as b: only the vault differs */
	json_t *b = parse("{\"intensity\":2,\"note\":\"record b\"}");
	EXPECT_OK(ebb_record_add(f->w, "checkin", AT0 + 60, 0, b, oid, NULL, &err), err);
	json_decref(b);
	ebb_vault_close(f->w);
	f->w = NULL;

	ob = raw_body(other, oid, 1, &on);
	raw_set_body(f->path, t.b, 1, ob, on);
	expect_corrupt(f, t.b, "(g) a body from another vault");
	free(ob);
	raw_set_body(f->path, t.b, 1, orig, n);
	free(orig);

	/* the whole row, id and all */
	snprintf(sql, sizeof(sql),
	         "ATTACH '%s' AS o; INSERT INTO records SELECT * FROM o.records; DETACH o;", other);
	{
		sqlite3 *db = raw_open(f->path);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
	}
	expect_corrupt(f, oid, "(g) a row from another vault");
}

/* ---------------------------------------------------------------------- */
/* Plaintext never in the file                                             */

static void test_plaintext_never_in_file(void **state)
{
	struct fx *f = *state;
	static const char note[] = "kx7-the-green-door-on-harbour-street";
	static const char text[] = "qv2 Dear M, I kept the ticket from the ferry";
	char wal[PATH_MAX + 8], body[256];
	uint8_t a[EBB_ID_BYTES], b[EBB_ID_BYTES];

	create_vault(f);
	snprintf(body, sizeof(body), "{\"intensity\":8,\"note\":\"%s\"}", note);
	add(f->v, "checkin", AT0, body, a);
	snprintf(body, sizeof(body), "{\"text\":\"%s\",\"title\":\"%s\"}", text, note);
	add(f->v, "entry", AT0 + 60, body, b);
	snprintf(body, sizeof(body), "{\"intensity\":7,\"note\":\"%s, again\"}", note);
	update(f->v, a, body);

	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	struct stat sb;
	assert_int_equal(stat(wal, &sb), 0); /* the WAL exists and holds the writes */
	assert_true(sb.st_size > 0);
	assert_false(file_has(wal, note, strlen(note)));
	assert_false(file_has(wal, "kx7", 3));
	assert_false(file_has(wal, text, strlen(text)));
	assert_false(file_has(wal, "ferry", 5));
	assert_false(file_has(f->path, note, strlen(note)));
	assert_false(file_has(f->path, "ferry", 5));
	close_vault(f);
	assert_false(file_has(f->path, note, strlen(note)));
	assert_false(file_has(f->path, "kx7", 3));
	assert_false(file_has(f->path, text, strlen(text)));
	assert_false(file_has(f->path, "ferry", 5));
	assert_false(file_has(f->path, PASS, strlen(PASS)));
	/* and still all there */
	reopen_vault(f);
	expect_body(f->v, b,
	            "{\"text\":\"qv2 Dear M, I kept the ticket from the ferry\","
	            "\"title\":\"kx7-the-green-door-on-harbour-street\"}");
}

int main(void)
{
	struct ebb_error err;
#define T(name) cmocka_unit_test_setup_teardown(name, setup_dir, teardown_dir)
	const struct CMUnitTest tests[] = {
	    T(test_add_get_each_kind),
	    T(test_invalid_bodies_rejected),
	    T(test_update_adds_revisions),
	    T(test_delete_wipes_all_revisions),
	    T(test_all_revisions_after_delete),
	    T(test_query_filters),
	    T(test_each_stops_when_asked),
	    T(test_count),
	    T(test_walks_agree),
	    T(test_walk_of_a_small_share),
	    T(test_walk_of_a_sliver),
	    T(test_tamper_in_a_long_walk),
	    T(test_walk_past_the_memory_ceiling),
	    T(test_kept_bodies_outlive_the_walk),
	    T(test_body_parse_matches_jansson),
	    T(test_put_raw_idempotent),
	    T(test_tamper_ciphertext_and_nonce),
	    T(test_tamper_clear_columns),
	    T(test_tamper_replay_old_revision),
	    T(test_tamper_undelete),
	    T(test_tamper_swap_bodies),
	    T(test_tamper_copy_from_other_vault),
	    T(test_plaintext_never_in_file),
	};
#undef T

	if (ebb_crypto_init(&err) != EBB_OK) {
		fprintf(stderr, "ebb_crypto_init: %s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
