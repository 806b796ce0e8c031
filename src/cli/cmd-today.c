/*
 * cmd-today.c — `ebb today`: the home screen, in two halves kept apart on
 * purpose. Letting go is about what you do (the day you left, the last
 * contact, urges and what you did with them); healing is about how it
 * feels (check-ins, the signs, a prompt, a hard date coming up). Neither
 * half judges the other.
 *
 * "This week" is the last 7 days: today and the 6 days before, by the
 * local calendar, so the count never drops to zero on a Monday.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "dates.h"
#include "lists.h"
#include "prompts.h"
#include "record.h"
#include "vocab.h"
#include "when.h"

#define WEEK_DAYS     7  /* the urges counted: today and the 6 days before */
#define AHEAD_DAYS    7  /* hard dates shown this many days ahead */
#define CHECKINS      5  /* the latest check-ins shown */
#define DATES_MAX     32 /* upcoming hard dates kept */
#define DID_MAX       16 /* choices of ebb_urge_did counted, "not noted" included */
#define NOT_NOTED_KEY "not_noted"
#define PROMPT_WIDTH  76 /* columns of the prompt's lines, its indent included */

/* A record kept past its callback (the body is a new reference). */
struct kept {
	bool found;
	struct ebb_record r;
};

static void kept_release(struct kept *k)
{
	json_decref(k->r.body);
	k->r.body = NULL;
	k->found = false;
}

/* An upcoming hard date. */
struct upcoming {
	uint8_t id[EBB_ID_BYTES];
	int64_t day;     /* its next day number */
	int64_t in_days; /* 0 today */
	json_t *body;    /* the date record's body (a reference) */
};

struct today {
	time_t now;
	int64_t day;                /* today's local day number */
	int64_t day_start, day_end; /* today's local bounds, UTC seconds */
	int64_t week_start;         /* the first second of the 7-day window */

	struct kept profile, contact, signs;
	struct kept checkins[CHECKINS];
	size_t ncheckins;
	bool checked_in_today;

	size_t urges, acted;
	size_t did[DID_MAX]; /* per ebb_urge_did entry, then "not noted" (see did_count) */

	size_t ndates_all;
	struct upcoming dates[DATES_MAX];
	size_t ndates;
};

/* ---- gathering ------------------------------------------------------------ */

/* How many choices of ebb_urge_did are counted apart; the slot after them
 * counts urges with no choice noted. */
static size_t did_count(void)
{
	size_t n = ebb_word_count(ebb_urge_did);

	return n < DID_MAX ? n : DID_MAX - 1;
}

/* The local midnight `days` days from the day of now, as UTC seconds. */
static int64_t local_midnight(time_t now, int days)
{
	struct tm tm;

	localtime_r(&now, &tm);
	tm.tm_mday += days;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static enum ebb_status keep_one(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct kept *k = ctx;

	(void)err;
	k->found = true;
	k->r = *r;
	k->r.body = json_incref(r->body);
	return EBB_OK;
}

/* The latest record of kind into *k. */
static enum ebb_status latest(struct ebb_vault *v, const char *kind, struct kept *k,
                              struct ebb_error *err)
{
	struct ebb_query q;

	ebb_query_init(&q);
	q.kind = kind;
	q.newest_first = true;
	q.limit = 1;
	return ebb_record_each(v, &q, keep_one, k, err);
}

static enum ebb_status keep_checkin(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct today *t = ctx;

	if (t->ncheckins < CHECKINS)
		keep_one(r, &t->checkins[t->ncheckins++], err);
	return EBB_OK;
}

static enum ebb_status count_urge(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct today *t = ctx;
	const char *did = json_string_value(json_object_get(r->body, "did"));
	size_t i, n = did_count();

	(void)err;
	t->urges++;
	if (ebb_urge_acted(did))
		t->acted++;
	for (i = 0; i < n; i++)
		if (did && strcmp(ebb_urge_did[i].name, did) == 0)
			break;
	t->did[i]++; /* i == n: not noted */
	return EBB_OK;
}

static enum ebb_status see_date(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct today *t = ctx;
	const char *date = json_string_value(json_object_get(r->body, "date"));
	bool yearly = json_is_true(json_object_get(r->body, "yearly"));
	struct upcoming *u;
	int64_t next;

	(void)err;
	t->ndates_all++;
	if (ebb_date_next(date, yearly, t->day, &next) != EBB_OK || next - t->day > AHEAD_DAYS ||
	    t->ndates == DATES_MAX)
		return EBB_OK;
	u = &t->dates[t->ndates++];
	memcpy(u->id, r->id, EBB_ID_BYTES);
	u->day = next;
	u->in_days = next - t->day;
	u->body = json_incref(r->body);
	return EBB_OK;
}

static int by_closeness(const void *a, const void *b)
{
	const struct upcoming *x = a, *y = b;

	return x->in_days < y->in_days ? -1 : x->in_days > y->in_days;
}

static enum ebb_status gather(struct ebb_vault *v, struct today *t, struct ebb_error *err)
{
	struct ebb_query q;
	struct kept today = {0};
	enum ebb_status rc;

	t->now = time(NULL);
	t->day = ebb_date_local_day((int64_t)t->now, ebb_when_local_offset((int64_t)t->now));
	t->day_start = local_midnight(t->now, 0);
	t->day_end = local_midnight(t->now, 1) - 1;
	t->week_start = local_midnight(t->now, -(WEEK_DAYS - 1));

	if ((rc = latest(v, "profile", &t->profile, err)) != EBB_OK ||
	    (rc = latest(v, "contact", &t->contact, err)) != EBB_OK ||
	    (rc = latest(v, "signs", &t->signs, err)) != EBB_OK)
		return rc;

	ebb_query_init(&q);
	q.kind = "checkin";
	q.newest_first = true;
	q.limit = CHECKINS;
	if ((rc = ebb_record_each(v, &q, keep_checkin, t, err)) != EBB_OK)
		return rc;
	ebb_query_init(&q);
	q.kind = "checkin";
	q.from = t->day_start;
	q.to = t->day_end;
	q.limit = 1;
	if ((rc = ebb_record_each(v, &q, keep_one, &today, err)) != EBB_OK)
		return rc;
	t->checked_in_today = today.found;
	kept_release(&today);

	ebb_query_init(&q);
	q.kind = "urge";
	q.from = t->week_start;
	q.to = t->day_end;
	if ((rc = ebb_record_each(v, &q, count_urge, t, err)) != EBB_OK)
		return rc;

	ebb_query_init(&q);
	q.kind = "date";
	if ((rc = ebb_record_each(v, &q, see_date, t, err)) != EBB_OK)
		return rc;
	qsort(t->dates, t->ndates, sizeof(t->dates[0]), by_closeness);
	return EBB_OK;
}

static void today_release(struct today *t)
{
	kept_release(&t->profile);
	kept_release(&t->contact);
	kept_release(&t->signs);
	for (size_t i = 0; i < t->ncheckins; i++)
		kept_release(&t->checkins[i]);
	for (size_t i = 0; i < t->ndates; i++)
		json_decref(t->dates[i].body);
	t->ncheckins = t->ndates = 0;
}

/* Days since the day the person left, when the profile says. */
static bool days_since_left(const struct today *t, const char **left_on, int64_t *days)
{
	int64_t left;

	*left_on = t->profile.found
	               ? json_string_value(json_object_get(t->profile.r.body, "left_on"))
	               : NULL;
	if (*left_on == NULL || ebb_date_parse(*left_on, &left) != EBB_OK)
		return false;
	*days = t->day - left;
	return true;
}

static int64_t contact_days(const struct today *t)
{
	return ebb_when_days_between(t->contact.r.at, t->contact.r.offset, (int64_t)t->now,
	                             ebb_when_local_offset((int64_t)t->now));
}

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
	if (days == 0)
		fputs("today", stdout);
	else if (days == 1)
		fputs("yesterday", stdout);
	else if (days > 1)
		printf("%lld days ago", (long long)days);
	else if (days == -1)
		fputs("tomorrow", stdout);
	else
		printf("in %lld days", (long long)-days);
}

static void heading(const struct cli *cli, const char *title)
{
	printf("%s%s%s\n", cli_color(cli, CLI_BOLD), title, cli_color(cli, CLI_RESET));
}

static void print_letting_go(const struct cli *cli, const struct today *t)
{
	const char *left_on, *by;
	int64_t days;
	size_t n = did_count();

	heading(cli, "Letting go");
	if (!days_since_left(t, &left_on, &days)) {
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
		put_days_ago(contact_days(t));
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

static void print_healing(const struct cli *cli, const struct today *t)
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
		printf("  No hard dates in the next %d days.\n", AHEAD_DAYS);
	} else {
		for (size_t i = 0; i < t->ndates; i++) {
			const struct upcoming *u = &t->dates[i];
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

static void print_today(const struct cli *cli, const struct today *t)
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

/* ---- JSON ------------------------------------------------------------------- */

static json_t *kept_json(const struct kept *k)
{
	return k->found ? cli_record_json(&k->r) : json_null();
}

static json_t *today_json(const struct today *t)
{
	char date[EBB_DATE_STR], from[EBB_DATE_STR], ids[EBB_ID_STR], when[40];
	const struct ebb_prompt *p = ebb_prompt_of_day(t->day);
	const char *left_on;
	int64_t days;
	size_t n = did_count();
	json_t *o, *lg, *h, *did, *list, *c = json_null();

	if (t->contact.found) {
		const json_t *by = json_object_get(t->contact.r.body, "by");
		ebb_id_format(ids, t->contact.r.id);
		ebb_when_format_iso(when, sizeof(when), t->contact.r.at, t->contact.r.offset);
		c = json_pack("{s:s, s:s, s:I, s:O}", "id", ids, "at", when, "days_since",
		              (json_int_t)contact_days(t), "by", by ? by : json_null());
	}
	did = json_object();
	for (size_t i = 0; did && i <= n; i++)
		json_object_set_new(did, i < n ? ebb_urge_did[i].name : NOT_NOTED_KEY,
		                    json_integer((json_int_t)t->did[i]));
	lg = json_pack(
	    "{s:o, s:o, s:o, s:{s:s, s:s, s:I, s:I, s:I, s:o}}", "left_on",
	    days_since_left(t, &left_on, &days) ? json_string(left_on) : json_null(),
	    "days_since_left",
	    days_since_left(t, &left_on, &days) ? json_integer(days) : json_null(), "last_contact",
	    c, "urges", "from", ebb_date_format(from, t->day - (WEEK_DAYS - 1)), "to",
	    ebb_date_format(date, t->day), "total", (json_int_t)t->urges, "let_pass",
	    (json_int_t)(t->urges - t->acted), "acted_on", (json_int_t)t->acted, "did", did);

	list = json_array();
	for (size_t i = 0; list && i < t->ncheckins; i++)
		json_array_append_new(list, cli_record_json(&t->checkins[i].r));
	h = json_pack(
	    "{s:o, s:o, s:o, s:[]}", "checkins", list, "signs", kept_json(&t->signs), "prompt",
	    p ? json_pack("{s:s, s:s, s:s}", "id", p->id, "kind", p->kind, "text", p->text)
	      : json_null(),
	    "hard_dates");
	for (size_t i = 0; h && i < t->ndates; i++) {
		const struct upcoming *u = &t->dates[i];
		ebb_id_format(ids, u->id);
		json_array_append_new(json_object_get(h, "hard_dates"),
		                      json_pack("{s:s, s:O, s:O, s:b, s:s, s:I}", "id", ids,
		                                "label", json_object_get(u->body, "label"), "date",
		                                json_object_get(u->body, "date"), "yearly",
		                                json_is_true(json_object_get(u->body, "yearly")),
		                                "next", ebb_date_format(date, u->day), "in_days",
		                                (json_int_t)u->in_days));
	}
	o = json_pack("{s:s, s:o, s:o, s:b}", "today", ebb_date_format(date, t->day), "letting_go",
	              lg, "healing", h, "checked_in_today", t->checked_in_today);
	return o;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct today *t = NULL;
	json_t *o;
	int first, r = cli_getopt(cli, argc, argv, "", NULL, NULL, NULL, &first);

	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "today takes no arguments; '%s' is extra", argv[first]);
	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0 && (t = calloc(1, sizeof(*t))) == NULL)
		r = cli_failf(EX_OSERR, "out of memory");
	if (r == 0 && gather(v, t, &err) != EBB_OK)
		r = cli_fail(&err);
	if (r == 0 && cli->json) {
		o = today_json(t);
		if (o == NULL) {
			r = cli_failf(EX_OSERR, "out of memory");
		} else {
			json_dumpf(o, stdout, JSON_COMPACT | JSON_SORT_KEYS);
			fputc('\n', stdout);
			json_decref(o);
		}
	} else if (r == 0) {
		print_today(cli, t);
	}
	if (t)
		today_release(t);
	free(t);
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
