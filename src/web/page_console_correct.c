/* page_console_correct.c: /console/requests/{id}/correct: the audited correction of a
 * mistaken event (store_request_correct, requests.h "corrections"). Without ?seq the events
 * of the request, each with a link; with ?seq=N the form for event N: its date and its own
 * details, and a required reason. The original stays in the history (shown under the
 * timeline as 已更正); the clock, the due date and the report row are computed again; a
 * reply keeps its decision and its letter number. A correction that touches a year whose
 * annual report the agency has published is warned about on the form, and allowed. */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/audit.h"
#include "store/public.h"
#include "store/requests.h"
#include "ui_shared.h"

/* The request of the URL, when the user may handle it (else the 404 is written). */
static bool target(struct web_request *req, struct web_response *res, long long *id,
		   struct request_record *rec, int *rc)
{
	*rc = 0;
	struct request_meta meta;
	if (!console_id(req->path_args[0], id)) {
		console_not_found(req, res);
		return false;
	}
	*rc = store_request_meta(req->db, req->arena, *id, &meta);
	if (*rc == ZF_ENOENT || (!*rc && !session_can(req, meta.agency_id, ROLE_CLERK))) {
		*rc = 0; /* another agency's request is answered like a missing one */
		console_not_found(req, res);
		return false;
	}
	if (!*rc)
		*rc = store_request_get(req->db, req->arena, *id, rec);
	return *rc == 0;
}

/* The years of published annual reports of the agency that the event touches (its date
 * before and after). */
static void published_warning(struct web_request *req, struct buf *w, long long agency, zf_day was,
			      zf_day now)
{
	int years[2] = {date_to_ymd(was).y, now ? date_to_ymd(now).y : 0};
	for (int i = 0; i < 2; i++) {
		if (!years[i] || (i == 1 && years[1] == years[0]))
			continue;
		struct published_report p;
		if (store_report_published_get(req->db, req->arena, agency, years[i], &p))
			continue;
		char *msg = arena_printf(req->arena,
					 "注意：本机关 %d 年度的政府信息公开工作年度报告已经发布。"
					 "更正该年度的办理记录后，已发布报告中的数字可能与办理记录"
					 "不一致，必要时请重新生成并发布年度报告。",
					 years[i]);
		console_alert(w, "info", msg ? msg : "本年度的年度报告已经发布。");
	}
}

static void channel_select(struct buf *w, enum clock_channel selected)
{
	html_raw(w, "<div class=\"field\"><label for=\"f-fix-channel\">渠道</label>"
		    "<select id=\"f-fix-channel\" name=\"channel\">");
	for (int c = 0; c < CLOCK_CHANNELS; c++) {
		html_raw(w, "<option value=\"");
		html_attr(w, clock_channel_key((enum clock_channel)c));
		html_raw(w, c == (int)selected ? "\" selected>" : "\">");
		html_txt(w, clock_channel_label((enum clock_channel)c));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div>");
}

static void party_select(struct buf *w, enum clock_party selected)
{
	html_raw(w, "<div class=\"field\"><label for=\"f-fix-party\">征求对象</label>"
		    "<select id=\"f-fix-party\" name=\"party\">");
	for (int p = 0; p < CLOCK_PARTIES; p++) {
		html_raw(w, "<option value=\"");
		html_attr(w, clock_party_key((enum clock_party)p));
		html_raw(w, p == (int)selected ? "\" selected>" : "\">");
		html_txt(w, clock_party_label((enum clock_party)p));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div>");
}

/* The fields of one event's kind, filled with e (the stored event or what was posted). */
static void event_fields(struct buf *w, const struct clock_event *e)
{
	console_date_field(w, "f-fix-on", "on", "日期", e->on, true);
	switch (e->kind) {
	case CLOCK_RECEIVED:
		channel_select(w, e->channel);
		console_date_field(w, "f-fix-arrived", "arrived", "实际到达日期（可不填）",
				   e->arrived, false);
		break;
	case CLOCK_SUPPLEMENT_REQUESTED:
		console_date_field(w, "f-fix-until", "until", "补正期限（可不填）", e->until,
				   false);
		break;
	case CLOCK_CONSULTATION_STARTED:
	case CLOCK_CONSULTATION_ANSWERED:
	case CLOCK_CONSULTATION_LAPSED:
		party_select(w, e->party);
		console_text_field(w, "f-fix-who", "who", "名称", e->who, false, 100);
		if (e->kind == CLOCK_CONSULTATION_STARTED)
			console_date_field(w, "f-fix-delivered", "delivered", "送达日期（可不填）",
					   e->delivered, false);
		break;
	case CLOCK_EXTENSION_APPROVED:
		html_raw(w, "<div class=\"field\"><label for=\"f-fix-days\" class=\"required\">"
			    "延长工作日数</label><input type=\"number\" id=\"f-fix-days\" "
			    "name=\"days\" min=\"1\" max=\"20\" required value=\"");
		html_attrf(w, "%d", e->days);
		html_raw(w, "\"></div>");
		console_text_field(w, "f-fix-approver", "approver", "批准人", e->approver, true,
				   64);
		break;
	case CLOCK_FEE_NOTICE_SENT:
		console_date_field(w, "f-fix-delivered", "delivered", "送达日期（可不填）",
				   e->delivered, false);
		break;
	case CLOCK_REPLIED:
		html_raw(w, "<p class=\"hint\">答复只能更正日期：答复结果和答复书编号");
		if (e->letter_no && *e->letter_no) {
			html_raw(w, "（");
			html_txt(w, e->letter_no);
			html_raw(w, "）");
		}
		html_raw(w, "保持不变，不会占用新的编号。</p>");
		break;
	default: break;
	}
}

static int render(struct web_request *req, struct web_response *res, long long id,
		  const struct request_record *rec, int seq, const struct clock_event *sticky,
		  const char *reason, const char *error, int status)
{
	char *title = arena_printf(req->arena, "更正办理记录：申请第%lld号", id);
	res->status = status;
	ui_console_begin(req, res, title ? title : "更正办理记录", "/console/requests");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/requests\">依申请公开办理</a> › "
		    "<a href=\"");
	html_attrf(w, "/console/requests/%lld", id);
	html_raw(w, "\">");
	html_txtf(w, "申请第%lld号", id);
	html_raw(w, "</a> › 更正办理记录</p>\n<h1>更正办理记录</h1>\n");
	if (error)
		console_alert(w, "error", error);
	html_raw(w, "<p>办理事项登记有误的（日期或内容），可以在这里更正。原记录不会删除，"
		    "会作为“已更正”保留在办理过程中，并记入操作日志；答复期限按更正后的记录"
		    "重新计算。更正后的日期不能晚于今天，也不能早于它前面的办理事项。</p>\n");
	if (seq < 1 || (size_t)seq > rec->nevents) {
		html_raw(w, "<section class=\"panel\"><h2>选择要更正的事项</h2>"
			    "<table class=\"data\"><caption class=\"sr-only\">办理事项</caption>"
			    "<thead><tr><th scope=\"col\">序号</th><th scope=\"col\">日期</th>"
			    "<th scope=\"col\">事项</th><th scope=\"col\">内容</th>"
			    "<th scope=\"col\">操作</th></tr></thead><tbody>");
		for (size_t i = 0; i < rec->nevents; i++) {
			html_raw(w, "<tr><td>");
			html_txtf(w, "%zu", i + 1);
			html_raw(w, "</td><td>");
			console_day(w, rec->events[i].on);
			html_raw(w, "</td><td>");
			html_txt(w, clock_event_label(rec->events[i].kind));
			html_raw(w, "</td><td>");
			console_event_details(w, &rec->events[i]);
			html_raw(w, "</td><td><a href=\"");
			html_attrf(w, "/console/requests/%lld/correct?seq=%zu", id, i + 1);
			html_raw(w, "\">更正</a></td></tr>");
		}
		html_raw(w, "</tbody></table></section>\n");
		console_corrections_panel(req, w, id);
		ui_console_end(req, res);
		return 0;
	}
	const struct clock_event *was = &rec->events[seq - 1];
	published_warning(req, w, rec->agency_id, was->on, sticky ? sticky->on : 0);
	html_raw(w, "<section class=\"panel\"><h2>原记录</h2><p id=\"original\">");
	console_day(w, was->on);
	html_raw(w, " <strong>");
	html_txt(w, clock_event_label(was->kind));
	html_raw(w, "</strong> <span class=\"muted\">");
	console_event_details(w, was);
	html_raw(w, "</span></p></section>\n<section class=\"panel\"><h2>更正为</h2>"
		    "<form method=\"post\" class=\"form\" id=\"correct-form\" action=\"");
	html_attrf(w, "/console/requests/%lld/correct", id);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"seq\" value=\"");
	html_attrf(w, "%d", seq);
	html_raw(w, "\">");
	event_fields(w, sticky ? sticky : was);
	html_raw(w, "<div class=\"field\"><label for=\"f-fix-reason\" class=\"required\">更正理由"
		    "</label><textarea id=\"f-fix-reason\" name=\"reason\" class=\"short\" "
		    "maxlength=\"500\" required>");
	html_txt(w, reason ? reason : "");
	html_raw(w, "</textarea></div><p><button type=\"submit\" class=\"button primary\">保存更正"
		    "</button> <a href=\"");
	html_attrf(w, "/console/requests/%lld", id);
	html_raw(w, "\">取消</a></p></form></section>\n");
	ui_console_end(req, res);
	return 0;
}

int page_console_correct(struct web_request *req, struct web_response *res)
{
	long long id, seq = 0;
	struct request_record rec;
	int rc;
	if (!target(req, res, &id, &rec, &rc))
		return rc;
	console_id(web_arg(req, "seq"), &seq);
	return render(req, res, id, &rec, seq > 1000 ? 0 : (int)seq, NULL, NULL, NULL, 200);
}

int page_console_correct_post(struct web_request *req, struct web_response *res)
{
	long long id, seq = 0;
	struct request_record rec;
	int rc;
	if (!target(req, res, &id, &rec, &rc))
		return rc;
	if (!console_id(console_form_text(req, "seq"), &seq) || seq > (long long)rec.nevents)
		return render(req, res, id, &rec, 0, NULL, NULL, "请选择要更正的事项。", 422);
	struct clock_event ev = rec.events[seq - 1];
	const char *reason = console_form_text(req, "reason");
	ev.on = console_form_day(req, "on");
	switch (ev.kind) {
	case CLOCK_RECEIVED: {
		int ch = clock_channel_by_key(str_c(console_form_text(req, "channel")));
		if (ch >= 0)
			ev.channel = (enum clock_channel)ch;
		ev.arrived = console_form_day(req, "arrived");
		break;
	}
	case CLOCK_SUPPLEMENT_REQUESTED: ev.until = console_form_day(req, "until"); break;
	case CLOCK_CONSULTATION_STARTED:
	case CLOCK_CONSULTATION_ANSWERED:
	case CLOCK_CONSULTATION_LAPSED: {
		int p = clock_party_by_key(str_c(console_form_text(req, "party")));
		if (p >= 0)
			ev.party = (enum clock_party)p;
		ev.who = console_form_text(req, "who");
		if (ev.kind == CLOCK_CONSULTATION_STARTED)
			ev.delivered = console_form_day(req, "delivered");
		break;
	}
	case CLOCK_EXTENSION_APPROVED: {
		long long days = 0;
		if (!console_id(console_form_text(req, "days"), &days) || days > 20)
			return render(req, res, id, &rec, (int)seq, &ev, reason,
				      "延长的工作日数应为 1 至 20。", 422);
		ev.days = (int)days;
		ev.approver = console_form_text(req, "approver");
		break;
	}
	case CLOCK_FEE_NOTICE_SENT: ev.delivered = console_form_day(req, "delivered"); break;
	default: break;
	}
	if (!ev.on)
		return render(req, res, id, &rec, (int)seq, &ev, reason,
			      "请填写正确的日期（年-月-日）。", 422);
	struct buf err = BUF_INIT;
	rc = store_request_correct(req->db, console_actor(req), console_calendar(), id, (int)seq,
				   &ev, reason, NULL, &err);
	if (rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ERANGE || rc == ZF_ENOENT) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法更正");
		buf_free(&err);
		/* the page shows the history as stored, the form what was posted */
		return render(req, res, id, &rec, (int)seq, &ev, reason, msg ? msg : "无法更正",
			      422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	char *to = arena_printf(req->arena, "/console/requests/%lld?done=corrected", id);
	ui_redirect(req, res, to ? to : "/console/requests");
	return 0;
}

int console_corrections_panel(struct web_request *req, struct buf *w, long long id)
{
	struct request_correction *c = NULL;
	size_t n = 0;
	int rc = store_request_corrections(req->db, req->arena, id, &c, &n);
	if (rc || n == 0)
		return rc;
	html_raw(
	    w, "<section class=\"panel\" aria-labelledby=\"h-corrections\" id=\"corrections\">"
	       "\n<h2 id=\"h-corrections\">已更正的记录</h2>\n<ol class=\"timeline superseded\">");
	for (size_t i = 0; i < n; i++) {
		char bj[20];
		html_raw(w, "<li><span class=\"tag muted\">已更正</span> <del>");
		console_day(w, c[i].before.on);
		html_raw(w, " ");
		html_txt(w, clock_event_label(c[i].before.kind));
		html_raw(w, "</del><br><span class=\"muted\">原内容：");
		console_event_details(w, &c[i].before);
		html_raw(w, "</span><br>");
		html_txtf(w, "第 %d 项，由 ", c[i].seq);
		html_txt(w, c[i].by_name);
		html_raw(w, " 于 ");
		html_txt(w, audit_time_beijing(c[i].corrected_at, bj));
		html_raw(w, " 更正；理由：");
		html_txt(w, c[i].reason);
		html_raw(w, "</li>");
	}
	html_raw(w, "</ol>\n</section>\n");
	return 0;
}
