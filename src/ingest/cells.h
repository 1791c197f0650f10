/* cells.h: cuts normalised report text into a stream of cells, whatever the layout: one
 * cell per line, pipe rows ("名称 | 1 | 2 |"), Markdown rows ("| 名称 | 1 |", "|---|"),
 * space-separated numbers after a label, or a whole run of numbers on one line. Each cell is
 * a label, a number, an explicit blank ("/", "—") or an empty cell, with its place in the
 * text. Page footers ("— 3 —", "第3页") and generic header rows ("0 | 1 | 2 | …",
 * "Column1 | …") are dropped here. Pure. */
#ifndef ZF_CELLS_H
#define ZF_CELLS_H

enum cell_kind {
	CELL_LABEL,
	CELL_NUM,
	CELL_NULL,  /* written blank: "/", "—", "-", "无" */
	CELL_EMPTY, /* nothing between two separators */
};

enum cell_unit {
	UNIT_NONE,
	UNIT_YUAN,     /* 元 */
	UNIT_WAN_YUAN, /* 万元 */
	UNIT_YI_YUAN,  /* 亿元 */
	UNIT_COUNT,    /* 件, 条, 个, 次, 人, 项 */
	UNIT_PERCENT,
};

/* Pipe styles of a document. */
enum pipe_style {
	PIPE_NONE,
	PIPE_TRAILING, /* every cell ends with "|" ("a | b |"); a line may continue a row */
	PIPE_MARKDOWN, /* rows open and close with "|" */
};

struct cell {
	enum cell_kind kind;
	uint32_t off, len; /* the cell's text in the scanned text */
	uint32_t line;	   /* 0-based line number in the scanned text */
	bool piped;	   /* read from a line with "|" separators */
	/* CELL_NUM only */
	int64_t micro; /* value × 1 000 000 */
	bool integral; /* no fractional part */
	bool huge;     /* too many digits for a value (a run of glued cells) */
	int8_t sign;   /* -1 for "-"/"减", +1 for "+"/"增", 0 when unsigned */
	enum cell_unit unit;
	uint32_t doff, dlen; /* the digits alone (no sign, unit or separators) */
};

struct cells {
	struct cell *v;
	size_t n, alloc;
	enum pipe_style style;
	size_t footers;	 /* page footers dropped */
	size_t generic;	 /* generic header rows dropped */
	size_t num_runs; /* lines holding several space-separated numbers */
	bool failed;
};

void cells_free(struct cells *c);
/* Scans n bytes of normalised text into c (previous contents dropped). 0 or ZF_ENOMEM. */
int cells_scan(const char *text, size_t n, struct cells *c);

/* Parses a whole string as a number cell (fills the CELL_NUM fields of *out, off-relative
 * to s); true on success. */
bool cells_parse_number(const char *s, size_t n, struct cell *out);

#endif
