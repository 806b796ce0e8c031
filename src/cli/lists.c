/*
 * lists.c — layout by display width, records of one kind, text input and
 * removal for the list commands. See lists.h.
 */
#include "lists.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "text.h"

#define TEXT_CAP (512u * 1024) /* as much as stdin may bring */

/* ---- display width ------------------------------------------------------ */

struct range {
	uint32_t lo, hi;
};

/* Combining marks and other characters that take no column of their own. */
static const struct range zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},   {0x05C1, 0x05C2},
    {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F},   {0x0670, 0x0670},
    {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x0900, 0x0902}, {0x093C, 0x093C},   {0x0941, 0x0948},
    {0x094D, 0x094D}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},   {0x1AB0, 0x1AFF},
    {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},   {0x20D0, 0x20FF},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0x1F3FB, 0x1F3FF}, {0xE0000, 0xE0FFF},
};

/* East Asian wide and fullwidth characters, and most emoji. */
static const struct range wide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x18AFF},
    {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF},
    {0x1F7E0, 0x1F7EB}, {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD},
};

static bool in(const struct range *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* The code point of the k-byte character at s (k from ebb_utf8_len). */
static uint32_t decode(const unsigned char *s, size_t k)
{
	uint32_t cp;

	if (k == 1)
		return s[0];
	cp = s[0] & (0x7F >> k);
	for (size_t i = 1; i < k; i++)
		cp = (cp << 6) | (s[i] & 0x3F);
	return cp;
}

/* Columns of one character of k bytes at s. */
static size_t char_width(const char *s, size_t k)
{
	uint32_t cp = decode((const unsigned char *)s, k);

	if (k == 1 && cp >= 0x80)
		return 1; /* a malformed byte, shown as one replacement */
	if (cp == '\t' || cp == '\n')
		return 1; /* written as a space */
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0; /* never written */
	if (in(zero_width, sizeof(zero_width) / sizeof(zero_width[0]), cp))
		return 0;
	if (in(wide, sizeof(wide) / sizeof(wide[0]), cp))
		return 2;
	return 1;
}

size_t cli_text_width(const char *s, size_t n)
{
	size_t w = 0, k;

	for (size_t i = 0; i < n; i += k) {
		k = ebb_utf8_len(s + i, n - i);
		w += char_width(s + i, k);
	}
	return w;
}

size_t cli_term_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col < 20 ? 20 : ws.ws_col;
	return 80;
}

void cli_put_text(FILE *f, const char *s, size_t n)
{
	size_t k;

	for (size_t i = 0; i < n; i += k) {
		k = ebb_utf8_len(s + i, n - i);
		if (k == 1) {
			unsigned char c = (unsigned char)s[i];
			if (c == '\t' || c == '\n')
				fputc(' ', f);
			else if (c >= 0x80)
				fputs("\xEF\xBF\xBD", f); /* U+FFFD for a malformed byte */
			else if (c >= 0x20 && c != 0x7F)
				fputc(c, f);
			continue;
		}
		if (char_width(s + i, k) == 0 && decode((const unsigned char *)s + i, k) < 0xA0)
			continue; /* C1 controls, such as a single-byte CSI */
		fwrite(s + i, 1, k, f);
	}
}

/* ---- wrapping ------------------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Appends [s, s+len) as a line, without its trailing blanks. */
static int push_line(struct cli_lines *out, const char *s, size_t len)
{
	while (len && (is_blank(s[len - 1]) || s[len - 1] == '\r'))
		len--;
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 16;
		struct cli_line *v = realloc(out->v, cap * sizeof(*v));
		if (v == NULL)
			return cli_failf(EX_OSERR, "out of memory");
		out->v = v;
		out->cap = cap;
	}
	out->v[out->n++] = (struct cli_line){s, len, cli_text_width(s, len)};
	return 0;
}

/* Wraps one paragraph (no newline inside) of len bytes at s. */
static int wrap_paragraph(const char *s, size_t len, size_t width, struct cli_lines *out)
{
	const char *end = s + len, *start = s, *p = s, *brk = NULL;
	size_t used = 0, k, w;
	int r;

	if (len == 0)
		return push_line(out, s, 0);
	while (p < end) {
		k = ebb_utf8_len(p, (size_t)(end - p));
		w = char_width(p, k);
		if (is_blank(*p) && p > start && !is_blank(p[-1]))
			brk = p;
		if (used > 0 && used + w > width && !is_blank(*p)) {
			/* break at the last blank, or inside a word too wide for a line */
			const char *cut = brk ? brk : p;
			r = push_line(out, start, (size_t)(cut - start));
			if (r != 0)
				return r;
			p = cut;
			while (p < end && is_blank(*p))
				p++;
			start = p;
			used = 0;
			brk = NULL;
			continue;
		}
		used += w;
		p += k;
	}
	return push_line(out, start, (size_t)(end - start));
}

int cli_wrap(const char *text, size_t width, struct cli_lines *out)
{
	const char *p = text;
	int r;

	if (width == 0)
		width = SIZE_MAX;
	while (*p) {
		size_t n = strcspn(p, "\n");
		r = wrap_paragraph(p, n, width, out);
		if (r != 0)
			return r;
		p += n;
		if (*p == '\n')
			p++;
	}
	return 0;
}

void cli_lines_release(struct cli_lines *out)
{
	if (out == NULL)
		return;
	free(out->v);
	memset(out, 0, sizeof(*out));
}

int cli_put_wrapped(FILE *f, const char *text, size_t indent, size_t width)
{
	struct cli_lines lines = {0};
	int r = cli_wrap(text, width == 0 ? 0 : width > indent + 10 ? width - indent : 10, &lines);

	for (size_t i = 0; r == 0 && i < lines.n; i++) {
		if (i > 0)
			fprintf(f, "%*s", (int)indent, "");
		cli_put_text(f, lines.v[i].s, lines.v[i].len);
		fputc('\n', f);
	}
	if (r == 0 && lines.n == 0)
		fputc('\n', f);
	cli_lines_release(&lines);
	return r;
}

/* ---- records of one kind ---------------------------------------------- */

static enum ebb_status collect(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct cli_items *items = ctx;

	if (items->n == items->cap) {
		size_t cap = items->cap ? items->cap * 2 : 16;
		struct ebb_record *v = realloc(items->v, cap * sizeof(*v));
		if (v == NULL)
			return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		items->v = v;
		items->cap = cap;
	}
	items->v[items->n] = *r;
	json_incref(r->body);
	items->n++;
	return EBB_OK;
}

int cli_items_load(struct ebb_vault *v, const char *kind, struct cli_items *out)
{
	struct ebb_error err = {0};
	struct ebb_query q;

	ebb_query_init(&q);
	q.kind = kind;
	if (ebb_record_each(v, &q, collect, out, &err) != EBB_OK)
		return cli_fail(&err);
	return 0;
}

void cli_items_release(struct cli_items *items)
{
	if (items == NULL)
		return;
	for (size_t i = 0; i < items->n; i++)
		ebb_record_clear(&items->v[i]);
	free(items->v);
	memset(items, 0, sizeof(*items));
}

json_t *cli_items_json(const struct cli_items *items)
{
	json_t *a = json_array(), *o;

	for (size_t i = 0; a && i < items->n; i++) {
		o = cli_record_json(&items->v[i]);
		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

const char *cli_body_text(const struct ebb_record *r, const char *key)
{
	const char *s = r->body ? json_string_value(json_object_get(r->body, key)) : NULL;

	return s ? s : "";
}

/* ---- input ------------------------------------------------------------- */

/* Drops leading and trailing blanks and newlines, wiping what is dropped. */
static void trim(struct ebb_buf *b)
{
	size_t lead = 0, len = b->len;

	while (len && strchr(" \t\r\n", b->data[len - 1]))
		len--;
	while (lead < len && strchr(" \t\r\n", b->data[lead]))
		lead++;
	if (b->len == 0)
		return;
	memmove(b->data, b->data + lead, len - lead);
	explicit_bzero(b->data + (len - lead), b->len - (len - lead));
	b->len = len - lead;
}

int cli_text_input(struct cli *cli, int argc, char **argv, int first, const char *question,
                   struct ebb_buf *out)
{
	struct ebb_error err = {0};
	int r = 0;

	(void)cli;
	ebb_buf_reset(out);
	if (first < argc) {
		for (int i = first; i < argc && r == 0; i++) {
			if ((i > first && ebb_buf_adds(out, " ", &err) != EBB_OK) ||
			    ebb_buf_adds(out, argv[i], &err) != EBB_OK)
				r = cli_fail(&err);
		}
	} else if (!isatty(STDIN_FILENO)) {
		r = cli_read_stdin(out);
		if (r == 0 && strlen(out->data) != out->len)
			r = cli_failf(EX_DATAERR, "the text holds a NUL byte; nothing was written");
	} else if (cli_interactive()) {
		if (cli_ask(question, out) != 0)
			ebb_buf_reset(out); /* input ended: nothing to keep */
	}
	if (r == 0)
		trim(out);
	return r;
}

/* ---- removal ----------------------------------------------------------- */

/* Shows the record about to go: short id and what it says. */
static void show_one(const struct ebb_record *r)
{
	char ids[EBB_ID_STR];
	const char *text = cli_body_text(r, "text");

	printf("  %s  ", cli_short_id(ids, r->id));
	if (strcmp(r->kind, "date") == 0) {
		printf("%s  ", cli_body_text(r, "date"));
		text = cli_body_text(r, "label");
	}
	cli_put_wrapped(stdout, text, 12, cli_term_width());
}

static bool said_yes(const char *s)
{
	return strcasecmp(s, "y") == 0 || strcasecmp(s, "yes") == 0;
}

int cli_remove(struct cli *cli, const char *kind, const char *what, const char *idtext, bool yes)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_record rec = {0};
	struct ebb_buf answer;
	uint8_t id[EBB_ID_BYTES];
	char ids[EBB_ID_STR];
	int r;

	if (!yes && !cli_interactive())
		return cli_usage(cli,
		                 "rm asks before removing, and there is no terminal to ask on: "
		                 "add --yes to remove the %s without asking",
		                 what);
	ebb_buf_init(&answer, 64);
	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0)
		r = cli_resolve(v, idtext, id);
	if (r == 0 && ebb_record_get(v, id, &rec, &err) != EBB_OK)
		r = cli_fail(&err);
	if (r == 0 && strcmp(rec.kind, kind) != 0)
		r = cli_failf(EX_NOINPUT, "there is no %s with the id %s (that record is a %s)",
		              what, idtext, rec.kind);
	else if (r == 0 && rec.deleted)
		r = cli_failf(EX_NOINPUT, "that %s was already removed", what);
	if (r == 0 && !yes) {
		show_one(&rec);
		if (cli_ask("Remove it for good? Its words are wiped from the vault. [y/N] ",
		            &answer) != 0 ||
		    !said_yes(answer.data)) {
			ebb_id_format(ids, id);
			if (cli->json)
				printf("{\"id\": \"%s\", \"removed\": false}\n", ids);
			else
				puts("Kept; nothing was removed.");
			goto done;
		}
	}
	if (r == 0 && ebb_record_delete(v, id, &err) != EBB_OK)
		r = cli_fail(&err);
	if (r == 0) {
		ebb_id_format(ids, id);
		if (cli->json)
			printf("{\"id\": \"%s\", \"removed\": true}\n", ids);
		else
			printf("Removed the %s %s; its words are wiped from the vault.\n", what,
			       cli_short_id(ids, id));
	}
done:
	ebb_record_clear(&rec);
	ebb_buf_release(&answer);
	ebb_vault_close(v);
	return r;
}

void cli_print_added(const struct cli *cli, const uint8_t id[EBB_ID_BYTES], bool queued,
                     const char *done)
{
	char ids[EBB_ID_STR];

	ebb_id_format(ids, id);
	if (cli->json) {
		printf("{\"id\": \"%s\", \"queued\": %s}\n", ids, queued ? "true" : "false");
		return;
	}
	puts(done);
	if (queued)
		puts("Sealed while locked; it joins the rest when you next unlock.");
}

/* ---- reasons and misses ------------------------------------------------ */

struct list_opts {
	struct cli *cli;
	bool yes;
};

static int list_opt(void *ctx, int c, const char *arg)
{
	struct list_opts *o = ctx;

	(void)arg;
	if (c == 'y') {
		o->yes = true;
		return 0;
	}
	return EX_USAGE;
}

void cli_list_print(const struct cli *cli, const char *title, const struct cli_items *items,
                    size_t width)
{
	char ids[EBB_ID_STR];

	printf("%s%s:%s\n", cli_color(cli, CLI_BOLD), title, cli_color(cli, CLI_RESET));
	for (size_t i = 0; i < items->n; i++) {
		printf("  %s%s%s  ", cli_color(cli, CLI_DIM), cli_short_id(ids, items->v[i].id),
		       cli_color(cli, CLI_RESET));
		cli_put_wrapped(stdout, cli_body_text(&items->v[i], "text"), 12, width);
	}
}

static int list_show(struct cli *cli, const struct cli_list_spec *spec)
{
	struct cli_items items = {0};
	struct ebb_vault *v = NULL;
	json_t *a;
	int r = cli_open(cli, &v);

	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0)
		r = cli_items_load(v, spec->kind, &items);
	if (r == 0 && cli->json) {
		a = cli_items_json(&items);
		if (a == NULL)
			r = cli_failf(EX_OSERR, "out of memory");
		else
			json_dumpf(a, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		if (a)
			fputc('\n', stdout);
		json_decref(a);
	} else if (r == 0 && items.n == 0) {
		cli_put_wrapped(stdout, spec->empty, 0, cli_term_width());
	} else if (r == 0) {
		cli_list_print(cli, spec->title, &items,
		               isatty(STDOUT_FILENO) ? cli_term_width() : 0);
		if (spec->footer) {
			fputc('\n', stdout);
			cli_put_wrapped(stdout, spec->footer, 0, cli_term_width());
		}
	}
	cli_items_release(&items);
	ebb_vault_close(v);
	return r;
}

static int list_add(struct cli *cli, int argc, char **argv, int first,
                    const struct cli_list_spec *spec)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_buf text;
	uint8_t id[EBB_ID_BYTES];
	bool queued = false;
	json_t *body = NULL;
	int64_t now = (int64_t)time(NULL);
	int r;

	ebb_buf_init_secret(&text, TEXT_CAP);
	r = cli_text_input(cli, argc, argv, first, spec->question, &text);
	if (r == 0 && text.len == 0)
		r = cli_usage(cli,
		              "there is no text to keep, so nothing was written: ebb %s add TEXT",
		              cli->cmd->name);
	if (r == 0 && (body = json_object()) == NULL)
		r = cli_failf(EX_OSERR, "out of memory");
	if (r == 0 && json_object_set_new(body, "text", json_stringn(text.data, text.len)) != 0)
		r = cli_usage(cli, "the text is not valid UTF-8, so nothing was written");
	if (r == 0 && ebb_record_validate(spec->kind, body, &err) != EBB_OK)
		r = cli_usage(cli, "%s; nothing was written", err.msg);
	ebb_buf_release(&text);
	if (r == 0)
		r = cli_open(cli, &v);
	if (r == 0) {
		cli_unlock_write(cli, v);
		if (ebb_record_add(v, spec->kind, now, ebb_when_local_offset(now), body, id,
		                   &queued, &err) != EBB_OK)
			r = cli_fail(&err);
	}
	if (r == 0)
		cli_print_added(cli, id, queued, spec->added);
	json_decref(body);
	ebb_vault_close(v);
	return r;
}

int cli_list_run(struct cli *cli, int argc, char **argv, const struct cli_list_spec *spec)
{
	static const struct option longopts[] = {
	    {"yes", no_argument, NULL, 'y'},
	    {0},
	};
	struct list_opts o = {.cli = cli};
	const char *name = cli->cmd->name;
	int first, r = cli_getopt(cli, argc, argv, "y", longopts, list_opt, &o, &first);

	if (r >= 0)
		return r;
	if (first < argc && strcmp(argv[first], "rm") == 0) {
		if (first + 1 >= argc)
			return cli_usage(cli, "which %s? give its id: ebb %s rm ID", spec->what,
			                 name);
		if (first + 2 < argc)
			return cli_usage(cli, "rm takes one id; '%s' is extra", argv[first + 2]);
		return cli_remove(cli, spec->kind, spec->what, argv[first + 1], o.yes);
	}
	if (o.yes)
		return cli_usage(cli, "--yes goes with rm");
	if (first >= argc || strcmp(argv[first], "list") == 0) {
		if (first + 1 < argc)
			return cli_usage(cli, "'%s' is extra; to add: ebb %s add TEXT",
			                 argv[first + 1], name);
		return list_show(cli, spec);
	}
	if (strcmp(argv[first], "add") == 0)
		return list_add(cli, argc, argv, first + 1, spec);
	return cli_usage(cli, "'%s' is not add or rm; to add: ebb %s add TEXT", argv[first], name);
}
