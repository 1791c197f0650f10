/* integrity_links.c: links to our own pages checked against the database (no HTTP), written
 * once over driver.h. Each object path is judged by the rule its public page applies: a
 * document or its file must be published and not taken down (撤稿: store/lists.c), a report
 * published for that agency and year, a column not hidden, a list published in at least one
 * version. */
#include "common.h"
#include "driver.h"
#include "integrity_links.h"

const char *ilink_verdict_id(enum ilink_verdict v)
{
	switch (v) {
	case ILINK_OK: return "link.ok";
	case ILINK_MISSING: return "link.broken.internal-missing";
	case ILINK_UNPUBLISHED: return "link.broken.internal-unpublished";
	case ILINK_WITHDRAWN: return "link.broken.internal-withdrawn";
	case ILINK_UNKNOWN_ROUTE: return "link.broken.internal-route";
	}
	return "";
}

#define MAX_SEGS 6

/* A positive decimal id as the pages read them (docs_id, parse_id): 1–18 digits, no sign. */
static bool seg_id(const char *s, long long *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > 18 || s[0] == '0')
		return false;
	long long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Runs sql with up to two integer parameters; *found tells whether a row came, *a and *b
 * (may be NULL) get its first two columns. 0 or an error. */
static int query2(struct store *st, const char *sql, long long p1, long long p2, bool *found,
		  long long *a, long long *b)
{
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	int np = db_param_count(s);
	if (np >= 1)
		db_bind_int(s, 1, p1);
	if (np >= 2)
		db_bind_int(s, 2, p2);
	rc = db_step(s);
	*found = rc == DB_ROW;
	if (rc == DB_ROW) {
		if (a)
			*a = db_col_int(s, 0);
		if (b && db_col_count(s) > 1)
			*b = db_col_int(s, 1);
		rc = 0;
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

static void say(struct ilink_result *out, enum ilink_verdict v, const char *fmt, ...)
    ZF_PRINTF(3, 4);
static void say(struct ilink_result *out, enum ilink_verdict v, const char *fmt, ...)
{
	out->verdict = v;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->why, sizeof(out->why), fmt, ap);
	va_end(ap);
}

static int check_doc(struct store *st, long long id, struct ilink_result *out)
{
	bool found;
	long long published = 0, taken = 0;
	int rc = query2(st,
			"SELECT CASE WHEN d.state = 'published' THEN 1 ELSE 0 END,"
			" (SELECT count(*) FROM doc_takedowns t WHERE t.doc_id = d.id"
			" AND t.attachment_id IS NULL)"
			" FROM docs d WHERE d.id = ?",
			id, 0, &found, &published, &taken);
	if (rc)
		return rc;
	if (!found)
		say(out, ILINK_MISSING, "文件%lld不存在", id);
	else if (!published)
		say(out, ILINK_UNPUBLISHED, "文件%lld尚未公开", id);
	else if (taken)
		say(out, ILINK_WITHDRAWN, "文件%lld已撤稿", id);
	else
		say(out, ILINK_OK, "文件%lld已公开", id);
	return 0;
}

static int check_file(struct store *st, long long id, long long fid, struct ilink_result *out)
{
	int rc = check_doc(st, id, out);
	if (rc || out->verdict != ILINK_OK)
		return rc;
	bool found;
	long long taken = 0;
	rc = query2(st,
		    "SELECT (SELECT count(*) FROM doc_takedowns t WHERE t.attachment_id = a.id)"
		    " FROM doc_attachments a WHERE a.id = ?1 AND a.doc_id = ?2",
		    fid, id, &found, &taken, NULL);
	if (rc)
		return rc;
	if (!found)
		say(out, ILINK_MISSING, "文件%lld没有附件%lld", id, fid);
	else if (taken)
		say(out, ILINK_WITHDRAWN, "文件%lld的附件%lld已删除", id, fid);
	else
		say(out, ILINK_OK, "附件%lld已公开", fid);
	return 0;
}

static int check_count(struct store *st, const char *sql, long long p1, long long p2, bool *yes)
{
	bool found;
	long long n = 0;
	int rc = query2(st, sql, p1, p2, &found, &n, NULL);
	*yes = found && n > 0;
	return rc;
}

static int check_agency(struct store *st, long long id, struct ilink_result *out)
{
	bool yes;
	int rc = check_count(st, "SELECT count(*) FROM agencies WHERE id = ?", id, 0, &yes);
	if (!rc) {
		if (yes)
			say(out, ILINK_OK, "机关%lld存在", id);
		else
			say(out, ILINK_MISSING, "机关%lld不存在", id);
	}
	return rc;
}

/* YYYY, YYYY.html, YYYY.xlsx, YYYY.json: as page_reports.c reads it. */
static bool report_file(const char *s, int *year)
{
	static const char *const ext[] = {"", ".xlsx", ".json", ".html"};
	if (strlen(s) < 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	for (size_t i = 0; i < ARRAY_SIZE(ext); i++)
		if (!strcmp(s + 4, ext[i])) {
			*year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
				(s[3] - '0');
			return true;
		}
	return false;
}

static int check_object(struct store *st, char **seg, int n, struct ilink_result *out,
			bool *handled)
{
	long long a = 0, b = 0;
	bool yes = false;
	int rc = 0;
	*handled = true;
	if (n == 2 && !strcmp(seg[0], "docs") && seg_id(seg[1], &a))
		return check_doc(st, a, out);
	if (n == 4 && !strcmp(seg[0], "docs") && !strcmp(seg[2], "files")) {
		if (!seg_id(seg[1], &a) || !seg_id(seg[3], &b)) {
			say(out, ILINK_MISSING, "附件地址不正确");
			return 0;
		}
		return check_file(st, a, b, out);
	}
	if (n == 3 && !strcmp(seg[0], "reports")) {
		int year = 0;
		if (!seg_id(seg[1], &a) || !report_file(seg[2], &year)) {
			say(out, ILINK_MISSING, "年度报告地址不正确");
			return 0;
		}
		rc = check_count(st,
				 "SELECT count(*) FROM published_reports WHERE agency_id = ?1"
				 " AND year = ?2",
				 a, year, &yes);
		if (!rc) {
			if (yes)
				say(out, ILINK_OK, "%d年度报告已发布", year);
			else
				say(out, ILINK_MISSING, "机关%lld的%d年度报告未发布或已撤回", a,
				    year);
		}
		return rc;
	}
	if (n == 3 && !strcmp(seg[0], "guide")) {
		if (!seg_id(seg[1], &a) ||
		    (strcmp(seg[2], "flow.svg") && strcmp(seg[2], "form.docx") &&
		     strcmp(seg[2], "form.pdf"))) {
			say(out, ILINK_MISSING, "公开指南附件地址不正确");
			return 0;
		}
		return check_agency(st, a, out);
	}
	if (n == 2 && (!strcmp(seg[0], "agency") || !strcmp(seg[0], "columns"))) {
		if (!seg_id(seg[1], &a)) {
			say(out, ILINK_MISSING, "机关编号不正确");
			return 0;
		}
		return check_agency(st, a, out);
	}
	if (n == 2 && !strcmp(seg[0], "column")) {
		bool found;
		long long hidden = 0;
		if (!seg_id(seg[1], &a)) {
			say(out, ILINK_MISSING, "栏目编号不正确");
			return 0;
		}
		rc = query2(st, "SELECT hidden FROM columns WHERE id = ?", a, 0, &found, &hidden,
			    NULL);
		if (!rc) {
			if (!found)
				say(out, ILINK_MISSING, "栏目%lld不存在", a);
			else if (hidden == 1)
				say(out, ILINK_UNPUBLISHED, "栏目%lld已关闭", a);
			else
				say(out, ILINK_OK, "栏目%lld已开放", a);
		}
		return rc;
	}
	if (n == 2 && !strcmp(seg[0], "project")) {
		if (!seg_id(seg[1], &a)) {
			say(out, ILINK_MISSING, "项目编号不正确");
			return 0;
		}
		rc = check_count(st, "SELECT count(*) FROM projects WHERE id = ?", a, 0, &yes);
		if (!rc) {
			if (yes)
				say(out, ILINK_OK, "项目%lld存在", a);
			else
				say(out, ILINK_MISSING, "项目%lld不存在", a);
		}
		return rc;
	}
	if (!strcmp(seg[0], "list") &&
	    (n == 2 || ((n == 4 || (n == 5 && !strcmp(seg[4], "xlsx"))) && !strcmp(seg[2], "v")))) {
		if (!seg_id(seg[1], &a) || (n > 2 && (!seg_id(seg[3], &b) || b > 100000))) {
			say(out, ILINK_MISSING, "清单地址不正确");
			return 0;
		}
		rc = check_count(st, "SELECT count(*) FROM lists WHERE id = ?", a, 0, &yes);
		if (rc)
			return rc;
		if (!yes) {
			say(out, ILINK_MISSING, "清单%lld不存在", a);
			return 0;
		}
		if (n == 2)
			rc = check_count(st, "SELECT count(*) FROM list_versions WHERE list_id = ?",
					 a, 0, &yes);
		else
			rc = check_count(st,
					 "SELECT count(*) FROM list_versions WHERE list_id = ?1"
					 " AND version = ?2",
					 a, b, &yes);
		if (!rc) {
			if (yes)
				say(out, ILINK_OK, "清单%lld已发布", a);
			else if (n == 2)
				say(out, ILINK_UNPUBLISHED, "清单%lld尚未发布", a);
			else
				say(out, ILINK_MISSING, "清单%lld没有第%lld版", a, b);
		}
		return rc;
	}
	*handled = false;
	return 0;
}

int store_ilink_check(struct store *st, const char *path, ilink_route_fn *route_known, void *ctx,
		      struct ilink_result *out)
{
	memset(out, 0, sizeof(*out));
	char p[1024];
	size_t len = strcspn(path, "?#");
	if (len >= sizeof(p) || path[0] != '/') {
		say(out, ILINK_UNKNOWN_ROUTE, "地址不是本站路径");
		return 0;
	}
	memcpy(p, path, len);
	p[len] = '\0';
	char *seg[MAX_SEGS];
	int n = 0;
	bool too_many = false;
	for (char *s = p + 1; *s;) {
		char *e = strchr(s, '/');
		if (e)
			*e = '\0';
		if (n == MAX_SEGS) {
			too_many = true;
			break;
		}
		seg[n++] = s;
		if (!e)
			break;
		s = e + 1;
	}
	if (n > 0 && !too_many) {
		bool handled;
		int rc = check_object(st, seg, n, out, &handled);
		if (rc || handled)
			return rc;
	}
	/* not an object: a page the route table knows (the path as given, query dropped) */
	char q[1024];
	memcpy(q, path, len);
	q[len] = '\0';
	if (route_known && route_known(ctx, q))
		say(out, ILINK_OK, "本站页面");
	else
		say(out, ILINK_UNKNOWN_ROUTE, "本站没有这个页面：%s", q);
	return 0;
}
