/* page_console_reviews.c: /console/reviews: 行政复议 and 行政诉讼 cases brought over
 * disclosure requests (条例 Art. 51), each linked to its request; they feed table 4 of the
 * annual report. A clerk adds a case to a request of an agency they handle and records its
 * outcome (结果维持 / 结果纠正 / 其他结果). */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/requests.h"
#include "ui_shared.h"

static const struct {
	const char *key, *message;
} done_messages[] = {
    {"added", "已登记复议诉讼案件。"},
    {"decided", "已记录案件结果。"},
};

static const char *kind_label(enum report_t4_group g)
{
	switch (g) {
	case REPORT_T4_REVIEW: return "行政复议";
	case REPORT_T4_LITIGATION_DIRECT: return "行政诉讼（未经复议直接起诉）";
	case REPORT_T4_LITIGATION_AFTER_REVIEW: return "行政诉讼（复议后起诉）";
	case REPORT_T4_GROUPS: break;
	}
	return "";
}

struct review_sticky {
	const char *request, *kind, *body;
	zf_day filed;
};

static int render(struct web_request *req, struct web_response *res, const char *error, int status,
		  const struct review_sticky *st)
{
	struct review_row *rows = NULL;
	size_t n = 0;
	int rc = store_review_list(req->db, req->arena, 0, &rows, &n);
	if (rc)
		return rc;
	struct console_agencies ag;
	rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	res->status = status;
	ui_console_begin(req, res, "复议诉讼", "/console/reviews");
	struct buf *w = &res->body;
	html_raw(w, "<h1>行政复议和行政诉讼</h1>\n<p class=\"muted\">申请人对政府信息公开工作"
		    "提起的行政复议、行政诉讼案件。案件数量和结果计入年度报告表四。</p>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	for (size_t i = 0; !error && done && i < ARRAY_SIZE(done_messages); i++)
		if (strcmp(done, done_messages[i].key) == 0)
			console_alert(w, "ok", done_messages[i].message);

	size_t shown = 0;
	html_raw(w, "<section class=\"panel\"><h2>案件</h2>\n");
	for (size_t i = 0; i < n; i++) {
		const struct review_row *r = &rows[i];
		if (!session_can(req, r->agency_id, ROLE_VIEWER))
			continue;
		if (shown++ == 0)
			html_raw(w,
				 "<table class=\"data\"><caption class=\"sr-only\">复议诉讼案件"
				 "</caption><thead><tr><th scope=\"col\">案件</th>"
				 "<th scope=\"col\">关联申请</th><th scope=\"col\">机关</th>"
				 "<th scope=\"col\">类型</th><th scope=\"col\">复议机关或法院</th>"
				 "<th scope=\"col\">提起日期</th><th scope=\"col\">结果</th></tr>"
				 "</thead><tbody>");
		html_raw(w, "<tr><td>");
		html_txtf(w, "第%lld号", r->id);
		html_raw(w, "</td><td><a href=\"");
		html_attrf(w, "/console/requests/%lld", r->request_id);
		html_raw(w, "\">");
		html_txtf(w, "申请第%lld号", r->request_id);
		html_raw(w, "</a></td><td>");
		html_txt(w, console_agency_name(&ag, r->agency_id));
		html_raw(w, "</td><td>");
		html_txt(w, kind_label(r->kind));
		html_raw(w, "</td><td>");
		html_txt(w, r->body && *r->body ? r->body : "—");
		html_raw(w, "</td><td>");
		console_day(w, r->filed_on);
		html_raw(w, "</td><td>");
		if (r->decided_on) {
			html_txt(w, report_t4_field_labels[r->outcome]);
			html_raw(w, "（");
			console_day(w, r->decided_on);
			html_raw(w, "）");
		} else if (session_can(req, r->agency_id, ROLE_CLERK)) {
			html_raw(w, "<span class=\"tag soon\">尚未审结</span>"
				    "<form method=\"post\" class=\"form compact\" action=\"");
			html_attrf(w, "/console/reviews/%lld/decide", r->id);
			html_raw(w, "\">");
			session_csrf_field(req, w);
			html_raw(w, "<label for=\"");
			html_attrf(w, "rv-%lld-outcome", r->id);
			html_raw(w, "\">结果</label><select name=\"outcome\" id=\"");
			html_attrf(w, "rv-%lld-outcome", r->id);
			html_raw(w, "\"><option value=\"upheld\">结果维持</option>"
				    "<option value=\"corrected\">结果纠正</option>"
				    "<option value=\"other\">其他结果</option></select>");
			char d[11];
			html_raw(w, "<label for=\"");
			html_attrf(w, "rv-%lld-on", r->id);
			html_raw(w,
				 "\">日期</label><input type=\"date\" name=\"on\" required id=\"");
			html_attrf(w, "rv-%lld-on", r->id);
			html_raw(w, "\" value=\"");
			html_attr(w, date_format(date_today(), d));
			html_raw(w, "\"><button type=\"submit\" class=\"button primary\">记录结果"
				    "</button></form>");
		} else {
			html_raw(w, "<span class=\"tag soon\">尚未审结</span>");
		}
		html_raw(w, "</td></tr>");
	}
	if (shown)
		html_raw(w, "</tbody></table>\n");
	else
		html_raw(w, "<p class=\"muted\">暂无案件。</p>\n");
	html_raw(w, "</section>\n");

	if (req->user->role >= ROLE_CLERK) {
		char d[11];
		html_raw(w, "<section class=\"panel\"><h2>登记案件</h2>\n"
			    "<form method=\"post\" action=\"/console/reviews\" class=\"form\">");
		session_csrf_field(req, w);
		console_text_field(w, "rv-request", "request", "关联申请的编号",
				   st ? st->request : NULL, true, 18);
		html_raw(w, "<div class=\"field\"><label for=\"rv-kind\" class=\"required\">类型"
			    "</label><select id=\"rv-kind\" name=\"kind\">");
		for (int g = 0; g < REPORT_T4_GROUPS; g++) {
			html_raw(w, "<option value=\"");
			html_attr(w, report_t4_groups[g].key);
			html_raw(w, st && st->kind && !strcmp(st->kind, report_t4_groups[g].key)
					? "\" selected>"
					: "\">");
			html_txt(w, kind_label((enum report_t4_group)g));
			html_raw(w, "</option>");
		}
		html_raw(w, "</select></div>");
		console_text_field(w, "rv-body", "body", "复议机关或法院", st ? st->body : NULL,
				   false, 100);
		html_raw(w, "<div class=\"field\"><label for=\"rv-filed\" class=\"required\">"
			    "提起日期</label><input type=\"date\" id=\"rv-filed\" name=\"filed\" "
			    "required value=\"");
		html_attr(w, date_format(st && st->filed ? st->filed : date_today(), d));
		html_raw(w, "\"></div><p><button type=\"submit\" class=\"button primary\">登记案件"
			    "</button></p></form></section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_console_reviews(struct web_request *req, struct web_response *res)
{
	return render(req, res, NULL, 200, NULL);
}

static void redirect_done(struct web_request *req, struct web_response *res, const char *done)
{
	char *to = arena_printf(req->arena, "/console/reviews?done=%s", done);
	ui_redirect(req, res, to ? to : "/console/reviews");
}

int page_console_review_add(struct web_request *req, struct web_response *res)
{
	struct review_sticky st = {
	    .request = console_form_text(req, "request"),
	    .kind = console_form_text(req, "kind"),
	    .body = console_form_text(req, "body"),
	    .filed = console_form_day(req, "filed"),
	};
	long long rid = 0;
	struct request_meta meta;
	/* a request of an agency the user does not handle reads as a missing one */
	if (!console_id(st.request, &rid) ||
	    store_request_meta(req->db, req->arena, rid, &meta) != 0 ||
	    !session_can(req, meta.agency_id, ROLE_CLERK))
		return render(req, res, "没有这个编号的申请，请核对申请编号。", 422, &st);
	int kind = -1;
	for (int g = 0; g < REPORT_T4_GROUPS; g++)
		if (strcmp(st.kind, report_t4_groups[g].key) == 0)
			kind = g;
	if (kind < 0)
		return render(req, res, "请选择案件类型。", 422, &st);
	if (!st.filed)
		return render(req, res, "请填写正确的提起日期（年-月-日）。", 422, &st);
	struct review_new rv = {
	    .request_id = rid,
	    .kind = (enum report_t4_group)kind,
	    .filed_on = st.filed,
	    .body = *st.body ? st.body : NULL,
	};
	struct buf err = BUF_INIT;
	int rc = store_review_add(req->db, console_actor(req), &rv, NULL, &err);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法登记");
		buf_free(&err);
		return render(req, res, msg ? msg : "无法登记", 422, &st);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_done(req, res, "added");
	return 0;
}

int page_console_review_decide(struct web_request *req, struct web_response *res)
{
	long long id;
	if (!console_id(req->path_args[0], &id))
		return console_not_found(req, res);
	struct review_row *rows = NULL;
	size_t n = 0;
	int rc = store_review_list(req->db, req->arena, 0, &rows, &n);
	if (rc)
		return rc;
	const struct review_row *r = NULL;
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == id)
			r = &rows[i];
	if (!r || !session_can(req, r->agency_id, ROLE_CLERK))
		return console_not_found(req, res);
	const char *o = console_form_text(req, "outcome");
	enum report_t4_field outcome;
	if (!strcmp(o, "upheld"))
		outcome = REPORT_T4_UPHELD;
	else if (!strcmp(o, "corrected"))
		outcome = REPORT_T4_CORRECTED;
	else if (!strcmp(o, "other"))
		outcome = REPORT_T4_OTHER;
	else
		return render(req, res, "请选择案件结果。", 422, NULL);
	zf_day on = console_form_day(req, "on");
	if (!on)
		return render(req, res, "请填写正确的日期（年-月-日）。", 422, NULL);
	struct buf err = BUF_INIT;
	rc = store_review_decide(req->db, console_actor(req), id, outcome, on, &err);
	if (rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ENOENT) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法记录");
		buf_free(&err);
		return render(req, res, msg ? msg : "无法记录", 422, NULL);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_done(req, res, "decided");
	return 0;
}
