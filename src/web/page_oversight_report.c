/* page_oversight_report.c: the 政府网站工作年度报表 (国办函〔2018〕12号): in the console
 * (/console/oversight/website-report) the report of a year with the items the platform
 * counts and a form for the items only people know (administrators of the site's root
 * agency), publishing it, and its .xlsx; on the public site /website-report (the published
 * years) and /website-report/{year} (the report, and its .xlsx). */
#include "common.h"
#include "arena.h"
#include "page_oversight.h"
#include "render/html.h"
#include "render/website_report_xlsx.h"
#include "routes.h"
#include "session.h"
#include "store/agencies.h"
#include "store/website_report.h"
#include "ui_shared.h"

/* A year as typed (four digits, 2000..2100): the year, or 0. */
static int parse_year(const char *s)
{
	if (!s || strlen(s) != 4)
		return 0;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	int y = atoi(s);
	return y >= 2000 && y <= 2100 ? y : 0;
}

static int default_year(void)
{
	return date_to_ymd(date_today()).y - 1;
}

/* The site's root agency, for the reader's rights over the report. */
static long long site_root(struct web_request *req)
{
	struct site_settings ss;
	if (store_site_settings_get(req->db, req->arena, &ss))
		return 0;
	return console_site_root(req, &ss);
}

/* The report as a table; with a form's inputs for the manual items when editable. */
static void report_table(struct buf *w, const struct website_report *r, bool editable)
{
	html_raw(w, "<table class=\"data website-report\" id=\"website-report\"><caption>");
	html_txtf(w, "政府网站工作年度报表（%d年度）", r->year);
	html_raw(w, "</caption><thead><tr><th scope=\"col\">栏目</th><th scope=\"col\">项目</th>"
		    "<th scope=\"col\">数值</th><th scope=\"col\">单位</th>");
	if (editable)
		html_raw(w, "<th scope=\"col\">来源</th>");
	html_raw(w, "</tr></thead><tbody>");
	const char *section = "";
	for (size_t i = 0; i < wr_nitems; i++) {
		const struct wr_item *it = &wr_items[i];
		html_raw(w, "<tr data-key=\"");
		html_attr(w, it->key);
		html_raw(w, "\"><td>");
		if (strcmp(section, it->section))
			html_txt(w, it->section);
		section = it->section;
		html_raw(w, "</td><th scope=\"row\">");
		if (editable && !r->automatic[i] && it->source != WR_SUM) {
			html_raw(w, "<label for=\"f-");
			html_attr(w, it->key);
			html_raw(w, "\">");
			html_txt(w, it->label);
			html_raw(w, "</label>");
		} else {
			html_txt(w, it->label);
		}
		html_raw(w, "</th><td class=\"value\">");
		if (editable && !r->automatic[i] && it->source != WR_SUM) {
			if (it->type == WR_YESNO) {
				html_raw(w, "<select name=\"");
				html_attr(w, it->key);
				html_raw(w, "\" id=\"f-");
				html_attr(w, it->key);
				html_raw(w, "\">");
				static const char *const opts[] = {"", "是", "否"};
				for (size_t k = 0; k < 3; k++) {
					html_raw(w, "<option value=\"");
					html_attr(w, opts[k]);
					html_raw(w, "\"");
					if (!strcmp(opts[k], r->values[i]))
						html_raw(w, " selected");
					html_raw(w, ">");
					html_txt(w, *opts[k] ? opts[k] : "未填写");
					html_raw(w, "</option>");
				}
				html_raw(w, "</select>");
			} else if (it->type == WR_TEXT && !strcmp(it->section, "创新发展")) {
				html_raw(w, "<textarea rows=\"4\" maxlength=\"2000\" name=\"");
				html_attr(w, it->key);
				html_raw(w, "\" id=\"f-");
				html_attr(w, it->key);
				html_raw(w, "\">");
				html_txt(w, r->values[i]);
				html_raw(w, "</textarea>");
			} else {
				html_raw(w,
					 it->type == WR_NUMBER
					     ? "<input type=\"text\" inputmode=\"numeric\" "
					       "maxlength=\"13\" name=\""
					     : "<input type=\"text\" maxlength=\"2000\" name=\"");
				html_attr(w, it->key);
				html_raw(w, "\" id=\"f-");
				html_attr(w, it->key);
				html_raw(w, "\" value=\"");
				html_attr(w, r->values[i]);
				html_raw(w, "\">");
			}
		} else if (!*r->values[i]) {
			html_raw(w, "<span class=\"muted\">—</span>");
		} else {
			html_txt(w, r->values[i]);
		}
		html_raw(w, "</td><td>");
		html_txt(w, it->unit);
		html_raw(w, "</td>");
		if (editable)
			html_raw(w, it->source == WR_SUM ? "<td>合计</td>"
				    : r->automatic[i]	 ? "<td>系统统计</td>"
							 : "<td>手工填写</td>");
		html_raw(w, "</tr>");
	}
	html_raw(w, "</tbody></table>\n");
}

static int report_xlsx(struct web_request *req, struct web_response *res,
		       const struct website_report *r)
{
	struct buf out;
	buf_init(&out, 8u << 20);
	int rc = website_report_xlsx(r, &out);
	if (!rc)
		rc = console_send(
		    res, &out, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		    arena_printf(req->arena, "attachment; filename=\"website-report-%d.xlsx\"",
				 r->year));
	buf_free(&out);
	return rc;
}

/* ---------------------------------------------------------------- console */

static int console_page(struct web_request *req, struct web_response *res, int year,
			const char *error, int status)
{
	long long root = site_root(req);
	if (!root || !session_can(req, root, ROLE_VIEWER))
		return console_not_found(req, res);
	bool admin = session_can(req, root, ROLE_ADMIN);
	struct website_report r;
	int rc =
	    store_website_report(req->db, req->arena, console_calendar(), year, date_today(), &r);
	if (rc)
		return rc;
	res->status = status;
	ui_console_begin(req, res, "政府网站工作年度报表", "/console/oversight");
	struct buf *w = &res->body;
	html_raw(w, "<h1>政府网站工作年度报表</h1>\n");
	oversight_subnav(w, "/console/oversight/website-report");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	if (done && !strcmp(done, "saved"))
		console_alert(w, "ok", "已保存。");
	else if (done && !strcmp(done, "published"))
		console_alert(w, "ok", "已在网站公开。");
	else if (done && !strcmp(done, "withdrawn"))
		console_alert(w, "ok", "已撤回公开。");
	html_raw(w, "<form method=\"get\" action=\"/console/oversight/website-report\" "
		    "class=\"inline\"><label for=\"year\">年度</label> <input type=\"text\" "
		    "id=\"year\" name=\"year\" inputmode=\"numeric\" maxlength=\"4\" size=\"5\" "
		    "value=\"");
	html_attrf(w, "%d", year);
	html_raw(w, "\"> <button type=\"submit\">查看</button></form>\n<p class=\"muted\">按国办函"
		    "〔2018〕12号的报表格式。标为“系统统计”的项目由平台按本年度数据统计，"
		    "其余项目请手工填写。</p>\n<p>");
	if (r.published) {
		html_raw(w, "<span class=\"badge\">已公开</span> <a href=\"");
		html_attrf(w, "/website-report/%d", year);
		html_raw(w, "\">查看公开页面</a> ");
	} else {
		html_raw(w, "<span class=\"badge warn\">未公开</span> ");
	}
	html_raw(w, "<a class=\"button\" href=\"");
	html_attrf(w, "/console/oversight/website-report.xlsx?year=%d", year);
	html_raw(w, "\">导出 Excel</a></p>\n");
	if (admin) {
		html_raw(w, "<form method=\"post\" action=\"/console/oversight/website-report\" "
			    "id=\"wr-form\">");
		session_csrf_field(req, w);
		html_raw(w, "<input type=\"hidden\" name=\"year\" value=\"");
		html_attrf(w, "%d", year);
		html_raw(w, "\">");
	}
	report_table(w, &r, admin);
	if (admin) {
		html_raw(
		    w,
		    "<p><button type=\"submit\">保存</button></p></form>\n"
		    "<form method=\"post\" action=\"/console/oversight/website-report/publish\">");
		session_csrf_field(req, w);
		html_raw(w, "<input type=\"hidden\" name=\"year\" value=\"");
		html_attrf(w, "%d", year);
		html_raw(w, "\"><input type=\"hidden\" name=\"publish\" value=\"");
		html_raw(w, r.published ? "0" : "1");
		html_raw(w, "\"><button type=\"submit\">");
		html_raw(w, r.published ? "撤回公开" : "在网站公开");
		html_raw(w, "</button></form>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_oversight_report(struct web_request *req, struct web_response *res)
{
	const char *y = web_arg(req, "year");
	int year = y && *y ? parse_year(y) : default_year();
	if (!year)
		return console_page(req, res, default_year(),
				    "年度无效：请填写2000至2100之间的四位年份。", 400);
	return console_page(req, res, year, NULL, 200);
}

int page_oversight_report_post(struct web_request *req, struct web_response *res)
{
	long long root = site_root(req);
	if (!root || !session_can(req, root, ROLE_ADMIN))
		return console_not_found(req, res);
	int year = parse_year(console_form_text(req, "year"));
	if (!year)
		return console_page(req, res, default_year(),
				    "年度无效：请填写2000至2100之间的四位年份。", 400);
	const char **keys = arena_alloc(req->arena, wr_nitems * sizeof(*keys));
	const char **vals = arena_alloc(req->arena, wr_nitems * sizeof(*vals));
	if (!keys || !vals)
		return ZF_ENOMEM;
	/* the manual items the form shows: those the platform does not count now */
	struct website_report r;
	int rc =
	    store_website_report(req->db, req->arena, console_calendar(), year, date_today(), &r);
	if (rc)
		return rc;
	size_t n = 0;
	for (size_t i = 0; i < wr_nitems; i++) {
		if (r.automatic[i] || wr_items[i].source == WR_SUM)
			continue;
		const char *v = web_form(req, wr_items[i].key);
		if (!v)
			continue;
		keys[n] = wr_items[i].key;
		vals[n++] = console_form_text(req, wr_items[i].key);
	}
	struct buf err = BUF_INIT;
	rc = store_website_report_set(req->db, console_actor(req), year, keys, vals, n, &err);
	if (rc == ZF_EINVAL) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "填写有误");
		buf_free(&err);
		return console_page(req, res, year, msg, 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(
	    req, res,
	    arena_printf(req->arena, "/console/oversight/website-report?year=%d&done=saved", year));
	return 0;
}

int page_oversight_report_publish(struct web_request *req, struct web_response *res)
{
	long long root = site_root(req);
	if (!root || !session_can(req, root, ROLE_ADMIN))
		return console_not_found(req, res);
	int year = parse_year(console_form_text(req, "year"));
	if (!year)
		return console_page(req, res, default_year(),
				    "年度无效：请填写2000至2100之间的四位年份。", 400);
	bool publish = !strcmp(console_form_text(req, "publish"), "1");
	int rc = store_website_report_publish(req->db, console_actor(req), year, publish);
	if (rc)
		return rc;
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/oversight/website-report?year=%d&done=%s",
				 year, publish ? "published" : "withdrawn"));
	return 0;
}

int page_oversight_report_xlsx(struct web_request *req, struct web_response *res)
{
	long long root = site_root(req);
	if (!root || !session_can(req, root, ROLE_VIEWER))
		return console_not_found(req, res);
	const char *y = web_arg(req, "year");
	int year = y && *y ? parse_year(y) : default_year();
	if (!year) {
		ui_error_page(req, res, 400, "年度无效", "请填写2000至2100之间的四位年份。");
		return 0;
	}
	struct website_report r;
	int rc =
	    store_website_report(req->db, req->arena, console_calendar(), year, date_today(), &r);
	return rc ? rc : report_xlsx(req, res, &r);
}

/* ---------------------------------------------------------------- public */

int page_website_report_index(struct web_request *req, struct web_response *res)
{
	int *years = NULL;
	size_t n = 0;
	int rc = store_website_report_years(req->db, req->arena, &years, &n);
	if (rc)
		return rc;
	ui_begin(req, res, "政府网站工作年度报表", NULL);
	struct buf *w = &res->body;
	html_raw(w, "<h1>政府网站工作年度报表</h1>\n");
	if (n == 0)
		html_raw(w, "<p>尚未公开政府网站工作年度报表。</p>\n");
	else {
		html_raw(w, "<ul class=\"years\">");
		for (size_t i = 0; i < n; i++) {
			html_raw(w, "<li><a href=\"");
			html_attrf(w, "/website-report/%d", years[i]);
			html_raw(w, "\">");
			html_txtf(w, "%d年度政府网站工作年度报表", years[i]);
			html_raw(w, "</a></li>");
		}
		html_raw(w, "</ul>\n");
	}
	ui_end(req, res);
	return 0;
}

/* The published report of the path's year: 0, or 1 after answering 404. */
static int public_report(struct web_request *req, struct web_response *res,
			 struct website_report *r)
{
	int year = parse_year(req->path_args[0]);
	if (!year) {
		ui_error_page(req, res, 404, "没有这个年度的报表", "请从报表列表中选择年度。");
		return 1;
	}
	int rc =
	    store_website_report(req->db, req->arena, console_calendar(), year, date_today(), r);
	if (rc)
		return rc;
	if (!r->published) {
		ui_error_page(req, res, 404, "没有这个年度的报表", "该年度的报表尚未公开。");
		return 1;
	}
	return 0;
}

int page_website_report_public(struct web_request *req, struct web_response *res)
{
	struct website_report r;
	int rc = public_report(req, res, &r);
	if (rc)
		return rc < 0 ? rc : 0;
	char *title = arena_printf(req->arena, "%d年度政府网站工作年度报表", r.year);
	ui_begin(req, res, title ? title : "政府网站工作年度报表", NULL);
	struct buf *w = &res->body;
	html_raw(w, "<p><a href=\"/website-report\">← 政府网站工作年度报表</a></p><h1>");
	html_txt(w, title ? title : "");
	html_raw(w, "</h1>\n");
	report_table(w, &r, false);
	html_raw(w, "<p><a href=\"");
	html_attrf(w, "/website-report/%d/report.xlsx", r.year);
	html_raw(w, "\">下载 Excel 版本</a></p>\n");
	ui_end(req, res);
	return 0;
}

int page_website_report_public_xlsx(struct web_request *req, struct web_response *res)
{
	struct website_report r;
	int rc = public_report(req, res, &r);
	if (rc)
		return rc < 0 ? rc : 0;
	return report_xlsx(req, res, &r);
}
