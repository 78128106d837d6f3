/*
 * Static files: our own, compiled into the binary, and Bootstrap from
 * Debian's libjs-bootstrap5 (read once, then kept in memory).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "base/mem.h"
#include "web/layout.h"
#include "web/pages.h"

static char *bootstrap_css;
static size_t bootstrap_len;
static pthread_once_t bootstrap_once = PTHREAD_ONCE_INIT;
static const char *bootstrap_dir;

static void
load_bootstrap(void)
{
    struct buf path = BUF_INIT, content = BUF_INIT;
    buf_addf(&path, "%s/css/bootstrap.min.css", bootstrap_dir);
    FILE *f = fopen(path.s, "rb");
    if (f) {
        char chunk[8192];
        size_t n;
        while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
            buf_add(&content, chunk, n);
        fclose(f);
        bootstrap_css = buf_detach(&content, &bootstrap_len);
    } else {
        fprintf(stderr, "clusterdesk: cannot read %s; pages will be unstyled\n",
                path.s);
    }
    buf_release(&path);
    buf_release(&content);
}

static void
send_static(struct resp *rs, const char *type, const char *data, size_t len)
{
    rs->content_type = type;
    buf_add(&rs->body, data, len);
    resp_header(rs, "Cache-Control", "public, max-age=3600");
}

void
page_static(struct req *r, struct resp *rs)
{
    const char *name = r->path + strlen("/static/");
    if (strcmp(name, "bootstrap.min.css") == 0) {
        bootstrap_dir = r->app->bootstrap_dir;
        pthread_once(&bootstrap_once, load_bootstrap);
        if (bootstrap_css) {
            send_static(rs, "text/css; charset=utf-8", bootstrap_css,
                        bootstrap_len);
            return;
        }
    }
    for (const struct embedded_file *f = embedded_static; f->name; f++) {
        if (strcmp(f->name, name) == 0) {
            const char *dot = strrchr(name, '.');
            const char *type = dot && strcmp(dot, ".css") == 0
                                   ? "text/css; charset=utf-8"
                                   : "application/octet-stream";
            send_static(rs, type, f->data, f->size);
            return;
        }
    }
    layout_not_found(r, rs);
}
