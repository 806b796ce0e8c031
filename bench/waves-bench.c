/*
 * waves-bench.c — how long the waves and insights analyses take on a long
 * history, for bench/waves.sh. Not a test and not installed.
 *
 *   waves-bench [--runs N] [--days D] [--per-day P] [--seed S]
 *   waves-bench seed VAULT [--days D] [--per-day P] [--seed S] [--kdf LEVEL]
 *
 * The first form makes the made-up history of `ebb demo` in memory (by
 * default ten years with about 3 check-ins every day: some 11,000), turns it
 * into the analyses' plain arrays once, then times N runs (51) of
 * ebb_waves_analyse (check-ins to waves, steps, trends and verdicts) and,
 * separately, of ebb_insights_analyse (given that waves result), and prints
 * the median and the fastest run of each, in wall-clock time and in the
 * thread's CPU time (which other work on the machine disturbs less):
 *
 *   history days=3650 checkins=10990 urges=442 signs=465 contacts=3 dates=3
 *   waves_analyse runs=51 median_ms=3.210 min_ms=3.100 cpu_median_ms=... cpu_min_ms=...
 *   insights_analyse runs=51 median_ms=10.020 min_ms=9.990 cpu_median_ms=... ...
 *
 * The second form writes the same history into a new vault with the core
 * API (ebb_demo_fill: marked as a demo, one transaction), protected by
 * $EBB_BENCH_PASSPHRASE or else the demo's passphrase, for timing `ebb
 * waves` end to end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto.h"
#include "dates.h"
#include "demo.h"
#include "insights.h"
#include "vault.h"
#include "vocab.h"
#include "waves.h"

#define RUNS_MAX 100000

/* The history as the analyses read it. */
struct hist {
	struct ebb_waves_checkin *wc;
	struct ebb_insights_checkin *ic;
	size_t n_checkins;
	struct ebb_insights_urge *urges;
	size_t n_urges;
	struct ebb_insights_contact *contacts;
	size_t n_contacts;
	struct ebb_insights_signs *signs;
	size_t n_signs;
	struct ebb_insights_date *dates;
	size_t n_dates;
	size_t cap_checkins, cap_wc, cap_urges, cap_contacts, cap_signs, cap_dates;
};

/* Grows *p (holding *cap items of size sz) to hold n + 1. */
static bool grow(void **p, size_t *cap, size_t n, size_t sz)
{
	void *q;
	size_t c;

	if (n < *cap)
		return true;
	c = *cap ? 2 * *cap : 256;
	q = realloc(*p, c * sz);
	if (q == NULL)
		return false;
	*p = q;
	*cap = c;
	return true;
}

/* The index of name in list, or -1. */
static int index_of(const struct ebb_word *list, const char *name)
{
	const struct ebb_word *w = ebb_word_find(list, name);

	return w ? (int)(w - list) : -1;
}

static enum ebb_status take(const struct ebb_demo_record *r, void *ctx, struct ebb_error *err)
{
	struct hist *h = ctx;
	int64_t day = ebb_date_local_day(r->at, r->offset);
	const json_t *x;
	size_t i;
	int k;

	if (strcmp(r->kind, "checkin") == 0) {
		struct ebb_insights_checkin c = {
		    .day = day,
		    .intensity = (double)json_integer_value(json_object_get(r->body, "intensity"))};
		json_array_foreach(json_object_get(r->body, "feelings"), i, x)
		{
			if ((k = index_of(ebb_feelings, json_string_value(x))) >= 0)
				c.feelings |= UINT64_C(1) << k;
		}
		json_array_foreach(json_object_get(r->body, "grieving"), i, x)
		{
			if ((k = index_of(ebb_facets, json_string_value(x))) >= 0)
				c.facets |= 1u << k;
		}
		if (!grow((void **)&h->ic, &h->cap_checkins, h->n_checkins, sizeof(*h->ic)) ||
		    !grow((void **)&h->wc, &h->cap_wc, h->n_checkins, sizeof(*h->wc)))
			goto nomem;
		h->ic[h->n_checkins] = c;
		h->wc[h->n_checkins++] = (struct ebb_waves_checkin){r->at, r->offset, c.intensity};
	} else if (strcmp(r->kind, "urge") == 0) {
		if (!grow((void **)&h->urges, &h->cap_urges, h->n_urges, sizeof(*h->urges)))
			goto nomem;
		h->urges[h->n_urges++] = (struct ebb_insights_urge){
		    day,
		    index_of(ebb_urge_did, json_string_value(json_object_get(r->body, "did")))};
	} else if (strcmp(r->kind, "contact") == 0) {
		const char *by = json_string_value(json_object_get(r->body, "by"));
		if (!grow((void **)&h->contacts, &h->cap_contacts, h->n_contacts,
		          sizeof(*h->contacts)))
			goto nomem;
		h->contacts[h->n_contacts++] =
		    (struct ebb_insights_contact){day, r->at,
		                                  by == NULL              ? EBB_INSIGHTS_BY_UNKNOWN
		                                  : strcmp(by, "me") == 0 ? EBB_INSIGHTS_BY_ME
		                                                          : EBB_INSIGHTS_BY_THEM};
	} else if (strcmp(r->kind, "signs") == 0) {
		struct ebb_insights_signs s = {.day = day};
		json_array_foreach(json_object_get(r->body, "ratings"), i, x)
		{
			if (i < EBB_INSIGHTS_SIGNS)
				s.ratings[i] = (double)json_integer_value(x);
		}
		if (!grow((void **)&h->signs, &h->cap_signs, h->n_signs, sizeof(*h->signs)))
			goto nomem;
		h->signs[h->n_signs++] = s;
	} else if (strcmp(r->kind, "date") == 0) {
		int64_t d;
		if (ebb_date_parse(json_string_value(json_object_get(r->body, "date")), &d) !=
		    EBB_OK)
			return EBB_OK;
		if (!grow((void **)&h->dates, &h->cap_dates, h->n_dates, sizeof(*h->dates)))
			goto nomem;
		h->dates[h->n_dates++] = (struct ebb_insights_date){
		    d, json_is_true(json_object_get(r->body, "yearly")), NULL};
	}
	return EBB_OK;
nomem:
	return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
}

static void hist_free(struct hist *h)
{
	free(h->wc);
	free(h->ic);
	free(h->urges);
	free(h->contacts);
	free(h->signs);
	free(h->dates);
}

static double clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

/* CPU time of this thread: what a run costs when other work competes for the cores. */
static double cpu_ms(void)
{
	return clock_ms(CLOCK_THREAD_CPUTIME_ID);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *t, size_t n)
{
	qsort(t, n, sizeof(*t), cmp_double);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* Wall-clock times t and CPU times c of n runs. */
static void report(const char *what, double *t, double *c, size_t n)
{
	double m = median(t, n), mc = median(c, n);

	printf("%s runs=%zu median_ms=%.3f min_ms=%.3f cpu_median_ms=%.3f cpu_min_ms=%.3f\n", what,
	       n, m, t[0], mc, c[0]);
}

static int usage(void)
{
	fputs("usage: waves-bench [--runs N] [--days D] [--per-day P] [--seed S]\n"
	      "       waves-bench seed VAULT [--days D] [--per-day P] [--seed S] [--kdf LEVEL]\n",
	      stderr);
	return 2;
}

/* A whole number in lo..hi, or false. */
static bool number(const char *s, unsigned long long lo, unsigned long long hi,
                   unsigned long long *out)
{
	unsigned long long v = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (hi - (unsigned)(*s - '0')) / 10)
			return false;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v < lo)
		return false;
	*out = v;
	return true;
}

static int seed_vault(const char *path, const struct ebb_demo_options *o, enum ebb_kdf_level kdf)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	const char *pass = getenv("EBB_BENCH_PASSPHRASE");
	size_t n = 0;
	double t0 = now_ms();

	if (pass == NULL || *pass == '\0')
		pass = EBB_DEMO_PASSPHRASE;
	if (ebb_vault_create(&v, path, pass, strlen(pass), kdf, &err) != EBB_OK ||
	    ebb_demo_fill(v, o, &n, &err) != EBB_OK) {
		fprintf(stderr, "waves-bench: %s\n", err.msg);
		ebb_vault_close(v);
		return 1;
	}
	ebb_vault_close(v);
	fprintf(stderr, "waves-bench: %zu records in %.1f s\n", n, (now_ms() - t0) / 1e3);
	return 0;
}

int main(int argc, char **argv)
{
	struct ebb_error err = {0};
	struct ebb_demo_options o;
	struct ebb_waves_result w;
	struct ebb_insights ins;
	struct ebb_insights_input in;
	struct hist h = {0};
	enum ebb_kdf_level kdf = EBB_KDF_INTERACTIVE;
	unsigned long long runs = 51, x;
	const char *vault = NULL;
	double *tw = NULL, *ti = NULL, *cw = NULL, *ci = NULL;
	int64_t today;
	int i = 1, rc = 1;

	if (ebb_crypto_init(&err) != EBB_OK) {
		fprintf(stderr, "waves-bench: %s\n", err.msg);
		return 1;
	}
	today = ebb_date_local_day((int64_t)time(NULL), 0);
	ebb_demo_options_init(&o, today - 1, 0);
	o.days = EBB_DEMO_DAYS_MAX;
	o.per_day = 3;
	if (argc > 2 && strcmp(argv[1], "seed") == 0) {
		vault = argv[2];
		i = 3;
	}
	for (; i < argc; i += 2) {
		if (i + 1 >= argc)
			return usage();
		if (strcmp(argv[i], "--runs") == 0 && number(argv[i + 1], 1, RUNS_MAX, &x))
			runs = x;
		else if (strcmp(argv[i], "--days") == 0 &&
		         number(argv[i + 1], EBB_DEMO_DAYS_MIN, EBB_DEMO_DAYS_MAX, &x))
			o.days = (int)x;
		else if (strcmp(argv[i], "--per-day") == 0 &&
		         number(argv[i + 1], 0, EBB_DEMO_PER_DAY_MAX, &x))
			o.per_day = (unsigned)x;
		else if (strcmp(argv[i], "--seed") == 0 && number(argv[i + 1], 0, UINT64_MAX, &x))
			o.seed = (uint64_t)x;
		else if (strcmp(argv[i], "--kdf") == 0 && strcmp(argv[i + 1], "moderate") == 0)
			kdf = EBB_KDF_MODERATE;
		else if (strcmp(argv[i], "--kdf") == 0 && strcmp(argv[i + 1], "interactive") == 0)
			kdf = EBB_KDF_INTERACTIVE;
		else
			return usage();
	}
	if (vault)
		return seed_vault(vault, &o, kdf);

	if (ebb_demo_generate(&o, take, &h, &err) != EBB_OK) {
		fprintf(stderr, "waves-bench: %s\n", err.msg);
		goto done;
	}
	printf("history days=%d checkins=%zu urges=%zu signs=%zu contacts=%zu dates=%zu\n", o.days,
	       h.n_checkins, h.n_urges, h.n_signs, h.n_contacts, h.n_dates);
	in = (struct ebb_insights_input){
	    .today = today,
	    .checkins = h.ic,
	    .n_checkins = h.n_checkins,
	    .urges = h.urges,
	    .n_urges = h.n_urges,
	    .contacts = h.contacts,
	    .n_contacts = h.n_contacts,
	    .signs = h.signs,
	    .n_signs = h.n_signs,
	    .dates = h.dates,
	    .n_dates = h.n_dates,
	};
	tw = malloc(runs * sizeof(*tw));
	ti = malloc(runs * sizeof(*ti));
	cw = malloc(runs * sizeof(*cw));
	ci = malloc(runs * sizeof(*ci));
	if (tw == NULL || ti == NULL || cw == NULL || ci == NULL) {
		fputs("waves-bench: out of memory\n", stderr);
		goto done;
	}
	ebb_waves_result_init(&w);
	ebb_insights_init(&ins);
	/* one untimed run of each first: warm caches, and it must work */
	if (ebb_waves_analyse(&w, h.wc, h.n_checkins, NULL, &err) != EBB_OK ||
	    ebb_insights_analyse(&ins, &in, &w, &err) != EBB_OK) {
		fprintf(stderr, "waves-bench: %s\n", err.msg);
		goto release;
	}
	printf("waves n_waves=%zu verdict=%s\n", w.n_waves, ebb_verdict_id(w.wave_verdict));
	for (unsigned long long r = 0; r < runs; r++) {
		double t0 = now_ms(), c0 = cpu_ms();
		if (ebb_waves_analyse(&w, h.wc, h.n_checkins, NULL, &err) != EBB_OK)
			goto fail;
		tw[r] = now_ms() - t0;
		cw[r] = cpu_ms() - c0;
	}
	for (unsigned long long r = 0; r < runs; r++) {
		double t0 = now_ms(), c0 = cpu_ms();
		if (ebb_insights_analyse(&ins, &in, &w, &err) != EBB_OK)
			goto fail;
		ti[r] = now_ms() - t0;
		ci[r] = cpu_ms() - c0;
	}
	report("waves_analyse", tw, cw, (size_t)runs);
	report("insights_analyse", ti, ci, (size_t)runs);
	rc = 0;
	goto release;
fail:
	fprintf(stderr, "waves-bench: %s\n", err.msg);
release:
	ebb_insights_release(&ins);
	ebb_waves_result_release(&w);
done:
	free(tw);
	free(ti);
	free(cw);
	free(ci);
	hist_free(&h);
	return rc;
}
