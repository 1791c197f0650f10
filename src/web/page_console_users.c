/* page_console_users.c: /console/users (administrators): the accounts of the agencies the
 * administrator holds the admin role over: add one (a generated password, shown once),
 * grant and revoke roles per agency, unlock after too many wrong passwords, disable and enable,
 * reset a password. The store audits every change (never a password). */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/auth.h"
#include "ui_shared.h"

#include <sodium.h>
#include <time.h>

static const struct {
	const char *key, *message;
} done_messages[] = {
    {"grant", "已授予角色。"},	{"revoke", "已收回角色。"},
    {"unlock", "已解除锁定。"}, {"disable", "已停用账号，该用户已退出登录。"},
    {"enable", "已启用账号。"},
};

static void role_options(struct buf *w, enum user_role selected)
{
	for (int r = USER_ROLE_VIEWER; r <= USER_ROLE_ADMIN; r++) {
		html_raw(w, "<option value=\"");
		html_attr(w, user_role_name((enum user_role)r));
		html_raw(w, r == (int)selected ? "\" selected>" : "\">");
		html_txt(w, user_role_label((enum user_role)r));
		html_raw(w, "</option>");
	}
}

/* The result of an add or a reset: shown once, never stored in clear. */
struct shown_password {
	const char *login;
	const char *password;
};

struct user_sticky {
	const char *login, *name, *role;
	long long agency;
};

static void change_button(struct web_request *req, struct buf *w, long long uid, const char *action,
			  const char *label, const char *cls)
{
	html_raw(w, "<form method=\"post\" class=\"inline\" action=\"");
	html_attrf(w, "/console/users/%lld", uid);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"");
	html_attr(w, action);
	html_raw(w, "\"><button type=\"submit\" class=\"button ");
	html_attr(w, cls);
	html_raw(w, "\">");
	html_txt(w, label);
	html_raw(w, "</button></form> ");
}

static int render(struct web_request *req, struct web_response *res, const char *error, int status,
		  const struct shown_password *shown, const struct user_sticky *st)
{
	struct user *users = NULL;
	size_t n = 0;
	int rc = store_user_list(req->db, req->arena, 0, &users, &n);
	if (rc)
		return rc;
	struct console_agencies ag;
	rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	res->status = status;
	ui_console_begin(req, res, "用户管理", "/console/users");
	struct buf *w = &res->body;
	html_raw(w, "<h1>用户管理</h1>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	for (size_t i = 0; !error && done && i < ARRAY_SIZE(done_messages); i++)
		if (strcmp(done, done_messages[i].key) == 0)
			console_alert(w, "ok", done_messages[i].message);
	if (shown) {
		html_raw(w, "<div class=\"alert ok\" role=\"status\"><p>已设置账号 <strong>");
		html_txt(w, shown->login);
		html_raw(w, "</strong> 的口令：<code id=\"new-password\">");
		html_txt(w, shown->password);
		html_raw(w, "</code></p><p>口令只显示这一次，系统只保存其散列值。请当面或通过安全的"
			    "渠道交给本人；本人首次登录时必须改为自己的口令。</p></div>\n");
	}
	time_t now = time(NULL);
	html_raw(w, "<section class=\"panel\"><h2>账号</h2>\n<table class=\"data users\">"
		    "<caption class=\"sr-only\">账号列表</caption><thead><tr>"
		    "<th scope=\"col\">登录名</th><th scope=\"col\">姓名</th>"
		    "<th scope=\"col\">所属机关</th><th scope=\"col\">角色</th>"
		    "<th scope=\"col\">状态</th><th scope=\"col\">操作</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct user *u = &users[i];
		if (!session_can(req, u->agency_id, ROLE_ADMIN))
			continue;
		bool locked = u->locked_until > now;
		html_raw(w, "<tr><td>");
		html_txt(w, u->login);
		html_raw(w, "</td><td>");
		html_txt(w, u->name);
		html_raw(w, "</td><td>");
		html_txt(w,
			 u->agency_name ? u->agency_name : console_agency_name(&ag, u->agency_id));
		html_raw(w, "</td><td>");
		html_txt(w, u->roles && *u->roles ? u->roles : "（无）");
		html_raw(w, "</td><td>");
		if (!u->active)
			html_raw(w, "<span class=\"tag muted\">已停用</span>");
		else if (locked) { /* lock-outs are per address (#16): the account works elsewhere
				    */
			html_raw(w, "<span class=\"tag overdue\">已锁定</span>");
			html_txtf(w, " %d 个网络地址输错口令过多，暂停从这些地址登录",
				  u->locked_sources > 0 ? u->locked_sources : 1);
		} else
			html_raw(w, "<span class=\"tag ok\">正常</span>");
		if (u->failed_logins > 0)
			html_txtf(w, " 同一地址连续输错口令 %d 次", u->failed_logins);
		html_raw(w, "</td><td>");
		if (locked || u->failed_logins > 0)
			change_button(req, w, u->id, "unlock", "解除锁定", "secondary");
		if (u->id != req->user->id)
			change_button(req, w, u->id, u->active ? "disable" : "enable",
				      u->active ? "停用" : "启用", "secondary");
		change_button(req, w, u->id, "reset", "重设口令", "secondary");
		/* grant / revoke */
		html_raw(w, "<form method=\"post\" class=\"form compact\" action=\"");
		html_attrf(w, "/console/users/%lld", u->id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		html_raw(w, "<label for=\"");
		html_attrf(w, "u-%lld-agency", u->id);
		html_raw(w, "\">机关</label><select name=\"agency\" id=\"");
		html_attrf(w, "u-%lld-agency", u->id);
		html_raw(w, "\">");
		console_agency_options(w, req, &ag, ROLE_ADMIN, u->agency_id);
		html_raw(w, "</select><label for=\"");
		html_attrf(w, "u-%lld-role", u->id);
		html_raw(w, "\">角色</label><select name=\"role\" id=\"");
		html_attrf(w, "u-%lld-role", u->id);
		html_raw(w, "\">");
		role_options(w, USER_ROLE_CLERK);
		html_raw(w,
			 "</select><button type=\"submit\" name=\"action\" value=\"grant\" "
			 "class=\"button primary\">授予</button><button type=\"submit\" "
			 "name=\"action\" value=\"revoke\" class=\"button secondary\">收回</button>"
			 "</form></td></tr>");
	}
	html_raw(w, "</tbody></table></section>\n");

	html_raw(w, "<section class=\"panel\"><h2>新建账号</h2>\n"
		    "<form method=\"post\" action=\"/console/users\" class=\"form\">");
	session_csrf_field(req, w);
	console_text_field(w, "nu-login", "login", "登录名（小写字母、数字、. _ -）",
			   st ? st->login : NULL, true, 64);
	console_text_field(w, "nu-name", "name", "姓名", st ? st->name : NULL, true, 50);
	html_raw(w, "<div class=\"field\"><label for=\"nu-agency\" class=\"required\">所属机关"
		    "</label><select id=\"nu-agency\" name=\"agency\" required>");
	console_agency_options(w, req, &ag, ROLE_ADMIN, st ? st->agency : req->user->agency_id);
	html_raw(w, "</select></div><div class=\"field\"><label for=\"nu-role\" class=\"required\">"
		    "角色（授予在所属机关上，也适用于其下级机关）</label>"
		    "<select id=\"nu-role\" name=\"role\">");
	enum user_role sel = USER_ROLE_CLERK;
	if (st && st->role)
		user_role_parse(st->role, &sel);
	role_options(w, sel);
	html_raw(w, "</select></div><p class=\"hint\">系统随机生成口令，只显示一次。</p>"
		    "<p><button type=\"submit\" class=\"button primary\">新建账号</button></p>"
		    "</form></section>\n");
	ui_console_end(req, res);
	return 0;
}

int page_console_users(struct web_request *req, struct web_response *res)
{
	return render(req, res, NULL, 200, NULL, NULL);
}

int page_console_user_add(struct web_request *req, struct web_response *res)
{
	struct user_sticky st = {
	    .login = console_form_text(req, "login"),
	    .name = console_form_text(req, "name"),
	    .role = console_form_text(req, "role"),
	};
	if (!console_id(console_form_text(req, "agency"), &st.agency) ||
	    !session_can(req, st.agency, ROLE_ADMIN))
		return render(req, res, "请选择所属机关。", 422, NULL, &st);
	enum user_role role;
	if (user_role_parse(st.role, &role))
		return render(req, res, "请选择角色。", 422, NULL, &st);
	if (!*st.name)
		return render(req, res, "请填写姓名。", 422, NULL, &st);
	char password[15];
	password_generate(password);
	struct buf err = BUF_INIT;
	long long uid = 0;
	struct user_actor by;
	struct password_policy pp;
	console_user_actor(req, &by, &pp);
	int rc = store_user_add(req->db, &by, st.login, st.name, st.agency, password,
				USER_PW_MUST_CHANGE, &uid, &err);
	if (!rc)
		rc = store_user_grant(req->db, &by, uid, st.agency, role, &err);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT || rc == ZF_EPERM) {
		sodium_memzero(password, sizeof(password));
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法新建");
		buf_free(&err);
		return render(req, res, msg ? msg : "无法新建", rc == ZF_EPERM ? 403 : 422, NULL,
			      &st);
	}
	buf_free(&err);
	if (rc) {
		sodium_memzero(password, sizeof(password));
		return rc;
	}
	struct shown_password shown = {st.login, arena_strdup(req->arena, password)};
	sodium_memzero(password, sizeof(password));
	if (!shown.password)
		return ZF_ENOMEM;
	web_add_header(res, "Cache-Control", "no-store");
	return render(req, res, NULL, 200, &shown, NULL);
}

int page_console_user_change(struct web_request *req, struct web_response *res)
{
	long long uid;
	if (!console_id(req->path_args[0], &uid))
		return console_not_found(req, res);
	struct user u;
	int rc = store_user_get(req->db, req->arena, uid, &u);
	if (rc == ZF_ENOENT || (!rc && !session_can(req, u.agency_id, ROLE_ADMIN)))
		return console_not_found(req, res);
	if (rc)
		return rc;
	const char *action = console_form_text(req, "action");
	struct user_actor by;
	struct password_policy pp;
	console_user_actor(req, &by, &pp);
	const struct user_actor *actor = &by;
	struct buf err = BUF_INIT;
	if (!strcmp(action, "grant") || !strcmp(action, "revoke")) {
		long long agency = 0;
		enum user_role role;
		if (!console_id(console_form_text(req, "agency"), &agency) ||
		    !session_can(req, agency, ROLE_ADMIN))
			return render(req, res, "请选择机关。", 422, NULL, NULL);
		if (user_role_parse(console_form_text(req, "role"), &role))
			return render(req, res, "请选择角色。", 422, NULL, NULL);
		rc = action[0] == 'g' ? store_user_grant(req->db, actor, uid, agency, role, &err)
				      : store_user_revoke(req->db, actor, uid, agency, role, &err);
	} else if (!strcmp(action, "unlock")) {
		rc = store_user_unlock(req->db, actor, uid, &err);
	} else if (!strcmp(action, "disable") || !strcmp(action, "enable")) {
		if (uid == req->user->id)
			return render(req, res, "不能停用自己的账号。", 422, NULL, NULL);
		rc = store_user_set_active(req->db, actor, uid, action[0] == 'e', &err);
	} else if (!strcmp(action, "reset")) {
		char password[15];
		password_generate(password);
		rc = store_user_set_password(req->db, actor, uid, password, USER_PW_MUST_CHANGE,
					     &err);
		if (!rc) {
			struct shown_password shown = {u.login, arena_strdup(req->arena, password)};
			sodium_memzero(password, sizeof(password));
			buf_free(&err);
			if (!shown.password)
				return ZF_ENOMEM;
			web_add_header(res, "Cache-Control", "no-store");
			return render(req, res, NULL, 200, &shown, NULL);
		}
		sodium_memzero(password, sizeof(password));
	} else {
		return render(req, res, "不认识的操作。", 422, NULL, NULL);
	}
	if (rc == ZF_EINVAL || rc == ZF_ENOENT || rc == ZF_ESTATE || rc == ZF_EPERM) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法完成");
		buf_free(&err);
		return render(req, res, msg ? msg : "无法完成", rc == ZF_EPERM ? 403 : 422, NULL,
			      NULL);
	}
	buf_free(&err);
	if (rc)
		return rc;
	char *to = arena_printf(req->arena, "/console/users?done=%s", action);
	ui_redirect(req, res, to ? to : "/console/users");
	return 0;
}
