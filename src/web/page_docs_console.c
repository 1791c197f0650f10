/* page_docs_console.c: /console/docs, the publishing workflow of the console: the working
 * list (Art. 26 deadlines, 定期审查), drafting and editing, 保密审查 (先审查、后公开: a
 * reviewer approves or returns with a reason), repeal and expiry, attachments, Excel
 * export, bulk import with its report, and the 索引号 settings of each agency. Objects of
 * agencies the user may not see answer 404. Every change is audited by the store. */
#include "common.h"
#include "arena.h"
#include "config.h"
#include "law/calendar.h"
#include "page_columns.h"
#include "page_console.h"
#include "page_docs.h"
#include "page_lists.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/columns.h"
#include "store/db.h"
#include "ui_shared.h"
#include "ui_people.h"
#include "web/doc_gate.h"
#include "web/multipart.h"

#include <sodium.h>
#include <unistd.h>

#define PER_PAGE 30

/* ---------------------------------------------------------------- shared */

/* The document of the path, when the user may see it: 0, or ZF_ENOENT (also for another
 * agency's document). */
static int load_doc(struct web_request *req, struct doc *d)
{
	long long id;
	if (!docs_id(req->path_args[0], &id))
		return ZF_ENOENT;
	int rc = store_doc_get(req->db, req->arena, id, d);
	if (!rc && !session_can(req, d->f.agency_id, ROLE_VIEWER))
		rc = ZF_ENOENT;
	return rc;
}

/* Working days left to the Art. 26 deadline (negative: overdue) and the deadline. */
static int publish_days_left(const struct doc *d, zf_day *due)
{
	const struct calendar *cal = console_calendar();
	zf_day today = date_today();
	*due = doc_publish_deadline(cal, d->f.written_on);
	return *due >= today ? cal_count_working_days(cal, today, *due)
			     : -cal_count_working_days(cal, *due, today);
}

static void deadline_tag(struct buf *w, const struct doc *d)
{
	zf_day due;
	int left = publish_days_left(d, &due);
	char day[11];
	html_raw(w, left < 0	? "<span class=\"tag overdue\">"
		    : left <= 5 ? "<span class=\"tag soon\">"
				: "<span class=\"tag ok\">");
	if (left < 0)
		html_txtf(w, "已超过发布期限 %d 个工作日", -left);
	else
		html_txtf(w, "%s 前发布（还剩 %d 个工作日）", date_format(due, day), left);
	html_raw(w, "</span>");
}

static void hidden(struct buf *w, const char *name, const char *value)
{
	html_raw(w, "<input type=\"hidden\" name=\"");
	html_attr(w, name);
	html_raw(w, "\" value=\"");
	html_attr(w, value);
	html_raw(w, "\">");
}

/* Compares the multipart form's _csrf with the session's token (multipart bodies are not
 * read by the session layer, so these routes check it themselves). */
static bool multipart_csrf_ok(const struct web_request *req, const struct multipart_part *p,
			      size_t n)
{
	const char *sent = multipart_field(req->arena, p, n, "_csrf");
	return req->csrf_ok ||
	       (sent && req->csrf_token && strlen(sent) == 64 && strlen(req->csrf_token) == 64 &&
		sodium_memcmp(sent, req->csrf_token, 64) == 0);
}

static int csrf_refused(struct web_request *req, struct web_response *res)
{
	ui_error_page(req, res, 403, "表单已失效",
		      "为保护您的信息安全，此表单已失效。请返回上一页，刷新后重新提交。");
	return 0;
}

/* ---------------------------------------------------------------- the list */

static const struct {
	const char *key, *label;
	int state;
} tabs[] = {
    {"todo", "待办", -1},
    {"draft", "草稿", DOC_DRAFT},
    {"review", "待审查", DOC_REVIEW},
    {"published", "已发布", DOC_PUBLISHED},
};

static const char *const done_messages[][2] = {
    {"created", "已保存草稿。"},
    {"saved", "已保存修改。"},
    {"submitted", "已提交保密审查，等待审核人审查。"},
    {"withdrawn", "已撤回，文件回到草稿。"},
    {"returned", "已退回修改，经办人将看到退回理由。"},
    {"approved", "审查通过，文件已发布。"},
    {"repealed", "已宣布废止，公众页面已标明“废止”。"},
    {"expired", "已标注失效。"},
    {"reviewed", "已记录定期审查。"},
    {"deleted", "已删除草稿。"},
    {"attached", "已上传附件。"},
    {"detached", "已删除附件。"},
    {"settings", "已保存索引号设置。"},
};

static void done_alert(struct buf *w, const struct web_request *req)
{
	const char *done = web_arg(req, "done");
	for (size_t i = 0; done && i < ARRAY_SIZE(done_messages); i++)
		if (!strcmp(done, done_messages[i][0]))
			console_alert(w, "ok", done_messages[i][1]);
}

static void todo_panel(struct web_request *req, struct buf *w, const long long *ids, size_t n)
{
	struct doc_todo *todo = NULL;
	size_t nt = 0;
	zf_day today = date_today();
	if (store_doc_todo(req->db, req->arena, console_calendar(), ids, n, today, 100, &todo, &nt))
		nt = 0;
	html_raw(
	    w, "<section class=\"panel\" aria-labelledby=\"todo-title\"><h2 id=\"todo-title\">"
	       "待办事项</h2>\n<p class=\"muted\">《条例》第二十六条：属于主动公开范围的政府信息，"
	       "应当自形成或者变更之日起 20 个工作日内及时公开。规章和行政规范性文件每 2 年"
	       "定期审查一次，有效期届满前 90 天提醒。</p>\n");
	if (!nt) {
		html_raw(w, "<p>没有待办事项。</p></section>\n");
		return;
	}
	html_raw(w, "<table class=\"data queue\"><thead><tr><th scope=\"col\">事项</th>"
		    "<th scope=\"col\">期限</th><th scope=\"col\">文件</th><th scope=\"col\">状态"
		    "</th></tr></thead><tbody>\n");
	static const char *const what[] = {"待发布", "定期审查", "应标注失效"};
	for (size_t i = 0; i < nt; i++) {
		const struct doc_todo *t = &todo[i];
		bool late = t->due < today;
		html_raw(w, late ? "<tr class=\"row-overdue\"><td>" : "<tr><td>");
		html_txt(w, what[t->kind]);
		html_raw(w, "</td><td>");
		console_day(w, t->due);
		if (late)
			html_raw(w, " <span class=\"tag overdue\">已逾期</span>");
		html_raw(w, "</td><td><a href=\"");
		html_attrf(w, "/console/docs/%lld", t->doc.id);
		html_raw(w, "\">");
		console_txt_short(w, t->doc.f.title, 60);
		html_raw(w, "</a></td><td>");
		docs_html_status(w, &t->doc);
		html_raw(w, "</td></tr>\n");
	}
	html_raw(w, "</tbody></table></section>\n");
}

int page_docs_console_list(struct web_request *req, struct web_response *res)
{
	size_t nids = 0;
	long long *ids = session_agencies(req, ROLE_VIEWER, &nids);
	const char *tab = web_arg(req, "tab");
	const char *q = web_arg(req, "q");
	size_t t = 0;
	for (size_t i = 0; tab && i < ARRAY_SIZE(tabs); i++)
		if (!strcmp(tab, tabs[i].key))
			t = i;
	if (q && *q && t == 0)
		t = ARRAY_SIZE(tabs); /* a search across every state */
	bool clerk = req->user->role >= ROLE_CLERK;
	struct buf *w = &res->body;
	ui_console_begin(req, res, "主动公开", "/console/docs");
	html_raw(w, "<h1>主动公开</h1>\n");
	done_alert(w, req);
	html_raw(w, "<p class=\"actions-bar\">");
	if (clerk)
		html_raw(
		    w, "<a class=\"button primary\" href=\"/console/docs/new\">起草新文件</a> "
		       "<a class=\"button secondary\" href=\"/console/docs/import\">批量导入</a> ");
	html_raw(w, "<a class=\"button secondary\" href=\"/console/docs/export");
	if (t > 0 && t < ARRAY_SIZE(tabs))
		html_attrf(w, "?state=%s", tabs[t].key);
	html_raw(w, "\">导出 Excel</a> <a class=\"button secondary\" href=\"/console/columns\">栏目"
		    "</a> ");
	if (req->user->role >= ROLE_ADMIN)
		html_raw(w,
			 "<a class=\"button secondary\" href=\"/console/docs/settings\">索引号设置"
			 "</a>");
	html_raw(w, "</p>\n<form class=\"form filters\" action=\"/console/docs\" method=\"get\" "
		    "role=\"search\"><div class=\"field\"><label for=\"cq\">检索（含草稿）</label>"
		    "<input id=\"cq\" name=\"q\" type=\"search\" maxlength=\"100\" value=\"");
	html_attr(w, q ? q : "");
	html_raw(w, "\"></div><div class=\"field\"><button class=\"button primary\" "
		    "type=\"submit\">检索</button></div></form>\n");
	html_raw(w, "<nav class=\"tabs\" aria-label=\"文件状态\"><ul>");
	for (size_t i = 0; i < ARRAY_SIZE(tabs); i++) {
		html_raw(w, "<li><a href=\"/console/docs?tab=");
		html_url_arg(w, tabs[i].key);
		html_raw(w, i == t ? "\" aria-current=\"page\">" : "\">");
		html_txt(w, tabs[i].label);
		html_raw(w, "</a></li>");
	}
	html_raw(w, "</ul></nav>\n");
	if (t == 0) {
		todo_panel(req, w, ids, nids);
		ui_console_end(req, res);
		return 0;
	}
	size_t page = docs_page_arg(req);
	struct doc *docs = NULL;
	size_t n = 0;
	long long total = 0;
	bool estimated = false;
	struct doc_hits hits = {0};
	if (t == ARRAY_SIZE(tabs)) {
		struct doc_search s = {.q = q, .filter = doc_filter_any()};
		s.filter.agencies = ids;
		s.filter.nagencies = nids;
		s.filter.limit = PER_PAGE;
		s.filter.offset = (page - 1) * PER_PAGE;
		s.filter.with_taken_down = true;
		int rc = nids ? store_doc_search(req->db, req->arena, &s, &hits) : ZF_ENOENT;
		if (rc && rc != ZF_ENOENT)
			return rc;
		docs = arena_alloc(req->arena, (hits.n + 1) * sizeof(*docs));
		if (!docs)
			return ZF_ENOMEM;
		for (size_t i = 0; i < hits.n; i++)
			docs[i] = hits.hits[i].doc;
		n = hits.n;
		total = hits.total;
		estimated = hits.total_estimated;
	} else {
		struct doc_filter f = doc_filter_any();
		f.state = tabs[t].state;
		f.agencies = ids;
		f.nagencies = nids;
		f.limit = PER_PAGE;
		f.offset = (page - 1) * PER_PAGE;
		f.with_taken_down = true; /* the console keeps listing what was taken down */
		struct doc_list l = {0};
		int rc = nids ? store_doc_list(req->db, req->arena, &f, &l) : 0;
		if (rc)
			return rc;
		docs = l.docs;
		n = l.n;
		total = l.total;
	}
	html_raw(w, "<section class=\"panel\"><h2 class=\"list-head\">");
	html_txtf(w, estimated ? "共约 %lld 份" : "共 %lld 份", total);
	html_raw(w, "</h2>\n");
	if (hits.how == DOC_SEARCH_ALL_WORDS || hits.how == DOC_SEARCH_ANY_WORD) {
		/* the search's fallback (docs/search.md): say which words it looked for */
		html_raw(w, "<p class=\"alert info\">没有文件包含完整词组，以下是");
		html_raw(w, hits.how == DOC_SEARCH_ALL_WORDS ? "同时包含" : "包含其中部分词语（");
		for (size_t i = 0; i < hits.nwords; i++) {
			html_raw(w, "“");
			html_txt(w, hits.words[i]);
			html_raw(w, "”");
		}
		html_raw(w,
			 hits.how == DOC_SEARCH_ALL_WORDS ? "的文件。</p>\n" : "）的文件。</p>\n");
	}
	if (!n) {
		html_raw(w, "<p>没有文件。</p>");
	} else {
		html_raw(w, "<table class=\"data queue\"><thead><tr><th scope=\"col\">编号</th>"
			    "<th scope=\"col\">名称</th><th scope=\"col\">文号</th>"
			    "<th scope=\"col\">机关</th><th scope=\"col\">日期</th>"
			    "<th scope=\"col\">状态</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const struct doc *d = &docs[i];
			html_raw(w, "<tr><td class=\"num\">");
			html_txtf(w, "%lld", d->id);
			html_raw(w, "</td><td><a href=\"");
			html_attrf(w, "/console/docs/%lld", d->id);
			html_raw(w, "\">");
			console_txt_short(w, d->f.title, 60);
			html_raw(w, "</a></td><td>");
			html_txt(w, d->f.doc_no);
			html_raw(w, "</td><td>");
			html_txt(w, d->agency_name);
			html_raw(w, "</td><td>");
			char day[11];
			if (d->published_on)
				html_txtf(w, "发布 %s", date_format(d->published_on, day));
			else
				html_txtf(w, "成文 %s", date_format(d->f.written_on, day));
			html_raw(w, "</td><td>");
			docs_html_status(w, d);
			if (d->state != DOC_PUBLISHED) {
				html_raw(w, "<br>");
				deadline_tag(w, d);
			}
			html_raw(w, "</td></tr>\n");
		}
		html_raw(w, "</tbody></table>\n");
	}
	docs_html_pager(w, req, "/console/docs", total, PER_PAGE, page);
	html_raw(w, "</section>\n");
	ui_console_end(req, res);
	return 0;
}

/* ---------------------------------------------------------------- the form */

static void label_for(struct buf *w, const char *id, const char *label, bool required)
{
	html_raw(w, "<label for=\"");
	html_attr(w, id);
	html_raw(w, required ? "\" class=\"required\">" : "\">");
	html_txt(w, label);
	html_raw(w, "</label>");
}

static void text_input(struct buf *w, const char *id, const char *label, const char *value,
		       bool required, int maxlength, const char *hint)
{
	html_raw(w, "<div class=\"field\">");
	label_for(w, id, label, required);
	html_raw(w, "<input type=\"text\" id=\"");
	html_attr(w, id);
	html_raw(w, "\" name=\"");
	html_attr(w, id);
	html_raw(w, "\" value=\"");
	html_attr(w, value ? value : "");
	html_raw(w, "\" maxlength=\"");
	html_attrf(w, "%d", maxlength);
	if (hint) {
		html_raw(w, "\" aria-describedby=\"");
		html_attr(w, id);
		html_raw(w, "-hint");
	}
	html_raw(w, required ? "\" required>" : "\">");
	if (hint) {
		html_raw(w, "<span class=\"hint\" id=\"");
		html_attr(w, id);
		html_raw(w, "-hint\">");
		html_txt(w, hint);
		html_raw(w, "</span>");
	}
	html_raw(w, "</div>\n");
}

static void textarea(struct buf *w, const char *id, const char *label, const char *value,
		     const char *cls, const char *hint)
{
	html_raw(w, "<div class=\"field\">");
	label_for(w, id, label, false);
	html_raw(w, "<textarea id=\"");
	html_attr(w, id);
	html_raw(w, "\" name=\"");
	html_attr(w, id);
	if (cls) {
		html_raw(w, "\" class=\"");
		html_attr(w, cls);
	}
	if (hint) {
		html_raw(w, "\" aria-describedby=\"");
		html_attr(w, id);
		html_raw(w, "-hint");
	}
	html_raw(w, "\">");
	html_txt(w, value ? value : "");
	html_raw(w, "</textarea>");
	if (hint) {
		html_raw(w, "<span class=\"hint\" id=\"");
		html_attr(w, id);
		html_raw(w, "-hint\">");
		html_txt(w, hint);
		html_raw(w, "</span>");
	}
	html_raw(w, "</div>\n");
}

static void topic_select(struct buf *w, const char *current)
{
	size_t n;
	const struct doc_topic *t = doc_topics(&n);
	html_raw(w, "<div class=\"field\">");
	label_for(w, "topic", "主题分类", false);
	html_raw(w, "<select id=\"topic\" name=\"topic\"><option value=\"\">（未分类）</option>");
	bool open = false;
	for (size_t i = 0; i < n; i++) {
		if (!t[i].parent) {
			if (open)
				html_raw(w, "</optgroup>");
			html_raw(w, "<optgroup label=\"");
			html_attr(w, t[i].name);
			html_raw(w, "\">");
			open = true;
			continue;
		}
		html_raw(w, "<option value=\"");
		html_attr(w, t[i].code);
		html_raw(w, current && !strcmp(current, t[i].code) ? "\" selected>" : "\">");
		html_txt(w, t[i].parent);
		html_raw(w, "\\");
		html_txt(w, t[i].name);
		html_raw(w, "</option>");
	}
	if (open)
		html_raw(w, "</optgroup>");
	html_raw(w, "</select></div>\n");
}

static void genre_select(struct buf *w, const char *current)
{
	html_raw(w, "<div class=\"field\">");
	label_for(w, "genre", "体裁", false);
	html_raw(w, "<select id=\"genre\" name=\"genre\"><option value=\"\">（未选择）</option>");
	for (size_t i = 0; doc_genres[i]; i++) {
		html_raw(w, "<option");
		html_raw(w, current && !strcmp(current, doc_genres[i]) ? " selected>" : ">");
		html_txt(w, doc_genres[i]);
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div>\n");
}

static void kind_select(struct buf *w, enum doc_kind current)
{
	html_raw(w, "<div class=\"field\">");
	label_for(w, "kind", "文件类别", false);
	html_raw(w, "<select id=\"kind\" name=\"kind\" aria-describedby=\"kind-hint\">");
	for (int k = 0; k < DOC_KINDS; k++) {
		html_raw(w, "<option value=\"");
		html_attr(w, doc_kind_key((enum doc_kind)k));
		html_raw(w, k == (int)current ? "\" selected>" : "\">");
		html_txt(w, doc_kind_label((enum doc_kind)k));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select><span class=\"hint\" id=\"kind-hint\">规章和行政规范性文件计入年度"
		    "报告表二“第二十条第（一）项”。</span></div>\n");
}

static void date_input(struct buf *w, const char *id, const char *label, zf_day value,
		       bool required, const char *hint)
{
	char s[11];
	html_raw(w, "<div class=\"field\">");
	label_for(w, id, label, required);
	html_raw(w, "<input type=\"date\" id=\"");
	html_attr(w, id);
	html_raw(w, "\" name=\"");
	html_attr(w, id);
	html_raw(w, "\" value=\"");
	if (value)
		html_attr(w, date_format(value, s));
	if (hint) {
		html_raw(w, "\" aria-describedby=\"");
		html_attr(w, id);
		html_raw(w, "-hint");
	}
	html_raw(w, required ? "\" required>" : "\">");
	if (hint) {
		html_raw(w, "<span class=\"hint\" id=\"");
		html_attr(w, id);
		html_raw(w, "-hint\">");
		html_txt(w, hint);
		html_raw(w, "</span>");
	}
	html_raw(w, "</div>\n");
}

/* The draft form: new (d->id = 0) or edit. */
static int render_form(struct web_request *req, struct web_response *res, const struct doc *d,
		       const long long *filed, size_t nfiled, const char *error, int status)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	res->status = status;
	bool edit = d->id > 0;
	ui_console_begin(req, res, edit ? "修改草稿" : "起草新文件", "/console/docs");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/docs\">主动公开</a>");
	if (edit) {
		html_raw(w, " › <a href=\"");
		html_attrf(w, "/console/docs/%lld", d->id);
		html_raw(w, "\">");
		console_txt_short(w, d->f.title, 30);
		html_raw(w, "</a>");
	}
	html_raw(w, "</p>\n<h1>");
	html_txt(w, edit ? "修改草稿" : "起草新文件");
	html_raw(w, "</h1>\n");
	if (error)
		console_alert(w, "error", error);
	if (edit && *d->return_reason) {
		html_raw(
		    w, "<div class=\"alert info\" role=\"note\"><strong>审核人退回理由：</strong>");
		html_txt(w, d->return_reason);
		html_raw(w, "</div>\n");
	}
	html_raw(w, "<form class=\"form panel doc-form\" method=\"post\" action=\"");
	if (edit)
		html_attrf(w, "/console/docs/%lld/edit", d->id);
	else
		html_raw(w, "/console/docs/new");
	html_raw(w, "\">\n");
	session_csrf_field(req, w);
	if (edit) {
		char v[16];
		snprintf(v, sizeof(v), "%d", d->version);
		hidden(w, "version", v);
	}
	html_raw(w, "<div class=\"field\">");
	label_for(w, "agency", "发布机关", true);
	html_raw(w, "<select id=\"agency\" name=\"agency\" required>");
	console_agency_options(w, req, &ag, ROLE_CLERK, d->f.agency_id);
	html_raw(w, "</select></div>\n");
	text_input(w, "title", "名称", d->f.title, true, DOC_TITLE_MAX,
		   "文件的正式名称（只写主标题）。");
	text_input(w, "doc_no", "文号", d->f.doc_no, false, 60,
		   "如 示政发〔2024〕12号；也可输入 [] 【】 () 等写法，保存时统一为〔〕。");
	date_input(w, "written_on", "成文日期", d->f.written_on, true,
		   "签发日期。《条例》第二十六条：自形成之日起 20 个工作日内公开。");
	text_input(w, "issuer", "发布机构", d->f.issuer, false, DOC_ISSUER_MAX,
		   "发布机构全称；联合发文的，填写文号所属机关。留空则为所选机关的名称。");
	topic_select(w, d->f.topic);
	columns_picker(req, w, d->f.agency_id, filed, nfiled);
	genre_select(w, d->f.genre);
	kind_select(w, d->f.kind);
	text_input(w, "keywords", "主题词", d->f.keywords, false, DOC_KEYWORDS_MAX,
		   "多个词用空格分开。");
	textarea(w, "summary", "内容概述", d->f.summary, "short", "一两句话说明文件的主要内容。");
	textarea(w, "body", "正文", d->f.body, "narrative",
		 "正文的纯文本；排版的原件（PDF、OFD、Word）请保存后作为附件上传。");
	date_input(w, "effective_on", "施行日期", d->f.effective_on, false,
		   "留空表示自发布之日起施行。");
	date_input(w, "valid_until", "有效期至", d->f.valid_until, false,
		   "行政规范性文件的有效期；到期前 90 天会提醒定期审查。");
	char interp[24] = "";
	if (d->f.interprets_id)
		snprintf(interp, sizeof(interp), "%lld", d->f.interprets_id);
	text_input(w, "interprets", "解读的文件编号", interp, false, 18,
		   "如本文是政策解读，填写所解读的已发布文件的编号。");
	html_raw(w, "<p><button type=\"submit\" class=\"button primary\">保存草稿</button> "
		    "<a class=\"button secondary\" href=\"/console/docs\">取消</a></p>\n</form>\n");
	ui_console_end(req, res);
	return 0;
}

/* Reads the posted form into f (strings from the request). Returns an error message or
 * NULL. */
static const char *form_fields(struct web_request *req, struct doc_fields *f)
{
	memset(f, 0, sizeof(*f));
	const char *agency = console_form_text(req, "agency");
	if (!console_id(agency, &f->agency_id))
		return "请选择发布机关。";
	f->title = console_form_text(req, "title");
	f->doc_no = console_form_text(req, "doc_no");
	f->issuer = console_form_text(req, "issuer");
	f->topic = console_form_text(req, "topic");
	f->genre = console_form_text(req, "genre");
	f->keywords = console_form_text(req, "keywords");
	f->summary = console_form_text(req, "summary");
	const char *body = web_form(req, "body");
	f->body = body ? body : "";
	int k = doc_kind_parse(console_form_text(req, "kind"));
	f->kind = k < 0 ? DOC_KIND_OTHER : (enum doc_kind)k;
	static const struct {
		const char *name, *label;
		size_t off;
	} days[] = {
	    {"written_on", "成文日期", offsetof(struct doc_fields, written_on)},
	    {"effective_on", "施行日期", offsetof(struct doc_fields, effective_on)},
	    {"valid_until", "有效期至", offsetof(struct doc_fields, valid_until)},
	};
	for (size_t i = 0; i < ARRAY_SIZE(days); i++) {
		const char *s = console_form_text(req, days[i].name);
		zf_day *slot = (zf_day *)((char *)f + days[i].off);
		if (*s && date_parse(str_c(s), slot))
			return arena_printf(req->arena, "%s“%s”不是有效的日期。", days[i].label, s);
	}
	const char *interp = console_form_text(req, "interprets");
	if (*interp && !console_id(interp, &f->interprets_id))
		return "解读的文件编号应为正整数。";
	if (!session_can(req, f->agency_id, ROLE_CLERK))
		return "您没有在所选机关起草文件的权限。";
	return NULL;
}

int page_docs_console_new(struct web_request *req, struct web_response *res)
{
	struct doc d = {0};
	d.f.agency_id = req->user->agency_id;
	d.f.written_on = date_today();
	return render_form(req, res, &d, NULL, 0, NULL, 200);
}

int page_docs_console_create(struct web_request *req, struct web_response *res)
{
	struct doc d = {0};
	const char *error = form_fields(req, &d.f);
	long long *cols = NULL;
	size_t ncols = 0;
	if (!error)
		columns_picked(req, &cols, &ncols, &error);
	struct buf err = BUF_INIT;
	long long id = 0;
	if (!error) {
		/* the draft and its columns in one write */
		int rc = store_write_begin(req->db);
		if (!rc)
			rc = store_doc_add(req->db, console_actor(req), &d.f, &id, &err);
		if (!rc)
			rc = store_doc_columns_set(req->db, console_actor(req), id, cols, ncols,
						   &err);
		rc = store_write_end(req->db, rc);
		if (rc && rc != ZF_EINVAL) {
			buf_free(&err);
			return rc;
		}
		if (rc)
			error = arena_strdup(req->arena, buf_cstr(&err));
	}
	buf_free(&err);
	if (error)
		return render_form(req, res, &d, cols, ncols, error, 422);
	ui_redirect(req, res, arena_printf(req->arena, "/console/docs/%lld?done=created", id));
	return 0;
}

int page_docs_console_edit(struct web_request *req, struct web_response *res)
{
	struct doc d;
	int rc = load_doc(req, &d);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	if (d.state != DOC_DRAFT || !session_can(req, d.f.agency_id, ROLE_CLERK)) {
		ui_redirect(req, res, arena_printf(req->arena, "/console/docs/%lld", d.id));
		return 0;
	}
	long long *filed = NULL;
	size_t nfiled = 0;
	rc = store_doc_columns_get(req->db, req->arena, d.id, &filed, &nfiled);
	if (rc)
		return rc;
	return render_form(req, res, &d, filed, nfiled, NULL, 200);
}

int page_docs_console_update(struct web_request *req, struct web_response *res)
{
	struct doc d;
	int rc = load_doc(req, &d);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	if (!session_can(req, d.f.agency_id, ROLE_CLERK))
		return console_not_found(req, res);
	struct doc edited = d;
	const char *error = form_fields(req, &edited.f);
	long v = 0;
	const char *version = console_form_text(req, "version");
	if (!error && (str_to_long(str_c(version), &v) || v < 1))
		error = "表单缺少版本号，请重新打开修改页面。";
	long long *cols = NULL;
	size_t ncols = 0;
	if (!error)
		columns_picked(req, &cols, &ncols, &error);
	struct buf err = BUF_INIT;
	if (!error) {
		/* the fields and the columns in one write */
		rc = store_write_begin(req->db);
		if (!rc)
			rc = store_doc_update(req->db, console_actor(req), d.id, (int)v, &edited.f,
					      &err);
		if (!rc)
			rc = store_doc_columns_set(req->db, console_actor(req), d.id, cols, ncols,
						   &err);
		rc = store_write_end(req->db, rc);
		if (rc && rc != ZF_EINVAL && rc != ZF_ESTATE) {
			buf_free(&err);
			return rc;
		}
		if (rc)
			error = arena_strdup(req->arena, buf_cstr(&err));
	}
	buf_free(&err);
	if (error)
		return render_form(req, res, &edited, cols, ncols, error, 422);
	ui_redirect(req, res, arena_printf(req->arena, "/console/docs/%lld?done=saved", d.id));
	return 0;
}

/* ---------------------------------------------------------------- one document */

static void action_form(struct web_request *req, struct buf *w, long long id, const char *action,
			const char *heading, const char *button, const char *cls)
{
	html_raw(w, "<form class=\"form action\" method=\"post\" action=\"");
	html_attrf(w, "/console/docs/%lld/action", id);
	html_raw(w, "\" data-action=\"");
	html_attr(w, action);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	hidden(w, "action", action);
	if (heading) {
		html_raw(w, "<h3>");
		html_txt(w, heading);
		html_raw(w, "</h3>");
	}
	ZF_UNUSED(button);
	ZF_UNUSED(cls);
}

static void action_end(struct buf *w, const char *button, const char *cls)
{
	html_raw(w, "<button type=\"submit\" class=\"button ");
	html_attr(w, cls);
	html_raw(w, "\">");
	html_txt(w, button);
	html_raw(w, "</button></form>\n");
}

/* The 保密审查 form (先审查、后公开): the checklist, the conclusion, the opinion and the day
 * of publication. After a refused post it shows what the reviewer had chosen. */
static void secrecy_form(struct web_request *req, struct buf *w, long long id)
{
	action_form(req, w, id, "secrecy", "保密审查", NULL, NULL);
	html_raw(w, "<fieldset class=\"field choices-field secrecy-checks\" "
		    "aria-describedby=\"secrecy-hint\"><legend>审查事项（同意公开须逐项确认）"
		    "</legend><div class=\"secrecy-list\">");
	for (int i = 0; i < DOC_SECRECY_CHECKS; i++) {
		char name[24]; /* "secrecy_" and any int */
		snprintf(name, sizeof(name), "secrecy_%d", i);
		bool on = !strcmp(console_form_text(req, name), "1");
		html_raw(w, "<label class=\"check\"><input type=\"checkbox\" value=\"1\" name=\"");
		html_attr(w, name);
		html_raw(w, on ? "\" checked> " : "\"> ");
		html_txt(w, doc_secrecy_check_label(i));
		html_raw(w, "</label>");
	}
	html_raw(w, "</div><span class=\"hint\" id=\"secrecy-hint\">依据《保守国家秘密法》和"
		    "《政府信息公开条例》第十四条、第十五条、第十七条逐项审查。</span></fieldset>");
	const char *decision = console_form_text(req, "decision");
	html_raw(w, "<fieldset class=\"field choices-field\"><legend class=\"required\">审查结论"
		    "</legend><div class=\"choices\">");
	html_raw(w, "<label><input type=\"radio\" name=\"decision\" value=\"approve\" required");
	html_raw(w, strcmp(decision, "return") ? " checked" : "");
	html_raw(w, "> 同意公开（审查通过并发布）</label><label><input type=\"radio\" "
		    "name=\"decision\" value=\"return\"");
	html_raw(w, strcmp(decision, "return") ? "" : " checked");
	html_raw(w, "> 暂不公开，退回修改</label></div></fieldset>");
	html_raw(w,
		 "<div class=\"field\"><label for=\"reason\">审查意见</label><textarea "
		 "id=\"reason\" name=\"reason\" class=\"short\" aria-describedby=\"reason-hint\">");
	html_txt(w, console_form_text(req, "reason"));
	html_raw(w, "</textarea><span class=\"hint\" id=\"reason-hint\">退回修改时必填，"
		    "写明不能公开或需要修改的理由。</span></div>");
	date_input(w, "published_on", "发布日期", date_today(), false,
		   "同意公开时使用，默认今天；发布时自动生成索引号。");
	action_end(w, "提交审查意见", "primary");
}

/* The reviewer's 保密审查 from the form: action "secrecy" with its decision (the older
 * "approve" and "return" go through the same checklist). */
static int secrecy_post(struct web_request *req, const char *action, long long id, struct buf *err,
			const char **done)
{
	struct doc_secrecy sr = {0};
	const char *decision = !strcmp(action, "secrecy")   ? console_form_text(req, "decision")
			       : !strcmp(action, "approve") ? "approve"
							    : "return";
	if (strcmp(decision, "approve") && strcmp(decision, "return")) {
		buf_setf(err, "请选择审查结论：同意公开，或暂不公开、退回修改");
		return ZF_EINVAL;
	}
	sr.approve = !strcmp(decision, "approve");
	for (int i = 0; i < DOC_SECRECY_CHECKS; i++) {
		char name[24]; /* "secrecy_" and any int */
		snprintf(name, sizeof(name), "secrecy_%d", i);
		if (!strcmp(console_form_text(req, name), "1"))
			sr.checks |= 1u << i;
	}
	sr.opinion = console_form_text(req, "reason");
	*done = sr.approve ? "approved" : "returned";
	return store_doc_secrecy_review(req->db, console_actor(req), id, &sr,
					sr.approve ? console_form_day(req, "published_on") : 0,
					err);
}

/* The gate's stop (发布前检查未通过): the hits with the word marked, 修改, and the override
 * form, one reason a hit or one for all (the "override" action). */
static void gate_stop_panel(struct web_request *req, struct buf *w, const struct doc *d,
			    const struct doc_check *c)
{
	size_t veto = 0;
	for (size_t i = 0; i < c->n; i++)
		veto += !c->hits[i].overridden && c->hits[i].sev == SCAN_VETO;
	html_raw(w, "<section class=\"panel gate-stop\" id=\"gate\" aria-labelledby=\"gate-title\">"
		    "<h2 id=\"gate-title\">发布前检查未通过</h2>\n<div class=\"alert error\" "
		    "role=\"alert\">");
	html_txtf(w, "发现 %zu 处问题", c->open);
	if (veto)
		html_txtf(w, "（其中 %zu 处属单项否决）", veto);
	html_txt(w, "，草稿未提交保密审查。请修改草稿；确属无误的，可逐条写明理由放行，放行记录"
		    "留存备查。");
	html_raw(w, "</div>\n<p><a class=\"button primary\" href=\"");
	html_attrf(w, "/console/docs/%lld/edit", d->id);
	html_raw(w, "\">修改草稿</a></p>\n<form class=\"form gate-override\" method=\"post\" "
		    "action=\"");
	html_attrf(w, "/console/docs/%lld/action", d->id);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	hidden(w, "action", "override");
	doc_gate_html_hits(w, req->arena, c, true);
	html_raw(w, "<div class=\"field\"><label for=\"reason_all\">或为以上全部问题填写同一理由"
		    "</label><textarea class=\"short\" id=\"reason_all\" name=\"reason_all\">"
		    "</textarea></div><button type=\"submit\" class=\"button secondary\">"
		    "记录理由并重新提交</button></form>\n");
	if (c->note && *c->note) {
		html_raw(w, "<p class=\"hint\">");
		html_txt(w, c->note);
		html_raw(w, "</p>\n");
	}
	html_raw(w, "</section>\n");
}

/* The last check of the document and its overrides, when there are any. */
static void gate_last_panel(struct web_request *req, struct buf *w, const struct doc *d)
{
	struct doc_check c;
	struct doc_check_override *ov = NULL;
	size_t nov = 0;
	bool have = store_doc_check_last(req->db, req->arena, d->id, &c) == 0;
	if (store_doc_check_overrides(req->db, req->arena, d->id, &ov, &nov))
		nov = 0;
	if (!have && !nov)
		return;
	html_raw(w, "<section class=\"panel gate-last\" aria-labelledby=\"gate-last-title\">"
		    "<h2 id=\"gate-last-title\">发布前检查</h2>\n");
	if (have) {
		html_raw(w, "<p class=\"gate-summary\">最近一次检查：");
		ui_time(w, c.at);
		html_raw(w, " · ");
		html_txt(w, ui_person(req, c.actor));
		html_raw(w, c.passed ? " · <span class=\"tag ok\">通过</span>"
				     : " · <span class=\"tag overdue\">未通过</span>");
		if (c.n)
			html_txtf(w, "：发现 %zu 处问题，%zu 处未放行", c.n, c.open);
		else
			html_txt(w, "：没有发现问题");
		html_txtf(w, "；用时 %.1f 毫秒", (double)c.micros / 1000.0);
		if (*c.rules) {
			html_txt(w, "；规则集 ");
			html_txt(w, c.rules);
		}
		html_raw(w, "</p>\n");
		if (c.n)
			doc_gate_html_hits(w, req->arena, &c, false);
		if (*c.note) {
			html_raw(w, "<p class=\"hint\">");
			html_txt(w, c.note);
			html_raw(w, "</p>\n");
		}
	}
	if (nov) {
		html_raw(w,
			 "<h3>放行记录</h3><table class=\"data gate-overrides\"><thead><tr>"
			 "<th scope=\"col\">规则</th><th scope=\"col\">内容</th><th scope=\"col\">"
			 "理由</th><th scope=\"col\">放行人</th><th scope=\"col\">时间</th></tr>"
			 "</thead><tbody>\n");
		for (size_t i = 0; i < nov; i++) {
			html_raw(w, "<tr><td><code>");
			html_txt(w, ov[i].rule_id);
			html_raw(w, "</code></td><td>");
			html_txt(w, ov[i].snippet);
			html_raw(w, "</td><td>");
			html_txt(w, ov[i].reason);
			html_raw(w, "</td><td>");
			html_txt(w, ui_person(req, ov[i].actor));
			html_raw(w, "</td><td>");
			ui_time(w, ov[i].at);
			html_raw(w, "</td></tr>\n");
		}
		html_raw(w, "</tbody></table>\n");
	}
	html_raw(w, "</section>\n");
}

static int render_doc(struct web_request *req, struct web_response *res, const struct doc *d,
		      const char *error, int status, const struct doc_check *stop)
{
	struct doc_event *ev = NULL;
	struct doc_attachment *att = NULL;
	size_t nev = 0, natt = 0;
	int rc;
	if ((rc = store_doc_events(req->db, req->arena, d->id, &ev, &nev)) ||
	    (rc = store_doc_attachments(req->db, req->arena, d->id, &att, &natt)))
		return rc;
	bool clerk = session_can(req, d->f.agency_id, ROLE_CLERK);
	bool reviewer = session_can(req, d->f.agency_id, ROLE_REVIEWER);
	res->status = status;
	ui_console_begin(req, res, d->f.title, "/console/docs");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/docs\">主动公开</a> › ");
	html_txtf(w, "文件 %lld", d->id);
	html_raw(w, "</p>\n<h1>");
	html_txt(w, d->f.title);
	html_raw(w, "</h1>\n<p class=\"doc-state\">");
	docs_html_status(w, d);
	if (d->state != DOC_PUBLISHED) {
		html_raw(w, " ");
		deadline_tag(w, d);
	} else {
		html_raw(w, " <a href=\"");
		html_attrf(w, "/docs/%lld", d->id);
		html_raw(w, "\">查看公众页面</a>");
	}
	html_raw(w, "</p>\n");
	done_alert(w, req);
	if (error)
		console_alert(w, "error", error);
	if (stop)
		gate_stop_panel(req, w, d, stop);
	if (*d->return_reason && d->state == DOC_DRAFT) {
		html_raw(w, "<div class=\"alert error return-reason\" role=\"note\"><strong>"
			    "审核人退回修改：</strong>");
		html_txt(w, d->return_reason);
		html_raw(w, "</div>\n");
	}

	/* what can be done now */
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"act-title\"><h2 id=\"act-title\">"
		    "办理</h2>\n<div class=\"actions\">\n");
	bool any = false;
	if (d->state == DOC_DRAFT && clerk) {
		html_raw(w, "<p><a class=\"button secondary\" href=\"");
		html_attrf(w, "/console/docs/%lld/edit", d->id);
		html_raw(w, "\">修改草稿</a></p>\n");
		action_form(req, w, d->id, "submit", "提交保密审查", NULL, NULL);
		html_raw(w, "<p class=\"hint\">先审查、后公开：提交后由审核人进行保密审查，"
			    "审查通过即发布。</p>");
		action_end(w, "提交审查", "primary");
		action_form(req, w, d->id, "delete", "删除草稿", NULL, NULL);
		action_end(w, "删除草稿", "danger");
		any = true;
	}
	if (d->state == DOC_REVIEW && reviewer) {
		secrecy_form(req, w, d->id);
		any = true;
	}
	if (d->state == DOC_REVIEW && clerk) {
		action_form(req, w, d->id, "withdraw", "撤回审查", NULL, NULL);
		action_end(w, "撤回", "secondary");
		any = true;
	}
	if (d->state == DOC_PUBLISHED && d->validity == DOC_VALID && clerk) {
		action_form(req, w, d->id, "repeal", "宣布废止", NULL, NULL);
		date_input(w, "repeal_on", "废止日期", date_today(), true, NULL);
		html_raw(w, "<div class=\"field\"><label for=\"repeal_reason\" class=\"required\">"
			    "依据</label><textarea id=\"repeal_reason\" name=\"reason\" "
			    "class=\"short\" required aria-describedby=\"repeal-hint\"></textarea>"
			    "<span class=\"hint\" id=\"repeal-hint\">如：依据《……关于废止部分行政"
			    "规范性文件的决定》（文号）废止。</span></div>");
		action_end(w, "宣布废止", "danger");
		action_form(req, w, d->id, "expire", "标注失效", NULL, NULL);
		date_input(w, "expire_on", "失效日期",
			   d->f.valid_until && d->f.valid_until < date_today()
			       ? d->f.valid_until + 1
			       : date_today(),
			   true, NULL);
		html_raw(w, "<div class=\"field\"><label for=\"expire_reason\">理由</label>"
			    "<textarea id=\"expire_reason\" name=\"reason\" class=\"short\">"
			    "有效期届满</textarea></div>");
		action_end(w, "标注失效", "secondary");
		action_form(req, w, d->id, "reviewed", "记录定期审查", NULL, NULL);
		date_input(w, "reviewed_on", "审查日期", date_today(), true, NULL);
		html_raw(w, "<div class=\"field\"><label for=\"note\">审查意见</label><textarea "
			    "id=\"note\" name=\"note\" class=\"short\">经审查，继续有效</textarea>"
			    "</div>");
		action_end(w, "继续有效", "secondary");
		any = true;
	}
	if (!any)
		html_raw(w, "<p class=\"muted\">当前没有您可以办理的事项。</p>");
	html_raw(w, "</div></section>\n");
	columns_doc_panel(req, w, d->id, d->f.agency_id, d->state == DOC_PUBLISHED && clerk);

	if (!stop)
		gate_last_panel(req, w, d);
	takedown_console_panel(req, w, d);
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"meta-title\"><h2 id=\"meta-title\">"
		    "目录信息</h2>\n");
	docs_html_meta(w, d);
	if (*d->f.summary) {
		html_raw(w, "<h3>内容概述</h3><p>");
		html_txt(w, d->f.summary);
		html_raw(w, "</p>");
	}
	if (*d->f.body) {
		html_raw(w, "<details class=\"steps\"><summary>正文</summary>");
		docs_html_body(w, d->f.body);
		html_raw(w, "</details>");
	}
	html_raw(w, "</section>\n");

	html_raw(w,
		 "<section class=\"panel\" aria-labelledby=\"files-title\"><h2 id=\"files-title\">"
		 "附件</h2>\n");
	if (!natt)
		html_raw(w, "<p class=\"muted\">没有附件。</p>");
	else
		html_raw(w, "<ul class=\"files\">");
	for (size_t i = 0; i < natt; i++) {
		html_raw(w, "<li><a href=\"");
		html_attrf(w, "/docs/%lld/files/%lld", d->id, att[i].id);
		html_raw(w, "\">");
		html_txt(w, att[i].name);
		html_raw(w, "</a> <span class=\"muted\">（");
		docs_html_size(w, att[i].size);
		html_raw(w, "）</span>");
		if (d->state == DOC_DRAFT && clerk) {
			html_raw(w, " <form class=\"inline\" method=\"post\" action=\"");
			html_attrf(w, "/console/docs/%lld/action", d->id);
			html_raw(w, "\">");
			session_csrf_field(req, w);
			hidden(w, "action", "detach");
			char aid[24];
			snprintf(aid, sizeof(aid), "%lld", att[i].id);
			hidden(w, "attachment", aid);
			html_raw(w, "<button type=\"submit\" class=\"linkish\">删除<span "
				    "class=\"sr-only\">");
			html_txt(w, att[i].name);
			html_raw(w, "</span></button></form>");
		}
		html_raw(w, "</li>");
	}
	if (natt)
		html_raw(w, "</ul>\n");
	if (d->state == DOC_DRAFT && clerk) {
		long max = req->env && req->env->config ? req->env->config->max_body : 0;
		size_t cap =
		    max > 0 && (size_t)max < DOC_ATTACHMENT_MAX ? (size_t)max : DOC_ATTACHMENT_MAX;
		html_raw(w, "<form class=\"form\" method=\"post\" enctype=\"multipart/form-data\" "
			    "action=\"");
		html_attrf(w, "/console/docs/%lld/attach", d->id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		html_raw(w,
			 "<div class=\"field\"><label for=\"file\">上传附件</label>"
			 "<input type=\"file\" id=\"file\" name=\"file\" required "
			 "aria-describedby=\"file-hint\" accept=\".pdf,.ofd,.doc,.docx,.wps,.xls,"
			 ".xlsx,.et,.pptx,.zip,.rar,.jpg,.jpeg,.png,.txt,.csv\">"
			 "<span class=\"hint\" id=\"file-hint\">");
		html_txt(w, "每个文件不超过 ");
		docs_html_size(w, cap);
		html_txt(w, "；可上传 PDF、OFD、Word、WPS、Excel、PPTX、JPG、PNG、ZIP、RAR、TXT、"
			    "CSV。");
		html_raw(w, "</span></div><button type=\"submit\" class=\"button secondary\">"
			    "上传</button></form>\n");
	}
	html_raw(w, "</section>\n");

	html_raw(w, "<section class=\"panel\" aria-labelledby=\"hist-title\"><h2 id=\"hist-title\">"
		    "处理记录</h2>\n<ol class=\"timeline\">\n");
	for (size_t i = 0; i < nev; i++) {
		html_raw(w, "<li><strong>");
		html_txt(w, ev[i].label);
		html_raw(w, "</strong> <span class=\"muted\">");
		ui_time(w, ev[i].at);
		html_raw(w, " · ");
		html_txt(w, ui_person(req, ev[i].actor));
		html_raw(w, "</span>");
		if (*ev[i].detail) {
			html_raw(w, "<br>");
			html_txt(w, ev[i].detail);
		}
		html_raw(w, "</li>\n");
	}
	html_raw(w, "</ol></section>\n");
	ui_console_end(req, res);
	return 0;
}

int page_docs_console_doc(struct web_request *req, struct web_response *res)
{
	struct doc d;
	int rc = load_doc(req, &d);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	return render_doc(req, res, &d, NULL, 200, NULL);
}

/* The most override reasons one form carries. */
#define GATE_FORM_MAX 200

/* Submission through the gate (发布前检查), and the override form: records the reasons the
 * clerk gave for the hits still open, then submits again. 0 when submitted, 1 when stopped
 * (stop holds the check; err may say why), or an error with err. */
static int gate_post(struct web_request *req, const struct doc *d, const char *action,
		     struct doc_check *stop, struct buf *err)
{
	const char *actor = console_actor(req);
	bool submitted = false;
	int rc;
	if (!strcmp(action, "override")) {
		if (d->state != DOC_DRAFT) {
			buf_setf(err, "只有草稿可以提交保密审查");
			return ZF_ESTATE;
		}
		if ((rc = doc_gate_run(req->db, req->arena, d, stop, err)))
			return rc;
		struct doc_gate_reason *r = arena_alloc(req->arena, GATE_FORM_MAX * sizeof(*r));
		if (!r)
			return ZF_ENOMEM;
		size_t nr = 0;
		for (size_t k = 0; k < GATE_FORM_MAX; k++) {
			char name[32];
			snprintf(name, sizeof(name), "rule_%zu", k);
			const char *rule = console_form_text(req, name);
			if (!*rule)
				break;
			snprintf(name, sizeof(name), "snippet_%zu", k);
			r[nr].snippet = console_form_text(req, name);
			snprintf(name, sizeof(name), "reason_%zu", k);
			r[nr].reason = console_form_text(req, name);
			r[nr++].rule_id = rule;
		}
		size_t n = 0;
		rc = doc_gate_override_some(req->db, actor, stop, r, nr,
					    console_form_text(req, "reason_all"), &n, err);
		if (rc == ZF_EINVAL)
			return 1;
		if (rc)
			return rc;
		if (!n && stop->open) {
			buf_setf(err, "请写明放行理由（可逐条填写，或为全部问题填写同一理由），"
				      "或返回修改草稿");
			return 1;
		}
	}
	rc = doc_gate_submit(req->db, req->arena, actor, d->id, stop, &submitted, err);
	if (rc)
		return rc;
	return submitted ? 0 : 1;
}

int page_docs_console_action(struct web_request *req, struct web_response *res)
{
	struct doc d;
	int rc = load_doc(req, &d);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	const char *action = console_form_text(req, "action");
	const char *reason = console_form_text(req, "reason");
	const char *actor = console_actor(req);
	bool needs_reviewer =
	    !strcmp(action, "approve") || !strcmp(action, "return") || !strcmp(action, "secrecy");
	if (!session_can(req, d.f.agency_id, needs_reviewer ? ROLE_REVIEWER : ROLE_CLERK))
		return render_doc(req, res, &d,
				  needs_reviewer ? "只有本机关的审核人可以进行保密审查。"
						 : "您没有办理本机关文件的权限。",
				  403, NULL);
	struct buf err = BUF_INIT;
	const char *done = NULL;
	if (!strcmp(action, "submit") || !strcmp(action, "override")) {
		struct doc_check stop;
		rc = gate_post(req, &d, action, &stop, &err);
		if (rc == 1) {
			const char *msg = err.len ? arena_strdup(req->arena, buf_cstr(&err)) : NULL;
			buf_free(&err);
			return render_doc(req, res, &d, msg, 422, &stop);
		}
		done = "submitted";
	} else if (!strcmp(action, "withdraw")) {
		rc = store_doc_withdraw(req->db, actor, d.id, &err);
		done = "withdrawn";
	} else if (needs_reviewer) {
		rc = secrecy_post(req, action, d.id, &err, &done);
	} else if (!strcmp(action, "repeal")) {
		zf_day on = console_form_day(req, "repeal_on");
		rc = on ? store_doc_invalidate(req->db, actor, d.id, DOC_REPEALED, on, reason, &err)
			: (buf_setf(&err, "请填写废止日期"), ZF_EINVAL);
		done = "repealed";
	} else if (!strcmp(action, "expire")) {
		zf_day on = console_form_day(req, "expire_on");
		rc = on ? store_doc_invalidate(req->db, actor, d.id, DOC_EXPIRED, on, reason, &err)
			: (buf_setf(&err, "请填写失效日期"), ZF_EINVAL);
		done = "expired";
	} else if (!strcmp(action, "reviewed")) {
		zf_day on = console_form_day(req, "reviewed_on");
		rc = on ? store_doc_reviewed(req->db, actor, d.id, on,
					     console_form_text(req, "note"), &err)
			: (buf_setf(&err, "请填写审查日期"), ZF_EINVAL);
		done = "reviewed";
	} else if (!strcmp(action, "delete")) {
		rc = store_doc_delete(req->db, actor, d.id, &err);
		done = "deleted";
	} else if (!strcmp(action, "detach")) {
		long long aid = 0;
		struct doc_attachment *att = NULL;
		size_t natt = 0;
		bool mine = false;
		if (console_id(console_form_text(req, "attachment"), &aid) &&
		    !store_doc_attachments(req->db, req->arena, d.id, &att, &natt))
			for (size_t i = 0; i < natt; i++)
				mine |= att[i].id == aid;
		rc = mine ? store_doc_detach(req->db, actor, aid, &err)
			  : (buf_setf(&err, "没有这个附件"), ZF_ENOENT);
		done = "detached";
	} else {
		buf_setf(&err, "无法识别的操作");
		rc = ZF_EINVAL;
	}
	if (rc && rc != ZF_EINVAL && rc != ZF_ESTATE && rc != ZF_ENOENT) {
		buf_free(&err);
		return rc;
	}
	if (rc) {
		const char *msg =
		    arena_strdup(req->arena, err.len ? buf_cstr(&err) : zf_strerror(rc));
		buf_free(&err);
		/* show the document as it is now */
		if (load_doc(req, &d) == 0)
			return render_doc(req, res, &d, msg, rc == ZF_ESTATE ? 409 : 422, NULL);
		return console_not_found(req, res);
	}
	buf_free(&err);
	if (!strcmp(done, "deleted"))
		ui_redirect(req, res, "/console/docs?tab=draft&done=deleted");
	else
		ui_redirect(req, res,
			    arena_printf(req->arena, "/console/docs/%lld?done=%s", d.id, done));
	return 0;
}

int page_docs_console_attach(struct web_request *req, struct web_response *res)
{
	struct doc d;
	int rc = load_doc(req, &d);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	struct multipart_part *parts = NULL;
	size_t n = 0;
	rc = multipart_parse(req->arena, web_header(req, "Content-Type"), req->body, &parts, &n);
	if (rc == ZF_ENOMEM)
		return rc;
	if (rc == 0 && !multipart_csrf_ok(req, parts, n))
		return csrf_refused(req, res);
	if (rc)
		return render_doc(req, res, &d, "上传的内容无法识别，请重新选择文件上传。", 400,
				  NULL);
	if (!session_can(req, d.f.agency_id, ROLE_CLERK))
		return render_doc(req, res, &d, "您没有办理本机关文件的权限。", 403, NULL);
	const struct multipart_part *file = multipart_file(parts, n, "file");
	if (!file)
		return render_doc(req, res, &d, "请选择要上传的文件。", 422, NULL);
	struct buf err = BUF_INIT;
	rc = store_doc_attach(req->db, console_actor(req), d.id, file->filename,
			      (const unsigned char *)file->data.p, file->data.len, NULL, &err);
	if (rc && rc != ZF_EINVAL && rc != ZF_ESTATE && rc != ZF_ETOOBIG) {
		buf_free(&err);
		return rc;
	}
	if (rc) {
		const char *msg = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		return render_doc(req, res, &d, msg, rc == ZF_ETOOBIG ? 413 : 422, NULL);
	}
	buf_free(&err);
	ui_redirect(req, res, arena_printf(req->arena, "/console/docs/%lld?done=attached", d.id));
	return 0;
}

/* ---------------------------------------------------------------- export, import */

int page_docs_console_export(struct web_request *req, struct web_response *res)
{
	size_t nids = 0;
	long long *ids = session_agencies(req, ROLE_VIEWER, &nids);
	if (!nids)
		return console_not_found(req, res);
	struct doc_filter f = doc_filter_any();
	f.agencies = ids;
	f.nagencies = nids;
	const char *state = web_arg(req, "state");
	f.state = state ? doc_state_parse(state) : DOC_PUBLISHED;
	bool csv = web_arg(req, "format") && !strcmp(web_arg(req, "format"), "csv");
	char path[] = "/tmp/zf-export-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return ZF_EIO;
	close(fd);
	struct buf err = BUF_INIT;
	int rc = store_doc_export(req->db, &f, csv ? DOC_IO_CSV : DOC_IO_XLSX, path, NULL, &err);
	buf_free(&err);
	if (!rc)
		rc = buf_read_file(&res->body, path, 0);
	unlink(path);
	if (rc)
		return rc;
	char day[11];
	res->content_type =
	    csv ? "text/csv; charset=utf-8"
		: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	const char *name = arena_printf(req->arena, "主动公开目录-%s.%s",
					date_format(date_today(), day), csv ? "csv" : "xlsx");
	struct buf cd = BUF_INIT;
	buf_adds(&cd, "attachment; filename*=UTF-8''");
	html_url_arg(&cd, name ? name : "catalogue");
	const char *value = arena_strdup(req->arena, buf_cstr(&cd));
	buf_free(&cd);
	if (!value)
		return ZF_ENOMEM;
	web_add_header(res, "Content-Disposition", value);
	web_add_header(res, "Cache-Control", "private, no-store");
	return 0;
}

static void import_form(struct web_request *req, struct buf *w)
{
	struct console_agencies ag;
	if (console_agencies_load(req, &ag))
		ag.n = 0;
	html_raw(w, "<form class=\"form panel\" method=\"post\" enctype=\"multipart/form-data\" "
		    "action=\"/console/docs/import\">\n");
	session_csrf_field(req, w);
	html_raw(w,
		 "<div class=\"field\"><label for=\"file\" class=\"required\">目录文件</label>"
		 "<input type=\"file\" id=\"file\" name=\"file\" required accept=\".csv,.xlsx,"
		 ".json\" aria-describedby=\"import-hint\"><span class=\"hint\" id=\"import-hint\">"
		 "Excel（.xlsx，第一张工作表）、CSV（UTF-8 或 GB18030）或 JSON。第一行是表头："
		 "名称、成文日期（必填），索引号、文号、发布机构、发布日期、主题分类、体裁、"
		 "主题词、内容概述、正文、类别、有效性、失效日期、施行日期、有效期至、机关。"
		 "有发布日期的行作为已发布的历史文件导入，其余作为草稿。</span></div>\n"
		 "<div class=\"field\"><label for=\"agency\">默认机关</label><select id=\"agency\" "
		 "name=\"agency\">");
	console_agency_options(w, req, &ag, ROLE_CLERK, req->user->agency_id);
	html_raw(w,
		 "</select></div>\n<div class=\"field\"><label><input type=\"checkbox\" "
		 "name=\"dry_run\" value=\"1\" checked> 只检查，不导入</label></div>\n"
		 "<button type=\"submit\" class=\"button primary\">检查并导入</button></form>\n");
}

int page_docs_console_import(struct web_request *req, struct web_response *res)
{
	ui_console_begin(req, res, "批量导入", "/console/docs");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/docs\">主动公开</a></p>\n"
		    "<h1>批量导入</h1>\n<p>每行单独检查：合格的导入，不合格的列出行号和原因。"
		    "建议先“只检查”，改正后再导入。</p>\n");
	import_form(req, w);
	ui_console_end(req, res);
	return 0;
}

int page_docs_console_import_post(struct web_request *req, struct web_response *res)
{
	struct multipart_part *parts = NULL;
	size_t n = 0;
	int rc =
	    multipart_parse(req->arena, web_header(req, "Content-Type"), req->body, &parts, &n);
	if (rc == ZF_ENOMEM)
		return rc;
	if (rc == 0 && !multipart_csrf_ok(req, parts, n))
		return csrf_refused(req, res);
	const struct multipart_part *file = rc ? NULL : multipart_file(parts, n, "file");
	const char *agency_s = rc ? NULL : multipart_field(req->arena, parts, n, "agency");
	bool dry = !rc && multipart_field(req->arena, parts, n, "dry_run");
	long long agency = 0;
	if (agency_s && (!console_id(agency_s, &agency) || !session_can(req, agency, ROLE_CLERK)))
		agency = 0;
	int fmt = file ? docs_io_format_of(file->filename) : -1;
	struct doc_import_report r = {0};
	const char *error = NULL;
	if (!file)
		error = "请选择要导入的文件。";
	else if (fmt < 0)
		error = "只能导入 .xlsx、.csv 或 .json 文件。";
	size_t nids = 0;
	long long *ids = session_agencies(req, ROLE_CLERK, &nids);
	if (!error) {
		rc = store_doc_import(req->db, req->arena, console_actor(req),
				      (enum doc_io_format)fmt, (const unsigned char *)file->data.p,
				      file->data.len, agency, ids ? ids : &agency, ids ? nids : 0,
				      dry, &r);
		if (rc == ZF_EPARSE)
			error = arena_printf(req->arena, "文件无法读取：%s",
					     r.error ? r.error : "格式错误");
		else if (rc)
			return rc;
	}
	ui_console_begin(req, res, "导入结果", "/console/docs");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/docs\">主动公开</a> › "
		    "<a href=\"/console/docs/import\">批量导入</a></p>\n<h1>导入结果</h1>\n");
	if (error) {
		console_alert(w, "error", error);
		import_form(req, w);
		ui_console_end(req, res);
		res->status = 422;
		return 0;
	}
	console_alert(w, r.rejected ? "error" : "ok",
		      arena_printf(req->arena, "%s%zu 份，拒绝 %zu 份。",
				   dry ? "检查完毕（未导入）：可导入 " : "已导入 ", r.imported,
				   r.rejected));
	html_raw(w,
		 "<table class=\"data\"><caption>逐行结果</caption><thead><tr>"
		 "<th scope=\"col\">行</th><th scope=\"col\">名称</th><th scope=\"col\">结果</th>"
		 "</tr></thead><tbody>\n");
	for (size_t i = 0; i < r.n; i++) {
		const struct doc_import_line *l = &r.lines[i];
		html_raw(w, l->ok ? "<tr><td class=\"num\">"
				  : "<tr class=\"row-overdue\"><td class=\"num\">");
		html_txtf(w, "%zu", l->line);
		html_raw(w, "</td><td>");
		if (l->ok && l->id) {
			html_raw(w, "<a href=\"");
			html_attrf(w, "/console/docs/%lld", l->id);
			html_raw(w, "\">");
			console_txt_short(w, l->title, 50);
			html_raw(w, "</a>");
		} else {
			console_txt_short(w, *l->title ? l->title : "（无名称）", 50);
		}
		html_raw(w, "</td><td>");
		if (l->ok)
			html_raw(w, dry ? "可导入" : "已导入");
		else
			html_txt(w, l->reason);
		html_raw(w, "</td></tr>\n");
	}
	html_raw(w, "</tbody></table>\n");
	if (dry && r.imported)
		import_form(req, w);
	ui_console_end(req, res);
	return 0;
}

/* ---------------------------------------------------------------- settings */

static int render_settings(struct web_request *req, struct web_response *res, const char *error,
			   int status)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	res->status = status;
	ui_console_begin(req, res, "索引号设置", "/console/docs");
	struct buf *w = &res->body;
	html_raw(w,
		 "<p class=\"breadcrumb\"><a href=\"/console/docs\">主动公开</a></p>\n"
		 "<h1>索引号设置</h1>\n<p>索引号由“前段码/后段码”组成：前段码是机关的组织机构代码"
		 "（9 位）或统一社会信用代码（18 位），后段码是发布年份和流水号"
		 "（《政府信息公开目录系统实施指引（试行）》）。索引号一经生成不再改变。</p>\n");
	done_alert(w, req);
	if (error)
		console_alert(w, "error", error);
	html_raw(w, "<table class=\"data\"><thead><tr><th scope=\"col\">机关</th>"
		    "<th scope=\"col\">机构代码与模板</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < ag.n; i++) {
		if (!session_can(req, ag.v[i].id, ROLE_ADMIN))
			continue;
		const char *org = NULL, *tmpl = NULL;
		store_doc_settings_get(req->db, req->arena, ag.v[i].id, &org, &tmpl);
		char idp[32];
		snprintf(idp, sizeof(idp), "a%lld", ag.v[i].id);
		html_raw(w, "<tr><td>");
		html_txt(w, ag.v[i].name);
		html_raw(w, "</td><td><form class=\"form compact\" method=\"post\" "
			    "action=\"/console/docs/settings\">");
		session_csrf_field(req, w);
		char v[24];
		snprintf(v, sizeof(v), "%lld", ag.v[i].id);
		hidden(w, "agency", v);
		html_raw(w, "<label for=\"");
		html_attrf(w, "%s-org", idp);
		html_raw(w, "\">机构代码</label><input type=\"text\" maxlength=\"18\" size=\"20\" "
			    "name=\"org_code\" id=\"");
		html_attrf(w, "%s-org", idp);
		html_raw(w, "\" value=\"");
		html_attr(w, org ? org : "");
		html_raw(w, "\"><label for=\"");
		html_attrf(w, "%s-tmpl", idp);
		html_raw(w, "\">模板</label><input type=\"text\" maxlength=\"100\" size=\"30\" "
			    "name=\"template\" id=\"");
		html_attrf(w, "%s-tmpl", idp);
		html_raw(w, "\" value=\"");
		html_attr(w, tmpl ? tmpl : DOCNO_INDEX_TEMPLATE);
		html_raw(w, "\"><button class=\"button secondary\" type=\"submit\">保存</button>"
			    "</form></td></tr>\n");
	}
	html_raw(w, "</tbody></table>\n");
	ui_console_end(req, res);
	return 0;
}

int page_docs_console_settings(struct web_request *req, struct web_response *res)
{
	return render_settings(req, res, NULL, 200);
}

int page_docs_console_settings_post(struct web_request *req, struct web_response *res)
{
	long long agency = 0;
	if (!console_id(console_form_text(req, "agency"), &agency) ||
	    !session_can(req, agency, ROLE_ADMIN))
		return console_not_found(req, res);
	struct buf err = BUF_INIT;
	const char *tmpl = console_form_text(req, "template");
	int rc =
	    store_doc_settings_set(req->db, console_actor(req), agency,
				   console_form_text(req, "org_code"), *tmpl ? tmpl : NULL, &err);
	if (rc && rc != ZF_EINVAL) {
		buf_free(&err);
		return rc;
	}
	if (rc) {
		const char *msg = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		return render_settings(req, res, msg, 422);
	}
	buf_free(&err);
	ui_redirect(req, res, "/console/docs/settings?done=settings");
	return 0;
}
