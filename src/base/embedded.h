/*
 * Files compiled into the binary by scripts/embed.cmake: the database
 * migrations (sorted by name, so by number) and our own static assets.
 * Each table ends with an entry whose name is NULL.
 */
#ifndef CD_EMBEDDED_H
#define CD_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name;
    const char *data; /* NUL-terminated */
    size_t size;
};

extern const struct embedded_file embedded_migrations[];
extern const struct embedded_file embedded_static[];

#endif
