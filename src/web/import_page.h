/*
 * The steps every CSV import page shares: the upload form, the preview's
 * faults, warnings and confirmation button, reading back exactly the
 * previewed upload, and the way out after the import. The organisation
 * and lead imports (pages/import.c) and the activity import
 * (pages/activity_import.c) differ only in what a struct import_kind
 * says and in what they parse.
 */
#ifndef CD_IMPORT_PAGE_H
#define CD_IMPORT_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "web/http.h"
#include "web/layout.h"

struct import_error;

struct import_kind {
    const char *path;  /* "/activities/import"; the preview POSTs here */
    const char *title; /* the page's title and heading */
    enum nav nav;
    const char *help;   /* the form's help: columns and rules */
    const char *cancel; /* where Cancel leads */
    const char *done;   /* where a finished import leads ("?msg=imported") */
    bool other_imports; /* the form links to the other imports */
};

/* The upload form, with error beside the file input (or NULL). */
void import_upload_form(struct html *h, const struct req *r,
                        const struct import_kind *k, const char *error);
/* The page of the upload form alone. */
void import_form_page(struct req *r, struct resp *rs,
                      const struct import_kind *k, int status,
                      const char *error);
/* The preview's heading: "Preview of FILE". */
void import_preview_heading(struct html *h, const char *filename);
/* Every fault of a file by line and column. */
void import_errors_html(struct html *h, const struct import_error *errors,
                        size_t n);
/* Sentences about what the file's reading ignored. */
void import_warnings_html(struct html *h, char *const *warnings, size_t n);
/* The button that imports upload_id ("Import 12 leads"), and Cancel. */
void import_confirm_form(struct html *h, const struct req *r,
                         const struct import_kind *k, int64_t upload_id,
                         size_t n, const char *one, const char *many);
/* The uploaded file of a preview, or NULL after answering with the form
 * and its error. */
const struct form_field *import_uploaded(struct req *r, struct resp *rs,
                                         const struct import_kind *k);
/* The user's stored upload r->ids[0] (new buffers), or false after
 * answering: the import was done already or has expired. */
bool import_load_upload(struct req *r, struct resp *rs, char **filename,
                        char **content, size_t *len);
/* After an import: the upload is deleted and the user sent to k->done. */
void import_done(struct req *r, struct resp *rs, const struct import_kind *k);
/* The error page of an apply that failed (err, or "no longer imports
 * cleanly" when the file itself now has faults). */
void import_apply_failed(const struct req *r, struct resp *rs, struct err *err);

#endif
