/*
 * vocab.c — the lists behind vocab.h. Wording is ours: warm, plain, no
 * judgement. Changing a name changes stored data: add, never rename.
 */
#include "vocab.h"

#include <string.h>

const struct ebb_word ebb_feelings[] = {
    {"sadness", "sadness"},
    {"anger", "anger"},
    {"longing", "longing"},
    {"relief", "relief"},
    {"numbness", "numbness"},
    {"guilt", "guilt"},
    {"hope", "hope"},
    {"loneliness", "loneliness"},
    {"love", "love"},
    {"fear", "fear"},
    {"calm", "calm"},
    {"shame", "shame"},
    {"regret", "regret"},
    {"gratitude", "gratitude"},
    {"confusion", "confusion"},
    {"tiredness", "tiredness"},
    {"jealousy", "jealousy"},
    {"freedom", "freedom"},
    {NULL, NULL},
};

const struct ebb_word ebb_facets[] = {
    {"potential", "the future I imagined, what never fully existed"},
    {"self", "who I was in it"},
    {"investment", "the time and care I gave"},
    {"familiar", "the predictability of a pain I knew"},
    {NULL, NULL},
};

const struct ebb_word ebb_urge_for[] = {
    {"text", "to text them"},
    {"call", "to call them"},
    {"look", "to look at their profile or photos"},
    {"go-back", "to go back"},
    {"closure", "to ask for one last conversation"},
    {"other", "something else"},
    {NULL, NULL},
};

const struct ebb_word ebb_urge_did[] = {
    {"waited", "I waited until it eased"}, {"wrote", "I wrote it down instead"},
    {"breathed", "I breathed through it"}, {"reached-out", "I reached out to them"},
    {"other", "something else"},           {NULL, NULL},
};

const struct ebb_word ebb_prompt_kinds[] = {
    {"unlived", "the story you didn't get to live"},
    {"letter", "an unsent letter"},
    {"lessons", "three questions: needs, patterns, values"},
    {"anger", "room for anger"},
    {"memory", "a memory: what was loved and what hurt"},
    {"closure", "acceptance without answers"},
    {"free", "whatever is here today"},
    {NULL, NULL},
};

const struct ebb_word ebb_signs[] = {
    {"think", "I can think of them without falling apart"},
    {"explain", "the need to explain myself has faded"},
    {"lessons", "the lessons feel clearer than the loss"},
    {"trust", "I trust myself more"},
    {NULL, NULL},
};

const struct ebb_word ebb_plan_parts[] = {
    {"warning-signs", "my warning signs"},
    {"alone", "what I can do on my own"},
    {"distractions", "people and places that take my mind elsewhere"},
    {"people", "people I can ask for help"},
    {"professionals", "professionals and crisis lines"},
    {"safe", "making my surroundings safe"},
    {NULL, NULL},
};

const struct ebb_word ebb_relationships[] = {
    {"partner", "a partner"},  {"friend", "a friend"}, {"family", "family"},
    {"other", "someone else"}, {NULL, NULL},
};

const struct ebb_word *ebb_word_find(const struct ebb_word *list, const char *name)
{
	if (name == NULL)
		return NULL;
	for (; list->name; list++)
		if (strcmp(list->name, name) == 0)
			return list;
	return NULL;
}

size_t ebb_word_count(const struct ebb_word *list)
{
	size_t n = 0;

	while (list[n].name)
		n++;
	return n;
}

bool ebb_urge_acted(const char *did)
{
	return did != NULL && strcmp(did, "reached-out") == 0;
}
