/* page_oversight_supervise.c: /console/oversight/supervise, 督办: the overdue requests and
 * messages of the agencies the reader sees, in one list (days over, agency, handler, the
 * reminders so far), the messages unanswered three months at the top as 单项否决 risks, a
 * reminder form on each item (reviewers and administrators of its agency: a note, recorded,
 * audited and mailed to the agency) and the reminders history. */
#include "common.h"
#include "arena.h"
#include "page_oversight.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/messages.h"
#include "ui_shared.h"

#define HISTORY_MAX 50

static void item_link(struct buf *w, const struct oversight_item *it)
{
	if (it->kind == OVERSIGHT_REQUEST) {
		html_raw(w, "<a href=\"");
		html_attrf(w, "/console/requests/%lld", it->id);
		html_raw(w, "\">");
		html_txtf(w, "申请第%lld号", it->id);
		html_raw(w, "</a>");
	} else {
		/* the messages area's console page of the message (routes_messages.c) */
		html_raw(w, "<a href=\"");
		html_attrf(w, "/console/hdjl/%lld", it->id);
		html_raw(w, "\">");
		html_txtf(w, "留言第%lld号", it->id);
		html_raw(w, "</a>");
	}
}

static void remind_form(struct web_request *req, struct buf *w, const struct oversight_item *it)
{
	html_raw(w, "<form method=\"post\" action=\"/console/oversight/supervise/remind\" "
		    "class=\"inline\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"kind\" value=\"");
	html_attr(w, oversight_kind_key(it->kind));
	html_raw(w, "\"><input type=\"hidden\" name=\"id\" value=\"");
	html_attrf(w, "%lld", it->id);
	html_raw(w, "\"><label for=\"note-");
	html_attrf(w, "%s-%lld", oversight_kind_key(it->kind), it->id);
	html_raw(
	    w,
	    "\" class=\"sr-only\">督办意见</label><input type=\"text\" name=\"note\" id=\"note-");
	html_attrf(w, "%s-%lld", oversight_kind_key(it->kind), it->id);
	html_raw(w,
		 "\" maxlength=\"500\" placeholder=\"督办意见（可不填）\"> <button type=\"submit\">"
		 "督办</button></form>");
}

static int supervise_page(struct web_request *req, struct web_response *res, const char *error,
			  int status)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	size_t n = 0;
	long long *reach = oversight_reach(req, &ag, ROLE_VIEWER, &n);
	if (!reach)
		return ZF_ENOMEM;
	struct oversight_item *v = NULL;
	size_t nv = 0;
	bool msg_known = true;
	rc = store_oversight_overdue(req->db, req->arena, console_calendar(), reach, n,
				     date_today(), &v, &nv, &msg_known);
	struct oversight_reminder *hist = NULL;
	size_t nh = 0;
	if (!rc)
		rc = store_oversight_reminders(req->db, req->arena, reach, n, OVERSIGHT_REQUEST, 0,
					       HISTORY_MAX, &hist, &nh);
	if (rc)
		return rc;
	res->status = status;
	ui_console_begin(req, res, "督办", "/console/oversight");
	struct buf *w = &res->body;
	html_raw(w, "<h1>督办</h1>\n");
	oversight_subnav(w, "/console/oversight/supervise");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	if (done && !strcmp(done, "reminded"))
		console_alert(w, "ok", "已督办，并已记录。单位留有电子邮箱的，已发送督办邮件。");
	long long stale = 0;
	for (size_t i = 0; i < nv; i++)
		stale += v[i].stale;
	if (stale) {
		html_raw(w, "<div class=\"alert error\" role=\"alert\" id=\"veto-risk\"><strong>"
			    "单项否决风险：</strong>");
		html_txtf(w, "%lld条留言超过%d个月未答复（国办秘函〔2019〕19号），请立即督办。",
			  stale, MESSAGE_STALE_MONTHS);
		html_raw(w, "</div>\n");
	}
	if (!msg_known)
		html_raw(w,
			 "<p class=\"muted\">政民互动留言模块尚未启用，清单只含依申请公开。</p>\n");
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"h-overdue\"><h2 id=\"h-overdue\">"
		    "逾期未办结</h2>\n");
	if (nv == 0) {
		html_raw(w, "<p class=\"muted\" id=\"no-overdue\">没有逾期未办结的事项。</p>\n");
	} else {
		html_raw(w,
			 "<div class=\"table-wrap\"><table class=\"data\" id=\"overdue\"><caption "
			 "class=\"sr-only\">逾期未办结事项</caption><thead><tr>"
			 "<th scope=\"col\">事项</th><th scope=\"col\">类别</th>"
			 "<th scope=\"col\">单位</th><th scope=\"col\">经办人</th>"
			 "<th scope=\"col\">内容</th><th scope=\"col\">期限</th>"
			 "<th scope=\"col\" class=\"num\">逾期（工作日）</th>"
			 "<th scope=\"col\">已督办</th><th scope=\"col\">督办</th></tr></thead>"
			 "<tbody>");
		for (size_t i = 0; i < nv; i++) {
			const struct oversight_item *it = &v[i];
			html_raw(w, it->stale ? "<tr class=\"row-overdue veto\"><td>"
					      : "<tr class=\"row-overdue\"><td>");
			item_link(w, it);
			if (it->stale)
				html_raw(w, " <span class=\"tag overdue\">单项否决风险</span>");
			html_raw(w, "</td><td>");
			html_txt(w, oversight_kind_label(it->kind));
			html_raw(w, "</td><td>");
			html_txt(w, it->agency_name);
			html_raw(w, "</td><td>");
			html_txt(w, *it->handler ? it->handler : "未指定");
			html_raw(w, "</td><td>");
			console_txt_short(w, it->title, 30);
			html_raw(w, "</td><td>");
			console_day(w, it->due_on);
			html_raw(w, "</td><td class=\"num\">");
			html_txtf(w, "%d", it->days_over);
			html_raw(w, "</td><td>");
			if (it->reminders) {
				html_txtf(w, "%lld次，最近 ", it->reminders);
				ui_time_beijing(w, it->reminded_at, "");
			} else {
				html_raw(w, "未督办");
			}
			html_raw(w, "</td><td>");
			if (session_can(req, it->agency_id, ROLE_REVIEWER))
				remind_form(req, w, it);
			html_raw(w, "</td></tr>");
		}
		html_raw(w, "</tbody></table></div>\n");
	}
	html_raw(w, "</section>\n<section class=\"panel\" aria-labelledby=\"h-hist\"><h2 "
		    "id=\"h-hist\">督办记录</h2>\n");
	if (nh == 0) {
		html_raw(w, "<p class=\"muted\">尚无督办记录。</p>\n");
	} else {
		html_raw(
		    w, "<table class=\"data\" id=\"reminders\"><caption class=\"sr-only\">督办记录"
		       "</caption><thead><tr><th scope=\"col\">时间</th><th scope=\"col\">事项"
		       "</th><th scope=\"col\">单位</th><th scope=\"col\" class=\"num\">逾期"
		       "（工作日）</th><th scope=\"col\">督办人</th><th scope=\"col\">督办意见"
		       "</th><th scope=\"col\">邮件</th></tr></thead><tbody>");
		for (size_t i = 0; i < nh; i++) {
			const struct oversight_reminder *r = &hist[i];
			html_raw(w, "<tr><td>");
			ui_time_beijing(w, r->created_at, "—");
			html_raw(w, "</td><td>");
			html_txtf(w, "%s第%lld号", r->kind == OVERSIGHT_REQUEST ? "申请" : "留言",
				  r->item_id);
			html_raw(w, "</td><td>");
			html_txt(w, r->agency_name);
			html_raw(w, "</td><td class=\"num\">");
			html_txtf(w, "%d", r->days_over);
			html_raw(w, "</td><td>");
			html_txt(w, r->created_by);
			html_raw(w, "</td><td>");
			html_txt(w, *r->note ? r->note : "—");
			html_raw(w, "</td><td>");
			html_raw(w, r->mailed ? "已发送" : "单位无邮箱");
			html_raw(w, "</td></tr>");
		}
		html_raw(w, "</tbody></table>\n");
	}
	html_raw(w, "</section>\n");
	ui_console_end(req, res);
	return 0;
}

int page_oversight_supervise(struct web_request *req, struct web_response *res)
{
	return supervise_page(req, res, NULL, 200);
}

int page_oversight_remind(struct web_request *req, struct web_response *res)
{
	enum oversight_kind kind;
	long long id = 0;
	if (oversight_kind_parse(console_form_text(req, "kind"), &kind) ||
	    !console_id(console_form_text(req, "id"), &id))
		return supervise_page(req, res, "督办事项无效：请从督办清单中选择。", 400);
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	size_t n = 0;
	long long *scope = oversight_reach(req, &ag, ROLE_REVIEWER, &n);
	if (!scope)
		return ZF_ENOMEM;
	struct buf err = BUF_INIT;
	rc = store_oversight_remind(req->db, console_actor(req), console_calendar(), kind, id,
				    console_form_text(req, "note"), scope, n, date_today(), NULL,
				    &err);
	if (rc == ZF_ENOENT) {
		buf_free(&err);
		return console_not_found(req, res);
	}
	if (rc == ZF_EINVAL) {
		const char *msg =
		    arena_strdup(req->arena, err.len ? buf_cstr(&err) : "督办意见无效");
		buf_free(&err);
		return supervise_page(req, res, msg, 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res, "/console/oversight/supervise?done=reminded");
	return 0;
}
