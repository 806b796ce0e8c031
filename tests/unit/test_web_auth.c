/*
 * test_web_auth.c — unit tests for src/web/auth.c: the Host allow-list,
 * Origin and Fetch-Metadata, session cookies, the one-time launch token and
 * the wait between passphrase attempts.
 *
 * What a person would notice if these broke: another web site reaching
 * their vault through DNS rebinding or a forged form, the printed address
 * working twice (so a copy in the shell history opens the page), a session
 * cookie matched by a prefix, or a guesser trying passphrases as fast as
 * Argon2 allows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web_impl.h"

static int setup(void **state)
{
	struct ebb_error err = {0};
	struct ebb_web *w;

	if (ebb_crypto_init(&err) != EBB_OK || (w = calloc(1, sizeof(*w))) == NULL)
		return -1;
	w->port = 7770;
	snprintf(w->hosts[0], sizeof(w->hosts[0]), "127.0.0.1:7770");
	snprintf(w->hosts[1], sizeof(w->hosts[1]), "localhost:7770");
	web_token(w->launch);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static void hosts(void **state)
{
	struct ebb_web *w = *state;

	assert_true(web_host_ok(w, "127.0.0.1:7770"));
	assert_true(web_host_ok(w, "localhost:7770"));
	assert_false(web_host_ok(w, NULL));
	assert_false(web_host_ok(w, ""));
	assert_false(web_host_ok(w, "127.0.0.1"));
	assert_false(web_host_ok(w, "127.0.0.1:7771"));
	assert_false(web_host_ok(w, "127.0.0.1:77700"));
	assert_false(web_host_ok(w, "evil.example:7770"));
	assert_false(web_host_ok(w, "127.0.0.1.evil.example:7770"));
	assert_false(web_host_ok(w, "localhost:7770.evil.example"));
}

static void origins(void **state)
{
	struct ebb_web *w = *state;

	/* a browser that sends neither (old, or a same-origin GET turned POST) */
	assert_true(web_origin_ok(w, NULL, NULL));
	assert_true(web_origin_ok(w, "http://127.0.0.1:7770", "same-origin"));
	assert_true(web_origin_ok(w, "http://localhost:7770", NULL));
	assert_false(web_origin_ok(w, "http://evil.example", NULL));
	assert_false(web_origin_ok(w, "https://127.0.0.1:7770", NULL));
	assert_false(web_origin_ok(w, "null", NULL));
	assert_false(web_origin_ok(w, "http://127.0.0.1:7770", "cross-site"));
	assert_false(web_origin_ok(w, "http://127.0.0.1:7770", "same-site"));
	assert_false(web_origin_ok(w, NULL, "none"));
}

static void sessions(void **state)
{
	struct ebb_web *w = *state;
	struct web_session *s = web_session_new(w), *t;
	char cookie[256];

	assert_non_null(s);
	assert_int_equal(strlen(s->id), 2 * EBB_WEB_TOKEN_BYTES);
	assert_string_not_equal(s->id, s->csrf);

	snprintf(cookie, sizeof(cookie), "ebb_session=%s", s->id);
	assert_ptr_equal(web_session_find(w, cookie), s);
	snprintf(cookie, sizeof(cookie), "theme=dark; ebb_session=%s; other=1", s->id);
	assert_ptr_equal(web_session_find(w, cookie), s);

	assert_null(web_session_find(w, NULL));
	assert_null(web_session_find(w, "ebb_session="));
	assert_null(web_session_find(w, "other=1"));
	/* a prefix of the id, or the id with more after it, is not the id */
	snprintf(cookie, sizeof(cookie), "ebb_session=%.*s", 20, s->id);
	assert_null(web_session_find(w, cookie));
	snprintf(cookie, sizeof(cookie), "ebb_session=%s0", s->id);
	assert_null(web_session_find(w, cookie));
	/* the CSRF token is not a session */
	snprintf(cookie, sizeof(cookie), "ebb_session=%s", s->csrf);
	assert_null(web_session_find(w, cookie));
	/* a cookie named like ours with a prefix */
	snprintf(cookie, sizeof(cookie), "xebb_session=%s", s->id);
	assert_null(web_session_find(w, cookie));

	/* when every place is taken the oldest gives way */
	s->made = 1;
	for (size_t i = 1; i < WEB_SESSIONS; i++)
		web_session_new(w)->made = 100 + (time_t)i;
	snprintf(cookie, sizeof(cookie), "ebb_session=%s", s->id);
	t = web_session_find(w, cookie);
	assert_ptr_equal(t, s);
	web_session_new(w);
	assert_null(web_session_find(w, cookie));
}

static void launch_token_works_once(void **state)
{
	struct ebb_web *w = *state;
	char token[EBB_WEB_TOKEN_STR];

	memcpy(token, w->launch, sizeof(token));
	assert_false(web_launch_take(w, NULL));
	assert_false(web_launch_take(w, ""));
	token[0] = token[0] == 'a' ? 'b' : 'a';
	assert_false(web_launch_take(w, token));
	token[0] = w->launch[0];
	assert_true(web_launch_take(w, token));
	assert_false(web_launch_take(w, token));
	/* and the used token is gone from memory */
	assert_string_not_equal(w->launch, token);
}

static void passphrase_waits_double(void **state)
{
	struct ebb_web *w = *state;
	unsigned want[] = {1, 2, 4, 8, 16, 32, 60, 60, 60};

	assert_int_equal(web_backoff_left(w), 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		web_backoff_note(w, false);
		assert_int_equal(web_backoff_left(w), want[i]);
	}
	web_backoff_note(w, true);
	assert_int_equal(web_backoff_left(w), 0);
	web_backoff_note(w, false);
	assert_int_equal(web_backoff_left(w), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(hosts, setup, teardown),
	    cmocka_unit_test_setup_teardown(origins, setup, teardown),
	    cmocka_unit_test_setup_teardown(sessions, setup, teardown),
	    cmocka_unit_test_setup_teardown(launch_token_works_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(passphrase_waits_double, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
