/*
 * cmd-waves.c — `ebb waves`: the waves in the check-ins, and an honest
 * word on whether they are softening.
 *
 * Reads every check-in (a read: the kept key or the passphrase), runs the
 * analysis of docs/WAVES.md §2 with its default parameters
 * (ebb_waves_analyse) and shows it: a terminal chart of the smoothed line
 * (termchart.h), each wave's date and peak, the steps from wave to wave,
 * and the fixed sentences of waves.h, whose confidence matches the numbers.
 * --json gives everything computed; --svg writes the chart of chart.h to a
 * new private file, with the hard dates marked.
 *
 * The analysis looks at no more than EBB_WAVES_MAX_SPAN days from the first
 * check-in to the last. A check-in whose date was mistyped decades away
 * would make it refuse; that check-in is named, with how to fix it.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
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
#include "waves.h"

/* The most hard dates read (a person keeps a handful). */
#define DATES_MAX 100000

enum { OPT_ASCII = 0x3000, OPT_SVG };

struct opts {
	struct cli *cli;
	struct ebb_query q;
	bool filtered; /* --from or --to */
	bool ascii;
	const char *svg;
};

/* The check-ins read, with their ids to name one that breaks the analysis. */
struct checkins {
	struct ebb_waves_checkin *v;
	uint8_t (*id)[EBB_ID_BYTES];
	size_t n, cap;
};

/* The hard dates read; each label points into its body, kept referenced. */
struct hard_dates {
	struct ebb_insights_date *v;
	json_t **body;
	size_t n, cap;
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

/* ---- reading --------------------------------------------------------------- */

/* Resizes *p to hold n items of size bytes. */
static enum ebb_status resize(void **p, size_t n, size_t size, struct ebb_error *err)
{
	void *q = realloc(*p, n * size);

	if (q == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory reading records");
	*p = q;
	return EBB_OK;
}

/*
 * Makes room for one more item in two arrays that hold *cap items each
 * (sizes sa and sb), n of them used: twice the room when they are full, to
 * at most max items (then EBB_ERR_INVALID).
 */
static enum ebb_status room(size_t n, size_t *cap, size_t max, void **a, size_t sa, void **b,
                            size_t sb, struct ebb_error *err)
{
	size_t want;
	enum ebb_status rc;

	if (n < *cap)
		return EBB_OK;
	if (n >= max)
		return ebb_error_set(err, EBB_ERR_INVALID, "more than %zu records to look at", max);
	want = *cap ? *cap * 2 : 256;
	if (want > max)
		want = max;
	/* a may grow and b not: *cap stays as it was, which is still true */
	if ((rc = resize(a, want, sa, err)) != EBB_OK || (rc = resize(b, want, sb, err)) != EBB_OK)
		return rc;
	*cap = want;
	return EBB_OK;
}

static enum ebb_status see_checkin(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct checkins *ck = ctx;
	const json_t *x = json_object_get(r->body, "intensity");
	enum ebb_status rc;

	/* only an imported vault can hold a check-in without a 0..10 intensity */
	if (!json_is_number(x) || !(json_number_value(x) >= 0.0 && json_number_value(x) <= 10.0))
		return EBB_OK;
	rc = room(ck->n, &ck->cap, EBB_WAVES_MAX_POINTS, (void **)&ck->v, sizeof(*ck->v),
	          (void **)&ck->id, sizeof(*ck->id), err);
	if (rc != EBB_OK)
		return rc;
	ck->v[ck->n] = (struct ebb_waves_checkin){r->at, r->offset, json_number_value(x)};
	memcpy(ck->id[ck->n], r->id, EBB_ID_BYTES);
	ck->n++;
	return EBB_OK;
}

static void checkins_release(struct checkins *ck)
{
	free(ck->v);
	free(ck->id);
	memset(ck, 0, sizeof(*ck));
}

static enum ebb_status see_date(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct hard_dates *hd = ctx;
	const char *label = json_string_value(json_object_get(r->body, "label"));
	enum ebb_status rc;
	int64_t day;

	if (ebb_date_parse(json_string_value(json_object_get(r->body, "date")), &day) != EBB_OK)
		return EBB_OK;
	rc = room(hd->n, &hd->cap, DATES_MAX, (void **)&hd->v, sizeof(*hd->v), (void **)&hd->body,
	          sizeof(*hd->body), err);
	if (rc != EBB_OK)
		return rc;
	hd->body[hd->n] = json_incref(r->body);
	hd->v[hd->n] = (struct ebb_insights_date){
	    .day = day,
	    .yearly = json_is_true(json_object_get(r->body, "yearly")),
	    .label = label && *label ? label : "hard date",
	};
	hd->n++;
	return EBB_OK;
}

static void dates_release(struct hard_dates *hd)
{
	for (size_t i = 0; i < hd->n; i++)
		json_decref(hd->body[i]);
	free(hd->v);
	free(hd->body);
	memset(hd, 0, sizeof(*hd));
}

static int by_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * 0 when the check-ins fit in EBB_WAVES_MAX_SPAN days; else names the one
 * furthest from the rest (farther from the median day than the other end
 * is) with how to fix its date or leave it out, and returns EX_DATAERR.
 */
static int check_span(const struct checkins *ck)
{
	int64_t *day, lo, hi, median, keep;
	size_t i, culprit = 0;
	char date[EBB_DATE_STR], kept[EBB_DATE_STR], ids[EBB_ID_STR];
	const char *sid;
	bool oldest;

	if (ck->n < 2)
		return 0;
	day = malloc(ck->n * sizeof(*day));
	if (day == NULL)
		return cli_failf(EX_OSERR, "out of memory reading check-ins");
	for (i = 0; i < ck->n; i++)
		day[i] = ebb_waves_local_day(ck->v[i].at, ck->v[i].offset);
	lo = hi = day[0];
	for (i = 1; i < ck->n; i++) {
		lo = day[i] < lo ? day[i] : lo;
		hi = day[i] > hi ? day[i] : hi;
	}
	if (hi - lo <= EBB_WAVES_MAX_SPAN) {
		free(day);
		return 0;
	}
	qsort(day, ck->n, sizeof(*day), by_day);
	median = day[ck->n / 2];
	oldest = median - lo >= hi - median;
	/* the day to look from (or up to) that leaves the far one out */
	keep = oldest ? hi : lo;
	for (i = 0; i < ck->n; i++) {
		size_t j = oldest ? i : ck->n - 1 - i;

		if ((oldest ? hi - day[j] : day[j] - lo) <= EBB_WAVES_MAX_SPAN) {
			keep = day[j];
			break;
		}
	}
	for (i = 0; i < ck->n; i++) {
		int64_t d = ebb_waves_local_day(ck->v[i].at, ck->v[i].offset);

		if (d == (oldest ? lo : hi)) {
			culprit = i;
			break;
		}
	}
	free(day);
	sid = cli_short_id(ids, ck->id[culprit]);
	ebb_date_format(date, oldest ? lo : hi);
	ebb_date_format(kept, keep);
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

/* What the too-early answers say is needed. */
static const char needed_none[] = "What it needs: a few weeks of check-ins, most days if you can.";
static const char needed_more[] = "What it needs: a few more weeks of check-ins.";

/* All the sentences of one analysis. */
struct sentences {
	char steps[EBB_WAVES_SENTENCE_MAX];     /* "" with fewer than 2 waves */
	char last_step[EBB_WAVES_SENTENCE_MAX]; /* "" unless the last wave was higher */
	char verdict[EBB_WAVES_SENTENCE_MAX];
	char rate[EBB_WAVES_SENTENCE_MAX]; /* "" unless the verdict makes a trend statement */
	char baseline[EBB_WAVES_SENTENCE_MAX];
	char wave[EBB_WAVES_SENTENCE_MAX];
	const char *needed; /* NULL unless the answer is "too early to tell" */
};

static bool trend_statement(enum ebb_verdict v)
{
	return v == EBB_VERDICT_NO_CLEAR_CHANGE || v == EBB_VERDICT_SMALLER ||
	       v == EBB_VERDICT_BIGGER;
}

static void say_all(struct sentences *s, const struct ebb_waves_result *r)
{
	struct ebb_waves_params p;

	ebb_waves_params_init(&p);
	memset(s, 0, sizeof(*s));
	if (r->n_waves >= 2)
		ebb_waves_say_steps(s->steps, sizeof(s->steps), r->n_lower, r->n_higher, r->n_same);
	if (r->n_steps > 0)
		ebb_waves_say_last_step(s->last_step, sizeof(s->last_step),
		                        r->steps[r->n_steps - 1].kind, r->wave_verdict);
	ebb_waves_say_verdict(s->verdict, sizeof(s->verdict), r->wave_verdict, r->n_waves);
	if (trend_statement(r->wave_verdict) && r->wave_trend.valid)
		ebb_waves_say_rate(s->rate, sizeof(s->rate), r->n_waves, &r->wave_trend.ts);
	ebb_waves_say_baseline(s->baseline, sizeof(s->baseline), r->baseline_verdict, r->n_weeks);
	ebb_waves_say_wave(s->wave, sizeof(s->wave), p.prominence);
	if (!trend_statement(r->wave_verdict))
		s->needed = r->n_days == 0 ? needed_none : needed_more;
}

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
	struct sentences s;
	char a[40], b[40], line[EBB_WAVES_SENTENCE_MAX + 64];
	int64_t last;
	size_t num_w, date_w = 0;
	bool years;
	int rc, y0, y1, m;

	say_all(&s, r);
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

/* ---- JSON ------------------------------------------------------------------ */

/* A number, or null when it is not finite (jansson refuses those). */
static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *iso_day(int64_t day)
{
	char buf[EBB_DATE_STR];

	return json_string(ebb_date_format(buf, day));
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *trend_json(const struct ebb_waves_trend *t)
{
	const struct ebb_theilsen *ts = &t->ts;
	const struct ebb_mk *mk = &t->mk;

	if (!t->valid)
		return json_pack("{s:b, s:I, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n}", "valid", 0,
		                 "n", (json_int_t)t->n, "slope_per_day", "lo_per_day", "hi_per_day",
		                 "slope_per_month", "lo_per_month", "hi_per_month", "intercept",
		                 "mann_kendall");
	return json_pack("{s:b, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
	                 " s:{s:I, s:o, s:o, s:o, s:o, s:o}}",
	                 "valid", 1, "n", (json_int_t)t->n, "slope_per_day", num(ts->slope),
	                 "lo_per_day", num(ts->lo), "hi_per_day", num(ts->hi), "slope_per_month",
	                 num(ts->slope * 30.0), "lo_per_month", num(ts->lo * 30.0), "hi_per_month",
	                 num(ts->hi * 30.0), "intercept", num(ts->intercept), "mann_kendall", "s",
	                 (json_int_t)mk->s, "var_s", num(mk->var_s), "z", num(mk->z_cc), "p",
	                 num(mk->p_cc), "p_exact", num(mk->exact ? mk->p_exact : NAN), "tau_b",
	                 num(mk->tau_b));
}

static const char *step_name(enum ebb_step k)
{
	return k == EBB_STEP_LOWER ? "lower" : k == EBB_STEP_HIGHER ? "higher" : "same";
}

/* Appends one new value to an array; false when something is missing. */
static bool push(json_t *a, json_t *v)
{
	return v != NULL && json_array_append_new(a, v) == 0;
}

static json_t *build_json(const struct ebb_waves_result *r, size_t n_checkins)
{
	struct ebb_waves_params p;
	struct sentences s;
	json_t *o, *daily = json_array(), *values = json_array(), *support = json_array(),
	           *segments = json_array(), *waves = json_array(), *steps = json_array(),
	           *weeks = json_array();
	bool ok = daily && values && support && segments && waves && steps && weeks;
	int64_t org = r->origin, first = r->n_days ? r->day[0] : 0;

	ebb_waves_params_init(&p);
	say_all(&s, r);
	for (size_t i = 0; ok && i < r->n_days; i++)
		ok = push(daily, json_pack("{s:o, s:I, s:o, s:o, s:I, s:o}", "date",
		                           iso_day(r->day[i]), "day", (json_int_t)(r->day[i] - org),
		                           "mean", num(r->mean[i]), "max", num(r->max[i]), "count",
		                           (json_int_t)r->count[i], "ewma", num(r->ewma[i])));
	for (size_t i = 0; ok && i < r->n_grid; i++)
		ok = push(values, num(r->smooth[i])) && push(support, num(r->support[i]));
	for (size_t i = 0; ok && i < r->n_segments; i++)
		ok = push(segments, json_pack("{s:o, s:o}", "from",
		                              iso_day(first + (int64_t)r->segments[i].begin), "to",
		                              iso_day(first + (int64_t)r->segments[i].end - 1)));
	for (size_t k = 0; ok && k < r->n_waves; k++) {
		const struct ebb_wave *w = &r->waves[k];

		ok = push(waves, json_pack("{s:I, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		                           "number", (json_int_t)(k + 1), "date", iso_day(w->day),
		                           "day", (json_int_t)(w->day - org), "height",
		                           num(w->height), "prominence", num(w->prominence),
		                           "left_base", iso_day(w->left_base_day), "right_base",
		                           iso_day(w->right_base_day), "width", num(w->width),
		                           "left_ip", num(w->left_ip_day - (double)org), "right_ip",
		                           num(w->right_ip_day - (double)org)));
	}
	for (size_t k = 0; ok && k < r->n_steps; k++)
		ok = push(steps, json_pack("{s:I, s:I, s:o, s:s}", "from", (json_int_t)(k + 1),
		                           "to", (json_int_t)(k + 2), "diff", num(r->steps[k].diff),
		                           "kind", step_name(r->steps[k].kind)));
	for (size_t k = 0; ok && k < r->n_weeks; k++)
		ok = push(weeks, json_pack("{s:I, s:o, s:o, s:o, s:I}", "week",
		                           (json_int_t)r->weeks[k].week, "start",
		                           iso_day(org + 7 * r->weeks[k].week), "t",
		                           num(r->weeks[k].t), "median", num(r->weeks[k].median),
		                           "days", (json_int_t)r->weeks[k].days));
	if (!ok) {
		json_decref(daily);
		json_decref(values);
		json_decref(support);
		json_decref(segments);
		json_decref(waves);
		json_decref(steps);
		json_decref(weeks);
		return NULL;
	}
	o = json_pack(
	    "{s:I, s:o, s:o, s:o,"
	    " s:{s:f, s:f, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:I, s:f},"
	    " s:o, s:{s:o, s:o, s:o}, s:o, s:o, s:o, s:{s:I, s:I, s:I}, s:o,"
	    " s:{s:o, s:o},"
	    " s:{s:{s:s, s:s}, s:{s:s, s:s}},"
	    " s:{s:o, s:o, s:s, s:o, s:s, s:s, s:o}}",
	    "checkins", (json_int_t)n_checkins, "from", r->n_days ? iso_day(first) : json_null(),
	    "to", r->n_days ? iso_day(r->day[r->n_days - 1]) : json_null(), "origin",
	    r->n_days ? iso_day(org) : json_null(), "params", "half_life", p.half_life, "sigma",
	    p.sigma, "cutoff", (json_int_t)p.cutoff, "min_support", p.min_support, "prominence",
	    p.prominence, "distance", p.distance, "wlen", p.wlen, "rel_height", p.rel_height,
	    "step_band", p.step_band, "week_min_days", (json_int_t)p.week_min_days, "conf", p.conf,
	    "daily", daily, "smooth", "from", r->n_days ? iso_day(first) : json_null(), "values",
	    values, "support", support, "segments", segments, "waves", waves, "steps", steps,
	    "step_counts", "lower", (json_int_t)r->n_lower, "higher", (json_int_t)r->n_higher,
	    "same", (json_int_t)r->n_same, "weeks", weeks, "trends", "waves",
	    trend_json(&r->wave_trend), "baseline", trend_json(&r->baseline_trend), "verdicts",
	    "waves", "id", ebb_verdict_id(r->wave_verdict), "sentence", s.verdict, "baseline", "id",
	    ebb_verdict_id(r->baseline_verdict), "sentence", s.baseline, "sentences", "steps",
	    str_or_null(s.steps), "last_step", str_or_null(s.last_step), "verdict", s.verdict,
	    "rate", str_or_null(s.rate), "baseline", s.baseline, "wave", s.wave, "needed",
	    str_or_null(s.needed));
	return o;
}

static int print_json(const struct ebb_waves_result *r, size_t n_checkins)
{
	json_t *o = build_json(r, n_checkins);

	if (o == NULL)
		return cli_failf(EX_OSERR, "out of memory");
	json_dumpf(o, stdout, JSON_COMPACT | JSON_REAL_PRECISION(17));
	fputc('\n', stdout);
	json_decref(o);
	return 0;
}

/* ---- SVG ------------------------------------------------------------------- */

/*
 * The hard dates that fall on the days shown, each time they come round, as
 * chart marks into *out (free it; at most EBB_CHART_MAX_DATES, the latest
 * kept). Dates the calendar cannot place are left off the chart.
 */
static int chart_dates(const struct hard_dates *hd, const struct ebb_waves_result *r,
                       struct ebb_chart_date **out, size_t *n)
{
	struct ebb_error err = {0};
	struct ebb_insights_occurrence *occ = NULL;
	size_t count = 0, skip;
	enum ebb_status rc;

	*out = NULL;
	*n = 0;
	if (hd->n == 0 || r->n_days == 0)
		return 0;
	rc = ebb_insights_occurrences(hd->v, hd->n, r->day[0], r->day[r->n_days - 1], &occ, &count,
	                              &err);
	if (rc == EBB_ERR_NOMEM)
		return cli_fail(&err);
	if (rc != EBB_OK || count == 0) {
		free(occ);
		return 0;
	}
	skip = count > EBB_CHART_MAX_DATES ? count - EBB_CHART_MAX_DATES : 0;
	*out = malloc((count - skip) * sizeof(**out));
	if (*out == NULL) {
		free(occ);
		return cli_failf(EX_OSERR, "out of memory drawing the chart");
	}
	for (size_t i = skip; i < count; i++)
		(*out)[(*n)++] = (struct ebb_chart_date){occ[i].day, hd->v[occ[i].date].label};
	free(occ);
	return 0;
}

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
 * Writes the waves chart to path, a new file (mode 0600): it is written
 * beside it first and linked into place, so path is either whole or absent,
 * and an existing file is never replaced (EX_CANTCREAT).
 */
static int write_svg(const struct cli *cli, const char *path, const struct ebb_waves_result *r,
                     const struct hard_dates *hd)
{
	struct ebb_error err = {0};
	struct ebb_chart c;
	struct ebb_chart_waves in = {.r = r, .widths = true};
	struct ebb_chart_date *dates = NULL;
	struct ebb_buf b;
	char tmp[PATH_MAX + 16];
	int fd, rc;

	if (snprintf(tmp, sizeof(tmp), "%s.partial", path) >= (int)sizeof(tmp))
		return cli_usage(cli, "the --svg path is too long");
	rc = chart_dates(hd, r, &dates, &in.n_dates);
	if (rc != 0)
		return rc;
	in.dates = dates;
	ebb_chart_init(&c, "Your waves: how heavy the days have felt, smoothed");
	c.id = "ebb-waves";
	c.colours = EBB_CHART_FIXED;
	ebb_buf_init_secret(&b, EBB_CHART_MAX_BYTES);
	if (ebb_chart_waves(&b, &c, &in, &err) != EBB_OK) {
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
	free(dates);
	return rc;
}

/* ---- the command ------------------------------------------------------------- */

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
	struct checkins ck = {0};
	struct hard_dates hd = {0};
	struct ebb_waves_result res;
	struct ebb_query q;
	int first, r;

	ebb_query_init(&o.q);
	ebb_waves_result_init(&res);
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
	o.q.kind = "checkin";
	if (ebb_record_each(v, &o.q, see_checkin, &ck, &err) != EBB_OK) {
		r = cli_fail(&err);
		goto done;
	}
	if (o.svg) {
		ebb_query_init(&q);
		q.kind = "date";
		if (ebb_record_each(v, &q, see_date, &hd, &err) != EBB_OK) {
			r = cli_fail(&err);
			goto done;
		}
	}
	r = check_span(&ck);
	if (r != 0)
		goto done;
	if (ebb_waves_analyse(&res, ck.v, ck.n, NULL, &err) != EBB_OK) {
		r = err.code == EBB_ERR_INVALID ? cli_failf(EX_DATAERR, "%s", err.msg)
		                                : cli_fail(&err);
		goto done;
	}
	if (o.svg) {
		r = write_svg(cli, o.svg, &res, &hd);
		if (r != 0)
			goto done;
	}
	if (cli->json)
		r = print_json(&res, ck.n);
	else
		r = print_text(cli, &o, &res, cli_term_width(), o.ascii || !cli_term_utf8());
	if (r == 0 && o.svg) {
		fflush(stdout);
		fprintf(stderr, "The chart is in %s.\n", o.svg);
	}
done:
	ebb_waves_result_release(&res);
	checkins_release(&ck);
	dates_release(&hd);
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
