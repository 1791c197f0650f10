/* std_sheet.h: a 基层政务公开标准目录 (国办发〔2019〕54号) as the 26 试点领域 guidelines lay it
 * out in Excel, read into rows: the header row found by its labels (序号, 一级事项/二级事项 or
 * 事项名称, 公开内容（要素）, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 公开对象, 公开方式,
 * 公开层级, their variants), a second header row of sub-columns marked with √ (全社会 / 特定
 * 群体, 主动 / 依申请, 县级 / 乡级) or one text column each, merged cells carried down, the 领域
 * from a column, the title line ("义务教育领域基层政务公开标准目录") or a default. Every
 * problem is named "第N行：…" (N the sheet's row). No database: the store resolves 主体. */
#ifndef ZF_INGEST_STD_SHEET_H
#define ZF_INGEST_STD_SHEET_H

#include "buf.h"

#include <stddef.h>

struct arena;
struct xlsx_sheet;

#define STD_SHEET_ROWS_MAX 5000 /* items of one file */
#define STD_FIELD_MAX	   2000 /* characters of one cell */
#define STD_NAME_MAX	   200	/* characters of 领域, 一级事项, 二级事项 */
#define STD_PROBLEMS_MAX   200	/* problems listed; the rest are counted */

/* One item as read (all strings trimmed, never NULL). */
struct std_sheet_row {
	int line;	    /* the sheet's row number */
	const char *area;   /* 领域 */
	const char *level1; /* 一级事项 (carried down) */
	const char *level2; /* 二级事项 / 事项名称 */
	const char *content, *basis, *limit, *subject, *channel;
	const char *audience; /* 全社会 / 特定群体 / 全社会、特定群体 / "" */
	const char *mode;     /* 主动 / 依申请 / 主动、依申请 */
	const char *tier;     /* 县级 / 乡级 / 县级、乡级 / "" */
};

struct std_sheet {
	struct std_sheet_row *rows;
	size_t n;
	char **problems; /* "第N行：…", up to STD_PROBLEMS_MAX */
	size_t nproblems;
	size_t more_problems; /* problems beyond those listed */
};

/* Reads the rows of a worksheet. area_default names the 领域 when neither a column nor the
 * title gives it (NULL or "" = none). 0 with the rows (check out->nproblems: a file with
 * problems must not be imported), or ZF_EPARSE with one reason in err when the sheet is not
 * a catalogue at all (no header, no rows). Strings come from the arena. */
int std_sheet_read(const struct xlsx_sheet *sh, const char *area_default, struct arena *a,
		   struct std_sheet *out, struct buf *err);
/* xlsx_read (first sheet) and std_sheet_read. */
int std_sheet_read_xlsx(const void *data, size_t len, const char *area_default, struct arena *a,
			struct std_sheet *out, struct buf *err);

/* The export's header, in order (the layout std_sheet_read reads back). */
#define STD_SHEET_COLUMNS 12
extern const char *const std_sheet_headers[STD_SHEET_COLUMNS];

#endif
