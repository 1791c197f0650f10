/* page_site.c: /sitemap (网站地图: the site's sections and every open agency's page),
 * /contact (联系我们: the site's contacts from its settings) and /rules (政府信息公开制度: the
 * rules the agency works under, as its administrator wrote them or the default), all linked
 * from every page's footer as 国办发〔2017〕47号 asks; /docs/statutory (法定主动公开内容: the
 * 15 items of 条例 Art. 20, each with its latest documents from the catalogue). */
#include "common.h"
#include "arena.h"
#include "page_public.h"
#include "render/html.h"
#include "page_docs.h"
#include "routes.h"
#include "store/agencies.h"
#include "store/columns.h"
#include "store/docs.h"
#include "store/site_texts.h"
#include "guide_view.h"
#include "site_rules.h"
#include "ui_shared.h"

int page_sitemap(struct web_request *req, struct web_response *res)
{
	static const struct {
		const char *label, *path;
	} sections[] = {
	    {"首页", "/"},
	    {"政府信息公开指南", "/guide"},
	    {"主动公开", "/docs"},
	    {"申请公开", "/apply"},
	    {"办理进度查询", "/query"},
	    {"年度报告", "/reports"},
	    {"信息检索", "/search"},
	    {"法定主动公开内容", "/docs/statutory"},
	    {"政务公开栏目", "/columns"},
	    {"政府信息公开制度", "/rules"},
	    {"互动交流", "/hdjl"},
	    {"留言选登", "/hdjl/messages"},
	    {"意见征集", "/hdjl/consultations"},
	    {"在线访谈", "/hdjl/interviews"},
	    {"基层政务公开标准目录", "/stdcat"},
	    {"政务新媒体", "/newmedia"},
	    {"政府网站工作年度报表", "/website-report"},
	    {"联系我们", "/contact"},
	};
	struct agency_info *list = NULL;
	size_t n = 0;
	int rc = store_agency_list_full(req->db, req->arena, &list, &n);
	if (rc)
		return rc;
	ui_begin(req, res, "网站地图", NULL);
	struct buf *w = &res->body;
	html_raw(w, "<h1>网站地图</h1>\n<section class=\"panel\"><h2>栏目</h2><ul>");
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		html_raw(w, "<li><a href=\"");
		html_url_path(w, sections[i].path);
		html_raw(w, "\">");
		html_txt(w, sections[i].label);
		html_raw(w, "</a></li>");
	}
	html_raw(w, "</ul></section>\n<section class=\"panel\"><h2>机构</h2><ul class=\"tree\">");
	for (size_t i = 0; i < n; i++) {
		if (list[i].closed_on)
			continue;
		html_raw(w, "<li>");
		for (int d = 0; d < list[i].depth; d++)
			html_raw(w, "\u3000");
		html_raw(w, "<a href=\"");
		html_attrf(w, "/agency/%lld", list[i].id);
		html_raw(w, "\">");
		html_txt(w, list[i].name);
		html_raw(w, "</a></li>");
	}
	html_raw(w, "</ul></section>\n");
	ui_end(req, res);
	return 0;
}

int page_contact(struct web_request *req, struct web_response *res)
{
	struct site_settings s;
	int rc = store_site_settings_get(req->db, req->arena, &s);
	if (rc)
		return rc;
	struct agency_info root = {0};
	if (s.root_agency_id && store_agency_get(req->db, req->arena, s.root_agency_id, &root))
		memset(&root, 0, sizeof(root));
	ui_begin(req, res, "联系我们", NULL);
	struct buf *w = &res->body;
	html_raw(w, "<h1>联系我们</h1>\n<section class=\"panel\"><dl class=\"contact\">");
	const struct {
		const char *label, *value;
	} rows[] = {
	    {"网站名称", s.site_name},
	    {"主办单位", s.host_org},
	    {"承办单位", s.operator_org},
	    {"联系电话", s.contact_phone},
	    {"电子邮箱", s.contact_email},
	    {"通信地址", root.address ? root.address : ""},
	    {"办公时间", root.hours ? root.hours : ""},
	};
	size_t shown = 0;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		if (!rows[i].value || !*rows[i].value)
			continue;
		shown++;
		html_raw(w, "<dt>");
		html_txt(w, rows[i].label);
		html_raw(w, "</dt><dd>");
		if (!strcmp(rows[i].label, "电子邮箱")) {
			html_raw(w, "<a href=\"mailto:");
			html_attr(w, rows[i].value);
			html_raw(w, "\">");
			html_txt(w, rows[i].value);
			html_raw(w, "</a>");
		} else {
			html_txt(w, rows[i].value);
		}
		html_raw(w, "</dd>");
	}
	html_raw(w, "</dl>");
	if (!shown)
		html_raw(w, "<p>网站尚未填写联系方式。</p>");
	html_raw(w, "<p>申请政府信息公开请使用<a href=\"/apply\">在线申请</a>，"
		    "各机关的受理地址和电话见<a href=\"/guide\">政府信息公开指南</a>。</p>"
		    "</section>\n");
	ui_end(req, res);
	return 0;
}

int page_rules(struct web_request *req, struct web_response *res)
{
	struct site_text t;
	int rc = store_site_text_get(req->db, req->arena, SITE_TEXT_RULES, &t);
	if (rc)
		return rc;
	ui_begin(req, res, "政府信息公开制度", NULL);
	struct buf *w = &res->body;
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		    "<span aria-current=\"page\">政府信息公开制度</span></nav>\n"
		    "<h1>政府信息公开制度</h1>\n<article class=\"panel rules\">\n");
	site_rules_html(w, *t.body ? t.body : site_rules_default());
	if (*t.updated_at)
		guide_view_revised_at(w, t.updated_at);
	html_raw(w, "</article>\n<p>各机关的工作机构、受理渠道和办理期限见"
		    "<a href=\"/guide\">政府信息公开指南</a>。</p>\n");
	ui_end(req, res);
	return 0;
}

#define STATUTORY_LATEST 5

int page_statutory(struct web_request *req, struct web_response *res)
{
	ui_begin(req, res, "法定主动公开内容", "/docs");
	struct buf *w = &res->body;
	html_raw(
	    w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
	       "<a href=\"/docs\">主动公开</a> › "
	       "<span aria-current=\"page\">法定主动公开内容</span></nav>\n"
	       "<h1>法定主动公开内容</h1>\n<p class=\"lead-in\">《中华人民共和国政府信息公开条例》"
	       "第二十条规定行政机关应当主动公开的十五项政府信息，以及各机关在每一项下"
	       "发布的文件。</p>\n<ol class=\"statutory-tree\">\n");
	for (int item = 1; item <= COLUMN_STATUTORY_ITEMS; item++) {
		struct doc_filter f = doc_filter_any();
		f.state = DOC_PUBLISHED;
		f.statutory_item = item;
		f.limit = STATUTORY_LATEST;
		struct doc_list l;
		int rc = store_doc_list(req->db, req->arena, &f, &l);
		if (rc)
			return rc;
		html_raw(w, "<li class=\"statutory-item panel\">");
		html_raw(w, "<h2 id=\"item-");
		html_attrf(w, "%d", item);
		html_raw(w, "\">");
		html_txt(w, column_statutory_number(item));
		html_txt(w, column_statutory_short(item));
		html_raw(w, "</h2><p class=\"statute\">");
		html_txt(w, column_statutory_text(item));
		html_raw(w, "</p>");
		if (!l.n) {
			html_raw(w, "<p class=\"muted\">暂无文件。</p></li>\n");
			continue;
		}
		docs_html_latest(w, &l);
		html_raw(w, "<p class=\"more\"><a href=\"");
		html_attrf(w, "/docs?item=%d", item);
		html_raw(w, "\">更多");
		html_txt(w, column_statutory_short(item));
		html_txtf(w, "（共 %lld 份）", l.total);
		html_raw(w, "</a></p></li>\n");
	}
	html_raw(w, "</ol>\n");
	ui_end(req, res);
	return 0;
}
