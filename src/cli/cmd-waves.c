/*
 * cmd-waves.c — `ebb waves`: the waves in the check-ins, and an honest
 * word on whether they are softening.
 *
 * Reads every check-in (a read: the kept key or the passphrase) and runs
 * the analysis of docs/WAVES.md §2 with its default parameters, both in
 * the core (view.h, shared with the page), and shows it: a terminal chart
 * of the smoothed line (termchart.h), each wave's date and peak, the steps
 * from wave to wave, and the fixed sentences of waves.h, whose confidence
 * matches the numbers. --json gives the core's object of everything
 * computed; --svg writes its chart to a new private file, with the hard
 * dates marked.
 *
 * The analysis looks at no more than EBB_WAVES_MAX_SPAN days from the first
 * check-in to the last. A check-in whose date was mistyped decades away
 * would make it refuse; that check-in is named, with how to fix it.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "cli.h"
#include "dates.h"
#include "insights.h"
#include "lists.h"
#include "record.h"
#include "termchart.h"
#include "view.h"
#include "waves.h"

enum { OPT_ASCII = 0x3000, OPT_SVG };

struct opts {
	struct cli *cli;
	struct ebb_query q;
	bool filtered; /* --from or --to */
	bool ascii;
	const char *svg;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	switch (c) {
	case OPT_ASCII:
		o->ascii = true;
		return 0;
	case OPT_SVG:
		if (*arg == '\0')
			return cli_usage(o->cli, "--svg needs a file name");
		o->svg = arg;
		return 0;
	case CLI_OPT_FROM:
	case CLI_OPT_TO:
		o->filtered = true;
		return cli_filter_opt(o->cli, &o->q, c, arg);
	}
	return EX_USAGE;
}

/* ---- a check-in too far away ------------------------------------------------- */

/*
 * Names the check-in the core refused for lying too far from the rest,
 * with how to fix its date or leave it out. Returns EX_DATAERR.
 */
static int fail_far(const struct ebb_view_far *far)
{
	char date[EBB_DATE_STR], kept[EBB_DATE_STR], ids[EBB_ID_STR];
	const char *sid = cli_short_id(ids, far->id);
	bool oldest = far->oldest;

	ebb_date_format(date, far->day);
	ebb_date_format(kept, far->keep);
	return cli_failf(EX_DATAERR,
	                 "the check-in of %s (%s) is more than %d days (about %d years) from the "
	                 "%s ones, too far apart to look at together; if its date is a typo, fix "
	                 "it with 'ebb edit %s --at YYYY-MM-DD', or look %s with 'ebb waves %s %s'",
	                 date, sid, EBB_WAVES_MAX_SPAN, EBB_WAVES_MAX_SPAN / 365,
	                 oldest ? "later" : "earlier", sid,
	                 oldest ? "from a later day" : "up to an earlier day",
	                 oldest ? "--from" : "--to", kept);
}

/* ---- sentences ------------------------------------------------------------- */

/* Prints a sentence as one of its own: a capital first letter and a full
 * stop, wrapped to the terminal. */
static void put_sentence(const char *s, size_t width)
{
	char buf[EBB_WAVES_SENTENCE_MAX + 2];
	size_t n = strlen(s);

	if (n == 0 || n >= EBB_WAVES_SENTENCE_MAX)
		return;
	memcpy(buf, s, n + 1);
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	if (buf[n - 1] != '.') {
		buf[n] = '.';
		buf[n + 1] = '\0';
	}
	cli_put_wrapped(stdout, buf, 0, width);
}

/* ---- text ------------------------------------------------------------------ */

static int print_text(const struct cli *cli, const struct opts *o, const struct ebb_waves_result *r,
                      size_t width, bool ascii)
{
	struct ebb_view_waves_sentences s;
	char a[40], b[40], line[EBB_WAVES_SENTENCE_MAX + 64];
	int64_t last;
	size_t num_w, date_w = 0;
	bool years;
	int rc, y0, y1, m;

	ebb_view_waves_say(&s, r);
	if (r->n_days == 0) {
		puts(o->filtered ? "No check-ins between these days." : "No check-ins yet.");
		put_sentence(s.verdict, width);
		put_sentence(s.needed, width);
		put_sentence(s.wave, width);
		return 0;
	}
	last = r->day[r->n_days - 1];
	ebb_insights_month_of(r->day[0], &y0, &m);
	ebb_insights_month_of(last, &y1, &m);
	years = y0 != y1; /* dates name their year when the days span two */
	cli_day_short(a, sizeof(a), r->day[0], years);
	cli_day_short(b, sizeof(b), last, true);
	snprintf(line, sizeof(line),
	         "How heavy it has felt, %s to %s (smoothed; 0 light, 10 heaviest)", a, b);
	printf("%s", cli_color(cli, CLI_BOLD));
	cli_put_wrapped(stdout, line, 0, width);
	printf("%s\n", cli_color(cli, CLI_RESET));
	rc = cli_termchart_waves(stdout, cli, r, width, ascii);
	if (rc != 0)
		return rc;
	fputc('\n', stdout);

	if (r->n_waves == 0) {
		puts("No waves yet.");
	} else {
		num_w = (size_t)snprintf(a, sizeof(a), "%zu", r->n_waves);
		for (size_t k = 0; k < r->n_waves; k++) {
			size_t n = strlen(cli_day_short(a, sizeof(a), r->waves[k].day, years));
			date_w = n > date_w ? n : date_w;
		}
		for (size_t k = 0; k < r->n_waves; k++)
			printf("%s%*zu%s  %*s  peak %.1f\n", cli_color(cli, CLI_BOLD), (int)num_w,
			       k + 1, cli_color(cli, CLI_RESET), (int)date_w,
			       cli_day_short(a, sizeof(a), r->waves[k].day, years),
			       r->waves[k].height);
	}
	fputc('\n', stdout);
	if (s.steps[0]) {
		snprintf(line, sizeof(line), "From one wave to the next: %s.", s.steps);
		put_sentence(line, width);
	}
	put_sentence(s.last_step, width);
	put_sentence(s.verdict, width);
	if (s.needed)
		put_sentence(s.needed, width);
	put_sentence(s.rate, width);
	put_sentence(s.baseline, width);
	if (r->wave_verdict == EBB_VERDICT_BIGGER || r->baseline_verdict == EBB_VERDICT_BIGGER)
		puts("If you need someone now: ebb help crisis");
	fputc('\n', stdout);
	printf("%s", cli_color(cli, CLI_DIM));
	put_sentence(s.wave, width);
	printf("%s", cli_color(cli, CLI_RESET));
	return 0;
}

/* ---- SVG ------------------------------------------------------------------- */

/* Writes all of buf to fd. */
static bool write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t k = write(fd, buf, len);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		buf += k;
		len -= (size_t)k;
	}
	return true;
}

/*
 * Writes the waves chart (fixed colours: any viewer shows them) to path, a
 * new file (mode 0600): it is written beside it first and linked into
 * place, so path is either whole or absent, and an existing file is never
 * replaced (EX_CANTCREAT).
 */
static int write_svg(const struct cli *cli, const char *path, const struct ebb_view_waves_data *d)
{
	const struct ebb_view_chart chart = {.width = EBB_CHART_DEFAULT_WIDTH,
	                                     .fixed_colours = true};
	struct ebb_error err = {0};
	struct ebb_buf b;
	char tmp[PATH_MAX + 16];
	int fd, rc = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.partial", path) >= (int)sizeof(tmp))
		return cli_usage(cli, "the --svg path is too long");
	ebb_buf_init_secret(&b, EBB_CHART_MAX_BYTES);
	if (ebb_view_waves_svg(&b, d, &chart, &err) != EBB_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = cli_failf(errno == ENOSPC || errno == EROFS ? EX_IOERR : EX_CANTCREAT,
		               "cannot create %s: %s", tmp, strerror(errno));
		goto done;
	}
	if (!write_all(fd, b.data, b.len) || fsync(fd) != 0) {
		rc = cli_failf(EX_IOERR, "cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto done;
	}
	close(fd);
	if (link(tmp, path) != 0)
		rc = cli_failf(EX_CANTCREAT,
		               errno == EEXIST ? "%s already exists; choose another name"
		                               : "cannot create %s",
		               path);
	unlink(tmp);
done:
	ebb_buf_release(&b);
	return rc;
}

/* ---- the command ------------------------------------------------------------- */

static int print_json(const struct ebb_view_waves_data *d)
{
	struct ebb_error err = {0};
	json_t *o;

	if (ebb_view_waves_json(d, NULL, &o, &err) != EBB_OK)
		return cli_fail(&err);
	json_dumpf(o, stdout, EBB_VIEW_WAVES_DUMP);
	fputc('\n', stdout);
	json_decref(o);
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"from", required_argument, NULL, CLI_OPT_FROM},
	    {"to", required_argument, NULL, CLI_OPT_TO},
	    {"ascii", no_argument, NULL, OPT_ASCII},
	    {"svg", required_argument, NULL, OPT_SVG},
	    {0},
	};
	struct opts o = {.cli = cli};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_view_waves_data d = {0};
	struct ebb_view_range range;
	int first, r;

	ebb_query_init(&o.q);
	r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);
	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "waves takes no arguments; '%s' is extra", argv[first]);
	if (o.svg && access(o.svg, F_OK) == 0)
		return cli_failf(EX_CANTCREAT, "%s already exists; choose another name", o.svg);

	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r != 0)
		goto done;
	range.from = o.q.from;
	range.to = o.q.to;
	if (ebb_view_waves_gather(&d, v, &range, o.svg != NULL, &err) != EBB_OK) {
		r = d.far.set ? fail_far(&d.far) : cli_fail(&err);
		goto done;
	}
	if (o.svg) {
		r = write_svg(cli, o.svg, &d);
		if (r != 0)
			goto done;
	}
	if (cli->json)
		r = print_json(&d);
	else
		r = print_text(cli, &o, &d.result, cli_term_width(), o.ascii || !cli_term_utf8());
	if (r == 0 && o.svg) {
		fflush(stdout);
		fprintf(stderr, "The chart is in %s.\n", o.svg);
	}
done:
	ebb_view_waves_release(&d);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_waves = {
    .name = "waves",
    .usage = "[--from WHEN] [--to WHEN] [--ascii] [--svg FILE] [--json]",
    .summary = "see the waves in your check-ins, and whether they are softening",
    .help = "Healing comes in waves. This finds them in your check-ins and draws them:\n"
            "the smoothed line from 0 (light) to 10 (heaviest), each wave numbered at\n"
            "its peak, then each wave's date and height, how each compared with the\n"
            "one before, and what the numbers let ebb say about the direction. Until\n"
            "there is enough to go on, the answer is \"too early to tell\". Needs the\n"
            "key or the passphrase.\n\n"
            "Options:\n"
            "  --from WHEN   look at the days from this one on\n"
            "  --to WHEN     look at the days up to this one\n"
            "  --ascii       draw with plain ASCII characters only\n"
            "  --svg FILE    also write the chart as an SVG image to FILE (a new file,\n"
            "                private to you)\n"
            "  --json        everything computed, as one JSON object\n",
    .run = run,
};
