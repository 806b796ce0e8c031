/*
 * cmd-contact.c — `ebb contact`: a contact with them that happened. Some
 * people cannot or do not go no-contact (co-parents, colleagues), so this
 * is a fact noted, never judged. When the key kept by `ebb unlock` is at
 * hand, it says how many days lay between this contact and the one before,
 * plainly. Like every write, it never asks for the passphrase.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "record.h"
#include "when.h"

struct opts {
	struct cli *cli;
	const char *by, *note, *at;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	switch (c) {
	case 'b':
		o->by = arg;
		return 0;
	case 'n':
		o->note = arg;
		return 0;
	case 'a':
		o->at = arg;
		return 0;
	}
	return EX_USAGE;
}

struct previous {
	bool found;
	int64_t at;
	int32_t offset;
};

static enum ebb_status take_first(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct previous *p = ctx;

	(void)err;
	p->found = true;
	p->at = r->at;
	p->offset = r->offset;
	return EBB_OK;
}

/* Finds the latest contact at or before at. false when it cannot be read. */
static bool find_previous(struct ebb_vault *v, int64_t at, struct previous *out)
{
	struct ebb_error err = {0};
	struct ebb_query q;

	*out = (struct previous){0};
	ebb_query_init(&q);
	q.kind = "contact";
	q.to = at;
	q.newest_first = true;
	q.limit = 1;
	if (ebb_record_each(v, &q, take_first, out, &err) != EBB_OK) {
		fprintf(stderr, "ebb: warning: %s\n", err.msg);
		return false;
	}
	return true;
}

/* Says, neutrally, how long before this contact the previous one was. */
static void print_gap(const struct previous *p, int64_t days, bool now)
{
	if (!p->found)
		puts("This is the first contact noted here.");
	else if (days == 0)
		printf("The last contact before this was %s.\n",
		       now ? "earlier today" : "earlier the same day");
	else if (days == 1)
		printf("The last contact before this was %s.\n",
		       now ? "yesterday" : "the day before");
	else
		printf("The last contact before this was %lld days %s.\n", (long long)days,
		       now ? "ago" : "earlier");
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"by", required_argument, NULL, 'b'},
	    {"note", required_argument, NULL, 'n'},
	    {"at", required_argument, NULL, 'a'},
	    {0},
	};
	struct opts o = {.cli = cli};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct previous prev = {0};
	struct ebb_when w;
	uint8_t id[EBB_ID_BYTES];
	char ids[EBB_ID_STR];
	json_t *body = NULL, *out;
	bool queued = false, known = false;
	int64_t now = (int64_t)time(NULL), days = 0;
	int first, r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli,
		                 "contact takes no arguments; '%s' is extra (a note goes "
		                 "after --note)",
		                 argv[first]);
	if (o.by && strcmp(o.by, "me") != 0 && strcmp(o.by, "them") != 0)
		return cli_usage(cli, "--by is 'me' or 'them', not '%.40s'", o.by);
	w.at = now;
	w.offset = ebb_when_local_offset(now);
	if (o.at && ebb_when_parse(&w, o.at, now, EBB_WHEN_DAY_KEEPS_NOW, &err) != EBB_OK)
		return cli_usage(cli, "%s", err.msg);
	if (w.at > now + 60)
		return cli_usage(cli, "--at is a moment that has not come yet");
	body = json_object();
	if (body == NULL || (o.by && json_object_set_new(body, "by", json_string(o.by)) != 0)) {
		r = cli_failf(EX_OSERR, "out of memory");
		goto done;
	}
	if (o.note && json_object_set_new(body, "note", json_string(o.note)) != 0) {
		r = cli_usage(cli, "the note is not valid UTF-8 text");
		goto done;
	}
	if (ebb_record_validate("contact", body, &err) != EBB_OK) {
		r = cli_usage(cli, "%s", err.msg);
		goto done;
	}
	r = cli_open(cli, &v);
	if (r != 0)
		goto done;
	cli_unlock_write(cli, v);
	if (ebb_vault_is_unlocked(v)) {
		/* contacts noted while locked count too */
		(void)ebb_vault_fold(v, NULL, &(struct ebb_error){0});
		known = find_previous(v, w.at, &prev);
		if (prev.found)
			days = ebb_when_days_between(prev.at, prev.offset, w.at, w.offset);
	}
	if (ebb_record_add(v, "contact", w.at, w.offset, body, id, &queued, &err) != EBB_OK) {
		r = cli_fail(&err);
		goto done;
	}
	if (!cli->json) {
		puts("Contact noted.");
		if (queued)
			puts("Sealed while locked; it joins the rest when you next unlock.");
		if (known)
			print_gap(&prev, days, o.at == NULL);
		goto done;
	}
	ebb_id_format(ids, id);
	out = json_pack("{s:s, s:O, s:o, s:b}", "id", ids, "by",
	                o.by ? json_object_get(body, "by") : json_null(), "days_since_previous",
	                known && prev.found ? json_integer(days) : json_null(), "queued", queued);
	if (out == NULL) {
		r = cli_failf(EX_OSERR, "out of memory");
		goto done;
	}
	json_dumpf(out, stdout, 0);
	fputc('\n', stdout);
	json_decref(out);
done:
	json_decref(body);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_contact = {
    .name = "contact",
    .usage = "[--by me|them] [--note TEXT] [--at WHEN]",
    .summary = "note a contact with them that happened",
    .help = "Records a contact that happened: some people can't or don't go no-contact,\n"
            "and that is nobody's verdict to give. When the vault is unlocked it says\n"
            "how many days lay between this contact and the one before. It never needs\n"
            "the passphrase.\n\n"
            "Options:\n"
            "  --by me|them   who reached out\n"
            "  --note TEXT    a few words about it\n"
            "  --at WHEN      when it was: yesterday, 21:30, 'monday 9pm', 2026-03-04...\n",
    .run = run,
};
