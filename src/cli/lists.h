/*
 * lists.h — what the list commands share (reasons, misses, both, dates,
 * plan): text laid out by display width for a terminal, the records of one
 * kind loaded in order, text taken from arguments, stdin or a question,
 * and removing one record after asking.
 *
 * Display width is approximate and needs no Unicode tables: each code
 * point is one column, except combining marks and other zero-width
 * characters (0 columns) and East Asian wide characters and emoji (2).
 * Control characters in stored text are never sent to the terminal.
 */
#ifndef EBB_CLI_LISTS_H
#define EBB_CLI_LISTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "record.h"

/* ---- layout ------------------------------------------------------------ */

/* The columns of the terminal on stdout (TIOCGWINSZ), at least 20; 80 when
 * stdout is not a terminal or does not say. */
size_t cli_term_width(void);

/* Display columns of n bytes of UTF-8 text (see above). */
size_t cli_text_width(const char *s, size_t n);

/* One line of wrapped text: a slice of the source, not a copy. */
struct cli_line {
	const char *s;
	size_t len;
	size_t width; /* display columns */
};

/* Lines of wrapped text. Owns only the array; the text stays the caller's. */
struct cli_lines {
	struct cli_line *v;
	size_t n, cap;
};

/*
 * Wraps text into lines of at most width columns: at the newlines it holds,
 * then between words (blanks at a break are dropped), and inside a word only
 * when the word alone is wider than the line. Trailing blanks of each line
 * are dropped; an empty text gives no lines. Appends to out, which starts
 * zeroed. Returns 0, or EX_OSERR (reported) when memory runs out.
 */
int cli_wrap(const char *text, size_t width, struct cli_lines *out);

/* Frees the array and leaves out empty. out may be NULL. */
void cli_lines_release(struct cli_lines *out);

/* Writes n bytes of stored text to f: tabs and newlines become spaces,
 * other control characters (escape sequences included) are left out, and
 * a malformed UTF-8 byte shows as U+FFFD. */
void cli_put_text(FILE *f, const char *s, size_t n);

/* Writes text wrapped to width, each line after the first preceded by indent
 * spaces (the first line starts where the cursor is), with a final newline.
 * width 0 means no wrapping, only the text's own newlines. Returns 0 or
 * EX_OSERR (reported). */
int cli_put_wrapped(FILE *f, const char *text, size_t indent, size_t width);

/* ---- records of one kind --------------------------------------------- */

/* Records held in memory: each a copy with its own reference to the body. */
struct cli_items {
	struct ebb_record *v;
	size_t n, cap;
};

/*
 * Loads the latest revisions of every record of kind that is not deleted,
 * oldest first, into out (which starts zeroed). The vault must be
 * unlocked. Returns 0, or an exit status (already reported).
 */
int cli_items_load(struct ebb_vault *v, const char *kind, struct cli_items *out);

/* Releases every body and the array. items may be NULL. */
void cli_items_release(struct cli_items *items);

/* The items as a JSON array of cli_record_json objects, or NULL when out of
 * memory. */
json_t *cli_items_json(const struct cli_items *items);

/* "text" of a record's body, or "" when it has none. */
const char *cli_body_text(const struct ebb_record *r, const char *key);

/* ---- input and removal -------------------------------------------------- */

/*
 * The text of an `add`: the words argv[first..argc-1] joined by single
 * spaces when there are any; else all of stdin when it is not a terminal;
 * else, when a person is at the keyboard, one line answering question.
 * Leading and trailing blanks are trimmed. out must be a secret buffer.
 * Returns 0 (the text may be empty: the caller decides), or an exit status
 * (already reported).
 */
int cli_text_input(struct cli *cli, int argc, char **argv, int first, const char *question,
                   struct ebb_buf *out);

/*
 * `rm ID` for the records of one kind: needs the key; idtext must name a
 * record of that kind that is not deleted (else exit 66). Without yes it
 * shows the record and asks on the terminal; with no terminal and no yes it
 * refuses (exit 64) before opening the vault. what names one record for
 * people ("reason", "date"). Prints the outcome (JSON with --json).
 * Returns the exit status.
 */
int cli_remove(struct cli *cli, const char *kind, const char *what, const char *idtext, bool yes);

/* Prints what a writing command says after ebb_record_add: done, and
 * sealed while locked when queued; with --json {"id", "queued"}. */
void cli_print_added(const struct cli *cli, const uint8_t id[EBB_ID_BYTES], bool queued,
                     const char *done);

/* ---- reasons and misses ------------------------------------------------ */

/* What tells one list of short texts from another. */
struct cli_list_spec {
	const char *kind;     /* record kind: "reason", "miss" */
	const char *what;     /* one of them, for people: "reason" */
	const char *title;    /* above the list: "Why I left" */
	const char *question; /* asked on a terminal when add has no text */
	const char *added;    /* said after an add */
	const char *empty;    /* said when the list is empty */
	const char *footer;   /* said under the list, or NULL */
};

/*
 * Runs `ebb <list> [add TEXT | rm ID [--yes]]`: with no operand lists the
 * records (short id and text; --json: a JSON array of records), add keeps a
 * new one (never asks for the passphrase), rm removes one (cli_remove).
 * Returns the exit status.
 */
int cli_list_run(struct cli *cli, int argc, char **argv, const struct cli_list_spec *spec);

/* Prints one list of items under its title, each as short id and text,
 * wrapped to width (0: not wrapped). */
void cli_list_print(const struct cli *cli, const char *title, const struct cli_items *items,
                    size_t width);

#endif
