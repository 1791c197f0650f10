/* report_html.h: an annual report as a stand-alone HTML page laid out like the official tables
 * (merged header cells, nested row labels), with print CSS for A4 so that the browser's
 * print gives the publishable document. */
#ifndef ZF_REPORT_HTML_H
#define ZF_REPORT_HTML_H

#include "buf.h"
#include "law/report.h"

/* Appends the whole page (<!DOCTYPE html> … </html>) to out. Returns 0, ZF_EINVAL (the
 * report has no format), ZF_ENOMEM or ZF_ETOOBIG (out's cap). */
int report_html_write(const struct report *r, struct buf *out);

/* Appends only the tables (one <section> per table) for embedding in a page that supplies
 * its own chrome; the styles are those of report_html_css(). Same returns. */
int report_html_tables(const struct report *r, struct buf *out);

/* The page's stylesheet (static), for pages that embed report_html_tables(). */
const char *report_html_css(void);

#endif
