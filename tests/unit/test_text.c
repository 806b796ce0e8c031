/*
 * test_text.c — unit tests for src/core/text.c: folding case and accents
 * (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic, combining accents),
 * malformed UTF-8 passing through, the map from folded bytes back to the
 * source, and finding a folded needle with its extent in the source.
 *
 * What a person would notice if these broke: `ebb search cafe` missing the
 * entry where they wrote "CAFÉ", "strasse" missing "Straße", a search
 * highlighting half a letter or the wrong words, or a crash on text that
 * is not valid UTF-8.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "text.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static int setup_crypto(void **state)
{
	struct ebb_error err = {0};

	(void)state;
	return ebb_crypto_init(&err) == EBB_OK ? 0 : -1;
}

/* Folds s and checks the folded text is want (both NUL-terminated). */
static void expect_fold(const char *s, const char *want)
{
	struct ebb_fold f;
	struct ebb_error err = {0};

	ebb_fold_init(&f);
	assert_int_equal(ebb_fold_text(&f, s, strlen(s), &err), EBB_OK);
	assert_int_equal(f.text.len, strlen(want));
	assert_memory_equal(f.text.data, want, f.text.len);
	assert_int_equal(f.text.data[f.text.len], '\0');
	assert_int_equal(f.map[f.text.len], strlen(s));
	ebb_fold_release(&f);
}

/* Folds a and b and checks they fold the same. */
static void expect_same(const char *a, const char *b)
{
	struct ebb_fold fa, fb;
	struct ebb_error err = {0};

	ebb_fold_init(&fa);
	ebb_fold_init(&fb);
	assert_int_equal(ebb_fold_text(&fa, a, strlen(a), &err), EBB_OK);
	assert_int_equal(ebb_fold_text(&fb, b, strlen(b), &err), EBB_OK);
	assert_int_equal(fa.text.len, fb.text.len);
	assert_memory_equal(fa.text.data, fb.text.data, fa.text.len);
	ebb_fold_release(&fa);
	ebb_fold_release(&fb);
}

/*
 * Folds hay and the query, finds the query at or after folded offset from,
 * and returns true with the source extent; false when not found.
 */
static bool find_in(const char *hay, const char *query, size_t from, size_t *start, size_t *end)
{
	struct ebb_fold f, q;
	struct ebb_error err = {0};
	bool found;

	ebb_fold_init(&f);
	ebb_fold_init(&q);
	assert_int_equal(ebb_fold_text(&f, hay, strlen(hay), &err), EBB_OK);
	assert_int_equal(ebb_fold_text(&q, query, strlen(query), &err), EBB_OK);
	found = ebb_fold_find(&f, q.text.data, q.text.len, from, start, end);
	ebb_fold_release(&f);
	ebb_fold_release(&q);
	return found;
}

/* Finds query in hay (from 0) and checks the source text it covers. */
static void expect_match(const char *hay, const char *query, const char *covered)
{
	size_t s = 0, e = 0;

	assert_true(find_in(hay, query, 0, &s, &e));
	assert_true(s < e);
	assert_int_equal(e - s, strlen(covered));
	assert_memory_equal(hay + s, covered, e - s);
}

/* ---------------------------------------------------------------------- */
/* Folding                                                                 */

static void test_ascii(void **state)
{
	(void)state;
	expect_fold("", "");
	expect_fold("Hello, WORLD 42!", "hello, world 42!");
	expect_fold("already lower", "already lower");
	expect_fold("@[`{", "@[`{"); /* the neighbours of A..Z and a..z stay */
	expect_fold("tab\there\nnew line", "tab\there\nnew line");
}

static void test_latin1(void **state)
{
	(void)state;
	expect_fold("Café", "cafe");
	expect_fold("CAFÉ", "cafe");
	expect_fold("Straße", "strasse");
	expect_fold("STRASSE", "strasse");
	expect_fold("Æsir æther", "aesir aether");
	expect_fold("Øre, ø", "ore, o");
	expect_fold("Þorn þ", "thorn th");
	expect_fold("Ðð", "dd");
	expect_fold("Ñandú", "nandu");
	expect_fold("ÀÁÂÃÄÅàáâãäå", "aaaaaaaaaaaa");
	expect_fold("Çç ÿ Ý", "cc y y");
	/* the two symbols in the letter block are not letters: kept */
	expect_fold("2×3÷1", "2×3÷1");
	/* other Latin-1 symbols pass through */
	expect_fold("¿¡ 5€ ©", "¿¡ 5€ ©");
}

static void test_latin_extended_a(void **state)
{
	(void)state;
	expect_fold("Łódź", "lodz");
	expect_fold("Œuvre œ", "oeuvre oe");
	expect_fold("Ĳssel ĳ", "ijssel ij");
	expect_fold("İstanbul ı", "istanbul i");
	expect_fold("Čeština Šťastný Žluť", "cestina stastny zlut");
	expect_fold("ſ", "s");
	expect_fold("Ÿ", "y");
}

static void test_combining_accents(void **state)
{
	(void)state;
	/* e + COMBINING ACUTE ACCENT */
	expect_fold("cafe\xcc\x81", "cafe");
	expect_fold("CAFE\xcc\x81", "cafe");
	/* several combining marks on one letter, all dropped */
	expect_fold("a\xcc\x81\xcc\x88\xcd\xaf!", "a!");
	/* decomposed and precomposed fold the same */
	expect_same("caf\xc3\xa9", "cafe\xcc\x81");
	expect_same("\xc3\xb1", "n\xcc\x83");
	/* a mark alone folds to nothing */
	expect_fold("\xcc\x81", "");
	/* U+0374, just past the combining block, is kept */
	expect_fold("\xcd\xb4", "\xcd\xb4");
}

static void test_greek(void **state)
{
	(void)state;
	expect_fold("ΑΒΓΔ ΩΨ", "αβγδ ωψ");
	expect_fold("ΣΟΦΙΑ", "σοφια");
	/* final sigma is sigma: capitals match a word ending in ς */
	expect_same("ΟΔΟΣ", "οδος");
	/* tonos and dialytika, precomposed or combining, fold to the base */
	expect_same("Ακρόπολη", "ΑΚΡΟΠΟΛΗ");
	expect_same("ά", "α\xcc\x81");
	expect_same("Ά", "α");
	expect_same("Ώρα", "ωρα");
	expect_same("ΐ ϊ Ϊ", "ι ι ι");
	expect_same("ΰ ϋ Ϋ", "υ υ υ");
	/* U+03A2 is unassigned and U+0387 is punctuation: kept */
	expect_fold("\xce\xa2", "\xce\xa2");
	expect_fold("\xce\x87", "\xce\x87");
}

static void test_cyrillic(void **state)
{
	(void)state;
	expect_fold("ПРИВЕТ Мир", "привет мир");
	expect_fold("ЯЖЩ", "яжщ");
	expect_fold("ЂЃЄЅІЇЈЉЊЋЌЎЏ", "ђѓєѕіїјљњћќўџ");
	/* letters with a diacritic fold like their decomposed spelling */
	expect_same("Ёлка", "елка");
	expect_same("ё", "е\xcc\x88");
	expect_same("Й", "и\xcc\x86");
	expect_same("ѐ Ѐ ѝ Ѝ", "е е и и");
}

static void test_other_scripts_pass(void **state)
{
	(void)state;
	expect_fold("日本語 😀 עברית", "日本語 😀 עברית");
}

static void test_malformed_utf8(void **state)
{
	(void)state;
	/* stray bytes pass through as themselves */
	expect_fold("a\xff"
	            "b",
	            "a\xff"
	            "b");
	expect_fold("\x80\x80", "\x80\x80");
	/* a lead byte cut off at the end, or before a non-continuation */
	expect_fold("CAF\xc3", "caf\xc3");
	expect_fold("\xc3(X", "\xc3(x");
	/* overlong forms, surrogates and values past U+10FFFF */
	expect_fold("\xc0\xaf", "\xc0\xaf");
	expect_fold("\xe0\x80\xafZ", "\xe0\x80\xafz");
	expect_fold("\xed\xa0\x80", "\xed\xa0\x80");
	expect_fold("\xf4\x90\x80\x80", "\xf4\x90\x80\x80");
	/* a truncated four-byte sequence */
	expect_fold("\xf0\x9f\x98", "\xf0\x9f\x98");
	/* an encoded É after bad bytes still folds */
	expect_fold("\xff\xc3\x89", "\xff"
	                            "e");
}

static void test_map(void **state)
{
	struct ebb_fold f;
	struct ebb_error err = {0};
	const char *s = "Straße É\xcc\x81x";
	/* S t r a ß(4,5) e(6) ' '(7) É(8,9) U+0301(10,11) x(12); n = 13 */
	const size_t want[] = {0, 1, 2, 3, 4, 4, 6, 7, 8, 12, 13};

	(void)state;
	ebb_fold_init(&f);
	assert_int_equal(ebb_fold_text(&f, s, strlen(s), &err), EBB_OK);
	assert_string_equal(f.text.data, "strasse ex");
	for (size_t i = 0; i <= f.text.len; i++)
		assert_int_equal(f.map[i], want[i]);

	/* folding again replaces what the fold held */
	assert_int_equal(ebb_fold_text(&f, "AB", 2, &err), EBB_OK);
	assert_string_equal(f.text.data, "ab");
	assert_int_equal(f.map[0], 0);
	assert_int_equal(f.map[1], 1);
	assert_int_equal(f.map[2], 2);

	/* and an empty text has only the end in its map */
	assert_int_equal(ebb_fold_text(&f, "", 0, &err), EBB_OK);
	assert_int_equal(f.text.len, 0);
	assert_int_equal(f.map[0], 0);
	ebb_fold_release(&f);
	ebb_fold_release(&f); /* twice is fine */
	ebb_fold_release(NULL);
}

static void test_long_text(void **state)
{
	struct ebb_fold f;
	struct ebb_error err = {0};
	size_t n = 200000, s, e;
	char *text = malloc(n + 1), needle[] = "needle";

	(void)state;
	assert_non_null(text);
	for (size_t i = 0; i < n; i += 2)
		memcpy(text + i, "\xc3\x9f", 2); /* ß ß ß ... */
	memcpy(text + n - 6, "NEEDLE", 6);
	text[n] = '\0';
	ebb_fold_init(&f);
	assert_int_equal(ebb_fold_text(&f, text, n, &err), EBB_OK);
	assert_int_equal(f.text.len, n);
	assert_true(ebb_fold_find(&f, needle, 6, 0, &s, &e));
	assert_int_equal(s, n - 6);
	assert_int_equal(e, n);
	ebb_fold_release(&f);
	free(text);
}

/* ---------------------------------------------------------------------- */
/* Finding                                                                 */

static void test_find_extents(void **state)
{
	(void)state;
	/* the extent covers the letters as written */
	expect_match("We sat in the CAFÉ on Main", "cafe", "CAFÉ");
	expect_match("We sat in the café", "CAFÉ", "café");
	expect_match("in der Straße wohnen", "strasse", "Straße");
	expect_match("in der STRASSE wohnen", "Straße", "STRASSE");
	/* a combining accent after the match belongs to its last letter */
	expect_match("the cafe\xcc\x81 x", "cafe", "cafe\xcc\x81");
	/* half of an expansion still covers the whole letter */
	expect_match("Straße", "s", "S");
	expect_match("ße", "se", "ße");
	expect_match("æon", "e", "æ");
	/* Greek and Cyrillic */
	expect_match("ΟΔΟΣ", "οδος", "ΟΔΟΣ");
	expect_match("Я люблю ЁЛКИ", "елки", "ЁЛКИ");
	/* a phrase with its blank */
	expect_match("Last Summer was long", "last summer", "Last Summer");
}

static void test_find_from(void **state)
{
	size_t s, e;

	(void)state;
	assert_true(find_in("ab AB ab", "ab", 0, &s, &e));
	assert_int_equal(s, 0);
	assert_true(find_in("ab AB ab", "ab", 1, &s, &e));
	assert_int_equal(s, 3);
	assert_int_equal(e, 5);
	assert_true(find_in("ab AB ab", "ab", 4, &s, &e));
	assert_int_equal(s, 6);
	assert_false(find_in("ab AB ab", "ab", 7, &s, &e));
	assert_false(find_in("ab AB ab", "ab", 8, &s, &e));
	assert_false(find_in("ab AB ab", "ab", 99, &s, &e));
}

static void test_find_misses(void **state)
{
	struct ebb_fold f;
	struct ebb_error err = {0};
	size_t s = 77, e = 77;

	(void)state;
	assert_false(find_in("coffee", "cafe", 0, &s, &e));
	assert_false(find_in("caf", "cafe", 0, &s, &e));
	assert_false(find_in("", "a", 0, &s, &e));
	assert_false(find_in("last  summer", "last summer", 0, &s, &e));
	/* an empty needle never matches */
	ebb_fold_init(&f);
	assert_int_equal(ebb_fold_text(&f, "abc", 3, &err), EBB_OK);
	assert_false(ebb_fold_find(&f, "", 0, 0, &s, &e));
	ebb_fold_release(&f);
	/* nothing is written on a miss */
	assert_int_equal(s, 77);
	assert_int_equal(e, 77);
}

static void test_find_malformed(void **state)
{
	(void)state;
	/* stray bytes around a word do not stop it being found */
	expect_match("\xff\xfe"
	             "CAFÉ\xc3",
	             "cafe", "CAFÉ");
	/* a stray byte typed in the query matches the same byte */
	expect_match("a\xff"
	             "b",
	             "\xff"
	             "B",
	             "\xff"
	             "b");
}

/* ---------------------------------------------------------------------- */
/* UTF-8                                                                   */

static void test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(ebb_utf8_len("a", 1), 1);
	assert_int_equal(ebb_utf8_len("", 0), 0);
	assert_int_equal(ebb_utf8_len("é", 2), 2);
	assert_int_equal(ebb_utf8_len("é", 1), 1); /* cut short */
	assert_int_equal(ebb_utf8_len("€", 3), 3);
	assert_int_equal(ebb_utf8_len("😀", 4), 4);
	assert_int_equal(ebb_utf8_len("\x80", 1), 1);
	assert_int_equal(ebb_utf8_len("\xc1\xbf", 2), 1); /* overlong */
	assert_int_equal(ebb_utf8_len("\xe0\x9f\xbf", 3), 1);
	assert_int_equal(ebb_utf8_len("\xf0\x8f\xbf\xbf", 4), 1);
	assert_int_equal(ebb_utf8_len("\xed\xbf\xbf", 3), 1); /* surrogate */
	assert_int_equal(ebb_utf8_len("\xf4\x90\x80\x80", 4), 1);
	assert_int_equal(ebb_utf8_len("\xf5\x80\x80\x80", 4), 1);
	assert_int_equal(ebb_utf8_len("\xe2\x82(", 3), 1);
}

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(ebb_utf8_valid("", 0));
	assert_true(ebb_utf8_valid("plain", 5));
	assert_true(ebb_utf8_valid("Straße ΟΔΟΣ 日本 😀", strlen("Straße ΟΔΟΣ 日本 😀")));
	assert_false(ebb_utf8_valid("a\xff", 2));
	assert_false(ebb_utf8_valid("\xc3", 1));
	assert_false(ebb_utf8_valid("\xed\xa0\x80", 3));
	/* only the first n bytes count */
	assert_true(ebb_utf8_valid("ab\xff", 2));
}

/* Blank text is refused as a reason, an answer or a note: blanks alone
 * and nothing at all are blank; any other byte, a letter or a UTF-8
 * character, is not. */
static void test_blank(void **state)
{
	(void)state;
	assert_true(ebb_text_blank(""));
	assert_true(ebb_text_blank(" "));
	assert_true(ebb_text_blank(" \t\n\r\v\f  "));
	assert_false(ebb_text_blank("x"));
	assert_false(ebb_text_blank("  .  "));
	assert_false(ebb_text_blank("\n\n caf\xc3\xa9"));
	assert_false(ebb_text_blank("\xc2\xa0")); /* a no-break space is a character */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ascii),
	    cmocka_unit_test(test_latin1),
	    cmocka_unit_test(test_latin_extended_a),
	    cmocka_unit_test(test_combining_accents),
	    cmocka_unit_test(test_greek),
	    cmocka_unit_test(test_cyrillic),
	    cmocka_unit_test(test_other_scripts_pass),
	    cmocka_unit_test(test_malformed_utf8),
	    cmocka_unit_test(test_map),
	    cmocka_unit_test(test_long_text),
	    cmocka_unit_test(test_find_extents),
	    cmocka_unit_test(test_find_from),
	    cmocka_unit_test(test_find_misses),
	    cmocka_unit_test(test_find_malformed),
	    cmocka_unit_test(test_utf8_len),
	    cmocka_unit_test(test_utf8_valid),
	    cmocka_unit_test(test_blank),
	};

	return cmocka_run_group_tests(tests, setup_crypto, NULL);
}
