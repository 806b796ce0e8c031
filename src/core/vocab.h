/*
 * vocab.h — the words ebb knows: feelings, what is being grieved, what an
 * urge is for and what was done with it, prompt kinds, record kinds. Each
 * word has a short label in our own plain wording for the faces to show.
 * The lists are data; the faces and the validators read the same lists.
 */
#ifndef EBB_VOCAB_H
#define EBB_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

struct ebb_word {
	const char *name;  /* stored and typed: lowercase ASCII, '-' between words */
	const char *label; /* shown: a few words */
};

/* Each list ends with an entry whose name is NULL. */
extern const struct ebb_word ebb_feelings[];      /* sadness, anger, longing, ... */
extern const struct ebb_word ebb_facets[];        /* potential, self, investment, familiar */
extern const struct ebb_word ebb_urge_for[];      /* text, call, look, go-back, closure, other */
extern const struct ebb_word ebb_urge_did[];      /* waited, wrote, breathed, reached-out, other */
extern const struct ebb_word ebb_prompt_kinds[];  /* unlived, letter, lessons, ... free */
extern const struct ebb_word ebb_signs[];         /* the four signs of healing, in order */
extern const struct ebb_word ebb_plan_parts[];    /* the six parts of a safety plan */
extern const struct ebb_word ebb_relationships[]; /* partner, friend, family, other */

/* The entry of list named name, or NULL. */
const struct ebb_word *ebb_word_find(const struct ebb_word *list, const char *name);

/* Number of entries in list. */
size_t ebb_word_count(const struct ebb_word *list);

/* true when an urge's "did" means the urge was acted on (reaching out to
 * them); every other choice is an urge felt and let pass. */
bool ebb_urge_acted(const char *did);

#endif
