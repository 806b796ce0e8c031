/*
 * home.c — the home screen as HTML: `ebb today`'s object (view.h) laid
 * out in two halves, letting go and healing, with the forms that note a
 * contact and the day you left. It is the page's only home screen: the
 * server writes it into the page at / (so the first frame needs no
 * script) and answers GET /api/home with it; screen-home.js inserts it
 * and wires up its buttons and forms (the data-home attributes).
 *
 * Everything from the vault is escaped for HTML text or a quoted
 * attribute; the rest is our own words. Dates are written as words.js
 * writes them ("Thu 26 Nov, 22:37") in the local time zone, which is the
 * browser's too: ebb serve and the browser run on the same computer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "say.h"
#include "vocab.h"
#include "web_impl.h"
#include "when.h"

struct out {
	struct ebb_buf *b;
	bool ok; /* false after the first failed append: the rest is skipped */
};

/* Our own markup and words, as they are. */
static void raw(struct out *o, const char *s)
{
	o->ok = o->ok && ebb_buf_adds(o->b, s, NULL) == EBB_OK;
}

static void rawf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rawf(struct out *o, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	o->ok =
	    o->ok && n >= 0 && (size_t)n < sizeof(line) && ebb_buf_adds(o->b, line, NULL) == EBB_OK;
}

/* Text from the vault: safe in element content and in a quoted attribute. */
static void esc(struct out *o, const char *s)
{
	const char *run = s;

	for (; o->ok && *s; s++) {
		const char *e = NULL;

		switch (*s) {
		case '&':
			e = "&amp;";
			break;
		case '<':
			e = "&lt;";
			break;
		case '>':
			e = "&gt;";
			break;
		case '"':
			e = "&quot;";
			break;
		case '\'':
			e = "&#39;";
			break;
		default:
			continue;
		}
		o->ok = ebb_buf_add(o->b, run, (size_t)(s - run), NULL) == EBB_OK &&
		        ebb_buf_adds(o->b, e, NULL) == EBB_OK;
		run = s + 1;
	}
	o->ok = o->ok && ebb_buf_adds(o->b, run, NULL) == EBB_OK;
}

/* Text with its first letter a capital (ASCII), as dom.js's capital(). */
static void esc_capital(struct out *o, const char *s)
{
	char first[2] = {s[0], '\0'};

	if (first[0] >= 'a' && first[0] <= 'z')
		first[0] = (char)(first[0] - 'a' + 'A');
	esc(o, first);
	if (s[0])
		esc(o, s + 1);
}

/* A query value: everything but letters, digits and -_.~ as %XX. */
static void esc_query(struct out *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; o->ok && *s; s++) {
		unsigned char c = (unsigned char)*s;
		char one[4] = {(char)c, '\0'};

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.' || c == '~')) {
			one[0] = '%';
			one[1] = hex[c >> 4];
			one[2] = hex[c & 15];
			one[3] = '\0';
		}
		raw(o, one);
	}
}

static const char *label(const struct ebb_word *list, const char *key)
{
	const struct ebb_word *w = key ? ebb_word_find(list, key) : NULL;

	return w ? w->label : key ? key : "";
}

/* ---- dates, as words.js writes them ----------------------------------------- */

static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const DAYS[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

/* "27 Nov 2026" (or "27 Nov") for "2026-11-27"; anything else as it is. */
static void day_words(struct out *o, const char *ymd, bool year)
{
	int64_t z, y;
	int m, d;

	if (!ebb_date_parse(ymd, &z) == EBB_OK) {
		esc(o, ymd ? ymd : "");
		return;
	}
	ebb_civil_from_days(z, &y, &m, &d);
	rawf(o, "%d %s", d, MONTHS[m - 1]);
	if (year)
		rawf(o, " %lld", (long long)y);
}

/* "Fri 27 Nov 2026" for the local day z. */
static void weekday_words(struct out *o, int64_t z, bool year)
{
	int64_t y;
	int m, d;

	ebb_civil_from_days(z, &y, &m, &d);
	rawf(o, "%s %d %s", DAYS[((z % 7) + 11) % 7], d, MONTHS[m - 1]);
	if (year)
		rawf(o, " %lld", (long long)y);
}

/* "Thu 26 Nov 2026, 22:37" for a record's "at", in local time; words.js's
 * when(). Text that is not a time is written as it is. */
static void when_words(struct out *o, const char *at, bool time, bool year)
{
	struct ebb_error err = {0};
	struct ebb_when w;
	int32_t offset;
	int64_t z, secs;

	if (at == NULL || ebb_when_parse(&w, at, 0, 0, &err) != EBB_OK) {
		esc(o, at ? at : "");
		return;
	}
	offset = ebb_when_local_offset(w.at);
	z = ebb_date_local_day(w.at, offset);
	secs = w.at + offset - z * 86400;
	weekday_words(o, z, year);
	if (time)
		rawf(o, ", %02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60));
}

/* "today", "yesterday", "3 days ago"; ahead: "tomorrow", "in 3 days". */
static void days_ago(struct out *o, json_int_t days)
{
	char words[32];

	raw(o, ebb_say_days_ago(words, days));
}

static const char *str(const json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}

static json_int_t num(const json_t *j, const char *key)
{
	return json_integer_value(json_object_get(j, key));
}

/* ---- forms --------------------------------------------------------------------- */
/*
 * screen-home.js sends these. method="post": sent before it has taken a
 * form over (or with scripts off), what was typed never lands in the
 * address bar or the history, as a GET form's fields would; the server
 * refuses a POST to / (405) and keeps nothing.
 */

/* Noting a contact that happened (kind contact); screen-home.js sends it. */
static void contact_form(struct out *o)
{
	raw(o,
	    "<details class=\"disclosure\"><summary>Note a contact that happened</summary>"
	    "<form class=\"stack\" method=\"post\" novalidate data-home=\"contact\">"
	    "<p class=\"hint\">Some people can't or don't go no-contact, and that is nobody's "
	    "verdict to give.</p>"
	    "<fieldset class=\"field\"><legend>Who reached out?</legend><div class=\"choices\">"
	    "<div class=\"choice\"><input type=\"radio\" name=\"home-by\" id=\"home-by-me\" "
	    "value=\"me\"><label for=\"home-by-me\">I did</label></div>"
	    "<div class=\"choice\"><input type=\"radio\" name=\"home-by\" id=\"home-by-them\" "
	    "value=\"them\"><label for=\"home-by-them\">They did</label></div>"
	    "</div></fieldset>"
	    "<div class=\"field\"><label for=\"home-contact-note\">A few words about it"
	    "<span class=\"optional\"> (optional)</span></label><textarea id=\"home-contact-note\" "
	    "name=\"note\" autocomplete=\"off\" rows=\"2\"></textarea></div>"
	    "<button type=\"submit\" class=\"secondary\">Note this contact</button>"
	    "<div class=\"msg\" role=\"status\"></div></form></details>");
}

/* The day you left, when it is not set yet. */
static void left_on_form(struct out *o, const char *today)
{
	raw(o, "<form class=\"inline-form\" method=\"post\" novalidate data-home=\"left-on\"><div "
	       "class=\"field\">"
	       "<label for=\"home-left-on\">The day you left</label><input id=\"home-left-on\" "
	       "name=\"left_on\" autocomplete=\"off\" required type=\"date\" max=\"");
	esc(o, today);
	raw(o, "\"></div><button type=\"submit\" class=\"secondary\">Keep this date</button>"
	       "<div class=\"msg\" role=\"status\"></div></form>");
}

/* ---- the two halves --------------------------------------------------------------- */

static void letting_go(struct out *o, const json_t *lg, const char *today)
{
	const json_t *days = json_object_get(lg, "days_since_left");
	const json_t *c = json_object_get(lg, "last_contact");
	const json_t *u = json_object_get(lg, "urges");
	const json_t *did = json_object_get(u, "did");
	const char *left_on = str(lg, "left_on");
	json_int_t n;

	raw(o, "<section class=\"card half\" aria-labelledby=\"h-letting-go\">"
	       "<h2 id=\"h-letting-go\">Letting go</h2>"
	       "<p class=\"half-about\">What you did: the leaving, the contact, the urges.</p>");
	/* the day you left; elementtiming: when the page's first numbers were
	 * painted (bench/web.sh reads it) */
	if (!json_is_integer(days)) {
		raw(o, "<p elementtiming=\"ebb-home\">The day you left: not set.</p>");
		left_on_form(o, today);
	} else if ((n = json_integer_value(days)) == 0) {
		raw(o, "<p class=\"big-line\" elementtiming=\"ebb-home\">You left today, ");
		day_words(o, left_on, true);
		raw(o, ". That was a decision, and it was yours.</p>");
	} else if (n > 0) {
		rawf(o,
		     "<p class=\"big-line\" elementtiming=\"ebb-home\">You left <span "
		     "class=\"big-number\">%lld</span> %s ago, on ",
		     (long long)n, n == 1 ? "day" : "days");
		day_words(o, left_on, true);
		raw(o, ".</p>");
	} else {
		raw(o, "<p elementtiming=\"ebb-home\">The day you leave: ");
		day_words(o, left_on, true);
		raw(o, ", ");
		days_ago(o, n);
		raw(o, ".</p>");
	}

	/* contact */
	if (!json_is_object(c)) {
		raw(o, "<p>Contact: no contact recorded.</p>");
	} else {
		const char *by = str(c, "by");

		raw(o, "<p>Last contact: ");
		days_ago(o, num(c, "days_since"));
		if (by && strcmp(by, "me") == 0)
			raw(o, " (you reached out)");
		else if (by && strcmp(by, "them") == 0)
			raw(o, " (they reached out)");
		raw(o, ".</p>");
	}
	contact_form(o);

	/* urges this week */
	raw(o, "<div class=\"urge-week\"><h3>Urges in the last 7 days</h3>");
	if (num(u, "total") == 0) {
		raw(o, "<p>None noted.</p>");
	} else {
		bool any = false;

		rawf(o,
		     "<dl class=\"tally\"><dt>felt</dt><dd>%lld</dd><dt>let pass</dt><dd>%lld</dd>"
		     "<dt>acted on</dt><dd>%lld</dd></dl>",
		     (long long)num(u, "total"), (long long)num(u, "let_pass"),
		     (long long)num(u, "acted_on"));
		for (const struct ebb_word *w = ebb_urge_did; w->name; w++) {
			if ((n = num(did, w->name)) == 0)
				continue;
			raw(o, any ? "" : "<ul class=\"plain-list small\">");
			any = true;
			rawf(o, "<li>%lld  ", (long long)n);
			esc(o, w->label);
			raw(o, "</li>");
		}
		if ((n = num(did, "not_noted")) != 0) {
			raw(o, any ? "" : "<ul class=\"plain-list small\">");
			any = true;
			rawf(o, "<li>%lld  nothing noted about it</li>", (long long)n);
		}
		raw(o, any ? "</ul>" : "");
	}
	raw(o, "<p class=\"hint\">Felt and acted on are counted apart, and neither is judged. "
	       "A feeling is not an instruction: it can be here, strong, and still pass without "
	       "you doing what it asks.</p></div></section>");
}

static void checkin_line(struct out *o, const json_t *r)
{
	const json_t *body = json_object_get(r, "body");
	const json_t *feelings = json_object_get(body, "feelings");
	const json_t *f;
	size_t i;

	raw(o, "<li><time datetime=\"");
	esc(o, str(r, "at") ? str(r, "at") : "");
	raw(o, "\">");
	when_words(o, str(r, "at"), true, false);
	rawf(o, "</time><span class=\"intensity\">%lld/10</span>",
	     (long long)num(body, "intensity"));
	if (json_array_size(feelings) > 0) {
		raw(o, "<span class=\"feelings\">");
		json_array_foreach(feelings, i, f)
		{
			raw(o, i ? ", " : "");
			esc(o, label(ebb_feelings, json_string_value(f)));
		}
		raw(o, "</span>");
	}
	raw(o, "</li>");
}

static void healing(struct out *o, const json_t *he)
{
	const json_t *checkins = json_object_get(he, "checkins");
	const json_t *signs = json_object_get(he, "signs");
	const json_t *prompt = json_object_get(he, "prompt");
	const json_t *dates = json_object_get(he, "hard_dates");
	const json_t *x;
	size_t i;

	raw(o, "<section class=\"card half\" aria-labelledby=\"h-healing\">"
	       "<h2 id=\"h-healing\">Healing</h2>"
	       "<p class=\"half-about\">How it feels: slower, and in waves.</p>");

	/* check-ins */
	raw(o, "<div><h3>Latest check-ins</h3>");
	if (json_array_size(checkins) == 0) {
		raw(o, "<p>None yet. A check-in takes ten seconds: <a href=\"#/checkin\">check "
		       "in</a>.</p>");
	} else {
		raw(o, "<ul class=\"checkins\">");
		json_array_foreach(checkins, i, x) checkin_line(o, x);
		raw(o, "</ul><p><a href=\"#/waves\">See the waves in your check-ins</a></p>");
	}
	raw(o, "</div>");

	/* signs */
	raw(o, "<div><h3>Signs of healing</h3>");
	if (!json_is_object(signs)) {
		raw(o, "<p>Not rated yet. <a href=\"#/signs\">Rate the four signs</a>, from 0 (not "
		       "at all) to 4 (very much).</p>");
	} else {
		const json_t *ratings = json_object_get(json_object_get(signs, "body"), "ratings");
		size_t count = ebb_word_count(ebb_signs);

		raw(o, "<p class=\"hint\">Rated ");
		when_words(o, str(signs, "at"), false, true);
		raw(o, ", from 0 (not at all) to 4 (very much):</p><ul class=\"signs-list\">");
		json_array_foreach(ratings, i, x)
		{
			json_int_t n = json_integer_value(x);

			rawf(o,
			     "<li><span class=\"sign-n\" aria-hidden=\"true\"><span class=\"pips "
			     "pips-%lld\"></span></span><span>%lld of 4: ",
			     (long long)n, (long long)n);
			esc(o, i < count ? ebb_signs[i].label : "");
			raw(o, "</span></li>");
		}
		raw(o, "</ul><p><a href=\"#/signs\">Rate them again</a></p>");
	}
	raw(o, "</div>");

	/* the prompt; data-prompt-*: screen-write.js starts from the same one */
	if (json_is_object(prompt)) {
		const char *kind = str(prompt, "kind") ? str(prompt, "kind") : "";
		const char *id = str(prompt, "id") ? str(prompt, "id") : "";

		raw(o, "<div class=\"prompt-of-day\" data-prompt-id=\"");
		esc(o, id);
		raw(o, "\" data-prompt-kind=\"");
		esc(o, kind);
		raw(o, "\"><h3>A prompt for today (");
		esc(o, label(ebb_prompt_kinds, kind));
		raw(o, ")</h3><blockquote><p>");
		esc(o, str(prompt, "text") ? str(prompt, "text") : "");
		raw(o, "</p></blockquote><p><a href=\"#/write?kind=");
		esc_query(o, kind);
		raw(o, "&amp;prompt=");
		esc_query(o, id);
		raw(o, "\">Write from this prompt</a></p></div>");
	}

	/* hard dates */
	raw(o, "<div><h3>Hard dates</h3>");
	if (json_array_size(dates) == 0) {
		raw(o, "<p>No hard dates in the next 7 days. <a href=\"#/dates\">Your hard "
		       "dates</a></p>");
	} else {
		raw(o, "<ul class=\"plain-list\">");
		json_array_foreach(dates, i, x)
		{
			const char *lab =
			    str(x, "label") && *str(x, "label") ? str(x, "label") : "a hard date";
			json_int_t in = num(x, "in_days");

			raw(o, "<li>");
			if (in == 0) {
				raw(o, "Today: ");
				esc(o, lab);
				raw(o, ".");
			} else {
				esc_capital(o, lab);
				if (in == 1)
					raw(o, " is tomorrow (");
				else
					rawf(o, " is in %lld days (", (long long)in);
				day_words(o, str(x, "next"), true);
				raw(o, ").");
			}
			raw(o, "</li>");
		}
		raw(o, "</ul><p>Hard days are allowed to be hard. <a href=\"#/plan\">Your safety "
		       "plan</a> is there if it gets heavy.</p>");
	}
	raw(o, "</div></section>");
}

/* ---- the screen ------------------------------------------------------------------------ */

bool web_home_html(struct ebb_buf *b, const json_t *today, size_t queued)
{
	struct out o = {b, true};
	const char *day = str(today, "today") ? str(today, "today") : "";
	int64_t z;

	raw(&o, "<div class=\"today-top\"><div class=\"today-title\"><h1 tabindex=\"-1\">Today</h1>"
	        "<p class=\"lede\">");
	if (ebb_date_parse(day, &z) == EBB_OK)
		weekday_words(&o, z, true);
	else
		esc(&o, day);
	raw(&o, ".</p></div><div class=\"urge-box\"><button type=\"button\" class=\"urge-button\" "
	        "data-home=\"urge\">I'm having an urge</button><p class=\"hint\">A pause, your own "
	        "reasons, a slow breath. Nothing is judged.</p></div>");
	if (!json_is_true(json_object_get(today, "checked_in_today")))
		raw(&o, "<p class=\"nudge\">No check-in yet today. When you like: <a "
		        "href=\"#/checkin\" "
		        "class=\"button-link\">Check in</a> from 0 (light) to 10 (heaviest).</p>");
	raw(&o, "</div><div class=\"today-body\"><div class=\"halves\">");
	letting_go(&o, json_object_get(today, "letting_go"), day);
	healing(&o, json_object_get(today, "healing"));
	raw(&o, "</div><p class=\"help-line\">If you need someone now: <a href=\"#/help\">Help "
	        "now</a>.</p>");
	if (queued > 0)
		rawf(&o,
		     "<p class=\"hint\">%zu %s written while locked will join the rest at the next "
		     "unlock.</p>",
		     queued, queued == 1 ? "thing" : "things");
	raw(&o, "</div>");
	return o.ok;
}
