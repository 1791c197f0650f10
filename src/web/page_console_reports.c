/* page_console_reports.c: /console/reports: the annual-report workspace (年度报告工作区), one
 * per agency and year. Tables 3 and 4 are generated from the requests and review cases
 * (report_gen, as `zfxxgk report generate`); a compiling office generates the compilation of
 * the units below it (each unit's report, then report_merge: `--with-subordinates`). The clerk
 * writes the narrative parts (一、五、六) and types the table-2 figures that come from other
 * systems (第二十条（一） can be taken from the catalogue); the checker runs on every view; the
 * report is previewed as the publishable document, downloaded as Excel or JSON, and published
 * (store_report_publish) by a reviewer when the checker finds no error.
 * The published JSON is zfxxgk.report/1 plus a "narrative" object with the three parts. */
#include "common.h"
#include "arena.h"
#include "law/check.h"
#include "law/merge.h"
#include "law/report_gen.h"
#include "page_console.h"
#include "render/html.h"
#include "render/report_html.h"
#include "render/report_json.h"
#include "render/report_xlsx.h"
#include "routes.h"
#include "session.h"
#include "store/docs.h"
#include "store/public.h"
#include "law/rule_label.h"
#include "store/web.h"
#include "ui_shared.h"
#include "ui_people.h"

#include <jansson.h>
#include <unistd.h>

static const struct {
	const char *key, *message;
} done_messages[] = {
    {"generate", "已由办理数据生成表三、表四，并重新检查。"},
    {"compile", "已汇总下级单位的报告，并重新检查。"},
    {"text", "已保存正文。"},
    {"table2", "已保存表二数据。"},
    {"docs", "已从主动公开目录取得规章和行政规范性文件的数据。"},
    {"publish", "报告已发布，公众可在“年度报告”栏目查阅。"},
};

/* The narrative parts, in the order of the report. */
static const struct {
	const char *name, *heading, *hint;
} parts[] = {
    {"overview", "一、总体情况",
     "主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况；政府报告还应包括工作考核、"
     "社会评议和责任追究结果情况（条例第五十条）。"},
    {"problems", "五、存在的主要问题及改进情况", "包括上一年度报告所列问题的改进情况。"},
    {"other_matters", "六、其他需要报告的事项",
     "如收取信息处理费的情况、年度政务公开工作要点落实情况等。"},
};

static const char *part_text(const struct report_draft *d, size_t i)
{
	return i == 0 ? d->overview : i == 1 ? d->problems : d->other_matters;
}

/* ---------------------------------------------------------------- building the report */

static bool workspace_args(struct web_request *req, long long *agency, int *year)
{
	long long y = 0;
	if (!console_id(req->path_args[0], agency) || !console_id(req->path_args[1], &y))
		return false;
	int this_year = date_to_ymd(date_today()).y;
	if (y < 2019 || y > this_year)
		return false;
	*year = (int)y;
	return true;
}

/* Puts the typed table-2 figures (draft JSON) into r. */
static void overlay_table2(struct report *r, const char *table2_json)
{
	json_t *j = json_loads(table2_json ? table2_json : "{}", 0, NULL);
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v)
	{
		struct report_cell *c = report_cell_by_path(r, key);
		if (c && strncmp(key, "table2.", 7) == 0 && json_is_integer(v))
			report_cell_set(c, json_integer_value(v), NULL);
	}
	json_decref(j);
}

/* One unit's report of `year` from its cases (with its own typed table 2 when t2). */
static int unit_report(struct web_request *req, const struct console_agencies *ag, long long id,
		       int year, bool t2, struct report **out)
{
	struct report_gen_request *rq = NULL;
	struct report_gen_review *rv = NULL;
	size_t nrq = 0, nrv = 0;
	*out = NULL;
	int rc = store_report_counts(req->db, &id, 1, year, &rq, &nrq, &rv, &nrv);
	if (rc)
		return rc;
	struct report *r = report_new();
	if (!r)
		rc = ZF_ENOMEM;
	if (!rc)
		rc = report_gen(r, year, rq, nrq, rv, nrv);
	free(rq);
	free(rv);
	const char *name = console_agency_name(ag, id);
	if (!rc)
		rc = report_set_agency(r, name, strlen(name));
	if (!rc && t2) {
		struct report_draft d;
		rc = store_report_draft_get(req->db, req->arena, id, year, &d);
		if (!rc)
			overlay_table2(r, d.table2);
	}
	if (rc) {
		report_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* Generates the workspace's tables: the agency alone, or the compilation of its subtree. */
static int generate(struct web_request *req, long long agency, int year, bool compile,
		    struct buf *json, struct buf *err)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct report *r = NULL;
	if (!compile) {
		rc = unit_report(req, &ag, agency, year, false, &r);
	} else {
		long long *ids = NULL;
		size_t n = 0;
		rc = store_agency_subtree(req->db, agency, true, &ids, &n);
		struct report **units = n ? calloc(n, sizeof(*units)) : NULL;
		const char **names = n ? calloc(n, sizeof(*names)) : NULL;
		if (!rc && n && (!units || !names))
			rc = ZF_ENOMEM;
		for (size_t i = 0; !rc && i < n; i++) {
			rc = unit_report(req, &ag, ids[i], year, true, &units[i]);
			names[i] = console_agency_name(&ag, ids[i]);
		}
		if (!rc)
			rc = report_merge((const struct report *const *)units,
					  (const char *const *)names, n, 0, &r, err);
		if (!rc) {
			const char *name = console_agency_name(&ag, agency);
			rc = report_set_agency(r, name, strlen(name));
		}
		for (size_t i = 0; units && i < n; i++)
			report_free(units[i]);
		free(units);
		free(names);
		free(ids);
	}
	if (!rc)
		rc = report_json_write(r, json, REPORT_JSON_NO_FINDINGS);
	report_free(r);
	return rc;
}

/* The workspace's report as it stands: generated tables, typed table 2, checked against
 * last year's workspace when there is one. NULL in *out when nothing was generated yet. */
static int build(struct web_request *req, const struct report_draft *d, struct report **out,
		 int *errors)
{
	*out = NULL;
	*errors = 0;
	if (!d->generated)
		return 0;
	struct report *r = NULL, *prev = NULL;
	struct buf err = BUF_INIT;
	int rc = report_json_read(d->generated, strlen(d->generated), &r, &err, NULL);
	buf_free(&err);
	if (rc)
		return rc == ZF_EPARSE ? ZF_EDB : rc; /* we wrote it: unreadable is corruption */
	if (!d->with_subordinates)
		overlay_table2(r, d->table2);
	struct report_draft last;
	if (store_report_draft_get(req->db, req->arena, d->agency_id, d->year - 1, &last) == 0 &&
	    last.generated &&
	    report_json_read(last.generated, strlen(last.generated), &prev, NULL, NULL) == 0 &&
	    !last.with_subordinates)
		overlay_table2(prev, last.table2);
	int n = check_report(r, prev);
	report_free(prev);
	if (n < 0) {
		report_free(r);
		return ZF_ENOMEM;
	}
	*errors = n;
	*out = r;
	return 0;
}

/* The JSON to publish or download: the report plus "narrative". */
static char *publication_json(const struct report *r, const struct report_draft *d, unsigned flags)
{
	struct buf out = BUF_INIT;
	if (report_json_write(r, &out, flags)) {
		buf_free(&out);
		return NULL;
	}
	json_t *j = json_loads(buf_cstr(&out), 0, NULL);
	buf_free(&out);
	if (!j)
		return NULL;
	json_t *n = json_pack("{s:s,s:s,s:s}", "overview", d->overview, "problems", d->problems,
			      "other_matters", d->other_matters);
	char *text = NULL;
	if (n && json_object_set_new(j, "narrative", n) == 0)
		text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	return text;
}

/* Appends the report's tables (report_html_tables) without their <col style="width:…">
 * attributes: the site's Content-Security-Policy (style-src 'self') refuses inline styles,
 * and the browser would log a violation for each; the widths then come from the table's
 * own layout. */
static int tables_html(const struct report *r, struct buf *w)
{
	struct buf t = BUF_INIT;
	int rc = report_html_tables(r, &t);
	if (rc) {
		buf_free(&t);
		return rc;
	}
	static const char col[] = "<col style=\"";
	const char *p = buf_cstr(&t);
	for (const char *q; (q = strstr(p, col)); p = q) {
		buf_add(w, p, (size_t)(q - p));
		buf_adds(w, "<col");
		const char *end = strchr(q + sizeof(col) - 1, '"');
		if (!end)
			BUG("report_html_tables wrote an unclosed <col style>");
		q = end + 1;
	}
	buf_adds(w, p);
	buf_free(&t);
	return w->failed ? ZF_ENOMEM : 0;
}

/* ---------------------------------------------------------------- the pages */

static void year_options(struct buf *w, int selected)
{
	int this_year = date_to_ymd(date_today()).y;
	for (int y = this_year; y >= 2019; y--) {
		html_raw(w, "<option value=\"");
		html_attrf(w, "%d", y);
		html_raw(w, y == selected ? "\" selected>" : "\">");
		html_txtf(w, "%d年度", y);
		html_raw(w, "</option>");
	}
}

int page_console_reports(struct web_request *req, struct web_response *res)
{
	long long agency = 0, year = 0;
	if (console_id(web_arg(req, "agency"), &agency) &&
	    console_id(web_arg(req, "year"), &year)) {
		char *to = arena_printf(req->arena, "/console/reports/%lld/%lld", agency, year);
		ui_redirect(req, res, to ? to : "/console/reports");
		return 0;
	}
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	size_t nids = 0;
	long long *ids = session_agencies(req, ROLE_VIEWER, &nids);
	struct report_draft_row *rows = NULL;
	size_t n = 0;
	rc = store_report_draft_list(req->db, req->arena, ids, nids, &rows, &n);
	if (rc)
		return rc;
	ui_console_begin(req, res, "年度报告", "/console/reports");
	struct buf *w = &res->body;
	html_raw(w,
		 "<h1>年度报告工作区</h1>\n<p class=\"muted\">按《中华人民共和国政府信息公开条例》"
		 "第四十九条、第五十条编制上一年度的政府信息公开工作年度报告：表三、表四由办理数据"
		 "生成，表二和正文由工作人员填写，检查无误后发布。</p>\n"
		 "<form method=\"get\" action=\"/console/reports\" class=\"form panel\">"
		 "<div class=\"field\"><label for=\"r-agency\">机关</label>"
		 "<select id=\"r-agency\" name=\"agency\">");
	console_agency_options(w, req, &ag, ROLE_VIEWER, req->user->agency_id);
	html_raw(w, "</select></div><div class=\"field\"><label for=\"r-year\">报告年度</label>"
		    "<select id=\"r-year\" name=\"year\">");
	year_options(w, date_to_ymd(date_today()).y - 1);
	html_raw(w, "</select></div><p><button type=\"submit\" class=\"button primary\">"
		    "打开工作区</button></p></form>\n");
	html_raw(w, "<section class=\"panel\"><h2>已有的工作区</h2>\n");
	if (n == 0) {
		html_raw(w, "<p class=\"muted\">尚无。</p>");
	} else {
		html_raw(w,
			 "<table class=\"data\"><caption class=\"sr-only\">已有的工作区</caption>"
			 "<thead><tr><th scope=\"col\">年度</th><th scope=\"col\">机关</th>"
			 "<th scope=\"col\">状态</th><th scope=\"col\">最后修改</th></tr></thead>"
			 "<tbody>");
		for (size_t i = 0; i < n; i++) {
			html_raw(w, "<tr><td>");
			html_txtf(w, "%d年度", rows[i].year);
			html_raw(w, "</td><td><a href=\"");
			html_attrf(w, "/console/reports/%lld/%d", rows[i].agency_id, rows[i].year);
			html_raw(w, "\">");
			html_txt(w, console_agency_name(&ag, rows[i].agency_id));
			html_raw(w, rows[i].with_subordinates ? "（汇总）</a></td><td>"
							      : "</a></td><td>");
			if (rows[i].published_at)
				html_raw(w, "<span class=\"tag ok\">已发布</span>");
			else if (rows[i].generated)
				html_raw(w, "<span class=\"tag soon\">编制中</span>");
			else
				html_raw(w, "<span class=\"tag muted\">未生成</span>");
			html_raw(w, "</td><td>");
			ui_time(w, rows[i].updated_at);
			html_raw(w, " ");
			html_txt(w, ui_person(req, rows[i].updated_by));
			html_raw(w, "</td></tr>");
		}
		html_raw(w, "</tbody></table>\n");
	}
	html_raw(w, "</section>\n");
	ui_console_end(req, res);
	return 0;
}

static void form_open(struct web_request *req, struct buf *w, long long agency, int year,
		      const char *action)
{
	html_raw(w, "<form method=\"post\" class=\"form\" action=\"");
	html_attrf(w, "/console/reports/%lld/%d", agency, year);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"");
	html_attr(w, action);
	html_raw(w, "\">");
}

static void findings_list(struct buf *w, const struct report *r)
{
	if (r->nfindings == 0) {
		console_alert(w, "ok", "检查通过：勾稽关系成立，未发现问题。");
		return;
	}
	html_raw(w, "<ul class=\"findings\">");
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct report_finding *f = &r->findings[i];
		html_raw(w, "<li><span class=\"tag ");
		html_raw(w, f->severity == REPORT_SEV_ERROR	? "overdue"
			    : f->severity == REPORT_SEV_WARNING ? "soon"
								: "muted");
		html_raw(w, "\">");
		html_txt(w, report_severity_label(f->severity));
		html_raw(w, "</span> ");
		html_txt(w, f->message);
		html_raw(w, " <span class=\"muted\">（");
		html_txt(w, report_rule_label(f->rule));
		html_raw(w, "）</span></li>");
	}
	html_raw(w, "</ul>\n");
}

/* The table-2 form of the report's format; values from r (the figures in effect). */
static void table2_form(struct web_request *req, struct buf *w, const struct report_draft *d,
			const struct report *r, bool can_edit)
{
	const struct report_format *fmt = report_format_get(report_format_for_year(d->year));
	if (!fmt || !fmt->nt2)
		return;
	if (d->with_subordinates) {
		html_raw(w,
			 "<p class=\"muted\">汇总报告的表二由各单位工作区中填写的表二数据汇总得出。"
			 "请在各单位的工作区填写后，重新汇总。</p>\n");
		return;
	}
	if (can_edit) {
		form_open(req, w, d->agency_id, d->year, "docs");
		html_raw(w, "<p>第二十条第（一）项（规章、行政规范性文件）可以从主动公开目录取数："
			    "<button type=\"submit\" class=\"button secondary\">从主动公开目录取数"
			    "</button></p></form>\n");
		form_open(req, w, d->agency_id, d->year, "table2");
	}
	for (size_t t = 0; t < fmt->nt2; t++) {
		const struct report_t2_table *tb = &fmt->t2[t];
		html_raw(w, "<fieldset class=\"t2\"><legend>");
		html_txt(w, tb->heading);
		html_raw(w, "</legend>");
		for (size_t i = 0; i < tb->nitems; i++) {
			for (size_t f = 0; f < tb->nfields; f++) {
				char path[96];
				report_path_t2(tb->items[i], tb->fields[f], path, sizeof(path));
				const struct report_cell *c =
				    r ? &r->table2[tb->items[i]][tb->fields[f]] : NULL;
				bool amount =
				    report_t2_fields[tb->fields[f]].kind == REPORT_KIND_AMOUNT;
				char value[32] = "";
				if (c && c->present) {
					if (amount)
						report_amount_str(c->v, value);
					else
						snprintf(value, sizeof(value), "%lld",
							 (long long)c->v);
				}
				html_raw(w, "<div class=\"field inline-field\"><label for=\"");
				html_attr(w, path);
				html_raw(w, "\">");
				html_txt(w, tb->item_labels[i]);
				html_raw(w, " · ");
				html_txt(w, tb->field_labels[f]);
				html_raw(w, "</label><input type=\"text\" inputmode=\"");
				html_raw(w, amount ? "decimal" : "numeric");
				html_raw(w, "\" maxlength=\"20\" id=\"");
				html_attr(w, path);
				html_raw(w, "\" name=\"");
				html_attr(w, path);
				html_raw(w, "\" value=\"");
				html_attr(w, value);
				html_raw(w, can_edit ? "\"></div>" : "\" readonly></div>");
			}
		}
		html_raw(w, "</fieldset>\n");
	}
	if (can_edit)
		html_raw(w, "<p class=\"hint\">件数填整数，收费金额以万元为单位，可有小数；"
			    "不适用的留空。</p><p><button type=\"submit\" class=\"button primary\">"
			    "保存表二</button></p></form>\n");
}

static int render(struct web_request *req, struct web_response *res, long long agency, int year,
		  const char *error, int status)
{
	struct report_draft d;
	int rc = store_report_draft_get(req->db, req->arena, agency, year, &d);
	if (rc)
		return rc;
	struct console_agencies ag;
	rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct report *r = NULL;
	int errors = 0;
	rc = build(req, &d, &r, &errors);
	if (rc)
		return rc;
	bool can_edit = session_can(req, agency, ROLE_CLERK);
	bool can_publish = session_can(req, agency, ROLE_REVIEWER);
	const char *name = console_agency_name(&ag, agency);
	char *title = arena_printf(req->arena, "%s%d年度政府信息公开工作年度报告", name, year);
	res->status = status;
	ui_console_begin(req, res, title ? title : "年度报告", "/console/reports");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/reports\">年度报告工作区</a> › ");
	html_txtf(w, "%d年度", year);
	html_raw(w, "</p>\n<h1>");
	html_txt(w, title ? title : "年度报告");
	html_raw(w, "</h1>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	for (size_t i = 0; !error && done && i < ARRAY_SIZE(done_messages); i++)
		if (strcmp(done, done_messages[i].key) == 0)
			console_alert(w, "ok", done_messages[i].message);
	html_raw(w, "<p class=\"muted\" id=\"workspace-status\">");
	if (d.published_at) {
		html_raw(w, "<span class=\"tag ok\">已发布</span> 发布时间 ");
		ui_time(w, d.published_at);
		html_raw(w, "。");
	} else if (d.generated_at) {
		html_raw(w, "<span class=\"tag soon\">编制中</span> 表三、表四生成于 ");
		ui_time(w, d.generated_at);
		html_raw(w, d.with_subordinates ? "（汇总下级单位）。" : "。");
	} else {
		html_raw(w,
			 "<span class=\"tag muted\">未生成</span> 请先由办理数据生成表三、表四。");
	}
	if (d.stored) {
		html_raw(w, "最后修改：");
		ui_time(w, d.updated_at);
		html_raw(w, " ");
		html_txt(w, ui_person(req, d.updated_by));
	}
	html_raw(w, "</p>\n");

	/* 1. generate */
	html_raw(w,
		 "<section class=\"panel\" aria-labelledby=\"h-gen\"><h2 id=\"h-gen\">"
		 "表三、表四：由办理数据生成</h2>\n<p class=\"muted\">本年新收：本年收到的申请；"
		 "上年结转：上年及以前收到、1月1日仍在办理的申请；办理结果：本年办结的申请，"
		 "按答复结果计入相应的行；结转下年：12月31日仍在办理的申请。复议诉讼案件计入表四。"
		 "</p>\n");
	if (can_edit) {
		form_open(req, w, agency, year, "generate");
		html_raw(w, "<div class=\"field choices\"><label><input type=\"checkbox\" "
			    "name=\"compile\" value=\"1\"");
		if (d.with_subordinates)
			html_raw(w, " checked");
		html_raw(w, "> 汇总本机关及全部下级单位（编制汇总报告）</label></div>"
			    "<p><button type=\"submit\" class=\"button primary\">生成表三、表四"
			    "</button></p></form>\n");
	}
	html_raw(w, "</section>\n");

	/* 2. checker */
	if (r) {
		html_raw(w,
			 "<section class=\"panel\" aria-labelledby=\"h-check\"><h2 id=\"h-check\">"
			 "检查结果</h2>\n");
		findings_list(w, r);
		html_raw(w, "</section>\n");
	}

	/* 3. narrative */
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"h-text\"><h2 id=\"h-text\">正文"
		    "</h2>\n");
	if (can_edit)
		form_open(req, w, agency, year, "text");
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		html_raw(w, "<div class=\"field\"><label for=\"p-");
		html_attr(w, parts[i].name);
		html_raw(w, "\">");
		html_txt(w, parts[i].heading);
		html_raw(w, "</label><textarea class=\"narrative\" id=\"p-");
		html_attr(w, parts[i].name);
		html_raw(w, "\" name=\"");
		html_attr(w, parts[i].name);
		html_raw(w, can_edit ? "\" maxlength=\"20000\">" : "\" readonly>");
		html_txt(w, part_text(&d, i));
		html_raw(w, "</textarea><span class=\"hint\">");
		html_txt(w, parts[i].hint);
		html_raw(w, "</span></div>\n");
	}
	if (can_edit)
		html_raw(w, "<p><button type=\"submit\" class=\"button primary\">保存正文</button>"
			    "</p></form>\n");
	html_raw(w, "</section>\n");

	/* 4. table 2 */
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"h-t2\"><h2 id=\"h-t2\">"
		    "表二：主动公开政府信息情况</h2>\n");
	table2_form(req, w, &d, r, can_edit);
	html_raw(w, "</section>\n");

	/* 5. preview, files, publish */
	if (r) {
		char *base = arena_printf(req->arena, "/console/reports/%lld/%d", agency, year);
		html_raw(w, "<section class=\"panel\" aria-labelledby=\"h-out\"><h2 id=\"h-out\">"
			    "预览、下载和发布</h2>\n<p><a class=\"button secondary\" href=\"");
		html_attr(w, base ? base : "");
		html_raw(w, "/preview\">预览完整报告（可打印）</a> <a class=\"button secondary\" "
			    "href=\"");
		html_attr(w, base ? base : "");
		html_raw(w, "/report.xlsx\">下载 Excel</a> <a class=\"button secondary\" href=\"");
		html_attr(w, base ? base : "");
		html_raw(w, "/report.json\">下载 JSON</a></p>\n");
		if (can_publish) {
			if (errors > 0) {
				console_alert(w, "error", "检查发现错误，改正后才能发布。");
			} else {
				form_open(req, w, agency, year, "publish");
				html_raw(
				    w,
				    "<p>发布后，公众可在“年度报告”栏目查阅本报告；再次发布将替换"
				    "已发布的版本。只能发布已经结束的年度的报告。</p>"
				    "<p><label><input type=\"checkbox\" name=\"confirm\" "
				    "value=\"1\" "
				    "required> 确认发布</label></p>"
				    "<p><label><input type=\"checkbox\" name=\"confirm_empty_t2\" "
				    "value=\"1\"> "
				    "第二项确无数据（表二全部为空或为零时须勾选）</label>"
				    "</p><p><button type=\"submit\" class=\"button "
				    "primary\">发布报告</button></p></form>\n");
			}
		} else {
			html_raw(w, "<p class=\"muted\">发布需要审核人或管理员角色。</p>\n");
		}
		html_raw(w, "<div class=\"report-embed\">");
		tables_html(r, w);
		html_raw(w, "</div>\n</section>\n");
	}
	report_free(r);
	ui_console_end(req, res);
	return 0;
}

int page_console_report(struct web_request *req, struct web_response *res)
{
	long long agency;
	int year;
	if (!workspace_args(req, &agency, &year) || !session_can(req, agency, ROLE_VIEWER))
		return console_not_found(req, res);
	return render(req, res, agency, year, NULL, 200);
}

/* Parses a table-2 figure as typed: an integer (signed when allowed) or, for amounts,
 * a decimal number of 万元 with at most 6 decimals. */
static bool parse_figure(const char *s, enum report_value_kind kind, int64_t *out)
{
	bool neg = false;
	if (*s == '-' && kind == REPORT_KIND_SIGNED)
		neg = true, s++;
	else if (*s == '+' && kind == REPORT_KIND_SIGNED)
		s++;
	int64_t whole = 0, frac = 0, scale = REPORT_AMOUNT_SCALE;
	int digits = 0;
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (whole > REPORT_VALUE_MAX / 10)
			return false;
		whole = whole * 10 + (*s - '0');
	}
	if (*s == '.' && kind == REPORT_KIND_AMOUNT) {
		s++;
		for (; *s >= '0' && *s <= '9'; s++, digits++) {
			if (scale == 1)
				return false;
			scale /= 10;
			frac += (*s - '0') * scale;
		}
	}
	if (*s || digits == 0)
		return false;
	int64_t v = kind == REPORT_KIND_AMOUNT ? whole * REPORT_AMOUNT_SCALE + frac : whole;
	if (kind == REPORT_KIND_AMOUNT && whole > REPORT_VALUE_MAX / REPORT_AMOUNT_SCALE)
		return false;
	*out = neg ? -v : v;
	return true;
}

static int save_table2(struct web_request *req, long long agency, int year, struct buf *err)
{
	const struct report_format *fmt = report_format_get(report_format_for_year(year));
	json_t *j = json_object();
	if (!j || !fmt)
		return ZF_ENOMEM;
	int rc = 0;
	for (size_t t = 0; !rc && t < fmt->nt2; t++) {
		const struct report_t2_table *tb = &fmt->t2[t];
		for (size_t i = 0; !rc && i < tb->nitems; i++) {
			for (size_t f = 0; !rc && f < tb->nfields; f++) {
				char path[96];
				report_path_t2(tb->items[i], tb->fields[f], path, sizeof(path));
				const char *s = console_form_text(req, path);
				if (!*s)
					continue;
				int64_t v;
				if (!parse_figure(s, report_t2_fields[tb->fields[f]].kind, &v)) {
					buf_setf(err, "“%s · %s”应填%s。", tb->item_labels[i],
						 tb->field_labels[f],
						 report_t2_fields[tb->fields[f]].kind ==
							 REPORT_KIND_AMOUNT
						     ? "金额（万元，可有小数）"
						     : "不小于 0 的整数");
					rc = ZF_EINVAL;
					break;
				}
				json_object_set_new(j, path, json_integer(v));
			}
		}
	}
	char *text = rc ? NULL : json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	if (!rc && !text)
		rc = ZF_ENOMEM;
	if (!rc)
		rc = store_report_draft_set_table2(req->db, console_actor(req), agency, year, text,
						   err);
	free(text);
	return rc;
}

/* Fills 第二十条（一） from the catalogue (store_docs_t2_rules), keeping the other figures. */
static int table2_from_docs(struct web_request *req, long long agency, int year, struct buf *err)
{
	struct report_draft d;
	int rc = store_report_draft_get(req->db, req->arena, agency, year, &d);
	if (rc)
		return rc;
	struct docs_t2 t2;
	rc = store_docs_t2_rules(req->db, &agency, 1, year, &t2);
	if (rc)
		return rc;
	struct report *tmp = report_new();
	json_t *j = json_loads(d.table2, 0, NULL);
	if (!tmp || !j) {
		report_free(tmp);
		json_decref(j);
		return ZF_ENOMEM;
	}
	docs_t2_fill(tmp, &t2);
	static const enum report_t2_item items[] = {REPORT_T2_REGULATIONS,
						    REPORT_T2_NORMATIVE_DOCUMENTS};
	static const enum report_t2_field fields[] = {REPORT_T2_ISSUED, REPORT_T2_REPEALED,
						      REPORT_T2_IN_FORCE};
	for (size_t i = 0; i < ARRAY_SIZE(items); i++) {
		for (size_t f = 0; f < ARRAY_SIZE(fields); f++) {
			const struct report_cell *c = &tmp->table2[items[i]][fields[f]];
			char path[96];
			report_path_t2(items[i], fields[f], path, sizeof(path));
			if (c->present)
				json_object_set_new(j, path, json_integer(c->v));
		}
	}
	report_free(tmp);
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	if (!text)
		return ZF_ENOMEM;
	rc = store_report_draft_set_table2(req->db, console_actor(req), agency, year, text, err);
	free(text);
	return rc;
}

/* Whether table 二 is blank: every cell null or zero. The rule is deliberately the simplest
 * honest one: a reader cannot tell a table of zeros typed by hand from one the clerk never
 * filled, and a real agency of any size makes, changes or repeals something and collects
 * some figure in a year, so an all-zero table is far more often an omission than the truth.
 * It is not refused outright (a small office may truly have nothing to report): the clerk
 * confirms 第二项确无数据 explicitly. */
static bool table2_blank(const struct report *r)
{
	for (size_t i = 0; i < REPORT_T2_ITEMS; i++)
		for (size_t f = 0; f < REPORT_T2_FIELDS; f++)
			if (r->table2[i][f].present && r->table2[i][f].v != 0)
				return false;
	return true;
}

/* Checks and publishes the workspace as it is now. A report covers a whole year: the year
 * must have ended in Beijing (条例第四十九条: the report of the previous year, by 1月31日);
 * the reviewer has ticked 确认发布; a blank table 二 needs 第二项确无数据 ticked too. */
static int publish_draft(struct web_request *req, long long agency, int year, struct buf *err)
{
	if (store_report_year_check(year, date_today(), err))
		return ZF_ESTATE;
	if (strcmp(console_form_text(req, "confirm"), "1") != 0) {
		buf_setf(err, "请勾选“确认发布”后再发布。发布后公众即可查阅本报告。");
		return ZF_EINVAL;
	}
	struct report_draft d;
	int rc = store_report_draft_get(req->db, req->arena, agency, year, &d);
	if (rc)
		return rc;
	struct report *r = NULL;
	int errors = 0;
	rc = build(req, &d, &r, &errors);
	if (rc)
		return rc;
	if (!r) {
		buf_setf(err, "请先生成表三、表四。");
		return ZF_ESTATE;
	}
	if (errors > 0) {
		report_free(r);
		buf_setf(err, "检查发现 %d 处错误，改正后才能发布。", errors);
		return ZF_ESTATE;
	}
	if (table2_blank(r) && strcmp(console_form_text(req, "confirm_empty_t2"), "1") != 0) {
		report_free(r);
		buf_setf(err,
			 "表二（主动公开政府信息情况）全部为空或为零。请填写表二；如本机关该年度"
			 "确无此类数据，请勾选“第二项确无数据”后再发布。");
		return ZF_ESTATE;
	}
	char *json = publication_json(r, &d, REPORT_JSON_NO_FINDINGS);
	report_free(r);
	if (!json)
		return ZF_ENOMEM;
	rc = store_report_publish(req->db, console_actor(req), agency, year, json, err);
	if (!rc)
		rc = store_report_draft_set_published(req->db, console_actor(req), agency, year,
						      err);
	free(json);
	return rc;
}

/* One write from reading the workspace to marking it published: the outermost write holds
 * the database-wide writer lock, so with several servers on one database no one changes the
 * workspace between the check and the publication. */
static int publish(struct web_request *req, long long agency, int year, struct buf *err)
{
	int rc = store_write_begin(req->db);
	if (rc)
		return rc;
	return store_write_end(req->db, publish_draft(req, agency, year, err));
}

int page_console_report_post(struct web_request *req, struct web_response *res)
{
	long long agency;
	int year;
	if (!workspace_args(req, &agency, &year) || !session_can(req, agency, ROLE_CLERK))
		return console_not_found(req, res);
	const char *action = console_form_text(req, "action");
	const char *done = action;
	struct buf err = BUF_INIT;
	int rc;
	if (!strcmp(action, "generate")) {
		bool compile = !strcmp(console_form_text(req, "compile"), "1");
		struct buf json = BUF_INIT;
		rc = generate(req, agency, year, compile, &json, &err);
		if (!rc)
			rc = store_report_draft_set_generated(req->db, console_actor(req), agency,
							      year, compile, buf_cstr(&json), &err);
		buf_free(&json);
		done = compile ? "compile" : "generate";
	} else if (!strcmp(action, "text")) {
		rc = store_report_draft_set_text(
		    req->db, console_actor(req), agency, year, web_form(req, "overview"),
		    web_form(req, "problems"), web_form(req, "other_matters"), &err);
	} else if (!strcmp(action, "table2")) {
		rc = save_table2(req, agency, year, &err);
	} else if (!strcmp(action, "docs")) {
		rc = table2_from_docs(req, agency, year, &err);
	} else if (!strcmp(action, "publish")) {
		if (!session_can(req, agency, ROLE_REVIEWER)) {
			buf_free(&err);
			return render(req, res, agency, year, "发布需要审核人或管理员角色。", 403);
		}
		rc = publish(req, agency, year, &err);
	} else {
		buf_free(&err);
		return render(req, res, agency, year, "不认识的操作。", 422);
	}
	if (rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ENOENT || rc == ZF_ERANGE) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法完成");
		buf_free(&err);
		return render(req, res, agency, year, msg ? msg : "无法完成", 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	char *to = arena_printf(req->arena, "/console/reports/%lld/%d?done=%s", agency, year, done);
	ui_redirect(req, res, to ? to : "/console/reports");
	return 0;
}

/* The whole report as one printable page: title, 一, tables 二–四, 五, 六. */
static void preview_page(struct web_request *req, struct web_response *res,
			 const struct report_draft *d, const struct report *r, const char *name)
{
	struct buf *w = &res->body;
	html_raw(w, "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>");
	html_txt(w, name);
	html_txtf(w, "%d年政府信息公开工作年度报告", d->year);
	html_raw(w, "（预览）</title>\n<link rel=\"stylesheet\" href=\"/console/report.css\">\n"
		    "<link rel=\"icon\" href=\"data:,\">\n</head>\n<body>\n<main class=\"report\">"
		    "\n<h1>");
	html_txt(w, name);
	html_txtf(w, "%d年政府信息公开工作年度报告", d->year);
	html_raw(w, "</h1>\n");
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		if (i == 1)
			tables_html(r, w);
		html_raw(w, "<section><h2>");
		html_txt(w, parts[i].heading);
		html_raw(w, "</h2>\n");
		struct str rest = str_c(part_text(d, i));
		size_t paragraphs = 0;
		while (rest.len) {
			struct str line = str_trim(str_cut(&rest, '\n'));
			if (!line.len)
				continue;
			html_raw(w, "<p class=\"narrative\">");
			html_txts(w, line);
			html_raw(w, "</p>\n");
			paragraphs++;
		}
		if (!paragraphs)
			html_raw(w, "<p class=\"narrative\">（尚未填写）</p>\n");
		html_raw(w, "</section>\n");
	}
	html_raw(w, "</main>\n</body>\n</html>\n");
	ZF_UNUSED(req);
}

static int xlsx_bytes(const struct report *r, struct buf *out, struct buf *err)
{
	char path[] = "/tmp/zfxxgk-report-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return ZF_EIO;
	close(fd);
	int rc = report_xlsx_write(r, path, err);
	if (!rc)
		rc = buf_read_file(out, path, 16u << 20);
	unlink(path);
	return rc;
}

int page_console_report_file(struct web_request *req, struct web_response *res)
{
	long long agency;
	int year;
	if (!workspace_args(req, &agency, &year) || !session_can(req, agency, ROLE_VIEWER))
		return console_not_found(req, res);
	const char *file = req->path_args[2];
	if (strcmp(file, "preview") && strcmp(file, "report.json") && strcmp(file, "report.xlsx"))
		return console_not_found(req, res);
	struct report_draft d;
	int rc = store_report_draft_get(req->db, req->arena, agency, year, &d);
	if (rc)
		return rc;
	struct report *r = NULL;
	int errors = 0;
	rc = build(req, &d, &r, &errors);
	if (rc)
		return rc;
	if (!r)
		return console_not_found(req, res);
	struct console_agencies ag;
	rc = console_agencies_load(req, &ag);
	const char *name = console_agency_name(&ag, agency);
	if (!rc && !strcmp(file, "preview")) {
		preview_page(req, res, &d, r, name);
	} else if (!rc && !strcmp(file, "report.json")) {
		char *json = publication_json(r, &d, 0);
		if (!json)
			rc = ZF_ENOMEM;
		else {
			buf_adds(&res->body, json);
			buf_addch(&res->body, '\n');
			free(json);
			res->content_type = "application/json; charset=utf-8";
			char *cd =
			    arena_printf(req->arena, "attachment; filename=\"report-%lld-%d.json\"",
					 agency, year);
			web_add_header(res, "Content-Disposition", cd ? cd : "attachment");
		}
	} else if (!rc) {
		struct buf err = BUF_INIT;
		rc = xlsx_bytes(r, &res->body, &err);
		buf_free(&err);
		res->content_type =
		    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		char *cd = arena_printf(req->arena, "attachment; filename=\"report-%lld-%d.xlsx\"",
					agency, year);
		web_add_header(res, "Content-Disposition", cd ? cd : "attachment");
	}
	report_free(r);
	return rc;
}

int page_console_report_css(struct web_request *req, struct web_response *res)
{
	ZF_UNUSED(req);
	res->content_type = "text/css; charset=utf-8";
	buf_adds(&res->body, report_html_css());
	/* the label columns of table 3 (their widths were inline styles, see tables_html) */
	buf_adds(&res->body, ".report .narrative{text-indent:2em;margin:0 0 6pt}\n"
			     ".report table.table3 col:nth-child(1){width:10%}\n"
			     ".report table.table3 col:nth-child(2){width:12%}\n"
			     ".report table.table3 col:nth-child(3){width:17%}\n");
	return 0;
}
