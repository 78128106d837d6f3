/*
 * Small helpers shared by the store modules.
 */
#include "store/util.h"

#include <string.h>

#include "base/mem.h"
#include "base/text.h"

void
store_like_pattern(struct buf *out, const char *q)
{
    if (!q || !*q)
        return;
    struct buf folded = BUF_INIT;
    text_fold(&folded, q, strlen(q));
    if (folded.len) {
        buf_addc(out, '%');
        for (const char *p = folded.s; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '\\')
                buf_addc(out, '\\');
            buf_addc(out, *p);
        }
        buf_addc(out, '%');
    }
    buf_release(&folded);
}

int
store_strings(struct store *st, const char *sql, int64_t cluster_id,
              char ***items, size_t *n, struct err *err)
{
    size_t alloc = 0;
    *items = NULL;
    *n = 0;
    uint64_t stamp = 0;
    struct memo *m = db_memo_get(st, sql, cluster_id, 0, &stamp);
    if (!m) {
        sqlite3_stmt *s = db_stmt(st, sql, err);
        if (!s)
            return -1;
        db_bind_int(s, 1, cluster_id);
        enum store_rc rc;
        while ((rc = db_step(st, s, err)) == STORE_ONE) {
            ALLOC_GROW(*items, *n + 1, alloc);
            (*items)[(*n)++] = db_col_dup(s, 0);
        }
        if (rc != STORE_NONE)
            return -1;
        m = db_memo_put(st, sql, cluster_id, 0, stamp);
        if (!m)
            return 0;
        m->items = *items;
        m->n = *n;
        *items = NULL;
        *n = 0;
    }
    *items = xcalloc(m->n ? m->n : 1, sizeof(**items));
    for (size_t i = 0; i < m->n; i++)
        (*items)[i] = xstrdup(m->items[i]);
    *n = m->n;
    return 0;
}
