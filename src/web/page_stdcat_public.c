/* page_stdcat_public.c: /stdcat, the 基层政务公开标准目录 on the public site: the 领域 with
 * their item counts; with ?area= the items of one 领域 as the catalogue states them (一级/二级
 * 事项, 公开内容, 依据, 时限, 主体, 渠道和载体, 对象, 方式, 层级) and, under each, links to the
 * published documents that fulfil it. An unknown 领域 answers 404. */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "page_stdcat.h"
#include "render/html.h"
#include "routes.h"
#include "store/std_catalogue.h"
#include "ui_shared.h"
#include "utf8.h"

static void crumbs(struct buf *w, const char *area)
{
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › ");
	if (area) {
		html_raw(w, "<a href=\"/stdcat\">基层政务公开标准目录</a> › "
			    "<span aria-current=\"page\">");
		html_txt(w, area);
		html_raw(w, "</span></nav>\n");
	} else {
		html_raw(w, "<span aria-current=\"page\">基层政务公开标准目录</span></nav>\n");
	}
}

static void field(struct buf *w, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	html_raw(w, "<dt>");
	html_txt(w, label);
	html_raw(w, "</dt><dd>");
	html_txt(w, value);
	html_raw(w, "</dd>");
}

int page_stdcat_public(struct web_request *req, struct web_response *res)
{
	struct std_area *areas = NULL;
	size_t na = 0;
	int rc = store_std_areas(req->db, req->arena, &areas, &na);
	if (rc)
		return rc;
	const char *area = web_arg(req, "area");
	if (area && !*area)
		area = NULL;
	bool known = false;
	for (size_t i = 0; area && i < na; i++)
		known = known || !strcmp(areas[i].name, area);
	if (area && !known) {
		ui_error_page(req, res, 404, "领域不存在",
			      "标准目录中没有这个领域。请从标准目录首页选择领域。");
		return 0;
	}
	ui_begin(req, res, area ? area : "基层政务公开标准目录", "/stdcat");
	struct buf *w = &res->body;
	crumbs(w, area);
	if (!area) {
		html_raw(w, "<h1>基层政务公开标准目录</h1>\n<p>按照《国务院办公厅关于全面推进基层"
			    "政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）和各试点"
			    "领域基层政务公开标准指引编制。每个事项列明公开内容、依据、时限、主体、"
			    "渠道和载体、对象、方式和层级，并链接到已公开的信息。</p>\n");
		if (!na)
			html_raw(w, "<p class=\"alert info\">还没有编制标准目录。</p>\n");
		else
			html_raw(w, "<ul class=\"std-areas\">");
		for (size_t i = 0; i < na; i++) {
			html_raw(w, "<li><a href=\"/stdcat?area=");
			html_url_arg(w, areas[i].name);
			html_raw(w, "\">");
			html_txt(w, areas[i].name);
			html_raw(w, "领域</a> <span class=\"muted\">");
			html_txtf(w, "%lld 个事项", areas[i].items);
			html_raw(w, "</span></li>\n");
		}
		if (na)
			html_raw(w, "</ul>\n");
		ui_end(req, res);
		return 0;
	}
	struct std_item *v = NULL;
	size_t n = 0;
	struct std_filter f = {.area = area, .status = -1, .today = date_today()};
	if ((rc = store_std_list(req->db, req->arena, console_calendar(), &f, &v, &n)))
		return rc;
	html_raw(w, "<h1>");
	html_txt(w, area);
	html_raw(w, "领域基层政务公开标准目录</h1>\n");
	const char *l1 = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct std_item *x = &v[i];
		if (!l1 || strcmp(l1, x->level1)) {
			if (l1)
				html_raw(w, "</section>\n");
			l1 = x->level1;
			html_raw(w, "<section class=\"std-level1\"><h2>");
			html_txt(w, *l1 ? l1 : "其他事项");
			html_raw(w, "</h2>\n");
		}
		html_raw(w, "<article class=\"std-item\"><h3>");
		html_txt(w, x->level2);
		html_raw(w, "</h3><dl>");
		field(w, "公开内容（要素）", x->content);
		field(w, "公开依据", x->basis);
		field(w, "公开时限", x->limit_text);
		field(w, "公开主体", x->agency_name);
		field(w, "公开渠道和载体", x->channel);
		field(w, "公开对象", x->audience);
		field(w, "公开方式", x->mode);
		field(w, "公开层级", x->tier);
		html_raw(w, "</dl>");
		struct std_doc *docs = NULL;
		size_t nd = 0;
		if ((rc = store_std_item_docs(req->db, req->arena, x->id, &docs, &nd)))
			return rc;
		size_t shown = 0;
		for (size_t k = 0; k < nd; k++) {
			if (!docs[k].published_on)
				continue;
			if (!shown++)
				html_raw(w, "<p>已公开的信息：</p><ul class=\"std-item-docs\">");
			char d[11];
			html_raw(w, "<li><a href=\"");
			html_attrf(w, "/docs/%lld", docs[k].id);
			html_raw(w, "\">");
			html_txt(w, docs[k].title);
			html_raw(w, "</a> <span class=\"muted\">");
			html_txt(w, date_format(docs[k].published_on, d));
			html_raw(w, "</span></li>");
		}
		if (shown)
			html_raw(w, "</ul>");
		html_raw(w, "</article>\n");
	}
	if (l1)
		html_raw(w, "</section>\n");
	ui_end(req, res);
	return 0;
}
