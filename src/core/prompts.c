/*
 * prompts.c — the writing prompts behind prompts.h: one table, grouped by
 * kind in the order of ebb_prompt_kinds, and the small amount of state that
 * keeps the same prompt from coming twice in a row (the meta key
 * "prompt_last:<kind>", clear, so it works while the vault is locked).
 *
 * Every text here is ours: warm, plain, second person; no promise of
 * healing, no diagnosis, and nothing that suggests reaching out to the
 * person who was left. Ids are stored in entries: add prompts at the end of
 * a kind, never renumber or reuse an id.
 */
#include "prompts.h"

#include <string.h>

#include "store.h"
#include "vault_impl.h"

#define META_PREFIX "prompt_last:"
#define ID_MAX      64 /* longest prompt id kept in meta */

const struct ebb_word ebb_lessons[] = {
    {"needs", "What has this taught you about what you need?"},
    {"patterns", "Which patterns can you see now that you could not see then?"},
    {"values", "How has this loss made clearer what matters to you?"},
    {NULL, NULL},
};

static const struct ebb_prompt prompts[] = {
    /* the story you didn't get to live */
    {"unlived-1", "unlived",
     "Picture the future you had in mind together: a place, a season, an ordinary evening. "
     "Write it down in as much detail as you like. It was real as a hope, even though it "
     "never happened."},
    {"unlived-2", "unlived",
     "Think of a conversation you wanted to have and never did. Write your side of it, and "
     "theirs too if you want. Nobody will hear it but you."},
    {"unlived-3", "unlived",
     "Describe the version of the two of you that you kept hoping would arrive. What would "
     "have been different in it?"},
    {"unlived-4", "unlived",
     "Write about a plan you had made together, large or small, that will not happen now. "
     "What did you hope it would give you?"},
    {"unlived-5", "unlived",
     "Imagine one day from the year that did not come: where you woke up, what you did, who "
     "was there. Write it, then write how it felt to put it down."},
    {"unlived-6", "unlived",
     "Where did you think you would be in five years, with them? Write that picture out. At "
     "the end, note anything in it you would still like to have, on your own terms."},

    /* an unsent letter */
    {"letter-1", "letter",
     "Write them a letter you will never send. Say the thing you kept swallowing. It stays "
     "here, with you."},
    {"letter-2", "letter",
     "Begin with \"What I never got to tell you is\" and keep going until there is nothing "
     "left to say today."},
    {"letter-3", "letter",
     "Write a letter to the person you were at the very start of it. What would you want "
     "them to know?"},
    {"letter-4", "letter",
     "Write the goodbye you did not get to say, in the words you would choose now."},
    {"letter-5", "letter",
     "Write to them about what you are taking with you from those years, and what you are "
     "leaving behind."},
    {"letter-6", "letter",
     "Write a letter that starts with thanks and ends with the plain truth, or the other way "
     "round. Both belong in it."},

    /* the three questions, framed differently each time */
    {"lessons-1", "lessons",
     "Three questions, in any order and at any length. One line under one of them is plenty "
     "for today."},
    {"lessons-2", "lessons",
     "Answer the three questions as if the person you were a year ago could read them."},
    {"lessons-3", "lessons",
     "Think of one moment when you felt unheard. Let it lead you into the three questions."},
    {"lessons-4", "lessons",
     "Think of a time you felt most like yourself, with them or without them. What does it "
     "say about what you need, the patterns you see and what matters to you?"},
    {"lessons-5", "lessons",
     "Start with the question that tugs at you most today. The others can stay empty until "
     "another day."},
    {"lessons-6", "lessons",
     "Look at what you did to keep things going. Under each question, write what that effort "
     "shows you about yourself."},

    /* room for anger */
    {"anger-1", "anger",
     "What makes you angry when you think about it? Write it as loudly as you need to. Anger "
     "on a page harms no one."},
    {"anger-2", "anger",
     "Make a list of everything that was unfair. You do not have to be balanced or kind "
     "here."},
    {"anger-3", "anger",
     "Where in your body does the anger sit today? Describe it, then write what it would say "
     "if it could speak."},
    {"anger-4", "anger",
     "Write about a time you swallowed your anger to keep the peace. What would you have "
     "said if you had let it out?"},
    {"anger-5", "anger", "Finish this sentence as many times as it takes: \"I am angry that\"."},
    {"anger-6", "anger",
     "Are you angry with yourself as well? Write that down too. Then write what you would "
     "say to a friend who felt the same."},

    /* what was loved and what hurt */
    {"memory-1", "memory",
     "Write about a moment with them that you loved. Then write about one that hurt. Let "
     "both stay on the page, side by side."},
    {"memory-2", "memory",
     "Choose a place you went together. What was good there, and what was hard?"},
    {"memory-3", "memory",
     "What do you miss about the way they were with you? What do you not miss at all?"},
    {"memory-4", "memory",
     "Describe an ordinary day from the best of times, and one from the worst. Neither has "
     "to cancel the other out."},
    {"memory-5", "memory",
     "Write about something from those years that you will keep, and something you are glad "
     "to set down."},
    {"memory-6", "memory",
     "Think of a photo you still remember. What does it show, and what does it leave out?"},

    /* acceptance without answers */
    {"closure-1", "closure",
     "Which question about the end may never be answered? Write it down. Then write how you "
     "might carry on with it still open."},
    {"closure-2", "closure",
     "If no explanation ever comes, what do you already know that is enough to go on with?"},
    {"closure-3", "closure", "Write about something you can let stay unfinished."},
    {"closure-4", "closure",
     "Tell the ending in your own words, as you understand it today. It does not have to "
     "match their version."},
    {"closure-5", "closure",
     "What would it look like to stop waiting for them to understand? Describe one small "
     "part of that."},
    {"closure-6", "closure",
     "Name one thing you are ready to stop trying to figure out, even if only for today."},

    /* whatever is here today */
    {"free-1", "free", "Whatever is here today: write it as it comes."},
    {"free-2", "free",
     "What is on your mind right now? Start with the first thing, even if it seems small."},
    {"free-3", "free", "Describe today in three moments: one heavy, one ordinary, one kind."},
    {"free-4", "free", "What helped a little this week? What did not help at all?"},
    {"free-5", "free", "Write about something in your life that has nothing to do with them."},
    {"free-6", "free", "A year from now, what would you like to remember about this week?"},
};

#define NPROMPTS (sizeof(prompts) / sizeof(prompts[0]))

/* The index of kind's first prompt and how many it has; false for an unknown kind. */
static bool kind_range(const char *kind, size_t *first, size_t *count)
{
	size_t i = 0, n = 0;

	if (kind == NULL || ebb_word_find(ebb_prompt_kinds, kind) == NULL)
		return false;
	while (i < NPROMPTS && strcmp(prompts[i].kind, kind) != 0)
		i++;
	while (i + n < NPROMPTS && strcmp(prompts[i + n].kind, kind) == 0)
		n++;
	*first = i;
	*count = n;
	return n > 0;
}

size_t ebb_prompt_count(const char *kind)
{
	size_t first, count;

	return kind_range(kind, &first, &count) ? count : 0;
}

const struct ebb_prompt *ebb_prompt_at(const char *kind, size_t i)
{
	size_t first, count;

	if (!kind_range(kind, &first, &count) || i >= count)
		return NULL;
	return &prompts[first + i];
}

const struct ebb_prompt *ebb_prompt_find(const char *id)
{
	if (id == NULL)
		return NULL;
	for (size_t i = 0; i < NPROMPTS; i++)
		if (strcmp(prompts[i].id, id) == 0)
			return &prompts[i];
	return NULL;
}

enum ebb_status ebb_prompt_next(struct ebb_vault *v, const char *kind, uint32_t r,
                                const struct ebb_prompt **out, struct ebb_error *err)
{
	char key[64], last[ID_MAX + 1];
	struct ebb_error miss = {0};
	size_t first, count, len = 0, pick, skip = SIZE_MAX;
	enum ebb_status rc;

	*out = NULL;
	if (!kind_range(kind, &first, &count))
		return ebb_error_set(err, EBB_ERR_INVALID, "there is no prompt kind \"%s\"",
		                     kind ? kind : "");
	snprintf(key, sizeof(key), "%s%s", META_PREFIX, kind);
	rc = ebb_store_meta_get(v->db, key, last, ID_MAX, &len, &miss);
	if (rc == EBB_OK) {
		last[len] = '\0';
		for (size_t i = 0; i < count; i++)
			if (strlen(last) == len && strcmp(prompts[first + i].id, last) == 0)
				skip = i;
	} else if (rc != EBB_ERR_CORRUPT) {
		/* CORRUPT: no key yet, or a value no prompt id could be; either
		 * way there is no last prompt to avoid */
		*err = miss;
		return rc;
	}
	if (count == 1) {
		pick = 0;
	} else if (skip == SIZE_MAX) {
		pick = r % count;
	} else {
		pick = r % (count - 1);
		if (pick >= skip)
			pick++;
	}
	rc = ebb_store_begin(v->db, err);
	if (rc != EBB_OK)
		return rc;
	rc = ebb_store_meta_put(v->db, key, prompts[first + pick].id,
	                        strlen(prompts[first + pick].id), err);
	if (rc != EBB_OK) {
		ebb_store_rollback(v->db);
		return rc;
	}
	rc = ebb_store_commit(v->db, err);
	if (rc != EBB_OK)
		return rc;
	*out = &prompts[first + pick];
	return EBB_OK;
}

const struct ebb_prompt *ebb_prompt_of_day(int64_t day)
{
	int64_t nkinds = (int64_t)ebb_word_count(ebb_prompt_kinds), k, week;
	size_t first, count;

	/* the kind turns every day, so two days in a row never share a kind
	 * (and so never a prompt); within a kind, the next prompt comes each
	 * time the kind comes round */
	k = ((day % nkinds) + nkinds) % nkinds;
	week = day / nkinds - (day % nkinds < 0 ? 1 : 0); /* floor, also before 1970 */
	if (!kind_range(ebb_prompt_kinds[k].name, &first, &count))
		return &prompts[0];
	return &prompts[first +
	                (size_t)(((week % (int64_t)count) + (int64_t)count) % (int64_t)count)];
}
