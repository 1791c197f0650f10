/* page_integrity.c: /console/integrity, the site-integrity console (page_integrity.h): the
 * score card of the reader's agencies (2019 indicators: 单项否决, deductions, 合格), the
 * findings as work orders with filters and paging (snippet highlighted in its context,
 * first and last seen, assignee, deadline, status), one finding with the assign form
 * (clerks of its agency: a user of their agencies and a deadline) and the dismiss form
 * (administrators: 误报 with a reason), the run-a-scan button (administrators; the server's
 * scan ticker runs it and the page shows the progress), and the 通报 workbook. */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "page_integrity.h"
#include "render/html.h"
#include "render/integrity_xlsx.h"
#include "routes.h"
#include "session.h"
#include "site_scan.h"
#include "store/integrity.h"
#include "ui_shared.h"

#define PER_PAGE 20

static const struct {
	const char *key, *message;
} done_messages[] = {
    {"scan", "已开始检查全站，完成后本页显示结果。"},
    {"assigned", "已派发整改工单。"},
    {"dismissed", "已标为误报。"},
};

/* The reader's agencies (viewer and up), for the lists' scope. */
static const long long *scope(struct web_request *req, size_t *n)
{
	static const long long none = 0;
	const long long *v = session_agencies(req, ROLE_VIEWER, n);
	return v ? v : &none;
}

static void status_badge(struct buf *w, const struct integrity_finding *f)
{
	/* only what needs work stands out */
	if (f->status == INTEGRITY_OPEN)
		html_raw(w, "<span class=\"badge warn\">");
	html_txt(w, integrity_status_label(f->status));
	if (f->status == INTEGRITY_OPEN)
		html_raw(w, "</span>");
}

/* The snippet in its context, the snippet marked. */
static void snippet_html(struct buf *w, const struct integrity_finding *f)
{
	const char *c = f->context, *s = f->snippet;
	const char *at = *c && *s ? strstr(c, s) : NULL;
	if (!at) {
		html_raw(w, "<mark>");
		html_txt(w, s);
		html_raw(w, "</mark>");
		return;
	}
	html_txtn(w, c, (size_t)(at - c));
	html_raw(w, "<mark>");
	html_txt(w, s);
	html_raw(w, "</mark>");
	html_txt(w, at + strlen(s));
}

/* A document field's name as a clerk says it. */
static void field_html(struct buf *w, const char *field)
{
	static const struct {
		const char *key, *label;
	} names[] = {{"title", "名称"}, {"summary", "内容概述"}, {"body", "正文"}};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(field, names[i].key)) {
			html_txt(w, names[i].label);
			return;
		}
	if (!strncmp(field, "attachment:", 11)) {
		html_raw(w, "附件 ");
		html_txt(w, field + 11);
		return;
	}
	html_txt(w, field);
}

static void time_short(struct buf *w, const char *at)
{
	ui_time_beijing(w, at, "—");
}

/* ---------------------------------------------------------------- filters */

struct filter_form {
	struct integrity_filter f;
	const char *category, *severity, *status, *agency;
	bool overdue;
	size_t page;
};

static void filter_read(struct web_request *req, struct filter_form *ff)
{
	memset(ff, 0, sizeof(*ff));
	ff->f.sev = -1;
	ff->f.status = INTEGRITY_OPEN;
	ff->category = web_arg(req, "category");
	ff->severity = web_arg(req, "severity");
	ff->status = web_arg(req, "status");
	ff->agency = web_arg(req, "agency");
	ff->overdue = web_arg(req, "overdue") != NULL;
	if (ff->category && *ff->category)
		ff->f.category = ff->category;
	if (ff->severity && *ff->severity)
		ff->f.sev = scan_sev_parse(ff->severity);
	if (ff->status)
		ff->f.status = *ff->status ? integrity_status_parse(ff->status) : -1;
	long long id = 0;
	if (ff->agency && console_id(ff->agency, &id)) {
		ff->f.agency_id = id;
		ff->f.subordinates = true;
	}
	if (ff->overdue)
		ff->f.overdue = date_today();
	long page = 1;
	const char *p = web_arg(req, "page");
	if (p && (str_to_long(str_c(p), &page) || page < 1 || page > 100000))
		page = 1;
	ff->page = (size_t)page;
}

/* The query of the current filters (without the page), for links. */
static void filter_query(struct buf *w, const struct filter_form *ff)
{
	html_raw(w, "status=");
	html_url_arg(w, ff->status ? ff->status : "open");
	if (ff->category && *ff->category) {
		html_raw(w, "&amp;category=");
		html_url_arg(w, ff->category);
	}
	if (ff->severity && *ff->severity) {
		html_raw(w, "&amp;severity=");
		html_url_arg(w, ff->severity);
	}
	if (ff->f.agency_id) {
		html_raw(w, "&amp;agency=");
		html_attrf(w, "%lld", ff->f.agency_id);
	}
	if (ff->overdue)
		html_raw(w, "&amp;overdue=1");
}

static void option(struct buf *w, const char *value, const char *label, const char *selected)
{
	html_raw(w, "<option value=\"");
	html_attr(w, value);
	html_raw(w, selected && !strcmp(selected, value) ? "\" selected>" : "\">");
	html_txt(w, label);
	html_raw(w, "</option>");
}

static void filter_form_html(struct web_request *req, struct buf *w, const struct filter_form *ff,
			     const struct console_agencies *ag)
{
	html_raw(w, "<form class=\"filters\" method=\"get\" action=\"/console/integrity\">"
		    "<div class=\"field\"><label for=\"f-status\">状态</label>"
		    "<select id=\"f-status\" name=\"status\">");
	const char *st = ff->status ? ff->status : "open";
	option(w, "", "全部", st);
	for (int i = 0; i < 3; i++)
		option(w, integrity_status_key((enum integrity_status)i),
		       integrity_status_label((enum integrity_status)i), st);
	html_raw(w, "</select></div><div class=\"field\"><label for=\"f-category\">类别</label>"
		    "<select id=\"f-category\" name=\"category\">");
	option(w, "", "全部", ff->category ? ff->category : "");
	for (size_t i = 0; i < INTEGRITY_NCATS; i++)
		option(w, integrity_categories[i],
		       integrity_category_label(integrity_categories[i]), ff->category);
	html_raw(w, "</select></div><div class=\"field\"><label for=\"f-severity\">等级</label>"
		    "<select id=\"f-severity\" name=\"severity\">");
	option(w, "", "全部", ff->severity ? ff->severity : "");
	for (int i = 0; i < SCAN_SEV_COUNT; i++)
		option(w, scan_sev_key((enum scan_sev)i), scan_sev_label((enum scan_sev)i),
		       ff->severity);
	html_raw(
	    w, "</select></div><div class=\"field\"><label for=\"f-agency\">单位（含下级）"
	       "</label><select id=\"f-agency\" name=\"agency\"><option value=\"\">全部</option>");
	console_agency_options(w, req, ag, ROLE_VIEWER, ff->f.agency_id);
	html_raw(w, "</select></div><div class=\"field\"><label><input type=\"checkbox\" "
		    "name=\"overdue\" value=\"1\"");
	if (ff->overdue)
		html_raw(w, " checked");
	html_raw(w, "> 只看逾期未整改</label></div>"
		    "<button type=\"submit\" class=\"button secondary\">筛选</button></form>\n");
}

/* ---------------------------------------------------------------- the main page */

static void scorecard_html(struct buf *w, const struct integrity_score *v, size_t n)
{
	html_raw(w, "<section><h2>各单位评分</h2>");
	size_t nd;
	const struct integrity_deduction *d = integrity_deductions(&nd);
	html_raw(
	    w,
	    "<p "
	    "class=\"hint\">按《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）：有未整改的"
	    "单项否决问题即不合格；扣分项从 100 分中扣除（");
	for (size_t i = 0; i < nd; i++) {
		html_txt(w, d[i].label);
		html_raw(w, i + 1 < nd ? "；" : "");
	}
	html_txtf(w, "），低于 %.0f 分不合格。", INTEGRITY_PASS_SCORE);
	html_raw(w, "</p>");
	html_raw(w, "<table class=\"table\" id=\"scorecard\"><thead><tr><th scope=\"col\">单位</th>"
		    "<th scope=\"col\">得分</th><th scope=\"col\">结论</th>"
		    "<th scope=\"col\">单项否决</th><th scope=\"col\">待整改</th>"
		    "<th scope=\"col\">逾期</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct integrity_score *s = &v[i];
		html_raw(w, "<tr><td>");
		for (int k = 0; k < s->depth; k++)
			html_raw(w, "　");
		html_raw(w, "<a href=\"/console/integrity?status=open&amp;agency=");
		html_attrf(w, "%lld", s->agency_id);
		html_raw(w, "\">");
		html_txt(w, s->agency_name);
		html_raw(w, "</a></td><td>");
		html_txtf(w, "%.1f", s->score);
		html_raw(w, "</td><td>");
		html_raw(w, s->pass ? "合格"
			    : s->veto ? "<span class=\"badge warn\">不合格（单项否决）</span>"
				      : "<span class=\"badge warn\">不合格</span>");
		html_raw(w, "</td><td>");
		html_txtf(w, "%lld", s->veto);
		html_raw(w, "</td><td>");
		html_txtf(w, "%lld", s->open);
		html_raw(w, "</td><td>");
		html_txtf(w, "%lld", s->overdue);
		html_raw(w, "</td></tr>");
	}
	if (!n)
		html_raw(w, "<tr><td colspan=\"6\">没有可显示的单位。</td></tr>");
	html_raw(w, "</tbody></table></section>\n");
}

static void scans_html(struct web_request *req, struct buf *w)
{
	long long done = 0, total = 0;
	bool running = site_scan_running(&done, &total);
	html_raw(w, "<section><h2>全站检查</h2>");
	if (running) {
		/* refreshes itself while the scan runs (no JavaScript needed) */
		html_raw(w, "<meta http-equiv=\"refresh\" content=\"3\">");
		html_raw(w, "<p role=\"status\" id=\"scan-progress\">正在检查：");
		html_txtf(w, "已完成 %lld / %lld 项", done, total);
		html_raw(w, "（<a href=\"/console/integrity\">刷新</a>）</p>");
	}
	struct integrity_scan *v;
	size_t n = 0;
	if (!store_integrity_scans(req->db, req->arena, 5, &v, &n) && n) {
		html_raw(
		    w,
		    "<table class=\"table\" id=\"scans\"><thead><tr><th scope=\"col\">次序"
		    "</th><th scope=\"col\">开始</th><th scope=\"col\">完成</th>"
		    "<th scope=\"col\">发起</th><th scope=\"col\">检查项数</th>"
		    "<th scope=\"col\">发现</th><th scope=\"col\">新发现</th>"
		    "<th scope=\"col\">已关闭</th><th scope=\"col\">说明</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html_raw(w, "<tr><td>");
			html_txtf(w, "%lld", v[i].id);
			html_raw(w, "</td><td>");
			time_short(w, v[i].started_at);
			html_raw(w, "</td><td>");
			time_short(w, v[i].finished_at);
			html_raw(w, "</td><td>");
			html_txt(w, v[i].scheduled ? "定时" : v[i].started_by);
			const long long nums[] = {v[i].pages, v[i].nfound, v[i].nnew, v[i].nclosed};
			for (size_t k = 0; k < ARRAY_SIZE(nums); k++) {
				html_raw(w, "</td><td>");
				html_txtf(w, "%lld", nums[k]);
			}
			html_raw(w, "</td><td>");
			html_txt(w, v[i].notes);
			html_raw(w, "</td></tr>");
		}
		html_raw(w, "</tbody></table>");
	} else if (!running) {
		html_raw(w, "<p>还没有做过全站检查。</p>");
	}
	bool admin = req->user && req->user->role >= ROLE_ADMIN;
	if (admin && !running) {
		html_raw(w, "<form method=\"post\" action=\"/console/integrity/scan\">");
		session_csrf_field(req, w);
		html_raw(w,
			 "<button type=\"submit\" class=\"button\">立即检查全站</button></form>");
	}
	html_raw(w, "</section>\n");
}

static void findings_table(struct buf *w, const struct integrity_finding *v, size_t n,
			   const struct console_agencies *ag)
{
	html_raw(w,
		 "<table class=\"table\" id=\"findings\"><thead><tr><th scope=\"col\">编号</th>"
		 "<th scope=\"col\">等级</th><th scope=\"col\">类别</th><th scope=\"col\">问题"
		 "</th><th scope=\"col\">位置</th><th scope=\"col\">单位</th>"
		 "<th scope=\"col\">首次/最近发现</th><th scope=\"col\">责任人</th>"
		 "<th scope=\"col\">整改期限</th><th scope=\"col\">状态</th></tr></thead><tbody>");
	zf_day today = date_today();
	for (size_t i = 0; i < n; i++) {
		const struct integrity_finding *f = &v[i];
		html_raw(w, "<tr><td><a href=\"/console/integrity/");
		html_attrf(w, "%lld", f->id);
		html_raw(w, "\">");
		html_txtf(w, "%lld", f->id);
		html_raw(w, "</a></td><td>");
		html_txt(w, scan_sev_label(f->sev));
		html_raw(w, "</td><td>");
		html_txt(w, integrity_category_label(f->category));
		html_raw(w, "</td><td>");
		snippet_html(w, f);
		html_raw(w, "<br><small>");
		html_txt(w, f->message);
		html_raw(w, "</small></td><td>");
		console_txt_short(w, f->url, 40);
		if (*f->field) {
			html_raw(w, "<br><small>");
			field_html(w, f->field);
			html_raw(w, "</small>");
		}
		html_raw(w, "</td><td>");
		html_txt(w, console_agency_name(ag, f->agency_id));
		html_raw(w, "</td><td>");
		time_short(w, f->first_seen);
		html_raw(w, "<br>");
		time_short(w, f->last_seen);
		html_raw(w, "</td><td>");
		html_txt(w, *f->assignee ? f->assignee : "—");
		html_raw(w, "</td><td>");
		if (f->due_on) {
			char d[11];
			html_txt(w, date_format(f->due_on, d));
			if (f->status == INTEGRITY_OPEN && f->due_on < today)
				html_raw(w, " <span class=\"badge warn\">逾期</span>");
		} else {
			html_raw(w, "—");
		}
		html_raw(w, "</td><td>");
		status_badge(w, f);
		html_raw(w, "</td></tr>\n");
	}
	if (!n)
		html_raw(w, "<tr><td colspan=\"10\">没有符合条件的问题。</td></tr>");
	html_raw(w, "</tbody></table>\n");
}

int page_integrity(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct filter_form ff;
	filter_read(req, &ff);
	size_t nwithin;
	const long long *within = scope(req, &nwithin);
	ff.f.within = within;
	ff.f.nwithin = nwithin;
	ff.f.limit = PER_PAGE;
	ff.f.offset = (ff.page - 1) * PER_PAGE;
	struct integrity_finding *v = NULL;
	size_t n = 0;
	long long total = 0;
	rc = store_integrity_findings(req->db, req->arena, &ff.f, &v, &n, &total);
	if (rc)
		return rc;
	struct integrity_score *sc = NULL;
	size_t nsc = 0;
	rc = store_integrity_scorecard(req->db, req->arena, date_today(), within, nwithin, &sc,
				       &nsc);
	if (rc)
		return rc;

	ui_console_begin(req, res, "内容检查", "/console/integrity");
	struct buf *w = &res->body;
	html_raw(w, "<h1>内容检查</h1>");
	const char *done = web_arg(req, "done");
	for (size_t i = 0; done && i < ARRAY_SIZE(done_messages); i++)
		if (!strcmp(done, done_messages[i].key))
			console_alert(w, "ok", done_messages[i].message);
	if (done && !strcmp(done, "busy"))
		console_alert(w, "error",
			      "已有检查在进行，或本服务器没有运行检查任务，请稍后再试。");
	html_raw(w, "<p><a class=\"button secondary\" href=\"/console/integrity/report.xlsx\">"
		    "导出通报（Excel）</a>");
	if (req->user && req->user->role >= ROLE_ADMIN)
		html_raw(w, " <a class=\"button secondary\" href=\"/console/integrity/rules\">"
			    "管理规则集</a>");
	html_raw(w, "</p>");
	scans_html(req, w);
	scorecard_html(w, sc, nsc);
	html_raw(w, "<section><h2>问题清单（整改工单）</h2>");
	filter_form_html(req, w, &ff, &ag);
	size_t pages = total > 0 ? (size_t)((total + PER_PAGE - 1) / PER_PAGE) : 1;
	html_raw(w, "<p id=\"findings-total\">");
	html_txtf(w, "共 %lld 个问题，第 %zu / %zu 页。", total, ff.page, pages);
	html_raw(w, "</p>");
	findings_table(w, v, n, &ag);
	if (pages > 1) {
		html_raw(w, "<nav class=\"pager\" aria-label=\"分页\">");
		if (ff.page > 1) {
			html_raw(w, "<a href=\"/console/integrity?");
			filter_query(w, &ff);
			html_attrf(w, "&page=%zu", ff.page - 1);
			html_raw(w, "\" rel=\"prev\">上一页</a> ");
		}
		if (ff.page < pages) {
			html_raw(w, "<a href=\"/console/integrity?");
			filter_query(w, &ff);
			html_attrf(w, "&page=%zu", ff.page + 1);
			html_raw(w, "\" rel=\"next\">下一页</a>");
		}
		html_raw(w, "</nav>");
	}
	html_raw(w, "</section>\n");
	ui_console_end(req, res);
	return 0;
}

int page_integrity_scan(struct web_request *req, struct web_response *res)
{
	bool ok = site_scan_request(console_actor(req));
	ui_redirect(req, res, ok ? "/console/integrity?done=scan" : "/console/integrity?done=busy");
	return 0;
}

/* ---------------------------------------------------------------- the 通报 */

static const char *agency_name_cb(void *ctx, long long id)
{
	return console_agency_name(ctx, id);
}

int page_integrity_export(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	size_t nwithin;
	const long long *within = scope(req, &nwithin);
	struct integrity_filter f = {.sev = -1,
				     .status = INTEGRITY_OPEN,
				     .within = within,
				     .nwithin = nwithin,
				     .limit = 100000};
	struct integrity_finding *v;
	size_t n;
	long long total;
	rc = store_integrity_findings(req->db, req->arena, &f, &v, &n, &total);
	struct integrity_score *sc = NULL;
	size_t nsc = 0;
	if (!rc)
		rc = store_integrity_scorecard(req->db, req->arena, date_today(), within, nwithin,
					       &sc, &nsc);
	if (rc)
		return rc;
	char title[80], d[11];
	snprintf(title, sizeof(title), "网站内容检查通报（%s）", date_format(date_today(), d));
	struct buf out;
	buf_init(&out, 64u << 20);
	rc = integrity_xlsx(title, sc, nsc, v, n, agency_name_cb, &ag, &out);
	if (!rc) {
		char *disp = arena_printf(req->arena,
					  "attachment; filename=\"integrity-report-%s.xlsx\"", d);
		rc = console_send(
		    res, &out, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		    disp ? disp : "attachment");
	}
	buf_free(&out);
	return rc;
}

/* ---------------------------------------------------------------- one finding */

/* Loads the finding of the path if the reader may see it: 0, or 1 after answering 404. */
static int load_finding(struct web_request *req, struct web_response *res,
			struct integrity_finding *f)
{
	long long id;
	if (!console_id(req->path_args[0], &id))
		return console_not_found(req, res), 1;
	int rc = store_integrity_finding_get(req->db, req->arena, id, f);
	if (rc == ZF_ENOENT || (!rc && !session_can(req, f->agency_id, ROLE_VIEWER)))
		return console_not_found(req, res), 1;
	return rc;
}

static int finding_page(struct web_request *req, struct web_response *res,
			const struct integrity_finding *f, const char *error, int status)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	res->status = status;
	char title[40];
	snprintf(title, sizeof(title), "问题 %lld", f->id);
	ui_console_begin(req, res, title, "/console/integrity");
	struct buf *w = &res->body;
	html_raw(w, "<p><a href=\"/console/integrity\">← 内容检查</a></p>");
	html_raw(w, "<h1>");
	html_txtf(w, "问题 %lld：", f->id);
	html_txt(w, f->message);
	html_raw(w, "</h1>");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	for (size_t i = 0; done && i < ARRAY_SIZE(done_messages); i++)
		if (!strcmp(done, done_messages[i].key))
			console_alert(w, "ok", done_messages[i].message);
	html_raw(w, "<dl class=\"facts\"><dt>状态</dt><dd>");
	status_badge(w, f);
	html_raw(w, "</dd><dt>等级</dt><dd>");
	html_txt(w, scan_sev_label(f->sev));
	html_raw(w, "</dd><dt>类别</dt><dd>");
	html_txt(w, integrity_category_label(f->category));
	html_raw(w, "</dd><dt>规则</dt><dd><code>");
	html_txt(w, f->rule_id);
	html_raw(w, "</code></dd><dt>原文</dt><dd class=\"snippet\">");
	snippet_html(w, f);
	html_raw(w, "</dd><dt>位置</dt><dd>");
	if (f->url[0] == '/') {
		html_raw(w, "<a href=\"");
		html_attr(w, f->url);
		html_raw(w, "\">");
		html_txt(w, f->url);
		html_raw(w, "</a>");
	} else {
		html_txt(w, f->url);
	}
	if (*f->field) {
		html_raw(w, " · ");
		field_html(w, f->field);
	}
	html_txtf(w, "（第 %lld–%lld 字节）", f->start, f->end);
	html_raw(w, "</dd><dt>单位</dt><dd>");
	html_txt(w, console_agency_name(&ag, f->agency_id));
	html_raw(w, "</dd><dt>整改建议</dt><dd>");
	html_txt(w, *f->fix ? f->fix : "—");
	html_raw(w, "</dd><dt>首次发现</dt><dd>");
	time_short(w, f->first_seen);
	html_raw(w, "</dd><dt>最近发现</dt><dd>");
	time_short(w, f->last_seen);
	html_raw(w, "</dd><dt>责任人</dt><dd>");
	html_txt(w, *f->assignee ? f->assignee : "—");
	if (f->assignee_agency) {
		html_raw(w, "（");
		html_txt(w, console_agency_name(&ag, f->assignee_agency));
		html_raw(w, "）");
	}
	html_raw(w, "</dd><dt>整改期限</dt><dd>");
	if (f->due_on)
		console_day(w, f->due_on);
	else
		html_raw(w, "—");
	html_raw(w, "</dd>");
	if (f->status == INTEGRITY_DISMISSED) {
		html_raw(w, "<dt>误报理由</dt><dd>");
		html_txt(w, f->dismiss_reason);
		html_raw(w, "（");
		html_txt(w, f->dismissed_by);
		html_raw(w, "）</dd>");
	}
	html_raw(w, "</dl>\n");
	if (f->status == INTEGRITY_OPEN && session_can(req, f->agency_id, ROLE_CLERK)) {
		html_raw(w,
			 "<section><h2>派发整改</h2><form class=\"form\" method=\"post\" action=\""
			 "/console/integrity/");
		html_attrf(w, "%lld", f->id);
		html_raw(w, "/assign\">");
		session_csrf_field(req, w);
		console_text_field(w, "assign-to", "to", "责任人（登录名）",
				   *f->assignee ? f->assignee : console_form_text(req, "to"), true,
				   64);
		console_date_field(w, "assign-due", "due", "整改期限",
				   f->due_on ? f->due_on : console_form_day(req, "due"), false);
		html_raw(w, "<button type=\"submit\" class=\"button\">派发</button></form>"
			    "</section>\n");
	}
	if (f->status != INTEGRITY_DISMISSED && session_can(req, f->agency_id, ROLE_ADMIN)) {
		html_raw(w,
			 "<section><h2>标为误报</h2><form class=\"form\" method=\"post\" action=\""
			 "/console/integrity/");
		html_attrf(w, "%lld", f->id);
		html_raw(w, "/dismiss\">");
		session_csrf_field(req, w);
		console_text_field(w, "dismiss-reason", "reason", "理由", NULL, true, 300);
		html_raw(w, "<button type=\"submit\" class=\"button secondary\">标为误报</button>"
			    "</form></section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_integrity_finding(struct web_request *req, struct web_response *res)
{
	struct integrity_finding f;
	int rc = load_finding(req, res, &f);
	if (rc)
		return rc < 0 ? rc : 0;
	return finding_page(req, res, &f, NULL, 200);
}

static void redirect_done(struct web_request *req, struct web_response *res, long long id,
			  const char *done)
{
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/integrity/%lld?done=%s", id, done));
}

int page_integrity_assign(struct web_request *req, struct web_response *res)
{
	struct integrity_finding f;
	int rc = load_finding(req, res, &f);
	if (rc)
		return rc < 0 ? rc : 0;
	if (!session_can(req, f.agency_id, ROLE_CLERK))
		return console_not_found(req, res);
	const char *to = console_form_text(req, "to");
	const char *due_s = console_form_text(req, "due");
	zf_day due = console_form_day(req, "due");
	if (!*to)
		return finding_page(req, res, &f, "请填写责任人的登录名。", 422);
	if (*due_s && !due)
		return finding_page(req, res, &f, "整改期限不是有效的日期。", 422);
	/* a clerk assigns within the agencies he works for */
	long long uagency = 0;
	rc = store_integrity_user_agency(req->db, to, &uagency);
	if (rc == ZF_ENOENT || (!rc && !session_can(req, uagency, ROLE_CLERK)))
		return finding_page(req, res, &f, "没有这个用户，或该用户不在您管理的单位。", 422);
	if (rc)
		return rc;
	struct buf err = BUF_INIT;
	rc = store_integrity_assign(req->db, console_actor(req), f.id, to, 0, due, date_today(),
				    &err);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT || rc == ZF_ESTATE) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "不能派发");
		buf_free(&err);
		return finding_page(req, res, &f, msg, 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_done(req, res, f.id, "assigned");
	return 0;
}

int page_integrity_dismiss(struct web_request *req, struct web_response *res)
{
	struct integrity_finding f;
	int rc = load_finding(req, res, &f);
	if (rc)
		return rc < 0 ? rc : 0;
	if (!session_can(req, f.agency_id, ROLE_ADMIN))
		return console_not_found(req, res);
	struct buf err = BUF_INIT;
	rc = store_integrity_dismiss(req->db, console_actor(req), f.id,
				     console_form_text(req, "reason"), &err);
	if (rc == ZF_EINVAL || rc == ZF_ESTATE) {
		const char *msg =
		    arena_strdup(req->arena, err.len ? buf_cstr(&err) : "不能标为误报");
		buf_free(&err);
		return finding_page(req, res, &f, msg, 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_done(req, res, f.id, "dismissed");
	return 0;
}
