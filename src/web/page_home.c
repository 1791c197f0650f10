/* page_home.c: the portal's home page: a search box, the services (apply, follow a request,
 * guides, annual reports, published information, search), the agencies as a tree linking to
 * their pages, the latest documents, 政策解读 and 通知公告 (each with a 更多 link), and the
 * latest annual reports. */
#include "common.h"
#include "page_docs.h"
#include "routes.h"
#include "store/db.h"
#include "store/docs.h"
#include "store/public.h"
#include "render/html.h"
#include "ui_shared.h"

#define LATEST_REPORTS 6
#define LATEST_DOCS    6

/* A list of the newest published documents a filter lets through, with their dates and a
 * 更多 link to the catalogue so filtered. */
static int latest_docs(struct web_request *req, struct buf *w, const char *id, const char *title,
		       const char *genre, const char *column, const char *more)
{
	struct doc_filter f = doc_filter_any();
	f.state = DOC_PUBLISHED;
	f.genre = genre;
	f.column_code = column;
	f.limit = LATEST_DOCS;
	f.no_total = true;
	struct doc_list l;
	int rc = store_doc_list(req->db, req->arena, &f, &l);
	if (rc)
		return rc;
	html_raw(w, "<section class=\"panel latest\" aria-labelledby=\"");
	html_attr(w, id);
	html_raw(w, "\">\n<h2 id=\"");
	html_attr(w, id);
	html_raw(w, "\">");
	html_txt(w, title);
	html_raw(w, "<a class=\"more\" href=\"");
	html_attr(w, more);
	html_raw(w, "\">更多<span class=\"sr-only\">");
	html_txt(w, title);
	html_raw(w, "</span></a></h2>\n");
	if (!l.n) {
		html_raw(w, "<p class=\"muted\">暂无。</p>\n</section>\n");
		return 0;
	}
	docs_html_latest(w, &l);
	html_raw(w, "</section>\n");
	return 0;
}

static const struct service {
	const char *name;
	const char *path;
	const char *what;
} services[] = {
    {"申请公开", "/apply", "在线填写政府信息公开申请表，提交后即时获得回执和查询码。"},
    {"办理进度查询", "/query", "凭查询码和联系电话查看申请的办理情况、答复期限和答复结果。"},
    {"公开指南", "/guide", "各机关的政府信息公开工作机构、办公地址、联系电话和申请方式。"},
    {"年度报告", "/reports", "各机关的政府信息公开工作年度报告，可下载 Excel 表格和数据。"},
    {"主动公开", "/docs", "规范性文件、政策解读、规划计划等主动公开的政府信息目录。"},
    {"信息检索", "/search", "按标题、文号和正文全文检索已公开的政府信息。"},
};

/* Writes the agencies as nested lists, following each one's depth in the tree. */
static void agency_tree(struct buf *w, const struct agency *list, size_t n)
{
	int depth = -1;
	for (size_t i = 0; i < n; i++) {
		int d = list[i].depth;
		if (d > depth + 1)
			d = depth + 1; /* never skip a level, even on odd data */
		if (d > depth) {
			html_raw(w, d == 0 ? "<ul class=\"agencies\">" : "<ul>");
		} else {
			html_raw(w, "</li>");
			for (; depth > d; depth--)
				html_raw(w, "</ul></li>");
		}
		depth = d;
		html_raw(w, "<li><a href=\"/agency/");
		html_attrf(w, "%lld", list[i].id);
		html_raw(w, "\">");
		html_txt(w, list[i].name);
		html_raw(w, "</a>");
	}
	if (depth < 0)
		return;
	html_raw(w, "</li>");
	for (; depth > 0; depth--)
		html_raw(w, "</ul></li>");
	html_raw(w, "</ul>");
}

int page_home(struct web_request *req, struct web_response *res)
{
	struct agency *agencies = NULL;
	size_t nagencies = 0;
	int rc = store_agency_list(req->db, req->arena, &agencies, &nagencies);
	if (rc)
		return rc;
	struct published_report *reports = NULL;
	size_t nreports = 0;
	rc = store_report_published_list(req->db, req->arena, 0, LATEST_REPORTS, &reports,
					 &nreports);
	if (rc)
		return rc;

	struct buf *w = &res->body;
	ui_begin(req, res, "首页", "/");
	html_raw(w, "<section class=\"hero home-hero\">\n<h1>" UI_SITE_NAME "</h1>\n"
		    "<p class=\"lead\">依据《中华人民共和国政府信息公开条例》，"
		    "本平台集中发布各机关主动公开的政府信息，"
		    "并为公民、法人和其他组织提供依申请公开服务。</p>\n"
		    "<form class=\"home-search\" method=\"get\" action=\"/search\" role=\"search\">"
		    "<label for=\"home-q\">检索政府信息</label>"
		    "<span class=\"search-row\"><input type=\"search\" id=\"home-q\" name=\"q\" "
		    "maxlength=\"100\" placeholder=\"输入标题、文号或关键词\">"
		    "<button type=\"submit\" class=\"button primary\">检索</button></span>"
		    "</form>\n</section>\n");

	html_raw(w, "<section aria-labelledby=\"services-title\">\n"
		    "<h2 id=\"services-title\">平台服务</h2>\n<ul class=\"services\">\n");
	for (size_t i = 0; i < ARRAY_SIZE(services); i++) {
		html_raw(w, "<li class=\"service\"><h3><a href=\"");
		html_url_path(w, services[i].path);
		html_raw(w, "\">");
		html_txt(w, services[i].name);
		html_raw(w, "</a></h3><p>");
		html_txt(w, services[i].what);
		html_raw(w, "</p></li>\n");
	}
	html_raw(w, "</ul>\n</section>\n");

	html_raw(w, "<div class=\"home-lists\">\n");
	if ((rc = latest_docs(req, w, "latest-title", "最新文件", NULL, NULL, "/docs")) ||
	    (rc = latest_docs(req, w, "interp-title", "政策解读", "政策解读", NULL,
			      "/docs?genre=%E6%94%BF%E7%AD%96%E8%A7%A3%E8%AF%BB")) ||
	    (rc = latest_docs(req, w, "notices-title", "通知公告", NULL, "notices",
			      "/docs?column=notices")))
		return rc;
	html_raw(w, "</div>\n");

	html_raw(w, "<div class=\"columns\">\n"
		    "<section class=\"panel\" aria-labelledby=\"agencies-title\">\n"
		    "<h2 id=\"agencies-title\">公开主体</h2>\n");
	if (nagencies == 0) {
		html_raw(w, "<p class=\"muted\">尚未登记任何机关。</p>\n");
	} else {
		html_raw(w, "<p class=\"muted\">本平台已登记 ");
		html_txtf(w, "%zu", nagencies);
		html_raw(w, " 个机关，点击机关名称查看其政府信息公开指南：</p>\n");
		agency_tree(w, agencies, nagencies);
		html_raw(w, "\n");
	}
	html_raw(w, "</section>\n"
		    "<section class=\"panel\" aria-labelledby=\"reports-title\">\n"
		    "<h2 id=\"reports-title\">最新年度报告</h2>\n");
	if (nreports == 0) {
		html_raw(w, "<p class=\"muted\">暂无已发布的年度报告。</p>\n");
	} else {
		html_raw(w, "<ul class=\"latest-reports\">");
		for (size_t i = 0; i < nreports; i++) {
			html_raw(w, "<li><a href=\"/reports/");
			html_attrf(w, "%lld/%d", reports[i].agency_id, reports[i].year);
			html_raw(w, "\">");
			html_txt(w, reports[i].agency_name);
			html_txtf(w, "%d年政府信息公开工作年度报告", reports[i].year);
			html_raw(w, "</a></li>");
		}
		html_raw(w, "</ul>\n");
	}
	html_raw(w, "<p><a href=\"/reports\">全部年度报告</a></p>\n"
		    "</section>\n</div>\n");
	ui_end(req, res);
	return 0;
}
