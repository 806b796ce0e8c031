/*
 * web.h — the page's server: one HTTP daemon on 127.0.0.1 serving the
 * embedded page (src/web/assets) and its JSON API (docs/API.md).
 *
 * Like the core, this library never prints and never exits: `ebb serve`
 * (src/cli/cmd-serve.c) owns the terminal, the signals and the loop.
 * Everything the daemon touches is behind one mutex, so its thread and the
 * caller's ebb_web_tick never meet inside the vault.
 */
#ifndef EBB_WEB_H
#define EBB_WEB_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "crypto.h"
#include "error.h"

#define EBB_WEB_TOKEN_BYTES 32
#define EBB_WEB_TOKEN_STR   (2 * EBB_WEB_TOKEN_BYTES + 1) /* hex and NUL */
#define EBB_WEB_BODY_MAX    1114112u                      /* a 1 MiB entry and room around it */
#define EBB_WEB_PORT        7770 /* the port tried first when none is asked for */

struct ebb_web;

struct ebb_web_opts {
	const char *vault_path; /* where the vault is, or will be created */
	int listen_fd;          /* from ebb_web_listen; the daemon takes it over */
	uint16_t port;          /* the port listen_fd is bound to */
	unsigned idle_seconds;  /* lock after this long without a request (> 0) */
	enum ebb_kdf_level kdf; /* for a vault created by the page */
};

/*
 * Opens a listening TCP socket on 127.0.0.1 (never another address).
 * port 0 picks a free port. With fallback, a taken port falls back to a
 * free one. Writes the socket into *fd and the port into *bound.
 * EBB_ERR_BUSY when the port is taken (and no fallback), EBB_ERR_IO for
 * other socket errors (the message names them).
 */
enum ebb_status ebb_web_listen(uint16_t port, bool fallback, int *fd, uint16_t *bound,
                               struct ebb_error *err);

/*
 * Starts the daemon in its own thread. Opens the vault at o->vault_path,
 * locked, when there is one (a missing vault is fine: the page creates it;
 * a damaged or newer one is an error and nothing starts). Writes the
 * one-time launch token into token. ebb_crypto_init must have run.
 */
enum ebb_status ebb_web_start(struct ebb_web **out, const struct ebb_web_opts *o,
                              char token[EBB_WEB_TOKEN_STR], struct ebb_error *err);

/* Locks the vault when it has been idle for idle_seconds at now. Call about
 * once a second. Returns true when this call locked it. */
bool ebb_web_tick(struct ebb_web *w, time_t now);

/* Stops the daemon, wipes the key and every session, frees w. w may be NULL. */
void ebb_web_stop(struct ebb_web *w);

#endif
