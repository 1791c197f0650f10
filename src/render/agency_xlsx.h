/* agency_xlsx.h: the workbooks of the agency import: the template to fill in (header row,
 * two example rows, a sheet of notes) and the validation report (each refused row with its
 * reason). libxlsxwriter. */
#ifndef ZF_RENDER_AGENCY_XLSX_H
#define ZF_RENDER_AGENCY_XLSX_H

#include "buf.h"

struct agency_import_report;
struct agency_info;

/* Writes the import template into out (bytes of an .xlsx file): 0 or ZF_EIO/ZF_ENOMEM. */
int agency_xlsx_template(struct buf *out);
/* Writes the refused rows of a report into out as an .xlsx file. */
int agency_xlsx_report(const struct agency_import_report *r, struct buf *out);
/* Writes agencies list[0..n) (tree order) as an import sheet into out: each row's parent by
 * its 机构代码 when it has one, else by name; rows whose parent is not in the list name it
 * too (so the sheet imports back under the same parent). Closed agencies are left out. */
int agency_xlsx_export(const struct agency_info *list, size_t n, struct buf *out);

#endif
