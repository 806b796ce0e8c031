/*
 * cmd-dates.c — `ebb dates [add DATE LABEL [--yearly] | rm ID]`: the days
 * that can be hard (their birthday, the day you met, the day you left),
 * listed soonest first with how many days until each comes round. Adding
 * never needs the passphrase; listing and removing do. When a date comes
 * round next is ebb_date_next (src/core/dates.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "dates.h"
#include "lists.h"

#define LABEL_CAP 4096 /* bytes read for a label; the record allows 256 */
#define CLOSE     7    /* days: a date this close gets a gentle word */

struct opts {
	struct cli *cli;
	bool yes, yearly;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	(void)arg;
	switch (c) {
	case 'y':
		o->yes = true;
		return 0;
	case 'Y':
		o->yearly = true;
		return 0;
	}
	return EX_USAGE;
}

/* Today's day number in the local calendar. */
static int64_t today(void)
{
	int64_t now = (int64_t)time(NULL);

	return ebb_date_local_day(now, ebb_when_local_offset(now));
}

/* "today", "tomorrow", "in 12 days" or "passed" into buf. */
static const char *until(char *buf, size_t size, bool has_next, int64_t days)
{
	if (!has_next)
		snprintf(buf, size, "passed");
	else if (days == 0)
		snprintf(buf, size, "today");
	else if (days == 1)
		snprintf(buf, size, "tomorrow");
	else
		snprintf(buf, size, "in %lld days", (long long)days);
	return buf;
}

/* A date record with when it comes round next. */
struct dated {
	const struct ebb_record *r;
	bool has_next;
	int64_t next; /* day number, when has_next */
	int64_t day;  /* the stored date's day number (0 if unreadable) */
};

/* Soonest first; dates that have passed after, the latest of them first. */
static int by_next(const void *a, const void *b)
{
	const struct dated *x = a, *y = b;

	if (x->has_next != y->has_next)
		return x->has_next ? -1 : 1;
	if (x->has_next && x->next != y->next)
		return x->next < y->next ? -1 : 1;
	if (!x->has_next && x->day != y->day)
		return x->day > y->day ? -1 : 1;
	if (x->r->at != y->r->at)
		return x->r->at < y->r->at ? -1 : 1;
	return memcmp(x->r->id, y->r->id, EBB_ID_BYTES);
}

static json_t *dated_json(const struct dated *d, int64_t t)
{
	char buf[EBB_DATE_STR];
	json_t *o = cli_record_json(d->r);

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "next",
	                    d->has_next ? json_string(ebb_date_format(buf, d->next)) : json_null());
	json_object_set_new(o, "days_until", d->has_next ? json_integer(d->next - t) : json_null());
	return o;
}

static void print_dated(const struct cli *cli, const struct dated *d, int64_t t)
{
	char ids[EBB_ID_STR], buf[EBB_DATE_STR], when[32];
	const char *label = cli_body_text(d->r, "label");

	printf("  %s%s%s  %s  %-12s  ", cli_color(cli, CLI_DIM), cli_short_id(ids, d->r->id),
	       cli_color(cli, CLI_RESET),
	       d->has_next ? ebb_date_format(buf, d->next) : cli_body_text(d->r, "date"),
	       until(when, sizeof(when), d->has_next, d->next - t));
	cli_put_text(stdout, label, strlen(label));
	if (json_is_true(json_object_get(d->r->body, "yearly")))
		fputs(" (every year)", stdout);
	fputc('\n', stdout);
}

static int list(struct cli *cli)
{
	struct cli_items items = {0};
	struct ebb_vault *v = NULL;
	struct dated *ds = NULL;
	int64_t t = today();
	bool close = false;
	json_t *a = NULL, *o;
	int r = cli_open(cli, &v);

	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0)
		r = cli_items_load(v, "date", &items);
	if (r == 0 && items.n && (ds = calloc(items.n, sizeof(*ds))) == NULL)
		r = cli_failf(EX_OSERR, "out of memory");
	for (size_t i = 0; r == 0 && i < items.n; i++) {
		const char *date = cli_body_text(&items.v[i], "date");
		bool yearly = json_is_true(json_object_get(items.v[i].body, "yearly"));
		ds[i].r = &items.v[i];
		ds[i].has_next = ebb_date_next(date, yearly, t, &ds[i].next) == EBB_OK;
		if (ebb_date_parse(date, &ds[i].day) != EBB_OK)
			ds[i].day = 0;
		if (ds[i].has_next && ds[i].next - t <= CLOSE)
			close = true;
	}
	if (r == 0 && items.n)
		qsort(ds, items.n, sizeof(*ds), by_next);
	if (r == 0 && cli->json) {
		a = json_array();
		for (size_t i = 0; a && i < items.n; i++) {
			o = dated_json(&ds[i], t);
			if (o == NULL || json_array_append_new(a, o) != 0) {
				json_decref(a);
				a = NULL;
			}
		}
		if (a == NULL) {
			r = cli_failf(EX_OSERR, "out of memory");
		} else {
			json_dumpf(a, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
			fputc('\n', stdout);
		}
	} else if (r == 0 && items.n == 0) {
		cli_put_wrapped(stdout,
		                "No dates yet. Anniversaries and hard days (their birthday, the "
		                "day you met, the day you left) can catch you off guard; noting "
		                "them here lets you see them coming.\n"
		                "Add one: ebb dates add 2026-05-01 \"their birthday\" --yearly",
		                0, cli_term_width());
	} else if (r == 0) {
		printf("%sHard dates, soonest first:%s\n", cli_color(cli, CLI_BOLD),
		       cli_color(cli, CLI_RESET));
		for (size_t i = 0; i < items.n; i++)
			print_dated(cli, &ds[i], t);
		if (close) {
			fputc('\n', stdout);
			cli_put_wrapped(stdout,
			                "One of these is close. It can help to plan that day a "
			                "little: someone to be with, something kind to do, and "
			                "'ebb plan' for if it gets heavy.",
			                0, cli_term_width());
		}
	}
	json_decref(a);
	free(ds);
	cli_items_release(&items);
	ebb_vault_close(v);
	return r;
}

static int add(struct cli *cli, int argc, char **argv, int first, bool yearly)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_when w;
	struct ebb_buf label;
	char date[EBB_DATE_STR], when[32];
	uint8_t id[EBB_ID_BYTES];
	int64_t now = (int64_t)time(NULL), t = today(), next = 0;
	bool queued = false, has_next;
	json_t *body = NULL;
	int r;

	if (first >= argc)
		return cli_usage(cli, "which day? for example: ebb dates add 2026-05-01 "
		                      "\"their birthday\" --yearly");
	r = cli_when(cli, "the date", argv[first], 0, &w);
	if (r != 0)
		return r;
	ebb_when_format_date(date, sizeof(date), w.at, w.offset);
	ebb_buf_init_secret(&label, LABEL_CAP);
	r = cli_text_input(cli, argc, argv, first + 1,
	                   "What is the day? (their birthday, the day you met...): ", &label);
	if (r == 0 && label.len == 0)
		r = cli_usage(cli,
		              "the date needs a few words to say what it is, so nothing was "
		              "written: ebb dates add %s \"their birthday\"",
		              date);
	if (r == 0 && (body = json_pack("{s:s,s:b}", "date", date, "yearly", yearly)) == NULL)
		r = cli_failf(EX_OSERR, "out of memory");
	if (r == 0 && json_object_set_new(body, "label", json_stringn(label.data, label.len)) != 0)
		r = cli_usage(cli, "the label is not valid UTF-8, so nothing was written");
	if (r == 0 && ebb_record_validate("date", body, &err) != EBB_OK)
		r = cli_usage(cli, "%s; nothing was written", err.msg);
	ebb_buf_release(&label);
	if (r == 0)
		r = cli_open(cli, &v);
	if (r == 0) {
		cli_unlock_write(cli, v);
		if (ebb_record_add(v, "date", now, ebb_when_local_offset(now), body, id, &queued,
		                   &err) != EBB_OK)
			r = cli_fail(&err);
	}
	if (r == 0 && cli->json) {
		cli_print_added(cli, id, queued, "");
	} else if (r == 0) {
		const char *l = json_string_value(json_object_get(body, "label"));
		has_next = ebb_date_next(date, yearly, t, &next) == EBB_OK;
		fputs("Kept: ", stdout);
		cli_put_text(stdout, l, strlen(l));
		printf(", %s%s", date, yearly ? ", every year" : "");
		if (has_next)
			printf(" (%s).\n", until(when, sizeof(when), true, next - t));
		else
			puts(". That day has passed; --yearly marks a date that comes round "
			     "every year.");
		if (queued)
			puts("Sealed while locked; it joins the rest when you next unlock.");
	}
	json_decref(body);
	ebb_vault_close(v);
	return r;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"yes", no_argument, NULL, 'y'},
	    {"yearly", no_argument, NULL, 'Y'},
	    {0},
	};
	struct opts o = {.cli = cli};
	const char *sub;
	int first, r = cli_getopt(cli, argc, argv, "y", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	sub = first < argc ? argv[first] : "";
	if (o.yes && strcmp(sub, "rm") != 0)
		return cli_usage(cli, "--yes goes with rm");
	if (o.yearly && strcmp(sub, "add") != 0)
		return cli_usage(cli, "--yearly goes with add");
	if (strcmp(sub, "rm") == 0) {
		if (first + 1 >= argc)
			return cli_usage(cli, "which date? give its id: ebb dates rm ID");
		if (first + 2 < argc)
			return cli_usage(cli, "rm takes one id; '%s' is extra", argv[first + 2]);
		return cli_remove(cli, "date", "date", argv[first + 1], o.yes);
	}
	if (strcmp(sub, "add") == 0)
		return add(cli, argc, argv, first + 1, o.yearly);
	if (first >= argc || strcmp(sub, "list") == 0) {
		if (first + 1 < argc)
			return cli_usage(cli, "'%s' is extra", argv[first + 1]);
		return list(cli);
	}
	return cli_usage(cli, "'%s' is not add or rm; to add: ebb dates add DATE LABEL", sub);
}

const struct ebb_cmd cmd_dates = {
    .name = "dates",
    .usage = "[add DATE LABEL [--yearly] | rm ID [--yes]]",
    .summary = "note the days that can be hard, and see them coming",
    .help = "With no arguments, lists your dates soonest first, with how many days until\n"
            "each (this needs the vault unlocked: the kept key from 'ebb unlock', or the\n"
            "passphrase).\n\n"
            "  add DATE LABEL  keep a date: 2026-05-01, today, '3 days ago', monday...\n"
            "                  with a few words (their birthday, the day we met). Adding\n"
            "                  never needs the passphrase\n"
            "  rm ID           remove one for good; asks first\n\n"
            "Options:\n"
            "  --yearly      with add: the date comes round every year\n"
            "  -y, --yes     with rm: remove without asking (needed without a terminal)\n"
            "  --json        the list as a JSON array of records, each with \"next\"\n"
            "                (YYYY-MM-DD or null) and \"days_until\"\n",
    .run = run,
};
