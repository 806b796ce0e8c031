/*
 * test_chart.c — unit tests for src/core/chart.c: every chart is
 * well-formed XML (checked by python3's expat through xml.etree, with the
 * accessibility rules of chart.h checked on the parsed tree: role, title
 * and desc named by aria-labelledby, text of at least 12 units, a viewBox
 * and width 100%, no script, no reference outside the document, every
 * var() with a fallback), draws as many wave markers, bars and segments as
 * the data holds, breaks the smoothed line at gaps, escapes what a person
 * wrote, writes numbers with '.' under a German LC_NUMERIC, says "Nothing
 * to show yet" without data, refuses bad input and leaves the buffer as it
 * was on failure.
 *
 * What a person would notice if these broke: a chart the page cannot
 * show (one stray '&' in a hard date's label breaks the whole SVG), a
 * screen reader announcing nothing, a wave without its number, a line
 * drawn across weeks nobody logged, "8,4" in one place and "8.4" in
 * another.
 *
 * Set CHART_SAMPLES=DIR to keep one sample of each chart in DIR.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart.h"
#include "dates.h"
#include "waves.h"

#define NASTY         "Tom & Jerry's <birthday>"
#define NASTY_ESCAPED "Tom &amp; Jerry&#39;s &lt;birthday&gt;"

/* ---------------------------------------------------------------------- */
/* Checking an SVG                                                         */

/* The checks python3 runs on each file: argv[1] the SVG; prints what is
 * wrong and exits 1. */
static const char checker[] =
    "import re, sys\n"
    "import xml.etree.ElementTree as E\n"
    "NS = '{http://www.w3.org/2000/svg}'\n"
    "bad = []\n"
    "root = E.parse(sys.argv[1]).getroot()\n"
    "if root.tag != NS + 'svg': bad.append('root is ' + root.tag)\n"
    "if root.get('role') != 'img': bad.append('no role=img')\n"
    "if root.get('width') != '100%': bad.append('width is not 100%')\n"
    "if not re.fullmatch(r'0 0 [0-9.]+ [0-9.]+', root.get('viewBox') or ''):\n"
    "    bad.append('bad viewBox')\n"
    "ids = {}\n"
    "for el in root.iter():\n"
    "    i = el.get('id')\n"
    "    if i is not None:\n"
    "        if i in ids: bad.append('duplicate id ' + i)\n"
    "        ids[i] = el\n"
    "lab = (root.get('aria-labelledby') or '').split()\n"
    "if len(lab) != 2: bad.append('aria-labelledby names ' + str(lab))\n"
    "else:\n"
    "    t, d = ids.get(lab[0]), ids.get(lab[1])\n"
    "    if t is None or t.tag != NS + 'title' or not (t.text or '').strip():\n"
    "        bad.append('no title')\n"
    "    if d is None or d.tag != NS + 'desc' or len((d.text or '').strip()) < 15:\n"
    "        bad.append('no desc')\n"
    "kids = list(root)\n"
    "if len(kids) < 2 or kids[0].tag != NS + 'title' or kids[1].tag != NS + 'desc':\n"
    "    bad.append('title and desc do not come first')\n"
    "for el in root.iter():\n"
    "    tag = el.tag.replace(NS, '')\n"
    "    if tag in ('script', 'foreignObject', 'style', 'image', 'use', 'a'):\n"
    "        bad.append('element ' + tag)\n"
    "    for k, v in el.attrib.items():\n"
    "        if k.startswith('on') or k == 'style' or 'href' in k: bad.append('attribute ' + k)\n"
    "        for u in re.findall(r'url\\(([^)]*)\\)', v):\n"
    "            if not u.startswith('#') or u[1:] not in ids: bad.append('reference ' + u)\n"
    "        if 'var(' in v and not re.fullmatch(r'var\\(--ebb-chart-[a-z0-9-]+, "
    "#[0-9a-f]{6}\\)', v):\n"
    "            bad.append('var without fallback: ' + v)\n"
    "        if re.search(r'[0-9],[0-9]', v): bad.append('comma in a number: ' + v)\n"
    "    fs = el.get('font-size')\n"
    "    if fs is not None and float(fs) < 12: bad.append('font-size ' + fs)\n"
    "    if tag == 'text' and not (el.text or '').strip(): bad.append('empty text')\n"
    "for b in bad: print(sys.argv[1] + ': ' + b)\n"
    "sys.exit(1 if bad else 0)\n";

static char tmpdir[64];
static char checker_path[128];
static const char *python; /* Debian's python3 when there (the one deps.sh installs), else PATH's */
static unsigned file_no;

static int group_setup(void **state)
{
	FILE *f;

	(void)state;
	python = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ebb-chart-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(checker_path, sizeof(checker_path), "%s/check.py", tmpdir);
	f = fopen(checker_path, "w");
	if (f == NULL)
		return -1;
	fputs(checker, f);
	fclose(f);
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[160];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Writes svg to the temp dir (and to $CHART_SAMPLES/name.svg when set) and
 * runs the python3 checks on it. */
static void check_svg(const char *svg, const char *name)
{
	char path[256], cmd[512];
	const char *keep = getenv("CHART_SAMPLES");
	int rc;

	snprintf(path, sizeof(path), "%s/%u-%s.svg", tmpdir, file_no++, name);
	write_file(path, svg);
	if (keep != NULL && *keep) {
		char kpath[512];
		snprintf(kpath, sizeof(kpath), "%s/%s.svg", keep, name);
		write_file(kpath, svg);
	}
	snprintf(cmd, sizeof(cmd), "%s -I -S '%s' '%s'", python, checker_path, path);
	rc = system(cmd);
	if (rc != 0)
		fail_msg("%s: the SVG checks failed (status %d); the file is %s", name, rc, path);
}

/* Occurrences of needle in hay. */
static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += len;
	}
	return n;
}

/* The text of the <desc> element (still escaped), into out. */
static void desc_of(const char *svg, char *out, size_t size)
{
	const char *a = strstr(svg, "<desc"), *b;

	assert_non_null(a);
	a = strchr(a, '>') + 1;
	b = strstr(a, "</desc>");
	assert_non_null(b);
	assert_true((size_t)(b - a) < size);
	memcpy(out, a, (size_t)(b - a));
	out[b - a] = '\0';
}

static void assert_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("expected \"%s\" in the chart", needle);
}

static int64_t day_of(const char *iso)
{
	int64_t d = 0;

	assert_int_equal(ebb_date_parse(iso, &d), EBB_OK);
	return d;
}

/* ---------------------------------------------------------------------- */
/* Data                                                                    */

/*
 * About four months of check-ins from 2026-03-03: a calm baseline with six
 * waves that mostly soften, days skipped now and then, two check-ins on
 * some days, and nothing logged from day 50 to day 62 (a gap in the
 * smoothed line).
 */
static void sample_waves(struct ebb_waves_result *r)
{
	static const double peak_day[] = {8, 25, 40, 72, 90, 108};
	static const double peak_h[] = {5.0, 4.2, 3.8, 3.5, 4.0, 2.2};
	int64_t day[400];
	double value[400];
	struct ebb_error err;
	int64_t start = day_of("2026-03-03");
	unsigned seed = 7;
	size_t n = 0, k;
	int d;

	for (d = 0; d < 120; d++) {
		double v = 3.0;
		if ((d >= 50 && d <= 62) || (d % 6 == 5 && d < 115))
			continue;
		for (k = 0; k < 6; k++)
			v += peak_h[k] * exp(-0.5 * pow((d - peak_day[k]) / 2.5, 2));
		seed = seed * 1103515245u + 12345u;
		v += ((seed >> 16) % 100) / 100.0 - 0.5;
		v = fmin(10.0, fmax(0.0, v));
		day[n] = start + d;
		value[n++] = v;
		if (d % 4 == 0) {
			day[n] = start + d;
			value[n++] = fmin(10.0, v + 1.0);
		}
	}
	ebb_waves_result_init(r);
	assert_int_equal(ebb_waves_analyse_points(r, day, value, n, NULL, &err), EBB_OK);
}

static struct ebb_buf render_waves(const struct ebb_chart *c, const struct ebb_waves_result *r,
                                   const struct ebb_chart_date *dates, size_t n_dates, bool ewma)
{
	struct ebb_chart_waves in = {r, dates, n_dates, ewma, true};
	struct ebb_buf b;
	struct ebb_error err;

	ebb_buf_init(&b, EBB_CHART_MAX_BYTES);
	if (ebb_chart_waves(&b, c, &in, &err) != EBB_OK)
		fail_msg("ebb_chart_waves: %s", err.msg);
	return b;
}

/* ---------------------------------------------------------------------- */
/* 1. Waves                                                                */

static void test_waves_chart(void **state)
{
	struct ebb_waves_result r;
	struct ebb_chart c;
	struct ebb_chart_date dates[] = {
	    {0, NASTY},
	    {0, "the day I left"},
	    {0, "far in the future, not shown"},
	};
	struct ebb_buf b;
	char desc[4096];

	(void)state;
	sample_waves(&r);
	assert_true(r.n_waves >= 4);
	assert_true(r.n_segments >= 2);
	dates[0].day = day_of("2026-04-12");
	dates[1].day = day_of("2026-03-10");
	dates[2].day = day_of("2027-01-01");
	ebb_chart_init(&c, "Your waves");
	b = render_waves(&c, &r, dates, 3, true);
	check_svg(b.data, "waves");

	assert_contains(b.data, "role=\"img\"");
	assert_contains(b.data, "aria-labelledby=\"ebb-chart-t ebb-chart-d\"");
	assert_contains(b.data, "<title id=\"ebb-chart-t\">Your waves</title>");
	assert_contains(b.data, "viewBox=\"0 0 720 ");
	/* one marker per wave, each numbered; one path per gap-free stretch */
	assert_int_equal(count(b.data, "class=\"ebb-wave\""), r.n_waves);
	assert_int_equal(count(b.data, "class=\"ebb-wave-width\""), r.n_waves);
	assert_contains(b.data, ">1</text>");
	assert_int_equal(count(b.data, "class=\"ebb-smooth\""), r.n_segments);
	assert_int_equal(count(b.data, "class=\"ebb-ewma\""), 1);
	/* the hard dates in range, escaped; the one outside left out */
	assert_int_equal(count(b.data, "class=\"ebb-date\""), 2);
	assert_contains(b.data, NASTY_ESCAPED);
	assert_null(strstr(b.data, "Tom & "));
	assert_null(strstr(b.data, "not shown"));
	/* axis labels in English, the year once, the 0–10 scale */
	assert_contains(b.data, ">Apr</text>");
	assert_contains(b.data, ">2026</text>");
	assert_contains(b.data, ">10</text>");
	assert_contains(b.data, "0 light, 10 heaviest");
	/* the desc tells the story in words */
	desc_of(b.data, desc, sizeof(desc));
	assert_contains(desc, "from 3 March to 30 June 2026");
	assert_contains(desc, "a dot for each of 90 days with check-ins and a smoothed line");
	{
		/* the highest and lowest waves as the analysis found them */
		size_t i, hi = 0, lo = 0;
		char want[256], hi_day[EBB_DATE_STR], lo_day[EBB_DATE_STR];
		for (i = 1; i < r.n_waves; i++) {
			hi = r.waves[i].height > r.waves[hi].height ? i : hi;
			lo = r.waves[i].height < r.waves[lo].height ? i : lo;
		}
		ebb_date_format(hi_day, r.waves[hi].day);
		ebb_date_format(lo_day, r.waves[lo].day);
		snprintf(want, sizeof(want),
		         "%zu waves, numbered in order. Highest: wave %zu, %.1f on ", r.n_waves,
		         hi + 1, r.waves[hi].height);
		assert_contains(desc, want);
		snprintf(want, sizeof(want), ". Lowest: wave %zu, %.1f on ", lo + 1,
		         r.waves[lo].height);
		assert_contains(desc, want);
		/* this sample's peaks, for a reader of this test: */
		assert_string_equal(hi_day, "2026-03-11");
		assert_contains(desc, "on 11 March. Lowest");
		assert_string_equal(lo_day, "2026-06-19");
		assert_contains(desc, "on 19 June. From one wave");
	}
	assert_contains(desc, "From one wave to the next: ");
	assert_contains(desc, "broken in 1 place where too few days were logged");
	assert_contains(desc, "Hard dates marked: the day I left (10 March); " NASTY_ESCAPED
	                      " (12 April).");
	/* themed colours with fallbacks */
	assert_contains(b.data, "stroke=\"var(--ebb-chart-line, #2a6f97)\"");

	ebb_buf_release(&b);
	ebb_waves_result_release(&r);
}

/* A gap breaks the smoothed line into separate paths and the EWMA line
 * into separate subpaths (an M in the middle), and the gap's days get no
 * point of either line. */
static void test_waves_gap_breaks_line(void **state)
{
	int64_t day[] = {0, 1, 2, 3, 4, 5, 30, 31, 32, 33};
	double value[] = {3, 4, 6, 4, 3, 3, 5, 7, 5, 4};
	struct ebb_waves_result r;
	struct ebb_chart c;
	struct ebb_error err;
	struct ebb_buf b;
	const char *p, *end;
	size_t i, moves;

	(void)state;
	for (i = 0; i < 10; i++)
		day[i] += day_of("2026-01-05");
	ebb_waves_result_init(&r);
	assert_int_equal(ebb_waves_analyse_points(&r, day, value, 10, NULL, &err), EBB_OK);
	assert_int_equal(r.n_segments, 2);
	ebb_chart_init(&c, "Gap");
	b = render_waves(&c, &r, NULL, 0, true);
	check_svg(b.data, "waves-gap");
	assert_int_equal(count(b.data, "class=\"ebb-smooth\""), 2);
	p = strstr(b.data, "class=\"ebb-ewma\"");
	assert_non_null(p);
	p = strstr(p, " d=\"") + 4;
	end = strchr(p, '"');
	for (moves = 0; p < end; p++)
		moves += *p == 'M';
	assert_int_equal(moves, 2);
	/* each smoothed path holds only its own segment's days */
	p = strstr(b.data, "class=\"ebb-smooth\"");
	p = strstr(p, " d=\"") + 4;
	end = strchr(p, '"');
	for (moves = 0; p < end; p++)
		moves += *p == 'M';
	assert_int_equal(moves, 1);
	ebb_buf_release(&b);
	ebb_waves_result_release(&r);
}

static void test_waves_empty(void **state)
{
	struct ebb_waves_result r;
	struct ebb_chart c;
	struct ebb_chart_waves in = {NULL, NULL, 0, true, true};
	struct ebb_error err;
	struct ebb_buf b;

	(void)state;
	ebb_chart_init(&c, "Your waves");
	ebb_buf_init(&b, EBB_CHART_MAX_BYTES);
	assert_int_equal(ebb_chart_waves(&b, &c, &in, &err), EBB_OK);
	check_svg(b.data, "waves-empty");
	assert_contains(b.data, ">Nothing to show yet</text>");
	assert_contains(b.data, "<desc id=\"ebb-chart-d\">Nothing to show yet.</desc>");
	ebb_buf_reset(&b);

	ebb_waves_result_init(&r);
	assert_int_equal(ebb_waves_analyse_points(&r, NULL, NULL, 0, NULL, &err), EBB_OK);
	in.r = &r;
	assert_int_equal(ebb_chart_waves(&b, &c, &in, &err), EBB_OK);
	assert_contains(b.data, "Nothing to show yet");
	assert_int_equal(count(b.data, "<svg"), 1);
	ebb_buf_release(&b);
	ebb_waves_result_release(&r);
}

/* One day, no waves: still a chart, saying so. */
static void test_waves_single_day(void **state)
{
	int64_t day = day_of("2026-02-28");
	double value = 6;
	struct ebb_waves_result r;
	struct ebb_chart c;
	struct ebb_error err;
	struct ebb_buf b;
	char desc[2048];

	(void)state;
	ebb_waves_result_init(&r);
	assert_int_equal(ebb_waves_analyse_points(&r, &day, &value, 1, NULL, &err), EBB_OK);
	ebb_chart_init(&c, "One day");
	b = render_waves(&c, &r, NULL, 0, false);
	check_svg(b.data, "waves-one-day");
	desc_of(b.data, desc, sizeof(desc));
	assert_contains(desc, "on 28 February 2026: a dot for the one day with check-ins");
	assert_contains(desc, "No waves stand out yet.");
	assert_int_equal(count(b.data, "class=\"ebb-wave\""), 0);
	assert_int_equal(count(b.data, "class=\"ebb-ewma\""), 0);
	ebb_buf_release(&b);
	ebb_waves_result_release(&r);
}

/* Ten years of daily check-ins: within the cap, labelled by year. */
static void test_waves_ten_years(void **state)
{
	static int64_t day[3700];
	static double value[3700];
	struct ebb_waves_result r;
	struct ebb_chart c;
	struct ebb_error err;
	struct ebb_buf b;
	size_t i;

	(void)state;
	for (i = 0; i < 3700; i++) {
		day[i] = day_of("2016-01-01") + (int64_t)i;
		value[i] = 4 + 2.5 * sin((double)i / 9.0) + (i % 7 == 3 ? 1.0 : 0.0);
	}
	ebb_waves_result_init(&r);
	assert_int_equal(ebb_waves_analyse_points(&r, day, value, 3700, NULL, &err), EBB_OK);
	assert_true(r.n_waves > 40);
	ebb_chart_init(&c, "Ten years");
	b = render_waves(&c, &r, NULL, 0, true);
	check_svg(b.data, "waves-ten-years");
	assert_int_equal(count(b.data, "class=\"ebb-wave\""), r.n_waves);
	assert_contains(b.data, ">2020</text>");
	assert_true(b.len < EBB_CHART_MAX_BYTES / 4);
	ebb_buf_release(&b);
	ebb_waves_result_release(&r);
}

/* ---------------------------------------------------------------------- */
/* 2. Bars                                                                 */

static void test_bars(void **state)
{
	int64_t start[12];
	double felt[12] = {6, 5, 4, 6, 3, 2, 4, 2, 1, 2, 0, 1};
	double acted[12] = {2, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0};
	struct ebb_chart_bars in = {0};
	struct ebb_chart c;
	struct ebb_error err;
	struct ebb_buf b;
	char desc[4096];
	size_t i;

	(void)state;
	for (i = 0; i < 12; i++)
		start[i] = day_of("2026-03-02") + 7 * (int64_t)i;
	in.period = EBB_CHART_WEEKS;
	in.start = start;
	in.n = 12;
	in.series[0] = (struct ebb_chart_series){"urges felt", felt};
	in.series[1] = (struct ebb_chart_series){NASTY, acted};
	in.n_series = 2;
	in.y_label = "Urges per week";
	ebb_chart_init(&c, "Urges, week by week");
	c.id = "urges";
	ebb_buf_init(&b, EBB_CHART_MAX_BYTES);
	assert_int_equal(ebb_chart_bars(&b, &c, &in, &err), EBB_OK);
	check_svg(b.data, "bars");
	assert_int_equal(count(b.data, "class=\"ebb-bar\""), 24);
	assert_contains(b.data, "aria-labelledby=\"urges-t urges-d\"");
	/* the second series is hatched as well as coloured */
	assert_contains(b.data, "fill=\"url(#urges-p1)\"");
	assert_contains(b.data, "<pattern id=\"urges-p1\"");
	assert_contains(b.data, NASTY_ESCAPED);
	assert_null(strstr(b.data, "Tom & "));
	assert_contains(b.data, ">2 Mar</text>");
	desc_of(b.data, desc, sizeof(desc));
	assert_contains(desc, "each week from the week of 2 March to the week of 18 May 2026 "
	                      "(12 weeks)");
	assert_contains(desc, "urges felt: 36 in all, the most 6 in the week of 2 March.");
	assert_contains(desc, NASTY_ESCAPED ": 5 in all, the most 2 in the week of 2 March.");
	ebb_buf_reset(&b);

	/* one series, months, fractional values written with a point */
	in.period = EBB_CHART_MONTHS;
	in.n = 3;
	start[0] = day_of("2025-11-01");
	start[1] = day_of("2025-12-01");
	start[2] = day_of("2026-01-01");
	felt[0] = 2.5;
	in.n_series = 1;
	in.y_label = NULL;
	assert_int_equal(ebb_chart_bars(&b, &c, &in, &err), EBB_OK);
	check_svg(b.data, "bars-months");
	assert_int_equal(count(b.data, "class=\"ebb-bar\""), 3);
	assert_contains(b.data, ">2.5</text>");
	assert_contains(b.data, ">Count</text>");
	desc_of(b.data, desc, sizeof(desc));
	assert_contains(desc, "each month from November 2025 to January 2026 (3 months)");
	assert_contains(desc, "urges felt: 11.5 in all, the most 5 in December 2025.");
	ebb_buf_reset(&b);

	in.n = 0;
	assert_int_equal(ebb_chart_bars(&b, &c, &in, &err), EBB_OK);
	check_svg(b.data, "bars-empty");
	assert_contains(b.data, "Nothing to show yet");
	ebb_buf_release(&b);
}

/* ---------------------------------------------------------------------- */
/* 3. Shares                                                               */

static void test_shares(void **state)
{
	const char *labels[] = {"the future I imagined", "who I was in it", "the time I gave",
	                        "a pain I knew"};
	int64_t start[4];
	double counts[4 * 4] = {
	    4, 2, 1, 1, /* March */
	    0, 0, 0, 0, /* April: nothing logged */
	    3, 3, 0, 2, /* May */
	    1, 2, 2, 5, /* June */
	};
	struct ebb_chart_shares in = {0};
	struct ebb_chart c;
	struct ebb_error err;
	struct ebb_buf b;
	char desc[4096];

	(void)state;
	start[0] = day_of("2026-03-01");
	start[1] = day_of("2026-04-01");
	start[2] = day_of("2026-05-01");
	start[3] = day_of("2026-06-01");
	in.period = EBB_CHART_MONTHS;
	in.start = start;
	in.n = 4;
	in.labels = labels;
	in.k = 4;
	in.counts = counts;
	ebb_chart_init(&c, "What you grieve, month by month");
	ebb_buf_init(&b, EBB_CHART_MAX_BYTES);
	assert_int_equal(ebb_chart_shares(&b, &c, &in, &err), EBB_OK);
	check_svg(b.data, "shares");
	/* one segment per non-zero count; patterns for all but the first */
	assert_int_equal(count(b.data, "class=\"ebb-share\""), 11);
	assert_int_equal(count(b.data, "<pattern "), 3);
	assert_contains(b.data, ">50%</text>");
	assert_contains(b.data, ">100%</text>");
	assert_contains(b.data, ">a pain I knew</text>");
	desc_of(b.data, desc, sizeof(desc));
	assert_contains(desc, "each month from March to June 2026 (4 months)");
	assert_contains(desc, "March: the future I imagined 50%, who I was in it 25%, the time I "
	                      "gave 13%, a pain I knew 13% (8 in all).");
	assert_contains(desc, "April: nothing logged.");
	ebb_buf_reset(&b);

	/* escaped labels */
	labels[3] = NASTY;
	assert_int_equal(ebb_chart_shares(&b, &c, &in, &err), EBB_OK);
	check_svg(b.data, "shares-nasty");
	assert_contains(b.data, NASTY_ESCAPED);
	assert_null(strstr(b.data, "Tom & "));
	ebb_buf_reset(&b);

	/* nothing logged anywhere */
	memset(counts, 0, sizeof(counts));
	assert_int_equal(ebb_chart_shares(&b, &c, &in, &err), EBB_OK);
	check_svg(b.data, "shares-empty");
	assert_contains(b.data, "Nothing to show yet");
	ebb_buf_release(&b);
}

/* ---------------------------------------------------------------------- */
/* 4. Horizontal bars                                                      */

static void test_hbars(void **state)
{
	const char *labels[] = {"sadness", "longing", "relief", NASTY,
	                        "a feeling with a very long "
	                        "name that goes on and on"};
	double values[] = {14, 9, 6, 2, 1};
	struct ebb_chart_hbars in = {labels, values, 5, "times named"};
	struct ebb_chart c;
	struct ebb_error err;
	struct ebb_buf b;
	char desc[2048];

	(void)state;
	ebb_chart_init(&c, "Feelings you named most");
	ebb_buf_init(&b, EBB_CHART_MAX_BYTES);
	assert_int_equal(ebb_chart_hbars(&b, &c, &in, &err), EBB_OK);
	check_svg(b.data, "hbars");
	assert_int_equal(count(b.data, "class=\"ebb-bar\""), 5);
	assert_contains(b.data, ">sadness</text>");
	assert_contains(b.data, ">14</text>");
	assert_contains(b.data, NASTY_ESCAPED);
	assert_null(strstr(b.data, "Tom & "));
	/* long labels are shortened on the chart, whole in the tooltip */
	assert_contains(b.data, "a feeling with a very long\xE2\x80\xA6</text>");
	assert_contains(b.data, "goes on and on: 1</title>");
	desc_of(b.data, desc, sizeof(desc));
	assert_contains(desc, "5 bars; times named: sadness 14, longing 9, relief 6, " NASTY_ESCAPED
	                      " 2, a feeling with a very long name that goes on and on 1.");
	ebb_buf_reset(&b);

	in.n = 0;
	assert_int_equal(ebb_chart_hbars(&b, &c, &in, &err), EBB_OK);
	check_svg(b.data, "hbars-empty");
	assert_contains(b.data, "Nothing to show yet");
	ebb_buf_release(&b);
}

/* ---------------------------------------------------------------------- */
/* 5. Panels                                                               */

static void test_panels(void **state)
{
	double t[12], think[12], explain[12], trust[2];
	struct ebb_waves_trend tr_think, tr_explain, tr_trust;
	struct ebb_chart_panel panels[4];
	struct ebb_chart_panels in = {0};
	struct ebb_chart c;
	struct ebb_error err;
	struct ebb_buf b;
	char desc[4096];
	size_t i;

	(void)state;
	for (i = 0; i < 12; i++) {
		t[i] = 7.0 * (double)i + 3.5;
		think[i] = fmin(4, 0.5 + 0.25 * (double)i + (i % 3 == 0 ? 0.5 : 0));
		explain[i] = 2 + (i % 2 ? 0.5 : -0.5);
	}
	t[7] += 14; /* two weeks without enough days: the line breaks */
	for (i = 8; i < 12; i++)
		t[i] += 14;
	trust[0] = 1;
	trust[1] = 2;
	assert_int_equal(ebb_waves_trend(&tr_think, t, think, 12, 0.95, &err), EBB_OK);
	assert_int_equal(ebb_waves_trend(&tr_explain, t, explain, 12, 0.95, &err), EBB_OK);
	assert_int_equal(ebb_waves_trend(&tr_trust, t, trust, 2, 0.95, &err), EBB_OK);
	assert_false(tr_trust.valid);
	panels[0] = (struct ebb_chart_panel){"I can think of them without falling apart", t, think,
	                                     12, &tr_think};
	panels[1] = (struct ebb_chart_panel){"the need to explain myself has faded", t, explain, 12,
	                                     &tr_explain};
	panels[2] = (struct ebb_chart_panel){NASTY, NULL, NULL, 0, NULL};
	panels[3] = (struct ebb_chart_panel){"I trust myself more", t, trust, 2, &tr_trust};
	in.panels = panels;
	in.n = 4;
	in.origin = day_of("2026-03-02");
	in.max = 4;
	in.y_label = "Weekly median, 0 to 4";
	ebb_chart_init(&c, "Four signs, week by week");
	ebb_buf_init(&b, EBB_CHART_MAX_BYTES);
	assert_int_equal(ebb_chart_panels(&b, &c, &in, &err), EBB_OK);
	check_svg(b.data, "panels");
	assert_int_equal(count(b.data, "class=\"ebb-panel\""), 4);
	assert_int_equal(count(b.data, "class=\"ebb-trend\""), 2);
	assert_int_equal(count(b.data, "class=\"ebb-range\""), 2);
	assert_int_equal(count(b.data, "class=\"ebb-empty\""), 1);
	assert_contains(b.data, NASTY_ESCAPED);
	assert_null(strstr(b.data, "Tom & "));
	desc_of(b.data, desc, sizeof(desc));
	assert_contains(desc, "4 panels on the same dates, from 5 March to 4 June 2026, on a scale "
	                      "from 0 to 4.");
	assert_contains(desc, "I can think of them without falling apart: 12 points, the latest "
	                      "3.3 (around 4 June 2026); the trend line rises about ");
	assert_contains(desc, "points a month (likely between ");
	assert_contains(desc, NASTY_ESCAPED ": nothing to show yet.");
	assert_contains(desc, "I trust myself more: 2 points, the latest 2.0 (around 12 March "
	                      "2026); too few points for a trend line.");
	/* the weekly line breaks where weeks are missing */
	{
		const char *p = strstr(b.data, "class=\"ebb-panel\"");
		const char *d = strstr(strstr(p, "stroke-linejoin=\"round\" d=\""), "d=\"") + 3;
		const char *end = strchr(d, '"');
		size_t moves = 0;
		for (; d < end; d++)
			moves += *d == 'M';
		assert_int_equal(moves, 2);
	}
	ebb_buf_reset(&b);

	for (i = 0; i < 4; i++)
		panels[i].n = 0;
	assert_int_equal(ebb_chart_panels(&b, &c, &in, &err), EBB_OK);
	check_svg(b.data, "panels-empty");
	assert_contains(b.data, "Nothing to show yet");
	ebb_buf_release(&b);
}

/* ---------------------------------------------------------------------- */
/* Promises every chart keeps                                              */

/* Titles are escaped too, and text that is not clean UTF-8 or holds
 * control characters still makes well-formed XML. */
static void test_escaping_everywhere(void **state)
{
	struct ebb_waves_result r;
	struct ebb_chart c;
	struct ebb_chart_date dates[] = {{0, "bad \xFF\xFE bytes\x01 \xC0\xAF and \"quotes\""}};
	struct ebb_buf b;

	(void)state;
	sample_waves(&r);
	dates[0].day = r.day[3];
	ebb_chart_init(&c, NASTY);
	b = render_waves(&c, &r, dates, 1, false);
	check_svg(b.data, "waves-escaping");
	assert_contains(b.data, "<title id=\"ebb-chart-t\">" NASTY_ESCAPED "</title>");
	assert_contains(b.data, "font-weight=\"bold\">" NASTY_ESCAPED "</text>");
	assert_contains(b.data, "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes  \xEF\xBF\xBD\xEF\xBF\xBD and "
	                        "&quot;quotes&quot;");
	assert_null(strstr(b.data, "\xFF"));
	assert_null(strstr(b.data, "\x01"));
	ebb_buf_release(&b);
	ebb_waves_result_release(&r);
}

/* Numbers keep their '.' whatever LC_NUMERIC says (ebb never calls
 * setlocale, but a program using the core might). */
static void test_locale_independent(void **state)
{
	static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
	                                    "fr_FR.utf8",  "de_DE",      NULL};
	struct ebb_waves_result r;
	struct ebb_chart c;
	struct ebb_chart_date dates[] = {{0, "a day"}};
	struct ebb_buf b, want;
	char probe[16];
	const char *got = NULL;
	size_t i;

	(void)state;
	for (i = 0; names[i] && got == NULL; i++)
		got = setlocale(LC_ALL, names[i]);
	if (got == NULL) {
		print_message("no German or French locale installed: skipping the locale test\n");
		skip();
	}
	snprintf(probe, sizeof(probe), "%.1f", 1.5);
	if (strcmp(probe, "1,5") != 0) {
		setlocale(LC_ALL, "C");
		print_message("locale %s keeps '.': skipping the locale test\n", got);
		skip();
	}
	sample_waves(&r);
	dates[0].day = r.day[5];
	ebb_chart_init(&c, "Waves");
	b = render_waves(&c, &r, dates, 1, true);
	setlocale(LC_ALL, "C");
	want = render_waves(&c, &r, dates, 1, true);
	check_svg(b.data, "waves-locale");
	assert_string_equal(b.data, want.data);
	ebb_buf_release(&b);
	ebb_buf_release(&want);
	ebb_waves_result_release(&r);
}

/* Fixed colours for librsvg: no custom properties at all. */
static void test_fixed_colours(void **state)
{
	struct ebb_waves_result r;
	struct ebb_chart c;
	struct ebb_buf b;

	(void)state;
	sample_waves(&r);
	ebb_chart_init(&c, "Waves");
	c.colours = EBB_CHART_FIXED;
	c.hide_title = true;
	c.width = 360;
	c.id = "w2";
	b = render_waves(&c, &r, NULL, 0, true);
	check_svg(b.data, "waves-fixed-narrow");
	assert_null(strstr(b.data, "var("));
	assert_contains(b.data, "stroke=\"#2a6f97\"");
	assert_contains(b.data, "viewBox=\"0 0 360 ");
	assert_contains(b.data, "<title id=\"w2-t\">Waves</title>");
	assert_null(strstr(b.data, "font-weight=\"bold\">Waves</text>"));
	ebb_buf_release(&b);
	ebb_waves_result_release(&r);
}

/* Whatever bytes a person's labels hold, the chart stays well-formed. */
static void test_random_labels(void **state)
{
	struct ebb_waves_result r;
	struct ebb_chart c;
	struct ebb_chart_date dates[4];
	char labels[4][40], name[32];
	const char *hl[4];
	double hv[4] = {4, 3, 2, 1};
	struct ebb_chart_hbars hb = {hl, hv, 4, NULL};
	struct ebb_error err;
	struct ebb_buf b;
	unsigned seed = 12345;
	size_t round, i, j;

	(void)state;
	sample_waves(&r);
	ebb_chart_init(&c, "Random");
	for (round = 0; round < 6; round++) {
		for (i = 0; i < 4; i++) {
			for (j = 0; j < sizeof(labels[i]) - 1; j++) {
				seed = seed * 1103515245u + 12345u;
				labels[i][j] =
				    (char)(1 + (seed >> 16) % 255); /* any byte but NUL */
			}
			labels[i][j] = '\0';
			dates[i].day = r.day[i * 10];
			dates[i].label = labels[i];
			hl[i] = labels[i];
		}
		b = render_waves(&c, &r, dates, 4, true);
		snprintf(name, sizeof(name), "random-waves-%zu", round);
		check_svg(b.data, name);
		ebb_buf_reset(&b);
		assert_int_equal(ebb_chart_hbars(&b, &c, &hb, &err), EBB_OK);
		snprintf(name, sizeof(name), "random-hbars-%zu", round);
		check_svg(b.data, name);
		ebb_buf_release(&b);
	}
	ebb_waves_result_release(&r);
}

/* A time axis over a million years still ends, labelled by round years. */
static void test_panels_huge_span(void **state)
{
	double t[2] = {0, 4e8}, v[2] = {1, 3};
	struct ebb_chart_panel p = {"long", t, v, 2, NULL};
	struct ebb_chart_panels in = {&p, 1, 0, 4, NULL};
	struct ebb_chart c;
	struct ebb_error err;
	struct ebb_buf b;

	(void)state;
	ebb_chart_init(&c, "Long");
	ebb_buf_init(&b, EBB_CHART_MAX_BYTES);
	assert_int_equal(ebb_chart_panels(&b, &c, &in, &err), EBB_OK);
	check_svg(b.data, "panels-huge");
	assert_true(count(b.data, "<line ") < 40);
	assert_contains(b.data, ">1000000</text>"); /* years, on round numbers */
	ebb_buf_release(&b);
}

/* At every limit of chart.h, with text that escapes to six bytes a
 * character, each chart fits in EBB_CHART_MAX_BYTES. */
static void test_worst_case_fits(void **state)
{
	static int64_t day[EBB_WAVES_MAX_SPAN], start[EBB_CHART_MAX_BARS];
	static double value[EBB_WAVES_MAX_SPAN], counts[EBB_CHART_MAX_BARS * EBB_CHART_MAX_CATS];
	static struct ebb_chart_date dates[EBB_CHART_MAX_DATES];
	static char quotes[1001];
	const char *labels[EBB_CHART_MAX_ROWS];
	struct ebb_waves_result r;
	struct ebb_chart_waves wv;
	struct ebb_chart_shares sh = {0};
	struct ebb_chart_bars bars = {0};
	struct ebb_chart_hbars hb = {0};
	struct ebb_chart c;
	struct ebb_error err;
	struct ebb_buf b;
	size_t i;

	(void)state;
	memset(quotes, '"', sizeof(quotes) - 1);
	for (i = 0; i < EBB_WAVES_MAX_SPAN; i++) {
		day[i] = (int64_t)i;
		value[i] = i % 6 < 2 ? 10 : 0; /* a wave every 6 days */
	}
	for (i = 0; i < EBB_CHART_MAX_DATES; i++)
		dates[i] = (struct ebb_chart_date){(int64_t)i * 20, quotes};
	ebb_waves_result_init(&r);
	assert_int_equal(ebb_waves_analyse_points(&r, day, value, EBB_WAVES_MAX_SPAN, NULL, &err),
	                 EBB_OK);
	assert_true(r.n_waves > 3000);
	ebb_chart_init(&c, quotes);
	ebb_buf_init(&b, EBB_CHART_MAX_BYTES);
	wv = (struct ebb_chart_waves){&r, dates, EBB_CHART_MAX_DATES, true, true};
	if (ebb_chart_waves(&b, &c, &wv, &err) != EBB_OK)
		fail_msg("waves: %s", err.msg);
	ebb_buf_reset(&b);

	for (i = 0; i < EBB_CHART_MAX_BARS; i++)
		start[i] = (int64_t)i * 31;
	for (i = 0; i < EBB_CHART_MAX_BARS * EBB_CHART_MAX_CATS; i++)
		counts[i] = 1 + (double)(i % 7);
	for (i = 0; i < EBB_CHART_MAX_ROWS; i++)
		labels[i] = quotes;
	sh = (struct ebb_chart_shares){EBB_CHART_MONTHS,   start, EBB_CHART_MAX_BARS, labels,
	                               EBB_CHART_MAX_CATS, counts};
	if (ebb_chart_shares(&b, &c, &sh, &err) != EBB_OK)
		fail_msg("shares: %s", err.msg);
	ebb_buf_reset(&b);
	bars.period = EBB_CHART_WEEKS;
	bars.start = start;
	bars.n = EBB_CHART_MAX_BARS;
	bars.series[0] = (struct ebb_chart_series){quotes, counts};
	bars.series[1] = (struct ebb_chart_series){quotes, counts + 1};
	bars.n_series = 2;
	bars.y_label = quotes;
	if (ebb_chart_bars(&b, &c, &bars, &err) != EBB_OK)
		fail_msg("bars: %s", err.msg);
	ebb_buf_reset(&b);
	hb = (struct ebb_chart_hbars){labels, counts, EBB_CHART_MAX_ROWS, quotes};
	if (ebb_chart_hbars(&b, &c, &hb, &err) != EBB_OK)
		fail_msg("hbars: %s", err.msg);
	ebb_buf_release(&b);
	ebb_waves_result_release(&r);
}

/* Bad input is refused and leaves the buffer as it was. */
static void test_invalid(void **state)
{
	double v[2] = {1, -1}, nanv[1] = {NAN};
	int64_t start[2] = {100, 107}, back[2] = {107, 100};
	const char *labels[1] = {"x"};
	struct ebb_chart_bars bars = {0};
	struct ebb_chart_hbars hb = {labels, nanv, 1, NULL};
	struct ebb_chart_waves wv = {NULL, NULL, 0, false, false};
	struct ebb_chart_panels pn = {0};
	struct ebb_chart c;
	struct ebb_error err;
	struct ebb_buf b;

	(void)state;
	ebb_buf_init(&b, EBB_CHART_MAX_BYTES);
	assert_int_equal(ebb_buf_adds(&b, "<p>before</p>", &err), EBB_OK);
	ebb_chart_init(&c, "Bars");
	bars.period = EBB_CHART_WEEKS;
	bars.start = start;
	bars.n = 2;
	bars.series[0] = (struct ebb_chart_series){"felt", v};
	bars.n_series = 1;
	assert_int_equal(ebb_chart_bars(&b, &c, &bars, &err), EBB_ERR_INVALID); /* -1 */
	v[1] = 1;
	bars.start = back;
	assert_int_equal(ebb_chart_bars(&b, &c, &bars, &err), EBB_ERR_INVALID); /* order */
	bars.start = start;
	bars.n_series = 3;
	assert_int_equal(ebb_chart_bars(&b, &c, &bars, &err), EBB_ERR_INVALID);
	bars.n_series = 1;
	assert_int_equal(ebb_chart_hbars(&b, &c, &hb, &err), EBB_ERR_INVALID);  /* NAN */
	assert_int_equal(ebb_chart_panels(&b, &c, &pn, &err), EBB_ERR_INVALID); /* no panels */
	c.title = "";
	assert_int_equal(ebb_chart_waves(&b, &c, &wv, &err), EBB_ERR_INVALID);
	c.title = NULL;
	assert_int_equal(ebb_chart_waves(&b, &c, &wv, &err), EBB_ERR_INVALID);
	c.title = "Bars";
	c.id = "1abc";
	assert_int_equal(ebb_chart_waves(&b, &c, &wv, &err), EBB_ERR_INVALID);
	c.id = "a\"b";
	assert_int_equal(ebb_chart_waves(&b, &c, &wv, &err), EBB_ERR_INVALID);
	c.id = "ok-id_2";
	c.width = 100;
	assert_int_equal(ebb_chart_waves(&b, &c, &wv, &err), EBB_ERR_INVALID);
	c.width = 0; /* the default */
	assert_int_equal(ebb_chart_bars(&b, &c, &bars, &err), EBB_OK);
	assert_int_equal(strncmp(b.data, "<p>before</p><svg ", 18), 0);
	assert_contains(b.data, "viewBox=\"0 0 720 ");
	ebb_buf_release(&b);
}

/* A chart larger than the cap fails cleanly and leaves the buffer as it
 * was. */
static void test_cap(void **state)
{
	struct ebb_waves_result r;
	struct ebb_chart c;
	struct ebb_chart_waves in;
	struct ebb_error err;
	struct ebb_buf b;

	(void)state;
	sample_waves(&r);
	in = (struct ebb_chart_waves){&r, NULL, 0, true, true};
	ebb_chart_init(&c, "Waves");
	ebb_buf_init(&b, 4000);
	assert_int_equal(ebb_buf_adds(&b, "kept", &err), EBB_OK);
	assert_int_equal(ebb_chart_waves(&b, &c, &in, &err), EBB_ERR_INVALID);
	assert_string_equal(b.data, "kept");
	assert_contains(err.msg, "the chart is too large");
	ebb_buf_release(&b);
	ebb_waves_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_waves_chart),
	    cmocka_unit_test(test_waves_gap_breaks_line),
	    cmocka_unit_test(test_waves_empty),
	    cmocka_unit_test(test_waves_single_day),
	    cmocka_unit_test(test_waves_ten_years),
	    cmocka_unit_test(test_bars),
	    cmocka_unit_test(test_shares),
	    cmocka_unit_test(test_hbars),
	    cmocka_unit_test(test_panels),
	    cmocka_unit_test(test_escaping_everywhere),
	    cmocka_unit_test(test_locale_independent),
	    cmocka_unit_test(test_fixed_colours),
	    cmocka_unit_test(test_random_labels),
	    cmocka_unit_test(test_panels_huge_span),
	    cmocka_unit_test(test_worst_case_fits),
	    cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
