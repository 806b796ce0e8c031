/*
 * web_impl.h — what server.c, auth.c and api.c share: the server's state,
 * a request as it is being read, and a reply as the API hands it back.
 */
#ifndef EBB_WEB_IMPL_H
#define EBB_WEB_IMPL_H

#include <jansson.h>
#include <pthread.h>

#include "buf.h"
#include "mhd.h"
#include "vault.h"
#include "web.h"

#define WEB_SESSIONS    8            /* browsers signed in at once; the oldest gives way */
#define WEB_BACKOFF_MAX 60           /* seconds between passphrase attempts, at most */
#define WEB_HOME_MAX    (256 * 1024) /* the home screen's HTML, at most */

struct web_session {
	bool used;
	char id[EBB_WEB_TOKEN_STR];   /* the cookie's value */
	char csrf[EBB_WEB_TOKEN_STR]; /* sent back in X-Ebb-CSRF */
	time_t made;
};

struct ebb_web {
	struct MHD_Daemon *daemon;
	pthread_mutex_t lock; /* everything below */
	char *vault_path;
	struct ebb_vault *v; /* NULL until there is a vault */
	enum ebb_kdf_level kdf;
	unsigned idle;
	time_t last_use; /* the last request, for the idle lock */
	uint16_t port;
	char hosts[2][32]; /* the Host values allowed: 127.0.0.1:PORT, localhost:PORT */

	char launch[EBB_WEB_TOKEN_STR];
	bool launch_used;
	struct web_session sessions[WEB_SESSIONS];

	unsigned failures; /* wrong passphrases in a row */
	int64_t retry_at;  /* CLOCK_MONOTONIC ms before which no attempt is tried */

	/* `ebb today`'s object and the answers made from it (GET /api/today,
	 * GET /api/home), kept while nothing changed (see api.c) */
	json_t *today_json;
	struct MHD_Response *today;
	struct MHD_Response *home;
	uint64_t today_version;
	int64_t today_day;
	uint64_t fold_version; /* data_version when the inbox was last looked at */
};

/* A request being read. */
struct web_req {
	struct ebb_buf body; /* secret memory: a passphrase or an entry */
	bool too_large;
	bool refused; /* answered already, before the body came */
};

/* What an API handler answers: a JSON value (owned) or a ready response
 * (a reference), a status, and for 429 the seconds to wait. */
struct web_out {
	unsigned status;
	json_t *json;
	struct MHD_Response *resp;
	bool shared; /* resp is kept by the server: queue it, do not destroy it */
	unsigned retry_after;
};

/* ---- auth.c ---------------------------------------------------------------- */

/* Fills buf with a fresh random token in hex. */
void web_token(char buf[EBB_WEB_TOKEN_STR]);

/* true when the Host header is one of ours. */
bool web_host_ok(const struct ebb_web *w, const char *host);

/* For a state-changing request: Origin (when sent) is ours and
 * Sec-Fetch-Site (when sent) is same-origin. */
bool web_origin_ok(const struct ebb_web *w, const char *origin, const char *fetch_site);

/* The session a cookie header names, or NULL. */
struct web_session *web_session_find(struct ebb_web *w, const char *cookie);

/* A new session (the oldest gives way when all are taken). */
struct web_session *web_session_new(struct ebb_web *w);

/* true when the one-time launch token matches (it is then used up). */
bool web_launch_take(struct ebb_web *w, const char *token);

/* Milliseconds on CLOCK_MONOTONIC. */
int64_t web_now_ms(void);

/* Seconds still to wait before a passphrase may be tried (0: go on). */
unsigned web_backoff_left(const struct ebb_web *w);

/* Counts a wrong passphrase (the wait doubles) or a right one (reset). */
void web_backoff_note(struct ebb_web *w, bool right);

/* ---- api.c ----------------------------------------------------------------- */

/*
 * Answers one API request (path starts with /api/). body is NULL for
 * requests without one. The session is valid; Host, Origin and the CSRF
 * token have been checked. Called with w->lock held.
 */
void web_api(struct ebb_web *w, struct web_session *s, const char *method, const char *path,
             struct MHD_Connection *c, const struct ebb_buf *body, struct web_out *out);

/* What the page at / holds besides index.html, so that its first frame
 * waits for no request and no script. */
struct web_first {
	json_t *boot;        /* {"session": GET /api/session, "vocab": GET /api/vocab} */
	struct ebb_buf home; /* unlocked: the home screen (home.c), secret; else empty */
	bool unlocked;       /* the vault is open: the header shows everything */
	bool demo;           /* a demo vault: the page says so */
};

/*
 * Fills f (the caller releases f->boot and f->home). false when out of
 * memory (nothing to release then). Called with w->lock held.
 */
bool web_first(struct ebb_web *w, const struct web_session *s, struct web_first *f);

/* Sets out to an error reply: {"error": {"code": code, "message": msg}}. */
void web_error(struct web_out *out, unsigned status, const char *code, const char *msg);

/* Drops the cached home data (after a write, a lock or an unlock). */
void web_forget(struct ebb_web *w);

/* ---- home.c ---------------------------------------------------------------- */

/*
 * Appends the home screen for `ebb today`'s object (view.h) to b: the
 * inside of the page's home view, as GET /api/home answers it. queued:
 * things sealed while locked, not yet folded in. Every text from the
 * vault is escaped. false when b is full or memory ran out.
 */
bool web_home_html(struct ebb_buf *b, const json_t *today, size_t queued);

/* ---- server.c -------------------------------------------------------------- */

/* A response holding a copy of json's text in secret memory, wiped when MHD
 * is done with it; with our security headers. NULL when out of memory. */
struct MHD_Response *web_json_response(const json_t *json);

/* A response holding a copy of b's HTML in secret memory, wiped when MHD is
 * done with it; with our security headers. NULL when out of memory. */
struct MHD_Response *web_html_response(const struct ebb_buf *b);

/* Adds the headers every response carries. */
void web_headers(struct MHD_Response *r);

#endif
