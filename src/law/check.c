/* check.c: the annual-report rules. Each rule is a static function that appends findings;
 * check_report runs them in table order. */
#include "common.h"
#include "buf.h"
#include "law/check.h"

const struct check_rule check_rules[] = {
    {"format.year", REPORT_SEV_WARNING,
     "报告格式与报告年度不符（2019—2020 年度用 2019 格式，2021 年度起用 2021 格式）"},
    {"cell.missing", REPORT_SEV_ERROR, "表三、表四有空白单元格（表二空白为警告）；计算时按 0 计"},
    {"cell.negative", REPORT_SEV_ERROR, "件数或金额为负数（“本年增/减”除外）"},
    {"sum.row", REPORT_SEV_ERROR, "表三每一行：自然人与五类法人或其他组织之和应等于总计列"},
    {"sum.results", REPORT_SEV_ERROR, "表三每一列：三（一）至三（六）各项之和应等于三（七）总计"},
    {"balance.column", REPORT_SEV_ERROR,
     "表三每一列勾稽关系：本年新收 + 上年结转 = 三（七）总计 + 结转下年度"},
    {"sum.table4", REPORT_SEV_ERROR, "表四每组：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计"},
    {"table2.in_force", REPORT_SEV_INFO, "表二（2021）：本年制发的文件应计入现行有效或本年废止"},
    {"table2.public_total", REPORT_SEV_WARNING,
     "表二（2019）：对外公开总数量不应少于本年新公开数量"},
    {"table2.change", REPORT_SEV_ERROR, "表二（2019）：上一年项目数量 + 本年增/减 不应为负数"},
    {"value.duplicate", REPORT_SEV_WARNING,
     "同一较大数值（≥1000）出现在互不相关的单元格，疑为复制粘贴失误"},
    {"carry.previous_year", REPORT_SEV_WARNING,
     "本年“上年结转”应等于上一年度报告的“结转下年度继续办理”（需 --previous）"},
    {"sum.legacy", REPORT_SEV_WARNING, "统计表（2019 年以前）：分项之和应等于上级指标"},
};

const size_t check_nrules = ARRAY_SIZE(check_rules);

bool check_owns_rule(const char *rule)
{
	for (size_t i = 0; i < check_nrules; i++)
		if (rule && !strcmp(rule, check_rules[i].id))
			return true;
	return false;
}

/* Shared state of one run. */
struct ck {
	struct report *r;
	const struct report_format *f;
	int rc;
};

#define NOTE_BLANK "（空白单元格按 0 计）"

static void add(struct ck *ck, const char *rule, enum report_severity sev, const char *const *cells,
		size_t ncells, const char *msg)
{
	if (!ck->rc && report_add_finding(ck->r, rule, sev, cells, ncells, "%s", msg))
		ck->rc = ZF_ENOMEM;
}

static int64_t val(const struct report_cell *c)
{
	if (!c->present)
		return 0;
	return c->v > REPORT_VALUE_MAX	  ? REPORT_VALUE_MAX
	       : c->v < -REPORT_VALUE_MAX ? -REPORT_VALUE_MAX
					  : c->v;
}

/* Appends "a + b + c = s" (only non-zero terms when skip_zero; "0" when none; a lone term
 * alone) to b. */
static void sum_expr(struct buf *b, const int64_t *terms, size_t n, bool skip_zero)
{
	int64_t s = 0;
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		s += terms[i];
		if (skip_zero && !terms[i])
			continue;
		buf_printf(b, "%s%lld", shown ? " + " : "", (long long)terms[i]);
		shown++;
	}
	if (!shown)
		buf_adds(b, "0");
	else if (shown > 1)
		buf_printf(b, " = %lld", (long long)s);
}

static void finish(struct ck *ck, struct buf *msg)
{
	if (msg->failed && !ck->rc)
		ck->rc = ZF_ENOMEM;
	buf_free(msg);
}

static const char *col_name(enum report_t3_col c)
{
	return report_t3_cols[c].label;
}

/* ---------------------------------------------------------------- rules */

static void rule_format_year(struct ck *ck)
{
	if (!ck->r->year || !ck->f)
		return;
	enum report_format_id want = report_format_for_year(ck->r->year);
	if (want == ck->f->id)
		return;
	struct buf m = BUF_INIT;
	buf_printf(&m, "%d 年度的报告应使用%s，而本报告按%s填写，表格的行列可能对不上", ck->r->year,
		   report_format_get(want)->name, ck->f->name);
	add(ck, "format.year", REPORT_SEV_WARNING, NULL, 0, buf_cstr(&m));
	finish(ck, &m);
}

static void rule_cell_missing(struct ck *ck)
{
	struct report *r = ck->r;
	char paths[REPORT_T3_COLS][96];
	const char *cells[REPORT_T3_COLS];
	for (size_t i = 0; i < ck->f->nt3_rows; i++) {
		enum report_t3_row row = ck->f->t3_rows[i].row;
		struct buf m = BUF_INIT;
		size_t n = 0;
		for (int c = 0; c < REPORT_T3_COLS; c++) {
			if (r->table3[row][c].present)
				continue;
			cells[n] = report_path_t3(row, c, paths[n], sizeof(paths[n]));
			buf_printf(&m, "%s%s", n ? "、" : "", col_name(c));
			n++;
		}
		if (n) {
			struct buf full = BUF_INIT;
			if (n == REPORT_T3_COLS)
				buf_printf(&full, "表三「%s」行全部为空白",
					   report_t3_row_full_label(row));
			else
				buf_printf(&full, "表三「%s」行的%s列为空白",
					   report_t3_row_full_label(row), buf_cstr(&m));
			buf_adds(&full,
				 "：正式报表每个单元格都应填写数字（没有就填 0）；其余检查按 0 计");
			add(ck, "cell.missing", REPORT_SEV_ERROR, cells, n, buf_cstr(&full));
			finish(ck, &full);
		}
		finish(ck, &m);
	}
	for (int g = 0; g < REPORT_T4_GROUPS; g++) {
		struct buf m = BUF_INIT;
		size_t n = 0;
		for (int k = 0; k < REPORT_T4_FIELDS; k++) {
			if (r->table4[g][k].present)
				continue;
			cells[n] = report_path_t4(g, k, paths[n], sizeof(paths[n]));
			buf_printf(&m, "%s%s", n ? "、" : "", report_t4_field_labels[k]);
			n++;
		}
		if (n) {
			struct buf full = BUF_INIT;
			buf_printf(&full, "表四「%s%s」的%s为空白：应填写数字（没有就填 0）",
				   report_t4_groups[g].parent ? "行政诉讼·" : "",
				   report_t4_groups[g].label, buf_cstr(&m));
			add(ck, "cell.missing", REPORT_SEV_ERROR, cells, n, buf_cstr(&full));
			finish(ck, &full);
		}
		finish(ck, &m);
	}
	for (size_t t = 0; t < ck->f->nt2; t++) {
		const struct report_t2_table *tab = &ck->f->t2[t];
		for (size_t i = 0; i < tab->nitems; i++) {
			struct buf m = BUF_INIT;
			size_t n = 0;
			for (size_t j = 0; j < tab->nfields; j++) {
				if (r->table2[tab->items[i]][tab->fields[j]].present)
					continue;
				cells[n] = report_path_t2(tab->items[i], tab->fields[j], paths[n],
							  sizeof(paths[n]));
				buf_printf(&m, "%s%s", n ? "、" : "", tab->field_labels[j]);
				n++;
			}
			if (n) {
				struct buf full = BUF_INIT;
				buf_printf(&full,
					   "表二%s「%s」的%s为空白或“/”：如确无此项，请填 0 "
					   "或在说明中注明",
					   tab->heading, tab->item_labels[i], buf_cstr(&m));
				add(ck, "cell.missing", REPORT_SEV_WARNING, cells, n,
				    buf_cstr(&full));
				finish(ck, &full);
			}
			finish(ck, &m);
		}
	}
}

static void negative_one(struct ck *ck, const struct report_cell *c, bool amount, const char *path,
			 const char *name)
{
	if (!c->present || c->v >= 0)
		return;
	struct buf m = BUF_INIT;
	char num[32];
	if (amount)
		report_amount_str(c->v, num);
	else
		snprintf(num, sizeof(num), "%lld", (long long)c->v);
	buf_printf(&m, "%s填了负数 %s：件数和金额不能为负", name, num);
	add(ck, "cell.negative", REPORT_SEV_ERROR, &path, 1, buf_cstr(&m));
	finish(ck, &m);
}

/* Names and paths are only formatted for the rare negative cell: this rule visits every
 * cell of every report parsed in bulk. */
static bool is_negative(const struct report_cell *c)
{
	return c->present && c->v < 0;
}

static void rule_cell_negative(struct ck *ck)
{
	struct report *r = ck->r;
	char path[96], name[256];
	for (int row = 0; row < REPORT_T3_ROWS; row++)
		for (int c = 0; c < REPORT_T3_COLS; c++) {
			if (!is_negative(&r->table3[row][c]))
				continue;
			snprintf(name, sizeof(name), "表三「%s」行%s列",
				 report_t3_row_full_label(row), col_name(c));
			negative_one(ck, &r->table3[row][c], false,
				     report_path_t3(row, c, path, sizeof(path)), name);
		}
	for (int g = 0; g < REPORT_T4_GROUPS; g++)
		for (int k = 0; k < REPORT_T4_FIELDS; k++) {
			if (!is_negative(&r->table4[g][k]))
				continue;
			snprintf(name, sizeof(name), "表四「%s」%s", report_t4_groups[g].label,
				 report_t4_field_labels[k]);
			negative_one(ck, &r->table4[g][k], false,
				     report_path_t4(g, k, path, sizeof(path)), name);
		}
	for (int i = 0; i < REPORT_T2_ITEMS; i++)
		for (int k = 0; k < REPORT_T2_FIELDS; k++) {
			const char *il = report_t2_items[i].key, *fl = report_t2_fields[k].key;
			if (report_t2_fields[k].kind == REPORT_KIND_SIGNED ||
			    !is_negative(&r->table2[i][k]))
				continue;
			report_format_has_t2_cell(ck->f, i, k, &il, &fl);
			snprintf(name, sizeof(name), "表二「%s」%s", il, fl);
			negative_one(ck, &r->table2[i][k],
				     report_t2_fields[k].kind == REPORT_KIND_AMOUNT,
				     report_path_t2(i, k, path, sizeof(path)), name);
		}
}

static void rule_cell_negative_legacy(struct ck *ck)
{
	char path[32], name[512];
	for (size_t i = 0; i < ck->r->nlegacy; i++) {
		const struct report_legacy_line *l = &ck->r->legacy[i];
		snprintf(path, sizeof(path), "legacy.%zu", i);
		snprintf(name, sizeof(name), "统计表「%s」", l->label);
		negative_one(ck, &l->value, report_unit_is_amount(l->unit), path, name);
	}
}

static void rule_sum_row(struct ck *ck)
{
	const struct report *r = ck->r;
	for (size_t i = 0; i < ck->f->nt3_rows; i++) {
		enum report_t3_row row = ck->f->t3_rows[i].row;
		const struct report_cell *cells = r->table3[row];
		int64_t terms[REPORT_COL_TOTAL], sum = 0;
		bool any = cells[REPORT_COL_TOTAL].present, blank = !any;
		for (int c = 0; c < REPORT_COL_TOTAL; c++) {
			terms[c] = val(&cells[c]);
			sum += terms[c];
			any |= cells[c].present;
			blank |= !cells[c].present;
		}
		if (!any || sum == val(&cells[REPORT_COL_TOTAL]))
			continue;
		char paths[REPORT_T3_COLS][96];
		const char *cp[REPORT_T3_COLS];
		for (int c = 0; c < REPORT_T3_COLS; c++)
			cp[c] = report_path_t3(row, c, paths[c], sizeof(paths[c]));
		struct buf m = BUF_INIT;
		buf_printf(&m, "表三「%s」行：自然人与五类法人或其他组织之和为 ",
			   report_t3_row_full_label(row));
		sum_expr(&m, terms, REPORT_COL_TOTAL, true);
		buf_printf(&m, "，而总计列填 %lld（相差 %lld）%s",
			   (long long)val(&cells[REPORT_COL_TOTAL]),
			   (long long)llabs(val(&cells[REPORT_COL_TOTAL]) - sum),
			   blank ? NOTE_BLANK : "");
		add(ck, "sum.row", REPORT_SEV_ERROR, cp, REPORT_T3_COLS, buf_cstr(&m));
		finish(ck, &m);
	}
}

static void rule_sum_results(struct ck *ck)
{
	const struct report *r = ck->r;
	for (int c = 0; c < REPORT_T3_COLS; c++) {
		int64_t terms[REPORT_T3_ROWS], sum = 0;
		size_t n = 0;
		bool blank = !r->table3[REPORT_T3_RESULTS_TOTAL][c].present;
		for (size_t i = 0; i < ck->f->nt3_rows; i++) {
			enum report_t3_row row = ck->f->t3_rows[i].row;
			if (row < REPORT_T3_FIRST_RESULT || row > REPORT_T3_LAST_RESULT)
				continue;
			terms[n] = val(&r->table3[row][c]);
			blank |= !r->table3[row][c].present;
			sum += terms[n++];
		}
		int64_t total = val(&r->table3[REPORT_T3_RESULTS_TOTAL][c]);
		if (sum == total)
			continue;
		char p0[96];
		const char *cp[] = {report_path_t3(REPORT_T3_RESULTS_TOTAL, c, p0, sizeof(p0))};
		struct buf m = BUF_INIT;
		buf_printf(&m, "%s列：三（一）至三（六）各项办理结果之和为 ", col_name(c));
		sum_expr(&m, terms, n, true);
		buf_printf(&m, "，而三（七）总计填 %lld（相差 %lld）%s", (long long)total,
			   (long long)llabs(total - sum), blank ? NOTE_BLANK : "");
		add(ck, "sum.results", REPORT_SEV_ERROR, cp, 1, buf_cstr(&m));
		finish(ck, &m);
	}
}

static void rule_balance_column(struct ck *ck)
{
	const struct report *r = ck->r;
	static const enum report_t3_row rows[] = {
	    REPORT_T3_RECEIVED_NEW, REPORT_T3_RECEIVED_CARRIED_OVER, REPORT_T3_RESULTS_TOTAL,
	    REPORT_T3_CARRIED_FORWARD};
	for (int c = 0; c < REPORT_T3_COLS; c++) {
		int64_t v[4];
		bool blank = false;
		for (int i = 0; i < 4; i++) {
			v[i] = val(&r->table3[rows[i]][c]);
			blank |= !r->table3[rows[i]][c].present;
		}
		if (v[0] + v[1] == v[2] + v[3])
			continue;
		char paths[4][96];
		const char *cp[4];
		for (int i = 0; i < 4; i++)
			cp[i] = report_path_t3(rows[i], c, paths[i], sizeof(paths[i]));
		struct buf m = BUF_INIT;
		buf_printf(&m,
			   "%s列：%lld + %lld = %lld，而 %lld + %lld = %lld"
			   "（本年新收 + 上年结转 应等于 三（七）总计 + 结转下年度，相差 %lld）%s",
			   col_name(c), (long long)v[0], (long long)v[1], (long long)(v[0] + v[1]),
			   (long long)v[2], (long long)v[3], (long long)(v[2] + v[3]),
			   (long long)llabs((v[0] + v[1]) - (v[2] + v[3])),
			   blank ? NOTE_BLANK : "");
		add(ck, "balance.column", REPORT_SEV_ERROR, cp, 4, buf_cstr(&m));
		finish(ck, &m);
	}
}

static void rule_sum_table4(struct ck *ck)
{
	const struct report *r = ck->r;
	for (int g = 0; g < REPORT_T4_GROUPS; g++) {
		int64_t terms[REPORT_T4_TOTAL], sum = 0;
		bool blank = !r->table4[g][REPORT_T4_TOTAL].present;
		for (int k = 0; k < REPORT_T4_TOTAL; k++) {
			terms[k] = val(&r->table4[g][k]);
			blank |= !r->table4[g][k].present;
			sum += terms[k];
		}
		int64_t total = val(&r->table4[g][REPORT_T4_TOTAL]);
		if (sum == total)
			continue;
		char paths[REPORT_T4_FIELDS][96];
		const char *cp[REPORT_T4_FIELDS];
		for (int k = 0; k < REPORT_T4_FIELDS; k++)
			cp[k] = report_path_t4(g, k, paths[k], sizeof(paths[k]));
		struct buf m = BUF_INIT;
		buf_printf(&m, "表四「%s%s」：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = ",
			   report_t4_groups[g].parent ? "行政诉讼·" : "",
			   report_t4_groups[g].label);
		sum_expr(&m, terms, REPORT_T4_TOTAL, false);
		buf_printf(&m, "，而总计填 %lld（相差 %lld）%s", (long long)total,
			   (long long)llabs(total - sum), blank ? NOTE_BLANK : "");
		add(ck, "sum.table4", REPORT_SEV_ERROR, cp, REPORT_T4_FIELDS, buf_cstr(&m));
		finish(ck, &m);
	}
}

static void rule_table2(struct ck *ck)
{
	const struct report *r = ck->r;
	char p[3][96];
	if (ck->f->id == REPORT_FORMAT_2021) {
		for (int i = REPORT_T2_REGULATIONS; i <= REPORT_T2_NORMATIVE_DOCUMENTS; i++) {
			const struct report_cell *c = r->table2[i];
			if (!c[REPORT_T2_ISSUED].present || !c[REPORT_T2_IN_FORCE].present)
				continue;
			int64_t issued = val(&c[REPORT_T2_ISSUED]),
				in_force = val(&c[REPORT_T2_IN_FORCE]);
			int64_t repealed = val(&c[REPORT_T2_REPEALED]);
			if (issued <= in_force + repealed)
				continue;
			const char *il = "";
			report_format_has_t2_cell(ck->f, i, REPORT_T2_ISSUED, &il, NULL);
			const char *cp[] = {
			    report_path_t2(i, REPORT_T2_ISSUED, p[0], sizeof(p[0])),
			    report_path_t2(i, REPORT_T2_REPEALED, p[1], sizeof(p[1])),
			    report_path_t2(i, REPORT_T2_IN_FORCE, p[2], sizeof(p[2])),
			};
			struct buf m = BUF_INIT;
			buf_printf(
			    &m,
			    "表二「%s」：本年制发 %lld 件，多于现行有效 %lld 件与本年废止 %lld "
			    "件之和：本年制发的文件一般应计入现行有效，请核对（如有文件当年即"
			    "失效，可在说明中注明）",
			    il, (long long)issued, (long long)in_force, (long long)repealed);
			add(ck, "table2.in_force", REPORT_SEV_INFO, cp, 3, buf_cstr(&m));
			finish(ck, &m);
		}
		return;
	}
	if (ck->f->id != REPORT_FORMAT_2019)
		return;
	for (int i = REPORT_T2_REGULATIONS; i <= REPORT_T2_NORMATIVE_DOCUMENTS; i++) {
		const struct report_cell *c = r->table2[i];
		if (!c[REPORT_T2_PUBLISHED].present || !c[REPORT_T2_PUBLIC_TOTAL].present ||
		    val(&c[REPORT_T2_PUBLIC_TOTAL]) >= val(&c[REPORT_T2_PUBLISHED]))
			continue;
		const char *il = "";
		report_format_has_t2_cell(ck->f, i, REPORT_T2_PUBLISHED, &il, NULL);
		const char *cp[] = {
		    report_path_t2(i, REPORT_T2_PUBLISHED, p[0], sizeof(p[0])),
		    report_path_t2(i, REPORT_T2_PUBLIC_TOTAL, p[1], sizeof(p[1])),
		};
		struct buf m = BUF_INIT;
		buf_printf(&m, "表二「%s」：对外公开总数量 %lld 少于本年新公开数量 %lld", il,
			   (long long)val(&c[REPORT_T2_PUBLIC_TOTAL]),
			   (long long)val(&c[REPORT_T2_PUBLISHED]));
		add(ck, "table2.public_total", REPORT_SEV_WARNING, cp, 2, buf_cstr(&m));
		finish(ck, &m);
	}
	for (int i = 0; i < REPORT_T2_ITEMS; i++) {
		const struct report_cell *c = r->table2[i];
		const char *il = "";
		if (!report_format_has_t2_cell(ck->f, i, REPORT_T2_CHANGE, &il, NULL) ||
		    !c[REPORT_T2_PRIOR_ITEMS].present || !c[REPORT_T2_CHANGE].present ||
		    val(&c[REPORT_T2_PRIOR_ITEMS]) + val(&c[REPORT_T2_CHANGE]) >= 0)
			continue;
		const char *cp[] = {
		    report_path_t2(i, REPORT_T2_PRIOR_ITEMS, p[0], sizeof(p[0])),
		    report_path_t2(i, REPORT_T2_CHANGE, p[1], sizeof(p[1])),
		};
		struct buf m = BUF_INIT;
		buf_printf(
		    &m, "表二「%s」：上一年项目数量 %lld 加本年增/减 %+lld 得 %lld，项目数不能为负",
		    il, (long long)val(&c[REPORT_T2_PRIOR_ITEMS]),
		    (long long)val(&c[REPORT_T2_CHANGE]),
		    (long long)(val(&c[REPORT_T2_PRIOR_ITEMS]) + val(&c[REPORT_T2_CHANGE])));
		add(ck, "table2.change", REPORT_SEV_ERROR, cp, 2, buf_cstr(&m));
		finish(ck, &m);
	}
}

/* A cell that takes part in value.duplicate. Two candidates are related (and may be equal
 * by construction) when they share a table 2 item, a table 3 row or column, or a table 4
 * group; totals and table 3's results_total are left out, being sums of the others. */
struct dup_cand {
	int64_t v;
	int table; /* 2, 3, 4 */
	int a, b;  /* item/field, row/col, group/field */
	char path[96];
	char name[192];
};

static bool dup_related(const struct dup_cand *x, const struct dup_cand *y)
{
	if (x->table != y->table)
		return false;
	if (x->table == 3)
		return x->a == y->a || x->b == y->b;
	return x->a == y->a;
}

static void rule_value_duplicate(struct ck *ck)
{
	const struct report *r = ck->r;
	enum {
		MAXC = REPORT_T2_ITEMS * REPORT_T2_FIELDS + REPORT_T3_ROWS * REPORT_T3_COLS +
		       REPORT_T4_GROUPS * REPORT_T4_FIELDS
	};
	struct dup_cand *cand = calloc(MAXC, sizeof(*cand));
	bool *used = calloc(MAXC, sizeof(*used));
	size_t n = 0;
	if (!cand || !used) {
		ck->rc = ZF_ENOMEM;
		goto out;
	}
	for (int i = 0; i < REPORT_T2_ITEMS; i++)
		for (int k = 0; k < REPORT_T2_FIELDS; k++) {
			const char *il, *fl;
			const struct report_cell *c = &r->table2[i][k];
			if (report_t2_fields[k].kind != REPORT_KIND_COUNT || !c->present ||
			    c->v < CHECK_DUPLICATE_MIN ||
			    !report_format_has_t2_cell(ck->f, i, k, &il, &fl))
				continue;
			cand[n] = (struct dup_cand){.v = c->v, .table = 2, .a = i, .b = k};
			report_path_t2(i, k, cand[n].path, sizeof(cand[n].path));
			snprintf(cand[n].name, sizeof(cand[n].name), "表二「%s」%s", il, fl);
			n++;
		}
	for (size_t ri = 0; ri < ck->f->nt3_rows; ri++) {
		enum report_t3_row row = ck->f->t3_rows[ri].row;
		if (row == REPORT_T3_RESULTS_TOTAL)
			continue;
		for (int c = 0; c < REPORT_COL_TOTAL; c++) {
			const struct report_cell *cell = &r->table3[row][c];
			if (!cell->present || cell->v < CHECK_DUPLICATE_MIN)
				continue;
			cand[n] = (struct dup_cand){.v = cell->v, .table = 3, .a = row, .b = c};
			report_path_t3(row, c, cand[n].path, sizeof(cand[n].path));
			snprintf(cand[n].name, sizeof(cand[n].name), "表三「%s」行%s列",
				 report_t3_row_short(row), col_name(c));
			n++;
		}
	}
	for (int g = 0; g < REPORT_T4_GROUPS; g++)
		for (int k = 0; k < REPORT_T4_TOTAL; k++) {
			const struct report_cell *c = &r->table4[g][k];
			if (!c->present || c->v < CHECK_DUPLICATE_MIN)
				continue;
			cand[n] = (struct dup_cand){.v = c->v, .table = 4, .a = g, .b = k};
			report_path_t4(g, k, cand[n].path, sizeof(cand[n].path));
			snprintf(cand[n].name, sizeof(cand[n].name), "表四「%s」%s",
				 report_t4_groups[g].label, report_t4_field_labels[k]);
			n++;
		}

	for (size_t i = 0; i < n && !ck->rc; i++) {
		if (used[i])
			continue;
		const char *cp[16];
		size_t set[16], m = 0;
		set[0] = i;
		struct buf names = BUF_INIT;
		cp[m++] = cand[i].path;
		buf_adds(&names, cand[i].name);
		for (size_t j = i + 1; j < n && m < ARRAY_SIZE(cp); j++) {
			if (used[j] || cand[j].v != cand[i].v)
				continue;
			bool related = false;
			for (size_t k = 0; k < m && !related; k++)
				related = dup_related(&cand[j], &cand[set[k]]);
			if (related)
				continue;
			used[j] = true;
			set[m] = j;
			cp[m++] = cand[j].path;
			buf_printf(&names, "、%s", cand[j].name);
		}
		if (m > 1) {
			struct buf msg = BUF_INIT;
			buf_printf(
			    &msg,
			    "同一数值 %lld 同时出现在%s：这些单元格之间没有勾稽关系，数字完全"
			    "相同多半是复制粘贴失误，请与原始台账核对",
			    (long long)cand[i].v, buf_cstr(&names));
			add(ck, "value.duplicate", REPORT_SEV_WARNING, cp, m, buf_cstr(&msg));
			finish(ck, &msg);
		}
		finish(ck, &names);
	}
out:
	free(cand);
	free(used);
}

static void rule_carry(struct ck *ck, const struct report *prev)
{
	const struct report *r = ck->r;
	if (!prev)
		return;
	struct buf m = BUF_INIT;
	if (prev->format == REPORT_FORMAT_LEGACY) {
		buf_adds(
		    &m, "上一年度报告是统计表格式，没有“结转下年度继续办理”一行，无法核对上年结转");
		add(ck, "carry.previous_year", REPORT_SEV_INFO, NULL, 0, buf_cstr(&m));
		finish(ck, &m);
		return;
	}
	if (r->year && prev->year && prev->year != r->year - 1) {
		buf_printf(&m,
			   "用于比对的上一年度报告是 %d 年度的，而本报告是 %d 年度，应提供 %d "
			   "年度的报告",
			   prev->year, r->year, r->year - 1);
		add(ck, "carry.previous_year", REPORT_SEV_WARNING, NULL, 0, buf_cstr(&m));
		finish(ck, &m);
		return;
	}
	char paths[REPORT_T3_COLS][96];
	const char *cp[REPORT_T3_COLS];
	size_t n = 0;
	for (int c = 0; c < REPORT_T3_COLS; c++) {
		const struct report_cell *now = &r->table3[REPORT_T3_RECEIVED_CARRIED_OVER][c];
		const struct report_cell *before = &prev->table3[REPORT_T3_CARRIED_FORWARD][c];
		if (!now->present || !before->present || now->v == before->v)
			continue;
		cp[n] =
		    report_path_t3(REPORT_T3_RECEIVED_CARRIED_OVER, c, paths[n], sizeof(paths[n]));
		buf_printf(&m, "%s%s列本年填 %lld、上年报告填 %lld", n ? "；" : "", col_name(c),
			   (long long)now->v, (long long)before->v);
		n++;
	}
	if (n) {
		struct buf full = BUF_INIT;
		char y[16] = "上一";
		if (prev->year)
			snprintf(y, sizeof(y), "%d ", prev->year);
		buf_printf(&full,
			   "本年“上年结转政府信息公开申请数量”与%s年度报告的“结转下年度继续办理”"
			   "不一致：%s。两者应相等，除非机构或统计口径调整（请在说明中注明）",
			   y, buf_cstr(&m));
		add(ck, "carry.previous_year", REPORT_SEV_WARNING, cp, n, buf_cstr(&full));
		finish(ck, &full);
	}
	finish(ck, &m);
}

static void rule_sum_legacy(struct ck *ck)
{
	const struct report *r = ck->r;
	for (size_t i = 0; i < r->nlegacy; i++) {
		const struct report_legacy_line *p = &r->legacy[i];
		int level = report_legacy_level(p->label);
		if (level > 2 || !p->value.present || report_unit_is_amount(p->unit))
			continue;
		int64_t terms[32], sum = 0;
		size_t n = 0;
		bool complete = true;
		for (size_t j = i + 1; j < r->nlegacy; j++) {
			int lj = report_legacy_level(r->legacy[j].label);
			if (lj <= level)
				break;
			if (lj != level + 1)
				continue;
			const struct report_legacy_line *c = &r->legacy[j];
			if (!c->value.present || n == ARRAY_SIZE(terms) || !c->unit || !p->unit ||
			    strcmp(c->unit, p->unit)) {
				complete = false;
				break;
			}
			terms[n++] = val(&c->value);
			sum += val(&c->value);
		}
		if (!complete || n < 2 || sum == val(&p->value))
			continue;
		char path[32];
		const char *cp[] = {path};
		snprintf(path, sizeof(path), "legacy.%zu", i);
		struct buf m = BUF_INIT;
		buf_printf(&m, "统计表「%s」填 %lld，而其下各分项之和为 ", p->label,
			   (long long)val(&p->value));
		sum_expr(&m, terms, n, false);
		buf_printf(&m, "（相差 %lld）", (long long)llabs(val(&p->value) - sum));
		add(ck, "sum.legacy", REPORT_SEV_WARNING, cp, 1, buf_cstr(&m));
		finish(ck, &m);
	}
}

int check_report(struct report *r, const struct report *previous)
{
	struct ck ck = {r, report_format_get(r->format), 0};

	/* drop earlier checker findings, keep the parser's */
	report_drop_findings(r, check_owns_rule);

	if (!ck.f)
		return 0;
	rule_format_year(&ck);
	if (ck.f->id == REPORT_FORMAT_LEGACY) {
		rule_cell_negative_legacy(&ck);
		rule_sum_legacy(&ck);
	} else {
		rule_cell_missing(&ck);
		rule_cell_negative(&ck);
		rule_sum_row(&ck);
		rule_sum_results(&ck);
		rule_balance_column(&ck);
		rule_sum_table4(&ck);
		rule_table2(&ck);
		rule_value_duplicate(&ck);
		rule_carry(&ck, previous);
	}
	if (ck.rc)
		return ck.rc;
	return (int)report_count_findings(r, REPORT_SEV_ERROR);
}
