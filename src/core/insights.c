/*
 * insights.c — the insights behind insights.h: counts by month, week and
 * window, the statistics of stats.h on weekly series, hard dates laid on
 * the timeline, and the sentences that say what those numbers say.
 *
 * Calendar arithmetic uses Howard Hinnant's civil-date algorithms in their
 * general form (negative day numbers included). Numbers in sentences are
 * built from integers (ebb_say_fixed() and percent() below), so the decimal
 * separator is '.' even if a face ever calls setlocale.
 */
#include "insights.h"

#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "record.h"
#include "say.h"
#include "vocab.h"
#include "when.h"

#define CONF 0.95 /* level of every Theil–Sen range here */

/* ---------------------------------------------------------------------- */
/* Calendar                                                                */

static int64_t floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;

	return r < 0 ? r + b : r;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

int64_t ebb_insights_week_start(int64_t day)
{
	/* day 0, 1970-01-01, was a Thursday: Monday is 3 days before */
	return day - floor_mod(day + 3, 7);
}

void ebb_insights_month_of(int64_t day, int *year, int *month)
{
	int64_t y;
	int m, d;

	ebb_civil_from_days(day, &y, &m, &d);
	*year = (int)y;
	*month = m;
}

static bool day_ok(int64_t day)
{
	return day >= EBB_INSIGHTS_DAY_MIN && day <= EBB_INSIGHTS_DAY_MAX;
}

/* ---------------------------------------------------------------------- */
/* Input                                                                   */

void ebb_insights_input_init(struct ebb_insights_input *in)
{
	memset(in, 0, sizeof(*in));
}

void ebb_insights_input_release(struct ebb_insights_input *in)
{
	if (in == NULL)
		return;
	if (in->owned) {
		for (size_t i = 0; i < in->n_dates; i++) {
			char *label = (char *)in->dates[i].label;

			if (label) {
				sodium_memzero(label, strlen(label));
				free(label);
			}
		}
		free(in->checkins);
		free(in->urges);
		free(in->contacts);
		free(in->signs);
		free(in->dates);
	}
	ebb_insights_input_init(in);
}

/* Makes room for one more element in *arr (n used, *cap allocated). */
static enum ebb_status grow(void **arr, size_t *cap, size_t n, size_t elem, const char *what,
                            struct ebb_error *err)
{
	size_t want;
	void *p;

	if (n < *cap)
		return EBB_OK;
	if (n >= EBB_INSIGHTS_MAX_RECORDS)
		return ebb_error_set(err, EBB_ERR_INVALID, "more than %d %s to read",
		                     EBB_INSIGHTS_MAX_RECORDS, what);
	want = *cap ? *cap * 2 : 64;
	if (want > EBB_INSIGHTS_MAX_RECORDS)
		want = EBB_INSIGHTS_MAX_RECORDS;
	p = realloc(*arr, want * elem);
	if (p == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory reading %s", what);
	*arr = p;
	*cap = want;
	return EBB_OK;
}

/* The filling under way: the input and the room in each array. */
struct fill {
	struct ebb_insights_input *in;
	size_t cap_checkins, cap_urges, cap_contacts, cap_signs, cap_dates;
};

/* Index of name in list, or -1. */
static int word_index(const struct ebb_word *list, const char *name)
{
	const struct ebb_word *w = ebb_word_find(list, name);

	return w ? (int)(w - list) : -1;
}

/* The bits of the known words in a JSON array of words; unknown ones are skipped. */
static uint64_t word_mask(const json_t *arr, const struct ebb_word *list)
{
	const json_t *w;
	uint64_t mask = 0;
	size_t i;
	int k;

	if (!json_is_array(arr))
		return 0;
	json_array_foreach(arr, i, w)
	{
		k = word_index(list, json_string_value(w));
		if (k >= 0 && k < 64)
			mask |= UINT64_C(1) << k;
	}
	return mask;
}

static int64_t record_day(const struct ebb_record *r)
{
	return ebb_date_local_day(r->at, r->offset);
}

static enum ebb_status see_checkin(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct fill *f = ctx;
	struct ebb_insights_input *in = f->in;
	const json_t *v = json_object_get(r->body, "intensity");
	struct ebb_insights_checkin *c;
	enum ebb_status rc;

	if (!json_is_number(v) || !(json_number_value(v) >= 0.0 && json_number_value(v) <= 10.0))
		return EBB_OK;
	rc = grow((void **)&in->checkins, &f->cap_checkins, in->n_checkins, sizeof(*c), "check-ins",
	          err);
	if (rc != EBB_OK)
		return rc;
	c = &in->checkins[in->n_checkins++];
	c->day = record_day(r);
	c->intensity = json_number_value(v);
	c->feelings = word_mask(json_object_get(r->body, "feelings"), ebb_feelings);
	c->facets = (unsigned)word_mask(json_object_get(r->body, "grieving"), ebb_facets);
	return EBB_OK;
}

static enum ebb_status see_urge(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct fill *f = ctx;
	struct ebb_insights_input *in = f->in;
	struct ebb_insights_urge *u;
	enum ebb_status rc;

	rc = grow((void **)&in->urges, &f->cap_urges, in->n_urges, sizeof(*u), "urges", err);
	if (rc != EBB_OK)
		return rc;
	u = &in->urges[in->n_urges++];
	u->day = record_day(r);
	u->did = word_index(ebb_urge_did, json_string_value(json_object_get(r->body, "did")));
	return EBB_OK;
}

static enum ebb_status see_contact(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct fill *f = ctx;
	struct ebb_insights_input *in = f->in;
	const char *by = json_string_value(json_object_get(r->body, "by"));
	struct ebb_insights_contact *c;
	enum ebb_status rc;

	rc = grow((void **)&in->contacts, &f->cap_contacts, in->n_contacts, sizeof(*c), "contacts",
	          err);
	if (rc != EBB_OK)
		return rc;
	c = &in->contacts[in->n_contacts++];
	c->day = record_day(r);
	c->at = r->at;
	c->by = EBB_INSIGHTS_BY_UNKNOWN;
	if (by && strcmp(by, "me") == 0)
		c->by = EBB_INSIGHTS_BY_ME;
	else if (by && strcmp(by, "them") == 0)
		c->by = EBB_INSIGHTS_BY_THEM;
	return EBB_OK;
}

static enum ebb_status see_signs(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct fill *f = ctx;
	struct ebb_insights_input *in = f->in;
	const json_t *ratings = json_object_get(r->body, "ratings");
	double v[EBB_INSIGHTS_SIGNS];
	struct ebb_insights_signs *s;
	enum ebb_status rc;

	if (!json_is_array(ratings) || json_array_size(ratings) != EBB_INSIGHTS_SIGNS)
		return EBB_OK;
	for (size_t i = 0; i < EBB_INSIGHTS_SIGNS; i++) {
		const json_t *x = json_array_get(ratings, i);

		if (!json_is_number(x))
			return EBB_OK;
		v[i] = json_number_value(x);
		if (!(v[i] >= 0.0 && v[i] <= 4.0))
			return EBB_OK;
	}
	rc = grow((void **)&in->signs, &f->cap_signs, in->n_signs, sizeof(*s), "signs", err);
	if (rc != EBB_OK)
		return rc;
	s = &in->signs[in->n_signs++];
	s->day = record_day(r);
	memcpy(s->ratings, v, sizeof(v));
	return EBB_OK;
}

static enum ebb_status see_date(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct fill *f = ctx;
	struct ebb_insights_input *in = f->in;
	const char *label = json_string_value(json_object_get(r->body, "label"));
	struct ebb_insights_date *d;
	enum ebb_status rc;
	int64_t day;

	if (ebb_date_parse(json_string_value(json_object_get(r->body, "date")), &day) != EBB_OK)
		return EBB_OK;
	rc = grow((void **)&in->dates, &f->cap_dates, in->n_dates, sizeof(*d), "dates", err);
	if (rc != EBB_OK)
		return rc;
	d = &in->dates[in->n_dates];
	d->day = day;
	d->yearly = json_is_true(json_object_get(r->body, "yearly"));
	d->label = NULL;
	if (label) {
		d->label = strdup(label);
		if (d->label == NULL)
			return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory reading dates");
	}
	in->n_dates++;
	return EBB_OK;
}

enum ebb_status ebb_insights_input_from_vault(struct ebb_insights_input *in, struct ebb_vault *v,
                                              int64_t today, struct ebb_error *err)
{
	static const struct {
		const char *kind;
		ebb_record_fn fn;
	} passes[] = {
	    {"checkin", see_checkin}, {"urge", see_urge}, {"contact", see_contact},
	    {"signs", see_signs},     {"date", see_date},
	};
	struct fill f = {.in = in};
	struct ebb_query q;
	enum ebb_status rc = EBB_OK;

	ebb_insights_input_release(in);
	in->owned = true;
	in->today = today;
	for (size_t i = 0; i < sizeof(passes) / sizeof(passes[0]) && rc == EBB_OK; i++) {
		ebb_query_init(&q);
		q.kind = passes[i].kind;
		rc = ebb_record_each(v, &q, passes[i].fn, &f, err);
	}
	if (rc != EBB_OK)
		ebb_insights_input_release(in);
	return rc;
}

enum ebb_status ebb_insights_waves(struct ebb_waves_result *r, const struct ebb_insights_input *in,
                                   const struct ebb_waves_params *p, struct ebb_error *err)
{
	size_t n = in->n_checkins;
	int64_t *day;
	double *value;
	enum ebb_status rc;

	if (n == 0)
		return ebb_waves_analyse_points(r, NULL, NULL, 0, p, err);
	if (in->checkins == NULL || n > EBB_WAVES_MAX_POINTS)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "invalid check-ins for the waves analysis");
	day = malloc(n * sizeof(*day));
	value = malloc(n * sizeof(*value));
	if (day == NULL || value == NULL) {
		free(day);
		free(value);
		ebb_waves_result_release(r);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory reading check-ins");
	}
	for (size_t i = 0; i < n; i++) {
		day[i] = in->checkins[i].day;
		value[i] = in->checkins[i].intensity;
	}
	rc = ebb_waves_analyse_points(r, day, value, n, p, err);
	free(day);
	free(value);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Hard dates                                                              */

static int cmp_occurrence(const void *a, const void *b)
{
	const struct ebb_insights_occurrence *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->date > y->date) - (x->date < y->date);
}

/*
 * Walks the occurrences of dates[0..n) in from..to: counts them into *count
 * and, when out is not NULL, writes them.
 */
static void walk_occurrences(const struct ebb_insights_date *dates, size_t n, int64_t from,
                             int64_t to, struct ebb_insights_occurrence *out, size_t *count)
{
	int64_t y0, yf, yt;
	int m, d, mm, dd;
	size_t k = 0;

	ebb_civil_from_days(from, &yf, &mm, &dd);
	ebb_civil_from_days(to, &yt, &mm, &dd);
	for (size_t i = 0; i < n; i++) {
		int64_t day = dates[i].day;

		if (!dates[i].yearly) {
			if (day >= from && day <= to) {
				if (out)
					out[k] = (struct ebb_insights_occurrence){day, i, 0};
				k++;
			}
			continue;
		}
		ebb_civil_from_days(day, &y0, &m, &d);
		for (int64_t y = y0 > yf ? y0 : yf; y <= yt; y++) {
			int last = month_days(y, m);
			int64_t o = y == y0 ? day : ebb_days_from_civil(y, m, d < last ? d : last);

			if (o < from || o > to)
				continue;
			if (out)
				out[k] = (struct ebb_insights_occurrence){o, i, (int)(y - y0)};
			k++;
		}
	}
	*count = k;
}

enum ebb_status ebb_insights_occurrences(const struct ebb_insights_date *dates, size_t n,
                                         int64_t from, int64_t to,
                                         struct ebb_insights_occurrence **out, size_t *count,
                                         struct ebb_error *err)
{
	const int64_t reach = 2 * EBB_INSIGHTS_NEAR_DAYS;
	size_t k;

	*out = NULL;
	*count = 0;
	if (from > to || from < EBB_INSIGHTS_DAY_MIN - reach || to > EBB_INSIGHTS_DAY_MAX + reach ||
	    to - from > EBB_INSIGHTS_MAX_SPAN + reach)
		return ebb_error_set(err, EBB_ERR_INVALID, "invalid range of days for hard dates");
	if (n > 0 && dates == NULL)
		return ebb_error_set(err, EBB_ERR_INVALID, "invalid hard dates");
	for (size_t i = 0; i < n; i++)
		if (!day_ok(dates[i].day))
			return ebb_error_set(err, EBB_ERR_INVALID, "hard date %zu is out of range",
			                     i + 1);
	walk_occurrences(dates, n, from, to, NULL, &k);
	if (k == 0)
		return EBB_OK;
	*out = malloc(k * sizeof(**out));
	if (*out == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory placing hard dates");
	walk_occurrences(dates, n, from, to, *out, count);
	qsort(*out, *count, sizeof(**out), cmp_occurrence);
	return EBB_OK;
}

enum ebb_status ebb_insights_cluster(struct ebb_insights_cluster *out, const int64_t *peaks,
                                     size_t n_peaks, const struct ebb_insights_occurrence *occ,
                                     size_t n_occ, int64_t first, int64_t last, const double *line,
                                     int window, struct ebb_error *err)
{
	unsigned char *near;
	size_t span;

	memset(out, 0, sizeof(*out));
	out->window = window;
	if (first > last || !day_ok(first) || !day_ok(last) ||
	    last - first > EBB_INSIGHTS_MAX_SPAN || window < 0 || window > EBB_INSIGHTS_MAX_SPAN ||
	    (n_peaks > 0 && peaks == NULL) || (n_occ > 0 && occ == NULL))
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "invalid input for comparing waves and "
		                     "hard dates");
	for (size_t i = 0; i < n_peaks; i++)
		if (peaks[i] < first || peaks[i] > last)
			return ebb_error_set(err, EBB_ERR_INVALID,
			                     "wave %zu peaks outside the days compared", i + 1);
	span = (size_t)(last - first) + 1;
	near = calloc(span, 1);
	if (near == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory comparing waves and dates");
	for (size_t i = 0; i < n_occ; i++) {
		int64_t lo, hi;

		/* first and last are in range, so these never overflow */
		if (occ[i].day < first - window || occ[i].day > last + window)
			continue;
		lo = occ[i].day - window;
		hi = occ[i].day + window;
		out->n_occurrences++;
		if (lo < first)
			lo = first;
		if (hi > last)
			hi = last;
		memset(near + (lo - first), 1, (size_t)(hi - lo) + 1);
	}
	for (size_t i = 0; i < span; i++) {
		if (line && isnan(line[i]))
			continue;
		out->days++;
		out->near_days += near[i];
	}
	for (size_t i = 0; i < n_peaks; i++)
		out->near += near[peaks[i] - first];
	out->computed = true;
	out->n_waves = n_peaks;
	out->expected =
	    out->days ? (double)n_peaks * (double)out->near_days / (double)out->days : 0.0;
	free(near);
	return EBB_OK;
}

/* ---------------------------------------------------------------------- */
/* The result                                                              */

void ebb_insights_init(struct ebb_insights *ins)
{
	memset(ins, 0, sizeof(*ins));
	ins->facets.grew = ins->facets.faded = -1;
	ins->feelings.rose = ins->feelings.eased = -1;
	for (size_t i = 0; i < EBB_INSIGHTS_SIGNS; i++)
		ins->signs[i].verdict = EBB_SIGN_TOO_EARLY;
	ins->cluster.window = EBB_INSIGHTS_NEAR_DAYS;
}

void ebb_insights_release(struct ebb_insights *ins)
{
	if (ins == NULL)
		return;
	free(ins->months);
	free(ins->urges.weeks);
	for (size_t i = 0; i < EBB_INSIGHTS_SIGNS; i++)
		free(ins->signs[i].weeks);
	free(ins->occurrences);
	ebb_insights_init(ins);
}

const char *ebb_sign_verdict_id(enum ebb_sign_verdict v)
{
	switch (v) {
	case EBB_SIGN_TOO_EARLY:
		return "not_enough_weeks_yet";
	case EBB_SIGN_NO_CLEAR_CHANGE:
		return "no_clear_change_yet";
	case EBB_SIGN_STRONGER:
		return "getting_stronger";
	case EBB_SIGN_DIPPED:
		return "lower_lately";
	}
	return "unknown";
}

/* Checks every record of in against the contract of ebb_insights_analyse. */
static enum ebb_status check_input(const struct ebb_insights_input *in, size_t n_feelings,
                                   struct ebb_error *err)
{
	size_t n_did = ebb_word_count(ebb_urge_did);
	uint64_t feel_mask = n_feelings >= 64 ? UINT64_MAX : (UINT64_C(1) << n_feelings) - 1;
	unsigned facet_mask = (1u << EBB_INSIGHTS_FACETS) - 1;

	if (!day_ok(in->today))
		return ebb_error_set(err, EBB_ERR_INVALID, "today is out of range");
#define COUNTS_OK(arr, n) ((n) <= EBB_INSIGHTS_MAX_RECORDS && ((n) == 0 || (arr) != NULL))
	if (!COUNTS_OK(in->checkins, in->n_checkins) || !COUNTS_OK(in->urges, in->n_urges) ||
	    !COUNTS_OK(in->contacts, in->n_contacts) || !COUNTS_OK(in->signs, in->n_signs) ||
	    !COUNTS_OK(in->dates, in->n_dates))
		return ebb_error_set(err, EBB_ERR_INVALID, "too many records, or a missing list");
#undef COUNTS_OK
	for (size_t i = 0; i < in->n_checkins; i++) {
		const struct ebb_insights_checkin *c = &in->checkins[i];

		if (!day_ok(c->day) || !(c->intensity >= 0.0 && c->intensity <= 10.0))
			return ebb_error_set(err, EBB_ERR_INVALID,
			                     "check-in %zu has a day or intensity out of range",
			                     i + 1);
		if ((c->feelings & ~feel_mask) || (c->facets & ~facet_mask))
			return ebb_error_set(err, EBB_ERR_INVALID,
			                     "check-in %zu names an unknown feeling or facet",
			                     i + 1);
	}
	for (size_t i = 0; i < in->n_urges; i++)
		if (!day_ok(in->urges[i].day) || in->urges[i].did < -1 ||
		    in->urges[i].did >= (int)n_did)
			return ebb_error_set(err, EBB_ERR_INVALID,
			                     "urge %zu has a day or choice out of range", i + 1);
	for (size_t i = 0; i < in->n_contacts; i++)
		if (!day_ok(in->contacts[i].day) || in->contacts[i].by < EBB_INSIGHTS_BY_UNKNOWN ||
		    in->contacts[i].by > EBB_INSIGHTS_BY_THEM)
			return ebb_error_set(err, EBB_ERR_INVALID, "contact %zu is out of range",
			                     i + 1);
	for (size_t i = 0; i < in->n_signs; i++) {
		if (!day_ok(in->signs[i].day))
			return ebb_error_set(err, EBB_ERR_INVALID, "signs %zu: day out of range",
			                     i + 1);
		for (size_t k = 0; k < EBB_INSIGHTS_SIGNS; k++) {
			double r = in->signs[i].ratings[k];

			if (!isnan(r) && !(r >= 0.0 && r <= 4.0))
				return ebb_error_set(err, EBB_ERR_INVALID,
				                     "signs %zu: a rating outside 0 to 4", i + 1);
		}
	}
	for (size_t i = 0; i < in->n_dates; i++)
		if (!day_ok(in->dates[i].day))
			return ebb_error_set(err, EBB_ERR_INVALID, "hard date %zu is out of range",
			                     i + 1);
	return EBB_OK;
}

/* The earliest and latest record days (today included in the latest). */
static enum ebb_status history(struct ebb_insights *ins, const struct ebb_insights_input *in,
                               struct ebb_error *err)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;

#define SPAN(arr, n)                                                                               \
	for (size_t i_ = 0; i_ < (n); i_++) {                                                      \
		if ((arr)[i_].day < lo)                                                            \
			lo = (arr)[i_].day;                                                        \
		if ((arr)[i_].day > hi)                                                            \
			hi = (arr)[i_].day;                                                        \
	}
	SPAN(in->checkins, in->n_checkins)
	SPAN(in->urges, in->n_urges)
	SPAN(in->contacts, in->n_contacts)
	SPAN(in->signs, in->n_signs)
#undef SPAN
	if (lo > hi)
		return EBB_OK;
	if (in->today > hi)
		hi = in->today;
	if (hi - lo > EBB_INSIGHTS_MAX_SPAN)
		return ebb_error_set(err, EBB_ERR_INVALID, "the records span more than %d days",
		                     EBB_INSIGHTS_MAX_SPAN);
	ins->has_history = true;
	ins->first_day = lo;
	ins->last_day = hi;
	return EBB_OK;
}

/* A check-in's month (year * 12 + month - 1) and facets, for sorting. */
struct month_key {
	int64_t key;
	unsigned facets;
};

static int cmp_month_key(const void *a, const void *b)
{
	const struct month_key *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

/* The pooled shares of months[from..to] into share[], their mentions into *total. */
static void pool(const struct ebb_insights_month *months, size_t from, size_t to,
                 double share[EBB_INSIGHTS_FACETS], size_t *total)
{
	size_t c[EBB_INSIGHTS_FACETS] = {0}, t = 0;

	for (size_t i = from; i <= to; i++)
		for (size_t k = 0; k < EBB_INSIGHTS_FACETS; k++) {
			c[k] += months[i].facet[k];
			t += months[i].facet[k];
		}
	for (size_t k = 0; k < EBB_INSIGHTS_FACETS; k++)
		share[k] = t ? (double)c[k] / (double)t : 0.0;
	*total = t;
}

/* The largest rise (*up) and fall (*down) from a to b of n shares, if at least min. */
static void biggest_changes(const double *a, const double *b, size_t n, int *up, int *down)
{
	/* tolerate the rounding of shares such as 0.3 - 0.2 */
	const double min = EBB_INSIGHTS_SHIFT_CHANGE - 1e-9;
	double best_up = min, best_down = -min;

	*up = *down = -1;
	for (size_t k = 0; k < n; k++) {
		double d = b[k] - a[k];

		if (d >= best_up && (*up < 0 || d > best_up)) {
			best_up = d;
			*up = (int)k;
		}
		if (d <= best_down && (*down < 0 || d < best_down)) {
			best_down = d;
			*down = (int)k;
		}
	}
}

static enum ebb_status facets(struct ebb_insights *ins, const struct ebb_insights_input *in,
                              struct ebb_error *err)
{
	struct ebb_insights_facet_shift *f = &ins->facets;
	struct month_key *keys;
	size_t n = in->n_checkins, m = 0, named = 0, k, seen;

	if (n == 0)
		return EBB_OK;
	keys = malloc(n * sizeof(*keys));
	if (keys == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory counting months");
	for (size_t i = 0; i < n; i++) {
		int y, mo;

		ebb_insights_month_of(in->checkins[i].day, &y, &mo);
		keys[i].key = (int64_t)y * 12 + (mo - 1);
		keys[i].facets = in->checkins[i].facets;
	}
	qsort(keys, n, sizeof(*keys), cmp_month_key);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || keys[i].key != keys[i - 1].key)
			m++;
	ins->months = calloc(m, sizeof(*ins->months));
	if (ins->months == NULL) {
		free(keys);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory counting months");
	}
	for (size_t i = 0, j = 0; i < n; i++) {
		struct ebb_insights_month *mo;

		if (i > 0 && keys[i].key != keys[i - 1].key)
			j++;
		mo = &ins->months[j];
		if (mo->checkins == 0) {
			mo->year = (int)(keys[i].key / 12);
			mo->month = (int)(keys[i].key % 12) + 1;
			mo->first_day = ebb_days_from_civil(mo->year, mo->month, 1);
		}
		mo->checkins++;
		mo->named += keys[i].facets != 0;
		for (size_t b = 0; b < EBB_INSIGHTS_FACETS; b++)
			if (keys[i].facets & (1u << b)) {
				mo->facet[b]++;
				mo->mentions++;
			}
	}
	free(keys);
	ins->n_months = m;
	for (size_t i = 0; i < m; i++) {
		struct ebb_insights_month *mo = &ins->months[i];

		for (size_t b = 0; b < EBB_INSIGHTS_FACETS; b++)
			mo->share[b] =
			    mo->mentions ? (double)mo->facet[b] / (double)mo->mentions : 0.0;
		named += mo->mentions > 0;
	}

	/* the first and last k months that name a facet */
	if (named < 2)
		return EBB_OK;
	k = named / 2 < EBB_INSIGHTS_SHIFT_MONTHS ? named / 2 : EBB_INSIGHTS_SHIFT_MONTHS;
	f->months = k;
	seen = 0;
	for (size_t i = 0; i < m; i++) {
		if (ins->months[i].mentions == 0)
			continue;
		if (seen == 0)
			f->early_first = i;
		if (seen == k - 1)
			f->early_last = i;
		if (seen == named - k)
			f->late_first = i;
		if (seen == named - 1)
			f->late_last = i;
		seen++;
	}
	pool(ins->months, f->early_first, f->early_last, f->early, &f->early_mentions);
	pool(ins->months, f->late_first, f->late_last, f->late, &f->late_mentions);
	f->known = f->early_mentions >= EBB_INSIGHTS_SHIFT_MIN &&
	           f->late_mentions >= EBB_INSIGHTS_SHIFT_MIN;
	if (f->known)
		biggest_changes(f->early, f->late, EBB_INSIGHTS_FACETS, &f->grew, &f->faded);
	return EBB_OK;
}

static void feelings(struct ebb_insights *ins, const struct ebb_insights_input *in, size_t nw)
{
	struct ebb_insights_feelings *f = &ins->feelings;
	bool used[EBB_INSIGHTS_MAX_FEELINGS] = {false};

	f->n_words = nw;
	f->recent_from = in->today - (EBB_INSIGHTS_RECENT_DAYS - 1);
	for (size_t i = 0; i < in->n_checkins; i++) {
		const struct ebb_insights_checkin *c = &in->checkins[i];
		bool recent = c->day >= f->recent_from;

		if (c->feelings == 0)
			continue;
		f->named++;
		if (recent)
			f->recent_named++;
		else
			f->early_named++;
		for (size_t k = 0; k < nw; k++)
			if (c->feelings & (UINT64_C(1) << k)) {
				f->count[k]++;
				if (recent)
					f->recent_count[k]++;
				else
					f->early_count[k]++;
			}
	}
	for (size_t t = 0; t < EBB_INSIGHTS_TOP; t++) {
		size_t best = nw;

		for (size_t k = 0; k < nw; k++)
			if (!used[k] && f->count[k] > 0 &&
			    (best == nw || f->count[k] > f->count[best]))
				best = k;
		if (best == nw)
			break;
		used[best] = true;
		f->top[f->n_top++] = best;
	}
	for (size_t k = 0; k < nw; k++) {
		f->early_share[k] =
		    f->early_named ? (double)f->early_count[k] / (double)f->early_named : 0.0;
		f->recent_share[k] =
		    f->recent_named ? (double)f->recent_count[k] / (double)f->recent_named : 0.0;
	}
	f->change_known = f->early_named >= EBB_INSIGHTS_FEELINGS_MIN &&
	                  f->recent_named >= EBB_INSIGHTS_FEELINGS_MIN;
	if (f->change_known)
		biggest_changes(f->early_share, f->recent_share, nw, &f->rose, &f->eased);
}

static void tally_finish(struct ebb_insights_tally *t)
{
	t->let_pass = t->felt - t->acted;
	t->share = t->felt ? (double)t->let_pass / (double)t->felt : NAN;
	t->has_interval = t->felt >= EBB_INSIGHTS_MIN_URGES;
	t->lo = t->hi = NAN;
	if (t->has_interval)
		ebb_wilson(t->let_pass, t->felt, &t->lo, &t->hi);
}

static bool urge_acted(const struct ebb_insights_urge *u)
{
	return u->did >= 0 && ebb_urge_acted(ebb_urge_did[u->did].name);
}

static enum ebb_status urges(struct ebb_insights *ins, const struct ebb_insights_input *in,
                             struct ebb_error *err)
{
	struct ebb_insights_urges *u = &ins->urges;
	int64_t first = INT64_MAX, last = INT64_MIN, first_monday, today_monday;
	double *t = NULL, *felt = NULL, *acted = NULL;
	enum ebb_status rc = EBB_OK;
	size_t nw;

	today_monday = ebb_insights_week_start(in->today);
	u->recent_from = today_monday - 7 * (EBB_INSIGHTS_RECENT_WEEKS - 1);
	for (size_t i = 0; i < in->n_urges; i++) {
		const struct ebb_insights_urge *x = &in->urges[i];
		bool a = urge_acted(x);

		u->all.felt++;
		u->all.acted += a;
		if (x->day >= u->recent_from && x->day <= in->today) {
			u->recent.felt++;
			u->recent.acted += a;
		}
		if (x->did < 0)
			u->did_unsaid++;
		else if (x->did < EBB_INSIGHTS_MAX_DID)
			u->did[x->did]++;
		if (x->day < first)
			first = x->day;
		if (x->day > last)
			last = x->day;
	}
	tally_finish(&u->all);
	tally_finish(&u->recent);
	if (in->n_urges == 0)
		return EBB_OK;

	/* the weeks: from the first urge's to the latest urge or check-in */
	for (size_t i = 0; i < in->n_checkins; i++)
		if (in->checkins[i].day > last)
			last = in->checkins[i].day;
	first_monday = ebb_insights_week_start(first);
	nw = (size_t)((ebb_insights_week_start(last) - first_monday) / 7) + 1;
	u->weeks = calloc(nw, sizeof(*u->weeks));
	if (u->weeks == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory counting urges");
	u->n_weeks = nw;
	for (size_t w = 0; w < nw; w++)
		u->weeks[w].monday = first_monday + 7 * (int64_t)w;
	for (size_t i = 0; i < in->n_urges; i++) {
		size_t w = (size_t)((ebb_insights_week_start(in->urges[i].day) - first_monday) / 7);

		u->weeks[w].felt++;
		u->weeks[w].acted += urge_acted(&in->urges[i]);
	}

	/* the trend of finished weeks, as data */
	while (u->trend_weeks < nw && u->weeks[u->trend_weeks].monday < today_monday)
		u->trend_weeks++;
	if (u->trend_weeks < 3)
		return EBB_OK;
	t = malloc(u->trend_weeks * sizeof(*t));
	felt = malloc(u->trend_weeks * sizeof(*felt));
	acted = malloc(u->trend_weeks * sizeof(*acted));
	if (t == NULL || felt == NULL || acted == NULL) {
		rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory counting urges");
		goto done;
	}
	for (size_t w = 0; w < u->trend_weeks; w++) {
		t[w] = (double)(u->weeks[w].monday - first_monday) + 3.5;
		felt[w] = (double)u->weeks[w].felt;
		acted[w] = (double)u->weeks[w].acted;
	}
	rc = ebb_waves_trend(&u->felt_trend, t, felt, u->trend_weeks, CONF, err);
	if (rc == EBB_OK)
		rc = ebb_waves_trend(&u->acted_trend, t, acted, u->trend_weeks, CONF, err);
done:
	free(t);
	free(felt);
	free(acted);
	return rc;
}

static void contacts(struct ebb_insights *ins, const struct ebb_insights_input *in)
{
	struct ebb_insights_contacts *c = &ins->contact;
	const struct ebb_insights_contact *last = NULL;

	c->last_by = EBB_INSIGHTS_BY_UNKNOWN;
	for (size_t i = 0; i < in->n_contacts; i++) {
		const struct ebb_insights_contact *x = &in->contacts[i];

		c->count++;
		c->by_me += x->by == EBB_INSIGHTS_BY_ME;
		c->by_them += x->by == EBB_INSIGHTS_BY_THEM;
		if (x->day > in->today)
			continue;
		if (last == NULL || x->day > last->day ||
		    (x->day == last->day && x->at >= last->at))
			last = x;
	}
	if (last == NULL)
		return;
	c->any = true;
	c->last_day = last->day;
	c->days_since = in->today - last->day;
	c->last_by = last->by;
}

/* A rating in its week, for sorting. */
struct rated {
	int64_t monday;
	double value;
};

static int cmp_rated(const void *a, const void *b)
{
	const struct rated *x = a, *y = b;

	return (x->monday > y->monday) - (x->monday < y->monday);
}

static enum ebb_sign_verdict sign_verdict(enum ebb_verdict v)
{
	switch (v) {
	case EBB_VERDICT_SMALLER:
		return EBB_SIGN_DIPPED;
	case EBB_VERDICT_BIGGER:
		return EBB_SIGN_STRONGER;
	case EBB_VERDICT_NO_CLEAR_CHANGE:
		return EBB_SIGN_NO_CLEAR_CHANGE;
	default:
		return EBB_SIGN_TOO_EARLY;
	}
}

static enum ebb_status signs(struct ebb_insights *ins, const struct ebb_insights_input *in,
                             struct ebb_error *err)
{
	size_t n = in->n_signs;
	struct rated *r;
	double *vals = NULL, *t = NULL, *y = NULL;
	int64_t origin = INT64_MAX;
	enum ebb_status rc = EBB_OK;

	if (n == 0)
		return EBB_OK;
	r = malloc(n * sizeof(*r));
	vals = malloc(n * sizeof(*vals));
	t = malloc(n * sizeof(*t));
	y = malloc(n * sizeof(*y));
	if (!r || !vals || !t || !y) {
		rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory reading signs");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		int64_t m = ebb_insights_week_start(in->signs[i].day);

		if (m < origin)
			origin = m;
	}
	for (size_t s = 0; s < EBB_INSIGHTS_SIGNS && rc == EBB_OK; s++) {
		struct ebb_insights_sign *sg = &ins->signs[s];
		size_t k = 0, weeks = 0;

		for (size_t i = 0; i < n; i++) {
			if (isnan(in->signs[i].ratings[s]))
				continue;
			r[k].monday = ebb_insights_week_start(in->signs[i].day);
			r[k].value = in->signs[i].ratings[s];
			k++;
		}
		if (k == 0)
			continue;
		qsort(r, k, sizeof(*r), cmp_rated);
		for (size_t i = 0; i < k; i++) {
			vals[i] = r[i].value;
			weeks += i == 0 || r[i].monday != r[i - 1].monday;
		}
		sg->weeks = malloc(weeks * sizeof(*sg->weeks));
		if (sg->weeks == NULL) {
			rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory reading signs");
			break;
		}
		for (size_t i = 0; i < k;) {
			size_t j = i;

			while (j < k && r[j].monday == r[i].monday)
				j++;
			sg->weeks[sg->n_weeks].monday = r[i].monday;
			sg->weeks[sg->n_weeks].median = ebb_median(vals + i, j - i);
			sg->weeks[sg->n_weeks].ratings = j - i;
			if (isnan(sg->weeks[sg->n_weeks].median)) {
				rc = ebb_error_set(err, EBB_ERR_NOMEM,
				                   "out of memory reading signs");
				break;
			}
			t[sg->n_weeks] = (double)(r[i].monday - origin) + 3.5;
			y[sg->n_weeks] = sg->weeks[sg->n_weeks].median;
			sg->n_weeks++;
			i = j;
		}
		if (rc != EBB_OK)
			break;
		sg->solid = sg->n_weeks >= EBB_WAVES_SOLID;
		if (sg->n_weeks >= EBB_WAVES_MIN_TREND) {
			rc = ebb_waves_trend(&sg->trend, t, y, sg->n_weeks, CONF, err);
			if (rc != EBB_OK)
				break;
		}
		sg->verdict = sign_verdict(ebb_waves_baseline_verdict(sg->n_weeks, &sg->trend));
	}
done:
	free(r);
	free(vals);
	free(t);
	free(y);
	return rc;
}

/* Waves against hard dates, over the smoothed line's days when there is one. */
static enum ebb_status cluster(struct ebb_insights *ins, const struct ebb_insights_input *in,
                               const struct ebb_waves_result *w, struct ebb_error *err)
{
	const int window = EBB_INSIGHTS_NEAR_DAYS;
	struct ebb_insights_occurrence *occ = NULL;
	int64_t first = INT64_MAX, last = INT64_MIN, *peaks = NULL;
	const double *line = NULL;
	size_t n_occ = 0;
	enum ebb_status rc;

	ins->cluster.window = window;
	if (w->n_waves > 0 && w->waves == NULL)
		return ebb_error_set(err, EBB_ERR_INVALID, "invalid waves");
	if (w->n_grid > 0 && w->smooth != NULL && w->n_days > 0 && w->day != NULL) {
		first = w->day[0];
		last = first + (int64_t)w->n_grid - 1;
		line = w->smooth;
	} else {
		for (size_t i = 0; i < in->n_checkins; i++) {
			if (in->checkins[i].day < first)
				first = in->checkins[i].day;
			if (in->checkins[i].day > last)
				last = in->checkins[i].day;
		}
		for (size_t i = 0; i < w->n_waves; i++) {
			if (w->waves[i].day < first)
				first = w->waves[i].day;
			if (w->waves[i].day > last)
				last = w->waves[i].day;
		}
	}
	if (first > last) {
		/* no check-ins and no waves: nothing to compare, honestly zero */
		ins->cluster.computed = true;
		return EBB_OK;
	}
	if (!day_ok(first) || !day_ok(last) || last - first > EBB_INSIGHTS_MAX_SPAN)
		return ebb_error_set(err, EBB_ERR_INVALID, "the waves span too many days");
	if (w->n_waves > 0) {
		peaks = malloc(w->n_waves * sizeof(*peaks));
		if (peaks == NULL)
			return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory comparing waves");
		for (size_t i = 0; i < w->n_waves; i++)
			peaks[i] = w->waves[i].day;
	}
	rc = ebb_insights_occurrences(in->dates, in->n_dates, first - window, last + window, &occ,
	                              &n_occ, err);
	if (rc == EBB_OK)
		rc = ebb_insights_cluster(&ins->cluster, peaks, w->n_waves, occ, n_occ, first, last,
		                          line, window, err);
	free(peaks);
	free(occ);
	return rc;
}

enum ebb_status ebb_insights_analyse(struct ebb_insights *ins, const struct ebb_insights_input *in,
                                     const struct ebb_waves_result *waves, struct ebb_error *err)
{
	size_t nw = ebb_word_count(ebb_feelings);
	enum ebb_status rc;

	ebb_insights_release(ins);
	if (nw > EBB_INSIGHTS_MAX_FEELINGS || ebb_word_count(ebb_urge_did) > EBB_INSIGHTS_MAX_DID ||
	    ebb_word_count(ebb_facets) != EBB_INSIGHTS_FACETS ||
	    ebb_word_count(ebb_signs) != EBB_INSIGHTS_SIGNS)
		return ebb_error_set(err, EBB_ERR_INTERNAL, "the word lists outgrew the insights");
	rc = check_input(in, nw, err);
	if (rc != EBB_OK)
		return rc;
	ins->today = in->today;
	ins->n_dates = in->n_dates;
	rc = history(ins, in, err);
	if (rc == EBB_OK)
		rc = facets(ins, in, err);
	if (rc == EBB_OK) {
		feelings(ins, in, nw);
		rc = urges(ins, in, err);
	}
	if (rc == EBB_OK) {
		contacts(ins, in);
		rc = signs(ins, in, err);
	}
	if (rc == EBB_OK && ins->has_history)
		rc = ebb_insights_occurrences(in->dates, in->n_dates, ins->first_day, ins->last_day,
		                              &ins->occurrences, &ins->n_occurrences, err);
	if (rc == EBB_OK && waves != NULL)
		rc = cluster(ins, in, waves, err);
	if (rc != EBB_OK)
		ebb_insights_release(ins);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* The sentences                                                           */

/* A share 0..1 as whole percent. */
static int percent(double share)
{
	if (!(share > 0.0))
		return 0;
	if (share >= 1.0)
		return 100;
	return (int)llround(share * 100.0);
}

/* true for "0", "0.0", "0.00". */
static bool rounds_to_zero(const char *s)
{
	return strspn(s, "0.") == strlen(s);
}

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* "March 2026", "January to March 2026", "November 2025 to January 2026". */
static void month_range(struct ebb_say *s, const struct ebb_insights_month *a,
                        const struct ebb_insights_month *b)
{
	if (a->year == b->year && a->month == b->month)
		ebb_say(s, "%s %d", month_names[a->month - 1], a->year);
	else if (a->year == b->year)
		ebb_say(s, "%s to %s %d", month_names[a->month - 1], month_names[b->month - 1],
		        b->year);
	else
		ebb_say(s, "%s %d to %s %d", month_names[a->month - 1], a->year,
		        month_names[b->month - 1], b->year);
}

size_t ebb_insights_say_facets(char *buf, size_t size, const struct ebb_insights *ins)
{
	const struct ebb_insights_facet_shift *f = &ins->facets;
	struct ebb_say s;

	ebb_say_init(&s, buf, size);
	if (!f->known || ins->months == NULL) {
		ebb_say(
		    &s,
		    "Too early to tell how the mix of what you're grieving is shifting: that needs "
		    "check-ins that name it in at least 2 different months, with at least %d named "
		    "at each end.",
		    EBB_INSIGHTS_SHIFT_MIN);
		return s.len;
	}
	ebb_say(&s, "Compared with ");
	month_range(&s, &ins->months[f->early_first], &ins->months[f->early_last]);
	if (f->grew < 0 && f->faded < 0) {
		ebb_say(&s, ", the mix of what you named as grieving in ");
		month_range(&s, &ins->months[f->late_first], &ins->months[f->late_last]);
		ebb_say(&s, " was about the same.");
		return s.len;
	}
	ebb_say(&s, ", in ");
	month_range(&s, &ins->months[f->late_first], &ins->months[f->late_last]);
	if (f->grew >= 0)
		ebb_say(&s, " \"%s\" made up more of what you named (%d%%, up from %d%%)",
		        ebb_facets[f->grew].label, percent(f->late[f->grew]),
		        percent(f->early[f->grew]));
	if (f->grew >= 0 && f->faded >= 0)
		ebb_say(&s, " and \"%s\" less (%d%%, down from %d%%)", ebb_facets[f->faded].label,
		        percent(f->late[f->faded]), percent(f->early[f->faded]));
	else if (f->faded >= 0)
		ebb_say(&s, " \"%s\" made up less of what you named (%d%%, down from %d%%)",
		        ebb_facets[f->faded].label, percent(f->late[f->faded]),
		        percent(f->early[f->faded]));
	ebb_say(&s, ".");
	return s.len;
}

/* "sadness (24 times)" */
static void feeling_count(struct ebb_say *s, size_t k, size_t n)
{
	if (n == 1)
		ebb_say(s, "%s (once)", ebb_feelings[k].label);
	else
		ebb_say(s, "%s (%zu times)", ebb_feelings[k].label, n);
}

size_t ebb_insights_say_feelings(char *buf, size_t size, const struct ebb_insights *ins)
{
	const struct ebb_insights_feelings *f = &ins->feelings;
	struct ebb_say s;

	ebb_say_init(&s, buf, size);
	if (f->n_top == 0) {
		ebb_say(&s, "No feelings named yet; a check-in can name one or more.");
		return s.len;
	}
	ebb_say(&s, f->n_top == 1 ? "The feeling you named most often: "
	                          : "The feelings you named most often: ");
	for (size_t i = 0; i < f->n_top; i++) {
		if (i > 0)
			ebb_say(&s, i + 1 == f->n_top ? " and " : ", ");
		feeling_count(&s, f->top[i], f->count[f->top[i]]);
	}
	ebb_say(&s, ".");
	return s.len;
}

size_t ebb_insights_say_feelings_change(char *buf, size_t size, const struct ebb_insights *ins)
{
	const struct ebb_insights_feelings *f = &ins->feelings;
	struct ebb_say s;

	ebb_say_init(&s, buf, size);
	if (!f->change_known) {
		ebb_say(
		    &s,
		    "Too early to tell how your feelings are shifting: that needs at least %d "
		    "check-ins naming a feeling in the last %d days and %d before (so far %zu and "
		    "%zu).",
		    EBB_INSIGHTS_FEELINGS_MIN, EBB_INSIGHTS_RECENT_DAYS, EBB_INSIGHTS_FEELINGS_MIN,
		    f->recent_named, f->early_named);
		return s.len;
	}
	if (f->rose < 0 && f->eased < 0) {
		ebb_say(&s,
		        "In the last %d days, the feelings you named came up about as often as "
		        "before.",
		        EBB_INSIGHTS_RECENT_DAYS);
		return s.len;
	}
	ebb_say(&s, "In the last %d days, ", EBB_INSIGHTS_RECENT_DAYS);
	if (f->rose >= 0)
		ebb_say(
		    &s,
		    "%s came up in %d%% of the check-ins that named a feeling, up from %d%% before",
		    ebb_feelings[f->rose].label, percent(f->recent_share[f->rose]),
		    percent(f->early_share[f->rose]));
	if (f->rose >= 0 && f->eased >= 0)
		ebb_say(&s, "; %s in %d%%, down from %d%%", ebb_feelings[f->eased].label,
		        percent(f->recent_share[f->eased]), percent(f->early_share[f->eased]));
	else if (f->eased >= 0)
		ebb_say(&s,
		        "%s came up in %d%% of the check-ins that named a feeling, down from %d%% "
		        "before",
		        ebb_feelings[f->eased].label, percent(f->recent_share[f->eased]),
		        percent(f->early_share[f->eased]));
	ebb_say(&s, ".");
	return s.len;
}

/* The tally in words, after a lead such as "You noted" or "In the last 4
 * weeks, you noted". */
static void tally(struct ebb_say *s, const struct ebb_insights_tally *t, const char *lead)
{
	if (t->felt == 1)
		ebb_say(s, "%s 1 urge and %s.", lead, t->acted ? "acted on it" : "let it pass");
	else if (t->acted == 0)
		ebb_say(s, "%s %zu urges and let all %zu pass.", lead, t->felt, t->felt);
	else if (t->let_pass == 0)
		ebb_say(s, "%s %zu urges and acted on all %zu.", lead, t->felt, t->felt);
	else
		ebb_say(s, "%s %zu urges: you let %zu pass and acted on %zu.", lead, t->felt,
		        t->let_pass, t->acted);
	if (t->has_interval) {
		ebb_say(s, " That is %d%% let pass (likely between %d%% and %d%%).",
		        percent(t->share), percent(t->lo), percent(t->hi));
	} else {
		ebb_say(s, " Too early to tell a share: that needs at least %d urges.",
		        EBB_INSIGHTS_MIN_URGES);
	}
}

size_t ebb_insights_say_urges(char *buf, size_t size, const struct ebb_insights *ins)
{
	struct ebb_say s;

	ebb_say_init(&s, buf, size);
	if (ins->urges.all.felt == 0)
		ebb_say(&s, "No urges noted yet.");
	else
		tally(&s, &ins->urges.all, "You noted");
	return s.len;
}

size_t ebb_insights_say_urges_recent(char *buf, size_t size, const struct ebb_insights *ins)
{
	struct ebb_say s;

	char lead[64];

	ebb_say_init(&s, buf, size);
	snprintf(lead, sizeof(lead), "In the last %d weeks, you noted", EBB_INSIGHTS_RECENT_WEEKS);
	if (ins->urges.recent.felt == 0)
		ebb_say(&s, "No urges noted in the last %d weeks.", EBB_INSIGHTS_RECENT_WEEKS);
	else
		tally(&s, &ins->urges.recent, lead);
	return s.len;
}

size_t ebb_insights_say_contact(char *buf, size_t size, const struct ebb_insights *ins)
{
	const struct ebb_insights_contacts *c = &ins->contact;
	struct ebb_say s;

	ebb_say_init(&s, buf, size);
	if (!c->any) {
		ebb_say(&s, c->count ? "No contact recorded up to today." : "No contact recorded.");
		return s.len;
	}
	if (c->days_since == 0)
		ebb_say(&s, "Your last contact was today");
	else if (c->days_since == 1)
		ebb_say(&s, "Your last contact was yesterday");
	else
		ebb_say(&s, "Your last contact was %lld days ago", (long long)c->days_since);
	if (c->last_by == EBB_INSIGHTS_BY_ME)
		ebb_say(&s, "; you reached out");
	else if (c->last_by == EBB_INSIGHTS_BY_THEM)
		ebb_say(&s, "; they reached out");
	ebb_say(&s, ".");
	return s.len;
}

/* A sign's change in points a month with its range, for its sentence. */
static void sign_rate(struct ebb_say *s, const struct ebb_theilsen *ts)
{
	double b30 = ts->slope * 30.0, lo30 = ts->lo * 30.0, hi30 = ts->hi * 30.0;
	int decimals = fabs(b30) < 0.05 ? 2 : 1;
	char b[32], lo[32], hi[32];
	bool level;

	if (!isfinite(b30))
		return;
	ebb_say_fixed(b, b30, decimals);
	ebb_say_fixed(lo, lo30, decimals);
	ebb_say_fixed(hi, hi30, decimals);
	level = rounds_to_zero(b);
	if (level)
		ebb_say(s, " (about level on the 0 to 4 scale");
	else
		ebb_say(s, " (%s about %s points a month on the 0 to 4 scale",
		        b30 > 0 ? "up" : "down", b);
	if (isnan(lo30) || isnan(hi30)) {
		/* heavy ties left Sen's range unknown: no range to give */
	} else if (rounds_to_zero(lo) && rounds_to_zero(hi)) {
		ebb_say(s, ", likely by less than 0.01 points a month either way");
	} else if (lo30 >= 0.0 && hi30 > 0.0) {
		/* the direction was said already unless the rate rounded to level */
		ebb_say(s, ", likely between %s and %s%s", lo, hi, level ? " up" : "");
	} else if (hi30 <= 0.0 && lo30 < 0.0) {
		ebb_say(s, ", likely between %s and %s%s", hi, lo, level ? " down" : "");
	} else {
		ebb_say(s, ", likely anywhere from %s down to %s up", lo, hi);
	}
	ebb_say(s, ")");
}

size_t ebb_insights_say_sign(char *buf, size_t size, const struct ebb_insights *ins, size_t i)
{
	const struct ebb_insights_sign *sg;
	struct ebb_say s;

	ebb_say_init(&s, buf, size);
	if (i >= EBB_INSIGHTS_SIGNS)
		return 0;
	sg = &ins->signs[i];
	ebb_say(&s, "\"%s\": ", ebb_signs[i].label);
	if (sg->verdict == EBB_SIGN_TOO_EARLY || !sg->trend.valid) {
		if (sg->n_weeks == 0)
			ebb_say(&s,
			        "too early to tell: not rated yet; a trend needs ratings in at "
			        "least %d weeks.",
			        EBB_WAVES_MIN_TREND);
		else
			ebb_say(
			    &s,
			    "too early to tell: rated in %zu %s so far; a trend needs at least %d.",
			    sg->n_weeks, sg->n_weeks == 1 ? "week" : "weeks", EBB_WAVES_MIN_TREND);
		return s.len;
	}
	switch (sg->verdict) {
	case EBB_SIGN_STRONGER:
		ebb_say(&s, "getting stronger: even the cautious end of the range is upward");
		break;
	case EBB_SIGN_DIPPED:
		ebb_say(&s, "lower lately: your recent ratings have been lower than earlier ones");
		break;
	default:
		ebb_say(&s, "no clear change yet");
		break;
	}
	sign_rate(&s, &sg->trend.ts);
	ebb_say(&s, ".");
	if (sg->verdict == EBB_SIGN_DIPPED)
		ebb_say(&s,
		        " That can happen when life gets heavier for a while, and it says nothing "
		        "about you.");
	if (!sg->solid)
		ebb_say(&s, " This rests on %zu weeks of ratings, so it is an early reading.",
		        sg->n_weeks);
	return s.len;
}

size_t ebb_insights_say_cluster(char *buf, size_t size, const struct ebb_insights *ins)
{
	const struct ebb_insights_cluster *c = &ins->cluster;
	const char *days = c->window == 1 ? "day" : "days";
	char e[32];
	struct ebb_say s;

	ebb_say_init(&s, buf, size);
	if (!c->computed)
		return 0;
	if (ins->n_dates == 0) {
		ebb_say(&s,
		        "No hard dates added yet, so there is nothing to compare your waves with.");
		return s.len;
	}
	if (c->n_waves == 0) {
		ebb_say(&s,
		        "No waves found yet, so there is nothing to compare with your hard dates.");
		return s.len;
	}
	if (c->near_days == 0) {
		ebb_say(&s,
		        "None of your hard dates came round during the days your check-ins cover, "
		        "so there is nothing to compare yet.");
		return s.len;
	}
	if (c->n_waves == 1) {
		ebb_say(
		    &s,
		    "Your one wave %s within %d %s of a hard date. A wave on a day picked at "
		    "random across your check-ins would land that close about %d%% of the time.",
		    c->near ? "peaked" : "did not peak", c->window, days, percent(c->expected));
		return s.len;
	}
	ebb_say_fixed(e, c->expected, c->expected < 0.1 ? 2 : 1);
	if (c->near == 0)
		ebb_say(&s, "None of your %zu waves", c->n_waves);
	else
		ebb_say(&s, "%zu of your %zu waves", c->near, c->n_waves);
	ebb_say(
	    &s,
	    " peaked within %d %s of a hard date. If the same %zu waves had fallen on days picked "
	    "at random across your check-ins, about %s would have, on average.",
	    c->window, days, c->n_waves, e);
	return s.len;
}
