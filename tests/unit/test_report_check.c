/* test_report_check.c: every checker rule with a failing and a passing case, and merge. */
#include "common.h"
#include "law/check.h"
#include "law/merge.h"
#include "tap.h"

static void set3(struct report *r, enum report_t3_row row, enum report_t3_col col, int64_t v)
{
	report_cell_set(&r->table3[row][col], v, NULL);
}

/* Recomputes the 总计 column of every row from the six applicant columns. */
static void fix_totals(struct report *r)
{
	for (int row = 0; row < REPORT_T3_ROWS; row++) {
		int64_t s = 0;
		for (int c = 0; c < REPORT_COL_TOTAL; c++)
			s += r->table3[row][c].v;
		set3(r, row, REPORT_COL_TOTAL, s);
	}
}

/* A consistent 2021 report: every rule passes. Column c: 新收 10+c, 结转 2, results
 * 予以公开 5+c, 部分公开 3, 国家秘密 1, 不掌握 2 (total 11+c), 结转下年度 1. */
static struct report *base_2021(void)
{
	struct report *r = report_new();
	r->format = REPORT_FORMAT_2021;
	r->year = 2023;
	for (int row = 0; row < REPORT_T3_ROWS; row++)
		for (int c = 0; c < REPORT_T3_COLS; c++)
			set3(r, row, c, 0);
	for (int c = 0; c < REPORT_COL_TOTAL; c++) {
		set3(r, REPORT_T3_RECEIVED_NEW, c, 10 + c);
		set3(r, REPORT_T3_RECEIVED_CARRIED_OVER, c, 2);
		set3(r, REPORT_T3_GRANTED, c, 5 + c);
		set3(r, REPORT_T3_PARTIALLY_GRANTED, c, 3);
		set3(r, REPORT_T3_WITHHELD_STATE_SECRET, c, 1);
		set3(r, REPORT_T3_UNAVAILABLE_NOT_HELD, c, 2);
		set3(r, REPORT_T3_RESULTS_TOTAL, c, 11 + c);
		set3(r, REPORT_T3_CARRIED_FORWARD, c, 1);
	}
	fix_totals(r);
	static const int64_t t4[REPORT_T4_GROUPS][REPORT_T4_FIELDS] = {
	    {2, 1, 1, 0, 4}, {1, 0, 0, 1, 2}, {0, 0, 0, 0, 0}};
	for (int g = 0; g < REPORT_T4_GROUPS; g++)
		for (int k = 0; k < REPORT_T4_FIELDS; k++)
			report_cell_set(&r->table4[g][k], t4[g][k], NULL);
	const struct report_format *f = report_format_get(REPORT_FORMAT_2021);
	int64_t v = 1;
	for (size_t t = 0; t < f->nt2; t++)
		for (size_t i = 0; i < f->t2[t].nitems; i++)
			for (size_t j = 0; j < f->t2[t].nfields; j++)
				report_cell_set(&r->table2[f->t2[t].items[i]][f->t2[t].fields[j]],
						v++ * (f->t2[t].fields[j] == REPORT_T2_AMOUNT
							   ? REPORT_AMOUNT_SCALE
							   : 1),
						NULL);
	/* 制发 ≤ 现行有效 + 废止 */
	report_cell_set(&r->table2[REPORT_T2_REGULATIONS][REPORT_T2_IN_FORCE], 10, NULL);
	report_cell_set(&r->table2[REPORT_T2_NORMATIVE_DOCUMENTS][REPORT_T2_IN_FORCE], 10, NULL);
	return r;
}

static const struct report_finding *find(const struct report *r, const char *rule)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule, rule))
			return &r->findings[i];
	return NULL;
}

static size_t count(const struct report *r, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		n += !strcmp(r->findings[i].rule, rule);
	return n;
}

static bool has_cell(const struct report_finding *f, const char *path)
{
	for (size_t i = 0; f && i < f->ncells; i++)
		if (!strcmp(f->cells[i], path))
			return true;
	return false;
}

static bool says(const struct report_finding *f, const char *text)
{
	bool ok = f && strstr(f->message, text);
	if (!ok)
		printf("# message: %s\n# wanted:  %s\n", f ? f->message : "(no finding)", text);
	return ok;
}

static void test_base_passes(void)
{
	struct report *r = base_2021();
	int ne = check_report(r, NULL);
	tap_int(ne, 0, "consistent report: no errors");
	tap_int((long long)r->nfindings, 0, "consistent report: no findings at all");
	for (size_t i = 0; i < r->nfindings; i++)
		printf("# %s: %s\n", r->findings[i].rule, r->findings[i].message);
	report_free(r);
}

static void test_balance_column(void)
{
	struct report *r = base_2021();
	/* one more received, nothing else: balance breaks in 自然人 and 总计 only */
	set3(r, REPORT_T3_RECEIVED_NEW, REPORT_COL_NATURAL_PERSON, 11);
	fix_totals(r);
	int ne = check_report(r, NULL);
	tap_int((long long)count(r, "balance.column"), 2,
		"balance.column: 自然人 and 总计 columns");
	const struct report_finding *f = find(r, "balance.column");
	tap_ok(says(f, "自然人列：11 + 2 = 13，而 11 + 1 = 12"),
	       "balance.column names the column and the arithmetic");
	tap_ok(f && f->severity == REPORT_SEV_ERROR, "balance.column is an error");
	tap_ok(has_cell(f, "table3.received_new.natural_person") &&
		   has_cell(f, "table3.carried_forward.natural_person"),
	       "balance.column lists the four cells");
	tap_int(ne, 2, "check_report returns the number of errors");
	tap_int((long long)count(r, "sum.results") + count(r, "sum.row"), 0,
		"no other sum rule fires");
	report_free(r);
}

static void test_sum_results(void)
{
	struct report *r = base_2021();
	/* a result moved without the total following: 予以公开 +1, 新收 +1 keeps balance? no:
	 * results_total stays, so only sum.results fires (balance uses the stated total) */
	set3(r, REPORT_T3_GRANTED, REPORT_COL_COMMERCIAL, 7);
	fix_totals(r);
	check_report(r, NULL);
	const struct report_finding *f = find(r, "sum.results");
	tap_int((long long)count(r, "sum.results"), 2, "sum.results: 商业企业 and 总计 columns");
	tap_ok(says(f, "商业企业列：三（一）至三（六）各项办理结果之和为 7 + 3 + 1 + 2 = "
		       "13，而三（七）总计填 12"),
	       "sum.results shows the terms and the stated total");
	tap_ok(has_cell(f, "table3.results_total.commercial"), "sum.results points at the total");
	tap_int((long long)count(r, "balance.column"), 0, "balance.column still holds");
	report_free(r);

	r = base_2021();
	check_report(r, NULL);
	tap_ok(!find(r, "sum.results"), "sum.results passes on a consistent report");
	report_free(r);
}

static void test_sum_row(void)
{
	struct report *r = base_2021();
	set3(r, REPORT_T3_PARTIALLY_GRANTED, REPORT_COL_TOTAL, 19);
	check_report(r, NULL);
	const struct report_finding *f = find(r, "sum.row");
	tap_int((long long)count(r, "sum.row"), 1, "sum.row fires once");
	tap_ok(says(f, "3 + 3 + 3 + 3 + 3 + 3 = 18，而总计列填 19（相差 1）"),
	       "sum.row arithmetic");
	tap_ok(says(f, "三（二）部分公开"), "sum.row names the row");
	tap_ok(has_cell(f, "table3.partially_granted.total"), "sum.row lists the row's cells");
	report_free(r);
}

static void test_sum_table4(void)
{
	struct report *r = base_2021();
	report_cell_set(&r->table4[REPORT_T4_LITIGATION_DIRECT][REPORT_T4_TOTAL], 3, NULL);
	check_report(r, NULL);
	const struct report_finding *f = find(r, "sum.table4");
	tap_ok(says(f, "行政诉讼·未经复议直接起诉") && says(f, "1 + 0 + 0 + 1 = 2，而总计填 3"),
	       "sum.table4 names the group and the sum");
	tap_ok(has_cell(f, "table4.litigation_direct.total"), "sum.table4 lists the cells");
	report_free(r);
	r = base_2021();
	check_report(r, NULL);
	tap_ok(!find(r, "sum.table4"), "sum.table4 passes on a consistent report");
	report_free(r);
}

static void test_cell_negative(void)
{
	struct report *r = base_2021();
	report_cell_set(&r->table4[REPORT_T4_REVIEW][REPORT_T4_OTHER], -1, NULL);
	report_cell_set(&r->table4[REPORT_T4_REVIEW][REPORT_T4_TOTAL], 2, NULL);
	report_cell_set(&r->table2[REPORT_T2_FEES][REPORT_T2_AMOUNT], -REPORT_AMOUNT_SCALE / 2,
			NULL);
	check_report(r, NULL);
	tap_int((long long)count(r, "cell.negative"), 2,
		"cell.negative: table 4 and the fee amount");
	const struct report_finding *f = find(r, "cell.negative");
	tap_ok(says(f, "表四「行政复议」其他结果填了负数 -1"), "cell.negative names the cell");
	tap_ok(f && f->severity == REPORT_SEV_ERROR, "cell.negative is an error");
	tap_ok(says(&r->findings[r->nfindings - 1], "-0.5"), "a negative amount shows in 万元");
	tap_ok(!find(r, "sum.table4"), "the group still sums");
	report_free(r);

	/* 本年增/减 may be negative */
	r = report_new();
	r->format = REPORT_FORMAT_2019;
	report_cell_set(&r->table2[REPORT_T2_LICENSING][REPORT_T2_PRIOR_ITEMS], 20, NULL);
	report_cell_set(&r->table2[REPORT_T2_LICENSING][REPORT_T2_CHANGE], -17, NULL);
	check_report(r, NULL);
	tap_ok(!find(r, "cell.negative"), "cell.negative ignores a negative 本年增/减");
	report_free(r);
}

static void test_cell_missing(void)
{
	struct report *r = base_2021();
	report_cell_clear(&r->table3[REPORT_T3_RECEIVED_CARRIED_OVER][REPORT_COL_OTHER]);
	set3(r, REPORT_T3_RECEIVED_CARRIED_OVER, REPORT_COL_TOTAL, 10);
	/* the other column now reads 15 + 0 = 15 but 16 + 1 = 17 */
	int ne = check_report(r, NULL);
	const struct report_finding *f = find(r, "cell.missing");
	tap_int((long long)count(r, "cell.missing"), 1, "cell.missing fires once");
	tap_ok(says(f, "表三「二、上年结转政府信息公开申请数量」行的其他列为空白"),
	       "cell.missing names the row and column");
	tap_ok(has_cell(f, "table3.received_carried_over.other"), "cell.missing has the path");
	tap_ok(f && f->severity == REPORT_SEV_ERROR, "a blank table 3 cell is an error");
	f = find(r, "balance.column");
	tap_ok(says(f, "其他列：15 + 0 = 15，而 16 + 1 = 17") && says(f, "空白单元格按 0 计"),
	       "arithmetic counts the blank as 0 and says so");
	tap_int(ne, 3, "three errors: missing, and balance in 其他 and 总计");
	report_free(r);

	r = base_2021();
	report_cell_clear(&r->table2[REPORT_T2_PENALTIES][REPORT_T2_DECISIONS]);
	check_report(r, NULL);
	f = find(r, "cell.missing");
	tap_ok(f && f->severity == REPORT_SEV_WARNING && says(f, "行政处罚"),
	       "a blank table 2 cell is a warning");
	report_free(r);

	/* 2019 has no 三（六）1–2: their nulls are not missing */
	r = base_2021();
	r->format = REPORT_FORMAT_2019;
	r->year = 2020;
	for (int c = 0; c < REPORT_T3_COLS; c++) {
		report_cell_clear(&r->table3[REPORT_T3_OTHER_NO_SUPPLEMENT][c]);
		report_cell_clear(&r->table3[REPORT_T3_OTHER_FEE_UNPAID][c]);
	}
	check_report(r, NULL);
	const struct report_finding *t3miss = NULL;
	for (size_t i = 0; i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule, "cell.missing") &&
		    strstr(r->findings[i].cells[0], "table3"))
			t3miss = &r->findings[i];
	tap_ok(!t3miss, "2019 format: null 三（六）1–2 rows are not missing");
	report_free(r);
}

static void test_value_duplicate(void)
{
	struct report *r = report_new();
	r->format = REPORT_FORMAT_2019;
	r->year = 2020;
	report_cell_set(&r->table2[REPORT_T2_OTHER_SERVICES][REPORT_T2_DECISIONS], 643954, NULL);
	report_cell_set(&r->table2[REPORT_T2_ENFORCEMENT][REPORT_T2_DECISIONS], 643954, NULL);
	report_cell_set(&r->table2[REPORT_T2_NORMATIVE_DOCUMENTS][REPORT_T2_MADE], 33, NULL);
	report_cell_set(&r->table2[REPORT_T2_NORMATIVE_DOCUMENTS][REPORT_T2_PUBLISHED], 33, NULL);
	check_report(r, NULL);
	const struct report_finding *f = find(r, "value.duplicate");
	tap_int((long long)count(r, "value.duplicate"), 1, "value.duplicate fires once");
	tap_ok(says(f, "643954") && says(f, "其他对外管理服务事项") && says(f, "行政强制"),
	       "value.duplicate names the value and both cells");
	tap_ok(has_cell(f, "table2.other_services.decisions") &&
		   has_cell(f, "table2.enforcement.decisions"),
	       "value.duplicate lists both paths");
	tap_ok(f && f->severity == REPORT_SEV_WARNING, "value.duplicate is a warning");
	report_free(r);

	/* below the threshold, in related cells, or in the total column: silent */
	r = base_2021();
	report_cell_set(&r->table2[REPORT_T2_LICENSING][REPORT_T2_DECISIONS], 999, NULL);
	report_cell_set(&r->table2[REPORT_T2_PENALTIES][REPORT_T2_DECISIONS], 999, NULL);
	report_cell_set(&r->table2[REPORT_T2_REGULATIONS][REPORT_T2_ISSUED], 1500, NULL);
	report_cell_set(&r->table2[REPORT_T2_REGULATIONS][REPORT_T2_IN_FORCE], 1500, NULL);
	set3(r, REPORT_T3_RECEIVED_NEW, REPORT_COL_NATURAL_PERSON, 5000);
	set3(r, REPORT_T3_GRANTED, REPORT_COL_NATURAL_PERSON, 4995);
	set3(r, REPORT_T3_RESULTS_TOTAL, REPORT_COL_NATURAL_PERSON, 5001);
	/* the same numbers again in the next column: same rows, so related */
	set3(r, REPORT_T3_RECEIVED_NEW, REPORT_COL_COMMERCIAL, 5000);
	set3(r, REPORT_T3_GRANTED, REPORT_COL_COMMERCIAL, 4995);
	set3(r, REPORT_T3_RESULTS_TOTAL, REPORT_COL_COMMERCIAL, 5001);
	fix_totals(r);
	check_report(r, NULL);
	tap_ok(!find(r, "value.duplicate"),
	       "value.duplicate: small, same-item, same-row values pass");
	tap_int(check_report(r, NULL), 0, "and the report is otherwise consistent");
	for (size_t i = 0; i < r->nfindings; i++)
		printf("# %s: %s\n", r->findings[i].rule, r->findings[i].message);
	report_free(r);
}

static void test_carry(void)
{
	struct report *r = base_2021(), *prev = base_2021();
	prev->year = 2022;
	for (int c = 0; c < REPORT_T3_COLS; c++)
		set3(prev, REPORT_T3_CARRIED_FORWARD, c,
		     r->table3[REPORT_T3_RECEIVED_CARRIED_OVER][c].v);
	check_report(r, prev);
	tap_ok(!find(r, "carry.previous_year"), "carry.previous_year passes when they match");

	set3(prev, REPORT_T3_CARRIED_FORWARD, REPORT_COL_NATURAL_PERSON, 3);
	set3(prev, REPORT_T3_CARRIED_FORWARD, REPORT_COL_TOTAL, 13);
	check_report(r, prev);
	const struct report_finding *f = find(r, "carry.previous_year");
	tap_ok(says(f, "自然人列本年填 2、上年报告填 3") && says(f, "2022 年度报告"),
	       "carry.previous_year names the columns and both values");
	tap_ok(has_cell(f, "table3.received_carried_over.total"),
	       "carry.previous_year lists cells");
	tap_ok(f && f->severity == REPORT_SEV_WARNING, "carry.previous_year is a warning");

	prev->year = 2020;
	check_report(r, prev);
	f = find(r, "carry.previous_year");
	tap_ok(says(f, "2020 年度"), "carry.previous_year refuses a report of the wrong year");
	check_report(r, NULL);
	tap_ok(!find(r, "carry.previous_year"), "no previous report: no carry finding");
	report_free(r);
	report_free(prev);
}

static void test_format_year_and_table2(void)
{
	struct report *r = base_2021();
	r->year = 2020;
	check_report(r, NULL);
	tap_ok(says(find(r, "format.year"), "2020 年度的报告应使用国办公开办函〔2019〕60号格式"),
	       "format.year: 2021 format for a 2020 report");
	r->year = 2021;
	check_report(r, NULL);
	tap_ok(!find(r, "format.year"), "format.year passes for 2021");

	report_cell_set(&r->table2[REPORT_T2_NORMATIVE_DOCUMENTS][REPORT_T2_ISSUED], 5, NULL);
	report_cell_set(&r->table2[REPORT_T2_NORMATIVE_DOCUMENTS][REPORT_T2_REPEALED], 1, NULL);
	report_cell_set(&r->table2[REPORT_T2_NORMATIVE_DOCUMENTS][REPORT_T2_IN_FORCE], 2, NULL);
	check_report(r, NULL);
	const struct report_finding *f = find(r, "table2.in_force");
	tap_ok(says(f, "本年制发 5 件，多于现行有效 2 件与本年废止 1 件之和") &&
		   f->severity == REPORT_SEV_INFO,
	       "table2.in_force is an info with the numbers");
	report_free(r);

	r = report_new();
	r->format = REPORT_FORMAT_2019;
	r->year = 2020;
	report_cell_set(&r->table2[REPORT_T2_REGULATIONS][REPORT_T2_PUBLISHED], 10, NULL);
	report_cell_set(&r->table2[REPORT_T2_REGULATIONS][REPORT_T2_PUBLIC_TOTAL], 5, NULL);
	report_cell_set(&r->table2[REPORT_T2_FEES][REPORT_T2_PRIOR_ITEMS], 5, NULL);
	report_cell_set(&r->table2[REPORT_T2_FEES][REPORT_T2_CHANGE], -6, NULL);
	check_report(r, NULL);
	tap_ok(says(find(r, "table2.public_total"), "对外公开总数量 5 少于本年新公开数量 10"),
	       "table2.public_total (2019)");
	tap_ok(says(find(r, "table2.change"), "上一年项目数量 5 加本年增/减 -6 得 -1"),
	       "table2.change (2019)");
	report_cell_set(&r->table2[REPORT_T2_REGULATIONS][REPORT_T2_PUBLIC_TOTAL], 10, NULL);
	report_cell_set(&r->table2[REPORT_T2_FEES][REPORT_T2_CHANGE], -5, NULL);
	check_report(r, NULL);
	tap_ok(!find(r, "table2.public_total") && !find(r, "table2.change"),
	       "2019 table 2 rules pass at the boundary");
	report_free(r);
}

static void test_sum_legacy(void)
{
	struct report *r = report_new();
	r->format = REPORT_FORMAT_LEGACY;
	r->year = 2016;
	struct report_cell v3, v1, v0, head = {0};
	report_cell_set(&v3, 3, NULL);
	report_cell_set(&v1, 1, NULL);
	report_cell_set(&v0, 0, NULL);
	report_add_legacy(r, "三、依申请公开情况", NULL, &head);
	report_add_legacy(r, "(三)从事政府信息公开工作人员数", "人", &v3);
	report_add_legacy(r, "1.专职人员数", "人", &v1);
	report_add_legacy(r, "2.兼职人员数", "人", &v1);
	report_add_legacy(r, "四、行政复议数量", "件", &v3);
	report_add_legacy(r, "（一）维持具体行政行为数", "件", &v1);
	report_add_legacy(r, "（二）被依法纠错数", "件", &v1);
	report_add_legacy(r, "（三）其他情形数", "件", &v1);
	report_add_legacy(r, "其中：说明行", "件", &v0);
	check_report(r, NULL);
	tap_int((long long)count(r, "sum.legacy"), 1, "sum.legacy fires once");
	const struct report_finding *f = find(r, "sum.legacy");
	tap_ok(says(f, "(三)从事政府信息公开工作人员数」填 3，而其下各分项之和为 1 + 1 = 2"),
	       "sum.legacy shows the sum");
	tap_ok(has_cell(f, "legacy.1"), "sum.legacy points at the line");
	report_free(r);
	tap_int(report_legacy_level("十一、行政权力办件情况"), 1, "legacy level 一、");
	tap_int(report_legacy_level("（十）其他行政权力"), 2, "legacy level （一）");
	tap_int(report_legacy_level("12.其他"), 3, "legacy level 1.");
	tap_int(report_legacy_level("涉及商业秘密"), 4, "legacy level unnumbered");
}

static void test_rerun_keeps_parser_findings(void)
{
	struct report *r = base_2021();
	set3(r, REPORT_T3_CARRIED_FORWARD, REPORT_COL_COMMERCIAL, 2);
	fix_totals(r);
	report_add_finding(r, "text.injected", REPORT_SEV_WARNING, NULL, 0, "注入文字");
	check_report(r, NULL);
	size_t n = r->nfindings;
	check_report(r, NULL);
	tap_int((long long)r->nfindings, (long long)n, "a second run does not duplicate findings");
	tap_ok(find(r, "text.injected") != NULL, "the parser's findings are kept");
	tap_ok(check_owns_rule("balance.column") && !check_owns_rule("text.injected"),
	       "check_owns_rule");
	report_free(r);
}

static void test_merge(void)
{
	struct report *a = base_2021(), *b = base_2021(), *out = NULL;
	struct buf err = BUF_INIT;
	report_cell_clear(&b->table4[REPORT_T4_REVIEW][REPORT_T4_UPHELD]);
	const struct report *in[] = {a, b};
	const char *names[] = {"甲区", "乙区"};
	int rc = report_merge(in, names, 2, 0, &out, &err);
	tap_int(rc, 0, "merge of two 2021 reports");
	tap_int(out ? out->table3[REPORT_T3_RECEIVED_NEW][REPORT_COL_TOTAL].v : -1,
		2 * a->table3[REPORT_T3_RECEIVED_NEW][REPORT_COL_TOTAL].v, "merge sums table 3");
	tap_int(out ? out->table4[REPORT_T4_REVIEW][REPORT_T4_UPHELD].v : -1, 2,
		"a blank member cell adds nothing");
	tap_ok(out && find(out, "merge.incomplete") && says(find(out, "merge.incomplete"), "乙区"),
	       "merge.incomplete names the member with the blank");
	tap_int(out ? (long long)out->nmembers : 0, 2, "merge lists its members");
	tap_int(out ? check_report(out, NULL) : -1, 1,
		"the merged result is checked (table 4 sum)");
	report_free(out);

	b->year = 2022;
	buf_reset(&err);
	rc = report_merge(in, names, 2, 0, &out, &err);
	tap_int(rc, ZF_EINVAL, "merge refuses mixed years");
	tap_ok(strstr(buf_cstr(&err), "--allow-mixed-years") != NULL, "and says how to force it");
	rc = report_merge(in, names, 2, MERGE_ALLOW_MIXED_YEARS, &out, &err);
	tap_ok(rc == 0 && out->year == 2023 && find(out, "merge.mixed_years"),
	       "--allow-mixed-years: merged as the latest year, with a note");
	report_free(out);

	/* 2019 + 2021 → 2021; 其他处理 stays in other_other */
	b->year = 2023;
	b->format = REPORT_FORMAT_2019;
	set3(b, REPORT_T3_OTHER_NO_SUPPLEMENT, REPORT_COL_NATURAL_PERSON, 99);
	report_cell_set(&b->table2[REPORT_T2_LICENSING][REPORT_T2_DECISIONS], 100, NULL);
	report_cell_set(&b->table2[REPORT_T2_REGULATIONS][REPORT_T2_MADE], 7, NULL);
	rc = report_merge(in, names, 2, 0, &out, &err);
	tap_ok(rc == 0 && out->format == REPORT_FORMAT_2021,
	       "2019 + 2021 merge to the 2021 format");
	tap_int(out ? out->table3[REPORT_T3_OTHER_NO_SUPPLEMENT][REPORT_COL_NATURAL_PERSON].v : -1,
		0, "a 2019 member adds nothing to 三（六）1");
	tap_int(out ? out->table2[REPORT_T2_LICENSING][REPORT_T2_DECISIONS].v : -1,
		a->table2[REPORT_T2_LICENSING][REPORT_T2_DECISIONS].v + 100,
		"处理决定数量 maps to 2021");
	tap_int(out ? out->table2[REPORT_T2_REGULATIONS][REPORT_T2_ISSUED].v : -1,
		a->table2[REPORT_T2_REGULATIONS][REPORT_T2_ISSUED].v + 7,
		"本年新制作数量 maps to 本年制发件数");
	report_free(out);

	b->format = REPORT_FORMAT_LEGACY;
	rc = report_merge(in, names, 2, 0, &out, &err);
	tap_int(rc, ZF_EINVAL, "legacy and new formats do not merge");
	buf_free(&err);
	report_free(a);
	report_free(b);
}

int main(void)
{
	test_base_passes();
	test_balance_column();
	test_sum_results();
	test_sum_row();
	test_sum_table4();
	test_cell_negative();
	test_cell_missing();
	test_value_duplicate();
	test_carry();
	test_format_year_and_table2();
	test_sum_legacy();
	test_rerun_keeps_parser_findings();
	test_merge();
	return tap_done();
}
