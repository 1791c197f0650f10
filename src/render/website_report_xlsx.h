/* website_report_xlsx.h: the 政府网站工作年度报表 (store/website_report.h) as an .xlsx
 * workbook: a title line, then 栏目, 项目, 数值, 单位 for every item in the template's order. */
#ifndef ZF_RENDER_WEBSITE_REPORT_XLSX_H
#define ZF_RENDER_WEBSITE_REPORT_XLSX_H

#include "buf.h"
#include "store/website_report.h"

/* Writes the workbook's bytes into out: 0 or ZF_EIO/ZF_ENOMEM. */
int website_report_xlsx(const struct website_report *r, struct buf *out);

#endif
