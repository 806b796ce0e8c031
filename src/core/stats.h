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
 * Functions never print; invalid input returns EBB_ERR_INVALID.
 */
#ifndef EBB_STATS_H
#define EBB_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define EBB_STATS_MAX_N 4096 /* the most points any function accepts */

/* Round half to even (numpy's rint), independent of the FP rounding mode. */
double ebb_rint(double x);

/* Median of n values (n >= 1); sorts a private copy. NAN when n == 0. */
double ebb_median(const double *x, size_t n);

struct ebb_theilsen {
	double slope, intercept; /* y = intercept + slope * t */
	double lo, hi;           /* confidence interval of the slope */
	size_t n_pairs;          /* number of pairwise slopes (t_j > t_i) */
	size_t rank_lo, rank_hi; /* 0-based ranks of lo and hi among the sorted slopes */
};

/*
 * Theil–Sen estimator with Sen's normal-approximation interval at level
 * conf (e.g. 0.95), ties in t and in y corrected, ranks rounded half to
 * even, exactly as SciPy's theilslopes. t need not be sorted; at least two
 * distinct t are required.
 */
enum ebb_status ebb_theilsen(struct ebb_theilsen *out, const double *t, const double *y, size_t n,
                             double conf, struct ebb_error *err);

struct ebb_mk {
	long long s;       /* Mann–Kendall S over y in order of t */
	double var_s;      /* variance with tie correction */
	double z_cc, p_cc; /* continuity-corrected z and two-sided p */
	double z, p;       /* without continuity correction */
	double p_exact;    /* exact two-sided p when available, else NAN */
	bool exact;        /* p_exact is set: no ties and n <= 33, or ties and n <= 8 */
	double tau_b;      /* Kendall's tau-b between t and y */
	double tau_b_p;    /* SciPy's asymptotic kendalltau p (full tie variance, no cc) */
};

/* Mann–Kendall trend test and Kendall's tau-b of y against t (n >= 2). */
enum ebb_status ebb_mann_kendall(struct ebb_mk *out, const double *t, const double *y, size_t n,
                                 struct ebb_error *err);

/* Exact two-sided p of Mann–Kendall S for n untied values (n <= 33). */
double ebb_mk_exact_p(size_t n, long long s);

/* Wilson score interval for k successes in n trials at 95% (z = 1.959963984540054). */
void ebb_wilson(size_t k, size_t n, double *lo, double *hi);

#endif
