/*
 * test_insights.c — unit tests for src/core/insights.c: facets month by
 * month and their shift, feelings and how they changed, urges felt and
 * acted on per Monday-start week with the let-pass share and its Wilson
 * interval, days since the last contact, the four signs over time, hard
 * dates on the timeline (yearly ones and February 29 included), whether
 * waves peak near them, the input filled from a real vault, and every
 * sentence scanned for words ebb never uses.
 *
 * What a person would notice if these broke: an urge on a Sunday counted
 * in the next week, a reached-out urge counted as let pass, a share with
 * an interval after only 3 urges, "last contact 13 days ago" when it was
 * 12, a sign that has clearly grown called "no clear change", a wave on
 * New Year's Day not seen as near a hard date on December 30, a yearly
 * February 29 missing in 2026, a sentence that reads like a diagnosis.
 *
 * Inputs are built by hand with known answers; days are made with
 * ebb_date_parse. The vault test has its own temp dir under /tmp (removed
 * afterwards) and uses EBB_KDF_INTERACTIVE.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto.h"
#include "dates.h"
#include "insights.h"
#include "record.h"
#include "vault.h"
#include "vocab.h"

static const char PASS[] = "correct horse battery staple";

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

#define EXPECT_OK(expr, err)                                                                       \
	do {                                                                                       \
		enum ebb_status rc_ = (expr);                                                      \
		if (rc_ != EBB_OK)                                                                 \
			fail_msg("%s failed (%d): %s", #expr, (int)rc_, (err).msg);                \
	} while (0)

/* The day number of YYYY-MM-DD. */
static int64_t D(const char *date)
{
	int64_t day = 0;

	if (ebb_date_parse(date, &day) != EBB_OK)
		fail_msg("bad date in test: %s", date);
	return day;
}

static int word_at(const struct ebb_word *list, const char *name)
{
	const struct ebb_word *w = ebb_word_find(list, name);

	if (w == NULL)
		fail_msg("unknown word in test: %s", name);
	return (int)(w - list);
}

/* The feelings mask of up to three names (NULL ends). */
static uint64_t F(const char *a, const char *b, const char *c)
{
	uint64_t m = 0;

	if (a)
		m |= UINT64_C(1) << word_at(ebb_feelings, a);
	if (b)
		m |= UINT64_C(1) << word_at(ebb_feelings, b);
	if (c)
		m |= UINT64_C(1) << word_at(ebb_feelings, c);
	return m;
}

#define POTENTIAL  (1u << 0)
#define SELF       (1u << 1)
#define INVESTMENT (1u << 2)
#define FAMILIAR   (1u << 3)

static int did(const char *name)
{
	return word_at(ebb_urge_did, name);
}

static void analyse(struct ebb_insights *ins, const struct ebb_insights_input *in,
                    const struct ebb_waves_result *w)
{
	struct ebb_error err;

	EXPECT_OK(ebb_insights_analyse(ins, in, w, &err), err);
}

typedef size_t (*say_fn)(char *, size_t, const struct ebb_insights *);

static void expect_say(say_fn fn, const struct ebb_insights *ins, const char *want)
{
	char buf[EBB_INSIGHTS_SENTENCE_MAX];
	size_t n = fn(buf, sizeof(buf), ins);

	assert_int_equal(n, strlen(buf));
	assert_string_equal(buf, want);
}

static void expect_contains(const char *text, const char *part)
{
	if (strstr(text, part) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", text, part);
}

/* ---------------------------------------------------------------------- */
/* Calendar                                                                */

static void test_week_start(void **state)
{
	(void)state;
	/* 1970-01-01 was a Thursday */
	assert_int_equal(ebb_insights_week_start(0), D("1969-12-29"));
	assert_int_equal(ebb_insights_week_start(D("1969-12-29")), D("1969-12-29"));
	assert_int_equal(ebb_insights_week_start(D("2026-03-08")), D("2026-03-02")); /* Sunday */
	assert_int_equal(ebb_insights_week_start(D("2026-03-09")), D("2026-03-09")); /* Monday */
	assert_int_equal(ebb_insights_week_start(D("2026-03-15")), D("2026-03-09"));
	/* across a year: 2026-01-01 is a Thursday */
	assert_int_equal(ebb_insights_week_start(D("2026-01-01")), D("2025-12-29"));
	assert_int_equal(ebb_insights_week_start(D("1900-01-07")), D("1900-01-01"));
}

static void test_month_of(void **state)
{
	int y, m;

	(void)state;
	ebb_insights_month_of(D("2025-12-31"), &y, &m);
	assert_int_equal(y, 2025);
	assert_int_equal(m, 12);
	ebb_insights_month_of(D("2026-01-01"), &y, &m);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 1);
	ebb_insights_month_of(D("2024-02-29"), &y, &m);
	assert_int_equal(m, 2);
	ebb_insights_month_of(-1, &y, &m);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
}

/* ---------------------------------------------------------------------- */
/* Facets                                                                  */

static void test_months_boundaries(void **state)
{
	struct ebb_insights_checkin c[] = {
	    {D("2026-01-31"), 5, 0, POTENTIAL | SELF},
	    {D("2026-03-15"), 5, 0, 0},
	    {D("2025-12-31"), 5, 0, SELF},
	    {D("2026-02-01"), 5, 0, INVESTMENT},
	    {D("2026-01-01"), 5, 0, POTENTIAL},
	};
	struct ebb_insights_input in;
	struct ebb_insights ins;

	(void)state;
	ebb_insights_input_init(&in);
	in.today = D("2026-03-20");
	in.checkins = c;
	in.n_checkins = 5;
	ebb_insights_init(&ins);
	analyse(&ins, &in, NULL);

	assert_int_equal(ins.n_months, 4);
	assert_int_equal(ins.months[0].year, 2025);
	assert_int_equal(ins.months[0].month, 12);
	assert_int_equal(ins.months[0].first_day, D("2025-12-01"));
	assert_int_equal(ins.months[0].checkins, 1);
	assert_int_equal(ins.months[0].facet[1], 1);
	assert_int_equal(ins.months[0].mentions, 1);

	assert_int_equal(ins.months[1].year, 2026);
	assert_int_equal(ins.months[1].month, 1);
	assert_int_equal(ins.months[1].checkins, 2);
	assert_int_equal(ins.months[1].named, 2);
	assert_int_equal(ins.months[1].facet[0], 2);
	assert_int_equal(ins.months[1].facet[1], 1);
	assert_int_equal(ins.months[1].mentions, 3);
	assert_true(fabs(ins.months[1].share[0] - 2.0 / 3.0) < 1e-12);
	assert_true(fabs(ins.months[1].share[1] - 1.0 / 3.0) < 1e-12);

	assert_int_equal(ins.months[2].month, 2);
	assert_int_equal(ins.months[2].facet[2], 1);

	/* a month with check-ins that name no facet is still a month */
	assert_int_equal(ins.months[3].month, 3);
	assert_int_equal(ins.months[3].checkins, 1);
	assert_int_equal(ins.months[3].named, 0);
	assert_int_equal(ins.months[3].mentions, 0);
	assert_true(ins.months[3].share[0] == 0.0);

	/* 3 months name a facet: 1 against 1, too few named to compare */
	assert_int_equal(ins.facets.months, 1);
	assert_int_equal(ins.facets.early_first, 0);
	assert_int_equal(ins.facets.late_last, 2);
	assert_false(ins.facets.known);
	assert_int_equal(ins.facets.grew, -1);
	expect_say(ebb_insights_say_facets, &ins,
	           "Too early to tell how the mix of what you're grieving is shifting: that needs "
	           "check-ins that name it in at least 2 different months, with at least 5 named "
	           "at each end.");
	ebb_insights_release(&ins);
	assert_null(ins.months);
}

static void test_facet_shift(void **state)
{
	struct ebb_insights_checkin c[64];
	struct ebb_insights_input in;
	struct ebb_insights ins;
	size_t n = 0;
	char date[16];

	(void)state;
	/* January to March: potential in all 4, self in 1 (12 + 3 of 15) */
	for (int m = 1; m <= 3; m++)
		for (int k = 0; k < 4; k++) {
			snprintf(date, sizeof(date), "2026-%02d-%02d", m, 1 + 7 * k);
			c[n++] = (struct ebb_insights_checkin){D(date), 6, 0,
			                                       POTENTIAL | (k == 0 ? SELF : 0)};
		}
	/* a month in between with check-ins that name nothing is left out */
	c[n++] = (struct ebb_insights_checkin){D("2026-04-10"), 6, 0, 0};
	/* May to July: investment 3, potential 1, self 1 each month (9, 3, 3 of 15) */
	for (int m = 5; m <= 7; m++)
		for (int k = 0; k < 4; k++) {
			unsigned f = k < 3 ? INVESTMENT : POTENTIAL | SELF;

			snprintf(date, sizeof(date), "2026-%02d-%02d", m, 2 + 7 * k);
			c[n++] = (struct ebb_insights_checkin){D(date), 4, 0, f};
		}
	ebb_insights_input_init(&in);
	in.today = D("2026-07-31");
	in.checkins = c;
	in.n_checkins = n;
	ebb_insights_init(&ins);
	analyse(&ins, &in, NULL);

	assert_int_equal(ins.n_months, 7);
	assert_int_equal(ins.facets.months, 3);
	assert_true(ins.facets.known);
	assert_int_equal(ins.facets.early_first, 0);
	assert_int_equal(ins.facets.early_last, 2);
	assert_int_equal(ins.facets.late_first, 4); /* April (index 3) names nothing */
	assert_int_equal(ins.facets.late_last, 6);
	assert_int_equal(ins.facets.early_mentions, 15);
	assert_int_equal(ins.facets.late_mentions, 15);
	assert_true(fabs(ins.facets.early[0] - 0.8) < 1e-12);
	assert_true(fabs(ins.facets.late[2] - 0.6) < 1e-12);
	assert_int_equal(ins.facets.grew, 2);
	assert_int_equal(ins.facets.faded, 0);
	expect_say(ebb_insights_say_facets, &ins,
	           "Compared with January to March 2026, in May to July 2026 \"the time and care I "
	           "gave\" made up more of what you named (60%, up from 0%) and \"the future I "
	           "imagined, what never fully existed\" less (20%, down from 80%).");
	ebb_insights_release(&ins);
}

static void test_facet_shift_same_across_years(void **state)
{
	static const char *const dates[] = {"2025-11-03", "2025-12-03", "2026-01-03",
	                                    "2026-02-03", "2026-03-03", "2026-04-03"};
	struct ebb_insights_checkin c[12];
	struct ebb_insights_input in;
	struct ebb_insights ins;

	(void)state;
	for (size_t i = 0; i < 6; i++) {
		c[2 * i] = (struct ebb_insights_checkin){D(dates[i]), 5, 0, POTENTIAL | SELF};
		c[2 * i + 1] = (struct ebb_insights_checkin){D(dates[i]) + 1, 5, 0, FAMILIAR};
	}
	ebb_insights_input_init(&in);
	in.today = D("2026-04-30");
	in.checkins = c;
	in.n_checkins = 12;
	ebb_insights_init(&ins);
	analyse(&ins, &in, NULL);
	assert_true(ins.facets.known);
	assert_int_equal(ins.facets.grew, -1);
	assert_int_equal(ins.facets.faded, -1);
	expect_say(ebb_insights_say_facets, &ins,
	           "Compared with November 2025 to January 2026, the mix of what you named as "
	           "grieving in February to April 2026 was about the same.");
	ebb_insights_release(&ins);
}

/* ---------------------------------------------------------------------- */
/* Feelings                                                                */

static void test_feelings(void **state)
{
	struct ebb_insights_checkin c[16];
	struct ebb_insights_input in;
	struct ebb_insights ins;
	size_t n = 0;
	int sad = word_at(ebb_feelings, "sadness"), lon = word_at(ebb_feelings, "longing");
	int rel = word_at(ebb_feelings, "relief"), ang = word_at(ebb_feelings, "anger");

	(void)state;
	/* before the last 30 days (the last one on the day before the window) */
	for (int k = 0; k < 6; k++)
		c[n++] = (struct ebb_insights_checkin){
		    D("2026-05-31") - 5 * k, 7, F("sadness", "longing", k == 0 ? "anger" : NULL),
		    0};
	c[n++] = (struct ebb_insights_checkin){D("2026-05-20"), 7, 0, 0}; /* names none */
	/* the last 30 days, from 2026-06-01 (today 2026-06-30) */
	for (int k = 0; k < 5; k++)
		c[n++] = (struct ebb_insights_checkin){
		    D("2026-06-01") + 6 * k, 4,
		    F("sadness", k < 3 ? "relief" : NULL, k == 4 ? "longing" : NULL), 0};
	ebb_insights_input_init(&in);
	in.today = D("2026-06-30");
	in.checkins = c;
	in.n_checkins = n;
	ebb_insights_init(&ins);
	analyse(&ins, &in, NULL);

	assert_int_equal(ins.feelings.n_words, ebb_word_count(ebb_feelings));
	assert_int_equal(ins.feelings.named, 11);
	assert_int_equal(ins.feelings.count[sad], 11);
	assert_int_equal(ins.feelings.count[lon], 7);
	assert_int_equal(ins.feelings.count[rel], 3);
	assert_int_equal(ins.feelings.count[ang], 1);
	assert_int_equal(ins.feelings.n_top, 3);
	assert_int_equal(ins.feelings.top[0], sad);
	assert_int_equal(ins.feelings.top[1], lon);
	assert_int_equal(ins.feelings.top[2], rel);
	assert_int_equal(ins.feelings.recent_from, D("2026-06-01"));
	assert_int_equal(ins.feelings.early_named, 6);
	assert_int_equal(ins.feelings.recent_named, 5);
	assert_true(ins.feelings.change_known);
	assert_true(fabs(ins.feelings.recent_share[rel] - 0.6) < 1e-12);
	assert_true(fabs(ins.feelings.early_share[lon] - 1.0) < 1e-12);
	assert_int_equal(ins.feelings.rose, rel);
	assert_int_equal(ins.feelings.eased, lon);
	expect_say(ebb_insights_say_feelings, &ins,
	           "The feelings you named most often: sadness (11 times), longing (7 times) and "
	           "relief (3 times).");
	expect_say(ebb_insights_say_feelings_change, &ins,
	           "In the last 30 days, relief came up in 60% of the check-ins that named a "
	           "feeling, up from 0% before; longing in 20%, down from 100%.");
	ebb_insights_release(&ins);

	/* two fewer before the window: too early */
	in.checkins = c + 2;
	in.n_checkins = n - 2;
	analyse(&ins, &in, NULL);
	assert_false(ins.feelings.change_known);
	assert_int_equal(ins.feelings.rose, -1);
	expect_say(ebb_insights_say_feelings_change, &ins,
	           "Too early to tell how your feelings are shifting: that needs at least 5 "
	           "check-ins naming a feeling in the last 30 days and 5 before (so far 5 and 4).");
	ebb_insights_release(&ins);
}

static void test_feelings_ties_and_few(void **state)
{
	struct ebb_insights_checkin c[] = {
	    {D("2026-01-01"), 3, F("guilt", "anger", NULL), 0},
	    {D("2026-01-02"), 3, F("guilt", "anger", NULL), 0},
	};
	struct ebb_insights_input in;
	struct ebb_insights ins;

	(void)state;
	ebb_insights_input_init(&in);
	in.today = D("2026-01-02");
	in.checkins = c;
	in.n_checkins = 1;
	ebb_insights_init(&ins);
	analyse(&ins, &in, NULL);
	assert_int_equal(ins.feelings.n_top, 2);
	/* equal counts: list order (anger before guilt) */
	assert_int_equal(ins.feelings.top[0], word_at(ebb_feelings, "anger"));
	expect_say(ebb_insights_say_feelings, &ins,
	           "The feelings you named most often: anger (once) and guilt (once).");
	c[1].feelings = F("guilt", NULL, NULL);
	in.n_checkins = 2;
	analyse(&ins, &in, NULL);
	assert_int_equal(ins.feelings.top[0], word_at(ebb_feelings, "guilt"));
	in.n_checkins = 0;
	analyse(&ins, &in, NULL);
	assert_int_equal(ins.feelings.n_top, 0);
	expect_say(ebb_insights_say_feelings, &ins,
	           "No feelings named yet; a check-in can name one or more.");
	ebb_insights_release(&ins);
}

/* ---------------------------------------------------------------------- */
/* Urges                                                                   */

static void test_urge_weeks(void **state)
{
	struct ebb_insights_urge u[] = {
	    {D("2026-03-08"), 3},  /* Sunday: the week of 03-02; reached out */
	    {D("2026-03-02"), 0},  /* Monday; waited */
	    {D("2026-03-09"), -1}, /* Monday: the next week; nothing noted */
	    {D("2026-03-15"), 3},  /* Sunday */
	    {D("2026-03-23"), 1},  /* wrote; the week of 03-16 has none */
	};
	struct ebb_insights_checkin c[] = {{D("2026-04-01"), 3, 0, 0}};
	struct ebb_insights_input in;
	struct ebb_insights ins;
	double lo, hi;
	char buf[EBB_INSIGHTS_SENTENCE_MAX];

	(void)state;
	assert_int_equal(did("reached-out"), 3);
	assert_int_equal(did("waited"), 0);
	assert_int_equal(did("wrote"), 1);
	ebb_insights_input_init(&in);
	in.today = D("2026-04-02"); /* a Thursday: its week is still going */
	in.urges = u;
	in.n_urges = 5;
	in.checkins = c;
	in.n_checkins = 1;
	ebb_insights_init(&ins);
	analyse(&ins, &in, NULL);

	/* from the first urge's week to the latest check-in's, empty weeks included */
	assert_int_equal(ins.urges.n_weeks, 5);
	{
		const char *mon[] = {"2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23",
		                     "2026-03-30"};
		size_t felt[] = {2, 2, 0, 1, 0}, acted[] = {1, 1, 0, 0, 0};

		for (size_t w = 0; w < 5; w++) {
			assert_int_equal(ins.urges.weeks[w].monday, D(mon[w]));
			assert_int_equal(ins.urges.weeks[w].felt, felt[w]);
			assert_int_equal(ins.urges.weeks[w].acted, acted[w]);
		}
	}
	assert_int_equal(ins.urges.did[0], 1);
	assert_int_equal(ins.urges.did[1], 1);
	assert_int_equal(ins.urges.did[3], 2);
	assert_int_equal(ins.urges.did_unsaid, 1);

	/* all: 5 felt, 2 acted on: the share and its interval (5 urges: shown) */
	assert_int_equal(ins.urges.all.felt, 5);
	assert_int_equal(ins.urges.all.acted, 2);
	assert_int_equal(ins.urges.all.let_pass, 3);
	assert_true(fabs(ins.urges.all.share - 0.6) < 1e-12);
	assert_true(ins.urges.all.has_interval);
	ebb_wilson(3, 5, &lo, &hi);
	assert_true(ins.urges.all.lo == lo && ins.urges.all.hi == hi);
	assert_true(fabs(lo - 0.2307) < 1e-3 && fabs(hi - 0.8824) < 1e-3);
	expect_say(ebb_insights_say_urges, &ins,
	           "You noted 5 urges: you let 3 pass and acted on 2. That is 60% let pass "
	           "(likely between 23% and 88%).");

	/* the last 4 weeks: from the Monday 3 weeks before today's week */
	assert_int_equal(ins.urges.recent_from, D("2026-03-09"));
	assert_int_equal(ins.urges.recent.felt, 3);
	assert_int_equal(ins.urges.recent.acted, 1);
	assert_false(ins.urges.recent.has_interval);
	assert_true(isnan(ins.urges.recent.lo) && isnan(ins.urges.recent.hi));
	expect_say(ebb_insights_say_urges_recent, &ins,
	           "In the last 4 weeks, you noted 3 urges: you let 2 pass and acted on 1. Too "
	           "early to tell a share: that needs at least 5 urges.");

	/* the trend, as data: the 4 finished weeks (felt 2 2 0 1, acted 1 1 0 0) */
	assert_int_equal(ins.urges.trend_weeks, 4);
	assert_true(ins.urges.felt_trend.valid);
	assert_int_equal(ins.urges.felt_trend.n, 4);
	assert_int_equal(ins.urges.felt_trend.mk.s, -3);
	assert_true(ins.urges.acted_trend.valid);
	assert_int_equal(ins.urges.acted_trend.mk.s, -4);

	/* 4 urges: no interval yet */
	in.n_urges = 4;
	analyse(&ins, &in, NULL);
	assert_int_equal(ins.urges.all.felt, 4);
	assert_false(ins.urges.all.has_interval);
	assert_true(isnan(ins.urges.all.lo));
	ebb_insights_say_urges(buf, sizeof(buf), &ins);
	expect_contains(buf, "Too early to tell a share: that needs at least 5 urges.");
	ebb_insights_release(&ins);
}

static void test_urge_sentences(void **state)
{
	struct ebb_insights_urge u[6];
	struct ebb_insights_input in;
	struct ebb_insights ins;

	(void)state;
	for (size_t i = 0; i < 6; i++)
		u[i] = (struct ebb_insights_urge){D("2026-01-05") + (int64_t)i, did("breathed")};
	ebb_insights_input_init(&in);
	in.today = D("2026-01-10");
	in.urges = u;
	ebb_insights_init(&ins);

	analyse(&ins, &in, NULL);
	expect_say(ebb_insights_say_urges, &ins, "No urges noted yet.");
	expect_say(ebb_insights_say_urges_recent, &ins, "No urges noted in the last 4 weeks.");
	assert_int_equal(ins.urges.n_weeks, 0);
	assert_null(ins.urges.weeks);

	in.n_urges = 1;
	analyse(&ins, &in, NULL);
	expect_say(ebb_insights_say_urges, &ins,
	           "You noted 1 urge and let it pass. Too early to tell a share: that needs at "
	           "least 5 urges.");
	u[0].did = did("reached-out");
	analyse(&ins, &in, NULL);
	expect_say(ebb_insights_say_urges, &ins,
	           "You noted 1 urge and acted on it. Too early to tell a share: that needs at "
	           "least 5 urges.");
	assert_false(ins.urges.felt_trend.valid); /* one week: no trend */

	u[0].did = did("other");
	in.n_urges = 6;
	analyse(&ins, &in, NULL);
	assert_int_equal(ins.urges.all.acted, 0);
	expect_say(ebb_insights_say_urges, &ins,
	           "You noted 6 urges and let all 6 pass. That is 100% let pass (likely between "
	           "61% and 100%).");
	for (size_t i = 0; i < 6; i++)
		u[i].did = did("reached-out");
	analyse(&ins, &in, NULL);
	expect_say(ebb_insights_say_urges, &ins,
	           "You noted 6 urges and acted on all 6. That is 0% let pass (likely between 0% "
	           "and 39%).");
	ebb_insights_release(&ins);
}

/* ---------------------------------------------------------------------- */
/* Contact                                                                 */

static void test_contacts(void **state)
{
	struct ebb_insights_contact c[] = {
	    {D("2026-03-01"), 0, EBB_INSIGHTS_BY_ME},
	    {D("2026-03-10"), 100, EBB_INSIGHTS_BY_THEM},
	    {D("2026-03-10"), 50, EBB_INSIGHTS_BY_ME},  /* same day, earlier */
	    {D("2026-05-01"), 900, EBB_INSIGHTS_BY_ME}, /* after today: not "last" */
	};
	struct ebb_insights_input in;
	struct ebb_insights ins;

	(void)state;
	ebb_insights_input_init(&in);
	in.today = D("2026-03-22");
	in.contacts = c;
	ebb_insights_init(&ins);

	analyse(&ins, &in, NULL);
	assert_false(ins.contact.any);
	expect_say(ebb_insights_say_contact, &ins, "No contact recorded.");

	in.n_contacts = 4;
	analyse(&ins, &in, NULL);
	assert_true(ins.contact.any);
	assert_int_equal(ins.contact.count, 4);
	assert_int_equal(ins.contact.by_me, 3);
	assert_int_equal(ins.contact.by_them, 1);
	assert_int_equal(ins.contact.last_day, D("2026-03-10"));
	assert_int_equal(ins.contact.days_since, 12);
	assert_int_equal(ins.contact.last_by, EBB_INSIGHTS_BY_THEM);
	expect_say(ebb_insights_say_contact, &ins,
	           "Your last contact was 12 days ago; they reached out.");

	in.today = D("2026-03-10");
	analyse(&ins, &in, NULL);
	assert_int_equal(ins.contact.days_since, 0);
	expect_say(ebb_insights_say_contact, &ins,
	           "Your last contact was today; they reached out.");
	in.today = D("2026-03-02");
	analyse(&ins, &in, NULL);
	expect_say(ebb_insights_say_contact, &ins,
	           "Your last contact was yesterday; you reached out.");

	c[0].by = EBB_INSIGHTS_BY_UNKNOWN;
	analyse(&ins, &in, NULL);
	expect_say(ebb_insights_say_contact, &ins, "Your last contact was yesterday.");

	/* only a contact after today */
	in.contacts = c + 3;
	in.n_contacts = 1;
	analyse(&ins, &in, NULL);
	assert_false(ins.contact.any);
	assert_int_equal(ins.contact.count, 1);
	expect_say(ebb_insights_say_contact, &ins, "No contact recorded up to today.");
	ebb_insights_release(&ins);
}

/* ---------------------------------------------------------------------- */
/* Signs                                                                   */

static void test_signs_over_ten_weeks(void **state)
{
	static const double rising[] = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4};
	struct ebb_insights_signs s[12];
	struct ebb_insights_input in;
	struct ebb_insights ins;
	struct ebb_theilsen ts;
	struct ebb_error err;
	double t[10], y[10];
	int64_t wed = D("2026-01-07"); /* a Wednesday */
	char buf[EBB_INSIGHTS_SENTENCE_MAX];

	(void)state;
	for (int w = 0; w < 10; w++) {
		s[w].day = wed + 7 * w;
		s[w].ratings[0] = rising[w];       /* clearly rising */
		s[w].ratings[1] = 2;               /* flat */
		s[w].ratings[2] = 4 - rising[w];   /* falling */
		s[w].ratings[3] = w < 4 ? 1 : NAN; /* rated 4 weeks only */
		t[w] = 7.0 * w + 3.5;
		y[w] = rising[w];
	}
	ebb_insights_input_init(&in);
	in.today = D("2026-03-20");
	in.signs = s;
	in.n_signs = 10;
	ebb_insights_init(&ins);
	analyse(&ins, &in, NULL);

	assert_int_equal(ins.signs[0].n_weeks, 10);
	assert_int_equal(ins.signs[0].weeks[0].monday, D("2026-01-05"));
	assert_true(ins.signs[0].weeks[9].median == 4.0);
	assert_true(ins.signs[0].trend.valid);
	assert_true(ins.signs[0].solid);
	EXPECT_OK(ebb_theilsen(&ts, t, y, 10, 0.95, &err), err);
	assert_true(ins.signs[0].trend.ts.slope == ts.slope);
	assert_true(ins.signs[0].trend.ts.lo == ts.lo && ins.signs[0].trend.ts.hi == ts.hi);
	assert_true(ts.lo > 0.0);
	assert_int_equal(ins.signs[0].verdict, EBB_SIGN_STRONGER);
	assert_string_equal(ebb_sign_verdict_id(ins.signs[0].verdict), "getting_stronger");
	ebb_insights_say_sign(buf, sizeof(buf), &ins, 0);
	expect_contains(buf, "\"I can think of them without falling apart\": getting stronger: "
	                     "even the cautious end of the range is upward (up about ");
	expect_contains(buf, "points a month on the 0 to 4 scale, likely between ");
	assert_null(strstr(buf, "early reading"));

	assert_int_equal(ins.signs[1].verdict, EBB_SIGN_NO_CLEAR_CHANGE);
	ebb_insights_say_sign(buf, sizeof(buf), &ins, 1);
	assert_string_equal(buf, "\"the need to explain myself has faded\": no clear change yet "
	                         "(about level on the 0 to 4 scale, likely by less than 0.01 "
	                         "points a month either way).");

	assert_int_equal(ins.signs[2].verdict, EBB_SIGN_DIPPED);
	assert_string_equal(ebb_sign_verdict_id(EBB_SIGN_DIPPED), "lower_lately");
	ebb_insights_say_sign(buf, sizeof(buf), &ins, 2);
	expect_contains(buf, "lower lately: your recent ratings have been lower than earlier ones "
	                     "(down about ");
	expect_contains(buf, "and it says nothing about you.");

	assert_int_equal(ins.signs[3].n_weeks, 4);
	assert_false(ins.signs[3].trend.valid);
	assert_int_equal(ins.signs[3].verdict, EBB_SIGN_TOO_EARLY);
	ebb_insights_say_sign(buf, sizeof(buf), &ins, 3);
	assert_string_equal(buf, "\"I trust myself more\": too early to tell: rated in 4 weeks so "
	                         "far; a trend needs at least 5.");

	/* 6 weeks: a statement, marked as early */
	in.n_signs = 6;
	analyse(&ins, &in, NULL);
	assert_false(ins.signs[0].solid);
	assert_true(ins.signs[0].trend.valid);
	ebb_insights_say_sign(buf, sizeof(buf), &ins, 0);
	expect_contains(buf, " This rests on 6 weeks of ratings, so it is an early reading.");
	assert_int_equal(ebb_insights_say_sign(buf, sizeof(buf), &ins, 4), 0);
	assert_string_equal(buf, "");
	ebb_insights_release(&ins);
}

static void test_signs_weekly_median(void **state)
{
	struct ebb_insights_signs s[] = {
	    {D("2026-03-08"), {1, 0, 0, 0}},   /* Sunday */
	    {D("2026-03-09"), {3, 0, 0, 0}},   /* Monday: next week */
	    {D("2026-03-11"), {2, NAN, 0, 0}}, /* same week */
	    {D("2026-03-15"), {4, 1, 0, 0}},   /* Sunday, same week */
	};
	struct ebb_insights_input in;
	struct ebb_insights ins;
	char buf[EBB_INSIGHTS_SENTENCE_MAX];

	(void)state;
	ebb_insights_input_init(&in);
	in.today = D("2026-03-20");
	in.signs = s;
	in.n_signs = 4;
	ebb_insights_init(&ins);
	analyse(&ins, &in, NULL);
	assert_int_equal(ins.signs[0].n_weeks, 2);
	assert_int_equal(ins.signs[0].weeks[0].monday, D("2026-03-02"));
	assert_true(ins.signs[0].weeks[0].median == 1.0);
	assert_int_equal(ins.signs[0].weeks[1].monday, D("2026-03-09"));
	assert_int_equal(ins.signs[0].weeks[1].ratings, 3);
	assert_true(ins.signs[0].weeks[1].median == 3.0);
	/* the unrated one is left out of its week */
	assert_int_equal(ins.signs[1].weeks[1].ratings, 2);
	assert_true(ins.signs[1].weeks[1].median == 0.5);
	assert_int_equal(ins.signs[0].verdict, EBB_SIGN_TOO_EARLY);

	in.n_signs = 0;
	analyse(&ins, &in, NULL);
	ebb_insights_say_sign(buf, sizeof(buf), &ins, 3);
	assert_string_equal(buf, "\"I trust myself more\": too early to tell: not rated yet; a "
	                         "trend needs ratings in at least 5 weeks.");
	ebb_insights_release(&ins);
}

/* ---------------------------------------------------------------------- */
/* Hard dates                                                              */

static void test_occurrences(void **state)
{
	struct ebb_insights_date d[] = {
	    {D("2024-02-29"), true, "leap"},
	    {D("2025-12-30"), false, "once"},
	    {D("2030-01-01"), false, "later"},
	    {D("2026-06-15"), true, "yearly from 2026"},
	};
	struct ebb_insights_occurrence *o;
	struct ebb_error err;
	size_t n;
	static const struct {
		const char *day;
		size_t date;
		int years;
	} want[] = {
	    {"2024-02-29", 0, 0}, {"2025-02-28", 0, 1}, {"2025-12-30", 1, 0}, {"2026-02-28", 0, 2},
	    {"2026-06-15", 3, 0}, {"2027-02-28", 0, 3}, {"2027-06-15", 3, 1}, {"2028-02-29", 0, 4},
	    {"2028-06-15", 3, 2}, {"2029-02-28", 0, 5}, {"2029-06-15", 3, 3},
	};

	(void)state;
	EXPECT_OK(ebb_insights_occurrences(d, 4, D("2024-01-01"), D("2029-12-31"), &o, &n, &err),
	          err);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++) {
		if (o[i].day != D(want[i].day) || o[i].date != want[i].date ||
		    o[i].years != want[i].years) {
			char got[EBB_DATE_STR];

			fail_msg("occurrence %zu: got %s (date %zu, %d years), want %s", i,
			         ebb_date_format(got, o[i].day), o[i].date, o[i].years,
			         want[i].day);
		}
	}
	free(o);

	/* a range that holds nothing, and the ends themselves included */
	EXPECT_OK(ebb_insights_occurrences(d, 4, D("2024-03-01"), D("2024-12-31"), &o, &n, &err),
	          err);
	assert_int_equal(n, 0);
	assert_null(o);
	EXPECT_OK(ebb_insights_occurrences(d, 4, D("2028-02-29"), D("2028-02-29"), &o, &n, &err),
	          err);
	assert_int_equal(n, 1);
	free(o);

	assert_int_equal(ebb_insights_occurrences(d, 4, 10, 9, &o, &n, &err), EBB_ERR_INVALID);
	assert_int_equal(
	    ebb_insights_occurrences(d, 4, 0, EBB_INSIGHTS_MAX_SPAN + 100, &o, &n, &err),
	    EBB_ERR_INVALID);
	assert_null(o);
}

static void test_cluster_counts(void **state)
{
	/* Dec 30 yearly, Feb 29 yearly (Feb 28 in 2026), and a date 2 days after the span */
	struct ebb_insights_date d[] = {
	    {D("2020-12-30"), true, NULL},
	    {D("2024-02-29"), true, NULL},
	    {D("2026-03-12"), false, NULL},
	};
	int64_t first = D("2025-12-20"), last = D("2026-03-10");
	int64_t peaks[] = {
	    D("2026-01-02"), /* 3 days after Dec 30, across the new year: near */
	    D("2026-01-03"), /* 4 days: not */
	    D("2026-02-10"), /* not */
	    D("2026-03-02"), /* 2 days after Feb 28: near */
	    D("2026-03-03"), /* 3 days: near */
	    D("2026-03-10"), /* 2 days before the date after the span: near */
	};
	struct ebb_insights_occurrence *o;
	struct ebb_insights_cluster c;
	struct ebb_error err;
	double line[81];
	size_t n;

	(void)state;
	assert_int_equal(last - first + 1, 81);
	EXPECT_OK(ebb_insights_occurrences(d, 3, first - 3, last + 3, &o, &n, &err), err);
	assert_int_equal(n, 3);
	assert_int_equal(o[1].day, D("2026-02-28"));
	EXPECT_OK(ebb_insights_cluster(&c, peaks, 6, o, n, first, last, NULL, 3, &err), err);
	assert_true(c.computed);
	assert_int_equal(c.window, 3);
	assert_int_equal(c.n_waves, 6);
	assert_int_equal(c.near, 4);
	assert_int_equal(c.n_occurrences, 3);
	assert_int_equal(c.days, 81);
	assert_int_equal(c.near_days, 7 + 7 + 2);
	assert_true(fabs(c.expected - 6.0 * 16.0 / 81.0) < 1e-12);

	/* gaps in the line are days no wave could peak on */
	for (size_t i = 0; i < 81; i++)
		line[i] = i < 8 ? NAN : 1.0; /* Dec 20..27 */
	EXPECT_OK(ebb_insights_cluster(&c, peaks, 6, o, n, first, last, line, 3, &err), err);
	assert_int_equal(c.days, 73);
	assert_int_equal(c.near_days, 15); /* Dec 27 was in a gap */
	assert_int_equal(c.near, 4);
	assert_true(fabs(c.expected - 6.0 * 15.0 / 73.0) < 1e-12);

	/* occurrences far away, however far, are ignored */
	{
		struct ebb_insights_occurrence far[] = {{INT64_MIN, 0, 0}, {INT64_MAX, 0, 0}};

		EXPECT_OK(ebb_insights_cluster(&c, peaks, 6, far, 2, first, last, NULL, 3, &err),
		          err);
		assert_int_equal(c.n_occurrences, 0);
		assert_int_equal(c.near, 0);
		assert_true(c.expected == 0.0);
	}

	/* a peak outside the days compared */
	peaks[0] = last + 1;
	assert_int_equal(ebb_insights_cluster(&c, peaks, 6, o, n, first, last, NULL, 3, &err),
	                 EBB_ERR_INVALID);
	free(o);
}

static void test_cluster_leap_year(void **state)
{
	struct ebb_insights_date d[] = {{D("2024-02-29"), true, NULL}};
	int64_t first = D("2028-01-01"), last = D("2028-12-31");
	int64_t peaks[] = {D("2028-03-03"), D("2028-03-04"), D("2028-02-26"), D("2028-02-25")};
	struct ebb_insights_occurrence *o;
	struct ebb_insights_cluster c;
	struct ebb_error err;
	size_t n;

	(void)state;
	EXPECT_OK(ebb_insights_occurrences(d, 1, first - 3, last + 3, &o, &n, &err), err);
	assert_int_equal(n, 1);
	assert_int_equal(o[0].day, D("2028-02-29"));
	EXPECT_OK(ebb_insights_cluster(&c, peaks, 4, o, n, first, last, NULL, 3, &err), err);
	assert_int_equal(c.near, 2); /* Mar 3 and Feb 26, not Mar 4 nor Feb 25 */
	assert_int_equal(c.days, 366);
	assert_int_equal(c.near_days, 7);
	free(o);
}

/* A history with four clear waves (3-day spikes) on a calm baseline. */
static size_t wave_history(struct ebb_insights_checkin *c, int64_t start)
{
	size_t n = 0;

	for (int d = 0; d < 120; d++) {
		int k = d % 30;
		double v = (k >= 14 && k <= 16) ? 8.0 : 2.0;

		c[n++] = (struct ebb_insights_checkin){start + d, v, 0, 0};
	}
	return n;
}

static void test_analyse_cluster(void **state)
{
	struct ebb_insights_checkin c[120];
	int64_t start = D("2025-12-01");
	/* a hard date two days after the second wave, one three days before the fourth */
	struct ebb_insights_date d[] = {
	    {start + 45 + 2, false, "a"},
	    {start + 105 - 3, true, "b"},
	};
	struct ebb_insights_input in;
	struct ebb_insights ins;
	struct ebb_waves_result w;
	struct ebb_error err;
	struct ebb_wave hand[2];
	char buf[EBB_INSIGHTS_SENTENCE_MAX];

	(void)state;
	ebb_insights_input_init(&in);
	in.checkins = c;
	in.n_checkins = wave_history(c, start);
	in.today = start + 130;
	in.dates = d;
	in.n_dates = 2;
	ebb_waves_result_init(&w);
	EXPECT_OK(ebb_insights_waves(&w, &in, NULL, &err), err);
	assert_int_equal(w.n_waves, 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(w.waves[i].day, start + 15 + 30 * (int64_t)i);

	ebb_insights_init(&ins);
	analyse(&ins, &in, &w);
	assert_true(ins.cluster.computed);
	assert_int_equal(ins.cluster.n_waves, 4);
	assert_int_equal(ins.cluster.near, 2);
	assert_int_equal(ins.cluster.days, 120); /* no gaps in the line */
	assert_int_equal(ins.cluster.near_days, 14);
	assert_true(fabs(ins.cluster.expected - 4.0 * 14.0 / 120.0) < 1e-12);
	expect_say(
	    ebb_insights_say_cluster, &ins,
	    "2 of your 4 waves peaked within 3 days of a hard date. If the same 4 waves had "
	    "fallen on days picked at random across your check-ins, about 0.5 would have, on "
	    "average.");
	/* hard dates on the timeline: from the first check-in to today */
	assert_true(ins.has_history);
	assert_int_equal(ins.first_day, start);
	assert_int_equal(ins.last_day, start + 130);
	assert_int_equal(ins.n_occurrences, 2);
	assert_int_equal(ins.occurrences[0].day, start + 47);
	assert_int_equal(ins.occurrences[1].day, start + 102);

	/* waves built by hand, without a smoothed line: the check-ins' days */
	ebb_waves_result_release(&w);
	memset(hand, 0, sizeof(hand));
	hand[0].day = start + 100;
	hand[1].day = start + 10;
	w.waves = hand;
	w.n_waves = 2;
	analyse(&ins, &in, &w);
	assert_int_equal(ins.cluster.n_waves, 2);
	assert_int_equal(ins.cluster.near, 1);
	assert_int_equal(ins.cluster.days, 120);
	w.n_waves = 1;
	hand[0].day = start + 10;
	analyse(&ins, &in, &w);
	ebb_insights_say_cluster(buf, sizeof(buf), &ins);
	assert_string_equal(buf, "Your one wave did not peak within 3 days of a hard date. A wave "
	                         "on a day picked at random across your check-ins would land that "
	                         "close about 12% of the time.");
	w.waves = NULL;
	w.n_waves = 0;
	analyse(&ins, &in, &w);
	expect_say(ebb_insights_say_cluster, &ins,
	           "No waves found yet, so there is nothing to compare with your hard dates.");
	in.n_dates = 0;
	analyse(&ins, &in, &w);
	expect_say(ebb_insights_say_cluster, &ins,
	           "No hard dates added yet, so there is nothing to compare your waves with.");
	/* without waves given, nothing is said */
	analyse(&ins, &in, NULL);
	assert_false(ins.cluster.computed);
	assert_int_equal(ebb_insights_say_cluster(buf, sizeof(buf), &ins), 0);
	assert_string_equal(buf, "");
	ebb_insights_release(&ins);
}

/* ---------------------------------------------------------------------- */
/* Invalid input                                                           */

static void expect_invalid(struct ebb_insights_input *in)
{
	struct ebb_insights ins;
	struct ebb_error err;

	ebb_insights_init(&ins);
	ebb_error_clear(&err);
	assert_int_equal(ebb_insights_analyse(&ins, in, NULL, &err), EBB_ERR_INVALID);
	assert_true(err.msg[0] != '\0');
	assert_null(ins.months);
	assert_int_equal(ins.n_months, 0);
}

static void test_invalid_input(void **state)
{
	struct ebb_insights_checkin c[] = {{D("2026-01-01"), 5, 0, 0}};
	struct ebb_insights_urge u[] = {{D("2026-01-01"), 0}};
	struct ebb_insights_signs s[] = {{D("2026-01-01"), {1, 2, 3, 4}}};
	struct ebb_insights_input in;
	size_t nf = ebb_word_count(ebb_feelings);

	(void)state;
	ebb_insights_input_init(&in);
	in.today = D("2026-01-02");
	in.checkins = c;
	in.n_checkins = 1;
	c[0].intensity = 11;
	expect_invalid(&in);
	c[0].intensity = NAN;
	expect_invalid(&in);
	c[0].intensity = 5;
	c[0].feelings = UINT64_C(1) << nf;
	expect_invalid(&in);
	c[0].feelings = 0;
	c[0].facets = 1u << 4;
	expect_invalid(&in);
	c[0].facets = 0;
	c[0].day = EBB_INSIGHTS_DAY_MAX + 1;
	expect_invalid(&in);
	c[0].day = D("2026-01-01");

	in.urges = u;
	in.n_urges = 1;
	u[0].did = (int)ebb_word_count(ebb_urge_did);
	expect_invalid(&in);
	u[0].did = -2;
	expect_invalid(&in);
	u[0].did = -1;

	in.signs = s;
	in.n_signs = 1;
	s[0].ratings[2] = 5;
	expect_invalid(&in);
	s[0].ratings[2] = -0.5;
	expect_invalid(&in);
	s[0].ratings[2] = 3;

	in.n_contacts = 1; /* with no array */
	expect_invalid(&in);
	in.n_contacts = 0;

	/* a history longer than the analysis takes */
	in.today = c[0].day + EBB_INSIGHTS_MAX_SPAN + 1;
	expect_invalid(&in);
}

/* ---------------------------------------------------------------------- */
/* The input from a vault                                                  */

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void add(struct ebb_vault *v, const char *kind, int64_t at, int32_t offset, const char *body,
                uint8_t id[EBB_ID_BYTES])
{
	json_error_t jerr;
	json_t *b = json_loads(body, 0, &jerr);
	struct ebb_error err;

	if (b == NULL)
		fail_msg("bad JSON in test: %s", body);
	EXPECT_OK(ebb_record_add(v, kind, at, offset, b, id, NULL, &err), err);
	json_decref(b);
}

#define AT(date, secs) (D(date) * 86400 + (secs))

static void test_from_vault(void **state)
{
	char dir[64], path[PATH_MAX];
	struct ebb_vault *v = NULL;
	struct ebb_insights_input in;
	struct ebb_insights ins;
	struct ebb_error err;
	uint8_t id[EBB_ID_BYTES], gone[EBB_ID_BYTES];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ebb-insights-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/vault.ebb", dir);
	EXPECT_OK(ebb_vault_create(&v, path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err), err);

	/* 23:30 UTC at +01:00 is the next local day */
	add(v, "checkin", AT("2026-03-04", 23 * 3600 + 1800), 3600,
	    "{\"intensity\": 7, \"feelings\": [\"sadness\", \"hope\"], "
	    "\"grieving\": [\"self\", \"familiar\"], \"note\": \"hard\"}",
	    id);
	add(v, "checkin", AT("2026-03-06", 12 * 3600), 0, "{\"intensity\": 3}", id);
	add(v, "checkin", AT("2026-03-07", 12 * 3600), 0, "{\"intensity\": 9}", gone);
	EXPECT_OK(ebb_record_delete(v, gone, &err), err);
	add(v, "urge", AT("2026-03-05", 9 * 3600), 0,
	    "{\"for\": \"text\", \"feeling\": \"longing\", \"did\": \"reached-out\"}", id);
	add(v, "urge", AT("2026-03-06", 9 * 3600), 0, "{\"did\": \"waited\"}", id);
	add(v, "urge", AT("2026-03-07", 9 * 3600), 0, "{\"intensity\": 4}", id);
	add(v, "contact", AT("2026-03-05", 18 * 3600), 0, "{\"by\": \"them\"}", id);
	add(v, "contact", AT("2026-03-01", 3 * 3600), -5 * 3600, "{}", id);
	add(v, "signs", AT("2026-03-06", 20 * 3600), 0, "{\"ratings\": [1, 2, 3, 4]}", id);
	add(v, "date", AT("2026-03-01", 0), 0,
	    "{\"date\": \"2024-02-29\", \"label\": \"their birthday\", \"yearly\": true}", id);
	add(v, "date", AT("2026-03-01", 1), 0, "{\"date\": \"2026-03-10\", \"label\": \"court\"}",
	    id);
	add(v, "entry", AT("2026-03-01", 0), 0, "{\"text\": \"not read here\"}", id);

	ebb_insights_input_init(&in);
	EXPECT_OK(ebb_insights_input_from_vault(&in, v, D("2026-03-08"), &err), err);
	assert_true(in.owned);
	assert_int_equal(in.today, D("2026-03-08"));

	assert_int_equal(in.n_checkins, 2);
	assert_int_equal(in.checkins[0].day, D("2026-03-05"));
	assert_true(in.checkins[0].intensity == 7.0);
	assert_true(in.checkins[0].feelings == F("sadness", "hope", NULL));
	assert_int_equal(in.checkins[0].facets, SELF | FAMILIAR);
	assert_true(in.checkins[1].feelings == 0);
	assert_int_equal(in.checkins[1].facets, 0);

	assert_int_equal(in.n_urges, 3);
	assert_int_equal(in.urges[0].did, did("reached-out"));
	assert_int_equal(in.urges[1].did, did("waited"));
	assert_int_equal(in.urges[2].did, -1);

	assert_int_equal(in.n_contacts, 2);
	assert_int_equal(in.contacts[0].day, D("2026-02-28")); /* 03:00 UTC at -05:00 */
	assert_int_equal(in.contacts[0].by, EBB_INSIGHTS_BY_UNKNOWN);
	assert_int_equal(in.contacts[1].by, EBB_INSIGHTS_BY_THEM);

	assert_int_equal(in.n_signs, 1);
	assert_true(in.signs[0].ratings[0] == 1.0 && in.signs[0].ratings[3] == 4.0);

	assert_int_equal(in.n_dates, 2);
	assert_int_equal(in.dates[0].day, D("2024-02-29"));
	assert_true(in.dates[0].yearly);
	assert_string_equal(in.dates[0].label, "their birthday");
	assert_false(in.dates[1].yearly);

	ebb_insights_init(&ins);
	analyse(&ins, &in, NULL);
	assert_int_equal(ins.urges.all.felt, 3);
	assert_int_equal(ins.urges.all.acted, 1);
	assert_int_equal(ins.contact.days_since, 3);
	assert_int_equal(ins.contact.last_by, EBB_INSIGHTS_BY_THEM);
	assert_int_equal(ins.n_months, 1);
	assert_int_equal(ins.months[0].facet[1], 1);
	assert_int_equal(ins.first_day, D("2026-02-28"));
	/* Feb 28 2026 (the leap day's anniversary) and 2026-03-10 are after the
	 * first day; the timeline ends today, 2026-03-08 */
	assert_int_equal(ins.n_occurrences, 1);
	assert_int_equal(ins.occurrences[0].day, D("2026-02-28"));
	ebb_insights_release(&ins);

	/* reading needs the key: a locked vault leaves the input empty */
	ebb_vault_lock(v);
	assert_int_not_equal(ebb_insights_input_from_vault(&in, v, D("2026-03-08"), &err), EBB_OK);
	assert_int_equal(in.n_checkins, 0);
	assert_null(in.checkins);
	ebb_insights_input_release(&in);

	ebb_vault_close(v);
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---------------------------------------------------------------------- */
/* Every sentence                                                          */

static const char *const forbidden[] = {
    "significant",  "p-value", "p value", "relapse",   "worse",      "failure", "than most",
    "other people", "others",  " will ",  "predicted", "prediction", "diagnos",
};

/* Checks one sentence: no forbidden word, no newline, no decimal comma, fits. */
static void scan(const char *text, size_t len)
{
	char low[EBB_INSIGHTS_SENTENCE_MAX];
	size_t n = strlen(text);

	assert_int_equal(len, n);
	assert_true(n < EBB_INSIGHTS_SENTENCE_MAX);
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)text[i]);
	for (size_t k = 0; k < sizeof(forbidden) / sizeof(forbidden[0]); k++)
		if (strstr(low, forbidden[k]))
			fail_msg("\"%s\" says \"%s\"", text, forbidden[k]);
	assert_null(strchr(text, '\n'));
	for (size_t i = 1; i + 1 < n; i++)
		if (text[i] == ',' && isdigit((unsigned char)text[i - 1]) &&
		    isdigit((unsigned char)text[i + 1]))
			fail_msg("\"%s\" has a decimal comma", text);
}

/* Writes and scans every sentence of ins; counts them into *count. */
static void scan_all(const struct ebb_insights *ins, size_t *count)
{
	static const say_fn fns[] = {
	    ebb_insights_say_facets,          ebb_insights_say_feelings,
	    ebb_insights_say_feelings_change, ebb_insights_say_urges,
	    ebb_insights_say_urges_recent,    ebb_insights_say_contact,
	    ebb_insights_say_cluster,
	};
	char buf[EBB_INSIGHTS_SENTENCE_MAX], small[12];
	size_t n;

	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		n = fns[i](buf, sizeof(buf), ins);
		scan(buf, n);
		/* snprintf semantics: cut, terminated, the whole length returned */
		assert_int_equal(fns[i](small, sizeof(small), ins), n);
		assert_true(strlen(small) == (n < sizeof(small) ? n : sizeof(small) - 1));
		assert_int_equal(fns[i](NULL, 0, ins), n);
		(*count)++;
	}
	for (size_t s = 0; s < EBB_INSIGHTS_SIGNS; s++) {
		n = ebb_insights_say_sign(buf, sizeof(buf), ins, s);
		scan(buf, n);
		assert_int_equal(ebb_insights_say_sign(NULL, 0, ins, s), n);
		(*count)++;
	}
}

static void test_every_sentence(void **state)
{
	struct ebb_insights_checkin c[200];
	struct ebb_insights_urge u[40];
	struct ebb_insights_contact ct[] = {{0, 0, EBB_INSIGHTS_BY_ME}};
	struct ebb_insights_signs s[20];
	struct ebb_insights_date d[] = {{0, true, "x"}, {0, false, "y"}};
	struct ebb_insights_input in;
	struct ebb_insights ins;
	struct ebb_waves_result w;
	struct ebb_error err;
	int64_t start = D("2025-10-01");
	size_t count = 0, nc;
	bool comma = setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8");

	(void)state;
	if (comma)
		print_message("scanning sentences under a decimal-comma locale\n");
	nc = wave_history(c, start);
	for (size_t i = nc; i < 200; i++) {
		int64_t day = start + (int64_t)(i - nc) * 2;

		c[i] = (struct ebb_insights_checkin){
		    day, (double)(i % 11), (uint64_t)i % (UINT64_C(1) << 18), (unsigned)(i % 16)};
		if (i > 150)
			c[i].facets = INVESTMENT;
	}
	for (size_t i = 0; i < 40; i++)
		u[i] =
		    (struct ebb_insights_urge){start + (int64_t)i * 4, (int)(i % 5) - (i % 7 == 0)};
	for (size_t i = 0; i < 20; i++)
		s[i] = (struct ebb_insights_signs){
		    start + 7 * (int64_t)i,
		    {(double)(i % 5), 4.0 - (double)(i / 5), (double)(i / 5), i % 3 ? NAN : 2.0}};
	d[0].day = start + 16;
	d[1].day = start + 80;
	ct[0].day = start + 100;

	ebb_insights_input_init(&in);
	ebb_insights_init(&ins);
	ebb_waves_result_init(&w);
	for (int scenario = 0; scenario < 8; scenario++) {
		in.today = start + 150 + scenario * 30;
		in.checkins = c;
		in.n_checkins = scenario == 0 ? 0 : scenario == 1 ? 10 : 200;
		in.urges = u;
		in.n_urges = (size_t)scenario * 5;
		in.contacts = ct;
		in.n_contacts = scenario % 2;
		in.signs = s;
		in.n_signs = scenario < 3 ? (size_t)scenario * 2 : 20;
		in.dates = d;
		in.n_dates = (size_t)scenario % 3;
		EXPECT_OK(ebb_insights_waves(&w, &in, NULL, &err), err);
		analyse(&ins, &in, scenario == 7 ? NULL : &w);
		scan_all(&ins, &count);
	}
	/* the empty result, as initialised */
	ebb_insights_release(&ins);
	scan_all(&ins, &count);
	assert_true(count >= 8 * 11);
	ebb_waves_result_release(&w);
	setlocale(LC_NUMERIC, "C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_week_start),
	    cmocka_unit_test(test_month_of),
	    cmocka_unit_test(test_months_boundaries),
	    cmocka_unit_test(test_facet_shift),
	    cmocka_unit_test(test_facet_shift_same_across_years),
	    cmocka_unit_test(test_feelings),
	    cmocka_unit_test(test_feelings_ties_and_few),
	    cmocka_unit_test(test_urge_weeks),
	    cmocka_unit_test(test_urge_sentences),
	    cmocka_unit_test(test_contacts),
	    cmocka_unit_test(test_signs_over_ten_weeks),
	    cmocka_unit_test(test_signs_weekly_median),
	    cmocka_unit_test(test_occurrences),
	    cmocka_unit_test(test_cluster_counts),
	    cmocka_unit_test(test_cluster_leap_year),
	    cmocka_unit_test(test_analyse_cluster),
	    cmocka_unit_test(test_invalid_input),
	    cmocka_unit_test(test_from_vault),
	    cmocka_unit_test(test_every_sentence),
	};
	struct ebb_error err;

	if (ebb_crypto_init(&err) != EBB_OK) {
		fprintf(stderr, "ebb_crypto_init: %s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
