/* report_format.h: the three annual-report formats as data (disclosure-rules.md §3).
 * 2021 = 国办公开办函〔2021〕30号, 2019 = 国办公开办函〔2019〕60号, legacy = the pre-2019
 * 政府信息公开情况统计表 (国办发〔2014〕32号). Every row and column has its JSON key
 * (report-json.md) and its exact Chinese label; renderers, the parser and the checker all
 * read the layout from here, so a label exists once. All data is static and immutable. */
#ifndef ZF_REPORT_FORMAT_H
#define ZF_REPORT_FORMAT_H

enum report_format_id {
	REPORT_FORMAT_NONE = 0,
	REPORT_FORMAT_2021,
	REPORT_FORMAT_2019,
	REPORT_FORMAT_LEGACY,
};

/* ---- table 3: 收到和处理政府信息公开申请情况 (same keys in 2021 and 2019) ---- */

enum report_t3_row {
	REPORT_T3_RECEIVED_NEW,
	REPORT_T3_RECEIVED_CARRIED_OVER,
	REPORT_T3_GRANTED,
	REPORT_T3_PARTIALLY_GRANTED,
	REPORT_T3_WITHHELD_STATE_SECRET,
	REPORT_T3_WITHHELD_PROHIBITED_BY_LAW,
	REPORT_T3_WITHHELD_THREE_SAFETIES,
	REPORT_T3_WITHHELD_THIRD_PARTY_RIGHTS,
	REPORT_T3_WITHHELD_INTERNAL_AFFAIRS,
	REPORT_T3_WITHHELD_PROCESS_INFO,
	REPORT_T3_WITHHELD_ENFORCEMENT_FILE,
	REPORT_T3_WITHHELD_ADMINISTRATIVE_QUERY,
	REPORT_T3_UNAVAILABLE_NOT_HELD,
	REPORT_T3_UNAVAILABLE_NEEDS_CREATION,
	REPORT_T3_UNAVAILABLE_STILL_UNCLEAR,
	REPORT_T3_NOT_PROCESSED_PETITION,
	REPORT_T3_NOT_PROCESSED_REPEATED,
	REPORT_T3_NOT_PROCESSED_PUBLICATION,
	REPORT_T3_NOT_PROCESSED_EXCESSIVE,
	REPORT_T3_NOT_PROCESSED_CONFIRMATION,
	REPORT_T3_OTHER_NO_SUPPLEMENT,
	REPORT_T3_OTHER_FEE_UNPAID,
	REPORT_T3_OTHER_OTHER,
	REPORT_T3_RESULTS_TOTAL,
	REPORT_T3_CARRIED_FORWARD,
	REPORT_T3_ROWS /* 25 */
};

/* The result rows (三（一）… 三（六）3) are GRANTED .. OTHER_OTHER, in order. */
#define REPORT_T3_FIRST_RESULT REPORT_T3_GRANTED
#define REPORT_T3_LAST_RESULT  REPORT_T3_OTHER_OTHER

enum report_t3_col {
	REPORT_COL_NATURAL_PERSON,
	REPORT_COL_COMMERCIAL,
	REPORT_COL_RESEARCH,
	REPORT_COL_SOCIAL_WELFARE,
	REPORT_COL_LEGAL_SERVICE,
	REPORT_COL_OTHER,
	REPORT_COL_TOTAL,
	REPORT_T3_COLS /* 7 */
};

/* One data row of table 3 as a format prints it. The label cells of the official table are
 * nested: `section` (e.g. "三、本年度办理结果") spans all its rows, `group` (e.g.
 * "（三）不予公开") spans its numbered sub-rows, `label` is the row's own text. */
struct report_t3_row_def {
	enum report_t3_row row;
	const char *section; /* NULL for the top-level rows 一、二、四、 */
	const char *group;   /* NULL when the row is not a numbered sub-row */
	const char *
	    label; /* e.g. "1.属于国家秘密", "（一）予以公开", "一、本年新收政府信息公开申请数量" */
};

struct report_t3_col_def {
	enum report_t3_col col;
	const char *key;   /* "natural_person" */
	const char *label; /* "自然人" */
	const char *group; /* "法人或其他组织" for the five organisation columns, else NULL */
};

/* ---- table 4: 政府信息公开行政复议、行政诉讼情况 (identical in 2021 and 2019) ---- */

enum report_t4_group {
	REPORT_T4_REVIEW,
	REPORT_T4_LITIGATION_DIRECT,
	REPORT_T4_LITIGATION_AFTER_REVIEW,
	REPORT_T4_GROUPS /* 3 */
};

enum report_t4_field {
	REPORT_T4_UPHELD,
	REPORT_T4_CORRECTED,
	REPORT_T4_OTHER,
	REPORT_T4_PENDING,
	REPORT_T4_TOTAL,
	REPORT_T4_FIELDS /* 5 */
};

struct report_t4_group_def {
	enum report_t4_group group;
	const char *key;    /* "review" */
	const char *label;  /* "行政复议", "未经复议直接起诉", "复议后起诉" */
	const char *parent; /* "行政诉讼" for the two litigation groups, else NULL */
};

/* ---- table 2: 主动公开政府信息情况 ----
 * Items and fields are the union over both formats; a format uses a subset, listed in its
 * sub-tables. A cell outside the format's subset stays null. */

enum report_t2_item {
	REPORT_T2_REGULATIONS,
	REPORT_T2_NORMATIVE_DOCUMENTS,
	REPORT_T2_LICENSING,
	REPORT_T2_OTHER_SERVICES, /* 2019 only */
	REPORT_T2_PENALTIES,
	REPORT_T2_ENFORCEMENT,
	REPORT_T2_FEES,
	REPORT_T2_PROCUREMENT, /* 2019 only */
	REPORT_T2_ITEMS
};

enum report_t2_field {
	REPORT_T2_ISSUED,	/* 2021 本年制发件数 */
	REPORT_T2_REPEALED,	/* 2021 本年废止件数 */
	REPORT_T2_IN_FORCE,	/* 2021 现行有效件数 */
	REPORT_T2_MADE,		/* 2019 本年新制作数量 */
	REPORT_T2_PUBLISHED,	/* 2019 本年新公开数量 */
	REPORT_T2_PUBLIC_TOTAL, /* 2019 对外公开总数量 */
	REPORT_T2_PRIOR_ITEMS,	/* 2019 上一年项目数量 */
	REPORT_T2_CHANGE,	/* 2019 本年增/减 (signed) */
	REPORT_T2_DECISIONS,	/* 本年处理决定数量 (2021) / 处理决定数量 (2019) */
	REPORT_T2_AMOUNT,   /* amount_wan_yuan: 本年收费金额 / 采购总金额, in 万元 */
	REPORT_T2_PROJECTS, /* 2019 采购项目数量 */
	REPORT_T2_FIELDS
};

enum report_value_kind {
	REPORT_KIND_COUNT,  /* non-negative integer (件) */
	REPORT_KIND_SIGNED, /* integer that may be negative (本年增/减) */
	REPORT_KIND_AMOUNT, /* money in 万元, stored as fixed point, see REPORT_AMOUNT_SCALE */
};

/* Amount cells hold 万元 × REPORT_AMOUNT_SCALE (i.e. 分): 76320.9 万元 = 76320900000. */
#define REPORT_AMOUNT_SCALE 1000000LL

struct report_t2_item_def {
	enum report_t2_item item;
	const char *key; /* "regulations" */
};

struct report_t2_field_def {
	enum report_t2_field field;
	const char *key; /* "issued", ..., "amount_wan_yuan" */
	enum report_value_kind kind;
};

#define REPORT_T2_TABLE_MAX 3

/* One sub-table of table 2 as printed: a heading, a 信息内容 column of item labels, and up
 * to three data columns. */
struct report_t2_table {
	const char *heading; /* "第二十条第（一）项" */
	size_t nitems;
	enum report_t2_item items[REPORT_T2_TABLE_MAX];
	const char *item_labels[REPORT_T2_TABLE_MAX]; /* "规章", "行政规范性文件" */
	size_t nfields;
	enum report_t2_field fields[REPORT_T2_TABLE_MAX];
	const char *field_labels[REPORT_T2_TABLE_MAX]; /* "本年制发件数" */
};

/* ---- legacy: the pre-2019 统计表 (rows reconstructed, see disclosure-rules.md §3.3) ---- */

struct report_legacy_def {
	int level;	   /* 1 = 一、 heading, 2 = （一）, 3 = 1., 4 = 其中： */
	const char *label; /* as the standard table words it */
	const char *unit;  /* "条", "件", "万元"…, NULL for pure headings */
};

/* Nesting level of a legacy line from its numbering: 1 "一、", 2 "（一）" or "(一)", 3 "1.",
 * 4 anything else (其中 lines and their unnumbered siblings). */
int report_legacy_level(const char *label);

/* ---- a whole format ---- */

struct report_format {
	enum report_format_id id;
	const char *key;      /* "2021", "2019", "legacy" (the JSON "format" value) */
	const char *name;     /* Chinese name, e.g. "国办公开办函〔2021〕30号格式" */
	const char *t2_title; /* "二、主动公开政府信息情况" (NULL for legacy) */
	const char *t3_title; /* "三、收到和处理政府信息公开申请情况" */
	const char *t4_title; /* "四、政府信息公开行政复议、行政诉讼情况" */
	const char *t3_note;  /* the 勾稽关系 note in table 3's top-left cell */
	size_t nt2;
	const struct report_t2_table *t2;
	size_t nt3_rows; /* 25 for 2021, 23 for 2019, 0 for legacy */
	const struct report_t3_row_def *t3_rows;
	size_t nlegacy; /* legacy only */
	const struct report_legacy_def *legacy;
};

/* Returns the static description of a format, or NULL for REPORT_FORMAT_NONE/unknown. */
const struct report_format *report_format_get(enum report_format_id id);
/* Looks a format up by its JSON key ("2021", "2019", "legacy"); NULL when unknown. */
const struct report_format *report_format_by_key(const char *key);
/* The format a report of this year should use: ≤2018 legacy, 2019–2020 2019, ≥2021 2021. */
enum report_format_id report_format_for_year(int year);

/* Table 3 and 4 columns/groups/fields: static key and label tables (index = enum value). */
extern const struct report_t3_col_def report_t3_cols[REPORT_T3_COLS];
extern const struct report_t4_group_def report_t4_groups[REPORT_T4_GROUPS];
extern const char *const report_t4_field_keys[REPORT_T4_FIELDS];   /* "upheld" … */
extern const char *const report_t4_field_labels[REPORT_T4_FIELDS]; /* "结果维持" … */
extern const struct report_t2_item_def report_t2_items[REPORT_T2_ITEMS];
extern const struct report_t2_field_def report_t2_fields[REPORT_T2_FIELDS];

/* Key of a table 3 row ("received_new"); full 2021-style label ("三（三）1.属于国家秘密"). */
const char *report_t3_row_key(enum report_t3_row row);
const char *report_t3_row_full_label(enum report_t3_row row);
/* Short Chinese name of a row for messages, e.g. "本年新收", "（七）总计". */
const char *report_t3_row_short(enum report_t3_row row);
/* Looks up keys; return the enum value, or -1 when unknown. */
int report_t3_row_by_key(const char *key);
int report_t3_col_by_key(const char *key);
int report_t4_group_by_key(const char *key);
int report_t4_field_by_key(const char *key);
int report_t2_item_by_key(const char *key);
int report_t2_field_by_key(const char *key);

/* True when the format has this table 3 row (2019 lacks 三（六）1 and 2). */
bool report_format_has_t3_row(const struct report_format *f, enum report_t3_row row);
/* True when the format has this table 2 cell; the format's label of the item and the field
 * are stored in *item_label / *field_label when not NULL. */
bool report_format_has_t2_cell(const struct report_format *f, enum report_t2_item item,
			       enum report_t2_field field, const char **item_label,
			       const char **field_label);

#endif
