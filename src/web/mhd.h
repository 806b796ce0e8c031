/*
 * mhd.h — libmicrohttpd, loaded when `ebb serve` starts and not before.
 *
 * Linking it would make every ebb command load it, and GnuTLS with it,
 * whose start-up costs about 4.5 ms: more than a check-in takes. So the
 * binary does not link it; web_mhd_load opens it with dlopen by its
 * soname and the server calls it through web_mhd. The header is still
 * microhttpd.h, so every call is checked against the real prototypes.
 */
#ifndef EBB_WEB_MHD_H
#define EBB_WEB_MHD_H

#include <microhttpd.h>

#include "error.h"

#define WEB_MHD_FUNCS(X)                                                                           \
	X(MHD_start_daemon)                                                                        \
	X(MHD_stop_daemon)                                                                         \
	X(MHD_lookup_connection_value)                                                             \
	X(MHD_create_response_from_buffer)                                                         \
	X(MHD_create_response_from_buffer_with_free_callback)                                      \
	X(MHD_add_response_header)                                                                 \
	X(MHD_queue_response)                                                                      \
	X(MHD_destroy_response)

struct web_mhd {
#define WEB_MHD_FIELD(name) __typeof__(&name) name;
	WEB_MHD_FUNCS(WEB_MHD_FIELD)
#undef WEB_MHD_FIELD
};

/* The functions, once web_mhd_load has succeeded. */
extern struct web_mhd web_mhd;

/*
 * Loads libmicrohttpd (EBB_MHD_SONAME, set by the build) and fills web_mhd.
 * Idempotent. EBB_ERR_IO naming the Debian package when it is missing.
 */
enum ebb_status web_mhd_load(struct ebb_error *err);

#endif
