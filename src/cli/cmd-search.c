/*
 * cmd-search.c — `ebb search TEXT...`: the records whose words hold every
 * word and "quoted phrase" asked for (case and accents aside), newest
 * first, each with a line of context around the first match and every
 * searched word marked in it.
 *
 * Bodies are encrypted, so search.c decrypts each candidate in memory; the
 * query itself is kept in secret memory too.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "search.h"
#include "text.h"

#define CONTEXT     30   /* characters shown either side of the first match */
#define QUERY_MAX   4096 /* bytes of the joined arguments */
#define MAX_MARKS   64   /* marked spans in one snippet */
#define DEFAULT_MAX 20   /* records shown unless -n says otherwise */

struct opts {
	struct cli *cli;
	struct ebb_query q;
	long n;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;
	int r = cli_filter_opt(o->cli, &o->q, c, arg);

	if (r >= 0)
		return r;
	if (c == 'n') {
		if (!cli_parse_int(arg, 1, 1000000, &o->n))
			return cli_usage(o->cli, "-n takes a number from 1 to 1000000");
		return 0;
	}
	return EX_USAGE;
}

/* A byte span of the field's text. */
struct span {
	size_t start, end;
};

struct seen {
	struct cli *cli;
	const struct ebb_search_terms *t;
	struct ebb_fold fold; /* the hit's field, folded again to mark every term */
	size_t shown, total, max;
};

/* ---- the snippet --------------------------------------------------------- */

/* The snippet's extent: CONTEXT characters either side of [start, end). */
static struct span snippet_of(const char *text, size_t len, size_t start, size_t end)
{
	size_t ring[CONTEXT + 1], n = 0, i = 0, k;
	struct span s = {0, len};

	/* the starts of the last CONTEXT characters before start */
	while (i < start) {
		ring[n++ % (CONTEXT + 1)] = i;
		i += ebb_utf8_len(text + i, len - i);
	}
	if (n > CONTEXT)
		s.start = ring[(n - CONTEXT) % (CONTEXT + 1)];
	for (i = end, k = 0; i < len && k < CONTEXT; k++)
		i += ebb_utf8_len(text + i, len - i);
	s.end = i;
	return s;
}

/* The first folded offset whose source offset is at least src. */
static size_t folded_at(const struct ebb_fold *f, size_t src)
{
	size_t lo = 0, hi = f->text.len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->map[mid] < src)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * The spans that any term covers in *win, sorted and merged, into marks;
 * a match across an edge of *win widens it, so no word is cut in two.
 * Returns how many. The fold must hold the field's text.
 */
static size_t find_marks(const struct seen *s, struct span *win, struct span *marks)
{
	const struct span w = *win;
	size_t n = 0, m = 0, a, b;

	for (size_t t = 0; t < s->t->n; t++) {
		/* a match that starts a little before the window may reach into it */
		size_t from = folded_at(&s->fold, w.start);
		from = from >= s->t->len[t] ? from - s->t->len[t] + 1 : 0;
		while (n < MAX_MARKS &&
		       ebb_fold_find(&s->fold, s->t->term[t], s->t->len[t], from, &a, &b) &&
		       a < w.end) {
			if (b > w.start) {
				marks[n++] = (struct span){a, b};
				win->start = a < win->start ? a : win->start;
				win->end = b > win->end ? b : win->end;
			}
			from = folded_at(&s->fold, b); /* b > a, so this moves on */
		}
	}
	qsort(marks, n, sizeof(*marks), by_start);
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && marks[i].start <= marks[m - 1].end) {
			if (marks[i].end > marks[m - 1].end)
				marks[m - 1].end = marks[i].end;
		} else {
			marks[m++] = marks[i];
		}
	}
	return m;
}

/* Appends text[from, to) to out as one line: blanks and control characters
 * as spaces, bytes that are not UTF-8 as U+FFFD. */
static void add_plain(struct ebb_buf *out, const char *text, size_t from, size_t to,
                      struct ebb_error *err)
{
	while (from < to) {
		size_t k = ebb_utf8_len(text + from, to - from);
		unsigned char c = (unsigned char)text[from];
		if (k == 1 && (c < 0x20 || c == 0x7F))
			ebb_buf_add(out, " ", 1, err);
		else if (k == 1 && c >= 0x80)
			ebb_buf_adds(out, "\xef\xbf\xbd", err);
		else
			ebb_buf_add(out, text + from, k, err);
		from += k;
	}
}

/*
 * Builds the snippet of text around [start, end) with every term marked
 * between on and off, "…" where it was cut. The fold must hold text.
 */
static void build_snippet(const struct seen *s, const char *text, size_t start, size_t end,
                          const char *on, const char *off, struct ebb_buf *out)
{
	struct ebb_error err = {0};
	struct span marks[MAX_MARKS];
	size_t len = strlen(text), at, n;
	struct span win = snippet_of(text, len, start, end);

	n = find_marks(s, &win, marks);
	if (win.start > 0)
		ebb_buf_adds(out, "…", &err);
	at = win.start;
	for (size_t i = 0; i < n; i++) {
		add_plain(out, text, at, marks[i].start, &err);
		ebb_buf_adds(out, on, &err);
		add_plain(out, text, marks[i].start, marks[i].end, &err);
		ebb_buf_adds(out, off, &err);
		at = marks[i].end;
	}
	add_plain(out, text, at, win.end, &err);
	if (win.end < len)
		ebb_buf_adds(out, "…", &err);
}

/* For a hit in an answer or a tag: which one (its key, or its index). */
static void hit_place(const struct ebb_record *r, const struct ebb_search_hit *hit,
                      const char **key, long *index)
{
	const char *k;
	const json_t *v;
	size_t i;

	*key = NULL;
	*index = -1;
	json_object_foreach(json_object_get(r->body, "answers"), k, v)
	{
		if (json_string_value(v) == hit->text)
			*key = k;
	}
	json_array_foreach(json_object_get(r->body, "tags"), i, v)
	{
		if (json_string_value(v) == hit->text)
			*index = (long)i;
	}
}

/* ---- output -------------------------------------------------------------- */

static enum ebb_status show(const struct ebb_record *r, const struct ebb_search_hit *hit, void *ctx,
                            struct ebb_error *err)
{
	struct seen *s = ctx;
	struct cli *cli = s->cli;
	struct ebb_buf snip;
	const char *key;
	long index;
	enum ebb_status rc;
	json_t *o, *m;

	if (s->total++ >= s->max)
		return EBB_OK; /* counted, not shown */
	s->shown++;
	rc = ebb_fold_text(&s->fold, hit->text, strlen(hit->text), err);
	if (rc != EBB_OK)
		return rc;
	ebb_buf_init_secret(&snip, EBB_BODY_MAX);
	hit_place(r, hit, &key, &index);
	if (!cli->json) {
		const bool color = cli_color(cli, CLI_MARK)[0] != '\0';
		build_snippet(s, hit->text, hit->start, hit->end,
		              color ? cli_color(cli, CLI_MARK) : "[",
		              color ? cli_color(cli, CLI_RESET) : "]", &snip);
		cli_print_summary(cli, r);
		fputs("    ", stdout);
		if (key)
			printf("%s: ", key);
		else if (index >= 0)
			fputs("tag: ", stdout);
		else if (strcmp(hit->field, "text") != 0 && strcmp(hit->field, "note") != 0)
			printf("%s: ", hit->field);
		printf("%s\n", snip.data);
		ebb_buf_release(&snip);
		return EBB_OK;
	}
	build_snippet(s, hit->text, hit->start, hit->end, "", "", &snip);
	o = cli_record_json(r);
	m = json_pack("{s:s, s:I, s:I, s:s}", "field", hit->field, "start", (json_int_t)hit->start,
	              "end", (json_int_t)hit->end, "snippet", snip.data);
	ebb_buf_release(&snip);
	if (o == NULL || m == NULL) {
		json_decref(o);
		json_decref(m);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	}
	if (key)
		json_object_set_new(m, "key", json_string(key));
	if (index >= 0)
		json_object_set_new(m, "index", json_integer(index));
	json_object_set_new(o, "match", m);
	fputs(s->shown > 1 ? ",\n" : "\n", stdout);
	json_dumpf(o, stdout, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return EBB_OK;
}

/* Joins the arguments with spaces into out (secret). */
static int join_args(struct cli *cli, int argc, char **argv, int first, struct ebb_buf *out)
{
	struct ebb_error err = {0};

	for (int i = first; i < argc; i++) {
		if ((i > first && ebb_buf_add(out, " ", 1, &err) != EBB_OK) ||
		    ebb_buf_adds(out, argv[i], &err) != EBB_OK)
			return cli_usage(cli, "the search is too long (at most %u bytes)",
			                 QUERY_MAX);
	}
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    CLI_FILTER_OPTIONS,
	    {0},
	};
	struct opts o = {.cli = cli, .n = DEFAULT_MAX};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_search_terms t = {0};
	struct ebb_buf query;
	struct seen s = {.cli = cli};
	int first, r;

	ebb_query_init(&o.q);
	r = cli_getopt(cli, argc, argv, "n:", longopts, on_opt, &o, &first);
	if (r >= 0)
		return r;
	if (first >= argc)
		return cli_usage(cli,
		                 "say what to look for, for example: ebb search 'last summer'");
	ebb_buf_init_secret(&query, QUERY_MAX);
	r = join_args(cli, argc, argv, first, &query);
	if (r == 0 && ebb_search_terms_parse(&t, query.data, &err) != EBB_OK)
		r = cli_usage(cli, "%s", err.msg);
	ebb_buf_release(&query);
	if (r != 0)
		return r;

	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0) {
		o.q.newest_first = true;
		s.t = &t;
		s.max = (size_t)o.n;
		ebb_fold_init(&s.fold);
		if (cli->json)
			fputs("[", stdout);
		if (ebb_search(v, &o.q, &t, show, &s, &err) != EBB_OK)
			r = cli_fail(&err);
		ebb_fold_release(&s.fold);
		/* on an error the array is left open, so it cannot pass for whole */
		if (cli->json && r == 0)
			fputs(s.shown ? "\n]\n" : "]\n", stdout);
		else if (r == 0 && s.total == 0)
			puts("Nothing matches.");
		else if (r == 0 && s.total > s.shown)
			printf("(%zu more; -n %zu shows them all)\n", s.total - s.shown, s.total);
	}
	ebb_search_terms_release(&t);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_search = {
    .name = "search",
    .usage = "TEXT... [--kind KIND] [--from WHEN] [--to WHEN] [-n N]",
    .summary = "find records by the words in them",
    .help = "Finds the records holding every word you give and every \"quoted phrase\",\n"
            "whatever the capitals and accents (cafe finds CAFÉ; strasse finds Straße).\n"
            "Newest first, each with a line around the first match, the words marked.\n"
            "Reading needs the vault unlocked: the kept key, or the passphrase.\n\n"
            "Options:\n"
            "  -n N          how many to show (default 20)\n"
            "  --kind KIND   only checkin, entry, urge, signs, reason, miss, contact,\n"
            "                date, plan or profile\n"
            "  --from WHEN   from this day or moment on (2026-03-01, 'monday', ...)\n"
            "  --to WHEN     up to this day or moment (a day counts whole)\n"
            "  --json        a JSON array of records, each with its match\n",
    .run = run,
};
