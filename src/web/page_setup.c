/* page_setup.c: /setup, the first-run page of a server started on an empty database (no
 * agency, no user): it creates the root agency, the first administrator and the site
 * settings (store_install). It exists only while the database is empty, and only for whoever
 * holds the one-time setup code that `zfxxgk serve` printed on its own stderr at start (kept
 * in memory, written nowhere else): a fresh server reachable by others does not make the
 * first visitor its administrator. Otherwise it answers 404. */
#include "common.h"
#include "arena.h"
#include "log.h"
#include "page_public.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/agencies.h"
#include "store/auth.h"
#include "ui_shared.h"

#include <sodium.h>

/* True when setup is open: a code was printed and the database is still empty. */
static bool setup_open(struct web_request *req)
{
	bool empty = false;
	return req->env && req->env->setup_code && *req->env->setup_code &&
	       !store_install_empty(req->db, &empty) && empty;
}

static void field(struct buf *w, const char *name, const char *label, const char *value,
		  bool required, int max, const char *type)
{
	html_raw(w, "<div class=\"field\"><label for=\"setup-");
	html_attr(w, name);
	html_raw(w, required ? "\" class=\"required\">" : "\">");
	html_txt(w, label);
	html_raw(w, "</label><input type=\"");
	html_attr(w, type);
	html_raw(w, "\" id=\"setup-");
	html_attr(w, name);
	html_raw(w, "\" name=\"");
	html_attr(w, name);
	html_raw(w, "\" value=\"");
	html_attr(w, value ? value : "");
	html_raw(w, "\" maxlength=\"");
	html_attrf(w, "%d", max);
	html_raw(w, required ? "\" required>" : "\">");
	html_raw(w, "</div>");
}

static int render(struct web_request *req, struct web_response *res, const char *error, int status)
{
	res->status = status;
	web_add_header(res, "Cache-Control", "no-store");
	ui_begin(req, res, "首次安装", NULL);
	struct buf *w = &res->body;
	html_raw(w,
		 "<h1>首次安装</h1>\n<p>数据库中还没有机构和用户。请填写最上级机构、第一个"
		 "管理员和网站名称。安装码在启动服务器的终端上显示（zfxxgk serve 的输出）。</p>\n");
	if (error)
		console_alert(w, "error", error);
	html_raw(w, "<form method=\"post\" action=\"/setup\" class=\"form panel\">");
	session_csrf_field(req, w);
	bool post = req->method == WEB_POST;
	const char *v;
#define V(n) (post && (v = web_form(req, n)) ? v : NULL)
	field(w, "code", "安装码", NULL, true, 40, "password");
	field(w, "agency", "最上级机构名称（如 示例县人民政府）", V("agency"), true, 100, "text");
	field(w, "org_code", "机构代码（索引号用，可稍后填写）", V("org_code"), false, 18, "text");
	field(w, "site_name", "网站名称", V("site_name"), true, 100, "text");
	field(w, "login", "管理员登录名（小写字母、数字、. _ -）", V("login"), true, 64, "text");
	field(w, "name", "管理员姓名", V("name"), true, 50, "text");
	field(w, "password",
	      "管理员口令（至少 10 个字符，含大写字母、小写字母、数字、符号中的三类）", NULL, true,
	      256, "password");
	field(w, "password2", "再输入一次口令", NULL, true, 256, "password");
#undef V
	html_raw(w, "<p><button type=\"submit\" class=\"button primary\">完成安装</button></p>"
		    "</form>\n");
	ui_end(req, res);
	return 0;
}

int page_setup(struct web_request *req, struct web_response *res)
{
	if (!setup_open(req)) {
		ui_error_page(req, res, 404, "页面不存在", "您要找的页面不存在。");
		return 0;
	}
	return render(req, res, NULL, 200);
}

int page_setup_post(struct web_request *req, struct web_response *res)
{
	if (!setup_open(req)) {
		ui_error_page(req, res, 404, "页面不存在", "您要找的页面不存在。");
		return 0;
	}
	const char *code = console_form_text(req, "code");
	const char *want = req->env->setup_code;
	if (strlen(code) != strlen(want) || sodium_memcmp(code, want, strlen(want)) != 0) {
		log_warn("setup refused: wrong setup code ip=%s",
			 req->client_ip ? req->client_ip : "-");
		return render(req, res, "安装码不正确。请使用启动服务器时终端上显示的安装码。",
			      403);
	}
	const char *pw = web_form(req, "password");
	const char *pw2 = web_form(req, "password2");
	if (!pw || !pw2 || strcmp(pw, pw2) != 0)
		return render(req, res, "两次输入的口令不一致。", 422);
	struct install_request in = {
	    .admin_login = console_form_text(req, "login"),
	    .admin_name = console_form_text(req, "name"),
	    .password = pw,
	    .root = {.name = console_form_text(req, "agency"),
		     .cls = AGENCY_CLASS_GOVERNMENT,
		     .org_code = console_form_text(req, "org_code")},
	    .site = {.site_name = console_form_text(req, "site_name"),
		     .host_org = console_form_text(req, "agency")},
	};
	struct buf err = BUF_INIT;
	int rc = store_install(req->db, "setup", &in, NULL, NULL, &err);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT || rc == ZF_EEXIST) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法安装");
		buf_free(&err);
		return render(req, res, msg ? msg : "无法安装", 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	log_info("setup done admin=%s", in.admin_login);
	ui_redirect(req, res, "/login?next=/console/agencies");
	return 0;
}
