/*
 * buf.c — the capped byte buffer. See buf.h for the invariants.
 */
#include "buf.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char empty[1];

static void init(struct ebb_buf *b, size_t max, bool secret)
{
	b->data = empty;
	b->len = 0;
	b->cap = 0;
	b->max = max;
	b->secret = secret;
}

void ebb_buf_init(struct ebb_buf *b, size_t max)
{
	init(b, max, false);
}

void ebb_buf_init_secret(struct ebb_buf *b, size_t max)
{
	init(b, max, true);
}

/* Makes room for at least need bytes plus the terminating NUL. */
static enum ebb_status grow(struct ebb_buf *b, size_t need, struct ebb_error *err)
{
	size_t cap;
	char *p;

	if (need > b->max)
		return ebb_error_set(err, EBB_ERR_INVALID, "text is too long (at most %zu bytes)",
		                     b->max);
	if (need + 1 <= b->cap)
		return EBB_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need + 1)
		cap = cap > SIZE_MAX / 2 ? need + 1 : cap * 2;
	if (b->max < SIZE_MAX && cap > b->max + 1)
		cap = b->max + 1;
	if (b->secret) {
		p = sodium_malloc(cap);
		if (p == NULL)
			return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		memcpy(p, b->data, b->len + 1);
		if (b->cap)
			sodium_free(b->data);
	} else {
		p = b->cap ? realloc(b->data, cap) : malloc(cap);
		if (p == NULL)
			return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		if (!b->cap)
			p[0] = '\0';
	}
	b->data = p;
	b->cap = cap;
	return EBB_OK;
}

enum ebb_status ebb_buf_reserve(struct ebb_buf *b, size_t n, struct ebb_error *err)
{
	if (n > b->max - b->len)
		return ebb_error_set(err, EBB_ERR_INVALID, "text is too long (at most %zu bytes)",
		                     b->max);
	return grow(b, b->len + n, err);
}

enum ebb_status ebb_buf_add(struct ebb_buf *b, const void *p, size_t n, struct ebb_error *err)
{
	enum ebb_status rc;

	if (n > b->max - b->len)
		return ebb_error_set(err, EBB_ERR_INVALID, "text is too long (at most %zu bytes)",
		                     b->max);
	rc = grow(b, b->len + n, err);
	if (rc != EBB_OK)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return EBB_OK;
}

enum ebb_status ebb_buf_adds(struct ebb_buf *b, const char *s, struct ebb_error *err)
{
	return ebb_buf_add(b, s, strlen(s), err);
}

enum ebb_status ebb_buf_addf(struct ebb_buf *b, struct ebb_error *err, const char *fmt, ...)
{
	va_list ap;
	int n;
	enum ebb_status rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return ebb_error_set(err, EBB_ERR_INTERNAL, "cannot format text");
	rc = grow(b, b->len + (size_t)n, err);
	if (rc != EBB_OK)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return EBB_OK;
}

void ebb_buf_reset(struct ebb_buf *b)
{
	if (b->cap) {
		if (b->secret)
			sodium_memzero(b->data, b->cap);
		b->data[0] = '\0';
	}
	b->len = 0;
}

void ebb_buf_release(struct ebb_buf *b)
{
	if (b == NULL)
		return;
	if (b->cap) {
		if (b->secret)
			sodium_free(b->data); /* sodium_free wipes */
		else
			free(b->data);
	}
	init(b, b->max, b->secret);
}
