/* page_oversight.c: /console/oversight, the 主管部门's table of its agencies for a period
 * (本季度, 上季度, 本年, 上年): for the agency looked at (本级) and each agency directly under it
 * (with everything below it), the on-time rate and average working days of the requests
 * closed, the open ones overdue, the replies corrected by 复议 and courts, the messages
 * answered on time, the open site findings, the 标准目录 items overdue and the silent new
 * media accounts; sortable by any column, exported as .xlsx. Also the helpers the other
 * oversight pages share (page_oversight.h). */
#include "common.h"
#include "arena.h"
#include "page_oversight.h"
#include "render/html.h"
#include "render/xlsx_table.h"
#include "routes.h"
#include "session.h"
#include "store/messages.h"
#include "ui_shared.h"

/* ---------------------------------------------------------------- shared helpers */

static const struct {
	const char *key, *label;
} periods[] = {
    {"this_quarter", "本季度"},
    {"last_quarter", "上季度"},
    {"this_year", "本年"},
    {"last_year", "上年"},
};

void oversight_period_read(const struct web_request *req, zf_day today, struct oversight_period *p)
{
	const char *k = web_arg(req, "period");
	size_t i = 0;
	for (size_t j = 0; k && j < ARRAY_SIZE(periods); j++)
		if (!strcmp(k, periods[j].key))
			i = j;
	struct ymd t = date_to_ymd(today);
	int q = (t.m - 1) / 3; /* 0..3 */
	p->key = periods[i].key;
	p->label = periods[i].label;
	switch (i) {
	case 0:
		p->from = date_from_ymd(t.y, q * 3 + 1, 1);
		p->to = today;
		break;
	case 1: {
		int y = q ? t.y : t.y - 1, lq = q ? q - 1 : 3;
		p->from = date_from_ymd(y, lq * 3 + 1, 1);
		p->to = date_from_ymd(lq == 3 ? y + 1 : y, lq == 3 ? 1 : lq * 3 + 4, 1) - 1;
		break;
	}
	case 2:
		p->from = date_from_ymd(t.y, 1, 1);
		p->to = today;
		break;
	default:
		p->from = date_from_ymd(t.y - 1, 1, 1);
		p->to = date_from_ymd(t.y - 1, 12, 31);
		break;
	}
}

void oversight_period_links(struct buf *w, const char *path, const struct oversight_period *p,
			    long long node)
{
	html_raw(w, "<nav class=\"tabs\" aria-label=\"统计期间\"><ul>");
	for (size_t i = 0; i < ARRAY_SIZE(periods); i++) {
		html_raw(w, "<li><a href=\"");
		html_attr(w, path);
		html_attrf(w, "?period=%s&agency=%lld", periods[i].key, node);
		html_raw(w, "\"");
		if (!strcmp(periods[i].key, p->key))
			html_raw(w, " aria-current=\"page\"");
		html_raw(w, ">");
		html_txt(w, periods[i].label);
		html_raw(w, "</a></li>");
	}
	html_raw(w, "</ul></nav>\n<p class=\"muted\">统计期间：");
	char a[11], b[11];
	html_txtf(w, "%s 至 %s", date_format(p->from, a), date_format(p->to, b));
	html_raw(w, "；未办结、逾期按今日计。</p>\n");
}

long long oversight_node(const struct web_request *req, const struct console_agencies *ag)
{
	long long id = 0;
	const char *s = web_arg(req, "agency");
	if (s && console_id(s, &id) && session_can(req, id, ROLE_VIEWER))
		for (size_t i = 0; i < ag->n; i++)
			if (ag->v[i].id == id)
				return id;
	for (size_t i = 0; i < ag->n; i++)
		if (session_can(req, ag->v[i].id, ROLE_VIEWER))
			return ag->v[i].id;
	return 0;
}

long long *oversight_reach(const struct web_request *req, const struct console_agencies *ag,
			   int role, size_t *n)
{
	*n = 0;
	long long *v = arena_alloc(req->arena, (ag->n + 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < ag->n; i++)
		if (session_can(req, ag->v[i].id, role))
			v[(*n)++] = ag->v[i].id;
	return v;
}

void oversight_subnav(struct buf *w, const char *active)
{
	static const struct {
		const char *path, *label;
	} items[] = {
	    {"/console/oversight", "统计总览"},
	    {"/console/oversight/supervise", "督办"},
	    {"/console/oversight/charts", "图表"},
	    {"/console/oversight/assessment", "考核"},
	    {"/console/oversight/training", "培训"},
	    {"/console/oversight/bulletins", "通报"},
	    {"/console/oversight/website-report", "网站年度报表"},
	};
	html_raw(w, "<nav class=\"tabs\" aria-label=\"监督考核\"><ul>");
	for (size_t i = 0; i < ARRAY_SIZE(items); i++) {
		html_raw(w, "<li><a href=\"");
		html_attr(w, items[i].path);
		html_raw(w, "\"");
		if (!strcmp(items[i].path, active))
			html_raw(w, " aria-current=\"page\"");
		html_raw(w, ">");
		html_txt(w, items[i].label);
		html_raw(w, "</a></li>");
	}
	html_raw(w, "</ul></nav>\n");
}

/* ---------------------------------------------------------------- the table */

struct row {
	long long id;
	const char *name;
	bool self;  /* the node alone (本级) */
	bool total; /* the node with everything below it */
	struct oversight_metrics m;
};

enum col {
	COL_NAME,
	COL_RECEIVED,
	COL_REPLIED,
	COL_ONTIME,
	COL_DAYS,
	COL_OVERDUE,
	COL_CORRECTED,
	COL_MSG,
	COL_FINDINGS,
	COL_STD,
	COL_SILENT,
	NCOLS
};
static const struct {
	const char *key, *head;
} cols[NCOLS] = {
    {"name", "单位"},
    {"received", "收到申请"},
    {"replied", "办结"},
    {"ontime", "按时办结率"},
    {"days", "平均办理用时（工作日）"},
    {"overdue", "逾期未办结"},
    {"corrected", "复议诉讼纠错"},
    {"msg", "留言按时答复率"},
    {"findings", "未整改问题（否决/扣分）"},
    {"std", "标准目录逾期事项"},
    {"silent", "新媒体沉默账号"},
};

static double msg_pct(const struct oversight_metrics *m)
{
	return m->msg.replied ? 100.0 * (double)m->msg.replied_on_time / (double)m->msg.replied
			      : 100.0;
}

static double col_value(const struct row *r, enum col c)
{
	const struct oversight_metrics *m = &r->m;
	switch (c) {
	case COL_RECEIVED: return (double)m->req_received;
	case COL_REPLIED: return (double)m->req_replied;
	case COL_ONTIME: return oversight_on_time_pct(m);
	case COL_DAYS: return oversight_avg_days(m);
	case COL_OVERDUE: return (double)m->req_overdue;
	case COL_CORRECTED: return (double)(m->reviews_corrected + m->suits_corrected);
	case COL_MSG: return m->msg_known ? msg_pct(m) : -1;
	case COL_FINDINGS: return (double)(m->findings_veto * 1000 + m->findings_deduct);
	case COL_STD: return m->std_known ? (double)m->std_overdue : -1;
	case COL_SILENT: return m->media_known ? (double)m->media.silent : -1;
	default: return 0;
	}
}

/* The cell's text (from arena). */
static const char *col_text(struct arena *a, const struct row *r, enum col c)
{
	const struct oversight_metrics *m = &r->m;
	switch (c) {
	case COL_NAME:
		return r->self	  ? arena_printf(a, "%s（本级）", r->name)
		       : r->total ? arena_printf(a, "合计（%s及所属单位）", r->name)
				  : r->name;
	case COL_ONTIME:
		return m->req_replied ? arena_printf(a, "%.1f%%", oversight_on_time_pct(m)) : "—";
	case COL_DAYS: return m->req_replied ? arena_printf(a, "%.1f", oversight_avg_days(m)) : "—";
	case COL_CORRECTED:
		return arena_printf(a, "%lld", m->reviews_corrected + m->suits_corrected);
	case COL_MSG:
		return !m->msg_known	? "暂无数据"
		       : m->msg.replied ? arena_printf(a, "%.1f%%", msg_pct(m))
					: "—";
	case COL_FINDINGS:
		return arena_printf(a, "%lld / %lld", m->findings_veto, m->findings_deduct);
	case COL_STD: return m->std_known ? arena_printf(a, "%lld", m->std_overdue) : "暂无数据";
	case COL_SILENT:
		return m->media_known ? arena_printf(a, "%lld", m->media.silent) : "暂无数据";
	default: return arena_printf(a, "%.0f", col_value(r, c));
	}
}

static enum col sort_col;
static bool sort_desc;

static int row_order(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	int d;
	if (sort_col == COL_NAME)
		d = strcmp(a->name, b->name);
	else {
		double va = col_value(a, sort_col), vb = col_value(b, sort_col);
		d = va < vb ? -1 : va > vb;
	}
	if (sort_desc)
		d = -d;
	return d ? d : (a->id < b->id ? -1 : a->id > b->id);
}

struct table {
	struct oversight_period p;
	long long node;
	struct row *rows; /* the node alone, then its children; the total last */
	size_t n;
	enum col sort;
	bool desc, sorted;
};

static int table_load(struct web_request *req, struct table *t)
{
	memset(t, 0, sizeof(*t));
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	zf_day today = date_today();
	oversight_period_read(req, today, &t->p);
	t->node = oversight_node(req, &ag);
	if (!t->node)
		return ZF_ENOENT;
	t->rows = arena_alloc(req->arena, (ag.n + 2) * sizeof(*t->rows));
	if (!t->rows)
		return ZF_ENOMEM;
	const struct calendar *cal = console_calendar();
	const char *node_name = console_agency_name(&ag, t->node);
	t->rows[t->n++] = (struct row){.id = t->node, .name = node_name, .self = true};
	for (size_t i = 0; i < ag.n; i++)
		if (ag.v[i].parent_id == t->node && !ag.v[i].closed)
			t->rows[t->n++] = (struct row){.id = ag.v[i].id, .name = ag.v[i].name};
	t->rows[t->n++] = (struct row){.id = t->node, .name = node_name, .total = true};
	for (size_t i = 0; i < t->n; i++) {
		struct row *r = &t->rows[i];
		rc = store_oversight_metrics(req->db, cal, r->id, !r->self, t->p.from, t->p.to,
					     today, &r->m);
		if (rc)
			return rc;
	}
	const char *s = web_arg(req, "sort");
	for (int c = 0; s && c < NCOLS; c++)
		if (!strcmp(s, cols[c].key)) {
			t->sort = (enum col)c;
			t->sorted = true;
		}
	const char *d = web_arg(req, "dir");
	t->desc = d && !strcmp(d, "desc");
	if (t->sorted && t->n > 3) {
		/* the agencies below are sorted; 本级 stays first and the total last */
		sort_col = t->sort;
		sort_desc = t->desc;
		qsort(t->rows + 1, t->n - 2, sizeof(*t->rows), row_order);
	}
	return 0;
}

static void sort_link(struct buf *w, const struct table *t, enum col c)
{
	bool current = t->sorted && t->sort == c;
	html_raw(w, "<th scope=\"col\"");
	if (c != COL_NAME)
		html_raw(w, " class=\"num\"");
	if (current)
		html_raw(w, t->desc ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"");
	html_raw(w, "><a href=\"");
	html_attrf(w, "/console/oversight?period=%s&agency=%lld&sort=%s&dir=%s", t->p.key, t->node,
		   cols[c].key, current && !t->desc ? "desc" : "asc");
	html_raw(w, "\">");
	html_txt(w, cols[c].head);
	if (current)
		html_raw(w, t->desc ? " ▼" : " ▲");
	html_raw(w, "</a></th>");
}

static void stale_alert(struct buf *w, long long stale)
{
	if (stale <= 0)
		return;
	html_raw(w,
		 "<div class=\"alert error\" role=\"alert\" id=\"veto-risk\"><strong>单项否决风险："
		 "</strong>");
	html_txtf(
	    w,
	    "有%lld条留言超过%d个月未答复。按国办秘函〔2019〕19号，有效留言超过3个月未办理答复"
	    "的，网站检查单项否决。",
	    stale, MESSAGE_STALE_MONTHS);
	html_raw(w, " <a href=\"/console/oversight/supervise\">查看督办清单</a></div>\n");
}

int page_oversight(struct web_request *req, struct web_response *res)
{
	struct table t;
	int rc = table_load(req, &t);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	ui_console_begin(req, res, "监督考核", "/console/oversight");
	struct buf *w = &res->body;
	html_raw(w, "<h1>监督考核</h1>\n");
	oversight_subnav(w, "/console/oversight");
	stale_alert(w, t.rows[t.n - 1].m.msg.stale);
	oversight_period_links(w, "/console/oversight", &t.p, t.node);
	html_raw(w, "<p><a class=\"button\" href=\"");
	html_attrf(w, "/console/oversight/export.xlsx?period=%s&agency=%lld", t.p.key, t.node);
	if (t.sorted)
		html_attrf(w, "&sort=%s&dir=%s", cols[t.sort].key, t.desc ? "desc" : "asc");
	html_raw(w, "\">导出 Excel</a></p>\n<div class=\"table-wrap\"><table class=\"data\" "
		    "id=\"oversight-table\"><caption>");
	html_txtf(w, "%s各单位政务公开工作情况（%s）", t.rows[0].name, t.p.label);
	html_raw(w, "</caption><thead><tr>");
	for (int c = 0; c < NCOLS; c++)
		sort_link(w, &t, (enum col)c);
	html_raw(w, "</tr></thead><tbody>");
	for (size_t i = 0; i < t.n; i++) {
		const struct row *r = &t.rows[i];
		html_raw(w, r->total ? "<tr class=\"total\">" : "<tr>");
		for (int c = 0; c < NCOLS; c++) {
			const char *txt = col_text(req->arena, r, (enum col)c);
			if (c == COL_NAME) {
				html_raw(w, "<th scope=\"row\">");
				if (!r->self && !r->total) {
					html_raw(w, "<a href=\"");
					html_attrf(w, "/console/oversight?period=%s&agency=%lld",
						   t.p.key, r->id);
					html_raw(w, "\">");
					html_txt(w, txt ? txt : "");
					html_raw(w, "</a>");
				} else {
					html_txt(w, txt ? txt : "");
				}
				html_raw(w, "</th>");
				continue;
			}
			bool bad = (c == COL_OVERDUE && r->m.req_overdue > 0) ||
				   (c == COL_FINDINGS && r->m.findings_veto > 0);
			html_raw(w, bad ? "<td class=\"num warn\">" : "<td class=\"num\">");
			html_txt(w, txt ? txt : "");
			html_raw(w, "</td>");
		}
		html_raw(w, "</tr>");
	}
	html_raw(w,
		 "</tbody></table></div>\n<p class=\"muted\">按时办结率：期间内办结的申请中，"
		 "在答复期限内办结的比例。办理用时按工作日计，征求意见、缴费期间和等待补正的"
		 "时间不计入。复议诉讼纠错：期间内作出决定、纠正原答复的行政复议和行政诉讼案件数。"
		 "未整改问题：网站内容检查发现、至今未整改的单项否决问题和扣分问题。"
		 "“暂无数据”表示相应模块尚未启用。</p>\n");
	ui_console_end(req, res);
	return 0;
}

int page_oversight_export(struct web_request *req, struct web_response *res)
{
	struct table t;
	int rc = table_load(req, &t);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	const char *heads[NCOLS];
	for (int c = 0; c < NCOLS; c++)
		heads[c] = cols[c].head;
	const char **cells = arena_alloc(req->arena, t.n * NCOLS * sizeof(*cells));
	if (!cells)
		return ZF_ENOMEM;
	for (size_t i = 0; i < t.n; i++)
		for (int c = 0; c < NCOLS; c++)
			cells[i * NCOLS + (size_t)c] =
			    col_text(req->arena, &t.rows[i], (enum col)c);
	char a[11], b[11];
	const char *title =
	    arena_printf(req->arena, "%s各单位政务公开工作情况（%s，%s至%s）", t.rows[0].name,
			 t.p.label, date_format(t.p.from, a), date_format(t.p.to, b));
	struct buf out;
	buf_init(&out, 16u << 20);
	rc = xlsx_table("统计总览", title ? title : "统计总览", heads, NCOLS,
			(const char *const *)cells, t.n, &out);
	if (!rc)
		rc = console_send(
		    res, &out, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		    "attachment; filename=\"oversight.xlsx\"");
	buf_free(&out);
	return rc;
}
