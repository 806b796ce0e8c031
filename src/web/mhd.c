/*
 * mhd.c — loading libmicrohttpd at run time (see mhd.h for why).
 */
#include "mhd.h"

#include <dlfcn.h>
#include <stddef.h>

struct web_mhd web_mhd;

enum ebb_status web_mhd_load(struct ebb_error *err)
{
	static void *lib;
	void *h;

	if (lib)
		return EBB_OK;
	h = dlopen(EBB_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL)
		return ebb_error_set(err, EBB_ERR_IO,
		                     "the page needs %s (Debian package libmicrohttpd12)",
		                     EBB_MHD_SONAME);
		/* POSIX: a data pointer from dlsym converts to a function pointer */
#define WEB_MHD_LOAD(name)                                                                         \
	if ((*(void **)&web_mhd.name = dlsym(h, #name)) == NULL) {                                 \
		dlclose(h);                                                                        \
		return ebb_error_set(err, EBB_ERR_IO, "%s lacks %s: a newer one is needed",        \
		                     EBB_MHD_SONAME, #name);                                       \
	}
	WEB_MHD_FUNCS(WEB_MHD_LOAD)
#undef WEB_MHD_LOAD
	lib = h;
	return EBB_OK;
}
