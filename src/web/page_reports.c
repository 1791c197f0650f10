/* page_reports.c: /reports, the annual reports (年度报告) agencies have published here, and
 * /reports/{agency}/{year}[.xlsx|.json|.html], one report: as a page laid out like the
 * official tables, as an Excel workbook, as JSON (zfxxgk.report/1, the published snapshot as
 * is) and as a stand-alone printable HTML file. Downloads carry a Chinese file name by
 * RFC 6266/5987 (filename*=UTF-8''...) with an ASCII fallback. */
#include "common.h"
#include "arena.h"
#include "law/report.h"
#include "page_public.h"
#include "render/html.h"
#include "render/report_html.h"
#include "render/report_json.h"
#include "render/report_layout.h"
#include "render/report_xlsx.h"
#include "ui_shared.h"
#include "ui_people.h"

#include <jansson.h>
#include <unistd.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static bool parse_id(const char *s, long long *out)
{
	long v = 0;
	if (!s || !*s || strlen(s) > 18 || str_to_long(str_c(s), &v) || v <= 0)
		return false;
	*out = v;
	return true;
}

/* "/reports/ID/YEAR" */
static void report_href(struct buf *w, long long agency, int year, const char *ext)
{
	html_raw(w, "/reports/");
	html_attrf(w, "%lld/%d%s", agency, year, ext ? ext : "");
}

static void download_links(struct buf *w, const struct published_report *r)
{
	static const struct {
		const char *ext, *label, *what;
	} kinds[] = {
	    {".xlsx", "Excel 表格", "（.xlsx）"},
	    {".json", "JSON 数据", "（.json，供数据交换）"},
	    {".html", "打印版网页", "（.html，A4 排版）"},
	};
	html_raw(w, "<ul class=\"downloads\">");
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		html_raw(w, "<li><a href=\"");
		report_href(w, r->agency_id, r->year, kinds[i].ext);
		html_raw(w, "\" download>下载");
		html_txt(w, kinds[i].label);
		html_raw(w, "<span class=\"sr-only\">：");
		html_txt(w, r->agency_name);
		html_txtf(w, "%d年度报告", r->year);
		html_raw(w, "</span></a><span class=\"muted\">");
		html_txt(w, kinds[i].what);
		html_raw(w, "</span></li>");
	}
	html_raw(w, "</ul>");
}

int page_reports(struct web_request *req, struct web_response *res)
{
	long long only = 0;
	const char *arg = web_arg(req, "agency");
	if (arg && *arg && !parse_id(arg, &only))
		only = -1; /* no such agency: an empty list, not every report */
	struct published_report *list = NULL;
	size_t n = 0;
	int rc =
	    only < 0 ? 0 : store_report_published_list(req->db, req->arena, only, 0, &list, &n);
	if (rc)
		return rc;
	struct agency *ag;
	size_t nag;
	rc = store_agency_list(req->db, req->arena, &ag, &nag);
	if (rc)
		return rc;
	struct buf *w = &res->body;
	ui_begin(req, res, "政府信息公开工作年度报告", "/reports");
	html_raw(w,
		 "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		 "<span aria-current=\"page\">年度报告</span></nav>\n"
		 "<h1>政府信息公开工作年度报告</h1>\n"
		 "<p class=\"lead\">各行政机关每年 1 月 31 日前公布本机关上一年度的政府信息公开工作"
		 "年度报告（条例第四十九条、第五十条）。报告表格按照国务院办公厅规定的格式排版，"
		 "可以下载 Excel 表格和 JSON 数据。</p>\n");

	/* a GET filter, usable without JavaScript */
	html_raw(w, "<form class=\"form filter panel\" method=\"get\" action=\"/reports\">"
		    "<div class=\"field inline-field\"><label for=\"f-agency\">发布机关</label>"
		    "<select id=\"f-agency\" name=\"agency\"><option value=\"\">全部机关</option>");
	for (size_t i = 0; i < nag; i++) {
		html_raw(w, "<option value=\"");
		html_attrf(w, "%lld", ag[i].id);
		html_raw(w, ag[i].id == only ? "\" selected>" : "\">");
		for (int d = 0; d < ag[i].depth && d < 6; d++)
			html_raw(w, "　");
		html_txt(w, ag[i].name);
		html_raw(w, "</option>");
	}
	html_raw(w, "</select> <button type=\"submit\" class=\"button secondary\">筛选</button>"
		    "</div></form>\n");

	if (n == 0) {
		html_raw(w, "<p class=\"muted\">暂无已发布的年度报告。</p>\n");
	} else {
		html_raw(w, "<table class=\"data reports-list\">\n<caption class=\"sr-only\">"
			    "已发布的年度报告</caption>\n<thead><tr><th scope=\"col\">年度</th>"
			    "<th scope=\"col\">报告</th><th scope=\"col\">发布日期</th>"
			    "<th scope=\"col\">下载</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const struct published_report *r = &list[i];
			html_raw(w, "<tr><td>");
			html_txtf(w, "%d", r->year);
			html_raw(w, "</td><td><a href=\"");
			report_href(w, r->agency_id, r->year, NULL);
			html_raw(w, "\">");
			html_txt(w, r->agency_name);
			html_txtf(w, "%d年政府信息公开工作年度报告", r->year);
			html_raw(w, "</a></td><td>");
			char when[17];
			ui_beijing_time(r->published_at, when);
			html_txtn(w, when, ZF_MIN(strlen(when), 10)); /* the Beijing day */
			html_raw(w, "</td><td>");
			download_links(w, r);
			html_raw(w, "</td></tr>\n");
		}
		html_raw(w, "</tbody>\n</table>\n");
	}
	ui_end(req, res);
	return 0;
}

/* ---------------------------------------------------------------- one report */

enum report_kind { AS_PAGE, AS_XLSX, AS_JSON, AS_HTML };

/* "2025", "2025.xlsx", "2025.json", "2025.html" */
static bool parse_file(const char *s, int *year, enum report_kind *kind)
{
	static const struct {
		const char *ext;
		enum report_kind kind;
	} exts[] = {{"", AS_PAGE}, {".xlsx", AS_XLSX}, {".json", AS_JSON}, {".html", AS_HTML}};
	if (!s || strlen(s) < 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	for (size_t i = 0; i < ARRAY_SIZE(exts); i++) {
		if (!strcmp(s + 4, exts[i].ext)) {
			*year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
				(s[3] - '0');
			*kind = exts[i].kind;
			return true;
		}
	}
	return false;
}

/* Content-Disposition: attachment with the Chinese name (RFC 5987) and an ASCII fallback. */
static int attachment(struct web_request *req, struct web_response *res,
		      const struct published_report *r, const char *ext)
{
	struct buf v = BUF_INIT;
	buf_printf(&v, "attachment; filename=\"report-%lld-%d%s\"; filename*=UTF-8''", r->agency_id,
		   r->year, ext);
	char *name = arena_printf(req->arena, "%s%d年政府信息公开工作年度报告%s", r->agency_name,
				  r->year, ext);
	if (name)
		html_url_arg(&v, name); /* RFC 3986 unreserved bytes are all RFC 5987 attr-chars */
	const char *value = name && !v.failed ? arena_strdup(req->arena, buf_cstr(&v)) : NULL;
	buf_free(&v);
	if (!value)
		return ZF_ENOMEM;
	return web_add_header(res, "Content-Disposition", value);
}

static int send_xlsx(struct web_request *req, struct web_response *res,
		     const struct published_report *pr, const struct report *r)
{
	char path[] = "/tmp/zf-report-XXXXXX.xlsx";
	int fd = mkstemps(path, 5);
	if (fd < 0)
		return ZF_EIO;
	close(fd);
	struct buf err = BUF_INIT;
	int rc = report_xlsx_write(r, path, &err);
	if (!rc)
		rc = buf_read_file(&res->body, path, 0);
	unlink(path);
	buf_free(&err);
	if (rc)
		return rc;
	res->content_type = XLSX_TYPE;
	return attachment(req, res, pr, ".xlsx");
}

/* The tables as report_html_tables writes them, less each <colgroup>: its column widths
 * are inline styles, which the site's CSP forbids; the stylesheet sets the widths. */
static void tables_without_colgroups(struct buf *w, const char *html)
{
	const char *p = html;
	for (;;) {
		const char *open = strstr(p, "<colgroup>");
		const char *close = open ? strstr(open, "</colgroup>") : NULL;
		if (!open || !close) {
			buf_adds(w, p);
			return;
		}
		buf_add(w, p, (size_t)(open - p));
		p = close + strlen("</colgroup>");
	}
}

/* The narrative parts (一、五、六) of a published report: its JSON's "narrative" object, as
 * the console's workspace writes it; parts missing (reports published from the command
 * line carry tables only) stay NULL and show as not filled. Strings are copied to the
 * request's arena. */
static int read_narrative(struct web_request *req, const struct published_report *pr,
			  struct report_narrative *n)
{
	memset(n, 0, sizeof(*n));
	json_t *root = json_loadb(pr->report_json, pr->report_json_len, 0, NULL);
	json_t *obj = root ? json_object_get(root, "narrative") : NULL;
	static const char *const keys[] = {"overview", "problems", "other_matters"};
	const char **slots[] = {&n->overview, &n->problems, &n->other_matters};
	int rc = 0;
	for (size_t i = 0; i < ARRAY_SIZE(keys) && json_is_object(obj); i++) {
		const char *v = json_string_value(json_object_get(obj, keys[i]));
		if (v && !(*slots[i] = arena_strdup(req->arena, v)))
			rc = ZF_ENOMEM;
	}
	json_decref(root);
	return rc;
}

static int report_page(struct web_request *req, struct web_response *res,
		       const struct published_report *pr, const struct report *r,
		       const struct report_narrative *n)
{
	struct report_layout l;
	int rc = report_layout_build(r, &l);
	if (rc)
		return rc;
	struct buf tables = BUF_INIT;
	rc = report_html_tables(r, &tables);
	if (rc) {
		report_layout_free(&l);
		buf_free(&tables);
		return rc;
	}
	const char *title = arena_strdup(req->arena, l.title);
	const char *subtitle = arena_strdup(req->arena, l.subtitle);
	report_layout_free(&l);
	if (!title || !subtitle) {
		buf_free(&tables);
		return ZF_ENOMEM;
	}
	struct buf *w = &res->body;
	ui_begin(req, res, title, "/reports");
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		    "<a href=\"/reports\">年度报告</a> › <span aria-current=\"page\">");
	html_txt(w, pr->agency_name);
	html_txtf(w, "%d年", pr->year);
	html_raw(w, "</span></nav>\n<article class=\"report-doc\" aria-labelledby=\"report-title\">"
		    "\n<h1 id=\"report-title\">");
	html_txt(w, title);
	html_raw(w, "</h1>\n");
	if (*subtitle) {
		html_raw(w, "<p class=\"subtitle\">");
		html_txt(w, subtitle);
		html_raw(w, "</p>\n");
	}
	html_raw(w, "<div class=\"report-meta no-print\"><p class=\"muted\">发布机关：<a href=\""
		    "/agency/");
	html_attrf(w, "%lld", pr->agency_id);
	html_raw(w, "\">");
	html_txt(w, pr->agency_name);
	html_raw(w, "</a>　发布日期：");
	char when[17];
	ui_beijing_time(pr->published_at, when);
	html_txtn(w, when, ZF_MIN(strlen(when), 10)); /* the Beijing day */
	const struct report_format *fmt = report_format_get(r->format);
	if (fmt) {
		html_raw(w, "　表格格式：");
		html_txt(w, fmt->name);
	}
	html_raw(w, "</p>");
	download_links(w, pr);
	html_raw(w, "</div>\n");
	/* the statutory order: 一 before the tables 二–四, then 五 and 六 */
	report_html_part(w, 0, n->overview);
	html_raw(w, "<div class=\"report-tables\" tabindex=\"0\" role=\"region\" "
		    "aria-label=\"报告表格（可横向滚动）\">\n");
	tables_without_colgroups(w, buf_cstr(&tables));
	buf_free(&tables);
	html_raw(w, "</div>\n");
	report_html_part(w, 1, n->problems);
	report_html_part(w, 2, n->other_matters);
	html_raw(w, "</article>\n");
	ui_end(req, res);
	return 0;
}

int page_report(struct web_request *req, struct web_response *res)
{
	long long agency = 0;
	int year = 0;
	enum report_kind kind = AS_PAGE;
	struct published_report pr;
	int rc = parse_id(req->path_args[0], &agency) && parse_file(req->path_args[1], &year, &kind)
		     ? store_report_published_get(req->db, req->arena, agency, year, &pr)
		     : ZF_ENOENT;
	if (rc == ZF_ENOENT) {
		ui_error_page(
		    req, res, 404, "报告不存在",
		    "没有找到该年度报告，可能尚未发布或已被撤回。请从年度报告列表中选择。");
		return 0;
	}
	if (rc)
		return rc;
	if (kind == AS_JSON) {
		res->content_type = "application/json; charset=utf-8";
		rc = buf_add(&res->body, pr.report_json, pr.report_json_len);
		return rc ? rc : attachment(req, res, &pr, ".json");
	}
	struct report *r = NULL;
	struct buf err = BUF_INIT;
	rc = report_json_read(pr.report_json, pr.report_json_len, &r, &err, NULL);
	buf_free(&err);
	if (rc)
		return rc; /* publication checks the JSON: a failure here is a bug, shown as 500 */
	struct report_narrative narrative;
	rc = read_narrative(req, &pr, &narrative);
	if (rc) {
		report_free(r);
		return rc;
	}
	switch (kind) {
	case AS_PAGE: rc = report_page(req, res, &pr, r, &narrative); break;
	case AS_XLSX: rc = send_xlsx(req, res, &pr, r); break;
	case AS_HTML:
		rc = report_html_write_narrated(r, &narrative, &res->body);
		if (!rc)
			rc = attachment(req, res, &pr, ".html");
		break;
	case AS_JSON: break;
	}
	report_free(r);
	return rc;
}
