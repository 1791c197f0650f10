/* page_stdcat_item.c: /console/stdcat/items/{id}, one 事项 of the standard catalogue: its
 * fields as the catalogue states them, the machine form of its 时限 and its status today,
 * the documents linked to it; for the clerks of its 主体, the 信息形成或变更之日 its 时限 counts
 * from, and linking a published document found by searching the 主体's catalogue (or
 * unlinking one). Another agency's item answers 404; the store audits every change. */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "page_stdcat.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/docs.h"
#include "store/std_catalogue.h"
#include "ui_shared.h"
#include "utf8.h"

#define SEARCH_MAX 100 /* characters of a search */
#define HITS_MAX   20

static const struct {
	const char *key, *message;
} done_messages[] = {
    {"linked", "已关联文件。"},
    {"unlinked", "已取消关联。"},
    {"event", "已保存信息形成或变更日期。"},
};

/* The item of the path when the user holds role over its 主体: 0 or ZF_ENOENT. */
static int load_item(struct web_request *req, int role, struct std_item *x)
{
	long long id;
	if (!console_id(req->path_args[0], &id))
		return ZF_ENOENT;
	int rc = store_std_get(req->db, req->arena, console_calendar(), id, date_today(), x);
	if (!rc && !session_can(req, x->agency_id, role))
		rc = ZF_ENOENT;
	return rc;
}

static void row(struct buf *w, const char *label, const char *value)
{
	html_raw(w, "<tr><th scope=\"row\">");
	html_txt(w, label);
	html_raw(w, "</th><td>");
	html_txt(w, value && *value ? value : "—");
	html_raw(w, "</td></tr>\n");
}

/* The documents to pick from: a search of the 主体's published catalogue, or its newest. */
static int candidates(struct web_request *req, const struct std_item *x, const char *q,
		      struct doc **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct doc_filter f = doc_filter_any();
	f.agencies = &x->agency_id;
	f.nagencies = 1;
	f.state = DOC_PUBLISHED;
	f.limit = HITS_MAX;
	if (!q || !*q) {
		struct doc_list l;
		int rc = store_doc_list(req->db, req->arena, &f, &l);
		if (!rc) {
			*out = l.docs;
			*n = l.n;
		}
		return rc;
	}
	struct doc_search s = {.q = q, .filter = f};
	struct doc_hits h;
	int rc = store_doc_search(req->db, req->arena, &s, &h);
	if (rc == ZF_ENOENT)
		return 0;
	if (rc)
		return rc;
	*out = h.n ? arena_alloc(req->arena, h.n * sizeof(**out)) : NULL;
	if (h.n && !*out)
		return ZF_ENOMEM;
	for (size_t i = 0; i < h.n; i++)
		(*out)[i] = h.hits[i].doc;
	*n = h.n;
	return 0;
}

static int render(struct web_request *req, struct web_response *res, const struct std_item *x,
		  const char *error, int status)
{
	bool clerk = session_can(req, x->agency_id, ROLE_CLERK);
	struct std_doc *docs = NULL;
	size_t nd = 0;
	int rc = store_std_item_docs(req->db, req->arena, x->id, &docs, &nd);
	if (rc)
		return rc;
	const char *q = web_arg(req, "q");
	if (q && (!utf8_valid(q, strlen(q)) || utf8_count(q, strlen(q)) > SEARCH_MAX)) {
		error = "检索词过长或含有无效字符。";
		status = 422;
		q = NULL;
	}
	struct doc *cand = NULL;
	size_t nc = 0;
	if (clerk && (rc = candidates(req, x, q, &cand, &nc)))
		return rc;
	/* the ones already linked are listed above, not offered again */
	size_t kept = 0;
	for (size_t i = 0; i < nc; i++) {
		bool linked = false;
		for (size_t k = 0; k < nd && !linked; k++)
			linked = docs[k].id == cand[i].id;
		if (!linked)
			cand[kept++] = cand[i];
	}
	nc = kept;

	res->status = status;
	ui_console_begin(req, res, x->level2, "/console/stdcat");
	struct buf *w = &res->body;
	html_raw(w,
		 "<p class=\"breadcrumb\"><a href=\"/console/stdcat\">标准目录</a> › <a href=\"");
	html_raw(w, "/console/stdcat?area=");
	html_url_arg(w, x->area);
	html_raw(w, "\">");
	html_txt(w, x->area);
	html_raw(w, "</a></p>\n<h1>");
	html_txt(w, x->level2);
	html_raw(w, " ");
	stdcat_status_tag(w, x);
	html_raw(w, "</h1>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	for (size_t i = 0; !error && done && i < ARRAY_SIZE(done_messages); i++)
		if (!strcmp(done, done_messages[i].key))
			console_alert(w, "ok", done_messages[i].message);

	if (!error && x->ndocs && x->status != STD_ST_PUBLISHED && x->event_on)
		console_alert(w, "info",
			      "已关联的文件发布于信息形成或变更日期之前，不能满足本次公开要求；"
			      "请关联此后发布的文件。");
	char lim[64], due[11] = "", ev[11] = "";
	if (x->due)
		date_format(x->due, due);
	if (x->event_on)
		date_format(x->event_on, ev);
	html_raw(w, "<section class=\"panel\"><h2>事项</h2><table class=\"data std-item\">"
		    "<tbody>\n");
	row(w, "领域", x->area);
	row(w, "一级事项", x->level1);
	row(w, "二级事项", x->level2);
	row(w, "公开内容（要素）", x->content);
	row(w, "公开依据", x->basis);
	row(w, "公开时限", x->limit_text);
	row(w, "按时限计算", std_limit_describe(&x->limit, lim));
	row(w, "公开主体", x->agency_name);
	row(w, "公开渠道和载体", x->channel);
	row(w, "公开对象", x->audience);
	row(w, "公开方式", x->mode);
	row(w, "公开层级", x->tier);
	if (std_limit_needs_event(&x->limit))
		row(w, "信息形成或变更日期", ev);
	row(w, "到期日", due);
	html_raw(w, "<tr><th scope=\"row\">状态</th><td>");
	stdcat_status_tag(w, x);
	html_raw(w, "</td></tr>\n</tbody></table></section>\n");

	char path[64];
	snprintf(path, sizeof(path), "/console/stdcat/items/%lld", x->id);
	if (clerk && std_limit_needs_event(&x->limit)) {
		html_raw(w, "<section class=\"panel\"><h2>信息形成或变更日期</h2><p>本事项的公开"
			    "时限从信息形成或变更之日起算（按工作日历计算工作日）。</p>"
			    "<form method=\"post\" class=\"form compact\" action=\"");
		html_attr(w, path);
		html_raw(w, "/event\">");
		session_csrf_field(req, w);
		console_date_field(w, "std-event", "on", "信息形成或变更日期", x->event_on, false);
		html_raw(w, "<button type=\"submit\" class=\"button secondary\">保存</button>"
			    "</form></section>\n");
	}

	html_raw(w, "<section class=\"panel\"><h2>已关联的文件</h2>");
	if (!nd)
		html_raw(w, "<p>还没有关联文件。</p>");
	else
		html_raw(w, "<table class=\"data std-docs\"><thead><tr><th scope=\"col\">文件"
			    "</th><th scope=\"col\">索引号</th><th scope=\"col\">发布日期</th>"
			    "<th scope=\"col\">关联人</th><th scope=\"col\">关联时间</th>"
			    "</tr></thead><tbody>\n");
	for (size_t i = 0; i < nd; i++) {
		char d[11];
		html_raw(w, "<tr><td><a href=\"");
		html_attrf(w, "/console/docs/%lld", docs[i].id);
		html_raw(w, "\">");
		html_txt(w, docs[i].title);
		html_raw(w, "</a></td><td>");
		html_txt(w, docs[i].index_no);
		html_raw(w, "</td><td>");
		html_txt(w, docs[i].published_on ? date_format(docs[i].published_on, d) : "—");
		html_raw(w, "</td><td>");
		html_txt(w, docs[i].linked_by);
		html_raw(w, "</td><td>");
		ui_time_beijing(w, docs[i].linked_at, "—");
		if (clerk) {
			html_raw(w, "<form method=\"post\" class=\"inline\" action=\"");
			html_attr(w, path);
			html_raw(w, "/unlink\">");
			session_csrf_field(req, w);
			html_raw(w, "<input type=\"hidden\" name=\"doc\" value=\"");
			html_attrf(w, "%lld", docs[i].id);
			html_raw(w, "\"><button type=\"submit\" class=\"button secondary\">"
				    "取消关联</button></form>");
		}
		html_raw(w, "</td></tr>\n");
	}
	if (nd)
		html_raw(w, "</tbody></table>");
	html_raw(w, "</section>\n");

	if (clerk) {
		html_raw(w, "<section class=\"panel\"><h2>关联文件</h2><p>在");
		html_txt(w, x->agency_name);
		html_raw(w, "已发布的文件中查找：</p><form method=\"get\" class=\"form compact\" "
			    "action=\"");
		html_attr(w, path);
		html_raw(w, "\"><label for=\"std-q\">检索</label><input type=\"search\" "
			    "id=\"std-q\" name=\"q\" maxlength=\"100\" value=\"");
		html_attr(w, q ? q : "");
		html_raw(w, "\"><button type=\"submit\" class=\"button secondary\">查找</button>"
			    "</form>\n");
		if (!nc)
			html_raw(w, "<p>没有找到已发布的文件。</p>");
		else
			html_raw(w, "<ul class=\"std-candidates\">");
		for (size_t i = 0; i < nc; i++) {
			char d[11];
			html_raw(w, "<li><form method=\"post\" class=\"inline\" action=\"");
			html_attr(w, path);
			html_raw(w, "/link\">");
			session_csrf_field(req, w);
			html_raw(w, "<input type=\"hidden\" name=\"doc\" value=\"");
			html_attrf(w, "%lld", cand[i].id);
			html_raw(w, "\">");
			html_txt(w, cand[i].f.title);
			html_raw(w, " <span class=\"muted\">");
			html_txt(w, date_format(cand[i].published_on, d));
			html_raw(w, "</span> <button type=\"submit\" class=\"button secondary\">"
				    "关联到本事项</button></form></li>\n");
		}
		if (nc)
			html_raw(w, "</ul>");
		html_raw(w, "</section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_stdcat_item(struct web_request *req, struct web_response *res)
{
	struct std_item x;
	int rc = load_item(req, ROLE_VIEWER, &x);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	return render(req, res, &x, NULL, 200);
}

/* Runs a change of the item: ZF_EINVAL/ZF_ENOENT from the store show the reason (422). */
static int after_change(struct web_request *req, struct web_response *res, long long id, int rc,
			struct buf *err, const char *done)
{
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		struct std_item x;
		const char *msg = arena_strdup(req->arena, err->len ? buf_cstr(err) : "无法保存");
		buf_free(err);
		int r =
		    store_std_get(req->db, req->arena, console_calendar(), id, date_today(), &x);
		if (r)
			return r == ZF_ENOENT ? console_not_found(req, res) : r;
		return render(req, res, &x, msg, 422);
	}
	buf_free(err);
	if (rc)
		return rc;
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/stdcat/items/%lld?done=%s", id, done));
	return 0;
}

/* The posted document: its id when it exists and the user may see its agency. */
static int posted_doc(struct web_request *req, long long *doc)
{
	if (!console_id(console_form_text(req, "doc"), doc))
		return ZF_EINVAL;
	struct doc d;
	int rc = store_doc_get(req->db, req->arena, *doc, &d);
	if (rc == ZF_ENOENT || (!rc && !session_can(req, d.f.agency_id, ROLE_VIEWER)))
		return ZF_ENOENT;
	return rc;
}

int page_stdcat_item_link(struct web_request *req, struct web_response *res)
{
	struct std_item x;
	int rc = load_item(req, ROLE_CLERK, &x);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	long long doc = 0;
	struct buf err = BUF_INIT;
	rc = posted_doc(req, &doc);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		buf_setf(&err, "请从检索结果中选择要关联的文件。");
		return after_change(req, res, x.id, ZF_EINVAL, &err, "linked");
	}
	if (rc)
		return rc;
	rc = store_std_link(req->db, console_actor(req), x.id, doc, &err);
	return after_change(req, res, x.id, rc, &err, "linked");
}

int page_stdcat_item_unlink(struct web_request *req, struct web_response *res)
{
	struct std_item x;
	int rc = load_item(req, ROLE_CLERK, &x);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	long long doc = 0;
	struct buf err = BUF_INIT;
	if (!console_id(console_form_text(req, "doc"), &doc)) {
		buf_setf(&err, "请选择要取消关联的文件。");
		return after_change(req, res, x.id, ZF_EINVAL, &err, "unlinked");
	}
	rc = store_std_unlink(req->db, console_actor(req), x.id, doc, &err);
	return after_change(req, res, x.id, rc, &err, "unlinked");
}

int page_stdcat_item_event(struct web_request *req, struct web_response *res)
{
	struct std_item x;
	int rc = load_item(req, ROLE_CLERK, &x);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	struct buf err = BUF_INIT;
	const char *on = console_form_text(req, "on");
	zf_day day = console_form_day(req, "on");
	zf_day today = date_today();
	if (*on && !day) {
		buf_setf(&err, "信息形成或变更日期不是有效的日期（应为 YYYY-MM-DD）。");
		return after_change(req, res, x.id, ZF_EINVAL, &err, "event");
	}
	if (day > today) {
		buf_setf(&err, "信息形成或变更日期不能晚于今天。");
		return after_change(req, res, x.id, ZF_EINVAL, &err, "event");
	}
	rc = store_std_set_event(req->db, console_actor(req), x.id, day, &err);
	return after_change(req, res, x.id, rc, &err, "event");
}
