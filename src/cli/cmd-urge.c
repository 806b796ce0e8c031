/*
 * cmd-urge.c — `ebb urge`: the moment of wanting to text, call, look, go
 * back or ask for one last conversation. On a terminal, with parts left
 * open, it walks the moment one step at a time: what the urge is for, the
 * feeling under it, the person's own reasons for leaving, a pause, what
 * they chose, a note. Every part can also be given as an option.
 *
 * Nothing is judged: an urge acted on (see ebb_urge_acted) is counted apart
 * from one let pass, and both are simply noted. Like every write, it never
 * asks for the passphrase; the reasons and the week's counts are shown only
 * when the key kept by `ebb unlock` is at hand.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "text.h"
#include "record.h"
#include "vocab.h"
#include "when.h"

#define ANSWER_MAX  (64u * 1024) /* one line typed at a question */
#define REASONS_MAX 12           /* reasons shown in the moment */

struct opts {
	struct cli *cli;
	const char *what, *feel, *did, *note, *at;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	switch (c) {
	case 'f':
		o->what = arg;
		return 0;
	case 'e':
		o->feel = arg;
		return 0;
	case 'd':
		o->did = arg;
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

/* ---- words ----------------------------------------------------------- */

/* Puts the word an option names into body[key]; a usage error otherwise. */
static int word_opt(struct cli *cli, json_t *body, const char *key, const struct ebb_word *list,
                    const char *option, const char *what, const char *text)
{
	const struct ebb_word *w = cli_word_lookup(list, text, strlen(text), false);
	char names[512];

	if (w == NULL) {
		cli_words_join(names, sizeof(names), list);
		return cli_usage(cli, "%s: '%.40s' is not %s: %s", option, text, what, names);
	}
	if (json_object_set_new(body, key, json_string(w->name)) != 0)
		return cli_failf(EX_OSERR, "out of memory");
	return 0;
}

/* ---- what the key lets us show --------------------------------------- */

struct reasons {
	size_t count;
};

static enum ebb_status show_reason(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct reasons *s = ctx;
	const char *t = json_string_value(json_object_get(r->body, "text"));
	size_t n;

	(void)err;
	if (t == NULL || ebb_text_blank(t) || s->count++ >= REASONS_MAX)
		return EBB_OK;
	fputs("  - ", stdout);
	for (;;) { /* each line of a reason under the first */
		n = strcspn(t, "\n");
		fwrite(t, 1, n, stdout);
		fputc('\n', stdout);
		if (t[n] == '\0' || t[n + 1] == '\0')
			break;
		t += n + 1;
		fputs("    ", stdout);
	}
	return EBB_OK;
}

/* Shows the person's own reasons for leaving, when the key allows it. */
static void show_reasons(const struct cli *cli, struct ebb_vault *v, bool key)
{
	struct ebb_error err = {0};
	struct ebb_query q;
	struct reasons s = {0};

	fputc('\n', stdout);
	if (!key) {
		puts("Your own reasons for leaving would be here. They appear once the vault is\n"
		     "unlocked with 'ebb unlock'; you can go on without them.");
		return;
	}
	printf("%sYour own reasons for leaving, in your words:%s\n", cli_color(cli, CLI_BOLD),
	       cli_color(cli, CLI_RESET));
	ebb_query_init(&q);
	q.kind = "reason";
	if (ebb_record_each(v, &q, show_reason, &s, &err) != EBB_OK) {
		fprintf(stderr, "ebb: warning: %s\n", err.msg);
		return;
	}
	if (s.count > REASONS_MAX)
		printf("  (and %zu more: 'ebb reasons' shows them all)\n", s.count - REASONS_MAX);
	if (s.count == 0)
		puts("  None written down yet. When you're ready, 'ebb reasons add TEXT' keeps\n"
		     "  them here for moments like this one.");
}

struct week {
	size_t urges, acted;
};

static enum ebb_status count_urge(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct week *w = ctx;

	(void)err;
	w->urges++;
	if (ebb_urge_acted(json_string_value(json_object_get(r->body, "did"))))
		w->acted++;
	return EBB_OK;
}

/* Counts the urges of the last 7 days (today and the 6 before). */
static bool count_week(struct ebb_vault *v, struct week *out)
{
	struct ebb_error err = {0};
	struct ebb_query q;
	struct ebb_when w;

	*out = (struct week){0};
	if (ebb_when_parse(&w, "6 days ago 00:00", (int64_t)time(NULL), 0, &err) != EBB_OK)
		return false;
	ebb_query_init(&q);
	q.kind = "urge";
	q.from = w.at;
	if (ebb_record_each(v, &q, count_urge, out, &err) != EBB_OK) {
		fprintf(stderr, "ebb: warning: %s\n", err.msg);
		return false;
	}
	return true;
}

/* ---- walking the moment ---------------------------------------------- */

/* Asks for one word of list into body[key] until it is one, or blank. */
static int ask_word(const struct cli *cli, struct ebb_buf *ans, json_t *body, const char *key,
                    const struct ebb_word *list, bool numbered, const char *question,
                    const char *prompt)
{
	const struct ebb_word *w;
	size_t col = 0, i, n;
	int r;

	printf("\n%s%s%s\n", cli_color(cli, CLI_BOLD), question, cli_color(cli, CLI_RESET));
	for (i = 0; list[i].name; i++) {
		if (numbered) {
			printf("  %zu  %-12s %s\n", i + 1, list[i].name, list[i].label);
			continue;
		}
		n = strlen(list[i].name) + (list[i + 1].name ? 1 : 0);
		if (col == 0 || col + 1 + n > 76) {
			fputs(col ? "\n  " : "  ", stdout);
			col = 2;
		} else {
			fputc(' ', stdout);
			col++;
		}
		printf("%s%s", list[i].name, list[i + 1].name ? "," : "");
		col += n;
	}
	if (!numbered)
		fputc('\n', stdout);
	for (;;) {
		r = cli_ask(prompt, ans);
		if (r != 0)
			return r;
		if (ebb_text_blank(ans->data))
			return 0;
		w = cli_word_lookup(list, ans->data, ans->len, numbered);
		if (w != NULL)
			return json_object_set_new(body, key, json_string(w->name)) == 0
			           ? 0
			           : cli_failf(EX_OSERR, "out of memory");
		printf("  '%.40s' is not one of these. Try again, or leave it blank.\n", ans->data);
	}
}

/*
 * Walks the parts of the moment the options left open. Returns 0,
 * EX_NOINPUT when the person stopped (Ctrl-D), or an exit status.
 */
static int walk(const struct cli *cli, struct ebb_vault *v, bool key, json_t *body)
{
	struct ebb_buf ans;
	int r = 0;

	ebb_buf_init_secret(&ans, ANSWER_MAX);
	puts("An urge is here. Let's take it one step at a time. Leave anything blank to\n"
	     "skip it; Ctrl-D stops without saving anything.");
	if (json_object_get(body, "for") == NULL)
		r = ask_word(cli, &ans, body, "for", ebb_urge_for, true, "What is the urge for?",
		             "The urge is (a number or name, blank to skip): ");
	if (r == 0 && json_object_get(body, "feeling") == NULL)
		r = ask_word(cli, &ans, body, "feeling", ebb_feelings, false,
		             "What feeling is underneath it? Name the closest one:",
		             "Feeling (blank to skip): ");
	if (r == 0 && json_object_get(body, "did") == NULL) {
		show_reasons(cli, v, key);
		printf("\n%sBefore choosing anything, a pause.%s\n"
		       "Breathe in slowly for four, and out for six. A few times, no hurry.\n"
		       "A feeling is not an instruction: it can be here, strong, and still pass\n"
		       "without you doing what it asks.\n",
		       cli_color(cli, CLI_BOLD), cli_color(cli, CLI_RESET));
		r = cli_ask("Press Enter when you're ready: ", &ans);
		if (r == 0)
			r = ask_word(cli, &ans, body, "did", ebb_urge_did, true,
			             "What did you do with it, or what are you doing now?",
			             "Your choice (a number or name, blank to leave it open): ");
	}
	if (r == 0 && json_object_get(body, "note") == NULL)
		r = cli_ask_note("Anything else about this moment? (blank for none): ", &ans, body);
	ebb_buf_release(&ans);
	return r;
}

/* ---- the command ------------------------------------------------------ */

/* Words for whatever was chosen; none of them judges. */
static const char *kind_words(const char *did)
{
	if (did == NULL)
		return "Noted. Naming an urge is already a pause between the feeling and what you "
		       "do.";
	if (ebb_urge_acted(did))
		return "Noted. Reaching out happens, and writing it down honestly is part of this "
		       "too.\nBe gentle with yourself.";
	return "Noted. You felt it and let it pass; that took something.";
}

/* x, or JSON null when x is NULL (borrowed either way). */
static json_t *or_null(json_t *x)
{
	return x ? x : json_null();
}

static int print_result(const struct cli *cli, const uint8_t id[EBB_ID_BYTES], const json_t *body,
                        bool queued, const struct week *week)
{
	const char *did = json_string_value(json_object_get(body, "did"));
	char ids[EBB_ID_STR];
	json_t *out, *wk;

	if (!cli->json) {
		puts(kind_words(did));
		if (queued)
			puts("Sealed while locked; it joins the rest when you next unlock.");
		if (week)
			printf("Urges in the last 7 days: %zu. Let pass: %zu. Acted on: %zu.\n",
			       week->urges, week->urges - week->acted, week->acted);
		return 0;
	}
	ebb_id_format(ids, id);
	wk = week ? json_pack("{s:I, s:I, s:I}", "total", (json_int_t)week->urges, "let_pass",
	                      (json_int_t)(week->urges - week->acted), "acted_on",
	                      (json_int_t)week->acted)
	          : json_null();
	out = json_pack("{s:s, s:O, s:O, s:O, s:O, s:b, s:b, s:o}", "id", ids, "intensity",
	                or_null(json_object_get(body, "intensity")), "for",
	                or_null(json_object_get(body, "for")), "feeling",
	                or_null(json_object_get(body, "feeling")), "did",
	                or_null(json_object_get(body, "did")), "acted", ebb_urge_acted(did),
	                "queued", queued, "week", wk);
	if (out == NULL)
		return cli_failf(EX_OSERR, "out of memory");
	json_dumpf(out, stdout, 0);
	fputc('\n', stdout);
	json_decref(out);
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"for", required_argument, NULL, 'f'}, {"feel", required_argument, NULL, 'e'},
	    {"did", required_argument, NULL, 'd'}, {"note", required_argument, NULL, 'n'},
	    {"at", required_argument, NULL, 'a'},  {0},
	};
	struct opts o = {.cli = cli};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_when w;
	struct week week;
	uint8_t id[EBB_ID_BYTES];
	json_t *body = NULL;
	bool queued = false, key = false, counted = false;
	int64_t now = (int64_t)time(NULL);
	long intensity = -1;
	int first, r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	if (first + 1 < argc)
		return cli_usage(cli, "urge takes at most one number; '%s' is extra",
		                 argv[first + 1]);
	if (first < argc && !cli_parse_int(argv[first], 0, 10, &intensity))
		return cli_usage(cli, "the intensity is a whole number from 0 to 10, not '%s'",
		                 argv[first]);
	w.at = now;
	w.offset = ebb_when_local_offset(now);
	if (o.at && ebb_when_parse(&w, o.at, now, EBB_WHEN_DAY_KEEPS_NOW, &err) != EBB_OK)
		return cli_usage(cli, "%s", err.msg);
	if (w.at > now + 60)
		return cli_usage(cli, "--at is a moment that has not come yet");
	body = json_object();
	if (body == NULL)
		return cli_failf(EX_OSERR, "out of memory");
	r = 0;
	if (intensity >= 0 && json_object_set_new(body, "intensity", json_integer(intensity)) != 0)
		r = cli_failf(EX_OSERR, "out of memory");
	if (r == 0 && o.what)
		r = word_opt(cli, body, "for", ebb_urge_for, "--for", "an urge ebb knows", o.what);
	if (r == 0 && o.feel)
		r = word_opt(cli, body, "feeling", ebb_feelings, "--feel", "a feeling ebb knows",
		             o.feel);
	if (r == 0 && o.did)
		r = word_opt(cli, body, "did", ebb_urge_did, "--did", "a choice ebb knows", o.did);
	if (r == 0 && o.note && json_object_set_new(body, "note", json_string(o.note)) != 0)
		r = cli_usage(cli, "the note is not valid UTF-8 text");
	if (r == 0)
		r = cli_open(cli, &v);
	if (r != 0)
		goto done;
	cli_unlock_write(cli, v);
	key = ebb_vault_is_unlocked(v);
	if (key) /* urges and reasons written while locked join the rest first */
		(void)ebb_vault_fold(v, NULL, &(struct ebb_error){0});
	if (cli_interactive() && !cli->json && !(o.what && o.feel && o.did)) {
		r = walk(cli, v, key, body);
		if (r == EX_NOINPUT) {
			puts("Stopped. Nothing was saved.");
			r = 0;
			goto done;
		}
		if (r != 0)
			goto done;
		if (o.at == NULL) { /* the moment it was answered */
			w.at = (int64_t)time(NULL);
			w.offset = ebb_when_local_offset(w.at);
		}
		fputc('\n', stdout);
	}
	if (ebb_record_validate("urge", body, &err) != EBB_OK) {
		r = cli_usage(cli, "%s", err.msg);
		goto done;
	}
	if (ebb_record_add(v, "urge", w.at, w.offset, body, id, &queued, &err) != EBB_OK) {
		r = cli_fail(&err);
		goto done;
	}
	counted = key && !queued && count_week(v, &week);
	r = print_result(cli, id, body, queued, counted ? &week : NULL);
done:
	json_decref(body);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_urge = {
    .name = "urge",
    .usage = "[INTENSITY] [--for WHAT] [--feel FEELING] [--did ACTION] [--note TEXT] [--at WHEN]",
    .summary = "note an urge to reach out, and what you did with it",
    .help = "Records the moment of wanting to text, call, look at their profile, go back\n"
            "or ask for one last conversation. Nothing is judged: urges you acted on are\n"
            "counted apart from urges you let pass. It never needs the passphrase.\n"
            "On a terminal, with parts left open, it walks the moment one step at a\n"
            "time and shows your own reasons for leaving (when unlocked).\n\n"
            "Arguments and options:\n"
            "  INTENSITY         how strong it is, 0 to 10, if you want to note it\n"
            "  --for WHAT        text, call, look, go-back, closure or other\n"
            "  --feel FEELING    the feeling underneath it (sadness, longing, anger, ...)\n"
            "  --did ACTION      waited, wrote, breathed, reached-out or other\n"
            "  --note TEXT       a few words about the moment\n"
            "  --at WHEN         when it was: 21:30, yesterday, 'friday 9pm', ...\n",
    .run = run,
};
