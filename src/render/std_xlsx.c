/* std_xlsx.c: the standard catalogue as .xlsx (std_xlsx.h), through xlsx_table.h: the
 * import's twelve columns, then 状态 and 到期日 (ignored on import). */
#include "common.h"
#include "ingest/std_sheet.h"
#include "render/std_xlsx.h"
#include "render/xlsx_table.h"

#include <stdlib.h>

#define NCOLS (STD_SHEET_COLUMNS + 2)

int std_xlsx_export(const struct std_item *v, size_t n, struct buf *out)
{
	const char *heads[NCOLS];
	for (int k = 0; k < STD_SHEET_COLUMNS; k++)
		heads[k] = std_sheet_headers[k];
	heads[STD_SHEET_COLUMNS] = "状态";
	heads[STD_SHEET_COLUMNS + 1] = "到期日";
	const char **cells = n ? calloc(n * NCOLS, sizeof(*cells)) : NULL;
	char(*num)[24] = n ? calloc(n, sizeof(*num)) : NULL;
	char(*due)[11] = n ? calloc(n, sizeof(*due)) : NULL;
	if (n && (!cells || !num || !due)) {
		free(cells);
		free(num);
		free(due);
		return ZF_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const struct std_item *x = &v[i];
		const char **c = &cells[i * NCOLS];
		snprintf(num[i], sizeof(num[i]), "%zu", i + 1);
		if (x->due)
			date_format(x->due, due[i]);
		const char *row[NCOLS] = {num[i],
					  x->area,
					  x->level1,
					  x->level2,
					  x->content,
					  x->basis,
					  x->limit_text,
					  x->agency_name,
					  x->channel,
					  x->audience,
					  x->mode,
					  x->tier,
					  std_status_label(x->status),
					  due[i]};
		for (int k = 0; k < NCOLS; k++)
			c[k] = row[k];
	}
	int rc = xlsx_table("标准目录", "基层政务公开标准目录", heads, NCOLS, cells, n, out);
	free(cells);
	free(num);
	free(due);
	return rc;
}
