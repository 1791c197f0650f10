/* page_interview_public.c: 在线访谈 on the public site. /hdjl/interviews lists the coming
 * interviews first, then the past ones; /hdjl/interviews/{id} shows the announcement, the
 * time and the guests, the question form while it is announced (CSRF, throttled per
 * address), the questions the agency approved (personal data masked) and, once published,
 * the transcript, one paragraph a speaker's turn. */
#include "common.h"
#include "arena.h"
#include "log.h"
#include "page_consult.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/consult.h"
#include "store/db.h"
#include "ui_shared.h"

#define PUBLIC_ACTOR "public"

static bool parse_id(const char *s, long long *out)
{
	long v = 0;
	if (!s || str_to_long(str_c(s), &v) || v <= 0)
		return false;
	*out = v;
	return true;
}

static void crumbs(struct buf *w, const char *here)
{
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		    "<a href=\"/hdjl\">互动交流</a> › ");
	if (here) {
		html_raw(w, "<a href=\"/hdjl/interviews\">在线访谈</a> › <span "
			    "aria-current=\"page\">");
		html_txt(w, here);
	} else {
		html_raw(w, "<span aria-current=\"page\">在线访谈");
	}
	html_raw(w, "</span></nav>\n");
}

static void when(struct buf *w, const struct interview *v)
{
	char d[11], t[6];
	html_txt(w, date_format(v->f.held_on, d));
	html_txt(w, "（");
	html_txt(w, date_weekday_zh(v->f.held_on));
	html_txt(w, "）");
	html_txt(w, consult_hhmm(v->f.held_minute, t));
}

static void status_tag(struct buf *w, enum interview_status s)
{
	html_raw(w, s == INTERVIEW_ANNOUNCED ? "<span class=\"tag soon\">"
		    : s == INTERVIEW_LIVE    ? "<span class=\"tag ok\">"
					     : "<span class=\"tag muted\">");
	html_txt(w, interview_status_label(s));
	html_raw(w, "</span>");
}

int page_interview_list(struct web_request *req, struct web_response *res)
{
	struct interview *v;
	size_t n;
	int rc = store_interview_list(req->db, req->arena, 0, &v, &n);
	if (rc)
		return rc;
	ui_begin(req, res, "在线访谈", "/hdjl");
	struct buf *w = &res->body;
	crumbs(w, NULL);
	html_raw(w, "<h1>在线访谈</h1>\n<p>机关负责人和业务部门走进访谈，解读政策、回应关切。"
		    "访谈前欢迎提出问题，访谈结束后公布文字实录。</p>\n");
	if (!n)
		html_raw(w, "<p class=\"muted\">暂无在线访谈。</p>\n");
	else
		html_raw(w, "<ul class=\"doc-list\">\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<li class=\"doc-item\"><a class=\"doc-title\" href=\"");
		html_attrf(w, "/hdjl/interviews/%lld", v[i].id);
		html_raw(w, "\">");
		html_txt(w, v[i].f.title);
		html_raw(w, "</a> ");
		status_tag(w, v[i].status);
		html_raw(w, "<div class=\"doc-meta muted\">");
		html_txt(w, v[i].agency_name);
		html_raw(w, "　访谈时间：");
		when(w, &v[i]);
		html_raw(w, "</div></li>\n");
	}
	if (n)
		html_raw(w, "</ul>\n");
	ui_end(req, res);
	return 0;
}

struct question_form {
	const char *name, *contact, *body;
};

static void transcript(struct buf *w, const char *text)
{
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		size_t m = n;
		while (m && (p[m - 1] == '\r' || p[m - 1] == ' '))
			m--;
		if (m) {
			/* "发言人：话": the speaker in bold when the colon comes early */
			const char *colon = NULL;
			for (size_t k = 0; k + 3 <= m && k <= 40; k++)
				if (!memcmp(p + k, "：", 3)) {
					colon = p + k;
					break;
				}
			html_raw(w, "<p>");
			if (colon && colon > p) {
				html_raw(w, "<strong>");
				html_txtn(w, p, (size_t)(colon - p) + 3);
				html_raw(w, "</strong>");
				html_txtn(w, colon + 3, m - (size_t)(colon - p) - 3);
			} else {
				html_txtn(w, p, m);
			}
			html_raw(w, "</p>\n");
		}
		p += n;
		if (*p)
			p++;
	}
}

static int interview_page(struct web_request *req, struct web_response *res,
			  const struct interview *v, const struct question_form *qf,
			  const char *error, int status)
{
	struct interview_question *q;
	size_t nq;
	int rc = store_interview_questions(req->db, req->arena, v->id, true, &q, &nq);
	if (rc)
		return rc;
	res->status = status;
	ui_begin(req, res, v->f.title, "/hdjl");
	struct buf *w = &res->body;
	crumbs(w, v->f.title);
	html_raw(w, "<article class=\"doc\"><h1 class=\"doc-heading\">");
	html_txt(w, v->f.title);
	html_raw(w, "</h1>\n<table class=\"doc-meta\"><tr><th scope=\"row\">主办机关</th><td>");
	html_txt(w, v->agency_name);
	html_raw(w, "</td></tr><tr><th scope=\"row\">访谈时间</th><td>");
	when(w, v);
	html_raw(w, "</td></tr><tr><th scope=\"row\">状态</th><td>");
	status_tag(w, v->status);
	html_raw(w, "</td></tr>");
	if (v->nguests) {
		html_raw(w, "<tr><th scope=\"row\">访谈嘉宾</th><td><ul class=\"guests\">");
		for (size_t i = 0; i < v->nguests; i++) {
			html_raw(w, "<li>");
			html_txt(w, v->guests[i].name);
			if (*v->guests[i].title) {
				html_raw(w, "　");
				html_txt(w, v->guests[i].title);
			}
			html_raw(w, "</li>");
		}
		html_raw(w, "</ul></td></tr>");
	}
	html_raw(w, "</table>\n");
	if (web_arg(req, "sent"))
		html_raw(w, "<div class=\"alert ok\" role=\"status\">您的问题已提交，经审核后将在"
			    "访谈中选择回答。感谢您的参与。</div>\n");
	html_raw(w, "<section aria-labelledby=\"ann-title\"><h2 id=\"ann-title\">访谈预告</h2>"
		    "<div class=\"doc-body\">\n");
	consult_paragraphs(w, v->f.announcement);
	html_raw(w, "</div></section>\n");
	if (v->status == INTERVIEW_PUBLISHED) {
		html_raw(w, "<section aria-labelledby=\"tr-title\" id=\"transcript\"><h2 "
			    "id=\"tr-title\">文字实录</h2><div class=\"doc-body transcript\">\n");
		transcript(w, v->transcript);
		html_raw(w, "</div></section>\n");
	}
	html_raw(w, "</article>\n");

	if (v->status == INTERVIEW_ANNOUNCED) {
		html_raw(w,
			 "<section class=\"panel\" aria-labelledby=\"q-title\"><h2 id=\"q-title\">"
			 "提出问题</h2>\n");
		if (error) {
			html_raw(
			    w, "<div class=\"alert error\" role=\"alert\" id=\"question-error\">");
			html_txt(w, error);
			html_raw(w, "</div>\n");
		}
		html_raw(w, "<form method=\"post\" class=\"form\" action=\"");
		html_attrf(w, "/hdjl/interviews/%lld", v->id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		html_raw(w, "<div class=\"field\"><label for=\"q-name\">姓名</label><input "
			    "type=\"text\" id=\"q-name\" name=\"name\" maxlength=\"50\" value=\"");
		html_attr(w, qf ? qf->name : "");
		html_raw(w, "\"><span class=\"hint\">可不填；公开时只显示姓氏。</span></div>\n"
			    "<div class=\"field\"><label for=\"q-contact\">联系方式</label><input "
			    "type=\"text\" id=\"q-contact\" name=\"contact\" maxlength=\"100\" "
			    "value=\"");
		html_attr(w, qf ? qf->contact : "");
		html_raw(w, "\"><span class=\"hint\">不会公开。</span></div>\n");
		consult_textarea(w, "q-body", "body", "您的问题", qf ? qf->body : "", true,
				 INTERVIEW_QUESTION_MAX, 5);
		html_raw(w, "<p><button type=\"submit\" class=\"button primary\">提交问题</button>"
			    "</p></form></section>\n");
	} else if (error) {
		html_raw(w, "<div class=\"alert error\" role=\"alert\" id=\"question-error\">");
		html_txt(w, error);
		html_raw(w, "</div>\n");
	}

	if (nq) {
		html_raw(w, "<section aria-labelledby=\"ql-title\"><h2 id=\"ql-title\">网友提问"
			    "</h2>\n<ol class=\"questions\">\n");
		for (size_t i = 0; i < nq; i++) {
			const char *body = consult_mask(req, q[i].body);
			const char *answer = consult_mask(req, q[i].answer);
			if (!body || !answer)
				return ZF_ENOMEM;
			html_raw(w, "<li><p class=\"muted\">");
			html_txt(w, consult_name_mask(req, q[i].name));
			html_raw(w, "</p>");
			consult_paragraphs(w, body);
			if (q[i].answered) {
				html_raw(w, "<p><span class=\"tag ok\">已答复</span></p>");
				consult_paragraphs(w, answer);
			}
			html_raw(w, "</li>\n");
		}
		html_raw(w, "</ol></section>\n");
	}
	html_raw(w, "<p><a href=\"/hdjl/interviews\">返回在线访谈列表</a></p>\n");
	ui_end(req, res);
	return 0;
}

static int load(struct web_request *req, struct web_response *res, struct interview *v)
{
	long long id;
	int rc = parse_id(req->path_args[0], &id) ? store_interview_get(req->db, req->arena, id, v)
						  : ZF_ENOENT;
	if (rc == ZF_ENOENT)
		ui_error_page(req, res, 404, "在线访谈不存在",
			      "没有找到这期在线访谈。请从在线访谈列表中选择。");
	return rc;
}

int page_interview_view(struct web_request *req, struct web_response *res)
{
	struct interview v;
	int rc = load(req, res, &v);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	return interview_page(req, res, &v, NULL, NULL, 200);
}

static const char *form_text(struct web_request *req, const char *name)
{
	const char *v = web_form(req, name);
	if (!v)
		return "";
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	const char *out = arena_strndup(req->arena, v, n);
	return out ? out : "";
}

int page_interview_question(struct web_request *req, struct web_response *res)
{
	struct interview v;
	int rc = load(req, res, &v);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	time_t now = time(NULL);
	bool over = false;
	if ((rc = consult_throttled(req->db, THROTTLE_INTERVIEW_QUESTION, req->client_ip, now,
				    &over)))
		return rc;
	if (over) {
		consult_flood_page(req, res);
		return 0;
	}
	struct question_form qf = {form_text(req, "name"), form_text(req, "contact"),
				   form_text(req, "body")};
	struct buf err = BUF_INIT;
	rc = store_interview_question_add(req->db, PUBLIC_ACTOR, v.id, qf.name, qf.contact, qf.body,
					  NULL, &err);
	if (rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ENOENT) {
		const char *msg =
		    arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法提交问题");
		buf_free(&err);
		return interview_page(req, res, &v, &qf, msg ? msg : "无法提交问题",
				      rc == ZF_EINVAL ? 422 : 409);
	}
	buf_free(&err);
	if (rc)
		return rc;
	if ((rc =
		 consult_throttle_count(req->db, THROTTLE_INTERVIEW_QUESTION, req->client_ip, now)))
		log_warn("question throttle not counted error=\"%s\"", zf_strerror(rc));
	ui_redirect(req, res, arena_printf(req->arena, "/hdjl/interviews/%lld?sent=1", v.id));
	return 0;
}
