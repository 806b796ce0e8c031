/*
 * chart.c — the SVG charts behind chart.h.
 *
 * Everything is written through one small formatter (wr) whose directives
 * keep the promises of chart.h in one place: %v and %1 write numbers with
 * integer arithmetic, so the decimal separator is '.' whatever
 * LC_NUMERIC says; %e and %E escape and clean text a person wrote; %c
 * writes a colour as a custom property with its fallback, or the fallback
 * alone; %D, %M and %L write dates in English from the day number, with
 * no locale and no time zone. Errors are sticky: the first failed append
 * stops all later output and the public function puts out back as it was.
 *
 * Layout is fixed arithmetic on a viewBox of the chosen width; text widths
 * are estimated (0.56 em a character), which is enough to keep labels
 * apart without a font library.
 */
#include "chart.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "when.h"
#include "stats.h"

#define NUM_STR     32
#define DESC_MAX    ((size_t)64 << 10)
#define MAX_DAY     ((int64_t)1 << 40) /* |day numbers| accepted: far beyond any calendar */
#define EM          0.56               /* estimated width of a character, in em */
#define EM_BOLD     0.64               /* the same in bold (headings) */
#define FONT        13.0               /* body text */
#define FONT_SMALL  12.0               /* axis labels: the least the charts use */
#define FONT_TITLE  17.0
#define MARGIN      16.0
#define LEGEND_ROW  22.0
#define LABEL_CHARS 24  /* a hard date's label on the chart; whole in its tooltip */
#define DESC_CHARS  80  /* a label in the desc */
#define TIP_CHARS   200 /* the title, and a hard date's label in its tooltip */
#define DESC_LIST   12  /* hard dates named in the desc */

/* ---------------------------------------------------------------------- */
/* Colours                                                                 */

enum colour {
	C_BG,
	C_INK,
	C_MUTED,
	C_GRID,
	C_LINE,
	C_EWMA,
	C_DOT,
	C_WAVE,
	C_DATE,
	C_TREND,
	C_RANGE,
	C_S1, /* C_S1 + j: series and category j */
};

static const struct {
	const char *var, *fallback;
} palette[] = {
    [C_BG] = {"--ebb-chart-bg", "#ffffff"},       [C_INK] = {"--ebb-chart-ink", "#1f2933"},
    [C_MUTED] = {"--ebb-chart-muted", "#52606d"}, [C_GRID] = {"--ebb-chart-grid", "#d5dbe1"},
    [C_LINE] = {"--ebb-chart-line", "#2a6f97"},   [C_EWMA] = {"--ebb-chart-ewma", "#8a5300"},
    [C_DOT] = {"--ebb-chart-dot", "#6b7785"},     [C_WAVE] = {"--ebb-chart-wave", "#b23a48"},
    [C_DATE] = {"--ebb-chart-date", "#6a4c93"},   [C_TREND] = {"--ebb-chart-trend", "#8a5300"},
    [C_RANGE] = {"--ebb-chart-range", "#2a6f97"}, [C_S1 + 0] = {"--ebb-chart-s1", "#2a6f97"},
    [C_S1 + 1] = {"--ebb-chart-s2", "#b4531b"},   [C_S1 + 2] = {"--ebb-chart-s3", "#2f7d4f"},
    [C_S1 + 3] = {"--ebb-chart-s4", "#6b46c1"},   [C_S1 + 4] = {"--ebb-chart-s5", "#8d6a00"},
    [C_S1 + 5] = {"--ebb-chart-s6", "#4a5568"},
};

#define N_COLOURS (sizeof(palette) / sizeof(palette[0]))

/* ---------------------------------------------------------------------- */
/* Writing                                                                 */

struct w {
	struct ebb_buf *b;
	struct ebb_error *err;
	enum ebb_status rc;
	enum ebb_chart_colours colours;
	const char *id;
	bool raw; /* %e and %E clean text but leave escaping to the final emit */
};

static void put(struct w *w, const char *s, size_t n)
{
	if (w->rc != EBB_OK || n == 0)
		return;
	w->rc = ebb_buf_add(w->b, s, n, w->err);
}

static void puts_(struct w *w, const char *s)
{
	put(w, s, strlen(s));
}

static void fail(struct w *w, enum ebb_status code, const char *msg)
{
	if (w->rc == EBB_OK)
		w->rc = ebb_error_set(w->err, code, "%s", msg);
}

/*
 * x with dec (0..3) decimals, rounded half away from zero, by integer
 * arithmetic so no locale can change the separator; trim drops trailing
 * zeros (and the point). Not finite counts as 0; magnitudes are capped at
 * 1e12, far beyond any coordinate or count drawn.
 */
static char *fmt_num(char out[NUM_STR], double x, int dec, bool trim)
{
	static const long long scale[] = {1, 10, 100, 1000};
	long long v, ip, fp;
	bool neg;
	int len;

	if (!isfinite(x))
		x = 0.0;
	x = fmin(fmax(x, -1e12), 1e12);
	v = llround(x * (double)scale[dec]);
	neg = v < 0;
	if (neg)
		v = -v;
	ip = v / scale[dec];
	fp = v % scale[dec];
	if (dec == 0 || (trim && fp == 0)) {
		snprintf(out, NUM_STR, "%s%lld", neg ? "-" : "", ip);
		return out;
	}
	len = snprintf(out, NUM_STR, "%s%lld.%0*lld", neg ? "-" : "", ip, dec, fp);
	if (trim)
		while (len > 0 && out[len - 1] == '0')
			out[--len] = '\0';
	return out;
}

/*
 * Decodes the UTF-8 character at s (avail > 0 bytes): returns its length
 * and sets *cp, or -1 for a malformed, overlong, surrogate or out-of-range
 * sequence (length 1).
 */
static size_t utf8_next(const unsigned char *s, size_t avail, long *cp)
{
	size_t n, i;
	long c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		n = 2, c = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3, c = s[0] & 0x0F, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		*cp = -1;
		return 1;
	}
	if (n > avail) {
		*cp = -1;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = -1;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = -1;
	*cp = c;
	return c < 0 ? 1 : n;
}

/* Characters (code points, a malformed byte counting as one) in s. */
static size_t text_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), n = 0, k;
	long cp;

	while (left) {
		k = utf8_next(p, left, &cp);
		p += k;
		left -= k;
		n++;
	}
	return n;
}

/* Estimated width of the first (up to max, 0: all) characters of s at size. */
static double text_w(const char *s, double size, size_t max)
{
	size_t n = text_chars(s);

	if (max && n > max)
		n = max;
	return (double)n * size * EM;
}

/*
 * Writes a person's text: escaped for XML (unless w->raw), control
 * characters as spaces, malformed UTF-8 and the non-characters XML forbids
 * as U+FFFD. With max > 0 and more than max characters, the first max - 1
 * and an ellipsis.
 */
static void esc(struct w *w, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), k, i;
	bool cut = false;
	long cp;

	if (max && text_chars(s) > max) {
		/* the first max - 1 characters, without the spaces they end on */
		size_t off = 0;
		for (i = 0; i + 1 < max; i++)
			off += utf8_next(p + off, left - off, &cp);
		while (off > 0 && (s[off - 1] == ' ' || s[off - 1] == '\t'))
			off--;
		left = off;
		cut = true;
	}
	while (left && w->rc == EBB_OK) {
		k = utf8_next(p, left, &cp);
		if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF)
			puts_(w, "\xEF\xBF\xBD");
		else if (cp < 0x20 || cp == 0x7F)
			puts_(w, " ");
		else if (!w->raw && cp == '&')
			puts_(w, "&amp;");
		else if (!w->raw && cp == '<')
			puts_(w, "&lt;");
		else if (!w->raw && cp == '>')
			puts_(w, "&gt;");
		else if (!w->raw && cp == '"')
			puts_(w, "&quot;");
		else if (!w->raw && cp == '\'')
			puts_(w, "&#39;");
		else
			put(w, (const char *)p, k);
		p += k;
		left -= k;
	}
	if (cut)
		puts_(w, "\xE2\x80\xA6");
}

static void colour(struct w *w, int c)
{
	if (c < 0 || (size_t)c >= N_COLOURS) {
		fail(w, EBB_ERR_INTERNAL, "unknown chart colour");
		return;
	}
	if (w->colours == EBB_CHART_FIXED) {
		puts_(w, palette[c].fallback);
		return;
	}
	puts_(w, "var(");
	puts_(w, palette[c].var);
	puts_(w, ", ");
	puts_(w, palette[c].fallback);
	puts_(w, ")");
}

/* ---------------------------------------------------------------------- */
/* Dates, proleptic Gregorian, from day numbers (days since 1970-01-01)    */

static const char *const month_long[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
static const char *const month_short[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static int64_t year_of(int64_t day)
{
	int64_t y;
	int m, d;

	ebb_civil_from_days(day, &y, &m, &d);
	return y;
}

#define DATE_STR 64

/* "3 Mar" (form 'D'), "12 March" ('M'), "12 March 2026" ('L'), "Mar" ('m'),
 * "March" ('n'), "March 2026" ('N'), "2026" ('Y') into s. */
static char *date_str(char s[DATE_STR], int form, int64_t day)
{
	int64_t y;
	int m, d;

	ebb_civil_from_days(day, &y, &m, &d);
	switch (form) {
	case 'D':
		snprintf(s, DATE_STR, "%d %s", d, month_short[m - 1]);
		break;
	case 'M':
		snprintf(s, DATE_STR, "%d %s", d, month_long[m - 1]);
		break;
	case 'L':
		snprintf(s, DATE_STR, "%d %s %lld", d, month_long[m - 1], (long long)y);
		break;
	case 'm':
		snprintf(s, DATE_STR, "%s", month_short[m - 1]);
		break;
	case 'n':
		snprintf(s, DATE_STR, "%s", month_long[m - 1]);
		break;
	case 'N':
		snprintf(s, DATE_STR, "%s %lld", month_long[m - 1], (long long)y);
		break;
	default:
		snprintf(s, DATE_STR, "%lld", (long long)y);
		break;
	}
	return s;
}

static void date(struct w *w, int form, int64_t day)
{
	char s[DATE_STR];

	puts_(w, date_str(s, form, day));
}

/*
 * The formatter. Directives:
 *   %s  trusted text (our own ASCII)       %e  a person's text, escaped
 *   %E  a person's text (const char *, int max chars), escaped and shortened
 *   %d  int       %z  size_t       %v  double, a coordinate: up to 1 decimal
 *   %1  double with exactly 1 decimal      %2  double with exactly 2 decimals
 *   %c  a colour (int, enum colour)        %i  the id prefix (no argument)
 *   %D %M %L %m %n %N %Y  a date (int64_t day number, see date())
 *   %%  a percent sign
 */
static void wr(struct w *w, const char *fmt, ...)
{
	va_list ap;
	const char *p = fmt, *run;
	const char *s;
	char num[NUM_STR];
	int max;

	va_start(ap, fmt);
	while (*p && w->rc == EBB_OK) {
		run = p;
		while (*p && *p != '%')
			p++;
		put(w, run, (size_t)(p - run));
		if (!*p || !p[1])
			break;
		switch (p[1]) {
		case 's':
			puts_(w, va_arg(ap, const char *));
			break;
		case 'e':
			esc(w, va_arg(ap, const char *), 0);
			break;
		case 'E':
			s = va_arg(ap, const char *);
			max = va_arg(ap, int);
			esc(w, s, max > 0 ? (size_t)max : 0);
			break;
		case 'd':
			snprintf(num, sizeof(num), "%d", va_arg(ap, int));
			puts_(w, num);
			break;
		case 'z':
			snprintf(num, sizeof(num), "%zu", va_arg(ap, size_t));
			puts_(w, num);
			break;
		case 'v':
			puts_(w, fmt_num(num, va_arg(ap, double), 1, true));
			break;
		case '1':
			puts_(w, fmt_num(num, va_arg(ap, double), 1, false));
			break;
		case '2':
			puts_(w, fmt_num(num, va_arg(ap, double), 2, false));
			break;
		case 'c':
			colour(w, va_arg(ap, int));
			break;
		case 'i':
			puts_(w, w->id);
			break;
		case 'D':
		case 'M':
		case 'L':
		case 'm':
		case 'n':
		case 'N':
		case 'Y':
			date(w, p[1], va_arg(ap, int64_t));
			break;
		case '%':
			puts_(w, "%");
			break;
		default:
			fail(w, EBB_ERR_INTERNAL, "bad chart format");
			break;
		}
		p += 2;
	}
	va_end(ap);
}

/* ---------------------------------------------------------------------- */
/* The frame every chart shares                                            */

struct frame {
	struct w w; /* the chart, into out */
	struct w d; /* the desc, raw text into desc */
	struct ebb_buf desc;
	const struct ebb_chart *c;
	size_t start; /* out->len on entry, restored on failure */
	double width;
};

static bool plain_id(const char *id)
{
	size_t i;

	if (!((id[0] >= 'A' && id[0] <= 'Z') || (id[0] >= 'a' && id[0] <= 'z')))
		return false;
	for (i = 1; id[i]; i++) {
		char ch = id[i];
		if (i >= 32)
			return false;
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
			return false;
	}
	return true;
}

/* Checks what every chart is given and sets up both writers. */
static enum ebb_status frame_begin(struct frame *f, struct ebb_buf *out, const struct ebb_chart *c,
                                   const void *in, struct ebb_error *err)
{
	memset(f, 0, sizeof(*f));
	ebb_buf_init(&f->desc, DESC_MAX);
	if (out == NULL || c == NULL || in == NULL)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "a chart needs its buffer, options and data");
	if (c->title == NULL || c->title[0] == '\0')
		return ebb_error_set(err, EBB_ERR_INVALID, "a chart needs a title");
	if (c->id != NULL && !plain_id(c->id))
		return ebb_error_set(
		    err, EBB_ERR_INVALID,
		    "a chart id is a letter then up to 31 letters, digits, '-' or '_'");
	if (c->width != 0.0 && !(c->width >= 320.0 && c->width <= 2400.0))
		return ebb_error_set(err, EBB_ERR_INVALID, "a chart is 320 to 2400 units wide");
	if (c->colours != EBB_CHART_THEMED && c->colours != EBB_CHART_FIXED)
		return ebb_error_set(err, EBB_ERR_INVALID, "unknown chart colours");
	f->c = c;
	f->start = out->len;
	f->width = c->width != 0.0 ? c->width : EBB_CHART_DEFAULT_WIDTH;
	f->w = (struct w){out, err, EBB_OK, c->colours, c->id ? c->id : "ebb-chart", false};
	f->d = (struct w){&f->desc, err, EBB_OK, c->colours, f->w.id, true};
	return EBB_OK;
}

/* Opens the <svg> with its title, desc, background and heading. Returns the
 * y below the heading. */
static double frame_open(struct frame *f, double height)
{
	struct w *w = &f->w;
	const struct ebb_chart *c = f->c;
	size_t fit;

	if (f->d.rc != EBB_OK && w->rc == EBB_OK)
		w->rc = f->d.rc;
	wr(w,
	   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %v %v\" width=\"100%%\" "
	   "role=\"img\" aria-labelledby=\"%i-t %i-d\" font-family=\"system-ui, sans-serif\" "
	   "font-size=\"%v\" fill=\"%c\">\n",
	   f->width, height, FONT, C_INK);
	wr(w, "<title id=\"%i-t\">%E</title>\n<desc id=\"%i-d\">%e</desc>\n", c->title, TIP_CHARS,
	   f->desc.data);
	wr(w, "<rect width=\"%v\" height=\"%v\" fill=\"%c\"/>\n", f->width, height, C_BG);
	if (c->hide_title)
		return MARGIN;
	fit = (size_t)((f->width - 2 * MARGIN) / (FONT_TITLE * EM_BOLD));
	wr(w, "<text x=\"%v\" y=\"%v\" font-size=\"%v\" font-weight=\"bold\">%E</text>\n", MARGIN,
	   MARGIN + FONT_TITLE, FONT_TITLE, c->title, (int)fit);
	return MARGIN + FONT_TITLE + 14.0;
}

/* Closes the <svg>; on any failure puts out back as it was. */
static enum ebb_status frame_end(struct frame *f, struct ebb_buf *out)
{
	enum ebb_status rc;

	wr(&f->w, "</svg>\n");
	rc = f->w.rc;
	ebb_buf_release(&f->desc);
	if (rc != EBB_OK && out->cap > 0) {
		out->len = f->start;
		out->data[out->len] = '\0';
	}
	if (rc == EBB_ERR_INVALID && f->w.err != NULL && strstr(f->w.err->msg, "too long"))
		ebb_error_set(f->w.err, EBB_ERR_INVALID,
		              "the chart is too large (at most %zu bytes)", out->max);
	return rc;
}

/* Fails before anything was written (the frame's own buffers freed). */
static enum ebb_status frame_fail(struct frame *f, struct ebb_error *err, const char *msg)
{
	ebb_buf_release(&f->desc);
	return ebb_error_set(err, EBB_ERR_INVALID, "%s", msg);
}

/* The whole chart when there is nothing to draw. */
static enum ebb_status frame_empty(struct frame *f, struct ebb_buf *out)
{
	double top, h;

	ebb_buf_reset(&f->desc);
	wr(&f->d, "Nothing to show yet.");
	h = (f->c->hide_title ? MARGIN : MARGIN + FONT_TITLE + 14.0) + 80.0;
	top = frame_open(f, h);
	wr(&f->w,
	   "<text class=\"ebb-empty\" x=\"%v\" y=\"%v\" text-anchor=\"middle\" font-size=\"15\" "
	   "fill=\"%c\">Nothing to show yet</text>\n",
	   f->width / 2, top + 40.0, C_MUTED);
	return frame_end(f, out);
}

/* ---------------------------------------------------------------------- */
/* Axes                                                                    */

/* A plot area in pixels and the domain it shows. */
struct axis {
	double x0, x1, y0, y1; /* left, right, top, bottom */
	double d0, d1;         /* days (or any x) at x0 and x1 */
	double v0, v1;         /* values at y1 and y0 */
};

static double sx(const struct axis *a, double d)
{
	if (a->d1 <= a->d0)
		return (a->x0 + a->x1) / 2;
	return a->x0 + (d - a->d0) * (a->x1 - a->x0) / (a->d1 - a->d0);
}

static double sy(const struct axis *a, double v)
{
	v = fmin(fmax(v, a->v0), a->v1);
	return a->y1 - (v - a->v0) * (a->y1 - a->y0) / (a->v1 - a->v0);
}

/* A round step for about `want` ticks from 0 to max: 1, 2, 2.5 or 5 × 10^k. */
static double nice_step(double max, int want)
{
	double raw = max / want, mag, m;

	if (!(raw > 0.0))
		return 1.0;
	mag = pow(10.0, floor(log10(raw)));
	m = raw / mag;
	if (m <= 1.0)
		return mag;
	if (m <= 2.0)
		return 2 * mag;
	if (m <= 2.5)
		return 2.5 * mag;
	if (m <= 5.0)
		return 5 * mag;
	return 10 * mag;
}

/* Horizontal grid lines and labels from v0 to v1 every step; suffix after
 * each label ("%" or ""). */
static void value_ticks(struct w *w, const struct axis *a, double step, const char *suffix)
{
	double v;
	int i;

	wr(w, "<g class=\"ebb-axis\" font-size=\"%v\" fill=\"%c\">\n", FONT_SMALL, C_MUTED);
	for (i = 0; i <= 200; i++) {
		v = a->v0 + i * step;
		if (v > a->v1 + step * 1e-9)
			break;
		wr(w, "<line x1=\"%v\" x2=\"%v\" y1=\"%v\" y2=\"%v\" stroke=\"%c\"/>\n", a->x0,
		   a->x1, sy(a, v), sy(a, v), C_GRID);
		wr(w, "<text x=\"%v\" y=\"%v\" text-anchor=\"end\">%v%s</text>\n", a->x0 - 6,
		   sy(a, v) + 4, v, suffix);
	}
	wr(w, "</g>\n");
}

/* Labels of a time axis: line one at y, a year under it when it first
 * appears or changes (unless the labels are years already); centred on x,
 * but kept inside 0..xmax. */
static void time_label(struct w *w, double x, double y, double xmax, int form, int64_t day,
                       int64_t *last_year)
{
	char s[DATE_STR], ys[DATE_STR];
	int64_t year = year_of(day);
	bool with_year = form != 'Y' && year != *last_year;
	double half = fmax(text_w(date_str(s, form, day), FONT_SMALL, 0),
	                   with_year ? text_w(date_str(ys, 'Y', day), FONT_SMALL, 0) : 0) /
	              2;
	const char *anchor = "middle";

	if (x + half > xmax - 2) {
		anchor = "end";
		x = xmax - 2;
	} else if (x - half < 2) {
		anchor = "start";
		x = 2;
	}
	wr(w, "<text x=\"%v\" y=\"%v\" text-anchor=\"%s\">%s</text>\n", x, y, anchor, s);
	if (with_year)
		wr(w, "<text x=\"%v\" y=\"%v\" text-anchor=\"%s\">%s</text>\n", x, y + 15, anchor,
		   ys);
	*last_year = year;
}

/*
 * Ticks, vertical grid lines from grid_top to a->y1 and labels of a time
 * axis over the days a->d0..a->d1: every 1, 2, 7 or 14 days, or on the
 * first of every 1, 2, 3, 6, 12, 24 or 60 months, or every 10^k years, the
 * finest that keeps labels about 80 units apart. labels: draw the labels
 * at y.
 */
static void time_ticks(struct w *w, const struct axis *a, double grid_top, bool labels, double y)
{
	static const int64_t day_steps[] = {1, 2, 7, 14};
	static const int64_t month_steps[] = {1, 2, 3, 6, 12, 24, 60};
	int64_t first = (int64_t)ceil(a->d0), last = (int64_t)floor(a->d1), day, y0, y1, mi, m_end;
	int64_t maxticks = (int64_t)fmax(2.0, floor((a->x1 - a->x0) / 80.0)), step = 0, months;
	int64_t last_year = INT64_MIN;
	int m0, m1, d;
	size_t i;

	if (last < first)
		return;
	wr(w, "<g class=\"ebb-axis\" font-size=\"%v\" fill=\"%c\">\n", FONT_SMALL, C_MUTED);
	for (i = 0; i < sizeof(day_steps) / sizeof(day_steps[0]); i++)
		if ((last - first) / day_steps[i] + 1 <= maxticks) {
			step = day_steps[i];
			break;
		}
	if (step) {
		for (day = first; day <= last && w->rc == EBB_OK; day += step) {
			wr(w, "<line x1=\"%v\" x2=\"%v\" y1=\"%v\" y2=\"%v\" stroke=\"%c\"/>\n",
			   sx(a, (double)day), sx(a, (double)day), grid_top, a->y1 + 5, C_GRID);
			if (labels)
				time_label(w, sx(a, (double)day), y, a->x1 + 20, 'D', day,
				           &last_year);
		}
		wr(w, "</g>\n");
		return;
	}
	ebb_civil_from_days(first, &y0, &m0, &d);
	ebb_civil_from_days(last, &y1, &m1, &d);
	mi = y0 * 12 + m0 - 1; /* months since year 0 */
	m_end = y1 * 12 + m1 - 1;
	months = m_end - mi + 1;
	for (i = 0; i < sizeof(month_steps) / sizeof(month_steps[0]) && !step; i++)
		if (months / month_steps[i] + 1 <= maxticks)
			step = month_steps[i];
	if (!step)
		for (step = 120; months / step + 1 > maxticks;)
			step *= 10;
	/* the first multiple of step at or after the first month */
	if (((mi % step) + step) % step != 0)
		mi += step - ((mi % step) + step) % step;
	for (; mi <= m_end && w->rc == EBB_OK; mi += step) {
		day = ebb_days_from_civil(mi >= 0 ? mi / 12 : -((-mi + 11) / 12),
		                          (int)(((mi % 12) + 12) % 12) + 1, 1);
		if (day < first)
			continue;
		wr(w, "<line x1=\"%v\" x2=\"%v\" y1=\"%v\" y2=\"%v\" stroke=\"%c\"/>\n",
		   sx(a, (double)day), sx(a, (double)day), grid_top, a->y1 + 5, C_GRID);
		if (labels)
			time_label(w, sx(a, (double)day), y, a->x1 + 20, step >= 12 ? 'Y' : 'm',
			           day, &last_year);
	}
	wr(w, "</g>\n");
}

/* ---------------------------------------------------------------------- */
/* Patterns and legends                                                    */

/* Fill patterns 1..k-1 (0 is solid), each in colour C_S1 + j on the
 * background: diagonal stripes, dots, a grid, horizontal and vertical
 * stripes. */
static void patterns(struct w *w, size_t k)
{
	size_t j;

	wr(w, "<defs>\n");
	for (j = 1; j < k; j++) {
		wr(w,
		   "<pattern id=\"%i-p%z\" width=\"8\" height=\"8\" "
		   "patternUnits=\"userSpaceOnUse\"%s>",
		   j, j == 1 || j == 3 ? " patternTransform=\"rotate(45)\"" : "");
		wr(w, "<rect width=\"8\" height=\"8\" fill=\"%c\"/>", C_S1 + (int)j);
		switch (j) {
		case 1:
			wr(w, "<rect width=\"3\" height=\"8\" fill=\"%c\"/>", C_BG);
			break;
		case 2:
			wr(w, "<circle cx=\"4\" cy=\"4\" r=\"1.8\" fill=\"%c\"/>", C_BG);
			break;
		case 3:
			wr(w, "<path d=\"M0 4H8M4 0V8\" stroke=\"%c\" stroke-width=\"1.6\"/>",
			   C_BG);
			break;
		case 4:
			wr(w, "<rect width=\"8\" height=\"3\" fill=\"%c\"/>", C_BG);
			break;
		default:
			wr(w, "<rect width=\"3\" height=\"8\" fill=\"%c\"/>", C_BG);
			break;
		}
		wr(w, "</pattern>\n");
	}
	wr(w, "</defs>\n");
}

/* fill="..." for pattern j. */
static void fill_of(struct w *w, size_t j)
{
	if (j == 0)
		wr(w, " fill=\"%c\"", C_S1);
	else
		wr(w, " fill=\"url(#%i-p%z)\"", j);
}

enum glyph { G_DOT, G_LINE, G_DASH, G_DIAMOND, G_SPAN, G_DATE, G_GAP, G_SWATCH, G_RANGE };

struct legend_item {
	enum glyph g;
	int colour; /* or the pattern, for G_SWATCH */
	const char *text;
	bool user; /* text a person wrote: escaped and shortened */
};

#define LEGEND_GLYPH 26.0
#define LEGEND_CHARS 48

static void glyph(struct w *w, const struct legend_item *it, double x, double y)
{
	double cy = y - 4.5;

	switch (it->g) {
	case G_DOT:
		wr(w, "<circle cx=\"%v\" cy=\"%v\" r=\"3\" fill=\"%c\"/>", x + 13, cy, it->colour);
		break;
	case G_LINE:
	case G_DASH:
	case G_GAP:
		wr(w,
		   "<path d=\"M%v %vh%s\" fill=\"none\" stroke=\"%c\" stroke-width=\"2.5\" "
		   "stroke-linecap=\"round\"%s/>",
		   x + 1, cy, it->g == G_GAP ? "7m10 0h7" : "24", it->colour,
		   it->g == G_DASH ? " stroke-dasharray=\"6 4\"" : "");
		break;
	case G_DIAMOND:
		wr(w, "<path d=\"M%v %vl6 6-6 6-6-6z\" fill=\"%c\"/>", x + 13, cy - 6, it->colour);
		break;
	case G_SPAN:
		wr(w,
		   "<path d=\"M%v %vv-4m0 4h22v-4\" fill=\"none\" stroke=\"%c\" "
		   "stroke-width=\"2\"/>",
		   x + 2, cy + 3, it->colour);
		break;
	case G_DATE:
		wr(w,
		   "<path d=\"M%v %vv14\" stroke=\"%c\" stroke-width=\"1.5\" "
		   "stroke-dasharray=\"4 3\"/>",
		   x + 13, cy - 7, it->colour);
		break;
	case G_SWATCH:
		wr(w, "<rect x=\"%v\" y=\"%v\" width=\"22\" height=\"14\"", x + 2, cy - 7);
		fill_of(w, (size_t)it->colour);
		wr(w, " stroke=\"%c\"/>", C_S1 + it->colour);
		break;
	case G_RANGE:
		wr(w,
		   "<rect x=\"%v\" y=\"%v\" width=\"22\" height=\"14\" fill=\"%c\" "
		   "fill-opacity=\"0.18\"/>",
		   x + 2, cy - 7, it->colour);
		break;
	}
}

/*
 * Lays out (and with draw, writes) the legend items from (x0, y0: the first
 * baseline) left to right, wrapping before xmax. Returns the rows used.
 */
static int legend(struct w *w, const struct legend_item *it, size_t n, double x0, double y0,
                  double xmax, bool draw)
{
	double x = x0, y = y0, iw;
	int rows = n ? 1 : 0;
	size_t i;

	if (draw && n)
		wr(w, "<g class=\"ebb-legend\">\n");
	for (i = 0; i < n; i++) {
		iw = LEGEND_GLYPH + 6 + text_w(it[i].text, FONT, it[i].user ? LEGEND_CHARS : 0);
		if (x > x0 && x + iw > xmax) {
			x = x0;
			y += LEGEND_ROW;
			rows++;
		}
		if (draw) {
			glyph(w, &it[i], x, y);
			if (it[i].user)
				wr(w, "<text x=\"%v\" y=\"%v\">%E</text>\n", x + LEGEND_GLYPH + 6,
				   y, it[i].text, LEGEND_CHARS);
			else
				wr(w, "<text x=\"%v\" y=\"%v\">%s</text>\n", x + LEGEND_GLYPH + 6,
				   y, it[i].text);
		}
		x += iw + 18;
	}
	if (draw && n)
		wr(w, "</g>\n");
	return rows;
}

/* ---------------------------------------------------------------------- */
/* Words shared by the descs                                               */

/* "3 March 2026 to 30 June 2026" shortened: the first year only when the
 * two differ; form is 'M' (days) or 'n' (months). */
static void desc_range(struct w *d, int64_t a, int64_t b, int form, const char *each)
{
	bool same = year_of(a) == year_of(b);

	if (a == b) {
		wr(d, form == 'M' ? "on " : "in ");
		date(d, form == 'M' ? 'L' : 'N', a);
		return;
	}
	wr(d, "from %s", each);
	date(d, same ? form : (form == 'M' ? 'L' : 'N'), a);
	wr(d, " to %s", each);
	date(d, form == 'M' ? 'L' : 'N', b);
}

/* One period in words: "12 March", "the week of 12 March", "March", with
 * the year when year is set. */
static void desc_period(struct w *d, enum ebb_chart_period period, int64_t day, bool year)
{
	if (period == EBB_CHART_WEEKS)
		wr(d, "the week of ");
	if (period == EBB_CHART_MONTHS)
		date(d, year ? 'N' : 'n', day);
	else
		date(d, year ? 'L' : 'M', day);
}

static const char *period_noun(enum ebb_chart_period p, size_t n)
{
	switch (p) {
	case EBB_CHART_DAYS:
		return n == 1 ? "day" : "days";
	case EBB_CHART_WEEKS:
		return n == 1 ? "week" : "weeks";
	default:
		return n == 1 ? "month" : "months";
	}
}

/* The range of periods: "each week from the week of 3 March to the week of
 * 19 May 2026 (12 weeks)", or "one week, the week of 3 March 2026". */
static void desc_periods(struct w *d, enum ebb_chart_period p, const int64_t *start, size_t n)
{
	const char *each = p == EBB_CHART_WEEKS ? "the week of " : "";

	if (n == 1) {
		wr(d, "one %s, ", period_noun(p, 1));
		desc_period(d, p, start[0], true);
		return;
	}
	wr(d, "each %s ", period_noun(p, 1));
	desc_range(d, start[0], start[n - 1], p == EBB_CHART_MONTHS ? 'n' : 'M', each);
	wr(d, " (%z %s)", n, period_noun(p, n));
}

/* Short label of a period on a category axis. */
static int period_form(enum ebb_chart_period p)
{
	return p == EBB_CHART_MONTHS ? 'm' : 'D';
}

/* Checks a list of period starts: increasing, within range. */
static bool starts_ok(const int64_t *start, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (start[i] < -MAX_DAY || start[i] > MAX_DAY)
			return false;
		if (i && start[i] <= start[i - 1])
			return false;
	}
	return true;
}

static bool count_ok(double v)
{
	return isfinite(v) && v >= 0.0 && v <= 1e12;
}

/* ---------------------------------------------------------------------- */
/* 1. Waves                                                                */

void ebb_chart_init(struct ebb_chart *c, const char *title)
{
	memset(c, 0, sizeof(*c));
	c->title = title;
	c->id = NULL;
	c->width = EBB_CHART_DEFAULT_WIDTH;
	c->colours = EBB_CHART_THEMED;
	c->hide_title = false;
}

/* A hard date on the chart: where its label goes. */
struct mark {
	int64_t day;
	const char *label;
	double x, lx; /* the line; the label's left edge */
	int row;
};

static int mark_cmp(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;

	return (x->day > y->day) - (x->day < y->day);
}

/* The segment index of grid position g, or SIZE_MAX in a gap; *from is
 * where to start looking and is moved on, so increasing g cost O(1) each. */
static size_t segment_of(const struct ebb_waves_result *r, size_t g, size_t *from)
{
	while (*from < r->n_segments && r->segments[*from].end <= g)
		(*from)++;
	if (*from < r->n_segments && g >= r->segments[*from].begin)
		return *from;
	return SIZE_MAX;
}

/* The smoothed line at fractional grid position g (linear between days). */
static double smooth_at(const struct ebb_waves_result *r, double g)
{
	size_t i;
	double f, a, b;

	if (!(g >= 0.0))
		g = 0.0;
	if (g >= (double)(r->n_grid - 1))
		return r->smooth[r->n_grid - 1];
	i = (size_t)g;
	f = g - (double)i;
	a = r->smooth[i];
	b = r->smooth[i + 1];
	if (isnan(a))
		return b;
	if (isnan(b))
		return a;
	return a + f * (b - a);
}

static bool waves_ok(const struct ebb_waves_result *r, bool ewma)
{
	size_t i;
	int64_t span;

	if (r->day == NULL || r->mean == NULL || (ewma && r->ewma == NULL))
		return false;
	for (i = 0; i < r->n_days; i++) {
		if (r->day[i] < -MAX_DAY || r->day[i] > MAX_DAY || !isfinite(r->mean[i]))
			return false;
		if (i && r->day[i] <= r->day[i - 1])
			return false;
		if (ewma && !isfinite(r->ewma[i]))
			return false;
	}
	span = r->day[r->n_days - 1] - r->day[0];
	if (r->n_grid != (size_t)span + 1 || r->smooth == NULL)
		return false;
	if (r->n_segments && r->segments == NULL)
		return false;
	for (i = 0; i < r->n_segments; i++)
		if (r->segments[i].begin >= r->segments[i].end || r->segments[i].end > r->n_grid ||
		    (i && r->segments[i].begin < r->segments[i - 1].end))
			return false;
	if (r->n_waves && r->waves == NULL)
		return false;
	for (i = 0; i < r->n_waves; i++)
		if (r->waves[i].day < r->day[0] || r->waves[i].day > r->day[r->n_days - 1] ||
		    !isfinite(r->waves[i].height))
			return false;
	return true;
}

static void waves_desc(struct w *d, const struct ebb_waves_result *r,
                       const struct ebb_chart_waves *in, const struct mark *marks, size_t n_marks)
{
	int64_t first = r->day[0], last = r->day[r->n_days - 1];
	bool year = year_of(first) != year_of(last);
	size_t i, hi = 0, lo = 0, gaps = r->n_segments ? r->n_segments - 1 : 0;
	char steps[EBB_WAVES_SENTENCE_MAX];

	wr(d, "Daily heaviness, 0 (light) to 10 (heaviest), ");
	desc_range(d, first, last, 'M', "");
	if (r->n_days == 1)
		wr(d, ": a dot for the one day with check-ins and a smoothed line");
	else
		wr(d, ": a dot for each of %z days with check-ins and a smoothed line", r->n_days);
	if (gaps)
		wr(d, ", broken in %z %s where too few days were logged", gaps,
		   gaps == 1 ? "place" : "places");
	if (in->ewma)
		wr(d, ", and a dashed line for the recent average");
	wr(d, ". ");
	for (i = 1; i < r->n_waves; i++) {
		if (r->waves[i].height > r->waves[hi].height)
			hi = i;
		if (r->waves[i].height < r->waves[lo].height)
			lo = i;
	}
	if (r->n_waves == 0) {
		wr(d, "No waves stand out yet.");
	} else if (r->n_waves == 1) {
		wr(d, "1 wave, marked 1: %1 on ", r->waves[0].height);
		date(d, year ? 'L' : 'M', r->waves[0].day);
		wr(d, ".");
	} else {
		wr(d, "%z waves, numbered in order. Highest: wave %z, %1 on ", r->n_waves, hi + 1,
		   r->waves[hi].height);
		date(d, year ? 'L' : 'M', r->waves[hi].day);
		wr(d, ". Lowest: wave %z, %1 on ", lo + 1, r->waves[lo].height);
		date(d, year ? 'L' : 'M', r->waves[lo].day);
		wr(d, ".");
		if (r->n_steps && r->steps != NULL) {
			ebb_waves_say_steps(steps, sizeof(steps), r->n_lower, r->n_higher,
			                    r->n_same);
			wr(d, " From one wave to the next: %s.", steps);
		}
	}
	if (n_marks) {
		wr(d, " %s: ", n_marks == 1 ? "Hard date marked" : "Hard dates marked");
		for (i = 0; i < n_marks && i < DESC_LIST; i++) {
			wr(d, "%s%E (", i ? "; " : "", marks[i].label, DESC_CHARS);
			date(d, year ? 'L' : 'M', marks[i].day);
			wr(d, ")");
		}
		if (n_marks > DESC_LIST)
			wr(d, "; and %z more", n_marks - DESC_LIST);
		wr(d, ".");
	}
}

/* The dashed vertical lines and labels of the hard dates. */
static void waves_marks(struct w *w, const struct axis *a, const struct mark *marks, size_t n,
                        double band_top)
{
	size_t i;
	double ly;

	for (i = 0; i < n && w->rc == EBB_OK; i++) {
		ly = band_top + FONT_SMALL + marks[i].row * 16.0;
		wr(w, "<g class=\"ebb-date\"><title>%E, ", marks[i].label, TIP_CHARS);
		date(w, 'L', marks[i].day);
		wr(w,
		   "</title><line x1=\"%v\" x2=\"%v\" y1=\"%v\" y2=\"%v\" stroke=\"%c\" "
		   "stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
		   marks[i].x, marks[i].x, ly + 4, a->y1, C_DATE);
		wr(w, "<text x=\"%v\" y=\"%v\" font-size=\"%v\" fill=\"%c\">%E</text></g>\n",
		   marks[i].lx, ly, FONT_SMALL, C_DATE, marks[i].label, LABEL_CHARS);
	}
}

/* Places the hard dates' labels in up to two rows; returns the rows used. */
static int waves_place(struct mark *marks, size_t n, const struct axis *a, double right)
{
	double end[2] = {-1e9, -1e9}, tw;
	int rows = 0, r;
	size_t i;

	for (i = 0; i < n; i++) {
		tw = text_w(marks[i].label, FONT_SMALL, LABEL_CHARS);
		marks[i].x = sx(a, (double)marks[i].day);
		marks[i].lx = marks[i].x + 4;
		if (marks[i].lx + tw > right)
			marks[i].lx = fmax(0.0, marks[i].x - 4 - tw);
		/* the first row with room, else the row that ends sooner */
		if (marks[i].lx >= end[0] + 8)
			r = 0;
		else if (marks[i].lx >= end[1] + 8)
			r = 1;
		else
			r = end[0] <= end[1] ? 0 : 1;
		marks[i].row = r;
		end[r] = marks[i].lx + tw;
		if (r + 1 > rows)
			rows = r + 1;
	}
	return rows;
}

static void waves_lines(struct w *w, const struct axis *a, const struct ebb_waves_result *r,
                        const struct ebb_chart_waves *in)
{
	size_t s, g, i, seg, prev_seg = SIZE_MAX, from = 0;
	double day0 = (double)r->day[0];

	/* the dots: zero-length round-capped strokes, one path for all */
	wr(w,
	   "<path class=\"ebb-dots\" fill=\"none\" stroke=\"%c\" stroke-width=\"5\" "
	   "stroke-linecap=\"round\" d=\"",
	   C_DOT);
	for (i = 0; i < r->n_days && w->rc == EBB_OK; i++)
		wr(w, "M%v %vh0", sx(a, (double)r->day[i]), sy(a, r->mean[i]));
	wr(w, "\"/>\n");

	if (in->ewma) {
		wr(w,
		   "<path class=\"ebb-ewma\" fill=\"none\" stroke=\"%c\" stroke-width=\"2\" "
		   "stroke-dasharray=\"6 4\" stroke-linejoin=\"round\" d=\"",
		   C_EWMA);
		for (i = 0; i < r->n_days && w->rc == EBB_OK; i++) {
			seg = segment_of(r, (size_t)(r->day[i] - r->day[0]), &from);
			wr(w, "%s%v %v", i == 0 || seg != prev_seg ? "M" : "L",
			   sx(a, (double)r->day[i]), sy(a, r->ewma[i]));
			prev_seg = seg;
		}
		wr(w, "\"/>\n");
	}

	/* the smoothed line: one path per gap-free segment */
	for (s = 0; s < r->n_segments && w->rc == EBB_OK; s++) {
		wr(w,
		   "<path class=\"ebb-smooth\" fill=\"none\" stroke=\"%c\" stroke-width=\"3\" "
		   "stroke-linejoin=\"round\" stroke-linecap=\"round\" d=\"M",
		   C_LINE);
		for (g = r->segments[s].begin; g < r->segments[s].end && w->rc == EBB_OK; g++)
			wr(w, "%s%v %v",
			   g == r->segments[s].begin       ? ""
			   : g == r->segments[s].begin + 1 ? "L"
			                                   : " ",
			   sx(a, day0 + (double)g), sy(a, r->smooth[g]));
		if (r->segments[s].end - r->segments[s].begin == 1)
			wr(w, "h0");
		wr(w, "\"/>\n");
	}
}

static void waves_markers(struct w *w, const struct axis *a, const struct ebb_waves_result *r,
                          bool widths)
{
	size_t i;
	double x, y, lx, ry, last_end = -1e9, tw;
	char num[NUM_STR];

	if (widths) {
		for (i = 0; i < r->n_waves && w->rc == EBB_OK; i++) {
			const struct ebb_wave *wv = &r->waves[i];
			double g0 = wv->left_ip_day - (double)r->day[0];
			double g1 = wv->right_ip_day - (double)r->day[0];
			if (!isfinite(g0) || !isfinite(g1) || g1 < g0)
				continue;
			ry = sy(a, fmax(smooth_at(r, g0), smooth_at(r, g1)));
			lx = sx(a, wv->left_ip_day);
			x = sx(a, wv->right_ip_day);
			wr(w,
			   "<path class=\"ebb-wave-width\" d=\"M%v %vv-4m0 4H%vv-4\" fill=\"none\" "
			   "stroke=\"%c\" stroke-width=\"2\"/>\n",
			   lx, ry + 2, x, C_WAVE);
		}
	}
	for (i = 0; i < r->n_waves && w->rc == EBB_OK; i++) {
		const struct ebb_wave *wv = &r->waves[i];
		x = sx(a, (double)wv->day);
		y = sy(a, wv->height);
		snprintf(num, sizeof(num), "%zu", i + 1);
		tw = (double)strlen(num) * FONT * 0.62; /* bold digits */
		wr(w, "<g class=\"ebb-wave\"><title>Wave %z: %1 on ", i + 1, wv->height);
		date(w, 'L', wv->day);
		wr(w,
		   "</title><path d=\"M%v %vl6 6-6 6-6-6z\" fill=\"%c\" stroke=\"%c\" "
		   "stroke-width=\"1.5\"/>",
		   x, y - 6, C_WAVE, C_BG);
		/* a number for every wave whose label does not run into the last one's */
		if (x - tw / 2 >= last_end + 4) {
			wr(w,
			   "<text x=\"%v\" y=\"%v\" text-anchor=\"middle\" font-weight=\"bold\" "
			   "fill=\"%c\" stroke=\"%c\" stroke-width=\"3\" paint-order=\"stroke\" "
			   "stroke-linejoin=\"round\">%s</text>",
			   x, y - 10, C_WAVE, C_BG, num);
			last_end = x + tw / 2;
		}
		wr(w, "</g>\n");
	}
}

enum ebb_status ebb_chart_waves(struct ebb_buf *out, const struct ebb_chart *c,
                                const struct ebb_chart_waves *in, struct ebb_error *err)
{
	struct frame f;
	const struct ebb_waves_result *r;
	struct mark *marks = NULL;
	struct legend_item items[8];
	struct axis a;
	size_t i, n_marks = 0, n_items = 0;
	double top, band_top, pad, bottom;
	int rows = 0, leg_rows;
	enum ebb_status rc;

	rc = frame_begin(&f, out, c, in, err);
	if (rc != EBB_OK)
		return rc;
	r = in->r;
	if (in->n_dates > EBB_CHART_MAX_DATES)
		return frame_fail(&f, err, "too many hard dates for one chart");
	if (in->n_dates && in->dates == NULL)
		return frame_fail(&f, err, "the hard dates to mark are missing");
	for (i = 0; i < in->n_dates; i++)
		if (in->dates[i].label == NULL || in->dates[i].day < -MAX_DAY ||
		    in->dates[i].day > MAX_DAY)
			return frame_fail(&f, err, "a hard date needs a day and a label");
	if (r == NULL || r->n_days == 0)
		return frame_empty(&f, out);
	if (!waves_ok(r, in->ewma))
		return frame_fail(&f, err, "the waves analysis to draw is not complete");

	if (in->n_dates) {
		marks = calloc(in->n_dates, sizeof(*marks));
		if (marks == NULL) {
			ebb_buf_release(&f.desc);
			return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		}
		for (i = 0; i < in->n_dates; i++)
			if (in->dates[i].day >= r->day[0] &&
			    in->dates[i].day <= r->day[r->n_days - 1]) {
				marks[n_marks].day = in->dates[i].day;
				marks[n_marks].label = in->dates[i].label;
				n_marks++;
			}
		qsort(marks, n_marks, sizeof(*marks), mark_cmp);
	}
	waves_desc(&f.d, r, in, marks, n_marks);

	/* the legend, in words */
	items[n_items++] = (struct legend_item){G_DOT, C_DOT, "a day's check-ins (mean)", false};
	items[n_items++] = (struct legend_item){G_LINE, C_LINE, "smoothed", false};
	if (r->n_segments > 1)
		items[n_items++] =
		    (struct legend_item){G_GAP, C_LINE, "break: too few days logged", false};
	if (in->ewma)
		items[n_items++] = (struct legend_item){G_DASH, C_EWMA, "recent average", false};
	if (r->n_waves)
		items[n_items++] =
		    (struct legend_item){G_DIAMOND, C_WAVE, "wave, numbered in order", false};
	if (in->widths && r->n_waves)
		items[n_items++] =
		    (struct legend_item){G_SPAN, C_WAVE, "how long a wave lasted", false};
	if (n_marks)
		items[n_items++] = (struct legend_item){G_DATE, C_DATE, "hard date", false};

	/* layout: heading, caption, hard-date labels, plot, time axis, legend */
	a.x0 = 44;
	a.x1 = f.width - 20;
	a.v0 = 0;
	a.v1 = 10;
	pad = fmax(0.5, (double)(r->day[r->n_days - 1] - r->day[0]) * 0.01);
	a.d0 = (double)r->day[0] - pad;
	a.d1 = (double)r->day[r->n_days - 1] + pad;
	top = c->hide_title ? MARGIN : MARGIN + FONT_TITLE + 14.0;
	band_top = top + 20;
	if (n_marks)
		rows = waves_place(marks, n_marks, &a, f.width - 4);
	a.y0 = band_top + rows * 16.0 + (rows ? 8 : 0) + 18; /* room for a wave's number */
	a.y1 = a.y0 + 240;
	leg_rows = legend(&f.w, items, n_items, MARGIN, 0, f.width - MARGIN, false);
	bottom = a.y1 + 44 + leg_rows * LEGEND_ROW;

	frame_open(&f, bottom);
	wr(&f.w, "<text x=\"%v\" y=\"%v\" fill=\"%c\">Heaviness: 0 light, 10 heaviest</text>\n",
	   MARGIN, top + FONT, C_MUTED);
	value_ticks(&f.w, &a, 2.0, "");
	time_ticks(&f.w, &a, a.y0, true, a.y1 + 18);
	waves_marks(&f.w, &a, marks, n_marks, band_top);
	waves_lines(&f.w, &a, r, in);
	waves_markers(&f.w, &a, r, in->widths);
	legend(&f.w, items, n_items, MARGIN, a.y1 + 56, f.width - MARGIN, true);
	free(marks);
	return frame_end(&f, out);
}

/* ---------------------------------------------------------------------- */
/* 2. Bars over time                                                       */

/* Labels under a category axis: every k-th period, the year under the
 * first label and where it changes. */
static void period_labels(struct w *w, const double *cx, const int64_t *start, size_t n, size_t k,
                          enum ebb_chart_period p, double y, double xmax)
{
	int64_t last_year = INT64_MIN;
	size_t i;

	wr(w, "<g class=\"ebb-axis\" font-size=\"%v\" fill=\"%c\">\n", FONT_SMALL, C_MUTED);
	for (i = 0; i < n && w->rc == EBB_OK; i += k)
		time_label(w, cx[i], y, xmax, period_form(p), start[i], &last_year);
	wr(w, "</g>\n");
}

enum ebb_status ebb_chart_bars(struct ebb_buf *out, const struct ebb_chart *c,
                               const struct ebb_chart_bars *in, struct ebb_error *err)
{
	struct frame f;
	struct axis a;
	struct legend_item items[EBB_CHART_MAX_SERIES];
	double *cx = NULL, vmax = 0, step, gw, bw, x, y, top, bottom, total;
	size_t i, s, k, best;
	int leg_rows;
	bool year, values;
	enum ebb_status rc;

	rc = frame_begin(&f, out, c, in, err);
	if (rc != EBB_OK)
		return rc;
	if (in->period > EBB_CHART_MONTHS || in->n > EBB_CHART_MAX_BARS || in->n_series < 1 ||
	    in->n_series > EBB_CHART_MAX_SERIES || (in->n && in->start == NULL))
		return frame_fail(&f, err, "bad bar chart: periods or series out of range");
	for (s = 0; s < in->n_series; s++) {
		if (in->series[s].label == NULL || (in->n && in->series[s].values == NULL))
			return frame_fail(&f, err,
			                  "each series of a bar chart needs a label and values");
		for (i = 0; i < in->n; i++) {
			if (!count_ok(in->series[s].values[i]))
				return frame_fail(&f, err,
				                  "bar values are counts: finite and not negative");
			vmax = fmax(vmax, in->series[s].values[i]);
		}
	}
	if (!starts_ok(in->start, in->n))
		return frame_fail(&f, err, "the periods of a chart must increase");
	if (in->n == 0)
		return frame_empty(&f, out);
	cx = malloc(in->n * sizeof(*cx));
	if (cx == NULL) {
		ebb_buf_release(&f.desc);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	}
	year = year_of(in->start[0]) != year_of(in->start[in->n - 1]);

	/* the desc: the range, then each series' total and highest period */
	wr(&f.d, "Bars for ");
	desc_periods(&f.d, in->period, in->start, in->n);
	if (in->n_series == 2)
		wr(&f.d, ", side by side: %E, then %E (hatched)", in->series[0].label, DESC_CHARS,
		   in->series[1].label, DESC_CHARS);
	wr(&f.d, ".");
	for (s = 0; s < in->n_series; s++) {
		total = 0;
		best = 0;
		for (i = 0; i < in->n; i++) {
			total += in->series[s].values[i];
			if (in->series[s].values[i] > in->series[s].values[best])
				best = i;
		}
		wr(&f.d, " %E: ", in->series[s].label, DESC_CHARS);
		if (total == 0) {
			wr(&f.d, "none.");
			continue;
		}
		wr(&f.d, "%v in all", total);
		if (in->n > 1) {
			wr(&f.d, ", the most %v in ", in->series[s].values[best]);
			if (in->period == EBB_CHART_DAYS)
				wr(&f.d, "a day, on ");
			desc_period(&f.d, in->period, in->start[best], year);
		}
		wr(&f.d, ".");
	}

	/* layout */
	for (s = 0; s < in->n_series; s++)
		items[s] = (struct legend_item){G_SWATCH, (int)s, in->series[s].label, true};
	top = c->hide_title ? MARGIN : MARGIN + FONT_TITLE + 14.0;
	a.x0 = 52;
	a.x1 = f.width - 20;
	a.y0 = top + 20 + 18;
	a.y1 = a.y0 + 220;
	a.d0 = 0;
	a.d1 = (double)in->n;
	step = vmax <= 5 ? 1.0 : nice_step(vmax, 5);
	a.v0 = 0;
	a.v1 = fmax(step, ceil(vmax / step - 1e-9) * step);
	gw = (a.x1 - a.x0) / (double)in->n;
	bw = fmin(28.0, gw * 0.8 / (double)in->n_series);
	values = bw >= 16.0;
	k = (size_t)ceil(64.0 / gw);
	leg_rows = legend(&f.w, items, in->n_series, MARGIN, 0, f.width - MARGIN, false);
	bottom = a.y1 + 44 + leg_rows * LEGEND_ROW;

	frame_open(&f, bottom);
	patterns(&f.w, in->n_series);
	wr(&f.w, "<text x=\"%v\" y=\"%v\" fill=\"%c\">%E</text>\n", MARGIN, top + FONT, C_MUTED,
	   in->y_label ? in->y_label : "Count", 60);
	value_ticks(&f.w, &a, step, "");
	for (i = 0; i < in->n; i++)
		cx[i] = a.x0 + gw * ((double)i + 0.5);
	for (s = 0; s < in->n_series && f.w.rc == EBB_OK; s++) {
		wr(&f.w, "<g class=\"ebb-series-%z\">\n", s + 1);
		for (i = 0; i < in->n && f.w.rc == EBB_OK; i++) {
			double v = in->series[s].values[i];
			x = cx[i] - bw * (double)in->n_series / 2 + bw * (double)s;
			y = sy(&a, v);
			wr(&f.w,
			   "<rect class=\"ebb-bar\" x=\"%v\" y=\"%v\" width=\"%v\" height=\"%v\"",
			   x + 0.75, y, bw - 1.5, a.y1 - y);
			fill_of(&f.w, s);
			wr(&f.w, " stroke=\"%c\" stroke-width=\"1.5\"><title>%E, ", C_S1 + (int)s,
			   in->series[s].label, DESC_CHARS);
			desc_period(&f.w, in->period, in->start[i], true);
			wr(&f.w, ": %v</title></rect>\n", v);
			if (values)
				wr(&f.w,
				   "<text x=\"%v\" y=\"%v\" text-anchor=\"middle\" "
				   "font-size=\"%v\">%v</text>\n",
				   x + bw / 2, y - 4, FONT_SMALL, v);
		}
		wr(&f.w, "</g>\n");
	}
	wr(&f.w, "<line x1=\"%v\" x2=\"%v\" y1=\"%v\" y2=\"%v\" stroke=\"%c\"/>\n", a.x0, a.x1,
	   a.y1, a.y1, C_INK);
	period_labels(&f.w, cx, in->start, in->n, k, in->period, a.y1 + 18, f.width);
	legend(&f.w, items, in->n_series, MARGIN, a.y1 + 56, f.width - MARGIN, true);
	free(cx);
	return frame_end(&f, out);
}

/* ---------------------------------------------------------------------- */
/* 3. Shares                                                               */

/* Whole percentages of row (k counts summing to total > 0). */
static int percent(double v, double total)
{
	return (int)floor(v * 100.0 / total + 0.5);
}

static void shares_desc_row(struct w *d, const struct ebb_chart_shares *in, size_t i, bool year)
{
	const double *row = in->counts + i * in->k;
	double total = 0;
	size_t j;

	for (j = 0; j < in->k; j++)
		total += row[j];
	wr(d, " ");
	desc_period(d, in->period, in->start[i], year);
	if (total == 0) {
		wr(d, ": nothing logged.");
		return;
	}
	wr(d, ":");
	for (j = 0; j < in->k; j++)
		wr(d, "%s %E %d%%", j ? "," : "", in->labels[j], DESC_CHARS,
		   percent(row[j], total));
	wr(d, " (%v in all).", total);
}

enum ebb_status ebb_chart_shares(struct ebb_buf *out, const struct ebb_chart *c,
                                 const struct ebb_chart_shares *in, struct ebb_error *err)
{
	struct frame f;
	struct axis a;
	struct legend_item items[EBB_CHART_MAX_CATS];
	double *cx = NULL, total, gw, cw, x, y, h, top, bottom, grand = 0;
	size_t i, j, k;
	int leg_rows, pct;
	bool year;
	enum ebb_status rc;

	rc = frame_begin(&f, out, c, in, err);
	if (rc != EBB_OK)
		return rc;
	if (in->period > EBB_CHART_MONTHS || in->n > EBB_CHART_MAX_BARS || in->k < 1 ||
	    in->k > EBB_CHART_MAX_CATS || in->labels == NULL ||
	    (in->n && (in->start == NULL || in->counts == NULL)))
		return frame_fail(&f, err, "bad share chart: columns or categories out of range");
	for (j = 0; j < in->k; j++)
		if (in->labels[j] == NULL)
			return frame_fail(&f, err, "each category of a share chart needs a label");
	for (i = 0; i < in->n * in->k; i++) {
		if (!count_ok(in->counts[i]))
			return frame_fail(&f, err, "shares are counts: finite and not negative");
		grand += in->counts[i];
	}
	if (!starts_ok(in->start, in->n))
		return frame_fail(&f, err, "the periods of a chart must increase");
	if (in->n == 0 || grand == 0)
		return frame_empty(&f, out);
	cx = malloc(in->n * sizeof(*cx));
	if (cx == NULL) {
		ebb_buf_release(&f.desc);
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	}
	year = year_of(in->start[0]) != year_of(in->start[in->n - 1]);

	wr(&f.d, "A column for ");
	desc_periods(&f.d, in->period, in->start, in->n);
	wr(&f.d, ", split into the share of each of:");
	for (j = 0; j < in->k; j++)
		wr(&f.d, "%s %E",
		   j == 0           ? ""
		   : j + 1 == in->k ? " and"
		                    : ",",
		   in->labels[j], DESC_CHARS);
	wr(&f.d, ", from the bottom up.");
	for (i = 0; i < in->n; i++) {
		if (in->n > 12 && i == 3) {
			wr(&f.d, " …");
			i = in->n - 3;
		}
		shares_desc_row(&f.d, in, i, year);
	}

	for (j = 0; j < in->k; j++)
		items[j] = (struct legend_item){G_SWATCH, (int)j, in->labels[j], true};
	top = c->hide_title ? MARGIN : MARGIN + FONT_TITLE + 14.0;
	a.x0 = 52;
	a.x1 = f.width - 20;
	a.y0 = top + 20 + 10;
	a.y1 = a.y0 + 240;
	a.v0 = 0;
	a.v1 = 100;
	gw = (a.x1 - a.x0) / (double)in->n;
	cw = fmin(64.0, gw * 0.72);
	k = (size_t)ceil(64.0 / gw);
	leg_rows = legend(&f.w, items, in->k, MARGIN, 0, f.width - MARGIN, false);
	bottom = a.y1 + 44 + leg_rows * LEGEND_ROW;

	frame_open(&f, bottom);
	patterns(&f.w, in->k);
	wr(&f.w, "<text x=\"%v\" y=\"%v\" fill=\"%c\">Share of each %s</text>\n", MARGIN,
	   top + FONT, C_MUTED, period_noun(in->period, 1));
	value_ticks(&f.w, &a, 25.0, "%");
	for (i = 0; i < in->n; i++)
		cx[i] = a.x0 + gw * ((double)i + 0.5);
	for (i = 0; i < in->n && f.w.rc == EBB_OK; i++) {
		const double *row = in->counts + i * in->k;
		x = cx[i] - cw / 2;
		total = 0;
		for (j = 0; j < in->k; j++)
			total += row[j];
		if (total == 0) {
			wr(&f.w,
			   "<rect x=\"%v\" y=\"%v\" width=\"%v\" height=\"%v\" fill=\"none\" "
			   "stroke=\"%c\" stroke-dasharray=\"4 3\"><title>",
			   x, a.y0, cw, a.y1 - a.y0, C_MUTED);
			desc_period(&f.w, in->period, in->start[i], true);
			wr(&f.w, ": nothing logged</title></rect>\n");
			if (cw >= 30.0)
				wr(&f.w,
				   "<text x=\"%v\" y=\"%v\" text-anchor=\"middle\" "
				   "font-size=\"%v\" "
				   "fill=\"%c\">none</text>\n",
				   cx[i], (a.y0 + a.y1) / 2 + 4, FONT_SMALL, C_MUTED);
			continue;
		}
		y = a.y1;
		for (j = 0; j < in->k && f.w.rc == EBB_OK; j++) {
			if (row[j] == 0)
				continue;
			h = (a.y1 - a.y0) * row[j] / total;
			pct = percent(row[j], total);
			y -= h;
			wr(&f.w,
			   "<rect class=\"ebb-share\" x=\"%v\" y=\"%v\" width=\"%v\" height=\"%v\"",
			   x, y, cw, h);
			fill_of(&f.w, j);
			wr(&f.w, " stroke=\"%c\" stroke-width=\"1\"><title>", C_BG);
			desc_period(&f.w, in->period, in->start[i], true);
			wr(&f.w, ", %E: %d%% (%v)</title></rect>\n", in->labels[j], DESC_CHARS, pct,
			   row[j]);
			if (h >= 18.0 && cw >= 34.0)
				wr(&f.w,
				   "<text x=\"%v\" y=\"%v\" text-anchor=\"middle\" "
				   "font-size=\"%v\" "
				   "font-weight=\"bold\" stroke=\"%c\" stroke-width=\"3\" "
				   "paint-order=\"stroke\" stroke-linejoin=\"round\">%d%%</text>\n",
				   cx[i], y + h / 2 + 4.5, FONT_SMALL, C_BG, pct);
		}
	}
	period_labels(&f.w, cx, in->start, in->n, k, in->period, a.y1 + 18, f.width);
	legend(&f.w, items, in->k, MARGIN, a.y1 + 56, f.width - MARGIN, true);
	free(cx);
	return frame_end(&f, out);
}

/* ---------------------------------------------------------------------- */
/* 4. Horizontal bars                                                      */

#define HBAR_ROW   30.0
#define HBAR_CHARS 28

enum ebb_status ebb_chart_hbars(struct ebb_buf *out, const struct ebb_chart *c,
                                const struct ebb_chart_hbars *in, struct ebb_error *err)
{
	struct frame f;
	double vmax = 0, lw = 0, top, x0, x1, y, len;
	size_t i;
	enum ebb_status rc;

	rc = frame_begin(&f, out, c, in, err);
	if (rc != EBB_OK)
		return rc;
	if (in->n > EBB_CHART_MAX_ROWS || (in->n && (in->labels == NULL || in->values == NULL)))
		return frame_fail(&f, err, "bad bar chart: too many rows or no data");
	for (i = 0; i < in->n; i++) {
		if (in->labels[i] == NULL)
			return frame_fail(&f, err, "each bar needs a label");
		if (!count_ok(in->values[i]))
			return frame_fail(&f, err,
			                  "bar values are counts: finite and not negative");
		vmax = fmax(vmax, in->values[i]);
		lw = fmax(lw, text_w(in->labels[i], FONT, HBAR_CHARS));
	}
	if (in->n == 0)
		return frame_empty(&f, out);

	wr(&f.d, "%z %s", in->n, in->n == 1 ? "bar" : "bars");
	if (in->value_label)
		wr(&f.d, "; %E", in->value_label, DESC_CHARS);
	wr(&f.d, ":");
	for (i = 0; i < in->n; i++)
		wr(&f.d, "%s %E %v", i ? "," : "", in->labels[i], DESC_CHARS, in->values[i]);
	wr(&f.d, ".");

	top = c->hide_title ? MARGIN : MARGIN + FONT_TITLE + 14.0;
	x0 = MARGIN + fmin(lw, f.width * 0.4) + 10;
	x1 = f.width - 20 - 48;
	frame_open(&f, top + (double)in->n * HBAR_ROW + MARGIN);
	for (i = 0; i < in->n && f.w.rc == EBB_OK; i++) {
		y = top + (double)i * HBAR_ROW;
		len = vmax > 0 ? (x1 - x0) * in->values[i] / vmax : 0;
		wr(&f.w, "<text x=\"%v\" y=\"%v\">%E</text>\n", MARGIN, y + 19, in->labels[i],
		   HBAR_CHARS);
		wr(&f.w,
		   "<rect class=\"ebb-bar\" x=\"%v\" y=\"%v\" width=\"%v\" height=\"20\" "
		   "fill=\"%c\"><title>%E: %v</title></rect>\n",
		   x0, y + 5, len, C_S1, in->labels[i], DESC_CHARS, in->values[i]);
		wr(&f.w, "<text x=\"%v\" y=\"%v\">%v</text>\n", x0 + len + 6, y + 19,
		   in->values[i]);
	}
	return frame_end(&f, out);
}

/* ---------------------------------------------------------------------- */
/* 5. Small multiples                                                      */

#define PANEL_PLOT 100.0
#define PANEL_HEAD 26.0
#define PANEL_GAP  14.0

/* "rises about 0.4 points a month (likely between 0.1 and 0.8)" */
static void trend_words(struct w *d, const struct ebb_theilsen *ts)
{
	double m = ts->slope * 30.0;
	bool fine = fabs(m) >= 0.005 && fabs(m) < 0.05; /* one decimal would say 0.0 */

	if (fabs(m) < 0.005)
		wr(d, "stays about level");
	else
		wr(d, fine ? "%s about %2 points a month" : "%s about %1 points a month",
		   m > 0 ? "rises" : "falls", fabs(m));
	if (isfinite(ts->lo) && isfinite(ts->hi))
		wr(d,
		   fine ? " (likely between %2 and %2 a month)"
		        : " (likely between %1 and %1 a month)",
		   ts->lo * 30.0, ts->hi * 30.0);
}

static bool panel_ok(const struct ebb_chart_panel *p)
{
	size_t i;

	if (p->label == NULL || p->n > EBB_CHART_MAX_POINTS ||
	    (p->n && (p->t == NULL || p->value == NULL)))
		return false;
	for (i = 0; i < p->n; i++) {
		if (!isfinite(p->t[i]) || fabs(p->t[i]) > (double)MAX_DAY || !isfinite(p->value[i]))
			return false;
		if (i && p->t[i] <= p->t[i - 1])
			return false;
	}
	if (p->trend && p->trend->valid &&
	    (!isfinite(p->trend->ts.slope) || !isfinite(p->trend->ts.intercept)))
		return false;
	return true;
}

static void panel_draw(struct w *w, const struct ebb_chart_panels *in, size_t pi,
                       const struct axis *a0, double top, bool last_labels)
{
	const struct ebb_chart_panel *p = &in->panels[pi];
	const struct ebb_theilsen *ts;
	struct axis a = *a0;
	double origin = (double)in->origin, ta, tb, tm, ym, step;
	size_t i;

	a.y0 = top + PANEL_HEAD + 6;
	a.y1 = a.y0 + PANEL_PLOT;
	wr(w, "<g class=\"ebb-panel\">\n<text x=\"%v\" y=\"%v\" font-weight=\"bold\">%E</text>\n",
	   MARGIN, top + 18, p->label, 70);
	step = in->max <= 4 ? 1.0 : nice_step(in->max, 4);
	value_ticks(w, &a, step, "");
	time_ticks(w, &a, a.y0, last_labels, a.y1 + 18);
	wr(w,
	   "<clipPath id=\"%i-c%z\"><rect x=\"%v\" y=\"%v\" width=\"%v\" "
	   "height=\"%v\"/></clipPath>\n",
	   pi, a.x0, a.y0 - 4, a.x1 - a.x0, a.y1 - a.y0 + 8);
	if (p->n == 0) {
		wr(w,
		   "<text class=\"ebb-empty\" x=\"%v\" y=\"%v\" text-anchor=\"middle\" "
		   "fill=\"%c\">Nothing to show yet</text>\n</g>\n",
		   (a.x0 + a.x1) / 2, (a.y0 + a.y1) / 2 + 4, C_MUTED);
		return;
	}
	wr(w, "<g clip-path=\"url(#%i-c%z)\">\n", pi);
	if (p->trend && p->trend->valid) {
		ts = &p->trend->ts;
		ta = p->t[0];
		tb = p->t[p->n - 1];
		tm = ebb_median(p->t, p->n);
		if (isfinite(ts->lo) && isfinite(ts->hi) && isfinite(tm)) {
			ym = ts->intercept + ts->slope * tm;
			wr(w,
			   "<path class=\"ebb-range\" d=\"M%v %vL%v %v %v %v %v %vz\" fill=\"%c\" "
			   "fill-opacity=\"0.18\"/>\n",
			   sx(&a, origin + ta), sy(&a, ym + ts->lo * (ta - tm)),
			   sx(&a, origin + tb), sy(&a, ym + ts->lo * (tb - tm)),
			   sx(&a, origin + tb), sy(&a, ym + ts->hi * (tb - tm)),
			   sx(&a, origin + ta), sy(&a, ym + ts->hi * (ta - tm)), C_RANGE);
		}
		wr(w,
		   "<path class=\"ebb-trend\" d=\"M%v %vL%v %v\" fill=\"none\" stroke=\"%c\" "
		   "stroke-width=\"2\" stroke-dasharray=\"8 4\"/>\n",
		   sx(&a, origin + ta), sy(&a, ts->intercept + ts->slope * ta), sx(&a, origin + tb),
		   sy(&a, ts->intercept + ts->slope * tb), C_TREND);
	}
	wr(w,
	   "<path fill=\"none\" stroke=\"%c\" stroke-width=\"2\" stroke-linejoin=\"round\" "
	   "d=\"",
	   C_LINE);
	for (i = 0; i < p->n && w->rc == EBB_OK; i++)
		wr(w, "%s%v %v", i == 0 || p->t[i] - p->t[i - 1] > 7.5 ? "M" : "L",
		   sx(&a, origin + p->t[i]), sy(&a, p->value[i]));
	wr(w,
	   "\"/>\n<path fill=\"none\" stroke=\"%c\" stroke-width=\"7\" stroke-linecap=\"round\" "
	   "d=\"",
	   C_LINE);
	for (i = 0; i < p->n && w->rc == EBB_OK; i++)
		wr(w, "M%v %vh0", sx(&a, origin + p->t[i]), sy(&a, p->value[i]));
	wr(w, "\"/>\n</g>\n</g>\n");
}

enum ebb_status ebb_chart_panels(struct ebb_buf *out, const struct ebb_chart *c,
                                 const struct ebb_chart_panels *in, struct ebb_error *err)
{
	struct frame f;
	struct axis a;
	struct legend_item items[3];
	size_t i, n_items = 0, points = 0;
	double t0 = INFINITY, t1 = -INFINITY, top, y;
	int leg_rows;
	bool trends = false, ranges = false;
	enum ebb_status rc;

	rc = frame_begin(&f, out, c, in, err);
	if (rc != EBB_OK)
		return rc;
	if (in->n < 1 || in->n > EBB_CHART_MAX_PANELS || in->panels == NULL || !isfinite(in->max) ||
	    !(in->max > 0) || in->max > 1e6 || in->origin < -MAX_DAY || in->origin > MAX_DAY)
		return frame_fail(&f, err, "bad panels: 1 to 8 panels on a positive scale");
	for (i = 0; i < in->n; i++) {
		const struct ebb_chart_panel *p = &in->panels[i];
		if (!panel_ok(p))
			return frame_fail(
			    &f, err, "each panel needs a label and finite points in time order");
		points += p->n;
		if (p->n) {
			t0 = fmin(t0, p->t[0]);
			t1 = fmax(t1, p->t[p->n - 1]);
		}
		if (p->n && p->trend && p->trend->valid) {
			trends = true;
			ranges |= isfinite(p->trend->ts.lo) && isfinite(p->trend->ts.hi);
		}
	}
	if (points == 0)
		return frame_empty(&f, out);

	wr(&f.d, "%z %s on the same dates, ", in->n, in->n == 1 ? "panel" : "panels");
	desc_range(&f.d, in->origin + (int64_t)floor(t0), in->origin + (int64_t)floor(t1), 'M', "");
	wr(&f.d, ", on a scale from 0 to %v.", in->max);
	for (i = 0; i < in->n; i++) {
		const struct ebb_chart_panel *p = &in->panels[i];
		wr(&f.d, " %E: ", p->label, DESC_CHARS);
		if (p->n == 0) {
			wr(&f.d, "nothing to show yet.");
			continue;
		}
		wr(&f.d, "%z %s, the latest %1 (around ", p->n, p->n == 1 ? "point" : "points",
		   p->value[p->n - 1]);
		date(&f.d, 'L', in->origin + (int64_t)floor(p->t[p->n - 1]));
		wr(&f.d, "); ");
		if (p->trend && p->trend->valid) {
			wr(&f.d, "the trend line ");
			trend_words(&f.d, &p->trend->ts);
			wr(&f.d, ".");
		} else {
			wr(&f.d, "too few points for a trend line.");
		}
	}

	items[n_items++] = (struct legend_item){G_DOT, C_LINE, "each point", false};
	if (trends)
		items[n_items++] = (struct legend_item){G_DASH, C_TREND, "trend line", false};
	if (ranges)
		items[n_items++] =
		    (struct legend_item){G_RANGE, C_RANGE, "its likely range", false};
	top = c->hide_title ? MARGIN : MARGIN + FONT_TITLE + 14.0;
	if (in->y_label)
		top += 22;
	a.x0 = 44;
	a.x1 = f.width - 20;
	a.v0 = 0;
	a.v1 = in->max;
	a.d0 = (double)in->origin + t0 - 3.5;
	a.d1 = (double)in->origin + t1 + 3.5;
	leg_rows = legend(&f.w, items, n_items, MARGIN, 0, f.width - MARGIN, false);
	y = top + (double)in->n * (PANEL_HEAD + 6 + PANEL_PLOT + PANEL_GAP) + 36;

	frame_open(&f, y + leg_rows * LEGEND_ROW + 8);
	if (in->y_label)
		wr(&f.w, "<text x=\"%v\" y=\"%v\" fill=\"%c\">%E</text>\n", MARGIN, top - 22 + FONT,
		   C_MUTED, in->y_label, 60);
	for (i = 0; i < in->n && f.w.rc == EBB_OK; i++)
		panel_draw(&f.w, in, i, &a,
		           top + (double)i * (PANEL_HEAD + 6 + PANEL_PLOT + PANEL_GAP),
		           i + 1 == in->n);
	legend(&f.w, items, n_items, MARGIN, y + 12, f.width - MARGIN, true);
	return frame_end(&f, out);
}
