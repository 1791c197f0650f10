/* integrity_xlsx.c: the 通报 workbook (integrity_xlsx.h), written with libxlsxwriter. */
#include "common.h"
#include "integrity_xlsx.h"
#include "xlsx_table.h"

#include <stdlib.h>
#include <xlsxwriter.h>

static int rank_cmp(const void *pa, const void *pb)
{
	const struct integrity_score *a = pa, *b = pb;
	if (a->pass != b->pass)
		return a->pass ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->veto != b->veto)
		return a->veto < b->veto ? -1 : 1;
	if (a->open != b->open)
		return a->open < b->open ? -1 : 1;
	return a->agency_id < b->agency_id ? -1 : a->agency_id > b->agency_id;
}

void integrity_rank(struct integrity_score *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), rank_cmp);
}

struct book {
	const char *title;
	const struct integrity_score *v;
	size_t n;
	const struct integrity_finding *f;
	size_t nf;
	const char *(*agency_name)(void *ctx, long long id);
	void *ctx;
	int error;
};

static void put(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
		lxw_format *fmt)
{
	if (!b->error && worksheet_write_string(ws, r, c, s ? s : "", fmt))
		b->error = ZF_ENOMEM;
}

static void num(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v,
		lxw_format *fmt)
{
	if (!b->error && worksheet_write_number(ws, r, c, v, fmt))
		b->error = ZF_ENOMEM;
}

static void fill(lxw_workbook *wb, const void *ctx)
{
	struct book *b = (struct book *)ctx;
	lxw_doc_properties props = {0};
	props.title = (char *)b->title;
	props.comments = "由 zfxxgk 生成";
	workbook_set_properties(wb, &props);
	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_bg_color(head, 0xEEEEEE);
	format_set_text_wrap(head);
	lxw_format *cell = workbook_add_format(wb);
	format_set_text_wrap(cell);
	format_set_border(cell, LXW_BORDER_THIN);
	format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
	lxw_format *score = workbook_add_format(wb);
	format_set_border(score, LXW_BORDER_THIN);
	format_set_num_format(score, "0.0");
	format_set_align(score, LXW_ALIGN_VERTICAL_TOP);

	/* sheet 1: the ranking */
	lxw_worksheet *ws = workbook_add_worksheet(wb, "通报");
	put(b, ws, 0, 0, b->title, title);
	char line[200];
	size_t nd;
	const struct integrity_deduction *d = integrity_deductions(&nd);
	snprintf(line, sizeof(line),
		 "评分：满分 100 分，扣分项按类别扣分（见“扣分规则”表），有单项否决项或低于 %.0f "
		 "分为不合格。",
		 INTEGRITY_PASS_SCORE);
	put(b, ws, 1, 0, line, NULL);
	lxw_col_t c = 0;
	const char *heads0[] = {"排名", "单位", "得分", "结论", "单项否决项"};
	for (size_t i = 0; i < ARRAY_SIZE(heads0); i++)
		put(b, ws, 3, c++, heads0[i], head);
	for (size_t i = 0; i < INTEGRITY_NCATS; i++)
		put(b, ws, 3, c++, integrity_category_label(integrity_categories[i]), head);
	put(b, ws, 3, c++, "其他", head);
	put(b, ws, 3, c++, "待整改合计", head);
	put(b, ws, 3, c++, "逾期未整改", head);
	put(b, ws, 3, c++, "主要问题", head);
	worksheet_set_column(ws, 0, 0, 6, NULL);
	worksheet_set_column(ws, 1, 1, 28, NULL);
	worksheet_set_column(ws, 2, c - 2, 9, NULL);
	worksheet_set_column(ws, c - 1, c - 1, 60, NULL);
	for (size_t i = 0; i < b->n; i++) {
		const struct integrity_score *s = &b->v[i];
		lxw_row_t r = (lxw_row_t)(4 + i);
		c = 0;
		num(b, ws, r, c++, (double)(i + 1), cell);
		put(b, ws, r, c++, s->agency_name, cell);
		num(b, ws, r, c++, s->score, score);
		put(b, ws, r, c++,
		    s->pass   ? "合格"
		    : s->veto ? "不合格（单项否决）"
			      : "不合格",
		    cell);
		num(b, ws, r, c++, (double)s->veto, cell);
		for (size_t k = 0; k <= INTEGRITY_NCATS; k++)
			num(b, ws, r, c++, (double)s->per_cat[k], cell);
		num(b, ws, r, c++, (double)s->open, cell);
		num(b, ws, r, c++, (double)s->overdue, cell);
		char problems[2000] = "";
		size_t len = 0;
		for (size_t k = 0; k < s->nproblems && len + 1 < sizeof(problems); k++)
			len += (size_t)snprintf(problems + len, sizeof(problems) - len, "%s%zu. %s",
						k ? "\n" : "", k + 1, s->problems[k]);
		put(b, ws, r, c++, s->nproblems ? problems : "无", cell);
	}

	/* sheet 2: the findings */
	ws = workbook_add_worksheet(wb, "问题清单");
	const char *heads1[] = {"编号",	    "单位",	"类别",	  "等级",     "规则",
				"位置",	    "问题原文", "说明",	  "整改建议", "状态",
				"首次发现", "最近发现", "责任人", "整改期限"};
	for (size_t i = 0; i < ARRAY_SIZE(heads1); i++)
		put(b, ws, 0, (lxw_col_t)i, heads1[i], head);
	worksheet_set_column(ws, 0, 0, 7, NULL);
	worksheet_set_column(ws, 1, 5, 16, NULL);
	worksheet_set_column(ws, 6, 8, 30, NULL);
	worksheet_set_column(ws, 9, 13, 14, NULL);
	for (size_t i = 0; i < b->nf; i++) {
		const struct integrity_finding *f = &b->f[i];
		lxw_row_t r = (lxw_row_t)(1 + i);
		char place[600], due[11] = "";
		snprintf(place, sizeof(place), "%s%s%s", f->url, *f->field ? " · " : "", f->field);
		if (f->due_on)
			date_format(f->due_on, due);
		num(b, ws, r, 0, (double)f->id, cell);
		put(b, ws, r, 1, b->agency_name ? b->agency_name(b->ctx, f->agency_id) : "", cell);
		put(b, ws, r, 2, integrity_category_label(f->category), cell);
		put(b, ws, r, 3, scan_sev_label(f->sev), cell);
		put(b, ws, r, 4, f->rule_id, cell);
		put(b, ws, r, 5, place, cell);
		put(b, ws, r, 6, f->snippet, cell);
		put(b, ws, r, 7, f->message, cell);
		put(b, ws, r, 8, f->fix, cell);
		put(b, ws, r, 9, integrity_status_label(f->status), cell);
		put(b, ws, r, 10, f->first_seen, cell);
		put(b, ws, r, 11, f->last_seen, cell);
		put(b, ws, r, 12, f->assignee, cell);
		put(b, ws, r, 13, due, cell);
	}

	/* sheet 3: the deductions in force */
	ws = workbook_add_worksheet(wb, "扣分规则");
	put(b, ws, 0, 0, "类别", head);
	put(b, ws, 0, 1, "每处扣分", head);
	put(b, ws, 0, 2, "最多扣分", head);
	put(b, ws, 0, 3, "说明", head);
	worksheet_set_column(ws, 0, 0, 14, NULL);
	worksheet_set_column(ws, 3, 3, 50, NULL);
	for (size_t i = 0; i < nd; i++) {
		put(b, ws, (lxw_row_t)(1 + i), 0, d[i].category, cell);
		num(b, ws, (lxw_row_t)(1 + i), 1, d[i].points, cell);
		num(b, ws, (lxw_row_t)(1 + i), 2, d[i].cap, cell);
		put(b, ws, (lxw_row_t)(1 + i), 3, d[i].label, cell);
	}
	put(b, ws, (lxw_row_t)(2 + nd), 0, "单项否决：任一未整改的单项否决问题即为不合格。", NULL);
}

int integrity_xlsx(const char *title, struct integrity_score *v, size_t n,
		   const struct integrity_finding *f, size_t nf,
		   const char *(*agency_name)(void *ctx, long long id), void *ctx, struct buf *out)
{
	integrity_rank(v, n);
	struct book b = {title, v, n, f, nf, agency_name, ctx, 0};
	int rc = xlsx_book_to_buf(fill, &b, out);
	return rc ? rc : b.error;
}
