/*
 * cmd-both.c — `ebb both`: what I miss beside why I left. Two columns when
 * the terminal is wide enough (80 columns when stdout is not a terminal),
 * one list after the other when it is narrower than NARROW columns.
 * Reading needs the key.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lists.h"

#define NARROW  60 /* below this many columns, one list after the other */
#define GUTTER  3  /* blanks between the columns */
#define COL_MAX 60 /* no wider columns, however wide the terminal */
#define BULLET  "- "

static const char header[] =
    "Missing what you had does not undo why you left. Both can be true at once.";

/* One line of a column: a slice of text, after a bullet or under one. */
struct cell {
	const char *s;
	size_t len, width;
	bool bullet;
};

struct column {
	struct cell *v;
	size_t n, cap;
};

static int push_cell(struct column *c, const struct cli_line *l, bool bullet)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct cell *v = realloc(c->v, cap * sizeof(*v));
		if (v == NULL)
			return cli_failf(EX_OSERR, "out of memory");
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = (struct cell){l->s, l->len, l->width, bullet};
	return 0;
}

/* Adds text wrapped to width (bullet included), its first line bulleted
 * when bullet is true. */
static int add_text(struct column *c, const char *text, size_t width, bool bullet)
{
	struct cli_lines lines = {0};
	static const struct cli_line blank = {"", 0, 0};
	int r = cli_wrap(text, width - strlen(BULLET), &lines);

	for (size_t i = 0; r == 0 && i < lines.n; i++)
		r = push_cell(c, &lines.v[i], bullet && i == 0);
	if (r == 0 && lines.n == 0)
		r = push_cell(c, &blank, bullet);
	cli_lines_release(&lines);
	return r;
}

/* The cells of one list, or a gentle placeholder when it is empty. */
static int build(struct column *c, const struct cli_items *items, size_t width, const char *none)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < items->n; i++)
		r = add_text(c, cli_body_text(&items->v[i], "text"), width, true);
	if (r == 0 && items->n == 0)
		r = add_text(c, none, width, false);
	return r;
}

/* Writes one cell; pad it to width columns when pad is true. */
static void put_cell(const struct cell *cell, size_t width, bool pad)
{
	fputs(cell->bullet ? BULLET : "  ", stdout);
	cli_put_text(stdout, cell->s, cell->len);
	if (pad && cell->width + 2 < width)
		printf("%*s", (int)(width - 2 - cell->width), "");
}

static void print_title(const struct cli *cli, const char *title)
{
	printf("%s%s%s", cli_color(cli, CLI_BOLD), title, cli_color(cli, CLI_RESET));
}

static void print_side_by_side(const struct cli *cli, const struct column *left,
                               const struct column *right, const char *ltitle, const char *rtitle,
                               size_t colw)
{
	size_t rows = left->n > right->n ? left->n : right->n;

	print_title(cli, ltitle);
	printf("%*s", (int)(colw - strlen(ltitle) + GUTTER), "");
	print_title(cli, rtitle);
	fputc('\n', stdout);
	for (size_t i = 0; i < rows; i++) {
		if (i < left->n)
			put_cell(&left->v[i], colw, i < right->n);
		else
			printf("%*s", (int)colw, "");
		if (i < right->n) {
			printf("%*s", GUTTER, "");
			put_cell(&right->v[i], 0, false);
		}
		fputc('\n', stdout);
	}
}

static void print_column(const struct cli *cli, const struct column *c, const char *title)
{
	print_title(cli, title);
	fputc('\n', stdout);
	for (size_t i = 0; i < c->n; i++) {
		put_cell(&c->v[i], 0, false);
		fputc('\n', stdout);
	}
}

static int print_both(const struct cli *cli, const struct cli_items *misses,
                      const struct cli_items *reasons)
{
	static const char mtitle[] = "What I miss", rtitle[] = "Why I left";
	struct column left = {0}, right = {0};
	size_t width = cli_term_width();
	size_t colw = width >= NARROW ? (width - GUTTER) / 2 : width;
	int r;

	if (colw > COL_MAX)
		colw = COL_MAX;
	r = cli_put_wrapped(stdout, header, 0, width);
	fputc('\n', stdout);
	if (r == 0)
		r = build(&left, misses, colw, "(nothing yet: 'ebb misses add' keeps one)");
	if (r == 0)
		r = build(&right, reasons, colw, "(nothing yet: 'ebb reasons add' keeps one)");
	if (r == 0 && width >= NARROW) {
		print_side_by_side(cli, &left, &right, mtitle, rtitle, colw);
	} else if (r == 0) {
		print_column(cli, &left, mtitle);
		fputc('\n', stdout);
		print_column(cli, &right, rtitle);
	}
	free(left.v);
	free(right.v);
	return r;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct cli_items misses = {0}, reasons = {0};
	struct ebb_vault *v = NULL;
	json_t *o = NULL, *m = NULL, *re = NULL;
	int first, r = cli_getopt(cli, argc, argv, "", NULL, NULL, NULL, &first);

	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "both takes no arguments; '%s' is extra", argv[first]);
	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0)
		r = cli_items_load(v, "miss", &misses);
	if (r == 0)
		r = cli_items_load(v, "reason", &reasons);
	if (r == 0 && cli->json) {
		m = cli_items_json(&misses);
		re = cli_items_json(&reasons);
		o = m && re ? json_pack("{s:O,s:O}", "misses", m, "reasons", re) : NULL;
		if (o == NULL) {
			r = cli_failf(EX_OSERR, "out of memory");
		} else {
			json_dumpf(o, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
			fputc('\n', stdout);
		}
	} else if (r == 0) {
		r = print_both(cli, &misses, &reasons);
	}
	json_decref(o);
	json_decref(m);
	json_decref(re);
	cli_items_release(&misses);
	cli_items_release(&reasons);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_both = {
    .name = "both",
    .usage = "",
    .summary = "what you miss beside why you left",
    .help = "Shows what you miss ('ebb misses') and why you left ('ebb reasons') side by\n"
            "side, or one after the other on a narrow terminal. Reading needs the vault\n"
            "unlocked: the kept key from 'ebb unlock', or the passphrase.\n\n"
            "Options:\n"
            "  --json        {\"misses\": [...], \"reasons\": [...]}, each a list of records\n",
    .run = run,
};
