/* xlsx_table.h: the workbook writer the console's downloads share (libxlsxwriter writes to
 * a file: a temporary one, read back into memory and removed), and one plain table on one
 * sheet: a title line, a header row, rows of text (the queue and audit-log exports). */
#ifndef ZF_RENDER_XLSX_TABLE_H
#define ZF_RENDER_XLSX_TABLE_H

#include "buf.h"

typedef struct lxw_workbook lxw_workbook;

/* Runs fill on a new workbook and puts the bytes of the .xlsx file into out: 0 or
 * ZF_EIO/ZF_ENOMEM. */
int xlsx_book_to_buf(void (*fill)(lxw_workbook *wb, const void *ctx), const void *ctx,
		     struct buf *out);

/* One sheet named sheet: title in the first row (bold), heads[0..ncols) in the third,
 * then nrows rows of cells[row * ncols + col] (NULL = empty), kept as text. */
int xlsx_table(const char *sheet, const char *title, const char *const *heads, int ncols,
	       const char *const *cells, size_t nrows, struct buf *out);

#endif
