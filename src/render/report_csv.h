/* report_csv.h: an annual report as CSV for Excel: UTF-8 with a byte-order mark, CRLF line
 * ends, the tables one below the other as laid out in the official format (a merged cell's
 * text sits in its top-left cell, the cells it covers are empty). */
#ifndef ZF_REPORT_CSV_H
#define ZF_REPORT_CSV_H

#include "buf.h"
#include "law/report.h"

/* Appends one field to out, quoted when needed. With text set, text Excel would take for a
 * formula (= + - @ tab at the start) gets a leading apostrophe: it comes from outside input. */
void report_csv_field(struct buf *out, const char *s, bool text);
/* The same field (text set) written to f; nothing for NULL. */
void report_csv_fputs(FILE *f, const char *s);

/* Appends the CSV to out; 0, ZF_EINVAL (no format), ZF_ENOMEM or ZF_ETOOBIG. */
int report_csv_write(const struct report *r, struct buf *out);

#endif
