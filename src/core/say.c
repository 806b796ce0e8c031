/*
 * say.c — the sentence builder. See say.h.
 */
#include "say.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

void ebb_say_init(struct ebb_say *s, char *buf, size_t size)
{
	s->buf = buf;
	s->size = size;
	s->len = 0;
	if (size > 0)
		buf[0] = '\0';
}

void ebb_say(struct ebb_say *s, const char *fmt, ...)
{
	va_list ap;
	char *at = NULL;
	size_t room = 0;
	int k;

	if (s->len < s->size) {
		at = s->buf + s->len;
		room = s->size - s->len;
	}
	va_start(ap, fmt);
	k = vsnprintf(at, room, fmt, ap);
	va_end(ap);
	if (k > 0)
		s->len += (size_t)k;
}

void ebb_say_fixed(char out[32], double v, int decimals)
{
	long long unit = decimals >= 2 ? 100 : decimals == 1 ? 10 : 1;
	double x = fabs(v) * (double)unit;
	long long q;

	if (!(x < 1e15))
		x = 1e15;
	q = llround(x);
	if (unit == 1)
		snprintf(out, 32, "%lld", q);
	else
		snprintf(out, 32, "%lld.%0*lld", q / unit, decimals >= 2 ? 2 : 1, q % unit);
}

const char *ebb_say_days_ago(char out[32], int64_t days)
{
	if (days == 0)
		snprintf(out, 32, "today");
	else if (days == 1)
		snprintf(out, 32, "yesterday");
	else if (days > 1)
		snprintf(out, 32, "%lld days ago", (long long)days);
	else if (days == -1)
		snprintf(out, 32, "tomorrow");
	else
		snprintf(out, 32, "in %llu days", 0ull - (unsigned long long)days);
	return out;
}
