/* page_console_queue.c: /console/requests, the queue of requests, full width: open ones by
 * due date (earliest first), overdue and due-soon marked, days left in working days; filters
 * by agency, state, handler and deadline; a search by applicant, 查询码 or number; columns
 * sorted by links (received, due, state, handler); 50 a page. The same view as .xlsx
 * (/console/requests/export.xlsx, at most 5000 rows) and the batch assignment of the ticked
 * requests to one handler (POST /console/requests/assign, all or nothing). */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "render/html.h"
#include "render/xlsx_table.h"
#include "routes.h"
#include "session.h"
#include "store/auth.h"
#include "store/requests.h"
#include "ui_shared.h"

#define PAGE_SIZE  50
#define EXPORT_MAX 5000

static const struct {
	const char *key, *label;
} state_choices[] = {
    {"open", "未办结（全部）"},
    {"processing", "办理中"},
    {"awaiting_supplement", "待补正"},
    {"consulting", "征求意见中"},
    {"awaiting_fee", "待缴费"},
    {"closed", "已办结（全部）"},
    {"replied", "已答复"},
    {"closed_no_supplement", "逾期未补正，终止办理"},
    {"closed_fee_unpaid", "逾期未缴费，终止办理"},
    {"withdrawn", "申请人已撤回"},
    {"all", "全部"},
};

static const char *known_state(const char *s)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(state_choices); i++)
		if (strcmp(s, state_choices[i].key) == 0)
			return state_choices[i].key;
	return "open";
}

static void deadline_cell(struct buf *w, const struct request_row2 *r)
{
	if (r->closed_on) {
		html_raw(w, "<span class=\"tag muted\">已办结</span> ");
		console_day(w, r->closed_on);
		return;
	}
	if (!r->due_on) {
		html_raw(w, "<span class=\"tag muted\">暂停计算</span>");
		return;
	}
	console_day(w, r->due_on);
	html_raw(w, "<br>");
	if (r->overdue) {
		html_raw(w, "<span class=\"tag overdue\">已逾期");
		html_txtf(w, "%d", -r->days_left);
		html_raw(w, "个工作日</span>");
	} else if (r->due_soon) {
		html_raw(w, "<span class=\"tag soon\">");
		if (r->days_left == 0)
			html_raw(w, "今日到期");
		else
			html_txtf(w, "剩余%d个工作日", r->days_left);
		html_raw(w, "</span>");
	} else {
		html_raw(w, "<span class=\"tag ok\">");
		html_txtf(w, "剩余%d个工作日", r->days_left);
		html_raw(w, "</span>");
	}
}

static const struct {
	const char *key, *label;
	enum request_sort sort;
} sort_choices[] = {
    {"received", "收到日期", REQUEST_SORT_RECEIVED},
    {"due", "答复期限", REQUEST_SORT_DUE},
    {"state", "状态", REQUEST_SORT_STATE},
    {"handler", "经办人", REQUEST_SORT_HANDLER},
};

/* The queue as asked for by the query string, read once and checked. */
struct queue_view {
	long long agency;
	const char *state, *handler, *q, *sort; /* handler: "", "me", "none" or an id */
	long long hid;
	bool overdue, desc;
	int due;
	long page;
	struct request_filter f;
};

static int view_read(struct web_request *req, struct queue_view *v)
{
	memset(v, 0, sizeof(*v));
	console_id(web_arg(req, "agency"), &v->agency);
	if (v->agency && !session_can(req, v->agency, ROLE_VIEWER))
		v->agency = 0; /* an agency the user may not see is no filter at all */
	v->state = known_state(web_arg(req, "state"));
	v->handler = web_arg(req, "handler");
	v->overdue = web_arg(req, "overdue") && strcmp(web_arg(req, "overdue"), "1") == 0;
	long long due_arg = 0;
	console_id(web_arg(req, "due"), &due_arg);
	v->due = due_arg > 0 && due_arg <= 20 ? (int)due_arg : 0;
	long long page_arg = 1;
	if (!console_id(web_arg(req, "page"), &page_arg) || page_arg > 100000)
		page_arg = 1;
	v->page = (long)page_arg;
	const char *q = web_arg(req, "q");
	struct str t = str_trim(str_c(q ? q : ""));
	v->q = t.len && t.len <= 100 ? arena_strndup(req->arena, t.p, t.len) : "";
	if (!v->q)
		return ZF_ENOMEM;
	v->sort = "";
	const char *sort = web_arg(req, "sort");
	for (size_t i = 0; sort && i < ARRAY_SIZE(sort_choices); i++)
		if (!strcmp(sort, sort_choices[i].key)) {
			v->sort = sort_choices[i].key;
			v->f.sort = sort_choices[i].sort;
		}
	v->desc = *v->sort && web_arg(req, "dir") && !strcmp(web_arg(req, "dir"), "desc");

	struct request_filter *f = &v->f;
	f->state = v->state;
	f->cal = console_calendar();
	f->soon_days = 3;
	f->search = v->q;
	f->descending = v->desc;
	if (v->agency) {
		long long *one = arena_alloc(req->arena, sizeof(*one));
		if (!one)
			return ZF_ENOMEM;
		*one = v->agency;
		f->agencies = one;
		f->nagencies = 1;
	} else {
		f->agencies = session_agencies(req, ROLE_VIEWER, &f->nagencies);
	}
	if (v->handler && strcmp(v->handler, "me") == 0)
		f->handler_user_id = req->user->id;
	else if (v->handler && strcmp(v->handler, "none") == 0)
		f->handler_user_id = REQUEST_UNASSIGNED;
	else if (console_id(v->handler, &v->hid))
		f->handler_user_id = v->hid;
	else
		v->handler = "";
	f->overdue_only = v->overdue;
	f->due_within = v->due;
	return 0;
}

/* The query string of the view (after "?"), with another sort, direction and page. */
static void view_args(struct buf *w, const struct queue_view *v, const char *sort, bool desc,
		      long page)
{
	html_raw(w, "state=");
	html_url_arg(w, v->state);
	if (v->agency)
		html_attrf(w, "&agency=%lld", v->agency);
	if (*v->handler) {
		html_raw(w, "&amp;handler=");
		html_url_arg(w, v->handler);
	}
	if (v->overdue)
		html_raw(w, "&amp;overdue=1");
	if (v->due)
		html_attrf(w, "&due=%d", v->due);
	if (*v->q) {
		html_raw(w, "&amp;q=");
		html_url_arg(w, v->q);
	}
	if (*sort) {
		html_raw(w, "&amp;sort=");
		html_url_arg(w, sort);
		if (desc)
			html_raw(w, "&amp;dir=desc");
	}
	if (page > 1)
		html_attrf(w, "&page=%ld", page);
}

static void view_link(struct buf *w, const struct queue_view *v, const char *sort, bool desc,
		      long page)
{
	html_raw(w, "/console/requests?");
	view_args(w, v, sort, desc, page);
}

/* A column head that sorts by key: ascending first, then the other way. */
static void sort_head(struct buf *w, const struct queue_view *v, size_t i)
{
	bool on = !strcmp(v->sort, sort_choices[i].key);
	html_raw(w, "<th scope=\"col\"");
	if (on)
		html_raw(w, v->desc ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"");
	html_raw(w, "><a class=\"sort\" href=\"");
	view_link(w, v, sort_choices[i].key, on && !v->desc, 1);
	html_raw(w, "\">");
	html_txt(w, sort_choices[i].label);
	html_raw(w, on ? (v->desc ? " ▼" : " ▲") : "");
	html_raw(w, "<span class=\"sr-only\">（");
	html_raw(w, on && !v->desc ? "点击按降序排列" : "点击按升序排列");
	html_raw(w, "）</span></a></th>");
}

/* Users the signed-in user may pick as handlers (active, of agencies he sees). */
static int pickable_users(struct web_request *req, struct user **users, size_t *n)
{
	int rc = store_user_list(req->db, req->arena, 0, users, n);
	if (rc)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if ((*users)[i].active && session_can(req, (*users)[i].agency_id, ROLE_VIEWER))
			(*users)[k++] = (*users)[i];
	*n = k;
	return 0;
}

static const char *user_label(const struct user *u)
{
	return u->name && *u->name ? u->name : u->login;
}

static void filters_form(struct web_request *req, struct buf *w, const struct queue_view *v,
			 const struct console_agencies *ag, const struct user *users, size_t nusers)
{
	/* GET: no token needed, nothing changes */
	html_raw(w, "<form method=\"get\" action=\"/console/requests\" class=\"form filters\" "
		    "role=\"search\"><div class=\"field\"><label for=\"f-q\">搜索</label>"
		    "<input type=\"search\" id=\"f-q\" name=\"q\" maxlength=\"100\" "
		    "placeholder=\"申请人、查询码或编号\" value=\"");
	html_attr(w, v->q);
	html_raw(w, "\"></div><div class=\"field\"><label for=\"f-agency\">机关</label>"
		    "<select id=\"f-agency\" name=\"agency\"><option value=\"\">全部机关</option>");
	console_agency_options(w, req, ag, ROLE_VIEWER, v->agency);
	html_raw(w, "</select></div><div class=\"field\"><label for=\"f-state\">状态</label>"
		    "<select id=\"f-state\" name=\"state\">");
	for (size_t i = 0; i < ARRAY_SIZE(state_choices); i++) {
		html_raw(w, "<option value=\"");
		html_attr(w, state_choices[i].key);
		html_raw(w, strcmp(v->state, state_choices[i].key) == 0 ? "\" selected>" : "\">");
		html_txt(w, state_choices[i].label);
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div><div class=\"field\"><label for=\"f-handler\">经办人</label>"
		    "<select id=\"f-handler\" name=\"handler\">");
	html_raw(w, !*v->handler ? "<option value=\"\" selected>不限</option>"
				 : "<option value=\"\">不限</option>");
	html_raw(w, strcmp(v->handler, "me") == 0
			? "<option value=\"me\" selected>我经办的</option>"
			: "<option value=\"me\">我经办的</option>");
	html_raw(w, strcmp(v->handler, "none") == 0
			? "<option value=\"none\" selected>尚未分配</option>"
			: "<option value=\"none\">尚未分配</option>");
	for (size_t i = 0; i < nusers; i++) {
		html_raw(w, "<option value=\"");
		html_attrf(w, "%lld", users[i].id);
		html_raw(w, v->hid == users[i].id ? "\" selected>" : "\">");
		html_txt(w, user_label(&users[i]));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div><div class=\"field choices\"><label><input type=\"checkbox\" "
		    "name=\"overdue\" value=\"1\"");
	if (v->overdue)
		html_raw(w, " checked");
	html_raw(w, "> 只看已逾期</label><label><input type=\"checkbox\" name=\"due\" value=\"3\"");
	if (v->due)
		html_raw(w, " checked");
	html_raw(w, "> 3个工作日内到期（含已逾期）</label></div>");
	if (*v->sort) {
		html_raw(w, "<input type=\"hidden\" name=\"sort\" value=\"");
		html_attr(w, v->sort);
		html_raw(w, "\">");
		if (v->desc)
			html_raw(w, "<input type=\"hidden\" name=\"dir\" value=\"desc\">");
	}
	html_raw(w, "<div class=\"field\"><button type=\"submit\" class=\"button primary\">筛选"
		    "</button> <a href=\"/console/requests\">清除条件</a></div></form>\n");
}

/* Numbered pages around the current one. */
static void pager(struct buf *w, const struct queue_view *v, long pages)
{
	if (pages <= 1)
		return;
	html_raw(w, "<nav class=\"pager\" aria-label=\"分页\">");
	if (v->page > 1) {
		html_raw(w, "<a href=\"");
		view_link(w, v, v->sort, v->desc, v->page - 1);
		html_raw(w, "\" rel=\"prev\">上一页</a>");
	}
	for (long p = 1; p <= pages; p++) {
		if (p != 1 && p != pages && (p < v->page - 3 || p > v->page + 3)) {
			if (p == v->page - 4 || p == v->page + 4)
				html_raw(w, "<span aria-hidden=\"true\">…</span>");
			continue;
		}
		if (p == v->page) {
			html_raw(w, "<span aria-current=\"page\" class=\"pager-at\">");
			html_txtf(w, "%ld", p);
			html_raw(w, "</span>");
			continue;
		}
		html_raw(w, "<a href=\"");
		view_link(w, v, v->sort, v->desc, p);
		html_raw(w, "\" aria-label=\"");
		html_attrf(w, "第%ld页", p);
		html_raw(w, "\">");
		html_txtf(w, "%ld", p);
		html_raw(w, "</a>");
	}
	if (v->page < pages) {
		html_raw(w, "<a href=\"");
		view_link(w, v, v->sort, v->desc, v->page + 1);
		html_raw(w, "\" rel=\"next\">下一页</a>");
	}
	html_raw(w, "</nav>\n");
}

/* What a redirect after a batch assignment says (?assigned=N): a number, nothing else. */
static void assigned_note(struct web_request *req, struct buf *w)
{
	long long n = 0;
	if (!console_id(web_arg(req, "assigned"), &n))
		return;
	char msg[80];
	snprintf(msg, sizeof(msg), "已为 %lld 件申请指定经办人。", n);
	console_alert(w, "ok", msg);
}

static int queue_page(struct web_request *req, struct web_response *res, const char *error,
		      int status)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct queue_view v;
	rc = view_read(req, &v);
	if (rc)
		return rc;
	v.f.limit = PAGE_SIZE;
	v.f.offset = (size_t)(v.page - 1) * PAGE_SIZE;
	struct request_row2 *rows = NULL;
	size_t n = 0;
	long long total = 0;
	if (v.f.nagencies) {
		rc = store_request_queue(req->db, req->arena, &v.f, &rows, &n);
		if (!rc)
			rc = store_request_queue_count(req->db, &v.f, &total);
		if (rc)
			return rc;
	}
	struct user *users = NULL;
	size_t nusers = 0;
	rc = pickable_users(req, &users, &nusers);
	if (rc)
		return rc;

	res->status = status;
	ui_console_begin(req, res, "依申请公开办理", "/console/requests");
	struct buf *w = &res->body;
	html_raw(w, "<div class=\"wide-page\">\n<h1>依申请公开办理</h1>\n");
	if (error)
		console_alert(w, "error", error);
	else
		assigned_note(req, w);
	html_raw(w, "<p class=\"actions-row\">");
	if (req->user->role >= ROLE_CLERK)
		html_raw(w, "<a class=\"button primary\" href=\"/console/requests/new\">"
			    "登记新申请</a> ");
	html_raw(w, "<a class=\"button secondary\" id=\"export-xlsx\" href=\"/console/requests/"
		    "export.xlsx?");
	view_args(w, &v, v.sort, v.desc, 1);
	html_raw(w, "\">导出 Excel（当前筛选结果）</a></p>\n");
	filters_form(req, w, &v, &ag, users, nusers);

	html_raw(w, "<p class=\"muted\" id=\"queue-count\">");
	html_txtf(w, "共 %lld 件", total);
	if (!*v.sort && (!strcmp(v.state, "open") || !strcmp(v.state, "processing") ||
			 !strcmp(v.state, "consulting") || !strcmp(v.state, "awaiting_fee") ||
			 !strcmp(v.state, "awaiting_supplement")))
		html_raw(w, "，按答复期限由近及远排列");
	html_raw(w, "；剩余天数按工作日计算。</p>\n");
	if (n == 0) {
		console_alert(w, "info", "没有符合条件的申请。");
		html_raw(w, "</div>\n");
		ui_console_end(req, res);
		return 0;
	}
	bool batch = req->user->role >= ROLE_CLERK;
	if (batch) {
		html_raw(w, "<form method=\"post\" action=\"/console/requests/assign\" "
			    "id=\"batch-assign\">");
		session_csrf_field(req, w);
	}
	html_raw(w, "<div class=\"table-scroll\"><table class=\"data queue\">"
		    "<caption class=\"sr-only\">申请列表</caption><thead><tr>");
	if (batch)
		html_raw(w, "<th scope=\"col\"><span class=\"sr-only\">选择</span></th>");
	html_raw(w, "<th scope=\"col\">编号</th>");
	sort_head(w, &v, 0);
	html_raw(w, "<th scope=\"col\">申请人</th><th scope=\"col\">申请内容</th>"
		    "<th scope=\"col\">机关</th>");
	sort_head(w, &v, 2);
	sort_head(w, &v, 1);
	sort_head(w, &v, 3);
	html_raw(w, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct request_row2 *r = &rows[i];
		bool clerk = session_can(req, r->agency_id, ROLE_CLERK);
		html_raw(w, r->overdue	  ? "<tr class=\"row-overdue\">"
			    : r->due_soon ? "<tr class=\"row-soon\">"
					  : "<tr>");
		if (batch) {
			html_raw(w, "<td>");
			if (clerk) {
				html_raw(w, "<input type=\"checkbox\" name=\"id\" value=\"");
				html_attrf(w, "%lld", r->id);
				html_raw(w, "\" id=\"pick-");
				html_attrf(w, "%lld", r->id);
				html_raw(w, "\" aria-label=\"");
				html_attrf(w, "选择第%lld号", r->id);
				html_raw(w, "\">");
			}
			html_raw(w, "</td>");
		}
		html_raw(w, "<td><a href=\"");
		html_attrf(w, "/console/requests/%lld", r->id);
		html_raw(w, "\">");
		html_txtf(w, "第%lld号", r->id);
		html_raw(w, "</a></td><td>");
		console_day(w, r->received_on);
		html_raw(w, "</td><td>");
		if (clerk)
			html_txt(w, r->applicant_name);
		else
			html_raw(w, "<span class=\"muted\">（仅经办人可见）</span>");
		html_raw(w, "</td><td>");
		console_txt_short(w, r->description, 40);
		html_raw(w, "</td><td>");
		html_txt(w, r->agency_name);
		html_raw(w, "</td><td>");
		html_txt(w, request_state_label(r->state));
		html_raw(w, "</td><td>");
		deadline_cell(w, r);
		html_raw(w, "</td><td>");
		if (*r->handler_name)
			html_txt(w, r->handler_name);
		else
			html_raw(w, "<span class=\"muted\">未分配</span>");
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</tbody></table></div>\n");
	if (batch) {
		html_raw(w, "<fieldset class=\"form compact batch\"><legend>批量分配经办人</legend>"
			    "<label for=\"f-batch-handler\">将勾选的申请分配给</label>"
			    "<select id=\"f-batch-handler\" name=\"handler\">"
			    "<option value=\"0\">（取消经办人）</option>");
		for (size_t i = 0; i < nusers; i++) {
			html_raw(w, "<option value=\"");
			html_attrf(w, "%lld", users[i].id);
			html_raw(w, "\">");
			html_txt(w, user_label(&users[i]));
			html_raw(w, "</option>");
		}
		html_raw(w,
			 "</select> <button type=\"submit\" class=\"button primary\">分配</button>"
			 "<span class=\"hint\">全部可以分配时才会保存；有一件不能分配，"
			 "则都不分配。</span></fieldset></form>\n");
	}
	pager(w, &v, (long)((total + PAGE_SIZE - 1) / PAGE_SIZE));
	html_raw(w, "</div>\n");
	ui_console_end(req, res);
	return 0;
}

int page_console_queue(struct web_request *req, struct web_response *res)
{
	return queue_page(req, res, NULL, 200);
}

/* ---------------------------------------------------------------- export */

static const char *day_text(struct web_request *req, zf_day d)
{
	char s[11];
	return d ? arena_strdup(req->arena, date_format(d, s)) : "";
}

int page_console_queue_export(struct web_request *req, struct web_response *res)
{
	struct queue_view v;
	int rc = view_read(req, &v);
	if (rc)
		return rc;
	static const char *const heads[] = {"编号", "收到日期", "申请人",     "申请内容", "机关",
					    "状态", "答复期限", "剩余工作日", "经办人"};
	enum { NCOL = ARRAY_SIZE(heads) };
	struct request_row2 *rows = NULL;
	size_t n = 0;
	v.f.limit = 1000;
	const char **cells = NULL;
	size_t nrows = 0, alloc = 0;
	/* pages of 1000, up to EXPORT_MAX rows */
	for (size_t off = 0; v.f.nagencies && off < EXPORT_MAX; off += 1000) {
		v.f.offset = off;
		rc = store_request_queue(req->db, req->arena, &v.f, &rows, &n);
		if (rc)
			return rc;
		for (size_t i = 0; i < n; i++) {
			const struct request_row2 *r = &rows[i];
			/* grown a row (NCOL cells) at a time: len and alloc count rows */
			cells = arena_grow(req->arena, cells, nrows, &alloc, NCOL * sizeof(*cells));
			if (!cells)
				return ZF_ENOMEM;
			const char **c = &cells[nrows++ * NCOL];
			c[0] = arena_printf(req->arena, "第%lld号", r->id);
			c[1] = day_text(req, r->received_on);
			c[2] = session_can(req, r->agency_id, ROLE_CLERK) ? r->applicant_name
									  : "（仅经办人可见）";
			c[3] = r->description;
			c[4] = r->agency_name;
			c[5] = request_state_label(r->state);
			c[6] = r->closed_on ? arena_printf(req->arena, "已办结 %s",
							   day_text(req, r->closed_on))
			       : r->due_on  ? day_text(req, r->due_on)
					    : "暂停计算";
			c[7] = r->due_on && !r->closed_on
				   ? arena_printf(req->arena, "%d", r->days_left)
				   : "";
			c[8] = *r->handler_name ? r->handler_name : "未分配";
		}
		if (n < 1000)
			break;
	}
	char today[11];
	date_format(date_today(), today);
	char *title =
	    arena_printf(req->arena, "依申请公开办理队列（导出日期 %s，共 %zu 件）", today, nrows);
	struct buf x = BUF_INIT;
	rc =
	    xlsx_table("申请", title ? title : "依申请公开办理队列", heads, NCOL, cells, nrows, &x);
	if (!rc) {
		char *disp =
		    arena_printf(req->arena, "attachment; filename=\"requests-%s.xlsx\"", today);
		rc = console_send(res, &x,
				  "application/vnd.openxmlformats-officedocument."
				  "spreadsheetml.sheet",
				  disp ? disp : "attachment");
	}
	buf_free(&x);
	return rc;
}

/* ---------------------------------------------------------------- batch assignment */

int page_console_queue_assign(struct web_request *req, struct web_response *res)
{
	const char *h = console_form_text(req, "handler");
	long long uid = 0;
	if (strcmp(h, "0") != 0 && !console_id(h, &uid))
		return queue_page(req, res, "请选择经办人。", 422);
	long long *ids = arena_alloc(req->arena, (req->nform ? req->nform : 1) * sizeof(*ids));
	if (!ids)
		return ZF_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < req->nform; i++) {
		if (strcmp(req->form[i].name, "id"))
			continue;
		long long id = 0;
		if (!console_id(req->form[i].value, &id))
			return queue_page(req, res, "勾选的申请编号有误。", 422);
		bool dup = false;
		for (size_t k = 0; k < n; k++)
			dup |= ids[k] == id;
		if (!dup)
			ids[n++] = id;
	}
	size_t nscope = 0;
	long long *scope = session_agencies(req, ROLE_CLERK, &nscope);
	struct buf err = BUF_INIT;
	long long bad = 0;
	int rc = store_request_assign_many(req->db, console_actor(req), ids, n, uid, scope, nscope,
					   &bad, &err);
	if (rc == ZF_ENOENT || rc == ZF_EINVAL) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法分配");
		buf_free(&err);
		return queue_page(req, res, msg ? msg : "无法分配", rc == ZF_ENOENT ? 404 : 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	char *to = arena_printf(req->arena, "/console/requests?assigned=%zu", n);
	ui_redirect(req, res, to ? to : "/console/requests");
	return 0;
}
