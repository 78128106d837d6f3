/*
 * The HTTP server: libmicrohttpd with a thread pool, one database
 * connection per thread, security headers on every answer.
 */
#ifndef CD_SERVER_H
#define CD_SERVER_H

#include "base/err.h"
#include "web/http.h"

struct server_config {
    const char *listen; /* "127.0.0.1:8080"; port 0 picks a free one */
    unsigned threads;
    const char *tls_cert; /* PEM files, or NULL for plain HTTP */
    const char *tls_key;
    struct app app;
};

/*
 * Serves until SIGINT or SIGTERM, then stops cleanly. Prints
 * "clusterdesk: listening on http://HOST:PORT" once ready. Returns 0, or
 * -1 with err filled when it cannot start.
 */
int server_run(const struct server_config *cfg, struct err *err);

#endif
