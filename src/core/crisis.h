/*
 * crisis.h — where to find a person right now: well-known crisis lines
 * and emergency numbers by country, international helpline directories,
 * and a guess of the person's country from their locale, to show first.
 *
 * The list is data, checked by hand on the date in ebb_crisis_checked; it
 * holds only lines we are confident about, and the directories cover every
 * other country. The core never prints: the faces (CLI, web) format it.
 * Every string is UTF-8 and static; nothing here allocates but
 * ebb_crisis_json.
 */
#ifndef EBB_CRISIS_H
#define EBB_CRISIS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* When the list was last checked, as YYYY-MM. */
extern const char ebb_crisis_checked[];

/* How a line is reached: a bit set. */
enum ebb_crisis_reach {
	EBB_CRISIS_CALL = 1u << 0,
	EBB_CRISIS_TEXT = 1u << 1, /* SMS */
};

#define EBB_CRISIS_NUMBERS 3 /* numbers per line, and emergency numbers per country */

/* One line of one country. */
struct ebb_crisis_line {
	const char *name;                        /* "Samaritans"; NULL ends a list */
	unsigned reach;                          /* enum ebb_crisis_reach bits */
	const char *numbers[EBB_CRISIS_NUMBERS]; /* as dialled in the country; unused = NULL */
	const char *text_word;                   /* word to text ("SHOUT"), or NULL */
	bool always_open;                        /* 24 hours a day, every day */
};

struct ebb_crisis_country {
	const char *code;                          /* ISO 3166-1 alpha-2, "GB"; NULL ends */
	const char *name;                          /* in English: "United Kingdom" */
	const char *emergency[EBB_CRISIS_NUMBERS]; /* the usual one first; unused = NULL */
	const struct ebb_crisis_line *lines;       /* ends with a NULL name */
};

/* An international directory of helplines. */
struct ebb_crisis_directory {
	const char *name;  /* "Find A Helpline"; NULL ends the list */
	const char *url;   /* "https://findahelpline.com" */
	const char *about; /* what it offers, a few words */
};

/* The countries, in a fixed order; ends with a NULL code. */
extern const struct ebb_crisis_country ebb_crisis_countries[];

/* The directories, best first; ends with a NULL name. */
extern const struct ebb_crisis_directory ebb_crisis_directories[];

/* A note that holds across countries: 112 works across Europe. */
extern const char ebb_crisis_europe_note[];

/*
 * The country for code: an ISO 3166-1 alpha-2 code in any case ("gb"),
 * "UK" for the United Kingdom, or the country's English name in any case.
 * NULL when ebb lists no lines there (or code is NULL).
 */
const struct ebb_crisis_country *ebb_crisis_find(const char *code);

/*
 * The territory of a locale name (language[_TERRITORY][.codeset][@modifier],
 * or a BCP 47 tag like "en-GB"), upper-cased into out: "en_GB.UTF-8" gives
 * "GB". false (out = "") when there is none: "C", "POSIX", "C.UTF-8", "en".
 */
bool ebb_crisis_territory(const char *locale, char out[3]);

/*
 * The locale that decides the language of messages, as the C library
 * reads it: the first non-empty one of LC_ALL, LC_MESSAGES and LANG; NULL
 * when none is set.
 */
const char *ebb_crisis_env_locale(void);

/*
 * Guesses the person's country from ebb_crisis_env_locale() into out
 * (upper case, "" when the locale names none). The country may be one ebb
 * lists no lines for; ebb_crisis_find tells.
 */
bool ebb_crisis_guess(char out[3]);

/*
 * Fills out (room for cap) with every country, first's country first (when
 * ebb lists it) and the others in their fixed order. Returns how many were
 * written, at most cap.
 */
size_t ebb_crisis_ordered(const char *first, const struct ebb_crisis_country **out, size_t cap);

/*
 * How to reach a line, in words, into out: "call 116 123", "call or text
 * 988", "text SHOUT to 85258", "call 113 or 0800-0113". At most max of its
 * numbers are named (EBB_CRISIS_NUMBERS for all). false when out is too
 * small (out then holds the words that fit, NUL-terminated when size > 0).
 */
bool ebb_crisis_how(char *out, size_t size, const struct ebb_crisis_line *l, size_t max);

/* The first max of numbers joined with " or ": "999 or 112". false when
 * out is too small, as for ebb_crisis_how. */
bool ebb_crisis_join(char *out, size_t size, const char *const numbers[EBB_CRISIS_NUMBERS],
                     size_t max);

/* Number of countries listed. */
size_t ebb_crisis_count(void);

/*
 * The whole list as JSON, first's country first:
 * {"checked": "2026-11", "country": CODE or null, "countries": [{"code",
 * "name", "emergency": [..], "lines": [{"name", "numbers": [..], "call",
 * "text", "text_word" (or null), "always_open"}]}], "directories": [{"name",
 * "url", "about"}], "note": ...}. "country" is first upper-cased when ebb
 * lists it, else null. NULL when out of memory. The caller owns it.
 */
json_t *ebb_crisis_json(const char *first);

#endif
