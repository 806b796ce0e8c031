/*
 * cmd-log.c — `ebb log`: the latest records, newest first.
 */
#include <string.h>

#include "cli.h"

struct opts {
	struct cli *cli;
	struct ebb_query q;
	long n;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;
	int r = cli_filter_opt(o->cli, &o->q, c, arg);

	if (r >= 0)
		return r;
	if (c == 'n') {
		if (!cli_parse_int(arg, 1, 1000000, &o->n))
			return cli_usage(o->cli, "-n takes a number from 1 to 1000000");
		return 0;
	}
	return EX_USAGE;
}

struct shown {
	struct cli *cli;
	size_t count;
};

static enum ebb_status show(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct shown *s = ctx;
	json_t *o;

	if (!s->cli->json) {
		s->count++;
		cli_print_summary(s->cli, r);
		return EBB_OK;
	}
	o = cli_record_json(r);
	if (o == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	fputs(s->count++ ? ",\n" : "\n", stdout);
	json_dumpf(o, stdout, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return EBB_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    CLI_FILTER_OPTIONS,
	    {0},
	};
	struct opts o = {.cli = cli, .n = 20};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct shown s = {.cli = cli};
	int first, r;

	ebb_query_init(&o.q);
	r = cli_getopt(cli, argc, argv, "n:", longopts, on_opt, &o, &first);
	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "log takes no arguments; '%s' is extra", argv[first]);
	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0) {
		o.q.limit = (size_t)o.n;
		o.q.newest_first = true;
		if (cli->json)
			fputs("[", stdout);
		if (ebb_record_each(v, &o.q, show, &s, &err) != EBB_OK)
			r = cli_fail(&err);
		/* on an error the array is left open, so it cannot pass for whole */
		if (cli->json && r == 0)
			fputs(s.count ? "\n]\n" : "]\n", stdout);
		else if (r == 0 && s.count == 0)
			puts(o.q.kind || o.q.from != INT64_MIN || o.q.to != INT64_MAX
			         ? "Nothing matches."
			         : "Nothing here yet. 'ebb checkin 4' is a gentle start.");
	}
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_log = {
    .name = "log",
    .usage = "[-n N] [--kind KIND] [--from WHEN] [--to WHEN]",
    .summary = "show what you have recorded, newest first",
    .help = "Lists the latest records (20 unless -n says otherwise). Reading needs the\n"
            "vault unlocked: the kept key from 'ebb unlock', or the passphrase.\n\n"
            "Options:\n"
            "  -n N          how many (default 20)\n"
            "  --kind KIND   only checkin, entry, urge, signs, reason, miss, contact,\n"
            "                date, plan or profile\n"
            "  --from WHEN   from this day or moment on (2026-03-01, 'monday', ...)\n"
            "  --to WHEN     up to this day or moment\n"
            "  --json        a JSON array of records\n",
    .run = run,
};
