/*
 * Downloads of lists, shared by every list page.
 */
#include "web/export.h"

#include <string.h>

#include "web/layout.h"

void
export_send(const struct req *r, struct resp *rs, const struct table *t,
            const char *basename)
{
    const char *format = req_query(r, "format");
    struct buf content = BUF_INIT, name = BUF_INIT;
    struct err err = ERR_INIT;
    bool xlsx = format && strcmp(format, "xlsx") == 0;
    if (!xlsx && !(format && strcmp(format, "csv") == 0)) {
        err_set(&err, ERR_INVALID, "format", "format must be csv or xlsx.");
        layout_error_page(r, rs, &err);
        goto out;
    }
    buf_addf(&name, "%s-%s.%s", basename, r->today, xlsx ? "xlsx" : "csv");
    if (xlsx ? table_write_xlsx(t, basename, &content, &err)
             : table_write_csv(t, &content)) {
        layout_error_page(r, rs, &err);
        goto out;
    }
    resp_download(rs,
                  xlsx ? "application/vnd.openxmlformats-officedocument."
                         "spreadsheetml.sheet"
                       : "text/csv; charset=utf-8",
                  name.s, &content);
out:
    buf_release(&content);
    buf_release(&name);
}
