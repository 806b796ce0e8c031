/*
 * text.c — case and accent folding for search. See text.h.
 */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FOLD_MAX (4u << 20) /* folded text of one field, bytes */

/* Latin-1 Supplement U+00C0..U+00FF as base letters; "" keeps the character. */
static const char *const latin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Latin Extended-A U+0100..U+017F by ranges of first code points. */
static const struct {
	uint16_t first, last;
	const char *base;
} extended_a[] = {
    {0x100, 0x105, "a"}, {0x106, 0x10D, "c"},  {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"}, {0x124, 0x127, "h"},  {0x128, 0x131, "i"}, {0x132, 0x133, "ij"},
    {0x134, 0x135, "j"}, {0x136, 0x138, "k"},  {0x139, 0x142, "l"}, {0x143, 0x14B, "n"},
    {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"}, {0x15A, 0x161, "s"},
    {0x162, 0x167, "t"}, {0x168, 0x173, "u"},  {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
    {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};

size_t ebb_utf8_len(const char *s, size_t avail)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	uint32_t c;

	if (avail == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4;
	else
		return 1;
	if (n > avail)
		return 1;
	c = p[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 1;
		c = c << 6 | (p[i] & 0x3F);
	}
	/* overlong forms, surrogates and values past U+10FFFF are malformed */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 1;
	return n;
}

bool ebb_utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		k = ebb_utf8_len(s + i, n - i);
		if (k == 1 && (unsigned char)s[i] >= 0x80)
			return false;
		i += k;
	}
	return true;
}

static uint32_t decode(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;

	if (n == 1)
		return p[0];
	c = p[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++)
		c = c << 6 | (p[i] & 0x3F);
	return c;
}

static size_t encode(char out[4], uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3F));
	out[2] = (char)(0x80 | (c >> 6 & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/*
 * Greek and Cyrillic letters whose folded form is another letter: the
 * lowercase forms with tonos or dialytika spelled as their base letters, so
 * that they match the same letters written with combining accents (which
 * are dropped); final sigma as sigma, so that ΟΔΟΣ matches οδος; and the
 * Cyrillic letters written with a diacritic (ѐ ё ѝ й) as their base letters,
 * for the same reason. Capitals are lowercased before this table is read.
 */
static const struct {
	uint16_t from, to;
} letter_base[] = {
    {0x390, 0x3B9}, {0x3AC, 0x3B1}, {0x3AD, 0x3B5}, {0x3AE, 0x3B7}, {0x3AF, 0x3B9}, {0x3B0, 0x3C5},
    {0x3C2, 0x3C3}, {0x3CA, 0x3B9}, {0x3CB, 0x3C5}, {0x3CC, 0x3BF}, {0x3CD, 0x3C5}, {0x3CE, 0x3C9},
    {0x439, 0x438}, {0x450, 0x435}, {0x451, 0x435}, {0x45D, 0x438},
};

/* Greek capitals with tonos or dialytika, U+0386..U+038F and U+03AA..U+03AB,
 * as their lowercase forms (0 where there is no letter). */
static const uint16_t greek_upper[] = {
    0x3AC, 0, 0x3AD, 0x3AE, 0x3AF, 0, 0x3CC, 0, 0x3CD, 0x3CE,
};

/* The folded spelling of code point c: either a base string or a code point. */
static const char *fold_cp(uint32_t *c)
{
	if (*c >= 'A' && *c <= 'Z') {
		*c += 32;
	} else if (*c >= 0xC0 && *c <= 0xFF) {
		const char *b = latin1[*c - 0xC0];
		if (*b)
			return b;
	} else if (*c >= 0x100 && *c <= 0x17F) {
		for (size_t i = 0; i < sizeof(extended_a) / sizeof(extended_a[0]); i++)
			if (*c >= extended_a[i].first && *c <= extended_a[i].last)
				return extended_a[i].base;
	} else if (*c >= 0x386 && *c <= 0x38F && greek_upper[*c - 0x386]) {
		*c = greek_upper[*c - 0x386]; /* Greek capitals with tonos */
	} else if (*c >= 0x391 && *c <= 0x3AB && *c != 0x3A2) {
		*c += 32; /* Greek capitals, and Ϊ Ϋ */
	} else if (*c >= 0x410 && *c <= 0x42F) {
		*c += 32; /* Cyrillic А..Я */
	} else if (*c >= 0x400 && *c <= 0x40F) {
		*c += 80; /* Cyrillic Ѐ..Џ */
	}
	for (size_t i = 0;
	     *c >= 0x390 && *c <= 0x45D && i < sizeof(letter_base) / sizeof(letter_base[0]); i++)
		if (*c == letter_base[i].from)
			*c = letter_base[i].to;
	return NULL;
}

void ebb_fold_init(struct ebb_fold *f)
{
	ebb_buf_init_secret(&f->text, FOLD_MAX);
	f->map = NULL;
	f->mapcap = 0;
}

void ebb_fold_release(struct ebb_fold *f)
{
	if (f == NULL)
		return;
	ebb_buf_release(&f->text);
	free(f->map);
	f->map = NULL;
	f->mapcap = 0;
}

/* Appends bytes p[0..k) that came from source offset src. */
static enum ebb_status emit(struct ebb_fold *f, const char *p, size_t k, size_t src,
                            struct ebb_error *err)
{
	enum ebb_status rc;

	if (f->text.len + k + 1 > f->mapcap) {
		size_t cap = f->mapcap ? f->mapcap * 2 : 256;
		size_t *m;
		while (cap < f->text.len + k + 1)
			cap *= 2;
		m = realloc(f->map, cap * sizeof(*m));
		if (m == NULL)
			return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		f->map = m;
		f->mapcap = cap;
	}
	for (size_t i = 0; i < k; i++)
		f->map[f->text.len + i] = src;
	rc = ebb_buf_add(&f->text, p, k, err);
	return rc;
}

enum ebb_status ebb_fold_text(struct ebb_fold *f, const char *s, size_t n, struct ebb_error *err)
{
	enum ebb_status rc = EBB_OK;
	size_t i = 0, k;
	char tmp[4];

	ebb_buf_reset(&f->text);
	while (i < n && rc == EBB_OK) {
		uint32_t c;
		const char *base;

		k = ebb_utf8_len(s + i, n - i);
		c = decode(s + i, k);
		if (k == 1 && (unsigned char)s[i] >= 0x80) {
			rc = emit(f, s + i, 1, i, err); /* a malformed byte, kept */
		} else if (c >= 0x300 && c <= 0x36F) {
			/* a combining accent: dropped */
		} else if ((base = fold_cp(&c)) != NULL) {
			rc = emit(f, base, strlen(base), i, err);
		} else {
			rc = emit(f, tmp, encode(tmp, c), i, err);
		}
		i += k;
	}
	if (rc == EBB_OK) {
		rc = emit(f, "", 0, n, err); /* make room for map[len] */
		if (rc == EBB_OK)
			f->map[f->text.len] = n;
	}
	return rc;
}

bool ebb_fold_find(const struct ebb_fold *f, const char *needle, size_t nlen, size_t from,
                   size_t *start, size_t *end)
{
	const char *hay = f->text.data;
	size_t len = f->text.len;

	if (nlen == 0 || from > len || len - from < nlen)
		return false;
	for (size_t i = from; i + nlen <= len; i++) {
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0) {
			size_t last = i + nlen; /* first folded byte after the match */
			*start = f->map[i];
			/* the source extends to where the next source character starts */
			while (last < len && f->map[last] == f->map[last - 1])
				last++;
			*end = f->map[last];
			return true;
		}
	}
	return false;
}

bool ebb_text_blank(const char *s)
{
	for (; *s; s++)
		if (strchr(" \t\n\r\v\f", *s) == NULL)
			return false;
	return true;
}
