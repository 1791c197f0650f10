/* std_xlsx.h: the standard catalogue (store/std_catalogue.h) as an .xlsx workbook: one sheet
 * in the layout of the import (ingest/std_sheet.h's headers, one line each), with the status
 * on the day asked in two columns after them, so a clerk can edit it and import it back. */
#ifndef ZF_RENDER_STD_XLSX_H
#define ZF_RENDER_STD_XLSX_H

#include "buf.h"
#include "store/std_catalogue.h"

/* Writes the items into out as .xlsx bytes: 0 or ZF_EIO/ZF_ENOMEM. */
int std_xlsx_export(const struct std_item *v, size_t n, struct buf *out);

#endif
