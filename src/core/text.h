/*
 * text.h — matching what people type against what they wrote: case- and
 * accent-insensitive, on UTF-8, without a Unicode library.
 *
 * Folding lowercases ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic
 * letters, drops combining accents (U+0300..U+036F) and spells letters
 * with diacritics as their base letters (é → e, ß → ss, æ → ae, ø → o).
 * Other characters pass through unchanged; malformed UTF-8 bytes pass
 * through as themselves. The fold keeps, for every byte it produces, the
 * offset of the source character it came from, so a match found in the
 * folded text can be shown in the original.
 */
#ifndef EBB_TEXT_H
#define EBB_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"

struct ebb_fold {
	struct ebb_buf text; /* folded bytes (secret memory) */
	size_t *map;         /* map[i]: source offset of folded byte i; map[len]: source length */
	size_t mapcap;
};

/* Starts an empty fold. */
void ebb_fold_init(struct ebb_fold *f);
/* Folds n bytes of s into f, replacing what it held. */
enum ebb_status ebb_fold_text(struct ebb_fold *f, const char *s, size_t n, struct ebb_error *err);
/* Frees (wiping the text). f may be NULL. */
void ebb_fold_release(struct ebb_fold *f);

/*
 * Finds folded needle (already folded, nlen bytes) in f's text at or
 * after folded offset from. On success sets *start and *end to the match's
 * extent in the SOURCE text and returns true.
 */
bool ebb_fold_find(const struct ebb_fold *f, const char *needle, size_t nlen, size_t from,
                   size_t *start, size_t *end);

/* Byte length of the UTF-8 character starting at s (1 for a malformed byte). */
size_t ebb_utf8_len(const char *s, size_t avail);

/* true when s holds n bytes of well-formed UTF-8. */
bool ebb_utf8_valid(const char *s, size_t n);

/* true when s holds nothing but blanks (space, tab, newline, carriage
 * return, vertical tab, form feed), or nothing at all: text that says
 * nothing, which the faces refuse to keep as a reason, an answer or a note. */
bool ebb_text_blank(const char *s);

#endif
