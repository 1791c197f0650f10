/* page_stdcat_console.c: /console/stdcat, the 基层政务公开标准目录 in the console: the items
 * the user may see, by 领域, with their status on today (已公开 / 逾期未公开 / 未到期 / 待公开)
 * and filters; the export (.xlsx, the import's layout); the import from Excel for
 * administrators: the upload is read and checked against the database and shown as a
 * preview (every problem as "第N行：…", nothing written) and is written only when confirmed,
 * all or nothing; and /console/stdcat/warnings, each agency's overdue items. */
#include "common.h"
#include "arena.h"
#include "ingest/std_sheet.h"
#include "multipart.h"
#include "page_console.h"
#include "page_stdcat.h"
#include "render/html.h"
#include "render/std_xlsx.h"
#include "routes.h"
#include "session.h"
#include "store/std_catalogue.h"
#include "ui_shared.h"
#include "utf8.h"

static const struct {
	const char *key, *message;
} done_messages[] = {
    {"imported", "已导入标准目录。"},
};

void stdcat_status_tag(struct buf *w, const struct std_item *x)
{
	static const char *const cls[STD_STATUSES] = {"ok", "overdue", "soon", "muted"};
	html_raw(w, "<span class=\"tag ");
	html_attr(w, (unsigned)x->status < STD_STATUSES ? cls[x->status] : "muted");
	html_raw(w, "\" data-status=\"");
	html_attr(w, std_status_key(x->status));
	html_raw(w, "\">");
	html_txt(w, std_status_label(x->status));
	html_raw(w, "</span>");
}

static void subnav(struct buf *w, const char *active)
{
	static const struct {
		const char *path, *label;
	} links[] = {
	    {"/console/stdcat", "事项"},
	    {"/console/stdcat/warnings", "逾期提示"},
	    {"/stdcat", "公开网站上的标准目录"},
	};
	html_raw(w, "<nav class=\"subnav\" aria-label=\"标准目录\"><ul>");
	for (size_t i = 0; i < ARRAY_SIZE(links); i++) {
		html_raw(w, "<li><a href=\"");
		html_attr(w, links[i].path);
		html_raw(w, !strcmp(links[i].path, active) ? "\" aria-current=\"page\">" : "\">");
		html_txt(w, links[i].label);
		html_raw(w, "</a></li>");
	}
	html_raw(w, "</ul></nav>\n");
}

/* The filters of the list: ?area=, ?agency=, ?status=. */
struct list_query {
	const char *area; /* NULL = all */
	long long agency; /* 0 = all the user may see */
	int status;	  /* -1 = all */
};

/* Reads the query; false when a value is malformed or names an agency the user may not
 * see (the page answers 404 for it, as for an object of another agency). */
static bool read_query(struct web_request *req, struct list_query *q)
{
	q->area = NULL;
	q->agency = 0;
	q->status = -1;
	const char *s = web_arg(req, "area");
	if (s && *s) {
		if (strlen(s) > 4 * STD_NAME_MAX || !utf8_valid(s, strlen(s)))
			return false;
		q->area = s;
	}
	s = web_arg(req, "agency");
	if (s && *s && (!console_id(s, &q->agency) || !session_can(req, q->agency, ROLE_VIEWER)))
		return false;
	s = web_arg(req, "status");
	if (s && *s) {
		for (int i = 0; i < STD_STATUSES; i++)
			if (!strcmp(s, std_status_key((enum std_status)i)))
				q->status = i;
		if (q->status < 0)
			return false;
	}
	return true;
}

/* The items the user may see (their 主体 within the user's agencies), filtered. */
static int visible_items(struct web_request *req, const struct list_query *q, zf_day today,
			 struct std_item **out, size_t *n)
{
	struct std_filter f = {.agency_ids = q->agency ? &q->agency : NULL,
			       .nagency = q->agency ? 1 : 0,
			       .area = q->area,
			       .status = q->status,
			       .today = today};
	int rc = store_std_list(req->db, req->arena, console_calendar(), &f, out, n);
	if (rc)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (session_can(req, (*out)[i].agency_id, ROLE_VIEWER))
			(*out)[k++] = (*out)[i];
	*n = k;
	return 0;
}

static void day_cell(struct buf *w, zf_day d)
{
	char s[11];
	html_txt(w, d ? date_format(d, s) : "—");
}

static void import_form(struct web_request *req, struct buf *w)
{
	html_raw(w, "<section class=\"panel\"><h2>从 Excel 导入</h2>\n<p>按标准目录的表头识别各列"
		    "（序号、一级事项、二级事项、公开内容（要素）、公开依据、公开时限、公开主体、"
		    "公开渠道和载体、公开对象、公开方式、公开层级），合并单元格向下填充；公开主体"
		    "按机构全称匹配。上传后先预览，确认后才写入；任何一行有误则整个文件都不导入。"
		    "</p>\n<form class=\"form\" method=\"post\" enctype=\"multipart/form-data\" "
		    "action=\"/console/stdcat/import\">");
	session_csrf_field(req, w);
	html_raw(w, "<div class=\"field\"><label for=\"std-file\" class=\"required\">Excel 文件"
		    "（.xlsx）</label><input type=\"file\" id=\"std-file\" name=\"file\" "
		    "accept=\".xlsx\" required></div>"
		    "<div class=\"field\"><label for=\"std-area\">领域（表中没有“领域”列、标题中也"
		    "没有写明时填写）</label><input type=\"text\" id=\"std-area\" name=\"area\" "
		    "maxlength=\"200\"></div>"
		    "<p><button type=\"submit\" class=\"button primary\">上传并预览</button></p>"
		    "</form></section>\n");
}

static void status_options(struct buf *w, int selected)
{
	html_raw(w, "<option value=\"\">全部状态</option>");
	for (int i = 0; i < STD_STATUSES; i++) {
		html_raw(w, "<option value=\"");
		html_attr(w, std_status_key((enum std_status)i));
		html_raw(w, i == selected ? "\" selected>" : "\">");
		html_txt(w, std_status_label((enum std_status)i));
		html_raw(w, "</option>");
	}
}

int page_stdcat_console(struct web_request *req, struct web_response *res)
{
	struct list_query q;
	if (!read_query(req, &q))
		return console_not_found(req, res);
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	zf_day today = date_today();
	struct std_item *v = NULL;
	size_t n = 0;
	if ((rc = visible_items(req, &q, today, &v, &n)))
		return rc;
	struct std_area *areas = NULL;
	size_t nareas = 0;
	if ((rc = store_std_areas(req->db, req->arena, &areas, &nareas)))
		return rc;
	size_t nadmin = 0;
	session_agencies(req, ROLE_ADMIN, &nadmin);

	ui_console_begin(req, res, "标准目录", "/console/stdcat");
	struct buf *w = &res->body;
	html_raw(w, "<h1>基层政务公开标准目录</h1>\n");
	subnav(w, "/console/stdcat");
	const char *done = web_arg(req, "done");
	for (size_t i = 0; done && i < ARRAY_SIZE(done_messages); i++)
		if (!strcmp(done, done_messages[i].key))
			console_alert(w, "ok", done_messages[i].message);

	html_raw(w, "<form method=\"get\" action=\"/console/stdcat\" class=\"form compact\">"
		    "<label for=\"f-area\">领域</label><select id=\"f-area\" name=\"area\">"
		    "<option value=\"\">全部领域</option>");
	for (size_t i = 0; i < nareas; i++) {
		html_raw(w, "<option value=\"");
		html_attr(w, areas[i].name);
		html_raw(w, q.area && !strcmp(q.area, areas[i].name) ? "\" selected>" : "\">");
		html_txt(w, areas[i].name);
		html_raw(w, "</option>");
	}
	html_raw(w, "</select><label for=\"f-agency\">公开主体</label><select id=\"f-agency\" "
		    "name=\"agency\"><option value=\"\">全部</option>");
	console_agency_options(w, req, &ag, ROLE_VIEWER, q.agency);
	html_raw(w, "</select><label for=\"f-status\">状态</label><select id=\"f-status\" "
		    "name=\"status\">");
	status_options(w, q.status);
	html_raw(w, "</select><button type=\"submit\" class=\"button secondary\">查看</button>"
		    "</form>\n");

	size_t count[STD_STATUSES] = {0};
	for (size_t i = 0; i < n; i++)
		count[v[i].status]++;
	html_raw(w, "<p class=\"std-summary\">");
	html_txtf(w, "共 %zu 个事项：已公开 %zu，逾期未公开 %zu，未到期 %zu，待公开 %zu。", n,
		  count[STD_ST_PUBLISHED], count[STD_ST_OVERDUE], count[STD_ST_PENDING],
		  count[STD_ST_OPEN]);
	html_raw(w, " <a href=\"/console/stdcat/export.xlsx?");
	if (q.area) {
		html_raw(w, "area=");
		html_url_arg(w, q.area);
		html_raw(w, "&amp;");
	}
	if (q.agency)
		html_attrf(w, "agency=%lld&", q.agency);
	html_raw(w, "\">导出 Excel</a></p>\n");

	if (!n)
		html_raw(w, "<p class=\"alert info\">没有符合条件的事项。</p>\n");
	for (size_t i = 0; i < n;) {
		const char *area = v[i].area;
		html_raw(w, "<section class=\"panel\"><h2>");
		html_txt(w, area);
		html_raw(w, "领域</h2><table class=\"data std-items\"><caption class=\"sr-only\">");
		html_txt(w, area);
		html_raw(w, "领域的事项</caption><thead><tr><th scope=\"col\">一级事项</th>"
			    "<th scope=\"col\">二级事项</th><th scope=\"col\">公开时限</th>"
			    "<th scope=\"col\">公开主体</th><th scope=\"col\">状态</th>"
			    "<th scope=\"col\">到期日</th><th scope=\"col\" class=\"num\">文件</th>"
			    "</tr></thead><tbody>\n");
		for (; i < n && !strcmp(v[i].area, area); i++) {
			const struct std_item *x = &v[i];
			html_raw(w, "<tr><td>");
			html_txt(w, x->level1);
			html_raw(w, "</td><td><a href=\"");
			html_attrf(w, "/console/stdcat/items/%lld", x->id);
			html_raw(w, "\">");
			html_txt(w, x->level2);
			html_raw(w, "</a></td><td>");
			html_txt(w, x->limit_text);
			html_raw(w, "</td><td>");
			html_txt(w, x->agency_name);
			html_raw(w, "</td><td>");
			stdcat_status_tag(w, x);
			html_raw(w, "</td><td>");
			day_cell(w, x->due);
			html_raw(w, "</td><td class=\"num\">");
			html_txtf(w, "%lld", x->ndocs);
			html_raw(w, "</td></tr>\n");
		}
		html_raw(w, "</tbody></table></section>\n");
	}
	if (nadmin)
		import_form(req, w);
	ui_console_end(req, res);
	return 0;
}

int page_stdcat_export(struct web_request *req, struct web_response *res)
{
	struct list_query q;
	if (!read_query(req, &q))
		return console_not_found(req, res);
	struct std_item *v = NULL;
	size_t n = 0;
	int rc = visible_items(req, &q, date_today(), &v, &n);
	if (rc)
		return rc;
	struct buf b = BUF_INIT;
	rc = std_xlsx_export(v, n, &b);
	if (!rc)
		rc = console_send(
		    res, &b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		    "attachment; filename=\"std-catalogue.xlsx\"; "
		    "filename*=UTF-8''%E6%A0%87%E5%87%86%E7%9B%AE%E5%BD%95.xlsx");
	buf_free(&b);
	return rc;
}

/* ---------------------------------------------------------------- import */

/* A page for a file that cannot be imported: the reason, or the problems by row, and the
 * form again. */
static int refuse(struct web_request *req, struct web_response *res, const char *reason,
		  char *const *problems, size_t nproblems, size_t more)
{
	res->status = 422;
	ui_console_begin(req, res, "导入标准目录", "/console/stdcat");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/stdcat\">标准目录</a> › 导入</p>\n"
		    "<h1>文件未导入</h1>\n");
	console_alert(w, "error", reason);
	if (nproblems) {
		html_raw(w, "<ul class=\"std-problems\">");
		for (size_t i = 0; i < nproblems; i++) {
			html_raw(w, "<li>");
			html_txt(w, problems[i]);
			html_raw(w, "</li>");
		}
		if (more)
			html_txtf(w, "<li>另有 %zu 处问题未列出</li>", more);
		html_raw(w, "</ul>\n");
	}
	import_form(req, w);
	ui_console_end(req, res);
	return 0;
}

/* Reads and checks an upload: 0 with the sheet and the report (problems or none), or a
 * refusal already written (*done). */
static int check_file(struct web_request *req, struct web_response *res, const void *data,
		      size_t len, const char *area, bool commit, struct std_sheet *sheet,
		      struct std_import_report *rep, bool *done)
{
	*done = false;
	struct buf err = BUF_INIT;
	int rc = std_sheet_read_xlsx(data, len, area, req->arena, sheet, &err);
	if (rc == ZF_EPARSE || rc == ZF_ETOOBIG || rc == ZF_ENOENT) {
		const char *msg = arena_printf(req->arena, "文件无法导入：%s", buf_cstr(&err));
		buf_free(&err);
		*done = true;
		return refuse(req, res, msg ? msg : "文件无法导入", NULL, 0, 0);
	}
	buf_free(&err);
	if (rc)
		return rc;
	size_t nscope = 0;
	long long *scope = session_agencies(req, ROLE_ADMIN, &nscope);
	static const long long none = 0;
	rc = store_std_import(req->db, console_actor(req), req->arena, scope ? scope : &none,
			      nscope, sheet, commit, rep);
	if (rc == ZF_EINVAL) {
		*done = true;
		return refuse(req, res, "文件有误，未导入任何事项。请改正以下各行后重新上传：",
			      rep->problems, rep->nproblems, sheet->more_problems);
	}
	return rc;
}

/* The 领域 field of the form: "" or a short valid line; NULL when it is not. */
static const char *area_field(const char *s)
{
	if (!s)
		return "";
	size_t n = strlen(s);
	if (!utf8_valid(s, n) || utf8_count(s, n) > STD_NAME_MAX || strchr(s, '\n'))
		return NULL;
	return s;
}

int page_stdcat_import(struct web_request *req, struct web_response *res)
{
	struct multipart_part *parts = NULL;
	size_t n = 0;
	int rc =
	    multipart_parse(req->arena, web_header(req, "Content-Type"), req->body, &parts, &n);
	if (rc == ZF_ENOMEM)
		return rc;
	const struct multipart_part *file = rc ? NULL : multipart_file(parts, n, "file");
	if (!file || !file->data.len)
		return refuse(req, res, "请选择要导入的 Excel 文件（.xlsx）。", NULL, 0, 0);
	/* a field sent but not valid UTF-8 reads as NULL: refused, not taken as empty */
	const char *sent = multipart_field(req->arena, parts, n, "area");
	bool present = false;
	for (size_t i = 0; i < n; i++)
		present = present || (!parts[i].filename && !strcmp(parts[i].name, "area"));
	const char *area = present && !sent ? NULL : area_field(sent);
	if (!area)
		return refuse(req, res, "领域名称无效（应为一行文字，不超过 200 字）。", NULL, 0,
			      0);
	struct std_sheet sheet;
	struct std_import_report rep;
	bool done = false;
	rc = check_file(req, res, file->data.p, file->data.len, area, false, &sheet, &rep, &done);
	if (rc || done)
		return rc;
	long long upload = 0;
	rc = store_std_upload_put(req->db, console_actor(req), file->data.p, file->data.len,
				  &upload);
	if (rc)
		return rc;

	struct console_agencies ag;
	if ((rc = console_agencies_load(req, &ag)))
		return rc;
	ui_console_begin(req, res, "导入预览", "/console/stdcat");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/stdcat\">标准目录</a> › 导入</p>\n"
		    "<h1>导入预览</h1>\n");
	console_alert(
	    w, "info",
	    arena_printf(req->arena,
			 "文件检查无误：将新增 %zu 个事项，更新 %zu 个事项。确认后才写入。",
			 rep.added, rep.updated));
	html_raw(w, "<table class=\"data std-preview\"><caption>将导入的事项</caption><thead><tr>"
		    "<th scope=\"col\">行号</th><th scope=\"col\">领域</th>"
		    "<th scope=\"col\">一级事项</th><th scope=\"col\">二级事项</th>"
		    "<th scope=\"col\">公开主体</th><th scope=\"col\">公开时限</th>"
		    "<th scope=\"col\">按时限计算</th><th scope=\"col\">公开方式</th>"
		    "<th scope=\"col\">导入后</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < rep.nrows; i++) {
		const struct std_sheet_row *r = NULL;
		for (size_t k = 0; k < sheet.n && !r; k++)
			if (sheet.rows[k].line == rep.rows[i].line)
				r = &sheet.rows[k];
		if (!r)
			continue;
		struct std_limit l = std_limit_parse(r->limit);
		char lim[64];
		html_raw(w, "<tr><td class=\"num\">");
		html_txtf(w, "%d", r->line);
		html_raw(w, "</td><td>");
		html_txt(w, r->area);
		html_raw(w, "</td><td>");
		html_txt(w, r->level1);
		html_raw(w, "</td><td>");
		html_txt(w, r->level2);
		html_raw(w, "</td><td>");
		html_txt(w, console_agency_name(&ag, rep.rows[i].agency_id));
		html_raw(w, "</td><td>");
		html_txt(w, r->limit);
		html_raw(w, "</td><td>");
		html_txt(w, std_limit_describe(&l, lim));
		html_raw(w, "</td><td>");
		html_txt(w, r->mode);
		html_raw(w, "</td><td>");
		html_txt(w, rep.rows[i].update ? "更新" : "新增");
		html_raw(w, "</td></tr>\n");
	}
	html_raw(w, "</tbody></table>\n<form method=\"post\" action=\"/console/stdcat/import/"
		    "confirm\" class=\"form\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"upload\" value=\"");
	html_attrf(w, "%lld", upload);
	html_raw(w, "\"><input type=\"hidden\" name=\"area\" value=\"");
	html_attr(w, area);
	html_raw(w, "\"><p><button type=\"submit\" class=\"button primary\">确认导入</button> "
		    "<a href=\"/console/stdcat\">放弃</a></p></form>\n");
	ui_console_end(req, res);
	return 0;
}

int page_stdcat_import_confirm(struct web_request *req, struct web_response *res)
{
	long long upload = 0;
	if (!console_id(console_form_text(req, "upload"), &upload))
		return console_not_found(req, res);
	const char *area = area_field(console_form_text(req, "area"));
	if (!area)
		return refuse(req, res, "领域名称无效（应为一行文字，不超过 200 字）。", NULL, 0,
			      0);
	const void *data = NULL;
	size_t len = 0;
	int rc = store_std_upload_get(req->db, req->arena, console_actor(req), upload, &data, &len);
	if (rc == ZF_ENOENT)
		return refuse(req, res,
			      "没有找到待确认的文件（可能已经导入或已过期），请重新上传。", NULL, 0,
			      0);
	if (rc)
		return rc;
	struct std_sheet sheet;
	struct std_import_report rep;
	bool done = false;
	rc = check_file(req, res, data, len, area, true, &sheet, &rep, &done);
	if (rc || done)
		return rc;
	if ((rc = store_std_upload_drop(req->db, upload)))
		return rc;
	ui_redirect(req, res, "/console/stdcat?done=imported");
	return 0;
}

/* ---------------------------------------------------------------- warnings */

int page_stdcat_warnings(struct web_request *req, struct web_response *res)
{
	struct list_query q;
	if (!read_query(req, &q))
		return console_not_found(req, res);
	q.status = STD_ST_OVERDUE;
	zf_day today = date_today();
	struct std_item *v = NULL;
	size_t n = 0;
	int rc = visible_items(req, &q, today, &v, &n);
	if (rc)
		return rc;
	struct console_agencies ag;
	if ((rc = console_agencies_load(req, &ag)))
		return rc;
	ui_console_begin(req, res, "标准目录逾期提示", "/console/stdcat");
	struct buf *w = &res->body;
	html_raw(w, "<h1>标准目录逾期提示</h1>\n");
	subnav(w, "/console/stdcat/warnings");
	html_raw(w, "<p>公开时限已过、还没有关联已发布文件的事项，按公开主体列出。关联文件后提示"
		    "即消除。</p>\n");
	if (!n) {
		html_raw(w, "<p class=\"alert ok\" role=\"status\">没有逾期未公开的事项。</p>\n");
		ui_console_end(req, res);
		return 0;
	}
	/* by agency, in tree order */
	for (size_t a = 0; a < ag.n; a++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			k += v[i].agency_id == ag.v[a].id;
		if (!k)
			continue;
		html_raw(w, "<section class=\"panel std-warnings\" data-agency=\"");
		html_attrf(w, "%lld", ag.v[a].id);
		html_raw(w, "\"><h2>");
		html_txt(w, ag.v[a].name);
		html_txtf(w, "（%zu 个事项逾期未公开）", k);
		html_raw(w, "</h2><ul>");
		for (size_t i = 0; i < n; i++) {
			const struct std_item *x = &v[i];
			if (x->agency_id != ag.v[a].id)
				continue;
			html_raw(w, "<li><a href=\"");
			html_attrf(w, "/console/stdcat/items/%lld", x->id);
			html_raw(w, "\">");
			html_txt(w, x->area);
			html_raw(w, " › ");
			if (*x->level1) {
				html_txt(w, x->level1);
				html_raw(w, " › ");
			}
			html_txt(w, x->level2);
			html_raw(w, "</a>：");
			html_txt(w, x->limit_text);
			char d[11];
			html_txtf(w, "，到期日 %s，已逾期 %d 天", date_format(x->due, d),
				  (int)(today - x->due));
			html_raw(w, "</li>");
		}
		html_raw(w, "</ul></section>\n");
	}
	ui_console_end(req, res);
	return 0;
}
