/*
 * show.c — how records look on the command line: one-line summaries, JSON,
 * short ids, colour; and the record filters shared by the listing commands.
 * See cli.h.
 */
#include <string.h>
#include <time.h>

#include "cli.h"
#include "view.h"
#include "record.h"
#include "vocab.h"
#include "when.h"

const char *cli_color(const struct cli *cli, enum cli_color c)
{
	static const char *const codes[] = {"\033[1m", "\033[2m", "\033[36m", "\033[1;4m",
	                                    "\033[0m"};

	return cli->color ? codes[c] : "";
}

const char *cli_short_id(char out[EBB_ID_STR], const uint8_t id[EBB_ID_BYTES])
{
	ebb_id_format(out, id);
	return out + 28;
}

/* Prints at most max bytes of the first line of s, cut on a UTF-8 boundary. */
static void print_short(const char *s, size_t max)
{
	size_t n = strcspn(s, "\n");
	bool cut = n > max || s[n] == '\n';

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	fwrite(s, 1, n, stdout);
	if (cut)
		fputs("...", stdout);
}

static const char *str(const json_t *body, const char *key)
{
	const char *s = json_string_value(json_object_get(body, key));

	return s ? s : "";
}

/* Prints the words of a JSON array joined by ", ". */
static void print_list(const json_t *a)
{
	const json_t *w;
	size_t i;

	json_array_foreach(a, i, w) printf("%s%s", i ? ", " : "", json_string_value(w));
}

void cli_print_summary(const struct cli *cli, const struct ebb_record *r)
{
	char when[40], ids[EBB_ID_STR];
	const json_t *b = r->body, *x;

	ebb_when_format_iso(when, sizeof(when), r->at, r->offset);
	when[16] = '\0'; /* 2026-03-04T21:30 */
	when[10] = ' ';
	printf("%s%s  %s%s  %-8s ", cli_color(cli, CLI_DIM), when, cli_short_id(ids, r->id),
	       cli_color(cli, CLI_RESET), r->kind);
	if (r->deleted || b == NULL) {
		fputs("(deleted)\n", stdout);
		return;
	}
	if (strcmp(r->kind, "checkin") == 0) {
		printf("%2lld/10", (long long)json_integer_value(json_object_get(b, "intensity")));
		if ((x = json_object_get(b, "feelings")) && json_array_size(x)) {
			fputs("  ", stdout);
			print_list(x);
		}
		if (json_object_get(b, "note")) {
			fputs("  ", stdout);
			print_short(str(b, "note"), 50);
		}
	} else if (strcmp(r->kind, "urge") == 0) {
		const struct ebb_word *f = ebb_word_find(ebb_urge_for, str(b, "for"));
		const struct ebb_word *d = ebb_word_find(ebb_urge_did, str(b, "did"));
		printf("%s", f ? f->label : "an urge");
		if (d)
			printf(" - %s", d->label);
	} else if (strcmp(r->kind, "signs") == 0) {
		size_t i;
		fputs("signs", stdout);
		json_array_foreach(json_object_get(b, "ratings"), i, x)
		    printf(" %lld", (long long)json_integer_value(x));
	} else if (strcmp(r->kind, "contact") == 0) {
		printf("contact%s", strcmp(str(b, "by"), "me") == 0     ? ", I reached out"
		                    : strcmp(str(b, "by"), "them") == 0 ? ", they reached out"
		                                                        : "");
		if (json_object_get(b, "note")) {
			fputs("  ", stdout);
			print_short(str(b, "note"), 50);
		}
	} else if (strcmp(r->kind, "profile") == 0) {
		if (json_object_get(b, "left_on"))
			printf("left on %s", str(b, "left_on"));
	} else if (strcmp(r->kind, "date") == 0) {
		printf("%s  %s%s", str(b, "date"), str(b, "label"),
		       json_is_true(json_object_get(b, "yearly")) ? " (every year)" : "");
	} else if (strcmp(r->kind, "plan") == 0) {
		fputs("my safety plan", stdout);
	} else if (strcmp(r->kind, "entry") == 0) {
		if (json_object_get(b, "prompt"))
			printf("[%s] ", str(b, "prompt"));
		print_short(json_object_get(b, "title") ? str(b, "title") : str(b, "text"), 56);
	} else {
		print_short(str(b, "text"), 60);
	}
	fputc('\n', stdout);
}

json_t *cli_record_json(const struct ebb_record *r)
{
	return ebb_view_record_json(r);
}

int cli_when(struct cli *cli, const char *option, const char *text, int flags, struct ebb_when *out)
{
	struct ebb_error err = {0};

	if (ebb_when_parse(out, text, (int64_t)time(NULL), flags, &err) != EBB_OK)
		return cli_usage(cli, "%s: %s", option, err.msg);
	return 0;
}

/*
 * The first second of the local day holding t, or with end the last one.
 * Calendar arithmetic, so days of 23 or 25 hours (clock changes) are whole.
 */
static int64_t day_edge(int64_t t, bool end)
{
	struct tm tm;
	time_t tt = (time_t)t;

	localtime_r(&tt, &tm);
	tm.tm_mday += end ? 1 : 0;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) - (end ? 1 : 0);
}

int cli_filter_opt(struct cli *cli, struct ebb_query *q, int c, const char *arg)
{
	struct ebb_when w;
	int r;

	switch (c) {
	case CLI_OPT_FROM:
	case CLI_OPT_TO:
		r = cli_when(cli, c == CLI_OPT_FROM ? "--from" : "--to", arg, 0, &w);
		if (r != 0)
			return r;
		if (!w.has_time)
			w.at = day_edge(w.at, c == CLI_OPT_TO);
		if (c == CLI_OPT_FROM)
			q->from = w.at;
		else
			q->to = w.at;
		if (q->from > q->to)
			return cli_usage(cli, "--from is after --to");
		return 0;
	case CLI_OPT_KIND:
		if (!ebb_kind_known(arg))
			return cli_usage(
			    cli,
			    "there is no kind '%s' (checkin, entry, urge, signs, reason, "
			    "miss, contact, date, plan, profile)",
			    arg);
		q->kind = arg;
		return 0;
	}
	return -1;
}

int cli_resolve(struct ebb_vault *v, const char *text, uint8_t id[EBB_ID_BYTES])
{
	struct ebb_error err = {0};

	if (ebb_record_resolve(v, text, id, &err) != EBB_OK) {
		if (err.code == EBB_ERR_INVALID)
			return cli_failf(EX_USAGE, "%s", err.msg);
		return cli_fail(&err);
	}
	return 0;
}
