/*
 * cmd-help.c — `ebb help [COMMAND | crisis | words]`: the list of
 * commands, one command's help, where to find a person right now, and the
 * words ebb knows (what --feel, --grieving, --for, --did, --prompt, --kind
 * and --relationship take).
 *
 * help never opens the vault. The shell completions read the list of
 * commands and `ebb help words OPTION` at completion time, so the words
 * printed here are the interface they parse: `ebb help` lists commands as
 * "  NAME  SUMMARY" between "Commands:" and a blank line, and `ebb help
 * words OPTION` prints one word a line, first on the line.
 */
#include <string.h>

#include "cli.h"
#include "crisis.h"
#include "lists.h"
#include "record.h"
#include "vocab.h"

enum { OPT_COUNTRY = 0x3000, OPT_ALL };

struct opts {
	struct cli *cli;
	const char *country; /* --country, or NULL */
	bool all;            /* --all */
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	switch (c) {
	case OPT_COUNTRY:
		o->country = arg;
		return 0;
	case OPT_ALL:
		o->all = true;
		return 0;
	}
	return EX_USAGE;
}

/* ---- the words ebb knows --------------------------------------------------- */

/* The record kinds --kind takes; only those ebb_kind_known accepts are shown. */
static const struct ebb_word kinds[] = {
    {"checkin", "a check-in"},
    {"entry", "something you wrote"},
    {"urge", "an urge"},
    {"signs", "the four signs of healing"},
    {"reason", "a reason you left"},
    {"miss", "something you miss"},
    {"contact", "a contact that happened"},
    {"date", "a hard date"},
    {"plan", "your safety plan"},
    {"profile", "about you and them"},
    {NULL, NULL},
};

static const struct word_list {
	const char *option;   /* the option (or argument) taking these words, no "--" */
	bool argument;        /* an argument (PART), not an option */
	const char *commands; /* the commands that take them, " name name ", or NULL: all */
	const char *about;
	const struct ebb_word *words;
} lists[] = {
    {"feel", false, NULL, "how it feels", ebb_feelings},
    {"grieving", false, NULL, "what is being grieved", ebb_facets},
    {"for", false, " urge ", "what an urge is for", ebb_urge_for},
    {"did", false, NULL, "what you did with an urge", ebb_urge_did},
    {"prompt", false, NULL, "kinds of writing prompt", ebb_prompt_kinds},
    {"kind", false, NULL, "kinds of record, for the --kind filter", kinds},
    {"relationship", false, NULL, "who they were to you", ebb_relationships},
    {"part", true, " plan ", "the parts of a safety plan, for ebb plan set PART", ebb_plan_parts},
};
#define NLISTS (sizeof(lists) / sizeof(lists[0]))

static bool shown(const struct word_list *l, const struct ebb_word *w)
{
	return l->words != kinds || ebb_kind_known(w->name);
}

/* Columns a UTF-8 string takes (one per character). */
static size_t width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Prints s padded with spaces to w columns. */
static void pad(const char *s, size_t w)
{
	size_t n = width(s);

	fputs(s, stdout);
	for (; n < w; n++)
		putchar(' ');
}

/* Prints text after indent, wrapped at 79 columns on spaces. */
static void wrap(const char *indent, const char *text)
{
	size_t col = 0, avail = 79 - strlen(indent);
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, " ");
		char word[256];

		if (n >= sizeof(word))
			n = sizeof(word) - 1;
		memcpy(word, p, n);
		word[n] = '\0';
		if (col == 0) {
			fputs(indent, stdout);
		} else if (col + 1 + width(word) > avail) {
			printf("\n%s", indent);
			col = 0;
		} else {
			putchar(' ');
			col++;
		}
		fputs(word, stdout);
		col += width(word);
		p += n;
		p += strspn(p, " ");
	}
	putchar('\n');
}

/* true when every word of l is its own label (the feelings). */
static bool bare(const struct word_list *l)
{
	for (const struct ebb_word *x = l->words; x->name; x++)
		if (strcmp(x->name, x->label) != 0)
			return false;
	return true;
}

/* Prints the words of l, one a line after indent, with their labels. */
static void print_words(const struct word_list *l, const char *indent)
{
	size_t w = 0;

	for (const struct ebb_word *x = l->words; x->name; x++)
		if (shown(l, x) && strlen(x->name) > w)
			w = strlen(x->name);
	for (const struct ebb_word *x = l->words; x->name; x++) {
		if (!shown(l, x))
			continue;
		fputs(indent, stdout);
		if (strcmp(x->name, x->label) == 0) {
			puts(x->name);
		} else {
			pad(x->name, w + 2);
			puts(x->label);
		}
	}
}

static json_t *words_json(const struct word_list *l)
{
	json_t *a = json_array();

	for (const struct ebb_word *x = l->words; a && x->name; x++)
		if (shown(l, x) && json_array_append_new(a, json_pack("{s:s, s:s}", "name", x->name,
		                                                      "label", x->label)) != 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

static int print_json(json_t *j)
{
	if (j == NULL)
		return cli_failf(EX_OSERR, "out of memory");
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(j);
	return EX_OK;
}

/* true when command takes the words of l (always when command is NULL). */
static bool takes(const struct word_list *l, const char *command)
{
	char key[64];

	if (command == NULL || l->commands == NULL)
		return true;
	if (snprintf(key, sizeof(key), " %s ", command) >= (int)sizeof(key))
		return false;
	return strstr(l->commands, key) != NULL;
}

/*
 * `ebb help words [OPTION [COMMAND]]`: every list, or the words of one
 * (one a line, the word first), or nothing when COMMAND's OPTION takes
 * other words than these (unlock --for takes a duration, not an urge).
 */
static int words(struct cli *cli, const char *which, const char *command)
{
	struct ebb_word codes[64]; /* the countries of the crisis list, by code */
	struct word_list all[NLISTS + 1];
	const size_t nall = NLISTS + 1;
	const struct word_list *l = NULL;
	size_t n = 0;
	json_t *j;

	for (const struct ebb_crisis_country *c = ebb_crisis_countries; c->code && n < 63; c++)
		codes[n++] = (struct ebb_word){c->code, c->name};
	codes[n] = (struct ebb_word){NULL, NULL};
	memcpy(all, lists, sizeof(lists));
	all[NLISTS] = (struct word_list){"country", false, " help ",
	                                 "countries, for ebb help crisis --country", codes};

	if (which) {
		if (strncmp(which, "--", 2) == 0)
			which += 2;
		for (size_t i = 0; i < nall && !l; i++)
			if (strcmp(all[i].option, which) == 0)
				l = &all[i];
		if (l == NULL)
			return cli_usage(cli,
			                 "there is no list of words for '%s' (feel, grieving, for, "
			                 "did, prompt, kind, relationship, part, country)",
			                 which);
		if (command && ebb_cmd_find(command) == NULL)
			return cli_usage(cli, "there is no command '%s'", command);
		if (!takes(l, command)) {
			if (cli->json)
				puts("[]");
			return EX_OK;
		}
		if (cli->json)
			return print_json(words_json(l));
		print_words(l, "");
		return EX_OK;
	}
	if (cli->json) {
		j = json_object();
		for (size_t i = 0; j && i < nall; i++)
			if (json_object_set_new(j, all[i].option, words_json(&all[i])) != 0) {
				json_decref(j);
				j = NULL;
			}
		return print_json(j);
	}
	puts("The words ebb knows, by the option that takes them:");
	for (size_t i = 0; i < nall; i++) {
		printf("\n%s%s%s%s  %s\n", cli_color(cli, CLI_BOLD), all[i].argument ? "" : "--",
		       all[i].option, cli_color(cli, CLI_RESET), all[i].about);
		if (bare(&all[i])) {
			struct ebb_buf b;

			ebb_buf_init(&b, 4096);
			for (const struct ebb_word *x = all[i].words; x->name; x++)
				if (ebb_buf_adds(&b, x == all[i].words ? "" : ", ", NULL) !=
				        EBB_OK ||
				    ebb_buf_adds(&b, x->name, NULL) != EBB_OK)
					break;
			wrap("  ", b.data);
			ebb_buf_release(&b);
		} else {
			print_words(&all[i], "  ");
		}
	}
	return EX_OK;
}

/* ---- crisis lines ------------------------------------------------------------ */

/* A country in full: its emergency number and every line, aligned. */
static void print_country(const struct cli *cli, const struct ebb_crisis_country *c)
{
	char how[192];
	size_t w = width("Emergency");

	for (const struct ebb_crisis_line *l = c->lines; l->name; l++)
		if (width(l->name) > w)
			w = width(l->name);
	printf("%s%s%s\n  ", cli_color(cli, CLI_BOLD), c->name, cli_color(cli, CLI_RESET));
	pad("Emergency", w + 2);
	ebb_crisis_join(how, sizeof(how), c->emergency, EBB_CRISIS_NUMBERS);
	printf("call %s\n", how);
	for (const struct ebb_crisis_line *l = c->lines; l->name; l++) {
		ebb_crisis_how(how, sizeof(how), l, EBB_CRISIS_NUMBERS);
		fputs("  ", stdout);
		pad(l->name, w + 2);
		printf("%s%s\n", how, l->always_open ? " (24/7)" : "");
	}
}

/* A country on one line: emergency number, then its first line's first number. */
static void print_country_short(const struct ebb_crisis_country *c)
{
	const struct ebb_crisis_line *l = &c->lines[0];
	char how[192];

	ebb_crisis_how(how, sizeof(how), l, 1);
	printf("  %-15s %-6s %s", c->name, c->emergency[0], how);
	if (strcmp(l->name, l->numbers[0]) != 0)
		printf(" (%s)", l->name);
	putchar('\n');
}

static bool two_letters(const char *s)
{
	for (int i = 0; i < 2; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return s[2] == '\0';
}

static void print_own_plan(struct cli *cli);

static int crisis(struct cli *cli, const struct opts *o)
{
	const struct ebb_crisis_country *top = NULL, *all[64];
	char cc[3] = "";
	bool bad = false;
	size_t n;

	if (o->country) {
		top = ebb_crisis_find(o->country);
		if (top == NULL && two_letters(o->country)) {
			cc[0] = (char)(o->country[0] & ~0x20); /* ASCII upper case */
			cc[1] = (char)(o->country[1] & ~0x20);
			cc[2] = '\0';
		} else if (top == NULL) {
			bad = true;
		}
	} else if (ebb_crisis_guess(cc)) {
		top = ebb_crisis_find(cc);
	}
	if (cli->json) {
		int r = print_json(ebb_crisis_json(top ? top->code : NULL));

		if (r != EX_OK || !bad)
			return r;
		return cli_usage(cli, "there is no country '%s' in ebb's list", o->country);
	}

	n = ebb_crisis_ordered(top ? top->code : NULL, all, sizeof(all) / sizeof(all[0]));
	puts("If you are in danger or thinking about ending your life,\n"
	     "please reach out to someone now.\n");
	if (top) {
		print_country(cli, top);
		putchar('\n');
	} else if (cc[0]) {
		printf("ebb lists no lines for %s; the directories below have them. If you are in\n"
		       "danger, call your local emergency number.\n\n",
		       cc);
	}

	printf("%sAnywhere%s\n", cli_color(cli, CLI_BOLD), cli_color(cli, CLI_RESET));
	for (const struct ebb_crisis_directory *d = ebb_crisis_directories; d->name; d++) {
		fputs("  ", stdout);
		pad(d->url, 27);
		puts(d->about);
	}
	wrap("  ", ebb_crisis_europe_note);
	putchar('\n');

	if (o->all) {
		for (size_t i = top ? 1 : 0; i < n; i++) {
			print_country(cli, all[i]);
			putchar('\n');
		}
	} else {
		printf("%s%s: emergency number, then someone to talk to%s\n",
		       cli_color(cli, CLI_BOLD), top ? "Other countries" : "By country",
		       cli_color(cli, CLI_RESET));
		for (size_t i = top ? 1 : 0; i < n; i++)
			print_country_short(all[i]);
		puts("  Every line, with more numbers and hours: ebb help crisis --all\n");
	}

	printf("Checked %s. Numbers change: %s is kept up to date.\n", ebb_crisis_checked,
	       ebb_crisis_directories[0].url);
	if (o->country == NULL)
		puts("To show another country first: ebb help crisis --country CODE (GB, DE, ...)");
	print_own_plan(cli);
	puts("ebb is not therapy and cannot call anyone for you; a person can help right now.");
	if (bad)
		return cli_usage(cli,
		                 "there is no country '%s' in ebb's list; give a two-letter code "
		                 "such as GB",
		                 o->country);
	return EX_OK;
}

/* Keeps the latest plan record's body. */
static enum ebb_status keep_plan(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	json_t **body = ctx;

	(void)err;
	json_decref(*body);
	*body = json_incref(r->body);
	return EBB_OK;
}

/*
 * The person's own safety plan, when the vault is open with a kept key;
 * otherwise where to find it. A crisis screen never asks for a passphrase
 * and never fails because of the vault.
 */
static void print_own_plan(struct cli *cli)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_query q;
	json_t *body = NULL;
	bool any = false;

	if (cli->vault_path[0] && ebb_vault_open(&v, cli->vault_path, &err) == EBB_OK) {
		cli_unlock_write(cli, v);
		if (ebb_vault_is_unlocked(v)) {
			ebb_query_init(&q);
			q.kind = "plan";
			if (ebb_record_each(v, &q, keep_plan, &body, &err) != EBB_OK) {
				json_decref(body);
				body = NULL;
			}
		}
	}
	for (const struct ebb_word *w = ebb_plan_parts; body && w->name; w++) {
		const char *text = json_string_value(json_object_get(body, w->name));
		if (text == NULL || *text == '\0')
			continue;
		if (!any)
			printf("%sYour safety plan%s\n", cli_color(cli, CLI_BOLD),
			       cli_color(cli, CLI_RESET));
		any = true;
		printf("  %s:\n", w->label);
		printf("    ");
		cli_put_wrapped(stdout, text, 4, 76);
	}
	if (any)
		putchar('\n');
	else if (v != NULL)
		puts(ebb_vault_is_unlocked(v)
		         ? "You can write a safety plan for days like this: ebb plan edit"
		         : "Your own safety plan, if you have written one: ebb plan");
	json_decref(body);
	ebb_vault_close(v);
}

/* ---- commands ------------------------------------------------------------------ */

static int list_commands(const struct cli *cli)
{
	json_t *j;

	if (cli->json) {
		j = json_array();
		for (size_t i = 0; j && ebb_commands[i]; i++)
			if (json_array_append_new(j, json_pack("{s:s, s:s, s:s}", "name",
			                                       ebb_commands[i]->name, "usage",
			                                       ebb_commands[i]->usage, "summary",
			                                       ebb_commands[i]->summary)) != 0) {
				json_decref(j);
				j = NULL;
			}
		return print_json(j);
	}
	fputs("usage: ebb [--vault PATH] [--json] [--no-color] [--passphrase-fd N] COMMAND "
	      "[ARGS]\n\nCommands:\n",
	      stdout);
	for (size_t i = 0; ebb_commands[i]; i++)
		printf("  %-10s %s\n", ebb_commands[i]->name, ebb_commands[i]->summary);
	fputs("\n'ebb help COMMAND' tells more about one; 'ebb help crisis' says where to\n"
	      "find someone right now; 'ebb help words' lists the words options take.\n",
	      stdout);
	return EX_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"country", required_argument, NULL, OPT_COUNTRY},
	    {"all", no_argument, NULL, OPT_ALL},
	    {0},
	};
	struct opts o = {.cli = cli};
	const struct ebb_cmd *cmd;
	const char *topic;
	int first, r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	topic = first < argc ? argv[first] : NULL;
	if ((o.country || o.all) && (topic == NULL || strcmp(topic, "crisis") != 0))
		return cli_usage(cli, "--country and --all go with 'ebb help crisis'");
	if (topic && strcmp(topic, "words") == 0) {
		if (argc - first > 3)
			return cli_usage(cli,
			                 "'ebb help words' takes a list and a command at most");
		return words(cli, first + 1 < argc ? argv[first + 1] : NULL,
		             first + 2 < argc ? argv[first + 2] : NULL);
	}
	if (first + 1 < argc)
		return cli_usage(cli, "help takes one topic; '%s' is extra", argv[first + 1]);
	if (topic == NULL)
		return list_commands(cli);
	if (strcmp(topic, "crisis") == 0)
		return crisis(cli, &o);
	cmd = ebb_cmd_find(topic);
	if (cmd == NULL)
		return cli_usage(cli, "there is no command '%s'", topic);
	if (cli->json)
		return print_json(json_pack("{s:s, s:s, s:s, s:s}", "name", cmd->name, "usage",
		                            cmd->usage, "summary", cmd->summary, "help",
		                            cmd->help ? cmd->help : ""));
	return cli_help(cmd);
}

const struct ebb_cmd cmd_help = {
    .name = "help",
    .usage = "[COMMAND | crisis [--country CODE] [--all] | words [OPTION]]",
    .summary = "list the commands, explain one, or show where to find help now",
    .help = "With no argument, lists every command. With a command's name, shows its\n"
            "help.\n\n"
            "'ebb help crisis' shows where to find a person right now: crisis lines and\n"
            "emergency numbers, your own country's first (guessed from your locale).\n\n"
            "'ebb help words' lists the words options take (feelings, what is being\n"
            "grieved, urges, prompts, kinds of record); 'ebb help words OPTION' lists\n"
            "one of them, a word a line: feel, grieving, for, did, prompt, kind or\n"
            "relationship.\n\n"
            "Options:\n"
            "  --country CODE   with crisis: show this country first (GB, US, DE...)\n"
            "  --all            with crisis: every line of every country in full\n",
    .run = run,
};
