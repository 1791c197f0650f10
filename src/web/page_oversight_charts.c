/* page_oversight_charts.c: /console/oversight/charts: server-rendered SVG charts
 * (render/svg_chart.h, no JavaScript) of the agency looked at: the on-time rate and the
 * average working days per agency under it for the period, and the requests received and
 * answered by month over the last twelve months; each with its figures as a table. */
#include "common.h"
#include "arena.h"
#include "page_oversight.h"
#include "render/html.h"
#include "render/svg_chart.h"
#include "routes.h"
#include "session.h"
#include "store/requests.h"
#include "ui_shared.h"

static void figure_table(struct buf *w, const char *caption, const char *head,
			 const char *const *labels, const double *v, size_t n, int decimals)
{
	html_raw(w, "<details><summary>查看数据表</summary><table class=\"data\"><caption>");
	html_txt(w, caption);
	html_raw(w, "</caption><thead><tr><th scope=\"col\">单位</th><th scope=\"col\" "
		    "class=\"num\">");
	html_txt(w, head);
	html_raw(w, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<tr><th scope=\"row\">");
		html_txt(w, labels[i]);
		html_raw(w, "</th><td class=\"num\">");
		html_txtf(w, "%.*f", decimals, v[i]);
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</tbody></table></details>\n");
}

int page_oversight_charts(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	long long node = oversight_node(req, &ag);
	if (!node)
		return console_not_found(req, res);
	zf_day today = date_today();
	struct oversight_period p;
	oversight_period_read(req, today, &p);
	const struct calendar *cal = console_calendar();

	/* the agencies under the node (each with everything below it), and the node itself */
	size_t cap = ag.n + 1, n = 0;
	const char **labels = arena_alloc(req->arena, cap * sizeof(*labels));
	double *ontime = arena_alloc(req->arena, cap * sizeof(*ontime));
	double *days = arena_alloc(req->arena, cap * sizeof(*days));
	if (!labels || !ontime || !days)
		return ZF_ENOMEM;
	for (size_t i = 0; i < ag.n; i++) {
		bool self = ag.v[i].id == node;
		if (!self && (ag.v[i].parent_id != node || ag.v[i].closed))
			continue;
		struct oversight_metrics m;
		rc = store_oversight_metrics(req->db, cal, ag.v[i].id, !self, p.from, p.to, today,
					     &m);
		if (rc)
			return rc;
		labels[n] =
		    self ? arena_printf(req->arena, "%s（本级）", ag.v[i].name) : ag.v[i].name;
		ontime[n] = oversight_on_time_pct(&m);
		days[n] = oversight_avg_days(&m);
		n++;
	}
	long long *sub = NULL;
	size_t nsub = 0;
	rc = store_agency_subtree(req->db, node, true, &sub, &nsub);
	struct request_trends t;
	if (!rc)
		rc = store_request_trends(req->db, sub, nsub, cal, today, &t);
	free(sub);
	if (rc)
		return rc;

	ui_console_begin(req, res, "监督考核图表", "/console/oversight");
	struct buf *w = &res->body;
	html_raw(w, "<h1>监督考核图表</h1>\n");
	oversight_subnav(w, "/console/oversight/charts");
	oversight_period_links(w, "/console/oversight/charts", &p, node);
	const char *name = console_agency_name(&ag, node);

	html_raw(w, "<div class=\"charts\">\n<figure class=\"chart panel\" id=\"chart-ontime\">"
		    "<h2>各单位按时办结率</h2>\n");
	struct svg_series s1 = {"按时办结率", "#2e7d32", ontime};
	char *desc = arena_printf(req->arena, "%s及所属单位%s依申请公开按时办结率，共%zu个单位。",
				  name, p.label, n);
	struct svg_chart c1 = {.id = "ov-ontime",
			       .title = "各单位按时办结率",
			       .desc = desc,
			       .labels = labels,
			       .n = n,
			       .series = &s1,
			       .nseries = 1,
			       .unit = "%",
			       .max = 100,
			       .decimals = 1};
	svg_bar_chart(w, &c1);
	figure_table(w, "各单位按时办结率（%）", "按时办结率", labels, ontime, n, 1);
	html_raw(w, "</figure>\n<figure class=\"chart panel\" id=\"chart-days\">"
		    "<h2>各单位平均办理用时</h2>\n");
	struct svg_series s2 = {"平均办理用时", "#0b4f9c", days};
	struct svg_chart c2 = {.id = "ov-days",
			       .title = "各单位平均办理用时（工作日）",
			       .desc = "不含征求意见、缴费和等待补正的时间。",
			       .labels = labels,
			       .n = n,
			       .series = &s2,
			       .nseries = 1,
			       .unit = "",
			       .decimals = 1};
	svg_bar_chart(w, &c2);
	figure_table(w, "各单位平均办理用时（工作日）", "平均用时", labels, days, n, 1);
	html_raw(w, "</figure>\n");

	/* the monthly line */
	const char *months[REQUEST_TREND_MONTHS];
	double recv[REQUEST_TREND_MONTHS], repl[REQUEST_TREND_MONTHS];
	long long sr = 0, sp = 0;
	for (int k = 0; k < REQUEST_TREND_MONTHS; k++) {
		int m = t.first_month - 1 + k;
		months[k] = arena_printf(req->arena, "%d月", m % 12 + 1);
		recv[k] = (double)t.received[k];
		repl[k] = (double)t.replied[k];
		sr += t.received[k];
		sp += t.replied[k];
	}
	struct svg_series s3[] = {{"收到申请", "#0b4f9c", recv}, {"已答复", "#2e7d32", repl}};
	struct svg_chart c3 = {.id = "ov-monthly",
			       .title = "近12个月每月收到和答复的申请",
			       .desc = arena_printf(req->arena,
						    "%s及所属单位近12个月共收到申请%lld件，"
						    "答复%lld件。",
						    name, sr, sp),
			       .labels = months,
			       .n = REQUEST_TREND_MONTHS,
			       .series = s3,
			       .nseries = 2,
			       .unit = "件"};
	html_raw(w, "<figure class=\"chart panel\" id=\"chart-monthly\"><h2>近12个月申请办理"
		    "</h2>\n");
	svg_line_chart(w, &c3);
	html_raw(w,
		 "<details><summary>查看数据表</summary><table class=\"data\"><caption>近12个月"
		 "申请办理（件）</caption><thead><tr><th scope=\"col\">月份</th><th scope=\"col\" "
		 "class=\"num\">收到申请</th><th scope=\"col\" class=\"num\">已答复</th></tr>"
		 "</thead><tbody>");
	for (int k = 0; k < REQUEST_TREND_MONTHS; k++) {
		int m = t.first_month - 1 + k;
		html_raw(w, "<tr><th scope=\"row\">");
		html_txtf(w, "%d年%d月", t.first_year + m / 12, m % 12 + 1);
		html_raw(w, "</th><td class=\"num\">");
		html_txtf(w, "%lld", t.received[k]);
		html_raw(w, "</td><td class=\"num\">");
		html_txtf(w, "%lld", t.replied[k]);
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</tbody></table></details>\n</figure>\n</div>\n");
	ui_console_end(req, res);
	return 0;
}
