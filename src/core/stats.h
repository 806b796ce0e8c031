/*
 * stats.h — the few statistics ebb uses to say whether waves are
 * softening, in plain C with no numeric library: medians, Theil–Sen slope
 * with its confidence interval, Mann–Kendall with tie correction and exact
 * p for small n, Kendall's tau-b, and the Wilson interval. The reference is
 * docs/WAVES.md §2(c) and tests/data/waves/ref_impl.py; the expected values
 * come from SciPy (tests/data/waves/vectors_*.csv).
 *
 * Nothing here allocates more than O(n^2) for n points (Theil–Sen's pairs);
 * callers keep n to the few hundred points a person's waves or weeks make.
 * Functions never print and keep no state; invalid input (n out of range,
 * a value that is not finite, NULL arrays) returns EBB_ERR_INVALID and a
 * failed allocation EBB_ERR_NOMEM, each with a message in err.
 */
#ifndef EBB_STATS_H
#define EBB_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define EBB_STATS_MAX_N 4096 /* the most points any function accepts */

/* Round half to even (numpy's rint), independent of the FP rounding mode.
 * The sign is kept (-0.5 -> -0.0); NaN and infinities come back unchanged. */
double ebb_rint(double x);

/* Median of n values (n >= 1); sorts a private copy, x is left as it is.
 * NAN when n == 0 or the copy cannot be allocated. x holds no NaN. */
double ebb_median(const double *x, size_t n);

struct ebb_theilsen {
	double slope, intercept; /* y = intercept + slope * t */
	double lo, hi;           /* confidence interval of the slope */
	size_t n_pairs;          /* number of pairwise slopes (t_j > t_i) */
	size_t rank_lo, rank_hi; /* 0-based ranks of lo and hi among the sorted slopes */
};

/*
 * Theil–Sen estimator with Sen's normal-approximation interval at level
 * conf (0.5 <= conf < 1, e.g. 0.95), ties in t and in y corrected, ranks
 * rounded half to even, exactly as SciPy's theilslopes(method="separate"):
 * the slope is the median of the pairwise slopes, the intercept
 * median(y) - slope * median(t). t need not be sorted; at least two
 * distinct t are required; 2 <= n <= EBB_STATS_MAX_N. Pass the real day
 * numbers as t, not indices. If heavy ties in both t and y make Sen's
 * variance negative the interval is unknown: lo = hi = NAN, ranks 0.
 */
enum ebb_status ebb_theilsen(struct ebb_theilsen *out, const double *t, const double *y, size_t n,
                             double conf, struct ebb_error *err);

/* Which exact distribution gave ebb_mk.p_exact. */
enum ebb_mk_exact_method {
	EBB_MK_EXACT_NONE,   /* no exact p: ties in y and n > 8, or n > 33 */
	EBB_MK_EXACT_NOTIES, /* no ties in y, n <= 33: the inversion-count distribution */
	EBB_MK_EXACT_TIES,   /* ties in y, n <= 8: every one of the n! orders enumerated */
};

struct ebb_mk {
	long long s;       /* Mann–Kendall S over y in the order given */
	double var_s;      /* variance with tie correction (ties in y) */
	double z_cc, p_cc; /* continuity-corrected z and two-sided p */
	double z, p;       /* without continuity correction */
	double p_exact;    /* exact two-sided p when available, else NAN */
	bool exact;        /* p_exact is set: no ties and n <= 33, or ties and n <= 8 */
	enum ebb_mk_exact_method exact_method; /* how p_exact was found */
	double tau_b;        /* Kendall's tau-b between t and y; NAN if t or y is constant */
	double tau_b_p;      /* SciPy's asymptotic kendalltau p (full tie variance, no cc) */
	double tau_b_p_auto; /* SciPy's default kendalltau p: exact (ebb_mk_exact_p of P - Q)
	                      * when neither t nor y has ties and n <= 33 or at most one pair
	                      * disagrees with the majority; else tau_b_p */
};

/*
 * Mann–Kendall trend test and Kendall's tau-b of y against t
 * (2 <= n <= EBB_STATS_MAX_N). The Mann–Kendall part (s, var_s, z, p,
 * p_exact) reads y in the order given, as R's trend::mk.test and
 * pyMannKendall do: pass the points in time order. t is used only by
 * tau-b, which pairs t and y whatever their order. When every y is equal,
 * var_s is 0 and z = 0, p = 1. The normal p-values are erfc(|z|/sqrt 2).
 */
enum ebb_status ebb_mann_kendall(struct ebb_mk *out, const double *t, const double *y, size_t n,
                                 struct ebb_error *err);

/*
 * Exact two-sided p of Mann–Kendall S for n untied values: the chance that
 * a random order has |S*| >= |s|. Any n <= 33; for larger n only the two
 * extreme tails |s| >= n(n-1)/2 - 2, which have closed forms (as SciPy).
 * NAN when n == 0, n > EBB_STATS_MAX_N, |s| > n(n-1)/2, or n > 33
 * outside those tails.
 */
double ebb_mk_exact_p(size_t n, long long s);

/*
 * Wilson score interval for k successes in n trials at 95%
 * (z = 1.959963984540054), clamped to [0, 1]. With n == 0 nothing is
 * known and the interval is the whole [0, 1] (the limit of the formula as
 * n -> 0). k > n is not a proportion: both ends NAN. lo or hi may be NULL.
 */
void ebb_wilson(size_t k, size_t n, double *lo, double *hi);

#endif
