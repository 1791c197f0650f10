/* page_console_queue.c: /console/requests, the queue of requests: open ones by due date
 * (earliest first), overdue and due-soon marked, days left in working days; filters by agency,
 * state, handler and deadline; 50 a page. */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/auth.h"
#include "store/requests.h"
#include "ui_shared.h"

#define PAGE_SIZE 50

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

/* The query string of the current filters, with another page number. */
static void filter_link(struct buf *w, long long agency, const char *state, const char *handler,
			bool overdue, int due, long page)
{
	html_raw(w, "/console/requests?state=");
	html_url_arg(w, state);
	if (agency)
		html_attrf(w, "&agency=%lld", agency);
	if (handler && *handler) {
		html_raw(w, "&amp;handler=");
		html_url_arg(w, handler);
	}
	if (overdue)
		html_raw(w, "&amp;overdue=1");
	if (due)
		html_attrf(w, "&due=%d", due);
	if (page > 1)
		html_attrf(w, "&page=%ld", page);
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

int page_console_queue(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	long long agency = 0;
	console_id(web_arg(req, "agency"), &agency);
	if (agency && !session_can(req, agency, ROLE_VIEWER))
		agency = 0; /* an agency the user may not see is no filter at all */
	const char *state = known_state(web_arg(req, "state"));
	const char *handler = web_arg(req, "handler");
	bool overdue = web_arg(req, "overdue") && strcmp(web_arg(req, "overdue"), "1") == 0;
	long long due_arg = 0;
	console_id(web_arg(req, "due"), &due_arg);
	int due = due_arg > 0 && due_arg <= 20 ? (int)due_arg : 0;
	long long page_arg = 1;
	if (!console_id(web_arg(req, "page"), &page_arg) || page_arg > 100000)
		page_arg = 1;
	long page = (long)page_arg;

	struct request_filter f = {.state = state, .cal = console_calendar(), .soon_days = 3};
	if (agency) {
		long long *one = arena_alloc(req->arena, sizeof(*one));
		if (!one)
			return ZF_ENOMEM;
		*one = agency;
		f.agencies = one;
		f.nagencies = 1;
	} else {
		f.agencies = session_agencies(req, ROLE_VIEWER, &f.nagencies);
	}
	long long hid = 0;
	if (handler && strcmp(handler, "me") == 0)
		f.handler_user_id = req->user->id;
	else if (handler && strcmp(handler, "none") == 0)
		f.handler_user_id = REQUEST_UNASSIGNED;
	else if (console_id(handler, &hid))
		f.handler_user_id = hid;
	else
		handler = "";
	f.overdue_only = overdue;
	f.due_within = due;
	f.limit = PAGE_SIZE;
	f.offset = (size_t)(page - 1) * PAGE_SIZE;

	struct request_row2 *rows = NULL;
	size_t n = 0;
	long long total = 0;
	if (f.nagencies) {
		rc = store_request_queue(req->db, req->arena, &f, &rows, &n);
		if (!rc)
			rc = store_request_queue_count(req->db, &f, &total);
		if (rc)
			return rc;
	}
	struct user *users = NULL;
	size_t nusers = 0;
	rc = store_user_list(req->db, req->arena, 0, &users, &nusers);
	if (rc)
		return rc;

	ui_console_begin(req, res, "依申请公开办理", "/console/requests");
	struct buf *w = &res->body;
	html_raw(w, "<h1>依申请公开办理</h1>\n");
	if (req->user->role >= ROLE_CLERK)
		html_raw(w, "<p><a class=\"button primary\" href=\"/console/requests/new\">"
			    "登记新申请</a></p>\n");

	/* filters (GET: no token needed, nothing changes) */
	html_raw(w, "<form method=\"get\" action=\"/console/requests\" class=\"form filters\">"
		    "<div class=\"field\"><label for=\"f-agency\">机关</label>"
		    "<select id=\"f-agency\" name=\"agency\"><option value=\"\">全部机关</option>");
	console_agency_options(w, req, &ag, ROLE_VIEWER, agency);
	html_raw(w, "</select></div><div class=\"field\"><label for=\"f-state\">状态</label>"
		    "<select id=\"f-state\" name=\"state\">");
	for (size_t i = 0; i < ARRAY_SIZE(state_choices); i++) {
		html_raw(w, "<option value=\"");
		html_attr(w, state_choices[i].key);
		html_raw(w, strcmp(state, state_choices[i].key) == 0 ? "\" selected>" : "\">");
		html_txt(w, state_choices[i].label);
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div><div class=\"field\"><label for=\"f-handler\">经办人</label>"
		    "<select id=\"f-handler\" name=\"handler\">");
	html_raw(w, !*handler ? "<option value=\"\" selected>不限</option>"
			      : "<option value=\"\">不限</option>");
	html_raw(w, strcmp(handler, "me") == 0 ? "<option value=\"me\" selected>我经办的</option>"
					       : "<option value=\"me\">我经办的</option>");
	html_raw(w, strcmp(handler, "none") == 0
			? "<option value=\"none\" selected>尚未分配</option>"
			: "<option value=\"none\">尚未分配</option>");
	for (size_t i = 0; i < nusers; i++) {
		if (!users[i].active || !session_can(req, users[i].agency_id, ROLE_VIEWER))
			continue;
		html_raw(w, "<option value=\"");
		html_attrf(w, "%lld", users[i].id);
		html_raw(w, hid == users[i].id ? "\" selected>" : "\">");
		html_txt(w, users[i].name && *users[i].name ? users[i].name : users[i].login);
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div><div class=\"field choices\"><label><input type=\"checkbox\" "
		    "name=\"overdue\" value=\"1\"");
	if (overdue)
		html_raw(w, " checked");
	html_raw(w, "> 只看已逾期</label><label><input type=\"checkbox\" name=\"due\" value=\"3\"");
	if (due)
		html_raw(w, " checked");
	html_raw(
	    w, "> 3个工作日内到期（含已逾期）</label></div>"
	       "<div class=\"field\"><button type=\"submit\" class=\"button primary\">筛选</button>"
	       " <a href=\"/console/requests\">清除条件</a></div></form>\n");

	html_raw(w, "<p class=\"muted\" id=\"queue-count\">");
	html_txtf(w, "共 %lld 件", total);
	if (!strcmp(state, "open") || !strcmp(state, "processing") ||
	    !strcmp(state, "consulting") || !strcmp(state, "awaiting_fee") ||
	    !strcmp(state, "awaiting_supplement"))
		html_raw(w, "，按答复期限由近及远排列；剩余天数按工作日计算");
	html_raw(w, "。</p>\n");
	if (n == 0) {
		console_alert(w, "info", "没有符合条件的申请。");
	} else {
		html_raw(w,
			 "<table class=\"data queue\"><caption class=\"sr-only\">申请列表</caption>"
			 "<thead><tr><th scope=\"col\">编号</th><th scope=\"col\">收到日期</th>"
			 "<th scope=\"col\">申请人</th><th scope=\"col\">申请内容</th>"
			 "<th scope=\"col\">机关</th><th scope=\"col\">状态</th>"
			 "<th scope=\"col\">答复期限</th><th scope=\"col\">经办人</th></tr>"
			 "</thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			const struct request_row2 *r = &rows[i];
			html_raw(w, r->overdue	  ? "<tr class=\"row-overdue\">"
				    : r->due_soon ? "<tr class=\"row-soon\">"
						  : "<tr>");
			html_raw(w, "<td><a href=\"");
			html_attrf(w, "/console/requests/%lld", r->id);
			html_raw(w, "\">");
			html_txtf(w, "第%lld号", r->id);
			html_raw(w, "</a></td><td>");
			console_day(w, r->received_on);
			html_raw(w, "</td><td>");
			if (session_can(req, r->agency_id, ROLE_CLERK))
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
		html_raw(w, "</tbody></table>\n");
	}
	long pages = (long)((total + PAGE_SIZE - 1) / PAGE_SIZE);
	if (pages > 1) {
		html_raw(w, "<nav class=\"pager\" aria-label=\"分页\">");
		if (page > 1) {
			html_raw(w, "<a href=\"");
			filter_link(w, agency, state, handler, overdue, due, page - 1);
			html_raw(w, "\">上一页</a>");
		}
		html_txtf(w, "第 %ld / %ld 页", page, pages);
		if (page < pages) {
			html_raw(w, "<a href=\"");
			filter_link(w, agency, state, handler, overdue, due, page + 1);
			html_raw(w, "\">下一页</a>");
		}
		html_raw(w, "</nav>\n");
	}
	ui_console_end(req, res);
	return 0;
}
