/*
 * cmd-write.c — `ebb write`: an entry in your own words, free or from a
 * prompt (the story you didn't get to live, an unsent letter, the three
 * questions, room for anger, a memory, acceptance without answers).
 *
 * The text comes from the arguments, else from stdin when it is not a
 * terminal, else from the editor. Writing never asks for the passphrase:
 * on a locked vault the entry is sealed into the inbox. An empty text saves
 * nothing. ebb never sends anything to anyone, letters included.
 *
 * This file also holds the helpers for text split under headings (the three
 * questions, the parts of a safety plan) that `ebb edit` uses too; they are
 * declared where they are used (cli.h is not this command's to change).
 */
#include <jansson.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "prompts.h"
#include "record.h"
#include "vocab.h"
#include "when.h"
#include "writing.h"

#define ENTRY_TEXT_MAX (512u * 1024) /* as record.c allows for an entry */
#define MAX_TAGS       64
#define WRAP           72

static bool blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * A JSON string of the n bytes at s without the blanks at either end; ""
 * when all blank. NULL when the text is not valid UTF-8 (or memory ran out).
 */
json_t *write_trimmed(const char *s, size_t n)
{
	while (n && blank_char(*s)) {
		s++;
		n--;
	}
	while (n && blank_char(s[n - 1]))
		n--;
	return json_stringn(s, n);
}

/*
 * Appends text to b, words separated by single spaces and lines broken
 * before width columns; col is the column b's last line is at, and each
 * new line starts with indent spaces. Columns are counted in bytes (the
 * texts wrapped here are ASCII).
 */
enum ebb_status write_wrap(struct ebb_buf *b, const char *text, size_t width, size_t indent,
                           size_t col, struct ebb_error *err)
{
	const char *p = text;
	enum ebb_status rc = EBB_OK;
	bool first = true;

	while (rc == EBB_OK && *p) {
		size_t n;
		while (*p == ' ' || *p == '\n')
			p++;
		n = strcspn(p, " \n");
		if (n == 0)
			break;
		if (!first && col + 1 + n > width) {
			rc = ebb_buf_addf(b, err, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			rc = ebb_buf_adds(b, " ", err);
			col++;
		}
		if (rc == EBB_OK)
			rc = ebb_buf_add(b, p, n, err);
		col += n;
		p += n;
		first = false;
	}
	return rc;
}

/* The heading "## label" for each word of list, with values[name] (a JSON
 * object of strings; may be NULL) under it. */
enum ebb_status write_sections_template(struct ebb_buf *b, const struct ebb_word *list,
                                        const json_t *values, struct ebb_error *err)
{
	enum ebb_status rc = EBB_OK;

	for (const struct ebb_word *w = list; rc == EBB_OK && w->name; w++) {
		const char *v = json_string_value(json_object_get(values, w->name));
		rc = ebb_buf_addf(b, err, "%s## %s\n\n%s%s", w == list ? "" : "\n", w->label,
		                  v ? v : "", v && *v ? "\n\n" : "\n");
	}
	return rc;
}

/* The word of list that a line names as a heading ('#'s, then its label or
 * its name, case aside, maybe with a ':' after), or -1. */
static int heading_of(const char *line, size_t n, const struct ebb_word *list)
{
	size_t i = 0;

	if (n == 0 || line[0] != '#')
		return -1;
	while (i < n && line[i] == '#')
		i++;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	while (n > i && (blank_char(line[n - 1]) || line[n - 1] == ':' || line[n - 1] == '#'))
		n--;
	for (int k = 0; list[k].name; k++) {
		const char *cands[2] = {list[k].label, list[k].name};
		for (int c = 0; c < 2; c++) {
			size_t m = strlen(cands[c]);
			/* a label may end in '?' or ':'; the typed heading may not */
			while (m && (cands[c][m - 1] == ':' || cands[c][m - 1] == ' '))
				m--;
			if (m == n - i && strncasecmp(line + i, cands[c], m) == 0)
				return k;
			if (m && cands[c][m - 1] == '?' && m - 1 == n - i &&
			    strncasecmp(line + i, cands[c], m - 1) == 0)
				return k;
		}
	}
	return -1;
}

/*
 * Splits text at heading lines naming words of list (see heading_of).
 * Sets in parts (a JSON object) the text under each heading, trimmed, for
 * each heading whose text is not blank (a heading given twice gets both
 * texts, a blank line apart); sets *pre to the trimmed text before the
 * first heading ("" when none). Returns how many headings were found, or -1
 * when the text is not valid UTF-8 or memory ran out (*pre is then NULL).
 */
int write_split_sections(const char *text, const struct ebb_word *list, json_t *parts, json_t **pre)
{
	const char *line = text, *start = text;
	int cur = -1, found = 0;
	bool ok = true;

	*pre = NULL;
	for (;;) {
		bool end = *line == '\0';
		size_t n = end ? 0 : strcspn(line, "\n");
		int h = end ? -1 : heading_of(line, n, list);
		size_t step = n + (line[n] == '\n');

		if (end || h >= 0) {
			/* the section from start to here ends */
			json_t *s = write_trimmed(start, (size_t)(line - start));
			if (s == NULL) {
				ok = false;
			} else if (cur < 0) {
				*pre = json_incref(s);
			} else if (json_string_length(s) > 0) {
				const char *name = list[cur].name;
				json_t *had = json_object_get(parts, name);
				if (had) {
					json_t *both =
					    json_sprintf("%s\n\n%s", json_string_value(had),
					                 json_string_value(s));
					ok = both && json_object_set_new(parts, name, both) == 0;
				} else {
					ok = json_object_set(parts, name, s) == 0;
				}
			}
			json_decref(s);
			if (end || !ok)
				break;
			cur = h;
			found++;
			start = line + step;
		}
		line += step;
	}
	if (!ok) {
		json_decref(*pre);
		*pre = NULL;
		return -1;
	}
	return found;
}

/* ---- the command ---------------------------------------------------------- */

struct opts {
	struct cli *cli;
	const char *prompt, *title, *at;
	const char *tags[MAX_TAGS];
	size_t ntags;
	bool list;
};

enum { OPT_PROMPT = 1, OPT_TITLE, OPT_TAG, OPT_AT, OPT_LIST };

/* "unlived, letter, ..., free" into out. */
static void kind_names(char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (const struct ebb_word *k = ebb_prompt_kinds; k->name && used < size; k++) {
		int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "", k->name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static int bad_kind(struct cli *cli, const char *kind)
{
	char names[256];

	kind_names(names, sizeof(names));
	return cli_usage(cli, "there is no prompt kind '%s' (%s)", kind, names);
}

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	switch (c) {
	case OPT_PROMPT:
		o->prompt = arg;
		return 0;
	case OPT_TITLE:
		o->title = arg;
		return 0;
	case OPT_TAG:
		for (size_t i = 0; i < o->ntags; i++)
			if (strcmp(o->tags[i], arg) == 0)
				return 0;
		if (o->ntags == MAX_TAGS)
			return cli_usage(o->cli, "an entry takes at most %d tags", MAX_TAGS);
		o->tags[o->ntags++] = arg;
		return 0;
	case OPT_AT:
		o->at = arg;
		return 0;
	case OPT_LIST:
		o->list = true;
		return 0;
	}
	return EX_USAGE;
}

/* `ebb write --list-prompts [KIND]`: the library, as words or JSON. */
static int list_prompts(struct cli *cli, const char *only)
{
	struct ebb_error err = {0};
	struct ebb_buf b;
	json_t *all = NULL;
	int r = 0;

	if (only && ebb_word_find(ebb_prompt_kinds, only) == NULL)
		return bad_kind(cli, only);
	if (cli->json && (all = json_array()) == NULL)
		return cli_failf(EX_OSERR, "out of memory");
	ebb_buf_init(&b, 1u << 20);
	for (const struct ebb_word *k = ebb_prompt_kinds; r == 0 && k->name; k++) {
		size_t n = ebb_prompt_count(k->name), idw = 0;
		if (only && strcmp(only, k->name) != 0)
			continue;
		for (size_t i = 0; i < n; i++)
			if (strlen(ebb_prompt_at(k->name, i)->id) > idw)
				idw = strlen(ebb_prompt_at(k->name, i)->id);
		if (!cli->json && ebb_buf_addf(&b, &err, "%s%s%s%s: %s\n", b.len ? "\n" : "",
		                               cli_color(cli, CLI_BOLD), k->name,
		                               cli_color(cli, CLI_RESET), k->label) != EBB_OK)
			r = cli_fail(&err);
		for (size_t i = 0; r == 0 && i < n; i++) {
			const struct ebb_prompt *p = ebb_prompt_at(k->name, i);
			if (cli->json) {
				if (json_array_append_new(all, json_pack("{s:s, s:s, s:s}", "id",
				                                         p->id, "kind", p->kind,
				                                         "text", p->text)) != 0)
					r = cli_failf(EX_OSERR, "out of memory");
				continue;
			}
			if (ebb_buf_addf(&b, &err, "  %-*s  ", (int)idw, p->id) != EBB_OK ||
			    write_wrap(&b, p->text, 78, idw + 4, idw + 4, &err) != EBB_OK ||
			    ebb_buf_adds(&b, "\n", &err) != EBB_OK)
				r = cli_fail(&err);
		}
		if (!cli->json && r == 0 && strcmp(k->name, "lessons") == 0) {
			if (ebb_buf_adds(&b, "  The three questions, under their own headings:\n",
			                 &err) != EBB_OK)
				r = cli_fail(&err);
			for (const struct ebb_word *q = ebb_lessons; r == 0 && q->name; q++)
				if (ebb_buf_addf(&b, &err, "    %s\n", q->label) != EBB_OK)
					r = cli_fail(&err);
		}
	}
	if (r == 0 && cli->json) {
		json_dumpf(all, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else if (r == 0) {
		fputs(b.data, stdout);
	}
	json_decref(all);
	ebb_buf_release(&b);
	return r;
}

/* The words below the editor's marker: the prompt, and how this works. */
static enum ebb_status make_guide(struct ebb_buf *g, const char *kind, const struct ebb_prompt *p,
                                  struct ebb_error *err)
{
	enum ebb_status rc = EBB_OK;

	if (p)
		rc = write_wrap(g, p->text, WRAP, 0, 0, err);
	else
		rc = ebb_buf_adds(g, "Whatever is here today: write it as it comes.", err);
	if (rc == EBB_OK && strcmp(kind, "lessons") == 0)
		rc = ebb_buf_adds(g,
		                  "\n\nWrite under each question. A question left empty is "
		                  "fine;\nthe headings are how ebb knows which answer is which.",
		                  err);
	if (rc == EBB_OK && strcmp(kind, "letter") == 0)
		rc = ebb_buf_adds(g,
		                  "\n\nebb never sends anything to anyone. This letter stays in "
		                  "your vault.",
		                  err);
	if (rc == EBB_OK)
		rc = ebb_buf_adds(g,
		                  "\n\nWrite above the line; only that is kept. Save and close "
		                  "the editor\nto keep it. Leave it empty and nothing is saved.\n",
		                  err);
	return rc;
}

/* Counts the words of s (runs of non-blanks). */
static size_t word_count(const char *s)
{
	size_t n = 0;
	bool in = false;

	for (; *s; s++) {
		if (blank_char(*s)) {
			in = false;
		} else if (!in) {
			in = true;
			n++;
		}
	}
	return n;
}

/*
 * Reads the text of the entry into text: the arguments joined by spaces,
 * else stdin when it is not a terminal, else the editor with the prompt
 * below the marker. Returns 0 or an exit status (reported).
 */
static int read_text(struct cli *cli, int argc, char **argv, int first, const char *kind,
                     const struct ebb_prompt *p, struct ebb_buf *text)
{
	struct ebb_error err = {0};
	struct ebb_buf tmpl, guide;
	int r = 0;

	if (first < argc) {
		for (int i = first; r == 0 && i < argc; i++)
			if ((i > first && ebb_buf_adds(text, " ", &err) != EBB_OK) ||
			    ebb_buf_adds(text, argv[i], &err) != EBB_OK)
				r = cli_usage(cli, "the text is too long (at most %u KiB)",
				              ENTRY_TEXT_MAX / 1024);
		return r;
	}
	if (!isatty(STDIN_FILENO)) {
		if (p && isatty(STDERR_FILENO))
			fprintf(stderr, "%s\n", p->text);
		return cli_read_stdin(text);
	}
	ebb_buf_init_secret(&tmpl, 64 * 1024);
	ebb_buf_init(&guide, 64 * 1024);
	if ((strcmp(kind, "lessons") == 0 &&
	     write_sections_template(&tmpl, ebb_lessons, NULL, &err) != EBB_OK) ||
	    make_guide(&guide, kind, p, &err) != EBB_OK)
		r = cli_fail(&err);
	if (r == 0)
		r = cli_edit(tmpl.data, guide.data, text);
	ebb_buf_release(&tmpl);
	ebb_buf_release(&guide);
	return r;
}

/*
 * Puts the text into body: "text", and for the three questions "answers"
 * by heading; *words gets the number of words written (headings aside).
 * Returns 0, or EX_DATAERR when nothing was written or the text is not
 * UTF-8 (EX_USAGE for arguments), with the message printed.
 */
static int fill_text(json_t *body, const char *kind, const struct ebb_buf *text, bool from_args,
                     size_t *words)
{
	json_t *t = write_trimmed(text->data, text->len);
	bool empty;

	if (t == NULL)
		return cli_failf(from_args ? EX_USAGE : EX_DATAERR,
		                 "the text is not valid UTF-8, so nothing was saved");
	empty = json_string_length(t) == 0;
	*words = word_count(json_string_value(t));
	if (!empty && strcmp(kind, "lessons") == 0) {
		const char *key;
		json_t *a;
		json_t *answers = json_object(), *pre = NULL;
		int found =
		    answers ? write_split_sections(json_string_value(t), ebb_lessons, answers, &pre)
		            : -1;
		if (found < 0) {
			json_decref(answers);
			json_decref(t);
			return cli_failf(EX_OSERR, "out of memory");
		}
		empty = json_string_length(pre) == 0 && json_object_size(answers) == 0;
		*words = word_count(json_string_value(pre));
		json_object_foreach(answers, key, a) *words += word_count(json_string_value(a));
		if (json_object_size(answers))
			json_object_set(body, "answers", answers);
		json_decref(answers);
		json_decref(pre);
	}
	if (empty) {
		json_decref(t);
		return cli_failf(EX_DATAERR, "nothing was written, so nothing was saved");
	}
	json_object_set_new(body, "text", t);
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"prompt", required_argument, NULL, OPT_PROMPT},
	    {"title", required_argument, NULL, OPT_TITLE},
	    {"tag", required_argument, NULL, OPT_TAG},
	    {"at", required_argument, NULL, OPT_AT},
	    {"list-prompts", no_argument, NULL, OPT_LIST},
	    {0},
	};
	struct opts o = {.cli = cli};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	const struct ebb_prompt *p = NULL;
	const char *kind;
	struct ebb_when w;
	struct ebb_buf text;
	uint8_t id[EBB_ID_BYTES];
	char ids[EBB_ID_STR];
	json_t *body = NULL, *tags = NULL;
	bool queued = false;
	int64_t now = (int64_t)time(NULL);
	uint32_t rnd;
	size_t words = 0;
	int first, r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	r = 0;
	if (o.list) {
		if (first + 1 < argc)
			return cli_usage(cli,
			                 "--list-prompts takes one kind at most; '%s' is extra",
			                 argv[first + 1]);
		if (first < argc && o.prompt && strcmp(argv[first], o.prompt) != 0)
			return cli_usage(cli, "give the kind once: '%s' or '%s'", o.prompt,
			                 argv[first]);
		return list_prompts(cli, first < argc ? argv[first] : o.prompt);
	}
	kind = o.prompt ? o.prompt : "free";
	if (ebb_word_find(ebb_prompt_kinds, kind) == NULL)
		return bad_kind(cli, kind);
	w.at = now;
	w.offset = ebb_when_local_offset(now);
	if (o.at && (r = cli_when(cli, "--at", o.at, EBB_WHEN_DAY_KEEPS_NOW, &w)) != 0)
		return r;
	if (w.at > now + 60)
		return cli_usage(cli, "--at is a moment that has not come yet");

	/* everything but the text, checked before anything is asked or written */
	body = json_pack("{s:s}", "prompt", kind);
	tags = json_array();
	if (body == NULL || tags == NULL) {
		json_decref(body);
		json_decref(tags);
		return cli_failf(EX_OSERR, "out of memory");
	}
	if (o.title && json_object_set_new(body, "title", json_string(o.title)) != 0)
		r = cli_usage(cli, "the title is not valid UTF-8 text");
	for (size_t i = 0; r == 0 && i < o.ntags; i++)
		if (json_array_append_new(tags, json_string(o.tags[i])) != 0)
			r = cli_usage(cli, "the tag '%s' is not valid UTF-8 text", o.tags[i]);
	if (r == 0 && o.ntags)
		json_object_set(body, "tags", tags);
	json_decref(tags);
	if (r == 0) {
		json_object_set_new(body, "text", json_string("."));
		if (ebb_record_validate("entry", body, &err) != EBB_OK)
			r = cli_usage(cli, "%s", err.msg);
		json_object_del(body, "text");
	}
	if (r != 0) {
		json_decref(body);
		return r;
	}

	ebb_buf_init_secret(&text, ENTRY_TEXT_MAX);
	r = cli_open(cli, &v);
	if (r == 0) {
		cli_unlock_write(cli, v);
		ebb_random(&rnd, sizeof(rnd));
		if (o.prompt && ebb_prompt_next(v, kind, rnd, &p, &err) != EBB_OK)
			r = cli_fail(&err);
	}
	if (r == 0)
		r = read_text(cli, argc, argv, first, kind, p, &text);
	if (r == 0)
		r = fill_text(body, kind, &text, first < argc, &words);
	if (r == 0 && p) {
		json_object_set_new(body, "prompt_id", json_string(p->id));
		json_object_set_new(body, "question", json_string(p->text));
	}
	if (r == 0 && ebb_record_add(v, "entry", w.at, w.offset, body, id, &queued, &err) != EBB_OK)
		r = cli_fail(&err);
	if (r == 0) {
		FILE *people = cli->json ? stderr : stdout;
		ebb_id_format(ids, id);
		if (cli->json) {
			json_t *out = json_pack("{s:s, s:b, s:o}", "id", ids, "queued", queued,
			                        "prompt_id", p ? json_string(p->id) : json_null());
			json_dumpf(out, stdout, JSON_COMPACT);
			fputc('\n', stdout);
			json_decref(out);
		} else {
			printf("Kept: %zu word%s.\n", words, words == 1 ? "" : "s");
			if (queued)
				puts(
				    "Sealed while locked; it joins the rest when you next unlock.");
		}
		if (strcmp(kind, "letter") == 0)
			fputs("This letter stays here. ebb never sends anything to anyone.\n",
			      people);
	}
	json_decref(body);
	ebb_buf_release(&text);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_write = {
    .name = "write",
    .usage = "[--prompt KIND] [--title T] [--tag T]... [--at WHEN] [TEXT...]",
    .summary = "write in your own words, freely or from a prompt",
    .help = "Keeps an entry. The text comes from the arguments; else from standard input\n"
            "when it is not a terminal; else your editor ($VISUAL or $EDITOR) opens,\n"
            "with the prompt shown below a line that is not kept. An empty text saves\n"
            "nothing. Writing never needs the passphrase: while the vault is locked, the\n"
            "entry is sealed so only your passphrase can open it. ebb never sends\n"
            "anything to anyone.\n\n"
            "Options:\n"
            "  --prompt KIND       a prompt to write from, never the same one twice in a\n"
            "                      row: unlived (the story you didn't get to live), letter\n"
            "                      (an unsent letter), lessons (three questions: needs,\n"
            "                      patterns, values), anger, memory, closure, free\n"
            "  --title T           a title\n"
            "  --tag T             a tag (again for more)\n"
            "  --at WHEN           when it was: yesterday, 21:30, 'monday 9pm'...\n"
            "  --list-prompts [KIND]  show the prompts, all or of one kind\n",
    .run = run,
};
