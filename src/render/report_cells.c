/* report_cells.c: the walk over a report's cells and the outputs built on it
 * (report_cells.h). */
#include "common.h"
#include "render/report_csv.h"
#include "render/report_cells.h"
#include "law/rule_label.h"
#include "utf8.h"

#include <xlsxwriter.h>

/* ---- the walk ---- */

void report_cells_each(const struct report *r,
		       void (*cb)(void *arg, const struct report_cell_info *ci), void *arg)
{
	const struct report_format *f = report_format_get(r->format);
	if (!f)
		return;
	char path[128], row[160], col[96], key[24];
	struct report_cell_info ci;
	if (f->id == REPORT_FORMAT_LEGACY) {
		for (size_t i = 0; i < r->nlegacy; i++) {
			const struct report_legacy_line *l = &r->legacy[i];
			if (!l->unit)
				continue; /* a heading */
			snprintf(key, sizeof(key), "%zu", i);
			snprintf(path, sizeof(path), "legacy.%zu", i);
			ci = (struct report_cell_info){
			    .table = 0,
			    .table_label = "统计表",
			    .path = path,
			    .row_key = key,
			    .row_label = l->label ? l->label : "",
			    .col_key = "value",
			    .col_label = l->unit,
			    .kind = report_unit_is_amount(l->unit) ? REPORT_KIND_AMOUNT
								   : REPORT_KIND_COUNT,
			    .cell = &l->value,
			};
			cb(arg, &ci);
		}
		return;
	}
	for (size_t t = 0; t < f->nt2; t++) {
		const struct report_t2_table *tb = &f->t2[t];
		for (size_t i = 0; i < tb->nitems; i++)
			for (size_t k = 0; k < tb->nfields; k++) {
				enum report_t2_item item = tb->items[i];
				enum report_t2_field field = tb->fields[k];
				report_path_t2(item, field, path, sizeof(path));
				snprintf(row, sizeof(row), "%s·%s", tb->heading,
					 tb->item_labels[i]);
				ci = (struct report_cell_info){
				    .table = 2,
				    .table_label = "表二",
				    .path = path,
				    .row_key = report_t2_items[item].key,
				    .row_label = row,
				    .col_key = report_t2_fields[field].key,
				    .col_label = tb->field_labels[k],
				    .kind = report_t2_fields[field].kind,
				    .cell = &r->table2[item][field],
				};
				cb(arg, &ci);
			}
	}
	for (size_t i = 0; i < f->nt3_rows; i++) {
		enum report_t3_row rw = f->t3_rows[i].row;
		for (int k = 0; k < REPORT_T3_COLS; k++) {
			const struct report_t3_col_def *cd = &report_t3_cols[k];
			report_path_t3(rw, (enum report_t3_col)k, path, sizeof(path));
			if (cd->group)
				snprintf(col, sizeof(col), "%s·%s", cd->group, cd->label);
			else
				snprintf(col, sizeof(col), "%s", cd->label);
			ci = (struct report_cell_info){
			    .table = 3,
			    .table_label = "表三",
			    .path = path,
			    .row_key = report_t3_row_key(rw),
			    .row_label = report_t3_row_full_label(rw),
			    .col_key = cd->key,
			    .col_label = col,
			    .kind = REPORT_KIND_COUNT,
			    .cell = &r->table3[rw][k],
			};
			cb(arg, &ci);
		}
	}
	for (int g = 0; g < REPORT_T4_GROUPS; g++) {
		const struct report_t4_group_def *gd = &report_t4_groups[g];
		if (gd->parent)
			snprintf(row, sizeof(row), "%s·%s", gd->parent, gd->label);
		else
			snprintf(row, sizeof(row), "%s", gd->label);
		for (int k = 0; k < REPORT_T4_FIELDS; k++) {
			report_path_t4((enum report_t4_group)g, (enum report_t4_field)k, path,
				       sizeof(path));
			ci = (struct report_cell_info){
			    .table = 4,
			    .table_label = "表四",
			    .path = path,
			    .row_key = gd->key,
			    .row_label = row,
			    .col_key = report_t4_field_keys[k],
			    .col_label = report_t4_field_labels[k],
			    .kind = REPORT_KIND_COUNT,
			    .cell = &r->table4[g][k],
			};
			cb(arg, &ci);
		}
	}
}

/* ---- nulls and findings ---- */

/* The length of "table3.<row>." in path (0 when path is not a table 3 path). */
static size_t t3_row_prefix(const char *path)
{
	if (strncmp(path, "table3.", 7))
		return 0;
	const char *dot = strchr(path + 7, '.');
	return dot ? (size_t)(dot - path) + 1 : 0;
}

bool report_finding_touches(const struct report_finding *f, const struct report_cell_info *ci)
{
	bool amb = !strcmp(f->rule, "cell.ambiguous");
	for (size_t i = 0; i < f->ncells; i++) {
		const char *p = f->cells[i];
		if (!strcmp(p, ci->path))
			return true;
		if (!amb || ci->cell->present)
			continue;
		/* an ambiguous glued row names its first cell; table 4 is cut as a whole */
		size_t n = t3_row_prefix(p);
		if (n && !strncmp(p, ci->path, n))
			return true;
		if (!strncmp(p, "table4.", 7) && ci->table == 4)
			return true;
	}
	return false;
}

static bool has_rule(const struct report *r, const char *rule)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule, rule))
			return true;
	return false;
}

enum report_null_kind report_cell_null_kind(const struct report *r,
					    const struct report_cell_info *ci)
{
	if (ci->cell->present)
		return REPORT_NULL_NONE;
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct report_finding *f = &r->findings[i];
		if (!report_finding_touches(f, ci))
			continue;
		if (!strcmp(f->rule, "cell.ambiguous"))
			return REPORT_NULL_AMBIGUOUS;
		if (!strcmp(f->rule, "cell.invalid"))
			return REPORT_NULL_INVALID;
	}
	static const char *const missing[] = {NULL, NULL, "parse.table2", "parse.table3",
					      "parse.table4"};
	if (ci->table >= 2 && ci->table <= 4 && has_rule(r, missing[ci->table]))
		return REPORT_NULL_TABLE_MISSING;
	if (ci->table == 3) {
		int row = report_t3_row_by_key(ci->row_key);
		bool any = false;
		for (int k = 0; row >= 0 && k < REPORT_T3_COLS; k++)
			any |= r->table3[row][k].present;
		if (row >= 0 && !any)
			return REPORT_NULL_ROW_EMPTY;
	}
	return REPORT_NULL_BLANK;
}

const char *report_null_key(enum report_null_kind k)
{
	static const char *const keys[] = {"",		"blank",  "row_empty", "table_missing",
					   "ambiguous", "invalid"};
	return (unsigned)k < ARRAY_SIZE(keys) ? keys[k] : "";
}

const char *report_null_label(enum report_null_kind k)
{
	static const char *const labels[] = {
	    "",		  "原文空白（空格、“/”或“—”）", "整行为空（原文空白，或未找到此行）",
	    "未找到该表", "数字连写有多种拆法，未填入", "原文不是有效数值，未填入",
	};
	return (unsigned)k < ARRAY_SIZE(labels) ? labels[k] : "";
}

char *report_cell_value_str(const struct report_cell_info *ci, char out[32])
{
	out[0] = 0;
	if (!ci->cell->present)
		return out;
	if (ci->kind == REPORT_KIND_AMOUNT)
		return report_amount_str(ci->cell->v, out);
	snprintf(out, 32, "%lld", (long long)ci->cell->v);
	return out;
}

/* ---- how completely a file was read ---- */

const char *report_reading_key(enum report_reading k)
{
	return k == REPORT_READ_FULL ? "full" : k == REPORT_READ_PARTIAL ? "partial" : "none";
}

const char *report_reading_label(enum report_reading k)
{
	return k == REPORT_READ_FULL	  ? "完整读取"
	       : k == REPORT_READ_PARTIAL ? "部分读取"
					  : "未能读取";
}

struct nulls {
	const struct report *r;
	size_t blank; /* nulls other than those of a missing table or an ambiguous cut */
};

static void count_null(void *arg, const struct report_cell_info *ci)
{
	struct nulls *n = arg;
	enum report_null_kind k = report_cell_null_kind(n->r, ci);
	n->blank +=
	    k != REPORT_NULL_NONE && k != REPORT_NULL_TABLE_MISSING && k != REPORT_NULL_AMBIGUOUS;
}

enum report_reading report_reading(const struct report *r, struct buf *why)
{
	if (r->format == REPORT_FORMAT_NONE) {
		buf_adds(why, "不是年度报告（没有找到统计表格）");
		return REPORT_READ_NONE;
	}
	size_t before = why->len;
	static const struct {
		const char *rule, *what;
	} tables[] = {
	    {"parse.table2", "表二未找到"},
	    {"parse.table3", "表三未找到"},
	    {"parse.table4", "表四未找到"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(tables); i++)
		if (has_rule(r, tables[i].rule))
			buf_printf(why, "%s%s", why->len > before ? "、" : "", tables[i].what);
	struct nulls n = {r, 0};
	report_cells_each(r, count_null, &n);
	if (n.blank)
		buf_printf(why, "%s%zu格空缺", why->len > before ? "、" : "", n.blank);
	size_t amb = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		amb += !strcmp(r->findings[i].rule, "cell.ambiguous");
	if (amb)
		buf_printf(why, "%s%zu处数字连写有多种拆法", why->len > before ? "、" : "", amb);
	return why->len > before ? REPORT_READ_PARTIAL : REPORT_READ_FULL;
}

const char *report_unreadable_reason(int rc, const char *err)
{
	if (!err)
		err = "";
	if (rc == ZF_ETOOBIG || strstr(err, "过大"))
		return "过大";
	if (rc == ZF_ENOENT)
		return "文件不存在";
	if (rc == ZF_EPERM || strstr(err, "权限"))
		return "无读取权限";
	if (strstr(err, "OCR") || strstr(err, "扫描"))
		return "扫描件需OCR";
	if (strstr(err, "加密") || strstr(err, "密码"))
		return "已加密";
	if (strstr(err, "文件是空的") || strstr(err, "只有空白"))
		return "空文件";
	if (strstr(err, "没有文字"))
		return !strncmp(err, "PDF", 3) ? "扫描件需OCR" : "空文件";
	if (strstr(err, "二进制"))
		return "不是文档";
	if (strstr(err, "损坏") || strstr(err, "不完整") || strstr(err, "截断"))
		return "文件损坏";
	if (strstr(err, "尚不能读取") || strstr(err, "不是 Word") || strstr(err, "无法读取"))
		return "格式不支持";
	return "文件损坏";
}

/* ---- places ---- */

char *report_place_str(const struct report_pos *p, const char *layout, char *out, size_t n)
{
	out[0] = 0;
	if (p->src == REPORT_SRC_PDF && p->page) {
		snprintf(out, n, "第%u页 x=%u.%u y=%u.%u", p->page, p->x / 10, p->x % 10, p->y / 10,
			 p->y % 10);
	} else if (p->src == REPORT_SRC_TABLE && p->page) {
		if (layout && !strcmp(layout, "xlsx")) {
			char letters[8];
			size_t k = sizeof(letters) - 1;
			letters[k] = 0;
			for (uint32_t c = p->y; c && k; c = (c - 1) / 26)
				letters[--k] = (char)('A' + (c - 1) % 26);
			snprintf(out, n, "工作表%u 第%u行第%s列", p->page, p->x, letters + k);
		} else {
			snprintf(out, n, "第%u个表格 第%u行第%u格", p->page, p->x, p->y);
		}
	} else if (p->line) {
		snprintf(out, n, "第%u行第%u列（字节 %u）", p->line, p->col, p->off);
	}
	return out;
}

/* ---- the source text around a cell ---- */

/* Length of the UTF-8 sequence at s (1 for a bad byte). */
static size_t seq_len(const char *s, size_t n)
{
	uint32_t cp;
	size_t k = utf8_decode(s, n, &cp);
	return k ? k : 1;
}

/* An ASCII or full-width digit, or a separator inside a number, at s; its length or 0. */
static size_t num_char(const char *s, size_t n, bool first)
{
	unsigned char c = (unsigned char)s[0];
	if (c >= '0' && c <= '9')
		return 1;
	if (!first && (c == '.' || c == ','))
		return 1;
	if (first && c == '-')
		return 1;
	if (n >= 3 && c == 0xEF && (unsigned char)s[1] == 0xBC && (unsigned char)s[2] >= 0x90 &&
	    (unsigned char)s[2] <= 0x99)
		return 3;
	return 0;
}

/* Appends s[0..n) with control characters as spaces; with html, leaves out markup (<…>)
 * and reads the common entities. */
static void add_clean(struct buf *out, const char *s, size_t n, bool html)
{
	bool tag = false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (html && (tag || ch == '<')) {
			tag = ch != '>';
			if (!tag && out->len && out->p[out->len - 1] != ' ')
				buf_addch(out, ' '); /* a cell's end: keeps numbers apart */
			continue;
		}
		if (html && (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ')) {
			if (out->len && out->p[out->len - 1] != ' ')
				buf_addch(out, ' ');
			continue;
		}
		if (html && ch == '&') {
			static const struct {
				const char *ent, *as;
			} ents[] = {{"&nbsp;", " "}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}};
			size_t k = 0;
			while (k < ARRAY_SIZE(ents) &&
			       (n - i < strlen(ents[k].ent) ||
				memcmp(s + i, ents[k].ent, strlen(ents[k].ent))))
				k++;
			if (k < ARRAY_SIZE(ents)) {
				if (k || !out->len || out->p[out->len - 1] != ' ')
					buf_adds(out, ents[k].as);
				i += strlen(ents[k].ent) - 1;
				continue;
			}
		}
		buf_addch(out, (unsigned char)ch < 0x20 || ch == 0x7f ? ' ' : ch);
	}
}

#define SNIPPET_CHARS 30
#define SNIPPET_SCAN  2000 /* bytes looked at each way for HTML, whose markup is left out */

/* The number at off: [off, *end) holds its digits (cut to value's length when the source's
 * run of digits is longer: glued digits); run_from and run_to bound the whole run of digits around
 * it. */
static void number_at(const char *text, size_t len, size_t off, const char *value, size_t *end,
		      size_t *run_from, size_t *run_to)
{
	size_t e = off, ndig = 0;
	for (size_t k; e < len && (k = num_char(text + e, len - e, e == off)); e += k)
		ndig++;
	*run_to = e;
	size_t vl = value ? strlen(value) : 0;
	if (vl && e > off && ndig > vl && !strncmp(text + off, value, vl))
		e = off + vl;
	*end = e;
	size_t f = off;
	while (f > 0 && text[f - 1] >= '0' && text[f - 1] <= '9')
		f--;
	*run_from = f;
}

int report_snippet(const char *text, size_t len, const struct report_pos *p, const char *value,
		   bool html, struct buf *out)
{
	size_t off = p->off;
	if (!text || off >= len || (!p->line && p->src == REPORT_SRC_TEXT))
		return 0;
	size_t end, rf, rt;
	number_at(text, len, off, value, &end, &rf, &rt);
	/* the window: back and on to the line's ends, at most SNIPPET_CHARS characters shown */
	size_t from = off;
	bool tag = false;
	for (int i = 0; i < SNIPPET_CHARS && from > 0 && off - from < SNIPPET_SCAN;) {
		size_t b = from - 1;
		while (b > 0 && ((unsigned char)text[b] & 0xC0) == 0x80 && from - b < 4)
			b--;
		if (!html && (text[b] == '\n' || text[b] == '\r'))
			break;
		from = b;
		if (html && text[b] == '>')
			tag = true;
		else if (html && text[b] == '<')
			tag = false;
		else if (!tag)
			i++;
	}
	if (html) { /* begun inside a tag: start after it */
		size_t k = from;
		while (k < off && text[k] != '<' && text[k] != '>')
			k++;
		if (k < off && text[k] == '>')
			from = k + 1;
	}
	size_t to = end;
	tag = false;
	for (int i = 0; i < SNIPPET_CHARS && to < len && to - end < SNIPPET_SCAN;) {
		if (!html && (text[to] == '\n' || text[to] == '\r'))
			break;
		if (html && text[to] == '<')
			tag = true;
		else if (html && text[to] == '>')
			tag = false;
		else if (!tag)
			i++;
		to += seq_len(text + to, len - to);
	}
	if (to > len)
		to = len;
	bool more_l = from > 0 && (html || (text[from - 1] != '\n' && text[from - 1] != '\r'));
	bool more_r = to < len && (html || (text[to] != '\n' && text[to] != '\r'));
	if (more_l)
		buf_adds(out, "…");
	add_clean(out, text + from, off - from, html);
	buf_adds(out, "【");
	add_clean(out, text + off, end - off, html);
	buf_adds(out, "】");
	add_clean(out, text + end, to - end, html);
	if (more_r)
		buf_adds(out, "…");
	return out->failed ? ZF_ENOMEM : 0;
}

bool report_glued_run(const char *text, size_t len, const struct report_pos *p, const char *value,
		      size_t *from, size_t *to)
{
	if (!text || p->off >= len || !p->line || !value || !*value)
		return false;
	size_t end;
	number_at(text, len, p->off, value, &end, from, to);
	return end > p->off && (*from < p->off || *to > end);
}

/* ---- --explain ---- */

struct explain {
	const struct report *r;
	const char *text;
	size_t len;
	struct buf *out;
	int table;
	int rc;
	bool html;
};

static const char *table_title(const struct report *r, int table)
{
	const struct report_format *f = report_format_get(r->format);
	if (!f || table == 0)
		return "统计表";
	return table == 2 ? f->t2_title : table == 3 ? f->t3_title : f->t4_title;
}

static void explain_cell(void *arg, const struct report_cell_info *ci)
{
	struct explain *e = arg;
	struct buf *o = e->out;
	if (ci->table != e->table) {
		e->table = ci->table;
		buf_printf(o, "%s %s\n", ci->table_label, table_title(e->r, ci->table));
	}
	char v[32], place[96];
	report_cell_value_str(ci, v);
	buf_printf(o, "  %s｜%s：", ci->row_label, ci->col_label);
	enum report_null_kind nk = report_cell_null_kind(e->r, ci);
	if (nk == REPORT_NULL_NONE)
		buf_printf(o, "%s", v);
	else
		buf_printf(o, "空白（%s）", report_null_label(nk));
	report_place_str(&ci->cell->pos, e->r->source.layout, place, sizeof(place));
	if (*place)
		buf_printf(o, "；来自%s", place);
	else if (nk == REPORT_NULL_NONE)
		buf_adds(o, "；原文位置不详");
	bool first = true;
	for (size_t i = 0; i < e->r->nfindings; i++) {
		const struct report_finding *f = &e->r->findings[i];
		if (!report_finding_touches(f, ci))
			continue;
		buf_printf(o, "%s%s（%s）", first ? "；检查：" : "、", report_rule_label(f->rule),
			   f->rule);
		first = false;
	}
	size_t gf, gt;
	if (e->text && report_glued_run(e->text, e->len, &ci->cell->pos, v, &gf, &gt))
		buf_printf(o, "；由连写的数字“%.*s%s”拆出", (int)ZF_MIN(gt - gf, (size_t)40),
			   e->text + gf, gt - gf > 40 ? "…" : "");
	if (e->text && ci->cell->pos.line) {
		size_t at = o->len;
		buf_adds(o, "；原文：");
		size_t mark = o->len;
		if (report_snippet(e->text, e->len, &ci->cell->pos, v, e->html, o))
			e->rc = ZF_ENOMEM;
		if (o->len == mark) { /* nothing to show */
			o->len = at;
			o->p[at] = 0;
		}
	}
	buf_addch(o, '\n');
}

int report_explain(const struct report *r, const char *text, size_t len, struct buf *out)
{
	struct explain e = {r, text, len, out, -1, 0, false};
	e.html = r->source.layout && !strcmp(r->source.layout, "html");
	const struct report_format *f = report_format_get(r->format);
	buf_printf(out, "%s\n", r->source.file ? r->source.file : "-");
	if (!f) {
		buf_adds(out, "  没有找到年度报告的统计表格，没有可说明的单元格。\n");
		return out->failed ? ZF_ENOMEM : 0;
	}
	buf_printf(out, "  %s%s", r->agency ? r->agency : "（机关名称未识别）",
		   r->agency ? " " : "");
	if (r->year)
		buf_printf(out, "%d年度", r->year);
	else
		buf_adds(out, "年度不详");
	buf_printf(out, "，%s；版式 %s\n", f->name, r->source.layout ? r->source.layout : "?");
	size_t before = out->len;
	report_cells_each(r, explain_cell, &e);
	if (out->len == before)
		buf_adds(out, "  没有单元格。\n");
	return e.rc ? e.rc : out->failed ? ZF_ENOMEM : 0;
}

/* ---- the cells CSV ---- */

const char report_cells_csv_header[] =
    "\xEF\xBB\xBF"
    "file,agency,year,table,row_key,row_label,col_key,col_label,value,null_kind,place,source,"
    "line,column,offset,page,x,y,rules\r\n";

static const char *src_key(const struct report_pos *p)
{
	if (!p->line)
		return "";
	return p->src == REPORT_SRC_PDF ? "pdf" : p->src == REPORT_SRC_TABLE ? "table" : "text";
}

/* The rules touching a cell, ";"-separated ids or "、"-separated Chinese labels. */
static void rules_of(const struct report *r, const struct report_cell_info *ci, bool chinese,
		     struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct report_finding *f = &r->findings[i];
		if (!report_finding_touches(f, ci))
			continue;
		if (chinese)
			buf_printf(out, "%s%s（%s）", out->len ? "、" : "",
				   report_rule_label(f->rule), f->rule);
		else
			buf_printf(out, "%s%s", out->len ? ";" : "", f->rule);
	}
}

struct csv_walk {
	FILE *f;
	const char *file;
	const struct report *r;
	char year[16];
	struct buf rules;
};

static const char *table_key(int table)
{
	static const char *const keys[] = {"legacy", "", "table2", "table3", "table4"};
	return (unsigned)table < ARRAY_SIZE(keys) ? keys[table] : "";
}

static void csv_cell(void *arg, const struct report_cell_info *ci)
{
	struct csv_walk *w = arg;
	FILE *f = w->f;
	const struct report_pos *p = &ci->cell->pos;
	char v[32], place[96];
	report_csv_fputs(f, w->file);
	fputc(',', f);
	report_csv_fputs(f, w->r->agency);
	fprintf(f, ",%s,%s,", w->year, table_key(ci->table));
	report_csv_fputs(f, ci->row_key);
	fputc(',', f);
	report_csv_fputs(f, ci->row_label);
	fputc(',', f);
	report_csv_fputs(f, ci->col_key);
	fputc(',', f);
	report_csv_fputs(f, ci->col_label);
	fprintf(f, ",%s,%s,", report_cell_value_str(ci, v),
		report_null_key(report_cell_null_kind(w->r, ci)));
	report_csv_fputs(f, report_place_str(p, w->r->source.layout, place, sizeof(place)));
	fprintf(f, ",%s,", src_key(p));
	if (p->line)
		fprintf(f, "%u,%u,%u", p->line, p->col, p->off);
	else
		fputs(",,", f);
	if (p->line && p->src == REPORT_SRC_PDF)
		fprintf(f, ",%u,%u.%u,%u.%u,", p->page, p->x / 10, p->x % 10, p->y / 10, p->y % 10);
	else if (p->line && p->src == REPORT_SRC_TABLE)
		fprintf(f, ",%u,%u,%u,", p->page, p->x, p->y);
	else
		fputs(",,,,", f);
	rules_of(w->r, ci, false, &w->rules);
	report_csv_fputs(f, buf_cstr(&w->rules));
	fputs("\r\n", f);
}

void report_cells_csv(FILE *f, const char *file, const struct report *r)
{
	struct csv_walk w = {.f = f, .file = file, .r = r};
	if (r->year)
		snprintf(w.year, sizeof(w.year), "%d", r->year);
	buf_init(&w.rules, 0);
	report_cells_each(r, csv_cell, &w);
	buf_free(&w.rules);
}

/* ---- the cells workbook ---- */

#define BOOK_ROWS_MAX 1048000 /* rows per sheet (Excel's limit is 1048576) */

struct cells_book {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *text, *num;
	uint32_t row; /* next row on ws */
	int sheets;
	struct buf rules;
	/* the report being added */
	const char *file;
	const struct report *r;
};

static const char *const book_heads[] = {
    "文件",	"机关",		  "年度",     "表",	  "行键",	"行名称", "列键",
    "列名称",	"数值",		  "空白原因", "原文位置", "来源类型",	"行",	  "列",
    "字节偏移", "页/表格/工作表", "x/行",     "y/格",	  "涉及的检查",
};
static const double book_widths[] = {28, 22, 6, 7, 22, 34, 18, 24, 10, 26,
				     28, 9,  6, 6, 10, 12, 8,  8,  40};

/* The filter over the rows written (libxlsxwriter writes it when the book is closed). */
static void book_filter(struct cells_book *b)
{
	if (b->ws && b->row > 1)
		worksheet_autofilter(b->ws, 0, 0, b->row - 1,
				     (lxw_col_t)(ARRAY_SIZE(book_heads) - 1));
}

static void book_sheet(struct cells_book *b)
{
	char name[32];
	book_filter(b);
	b->sheets++;
	if (b->sheets == 1)
		snprintf(name, sizeof(name), "单元格");
	else
		snprintf(name, sizeof(name), "单元格%d", b->sheets);
	b->ws = workbook_add_worksheet(b->wb, name);
	b->row = 0;
	if (!b->ws)
		return;
	for (size_t c = 0; c < ARRAY_SIZE(book_heads); c++) {
		worksheet_set_column(b->ws, (lxw_col_t)c, (lxw_col_t)c, book_widths[c], NULL);
		worksheet_write_string(b->ws, 0, (lxw_col_t)c, book_heads[c], b->head);
	}
	worksheet_freeze_panes(b->ws, 1, 0);
	b->row = 1;
}

int cells_book_open(const char *path, struct cells_book **out)
{
	*out = NULL;
	struct cells_book *b = calloc(1, sizeof(*b));
	if (!b)
		return ZF_ENOMEM;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	b->wb = workbook_new_opt(path, &opt);
	if (!b->wb) {
		free(b);
		return ZF_EIO;
	}
	lxw_doc_properties props = {.title = "年度报告单元格", .comments = "由 zfxxgk 生成"};
	workbook_set_properties(b->wb, &props);
	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	format_set_bg_color(b->head, 0xDDEBF7);
	format_set_border(b->head, LXW_BORDER_THIN);
	b->text = workbook_add_format(b->wb);
	format_set_num_format(b->text, "@");
	b->num = workbook_add_format(b->wb);
	format_set_num_format(b->num, "0.######");
	buf_init(&b->rules, 0);
	book_sheet(b);
	*out = b;
	return 0;
}

static void book_str(struct cells_book *b, int col, const char *s)
{
	if (s && *s)
		worksheet_write_string(b->ws, b->row, (lxw_col_t)col, s, b->text);
}

static void book_num(struct cells_book *b, int col, double v)
{
	worksheet_write_number(b->ws, b->row, (lxw_col_t)col, v, b->num);
}

static void book_cell(void *arg, const struct report_cell_info *ci)
{
	struct cells_book *b = arg;
	if (!b->ws)
		return;
	if (b->row >= BOOK_ROWS_MAX)
		book_sheet(b);
	if (!b->ws)
		return;
	const struct report *r = b->r;
	const struct report_pos *p = &ci->cell->pos;
	char place[96];
	book_str(b, 0, b->file);
	book_str(b, 1, r->agency);
	if (r->year)
		book_num(b, 2, r->year);
	book_str(b, 3, ci->table_label);
	book_str(b, 4, ci->row_key);
	book_str(b, 5, ci->row_label);
	book_str(b, 6, ci->col_key);
	book_str(b, 7, ci->col_label);
	if (ci->cell->present)
		book_num(b, 8,
			 ci->kind == REPORT_KIND_AMOUNT
			     ? (double)ci->cell->v / (double)REPORT_AMOUNT_SCALE
			     : (double)ci->cell->v);
	enum report_null_kind nk = report_cell_null_kind(r, ci);
	book_str(b, 9, report_null_label(nk));
	book_str(b, 10, report_place_str(p, r->source.layout, place, sizeof(place)));
	book_str(b, 11, src_key(p));
	if (p->line) {
		book_num(b, 12, p->line);
		book_num(b, 13, p->col);
		book_num(b, 14, p->off);
	}
	if (p->line && p->src == REPORT_SRC_PDF) {
		book_num(b, 15, p->page);
		book_num(b, 16, p->x / 10.0);
		book_num(b, 17, p->y / 10.0);
	} else if (p->line && p->src == REPORT_SRC_TABLE) {
		book_num(b, 15, p->page);
		book_num(b, 16, p->x);
		book_num(b, 17, p->y);
	}
	rules_of(r, ci, true, &b->rules);
	book_str(b, 18, buf_cstr(&b->rules));
	b->row++;
}

void cells_book_add(struct cells_book *b, const char *file, const struct report *r)
{
	b->file = file;
	b->r = r;
	report_cells_each(r, book_cell, b);
	b->r = NULL;
}

int cells_book_close(struct cells_book *b)
{
	if (!b)
		return 0;
	book_filter(b);
	int rc = workbook_close(b->wb) == LXW_NO_ERROR && b->ws ? 0 : ZF_EIO;
	buf_free(&b->rules);
	free(b);
	return rc;
}
