/* page_home.c: the home page: what the platform offers, what is ready, the agencies. */
#include "common.h"
#include "routes.h"
#include "store/db.h"
#include "render/html.h"
#include "ui_shared.h"

static const struct service {
	const char *name;
	const char *what;
} services[] = {
    {"申请公开", "向行政机关申请获取政府信息：在线填写申请表，上传身份证明，提交后获得申请编号。"},
    {"查询办理进度",
     "凭申请编号查询受理、补正、征求意见、延期和答复等办理情况，以及法定答复期限。"},
    {"年度报告", "查阅各机关的政府信息公开工作年度报告，下载报告中的统计表格。"},
    {"公开指南", "了解政府信息公开的范围、申请方式、办理流程、答复期限和收费规定。"},
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
		html_raw(w, "<li>");
		html_txt(w, list[i].name);
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

	struct buf *w = &res->body;
	ui_begin(req, res, "首页", "/");
	html_raw(w, "<section class=\"hero\">\n<h1>" UI_SITE_NAME "</h1>\n"
		    "<p class=\"lead\">依据《中华人民共和国政府信息公开条例》，"
		    "本平台集中发布各机关主动公开的政府信息，"
		    "并为公民、法人和其他组织提供依申请公开服务。</p>\n</section>\n");

	html_raw(w, "<div class=\"notice\" role=\"note\"><h2>平台建设中</h2>"
		    "<p>下列服务正在开发，目前还不能在线办理。"
		    "如需申请政府信息公开，请按照相关机关公布的政府信息公开指南，"
		    "通过信函、当面提交等方式提出申请。</p></div>\n");

	html_raw(w, "<section aria-labelledby=\"services-title\">\n"
		    "<h2 id=\"services-title\">平台服务</h2>\n<ul class=\"services\">\n");
	for (size_t i = 0; i < ARRAY_SIZE(services); i++) {
		html_raw(w, "<li class=\"service\"><h3>");
		html_txt(w, services[i].name);
		html_raw(w, " <span class=\"badge\">建设中</span></h3><p>");
		html_txt(w, services[i].what);
		html_raw(w, "</p></li>\n");
	}
	html_raw(w, "</ul>\n</section>\n");

	html_raw(w, "<div class=\"columns\">\n"
		    "<section class=\"panel\" aria-labelledby=\"agencies-title\">\n"
		    "<h2 id=\"agencies-title\">公开主体</h2>\n");
	if (nagencies == 0) {
		html_raw(w, "<p class=\"muted\">尚未登记任何机关。</p>\n");
	} else {
		html_raw(w, "<p class=\"muted\">本平台已登记 ");
		html_txtf(w, "%zu", nagencies);
		html_raw(w, " 个机关：</p>\n");
		agency_tree(w, agencies, nagencies);
		html_raw(w, "\n");
	}
	html_raw(w, "</section>\n"
		    "<section class=\"panel\" aria-labelledby=\"status-title\">\n"
		    "<h2 id=\"status-title\">运行状态</h2>\n"
		    "<p>平台及其数据库的运行状态可随时查看，供运维人员和监测程序使用。</p>\n"
		    "<p><a href=\"/healthz\">查看系统运行状态（/healthz）</a></p>\n"
		    "</section>\n</div>\n");
	ui_end(req, res);
	return 0;
}
