/*
 * test_waves.c — unit tests for src/core/waves.c: peak finding against
 * every row of tests/data/waves/vectors_peaks.csv (SciPy's find_peaks and
 * peak_widths), both scenarios of vectors_pipeline.json end to end
 * (check-ins -> daily means -> EWMA -> kernel smoothing -> segments ->
 * waves -> trend of wave heights -> steps -> verdict; weekly baseline ->
 * trend -> verdict), the same check-ins read as stored moments on local
 * calendar days across offsets, and the sentences for every verdict.
 *
 * What a person would notice if these broke: `ebb waves` marking a wave
 * on the wrong day or missing one, saying "getting smaller" when the
 * numbers do not allow it, a check-in just after midnight counted on the
 * day before, or a sentence that reads like a diagnosis.
 *
 * The vectors are found through EBB_TESTDATA (set by CTest), else next to
 * this source file. Floats are compared like gen_vectors.py: within 1e-9
 * of max(1, |a|, |b|), p-values within 1e-9 relative. Set WAVES_REPORT=1
 * to print the largest differences seen.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "waves.h"

/* ---------------------------------------------------------------------- */
/* Comparing numbers                                                       */

/* The largest differences seen, for WAVES_REPORT (tests only). */
static struct {
	double abs_rel; /* |a - b| / max(1, |a|, |b|) */
	char abs_what[96];
	double p_rel; /* p-values: |a - b| / max(|a|, |b|) */
	char p_what[96];
	size_t compared;
} worst;

static void near_(double got, double want, const char *what, size_t i, bool pvalue)
{
	double diff, scale, rel;

	worst.compared++;
	if (isnan(want) || isnan(got)) {
		if (!(isnan(want) && isnan(got)))
			fail_msg("%s[%zu]: got %.17g, want %.17g", what, i, got, want);
		return;
	}
	diff = fabs(got - want);
	if (pvalue) {
		scale = fmax(fabs(got), fabs(want));
		rel = scale > 0.0 ? diff / scale : diff;
		if (rel > worst.p_rel) {
			worst.p_rel = rel;
			snprintf(worst.p_what, sizeof(worst.p_what), "%s[%zu]", what, i);
		}
	} else {
		scale = fmax(1.0, fmax(fabs(got), fabs(want)));
		rel = diff / scale;
		if (rel > worst.abs_rel) {
			worst.abs_rel = rel;
			snprintf(worst.abs_what, sizeof(worst.abs_what), "%s[%zu]", what, i);
		}
	}
	if (rel > 1e-9)
		fail_msg("%s[%zu]: got %.17g, want %.17g (off by %.3g)", what, i, got, want, rel);
}

static void near(double got, double want, const char *what, size_t i)
{
	near_(got, want, what, i, false);
}

static void near_p(double got, double want, const char *what, size_t i)
{
	near_(got, want, what, i, true);
}

/* ---------------------------------------------------------------------- */
/* Reading the vectors                                                     */

/* path of name under tests/data/waves: EBB_TESTDATA, else beside this file. */
static void data_path(char *out, size_t size, const char *name)
{
	const char *env = getenv("EBB_TESTDATA");

	if (env && *env) {
		snprintf(out, size, "%s/waves/%s", env, name);
	} else {
		char dir[4096];
		char *cut;

		snprintf(dir, sizeof(dir), "%s", __FILE__);
		cut = strstr(dir, "/unit/test_waves.c");
		if (cut)
			*cut = '\0';
		else
			snprintf(dir, sizeof(dir), "tests");
		snprintf(out, size, "%s/data/waves/%s", dir, name);
	}
}

static char *slurp(const char *name)
{
	char path[4200];
	FILE *f;
	char *buf = NULL;
	long len;

	data_path(path, sizeof(path), name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s (set EBB_TESTDATA to the tests/data directory)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* A CSV file as rows of fields (RFC 4180: quoted fields, "" inside quotes). */
struct csv {
	size_t rows, cols;
	char ***cell; /* cell[row][col]; row 0 is the header */
};

static void csv_free(struct csv *c)
{
	for (size_t r = 0; r < c->rows; r++) {
		for (size_t k = 0; k < c->cols; k++)
			free(c->cell[r][k]);
		free(c->cell[r]);
	}
	free(c->cell);
}

static void csv_read(struct csv *c, const char *name)
{
	char *text = slurp(name), *p = text;
	size_t cap_rows = 0;

	memset(c, 0, sizeof(*c));
	while (*p) {
		char **row = NULL;
		size_t n = 0;

		for (;;) {
			size_t len = 0, cap = 64;
			char *field = malloc(cap);

			assert_non_null(field);
			if (*p == '"') {
				p++;
				while (*p && !(*p == '"' && p[1] != '"')) {
					if (*p == '"')
						p++;
					if (len + 1 >= cap)
						field = realloc(field, cap *= 2);
					assert_non_null(field);
					field[len++] = *p++;
				}
				if (*p == '"')
					p++;
			}
			while (*p && *p != ',' && *p != '\n' && *p != '\r') {
				if (len + 1 >= cap)
					field = realloc(field, cap *= 2);
				assert_non_null(field);
				field[len++] = *p++;
			}
			field[len] = '\0';
			row = realloc(row, (n + 1) * sizeof(*row));
			assert_non_null(row);
			row[n++] = field;
			if (*p == ',') {
				p++;
				continue;
			}
			break;
		}
		if (*p == '\r')
			p++;
		if (*p == '\n')
			p++;
		if (c->rows == 0)
			c->cols = n;
		if (n != c->cols)
			fail_msg("%s row %zu has %zu fields, header has %zu", name, c->rows, n,
			         c->cols);
		if (c->rows == cap_rows) {
			cap_rows = cap_rows ? 2 * cap_rows : 16;
			c->cell = realloc(c->cell, cap_rows * sizeof(*c->cell));
			assert_non_null(c->cell);
		}
		c->cell[c->rows++] = row;
	}
	free(text);
}

static const char *csv_get(const struct csv *c, size_t row, const char *col)
{
	for (size_t k = 0; k < c->cols; k++)
		if (strcmp(c->cell[0][k], col) == 0)
			return c->cell[row][k];
	fail_msg("no column %s", col);
	return NULL;
}

static double num(const char *s)
{
	char *end;
	double v;

	if (strcmp(s, "nan") == 0)
		return NAN;
	v = strtod(s, &end);
	if (end == s || *end != '\0')
		fail_msg("not a number: '%s'", s);
	return v;
}

/* A ';'-separated list of numbers; *n receives the count ("" is empty). */
static double *list(const char *s, size_t *n)
{
	double *v = NULL;
	size_t count = 0;
	char *copy = strdup(s), *save = NULL;

	assert_non_null(copy);
	for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
		v = realloc(v, (count + 1) * sizeof(*v));
		assert_non_null(v);
		v[count++] = num(tok);
	}
	free(copy);
	*n = count;
	return v;
}

/* The number in a JSON member that may be a string ("0.5"), an integer or a real. */
static double jnum(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL)
		fail_msg("no member %s", key);
	if (json_is_string(v))
		return num(json_string_value(v));
	if (json_is_number(v))
		return json_number_value(v);
	if (json_is_null(v))
		return NAN;
	fail_msg("member %s is not a number", key);
	return NAN;
}

static double jat(const json_t *arr, size_t i)
{
	const json_t *v = json_array_get(arr, i);

	if (json_is_null(v))
		return NAN;
	assert_true(json_is_number(v));
	return json_number_value(v);
}

/* ---------------------------------------------------------------------- */
/* Peaks: every row of vectors_peaks.csv                                   */

static double opt_num(const char *s)
{
	return *s ? num(s) : 0.0;
}

static void test_peaks_vectors(void **state)
{
	struct csv c;
	size_t rows = 0;

	(void)state;
	csv_read(&c, "vectors_peaks.csv");
	assert_true(c.rows > 1);
	for (size_t r = 1; r < c.rows; r++) {
		const char *id = csv_get(&c, r, "case_id");
		size_t n, np, npr, nlb, nrb, nw, nli, nri, count = 0;
		double *x = list(csv_get(&c, r, "x"), &n);
		double *pk = list(csv_get(&c, r, "peaks"), &np);
		double *pr = list(csv_get(&c, r, "prominences"), &npr);
		double *lb = list(csv_get(&c, r, "left_bases"), &nlb);
		double *rb = list(csv_get(&c, r, "right_bases"), &nrb);
		double *w = list(csv_get(&c, r, "widths_rel0.5"), &nw);
		double *li = list(csv_get(&c, r, "left_ips"), &nli);
		double *ri = list(csv_get(&c, r, "right_ips"), &nri);
		struct ebb_peak_options opt = {opt_num(csv_get(&c, r, "prominence_min")),
		                               opt_num(csv_get(&c, r, "distance")),
		                               opt_num(csv_get(&c, r, "wlen")), 0.5};
		struct ebb_peak *out = calloc(n / 2 + 1, sizeof(*out));
		struct ebb_error err;
		char what[128];

		assert_non_null(out);
		assert_int_equal((size_t)num(csv_get(&c, r, "n")), n);
		if (ebb_find_peaks(x, n, &opt, out, n / 2, &count, &err) != EBB_OK)
			fail_msg("%s: %s", id, err.msg);
		if (count != np)
			fail_msg("%s: %zu peaks, want %zu", id, count, np);
		assert_int_equal(npr, np);
		assert_int_equal(nlb, np);
		assert_int_equal(nrb, np);
		assert_int_equal(nw, np);
		assert_int_equal(nli, np);
		assert_int_equal(nri, np);
		for (size_t k = 0; k < np; k++) {
			if (out[k].index != (size_t)pk[k] || out[k].left_base != (size_t)lb[k] ||
			    out[k].right_base != (size_t)rb[k])
				fail_msg("%s peak %zu: at %zu bases %zu..%zu, want %g bases %g..%g",
				         id, k, out[k].index, out[k].left_base, out[k].right_base,
				         pk[k], lb[k], rb[k]);
			snprintf(what, sizeof(what), "%s prominence", id);
			near(out[k].prominence, pr[k], what, k);
			snprintf(what, sizeof(what), "%s width", id);
			near(out[k].width, w[k], what, k);
			snprintf(what, sizeof(what), "%s left_ip", id);
			near(out[k].left_ip, li[k], what, k);
			snprintf(what, sizeof(what), "%s right_ip", id);
			near(out[k].right_ip, ri[k], what, k);
		}
		rows++;
		free(out);
		free(x);
		free(pk);
		free(pr);
		free(lb);
		free(rb);
		free(w);
		free(li);
		free(ri);
	}
	assert_int_equal(rows, 13); /* the 13 cases of docs/WAVES.md */
	csv_free(&c);
}

static void test_peaks_edges(void **state)
{
	const double flat[] = {1, 1, 1, 1}, two[] = {0, 1}, bad[] = {0, NAN, 0};
	const double x[] = {0, 3, 1, 3, 0, 2, 0};
	struct ebb_peak out[4];
	struct ebb_peak_options opt = {0, 0, 0, 0.5}, badopt;
	struct ebb_error err;
	size_t count = 99;

	(void)state;
	/* no maxima in a flat line, nor in fewer than 3 samples */
	assert_int_equal(ebb_find_peaks(flat, 4, &opt, out, 2, &count, &err), EBB_OK);
	assert_int_equal(count, 0);
	assert_int_equal(ebb_find_peaks(two, 2, &opt, out, 1, &count, &err), EBB_OK);
	assert_int_equal(count, 0);
	assert_int_equal(ebb_find_peaks(bad, 3, &opt, out, 1, &count, &err), EBB_ERR_INVALID);
	/* SciPy refuses wlen <= 1 and distance < 1 */
	badopt = opt;
	badopt.wlen = 1.0;
	assert_int_equal(ebb_find_peaks(x, 7, &badopt, out, 3, &count, &err), EBB_ERR_INVALID);
	badopt = opt;
	badopt.distance = 0.5;
	assert_int_equal(ebb_find_peaks(x, 7, &badopt, out, 3, &count, &err), EBB_ERR_INVALID);
	badopt = opt;
	badopt.prominence = NAN;
	assert_int_equal(ebb_find_peaks(x, 7, &badopt, out, 3, &count, &err), EBB_ERR_INVALID);
	/* a buffer too small for the peaks found */
	assert_int_equal(ebb_find_peaks(x, 7, &opt, out, 2, &count, &err), EBB_ERR_INVALID);
	/* equal heights under the distance filter: the later one wins */
	opt.distance = 3;
	assert_int_equal(ebb_find_peaks(x, 7, &opt, out, 3, &count, &err), EBB_OK);
	assert_int_equal(count, 1);
	assert_int_equal(out[0].index, 3); /* 1 and 5 are within 3 of it */
	/* without the filter all three, in order */
	opt.distance = 0;
	assert_int_equal(ebb_find_peaks(x, 7, &opt, out, 3, &count, &err), EBB_OK);
	assert_int_equal(count, 3);
	assert_int_equal(out[0].index, 1);
	assert_int_equal(out[2].index, 5);
}

/* ---------------------------------------------------------------------- */
/* The pipeline scenarios                                                  */

static json_t *load_pipeline(void)
{
	char path[4200];
	json_error_t jerr;
	json_t *root;

	data_path(path, sizeof(path), "vectors_pipeline.json");
	root = json_load_file(path, 0, &jerr);
	if (root == NULL)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	return root;
}

/* The check-ins of a scenario as (day, value) arrays. */
static size_t scenario_points(const json_t *sc, int64_t **day, double **value)
{
	const json_t *ci = json_object_get(sc, "checkins");
	size_t n = json_array_size(ci);

	assert_true(n > 0);
	*day = malloc(n * sizeof(**day));
	*value = malloc(n * sizeof(**value));
	assert_non_null(*day);
	assert_non_null(*value);
	for (size_t i = 0; i < n; i++) {
		const json_t *pt = json_array_get(ci, i);

		(*day)[i] = json_integer_value(json_array_get(pt, 0));
		(*value)[i] = json_number_value(json_array_get(pt, 1));
	}
	return n;
}

/* A trend against gen_vectors.py's trend_row fields. */
static void check_trend(const char *name, const json_t *want, const struct ebb_waves_trend *got,
                        const double *t, const double *y)
{
	size_t nt, ny;
	double *wt = list(json_string_value(json_object_get(want, "t")), &nt);
	double *wy = list(json_string_value(json_object_get(want, "y")), &ny);
	const char *pe = json_string_value(json_object_get(want, "mk_p_exact"));
	const char *method = json_string_value(json_object_get(want, "mk_p_exact_method"));
	char what[128];

#define FIELD(f) (snprintf(what, sizeof(what), "%s %s", name, f), what)
	assert_true(got->valid);
	assert_int_equal(got->n, (size_t)jnum(want, "n"));
	assert_int_equal(nt, got->n);
	assert_int_equal(ny, got->n);
	for (size_t k = 0; k < nt; k++) {
		near(t[k], wt[k], FIELD("t"), k);
		near(y[k], wy[k], FIELD("y"), k);
	}
	near(got->ts.slope, jnum(want, "theil_slope"), FIELD("theil_slope"), 0);
	near(got->ts.intercept, jnum(want, "theil_intercept"), FIELD("theil_intercept"), 0);
	near(got->ts.lo, jnum(want, "theil_lo"), FIELD("theil_lo"), 0);
	near(got->ts.hi, jnum(want, "theil_hi"), FIELD("theil_hi"), 0);
	assert_int_equal(got->ts.n_pairs, (size_t)jnum(want, "n_pairs"));
	assert_int_equal(got->ts.rank_lo, (size_t)jnum(want, "rank_lo_0based"));
	assert_int_equal(got->ts.rank_hi, (size_t)jnum(want, "rank_hi_0based"));
	near(got->mk.tau_b, jnum(want, "kendall_tau_b"), FIELD("kendall_tau_b"), 0);
	near_p(got->mk.tau_b_p, jnum(want, "kendall_p_asymptotic"), FIELD("kendall_p_asym"), 0);
	assert_int_equal(got->mk.s, (long long)jnum(want, "mk_S"));
	near(got->mk.var_s, jnum(want, "mk_varS"), FIELD("mk_varS"), 0);
	near(got->mk.z_cc, jnum(want, "mk_z_cc"), FIELD("mk_z_cc"), 0);
	near_p(got->mk.p_cc, jnum(want, "mk_p_cc"), FIELD("mk_p_cc"), 0);
	near(got->mk.z, jnum(want, "mk_z_nocc"), FIELD("mk_z_nocc"), 0);
	near_p(got->mk.p, jnum(want, "mk_p_nocc"), FIELD("mk_p_nocc"), 0);
	if (pe && *pe) {
		assert_true(got->mk.exact);
		near_p(got->mk.p_exact, num(pe), FIELD("mk_p_exact"), 0);
	} else {
		assert_false(got->mk.exact);
	}
	if (method && strcmp(method, "exact-noties") == 0)
		assert_int_equal(got->mk.exact_method, EBB_MK_EXACT_NOTIES);
	else if (method && *method)
		assert_int_equal(got->mk.exact_method, EBB_MK_EXACT_TIES);
	else
		assert_int_equal(got->mk.exact_method, EBB_MK_EXACT_NONE);
	near_p(got->mk.tau_b_p_auto, jnum(want, "kendall_p_auto"), FIELD("kendall_p_auto"), 0);
#undef FIELD
	free(wt);
	free(wy);
}

/* Everything a scenario expects, against one analysis of its check-ins. */
static void check_scenario(const json_t *sc, const struct ebb_waves_result *r)
{
	const char *name = json_string_value(json_object_get(sc, "scenario"));
	const json_t *daily = json_object_get(sc, "daily");
	const json_t *dday = json_object_get(daily, "day"), *dmean = json_object_get(daily, "mean"),
	             *dcount = json_object_get(daily, "count");
	const json_t *ewma = json_object_get(sc, "ewma_half_life3");
	const json_t *sm = json_object_get(sc, "smooth");
	const json_t *sday = json_object_get(sm, "day"), *sval = json_object_get(sm, "value"),
	             *ssup = json_object_get(sm, "support");
	const json_t *segs = json_object_get(sc, "segments_grid_index");
	const json_t *waves = json_object_get(sc, "waves");
	const json_t *steps = json_object_get(sc, "wave_steps");
	const json_t *diffs = json_object_get(steps, "diffs");
	const json_t *weekly = json_object_get(sc, "weekly");
	const json_t *wweek = json_object_get(weekly, "week"), *wt = json_object_get(weekly, "t"),
	             *wmed = json_object_get(weekly, "median");
	const json_t *wtrend = json_object_get(sc, "wave_trend");
	double t[64], y[64];
	char what[128];

#define FIELD(f) (snprintf(what, sizeof(what), "%s %s", name, f), what)
	/* (a) daily means, counts, maxima, EWMA */
	assert_int_equal(r->n_days, json_array_size(dday));
	for (size_t i = 0; i < r->n_days; i++) {
		const json_t *ci = json_object_get(sc, "checkins");
		double mx = -1.0;

		assert_int_equal(r->day[i], json_integer_value(json_array_get(dday, i)));
		assert_int_equal(r->count[i], json_integer_value(json_array_get(dcount, i)));
		near(r->mean[i], jat(dmean, i), FIELD("daily mean"), i);
		near(r->ewma[i], jat(ewma, i), FIELD("ewma"), i);
		for (size_t k = 0; k < json_array_size(ci); k++) {
			const json_t *pt = json_array_get(ci, k);

			if (json_integer_value(json_array_get(pt, 0)) == r->day[i])
				mx = fmax(mx, json_number_value(json_array_get(pt, 1)));
		}
		near(r->max[i], mx, FIELD("daily max"), i);
	}
	/* the smoothed grid and its gaps */
	assert_int_equal(r->n_grid, json_array_size(sday));
	assert_int_equal(json_integer_value(json_array_get(sday, 0)), r->day[0]);
	for (size_t g = 0; g < r->n_grid; g++) {
		near(r->smooth[g], jat(sval, g), FIELD("smooth"), g);
		near(r->support[g], jat(ssup, g), FIELD("support"), g);
	}
	assert_int_equal(r->n_segments, json_array_size(segs));
	for (size_t s = 0; s < r->n_segments; s++) {
		const json_t *ab = json_array_get(segs, s);

		assert_int_equal(r->segments[s].begin, json_integer_value(json_array_get(ab, 0)));
		assert_int_equal(r->segments[s].end, json_integer_value(json_array_get(ab, 1)));
	}
	/* (b) the waves */
	assert_int_equal(r->n_waves, json_array_size(waves));
	assert_true(r->n_waves <= 64);
	for (size_t k = 0; k < r->n_waves; k++) {
		const json_t *w = json_array_get(waves, k);
		const struct ebb_wave *g = &r->waves[k];

		assert_int_equal(g->day, (int64_t)jnum(w, "day"));
		assert_int_equal(g->left_base_day, (int64_t)jnum(w, "left_base_day"));
		assert_int_equal(g->right_base_day, (int64_t)jnum(w, "right_base_day"));
		near(g->height, jnum(w, "height_smoothed"), FIELD("wave height"), k);
		near(g->prominence, jnum(w, "prominence"), FIELD("wave prominence"), k);
		near(g->width, jnum(w, "width_days_half_prom"), FIELD("wave width"), k);
		near(g->left_ip_day, jnum(w, "left_ip_day"), FIELD("wave left_ip"), k);
		near(g->right_ip_day, jnum(w, "right_ip_day"), FIELD("wave right_ip"), k);
		t[k] = (double)(g->day - r->origin);
		y[k] = g->height;
	}
	/* (c) the trend of the wave heights, the steps and the verdict */
	if (json_is_null(wtrend))
		assert_false(r->wave_trend.valid);
	else
		check_trend(FIELD("wave trend"), wtrend, &r->wave_trend, t, y);
	assert_int_equal(r->n_steps, json_array_size(diffs));
	for (size_t k = 0; k < r->n_steps; k++)
		near(r->steps[k].diff, jat(diffs, k), FIELD("step"), k);
	assert_int_equal(r->n_lower, (size_t)jnum(steps, "n_lower_by_0.5"));
	assert_int_equal(r->n_higher, (size_t)jnum(steps, "n_higher_by_0.5"));
	assert_int_equal(r->n_same, (size_t)jnum(steps, "n_similar"));
	assert_string_equal(ebb_verdict_id(r->wave_verdict),
	                    json_string_value(json_object_get(sc, "wave_verdict")));
	/* the weekly baseline, its trend and verdict */
	assert_int_equal(r->n_weeks, json_array_size(wweek));
	assert_true(r->n_weeks <= 64);
	for (size_t k = 0; k < r->n_weeks; k++) {
		assert_int_equal(r->weeks[k].week, json_integer_value(json_array_get(wweek, k)));
		assert_true(r->weeks[k].days >= 4);
		near(r->weeks[k].t, jat(wt, k), FIELD("week t"), k);
		near(r->weeks[k].median, jat(wmed, k), FIELD("week median"), k);
		t[k] = r->weeks[k].t;
		y[k] = r->weeks[k].median;
	}
	check_trend(FIELD("baseline trend"), json_object_get(sc, "baseline_trend"),
	            &r->baseline_trend, t, y);
	assert_string_equal(ebb_verdict_id(r->baseline_verdict),
	                    json_string_value(json_object_get(sc, "baseline_verdict")));
#undef FIELD
}

static void test_pipeline_points(void **state)
{
	json_t *root = load_pipeline();
	const json_t *scs = json_object_get(root, "scenarios");

	(void)state;
	assert_int_equal(json_array_size(scs), 2);
	for (size_t s = 0; s < json_array_size(scs); s++) {
		const json_t *sc = json_array_get(scs, s);
		struct ebb_waves_result r;
		struct ebb_error err;
		int64_t *day;
		double *value;
		size_t n = scenario_points(sc, &day, &value);

		ebb_waves_result_init(&r);
		if (ebb_waves_analyse_points(&r, day, value, n, NULL, &err) != EBB_OK)
			fail_msg("%s", err.msg);
		assert_int_equal(r.origin, 0);
		check_scenario(sc, &r);
		ebb_waves_result_release(&r);
		assert_null(r.day);
		assert_int_equal(r.n_waves, 0);
		free(day);
		free(value);
	}
	json_decref(root);
	if (getenv("WAVES_REPORT"))
		print_message("%zu numbers compared; worst: %.3g at %s; p-values %.3g relative at "
		              "%s\n",
		              worst.compared, worst.abs_rel, worst.abs_what, worst.p_rel,
		              worst.p_what);
}

/*
 * The same check-ins as stored moments: day d is the local date 2026-03-01
 * + d, at local times near midnight and offsets from -10:00 to +14:00 that
 * change from one check-in to the next (as across DST changes and travel),
 * so the UTC date often differs from the local one. The check-ins are
 * also given newest first. The analysis must equal the one on day numbers,
 * with the origin at the first local day.
 */
static void test_pipeline_checkins(void **state)
{
	static const int32_t offsets[] = {3600, 7200, -18000, -14400, 50400, -36000, 0, 19800};
	static const int32_t times[] = {15 * 60, 23 * 3600 + 50 * 60, 12 * 3600, 1, 86399};
	const int64_t base = 20513; /* 2026-03-01 */
	json_t *root = load_pipeline();
	const json_t *scs = json_object_get(root, "scenarios");

	(void)state;
	for (size_t s = 0; s < json_array_size(scs); s++) {
		const json_t *sc = json_array_get(scs, s);
		struct ebb_waves_result r;
		struct ebb_waves_params p;
		struct ebb_error err;
		int64_t *day;
		double *value;
		size_t n = scenario_points(sc, &day, &value);
		struct ebb_waves_checkin *c = calloc(n, sizeof(*c));

		assert_non_null(c);
		for (size_t i = 0; i < n; i++) {
			int32_t off = offsets[i % 8];
			int64_t local = (base + day[i]) * 86400 + times[i % 5];

			c[n - 1 - i].at = local - off;
			c[n - 1 - i].offset = off;
			c[n - 1 - i].intensity = value[i];
		}
		ebb_waves_result_init(&r);
		ebb_waves_params_init(&p);
		if (ebb_waves_analyse(&r, c, n, &p, &err) != EBB_OK)
			fail_msg("%s", err.msg);
		assert_int_equal(r.origin, base);
		assert_int_equal(r.day[0], base);
		/* shift back to the scenario's day numbers and compare everything */
		for (size_t i = 0; i < r.n_days; i++)
			r.day[i] -= base;
		for (size_t k = 0; k < r.n_waves; k++) {
			r.waves[k].day -= base;
			r.waves[k].left_base_day -= base;
			r.waves[k].right_base_day -= base;
			r.waves[k].left_ip_day -= (double)base;
			r.waves[k].right_ip_day -= (double)base;
		}
		r.origin -= base;
		/* the daily means were summed in the reverse order: equal to rounding */
		check_scenario(sc, &r);
		ebb_waves_result_release(&r);
		free(c);
		free(day);
		free(value);
	}
	json_decref(root);
}

static void test_local_day(void **state)
{
	(void)state;
	assert_int_equal(ebb_waves_local_day(0, 0), 0);
	assert_int_equal(ebb_waves_local_day(-1, 0), -1);
	assert_int_equal(ebb_waves_local_day(86399, 0), 0);
	assert_int_equal(ebb_waves_local_day(86399, 1), 1);
	assert_int_equal(ebb_waves_local_day(0, -1), -1);
	/* 2026-03-29 00:30 in Berlin (CET, +01:00) and 23:30 the same day (CEST,
	 * +02:00, after the clocks went forward): one local day, though the
	 * first is 2026-03-28 in UTC */
	assert_int_equal(ebb_waves_local_day(1774744200 - 3600, 3600), 20541);
	assert_int_equal(ebb_waves_local_day(1774744200 - 3600, 0), 20540);
	assert_int_equal(ebb_waves_local_day(1774744200 + 23 * 3600 - 7200, 7200), 20541);
	/* no overflow at the ends */
	assert_int_equal(ebb_waves_local_day(INT64_MAX, 0), INT64_MAX / 86400);
	assert_int_equal(ebb_waves_local_day(INT64_MIN, 0), INT64_MIN / 86400 - 1);
	assert_int_equal(ebb_waves_local_day(INT64_MAX, INT32_MAX),
	                 INT64_MAX / 86400 + (INT64_MAX % 86400 + INT32_MAX) / 86400);
}

/* Smoothing leaves gaps where no day is near, and segments split there. */
static void test_smooth_gaps(void **state)
{
	const int64_t day[] = {0, 1, 2, 20, 21};
	const double y[] = {4, 5, 6, 3, 3};
	const int64_t lone[] = {0, 40};
	double out[22], sup[22], ew[5], far[41];
	struct ebb_waves_span seg[11];
	size_t ns;

	(void)state;
	ebb_waves_smooth(day, y, 5, 2.0, 6, 0.5, out, sup);
	/* day 8 is 6 days from day 2: weight exp(-4.5) < 0.5, a gap */
	assert_false(isnan(out[0]));
	assert_false(isnan(out[4]));
	assert_true(isnan(out[8]));
	assert_true(isnan(out[10]));
	assert_true(fabs(out[21] - 3.0) < 1e-12);
	ns = ebb_waves_segments(out, 22, seg);
	assert_int_equal(ns, 2);
	assert_int_equal(seg[0].begin, 0);
	assert_int_equal(seg[1].end, 22);
	assert_true(seg[0].end <= 8 && seg[1].begin > 10);
	/* support exactly at the threshold is enough: a lone day has weight 1 */
	ebb_waves_smooth(lone, y, 2, 2.0, 6, 1.0, far, NULL);
	assert_true(far[0] == 4.0);
	assert_true(isnan(far[1]));
	assert_true(far[40] == 5.0);
	/* EWMA: a gap of one half-life moves halfway */
	ebb_waves_ewma(day, y, 5, 1.0, ew);
	assert_true(fabs(ew[0] - 4.0) < 1e-12);
	assert_true(fabs(ew[1] - 4.5) < 1e-12);
}

static void test_analyse_edges(void **state)
{
	const int64_t day[] = {0, 40000};
	int64_t edge[] = {-5, EBB_WAVES_MAX_SPAN - 5};
	const double ok[] = {3, 4}, bad[] = {3, NAN};
	struct ebb_waves_result r;
	struct ebb_waves_params p;
	struct ebb_error err;

	(void)state;
	ebb_waves_result_init(&r);
	/* nothing logged: nothing to say yet */
	assert_int_equal(ebb_waves_analyse(&r, NULL, 0, NULL, &err), EBB_OK);
	assert_int_equal(r.n_days, 0);
	assert_int_equal(r.wave_verdict, EBB_VERDICT_NOT_ENOUGH_WAVES);
	assert_int_equal(r.baseline_verdict, EBB_VERDICT_NOT_ENOUGH_WEEKS);
	/* one check-in */
	assert_int_equal(ebb_waves_analyse_points(&r, day, ok, 1, NULL, &err), EBB_OK);
	assert_int_equal(r.n_days, 1);
	assert_int_equal(r.n_grid, 1);
	assert_int_equal(r.n_waves, 0);
	assert_false(r.wave_trend.valid);
	/* refused: a value that is not a number, a span beyond the limit, bad parameters */
	assert_int_equal(ebb_waves_analyse_points(&r, day, bad, 2, NULL, &err), EBB_ERR_INVALID);
	assert_null(r.day);
	assert_int_equal(ebb_waves_analyse_points(&r, day, ok, 2, NULL, &err), EBB_ERR_INVALID);
	assert_null(r.smooth);
	/* the longest span accepted: two days far apart, a gap between them */
	assert_int_equal(ebb_waves_analyse_points(&r, edge, ok, 2, NULL, &err), EBB_OK);
	assert_int_equal(r.n_grid, EBB_WAVES_MAX_SPAN + 1);
	assert_int_equal(r.n_segments, 2);
	edge[1]++;
	assert_int_equal(ebb_waves_analyse_points(&r, edge, ok, 2, NULL, &err), EBB_ERR_INVALID);
	ebb_waves_params_init(&p);
	p.half_life = 0;
	assert_int_equal(ebb_waves_analyse_points(&r, day, ok, 1, &p, &err), EBB_ERR_INVALID);
	ebb_waves_result_release(&r);
	ebb_waves_result_release(NULL);
}

/* ---------------------------------------------------------------------- */
/* Verdicts and sentences                                                  */

/* The dead band: exactly 0.5 lower or higher counts, less is about the same. */
static void test_steps(void **state)
{
	const double h[] = {5.0, 4.5, 5.0, 5.25, 5.0, 3.0};
	struct ebb_wave_step st[5];
	size_t lo, hi, same;

	(void)state;
	ebb_waves_steps(h, 6, 0.5, st, &lo, &hi, &same);
	assert_int_equal(st[0].kind, EBB_STEP_LOWER);
	assert_int_equal(st[1].kind, EBB_STEP_HIGHER);
	assert_int_equal(st[2].kind, EBB_STEP_SAME);
	assert_int_equal(st[3].kind, EBB_STEP_SAME);
	assert_int_equal(st[4].kind, EBB_STEP_LOWER);
	assert_true(st[4].diff == -2.0);
	assert_int_equal(lo, 2);
	assert_int_equal(hi, 1);
	assert_int_equal(same, 2);
	ebb_waves_steps(h, 1, 0.5, NULL, &lo, &hi, &same);
	assert_int_equal(lo + hi + same, 0);
}

/* Weeks count from the origin, before it too, and need 4 logged days. */
static void test_weekly(void **state)
{
	int64_t day[12];
	double mean[12];
	struct ebb_week wk[4];
	size_t n;

	(void)state;
	for (int i = 0; i < 12; i++) {
		day[i] = i - 8;
		mean[i] = i + 1;
	}
	n = ebb_waves_weekly(day, mean, 12, 0, 4, wk);
	assert_int_equal(n, 2); /* day -8 alone in week -2 does not count */
	assert_int_equal(wk[0].week, -1);
	assert_int_equal(wk[0].days, 7);
	assert_true(wk[0].t == -3.5);
	assert_true(wk[0].median == 5.0);
	assert_int_equal(wk[1].week, 0);
	assert_int_equal(wk[1].days, 4);
	assert_true(wk[1].t == 3.5);
	assert_true(wk[1].median == 10.5);
	/* three logged days are not enough */
	assert_int_equal(ebb_waves_weekly(day + 9, mean + 9, 3, 0, 4, wk), 0);
}

static void test_verdicts(void **state)
{
	struct ebb_waves_trend tr;

	(void)state;
	memset(&tr, 0, sizeof(tr));
	tr.valid = true;
	tr.ts.lo = -0.2;
	tr.ts.hi = -0.01;
	assert_int_equal(ebb_waves_verdict(2, &tr), EBB_VERDICT_NOT_ENOUGH_WAVES);
	assert_int_equal(ebb_waves_verdict(3, &tr), EBB_VERDICT_SEQUENCE_ONLY);
	assert_int_equal(ebb_waves_verdict(4, &tr), EBB_VERDICT_SEQUENCE_ONLY);
	assert_int_equal(ebb_waves_verdict(5, &tr), EBB_VERDICT_SMALLER);
	assert_int_equal(ebb_waves_baseline_verdict(4, &tr), EBB_VERDICT_NOT_ENOUGH_WEEKS);
	assert_int_equal(ebb_waves_baseline_verdict(5, &tr), EBB_VERDICT_SMALLER);
	tr.ts.hi = 0.0; /* touching 0 is not "getting smaller" */
	assert_int_equal(ebb_waves_verdict(8, &tr), EBB_VERDICT_NO_CLEAR_CHANGE);
	tr.ts.lo = 0.01;
	tr.ts.hi = 0.2;
	assert_int_equal(ebb_waves_verdict(8, &tr), EBB_VERDICT_BIGGER);
	assert_string_equal(ebb_verdict_id(EBB_VERDICT_SEQUENCE_ONLY),
	                    "too_early_to_call_show_sequence_only");
	assert_string_equal(ebb_verdict_id(EBB_VERDICT_NOT_ENOUGH_WAVES), "not_enough_waves_yet");
	assert_string_equal(ebb_verdict_id(EBB_VERDICT_NOT_ENOUGH_WEEKS), "not_enough_weeks_yet");
}

/* Words ebb never says about a person's waves. */
static void assert_plain(const char *s)
{
	static const char *const banned[] = {
	    "significant", "p-value",      "p value",  "relapse", "worse",
	    "most people", "other people", "end date", "diagnos", "disorder",
	};
	char low[EBB_WAVES_SENTENCE_MAX];
	size_t i;

	for (i = 0; s[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = '\0';
	for (size_t k = 0; k < sizeof(banned) / sizeof(banned[0]); k++)
		if (strstr(low, banned[k]))
			fail_msg("\"%s\" says \"%s\"", s, banned[k]);
	assert_null(strchr(s, '\n'));
}

static void test_sentences(void **state)
{
	char buf[EBB_WAVES_SENTENCE_MAX];
	struct ebb_theilsen ts;
	size_t len;

	(void)state;
	len = ebb_waves_say_verdict(buf, sizeof(buf), EBB_VERDICT_SEQUENCE_ONLY, 4);
	assert_string_equal(buf, "too early to tell: you've had 4 waves; we need at least 5");
	assert_int_equal(len, strlen(buf));
	ebb_waves_say_verdict(buf, sizeof(buf), EBB_VERDICT_NOT_ENOUGH_WAVES, 1);
	assert_string_equal(buf, "too early to tell: you've had 1 wave; we need at least 5");
	ebb_waves_say_verdict(buf, sizeof(buf), EBB_VERDICT_NO_CLEAR_CHANGE, 7);
	assert_string_equal(buf, "no clear change yet: some waves were bigger, some smaller");
	ebb_waves_say_verdict(buf, sizeof(buf), EBB_VERDICT_SMALLER, 8);
	assert_string_equal(buf, "getting smaller: even the cautious end of the range is downward");
	ebb_waves_say_verdict(buf, sizeof(buf), EBB_VERDICT_BIGGER, 8);
	assert_true(strncmp(buf, "getting bigger: ", 16) == 0);
	assert_non_null(strstr(buf, "support line"));
	assert_non_null(strstr(buf, "says nothing about you"));

	ebb_waves_say_baseline(buf, sizeof(buf), EBB_VERDICT_NOT_ENOUGH_WEEKS, 3);
	assert_string_equal(buf, "too early to tell: you have 3 weeks with at least 4 logged "
	                         "days; we need at least 5");
	ebb_waves_say_baseline(buf, sizeof(buf), EBB_VERDICT_BIGGER, 9);
	assert_non_null(strstr(buf, "support line"));

	/* scenario B's words, from docs/WAVES.md §2(d) */
	memset(&ts, 0, sizeof(ts));
	ts.slope = -0.028681458611605093;
	ts.lo = -0.03683482659766913;
	ts.hi = -0.012572383469188242;
	ebb_waves_say_rate(buf, sizeof(buf), 8, &ts);
	assert_string_equal(buf, "Across your 8 waves, peaks have come down by about 0.9 points "
	                         "a month (likely between 0.4 and 1.1).");
	ts.slope = 0.01;
	ts.lo = -0.01;
	ts.hi = 0.03;
	ebb_waves_say_rate(buf, sizeof(buf), 6, &ts);
	assert_string_equal(buf, "Across your 6 waves, peaks have gone up by about 0.3 points a "
	                         "month (likely anywhere from 0.3 points a month down to 0.9 up).");
	ts.slope = -0.0001;
	ebb_waves_say_rate(buf, sizeof(buf), 6, &ts);
	assert_non_null(strstr(buf, "stayed about level"));
	assert_null(strstr(buf, "-"));
	/* a slow but clear decline is not called level: two decimals */
	ts.slope = -0.001;
	ts.lo = -0.0014;
	ts.hi = -0.0004;
	ebb_waves_say_rate(buf, sizeof(buf), 9, &ts);
	assert_string_equal(buf, "Across your 9 waves, peaks have come down by about 0.03 points "
	                         "a month (likely between 0.01 and 0.04).");

	/* an interval left unknown by heavy ties: no range, no "nan" */
	ts.slope = -0.02;
	ts.lo = NAN;
	ts.hi = NAN;
	ebb_waves_say_rate(buf, sizeof(buf), 5, &ts);
	assert_string_equal(buf, "Across your 5 waves, peaks have come down by about 0.6 points a "
	                         "month.");

	ebb_waves_say_steps(buf, sizeof(buf), 4, 1, 2);
	assert_string_equal(buf, "4 lower, 1 higher, 2 about the same");
	len = ebb_waves_say_last_step(buf, sizeof(buf), EBB_STEP_HIGHER, EBB_VERDICT_SMALLER);
	assert_string_equal(buf, "Your last wave was higher than the one before. That's common. "
	                         "The overall direction is still downward.");
	assert_int_equal(len, strlen(buf));
	ebb_waves_say_last_step(buf, sizeof(buf), EBB_STEP_HIGHER, EBB_VERDICT_SEQUENCE_ONLY);
	assert_string_equal(buf, "Your last wave was higher than the one before. That's common.");
	assert_int_equal(
	    ebb_waves_say_last_step(buf, sizeof(buf), EBB_STEP_LOWER, EBB_VERDICT_SMALLER), 0);
	assert_string_equal(buf, "");
	ebb_waves_say_wave(buf, sizeof(buf), 1.0);
	assert_string_equal(
	    buf, "A wave is a stretch that rose at least 1 point above the days around it.");
	ebb_waves_say_wave(buf, sizeof(buf), 1.5);
	assert_non_null(strstr(buf, "at least 1.5 points above"));

	/* snprintf semantics: cut and terminated, the full length returned */
	len = ebb_waves_say_steps(buf, 5, 4, 1, 2);
	assert_int_equal(len, strlen("4 lower, 1 higher, 2 about the same"));
	assert_string_equal(buf, "4 lo");
	buf[0] = 'x';
	assert_int_equal(ebb_waves_say_verdict(buf, 0, EBB_VERDICT_SMALLER, 5),
	                 strlen("getting smaller: even the cautious end of the range is downward"));
	assert_int_equal(buf[0], 'x');
}

/* Every sentence ebb can form stays plain: no forbidden word, no newline. */
static void test_sentences_plain(void **state)
{
	static const enum ebb_verdict all[] = {
	    EBB_VERDICT_NOT_ENOUGH_WAVES, EBB_VERDICT_SEQUENCE_ONLY, EBB_VERDICT_NOT_ENOUGH_WEEKS,
	    EBB_VERDICT_NO_CLEAR_CHANGE,  EBB_VERDICT_SMALLER,       EBB_VERDICT_BIGGER,
	};
	static const double slopes[] = {-0.05, -0.001, 0.0, 0.001, 0.05};
	char buf[EBB_WAVES_SENTENCE_MAX];

	(void)state;
	for (size_t v = 0; v < sizeof(all) / sizeof(all[0]); v++) {
		for (size_t n = 0; n < 12; n++) {
			assert_true(ebb_waves_say_verdict(buf, sizeof(buf), all[v], n) <
			            sizeof(buf));
			assert_plain(buf);
			assert_true(ebb_waves_say_baseline(buf, sizeof(buf), all[v], n) <
			            sizeof(buf));
			assert_plain(buf);
		}
		for (int last = -1; last <= 1; last++) {
			ebb_waves_say_last_step(buf, sizeof(buf), (enum ebb_step)last, all[v]);
			assert_plain(buf);
		}
	}
	for (size_t a = 0; a < 5; a++)
		for (size_t b = 0; b < 5; b++)
			for (size_t c = 0; c < 5; c++) {
				struct ebb_theilsen ts;

				memset(&ts, 0, sizeof(ts));
				ts.lo = fmin(slopes[a], slopes[c]);
				ts.hi = fmax(slopes[a], slopes[c]);
				ts.slope = slopes[b];
				assert_true(ebb_waves_say_rate(buf, sizeof(buf), 9, &ts) <
				            sizeof(buf));
				assert_plain(buf);
				assert_null(strstr(buf, "-"));
			}
	ebb_waves_say_steps(buf, sizeof(buf), 0, 0, 0);
	assert_plain(buf);
	ebb_waves_say_wave(buf, sizeof(buf), 1.0);
	assert_plain(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_peaks_vectors),   cmocka_unit_test(test_peaks_edges),
	    cmocka_unit_test(test_local_day),       cmocka_unit_test(test_smooth_gaps),
	    cmocka_unit_test(test_pipeline_points), cmocka_unit_test(test_pipeline_checkins),
	    cmocka_unit_test(test_analyse_edges),   cmocka_unit_test(test_steps),
	    cmocka_unit_test(test_weekly),          cmocka_unit_test(test_verdicts),
	    cmocka_unit_test(test_sentences),       cmocka_unit_test(test_sentences_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
