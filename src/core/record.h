/*
 * record.h — the records of a vault: what kinds exist, what their JSON
 * bodies must look like, and adding, reading, editing and deleting them.
 *
 * A record is an immutable series of revisions sharing one UUIDv7 id. Each
 * revision's body is sealed with the record key, binding the vault id, the
 * record id, kind, time, offset and rev as associated data: a body moved to
 * another row, another vault, or relabelled with another time or rev fails
 * to open and is reported as EBB_ERR_CORRUPT, never skipped.
 *
 * Writing never needs the passphrase: ebb_record_add on a locked vault
 * seals the record into the inbox instead (see vault.h).
 */
#ifndef EBB_RECORD_H
#define EBB_RECORD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "crypto.h"
#include "error.h"
#include "vault.h"

#define EBB_KIND_MAX 16
#define EBB_BODY_MAX (1u << 20) /* a body's JSON text, bytes */

struct ebb_record {
	uint8_t id[EBB_ID_BYTES];
	char kind[EBB_KIND_MAX];
	int64_t at;     /* UTC seconds */
	int32_t offset; /* seconds east of UTC where it happened */
	uint32_t rev;   /* 1 for the first version */
	bool deleted;
	bool wiped;   /* an earlier revision of a deleted record: its body is gone */
	json_t *body; /* owned; NULL when deleted or wiped */
};

/* true for a kind ebb knows: checkin entry urge signs reason miss contact
 * profile date plan */
bool ebb_kind_known(const char *kind);

/* Checks a body against its kind's rules. EBB_ERR_INVALID with a message. */
enum ebb_status ebb_record_validate(const char *kind, const json_t *body, struct ebb_error *err);

/*
 * Adds a record (rev 1) with a new id, written into *id_out (may be NULL).
 * Unlocked: written to the records at once (the inbox is left for
 * ebb_vault_fold, which the faces call after unlocking).
 * Locked: sealed into the inbox; *queued (may be NULL) is set true.
 * The body is validated first; nothing is written when it is invalid.
 */
enum ebb_status ebb_record_add(struct ebb_vault *v, const char *kind, int64_t at, int32_t offset,
                               const json_t *body, uint8_t *id_out, bool *queued,
                               struct ebb_error *err);

/* Reads the latest revision of a record. Needs the vault unlocked. */
enum ebb_status ebb_record_get(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES],
                               struct ebb_record *out, struct ebb_error *err);

/*
 * Writes a new revision with a new body (and, when at is non-NULL, a new
 * time). EBB_ERR_NOTFOUND for an unknown or deleted record.
 */
enum ebb_status ebb_record_update(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES],
                                  const json_t *body, const int64_t *at, const int32_t *offset,
                                  struct ebb_error *err);

/*
 * Deletes a record: writes a deleted revision and wipes the bodies of all
 * its revisions (secure_delete overwrites them in the file).
 */
enum ebb_status ebb_record_delete(struct ebb_vault *v, const uint8_t id[EBB_ID_BYTES],
                                  struct ebb_error *err);

struct ebb_query {
	const char *kind;   /* NULL for every kind */
	int64_t from, to;   /* UTC seconds, inclusive; INT64_MIN and INT64_MAX for no bound */
	size_t limit;       /* 0 for no limit */
	bool newest_first;  /* order by time descending */
	bool all_revisions; /* every revision, not only the latest */
	bool with_deleted;  /* include deleted records */
};

/* Fills q with: every kind, no bounds, no limit, oldest first, latest revisions. */
void ebb_query_init(struct ebb_query *q);

/*
 * Calls fn for each matching record, decrypted, in order. The record passed
 * to fn is cleared after fn returns (take a json_incref to keep the body).
 * fn returns EBB_OK to go on, anything else to stop (returned as is).
 * Needs the vault unlocked.
 * Bodies are for reading: short strings and small numbers in them may be
 * one value shared by the bodies of several records (json_deep_copy a body
 * to change it). A walk over a whole kind that is much of the vault reads
 * the sealed rows first and calls fn once they are all read (and found in
 * order); a damaged record is still reported in its place, never skipped.
 */
typedef enum ebb_status (*ebb_record_fn)(const struct ebb_record *r, void *ctx,
                                         struct ebb_error *err);
enum ebb_status ebb_record_each(struct ebb_vault *v, const struct ebb_query *q, ebb_record_fn fn,
                                void *ctx, struct ebb_error *err);

/* Counts latest revisions (not deleted) of kind (NULL for all). Works locked. */
enum ebb_status ebb_record_count(struct ebb_vault *v, const char *kind, size_t *count,
                                 struct ebb_error *err);

/*
 * Finds the record a person means: its full id (36 characters), or the
 * last 4 to 12 hex digits as `ebb log` shows them. Works locked.
 * EBB_ERR_NOTFOUND when no record has it; EBB_ERR_INVALID when the text is
 * not an id or several records end the same way (the message says so).
 */
enum ebb_status ebb_record_resolve(struct ebb_vault *v, const char *text, uint8_t id[EBB_ID_BYTES],
                                   struct ebb_error *err);

/* Releases the body. r may be NULL. */
void ebb_record_clear(struct ebb_record *r);

/*
 * Parses the JSON text of an opened body (len bytes, no terminator needed)
 * as reading records does, and returns the tree (the caller json_decrefs
 * it) or NULL. The compact shape ebb writes is read by a small parser of
 * its own, built on jansson's constructors; anything else goes to
 * json_loadb, so the result is always what json_loadb(text, len, 0, ...)
 * returns: NULL exactly when it refuses the text (or memory runs out).
 * *fast (may be NULL) is set true when the small parser read it; for
 * tests. Escaped strings are unescaped in sodium memory, wiped afterwards.
 */
json_t *ebb_record_body_parse(const char *text, size_t len, bool *fast);

/*
 * Inserts one revision exactly as given (id, rev, kind, time, deleted,
 * body), for importing an export. Existing (id, rev) pairs are left alone
 * and *added is false. Needs the vault unlocked.
 */
enum ebb_status ebb_record_put_raw(struct ebb_vault *v, const struct ebb_record *r, bool *added,
                                   struct ebb_error *err);

#endif
