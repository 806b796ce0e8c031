/*
 * cmd-show.c — `ebb show ID [--history]`: one record in full, every field
 * of its body in words (labels from vocab.h), and with --history every
 * earlier version too.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "prompts.h"
#include "record.h"
#include "vocab.h"
#include "when.h"

#define INLINE_MAX 60 /* longer text, or text on several lines, goes below its label */

struct opts {
	bool history;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	(void)arg;
	if (c != 'H')
		return EX_USAGE;
	o->history = true;
	return 0;
}

/* ---- text ---------------------------------------------------------------- */

/* Prints s with control characters (other than newlines and tabs) as
 * spaces, each line after a newline starting with indent (blank lines
 * stay empty). */
static void put_text(const char *s, const char *indent)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n') {
			fputc('\n', stdout);
			if (s[1] && s[1] != '\n')
				fputs(indent, stdout);
		} else if (c < 0x20 || c == 0x7F) {
			fputc(c == '\t' ? '\t' : ' ', stdout);
		} else {
			fputc(c, stdout);
		}
	}
}

/* "Label: text" when short and on one line, else the label and the text
 * below it, indented. Nothing for NULL. */
static void field(const char *label, const char *text)
{
	if (text == NULL)
		return;
	if (strlen(text) <= INLINE_MAX && strchr(text, '\n') == NULL) {
		printf("%s: ", label);
		put_text(text, "");
		fputc('\n', stdout);
		return;
	}
	printf("%s:\n  ", label);
	put_text(text, "  ");
	fputc('\n', stdout);
}

static const char *str(const json_t *body, const char *key)
{
	return json_string_value(json_object_get(body, key));
}

/* The label of a word from list, or the word itself when it is not there. */
static const char *label_of(const struct ebb_word *list, const char *name)
{
	const struct ebb_word *w = ebb_word_find(list, name);

	return w ? w->label : name;
}

/* A list of words: "Label: a, b, c" with labels from list (NULL: as is). */
static void word_list(const char *label, const json_t *a, const struct ebb_word *list)
{
	const json_t *w;
	size_t i;

	if (json_array_size(a) == 0)
		return;
	printf("%s: ", label);
	json_array_foreach(a, i, w)
	{
		fputs(i ? ", " : "", stdout);
		put_text(list ? label_of(list, json_string_value(w)) : json_string_value(w), "");
	}
	fputc('\n', stdout);
}

/* Fields of an entry's answers: each of the three questions, then others. */
static void answers(const json_t *a)
{
	const char *key;
	const json_t *v;

	if (json_object_size(a) == 0)
		return;
	for (const struct ebb_word *q = ebb_lessons; q->name; q++) {
		if ((v = json_object_get(a, q->name)) == NULL)
			continue;
		printf("\n%s\n  ", q->label);
		put_text(json_string_value(v), "  ");
		fputc('\n', stdout);
	}
	json_object_foreach((json_t *)a, key, v)
	{
		if (ebb_word_find(ebb_lessons, key) == NULL) {
			printf("\n%s\n  ", key);
			put_text(json_string_value(v), "  ");
			fputc('\n', stdout);
		}
	}
}

/*
 * An entry's text. When its answers were taken from it (each answer is in
 * the text, under its heading), only what comes before the first heading
 * is shown here: the answers follow under their questions.
 */
static void entry_text(const json_t *b)
{
	const char *text = str(b, "text"), *key, *end;
	const json_t *answers = json_object_get(b, "answers"), *a;
	bool split = json_object_size(answers) > 0;
	char *pre;

	if (text == NULL)
		return;
	json_object_foreach((json_t *)answers, key, a)
	{
		if (!json_is_string(a) || strstr(text, json_string_value(a)) == NULL)
			split = false;
	}
	if (!split) {
		field("Text", text);
		return;
	}
	for (end = text; *end; end += strcspn(end, "\n") + (end[strcspn(end, "\n")] != '\0'))
		if (*end == '#')
			break;
	while (end > text && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == text || (pre = strndup(text, (size_t)(end - text))) == NULL)
		return;
	field("Text", pre);
	free(pre);
}

/* The keys each kind's body shows in its own way; the rest are printed as they are. */
static const char *const known_keys[] = {
    "intensity", "feelings", "grieving",     "note", "text",    "prompt", "prompt_id", "question",
    "title",     "tags",     "answers",      "for",  "feeling", "did",    "ratings",   "by",
    "left_on",   "name",     "relationship", "date", "label",   "yearly",
};

static bool known(const char *key)
{
	for (size_t i = 0; i < sizeof(known_keys) / sizeof(known_keys[0]); i++)
		if (strcmp(known_keys[i], key) == 0)
			return true;
	return ebb_word_find(ebb_plan_parts, key) != NULL;
}

/* Every field of a body, in words. */
static void body_fields(const struct ebb_record *r)
{
	const json_t *b = r->body, *x;
	const char *key, *s;
	char num[32];
	size_t i;

	if ((x = json_object_get(b, "intensity")) != NULL) {
		snprintf(num, sizeof(num), "%lld out of 10", (long long)json_integer_value(x));
		field("Intensity", num);
	}
	if (strcmp(r->kind, "urge") == 0) {
		field("The urge", (s = str(b, "for")) ? label_of(ebb_urge_for, s) : NULL);
		field("Feeling", (s = str(b, "feeling")) ? label_of(ebb_feelings, s) : NULL);
		field("What I did", (s = str(b, "did")) ? label_of(ebb_urge_did, s) : NULL);
	}
	word_list("Feelings", json_object_get(b, "feelings"), ebb_feelings);
	if (json_array_size(json_object_get(b, "grieving"))) {
		fputs("What I grieve:\n", stdout);
		json_array_foreach(json_object_get(b, "grieving"), i, x)
		{
			fputs("  - ", stdout);
			put_text(label_of(ebb_facets, json_string_value(x)), "");
			fputc('\n', stdout);
		}
	}
	if ((x = json_object_get(b, "ratings")) != NULL) {
		fputs("Signs of healing, from 0 to 4:\n", stdout);
		for (i = 0; i < json_array_size(x) && ebb_signs[i].name; i++)
			printf("  %lld  %s\n", (long long)json_integer_value(json_array_get(x, i)),
			       ebb_signs[i].label);
	}
	if ((s = str(b, "by")) != NULL)
		field("Who reached out", strcmp(s, "me") == 0     ? "I did"
		                         : strcmp(s, "them") == 0 ? "they did"
		                                                  : s);
	field("Left on", str(b, "left_on"));
	field("Name", str(b, "name"));
	field("Relationship", (s = str(b, "relationship")) ? label_of(ebb_relationships, s) : NULL);
	field("Date", str(b, "date"));
	field("Label", str(b, "label"));
	if ((x = json_object_get(b, "yearly")) != NULL)
		field("Every year", json_is_true(x) ? "yes" : "no");
	if ((s = str(b, "prompt")) != NULL)
		field("Prompt", label_of(ebb_prompt_kinds, s));
	s = str(b, "question");
	if (s == NULL && str(b, "prompt_id") && ebb_prompt_find(str(b, "prompt_id")))
		s = ebb_prompt_find(str(b, "prompt_id"))->text;
	field("Question", s);
	field("Title", str(b, "title"));
	field("Note", str(b, "note"));
	entry_text(b);
	for (const struct ebb_word *w = ebb_plan_parts; w->name; w++) {
		const char *part = str(b, w->name);
		if (part) {
			char label[96];
			snprintf(label, sizeof(label), "%s", w->label);
			label[0] =
			    (char)(label[0] >= 'a' && label[0] <= 'z' ? label[0] - 32 : label[0]);
			field(label, part);
		}
	}
	word_list("Tags", json_object_get(b, "tags"), NULL);
	answers(json_object_get(b, "answers"));
	json_object_foreach((json_t *)b, key, x)
	{
		if (known(key))
			continue;
		if (json_is_string(x)) {
			field(key, json_string_value(x));
		} else {
			char *dump = json_dumps(x, JSON_COMPACT | JSON_ENCODE_ANY);
			field(key, dump ? dump : "?");
			free(dump);
		}
	}
}

/* "2026-03-04 21:30 +01:00" */
static void when_text(char *out, size_t size, int64_t at, int32_t offset)
{
	char iso[40];
	const char *zone;

	ebb_when_format_iso(iso, sizeof(iso), at, offset);
	zone = iso + 19; /* after 2026-03-04T21:30:00 */
	iso[10] = ' ';
	snprintf(out, size, "%.16s %s", iso, zone);
}

static const char *kind_words(const char *kind)
{
	static const struct ebb_word words[] = {
	    {"checkin", "check-in"},
	    {"entry", "written entry"},
	    {"urge", "urge"},
	    {"signs", "signs of healing"},
	    {"reason", "a reason I left"},
	    {"miss", "something I miss"},
	    {"contact", "contact"},
	    {"profile", "profile"},
	    {"date", "a hard date"},
	    {"plan", "my safety plan"},
	    {NULL, NULL},
	};

	return label_of(words, kind);
}

static void print_record(const struct cli *cli, const struct ebb_record *r)
{
	char when[64], ids[EBB_ID_STR];

	when_text(when, sizeof(when), r->at, r->offset);
	ebb_id_format(ids, r->id);
	printf("%sKind:%s   %s\n", cli_color(cli, CLI_BOLD), cli_color(cli, CLI_RESET),
	       kind_words(r->kind));
	printf("%sWhen:%s   %s\n", cli_color(cli, CLI_BOLD), cli_color(cli, CLI_RESET), when);
	printf("%sId:%s     %s\n", cli_color(cli, CLI_BOLD), cli_color(cli, CLI_RESET), ids);
	if (r->rev > 1)
		printf("%sEdited:%s %u versions\n", cli_color(cli, CLI_BOLD),
		       cli_color(cli, CLI_RESET), r->rev);
	fputc('\n', stdout);
	body_fields(r);
}

/* ---- history --------------------------------------------------------------- */

/* The revisions of one record, each with a reference to its body. */
struct revs {
	const uint8_t *id;
	struct ebb_record *v;
	size_t n, cap;
};

static void revs_release(struct revs *h)
{
	for (size_t i = 0; i < h->n; i++)
		json_decref(h->v[i].body);
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

static enum ebb_status keep_rev(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct revs *h = ctx;

	if (memcmp(r->id, h->id, EBB_ID_BYTES) != 0)
		return EBB_OK;
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 8;
		struct ebb_record *m = realloc(h->v, cap * sizeof(*m));
		if (m == NULL)
			return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		h->v = m;
		h->cap = cap;
	}
	h->v[h->n] = *r;
	h->v[h->n++].body = json_incref(r->body);
	return EBB_OK;
}

static int by_rev(const void *a, const void *b)
{
	const struct ebb_record *x = a, *y = b;

	return x->rev < y->rev ? -1 : x->rev > y->rev;
}

/* Every revision of r's record, oldest first. */
static enum ebb_status history(struct ebb_vault *v, const struct ebb_record *r, struct revs *h,
                               struct ebb_error *err)
{
	struct ebb_query q;
	enum ebb_status rc;

	h->id = r->id;
	ebb_query_init(&q);
	q.kind = r->kind; /* a record keeps its kind through every version */
	q.all_revisions = true;
	rc = ebb_record_each(v, &q, keep_rev, h, err);
	if (rc == EBB_OK)
		qsort(h->v, h->n, sizeof(*h->v), by_rev);
	return rc;
}

/* The earlier versions, in words. */
static void print_history(const struct cli *cli, const struct revs *h, uint32_t latest)
{
	char when[64];

	for (size_t i = 0; i < h->n; i++) {
		const struct ebb_record *r = &h->v[i];
		if (r->rev == latest)
			continue; /* shown above */
		when_text(when, sizeof(when), r->at, r->offset);
		printf("\n%s-- version %u of %u, %s --%s\n", cli_color(cli, CLI_DIM), r->rev,
		       latest, when, cli_color(cli, CLI_RESET));
		if (r->body)
			body_fields(r);
		else
			puts("(its words are gone)");
	}
}

/* The versions as a JSON array, or NULL when memory runs out. */
static json_t *history_json(const struct revs *h)
{
	json_t *list = json_array(), *o;

	for (size_t i = 0; list && i < h->n; i++) {
		if ((o = cli_record_json(&h->v[i])) == NULL ||
		    json_array_append_new(list, o) != 0) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"history", no_argument, NULL, 'H'},
	    {0},
	};
	struct opts o = {0};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_record rec = {0};
	uint8_t id[EBB_ID_BYTES];
	char ids[EBB_ID_STR];
	struct revs h = {0};
	json_t *out = NULL, *list = NULL;
	int first, r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	if (first >= argc)
		return cli_usage(cli, "say which record: ebb show ID (the id 'ebb log' shows)");
	if (first + 1 < argc)
		return cli_usage(cli, "show takes one id; '%s' is extra", argv[first + 1]);
	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0)
		r = cli_resolve(v, argv[first], id);
	if (r == 0 && ebb_record_get(v, id, &rec, &err) != EBB_OK)
		r = cli_fail(&err);
	if (r == 0 && rec.deleted) {
		ebb_id_format(ids, id);
		r = cli_failf(EX_NOINPUT, "record %s was deleted; its words are gone", ids);
	}
	if (r != 0)
		goto done;
	if (o.history && history(v, &rec, &h, &err) != EBB_OK) {
		r = cli_fail(&err);
		goto done;
	}
	if (cli->json) {
		out = cli_record_json(&rec);
		if (out && o.history)
			list = history_json(&h);
		if (out == NULL ||
		    (o.history && (list == NULL || json_object_set(out, "history", list) != 0))) {
			r = cli_failf(EX_OSERR, "out of memory");
			goto done;
		}
		json_dumpf(out, stdout, JSON_COMPACT | JSON_SORT_KEYS);
		fputc('\n', stdout);
	} else {
		print_record(cli, &rec);
		if (o.history)
			print_history(cli, &h, rec.rev);
	}
done:
	json_decref(out);
	json_decref(list);
	revs_release(&h);
	ebb_record_clear(&rec);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_show = {
    .name = "show",
    .usage = "ID [--history]",
    .summary = "show one record in full",
    .help = "Shows one record with everything in it: its kind, when it was, its id,\n"
            "how many versions it has, and every field in words. ID is the one 'ebb log'\n"
            "shows (the last 4 to 12 characters are enough) or the full id. Reading\n"
            "needs the vault unlocked: the kept key, or the passphrase.\n\n"
            "Options:\n"
            "  --history     the earlier versions too, oldest first\n"
            "  --json        the record as JSON (with --history, a \"history\" array of\n"
            "                every version)\n",
    .run = run,
};
