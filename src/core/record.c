/*
 * record.c — record kinds, body validation, and reading and writing sealed
 * revisions. See record.h for the contract.
 *
 * A body's associated data is "ebb-rec-v1" || vault id || record id ||
 * rev (u32 LE) || at (i64 LE) || offset (i32 LE) || kind length (u8) ||
 * kind, so a body only opens in the row, vault and revision it was written
 * for. Plaintext JSON text lives only in sodium_malloc memory; the parsed
 * JSON values use jansson's allocator, which ebb_crypto_init makes wipe on
 * free.
 */
#include "record.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "vocab.h"
#include "vault_impl.h"

#define AD_MAX    (10 + 2 * EBB_ID_BYTES + 4 + 8 + 4 + 1 + EBB_KIND_MAX)
#define TEXT_MAX  (64u * 1024)  /* one note, reason, title... */
#define ENTRY_MAX (512u * 1024) /* the text of a written entry */

static const char rec_label[] = "ebb-rec-v1";

/* ---- kinds and their bodies ------------------------------------------ */

/* An optional member that, when present, is a string naming a word of list. */
static enum ebb_status opt_word(const json_t *body, const char *key, const struct ebb_word *list,
                                struct ebb_error *err)
{
	const json_t *v = json_object_get(body, key);

	if (v == NULL)
		return EBB_OK;
	if (!json_is_string(v) || ebb_word_find(list, json_string_value(v)) == NULL)
		return ebb_error_set(err, EBB_ERR_INVALID, "%s: unknown value \"%s\"", key,
		                     json_is_string(v) ? json_string_value(v) : "?");
	return EBB_OK;
}

/* true for a real calendar date written YYYY-MM-DD. */
static bool is_date(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = 0, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	return !(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

/* An optional string member no longer than max bytes. */
static enum ebb_status opt_string(const json_t *body, const char *key, size_t max, bool required,
                                  struct ebb_error *err)
{
	const json_t *v = json_object_get(body, key);

	if (v == NULL) {
		if (required)
			return ebb_error_set(err, EBB_ERR_INVALID, "%s is missing", key);
		return EBB_OK;
	}
	if (!json_is_string(v))
		return ebb_error_set(err, EBB_ERR_INVALID, "%s must be text", key);
	if (json_string_length(v) > max)
		return ebb_error_set(err, EBB_ERR_INVALID, "%s is too long (at most %zu bytes)",
		                     key, max);
	if (required && json_string_length(v) == 0)
		return ebb_error_set(err, EBB_ERR_INVALID, "%s is empty", key);
	return EBB_OK;
}

/* An optional integer member in [lo, hi]. */
static enum ebb_status opt_int(const json_t *body, const char *key, json_int_t lo, json_int_t hi,
                               bool required, struct ebb_error *err)
{
	const json_t *v = json_object_get(body, key);

	if (v == NULL) {
		if (required)
			return ebb_error_set(err, EBB_ERR_INVALID, "%s is missing", key);
		return EBB_OK;
	}
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "%s must be a whole number from %lld to %lld", key,
		                     (long long)lo, (long long)hi);
	return EBB_OK;
}

/* An optional array of short strings, each in set when set is non-NULL. */
static enum ebb_status opt_words(const json_t *body, const char *key, const struct ebb_word *set,
                                 struct ebb_error *err)
{
	const json_t *v = json_object_get(body, key), *w;
	size_t i;

	if (v == NULL)
		return EBB_OK;
	if (!json_is_array(v) || json_array_size(v) > 64)
		return ebb_error_set(err, EBB_ERR_INVALID, "%s must be a list of words", key);
	json_array_foreach(v, i, w)
	{
		if (!json_is_string(w) || json_string_length(w) == 0 || json_string_length(w) > 64)
			return ebb_error_set(err, EBB_ERR_INVALID, "%s must be a list of words",
			                     key);
		if (set && ebb_word_find(set, json_string_value(w)) == NULL)
			return ebb_error_set(err, EBB_ERR_INVALID, "%s: unknown value \"%s\"", key,
			                     json_string_value(w));
	}
	return EBB_OK;
}

#define CHECK(expr)                                                                                \
	do {                                                                                       \
		enum ebb_status rc_ = (expr);                                                      \
		if (rc_ != EBB_OK)                                                                 \
			return rc_;                                                                \
	} while (0)

static enum ebb_status check_checkin(const json_t *b, struct ebb_error *err)
{
	CHECK(opt_int(b, "intensity", 0, 10, true, err));
	CHECK(opt_words(b, "feelings", ebb_feelings, err));
	CHECK(opt_words(b, "grieving", ebb_facets, err));
	return opt_string(b, "note", TEXT_MAX, false, err);
}

static enum ebb_status check_entry(const json_t *b, struct ebb_error *err)
{
	const json_t *answers = json_object_get(b, "answers"), *a;
	const char *key;

	CHECK(opt_string(b, "text", ENTRY_MAX, true, err));
	CHECK(opt_word(b, "prompt", ebb_prompt_kinds, err));
	CHECK(opt_string(b, "prompt_id", 64, false, err));
	CHECK(opt_string(b, "question", 2048, false, err));
	CHECK(opt_string(b, "title", 1024, false, err));
	if (answers) {
		if (!json_is_object(answers))
			return ebb_error_set(err, EBB_ERR_INVALID, "answers must be an object");
		json_object_foreach((json_t *)answers, key, a)
		{
			if (!json_is_string(a) || json_string_length(a) > ENTRY_MAX)
				return ebb_error_set(err, EBB_ERR_INVALID, "answers must be text");
		}
	}
	return opt_words(b, "tags", NULL, err);
}

static enum ebb_status check_urge(const json_t *b, struct ebb_error *err)
{
	CHECK(opt_int(b, "intensity", 0, 10, false, err));
	CHECK(opt_word(b, "for", ebb_urge_for, err));
	CHECK(opt_word(b, "feeling", ebb_feelings, err));
	CHECK(opt_word(b, "did", ebb_urge_did, err));
	return opt_string(b, "note", TEXT_MAX, false, err);
}

static enum ebb_status check_signs(const json_t *b, struct ebb_error *err)
{
	const json_t *r = json_object_get(b, "ratings"), *x;
	size_t i;

	if (!json_is_array(r) || json_array_size(r) != 4)
		return ebb_error_set(err, EBB_ERR_INVALID, "ratings must be four numbers");
	json_array_foreach(r, i, x)
	{
		if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > 4)
			return ebb_error_set(err, EBB_ERR_INVALID,
			                     "each sign is rated with a whole number from 0 to 4");
	}
	return EBB_OK;
}

static enum ebb_status check_text(const json_t *b, struct ebb_error *err)
{
	return opt_string(b, "text", TEXT_MAX, true, err);
}

static enum ebb_status check_contact(const json_t *b, struct ebb_error *err)
{
	const json_t *by = json_object_get(b, "by");

	if (by && (!json_is_string(by) || (strcmp(json_string_value(by), "me") != 0 &&
	                                   strcmp(json_string_value(by), "them") != 0)))
		return ebb_error_set(err, EBB_ERR_INVALID, "by must be \"me\" or \"them\"");
	return opt_string(b, "note", TEXT_MAX, false, err);
}

static enum ebb_status check_profile(const json_t *b, struct ebb_error *err)
{
	const json_t *d = json_object_get(b, "left_on");

	if (d != NULL && !is_date(json_string_value(d)))
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "left_on must be a date like 2026-03-04");
	CHECK(opt_string(b, "name", 256, false, err));
	return opt_word(b, "relationship", ebb_relationships, err);
}

static enum ebb_status check_date(const json_t *b, struct ebb_error *err)
{
	const json_t *yearly = json_object_get(b, "yearly");

	if (!is_date(json_string_value(json_object_get(b, "date"))))
		return ebb_error_set(err, EBB_ERR_INVALID, "date must be a day like 2026-03-04");
	if (yearly && !json_is_boolean(yearly))
		return ebb_error_set(err, EBB_ERR_INVALID, "yearly must be true or false");
	return opt_string(b, "label", 256, true, err);
}

static enum ebb_status check_plan(const json_t *b, struct ebb_error *err)
{
	for (const struct ebb_word *w = ebb_plan_parts; w->name; w++)
		CHECK(opt_string(b, w->name, TEXT_MAX, false, err));
	return EBB_OK;
}

static const struct kind {
	const char *name;
	enum ebb_status (*check)(const json_t *body, struct ebb_error *err);
} kinds[] = {
    {"checkin", check_checkin}, {"entry", check_entry},     {"urge", check_urge},
    {"signs", check_signs},     {"reason", check_text},     {"miss", check_text},
    {"contact", check_contact}, {"profile", check_profile}, {"date", check_date},
    {"plan", check_plan},
};

static const struct kind *find_kind(const char *name)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

bool ebb_kind_known(const char *kind)
{
	return kind != NULL && find_kind(kind) != NULL;
}

enum ebb_status ebb_record_validate(const char *kind, const json_t *body, struct ebb_error *err)
{
	const struct kind *k = find_kind(kind);

	if (k == NULL)
		return ebb_error_set(err, EBB_ERR_INVALID, "unknown record kind \"%s\"", kind);
	if (!json_is_object(body))
		return ebb_error_set(err, EBB_ERR_INVALID, "a %s must be a JSON object", kind);
	return k->check(body, err);
}

/* ---- sealing ---------------------------------------------------------- */

static void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static size_t record_ad(uint8_t ad[AD_MAX], const uint8_t vault_id[EBB_ID_BYTES],
                        const uint8_t id[EBB_ID_BYTES], const char *kind, int64_t at,
                        int32_t offset, uint32_t rev)
{
	size_t n = sizeof(rec_label) - 1, klen = strlen(kind);

	memcpy(ad, rec_label, n);
	memcpy(ad + n, vault_id, EBB_ID_BYTES);
	n += EBB_ID_BYTES;
	memcpy(ad + n, id, EBB_ID_BYTES);
	n += EBB_ID_BYTES;
	put_le(ad + n, rev, 4);
	n += 4;
	put_le(ad + n, (uint64_t)at, 8);
	n += 8;
	put_le(ad + n, (uint64_t)(uint32_t)offset, 4);
	n += 4;
	ad[n++] = (uint8_t)klen;
	memcpy(ad + n, kind, klen);
	return n + klen;
}

static enum ebb_status seal_body(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES],
                                 const char *kind, int64_t at, int32_t offset, uint32_t rev,
                                 const char *text, size_t len, uint8_t **out, size_t *outlen,
                                 struct ebb_error *err)
{
	uint8_t ad[AD_MAX];
	size_t adlen;

	if (strlen(kind) >= EBB_KIND_MAX)
		return ebb_error_set(err, EBB_ERR_INVALID, "unknown record kind \"%s\"", kind);
	*out = malloc(len + EBB_SEAL_OVERHEAD);
	if (*out == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	adlen = record_ad(ad, v->id, id, kind, at, offset, rev);
	ebb_seal(*out, (const uint8_t *)text, len, ad, adlen, v->keys->record);
	*outlen = len + EBB_SEAL_OVERHEAD;
	return EBB_OK;
}

/*
 * Serialises body as compact JSON into sodium memory (*text, *len); the
 * caller sodium_frees *text.
 */
static enum ebb_status dump_secret(const json_t *body, char **text, size_t *len,
                                   struct ebb_error *err)
{
	size_t n = json_dumpb(body, NULL, 0, JSON_COMPACT);

	if (n == 0)
		return ebb_error_set(err, EBB_ERR_INVALID, "cannot write this record as JSON");
	if (n > EBB_BODY_MAX)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "this record is too large (at most %u bytes)", EBB_BODY_MAX);
	*text = sodium_malloc(n + 1);
	if (*text == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	json_dumpb(body, *text, n, JSON_COMPACT);
	(*text)[n] = '\0';
	*len = n;
	return EBB_OK;
}

static enum ebb_status insert_row(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES], uint32_t rev,
                                  const char *kind, int64_t at, int32_t offset, bool deleted,
                                  const uint8_t *body, size_t bodylen, bool ignore_existing,
                                  bool *added, struct ebb_error *err)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(
	    v->db,
	    ignore_existing
	        ? "INSERT OR IGNORE INTO records(id, rev, kind, at, utc_offset, deleted, body)"
	          " VALUES(?, ?, ?, ?, ?, ?, ?)"
	        : "INSERT INTO records(id, rev, kind, at, utc_offset, deleted, body)"
	          " VALUES(?, ?, ?, ?, ?, ?, ?)",
	    -1, &st, NULL);

	if (src == SQLITE_OK) {
		sqlite3_bind_blob(st, 1, id, EBB_ID_BYTES, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, rev);
		sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, at);
		sqlite3_bind_int64(st, 5, offset);
		sqlite3_bind_int(st, 6, deleted);
		if (body)
			sqlite3_bind_blob(st, 7, body, (int)bodylen, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 7);
		src = sqlite3_step(st);
	}
	if (added)
		*added = src == SQLITE_DONE && sqlite3_changes(v->db) > 0;
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return ebb_store_fail(v->db, src, "saving", err);
	return EBB_OK;
}

enum ebb_status ebb_record_write_rev(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES],
                                     uint32_t rev, const char *kind, int64_t at, int32_t offset,
                                     const json_t *body, bool ignore_existing, bool *added,
                                     struct ebb_error *err)
{
	char *text = NULL;
	uint8_t *sealed = NULL;
	size_t len = 0, sealedlen = 0;
	enum ebb_status rc = dump_secret(body, &text, &len, err);

	if (rc == EBB_OK)
		rc = seal_body(v, id, kind, at, offset, rev, text, len, &sealed, &sealedlen, err);
	if (rc == EBB_OK)
		rc = insert_row(v, id, rev, kind, at, offset, false, sealed, sealedlen,
		                ignore_existing, added, err);
	sodium_free(text);
	free(sealed);
	return rc;
}

/* Seals {"id", "kind", "at", "offset", "body"} to the inbox key. */
static enum ebb_status queue(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES], const char *kind,
                             int64_t at, int32_t offset, const json_t *body, struct ebb_error *err)
{
	char ids[EBB_ID_STR];
	json_t *e;
	char *text = NULL;
	uint8_t *sealed = NULL;
	size_t len = 0;
	sqlite3_stmt *st = NULL;
	enum ebb_status rc;
	int src;

	ebb_id_format(ids, id);
	e = json_pack("{s:s, s:s, s:I, s:i, s:O}", "id", ids, "kind", kind, "at", (json_int_t)at,
	              "offset", (int)offset, "body", body);
	if (e == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	rc = dump_secret(e, &text, &len, err);
	json_decref(e);
	if (rc != EBB_OK)
		return rc;
	sealed = malloc(len + EBB_BOXSEAL_BYTES);
	if (sealed == NULL) {
		rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		goto done;
	}
	rc = ebb_box_seal(sealed, (const uint8_t *)text, len, v->inbox_pk, err);
	if (rc != EBB_OK)
		goto done;
	src = sqlite3_prepare_v2(v->db, "INSERT INTO inbox(sealed) VALUES(?)", -1, &st, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_blob(st, 1, sealed, (int)(len + EBB_BOXSEAL_BYTES), SQLITE_STATIC);
		src = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		rc = ebb_store_fail(v->db, src, "saving", err);
done:
	sodium_free(text);
	free(sealed);
	return rc;
}

enum ebb_status ebb_record_add(struct ebb_vault *v, const char *kind, int64_t at, int32_t offset,
                               const json_t *body, uint8_t *id_out, bool *queued,
                               struct ebb_error *err)
{
	uint8_t id[EBB_ID_BYTES];
	enum ebb_status rc = ebb_record_validate(kind, body, err);

	if (queued)
		*queued = false;
	if (rc != EBB_OK)
		return rc;
	if (offset < -86400 || offset > 86400)
		return ebb_error_set(err, EBB_ERR_INVALID, "the UTC offset is out of range");
	ebb_vault_new_id(v, id);
	if (v->keys) {
		rc = ebb_record_write_rev(v, id, 1, kind, at, offset, body, false, NULL, err);
	} else {
		rc = queue(v, id, kind, at, offset, body, err);
		if (rc == EBB_OK && queued)
			*queued = true;
	}
	if (rc == EBB_OK && id_out)
		memcpy(id_out, id, EBB_ID_BYTES);
	return rc;
}

/* ---- reading ---------------------------------------------------------- */

void ebb_record_clear(struct ebb_record *r)
{
	if (r == NULL)
		return;
	json_decref(r->body);
	r->body = NULL;
}

/* Plaintext scratch space in sodium memory, reused across rows. */
struct scratch {
	uint8_t *p;
	size_t cap;
};

static void scratch_free(struct scratch *s)
{
	sodium_free(s->p);
	s->p = NULL;
	s->cap = 0;
}

/*
 * Fills r from the current row of st (columns id, rev, kind, at,
 * utc_offset, deleted, body), opening and parsing the body.
 */
static enum ebb_status row_to_record(struct ebb_vault *v, sqlite3_stmt *st, struct scratch *s,
                                     struct ebb_record *r, struct ebb_error *err)
{
	const void *idp = sqlite3_column_blob(st, 0);
	const char *kind = (const char *)sqlite3_column_text(st, 2);
	const uint8_t *body = sqlite3_column_blob(st, 6);
	size_t bodylen = (size_t)sqlite3_column_bytes(st, 6);
	int64_t rev = sqlite3_column_int64(st, 1);
	int64_t off = sqlite3_column_int64(st, 4);
	char ids[EBB_ID_STR] = "(unreadable id)";
	uint8_t ad[AD_MAX];
	size_t adlen, plainlen;
	json_error_t jerr;

	memset(r, 0, sizeof(*r));
	if (idp && sqlite3_column_bytes(st, 0) == EBB_ID_BYTES) {
		memcpy(r->id, idp, EBB_ID_BYTES);
		ebb_id_format(ids, r->id);
	}
	if (idp == NULL || sqlite3_column_bytes(st, 0) != EBB_ID_BYTES || kind == NULL ||
	    strlen(kind) >= EBB_KIND_MAX || rev < 1 || rev > UINT32_MAX || off < -86400 ||
	    off > 86400)
		return ebb_error_set(err, EBB_ERR_CORRUPT,
		                     "record %s has damaged metadata: it was altered outside ebb",
		                     ids);
	memcpy(r->kind, kind, strlen(kind) + 1);
	r->rev = (uint32_t)rev;
	r->at = sqlite3_column_int64(st, 3);
	r->offset = (int32_t)off;
	r->deleted = sqlite3_column_int(st, 5) != 0;
	if (r->deleted)
		return EBB_OK;
	if (body == NULL && sqlite3_column_int(st, 7) != 0) {
		r->wiped = true;
		return EBB_OK;
	}
	if (body == NULL || bodylen < EBB_SEAL_OVERHEAD || bodylen > EBB_BODY_MAX + 4096)
		return ebb_error_set(err, EBB_ERR_CORRUPT,
		                     "record %s failed its integrity check: it was altered or "
		                     "damaged outside ebb",
		                     ids);
	plainlen = bodylen - EBB_SEAL_OVERHEAD;
	if (plainlen + 1 > s->cap) {
		scratch_free(s);
		s->p = sodium_malloc(plainlen + 1);
		if (s->p == NULL)
			return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		s->cap = plainlen + 1;
	}
	adlen = record_ad(ad, v->id, r->id, r->kind, r->at, r->offset, r->rev);
	if (!ebb_open(s->p, body, bodylen, ad, adlen, v->keys->record))
		return ebb_error_set(err, EBB_ERR_CORRUPT,
		                     "record %s failed its integrity check: it was altered or "
		                     "damaged outside ebb",
		                     ids);
	r->body = json_loadb((const char *)s->p, plainlen, 0, &jerr);
	sodium_memzero(s->p, plainlen);
	if (r->body == NULL || !json_is_object(r->body)) {
		ebb_record_clear(r);
		return ebb_error_set(err, EBB_ERR_CORRUPT, "record %s holds malformed data", ids);
	}
	return EBB_OK;
}

static enum ebb_status need_key(struct ebb_vault *v, struct ebb_error *err)
{
	if (v->keys == NULL)
		return ebb_error_set(err, EBB_ERR_LOCKED, "the vault is locked");
	return EBB_OK;
}

/* The columns row_to_record reads; the last says whether any revision of
 * the record is a deletion (then earlier bodies are wiped on purpose). */
static const char cols[] = "id, rev, kind, at, utc_offset, deleted, body,"
                           " EXISTS(SELECT 1 FROM records d WHERE d.id = r.id AND d.deleted = 1)";
/* The same for latest revisions only: a latest revision is never wiped (a
 * deleted record's latest revision is the deletion), so the lookup that
 * finds wiped ones is not needed for each row. */
static const char cols_latest[] = "id, rev, kind, at, utc_offset, deleted, body, 0";

enum ebb_status ebb_record_get(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES],
                               struct ebb_record *out, struct ebb_error *err)
{
	char sql[320], ids[EBB_ID_STR];
	struct scratch s = {0};
	sqlite3_stmt *st = NULL;
	enum ebb_status rc = need_key(v, err);
	int src;

	memset(out, 0, sizeof(*out));
	if (rc != EBB_OK)
		return rc;
	snprintf(sql, sizeof(sql),
	         "SELECT %s FROM records r WHERE id = ? ORDER BY rev DESC LIMIT 1", cols);
	src = sqlite3_prepare_v2(v->db, sql, -1, &st, NULL);
	if (src != SQLITE_OK)
		return ebb_store_fail(v->db, src, "reading", err);
	sqlite3_bind_blob(st, 1, id, EBB_ID_BYTES, SQLITE_STATIC);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = row_to_record(v, st, &s, out, err);
	} else if (src == SQLITE_DONE) {
		ebb_id_format(ids, id);
		rc = ebb_error_set(err, EBB_ERR_NOTFOUND, "no record %s", ids);
	} else {
		rc = ebb_store_fail(v->db, src, "reading", err);
	}
	sqlite3_finalize(st);
	scratch_free(&s);
	if (rc != EBB_OK)
		ebb_record_clear(out);
	return rc;
}

void ebb_query_init(struct ebb_query *q)
{
	memset(q, 0, sizeof(*q));
	q->from = INT64_MIN; /* moments before 1970 are negative, and allowed */
	q->to = INT64_MAX;
}

enum ebb_status ebb_record_each(struct ebb_vault *v, const struct ebb_query *q, ebb_record_fn fn,
                                void *ctx, struct ebb_error *err)
{
	char sql[1024];
	struct scratch s = {0};
	struct ebb_record r;
	sqlite3_stmt *st = NULL;
	enum ebb_status rc = need_key(v, err);
	const char *dir = q->newest_first ? "DESC" : "ASC";
	int src;

	if (rc != EBB_OK)
		return rc;
	snprintf(sql, sizeof(sql),
	         "SELECT %s FROM records r WHERE %s"
	         " %s at >= ?2 AND at <= ?3 AND (?4 OR deleted = 0)"
	         " ORDER BY at %s, id %s, rev %s LIMIT ?5",
	         q->all_revisions ? cols : cols_latest,
	         q->all_revisions ? "" : "rev = (SELECT max(rev) FROM records WHERE id = r.id) AND",
	         /* spelled out only when given, so records_kind_at can serve it */
	         q->kind ? "kind = ?1 AND" : "", dir, dir, dir);
	src = sqlite3_prepare_v2(v->db, sql, -1, &st, NULL);
	if (src != SQLITE_OK)
		return ebb_store_fail(v->db, src, "reading", err);
	if (q->kind)
		sqlite3_bind_text(st, 1, q->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, q->from);
	sqlite3_bind_int64(st, 3, q->to);
	sqlite3_bind_int(st, 4, q->with_deleted);
	sqlite3_bind_int64(st, 5, q->limit ? (int64_t)q->limit : -1);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		rc = row_to_record(v, st, &s, &r, err);
		if (rc == EBB_OK)
			rc = fn(&r, ctx, err);
		ebb_record_clear(&r);
		if (rc != EBB_OK)
			break;
	}
	if (rc == EBB_OK && src != SQLITE_DONE)
		rc = ebb_store_fail(v->db, src, "reading", err);
	sqlite3_finalize(st);
	scratch_free(&s);
	return rc;
}

enum ebb_status ebb_record_count(struct ebb_vault *v, const char *kind, size_t *count,
                                 struct ebb_error *err)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(
	    v->db,
	    "SELECT count(*) FROM records r WHERE rev = (SELECT max(rev) FROM records"
	    " WHERE id = r.id) AND deleted = 0 AND (?1 IS NULL OR kind = ?1)",
	    -1, &st, NULL);

	if (src == SQLITE_OK) {
		if (kind)
			sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			*count = (size_t)sqlite3_column_int64(st, 0);
			src = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return src == SQLITE_OK ? EBB_OK : ebb_store_fail(v->db, src, "counting", err);
}

enum ebb_status ebb_record_resolve(struct ebb_vault *v, const char *text, uint8_t id[EBB_ID_BYTES],
                                   struct ebb_error *err)
{
	char hex[13];
	size_t n = strlen(text), found = 0;
	sqlite3_stmt *st = NULL;
	int src;

	if (n == 36 && ebb_id_parse(id, text)) {
		sqlite3_stmt *one = NULL;
		src = sqlite3_prepare_v2(v->db, "SELECT 1 FROM records WHERE id = ? LIMIT 1", -1,
		                         &one, NULL);
		if (src == SQLITE_OK) {
			sqlite3_bind_blob(one, 1, id, EBB_ID_BYTES, SQLITE_STATIC);
			src = sqlite3_step(one);
		}
		sqlite3_finalize(one);
		if (src == SQLITE_ROW)
			return EBB_OK;
		if (src == SQLITE_DONE)
			return ebb_error_set(err, EBB_ERR_NOTFOUND, "there is no record %s", text);
		return ebb_store_fail(v->db, src, "looking up a record", err);
	}
	if (n < 4 || n > 12)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "'%s' is not a record id: give the id shown by 'ebb log'",
		                     text);
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		if (c >= 'a' && c <= 'f')
			c = (char)(c - 'a' + 'A');
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
			return ebb_error_set(
			    err, EBB_ERR_INVALID,
			    "'%s' is not a record id: give the id shown by 'ebb log'", text);
		hex[i] = c;
	}
	hex[n] = '\0';
	src = sqlite3_prepare_v2(
	    v->db, "SELECT DISTINCT id FROM records WHERE substr(hex(id), ?1) = ?2 LIMIT 2", -1,
	    &st, NULL);
	if (src == SQLITE_OK) {
		sqlite3_bind_int(st, 1, 33 - (int)n);
		sqlite3_bind_text(st, 2, hex, (int)n, SQLITE_STATIC);
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			if (found++ == 0 && sqlite3_column_bytes(st, 0) == EBB_ID_BYTES)
				memcpy(id, sqlite3_column_blob(st, 0), EBB_ID_BYTES);
		}
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return ebb_store_fail(v->db, src, "looking up a record", err);
	if (found == 0)
		return ebb_error_set(err, EBB_ERR_NOTFOUND, "there is no record ending in %s",
		                     text);
	if (found > 1)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "several records end in %s: give more of the id", text);
	return EBB_OK;
}

/* ---- changing --------------------------------------------------------- */

enum ebb_status ebb_record_update(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES],
                                  const json_t *body, const int64_t *at, const int32_t *offset,
                                  struct ebb_error *err)
{
	struct ebb_record cur;
	char ids[EBB_ID_STR];
	enum ebb_status rc = need_key(v, err);

	if (rc != EBB_OK)
		return rc;
	rc = ebb_store_begin(v->db, err);
	if (rc != EBB_OK)
		return rc;
	rc = ebb_record_get(v, id, &cur, err);
	if (rc == EBB_OK && cur.deleted) {
		ebb_id_format(ids, id);
		rc = ebb_error_set(err, EBB_ERR_NOTFOUND, "record %s was deleted", ids);
	}
	if (rc == EBB_OK)
		rc = ebb_record_validate(cur.kind, body, err);
	if (rc == EBB_OK && offset && (*offset < -86400 || *offset > 86400))
		rc = ebb_error_set(err, EBB_ERR_INVALID, "the UTC offset is out of range");
	if (rc == EBB_OK && cur.rev == UINT32_MAX)
		rc = ebb_error_set(err, EBB_ERR_INVALID, "this record has too many revisions");
	if (rc == EBB_OK)
		rc = ebb_record_write_rev(v, id, cur.rev + 1, cur.kind, at ? *at : cur.at,
		                          offset ? *offset : cur.offset, body, false, NULL, err);
	ebb_record_clear(&cur);
	if (rc != EBB_OK) {
		ebb_store_rollback(v->db);
		return rc;
	}
	return ebb_store_commit(v->db, err);
}

/* Wipes the bodies of every revision of id when any revision is deleted. */
static enum ebb_status wipe_deleted(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES],
                                    struct ebb_error *err)
{
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(v->db,
	                             "UPDATE records SET body = NULL WHERE id = ?1 AND body IS NOT"
	                             " NULL AND EXISTS (SELECT 1 FROM records WHERE id = ?1 AND"
	                             " deleted = 1)",
	                             -1, &st, NULL);

	if (src == SQLITE_OK) {
		sqlite3_bind_blob(st, 1, id, EBB_ID_BYTES, SQLITE_STATIC);
		src = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return src == SQLITE_DONE ? EBB_OK : ebb_store_fail(v->db, src, "deleting", err);
}

enum ebb_status ebb_record_delete(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES],
                                  struct ebb_error *err)
{
	struct ebb_record cur;
	char ids[EBB_ID_STR];
	enum ebb_status rc = need_key(v, err);

	if (rc != EBB_OK)
		return rc;
	rc = ebb_store_begin(v->db, err);
	if (rc != EBB_OK)
		return rc;
	rc = ebb_record_get(v, id, &cur, err);
	if (rc == EBB_OK && cur.deleted) {
		ebb_id_format(ids, id);
		rc = ebb_error_set(err, EBB_ERR_NOTFOUND, "record %s was already deleted", ids);
	}
	if (rc == EBB_OK)
		rc = insert_row(v, id, cur.rev + 1, cur.kind, cur.at, cur.offset, true, NULL, 0,
		                false, NULL, err);
	if (rc == EBB_OK)
		rc = wipe_deleted(v, id, err);
	ebb_record_clear(&cur);
	if (rc != EBB_OK) {
		ebb_store_rollback(v->db);
		return rc;
	}
	return ebb_store_commit(v->db, err);
}

enum ebb_status ebb_record_put_raw(struct ebb_vault *v, const struct ebb_record *r, bool *added,
                                   struct ebb_error *err)
{
	enum ebb_status rc = need_key(v, err);

	if (added)
		*added = false;
	if (rc != EBB_OK)
		return rc;
	if (!ebb_kind_known(r->kind))
		return ebb_error_set(err, EBB_ERR_INVALID, "unknown record kind \"%s\"", r->kind);
	if (r->rev < 1 || r->offset < -86400 || r->offset > 86400)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "a record's rev or offset is out of range");
	if (r->deleted) {
		rc = insert_row(v, r->id, r->rev, r->kind, r->at, r->offset, true, NULL, 0, true,
		                added, err);
	} else {
		rc = ebb_record_validate(r->kind, r->body, err);
		if (rc == EBB_OK)
			rc = ebb_record_write_rev(v, r->id, r->rev, r->kind, r->at, r->offset,
			                          r->body, true, added, err);
	}
	if (rc == EBB_OK)
		rc = wipe_deleted(v, r->id, err);
	return rc;
}
