/*
 * prompts.h — the writing prompts: several for each prompt kind (see
 * ebb_prompt_kinds in vocab.h), in our own warm, plain words.
 *
 * "Never the same one twice in a row": the id of the prompt last shown for
 * each kind is kept in the vault's clear metadata (meta key
 * "prompt_last:<kind>"), which works while the vault is locked; what that
 * reveals (which prompt of the public library was shown last) is listed in
 * the README beside the other clear data.
 */
#ifndef EBB_PROMPTS_H
#define EBB_PROMPTS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "vault.h"
#include "vocab.h"

struct ebb_prompt {
	const char *id;   /* stable: "<kind>-<n>", e.g. "letter-3"; stored in entries */
	const char *kind; /* a name from ebb_prompt_kinds */
	const char *text; /* the prompt itself, one or a few sentences */
};

/* Number of prompts of kind (0 for an unknown kind). */
size_t ebb_prompt_count(const char *kind);

/* The i-th prompt of kind, or NULL past the end. */
const struct ebb_prompt *ebb_prompt_at(const char *kind, size_t i);

/* The prompt with that id, or NULL. */
const struct ebb_prompt *ebb_prompt_find(const char *id);

/*
 * The prompt to show next for kind: never the one shown last for that kind
 * in this vault (when the kind has more than one), chosen with the random
 * number r among the others, and remembered as the last. Works locked.
 * No last prompt yet (or a stored value that names no prompt of kind)
 * means any prompt may come. EBB_ERR_INVALID for an unknown kind; a
 * failure to read or write the meta table is returned as it is (for
 * example EBB_ERR_IO on a read-only vault), with *out NULL.
 */
enum ebb_status ebb_prompt_next(struct ebb_vault *v, const char *kind, uint32_t r,
                                const struct ebb_prompt **out, struct ebb_error *err);

/*
 * A prompt for a given day (days since 1970-01-01 in local time): the same
 * all day, a different kind and prompt from one day to the next. Reads and
 * writes nothing.
 */
const struct ebb_prompt *ebb_prompt_of_day(int64_t day);

/* The three questions of the "lessons" kind, in order (needs, patterns,
 * values): their keys in an entry's "answers" and their wording. */
extern const struct ebb_word ebb_lessons[];

#endif
