/* bulletin.c: the quarterly 通报 as .docx and .xlsx (bulletin.h). */
#include "common.h"
#include "docx.h"
#include "render/bulletin.h"
#include "render/html.h"
#include "render/xlsx_table.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#define BODY_PT	 32 /* 三号: 16 pt */
#define SMALL_PT 24

void bulletin_default_opening(const struct assess_bulletin *b, struct buf *out)
{
	char label[40];
	assess_quarter_label(b->quarter, label);
	buf_printf(out,
		   "为深入贯彻《中华人民共和国政府信息公开条例》，推动政务公开工作提质增效，"
		   "根据政务公开工作考核方案，%s依托政务公开平台数据，对各单位%s政务公开工作"
		   "进行了考核。现将有关情况通报如下。",
		   b->issuer, label);
}

const char *bulletin_default_ending(void)
{
	return "各单位要对照通报指出的问题，逐项建立整改台账，于通报印发之日起10个工作日内完成"
	       "整改，并将整改情况报送政务公开工作主管部门。对整改不到位、问题反复出现的单位，"
	       "将予以约谈并在年度考核中扣分。";
}

static void deductions(const struct assess_bulletin_row *r, char out[16])
{
	assess_points_str(r->max_total - r->sum, out);
}

static const char *remark(const struct assess_bulletin_row *r)
{
	if (r->vetoed)
		return "单项否决";
	if (r->pending)
		return "人工评分项未评";
	return "";
}

static void hours_str(long long tenths, char out[32])
{
	if (tenths % 10)
		snprintf(out, 32, "%lld.%lld", tenths / 10, tenths % 10);
	else
		snprintf(out, 32, "%lld", tenths / 10);
}

/* ---------------------------------------------------------------- Word */

static void line(struct buf *w, const char *s, const char *jc, bool bold, int half_pt, int after,
		 int indent)
{
	docx_para(w, s, strlen(s), jc, bold, half_pt, after, indent);
}

/* Each line of text (may hold several) as an indented paragraph. */
static void lines(struct buf *w, const char *text)
{
	struct str rest = str_c(text);
	while (rest.len) {
		struct str l = str_trim(str_cut(&rest, '\n'));
		if (l.len)
			docx_para(w, l.p, l.len, "both", false, BODY_PT, 0, 640);
	}
}

static void cell(struct buf *w, const char *text, int width, bool bold)
{
	buf_printf(w, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/></w:tcPr>", width);
	docx_para(w, text, strlen(text), "center", bold, SMALL_PT, 0, 0);
	buf_adds(w, "</w:tc>");
}

static void table_begin(struct buf *w, const int *widths, int n)
{
	buf_adds(w, "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:jc w:val=\"center\"/>"
		    "<w:tblBorders>");
	static const char *const sides[] = {"top", "left", "bottom", "right", "insideH", "insideV"};
	for (size_t i = 0; i < ARRAY_SIZE(sides); i++)
		buf_printf(w,
			   "<w:%s w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>",
			   sides[i]);
	buf_adds(w, "</w:tblBorders></w:tblPr><w:tblGrid>");
	for (int i = 0; i < n; i++)
		buf_printf(w, "<w:gridCol w:w=\"%d\"/>", widths[i]);
	buf_adds(w, "</w:tblGrid>");
}

static void row(struct buf *w, const int *widths, const char *const *cells, int n, bool bold)
{
	buf_adds(w, "<w:tr>");
	for (int i = 0; i < n; i++)
		cell(w, cells[i], widths[i], bold);
	buf_adds(w, "</w:tr>");
}

static const char *const chinese_numbers[] = {
    "一",   "二",   "三",   "四",   "五",   "六",   "七",   "八",   "九",   "十",
    "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"};

static void item_no(size_t i, char out[32])
{
	if (i < ARRAY_SIZE(chinese_numbers))
		snprintf(out, 32, "（%s）", chinese_numbers[i]);
	else
		snprintf(out, 32, "（%zu）", i + 1);
}

int bulletin_docx(const struct assess_bulletin *b, struct buf *out)
{
	struct buf w = BUF_INIT, t = BUF_INIT;
	char title[96], label[40], day[11];
	assess_bulletin_title(b->quarter, title);
	assess_quarter_label(b->quarter, label);
	docx_document_begin(&w);
	line(&w, "政务公开工作通报", "center", true, 52, 120, 0);
	if (b->number)
		buf_printf(&t, "第%d期", b->number);
	else
		buf_adds(&t, "（草稿）");
	line(&w, buf_cstr(&t), "center", false, BODY_PT, 120, 0);
	buf_reset(&t);
	buf_printf(&t, "%s", b->issuer);
	line(&w, buf_cstr(&t), "center", false, BODY_PT, 360, 0);
	line(&w, title, "center", true, 44, 360, 0);
	line(&w, "各有关单位：", "left", false, BODY_PT, 0, 0);
	buf_reset(&t);
	if (b->opening && *b->opening)
		buf_adds(&t, b->opening);
	else
		bulletin_default_opening(b, &t);
	lines(&w, buf_cstr(&t));

	line(&w, "一、考核得分和排名", "left", true, BODY_PT, 120, 640);
	static const int widths[] = {900, 3600, 1300, 1300, 1800};
	static const char *const heads[] = {"排名", "单位", "得分", "扣分", "备注"};
	table_begin(&w, widths, 5);
	row(&w, widths, heads, 5, true);
	for (size_t i = 0; i < b->nrows; i++) {
		const struct assess_bulletin_row *r = &b->rows[i];
		char rank[16], total[16], ded[16];
		snprintf(rank, sizeof(rank), "%d", r->rank);
		assess_points_str(r->total, total);
		deductions(r, ded);
		const char *cells[] = {rank, r->agency, total, ded, remark(r)};
		row(&w, widths, cells, 5, false);
	}
	buf_adds(&w, "</w:tbl>");

	line(&w, "二、存在的主要问题", "left", true, BODY_PT, 120, 640);
	size_t k = 0;
	for (size_t i = 0; i < b->nrows; i++) {
		const struct assess_bulletin_row *r = &b->rows[i];
		if (!r->problems || !*r->problems)
			continue;
		char no[32];
		item_no(k++, no);
		buf_reset(&t);
		buf_printf(&t, "%s%s：%s。", no, r->agency, r->problems);
		lines(&w, buf_cstr(&t));
	}
	if (!k)
		lines(&w, "本季度考核未发现突出问题。");

	line(&w, "三、约谈和通报批评", "left", true, BODY_PT, 120, 640);
	bool any = false;
	if (b->interviews && *b->interviews) {
		lines(&w, "本季度约谈以下单位：");
		lines(&w, b->interviews);
		any = true;
	}
	if (b->criticised && *b->criticised) {
		lines(&w, "对以下单位予以通报批评：");
		lines(&w, b->criticised);
		any = true;
	}
	if (!any)
		lines(&w, "本季度无约谈和通报批评的单位。");

	line(&w, "四、培训情况", "left", true, BODY_PT, 120, 640);
	long long persons = 0, ph = 0;
	for (size_t i = 0; i < b->ntraining; i++) {
		persons += b->training[i].persons;
		ph += b->training[i].person_hours;
	}
	char hs[32];
	hours_str(ph, hs);
	buf_reset(&t);
	buf_printf(&t, "%s，共举办政务公开培训%lld期，%zu个单位参训%lld人次，累计%s人·学时。",
		   label, b->training_sessions, b->ntraining, persons, hs);
	lines(&w, buf_cstr(&t));
	if (b->ntraining) {
		static const int tw[] = {3600, 1500, 1500, 1800};
		static const char *const th[] = {"单位", "参训次数", "参训人次", "人·学时"};
		table_begin(&w, tw, 4);
		row(&w, tw, th, 4, true);
		for (size_t i = 0; i < b->ntraining; i++) {
			char s1[24], s2[24], s3[32];
			snprintf(s1, sizeof(s1), "%lld", b->training[i].sessions);
			snprintf(s2, sizeof(s2), "%lld", b->training[i].persons);
			hours_str(b->training[i].person_hours, s3);
			const char *cells[] = {b->training[i].agency, s1, s2, s3};
			row(&w, tw, cells, 4, false);
		}
		buf_adds(&w, "</w:tbl>");
	}

	line(&w, "五、下一步工作要求", "left", true, BODY_PT, 120, 640);
	lines(&w, b->ending && *b->ending ? b->ending : bulletin_default_ending());
	line(&w, "", "left", false, BODY_PT, 240, 0);
	line(&w, b->issuer, "right", false, BODY_PT, 0, 0);
	if (b->date) {
		struct ymd d = date_to_ymd(b->date);
		buf_reset(&t);
		buf_printf(&t, "%d年%d月%d日", d.y, d.m, d.d);
		line(&w, buf_cstr(&t), "right", false, BODY_PT, 0, 0);
	}
	(void)day;
	docx_document_end(&w, 2098, 1588);
	int rc = w.failed || t.failed ? ZF_ENOMEM : docx_package(&w, title, out);
	buf_free(&w);
	buf_free(&t);
	return rc;
}

/* ---------------------------------------------------------------- Excel */

struct fmt {
	lxw_format *title, *head, *text, *num;
};

static lxw_worksheet *sheet(lxw_workbook *wb, const struct fmt *f, const char *name,
			    const char *title, const char *const *heads, int n,
			    const double *widths)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	worksheet_write_string(ws, 0, 0, title, f->title);
	for (int c = 0; c < n; c++) {
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
		worksheet_write_string(ws, 2, (lxw_col_t)c, heads[c], f->head);
	}
	worksheet_freeze_panes(ws, 3, 0);
	return ws;
}

static void put_points(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int tenths, lxw_format *f)
{
	worksheet_write_number(ws, r, c, tenths / 10.0, f);
}

/* each non-empty line of text as a row of sheet ws under kind */
static lxw_row_t list_rows(lxw_worksheet *ws, lxw_row_t r, const char *kind, const char *text,
			   lxw_format *f)
{
	struct str rest = str_c(text ? text : "");
	while (rest.len) {
		struct str l = str_trim(str_cut(&rest, '\n'));
		if (!l.len)
			continue;
		char buf[4 * 4000 + 1];
		size_t n = l.len < sizeof(buf) - 1 ? l.len : sizeof(buf) - 1;
		memcpy(buf, l.p, n);
		buf[n] = '\0';
		worksheet_write_string(ws, r, 0, kind, f);
		worksheet_write_string(ws, r++, 1, buf, f);
	}
	return r;
}

static void fill(lxw_workbook *wb, const void *ctx)
{
	const struct assess_bulletin *b = ctx;
	char title[96], sub[160];
	assess_bulletin_title(b->quarter, title);
	lxw_doc_properties props = {.title = title, .comments = "由 zfxxgk 生成"};
	workbook_set_properties(wb, &props);
	struct fmt f;
	f.title = workbook_add_format(wb);
	format_set_bold(f.title);
	format_set_font_size(f.title, 14);
	f.head = workbook_add_format(wb);
	format_set_bold(f.head);
	format_set_bg_color(f.head, 0xDDEBF7);
	format_set_border(f.head, LXW_BORDER_THIN);
	f.text = workbook_add_format(wb);
	format_set_text_wrap(f.text);
	format_set_align(f.text, LXW_ALIGN_VERTICAL_TOP);
	f.num = workbook_add_format(wb);
	format_set_num_format(f.num, "0.0");

	if (b->number)
		snprintf(sub, sizeof(sub), "%s（第%d期）", title, b->number);
	else
		snprintf(sub, sizeof(sub), "%s（草稿）", title);
	static const char *const h1[] = {"排名", "单位",     "得分",	"满分",
					 "扣分", "单项否决", "存在问题"};
	static const double w1[] = {8, 30, 10, 10, 10, 10, 60};
	lxw_worksheet *ws = sheet(wb, &f, "考核排名", sub, h1, 7, w1);
	for (size_t i = 0; i < b->nrows; i++) {
		const struct assess_bulletin_row *r = &b->rows[i];
		lxw_row_t y = (lxw_row_t)(i + 3);
		worksheet_write_number(ws, y, 0, r->rank, NULL);
		worksheet_write_string(ws, y, 1, r->agency, f.text);
		put_points(ws, y, 2, r->total, f.num);
		put_points(ws, y, 3, r->max_total, f.num);
		put_points(ws, y, 4, r->max_total - r->sum, f.num);
		worksheet_write_string(ws, y, 5, r->vetoed ? "是" : "否", f.text);
		if (r->problems && *r->problems)
			worksheet_write_string(ws, y, 6, r->problems, f.text);
	}

	static const char *const h3[] = {"单位", "参训次数", "参训人次", "人·学时"};
	static const double w3[] = {30, 12, 12, 12};
	snprintf(sub, sizeof(sub), "培训情况（本季度举办%lld期）", b->training_sessions);
	ws = sheet(wb, &f, "培训情况", sub, h3, 4, w3);
	for (size_t i = 0; i < b->ntraining; i++) {
		lxw_row_t y = (lxw_row_t)(i + 3);
		worksheet_write_string(ws, y, 0, b->training[i].agency, f.text);
		worksheet_write_number(ws, y, 1, (double)b->training[i].sessions, NULL);
		worksheet_write_number(ws, y, 2, (double)b->training[i].persons, NULL);
		worksheet_write_number(ws, y, 3, (double)b->training[i].person_hours / 10.0, f.num);
	}

	static const char *const h4[] = {"类别", "单位"};
	static const double w4[] = {14, 60};
	ws = sheet(wb, &f, "约谈和通报批评", "约谈和通报批评", h4, 2, w4);
	lxw_row_t y = list_rows(ws, 3, "约谈", b->interviews, f.text);
	list_rows(ws, y, "通报批评", b->criticised, f.text);
}

int bulletin_xlsx(const struct assess_bulletin *b, struct buf *out)
{
	return xlsx_book_to_buf(fill, b, out);
}
