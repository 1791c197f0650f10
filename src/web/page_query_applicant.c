/* page_query_applicant.c: what the applicant does on the /query result page: submit the
 * supplement (补正) while one is awaited, and rate the handling (好差评) after the reply.
 * Both forms carry the query code and the second factor again (hidden fields, never the
 * URL) with the CSRF token, and go through the same look-up and failure throttle as /query
 * (page_query.c); what they write is the store's check (store/applicant.h). */
#include "common.h"
#include "arena.h"
#include "law/clock.h"
#include "page_public.h"
#include "page_query.h"
#include "render/html.h"
#include "session.h"
#include "store/applicant.h"
#include "ui_shared.h"

/* The hidden fields that identify the request again. */
static void identity_fields(struct web_request *req, struct buf *w, const struct query_hit *hit)
{
	const char *code = web_form(req, "code");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"code\" value=\"");
	html_attr(w, code ? code : "");
	html_raw(w, "\"><input type=\"hidden\" name=\"phone\" value=\"");
	html_attr(w, hit->phone ? hit->phone : "");
	html_raw(w, "\">\n");
}

static void form_error(struct buf *w, const struct query_form_state *fs, const char *form,
		       const char *id)
{
	if (!fs || !fs->error || !fs->form || strcmp(fs->form, form) != 0)
		return;
	html_raw(w, "<div class=\"alert error\" role=\"alert\" tabindex=\"-1\" id=\"");
	html_attr(w, id);
	html_raw(w, "\">");
	html_txt(w, fs->error);
	html_raw(w, "</div>\n");
}

/* ---------------------------------------------------------------- 补正 */

static bool supplement_section(struct web_request *req, struct buf *w, const struct query_hit *hit,
			       const struct clock_status *cs, const char *const *notices,
			       const struct query_form_state *fs)
{
	struct supplement sup;
	bool online = store_supplement_get(req->db, req->arena, hit->id, &sup) == 0;
	bool awaited = !strcmp(cs->state, "awaiting_supplement") && !cs->supplement_received;
	if (!online && !awaited)
		return false;
	html_raw(w,
		 "<section class=\"panel applicant-supplement\" aria-labelledby=\"h-supplement\">"
		 "\n<h2 id=\"h-supplement\">补正申请</h2>\n");
	if (online) {
		html_raw(w, "<p id=\"supplement-done\">您已于 ");
		ui_time_beijing(w, sup.submitted_at, "");
		html_raw(w, " 在线提交补正，答复期限自受理机关收到补正之日起重新计算。</p>\n"
			    "<div class=\"notice-text\" id=\"supplement-text\">");
		html_txt(w, sup.text);
		html_raw(w, "</div>\n</section>\n");
		return false;
	}
	/* what was asked: the clerk's notice on the 补正 event */
	const char *asked = NULL;
	for (size_t i = 0; i < hit->r.nevents; i++)
		if (hit->r.events[i].kind == CLOCK_SUPPLEMENT_REQUESTED && notices && notices[i])
			asked = notices[i];
	html_raw(w, "<p><strong>需要补正的内容：</strong></p>\n<div class=\"notice-text\" "
		    "id=\"supplement-asked\">");
	html_txt(w, asked ? asked
			  : "请按照受理机关的补正告知书，补充或者更改申请内容（例如所需信息的名称、"
			    "文号或者便于查询的其他特征性描述）。");
	html_raw(w, "</div>\n");
	if (cs->supplement_until) {
		html_raw(w, "<p>补正期限：<strong id=\"supplement-until\">");
		public_date(w, cs->supplement_until);
		html_raw(w, "</strong></p>\n");
	}
	if (cs->supplement_until && date_today() > cs->supplement_until) {
		html_raw(w,
			 "<p class=\"alert info\">补正期限已届满，不能在线提交补正。如有正当理由，"
			 "请与受理机关联系。</p>\n</section>\n");
		return false;
	}
	html_raw(w, "<form method=\"post\" action=\"/query/supplement\" class=\"form\">\n");
	form_error(w, fs, "supplement", "supplement-error");
	identity_fields(req, w, hit);
	buf_printf(
	    w,
	    "<div class=\"field\"><label for=\"f-supplement\" class=\"required\">补正内容"
	    "</label><span class=\"hint\" id=\"f-supplement-hint\">请写明补充或者更改后的申请"
	    "内容，不超过 %d 字。提交后答复期限自今天起重新计算。</span>",
	    SUPPLEMENT_MAX);
	buf_printf(w,
		   "<textarea id=\"f-supplement\" name=\"supplement\" rows=\"6\" maxlength=\"%d\" "
		   "required aria-required=\"true\" aria-describedby=\"f-supplement-hint\">",
		   SUPPLEMENT_MAX);
	if (fs && fs->text)
		html_txt(w, fs->text);
	html_raw(w, "</textarea></div>\n<p><button type=\"submit\" class=\"button primary\" "
		    "id=\"supplement-submit\">提交补正</button></p>\n</form>\n</section>\n");
	return true;
}

/* ---------------------------------------------------------------- 好差评 */

static bool rating_section(struct web_request *req, struct buf *w, const struct query_hit *hit,
			   const struct clock_status *cs, const struct query_form_state *fs)
{
	if (strcmp(cs->state, "replied") != 0)
		return false;
	html_raw(w, "<section class=\"panel applicant-rating\" aria-labelledby=\"h-rating\">\n"
		    "<h2 id=\"h-rating\">评价本次办理（好差评）</h2>\n");
	struct rating rt;
	if (store_rating_get(req->db, req->arena, hit->id, &rt) == 0) {
		html_raw(w, "<p id=\"rating-done\">您已于 ");
		ui_time_beijing(w, rt.rated_at, "");
		html_raw(w, " 作出评价：<strong id=\"rating-level\">");
		html_txt(w, rating_level_label(rt.level));
		html_raw(w, "</strong>。感谢您的评价。</p>\n");
		if (*rt.comment) {
			html_raw(w, "<div class=\"notice-text\" id=\"rating-comment\">");
			html_txt(w, rt.comment);
			html_raw(w, "</div>\n");
		}
		html_raw(w, "</section>\n");
		return false;
	}
	html_raw(w, "<p>请对受理机关办理本申请的情况作出评价。每件申请只能评价一次。</p>\n"
		    "<form method=\"post\" action=\"/query/rating\" class=\"form\">\n");
	form_error(w, fs, "rating", "rating-error");
	identity_fields(req, w, hit);
	html_raw(w, "<fieldset class=\"field choices-field\"><legend class=\"required\">"
		    "满意程度</legend><div class=\"choices\">");
	for (int level = RATING_LEVELS; level >= 1; level--) {
		buf_printf(w,
			   "<label><input type=\"radio\" name=\"level\" value=\"%d\" "
			   "id=\"f-level-%d\" required",
			   level, level);
		if (fs && fs->level == level)
			html_raw(w, " checked");
		html_raw(w, "> ");
		html_txt(w, rating_level_label(level));
		html_raw(w, "</label>");
	}
	html_raw(w, "</div></fieldset>\n<fieldset class=\"field choices-field\" "
		    "aria-describedby=\"f-reason-hint\"><legend>不满意的原因</legend>"
		    "<span class=\"hint\" id=\"f-reason-hint\">选择“不满意”或“非常不满意”时，"
		    "请至少选择一项（可多选）；其他等级不需要选择。</span><div class=\"choices\">");
	for (size_t i = 0; i < rating_nreasons; i++) {
		html_raw(w, "<label><input type=\"checkbox\" name=\"reason\" value=\"");
		html_attr(w, rating_reasons[i].key);
		html_raw(w, "\" id=\"f-reason-");
		html_attr(w, rating_reasons[i].key);
		html_raw(w, "\"> ");
		html_txt(w, rating_reasons[i].label);
		html_raw(w, "</label>");
	}
	buf_printf(w,
		   "</div></fieldset>\n<div class=\"field\"><label for=\"f-comment\">意见和建议"
		   "</label><span class=\"hint\" id=\"f-comment-hint\">选填，不超过 %d 字</span>"
		   "<textarea id=\"f-comment\" name=\"comment\" rows=\"4\" maxlength=\"%d\" "
		   "aria-describedby=\"f-comment-hint\">",
		   RATING_COMMENT_MAX, RATING_COMMENT_MAX);
	if (fs && fs->comment)
		html_txt(w, fs->comment);
	html_raw(w, "</textarea></div>\n<p><button type=\"submit\" class=\"button primary\" "
		    "id=\"rating-submit\">提交评价</button></p>\n</form>\n</section>\n");
	return true;
}

void query_applicant_section(struct web_request *req, struct buf *w, const struct query_hit *hit,
			     const struct clock_status *cs, const char *const *notices,
			     const struct query_form_state *fs)
{
	/* an error whose form is not on the page (no 补正 awaited, not replied, done already)
	 * comes first, on its own */
	struct buf forms = BUF_INIT;
	bool sup = supplement_section(req, &forms, hit, cs, notices, fs);
	bool rating = rating_section(req, &forms, hit, cs, fs);
	if (fs && fs->error && fs->form && !(strcmp(fs->form, "supplement") ? rating : sup))
		form_error(w, fs, fs->form,
			   !strcmp(fs->form, "supplement") ? "supplement-error" : "rating-error");
	buf_add(w, forms.p, forms.len);
	buf_free(&forms);
}

/* ---------------------------------------------------------------- the POSTs */

/* The page again after a write: the request reloaded, with fs. */
static int again(struct web_request *req, struct web_response *res, struct query_hit *hit,
		 const struct query_form_state *fs)
{
	int rc = store_request_get(req->db, req->arena, hit->id, &hit->r);
	return rc ? rc : query_result_page(req, res, hit, fs);
}

static int status_of(int rc)
{
	return rc == ZF_ESTATE ? 409 : 400;
}

int page_query_supplement(struct web_request *req, struct web_response *res)
{
	struct query_hit hit;
	int rc = query_lookup(req, res, &hit);
	if (rc)
		return rc == 1 ? 0 : rc;
	const char *text = web_form(req, "supplement");
	struct str t = str_trim(str_c(text ? text : ""));
	char *trimmed = arena_strndup(req->arena, t.p, t.len);
	if (!trimmed)
		return ZF_ENOMEM;
	const struct calendar *cal = public_calendar();
	if (!cal)
		return ZF_ENOMEM;
	struct buf err = BUF_INIT;
	rc = store_supplement_submit(req->db, cal, hit.id, trimmed, 0, &err);
	struct query_form_state fs = {.form = "supplement", .text = trimmed};
	if (!rc) {
		fs.notice = "补正已提交。答复期限自今天起重新计算，受理机关将在期限内作出答复。";
		fs.text = NULL;
	} else if (rc == ZF_EINVAL || rc == ZF_ESTATE) {
		res->status = status_of(rc);
		fs.error = arena_strdup(req->arena, buf_cstr(&err));
		rc = 0;
	}
	buf_free(&err);
	return rc ? rc : again(req, res, &hit, &fs);
}

int page_query_rating(struct web_request *req, struct web_response *res)
{
	struct query_hit hit;
	int rc = query_lookup(req, res, &hit);
	if (rc)
		return rc == 1 ? 0 : rc;
	const char *level_s = web_form(req, "level");
	int level =
	    level_s && level_s[0] >= '1' && level_s[0] <= '5' && !level_s[1] ? level_s[0] - '0' : 0;
	const char *reasons[16];
	size_t nreasons = 0;
	bool too_many = false;
	for (size_t i = 0; i < req->nform; i++) {
		if (strcmp(req->form[i].name, "reason") != 0)
			continue;
		if (nreasons == ARRAY_SIZE(reasons))
			too_many = true;
		else
			reasons[nreasons++] = req->form[i].value;
	}
	const char *comment = web_form(req, "comment");
	struct str c = str_trim(str_c(comment ? comment : ""));
	char *trimmed = arena_strndup(req->arena, c.p, c.len);
	if (!trimmed)
		return ZF_ENOMEM;
	struct buf err = BUF_INIT;
	if (too_many) {
		buf_setf(&err, "评价原因不在可选范围内");
		rc = ZF_EINVAL;
	} else {
		rc = store_rating_add(req->db, hit.id, level, reasons, nreasons, trimmed, &err);
	}
	struct query_form_state fs = {.form = "rating", .level = level, .comment = trimmed};
	if (!rc) {
		fs.notice = "评价已提交，感谢您对我们工作的监督。";
	} else if (rc == ZF_EINVAL || rc == ZF_ESTATE) {
		res->status = status_of(rc);
		fs.error = arena_strdup(req->arena, buf_cstr(&err));
		rc = 0;
	}
	buf_free(&err);
	return rc ? rc : again(req, res, &hit, &fs);
}
