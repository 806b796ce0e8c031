/*
 * cmd-insights.c — `ebb insights`: what the records say beyond the waves
 * (insights.h): how the mix of what is being grieved shifts month by
 * month, which feelings come most and how that changes, urges felt and
 * acted on week by week, days since the last contact, the four signs over
 * time, and hard dates on the timeline with whether waves gather near them.
 *
 * Each section leads with the core's own sentence(s) and then shows the
 * counts behind them; ranges come before any verdict (docs/WAVES.md, "Four
 * signs of healing"). --json prints everything computed as one object;
 * --svg DIR writes one chart per section (chart.h, fixed colours so that
 * any viewer shows them), never replacing a file.
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
#include "vocab.h"
#include "waves.h"
#include "when.h"

#define TEXT_WIDTH   80 /* the widest the text is wrapped, whatever the terminal */
#define INDENT       2  /* the body of a section, under its heading */
#define MONTHS_SHOWN 12 /* the latest months in the facets table */
#define WEEKS_SHOWN  8  /* the latest weeks in the urges table */
#define FEELINGS_MAX 8  /* feelings listed under the sentence */
#define DATES_SHOWN  20 /* the latest occurrences of hard dates listed */
#define N_CHARTS     5
#define JSON_FLAGS   (JSON_INDENT(2) | JSON_REAL_PRECISION(15))

/* The files --svg writes, in the order they are listed. */
static const char *const chart_files[N_CHARTS] = {
    "facets.svg", "feelings.svg", "urges.svg", "signs.svg", "waves.svg",
};

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

/* Everything one run computes. */
struct run {
	int64_t today;
	bool from_given, to_given;
	int64_t from_day, to_day; /* the days read, when given */
	struct ebb_insights_input in;
	struct ebb_waves_result waves;
	struct ebb_insights ins;
};

/* ---- the records read ---------------------------------------------------- */

/* Keeps only the records of days from..to (the dates stay: they come round). */
static void keep_days(struct ebb_insights_input *in, int64_t from, int64_t to)
{
	size_t i, k;

#define KEEP(arr, n)                                                                               \
	do {                                                                                       \
		for (i = k = 0; i < (n); i++)                                                      \
			if ((arr)[i].day >= from && (arr)[i].day <= to)                            \
				(arr)[k++] = (arr)[i];                                             \
		(n) = k;                                                                           \
	} while (0)
	KEEP(in->checkins, in->n_checkins);
	KEEP(in->urges, in->n_urges);
	KEEP(in->contacts, in->n_contacts);
	KEEP(in->signs, in->n_signs);
#undef KEEP
}

/* Reads the vault and runs both analyses. Returns 0 or an exit status. */
static int compute(struct cli *cli, const struct opts *o, struct run *rs)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	int64_t now = (int64_t)time(NULL);
	int r;

	rs->today = ebb_date_local_day(now, ebb_when_local_offset(now));
	rs->from_given = o->from_given;
	rs->to_given = o->to_given;
	rs->from_day = ebb_date_local_day(o->q.from, ebb_when_local_offset(o->q.from));
	rs->to_day = ebb_date_local_day(o->q.to, ebb_when_local_offset(o->q.to));
	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0 && ebb_insights_input_from_vault(&rs->in, v, rs->today, &err) != EBB_OK)
		r = cli_fail(&err);
	/* everything needed is in memory: close (and forget the key) early */
	ebb_vault_close(v);
	if (r != 0)
		return r;
	if (o->from_given || o->to_given)
		keep_days(&rs->in, o->from_given ? rs->from_day : INT64_MIN,
		          o->to_given ? rs->to_day : INT64_MAX);
	if (ebb_insights_waves(&rs->waves, &rs->in, NULL, &err) != EBB_OK ||
	    ebb_insights_analyse(&rs->ins, &rs->in, &rs->waves, &err) != EBB_OK)
		return cli_fail(&err);
	return 0;
}

static void run_release(struct run *rs)
{
	ebb_insights_release(&rs->ins);
	ebb_waves_result_release(&rs->waves);
	ebb_insights_input_release(&rs->in);
}

/* The origin of the signs' time axis: the first rated Monday of any sign. */
static int64_t signs_origin(const struct ebb_insights *ins)
{
	int64_t origin = INT64_MAX;

	for (size_t s = 0; s < EBB_INSIGHTS_SIGNS; s++)
		if (ins->signs[s].n_weeks > 0 && ins->signs[s].weeks[0].monday < origin)
			origin = ins->signs[s].weeks[0].monday;
	return origin == INT64_MAX ? ins->today : origin;
}

/* The feelings named at least once, most named first (ties in list order),
 * into idx (room for EBB_INSIGHTS_MAX_FEELINGS). Returns how many. */
static size_t feelings_by_count(const struct ebb_insights_feelings *f, size_t *idx)
{
	size_t n = 0, i, j;

	for (i = 0; i < f->n_words && i < EBB_INSIGHTS_MAX_FEELINGS; i++) {
		if (f->count[i] == 0)
			continue;
		for (j = n; j > 0 && f->count[idx[j - 1]] < f->count[i]; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
		n++;
	}
	return n;
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
	n = feelings_by_count(f, idx);
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

static void print_dates(const struct cli *cli, const struct run *rs)
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

static void print_text(const struct cli *cli, const struct run *rs)
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

/* Adds key: val to obj; a NULL val (out of memory) clears *ok. */
static void jset(json_t *obj, const char *key, json_t *val, bool *ok)
{
	if (val == NULL || json_object_set_new(obj, key, val) != 0)
		*ok = false;
}

static void jpush(json_t *arr, json_t *val, bool *ok)
{
	if (val == NULL || json_array_append_new(arr, val) != 0)
		*ok = false;
}

static json_t *jnum(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *jint(size_t n)
{
	return json_integer((json_int_t)n);
}

static json_t *jday(int64_t day)
{
	char d[EBB_DATE_STR];

	return json_string(ebb_date_format(d, day));
}

static json_t *jmonth(int year, int month)
{
	char m[16];

	month_str(m, year, month);
	return json_string(m);
}

static json_t *jword(const struct ebb_word *list, int i)
{
	return i >= 0 ? json_string(list[i].name) : json_null();
}

/* A sentence from the core as a JSON string. */
static json_t *jsay(size_t (*fn)(char *, size_t, const struct ebb_insights *),
                    const struct ebb_insights *ins)
{
	char buf[EBB_INSIGHTS_SENTENCE_MAX];

	fn(buf, sizeof(buf), ins);
	return json_string(buf);
}

/* {"potential": x, ...} from four values. */
static json_t *jfacets_real(const double *v, bool *ok)
{
	json_t *o = json_object();

	for (size_t j = 0; j < EBB_INSIGHTS_FACETS; j++)
		jset(o, ebb_facets[j].name, jnum(v[j]), ok);
	return o;
}

/* A trend of the data, or null when it was not computed. */
static json_t *jtrend(const struct ebb_waves_trend *t, bool *ok)
{
	json_t *o, *mk;

	if (!t->valid)
		return json_null();
	o = json_object();
	mk = json_object();
	jset(o, "points", jint(t->n), ok);
	jset(o, "slope_per_month", jnum(t->ts.slope * 30.0), ok);
	jset(o, "low_per_month", jnum(t->ts.lo * 30.0), ok);
	jset(o, "high_per_month", jnum(t->ts.hi * 30.0), ok);
	jset(o, "slope_per_day", jnum(t->ts.slope), ok);
	jset(o, "intercept", jnum(t->ts.intercept), ok);
	jset(mk, "s", json_integer((json_int_t)t->mk.s), ok);
	jset(mk, "var_s", jnum(t->mk.var_s), ok);
	jset(mk, "z", jnum(t->mk.z_cc), ok);
	jset(mk, "p", jnum(t->mk.p_cc), ok);
	jset(mk, "p_exact", jnum(t->mk.p_exact), ok);
	jset(mk, "tau_b", jnum(t->mk.tau_b), ok);
	jset(o, "mann_kendall", mk, ok);
	return o;
}

static json_t *json_facets(const struct ebb_insights *ins, bool *ok)
{
	const struct ebb_insights_facet_shift *f = &ins->facets;
	json_t *o = json_object(), *list = json_array(), *months = json_array(), *shift;

	for (size_t j = 0; j < EBB_INSIGHTS_FACETS; j++)
		jpush(list,
		      json_pack("{s:s, s:s}", "name", ebb_facets[j].name, "label",
		                ebb_facets[j].label),
		      ok);
	jset(o, "facets", list, ok);
	for (size_t i = 0; i < ins->n_months; i++) {
		const struct ebb_insights_month *mo = &ins->months[i];
		json_t *m = json_object(), *counts = json_object();

		jset(m, "month", jmonth(mo->year, mo->month), ok);
		jset(m, "checkins", jint(mo->checkins), ok);
		jset(m, "named", jint(mo->named), ok);
		jset(m, "mentions", jint(mo->mentions), ok);
		for (size_t j = 0; j < EBB_INSIGHTS_FACETS; j++)
			jset(counts, ebb_facets[j].name, jint(mo->facet[j]), ok);
		jset(m, "counts", counts, ok);
		jset(m, "shares", jfacets_real(mo->share, ok), ok);
		jpush(months, m, ok);
	}
	jset(o, "months", months, ok);
	shift = json_object();
	jset(shift, "known", json_boolean(f->known), ok);
	if (f->known && ins->months) {
		const struct ebb_insights_month *m = ins->months;
		json_t *early = json_object(), *late = json_object();

		jset(shift, "months", jint(f->months), ok);
		jset(early, "from", jmonth(m[f->early_first].year, m[f->early_first].month), ok);
		jset(early, "to", jmonth(m[f->early_last].year, m[f->early_last].month), ok);
		jset(early, "mentions", jint(f->early_mentions), ok);
		jset(early, "shares", jfacets_real(f->early, ok), ok);
		jset(late, "from", jmonth(m[f->late_first].year, m[f->late_first].month), ok);
		jset(late, "to", jmonth(m[f->late_last].year, m[f->late_last].month), ok);
		jset(late, "mentions", jint(f->late_mentions), ok);
		jset(late, "shares", jfacets_real(f->late, ok), ok);
		jset(shift, "early", early, ok);
		jset(shift, "late", late, ok);
	}
	jset(shift, "grew", jword(ebb_facets, f->known ? f->grew : -1), ok);
	jset(shift, "faded", jword(ebb_facets, f->known ? f->faded : -1), ok);
	jset(o, "shift", shift, ok);
	jset(o, "sentence", jsay(ebb_insights_say_facets, ins), ok);
	return o;
}

static json_t *json_feelings(const struct ebb_insights *ins, bool *ok)
{
	const struct ebb_insights_feelings *f = &ins->feelings;
	json_t *o = json_object(), *counts = json_object(), *top = json_array(),
	       *ch = json_object();
	json_t *es = json_object(), *rs = json_object();
	size_t n = f->n_words < EBB_INSIGHTS_MAX_FEELINGS ? f->n_words : EBB_INSIGHTS_MAX_FEELINGS;

	jset(o, "named", jint(f->named), ok);
	for (size_t i = 0; i < n; i++)
		jset(counts, ebb_feelings[i].name, jint(f->count[i]), ok);
	jset(o, "counts", counts, ok);
	for (size_t i = 0; i < f->n_top; i++)
		jpush(top,
		      json_pack("{s:s, s:s, s:I}", "name", ebb_feelings[f->top[i]].name, "label",
		                ebb_feelings[f->top[i]].label, "count",
		                (json_int_t)f->count[f->top[i]]),
		      ok);
	jset(o, "top", top, ok);
	jset(ch, "known", json_boolean(f->change_known), ok);
	jset(ch, "recent_from", jday(f->recent_from), ok);
	jset(ch, "recent_named", jint(f->recent_named), ok);
	jset(ch, "earlier_named", jint(f->early_named), ok);
	for (size_t i = 0; i < n; i++) {
		if (f->recent_count[i] == 0 && f->early_count[i] == 0)
			continue;
		jset(rs, ebb_feelings[i].name, jnum(f->recent_share[i]), ok);
		jset(es, ebb_feelings[i].name, jnum(f->early_share[i]), ok);
	}
	jset(ch, "recent_shares", rs, ok);
	jset(ch, "earlier_shares", es, ok);
	jset(ch, "rose", jword(ebb_feelings, f->change_known ? f->rose : -1), ok);
	jset(ch, "eased", jword(ebb_feelings, f->change_known ? f->eased : -1), ok);
	jset(o, "change", ch, ok);
	jset(o, "sentence", jsay(ebb_insights_say_feelings, ins), ok);
	jset(o, "change_sentence", jsay(ebb_insights_say_feelings_change, ins), ok);
	return o;
}

static json_t *json_tally(const struct ebb_insights_tally *t, bool *ok)
{
	json_t *o = json_object();

	jset(o, "felt", jint(t->felt), ok);
	jset(o, "acted_on", jint(t->acted), ok);
	jset(o, "let_pass", jint(t->let_pass), ok);
	jset(o, "let_pass_share", t->felt ? jnum(t->share) : json_null(), ok);
	jset(o, "range",
	     t->has_interval ? json_pack("{s:o, s:o}", "low", jnum(t->lo), "high", jnum(t->hi))
	                     : json_null(),
	     ok);
	return o;
}

static json_t *json_urges(const struct ebb_insights *ins, bool *ok)
{
	const struct ebb_insights_urges *u = &ins->urges;
	json_t *o = json_object(), *weeks = json_array(), *did = json_object(), *rec, *tr;
	size_t n_did = ebb_word_count(ebb_urge_did);

	for (size_t i = 0; i < u->n_weeks; i++) {
		json_t *w = json_object();

		jset(w, "week", jday(u->weeks[i].monday), ok);
		jset(w, "felt", jint(u->weeks[i].felt), ok);
		jset(w, "acted_on", jint(u->weeks[i].acted), ok);
		jset(w, "let_pass", jint(u->weeks[i].felt - u->weeks[i].acted), ok);
		jpush(weeks, w, ok);
	}
	jset(o, "weeks", weeks, ok);
	jset(o, "all", json_tally(&u->all, ok), ok);
	rec = json_tally(&u->recent, ok);
	jset(rec, "from", jday(u->recent_from), ok);
	jset(o, "recent", rec, ok);
	for (size_t i = 0; i < n_did && i < EBB_INSIGHTS_MAX_DID; i++)
		jset(did, ebb_urge_did[i].name, jint(u->did[i]), ok);
	jset(did, "not_noted", jint(u->did_unsaid), ok);
	jset(o, "did", did, ok);
	tr = json_object();
	jset(tr, "weeks", jint(u->trend_weeks), ok);
	jset(tr, "felt", jtrend(&u->felt_trend, ok), ok);
	jset(tr, "acted_on", jtrend(&u->acted_trend, ok), ok);
	jset(o, "trend", tr, ok);
	jset(o, "sentence", jsay(ebb_insights_say_urges, ins), ok);
	jset(o, "recent_sentence", jsay(ebb_insights_say_urges_recent, ins), ok);
	return o;
}

static const char *by_name(enum ebb_insights_by by)
{
	return by == EBB_INSIGHTS_BY_ME ? "me" : by == EBB_INSIGHTS_BY_THEM ? "them" : NULL;
}

static json_t *json_contact(const struct ebb_insights *ins, bool *ok)
{
	const struct ebb_insights_contacts *c = &ins->contact;
	const char *by = c->any ? by_name(c->last_by) : NULL;
	json_t *o = json_object();

	jset(o, "count", jint(c->count), ok);
	jset(o, "by_me", jint(c->by_me), ok);
	jset(o, "by_them", jint(c->by_them), ok);
	jset(o, "last", c->any ? jday(c->last_day) : json_null(), ok);
	jset(o, "days_since", c->any ? json_integer((json_int_t)c->days_since) : json_null(), ok);
	jset(o, "last_by", by ? json_string(by) : json_null(), ok);
	jset(o, "sentence", jsay(ebb_insights_say_contact, ins), ok);
	return o;
}

static json_t *json_signs(const struct ebb_insights *ins, bool *ok)
{
	json_t *arr = json_array();
	char buf[EBB_INSIGHTS_SENTENCE_MAX];

	for (size_t s = 0; s < EBB_INSIGHTS_SIGNS; s++) {
		const struct ebb_insights_sign *sg = &ins->signs[s];
		json_t *o = json_object(), *weeks = json_array(), *latest = json_null();

		jset(o, "name", json_string(ebb_signs[s].name), ok);
		jset(o, "label", json_string(ebb_signs[s].label), ok);
		for (size_t i = 0; i < sg->n_weeks; i++) {
			json_t *w = json_object();

			jset(w, "week", jday(sg->weeks[i].monday), ok);
			jset(w, "median", jnum(sg->weeks[i].median), ok);
			jset(w, "ratings", jint(sg->weeks[i].ratings), ok);
			jpush(weeks, w, ok);
		}
		jset(o, "weeks", weeks, ok);
		if (sg->n_weeks > 0) {
			json_decref(latest);
			latest =
			    json_pack("{s:o, s:o}", "week", jday(sg->weeks[sg->n_weeks - 1].monday),
			              "median", jnum(sg->weeks[sg->n_weeks - 1].median));
		}
		jset(o, "latest", latest, ok);
		jset(o, "trend", jtrend(&sg->trend, ok), ok);
		jset(o, "solid", json_boolean(sg->solid), ok);
		jset(o, "verdict", json_string(ebb_sign_verdict_id(sg->verdict)), ok);
		ebb_insights_say_sign(buf, sizeof(buf), ins, s);
		jset(o, "sentence", json_string(buf), ok);
		jpush(arr, o, ok);
	}
	return arr;
}

static json_t *json_dates(const struct run *rs, bool *ok)
{
	const struct ebb_insights *ins = &rs->ins;
	const struct ebb_insights_cluster *c = &ins->cluster;
	json_t *o = json_object(), *occ = json_array(), *cl = json_object();
	char buf[EBB_INSIGHTS_SENTENCE_MAX];

	jset(o, "count", jint(ins->n_dates), ok);
	for (size_t i = 0; i < ins->n_occurrences; i++) {
		const struct ebb_insights_occurrence *x = &ins->occurrences[i];
		const struct ebb_insights_date *d = &rs->in.dates[x->date];
		json_t *e = json_object();

		jset(e, "day", jday(x->day), ok);
		jset(e, "date", jday(d->day), ok);
		jset(e, "label", d->label ? json_string(d->label) : json_null(), ok);
		jset(e, "yearly", json_boolean(d->yearly), ok);
		jset(e, "years", json_integer(x->years), ok);
		jpush(occ, e, ok);
	}
	jset(o, "occurrences", occ, ok);
	jset(cl, "computed", json_boolean(c->computed), ok);
	jset(cl, "window", json_integer(c->window), ok);
	jset(cl, "waves", jint(c->n_waves), ok);
	jset(cl, "near", jint(c->near), ok);
	jset(cl, "days", jint(c->days), ok);
	jset(cl, "near_days", jint(c->near_days), ok);
	jset(cl, "occurrences", jint(c->n_occurrences), ok);
	jset(cl, "expected", jnum(c->expected), ok);
	jset(o, "cluster", cl, ok);
	ebb_insights_say_cluster(buf, sizeof(buf), ins);
	jset(o, "sentence", json_string(buf), ok);
	return o;
}

static json_t *json_waves(const struct ebb_waves_result *w, bool *ok)
{
	json_t *o = json_object(), *arr = json_array();

	jset(o, "days_logged", jint(w->n_days), ok);
	for (size_t i = 0; i < w->n_waves; i++) {
		json_t *e = json_object();

		jset(e, "day", jday(w->waves[i].day), ok);
		jset(e, "height", jnum(w->waves[i].height), ok);
		jset(e, "prominence", jnum(w->waves[i].prominence), ok);
		jset(e, "width", jnum(w->waves[i].width), ok);
		jpush(arr, e, ok);
	}
	jset(o, "waves", arr, ok);
	jset(o, "lower", jint(w->n_lower), ok);
	jset(o, "higher", jint(w->n_higher), ok);
	jset(o, "same", jint(w->n_same), ok);
	jset(o, "verdict", json_string(ebb_verdict_id(w->wave_verdict)), ok);
	jset(o, "baseline_verdict", json_string(ebb_verdict_id(w->baseline_verdict)), ok);
	return o;
}

static int print_json(const struct run *rs)
{
	const struct ebb_insights *ins = &rs->ins;
	json_t *o = json_object();
	bool ok = o != NULL;
	int r = 0;

	jset(o, "today", jday(rs->today), &ok);
	jset(o, "from", rs->from_given ? jday(rs->from_day) : json_null(), &ok);
	jset(o, "to", rs->to_given ? jday(rs->to_day) : json_null(), &ok);
	jset(o, "has_history", json_boolean(ins->has_history), &ok);
	jset(o, "first_day", ins->has_history ? jday(ins->first_day) : json_null(), &ok);
	jset(o, "last_day", ins->has_history ? jday(ins->last_day) : json_null(), &ok);
	jset(o, "grieving", json_facets(ins, &ok), &ok);
	jset(o, "feelings", json_feelings(ins, &ok), &ok);
	jset(o, "urges", json_urges(ins, &ok), &ok);
	jset(o, "contact", json_contact(ins, &ok), &ok);
	jset(o, "signs", json_signs(ins, &ok), &ok);
	jset(o, "hard_dates", json_dates(rs, &ok), &ok);
	jset(o, "waves", json_waves(&rs->waves, &ok), &ok);
	if (!ok) {
		r = cli_failf(EX_OSERR, "out of memory");
	} else if (json_dumpf(o, stdout, JSON_FLAGS) != 0) {
		r = cli_failf(EX_IOERR, "cannot write the insights");
	} else {
		fputc('\n', stdout);
	}
	json_decref(o);
	return r;
}

/* ---- charts ------------------------------------------------------------------ */

static enum ebb_status chart_facets(struct ebb_buf *out, const struct ebb_insights *ins,
                                    struct ebb_error *err)
{
	const char *labels[EBB_INSIGHTS_FACETS];
	struct ebb_chart c;
	struct ebb_chart_shares in = {
	    .period = EBB_CHART_MONTHS, .labels = labels, .k = EBB_INSIGHTS_FACETS};
	size_t first = ins->n_months > EBB_CHART_MAX_BARS ? ins->n_months - EBB_CHART_MAX_BARS : 0;
	size_t n = ins->n_months - first;
	int64_t *start = malloc((n ? n : 1) * sizeof(*start));
	double *counts = malloc((n ? n : 1) * EBB_INSIGHTS_FACETS * sizeof(*counts));
	enum ebb_status rc;

	if (start == NULL || counts == NULL) {
		free(start);
		free(counts);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory drawing a chart");
	}
	for (size_t j = 0; j < EBB_INSIGHTS_FACETS; j++)
		labels[j] = ebb_facets[j].label;
	for (size_t i = 0; i < n; i++) {
		start[i] = ins->months[first + i].first_day;
		for (size_t j = 0; j < EBB_INSIGHTS_FACETS; j++)
			counts[i * EBB_INSIGHTS_FACETS + j] =
			    (double)ins->months[first + i].facet[j];
	}
	in.start = start;
	in.n = n;
	in.counts = counts;
	ebb_chart_init(&c, "What you are grieving, month by month");
	c.id = "ebb-facets";
	c.colours = EBB_CHART_FIXED;
	rc = ebb_chart_shares(out, &c, &in, err);
	free(start);
	free(counts);
	return rc;
}

static enum ebb_status chart_feelings(struct ebb_buf *out, const struct ebb_insights *ins,
                                      struct ebb_error *err)
{
	size_t idx[EBB_INSIGHTS_MAX_FEELINGS], n = feelings_by_count(&ins->feelings, idx);
	const char *labels[EBB_INSIGHTS_MAX_FEELINGS];
	double values[EBB_INSIGHTS_MAX_FEELINGS];
	struct ebb_chart c;
	struct ebb_chart_hbars in = {
	    .labels = labels, .values = values, .n = n, .value_label = "times named"};

	if (n > EBB_CHART_MAX_ROWS)
		n = in.n = EBB_CHART_MAX_ROWS;
	for (size_t i = 0; i < n; i++) {
		labels[i] = ebb_feelings[idx[i]].label;
		values[i] = (double)ins->feelings.count[idx[i]];
	}
	ebb_chart_init(&c, "Feelings you named most often");
	c.id = "ebb-feelings";
	c.colours = EBB_CHART_FIXED;
	return ebb_chart_hbars(out, &c, &in, err);
}

static enum ebb_status chart_urges(struct ebb_buf *out, const struct ebb_insights *ins,
                                   struct ebb_error *err)
{
	const struct ebb_insights_urges *u = &ins->urges;
	size_t first = u->n_weeks > EBB_CHART_MAX_BARS ? u->n_weeks - EBB_CHART_MAX_BARS : 0;
	size_t n = u->n_weeks - first;
	int64_t *start = malloc((n ? n : 1) * sizeof(*start));
	double *felt = malloc((n ? n : 1) * sizeof(*felt));
	double *acted = malloc((n ? n : 1) * sizeof(*acted));
	struct ebb_chart c;
	struct ebb_chart_bars in = {
	    .period = EBB_CHART_WEEKS, .n_series = 2, .y_label = "Urges per week"};
	enum ebb_status rc;

	if (start == NULL || felt == NULL || acted == NULL) {
		rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory drawing a chart");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		start[i] = u->weeks[first + i].monday;
		felt[i] = (double)u->weeks[first + i].felt;
		acted[i] = (double)u->weeks[first + i].acted;
	}
	in.start = start;
	in.n = n;
	in.series[0] = (struct ebb_chart_series){.label = "felt", .values = felt};
	in.series[1] = (struct ebb_chart_series){.label = "acted on", .values = acted};
	ebb_chart_init(&c, "Urges week by week: felt and acted on");
	c.id = "ebb-urges";
	c.colours = EBB_CHART_FIXED;
	rc = ebb_chart_bars(out, &c, &in, err);
done:
	free(start);
	free(felt);
	free(acted);
	return rc;
}

static enum ebb_status chart_signs(struct ebb_buf *out, const struct ebb_insights *ins,
                                   struct ebb_error *err)
{
	struct ebb_chart_panel panels[EBB_INSIGHTS_SIGNS] = {0};
	double *t[EBB_INSIGHTS_SIGNS] = {0}, *y[EBB_INSIGHTS_SIGNS] = {0};
	int64_t origin = signs_origin(ins);
	struct ebb_chart c;
	struct ebb_chart_panels in = {.panels = panels,
	                              .n = EBB_INSIGHTS_SIGNS,
	                              .origin = origin,
	                              .max = 4.0,
	                              .y_label = "Weekly median, 0 to 4"};
	enum ebb_status rc = EBB_OK;
	size_t s;

	for (s = 0; s < EBB_INSIGHTS_SIGNS && rc == EBB_OK; s++) {
		const struct ebb_insights_sign *sg = &ins->signs[s];
		size_t n = sg->n_weeks > EBB_CHART_MAX_POINTS ? EBB_CHART_MAX_POINTS : sg->n_weeks;
		size_t first = sg->n_weeks - n;

		panels[s].label = ebb_signs[s].label;
		if (n == 0)
			continue;
		t[s] = malloc(n * sizeof(double));
		y[s] = malloc(n * sizeof(double));
		if (t[s] == NULL || y[s] == NULL) {
			rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory drawing a chart");
			break;
		}
		for (size_t i = 0; i < n; i++) {
			t[s][i] = (double)(sg->weeks[first + i].monday - origin) + 3.5;
			y[s][i] = sg->weeks[first + i].median;
		}
		panels[s].t = t[s];
		panels[s].value = y[s];
		panels[s].n = n;
		/* the trend was fitted on every week: draw it only over all of them */
		panels[s].trend = first == 0 ? &sg->trend : NULL;
	}
	if (rc == EBB_OK) {
		ebb_chart_init(&c, "The four signs, week by week");
		c.id = "ebb-signs";
		c.colours = EBB_CHART_FIXED;
		rc = ebb_chart_panels(out, &c, &in, err);
	}
	for (s = 0; s < EBB_INSIGHTS_SIGNS; s++) {
		free(t[s]);
		free(y[s]);
	}
	return rc;
}

static enum ebb_status chart_waves(struct ebb_buf *out, const struct run *rs, struct ebb_error *err)
{
	const struct ebb_insights *ins = &rs->ins;
	size_t first =
	    ins->n_occurrences > EBB_CHART_MAX_DATES ? ins->n_occurrences - EBB_CHART_MAX_DATES : 0;
	size_t n = ins->n_occurrences - first;
	struct ebb_chart_date *dates = malloc((n ? n : 1) * sizeof(*dates));
	struct ebb_chart c;
	struct ebb_chart_waves in = {.r = &rs->waves, .dates = dates, .n_dates = n};
	enum ebb_status rc;

	if (dates == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory drawing a chart");
	for (size_t i = 0; i < n; i++) {
		const struct ebb_insights_occurrence *o = &ins->occurrences[first + i];
		const char *label = rs->in.dates[o->date].label;

		dates[i].day = o->day;
		dates[i].label = label && label[0] ? label : "a hard date";
	}
	ebb_chart_init(&c, "Waves and hard dates");
	c.id = "ebb-waves";
	c.colours = EBB_CHART_FIXED;
	rc = ebb_chart_waves(out, &c, &in, err);
	free(dates);
	return rc;
}

/* The path of chart file i in dir. Returns 0 or an exit status. */
static int chart_path(const struct cli *cli, char *out, size_t size, const char *dir, size_t i)
{
	size_t len = strlen(dir);
	bool slash = len > 0 && dir[len - 1] == '/';

	if ((size_t)snprintf(out, size, "%s%s%s", dir, slash ? "" : "/", chart_files[i]) >= size)
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
static int write_svgs(struct cli *cli, const char *dir, const struct run *rs)
{
	struct ebb_buf bufs[N_CHARTS];
	struct ebb_error err = {0};
	char path[PATH_MAX];
	enum ebb_status rc = EBB_OK;
	size_t i, written = 0;
	bool created = false;
	int r = 0;

	for (i = 0; i < N_CHARTS; i++)
		ebb_buf_init(&bufs[i], EBB_CHART_MAX_BYTES);
	rc = chart_facets(&bufs[0], &rs->ins, &err);
	if (rc == EBB_OK)
		rc = chart_feelings(&bufs[1], &rs->ins, &err);
	if (rc == EBB_OK)
		rc = chart_urges(&bufs[2], &rs->ins, &err);
	if (rc == EBB_OK)
		rc = chart_signs(&bufs[3], &rs->ins, &err);
	if (rc == EBB_OK)
		rc = chart_waves(&bufs[4], rs, &err);
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
	struct run rs = {0};
	int first, r;

	ebb_query_init(&o.q);
	r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);
	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "'%s' is extra: insights takes only options", argv[first]);
	if (o.svg && (r = svg_check(cli, o.svg)) != 0)
		return r;
	ebb_insights_input_init(&rs.in);
	ebb_waves_result_init(&rs.waves);
	ebb_insights_init(&rs.ins);
	r = compute(cli, &o, &rs);
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
	run_release(&rs);
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
