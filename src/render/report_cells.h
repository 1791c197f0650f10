/* report_cells.h: every cell of a parsed report, one at a time, with its Chinese labels, the
 * place it was read in the source (report_pos) and the findings that touch it; and the three
 * outputs built on that walk: `report parse --explain` (one Chinese line per cell, with the
 * source text around the number), the cells CSV and the cells workbook (one row per cell per
 * report, written as each report comes, so a bulk run keeps one report in memory). */
#ifndef ZF_RENDER_REPORT_CELLS_H
#define ZF_RENDER_REPORT_CELLS_H

#include <stdio.h>

#include "buf.h"
#include "law/report.h"

/* One cell as the walk gives it; all strings static or borrowed from the report. */
struct report_cell_info {
	int table;		 /* 2, 3, 4; 0 for a legacy 统计表 line */
	const char *table_label; /* "表二", "表三", "表四", "统计表" */
	const char *path;	 /* "table3.granted.natural_person", "legacy.12" */
	const char *row_key;	 /* "granted", "review", "regulations"; the line index for legacy */
	const char *row_label; /* "三（一）予以公开", "行政诉讼·未经复议直接起诉", "规章" */
	const char *col_key; /* "natural_person", "upheld", "issued"; "value" for legacy */
	const char *col_label; /* "自然人", "结果维持", "本年制发件数"; the unit for legacy */
	enum report_value_kind kind;
	const struct report_cell *cell;
};

/* Why a cell is null. */
enum report_null_kind {
	REPORT_NULL_NONE,	   /* the cell has a value */
	REPORT_NULL_BLANK,	   /* the table was read and this cell was blank, "/" or "—" */
	REPORT_NULL_ROW_EMPTY,	   /* a whole table-3 row is null: blank, or the row not found */
	REPORT_NULL_TABLE_MISSING, /* the table was not found (parse.table2/3/4) */
	REPORT_NULL_AMBIGUOUS,	   /* glued digits with several valid cuts (cell.ambiguous) */
	REPORT_NULL_INVALID,	   /* a value that is not a count (cell.invalid) */
};

/* Calls cb for each cell of r's format, table by table (2, 3, 4) in the order of the printed
 * tables, or for each legacy line with a unit; nothing for format NONE. */
void report_cells_each(const struct report *r,
		       void (*cb)(void *arg, const struct report_cell_info *ci), void *arg);

enum report_null_kind report_cell_null_kind(const struct report *r,
					    const struct report_cell_info *ci);
/* "", "blank", "row_empty", "table_missing", "ambiguous", "invalid" (stable, for CSV). */
const char *report_null_key(enum report_null_kind k);
/* "", "原文空白" …: the Chinese words. */
const char *report_null_label(enum report_null_kind k);

/* True when finding f concerns the cell: it names the path, or (cell.ambiguous) the row of
 * table 3 or table 4 as a whole that the cell is in. */
bool report_finding_touches(const struct report_finding *f, const struct report_cell_info *ci);

/* The value as text ("12", "76320.9" for amounts); "" for null. */
char *report_cell_value_str(const struct report_cell_info *ci, char out[32]);

/* Where a cell was read, in Chinese: "第12行第5列（字节 3456）", "第2页 x=123.4 y=456.7",
 * "第1个表格 第7行第3格" (Word), "工作表1 第7行第C列" (Excel: layout "xlsx"); "" when the
 * position is unknown. Returns out. */
char *report_place_str(const struct report_pos *p, const char *layout, char *out, size_t n);

/* Appends the source text around byte offset p->off of text (the decoded text the reader
 * saw): the rest of the line on both sides, at most about 30 characters each way, with the
 * number at off between 【】 (value, when not NULL and found there, bounds the number, for
 * digits that were glued in the source). Control characters become spaces; with html the
 * markup is left out and the window looks further for text. 0 or
 * ZF_ENOMEM; nothing appended when off is past the text. */
int report_snippet(const char *text, size_t len, const struct report_pos *p, const char *value,
		   bool html, struct buf *out);
/* True when the number at p->off (value) was cut from a longer run of digits in text (glued
 * cells); [*from, *to) is that run. */
bool report_glued_run(const char *text, size_t len, const struct report_pos *p, const char *value,
		      size_t *from, size_t *to);

/* Appends the Chinese explanation of every cell of r: a heading per table, then one line per
 * cell: labels, value (or why it is null), place, the findings touching it, and the source
 * text when text is not NULL. 0 or ZF_ENOMEM. */
int report_explain(const struct report *r, const char *text, size_t len, struct buf *out);

/* How completely a file was read. */
enum report_reading {
	REPORT_READ_FULL,    /* 完整读取: every table found, no cell null */
	REPORT_READ_PARTIAL, /* 部分读取 */
	REPORT_READ_NONE,    /* 未能读取 */
};
/* "full", "partial", "none" (stable, for CSV) and 完整读取, 部分读取, 未能读取. */
const char *report_reading_key(enum report_reading k);
const char *report_reading_label(enum report_reading k);
/* How completely r was read; for a partial or failed reading why gets the reasons in Chinese
 * ("表四未找到、12格空缺、3行数字连写有多种拆法"; "不是年度报告"). */
enum report_reading report_reading(const struct report *r, struct buf *why);
/* The short reason a file could not be read at all, from the reader's status and its
 * sentence: "过大", "扫描件需OCR", "已加密", "空文件", "文件不存在", "无读取权限",
 * "格式不支持", "不是文档", "文件损坏" (static). */
const char *report_unreadable_reason(int rc, const char *err);

/* The cells CSV (UTF-8 with a BOM, CRLF): the header line, then one line per cell. */
extern const char report_cells_csv_header[];
void report_cells_csv(FILE *f, const char *file, const struct report *r);

/* The cells workbook, written while reports come (constant memory: rows go to disk at once).
 * Open returns 0, ZF_EIO or ZF_ENOMEM; close returns 0 or ZF_EIO (the file could not be
 * written). A sheet holds at most about a million rows; more go on to a next sheet. */
struct cells_book;
int cells_book_open(const char *path, struct cells_book **out);
void cells_book_add(struct cells_book *b, const char *file, const struct report *r);
int cells_book_close(struct cells_book *b);

#endif
