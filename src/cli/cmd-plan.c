/*
 * cmd-plan.c — `ebb plan [edit | set PART TEXT]`: a personal safety plan in
 * the six parts of ebb_plan_parts, written on a calmer day for a day that
 * is not. The plan is the latest plan record; changing it writes a new
 * revision of that record (with the time of the change), so its history is
 * kept. Showing and changing it need the key. Showing it always ends with
 * where to find help right now.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "text.h"
#include "lists.h"
#include "vocab.h"

#define PART_CAP (512u * 1024) /* bytes gathered for one part before validation */
#define NPARTS   6             /* the parts of ebb_plan_parts */

/* What each part is for, shown below the editor's marker (not kept). */
static const char *const hints[NPARTS] = {
    "thoughts, feelings, places or times that tell you a hard moment is coming",
    "what calms or comforts you without anyone else: a walk, music, a shower, slow breaths",
    "a friend to talk about anything else with, a cafe, a park, a film",
    "people you can ask for help, and how to reach them",
    "your doctor or therapist, and crisis lines (ebb help crisis lists some)",
    "how to make where you are safer when things are at their worst",
};

/* The plan as found: a copy of the latest plan record, if there is one. */
struct plan {
	struct ebb_record rec;
	bool found;
};

static enum ebb_status keep_latest(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct plan *p = ctx;

	(void)err;
	p->rec = *r;
	json_incref(r->body);
	p->found = true;
	return EBB_OK;
}

/* Opens, unlocks for reading and loads the plan. Returns 0 or a status. */
static int load(struct cli *cli, struct ebb_vault **v, struct plan *p)
{
	struct ebb_error err = {0};
	struct ebb_query q;
	int r = cli_open(cli, v);

	if (r == 0)
		r = cli_unlock_read(cli, *v);
	if (r != 0)
		return r;
	ebb_query_init(&q);
	q.kind = "plan";
	q.newest_first = true;
	q.limit = 1;
	if (ebb_record_each(*v, &q, keep_latest, p, &err) != EBB_OK)
		return cli_fail(&err);
	return 0;
}

static const char *part_text(const struct plan *p, const char *name)
{
	const char *s = p->found ? json_string_value(json_object_get(p->rec.body, name)) : NULL;

	return s && !ebb_text_blank(s) ? s : NULL;
}

/* Writes a part's label with a capital first letter. */
static void put_heading(FILE *f, const char *label)
{
	fputc(toupper((unsigned char)label[0]), f);
	fputs(label + 1, f);
}

/* Writes the new body: a new revision of the plan, or the first plan. */
static int save(struct ebb_vault *v, struct plan *p, const json_t *body, uint8_t id[EBB_ID_BYTES])
{
	struct ebb_error err = {0};
	int64_t now = (int64_t)time(NULL);
	int32_t off = ebb_when_local_offset(now);
	enum ebb_status rc;

	if (p->found) {
		memcpy(id, p->rec.id, EBB_ID_BYTES);
		rc = ebb_record_update(v, id, body, &now, &off, &err);
	} else {
		rc = ebb_record_add(v, "plan", now, off, body, id, NULL, &err);
	}
	return rc == EBB_OK ? 0 : cli_fail(&err);
}

static void print_saved(const struct cli *cli, const uint8_t id[EBB_ID_BYTES], const char *part,
                        bool changed, const char *words)
{
	char ids[EBB_ID_STR];

	ebb_id_format(ids, id);
	if (!cli->json) {
		puts(words);
		return;
	}
	printf("{\"id\": \"%s\", ", ids);
	if (part)
		printf("\"part\": \"%s\", ", part);
	printf("\"changed\": %s}\n", changed ? "true" : "false");
}

/* ---- show ---------------------------------------------------------------- */

static void explain(void)
{
	size_t width = cli_term_width();

	cli_put_wrapped(stdout,
	                "Your safety plan is empty. A safety plan is something you write on a "
	                "calmer day, for a day that is not. When everything feels too heavy it "
	                "is hard to think clearly, so the plan has done the thinking already: "
	                "the signs that a hard time is coming, what helps, who you can reach, "
	                "and how to keep yourself safe. It is yours, and it stays in your vault.",
	                0, width);
	puts("\nIt has six parts:");
	for (const struct ebb_word *w = ebb_plan_parts; w->name; w++)
		printf("  %-15s %s\n", w->name, w->label);
	puts("\nWrite it in your editor:  ebb plan edit\n"
	     "Or one part at a time:    ebb plan set people \"my sister Ana, 0123 456 789\"");
}

static int show_json(const struct plan *p)
{
	char ids[EBB_ID_STR], when[40];
	json_t *o = json_object(), *parts = json_array(), *x;
	const char *text;
	int r = 0;

	if (o == NULL || parts == NULL) {
		r = cli_failf(EX_OSERR, "out of memory");
		goto done;
	}
	if (p->found) {
		ebb_id_format(ids, p->rec.id);
		ebb_when_format_iso(when, sizeof(when), p->rec.at, p->rec.offset);
		json_object_set_new(o, "id", json_string(ids));
		json_object_set_new(o, "at", json_string(when));
		json_object_set_new(o, "rev", json_integer(p->rec.rev));
	} else {
		json_object_set_new(o, "id", json_null());
		json_object_set_new(o, "at", json_null());
		json_object_set_new(o, "rev", json_null());
	}
	for (const struct ebb_word *w = ebb_plan_parts; w->name; w++) {
		text = part_text(p, w->name);
		x = json_pack("{s:s,s:s,s:o}", "name", w->name, "label", w->label, "text",
		              text ? json_string(text) : json_null());
		if (x == NULL || json_array_append_new(parts, x) != 0) {
			r = cli_failf(EX_OSERR, "out of memory");
			goto done;
		}
	}
	json_object_set(o, "parts", parts);
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	fputc('\n', stdout);
done:
	json_decref(parts);
	json_decref(o);
	return r;
}

static int show(struct cli *cli)
{
	struct ebb_vault *v = NULL;
	struct plan p = {0};
	size_t width = cli_term_width();
	bool any = false;
	char day[40];
	int r = load(cli, &v, &p);

	for (const struct ebb_word *w = ebb_plan_parts; r == 0 && w->name; w++)
		any = any || part_text(&p, w->name) != NULL;
	if (r == 0 && cli->json) {
		r = show_json(&p);
	} else if (r == 0 && !any) {
		explain();
	} else if (r == 0) {
		ebb_when_format_date(day, sizeof(day), p.rec.at, p.rec.offset);
		printf("%sMy safety plan%s %s(last changed %s)%s\n", cli_color(cli, CLI_BOLD),
		       cli_color(cli, CLI_RESET), cli_color(cli, CLI_DIM), day,
		       cli_color(cli, CLI_RESET));
		for (const struct ebb_word *w = ebb_plan_parts; w->name; w++) {
			const char *text = part_text(&p, w->name);
			fprintf(stdout, "\n%s", cli_color(cli, CLI_BOLD));
			put_heading(stdout, w->label);
			printf("%s\n  ", cli_color(cli, CLI_RESET));
			if (text)
				cli_put_wrapped(stdout, text, 2, width);
			else
				printf("%s(nothing here yet: ebb plan set %s TEXT)%s\n",
				       cli_color(cli, CLI_DIM), w->name, cli_color(cli, CLI_RESET));
		}
	}
	if (r == 0) {
		/* with --json, stdout is for programs: the words go to the person */
		FILE *f = cli->json ? stderr : stdout;
		fputc('\n', f);
		cli_print_crisis(f);
	}
	ebb_record_clear(&p.rec);
	ebb_vault_close(v);
	return r;
}

/* ---- edit ---------------------------------------------------------------- */

/* Index of the part a heading line names ("# My warning signs" or
 * "# warning-signs", any case), or -1 when the line is not a heading. */
static int heading_of(const char *line, size_t len)
{
	size_t i = 0, n = len;
	int k = 0;

	if (len == 0 || line[0] != '#')
		return -1;
	while (i < n && (line[i] == '#' || line[i] == ' ' || line[i] == '\t'))
		i++;
	while (n > i && strchr(" \t\r", line[n - 1]))
		n--;
	for (const struct ebb_word *w = ebb_plan_parts; w->name; w++, k++) {
		if ((strlen(w->label) == n - i && strncasecmp(line + i, w->label, n - i) == 0) ||
		    (strlen(w->name) == n - i && strncasecmp(line + i, w->name, n - i) == 0))
			return k;
	}
	return -1;
}

/* Drops blank lines and blanks at both ends of b, wiping them. */
static void trim(struct ebb_buf *b)
{
	size_t lead = 0, len = b->len;

	while (len && strchr(" \t\r\n", b->data[len - 1]))
		len--;
	while (lead < len && strchr(" \t\r\n", b->data[lead]))
		lead++;
	memmove(b->data, b->data + lead, len - lead);
	explicit_bzero(b->data + (len - lead), b->len - (len - lead));
	b->len = len - lead;
}

/*
 * Reads the edited text back into a plan body: the text under each heading
 * is that part; words above the first heading join the first part. Returns
 * 0 with *body (possibly without any part), or an exit status.
 */
static int parse_edit(const struct cli *cli, const char *text, json_t **body)
{
	struct ebb_error err = {0};
	struct ebb_buf parts[NPARTS + 1]; /* the last: words above every heading */
	const char *p = text;
	int cur = NPARTS, r = 0;

	(void)cli;
	for (int i = 0; i <= NPARTS; i++)
		ebb_buf_init_secret(&parts[i], PART_CAP);
	while (*p && r == 0) {
		size_t n = strcspn(p, "\n");
		int h = heading_of(p, n);
		if (h >= 0) {
			cur = h;
			if (parts[cur].len && ebb_buf_adds(&parts[cur], "\n\n", &err) != EBB_OK)
				r = cli_failf(EX_DATAERR, "%s", err.msg);
		} else if (ebb_buf_add(&parts[cur], p, n, &err) != EBB_OK ||
		           ebb_buf_adds(&parts[cur], "\n", &err) != EBB_OK) {
			r = cli_failf(EX_DATAERR, "the plan is too long: %s", err.msg);
		}
		p += n + (p[n] == '\n');
	}
	for (int i = 0; i <= NPARTS && r == 0; i++)
		trim(&parts[i]);
	if (r == 0 && parts[NPARTS].len) {
		/* the first part becomes those words, then what was under its heading */
		fprintf(stderr, "ebb: the words above the first heading were kept under '%s'\n",
		        ebb_plan_parts[0].label);
		if ((parts[0].len &&
		     (ebb_buf_adds(&parts[NPARTS], "\n\n", &err) != EBB_OK ||
		      ebb_buf_add(&parts[NPARTS], parts[0].data, parts[0].len, &err) != EBB_OK)))
			r = cli_failf(EX_DATAERR, "the plan is too long: %s", err.msg);
		ebb_buf_reset(&parts[0]);
		if (r == 0 &&
		    ebb_buf_add(&parts[0], parts[NPARTS].data, parts[NPARTS].len, &err) != EBB_OK)
			r = cli_failf(EX_DATAERR, "the plan is too long: %s", err.msg);
	}
	*body = r == 0 ? json_object() : NULL;
	if (r == 0 && *body == NULL)
		r = cli_failf(EX_OSERR, "out of memory");
	for (int i = 0; i < NPARTS && r == 0; i++) {
		if (parts[i].len == 0)
			continue;
		if (json_object_set_new(*body, ebb_plan_parts[i].name,
		                        json_stringn(parts[i].data, parts[i].len)) != 0)
			r = cli_failf(EX_DATAERR,
			              "'%s' is not valid UTF-8 text, so nothing was saved",
			              ebb_plan_parts[i].label);
	}
	if (r == 0 && ebb_record_validate("plan", *body, &err) != EBB_OK)
		r = cli_failf(EX_DATAERR, "%s; nothing was saved", err.msg);
	for (int i = 0; i <= NPARTS; i++)
		ebb_buf_release(&parts[i]);
	if (r != 0) {
		json_decref(*body);
		*body = NULL;
	}
	return r;
}

static int edit(struct cli *cli)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct plan p = {0};
	struct ebb_buf text, guide, out;
	uint8_t id[EBB_ID_BYTES];
	json_t *body = NULL;
	const char *s;
	size_t i = 0;
	int r = load(cli, &v, &p);

	ebb_buf_init_secret(&text, 8u * 1024 * 1024);
	ebb_buf_init(&guide, 64u * 1024);
	ebb_buf_init_secret(&out, 8u * 1024 * 1024);
	for (const struct ebb_word *w = ebb_plan_parts; r == 0 && w->name; w++, i++) {
		char head[128];
		snprintf(head, sizeof(head), "%s", w->label);
		head[0] = (char)toupper((unsigned char)head[0]);
		s = part_text(&p, w->name);
		if (ebb_buf_addf(&text, &err, "%s# %s\n\n%s%s", i ? "\n" : "", head, s ? s : "",
		                 s ? "\n" : "") != EBB_OK ||
		    ebb_buf_addf(&guide, &err, "%s\n    %s\n", head, hints[i]) != EBB_OK)
			r = cli_fail(&err);
	}
	if (r == 0 &&
	    ebb_buf_adds(&guide,
	                 "\nWrite under each heading, in your own words; a part can stay empty.\n"
	                 "Keep the headings as they are: they tell ebb which part is which.\n"
	                 "Your plan is kept only in your vault. If you need someone right now,\n"
	                 "'ebb help crisis' lists where to find them.\n",
	                 &err) != EBB_OK)
		r = cli_fail(&err);
	if (r == 0)
		r = cli_edit(text.data, guide.data, &out);
	if (r == 0)
		r = parse_edit(cli, out.data, &body);
	if (r == 0 && json_object_size(body) == 0)
		r = cli_failf(EX_DATAERR, "the plan came back empty, so nothing was saved");
	if (r == 0 && p.found && json_equal(body, p.rec.body)) {
		memcpy(id, p.rec.id, EBB_ID_BYTES);
		print_saved(cli, id, NULL, false, "Nothing changed; your plan is as it was.");
	} else if (r == 0) {
		r = save(v, &p, body, id);
		if (r == 0)
			print_saved(cli, id, NULL, true,
			            "Your safety plan is kept. 'ebb plan' shows it any time.");
	}
	json_decref(body);
	ebb_buf_release(&text);
	ebb_buf_release(&guide);
	ebb_buf_release(&out);
	ebb_record_clear(&p.rec);
	ebb_vault_close(v);
	return r;
}

/* ---- set ----------------------------------------------------------------- */

static int set(struct cli *cli, int argc, char **argv, int first)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct plan p = {0};
	const struct ebb_word *part;
	struct ebb_buf text;
	uint8_t id[EBB_ID_BYTES];
	char question[160];
	json_t *value = NULL, *body = NULL, *check = NULL;
	bool given = first + 1 < argc, changed;
	int r;

	if (first >= argc)
		return cli_usage(cli, "which part? warning-signs, alone, distractions, people, "
		                      "professionals or safe");
	part = ebb_word_find(ebb_plan_parts, argv[first]);
	if (part == NULL)
		return cli_usage(cli,
		                 "there is no part '%s' in the plan: warning-signs, alone, "
		                 "distractions, people, professionals or safe",
		                 argv[first]);
	snprintf(question, sizeof(question), "%s: ", part->label);
	question[0] = (char)toupper((unsigned char)question[0]);
	ebb_buf_init_secret(&text, PART_CAP);
	r = cli_text_input(cli, argc, argv, first + 1, question, &text);
	if (r == 0 && !given && text.len == 0)
		r = cli_usage(cli,
		              "no text for '%s', so nothing was written: ebb plan set %s TEXT "
		              "(an empty \"\" clears it)",
		              part->name, part->name);
	if (r == 0 && text.len && (value = json_stringn(text.data, text.len)) == NULL)
		r = cli_usage(cli, "the text is not valid UTF-8, so nothing was written");
	if (r == 0 && value) {
		check = json_pack("{s:O}", part->name, value);
		if (check == NULL)
			r = cli_failf(EX_OSERR, "out of memory");
		else if (ebb_record_validate("plan", check, &err) != EBB_OK)
			r = cli_usage(cli, "%s; nothing was written", err.msg);
	}
	ebb_buf_release(&text);
	if (r == 0)
		r = load(cli, &v, &p);
	if (r == 0) {
		body = p.found ? json_deep_copy(p.rec.body) : json_object();
		if (body == NULL)
			r = cli_failf(EX_OSERR, "out of memory");
	}
	if (r == 0) {
		if (value)
			json_object_set(body, part->name, value);
		else
			json_object_del(body, part->name);
		changed = !(p.found ? json_equal(body, p.rec.body) : json_object_size(body) == 0);
		if (!changed) {
			if (p.found)
				memcpy(id, p.rec.id, EBB_ID_BYTES);
			else
				memset(id, 0, sizeof(id));
			if (cli->json && !p.found)
				printf("{\"id\": null, \"part\": \"%s\", \"changed\": false}\n",
				       part->name);
			else
				print_saved(cli, id, part->name, false,
				            "Nothing changed; your plan is as it was.");
		} else {
			r = save(v, &p, body, id);
			if (r == 0 && cli->json)
				print_saved(cli, id, part->name, true, "");
			else if (r == 0)
				printf("%s %s.\n",
				       value ? "Kept in your plan:" : "Cleared from your plan:",
				       part->label);
		}
	}
	json_decref(check);
	json_decref(value);
	json_decref(body);
	ebb_record_clear(&p.rec);
	ebb_vault_close(v);
	return r;
}

static int run(struct cli *cli, int argc, char **argv)
{
	const char *sub;
	int first, r = cli_getopt(cli, argc, argv, "", NULL, NULL, NULL, &first);

	if (r >= 0)
		return r;
	sub = first < argc ? argv[first] : "show";
	if (strcmp(sub, "set") == 0)
		return set(cli, argc, argv, first + 1);
	if (first + 1 < argc)
		return cli_usage(cli, "'%s' is extra", argv[first + 1]);
	if (strcmp(sub, "show") == 0)
		return show(cli);
	if (strcmp(sub, "edit") == 0)
		return edit(cli);
	return cli_usage(cli,
	                 "'%s' is not edit or set: ebb plan, ebb plan edit, or ebb plan set "
	                 "PART TEXT",
	                 sub);
}

const struct ebb_cmd cmd_plan = {
    .name = "plan",
    .usage = "[edit | set PART TEXT]",
    .summary = "your safety plan, for the days that are hardest",
    .help = "A safety plan is written on a calmer day, for a day that is not: your warning\n"
            "signs, what helps, who you can reach, how to stay safe. With no arguments,\n"
            "shows it, then where to find help right now. It needs the vault unlocked (the\n"
            "kept key from 'ebb unlock', or the passphrase), also to change it.\n\n"
            "  edit             write the whole plan in $VISUAL or $EDITOR, under one\n"
            "                   heading per part\n"
            "  set PART TEXT    set one part (TEXT may also come on stdin; \"\" clears it).\n"
            "                   PART: warning-signs, alone, distractions, people,\n"
            "                   professionals, safe\n\n"
            "Options:\n"
            "  --json        show: {\"id\", \"at\", \"rev\", \"parts\": [{\"name\", \"label\",\n"
            "                \"text\"}]}; edit and set: {\"id\", \"changed\"}\n",
    .run = run,
};
