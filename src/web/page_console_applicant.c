/* page_console_applicant.c: what applicants did and were told, for the console: the panel on
 * a request's page (the supplement submitted online, the rating), the per-agency summary of
 * ratings (/console/ratings) and the outbox of e-mails to applicants with the SMTP settings
 * (/console/mail, administrators). Rows of agencies the user holds no role over are not
 * shown; the settings are the whole site's and belong to the administrators of the top
 * agency. */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/applicant.h"
#include "ui_shared.h"

#include <stdio.h>

/* ---------------------------------------------------------------- the request's panel */

void console_applicant_panel(struct web_request *req, struct buf *w, long long request_id)
{
	struct supplement sup;
	struct rating rt;
	bool has_sup = store_supplement_get(req->db, req->arena, request_id, &sup) == 0;
	bool has_rt = store_rating_get(req->db, req->arena, request_id, &rt) == 0;
	if (!has_sup && !has_rt)
		return;
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"h-applicant-online\">\n"
		    "<h2 id=\"h-applicant-online\">申请人在线提交</h2>\n");
	if (has_sup) {
		html_raw(w, "<h3>在线补正</h3>\n<p>");
		ui_time_beijing(w, sup.submitted_at, "—");
		buf_printf(w, " 提交（办理过程第 %d 项“收到补正”）</p>\n", sup.event_seq);
		html_raw(w, "<div class=\"notice-text\" id=\"console-supplement-text\">");
		html_txt(w, sup.text);
		html_raw(w, "</div>\n");
	}
	if (has_rt) {
		html_raw(w,
			 "<h3>申请人评价（好差评）</h3>\n<p><strong id=\"console-rating-level\">");
		html_txt(w, rating_level_label(rt.level));
		html_raw(w, "</strong>（");
		ui_time_beijing(w, rt.rated_at, "—");
		html_raw(w, "）</p>\n");
		if (*rt.reasons) {
			html_raw(w, "<ul class=\"rating-reasons\">");
			char *keys = arena_strdup(req->arena, rt.reasons);
			for (char *k = keys, *next; k && *k; k = next) {
				next = strchr(k, ',');
				if (next)
					*next++ = '\0';
				const char *label = rating_reason_label(k);
				html_raw(w, "<li>");
				html_txt(w, label ? label : k);
				html_raw(w, "</li>");
			}
			html_raw(w, "</ul>\n");
		}
		if (*rt.comment) {
			html_raw(w, "<div class=\"notice-text\" id=\"console-rating-comment\">");
			html_txt(w, rt.comment);
			html_raw(w, "</div>\n");
		}
	}
	html_raw(w, "</section>\n");
}

/* ---------------------------------------------------------------- /console/ratings */

int page_console_ratings(struct web_request *req, struct web_response *res)
{
	size_t nag = 0;
	long long *ag = session_agencies(req, ROLE_VIEWER, &nag);
	struct rating_summary *sum = NULL;
	size_t n = 0;
	int rc = store_rating_summary(req->db, req->arena, ag, nag, &sum, &n);
	if (rc)
		return rc;
	ui_console_begin(req, res, "好差评", "/console/ratings");
	struct buf *w = &res->body;
	html_raw(w, "<h1>好差评</h1>\n<p class=\"lead\">申请人在收到答复后，可以在“办理进度查询”"
		    "页面对办理情况作出评价（每件申请一次）。下表按机关统计各等级的件数；"
		    "满意率为“非常满意”“满意”“基本满意”占评价总数的比例。</p>\n");
	if (!n) {
		html_raw(w,
			 "<p class=\"muted\" id=\"ratings-empty\">您可以查看的机关还没有收到评价。"
			 "</p>\n");
		ui_console_end(req, res);
		return 0;
	}
	html_raw(w, "<table class=\"data\" id=\"ratings\"><caption>各机关评价统计</caption>\n"
		    "<thead><tr><th scope=\"col\">机关</th><th scope=\"col\">评价总数</th>");
	for (int level = RATING_LEVELS; level >= 1; level--) {
		html_raw(w, "<th scope=\"col\">");
		html_txt(w, rating_level_label(level));
		html_raw(w, "</th>");
	}
	html_raw(w, "<th scope=\"col\">满意率</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<tr><th scope=\"row\">");
		html_txt(w, sum[i].agency_name ? sum[i].agency_name : "");
		buf_printf(w, "</th><td class=\"num\">%lld</td>", sum[i].count[0]);
		for (int level = RATING_LEVELS; level >= 1; level--)
			buf_printf(w, "<td class=\"num\">%lld</td>", sum[i].count[level]);
		long long good = sum[i].count[RATING_FAIR] + sum[i].count[RATING_GOOD] +
				 sum[i].count[RATING_VERY_GOOD];
		buf_printf(w, "<td class=\"num\">%.1f%%</td></tr>\n",
			   100.0 * (double)good / (double)sum[i].count[0]);
	}
	html_raw(w, "</tbody></table>\n");
	ui_console_end(req, res);
	return 0;
}

/* ---------------------------------------------------------------- /console/mail */

static const char *state_label(const char *s)
{
	return !strcmp(s, "queued")    ? "待发送"
	       : !strcmp(s, "sending") ? "发送中"
	       : !strcmp(s, "sent")    ? "已发送"
				       : "发送失败";
}

/* True when the user administers the top of the agency tree (the site's settings). */
static bool site_admin(struct web_request *req)
{
	struct agency *list = NULL;
	size_t n = 0;
	if (store_agency_list(req->db, req->arena, &list, &n) || !n)
		return false;
	return session_can(req, list[0].id, ROLE_ADMIN);
}

static void settings_form(struct web_request *req, struct buf *w, const struct mail_settings *s)
{
	html_raw(w, "<h2 id=\"h-mail-settings\">发信设置</h2>\n<form method=\"post\" "
		    "action=\"/console/mail/settings\" class=\"form\" "
		    "aria-labelledby=\"h-mail-settings\">\n");
	session_csrf_field(req, w);
	console_text_field(w, "f-host", "host", "SMTP 服务器（留空表示停用发信）", s->host, false,
			   253);
	char port[8];
	snprintf(port, sizeof(port), "%d", s->port);
	console_text_field(w, "f-port", "port", "端口", port, true, 5);
	console_text_field(w, "f-from", "from", "发件人地址", s->sender, false, 254);
	html_raw(w, "<div class=\"field\"><label for=\"f-starttls\">STARTTLS 加密</label>"
		    "<select id=\"f-starttls\" name=\"starttls\">");
	static const char *const keys[] = {"try", "required", "off"};
	static const char *const labels[] = {"服务器支持时使用", "必须使用", "不使用"};
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		html_raw(w, "<option value=\"");
		html_attr(w, keys[i]);
		html_raw(w, strcmp(s->starttls, keys[i]) ? "\">" : "\" selected>");
		html_txt(w, labels[i]);
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div>\n");
	console_text_field(w, "f-user", "user", "用户名（留空表示不登录）", s->username, false,
			   200);
	html_raw(w, "<p class=\"hint\">口令不保存在数据库中，由服务器的运维人员在本平台的运行"
		    "环境中配置（见安装说明中的“通知邮件”）。</p>\n<p><button type=\"submit\" "
		    "class=\"button primary\">保存发信设置</button></p>\n</form>\n");
}

static int render_mail(struct web_request *req, struct web_response *res, const char *error,
		       int status, const struct mail_settings *typed)
{
	struct mail_settings cfg;
	int rc = store_mail_settings_get(req->db, req->arena, &cfg);
	long long counts[4];
	if (!rc)
		rc = store_mail_counts(req->db, counts);
	struct mail_row *rows = NULL;
	size_t n = 0;
	const char *filter = web_arg(req, "state");
	if (filter && strcmp(filter, "queued") && strcmp(filter, "sending") &&
	    strcmp(filter, "sent") && strcmp(filter, "failed"))
		filter = NULL;
	if (!rc)
		rc = store_mail_list(req->db, req->arena, filter, 200, &rows, &n);
	if (rc)
		return rc;
	bool admin = site_admin(req);
	res->status = status;
	ui_console_begin(req, res, "申请人通知邮件", "/console/mail");
	struct buf *w = &res->body;
	html_raw(w,
		 "<h1>申请人通知邮件</h1>\n<p class=\"lead\">申请的状态变化（收到申请、告知补正、"
		 "收到补正、征求意见、延期、收费、答复等）时，系统给留有电子邮箱的申请人发送"
		 "通知。发送失败的会稍后重试（最多 5 次）。</p>\n");
	if (error)
		console_alert(w, "error", error);
	else if (web_arg(req, "done"))
		console_alert(w, "ok", "发信设置已保存。");
	if (!*cfg.host)
		console_alert(w, "info",
			      "尚未设置发信服务器：通知邮件留在待发队列中，设置后自动发送。");
	else {
		html_raw(w, "<p id=\"mail-server\">发信服务器：");
		html_txt(w, cfg.host);
		html_txtf(w, ":%d，发件人 ", cfg.port);
		html_txt(w, cfg.sender);
		html_raw(w, "</p>\n");
	}
	buf_printf(w,
		   "<p id=\"mail-counts\">待发送 %lld 封 · 发送中 %lld 封 · 已发送 %lld 封 · "
		   "发送失败 %lld 封（全站）</p>\n",
		   counts[0], counts[1], counts[2], counts[3]);
	html_raw(w, "<form method=\"get\" action=\"/console/mail\" class=\"form inline\">"
		    "<label for=\"f-state\">状态</label> <select id=\"f-state\" name=\"state\">"
		    "<option value=\"\">全部</option>");
	static const char *const states[] = {"queued", "sending", "sent", "failed"};
	for (size_t i = 0; i < ARRAY_SIZE(states); i++) {
		html_raw(w, "<option value=\"");
		html_raw(w, states[i]);
		html_raw(w, filter && !strcmp(filter, states[i]) ? "\" selected>" : "\">");
		html_txt(w, state_label(states[i]));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select> <button type=\"submit\" class=\"button secondary\">筛选</button>"
		    "</form>\n");
	html_raw(w,
		 "<table class=\"data\" id=\"outbox\"><caption>最近的通知邮件（最多 200 封）"
		 "</caption>\n<thead><tr><th scope=\"col\">编号</th><th scope=\"col\">申请</th>"
		 "<th scope=\"col\">收件人</th><th scope=\"col\">主题</th><th scope=\"col\">状态"
		 "</th><th scope=\"col\">尝试次数</th><th scope=\"col\">写入时间</th>"
		 "<th scope=\"col\">发送时间</th><th scope=\"col\">最近的错误</th></tr></thead>\n"
		 "<tbody>\n");
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		const struct mail_row *m = &rows[i];
		if (m->agency_id ? !session_can(req, m->agency_id, ROLE_ADMIN) : !admin)
			continue;
		shown++;
		buf_printf(w, "<tr><td>%lld</td><td>", m->id);
		if (m->request_id) {
			html_raw(w, "<a href=\"");
			html_attrf(w, "/console/requests/%lld", m->request_id);
			buf_printf(w, "\">第%lld号</a>", m->request_id);
		}
		html_raw(w, "</td><td>");
		html_txt(w, m->to);
		html_raw(w, "</td><td>");
		console_txt_short(w, m->subject, 60);
		html_raw(w, "</td><td><span class=\"tag mail-");
		html_attr(w, m->state);
		html_raw(w, "\">");
		html_txt(w, state_label(m->state));
		buf_printf(w, "</span></td><td class=\"num\">%d</td><td>", m->attempts);
		ui_time_beijing(w, m->created_at, "—");
		html_raw(w, "</td><td>");
		ui_time_beijing(w, *m->sent_at ? m->sent_at : NULL, "—");
		html_raw(w, "</td><td>");
		html_txt(w, m->last_error);
		html_raw(w, "</td></tr>\n");
	}
	if (!shown)
		html_raw(w, "<tr><td colspan=\"9\" class=\"muted\">没有通知邮件。</td></tr>\n");
	html_raw(w, "</tbody></table>\n");
	if (admin)
		settings_form(req, w, typed ? typed : &cfg);
	ui_console_end(req, res);
	return 0;
}

int page_console_mail(struct web_request *req, struct web_response *res)
{
	return render_mail(req, res, NULL, 200, NULL);
}

int page_console_mail_settings(struct web_request *req, struct web_response *res)
{
	if (!site_admin(req))
		return console_not_found(req, res);
	struct mail_settings s = {
	    .host = console_form_text(req, "host"),
	    .sender = console_form_text(req, "from"),
	    .starttls = console_form_text(req, "starttls"),
	    .username = console_form_text(req, "user"),
	};
	const char *port = console_form_text(req, "port");
	char *end = NULL;
	long p = strtol(port, &end, 10);
	s.port = *port && end && !*end && p >= 1 && p <= 65535 ? (int)p : 0;
	struct buf err = BUF_INIT;
	int rc = store_mail_settings_set(req->db, console_actor(req), &s, &err);
	if (rc == ZF_EINVAL) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法保存");
		buf_free(&err);
		if (!s.port)
			s.port = 25;
		return render_mail(req, res, msg ? msg : "无法保存", 422, &s);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res, "/console/mail?done=1");
	return 0;
}
