/*
 * termchart.c — the waves chart on a terminal (see termchart.h).
 *
 * The chart is a canvas of character cells, CLI_TERMCHART_ROWS rows for
 * the values 0 to 10 (value k sits in the middle of row k) and one row on
 * top for wave numbers that find no room lower down. Each cell holds dots:
 * 2 × 4 of them in braille, 1 × 3 levels in ASCII. The smoothed line is
 * rasterised into dots one day to the next, within each gap-free segment
 * only, so gaps stay empty; days are spread evenly over the columns (days
 * squeeze into a column when there are more days than dots, and a line
 * joins them when there are fewer).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "termchart.h"

#define MARGIN      4 /* "10 ┤": two digits, a space, the axis */
#define MAX_LABEL   24
#define NUMBER_ROWS 2 /* a wave's number goes at most this many rows above its peak */

/* What a cell shows. */
enum cell_kind { CELL_EMPTY, CELL_LINE, CELL_LABEL };

struct cell {
	unsigned char dots; /* braille: the dot bits of U+2800; ASCII: levels 0..2 */
	char ch;            /* a label's character */
	unsigned char kind; /* enum cell_kind */
};

struct canvas {
	bool ascii;
	size_t cols, rows;  /* rows: the value rows and the marker row on top */
	unsigned sx, sy;    /* dots per cell across and up */
	size_t ndays;       /* days from the first to the last, gaps included */
	struct cell *cells; /* rows × cols, row 0 at the bottom */
};

static const char *const month_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- calendar ------------------------------------------------------------ */

/* The proleptic Gregorian date of a day number (days since 1970-01-01). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, yy;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

/* The day number of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

char *cli_day_short(char *buf, size_t size, int64_t day, bool with_year)
{
	int64_t y;
	unsigned m, d;

	civil_from_days(day, &y, &m, &d);
	if (with_year)
		snprintf(buf, size, "%u %s %lld", d, month_abbr[m - 1], (long long)y);
	else
		snprintf(buf, size, "%u %s", d, month_abbr[m - 1]);
	return buf;
}

/* ---- the terminal ---------------------------------------------------------- */

bool cli_term_utf8(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	const char *loc = NULL, *term = getenv("TERM");

	if (term && strcmp(term, "dumb") == 0)
		return false;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]) && loc == NULL; i++) {
		loc = getenv(vars[i]);
		if (loc && *loc == '\0')
			loc = NULL;
	}
	return loc && (strcasestr(loc, "utf-8") || strcasestr(loc, "utf8"));
}

/* ---- the canvas ---------------------------------------------------------- */

static struct cell *cell_at(struct canvas *cv, size_t col, size_t row)
{
	return &cv->cells[row * cv->cols + col];
}

/* The dot column of grid day i (0 .. ndays - 1). */
static long x_of(const struct canvas *cv, size_t i)
{
	size_t xs = cv->cols * cv->sx;

	if (cv->ndays <= 1)
		return 0;
	return (long)floor((double)i * (double)(xs - 1) / (double)(cv->ndays - 1) + 0.5);
}

/* The dot row of a value on the 0–10 scale: value k in the middle of row k. */
static long y_of(const struct canvas *cv, double v)
{
	long top = (long)(CLI_TERMCHART_ROWS * cv->sy) - 1;
	long y;

	if (!(v >= 0.0))
		v = 0.0;
	if (v > 10.0)
		v = 10.0;
	y = (long)floor(v * cv->sy + cv->sy / 2.0);
	return y < 0 ? 0 : y > top ? top : y;
}

static void plot(struct canvas *cv, long x, long y)
{
	/* braille dot bits by column and by level from the bottom */
	static const unsigned char bits[2][4] = {{0x40, 0x04, 0x02, 0x01},
	                                         {0x80, 0x20, 0x10, 0x08}};
	struct cell *c = cell_at(cv, (size_t)x / cv->sx, (size_t)y / cv->sy);

	if (cv->ascii)
		c->dots |= (unsigned char)(1u << ((size_t)y % cv->sy));
	else
		c->dots |= bits[(size_t)x % cv->sx][(size_t)y % cv->sy];
	c->kind = CELL_LINE;
}

/* Bresenham's line between two dots, both ends included. */
static void line(struct canvas *cv, long x0, long y0, long x1, long y1)
{
	long dx = labs(x1 - x0), dy = -labs(y1 - y0);
	long sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, e = dx + dy, e2;

	for (;;) {
		plot(cv, x0, y0);
		if (x0 == x1 && y0 == y1)
			break;
		e2 = 2 * e;
		if (e2 >= dy) {
			e += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			e += dx;
			y0 += sy;
		}
	}
}

/* ASCII: one mark a column, at the mean of the days that fall in it, or
 * between the two days around it when none does (and both have a value). */
static void draw_columns(struct canvas *cv, const struct ebb_waves_result *r)
{
	size_t n = cv->ndays, i = 0, j, k;
	double sum, x0, x1, t;

	for (size_t c = 0; c < cv->cols; c++) {
		while (i < n && (size_t)x_of(cv, i) < c)
			i++;
		sum = 0.0;
		k = 0;
		for (j = i; j < n && (size_t)x_of(cv, j) == c; j++)
			if (!isnan(r->smooth[j])) {
				sum += r->smooth[j];
				k++;
			}
		if (k > 0) {
			plot(cv, (long)c, y_of(cv, sum / (double)k));
			continue;
		}
		if (j > i || i == 0 || i >= n || isnan(r->smooth[i - 1]) || isnan(r->smooth[i]))
			continue; /* a gap */
		x0 = (double)x_of(cv, i - 1);
		x1 = (double)x_of(cv, i);
		t = ((double)c - x0) / (x1 - x0);
		plot(cv, (long)c,
		     y_of(cv, r->smooth[i - 1] + t * (r->smooth[i] - r->smooth[i - 1])));
	}
}

/* Braille: the line from each day to the next within each gap-free stretch. */
static void draw_line(struct canvas *cv, const struct ebb_waves_result *r)
{
	if (cv->ascii) {
		draw_columns(cv, r);
		return;
	}
	for (size_t s = 0; s < r->n_segments; s++) {
		size_t b = r->segments[s].begin, e = r->segments[s].end;

		if (e - b == 1)
			plot(cv, x_of(cv, b), y_of(cv, r->smooth[b]));
		for (size_t i = b; i + 1 < e; i++)
			line(cv, x_of(cv, i), y_of(cv, r->smooth[i]), x_of(cv, i + 1),
			     y_of(cv, r->smooth[i + 1]));
	}
}

/* Whether text of len cells fits at (col, row): free cells, and no other
 * label right beside it. */
static bool label_fits(struct canvas *cv, size_t col, size_t row, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (cell_at(cv, col + i, row)->kind != CELL_EMPTY)
			return false;
	if (col > 0 && cell_at(cv, col - 1, row)->kind == CELL_LABEL)
		return false;
	if (col + len < cv->cols && cell_at(cv, col + len, row)->kind == CELL_LABEL)
		return false;
	return true;
}

/* Each wave's number, centred above its peak in the lowest of the
 * NUMBER_ROWS rows above it with room (the marker row on top included); a
 * number with no room there is left to the list below the chart. */
static void draw_numbers(struct canvas *cv, const struct ebb_waves_result *r)
{
	char text[32];
	size_t len, col, start, row, base;

	for (size_t k = 0; k < r->n_waves; k++) {
		const struct ebb_wave *w = &r->waves[k];
		int64_t i = w->day - r->day[0];

		if (i < 0 || (uint64_t)i >= cv->ndays)
			continue;
		len = (size_t)snprintf(text, sizeof(text), "%zu", k + 1);
		if (len > cv->cols)
			continue;
		col = (size_t)x_of(cv, (size_t)i) / cv->sx;
		start = col >= (len - 1) / 2 ? col - (len - 1) / 2 : 0;
		if (start + len > cv->cols)
			start = cv->cols - len;
		base = (size_t)y_of(cv, w->height) / cv->sy;
		for (row = base + 1; row < cv->rows && row <= base + NUMBER_ROWS; row++)
			if (label_fits(cv, start, row, len))
				break;
		if (row == cv->rows || row > base + NUMBER_ROWS)
			continue;
		for (size_t j = 0; j < len; j++) {
			cell_at(cv, start + j, row)->kind = CELL_LABEL;
			cell_at(cv, start + j, row)->ch = text[j];
		}
	}
}

/* ---- output ---------------------------------------------------------------- */

static void put_cell(FILE *f, const struct canvas *cv, const struct cell *c)
{
	static const char levels[] = ".-'";
	unsigned d = c->dots;

	switch (c->kind) {
	case CELL_LINE:
		if (cv->ascii) {
			/* one level: its mark; more than one: a rise within the cell */
			fputc((d & (d - 1)) ? '|' : levels[d & 1 ? 0 : d & 2 ? 1 : 2], f);
		} else {
			fputc(0xE2, f);
			fputc(0xA0 | (d >> 6), f);
			fputc(0x80 | (d & 0x3F), f);
		}
		break;
	case CELL_LABEL:
		fputc(c->ch, f);
		break;
	default:
		fputc(' ', f);
	}
}

/* One row of the canvas after its margin, without trailing blanks. */
static void put_row(FILE *f, const struct cli *cli, struct canvas *cv, size_t row)
{
	size_t end = cv->cols;
	unsigned char shown = CELL_EMPTY;

	while (end > 0 && cell_at(cv, end - 1, row)->kind == CELL_EMPTY)
		end--;
	for (size_t c = 0; c < end; c++) {
		const struct cell *cl = cell_at(cv, c, row);

		if (cl->kind != CELL_EMPTY && cl->kind != shown) {
			if (shown != CELL_EMPTY)
				fputs(cli_color(cli, CLI_RESET), f);
			fputs(cli_color(cli, cl->kind == CELL_LINE ? CLI_ACCENT : CLI_BOLD), f);
			shown = cl->kind;
		}
		put_cell(f, cv, cl);
	}
	if (shown != CELL_EMPTY)
		fputs(cli_color(cli, CLI_RESET), f);
	fputc('\n', f);
}

static void next_month(int64_t *y, unsigned *m)
{
	if (++*m > 12) {
		*m = 1;
		++*y;
	}
}

/* Writes text into the label line at col when it fits after next_free. */
static bool put_label(char *labels, size_t cols, size_t col, const char *text, size_t *next_free)
{
	size_t len = strlen(text);

	if (col < *next_free || col + len > cols)
		return false;
	memcpy(labels + col, text, len);
	*next_free = col + len + 1;
	return true;
}

/* The x axis with a tick under each labelled month, and the labels below it:
 * months ("Mar"), January as its year when the chart spans more than one,
 * every 2, 3, 6 months or 1, 2, 5... years when months would crowd, and the
 * first day when no month begins near the left edge. */
static int put_axis(FILE *f, const struct cli *cli, struct canvas *cv,
                    const struct ebb_waves_result *r)
{
	static const unsigned steps[] = {1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200};
	int64_t first = r->day[0], last = r->day[0] + (int64_t)cv->ndays - 1, y0, y1, y, ms;
	unsigned m0, d0, m1, d1, m, step = steps[0];
	double per_month = (double)cv->cols * 30.44 / (double)(cv->ndays ? cv->ndays : 1);
	char *labels = malloc(cv->cols + 1), *ticks = calloc(cv->cols, 1), text[MAX_LABEL];
	size_t next_free = 0, col, first_col = cv->cols;
	bool crosses;

	if (labels == NULL || ticks == NULL) {
		free(labels);
		free(ticks);
		return cli_failf(EX_OSERR, "out of memory drawing the chart");
	}
	memset(labels, ' ', cv->cols);
	labels[cv->cols] = '\0';
	civil_from_days(first, &y0, &m0, &d0);
	civil_from_days(last, &y1, &m1, &d1);
	crosses = y0 != y1;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		step = steps[i];
		if (step * per_month >= 6.0)
			break;
	}

	/* pass 0 finds where the first month label would go; pass 1 places them */
	for (int pass = 0; pass < 2; pass++) {
		y = y0;
		m = m0;
		if (d0 != 1)
			next_month(&y, &m);
		for (; (ms = days_from_civil(y, m, 1)) <= last; next_month(&y, &m)) {
			bool yearly = step >= 12;

			if (yearly ? (m != 1 || y % (step / 12) != 0) : (m - 1) % step != 0)
				continue;
			col = (size_t)x_of(cv, (size_t)(ms - first)) / cv->sx;
			if (pass == 0) {
				first_col = col;
				break;
			}
			if (yearly || (m == 1 && crosses))
				snprintf(text, sizeof(text), "%lld", (long long)y);
			else
				snprintf(text, sizeof(text), "%s", month_abbr[m - 1]);
			if (put_label(labels, cv->cols, col, text, &next_free))
				ticks[col] = 1;
		}
		if (pass == 0) {
			cli_day_short(text, sizeof(text), first, false);
			if (strlen(text) + 2 <= first_col)
				put_label(labels, cv->cols, 0, text, &next_free);
		}
	}

	fprintf(f, "%s   %s", cli_color(cli, CLI_DIM), cv->ascii ? "+" : "\u2514");
	for (size_t c = 0; c < cv->cols; c++)
		fputs(cv->ascii ? (ticks[c] ? "+" : "-") : (ticks[c] ? "\u252c" : "\u2500"), f);
	fprintf(f, "%s\n", cli_color(cli, CLI_RESET));
	col = cv->cols;
	while (col > 0 && labels[col - 1] == ' ')
		col--;
	labels[col] = '\0';
	fprintf(f, "%*s%s\n", MARGIN, "", labels);
	free(labels);
	free(ticks);
	return 0;
}

int cli_termchart_waves(FILE *f, const struct cli *cli, const struct ebb_waves_result *r,
                        size_t width, bool ascii)
{
	struct canvas cv = {.ascii = ascii};
	const char *tick = ascii ? "+" : "\u2524", *bar = ascii ? "|" : "\u2502";
	int rc;

	if (width < CLI_TERMCHART_MIN_WIDTH)
		width = CLI_TERMCHART_MIN_WIDTH;
	/* the margin, the plot, and a last column left free so no line wraps */
	cv.cols = width - MARGIN - 1;
	cv.rows = CLI_TERMCHART_ROWS + 1;
	cv.sx = ascii ? 1 : 2;
	cv.sy = ascii ? 3 : 4;
	cv.ndays = r->n_grid;
	if (r->n_days == 0 || r->n_grid == 0)
		return 0;
	cv.cells = calloc(cv.rows * cv.cols, sizeof(*cv.cells));
	if (cv.cells == NULL)
		return cli_failf(EX_OSERR, "out of memory drawing the chart");
	draw_line(&cv, r);
	draw_numbers(&cv, r);

	for (size_t row = cv.rows; row-- > 0;) {
		if (row == CLI_TERMCHART_ROWS) {
			bool any = false;

			for (size_t c = 0; c < cv.cols && !any; c++)
				any = cell_at(&cv, c, row)->kind != CELL_EMPTY;
			if (!any)
				continue;
			fprintf(f, "%*s", MARGIN, "");
		} else if (row % 2 == 0) {
			fprintf(f, "%s%2zu %s%s", cli_color(cli, CLI_DIM), row, tick,
			        cli_color(cli, CLI_RESET));
		} else {
			fprintf(f, "%s   %s%s", cli_color(cli, CLI_DIM), bar,
			        cli_color(cli, CLI_RESET));
		}
		put_row(f, cli, &cv, row);
	}
	rc = put_axis(f, cli, &cv, r);
	free(cv.cells);
	return rc;
}
