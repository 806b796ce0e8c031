/*
 * search.h — finding records by what they say. Bodies are encrypted, so
 * search decrypts each candidate in memory and matches there; nothing is
 * indexed in the file.
 *
 * A query is words and "quoted phrases"; a record matches when every one
 * of them occurs (case- and accent-insensitive, as a substring) in one of
 * its text fields: note, text, title, label, name, question, tags,
 * answers and the safety plan's parts.
 */
#ifndef EBB_SEARCH_H
#define EBB_SEARCH_H

#include "record.h"
#include "text.h"

#define EBB_SEARCH_TERMS 16

struct ebb_search_terms {
	size_t n;
	char *term[EBB_SEARCH_TERMS]; /* folded, NUL-terminated, in secret memory */
	size_t len[EBB_SEARCH_TERMS];
};

/* Parses and folds a query. EBB_ERR_INVALID when it has no words, more than
 * EBB_SEARCH_TERMS, or an unclosed quote. Release with ebb_search_terms_release. */
enum ebb_status ebb_search_terms_parse(struct ebb_search_terms *t, const char *query,
                                       struct ebb_error *err);
void ebb_search_terms_release(struct ebb_search_terms *t);

/* Where the first term first matched: the field's name and text, and the
 * match's byte extent in that text. */
struct ebb_search_hit {
	const char *field;
	const char *text;
	size_t start, end;
};

typedef enum ebb_status (*ebb_search_fn)(const struct ebb_record *r,
                                         const struct ebb_search_hit *hit, void *ctx,
                                         struct ebb_error *err);

/* Calls fn for every record matching q and every term, in q's order. */
enum ebb_status ebb_search(struct ebb_vault *v, const struct ebb_query *q,
                           const struct ebb_search_terms *t, ebb_search_fn fn, void *ctx,
                           struct ebb_error *err);

#endif
