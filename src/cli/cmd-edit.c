/*
 * cmd-edit.c — `ebb edit ID [--at WHEN]`: change the words of a record in
 * the editor, or when it happened, as a new revision. Earlier revisions
 * stay in the vault (export shows them); nothing is written when nothing
 * changed. Changing existing records needs the key.
 *
 * What opens in the editor is the record's main text: an entry's text (for
 * the three questions, the answers under their headings), the text of a
 * reason or of something missed, a date's name, the note of a check-in, an
 * urge or a contact, the name in the profile, or the six parts of the
 * safety plan under their headings.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "prompts.h"
#include "record.h"
#include "vocab.h"
#include "when.h"
#include "writing.h"

#define TEXT_MAX (512u * 1024)

/* Where each kind keeps its main text. */
static const struct field {
	const char *kind;
	const char *key; /* NULL: the parts of the safety plan */
	bool required;   /* emptying it saves nothing; else emptying removes it */
	bool one_line;   /* line breaks become spaces */
	const char *what;
} fields[] = {
    {"entry", "text", true, false, "your entry"},
    {"reason", "text", true, false, "a reason you left"},
    {"miss", "text", true, false, "something you miss"},
    {"date", "label", true, true, "the name of this date"},
    {"checkin", "note", false, false, "the note of this check-in"},
    {"urge", "note", false, false, "the note of this urge"},
    {"contact", "note", false, false, "the note of this contact"},
    {"profile", "name", false, true, "the name in your profile"},
    {"plan", NULL, false, false, "your safety plan"},
};

static const struct field *field_of(const char *kind)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(fields[i].kind, kind) == 0)
			return &fields[i];
	return NULL;
}

struct opts {
	struct cli *cli;
	const char *at;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	if (c != 'a')
		return EX_USAGE;
	o->at = arg;
	return 0;
}

/* "2026-03-04 21:30" for r's time, as log shows it. */
static void short_when(char out[40], int64_t at, int32_t offset)
{
	ebb_when_format_iso(out, 40, at, offset);
	out[16] = '\0';
	out[10] = ' ';
}

/* A copy of s (a JSON string) with each line break and the blanks around it
 * turned into one space. NULL when memory ran out. */
static json_t *one_line(const json_t *s)
{
	const char *p = json_string_value(s);
	struct ebb_buf b;
	struct ebb_error err = {0};
	json_t *out = NULL;
	enum ebb_status rc = EBB_OK;

	ebb_buf_init_secret(&b, TEXT_MAX);
	while (rc == EBB_OK && *p) {
		if (*p == '\n' || *p == '\r') {
			while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\t'))
				b.data[--b.len] = '\0';
			while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
				p++;
			rc = ebb_buf_adds(&b, " ", &err);
			continue;
		}
		rc = ebb_buf_add(&b, p++, 1, &err);
	}
	if (rc == EBB_OK)
		out = json_stringn(b.data, b.len);
	ebb_buf_release(&b);
	return out;
}

/* The text offered in the editor for record r, into b. */
static enum ebb_status offered_text(const struct ebb_record *r, const struct field *f, bool lessons,
                                    struct ebb_buf *b, struct ebb_error *err)
{
	const char *s;
	enum ebb_status rc;

	if (f->key == NULL)
		return write_sections_template(b, ebb_plan_parts, r->body, err);
	s = json_string_value(json_object_get(r->body, f->key));
	rc = ebb_buf_adds(b, s ? s : "", err);
	if (rc == EBB_OK && lessons) {
		json_t *parts = json_object(), *pre = NULL;
		int found = parts ? write_split_sections(b->data, ebb_lessons, parts, &pre) : -1;
		json_decref(parts);
		json_decref(pre);
		if (found < 0)
			return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		/* written without the headings (from the arguments, say): offer
		 * them below, with any answers the entry holds */
		if (found == 0) {
			rc = ebb_buf_adds(b, b->len ? "\n\n" : "", err);
			if (rc == EBB_OK)
				rc = write_sections_template(
				    b, ebb_lessons, json_object_get(r->body, "answers"), err);
		}
	}
	return rc;
}

static enum ebb_status make_guide(const struct ebb_record *r, const struct field *f, bool lessons,
                                  struct ebb_buf *g, struct ebb_error *err)
{
	char when[40], ids[EBB_ID_STR];

	short_when(when, r->at, r->offset);
	return ebb_buf_addf(
	    g, err,
	    "Editing %s (%s %s, from %s).\n"
	    "Change the text above the line, then save and close the editor.\n"
	    "Leave it as it is and nothing changes. The earlier version is kept.\n%s%s",
	    f->what, r->kind, cli_short_id(ids, r->id), when,
	    f->key == NULL || lessons ? "Keep the headings: they say which part is which.\n" : "",
	    f->required ? "Emptying it saves nothing: 'ebb delete' removes a record.\n"
	    : f->key    ? "Emptying it removes it.\n"
	                : "");
}

/*
 * The new body from the edited text: the record's body with its main text
 * replaced. Returns 0 with *out set, or an exit status (reported).
 */
static int new_body(const struct ebb_record *r, const struct field *f, bool lessons,
                    const json_t *edited, json_t **out)
{
	json_t *body = json_deep_copy(r->body), *parts = NULL, *pre = NULL, *t = NULL;
	int found, rc = 0;

	*out = NULL;
	if (body == NULL)
		return cli_failf(EX_OSERR, "out of memory");
	if (f->key == NULL || lessons) {
		parts = json_object();
		found = parts ? write_split_sections(json_string_value(edited),
		                                     lessons ? ebb_lessons : ebb_plan_parts, parts,
		                                     &pre)
		              : -1;
		if (found < 0)
			rc = cli_failf(EX_OSERR, "out of memory");
	}
	if (rc == 0 && f->key == NULL) {
		/* the safety plan: each part under its heading */
		if (json_string_length(pre) > 0)
			rc = cli_failf(EX_DATAERR,
			               "the text above the first heading belongs to no part of the "
			               "plan, so nothing was saved");
		for (const struct ebb_word *w = ebb_plan_parts; rc == 0 && w->name; w++) {
			json_t *part = json_object_get(parts, w->name);
			if (part)
				json_object_set(body, w->name, part);
			else
				json_object_del(body, w->name);
		}
	} else if (rc == 0) {
		t = f->one_line ? one_line(edited) : json_incref((json_t *)edited);
		if (t == NULL)
			rc = cli_failf(EX_OSERR, "out of memory");
		else if (json_string_length(t) == 0 || (lessons && json_string_length(pre) == 0 &&
		                                        json_object_size(parts) == 0)) {
			if (f->required)
				rc = cli_failf(
				    EX_DATAERR,
				    "nothing was left to keep, so nothing was saved ('ebb "
				    "delete' removes a record)");
			else
				json_object_del(body, f->key);
		} else {
			json_object_set(body, f->key, t);
		}
		if (rc == 0 && lessons) {
			if (json_object_size(parts))
				json_object_set(body, "answers", parts);
			else
				json_object_del(body, "answers");
		}
	}
	json_decref(t);
	json_decref(parts);
	json_decref(pre);
	if (rc != 0)
		json_decref(body);
	else
		*out = body;
	return rc;
}

static void say_saved(struct cli *cli, const struct ebb_record *r, bool changed, const char *what)
{
	char ids[EBB_ID_STR];
	uint32_t rev = changed ? r->rev + 1 : r->rev;

	if (cli->json) {
		ebb_id_format(ids, r->id);
		printf("{\"id\": \"%s\", \"rev\": %u, \"changed\": %s}\n", ids, rev,
		       changed ? "true" : "false");
		return;
	}
	if (changed)
		printf("Saved %s as revision %u of %s %s; the earlier one is kept.\n", what, rev,
		       r->kind, cli_short_id(ids, r->id));
	else
		puts("Nothing changed, so nothing was saved.");
}

/*
 * While the editor was open, another ebb (or the web page) may have changed
 * the record: saving over it would silently drop that change.
 */
static int still_the_same(struct ebb_vault *v, const struct ebb_record *r)
{
	struct ebb_error err = {0};
	struct ebb_record now;
	char ids[EBB_ID_STR];
	int rc = 0;

	if (ebb_record_get(v, r->id, &now, &err) != EBB_OK)
		return cli_fail(&err);
	if (now.rev != r->rev)
		rc = cli_failf(EX_TEMPFAIL,
		               "record %s changed while you were editing it, so nothing was saved; "
		               "run 'ebb edit %s' again",
		               cli_short_id(ids, r->id), ids + 28);
	ebb_record_clear(&now);
	return rc;
}

/* The editor part of edit: returns 0 or an exit status (reported). */
static int edit_text(struct cli *cli, struct ebb_vault *v, const struct ebb_record *r)
{
	struct ebb_error err = {0};
	const struct field *f = field_of(r->kind);
	struct ebb_buf offered, guide, out;
	json_t *edited = NULL, *before = NULL, *body = NULL;
	const char *prompt;
	bool lessons;
	int rc = 0;

	if (f == NULL)
		return cli_usage(cli,
		                 "a %s record has no text to edit; --at changes when it was "
		                 "(new ratings are a new 'ebb %s')",
		                 r->kind, r->kind);
	prompt = json_string_value(json_object_get(r->body, "prompt"));
	lessons = strcmp(r->kind, "entry") == 0 && prompt && strcmp(prompt, "lessons") == 0;
	ebb_buf_init_secret(&offered, TEXT_MAX + 64 * 1024);
	ebb_buf_init(&guide, 4096);
	ebb_buf_init_secret(&out, TEXT_MAX);
	if (offered_text(r, f, lessons, &offered, &err) != EBB_OK ||
	    make_guide(r, f, lessons, &guide, &err) != EBB_OK)
		rc = cli_fail(&err);
	if (rc == 0)
		rc = cli_edit(offered.data, guide.data, &out);
	if (rc == 0) {
		edited = write_trimmed(out.data, out.len);
		before = write_trimmed(offered.data, offered.len);
		if (edited == NULL)
			rc = cli_failf(EX_DATAERR,
			               "the text is not valid UTF-8, so nothing was saved");
		else if (before == NULL)
			rc = cli_failf(EX_DATAERR, "the record's text is not valid UTF-8");
	}
	if (rc == 0 && json_equal(edited, before)) {
		say_saved(cli, r, false, f->what);
		goto done;
	}
	if (rc == 0)
		rc = new_body(r, f, lessons, edited, &body);
	if (rc == 0 && json_equal(body, r->body)) {
		say_saved(cli, r, false, f->what);
		goto done;
	}
	if (rc == 0)
		rc = still_the_same(v, r);
	if (rc == 0 && ebb_record_update(v, r->id, body, NULL, NULL, &err) != EBB_OK)
		rc = cli_fail(&err);
	if (rc == 0)
		say_saved(cli, r, true, f->what);
done:
	json_decref(body);
	json_decref(edited);
	json_decref(before);
	ebb_buf_release(&offered);
	ebb_buf_release(&guide);
	ebb_buf_release(&out);
	return rc;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"at", required_argument, NULL, 'a'},
	    {0},
	};
	struct opts o = {.cli = cli};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_record cur = {0};
	struct ebb_when w;
	uint8_t id[EBB_ID_BYTES];
	char ids[EBB_ID_STR], when[40];
	int64_t now = (int64_t)time(NULL);
	int first, r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	r = 0;
	if (first >= argc)
		return cli_usage(cli, "which record? give its id as 'ebb log' shows it");
	if (first + 1 < argc)
		return cli_usage(cli, "edit takes one id; '%s' is extra", argv[first + 1]);
	if (o.at && (r = cli_when(cli, "--at", o.at, EBB_WHEN_DAY_KEEPS_NOW, &w)) != 0)
		return r;
	if (o.at && w.at > now + 60)
		return cli_usage(cli, "--at is a moment that has not come yet");

	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0)
		r = cli_resolve(v, argv[first], id);
	if (r == 0 && ebb_record_get(v, id, &cur, &err) != EBB_OK)
		r = cli_fail(&err);
	if (r == 0 && cur.deleted)
		r = cli_failf(EX_NOINPUT, "record %s was deleted, so there is nothing to edit",
		              cli_short_id(ids, id));
	if (r == 0 && o.at) {
		if (w.at == cur.at && w.offset == cur.offset) {
			say_saved(cli, &cur, false, "");
		} else if (ebb_record_update(v, id, cur.body, &w.at, &w.offset, &err) != EBB_OK) {
			r = cli_fail(&err);
		} else if (cli->json) {
			say_saved(cli, &cur, true, "");
		} else {
			short_when(when, w.at, w.offset);
			printf("Moved %s %s to %s, as revision %u; the earlier one is kept.\n",
			       cur.kind, cli_short_id(ids, id), when, cur.rev + 1);
		}
	} else if (r == 0) {
		r = edit_text(cli, v, &cur);
	}
	ebb_record_clear(&cur);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_edit = {
    .name = "edit",
    .usage = "ID [--at WHEN]",
    .summary = "change what a record says, or when it was; earlier versions are kept",
    .help = "Opens the record's text in your editor ($VISUAL or $EDITOR) and keeps what\n"
            "you save as a new revision; the earlier one stays in the vault. An entry's\n"
            "text, a reason, something you miss, a date's name, the note of a check-in,\n"
            "urge or contact, the name in your profile, or your safety plan's six parts.\n"
            "Nothing changed, nothing written. Needs the key: the kept key from\n"
            "'ebb unlock', or the passphrase.\n\n"
            "Options:\n"
            "  --at WHEN     only change when it was (no editor): yesterday, 21:30,\n"
            "                'monday 9pm', 2026-03-04...\n",
    .run = run,
};
