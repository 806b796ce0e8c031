/*
 * view.c — the data behind `ebb today`, `ebb waves` and `ebb insights`:
 * the records each one reads, the JSON object its --json prints and its
 * charts, in one place for the command line and the page (see view.h).
 *
 * today: "this week" is the last 7 days, today and the 6 days before by
 * the local calendar, so the count never drops to zero on a Monday.
 *
 * waves: the analysis of docs/WAVES.md §2 with its default parameters
 * over every check-in read, refused (EBB_ERR_INVALID, the far one named)
 * when they span more than EBB_WAVES_MAX_SPAN days.
 *
 * insights: --from and --to only choose the records read; "today" stays
 * the real local day, so "the last 30 days" and "days since the last
 * contact" keep meaning what they say.
 *
 * Nothing prints; every object and buffer returned is the caller's.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart.h"
#include "dates.h"
#include "prompts.h"
#include "record.h"
#include "view.h"
#include "vocab.h"
#include "when.h"

#define NOT_NOTED_KEY "not_noted"
#define DATES_READ    100000 /* the most hard dates read (a person keeps a handful) */
#define CHART_ID_MAX  64

const char *const ebb_view_insights_charts[EBB_VIEW_INSIGHTS_CHARTS] = {
    "facets", "feelings", "urges", "signs", "waves",
};

void ebb_view_range_init(struct ebb_view_range *r)
{
	r->from = INT64_MIN;
	r->to = INT64_MAX;
}

json_t *ebb_view_record_json(const struct ebb_record *r)
{
	char when[40], ids[EBB_ID_STR];
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	ebb_id_format(ids, r->id);
	ebb_when_format_iso(when, sizeof(when), r->at, r->offset);
	if (json_object_set_new(o, "id", json_string(ids)) != 0 ||
	    json_object_set_new(o, "kind", json_string(r->kind)) != 0 ||
	    json_object_set_new(o, "at", json_string(when)) != 0 ||
	    json_object_set_new(o, "rev", json_integer(r->rev)) != 0 ||
	    (r->deleted && json_object_set_new(o, "deleted", json_true()) != 0) ||
	    json_object_set(o, "body", r->body ? r->body : json_null()) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* ---- charts ----------------------------------------------------------------- */

/* True when chart asks for an SVG. */
static bool chart_wanted(const struct ebb_view_chart *chart)
{
	return chart != NULL && chart->width != 0;
}

static enum ebb_status chart_check(const struct ebb_view_chart *chart, struct ebb_error *err)
{
	if (chart->width < EBB_VIEW_CHART_MIN || chart->width > EBB_VIEW_CHART_MAX)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "a chart's width must be %d to %d, not %u", EBB_VIEW_CHART_MIN,
		                     EBB_VIEW_CHART_MAX, chart->width);
	return EBB_OK;
}

/* Sets c up for the chart called name (its ids: the prefix and name, into
 * id) with the given title. */
static enum ebb_status chart_setup(struct ebb_chart *c, char id[CHART_ID_MAX],
                                   const struct ebb_view_chart *chart, const char *name,
                                   const char *title, struct ebb_error *err)
{
	const char *prefix = chart->id_prefix ? chart->id_prefix : "ebb-";
	enum ebb_status rc = chart_check(chart, err);

	if (rc != EBB_OK)
		return rc;
	if ((size_t)snprintf(id, CHART_ID_MAX, "%s%s", prefix, name) >= CHART_ID_MAX)
		return ebb_error_set(err, EBB_ERR_INVALID, "a chart's id prefix is too long");
	ebb_chart_init(c, title);
	c->id = id;
	c->width = (double)chart->width;
	c->colours = chart->fixed_colours ? EBB_CHART_FIXED : EBB_CHART_THEMED;
	return EBB_OK;
}

/* Adds key: the text of b to o. */
static enum ebb_status set_svg(json_t *o, const char *key, const struct ebb_buf *b,
                               struct ebb_error *err)
{
	if (json_object_set_new(o, key, json_stringn(b->data, b->len)) != 0)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	return EBB_OK;
}

/* ---- today: gathering ---------------------------------------------------------- */

size_t ebb_view_did_count(void)
{
	size_t n = ebb_word_count(ebb_urge_did);

	return n < EBB_VIEW_DID_MAX ? n : EBB_VIEW_DID_MAX - 1;
}

static void kept_release(struct ebb_view_kept *k)
{
	json_decref(k->r.body);
	k->r.body = NULL;
	k->found = false;
}

/* The local midnight `days` days from the day of now, as UTC seconds. */
static int64_t local_midnight(time_t now, int days)
{
	struct tm tm;

	localtime_r(&now, &tm);
	tm.tm_mday += days;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static enum ebb_status keep_one(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct ebb_view_kept *k = ctx;

	(void)err;
	k->found = true;
	k->r = *r;
	k->r.body = json_incref(r->body);
	return EBB_OK;
}

/* The latest record of kind into *k. */
static enum ebb_status latest(struct ebb_vault *v, const char *kind, struct ebb_view_kept *k,
                              struct ebb_error *err)
{
	struct ebb_query q;

	ebb_query_init(&q);
	q.kind = kind;
	q.newest_first = true;
	q.limit = 1;
	return ebb_record_each(v, &q, keep_one, k, err);
}

static enum ebb_status keep_checkin(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct ebb_view_today_data *t = ctx;

	if (t->ncheckins < EBB_VIEW_CHECKINS)
		keep_one(r, &t->checkins[t->ncheckins++], err);
	return EBB_OK;
}

static enum ebb_status count_urge(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct ebb_view_today_data *t = ctx;
	const char *did = json_string_value(json_object_get(r->body, "did"));
	size_t i, n = ebb_view_did_count();

	(void)err;
	t->urges++;
	if (ebb_urge_acted(did))
		t->acted++;
	for (i = 0; i < n; i++)
		if (did && strcmp(ebb_urge_did[i].name, did) == 0)
			break;
	t->did[i]++; /* i == n: not noted */
	return EBB_OK;
}

static enum ebb_status see_upcoming(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct ebb_view_today_data *t = ctx;
	const char *date = json_string_value(json_object_get(r->body, "date"));
	bool yearly = json_is_true(json_object_get(r->body, "yearly"));
	struct ebb_view_upcoming *u;
	int64_t next;

	(void)err;
	t->ndates_all++;
	if (ebb_date_next(date, yearly, t->day, &next) != EBB_OK ||
	    next - t->day > EBB_VIEW_AHEAD_DAYS || t->ndates == EBB_VIEW_DATES_MAX)
		return EBB_OK;
	u = &t->dates[t->ndates++];
	memcpy(u->id, r->id, EBB_ID_BYTES);
	u->day = next;
	u->in_days = next - t->day;
	u->body = json_incref(r->body);
	return EBB_OK;
}

static int by_closeness(const void *a, const void *b)
{
	const struct ebb_view_upcoming *x = a, *y = b;

	return x->in_days < y->in_days ? -1 : x->in_days > y->in_days;
}

static enum ebb_status today_read(struct ebb_view_today_data *t, struct ebb_vault *v,
                                  struct ebb_error *err)
{
	struct ebb_query q;
	struct ebb_view_kept today = {0};
	enum ebb_status rc;

	if ((rc = latest(v, "profile", &t->profile, err)) != EBB_OK ||
	    (rc = latest(v, "contact", &t->contact, err)) != EBB_OK ||
	    (rc = latest(v, "signs", &t->signs, err)) != EBB_OK)
		return rc;

	ebb_query_init(&q);
	q.kind = "checkin";
	q.newest_first = true;
	q.limit = EBB_VIEW_CHECKINS;
	if ((rc = ebb_record_each(v, &q, keep_checkin, t, err)) != EBB_OK)
		return rc;
	ebb_query_init(&q);
	q.kind = "checkin";
	q.from = t->day_start;
	q.to = t->day_end;
	q.limit = 1;
	rc = ebb_record_each(v, &q, keep_one, &today, err);
	t->checked_in_today = today.found;
	kept_release(&today);
	if (rc != EBB_OK)
		return rc;

	ebb_query_init(&q);
	q.kind = "urge";
	q.from = t->week_start;
	q.to = t->day_end;
	if ((rc = ebb_record_each(v, &q, count_urge, t, err)) != EBB_OK)
		return rc;

	ebb_query_init(&q);
	q.kind = "date";
	if ((rc = ebb_record_each(v, &q, see_upcoming, t, err)) != EBB_OK)
		return rc;
	qsort(t->dates, t->ndates, sizeof(t->dates[0]), by_closeness);
	return EBB_OK;
}

enum ebb_status ebb_view_today_gather(struct ebb_view_today_data *t, struct ebb_vault *v,
                                      time_t now, struct ebb_error *err)
{
	enum ebb_status rc;

	memset(t, 0, sizeof(*t));
	t->now = now;
	t->day = ebb_date_local_day((int64_t)now, ebb_when_local_offset((int64_t)now));
	t->day_start = local_midnight(now, 0);
	t->day_end = local_midnight(now, 1) - 1;
	t->week_start = local_midnight(now, -(EBB_VIEW_WEEK_DAYS - 1));
	rc = today_read(t, v, err);
	if (rc != EBB_OK)
		ebb_view_today_release(t);
	return rc;
}

void ebb_view_today_release(struct ebb_view_today_data *t)
{
	if (t == NULL)
		return;
	kept_release(&t->profile);
	kept_release(&t->contact);
	kept_release(&t->signs);
	for (size_t i = 0; i < t->ncheckins; i++)
		kept_release(&t->checkins[i]);
	for (size_t i = 0; i < t->ndates; i++)
		json_decref(t->dates[i].body);
	t->ncheckins = t->ndates = 0;
}

bool ebb_view_days_since_left(const struct ebb_view_today_data *t, const char **left_on,
                              int64_t *days)
{
	int64_t left;

	*left_on = t->profile.found
	               ? json_string_value(json_object_get(t->profile.r.body, "left_on"))
	               : NULL;
	if (*left_on == NULL || ebb_date_parse(*left_on, &left) != EBB_OK)
		return false;
	*days = t->day - left;
	return true;
}

int64_t ebb_view_contact_days(const struct ebb_view_today_data *t)
{
	return ebb_when_days_between(t->contact.r.at, t->contact.r.offset, (int64_t)t->now,
	                             ebb_when_local_offset((int64_t)t->now));
}

/* ---- today: JSON --------------------------------------------------------------- */

static json_t *kept_json(const struct ebb_view_kept *k)
{
	return k->found ? ebb_view_record_json(&k->r) : json_null();
}

json_t *ebb_view_today_json(const struct ebb_view_today_data *t)
{
	char date[EBB_DATE_STR], from[EBB_DATE_STR], ids[EBB_ID_STR], when[40];
	const struct ebb_prompt *p = ebb_prompt_of_day(t->day);
	const char *left_on;
	int64_t days;
	size_t n = ebb_view_did_count();
	json_t *lg, *h, *did, *list, *c = json_null();
	bool ok = true;

	if (t->contact.found) {
		const json_t *by = json_object_get(t->contact.r.body, "by");
		ebb_id_format(ids, t->contact.r.id);
		ebb_when_format_iso(when, sizeof(when), t->contact.r.at, t->contact.r.offset);
		c = json_pack("{s:s, s:s, s:I, s:O}", "id", ids, "at", when, "days_since",
		              (json_int_t)ebb_view_contact_days(t), "by", by ? by : json_null());
	}
	did = json_object();
	for (size_t i = 0; did && i <= n; i++)
		if (json_object_set_new(did, i < n ? ebb_urge_did[i].name : NOT_NOTED_KEY,
		                        json_integer((json_int_t)t->did[i])) != 0)
			ok = false;
	/* json_pack takes its "o" values even when it fails */
	lg = json_pack(
	    "{s:o, s:o, s:o, s:{s:s, s:s, s:I, s:I, s:I, s:o}}", "left_on",
	    ebb_view_days_since_left(t, &left_on, &days) ? json_string(left_on) : json_null(),
	    "days_since_left",
	    ebb_view_days_since_left(t, &left_on, &days) ? json_integer(days) : json_null(),
	    "last_contact", c, "urges", "from",
	    ebb_date_format(from, t->day - (EBB_VIEW_WEEK_DAYS - 1)), "to",
	    ebb_date_format(date, t->day), "total", (json_int_t)t->urges, "let_pass",
	    (json_int_t)(t->urges - t->acted), "acted_on", (json_int_t)t->acted, "did", did);

	list = json_array();
	for (size_t i = 0; list && i < t->ncheckins; i++)
		if (json_array_append_new(list, ebb_view_record_json(&t->checkins[i].r)) != 0)
			ok = false;
	h = json_pack(
	    "{s:o, s:o, s:o, s:[]}", "checkins", list, "signs", kept_json(&t->signs), "prompt",
	    p ? json_pack("{s:s, s:s, s:s}", "id", p->id, "kind", p->kind, "text", p->text)
	      : json_null(),
	    "hard_dates");
	for (size_t i = 0; h && i < t->ndates; i++) {
		const struct ebb_view_upcoming *u = &t->dates[i];
		ebb_id_format(ids, u->id);
		if (json_array_append_new(
		        json_object_get(h, "hard_dates"),
		        json_pack("{s:s, s:O, s:O, s:b, s:s, s:I}", "id", ids, "label",
		                  json_object_get(u->body, "label"), "date",
		                  json_object_get(u->body, "date"), "yearly",
		                  json_is_true(json_object_get(u->body, "yearly")), "next",
		                  ebb_date_format(date, u->day), "in_days",
		                  (json_int_t)u->in_days)) != 0)
			ok = false;
	}
	if (!ok) {
		json_decref(lg);
		json_decref(h);
		return NULL;
	}
	return json_pack("{s:s, s:o, s:o, s:b}", "today", ebb_date_format(date, t->day),
	                 "letting_go", lg, "healing", h, "checked_in_today", t->checked_in_today);
}

/* ---- waves: gathering ----------------------------------------------------------- */

/* Resizes *p to hold n items of size bytes. */
static enum ebb_status resize(void **p, size_t n, size_t size, struct ebb_error *err)
{
	void *q = realloc(*p, n * size);

	if (q == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory reading records");
	*p = q;
	return EBB_OK;
}

/*
 * Makes room for one more item in two arrays that hold *cap items each
 * (sizes sa and sb), n of them used: twice the room when they are full, to
 * at most max items (then EBB_ERR_INVALID).
 */
static enum ebb_status room(size_t n, size_t *cap, size_t max, void **a, size_t sa, void **b,
                            size_t sb, struct ebb_error *err)
{
	size_t want;
	enum ebb_status rc;

	if (n < *cap)
		return EBB_OK;
	if (n >= max)
		return ebb_error_set(err, EBB_ERR_INVALID, "more than %zu records to look at", max);
	want = *cap ? *cap * 2 : 256;
	if (want > max)
		want = max;
	/* a may grow and b not: *cap stays as it was, which is still true */
	if ((rc = resize(a, want, sa, err)) != EBB_OK || (rc = resize(b, want, sb, err)) != EBB_OK)
		return rc;
	*cap = want;
	return EBB_OK;
}

static enum ebb_status see_checkin(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct ebb_view_waves_data *d = ctx;
	const json_t *x = json_object_get(r->body, "intensity");
	enum ebb_status rc;

	/* only an imported vault can hold a check-in without a 0..10 intensity */
	if (!json_is_number(x) || !(json_number_value(x) >= 0.0 && json_number_value(x) <= 10.0))
		return EBB_OK;
	rc = room(d->n_checkins, &d->cap_checkins, EBB_WAVES_MAX_POINTS, (void **)&d->checkins,
	          sizeof(*d->checkins), (void **)&d->ids, sizeof(*d->ids), err);
	if (rc != EBB_OK)
		return rc;
	d->checkins[d->n_checkins] =
	    (struct ebb_waves_checkin){r->at, r->offset, json_number_value(x)};
	memcpy(d->ids[d->n_checkins], r->id, EBB_ID_BYTES);
	d->n_checkins++;
	return EBB_OK;
}

static enum ebb_status see_date(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct ebb_view_waves_data *d = ctx;
	const char *label = json_string_value(json_object_get(r->body, "label"));
	enum ebb_status rc;
	int64_t day;

	if (ebb_date_parse(json_string_value(json_object_get(r->body, "date")), &day) != EBB_OK)
		return EBB_OK;
	rc = room(d->n_dates, &d->cap_dates, DATES_READ, (void **)&d->dates, sizeof(*d->dates),
	          (void **)&d->date_bodies, sizeof(*d->date_bodies), err);
	if (rc != EBB_OK)
		return rc;
	d->date_bodies[d->n_dates] = json_incref(r->body);
	d->dates[d->n_dates] = (struct ebb_insights_date){
	    .day = day,
	    .yearly = json_is_true(json_object_get(r->body, "yearly")),
	    .label = label && *label ? label : "hard date",
	};
	d->n_dates++;
	return EBB_OK;
}

static int by_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * EBB_OK when the check-ins fit in EBB_WAVES_MAX_SPAN days; else finds the
 * one furthest from the rest (farther from the median day than the other
 * end is) into d->far and returns EBB_ERR_INVALID naming it.
 */
static enum ebb_status check_span(struct ebb_view_waves_data *d, struct ebb_error *err)
{
	struct ebb_view_far *far = &d->far;
	int64_t *day, lo, hi, median;
	size_t i, n = d->n_checkins;
	char date[EBB_DATE_STR], kept[EBB_DATE_STR], ids[EBB_ID_STR];

	if (n < 2)
		return EBB_OK;
	day = malloc(n * sizeof(*day));
	if (day == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory reading check-ins");
	for (i = 0; i < n; i++)
		day[i] = ebb_waves_local_day(d->checkins[i].at, d->checkins[i].offset);
	lo = hi = day[0];
	for (i = 1; i < n; i++) {
		lo = day[i] < lo ? day[i] : lo;
		hi = day[i] > hi ? day[i] : hi;
	}
	if (hi - lo <= EBB_WAVES_MAX_SPAN) {
		free(day);
		return EBB_OK;
	}
	qsort(day, n, sizeof(*day), by_day);
	median = day[n / 2];
	far->set = true;
	far->oldest = median - lo >= hi - median;
	far->day = far->oldest ? lo : hi;
	/* the day to look from (or up to) that leaves the far one out */
	far->keep = far->oldest ? hi : lo;
	for (i = 0; i < n; i++) {
		size_t j = far->oldest ? i : n - 1 - i;

		if ((far->oldest ? hi - day[j] : day[j] - lo) <= EBB_WAVES_MAX_SPAN) {
			far->keep = day[j];
			break;
		}
	}
	free(day);
	for (i = 0; i < n; i++) {
		if (ebb_waves_local_day(d->checkins[i].at, d->checkins[i].offset) == far->day) {
			memcpy(far->id, d->ids[i], EBB_ID_BYTES);
			break;
		}
	}
	ebb_id_format(ids, far->id);
	/* named as people see ids: the last 8 hex digits */
	return ebb_error_set(err, EBB_ERR_INVALID,
	                     "the check-in of %s (%s) is more than %d days (about %d years) from "
	                     "the %s ones, too far apart to look at together; if its date is a "
	                     "typo, fix it, or look only at the check-ins %s %s",
	                     ebb_date_format(date, far->day), ids + EBB_ID_STR - 9,
	                     EBB_WAVES_MAX_SPAN, EBB_WAVES_MAX_SPAN / 365,
	                     far->oldest ? "later" : "earlier", far->oldest ? "from" : "up to",
	                     ebb_date_format(kept, far->keep));
}

enum ebb_status ebb_view_waves_gather(struct ebb_view_waves_data *d, struct ebb_vault *v,
                                      const struct ebb_view_range *range, bool dates,
                                      struct ebb_error *err)
{
	struct ebb_query q;
	enum ebb_status rc;

	memset(d, 0, sizeof(*d));
	ebb_waves_result_init(&d->result);
	ebb_query_init(&q);
	q.kind = "checkin";
	if (range) {
		q.from = range->from;
		q.to = range->to;
	}
	if ((rc = ebb_record_each(v, &q, see_checkin, d, err)) != EBB_OK)
		return rc;
	if (dates) {
		ebb_query_init(&q);
		q.kind = "date";
		if ((rc = ebb_record_each(v, &q, see_date, d, err)) != EBB_OK)
			return rc;
	}
	if ((rc = check_span(d, err)) != EBB_OK)
		return rc;
	return ebb_waves_analyse(&d->result, d->checkins, d->n_checkins, NULL, err);
}

void ebb_view_waves_release(struct ebb_view_waves_data *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n_dates; i++)
		json_decref(d->date_bodies[i]);
	ebb_waves_result_release(&d->result);
	free(d->checkins);
	free(d->ids);
	free(d->dates);
	free(d->date_bodies);
	memset(d, 0, sizeof(*d));
	ebb_waves_result_init(&d->result);
}

/* ---- waves: sentences --------------------------------------------------------- */

/* What the too-early answers say is needed. */
static const char needed_none[] = "What it needs: a few weeks of check-ins, most days if you can.";
static const char needed_more[] = "What it needs: a few more weeks of check-ins.";

static bool trend_statement(enum ebb_verdict v)
{
	return v == EBB_VERDICT_NO_CLEAR_CHANGE || v == EBB_VERDICT_SMALLER ||
	       v == EBB_VERDICT_BIGGER;
}

void ebb_view_waves_say(struct ebb_view_waves_sentences *s, const struct ebb_waves_result *r)
{
	struct ebb_waves_params p;

	ebb_waves_params_init(&p);
	memset(s, 0, sizeof(*s));
	if (r->n_waves >= 2)
		ebb_waves_say_steps(s->steps, sizeof(s->steps), r->n_lower, r->n_higher, r->n_same);
	if (r->n_steps > 0)
		ebb_waves_say_last_step(s->last_step, sizeof(s->last_step),
		                        r->steps[r->n_steps - 1].kind, r->wave_verdict);
	ebb_waves_say_verdict(s->verdict, sizeof(s->verdict), r->wave_verdict, r->n_waves);
	if (trend_statement(r->wave_verdict) && r->wave_trend.valid)
		ebb_waves_say_rate(s->rate, sizeof(s->rate), r->n_waves, &r->wave_trend.ts);
	ebb_waves_say_baseline(s->baseline, sizeof(s->baseline), r->baseline_verdict, r->n_weeks);
	ebb_waves_say_wave(s->wave, sizeof(s->wave), p.prominence);
	if (!trend_statement(r->wave_verdict))
		s->needed = r->n_days == 0 ? needed_none : needed_more;
}

/* ---- waves: JSON -------------------------------------------------------------- */

/* A number, or null when it is not finite (jansson refuses those). */
static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *iso_day(int64_t day)
{
	char buf[EBB_DATE_STR];

	return json_string(ebb_date_format(buf, day));
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *trend_json(const struct ebb_waves_trend *t)
{
	const struct ebb_theilsen *ts = &t->ts;
	const struct ebb_mk *mk = &t->mk;

	if (!t->valid)
		return json_pack("{s:b, s:I, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n}", "valid", 0,
		                 "n", (json_int_t)t->n, "slope_per_day", "lo_per_day", "hi_per_day",
		                 "slope_per_month", "lo_per_month", "hi_per_month", "intercept",
		                 "mann_kendall");
	return json_pack("{s:b, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
	                 " s:{s:I, s:o, s:o, s:o, s:o, s:o}}",
	                 "valid", 1, "n", (json_int_t)t->n, "slope_per_day", num(ts->slope),
	                 "lo_per_day", num(ts->lo), "hi_per_day", num(ts->hi), "slope_per_month",
	                 num(ts->slope * 30.0), "lo_per_month", num(ts->lo * 30.0), "hi_per_month",
	                 num(ts->hi * 30.0), "intercept", num(ts->intercept), "mann_kendall", "s",
	                 (json_int_t)mk->s, "var_s", num(mk->var_s), "z", num(mk->z_cc), "p",
	                 num(mk->p_cc), "p_exact", num(mk->exact ? mk->p_exact : NAN), "tau_b",
	                 num(mk->tau_b));
}

static const char *step_name(enum ebb_step k)
{
	return k == EBB_STEP_LOWER ? "lower" : k == EBB_STEP_HIGHER ? "higher" : "same";
}

/* Appends one new value to an array; false when something is missing. */
static bool push(json_t *a, json_t *v)
{
	return v != NULL && json_array_append_new(a, v) == 0;
}

static json_t *waves_object(const struct ebb_waves_result *r, size_t n_checkins)
{
	struct ebb_waves_params p;
	struct ebb_view_waves_sentences s;
	json_t *daily = json_array(), *values = json_array(), *support = json_array(),
	       *segments = json_array(), *waves = json_array(), *steps = json_array(),
	       *weeks = json_array();
	bool ok = daily && values && support && segments && waves && steps && weeks;
	int64_t org = r->origin, first = r->n_days ? r->day[0] : 0;

	ebb_waves_params_init(&p);
	ebb_view_waves_say(&s, r);
	for (size_t i = 0; ok && i < r->n_days; i++)
		ok = push(daily, json_pack("{s:o, s:I, s:o, s:o, s:I, s:o}", "date",
		                           iso_day(r->day[i]), "day", (json_int_t)(r->day[i] - org),
		                           "mean", num(r->mean[i]), "max", num(r->max[i]), "count",
		                           (json_int_t)r->count[i], "ewma", num(r->ewma[i])));
	for (size_t i = 0; ok && i < r->n_grid; i++)
		ok = push(values, num(r->smooth[i])) && push(support, num(r->support[i]));
	for (size_t i = 0; ok && i < r->n_segments; i++)
		ok = push(segments, json_pack("{s:o, s:o}", "from",
		                              iso_day(first + (int64_t)r->segments[i].begin), "to",
		                              iso_day(first + (int64_t)r->segments[i].end - 1)));
	for (size_t k = 0; ok && k < r->n_waves; k++) {
		const struct ebb_wave *w = &r->waves[k];

		ok = push(waves, json_pack("{s:I, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		                           "number", (json_int_t)(k + 1), "date", iso_day(w->day),
		                           "day", (json_int_t)(w->day - org), "height",
		                           num(w->height), "prominence", num(w->prominence),
		                           "left_base", iso_day(w->left_base_day), "right_base",
		                           iso_day(w->right_base_day), "width", num(w->width),
		                           "left_ip", num(w->left_ip_day - (double)org), "right_ip",
		                           num(w->right_ip_day - (double)org)));
	}
	for (size_t k = 0; ok && k < r->n_steps; k++)
		ok = push(steps, json_pack("{s:I, s:I, s:o, s:s}", "from", (json_int_t)(k + 1),
		                           "to", (json_int_t)(k + 2), "diff", num(r->steps[k].diff),
		                           "kind", step_name(r->steps[k].kind)));
	for (size_t k = 0; ok && k < r->n_weeks; k++)
		ok = push(weeks, json_pack("{s:I, s:o, s:o, s:o, s:I}", "week",
		                           (json_int_t)r->weeks[k].week, "start",
		                           iso_day(org + 7 * r->weeks[k].week), "t",
		                           num(r->weeks[k].t), "median", num(r->weeks[k].median),
		                           "days", (json_int_t)r->weeks[k].days));
	if (!ok) {
		json_decref(daily);
		json_decref(values);
		json_decref(support);
		json_decref(segments);
		json_decref(waves);
		json_decref(steps);
		json_decref(weeks);
		return NULL;
	}
	return json_pack(
	    "{s:I, s:o, s:o, s:o,"
	    " s:{s:f, s:f, s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:I, s:f},"
	    " s:o, s:{s:o, s:o, s:o}, s:o, s:o, s:o, s:{s:I, s:I, s:I}, s:o,"
	    " s:{s:o, s:o},"
	    " s:{s:{s:s, s:s}, s:{s:s, s:s}},"
	    " s:{s:o, s:o, s:s, s:o, s:s, s:s, s:o}}",
	    "checkins", (json_int_t)n_checkins, "from", r->n_days ? iso_day(first) : json_null(),
	    "to", r->n_days ? iso_day(r->day[r->n_days - 1]) : json_null(), "origin",
	    r->n_days ? iso_day(org) : json_null(), "params", "half_life", p.half_life, "sigma",
	    p.sigma, "cutoff", (json_int_t)p.cutoff, "min_support", p.min_support, "prominence",
	    p.prominence, "distance", p.distance, "wlen", p.wlen, "rel_height", p.rel_height,
	    "step_band", p.step_band, "week_min_days", (json_int_t)p.week_min_days, "conf", p.conf,
	    "daily", daily, "smooth", "from", r->n_days ? iso_day(first) : json_null(), "values",
	    values, "support", support, "segments", segments, "waves", waves, "steps", steps,
	    "step_counts", "lower", (json_int_t)r->n_lower, "higher", (json_int_t)r->n_higher,
	    "same", (json_int_t)r->n_same, "weeks", weeks, "trends", "waves",
	    trend_json(&r->wave_trend), "baseline", trend_json(&r->baseline_trend), "verdicts",
	    "waves", "id", ebb_verdict_id(r->wave_verdict), "sentence", s.verdict, "baseline", "id",
	    ebb_verdict_id(r->baseline_verdict), "sentence", s.baseline, "sentences", "steps",
	    str_or_null(s.steps), "last_step", str_or_null(s.last_step), "verdict", s.verdict,
	    "rate", str_or_null(s.rate), "baseline", s.baseline, "wave", s.wave, "needed",
	    str_or_null(s.needed));
}

/* ---- waves: the chart ----------------------------------------------------------- */

/*
 * The hard dates that fall on the days shown, each time they come round, as
 * chart marks into *out (free it; at most EBB_CHART_MAX_DATES, the latest
 * kept). Dates the calendar cannot place are left off the chart.
 */
static enum ebb_status waves_chart_dates(const struct ebb_view_waves_data *d,
                                         struct ebb_chart_date **out, size_t *n,
                                         struct ebb_error *err)
{
	const struct ebb_waves_result *r = &d->result;
	struct ebb_error ignored = {0};
	struct ebb_insights_occurrence *occ = NULL;
	size_t count = 0, skip;
	enum ebb_status rc;

	*out = NULL;
	*n = 0;
	if (d->n_dates == 0 || r->n_days == 0)
		return EBB_OK;
	rc = ebb_insights_occurrences(d->dates, d->n_dates, r->day[0], r->day[r->n_days - 1], &occ,
	                              &count, &ignored);
	if (rc == EBB_ERR_NOMEM)
		return ebb_error_set(err, rc, "%s", ignored.msg);
	if (rc != EBB_OK || count == 0) {
		free(occ);
		return EBB_OK;
	}
	skip = count > EBB_CHART_MAX_DATES ? count - EBB_CHART_MAX_DATES : 0;
	*out = malloc((count - skip) * sizeof(**out));
	if (*out == NULL) {
		free(occ);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory drawing the chart");
	}
	for (size_t i = skip; i < count; i++)
		(*out)[(*n)++] = (struct ebb_chart_date){occ[i].day, d->dates[occ[i].date].label};
	free(occ);
	return EBB_OK;
}

enum ebb_status ebb_view_waves_svg(struct ebb_buf *out, const struct ebb_view_waves_data *d,
                                   const struct ebb_view_chart *chart, struct ebb_error *err)
{
	struct ebb_chart c;
	struct ebb_chart_waves in = {.r = &d->result, .widths = true};
	struct ebb_chart_date *dates = NULL;
	char id[CHART_ID_MAX];
	enum ebb_status rc;

	rc = chart_setup(&c, id, chart, "waves",
	                 "Your waves: how heavy the days have felt, smoothed", err);
	if (rc == EBB_OK)
		rc = waves_chart_dates(d, &dates, &in.n_dates, err);
	if (rc == EBB_OK) {
		in.dates = dates;
		rc = ebb_chart_waves(out, &c, &in, err);
	}
	free(dates);
	return rc;
}

enum ebb_status ebb_view_waves_json(const struct ebb_view_waves_data *d,
                                    const struct ebb_view_chart *chart, json_t **out,
                                    struct ebb_error *err)
{
	struct ebb_buf b;
	json_t *o;
	enum ebb_status rc = EBB_OK;

	*out = NULL;
	o = waves_object(&d->result, d->n_checkins);
	if (o == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	if (chart_wanted(chart)) {
		ebb_buf_init_secret(&b, EBB_CHART_MAX_BYTES);
		rc = ebb_view_waves_svg(&b, d, chart, err);
		if (rc == EBB_OK)
			rc = set_svg(o, "svg", &b, err);
		ebb_buf_release(&b);
	}
	if (rc != EBB_OK) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return EBB_OK;
}

/* ---- insights: gathering -------------------------------------------------------- */

/* Keeps only the records of days from..to (the dates stay: they come round). */
static void keep_days(struct ebb_insights_input *in, int64_t from, int64_t to)
{
	size_t i, k;

#define KEEP(arr, n)                                                                               \
	do {                                                                                       \
		for (i = k = 0; i < (n); i++)                                                      \
			if ((arr)[i].day >= from && (arr)[i].day <= to)                            \
				(arr)[k++] = (arr)[i];                                             \
		(n) = k;                                                                           \
	} while (0)
	KEEP(in->checkins, in->n_checkins);
	KEEP(in->urges, in->n_urges);
	KEEP(in->contacts, in->n_contacts);
	KEEP(in->signs, in->n_signs);
#undef KEEP
}

enum ebb_status ebb_view_insights_gather(struct ebb_view_insights_data *d, struct ebb_vault *v,
                                         time_t now, const struct ebb_view_range *range,
                                         struct ebb_error *err)
{
	struct ebb_view_range all;
	int64_t t = (int64_t)now;
	enum ebb_status rc;

	if (range == NULL) {
		ebb_view_range_init(&all);
		range = &all;
	}
	memset(d, 0, sizeof(*d));
	ebb_insights_input_init(&d->in);
	ebb_waves_result_init(&d->waves);
	ebb_insights_init(&d->ins);
	d->today = ebb_date_local_day(t, ebb_when_local_offset(t));
	d->from_given = range->from != INT64_MIN;
	d->to_given = range->to != INT64_MAX;
	d->from_day = ebb_date_local_day(range->from, ebb_when_local_offset(range->from));
	d->to_day = ebb_date_local_day(range->to, ebb_when_local_offset(range->to));
	rc = ebb_insights_input_from_vault(&d->in, v, d->today, err);
	if (rc == EBB_OK) {
		if (d->from_given || d->to_given)
			keep_days(&d->in, d->from_given ? d->from_day : INT64_MIN,
			          d->to_given ? d->to_day : INT64_MAX);
		rc = ebb_insights_waves(&d->waves, &d->in, NULL, err);
	}
	if (rc == EBB_OK)
		rc = ebb_insights_analyse(&d->ins, &d->in, &d->waves, err);
	if (rc != EBB_OK)
		ebb_view_insights_release(d);
	return rc;
}

void ebb_view_insights_release(struct ebb_view_insights_data *d)
{
	if (d == NULL)
		return;
	ebb_insights_release(&d->ins);
	ebb_waves_result_release(&d->waves);
	ebb_insights_input_release(&d->in);
}

size_t ebb_view_feelings_by_count(const struct ebb_insights_feelings *f, size_t *idx)
{
	size_t n = 0, i, j;

	for (i = 0; i < f->n_words && i < EBB_INSIGHTS_MAX_FEELINGS; i++) {
		if (f->count[i] == 0)
			continue;
		for (j = n; j > 0 && f->count[idx[j - 1]] < f->count[i]; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
		n++;
	}
	return n;
}

/* ---- insights: JSON ------------------------------------------------------------- */

/* Adds key: val to obj; a NULL val (out of memory) clears *ok. */
static void jset(json_t *obj, const char *key, json_t *val, bool *ok)
{
	if (val == NULL || json_object_set_new(obj, key, val) != 0)
		*ok = false;
}

static void jpush(json_t *arr, json_t *val, bool *ok)
{
	if (val == NULL || json_array_append_new(arr, val) != 0)
		*ok = false;
}

static json_t *jnum(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *jint(size_t n)
{
	return json_integer((json_int_t)n);
}

static json_t *jday(int64_t day)
{
	char d[EBB_DATE_STR];

	return json_string(ebb_date_format(d, day));
}

static json_t *jmonth(int year, int month)
{
	char m[16];

	snprintf(m, sizeof(m), "%04d-%02d", year, month);
	return json_string(m);
}

static json_t *jword(const struct ebb_word *list, int i)
{
	return i >= 0 ? json_string(list[i].name) : json_null();
}

/* A sentence from the core as a JSON string. */
static json_t *jsay(size_t (*fn)(char *, size_t, const struct ebb_insights *),
                    const struct ebb_insights *ins)
{
	char buf[EBB_INSIGHTS_SENTENCE_MAX];

	fn(buf, sizeof(buf), ins);
	return json_string(buf);
}

/* {"potential": x, ...} from four values. */
static json_t *jfacets_real(const double *v, bool *ok)
{
	json_t *o = json_object();

	for (size_t j = 0; j < EBB_INSIGHTS_FACETS; j++)
		jset(o, ebb_facets[j].name, jnum(v[j]), ok);
	return o;
}

/* A trend of the data, or null when it was not computed. */
static json_t *jtrend(const struct ebb_waves_trend *t, bool *ok)
{
	json_t *o, *mk;

	if (!t->valid)
		return json_null();
	o = json_object();
	mk = json_object();
	jset(o, "points", jint(t->n), ok);
	jset(o, "slope_per_month", jnum(t->ts.slope * 30.0), ok);
	jset(o, "low_per_month", jnum(t->ts.lo * 30.0), ok);
	jset(o, "high_per_month", jnum(t->ts.hi * 30.0), ok);
	jset(o, "slope_per_day", jnum(t->ts.slope), ok);
	jset(o, "intercept", jnum(t->ts.intercept), ok);
	jset(mk, "s", json_integer((json_int_t)t->mk.s), ok);
	jset(mk, "var_s", jnum(t->mk.var_s), ok);
	jset(mk, "z", jnum(t->mk.z_cc), ok);
	jset(mk, "p", jnum(t->mk.p_cc), ok);
	jset(mk, "p_exact", jnum(t->mk.p_exact), ok);
	jset(mk, "tau_b", jnum(t->mk.tau_b), ok);
	jset(o, "mann_kendall", mk, ok);
	return o;
}

static json_t *json_facets(const struct ebb_insights *ins, bool *ok)
{
	const struct ebb_insights_facet_shift *f = &ins->facets;
	json_t *o = json_object(), *list = json_array(), *months = json_array(), *shift;

	for (size_t j = 0; j < EBB_INSIGHTS_FACETS; j++)
		jpush(list,
		      json_pack("{s:s, s:s}", "name", ebb_facets[j].name, "label",
		                ebb_facets[j].label),
		      ok);
	jset(o, "facets", list, ok);
	for (size_t i = 0; i < ins->n_months; i++) {
		const struct ebb_insights_month *mo = &ins->months[i];
		json_t *m = json_object(), *counts = json_object();

		jset(m, "month", jmonth(mo->year, mo->month), ok);
		jset(m, "checkins", jint(mo->checkins), ok);
		jset(m, "named", jint(mo->named), ok);
		jset(m, "mentions", jint(mo->mentions), ok);
		for (size_t j = 0; j < EBB_INSIGHTS_FACETS; j++)
			jset(counts, ebb_facets[j].name, jint(mo->facet[j]), ok);
		jset(m, "counts", counts, ok);
		jset(m, "shares", jfacets_real(mo->share, ok), ok);
		jpush(months, m, ok);
	}
	jset(o, "months", months, ok);
	shift = json_object();
	jset(shift, "known", json_boolean(f->known), ok);
	if (f->known && ins->months) {
		const struct ebb_insights_month *m = ins->months;
		json_t *early = json_object(), *late = json_object();

		jset(shift, "months", jint(f->months), ok);
		jset(early, "from", jmonth(m[f->early_first].year, m[f->early_first].month), ok);
		jset(early, "to", jmonth(m[f->early_last].year, m[f->early_last].month), ok);
		jset(early, "mentions", jint(f->early_mentions), ok);
		jset(early, "shares", jfacets_real(f->early, ok), ok);
		jset(late, "from", jmonth(m[f->late_first].year, m[f->late_first].month), ok);
		jset(late, "to", jmonth(m[f->late_last].year, m[f->late_last].month), ok);
		jset(late, "mentions", jint(f->late_mentions), ok);
		jset(late, "shares", jfacets_real(f->late, ok), ok);
		jset(shift, "early", early, ok);
		jset(shift, "late", late, ok);
	}
	jset(shift, "grew", jword(ebb_facets, f->known ? f->grew : -1), ok);
	jset(shift, "faded", jword(ebb_facets, f->known ? f->faded : -1), ok);
	jset(o, "shift", shift, ok);
	jset(o, "sentence", jsay(ebb_insights_say_facets, ins), ok);
	return o;
}

static json_t *json_feelings(const struct ebb_insights *ins, bool *ok)
{
	const struct ebb_insights_feelings *f = &ins->feelings;
	json_t *o = json_object(), *counts = json_object(), *top = json_array(),
	       *ch = json_object();
	json_t *es = json_object(), *rs = json_object();
	size_t n = f->n_words < EBB_INSIGHTS_MAX_FEELINGS ? f->n_words : EBB_INSIGHTS_MAX_FEELINGS;

	jset(o, "named", jint(f->named), ok);
	for (size_t i = 0; i < n; i++)
		jset(counts, ebb_feelings[i].name, jint(f->count[i]), ok);
	jset(o, "counts", counts, ok);
	for (size_t i = 0; i < f->n_top; i++)
		jpush(top,
		      json_pack("{s:s, s:s, s:I}", "name", ebb_feelings[f->top[i]].name, "label",
		                ebb_feelings[f->top[i]].label, "count",
		                (json_int_t)f->count[f->top[i]]),
		      ok);
	jset(o, "top", top, ok);
	jset(ch, "known", json_boolean(f->change_known), ok);
	jset(ch, "recent_from", jday(f->recent_from), ok);
	jset(ch, "recent_named", jint(f->recent_named), ok);
	jset(ch, "earlier_named", jint(f->early_named), ok);
	for (size_t i = 0; i < n; i++) {
		if (f->recent_count[i] == 0 && f->early_count[i] == 0)
			continue;
		jset(rs, ebb_feelings[i].name, jnum(f->recent_share[i]), ok);
		jset(es, ebb_feelings[i].name, jnum(f->early_share[i]), ok);
	}
	jset(ch, "recent_shares", rs, ok);
	jset(ch, "earlier_shares", es, ok);
	jset(ch, "rose", jword(ebb_feelings, f->change_known ? f->rose : -1), ok);
	jset(ch, "eased", jword(ebb_feelings, f->change_known ? f->eased : -1), ok);
	jset(o, "change", ch, ok);
	jset(o, "sentence", jsay(ebb_insights_say_feelings, ins), ok);
	jset(o, "change_sentence", jsay(ebb_insights_say_feelings_change, ins), ok);
	return o;
}

static json_t *json_tally(const struct ebb_insights_tally *t, bool *ok)
{
	json_t *o = json_object();

	jset(o, "felt", jint(t->felt), ok);
	jset(o, "acted_on", jint(t->acted), ok);
	jset(o, "let_pass", jint(t->let_pass), ok);
	jset(o, "let_pass_share", t->felt ? jnum(t->share) : json_null(), ok);
	jset(o, "range",
	     t->has_interval ? json_pack("{s:o, s:o}", "low", jnum(t->lo), "high", jnum(t->hi))
	                     : json_null(),
	     ok);
	return o;
}

static json_t *json_urges(const struct ebb_insights *ins, bool *ok)
{
	const struct ebb_insights_urges *u = &ins->urges;
	json_t *o = json_object(), *weeks = json_array(), *did = json_object(), *rec, *tr;
	size_t n_did = ebb_word_count(ebb_urge_did);

	for (size_t i = 0; i < u->n_weeks; i++) {
		json_t *w = json_object();

		jset(w, "week", jday(u->weeks[i].monday), ok);
		jset(w, "felt", jint(u->weeks[i].felt), ok);
		jset(w, "acted_on", jint(u->weeks[i].acted), ok);
		jset(w, "let_pass", jint(u->weeks[i].felt - u->weeks[i].acted), ok);
		jpush(weeks, w, ok);
	}
	jset(o, "weeks", weeks, ok);
	jset(o, "all", json_tally(&u->all, ok), ok);
	rec = json_tally(&u->recent, ok);
	jset(rec, "from", jday(u->recent_from), ok);
	jset(o, "recent", rec, ok);
	for (size_t i = 0; i < n_did && i < EBB_INSIGHTS_MAX_DID; i++)
		jset(did, ebb_urge_did[i].name, jint(u->did[i]), ok);
	jset(did, NOT_NOTED_KEY, jint(u->did_unsaid), ok);
	jset(o, "did", did, ok);
	tr = json_object();
	jset(tr, "weeks", jint(u->trend_weeks), ok);
	jset(tr, "felt", jtrend(&u->felt_trend, ok), ok);
	jset(tr, "acted_on", jtrend(&u->acted_trend, ok), ok);
	jset(o, "trend", tr, ok);
	jset(o, "sentence", jsay(ebb_insights_say_urges, ins), ok);
	jset(o, "recent_sentence", jsay(ebb_insights_say_urges_recent, ins), ok);
	return o;
}

static const char *by_name(enum ebb_insights_by by)
{
	return by == EBB_INSIGHTS_BY_ME ? "me" : by == EBB_INSIGHTS_BY_THEM ? "them" : NULL;
}

static json_t *json_contact(const struct ebb_insights *ins, bool *ok)
{
	const struct ebb_insights_contacts *c = &ins->contact;
	const char *by = c->any ? by_name(c->last_by) : NULL;
	json_t *o = json_object();

	jset(o, "count", jint(c->count), ok);
	jset(o, "by_me", jint(c->by_me), ok);
	jset(o, "by_them", jint(c->by_them), ok);
	jset(o, "last", c->any ? jday(c->last_day) : json_null(), ok);
	jset(o, "days_since", c->any ? json_integer((json_int_t)c->days_since) : json_null(), ok);
	jset(o, "last_by", by ? json_string(by) : json_null(), ok);
	jset(o, "sentence", jsay(ebb_insights_say_contact, ins), ok);
	return o;
}

static json_t *json_signs(const struct ebb_insights *ins, bool *ok)
{
	json_t *arr = json_array();
	char buf[EBB_INSIGHTS_SENTENCE_MAX];

	for (size_t s = 0; s < EBB_INSIGHTS_SIGNS; s++) {
		const struct ebb_insights_sign *sg = &ins->signs[s];
		json_t *o = json_object(), *weeks = json_array(), *latest_week = json_null();

		jset(o, "name", json_string(ebb_signs[s].name), ok);
		jset(o, "label", json_string(ebb_signs[s].label), ok);
		for (size_t i = 0; i < sg->n_weeks; i++) {
			json_t *w = json_object();

			jset(w, "week", jday(sg->weeks[i].monday), ok);
			jset(w, "median", jnum(sg->weeks[i].median), ok);
			jset(w, "ratings", jint(sg->weeks[i].ratings), ok);
			jpush(weeks, w, ok);
		}
		jset(o, "weeks", weeks, ok);
		if (sg->n_weeks > 0) {
			json_decref(latest_week);
			latest_week =
			    json_pack("{s:o, s:o}", "week", jday(sg->weeks[sg->n_weeks - 1].monday),
			              "median", jnum(sg->weeks[sg->n_weeks - 1].median));
		}
		jset(o, "latest", latest_week, ok);
		jset(o, "trend", jtrend(&sg->trend, ok), ok);
		jset(o, "solid", json_boolean(sg->solid), ok);
		jset(o, "verdict", json_string(ebb_sign_verdict_id(sg->verdict)), ok);
		ebb_insights_say_sign(buf, sizeof(buf), ins, s);
		jset(o, "sentence", json_string(buf), ok);
		jpush(arr, o, ok);
	}
	return arr;
}

static json_t *json_dates(const struct ebb_view_insights_data *d, bool *ok)
{
	const struct ebb_insights *ins = &d->ins;
	const struct ebb_insights_cluster *c = &ins->cluster;
	json_t *o = json_object(), *occ = json_array(), *cl = json_object();
	char buf[EBB_INSIGHTS_SENTENCE_MAX];

	jset(o, "count", jint(ins->n_dates), ok);
	for (size_t i = 0; i < ins->n_occurrences; i++) {
		const struct ebb_insights_occurrence *x = &ins->occurrences[i];
		const struct ebb_insights_date *hd = &d->in.dates[x->date];
		json_t *e = json_object();

		jset(e, "day", jday(x->day), ok);
		jset(e, "date", jday(hd->day), ok);
		jset(e, "label", hd->label ? json_string(hd->label) : json_null(), ok);
		jset(e, "yearly", json_boolean(hd->yearly), ok);
		jset(e, "years", json_integer(x->years), ok);
		jpush(occ, e, ok);
	}
	jset(o, "occurrences", occ, ok);
	jset(cl, "computed", json_boolean(c->computed), ok);
	jset(cl, "window", json_integer(c->window), ok);
	jset(cl, "waves", jint(c->n_waves), ok);
	jset(cl, "near", jint(c->near), ok);
	jset(cl, "days", jint(c->days), ok);
	jset(cl, "near_days", jint(c->near_days), ok);
	jset(cl, "occurrences", jint(c->n_occurrences), ok);
	jset(cl, "expected", jnum(c->expected), ok);
	jset(o, "cluster", cl, ok);
	ebb_insights_say_cluster(buf, sizeof(buf), ins);
	jset(o, "sentence", json_string(buf), ok);
	return o;
}

static json_t *json_waves(const struct ebb_waves_result *w, bool *ok)
{
	json_t *o = json_object(), *arr = json_array();

	jset(o, "days_logged", jint(w->n_days), ok);
	for (size_t i = 0; i < w->n_waves; i++) {
		json_t *e = json_object();

		jset(e, "day", jday(w->waves[i].day), ok);
		jset(e, "height", jnum(w->waves[i].height), ok);
		jset(e, "prominence", jnum(w->waves[i].prominence), ok);
		jset(e, "width", jnum(w->waves[i].width), ok);
		jpush(arr, e, ok);
	}
	jset(o, "waves", arr, ok);
	jset(o, "lower", jint(w->n_lower), ok);
	jset(o, "higher", jint(w->n_higher), ok);
	jset(o, "same", jint(w->n_same), ok);
	jset(o, "verdict", json_string(ebb_verdict_id(w->wave_verdict)), ok);
	jset(o, "baseline_verdict", json_string(ebb_verdict_id(w->baseline_verdict)), ok);
	return o;
}

/* ---- insights: charts ------------------------------------------------------------ */

/* The origin of the signs' time axis: the first rated Monday of any sign. */
static int64_t signs_origin(const struct ebb_insights *ins)
{
	int64_t origin = INT64_MAX;

	for (size_t s = 0; s < EBB_INSIGHTS_SIGNS; s++)
		if (ins->signs[s].n_weeks > 0 && ins->signs[s].weeks[0].monday < origin)
			origin = ins->signs[s].weeks[0].monday;
	return origin == INT64_MAX ? ins->today : origin;
}

static enum ebb_status chart_facets(struct ebb_buf *out, const struct ebb_chart *c,
                                    const struct ebb_insights *ins, struct ebb_error *err)
{
	const char *labels[EBB_INSIGHTS_FACETS];
	struct ebb_chart_shares in = {
	    .period = EBB_CHART_MONTHS, .labels = labels, .k = EBB_INSIGHTS_FACETS};
	size_t first = ins->n_months > EBB_CHART_MAX_BARS ? ins->n_months - EBB_CHART_MAX_BARS : 0;
	size_t n = ins->n_months - first;
	int64_t *start = malloc((n ? n : 1) * sizeof(*start));
	double *counts = malloc((n ? n : 1) * EBB_INSIGHTS_FACETS * sizeof(*counts));
	enum ebb_status rc;

	if (start == NULL || counts == NULL) {
		free(start);
		free(counts);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory drawing a chart");
	}
	for (size_t j = 0; j < EBB_INSIGHTS_FACETS; j++)
		labels[j] = ebb_facets[j].label;
	for (size_t i = 0; i < n; i++) {
		start[i] = ins->months[first + i].first_day;
		for (size_t j = 0; j < EBB_INSIGHTS_FACETS; j++)
			counts[i * EBB_INSIGHTS_FACETS + j] =
			    (double)ins->months[first + i].facet[j];
	}
	in.start = start;
	in.n = n;
	in.counts = counts;
	rc = ebb_chart_shares(out, c, &in, err);
	free(start);
	free(counts);
	return rc;
}

static enum ebb_status chart_feelings(struct ebb_buf *out, const struct ebb_chart *c,
                                      const struct ebb_insights *ins, struct ebb_error *err)
{
	size_t idx[EBB_INSIGHTS_MAX_FEELINGS], n = ebb_view_feelings_by_count(&ins->feelings, idx);
	const char *labels[EBB_INSIGHTS_MAX_FEELINGS];
	double values[EBB_INSIGHTS_MAX_FEELINGS];
	struct ebb_chart_hbars in = {
	    .labels = labels, .values = values, .n = n, .value_label = "times named"};

	if (n > EBB_CHART_MAX_ROWS)
		n = in.n = EBB_CHART_MAX_ROWS;
	for (size_t i = 0; i < n; i++) {
		labels[i] = ebb_feelings[idx[i]].label;
		values[i] = (double)ins->feelings.count[idx[i]];
	}
	return ebb_chart_hbars(out, c, &in, err);
}

static enum ebb_status chart_urges(struct ebb_buf *out, const struct ebb_chart *c,
                                   const struct ebb_insights *ins, struct ebb_error *err)
{
	const struct ebb_insights_urges *u = &ins->urges;
	size_t first = u->n_weeks > EBB_CHART_MAX_BARS ? u->n_weeks - EBB_CHART_MAX_BARS : 0;
	size_t n = u->n_weeks - first;
	int64_t *start = malloc((n ? n : 1) * sizeof(*start));
	double *felt = malloc((n ? n : 1) * sizeof(*felt));
	double *acted = malloc((n ? n : 1) * sizeof(*acted));
	struct ebb_chart_bars in = {
	    .period = EBB_CHART_WEEKS, .n_series = 2, .y_label = "Urges per week"};
	enum ebb_status rc;

	if (start == NULL || felt == NULL || acted == NULL) {
		rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory drawing a chart");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		start[i] = u->weeks[first + i].monday;
		felt[i] = (double)u->weeks[first + i].felt;
		acted[i] = (double)u->weeks[first + i].acted;
	}
	in.start = start;
	in.n = n;
	in.series[0] = (struct ebb_chart_series){.label = "felt", .values = felt};
	in.series[1] = (struct ebb_chart_series){.label = "acted on", .values = acted};
	rc = ebb_chart_bars(out, c, &in, err);
done:
	free(start);
	free(felt);
	free(acted);
	return rc;
}

static enum ebb_status chart_signs(struct ebb_buf *out, const struct ebb_chart *c,
                                   const struct ebb_insights *ins, struct ebb_error *err)
{
	struct ebb_chart_panel panels[EBB_INSIGHTS_SIGNS] = {0};
	double *t[EBB_INSIGHTS_SIGNS] = {0}, *y[EBB_INSIGHTS_SIGNS] = {0};
	int64_t origin = signs_origin(ins);
	struct ebb_chart_panels in = {.panels = panels,
	                              .n = EBB_INSIGHTS_SIGNS,
	                              .origin = origin,
	                              .max = 4.0,
	                              .y_label = "Weekly median, 0 to 4"};
	enum ebb_status rc = EBB_OK;
	size_t s;

	for (s = 0; s < EBB_INSIGHTS_SIGNS && rc == EBB_OK; s++) {
		const struct ebb_insights_sign *sg = &ins->signs[s];
		size_t n = sg->n_weeks > EBB_CHART_MAX_POINTS ? EBB_CHART_MAX_POINTS : sg->n_weeks;
		size_t first = sg->n_weeks - n;

		panels[s].label = ebb_signs[s].label;
		if (n == 0)
			continue;
		t[s] = malloc(n * sizeof(double));
		y[s] = malloc(n * sizeof(double));
		if (t[s] == NULL || y[s] == NULL) {
			rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory drawing a chart");
			break;
		}
		for (size_t i = 0; i < n; i++) {
			t[s][i] = (double)(sg->weeks[first + i].monday - origin) + 3.5;
			y[s][i] = sg->weeks[first + i].median;
		}
		panels[s].t = t[s];
		panels[s].value = y[s];
		panels[s].n = n;
		/* the trend was fitted on every week: draw it only over all of them */
		panels[s].trend = first == 0 ? &sg->trend : NULL;
	}
	if (rc == EBB_OK)
		rc = ebb_chart_panels(out, c, &in, err);
	for (s = 0; s < EBB_INSIGHTS_SIGNS; s++) {
		free(t[s]);
		free(y[s]);
	}
	return rc;
}

static enum ebb_status chart_waves(struct ebb_buf *out, const struct ebb_chart *c,
                                   const struct ebb_view_insights_data *d, struct ebb_error *err)
{
	const struct ebb_insights *ins = &d->ins;
	size_t first =
	    ins->n_occurrences > EBB_CHART_MAX_DATES ? ins->n_occurrences - EBB_CHART_MAX_DATES : 0;
	size_t n = ins->n_occurrences - first;
	struct ebb_chart_date *dates = malloc((n ? n : 1) * sizeof(*dates));
	struct ebb_chart_waves in = {.r = &d->waves, .dates = dates, .n_dates = n};
	enum ebb_status rc;

	if (dates == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory drawing a chart");
	for (size_t i = 0; i < n; i++) {
		const struct ebb_insights_occurrence *o = &ins->occurrences[first + i];
		const char *label = d->in.dates[o->date].label;

		dates[i].day = o->day;
		dates[i].label = label && label[0] ? label : "a hard date";
	}
	rc = ebb_chart_waves(out, c, &in, err);
	free(dates);
	return rc;
}

enum ebb_status ebb_view_insights_svg(struct ebb_buf *out, const struct ebb_view_insights_data *d,
                                      size_t i, const struct ebb_view_chart *chart,
                                      struct ebb_error *err)
{
	static const char *const titles[EBB_VIEW_INSIGHTS_CHARTS] = {
	    "What you are grieving, month by month",
	    "Feelings you named most often",
	    "Urges week by week: felt and acted on",
	    "The four signs, week by week",
	    "Waves and hard dates",
	};
	char id[CHART_ID_MAX];
	struct ebb_chart c;
	enum ebb_status rc;

	if (i >= EBB_VIEW_INSIGHTS_CHARTS)
		return ebb_error_set(err, EBB_ERR_INVALID, "there is no insights chart %zu", i);
	rc = chart_setup(&c, id, chart, ebb_view_insights_charts[i], titles[i], err);
	if (rc != EBB_OK)
		return rc;
	switch (i) {
	case 0:
		return chart_facets(out, &c, &d->ins, err);
	case 1:
		return chart_feelings(out, &c, &d->ins, err);
	case 2:
		return chart_urges(out, &c, &d->ins, err);
	case 3:
		return chart_signs(out, &c, &d->ins, err);
	default:
		return chart_waves(out, &c, d, err);
	}
}

/* The "svg" object: every insights chart by name. */
static enum ebb_status insights_svgs(json_t *o, const struct ebb_view_insights_data *d,
                                     const struct ebb_view_chart *chart, struct ebb_error *err)
{
	json_t *svg = json_object();
	struct ebb_buf b;
	enum ebb_status rc = EBB_OK;

	if (svg == NULL || json_object_set_new(o, "svg", svg) != 0)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	ebb_buf_init_secret(&b, EBB_CHART_MAX_BYTES);
	for (size_t i = 0; rc == EBB_OK && i < EBB_VIEW_INSIGHTS_CHARTS; i++) {
		ebb_buf_reset(&b);
		rc = ebb_view_insights_svg(&b, d, i, chart, err);
		if (rc == EBB_OK)
			rc = set_svg(svg, ebb_view_insights_charts[i], &b, err);
	}
	ebb_buf_release(&b);
	return rc;
}

enum ebb_status ebb_view_insights_json(const struct ebb_view_insights_data *d,
                                       const struct ebb_view_chart *chart, json_t **out,
                                       struct ebb_error *err)
{
	const struct ebb_insights *ins = &d->ins;
	json_t *o;
	bool ok;
	enum ebb_status rc = EBB_OK;

	*out = NULL;
	if (chart_wanted(chart) && (rc = chart_check(chart, err)) != EBB_OK)
		return rc;
	o = json_object();
	ok = o != NULL;
	jset(o, "today", jday(d->today), &ok);
	jset(o, "from", d->from_given ? jday(d->from_day) : json_null(), &ok);
	jset(o, "to", d->to_given ? jday(d->to_day) : json_null(), &ok);
	jset(o, "has_history", json_boolean(ins->has_history), &ok);
	jset(o, "first_day", ins->has_history ? jday(ins->first_day) : json_null(), &ok);
	jset(o, "last_day", ins->has_history ? jday(ins->last_day) : json_null(), &ok);
	jset(o, "grieving", json_facets(ins, &ok), &ok);
	jset(o, "feelings", json_feelings(ins, &ok), &ok);
	jset(o, "urges", json_urges(ins, &ok), &ok);
	jset(o, "contact", json_contact(ins, &ok), &ok);
	jset(o, "signs", json_signs(ins, &ok), &ok);
	jset(o, "hard_dates", json_dates(d, &ok), &ok);
	jset(o, "waves", json_waves(&d->waves, &ok), &ok);
	if (!ok)
		rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	if (rc == EBB_OK && chart_wanted(chart))
		rc = insights_svgs(o, d, chart, err);
	if (rc != EBB_OK) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return EBB_OK;
}

/* ---- the views ------------------------------------------------------------------- */

enum ebb_status ebb_view_today(struct ebb_vault *v, time_t now, json_t **out, struct ebb_error *err)
{
	struct ebb_view_today_data *t = calloc(1, sizeof(*t));
	enum ebb_status rc;

	*out = NULL;
	if (t == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	rc = ebb_view_today_gather(t, v, now, err);
	if (rc == EBB_OK) {
		*out = ebb_view_today_json(t);
		if (*out == NULL)
			rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		ebb_view_today_release(t);
	}
	free(t);
	return rc;
}

enum ebb_status ebb_view_waves_range(struct ebb_vault *v, time_t now,
                                     const struct ebb_view_range *range,
                                     const struct ebb_view_chart *chart, json_t **out,
                                     struct ebb_error *err)
{
	struct ebb_view_waves_data d;
	enum ebb_status rc;

	(void)now;
	*out = NULL;
	if (chart_wanted(chart) && (rc = chart_check(chart, err)) != EBB_OK)
		return rc;
	rc = ebb_view_waves_gather(&d, v, range, chart_wanted(chart), err);
	if (rc == EBB_OK)
		rc = ebb_view_waves_json(&d, chart, out, err);
	ebb_view_waves_release(&d);
	return rc;
}

enum ebb_status ebb_view_waves(struct ebb_vault *v, time_t now, const struct ebb_view_chart *chart,
                               json_t **out, struct ebb_error *err)
{
	return ebb_view_waves_range(v, now, NULL, chart, out, err);
}

enum ebb_status ebb_view_insights_range(struct ebb_vault *v, time_t now,
                                        const struct ebb_view_range *range,
                                        const struct ebb_view_chart *chart, json_t **out,
                                        struct ebb_error *err)
{
	struct ebb_view_insights_data d;
	enum ebb_status rc;

	*out = NULL;
	if (chart_wanted(chart) && (rc = chart_check(chart, err)) != EBB_OK)
		return rc;
	rc = ebb_view_insights_gather(&d, v, now, range, err);
	if (rc == EBB_OK)
		rc = ebb_view_insights_json(&d, chart, out, err);
	ebb_view_insights_release(&d);
	return rc;
}

enum ebb_status ebb_view_insights(struct ebb_vault *v, time_t now,
                                  const struct ebb_view_chart *chart, json_t **out,
                                  struct ebb_error *err)
{
	return ebb_view_insights_range(v, now, NULL, chart, out, err);
}
