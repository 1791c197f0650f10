/* page_console_letter.c: /console/requests/{id}/letter: the reply letter (答复书) as it was
 * issued, laid out for A4 (the console's chrome is hidden in print): agency, title, unified
 * number, the applicant addressed, the body composed from the decision's template (legal
 * basis, remedies), the signature and date. */
#include "common.h"
#include "arena.h"
#include "law/decision.h"
#include "letter.h"
#include "page_console.h"
#include "render/html.h"
#include "render/letter_doc.h"
#include "routes.h"
#include "session.h"
#include "store/letters.h"
#include "store/requests.h"
#include "store/web.h"
#include "ui_shared.h"

int page_console_letter(struct web_request *req, struct web_response *res)
{
	long long id;
	if (!console_id(req->path_args[0], &id))
		return console_not_found(req, res);
	struct request_meta meta;
	int rc = store_request_meta(req->db, req->arena, id, &meta);
	if (rc == ZF_ENOENT || (!rc && !session_can(req, meta.agency_id, ROLE_CLERK)))
		return console_not_found(req, res); /* the letter names the applicant */
	if (rc)
		return rc;
	struct reply_letter l;
	rc = store_reply_letter_get(req->db, req->arena, id, &l);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	const struct decision *d = decision_by_key(l.decision);
	char *title = arena_printf(req->arena, "答复书 %s", l.letter_no);
	ui_console_begin(req, res, title ? title : "答复书", "/console/requests");
	struct buf *w = &res->body;
	html_raw(w, "<div class=\"no-print letter-tools\"><p class=\"breadcrumb\">"
		    "<a href=\"/console/requests\">依申请公开办理</a> › <a href=\"");
	html_attrf(w, "/console/requests/%lld", id);
	html_raw(w, "\">");
	html_txtf(w, "申请第%lld号", id);
	html_raw(w, "</a> › 答复书</p>\n<p class=\"muted\">答复结果：");
	html_txt(w, d ? d->row : l.decision);
	if (d && d->basis) {
		html_raw(w, "；法律依据：<span id=\"letter-basis\">");
		html_txt(w, d->basis);
		html_raw(w, "</span>");
	}
	html_raw(w, "。请使用浏览器的打印功能（Ctrl+P）以 A4 纸打印；打印时不含本说明和导航。"
		    "答复书在作出答复时生成并存档，此后不再改变。</p></div>\n");

	char day[32];
	struct letter_doc doc = {
	    .agency_name = l.agency_name,
	    .title = letter_kind_title(LETTER_REPLY),
	    .letter_no = l.letter_no,
	    .addressee = l.applicant,
	    .body = l.body,
	    .date = letter_date_zh(l.replied_on, day),
	};
	console_letter_article(w, &doc, true);
	ui_console_end(req, res);
	return 0;
}
