/*
 * stats.c — medians, Theil–Sen, Mann–Kendall, Kendall's tau-b, Wilson.
 * See stats.h for the contracts and docs/WAVES.md §2(c) for the method.
 *
 * Every formula follows tests/data/waves/ref_impl.py, and where SciPy
 * evaluates an expression in a different order (tau-b's two square roots,
 * the choice between exact and asymptotic p) SciPy's order is kept, so the
 * results agree with the vectors to the last bits or close to it.
 */
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define Z975         1.959963984540054 /* Phi^-1(0.975) */
#define EXACT_MAX_N  33                /* the inversion-count distribution up to here */
#define ENUM_MAX_N   8                 /* all n! orders enumerated up to here (40320) */
#define EXACT_MAX_C  264               /* 33 * 32 / 4: the longest tail ever summed */
#define FACTORIAL_OK 171               /* n! overflows a double from here on */

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int sign_of(double d)
{
	return (d > 0) - (d < 0);
}

/* Median of sorted s[0..n-1], n >= 1; the mean of the middle two for even n. */
static double median_sorted(const double *s, size_t n)
{
	size_t m = n / 2;

	return n % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/* Sums over the groups of equal values (size u >= 2) of sorted s. */
struct ties {
	long long pairs; /* sum u(u-1)/2: tied pairs */
	long long v;     /* sum u(u-1)(2u+5), the variance correction */
	long long cube;  /* sum u(u-1)(u-2), tau-b's cross term */
	size_t groups;   /* how many groups */
};

static struct ties tie_sums(const double *s, size_t n)
{
	struct ties r = {0, 0, 0, 0};
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		long long u;

		while (j + 1 < n && s[j + 1] == s[i])
			j++;
		u = (long long)(j - i + 1);
		if (u >= 2) {
			r.pairs += u * (u - 1) / 2;
			r.v += u * (u - 1) * (2 * u + 5);
			r.cube += u * (u - 1) * (u - 2);
			r.groups++;
		}
		i = j + 1;
	}
	return r;
}

/*
 * Moves the k-th smallest of a[lo..hi) to a[k], smaller-or-equal values
 * before it and greater-or-equal after (k in [lo, hi)). Quickselect with a
 * median-of-three pivot, O(hi - lo) on average; past a depth budget the
 * rest is sorted, so the worst case stays O(m log m).
 */
static void select_kth(double *a, size_t lo, size_t hi, size_t k)
{
	int budget = 8;

	for (size_t m = hi - lo; m > 1; m >>= 1)
		budget += 2;
	while (hi - lo > 16) {
		size_t mid = lo + (hi - lo) / 2, i = lo, j = hi - 1;
		double p, tmp;

		if (budget-- == 0) {
			qsort(a + lo, hi - lo, sizeof(*a), cmp_double);
			return;
		}
		if (a[mid] < a[lo])
			tmp = a[mid], a[mid] = a[lo], a[lo] = tmp;
		if (a[hi - 1] < a[mid])
			tmp = a[mid], a[mid] = a[hi - 1], a[hi - 1] = tmp;
		if (a[mid] < a[lo])
			tmp = a[mid], a[mid] = a[lo], a[lo] = tmp;
		p = a[mid];
		/* Hoare: ends with a[lo..j] <= p <= a[j+1..hi), lo <= j < hi - 1. */
		for (;;) {
			while (a[i] < p)
				i++;
			while (p < a[j])
				j--;
			if (i >= j)
				break;
			tmp = a[i], a[i] = a[j], a[j] = tmp;
			i++;
			j--;
		}
		if (k <= j)
			hi = j + 1;
		else
			lo = j + 1;
	}
	for (size_t i = lo + 1; i < hi; i++) {
		double v = a[i];
		size_t j = i;

		for (; j > lo && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/* A sorted copy of x into dst. */
static void sorted_copy(double *dst, const double *x, size_t n)
{
	memcpy(dst, x, n * sizeof(*dst));
	qsort(dst, n, sizeof(*dst), cmp_double);
}

static bool all_finite(const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return false;
	return true;
}

/* Checks what Theil–Sen and Mann–Kendall both require of their input. */
static enum ebb_status check_points(const void *out, const double *t, const double *y, size_t n,
                                    struct ebb_error *err)
{
	if (out == NULL || t == NULL || y == NULL)
		return ebb_error_set(err, EBB_ERR_INVALID, "no points given");
	if (n < 2)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "a trend needs at least 2 points, not %zu", n);
	if (n > EBB_STATS_MAX_N)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "a trend takes at most %d points, not %zu", EBB_STATS_MAX_N,
		                     n);
	if (!all_finite(t, n) || !all_finite(y, n))
		return ebb_error_set(err, EBB_ERR_INVALID, "a point is not a finite number");
	return EBB_OK;
}

/* The two-sided normal p of z: 2(1 - Phi(|z|)). */
static double norm_p2(double z)
{
	return erfc(fabs(z) / sqrt(2.0));
}

/*
 * Phi^-1(1 - (1 - conf)/2) for 0.5 <= conf < 1: bisection on erfc down to
 * adjacent doubles, so no table of coefficients is needed. 0.95 gives the
 * constant of WAVES.md exactly.
 */
static double z_of_conf(double conf)
{
	double q = 1.0 - conf, lo = 0.0, hi = 40.0;

	if (conf == 0.95)
		return Z975;
	for (int k = 0; k < 200; k++) {
		double mid = 0.5 * (lo + hi);

		if (mid <= lo || mid >= hi)
			break;
		if (erfc(mid / sqrt(2.0)) > q)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

/* ---------------------------------------------------------------------- */
/* Rounding and medians                                                    */

double ebb_rint(double x)
{
	double a = fabs(x), f, d;

	/* From 2^52 on every double is an integer. */
	if (!(a < 4503599627370496.0))
		return x;
	f = floor(a);
	d = a - f; /* exact: a and f share their exponent or f is 0 */
	if (d > 0.5 || (d == 0.5 && fmod(f, 2.0) != 0.0))
		f += 1.0;
	return copysign(f, x);
}

double ebb_median(const double *x, size_t n)
{
	double *s, m;

	if (x == NULL || n == 0 || n > SIZE_MAX / sizeof(*s))
		return NAN;
	s = malloc(n * sizeof(*s));
	if (s == NULL)
		return NAN;
	sorted_copy(s, x, n);
	m = median_sorted(s, n);
	free(s);
	return m;
}

/* ---------------------------------------------------------------------- */
/* Theil–Sen                                                               */

enum ebb_status ebb_theilsen(struct ebb_theilsen *out, const double *t, const double *y, size_t n,
                             double conf, struct ebb_error *err)
{
	enum ebb_status rc;
	double *buf, *slopes, *ts, *ys, var, c, rl, ru;
	size_t npairs = 0, k = 0, ranks[4], done = 0;
	struct ties tt, ty;
	long long nn = (long long)n;

	rc = check_points(out, t, y, n, err);
	if (rc != EBB_OK)
		return rc;
	if (!(conf >= 0.5 && conf < 1.0))
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "the confidence level must be at least 0.5 and below 1");
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			npairs += t[i] != t[j];
	if (npairs == 0)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "a trend needs at least two different times");

	/* n <= EBB_STATS_MAX_N keeps this far from overflow. */
	buf = malloc((npairs + 2 * n) * sizeof(*buf));
	if (buf == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	slopes = buf;
	ts = buf + npairs;
	ys = ts + n;

	/* Always (later y - earlier y) / (later t - earlier t), as SciPy. */
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			if (t[j] > t[i])
				slopes[k++] = (y[j] - y[i]) / (t[j] - t[i]);
			else if (t[j] < t[i])
				slopes[k++] = (y[i] - y[j]) / (t[i] - t[j]);
		}
	}
	sorted_copy(ts, t, n);
	sorted_copy(ys, y, n);
	memset(out, 0, sizeof(*out));
	out->n_pairs = npairs;

	/* Sen (1968) eq. 2.6; ranks rounded half to even, as numpy.round. */
	tt = tie_sums(ts, n);
	ty = tie_sums(ys, n);
	var = (double)(nn * (nn - 1) * (2 * nn + 5) - tt.v - ty.v) / 18.0;
	if (var >= 0) {
		c = z_of_conf(conf) * sqrt(var);
		ru = ebb_rint(((double)npairs + c) / 2.0);
		rl = ebb_rint(((double)npairs - c) / 2.0) - 1.0;
		out->rank_hi = ru < (double)(npairs - 1) ? (size_t)ru : npairs - 1;
		out->rank_lo = rl > 0 ? (size_t)rl : 0;
	}

	/*
	 * Only four order statistics of the slopes are needed: the interval's
	 * ends and the middle one or two. Selecting them in increasing rank,
	 * each within what lies above the previous, is O(N) where sorting all
	 * N = n(n-1)/2 slopes would dominate the time. The ranks are already
	 * in order: rank_lo <= (N-1)/2 <= N/2 <= rank_hi.
	 */
	ranks[0] = out->rank_lo;
	ranks[1] = (npairs - 1) / 2;
	ranks[2] = npairs / 2;
	ranks[3] = out->rank_hi;
	for (size_t r = 0; r < 4; r++) {
		if (ranks[r] < done)
			continue;
		select_kth(slopes, done, npairs, ranks[r]);
		done = ranks[r] + 1;
	}
	out->slope = median_sorted(slopes, npairs);
	out->intercept = median_sorted(ys, n) - out->slope * median_sorted(ts, n);
	if (var >= 0) {
		out->lo = slopes[out->rank_lo];
		out->hi = slopes[out->rank_hi];
	} else {
		out->lo = out->hi = NAN;
	}
	free(buf);
	return EBB_OK;
}

/* ---------------------------------------------------------------------- */
/* Exact distributions of S                                                */

double ebb_mk_exact_p(size_t n, long long s)
{
	long long tot, c, abs_s = s < 0 ? -s : s;
	double pmf[EXACT_MAX_C + 1], next[EXACT_MAX_C + 1], tail = 0.0, f = 1.0;

	if (n == 0 || n > EBB_STATS_MAX_N)
		return NAN;
	tot = (long long)n * ((long long)n - 1) / 2;
	if (abs_s > tot)
		return NAN;
	if (abs_s == 0)
		return 1.0;
	/* P(|S*| >= |s|) = 2 P(k <= c) for k inversions, S* = tot - 2k. */
	c = (tot - abs_s) / 2;
	if (n > EXACT_MAX_N) {
		/* SciPy's closed forms: 2/n! (c = 0) and 2/(n-1)! (c = 1). */
		if (c > 1)
			return NAN;
		if (n - (size_t)c >= FACTORIAL_OK)
			return 0.0;
		for (size_t i = 2; i <= n - (size_t)c; i++)
			f *= (double)i;
		return 2.0 / f;
	}

	/*
	 * pmf_m(k) = (1/m) sum_{j<m} pmf_{m-1}(k-j), kept for k <= c only (the
	 * recurrence never looks above k). Summed directly, not by a sliding
	 * difference, so the tiny tail probabilities keep their relative
	 * accuracy.
	 */
	memset(pmf, 0, sizeof(pmf));
	pmf[0] = 1.0;
	for (size_t m = 2; m <= n; m++) {
		for (long long k = 0; k <= c; k++) {
			double acc = 0.0;

			for (long long j = 0; j < (long long)m && j <= k; j++)
				acc += pmf[k - j];
			next[k] = acc / (double)m;
		}
		memcpy(pmf, next, (size_t)(c + 1) * sizeof(*pmf));
	}
	for (long long k = 0; k <= c; k++)
		tail += pmf[k];
	return fmin(1.0, 2.0 * tail);
}

static long long mk_s(const double *y, size_t n)
{
	long long s = 0;

	for (size_t i = 0; i + 1 < n; i++)
		for (size_t j = i + 1; j < n; j++)
			s += sign_of(y[j] - y[i]);
	return s;
}

/* P(|S*| >= |s|) over all n! orders of y (n <= ENUM_MAX_N), by Heap's algorithm. */
static double mk_enum_p(const double *y, size_t n, long long s)
{
	double a[ENUM_MAX_N], tmp;
	size_t c[ENUM_MAX_N] = {0}, i = 1;
	long long abs_s = s < 0 ? -s : s, hits = 0, total = 0, v;

	memcpy(a, y, n * sizeof(*a));
	v = mk_s(a, n);
	hits += (v < 0 ? -v : v) >= abs_s;
	total++;
	while (i < n) {
		if (c[i] < i) {
			size_t other = i % 2 == 0 ? 0 : c[i];

			tmp = a[other];
			a[other] = a[i];
			a[i] = tmp;
			v = mk_s(a, n);
			hits += (v < 0 ? -v : v) >= abs_s;
			total++;
			c[i]++;
			i = 1;
		} else {
			c[i] = 0;
			i++;
		}
	}
	return (double)hits / (double)total;
}

/* ---------------------------------------------------------------------- */
/* Mann–Kendall and Kendall's tau-b                                        */

enum ebb_status ebb_mann_kendall(struct ebb_mk *out, const double *t, const double *y, size_t n,
                                 struct ebb_error *err)
{
	enum ebb_status rc;
	double *ts, *ys, dn = (double)n, m, v, z, sd;
	struct ties tt, ty;
	long long nn = (long long)n, tot = nn * (nn - 1) / 2, pq = 0, dis = 0;

	rc = check_points(out, t, y, n, err);
	if (rc != EBB_OK)
		return rc;
	ts = malloc(2 * n * sizeof(*ts));
	if (ts == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	ys = ts + n;
	sorted_copy(ts, t, n);
	sorted_copy(ys, y, n);
	tt = tie_sums(ts, n);
	ty = tie_sums(ys, n);
	free(ts);

	memset(out, 0, sizeof(*out));

	/* Mann–Kendall on y in the order given. */
	out->s = mk_s(y, n);
	out->var_s = (double)(nn * (nn - 1) * (2 * nn + 5) - ty.v) / 18.0;
	if (out->var_s > 0) {
		sd = sqrt(out->var_s);
		out->z = (double)out->s / sd;
		out->z_cc = out->s > 0   ? (double)(out->s - 1) / sd
		            : out->s < 0 ? (double)(out->s + 1) / sd
		                         : 0.0;
		out->p = norm_p2(out->z);
		out->p_cc = norm_p2(out->z_cc);
	} else {
		out->z = out->z_cc = 0.0;
		out->p = out->p_cc = 1.0;
	}
	out->p_exact = NAN;
	out->exact_method = EBB_MK_EXACT_NONE;
	if (ty.groups == 0 && n <= EXACT_MAX_N) {
		out->p_exact = ebb_mk_exact_p(n, out->s);
		out->exact_method = EBB_MK_EXACT_NOTIES;
	} else if (ty.groups > 0 && n <= ENUM_MAX_N) {
		out->p_exact = mk_enum_p(y, n, out->s);
		out->exact_method = EBB_MK_EXACT_TIES;
	}
	out->exact = out->exact_method != EBB_MK_EXACT_NONE;

	/* Kendall's tau-b of (t, y): P - Q over all pairs, ties in either count 0. */
	for (size_t i = 0; i + 1 < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			int ab = sign_of(t[j] - t[i]) * sign_of(y[j] - y[i]);

			pq += ab;
			dis += ab < 0;
		}
	}
	if (tt.pairs == tot || ty.pairs == tot) {
		/* A constant t or y: tau-b is undefined (SciPy: nan, nan). */
		out->tau_b = out->tau_b_p = out->tau_b_p_auto = NAN;
		return EBB_OK;
	}
	out->tau_b = (double)pq / sqrt((double)(tot - tt.pairs)) / sqrt((double)(tot - ty.pairs));
	out->tau_b = fmin(1.0, fmax(-1.0, out->tau_b));

	/* The full tie variance of P - Q, cross terms included (WAVES.md trap 4). */
	m = dn * (dn - 1.0);
	v = (m * (2 * dn + 5) - (double)tt.v - (double)ty.v) / 18.0 +
	    2.0 * ((double)tt.pairs) * ((double)ty.pairs) / m;
	if (n > 2) /* for n = 2 the term is 0 (SciPy: 0/0) */
		v += ((double)tt.cube * (double)ty.cube) / (9.0 * m * (dn - 2));
	z = (double)pq / sqrt(v);
	out->tau_b_p = norm_p2(z);

	/* SciPy's method='auto'. With no ties, discordant pairs are dis. */
	if (tt.groups == 0 && ty.groups == 0 &&
	    (n <= EXACT_MAX_N || (dis < tot - dis ? dis : tot - dis) <= 1))
		out->tau_b_p_auto = ebb_mk_exact_p(n, pq);
	else
		out->tau_b_p_auto = out->tau_b_p;
	return EBB_OK;
}

/* ---------------------------------------------------------------------- */
/* Wilson                                                                  */

void ebb_wilson(size_t k, size_t n, double *lo, double *hi)
{
	double l, h;

	if (k > n) {
		l = h = NAN;
	} else if (n == 0) {
		l = 0.0;
		h = 1.0;
	} else {
		double dn = (double)n, p = (double)k / dn, z2 = Z975 * Z975;
		double denom = 1.0 + z2 / dn;
		double centre = (p + z2 / (2.0 * dn)) / denom;
		double half = Z975 * sqrt(p * (1.0 - p) / dn + z2 / (4.0 * dn * dn)) / denom;

		l = fmax(0.0, centre - half);
		h = fmin(1.0, centre + half);
	}
	if (lo != NULL)
		*lo = l;
	if (hi != NULL)
		*hi = h;
}
