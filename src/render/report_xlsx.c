/* report_xlsx.c: the report's tables as an .xlsx workbook, one sheet per table. */
#include "common.h"
#include "utf8.h"
#include "render/report_layout.h"
#include "render/report_xlsx.h"

#include <math.h>
#include <xlsxwriter.h>

struct fmts {
	lxw_format *title, *subtitle, *head, *sub, *note, *label, *label_sec, *count, *amount;
	lxw_format *blank;
	lxw_format *label_indent[4];
};

static lxw_format *cell_format(lxw_workbook *wb, const char *font, bool center)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, font);
	format_set_font_size(f, 10.5);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, center ? LXW_ALIGN_CENTER : LXW_ALIGN_LEFT);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);
	return f;
}

static void make_formats(lxw_workbook *wb, struct fmts *f)
{
	f->title = workbook_add_format(wb);
	format_set_font_name(f->title, "方正小标宋简体");
	format_set_font_size(f->title, 16);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f->title);
	f->subtitle = workbook_add_format(wb);
	format_set_font_name(f->subtitle, "黑体");
	format_set_font_size(f->subtitle, 12);
	format_set_align(f->subtitle, LXW_ALIGN_LEFT);
	format_set_align(f->subtitle, LXW_ALIGN_VERTICAL_CENTER);
	f->head = cell_format(wb, "黑体", true);
	f->sub = cell_format(wb, "黑体", false);
	format_set_bg_color(f->sub, 0xF2F2F2);
	f->note = cell_format(wb, "宋体", false);
	format_set_font_size(f->note, 9);
	f->label = cell_format(wb, "宋体", false);
	f->label_sec = cell_format(wb, "宋体", true);
	for (int i = 0; i < 4; i++) {
		f->label_indent[i] = cell_format(wb, "宋体", false);
		format_set_indent(f->label_indent[i], (uint8_t)i);
	}
	f->count = cell_format(wb, "宋体", true);
	format_set_num_format(f->count, "0");
	f->amount = cell_format(wb, "宋体", true);
	format_set_num_format(f->amount, "General");
	f->blank = cell_format(wb, "宋体", true);
}

static lxw_format *format_of(const struct fmts *f, const struct grid_cell *c, bool legacy)
{
	switch (c->style) {
	case GRID_HEAD: return f->head;
	case GRID_SUBHEAD: return f->sub;
	case GRID_NOTE: return f->note;
	case GRID_LABEL:
		if (legacy)
			return f->label_indent[ZF_MIN(c->indent, 3u)];
		return c->rowspan > 1 ? f->label_sec : f->label;
	case GRID_VALUE:
		if (!c->value.present)
			return f->blank;
		return c->amount ? f->amount : f->count;
	}
	return f->blank;
}

/* Estimated display lines of text in a cell `width` Excel character units wide (a CJK
 * character takes two units). */
static unsigned text_lines(const char *s, double width)
{
	if (!s || !*s || width <= 0)
		return 1;
	double w = (double)utf8_width(s, strlen(s));
	return (unsigned)ceil(w / (width * 0.95 > 1 ? width * 0.95 : 1));
}

static lxw_error write_cell(lxw_worksheet *ws, unsigned row, const struct grid_cell *c,
			    lxw_format *fmt)
{
	lxw_row_t r0 = (lxw_row_t)row;
	lxw_col_t c0 = (lxw_col_t)c->col;
	lxw_error e = LXW_NO_ERROR;
	if (c->rowspan > 1 || c->colspan > 1)
		e = worksheet_merge_range(ws, r0, c0, r0 + c->rowspan - 1,
					  (lxw_col_t)(c0 + c->colspan - 1), "", fmt);
	if (e)
		return e;
	if (c->style != GRID_VALUE)
		return worksheet_write_string(ws, r0, c0, c->text ? c->text : "", fmt);
	if (!c->value.present)
		return worksheet_write_blank(ws, r0, c0, fmt);
	double v =
	    c->amount ? (double)c->value.v / (double)REPORT_AMOUNT_SCALE : (double)c->value.v;
	return worksheet_write_number(ws, r0, c0, v, fmt);
}

static lxw_error write_sheet(lxw_workbook *wb, const struct fmts *f, const struct report_layout *l,
			     const struct report_grid *g, const char *sheet_name)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet_name);
	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	bool legacy = !strcmp(g->id, "legacy");
	double total = 0;
	for (unsigned c = 0; c < g->ncols; c++) {
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, g->widths[c], NULL);
		total += g->widths[c];
	}
	/* rows 0–1: the report title and the table's heading; the grid starts at row 3 */
	const unsigned top = 3;
	lxw_col_t last = (lxw_col_t)(g->ncols - 1);
	lxw_error e = worksheet_merge_range(ws, 0, 0, 0, last, l->title, f->title);
	if (!e)
		e = worksheet_merge_range(ws, 1, 0, 1, last, l->subtitle, f->subtitle);
	if (!e)
		e = worksheet_merge_range(ws, 2, 0, 2, last, g->title, f->subtitle);
	if (e)
		return e;
	worksheet_set_row(ws, 0, 15.0 * text_lines(l->title, total * 0.8) + 10, NULL);
	worksheet_set_row(ws, 1, 20, NULL);
	worksheet_set_row(ws, 2, 22, NULL);

	/* row heights: Excel does not size rows to wrapped text in merged cells */
	unsigned *lines = calloc(g->nrows ? g->nrows : 1, sizeof(*lines));
	if (!lines)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	for (size_t k = 0; k < g->ncells && !e; k++) {
		const struct grid_cell *c = &g->cells[k];
		e = write_cell(ws, top + c->row, c, format_of(f, c, legacy));
		double w = 0;
		for (unsigned x = c->col; x < c->col + c->colspan && x < g->ncols; x++)
			w += g->widths[x];
		unsigned n = c->style == GRID_VALUE ? 1 : text_lines(c->text, w);
		n = (n + c->rowspan - 1) / c->rowspan;
		if (c->row < g->nrows && n > lines[c->row])
			lines[c->row] = n;
	}
	for (unsigned y = 0; y < g->nrows && !e; y++)
		e = worksheet_set_row(ws, top + y, 14.5 * (lines[y] ? lines[y] : 1) + 4, NULL);
	free(lines);
	if (e)
		return e;

	worksheet_set_paper(ws, 9); /* A4 */
	if (g->ncols > 10)
		worksheet_set_landscape(ws);
	worksheet_set_margins(ws, 0.6, 0.6, 0.8, 0.8);
	worksheet_center_horizontally(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	if (g->head_rows)
		e = worksheet_repeat_rows(ws, top, top + g->head_rows - 1);
	return e;
}

int report_xlsx_write(const struct report *r, const char *path, struct buf *err)
{
	struct report_layout l;
	int rc = report_layout_build(r, &l);
	if (rc) {
		buf_adds(err, rc == ZF_EINVAL ? "报告没有注明格式，无法生成表格" : "内存不足");
		return rc;
	}
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		report_layout_free(&l);
		buf_printf(err, "无法创建 Excel 文件 %s", path);
		return ZF_EIO;
	}
	lxw_doc_properties props = {0};
	props.title = l.title;
	props.subject = "政府信息公开工作年度报告";
	props.comments = "由 zfxxgk 生成";
	workbook_set_properties(wb, &props);

	struct fmts f;
	make_formats(wb, &f);
	static const char *const names[] = {"表二 主动公开", "表三 依申请公开", "表四 复议诉讼"};
	lxw_error e = LXW_NO_ERROR;
	for (size_t i = 0; i < l.ngrids && !e; i++)
		e = write_sheet(wb, &f, &l, &l.grids[i], l.ngrids == 1 ? "统计表" : names[i]);
	if (e) {
		buf_printf(err, "生成 Excel 表格失败：%s", lxw_strerror(e));
		workbook_close(wb);
		report_layout_free(&l);
		return ZF_ENOMEM;
	}
	e = workbook_close(wb);
	report_layout_free(&l);
	if (e) {
		buf_printf(err, "无法写入 Excel 文件 %s（%s）", path, lxw_strerror(e));
		return ZF_EIO;
	}
	return 0;
}
