/*
 * test_crisis.c — unit tests for src/core/crisis.c: the shape of the list
 * (every country has an emergency number and lines, codes are unique), the
 * lines ebb promises to show (988, 116 123, 13 11 14 and the directory),
 * finding a country, the territory of a locale, which locale variable
 * decides, the order with a country first, and the JSON form.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crisis.h"
#include "crypto.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

/* The line of country code named name (NULL when absent). */
static const struct ebb_crisis_line *line_named(const char *code, const char *name)
{
	const struct ebb_crisis_country *c = ebb_crisis_find(code);

	assert_non_null(c);
	for (const struct ebb_crisis_line *l = c->lines; l->name; l++)
		if (strcmp(l->name, name) == 0)
			return l;
	return NULL;
}

/* true when country code lists number among its lines' numbers. */
static bool has_number(const char *code, const char *number, unsigned reach)
{
	const struct ebb_crisis_country *c = ebb_crisis_find(code);

	assert_non_null(c);
	for (const struct ebb_crisis_line *l = c->lines; l->name; l++)
		for (size_t i = 0; i < EBB_CRISIS_NUMBERS && l->numbers[i]; i++)
			if (strcmp(l->numbers[i], number) == 0 && (l->reach & reach) == reach)
				return true;
	return false;
}

/* true when country code has number among its emergency numbers. */
static bool has_emergency(const char *code, const char *number)
{
	const struct ebb_crisis_country *c = ebb_crisis_find(code);

	assert_non_null(c);
	for (size_t i = 0; i < EBB_CRISIS_NUMBERS && c->emergency[i]; i++)
		if (strcmp(c->emergency[i], number) == 0)
			return true;
	return false;
}

static void expect_territory(const char *locale, const char *want)
{
	char out[3] = "xx";
	bool ok = ebb_crisis_territory(locale, out);
	const char *shown = locale != NULL ? locale : "(no locale)";

	if (want == NULL) {
		if (ok)
			fail_msg("'%s' gave territory '%s', expected none", shown, out);
		assert_string_equal(out, "");
	} else {
		if (!ok)
			fail_msg("'%s' gave no territory, expected '%s'", shown, want);
		assert_string_equal(out, want);
	}
}

static void clear_locale_env(void)
{
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
}

static int teardown_env(void **state)
{
	(void)state;
	clear_locale_env();
	return 0;
}

/* ---------------------------------------------------------------------- */
/* The list                                                                */

static void test_checked_date(void **state)
{
	(void)state;
	assert_string_equal(ebb_crisis_checked, "2026-11");
}

static void test_every_country_is_complete(void **state)
{
	size_t n = 0;

	(void)state;
	for (const struct ebb_crisis_country *c = ebb_crisis_countries; c->code; c++, n++) {
		assert_int_equal(strlen(c->code), 2);
		assert_true(c->code[0] >= 'A' && c->code[0] <= 'Z');
		assert_true(c->code[1] >= 'A' && c->code[1] <= 'Z');
		assert_non_null(c->name);
		assert_true(c->name[0] != '\0');
		assert_non_null(c->emergency[0]);
		assert_non_null(c->lines);
		assert_non_null(c->lines[0].name);
		for (const struct ebb_crisis_country *d = c + 1; d->code; d++)
			assert_string_not_equal(c->code, d->code);
		for (const struct ebb_crisis_line *l = c->lines; l->name; l++) {
			assert_true(l->name[0] != '\0');
			assert_non_null(l->numbers[0]);
			assert_true(l->reach & (EBB_CRISIS_CALL | EBB_CRISIS_TEXT));
			assert_int_equal(l->reach & ~(unsigned)(EBB_CRISIS_CALL | EBB_CRISIS_TEXT),
			                 0);
			/* a word to text only makes sense for a line that takes texts */
			if (l->text_word)
				assert_true(l->reach & EBB_CRISIS_TEXT);
		}
	}
	assert_int_equal(n, ebb_crisis_count());
	assert_true(n >= 13);
}

static void test_the_lines_ebb_promises(void **state)
{
	const struct ebb_crisis_line *l;

	(void)state;
	/* the four of DESIGN.md: 988, 116 123, 13 11 14, a directory */
	assert_true(has_number("US", "988", EBB_CRISIS_CALL | EBB_CRISIS_TEXT));
	assert_true(has_number("GB", "116 123", EBB_CRISIS_CALL));
	assert_true(has_number("IE", "116 123", EBB_CRISIS_CALL));
	assert_true(has_number("AU", "13 11 14", EBB_CRISIS_CALL));
	assert_string_equal(ebb_crisis_directories[0].url, "https://findahelpline.com");

	assert_true(has_emergency("US", "911"));
	assert_true(has_number("CA", "988", EBB_CRISIS_CALL | EBB_CRISIS_TEXT));
	assert_true(has_emergency("CA", "911"));
	assert_true(has_emergency("GB", "999"));
	assert_true(has_emergency("GB", "112"));
	l = line_named("GB", "Shout");
	assert_non_null(l);
	assert_string_equal(l->numbers[0], "85258");
	assert_string_equal(l->text_word, "SHOUT");
	assert_true(has_emergency("IE", "112"));
	assert_true(has_number("IE", "50808", EBB_CRISIS_TEXT));
	assert_true(has_emergency("AU", "000"));
	assert_true(has_number("NZ", "1737", EBB_CRISIS_CALL | EBB_CRISIS_TEXT));
	assert_true(has_emergency("NZ", "111"));
	assert_true(has_number("DE", "0800 111 0 111", EBB_CRISIS_CALL));
	assert_true(has_number("DE", "0800 111 0 222", EBB_CRISIS_CALL));
	assert_true(has_number("FR", "3114", EBB_CRISIS_CALL));
	assert_true(has_number("NL", "113", EBB_CRISIS_CALL));
	assert_true(has_number("NL", "0800-0113", EBB_CRISIS_CALL));
	assert_true(has_number("ES", "024", EBB_CRISIS_CALL));
	assert_true(has_number("IT", "02 2327 2327", EBB_CRISIS_CALL));
	assert_true(has_number("IN", "14416", EBB_CRISIS_CALL));
	assert_true(has_number("ZA", "0800 567 567", EBB_CRISIS_CALL));
	assert_true(has_emergency("ZA", "10111"));
	for (const char *const *eu = (const char *const[]){"DE", "FR", "NL", "ES", "IT", NULL}; *eu;
	     eu++)
		assert_true(has_emergency(*eu, "112"));

	/* Telefono Amico is not open around the clock: ebb must not say it is */
	assert_false(line_named("IT", "Telefono Amico Italia")->always_open);
	assert_true(line_named("GB", "Samaritans")->always_open);
}

static void test_directories(void **state)
{
	bool befrienders = false;

	(void)state;
	for (const struct ebb_crisis_directory *d = ebb_crisis_directories; d->name; d++) {
		assert_non_null(d->url);
		assert_non_null(d->about);
		assert_int_equal(strncmp(d->url, "https://", 8), 0);
		if (strcmp(d->url, "https://befrienders.org") == 0)
			befrienders = true;
	}
	assert_true(befrienders);
	assert_non_null(strstr(ebb_crisis_europe_note, "112"));
}

/* ---------------------------------------------------------------------- */
/* Finding a country                                                       */

static void test_find(void **state)
{
	(void)state;
	assert_string_equal(ebb_crisis_find("GB")->code, "GB");
	assert_string_equal(ebb_crisis_find("gb")->code, "GB");
	assert_string_equal(ebb_crisis_find("uk")->code, "GB");
	assert_string_equal(ebb_crisis_find("UK")->code, "GB");
	assert_string_equal(ebb_crisis_find("United Kingdom")->code, "GB");
	assert_string_equal(ebb_crisis_find("germany")->code, "DE");
	assert_string_equal(ebb_crisis_find("nEW zEALAND")->code, "NZ");
	assert_string_equal(ebb_crisis_find("za")->name, "South Africa");
	assert_null(ebb_crisis_find("JP"));
	assert_null(ebb_crisis_find("G"));
	assert_null(ebb_crisis_find("GBR"));
	assert_null(ebb_crisis_find("United"));
	assert_null(ebb_crisis_find(""));
	assert_null(ebb_crisis_find(NULL));
}

/* ---------------------------------------------------------------------- */
/* The territory of a locale                                               */

static void test_territory(void **state)
{
	(void)state;
	expect_territory("en_GB.UTF-8", "GB");
	expect_territory("en_GB", "GB");
	expect_territory("en_gb.utf8", "GB");
	expect_territory("de_DE@euro", "DE");
	expect_territory("de_DE.UTF-8@euro", "DE");
	expect_territory("sr_RS@latin", "RS");
	expect_territory("ast_ES.UTF-8", "ES");
	expect_territory("en-AU", "AU");
	expect_territory("zh-Hant-TW", "TW");
	expect_territory("ja_JP.eucJP", "JP");
	expect_territory("en_IN:en", "IN");
	expect_territory("C", NULL);
	expect_territory("C.UTF-8", NULL);
	expect_territory("POSIX", NULL);
	expect_territory("en", NULL);
	expect_territory("en_", NULL);
	expect_territory("en_G", NULL);
	expect_territory("en_GBR", NULL);
	expect_territory("es_419", NULL);
	expect_territory("_GB", NULL);
	expect_territory("", NULL);
	expect_territory(NULL, NULL);
}

static void test_env_precedence(void **state)
{
	char cc[3];

	(void)state;
	clear_locale_env();
	assert_null(ebb_crisis_env_locale());
	assert_false(ebb_crisis_guess(cc));
	assert_string_equal(cc, "");

	setenv("LANG", "en_AU.UTF-8", 1);
	assert_string_equal(ebb_crisis_env_locale(), "en_AU.UTF-8");
	assert_true(ebb_crisis_guess(cc));
	assert_string_equal(cc, "AU");

	setenv("LC_MESSAGES", "en_IE.UTF-8", 1);
	assert_true(ebb_crisis_guess(cc));
	assert_string_equal(cc, "IE");

	setenv("LC_ALL", "nl_NL.UTF-8", 1);
	assert_true(ebb_crisis_guess(cc));
	assert_string_equal(cc, "NL");

	/* an empty variable is as good as unset */
	setenv("LC_ALL", "", 1);
	assert_true(ebb_crisis_guess(cc));
	assert_string_equal(cc, "IE");

	/* the locale in force decides, even when it names no country */
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_false(ebb_crisis_guess(cc));
	assert_string_equal(cc, "");

	/* a country ebb lists nothing for is still a guess */
	setenv("LC_ALL", "ja_JP.UTF-8", 1);
	assert_true(ebb_crisis_guess(cc));
	assert_string_equal(cc, "JP");
	assert_null(ebb_crisis_find(cc));
}

/* ---------------------------------------------------------------------- */
/* In words                                                                */

static void expect_how(const struct ebb_crisis_line *l, size_t max, const char *want)
{
	char out[128];

	assert_true(ebb_crisis_how(out, sizeof(out), l, max));
	assert_string_equal(out, want);
}

static void test_how(void **state)
{
	const struct ebb_crisis_line both = {
	    "x", EBB_CRISIS_CALL | EBB_CRISIS_TEXT, {"1", "2"}, "HI", true};
	const struct ebb_crisis_line *nl = line_named("NL", "113 Zelfmoordpreventie");
	char small[12], out[64];

	(void)state;
	expect_how(line_named("GB", "Samaritans"), EBB_CRISIS_NUMBERS, "call 116 123");
	expect_how(line_named("GB", "Shout"), EBB_CRISIS_NUMBERS, "text SHOUT to 85258");
	expect_how(line_named("US", "988 Suicide & Crisis Lifeline"), EBB_CRISIS_NUMBERS,
	           "call or text 988");
	assert_non_null(nl);
	expect_how(nl, EBB_CRISIS_NUMBERS, "call 113 or 0800-0113");
	expect_how(nl, 1, "call 113");
	expect_how(&both, EBB_CRISIS_NUMBERS, "call 1 or 2, or text HI to 1 or 2");

	/* too small: false, and what is there is a whole, terminated phrase */
	assert_false(ebb_crisis_how(small, sizeof(small), nl, EBB_CRISIS_NUMBERS));
	assert_string_equal(small, "call 113");
	assert_false(ebb_crisis_how(out, 0, nl, 1));

	assert_true(ebb_crisis_join(out, sizeof(out), ebb_crisis_find("GB")->emergency,
	                            EBB_CRISIS_NUMBERS));
	assert_string_equal(out, "999 or 112");
	assert_true(ebb_crisis_join(out, sizeof(out), ebb_crisis_find("GB")->emergency, 1));
	assert_string_equal(out, "999");
	assert_false(ebb_crisis_join(small, 4, ebb_crisis_find("GB")->emergency, 2));
	assert_string_equal(small, "999");
}

/* ---------------------------------------------------------------------- */
/* Order                                                                   */

static void test_ordered(void **state)
{
	const struct ebb_crisis_country *all[64];
	size_t n = ebb_crisis_count(), got;

	(void)state;
	got = ebb_crisis_ordered(NULL, all, 64);
	assert_int_equal(got, n);
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(all[i], &ebb_crisis_countries[i]);

	got = ebb_crisis_ordered("nz", all, 64);
	assert_int_equal(got, n);
	assert_string_equal(all[0]->code, "NZ");
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			assert_ptr_not_equal(all[i], all[j]);
	assert_string_equal(all[1]->code, ebb_crisis_countries[0].code);

	got = ebb_crisis_ordered("JP", all, 64);
	assert_int_equal(got, n);
	assert_ptr_equal(all[0], &ebb_crisis_countries[0]);

	got = ebb_crisis_ordered("ZA", all, 2);
	assert_int_equal(got, 2);
	assert_string_equal(all[0]->code, "ZA");
	assert_ptr_equal(all[1], &ebb_crisis_countries[0]);

	assert_int_equal(ebb_crisis_ordered("GB", all, 0), 0);
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                    */

static void test_json(void **state)
{
	json_t *j, *countries, *first, *line;
	size_t i;

	(void)state;
	j = ebb_crisis_json("ie");
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "checked")), "2026-11");
	assert_string_equal(json_string_value(json_object_get(j, "country")), "IE");
	countries = json_object_get(j, "countries");
	assert_int_equal(json_array_size(countries), ebb_crisis_count());
	first = json_array_get(countries, 0);
	assert_string_equal(json_string_value(json_object_get(first, "code")), "IE");
	assert_string_equal(json_string_value(json_object_get(first, "name")), "Ireland");
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(first, "emergency"), 0)), "112");
	json_array_foreach(json_object_get(first, "lines"), i, line)
	{
		if (strcmp(json_string_value(json_object_get(line, "name")), "50808") == 0) {
			assert_true(json_is_false(json_object_get(line, "call")));
			assert_true(json_is_true(json_object_get(line, "text")));
			assert_string_equal(json_string_value(json_object_get(line, "text_word")),
			                    "HELLO");
		} else {
			assert_true(json_is_null(json_object_get(line, "text_word")));
		}
		assert_true(json_is_true(json_object_get(line, "always_open")));
		assert_true(json_array_size(json_object_get(line, "numbers")) >= 1);
	}
	assert_int_equal(json_array_size(json_object_get(j, "directories")), 2);
	assert_non_null(strstr(json_string_value(json_object_get(j, "note")), "112"));
	json_decref(j);

	/* no country, or one ebb lists nothing for: null, and the fixed order */
	j = ebb_crisis_json("JP");
	assert_non_null(j);
	assert_true(json_is_null(json_object_get(j, "country")));
	first = json_array_get(json_object_get(j, "countries"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "code")),
	                    ebb_crisis_countries[0].code);
	json_decref(j);
	j = ebb_crisis_json(NULL);
	assert_non_null(j);
	assert_true(json_is_null(json_object_get(j, "country")));
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_checked_date),
	    cmocka_unit_test(test_every_country_is_complete),
	    cmocka_unit_test(test_the_lines_ebb_promises),
	    cmocka_unit_test(test_directories),
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_territory),
	    cmocka_unit_test_teardown(test_env_precedence, teardown_env),
	    cmocka_unit_test(test_how),
	    cmocka_unit_test(test_ordered),
	    cmocka_unit_test(test_json),
	};
	struct ebb_error err = {0};

	if (ebb_crypto_init(&err) != EBB_OK) {
		fprintf(stderr, "ebb_crypto_init: %s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
