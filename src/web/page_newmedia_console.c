/* page_newmedia_console.c: /console/newmedia, the 政务新媒体 registry in the console (see
 * page_newmedia.h): the list with its filters and .xlsx, registering an account, an account's
 * page with the forms of its life, importing posts (a file or a feed address) and one post.
 * The store audits every change and refuses what the state does not allow. */
#include "common.h"
#include "arena.h"
#include "config.h"
#include "page_console.h"
#include "page_newmedia.h"
#include "render/html.h"
#include "render/xlsx_table.h"
#include "routes.h"
#include "session.h"
#include "store/newmedia.h"
#include "text/scan.h"
#include "ui_shared.h"
#include "web/multipart.h"
#include "web/newmedia_import.h"

static const struct {
	const char *key, *message;
} done_messages[] = {
    {"registered", "已登记账号，等待批准开设。"},
    {"approved", "已批准开设。"},
    {"refused", "已退回。"},
    {"closing", "已提交关停申请，等待批准。"},
    {"closed", "已批准关停。"},
    {"reported", "已记录最近更新日期。"},
    {"saved", "已保存账号信息。"},
};

static void done_alert(struct web_request *req, struct buf *w)
{
	const char *done = web_arg(req, "done");
	for (size_t i = 0; done && i < ARRAY_SIZE(done_messages); i++)
		if (!strcmp(done, done_messages[i].key))
			console_alert(w, "ok", done_messages[i].message);
}

/* ---------------------------------------------------------------- widgets */

static void field_open(struct buf *w, const char *id, const char *label, bool required)
{
	html_raw(w, "<div class=\"field\"><label for=\"");
	html_attr(w, id);
	html_raw(w, required ? "\" class=\"required\">" : "\">");
	html_txt(w, label);
	html_raw(w, "</label>");
}

static void platform_options(struct buf *w, int selected, bool any)
{
	if (any)
		html_raw(w, "<option value=\"\">全部平台</option>");
	for (int i = 0; i < NM_PLATFORMS; i++) {
		html_raw(w, "<option value=\"");
		html_attr(w, nm_platform_key((enum nm_platform)i));
		html_raw(w, i == selected ? "\" selected>" : "\">");
		html_txt(w, nm_platform_label((enum nm_platform)i));
		html_raw(w, "</option>");
	}
}

static void status_tag(struct buf *w, const struct nm_account *a, zf_day today)
{
	static const char *const cls[NM_STATUSES] = {"pending", "ok", "pending", "muted", "muted"};
	html_raw(w, "<span class=\"tag ");
	html_raw(w, cls[a->status]);
	html_raw(w, "\">");
	html_txt(w, nm_status_label(a->status));
	html_raw(w, "</span>");
	if (nm_silent(a, today))
		html_raw(w, " <span class=\"tag overdue\">不更新</span>");
}

static void day_or_dash(struct buf *w, zf_day d)
{
	char s[11];
	html_txt(w, d ? date_format(d, s) : "—");
}

/* The account fields of the register and edit forms (prefix keeps ids unique). */
static void fields_html(struct web_request *req, struct buf *w, const char *p,
			const struct nm_account_fields *f, const struct console_agencies *ag)
{
	char id[32];
	if (ag) {
		snprintf(id, sizeof(id), "%s-agency", p);
		field_open(w, id, "机关", true);
		html_raw(w, "<select name=\"agency\" id=\"");
		html_attr(w, id);
		html_raw(w, "\">");
		console_agency_options(w, req, ag, ROLE_CLERK, f->agency_id);
		html_raw(w, "</select></div>\n");
	}
	snprintf(id, sizeof(id), "%s-platform", p);
	field_open(w, id, "平台", true);
	html_raw(w, "<select name=\"platform\" id=\"");
	html_attr(w, id);
	html_raw(w, "\">");
	platform_options(w, f->platform, false);
	html_raw(w, "</select></div>\n");
	snprintf(id, sizeof(id), "%s-name", p);
	console_text_field(w, id, "name", "账号名称", f->name, true, NM_NAME_MAX);
	snprintf(id, sizeof(id), "%s-handle", p);
	console_text_field(w, id, "handle", "账号 ID（微信号、微博 UID 等）", f->handle, false,
			   NM_NAME_MAX);
	snprintf(id, sizeof(id), "%s-url", p);
	console_text_field(w, id, "url", "账号主页地址（https://…）", f->url, false, NM_URL_MAX);
	snprintf(id, sizeof(id), "%s-sponsor", p);
	console_text_field(w, id, "sponsor", "主办单位（留空为所属机关）", f->sponsor, false,
			   NM_NAME_MAX);
	snprintf(id, sizeof(id), "%s-operated", p);
	console_text_field(w, id, "operated_by", "运维单位", f->operated_by, true, NM_NAME_MAX);
	snprintf(id, sizeof(id), "%s-outsourced", p);
	field_open(w, id, "运维方式", true);
	html_raw(w, "<select name=\"outsourced\" id=\"");
	html_attr(w, id);
	html_raw(w, "\"><option value=\"0\"");
	html_raw(w, f->outsourced ? "" : " selected");
	html_raw(w, ">自行运维</option><option value=\"1\"");
	html_raw(w, f->outsourced ? " selected" : "");
	html_raw(w, ">委托第三方运维</option></select></div>\n");
	snprintf(id, sizeof(id), "%s-responsible", p);
	console_text_field(w, id, "responsible", "负责人", f->responsible, true, NM_NAME_MAX);
	char gap[8] = "";
	if (f->gap_days)
		snprintf(gap, sizeof(gap), "%d", f->gap_days);
	snprintf(id, sizeof(id), "%s-gap", p);
	console_text_field(w, id, "gap", "允许不更新的天数（留空为 14 天）", gap, false, 3);
}

/* Reads the posted fields into f (strings from the request); an error message or NULL. */
static const char *fields_read(struct web_request *req, struct nm_account_fields *f)
{
	int p = nm_platform_parse(console_form_text(req, "platform"));
	f->platform = p < 0 ? NM_PLATFORMS : (enum nm_platform)p;
	f->name = console_form_text(req, "name");
	f->handle = console_form_text(req, "handle");
	f->url = console_form_text(req, "url");
	f->sponsor = console_form_text(req, "sponsor");
	f->operated_by = console_form_text(req, "operated_by");
	f->outsourced = !strcmp(console_form_text(req, "outsourced"), "1");
	f->responsible = console_form_text(req, "responsible");
	const char *gap = console_form_text(req, "gap");
	long v = 0;
	if (p < 0)
		return "请选择平台。";
	if (*gap && (str_to_long(str_c(gap), &v) || v < 1 || v > NM_GAP_MAX))
		return "允许不更新的天数应为 1 至 366 之间的整数。";
	f->gap_days = (int)v;
	return NULL;
}

/* ---------------------------------------------------------------- the list */

/* The agencies the user reads (from the arena), for the list's scope. */
static long long *readable(struct web_request *req, const struct console_agencies *ag, size_t *n)
{
	long long *v = arena_alloc(req->arena, (ag->n + 1) * sizeof(*v));
	*n = 0;
	for (size_t i = 0; v && i < ag->n; i++)
		if (session_can(req, ag->v[i].id, ROLE_VIEWER))
			v[(*n)++] = ag->v[i].id;
	return v;
}

/* The filter of the query string; false (with *error) for a value it cannot be. */
static bool filter_read(struct web_request *req, struct nm_filter *f, const char **error)
{
	*f = (struct nm_filter){.platform = -1, .status = -1, .today = date_today()};
	const char *s = web_arg(req, "agency");
	if (s && *s && strcmp(s, "0") && !console_id(s, &f->agency_id)) {
		*error = "请选择机关。";
		return false;
	}
	s = web_arg(req, "platform");
	if (s && *s && (f->platform = nm_platform_parse(s)) < 0) {
		*error = "请选择平台。";
		return false;
	}
	s = web_arg(req, "status");
	if (s && *s && strcmp(s, "live") && (f->status = nm_status_parse(s)) < 0) {
		*error = "请选择状态。";
		return false;
	}
	if (s && !strcmp(s, "live"))
		f->status = NM_STATUSES;
	s = web_arg(req, "silent");
	f->silent = s && !strcmp(s, "1");
	return true;
}

static int render_list(struct web_request *req, struct web_response *res, const char *error,
		       const struct nm_account_fields *sticky, int status)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct nm_filter f;
	const char *ferr = NULL;
	if (!filter_read(req, &f, &ferr)) {
		error = ferr;
		status = 400;
		f = (struct nm_filter){.platform = -1, .status = -1, .today = date_today()};
	}
	if (f.agency_id && !session_can(req, f.agency_id, ROLE_VIEWER))
		return console_not_found(req, res);
	f.within = readable(req, &ag, &f.nwithin);
	if (!f.within)
		return ZF_ENOMEM;
	struct nm_account *v = NULL;
	size_t n = 0;
	rc = store_nm_list(req->db, req->arena, &f, &v, &n);
	if (rc)
		return rc;
	res->status = status;
	ui_console_begin(req, res, "政务新媒体", "/console/newmedia");
	struct buf *w = &res->body;
	html_raw(w,
		 "<h1>政务新媒体</h1>\n<p class=\"lead\">各机关开设的政务新媒体账号：开设、关停须经"
		 "主管单位批准并备案（国办发〔2018〕123号）；超过两周未更新的账号视为“不更新”"
		 "（国办秘函〔2019〕19号），应整改或关停。</p>\n");
	if (error)
		console_alert(w, "error", error);
	done_alert(req, w);
	size_t live = 0, silent = 0, pending = 0, findings = 0;
	for (size_t i = 0; i < n; i++) {
		live += v[i].status == NM_OPEN || v[i].status == NM_CLOSING;
		silent += nm_silent(&v[i], f.today);
		pending += v[i].status == NM_APPLIED || v[i].status == NM_CLOSING;
		findings += (size_t)v[i].findings_open;
	}
	html_raw(w, "<ul class=\"stats\">");
	html_txtf(w,
		  "<li>运营中 %zu 个</li><li>不更新 %zu 个</li><li>待审批 %zu 个</li>"
		  "<li>待整改问题 %zu 个</li>",
		  live, silent, pending, findings);
	html_raw(w, "</ul>\n");
	html_raw(w, "<form method=\"get\" action=\"/console/newmedia\" class=\"form compact\">"
		    "<label for=\"nm-agency\">机关</label><select id=\"nm-agency\" name=\"agency\">"
		    "<option value=\"\">全部机关</option>");
	console_agency_options(w, req, &ag, ROLE_VIEWER, f.agency_id);
	html_raw(w, "</select><label for=\"nm-platform\">平台</label>"
		    "<select id=\"nm-platform\" name=\"platform\">");
	platform_options(w, f.platform, true);
	html_raw(w,
		 "</select><label for=\"nm-status\">状态</label>"
		 "<select id=\"nm-status\" name=\"status\"><option value=\"\">全部状态</option>");
	html_raw(w, f.status == NM_STATUSES
			? "<option value=\"live\" selected>运营中（已开设、申请关停）"
			  "</option>"
			: "<option value=\"live\">运营中（已开设、申请关停）</option>");
	for (int i = 0; i < NM_STATUSES; i++) {
		html_raw(w, "<option value=\"");
		html_attr(w, nm_status_key((enum nm_status)i));
		html_raw(w, i == f.status ? "\" selected>" : "\">");
		html_txt(w, nm_status_label((enum nm_status)i));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select><label class=\"check\"><input type=\"checkbox\" name=\"silent\" "
		    "value=\"1\"");
	html_raw(w, f.silent ? " checked" : "");
	html_raw(w, ">只看不更新的</label>"
		    "<button type=\"submit\" class=\"button secondary\">查看</button></form>\n");
	html_raw(w, "<p><a class=\"button secondary\" href=\"/console/newmedia/export.xlsx");
	html_attrf(w, "?agency=%lld&status=", f.agency_id);
	html_url_arg(w, f.status == NM_STATUSES ? "live"
			: f.status >= 0		? nm_status_key((enum nm_status)f.status)
						: "");
	html_raw(w, "&amp;platform=");
	html_url_arg(w, f.platform >= 0 ? nm_platform_key((enum nm_platform)f.platform) : "");
	html_raw(w, f.silent ? "&amp;silent=1" : "");
	html_raw(w, "\">导出备案表（.xlsx）</a> <a href=\"/newmedia\">查看公开的政务新媒体矩阵</a>"
		    "</p>\n");
	if (!n) {
		html_raw(w, "<p class=\"muted\">没有符合条件的账号。</p>\n");
	} else {
		html_raw(w,
			 "<table class=\"data newmedia\"><caption class=\"sr-only\">政务新媒体账号"
			 "</caption><thead><tr><th scope=\"col\">平台</th>"
			 "<th scope=\"col\">名称</th><th scope=\"col\">机关</th>"
			 "<th scope=\"col\">运维单位</th><th scope=\"col\">状态</th>"
			 "<th scope=\"col\">最近更新</th><th scope=\"col\" class=\"num\">发布"
			 "</th><th scope=\"col\" class=\"num\">待整改</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			const struct nm_account *a = &v[i];
			html_raw(w, "<tr><td>");
			html_txt(w, nm_platform_label(a->f.platform));
			html_raw(w, "</td><td><a href=\"");
			html_attrf(w, "/console/newmedia/%lld", a->id);
			html_raw(w, "\">");
			html_txt(w, a->f.name);
			html_raw(w, "</a></td><td>");
			html_txt(w, a->agency_name);
			html_raw(w, "</td><td>");
			html_txt(w, a->f.operated_by);
			html_raw(w, a->f.outsourced ? "（委托）" : "");
			html_raw(w, "</td><td>");
			status_tag(w, a, f.today);
			html_raw(w, "</td><td>");
			day_or_dash(w, nm_last_update(a));
			html_raw(w, "</td><td class=\"num\">");
			html_txtf(w, "%lld", a->nposts);
			html_raw(w, "</td><td class=\"num\">");
			html_txtf(w, "%lld", a->findings_open);
			html_raw(w, "</td></tr>\n");
		}
		html_raw(w, "</tbody></table>\n");
	}
	size_t nclerk = 0;
	for (size_t i = 0; i < ag.n; i++)
		nclerk += !ag.v[i].closed && session_can(req, ag.v[i].id, ROLE_CLERK);
	if (nclerk) {
		struct nm_account_fields blank = {.agency_id = req->user->agency_id,
						  .platform = NM_WECHAT};
		html_raw(w,
			 "<section class=\"panel\"><h2>登记新账号（申请开设）</h2>"
			 "<p>登记后由本机关或上级机关的管理员批准开设并填写备案编号。</p>"
			 "<form method=\"post\" action=\"/console/newmedia/new\" class=\"form\">");
		session_csrf_field(req, w);
		fields_html(req, w, "nm", sticky ? sticky : &blank, &ag);
		html_raw(w,
			 "<p><button type=\"submit\" class=\"button primary\">提交开设申请</button>"
			 "</p></form></section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_newmedia_console(struct web_request *req, struct web_response *res)
{
	return render_list(req, res, NULL, NULL, 200);
}

int page_newmedia_export(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct nm_filter f;
	const char *ferr = NULL;
	if (!filter_read(req, &f, &ferr)) {
		ui_error_page(req, res, 400, "无法导出", ferr);
		return 0;
	}
	if (f.agency_id && !session_can(req, f.agency_id, ROLE_VIEWER))
		return console_not_found(req, res);
	f.within = readable(req, &ag, &f.nwithin);
	if (!f.within)
		return ZF_ENOMEM;
	struct nm_account *v = NULL;
	size_t n = 0;
	rc = store_nm_list(req->db, req->arena, &f, &v, &n);
	if (rc)
		return rc;
	enum { NCOL = 16 };
	static const char *const heads[NCOL] = {
	    "序号",	    "平台",	"账号名称",	"账号ID",      "主页地址", "主办单位",
	    "所属机关",	    "运维单位", "运维方式",	"负责人",      "状态",	   "批准开设日期",
	    "开设备案编号", "关停日期", "关停备案编号", "最近更新日期"};
	const char **cells = arena_alloc(req->arena, (n + 1) * NCOL * sizeof(*cells));
	if (!cells)
		return ZF_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct nm_account *a = &v[i];
		const char **c = cells + i * NCOL;
		char d1[11], d2[11], d3[11];
		c[0] = arena_printf(req->arena, "%zu", i + 1);
		c[1] = nm_platform_label(a->f.platform);
		c[2] = a->f.name;
		c[3] = a->f.handle;
		c[4] = a->f.url;
		c[5] = *a->f.sponsor ? a->f.sponsor : a->agency_name;
		c[6] = a->agency_name;
		c[7] = a->f.operated_by;
		c[8] = a->f.outsourced ? "委托第三方运维" : "自行运维";
		c[9] = a->f.responsible;
		c[10] = nm_silent(a, f.today)
			    ? arena_printf(req->arena, "%s（不更新）", nm_status_label(a->status))
			    : nm_status_label(a->status);
		c[11] = a->approved_on && a->status != NM_REFUSED
			    ? arena_strdup(req->arena, date_format(a->approved_on, d1))
			    : "";
		c[12] = a->filing_no;
		c[13] = a->closed_on ? arena_strdup(req->arena, date_format(a->closed_on, d2)) : "";
		c[14] = a->close_filing_no;
		c[15] = nm_last_update(a) && a->status != NM_APPLIED && a->status != NM_REFUSED
			    ? arena_strdup(req->arena, date_format(nm_last_update(a), d3))
			    : "";
	}
	char today[11];
	date_format(date_today(), today);
	char *title =
	    arena_printf(req->arena, "政务新媒体备案表（导出日期 %s，共 %zu 个账号）", today, n);
	struct buf x = BUF_INIT;
	rc =
	    xlsx_table("政务新媒体", title ? title : "政务新媒体备案表", heads, NCOL, cells, n, &x);
	if (!rc) {
		char *disp = arena_printf(req->arena,
					  "attachment; filename=\"newmedia-%s.xlsx\"; "
					  "filename*=UTF-8''%%E6%%94%%BF%%E5%%8A%%A1%%E6%%96%%B0%%"
					  "E5%%AA%%92%%E4%%BD%%93-%s.xlsx",
					  today, today);
		rc = console_send(
		    res, &x, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		    disp ? disp : "attachment");
	}
	buf_free(&x);
	return rc;
}

int page_newmedia_register(struct web_request *req, struct web_response *res)
{
	struct nm_account_fields f = {0};
	long long agency = 0;
	if (!console_id(console_form_text(req, "agency"), &agency) ||
	    !session_can(req, agency, ROLE_CLERK))
		return console_not_found(req, res);
	f.agency_id = agency;
	const char *error = fields_read(req, &f);
	struct buf err = BUF_INIT;
	long long id = 0;
	if (!error) {
		int rc = store_nm_register(req->db, console_actor(req), &f, &id, &err);
		if (rc && rc != ZF_EINVAL && rc != ZF_ENOENT) {
			buf_free(&err);
			return rc;
		}
		if (rc)
			error = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法登记账号");
	}
	buf_free(&err);
	if (error) {
		if (f.platform >= NM_PLATFORMS)
			f.platform = NM_WECHAT;
		return render_list(req, res, error, &f, 422);
	}
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/newmedia/%lld?done=registered", id));
	return 0;
}

/* ---------------------------------------------------------------- one account */

/* The account of the path when the user holds `role` over its agency: 0 or ZF_ENOENT. */
static int load_account(struct web_request *req, int role, struct nm_account *a)
{
	long long id;
	if (!console_id(req->path_args[0], &id))
		return ZF_ENOENT;
	int rc = store_nm_get(req->db, req->arena, id, a);
	if (!rc && !session_can(req, a->f.agency_id, role))
		rc = ZF_ENOENT;
	return rc;
}

static void fact(struct buf *w, const char *label, const char *value)
{
	html_raw(w, "<dt>");
	html_txt(w, label);
	html_raw(w, "</dt><dd>");
	html_txt(w, value && *value ? value : "—");
	html_raw(w, "</dd>");
}

static void fact_day(struct buf *w, const char *label, zf_day d, const char *by, const char *extra)
{
	html_raw(w, "<dt>");
	html_txt(w, label);
	html_raw(w, "</dt><dd>");
	if (!d) {
		html_raw(w, "—</dd>");
		return;
	}
	console_day(w, d);
	if (by && *by) {
		html_raw(w, "，");
		html_txt(w, by);
	}
	if (extra && *extra) {
		html_raw(w, "，");
		html_txt(w, extra);
	}
	html_raw(w, "</dd>");
}

/* A small form posting action to the account, with the fields written by `body`. */
static void action_form_open(struct web_request *req, struct buf *w, const struct nm_account *a,
			     const char *heading, const char *action)
{
	html_raw(w, "<section class=\"panel\"><h2>");
	html_txt(w, heading);
	html_raw(w, "</h2><form method=\"post\" class=\"form\" action=\"");
	html_attrf(w, "/console/newmedia/%lld", a->id);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"");
	html_attr(w, action);
	html_raw(w, "\">");
}

static void action_form_close(struct buf *w, const char *button)
{
	html_raw(w, "<p><button type=\"submit\" class=\"button primary\">");
	html_txt(w, button);
	html_raw(w, "</button></p></form></section>\n");
}

static void reason_field(struct buf *w, const char *id, const char *label)
{
	field_open(w, id, label, true);
	html_raw(w, "<textarea rows=\"3\" maxlength=\"500\" name=\"reason\" id=\"");
	html_attr(w, id);
	html_raw(w, "\"></textarea></div>");
}

static void findings_html(struct buf *w, const struct nm_finding *v, size_t n, long long post)
{
	char url[48];
	snprintf(url, sizeof(url), "/console/newmedia/post/%lld", post);
	size_t shown = 0;
	for (size_t i = 0; i < n; i++)
		shown += !post || !strcmp(v[i].url, url);
	if (!shown) {
		html_raw(w, "<p class=\"muted\">没有待整改的问题。</p>");
		return;
	}
	html_raw(w, "<table class=\"data\"><thead><tr><th scope=\"col\">等级</th>"
		    "<th scope=\"col\">原文</th><th scope=\"col\">问题</th>"
		    "<th scope=\"col\">位置</th><th scope=\"col\">工单</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct nm_finding *f = &v[i];
		if (post && strcmp(f->url, url))
			continue;
		int sev = scan_sev_parse(f->severity);
		html_raw(w, "<tr><td>");
		html_txt(w, sev >= 0 ? scan_sev_label((enum scan_sev)sev) : f->severity);
		html_raw(w, "</td><td><mark>");
		html_txt(w, f->snippet);
		html_raw(w, "</mark></td><td>");
		html_txt(w, f->message);
		if (*f->fix) {
			html_raw(w, "（建议：");
			html_txt(w, f->fix);
			html_raw(w, "）");
		}
		html_raw(w, "</td><td>");
		if (!strncmp(f->url, "/console/newmedia/post/", 23)) {
			html_raw(w, "<a href=\"");
			html_attr(w, f->url);
			html_raw(w, "\">");
			html_txt(w, f->field);
			html_raw(w, "</a>");
		} else {
			html_txt(w, f->field);
		}
		html_raw(w, "</td><td><a href=\"");
		html_attrf(w, "/console/integrity/%lld", f->id);
		html_raw(w, "\">内容检查工单</a></td></tr>\n");
	}
	html_raw(w, "</tbody></table>");
}

static int render_account(struct web_request *req, struct web_response *res,
			  const struct nm_account *a, const char *error, const char *notice,
			  int status)
{
	struct nm_event *ev;
	size_t nev;
	struct nm_post *posts;
	size_t np;
	long long total;
	struct nm_finding *fs;
	size_t nf;
	int rc = store_nm_events(req->db, req->arena, a->id, &ev, &nev);
	if (!rc)
		rc = store_nm_posts(req->db, req->arena, a->id, 50, 0, &posts, &np, &total);
	if (!rc)
		rc = store_nm_findings(req->db, req->arena, a->id, 0, &fs, &nf);
	if (rc)
		return rc;
	zf_day today = date_today();
	bool clerk = session_can(req, a->f.agency_id, ROLE_CLERK);
	bool admin = session_can(req, a->f.agency_id, ROLE_ADMIN);
	bool live = a->status == NM_OPEN || a->status == NM_CLOSING;
	res->status = status;
	char *title =
	    arena_printf(req->arena, "%s“%s”", nm_platform_label(a->f.platform), a->f.name);
	ui_console_begin(req, res, title ? title : "政务新媒体账号", "/console/newmedia");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/newmedia\">政务新媒体</a> › 账号"
		    "</p>\n<h1>");
	html_txt(w, nm_platform_label(a->f.platform));
	html_raw(w, "：");
	html_txt(w, a->f.name);
	html_raw(w, " ");
	status_tag(w, a, today);
	html_raw(w, "</h1>\n");
	if (error)
		console_alert(w, "error", error);
	if (notice)
		console_alert(w, "ok", notice);
	done_alert(req, w);
	if (nm_silent(a, today))
		console_alert(
		    w, "info",
		    arena_printf(req->arena,
				 "该账号已 %d 天没有更新，超过允许的 %d 天（国办秘函〔2019〕"
				 "19号：两周未更新即为“不更新”）。请更新内容、报送最近"
				 "更新日期，或申请关停。",
				 (int)(today - nm_last_update(a)), nm_gap(a)));
	html_raw(w, "<section class=\"panel\"><h2>账号信息</h2><dl class=\"facts\">");
	fact(w, "所属机关", a->agency_name);
	fact(w, "平台", nm_platform_label(a->f.platform));
	fact(w, "账号 ID", a->f.handle);
	html_raw(w, "<dt>主页地址</dt><dd>");
	if (*a->f.url) {
		html_raw(w, "<a rel=\"noopener noreferrer\" target=\"_blank\" href=\"");
		html_attr(w, a->f.url);
		html_raw(w, "\">");
		html_txt(w, a->f.url);
		html_raw(w, "</a>");
	} else {
		html_raw(w, "—");
	}
	html_raw(w, "</dd>");
	fact(w, "主办单位", *a->f.sponsor ? a->f.sponsor : a->agency_name);
	char *op = arena_printf(req->arena, "%s（%s）", a->f.operated_by,
				a->f.outsourced ? "委托第三方运维" : "自行运维");
	fact(w, "运维单位", op);
	fact(w, "负责人", a->f.responsible);
	fact_day(w, "申请开设", a->applied_on, a->applied_by, NULL);
	if (a->status == NM_REFUSED)
		fact_day(w, "不予开设", a->approved_on, a->approved_by, a->close_reason);
	else
		fact_day(w, "批准开设", a->approved_on, a->approved_by,
			 *a->filing_no ? arena_printf(req->arena, "备案编号 %s", a->filing_no)
				       : NULL);
	if (a->status == NM_CLOSING || a->status == NM_CLOSED)
		fact_day(w, "申请关停", a->close_requested_on, a->close_requested_by,
			 a->close_reason);
	if (a->status == NM_CLOSED)
		fact_day(w, "批准关停", a->closed_on, a->closed_by,
			 arena_printf(req->arena, "备案编号 %s", a->close_filing_no));
	fact_day(w, "报送的最近更新", a->reported_update, NULL, NULL);
	fact_day(w, "最新导入的发布", a->last_post, NULL, NULL);
	char *gap = arena_printf(req->arena, "%d 天", nm_gap(a));
	fact(w, "允许不更新", gap);
	html_raw(w, "</dl></section>\n");

	if (a->status == NM_APPLIED && admin) {
		action_form_open(req, w, a, "批准开设", "approve");
		console_date_field(w, "ap-day", "day", "批准日期", today, true);
		console_text_field(w, "ap-filing", "filing_no", "备案编号", NULL, true,
				   NM_FILING_MAX);
		action_form_close(w, "批准开设");
		action_form_open(req, w, a, "不予开设", "refuse");
		reason_field(w, "rf-reason", "理由");
		action_form_close(w, "不予开设");
	}
	if (a->status == NM_CLOSING && admin) {
		action_form_open(req, w, a, "批准关停", "approve-close");
		console_date_field(w, "ac-day", "day", "批准日期", today, true);
		console_text_field(w, "ac-filing", "filing_no", "关停备案编号", NULL, true,
				   NM_FILING_MAX);
		action_form_close(w, "批准关停");
		action_form_open(req, w, a, "不同意关停", "refuse");
		reason_field(w, "rc-reason", "理由");
		action_form_close(w, "不同意关停，恢复运营");
	}
	if (live && clerk) {
		html_raw(w,
			 "<section class=\"panel\"><h2>导入发布内容</h2><p>上传平台导出的 CSV 或 "
			 "Excel 文件（列名如 标题、发布时间、链接、正文），或 RSS/Atom 订阅文件，"
			 "或填写订阅地址。已导入过的内容会跳过；导入后用生效的内容检查规则检查"
			 "该账号的全部发布内容，问题记入“内容检查”。</p>"
			 "<form method=\"post\" enctype=\"multipart/form-data\" class=\"form\" "
			 "action=\"");
		html_attrf(w, "/console/newmedia/%lld/import", a->id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		field_open(w, "im-file", "文件", false);
		html_raw(w, "<input type=\"file\" id=\"im-file\" name=\"file\" accept=\".csv,.txt,"
			    ".xlsx,.xml,.rss,.atom\"></div>");
		console_text_field(w, "im-url", "url", "或订阅地址（https://…）", NULL, false,
				   NM_URL_MAX);
		html_raw(w,
			 "<p><button type=\"submit\" class=\"button primary\">导入并检查</button>"
			 "</p></form></section>\n");
		action_form_open(req, w, a, "报送最近更新日期", "report");
		console_date_field(w, "rp-day", "day", "最近一次更新的日期", today, true);
		action_form_close(w, "记录");
	}
	if (a->status == NM_OPEN && clerk) {
		action_form_open(req, w, a, "申请关停", "close-request");
		reason_field(w, "cr-reason", "关停理由");
		action_form_close(w, "提交关停申请");
	}

	html_raw(w, "<section class=\"panel\"><h2>待整改的问题</h2>");
	findings_html(w, fs, nf, 0);
	html_raw(w, "</section>\n<section class=\"panel\"><h2>发布内容</h2>");
	if (!np) {
		html_raw(w, "<p class=\"muted\">还没有导入发布内容。</p>");
	} else {
		html_txtf(w, "<p>共 %lld 条，显示最新的 %zu 条。</p>", total, np);
		html_raw(w, "<table class=\"data\"><thead><tr><th scope=\"col\">发布时间</th>"
			    "<th scope=\"col\">标题</th></tr></thead><tbody>");
		for (size_t i = 0; i < np; i++) {
			html_raw(w, "<tr><td>");
			if (*posts[i].published_at)
				html_txt(w, posts[i].published_at);
			else
				day_or_dash(w, posts[i].published_on);
			html_raw(w, "</td><td><a href=\"");
			html_attrf(w, "/console/newmedia/post/%lld", posts[i].id);
			html_raw(w, "\">");
			console_txt_short(w, posts[i].title, 60);
			html_raw(w, "</a></td></tr>\n");
		}
		html_raw(w, "</tbody></table>");
	}
	html_raw(w, "</section>\n<section class=\"panel\"><h2>变更记录</h2><table class=\"data\">"
		    "<thead><tr><th scope=\"col\">时间</th><th scope=\"col\">经办</th>"
		    "<th scope=\"col\">内容</th></tr></thead><tbody>");
	for (size_t i = 0; i < nev; i++) {
		html_raw(w, "<tr><td>");
		ui_time_beijing(w, ev[i].at, "—");
		html_raw(w, "</td><td>");
		html_txt(w, ev[i].actor);
		html_raw(w, "</td><td>");
		html_txt(w, ev[i].detail);
		html_raw(w, "</td></tr>\n");
	}
	html_raw(w, "</tbody></table></section>\n");
	if (clerk && a->status != NM_CLOSED && a->status != NM_REFUSED) {
		html_raw(w, "<details class=\"panel\"><summary>修改账号信息</summary>"
			    "<form method=\"post\" class=\"form\" action=\"");
		html_attrf(w, "/console/newmedia/%lld", a->id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"edit\">");
		fields_html(req, w, "ed", &a->f, NULL);
		html_raw(w,
			 "<p><button type=\"submit\" class=\"button secondary\">保存</button></p>"
			 "</form></details>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_newmedia_account(struct web_request *req, struct web_response *res)
{
	struct nm_account a;
	int rc = load_account(req, ROLE_VIEWER, &a);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	return render_account(req, res, &a, NULL, NULL, 200);
}

int page_newmedia_change(struct web_request *req, struct web_response *res)
{
	struct nm_account a;
	int rc = load_account(req, ROLE_CLERK, &a);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	const char *action = console_form_text(req, "action");
	const char *actor = console_actor(req);
	bool admin = session_can(req, a.f.agency_id, ROLE_ADMIN);
	const char *error = NULL, *done = NULL;
	struct buf err = BUF_INIT;
	const char *reason = console_form_text(req, "reason");
	const char *filing = console_form_text(req, "filing_no");
	const char *day_s = console_form_text(req, "day");
	zf_day day = console_form_day(req, "day");
	if (!strcmp(action, "approve") || !strcmp(action, "approve-close") ||
	    !strcmp(action, "refuse")) {
		if (!admin) /* approvals belong to the agency's (or a parent's) administrators */
			return console_not_found(req, res);
		if (strcmp(action, "refuse") && *day_s && !day)
			error = "批准日期不是有效的日期。";
		else if (!strcmp(action, "approve"))
			rc = store_nm_approve_open(req->db, actor, a.id, day, filing, &err);
		else if (!strcmp(action, "approve-close"))
			rc = store_nm_approve_close(req->db, actor, a.id, day, filing, &err);
		else
			rc = store_nm_refuse(req->db, actor, a.id, reason, &err);
		done = !strcmp(action, "approve")  ? "approved"
		       : !strcmp(action, "refuse") ? "refused"
						   : "closed";
	} else if (!strcmp(action, "close-request")) {
		rc = store_nm_request_close(req->db, actor, a.id, reason, &err);
		done = "closing";
	} else if (!strcmp(action, "report")) {
		if (*day_s && !day)
			error = "最近更新日期不是有效的日期。";
		else
			rc = store_nm_report_update(req->db, actor, a.id, day, &err);
		done = "reported";
	} else if (!strcmp(action, "edit")) {
		struct nm_account_fields f = {.agency_id = a.f.agency_id};
		error = fields_read(req, &f);
		if (!error)
			rc = store_nm_edit(req->db, actor, a.id, &f, &err);
		done = "saved";
	} else {
		error = "不认识的操作。";
	}
	if (!error && rc && rc != ZF_EINVAL && rc != ZF_ESTATE && rc != ZF_ENOENT) {
		buf_free(&err);
		return rc;
	}
	if (!error && rc)
		error = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法完成");
	buf_free(&err);
	if (error) {
		struct nm_account now;
		rc = store_nm_get(req->db, req->arena, a.id, &now);
		if (rc)
			return rc;
		return render_account(req, res, &now, error, NULL, 422);
	}
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/newmedia/%lld?done=%s", a.id, done));
	return 0;
}

int page_newmedia_import(struct web_request *req, struct web_response *res)
{
	struct nm_account a;
	int rc = load_account(req, ROLE_CLERK, &a);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	struct multipart_part *parts = NULL;
	size_t n = 0;
	rc = multipart_parse(req->arena, web_header(req, "Content-Type"), req->body, &parts, &n);
	if (rc == ZF_ENOMEM)
		return rc;
	const struct multipart_part *file = rc ? NULL : multipart_file(parts, n, "file");
	const char *url = rc ? NULL : multipart_field(req->arena, parts, n, "url");
	struct buf err = BUF_INIT;
	struct nm_import_result r;
	const char *error = NULL;
	if (file && file->data.len) {
		char *source = arena_printf(req->arena, "文件 %.200s", file->filename);
		rc = newmedia_import_bytes(req->db, console_actor(req), a.id, file->data.p,
					   file->data.len, source ? source : "文件", &r, &err);
	} else if (url && *str_trim(str_c(url)).p) {
		struct str u = str_trim(str_c(url));
		/* the server fetches what a clerk typed: not inside unless configured */
		bool inside = req->env && req->env->config && req->env->config->fetch_internal;
		rc = newmedia_import_url(req->db, console_actor(req), a.id,
					 arena_strndup(req->arena, u.p, u.len), !inside, &r, &err);
	} else {
		error = "请选择要导入的文件，或填写订阅地址。";
	}
	if (!error && rc == ZF_EDB) {
		buf_free(&err);
		return rc;
	}
	if (!error && rc)
		error = arena_printf(req->arena, "没有导入：%s",
				     err.len ? buf_cstr(&err) : zf_strerror(rc));
	buf_free(&err);
	if (error)
		return render_account(req, res, &a, error, NULL, 422);
	struct nm_account now;
	rc = store_nm_get(req->db, req->arena, a.id, &now);
	if (rc)
		return rc;
	char *msg =
	    arena_printf(req->arena,
			 "已读取%s %zu 条：新增 %zu 条，已有 %zu 条；检查 %lld 条，该账号待整改"
			 "的问题 %lld 个（单项否决 %lld 个）。",
			 r.kind ? r.kind : "", r.read, r.added, r.dups, r.checked, r.open, r.veto);
	return render_account(req, res, &now, NULL, msg ? msg : "已导入。", 200);
}

/* ---------------------------------------------------------------- one post */

int page_newmedia_post(struct web_request *req, struct web_response *res)
{
	long long id;
	struct nm_post p;
	struct nm_account a;
	if (!console_id(req->path_args[0], &id))
		return console_not_found(req, res);
	int rc = store_nm_post_get(req->db, req->arena, id, &p);
	if (!rc)
		rc = store_nm_get(req->db, req->arena, p.account_id, &a);
	if (rc == ZF_ENOENT || (!rc && !session_can(req, a.f.agency_id, ROLE_VIEWER)))
		return console_not_found(req, res);
	if (rc)
		return rc;
	struct nm_finding *fs;
	size_t nf;
	rc = store_nm_findings(req->db, req->arena, a.id, 0, &fs, &nf);
	if (rc)
		return rc;
	ui_console_begin(req, res, "发布内容", "/console/newmedia");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/newmedia\">政务新媒体</a> › <a "
		    "href=\"");
	html_attrf(w, "/console/newmedia/%lld", a.id);
	html_raw(w, "\">");
	html_txt(w, a.f.name);
	html_raw(w, "</a> › 发布内容</p>\n<h1>");
	html_txt(w, p.title);
	html_raw(w, "</h1>\n<dl class=\"facts\">");
	fact(w, "账号", a.f.name);
	if (*p.published_at)
		fact(w, "发布时间", p.published_at);
	else
		fact_day(w, "发布时间", p.published_on, NULL, NULL);
	html_raw(w, "<dt>链接</dt><dd>");
	if (*p.url) {
		html_raw(w, "<a rel=\"noopener noreferrer\" target=\"_blank\" href=\"");
		html_attr(w, p.url);
		html_raw(w, "\">");
		html_txt(w, p.url);
		html_raw(w, "</a>");
	} else {
		html_raw(w, "—");
	}
	html_raw(w, "</dd>");
	fact(w, "导入", p.imported_by);
	html_raw(w, "</dl>\n<section class=\"panel\"><h2>检查发现的问题</h2>");
	findings_html(w, fs, nf, p.id);
	html_raw(w, "</section>\n<section class=\"panel\"><h2>正文</h2><div class=\"post-body\">");
	if (*p.body)
		html_txt(w, p.body);
	else
		html_raw(w, "<p class=\"muted\">（没有正文）</p>");
	html_raw(w, "</div></section>\n");
	ui_console_end(req, res);
	return 0;
}
