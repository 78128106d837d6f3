/*
 * libmicrohttpd glue: collects the request body (within the limit),
 * builds a struct req, lets the router answer and sends the struct resp
 * with the security headers. Each pool thread lazily opens its own
 * database connection, closed when the thread ends.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/mem.h"
#include "base/text.h"
#include "web/route.h"

struct pending {
    struct buf body;
    bool too_large;
};

static pthread_key_t store_key;

static void
close_thread_store(void *st)
{
    store_close(st);
}

static struct store *
thread_store(const struct app *app)
{
    struct store *st = pthread_getspecific(store_key);
    if (st)
        return st;
    struct err err = ERR_INIT;
    if (store_open(app->db_path, &st, &err)) {
        fprintf(stderr, "clusterdesk: %s\n", err.msg);
        return NULL;
    }
    store_autocheckpoint(st, false); /* server_run checkpoints */
    pthread_setspecific(store_key, st);
    return st;
}

const char *
req_header(const struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
req_cookie(const struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *
req_query(const struct req *r, const char *name)
{
    return form_get(&r->query, name);
}

const char *
req_field(const struct req *r, const char *name)
{
    return form_get(&r->body, name);
}

static enum http_method
parse_method(const char *m)
{
    static const struct {
        const char *name;
        enum http_method method;
    } METHODS[] = {
        { "GET", HTTP_GET }, { "HEAD", HTTP_HEAD },   { "POST", HTTP_POST },
        { "PUT", HTTP_PUT }, { "PATCH", HTTP_PATCH }, { "DELETE", HTTP_DELETE },
    };
    for (size_t i = 0; i < ARRAY_SIZE(METHODS); i++)
        if (strcmp(m, METHODS[i].name) == 0)
            return METHODS[i].method;
    return HTTP_OTHER;
}

static enum MHD_Result
collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
              size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    struct form *f = cls;
    /* Query values are shown back in pages: refuse what is not UTF-8. */
    if (f->n < FORM_MAX_FIELDS && text_valid_utf8(key, key_size) &&
        (!value || text_valid_utf8(value, value_size)))
        form_add(f, key, key_size, value ? value : "", value ? value_size : 0);
    return MHD_YES;
}

static void
today_text(const struct app *app, char out[11])
{
    if (app->today) {
        snprintf(out, 11, "%s", app->today);
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    struct date d = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
    date_format(d, out);
}

static void
client_addr(struct MHD_Connection *conn, char *out, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, size, "?");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET,
                  &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
                  out, (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6,
                  &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                  out, (socklen_t)size);
}

static const char CSP[] =
    "default-src 'none'; style-src 'self'; img-src 'self' data:;"
    " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

static enum MHD_Result
send_response(struct MHD_Connection *conn, struct resp *rs, bool head, bool tls)
{
    size_t len;
    char *body = buf_detach(&rs->body, &len);
    struct MHD_Response *m =
        MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (head)
        MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_LENGTH, "0");
    MHD_add_response_header(m, "Content-Type", rs->content_type);
    MHD_add_response_header(m, "Content-Security-Policy", CSP);
    MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(m, "X-Frame-Options", "DENY");
    MHD_add_response_header(m, "Referrer-Policy", "same-origin");
    if (tls)
        MHD_add_response_header(m, "Strict-Transport-Security",
                                "max-age=31536000");
    bool has_cache = false;
    for (size_t i = 0; i < rs->nheaders; i++) {
        MHD_add_response_header(m, rs->headers[i].name, rs->headers[i].value);
        has_cache |= strcasecmp(rs->headers[i].name, "Cache-Control") == 0;
    }
    /* Pages show member data: no shared or back-button caches. */
    if (!has_cache)
        MHD_add_response_header(m, "Cache-Control", "no-store");
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)rs->status, m);
    MHD_destroy_response(m);
    return ret;
}

struct server_ctx {
    const struct server_config *cfg;
};

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
           const char *method, const char *version, const char *upload_data,
           size_t *upload_size, void **con_cls)
{
    (void)version;
    const struct server_ctx *ctx = cls;
    const struct app *app = &ctx->cfg->app;
    struct pending *p = *con_cls;
    if (!p) {
        p = xcalloc(1, sizeof(*p));
        buf_init(&p->body, 0);
        *con_cls = p;
        return MHD_YES;
    }
    if (*upload_size) {
        if (p->body.len + *upload_size > app->max_body)
            p->too_large = true;
        else
            buf_add(&p->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }

    char addr[64];
    client_addr(conn, addr, sizeof(addr));
    struct req r;
    memset(&r, 0, sizeof(r));
    r.method = parse_method(method);
    r.path = url;
    r.addr = addr;
    r.conn = conn;
    r.app = app;
    r.raw_body = p->body.s;
    r.raw_len = p->body.len;
    r.content_type =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    r.now = (int64_t)time(NULL);
    today_text(app, r.today);
    form_init(&r.query);
    form_init(&r.body);
    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_query,
                                &r.query);

    struct resp rs;
    resp_init(&rs);
    r.store = thread_store(app);
    if (p->too_large) {
        struct err err = ERR_INIT;
        err_set(&err, ERR_TOO_LARGE, NULL,
                "The request is larger than %zu bytes.", app->max_body);
        route_error(&r, &rs, &err);
    } else if (!r.store) {
        struct err err = ERR_INIT;
        err_set(&err, ERR_UNAVAILABLE, NULL, "The database cannot be opened.");
        route_error(&r, &rs, &err);
    } else {
        route_dispatch(&r, &rs);
    }
    enum MHD_Result ret = send_response(conn, &rs, r.method == HTTP_HEAD,
                                        ctx->cfg->tls_cert != NULL);
    resp_release(&rs);
    form_release(&r.query);
    form_release(&r.body);
    return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)conn, (void)toe;
    struct pending *p = *con_cls;
    if (p) {
        buf_release(&p->body);
        free(p);
        *con_cls = NULL;
    }
}

static int
parse_listen(const char *listen, struct sockaddr_in *sa, struct err *err)
{
    const char *colon = strrchr(listen, ':');
    char host[64];
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    if (!colon || (size_t)(colon - listen) >= sizeof(host))
        return err_set(err, ERR_INVALID, "listen",
                       "--listen must be HOST:PORT, e.g. 127.0.0.1:8080.");
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535 || colon[1] == '\0')
        return err_set(err, ERR_INVALID, "listen",
                       "The port must be 0 to 65535.");
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return err_set(err, ERR_INVALID, "listen",
                       "The host must be an IPv4 address such as 127.0.0.1.");
    sa->sin_port = htons((uint16_t)port);
    return 0;
}

static char *
read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(&b, chunk, n);
    fclose(f);
    return buf_detach(&b, NULL);
}

/*
 * Waits for a stop signal, checkpointing the WAL once a second meanwhile
 * on a connection of its own: the workers' connections do not, so no
 * request pays for copying a large commit into the database.
 */
static int
wait_checkpointing(const struct app *app, const sigset_t *stop)
{
    struct store *st = NULL;
    struct err err = ERR_INIT;
    if (store_open(app->db_path, &st, &err))
        fprintf(stderr, "clusterdesk: checkpoints: %s\n", err.msg);
    const struct timespec second = { 1, 0 };
    int sig;
    while ((sig = sigtimedwait(stop, NULL, &second)) < 0) {
        if (st && store_checkpoint(st, &err)) {
            fprintf(stderr, "clusterdesk: %s\n", err.msg);
            err_clear(&err);
        }
    }
    store_close(st);
    return sig;
}

int
server_run(const struct server_config *cfg, struct err *err)
{
    struct sockaddr_in sa;
    if (parse_listen(cfg->listen, &sa, err))
        return -1;
    pthread_key_create(&store_key, close_thread_store);

    /* Block the stop signals before MHD starts its threads, so they are
     * delivered to sigwait() below and not to a worker. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    char *cert = NULL, *key = NULL;
    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_AUTO;
    if (cfg->tls_cert) {
        cert = read_file(cfg->tls_cert);
        key = read_file(cfg->tls_key ? cfg->tls_key : "");
        if (!cert || !key) {
            free(cert);
            free(key);
            return err_set(err, ERR_INVALID, "tls",
                           "Cannot read the TLS certificate or key.");
        }
        flags |= MHD_USE_TLS;
    }
    struct server_ctx ctx = { cfg };
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &ctx, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        cfg->threads ? cfg->threads : 4u, MHD_OPTION_CONNECTION_TIMEOUT, 60u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
        MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_END);
    if (!d) {
        free(cert);
        free(key);
        return err_set(err, ERR_INTERNAL, "listen",
                       "Cannot listen on %s (in use, or not this machine's "
                       "address?).",
                       cfg->listen);
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char host[64];
    inet_ntop(AF_INET, &sa.sin_addr, host, sizeof(host));
    printf("clusterdesk: listening on %s://%s:%u\n", cert ? "https" : "http",
           host, info ? info->port : ntohs(sa.sin_port));
    fflush(stdout);

    int sig = wait_checkpointing(&cfg->app, &stop);
    printf("clusterdesk: stopping (signal %d)\n", sig);
    fflush(stdout);
    MHD_stop_daemon(d);
    free(cert);
    free(key);
    return 0;
}
