/* page_console_password.c: /console/password, where a signed-in user changes their own
 * password: the current one, the new one twice, checked by the site's rules (store/auth.h:
 * length, three classes of four, no login inside, no common password, not one of the last
 * ones). After a generated password (a new account, a reset) the dispatcher sends every
 * console page here until it is changed (等保 level 3: 首次登录强制修改初始口令). The
 * session that changes it lives on; the user's other sessions end. */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/auth.h"
#include "ui_shared.h"

static void password_field(struct buf *w, const char *id, const char *label,
			   const char *autocomplete)
{
	html_raw(w, "<div class=\"field\"><label class=\"required\" for=\"");
	html_attr(w, id);
	html_raw(w, "\">");
	html_txt(w, label);
	html_raw(w, "</label><input type=\"password\" required maxlength=\"256\" id=\"");
	html_attr(w, id);
	html_raw(w, "\" name=\"");
	html_attr(w, id);
	html_raw(w, "\" autocomplete=\"");
	html_attr(w, autocomplete);
	html_raw(w, "\"></div>");
}

static int render(struct web_request *req, struct web_response *res, const char *error, int status)
{
	struct user_actor by;
	struct password_policy pp;
	console_user_actor(req, &by, &pp);
	res->status = status;
	web_add_header(res, "Cache-Control", "no-store");
	ui_console_begin(req, res, "修改口令", "/console/password");
	struct buf *w = &res->body;
	html_raw(w, "<h1>修改口令</h1>\n");
	if (error)
		console_alert(w, "error", error);
	else if (req->user->must_change)
		console_alert(w, "info",
			      "您的口令是系统生成的（新建账号或管理员重设口令），请先设置只有您"
			      "自己知道的口令，然后才能使用工作台。");
	html_raw(w, "<section class=\"panel narrow\"><form method=\"post\" "
		    "action=\"/console/password\" class=\"form\">");
	session_csrf_field(req, w);
	password_field(w, "old", "当前口令", "current-password");
	password_field(w, "new", "新口令", "new-password");
	password_field(w, "new2", "再输入一次新口令", "new-password");
	html_raw(w, "<p class=\"hint\">");
	html_txtf(w,
		  "新口令至少 %d 个字符，须包含大写字母、小写字母、数字、其他符号（含空格、汉字）"
		  "四类中的至少三类；不能包含登录名，不能是常见弱口令",
		  pp.min_chars);
	if (pp.history > 0)
		html_txtf(w, "，也不能与最近 %d 次用过的口令相同", pp.history);
	html_raw(w, "。修改后，您在其他地方的登录将退出。</p>"
		    "<p><button type=\"submit\" class=\"button primary\">修改口令</button></p>"
		    "</form></section>\n");
	ui_console_end(req, res);
	return 0;
}

int page_console_password(struct web_request *req, struct web_response *res)
{
	return render(req, res, NULL, 200);
}

int page_console_password_post(struct web_request *req, struct web_response *res)
{
	const char *old = web_form(req, "old");
	const char *pw = web_form(req, "new");
	const char *pw2 = web_form(req, "new2");
	if (!old || !*old || !pw || !*pw)
		return render(req, res, "请填写当前口令和新口令。", 422);
	if (!pw2 || strcmp(pw, pw2) != 0)
		return render(req, res, "两次输入的新口令不一致。", 422);
	struct user_actor by;
	struct password_policy pp;
	console_user_actor(req, &by, &pp);
	struct buf err = BUF_INIT;
	int rc =
	    store_user_change_password(req->db, req->user->id, &pp, old, pw, req->session_id, &err);
	if (rc == ZF_EINVAL || rc == ZF_EPERM) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法修改");
		buf_free(&err);
		return render(req, res, msg ? msg : "无法修改", 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res, req->user->role > 0 ? "/console?done=password" : "/");
	return 0;
}
