/* page_takedown.c: 撤稿 on the site. The public side: a withdrawn document's page keeps its
 * name and says when and why it was withdrawn, without body or files; a removed one (personal
 * data leaked) answers 410 and shows nothing of it; taken-down attachments are not served.
 * The console side: the 撤稿 panel of a published document and its form, for the reviewers
 * of the document's agency (those who may publish it: 先审查、后公开). Also the document
 * body with its URLs and 文号 as links (render/autolink.h). */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "page_docs.h"
#include "page_lists.h"
#include "render/autolink.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/db.h"
#include "store/lists.h"
#include "ui_shared.h"
#include "ui_people.h"

/* The day (China, UTC+8) of a stored UTC timestamp; 0 when unreadable. */
static zf_day day_in_china(const char *at)
{
	zf_day d = 0;
	if (!at || strlen(at) < 13 || date_parse((struct str){at, 10}, &d))
		return 0;
	int hour = (at[11] - '0') * 10 + (at[12] - '0');
	return hour >= 16 ? d + 1 : d;
}

static void write_day(struct buf *w, const char *at)
{
	zf_day d = day_in_china(at);
	if (!d)
		return;
	struct ymd t = date_to_ymd(d);
	html_txtf(w, "%d年%d月%d日", t.y, t.m, t.d);
}

/* ---------------------------------------------------------------- public */

bool takedown_doc_page(struct web_request *req, struct web_response *res, const struct doc *d)
{
	struct doc_takedown k;
	if (store_doc_takedown_get(req->db, req->arena, d->id, &k))
		return false;
	if (k.mode == DOC_TAKEDOWN_REMOVED) {
		/* nothing of it, not its name: the date alone */
		struct buf msg = BUF_INIT;
		buf_adds(&msg, "该信息已于");
		zf_day day = day_in_china(k.at);
		struct ymd t = date_to_ymd(day ? day : date_today());
		buf_printf(&msg, "%d年%d月%d日", t.y, t.m, t.d);
		buf_adds(&msg, "依法删除，不再提供。如有疑问，请与发布机关联系。");
		const char *text = arena_strdup(req->arena, buf_cstr(&msg));
		buf_free(&msg);
		ui_error_page(req, res, 410, "该信息已删除", text ? text : "该信息已删除。");
		web_add_header(res, "X-Robots-Tag", "noindex");
		return true;
	}
	struct buf *w = &res->body;
	ui_begin(req, res, d->f.title, "/docs");
	web_add_header(res, "X-Robots-Tag", "noindex");
	html_raw(w, "<nav class=\"breadcrumb\" aria-label=\"位置\"><a href=\"/\">首页</a> › "
		    "<a href=\"/docs\">主动公开</a></nav>\n<article class=\"panel doc\">\n"
		    "<h1 class=\"doc-heading\">");
	html_txt(w, d->f.title);
	html_raw(w, "</h1>\n");
	if (*d->f.doc_no) {
		html_raw(w, "<p class=\"doc-no\">");
		html_txt(w, d->f.doc_no);
		html_raw(w, "</p>\n");
	}
	html_raw(w, "<div class=\"alert error doc-taken-down\" role=\"note\"><strong>该信息已于");
	write_day(w, k.at);
	html_raw(w, "撤回。</strong><br>撤回理由：");
	html_txt(w, k.reason);
	html_raw(w, "</div>\n<p class=\"muted\">索引号：");
	html_txt(w, d->index_no);
	html_raw(w, "。正文和附件已不再提供。</p>\n</article>\n");
	ui_end(req, res);
	return true;
}

bool takedown_hidden(struct web_request *req, long long doc_id)
{
	struct doc_takedown k;
	return store_doc_takedown_get(req->db, req->arena, doc_id, &k) != ZF_ENOENT;
}

void takedown_hide_files(struct web_request *req, long long doc_id, struct doc_attachment *att,
			 size_t *natt)
{
	struct doc_takedown *k = NULL;
	size_t nk = 0;
	if (store_doc_takedowns(req->db, req->arena, doc_id, &k, &nk)) {
		*natt = 0; /* when unsure, serve none */
		return;
	}
	size_t out = 0;
	for (size_t i = 0; i < *natt; i++) {
		bool gone = false;
		for (size_t j = 0; j < nk; j++)
			gone |= k[j].attachment_id == att[i].id;
		if (!gone)
			att[out++] = att[i];
	}
	*natt = out;
}

void takedown_file_notes(struct web_request *req, struct buf *w, long long doc_id)
{
	struct doc_takedown *k = NULL;
	size_t nk = 0, shown = 0;
	if (store_doc_takedowns(req->db, req->arena, doc_id, &k, &nk))
		return;
	for (size_t i = 0; i < nk; i++) {
		if (!k[i].attachment_id)
			continue;
		if (!shown++)
			html_raw(w,
				 "<section class=\"doc-files-gone\"><h2>已撤回的附件</h2><ul>\n");
		html_raw(w, "<li>");
		if (k[i].mode == DOC_TAKEDOWN_WITHDRAWN) {
			html_raw(w, "附件“");
			html_txt(w, k[i].attachment_name);
			html_raw(w, "”已于");
			write_day(w, k[i].at);
			html_raw(w, "撤回。撤回理由：");
			html_txt(w, k[i].reason);
		} else {
			html_raw(w, "一个附件已于");
			write_day(w, k[i].at);
			html_raw(w, "依法删除，不再提供。");
		}
		html_raw(w, "</li>\n");
	}
	if (shown)
		html_raw(w, "</ul></section>\n");
}

bool takedown_file_gone(struct web_request *req, struct web_response *res, long long doc_id,
			long long attachment_id)
{
	struct doc_takedown *k = NULL;
	size_t nk = 0;
	int rc = store_doc_takedowns(req->db, req->arena, doc_id, &k, &nk);
	bool gone = rc != 0;
	for (size_t i = 0; i < nk; i++)
		gone |= !k[i].attachment_id || k[i].attachment_id == attachment_id;
	if (gone)
		ui_error_page(req, res, 410, "该附件已撤回", "该附件已撤回或删除，不再提供下载。");
	return gone;
}

/* ---------------------------------------------------------------- the body */

static bool resolve_docno(void *ctx, const char *canonical, long long *id)
{
	struct web_request *req = ctx;
	return store_doc_public_by_doc_no(req->db, canonical, id) == 0;
}

void takedown_html_body(struct web_request *req, struct buf *w, const char *body)
{
	struct autolink al = {
	    .site_host = web_header(req, "Host"),
	    .docno = req->db ? resolve_docno : NULL,
	    .ctx = req,
	};
	struct str rest = str_c(body);
	while (rest.len) {
		struct str line = str_trim(str_cut(&rest, '\n'));
		if (!line.len)
			continue;
		html_raw(w, "<p>");
		html_autolink(w, line.p, line.len, &al);
		html_raw(w, "</p>\n");
	}
}

/* ---------------------------------------------------------------- console */

void takedown_console_panel(struct web_request *req, struct buf *w, const struct doc *d)
{
	if (d->state != DOC_PUBLISHED)
		return;
	struct doc_takedown *k = NULL;
	size_t nk = 0;
	if (store_doc_takedowns(req->db, req->arena, d->id, &k, &nk))
		return;
	bool whole = false, removed = false;
	for (size_t i = 0; i < nk; i++)
		if (!k[i].attachment_id) {
			whole = true;
			removed |= k[i].mode == DOC_TAKEDOWN_REMOVED;
		}
	html_raw(w, "<section class=\"panel takedown\" aria-labelledby=\"takedown-title\">"
		    "<h2 id=\"takedown-title\">撤稿</h2>\n");
	for (size_t i = 0; i < nk; i++) {
		html_raw(w, "<div class=\"alert error\" role=\"note\"><strong>");
		if (k[i].attachment_id) {
			html_raw(w, "附件“");
			html_txt(w, k[i].attachment_name);
			html_raw(w, "”已撤下");
		} else {
			html_raw(w, "本文件已撤稿");
		}
		html_raw(w, "（");
		html_txt(w, doc_takedown_mode_label(k[i].mode));
		html_raw(w, "）</strong> ");
		ui_time(w, k[i].at);
		html_raw(w, " · ");
		html_txt(w, ui_person(req, k[i].actor));
		html_raw(w, "<br>理由：");
		html_txt(w, k[i].reason);
		html_raw(w, "</div>\n");
	}
	if (whole)
		html_raw(w, "<p class=\"muted\">撤稿不可撤销：如需重新公开，请作为新文件起草，"
			    "经保密审查后发布（将生成新的索引号）。</p>\n");
	if (removed) {
		html_raw(w, "</section>\n");
		return;
	}
	if (!session_can(req, d->f.agency_id, ROLE_REVIEWER)) {
		html_raw(w, "<p class=\"muted\">只有本机关的审核人可以撤稿。</p></section>\n");
		return;
	}
	if (whole) {
		/* withdrawn: may still be removed, when personal data is found in it */
		html_raw(w, "<form class=\"form\" method=\"post\" action=\"");
		html_attrf(w, "/console/docs/%lld/takedown", d->id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		html_raw(w,
			 "<input type=\"hidden\" name=\"mode\" value=\"removed\">"
			 "<div class=\"field\"><label for=\"td-reason\" class=\"required\">"
			 "改为删除的理由</label><textarea id=\"td-reason\" name=\"reason\" "
			 "class=\"short\" required maxlength=\"1000\"></textarea></div>\n"
			 "<p class=\"hint\">发现已撤回的文件涉及个人信息时，改为删除：公众页面"
			 "将不再显示文件名称。</p><button type=\"submit\" class=\"button danger\">"
			 "改为删除</button></form>\n</section>\n");
		return;
	}
	struct doc_attachment *att = NULL;
	size_t natt = 0;
	if (store_doc_attachments(req->db, req->arena, d->id, &att, &natt))
		natt = 0;
	takedown_hide_files(req, d->id, att, &natt);
	html_raw(w, "<form class=\"form\" method=\"post\" action=\"");
	html_attrf(w, "/console/docs/%lld/takedown", d->id);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<div class=\"field\"><label for=\"td-what\">撤下</label>"
		    "<select id=\"td-what\" name=\"attachment\"><option value=\"0\">整份文件"
		    "</option>");
	for (size_t i = 0; i < natt; i++) {
		html_raw(w, "<option value=\"");
		html_attrf(w, "%lld", att[i].id);
		html_raw(w, "\">附件：");
		html_txt(w, att[i].name);
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div>\n<fieldset class=\"field\"><legend>方式</legend>"
		    "<label><input type=\"radio\" name=\"mode\" value=\"withdrawn\" checked> "
		    "撤回：公众页面保留名称并说明撤回日期和理由，不再提供正文和附件</label><br>"
		    "<label><input type=\"radio\" name=\"mode\" value=\"removed\"> "
		    "删除：涉及个人信息泄露等，页面不再提供任何内容</label></fieldset>\n"
		    "<div class=\"field\"><label for=\"td-reason\" class=\"required\">撤稿理由"
		    "</label><textarea id=\"td-reason\" name=\"reason\" class=\"short\" required "
		    "maxlength=\"1000\"></textarea></div>\n<p class=\"hint\">撤稿后，文件不再出现"
		    "在目录、检索、订阅和网站地图中，索引号不再使用；撤稿不可撤销。</p>"
		    "<button type=\"submit\" class=\"button danger\">撤稿</button></form>\n"
		    "</section>\n");
}

int page_takedown_post(struct web_request *req, struct web_response *res)
{
	long long id;
	struct doc d;
	int rc = docs_id(req->path_args[0], &id) ? store_doc_get(req->db, req->arena, id, &d)
						 : ZF_ENOENT;
	if (!rc && !session_can(req, d.f.agency_id, ROLE_VIEWER))
		rc = ZF_ENOENT;
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	struct buf err = BUF_INIT;
	long long attachment = 0;
	const char *att_s = console_form_text(req, "attachment");
	int mode = doc_takedown_mode_parse(console_form_text(req, "mode"));
	if (!session_can(req, d.f.agency_id, ROLE_REVIEWER)) {
		buf_setf(&err, "只有本机关的审核人可以撤稿。");
		rc = ZF_EPERM;
	} else if (*att_s && strcmp(att_s, "0") && !console_id(att_s, &attachment)) {
		buf_setf(&err, "没有这个附件");
		rc = ZF_EINVAL;
	} else {
		rc =
		    store_doc_takedown(req->db, console_actor(req), d.id, attachment,
				       mode < 0 ? DOC_TAKEDOWN_MODES : (enum doc_takedown_mode)mode,
				       console_form_text(req, "reason"), &err);
	}
	if (rc && rc != ZF_EINVAL && rc != ZF_ESTATE && rc != ZF_ENOENT && rc != ZF_EPERM) {
		buf_free(&err);
		return rc;
	}
	if (!rc) {
		buf_free(&err);
		ui_redirect(req, res,
			    arena_printf(req->arena, "/console/docs/%lld#takedown-title", d.id));
		return 0;
	}
	res->status = rc == ZF_EPERM ? 403 : rc == ZF_ESTATE ? 409 : 422;
	ui_console_begin(req, res, "撤稿", "/console/docs");
	struct buf *w = &res->body;
	html_raw(w, "<h1>撤稿未完成</h1>\n");
	console_alert(w, "error", err.len ? buf_cstr(&err) : zf_strerror(rc));
	html_raw(w, "<p><a class=\"button secondary\" href=\"");
	html_attrf(w, "/console/docs/%lld", d.id);
	html_raw(w, "\">返回文件</a></p>\n");
	ui_console_end(req, res);
	buf_free(&err);
	return 0;
}
