/*
 * insights.h — what the records say beyond the waves: how the mix of what
 * is being grieved shifts month by month, which feelings come most and how
 * that changes, urges felt and acted on week by week, days since the last
 * contact, the four signs of healing over time, hard dates on the timeline
 * and whether waves gather near them (docs/WAVES.md §2(c), "Four signs of
 * healing" and "Urges and actions"; DESIGN.md ideas 1, 2, 5 and 9).
 *
 * The analysis works on plain arrays (struct ebb_insights_input), which
 * the faces fill from records with ebb_insights_input_from_vault or tests
 * build by hand; the result is a struct the caller owns and releases.
 * Days are day numbers: whole days since 1970-01-01 in the person's local
 * calendar (dates.h). Weeks start on Monday (ISO 8601 weeks, though they
 * are named by their Monday's day number, not by ISO week number): the
 * week of day d starts on ebb_insights_week_start(d).
 *
 * The numbers are counts and the statistics of stats.h, nothing more: no
 * p-values are reported in sentences, nothing is compared with other
 * people, nothing is predicted. Nothing prints, nothing keeps global
 * state; failures return EBB_ERR_INVALID (bad input) or EBB_ERR_NOMEM with
 * a message in err.
 */
#ifndef EBB_INSIGHTS_H
#define EBB_INSIGHTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "stats.h"
#include "vault.h"
#include "waves.h"

#define EBB_INSIGHTS_FACETS       4  /* ebb_facets: potential, self, investment, familiar */
#define EBB_INSIGHTS_SIGNS        4  /* ebb_signs, in order */
#define EBB_INSIGHTS_MAX_FEELINGS 64 /* bits of a feelings mask; ebb_feelings has fewer */
#define EBB_INSIGHTS_MAX_DID      16 /* room for the ebb_urge_did choices */

/* Facets, month by month: how many months are pooled at each end of the
 * history to compare, the least facets named on each side, and the least
 * change of share worth naming. */
#define EBB_INSIGHTS_SHIFT_MONTHS 3
#define EBB_INSIGHTS_SHIFT_MIN    5
#define EBB_INSIGHTS_SHIFT_CHANGE 0.10

/* Feelings: the recent window (today and the 29 days before), the least
 * check-ins naming a feeling on each side, the most top feelings. */
#define EBB_INSIGHTS_RECENT_DAYS  30
#define EBB_INSIGHTS_FEELINGS_MIN 5
#define EBB_INSIGHTS_TOP          3

/* Urges: the fewest for a let-pass share with its interval, and the weeks
 * counted as "recent" (today's week and the 3 before it). */
#define EBB_INSIGHTS_MIN_URGES    5
#define EBB_INSIGHTS_RECENT_WEEKS 4

/* Hard dates: a wave is near one when it peaks this many days or fewer
 * from an occurrence. */
#define EBB_INSIGHTS_NEAR_DAYS 3

/* The most records of one kind, and the most days from the first record
 * to the last (or today), the analysis accepts. */
#define EBB_INSIGHTS_MAX_RECORDS 10000000
#define EBB_INSIGHTS_MAX_SPAN    EBB_WAVES_MAX_SPAN

/* Day numbers accepted anywhere: 0001-01-01 .. 9999-12-31. */
#define EBB_INSIGHTS_DAY_MIN (-719162)
#define EBB_INSIGHTS_DAY_MAX 2932896

/* A buffer this large holds any sentence below, terminator included. */
#define EBB_INSIGHTS_SENTENCE_MAX 768

/* ---------------------------------------------------------------------- */
/* Input                                                                   */

/* One check-in. */
struct ebb_insights_checkin {
	int64_t day;       /* local day number */
	double intensity;  /* 0..10 */
	uint64_t feelings; /* bit i set: ebb_feelings[i] was named */
	unsigned facets;   /* bit i set: ebb_facets[i] was named ("grieving") */
};

/* One urge. It was acted on when did names the choice ebb_urge_acted
 * accepts ("reached-out"); every other choice, or none, is an urge felt
 * and let pass. */
struct ebb_insights_urge {
	int64_t day;
	int did; /* index into ebb_urge_did, or -1 when nothing was noted */
};

/* Who reached out, in a contact record's "by". */
enum ebb_insights_by {
	EBB_INSIGHTS_BY_UNKNOWN, /* not said */
	EBB_INSIGHTS_BY_ME,      /* "me": the person reached out */
	EBB_INSIGHTS_BY_THEM,    /* "them" */
};

/* One contact that happened. */
struct ebb_insights_contact {
	int64_t day;
	int64_t at; /* UTC seconds: orders contacts of the same day */
	enum ebb_insights_by by;
};

/* One rating of the four signs, each 0 (not at all) to 4 (very much), or
 * NAN for a sign left unrated. */
struct ebb_insights_signs {
	int64_t day;
	double ratings[EBB_INSIGHTS_SIGNS];
};

/* One hard date. A yearly date comes round on its day each year from the
 * date itself on; February 29 falls on February 28 in years without one
 * (as ebb_date_next does). */
struct ebb_insights_date {
	int64_t day; /* the date itself */
	bool yearly;
	const char *label; /* may be NULL; owned only by a filled input */
};

/*
 * What the analysis reads. Arrays in any order; each may be NULL when its
 * count is 0. Built by hand over the caller's own arrays (then owned is
 * false and release leaves them alone), or filled from a vault.
 */
struct ebb_insights_input {
	int64_t today; /* today's local day number */
	struct ebb_insights_checkin *checkins;
	size_t n_checkins;
	struct ebb_insights_urge *urges;
	size_t n_urges;
	struct ebb_insights_contact *contacts;
	size_t n_contacts;
	struct ebb_insights_signs *signs;
	size_t n_signs;
	struct ebb_insights_date *dates;
	size_t n_dates;
	bool owned; /* the arrays and labels were allocated by ebb_insights_input_from_vault */
};

/* Zeroes in (no records, today = day 0). */
void ebb_insights_input_init(struct ebb_insights_input *in);

/* When in is owned, frees its arrays and wipes and frees the labels; then
 * re-initialises it either way. in may be NULL. */
void ebb_insights_input_release(struct ebb_insights_input *in);

/*
 * Fills in from the latest, not deleted revisions of the vault's
 * check-ins, urges, contacts, signs and dates (ebb_record_each, oldest
 * first; needs the vault unlocked). Each record's day is its local day
 * (ebb_date_local_day of its time and offset). Words that are not in the
 * vocabulary, and bodies that do not fit their kind (possible only in an
 * imported vault), are skipped rather than refused: a check-in without an
 * intensity of 0..10, a signs record without four ratings 0..4, a date
 * that does not parse. in is released first and on failure left released.
 */
enum ebb_status ebb_insights_input_from_vault(struct ebb_insights_input *in, struct ebb_vault *v,
                                              int64_t today, struct ebb_error *err);

/*
 * The waves analysis (ebb_waves_analyse_points) of in's check-ins, for
 * ebb_insights_analyse and the charts. p may be NULL for the defaults.
 */
enum ebb_status ebb_insights_waves(struct ebb_waves_result *r, const struct ebb_insights_input *in,
                                   const struct ebb_waves_params *p, struct ebb_error *err);

/* ---------------------------------------------------------------------- */
/* Building blocks                                                         */

/* The Monday on or before day: the first day of its week. */
int64_t ebb_insights_week_start(int64_t day);

/* Calendar year and month (1..12) of a day number. */
void ebb_insights_month_of(int64_t day, int *year, int *month);

/* One time a hard date comes round. */
struct ebb_insights_occurrence {
	int64_t day;
	size_t date; /* index into the input's dates */
	int years;   /* 0 for the date itself, n for its n-th anniversary */
};

/*
 * Every occurrence of dates[0..n) on days from..to (inclusive), ordered
 * by day (then by date index), into a new array *out (free it; NULL when
 * *count is 0). A date that is not yearly occurs once; a yearly one on the
 * date itself and each anniversary after it. EBB_ERR_INVALID when from >
 * to, a day is out of range or to - from exceeds EBB_INSIGHTS_MAX_SPAN +
 * 2 * EBB_INSIGHTS_NEAR_DAYS.
 */
enum ebb_status ebb_insights_occurrences(const struct ebb_insights_date *dates, size_t n,
                                         int64_t from, int64_t to,
                                         struct ebb_insights_occurrence **out, size_t *count,
                                         struct ebb_error *err);

/* Whether waves gather near hard dates: an observed count beside the count
 * expected if the same waves had peaked on days drawn at random. */
struct ebb_insights_cluster {
	bool computed;        /* waves were given to compare */
	int window;           /* near means within this many days (EBB_INSIGHTS_NEAR_DAYS) */
	size_t n_waves;       /* waves compared */
	size_t near;          /* of them, peaking within window days of an occurrence */
	size_t days;          /* days a wave could have peaked on */
	size_t near_days;     /* of those, days within window days of an occurrence */
	size_t n_occurrences; /* occurrences within window days of those days */
	double expected;      /* n_waves * near_days / days: near waves by chance alone */
};

/*
 * Counts the peaks within window days of an occurrence, and the candidate
 * days — the days first..last, leaving out those where line (when not
 * NULL, last - first + 1 values, line[i] for day first + i) is NAN: the
 * gaps where no wave can be found — that are within window days of one.
 * Occurrences outside first - window .. last + window are ignored (give
 * them all: those just beyond the ends count). Every peak must lie in
 * first..last. EBB_ERR_INVALID for a peak outside, first > last, a span
 * over EBB_INSIGHTS_MAX_SPAN days or a window below 0.
 */
enum ebb_status ebb_insights_cluster(struct ebb_insights_cluster *out, const int64_t *peaks,
                                     size_t n_peaks, const struct ebb_insights_occurrence *occ,
                                     size_t n_occ, int64_t first, int64_t last, const double *line,
                                     int window, struct ebb_error *err);

/* ---------------------------------------------------------------------- */
/* The result                                                              */

/* One calendar month with check-ins. */
struct ebb_insights_month {
	int year, month;                   /* month 1..12 */
	int64_t first_day;                 /* day number of its 1st */
	size_t checkins;                   /* check-ins in it */
	size_t named;                      /* of them, naming at least one facet */
	size_t mentions;                   /* facets named in all: sum of facet[] */
	size_t facet[EBB_INSIGHTS_FACETS]; /* check-ins naming each facet */
	double share[EBB_INSIGHTS_FACETS]; /* facet[i] / mentions (0 without): the mix */
};

/*
 * The mix at the start and at the end: the first k months that name a
 * facet pooled, against the last k (k = min(3, m / 2) of the m months that
 * name one), so early and late never overlap. Known with m >= 2 and at
 * least EBB_INSIGHTS_SHIFT_MIN facets named on each side. grew is the
 * facet whose share rose most, when by EBB_INSIGHTS_SHIFT_CHANGE or more;
 * faded the one that fell most by as much (ties: the first in the list).
 */
struct ebb_insights_facet_shift {
	bool known;
	size_t months;                  /* k */
	size_t early_first, early_last; /* indices into months[]: the early months */
	size_t late_first, late_last;   /* and the late ones */
	size_t early_mentions, late_mentions;
	double early[EBB_INSIGHTS_FACETS]; /* pooled shares */
	double late[EBB_INSIGHTS_FACETS];
	int grew, faded; /* facet index, or -1 */
};

/*
 * Feelings. Shares are of the check-ins that name at least one feeling
 * (one check-in can name several, so they need not add up to 1). The
 * change compares the last EBB_INSIGHTS_RECENT_DAYS days (day > today -
 * 30, later days included) with everything before; known with at least
 * EBB_INSIGHTS_FEELINGS_MIN naming check-ins on each side. rose and eased
 * as for facets.
 */
struct ebb_insights_feelings {
	size_t n_words; /* ebb_word_count(ebb_feelings) */
	size_t named;   /* check-ins naming at least one feeling */
	size_t count[EBB_INSIGHTS_MAX_FEELINGS];
	size_t top[EBB_INSIGHTS_TOP]; /* most named first, ties in list order; count > 0 */
	size_t n_top;
	bool change_known;
	int64_t recent_from; /* first day of the recent window: today - 29 */
	size_t early_named, recent_named;
	size_t early_count[EBB_INSIGHTS_MAX_FEELINGS], recent_count[EBB_INSIGHTS_MAX_FEELINGS];
	double early_share[EBB_INSIGHTS_MAX_FEELINGS], recent_share[EBB_INSIGHTS_MAX_FEELINGS];
	int rose, eased; /* feeling index, or -1 */
};

/* Urges felt and acted on, in one week or in a stretch of time. */
struct ebb_insights_urge_week {
	int64_t monday; /* the week's first day */
	size_t felt;    /* urges noted */
	size_t acted;   /* of them, acted on */
};

/* The let-pass ("resisted") share (felt - acted) / felt, with its Wilson
 * 95% interval only from EBB_INSIGHTS_MIN_URGES urges on. */
struct ebb_insights_tally {
	size_t felt, acted, let_pass;
	double share;      /* let_pass / felt; NAN without urges */
	bool has_interval; /* felt >= EBB_INSIGHTS_MIN_URGES */
	double lo, hi;     /* the interval, else NAN */
};

struct ebb_insights_urges {
	/* every week from the first urge's to the one holding the latest urge
	 * or check-in, weeks without urges included (zero counts) */
	size_t n_weeks;
	struct ebb_insights_urge_week *weeks;
	struct ebb_insights_tally all;
	struct ebb_insights_tally recent; /* days from week_start(today) - 21 to today */
	int64_t recent_from;
	size_t did[EBB_INSIGHTS_MAX_DID]; /* urges by what was done: ebb_urge_did order */
	size_t did_unsaid;                /* urges with nothing noted */
	/* Mann–Kendall (and Theil–Sen) of the weekly counts against t = days
	 * from the first Monday + 3.5, for the data only: valid from 3 weeks.
	 * The week holding today is still going and is left out. */
	size_t trend_weeks;
	struct ebb_waves_trend felt_trend, acted_trend;
};

struct ebb_insights_contacts {
	size_t count;          /* contacts recorded */
	size_t by_me, by_them; /* of them, who reached out (the rest unsaid) */
	bool any;              /* a contact on or before today: the fields below are set */
	int64_t last_day;      /* the latest such contact (latest at within a day) */
	int64_t days_since;    /* today - last_day: 0 today, 1 yesterday */
	enum ebb_insights_by last_by;
};

/* What a sign's trend lets ebb say. For signs higher is lighter. */
enum ebb_sign_verdict {
	EBB_SIGN_TOO_EARLY,       /* fewer than 5 weeks rated */
	EBB_SIGN_NO_CLEAR_CHANGE, /* the interval holds 0 (or is unknown) */
	EBB_SIGN_STRONGER,        /* even the interval's lower end is above 0 */
	EBB_SIGN_DIPPED,          /* even the interval's upper end is below 0 */
};

/* "not_enough_weeks_yet", "no_clear_change_yet", "getting_stronger",
 * "lower_lately": stable identifiers for --json. */
const char *ebb_sign_verdict_id(enum ebb_sign_verdict v);

struct ebb_insights_sign_week {
	int64_t monday;
	double median; /* median of the week's ratings of the sign */
	size_t ratings;
};

/* One sign over time: the weekly medians of the weeks with a rating,
 * Theil–Sen with its 95% range and Mann–Kendall against t = days from the
 * first rated Monday (of any sign) + 3.5, computed only from 5 weeks on
 * (EBB_WAVES_MIN_TREND; 8 or more, EBB_WAVES_SOLID, make it solid), and
 * the verdict of ebb_waves_baseline_verdict mapped to the sign's words. */
struct ebb_insights_sign {
	size_t n_weeks;
	struct ebb_insights_sign_week *weeks;
	struct ebb_waves_trend trend; /* valid only with n_weeks >= 5 */
	bool solid;                   /* n_weeks >= 8 */
	enum ebb_sign_verdict verdict;
};

/* Everything computed, owned by the caller: ebb_insights_init (or zero),
 * ebb_insights_analyse, ebb_insights_release. */
struct ebb_insights {
	int64_t today;
	bool has_history;  /* any check-in, urge, contact or signs record */
	int64_t first_day; /* the earliest such record's day */
	int64_t last_day;  /* the latest, or today when later */

	size_t n_months; /* months with check-ins, in order */
	struct ebb_insights_month *months;
	struct ebb_insights_facet_shift facets;

	struct ebb_insights_feelings feelings;
	struct ebb_insights_urges urges;
	struct ebb_insights_contacts contact;
	struct ebb_insights_sign signs[EBB_INSIGHTS_SIGNS];

	/* hard dates on the timeline, first_day..last_day (empty without history) */
	size_t n_dates; /* hard dates given */
	size_t n_occurrences;
	struct ebb_insights_occurrence *occurrences;

	struct ebb_insights_cluster cluster;
};

/* Sets every count to 0, every pointer to NULL, every index to -1, every
 * verdict to "too early". */
void ebb_insights_init(struct ebb_insights *ins);

/* Frees what ins holds and re-initialises it. ins may be NULL. */
void ebb_insights_release(struct ebb_insights *ins);

/*
 * The whole analysis of in. waves (may be NULL: cluster.computed stays
 * false) is the waves analysis of the same check-ins, as from
 * ebb_insights_waves: its peak days are compared with the hard dates over
 * its smoothed line's days (or, without a line, the days from the first
 * check-in to the last). ins is released first, and on failure left
 * released. EBB_ERR_INVALID names the first record that does not fit: a
 * day out of range, an intensity outside 0..10, an unknown feeling, facet
 * or did, a rating outside 0..4; or a history longer than
 * EBB_INSIGHTS_MAX_SPAN days; a count beyond EBB_INSIGHTS_MAX_RECORDS.
 */
enum ebb_status ebb_insights_analyse(struct ebb_insights *ins, const struct ebb_insights_input *in,
                                     const struct ebb_waves_result *waves, struct ebb_error *err);

/* ---------------------------------------------------------------------- */
/* The sentences                                                           */

/*
 * Each writes one plain-language sentence or two (UTF-8, no newline) into
 * buf as snprintf does: at most size bytes, terminated when size > 0, and
 * returns the length the whole text needs (>= size means it was cut;
 * EBB_INSIGHTS_SENTENCE_MAX always suffices). They say only what the
 * counts say; they never say "significant", "p-value", "relapse" or
 * "worse", never compare with other people and never predict. Numbers
 * are written digit by digit with '.', whatever the locale. Labels come
 * from vocab.h; hard-date labels (the person's words) are never included.
 */

/* How the mix of what is being grieved shifted from the first months to the
 * last: 'Compared with January to March 2026, in July to September 2026
 * "who I was in it" made up more of what you named (45%, up from 20%) ...',
 * or that it stayed about the same, or "too early to tell" with what is
 * needed. */
size_t ebb_insights_say_facets(char *buf, size_t size, const struct ebb_insights *ins);

/* The most named feelings: "The feelings you named most often: sadness (24
 * times), longing (18 times) and anger (9 times)." */
size_t ebb_insights_say_feelings(char *buf, size_t size, const struct ebb_insights *ins);

/* How the feelings changed in the last 30 days against before, or "too
 * early to tell" with what is needed. */
size_t ebb_insights_say_feelings_change(char *buf, size_t size, const struct ebb_insights *ins);

/* All urges: "You noted 12 urges: you let 10 pass and acted on 2. That is
 * 83% let pass (likely between 55% and 95%)." Below 5 urges the share is
 * "too early to tell" with what is needed. */
size_t ebb_insights_say_urges(char *buf, size_t size, const struct ebb_insights *ins);

/* The same for the last 4 weeks. */
size_t ebb_insights_say_urges_recent(char *buf, size_t size, const struct ebb_insights *ins);

/* "Your last contact was 12 days ago; they reached out." or "No contact
 * recorded." */
size_t ebb_insights_say_contact(char *buf, size_t size, const struct ebb_insights *ins);

/* Sign i (0..3) over time: its label, the verdict in words that fit a sign
 * (higher is lighter) and, from 5 weeks, the change in points a month on
 * the 0 to 4 scale with its range; an early reading below 8 weeks. An
 * i out of range writes "" and returns 0. */
size_t ebb_insights_say_sign(char *buf, size_t size, const struct ebb_insights *ins, size_t i);

/* Waves near hard dates: "3 of your 7 waves peaked within 3 days of a hard
 * date. If the same 7 waves had fallen on days picked at random across
 * your check-ins, about 1.4 would have, on average." */
size_t ebb_insights_say_cluster(char *buf, size_t size, const struct ebb_insights *ins);

#endif
