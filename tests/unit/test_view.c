/*
 * test_view.c — unit tests for src/core/view.c: the objects `ebb today`,
 * `ebb waves` and `ebb insights` print with --json, which the page serves
 * as they are.
 *
 * What a person would notice if these broke: the home screen counting the
 * wrong urges or the wrong days since they left, a check-in made today
 * not noticed, a hard date two days away not shown, waves drawn from only
 * some check-ins, insights counting feelings or contacts wrongly or
 * ignoring --from, anything readable while the vault is locked, a chart
 * sent when none was asked for (or missing when asked), or the page's
 * charts in fixed colours that ignore its dark theme.
 *
 * One vault (EBB_KDF_INTERACTIVE, in a temp dir removed afterwards) holds
 * a fixed history ending on 2026-03-10, shared by the tests; the clock is
 * passed in, never read. TZ is UTC.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "crypto.h"
#include "record.h"
#include "vault.h"
#include "view.h"
#include "waves.h"
#include "when.h"

static const char PASS[] = "correct horse battery staple";

#define DAY  INT64_C(86400)
#define HOUR INT64_C(3600)

#define EXPECT_OK(expr, err)                                                                       \
	do {                                                                                       \
		enum ebb_status rc_ = (expr);                                                      \
		if (rc_ != EBB_OK)                                                                 \
			fail_msg("%s failed (%d): %s", #expr, (int)rc_, (err).msg);                \
	} while (0)

/* The check-ins: one a day at 09:00 from FIRST_DAY to the last day, and a
 * second one on the last day at 11:00. */
#define N_DAYS    38
#define N_CHECKIN (N_DAYS + 1)

struct fx {
	char dir[64];
	char path[PATH_MAX];
	struct ebb_vault *v;
	struct ebb_waves_checkin checkins[N_CHECKIN];
};

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

/* 00:00 UTC of y-m-d. */
static int64_t midnight(int y, int m, int d)
{
	return ebb_days_from_civil(y, m, d) * DAY;
}

/* Noon on the last day of the history: "now" for most tests. */
static time_t now_last(void)
{
	return (time_t)(midnight(2026, 3, 10) + 12 * HOUR);
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* Adds a record of kind at `at` (UTC, offset 0) with the body given as JSON. */
static void add(struct ebb_vault *v, const char *kind, int64_t at, const char *json)
{
	struct ebb_error err = {0};
	json_error_t jerr;
	json_t *body = json_loads(json, 0, &jerr);

	if (body == NULL)
		fail_msg("bad JSON in test: %s: %s", json, jerr.text);
	EXPECT_OK(ebb_record_add(v, kind, at, 0, body, NULL, NULL, &err), err);
	json_decref(body);
}

/* The intensity of day i of the history: a low level with two clear waves. */
static int intensity_of(int i)
{
	static const int bumps[N_DAYS] = {
	    2, 2, 2, 3, 5, 7, 8, 7, 5, 3, 2, 2, 2, 2, 2, 2, 2, 3, 5,
	    7, 7, 5, 3, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 2, 2, 2, 3, 4,
	};

	return bumps[i];
}

static int setup(void **state)
{
	struct ebb_error err = {0};
	struct fx *f = calloc(1, sizeof(*f));
	char body[128];
	int64_t first = midnight(2026, 2, 1);

	setenv("TZ", "UTC", 1);
	tzset();
	if (f == NULL || ebb_crypto_init(&err) != EBB_OK)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/ebb-view-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/vault.ebb", f->dir);
	if (ebb_vault_create(&f->v, f->path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err) !=
	    EBB_OK) {
		nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		free(f);
		return -1;
	}
	*state = f;

	/* 2026-02-01 .. 2026-03-10: sadness the first 10 days, hope the last 10 */
	for (int i = 0; i < N_DAYS; i++) {
		int64_t at = first + i * DAY + 9 * HOUR;

		snprintf(body, sizeof(body), "{\"intensity\": %d%s}", intensity_of(i),
		         i < 10             ? ", \"feelings\": [\"sadness\"]"
		         : i >= N_DAYS - 10 ? ", \"feelings\": [\"hope\"]"
		                            : "");
		add(f->v, "checkin", at, body);
		f->checkins[i] = (struct ebb_waves_checkin){at, 0, intensity_of(i)};
	}
	/* a second check-in on the last day: its mean is (4 + 6) / 2 */
	add(f->v, "checkin", midnight(2026, 3, 10) + 11 * HOUR,
	    "{\"intensity\": 6, \"feelings\": [\"hope\", \"calm\"]}");
	f->checkins[N_DAYS] = (struct ebb_waves_checkin){midnight(2026, 3, 10) + 11 * HOUR, 0, 6};

	add(f->v, "profile", midnight(2026, 1, 5), "{\"left_on\": \"2026-03-01\"}");
	add(f->v, "contact", midnight(2026, 3, 7) + 10 * HOUR, "{\"by\": \"them\"}");
	/* three urges in the last 7 days (one acted on, one with nothing noted)
	 * and one before them */
	add(f->v, "urge", midnight(2026, 3, 9) + 20 * HOUR, "{\"did\": \"reached-out\"}");
	add(f->v, "urge", midnight(2026, 3, 8) + 20 * HOUR, "{\"did\": \"waited\"}");
	add(f->v, "urge", midnight(2026, 3, 5) + 20 * HOUR, "{\"for\": \"text\"}");
	add(f->v, "urge", midnight(2026, 2, 20) + 20 * HOUR, "{\"did\": \"waited\"}");
	add(f->v, "signs", midnight(2026, 3, 6) + 8 * HOUR, "{\"ratings\": [1, 2, 3, 4]}");
	/* one hard date in two days, one inside the history, one far ahead */
	add(f->v, "date", midnight(2026, 1, 6),
	    "{\"date\": \"2025-03-12\", \"label\": \"their birthday\", \"yearly\": true}");
	add(f->v, "date", midnight(2026, 1, 6),
	    "{\"date\": \"2026-02-14\", \"label\": \"the old flat\", \"yearly\": false}");
	add(f->v, "date", midnight(2026, 1, 6),
	    "{\"date\": \"2026-05-01\", \"label\": \"moving day\", \"yearly\": false}");
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	if (f == NULL)
		return 0;
	ebb_vault_close(f->v);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* The value at a path of object keys ("a.b.c"; digits pick an array item). */
static json_t *at(json_t *o, const char *path)
{
	char key[64];
	const char *p = path;

	while (o && *p) {
		size_t n = strcspn(p, ".");

		if (n >= sizeof(key))
			fail_msg("key too long in %s", path);
		snprintf(key, sizeof(key), "%.*s", (int)n, p);
		if (json_is_array(o)) {
			size_t i = 0;

			for (size_t k = 0; k < n; k++) {
				if (key[k] < '0' || key[k] > '9')
					fail_msg("%s: %s is not an index", path, key);
				i = i * 10 + (size_t)(key[k] - '0');
			}
			o = json_array_get(o, i);
		} else {
			o = json_object_get(o, key);
		}
		p += n + (p[n] == '.');
	}
	if (o == NULL)
		fail_msg("no %s in the object", path);
	return o;
}

static long long int_at(json_t *o, const char *path)
{
	json_t *x = at(o, path);

	if (!json_is_integer(x))
		fail_msg("%s is not a whole number", path);
	return (long long)json_integer_value(x);
}

static const char *str_at(json_t *o, const char *path)
{
	json_t *x = at(o, path);

	if (!json_is_string(x))
		fail_msg("%s is not text", path);
	return json_string_value(x);
}

/* ---------------------------------------------------------------------- */
/* today                                                                   */

static void today_counts_the_right_things(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	json_t *o = NULL;

	EXPECT_OK(ebb_view_today(f->v, now_last(), &o, &err), err);
	assert_non_null(o);
	assert_string_equal(str_at(o, "today"), "2026-03-10");
	assert_true(json_is_true(at(o, "checked_in_today")));

	/* letting go */
	assert_string_equal(str_at(o, "letting_go.left_on"), "2026-03-01");
	assert_int_equal(int_at(o, "letting_go.days_since_left"), 9);
	assert_int_equal(int_at(o, "letting_go.last_contact.days_since"), 3);
	assert_string_equal(str_at(o, "letting_go.last_contact.by"), "them");
	assert_string_equal(str_at(o, "letting_go.urges.from"), "2026-03-04");
	assert_string_equal(str_at(o, "letting_go.urges.to"), "2026-03-10");
	assert_int_equal(int_at(o, "letting_go.urges.total"), 3);
	assert_int_equal(int_at(o, "letting_go.urges.acted_on"), 1);
	assert_int_equal(int_at(o, "letting_go.urges.let_pass"), 2);
	assert_int_equal(int_at(o, "letting_go.urges.did.reached-out"), 1);
	assert_int_equal(int_at(o, "letting_go.urges.did.waited"), 1);
	assert_int_equal(int_at(o, "letting_go.urges.did.wrote"), 0);
	assert_int_equal(int_at(o, "letting_go.urges.did.not_noted"), 1);

	/* healing: the latest 5 check-ins, newest first */
	assert_int_equal(json_array_size(at(o, "healing.checkins")), EBB_VIEW_CHECKINS);
	assert_int_equal(int_at(o, "healing.checkins.0.body.intensity"), 6);
	assert_string_equal(str_at(o, "healing.checkins.0.at"), "2026-03-10T11:00:00+00:00");
	assert_string_equal(str_at(o, "healing.checkins.0.kind"), "checkin");
	assert_int_equal(int_at(o, "healing.checkins.1.body.intensity"), intensity_of(N_DAYS - 1));
	assert_int_equal(int_at(o, "healing.signs.body.ratings.3"), 4);
	assert_true(json_is_string(at(o, "healing.prompt.text")));
	/* only the birthday comes within 7 days */
	assert_int_equal(json_array_size(at(o, "healing.hard_dates")), 1);
	assert_string_equal(str_at(o, "healing.hard_dates.0.label"), "their birthday");
	assert_string_equal(str_at(o, "healing.hard_dates.0.next"), "2026-03-12");
	assert_int_equal(int_at(o, "healing.hard_dates.0.in_days"), 2);
	json_decref(o);
}

static void today_follows_the_clock_given(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	json_t *o = NULL;

	/* the next day: no check-in yet, one more day since leaving */
	EXPECT_OK(ebb_view_today(f->v, now_last() + (time_t)DAY, &o, &err), err);
	assert_string_equal(str_at(o, "today"), "2026-03-11");
	assert_true(json_is_false(at(o, "checked_in_today")));
	assert_int_equal(int_at(o, "letting_go.days_since_left"), 10);
	assert_int_equal(int_at(o, "letting_go.last_contact.days_since"), 4);
	assert_int_equal(int_at(o, "healing.hard_dates.0.in_days"), 1);
	json_decref(o);
}

/* ---------------------------------------------------------------------- */
/* waves                                                                   */

static void waves_read_every_checkin(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_waves_result direct;
	json_t *o = NULL, *daily;

	EXPECT_OK(ebb_view_waves(f->v, now_last(), NULL, &o, &err), err);
	assert_int_equal(int_at(o, "checkins"), N_CHECKIN);
	assert_string_equal(str_at(o, "from"), "2026-02-01");
	assert_string_equal(str_at(o, "to"), "2026-03-10");
	daily = at(o, "daily");
	assert_int_equal(json_array_size(daily), N_DAYS);
	assert_int_equal(int_at(daily, "37.count"), 2);
	assert_true(fabs(json_real_value(at(daily, "37.mean")) - 5.0) < 1e-12);
	assert_true(fabs(json_real_value(at(daily, "37.max")) - 6.0) < 1e-12);
	assert_true(fabs(json_real_value(at(daily, "6.mean")) - 8.0) < 1e-12);

	/* the same waves as the analysis of the same check-ins */
	ebb_waves_result_init(&direct);
	EXPECT_OK(ebb_waves_analyse(&direct, f->checkins, N_CHECKIN, NULL, &err), err);
	assert_true(direct.n_waves >= 2);
	assert_int_equal(json_array_size(at(o, "waves")), direct.n_waves);
	assert_int_equal(int_at(o, "waves.0.day"), direct.waves[0].day - direct.origin);
	assert_true(fabs(json_real_value(at(o, "waves.0.height")) - direct.waves[0].height) <
	            1e-12);
	assert_string_equal(str_at(o, "verdicts.waves.id"), ebb_verdict_id(direct.wave_verdict));
	assert_true(json_is_string(at(o, "sentences.verdict")));
	ebb_waves_result_release(&direct);
	assert_null(json_object_get(o, "svg"));
	json_decref(o);
}

static void waves_keep_to_the_range(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_view_range range;
	json_t *o = NULL;

	ebb_view_range_init(&range);
	range.from = midnight(2026, 3, 1);
	EXPECT_OK(ebb_view_waves_range(f->v, now_last(), &range, NULL, &o, &err), err);
	assert_int_equal(int_at(o, "checkins"), 11); /* 1 to 10 March, two on the 10th */
	assert_string_equal(str_at(o, "from"), "2026-03-01");
	json_decref(o);

	range.to = midnight(2026, 3, 2) - 1;
	EXPECT_OK(ebb_view_waves_range(f->v, now_last(), &range, NULL, &o, &err), err);
	assert_int_equal(int_at(o, "checkins"), 1);
	assert_string_equal(str_at(o, "to"), "2026-03-01");
	json_decref(o);
}

static void waves_svg_only_when_asked_and_themed(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_view_chart none = {0}, page = {.width = 480, .id_prefix = "pg-"};
	struct ebb_view_chart file = {.width = 720, .fixed_colours = true};
	const char *svg;
	json_t *o = NULL;

	EXPECT_OK(ebb_view_waves(f->v, now_last(), &none, &o, &err), err);
	assert_null(json_object_get(o, "svg"));
	json_decref(o);

	EXPECT_OK(ebb_view_waves(f->v, now_last(), &page, &o, &err), err);
	svg = str_at(o, "svg");
	assert_true(strncmp(svg, "<svg", 4) == 0);
	assert_non_null(strstr(svg, "viewBox=\"0 0 480 "));
	assert_non_null(strstr(svg, "id=\"pg-waves-t\""));
	assert_non_null(strstr(svg, "var(--ebb-chart-line"));
	assert_non_null(strstr(svg, "the old flat")); /* the hard date inside the history */
	/* the rest of the object is what it is without a chart */
	assert_int_equal(int_at(o, "checkins"), N_CHECKIN);
	json_decref(o);

	EXPECT_OK(ebb_view_waves(f->v, now_last(), &file, &o, &err), err);
	svg = str_at(o, "svg");
	assert_null(strstr(svg, "var("));
	assert_non_null(strstr(svg, "id=\"ebb-waves-t\""));
	json_decref(o);
}

static void waves_refuse_a_checkin_far_away(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_view_waves_data d;
	char path[PATH_MAX];
	json_t *o = (json_t *)1;

	snprintf(path, sizeof(path), "%s/far.ebb", f->dir);
	EXPECT_OK(ebb_vault_create(&v, path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err), err);
	add(v, "checkin", midnight(2026, 3, 1), "{\"intensity\": 3}");
	add(v, "checkin", midnight(2026, 3, 2), "{\"intensity\": 4}");
	add(v, "checkin", midnight(1950, 3, 1), "{\"intensity\": 5}");

	assert_int_equal(ebb_view_waves(v, now_last(), NULL, &o, &err), EBB_ERR_INVALID);
	assert_null(o);
	assert_non_null(strstr(err.msg, "1950-03-01"));
	assert_non_null(strstr(err.msg, "from 2026-03-01"));

	assert_int_equal(ebb_view_waves_gather(&d, v, NULL, false, &err), EBB_ERR_INVALID);
	assert_true(d.far.set);
	assert_true(d.far.oldest);
	assert_int_equal(d.far.day, ebb_days_from_civil(1950, 3, 1));
	assert_int_equal(d.far.keep, ebb_days_from_civil(2026, 3, 1));
	ebb_view_waves_release(&d);
	ebb_vault_close(v);
}

/* ---------------------------------------------------------------------- */
/* insights                                                                */

static void insights_count_the_right_things(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	json_t *o = NULL;

	EXPECT_OK(ebb_view_insights(f->v, now_last(), NULL, &o, &err), err);
	assert_string_equal(str_at(o, "today"), "2026-03-10");
	assert_true(json_is_null(at(o, "from")));
	assert_true(json_is_null(at(o, "to")));
	assert_string_equal(str_at(o, "first_day"), "2026-02-01");
	assert_int_equal(int_at(o, "urges.all.felt"), 4);
	assert_int_equal(int_at(o, "urges.all.acted_on"), 1);
	assert_int_equal(int_at(o, "urges.all.let_pass"), 3);
	assert_int_equal(int_at(o, "urges.did.waited"), 2);
	assert_int_equal(int_at(o, "urges.did.not_noted"), 1);
	assert_int_equal(int_at(o, "contact.count"), 1);
	assert_int_equal(int_at(o, "contact.days_since"), 3);
	assert_string_equal(str_at(o, "contact.last_by"), "them");
	assert_int_equal(int_at(o, "feelings.named"), 21);
	assert_int_equal(int_at(o, "feelings.counts.hope"), 11);
	assert_int_equal(int_at(o, "feelings.counts.sadness"), 10);
	assert_int_equal(int_at(o, "feelings.counts.calm"), 1);
	assert_string_equal(str_at(o, "feelings.top.0.name"), "hope");
	assert_int_equal(int_at(o, "hard_dates.count"), 3);
	assert_int_equal(int_at(o, "signs.0.weeks.0.ratings"), 1);
	assert_int_equal(int_at(o, "waves.days_logged"), N_DAYS);
	assert_true(json_is_string(at(o, "urges.sentence")));
	assert_null(json_object_get(o, "svg"));
	json_decref(o);
}

static void insights_keep_to_the_range(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_view_range range;
	json_t *o = NULL;

	ebb_view_range_init(&range);
	range.from = midnight(2026, 3, 1);
	EXPECT_OK(ebb_view_insights_range(f->v, now_last(), &range, NULL, &o, &err), err);
	assert_string_equal(str_at(o, "from"), "2026-03-01");
	assert_true(json_is_null(at(o, "to")));
	assert_string_equal(str_at(o, "today"), "2026-03-10"); /* still the real day */
	assert_int_equal(int_at(o, "urges.all.felt"), 3);
	assert_int_equal(int_at(o, "feelings.counts.sadness"), 0);
	assert_int_equal(int_at(o, "feelings.counts.hope"), 11);
	assert_int_equal(int_at(o, "waves.days_logged"), 10);
	json_decref(o);
}

static void insights_svg_only_when_asked_and_themed(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_view_chart page = {.width = 1200, .id_prefix = "ins-"};
	char id[64];
	json_t *o = NULL, *svg;

	EXPECT_OK(ebb_view_insights(f->v, now_last(), &(struct ebb_view_chart){0}, &o, &err), err);
	assert_null(json_object_get(o, "svg"));
	json_decref(o);

	EXPECT_OK(ebb_view_insights(f->v, now_last(), &page, &o, &err), err);
	svg = at(o, "svg");
	assert_int_equal(json_object_size(svg), EBB_VIEW_INSIGHTS_CHARTS);
	for (size_t i = 0; i < EBB_VIEW_INSIGHTS_CHARTS; i++) {
		const char *s = str_at(svg, ebb_view_insights_charts[i]);

		assert_true(strncmp(s, "<svg", 4) == 0);
		assert_non_null(strstr(s, "var(--ebb-chart-"));
		assert_non_null(strstr(s, "viewBox=\"0 0 1200 "));
		snprintf(id, sizeof(id), "id=\"ins-%s-t\"", ebb_view_insights_charts[i]);
		assert_non_null(strstr(s, id));
	}
	assert_non_null(strstr(str_at(svg, "feelings"), "hope"));
	assert_int_equal(int_at(o, "urges.all.felt"), 4);
	json_decref(o);
}

/* ---------------------------------------------------------------------- */
/* refusals                                                                */

static void bad_charts_are_refused(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_view_chart narrow = {.width = 200}, wide = {.width = 1201};
	struct ebb_view_chart bad_id = {.width = 480, .id_prefix = "9-"};
	json_t *o = (json_t *)1;

	assert_int_equal(ebb_view_waves(f->v, now_last(), &narrow, &o, &err), EBB_ERR_INVALID);
	assert_null(o);
	assert_int_equal(ebb_view_insights(f->v, now_last(), &wide, &o, &err), EBB_ERR_INVALID);
	assert_null(o);
	assert_int_equal(ebb_view_waves(f->v, now_last(), &bad_id, &o, &err), EBB_ERR_INVALID);
	assert_null(o);
	assert_int_equal(ebb_view_insights(f->v, now_last(), &bad_id, &o, &err), EBB_ERR_INVALID);
	assert_null(o);
}

static void nothing_is_read_while_locked(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_view_chart page = {.width = 720};
	json_t *o = (json_t *)1;

	ebb_vault_lock(f->v);
	assert_int_equal(ebb_view_today(f->v, now_last(), &o, &err), EBB_ERR_LOCKED);
	assert_null(o);
	o = (json_t *)1;
	assert_int_equal(ebb_view_waves(f->v, now_last(), &page, &o, &err), EBB_ERR_LOCKED);
	assert_null(o);
	o = (json_t *)1;
	assert_int_equal(ebb_view_insights(f->v, now_last(), &page, &o, &err), EBB_ERR_LOCKED);
	assert_null(o);
	EXPECT_OK(ebb_vault_unlock(f->v, PASS, strlen(PASS), &err), err);
	EXPECT_OK(ebb_view_today(f->v, now_last(), &o, &err), err);
	json_decref(o);
}

static void a_record_as_the_commands_show_it(void **state)
{
	struct ebb_record r = {.kind = "miss", .at = 1772654400, .offset = 3600, .rev = 2};
	json_t *o;

	(void)state;
	memset(r.id, 0xab, sizeof(r.id));
	r.body = json_pack("{s:s}", "text", "the walks");
	o = ebb_view_record_json(&r);
	assert_non_null(o);
	assert_string_equal(str_at(o, "kind"), "miss");
	assert_string_equal(str_at(o, "at"), "2026-03-04T21:00:00+01:00");
	assert_string_equal(str_at(o, "id"), "abababab-abab-abab-abab-abababababab");
	assert_int_equal(int_at(o, "rev"), 2);
	assert_string_equal(str_at(o, "body.text"), "the walks");
	assert_null(json_object_get(o, "deleted"));
	json_decref(o);
	r.deleted = true;
	json_decref(r.body);
	r.body = NULL;
	o = ebb_view_record_json(&r);
	assert_true(json_is_true(at(o, "deleted")));
	assert_true(json_is_null(at(o, "body")));
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(today_counts_the_right_things),
	    cmocka_unit_test(today_follows_the_clock_given),
	    cmocka_unit_test(waves_read_every_checkin),
	    cmocka_unit_test(waves_keep_to_the_range),
	    cmocka_unit_test(waves_svg_only_when_asked_and_themed),
	    cmocka_unit_test(waves_refuse_a_checkin_far_away),
	    cmocka_unit_test(insights_count_the_right_things),
	    cmocka_unit_test(insights_keep_to_the_range),
	    cmocka_unit_test(insights_svg_only_when_asked_and_themed),
	    cmocka_unit_test(bad_charts_are_refused),
	    cmocka_unit_test(nothing_is_read_while_locked),
	    cmocka_unit_test(a_record_as_the_commands_show_it),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
