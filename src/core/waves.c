/*
 * waves.c — the waves analysis behind waves.h.
 *
 * A line-by-line port of tests/data/waves/ref_impl.py (docs/WAVES.md §2):
 * the loops, the order of the sums and the tie rules are the reference's,
 * so results agree with SciPy to rounding. The trend statistics live in
 * stats.c; this file only feeds them.
 *
 * Numbers in sentences are written with snprintf("%.1f"): ebb never calls
 * setlocale, so the C library stays in the "C" locale and the decimal
 * separator is always '.', whatever the person's LANG says.
 */
#include "waves.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "say.h"

#define SECONDS_PER_DAY 86400

void ebb_waves_params_init(struct ebb_waves_params *p)
{
	memset(p, 0, sizeof(*p));
	p->half_life = 3.0;
	p->sigma = 2.0;
	p->cutoff = 6;
	p->min_support = 0.5;
	p->prominence = 1.0;
	p->distance = 5.0;
	p->wlen = 29.0;
	p->rel_height = 0.5;
	p->step_band = 0.5;
	p->week_min_days = EBB_WAVES_WEEK_MIN_DAYS;
	p->conf = 0.95;
	p->has_origin = false;
	p->origin = 0;
}

/* ---------------------------------------------------------------------- */
/* (a) The daily series                                                    */

/* floor(a / b) for b > 0. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && a < 0)
		q--;
	return q;
}

int64_t ebb_waves_local_day(int64_t at, int32_t offset)
{
	int64_t q = at / SECONDS_PER_DAY, rem = at % SECONDS_PER_DAY;

	if (rem < 0) {
		rem += SECONDS_PER_DAY; /* now 0 .. 86399 */
		q--;
	}

	/* rem + offset cannot overflow: |offset| < 2^31 */
	return q + floor_div(rem + offset, SECONDS_PER_DAY);
}

void ebb_waves_ewma(const int64_t *day, const double *y, size_t n, double half_life, double *out)
{
	double s = 0.0;

	for (size_t k = 0; k < n; k++) {
		if (k == 0) {
			s = y[0];
		} else {
			double a = 1.0 - pow(2.0, -(double)(day[k] - day[k - 1]) / half_life);

			s = s + a * (y[k] - s);
		}
		out[k] = s;
	}
}

void ebb_waves_smooth(const int64_t *day, const double *y, size_t n, double sigma, int cutoff,
                      double min_support, double *out, double *support)
{
	size_t lo = 0; /* first day not more than cutoff days before g */
	int64_t len = day[n - 1] - day[0] + 1;

	for (int64_t gi = 0; gi < len; gi++) {
		int64_t g = day[0] + gi;
		double num = 0.0, den = 0.0;

		while (lo < n && day[lo] - g < -(int64_t)cutoff)
			lo++;
		/* the days within the window, in increasing order as the reference sums them */
		for (size_t i = lo; i < n && day[i] - g <= cutoff; i++) {
			double q = (double)(day[i] - g) / sigma;
			double w = exp(-0.5 * (q * q));

			num += w * y[i];
			den += w;
		}
		if (support)
			support[gi] = den;
		out[gi] = den >= min_support ? num / den : NAN;
	}
}

size_t ebb_waves_segments(const double *s, size_t n, struct ebb_waves_span *out)
{
	size_t count = 0, i = 0;

	while (i < n) {
		size_t j;

		if (isnan(s[i])) {
			i++;
			continue;
		}
		j = i;
		while (j < n && !isnan(s[j]))
			j++;
		out[count].begin = i;
		out[count].end = j;
		count++;
		i = j;
	}
	return count;
}

/* ---------------------------------------------------------------------- */
/* (b) Peaks                                                               */

/*
 * Local maxima, plateau-aware: the middle (rounded down) of each run of
 * equal samples with a strictly smaller sample on both sides. peaks holds
 * at least n / 2. Returns how many.
 */
static size_t local_maxima(const double *x, size_t n, size_t *peaks)
{
	size_t count = 0, i = 1;

	if (n < 3)
		return 0;
	while (i < n - 1) {
		if (x[i - 1] < x[i]) {
			size_t ahead = i + 1;

			while (ahead < n - 1 && x[ahead] == x[i])
				ahead++;
			if (x[ahead] < x[i]) {
				peaks[count++] = (i + ahead - 1) / 2;
				i = ahead;
			}
		}
		i++;
	}
	return count;
}

struct by_height {
	double h;
	size_t k;
};

/* Increasing height, then increasing position: visited from the end, the
 * highest peak comes first and of equal heights the later one. */
static int cmp_by_height(const void *a, const void *b)
{
	const struct by_height *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return (x->k > y->k) - (x->k < y->k);
}

/* Drops peaks closer than ceil(distance) to a higher (or equal, later) one. */
static enum ebb_status select_by_distance(const double *x, size_t *peaks, size_t *count,
                                          double distance, struct ebb_error *err)
{
	size_t n = *count, d = (size_t)ceil(distance), kept = 0;
	struct by_height *order;
	bool *keep;

	if (n == 0)
		return EBB_OK;
	order = calloc(n, sizeof(*order));
	keep = calloc(n, sizeof(*keep));
	if (order == NULL || keep == NULL) {
		free(order);
		free(keep);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory finding waves");
	}
	for (size_t k = 0; k < n; k++) {
		order[k].h = x[peaks[k]];
		order[k].k = k;
		keep[k] = true;
	}
	qsort(order, n, sizeof(*order), cmp_by_height);
	for (size_t o = n; o-- > 0;) {
		size_t j = order[o].k;

		if (!keep[j])
			continue;
		for (size_t k = j; k-- > 0 && peaks[j] - peaks[k] < d;)
			keep[k] = false;
		for (size_t k = j + 1; k < n && peaks[k] - peaks[j] < d; k++)
			keep[k] = false;
	}
	for (size_t k = 0; k < n; k++)
		if (keep[k])
			peaks[kept++] = peaks[k];
	*count = kept;
	free(order);
	free(keep);
	return EBB_OK;
}

/* SciPy's _peak_prominences for one peak p, within window w (< 2: none). */
static void prominence(const double *x, size_t n, size_t p, long long w, struct ebb_peak *out)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, i, pp = (ptrdiff_t)p;
	size_t left, right;
	double left_min, right_min;

	if (w >= 2) {
		ptrdiff_t half = (ptrdiff_t)(w / 2);

		if (pp - half > lo)
			lo = pp - half;
		if (pp + half < hi)
			hi = pp + half;
	}
	i = pp;
	left = p;
	left_min = x[p];
	while (i >= lo && x[i] <= x[p]) {
		if (x[i] < left_min) {
			left_min = x[i];
			left = (size_t)i;
		}
		i--;
	}
	i = pp;
	right = p;
	right_min = x[p];
	while (i <= hi && x[i] <= x[p]) {
		if (x[i] < right_min) {
			right_min = x[i];
			right = (size_t)i;
		}
		i++;
	}
	out->index = p;
	out->prominence = x[p] - (left_min > right_min ? left_min : right_min);
	out->left_base = left;
	out->right_base = right;
}

/* SciPy's _peak_widths for one peak with its prominence data. */
static void width(const double *x, struct ebb_peak *pk, double rel_height)
{
	size_t p = pk->index, i;
	double h = x[p] - pk->prominence * rel_height, left_ip, right_ip;

	i = p;
	while (pk->left_base < i && h < x[i])
		i--;
	left_ip = (double)i;
	if (x[i] < h && x[i + 1] != x[i])
		left_ip += (h - x[i]) / (x[i + 1] - x[i]);
	i = p;
	while (i < pk->right_base && h < x[i])
		i++;
	right_ip = (double)i;
	if (x[i] < h && x[i - 1] != x[i])
		right_ip -= (h - x[i]) / (x[i - 1] - x[i]);
	pk->width = right_ip - left_ip;
	pk->width_height = h;
	pk->left_ip = left_ip;
	pk->right_ip = right_ip;
}

enum ebb_status ebb_find_peaks(const double *x, size_t n, const struct ebb_peak_options *opt,
                               struct ebb_peak *out, size_t cap, size_t *count,
                               struct ebb_error *err)
{
	enum ebb_status rc = EBB_OK;
	size_t *peaks = NULL, m, kept = 0;
	long long w = -1;

	*count = 0;
	if (opt == NULL || !(opt->prominence >= 0.0) || !isfinite(opt->prominence) ||
	    !(opt->distance == 0.0 || opt->distance >= 1.0) || !isfinite(opt->distance) ||
	    !(opt->wlen == 0.0 || opt->wlen > 1.0) || !isfinite(opt->wlen) ||
	    !(opt->rel_height >= 0.0) || !isfinite(opt->rel_height))
		return ebb_error_set(err, EBB_ERR_INVALID, "invalid options for finding peaks");
	if (opt->distance > (double)SIZE_MAX / 2 || opt->wlen > (double)(1LL << 53))
		return ebb_error_set(err, EBB_ERR_INVALID, "invalid options for finding peaks");
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return ebb_error_set(err, EBB_ERR_INVALID,
			                     "sample %zu of the series is not a finite number", i);
	if (n < 3)
		return EBB_OK;
	peaks = malloc((n / 2) * sizeof(*peaks));
	if (peaks == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory finding waves");
	m = local_maxima(x, n, peaks);
	if (opt->distance > 1.0) {
		rc = select_by_distance(x, peaks, &m, opt->distance, err);
		if (rc != EBB_OK)
			goto done;
	}
	if (opt->wlen > 0.0)
		w = (long long)ceil(opt->wlen);
	for (size_t k = 0; k < m; k++) {
		struct ebb_peak pk;

		memset(&pk, 0, sizeof(pk));
		prominence(x, n, peaks[k], w, &pk);
		if (!(pk.prominence >= opt->prominence))
			continue;
		if (kept == cap) {
			rc = ebb_error_set(err, EBB_ERR_INVALID, "more peaks than the %zu expected",
			                   cap);
			goto done;
		}
		width(x, &pk, opt->rel_height);
		out[kept++] = pk;
	}
	*count = kept;
done:
	free(peaks);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* (c) Steps, weeks, trends, verdicts                                      */

void ebb_waves_steps(const double *h, size_t n, double band, struct ebb_wave_step *out,
                     size_t *lower, size_t *higher, size_t *same)
{
	size_t lo = 0, hi = 0, eq = 0;

	for (size_t k = 0; k + 1 < n; k++) {
		double d = h[k + 1] - h[k];
		enum ebb_step kind = EBB_STEP_SAME;

		if (d <= -band) {
			kind = EBB_STEP_LOWER;
			lo++;
		} else if (d >= band) {
			kind = EBB_STEP_HIGHER;
			hi++;
		} else {
			eq++;
		}
		if (out) {
			out[k].diff = d;
			out[k].kind = kind;
		}
	}
	if (lower)
		*lower = lo;
	if (higher)
		*higher = hi;
	if (same)
		*same = eq;
}

size_t ebb_waves_weekly(const int64_t *day, const double *mean, size_t n, int64_t origin,
                        size_t min_days, struct ebb_week *out)
{
	size_t count = 0, i = 0;

	while (i < n) {
		int64_t wk = floor_div(day[i] - origin, 7);
		size_t j = i;

		while (j < n && floor_div(day[j] - origin, 7) == wk)
			j++;
		if (j - i >= min_days && j > i) {
			out[count].week = wk;
			out[count].t = 7.0 * (double)wk + 3.5;
			out[count].median = ebb_median(mean + i, j - i);
			out[count].days = j - i;
			count++;
		}
		i = j;
	}
	return count;
}

enum ebb_status ebb_waves_trend(struct ebb_waves_trend *out, const double *t, const double *y,
                                size_t n, double conf, struct ebb_error *err)
{
	enum ebb_status rc;

	memset(out, 0, sizeof(*out));
	out->n = n;
	if (n < 3)
		return EBB_OK;
	rc = ebb_theilsen(&out->ts, t, y, n, conf, err);
	if (rc == EBB_OK)
		rc = ebb_mann_kendall(&out->mk, t, y, n, err);
	out->valid = rc == EBB_OK;
	return rc;
}

/* The interval part of the rule, for a trend on enough points. */
static enum ebb_verdict by_interval(const struct ebb_waves_trend *tr)
{
	if (tr == NULL || !tr->valid)
		return EBB_VERDICT_NO_CLEAR_CHANGE;
	if (tr->ts.hi < 0.0)
		return EBB_VERDICT_SMALLER;
	if (tr->ts.lo > 0.0)
		return EBB_VERDICT_BIGGER;
	return EBB_VERDICT_NO_CLEAR_CHANGE;
}

enum ebb_verdict ebb_waves_verdict(size_t n_waves, const struct ebb_waves_trend *tr)
{
	if (n_waves < 3)
		return EBB_VERDICT_NOT_ENOUGH_WAVES;
	if (n_waves < EBB_WAVES_MIN_TREND)
		return EBB_VERDICT_SEQUENCE_ONLY;
	return by_interval(tr);
}

enum ebb_verdict ebb_waves_baseline_verdict(size_t n_weeks, const struct ebb_waves_trend *tr)
{
	if (n_weeks < EBB_WAVES_MIN_TREND)
		return EBB_VERDICT_NOT_ENOUGH_WEEKS;
	return by_interval(tr);
}

const char *ebb_verdict_id(enum ebb_verdict v)
{
	switch (v) {
	case EBB_VERDICT_NOT_ENOUGH_WAVES:
		return "not_enough_waves_yet";
	case EBB_VERDICT_SEQUENCE_ONLY:
		return "too_early_to_call_show_sequence_only";
	case EBB_VERDICT_NOT_ENOUGH_WEEKS:
		return "not_enough_weeks_yet";
	case EBB_VERDICT_NO_CLEAR_CHANGE:
		return "no_clear_change_yet";
	case EBB_VERDICT_SMALLER:
		return "getting_smaller";
	case EBB_VERDICT_BIGGER:
		return "getting_bigger";
	}
	return "unknown";
}

/* ---------------------------------------------------------------------- */
/* The whole analysis                                                      */

void ebb_waves_result_init(struct ebb_waves_result *r)
{
	memset(r, 0, sizeof(*r));
	r->wave_verdict = EBB_VERDICT_NOT_ENOUGH_WAVES;
	r->baseline_verdict = EBB_VERDICT_NOT_ENOUGH_WEEKS;
}

void ebb_waves_result_release(struct ebb_waves_result *r)
{
	if (r == NULL)
		return;
	free(r->day);
	free(r->mean);
	free(r->max);
	free(r->count);
	free(r->ewma);
	free(r->smooth);
	free(r->support);
	free(r->segments);
	free(r->waves);
	free(r->steps);
	free(r->weeks);
	ebb_waves_result_init(r);
}

static enum ebb_status check_params(const struct ebb_waves_params *p, struct ebb_error *err)
{
	if (!(p->half_life > 0.0) || !isfinite(p->half_life) || !(p->sigma > 0.0) ||
	    !isfinite(p->sigma) || p->cutoff < 0 || p->cutoff > EBB_WAVES_MAX_SPAN ||
	    !(p->min_support > 0.0) || !isfinite(p->min_support) || !(p->prominence >= 0.0) ||
	    !isfinite(p->prominence) || !(p->distance == 0.0 || p->distance >= 1.0) ||
	    !(p->distance <= EBB_WAVES_MAX_SPAN) || !(p->wlen == 0.0 || p->wlen > 1.0) ||
	    !(p->wlen <= 2.0 * EBB_WAVES_MAX_SPAN) || !(p->rel_height >= 0.0) ||
	    !(p->rel_height <= 1.0) || !(p->step_band >= 0.0) || !isfinite(p->step_band) ||
	    !(p->conf >= 0.5 && p->conf < 1.0))
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "invalid parameters for the waves analysis");
	return EBB_OK;
}

struct point_ref {
	int64_t day;
	size_t idx;
};

static int cmp_point(const void *a, const void *b)
{
	const struct point_ref *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* (a): the days, their means, maxima and counts, in day order; each day's
 * values summed in the order given, as the reference does. */
static enum ebb_status build_daily(struct ebb_waves_result *r, const int64_t *day,
                                   const double *value, size_t n, struct ebb_error *err)
{
	struct point_ref *ref = malloc(n * sizeof(*ref));
	size_t nd = 0;

	if (ref == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory reading check-ins");
	for (size_t i = 0; i < n; i++) {
		ref[i].day = day[i];
		ref[i].idx = i;
	}
	qsort(ref, n, sizeof(*ref), cmp_point);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || ref[i].day != ref[i - 1].day)
			nd++;
	r->day = malloc(nd * sizeof(*r->day));
	r->mean = malloc(nd * sizeof(*r->mean));
	r->max = malloc(nd * sizeof(*r->max));
	r->count = malloc(nd * sizeof(*r->count));
	r->ewma = malloc(nd * sizeof(*r->ewma));
	if (!r->day || !r->mean || !r->max || !r->count || !r->ewma) {
		free(ref);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory reading check-ins");
	}
	r->n_days = nd;
	for (size_t i = 0, k = 0; i < n; k++) {
		size_t j = i;
		double sum = 0.0, mx = value[ref[i].idx];

		while (j < n && ref[j].day == ref[i].day) {
			double v = value[ref[j].idx];

			sum += v;
			if (v > mx)
				mx = v;
			j++;
		}
		r->day[k] = ref[i].day;
		r->mean[k] = sum / (double)(j - i);
		r->max[k] = mx;
		r->count[k] = j - i;
		i = j;
	}
	free(ref);
	return EBB_OK;
}

/* (b): the waves of every gap-free segment of at least 3 days. */
static enum ebb_status find_waves(struct ebb_waves_result *r, const struct ebb_waves_params *p,
                                  struct ebb_error *err)
{
	struct ebb_peak_options opt = {p->prominence, p->distance, p->wlen, p->rel_height};
	size_t cap = r->n_grid / 2 + 1;
	struct ebb_peak *pk = malloc(cap * sizeof(*pk));
	enum ebb_status rc = EBB_OK;

	r->waves = malloc(cap * sizeof(*r->waves));
	if (pk == NULL || r->waves == NULL) {
		free(pk);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory finding waves");
	}
	for (size_t s = 0; s < r->n_segments; s++) {
		size_t a = r->segments[s].begin, b = r->segments[s].end, m = 0;
		int64_t first = r->day[0] + (int64_t)a;

		if (b - a < 3)
			continue;
		rc = ebb_find_peaks(r->smooth + a, b - a, &opt, pk, cap, &m, err);
		if (rc != EBB_OK)
			break;
		for (size_t k = 0; k < m; k++) {
			struct ebb_wave *w = &r->waves[r->n_waves++];

			w->day = first + (int64_t)pk[k].index;
			w->height = r->smooth[a + pk[k].index];
			w->prominence = pk[k].prominence;
			w->left_base_day = first + (int64_t)pk[k].left_base;
			w->right_base_day = first + (int64_t)pk[k].right_base;
			w->width = pk[k].width;
			w->left_ip_day = (double)first + pk[k].left_ip;
			w->right_ip_day = (double)first + pk[k].right_ip;
		}
	}
	free(pk);
	return rc;
}

/* (c): steps, the trend of the wave heights, the weekly baseline and its trend. */
static enum ebb_status trends(struct ebb_waves_result *r, const struct ebb_waves_params *p,
                              struct ebb_error *err)
{
	size_t nw = r->n_waves, cap = (size_t)(r->day[r->n_days - 1] - r->day[0]) / 7 + 2;
	size_t nmax = nw > cap ? nw : cap;
	double *t = malloc(nmax * sizeof(*t)), *y = malloc(nmax * sizeof(*y));
	enum ebb_status rc = EBB_OK;

	r->weeks = malloc(cap * sizeof(*r->weeks));
	if (nw > 1)
		r->steps = malloc((nw - 1) * sizeof(*r->steps));
	if (t == NULL || y == NULL || r->weeks == NULL || (nw > 1 && r->steps == NULL)) {
		rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory finding waves");
		goto done;
	}
	for (size_t k = 0; k < nw; k++) {
		t[k] = (double)(r->waves[k].day - r->origin);
		y[k] = r->waves[k].height;
	}
	r->n_steps = nw > 1 ? nw - 1 : 0;
	ebb_waves_steps(y, nw, p->step_band, r->steps, &r->n_lower, &r->n_higher, &r->n_same);
	rc = ebb_waves_trend(&r->wave_trend, t, y, nw, p->conf, err);
	if (rc != EBB_OK)
		goto done;
	r->wave_verdict = ebb_waves_verdict(nw, &r->wave_trend);

	r->n_weeks =
	    ebb_waves_weekly(r->day, r->mean, r->n_days, r->origin, p->week_min_days, r->weeks);
	for (size_t k = 0; k < r->n_weeks; k++) {
		if (isnan(r->weeks[k].median)) { /* ebb_median could not copy */
			rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory finding waves");
			goto done;
		}
		t[k] = r->weeks[k].t;
		y[k] = r->weeks[k].median;
	}
	rc = ebb_waves_trend(&r->baseline_trend, t, y, r->n_weeks, p->conf, err);
	if (rc != EBB_OK)
		goto done;
	r->baseline_verdict = ebb_waves_baseline_verdict(r->n_weeks, &r->baseline_trend);
done:
	free(t);
	free(y);
	return rc;
}

enum ebb_status ebb_waves_analyse_points(struct ebb_waves_result *r, const int64_t *day,
                                         const double *value, size_t n,
                                         const struct ebb_waves_params *p, struct ebb_error *err)
{
	struct ebb_waves_params def;
	enum ebb_status rc;
	int64_t span, diff;

	ebb_waves_result_release(r);
	if (p == NULL) {
		ebb_waves_params_init(&def);
		p = &def;
	}
	rc = check_params(p, err);
	if (rc != EBB_OK)
		return rc;
	r->origin = p->has_origin ? p->origin : 0;
	if (n == 0)
		return EBB_OK;
	if (day == NULL || value == NULL || n > EBB_WAVES_MAX_POINTS)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "invalid check-ins for the waves analysis");
	for (size_t i = 0; i < n; i++)
		if (!isfinite(value[i]))
			return ebb_error_set(err, EBB_ERR_INVALID,
			                     "check-in %zu has no finite intensity", i);
	rc = build_daily(r, day, value, n, err);
	if (rc != EBB_OK)
		goto fail;
	if (__builtin_sub_overflow(r->day[r->n_days - 1], r->day[0], &span) ||
	    span > EBB_WAVES_MAX_SPAN) {
		rc = ebb_error_set(err, EBB_ERR_INVALID, "the check-ins span more than %d days",
		                   EBB_WAVES_MAX_SPAN);
		goto fail;
	}
	if (!p->has_origin)
		r->origin = r->day[0];
	if (__builtin_sub_overflow(r->day[0], r->origin, &diff) ||
	    __builtin_sub_overflow(r->day[r->n_days - 1], r->origin, &diff)) {
		rc = ebb_error_set(err, EBB_ERR_INVALID, "the origin day is out of range");
		goto fail;
	}
	ebb_waves_ewma(r->day, r->mean, r->n_days, p->half_life, r->ewma);

	r->n_grid = (size_t)span + 1;
	r->smooth = malloc(r->n_grid * sizeof(*r->smooth));
	r->support = malloc(r->n_grid * sizeof(*r->support));
	r->segments = malloc((r->n_grid + 1) / 2 * sizeof(*r->segments));
	if (!r->smooth || !r->support || !r->segments) {
		rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory smoothing check-ins");
		goto fail;
	}
	ebb_waves_smooth(r->day, r->mean, r->n_days, p->sigma, p->cutoff, p->min_support, r->smooth,
	                 r->support);
	r->n_segments = ebb_waves_segments(r->smooth, r->n_grid, r->segments);

	rc = find_waves(r, p, err);
	if (rc == EBB_OK)
		rc = trends(r, p, err);
	if (rc == EBB_OK)
		return EBB_OK;
fail:
	ebb_waves_result_release(r);
	return rc;
}

enum ebb_status ebb_waves_analyse(struct ebb_waves_result *r, const struct ebb_waves_checkin *c,
                                  size_t n, const struct ebb_waves_params *p, struct ebb_error *err)
{
	int64_t *day;
	double *value;
	enum ebb_status rc;

	if (n == 0 || c == NULL)
		return ebb_waves_analyse_points(r, NULL, NULL, n, p, err);
	if (n > EBB_WAVES_MAX_POINTS) {
		ebb_waves_result_release(r);
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "too many check-ins for the waves analysis");
	}
	day = malloc(n * sizeof(*day));
	value = malloc(n * sizeof(*value));
	if (day == NULL || value == NULL) {
		free(day);
		free(value);
		ebb_waves_result_release(r);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory reading check-ins");
	}
	for (size_t i = 0; i < n; i++) {
		day[i] = ebb_waves_local_day(c[i].at, c[i].offset);
		value[i] = c[i].intensity;
	}
	rc = ebb_waves_analyse_points(r, day, value, n, p, err);
	free(day);
	free(value);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* (d) The sentences                                                       */

/* "too early to tell: you've had 4 waves; we need at least 5" */
static void too_early_waves(struct ebb_say *s, size_t n)
{
	if (n == 0)
		ebb_say(s, "too early to tell: there are no waves yet; we need at least %d",
		        EBB_WAVES_MIN_TREND);
	else if (n == 1)
		ebb_say(s, "too early to tell: you've had 1 wave; we need at least %d",
		        EBB_WAVES_MIN_TREND);
	else
		ebb_say(s, "too early to tell: you've had %zu waves; we need at least %d", n,
		        EBB_WAVES_MIN_TREND);
}

/* Said when something has been rising: careful, and pointing to support. */
static const char rising_support[] =
    "That can happen when life gets heavier for a while, and it says nothing about you. If it "
    "feels like a lot, reaching out to someone you trust or to a support line can help";

size_t ebb_waves_say_verdict(char *buf, size_t size, enum ebb_verdict v, size_t n_waves)
{
	struct ebb_say s;

	ebb_say_init(&s, buf, size);
	switch (v) {
	case EBB_VERDICT_NOT_ENOUGH_WAVES:
	case EBB_VERDICT_SEQUENCE_ONLY:
	case EBB_VERDICT_NOT_ENOUGH_WEEKS:
		too_early_waves(&s, n_waves);
		break;
	case EBB_VERDICT_NO_CLEAR_CHANGE:
		ebb_say(&s, "no clear change yet: some waves were bigger, some smaller");
		break;
	case EBB_VERDICT_SMALLER:
		ebb_say(&s, "getting smaller: even the cautious end of the range is downward");
		break;
	case EBB_VERDICT_BIGGER:
		ebb_say(
		    &s,
		    "getting bigger: your recent waves have been higher than the earlier ones. %s",
		    rising_support);
		break;
	}
	return s.len;
}

size_t ebb_waves_say_baseline(char *buf, size_t size, enum ebb_verdict v, size_t n_weeks)
{
	struct ebb_say s;

	ebb_say_init(&s, buf, size);
	switch (v) {
	case EBB_VERDICT_NOT_ENOUGH_WAVES:
	case EBB_VERDICT_SEQUENCE_ONLY:
	case EBB_VERDICT_NOT_ENOUGH_WEEKS:
		if (n_weeks == 0)
			ebb_say(
			    &s,
			    "too early to tell: no week has %d logged days yet; we need at least "
			    "%d "
			    "such weeks",
			    EBB_WAVES_WEEK_MIN_DAYS, EBB_WAVES_MIN_TREND);
		else
			ebb_say(
			    &s,
			    "too early to tell: you have %zu %s with at least %d logged days; we "
			    "need "
			    "at least %d",
			    n_weeks, n_weeks == 1 ? "week" : "weeks", EBB_WAVES_WEEK_MIN_DAYS,
			    EBB_WAVES_MIN_TREND);
		break;
	case EBB_VERDICT_NO_CLEAR_CHANGE:
		ebb_say(&s,
		        "no clear change yet in your everyday level: some weeks were higher, some "
		        "lower");
		break;
	case EBB_VERDICT_SMALLER:
		ebb_say(
		    &s,
		    "getting lower: your everyday level is easing, and even the cautious end of "
		    "the range is downward");
		break;
	case EBB_VERDICT_BIGGER:
		ebb_say(&s, "getting higher: your everyday level has been rising lately. %s",
		        rising_support);
		break;
	}
	return s.len;
}

/* |v| with the given decimals ("0.9"), so a tiny negative never shows as "-0.0". */
static void magnitude(char out[32], double v, int decimals)
{
	snprintf(out, 32, "%.*f", decimals, fabs(v));
}

/* true for "0.0", "0.00": a magnitude that rounds to nothing. */
static bool rounds_to_zero(const char *s)
{
	return strspn(s, "0.") == strlen(s);
}

size_t ebb_waves_say_rate(char *buf, size_t size, size_t n_waves, const struct ebb_theilsen *ts)
{
	struct ebb_say s;
	char b[32], lo[32], hi[32];
	double b30 = ts->slope * 30.0, lo30 = ts->lo * 30.0, hi30 = ts->hi * 30.0;
	/* one decimal, or two for a slow change that one decimal would call level
	 * (a verdict of "getting smaller" must not read "stayed about level") */
	int decimals = fabs(b30) < 0.05 ? 2 : 1;
	bool level;

	ebb_say_init(&s, buf, size);
	if (!isfinite(b30)) {
		ebb_say(&s, "Across your %zu waves, the change in peaks cannot be measured yet.",
		        n_waves);
		return s.len;
	}
	magnitude(b, b30, decimals);
	magnitude(lo, lo30, decimals);
	magnitude(hi, hi30, decimals);
	level = rounds_to_zero(b);
	ebb_say(&s, "Across your %zu waves, peaks have ", n_waves);
	if (level)
		ebb_say(&s, "stayed about level");
	else if (b30 < 0.0)
		ebb_say(&s, "come down by about %s points a month", b);
	else
		ebb_say(&s, "gone up by about %s points a month", b);
	if (isnan(lo30) || isnan(hi30)) {
		/* heavy ties left Sen's interval unknown: no range to give */
	} else if (rounds_to_zero(lo) && rounds_to_zero(hi)) {
		ebb_say(&s, " (likely by less than 0.01 points a month either way)");
	} else if (hi30 <= 0.0 && lo30 < 0.0) {
		/* the whole range is downward: from the gentlest to the steepest */
		if (!level && b30 < 0.0)
			ebb_say(&s, " (likely between %s and %s)", hi, lo);
		else
			ebb_say(&s, " (likely between %s and %s points a month down)", hi, lo);
	} else if (lo30 >= 0.0 && hi30 > 0.0) {
		if (!level && b30 > 0.0)
			ebb_say(&s, " (likely between %s and %s)", lo, hi);
		else
			ebb_say(&s, " (likely between %s and %s points a month up)", lo, hi);
	} else if (lo30 < 0.0 && hi30 > 0.0) {
		ebb_say(&s, " (likely anywhere from %s points a month down to %s up)", lo, hi);
	}
	ebb_say(&s, ".");
	return s.len;
}

size_t ebb_waves_say_steps(char *buf, size_t size, size_t lower, size_t higher, size_t same)
{
	struct ebb_say s;

	ebb_say_init(&s, buf, size);
	ebb_say(&s, "%zu lower, %zu higher, %zu about the same", lower, higher, same);
	return s.len;
}

size_t ebb_waves_say_last_step(char *buf, size_t size, enum ebb_step last, enum ebb_verdict v)
{
	struct ebb_say s;

	ebb_say_init(&s, buf, size);
	if (last != EBB_STEP_HIGHER)
		return 0;
	ebb_say(&s, "Your last wave was higher than the one before. That's common.");
	if (v == EBB_VERDICT_SMALLER)
		ebb_say(&s, " The overall direction is still downward.");
	return s.len;
}

size_t ebb_waves_say_wave(char *buf, size_t size, double pmin)
{
	struct ebb_say s;
	char num[32];

	ebb_say_init(&s, buf, size);
	if (pmin == floor(pmin) && fabs(pmin) < 1e6)
		snprintf(num, sizeof(num), "%.0f", pmin);
	else
		snprintf(num, sizeof(num), "%.1f", pmin);
	ebb_say(&s, "A wave is a stretch that rose at least %s %s above the days around it.", num,
	        strcmp(num, "1") == 0 ? "point" : "points");
	return s.len;
}
