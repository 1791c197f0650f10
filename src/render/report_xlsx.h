/* report_xlsx.h: an annual report as an Excel workbook (libxlsxwriter): one sheet per table,
 * laid out like the official format with merged header cells, borders, number formats,
 * column widths and A4 print setup, ready to paste into a 公文. */
#ifndef ZF_REPORT_XLSX_H
#define ZF_REPORT_XLSX_H

#include "buf.h"
#include "law/report.h"

/* Writes the workbook to the file at path (created or replaced). Returns 0, ZF_EINVAL (no
 * format), ZF_ENOMEM or ZF_EIO; on failure err gets a Chinese sentence. */
int report_xlsx_write(const struct report *r, const char *path, struct buf *err);

#endif
