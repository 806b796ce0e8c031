/*
 * fuzz_search.c — libFuzzer target for search queries and folding
 * (src/core/search.c, src/core/text.c): ebb_search_terms_parse reads what
 * a person types after `ebb search`, and ebb_fold_text / ebb_fold_find
 * match it against decrypted text that may hold any bytes.
 *
 * The input is both the query (up to its first NUL) and the text searched.
 * Invariants checked: every parsed term is non-empty, terminated and as
 * long as it says; every match's source extent lies within the text with
 * start < end, and folding just that extent finds the term again (so a
 * highlighted match is never half a letter or the wrong words).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "search.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, size_t term, size_t start, size_t end, size_t size)
{
	fprintf(stderr, "fuzz_search: %s (term %zu, extent %zu..%zu of %zu bytes)\n", what, term,
	        start, end, size);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct ebb_error err = {0};
	struct ebb_search_terms t;
	struct ebb_fold f, g;
	char *text;

	if (!ready) {
		if (ebb_crypto_init(&err) != EBB_OK)
			abort();
		ready = 1;
	}
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	ebb_fold_init(&f);
	ebb_fold_init(&g);
	if (ebb_fold_text(&f, text, size, &err) != EBB_OK)
		abort();
	if (f.map[f.text.len] != size)
		fail("the fold's map does not end at the source length", 0, 0, f.map[f.text.len],
		     size);
	for (size_t i = 0; i < f.text.len; i++)
		if (f.map[i] >= size || (i > 0 && f.map[i] < f.map[i - 1]))
			fail("the fold's map is out of order or out of range", 0, f.map[i], i,
			     size);

	if (ebb_search_terms_parse(&t, text, &err) == EBB_OK) {
		if (t.n == 0 || t.n > EBB_SEARCH_TERMS)
			fail("parsed a query into a wrong number of terms", t.n, 0, 0, size);
		for (size_t i = 0; i < t.n; i++) {
			size_t start = 0, end = 0, s2, e2;

			if (t.len[i] == 0 || strlen(t.term[i]) != t.len[i] ||
			    t.term[i][t.len[i]] != '\0')
				fail("a term is empty or not terminated", i, 0, 0, size);
			if (!ebb_fold_find(&f, t.term[i], t.len[i], 0, &start, &end))
				continue;
			if (start >= end || end > size)
				fail("match extent outside the text", i, start, end, size);
			if (ebb_fold_text(&g, text + start, end - start, &err) != EBB_OK)
				abort();
			if (!ebb_fold_find(&g, t.term[i], t.len[i], 0, &s2, &e2))
				fail("the matched extent does not contain the term", i, start, end,
				     size);
			/* and searching on from past the text finds nothing */
			if (ebb_fold_find(&f, t.term[i], t.len[i], f.text.len + 1, &s2, &e2))
				fail("found a match past the end of the text", i, s2, e2, size);
		}
		ebb_search_terms_release(&t);
	}
	ebb_fold_release(&g);
	ebb_fold_release(&f);
	free(text);
	return 0;
}
