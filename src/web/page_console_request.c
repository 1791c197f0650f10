/* page_console_request.c: /console/requests/{id}: one request as a clerk handles it: the
 * applicant (clerks only), its timeline, the statutory clock explained in words (clock.h's
 * steps), the due date and the side deadlines, and one form per event that may come next;
 * the decide-and-reply form drafts the reply letter, which a reviewer signs (the number and
 * the reply come then: page_console_letters.c); the letters panel lists the letters.
 * POSTs: .../event (one dated event), .../reply (decision and letter), .../assign (handler). */
#include "common.h"
#include "arena.h"
#include "law/decision.h"
#include "letter.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/auth.h"
#include "store/public.h"
#include "store/requests.h"
#include "store/letters.h"
#include "store/web.h"
#include "ui_shared.h"

/* What a redirect after a successful POST says (?done=key): fixed texts, nothing reflected. */
static const struct {
	const char *key, *message;
} done_messages[] = {
    {"supplement_requested", "已记录：告知补正。答复期限在收到补正后重新计算。"},
    {"supplement_received", "已记录：收到补正。答复期限自今日起重新计算。"},
    {"supplement_lapsed", "已记录：申请人逾期未补正，本申请终止办理。"},
    {"consultation_started", "已记录：发出征求意见函。征求意见期间不计算答复期限。"},
    {"consultation_answered", "已记录：收到征求意见答复。"},
    {"consultation_lapsed", "已记录：征求意见期满未答复。"},
    {"extension_approved", "已记录：批准延期。"},
    {"fee_notice_sent", "已记录：发出收费通知。缴费期间不计算答复期限。"},
    {"fee_paid", "已记录：申请人已缴纳信息处理费。"},
    {"fee_lapsed", "已记录：申请人逾期未缴费，本申请终止办理。"},
    {"withdrawn", "已记录：申请人撤回申请。"},
    {"reply", "已答复并生成答复书。"},
    {"assign", "已更新经办人。"},
    {"corrected",
     "已更正办理记录，原记录保留在“已更正的记录”中；答复期限已按更正后的记录重新计算。"},
    {"new", "申请已登记。请将查询码告知申请人，申请人可凭查询码在公众网站查询办理进度。"},
};

/* Sticky fields of the reply form when it comes back with an error. */
struct reply_sticky {
	const char *decision;
	const char *detail;
};

/* Everything the page shows, loaded once. */
struct view {
	long long id;
	struct request_record rec;
	struct request_meta meta;
	struct clock_status cs;
	bool cs_ok;
	bool clerk; /* may handle: sees personal data and actions */
	zf_day today;
	struct application_details app; /* what an online application asked for */
	bool has_app;			/* false: it came by another route */
};

static int load(struct web_request *req, long long id, struct view *v, bool *visible)
{
	memset(v, 0, sizeof(*v));
	*visible = false;
	v->id = id;
	int rc = store_request_meta(req->db, req->arena, id, &v->meta);
	if (rc == ZF_ENOENT)
		return 0;
	if (rc)
		return rc;
	if (!session_can(req, v->meta.agency_id, ROLE_VIEWER))
		return 0;
	rc = store_request_get(req->db, req->arena, id, &v->rec);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	rc = store_application_get(req->db, req->arena, id, &v->app);
	if (rc && rc != ZF_ENOENT)
		return rc;
	v->has_app = rc == 0;
	*visible = true;
	v->clerk = session_can(req, v->meta.agency_id, ROLE_CLERK);
	v->today = date_today();
	v->cs_ok = clock_compute(console_calendar(), v->rec.events, v->rec.nevents, v->today,
				 &v->cs, NULL) == 0;
	return 0;
}

static void unload(struct view *v)
{
	if (v->cs_ok)
		clock_status_free(&v->cs);
	v->cs_ok = false;
}

/* ---------------------------------------------------------------- display */

static void event_details(struct buf *w, const struct clock_event *e)
{
	char d[11];
	switch (e->kind) {
	case CLOCK_RECEIVED:
		html_raw(w, "渠道：");
		html_txt(w, clock_channel_label(e->channel));
		if (e->arrived && e->arrived != e->on) {
			html_raw(w, "；实际到达 ");
			html_txt(w, date_format(e->arrived, d));
		}
		break;
	case CLOCK_SUPPLEMENT_REQUESTED:
		if (e->until) {
			html_raw(w, "补正期限至 ");
			html_txt(w, date_format(e->until, d));
		}
		break;
	case CLOCK_CONSULTATION_STARTED:
	case CLOCK_CONSULTATION_ANSWERED:
	case CLOCK_CONSULTATION_LAPSED:
		html_txt(w, clock_party_label(e->party));
		if (e->who && *e->who) {
			html_raw(w, "：");
			html_txt(w, e->who);
		}
		if (e->kind == CLOCK_CONSULTATION_STARTED && e->delivered &&
		    e->delivered != e->on) {
			html_raw(w, "；送达 ");
			html_txt(w, date_format(e->delivered, d));
		}
		break;
	case CLOCK_EXTENSION_APPROVED:
		html_txtf(w, "延长 %d 个工作日；批准人：", e->days);
		html_txt(w, e->approver ? e->approver : "");
		break;
	case CLOCK_FEE_NOTICE_SENT:
		if (e->delivered && e->delivered != e->on) {
			html_raw(w, "送达 ");
			html_txt(w, date_format(e->delivered, d));
		}
		break;
	case CLOCK_REPLIED: {
		const struct decision *dec = decision_by_key(e->decision);
		html_raw(w, "答复结果：");
		html_txt(w, dec ? dec->label : e->decision);
		if (e->letter_no && *e->letter_no) {
			html_raw(w, "；答复书 ");
			html_txt(w, e->letter_no);
		}
		break;
	}
	default: break;
	}
}

void console_event_details(struct buf *w, const struct clock_event *e)
{
	event_details(w, e);
}

static void timeline(struct buf *w, const struct view *v)
{
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"h-timeline\">\n"
		    "<h2 id=\"h-timeline\">办理过程</h2>\n<ol class=\"timeline\">");
	for (size_t i = 0; i < v->rec.nevents; i++) {
		const struct clock_event *e = &v->rec.events[i];
		html_raw(w, "<li><span class=\"when\">");
		console_day(w, e->on);
		html_raw(w, "</span> <strong>");
		html_txt(w, clock_event_label(e->kind));
		html_raw(w, "</strong><br><span class=\"muted\">");
		event_details(w, e);
		html_raw(w, "</span></li>");
	}
	html_raw(w, "</ol>\n");
	if (v->clerk) {
		html_raw(w, "<p class=\"no-print\"><a id=\"correct-link\" href=\"");
		html_attrf(w, "/console/requests/%lld/correct", v->id);
		html_raw(w, "\">更正办理记录</a></p>\n");
	}
	html_raw(w, "</section>\n");
}

static void clock_summary(struct buf *w, const struct view *v)
{
	const struct clock_status *cs = &v->cs;
	html_raw(w, "<p class=\"clock-summary\">");
	if (cs->closed) {
		html_raw(w, "本申请已于 ");
		console_day(w, cs->closed_on);
		html_raw(w, " 办结（");
		html_txt(w, cs->state_label);
		html_raw(w, "）。");
		if (cs->has_due) {
			html_raw(w, "答复期限为 ");
			console_day(w, cs->due);
			html_raw(w, cs->overdue ? "，答复晚于期限。" : "，在期限内答复。");
		}
	} else if (!cs->running) {
		html_raw(
		    w,
		    "已告知申请人补正，正在等待补正材料。补正期间不计算答复期限；"
		    "收到补正后，答复期限自收到之日起重新计算（《中华人民共和国政府信息公开条例》"
		    "第三十条）。");
	} else if (cs->has_due) {
		html_raw(w, "答复期限为 <strong>");
		console_day(w, cs->due);
		html_raw(w, "</strong>");
		if (cs->overdue)
			html_txtf(w, "，已逾期 %d 个工作日，请尽快答复。", -cs->working_days_left);
		else if (cs->working_days_left == 0)
			html_raw(w, "，今日到期。");
		else
			html_txtf(w, "，还剩 %d 个工作日。", cs->working_days_left);
		if (cs->suspended)
			html_raw(w, "正在征求意见或等待缴费：期间不计算答复期限，"
				    "此期限按期间持续到法定最后一日估算，结束后会提前。");
	}
	if (cs->provisional)
		html_raw(w, " <span class=\"tag soon\">暂定</span> 部分日期所在年度的节假日安排"
			    "尚未公布，已按法定节假日推算（未计调休）。");
	html_raw(w, "</p>\n");
}

static void side_deadlines(struct buf *w, const struct view *v)
{
	const struct clock_status *cs = &v->cs;
	html_raw(w, "<table class=\"data meta side\"><caption>相关期限</caption><tbody>");
	html_raw(w, "<tr><th scope=\"row\">收到申请之日</th><td>");
	console_day(w, cs->received);
	html_raw(w, "</td></tr>");
	if (!cs->closed && !cs->supplement_requested) {
		html_raw(w, "<tr><th scope=\"row\">告知补正截止</th><td>");
		console_day(w, cs->supplement_notice_due);
		html_raw(w, " <span class=\"muted\">需要补正的，应在收到申请之日起7个工作日内"
			    "一次性告知</span></td></tr>");
	}
	if (cs->supplement_requested) {
		html_raw(w, "<tr><th scope=\"row\">告知补正</th><td>");
		console_day(w, cs->supplement_requested);
		if (cs->supplement_until) {
			html_raw(w, "，补正期限至 ");
			console_day(w, cs->supplement_until);
		}
		html_raw(w, "</td></tr>");
	}
	if (cs->supplement_received) {
		html_raw(w, "<tr><th scope=\"row\">收到补正</th><td>");
		console_day(w, cs->supplement_received);
		html_raw(w, "（答复期限自此重新计算）</td></tr>");
	}
	for (size_t i = 0; i < cs->nwindows; i++) {
		const struct clock_window *win = &cs->windows[i];
		html_raw(w, "<tr><th scope=\"row\">");
		html_raw(w, win->fee ? "缴费期间" : "征求意见期间");
		html_raw(w, "</th><td>");
		if (!win->fee) {
			html_txt(w, clock_party_label(win->party));
			if (win->who && *win->who) {
				html_raw(w, "（");
				html_txt(w, win->who);
				html_raw(w, "）");
			}
			html_raw(w, "：");
		}
		console_day(w, win->from);
		html_raw(w, " 起，");
		html_raw(w, win->fee ? "缴费期限至 " : "答复期限至 ");
		console_day(w, win->limit);
		if (win->open)
			html_raw(w, " <span class=\"tag soon\">进行中</span>");
		else {
			html_raw(w, "，已于 ");
			console_day(w, win->to);
			html_raw(w, " 结束");
		}
		if (!win->counted)
			html_raw(w, "（补正后重新计算，不再扣除）");
		html_raw(w, "</td></tr>");
	}
	if (cs->extension) {
		html_raw(w, "<tr><th scope=\"row\">延期</th><td>");
		html_txtf(w, "已批准延长 %d 个工作日", cs->extension);
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</tbody></table>\n");
	static const struct {
		unsigned flag;
		const char *text;
	} warnings[] = {
	    {CLOCK_WARN_SUPPLEMENT_LATE, "告知补正晚于收到申请之日起7个工作日。"},
	    {CLOCK_WARN_ANSWER_LATE, "征求意见的答复晚于15个工作日的期限。"},
	    {CLOCK_WARN_PAYMENT_LATE, "缴费晚于20个工作日的期限。"},
	    {CLOCK_WARN_REPLY_LATE, "答复晚于答复期限。"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(warnings); i++)
		if (cs->warnings & warnings[i].flag)
			console_alert(w, "error", warnings[i].text);
}

static void clock_panel(struct buf *w, const struct view *v)
{
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"h-clock\">\n"
		    "<h2 id=\"h-clock\">答复期限</h2>\n");
	if (!v->cs_ok) {
		console_alert(w, "error", "无法根据办理记录计算答复期限，请联系系统管理员检查。");
		html_raw(w, "</section>\n");
		return;
	}
	clock_summary(w, v);
	side_deadlines(w, v);
	html_raw(w, "<details class=\"steps\" open><summary>期限是怎样算出来的</summary><ol>");
	for (size_t i = 0; i < v->cs.nsteps; i++) {
		html_raw(w, "<li>");
		html_txt(w, v->cs.steps[i]);
		html_raw(w, "</li>");
	}
	html_raw(w, "</ol></details>\n</section>\n");
}

/* One row of the table: the text, or 未填写. */
static void meta_row(struct buf *w, const char *label, const char *value, bool pii)
{
	html_raw(w, "<tr><th scope=\"row\">");
	html_txt(w, label);
	html_raw(w, pii ? "</th><td class=\"pii\">" : "</th><td>");
	if (value && *value)
		html_txt(w, value);
	else
		html_raw(w, "<span class=\"muted\">未填写</span>");
	html_raw(w, "</td></tr>");
}

/* What an online application asked for (条例 Art. 29): the contact particulars to clerks
 * only, the 文号, 用途, 载体形式 and 获取方式 to everyone who sees the request. */
static void application_rows(struct buf *w, const struct view *v)
{
	const struct application_details *d = &v->app;
	if (v->clerk) {
		meta_row(w, "身份证明", applicant_id_type_label(d->id_type), false);
		if (applicant_id_type_is_org(d->id_type) ||
		    (d->contact_person && *d->contact_person))
			meta_row(w, "联系人", d->contact_person, true);
		meta_row(w, "电子邮箱", d->email, true);
		meta_row(w, "邮政编码", d->postcode, true);
	}
	meta_row(w, "所需信息的文号", d->doc_no, false);
	meta_row(w, "所需信息的用途", d->purpose, false);
	html_raw(w, "<tr><th scope=\"row\">信息的载体形式</th><td id=\"app-form\">");
	html_txt(w, provision_form_label(d->form));
	if (d->form == PROVISION_OTHER && d->form_other && *d->form_other) {
		html_raw(w, "：");
		html_txt(w, d->form_other);
	}
	html_raw(w, "</td></tr><tr><th scope=\"row\">获取信息的方式</th><td id=\"app-delivery\">");
	html_txt(w, provision_delivery_label(d->delivery));
	if (d->delivery == DELIVERY_EMAIL)
		html_raw(w, " <span class=\"tag ok\" id=\"delivery-email\">电子邮件送达</span>");
	html_raw(w, "</td></tr>");
}

static void applicant_panel(struct buf *w, const struct view *v)
{
	const struct request_record *r = &v->rec;
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"h-request\">\n"
		    "<h2 id=\"h-request\">申请信息</h2>\n<table class=\"data meta\"><tbody>");
	html_raw(w, "<tr><th scope=\"row\">机关</th><td>");
	html_txt(w, r->agency_name);
	html_raw(w, "</td></tr><tr><th scope=\"row\">申请人类型</th><td>");
	html_txt(w, report_t3_cols[r->applicant_type].label);
	html_raw(w, "</td></tr>");
	if (v->clerk) {
		static const char *const labels[] = {"申请人", "身份证件号码", "联系电话",
						     "通信地址"};
		const char *values[] = {r->applicant_name, r->id_no, r->phone, r->address};
		for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
			html_raw(w, "<tr><th scope=\"row\">");
			html_txt(w, labels[i]);
			html_raw(w, "</th><td class=\"pii\">");
			if (values[i] && *values[i])
				html_txt(w, values[i]);
			else
				html_raw(w, "<span class=\"muted\">未填写</span>");
			html_raw(w, "</td></tr>");
		}
		html_raw(w, "<tr><th scope=\"row\">查询码</th><td><code id=\"query-code\">");
		html_txt(w, v->meta.query_code);
		html_raw(w, "</code></td></tr>");
	} else {
		html_raw(w, "<tr><th scope=\"row\">申请人</th><td class=\"muted\">"
			    "申请人信息仅经办人可见</td></tr>");
	}
	html_raw(w, "<tr><th scope=\"row\">申请内容</th><td class=\"description\">");
	html_txt(w, r->description);
	html_raw(w, "</td></tr>");
	if (v->has_app)
		application_rows(w, v);
	html_raw(w, "<tr><th scope=\"row\">提交渠道</th><td>");
	html_txt(w, clock_channel_label(v->meta.channel));
	html_raw(w, "</td></tr><tr><th scope=\"row\">经办人</th><td>");
	if (*v->meta.handler_name)
		html_txt(w, v->meta.handler_name);
	else
		html_raw(w, "<span class=\"muted\">未分配</span>");
	html_raw(w, "</td></tr></tbody></table>\n");
	html_raw(w, "</section>\n");
}

/* ---------------------------------------------------------------- handlers' eligibility */

/* True when user u (its grants g) holds at least clerk over agency (directly or above). */
static bool may_handle(const struct console_agencies *ag, long long agency,
		       const struct user_grant *g, size_t ng)
{
	for (long long a = agency, guard = 0; a && guard < 64; guard++) {
		for (size_t i = 0; i < ng; i++)
			if (g[i].agency_id == a && g[i].role >= USER_ROLE_CLERK)
				return true;
		long long parent = 0;
		for (size_t k = 0; k < ag->n; k++)
			if (ag->v[k].id == a)
				parent = ag->v[k].parent_id;
		a = parent;
	}
	return false;
}

/* The active users who may handle requests of agency (array from arena). */
static int handlers_for(struct web_request *req, long long agency, struct user **out, size_t *n)
{
	struct console_agencies ag;
	struct user *users = NULL;
	size_t nusers = 0;
	*out = NULL;
	*n = 0;
	int rc = console_agencies_load(req, &ag);
	if (!rc)
		rc = store_user_list(req->db, req->arena, 0, &users, &nusers);
	if (rc)
		return rc;
	struct user *list = arena_alloc(req->arena, (nusers ? nusers : 1) * sizeof(*list));
	if (!list)
		return ZF_ENOMEM;
	for (size_t i = 0; i < nusers; i++) {
		if (!users[i].active)
			continue;
		struct user_grant *g = NULL;
		size_t ng = 0;
		rc = store_user_grants(req->db, req->arena, users[i].id, &g, &ng);
		if (rc)
			return rc;
		if (may_handle(&ag, agency, g, ng))
			list[(*n)++] = users[i];
	}
	*out = list;
	return 0;
}

/* ---------------------------------------------------------------- action forms */

static void form_begin(struct web_request *req, struct buf *w, const struct view *v,
		       const char *action, const char *kind, const char *heading)
{
	html_raw(w, "<form method=\"post\" class=\"form action\" action=\"");
	html_attrf(w, "/console/requests/%lld/%s", v->id, action);
	html_raw(w, "\" data-kind=\"");
	html_attr(w, kind);
	html_raw(w, "\">\n<h3>");
	html_txt(w, heading);
	html_raw(w, "</h3>\n");
	session_csrf_field(req, w);
	if (strcmp(action, "event") == 0) {
		html_raw(w, "<input type=\"hidden\" name=\"kind\" value=\"");
		html_attr(w, kind);
		html_raw(w, "\">");
	}
}

static void form_end(struct buf *w, const char *button)
{
	html_raw(w, "<p><button type=\"submit\" class=\"button primary\">");
	html_txt(w, button);
	html_raw(w, "</button></p>\n</form>\n");
}

/* A field id unique on the page: kind + name (+ index for repeated forms). */
static const char *fid(struct web_request *req, const char *kind, const char *name, size_t idx)
{
	const char *s = arena_printf(req->arena, "f-%s-%zu-%s", kind, idx, name);
	return s ? s : name;
}

/* A note to the applicant about this event, shown on /query (store_request_notice_set). */
static void notice_field(struct buf *w, const char *kind, const char *label)
{
	html_raw(w, "<div class=\"field\"><label for=\"f-");
	html_attr(w, kind);
	html_raw(w, "-notice\">");
	html_txt(w, label);
	html_raw(w, "</label><textarea id=\"f-");
	html_attr(w, kind);
	html_raw(w,
		 "-notice\" name=\"notice\" maxlength=\"1000\" class=\"short\"></textarea></div>");
}

static void simple_event(struct web_request *req, struct buf *w, const struct view *v,
			 enum clock_event_kind kind, const char *heading, const char *hint)
{
	const char *k = clock_event_key(kind);
	form_begin(req, w, v, "event", k, heading);
	if (hint) {
		html_raw(w, "<p class=\"hint\">");
		html_txt(w, hint);
		html_raw(w, "</p>");
	}
	console_date_field(w, fid(req, k, "on", 0), "on", "日期", v->today, true);
	form_end(w, heading);
}

static void consultation_forms(struct web_request *req, struct buf *w, const struct view *v)
{
	for (size_t i = 0; i < v->cs.nwindows; i++) {
		const struct clock_window *win = &v->cs.windows[i];
		if (win->fee || !win->open)
			continue;
		static const enum clock_event_kind kinds[] = {CLOCK_CONSULTATION_ANSWERED,
							      CLOCK_CONSULTATION_LAPSED};
		for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
			const char *key = clock_event_key(kinds[k]);
			char *heading = arena_printf(
			    req->arena, "%s（%s%s%s）", clock_event_label(kinds[k]),
			    clock_party_label(win->party), win->who && *win->who ? "：" : "",
			    win->who ? win->who : "");
			form_begin(req, w, v, "event", key, heading ? heading : key);
			html_raw(w, "<input type=\"hidden\" name=\"party\" value=\"");
			html_attr(w, clock_party_key(win->party));
			html_raw(w, "\"><input type=\"hidden\" name=\"who\" value=\"");
			html_attr(w, win->who ? win->who : "");
			html_raw(w, "\">");
			if (kinds[k] == CLOCK_CONSULTATION_LAPSED) {
				html_raw(w, "<p class=\"hint\">答复期限至 ");
				console_day(w, win->limit);
				html_raw(w, "，期满后方可记录。</p>");
			}
			console_date_field(w, fid(req, key, "on", i), "on", "日期", v->today, true);
			form_end(w, clock_event_label(kinds[k]));
		}
	}
}

static void reply_form(struct web_request *req, struct buf *w, const struct view *v,
		       const struct reply_sticky *sticky)
{
	form_begin(req, w, v, "reply", "reply", "作出答复");
	html_raw(w,
		 "<p class=\"hint\">选择答复结果后，系统按模板起草答复书（含法律依据和救济途径），"
		 "送审核人签发；签发时取得统一编号并作出答复。答复结果即年度报告表三中本申请所在"
		 "的行。</p>"
		 "<div class=\"field\"><label for=\"f-reply-decision\" class=\"required\">答复结果"
		 "</label><select id=\"f-reply-decision\" name=\"decision\" required>"
		 "<option value=\"\">请选择</option>");
	int group = -1;
	for (size_t i = 0; i < DECISION_COUNT; i++) {
		const struct decision *d = &decision_table[i];
		if (!letter_template(d->key))
			continue; /* reached by the clock (逾期未补正, 逾期未缴费), not by a reply
				   */
		if ((d->flags & DECISION_NEEDS_SUPPLEMENT) && !v->cs.supplement_received)
			continue;
		if ((int)d->group != group) {
			if (group >= 0)
				html_raw(w, "</optgroup>");
			html_raw(w, "<optgroup label=\"");
			html_attr(w, decision_group_label(d->group));
			html_raw(w, "\">");
			group = (int)d->group;
		}
		html_raw(w, "<option value=\"");
		html_attr(w, d->key);
		html_raw(w, sticky && sticky->decision && strcmp(sticky->decision, d->key) == 0
				? "\" selected>"
				: "\">");
		html_txt(w, d->row);
		html_raw(w, "</option>");
	}
	if (group >= 0)
		html_raw(w, "</optgroup>");
	html_raw(w, "</select></div>\n");
	console_date_field(w, "f-reply-on", "on", "答复日期", v->today, true);
	html_raw(w, "<div class=\"field\"><label for=\"f-reply-detail\">答复说明</label>"
		    "<textarea id=\"f-reply-detail\" name=\"detail\" maxlength=\"4000\" "
		    "aria-describedby=\"f-reply-detail-hint\">");
	html_txt(w, sticky && sticky->detail ? sticky->detail : "");
	html_raw(w, "</textarea><span class=\"hint\" id=\"f-reply-detail-hint\">"
		    "写入答复书正文：予以公开的，写明所提供的信息或获取方式；不予公开、部分公开等，"
		    "写明理由。各答复结果的具体要求：</span><ul class=\"hint\">");
	for (size_t i = 0; i < DECISION_COUNT; i++) {
		const struct letter_template *t = letter_template(decision_table[i].key);
		if (!t)
			continue;
		html_raw(w, "<li>");
		html_txt(w, decision_table[i].label);
		html_raw(w, t->detail_required ? "（必填）：" : "（选填）：");
		html_txt(w, t->detail_hint);
		html_raw(w, "</li>");
	}
	html_raw(w, "</ul></div>\n");
	form_end(w, "起草答复书并送审核");
}

static void assign_form(struct web_request *req, struct buf *w, const struct view *v)
{
	struct user *users = NULL;
	size_t n = 0;
	if (handlers_for(req, v->meta.agency_id, &users, &n))
		return;
	form_begin(req, w, v, "assign", "assign", "分配经办人");
	html_raw(w, "<div class=\"field\"><label for=\"f-assign-handler\">经办人</label>"
		    "<select id=\"f-assign-handler\" name=\"handler\"><option value=\"0\">"
		    "（不指定）</option>");
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<option value=\"");
		html_attrf(w, "%lld", users[i].id);
		html_raw(w, users[i].id == v->meta.handler_user_id ? "\" selected>" : "\">");
		html_txt(w, users[i].name && *users[i].name ? users[i].name : users[i].login);
		html_raw(w, "（");
		html_txt(w, users[i].login);
		html_raw(w, "）</option>");
	}
	html_raw(w, "</select></div>");
	form_end(w, "保存经办人");
}

static void actions_panel(struct web_request *req, struct buf *w, const struct view *v,
			  const struct reply_sticky *sticky)
{
	const struct clock_status *cs = &v->cs;
	html_raw(w, "<section class=\"panel no-print\" aria-labelledby=\"h-actions\">\n"
		    "<h2 id=\"h-actions\">办理</h2>\n");
	if (!v->clerk) {
		html_raw(w, "<p class=\"muted\">您的角色只能查阅本申请。</p>\n</section>\n");
		return;
	}
	if (!v->cs_ok || cs->closed) {
		html_raw(w, "<p class=\"muted\">本申请已办结，不能再记录办理事项。</p>\n");
		html_raw(w, "<div class=\"actions\">");
		assign_form(req, w, v);
		html_raw(w, "</div>\n</section>\n");
		return;
	}
	html_raw(w, "<div class=\"actions\">");
	if (!cs->running) {
		simple_event(req, w, v, CLOCK_SUPPLEMENT_RECEIVED, "收到补正",
			     "收到申请人补正后的申请，答复期限自收到之日起重新计算。");
		simple_event(req, w, v, CLOCK_SUPPLEMENT_LAPSED, "逾期未补正",
			     "补正期限届满，申请人无正当理由未补正的，视为放弃申请（年度报告表三"
			     "（六）1）。");
	} else {
		bool fee_window = false, any_window = cs->nwindows > 0;
		for (size_t i = 0; i < cs->nwindows; i++)
			fee_window |= cs->windows[i].fee;
		if (!cs->supplement_requested && !cs->extension && !any_window) {
			const char *k = clock_event_key(CLOCK_SUPPLEMENT_REQUESTED);
			form_begin(req, w, v, "event", k, "告知补正");
			html_raw(
			    w, "<p class=\"hint\">申请内容不明确的，应当一次性告知申请人需要补正的"
			       "事项和合理的补正期限；补正期间不计算答复期限。</p>");
			console_date_field(w, fid(req, k, "on", 0), "on", "告知日期", v->today,
					   true);
			console_date_field(w, fid(req, k, "until", 0), "until", "补正期限", 0,
					   false);
			notice_field(
			    w, k, "需要补正的事项（一次性告知，申请人可在办理进度查询页面看到）");
			form_end(w, "告知补正");
		}
		{
			const char *k = clock_event_key(CLOCK_CONSULTATION_STARTED);
			form_begin(req, w, v, "event", k, "发出征求意见函");
			html_raw(
			    w, "<p class=\"hint\">涉及第三方合法权益或者需要与其他机关确认的，"
			       "书面征求意见；征求意见所需时间不计算在答复期限内。</p>"
			       "<div class=\"field\"><label for=\"f-cons-party\">征求对象</label>"
			       "<select id=\"f-cons-party\" name=\"party\">"
			       "<option value=\"third_party\">第三方（条例第三十二条）</option>"
			       "<option value=\"co_maker\">共同制作机关（条例第三十四条）</option>"
			       "</select></div>");
			console_text_field(w, fid(req, k, "who", 0), "who", "名称", NULL, true,
					   100);
			console_date_field(w, fid(req, k, "on", 0), "on", "发函日期", v->today,
					   true);
			console_date_field(w, fid(req, k, "delivered", 0), "delivered",
					   "送达日期（不填视为当日送达）", 0, false);
			form_end(w, "发出征求意见函");
		}
		consultation_forms(req, w, v);
		if (cs->extension < 20) {
			const char *k = clock_event_key(CLOCK_EXTENSION_APPROVED);
			form_begin(req, w, v, "event", k, "批准延期");
			html_raw(w,
				 "<p class=\"hint\">需要延长答复期限的，应当经政府信息公开工作机构"
				 "负责人同意并告知申请人，延长的期限最长不得超过20个工作日。</p>");
			html_raw(
			    w, "<div class=\"field\"><label for=\"f-ext-days\" class=\"required\">"
			       "延长工作日数</label><input type=\"number\" id=\"f-ext-days\" "
			       "name=\"days\" min=\"1\" required max=\"");
			html_attrf(w, "%d", 20 - cs->extension);
			html_raw(w, "\" value=\"");
			html_attrf(w, "%d", 20 - cs->extension);
			html_raw(w, "\"></div>");
			console_text_field(w, fid(req, k, "approver", 0), "approver",
					   "批准人（工作机构负责人）", NULL, true, 64);
			console_date_field(w, fid(req, k, "on", 0), "on", "批准日期", v->today,
					   true);
			notice_field(w, k,
				     "延期的理由（告知申请人，申请人可在办理进度查询页面看到）");
			form_end(w, "批准延期");
		}
		if (!fee_window) {
			const char *k = clock_event_key(CLOCK_FEE_NOTICE_SENT);
			form_begin(req, w, v, "event", k, "发出收费通知");
			html_raw(
			    w,
			    "<p class=\"hint\">申请数量、频次明显超过合理范围，决定收取信息处理费"
			    "的（国办函〔2020〕109号），申请人应在收到通知次日起20个工作日内"
			    "缴纳；缴费期间不计算答复期限。</p>");
			console_date_field(w, fid(req, k, "on", 0), "on", "发出日期", v->today,
					   true);
			console_date_field(w, fid(req, k, "delivered", 0), "delivered",
					   "送达日期（不填视为当日送达）", 0, false);
			form_end(w, "发出收费通知");
		}
		for (size_t i = 0; i < cs->nwindows; i++) {
			if (!cs->windows[i].fee || !cs->windows[i].open)
				continue;
			simple_event(req, w, v, CLOCK_FEE_PAID, "缴纳信息处理费", NULL);
			simple_event(req, w, v, CLOCK_FEE_LAPSED, "逾期未缴费",
				     "缴费期限届满未缴纳的，视为放弃申请（年度报告表三（六）2）。");
		}
	}
	simple_event(req, w, v, CLOCK_WITHDRAWN, "申请人撤回申请",
		     "申请人撤回申请的，本申请办结（年度报告表三（六）3）。");
	assign_form(req, w, v);
	html_raw(w, "</div>\n");
	if (cs->running)
		reply_form(req, w, v, sticky);
	html_raw(w, "</section>\n");
}

/* ---------------------------------------------------------------- the page */

static int render(struct web_request *req, struct web_response *res, long long id,
		  const char *error, int status, const struct reply_sticky *sticky)
{
	struct view v;
	bool visible = false;
	int rc = load(req, id, &v, &visible);
	if (rc)
		return rc;
	if (!visible)
		return console_not_found(req, res);
	struct reply_letter letter;
	bool has_letter = store_reply_letter_get(req->db, req->arena, id, &letter) == 0;
	char *title = arena_printf(req->arena, "申请第%lld号", id);
	res->status = status;
	ui_console_begin(req, res, title ? title : "申请", "/console/requests");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb no-print\"><a href=\"/console/requests\">依申请公开办理"
		    "</a> › 申请详情</p>\n<h1>");
	html_txt(w, title ? title : "申请");
	html_raw(w, " <span class=\"tag ");
	html_raw(w, v.cs_ok && v.cs.overdue && !v.cs.closed ? "overdue"
		    : v.cs_ok && v.cs.closed		    ? "muted"
							    : "ok");
	html_raw(w, "\" id=\"state\">");
	html_txt(w, request_state_label(v.meta.state));
	html_raw(w, "</span>");
	if (v.has_app && v.app.delivery == DELIVERY_EMAIL)
		html_raw(w, " <span class=\"tag\" id=\"badge-email\">电子邮件送达</span>");
	html_raw(w, "</h1>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	for (size_t i = 0; !error && done && i < ARRAY_SIZE(done_messages); i++)
		if (strcmp(done, done_messages[i].key) == 0)
			console_alert(w, "ok", done_messages[i].message);
	if (has_letter) {
		html_raw(w, "<p class=\"letter-link\">答复书 <strong id=\"letter-no\">");
		html_txt(w, letter.letter_no);
		html_raw(w, "</strong> <a class=\"button secondary\" href=\"");
		html_attrf(w, "/console/requests/%lld/letter", id);
		html_raw(w, "\">查看和打印答复书</a></p>\n");
	}
	html_raw(w, "<div class=\"columns\"><div>\n");
	applicant_panel(w, &v);
	timeline(w, &v);
	console_corrections_panel(req, w, id);
	console_applicant_panel(req, w, id);
	html_raw(w, "</div><div>\n");
	clock_panel(w, &v);
	html_raw(w, "</div></div>\n");
	console_letters_panel(req, w, id);
	actions_panel(req, w, &v, sticky);
	ui_console_end(req, res);
	unload(&v);
	return 0;
}

int page_console_request(struct web_request *req, struct web_response *res)
{
	long long id;
	if (!console_id(req->path_args[0], &id))
		return console_not_found(req, res);
	return render(req, res, id, NULL, 200, NULL);
}

/* Loads the request of a POST and checks the user may handle it. Returns false after writing
 * the 404 (rc = 0) or with an error in *rc. */
static bool post_target(struct web_request *req, struct web_response *res, long long *id,
			struct request_meta *meta, int *rc)
{
	*rc = 0;
	if (!console_id(req->path_args[0], id)) {
		console_not_found(req, res);
		return false;
	}
	*rc = store_request_meta(req->db, req->arena, *id, meta);
	if (*rc == ZF_ENOENT || (!*rc && !session_can(req, meta->agency_id, ROLE_CLERK))) {
		/* another agency's request is answered like a missing one */
		*rc = 0;
		console_not_found(req, res);
		return false;
	}
	return *rc == 0;
}

static void redirect_done(struct web_request *req, struct web_response *res, long long id,
			  const char *done)
{
	char *to = arena_printf(req->arena, "/console/requests/%lld?done=%s", id, done);
	ui_redirect(req, res, to ? to : "/console/requests");
}

int page_console_request_event(struct web_request *req, struct web_response *res)
{
	long long id;
	struct request_meta meta;
	int rc;
	if (!post_target(req, res, &id, &meta, &rc))
		return rc;
	const char *kind_s = console_form_text(req, "kind");
	int kind = clock_event_kind_by_key(str_c(kind_s));
	if (kind < 0 || kind == CLOCK_RECEIVED || kind == CLOCK_REPLIED)
		return render(req, res, id, "不认识的办理事项。", 422, NULL);
	struct clock_event ev = {.kind = (enum clock_event_kind)kind};
	ev.on = console_form_day(req, "on");
	if (!ev.on)
		return render(req, res, id, "请填写正确的日期（年-月-日）。", 422, NULL);
	switch (ev.kind) {
	case CLOCK_SUPPLEMENT_REQUESTED:
		ev.until = console_form_day(req, "until");
		if (*console_form_text(req, "until") && !ev.until)
			return render(req, res, id, "补正期限不是正确的日期。", 422, NULL);
		break;
	case CLOCK_CONSULTATION_STARTED:
	case CLOCK_CONSULTATION_ANSWERED:
	case CLOCK_CONSULTATION_LAPSED: {
		int party = clock_party_by_key(str_c(console_form_text(req, "party")));
		if (party < 0)
			return render(req, res, id, "请选择征求意见的对象。", 422, NULL);
		ev.party = (enum clock_party)party;
		ev.who = console_form_text(req, "who");
		if (ev.kind == CLOCK_CONSULTATION_STARTED && !*ev.who)
			return render(req, res, id, "请填写征求意见对象的名称。", 422, NULL);
		ev.delivered = console_form_day(req, "delivered");
		break;
	}
	case CLOCK_EXTENSION_APPROVED: {
		long long days = 0;
		if (!console_id(console_form_text(req, "days"), &days) || days > 20)
			return render(req, res, id, "延长的工作日数应为 1 至 20。", 422, NULL);
		ev.days = (int)days;
		ev.approver = console_form_text(req, "approver");
		if (!*ev.approver)
			return render(req, res, id, "请填写批准延期的负责人。", 422, NULL);
		break;
	}
	case CLOCK_FEE_NOTICE_SENT: ev.delivered = console_form_day(req, "delivered"); break;
	default: break;
	}
	const char *notice = console_form_text(req, "notice");
	struct buf err = BUF_INIT;
	int seq = 0;
	rc = store_write_begin(req->db);
	if (!rc) {
		rc = store_request_event(req->db, console_actor(req), console_calendar(), id, &ev,
					 &seq, &err);
		if (!rc && *notice)
			rc = store_request_notice_set(req->db, console_actor(req), id, seq, notice,
						      &err);
		rc = store_write_end(req->db, rc);
	}
	if (rc == ZF_ESTATE || rc == ZF_EINVAL || rc == ZF_ERANGE) {
		const char *msg =
		    arena_strdup(req->arena, err.len ? buf_cstr(&err) : "该事项不成立");
		buf_free(&err);
		return render(req, res, id, msg ? msg : "该事项不成立", 422, NULL);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_done(req, res, id, clock_event_key(ev.kind));
	return 0;
}

/* Gathers what the letter says about the handling from the request's history. */
static void letter_facts(const struct request_record *r, const struct clock_status *cs,
			 struct letter_input *in)
{
	in->received = cs->received;
	in->supplement_asked = cs->supplement_requested;
	in->supplement_arrived = cs->supplement_received;
	in->extension_days = cs->extension;
	for (size_t i = 0; i < r->nevents; i++) {
		const struct clock_event *e = &r->events[i];
		if (e->kind == CLOCK_EXTENSION_APPROVED && !in->extension_on)
			in->extension_on = e->on;
		if (e->kind == CLOCK_CONSULTATION_STARTED) {
			if (!in->consulted_on)
				in->consulted_on = e->on;
			in->consulted_third_party |= e->party == CLOCK_THIRD_PARTY;
		}
		if (e->kind == CLOCK_FEE_NOTICE_SENT)
			in->fee_noticed = e->on;
		if (e->kind == CLOCK_FEE_PAID)
			in->fee_paid = e->on;
	}
}

int page_console_request_reply(struct web_request *req, struct web_response *res)
{
	long long id;
	struct request_meta meta;
	int rc;
	if (!post_target(req, res, &id, &meta, &rc))
		return rc;
	struct reply_sticky sticky = {console_form_text(req, "decision"),
				      console_form_text(req, "detail")};
	const struct decision *d = decision_by_key(sticky.decision);
	if (!d || !letter_template(d->key))
		return render(req, res, id, "请选择答复结果。", 422, &sticky);
	zf_day on = console_form_day(req, "on");
	if (!on)
		return render(req, res, id, "请填写正确的答复日期（年-月-日）。", 422, &sticky);
	struct request_record rec;
	rc = store_request_get(req->db, req->arena, id, &rec);
	if (rc)
		return rc;
	struct clock_status cs;
	struct buf err = BUF_INIT, body = BUF_INIT;
	rc = clock_compute(console_calendar(), rec.events, rec.nevents, on, &cs, &err);
	if (rc) {
		buf_free(&err);
		return rc;
	}
	struct letter_input in = {
	    .description = rec.description,
	    .organisation = rec.applicant_type != REPORT_COL_NATURAL_PERSON,
	    .decision = d,
	    .detail = sticky.detail,
	};
	letter_facts(&rec, &cs, &in);
	clock_status_free(&cs);
	rc =
	    store_agency_remedy_get(req->db, req->arena, rec.agency_id, &in.review_body, &in.court);
	if (!rc)
		rc = letter_compose(&in, &body, &err);
	long long lid = 0;
	if (!rc) {
		/* a draft: the number is taken and the reply made when a reviewer signs it */
		struct letter_new ln = {
		    .request_id = id,
		    .kind = LETTER_REPLY,
		    .decision = d->key,
		    .on = on,
		    .addressee = rec.applicant_name,
		    .agency_name = rec.agency_name,
		    .detail = sticky.detail,
		    .body = buf_cstr(&body),
		};
		rc = store_letter_draft(req->db, console_actor(req), &ln, &lid, &err);
	}
	buf_free(&body);
	if (rc == ZF_ESTATE || rc == ZF_EINVAL || rc == ZF_ERANGE) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法答复");
		buf_free(&err);
		return render(req, res, id, msg ? msg : "无法答复", 422, &sticky);
	}
	buf_free(&err);
	if (rc)
		return rc;
	char *to = arena_printf(req->arena, "/console/letters/%lld?done=draft", lid);
	ui_redirect(req, res, to ? to : "/console/requests");
	return 0;
}

int page_console_request_assign(struct web_request *req, struct web_response *res)
{
	long long id;
	struct request_meta meta;
	int rc;
	if (!post_target(req, res, &id, &meta, &rc))
		return rc;
	const char *h = console_form_text(req, "handler");
	long long uid = 0;
	if (strcmp(h, "0") != 0 && !console_id(h, &uid))
		return render(req, res, id, "请选择经办人。", 422, NULL);
	if (uid) {
		struct user *users;
		size_t n;
		rc = handlers_for(req, meta.agency_id, &users, &n);
		if (rc)
			return rc;
		bool ok = false;
		for (size_t i = 0; i < n; i++)
			ok |= users[i].id == uid;
		if (!ok)
			return render(req, res, id, "该用户不能经办本机关的申请。", 422, NULL);
	}
	struct buf err = BUF_INIT;
	rc = store_request_assign(req->db, console_actor(req), id, uid, &err);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法分配");
		buf_free(&err);
		return render(req, res, id, msg ? msg : "无法分配", 422, NULL);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_done(req, res, id, "assign");
	return 0;
}
