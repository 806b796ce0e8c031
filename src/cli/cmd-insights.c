/*
 * cmd-insights.c — `ebb insights`: what the records say beyond the waves
 * (insights.h): how the mix of what is being grieved shifts month by
 * month, which feelings come most and how that changes, urges felt and
 * acted on week by week, days since the last contact, the four signs over
 * time, and hard dates on the timeline with whether waves gather near them.
 *
 * Each section leads with the core's own sentence(s) and then shows the
 * counts behind them; ranges come before any verdict (docs/WAVES.md, "Four
 * signs of healing"). What is read and computed, the --json object and
 * the charts come from the core (view.h), so the page shows the same;
 * --svg DIR writes one chart per section (fixed colours so that any viewer
 * shows them), never replacing a file.
 *
 * "Today" is always the real local day: --from and --to only choose the
 * records read, so "the last 30 days" and "days since the last contact"
 * keep meaning what they say.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chart.h"
#include "cli.h"
#include "dates.h"
#include "insights.h"
#include "lists.h"
#include "view.h"
#include "vocab.h"
#include "waves.h"
#include "when.h"

#define TEXT_WIDTH   80 /* the widest the text is wrapped, whatever the terminal */
#define INDENT       2  /* the body of a section, under its heading */
#define MONTHS_SHOWN 12 /* the latest months in the facets table */
#define WEEKS_SHOWN  8  /* the latest weeks in the urges table */
#define FEELINGS_MAX 8  /* feelings listed under the sentence */
#define DATES_SHOWN  20 /* the latest occurrences of hard dates listed */
#define N_CHARTS     EBB_VIEW_INSIGHTS_CHARTS /* --svg writes NAME.svg for each, in order */

struct opts {
	struct cli *cli;
	struct ebb_query q; /* --from and --to, as cli_filter_opt reads them */
	bool from_given, to_given;
	const char *svg; /* --svg DIR, or NULL */
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	switch (c) {
	case CLI_OPT_FROM:
	case CLI_OPT_TO:
		if (c == CLI_OPT_FROM)
			o->from_given = true;
		else
			o->to_given = true;
		return cli_filter_opt(o->cli, &o->q, c, arg);
	case 'S':
		if (arg[0] == '\0')
			return cli_usage(o->cli, "--svg takes a directory");
		o->svg = arg;
		return 0;
	}
	return EX_USAGE;
}

/* Reads the vault and runs both analyses (view.h). Returns 0 or an exit
 * status. */
static int compute(struct cli *cli, const struct opts *o, struct ebb_view_insights_data *rs)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_view_range range;
	int r;

	ebb_view_range_init(&range);
	if (o->from_given)
		range.from = o->q.from;
	if (o->to_given)
		range.to = o->q.to;
	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0 && ebb_view_insights_gather(rs, v, time(NULL), &range, &err) != EBB_OK)
		r = cli_fail(&err);
	ebb_vault_close(v);
	return r;
}

/* ---- words for people ---------------------------------------------------- */

static size_t text_width(void)
{
	size_t w = cli_term_width();

	return w < TEXT_WIDTH ? w : TEXT_WIDTH;
}

/* A paragraph of the body: indented, wrapped. */
static void para(const char *text)
{
	printf("%*s", INDENT, "");
	cli_put_wrapped(stdout, text, INDENT, text_width());
}

static void heading(const struct cli *cli, const char *title)
{
	printf("\n%s%s%s\n", cli_color(cli, CLI_BOLD), title, cli_color(cli, CLI_RESET));
}

/* "2026-03" */
static void month_str(char out[16], int year, int month)
{
	snprintf(out, 16, "%04d-%02d", year, month);
}

/* A weekly median: "3" or "2.5" (medians of whole ratings end in .0 or .5),
 * digit by digit whatever the locale. */
static void median_str(char out[32], double m)
{
	long long halves;

	if (!isfinite(m) || m < 0.0 || m > 1e6) {
		snprintf(out, 32, "-");
		return;
	}
	halves = llround(m * 2.0);
	snprintf(out, 32, "%lld%s", halves / 2, halves % 2 ? ".5" : "");
}

static void print_facets(const struct cli *cli, const struct ebb_insights *ins)
{
	char buf[EBB_INSIGHTS_SENTENCE_MAX], m[16];
	size_t named = 0, first, i, j, w[EBB_INSIGHTS_FACETS];

	heading(cli, "What you are grieving");
	for (i = 0; i < ins->n_months; i++)
		named += ins->months[i].named;
	if (named == 0) {
		para("Nothing named yet about what you are grieving; a check-in can name it "
		     "with --grieving.");
		return;
	}
	ebb_insights_say_facets(buf, sizeof(buf), ins);
	para(buf);
	printf("\n%*s%s%-7s", INDENT, "", cli_color(cli, CLI_DIM), "month");
	for (j = 0; j < EBB_INSIGHTS_FACETS; j++) {
		w[j] = strlen(ebb_facets[j].name);
		printf("  %*s", (int)w[j], ebb_facets[j].name);
	}
	printf("%s\n", cli_color(cli, CLI_RESET));
	first = ins->n_months > MONTHS_SHOWN ? ins->n_months - MONTHS_SHOWN : 0;
	for (i = first; i < ins->n_months; i++) {
		const struct ebb_insights_month *mo = &ins->months[i];

		month_str(m, mo->year, mo->month);
		printf("%*s%-7s", INDENT, "", m);
		for (j = 0; j < EBB_INSIGHTS_FACETS; j++)
			printf("  %*zu", (int)w[j], mo->facet[j]);
		fputc('\n', stdout);
	}
	if (first > 0)
		printf("%*s(%zu earlier %s with check-ins: --json has them all.)\n", INDENT, "",
		       first, first == 1 ? "month" : "months");
	fputc('\n', stdout);
	snprintf(buf, sizeof(buf), "Each number counts the check-ins that named it: ");
	for (j = 0; j < EBB_INSIGHTS_FACETS; j++) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof(buf) - len, "%s means %s%s", ebb_facets[j].name,
		         ebb_facets[j].label, j + 1 < EBB_INSIGHTS_FACETS ? "; " : ".");
	}
	para(buf);
}

static void print_feelings(const struct cli *cli, const struct ebb_insights *ins)
{
	const struct ebb_insights_feelings *f = &ins->feelings;
	char buf[EBB_INSIGHTS_SENTENCE_MAX];
	size_t idx[EBB_INSIGHTS_MAX_FEELINGS], n, i, w = 0;

	heading(cli, "Feelings");
	ebb_insights_say_feelings(buf, sizeof(buf), ins);
	para(buf);
	if (f->named == 0)
		return;
	ebb_insights_say_feelings_change(buf, sizeof(buf), ins);
	para(buf);
	n = ebb_view_feelings_by_count(f, idx);
	if (n > FEELINGS_MAX)
		n = FEELINGS_MAX;
	for (i = 0; i < n; i++)
		if (strlen(ebb_feelings[idx[i]].label) > w)
			w = strlen(ebb_feelings[idx[i]].label);
	fputc('\n', stdout);
	for (i = 0; i < n; i++)
		printf("%*s%-*s  %zu\n", INDENT, "", (int)w, ebb_feelings[idx[i]].label,
		       f->count[idx[i]]);
	printf("%*s%sOf %zu check-ins that named a feeling.%s\n", INDENT, "",
	       cli_color(cli, CLI_DIM), f->named, cli_color(cli, CLI_RESET));
}

static void print_urges(const struct cli *cli, const struct ebb_insights *ins)
{
	const struct ebb_insights_urges *u = &ins->urges;
	char buf[EBB_INSIGHTS_SENTENCE_MAX], d[EBB_DATE_STR];
	size_t i, first, n_did = ebb_word_count(ebb_urge_did), len;

	heading(cli, "Urges");
	ebb_insights_say_urges(buf, sizeof(buf), ins);
	para(buf);
	if (u->all.felt == 0)
		return;
	ebb_insights_say_urges_recent(buf, sizeof(buf), ins);
	para(buf);
	printf("\n%*s%s%-10s  %4s  %8s  %8s%s\n", INDENT, "", cli_color(cli, CLI_DIM), "week of",
	       "felt", "acted on", "let pass", cli_color(cli, CLI_RESET));
	first = u->n_weeks > WEEKS_SHOWN ? u->n_weeks - WEEKS_SHOWN : 0;
	for (i = first; i < u->n_weeks; i++)
		printf("%*s%-10s  %4zu  %8zu  %8zu\n", INDENT, "",
		       ebb_date_format(d, u->weeks[i].monday), u->weeks[i].felt, u->weeks[i].acted,
		       u->weeks[i].felt - u->weeks[i].acted);
	if (first > 0)
		printf("%*s(%zu earlier %s: --json has them all.)\n", INDENT, "", first,
		       first == 1 ? "week" : "weeks");
	fputc('\n', stdout);
	snprintf(buf, sizeof(buf), "What you did with them:");
	for (i = 0; i < n_did && i < EBB_INSIGHTS_MAX_DID; i++) {
		if (u->did[i] == 0)
			continue;
		len = strlen(buf);
		snprintf(buf + len, sizeof(buf) - len, " %s %zu,", ebb_urge_did[i].name, u->did[i]);
	}
	len = strlen(buf);
	if (u->did_unsaid > 0)
		snprintf(buf + len, sizeof(buf) - len, " not noted %zu.", u->did_unsaid);
	else if (buf[len - 1] == ',')
		buf[len - 1] = '.';
	para(buf);
}

static void print_contact(const struct cli *cli, const struct ebb_insights *ins)
{
	const struct ebb_insights_contacts *c = &ins->contact;
	char buf[EBB_INSIGHTS_SENTENCE_MAX], d[EBB_DATE_STR];
	size_t unsaid = c->count - c->by_me - c->by_them;

	heading(cli, "Contact");
	ebb_insights_say_contact(buf, sizeof(buf), ins);
	para(buf);
	if (c->count == 0)
		return;
	if (c->any)
		printf("%*sDays since the last contact: %lld (on %s).\n", INDENT, "",
		       (long long)c->days_since, ebb_date_format(d, c->last_day));
	printf("%*sContacts recorded: %zu (you reached out %zu, they did %zu, not said %zu).\n",
	       INDENT, "", c->count, c->by_me, c->by_them, unsaid);
}

static void print_signs(const struct cli *cli, const struct ebb_insights *ins)
{
	char buf[EBB_INSIGHTS_SENTENCE_MAX], d[EBB_DATE_STR], m[32];
	size_t s, rated = 0;

	heading(cli, "The four signs");
	for (s = 0; s < EBB_INSIGHTS_SIGNS; s++)
		rated += ins->signs[s].n_weeks;
	if (rated == 0) {
		para("The four signs are not rated yet; 'ebb signs' asks about each, from 0 (not "
		     "at all) to 4 (very much).");
		return;
	}
	para("Each rated from 0 (not at all) to 4 (very much); a week counts as the middle "
	     "(median) of its ratings.");
	for (s = 0; s < EBB_INSIGHTS_SIGNS; s++) {
		const struct ebb_insights_sign *sg = &ins->signs[s];

		fputc('\n', stdout);
		ebb_insights_say_sign(buf, sizeof(buf), ins, s);
		para(buf);
		if (sg->n_weeks == 0)
			continue;
		median_str(m, sg->weeks[sg->n_weeks - 1].median);
		printf("%*s%sLatest weekly median: %s (week of %s); rated in %zu %s.%s\n",
		       INDENT * 2, "", cli_color(cli, CLI_DIM), m,
		       ebb_date_format(d, sg->weeks[sg->n_weeks - 1].monday), sg->n_weeks,
		       sg->n_weeks == 1 ? "week" : "weeks", cli_color(cli, CLI_RESET));
	}
}

static void print_dates(const struct cli *cli, const struct ebb_view_insights_data *rs)
{
	const struct ebb_insights *ins = &rs->ins;
	char buf[EBB_INSIGHTS_SENTENCE_MAX], d[EBB_DATE_STR];
	size_t i, first;

	heading(cli, "Hard dates");
	if (ins->n_dates == 0) {
		para("No hard dates added yet; 'ebb dates add' keeps one, and they are marked "
		     "here.");
		return;
	}
	if (ebb_insights_say_cluster(buf, sizeof(buf), ins) > 0)
		para(buf);
	if (ins->n_occurrences == 0) {
		para("None of your hard dates came round in the days your records cover.");
		return;
	}
	fputc('\n', stdout);
	first = ins->n_occurrences > DATES_SHOWN ? ins->n_occurrences - DATES_SHOWN : 0;
	for (i = first; i < ins->n_occurrences; i++) {
		const struct ebb_insights_occurrence *o = &ins->occurrences[i];
		const char *label = rs->in.dates[o->date].label;

		printf("%*s%s  ", INDENT, "", ebb_date_format(d, o->day));
		if (label && label[0])
			cli_put_text(stdout, label, strlen(label));
		else
			fputs("a hard date", stdout);
		if (o->years > 0)
			printf(" (%d %s on)", o->years, o->years == 1 ? "year" : "years");
		fputc('\n', stdout);
	}
	if (first > 0)
		printf("%*s(%zu earlier: --json has them all.)\n", INDENT, "", first);
}

static void print_text(const struct cli *cli, const struct ebb_view_insights_data *rs)
{
	const struct ebb_insights *ins = &rs->ins;
	char a[EBB_DATE_STR], b[EBB_DATE_STR];

	printf("%sInsights%s\n", cli_color(cli, CLI_BOLD), cli_color(cli, CLI_RESET));
	if (rs->from_given || rs->to_given) {
		printf("Records from %s to %s only.\n",
		       rs->from_given ? ebb_date_format(a, rs->from_day) : "the first",
		       rs->to_given ? ebb_date_format(b, rs->to_day) : "today");
	}
	if (ins->has_history)
		printf("What your records say, from %s to %s. Counts, nothing more.\n",
		       ebb_date_format(a, ins->first_day), ebb_date_format(b, ins->last_day));
	else if (rs->from_given || rs->to_given)
		puts("Nothing recorded in those days.");
	else
		puts("Nothing recorded yet to look back on. Each part below fills in as you check "
		     "in,\nnote urges and rate the signs.");
	print_facets(cli, ins);
	print_feelings(cli, ins);
	print_urges(cli, ins);
	print_contact(cli, ins);
	print_signs(cli, ins);
	print_dates(cli, rs);
}

/* ---- JSON ------------------------------------------------------------------ */

static int print_json(const struct ebb_view_insights_data *rs)
{
	struct ebb_error err = {0};
	json_t *o;
	int r = 0;

	if (ebb_view_insights_json(rs, NULL, &o, &err) != EBB_OK)
		return cli_fail(&err);
	if (json_dumpf(o, stdout, EBB_VIEW_INSIGHTS_DUMP) != 0)
		r = cli_failf(EX_IOERR, "cannot write the insights");
	else
		fputc('\n', stdout);
	json_decref(o);
	return r;
}

/* ---- charts ------------------------------------------------------------------ */

/* The path of chart file i in dir. Returns 0 or an exit status. */
static int chart_path(const struct cli *cli, char *out, size_t size, const char *dir, size_t i)
{
	size_t len = strlen(dir);
	bool slash = len > 0 && dir[len - 1] == '/';

	if ((size_t)snprintf(out, size, "%s%s%s.svg", dir, slash ? "" : "/",
	                     ebb_view_insights_charts[i]) >= size)
		return cli_usage(cli, "the --svg directory's path is too long");
	return 0;
}

/* Refuses, before anything is read, a --svg DIR that is not a directory or
 * already holds one of the files. */
static int svg_check(const struct cli *cli, const char *dir)
{
	char path[PATH_MAX];
	struct stat st;
	int r;

	if (lstat(dir, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		return cli_failf(EX_CANTCREAT, "cannot use %s: %s", dir, strerror(errno));
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return cli_failf(EX_CANTCREAT, "%s is not a directory", dir);
	for (size_t i = 0; i < N_CHARTS; i++) {
		if ((r = chart_path(cli, path, sizeof(path), dir, i)) != 0)
			return r;
		if (lstat(path, &st) == 0)
			return cli_failf(EX_CANTCREAT,
			                 "%s already exists; ebb never replaces a file, so choose "
			                 "another directory or move it",
			                 path);
	}
	return 0;
}

/* EX_IOERR for a full or read-only disk, else EX_CANTCREAT. */
static int create_status(int e)
{
	return e == ENOSPC || e == EROFS || e == EIO || e == EDQUOT ? EX_IOERR : EX_CANTCREAT;
}

/* Writes b to a new file at path, mode 0600, never replacing one. */
static int write_new(const char *path, const struct ebb_buf *b)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	size_t done = 0;
	ssize_t k;
	int e;

	if (fd < 0) {
		e = errno;
		if (e == EEXIST)
			return cli_failf(EX_CANTCREAT,
			                 "%s already exists; ebb never replaces a file", path);
		return cli_failf(create_status(e), "cannot create %s: %s", path, strerror(e));
	}
	while (done < b->len) {
		k = write(fd, b->data + done, b->len - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		done += (size_t)k;
	}
	e = done < b->len ? (errno ? errno : EIO) : 0;
	if (e == 0 && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && e == 0)
		e = errno;
	if (e != 0) {
		unlink(path);
		return cli_failf(EX_IOERR, "cannot write %s: %s", path, strerror(e));
	}
	return 0;
}

/* Draws the five charts and writes them into dir (created 0700 when
 * missing). On failure removes the files this run wrote. */
static int write_svgs(struct cli *cli, const char *dir, const struct ebb_view_insights_data *rs)
{
	/* fixed colours: any viewer shows them */
	const struct ebb_view_chart chart = {.width = EBB_CHART_DEFAULT_WIDTH,
	                                     .fixed_colours = true};
	struct ebb_buf bufs[N_CHARTS];
	struct ebb_error err = {0};
	char path[PATH_MAX];
	enum ebb_status rc = EBB_OK;
	size_t i, written = 0;
	bool created = false;
	int r = 0;

	for (i = 0; i < N_CHARTS; i++)
		ebb_buf_init_secret(&bufs[i], EBB_CHART_MAX_BYTES);
	for (i = 0; rc == EBB_OK && i < N_CHARTS; i++)
		rc = ebb_view_insights_svg(&bufs[i], rs, i, &chart, &err);
	if (rc != EBB_OK)
		r = cli_fail(&err);
	if (r == 0) {
		if (mkdir(dir, 0700) == 0)
			created = true;
		else if (errno != EEXIST)
			r = cli_failf(create_status(errno), "cannot create %s: %s", dir,
			              strerror(errno));
	}
	for (i = 0; r == 0 && i < N_CHARTS; i++) {
		r = chart_path(cli, path, sizeof(path), dir, i);
		if (r == 0)
			r = write_new(path, &bufs[i]);
		if (r == 0)
			written++;
	}
	/* all or nothing: a half set of charts is not what was asked for */
	for (i = 0; r != 0 && i < written; i++)
		if (chart_path(cli, path, sizeof(path), dir, i) == 0)
			unlink(path);
	if (r != 0 && created)
		rmdir(dir);
	for (i = 0; i < N_CHARTS; i++)
		ebb_buf_release(&bufs[i]);
	return r;
}

static void print_written(const struct cli *cli, const char *dir)
{
	FILE *f = cli->json ? stderr : stdout;
	char path[PATH_MAX];

	fprintf(f, "%sCharts written (SVG, only you can read them):\n", cli->json ? "" : "\n");
	for (size_t i = 0; i < N_CHARTS; i++)
		if (chart_path(cli, path, sizeof(path), dir, i) == 0)
			fprintf(f, "  %s\n", path);
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"from", required_argument, NULL, CLI_OPT_FROM},
	    {"to", required_argument, NULL, CLI_OPT_TO},
	    {"svg", required_argument, NULL, 'S'},
	    {0},
	};
	struct opts o = {.cli = cli};
	struct ebb_view_insights_data rs;
	int first, r;

	ebb_query_init(&o.q);
	r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);
	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "'%s' is extra: insights takes only options", argv[first]);
	if (o.svg && (r = svg_check(cli, o.svg)) != 0)
		return r;
	r = compute(cli, &o, &rs);
	if (r != 0)
		return r;
	if (r == 0 && o.svg)
		r = write_svgs(cli, o.svg, &rs);
	if (r == 0) {
		if (cli->json)
			r = print_json(&rs);
		else
			print_text(cli, &rs);
	}
	if (r == 0 && o.svg)
		print_written(cli, o.svg);
	ebb_view_insights_release(&rs);
	return r;
}

const struct ebb_cmd cmd_insights = {
    .name = "insights",
    .usage = "[--from WHEN] [--to WHEN] [--json] [--svg DIR]",
    .summary = "what your records say: what you grieve, feelings, urges, signs",
    .help = "Looks back over your records, in plain sections: what you are grieving\n"
            "month by month, the feelings you name most and how that changes, urges\n"
            "felt and acted on week by week, days since the last contact, each of the\n"
            "four signs over time with its likely range, and the hard dates on the way\n"
            "with whether waves came near them. Counts and ranges, never a verdict on\n"
            "you. Needs the key: the kept key from 'ebb unlock', or the passphrase.\n\n"
            "Options:\n"
            "  --from WHEN   read only records from this day on\n"
            "  --to WHEN     read only records up to this day\n"
            "  --json        everything computed, as one JSON object\n"
            "  --svg DIR     also write five charts into DIR (created if missing):\n"
            "                facets.svg, feelings.svg, urges.svg, signs.svg, waves.svg;\n"
            "                an existing file is never replaced\n",
    .run = run,
};
