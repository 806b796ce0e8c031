/*
 * waves.h — finding the waves in a person's check-ins and saying honestly
 * whether they are softening.
 *
 * The specification is docs/WAVES.md §2 and its normative port
 * tests/data/waves/ref_impl.py; the expected values come from SciPy
 * (tests/data/waves/vectors_peaks.csv, vectors_pipeline.json). In order:
 *   (a) check-ins -> one value per local calendar day (the mean; days weigh
 *       equally however many check-ins they hold), a time-aware EWMA for
 *       the display line, and a centred Gaussian kernel smoothing over
 *       every day between the first and the last, with gaps where too few
 *       days are near, split into gap-free segments;
 *   (b) waves: peaks of each segment with SciPy's find_peaks semantics
 *       (plateau-aware maxima, distance, prominence in a window, widths);
 *   (c) wave-to-wave steps with a dead band, the trend of wave heights and
 *       of the weekly baseline (Theil–Sen and Mann–Kendall from stats.h),
 *       and the decision rule;
 *   (d) the fixed plain-language sentences.
 *
 * Days are day numbers: whole days since 1970-01-01 in the person's local
 * calendar (see dates.h). Everything here is plain arrays; the analysis
 * result is a struct the caller owns and releases. Nothing prints, nothing
 * keeps global state; failures return EBB_ERR_INVALID (bad input) or
 * EBB_ERR_NOMEM with a message in err.
 */
#ifndef EBB_WAVES_H
#define EBB_WAVES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "stats.h"

/* The most days from the first to the last check-in the analysis accepts
 * (about 54 years): with the default distance of 5 days between waves,
 * both the waves and the weeks stay within EBB_STATS_MAX_N points. */
#define EBB_WAVES_MAX_SPAN 20000

/* The most check-ins one analysis accepts. */
#define EBB_WAVES_MAX_POINTS 10000000

/* The least logged days for a week to count in the baseline; the sentences
 * name this number. */
#define EBB_WAVES_WEEK_MIN_DAYS 4

/* A buffer this large holds any sentence below, terminator included. */
#define EBB_WAVES_SENTENCE_MAX 512

/* The tunable heuristics of §2, none clinically validated. */
struct ebb_waves_params {
	double half_life;     /* EWMA half-life in days (3) */
	double sigma;         /* kernel width in days (2) */
	int cutoff;           /* days beyond which the kernel ignores a day (6) */
	double min_support;   /* least kernel weight for a smoothed value, else a gap (0.5) */
	double prominence;    /* Pmin: least prominence of a wave, in points (1.0) */
	double distance;      /* D: least days between waves (5) */
	double wlen;          /* window for the bases, in days (29: ±14 days) */
	double rel_height;    /* width measured at this share of the prominence (0.5) */
	double step_band;     /* wave-to-wave dead band in points (0.5) */
	size_t week_min_days; /* least logged days for a week to count (4) */
	double conf;          /* level of the Theil–Sen interval (0.95) */
	bool has_origin;      /* origin below is set; else the first logged day */
	int64_t origin;       /* day 0 of the trend time axis and of week numbers */
};

/* Fills p with the defaults of docs/WAVES.md. */
void ebb_waves_params_init(struct ebb_waves_params *p);

/* ---------------------------------------------------------------------- */
/* (a) The daily series                                                    */

/* One check-in as stored: a moment and the offset in force where it was. */
struct ebb_waves_checkin {
	int64_t at;       /* UTC seconds since the epoch */
	int32_t offset;   /* seconds east of UTC at that moment */
	double intensity; /* 0..10 */
};

/*
 * The local day number of UTC second at seen at offset: the calendar date
 * the person saw, as days since 1970-01-01 (floor((at + offset) / 86400),
 * without overflow). DST-safe: each check-in carries its own offset.
 */
int64_t ebb_waves_local_day(int64_t at, int32_t offset);

/*
 * Time-aware EWMA of the daily means for the display line: s_1 = y_1,
 * s_k = s_{k-1} + (1 - 2^(-(d_k - d_{k-1}) / half_life)) (y_k - s_{k-1}).
 * day must be strictly increasing; out receives n values (out may be y).
 */
void ebb_waves_ewma(const int64_t *day, const double *y, size_t n, double half_life, double *out);

/*
 * Centred Gaussian kernel smoothing (Nadaraya–Watson, degree 0) of the
 * daily means on every day g from day[0] to day[n-1]: out[g - day[0]] is
 * the mean of the y_i within cutoff days of g, weighted
 * exp(-0.5 ((d_i - g) / sigma)^2), or NAN (a gap) when the weights sum to
 * less than min_support; support (may be NULL) receives the weight sums.
 * day must be strictly increasing, n >= 1, and out and support hold
 * day[n-1] - day[0] + 1 values. Cost O(span * cutoff).
 */
void ebb_waves_smooth(const int64_t *day, const double *y, size_t n, double sigma, int cutoff,
                      double min_support, double *out, double *support);

/* A half-open index range [begin, end) of a series. */
struct ebb_waves_span {
	size_t begin, end;
};

/*
 * The maximal gap-free (non-NAN) runs of s, in order, into out (which
 * holds at least (n + 1) / 2 spans). Returns how many.
 */
size_t ebb_waves_segments(const double *s, size_t n, struct ebb_waves_span *out);

/* ---------------------------------------------------------------------- */
/* (b) Peaks, exactly as scipy.signal.find_peaks and peak_widths           */

struct ebb_peak_options {
	double prominence; /* keep peaks at least this prominent; 0 keeps all */
	double distance;   /* least index distance, rounded up: 0 for none, else >= 1 */
	double wlen;       /* window for the bases (ceil; > 1), or 0 for the whole signal */
	double rel_height; /* width at this share of the prominence (>= 0; 0.5 usual) */
};

struct ebb_peak {
	size_t index;                 /* position of the peak (a plateau's middle, rounded down) */
	double prominence;            /* height above the higher of its two bases */
	size_t left_base, right_base; /* the lowest points on each side within the window */
	double width;                 /* right_ip - left_ip */
	double width_height;          /* where the width was measured: x - rel_height * prom */
	double left_ip, right_ip;     /* interpolated crossings of width_height */
};

/*
 * The peaks of x[0..n) in increasing index order, SciPy's semantics:
 * local maxima (a plateau counts once, at its middle rounded down; the
 * first and last samples never count), then the distance filter (higher
 * peaks first; of equal heights the later one wins), then prominences
 * with the window (the base search passes neighbouring peaks of equal
 * height), then the prominence filter; widths for the peaks kept. out
 * holds cap peaks; cap >= n / 2 always suffices. *count receives how many.
 * EBB_ERR_INVALID for a NAN or infinite sample, bad options, or a cap too
 * small; EBB_ERR_NOMEM.
 */
enum ebb_status ebb_find_peaks(const double *x, size_t n, const struct ebb_peak_options *opt,
                               struct ebb_peak *out, size_t cap, size_t *count,
                               struct ebb_error *err);

/* ---------------------------------------------------------------------- */
/* (c) Waves, steps, trends and the verdicts                               */

/* One wave: a peak of the smoothed line at least Pmin above its bases. */
struct ebb_wave {
	int64_t day;                           /* day number of the peak */
	double height;                         /* the smoothed value s(peak): the intensity */
	double prominence;                     /* points above the surrounding troughs */
	int64_t left_base_day, right_base_day; /* those troughs */
	double width;                          /* days spent above half the prominence */
	double left_ip_day, right_ip_day;      /* where it crossed that line (fractional days) */
};

enum ebb_step {
	EBB_STEP_LOWER = -1, /* at least step_band lower than the wave before */
	EBB_STEP_SAME = 0,   /* within the dead band: about the same */
	EBB_STEP_HIGHER = 1, /* at least step_band higher */
};

/* The change from one wave to the next. */
struct ebb_wave_step {
	double diff; /* height of the later wave minus the earlier one */
	enum ebb_step kind;
};

/*
 * Classifies the n - 1 steps between successive heights h[0..n) into out
 * with the dead band: diff <= -band is lower, diff >= band is higher.
 * The counts (each may be NULL) receive the tallies.
 */
void ebb_waves_steps(const double *h, size_t n, double band, struct ebb_wave_step *out,
                     size_t *lower, size_t *higher, size_t *same);

/* One week of the baseline. */
struct ebb_week {
	int64_t week;  /* floor((day - origin) / 7) */
	double t;      /* 7 week + 3.5: its middle, in days since origin */
	double median; /* median of the week's daily means */
	size_t days;   /* logged days in the week */
};

/*
 * The weekly baseline: the median of the daily means of each week
 * (weeks counted from origin) that has at least min_days logged days, in
 * order, into out (which holds at least (day[n-1] - day[0]) / 7 + 2
 * weeks). day strictly increasing. Returns how many weeks.
 */
size_t ebb_waves_weekly(const int64_t *day, const double *mean, size_t n, int64_t origin,
                        size_t min_days, struct ebb_week *out);

/* A trend: Theil–Sen with its interval and Mann–Kendall, on n points. */
struct ebb_waves_trend {
	bool valid; /* computed: at least 3 points */
	size_t n;
	struct ebb_theilsen ts;
	struct ebb_mk mk;
};

/*
 * Theil–Sen at level conf and Mann–Kendall of y against t (n points, t
 * strictly increasing). With fewer than 3 points leaves out->valid false
 * and returns EBB_OK. Errors are those of stats.h.
 */
enum ebb_status ebb_waves_trend(struct ebb_waves_trend *out, const double *t, const double *y,
                                size_t n, double conf, struct ebb_error *err);

/* What the numbers let ebb say. */
enum ebb_verdict {
	EBB_VERDICT_NOT_ENOUGH_WAVES, /* fewer than 3 waves */
	EBB_VERDICT_SEQUENCE_ONLY,    /* 3 or 4 waves: the sequence and steps, no trend claim */
	EBB_VERDICT_NOT_ENOUGH_WEEKS, /* baseline: fewer than 5 weeks */
	EBB_VERDICT_NO_CLEAR_CHANGE,  /* the interval holds 0 */
	EBB_VERDICT_SMALLER,          /* even the interval's upper end is below 0 */
	EBB_VERDICT_BIGGER,           /* even the interval's lower end is above 0 */
};

/* The fewest waves, and weeks, for a trend statement. */
#define EBB_WAVES_MIN_TREND 5
/* From this many on a trend is solid. */
#define EBB_WAVES_SOLID 8

/*
 * The decision rule for waves: < 3 waves NOT_ENOUGH_WAVES, 3–4
 * SEQUENCE_ONLY, >= 5 by the interval of tr (which must then be valid).
 */
enum ebb_verdict ebb_waves_verdict(size_t n_waves, const struct ebb_waves_trend *tr);

/* The same rule for the baseline (and the four signs): < 5 weeks NOT_ENOUGH_WEEKS. */
enum ebb_verdict ebb_waves_baseline_verdict(size_t n_weeks, const struct ebb_waves_trend *tr);

/*
 * A stable identifier for --json, the generator's words:
 * "not_enough_waves_yet", "too_early_to_call_show_sequence_only",
 * "not_enough_weeks_yet", "no_clear_change_yet", "getting_smaller",
 * "getting_bigger".
 */
const char *ebb_verdict_id(enum ebb_verdict v);

/* ---------------------------------------------------------------------- */
/* The whole analysis                                                      */

/*
 * Everything computed, owned by the caller: initialise with
 * ebb_waves_result_init (or zero it), fill with ebb_waves_analyse*, free
 * with ebb_waves_result_release. An array may hold more room than its
 * count; it is NULL only when nothing was computed (no check-ins, failure).
 */
struct ebb_waves_result {
	/* (a) one entry per logged day, day strictly increasing */
	size_t n_days;
	int64_t *day;
	double *mean;  /* mean of the day's check-ins */
	double *max;   /* the day's highest check-in */
	size_t *count; /* the day's check-ins */
	double *ewma;  /* the display line */
	/* the smoothed line on every day from day[0]: smooth[i] is day day[0] + i */
	size_t n_grid;
	double *smooth;  /* NAN in gaps */
	double *support; /* kernel weight sums */
	size_t n_segments;
	struct ebb_waves_span *segments; /* gap-free ranges of the grid */
	/* (b) the waves in day order */
	size_t n_waves;
	struct ebb_wave *waves;
	/* (c) steps between successive waves: n_waves - 1 of them */
	size_t n_steps;
	struct ebb_wave_step *steps;
	size_t n_lower, n_higher, n_same;
	int64_t origin;                    /* day 0 of the trend time axes */
	struct ebb_waves_trend wave_trend; /* heights against days since origin */
	enum ebb_verdict wave_verdict;
	size_t n_weeks;
	struct ebb_week *weeks;
	struct ebb_waves_trend baseline_trend; /* weekly medians against t */
	enum ebb_verdict baseline_verdict;
};

/* Sets every count to 0, every pointer to NULL and both verdicts to "not enough". */
void ebb_waves_result_init(struct ebb_waves_result *r);

/* Frees what r holds and re-initialises it. r may be NULL. */
void ebb_waves_result_release(struct ebb_waves_result *r);

/*
 * The whole analysis from (day number, value) points, in any order:
 * several a day are averaged. p may be NULL for the defaults. Values must
 * be finite and the days span at most EBB_WAVES_MAX_SPAN. r is released
 * first, and on failure left released. n == 0 gives an empty result with
 * both verdicts "not enough".
 */
enum ebb_status ebb_waves_analyse_points(struct ebb_waves_result *r, const int64_t *day,
                                         const double *value, size_t n,
                                         const struct ebb_waves_params *p, struct ebb_error *err);

/* The same from stored check-ins, each on its own local calendar day. */
enum ebb_status ebb_waves_analyse(struct ebb_waves_result *r, const struct ebb_waves_checkin *c,
                                  size_t n, const struct ebb_waves_params *p,
                                  struct ebb_error *err);

/* ---------------------------------------------------------------------- */
/* (d) The sentences                                                       */

/*
 * Each writes one fixed, plain-language sentence (UTF-8, no newline) into
 * buf as snprintf does: at most size bytes, terminated when size > 0, and
 * returns the length the whole sentence needs (>= size means it was cut;
 * EBB_WAVES_SENTENCE_MAX always suffices). They never say "significant",
 * "p-value", "relapse" or "worse", never predict an end date and never
 * compare with other people. Numbers use '.' whatever the locale.
 */

/*
 * The verdict on the waves: "too early to tell: you've had 4 waves; we
 * need at least 5", "no clear change yet: some waves were bigger, some
 * smaller", "getting smaller: even the cautious end of the range is
 * downward", or for getting bigger a careful sentence that points to
 * support. n_waves is used by the "too early" forms.
 */
size_t ebb_waves_say_verdict(char *buf, size_t size, enum ebb_verdict v, size_t n_waves);

/* The same for the everyday level (weekly baseline), n_weeks weeks counted. */
size_t ebb_waves_say_baseline(char *buf, size_t size, enum ebb_verdict v, size_t n_weeks);

/*
 * The rate in points per month (slope × 30) with its range: "Across your 8
 * waves, peaks have come down by about 0.9 points a month (likely between
 * 0.4 and 1.1)." Two decimals when one would round the slope to 0.0; the
 * range is left out when Sen's interval is unknown (NAN, heavy ties). Show
 * it only with a verdict that makes a trend statement (5 waves or more).
 */
size_t ebb_waves_say_rate(char *buf, size_t size, size_t n_waves, const struct ebb_theilsen *ts);

/* The steps: "4 lower, 1 higher, 2 about the same". */
size_t ebb_waves_say_steps(char *buf, size_t size, size_t lower, size_t higher, size_t same);

/*
 * When the last step was higher: "Your last wave was higher than the one
 * before. That's common." and, when the verdict is SMALLER, "The overall
 * direction is still downward." Otherwise writes "" and returns 0.
 */
size_t ebb_waves_say_last_step(char *buf, size_t size, enum ebb_step last, enum ebb_verdict v);

/* What a wave is, in one line, for a prominence threshold of pmin points. */
size_t ebb_waves_say_wave(char *buf, size_t size, double pmin);

#endif
