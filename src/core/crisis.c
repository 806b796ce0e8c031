/*
 * crisis.c — the crisis lines behind crisis.h.
 *
 * Only lines we are confident about, as published by the services
 * themselves; check every number again when changing ebb_crisis_checked.
 * "always_open" is set only for lines open 24 hours a day, every day; the
 * faces say nothing about the hours of the others. Names are the services'
 * own, in their own language.
 */
#include "crisis.h"

#include <stdlib.h>
#include <string.h>

const char ebb_crisis_checked[] = "2026-11";

const char ebb_crisis_europe_note[] =
    "112 reaches the emergency services anywhere in the European Union, and in many other "
    "countries of Europe.";

#define CALL EBB_CRISIS_CALL
#define TEXT EBB_CRISIS_TEXT

static const struct ebb_crisis_line us[] = {
    {"988 Suicide & Crisis Lifeline", CALL | TEXT, {"988"}, NULL, true},
    {NULL, 0, {NULL}, NULL, false},
};

static const struct ebb_crisis_line ca[] = {
    {"988 Suicide Crisis Helpline", CALL | TEXT, {"988"}, NULL, true},
    {NULL, 0, {NULL}, NULL, false},
};

static const struct ebb_crisis_line gb[] = {
    {"Samaritans", CALL, {"116 123"}, NULL, true},
    {"Shout", TEXT, {"85258"}, "SHOUT", true},
    {NULL, 0, {NULL}, NULL, false},
};

static const struct ebb_crisis_line ie[] = {
    {"Samaritans", CALL, {"116 123"}, NULL, true},
    {"50808", TEXT, {"50808"}, "HELLO", true},
    {NULL, 0, {NULL}, NULL, false},
};

static const struct ebb_crisis_line au[] = {
    {"Lifeline", CALL, {"13 11 14"}, NULL, true},
    {NULL, 0, {NULL}, NULL, false},
};

static const struct ebb_crisis_line nz[] = {
    {"Need to talk?", CALL | TEXT, {"1737"}, NULL, true},
    {NULL, 0, {NULL}, NULL, false},
};

static const struct ebb_crisis_line de[] = {
    {"TelefonSeelsorge", CALL, {"0800 111 0 111", "0800 111 0 222"}, NULL, true},
    {NULL, 0, {NULL}, NULL, false},
};

static const struct ebb_crisis_line fr[] = {
    {"Numéro national de prévention du suicide", CALL, {"3114"}, NULL, true},
    {NULL, 0, {NULL}, NULL, false},
};

static const struct ebb_crisis_line nl[] = {
    {"113 Zelfmoordpreventie", CALL, {"113", "0800-0113"}, NULL, true},
    {NULL, 0, {NULL}, NULL, false},
};

static const struct ebb_crisis_line es[] = {
    {"Línea 024", CALL, {"024"}, NULL, true},
    {NULL, 0, {NULL}, NULL, false},
};

static const struct ebb_crisis_line it[] = {
    {"Telefono Amico Italia", CALL, {"02 2327 2327"}, NULL, false},
    {NULL, 0, {NULL}, NULL, false},
};

static const struct ebb_crisis_line in[] = {
    {"Tele-MANAS", CALL, {"14416"}, NULL, true},
    {NULL, 0, {NULL}, NULL, false},
};

static const struct ebb_crisis_line za[] = {
    {"SADAG Suicide Crisis Helpline", CALL, {"0800 567 567"}, NULL, true},
    {NULL, 0, {NULL}, NULL, false},
};

#undef CALL
#undef TEXT

const struct ebb_crisis_country ebb_crisis_countries[] = {
    {"US", "United States", {"911"}, us},
    {"CA", "Canada", {"911"}, ca},
    {"GB", "United Kingdom", {"999", "112"}, gb},
    {"IE", "Ireland", {"112", "999"}, ie},
    {"AU", "Australia", {"000"}, au},
    {"NZ", "New Zealand", {"111"}, nz},
    {"DE", "Germany", {"112"}, de},
    {"FR", "France", {"112"}, fr},
    {"NL", "Netherlands", {"112"}, nl},
    {"ES", "Spain", {"112"}, es},
    {"IT", "Italy", {"112"}, it},
    {"IN", "India", {"112"}, in},
    {"ZA", "South Africa", {"10111", "112"}, za},
    {NULL, NULL, {NULL}, NULL},
};

const struct ebb_crisis_directory ebb_crisis_directories[] = {
    {"Find A Helpline", "https://findahelpline.com",
     "free, confidential helplines, searchable by country"},
    {"Befrienders Worldwide", "https://befrienders.org",
     "emotional support centres around the world"},
    {NULL, NULL, NULL},
};

/* ASCII-only, locale-independent case folding. */
static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_ascii(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower(*a) != lower(*b))
			return false;
	return *a == *b;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

const struct ebb_crisis_country *ebb_crisis_find(const char *code)
{
	if (code == NULL || *code == '\0')
		return NULL;
	if (same_ascii(code, "UK"))
		code = "GB";
	for (const struct ebb_crisis_country *c = ebb_crisis_countries; c->code; c++)
		if (same_ascii(code, c->code) || same_ascii(code, c->name))
			return c;
	return NULL;
}

bool ebb_crisis_territory(const char *locale, char out[3])
{
	const char *p;
	size_t n;

	out[0] = '\0';
	if (locale == NULL)
		return false;
	/* the language: letters up to the first '_' or '-' */
	for (p = locale; is_alpha(*p); p++)
		;
	if (p == locale || (*p != '_' && *p != '-'))
		return false;
	/* then subtags: the first of exactly two letters is the territory
	 * (a BCP 47 script subtag like "Hant" comes before it) */
	while (*p == '_' || *p == '-') {
		const char *s = ++p;

		while (is_alpha(*p) || (*p >= '0' && *p <= '9'))
			p++;
		n = (size_t)(p - s);
		if (n == 2 && is_alpha(s[0]) && is_alpha(s[1])) {
			out[0] = (char)(lower(s[0]) - 'a' + 'A');
			out[1] = (char)(lower(s[1]) - 'a' + 'A');
			out[2] = '\0';
			return true;
		}
		if (n != 4) /* anything but a script subtag: no territory here */
			return false;
	}
	return false;
}

const char *ebb_crisis_env_locale(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return NULL;
}

bool ebb_crisis_guess(char out[3])
{
	return ebb_crisis_territory(ebb_crisis_env_locale(), out);
}

size_t ebb_crisis_count(void)
{
	size_t n = 0;

	while (ebb_crisis_countries[n].code)
		n++;
	return n;
}

size_t ebb_crisis_ordered(const char *first, const struct ebb_crisis_country **out, size_t cap)
{
	const struct ebb_crisis_country *top = ebb_crisis_find(first);
	size_t n = 0;

	if (top && n < cap)
		out[n++] = top;
	for (const struct ebb_crisis_country *c = ebb_crisis_countries; c->code && n < cap; c++)
		if (c != top)
			out[n++] = c;
	return n;
}

/* Appends s to out (size bytes, holding *len); false when it does not fit. */
static bool put(char *out, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n >= size)
		return false;
	memcpy(out + *len, s, n + 1);
	*len += n;
	return true;
}

static bool join(char *out, size_t size, size_t *len, const char *const v[EBB_CRISIS_NUMBERS],
                 size_t max)
{
	bool ok = true;

	for (size_t i = 0; ok && i < EBB_CRISIS_NUMBERS && i < max && v[i]; i++) {
		if (i > 0)
			ok = put(out, size, len, " or ");
		ok = ok && put(out, size, len, v[i]);
	}
	return ok;
}

bool ebb_crisis_join(char *out, size_t size, const char *const numbers[EBB_CRISIS_NUMBERS],
                     size_t max)
{
	size_t len = 0;

	if (size == 0)
		return false;
	out[0] = '\0';
	return join(out, size, &len, numbers, max);
}

bool ebb_crisis_how(char *out, size_t size, const struct ebb_crisis_line *l, size_t max)
{
	bool call = l->reach & EBB_CRISIS_CALL, text = l->reach & EBB_CRISIS_TEXT, ok = true;
	size_t len = 0;

	if (size == 0)
		return false;
	out[0] = '\0';
	if (call && text && l->text_word == NULL)
		return put(out, size, &len, "call or text ") &&
		       join(out, size, &len, l->numbers, max);
	if (call) {
		ok = put(out, size, &len, "call ") && join(out, size, &len, l->numbers, max);
		if (text)
			ok = ok && put(out, size, &len, ", or ");
	}
	if (text) {
		ok = ok && put(out, size, &len, "text ");
		if (l->text_word)
			ok = ok && put(out, size, &len, l->text_word) &&
			     put(out, size, &len, " to ");
		ok = ok && join(out, size, &len, l->numbers, max);
	}
	return ok;
}

/* A JSON array of the non-NULL strings of v; NULL when out of memory. */
static json_t *strings(const char *const v[EBB_CRISIS_NUMBERS])
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < EBB_CRISIS_NUMBERS && v[i]; i++)
		if (json_array_append_new(a, json_string(v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *line_json(const struct ebb_crisis_line *l)
{
	return json_pack("{s:s, s:o, s:b, s:b, s:s?, s:b}", "name", l->name, "numbers",
	                 strings(l->numbers), "call", (l->reach & EBB_CRISIS_CALL) != 0, "text",
	                 (l->reach & EBB_CRISIS_TEXT) != 0, "text_word", l->text_word,
	                 "always_open", l->always_open);
}

static json_t *country_json(const struct ebb_crisis_country *c)
{
	json_t *lines = json_array();

	for (const struct ebb_crisis_line *l = c->lines; lines && l->name; l++)
		if (json_array_append_new(lines, line_json(l)) != 0) {
			json_decref(lines);
			lines = NULL;
		}
	/* json_pack fails on a NULL "o" and releases the "o" values it was given */
	return json_pack("{s:s, s:s, s:o, s:o}", "code", c->code, "name", c->name, "emergency",
	                 strings(c->emergency), "lines", lines);
}

json_t *ebb_crisis_json(const char *first)
{
	const struct ebb_crisis_country *top = ebb_crisis_find(first);
	const struct ebb_crisis_country *all[64]; /* more than the list will ever hold */
	size_t n = ebb_crisis_ordered(first, all, sizeof(all) / sizeof(all[0]));
	json_t *countries = json_array(), *dirs = json_array();
	bool ok = countries && dirs;

	for (size_t i = 0; ok && i < n; i++)
		ok = json_array_append_new(countries, country_json(all[i])) == 0;
	for (const struct ebb_crisis_directory *d = ebb_crisis_directories; ok && d->name; d++)
		ok = json_array_append_new(dirs, json_pack("{s:s, s:s, s:s}", "name", d->name,
		                                           "url", d->url, "about", d->about)) == 0;
	if (!ok) {
		json_decref(countries);
		json_decref(dirs);
		return NULL;
	}
	return json_pack("{s:s, s:s?, s:o, s:o, s:s}", "checked", ebb_crisis_checked, "country",
	                 top ? top->code : NULL, "countries", countries, "directories", dirs,
	                 "note", ebb_crisis_europe_note);
}
