/* ui_shared.c: page chrome shared by every HTML page (see ui_shared.h). */
#include "common.h"
#include "arena.h"
#include "ui_shared.h"
#include "page_static.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/agencies.h"
#include "store/auth.h"

#include <stdio.h>

/* The main navigation. Entries without a path are services still being built: they are
 * shown, so readers know what is coming, but not linked. */
static const struct nav_entry {
	const char *label;
	const char *path;
} nav[] = {
    {"首页", "/"},	     {"公开指南", "/guide"},   {"主动公开", "/docs"},
    {"申请公开", "/apply"},  {"办理进度", "/query"},   {"年度报告", "/reports"},
    {"信息检索", "/search"}, {"政务公开", "/columns"}, {"重大项目", "/projects"},
    {"清单", "/lists"},	     {"互动交流", "/hdjl"},
};

/* The console's navigation, with the weakest role that sees each entry. */
static const struct console_entry {
	const char *label;
	const char *path;
	int role;
} console_nav[] = {
    {"工作台", "/console", ROLE_VIEWER},
    {"依申请公开", "/console/requests", ROLE_VIEWER},
    {"复议诉讼", "/console/reviews", ROLE_VIEWER},
    {"主动公开", "/console/docs", ROLE_VIEWER},
    {"栏目", "/console/columns", ROLE_VIEWER},
    {"重大项目", "/console/projects", ROLE_VIEWER},
    {"清单", "/console/lists", ROLE_VIEWER},
    {"年度报告", "/console/reports", ROLE_VIEWER},
    {"内容检查", "/console/integrity", ROLE_VIEWER},
    {"政民互动", "/console/hdjl", ROLE_VIEWER},
    {"标准目录", "/console/stdcat", ROLE_VIEWER},
    {"新媒体", "/console/newmedia", ROLE_VIEWER},
    {"监督考核", "/console/oversight", ROLE_VIEWER},
    {"公开指南", "/console/guide", ROLE_ADMIN},
    {"用户管理", "/console/users", ROLE_ADMIN},
    {"机构管理", "/console/agencies", ROLE_ADMIN},
    {"文书签发", "/console/letters", ROLE_CLERK},
    {"操作日志", "/console/audit", ROLE_ADMIN},
    {"好差评", "/console/ratings", ROLE_VIEWER},
    {"通知邮件", "/console/mail", ROLE_ADMIN},
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
			       req->https
				   ? "zf_font=large; Path=/; Max-Age=31536000; SameSite=Lax; "
				     "HttpOnly; Secure"
				   : "zf_font=large; Path=/; Max-Age=31536000; SameSite=Lax; "
				     "HttpOnly");
	else if (strcmp(font, "normal") == 0)
		web_add_header(res, "Set-Cookie",
			       req->https
				   ? "zf_font=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly; Secure"
				   : "zf_font=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly");
}

/* The site settings when the request has a database (all "" otherwise, or on error). */
static void site_settings(struct web_request *req, struct site_settings *s)
{
	if (!req->db || store_site_settings_get(req->db, req->arena, s))
		store_site_settings_get(NULL, NULL, s);
}

/* The 党政机关网站标识 as a text badge linking to its verification at conac.cn (the
 * official image is the issuer's to serve), when the site has its number. */
static void conac_badge(struct buf *w, const struct site_settings *s, const char *cls)
{
	const char *url = site_conac_url(s->conac_code);
	if (!*url)
		return;
	html_raw(w, "<a class=\"");
	html_attr(w, cls);
	html_raw(w, "\" href=\"");
	html_attr(w, url);
	html_raw(w, "\" rel=\"noopener\" title=\"党政机关网站标识（到开办单位网站核验）\">"
		    "党政机关网站标识<span class=\"sr-only\">：点击核验</span></a>");
}

/* The agency's identity: the site's name, the root agency that runs it, and the
 * 党政机关网站标识 (国办发〔2017〕47号: the site shows whose it is). */
static void masthead(struct web_request *req, struct buf *w, const struct site_settings *site)
{
	struct agency_info root = {0};
	if (!req->db || !site->root_agency_id ||
	    store_agency_get(req->db, req->arena, site->root_agency_id, &root))
		root.name = NULL;
	html_raw(w, "<header class=\"masthead\"><div class=\"wrap\">"
		    "<a class=\"brand\" href=\"/\">"
		    "<span class=\"emblem\" aria-hidden=\"true\">公</span>"
		    "<span class=\"brand-text\"><span class=\"brand-name\">");
	html_txt(w, *site->site_name ? site->site_name : UI_SITE_NAME);
	html_raw(w, "</span><span class=\"brand-sub\">");
	if (root.name && *root.name) {
		html_raw(w, "<span class=\"brand-agency\">");
		html_txt(w, root.name);
		html_raw(w, "</span>");
	} else {
		html_raw(w, "依法公开 · 便民服务 · 接受监督");
	}
	html_raw(w, "</span></span></a>");
	conac_badge(w, site, "conac-badge");
	html_raw(w, "</div></header>\n");
}

/* The font switch's link: the current path and query string with font= set (any earlier
 * font= dropped), so switching keeps the page, its filters and its page number. It is a GET
 * link: a half-filled form on the page cannot survive it without JavaScript, and is not
 * meant to; only path and query are kept. */
static void font_href(struct buf *w, const struct web_request *req, bool large)
{
	html_url_path(w, req->path);
	html_raw(w, "?");
	for (size_t i = 0; i < req->nargs; i++) {
		if (!req->args[i].name || !strcmp(req->args[i].name, "font"))
			continue;
		html_url_arg(w, req->args[i].name);
		html_raw(w, "=");
		html_url_arg(w, req->args[i].value ? req->args[i].value : "");
		html_raw(w, "&amp;");
	}
	html_raw(w, large ? "font=normal" : "font=large");
}

/* The stylesheet link's v=: the asset's fingerprint, so that the URL changes exactly when
 * the bytes do and may be cached for a year. */
static void stylesheet_version(struct buf *w)
{
	const char *fp = static_asset_fingerprint("site.css");
	html_url_arg(w, fp ? fp : ZF_VERSION);
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
	stylesheet_version(w);
	html_raw(w, "\">\n<link rel=\"icon\" href=\"data:,\">\n</head>\n");
	html_raw(w, large ? "<body class=\"large\">\n" : "<body>\n");
	html_raw(w, "<a class=\"skip\" href=\"#main\">跳到主要内容</a>\n");

	html_raw(
	    w,
	    "<div class=\"topbar\" role=\"region\" aria-label=\"无障碍与字号\"><div class=\"wrap\">"
	    "<span>欢迎访问" UI_SITE_NAME "平台</span>"
	    "<a class=\"font-toggle\" href=\"");
	font_href(w, req, large);
	html_raw(w, large ? "\">标准字号</a>" : "\">长者模式（大字号）</a>");
	html_raw(w, "</div></div>\n");

	struct site_settings site;
	site_settings(req, &site);
	masthead(req, w, &site);

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

/* The footer items of 国办发〔2017〕47号 that are set: 主办单位, 承办单位, 网站标识码, ICP 备案号
 * (linked to the MIIT register), 公安机关备案号 (linked to the MPS register), then 政府信息公开
 * 制度, 网站地图, 联系我们 and the 党政机关网站标识. No version string or machine link: readers
 * find the data downloads beside the reports they belong to. */
static void site_footer(struct web_request *req, struct buf *w)
{
	struct site_settings s;
	site_settings(req, &s);
	static const struct {
		const char *label;
		size_t off;
	} items[] = {
	    {"主办单位：", offsetof(struct site_settings, host_org)},
	    {"承办单位：", offsetof(struct site_settings, operator_org)},
	    {"网站标识码：", offsetof(struct site_settings, site_code)},
	};
	bool any = false;
	for (size_t i = 0; i < ARRAY_SIZE(items); i++) {
		const char *v = *(const char *const *)((const char *)&s + items[i].off);
		if (!*v)
			continue;
		html_raw(w, any ? "<span class=\"sep\" aria-hidden=\"true\">|</span>"
				: "<p class=\"site-info\">");
		html_txt(w, items[i].label);
		html_txt(w, v);
		any = true;
	}
	if (any)
		html_raw(w, "</p>");
	if (*s.icp || *s.psb) {
		html_raw(w, "<p class=\"site-info\">");
		if (*s.icp) {
			html_raw(w, "<a href=\"https://beian.miit.gov.cn/\" rel=\"noopener\">");
			html_txt(w, s.icp);
			html_raw(w, "</a>");
		}
		if (*s.icp && *s.psb)
			html_raw(w, "<span class=\"sep\" aria-hidden=\"true\">|</span>");
		if (*s.psb && *s.psb_code) {
			html_raw(w, "<a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=");
			html_url_arg(w, s.psb_code);
			html_raw(w, "\" rel=\"noopener\">");
			html_txt(w, s.psb);
			html_raw(w, "</a>");
		} else if (*s.psb) {
			html_txt(w, s.psb);
		}
		html_raw(w, "</p>");
	}
	html_raw(w, "<p><a href=\"/rules\">政府信息公开制度</a><span class=\"sep\" "
		    "aria-hidden=\"true\">|</span><a href=\"/sitemap\">网站地图</a><span "
		    "class=\"sep\" aria-hidden=\"true\">|</span><a href=\"/contact\">联系我们</a>"
		    "<span class=\"sep\" aria-hidden=\"true\">|</span><a "
		    "href=\"/stdcat\">标准目录</a><span class=\"sep\" "
		    "aria-hidden=\"true\">|</span><a href=\"/newmedia\">政务新媒体</a><span "
		    "class=\"sep\" aria-hidden=\"true\">|</span><a "
		    "href=\"/website-report\">网站年度报表</a>");
	if (*site_conac_url(s.conac_code)) {
		html_raw(w, "<span class=\"sep\" aria-hidden=\"true\">|</span>");
		conac_badge(w, &s, "conac-badge footer-conac");
	}
	html_raw(w, "</p>");
}

void ui_end(struct web_request *req, struct web_response *res)
{
	struct buf *w = &res->body;
	html_raw(w, "</main>\n<footer class=\"footer\"><div class=\"wrap\">");
	site_footer(req, w);
	html_raw(w, "<p>本平台依据《中华人民共和国政府信息公开条例》建设，"
		    "为公众查阅政府信息、申请政府信息公开提供服务。</p>"
		    "</div></footer>\n</body>\n</html>\n");
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

int ui_attachment(struct web_request *req, struct web_response *res, const char *how,
		  const char *ascii_name, const char *name)
{
	struct buf v = BUF_INIT;
	buf_printf(&v, "%s; filename=\"%s\"; filename*=UTF-8''", how, ascii_name);
	html_url_arg(&v, name);
	const char *value = !v.failed ? arena_strdup(req->arena, buf_cstr(&v)) : NULL;
	buf_free(&v);
	if (!value)
		return ZF_ENOMEM;
	return web_add_header(res, "Content-Disposition", value);
}

void ui_redirect(struct web_request *req, struct web_response *res, const char *location)
{
	const char *loc = arena_strdup(req->arena, location);
	buf_reset(&res->body);
	res->status = 303;
	if (loc)
		web_add_header(res, "Location", loc);
	html_raw(&res->body, "<!doctype html>\n<html lang=\"zh-CN\"><meta charset=\"utf-8\">"
			     "<title>正在跳转</title><p>正在跳转，如未自动跳转请<a href=\"");
	html_txt(&res->body, location);
	html_raw(&res->body, "\">点击这里</a>。</p></html>\n");
}

void ui_login_required(struct web_request *req, struct web_response *res)
{
	res->status = 403;
	ui_begin(req, res, "需要登录", NULL);
	struct buf *w = &res->body;
	html_raw(w, "<section class=\"panel error-page\">\n<h1>需要登录</h1>\n"
		    "<p>此页面仅供政府信息公开工作人员使用，请先登录。</p>\n"
		    "<p><a class=\"button primary\" href=\"/login?next=");
	html_url_arg(w, req->path);
	html_raw(w, "\">登录</a> <a class=\"button\" href=\"/\">返回首页</a></p>\n"
		    "<p class=\"muted\">错误代码：403</p>\n</section>\n");
	ui_end(req, res);
}

void ui_console_begin(struct web_request *req, struct web_response *res, const char *title,
		      const char *active)
{
	struct buf *w = &res->body;
	bool large = ui_large_font(req);
	remember_font(req, res);
	html_raw(w, "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>");
	html_txt(w, title);
	html_raw(w, " - 工作台 - " UI_SITE_NAME
		    "</title>\n<link rel=\"stylesheet\" href=\"/static/site.css?v=");
	stylesheet_version(w);
	html_raw(w, "\">\n<link rel=\"icon\" href=\"data:,\">\n</head>\n");
	html_raw(w, large ? "<body class=\"console large\">\n" : "<body class=\"console\">\n");
	html_raw(w, "<a class=\"skip\" href=\"#main\">跳到主要内容</a>\n"
		    "<header class=\"console-bar\"><div class=\"wrap\">"
		    "<a class=\"console-brand\" href=\"/console\">" UI_SITE_NAME " · 工作台</a>");
	const struct web_user *u = req->user;
	if (u) {
		html_raw(w, "<div class=\"console-user\"><span>");
		html_txt(w, u->name);
		html_raw(w, "（");
		html_txt(w, user_role_label((enum user_role)u->role));
		html_raw(w, "）</span><a href=\"");
		font_href(w, req, large);
		html_raw(w, large ? "\">标准字号</a>" : "\">大字号</a>");
		html_raw(w, "<a href=\"/\">公众网站</a><a href=\"/console/password\">修改口令</a>"
			    "<form method=\"post\" action=\"/logout\" class=\"inline\">");
		session_csrf_field(req, w);
		html_raw(w, "<button type=\"submit\" class=\"linkish\">退出</button></form></div>");
	}
	html_raw(w, "</div></header>\n<nav class=\"console-nav\" aria-label=\"工作台导航\">"
		    "<div class=\"wrap\"><ul>");
	for (size_t i = 0; i < ARRAY_SIZE(console_nav); i++) {
		if (!u || u->role < console_nav[i].role)
			continue;
		size_t plen = strlen(console_nav[i].path);
		bool current =
		    active && (strcmp(active, console_nav[i].path) == 0 ||
			       (plen > 8 && strncmp(active, console_nav[i].path, plen) == 0 &&
				active[plen] == '/'));
		html_raw(w, "<li><a href=\"");
		html_url_path(w, console_nav[i].path);
		html_raw(w, current ? "\" aria-current=\"page\">" : "\">");
		html_txt(w, console_nav[i].label);
		html_raw(w, "</a></li>");
	}
	html_raw(w, "</ul></div></nav>\n<main id=\"main\" class=\"wrap\">\n");
}

void ui_console_end(struct web_request *req, struct web_response *res)
{
	ZF_UNUSED(req);
	html_raw(&res->body, "</main>\n<footer class=\"footer\"><div class=\"wrap\"><p>zfxxgk ");
	html_txt(&res->body, ZF_VERSION);
	html_raw(&res->body, " · 政府信息公开工作平台</p></div></footer>\n</body>\n</html>\n");
}

void ui_time_beijing(struct buf *w, const char *at, const char *none)
{
	char t[20];
	if (date_utc_to_beijing(at, false, t))
		html_txt(w, t);
	else
		html_raw(w, none);
}
