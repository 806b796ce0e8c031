/*
 * cmd-log.c — `ebb log`: the latest records, newest first.
 */
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "record.h"
#include "when.h"

struct opts {
	struct cli *cli;
	long n;
	const char *kind;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	switch (c) {
	case 'n':
		if (!cli_parse_int(arg, 1, 1000000, &o->n))
			return cli_usage(o->cli, "-n takes a number from 1 to 1000000");
		return 0;
	case 'k':
		if (!ebb_kind_known(arg))
			return cli_usage(o->cli, "there is no kind '%s'", arg);
		o->kind = arg;
		return 0;
	}
	return EX_USAGE;
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

static const char *text_of(const json_t *body, const char *key)
{
	const char *s = json_string_value(json_object_get(body, key));

	return s ? s : "";
}

/* One line: date, kind, and what the record says in brief. */
struct shown {
	struct cli *cli;
	size_t count;
};

static enum ebb_status print_line(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct shown *s = ctx;
	struct cli *cli = s->cli;
	char when[40], ids[EBB_ID_STR];
	const json_t *b = r->body;

	(void)err;
	ebb_id_format(ids, r->id);
	if (cli->json) {
		json_t *o = json_object();
		ebb_when_format_iso(when, sizeof(when), r->at, r->offset);
		json_object_set_new(o, "id", json_string(ids));
		json_object_set_new(o, "kind", json_string(r->kind));
		json_object_set_new(o, "at", json_string(when));
		json_object_set_new(o, "rev", json_integer(r->rev));
		json_object_set(o, "body", (json_t *)b);
		fputs(s->count++ ? ",\n" : "\n", stdout);
		json_dumpf(o, stdout, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(o);
		return EBB_OK;
	}
	s->count++;
	ebb_when_format_iso(when, sizeof(when), r->at, r->offset);
	when[16] = '\0'; /* 2026-03-04T21:30 */
	when[10] = ' ';
	printf("%s  %s  %-8s ", when, ids + 28, r->kind);
	if (strcmp(r->kind, "checkin") == 0) {
		printf("%2lld/10", (long long)json_integer_value(json_object_get(b, "intensity")));
		if (json_object_get(b, "note")) {
			fputs("  ", stdout);
			print_short(text_of(b, "note"), 56);
		}
	} else if (strcmp(r->kind, "profile") == 0) {
		if (json_object_get(b, "left_on"))
			printf("left on %s", text_of(b, "left_on"));
	} else if (json_object_get(b, "text")) {
		print_short(text_of(b, "text"), 60);
	} else if (json_object_get(b, "note")) {
		print_short(text_of(b, "note"), 60);
	}
	fputc('\n', stdout);
	return EBB_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"kind", required_argument, NULL, 'k'},
	    {0},
	};
	struct opts o = {.cli = cli, .n = 20};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_query q;
	int first, r = cli_getopt(cli, argc, argv, "n:", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "log takes no arguments; '%s' is extra", argv[first]);
	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0) {
		ebb_query_init(&q);
		q.kind = o.kind;
		q.limit = (size_t)o.n;
		q.newest_first = true;
		struct shown s = {.cli = cli};
		if (cli->json)
			fputs("[", stdout);
		if (ebb_record_each(v, &q, print_line, &s, &err) != EBB_OK)
			r = cli_fail(&err);
		/* on an error the array is left open, so it cannot pass for whole */
		if (cli->json && r == 0)
			fputs(s.count ? "\n]\n" : "]\n", stdout);
		else if (r == 0 && s.count == 0)
			puts("Nothing here yet. 'ebb checkin 4' is a gentle start.");
	}
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_log = {
    .name = "log",
    .usage = "[-n N] [--kind KIND]",
    .summary = "show what you have recorded, newest first",
    .help = "Lists the latest records (20 unless -n says otherwise). Reading needs the\n"
            "vault unlocked: the kept key from 'ebb unlock', or the passphrase.\n\n"
            "Options:\n"
            "  -n N          how many (default 20)\n"
            "  --kind KIND   only checkin, entry, urge, signs, reason, miss, contact or profile\n"
            "  --json        a JSON array of records\n",
    .run = run,
};
