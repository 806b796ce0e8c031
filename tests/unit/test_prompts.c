/*
 * test_prompts.c — unit tests for src/core/prompts.c: the library (enough
 * prompts of every kind, stable unique ids, lookups), the rotation that
 * never shows the same prompt twice in a row for a kind (on a real vault,
 * unlocked, locked and reopened), and the prompt of the day.
 *
 * What a person would notice if these broke: `ebb write --prompt anger`
 * showing the very prompt it showed last time, a prompt kind with nothing
 * to offer, a stored prompt_id that no longer finds its prompt, or today's
 * prompt on `ebb today` changing from one hour to the next.
 *
 * Every vault lives in its own temp dir under /tmp (removed afterwards) and
 * uses EBB_KDF_INTERACTIVE.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto.h"
#include "prompts.h"
#include "vault.h"
#include "vocab.h"

static const char PASS[] = "correct horse battery staple";

struct fx {
	char dir[64];
	char path[PATH_MAX];
	struct ebb_vault *v;
};

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup_vault(void **state)
{
	struct ebb_error err = {0};
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/ebb-prompts-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/vault.ebb", f->dir);
	if (ebb_vault_create(&f->v, f->path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err) !=
	    EBB_OK) {
		fprintf(stderr, "create: %s\n", err.msg);
		nftw(f->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown_vault(void **state)
{
	struct fx *f = *state;

	ebb_vault_close(f->v);
	nftw(f->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* A small deterministic generator, so a failure can be replayed. */
static uint32_t next_rand(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/* Closes and reopens the vault, locked. */
static void reopen_locked(struct fx *f)
{
	struct ebb_error err = {0};

	ebb_vault_close(f->v);
	f->v = NULL;
	assert_int_equal(ebb_vault_open(&f->v, f->path, &err), EBB_OK);
	assert_false(ebb_vault_is_unlocked(f->v));
}

/* ---- the library ------------------------------------------------------ */

static void test_every_kind_has_at_least_five(void **state)
{
	(void)state;
	assert_int_equal(ebb_word_count(ebb_prompt_kinds), 7);
	for (const struct ebb_word *k = ebb_prompt_kinds; k->name; k++) {
		size_t n = ebb_prompt_count(k->name);
		if (n < 5)
			fail_msg("kind %s has only %zu prompts", k->name, n);
		for (size_t i = 0; i < n; i++) {
			const struct ebb_prompt *p = ebb_prompt_at(k->name, i);
			assert_non_null(p);
			assert_string_equal(p->kind, k->name);
			assert_non_null(p->text);
			assert_true(strlen(p->text) > 20);
			assert_true(strlen(p->id) < 64);
		}
		assert_null(ebb_prompt_at(k->name, n));
		assert_null(ebb_prompt_at(k->name, SIZE_MAX));
	}
}

static void test_unknown_kind_has_none(void **state)
{
	(void)state;
	assert_int_equal(ebb_prompt_count("nonsense"), 0);
	assert_int_equal(ebb_prompt_count(""), 0);
	assert_int_equal(ebb_prompt_count(NULL), 0);
	assert_int_equal(ebb_prompt_count("Anger"), 0);
	assert_null(ebb_prompt_at("nonsense", 0));
	assert_null(ebb_prompt_at(NULL, 0));
}

static void test_ids_are_unique_and_named_by_kind(void **state)
{
	const struct ebb_prompt *all[512];
	size_t n = 0;

	(void)state;
	for (const struct ebb_word *k = ebb_prompt_kinds; k->name; k++) {
		for (size_t i = 0; i < ebb_prompt_count(k->name); i++) {
			const struct ebb_prompt *p = ebb_prompt_at(k->name, i);
			char want[64];
			snprintf(want, sizeof(want), "%s-%zu", k->name, i + 1);
			assert_string_equal(p->id, want);
			assert_true(n < sizeof(all) / sizeof(all[0]));
			all[n++] = p;
		}
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			assert_string_not_equal(all[i]->id, all[j]->id);
			assert_string_not_equal(all[i]->text, all[j]->text);
		}
	}
}

static void test_find(void **state)
{
	(void)state;
	for (const struct ebb_word *k = ebb_prompt_kinds; k->name; k++)
		for (size_t i = 0; i < ebb_prompt_count(k->name); i++) {
			const struct ebb_prompt *p = ebb_prompt_at(k->name, i);
			assert_ptr_equal(ebb_prompt_find(p->id), p);
		}
	assert_non_null(ebb_prompt_find("letter-3"));
	assert_string_equal(ebb_prompt_find("letter-3")->kind, "letter");
	assert_null(ebb_prompt_find("letter-0"));
	assert_null(ebb_prompt_find("letter-999"));
	assert_null(ebb_prompt_find("letter"));
	assert_null(ebb_prompt_find(""));
	assert_null(ebb_prompt_find(NULL));
}

static void test_lessons_are_the_three_questions(void **state)
{
	(void)state;
	assert_int_equal(ebb_word_count(ebb_lessons), 3);
	assert_string_equal(ebb_lessons[0].name, "needs");
	assert_string_equal(ebb_lessons[1].name, "patterns");
	assert_string_equal(ebb_lessons[2].name, "values");
	for (size_t i = 0; i < 3; i++) {
		assert_non_null(ebb_lessons[i].label);
		assert_true(strchr(ebb_lessons[i].label, '?') != NULL);
	}
	assert_ptr_equal(ebb_word_find(ebb_lessons, "patterns"), &ebb_lessons[1]);
}

/* ---- never the same twice in a row ------------------------------------- */

static void test_next_never_repeats(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	uint32_t seed = 12345;

	for (const struct ebb_word *k = ebb_prompt_kinds; k->name; k++) {
		const struct ebb_prompt *prev = NULL, *p = NULL;
		size_t n = ebb_prompt_count(k->name), seen_mask = 0;
		/* 200 calls for one kind, fewer for the others: each call is a
		 * durable write */
		int calls = strcmp(k->name, "anger") == 0 ? 200 : 60;
		for (int i = 0; i < calls; i++) {
			assert_int_equal(ebb_prompt_next(f->v, k->name, next_rand(&seed), &p, &err),
			                 EBB_OK);
			assert_non_null(p);
			assert_string_equal(p->kind, k->name);
			if (prev && p == prev)
				fail_msg("%s: %s came twice in a row (call %d)", k->name, p->id, i);
			seen_mask |= (size_t)1 << (p - ebb_prompt_at(k->name, 0));
			prev = p;
		}
		/* and every prompt of the kind gets its turn */
		assert_int_equal(seen_mask, ((size_t)1 << n) - 1);
	}
}

static void test_next_never_repeats_even_when_r_does(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	const struct ebb_prompt *a = NULL, *b = NULL;

	/* the same random number every time still moves on */
	for (int i = 0; i < 50; i++) {
		assert_int_equal(ebb_prompt_next(f->v, "anger", 0, &b, &err), EBB_OK);
		assert_ptr_not_equal(a, b);
		a = b;
	}
	for (int i = 0; i < 50; i++) {
		assert_int_equal(ebb_prompt_next(f->v, "memory", UINT32_MAX, &b, &err), EBB_OK);
		assert_ptr_not_equal(a, b);
		a = b;
	}
}

static void test_next_works_locked_and_remembers(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	const struct ebb_prompt *last = NULL, *p = NULL;
	uint32_t seed = 99;

	assert_int_equal(ebb_prompt_next(f->v, "letter", 7, &last, &err), EBB_OK);
	for (int i = 0; i < 200; i++) {
		/* a new process each time: the last prompt is kept in the vault */
		reopen_locked(f);
		assert_int_equal(ebb_prompt_next(f->v, "letter", next_rand(&seed), &p, &err),
		                 EBB_OK);
		if (p == last)
			fail_msg("locked: %s came twice in a row (call %d)", p->id, i);
		last = p;
	}
	assert_false(ebb_vault_is_unlocked(f->v));
}

static void test_kinds_are_remembered_apart(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	const struct ebb_prompt *anger = NULL, *closure = NULL, *p = NULL;

	assert_int_equal(ebb_prompt_next(f->v, "anger", 3, &anger, &err), EBB_OK);
	assert_int_equal(ebb_prompt_next(f->v, "closure", 3, &closure, &err), EBB_OK);
	/* asking for closure did not make anger forget its last */
	for (int i = 0; i < 20; i++) {
		assert_int_equal(ebb_prompt_next(f->v, "anger", (uint32_t)i, &p, &err), EBB_OK);
		assert_ptr_not_equal(p, anger);
		anger = p;
	}
	assert_int_equal(ebb_prompt_next(f->v, "closure", 3, &p, &err), EBB_OK);
	assert_ptr_not_equal(p, closure);
}

static void test_next_unknown_kind(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	const struct ebb_prompt *p = (const struct ebb_prompt *)&err;

	assert_int_equal(ebb_prompt_next(f->v, "sorrow", 1, &p, &err), EBB_ERR_INVALID);
	assert_null(p);
	assert_non_null(strstr(err.msg, "sorrow"));
}

/* ---- the prompt of the day --------------------------------------------- */

static void test_of_day_is_stable_within_a_day(void **state)
{
	(void)state;
	for (int64_t day = -400; day < 40000; day += 37) {
		const struct ebb_prompt *a = ebb_prompt_of_day(day);
		assert_non_null(a);
		assert_ptr_equal(ebb_prompt_of_day(day), a);
		assert_ptr_equal(ebb_prompt_find(a->id), a);
	}
}

static void test_of_day_changes_from_day_to_day(void **state)
{
	size_t kinds_seen = 0;
	const struct ebb_prompt *seen[512];
	size_t nseen = 0, total = 0;

	(void)state;
	for (const struct ebb_word *k = ebb_prompt_kinds; k->name; k++)
		total += ebb_prompt_count(k->name);
	/* around 1970 (negative days too) and around now */
	for (int64_t base = -1000; base < 30000; base += 19500) {
		for (int64_t day = base; day < base + 1000; day++) {
			const struct ebb_prompt *a = ebb_prompt_of_day(day - 1);
			const struct ebb_prompt *b = ebb_prompt_of_day(day);
			assert_non_null(a);
			assert_non_null(b);
			if (strcmp(a->id, b->id) == 0 || strcmp(a->kind, b->kind) == 0)
				fail_msg("days %lld and %lld: %s then %s", (long long)(day - 1),
				         (long long)day, a->id, b->id);
		}
	}
	/* over a year, every kind and every prompt comes up */
	for (int64_t day = 20500; day < 20500 + 366; day++) {
		const struct ebb_prompt *p = ebb_prompt_of_day(day);
		bool known = false;
		for (size_t i = 0; i < nseen; i++)
			known = known || seen[i] == p;
		if (!known && nseen < sizeof(seen) / sizeof(seen[0]))
			seen[nseen++] = p;
	}
	assert_int_equal(nseen, total);
	for (const struct ebb_word *k = ebb_prompt_kinds; k->name; k++)
		for (size_t i = 0; i < nseen; i++)
			if (strcmp(seen[i]->kind, k->name) == 0) {
				kinds_seen++;
				break;
			}
	assert_int_equal(kinds_seen, ebb_word_count(ebb_prompt_kinds));
	/* the far ends of the range do not trip on arithmetic */
	assert_non_null(ebb_prompt_of_day(INT64_MIN));
	assert_non_null(ebb_prompt_of_day(INT64_MAX));
}

int main(void)
{
	struct ebb_error err = {0};
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_kind_has_at_least_five),
	    cmocka_unit_test(test_unknown_kind_has_none),
	    cmocka_unit_test(test_ids_are_unique_and_named_by_kind),
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_lessons_are_the_three_questions),
	    cmocka_unit_test_setup_teardown(test_next_never_repeats, setup_vault, teardown_vault),
	    cmocka_unit_test_setup_teardown(test_next_never_repeats_even_when_r_does, setup_vault,
	                                    teardown_vault),
	    cmocka_unit_test_setup_teardown(test_next_works_locked_and_remembers, setup_vault,
	                                    teardown_vault),
	    cmocka_unit_test_setup_teardown(test_kinds_are_remembered_apart, setup_vault,
	                                    teardown_vault),
	    cmocka_unit_test_setup_teardown(test_next_unknown_kind, setup_vault, teardown_vault),
	    cmocka_unit_test(test_of_day_is_stable_within_a_day),
	    cmocka_unit_test(test_of_day_changes_from_day_to_day),
	};

	if (ebb_crypto_init(&err) != EBB_OK) {
		fprintf(stderr, "crypto init: %s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
