/* ui_shared.c: page chrome shared by every HTML page (see ui_shared.h). */
#include "common.h"
#include "ui_shared.h"
#include "render/html.h"

/* The main navigation. Entries without a path are services still being built: they are
 * shown, so readers know what is coming, but not linked. */
static const struct nav_entry {
	const char *label;
	const char *path;
} nav[] = {
    {"首页", "/"},	{"公开指南", NULL}, {"主动公开", NULL},
    {"申请公开", NULL}, {"办理进度", NULL}, {"年度报告", NULL},
};

bool ui_large_font(const struct web_request *req)
{
	const char *font = web_arg(req, "font");
	if (font && strcmp(font, "large") == 0)
		return true;
	if (font && strcmp(font, "normal") == 0)
		return false;
	const char *cookie = web_cookie(req, "zf_font");
	return cookie && strcmp(cookie, "large") == 0;
}

/* Remembers a ?font= choice for later pages. */
static void remember_font(const struct web_request *req, struct web_response *res)
{
	const char *font = web_arg(req, "font");
	if (!font)
		return;
	if (strcmp(font, "large") == 0)
		web_add_header(res, "Set-Cookie",
			       "zf_font=large; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
	else if (strcmp(font, "normal") == 0)
		web_add_header(res, "Set-Cookie",
			       "zf_font=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly");
}

void ui_begin(struct web_request *req, struct web_response *res, const char *title,
	      const char *active)
{
	struct buf *w = &res->body;
	bool large = ui_large_font(req);
	remember_font(req, res);

	html_raw(w, "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>");
	html_txt(w, title);
	html_raw(w, " - " UI_SITE_NAME
		    "</title>\n<link rel=\"stylesheet\" href=\"/static/site.css?v=");
	html_url_arg(w, ZF_VERSION);
	html_raw(w, "\">\n<link rel=\"icon\" href=\"data:,\">\n</head>\n");
	html_raw(w, large ? "<body class=\"large\">\n" : "<body>\n");
	html_raw(w, "<a class=\"skip\" href=\"#main\">跳到主要内容</a>\n");

	html_raw(w, "<div class=\"topbar\"><div class=\"wrap\">"
		    "<span>欢迎访问" UI_SITE_NAME "平台</span>"
		    "<a class=\"font-toggle\" href=\"");
	html_url_path(w, req->path);
	html_raw(w, large ? "?font=normal\">标准字号</a>" : "?font=large\">长者模式（大字号）</a>");
	html_raw(w, "</div></div>\n");

	html_raw(w, "<header class=\"masthead\"><div class=\"wrap\">"
		    "<a class=\"brand\" href=\"/\">"
		    "<span class=\"emblem\" aria-hidden=\"true\">公</span>"
		    "<span class=\"brand-text\"><span class=\"brand-name\">" UI_SITE_NAME "</span>"
		    "<span class=\"brand-sub\">依法公开 · 便民服务 · 接受监督</span></span>"
		    "</a></div></header>\n");

	html_raw(w, "<nav class=\"mainnav\" aria-label=\"主导航\"><div class=\"wrap\"><ul>");
	for (size_t i = 0; i < ARRAY_SIZE(nav); i++) {
		if (!nav[i].path) {
			html_raw(w, "<li><span class=\"soon\">");
			html_txt(w, nav[i].label);
			html_raw(w, "<span class=\"sr-only\">（建设中）</span></span></li>");
			continue;
		}
		bool current = active && strcmp(active, nav[i].path) == 0;
		html_raw(w, "<li><a href=\"");
		html_url_path(w, nav[i].path);
		html_raw(w, current ? "\" aria-current=\"page\">" : "\">");
		html_txt(w, nav[i].label);
		html_raw(w, "</a></li>");
	}
	html_raw(w, "</ul></div></nav>\n<main id=\"main\" class=\"wrap\">\n");
}

void ui_end(struct web_request *req, struct web_response *res)
{
	ZF_UNUSED(req);
	struct buf *w = &res->body;
	html_raw(w, "</main>\n<footer class=\"footer\"><div class=\"wrap\">"
		    "<p>本平台依据《中华人民共和国政府信息公开条例》建设，"
		    "为公众查阅政府信息、申请政府信息公开提供服务。</p>"
		    "<p><a href=\"/healthz\">系统运行状态</a><span class=\"sep\" "
		    "aria-hidden=\"true\">|</span>"
		    "zfxxgk ");
	html_txt(w, ZF_VERSION);
	html_raw(w, "</p></div></footer>\n</body>\n</html>\n");
}

void ui_error_page(struct web_request *req, struct web_response *res, int status,
		   const char *heading, const char *detail)
{
	buf_reset(&res->body);
	res->body.failed = false;
	res->nheaders = 0;
	res->content_type = NULL;
	res->status = status;
	ui_begin(req, res, heading, NULL);
	struct buf *w = &res->body;
	html_raw(w, "<section class=\"panel error-page\">\n<h1>");
	html_txt(w, heading);
	html_raw(w, "</h1>\n<p>");
	html_txt(w, detail);
	html_raw(w, "</p>\n<p class=\"muted\">错误代码：");
	html_txtf(w, "%d", status);
	html_raw(w, "</p>\n<p><a class=\"button\" href=\"/\">返回首页</a></p>\n</section>\n");
	ui_end(req, res);
}
