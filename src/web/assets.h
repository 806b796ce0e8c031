/*
 * assets.h — the page's files, embedded into the binary at build time by
 * cmake/embed.cmake from src/web/assets (no build step of their own, no
 * CDN: the page works offline and cannot be swapped on disk).
 */
#ifndef EBB_WEB_ASSETS_H
#define EBB_WEB_ASSETS_H

#include <stddef.h>

struct web_asset {
	const char *name; /* the file's name, served at /name */
	const char *type; /* its Content-Type */
	const unsigned char *data;
	size_t len;
};

extern const struct web_asset web_assets[];
extern const size_t web_assets_count;

#endif
