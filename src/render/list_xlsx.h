/* list_xlsx.h: one version of a versioned list (三项清单 and others, store/lists.h) as an
 * Excel workbook: a title, the agency, the version and its 修订日期, then one row an item
 * (序号, 事项名称, 类别, 设定依据, 其他). */
#ifndef ZF_RENDER_LIST_XLSX_H
#define ZF_RENDER_LIST_XLSX_H

#include "buf.h"
#include "store/lists.h"

/* Writes the workbook to path: 0, or ZF_EIO / ZF_ENOMEM with a Chinese reason in err. */
int list_xlsx_write(const struct vlist *l, const struct list_version *v,
		    const struct list_item *items, size_t n, const char *path, struct buf *err);

#endif
