/* page_query_letters.c: the applicant's letters on /query. The result page lists the issued
 * letters addressed to the applicant (答复书 and the notices; not the 征求第三方意见书, which
 * goes to the third party) with a download button each: a POST to /query/letter carrying the
 * query code and the second factor again, as the look-up itself does (codes never travel in
 * a URL), with the CSRF token. A failed check counts against the client's address like a
 * failed look-up and answers the same way, whatever was wrong. */
#include "common.h"
#include "arena.h"
#include "letter_file.h"
#include "page_public.h"
#include "render/html.h"
#include "session.h"
#include "store/letters.h"
#include "store/requests.h"
#include "ui_shared.h"

#include <time.h>

static bool for_applicant(const struct letter *l)
{
	return !strcmp(l->status, "issued") && l->kind != LETTER_CONSULTATION;
}

void query_letters_section(struct web_request *req, struct buf *w, long long request_id)
{
	struct letter *v = NULL;
	size_t n = 0, shown = 0;
	if (store_letter_list(req->db, req->arena, request_id, &v, &n))
		return;
	for (size_t i = 0; i < n; i++)
		shown += for_applicant(&v[i]);
	if (!shown)
		return;
	const char *code = web_form(req, "code"), *phone = web_form(req, "phone");
	html_raw(w, "<section class=\"query-letters no-print\" aria-labelledby=\"letters-title\">"
		    "<h2 id=\"letters-title\">文书下载</h2>\n<ul class=\"letter-downloads\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct letter *l = &v[i];
		if (!for_applicant(l))
			continue;
		html_raw(w, "<li><form method=\"post\" action=\"/query/letter\">");
		session_csrf_field(req, w);
		html_raw(w, "<input type=\"hidden\" name=\"code\" value=\"");
		html_attr(w, code ? code : "");
		html_raw(w, "\"><input type=\"hidden\" name=\"phone\" value=\"");
		html_attr(w, phone ? phone : "");
		html_raw(w, "\"><input type=\"hidden\" name=\"letter\" value=\"");
		html_attrf(w, "%lld", l->id);
		html_raw(w, "\"><span>");
		html_txt(w, letter_kind_title(l->kind));
		html_raw(w, " ");
		html_txt(w, l->letter_no);
		html_raw(w, "</span> <button type=\"submit\" class=\"button secondary\" "
			    "data-letter-kind=\"");
		html_attr(w, letter_kind_key(l->kind));
		html_raw(w, "\">下载 PDF</button></form></li>\n");
	}
	html_raw(w, "</ul>\n</section>\n");
}

static int refused(struct web_request *req, struct web_response *res, int status, const char *msg)
{
	res->status = status;
	ui_begin(req, res, "文书下载", "/query");
	struct buf *w = &res->body;
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		    "<a href=\"/query\">办理进度查询</a> › <span aria-current=\"page\">文书下载"
		    "</span></nav>\n<h1>文书下载</h1>\n<div class=\"alert error\" role=\"alert\">");
	html_txt(w, msg);
	html_raw(w, "</div>\n<p><a class=\"button secondary\" href=\"/query\">返回查询</a></p>\n");
	ui_end(req, res);
	return 0;
}

int page_query_letter(struct web_request *req, struct web_response *res)
{
	const char *code = web_form(req, "code"), *phone = web_form(req, "phone");
	const char *letter = web_form(req, "letter");
	time_t now = time(NULL);
	bool over = false;
	int rc = public_throttled(req->db, THROTTLE_QUERY_FAIL, req->client_ip, now, &over);
	if (rc)
		return rc;
	if (over) {
		web_add_header(res, "Retry-After", "900");
		return refused(req, res, 429,
			       "查询失败的次数过多，为保护申请人的信息，请 15 分钟后再试。");
	}
	long long id = 0, lid = 0;
	long v = 0;
	struct request_record r;
	struct letter l;
	rc = store_request_by_code(req->db, code ? code : "", &id);
	if (!rc)
		rc = store_request_get(req->db, req->arena, id, &r);
	if (!rc) {
		struct str t = str_trim(str_c(phone ? phone : ""));
		const char *typed = arena_strndup(req->arena, t.p, t.len);
		if (!typed)
			return ZF_ENOMEM;
		if (!query_second_factor_ok(&r, typed))
			rc = ZF_ENOENT;
	}
	if (!rc && (!letter || str_to_long(str_c(letter), &v) || v <= 0))
		rc = ZF_ENOENT;
	lid = v;
	if (!rc)
		rc = store_letter_get(req->db, req->arena, lid, &l);
	if (!rc && (l.request_id != id || !for_applicant(&l)))
		rc = ZF_ENOENT;
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		rc = public_throttle_count(req->db, THROTTLE_QUERY_FAIL, req->client_ip, now);
		if (rc)
			return rc;
		return refused(req, res, 404,
			       "没有找到该文书。请回到办理进度查询页面，核对查询码和联系电话后"
			       "重新查询。");
	}
	if (rc)
		return rc;
	web_add_header(res, "Cache-Control", "no-store");
	return letter_file_send(req, res, &l, true);
}
