/*
 * api.c — the JSON API under /api/ (docs/API.md is its contract). Each
 * endpoint reads what it needs, checks all of it before touching the
 * vault, and answers with a JSON value or an error; a 4xx never changes
 * the vault. The numbers and sentences come from the same core functions
 * as the command line's --json (view.h), so the page and `ebb` agree.
 *
 * Every handler runs with w->lock held (server.c).
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crisis.h"
#include "prompts.h"
#include "record.h"
#include "search.h"
#include "text.h"
#include "view.h"
#include "vocab.h"
#include "web_impl.h"
#include "when.h"

#define PASS_MIN      8    /* characters in a new passphrase, at least */
#define PASS_MAX      1024 /* bytes */
#define FIRST_MAX     50   /* reasons or misses given when the vault is made */
#define LIST_DEFAULT  50
#define LIST_MAX      500
#define SEARCH_MAX    200
#define SNIPPET_BYTES 60 /* context each side of a match, about */
#define WIDTH_DEFAULT 720

void web_error(struct web_out *out, unsigned status, const char *code, const char *msg)
{
	out->status = status;
	out->resp = NULL;
	out->json = json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", msg);
}

/* The answer for a failed core call: the status its code means, its message. */
static void fail(struct web_out *out, enum ebb_status rc, const struct ebb_error *err)
{
	static const struct {
		enum ebb_status rc;
		unsigned status;
		const char *code;
	} map[] = {
	    {EBB_ERR_INVALID, 400, "invalid"},    {EBB_ERR_PASSPHRASE, 401, "passphrase"},
	    {EBB_ERR_NOTFOUND, 404, "not_found"}, {EBB_ERR_EXISTS, 409, "exists"},
	    {EBB_ERR_NOVAULT, 409, "no_vault"},   {EBB_ERR_LOCKED, 423, "locked"},
	    {EBB_ERR_BUSY, 503, "busy"},          {EBB_ERR_IO, 507, "io"},
	    {EBB_ERR_CORRUPT, 500, "damaged"},    {EBB_ERR_NEWER, 500, "newer"},
	};
	char msg[sizeof(err->msg)];

	snprintf(msg, sizeof(msg), "%s",
	         err->msg[0] ? err->msg : "something went wrong inside ebb");
	msg[0] = (char)toupper((unsigned char)msg[0]);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].rc == rc) {
			web_error(out, map[i].status, map[i].code, msg);
			return;
		}
	web_error(out, 500, "internal", msg);
}

static void invalid(struct web_out *out, const char *msg)
{
	web_error(out, 400, "invalid", msg);
}

static void reply(struct web_out *out, unsigned status, json_t *json)
{
	if (json == NULL) {
		web_error(out, 500, "internal", "ebb ran out of memory. Nothing was changed.");
		return;
	}
	out->status = status;
	out->json = json;
}

static const char *arg(struct MHD_Connection *c, const char *name)
{
	return web_mhd.MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
}

void web_forget(struct ebb_web *w)
{
	if (w->today)
		web_mhd.MHD_destroy_response(w->today);
	if (w->home)
		web_mhd.MHD_destroy_response(w->home);
	json_decref(w->today_json);
	w->today = NULL;
	w->home = NULL;
	w->today_json = NULL;
}

/* ---- what must be true first ------------------------------------------------ */

static bool need_vault(struct ebb_web *w, struct web_out *out)
{
	if (w->v)
		return true;
	web_error(out, 409, "no_vault", "There is no vault yet. Create one first.");
	return false;
}

/*
 * Folds in what other processes wrote to the inbox (an `ebb checkin` made
 * while the page is unlocked seals its record there), so a reload shows
 * it. Looks only when another process has committed since the last look.
 */
static void fold_new(struct ebb_web *w)
{
	struct ebb_error err = {0};
	size_t n = 0, folded = 0;
	uint64_t version;

	if (ebb_vault_data_version(w->v, &version, &err) != EBB_OK || version == w->fold_version)
		return;
	w->fold_version = version;
	if (ebb_vault_inbox_count(w->v, &n, &err) == EBB_OK && n > 0 &&
	    ebb_vault_fold(w->v, &folded, &err) == EBB_OK && folded > 0)
		web_forget(w);
}

static bool need_unlocked(struct ebb_web *w, struct web_out *out)
{
	if (!need_vault(w, out))
		return false;
	if (ebb_vault_is_unlocked(w->v)) {
		fold_new(w);
		return true;
	}
	web_error(out, 423, "locked", "The vault is locked. Unlock it to read what is in it.");
	return false;
}

/* The body as one JSON object; NULL (and out set) when it is not. */
static json_t *body_object(const struct ebb_buf *body, struct web_out *out)
{
	json_error_t jerr;
	json_t *j;

	if (body == NULL || body->len == 0) {
		invalid(out, "This needs a JSON object, and nothing came.");
		return NULL;
	}
	j = json_loadb(body->data, body->len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL || !json_is_object(j)) {
		json_decref(j);
		invalid(out, "This is not a JSON object ebb can read. Nothing was changed.");
		return NULL;
	}
	return j;
}

/* An optional string member: true when absent or a string (into *s). */
static bool opt_str(const json_t *o, const char *key, const char **s)
{
	const json_t *v = json_object_get(o, key);

	*s = NULL;
	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_string(v))
		return false;
	*s = json_string_value(v);
	return true;
}

/* ---- the session -------------------------------------------------------------- */

/* Things sealed in the inbox, waiting for the next unlock (0 when they
 * cannot be counted: the hint is only a hint). */
static size_t queued_count(struct ebb_web *w)
{
	struct ebb_error err = {0};
	size_t queued = 0;

	if (w->v == NULL || ebb_vault_inbox_count(w->v, &queued, &err) != EBB_OK)
		return 0;
	return queued;
}

static json_t *session_json(struct ebb_web *w, const struct web_session *s)
{
	bool unlocked = w->v && ebb_vault_is_unlocked(w->v);
	size_t queued = queued_count(w);
	json_t *left = json_null();

	if (unlocked) {
		long gone = (long)(time(NULL) - w->last_use);

		left = json_integer(gone >= (long)w->idle ? 0 : (long)w->idle - gone);
	}
	return json_pack("{s:s, s:s, s:{s:b, s:b, s:b, s:I}, s:I, s:o}", "csrf", s->csrf, "version",
	                 EBB_VERSION, "vault", "exists", w->v != NULL, "unlocked", unlocked, "demo",
	                 w->v && ebb_vault_is_demo(w->v), "queued", (json_int_t)queued,
	                 "idle_seconds", (json_int_t)w->idle, "left_seconds", left);
}

/* ---- creating, unlocking, locking ------------------------------------------ */

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Reads the texts of a "reasons" or "misses" member into bodies of kind,
 * checked. false (and out set) when they are not right. */
static bool first_texts(const json_t *req, const char *key, const char *kind, json_t *bodies,
                        struct web_out *out)
{
	const json_t *a = json_object_get(req, key), *v;
	struct ebb_error err = {0};
	size_t i;

	if (a == NULL || json_is_null(a))
		return true;
	if (!json_is_array(a) || json_array_size(a) > FIRST_MAX) {
		invalid(out, "Reasons and misses come as a list of short texts.");
		return false;
	}
	json_array_foreach(a, i, v)
	{
		json_t *b;

		if (!json_is_string(v)) {
			invalid(out, "Reasons and misses come as a list of short texts.");
			return false;
		}
		if (ebb_text_blank(json_string_value(v)))
			continue;
		b = json_pack("{s:O}", "text", v);
		if (b == NULL) {
			reply(out, 500, NULL);
			return false;
		}
		if (ebb_record_validate(kind, b, &err) != EBB_OK) {
			json_decref(b);
			fail(out, EBB_ERR_INVALID, &err);
			return false;
		}
		if (json_array_append_new(bodies,
		                          json_pack("{s:s, s:o}", "kind", kind, "body", b))) {
			reply(out, 500, NULL);
			return false;
		}
	}
	return true;
}

static void api_init(struct ebb_web *w, const struct web_session *s, const struct ebb_buf *body,
                     struct web_out *out)
{
	json_t *req, *first = NULL, *profile = NULL, *v;
	const char *pass, *left_on, *rel;
	struct ebb_error err = {0};
	struct ebb_vault *vault = NULL;
	time_t now = time(NULL);
	int32_t offset = ebb_when_local_offset(now);
	enum ebb_status rc;
	size_t i;

	if (w->v == NULL && access(w->vault_path, F_OK) == 0 &&
	    ebb_vault_open(&w->v, w->vault_path, &err) != EBB_OK) {
		fail(out, err.code, &err);
		return;
	}
	if (w->v) {
		web_error(out, 409, "exists", "There is a vault already. Unlock it instead.");
		return;
	}
	if ((req = body_object(body, out)) == NULL)
		return;
	if (!opt_str(req, "passphrase", &pass) || !opt_str(req, "left_on", &left_on) ||
	    !opt_str(req, "relationship", &rel) || pass == NULL) {
		invalid(out, "This needs a passphrase, and the other answers as text.");
		goto done;
	}
	if (utf8_chars(pass) < PASS_MIN || strlen(pass) > PASS_MAX) {
		invalid(out, "A passphrase needs at least 8 characters.");
		goto done;
	}
	first = json_array();
	if (left_on || rel) {
		struct ebb_when when;
		char date[16];

		profile = json_object();
		if (left_on) {
			if (ebb_when_parse(&when, left_on, now, 0, &err) != EBB_OK) {
				fail(out, EBB_ERR_INVALID, &err);
				goto done;
			}
			if (ebb_when_days_between(now, offset, when.at, when.offset) > 0) {
				invalid(out, "The day you left is a day that has not come yet.");
				goto done;
			}
			ebb_when_format_date(date, sizeof(date), when.at, when.offset);
			json_object_set_new(profile, "left_on", json_string(date));
		}
		if (rel)
			json_object_set_new(profile, "relationship", json_string(rel));
		if ((rc = ebb_record_validate("profile", profile, &err)) != EBB_OK) {
			fail(out, rc, &err);
			goto done;
		}
		json_array_append_new(first,
		                      json_pack("{s:s, s:O}", "kind", "profile", "body", profile));
	}
	if (!first_texts(req, "reasons", "reason", first, out) ||
	    !first_texts(req, "misses", "miss", first, out))
		goto done;

	rc = ebb_vault_create(&vault, w->vault_path, pass, strlen(pass), w->kdf, &err);
	if (rc == EBB_OK && json_array_size(first) > 0) {
		rc = ebb_vault_begin(vault, &err);
		json_array_foreach(first, i, v)
		{
			if (rc == EBB_OK)
				rc = ebb_record_add(
				    vault, json_string_value(json_object_get(v, "kind")), now,
				    offset, json_object_get(v, "body"), NULL, NULL, &err);
		}
		if (rc == EBB_OK)
			rc = ebb_vault_commit(vault, &err);
		else
			ebb_vault_rollback(vault);
	}
	if (vault)
		w->v = vault;
	if (rc != EBB_OK) {
		fail(out, rc, &err);
		goto done;
	}
	w->last_use = now;
	web_forget(w);
	reply(out, 201, session_json(w, s));
done:
	json_decref(profile);
	json_decref(first);
	json_decref(req);
}

static void api_unlock(struct ebb_web *w, const struct web_session *s, const struct ebb_buf *body,
                       struct web_out *out)
{
	struct ebb_error err = {0};
	const char *pass;
	unsigned wait;
	json_t *req;
	enum ebb_status rc;
	size_t folded;

	if (!need_vault(w, out))
		return;
	if ((req = body_object(body, out)) == NULL)
		return;
	if (!opt_str(req, "passphrase", &pass) || pass == NULL) {
		invalid(out, "This needs the passphrase, as text.");
		json_decref(req);
		return;
	}
	if (ebb_vault_is_unlocked(w->v)) {
		json_decref(req);
		reply(out, 200, session_json(w, s));
		return;
	}
	if ((wait = web_backoff_left(w)) > 0) {
		json_decref(req);
		web_error(out, 429, "wait", "Take a breath: you can try again in a moment.");
		json_object_set_new(json_object_get(out->json, "error"), "retry_after",
		                    json_integer(wait));
		out->retry_after = wait;
		return;
	}
	rc = ebb_vault_unlock(w->v, pass, strlen(pass), &err);
	json_decref(req);
	if (rc == EBB_ERR_PASSPHRASE) {
		web_backoff_note(w, false);
		web_error(
		    out, 401, "passphrase",
		    "That passphrase does not open this vault. Take your time and try again.");
		return;
	}
	if (rc != EBB_OK) {
		fail(out, rc, &err);
		return;
	}
	web_backoff_note(w, true);
	/* what was written while locked; entries that cannot be read are kept
	 * aside by the core and named by `ebb unlock` */
	(void)ebb_vault_fold(w->v, &folded, &err);
	w->last_use = time(NULL);
	web_forget(w);
	reply(out, 200, session_json(w, s));
}

static void api_lock(struct ebb_web *w, const struct web_session *s, const struct ebb_buf *body,
                     struct web_out *out)
{
	json_t *req;

	if (body && body->len > 0) {
		if ((req = body_object(body, out)) == NULL)
			return;
		json_decref(req);
	}
	if (w->v)
		ebb_vault_lock(w->v);
	web_forget(w);
	reply(out, 200, session_json(w, s));
}

/* ---- what the page shows ------------------------------------------------------ */

/*
 * `ebb today`'s object for now, kept (w->today_json) while nothing
 * changed: no other process wrote (data_version), this server wrote
 * nothing (web_forget drops it) and it is the same local day. Needs the
 * vault unlocked. NULL, and out set, on failure; the object is the
 * server's (do not decref).
 */
static json_t *today_view(struct ebb_web *w, struct web_out *out)
{
	struct ebb_error err = {0};
	time_t now = time(NULL);
	int64_t day = ebb_when_days_between(0, 0, now, ebb_when_local_offset(now));
	uint64_t version;
	json_t *j = NULL;
	enum ebb_status rc;

	if ((rc = ebb_vault_data_version(w->v, &version, &err)) != EBB_OK) {
		fail(out, rc, &err);
		return NULL;
	}
	if (w->today_json && w->today_version == version && w->today_day == day)
		return w->today_json;
	if ((rc = ebb_view_today(w->v, now, &j, &err)) != EBB_OK) {
		fail(out, rc, &err);
		return NULL;
	}
	web_forget(w);
	w->today_json = j;
	w->today_version = version;
	w->today_day = day;
	return j;
}

/* A kept answer to send (the server keeps it: queued, not destroyed). */
static void shared(struct web_out *out, struct MHD_Response *r)
{
	if (r == NULL) {
		web_error(out, 500, "internal", "ebb ran out of memory.");
		return;
	}
	out->status = 200;
	out->resp = r;
	out->shared = true;
}

static void api_today(struct ebb_web *w, struct web_out *out)
{
	json_t *j;

	if (!need_unlocked(w, out) || (j = today_view(w, out)) == NULL)
		return;
	if (w->today == NULL)
		w->today = web_json_response(j);
	shared(out, w->today);
}

/* GET /api/home: the home screen's HTML (home.c), from the same object. */
static void api_home(struct ebb_web *w, struct web_out *out)
{
	struct ebb_buf b;
	json_t *j;

	if (!need_unlocked(w, out) || (j = today_view(w, out)) == NULL)
		return;
	if (w->home == NULL) {
		ebb_buf_init_secret(&b, WEB_HOME_MAX);
		if (ebb_buf_reserve(&b, 16 * 1024, NULL) == EBB_OK &&
		    web_home_html(&b, j, queued_count(w)))
			w->home = web_html_response(&b);
		ebb_buf_release(&b);
	}
	shared(out, w->home);
}

static bool chart_width(struct MHD_Connection *c, unsigned *width, struct web_out *out)
{
	const char *s = arg(c, "width");
	char *end;
	long n;

	*width = WIDTH_DEFAULT;
	if (s == NULL)
		return true;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < EBB_VIEW_CHART_MIN || n > EBB_VIEW_CHART_MAX) {
		invalid(out, "A chart's width is a number from 360 to 1200.");
		return false;
	}
	*width = (unsigned)n;
	return true;
}

static void api_view(struct ebb_web *w, struct MHD_Connection *c, bool waves, struct web_out *out)
{
	struct ebb_view_chart chart = {.fixed_colours = false, .id_prefix = waves ? "w" : "i"};
	struct ebb_error err = {0};
	json_t *j = NULL;
	enum ebb_status rc;

	if (!need_unlocked(w, out) || !chart_width(c, &chart.width, out))
		return;
	rc = waves ? ebb_view_waves(w->v, time(NULL), &chart, &j, &err)
	           : ebb_view_insights(w->v, time(NULL), &chart, &j, &err);
	if (rc != EBB_OK) {
		fail(out, rc, &err);
		return;
	}
	reply(out, 200, j);
}

/* ---- records --------------------------------------------------------------------- */

static enum ebb_status push_record(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	if (json_array_append_new(ctx, ebb_view_record_json(r)) != 0)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	return EBB_OK;
}

/* A time as the API gives it ("at"), into *at and *offset. */
static bool parse_at(const char *s, int64_t *at, int32_t *offset, struct web_out *out)
{
	struct ebb_when when;
	struct ebb_error err;

	if (ebb_when_parse(&when, s, time(NULL), 0, &err) != EBB_OK) {
		fail(out, EBB_ERR_INVALID, &err);
		return false;
	}
	*at = when.at;
	*offset = when.offset;
	return true;
}

/* Records of one second at the cursor that come after it, newest first. */
struct page {
	json_t *a;
	const uint8_t *before; /* the cursor's id: take only ids below it */
	size_t left;           /* room on the page */
};

static enum ebb_status push_below(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct page *p = ctx;

	if (p->left == 0 || memcmp(r->id, p->before, EBB_ID_BYTES) >= 0)
		return EBB_OK;
	p->left--;
	return push_record(r, p->a, err);
}

/*
 * GET /api/records: newest first, in pages. The cursor is the id of the
 * last record shown: the next page holds what sorts after it in
 * (at, id) order, so records sharing one second are never skipped.
 */
static void api_list(struct ebb_web *w, struct MHD_Connection *c, struct web_out *out)
{
	const char *kind = arg(c, "kind"), *limit = arg(c, "limit"), *before = arg(c, "before");
	struct ebb_error err = {0};
	struct ebb_record cur = {0};
	uint8_t cur_id[EBB_ID_BYTES];
	struct page p = {0};
	struct ebb_query q;
	enum ebb_status rc = EBB_OK;

	if (!need_unlocked(w, out))
		return;
	ebb_query_init(&q);
	q.newest_first = true;
	q.limit = LIST_DEFAULT;
	if (kind) {
		if (!ebb_kind_known(kind)) {
			invalid(out, "There is no such kind of record.");
			return;
		}
		q.kind = kind;
	}
	if (limit) {
		char *end;
		long n = strtol(limit, &end, 10);

		if (*limit == '\0' || *end != '\0' || n < 1 || n > LIST_MAX) {
			invalid(out, "limit is a number from 1 to 500.");
			return;
		}
		q.limit = (size_t)n;
	}
	if (before &&
	    (!ebb_id_parse(cur_id, before) || ebb_record_get(w->v, cur_id, &cur, &err) != EBB_OK)) {
		invalid(out, "before is the id of a record shown on the page before.");
		return;
	}
	if ((p.a = json_array()) == NULL) {
		ebb_record_clear(&cur);
		reply(out, 500, NULL);
		return;
	}
	if (before) {
		struct ebb_query same = q;

		same.from = same.to = cur.at;
		same.limit = 0;
		p.before = cur_id;
		p.left = q.limit;
		rc = ebb_record_each(w->v, &same, push_below, &p, &err);
		q.to = cur.at - 1;
		q.limit = p.left;
		ebb_record_clear(&cur);
	}
	if (rc == EBB_OK && q.limit > 0)
		rc = ebb_record_each(w->v, &q, push_record, p.a, &err);
	if (rc != EBB_OK) {
		json_decref(p.a);
		fail(out, rc, &err);
		return;
	}
	reply(out, 200, p.a);
}

static void api_add(struct ebb_web *w, const struct ebb_buf *body, struct web_out *out)
{
	const char *kind = NULL, *at_text = NULL;
	struct ebb_error err = {0};
	uint8_t id[EBB_ID_BYTES];
	char ids[EBB_ID_STR];
	time_t now = time(NULL);
	int64_t at = now;
	int32_t offset = ebb_when_local_offset(now);
	bool queued = false;
	enum ebb_status rc;
	json_t *req, *b;

	if (!need_vault(w, out) || (req = body_object(body, out)) == NULL)
		return;
	b = json_object_get(req, "body");
	if (!opt_str(req, "kind", &kind) || kind == NULL || !ebb_kind_known(kind) ||
	    !json_is_object(b)) {
		invalid(out, "A record needs a known kind and a body.");
		goto done;
	}
	if (!opt_str(req, "at", &at_text)) {
		invalid(out, "The time of a record is text, like 2026-11-27T21:30:00+01:00.");
		goto done;
	}
	if (at_text && !parse_at(at_text, &at, &offset, out))
		goto done;
	rc = ebb_record_add(w->v, kind, at, offset, b, id, &queued, &err);
	if (rc != EBB_OK) {
		fail(out, rc, &err);
		goto done;
	}
	web_forget(w);
	ebb_id_format(ids, id);
	reply(out, 201, json_pack("{s:s, s:b}", "id", ids, "queued", queued));
done:
	json_decref(req);
}

static void api_one(struct ebb_web *w, const char *method, const char *idtext,
                    const struct ebb_buf *body, struct web_out *out)
{
	struct ebb_error err = {0};
	struct ebb_record r = {0};
	uint8_t id[EBB_ID_BYTES];
	enum ebb_status rc;
	json_t *req, *b;

	if (!need_unlocked(w, out))
		return;
	if (!ebb_id_parse(id, idtext)) {
		web_error(out, 404, "not_found", "There is no record with that id.");
		return;
	}
	if (strcmp(method, "GET") == 0) {
		if ((rc = ebb_record_get(w->v, id, &r, &err)) != EBB_OK) {
			fail(out, rc, &err);
			return;
		}
		if (r.deleted)
			web_error(out, 404, "not_found", "There is no record with that id.");
		else
			reply(out, 200, ebb_view_record_json(&r));
		ebb_record_clear(&r);
		return;
	}
	if (strcmp(method, "DELETE") == 0) {
		if ((rc = ebb_record_delete(w->v, id, &err)) != EBB_OK) {
			fail(out, rc, &err);
			return;
		}
		web_forget(w);
		reply(out, 200, json_pack("{s:s}", "id", idtext));
		return;
	}
	if (strcmp(method, "PUT") != 0) {
		web_error(out, 405, "method", "ebb's page does not ask for that.");
		return;
	}
	if ((req = body_object(body, out)) == NULL)
		return;
	b = json_object_get(req, "body");
	if (!json_is_object(b)) {
		invalid(out, "An edit needs the record's new body.");
	} else if ((rc = ebb_record_update(w->v, id, b, NULL, NULL, &err)) != EBB_OK ||
	           (rc = ebb_record_get(w->v, id, &r, &err)) != EBB_OK) {
		fail(out, rc, &err);
	} else {
		web_forget(w);
		reply(out, 200, json_pack("{s:s, s:I}", "id", idtext, "rev", (json_int_t)r.rev));
	}
	ebb_record_clear(&r);
	json_decref(req);
}

/* ---- search ---------------------------------------------------------------------- */

/* The start of the UTF-8 character at or before i. */
static size_t char_start(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

static enum ebb_status push_hit(const struct ebb_record *r, const struct ebb_search_hit *hit,
                                void *ctx, struct ebb_error *err)
{
	size_t len = strlen(hit->text);
	size_t from =
	    hit->start > SNIPPET_BYTES ? char_start(hit->text, hit->start - SNIPPET_BYTES) : 0;
	size_t to =
	    hit->end + SNIPPET_BYTES < len ? char_start(hit->text, hit->end + SNIPPET_BYTES) : len;
	json_t *o = ebb_view_record_json(r);

	if (o == NULL ||
	    json_object_set_new(o, "match",
	                        json_pack("{s:s, s:s%, s:s%, s:s%, s:b, s:b}", "field", hit->field,
	                                  "before", hit->text + from, hit->start - from, "text",
	                                  hit->text + hit->start, hit->end - hit->start, "after",
	                                  hit->text + hit->end, to - hit->end, "cut_before",
	                                  from > 0, "cut_after", to < len)) != 0 ||
	    json_array_append_new(ctx, o) != 0)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	return EBB_OK;
}

static void api_search(struct ebb_web *w, struct MHD_Connection *c, struct web_out *out)
{
	const char *text = arg(c, "q"), *kind = arg(c, "kind");
	struct ebb_search_terms t = {0};
	struct ebb_error err = {0};
	struct ebb_query q;
	enum ebb_status rc;
	json_t *a;

	if (!need_unlocked(w, out))
		return;
	if (kind && !ebb_kind_known(kind)) {
		invalid(out, "There is no such kind of record.");
		return;
	}
	if ((rc = ebb_search_terms_parse(&t, text ? text : "", &err)) != EBB_OK) {
		fail(out, rc, &err);
		return;
	}
	ebb_query_init(&q);
	q.kind = kind;
	q.newest_first = true;
	if ((a = json_array()) == NULL) {
		ebb_search_terms_release(&t);
		reply(out, 500, NULL);
		return;
	}
	rc = ebb_search(w->v, &q, &t, push_hit, a, &err);
	ebb_search_terms_release(&t);
	if (rc != EBB_OK) {
		json_decref(a);
		fail(out, rc, &err);
		return;
	}
	while (json_array_size(a) > SEARCH_MAX)
		json_array_remove(a, SEARCH_MAX);
	reply(out, 200, a);
}

/* ---- prompts, words, help ------------------------------------------------------- */

static void api_prompt(struct ebb_web *w, struct MHD_Connection *c, struct web_out *out)
{
	const char *kind = arg(c, "kind");
	const struct ebb_prompt *p = NULL;
	struct ebb_error err = {0};
	enum ebb_status rc;
	uint32_t rnd;

	if (!need_vault(w, out))
		return;
	if (kind == NULL || !ebb_word_find(ebb_prompt_kinds, kind)) {
		invalid(out, "There is no such kind of prompt.");
		return;
	}
	ebb_random(&rnd, sizeof(rnd));
	if ((rc = ebb_prompt_next(w->v, kind, rnd, &p, &err)) != EBB_OK) {
		fail(out, rc, &err);
		return;
	}
	if (p == NULL) { /* free writing has no prompt */
		reply(out, 200, json_pack("{s:n, s:s, s:n}", "id", "kind", kind, "text"));
		return;
	}
	reply(out, 200,
	      json_pack("{s:s, s:s, s:s}", "id", p->id, "kind", p->kind, "text", p->text));
}

static json_t *words(const struct ebb_word *list)
{
	json_t *a = json_array();

	for (; a && list->name; list++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s}", "key", list->name, "label", list->label));
	return a;
}

static json_t *vocab_json(void)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "feelings",
	                 words(ebb_feelings), "grieving", words(ebb_facets), "urge_for",
	                 words(ebb_urge_for), "urge_did", words(ebb_urge_did), "prompt_kinds",
	                 words(ebb_prompt_kinds), "signs", words(ebb_signs), "plan_parts",
	                 words(ebb_plan_parts), "relationships", words(ebb_relationships),
	                 "lessons", words(ebb_lessons));
}

static void api_vocab(struct web_out *out)
{
	reply(out, 200, vocab_json());
}

bool web_first(struct ebb_web *w, const struct web_session *s, struct web_first *f)
{
	struct web_out out = {0};
	json_t *today = NULL;

	f->unlocked = w->v && ebb_vault_is_unlocked(w->v);
	f->demo = w->v && ebb_vault_is_demo(w->v);
	ebb_buf_init_secret(&f->home, WEB_HOME_MAX);
	if (f->unlocked && ebb_buf_reserve(&f->home, 16 * 1024, NULL) == EBB_OK) {
		fold_new(w);
		today = today_view(w, &out);
		json_decref(out.json); /* the page asks /api/home, which says why */
		if (today && !web_home_html(&f->home, today, queued_count(w)))
			ebb_buf_reset(&f->home);
	}
	f->boot = json_pack("{s:o, s:o}", "session", session_json(w, s), "vocab", vocab_json());
	if (f->boot == NULL)
		ebb_buf_release(&f->home);
	return f->boot != NULL;
}

static enum ebb_status keep_body(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	json_t **body = ctx;

	(void)err;
	json_decref(*body);
	*body = json_incref(r->body);
	return EBB_OK;
}

static void api_crisis(struct ebb_web *w, struct MHD_Connection *c, struct web_out *out)
{
	const char *country = arg(c, "country");
	const struct ebb_crisis_country *top = NULL;
	struct ebb_error err = {0};
	json_t *j, *plan = NULL;
	char cc[3];

	if (country)
		top = ebb_crisis_find(country);
	else if (ebb_crisis_guess(cc))
		top = ebb_crisis_find(cc);
	j = ebb_crisis_json(top ? top->code : NULL);
	if (j && w->v && ebb_vault_is_unlocked(w->v)) {
		struct ebb_query q;

		ebb_query_init(&q);
		q.kind = "plan";
		q.newest_first = true;
		q.limit = 1;
		if (ebb_record_each(w->v, &q, keep_body, &plan, &err) != EBB_OK) {
			json_decref(plan);
			plan = NULL;
		}
	}
	if (j)
		json_object_set_new(j, "plan", plan ? plan : json_null());
	reply(out, 200, j);
}

/* ---- routing ---------------------------------------------------------------------- */

void web_api(struct ebb_web *w, struct web_session *s, const char *method, const char *path,
             struct MHD_Connection *c, const struct ebb_buf *body, struct web_out *out)
{
	static const struct {
		const char *path, *method;
	} known[] = {
	    {"session", "GET"},  {"init", "POST"},  {"unlock", "POST"},  {"lock", "POST"},
	    {"today", "GET"},    {"waves", "GET"},  {"insights", "GET"}, {"records", "GET"},
	    {"records", "POST"}, {"search", "GET"}, {"prompt", "GET"},   {"vocab", "GET"},
	    {"crisis", "GET"},   {"home", "GET"},
	};
	const char *p = path + strlen("/api/");
	bool path_known = false;

	if (strncmp(p, "records/", 8) == 0 && p[8]) {
		api_one(w, method, p + 8, body, out);
		return;
	}
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(p, known[i].path) != 0)
			continue;
		path_known = true;
		if (strcmp(method, known[i].method) != 0)
			continue;
		if (strcmp(p, "session") == 0)
			reply(out, 200, session_json(w, s));
		else if (strcmp(p, "init") == 0)
			api_init(w, s, body, out);
		else if (strcmp(p, "unlock") == 0)
			api_unlock(w, s, body, out);
		else if (strcmp(p, "lock") == 0)
			api_lock(w, s, body, out);
		else if (strcmp(p, "today") == 0)
			api_today(w, out);
		else if (strcmp(p, "home") == 0)
			api_home(w, out);
		else if (strcmp(p, "waves") == 0 || strcmp(p, "insights") == 0)
			api_view(w, c, strcmp(p, "waves") == 0, out);
		else if (strcmp(p, "records") == 0 && strcmp(method, "GET") == 0)
			api_list(w, c, out);
		else if (strcmp(p, "records") == 0)
			api_add(w, body, out);
		else if (strcmp(p, "search") == 0)
			api_search(w, c, out);
		else if (strcmp(p, "prompt") == 0)
			api_prompt(w, c, out);
		else if (strcmp(p, "vocab") == 0)
			api_vocab(out);
		else
			api_crisis(w, c, out);
		return;
	}
	if (path_known)
		web_error(out, 405, "method", "ebb's page does not ask for that.");
	else
		web_error(out, 404, "not_found", "Nothing is here.");
}
