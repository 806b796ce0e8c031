/*
 * test_web_home.c — unit tests for src/web/home.c: the home screen's HTML,
 * made from the object `ebb today --json` prints (view.h).
 *
 * What a person would notice if these broke: a hard date's label, a
 * prompt or anything else they wrote running as script in the page (or
 * breaking it), a check-in shown at the wrong hour or on the wrong day,
 * "1 days ago", the day they left counted the wrong way or its form
 * missing when it is not set, a contact said to be theirs when it was the
 * other person's, urges with what they did about them miscounted, a hard
 * date tomorrow shown as today, the nudge to check in after they already
 * did, words written while locked not mentioned, a blank page (or a
 * crash) when an answer is too big or a member is missing, and a layout
 * broken by a tag left open.
 *
 * Every page made here is also checked for markup: each tag closed in
 * order, no block inside a <p>, every '&' an entity, no bare '<' or '>'.
 * Objects are built from string literals with json_loads. TZ is UTC
 * (main sets it too, for a run outside ctest) except where a test says.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "crypto.h"
#include "web_impl.h"

/* `ebb today --json` as a person 180 days out might see it. */
static const char BASE[] =
    "{\"checked_in_today\":false,"
    "\"healing\":{"
    "\"checkins\":[{\"at\":\"2026-11-26T22:37:59+00:00\",\"body\":{\"feelings\":[\"relief\","
    "\"hope\"],\"grieving\":[\"investment\"],\"intensity\":4},\"id\":\"01a2\",\"kind\":"
    "\"checkin\",\"rev\":1}],"
    "\"hard_dates\":[],"
    "\"prompt\":{\"id\":\"letter-6\",\"kind\":\"letter\",\"text\":\"Write a letter you will "
    "not send.\"},"
    "\"signs\":{\"at\":\"2026-11-22T19:04:07+00:00\",\"body\":{\"ratings\":[3,3,3,2]},\"id\":"
    "\"01b3\",\"kind\":\"signs\",\"rev\":1}},"
    "\"letting_go\":{\"days_since_left\":180,"
    "\"last_contact\":{\"at\":\"2026-08-14T17:27:55+00:00\",\"by\":\"them\",\"days_since\":105,"
    "\"id\":\"01c4\"},"
    "\"left_on\":\"2026-05-31\","
    "\"urges\":{\"acted_on\":0,\"did\":{\"breathed\":0,\"not_noted\":0,\"other\":0,"
    "\"reached-out\":0,\"waited\":0,\"wrote\":0},\"from\":\"2026-11-21\",\"let_pass\":0,"
    "\"to\":\"2026-11-27\",\"total\":0}},"
    "\"today\":\"2026-11-27\"}";

/* A hard date as view.c writes one; in_days and label are the tests'. */
#define HARD_DATE(label, in_days)                                                                  \
	"[{\"id\":\"01d5\",\"label\":" label ",\"date\":\"2026-02-14\",\"yearly\":true,"           \
	"\"next\":\"2027-02-14\",\"in_days\":" in_days "}]"

/* Text from the vault that would run, or break the page, if written raw. */
static const char EVIL[] = "</script><script>alert(1)</script> <!-- & \"q\" 'a'";
static const char EVIL_ESCAPED[] = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; "
                                   "&lt;!-- &amp; &quot;q&quot; &#39;a&#39;";

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &e);

	if (j == NULL)
		fail_msg("bad test JSON at %d: %s\n%s", e.position, e.text, text);
	return j;
}

/* Sets the member at path ("healing/checkins/0/at": object keys and array
 * indexes with '/' between them) to v, which it takes. */
static void put(json_t *root, const char *path, json_t *v)
{
	json_t *at = root;
	char key[64];

	assert_non_null(v);
	for (;;) {
		const char *slash = strchr(path, '/');
		size_t n = slash ? (size_t)(slash - path) : strlen(path);

		assert_true(n > 0 && n < sizeof(key));
		memcpy(key, path, n);
		key[n] = '\0';
		if (slash == NULL)
			break;
		at = json_is_array(at) ? json_array_get(at, strtoul(key, NULL, 10))
		                       : json_object_get(at, key);
		if (at == NULL)
			fail_msg("no member %s in the test object", key);
		path = slash + 1;
	}
	if (json_is_array(at))
		assert_int_equal(json_array_set_new(at, strtoul(key, NULL, 10), v), 0);
	else
		assert_int_equal(json_object_set_new(at, key, v), 0);
}

/* put() with the value as a JSON literal. */
static void putj(json_t *root, const char *path, const char *literal)
{
	put(root, path, parse(literal));
}

static size_t count(const char *html, const char *s)
{
	size_t n = 0;

	for (const char *p = html; (p = strstr(p, s)) != NULL; p += strlen(s))
		n++;
	return n;
}

#define HAS(html, s)   has_((html), (s), true, __LINE__)
#define LACKS(html, s) has_((html), (s), false, __LINE__)

static void has_(const char *html, const char *s, bool want, int line)
{
	if ((strstr(html, s) != NULL) != want)
		fail_msg("line %d: the page %s \"%s\":\n%s", line, want ? "lacks" : "has", s, html);
}

static size_t entity(const char *p)
{
	static const char *const known[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;", NULL};

	for (size_t i = 0; known[i]; i++)
		if (strncmp(p, known[i], strlen(known[i])) == 0)
			return strlen(known[i]);
	return 0;
}

static bool listed(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* Every tag closed, in order; nothing a browser would close for us (a
 * block inside a <p>); every '&' an entity and no '<' or '>' that is not
 * part of a tag, in text and in attribute values alike. */
static void assert_well_formed(const char *html)
{
	static const char *const empty[] = {"input", "br", "hr", "img", "meta", NULL};
	static const char *const blocks[] = {"p",       "div",  "ul",      "ol",         "dl",
	                                     "section", "form", "details", "blockquote", "fieldset",
	                                     "h1",      "h2",   "h3",      "table",      NULL};
	char open[64][16];
	size_t depth = 0;
	const char *p = html;

	while (*p) {
		const char *name, *q;
		bool closing, quoted = false;
		char tag[16];
		size_t n = 0;

		if (*p == '&' && entity(p) == 0)
			fail_msg("a bare '&' at \"%.40s\" in:\n%s", p, html);
		if (*p == '>')
			fail_msg("a bare '>' at \"%.40s\" in:\n%s", p, html);
		if (*p != '<') {
			p++;
			continue;
		}
		closing = p[1] == '/';
		name = p + 1 + closing;
		while ((name[n] >= 'a' && name[n] <= 'z') ||
		       (n > 0 && name[n] >= '0' && name[n] <= '9'))
			n++;
		if (n == 0 || n >= sizeof(tag) || (name[n] != ' ' && name[n] != '>'))
			fail_msg("a '<' that starts no tag at \"%.40s\" in:\n%s", p, html);
		memcpy(tag, name, n);
		tag[n] = '\0';
		for (q = name + n; *q && (quoted || *q != '>'); q++) {
			if (*q == '"')
				quoted = !quoted;
			else if (*q == '<' || (*q == '&' && entity(q) == 0))
				fail_msg("a bare '%c' in the tag at \"%.60s\" in:\n%s", *q, p,
				         html);
			else if (closing && *q != ' ')
				fail_msg("a closing tag with more in it at \"%.40s\"", p);
		}
		if (*q != '>')
			fail_msg("a tag never ended at \"%.40s\" in:\n%s", p, html);
		if (closing) {
			if (depth == 0 || strcmp(open[depth - 1], tag) != 0)
				fail_msg("</%s> closes <%s> at \"%.40s\" in:\n%s", tag,
				         depth ? open[depth - 1] : "nothing", p, html);
			depth--;
		} else if (!listed(empty, tag)) {
			if (depth > 0 && strcmp(open[depth - 1], "p") == 0 && listed(blocks, tag))
				fail_msg("<%s> inside a <p> at \"%.40s\" in:\n%s", tag, p, html);
			assert_true(depth < sizeof(open) / sizeof(open[0]));
			memcpy(open[depth++], tag, n + 1);
		}
		p = q + 1;
	}
	if (depth > 0)
		fail_msg("<%s> never closed in:\n%s", open[depth - 1], html);
}

/* The page for j, checked for markup; the caller frees it. */
static char *render(const json_t *j, size_t queued)
{
	struct ebb_buf b;
	char *html;

	ebb_buf_init_secret(&b, WEB_HOME_MAX);
	assert_true(web_home_html(&b, j, queued));
	assert_int_equal(strlen(b.data), b.len);
	html = malloc(b.len + 1);
	assert_non_null(html);
	memcpy(html, b.data, b.len + 1);
	ebb_buf_release(&b);
	assert_well_formed(html);
	return html;
}

/* The page for the base object with one member set (path NULL: as it is). */
static char *render_with(const char *path, const char *literal, size_t queued)
{
	json_t *j = parse(BASE);
	char *html;

	if (path)
		putj(j, path, literal);
	html = render(j, queued);
	json_decref(j);
	return html;
}

/* ---------------------------------------------------------------------- */
/* Escaping                                                                */

static void vault_text_is_escaped(void **state)
{
	/* before: a member set first (NULL: none); path: the member that holds
	 * EVIL; times: how often the page shows it (text and attributes) */
	static const struct {
		const char *before, *before_value;
		const char *path;
		size_t times;
	} cases[] = {
	    {NULL, NULL, "today", 1},
	    /* the day you left not set: the form's max is today too */
	    {"letting_go/days_since_left", "null", "today", 2},
	    {NULL, NULL, "letting_go/left_on", 1},
	    {"letting_go/days_since_left", "0", "letting_go/left_on", 1},
	    {"letting_go/days_since_left", "-5", "letting_go/left_on", 1},
	    /* in the time's datetime and as its text */
	    {NULL, NULL, "healing/checkins/0/at", 2},
	    {NULL, NULL, "healing/checkins/0/body/feelings/1", 1},
	    {NULL, NULL, "healing/signs/at", 1},
	    {NULL, NULL, "healing/prompt/text", 1},
	    /* in data-prompt-id; the link has it percent-encoded */
	    {NULL, NULL, "healing/prompt/id", 1},
	    /* in data-prompt-kind and the heading */
	    {NULL, NULL, "healing/prompt/kind", 2},
	    {"healing/hard_dates", HARD_DATE("\"x\"", "3"), "healing/hard_dates/0/label", 1},
	    {"healing/hard_dates", HARD_DATE("\"x\"", "0"), "healing/hard_dates/0/label", 1},
	    {"healing/hard_dates", HARD_DATE("\"x\"", "1"), "healing/hard_dates/0/next", 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *j = parse(BASE);
		char *html;

		if (cases[i].before)
			putj(j, cases[i].before, cases[i].before_value);
		put(j, cases[i].path, json_string(EVIL));
		html = render(j, 0);
		LACKS(html, "<script");
		LACKS(html, "alert(1)</script>");
		LACKS(html, "<!--");
		LACKS(html, "\"q\"");
		LACKS(html, "'a'");
		if (count(html, EVIL_ESCAPED) != cases[i].times)
			fail_msg("%s: escaped %zu times, not %zu:\n%s", cases[i].path,
			         count(html, EVIL_ESCAPED), cases[i].times, html);
		free(html);
		json_decref(j);
	}
}

static void prompt_link_is_percent_encoded(void **state)
{
	json_t *j = parse(BASE);
	char *html;

	(void)state;
	/* a known kind: its words in the heading, its name in the link */
	html = render(j, 0);
	HAS(html, "<h3>A prompt for today (an unsent letter)</h3>");
	HAS(html, "<blockquote><p>Write a letter you will not send.</p></blockquote>");
	HAS(html, "data-prompt-id=\"letter-6\" data-prompt-kind=\"letter\"");
	HAS(html, "href=\"#/write?kind=letter&amp;prompt=letter-6\"");
	free(html);

	putj(j, "healing/prompt/kind", "\"a b&c\"");
	putj(j, "healing/prompt/id", "\"x/y?z=1#f caf\\u00e9-_.~\"");
	html = render(j, 0);
	HAS(html, "href=\"#/write?kind=a%20b%26c&amp;prompt=x%2Fy%3Fz%3D1%23f%20caf%C3%A9-_.~\"");
	HAS(html, "data-prompt-kind=\"a b&amp;c\"");
	free(html);

	put(j, "healing/prompt/kind", json_string(EVIL));
	put(j, "healing/prompt/id", json_string(EVIL));
	html = render(j, 0);
	HAS(html, "kind=%3C%2Fscript%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%20%3C%21--%20%26%20%"
	          "22q%22%20%27a%27&amp;prompt=%3C%2Fscript%3E");
	free(html);

	/* no prompt: no prompt box */
	json_object_del(json_object_get(j, "healing"), "prompt");
	html = render(j, 0);
	LACKS(html, "prompt-of-day");
	LACKS(html, "#/write");
	free(html);
	json_decref(j);
}

/* ---------------------------------------------------------------------- */
/* Words and dates                                                         */

static void dates_as_words(void **state)
{
	static const struct {
		const char *today, *lede;
	} ledes[] = {
	    {"\"2026-11-27\"", "<p class=\"lede\">Fri 27 Nov 2026.</p>"},
	    {"\"2024-02-29\"", "<p class=\"lede\">Thu 29 Feb 2024.</p>"},
	    {"\"2000-01-01\"", "<p class=\"lede\">Sat 1 Jan 2000.</p>"},
	    /* a day before 1970: a negative day number */
	    {"\"1969-12-31\"", "<p class=\"lede\">Wed 31 Dec 1969.</p>"},
	    /* not a date: as it is */
	    {"\"27/11/2026\"", "<p class=\"lede\">27/11/2026.</p>"},
	};
	char *html;

	(void)state;
	for (size_t i = 0; i < sizeof(ledes) / sizeof(ledes[0]); i++) {
		html = render_with("today", ledes[i].today, 0);
		HAS(html, ledes[i].lede);
		free(html);
	}

	html = render_with(NULL, NULL, 0);
	HAS(html, "<time datetime=\"2026-11-26T22:37:59+00:00\">Thu 26 Nov, 22:37</time>");
	HAS(html, "<span class=\"intensity\">4/10</span>");
	HAS(html, "<span class=\"feelings\">relief, hope</span>");
	HAS(html, "Rated Sun 22 Nov 2026, from 0 (not at all) to 4 (very much):");
	HAS(html, "3 of 4: I can think of them without falling apart");
	HAS(html, "3 of 4: the need to explain myself has faded");
	HAS(html, "3 of 4: the lessons feel clearer than the loss");
	HAS(html, "2 of 4: I trust myself more");
	HAS(html, "pips-2");
	HAS(html, "See the waves in your check-ins");
	free(html);

	/* an offset other than UTC's: shown at the UTC (local) hour and day */
	html = render_with("healing/checkins/0/at", "\"2026-11-26T23:30:00-02:00\"", 0);
	HAS(html, "Fri 27 Nov, 01:30</time>");
	free(html);

	/* a feeling not in the list: by its key; none: no feelings at all */
	html = render_with("healing/checkins/0/body/feelings", "[\"relief\", \"wistful\"]", 0);
	HAS(html, "<span class=\"feelings\">relief, wistful</span>");
	free(html);
	html = render_with("healing/checkins/0/body/feelings", "[]", 0);
	LACKS(html, "class=\"feelings\"");
	free(html);

	/* every check-in given, in the order given */
	html = render_with("healing/checkins",
	                   "[{\"at\":\"2026-11-27T08:05:00+00:00\",\"body\":{\"intensity\":7}},"
	                   "{\"at\":\"2026-11-25T20:00:00+00:00\",\"body\":{\"intensity\":0,"
	                   "\"feelings\":[\"calm\"]}}]",
	                   0);
	HAS(html, "Fri 27 Nov, 08:05</time><span class=\"intensity\">7/10</span></li>"
	          "<li><time datetime=\"2026-11-25T20:00:00+00:00\">Wed 25 Nov, 20:00</time>"
	          "<span class=\"intensity\">0/10</span><span class=\"feelings\">calm</span>");
	free(html);

	/* none yet; not rated yet */
	html = render_with("healing/checkins", "[]", 0);
	HAS(html, "None yet. A check-in takes ten seconds");
	LACKS(html, "<ul class=\"checkins\">");
	free(html);
	html = render_with("healing/signs", "null", 0);
	HAS(html, "Not rated yet.");
	LACKS(html, "Rated ");
	free(html);
}

static int utc(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static void dates_in_the_local_zone(void **state)
{
	char *html;

	(void)state;
	/* two hours west of UTC, as a POSIX TZ (no zoneinfo needed) */
	setenv("TZ", "EBT+2", 1);
	tzset();
	html = render_with(NULL, NULL, 0);
	HAS(html, "<time datetime=\"2026-11-26T22:37:59+00:00\">Thu 26 Nov, 20:37</time>");
	/* today is a calendar day: no zone moves it */
	HAS(html, "<p class=\"lede\">Fri 27 Nov 2026.</p>");
	free(html);

	html = render_with("healing/signs/at", "\"2026-11-23T01:00:00+00:00\"", 0);
	HAS(html, "Rated Sun 22 Nov 2026,");
	free(html);
}

/* ---------------------------------------------------------------------- */
/* Letting go                                                              */

static void the_day_you_left(void **state)
{
	static const struct {
		const char *days, *left_on, *want;
	} cases[] = {
	    {"0", "\"2026-11-27\"",
	     "<p class=\"big-line\" elementtiming=\"ebb-home\">You left today, 27 Nov 2026. "
	     "That was a decision, and it was yours.</p>"},
	    {"1", "\"2026-11-26\"", "1</span> day ago, on 26 Nov 2026.</p>"},
	    {"2", "\"2026-11-25\"", "2</span> days ago, on 25 Nov 2026.</p>"},
	    {"180", "\"2026-05-31\"",
	     "You left <span class=\"big-number\">180</span> days ago, on 31 May 2026.</p>"},
	    {"-1", "\"2026-11-28\"", "The day you leave: 28 Nov 2026, tomorrow.</p>"},
	    {"-5", "\"2026-12-02\"", "The day you leave: 2 Dec 2026, in 5 days.</p>"},
	};
	json_t *j = parse(BASE);
	char *html;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		putj(j, "letting_go/days_since_left", cases[i].days);
		putj(j, "letting_go/left_on", cases[i].left_on);
		html = render(j, 0);
		HAS(html, cases[i].want);
		LACKS(html, "data-home=\"left-on\"");
		LACKS(html, "not set");
		/* bench/web.sh times the page by it */
		assert_int_equal(count(html, "elementtiming=\"ebb-home\""), 1);
		free(html);
	}

	/* not set: said so, with the form to set it, no later than today */
	putj(j, "letting_go/days_since_left", "null");
	putj(j, "letting_go/left_on", "null");
	html = render(j, 0);
	HAS(html, "<p elementtiming=\"ebb-home\">The day you left: not set.</p>");
	HAS(html, "data-home=\"left-on\"");
	HAS(html, "type=\"date\" max=\"2026-11-27\"");
	LACKS(html, "You left");
	assert_int_equal(count(html, "elementtiming=\"ebb-home\""), 1);
	free(html);
	json_decref(j);
}

static void the_last_contact(void **state)
{
	static const struct {
		const char *contact, *want;
	} cases[] = {
	    {"null", "<p>Contact: no contact recorded.</p>"},
	    {"{\"by\":\"me\",\"days_since\":3}",
	     "<p>Last contact: 3 days ago (you reached out).</p>"},
	    {"{\"by\":\"them\",\"days_since\":105}",
	     "<p>Last contact: 105 days ago (they reached out).</p>"},
	    {"{\"by\":\"them\",\"days_since\":1}",
	     "<p>Last contact: yesterday (they reached out).</p>"},
	    {"{\"by\":\"me\",\"days_since\":0}", "<p>Last contact: today (you reached out).</p>"},
	    /* nobody named: nobody said to have reached out */
	    {"{\"days_since\":2}", "<p>Last contact: 2 days ago.</p>"},
	    {"{\"by\":\"someone\",\"days_since\":2}", "<p>Last contact: 2 days ago.</p>"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *html = render_with("letting_go/last_contact", cases[i].contact, 0);

		HAS(html, cases[i].want);
		/* the form to note one is always there */
		HAS(html, "data-home=\"contact\"");
		free(html);
	}
}

static void urges_this_week(void **state)
{
	char *html;

	(void)state;
	html = render_with(NULL, NULL, 0);
	HAS(html, "<h3>Urges in the last 7 days</h3><p>None noted.</p>");
	LACKS(html, "tally");
	HAS(html, "A feeling is not an instruction");
	free(html);

	html =
	    render_with("letting_go/urges",
	                "{\"acted_on\":1,\"did\":{\"breathed\":0,\"not_noted\":1,\"other\":0,"
	                "\"reached-out\":0,\"waited\":2,\"wrote\":0},\"let_pass\":2,\"total\":3}",
	                0);
	HAS(html, "<dl class=\"tally\"><dt>felt</dt><dd>3</dd><dt>let pass</dt><dd>2</dd>"
	          "<dt>acted on</dt><dd>1</dd></dl>");
	HAS(html, "<ul class=\"plain-list small\"><li>2  I waited until it eased</li>"
	          "<li>1  nothing noted about it</li></ul>");
	LACKS(html, "None noted.");
	/* what nobody did is not listed */
	LACKS(html, "I wrote it down instead");
	LACKS(html, "I breathed through it");
	free(html);

	/* every way, each by its words from vocab.c */
	html =
	    render_with("letting_go/urges",
	                "{\"acted_on\":1,\"did\":{\"breathed\":1,\"not_noted\":0,\"other\":1,"
	                "\"reached-out\":1,\"waited\":1,\"wrote\":1},\"let_pass\":4,\"total\":5}",
	                0);
	HAS(html, "<li>1  I waited until it eased</li><li>1  I wrote it down instead</li>"
	          "<li>1  I breathed through it</li><li>1  I reached out to them</li>"
	          "<li>1  something else</li></ul>");
	LACKS(html, "nothing noted");
	free(html);

	/* felt, with nothing about what was done: the tally alone */
	html = render_with("letting_go/urges", "{\"acted_on\":0,\"let_pass\":0,\"total\":2}", 0);
	HAS(html, "<dt>felt</dt><dd>2</dd>");
	LACKS(html, "plain-list small");
	free(html);
}

/* ---------------------------------------------------------------------- */
/* Healing: hard dates                                                     */

static void hard_dates(void **state)
{
	static const struct {
		const char *dates, *want;
	} cases[] = {
	    {HARD_DATE("\"the day we met\"", "0"), "<li>Today: the day we met.</li>"},
	    {HARD_DATE("\"the day we met\"", "1"),
	     "<li>The day we met is tomorrow (14 Feb 2027).</li>"},
	    {HARD_DATE("\"the day we met\"", "3"),
	     "<li>The day we met is in 3 days (14 Feb 2027).</li>"},
	    {HARD_DATE("\"\"", "0"), "<li>Today: a hard date.</li>"},
	    {HARD_DATE("\"\"", "3"), "<li>A hard date is in 3 days (14 Feb 2027).</li>"},
	    {HARD_DATE("null", "1"), "<li>A hard date is tomorrow (14 Feb 2027).</li>"},
	    /* a label starting with something other than a letter stays as it is */
	    {HARD_DATE("\"\\u00e9t\\u00e9 2019\"", "2"), "<li>\xc3\xa9t\xc3\xa9 2019 is in 2 days"},
	};
	char *html;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		html = render_with("healing/hard_dates", cases[i].dates, 0);
		HAS(html, cases[i].want);
		HAS(html, "Hard days are allowed to be hard.");
		LACKS(html, "No hard dates in the next 7 days.");
		free(html);
	}

	/* several, in the order given */
	html = render_with("healing/hard_dates",
	                   "[{\"label\":\"her birthday\",\"next\":\"2026-11-27\",\"in_days\":0},"
	                   "{\"label\":\"our anniversary\",\"next\":\"2026-12-03\",\"in_days\":6}]",
	                   0);
	HAS(html,
	    "<li>Today: her birthday.</li><li>Our anniversary is in 6 days (3 Dec 2026).</li>");
	free(html);

	html = render_with(NULL, NULL, 0);
	HAS(html, "No hard dates in the next 7 days.");
	LACKS(html, "Hard days are allowed to be hard.");
	free(html);
}

/* ---------------------------------------------------------------------- */
/* The top and the foot                                                    */

static void nudge_and_queued(void **state)
{
	static const char nudge[] = "No check-in yet today";
	char *html;

	(void)state;
	html = render_with("checked_in_today", "true", 0);
	LACKS(html, nudge);
	LACKS(html, "written while locked");
	/* the urge button is always there */
	HAS(html, "data-home=\"urge\"");
	free(html);

	html = render_with("checked_in_today", "false", 1);
	HAS(html, nudge);
	HAS(html, "<p class=\"hint\">1 thing written while locked will join the rest at the next "
	          "unlock.</p>");
	free(html);

	html = render_with(NULL, NULL, 2);
	HAS(html, "2 things written while locked");
	free(html);

	html = render_with(NULL, NULL, 0);
	LACKS(html, "written while locked");
	free(html);
}

/* ---------------------------------------------------------------------- */
/* Robustness                                                              */

static void too_small_a_buffer_fails_cleanly(void **state)
{
	json_t *j = parse(BASE);
	struct ebb_buf b;
	char *full;
	size_t len;

	(void)state;
	putj(j, "healing/hard_dates", HARD_DATE("\"the day we met\"", "3"));
	putj(j, "letting_go/urges",
	     "{\"acted_on\":1,\"did\":{\"waited\":2,\"not_noted\":1},\"let_pass\":2,\"total\":3}");

	ebb_buf_init_secret(&b, 100);
	assert_false(web_home_html(&b, j, 1));
	assert_true(b.len <= 100);
	assert_int_equal(strlen(b.data), b.len);
	ebb_buf_release(&b);

	/* cut off at every byte: false, the buffer within its cap and a C
	 * string; with exactly enough room: true and the whole page */
	full = render(j, 1);
	len = strlen(full);
	for (size_t max = 0; max < len; max++) {
		ebb_buf_init_secret(&b, max);
		if (web_home_html(&b, j, 1))
			fail_msg("true with room for %zu of %zu bytes", max, len);
		assert_true(b.len <= max);
		assert_int_equal(strlen(b.data), b.len);
		ebb_buf_release(&b);
	}
	ebb_buf_init_secret(&b, len);
	assert_true(web_home_html(&b, j, 1));
	assert_string_equal(b.data, full);
	ebb_buf_release(&b);
	free(full);
	json_decref(j);
}

static void missing_or_wrong_members(void **state)
{
	static const char *const odd[] = {
	    "[]",
	    "null",
	    "{\"today\":27,\"checked_in_today\":\"yes\",\"letting_go\":[1,2],\"healing\":\"x\"}",
	    "{\"letting_go\":{\"days_since_left\":\"180\",\"last_contact\":{},\"urges\":{"
	    "\"total\":\"3\",\"did\":[]}},\"healing\":{\"checkins\":{\"at\":1},\"signs\":[]}}",
	    "{\"letting_go\":{\"days_since_left\":3,\"urges\":{\"total\":4,\"did\":{\"waited\":"
	    "\"2\"}}},\"healing\":{\"checkins\":[1,{},{\"at\":5,\"body\":{\"feelings\":[1,null,"
	    "{}],\"intensity\":\"4\"}}],\"signs\":{\"body\":{\"ratings\":[9,-1,\"x\",2,3,4]}},"
	    "\"prompt\":{\"kind\":5},\"hard_dates\":[1,\"x\",{},{\"label\":7,\"in_days\":2}]}}",
	};
	char *html;
	json_t *j;

	(void)state;
	/* an empty object: every part says it has nothing yet */
	j = parse("{}");
	html = render(j, 0);
	HAS(html, "The day you left: not set.");
	HAS(html, "Contact: no contact recorded.");
	HAS(html, "None noted.");
	HAS(html, "None yet.");
	HAS(html, "Not rated yet.");
	HAS(html, "No hard dates in the next 7 days.");
	HAS(html, "No check-in yet today");
	LACKS(html, "prompt-of-day");
	free(html);
	json_decref(j);

	html = render(NULL, 0);
	HAS(html, "Not rated yet.");
	free(html);

	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		j = parse(odd[i]);
		free(render(j, 3));
		json_decref(j);
	}
}

/* The counts a reader of the markup would check first, on pages with
 * every part full and every part empty. (render() checks the nesting.) */
static void markup_is_balanced(void **state)
{
	static const char *const pages[][2] = {
	    {NULL, NULL},
	    {"letting_go/days_since_left", "null"},
	    {"letting_go/days_since_left", "-5"},
	    {"letting_go/urges", "{\"acted_on\":1,\"did\":{\"waited\":2,\"not_noted\":1},"
	                         "\"let_pass\":2,\"total\":3}"},
	    {"healing/hard_dates", HARD_DATE("\"the day we met\"", "3")},
	    {"healing", "{}"},
	    {"letting_go", "{}"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		char *html = render_with(pages[i][0], pages[i][1], i);

		assert_int_equal(count(html, "<section"), 2);
		assert_int_equal(count(html, "<section"), count(html, "</section>"));
		assert_int_equal(count(html, "<div"), count(html, "</div>"));
		assert_int_equal(count(html, "<ul"), count(html, "</ul>"));
		assert_int_equal(count(html, "<li"), count(html, "</li>"));
		assert_int_equal(count(html, "<p>") + count(html, "<p "), count(html, "</p>"));
		assert_int_equal(count(html, "<form"), count(html, "</form>"));
		assert_int_equal(count(html, "<a "), count(html, "</a>"));
		free(html);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(vault_text_is_escaped),
	    cmocka_unit_test(prompt_link_is_percent_encoded),
	    cmocka_unit_test(dates_as_words),
	    cmocka_unit_test_teardown(dates_in_the_local_zone, utc),
	    cmocka_unit_test(the_day_you_left),
	    cmocka_unit_test(the_last_contact),
	    cmocka_unit_test(urges_this_week),
	    cmocka_unit_test(hard_dates),
	    cmocka_unit_test(nudge_and_queued),
	    cmocka_unit_test(too_small_a_buffer_fails_cleanly),
	    cmocka_unit_test(missing_or_wrong_members),
	    cmocka_unit_test(markup_is_balanced),
	};
	struct ebb_error err = {0};

	utc(NULL);
	if (ebb_crypto_init(&err) != EBB_OK) {
		fprintf(stderr, "ebb_crypto_init: %s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests_name("web_home", tests, NULL, NULL);
}
