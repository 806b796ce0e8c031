/*
 * error.h — how the core reports what went wrong.
 *
 * The core never prints and never exits. Every fallible call returns an
 * enum ebb_status and, when it is not EBB_OK, fills a struct ebb_error with a
 * one-line, lowercase message (no trailing full stop) written for the person
 * using ebb. The faces decide how to show it and which exit status it means.
 */
#ifndef EBB_ERROR_H
#define EBB_ERROR_H

#include <stddef.h>

enum ebb_status {
	EBB_OK = 0,
	EBB_ERR_NOMEM,      /* out of memory */
	EBB_ERR_IO,         /* the file system refused: read-only, full, permissions */
	EBB_ERR_NOVAULT,    /* no vault at that path */
	EBB_ERR_EXISTS,     /* refusing to overwrite something that exists */
	EBB_ERR_NOTVAULT,   /* the file is not an ebb vault */
	EBB_ERR_NEWER,      /* written by a newer ebb */
	EBB_ERR_CORRUPT,    /* the vault's own data failed a check: altered or damaged */
	EBB_ERR_PASSPHRASE, /* the passphrase does not open this vault */
	EBB_ERR_LOCKED,     /* reading needs the vault key and none is available */
	EBB_ERR_INVALID,    /* input given by the person is not acceptable */
	EBB_ERR_NOTFOUND,   /* no record with that id */
	EBB_ERR_BUSY,       /* another process held the vault too long */
	EBB_ERR_KEYRING,    /* the kernel keyring is unavailable */
	EBB_ERR_INTERNAL,   /* a bug or an unexpected library failure */
};

struct ebb_error {
	enum ebb_status code;
	char msg[512];
};

/*
 * Records code and a printf-style message in err (which may be NULL) and
 * returns code, so callers can write `return ebb_error_set(err, ...)`.
 */
enum ebb_status ebb_error_set(struct ebb_error *err, enum ebb_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Resets err to EBB_OK with an empty message. err may be NULL. */
void ebb_error_clear(struct ebb_error *err);

/* A short generic description of a status, for when no message was set. */
const char *ebb_status_str(enum ebb_status code);

#endif
