/* report_layout.h: the printed layout of a report's tables as grids of (possibly merged)
 * cells, exactly as the official formats lay them out: header cells spanning rows and
 * columns, nested row labels. HTML, XLSX and CSV all render from this one layout. */
#ifndef ZF_REPORT_LAYOUT_H
#define ZF_REPORT_LAYOUT_H

#include "law/report.h"

enum grid_style {
	GRID_HEAD,    /* column header */
	GRID_SUBHEAD, /* sub-table heading inside a table (第二十条第（一）项) */
	GRID_NOTE,    /* the 勾稽关系 note */
	GRID_LABEL,   /* row label */
	GRID_VALUE,   /* a number (or a blank for null) */
};

struct grid_cell {
	unsigned row, col, rowspan, colspan;
	enum grid_style style;
	unsigned indent;  /* GRID_LABEL: nesting level (0 = none) */
	const char *text; /* borrowed (static labels or the report's strings); NULL for values */
	struct report_cell value; /* GRID_VALUE */
	bool amount;		  /* value is 万元 × REPORT_AMOUNT_SCALE */
	char path[64];		  /* GRID_VALUE: "table3.granted.natural_person", "legacy.3" */
};

struct report_grid {
	const char *title; /* "二、主动公开政府信息情况" */
	const char *id;	   /* "table2", "table3", "table4", "legacy" */
	unsigned nrows, ncols;
	unsigned head_rows; /* leading header rows (repeated on every printed page) */
	double widths[16];  /* relative column widths (character units, as in Excel) */
	struct grid_cell *cells;
	size_t ncells;
	size_t alloc;
};

struct report_layout {
	struct report_grid grids[3];
	size_t ngrids;
	char title[512]; /* "某某区人民政府2023年政府信息公开工作年度报告" */
	char subtitle[256];
};

/* Lays out r's tables (r is borrowed and must outlive the layout); 0 or ZF_ENOMEM /
 * ZF_EINVAL (no format). Free with report_layout_free. */
int report_layout_build(const struct report *r, struct report_layout *out);
void report_layout_free(struct report_layout *l);

/* Formats a value cell's text ("" for null, amounts in 万元 without trailing zeros). */
const char *grid_value_text(const struct grid_cell *c, char out[32]);

#endif
