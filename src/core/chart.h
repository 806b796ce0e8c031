/*
 * chart.h — ebb's charts as SVG text: one source for the page, the
 * `--svg` exports and the PDF report.
 *
 * Every chart is appended to a capped struct ebb_buf as one standalone
 * <svg> element; nothing is printed or written to a file here. Each is
 * built to be read by everyone:
 *   - role="img" and aria-labelledby naming a <title> (the caller's title)
 *     and a <desc> that says in words what the chart shows (the range of
 *     dates, the highest and lowest waves, totals, shares...), so a screen
 *     reader hears the same story the picture tells;
 *   - text of at least 12 user units, a viewBox and width="100%" so it
 *     scales with its container (text stays >= 12 px when the chart is shown
 *     at least as wide as ebb_chart.width: pass a smaller width for phones);
 *   - no meaning carried by colour alone: waves carry a shape and a number,
 *     series and categories a fill pattern, a dash or a text label as well
 *     as a colour, and every chart has a legend in words;
 *   - colours as CSS custom properties with fallbacks, e.g.
 *     stroke="var(--ebb-chart-line, #2a6f97)", so the page's light and dark
 *     themes can restyle them (EBB_CHART_THEMED), or as the plain fallback
 *     colours for renderers without custom properties such as librsvg
 *     (EBB_CHART_FIXED). The properties are listed below;
 *   - no scripts, no style elements or attributes (a strict CSP allows the
 *     chart inline), no external references; every piece of text a person
 *     wrote (labels of hard dates, feelings...) is escaped, control
 *     characters become spaces and malformed UTF-8 becomes U+FFFD;
 *   - dates in English written by ebb itself ("3 Mar", "12 March 2026"),
 *     numbers with '.' whatever the locale (no strftime, no printf %f).
 * No data gives a small chart that says "Nothing to show yet".
 *
 * Custom properties (fallback): --ebb-chart-bg (#ffffff), --ebb-chart-ink
 * (#1f2933), --ebb-chart-muted (#52606d), --ebb-chart-grid (#d5dbe1),
 * --ebb-chart-line (#2a6f97), --ebb-chart-ewma (#8a5300), --ebb-chart-dot
 * (#6b7785), --ebb-chart-wave (#b23a48), --ebb-chart-date (#6a4c93),
 * --ebb-chart-trend (#8a5300), --ebb-chart-range (#2a6f97, drawn at 18%
 * opacity) and the series and category colours --ebb-chart-s1 .. -s6
 * (#2a6f97, #b4531b, #2f7d4f, #6b46c1, #8d6a00, #4a5568). Every fallback
 * but the grid's has at least 4.5:1 contrast on white; a dark theme sets
 * the properties on an ancestor of the inline <svg>.
 *
 * Elements carry classes for the page's tests and styles: ebb-wave (one
 * per wave marker), ebb-smooth (one path per gap-free stretch), ebb-ewma,
 * ebb-dots, ebb-wave-width, ebb-date (one per hard date), ebb-bar (one per
 * bar), ebb-share (one per stacked segment), ebb-panel (one per small
 * multiple), ebb-trend, ebb-range, ebb-empty, ebb-series-1 and -2 (the
 * groups of a bar chart's series), ebb-axis, ebb-legend. Element ids all
 * start with ebb_chart.id: ID-t, ID-d (title, desc), ID-pN (patterns),
 * ID-cN (clip paths).
 *
 * Every function appends to out and returns EBB_OK, or fails with out as
 * it was: EBB_ERR_INVALID for bad input (NULL arrays or labels, values
 * that are not finite or are negative where counts are expected, too many
 * items, an id that is not a plain name) or a chart larger than out's cap
 * (EBB_CHART_MAX_BYTES always suffices for the limits below),
 * EBB_ERR_NOMEM.
 */
#ifndef EBB_CHART_H
#define EBB_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "waves.h"

/* A buffer cap that holds any chart within the limits below (text a
 * person wrote is shortened where it is shown: a title to 200 characters,
 * labels to 24 to 80 on the chart and in the desc, 200 in tooltips). */
#define EBB_CHART_MAX_BYTES ((size_t)16 << 20)

#define EBB_CHART_MAX_DATES     1000 /* hard dates on one waves chart */
#define EBB_CHART_MAX_BARS      1200 /* periods of a bar or share chart */
#define EBB_CHART_MAX_SERIES    2    /* series side by side in a bar chart */
#define EBB_CHART_MAX_CATS      6    /* categories of a share chart */
#define EBB_CHART_MAX_ROWS      60   /* rows of a horizontal bar chart */
#define EBB_CHART_MAX_PANELS    8    /* small multiples */
#define EBB_CHART_MAX_POINTS    4096 /* points of one panel */
#define EBB_CHART_DEFAULT_WIDTH 720

/* How colours are written. */
enum ebb_chart_colours {
	EBB_CHART_THEMED, /* var(--ebb-chart-..., fallback): browsers; the page restyles */
	EBB_CHART_FIXED,  /* the fallbacks only: librsvg (the PDF report), image viewers */
};

/* What each bar or column of a chart over time stands for. */
enum ebb_chart_period {
	EBB_CHART_DAYS,
	EBB_CHART_WEEKS, /* labelled by their first day: "week of 3 March" */
	EBB_CHART_MONTHS,
};

/* What every chart shares. Start with ebb_chart_init. */
struct ebb_chart {
	const char *title; /* required, non-empty: <title> and the heading drawn on top */
	const char *id;    /* prefix of the element ids, unique within a page: a letter, then
	                    * up to 31 letters, digits, '-' or '_'; NULL for "ebb-chart" */
	double width;      /* viewBox width, 320 to 2400 (0: EBB_CHART_DEFAULT_WIDTH); the
	                    * height follows from the content */
	enum ebb_chart_colours colours;
	bool hide_title; /* leave the heading out (the page shows its own); <title> stays */
};

/* Fills c with the defaults for a chart named title (not copied). */
void ebb_chart_init(struct ebb_chart *c, const char *title);

/* ---------------------------------------------------------------------- */
/* 1. Waves                                                                */

/* A hard date to mark: a day number and the person's words for it. */
struct ebb_chart_date {
	int64_t day;
	const char *label; /* UTF-8; shortened on the chart, whole (to 200) in its tooltip */
};

struct ebb_chart_waves {
	const struct ebb_waves_result *r; /* NULL or no days: "Nothing to show yet" */
	const struct ebb_chart_date *dates;
	size_t n_dates; /* those outside the days shown are left out */
	bool ewma;      /* also draw the EWMA display line (dashed) */
	bool widths;    /* mark how long each wave lasted (from left_ip to right_ip) */
};

/*
 * The waves chart on the 0–10 scale over the days from r->day[0] to the
 * last: each logged day's mean as a dot, the smoothed line broken at its
 * gaps (one path per segment), optionally the EWMA line (broken at the
 * same gaps), each wave a diamond at its peak numbered 1, 2, 3... in day
 * order (with its width span if asked), hard dates as dashed vertical
 * lines with their labels, a legend in words. The desc names the range of
 * days, the number of waves with the highest and lowest, the steps and the
 * hard dates.
 */
enum ebb_status ebb_chart_waves(struct ebb_buf *out, const struct ebb_chart *c,
                                const struct ebb_chart_waves *in, struct ebb_error *err);

/* ---------------------------------------------------------------------- */
/* 2. Bars over time                                                       */

struct ebb_chart_series {
	const char *label;    /* "felt", "acted on": legend, tooltips and desc */
	const double *values; /* n values, >= 0 */
};

struct ebb_chart_bars {
	enum ebb_chart_period period;
	const int64_t *start; /* first day of each period, increasing */
	size_t n;             /* periods; 0 gives "Nothing to show yet" */
	struct ebb_chart_series series[EBB_CHART_MAX_SERIES];
	size_t n_series;     /* 1 or 2: side by side, the second hatched */
	const char *y_label; /* the axis caption, e.g. "Urges per week"; NULL for "Count" */
};

/*
 * Counts per period as bars, one group per period with the series side by
 * side (solid, then hatched, each with its own colour), the value above
 * each bar when there is room, a legend. The desc gives the range and,
 * for each series, the total and the highest period.
 */
enum ebb_status ebb_chart_bars(struct ebb_buf *out, const struct ebb_chart *c,
                               const struct ebb_chart_bars *in, struct ebb_error *err);

/* ---------------------------------------------------------------------- */
/* 3. Shares, stacked to 100%                                              */

struct ebb_chart_shares {
	enum ebb_chart_period period;
	const int64_t *start;      /* first day of each column, increasing */
	size_t n;                  /* columns */
	const char *const *labels; /* k category names, bottom to top */
	size_t k;                  /* 1 .. EBB_CHART_MAX_CATS */
	const double *counts;      /* n × k counts, >= 0, row-major: counts[i * k + j] */
};

/*
 * One 100% stacked column per period: each category's share of that
 * period's total, each with its own pattern and colour, the percentage
 * written on segments tall enough to hold it; a column with nothing in it
 * is drawn as a dashed outline marked "none". The desc lists every column's shares (the
 * first and last few when there are many). No column with a count gives
 * "Nothing to show yet".
 */
enum ebb_status ebb_chart_shares(struct ebb_buf *out, const struct ebb_chart *c,
                                 const struct ebb_chart_shares *in, struct ebb_error *err);

/* ---------------------------------------------------------------------- */
/* 4. Horizontal bars                                                      */

struct ebb_chart_hbars {
	const char *const *labels; /* n labels, drawn left of their bars, in the order given */
	const double *values;      /* n values >= 0 */
	size_t n;                  /* 0 gives "Nothing to show yet" */
	const char *value_label;   /* what the numbers are, for the desc ("times named"), or NULL */
};

/* One labelled bar per row with its value written at its end. The desc:
 * "3 bars; times named: sadness 14, longing 9, relief 6." */
enum ebb_status ebb_chart_hbars(struct ebb_buf *out, const struct ebb_chart *c,
                                const struct ebb_chart_hbars *in, struct ebb_error *err);

/* ---------------------------------------------------------------------- */
/* 5. Small multiples                                                      */

/* One panel: a series of points in time and, optionally, its trend. */
struct ebb_chart_panel {
	const char *label; /* drawn above the panel */
	const double *t;   /* n times in days since origin, increasing (struct ebb_week.t) */
	const double *value;
	size_t n;                            /* 0: the panel says "Nothing to show yet" */
	const struct ebb_waves_trend *trend; /* fitted on the same t; NULL or !valid: none */
};

struct ebb_chart_panels {
	const struct ebb_chart_panel *panels;
	size_t n;            /* 1 .. EBB_CHART_MAX_PANELS */
	int64_t origin;      /* the day number of t = 0 */
	double max;          /* the value scale is 0 .. max (4 for the signs), > 0 */
	const char *y_label; /* caption, e.g. "Weekly median, 0 to 4"; NULL for none */
};

/*
 * One panel per series, stacked, on a shared time axis: the points as dots
 * joined by a line (broken where more than a week passes between points),
 * the Theil–Sen line intercept + slope × t dashed, and its likely range
 * (the lines with the interval's slopes through the median point) shaded.
 * The desc gives, for each panel, the number of points, the latest value
 * and the trend as points a month with its range. No points in any panel
 * gives "Nothing to show yet".
 */
enum ebb_status ebb_chart_panels(struct ebb_buf *out, const struct ebb_chart *c,
                                 const struct ebb_chart_panels *in, struct ebb_error *err);

#endif
