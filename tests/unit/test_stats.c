/*
 * test_stats.c — unit tests for src/core/stats.c: rounding half to even,
 * medians, Theil–Sen with Sen's interval, Mann–Kendall (normal p with and
 * without continuity correction, exact p without ties and with ties),
 * Kendall's tau-b with SciPy's asymptotic and default p, and the Wilson
 * interval.
 *
 * What a person would notice if these broke: `ebb waves` saying "getting
 * smaller" when the range still holds zero (or the reverse), a range that
 * is one pairwise slope too wide or too narrow, the resisted share of
 * urges shown with a wrong interval.
 *
 * Every row of tests/data/waves/vectors_trend.csv and vectors_mk_exact.csv
 * (SciPy 1.10.1, see gen_vectors.py) is reproduced: p-values within 1e-9
 * relative, other floats within 1e-9 relative or absolute below 1,
 * counts and ranks exactly. The data directory is $EBB_TESTDATA when set,
 * else tests/data beside this file. With EBB_STATS_VERBOSE set the worst
 * relative error of each column is printed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stats.h"

#define TOL      1e-9
#define MAX_LIST 64

/* ---------------------------------------------------------------------- */
/* Reading the vectors                                                     */

/* A CSV file parsed in place: cells[row * ncols + col], row 0 the header. */
struct csv {
	char *buf;
	char **cells;
	size_t nrows, ncols;
};

static void data_path(char *out, size_t size, const char *name)
{
	const char *env = getenv("EBB_TESTDATA");
	const char *file = __FILE__, *unit = NULL, *p = file;
	int len;

	if (env != NULL && *env != '\0') {
		len = snprintf(out, size, "%s/waves/%s", env, name);
	} else {
		while ((p = strstr(p, "unit/")) != NULL)
			unit = p++;
		assert_non_null(unit);
		len = snprintf(out, size, "%.*sdata/waves/%s", (int)(unit - file), file, name);
	}
	assert_true(len > 0 && (size_t)len < size);
}

static char *slurp(const char *name)
{
	char path[4096];
	FILE *f;
	char *buf;
	long len;

	data_path(path, sizeof(path), name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s (set EBB_TESTDATA to the tests/data directory)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/*
 * Splits the text into cells in place: fields separated by commas, rows by
 * newlines (a CR before it is dropped), fields in double quotes may hold
 * commas and "" for a quote. Every row must have as many cells as the header.
 */
static void csv_load(struct csv *c, const char *name)
{
	char *r, *w;
	size_t cap = 64, n = 0, cols_in_row = 0;

	c->buf = slurp(name);
	c->cells = malloc(cap * sizeof(*c->cells));
	assert_non_null(c->cells);
	c->ncols = 0;
	r = w = c->buf;
	while (*r != '\0') {
		char *start = w;
		bool quoted = *r == '"';

		if (quoted) {
			r++;
			for (;;) {
				assert_true(*r != '\0');
				if (*r == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*w++ = *r++;
				}
			}
		} else {
			while (*r != '\0' && *r != ',' && *r != '\n' && *r != '\r')
				*w++ = *r++;
		}
		if (n == cap) {
			cap *= 2;
			c->cells = realloc(c->cells, cap * sizeof(*c->cells));
			assert_non_null(c->cells);
		}
		c->cells[n++] = start;
		cols_in_row++;
		if (*r == ',') {
			r++;
			*w++ = '\0';
			continue;
		}
		if (*r == '\r')
			r++;
		assert_true(*r == '\n' || *r == '\0');
		if (*r == '\n')
			r++;
		*w++ = '\0';
		if (c->ncols == 0)
			c->ncols = cols_in_row;
		assert_int_equal(cols_in_row, c->ncols);
		cols_in_row = 0;
	}
	assert_int_equal(cols_in_row, 0);
	c->nrows = n / c->ncols;
}

static void csv_free(struct csv *c)
{
	free(c->cells);
	free(c->buf);
}

static size_t csv_col(const struct csv *c, const char *name)
{
	for (size_t i = 0; i < c->ncols; i++)
		if (strcmp(c->cells[i], name) == 0)
			return i;
	fail_msg("no column %s", name);
	return 0;
}

static const char *cell(const struct csv *c, size_t row, const char *name)
{
	return c->cells[row * c->ncols + csv_col(c, name)];
}

static double to_double(const char *s)
{
	char *end;
	double v;

	assert_true(*s != '\0');
	v = strtod(s, &end);
	assert_true(*end == '\0');
	return v;
}

static long long to_ll(const char *s)
{
	char *end;
	long long v;

	assert_true(*s != '\0');
	v = strtoll(s, &end, 10);
	assert_true(*end == '\0');
	return v;
}

static size_t to_list(const char *s, double *out, size_t cap)
{
	size_t n = 0;

	while (*s != '\0') {
		char *end;

		assert_true(n < cap);
		out[n++] = strtod(s, &end);
		assert_true(end != s && (*end == ';' || *end == '\0'));
		s = *end == ';' ? end + 1 : end;
	}
	return n;
}

/* ---------------------------------------------------------------------- */
/* Comparing                                                               */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The worst relative error seen in each column, for the verbose report. */
struct worst {
	const char *col[24];
	double rel[24];
	char where[24][48];
	size_t n;
};

static double rel_err(double got, double want)
{
	double m = fmax(fabs(got), fabs(want));

	return m == 0 ? 0 : fabs(got - want) / m;
}

static void note(struct worst *w, const char *col, double got, double want, const char *where)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->col[i], col) == 0)
			break;
	if (i == w->n) {
		assert_true(w->n < sizeof(w->rel) / sizeof(w->rel[0]));
		w->col[w->n] = col;
		w->rel[w->n] = 0;
		snprintf(w->where[w->n], sizeof(w->where[w->n]), "%s", where);
		w->n++;
	}
	if (rel_err(got, want) > w->rel[i]) {
		w->rel[i] = rel_err(got, want);
		snprintf(w->where[i], sizeof(w->where[i]), "%s", where);
	}
}

static void report(const struct worst *w, const char *title)
{
	if (getenv("EBB_STATS_VERBOSE") == NULL)
		return;
	print_message("%s: worst relative error per column\n", title);
	for (size_t i = 0; i < w->n; i++)
		print_message("  %-24s %.3g  (%s)\n", w->col[i], w->rel[i],
		              w->rel[i] > 0 ? w->where[i] : "every row exact");
}

/* A float other than a p-value: 1e-9 relative, or absolute below 1. */
static void expect_near(struct worst *w, const char *where, const char *col, double got,
                        double want)
{
	note(w, col, got, want, where);
	if (!(fabs(got - want) <= TOL * fmax(1.0, fmax(fabs(got), fabs(want)))))
		fail_msg("%s %s: got %.17g, want %.17g", where, col, got, want);
}

/* A p-value: 1e-9 relative however small. */
static void expect_p(struct worst *w, const char *where, const char *col, double got, double want)
{
	note(w, col, got, want, where);
	if (!(rel_err(got, want) <= TOL))
		fail_msg("%s %s: got %.17g, want %.17g", where, col, got, want);
}

/* ---------------------------------------------------------------------- */
/* Rounding and medians                                                    */

static void test_rint(void **state)
{
	(void)state;
	assert_true(ebb_rint(0.5) == 0.0 && !signbit(ebb_rint(0.5)));
	assert_true(ebb_rint(1.5) == 2.0);
	assert_true(ebb_rint(2.5) == 2.0);
	assert_true(ebb_rint(3.5) == 4.0);
	assert_true(ebb_rint(-0.5) == 0.0 && signbit(ebb_rint(-0.5)));
	assert_true(ebb_rint(-1.5) == -2.0);
	assert_true(ebb_rint(-2.5) == -2.0);
	assert_true(ebb_rint(-0.4) == 0.0 && signbit(ebb_rint(-0.4)));
	assert_true(ebb_rint(0.49999999999999994) == 0.0);
	assert_true(ebb_rint(2.5000000000000004) == 3.0);
	assert_true(ebb_rint(1.4999999999999998) == 1.0);
	assert_true(ebb_rint(7.0) == 7.0);
	assert_true(ebb_rint(0.0) == 0.0 && !signbit(ebb_rint(0.0)));
	assert_true(ebb_rint(4503599627370495.5) == 4503599627370496.0);
	assert_true(ebb_rint(4503599627370497.0) == 4503599627370497.0);
	assert_true(ebb_rint(1e300) == 1e300);
	assert_true(isinf(ebb_rint(INFINITY)) && ebb_rint(-INFINITY) < 0);
	assert_true(isnan(ebb_rint(NAN)));
	/* Not C's round(), which takes halves away from zero. */
	assert_true(round(2.5) == 3.0 && ebb_rint(2.5) == 2.0);
}

static void test_median(void **state)
{
	double odd[] = {5, 1, 4, 2, 3}, even[] = {10, -1, 3, 7}, one[] = {42};
	double copy[5];

	(void)state;
	memcpy(copy, odd, sizeof(odd));
	assert_true(ebb_median(odd, 5) == 3.0);
	assert_memory_equal(copy, odd, sizeof(odd)); /* the input is not reordered */
	assert_true(ebb_median(even, 4) == 5.0);
	assert_true(ebb_median(one, 1) == 42.0);
	assert_true(isnan(ebb_median(odd, 0)));
	assert_true(isnan(ebb_median(NULL, 3)));
}

/* ---------------------------------------------------------------------- */
/* vectors_trend.csv                                                       */

static enum ebb_mk_exact_method method_of(const char *s)
{
	if (strcmp(s, "exact-noties") == 0)
		return EBB_MK_EXACT_NOTIES;
	if (strcmp(s, "exact-permutation-with-ties") == 0)
		return EBB_MK_EXACT_TIES;
	assert_string_equal(s, "");
	return EBB_MK_EXACT_NONE;
}

static void test_trend_vectors(void **state)
{
	struct csv c;
	struct worst w = {.n = 0};
	size_t rows = 0, exact_rows = 0, ties_rows = 0, none_rows = 0;

	(void)state;
	csv_load(&c, "vectors_trend.csv");
	for (size_t r = 1; r < c.nrows; r++) {
		double t[MAX_LIST], y[MAX_LIST];
		const char *id = cell(&c, r, "case_id");
		size_t n = (size_t)to_ll(cell(&c, r, "n"));
		struct ebb_theilsen ts;
		struct ebb_mk mk;
		struct ebb_error err = {0};
		enum ebb_mk_exact_method method = method_of(cell(&c, r, "mk_p_exact_method"));

		assert_int_equal(to_list(cell(&c, r, "t"), t, MAX_LIST), n);
		assert_int_equal(to_list(cell(&c, r, "y"), y, MAX_LIST), n);

		assert_int_equal(ebb_theilsen(&ts, t, y, n, to_double(cell(&c, r, "conf")), &err),
		                 EBB_OK);
		expect_near(&w, id, "theil_slope", ts.slope, to_double(cell(&c, r, "theil_slope")));
		expect_near(&w, id, "theil_intercept", ts.intercept,
		            to_double(cell(&c, r, "theil_intercept")));
		expect_near(&w, id, "theil_lo", ts.lo, to_double(cell(&c, r, "theil_lo")));
		expect_near(&w, id, "theil_hi", ts.hi, to_double(cell(&c, r, "theil_hi")));
		assert_int_equal(ts.n_pairs, to_ll(cell(&c, r, "n_pairs")));
		assert_int_equal(ts.rank_lo, to_ll(cell(&c, r, "rank_lo_0based")));
		assert_int_equal(ts.rank_hi, to_ll(cell(&c, r, "rank_hi_0based")));

		assert_int_equal(ebb_mann_kendall(&mk, t, y, n, &err), EBB_OK);
		expect_near(&w, id, "kendall_tau_b", mk.tau_b,
		            to_double(cell(&c, r, "kendall_tau_b")));
		expect_p(&w, id, "kendall_p_auto", mk.tau_b_p_auto,
		         to_double(cell(&c, r, "kendall_p_auto")));
		expect_p(&w, id, "kendall_p_asymptotic", mk.tau_b_p,
		         to_double(cell(&c, r, "kendall_p_asymptotic")));
		assert_int_equal(mk.s, to_ll(cell(&c, r, "mk_S")));
		expect_near(&w, id, "mk_varS", mk.var_s, to_double(cell(&c, r, "mk_varS")));
		expect_near(&w, id, "mk_z_cc", mk.z_cc, to_double(cell(&c, r, "mk_z_cc")));
		expect_p(&w, id, "mk_p_cc", mk.p_cc, to_double(cell(&c, r, "mk_p_cc")));
		expect_near(&w, id, "mk_z_nocc", mk.z, to_double(cell(&c, r, "mk_z_nocc")));
		expect_p(&w, id, "mk_p_nocc", mk.p, to_double(cell(&c, r, "mk_p_nocc")));
		assert_int_equal(mk.exact_method, method);
		assert_int_equal(mk.exact, method != EBB_MK_EXACT_NONE);
		if (method == EBB_MK_EXACT_NONE) {
			assert_true(isnan(mk.p_exact));
			none_rows++;
		} else {
			expect_p(&w, id, "mk_p_exact", mk.p_exact,
			         to_double(cell(&c, r, "mk_p_exact")));
			exact_rows++;
			ties_rows += method == EBB_MK_EXACT_TIES;
		}
		rows++;
	}
	/* 23 cases: 14 exact without ties, 6 by enumeration with ties, 3 with no exact p. */
	assert_int_equal(rows, 23);
	assert_int_equal(exact_rows, 20);
	assert_int_equal(ties_rows, 6);
	assert_int_equal(none_rows, 3);
	report(&w, "vectors_trend.csv");
	csv_free(&c);
}

/* The sen1968 case in another order gives the very same estimate. */
static void test_theilsen_order_free(void **state)
{
	double t[] = {1, 2, 3, 4, 10, 12, 18}, y[] = {9, 15, 19, 20, 45, 55, 78};
	double t2[] = {18, 3, 10, 1, 12, 4, 2}, y2[] = {78, 19, 45, 9, 55, 20, 15};
	struct ebb_theilsen a, b;
	struct ebb_error err = {0};

	(void)state;
	assert_int_equal(ebb_theilsen(&a, t, y, 7, 0.95, &err), EBB_OK);
	assert_int_equal(ebb_theilsen(&b, t2, y2, 7, 0.95, &err), EBB_OK);
	assert_memory_equal(&a, &b, sizeof(a));
}

/* All pairwise slopes of (t, y), sorted with qsort: the plain way. */
static size_t sorted_slopes(const double *t, const double *y, size_t n, double *out)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			if (t[j] > t[i])
				out[k++] = (y[j] - y[i]) / (t[j] - t[i]);
	qsort(out, k, sizeof(*out), cmp_double);
	return k;
}

/*
 * The estimate picks the same order statistics as sorting every slope
 * would, on sizes around the selection's small-range cut-off, with heavy
 * ties in t and y, with no ties, and on a constant y.
 */
static void test_theilsen_selection(void **state)
{
	double t[60], y[60], *s = malloc(60 * 59 / 2 * sizeof(*s));
	unsigned seed = 2024;

	(void)state;
	assert_non_null(s);
	for (size_t n = 2; n <= 60; n++) {
		for (int kind = 0; kind < 3; kind++) {
			struct ebb_theilsen ts;
			struct ebb_error err = {0};
			size_t N;

			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				t[i] = kind == 0 ? (double)((seed >> 16) % 7) : (double)i * 3.5;
				y[i] = kind == 2 ? 4.0 : (double)((seed >> 8) % 9) / 2.0;
			}
			t[0] = 0, t[n - 1] = 100; /* two distinct times at least */
			N = sorted_slopes(t, y, n, s);
			assert_int_equal(ebb_theilsen(&ts, t, y, n, 0.9, &err), EBB_OK);
			assert_int_equal(ts.n_pairs, N);
			assert_true(ts.slope ==
			            (N % 2 ? s[N / 2] : 0.5 * (s[N / 2 - 1] + s[N / 2])));
			if (isnan(ts.lo))
				continue; /* Sen's variance < 0: only with ties in t */
			assert_true(ts.rank_lo <= ts.rank_hi && ts.rank_hi < N);
			assert_true(ts.lo == s[ts.rank_lo] && ts.hi == s[ts.rank_hi]);
		}
	}
	free(s);
}

/* ---------------------------------------------------------------------- */
/* vectors_mk_exact.csv and the exact distributions                        */

/* gen_vectors.py's order of 1..n with the given number of inversions. */
static void with_inversions(double *y, size_t n, long long inv)
{
	long long cnt = 0;

	for (size_t i = 0; i < n; i++)
		y[i] = (double)(i + 1);
	while (cnt < inv) {
		for (size_t j = 0; j + 1 < n && cnt < inv; j++) {
			if (y[j] < y[j + 1]) {
				double tmp = y[j];

				y[j] = y[j + 1];
				y[j + 1] = tmp;
				cnt++;
			}
		}
	}
}

static void test_mk_exact_vectors(void **state)
{
	struct csv c;
	struct worst w = {.n = 0};
	size_t rows = 0;

	(void)state;
	csv_load(&c, "vectors_mk_exact.csv");
	for (size_t r = 1; r < c.nrows; r++) {
		size_t n = (size_t)to_ll(cell(&c, r, "n"));
		long long s = to_ll(cell(&c, r, "S")), tot = (long long)(n * (n - 1) / 2);
		double two = to_double(cell(&c, r, "p_two_sided_exact"));
		double one = to_double(cell(&c, r, "p_one_sided_exact"));
		double t[MAX_LIST], y[MAX_LIST], p = ebb_mk_exact_p(n, s);
		char where[32];
		struct ebb_mk mk;
		struct ebb_error err = {0};

		snprintf(where, sizeof(where), "n=%zu S=%lld", n, s);
		expect_p(&w, where, "p_two_sided_exact", p, two);
		assert_true(ebb_mk_exact_p(n, -s) == p); /* symmetric */
		/*
		 * The generator's one-sided column is min(1, p/2) for S > 0 and
		 * min(1, p) for S = 0 (a convention, not P(S* >= 0)).
		 */
		expect_p(&w, where, "p_one_sided_exact", s > 0 ? fmin(1.0, p / 2) : fmin(1.0, p),
		         one);

		/* The whole path: an order with that S, through ebb_mann_kendall. */
		for (size_t i = 0; i < n; i++)
			t[i] = (double)i;
		with_inversions(y, n, (tot - s) / 2);
		assert_int_equal(ebb_mann_kendall(&mk, t, y, n, &err), EBB_OK);
		assert_int_equal(mk.s, s);
		assert_int_equal(mk.exact_method, EBB_MK_EXACT_NOTIES);
		expect_p(&w, where, "p_two_sided_exact (mk)", mk.p_exact, two);
		expect_p(&w, where, "tau_b_p_auto (exact)", mk.tau_b_p_auto, two);
		expect_p(&w, where, "p_two_sided_normal_cc", mk.p_cc,
		         to_double(cell(&c, r, "p_two_sided_normal_cc")));
		expect_near(&w, where, "abs_tau", mk.tau_b, to_double(cell(&c, r, "abs_tau")));
		rows++;
	}
	assert_int_equal(rows, 38); /* n = 3 has only S = 3 and 1 */
	report(&w, "vectors_mk_exact.csv");
	csv_free(&c);
}

/* Mahonian numbers (OEIS A008302) give the exact p independently of the code. */
static void test_mk_exact_counts(void **state)
{
	static const double n4[] = {1, 3, 5, 6, 5, 3, 1};
	static const double n5[] = {1, 4, 9, 15, 20, 22, 20, 15, 9, 4, 1};
	double tail = 0;

	(void)state;
	for (long long k = 0; k <= 3; k++) {
		tail += n4[k];
		assert_true(rel_err(ebb_mk_exact_p(4, 6 - 2 * k), k == 3 ? 1.0 : 2 * tail / 24) <
		            1e-15);
	}
	tail = 0;
	for (long long k = 0; k <= 5; k++) {
		tail += n5[k];
		assert_true(rel_err(ebb_mk_exact_p(5, 10 - 2 * k), k == 5 ? 1.0 : 2 * tail / 120) <
		            1e-15);
	}
	/* n = 1, 2 and values of S no order can reach. */
	assert_true(ebb_mk_exact_p(1, 0) == 1.0);
	assert_true(ebb_mk_exact_p(2, 1) == 1.0);
	assert_true(ebb_mk_exact_p(2, -1) == 1.0);
	assert_true(isnan(ebb_mk_exact_p(0, 0)));
	assert_true(isnan(ebb_mk_exact_p(4, 7)));
	assert_true(isnan(ebb_mk_exact_p(4, -7)));
	/* The largest n with the full distribution, and beyond it only the extremes. */
	assert_true(rel_err(ebb_mk_exact_p(33, 528), 2.0 / exp(lgamma(34.0))) < 1e-12);
	assert_true(ebb_mk_exact_p(33, 0) == 1.0);
	assert_true(rel_err(ebb_mk_exact_p(40, 780), 2.0 / exp(lgamma(41.0))) < 1e-12);
	assert_true(rel_err(ebb_mk_exact_p(40, -778), 2.0 / exp(lgamma(40.0))) < 1e-12);
	assert_true(isnan(ebb_mk_exact_p(40, 776)));
	assert_true(ebb_mk_exact_p(200, 19900) == 0.0);
	assert_true(isnan(ebb_mk_exact_p(EBB_STATS_MAX_N + 1, 0)));
}

/* SciPy's default p beyond n = 33: exact only when at most one pair disagrees. */
static void test_tau_auto_large_n(void **state)
{
	double t[40], y[40], tmp;
	struct ebb_mk mk;
	struct ebb_error err = {0};

	(void)state;
	for (size_t i = 0; i < 40; i++) {
		t[i] = (double)i;
		y[i] = 100.0 - (double)i;
	}
	assert_int_equal(ebb_mann_kendall(&mk, t, y, 40, &err), EBB_OK);
	assert_int_equal(mk.s, -780);
	assert_false(mk.exact);
	assert_int_equal(mk.exact_method, EBB_MK_EXACT_NONE);
	assert_true(isnan(mk.p_exact));
	assert_true(rel_err(mk.tau_b_p_auto, 2.0 / exp(lgamma(41.0))) < 1e-12);
	assert_true(mk.tau_b_p > mk.tau_b_p_auto);

	tmp = y[10], y[10] = y[11], y[11] = tmp; /* one discordant pair */
	assert_int_equal(ebb_mann_kendall(&mk, t, y, 40, &err), EBB_OK);
	assert_true(rel_err(mk.tau_b_p_auto, 2.0 / exp(lgamma(40.0))) < 1e-12);

	tmp = y[20], y[20] = y[21], y[21] = tmp; /* two: asymptotic */
	assert_int_equal(ebb_mann_kendall(&mk, t, y, 40, &err), EBB_OK);
	assert_true(mk.tau_b_p_auto == mk.tau_b_p);
}

/* Ties and n <= 8: enumeration, checked by hand on a small case. */
static void test_mk_ties_enumeration(void **state)
{
	/* Orders of {1,1,2}: S = 2 for [1,1,2] twice, 0 twice, -2 twice. */
	double t3[] = {0, 1, 2}, y3[] = {1, 1, 2};
	double t9[9], y9[9];
	struct ebb_mk mk;
	struct ebb_error err = {0};

	(void)state;
	assert_int_equal(ebb_mann_kendall(&mk, t3, y3, 3, &err), EBB_OK);
	assert_int_equal(mk.s, 2);
	assert_int_equal(mk.exact_method, EBB_MK_EXACT_TIES);
	assert_true(rel_err(mk.p_exact, 4.0 / 6.0) < 1e-15);

	/* Ties with n = 9: no exact p. */
	for (size_t i = 0; i < 9; i++) {
		t9[i] = (double)i;
		y9[i] = (double)(i / 2);
	}
	assert_int_equal(ebb_mann_kendall(&mk, t9, y9, 9, &err), EBB_OK);
	assert_false(mk.exact);
	assert_true(isnan(mk.p_exact));
	y9[8] = 9; /* now untied: the inversion-count distribution */
	y9[0] = -1, y9[2] = -2, y9[4] = -3, y9[6] = -4;
	assert_int_equal(ebb_mann_kendall(&mk, t9, y9, 9, &err), EBB_OK);
	assert_int_equal(mk.exact_method, EBB_MK_EXACT_NOTIES);
}

/* Constant y: no variance, p = 1, tau-b undefined. */
static void test_mk_constant(void **state)
{
	double t[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, y[10];
	struct ebb_mk mk;
	struct ebb_error err = {0};

	(void)state;
	for (size_t i = 0; i < 10; i++)
		y[i] = 5;
	assert_int_equal(ebb_mann_kendall(&mk, t, y, 10, &err), EBB_OK);
	assert_int_equal(mk.s, 0);
	assert_true(mk.var_s == 0 && mk.z == 0 && mk.z_cc == 0 && mk.p == 1 && mk.p_cc == 1);
	assert_false(mk.exact);
	assert_true(isnan(mk.tau_b) && isnan(mk.tau_b_p) && isnan(mk.tau_b_p_auto));
	assert_int_equal(ebb_mann_kendall(&mk, t, y, 8, &err), EBB_OK);
	assert_int_equal(mk.exact_method, EBB_MK_EXACT_TIES);
	assert_true(mk.p_exact == 1.0);
}

/* Ties in t and a constant y: Sen's variance is negative, no interval. */
static void test_theilsen_no_interval(void **state)
{
	double t[] = {0, 0, 1}, y[] = {5, 5, 5};
	struct ebb_theilsen ts;
	struct ebb_error err = {0};

	(void)state;
	assert_int_equal(ebb_theilsen(&ts, t, y, 3, 0.95, &err), EBB_OK);
	assert_int_equal(ts.n_pairs, 2);
	assert_true(ts.slope == 0.0 && ts.intercept == 5.0);
	assert_true(isnan(ts.lo) && isnan(ts.hi));
}

/* ---------------------------------------------------------------------- */
/* Limits and bad input                                                    */

static void expect_invalid(enum ebb_status rc, const struct ebb_error *err)
{
	assert_int_equal(rc, EBB_ERR_INVALID);
	assert_int_equal(err->code, EBB_ERR_INVALID);
	assert_true(err->msg[0] != '\0');
}

static void test_invalid(void **state)
{
	size_t big = EBB_STATS_MAX_N + 1;
	double *t = calloc(big, sizeof(*t)), *y = calloc(big, sizeof(*y));
	double t3[] = {1, 2, 3}, y3[] = {1, 2, 3}, same[] = {4, 4, 4};
	struct ebb_theilsen ts;
	struct ebb_mk mk;
	struct ebb_error err = {0};

	(void)state;
	assert_non_null(t);
	assert_non_null(y);
	for (size_t i = 0; i < big; i++) {
		t[i] = (double)i;
		y[i] = (double)(i % 7);
	}
	expect_invalid(ebb_theilsen(&ts, t, y, big, 0.95, &err), &err);
	expect_invalid(ebb_mann_kendall(&mk, t, y, big, &err), &err);
	/* The largest accepted n for Mann–Kendall (O(n^2) pairs, no allocation of them). */
	assert_int_equal(ebb_mann_kendall(&mk, t, y, big - 1, &err), EBB_OK);
	assert_false(mk.exact);

	expect_invalid(ebb_theilsen(&ts, t3, y3, 1, 0.95, &err), &err);
	expect_invalid(ebb_mann_kendall(&mk, t3, y3, 1, &err), &err);
	expect_invalid(ebb_theilsen(&ts, same, y3, 3, 0.95, &err), &err);
	expect_invalid(ebb_theilsen(NULL, t3, y3, 3, 0.95, &err), &err);
	expect_invalid(ebb_mann_kendall(&mk, NULL, y3, 3, &err), &err);
	expect_invalid(ebb_theilsen(&ts, t3, y3, 3, 1.0, &err), &err);
	expect_invalid(ebb_theilsen(&ts, t3, y3, 3, 0.2, &err), &err);
	expect_invalid(ebb_theilsen(&ts, t3, y3, 3, NAN, &err), &err);
	y3[1] = NAN;
	expect_invalid(ebb_theilsen(&ts, t3, y3, 3, 0.95, &err), &err);
	expect_invalid(ebb_mann_kendall(&mk, t3, y3, 3, &err), &err);
	y3[1] = 2;
	t3[2] = INFINITY;
	expect_invalid(ebb_mann_kendall(&mk, t3, y3, 3, &err), &err);
	/* err may be NULL. */
	assert_int_equal(ebb_mann_kendall(&mk, t3, y3, 1, NULL), EBB_ERR_INVALID);
	free(t);
	free(y);
}

/* ---------------------------------------------------------------------- */
/* Large series (speed is measured in bench/, never here)                 */

/* 500 points (124,750 pairs): selection gives what a full sort gives, and
 * n = 8 with ties is enumerated exactly. */
static void test_large_series(void **state)
{
	double t[500], y[500];
	double te[8] = {0, 1, 2, 3, 4, 5, 6, 7}, ye[8] = {3, 1, 3, 2, 2, 5, 4, 1};
	struct ebb_theilsen ts;
	struct ebb_mk mk;
	struct ebb_error err = {0};
	unsigned seed = 12345;

	(void)state;
	for (size_t i = 0; i < 500; i++) {
		seed = seed * 1103515245u + 12345u;
		t[i] = (double)(3 * i + seed % 3);
		y[i] = 8.0 - 0.01 * t[i] + (double)((seed >> 8) % 100) / 50.0;
	}
	/* The largest enumeration: n = 8 with ties, all 40320 orders. */
	assert_int_equal(ebb_mann_kendall(&mk, te, ye, 8, &err), EBB_OK);
	assert_int_equal(mk.exact_method, EBB_MK_EXACT_TIES);

	/* The same answer as sorting all 124,750 slopes. */
	{
		double *s = malloc(500 * 499 / 2 * sizeof(*s));
		size_t N;

		assert_non_null(s);
		assert_int_equal(ebb_theilsen(&ts, t, y, 500, 0.95, &err), EBB_OK);
		assert_true(ts.lo <= ts.slope && ts.slope <= ts.hi && ts.hi < 0);
		N = sorted_slopes(t, y, 500, s);
		assert_int_equal(N, 124750);
		assert_true(ts.slope == 0.5 * (s[N / 2 - 1] + s[N / 2]));
		assert_true(ts.lo == s[ts.rank_lo] && ts.hi == s[ts.rank_hi]);
		free(s);
	}

	/* A straight line: every pairwise slope equal, so is the interval. */
	for (size_t i = 0; i < 500; i++)
		y[i] = 1.0 + 0.5 * t[i];
	assert_int_equal(ebb_theilsen(&ts, t, y, 500, 0.95, &err), EBB_OK);
	assert_true(ts.slope == 0.5 && ts.lo == 0.5 && ts.hi == 0.5 && ts.intercept == 1.0);
}

/* ---------------------------------------------------------------------- */
/* Wilson                                                                  */

static void test_wilson(void **state)
{
	/* Worked by hand with 40-digit decimals; 8/10 matches R binom.wilson (0.4901625,
	 * 0.9433178). */
	static const struct {
		size_t k, n;
		double lo, hi;
	} cases[] = {
	    {8, 10, 0.4901624715366417, 0.9433178485456247},
	    {0, 10, 0.0, 0.2775327998628892},
	    {5, 5, 0.5655175352168252, 1.0},
	    {3, 7, 0.1582198552514697, 0.7495416354723428},
	    {1, 2, 0.09453120573423072, 0.9054687942657693},
	    {4, 5, 0.37553462976252533, 0.9637758913675698},
	    {17, 20, 0.6395811352592431, 0.9476312541037833},
	};
	double lo, hi;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ebb_wilson(cases[i].k, cases[i].n, &lo, &hi);
		assert_true(fabs(lo - cases[i].lo) <= 1e-12);
		assert_true(fabs(hi - cases[i].hi) <= 1e-12);
		assert_true(lo >= 0 && hi <= 1 && lo < hi);
	}
	/* n = 0: nothing known, the whole range. */
	ebb_wilson(0, 0, &lo, &hi);
	assert_true(lo == 0.0 && hi == 1.0);
	/* More successes than trials is not a proportion. */
	ebb_wilson(6, 5, &lo, &hi);
	assert_true(isnan(lo) && isnan(hi));
	/* Either end may be skipped. */
	ebb_wilson(8, 10, NULL, &hi);
	assert_true(fabs(hi - 0.9433178485456247) <= 1e-12);
	ebb_wilson(8, 10, &lo, NULL);
	assert_true(fabs(lo - 0.4901624715366417) <= 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rint),
	    cmocka_unit_test(test_median),
	    cmocka_unit_test(test_trend_vectors),
	    cmocka_unit_test(test_theilsen_order_free),
	    cmocka_unit_test(test_theilsen_selection),
	    cmocka_unit_test(test_mk_exact_vectors),
	    cmocka_unit_test(test_mk_exact_counts),
	    cmocka_unit_test(test_tau_auto_large_n),
	    cmocka_unit_test(test_mk_ties_enumeration),
	    cmocka_unit_test(test_mk_constant),
	    cmocka_unit_test(test_theilsen_no_interval),
	    cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_large_series),
	    cmocka_unit_test(test_wilson),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
