/* page_assessment.c: /console/oversight/assessment, 考核 in the console: a quarter's scores
 * and ranking of the agencies below a 主管部门 (computed from the platform's data with one
 * button), the manual items the assessor enters with a note, one agency's score item by item
 * (also for its own users), and the scheme (read by all, edited by an administrator of a
 * top-level agency, as the text form of law/assessment.h). Also the helpers the training and
 * 通报 pages share (page_assessment.h). */
#include "common.h"
#include "arena.h"
#include "page_assessment.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/assessment.h"
#include "ui_shared.h"

#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- shared */

int assess_ui_quarter(const struct web_request *req, bool posted)
{
	const char *s = posted ? web_form(req, "quarter") : web_arg(req, "quarter");
	int q = 0;
	if (!s || !*s)
		return assess_quarter_prev(assess_quarter_of(date_today()));
	return assess_quarter_parse(s, &q) ? 0 : q;
}

void assess_ui_quarter_options(struct buf *w, int selected)
{
	int q = assess_quarter_of(date_today());
	bool found = false;
	for (int i = 0; i < 8; i++, q = assess_quarter_prev(q)) {
		char key[8], label[40];
		assess_quarter_key(q, key);
		assess_quarter_label(q, label);
		html_raw(w, "<option value=\"");
		html_attr(w, key);
		html_raw(w, q == selected ? "\" selected>" : "\">");
		html_txt(w, label);
		html_raw(w, "</option>");
		found |= q == selected;
	}
	if (!found && selected) {
		char key[8], label[40];
		assess_quarter_key(selected, key);
		assess_quarter_label(selected, label);
		html_raw(w, "<option selected value=\"");
		html_attr(w, key);
		html_raw(w, "\">");
		html_txt(w, label);
		html_raw(w, "</option>");
	}
}

static bool has_children(const struct console_agencies *ag, long long id)
{
	for (size_t i = 0; i < ag->n; i++)
		if (ag->v[i].parent_id == id && !ag->v[i].closed)
			return true;
	return false;
}

bool assess_ui_manages(const struct console_agencies *ag, const struct web_request *req,
		       long long id, int role)
{
	return id > 0 && session_can(req, id, role) && has_children(ag, id);
}

long long assess_ui_root(const struct web_request *req, const struct console_agencies *ag, int role,
			 bool posted)
{
	const char *s = posted ? web_form(req, "root") : web_arg(req, "root");
	long long id = 0;
	if (s && *s)
		return console_id(s, &id) && assess_ui_manages(ag, req, id, role) ? id : -1;
	for (size_t i = 0; i < ag->n; i++)
		if (assess_ui_manages(ag, req, ag->v[i].id, role))
			return ag->v[i].id;
	return 0;
}

static long long parent_of(const struct console_agencies *ag, long long id)
{
	for (size_t i = 0; i < ag->n; i++)
		if (ag->v[i].id == id)
			return ag->v[i].parent_id;
	return 0;
}

bool assess_ui_above(const struct web_request *req, const struct console_agencies *ag, long long id,
		     int role)
{
	/* at most as many steps as agencies: a broken tree cannot loop */
	long long p = parent_of(ag, id);
	for (size_t steps = 0; p && steps <= ag->n; steps++, p = parent_of(ag, p))
		if (session_can(req, p, role))
			return true;
	return false;
}

/* one row of tabs: items[0..n), the one at `active` (or the longest path it starts with)
 * marked */
struct tab {
	const char *path, *label;
};

static void tabs(struct buf *w, const char *label, const struct tab *items, size_t n,
		 const char *active)
{
	size_t best = n, best_len = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(items[i].path);
		if (!strncmp(active, items[i].path, len) && len > best_len) {
			best = i;
			best_len = len;
		}
	}
	html_raw(w, "<nav class=\"tabs\" aria-label=\"");
	html_attr(w, label);
	html_raw(w, "\"><ul>");
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<li><a href=\"");
		html_attr(w, items[i].path);
		html_raw(w, i == best ? "\" aria-current=\"page\">" : "\">");
		html_txt(w, items[i].label);
		html_raw(w, "</a></li>");
	}
	html_raw(w, "</ul></nav>\n");
}

void assess_ui_subnav(struct buf *w, const char *active)
{
	/* the oversight workspace's tabs (its own page, /console/oversight, draws the same) */
	static const struct tab area[] = {
	    {"/console/oversight", "统计总览"},
	    {"/console/oversight/supervise", "督办"},
	    {"/console/oversight/charts", "图表"},
	    {"/console/oversight/assessment", "考核"},
	    {"/console/oversight/training", "培训"},
	    {"/console/oversight/bulletins", "通报"},
	    {"/console/oversight/website-report", "网站年度报表"},
	};
	static const struct tab assess[] = {
	    {"/console/oversight/assessment", "得分和排名"},
	    {"/console/oversight/assessment/scheme", "考核方案"},
	};
	tabs(w, "监督考核", area, ARRAY_SIZE(area), active);
	if (!strncmp(active, "/console/oversight/assessment", 29))
		tabs(w, "考核", assess, ARRAY_SIZE(assess), active);
}

static void hidden(struct buf *w, const char *name, const char *value)
{
	html_raw(w, "<input type=\"hidden\" name=\"");
	html_attr(w, name);
	html_raw(w, "\" value=\"");
	html_attr(w, value);
	html_raw(w, "\">");
}

static void points(struct buf *w, int tenths)
{
	char s[16];
	assess_points_str(tenths, s);
	html_txt(w, s);
}

/* ---------------------------------------------------------------- the scores */

static const struct {
	const char *key, *message;
} done_messages[] = {
    {"computed", "已计算本季度得分和排名。"},
    {"manual", "已保存人工评分，得分和排名已更新。"},
    {"scheme", "已保存考核方案，新计算的得分按新方案计分。"},
};

static void done_alert(struct web_request *req, struct buf *w)
{
	const char *done = web_arg(req, "done");
	for (size_t i = 0; done && i < ARRAY_SIZE(done_messages); i++)
		if (!strcmp(done, done_messages[i].key))
			console_alert(w, "ok", done_messages[i].message);
}

static void scores_table(struct web_request *req, struct buf *w,
			 const struct assess_score_row *rows, size_t n, int quarter)
{
	char qk[8];
	assess_quarter_key(quarter, qk);
	html_raw(
	    w,
	    "<table class=\"data assess-scores\"><caption class=\"sr-only\">考核得分和排名"
	    "</caption><thead><tr><th scope=\"col\" class=\"num\">排名</th>"
	    "<th scope=\"col\">单位</th><th scope=\"col\" class=\"num\">得分</th>"
	    "<th scope=\"col\" class=\"num\">扣分</th><th scope=\"col\">单项否决</th>"
	    "<th scope=\"col\">存在问题</th><th scope=\"col\">人工评分</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct assess_score_row *r = &rows[i];
		html_raw(w, "<tr><td class=\"num\">");
		html_txtf(w, "%d", r->rank);
		html_raw(w, "</td><td><a href=\"/console/oversight/assessment/");
		html_attrf(w, "%lld", r->agency_id);
		html_raw(w, "?quarter=");
		html_url_arg(w, qk);
		html_raw(w, "\">");
		html_txt(w, r->agency_name);
		html_raw(w, "</a></td><td class=\"num\">");
		points(w, r->r.total);
		html_raw(w, "</td><td class=\"num\">");
		points(w, r->r.max_total - r->r.sum);
		html_raw(w, "</td><td>");
		html_raw(w, r->r.vetoed ? "<span class=\"tag overdue\">单项否决</span>" : "否");
		html_raw(w, "</td><td>");
		html_txt(w, *r->problems ? r->problems : "—");
		html_raw(w, "</td><td>");
		if (r->r.pending)
			html_txtf(w, "%zu项待评", r->r.pending);
		else
			html_raw(w, "已评");
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</tbody></table>\n");
	(void)req;
}

static void manual_form(struct web_request *req, struct buf *w, const struct assess_scheme *sc,
			const struct assess_score_row *rows, size_t n, int quarter, long long root)
{
	char qk[8], rs[24];
	assess_quarter_key(quarter, qk);
	snprintf(rs, sizeof(rs), "%lld", root);
	html_raw(w, "<section class=\"panel\"><h2>录入人工评分</h2>"
		    "<form method=\"post\" action=\"/console/oversight/assessment/manual\" "
		    "class=\"form\">");
	session_csrf_field(req, w);
	hidden(w, "quarter", qk);
	hidden(w, "root", rs);
	html_raw(w, "<div class=\"field\"><label for=\"m-agency\" class=\"required\">单位</label>"
		    "<select id=\"m-agency\" name=\"agency\" required>");
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<option value=\"");
		html_attrf(w, "%lld", rows[i].agency_id);
		html_raw(w, "\">");
		html_txt(w, rows[i].agency_name);
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div><div class=\"field\"><label for=\"m-code\" class=\"required\">"
		    "指标</label><select id=\"m-code\" name=\"code\" required>");
	for (size_t i = 0; i < sc->n; i++) {
		if (sc->ind[i].kind != ASSESS_MANUAL)
			continue;
		html_raw(w, "<option value=\"");
		html_attr(w, sc->ind[i].code);
		html_raw(w, "\">");
		html_txt(w, sc->ind[i].name);
		html_raw(w, "（满分");
		points(w, sc->ind[i].max);
		html_raw(w, "分）</option>");
	}
	html_raw(w, "</select></div>");
	console_text_field(w, "m-points", "points", "得分（最多一位小数）", "", true, 6);
	console_text_field(w, "m-note", "note", "评分说明", "", false, ASSESS_NOTE_MAX);
	html_raw(w, "<button type=\"submit\" class=\"button primary\">保存评分</button></form>"
		    "</section>\n");
}

static void manual_list(struct web_request *req, struct buf *w, const struct assess_scheme *sc,
			const struct assess_score_row *rows, size_t n, int quarter)
{
	struct assess_manual_row *m;
	size_t nm;
	if (store_assess_manual_list(req->db, req->arena, quarter, 0, &m, &nm) || !nm)
		return;
	html_raw(w, "<section class=\"panel\"><h2>已录入的人工评分</h2><table class=\"data\">"
		    "<thead><tr><th scope=\"col\">单位</th><th scope=\"col\">指标</th>"
		    "<th scope=\"col\" class=\"num\">得分</th><th scope=\"col\">说明</th>"
		    "<th scope=\"col\">评分人</th></tr></thead><tbody>");
	for (size_t i = 0; i < nm; i++) {
		const char *agency = NULL;
		for (size_t k = 0; k < n && !agency; k++)
			if (rows[k].agency_id == m[i].agency_id)
				agency = rows[k].agency_name;
		if (!agency)
			continue; /* another root's */
		int k = assess_scheme_find(sc, m[i].code);
		html_raw(w, "<tr><td>");
		html_txt(w, agency);
		html_raw(w, "</td><td>");
		html_txt(w, k >= 0 ? sc->ind[k].name : m[i].code);
		html_raw(w, "</td><td class=\"num\">");
		points(w, m[i].points);
		html_raw(w, "</td><td>");
		html_txt(w, m[i].note);
		html_raw(w, "</td><td>");
		html_txt(w, m[i].scored_by);
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</tbody></table></section>\n");
}

static int render_scores(struct web_request *req, struct web_response *res,
			 const struct console_agencies *ag, long long root, int quarter,
			 const char *error, int status)
{
	res->status = status;
	ui_console_begin(req, res, "考核得分", "/console/oversight");
	struct buf *w = &res->body;
	assess_ui_subnav(w, "/console/oversight/assessment");
	char label[40], qk[8];
	assess_quarter_label(quarter, label);
	assess_quarter_key(quarter, qk);
	html_raw(w, "<h1>考核得分和排名</h1>\n");
	if (error)
		console_alert(w, "error", error);
	else
		done_alert(req, w);
	html_raw(w, "<form method=\"get\" action=\"/console/oversight/assessment\" class=\"form "
		    "compact\">");
	if (root > 0) {
		html_raw(w, "<label for=\"a-root\">主管部门</label><select id=\"a-root\" "
			    "name=\"root\">");
		for (size_t i = 0; i < ag->n; i++)
			if (assess_ui_manages(ag, req, ag->v[i].id, ROLE_CLERK)) {
				html_raw(w, "<option value=\"");
				html_attrf(w, "%lld", ag->v[i].id);
				html_raw(w, ag->v[i].id == root ? "\" selected>" : "\">");
				html_txt(w, ag->v[i].name);
				html_raw(w, "</option>");
			}
		html_raw(w, "</select>");
	}
	html_raw(w,
		 "<label for=\"a-quarter\">季度</label><select id=\"a-quarter\" name=\"quarter\">");
	assess_ui_quarter_options(w, quarter);
	html_raw(w, "</select><button type=\"submit\" class=\"button secondary\">查看</button>"
		    "</form>\n");

	if (root <= 0) {
		/* a department's users: their own agencies' scores */
		html_raw(w, "<section class=\"panel\"><h2>本单位得分</h2>");
		size_t shown = 0;
		for (size_t i = 0; i < ag->n; i++) {
			if (!session_can(req, ag->v[i].id, ROLE_VIEWER))
				continue;
			struct assess_scheme *sc = arena_alloc(req->arena, sizeof(*sc));
			struct assess_score_row r;
			if (!sc || store_assess_score_get(req->db, req->arena, ag->v[i].id, quarter,
							  sc, &r))
				continue;
			scores_table(req, w, &r, 1, quarter);
			shown++;
		}
		if (!shown) {
			html_txt(w, label);
			html_raw(w, "的考核得分尚未计算。</section>\n");
		} else {
			html_raw(w, "</section>\n");
		}
		ui_console_end(req, res);
		return 0;
	}
	struct assess_scheme *sc = arena_alloc(req->arena, sizeof(*sc));
	struct assess_score_row *rows = NULL;
	size_t n = 0;
	int rc =
	    sc ? store_assess_scores(req->db, req->arena, root, quarter, sc, &rows, &n) : ZF_ENOMEM;
	if (rc)
		return rc;
	char rs[24];
	snprintf(rs, sizeof(rs), "%lld", root);
	html_raw(w, "<section class=\"panel\"><h2>");
	html_txt(w, label);
	html_raw(w, "</h2>");
	if (n) {
		html_raw(w, "<p>按考核方案“");
		html_txt(w, sc->title);
		html_raw(w, "”计分，数据截至");
		console_day(w, rows[0].computed_on);
		html_raw(w, "。单项否决的单位排在最后。</p>");
		scores_table(req, w, rows, n, quarter);
	} else {
		html_raw(w, "<p>本季度的考核得分尚未计算。</p>");
	}
	html_raw(w, "<form method=\"post\" action=\"/console/oversight/assessment/compute\">");
	session_csrf_field(req, w);
	hidden(w, "root", rs);
	hidden(w, "quarter", qk);
	html_raw(w, n ? "<button type=\"submit\" class=\"button secondary\">重新计算得分</button>"
		      : "<button type=\"submit\" class=\"button primary\">计算得分</button>");
	html_raw(
	    w, "<span class=\"hint\">按平台数据（依申请公开、留言、网站检查、标准目录、政务新媒体）"
	       "重新计算，已录入的人工评分保留。</span></form></section>\n");
	if (n) {
		manual_form(req, w, sc, rows, n, quarter, root);
		manual_list(req, w, sc, rows, n, quarter);
	}
	ui_console_end(req, res);
	return 0;
}

int page_assess(struct web_request *req, struct web_response *res)
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
	long long root = assess_ui_root(req, &ag, ROLE_CLERK, false);
	if (root < 0)
		return console_not_found(req, res);
	return render_scores(req, res, &ag, root, quarter, NULL, 200);
}

static void redirect_scores(struct web_request *req, struct web_response *res, long long root,
			    int quarter, const char *done)
{
	char qk[8];
	assess_quarter_key(quarter, qk);
	char *loc =
	    arena_printf(req->arena, "/console/oversight/assessment?root=%lld&quarter=%s&done=%s",
			 root, qk, done);
	ui_redirect(req, res, loc ? loc : "/console/oversight/assessment");
}

int page_assess_compute(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	long long root = assess_ui_root(req, &ag, ROLE_CLERK, true);
	if (root <= 0)
		return console_not_found(req, res);
	int quarter = assess_ui_quarter(req, true);
	if (!quarter) {
		ui_error_page(req, res, 400, "季度不正确", "季度应写作 2026Q3。");
		return 0;
	}
	struct buf err = BUF_INIT;
	rc = store_assess_compute(req->db, console_actor(req), console_calendar(), root, quarter,
				  date_today(), NULL, &err);
	if (rc && rc != ZF_EDB && rc != ZF_ENOMEM) {
		const char *msg = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		return render_scores(req, res, &ag, root, quarter, msg ? msg : "无法计算得分。",
				     rc == ZF_EINVAL ? 400 : 409);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_scores(req, res, root, quarter, "computed");
	return 0;
}

int page_assess_manual(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	long long root = assess_ui_root(req, &ag, ROLE_CLERK, true), agency = 0;
	if (root <= 0 || !console_id(web_form(req, "agency"), &agency) ||
	    !assess_ui_above(req, &ag, agency, ROLE_CLERK))
		return console_not_found(req, res);
	int quarter = assess_ui_quarter(req, true), pts = 0;
	if (!quarter) {
		ui_error_page(req, res, 400, "季度不正确", "季度应写作 2026Q3。");
		return 0;
	}
	if (assess_points_parse(console_form_text(req, "points"), &pts))
		return render_scores(req, res, &ag, root, quarter,
				     "“得分”应为分数，最多一位小数，如 4.5。", 400);
	struct buf err = BUF_INIT;
	rc = store_assess_manual_set(req->db, console_actor(req), agency, quarter,
				     console_form_text(req, "code"), pts,
				     console_form_text(req, "note"), &err);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		const char *msg = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		return render_scores(req, res, &ag, root, quarter, msg ? msg : "无法保存评分。",
				     400);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_scores(req, res, root, quarter, "manual");
	return 0;
}

/* ---------------------------------------------------------------- one agency */

static const char *rule_text(const struct assess_indicator *ind, struct arena *a)
{
	char per[16], fl[16];
	assess_points_str(ind->per, per);
	assess_points_str(ind->floor, fl);
	switch (ind->kind) {
	case ASSESS_RATE:
		return arena_printf(a, "%s达到%d%%得满分，每低1个百分点扣%s分，最低%s分",
				    assess_metric_label(ind->metric), ind->threshold, per, fl);
	case ASSESS_PER_COUNT:
		return arena_printf(a, "%s每项扣%s分，最低%s分", assess_metric_label(ind->metric),
				    per, fl);
	case ASSESS_VETO:
		return arena_printf(a, "有%s即单项否决", assess_metric_label(ind->metric));
	case ASSESS_MANUAL: return "人工评分";
	}
	return "";
}

static void scheme_table(struct web_request *req, struct buf *w, const struct assess_scheme *sc,
			 const struct assess_result *r)
{
	html_raw(w, "<table class=\"data\"><thead><tr><th scope=\"col\">指标</th>"
		    "<th scope=\"col\">计分规则</th><th scope=\"col\" class=\"num\">满分</th>");
	if (r)
		html_raw(w, "<th scope=\"col\" class=\"num\">数据</th><th scope=\"col\" "
			    "class=\"num\">得分</th>");
	html_raw(w, "</tr></thead><tbody>");
	for (size_t i = 0; i < sc->n; i++) {
		const struct assess_indicator *ind = &sc->ind[i];
		html_raw(w, "<tr><td>");
		html_txt(w, ind->name);
		html_raw(w, " <span class=\"muted\">");
		html_txt(w, ind->code);
		html_raw(w, "</span></td><td>");
		html_txt(w, rule_text(ind, req->arena));
		html_raw(w, "</td><td class=\"num\">");
		points(w, ind->max);
		if (r) {
			const struct assess_item_score *it = &r->item[i];
			html_raw(w, "</td><td class=\"num\">");
			if (ind->kind == ASSESS_MANUAL)
				html_raw(w, "—");
			else if (ind->kind == ASSESS_RATE)
				html_txtf(w, "%lld/%lld", it->count, it->den);
			else
				html_txtf(w, "%lld", it->count);
			html_raw(w, "</td><td class=\"num\">");
			points(w, it->points);
			if (it->veto)
				html_raw(w, " <span class=\"tag overdue\">单项否决</span>");
			if (it->pending)
				html_raw(w, " <span class=\"tag muted\">待评</span>");
		}
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</tbody></table>\n");
}

int page_assess_agency(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	long long agency = 0;
	if (!console_id(req->path_args[0], &agency))
		return console_not_found(req, res);
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	if (!session_can(req, agency, ROLE_VIEWER) &&
	    !assess_ui_above(req, &ag, agency, ROLE_VIEWER))
		return console_not_found(req, res);
	int quarter = assess_ui_quarter(req, false);
	if (!quarter) {
		ui_error_page(req, res, 400, "季度不正确", "季度应写作 2026Q3。");
		return 0;
	}
	struct assess_scheme *sc = arena_alloc(req->arena, sizeof(*sc));
	struct assess_score_row r;
	if (!sc)
		return ZF_ENOMEM;
	rc = store_assess_score_get(req->db, req->arena, agency, quarter, sc, &r);
	if (rc && rc != ZF_ENOENT)
		return rc;
	const char *name = console_agency_name(&ag, agency);
	char label[40];
	assess_quarter_label(quarter, label);
	ui_console_begin(req, res, "考核得分", "/console/oversight");
	struct buf *w = &res->body;
	assess_ui_subnav(w, "/console/oversight/assessment");
	html_raw(w, "<h1>");
	html_txt(w, name);
	html_raw(w, "：");
	html_txt(w, label);
	html_raw(w, "考核得分</h1>\n<section class=\"panel\">");
	if (rc == ZF_ENOENT) {
		html_raw(w, "<p>本季度的考核得分尚未计算。</p>");
	} else {
		html_raw(w, "<p>得分 <strong>");
		points(w, r.r.total);
		html_raw(w, "</strong> 分（满分");
		points(w, r.r.max_total);
		html_txtf(w, "分），排名第 %d 名。", r.rank);
		if (r.r.vetoed)
			html_raw(w, "<strong>存在单项否决问题。</strong>");
		html_raw(w, "</p>");
		if (*r.problems) {
			html_raw(w, "<p>存在问题：");
			html_txt(w, r.problems);
			html_raw(w, "</p>");
		}
		scheme_table(req, w, sc, &r.r);
	}
	html_raw(w, "</section>\n");
	ui_console_end(req, res);
	return 0;
}

/* ---------------------------------------------------------------- the scheme */

static bool scheme_admin(const struct web_request *req, const struct console_agencies *ag)
{
	for (size_t i = 0; i < ag->n; i++)
		if (!ag->v[i].parent_id && session_can(req, ag->v[i].id, ROLE_ADMIN))
			return true;
	return false;
}

static int render_scheme(struct web_request *req, struct web_response *res,
			 const struct console_agencies *ag, const char *text, const char *error,
			 int status)
{
	struct assess_scheme *sc = arena_alloc(req->arena, sizeof(*sc));
	long long id = 0;
	if (!sc)
		return ZF_ENOMEM;
	int rc = store_assess_scheme_current(req->db, sc, &id);
	if (rc)
		return rc;
	res->status = status;
	ui_console_begin(req, res, "考核方案", "/console/oversight");
	struct buf *w = &res->body;
	assess_ui_subnav(w, "/console/oversight/assessment/scheme");
	html_raw(w, "<h1>考核方案</h1>\n");
	if (error)
		console_alert(w, "error", error);
	else
		done_alert(req, w);
	html_raw(w, "<section class=\"panel\"><h2>");
	html_txt(w, sc->title);
	html_raw(w, "</h2>");
	if (!id)
		html_raw(w,
			 "<p>尚未保存考核方案，现行的是默认方案（依据政务公开考核常用指标）。</p>");
	int total = 0;
	for (size_t i = 0; i < sc->n; i++)
		total += sc->ind[i].max;
	html_raw(w, "<p>共");
	html_txtf(w, "%zu", sc->n);
	html_raw(w, "项指标，满分");
	points(w, total);
	html_raw(w, "分。有单项否决问题的单位总分记0分，排在最后。</p>");
	scheme_table(req, w, sc, NULL);
	html_raw(w, "</section>\n");
	if (scheme_admin(req, ag)) {
		struct buf t = BUF_INIT;
		if (!text) {
			assess_scheme_format(sc, &t);
			text = arena_strdup(req->arena, buf_cstr(&t));
		}
		buf_free(&t);
		html_raw(w, "<section class=\"panel\"><h2>修改考核方案</h2>"
			    "<form method=\"post\" action=\"/console/oversight/assessment/scheme\" "
			    "class=\"form\">");
		session_csrf_field(req, w);
		html_raw(w,
			 "<div class=\"field\"><label for=\"s-text\" class=\"required\">方案文本"
			 "</label><textarea id=\"s-text\" name=\"text\" rows=\"20\" cols=\"100\" "
			 "class=\"mono\" required>");
		html_txt(w, text ? text : "");
		html_raw(
		    w,
		    "</textarea><span class=\"hint\">每行一项指标，各列以制表符分隔：代码、"
		    "名称、计分方式（rate 按比率、per_count 按项扣分、veto 单项否决、manual "
		    "人工评分）、数据项、满分、每项扣分、最低分、达标率。可在 Excel 中编辑后粘贴。"
		    "</span></div><button type=\"submit\" class=\"button primary\">保存为新版本"
		    "</button></form></section>\n");
		struct assess_scheme_row *v;
		size_t n;
		if (!store_assess_scheme_list(req->db, req->arena, &v, &n) && n) {
			html_raw(
			    w, "<section class=\"panel\"><h2>历史版本</h2><table class=\"data\">"
			       "<thead><tr><th scope=\"col\">版本</th><th scope=\"col\">名称</th>"
			       "<th scope=\"col\" class=\"num\">指标数</th><th scope=\"col\">保存人"
			       "</th><th scope=\"col\">保存时间</th></tr></thead><tbody>");
			for (size_t i = 0; i < n; i++) {
				html_raw(w, "<tr><td>");
				html_txtf(w, "%lld", v[i].id);
				html_raw(w, "</td><td>");
				html_txt(w, v[i].title);
				html_raw(w, "</td><td class=\"num\">");
				html_txtf(w, "%d", v[i].nindicators);
				html_raw(w, "</td><td>");
				html_txt(w, v[i].saved_by);
				html_raw(w, "</td><td>");
				ui_time_beijing(w, v[i].saved_at, "—");
				html_raw(w, "</td></tr>");
			}
			html_raw(w, "</tbody></table></section>\n");
		}
	}
	ui_console_end(req, res);
	return 0;
}

int page_assess_scheme(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	return render_scheme(req, res, &ag, NULL, NULL, 200);
}

int page_assess_scheme_post(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	if (!scheme_admin(req, &ag))
		return console_not_found(req, res);
	const char *text = web_form(req, "text");
	if (!text)
		text = "";
	struct buf err = BUF_INIT;
	rc = store_assess_scheme_save(req->db, console_actor(req), text, strlen(text), NULL, &err);
	if (rc == ZF_EINVAL) {
		const char *msg = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		return render_scheme(req, res, &ag, strlen(text) <= ASSESS_TEXT_MAX ? text : "",
				     msg ? msg : "方案不正确。", 400);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res, "/console/oversight/assessment/scheme?done=scheme");
	return 0;
}
