/* page_training.c: /console/oversight/training, 培训 records: the sessions of a quarter that
 * the user's agencies organised or attended, the per-agency totals for a 主管部门, an .xlsx
 * export, and the form that records a session (date, title, organiser, hours, and the
 * attending agencies with head counts and optional names). A clerk of the organiser records
 * and changes a session; others read it. */
#include "common.h"
#include "arena.h"
#include "page_assessment.h"
#include "render/html.h"
#include "render/xlsx_table.h"
#include "routes.h"
#include "session.h"
#include "store/assessment.h"
#include "ui_shared.h"

#include <stdio.h>
#include <string.h>

#define ATT_ROWS 8 /* attendance rows on the form */

static void hours_txt(struct buf *w, int tenths)
{
	char s[16];
	assess_points_str(tenths, s);
	html_txt(w, s);
}

/* The sessions of [from, to] the user may see (any of its agencies organised or attended). */
static int visible_sessions(struct web_request *req, zf_day from, zf_day to,
			    struct training_session **v, size_t *n)
{
	size_t nids = 0;
	long long *ids = session_agencies(req, ROLE_VIEWER, &nids);
	if (!nids) {
		*v = NULL;
		*n = 0;
		return 0;
	}
	return store_training_list(req->db, req->arena, from, to, ids, nids, v, n);
}

static void all_agency_options(struct buf *w, const struct console_agencies *ag, long long selected)
{
	html_raw(w, "<option value=\"\">（不填）</option>");
	for (size_t i = 0; i < ag->n; i++) {
		if (ag->v[i].closed && ag->v[i].id != selected)
			continue;
		html_raw(w, "<option value=\"");
		html_attrf(w, "%lld", ag->v[i].id);
		html_raw(w, ag->v[i].id == selected ? "\" selected>" : "\">");
		for (int d = 0; d < ag->v[i].depth; d++)
			html_raw(w, "　");
		html_txt(w, ag->v[i].name);
		html_raw(w, "</option>");
	}
}

static void session_form(struct web_request *req, struct buf *w, const struct console_agencies *ag,
			 const struct training_session *t)
{
	html_raw(w, "<form method=\"post\" class=\"form\" action=\"/console/oversight/training/");
	if (t && t->id)
		html_attrf(w, "%lld", t->id);
	else
		html_raw(w, "new");
	html_raw(w, "\">");
	session_csrf_field(req, w);
	console_date_field(w, "t-date", "held_on", "培训日期", t ? t->f.held_on : 0, true);
	console_text_field(w, "t-title", "title", "培训名称", t ? t->f.title : NULL, true,
			   TRAINING_TITLE_MAX);
	html_raw(w, "<div class=\"field\"><label for=\"t-org\" class=\"required\">主办单位</label>"
		    "<select id=\"t-org\" name=\"organiser\" required>");
	console_agency_options(w, req, ag, ROLE_CLERK, t ? t->f.organiser_id : 0);
	html_raw(w, "</select></div>");
	char hours[16] = "";
	if (t)
		assess_points_str(t->f.hours, hours);
	console_text_field(w, "t-hours", "hours", "学时（小时，最多一位小数）", hours, true, 5);
	console_text_field(w, "t-note", "note", "备注", t ? t->f.note : NULL, false,
			   TRAINING_NOTE_MAX);
	html_raw(w, "<fieldset><legend>参训单位和人数</legend><table class=\"data\"><thead><tr>"
		    "<th scope=\"col\">单位</th><th scope=\"col\">人数</th><th scope=\"col\">"
		    "参训人员（可不填，以“、”分隔）</th></tr></thead><tbody>");
	size_t rows = t && t->natt > ATT_ROWS - 2 ? t->natt + 2 : ATT_ROWS;
	if (rows > TRAINING_AGENCIES_MAX)
		rows = TRAINING_AGENCIES_MAX;
	for (size_t i = 0; i < rows; i++) {
		const struct training_attendee *a = t && i < t->natt ? &t->att[i] : NULL;
		html_raw(w, "<tr><td><select aria-label=\"参训单位\" name=\"att_agency_");
		html_attrf(w, "%zu", i);
		html_raw(w, "\">");
		all_agency_options(w, ag, a ? a->agency_id : 0);
		html_raw(w, "</select></td><td><input type=\"number\" min=\"1\" max=\"10000\" "
			    "aria-label=\"人数\" name=\"att_persons_");
		html_attrf(w, "%zu", i);
		html_raw(w, "\" value=\"");
		if (a)
			html_attrf(w, "%d", a->persons);
		html_raw(w, "\"></td><td><input type=\"text\" maxlength=\"1000\" "
			    "aria-label=\"参训人员\" name=\"att_names_");
		html_attrf(w, "%zu", i);
		html_raw(w, "\" value=\"");
		html_attr(w, a ? a->names : "");
		html_raw(w, "\"></td></tr>");
	}
	html_raw(w, "</tbody></table></fieldset><button type=\"submit\" name=\"action\" "
		    "value=\"save\" class=\"button primary\">保存培训记录</button>");
	if (t && t->id)
		html_raw(w, " <button type=\"submit\" name=\"action\" value=\"delete\" "
			    "class=\"button danger\">删除</button>");
	html_raw(w, "</form>\n");
}

static int render_list(struct web_request *req, struct web_response *res,
		       const struct console_agencies *ag, int quarter, const char *error,
		       const struct training_session *sticky, int status)
{
	zf_day from, to;
	assess_quarter_range(quarter, &from, &to);
	struct training_session *v;
	size_t n;
	int rc = visible_sessions(req, from, to, &v, &n);
	if (rc)
		return rc;
	char label[40], qk[8];
	assess_quarter_label(quarter, label);
	assess_quarter_key(quarter, qk);
	res->status = status;
	ui_console_begin(req, res, "培训记录", "/console/oversight");
	struct buf *w = &res->body;
	assess_ui_subnav(w, "/console/oversight/training");
	html_raw(w, "<h1>培训记录</h1>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	if (!error && done && !strcmp(done, "saved"))
		console_alert(w, "ok", "已保存培训记录。");
	if (!error && done && !strcmp(done, "deleted"))
		console_alert(w, "ok", "已删除培训记录。");
	html_raw(w, "<form method=\"get\" action=\"/console/oversight/training\" class=\"form "
		    "compact\"><label for=\"t-quarter\">季度</label><select id=\"t-quarter\" "
		    "name=\"quarter\">");
	assess_ui_quarter_options(w, quarter);
	html_raw(
	    w, "</select><button type=\"submit\" class=\"button secondary\">查看</button> "
	       "<a class=\"button secondary\" href=\"/console/oversight/training/export?quarter=");
	html_url_arg(w, qk);
	html_raw(w, "\">导出 Excel</a></form>\n<section class=\"panel\"><h2>");
	html_txt(w, label);
	html_raw(w, "的培训</h2>");
	if (!n) {
		html_raw(w, "<p>本季度没有培训记录。</p>");
	} else {
		html_raw(w,
			 "<table class=\"data\"><thead><tr><th scope=\"col\">日期</th>"
			 "<th scope=\"col\">培训名称</th><th scope=\"col\">主办单位</th>"
			 "<th scope=\"col\" class=\"num\">学时</th><th scope=\"col\" class=\"num\">"
			 "参训单位</th><th scope=\"col\" class=\"num\">参训人数</th></tr></thead>"
			 "<tbody>");
		for (size_t i = 0; i < n; i++) {
			char day[11];
			html_raw(w, "<tr><td>");
			html_txt(w, date_format(v[i].f.held_on, day));
			html_raw(w, "</td><td><a href=\"/console/oversight/training/");
			html_attrf(w, "%lld", v[i].id);
			html_raw(w, "\">");
			html_txt(w, v[i].f.title);
			html_raw(w, "</a></td><td>");
			html_txt(w, v[i].organiser_name);
			html_raw(w, "</td><td class=\"num\">");
			hours_txt(w, v[i].f.hours);
			html_raw(w, "</td><td class=\"num\">");
			html_txtf(w, "%zu", v[i].natt);
			html_raw(w, "</td><td class=\"num\">");
			html_txtf(w, "%lld", v[i].persons);
			html_raw(w, "</td></tr>");
		}
		html_raw(w, "</tbody></table>");
	}
	html_raw(w, "</section>\n");
	long long root = assess_ui_root(req, ag, ROLE_VIEWER, false);
	if (root > 0) {
		struct assess_bulletin_training *tot;
		size_t nt;
		long long held = 0;
		rc = store_training_totals(req->db, req->arena, root, from, to, &tot, &nt, &held);
		if (rc)
			return rc;
		html_raw(w, "<section class=\"panel\"><h2>各单位参训情况</h2><p>");
		html_txt(w, console_agency_name(ag, root));
		html_txtf(w, "及所属单位本季度举办培训%lld期。</p>", held);
		if (nt) {
			html_raw(
			    w, "<table class=\"data\"><thead><tr><th scope=\"col\">单位</th>"
			       "<th scope=\"col\" class=\"num\">参训次数</th><th scope=\"col\" "
			       "class=\"num\">参训人次</th><th scope=\"col\" class=\"num\">人·学时"
			       "</th></tr></thead><tbody>");
			for (size_t i = 0; i < nt; i++) {
				html_raw(w, "<tr><td>");
				html_txt(w, tot[i].agency);
				html_raw(w, "</td><td class=\"num\">");
				html_txtf(w, "%lld", tot[i].sessions);
				html_raw(w, "</td><td class=\"num\">");
				html_txtf(w, "%lld", tot[i].persons);
				html_raw(w, "</td><td class=\"num\">");
				hours_txt(w, (int)tot[i].person_hours);
				html_raw(w, "</td></tr>");
			}
			html_raw(w, "</tbody></table>");
		}
		html_raw(w, "</section>\n");
	}
	size_t nclerk = 0;
	session_agencies(req, ROLE_CLERK, &nclerk);
	if (nclerk) {
		html_raw(w, "<section class=\"panel\"><h2>登记培训</h2>");
		session_form(req, w, ag, sticky);
		html_raw(w, "</section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_training(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	int quarter = assess_ui_quarter(req, false);
	if (!quarter) {
		ui_error_page(req, res, 400, "季度不正确", "季度应写作 2026Q3。");
		return 0;
	}
	return render_list(req, res, &ag, quarter, NULL, NULL, 200);
}

int page_training_export(struct web_request *req, struct web_response *res)
{
	int quarter = assess_ui_quarter(req, false);
	if (!quarter) {
		ui_error_page(req, res, 400, "季度不正确", "季度应写作 2026Q3。");
		return 0;
	}
	zf_day from, to;
	assess_quarter_range(quarter, &from, &to);
	struct training_session *v;
	size_t n;
	int rc = visible_sessions(req, from, to, &v, &n);
	if (rc)
		return rc;
	enum { NCOL = 8 };
	static const char *const heads[NCOL] = {"日期",	    "培训名称", "主办单位", "学时",
						"参训单位", "人数",	"参训人员", "备注"};
	size_t rows = 0;
	for (size_t i = 0; i < n; i++)
		rows += v[i].natt ? v[i].natt : 1;
	const char **cells = arena_alloc(req->arena, (rows + 1) * NCOL * sizeof(*cells));
	if (!cells)
		return ZF_ENOMEM;
	size_t r = 0;
	for (size_t i = 0; i < n; i++) {
		char day[11], hours[16];
		date_format(v[i].f.held_on, day);
		assess_points_str(v[i].f.hours, hours);
		for (size_t k = 0; k < (v[i].natt ? v[i].natt : 1); k++, r++) {
			const char **c = &cells[r * NCOL];
			c[0] = arena_strdup(req->arena, day);
			c[1] = v[i].f.title;
			c[2] = v[i].organiser_name;
			c[3] = arena_strdup(req->arena, hours);
			c[4] = v[i].natt ? v[i].att[k].agency_name : "";
			c[5] = v[i].natt ? arena_printf(req->arena, "%d", v[i].att[k].persons) : "";
			c[6] = v[i].natt ? v[i].att[k].names : "";
			c[7] = v[i].f.note;
		}
	}
	char label[40], qk[8];
	assess_quarter_label(quarter, label);
	assess_quarter_key(quarter, qk);
	char *title = arena_printf(req->arena, "%s政务公开培训记录", label);
	struct buf x = BUF_INIT;
	rc = xlsx_table("培训记录", title ? title : "培训记录", heads, NCOL, cells, rows, &x);
	if (!rc) {
		char *disp =
		    arena_printf(req->arena, "attachment; filename=\"training-%s.xlsx\"", qk);
		rc = console_send(
		    res, &x, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		    disp ? disp : "attachment");
	}
	buf_free(&x);
	return rc;
}

/* Reads the posted session into t (strings from the request): an error message or NULL. */
static const char *read_form(struct web_request *req, struct training_session *t)
{
	memset(t, 0, sizeof(*t));
	t->f.title = console_form_text(req, "title");
	t->f.note = console_form_text(req, "note");
	const char *hd = console_form_text(req, "held_on");
	if (!*hd || date_parse(str_c(hd), &t->f.held_on))
		return "“培训日期”不是有效的日期。";
	if (!console_id(web_form(req, "organiser"), &t->f.organiser_id))
		return "请选择主办单位。";
	if (assess_points_parse(console_form_text(req, "hours"), &t->f.hours))
		return "“学时”应为数字，最多一位小数，如 3.5。";
	t->att = arena_alloc(req->arena, TRAINING_AGENCIES_MAX * sizeof(*t->att));
	if (!t->att)
		return "内存不足。";
	for (size_t i = 0; i < TRAINING_AGENCIES_MAX; i++) {
		char name[32];
		snprintf(name, sizeof(name), "att_agency_%zu", i);
		const char *s = web_form(req, name);
		if (!s)
			break;
		if (!*s)
			continue;
		struct training_attendee *a = &t->att[t->natt];
		if (!console_id(s, &a->agency_id))
			return "参训单位不正确。";
		snprintf(name, sizeof(name), "att_persons_%zu", i);
		long p = 0;
		if (str_to_long(str_c(console_form_text(req, name)), &p) || p < 1 || p > 10000)
			return "参训人数应为1至10000之间的整数。";
		a->persons = (int)p;
		snprintf(name, sizeof(name), "att_names_%zu", i);
		a->names = console_form_text(req, name);
		t->natt++;
	}
	return NULL;
}

static int save(struct web_request *req, struct web_response *res, long long id)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct training_session t;
	const char *error = read_form(req, &t);
	t.id = id;
	if (!error && !session_can(req, t.f.organiser_id, ROLE_CLERK))
		error = "请选择您所在的主办单位。";
	int quarter = t.f.held_on ? assess_quarter_of(t.f.held_on)
				  : assess_quarter_prev(assess_quarter_of(date_today()));
	if (error)
		return render_list(req, res, &ag, quarter, error, &t, 400);
	struct buf err = BUF_INIT;
	rc = store_training_save(req->db, console_actor(req), id, &t.f, t.att, t.natt, NULL, &err);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		const char *msg = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		return render_list(req, res, &ag, quarter, msg ? msg : "无法保存。", &t, 400);
	}
	buf_free(&err);
	if (rc)
		return rc;
	char qk[8];
	assess_quarter_key(quarter, qk);
	char *loc =
	    arena_printf(req->arena, "/console/oversight/training?quarter=%s&done=saved", qk);
	ui_redirect(req, res, loc ? loc : "/console/oversight/training");
	return 0;
}

int page_training_new(struct web_request *req, struct web_response *res)
{
	return save(req, res, 0);
}

/* The session of the path, if the user may see it (else 404 answered, *t untouched). */
static int load_visible(struct web_request *req, struct training_session *t, bool *found)
{
	long long id = 0;
	*found = false;
	if (!console_id(req->path_args[0], &id))
		return 0;
	int rc = store_training_get(req->db, req->arena, id, t);
	if (rc == ZF_ENOENT)
		return 0;
	if (rc)
		return rc;
	bool see = session_can(req, t->f.organiser_id, ROLE_VIEWER);
	for (size_t i = 0; i < t->natt && !see; i++)
		see = session_can(req, t->att[i].agency_id, ROLE_VIEWER);
	*found = see;
	return 0;
}

int page_training_one(struct web_request *req, struct web_response *res)
{
	struct training_session t;
	bool found;
	int rc = load_visible(req, &t, &found);
	if (rc)
		return rc;
	if (!found)
		return console_not_found(req, res);
	struct console_agencies ag;
	rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	ui_console_begin(req, res, "培训记录", "/console/oversight");
	struct buf *w = &res->body;
	assess_ui_subnav(w, "/console/oversight/training");
	html_raw(w, "<h1>");
	html_txt(w, t.f.title);
	html_raw(w, "</h1>\n<section class=\"panel\"><dl class=\"facts\"><dt>培训日期</dt><dd>");
	console_day(w, t.f.held_on);
	html_raw(w, "</dd><dt>主办单位</dt><dd>");
	html_txt(w, t.organiser_name);
	html_raw(w, "</dd><dt>学时</dt><dd>");
	hours_txt(w, t.f.hours);
	html_raw(w, "</dd><dt>参训人数</dt><dd>");
	html_txtf(w, "%lld", t.persons);
	html_raw(w, "</dd></dl>");
	if (*t.f.note) {
		html_raw(w, "<p>");
		html_txt(w, t.f.note);
		html_raw(w, "</p>");
	}
	html_raw(w, "<table class=\"data\"><thead><tr><th scope=\"col\">参训单位</th>"
		    "<th scope=\"col\" class=\"num\">人数</th><th scope=\"col\">参训人员</th></tr>"
		    "</thead><tbody>");
	for (size_t i = 0; i < t.natt; i++) {
		html_raw(w, "<tr><td>");
		html_txt(w, t.att[i].agency_name);
		html_raw(w, "</td><td class=\"num\">");
		html_txtf(w, "%d", t.att[i].persons);
		html_raw(w, "</td><td>");
		html_txt(w, t.att[i].names);
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</tbody></table></section>\n");
	if (session_can(req, t.f.organiser_id, ROLE_CLERK)) {
		html_raw(w, "<section class=\"panel\"><h2>修改培训记录</h2>");
		session_form(req, w, &ag, &t);
		html_raw(w, "</section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_training_post(struct web_request *req, struct web_response *res)
{
	struct training_session t;
	bool found;
	int rc = load_visible(req, &t, &found);
	if (rc)
		return rc;
	if (!found || !session_can(req, t.f.organiser_id, ROLE_CLERK))
		return console_not_found(req, res);
	const char *action = console_form_text(req, "action");
	if (!strcmp(action, "delete")) {
		rc = store_training_delete(req->db, console_actor(req), t.id, NULL);
		if (rc == ZF_ENOENT)
			return console_not_found(req, res);
		if (rc)
			return rc;
		char qk[8];
		assess_quarter_key(assess_quarter_of(t.f.held_on), qk);
		char *loc = arena_printf(req->arena,
					 "/console/oversight/training?quarter=%s&done=deleted", qk);
		ui_redirect(req, res, loc ? loc : "/console/oversight/training");
		return 0;
	}
	return save(req, res, t.id);
}
