/* agency_xlsx.c: the import template and the validation report as .xlsx (agency_xlsx.h).
 * Written through xlsx_table.h's workbook writer. */
#include "common.h"
#include "render/agency_xlsx.h"
#include "render/xlsx_table.h"
#include "store/agencies.h"

#include <xlsxwriter.h>

static lxw_format *head_format(lxw_workbook *wb)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_bold(f);
	format_set_bg_color(f, 0xDDEBF7);
	format_set_border(f, LXW_BORDER_THIN);
	return f;
}

static void fill_template(lxw_workbook *wb, const void *ctx)
{
	ZF_UNUSED(ctx);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "机构");
	lxw_worksheet *notes = workbook_add_worksheet(wb, "填写说明");
	lxw_format *h = head_format(wb);
	lxw_format *text = workbook_add_format(wb);
	format_set_num_format(text, "@"); /* codes stay text, never 9.1E+17 */
	static const double widths[AGENCY_IMPORT_COLUMNS] = {30, 10, 30, 16, 24, 22, 16, 30, 24};
	for (int c = 0; c < AGENCY_IMPORT_COLUMNS; c++) {
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], text);
		worksheet_write_string(ws, 0, (lxw_col_t)c, agency_import_headers[c], h);
	}
	static const char *const example[][AGENCY_IMPORT_COLUMNS] = {
	    {"示例县教育局", "示教", "示例县人民政府", "部门", "", "", "0000-1234567",
	     "示例县人民路1号", "工作日 9:00—17:00"},
	    {"示例县第一中学", "", "示例县教育局", "公共企事业单位", "", "", "", "", ""},
	};
	for (size_t r = 0; r < ARRAY_SIZE(example); r++)
		for (int c = 0; c < AGENCY_IMPORT_COLUMNS; c++)
			if (*example[r][c])
				worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c,
						       example[r][c], text);
	worksheet_freeze_panes(ws, 1, 0);
	static const char *const lines[] = {
	    "每行一个机构；第一行是表头，请勿改动表头文字（列的顺序可以调整）。",
	    "名称：必填，不超过 100 个字。",
	    "上级机构：必填，填写上级机构的名称或机构代码；上级机构可以是系统中已有的机构，"
	    "也可以是本表中的另一行（顺序不限）。",
	    "类别：人民政府、部门、乡镇（街道）、公共企事业单位、其他；不填视为部门。"
	    "公共企事业单位的主管部门默认为其上级机构，可导入后在工作台修改。",
	    "统一社会信用代码：18 位，按 GB 32100-2015 校验；不能与其他机构重复。",
	    "机构代码：用于索引号的 9 位组织机构代码或 18 位统一社会信用代码；不能重复。"
	    "填写后该机构即可发布主动公开信息。",
	    "代码请以文本格式填写，避免 Excel 显示为科学计数法。",
	    "导入时有误的行不会导入，并在校验报告中列出行号和原因；其余各行照常导入。",
	    "请删除本表中的两行示例后再填写。",
	};
	worksheet_set_column(notes, 0, 0, 100, NULL);
	worksheet_write_string(notes, 0, 0, "机构批量导入模板 填写说明", h);
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		worksheet_write_string(notes, (lxw_row_t)(i + 1), 0, lines[i], NULL);
}

int agency_xlsx_template(struct buf *out)
{
	return xlsx_book_to_buf(fill_template, NULL, out);
}

static void fill_report(lxw_workbook *wb, const void *ctx)
{
	const struct agency_import_report *r = ctx;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "校验报告");
	lxw_format *h = head_format(wb);
	worksheet_set_column(ws, 0, 0, 10, NULL);
	worksheet_set_column(ws, 1, 1, 30, NULL);
	worksheet_set_column(ws, 2, 2, 80, NULL);
	worksheet_write_string(ws, 0, 0, "行号", h);
	worksheet_write_string(ws, 0, 1, "名称", h);
	worksheet_write_string(ws, 0, 2, "原因", h);
	for (size_t i = 0; i < r->nbad; i++) {
		worksheet_write_number(ws, (lxw_row_t)(i + 1), 0, r->bad[i].line, NULL);
		worksheet_write_string(ws, (lxw_row_t)(i + 1), 1, r->bad[i].name, NULL);
		worksheet_write_string(ws, (lxw_row_t)(i + 1), 2, r->bad[i].reason, NULL);
	}
	char summary[120];
	snprintf(summary, sizeof(summary), "已导入 %zu 个机构，%zu 行有误未导入", r->added,
		 r->nbad);
	worksheet_write_string(ws, (lxw_row_t)(r->nbad + 2), 0, summary, NULL);
}

int agency_xlsx_report(const struct agency_import_report *r, struct buf *out)
{
	return xlsx_book_to_buf(fill_report, r, out);
}

struct export_ctx {
	const struct agency_info *list;
	size_t n;
};

static void fill_export(lxw_workbook *wb, const void *ctx)
{
	const struct export_ctx *x = ctx;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "机构");
	lxw_format *h = head_format(wb);
	lxw_format *text = workbook_add_format(wb);
	format_set_num_format(text, "@");
	for (int c = 0; c < AGENCY_IMPORT_COLUMNS; c++) {
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c == 0 || c == 2 ? 30 : 18,
				     text);
		worksheet_write_string(ws, 0, (lxw_col_t)c, agency_import_headers[c], h);
	}
	lxw_row_t row = 1;
	for (size_t i = 0; i < x->n; i++) {
		const struct agency_info *a = &x->list[i];
		if (a->closed_on)
			continue;
		const char *parent = a->parent_name;
		for (size_t k = 0; k < x->n; k++)
			if (x->list[k].id == a->parent_id && *x->list[k].org_code)
				parent = x->list[k].org_code;
		const char *cells[AGENCY_IMPORT_COLUMNS] = {
		    a->name,	    a->short_name, parent,   agency_class_label(a->cls),
		    a->credit_code, a->org_code,   a->phone, a->address,
		    a->hours,
		};
		for (int c = 0; c < AGENCY_IMPORT_COLUMNS; c++)
			if (cells[c] && *cells[c])
				worksheet_write_string(ws, row, (lxw_col_t)c, cells[c], text);
		row++;
	}
	worksheet_freeze_panes(ws, 1, 0);
}

int agency_xlsx_export(const struct agency_info *list, size_t n, struct buf *out)
{
	struct export_ctx x = {list, n};
	return xlsx_book_to_buf(fill_export, &x, out);
}
