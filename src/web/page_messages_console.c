/* page_messages_console.c: /console/hdjl, 政民互动 in the console: the inbox of the user's
 * agencies (filters: status, kind, overdue), one message with its history and acts (受理,
 * 不予受理 with a reason, 转办 to another agency with a reason, 答复 and 公开), the statistics
 * per agency and month with their .xlsx, and the settings (limits per kind, identity,
 * escalation). Everyone with a role over the message's agency reads; its clerks act; a
 * message of another agency answers 404. The store audits every act. */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "page_messages.h"
#include "render/html.h"
#include "render/xlsx_table.h"
#include "routes.h"
#include "session.h"
#include "store/agencies.h"
#include "store/messages.h"
#include "ui_shared.h"

#define ACTIVE	 "/console/hdjl"
#define PER_PAGE 50

static const struct {
	const char *key, *message;
} done_messages[] = {
    {"accepted", "已受理。"},	      {"rejected", "已作不予受理。"},
    {"transferred", "已转办。"},      {"replied", "已答复。"},
    {"published", "已公开答复。"},    {"unpublished", "已撤回公开。"},
    {"settings", "已保存留言设置。"},
};

static void done_alert(struct web_request *req, struct buf *w)
{
	const char *done = web_arg(req, "done");
	for (size_t i = 0; done && i < ARRAY_SIZE(done_messages); i++)
		if (!strcmp(done, done_messages[i].key))
			console_alert(w, "ok", done_messages[i].message);
}

static void subnav(struct buf *w, const char *here)
{
	static const struct {
		const char *href, *label;
	} items[] = {{"/console/hdjl", "留言办理"},
		     {"/console/hdjl/stats", "统计"},
		     {"/console/hdjl/settings", "设置"}};
	html_raw(w, "<nav class=\"subnav\" aria-label=\"政民互动\"><ul>");
	for (size_t i = 0; i < ARRAY_SIZE(items); i++) {
		html_raw(w, "<li><a href=\"");
		html_attr(w, items[i].href);
		html_raw(w, !strcmp(here, items[i].href) ? "\" aria-current=\"page\">" : "\">");
		html_txt(w, items[i].label);
		html_raw(w, "</a></li>");
	}
	html_raw(w, "</ul></nav>\n");
}

static void day_txt(struct buf *w, zf_day d)
{
	char s[11];
	html_txt(w, d ? date_format(d, s) : "—");
}

/* ---------------------------------------------------------------- the inbox */

int page_console_hdjl(struct web_request *req, struct web_response *res)
{
	size_t nags = 0;
	long long *ags = session_agencies(req, ROLE_VIEWER, &nags);
	int status = message_status_parse(web_arg(req, "status"));
	int kind = message_kind_parse(web_arg(req, "kind"));
	const char *od = web_arg(req, "overdue");
	bool overdue = od && !strcmp(od, "1");
	zf_day today = date_today();
	struct message_filter f = {.agencies = ags ? ags : (long long[]){0},
				   .nagencies = nags,
				   .status = status,
				   .kind = kind,
				   .overdue = overdue,
				   .today = today,
				   .limit = PER_PAGE};
	struct message *v = NULL;
	size_t n = 0;
	long long total = 0;
	int rc = store_message_list(req->db, req->arena, &f, &v, &n, &total);
	if (rc)
		return rc;
	ui_console_begin(req, res, "政民互动", ACTIVE);
	struct buf *w = &res->body;
	html_raw(w, "<h1>政民互动</h1>\n");
	subnav(w, ACTIVE);
	done_alert(req, w);
	html_raw(w, "<form method=\"get\" action=\"/console/hdjl\" class=\"filters\">"
		    "<label for=\"status\">状态</label><select id=\"status\" name=\"status\">"
		    "<option value=\"\">全部</option>");
	for (int s = 0; s < MESSAGE_STATUSES; s++) {
		html_raw(w, "<option value=\"");
		html_attr(w, message_status_key((enum message_status)s));
		html_raw(w, s == status ? "\" selected>" : "\">");
		html_txt(w, message_status_label((enum message_status)s));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select><label for=\"kind\">类型</label><select id=\"kind\" name=\"kind\">"
		    "<option value=\"\">全部</option>");
	for (int k = 0; k < MESSAGE_KINDS; k++) {
		html_raw(w, "<option value=\"");
		html_attr(w, message_kind_key((enum message_kind)k));
		html_raw(w, k == kind ? "\" selected>" : "\">");
		html_txt(w, message_kind_label((enum message_kind)k));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select><label><input type=\"checkbox\" name=\"overdue\" value=\"1\"");
	html_raw(w, overdue ? " checked" : "");
	html_raw(w, "> 只看逾期</label><button type=\"submit\">筛选</button></form>\n");
	html_txtf(w, "共 %lld 条", total);
	if (total > (long long)n)
		html_txtf(w, "（显示前 %zu 条）", n);
	html_raw(w, "<table class=\"list\" id=\"inbox\"><thead><tr><th scope=\"col\">编号</th>"
		    "<th scope=\"col\">标题</th><th scope=\"col\">类型</th>"
		    "<th scope=\"col\">办理机关</th><th scope=\"col\">状态</th>"
		    "<th scope=\"col\">收到日期</th><th scope=\"col\">答复期限</th></tr></thead>"
		    "<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		bool late = v[i].status == MESSAGE_OPEN && v[i].due_on && v[i].due_on < today;
		html_raw(w, late ? "<tr class=\"overdue\">" : "<tr>");
		html_raw(w, "<td>");
		html_txtf(w, "%lld", v[i].id);
		html_raw(w, "</td><td><a href=\"/console/hdjl/");
		html_attrf(w, "%lld", v[i].id);
		html_raw(w, "\">");
		console_txt_short(w, v[i].title, 40);
		html_raw(w, "</a></td><td>");
		html_txt(w, message_kind_label(v[i].kind));
		html_raw(w, "</td><td>");
		html_txt(w, v[i].agency_name);
		html_raw(w, "</td><td>");
		html_txt(w, message_status_label(v[i].status));
		if (late)
			html_raw(w, " <strong class=\"badge danger\">逾期</strong>");
		if (v[i].escalated_on && v[i].status == MESSAGE_OPEN)
			html_raw(w, " <strong class=\"badge warn\">督办</strong>");
		html_raw(w, "</td><td>");
		day_txt(w, v[i].received_on);
		html_raw(w, "</td><td>");
		day_txt(w, v[i].due_on);
		html_raw(w, "</td></tr>\n");
	}
	html_raw(w, "</tbody></table>\n");
	ui_console_end(req, res);
	return 0;
}

/* ---------------------------------------------------------------- one message */

static int load(struct web_request *req, struct message *m, int role)
{
	long long id = 0;
	if (!console_id(req->path_args[0], &id))
		return ZF_ENOENT;
	int rc = store_message_get(req->db, req->arena, id, m);
	if (!rc && !session_can(req, m->agency_id, role))
		rc = ZF_ENOENT;
	return rc;
}

static void row(struct buf *w, const char *th, const char *td)
{
	html_raw(w, "<tr><th scope=\"row\">");
	html_txt(w, th);
	html_raw(w, "</th><td>");
	html_txt(w, td);
	html_raw(w, "</td></tr>");
}

static void form_open(struct web_request *req, struct buf *w, long long id, const char *action,
		      const char *legend)
{
	html_raw(w, "<form method=\"post\" class=\"form act\" action=\"/console/hdjl/");
	html_attrf(w, "%lld", id);
	html_raw(w, "\"><fieldset><legend>");
	html_txt(w, legend);
	html_raw(w, "</legend>");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"");
	html_attr(w, action);
	html_raw(w, "\">");
}

static void message_page(struct web_request *req, struct web_response *res, const struct message *m,
			 const char *error)
{
	struct console_agencies ca;
	console_agencies_load(req, &ca);
	struct message_transfer *tv = NULL;
	size_t tn = 0;
	store_message_transfers(req->db, req->arena, m->id, &tv, &tn);
	const char *title = arena_printf(req->arena, "留言 %lld", m->id);
	ui_console_begin(req, res, title ? title : "留言", ACTIVE);
	struct buf *w = &res->body;
	html_raw(w, "<p><a href=\"/console/hdjl\">← 返回留言办理</a></p>\n<h1>");
	html_txt(w, m->title);
	html_raw(w, "</h1>\n");
	done_alert(req, w);
	if (error)
		console_alert(w, "error", error);
	zf_day today = date_today();
	html_raw(w, "<table class=\"meta\" id=\"message-meta\">");
	row(w, "编号", arena_printf(req->arena, "%lld", m->id));
	row(w, "类型", message_kind_label(m->kind));
	row(w, "办理机关", m->agency_name);
	row(w, "状态", message_status_label(m->status));
	if (m->status == MESSAGE_HELD && *m->hold_reason)
		row(w, "待审核原因",
		    !strncmp(m->hold_reason, "duplicate:", 10)
			? arena_printf(req->arena, "疑似重复留言（与第 %s 号相近）",
				       m->hold_reason + 10)
			: "疑似含有不文明用语或广告内容，请审核");
	if (m->status == MESSAGE_REJECTED)
		row(w, "不予受理理由",
		    arena_printf(req->arena, "%s%s%s", message_reject_label(m->reject_reason),
				 *m->reject_note ? "：" : "", m->reject_note));
	html_raw(w, "<tr><th scope=\"row\">收到日期</th><td>");
	console_day(w, m->received_on);
	html_raw(w, "</td></tr><tr><th scope=\"row\">受理日期</th><td>");
	console_day(w, m->accepted_on);
	html_raw(w, "</td></tr><tr><th scope=\"row\">答复期限</th><td>");
	console_day(w, m->due_on);
	html_txtf(w, "（%d 个工作日）", m->limit_days);
	if (m->status == MESSAGE_OPEN && m->due_on && m->due_on < today)
		html_raw(w, " <strong class=\"badge danger\">逾期</strong>");
	if (m->escalated_on) {
		html_raw(w, " <strong class=\"badge warn\">督办 ");
		day_txt(w, m->escalated_on);
		html_raw(w, "</strong>");
	}
	html_raw(w, "</td></tr>");
	row(w, "留言人", *m->name ? m->name : "（未署名）");
	row(w, "联系电话", *m->phone ? m->phone : "—");
	row(w, "电子邮箱", *m->email ? m->email : "—");
	row(w, "同意公开", m->publish_ok ? "同意" : "不同意");
	html_raw(w, "</table>\n<section><h2>留言内容</h2><div class=\"message-body\">");
	html_txt(w, m->body);
	html_raw(w, "</div></section>\n");
	if (tn) {
		html_raw(w, "<section><h2>转办记录</h2><table class=\"list\" id=\"transfers\">"
			    "<thead><tr><th scope=\"col\">日期</th><th scope=\"col\">转出</th>"
			    "<th scope=\"col\">转入</th><th scope=\"col\">理由</th>"
			    "<th scope=\"col\">经办人</th></tr></thead><tbody>");
		for (size_t i = 0; i < tn; i++) {
			html_raw(w, "<tr><td>");
			day_txt(w, tv[i].on);
			html_raw(w, "</td><td>");
			html_txt(w, tv[i].from_name);
			html_raw(w, "</td><td>");
			html_txt(w, tv[i].to_name);
			html_raw(w, "</td><td>");
			html_txt(w, tv[i].reason);
			html_raw(w, "</td><td>");
			html_txt(w, tv[i].actor);
			html_raw(w, "</td></tr>");
		}
		html_raw(w, "</tbody></table></section>\n");
	}
	if (m->status == MESSAGE_REPLIED) {
		html_raw(w, "<section class=\"reply\"><h2>答复</h2><p>答复单位：");
		html_txt(w, m->reply_agency_name);
		html_raw(w, "　答复日期：");
		day_txt(w, m->replied_on);
		html_raw(w, "　");
		html_txt(w, m->published ? "已公开" : "未公开");
		if (*m->rating) {
			html_raw(w, "　留言人评价：");
			html_txt(w, message_rating_label(m->rating));
		}
		html_raw(w, "</p><div class=\"message-body\">");
		html_txt(w, m->reply);
		html_raw(w, "</div></section>\n");
	}

	bool clerk = session_can(req, m->agency_id, ROLE_CLERK);
	if (clerk && m->status == MESSAGE_HELD) {
		form_open(req, w, m->id, "accept", "受理");
		html_raw(w, "<button type=\"submit\" class=\"primary\">受理</button></fieldset>"
			    "</form>\n");
	}
	if (clerk && (m->status == MESSAGE_HELD || m->status == MESSAGE_OPEN)) {
		form_open(req, w, m->id, "reply", "答复");
		html_raw(w, "<div class=\"field\"><label for=\"reply\" class=\"required\">答复内容"
			    "</label><textarea id=\"reply\" name=\"reply\" rows=\"8\" "
			    "maxlength=\"5000\"></textarea></div>");
		if (m->publish_ok)
			html_raw(w, "<div class=\"field\"><label><input type=\"checkbox\" "
				    "name=\"publish\" value=\"1\" checked> 公开答复（隐去个人信息）"
				    "</label></div>");
		else
			html_raw(w, "<p class=\"hint\">留言人不同意公开，答复不公开。</p>");
		html_raw(w, "<button type=\"submit\" class=\"primary\">提交答复</button>"
			    "</fieldset></form>\n");
		form_open(req, w, m->id, "transfer", "转办");
		html_raw(w, "<div class=\"field\"><label for=\"to\" class=\"required\">转至机关"
			    "</label><select id=\"to\" name=\"to\"><option value=\"\">请选择"
			    "</option>");
		for (size_t i = 0; i < ca.n; i++) {
			if (ca.v[i].id == m->agency_id || ca.v[i].closed)
				continue;
			html_raw(w, "<option value=\"");
			html_attrf(w, "%lld", ca.v[i].id);
			html_raw(w, "\">");
			for (int d = 0; d < ca.v[i].depth; d++)
				html_raw(w, "　");
			html_txt(w, ca.v[i].name);
			html_raw(w, "</option>");
		}
		html_raw(w, "</select></div><div class=\"field\"><label for=\"reason\" "
			    "class=\"required\">转办理由</label><input type=\"text\" id=\"reason\" "
			    "name=\"reason\" maxlength=\"200\"></div><p class=\"hint\">转办后由接收"
			    "机关重新计算答复期限；受理日期不变。</p><button type=\"submit\">转办"
			    "</button></fieldset></form>\n");
		form_open(req, w, m->id, "reject", "不予受理");
		html_raw(w, "<div class=\"field\"><label for=\"reject\" class=\"required\">理由"
			    "</label><select id=\"reject\" name=\"reason\">");
		const char *keys[] = {"duplicate", "abusive", "out_of_scope"};
		for (size_t i = 0; i < 3; i++) {
			html_raw(w, "<option value=\"");
			html_attr(w, keys[i]);
			html_raw(w, "\">");
			html_txt(w, message_reject_label(keys[i]));
			html_raw(w, "</option>");
		}
		html_raw(w, "</select></div><div class=\"field\"><label for=\"note\">说明</label>"
			    "<input type=\"text\" id=\"note\" name=\"note\" maxlength=\"200\">"
			    "</div><button type=\"submit\">不予受理</button></fieldset></form>\n");
	}
	if (clerk && m->status == MESSAGE_REPLIED && m->publish_ok) {
		form_open(req, w, m->id, m->published ? "unpublish" : "publish",
			  m->published ? "撤回公开" : "公开答复");
		html_raw(w, m->published ? "<button type=\"submit\">撤回公开</button>"
					 : "<button type=\"submit\">公开答复</button>");
		html_raw(w, "</fieldset></form>\n");
	}
	ui_console_end(req, res);
}

int page_console_hdjl_message(struct web_request *req, struct web_response *res)
{
	struct message m;
	int rc = load(req, &m, ROLE_VIEWER);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	message_page(req, res, &m, NULL);
	return 0;
}

int page_console_hdjl_act(struct web_request *req, struct web_response *res)
{
	struct message m;
	int rc = load(req, &m, ROLE_CLERK);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	const char *action = console_form_text(req, "action");
	const char *actor = console_actor(req);
	zf_day today = date_today();
	struct buf err = BUF_INIT;
	const char *done = NULL;
	if (!strcmp(action, "accept")) {
		rc = store_message_accept(req->db, actor, console_calendar(), m.id, today, &err);
		done = "accepted";
	} else if (!strcmp(action, "reject")) {
		rc = store_message_reject(req->db, actor, m.id, console_form_text(req, "reason"),
					  console_form_text(req, "note"), today, &err);
		done = "rejected";
	} else if (!strcmp(action, "transfer")) {
		long long to = 0;
		if (!console_id(console_form_text(req, "to"), &to)) {
			buf_setf(&err, "请选择转至的机关");
			rc = ZF_EINVAL;
		} else {
			rc = store_message_transfer(req->db, actor, console_calendar(), m.id, to,
						    console_form_text(req, "reason"), today, &err);
		}
		done = "transferred";
	} else if (!strcmp(action, "reply")) {
		bool publish = !strcmp(console_form_text(req, "publish"), "1");
		/* a held message is accepted by its answer: 受理 and 答复 the same day */
		if (m.status == MESSAGE_HELD)
			rc = store_message_accept(req->db, actor, console_calendar(), m.id, today,
						  &err);
		if (!rc)
			rc = store_message_reply(req->db, actor, m.id,
						 console_form_text(req, "reply"), today, publish,
						 &err);
		done = "replied";
	} else if (!strcmp(action, "publish") || !strcmp(action, "unpublish")) {
		bool publish = !strcmp(action, "publish");
		rc = store_message_publish(req->db, actor, m.id, publish, &err);
		done = publish ? "published" : "unpublished";
	} else {
		buf_setf(&err, "未知的操作");
		rc = ZF_EINVAL;
	}
	if (rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ENOENT) {
		const char *e = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		struct message again;
		if (store_message_get(req->db, req->arena, m.id, &again))
			again = m;
		res->status = 422;
		message_page(req, res, &again, e && *e ? e : "操作未完成");
		return 0;
	}
	buf_free(&err);
	if (rc)
		return rc;
	/* after a transfer the message may be out of the clerk's reach: back to the inbox */
	const char *to = !strcmp(done, "transferred")
			     ? arena_printf(req->arena, "/console/hdjl?done=%s", done)
			     : arena_printf(req->arena, "/console/hdjl/%lld?done=%s", m.id, done);
	ui_redirect(req, res, to ? to : "/console/hdjl");
	return 0;
}

/* ---------------------------------------------------------------- statistics */

#define STAT_COLS 9
static const char *const stat_heads[STAT_COLS] = {
    "机关", "月份", "受理", "答复", "按时答复", "平均答复用时（工作日）", "公开", "办理中", "逾期"};

int page_console_hdjl_stats(struct web_request *req, struct web_response *res)
{
	struct console_agencies ca;
	int rc = console_agencies_load(req, &ca);
	if (rc)
		return rc;
	zf_day today = date_today();
	long year = date_to_ymd(today).y;
	const char *ys = web_arg(req, "year");
	if (ys && (str_to_long(str_c(ys), &year) || year < 2000 || year > 2100))
		year = date_to_ymd(today).y;
	const char *fmt = web_arg(req, "format");
	bool xlsx = fmt && !strcmp(fmt, "xlsx");
	const struct calendar *cal = console_calendar();
	/* rows: every agency the user reads, every month of the year up to today */
	size_t cap = ca.n * 12 + 1, nrows = 0;
	const char **cells = arena_alloc(req->arena, cap * STAT_COLS * sizeof(*cells));
	if (!cells)
		return ZF_ENOMEM;
	for (size_t i = 0; i < ca.n; i++) {
		if (!session_can(req, ca.v[i].id, ROLE_VIEWER))
			continue;
		for (int mo = 1; mo <= 12; mo++) {
			zf_day from = date_from_ymd((int)year, mo, 1);
			if (from > today)
				break;
			zf_day to = date_from_ymd((int)year, mo, date_days_in_month((int)year, mo));
			struct message_stats s;
			rc = store_message_stats(req->db, cal, ca.v[i].id, from, to, today, &s);
			if (rc)
				return rc;
			if (!s.received && !s.replied && !s.open)
				continue;
			const char **c = &cells[nrows++ * STAT_COLS];
			c[0] = ca.v[i].name;
			c[1] = arena_printf(req->arena, "%ld-%02d", year, mo);
			c[2] = arena_printf(req->arena, "%lld", s.received);
			c[3] = arena_printf(req->arena, "%lld", s.replied);
			c[4] = arena_printf(req->arena, "%lld", s.replied_on_time);
			c[5] = s.replied
				   ? arena_printf(req->arena, "%.1f",
						  (double)s.reply_days_sum / (double)s.replied)
				   : "—";
			c[6] = arena_printf(req->arena, "%lld", s.published);
			c[7] = arena_printf(req->arena, "%lld", s.open);
			c[8] = arena_printf(req->arena, "%lld", s.overdue);
		}
	}
	if (xlsx) {
		char *title = arena_printf(req->arena, "政民互动留言办理统计（%ld 年）", year);
		struct buf x = BUF_INIT;
		rc = xlsx_table("留言统计", title ? title : "政民互动留言办理统计", stat_heads,
				STAT_COLS, cells, nrows, &x);
		if (!rc) {
			char *disp = arena_printf(
			    req->arena, "attachment; filename=\"messages-%ld.xlsx\"", year);
			rc = console_send(res, &x,
					  "application/vnd.openxmlformats-officedocument."
					  "spreadsheetml.sheet",
					  disp ? disp : "attachment");
		}
		buf_free(&x);
		return rc;
	}
	ui_console_begin(req, res, "留言统计", ACTIVE);
	struct buf *w = &res->body;
	html_raw(w, "<h1>留言统计</h1>\n");
	subnav(w, "/console/hdjl/stats");
	html_raw(w, "<form method=\"get\" action=\"/console/hdjl/stats\" class=\"filters\">"
		    "<label for=\"year\">年份</label><input type=\"number\" id=\"year\" "
		    "name=\"year\" min=\"2000\" max=\"2100\" value=\"");
	html_attrf(w, "%ld", year);
	html_raw(w, "\"><button type=\"submit\">查看</button></form>\n<p><a href=\""
		    "/console/hdjl/stats?format=xlsx&amp;year=");
	html_attrf(w, "%ld", year);
	html_raw(w, "\">下载 Excel（.xlsx）</a></p>\n<p class=\"hint\">按月统计：受理指当月受理的"
		    "留言，答复、按时答复和公开为其中截至今日的情况；办理中和逾期为月末仍未答复的"
		    "留言在今日的情况。</p>\n<table class=\"list\" id=\"stats\"><thead><tr>");
	for (int c = 0; c < STAT_COLS; c++) {
		html_raw(w, "<th scope=\"col\">");
		html_txt(w, stat_heads[c]);
		html_raw(w, "</th>");
	}
	html_raw(w, "</tr></thead><tbody>\n");
	for (size_t r = 0; r < nrows; r++) {
		html_raw(w, "<tr>");
		for (int c = 0; c < STAT_COLS; c++) {
			html_raw(w, "<td>");
			html_txt(w, cells[r * STAT_COLS + c] ? cells[r * STAT_COLS + c] : "");
			html_raw(w, "</td>");
		}
		html_raw(w, "</tr>\n");
	}
	if (!nrows)
		html_raw(w, "<tr><td colspan=\"9\">本年度暂无留言。</td></tr>\n");
	html_raw(w, "</tbody></table>\n");
	ui_console_end(req, res);
	return 0;
}

/* ---------------------------------------------------------------- settings */

static void settings_page(struct web_request *req, struct web_response *res,
			  const struct message_settings *s, const char *error)
{
	ui_console_begin(req, res, "留言设置", ACTIVE);
	struct buf *w = &res->body;
	html_raw(w, "<h1>留言设置</h1>\n");
	subnav(w, "/console/hdjl/settings");
	done_alert(req, w);
	if (error)
		console_alert(w, "error", error);
	bool admin = false;
	size_t n = 0;
	session_agencies(req, ROLE_ADMIN, &n);
	admin = n > 0;
	html_raw(w, "<form method=\"post\" action=\"/console/hdjl/settings\" class=\"form\">");
	session_csrf_field(req, w);
	html_raw(w, "<table class=\"list\"><thead><tr><th scope=\"col\">类型</th>"
		    "<th scope=\"col\">答复时限（工作日）</th><th scope=\"col\">须实名</th></tr>"
		    "</thead><tbody>");
	for (int k = 0; k < MESSAGE_KINDS; k++) {
		const char *key = message_kind_key((enum message_kind)k);
		html_raw(w, "<tr><th scope=\"row\">");
		html_txt(w, message_kind_label((enum message_kind)k));
		html_raw(w, "</th><td><input type=\"number\" min=\"1\" max=\"60\" name=\"limit_");
		html_attr(w, key);
		html_raw(w, "\" aria-label=\"答复时限\" value=\"");
		html_attrf(w, "%d", s->limit_days[k]);
		html_raw(w,
			 "\"></td><td><input type=\"checkbox\" value=\"1\" aria-label=\"须实名\" "
			 "name=\"identity_");
		html_attr(w, key);
		html_raw(w, s->identity_required[k] ? "\" checked></td></tr>" : "\"></td></tr>");
	}
	html_raw(w, "</tbody></table><div class=\"field\"><label for=\"escalate\">逾期后第几个"
		    "工作日督办</label><input type=\"number\" id=\"escalate\" min=\"1\" "
		    "max=\"30\" name=\"escalate_after\" value=\"");
	html_attrf(w, "%d", s->escalate_after);
	html_raw(w, "\"></div>");
	if (admin)
		html_raw(w, "<button type=\"submit\" class=\"primary\">保存</button>");
	html_raw(w, "</form>\n");
	ui_console_end(req, res);
}

int page_console_hdjl_settings(struct web_request *req, struct web_response *res)
{
	struct message_settings s;
	int rc = store_message_settings_get(req->db, &s);
	if (rc)
		return rc;
	settings_page(req, res, &s, NULL);
	return 0;
}

int page_console_hdjl_settings_post(struct web_request *req, struct web_response *res)
{
	/* the settings are the site's: its root's administrators change them */
	struct site_settings site;
	int rc = store_site_settings_get(req->db, req->arena, &site);
	if (rc)
		return rc;
	if (!session_can(req, console_site_root(req, &site), ROLE_ADMIN)) {
		ui_error_page(req, res, 403, "无权修改",
			      "留言设置适用于整个网站，只有网站主管机关的管理员可以修改。");
		return 0;
	}
	struct message_settings s;
	memset(&s, 0, sizeof(s));
	for (int k = 0; k < MESSAGE_KINDS; k++) {
		const char *key = message_kind_key((enum message_kind)k);
		char name[40];
		long v = 0;
		snprintf(name, sizeof(name), "limit_%s", key);
		if (str_to_long(str_c(console_form_text(req, name)), &v) || v < 0 || v > 1000)
			v = 0;
		s.limit_days[k] = (int)v;
		snprintf(name, sizeof(name), "identity_%s", key);
		s.identity_required[k] = !strcmp(console_form_text(req, name), "1");
	}
	long e = 0;
	if (str_to_long(str_c(console_form_text(req, "escalate_after")), &e) || e < 0 || e > 1000)
		e = 0;
	s.escalate_after = (int)e;
	struct buf err = BUF_INIT;
	rc = store_message_settings_set(req->db, console_actor(req), &s, &err);
	if (rc == ZF_EINVAL) {
		const char *msg = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		res->status = 422;
		settings_page(req, res, &s, msg);
		return 0;
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res, "/console/hdjl/settings?done=settings");
	return 0;
}
