/* website_report_xlsx.c: the 政府网站工作年度报表 as .xlsx (website_report_xlsx.h). */
#include "common.h"
#include "render/xlsx_table.h"
#include "website_report_xlsx.h"

int website_report_xlsx(const struct website_report *r, struct buf *out)
{
	static const char *const heads[] = {"栏目", "项目", "数值", "单位"};
	const char **cells = calloc(wr_nitems * 4, sizeof(*cells));
	if (!cells)
		return ZF_ENOMEM;
	for (size_t i = 0; i < wr_nitems; i++) {
		cells[i * 4] = wr_items[i].section;
		cells[i * 4 + 1] = wr_items[i].label;
		cells[i * 4 + 2] = r->values[i];
		cells[i * 4 + 3] = wr_items[i].unit;
	}
	char title[80];
	snprintf(title, sizeof(title), "政府网站工作年度报表（%d年度）", r->year);
	int rc = xlsx_table("年度报表", title, heads, 4, cells, wr_nitems, out);
	free(cells);
	return rc;
}
