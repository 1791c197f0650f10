/* page_consult_public.c: 意见征集 on the public site. /hdjl/consultations lists the open
 * consultations first (with the days left to comment), then the closed ones with their
 * 采纳情况; /hdjl/consultations/{id} shows the draft, its 起草说明, the comment form while the
 * period runs (CSRF, throttled per address), the comments when the agency publishes them
 * (personal data masked) and the 采纳情况 once published. Drafts answer 404. */
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

#define PUBLIC_ACTOR "public" /* audit actor of what the public sends */

static bool parse_id(const char *s, long long *out)
{
	long v = 0;
	if (!s || str_to_long(str_c(s), &v) || v <= 0)
		return false;
	*out = v;
	return true;
}

static void not_found(struct web_request *req, struct web_response *res)
{
	ui_error_page(req, res, 404, "意见征集不存在",
		      "没有找到这项意见征集。请从意见征集列表中选择。");
}

static void crumbs(struct buf *w, const char *here)
{
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		    "<a href=\"/hdjl\">互动交流</a> › ");
	if (here) {
		html_raw(w, "<a href=\"/hdjl/consultations\">意见征集</a> › <span "
			    "aria-current=\"page\">");
		html_txt(w, here);
	} else {
		html_raw(w, "<span aria-current=\"page\">意见征集");
	}
	html_raw(w, "</span></nav>\n");
}

static void period(struct buf *w, const struct consultation *c)
{
	char a[11], b[11];
	html_txt(w, date_format(c->f.opens_on, a));
	html_txt(w, " 至 ");
	html_txt(w, date_format(c->f.closes_on, b));
}

/* The status as the public reads it on `today`. */
static void status_tag(struct buf *w, const struct consultation *c, zf_day today)
{
	if (consult_accepting(c, today)) {
		html_raw(w, "<span class=\"tag ok\">征集中，剩余 ");
		html_txtf(w, "%d", consult_days_left(c, today));
		html_raw(w, " 天</span>");
	} else if (c->status == CONSULT_OPEN && today < c->f.opens_on) {
		html_raw(w, "<span class=\"tag soon\">尚未开始</span>");
	} else if (c->status == CONSULT_RESULT) {
		html_raw(w, "<span class=\"tag muted\">已反馈采纳情况</span>");
	} else {
		html_raw(w, "<span class=\"tag muted\">已截止</span>");
	}
}

static void result_counts(struct buf *w, const struct consultation *c)
{
	html_txtf(w, "收到意见 %lld 条，采纳 %lld 条，部分采纳 %lld 条，未采纳 %lld 条",
		  c->nreceived, c->nadopted, c->npartial, c->nrejected);
}

int page_consult_list(struct web_request *req, struct web_response *res)
{
	struct consultation *v;
	size_t n;
	int rc = store_consult_list(req->db, req->arena, 0, true, &v, &n);
	if (rc)
		return rc;
	zf_day today = date_today();
	ui_begin(req, res, "意见征集", "/hdjl");
	struct buf *w = &res->body;
	crumbs(w, NULL);
	html_raw(w, "<h1>意见征集</h1>\n<p>政策文件起草过程中公开征求社会公众意见。征集期内欢迎"
		    "提出意见和建议；征集结束后公布意见采纳情况。</p>\n");
	for (int pass = 0; pass < 2; pass++) {
		html_raw(w, pass == 0 ? "<h2>正在征集</h2>\n" : "<h2>往期征集</h2>\n");
		size_t shown = 0;
		for (size_t i = 0; i < n; i++) {
			const struct consultation *c = &v[i];
			bool live = c->status == CONSULT_OPEN && today <= c->f.closes_on;
			if (live != (pass == 0))
				continue;
			if (!shown)
				html_raw(w, "<ul class=\"doc-list\">\n");
			shown++;
			html_raw(w, "<li class=\"doc-item\"><a class=\"doc-title\" href=\"");
			html_attrf(w, "/hdjl/consultations/%lld", c->id);
			html_raw(w, "\">");
			html_txt(w, c->f.title);
			html_raw(w, "</a> ");
			status_tag(w, c, today);
			html_raw(w, "<div class=\"doc-meta muted\">");
			html_txt(w, c->agency_name);
			html_raw(w, "　征集时间：");
			period(w, c);
			html_raw(w, "</div>");
			if (c->status == CONSULT_RESULT) {
				html_raw(w, "<div class=\"doc-summary\">采纳情况：");
				result_counts(w, c);
				html_raw(w, "</div>");
			}
			html_raw(w, "</li>\n");
		}
		if (shown)
			html_raw(w, "</ul>\n");
		else
			html_raw(w, pass == 0
					? "<p class=\"muted\">目前没有正在征集意见的事项。</p>\n"
					: "<p class=\"muted\">暂无往期征集。</p>\n");
	}
	ui_end(req, res);
	return 0;
}

/* What the comment form posts, kept to show it again. */
struct comment_form {
	const char *name, *contact, *body;
};

static void comment_form(struct web_request *req, struct buf *w, const struct consultation *c,
			 const struct comment_form *cf, const char *error)
{
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"comment-title\">"
		    "<h2 id=\"comment-title\">提交意见</h2>\n");
	if (error) {
		html_raw(w, "<div class=\"alert error\" role=\"alert\" id=\"comment-error\">");
		html_txt(w, error);
		html_raw(w, "</div>\n");
	}
	html_raw(w, "<form method=\"post\" class=\"form\" action=\"");
	html_attrf(w, "/hdjl/consultations/%lld", c->id);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<div class=\"field\"><label for=\"c-name\"");
	html_raw(w, c->f.name_required ? " class=\"required\">" : ">");
	html_raw(w,
		 "姓名</label><input type=\"text\" id=\"c-name\" name=\"name\" maxlength=\"50\"");
	html_raw(w, c->f.name_required ? " required" : "");
	html_raw(w, " value=\"");
	html_attr(w, cf ? cf->name : "");
	html_raw(w, "\"><span class=\"hint\">");
	html_txt(w, c->f.name_required ? "本次征集要求填写姓名；公开时只显示姓氏。"
				       : "可不填；公开时只显示姓氏。");
	html_raw(w, "</span></div>\n<div class=\"field\"><label for=\"c-contact\">联系方式"
		    "</label><input type=\"text\" id=\"c-contact\" name=\"contact\" "
		    "maxlength=\"100\" value=\"");
	html_attr(w, cf ? cf->contact : "");
	html_raw(w, "\"><span class=\"hint\">电话或电子邮箱，仅供征集机关联系您，不会公开。"
		    "</span></div>\n");
	consult_textarea(w, "c-body", "body", "意见内容", cf ? cf->body : "", true,
			 CONSULT_COMMENT_MAX, 8);
	html_raw(w, "<p class=\"hint\">请勿在意见中填写身份证号等个人信息；"
		    "最多 2000 字。</p><p><button type=\"submit\" class=\"button primary\">"
		    "提交意见</button></p></form></section>\n");
}

static int consult_page(struct web_request *req, struct web_response *res,
			const struct consultation *c, const struct comment_form *cf,
			const char *error, int status)
{
	zf_day today = date_today();
	struct consult_comment *cm = NULL;
	size_t ncm = 0;
	int rc = store_consult_comments(req->db, req->arena, c->id, true, &cm, &ncm);
	if (rc)
		return rc;
	res->status = status;
	ui_begin(req, res, c->f.title, "/hdjl");
	struct buf *w = &res->body;
	crumbs(w, c->f.title);
	html_raw(w, "<article class=\"doc\"><h1 class=\"doc-heading\">");
	html_txt(w, c->f.title);
	html_raw(w, "</h1>\n<table class=\"doc-meta\"><tr><th scope=\"row\">征集机关</th><td>");
	html_txt(w, c->agency_name);
	html_raw(w, "</td></tr><tr><th scope=\"row\">征集时间</th><td>");
	period(w, c);
	html_raw(w, "</td></tr><tr><th scope=\"row\">状态</th><td>");
	status_tag(w, c, today);
	html_raw(w, "</td></tr></table>\n");
	if (web_arg(req, "sent"))
		html_raw(w, "<div class=\"alert ok\" role=\"status\">您的意见已提交，感谢您的参与。"
			    "征集结束后，我们将公布意见采纳情况。</div>\n");

	if (c->status == CONSULT_RESULT) {
		html_raw(w, "<section class=\"panel\" aria-labelledby=\"result-title\" "
			    "id=\"result\"><h2 id=\"result-title\">意见采纳情况</h2>\n"
			    "<p class=\"lead\">");
		result_counts(w, c);
		html_raw(w, "。</p>\n<ul class=\"stats\">");
		const long long cells[] = {c->nreceived, c->nadopted, c->npartial, c->nrejected};
		static const char *const labels[] = {"收到意见（条）", "采纳", "部分采纳",
						     "未采纳"};
		for (size_t i = 0; i < ARRAY_SIZE(cells); i++) {
			html_raw(w, "<li class=\"stat\"><span class=\"stat-n\">");
			html_txtf(w, "%lld", cells[i]);
			html_raw(w, "</span><span class=\"stat-label\">");
			html_txt(w, labels[i]);
			html_raw(w, "</span></li>");
		}
		html_raw(w, "</ul>\n");
		consult_paragraphs(w, c->result_text);
		html_raw(w, "<p class=\"muted\">公布日期：");
		char d[11];
		html_txt(w, date_format(c->result_published_on, d));
		html_raw(w, "</p></section>\n");
	}

	html_raw(w, "<section aria-labelledby=\"draft-title\"><h2 id=\"draft-title\">征求意见稿"
		    "</h2><div class=\"doc-body\">\n");
	consult_paragraphs(w, c->f.draft);
	html_raw(w, "</div></section>\n");
	if (*c->f.explanation) {
		html_raw(w, "<section aria-labelledby=\"explain-title\"><h2 id=\"explain-title\">"
			    "起草说明</h2><div class=\"doc-body\">\n");
		consult_paragraphs(w, c->f.explanation);
		html_raw(w, "</div></section>\n");
	}
	html_raw(w, "</article>\n");

	if (consult_accepting(c, today)) {
		comment_form(req, w, c, cf, error);
	} else if (error) { /* a comment refused after the period: say why */
		html_raw(w, "<div class=\"alert error\" role=\"alert\" id=\"comment-error\">");
		html_txt(w, error);
		html_raw(w, "</div>\n");
	} else if (c->status == CONSULT_OPEN && today < c->f.opens_on) {
		html_raw(
		    w, "<p class=\"alert info\">本次征集尚未开始，请在征集时间内提交意见。</p>\n");
	} else {
		html_raw(w, "<p class=\"alert info\">本次意见征集已结束，不再接收意见。</p>\n");
	}

	if (ncm) {
		html_raw(w, "<section aria-labelledby=\"comments-title\"><h2 id=\"comments-title\">"
			    "公众意见</h2>\n<ol class=\"comments\">\n");
		for (size_t i = 0; i < ncm; i++) {
			const char *body = consult_mask(req, cm[i].body);
			const char *reason = consult_mask(req, cm[i].reason);
			if (!body || !reason)
				return ZF_ENOMEM;
			html_raw(w, "<li><p class=\"muted\">");
			html_txt(w, consult_name_mask(req, cm[i].name));
			html_raw(w, "　");
			ui_time_beijing(w, cm[i].submitted_at, "");
			html_raw(w, "</p>");
			consult_paragraphs(w, body);
			if (c->status == CONSULT_RESULT) {
				html_raw(w, "<p><span class=\"tag\">");
				html_txt(w, consult_outcome_label(cm[i].outcome));
				html_raw(w, "</span> ");
				html_txt(w, reason);
				html_raw(w, "</p>");
			}
			html_raw(w, "</li>\n");
		}
		html_raw(w, "</ol></section>\n");
	}
	html_raw(w, "<p><a href=\"/hdjl/consultations\">返回意见征集列表</a></p>\n");
	ui_end(req, res);
	return 0;
}

/* Loads the public consultation of path_args[0]: 0, or ZF_ENOENT after answering 404. */
static int load(struct web_request *req, struct web_response *res, struct consultation *c)
{
	long long id;
	int rc = parse_id(req->path_args[0], &id) ? store_consult_get(req->db, req->arena, id, c)
						  : ZF_ENOENT;
	if (!rc && c->status == CONSULT_DRAFT)
		rc = ZF_ENOENT;
	if (rc == ZF_ENOENT)
		not_found(req, res);
	return rc;
}

int page_consult_view(struct web_request *req, struct web_response *res)
{
	struct consultation c;
	int rc = load(req, res, &c);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	return consult_page(req, res, &c, NULL, NULL, 200);
}

static const char *form_text(struct web_request *req, const char *name)
{
	const char *v = web_form(req, name);
	if (!v)
		return "";
	/* trim ASCII white space at both ends */
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	const char *out = arena_strndup(req->arena, v, n);
	return out ? out : "";
}

int page_consult_comment(struct web_request *req, struct web_response *res)
{
	struct consultation c;
	int rc = load(req, res, &c);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	time_t now = time(NULL);
	bool over = false;
	if ((rc = consult_throttled(req->db, THROTTLE_CONSULT_COMMENT, req->client_ip, now, &over)))
		return rc;
	if (over) {
		consult_flood_page(req, res);
		return 0;
	}
	struct comment_form cf = {form_text(req, "name"), form_text(req, "contact"),
				  form_text(req, "body")};
	struct consult_comment_new cn = {cf.name, cf.contact, cf.body, NULL};
	struct buf err = BUF_INIT;
	rc = store_consult_comment_add(req->db, PUBLIC_ACTOR, c.id, date_today(), &cn, NULL, &err);
	if (rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ENOENT) {
		const char *msg =
		    arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法提交意见");
		buf_free(&err);
		return consult_page(req, res, &c, &cf, msg ? msg : "无法提交意见",
				    rc == ZF_EINVAL ? 422 : 409);
	}
	buf_free(&err);
	if (rc)
		return rc;
	if ((rc = consult_throttle_count(req->db, THROTTLE_CONSULT_COMMENT, req->client_ip, now)))
		log_warn("comment throttle not counted error=\"%s\"", zf_strerror(rc));
	ui_redirect(req, res, arena_printf(req->arena, "/hdjl/consultations/%lld?sent=1", c.id));
	return 0;
}
