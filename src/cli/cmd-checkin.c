/*
 * cmd-checkin.c — `ebb checkin INTENSITY`: how heavy today is, 0 to 10.
 * Never asks for the passphrase: on a locked vault the check-in is sealed
 * into the inbox and joins the rest at the next unlock.
 */
#include <jansson.h>
#include <time.h>

#include "cli.h"
#include "record.h"
#include "when.h"

struct opts {
	struct cli *cli;
	const char *note, *at;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	switch (c) {
	case 'n':
		o->note = arg;
		return 0;
	case 'a':
		o->at = arg;
		return 0;
	}
	return EX_USAGE;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"note", required_argument, NULL, 'n'},
	    {"at", required_argument, NULL, 'a'},
	    {0},
	};
	struct opts o = {.cli = cli};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_when w;
	uint8_t id[EBB_ID_BYTES];
	char ids[EBB_ID_STR];
	json_t *body = NULL;
	bool queued = false;
	int64_t now = (int64_t)time(NULL);
	long intensity;
	int first, r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	if (first >= argc)
		return cli_usage(cli, "how heavy is today, from 0 (light) to 10 (heaviest)? "
		                      "for example: ebb checkin 4");
	if (first + 1 < argc)
		return cli_usage(cli, "checkin takes one number; '%s' is extra", argv[first + 1]);
	if (!cli_parse_int(argv[first], 0, 10, &intensity))
		return cli_usage(cli, "the intensity is a whole number from 0 to 10, not '%s'",
		                 argv[first]);
	w.at = now;
	w.offset = ebb_when_local_offset(now);
	if (o.at && ebb_when_parse(&w, o.at, now, EBB_WHEN_DAY_KEEPS_NOW, &err) != EBB_OK)
		return cli_usage(cli, "%s", err.msg);
	if (w.at > now + 60)
		return cli_usage(cli, "--at is a moment that has not come yet");

	body = json_pack("{s:i}", "intensity", (int)intensity);
	if (body == NULL)
		return cli_failf(EX_OSERR, "out of memory");
	if (o.note && json_object_set_new(body, "note", json_string(o.note)) != 0) {
		json_decref(body);
		return cli_usage(cli, "the note is not valid UTF-8 text");
	}
	if (ebb_record_validate("checkin", body, &err) != EBB_OK) {
		json_decref(body);
		return cli_usage(cli, "%s", err.msg);
	}
	r = cli_open(cli, &v);
	if (r == 0) {
		cli_unlock_write(cli, v);
		if (ebb_record_add(v, "checkin", w.at, w.offset, body, id, &queued, &err) != EBB_OK)
			r = cli_fail(&err);
	}
	if (r == 0) {
		ebb_id_format(ids, id);
		if (cli->json) {
			printf("{\"id\": \"%s\", \"intensity\": %ld, \"queued\": %s}\n", ids,
			       intensity, queued ? "true" : "false");
		} else {
			printf("Checked in: %ld out of 10.\n", intensity);
			if (queued)
				puts(
				    "Sealed while locked; it joins the rest when you next unlock.");
		}
		if (intensity == 10) {
			/* with --json, stdout is for programs: the words go to the person */
			FILE *f = cli->json ? stderr : stdout;
			fputs("\nThat is as heavy as the scale goes. You don't have to carry it "
			      "alone.\n",
			      f);
			cli_print_crisis(f);
		}
	}
	json_decref(body);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_checkin = {
    .name = "checkin",
    .usage = "INTENSITY [--note TEXT] [--at WHEN]",
    .summary = "note how heavy today is, from 0 (light) to 10 (heaviest)",
    .help = "Records a check-in. It never needs the passphrase: while the vault is\n"
            "locked, the check-in is sealed so only your passphrase can open it.\n\n"
            "Options:\n"
            "  --note TEXT   a few words about today\n"
            "  --at WHEN     when it was: yesterday, 21:30, 'monday 9pm', 2026-03-04...\n",
    .run = run,
};
