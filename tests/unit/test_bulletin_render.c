/* test_bulletin_render.c: the quarterly 通报 as .docx and .xlsx (render/bulletin.h), read back
 * with our own readers (ingest/container.h's docx_to_text, ingest/xlsx.h): the title and its
 * number, the ranking table's figures, the named problems, the 约谈/通报批评 lists, the
 * training summary (totals computed from the rows given, not typed here) and the default
 * words when the assessor wrote none; a draft says 草稿. */
#include "common.h"
#include "arena.h"
#include "ingest/container.h"
#include "ingest/xlsx.h"
#include "render/bulletin.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

static bool has(const char *text, const char *want)
{
	return strstr(text, want) != NULL;
}

static const char *row_cell(const struct xlsx_sheet *s, int rownum, size_t col)
{
	for (size_t i = 0; i < s->nrows; i++)
		if (s->rows[i].num == rownum)
			return xlsx_cell(s, i, col);
	return "";
}

static void check_docx(const struct assess_bulletin *b, bool draft)
{
	struct buf docx = BUF_INIT, err = BUF_INIT;
	tap_int(bulletin_docx(b, &docx), 0, "the .docx written");
	struct container_out o;
	container_init(&o);
	tap_int(docx_to_text(docx.p, docx.len, &o, &err), 0, "and read back %s", buf_cstr(&err));
	const char *t = buf_cstr(&o.text);
	tap_ok(has(t, "关于2026年第三季度政务公开工作情况的通报"), "the title");
	tap_ok(has(t, draft ? "（草稿）" : "第4期"), draft ? "marked 草稿" : "its number");
	tap_ok(has(t, "示例区人民政府"), "the issuer");
	tap_ok(has(t, "示例区住房和城乡建设局") && has(t, "100"), "the first row");
	tap_ok(has(t, "86") && has(t, "14"), "the second row's score and deductions");
	tap_ok(has(t, "单项否决"), "the veto remark");
	tap_ok(has(t, "（一）示例区教育局：逾期未答复政府信息公开申请2件。"), "a named problem");
	tap_ok(has(t, "（二）示例镇人民政府：超过3个月未答复留言1条（单项否决风险）。"),
	       "the second named problem");
	/* the summary line sums the rows it was given */
	long long persons = 0, ph = 0;
	for (size_t i = 0; i < b->ntraining; i++) {
		persons += b->training[i].persons;
		ph += b->training[i].person_hours;
	}
	char want[200];
	snprintf(want, sizeof(want),
		 "共举办政务公开培训%lld期，%zu个单位参训%lld人次，累计%lld.%lld人·学时",
		 b->training_sessions, b->ntraining, persons, ph / 10, ph % 10);
	tap_ok(has(t, want), "the training summary: %s", want);
	if (b->criticised && *b->criticised)
		tap_ok(has(t, "对以下单位予以通报批评：") && has(t, "示例区教育局（逾期未答复）"),
		       "the criticised list");
	else
		tap_ok(has(t, "本季度无约谈和通报批评的单位。"), "no lists: said so");
	tap_ok(has(t, b->opening && *b->opening ? b->opening : "依托政务公开平台数据"),
	       "the opening");
	tap_ok(has(t, "2026年10月9日"), "dated");
	container_free(&o);
	buf_free(&docx);
	buf_free(&err);
}

static void check_xlsx(const struct assess_bulletin *b)
{
	struct buf x = BUF_INIT, err = BUF_INIT;
	tap_int(bulletin_xlsx(b, &x), 0, "the .xlsx written");
	struct arena *a = arena_new(0);
	struct xlsx_sheet s;
	tap_int(xlsx_read(x.p, x.len, "考核排名", a, &s, &err), 0, "the ranking sheet %s",
		buf_cstr(&err));
	tap_ok(has(row_cell(&s, 1, 0), "第4期"), "its title with the number");
	tap_str(row_cell(&s, 3, 1), "单位", "the header row");
	for (size_t i = 0; i < b->nrows; i++) {
		const struct assess_bulletin_row *r = &b->rows[i];
		char rank[8], total[16], ded[16];
		snprintf(rank, sizeof(rank), "%d", r->rank);
		assess_points_str(r->total, total);
		assess_points_str(r->max_total - r->sum, ded);
		int y = (int)i + 4;
		tap_ok(!strcmp(row_cell(&s, y, 0), rank) &&
			   !strcmp(row_cell(&s, y, 1), r->agency) &&
			   !strcmp(row_cell(&s, y, 2), total) && !strcmp(row_cell(&s, y, 4), ded) &&
			   !strcmp(row_cell(&s, y, 5), r->vetoed ? "是" : "否") &&
			   !strcmp(row_cell(&s, y, 6), r->problems),
		       "row %zu: %s %s %s %s", i, rank, r->agency, total, ded);
	}
	tap_int(xlsx_read(x.p, x.len, "培训情况", a, &s, &err), 0, "the training sheet");
	for (size_t i = 0; i < b->ntraining; i++) {
		char p[24];
		snprintf(p, sizeof(p), "%lld", b->training[i].persons);
		tap_ok(!strcmp(row_cell(&s, (int)i + 4, 0), b->training[i].agency) &&
			   !strcmp(row_cell(&s, (int)i + 4, 2), p),
		       "training row %zu", i);
	}
	tap_int(xlsx_read(x.p, x.len, "约谈和通报批评", a, &s, &err), 0, "the lists sheet");
	tap_ok(!strcmp(row_cell(&s, 4, 0), "约谈") && !strcmp(row_cell(&s, 4, 1), "示例镇人民政府"),
	       "the interview line");
	tap_ok(!strcmp(row_cell(&s, 5, 0), "通报批评") &&
		   !strcmp(row_cell(&s, 5, 1), "示例区教育局（逾期未答复）"),
	       "the criticised line");
	arena_free(a);
	buf_free(&x);
	buf_free(&err);
}

int main(void)
{
	struct assess_bulletin_row rows[] = {
	    {"示例区住房和城乡建设局", 1000, 1000, 1000, 1, false, 0, ""},
	    {"示例区教育局", 860, 860, 1000, 2, false, 2, "逾期未答复政府信息公开申请2件"},
	    {"示例镇人民政府", 0, 950, 1000, 3, true, 0, "超过3个月未答复留言1条（单项否决风险）"},
	};
	struct assess_bulletin_training tr[] = {
	    {"示例区住房和城乡建设局", 2, 7, 185},
	    {"示例镇人民政府", 1, 6, 210},
	};
	struct assess_bulletin b = {0};
	b.quarter = 20263;
	b.number = 4;
	b.issuer = "示例区人民政府";
	b.date = date_from_ymd(2026, 10, 9);
	b.opening = "";
	b.ending = "";
	b.interviews = "示例镇人民政府\n";
	b.criticised = "\n示例区教育局（逾期未答复）";
	b.rows = rows;
	b.nrows = ARRAY_SIZE(rows);
	b.training = tr;
	b.ntraining = ARRAY_SIZE(tr);
	b.training_sessions = 2;
	check_docx(&b, false);
	check_xlsx(&b);
	b.number = 0;
	b.interviews = "";
	b.criticised = "";
	b.opening = "本季度各单位<script>工作</script>总体平稳。";
	check_docx(&b, true);
	struct buf d = BUF_INIT, err = BUF_INIT;
	bulletin_docx(&b, &d);
	struct container_out o;
	container_init(&o);
	tap_ok(!docx_to_text(d.p, d.len, &o, &err) &&
		   has(buf_cstr(&o.text), "本季度各单位<script>工作</script>总体平稳。"),
	       "markup in the text is kept as text (escaped in the XML)");
	container_free(&o);
	buf_free(&d);
	buf_free(&err);
	return tap_done();
}
