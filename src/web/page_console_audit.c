/* page_console_audit.c: /console/audit, the audit log for administrators: filters by actor,
 * action, object (a request number), agency and Beijing dates; 50 lines a page, newest
 * first; people by display name, times in Beijing time. The same lines as .xlsx or CSV
 * (/console/audit/export.xlsx|csv, at most 5000). An administrator sees the lines of the
 * users of the agencies he administers; lines of the CLI and the demo only when he
 * administers every agency (store/audit.h). */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "render/html.h"
#include "render/xlsx_table.h"
#include "routes.h"
#include "session.h"
#include "store/audit.h"
#include "store/auth.h"
#include "ui_people.h"
#include "ui_shared.h"

#define PAGE_SIZE  50
#define EXPORT_MAX 5000

/* Chinese names of the actions the console and the CLI write (the rest are shown as is). */
static const struct {
	const char *key, *label;
} action_labels[] = {
    {"agency.add", "新增机关"},
    {"agency.close", "撤销机关"},
    {"agency.edit", "修改机关"},
    {"agency.move", "调整机关隶属"},
    {"agency.remedies", "修改救济途径"},
    {"column.add", "新增栏目"},
    {"column.edit", "修改栏目"},
    {"column.hide", "隐藏栏目"},
    {"column.move", "调整栏目"},
    {"column.show", "显示栏目"},
    {"doc.approved", "审查通过并发布文件"},
    {"doc.attached", "添加附件"},
    {"doc.created", "起草文件"},
    {"doc.edited", "修改文件"},
    {"doc.expired", "文件失效"},
    {"doc.repealed", "文件废止"},
    {"doc.returned", "退回文件"},
    {"doc.reviewed", "文件定期审查"},
    {"doc.secrecy", "保密审查意见"},
    {"doc.submitted", "提交保密审查"},
    {"doc.withdrawn", "撤回审查"},
    {"letter.deliver", "记录送达"},
    {"letter.draft", "起草文书"},
    {"letter.return", "退回文书"},
    {"letter.sign", "签发文书"},
    {"list.publish", "发布清单"},
    {"login.fail", "登录失败"},
    {"login.lock", "账号锁定"},
    {"login.ok", "登录"},
    {"login.refused", "拒绝登录"},
    {"mail.settings", "修改邮件设置"},
    {"mail.settle", "处理通知邮件"},
    {"request.rating", "申请人评价"},
    {"request.supplement_online", "申请人在线补正"},
    {"site.text", "修改网站文字"},
    {"user.disable", "停用用户"},
    {"user.enable", "启用用户"},
    {"user.unlock", "解除锁定"},
    {"agency.import", "批量导入机关"},
    {"agency.profile", "修改机关信息"},
    {"column.file", "文件归入栏目"},
    {"column.seed", "生成栏目"},
    {"db.copy", "复制数据库"},
    {"demo.seed", "生成演示数据"},
    {"doc.deleted", "删除文件"},
    {"doc.import", "导入文件"},
    {"doc.publish", "发布文件"},
    {"doc.settings", "修改文件设置"},
    {"guide.save", "保存公开指南"},
    {"letter.issue", "生成答复书"},
    {"letter.number", "取得文书编号"},
    {"letter.reserve", "预留文书编号"},
    {"list.add", "新增清单"},
    {"project.add", "新增重大项目"},
    {"project.attach", "关联项目文件"},
    {"project.detach", "解除项目文件"},
    {"project.edit", "修改重大项目"},
    {"report.publish", "发布年度报告"},
    {"report.republish", "重新发布年度报告"},
    {"report.unpublish", "撤回年度报告"},
    {"request.add", "登记申请"},
    {"request.assign", "指定经办人"},
    {"request.code", "生成查询码"},
    {"request.correct", "更正办理记录"},
    {"request.event", "记录办理事项"},
    {"request.import", "批量导入申请"},
    {"request.notice", "填写告知内容"},
    {"request.rebuild", "重新推算期限"},
    {"review.add", "登记复议诉讼"},
    {"review.decide", "记录复议诉讼结果"},
    {"site.install", "安装系统"},
    {"site.settings", "修改网站设置"},
    {"user.add", "新增用户"},
    {"user.grant", "授予角色"},
    {"user.password", "修改密码"},
    {"user.revoke", "撤销角色"},
};

/* The areas of the actions: an action without its own name is shown by its area, so a
 * reader never sees a code such as "doc.takedown.hide" (the exports keep the code). */
static const struct {
	const char *prefix, *label;
} action_areas[] = {
    {"agency.", "机关管理"}, {"column.", "栏目管理"},	     {"doc.", "文件管理"},
    {"guide.", "公开指南"},  {"letter.", "文书办理"},	     {"list.", "清单管理"},
    {"login.", "登录"},	     {"mail.", "通知邮件"},	     {"project.", "重大项目"},
    {"report.", "年度报告"}, {"request.", "依申请公开办理"}, {"review.", "复议诉讼"},
    {"site.", "网站设置"},   {"user.", "用户管理"},
};

static const char *action_label(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(action_labels); i++)
		if (!strcmp(key, action_labels[i].key))
			return action_labels[i].label;
	return NULL;
}

/* The words for an action: its own name, else "{area}（其他操作）", else 其他操作. */
static const char *action_words(struct web_request *req, const char *key)
{
	const char *label = action_label(key);
	if (label)
		return label;
	if (!strncmp(key, "doc.takedown.", 13))
		return "撤稿";
	for (size_t i = 0; i < ARRAY_SIZE(action_areas); i++)
		if (!strncmp(key, action_areas[i].prefix, strlen(action_areas[i].prefix))) {
			const char *s =
			    arena_printf(req->arena, "%s（其他操作）", action_areas[i].label);
			return s ? s : action_areas[i].label;
		}
	return "其他操作";
}

/* The actor as a reader knows them: the display name, 系统自动 for the system's own work,
 * 命令行操作 for a command run on the server (ui_person), never a bare login. */
static const char *actor_words(struct web_request *req, const struct audit_row *r)
{
	if (r->actor_name && *r->actor_name && strcmp(r->actor_name, r->actor) != 0)
		return r->actor_name;
	return ui_person(req, r->actor);
}

/* A user's display name by id, from the list (the id as text when unknown). */
static const char *user_name(struct web_request *req, const struct user *users, size_t n,
			     long long id)
{
	if (id == 0)
		return "（无）";
	for (size_t i = 0; i < n; i++)
		if (users[i].id == id)
			return users[i].name && *users[i].name ? users[i].name : users[i].login;
	const char *s = arena_printf(req->arena, "用户%lld", id);
	return s ? s : "";
}

/* The detail of the request actions in words (names, labels); other details as stored. */
static const char *detail_words(struct web_request *req, const struct user *users, size_t n,
				const struct audit_row *r)
{
	long long h = 0, prev = 0;
	int seq = 0;
	char kind[40], on[11], to[11];
	const char *out = NULL;
	if (!strcmp(r->action, "request.assign") &&
	    sscanf(r->detail, "handler=%lld previous=%lld", &h, &prev) == 2) {
		out = arena_printf(req->arena, "经办人：%s（原为：%s）",
				   user_name(req, users, n, h), user_name(req, users, n, prev));
	} else if (!strcmp(r->action, "request.correct") &&
		   sscanf(r->detail, "seq=%d kind=%39s on=%10s->%10s", &seq, kind, on, to) == 4) {
		int k = clock_event_kind_by_key(str_c(kind));
		out = arena_printf(req->arena, "第%d项“%s”：日期 %s 更正为 %s", seq,
				   k >= 0 ? clock_event_label((enum clock_event_kind)k) : kind, on,
				   to);
	} else if (!strcmp(r->action, "request.event") &&
		   sscanf(r->detail, "seq=%d kind=%39s on=%10s", &seq, kind, on) == 3) {
		int k = clock_event_kind_by_key(str_c(kind));
		out = arena_printf(req->arena, "第%d项“%s”，日期 %s", seq,
				   k >= 0 ? clock_event_label((enum clock_event_kind)k) : kind, on);
	}
	return out ? out : r->detail;
}

/* The filters as asked for by the query string, checked. */
struct audit_view {
	const char *actor, *action, *object;
	zf_day from, to;
	long page;
	struct audit_filter f;
};

static const char *arg_text(struct web_request *req, const char *name)
{
	const char *s = web_arg(req, name);
	struct str t = str_trim(str_c(s ? s : ""));
	if (!t.len || t.len > 100)
		return "";
	char *out = arena_strndup(req->arena, t.p, t.len);
	return out ? out : "";
}

static zf_day arg_day(struct web_request *req, const char *name)
{
	const char *s = web_arg(req, name);
	zf_day d = 0;
	if (!s || date_parse(str_trim(str_c(s)), &d))
		return 0;
	return d;
}

static void view_read(struct web_request *req, const struct console_agencies *ag,
		      struct audit_view *v)
{
	memset(v, 0, sizeof(*v));
	v->actor = arg_text(req, "actor");
	v->action = arg_text(req, "action");
	v->object = arg_text(req, "object");
	v->from = arg_day(req, "from");
	v->to = arg_day(req, "to");
	long long page = 1;
	if (!console_id(web_arg(req, "page"), &page) || page > 100000)
		page = 1;
	v->page = (long)page;
	struct audit_filter *f = &v->f;
	f->agencies = session_agencies(req, ROLE_ADMIN, &f->nagencies);
	/* the CLI's and the demo's lines: for whoever administers every agency */
	f->all_actors = ag->n > 0 && f->nagencies >= ag->n;
	long long agency = 0;
	console_id(web_arg(req, "agency"), &agency);
	if (agency && session_can(req, agency, ROLE_ADMIN))
		f->agency_id = agency;
	f->actor = v->actor;
	f->action = v->action;
	f->object = v->object;
	f->from = v->from;
	f->to = v->to;
}

static void view_args(struct buf *w, const struct audit_view *v, long page)
{
	char d[11];
	html_raw(w, "actor=");
	html_url_arg(w, v->actor);
	html_raw(w, "&amp;action=");
	html_url_arg(w, v->action);
	html_raw(w, "&amp;object=");
	html_url_arg(w, v->object);
	if (v->f.agency_id)
		html_attrf(w, "&agency=%lld", v->f.agency_id);
	if (v->from) {
		html_raw(w, "&amp;from=");
		html_url_arg(w, date_format(v->from, d));
	}
	if (v->to) {
		html_raw(w, "&amp;to=");
		html_url_arg(w, date_format(v->to, d));
	}
	if (page > 1)
		html_attrf(w, "&page=%ld", page);
}

static void filters(struct web_request *req, struct buf *w, const struct audit_view *v,
		    const struct console_agencies *ag)
{
	const char **actions = NULL;
	size_t nactions = 0;
	store_audit_actions(req->db, req->arena, &actions, &nactions);
	html_raw(w, "<form method=\"get\" action=\"/console/audit\" class=\"form filters\" "
		    "role=\"search\">");
	console_text_field(w, "f-actor", "actor", "操作人（姓名或账号）", v->actor, false, 100);
	html_raw(w, "<div class=\"field\"><label for=\"f-action\">操作</label>"
		    "<select id=\"f-action\" name=\"action\"><option value=\"\">全部操作</option>");
	for (size_t i = 0; i < nactions; i++) {
		html_raw(w, "<option value=\"");
		html_attr(w, actions[i]);
		html_raw(w, !strcmp(actions[i], v->action) ? "\" selected>" : "\">");
		html_txt(w, action_words(req, actions[i]));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div>");
	console_text_field(w, "f-object", "object", "对象（申请编号等）", v->object, false, 100);
	html_raw(w, "<div class=\"field\"><label for=\"f-agency\">操作人所属机关</label>"
		    "<select id=\"f-agency\" name=\"agency\"><option value=\"\">全部机关</option>");
	console_agency_options(w, req, ag, ROLE_ADMIN, v->f.agency_id);
	html_raw(w, "</select></div>");
	console_date_field(w, "f-from", "from", "起始日期（北京时间）", v->from, false);
	console_date_field(w, "f-to", "to", "截止日期（北京时间）", v->to, false);
	html_raw(w, "<div class=\"field\"><button type=\"submit\" class=\"button primary\">筛选"
		    "</button> <a href=\"/console/audit\">清除条件</a></div></form>\n");
}

/* What a page or an export shows: the view, its lines and the users (for names). */
struct audit_lines {
	struct audit_view v;
	struct audit_row *rows;
	size_t n;
	struct user *users;
	size_t nusers;
	struct console_agencies ag;
};

static int load(struct web_request *req, bool export, struct audit_lines *l)
{
	memset(l, 0, sizeof(*l));
	int rc = console_agencies_load(req, &l->ag);
	if (rc)
		return rc;
	view_read(req, &l->ag, &l->v);
	l->v.f.limit = export ? EXPORT_MAX : PAGE_SIZE;
	l->v.f.offset = export ? 0 : (size_t)(l->v.page - 1) * PAGE_SIZE;
	rc = store_audit_query(req->db, req->arena, &l->v.f, &l->rows, &l->n);
	if (!rc)
		rc = store_user_list(req->db, req->arena, 0, &l->users, &l->nusers);
	return rc;
}

int page_console_audit(struct web_request *req, struct web_response *res)
{
	struct audit_lines l;
	long long total = 0;
	int rc = load(req, false, &l);
	if (!rc)
		rc = store_audit_query_count(req->db, &l.v.f, &total);
	if (rc)
		return rc;
	struct audit_view v = l.v;
	struct audit_row *rows = l.rows;
	size_t n = l.n, nusers = l.nusers;
	struct user *users = l.users;
	ui_console_begin(req, res, "操作日志", "/console/audit");
	struct buf *w = &res->body;
	html_raw(w, "<div class=\"wide-page\">\n<h1>操作日志</h1>\n<p class=\"muted\">记录每一项"
		    "登记、办理、更正、发布和管理操作，只能追加，不能修改或删除。时间为北京时间。"
		    "您可以查看本机关及下级机关人员的操作。</p>\n");
	filters(req, w, &v, &l.ag);
	html_raw(w, "<p class=\"actions-row\"><a class=\"button secondary\" id=\"audit-xlsx\" "
		    "href=\"/console/audit/export.xlsx?");
	view_args(w, &v, 1);
	html_raw(w, "\">导出 Excel</a> <a class=\"button secondary\" id=\"audit-csv\" "
		    "href=\"/console/audit/export.csv?");
	view_args(w, &v, 1);
	html_raw(w, "\">导出 CSV</a></p>\n<p class=\"muted\" id=\"audit-count\">");
	html_txtf(w, "共 %lld 条", total);
	html_raw(w, "</p>\n");
	if (n == 0) {
		console_alert(w, "info", "没有符合条件的记录。");
	} else {
		html_raw(w, "<div class=\"table-scroll\"><table class=\"data audit\">"
			    "<caption class=\"sr-only\">操作日志</caption><thead><tr>"
			    "<th scope=\"col\">时间</th><th scope=\"col\">操作人</th>"
			    "<th scope=\"col\">所属机关</th><th scope=\"col\">操作</th>"
			    "<th scope=\"col\">对象</th><th scope=\"col\">详情</th></tr></thead>"
			    "<tbody>");
		for (size_t i = 0; i < n; i++) {
			const struct audit_row *r = &rows[i];
			char bj[20];
			html_raw(w, "<tr><td class=\"nowrap\">");
			html_txt(w, audit_time_beijing(r->at, bj));
			html_raw(w, "</td><td>");
			html_txt(w, actor_words(req, r));
			html_raw(w, "</td><td>");
			html_txt(w, r->agency_name);
			html_raw(w, "</td><td>");
			html_txt(w, action_words(req, r->action));
			html_raw(w, "</td><td>");
			long long rid = 0;
			if (!strncmp(r->object, "request:", 8) && console_id(r->object + 8, &rid)) {
				html_raw(w, "<a href=\"");
				html_attrf(w, "/console/requests/%lld", rid);
				html_raw(w, "\">");
				html_txtf(w, "申请第%lld号", rid);
				html_raw(w, "</a>");
			} else {
				html_txt(w, r->object);
			}
			html_raw(w, "</td><td class=\"detail\">");
			console_txt_short(w, detail_words(req, users, nusers, r), 120);
			html_raw(w, "</td></tr>");
		}
		html_raw(w, "</tbody></table></div>\n");
	}
	long pages = (long)((total + PAGE_SIZE - 1) / PAGE_SIZE);
	if (pages > 1) {
		html_raw(w, "<nav class=\"pager\" aria-label=\"分页\">");
		if (v.page > 1) {
			html_raw(w, "<a rel=\"prev\" href=\"/console/audit?");
			view_args(w, &v, v.page - 1);
			html_raw(w, "\">上一页</a>");
		}
		html_raw(w, "<span class=\"pager-at\">");
		html_txtf(w, "第 %ld / %ld 页", v.page, pages);
		html_raw(w, "</span>");
		if (v.page < pages) {
			html_raw(w, "<a rel=\"next\" href=\"/console/audit?");
			view_args(w, &v, v.page + 1);
			html_raw(w, "\">下一页</a>");
		}
		html_raw(w, "</nav>\n");
	}
	html_raw(w, "</div>\n");
	ui_console_end(req, res);
	return 0;
}

/* One CSV field (RFC 4180): quoted; a leading = + - @ gets a ' so that a spreadsheet never
 * runs it as a formula. */
static void csv_field(struct buf *out, const char *s, bool last)
{
	buf_addch(out, '"');
	if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
		buf_addch(out, '\'');
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '"')
			buf_addch(out, '"');
		buf_addch(out, *p);
	}
	buf_adds(out, last ? "\"\r\n" : "\",");
}

int page_console_audit_export(struct web_request *req, struct web_response *res)
{
	const char *format = req->path_args[0];
	bool csv = !strcmp(format, "csv");
	if (!csv && strcmp(format, "xlsx"))
		return console_not_found(req, res);
	struct audit_lines l;
	int rc = load(req, true, &l);
	if (rc)
		return rc;
	struct audit_row *rows = l.rows;
	size_t n = l.n, nusers = l.nusers;
	struct user *users = l.users;
	static const char *const heads[] = {
	    "时间（北京时间）", "操作人", "账号", "所属机关", "操作", "操作代码", "对象", "详情"};
	enum { NCOL = ARRAY_SIZE(heads) };
	const char **cells = arena_alloc(req->arena, (n ? n : 1) * NCOL * sizeof(*cells));
	if (!cells)
		return ZF_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct audit_row *r = &rows[i];
		const char **c = &cells[i * NCOL];
		char bj[20];
		c[0] = arena_strdup(req->arena, audit_time_beijing(r->at, bj));
		c[1] = actor_words(req, r);
		c[2] = r->actor;
		c[3] = r->agency_name;
		c[4] = action_words(req, r->action);
		c[5] = r->action;
		c[6] = r->object;
		c[7] = detail_words(req, users, nusers, r);
	}
	char today[11];
	date_format(date_today(), today);
	struct buf out = BUF_INIT;
	if (csv) {
		buf_adds(&out, "\xEF\xBB\xBF"); /* BOM: Excel reads the file as UTF-8 */
		for (int k = 0; k < NCOL; k++)
			csv_field(&out, heads[k], k == NCOL - 1);
		for (size_t i = 0; i < n; i++)
			for (int k = 0; k < NCOL; k++)
				csv_field(&out, cells[i * NCOL + (size_t)k], k == NCOL - 1);
		rc = out.failed ? ZF_ENOMEM : 0;
	} else {
		char *title =
		    arena_printf(req->arena, "操作日志（导出日期 %s，共 %zu 条）", today, n);
		rc =
		    xlsx_table("操作日志", title ? title : "操作日志", heads, NCOL, cells, n, &out);
	}
	if (!rc) {
		char *disp = arena_printf(req->arena, "attachment; filename=\"audit-%s.%s\"", today,
					  csv ? "csv" : "xlsx");
		rc = console_send(res, &out,
				  csv ? "text/csv; charset=utf-8"
				      : "application/vnd.openxmlformats-officedocument."
					"spreadsheetml.sheet",
				  disp ? disp : "attachment");
	}
	buf_free(&out);
	return rc;
}
