/*
 * say.h — building the sentences ebb shows, piece by piece, with snprintf
 * semantics: the text is cut to the buffer and always terminated, and the
 * length it would have had is kept, so callers return it like snprintf.
 * Numbers never depend on the locale (ebb never calls setlocale, and
 * ebb_say_fixed writes digits itself).
 */
#ifndef EBB_SAY_H
#define EBB_SAY_H

#include <stddef.h>
#include <stdint.h>

struct ebb_say {
	char *buf;
	size_t size; /* bytes available at buf, may be 0 */
	size_t len;  /* length of the whole sentence, even past size */
};

/* Starts an empty sentence in buf (size may be 0). */
void ebb_say_init(struct ebb_say *s, char *buf, size_t size);

/* Appends printf-formatted text. */
void ebb_say(struct ebb_say *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* |v| with 0, 1 or 2 decimals into out: "0.9", never "0,9" or "-0.0". */
void ebb_say_fixed(char out[32], double v, int decimals);

/* A number of days from now as words into out, which it returns: 0
 * "today", 1 "yesterday", 3 "3 days ago"; ahead, -1 "tomorrow", -3
 * "in 3 days". The command line and the page say it alike. */
const char *ebb_say_days_ago(char out[32], int64_t days);

#endif
