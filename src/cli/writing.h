/*
 * writing.h — text helpers shared by `ebb write` and `ebb edit` (defined in
 * cmd-write.c): trimming, wrapping, and texts split into headed sections
 * (the three lessons, the six parts of a safety plan).
 */
#ifndef EBB_CLI_WRITING_H
#define EBB_CLI_WRITING_H

#include <jansson.h>

#include "buf.h"
#include "vocab.h"

/* A JSON string of the n bytes at s without blanks at either end; NULL
 * when the text is not valid UTF-8 or memory ran out. */
json_t *write_trimmed(const char *s, size_t n);

/* Appends text to b, wrapped before width columns; col is the column b's
 * last line is at; new lines start with indent spaces. */
enum ebb_status write_wrap(struct ebb_buf *b, const char *text, size_t width, size_t indent,
                           size_t col, struct ebb_error *err);

/* The heading "## label" for each word of list, with values[name] (may be
 * NULL) under it. */
enum ebb_status write_sections_template(struct ebb_buf *b, const struct ebb_word *list,
                                        const json_t *values, struct ebb_error *err);

/* Splits text at headings naming words of list into parts; *pre gets the
 * text before the first heading. Returns the number of headings, or -1. */
int write_split_sections(const char *text, const struct ebb_word *list, json_t *parts,
                         json_t **pre);

#endif
