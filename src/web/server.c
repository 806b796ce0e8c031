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

/*
 * The Content-Security-Policy of every response. The page at / carries
 * app.css and start.js inside it (one request fewer each before the first
 * frame), so besides 'self' the policy lets through exactly those two
 * texts, by their SHA-256; nothing else inline runs or styles.
 */
#define CSP_FMT                                                                                    \
	"default-src 'none'; script-src 'self'%s; style-src 'self'%s; img-src 'self' data:; "      \
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
#define INLINE_STYLE  "app.css"  /* in a <style> at <!--ebb:style--> */
#define INLINE_SCRIPT "start.js" /* in a <script> at <!--ebb:start--> */

static char csp[512];
static pthread_once_t csp_once = PTHREAD_ONCE_INIT;

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

static const struct web_asset *asset_find(const char *name);

/* " 'sha256-BASE64'" of asset name's text into out, or "" without it. */
static void csp_hash(char *out, size_t size, const char *name)
{
	const struct web_asset *a = asset_find(name);
	unsigned char digest[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
	                                   sodium_base64_VARIANT_ORIGINAL)];

	out[0] = '\0';
	if (a == NULL)
		return;
	crypto_hash_sha256(digest, a->data, a->len);
	sodium_bin2base64(b64, sizeof(b64), digest, sizeof(digest), sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, size, " 'sha256-%s'", b64);
}

static void csp_init(void)
{
	char style[64], script[64];

	csp_hash(style, sizeof(style), INLINE_STYLE);
	csp_hash(script, sizeof(script), INLINE_SCRIPT);
	snprintf(csp, sizeof(csp), CSP_FMT, script, style);
}

void web_headers(struct MHD_Response *r)
{
	pthread_once(&csp_once, csp_init);
	web_mhd.MHD_add_response_header(r, "Cache-Control", "no-store");
	web_mhd.MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	web_mhd.MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	web_mhd.MHD_add_response_header(r, "X-Frame-Options", "DENY");
	web_mhd.MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	web_mhd.MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	web_mhd.MHD_add_response_header(r, "Content-Security-Policy", csp);
}

static void secret_free(void *p)
{
	ebb_secret_free(p);
}

/* A response that owns buf (n bytes of secret memory, wiped when MHD is
 * done with it), with our headers; NULL (buf freed) when out of memory. */
static struct MHD_Response *secret_response(char *buf, size_t n, const char *type)
{
	struct MHD_Response *r =
	    web_mhd.MHD_create_response_from_buffer_with_free_callback(n, buf, secret_free);

	if (r == NULL) {
		ebb_secret_free(buf);
		return NULL;
	}
	web_mhd.MHD_add_response_header(r, "Content-Type", type);
	web_headers(r);
	return r;
}

struct MHD_Response *web_json_response(const json_t *json)
{
	size_t flags = JSON_COMPACT | JSON_SORT_KEYS;
	size_t n = json_dumpb(json, NULL, 0, flags);
	char *buf;

	if (n == 0 || (buf = ebb_secret_alloc(n)) == NULL)
		return NULL;
	if (json_dumpb(json, buf, n, flags) != n) {
		ebb_secret_free(buf);
		return NULL;
	}
	return secret_response(buf, n, "application/json; charset=utf-8");
}

struct MHD_Response *web_html_response(const struct ebb_buf *b)
{
	char *buf;

	if (b->len == 0 || (buf = ebb_secret_alloc(b->len)) == NULL)
		return NULL;
	memcpy(buf, b->data, b->len);
	return secret_response(buf, b->len, "text/html; charset=utf-8");
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
 * The page at /: index.html with its marks (<!--ebb:NAME-->) filled in.
 *   style, start
 *           app.css and start.js themselves, inside the page (see CSP_FMT);
 *   boot    <script type="application/json" id="ebb-boot">...</script>:
 *           data, never run, so the CSP allows it; every '<' in the JSON
 *           is written \u003c, so nothing in it can end the element;
 *   title, menu, lock, nav, banners, main
 *           the header and the screen as app.js would draw them, so the
 *           first frame is whole before any script has run: unlocked, the
 *           home screen (home.c) and the full navigation; otherwise what
 *           app.js starts from (it draws the screen once it runs).
 * The navigation and the demo banner are drawn by app.js too (NAV,
 * updateChrome): the two say the same, and tests/web checks they do.
 * Built in secret memory. NULL when out of memory or a mark is unknown.
 */
static const char *const NAV[][2] = {
    {"/", "Today"},          {"/checkin", "Check in"},  {"/urge", "Urge"},   {"/write", "Write"},
    {"/entries", "Entries"}, {"/reasons", "Reasons"},   {"/dates", "Dates"}, {"/plan", "Plan"},
    {"/waves", "Waves"},     {"/insights", "Insights"},
};

static bool fill_boot(struct ebb_buf *b, const json_t *boot)
{
	static const char open[] = "<script type=\"application/json\" id=\"ebb-boot\">";
	size_t i = 0, run, n = json_dumpb(boot, NULL, 0, JSON_COMPACT);
	char *json;
	bool ok;

	if (n == 0 || (json = ebb_secret_alloc(n)) == NULL)
		return false;
	json_dumpb(boot, json, n, JSON_COMPACT);
	ok = ebb_buf_adds(b, open, NULL) == EBB_OK;
	while (ok && i < n) {
		for (run = i; run < n && json[run] != '<'; run++)
			;
		ok = ebb_buf_add(b, json + i, run - i, NULL) == EBB_OK &&
		     (run == n || ebb_buf_adds(b, "\\u003c", NULL) == EBB_OK);
		i = run + 1;
	}
	ebb_secret_free(json);
	return ok && ebb_buf_adds(b, "</script>", NULL) == EBB_OK;
}

static bool fill(struct ebb_buf *b, const char *name, size_t len, const struct web_first *f)
{
	bool open = f->unlocked && f->home.len > 0; /* the home screen is drawn */
	bool ok = true;

#define IS(s)  (len == strlen(s) && memcmp(name, s, len) == 0)
#define ADD(s) (ok = ok && ebb_buf_adds(b, (s), NULL) == EBB_OK)
	if (IS("boot"))
		return fill_boot(b, f->boot);
	if (IS("style") || IS("start")) {
		const struct web_asset *a = asset_find(IS("style") ? INLINE_STYLE : INLINE_SCRIPT);

		return a && ebb_buf_adds(b, IS("style") ? "<style>" : "<script>", NULL) == EBB_OK &&
		       ebb_buf_add(b, a->data, a->len, NULL) == EBB_OK &&
		       ebb_buf_adds(b, IS("style") ? "</style>" : "</script>", NULL) == EBB_OK;
	}
	if (IS("title"))
		ADD(open ? "<title>Today · ebb</title>" : "<title>ebb</title>");
	else if (IS("menu"))
		ADD(open ? "<button type=\"button\" class=\"menu-button\" id=\"menu-button\" "
		           "aria-expanded=\"false\" aria-controls=\"site-nav\">Menu</button>"
		         : "<button type=\"button\" class=\"menu-button\" id=\"menu-button\" "
		           "aria-expanded=\"false\" aria-controls=\"site-nav\" "
		           "hidden>Menu</button>");
	else if (IS("lock"))
		ADD(open ? "<button type=\"button\" class=\"lock-button\" "
		           "id=\"lock-button\">Lock</button>"
		         : "<button type=\"button\" class=\"lock-button\" id=\"lock-button\" "
		           "hidden>Lock</button>");
	else if (IS("nav"))
		for (size_t i = 0; open && i < sizeof(NAV) / sizeof(NAV[0]); i++) {
			ADD("<li><a href=\"#");
			ADD(NAV[i][0]);
			ADD(i == 0 ? "\" aria-current=\"page\">" : "\">");
			ADD(NAV[i][1]);
			ADD("</a></li>");
		}
	else if (IS("banners"))
		ADD(open && f->demo ? "<p class=\"banner banner-demo\" role=\"note\"><strong>Demo: "
		                      "</strong>This is a demo vault: a made-up history, not "
		                      "anyone's real story.</p>"
		                    : "");
	else if (IS("main") && open)
		/* data-ssr: app.js adopts it; html.elsewhere (start.js): another
		 * screen is asked for, so the loading line shows until it is drawn */
		ok = ebb_buf_adds(b, "<div class=\"screen screen-home\" data-ssr=\"home\">",
		                  NULL) == EBB_OK &&
		     ebb_buf_add(b, f->home.data, f->home.len, NULL) == EBB_OK &&
		     ebb_buf_adds(b, "</div><p class=\"loading ssr-elsewhere\">Opening ebb…</p>",
		                  NULL) == EBB_OK;
	else if (IS("main"))
		ADD("<p class=\"loading\" id=\"boot-loading\">Opening ebb…</p>");
	else
		return false;
#undef IS
#undef ADD
	return ok;
}

/* The bytes of the page's inline style and script. */
static size_t inline_len(void)
{
	const struct web_asset *style = asset_find(INLINE_STYLE),
	                       *script = asset_find(INLINE_SCRIPT);

	return (style ? style->len : 0) + (script ? script->len : 0);
}

static struct MHD_Response *page_response(const struct web_asset *a, const struct web_first *f)
{
	static const char mark[] = "<!--ebb:";
	const char *p = (const char *)a->data, *end = p + a->len, *m, *close;
	struct ebb_buf b;
	bool ok = true;

	ebb_buf_init_secret(&b, a->len + f->home.len + 256 * 1024);
	/* the page's size, near enough: one secret allocation, not ten */
	ok = ebb_buf_reserve(&b, a->len + f->home.len + inline_len() + 8 * 1024, NULL) == EBB_OK;
	while (ok && (m = memmem(p, (size_t)(end - p), mark, strlen(mark))) != NULL) {
		m += strlen(mark);
		close = memmem(m, (size_t)(end - m), "-->", 3);
		ok = close != NULL &&
		     ebb_buf_add(&b, p, (size_t)(m - strlen(mark) - p), NULL) == EBB_OK &&
		     fill(&b, m, (size_t)(close - m), f);
		p = close ? close + 3 : end;
	}
	ok = ok && ebb_buf_add(&b, p, (size_t)(end - p), NULL) == EBB_OK;
	if (!ok) {
		ebb_buf_release(&b);
		return NULL;
	}
	/* b.data (sodium memory) belongs to the response now, wiped when sent */
	return secret_response(b.data, b.len, a->type);
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
	struct web_first f;
	bool first = false;
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
			first = web_first(w, s, &f);
		}
		pthread_mutex_unlock(&w->lock);
		if (s == NULL || a == NULL)
			return send_text(c, MHD_HTTP_UNAUTHORIZED, "text/html; charset=utf-8",
			                 no_session_page);
		if (!first)
			return send_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
			                 "text/plain; charset=utf-8",
			                 "ebb ran out of memory. Please reload the page.");
		r = page_response(a, &f);
		json_decref(f.boot);
		ebb_buf_release(&f.home);
		if (r == NULL)
			return send_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
			                 "text/plain; charset=utf-8",
			                 "ebb ran out of memory. Please reload the page.");
		return send_response(c, MHD_HTTP_OK, r);
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
