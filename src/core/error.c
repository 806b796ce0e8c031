/*
 * error.c — filling struct ebb_error. See error.h.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum ebb_status ebb_error_set(struct ebb_error *err, enum ebb_status code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void ebb_error_clear(struct ebb_error *err)
{
	if (err == NULL)
		return;
	err->code = EBB_OK;
	err->msg[0] = '\0';
}

const char *ebb_status_str(enum ebb_status code)
{
	switch (code) {
	case EBB_OK:
		return "ok";
	case EBB_ERR_NOMEM:
		return "out of memory";
	case EBB_ERR_IO:
		return "the file could not be read or written";
	case EBB_ERR_NOVAULT:
		return "no vault found";
	case EBB_ERR_EXISTS:
		return "already exists";
	case EBB_ERR_NOTVAULT:
		return "not an ebb vault";
	case EBB_ERR_NEWER:
		return "written by a newer version of ebb";
	case EBB_ERR_CORRUPT:
		return "the vault failed an integrity check";
	case EBB_ERR_PASSPHRASE:
		return "that passphrase does not open this vault";
	case EBB_ERR_LOCKED:
		return "the vault is locked";
	case EBB_ERR_INVALID:
		return "invalid input";
	case EBB_ERR_NOTFOUND:
		return "not found";
	case EBB_ERR_BUSY:
		return "the vault is busy";
	case EBB_ERR_KEYRING:
		return "the kernel keyring is unavailable";
	case EBB_ERR_INTERNAL:
		return "internal error";
	}
	return "unknown error";
}
