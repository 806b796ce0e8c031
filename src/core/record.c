/*
 * record.c — record kinds, body validation, and reading and writing sealed
 * revisions. See record.h for the contract.
 *
 * A body's associated data is "ebb-rec-v1" || vault id || record id ||
 * rev (u32 LE) || at (i64 LE) || offset (i32 LE) || kind length (u8) ||
 * kind, so a body only opens in the row, vault and revision it was written
 * for. Plaintext JSON text lives only in sodium_malloc memory (the opened
 * body and the strings unescaped from it); the parsed JSON values use
 * jansson's allocator, which ebb_crypto_init makes wipe on free.
 *
 * Reading a whole kind is the hot path (`ebb waves` reads ten years of
 * check-ins): bodies are parsed by a small parser for the compact JSON ebb
 * writes (anything else goes to json_loadb), the vocabulary's words and
 * small numbers are shared between the bodies of one walk, and the walk
 * picks how to find latest revisions by how much of the vault the kind is
 * (see "reading"). docs/PERFORMANCE.md has the measurements.
 */
#include "record.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "text.h"
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

/* ---- parsing bodies --------------------------------------------------- */

/*
 * A body is JSON text that ebb wrote itself (json_dumpb with JSON_COMPACT)
 * and that was authenticated just before it is parsed. Reading thousands of
 * them (ten years of check-ins for `ebb waves`) through json_loadb costs
 * most of the time: its lexer takes the text a byte at a time through a
 * callback. fast_parse reads the shape ebb writes — no whitespace; objects,
 * arrays, strings, integers, true, false, null — and builds the very tree
 * json_loadb would, through jansson's own constructors (so every block is
 * still jansson's wiping allocator's). It declines anything else: whitespace,
 * reals, \u escapes, escaped keys, integers of 19 digits or more, nesting
 * deeper than FAST_DEPTH and anything malformed; the caller then hands the
 * text to json_loadb, so what is accepted, and what is refused, is always
 * exactly what json_loadb(text, len, 0) does.
 */
#define FAST_DEPTH 32

enum fast_rc { FAST_OK, FAST_DECLINE, FAST_NOMEM };

/*
 * The short strings and small whole numbers met in one walk's bodies, each
 * made once and shared by every body that holds it (most are words of the
 * vocabulary: feelings, facets, and intensities). Sharing a value saves its
 * allocations and wiped frees in every record after the first; jansson
 * counts the references, so a body kept past the walk keeps its values.
 * An open-addressed table, at most half full; when it is, further strings
 * are simply not shared.
 */
#define INTERN_SLOTS 512
#define INTERN_LEN   32 /* longer strings are notes and texts: not shared */
#define INTERN_INT   16 /* whole numbers 0..INTERN_INT are shared */

struct intern {
	json_t *str[INTERN_SLOTS];
	size_t n;
	json_t *num[INTERN_INT + 1];
};

/* Drops the table's references; the values live on in bodies still held. */
static void intern_release(struct intern *in)
{
	for (size_t i = 0; i < INTERN_SLOTS; i++)
		json_decref(in->str[i]);
	for (size_t i = 0; i <= INTERN_INT; i++)
		json_decref(in->num[i]);
	memset(in, 0, sizeof(*in));
}

/* A new reference to the string s (n bytes, valid UTF-8), shared when it can be. */
static json_t *intern_string(struct intern *in, const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t i;

	if (in == NULL || n > INTERN_LEN)
		return json_stringn_nocheck(s, n);
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	for (i = h & (INTERN_SLOTS - 1); in->str[i]; i = (i + 1) & (INTERN_SLOTS - 1)) {
		if (json_string_length(in->str[i]) == n &&
		    memcmp(json_string_value(in->str[i]), s, n) == 0)
			return json_incref(in->str[i]);
	}
	if (in->n >= INTERN_SLOTS / 2)
		return json_stringn_nocheck(s, n);
	in->str[i] = json_stringn_nocheck(s, n);
	if (in->str[i] == NULL)
		return NULL;
	in->n++;
	return json_incref(in->str[i]);
}

/* A new reference to the whole number v, shared when it is small. */
static json_t *intern_integer(struct intern *in, json_int_t v)
{
	if (in == NULL || v < 0 || v > INTERN_INT)
		return json_integer(v);
	if (in->num[v] == NULL && (in->num[v] = json_integer(v)) == NULL)
		return NULL;
	return json_incref(in->num[v]);
}

struct fast {
	const unsigned char *p, *end;
	char *tmp;       /* unescaped strings; sodium memory of at least end - text bytes */
	size_t tmp_used; /* the most of tmp written, to wipe */
	unsigned depth;
	struct intern *in; /* values shared across bodies, or NULL */
};

/* true for a byte that ends a plain run in a string: a control, '"', '\\' or non-ASCII */
static inline bool plain_stop(unsigned char c)
{
	return (unsigned char)(c - 0x20) >= 0x60 || c == '"' || c == '\\';
}

/* The end of the plain run starting at q (before end), eight bytes at a
 * time while none of them ends it (notes are long runs). */
static const unsigned char *plain_run(const unsigned char *q, const unsigned char *end)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;

	while (end - q >= 8) {
		uint64_t x, quote, slash;

		memcpy(&x, q, 8);
		quote = x ^ (ones * '"'); /* a zero byte where x has a '"' */
		slash = x ^ (ones * '\\');
		/* any byte under 0x20, '"', '\\' or 0x80 and up (exact for "any") */
		if (((x - ones * 0x20) & ~x & highs) | ((quote - ones) & ~quote & highs) |
		    ((slash - ones) & ~slash & highs) | (x & highs))
			break;
		q += 8;
	}
	while (q < end && !plain_stop(*q))
		q++;
	return q;
}

/* Ends a string that wrote up to t in f->tmp (t may be NULL): notes how
 * much of tmp must be wiped, and returns rc. */
static enum fast_rc string_end(struct fast *f, const char *t, enum fast_rc rc)
{
	if (t && (size_t)(t - f->tmp) > f->tmp_used)
		f->tmp_used = (size_t)(t - f->tmp);
	return rc;
}

/*
 * Reads a string whose opening quote f->p is on. *s and *n get its text:
 * a pointer into the input, or into f->tmp when it held escapes (*escaped
 * is then true, and the text lives only until the next string).
 */
static enum fast_rc fast_string(struct fast *f, const char **s, size_t *n, bool *escaped)
{
	const unsigned char *q = ++f->p, *start = q;
	char *t = NULL;

	while (q < f->end) {
		unsigned char c;

		/* the plain run up to the next quote, escape, control or
		 * non-ASCII byte */
		if (t == NULL) {
			q = plain_run(q, f->end);
		} else {
			while (q < f->end && !plain_stop(*q))
				*t++ = (char)*q++;
		}
		if (q == f->end)
			break;
		c = *q;
		if (c == '"') {
			f->p = q + 1;
			if (t == NULL) {
				*s = (const char *)start;
				*n = (size_t)(q - start);
				*escaped = false;
			} else {
				*s = f->tmp;
				*n = (size_t)(t - f->tmp);
				*escaped = true;
			}
			return string_end(f, t, FAST_OK);
		}
		if (c >= 0x80) {
			size_t k = ebb_utf8_len((const char *)q, (size_t)(f->end - q));
			if (k == 1)
				return string_end(f, t, FAST_DECLINE);
			if (t) {
				memcpy(t, q, k);
				t += k;
			}
			q += k;
			continue;
		}
		if (c == '\\') {
			static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
			const char *e;

			if (q + 1 >= f->end || q[1] == '\0' || (e = strchr(from, q[1])) == NULL)
				return string_end(f, t, FAST_DECLINE); /* \u, or not an escape */
			if (t == NULL) {
				memcpy(f->tmp, start, (size_t)(q - start));
				t = f->tmp + (q - start);
			}
			*t++ = to[e - from];
			q += 2;
			continue;
		}
		/* a control character: json_loadb refuses it */
		return string_end(f, t, FAST_DECLINE);
	}
	return string_end(f, t, FAST_DECLINE);
}

/* Reads -?(0|[1-9][0-9]{0,17}) not followed by a fraction or exponent. */
static enum fast_rc fast_integer(struct fast *f, json_t **out)
{
	const unsigned char *q = f->p;
	bool neg = false;
	int64_t v = 0;
	int digits = 0;

	if (*q == '-') {
		neg = true;
		q++;
	}
	if (q >= f->end || *q < '0' || *q > '9')
		return FAST_DECLINE;
	if (*q == '0') {
		q++;
	} else {
		while (q < f->end && *q >= '0' && *q <= '9') {
			if (++digits > 18)
				return FAST_DECLINE; /* json_loadb decides on overflow */
			v = v * 10 + (*q++ - '0');
		}
	}
	if (q < f->end && ((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' || *q == 'E'))
		return FAST_DECLINE;
	f->p = q;
	*out = intern_integer(f->in, neg ? -v : v);
	return *out ? FAST_OK : FAST_NOMEM;
}

/* true when the input at f->p starts with word; skips it. */
static bool fast_word(struct fast *f, const char *word, size_t n)
{
	if ((size_t)(f->end - f->p) < n || memcmp(f->p, word, n) != 0)
		return false;
	f->p += n;
	return true;
}

static enum fast_rc fast_value(struct fast *f, json_t **out);

/* Reads the object or array whose bracket f->p is on. */
static enum fast_rc fast_container(struct fast *f, json_t **out)
{
	bool object = *f->p == '{';
	char close = object ? '}' : ']';
	json_t *c = object ? json_object() : json_array();
	enum fast_rc rc = FAST_OK;

	*out = NULL;
	if (c == NULL)
		return FAST_NOMEM;
	if (++f->depth > FAST_DEPTH) {
		json_decref(c);
		return FAST_DECLINE;
	}
	f->p++;
	if (f->p < f->end && *f->p == close) {
		f->p++;
		goto done;
	}
	for (;;) {
		const char *key = NULL;
		size_t klen = 0;
		bool escaped = false;
		json_t *v = NULL;

		if (object) {
			if (f->p >= f->end || *f->p != '"')
				rc = FAST_DECLINE;
			else
				rc = fast_string(f, &key, &klen, &escaped);
			/* an escaped key would be overwritten by the value's text */
			if (rc == FAST_OK && (escaped || f->p >= f->end || *f->p++ != ':'))
				rc = FAST_DECLINE;
		}
		if (rc == FAST_OK)
			rc = fast_value(f, &v);
		if (rc == FAST_OK && (object ? json_object_setn_new_nocheck(c, key, klen, v)
		                             : json_array_append_new(c, v)) != 0)
			rc = FAST_NOMEM; /* v is released by the call */
		if (rc == FAST_OK && f->p < f->end && *f->p == ',') {
			f->p++;
			continue;
		}
		if (rc == FAST_OK && (f->p >= f->end || *f->p++ != close))
			rc = FAST_DECLINE;
		break;
	}
done:
	f->depth--;
	if (rc != FAST_OK) {
		json_decref(c);
		return rc;
	}
	*out = c;
	return FAST_OK;
}

static enum fast_rc fast_value(struct fast *f, json_t **out)
{
	const char *s;
	size_t n;
	bool escaped;
	enum fast_rc rc;

	*out = NULL;
	if (f->p >= f->end)
		return FAST_DECLINE;
	switch (*f->p) {
	case '{':
	case '[':
		return fast_container(f, out);
	case '"':
		rc = fast_string(f, &s, &n, &escaped);
		if (rc != FAST_OK)
			return rc;
		*out = intern_string(f->in, s, n);
		return *out ? FAST_OK : FAST_NOMEM;
	case 't':
		*out = fast_word(f, "true", 4) ? json_true() : NULL;
		break;
	case 'f':
		*out = fast_word(f, "false", 5) ? json_false() : NULL;
		break;
	case 'n':
		*out = fast_word(f, "null", 4) ? json_null() : NULL;
		break;
	default:
		return fast_integer(f, out);
	}
	return *out ? FAST_OK : FAST_DECLINE;
}

/* Reads text (len bytes) as one JSON object and nothing after it. */
static enum fast_rc fast_parse(const char *text, size_t len, char *tmp, struct intern *in,
                               size_t *tmp_used, json_t **out)
{
	struct fast f = {
	    (const unsigned char *)text, (const unsigned char *)text + len, tmp, 0, 0, in};
	enum fast_rc rc = FAST_DECLINE;

	*out = NULL;
	if (len > 0 && text[0] == '{')
		rc = fast_container(&f, out);
	if (rc == FAST_OK && f.p != f.end) {
		json_decref(*out);
		*out = NULL;
		rc = FAST_DECLINE;
	}
	*tmp_used = f.tmp_used;
	return rc;
}

/*
 * Parses a body through fast_parse, else json_loadb. tmp holds len bytes
 * of sodium memory; what fast_parse wrote there is wiped before returning.
 * in (may be NULL) shares values across the bodies of one walk.
 * Returns the tree or NULL (malformed, or out of memory when *nomem).
 */
static json_t *parse_body(const char *text, size_t len, char *tmp, struct intern *in, bool *fast,
                          bool *nomem)
{
	json_error_t jerr;
	json_t *body = NULL;
	size_t used = 0;
	enum fast_rc rc = fast_parse(text, len, tmp, in, &used, &body);

	sodium_memzero(tmp, used);
	*nomem = rc == FAST_NOMEM;
	*fast = rc == FAST_OK;
	if (rc == FAST_DECLINE)
		body = json_loadb(text, len, 0, &jerr);
	return body;
}

json_t *ebb_record_body_parse(const char *text, size_t len, bool *fast)
{
	char *tmp = sodium_malloc(len + 1);
	bool f = false, nomem = false;
	json_t *body = NULL;

	if (tmp != NULL) {
		body = parse_body(text, len, tmp, NULL, &f, &nomem);
		sodium_free(tmp);
	}
	if (fast)
		*fast = f;
	return body;
}

/* ---- reading ---------------------------------------------------------- */

void ebb_record_clear(struct ebb_record *r)
{
	if (r == NULL)
		return;
	json_decref(r->body);
	r->body = NULL;
}

/*
 * Plaintext scratch space in sodium memory, reused across rows: the first
 * cap bytes take the opened body, the next cap its unescaped strings. A
 * walk over many records also shares values between their bodies (in).
 */
struct scratch {
	uint8_t *p;
	size_t cap;
	struct intern *in; /* NULL: nothing shared */
};

static void scratch_free(struct scratch *s)
{
	sodium_free(s->p);
	s->p = NULL;
	s->cap = 0;
	if (s->in) {
		intern_release(s->in);
		free(s->in);
		s->in = NULL;
	}
}

/* Sets err for a record that fails a check, naming it when its id is whole. */
static enum ebb_status damaged(struct ebb_error *err, const uint8_t *id, const char *what)
{
	char ids[EBB_ID_STR] = "(unreadable id)";

	if (id)
		ebb_id_format(ids, id);
	return ebb_error_set(err, EBB_ERR_CORRUPT, "record %s %s", ids, what);
}

static const char altered_meta[] = "has damaged metadata: it was altered outside ebb";
static const char altered_body[] = "failed its integrity check: it was altered or damaged "
                                   "outside ebb";

/* One revision's columns as read from the file, before any check. */
struct row {
	const uint8_t *id; /* NULL when not a blob of EBB_ID_BYTES bytes */
	const char *kind;  /* NULL when missing */
	int64_t rev, at, offset;
	bool at_ok;   /* at is an integer */
	bool deleted; /* the deleted flag */
	bool wiped;   /* a revision of a deleted record: a missing body is expected */
	const uint8_t *body;
	size_t bodylen;
};

/* Reads the current row of st but for its id and kind (columns rev, at,
 * utc_offset, deleted, body, wiped); the pointers live until st moves on. */
static void row_read_rest(sqlite3_stmt *st, struct row *w)
{
	w->rev = sqlite3_column_int64(st, 1);
	w->at_ok = sqlite3_column_type(st, 3) == SQLITE_INTEGER;
	w->at = sqlite3_column_int64(st, 3);
	w->offset = sqlite3_column_int64(st, 4);
	w->deleted = sqlite3_column_int(st, 5) != 0;
	w->body = sqlite3_column_blob(st, 6);
	w->bodylen = (size_t)sqlite3_column_bytes(st, 6);
	w->wiped = w->body == NULL && sqlite3_column_int(st, 7) != 0;
}

/* Reads the current row of st (columns id, rev, kind, at, utc_offset,
 * deleted, body, wiped). */
static void row_read(sqlite3_stmt *st, struct row *w)
{
	w->id = sqlite3_column_blob(st, 0);
	if (sqlite3_column_bytes(st, 0) != EBB_ID_BYTES)
		w->id = NULL;
	w->kind = (const char *)sqlite3_column_text(st, 2);
	row_read_rest(st, w);
}

/* Fills r from the revision w, checking its metadata and opening and
 * parsing its body. */
static enum ebb_status row_to_record(struct ebb_vault *v, const struct row *w, struct scratch *s,
                                     struct ebb_record *r, struct ebb_error *err)
{
	uint8_t ad[AD_MAX];
	size_t adlen, plainlen, klen = 0;
	bool fast, nomem;

	memset(r, 0, sizeof(*r));
	if (w->id == NULL)
		return damaged(err, NULL, altered_meta);
	memcpy(r->id, w->id, EBB_ID_BYTES);
	if (w->kind == NULL || (klen = strlen(w->kind)) >= EBB_KIND_MAX || w->rev < 1 ||
	    w->rev > UINT32_MAX || w->offset < -86400 || w->offset > 86400 || !w->at_ok)
		return damaged(err, r->id, altered_meta);
	memcpy(r->kind, w->kind, klen + 1);
	r->rev = (uint32_t)w->rev;
	r->at = w->at;
	r->offset = (int32_t)w->offset;
	r->deleted = w->deleted;
	if (r->deleted)
		return EBB_OK;
	if (w->wiped) {
		r->wiped = true;
		return EBB_OK;
	}
	if (w->body == NULL || w->bodylen < EBB_SEAL_OVERHEAD || w->bodylen > EBB_BODY_MAX + 4096)
		return damaged(err, r->id, altered_body);
	plainlen = w->bodylen - EBB_SEAL_OVERHEAD;
	if (plainlen + 1 > s->cap) {
		sodium_free(s->p);
		s->cap = 0;
		s->p = sodium_malloc(2 * (plainlen + 1));
		if (s->p == NULL)
			return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		s->cap = plainlen + 1;
	}
	adlen = record_ad(ad, v->id, r->id, r->kind, r->at, r->offset, r->rev);
	if (!ebb_open(s->p, w->body, w->bodylen, ad, adlen, v->keys->record))
		return damaged(err, r->id, altered_body);
	r->body =
	    parse_body((const char *)s->p, plainlen, (char *)s->p + s->cap, s->in, &fast, &nomem);
	sodium_memzero(s->p, plainlen);
	if (r->body == NULL && nomem)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	if (r->body == NULL || !json_is_object(r->body)) {
		ebb_record_clear(r);
		return damaged(err, r->id, "holds malformed data");
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
		struct row w;

		row_read(st, &w);
		rc = row_to_record(v, &w, &s, out, err);
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

/*
 * The records with more than one revision, and the highest of each, sorted
 * by id (descending when desc): what a walk over a whole kind needs to tell
 * a latest revision from an earlier one.
 */
struct newer {
	struct newer_rev {
		uint8_t id[EBB_ID_BYTES];
		int64_t rev;
	} * v;
	size_t n, cap;
	bool desc;
};

/* Notes that id has revision rev; the revisions of one id come together. */
static enum ebb_status newer_add(struct newer *nw, const void *id, int64_t rev,
                                 struct ebb_error *err)
{
	if (nw->n > 0 && memcmp(nw->v[nw->n - 1].id, id, EBB_ID_BYTES) == 0) {
		if (rev > nw->v[nw->n - 1].rev)
			nw->v[nw->n - 1].rev = rev;
		return EBB_OK;
	}
	if (nw->n == nw->cap) {
		size_t cap = nw->cap ? 2 * nw->cap : 64;
		struct newer_rev *p = realloc(nw->v, cap * sizeof(*p));

		if (p == NULL)
			return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory reading records");
		nw->v = p;
		nw->cap = cap;
	}
	memcpy(nw->v[nw->n].id, id, EBB_ID_BYTES);
	nw->v[nw->n++].rev = rev;
	return EBB_OK;
}

/* true when no revision of id is higher than rev. */
static bool newer_is_latest(const struct newer *nw, const void *id, int64_t rev)
{
	size_t lo = 0, hi = nw->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(nw->v[mid].id, id, EBB_ID_BYTES);

		if (c == 0)
			return rev >= nw->v[mid].rev;
		if ((c < 0) != nw->desc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return true; /* only rev 1 was ever written */
}

/*
 * A walk over a kind that makes up much of the vault (the check-ins, read
 * whole by `ebb waves` and `ebb insights`) reads the table in its own order
 * instead of following an index by time and looking every row up in the
 * table: by id and revision, so the latest revision of a record is simply
 * the last of its run. The rows kept — clear columns and sealed bodies,
 * never plaintext — are then sorted by time and opened one at a time, as
 * the index walk would. It gives up before calling anyone, and the index
 * walk runs instead, when they would take more than SCAN_MAX bytes, when
 * fewer than a third of the rows seen (checked every SCAN_CHECK rows) are
 * of the kind, or when a row is malformed in a way the index walk reports
 * in its place.
 */
#define SCAN_MAX   (4u << 20)
#define SCAN_CHECK 4096

struct kept {
	int64_t at, rev, offset;
	uint8_t id[EBB_ID_BYTES];
	bool deleted, has_body;
	size_t body, bodylen; /* in mem */
};

/*
 * The rows kept, in one block of SCAN_MAX bytes taken at once: their
 * columns from the start up (v, n of them), their bodies from the end down
 * (from top). Pages are only backed where they are written, and nothing is
 * ever moved to grow.
 */
struct scan {
	uint8_t *mem;
	struct kept *v;
	size_t n, top;
	bool sparse; /* gave up having seen under a tenth of the kind */
};

static void scan_release(struct scan *sc)
{
	free(sc->mem);
	memset(sc, 0, sizeof(*sc));
}

static int kept_cmp(const struct kept *a, const struct kept *b)
{
	int c;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	c = memcmp(a->id, b->id, EBB_ID_BYTES);
	if (c != 0)
		return c;
	return (a->rev > b->rev) - (a->rev < b->rev);
}

static int kept_asc(const void *a, const void *b)
{
	return kept_cmp(a, b);
}

static int kept_desc(const void *a, const void *b)
{
	return kept_cmp(b, a);
}

/* Keeps the revision w (its columns, its body copied); false when that
 * would take the scan past SCAN_MAX bytes. */
static bool scan_keep(struct scan *sc, const struct row *w)
{
	struct kept *k;

	if ((sc->n + 1) * sizeof(*k) + w->bodylen > sc->top)
		return false;
	k = &sc->v[sc->n++];
	k->at = w->at;
	k->rev = w->rev;
	k->offset = w->offset;
	memcpy(k->id, w->id, EBB_ID_BYTES);
	k->deleted = w->deleted;
	k->has_body = w->body != NULL;
	sc->top -= w->bodylen;
	k->body = sc->top;
	k->bodylen = w->bodylen;
	if (w->bodylen)
		memcpy(sc->mem + sc->top, w->body, w->bodylen);
	return true;
}

/*
 * The page cache a scan runs with, in KiB. A scan reads each page once, so
 * a cache the size of the file (SQLite's default holds 2 MiB) only costs
 * the memory, and the page faults of touching it: about 2 ms of the 50 of
 * `ebb waves` on ten years. The size before is put back afterwards.
 */
#define SCAN_CACHE_KIB 256

/* Sets the page cache to kib KiB; *was (may be NULL) gets what it was. */
static void cache_size_set(sqlite3 *db, int64_t kib, int64_t *was)
{
	sqlite3_stmt *st = NULL;
	char sql[64];

	if (was && sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		*was = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld", (long long)kib);
	sqlite3_exec(db, sql, NULL, NULL, NULL); /* only a hint: a failure costs time */
}

/*
 * Collects the latest revisions of q->kind by reading the table in id
 * order. Returns EBB_OK with *gave_up set when the index walk should run
 * instead (nothing was handed to anyone).
 */
static enum ebb_status scan_collect(struct ebb_vault *v, const struct ebb_query *q, struct scan *sc,
                                    bool *gave_up, struct ebb_error *err)
{
	sqlite3_stmt *st = NULL;
	enum ebb_status rc = EBB_OK;
	uint8_t last[EBB_ID_BYTES];
	bool have_last = false, pending = false;
	size_t seen = 0;
	int64_t cache = 0;
	int src;

	*gave_up = false;
	sc->mem = malloc(SCAN_MAX);
	if (sc->mem == NULL) {
		*gave_up = true; /* the index walk needs no such block */
		return EBB_OK;
	}
	sc->v = (struct kept *)(void *)sc->mem;
	sc->top = SCAN_MAX;
	cache_size_set(v->db, -SCAN_CACHE_KIB, &cache);
	src = sqlite3_prepare_v2(v->db,
	                         "SELECT id, rev, kind, at, utc_offset, deleted, body, 0"
	                         " FROM records ORDER BY id, rev",
	                         -1, &st, NULL);
	if (src != SQLITE_OK) {
		cache_size_set(v->db, cache, NULL);
		return ebb_store_fail(v->db, src, "reading", err);
	}
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		const uint8_t *id = sqlite3_column_blob(st, 0);
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		struct row w;

		if (id == NULL || sqlite3_column_bytes(st, 0) != EBB_ID_BYTES) {
			*gave_up = true; /* the index walk reports it in its place */
			break;
		}
		if (++seen % SCAN_CHECK == 0 && sc->n * 3 < seen) {
			/* too few of the kind: listing costs less, and looking
			 * each row up less still when they are very few */
			*gave_up = true;
			sc->sparse = sc->n * 10 < seen;
			break;
		}
		/* a new record: the one before ended with its latest revision */
		if (!have_last || memcmp(last, id, EBB_ID_BYTES) != 0) {
			memcpy(last, id, EBB_ID_BYTES);
			have_last = true;
			pending = false;
		} else if (pending) {
			/* a later revision: the one kept was not the latest */
			sc->n--;
			sc->top += sc->v[sc->n].bodylen;
			pending = false;
		}
		if (kind == NULL || sqlite3_column_type(st, 2) != SQLITE_TEXT ||
		    strcmp(kind, q->kind) != 0)
			continue;
		w.id = id;
		w.kind = kind;
		row_read_rest(st, &w);
		if (w.deleted && !q->with_deleted)
			continue;
		if (!w.at_ok) {
			*gave_up = true;
			break;
		}
		if (!scan_keep(sc, &w)) {
			*gave_up = true;
			break;
		}
		pending = true;
	}
	if (rc == EBB_OK && !*gave_up && src != SQLITE_DONE)
		rc = ebb_store_fail(v->db, src, "reading", err);
	sqlite3_finalize(st);
	cache_size_set(v->db, cache, NULL);
	if (rc != EBB_OK || *gave_up)
		return rc;
	/* usually in order already: check-ins are mostly written as they happen */
	for (size_t i = 1; i < sc->n; i++) {
		int c = kept_cmp(&sc->v[i - 1], &sc->v[i]);

		if (q->newest_first ? c < 0 : c > 0) {
			qsort(sc->v, sc->n, sizeof(*sc->v), q->newest_first ? kept_desc : kept_asc);
			break;
		}
	}
	return EBB_OK;
}

/* Opens the kept revisions in order and hands each to fn. */
static enum ebb_status scan_each(struct ebb_vault *v, const struct ebb_query *q,
                                 const struct scan *sc, struct scratch *s, ebb_record_fn fn,
                                 void *ctx, struct ebb_error *err)
{
	enum ebb_status rc = EBB_OK;

	for (size_t i = 0; i < sc->n && rc == EBB_OK; i++) {
		const struct kept *k = &sc->v[i];
		struct row w = {.id = k->id,
		                .kind = q->kind,
		                .rev = k->rev,
		                .at = k->at,
		                .offset = k->offset,
		                .at_ok = true,
		                .deleted = k->deleted,
		                .wiped = false, /* a latest revision never is */
		                .body = k->has_body ? sc->mem + k->body : NULL,
		                .bodylen = k->bodylen};
		struct ebb_record r;

		rc = row_to_record(v, &w, s, &r, err);
		if (rc == EBB_OK)
			rc = fn(&r, ctx, err);
		ebb_record_clear(&r);
	}
	return rc;
}

/*
 * Otherwise the walk follows an index by time, and there are two ways to
 * keep the latest revisions only. A walk bounded by time or by a count, or
 * over a kind with few records, asks for each row for the highest revision
 * of its record: a primary-key lookup a row. A walk over everything, or over
 * a kind with many records, reads thousands of rows and the lookups would
 * cost as much as the walk itself: the same statement first lists the
 * revisions after the first (one pass over the small records_at index,
 * usually few rows: "listing"), and each row is checked against them. The
 * first part's rows have a NULL time, so they come first, sorted by id; the
 * last column tells them apart. One statement, so both parts see the same
 * state of the vault.
 */
static const char walk_whole[] =
    "SELECT id, rev, NULL, NULL, NULL, NULL, NULL, 0, 0 FROM records WHERE rev > 1"
    " UNION ALL SELECT id, rev, kind, at, utc_offset, deleted, body, 0, 1 FROM records"
    " WHERE %s (?4 OR deleted = 0)"
    " ORDER BY 4 %s NULLS FIRST, 1 %s, 2 %s";
static const char walk_bounded[] = "SELECT %s FROM records r WHERE %s"
                                   " %s at >= ?2 AND at <= ?3 AND (?4 OR deleted = 0)"
                                   " ORDER BY at %s, id %s, rev %s LIMIT ?5";

enum walk { WALK_LOOKUP, WALK_LIST, WALK_SCAN };

/*
 * How to walk q. A lookup costs about ten times what a row of the listing
 * pass does, and the listing pass and the scan cost something for every
 * record in the vault: so a kind with fewer than WALK_BIG records (hard
 * dates, reasons, most kinds) is walked with lookups, a bigger one (the
 * check-ins) is scanned while its records are at least a third of the rows
 * seen, and everything else uses the listing pass. Counting stops at
 * WALK_BIG, so it costs little whatever the size of the vault.
 */
#define WALK_BIG 1024

static enum walk walk_choose(struct ebb_vault *v, const struct ebb_query *q)
{
	sqlite3_stmt *st = NULL;
	int64_t n = 0;

	if (q->all_revisions || q->limit != 0 || q->from != INT64_MIN || q->to != INT64_MAX)
		return WALK_LOOKUP;
	if (q->kind == NULL)
		return WALK_LIST;
	if (sqlite3_prepare_v2(
	        v->db, "SELECT count(*) FROM (SELECT 1 FROM records WHERE kind = ?1 LIMIT ?2)", -1,
	        &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, q->kind, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, WALK_BIG);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st); /* a failure shows again, and is reported, in the walk */
	return n < WALK_BIG ? WALK_LOOKUP : WALK_SCAN;
}

static enum ebb_status index_each(struct ebb_vault *v, const struct ebb_query *q, bool whole,
                                  struct scratch *s, ebb_record_fn fn, void *ctx,
                                  struct ebb_error *err)
{
	char sql[1024];
	struct newer nw = {NULL, 0, 0, q->newest_first};
	struct ebb_record r;
	sqlite3_stmt *st = NULL;
	enum ebb_status rc = EBB_OK;
	const char *dir = q->newest_first ? "DESC" : "ASC";
	/* spelled out only when given, so records_kind_at can serve it */
	const char *kind = q->kind ? "kind = ?1 AND" : "";
	int src;

	if (whole)
		snprintf(sql, sizeof(sql), walk_whole, kind, dir, dir, dir);
	else
		snprintf(sql, sizeof(sql), walk_bounded, q->all_revisions ? cols : cols_latest,
		         q->all_revisions
		             ? ""
		             : "rev = (SELECT max(rev) FROM records WHERE id = r.id) AND",
		         kind, dir, dir, dir);
	src = sqlite3_prepare_v2(v->db, sql, -1, &st, NULL);
	if (src != SQLITE_OK)
		return ebb_store_fail(v->db, src, "reading", err);
	if (q->kind)
		sqlite3_bind_text(st, 1, q->kind, -1, SQLITE_STATIC);
	if (!whole) {
		sqlite3_bind_int64(st, 2, q->from);
		sqlite3_bind_int64(st, 3, q->to);
		sqlite3_bind_int64(st, 5, q->limit ? (int64_t)q->limit : -1);
	}
	sqlite3_bind_int(st, 4, q->with_deleted);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct row w;

		row_read(st, &w);
		if (whole) {
			if (sqlite3_column_int(st, 8) == 0) {
				/* a record with several revisions; a malformed id
				 * is reported with the record's own row */
				if (w.id)
					rc = newer_add(&nw, w.id, w.rev, err);
				if (rc != EBB_OK)
					break;
				continue;
			}
			if (w.id && !newer_is_latest(&nw, w.id, w.rev))
				continue;
		}
		rc = row_to_record(v, &w, s, &r, err);
		if (rc == EBB_OK)
			rc = fn(&r, ctx, err);
		ebb_record_clear(&r);
		if (rc != EBB_OK)
			break;
	}
	if (rc == EBB_OK && src != SQLITE_DONE)
		rc = ebb_store_fail(v->db, src, "reading", err);
	sqlite3_finalize(st);
	free(nw.v);
	return rc;
}

enum ebb_status ebb_record_each(struct ebb_vault *v, const struct ebb_query *q, ebb_record_fn fn,
                                void *ctx, struct ebb_error *err)
{
	struct scratch s = {0};
	enum ebb_status rc = need_key(v, err);
	enum walk how;
	bool gave_up = true;

	if (rc != EBB_OK)
		return rc;
	how = walk_choose(v, q);
	s.in = calloc(1, sizeof(*s.in)); /* without it, nothing is shared */
	if (how == WALK_SCAN) {
		struct scan sc = {0};

		rc = scan_collect(v, q, &sc, &gave_up, err);
		if (rc == EBB_OK && !gave_up)
			rc = scan_each(v, q, &sc, &s, fn, ctx, err);
		how = sc.sparse ? WALK_LOOKUP : WALK_LIST;
		scan_release(&sc);
	}
	if (rc == EBB_OK && gave_up)
		rc = index_each(v, q, how == WALK_LIST, &s, fn, ctx, err);
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
