/*
 * buf.h — a growable byte buffer with a hard size cap.
 *
 * Invariants: data is never NULL after ebb_buf_init (it points at a static
 * empty string until the first append) and data[len] is always '\0', so a
 * buffer of text is always a C string. len never exceeds max. A buffer that
 * may hold secrets is created with ebb_buf_init_secret: its memory comes
 * from sodium_malloc and is wiped when it grows or is released.
 */
#ifndef EBB_BUF_H
#define EBB_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct ebb_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;  /* refuse to grow beyond this many bytes */
	bool secret; /* memory from sodium_malloc, wiped on growth and release */
};

/* Starts an empty buffer that will never hold more than max bytes. */
void ebb_buf_init(struct ebb_buf *b, size_t max);
/* Same, for text that must never reach swap or linger after release. */
void ebb_buf_init_secret(struct ebb_buf *b, size_t max);

/* Appends n bytes. EBB_ERR_NOMEM when memory runs out, EBB_ERR_INVALID
 * (with a message naming the cap) when the cap would be exceeded. */
enum ebb_status ebb_buf_add(struct ebb_buf *b, const void *p, size_t n, struct ebb_error *err);
enum ebb_status ebb_buf_adds(struct ebb_buf *b, const char *s, struct ebb_error *err);
enum ebb_status ebb_buf_addf(struct ebb_buf *b, struct ebb_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Makes room for n more bytes at once, so that appending them does not
 * move the buffer again (each move of a secret buffer is a fresh
 * sodium_malloc and a wipe). The same errors as ebb_buf_add; the content
 * is unchanged either way. */
enum ebb_status ebb_buf_reserve(struct ebb_buf *b, size_t n, struct ebb_error *err);

/* Empties the buffer, keeping its memory (wiped if secret). */
void ebb_buf_reset(struct ebb_buf *b);
/* Frees the memory (wiped if secret) and leaves an empty buffer. b may be NULL. */
void ebb_buf_release(struct ebb_buf *b);

#endif
