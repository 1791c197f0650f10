/* xlsx_table.c: the shared workbook writer and the plain table (xlsx_table.h). */
#include "common.h"
#include "render/xlsx_table.h"

#include <unistd.h>
#include <xlsxwriter.h>

int xlsx_book_to_buf(void (*fill)(lxw_workbook *wb, const void *ctx), const void *ctx,
		     struct buf *out)
{
	char path[] = "/tmp/zfxxgk-xlsx-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return ZF_EIO;
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		unlink(path);
		return ZF_EIO;
	}
	fill(wb, ctx);
	int rc = workbook_close(wb) == LXW_NO_ERROR ? 0 : ZF_EIO;
	buf_reset(out);
	if (!rc)
		rc = buf_read_file(out, path, 64u << 20);
	unlink(path);
	return rc;
}

struct table {
	const char *sheet, *title;
	const char *const *heads;
	int ncols;
	const char *const *cells;
	size_t nrows;
};

static void fill_table(lxw_workbook *wb, const void *ctx)
{
	const struct table *t = ctx;
	lxw_doc_properties props = {.title = (char *)t->title, .comments = "由 zfxxgk 生成"};
	workbook_set_properties(wb, &props);
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);
	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDEBF7);
	format_set_border(head, LXW_BORDER_THIN);
	lxw_format *text = workbook_add_format(wb);
	format_set_num_format(text, "@"); /* numbers and codes stay as typed */
	format_set_text_wrap(text);
	format_set_align(text, LXW_ALIGN_VERTICAL_TOP);
	worksheet_write_string(ws, 0, 0, t->title, title);
	for (int c = 0; c < t->ncols; c++) {
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c == 0 ? 12 : 22, NULL);
		worksheet_write_string(ws, 2, (lxw_col_t)c, t->heads[c], head);
	}
	for (size_t r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols; c++) {
			const char *v = t->cells[r * (size_t)t->ncols + (size_t)c];
			if (v && *v)
				worksheet_write_string(ws, (lxw_row_t)(r + 3), (lxw_col_t)c, v,
						       text);
		}
	worksheet_freeze_panes(ws, 3, 0);
}

int xlsx_table(const char *sheet, const char *title, const char *const *heads, int ncols,
	       const char *const *cells, size_t nrows, struct buf *out)
{
	if (ncols <= 0 || nrows > 1000000)
		return ZF_EINVAL;
	struct table t = {sheet, title, heads, ncols, cells, nrows};
	return xlsx_book_to_buf(fill_table, &t, out);
}
