/*
 * cmd-checkin.c — `ebb checkin [INTENSITY]`: how heavy today is, 0 to 10,
 * with the feelings that are here and what is being grieved (the words of
 * vocab.h). Given no intensity on a terminal it asks, one question at a
 * time; Ctrl-D at any question stops and saves nothing.
 *
 * Never asks for the passphrase: on a locked vault the check-in is sealed
 * into the inbox and joins the rest at the next unlock.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "record.h"
#include "vocab.h"
#include "when.h"

#define ANSWER_MAX (64u * 1024) /* one line typed at a question */

struct opts {
	struct cli *cli;
	const char *note, *at, *feel, *grieving;
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
	case 'f':
		o->feel = arg;
		return 0;
	case 'g':
		o->grieving = arg;
		return 0;
	}
	return EX_USAGE;
}

/* ---- words ----------------------------------------------------------- */

/*
 * Adds to out (a JSON array) each word of list named in text, separated by
 * commas or blanks, once each. EBB_ERR_INVALID when a word is not in list
 * (*bad and *badlen point at it in text), EBB_ERR_NOMEM.
 */
static enum ebb_status words_parse(json_t *out, const struct ebb_word *list, const char *text,
                                   bool numbers, const char **bad, int *badlen)
{
	const char *sep = ", \t\r\n";
	const struct ebb_word *w;
	size_t n, i;
	bool seen;

	for (text += strspn(text, sep); *text; text += n, text += strspn(text, sep)) {
		n = strcspn(text, sep);
		w = cli_word_lookup(list, text, n, numbers);
		if (w == NULL) {
			*bad = text;
			for (i = n > 40 ? 40 : n;
			     i > 0 && i < n && ((unsigned char)text[i] & 0xC0) == 0x80;)
				i--; /* cut on a character boundary */
			*badlen = (int)i;
			return EBB_ERR_INVALID;
		}
		seen = false;
		for (i = 0; i < json_array_size(out); i++)
			seen |= strcmp(json_string_value(json_array_get(out, i)), w->name) == 0;
		if (!seen && json_array_append_new(out, json_string(w->name)) != 0)
			return EBB_ERR_NOMEM;
	}
	return EBB_OK;
}

/* Parses an option's LIST into out; a usage error names an unknown word. */
static int list_opt(struct cli *cli, json_t *out, const struct ebb_word *list, const char *option,
                    const char *what, const char *text)
{
	char names[512];
	const char *bad = "";
	int badlen = 0;

	switch (words_parse(out, list, text, false, &bad, &badlen)) {
	case EBB_OK:
		return 0;
	case EBB_ERR_INVALID:
		cli_words_join(names, sizeof(names), list);
		return cli_usage(cli, "%s: '%.*s' is not %s: %s", option, badlen, bad, what, names);
	default:
		return cli_failf(EX_OSERR, "out of memory");
	}
}

/* ---- asking on a terminal --------------------------------------------- */

/* Drops blanks at both ends of s, in place. */
static char *trim(char *s)
{
	char *end;

	s += strspn(s, " \t");
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

/* Prints the names of list, comma separated, wrapped under 76 columns. */
static void print_names(const struct ebb_word *list)
{
	size_t col = 0, n;

	for (; list->name; list++) {
		n = strlen(list->name) + (list[1].name ? 1 : 0);
		if (col == 0 || col + 1 + n > 76) {
			fputs(col ? "\n  " : "  ", stdout);
			col = 2;
		} else {
			fputc(' ', stdout);
			col++;
		}
		printf("%s%s", list->name, list[1].name ? "," : "");
		col += n;
	}
	fputc('\n', stdout);
}

/* Asks until the answer is a whole number from 0 to 10. */
static int ask_intensity(const struct cli *cli, struct ebb_buf *ans, long *out)
{
	int r;

	printf("%sHow heavy is today, from 0 (light) to 10 (the heaviest it gets)?%s\n",
	       cli_color(cli, CLI_BOLD), cli_color(cli, CLI_RESET));
	for (;;) {
		r = cli_ask("Intensity (0-10): ", ans);
		if (r != 0)
			return r;
		if (cli_parse_int(trim(ans->data), 0, 10, out))
			return 0;
		puts("  Just a whole number from 0 to 10, please. (Ctrl-D stops without saving.)");
	}
}

/* Asks until every word of the answer is in list (blank: none). */
static int ask_words(const struct cli *cli, struct ebb_buf *ans, json_t *out,
                     const struct ebb_word *list, bool numbered, const char *question,
                     const char *prompt)
{
	const char *bad = "";
	int badlen = 0, r;

	printf("\n%s%s%s\n", cli_color(cli, CLI_BOLD), question, cli_color(cli, CLI_RESET));
	if (numbered)
		for (size_t i = 0; list[i].name; i++)
			printf("  %zu  %-11s %s\n", i + 1, list[i].name, list[i].label);
	else
		print_names(list);
	for (;;) {
		r = cli_ask(prompt, ans);
		if (r != 0)
			return r;
		json_array_clear(out);
		switch (words_parse(out, list, ans->data, numbered, &bad, &badlen)) {
		case EBB_OK:
			return 0;
		case EBB_ERR_INVALID:
			printf("  '%.*s' is not one of these. Try again, or leave it blank.\n",
			       badlen, bad);
			break;
		default:
			return cli_failf(EX_OSERR, "out of memory");
		}
	}
}

/* Shows the crisis lines, to stderr when stdout is for programs. */
static void crisis(const struct cli *cli)
{
	FILE *f = cli->json ? stderr : stdout;

	fputs("\nThat is as heavy as the scale goes. You don't have to carry it alone.\n", f);
	cli_print_crisis(f);
}

/*
 * The questions for whatever the options left open. Returns 0, EX_NOINPUT
 * when the person stopped (Ctrl-D), or an exit status.
 */
static int ask_all(const struct cli *cli, const struct opts *o, long *intensity, json_t *feelings,
                   json_t *grieving, json_t *body)
{
	struct ebb_buf ans;
	int r;

	ebb_buf_init_secret(&ans, ANSWER_MAX);
	puts("A check-in, one question at a time. Only the first needs an answer;\n"
	     "Ctrl-D at any question stops without saving anything.\n");
	r = ask_intensity(cli, &ans, intensity);
	if (r == 0 && *intensity == 10) {
		crisis(cli);
		puts("\nWhen you're ready, the rest of the check-in:");
	}
	if (r == 0 && o->feel == NULL)
		r = ask_words(cli, &ans, feelings, ebb_feelings, false,
		              "Which feelings are here? Any of these, by name:",
		              "Feelings (blank for none): ");
	if (r == 0 && o->grieving == NULL)
		r = ask_words(cli, &ans, grieving, ebb_facets, true,
		              "What are you grieving today? Any of these, by number or name:",
		              "Grieving (blank for none): ");
	if (r == 0 && o->note == NULL)
		r = cli_ask_note("A few words about today (blank for none): ", &ans, body);
	ebb_buf_release(&ans);
	return r;
}

/* ---- the command ------------------------------------------------------ */

static int print_result(const struct cli *cli, const uint8_t id[EBB_ID_BYTES], long intensity,
                        json_t *feelings, json_t *grieving, bool queued)
{
	char ids[EBB_ID_STR];
	json_t *out;

	ebb_id_format(ids, id);
	if (!cli->json) {
		printf("Checked in: %ld out of 10.\n", intensity);
		if (queued)
			puts("Sealed while locked; it joins the rest when you next unlock.");
		return 0;
	}
	out = json_pack("{s:s, s:i, s:O, s:O, s:b}", "id", ids, "intensity", (int)intensity,
	                "feelings", feelings, "grieving", grieving, "queued", queued);
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
	    {"note", required_argument, NULL, 'n'},
	    {"at", required_argument, NULL, 'a'},
	    {"feel", required_argument, NULL, 'f'},
	    {"grieving", required_argument, NULL, 'g'},
	    {0},
	};
	struct opts o = {.cli = cli};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_when w;
	uint8_t id[EBB_ID_BYTES];
	json_t *body = NULL, *feelings = json_array(), *grieving = json_array();
	bool queued = false, ask = false;
	int64_t now = (int64_t)time(NULL);
	long intensity = -1;
	int first, r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);

	if (r >= 0)
		goto done;
	r = 0;
	ask = first >= argc && cli_interactive() && !cli->json;
	if (first >= argc && !ask)
		r = cli_usage(cli, "how heavy is today, from 0 (light) to 10 (heaviest)? "
		                   "for example: ebb checkin 4");
	else if (first + 1 < argc)
		r = cli_usage(cli, "checkin takes one number; '%s' is extra", argv[first + 1]);
	else if (!ask && !cli_parse_int(argv[first], 0, 10, &intensity))
		r = cli_usage(cli, "the intensity is a whole number from 0 to 10, not '%s'",
		              argv[first]);
	if (r != 0)
		goto done;
	w.at = now;
	w.offset = ebb_when_local_offset(now);
	if (o.at && ebb_when_parse(&w, o.at, now, EBB_WHEN_DAY_KEEPS_NOW, &err) != EBB_OK) {
		r = cli_usage(cli, "%s", err.msg);
		goto done;
	}
	if (w.at > now + 60) {
		r = cli_usage(cli, "--at is a moment that has not come yet");
		goto done;
	}
	body = json_object();
	if (body == NULL || feelings == NULL || grieving == NULL) {
		r = cli_failf(EX_OSERR, "out of memory");
		goto done;
	}
	if (o.feel)
		r = list_opt(cli, feelings, ebb_feelings, "--feel", "a feeling ebb knows", o.feel);
	if (r == 0 && o.grieving)
		r = list_opt(cli, grieving, ebb_facets, "--grieving", "one of the four ebb knows",
		             o.grieving);
	if (r == 0 && o.note && json_object_set_new(body, "note", json_string(o.note)) != 0)
		r = cli_usage(cli, "the note is not valid UTF-8 text");
	if (r != 0)
		goto done;
	/* the vault must be there before anyone answers questions for it */
	r = cli_open(cli, &v);
	if (r == 0 && ask) {
		r = ask_all(cli, &o, &intensity, feelings, grieving, body);
		if (r == EX_NOINPUT) {
			puts("Stopped. Nothing was saved.");
			r = 0;
			goto done;
		}
		if (o.at == NULL) { /* the moment it was answered */
			w.at = (int64_t)time(NULL);
			w.offset = ebb_when_local_offset(w.at);
		}
		fputc('\n', stdout);
	}
	if (r != 0)
		goto done;
	if (json_object_set_new(body, "intensity", json_integer(intensity)) != 0 ||
	    (json_array_size(feelings) && json_object_set(body, "feelings", feelings) != 0) ||
	    (json_array_size(grieving) && json_object_set(body, "grieving", grieving) != 0)) {
		r = cli_failf(EX_OSERR, "out of memory");
		goto done;
	}
	if (ebb_record_validate("checkin", body, &err) != EBB_OK) {
		r = cli_usage(cli, "%s", err.msg);
		goto done;
	}
	cli_unlock_write(cli, v);
	if (ebb_record_add(v, "checkin", w.at, w.offset, body, id, &queued, &err) != EBB_OK) {
		r = cli_fail(&err);
		goto done;
	}
	r = print_result(cli, id, intensity, feelings, grieving, queued);
done:
	/* at the top of the scale the lines to call show whatever else
	 * happened: no vault, a full disk, a word ebb did not know */
	if (intensity == 10 && !ask)
		crisis(cli);
	json_decref(body);
	json_decref(feelings);
	json_decref(grieving);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_checkin = {
    .name = "checkin",
    .usage = "[INTENSITY] [--feel LIST] [--grieving LIST] [--note TEXT] [--at WHEN]",
    .summary = "note how heavy today is, from 0 (light) to 10 (heaviest)",
    .help = "Records a check-in. It never needs the passphrase: while the vault is\n"
            "locked, the check-in is sealed so only your passphrase can open it.\n"
            "With no intensity on a terminal, it asks one question at a time\n"
            "(Ctrl-D stops without saving).\n\n"
            "Options:\n"
            "  --feel LIST       feelings that are here, separated by commas:\n"
            "                    sadness, anger, longing, relief, numbness, guilt,\n"
            "                    hope, loneliness, love, fear, calm, shame, regret,\n"
            "                    gratitude, confusion, tiredness, jealousy, freedom\n"
            "  --grieving LIST   what is being grieved today, separated by commas:\n"
            "                    potential (the future imagined), self (who I was in\n"
            "                    it), investment (the time and care given), familiar\n"
            "                    (the predictability of a known pain)\n"
            "  --note TEXT       a few words about today\n"
            "  --at WHEN         when it was: yesterday, 21:30, 'monday 9pm', 2026-03-04...\n",
    .run = run,
};
