/* page_console_dash.c: the dashboard's own panels (page_console.c places them): 我的待办,
 * the signed-in user's open requests by due date with overdue and due-soon marked, and the
 * trend charts as server-rendered SVG (no JavaScript): received, replied and overdue by
 * month for the last twelve months, and the outcomes by the annual report's six headings.
 * Each chart is an image with a title and a description (role="img") and the same numbers
 * as a table beside it. */
#include "common.h"
#include "arena.h"
#include "law/decision.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/requests.h"

#define TODO_MAX 10

int console_my_todo(struct web_request *req, struct buf *w)
{
	size_t nids = 0;
	long long *ids = session_agencies(req, ROLE_VIEWER, &nids);
	struct request_filter f = {.agencies = ids,
				   .nagencies = nids,
				   .handler_user_id = req->user->id,
				   .cal = console_calendar(),
				   .soon_days = 3,
				   .limit = TODO_MAX};
	struct request_row2 *rows = NULL;
	size_t n = 0;
	long long total = 0;
	if (nids) {
		int rc = store_request_queue(req->db, req->arena, &f, &rows, &n);
		if (!rc)
			rc = store_request_queue_count(req->db, &f, &total);
		if (rc)
			return rc;
	}
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"h-todo\" id=\"my-todo\">\n"
		    "<h2 id=\"h-todo\">我的待办</h2>\n");
	if (n == 0) {
		html_raw(w,
			 "<p class=\"muted\">您经办的申请都已办结，暂无待办。</p>\n</section>\n");
		return 0;
	}
	html_raw(w, "<p class=\"muted\">");
	html_txtf(w, "您经办、尚未办结的申请共 %lld 件，按答复期限由近及远排列。", total);
	html_raw(w,
		 "</p><table class=\"data queue\"><caption class=\"sr-only\">我的待办</caption>"
		 "<thead><tr><th scope=\"col\">答复期限</th><th scope=\"col\">编号</th>"
		 "<th scope=\"col\">申请内容</th><th scope=\"col\">状态</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct request_row2 *r = &rows[i];
		html_raw(w, r->overdue	  ? "<tr class=\"row-overdue\"><td>"
			    : r->due_soon ? "<tr class=\"row-soon\"><td>"
					  : "<tr><td>");
		if (!r->due_on) {
			html_raw(w, "<span class=\"tag muted\">暂停计算</span>");
		} else {
			console_day(w, r->due_on);
			if (r->overdue) {
				html_raw(w, " <span class=\"tag overdue\">");
				html_txtf(w, "已逾期%d个工作日", -r->days_left);
				html_raw(w, "</span>");
			} else if (r->due_soon)
				html_raw(w, r->days_left == 0
						? " <span class=\"tag soon\">今日到期</span>"
						: " <span class=\"tag soon\">即将到期</span>");
		}
		html_raw(w, "</td><td><a href=\"");
		html_attrf(w, "/console/requests/%lld", r->id);
		html_raw(w, "\">");
		html_txtf(w, "第%lld号", r->id);
		html_raw(w, "</a></td><td>");
		console_txt_short(w, r->description, 30);
		html_raw(w, "</td><td>");
		html_txt(w, request_state_label(r->state));
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</tbody></table>\n");
	if (total > (long long)n)
		html_raw(w, "<p><a href=\"/console/requests?handler=me\">查看全部待办</a></p>\n");
	html_raw(w, "</section>\n");
	return 0;
}

/* ---------------------------------------------------------------- charts */

static const struct series {
	const char *label, *color;
} series[] = {
    {"收到申请", "#0b4f9c"},
    {"已答复", "#2e7d32"},
    {"逾期", "#a8141b"},
};

/* Writes name="v" (name a literal). */
static void num_attr(struct buf *w, const char *name, long long v)
{
	html_raw(w, " ");
	html_raw(w, name);
	html_raw(w, "=\"");
	html_attrf(w, "%lld", v);
	html_raw(w, "\"");
}

/* A rectangle with its tooltip (title) text. */
static void svg_rect(struct buf *w, int x, int y, int width, int height, const char *fill,
		     const char *tip)
{
	html_raw(w, "<rect");
	num_attr(w, "x", x);
	num_attr(w, "y", y);
	num_attr(w, "width", width);
	num_attr(w, "height", height);
	html_raw(w, " fill=\"");
	html_attr(w, fill);
	html_raw(w, "\"><title>");
	html_txt(w, tip);
	html_raw(w, "</title></rect>");
}

/* A text; anchor: "start", "middle" or "end" (literals). */
static void svg_text(struct buf *w, int x, int y, const char *anchor, const char *text)
{
	html_raw(w, "<text");
	num_attr(w, "x", x);
	num_attr(w, "y", y);
	html_raw(w, " text-anchor=\"");
	html_raw(w, anchor);
	html_raw(w, "\" fill=\"#1f2328\">");
	html_txt(w, text);
	html_raw(w, "</text>");
}

/* The top of the axis: a round number that four gridlines divide into whole numbers. */
static long long nice_max(long long v)
{
	static const long long steps[] = {4,   8,   12,	 20,   40,   60,   80,	 100,  200,
					  400, 600, 800, 1000, 2000, 4000, 6000, 8000, 10000};
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		if (v <= steps[i])
			return steps[i];
	return (v / 4000 + 1) * 4000;
}

static void month_label(const struct request_trends *t, int k, char out[16], bool year)
{
	int m = t->first_month - 1 + k;
	int y = t->first_year + m / 12;
	m = m % 12 + 1;
	if (year)
		snprintf(out, 16, "%d年%d月", y, m);
	else
		snprintf(out, 16, "%d月", m);
}

static void monthly_chart(struct buf *w, const struct request_trends *t)
{
	const long long *data[] = {t->received, t->replied, t->overdue};
	long long max = 0, sums[3] = {0};
	for (int s = 0; s < 3; s++)
		for (int k = 0; k < REQUEST_TREND_MONTHS; k++) {
			if (data[s][k] > max)
				max = data[s][k];
			sums[s] += data[s][k];
		}
	max = nice_max(max);
	char from[16], to[16];
	month_label(t, 0, from, true);
	month_label(t, REQUEST_TREND_MONTHS - 1, to, true);
	const int W = 600, H = 300, L = 44, B = 36, T = 14;
	const int plot_w = W - L - 10, plot_h = H - B - T;
	html_raw(w,
		 "<figure class=\"chart panel\" id=\"chart-monthly\">\n<h3>近12个月办理情况</h3>\n"
		 "<svg viewBox=\"0 0 600 300\" role=\"img\" aria-labelledby=\"cm-title cm-desc\" "
		 "xmlns=\"http://www.w3.org/2000/svg\" font-size=\"15\" "
		 "font-family=\"sans-serif\"><title id=\"cm-title\">近12个月收到、答复和逾期的"
		 "申请数</title><desc id=\"cm-desc\">");
	html_txtf(w,
		  "%s至%s，共收到申请%lld件，答复%lld件，逾期%lld件。每月三根柱子依次为收到、"
		  "答复、逾期。",
		  from, to, sums[0], sums[1], sums[2]);
	html_raw(w, "</desc>");
	char num[32], tip[64];
	for (int g = 0; g <= 4; g++) {
		int y = T + plot_h - plot_h * g / 4;
		html_raw(w, "<line");
		num_attr(w, "x1", L);
		num_attr(w, "x2", W - 10);
		num_attr(w, "y1", y);
		num_attr(w, "y2", y);
		html_raw(w, " stroke=\"#d0d4da\"/>");
		snprintf(num, sizeof(num), "%lld", max * g / 4);
		svg_text(w, L - 6, y + 4, "end", num);
	}
	int slot = plot_w / REQUEST_TREND_MONTHS, bar = (slot - 8) / 3;
	for (int k = 0; k < REQUEST_TREND_MONTHS; k++) {
		int x0 = L + k * slot + 4;
		char m[16];
		month_label(t, k, m, true);
		for (int s = 0; s < 3; s++) {
			int h = (int)(data[s][k] * plot_h / max);
			snprintf(tip, sizeof(tip), "%s %s：%lld件", m, series[s].label, data[s][k]);
			svg_rect(w, x0 + s * bar, T + plot_h - h, bar - 1, h, series[s].color, tip);
		}
		month_label(t, k, m, false);
		svg_text(w, x0 + (slot - 8) / 2, H - B + 18, "middle", m);
	}
	html_raw(w, "</svg>\n<ul class=\"chart-legend\" aria-hidden=\"true\">");
	for (int s = 0; s < 3; s++) {
		/* an SVG swatch: the content security policy allows no style attribute */
		html_raw(w, "<li><svg width=\"14\" height=\"14\" aria-hidden=\"true\">"
			    "<rect width=\"14\" height=\"14\" fill=\"");
		html_attr(w, series[s].color);
		html_raw(w, "\"/></svg> ");
		html_txt(w, series[s].label);
		html_raw(w, "</li>");
	}
	html_raw(w,
		 "</ul>\n<details><summary>查看数据表</summary><table class=\"data\">"
		 "<caption>近12个月办理情况（件）</caption><thead><tr><th scope=\"col\">月份"
		 "</th><th scope=\"col\" class=\"num\">收到申请</th><th scope=\"col\" "
		 "class=\"num\">已答复</th><th scope=\"col\" class=\"num\">逾期</th></tr></thead>"
		 "<tbody>");
	for (int k = 0; k < REQUEST_TREND_MONTHS; k++) {
		char m[16];
		month_label(t, k, m, true);
		html_raw(w, "<tr><th scope=\"row\">");
		html_txt(w, m);
		html_raw(w, "</th>");
		const long long v[] = {t->received[k], t->replied[k], t->overdue[k]};
		for (int s = 0; s < 3; s++) {
			html_raw(w, "<td class=\"num\">");
			html_txtf(w, "%lld", v[s]);
			html_raw(w, "</td>");
		}
		html_raw(w, "</tr>");
	}
	html_raw(w, "</tbody></table></details>\n<figcaption class=\"muted\">逾期：当月答复但已"
		    "超过答复期限的，加上答复期限在当月届满而至今未办结的。</figcaption>"
		    "</figure>\n");
}

static void outcome_chart(struct buf *w, const struct request_trends *t)
{
	static const char *const colors[6] = {"#2e7d32", "#558b2f", "#a8141b",
					      "#6d4c41", "#8a5a00", "#455a64"};
	long long max = 0, sum = 0;
	for (int g = 0; g < 6; g++) {
		if (t->outcomes[g] > max)
			max = t->outcomes[g];
		sum += t->outcomes[g];
	}
	max = nice_max(max);
	html_raw(w, "<figure class=\"chart panel\" id=\"chart-outcomes\">\n<h3>近12个月办结结果"
		    "</h3>\n<svg viewBox=\"0 0 600 240\" role=\"img\" aria-labelledby=\"co-title "
		    "co-desc\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"16\" "
		    "font-family=\"sans-serif\"><title id=\"co-title\">近12个月办结申请的结果"
		    "（按年度报告表三分类）</title><desc id=\"co-desc\">");
	html_txtf(w, "共办结%lld件：", sum);
	for (int g = 0; g < 6; g++)
		html_txtf(w, "%s%lld件%s", decision_group_label((enum decision_group)g),
			  t->outcomes[g], g < 5 ? "，" : "。");
	html_raw(w, "</desc>");
	const int L = 96, plot_w = 440;
	char num[32], tip[64];
	for (int g = 0; g < 6; g++) {
		int y = 14 + g * 36;
		int len = (int)(t->outcomes[g] * plot_w / max);
		const char *label = decision_group_label((enum decision_group)g);
		svg_text(w, L - 8, y + 17, "end", label);
		snprintf(tip, sizeof(tip), "%s：%lld件", label, t->outcomes[g]);
		svg_rect(w, L, y, len, 24, colors[g], tip);
		snprintf(num, sizeof(num), "%lld", t->outcomes[g]);
		svg_text(w, L + len + 6, y + 17, "start", num);
	}
	html_raw(w, "</svg>\n<details><summary>查看数据表</summary><table class=\"data\">"
		    "<caption>近12个月办结结果（件）</caption><thead><tr><th scope=\"col\">结果"
		    "</th><th scope=\"col\" class=\"num\">件数</th></tr></thead><tbody>");
	for (int g = 0; g < 6; g++) {
		html_raw(w, "<tr><th scope=\"row\">");
		html_txt(w, decision_group_label((enum decision_group)g));
		html_raw(w, "</th><td class=\"num\">");
		html_txtf(w, "%lld", t->outcomes[g]);
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</tbody></table></details>\n</figure>\n");
}

int console_trend_charts(struct web_request *req, struct buf *w)
{
	size_t nids = 0;
	long long *ids = session_agencies(req, ROLE_VIEWER, &nids);
	struct request_trends t;
	int rc = store_request_trends(req->db, ids, nids, console_calendar(), 0, &t);
	if (rc)
		return rc;
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"h-trends\" id=\"trends\">\n"
		    "<h2 id=\"h-trends\">办理趋势</h2>\n<div class=\"charts\">\n");
	monthly_chart(w, &t);
	outcome_chart(w, &t);
	html_raw(w, "</div>\n</section>\n");
	return 0;
}
