/*
 * server.c — the HTTP side of `ebb serve`: one libmicrohttpd daemon on
 * 127.0.0.1, its own thread, every request checked before it reaches the
 * API (the order is the table in docs/API.md), the page's files served
 * from memory, and every response sent with the same security headers.
 *
 * Request bodies are read into secret memory and JSON answers are copied
 * into secret memory that is wiped when libmicrohttpd has sent them.
 * libmicrohttpd logs nothing (no MHD_USE_ERROR_LOG): nothing a person
 * wrote can reach a log.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "assets.h"
#include "web_impl.h"

#define CSP                                                                                        \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "          \
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/* The page shown at / without a session: no data, only what to do. */
static const char no_session_page[] =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>ebb</title><link rel=\"stylesheet\" href=\"/app.css\"></head>"
    "<body><main class=\"narrow\"><h1>Open ebb from its own address</h1>"
    "<p>For your privacy, this page opens only from the address <code>ebb serve</code> "
    "printed when it started. Each address works once.</p>"
    "<p>Run <code>ebb serve</code> again and open the new address it shows.</p>"
    "<p>If you need someone to talk to now, <code>ebb help crisis</code> lists lines that "
    "are open.</p></main></body></html>";

void web_headers(struct MHD_Response *r)
{
	web_mhd.MHD_add_response_header(r, "Cache-Control", "no-store");
	web_mhd.MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	web_mhd.MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	web_mhd.MHD_add_response_header(r, "X-Frame-Options", "DENY");
	web_mhd.MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	web_mhd.MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	web_mhd.MHD_add_response_header(r, "Content-Security-Policy", CSP);
}

static void secret_free(void *p)
{
	ebb_secret_free(p);
}

struct MHD_Response *web_json_response(const json_t *json)
{
	size_t flags = JSON_COMPACT | JSON_SORT_KEYS;
	size_t n = json_dumpb(json, NULL, 0, flags);
	char *buf;
	struct MHD_Response *r;

	if (n == 0 || (buf = ebb_secret_alloc(n)) == NULL)
		return NULL;
	if (json_dumpb(json, buf, n, flags) != n) {
		ebb_secret_free(buf);
		return NULL;
	}
	r = web_mhd.MHD_create_response_from_buffer_with_free_callback(n, buf, secret_free);
	if (r == NULL) {
		ebb_secret_free(buf);
		return NULL;
	}
	web_mhd.MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	web_headers(r);
	return r;
}

/* Queues r (a reference we give up) with status. */
static enum MHD_Result send_response(struct MHD_Connection *c, unsigned status,
                                     struct MHD_Response *r)
{
	enum MHD_Result ok;

	if (r == NULL)
		return MHD_NO; /* out of memory: libmicrohttpd closes the connection */
	ok = web_mhd.MHD_queue_response(c, status, r);
	web_mhd.MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *type,
                                 const char *text)
{
	struct MHD_Response *r = web_mhd.MHD_create_response_from_buffer(strlen(text), (void *)text,
	                                                                 MHD_RESPMEM_PERSISTENT);

	if (r == NULL)
		return MHD_NO;
	web_mhd.MHD_add_response_header(r, "Content-Type", type);
	web_headers(r);
	return send_response(c, status, r);
}

static enum MHD_Result send_out(struct MHD_Connection *c, struct web_out *out)
{
	struct MHD_Response *r = out->resp;
	char secs[16];

	if (r == NULL) {
		r = web_json_response(out->json);
		json_decref(out->json);
		out->json = NULL;
	}
	if (r && out->retry_after) {
		snprintf(secs, sizeof(secs), "%u", out->retry_after);
		web_mhd.MHD_add_response_header(r, "Retry-After", secs);
	}
	if (out->shared)
		return web_mhd.MHD_queue_response(c, out->status, r);
	return send_response(c, out->status, r);
}

/* An error before the API is reached: JSON under /api/, text elsewhere. */
static enum MHD_Result refuse(struct MHD_Connection *c, bool api, unsigned status, const char *code,
                              const char *msg)
{
	struct web_out out = {0};

	if (!api)
		return send_text(c, status, "text/plain; charset=utf-8", msg);
	web_error(&out, status, code, msg);
	return send_out(c, &out);
}

static const char *header(struct MHD_Connection *c, const char *name)
{
	return web_mhd.MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* ---- the page's files ------------------------------------------------------ */

static const struct web_asset *asset_find(const char *name)
{
	for (size_t i = 0; i < web_assets_count; i++)
		if (strcmp(web_assets[i].name, name) == 0)
			return &web_assets[i];
	return NULL;
}

static enum MHD_Result send_asset(struct MHD_Connection *c, const struct web_asset *a)
{
	struct MHD_Response *r = web_mhd.MHD_create_response_from_buffer(a->len, (void *)a->data,
	                                                                 MHD_RESPMEM_PERSISTENT);

	if (r == NULL)
		return MHD_NO;
	web_mhd.MHD_add_response_header(r, "Content-Type", a->type);
	web_headers(r);
	return send_response(c, MHD_HTTP_OK, r);
}

/*
 * The page with its first data in it: index.html's BOOT_MARK replaced by
 * <script type="application/json" id="ebb-boot">...</script> (data, never
 * run, so the CSP allows it). Every '<' in the JSON is written \u003c, so
 * nothing in it can end the element. Built in secret memory.
 */
#define BOOT_MARK "<!--ebb:boot-->"

static struct MHD_Response *page_response(const struct web_asset *a, const json_t *boot)
{
	static const char open[] = "<script type=\"application/json\" id=\"ebb-boot\">";
	static const char close[] = "</script>";
	const char *mark = memmem(a->data, a->len, BOOT_MARK, strlen(BOOT_MARK));
	size_t head, i = 0, run, n = json_dumpb(boot, NULL, 0, JSON_COMPACT);
	struct MHD_Response *r = NULL;
	struct ebb_buf b;
	char *json;
	bool ok;

	if (mark == NULL || n == 0 || (json = ebb_secret_alloc(n)) == NULL)
		return NULL;
	json_dumpb(boot, json, n, JSON_COMPACT);
	head = (size_t)(mark - (const char *)a->data);
	ebb_buf_init_secret(&b, a->len + 6 * n + sizeof(open) + sizeof(close));
	ok = ebb_buf_add(&b, a->data, head, NULL) == EBB_OK &&
	     ebb_buf_adds(&b, open, NULL) == EBB_OK;
	while (ok && i < n) {
		for (run = i; run < n && json[run] != '<'; run++)
			;
		ok = ebb_buf_add(&b, json + i, run - i, NULL) == EBB_OK &&
		     (run == n || ebb_buf_adds(&b, "\\u003c", NULL) == EBB_OK);
		i = run + 1;
	}
	ebb_secret_free(json);
	ok = ok && ebb_buf_adds(&b, close, NULL) == EBB_OK &&
	     ebb_buf_add(&b, mark + strlen(BOOT_MARK), a->len - head - strlen(BOOT_MARK), NULL) ==
	         EBB_OK;
	if (ok)
		r = web_mhd.MHD_create_response_from_buffer_with_free_callback(b.len, b.data,
		                                                               secret_free);
	if (r == NULL) {
		ebb_buf_release(&b);
		return NULL;
	}
	/* b.data belongs to the response now: secret_free wipes it when sent */
	web_mhd.MHD_add_response_header(r, "Content-Type", a->type);
	web_headers(r);
	return r;
}

/* GET /?t=TOKEN: the launch token for a session cookie, then a clean URL. */
static enum MHD_Result launch(struct ebb_web *w, struct MHD_Connection *c, const char *token)
{
	struct MHD_Response *r;
	char cookie[EBB_WEB_TOKEN_STR + 64];
	bool ok;

	pthread_mutex_lock(&w->lock);
	ok = web_launch_take(w, token);
	if (ok)
		snprintf(cookie, sizeof(cookie),
		         "ebb_session=%s; Path=/; HttpOnly; SameSite=Strict",
		         web_session_new(w)->id);
	pthread_mutex_unlock(&w->lock);
	if (!ok)
		return send_text(c, MHD_HTTP_UNAUTHORIZED, "text/html; charset=utf-8",
		                 no_session_page);
	r = web_mhd.MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	web_mhd.MHD_add_response_header(r, "Location", "/");
	web_mhd.MHD_add_response_header(r, "Set-Cookie", cookie);
	web_headers(r);
	sodium_memzero(cookie, sizeof(cookie));
	return send_response(c, MHD_HTTP_SEE_OTHER, r);
}

/* ---- one request ------------------------------------------------------------ */

static bool changes_state(const char *method)
{
	return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
	       strcmp(method, "DELETE") == 0;
}

static bool is_json_type(const char *type)
{
	size_t n = strlen("application/json");

	return type && strncasecmp(type, "application/json", n) == 0 &&
	       (type[n] == '\0' || type[n] == ';' || type[n] == ' ');
}

static enum MHD_Result api(struct ebb_web *w, struct MHD_Connection *c, const char *method,
                           const char *url, struct web_req *rq)
{
	struct web_out out = {0};
	struct web_session *s;
	bool state = changes_state(method);
	bool ok;

	if (!state && strcmp(method, "GET") != 0)
		return refuse(c, true, MHD_HTTP_METHOD_NOT_ALLOWED, "method",
		              "ebb's page does not ask for that.");
	pthread_mutex_lock(&w->lock);
	s = web_session_find(w, header(c, "Cookie"));
	ok = s && (!state ||
	           (web_origin_ok(w, header(c, "Origin"), header(c, "Sec-Fetch-Site")) &&
	            header(c, "X-Ebb-CSRF") && strlen(header(c, "X-Ebb-CSRF")) == strlen(s->csrf) &&
	            sodium_memcmp(header(c, "X-Ebb-CSRF"), s->csrf, strlen(s->csrf)) == 0));
	if (!ok) {
		pthread_mutex_unlock(&w->lock);
		if (s == NULL)
			return refuse(c, true, MHD_HTTP_UNAUTHORIZED, "session",
			              "Open the address 'ebb serve' printed to start again.");
		return refuse(c, true, MHD_HTTP_FORBIDDEN, "forbidden",
		              "This request did not come from ebb's own page, so it was refused.");
	}
	if (rq->too_large) {
		pthread_mutex_unlock(&w->lock);
		return refuse(c, true, MHD_HTTP_CONTENT_TOO_LARGE, "too_large",
		              "That is more than ebb takes in one go. Nothing was saved.");
	}
	if (rq->body.len > 0 && !is_json_type(header(c, "Content-Type"))) {
		pthread_mutex_unlock(&w->lock);
		return refuse(c, true, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "media_type",
		              "ebb's page sends JSON; this was something else. Nothing was saved.");
	}
	/* asking how things stand does not count as using the vault */
	if (strcmp(url, "/api/session") != 0)
		w->last_use = time(NULL);
	web_api(w, s, method, url, c, state ? &rq->body : NULL, &out);
	pthread_mutex_unlock(&w->lock);
	return send_out(c, &out);
}

static enum MHD_Result dispatch(struct ebb_web *w, struct MHD_Connection *c, const char *url,
                                const char *method, struct web_req *rq)
{
	bool is_api = strncmp(url, "/api/", 5) == 0;
	const struct web_asset *a;
	struct web_session *s;
	struct MHD_Response *r;
	json_t *boot = NULL;
	const char *token;

	if (!web_host_ok(w, header(c, "Host")))
		return refuse(c, is_api, MHD_HTTP_FORBIDDEN, "forbidden",
		              "ebb answers only at the address it printed.");
	if (is_api)
		return api(w, c, method, url, rq);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return refuse(c, false, MHD_HTTP_METHOD_NOT_ALLOWED, "method",
		              "ebb's page does not ask for that.");
	if (strcmp(url, "/") == 0) {
		token = web_mhd.MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "t");
		if (token)
			return launch(w, c, token);
		a = asset_find("index.html");
		pthread_mutex_lock(&w->lock);
		s = web_session_find(w, header(c, "Cookie"));
		if (s && a) {
			w->last_use = time(NULL);
			boot = web_boot(w, s);
		}
		pthread_mutex_unlock(&w->lock);
		if (s == NULL || a == NULL)
			return send_text(c, MHD_HTTP_UNAUTHORIZED, "text/html; charset=utf-8",
			                 no_session_page);
		r = boot ? page_response(a, boot) : NULL;
		json_decref(boot);
		return r ? send_response(c, MHD_HTTP_OK, r) : send_asset(c, a);
	}
	a = asset_find(url + 1);
	if (a == NULL || strcmp(a->name, "index.html") == 0)
		return refuse(c, false, MHD_HTTP_NOT_FOUND, "not_found", "Nothing is here.");
	return send_asset(c, a);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **state)
{
	struct ebb_web *w = cls;
	struct web_req *rq = *state;
	const char *length;

	(void)version;
	if (rq == NULL) {
		rq = calloc(1, sizeof(*rq));
		if (rq == NULL)
			return MHD_NO;
		ebb_buf_init_secret(&rq->body, EBB_WEB_BODY_MAX);
		*state = rq;
		length = header(c, "Content-Length");
		if (length && strtoull(length, NULL, 10) > EBB_WEB_BODY_MAX)
			rq->too_large = true;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!rq->too_large &&
		    ebb_buf_add(&rq->body, upload_data, *upload_size, NULL) != EBB_OK)
			rq->too_large = true;
		*upload_size = 0;
		return MHD_YES;
	}
	return dispatch(w, c, url, method, rq);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
                         enum MHD_RequestTerminationCode why)
{
	struct web_req *rq = *state;

	(void)cls;
	(void)c;
	(void)why;
	if (rq) {
		ebb_buf_release(&rq->body);
		free(rq);
		*state = NULL;
	}
}

/* ---- starting and stopping ------------------------------------------------- */

enum ebb_status ebb_web_listen(uint16_t port, bool fallback, int *fd, uint16_t *bound,
                               struct ebb_error *err)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int one = 1;
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return ebb_error_set(err, EBB_ERR_IO, "cannot open a socket: %s", strerror(errno));
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	a.sin_port = htons(port);
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) != 0) {
		int e = errno;

		if (e == EADDRINUSE && fallback && port != 0) {
			close(s);
			return ebb_web_listen(0, false, fd, bound, err);
		}
		close(s);
		if (e == EADDRINUSE)
			return ebb_error_set(err, EBB_ERR_BUSY,
			                     "port %u is in use: choose another with --port, or "
			                     "--port 0 for any free one",
			                     (unsigned)port);
		return ebb_error_set(err, EBB_ERR_IO, "cannot use port %u: %s", (unsigned)port,
		                     strerror(e));
	}
	if (listen(s, 64) != 0 || getsockname(s, (struct sockaddr *)&a, &len) != 0) {
		int e = errno;

		close(s);
		return ebb_error_set(err, EBB_ERR_IO, "cannot listen on port %u: %s",
		                     (unsigned)port, strerror(e));
	}
	*fd = s;
	*bound = ntohs(a.sin_port);
	return EBB_OK;
}

enum ebb_status ebb_web_start(struct ebb_web **out, const struct ebb_web_opts *o,
                              char token[EBB_WEB_TOKEN_STR], struct ebb_error *err)
{
	struct ebb_web *w = calloc(1, sizeof(*w));
	enum ebb_status rc;

	*out = NULL;
	if ((rc = web_mhd_load(err)) != EBB_OK) {
		free(w);
		return rc;
	}
	if (w == NULL || (w->vault_path = strdup(o->vault_path)) == NULL) {
		free(w);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	}
	pthread_mutex_init(&w->lock, NULL);
	w->kdf = o->kdf;
	w->idle = o->idle_seconds ? o->idle_seconds : 1;
	w->port = o->port;
	w->last_use = time(NULL);
	snprintf(w->hosts[0], sizeof(w->hosts[0]), "127.0.0.1:%u", (unsigned)o->port);
	snprintf(w->hosts[1], sizeof(w->hosts[1]), "localhost:%u", (unsigned)o->port);
	web_token(w->launch);

	if (access(o->vault_path, F_OK) == 0) {
		rc = ebb_vault_open(&w->v, o->vault_path, err);
		if (rc != EBB_OK) {
			ebb_web_stop(w);
			return rc;
		}
	}
	w->daemon = web_mhd.MHD_start_daemon(
	    MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL, on_request, w, MHD_OPTION_LISTEN_SOCKET,
	    o->listen_fd, MHD_OPTION_NOTIFY_COMPLETED, on_completed, w,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned)128,
	    MHD_OPTION_END);
	if (w->daemon == NULL) {
		ebb_web_stop(w);
		return ebb_error_set(err, EBB_ERR_IO, "cannot start the page's server");
	}
	memcpy(token, w->launch, EBB_WEB_TOKEN_STR);
	*out = w;
	return EBB_OK;
}

bool ebb_web_tick(struct ebb_web *w, time_t now)
{
	bool locked = false;

	pthread_mutex_lock(&w->lock);
	if (w->v && ebb_vault_is_unlocked(w->v) && now - w->last_use >= (time_t)w->idle) {
		ebb_vault_lock(w->v);
		web_forget(w);
		locked = true;
	}
	pthread_mutex_unlock(&w->lock);
	return locked;
}

void ebb_web_stop(struct ebb_web *w)
{
	if (w == NULL)
		return;
	if (w->daemon)
		web_mhd.MHD_stop_daemon(w->daemon);
	web_forget(w);
	ebb_vault_close(w->v);
	sodium_memzero(w->sessions, sizeof(w->sessions));
	sodium_memzero(w->launch, sizeof(w->launch));
	pthread_mutex_destroy(&w->lock);
	free(w->vault_path);
	free(w);
}
