/*
 * cmd-signs.c — `ebb signs`: the four signs that it is getting lighter
 * (ebb_signs in vocab.h), each rated 0 (not at all) to 4 (very much).
 *
 * Four numbers record a rating; with none, on a terminal, it asks for each
 * sign in turn (Ctrl-D stops and saves nothing). `--history`, and `ebb
 * signs` with no numbers where nobody can answer questions (no terminal, or
 * --json), show the ratings so far, newest first: that is a read, so it
 * needs the key or the passphrase. Rating never asks for the passphrase.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "record.h"
#include "vocab.h"
#include "when.h"

#define NSIGNS     4
#define ANSWER_MAX 1024

/* What each step of the scale means. */
static const char *const scale[] = {"not at all", "a little", "somewhat", "mostly", "very much"};

struct opts {
	struct cli *cli;
	struct ebb_query q;
	bool history;  /* --history, -n, --from or --to */
	bool filtered; /* --from or --to */
	long n;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;
	int r;

	switch (c) {
	case 'H':
		o->history = true;
		return 0;
	case 'n':
		if (!cli_parse_int(arg, 1, 1000000, &o->n))
			return cli_usage(o->cli, "-n takes a number from 1 to 1000000");
		o->history = true;
		return 0;
	case CLI_OPT_FROM:
	case CLI_OPT_TO:
		r = cli_filter_opt(o->cli, &o->q, c, arg);
		o->history = o->filtered = true;
		return r;
	}
	return EX_USAGE;
}

/* ---- history ----------------------------------------------------------- */

struct shown {
	struct cli *cli;
	size_t count;
};

static enum ebb_status show(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct shown *s = ctx;
	const json_t *ratings = json_object_get(r->body, "ratings"), *x;
	char when[40], ids[EBB_ID_STR];
	json_t *o;
	size_t i;

	if (!s->cli->json) {
		if (s->count++ == 0) {
			puts("The four signs, from 0 (not at all) to 4 (very much):");
			for (i = 0; ebb_signs[i].name; i++)
				printf("  %c  %s\n", (int)('A' + i), ebb_signs[i].label);
			printf("\n%sdate        A B C D%s\n", cli_color(s->cli, CLI_DIM),
			       cli_color(s->cli, CLI_RESET));
		}
		ebb_when_format_date(when, sizeof(when), r->at, r->offset);
		fputs(when, stdout);
		fputc(' ', stdout);
		json_array_foreach(ratings, i, x) printf(" %lld", (long long)json_integer_value(x));
		fputc('\n', stdout);
		return EBB_OK;
	}
	ebb_id_format(ids, r->id);
	ebb_when_format_iso(when, sizeof(when), r->at, r->offset);
	o = json_pack("{s:s, s:s, s:O}", "id", ids, "at", when, "ratings", ratings);
	if (o == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	fputs(s->count++ ? ",\n" : "\n", stdout);
	json_dumpf(o, stdout, JSON_COMPACT);
	json_decref(o);
	return EBB_OK;
}

static int history(struct cli *cli, struct opts *o)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct shown s = {.cli = cli};
	int r = cli_open(cli, &v);

	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0) {
		o->q.kind = "signs";
		o->q.newest_first = true;
		o->q.limit = (size_t)o->n;
		if (cli->json)
			fputs("[", stdout);
		if (ebb_record_each(v, &o->q, show, &s, &err) != EBB_OK)
			r = cli_fail(&err);
		/* on an error the array is left open, so it cannot pass for whole */
		if (cli->json && r == 0)
			fputs(s.count ? "\n]\n" : "]\n", stdout);
		else if (r == 0 && s.count == 0)
			puts(o->filtered
			         ? "No ratings match."
			         : "No signs rated yet. 'ebb signs' on a terminal asks about "
			           "each one;\n'ebb signs 1 2 0 1' rates all four at once.");
	}
	ebb_vault_close(v);
	return r;
}

/* ---- rating ------------------------------------------------------------ */

/* Asks for each sign in turn, 0 to 4. */
static int ask_all(const struct cli *cli, long ratings[NSIGNS])
{
	struct ebb_buf ans;
	char prompt[256];
	const char *label;
	size_t i;
	int r = 0;

	ebb_buf_init(&ans, ANSWER_MAX);
	printf("%sFour signs that it is getting lighter.%s For each, how true is it today?\n",
	       cli_color(cli, CLI_BOLD), cli_color(cli, CLI_RESET));
	for (i = 0; i < sizeof(scale) / sizeof(scale[0]); i++)
		printf("%s%zu %s", i ? ", " : "  ", i, scale[i]);
	puts(".\nCtrl-D stops without saving anything.");
	for (i = 0; r == 0 && i < NSIGNS; i++) {
		label = ebb_signs[i].label;
		/* a sentence of its own here: its first letter in capitals */
		snprintf(prompt, sizeof(prompt), "\n%zu of 4. %s%c%s%s (0-4): ", i + 1,
		         cli_color(cli, CLI_BOLD),
		         label[0] >= 'a' && label[0] <= 'z' ? label[0] - 'a' + 'A' : label[0],
		         label + 1, cli_color(cli, CLI_RESET));
		for (;;) {
			r = cli_ask(prompt, &ans);
			if (r != 0)
				break;
			while (ans.len &&
			       (ans.data[ans.len - 1] == ' ' || ans.data[ans.len - 1] == '\t'))
				ans.data[--ans.len] = '\0';
			if (cli_parse_int(ans.data + strspn(ans.data, " \t"), 0, 4, &ratings[i]))
				break;
			puts("  A whole number from 0 (not at all) to 4 (very much), please.");
		}
	}
	ebb_buf_release(&ans);
	return r;
}

/* Records the ratings in v (open, locked or not). */
static int rate(struct cli *cli, struct ebb_vault *v, const long ratings[NSIGNS], bool asked)
{
	struct ebb_error err = {0};
	uint8_t id[EBB_ID_BYTES];
	char ids[EBB_ID_STR];
	json_t *body, *a = json_array(), *out;
	bool queued = false;
	int64_t now = (int64_t)time(NULL);
	size_t i;
	int r = 0;

	for (i = 0; a && i < NSIGNS; i++)
		if (json_array_append_new(a, json_integer(ratings[i])) != 0)
			r = EX_OSERR;
	body = json_pack("{s:o}", "ratings", a);
	if (body == NULL || r != 0) {
		json_decref(body);
		return cli_failf(EX_OSERR, "out of memory");
	}
	if (ebb_record_validate("signs", body, &err) != EBB_OK) {
		json_decref(body);
		return cli_usage(cli, "%s", err.msg);
	}
	cli_unlock_write(cli, v);
	if (ebb_record_add(v, "signs", now, ebb_when_local_offset(now), body, id, &queued, &err) !=
	    EBB_OK)
		r = cli_fail(&err);
	if (r == 0 && cli->json) {
		ebb_id_format(ids, id);
		out = json_pack("{s:s, s:O, s:b}", "id", ids, "ratings",
		                json_object_get(body, "ratings"), "queued", queued);
		if (out == NULL) {
			r = cli_failf(EX_OSERR, "out of memory");
		} else {
			json_dumpf(out, stdout, 0);
			fputc('\n', stdout);
			json_decref(out);
		}
	} else if (r == 0) {
		printf("%sNoted, from 0 (not at all) to 4 (very much):\n", asked ? "\n" : "");
		for (i = 0; i < NSIGNS; i++)
			printf("  %ld  %s\n", ratings[i], ebb_signs[i].label);
		if (queued)
			puts("Sealed while locked; it joins the rest when you next unlock.");
		puts("These tend to move slowly, and not in a straight line.");
	}
	json_decref(body);
	return r;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"history", no_argument, NULL, 'H'},
	    {"from", required_argument, NULL, CLI_OPT_FROM},
	    {"to", required_argument, NULL, CLI_OPT_TO},
	    {0},
	};
	struct opts o = {.cli = cli, .n = 1000000};
	struct ebb_vault *v = NULL;
	long ratings[NSIGNS];
	int first, nargs, i, r;

	ebb_query_init(&o.q);
	r = cli_getopt(cli, argc, argv, "n:", longopts, on_opt, &o, &first);
	if (r >= 0)
		return r;
	nargs = argc - first;
	if (nargs > 0 && (o.history || o.filtered))
		return cli_usage(cli, "rate the signs or show their history, not both");
	if (nargs == 0 && (o.history || o.filtered || !cli_interactive() || cli->json))
		return history(cli, &o);
	if (nargs != 0 && nargs != NSIGNS)
		return cli_usage(cli,
		                 "signs takes four numbers from 0 to 4, one per sign; "
		                 "%d %s given",
		                 nargs, nargs == 1 ? "was" : "were");
	for (i = 0; i < nargs; i++)
		if (!cli_parse_int(argv[first + i], 0, 4, &ratings[i]))
			return cli_usage(cli, "each sign is rated from 0 to 4, not '%.40s'",
			                 argv[first + i]);
	/* the vault must be there before anyone answers questions for it */
	r = cli_open(cli, &v);
	if (r == 0 && nargs == 0) {
		r = ask_all(cli, ratings);
		if (r == EX_NOINPUT) {
			puts("Stopped. Nothing was saved.");
			ebb_vault_close(v);
			return 0;
		}
	}
	if (r == 0)
		r = rate(cli, v, ratings, nargs == 0);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_signs = {
    .name = "signs",
    .usage = "[A B C D] [--history [-n N] [--from WHEN] [--to WHEN]]",
    .summary = "rate the four signs that it is getting lighter, or see how they moved",
    .help = "Four signs, each rated from 0 (not at all) to 4 (very much):\n"
            "  A  I can think of them without falling apart\n"
            "  B  the need to explain myself has faded\n"
            "  C  the lessons feel clearer than the loss\n"
            "  D  I trust myself more\n"
            "With four numbers, records them (never needs the passphrase). With none,\n"
            "on a terminal, asks about each in turn. With none elsewhere, or with\n"
            "--history, shows the ratings so far, newest first (needs the key or the\n"
            "passphrase).\n\n"
            "Options:\n"
            "  --history     show the ratings so far\n"
            "  -n N          only the latest N ratings\n"
            "  --from WHEN   ratings from this day or moment on\n"
            "  --to WHEN     ratings up to this day or moment\n"
            "  --json        the ratings (or the rating made) as JSON\n",
    .run = run,
};
