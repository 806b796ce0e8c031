/*
 * auth.c — who may talk to the server: the Host allow-list (DNS
 * rebinding), Origin and Fetch-Metadata for state-changing requests, the
 * one-time launch token, sessions with their CSRF tokens, and the wait
 * between passphrase attempts.
 *
 * Tokens are 32 random bytes in hex and are compared in constant time.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web_impl.h"

void web_token(char buf[EBB_WEB_TOKEN_STR])
{
	unsigned char raw[EBB_WEB_TOKEN_BYTES];

	ebb_random(raw, sizeof(raw));
	sodium_bin2hex(buf, EBB_WEB_TOKEN_STR, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

/* true when a equals the token t (both NUL-terminated), in constant time. */
static bool token_equal(const char *a, const char *t)
{
	size_t n = strlen(t);

	return a && strlen(a) == n && n > 0 && sodium_memcmp(a, t, n) == 0;
}

bool web_host_ok(const struct ebb_web *w, const char *host)
{
	if (!host)
		return false;
	for (size_t i = 0; i < 2; i++)
		if (strcmp(host, w->hosts[i]) == 0)
			return true;
	return false;
}

bool web_origin_ok(const struct ebb_web *w, const char *origin, const char *fetch_site)
{
	if (fetch_site && strcmp(fetch_site, "same-origin") != 0)
		return false;
	if (!origin)
		return true;
	if (strncmp(origin, "http://", 7) != 0)
		return false;
	return web_host_ok(w, origin + 7);
}

/* The value of cookie `name` in a Cookie header, copied into out. */
static bool cookie_value(const char *header, const char *name, char *out, size_t size)
{
	size_t n = strlen(name);
	const char *p = header;

	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > n && strncmp(p, name, n) == 0 && p[n] == '=') {
			size_t vlen = len - n - 1;

			if (vlen >= size)
				return false;
			memcpy(out, p + n + 1, vlen);
			out[vlen] = '\0';
			return true;
		}
		p = end;
	}
	return false;
}

struct web_session *web_session_find(struct ebb_web *w, const char *cookie)
{
	char id[EBB_WEB_TOKEN_STR];
	struct web_session *found = NULL;

	if (!cookie || !cookie_value(cookie, "ebb_session", id, sizeof(id)))
		return NULL;
	for (size_t i = 0; i < WEB_SESSIONS; i++)
		if (w->sessions[i].used && token_equal(id, w->sessions[i].id))
			found = &w->sessions[i];
	sodium_memzero(id, sizeof(id));
	return found;
}

struct web_session *web_session_new(struct ebb_web *w)
{
	struct web_session *s = &w->sessions[0];

	for (size_t i = 0; i < WEB_SESSIONS; i++) {
		if (!w->sessions[i].used) {
			s = &w->sessions[i];
			break;
		}
		if (w->sessions[i].made < s->made)
			s = &w->sessions[i];
	}
	s->used = true;
	s->made = time(NULL);
	web_token(s->id);
	web_token(s->csrf);
	return s;
}

bool web_launch_take(struct ebb_web *w, const char *token)
{
	if (w->launch_used || !token_equal(token, w->launch))
		return false;
	w->launch_used = true;
	sodium_memzero(w->launch, sizeof(w->launch));
	return true;
}

int64_t web_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

unsigned web_backoff_left(const struct ebb_web *w)
{
	int64_t left = w->retry_at - web_now_ms();

	return left > 0 ? (unsigned)((left + 999) / 1000) : 0;
}

void web_backoff_note(struct ebb_web *w, bool right)
{
	unsigned wait = 1;

	if (right) {
		w->failures = 0;
		w->retry_at = 0;
		return;
	}
	if (w->failures < 16)
		w->failures++;
	for (unsigned i = 1; i < w->failures && wait < WEB_BACKOFF_MAX; i++)
		wait *= 2;
	if (wait > WEB_BACKOFF_MAX)
		wait = WEB_BACKOFF_MAX;
	w->retry_at = web_now_ms() + (int64_t)wait * 1000;
}
