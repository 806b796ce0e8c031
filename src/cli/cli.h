/*
 * cli.h — what the command-line face shares: the command table, global
 * options, exit codes, and helpers for opening and unlocking the vault.
 *
 * Each subcommand lives in its own cmd-<name>.c and exports one
 * const struct ebb_cmd; commands.c holds the table. Only the cli prints
 * and picks exit statuses: the core returns enum ebb_status and a message.
 */
#ifndef EBB_CLI_H
#define EBB_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <sysexits.h>

#include "buf.h"
#include "error.h"
#include "record.h"
#include "vault.h"
#include "vocab.h"
#include "when.h"

/* State of one invocation: global options and where output goes. */
struct cli {
	char vault_path[PATH_MAX];
	bool vault_given; /* --vault or EBB_VAULT */
	bool json;
	bool color;
	int pass_fd;     /* --passphrase-fd, -1 when not given */
	int new_pass_fd; /* --new-passphrase-fd (passwd), -1 when not given */
	const struct ebb_cmd *cmd;
};

struct ebb_cmd {
	const char *name;
	const char *usage;   /* arguments after the name, e.g. "INTENSITY [--note TEXT]" */
	const char *summary; /* one line for `ebb help` */
	const char *help;    /* the options and what the command does, for --help */
	int (*run)(struct cli *cli, int argc, char **argv);
};

/* The table, in the order `ebb help` lists it; ends with a NULL name. */
extern const struct ebb_cmd *const ebb_commands[];
const struct ebb_cmd *ebb_cmd_find(const char *name);

/* Maps a core status to a sysexits.h exit status (documented in ebb(1)). */
int cli_exit_status(enum ebb_status rc);

/* Prints "ebb: <message>" on stderr and returns the exit status for it. */
int cli_fail(const struct ebb_error *err);

/* Prints "ebb: <printf message>" on stderr and returns status. */
int cli_failf(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints a usage error with a pointer to --help, returns EX_USAGE. */
int cli_usage(const struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints a command's --help text on stdout and returns 0. */
int cli_help(const struct ebb_cmd *cmd);

/*
 * Parses a command's options together with the common ones (--json,
 * --vault, --passphrase-fd, --no-color, --help). The command's own options
 * are passed to on_opt(ctx, c, optarg), which returns 0 or an exit status.
 * Returns -1 to go on (with *first set to the index of the first operand),
 * or an exit status (0 after --help).
 */
int cli_getopt(struct cli *cli, int argc, char **argv, const char *shortopts,
               const struct option *longopts, int (*on_opt)(void *ctx, int c, const char *arg),
               void *ctx, int *first);

/* Opens the vault (locked), turning "no vault" into a gentle pointer to init. */
int cli_open(struct cli *cli, struct ebb_vault **out);

/*
 * Unlocks for reading: the key kept by `ebb unlock` if there is one, else
 * the passphrase (from --passphrase-fd, EBB_PASSPHRASE_FILE or the
 * terminal). Then folds the inbox, warning about entries it kept aside.
 * Returns 0 or an exit status (already reported).
 */
int cli_unlock_read(struct cli *cli, struct ebb_vault *v);

/* Unlocks for writing when a kept key exists; otherwise stays locked and
 * the write goes to the inbox. Never asks for a passphrase. */
void cli_unlock_write(struct cli *cli, struct ebb_vault *v);

/*
 * Reads a passphrase into out (secret buffer): from fd when fd >= 0, else
 * from the file named by env_name when set, else from the terminal with
 * prompt (twice when confirm). line picks the line of a fd or file (0 for
 * the first). EBB_ERR_NOTFOUND when no source is available (no fd, no file,
 * no terminal); EBB_ERR_INVALID when the passphrase is too long.
 */
enum ebb_status cli_read_passphrase(struct cli *cli, int fd, const char *env_name, int line,
                                    const char *prompt, bool confirm, struct ebb_buf *out,
                                    struct ebb_error *err);

/* Reads --kdf's LEVEL (moderate or interactive) into *out: 0, or the usage
 * error's exit status (reported). */
int cli_parse_kdf(struct cli *cli, const char *arg, enum ebb_kdf_level *out);

/* Parses a whole decimal number in [lo, hi]; false if s is anything else. */
bool cli_parse_int(const char *s, long lo, long hi, long *out);

/* Formats a duration in words: "15 minutes", "2 hours", "1 day". */
void cli_format_duration(char *out, size_t size, unsigned seconds);

/* Parses "90s", "15m", "2h", "1d", "1h30m" or plain seconds. */
bool cli_parse_duration(const char *s, unsigned *out);

/* Writes s as a JSON string (quoted, escaped) to f. */
void cli_json_string(FILE *f, const char *s);

/* Where to find help right now; shown at the top of the scale and by help crisis. */
void cli_print_crisis(FILE *f);

/* ---- shared by the commands of the healing journey ----------------------- */

/* Long options for the record filters, to put in a command's option table;
 * cli_filter_opt handles their codes. */
// clang-format off
#define CLI_FILTER_OPTIONS \
	{"from", required_argument, NULL, CLI_OPT_FROM}, \
	{"to", required_argument, NULL, CLI_OPT_TO}, \
	{"kind", required_argument, NULL, CLI_OPT_KIND}
// clang-format on
enum { CLI_OPT_FROM = 0x2000, CLI_OPT_TO, CLI_OPT_KIND };

/*
 * Applies --from/--to/--kind to q. Returns 0 when c was one of them and
 * was good, -1 when c is not a filter option, or an exit status.
 * --from takes the start of its day, --to the end of its day.
 */
int cli_filter_opt(struct cli *cli, struct ebb_query *q, int c, const char *arg);

/* Parses a date or time a person typed (see when.h); a usage error names it. */
int cli_when(struct cli *cli, const char *option, const char *text, int flags,
             struct ebb_when *out);

/* Resolves an id typed by a person (full or the short form log shows). */
int cli_resolve(struct ebb_vault *v, const char *text, uint8_t id[EBB_ID_BYTES]);

/* true when a person is at the keyboard: stdin and stdout are terminals. */
bool cli_interactive(void);

/*
 * Asks one question on the terminal and reads one line (echoed) into out,
 * without the newline. Returns 0, or EX_NOINPUT when input ended.
 */
int cli_ask(const char *question, struct ebb_buf *out);

/*
 * The word of list that the n bytes at s name (ASCII case ignored, blanks
 * around it too), or with numbers its 1-based position; NULL for none.
 */
const struct ebb_word *cli_word_lookup(const struct ebb_word *list, const char *s, size_t n,
                                       bool numbers);

/* Writes the names of list, comma separated, into out (size bytes). */
void cli_words_join(char *out, size_t size, const struct ebb_word *list);

/* Asks question for a note (blank keeps none) and sets it in body as
 * "note". Returns 0, EX_NOINPUT when input ended, or an exit status. */
int cli_ask_note(const char *question, struct ebb_buf *ans, json_t *body);

/* Reads all of stdin (not a terminal) into out. Returns 0 or an exit status. */
int cli_read_stdin(struct ebb_buf *out);

/*
 * Opens $VISUAL, else $EDITOR, else vi, on a 0600 file in a private 0700
 * directory (under $XDG_RUNTIME_DIR when set), prefilled with text and,
 * below a marker line, guide (which is not kept). Reads the result into out
 * (secret), then overwrites and removes the file and the directory.
 * Returns 0, or an exit status (already reported) when the editor failed.
 */
int cli_edit(const char *text, const char *guide, struct ebb_buf *out);

/* Colours for a terminal; "" when colour is off. */
enum cli_color { CLI_BOLD, CLI_DIM, CLI_ACCENT, CLI_MARK, CLI_RESET };
const char *cli_color(const struct cli *cli, enum cli_color c);

/* One line about a record: local time, short id, kind, what it says. */
void cli_print_summary(const struct cli *cli, const struct ebb_record *r);

/* A record as JSON: id, kind, at (ISO 8601 with offset), rev, body. */
json_t *cli_record_json(const struct ebb_record *r);

/* The short id shown to people: the last 8 hex digits. */
const char *cli_short_id(char out[EBB_ID_STR], const uint8_t id[EBB_ID_BYTES]);

#endif
