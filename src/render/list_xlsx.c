/* list_xlsx.c: a version of a list as an Excel workbook (libxlsxwriter; the texts go to the
 * shared-strings table, as Excel writes them). */
#include "common.h"
#include "list_xlsx.h"

#include <xlsxwriter.h>

int list_xlsx_write(const struct vlist *l, const struct list_version *v,
		    const struct list_item *items, size_t n, const char *path, struct buf *err)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		buf_printf(err, "无法创建 Excel 文件 %s", path);
		return ZF_EIO;
	}
	lxw_doc_properties props = {0};
	char name[LIST_TEXT_MAX * 4 + 1], kind[64];
	snprintf(name, sizeof(name), "%s", l->f.name);
	snprintf(kind, sizeof(kind), "%s", list_kind_label(l->f.kind));
	props.title = name;
	props.subject = kind;
	props.comments = "由 zfxxgk 生成";
	workbook_set_properties(wb, &props);
	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_bg_color(head, 0xEEEEEE);
	lxw_format *cell = workbook_add_format(wb);
	format_set_text_wrap(cell);
	format_set_border(cell, LXW_BORDER_THIN);
	format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);

	lxw_worksheet *ws = workbook_add_worksheet(wb, list_kind_label(l->f.kind));
	lxw_error e = LXW_NO_ERROR;
	char line[256], day[11];
	static const double widths[] = {6, 30, 14, 40, 40};
	for (lxw_col_t c = 0; c < 5; c++)
		worksheet_set_column(ws, c, c, widths[c], NULL);
	e = worksheet_write_string(ws, 0, 0, l->f.name, title);
	snprintf(line, sizeof(line), "%s · 第 %d 版 · 修订日期 %s", l->agency_name, v->version,
		 date_format(v->revised_on, day));
	if (!e)
		e = worksheet_write_string(ws, 1, 0, line, NULL);
	static const char *const heads[] = {"序号", "事项名称", "类别", "设定依据", "其他"};
	for (lxw_col_t c = 0; c < 5 && !e; c++)
		e = worksheet_write_string(ws, 3, c, heads[c], head);
	for (size_t i = 0; i < n && !e; i++) {
		lxw_row_t r = (lxw_row_t)(4 + i);
		e = worksheet_write_number(ws, r, 0, (double)(i + 1), cell);
		if (!e)
			e = worksheet_write_string(ws, r, 1, items[i].name, cell);
		if (!e)
			e = worksheet_write_string(ws, r, 2, items[i].category, cell);
		if (!e)
			e = worksheet_write_string(ws, r, 3, items[i].basis, cell);
		if (!e)
			e = worksheet_write_string(ws, r, 4, items[i].detail, cell);
	}
	if (e) {
		buf_printf(err, "生成 Excel 表格失败：%s", lxw_strerror(e));
		workbook_close(wb);
		return ZF_ENOMEM;
	}
	if ((e = workbook_close(wb))) {
		buf_printf(err, "无法写入 Excel 文件 %s（%s）", path, lxw_strerror(e));
		return ZF_EIO;
	}
	return 0;
}
