/* report.h: one 政府信息公开工作年度报告 as plain structs (the model behind
 * zfxxgk.report/1, see /work/shared/spec/report-json.md). The parser fills it, the checker
 * adds findings to it, the renderers and the merger read it. Layouts and labels live in
 * report_format.h. Pure data: no I/O. */
#ifndef ZF_REPORT_H
#define ZF_REPORT_H

#include "law/report_format.h"

/* What the extra fields of a report_pos mean. */
enum report_src {
	REPORT_SRC_TEXT,  /* only line/col/off */
	REPORT_SRC_PDF,	  /* page, and x, y of the first glyph in 1/10 pt from the top left */
	REPORT_SRC_TABLE, /* a Word table or an Excel sheet: page = table or sheet (1-based),
			     x = row, y = cell (1-based) */
};

/* Where a value was read in the source: 1-based line and column (column in code points) and
 * the byte offset of the text the reader saw — for a PDF or Office file, the text made from
 * it; line 0 = unknown (typed in, computed, or decoded from JSON). Cells from a PDF or an
 * Office file also name their page and place (src). */
struct report_pos {
	uint32_t line;
	uint32_t col;
	uint32_t off;
	uint32_t src; /* enum report_src */
	uint32_t page;
	uint32_t x, y;
};

/* A table cell: a value or null. Null covers a blank source cell, "/", "—", and a cell that
 * does not exist in the report's format. For REPORT_KIND_AMOUNT cells v is in 万元 ×
 * REPORT_AMOUNT_SCALE. */
/* Largest magnitude a cell may hold (decoders reject more; the checker clamps), far below
 * where any sum over a report or a merge could overflow. */
#define REPORT_VALUE_MAX 1000000000000000LL

struct report_cell {
	int64_t v;
	bool present; /* false = null */
	struct report_pos pos;
};

/* One line of a pre-2019 统计表. */
struct report_legacy_line {
	char *label;		  /* owned, simplified Chinese */
	char *unit;		  /* owned, NULL when the line has none (headings) */
	struct report_cell value; /* null for headings */
};

enum report_severity {
	REPORT_SEV_INFO,
	REPORT_SEV_WARNING,
	REPORT_SEV_ERROR,
};

/* Something wrong (or worth a question) in a report. */
struct report_finding {
	char *rule; /* owned; stable dotted id, e.g. "balance.column" */
	enum report_severity severity;
	char *message; /* owned; Chinese, names the cells and the arithmetic */
	char **cells;  /* owned; paths "table3.<row>.<col>", "table4.<group>.<field>", ... */
	size_t ncells;
};

/* Where a parsed report came from (report parse only). */
struct report_source {
	char *file;	 /* owned, as given on the command line */
	char sha256[65]; /* lowercase hex of the file's bytes, "" when unknown */
	char *layout;	 /* owned: "pipe", "cell-per-line", "glued", "html", "markdown", ... */
};

struct report {
	enum report_format_id format;
	int year;     /* the reported year; 0 = unknown */
	char *agency; /* owned; as printed in the title, NULL = unknown */
	bool has_source;
	struct report_source source;

	struct report_cell table2[REPORT_T2_ITEMS][REPORT_T2_FIELDS];
	struct report_cell table3[REPORT_T3_ROWS][REPORT_T3_COLS];
	struct report_cell table4[REPORT_T4_GROUPS][REPORT_T4_FIELDS];

	struct report_legacy_line *legacy; /* format legacy only */
	size_t nlegacy;
	size_t legacy_alloc;

	struct report_finding *findings;
	size_t nfindings;
	size_t findings_alloc;

	char **members; /* merged reports only: one name per unit (owned) */
	size_t nmembers;
	size_t members_alloc;
};

/* Returns a new empty report (format NONE, every cell null), owned, free with report_free;
 * NULL when out of memory. */
struct report *report_new(void);
void report_free(struct report *r);

/* Sets a cell to a value / to null; pos may be NULL (unknown). */
void report_cell_set(struct report_cell *c, int64_t v, const struct report_pos *pos);
void report_cell_clear(struct report_cell *c);

/* Writes the path of a cell ("table3.granted.natural_person", "table4.review.total",
 * "table2.fees.amount_wan_yuan") into out (n bytes) and returns out. */
char *report_path_t2(enum report_t2_item item, enum report_t2_field field, char *out, size_t n);
char *report_path_t3(enum report_t3_row row, enum report_t3_col col, char *out, size_t n);
char *report_path_t4(enum report_t4_group group, enum report_t4_field field, char *out, size_t n);
/* Returns the cell a path names (borrowed, inside r), or NULL when the path is unknown. */
struct report_cell *report_cell_by_path(struct report *r, const char *path);

/* Copies the agency name (len bytes, UTF-8); 0 or ZF_ENOMEM. NULL clears it. */
int report_set_agency(struct report *r, const char *s, size_t len);
/* Records the source; copies the strings (sha256 may be NULL); 0 or ZF_ENOMEM. */
int report_set_source(struct report *r, const char *file, const char *sha256, const char *layout);
/* Appends a legacy line (copies label and unit; unit may be NULL); 0 or ZF_ENOMEM. */
int report_add_legacy(struct report *r, const char *label, const char *unit,
		      const struct report_cell *value);
/* Appends a finding: copies rule, the ncells paths and the printf-formatted message;
 * 0 or ZF_ENOMEM. */
int report_add_finding(struct report *r, const char *rule, enum report_severity sev,
		       const char *const *cells, size_t ncells, const char *fmt, ...)
    ZF_PRINTF(6, 7);
/* Removes all findings. */
void report_clear_findings(struct report *r);
/* Removes the findings whose rule id makes drop() return true, keeping the order. */
void report_drop_findings(struct report *r, bool (*drop)(const char *rule));
/* Appends a member name (copied); 0 or ZF_ENOMEM. */
int report_add_member(struct report *r, const char *name);
/* Counts findings of severity sev. */
size_t report_count_findings(const struct report *r, enum report_severity sev);

/* "error" / "warning" / "info"; and the Chinese words 错误 / 警告 / 提示. */
const char *report_severity_key(enum report_severity sev);
const char *report_severity_label(enum report_severity sev);
/* Parses "error|warning|info"; 0 or ZF_EINVAL. */
int report_severity_parse(const char *s, enum report_severity *out);

/* True for the money unit 万元 (a legacy line in this unit holds a fixed-point amount). */
bool report_unit_is_amount(const char *unit);

/* Formats an amount cell value (万元 × REPORT_AMOUNT_SCALE) as decimal 万元 without trailing
 * zeros ("76320.9", "4019") into out; returns out. */
char *report_amount_str(int64_t v, char out[32]);

#endif
