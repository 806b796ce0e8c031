/*
 * cmd-today.c — `ebb today`: the home screen, in two halves kept apart on
 * purpose. Letting go is about what you do (the day you left, the last
 * contact, urges and what you did with them); healing is about how it
 * feels (check-ins, the signs, a prompt, a hard date coming up). Neither
 * half judges the other.
 *
 * What it shows is gathered by the core (view.h), which also builds the
 * --json object, so the page shows the same: "this week" is the last 7
 * days, today and the 6 days before by the local calendar.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "dates.h"
#include "lists.h"
#include "prompts.h"
#include "record.h"
#include "say.h"
#include "view.h"
#include "vocab.h"
#include "when.h"

#define PROMPT_WIDTH 76 /* columns of the prompt's lines, its indent included */

/* ---- words ------------------------------------------------------------------ */

/* Prints s with control characters as spaces. */
static void put_clean(const char *s)
{
	for (; s && *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7F ? ' ' : *s, stdout);
}

/* "today", "yesterday", "3 days ago"; or ahead: "tomorrow", "in 3 days" */
static void put_days_ago(int64_t days)
{
	char words[32];

	fputs(ebb_say_days_ago(words, days), stdout);
}

static void heading(const struct cli *cli, const char *title)
{
	printf("%s%s%s\n", cli_color(cli, CLI_BOLD), title, cli_color(cli, CLI_RESET));
}

static void print_letting_go(const struct cli *cli, const struct ebb_view_today_data *t)
{
	const char *left_on, *by;
	int64_t days;
	size_t n = ebb_view_did_count();

	heading(cli, "Letting go");
	if (!ebb_view_days_since_left(t, &left_on, &days)) {
		puts("  The day you left: not set.");
	} else if (days == 0) {
		printf("  You left today, %s. That was a decision, and it was yours.\n", left_on);
	} else if (days > 0) {
		printf("  You left %lld day%s ago, on %s.\n", (long long)days, days == 1 ? "" : "s",
		       left_on);
	} else {
		printf("  The day you leave: %s, ", left_on);
		put_days_ago(days);
		puts(".");
	}

	if (!t->contact.found) {
		puts("  Contact: no contact recorded.");
	} else {
		by = json_string_value(json_object_get(t->contact.r.body, "by"));
		fputs("  Last contact: ", stdout);
		put_days_ago(ebb_view_contact_days(t));
		if (by && strcmp(by, "me") == 0)
			fputs(" (you reached out)", stdout);
		else if (by && strcmp(by, "them") == 0)
			fputs(" (they reached out)", stdout);
		puts(".");
	}

	if (t->urges == 0) {
		puts("  Urges in the last 7 days: none noted.");
	} else {
		printf("  Urges in the last 7 days: %zu. Let pass: %zu. Acted on: %zu.\n", t->urges,
		       t->urges - t->acted, t->acted);
		for (size_t i = 0; i <= n; i++)
			if (t->did[i])
				printf("    %zu  %s\n", t->did[i],
				       i < n ? ebb_urge_did[i].label : "nothing noted about it");
	}
}

static void print_checkin_line(const struct cli *cli, const struct ebb_record *r)
{
	char when[40];
	const json_t *f = json_object_get(r->body, "feelings"), *w;
	size_t i;

	ebb_when_format_iso(when, sizeof(when), r->at, r->offset);
	when[16] = '\0';
	when[10] = ' ';
	printf("    %s%s%s  %2lld/10", cli_color(cli, CLI_DIM), when, cli_color(cli, CLI_RESET),
	       (long long)json_integer_value(json_object_get(r->body, "intensity")));
	json_array_foreach(f, i, w)
	{
		fputs(i ? ", " : "  ", stdout);
		put_clean(json_string_value(w));
	}
	fputc('\n', stdout);
}

/* A date's label as it was written ("their birthday"), with a capital
 * when it starts a sentence and starts with a lowercase ASCII letter. */
static void put_label(const char *label, bool capital)
{
	if (label == NULL || *label == '\0') {
		fputs(capital ? "A hard date" : "a hard date", stdout);
		return;
	}
	if (capital && *label >= 'a' && *label <= 'z')
		fputc(*label++ - 'a' + 'A', stdout);
	put_clean(label);
}

static void print_healing(const struct cli *cli, const struct ebb_view_today_data *t)
{
	const struct ebb_prompt *p = ebb_prompt_of_day(t->day);
	const struct ebb_word *kind;
	char date[EBB_DATE_STR];

	heading(cli, "Healing");
	if (t->ncheckins == 0) {
		puts("  Check-ins: none yet. 'ebb checkin 4' is a gentle start.");
	} else {
		puts("  Latest check-ins:");
		for (size_t i = 0; i < t->ncheckins; i++)
			print_checkin_line(cli, &t->checkins[i].r);
	}

	if (!t->signs.found) {
		puts("  Signs of healing: not rated yet. 'ebb signs' asks about four of them.");
	} else {
		const json_t *ratings = json_object_get(t->signs.r.body, "ratings");
		ebb_when_format_date(date, sizeof(date), t->signs.r.at, t->signs.r.offset);
		printf("  Signs of healing, rated %s (0 to 4):\n", date);
		for (size_t i = 0; ebb_signs[i].name && i < json_array_size(ratings); i++)
			printf("    %lld  %s\n",
			       (long long)json_integer_value(json_array_get(ratings, i)),
			       ebb_signs[i].label);
	}

	if (p) {
		kind = ebb_word_find(ebb_prompt_kinds, p->kind);
		printf("  A prompt for today (%s):\n    ", kind ? kind->label : p->kind);
		cli_put_wrapped(stdout, p->text, 4, PROMPT_WIDTH);
		printf("    To write from a prompt like it: ebb write --prompt %s\n", p->kind);
	}

	if (t->ndates == 0 && t->ndates_all == 0) {
		puts("  Hard dates: none noted. 'ebb dates add' can warn you a few days ahead.");
	} else if (t->ndates == 0) {
		printf("  No hard dates in the next %d days.\n", EBB_VIEW_AHEAD_DAYS);
	} else {
		for (size_t i = 0; i < t->ndates; i++) {
			const struct ebb_view_upcoming *u = &t->dates[i];
			const char *label = json_string_value(json_object_get(u->body, "label"));
			fputs("  ", stdout);
			if (u->in_days == 0) {
				fputs("Today: ", stdout);
				put_label(label, false);
				puts(".");
				continue;
			}
			put_label(label, true);
			if (u->in_days == 1)
				printf(" is tomorrow (%s).\n", ebb_date_format(date, u->day));
			else
				printf(" is in %lld days (%s).\n", (long long)u->in_days,
				       ebb_date_format(date, u->day));
		}
		puts("  Hard days are allowed to be hard.");
	}
}

static void print_today(const struct cli *cli, const struct ebb_view_today_data *t)
{
	char date[EBB_DATE_STR];

	printf("Today, %s\n\n", ebb_date_format(date, t->day));
	print_letting_go(cli, t);
	fputc('\n', stdout);
	print_healing(cli, t);
	fputc('\n', stdout);
	if (!t->checked_in_today)
		puts("No check-in yet today. When you like: ebb checkin N, from 0 (light) to 10 "
		     "(heaviest).");
	puts("If you need someone now: ebb help crisis");
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_view_today_data *t = NULL;
	json_t *o;
	int first, r = cli_getopt(cli, argc, argv, "", NULL, NULL, NULL, &first);

	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "today takes no arguments; '%s' is extra", argv[first]);
	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0 && cli->json) {
		if (ebb_view_today(v, time(NULL), &o, &err) != EBB_OK) {
			r = cli_fail(&err);
		} else {
			json_dumpf(o, stdout, EBB_VIEW_TODAY_DUMP);
			fputc('\n', stdout);
			json_decref(o);
		}
	} else if (r == 0) {
		if ((t = calloc(1, sizeof(*t))) == NULL)
			r = cli_failf(EX_OSERR, "out of memory");
		else if (ebb_view_today_gather(t, v, time(NULL), &err) != EBB_OK)
			r = cli_fail(&err);
		else
			print_today(cli, t);
		ebb_view_today_release(t);
		free(t);
	}
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_today = {
    .name = "today",
    .usage = "",
    .summary = "where things stand: letting go and healing, side by side",
    .help = "The home screen, in two halves. Letting go: the days since you left, the\n"
            "last contact, the urges of the last 7 days and what you did with them.\n"
            "Healing: your latest check-ins, the signs of healing, a prompt for today,\n"
            "and any hard date in the next 7 days. Reading needs the vault unlocked:\n"
            "the kept key, or the passphrase.\n\n"
            "Options:\n"
            "  --json        all of it as one JSON object\n",
    .run = run,
};
