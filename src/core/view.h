/*
 * view.h — what `ebb today`, `ebb waves` and `ebb insights` show, gathered
 * from the vault and built as JSON in one place, so that the page (`ebb
 * serve`) and the command line give the same numbers and the same
 * sentences. Nothing here prints or writes a file.
 *
 * Two layers:
 *   - ebb_view_today, ebb_view_waves and ebb_view_insights read the vault
 *     (it must be unlocked: else EBB_ERR_LOCKED) and return the object the
 *     command's --json prints, plus the charts as SVG text when asked;
 *   - the gather structs below hold what those objects are built from, for
 *     a face that also lays the same data out in its own way (the
 *     command line's text screens and --svg files).
 * Dumped with the EBB_VIEW_*_DUMP flags, an object is byte for byte what
 * the command prints.
 *
 * Times: `now` is UTC seconds; "today" is its day in the local time zone
 * (TZ), as for the rest of ebb.
 */
#ifndef EBB_VIEW_H
#define EBB_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "crypto.h"
#include "error.h"
#include "insights.h"
#include "record.h"
#include "vault.h"
#include "waves.h"

/* The json_dumpf flags each command prints its object with. */
#define EBB_VIEW_TODAY_DUMP    (JSON_COMPACT | JSON_SORT_KEYS)
#define EBB_VIEW_WAVES_DUMP    (JSON_COMPACT | JSON_REAL_PRECISION(17))
#define EBB_VIEW_INSIGHTS_DUMP (JSON_INDENT(2) | JSON_REAL_PRECISION(15))

/* The widths a view's charts may have, in SVG user units. */
#define EBB_VIEW_CHART_MIN 360
#define EBB_VIEW_CHART_MAX 1200

struct ebb_view_chart {
	unsigned width;     /* SVG width in user units (360..1200); 0: no SVG */
	bool fixed_colours; /* true: EBB_CHART_FIXED colours (files); false: themed by CSS vars */
	const char
	    *id_prefix; /* prefix for element ids inside the SVG, unique per page; may be NULL */
};
/*
 * Element ids of a chart start with id_prefix followed by the chart's name
 * ("waves", "facets", "feelings", "urges", "signs"); NULL stands for
 * "ebb-", so the ids are "ebb-waves-t" and so on. The whole must be a
 * plain name for chart.h (a letter, then up to 31 letters, digits, '-' or
 * '_'), else EBB_ERR_INVALID.
 */

/* Which records waves and insights read: UTC seconds, inclusive. */
struct ebb_view_range {
	int64_t from; /* INT64_MIN: from the first */
	int64_t to;   /* INT64_MAX: up to the last */
};

/* Fills r with no bounds: what the commands read without --from and --to. */
void ebb_view_range_init(struct ebb_view_range *r);

/*
 * `ebb today --json`'s object for the local day of now, into *out (the
 * caller's reference). Needs v unlocked (EBB_ERR_LOCKED). *out is NULL on
 * failure.
 */
enum ebb_status ebb_view_today(struct ebb_vault *v, time_t now, json_t **out,
                               struct ebb_error *err);

/*
 * `ebb waves --json`'s object; with chart && chart->width, also "svg": the
 * chart (hard dates marked). Reads every check-in (and, for the chart, the
 * hard dates). Needs v unlocked. EBB_ERR_INVALID for a chart width outside
 * 360..1200 or a bad id prefix, and when the check-ins lie more than
 * EBB_WAVES_MAX_SPAN days apart (the message names the one far away).
 * The analysis does not depend on now. *out is NULL on failure.
 */
enum ebb_status ebb_view_waves(struct ebb_vault *v, time_t now, const struct ebb_view_chart *chart,
                               json_t **out, struct ebb_error *err);

/* The same for the check-ins of range only (`ebb waves --from --to`);
 * range NULL reads all. */
enum ebb_status ebb_view_waves_range(struct ebb_vault *v, time_t now,
                                     const struct ebb_view_range *range,
                                     const struct ebb_view_chart *chart, json_t **out,
                                     struct ebb_error *err);

/*
 * `ebb insights --json`'s object; with chart && chart->width, also "svg":
 * {name: svg string, ...} for the names of ebb_view_insights_charts. Needs
 * v unlocked. EBB_ERR_INVALID for a bad chart or records the analysis
 * refuses. *out is NULL on failure.
 */
enum ebb_status ebb_view_insights(struct ebb_vault *v, time_t now,
                                  const struct ebb_view_chart *chart, json_t **out,
                                  struct ebb_error *err);

/* The same with only the records of range's local days (`ebb insights
 * --from --to`); today stays the day of now. range NULL reads all. */
enum ebb_status ebb_view_insights_range(struct ebb_vault *v, time_t now,
                                        const struct ebb_view_range *range,
                                        const struct ebb_view_chart *chart, json_t **out,
                                        struct ebb_error *err);

/*
 * A record as the commands show it in JSON: {"id", "kind", "at" (ISO 8601
 * with its offset), "rev", "deleted" (only when true), "body"} (body shared
 * by reference, null when gone). NULL when out of memory.
 */
json_t *ebb_view_record_json(const struct ebb_record *r);

/* ---------------------------------------------------------------------- */
/* today, gathered                                                         */

#define EBB_VIEW_WEEK_DAYS  7  /* urges counted: today and the 6 days before */
#define EBB_VIEW_AHEAD_DAYS 7  /* hard dates shown this many days ahead */
#define EBB_VIEW_CHECKINS   5  /* the latest check-ins shown */
#define EBB_VIEW_DATES_MAX  32 /* upcoming hard dates kept */
#define EBB_VIEW_DID_MAX    16 /* choices of ebb_urge_did counted, "not noted" included */

/* A record kept past ebb_record_each's callback; its body is a reference
 * of its own. */
struct ebb_view_kept {
	bool found;
	struct ebb_record r;
};

/* A hard date coming up. */
struct ebb_view_upcoming {
	uint8_t id[EBB_ID_BYTES];
	int64_t day;     /* its next day number */
	int64_t in_days; /* 0 today */
	json_t *body;    /* the date record's body (a reference) */
};

/* What the home screen shows, two halves: letting go and healing. */
struct ebb_view_today_data {
	time_t now;
	int64_t day;                /* today's local day number */
	int64_t day_start, day_end; /* today's local bounds, UTC seconds */
	int64_t week_start;         /* the first second of the 7-day window */

	struct ebb_view_kept profile, contact, signs;     /* the latest of each */
	struct ebb_view_kept checkins[EBB_VIEW_CHECKINS]; /* newest first */
	size_t ncheckins;
	bool checked_in_today;

	size_t urges, acted; /* in the 7-day window */
	/* urges per ebb_urge_did entry (the first ebb_view_did_count() of
	 * them), then in the slot after them those with no choice noted */
	size_t did[EBB_VIEW_DID_MAX];

	size_t ndates_all;                                  /* hard dates of any day */
	struct ebb_view_upcoming dates[EBB_VIEW_DATES_MAX]; /* closest first */
	size_t ndates;
};

/*
 * Reads what the home screen needs for the local day of now into t (any
 * contents are overwritten, nothing is freed). Needs v unlocked. On
 * failure t is left released. Release with ebb_view_today_release.
 */
enum ebb_status ebb_view_today_gather(struct ebb_view_today_data *t, struct ebb_vault *v,
                                      time_t now, struct ebb_error *err);

/* Drops the bodies t holds. t may be NULL. */
void ebb_view_today_release(struct ebb_view_today_data *t);

/* The --json object of a gathered t, or NULL when out of memory. */
json_t *ebb_view_today_json(const struct ebb_view_today_data *t);

/* How many choices of ebb_urge_did are counted apart in did[]; did[n]
 * counts urges with nothing noted. */
size_t ebb_view_did_count(void);

/* Days since the day the person left (negative: still to come), when the
 * profile names a valid day; *left_on is the profile's text or NULL. */
bool ebb_view_days_since_left(const struct ebb_view_today_data *t, const char **left_on,
                              int64_t *days);

/* Calendar days from the last contact to today (t->contact.found). */
int64_t ebb_view_contact_days(const struct ebb_view_today_data *t);

/* ---------------------------------------------------------------------- */
/* waves, gathered                                                         */

/* A check-in too far from the others to be looked at with them. */
struct ebb_view_far {
	bool set;
	uint8_t id[EBB_ID_BYTES];
	int64_t day;  /* its local day */
	bool oldest;  /* it lies before the others (else after them) */
	int64_t keep; /* the day to look from (oldest) or up to that leaves it out */
};

/* The waves analysis and what it was made from. Arrays owned; read only. */
struct ebb_view_waves_data {
	size_t n_checkins;
	struct ebb_waves_checkin *checkins;
	uint8_t (*ids)[EBB_ID_BYTES]; /* the check-ins' ids */
	size_t cap_checkins;
	size_t n_dates; /* hard dates, read only when asked */
	struct ebb_insights_date *dates;
	json_t **date_bodies; /* kept referenced: the labels point into them */
	size_t cap_dates;
	struct ebb_view_far far; /* set when the gathering refused for it */
	struct ebb_waves_result result;
};

/*
 * Reads the check-ins of range (NULL: all) and, with dates, every hard
 * date, and analyses the check-ins with the default parameters, into d
 * (overwritten). Needs v unlocked. EBB_ERR_INVALID with d->far set when
 * the check-ins span more than EBB_WAVES_MAX_SPAN days; d then still holds
 * what was read (release it). Release with ebb_view_waves_release.
 */
enum ebb_status ebb_view_waves_gather(struct ebb_view_waves_data *d, struct ebb_vault *v,
                                      const struct ebb_view_range *range, bool dates,
                                      struct ebb_error *err);

/* Frees what d holds and zeroes it. d may be NULL. */
void ebb_view_waves_release(struct ebb_view_waves_data *d);

/* The --json object of a gathered d into *out; with chart && chart->width
 * also "svg". */
enum ebb_status ebb_view_waves_json(const struct ebb_view_waves_data *d,
                                    const struct ebb_view_chart *chart, json_t **out,
                                    struct ebb_error *err);

/*
 * Appends the waves chart of d (its hard dates marked, each wave's width
 * shown) to out as chart.h does; chart->width must be 360..1200. Use a
 * secret buffer: the chart holds the labels of hard dates.
 */
enum ebb_status ebb_view_waves_svg(struct ebb_buf *out, const struct ebb_view_waves_data *d,
                                   const struct ebb_view_chart *chart, struct ebb_error *err);

/* Every sentence said about one waves analysis. */
struct ebb_view_waves_sentences {
	char steps[EBB_WAVES_SENTENCE_MAX];     /* "" with fewer than 2 waves */
	char last_step[EBB_WAVES_SENTENCE_MAX]; /* "" unless the last wave was higher */
	char verdict[EBB_WAVES_SENTENCE_MAX];
	char rate[EBB_WAVES_SENTENCE_MAX]; /* "" unless the verdict makes a trend statement */
	char baseline[EBB_WAVES_SENTENCE_MAX];
	char wave[EBB_WAVES_SENTENCE_MAX];
	const char *needed; /* static text; NULL unless the answer is "too early to tell" */
};

/* Fills s with the sentences about r. */
void ebb_view_waves_say(struct ebb_view_waves_sentences *s, const struct ebb_waves_result *r);

/* ---------------------------------------------------------------------- */
/* insights, gathered                                                      */

#define EBB_VIEW_INSIGHTS_CHARTS 5

/* The names of the insights charts, in order: "facets", "feelings",
 * "urges", "signs", "waves". */
extern const char *const ebb_view_insights_charts[EBB_VIEW_INSIGHTS_CHARTS];

/* Everything one insights run computes. */
struct ebb_view_insights_data {
	int64_t today;
	bool from_given, to_given;
	int64_t from_day, to_day; /* the local days read, when given */
	struct ebb_insights_input in;
	struct ebb_waves_result waves;
	struct ebb_insights ins;
};

/*
 * Reads every check-in, urge, contact, signs record and hard date, keeps
 * those of range's local days (dates are all kept: they come round) and
 * runs both analyses, today being the local day of now, into d
 * (overwritten). Needs v unlocked. On failure d is left released. Release
 * with ebb_view_insights_release.
 */
enum ebb_status ebb_view_insights_gather(struct ebb_view_insights_data *d, struct ebb_vault *v,
                                         time_t now, const struct ebb_view_range *range,
                                         struct ebb_error *err);

/* Frees what d holds and re-initialises it. d may be NULL. */
void ebb_view_insights_release(struct ebb_view_insights_data *d);

/* The --json object of a gathered d into *out; with chart && chart->width
 * also "svg". */
enum ebb_status ebb_view_insights_json(const struct ebb_view_insights_data *d,
                                       const struct ebb_view_chart *chart, json_t **out,
                                       struct ebb_error *err);

/* Appends insights chart i (< EBB_VIEW_INSIGHTS_CHARTS, as named in
 * ebb_view_insights_charts) of d to out; chart->width must be 360..1200.
 * Use a secret buffer: charts hold the labels of hard dates. */
enum ebb_status ebb_view_insights_svg(struct ebb_buf *out, const struct ebb_view_insights_data *d,
                                      size_t i, const struct ebb_view_chart *chart,
                                      struct ebb_error *err);

/* The feelings named at least once, most named first (ties in list
 * order), into idx (room for EBB_INSIGHTS_MAX_FEELINGS). Returns how many. */
size_t ebb_view_feelings_by_count(const struct ebb_insights_feelings *f, size_t *idx);

#endif
