/* newmedia.c: the 政务新媒体 registry in the store (store/newmedia.h): accounts and their
 * approval steps, their history, their posts, silent accounts and the counts the oversight
 * pages read. SQL written once for both engines (driver.h). */
#include "common.h"
#include "arena.h"
#include "driver.h"
#include "newmedia.h"
#include "store/db.h"
#include "utf8.h"

static const char *const platform_keys[NM_PLATFORMS] = {"wechat",   "weibo",	"douyin", "toutiao",
							"kuaishou", "channels", "app",	  "other"};
static const char *const platform_labels[NM_PLATFORMS] = {
    "微信公众号", "微博", "抖音", "头条号", "快手", "视频号", "客户端App", "其他"};
static const char *const status_keys[NM_STATUSES] = {"applied", "open", "closing", "closed",
						     "refused"};
static const char *const status_labels[NM_STATUSES] = {"申请开设", "已开设", "申请关停", "已关停",
						       "未获批准"};

const char *nm_platform_key(enum nm_platform p)
{
	return (size_t)p < NM_PLATFORMS ? platform_keys[p] : "other";
}

const char *nm_platform_label(enum nm_platform p)
{
	return (size_t)p < NM_PLATFORMS ? platform_labels[p] : "其他";
}

int nm_platform_parse(const char *s)
{
	for (int i = 0; s && i < NM_PLATFORMS; i++)
		if (!strcmp(s, platform_keys[i]) || !strcmp(s, platform_labels[i]))
			return i;
	if (s && (!strcmp(s, "微信") || !strcmp(s, "公众号")))
		return NM_WECHAT;
	if (s && (!strcmp(s, "今日头条") || !strcmp(s, "头条")))
		return NM_TOUTIAO;
	if (s && (!strcmp(s, "微信视频号")))
		return NM_CHANNELS;
	if (s && (!strcmp(s, "App") || !strcmp(s, "APP") || !strcmp(s, "客户端")))
		return NM_APP;
	return -1;
}

const char *nm_status_key(enum nm_status s)
{
	return (size_t)s < NM_STATUSES ? status_keys[s] : "applied";
}

const char *nm_status_label(enum nm_status s)
{
	return (size_t)s < NM_STATUSES ? status_labels[s] : "申请开设";
}

int nm_status_parse(const char *s)
{
	for (int i = 0; s && i < NM_STATUSES; i++)
		if (!strcmp(s, status_keys[i]))
			return i;
	return -1;
}

int nm_gap(const struct nm_account *a)
{
	return a->f.gap_days > 0 ? a->f.gap_days : NM_GAP_DEFAULT;
}

zf_day nm_last_update(const struct nm_account *a)
{
	zf_day d = a->reported_update > a->last_post ? a->reported_update : a->last_post;
	return d ? d : a->approved_on;
}

/* 国办秘函〔2019〕19号: an account that published nothing for two weeks is 不更新. */
bool nm_silent(const struct nm_account *a, zf_day today)
{
	if (a->status != NM_OPEN && a->status != NM_CLOSING)
		return false;
	zf_day last = nm_last_update(a);
	return last && today - last > nm_gap(a);
}

bool nm_url_ok(const char *url)
{
	if (!url || !*url)
		return true;
	size_t len = strlen(url);
	if (len > NM_URL_MAX || !utf8_valid(url, len))
		return false;
	const char *host = !strncmp(url, "https://", 8)	 ? url + 8
			   : !strncmp(url, "http://", 7) ? url + 7
							 : NULL;
	if (!host || !*host || *host == '/')
		return false;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == '"' || *p == '\'' || *p == '<' || *p == '>' || *p == '\\' ||
		    *p == '`' || *p == 0x7f)
			return false;
	return true;
}

/* ---------------------------------------------------------------- checks */

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* One line of text: valid UTF-8, no control characters, 1..max characters (0 allowed when
 * !required). */
static bool line_ok(const char *s, size_t max, bool required)
{
	size_t len = strlen(nz(s));
	if (!len)
		return !required;
	if (!utf8_valid(s, len) || utf8_count(s, len) > max)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static int fields_check(const struct nm_account_fields *f, struct buf *err)
{
	if ((size_t)f->platform >= NM_PLATFORMS) {
		buf_setf(err, "请选择平台");
		return ZF_EINVAL;
	}
	if (!line_ok(f->name, NM_NAME_MAX, true)) {
		buf_setf(err, "账号名称不能为空，不超过 %d 字，且不能含有换行或控制字符",
			 NM_NAME_MAX);
		return ZF_EINVAL;
	}
	if (!line_ok(f->handle, NM_NAME_MAX, false)) {
		buf_setf(err, "账号 ID 不超过 %d 字，且不能含有换行或控制字符", NM_NAME_MAX);
		return ZF_EINVAL;
	}
	if (!nm_url_ok(f->url)) {
		buf_setf(err,
			 "账号主页地址应以 https:// 或 http:// 开头，不含空格和引号，且不超过 %d "
			 "个字符",
			 NM_URL_MAX);
		return ZF_EINVAL;
	}
	if (!line_ok(f->sponsor, NM_NAME_MAX, false)) {
		buf_setf(err, "主办单位不超过 %d 字，且不能含有换行或控制字符", NM_NAME_MAX);
		return ZF_EINVAL;
	}
	if (!line_ok(f->operated_by, NM_NAME_MAX, true)) {
		buf_setf(err, "运维单位不能为空，不超过 %d 字，且不能含有换行或控制字符",
			 NM_NAME_MAX);
		return ZF_EINVAL;
	}
	if (!line_ok(f->responsible, NM_NAME_MAX, true)) {
		buf_setf(err, "负责人不能为空，不超过 %d 字，且不能含有换行或控制字符",
			 NM_NAME_MAX);
		return ZF_EINVAL;
	}
	if (f->gap_days < 0 || f->gap_days > NM_GAP_MAX) {
		buf_setf(err, "允许不更新的天数应在 1 至 %d 天之间（留空为 %d 天）", NM_GAP_MAX,
			 NM_GAP_DEFAULT);
		return ZF_EINVAL;
	}
	return 0;
}

/* ---------------------------------------------------------------- reading */

#define ACCOUNT_COLS                                                                               \
	"a.id, a.agency_id, a.platform, a.name, a.handle, a.url, a.sponsor, a.operated_by,"        \
	" a.outsourced, a.responsible, a.gap_days, a.status, a.applied_by, a.applied_on,"          \
	" a.approved_by, a.approved_on, a.filing_no, a.close_reason, a.close_requested_by,"        \
	" a.close_requested_on, a.closed_by, a.closed_on, a.close_filing_no, a.reported_update,"   \
	" g.name,"                                                                                 \
	" (SELECT max(p.published_on) FROM newmedia_posts p WHERE p.account_id = a.id),"           \
	" (SELECT count(*) FROM newmedia_posts p WHERE p.account_id = a.id),"                      \
	" (SELECT count(*) FROM integrity_findings f WHERE f.status = 'open'"                      \
	"   AND f.scope = 'newmedia:' || CAST(a.id AS TEXT)),"                                     \
	" (SELECT count(*) FROM integrity_findings f WHERE f.status = 'open'"                      \
	"   AND f.severity = 'veto' AND f.scope = 'newmedia:' || CAST(a.id AS TEXT))"

#define ACCOUNT_FROM " FROM newmedia_accounts a JOIN agencies g ON g.id = a.agency_id"

static int read_account(struct db_stmt *s, struct arena *a, struct nm_account *o)
{
	memset(o, 0, sizeof(*o));
	o->id = db_col_int(s, 0);
	o->f.agency_id = db_col_int(s, 1);
	int p = nm_platform_parse(db_col_text(s, 2));
	o->f.platform = p < 0 ? NM_OTHER : (enum nm_platform)p;
	o->f.name = db_col_str(s, a, 3);
	o->f.handle = db_col_str(s, a, 4);
	o->f.url = db_col_str(s, a, 5);
	o->f.sponsor = db_col_str(s, a, 6);
	o->f.operated_by = db_col_str(s, a, 7);
	o->f.outsourced = db_col_int(s, 8) != 0;
	o->f.responsible = db_col_str(s, a, 9);
	o->f.gap_days = (int)db_col_int(s, 10);
	int st = nm_status_parse(db_col_text(s, 11));
	o->status = st < 0 ? NM_APPLIED : (enum nm_status)st;
	o->applied_by = db_col_str(s, a, 12);
	o->applied_on = db_col_day(s, 13);
	o->approved_by = db_col_str(s, a, 14);
	o->approved_on = db_col_day(s, 15);
	o->filing_no = db_col_str(s, a, 16);
	o->close_reason = db_col_str(s, a, 17);
	o->close_requested_by = db_col_str(s, a, 18);
	o->close_requested_on = db_col_day(s, 19);
	o->closed_by = db_col_str(s, a, 20);
	o->closed_on = db_col_day(s, 21);
	o->close_filing_no = db_col_str(s, a, 22);
	o->reported_update = db_col_day(s, 23);
	o->agency_name = db_col_str(s, a, 24);
	o->last_post = db_col_day(s, 25);
	o->nposts = db_col_int(s, 26);
	o->findings_open = db_col_int(s, 27);
	o->findings_veto = db_col_int(s, 28);
	if (!o->f.name || !o->f.handle || !o->f.url || !o->f.sponsor || !o->f.operated_by ||
	    !o->f.responsible || !o->applied_by || !o->approved_by || !o->filing_no ||
	    !o->close_reason || !o->close_requested_by || !o->closed_by || !o->close_filing_no ||
	    !o->agency_name)
		return ZF_ENOMEM;
	return 0;
}

int store_nm_get(struct store *st, struct arena *a, long long id, struct nm_account *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT " ACCOUNT_COLS ACCOUNT_FROM " WHERE a.id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = read_account(s, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

static bool in_list(const long long *v, size_t n, long long x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

int store_nm_list(struct store *st, struct arena *a, const struct nm_filter *f,
		  struct nm_account **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT " ACCOUNT_COLS ACCOUNT_FROM
			    " WHERE (?1 = 0 OR a.agency_id = ?1) AND (?2 = '' OR a.platform = ?2)"
			    " AND (?3 = '' OR a.status = ?3)"
			    " AND (?4 = 0 OR a.status IN ('open', 'closing'))"
			    " ORDER BY a.agency_id, a.platform, a.name, a.id",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, f->agency_id);
	db_bind_text(
	    s, 2, f->platform >= 0 && f->platform < NM_PLATFORMS ? platform_keys[f->platform] : "");
	db_bind_text(s, 3, f->status >= 0 && f->status < NM_STATUSES ? status_keys[f->status] : "");
	db_bind_int(s, 4, f->status == NM_STATUSES);
	zf_day today = f->today ? f->today : date_today();
	size_t limit = f->limit && f->limit < 10000 ? f->limit : 10000;
	struct nm_account *v = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW && len < limit) {
		struct nm_account acc;
		if ((rc = read_account(s, a, &acc)))
			break;
		if (f->within && !in_list(f->within, f->nwithin, acc.f.agency_id))
			continue;
		if (f->silent && !nm_silent(&acc, today))
			continue;
		v = arena_grow(a, v, len, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		v[len++] = acc;
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	*out = v;
	*n = len;
	return 0;
}

int store_nm_events(struct store *st, struct arena *a, long long id, struct nm_event **out,
		    size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT at, actor, action, detail FROM newmedia_events"
			    " WHERE account_id = ? ORDER BY id",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	struct nm_event *v = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(a, v, len, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		struct nm_event *e = &v[len++];
		e->at = db_col_str(s, a, 0);
		e->actor = db_col_str(s, a, 1);
		e->action = db_col_str(s, a, 2);
		e->detail = db_col_str(s, a, 3);
		if (!e->at || !e->actor || !e->action || !e->detail) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	*out = v;
	*n = len;
	return 0;
}

int store_newmedia_counts(struct store *st, long long agency_id, zf_day today,
			  struct newmedia_counts *out)
{
	memset(out, 0, sizeof(*out));
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct nm_account *v;
	size_t n;
	struct nm_filter f = {
	    .agency_id = agency_id, .platform = -1, .status = NM_STATUSES, .today = today};
	int rc = agency_id > 0 ? store_nm_list(st, a, &f, &v, &n) : 0;
	if (!rc && agency_id > 0) {
		for (size_t i = 0; i < n; i++) {
			out->accounts++;
			out->silent += nm_silent(&v[i], today);
			out->findings_open += v[i].findings_open;
			out->findings_veto += v[i].findings_veto;
		}
	}
	arena_free(a);
	return rc;
}

/* ---------------------------------------------------------------- writing */

/* Appends a line to the account's history and one to the audit log. */
static int record(struct store *st, const char *actor, long long id, const char *action,
		  const char *detail)
{
	char now[21];
	db_now(now);
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "INSERT INTO newmedia_events (account_id, at, actor, action, detail)"
			    " VALUES (?, ?, ?, ?, ?)",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, now);
	db_bind_text(s, 3, actor);
	db_bind_text(s, 4, action);
	db_bind_text(s, 5, nz(detail));
	rc = db_run(s);
	if (rc)
		return rc;
	char object[40], verb[40];
	snprintf(object, sizeof(object), "newmedia:%lld", id);
	snprintf(verb, sizeof(verb), "newmedia.%s", action);
	return store_audit(st, actor, verb, object, detail);
}

/* The account's status and agency: 0 or ZF_ENOENT (err set). */
static int account_state(struct store *st, long long id, enum nm_status *status,
			 zf_day *approved_on, struct buf *err)
{
	struct db_stmt *s;
	int rc =
	    db_prepare(st, "SELECT status, approved_on FROM newmedia_accounts WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		int k = nm_status_parse(db_col_text(s, 0));
		*status = k < 0 ? NM_APPLIED : (enum nm_status)k;
		if (approved_on)
			*approved_on = db_col_day(s, 1);
		rc = 0;
	} else if (rc == DB_DONE) {
		buf_setf(err, "没有编号为 %lld 的新媒体账号", id);
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

static int refuse_state(enum nm_status now, const char *want, struct buf *err)
{
	buf_setf(err, "账号当前状态为“%s”，不能%s", nm_status_label(now), want);
	return ZF_ESTATE;
}

/* Another live account of the same agency, platform and name? */
static int duplicate(struct store *st, const struct nm_account_fields *f, long long except,
		     bool *dup)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT count(*) FROM newmedia_accounts WHERE agency_id = ? AND"
			    " platform = ? AND name = ? AND id <> ? AND status IN ('applied',"
			    " 'open', 'closing')",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, f->agency_id);
	db_bind_text(s, 2, platform_keys[f->platform]);
	db_bind_text(s, 3, f->name);
	db_bind_int(s, 4, except);
	rc = db_step(s);
	*dup = rc == DB_ROW && db_col_int(s, 0) > 0;
	db_finish(s);
	return rc < 0 ? rc : 0;
}

static int agency_exists(struct store *st, long long id, bool *yes)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT count(*) FROM agencies WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	*yes = rc == DB_ROW && db_col_int(s, 0) > 0;
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_nm_register(struct store *st, const char *actor, const struct nm_account_fields *f,
		      long long *id, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = fields_check(f, err);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	bool yes = false;
	rc = agency_exists(st, f->agency_id, &yes);
	if (!rc && !yes) {
		buf_setf(err, "没有编号为 %lld 的机关", f->agency_id);
		rc = ZF_ENOENT;
	}
	if (!rc)
		rc = duplicate(st, f, 0, &yes);
	if (!rc && yes) {
		buf_setf(err, "本机关已登记%s账号“%s”", platform_labels[f->platform], f->name);
		rc = ZF_EINVAL;
	}
	long long got = 0;
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO newmedia_accounts (agency_id, platform, name, handle,"
				" url, sponsor, operated_by, outsourced, responsible, gap_days,"
				" status, applied_by, applied_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
				" ?, ?, 'applied', ?, ?) RETURNING id",
				&s);
	if (!rc) {
		db_bind_int(s, 1, f->agency_id);
		db_bind_text(s, 2, platform_keys[f->platform]);
		db_bind_text(s, 3, f->name);
		db_bind_text(s, 4, nz(f->handle));
		db_bind_text(s, 5, nz(f->url));
		db_bind_text(s, 6, nz(f->sponsor));
		db_bind_text(s, 7, f->operated_by);
		db_bind_int(s, 8, f->outsourced);
		db_bind_text(s, 9, f->responsible);
		db_bind_int(s, 10, f->gap_days ? f->gap_days : NM_GAP_DEFAULT);
		db_bind_text(s, 11, actor);
		db_bind_day(s, 12, date_today());
		rc = db_run_id(s, &got);
	}
	if (!rc) {
		char detail[400];
		snprintf(detail, sizeof(detail), "%s %s", platform_labels[f->platform], f->name);
		rc = record(st, actor, got, "register", detail);
	}
	if (rc == ZF_EINVAL && err && !err->len)
		buf_setf(err, "账号信息不符合要求");
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = got;
	return rc;
}

int store_nm_edit(struct store *st, const char *actor, long long id,
		  const struct nm_account_fields *f, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = fields_check(f, err);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	long long agency = 0;
	enum nm_status now = NM_APPLIED;
	rc = db_prepare(st, "SELECT agency_id, status FROM newmedia_accounts WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, id);
		rc = db_step(s);
		agency = rc == DB_ROW ? db_col_int(s, 0) : 0;
		if (rc == DB_ROW && nm_status_parse(db_col_text(s, 1)) >= 0)
			now = (enum nm_status)nm_status_parse(db_col_text(s, 1));
		db_finish(s);
		if (rc == DB_DONE) {
			buf_setf(err, "没有编号为 %lld 的新媒体账号", id);
			rc = ZF_ENOENT;
		} else if (rc == DB_ROW) {
			rc = 0;
		}
	}
	if (!rc && (now == NM_CLOSED || now == NM_REFUSED))
		rc = refuse_state(now, "修改（记录保留备查）", err);
	struct nm_account_fields g = *f;
	g.agency_id = agency;
	bool dup = false;
	if (!rc)
		rc = duplicate(st, &g, id, &dup);
	if (!rc && dup) {
		buf_setf(err, "本机关已登记%s账号“%s”", platform_labels[f->platform], f->name);
		rc = ZF_EINVAL;
	}
	if (!rc)
		rc = db_prepare(st,
				"UPDATE newmedia_accounts SET platform = ?, name = ?, handle = ?,"
				" url = ?, sponsor = ?, operated_by = ?, outsourced = ?,"
				" responsible = ?, gap_days = ?, updated_at = ? WHERE id = ?",
				&s);
	if (!rc) {
		char stamp[21];
		db_now(stamp);
		db_bind_text(s, 1, platform_keys[f->platform]);
		db_bind_text(s, 2, f->name);
		db_bind_text(s, 3, nz(f->handle));
		db_bind_text(s, 4, nz(f->url));
		db_bind_text(s, 5, nz(f->sponsor));
		db_bind_text(s, 6, f->operated_by);
		db_bind_int(s, 7, f->outsourced);
		db_bind_text(s, 8, f->responsible);
		db_bind_int(s, 9, f->gap_days ? f->gap_days : NM_GAP_DEFAULT);
		db_bind_text(s, 10, stamp);
		db_bind_int(s, 11, id);
		rc = db_run(s);
	}
	if (!rc) {
		char detail[600];
		snprintf(detail, sizeof(detail), "%s %s；运维：%s%s；负责人：%s；允许 %d 天不更新",
			 platform_labels[f->platform], f->name, f->operated_by,
			 f->outsourced ? "（委托第三方）" : "（自行运维）", f->responsible,
			 f->gap_days ? f->gap_days : NM_GAP_DEFAULT);
		rc = record(st, actor, id, "edit", detail);
	}
	return store_write_end(st, rc);
}

/* Checks an approval's day and 备案 number. */
static int approval_check(zf_day day, const char *filing_no, struct buf *err)
{
	if (!day) {
		buf_setf(err, "请填写批准日期");
		return ZF_EINVAL;
	}
	if (day > date_today()) {
		buf_setf(err, "批准日期不能晚于今天");
		return ZF_EINVAL;
	}
	if (!line_ok(filing_no, NM_FILING_MAX, true)) {
		buf_setf(err, "请填写备案编号（不超过 %d 字，不能含有换行或控制字符）",
			 NM_FILING_MAX);
		return ZF_EINVAL;
	}
	return 0;
}

static bool reason_ok(const char *s)
{
	size_t len = strlen(nz(s));
	if (!len || !utf8_valid(s, len) || utf8_count(s, len) > NM_REASON_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f)
			return false;
	return true;
}

/* Runs one UPDATE of the account with (day, text) bound as ?1 and ?2, the actor as ?3 and
 * the id as ?4. */
static int update_account(struct store *st, const char *sql, zf_day day, const char *text,
			  const char *actor, long long id)
{
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	db_bind_day(s, 1, day);
	db_bind_text(s, 2, nz(text));
	db_bind_text(s, 3, actor);
	db_bind_int(s, 4, id);
	db_bind_text(s, 5, now);
	return db_run(s);
}

int store_nm_approve_open(struct store *st, const char *actor, long long id, zf_day day,
			  const char *filing_no, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = approval_check(day, filing_no, err);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	enum nm_status now;
	rc = account_state(st, id, &now, NULL, err);
	if (!rc && now != NM_APPLIED)
		rc = refuse_state(now, "批准开设", err);
	if (!rc)
		rc = update_account(
		    st,
		    "UPDATE newmedia_accounts SET status = 'open', approved_on = ?1,"
		    " filing_no = ?2, approved_by = ?3, updated_at = ?5 WHERE id = ?4",
		    day, filing_no, actor, id);
	if (!rc) {
		char detail[200], d[11];
		snprintf(detail, sizeof(detail), "批准开设 %s，备案编号 %s", date_format(day, d),
			 filing_no);
		rc = record(st, actor, id, "approve", detail);
	}
	return store_write_end(st, rc);
}

int store_nm_refuse(struct store *st, const char *actor, long long id, const char *reason,
		    struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (!reason_ok(reason)) {
		buf_setf(err, "请填写理由（不超过 %d 字）", NM_REASON_MAX);
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	enum nm_status now;
	rc = account_state(st, id, &now, NULL, err);
	if (!rc && now != NM_APPLIED && now != NM_CLOSING)
		rc = refuse_state(now, "退回", err);
	if (!rc && now == NM_APPLIED)
		rc = update_account(st,
				    "UPDATE newmedia_accounts SET status = 'refused', approved_on ="
				    " ?1, close_reason = ?2, approved_by = ?3, updated_at = ?5"
				    " WHERE id = ?4",
				    date_today(), reason, actor, id);
	else if (!rc)
		rc = update_account(st,
				    "UPDATE newmedia_accounts SET status = 'open',"
				    " close_requested_on = CAST(?1 AS TEXT), close_reason = ?2,"
				    " close_requested_by = ?3, updated_at = ?5 WHERE id = ?4",
				    0, "", "", id);
	if (!rc) {
		char detail[1700];
		snprintf(detail, sizeof(detail), "%s：%s",
			 now == NM_APPLIED ? "不予开设" : "不同意关停", reason);
		rc = record(st, actor, id, "refuse", detail);
	}
	return store_write_end(st, rc);
}

int store_nm_request_close(struct store *st, const char *actor, long long id, const char *reason,
			   struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (!reason_ok(reason)) {
		buf_setf(err, "请填写关停理由（不超过 %d 字）", NM_REASON_MAX);
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	enum nm_status now;
	rc = account_state(st, id, &now, NULL, err);
	if (!rc && now != NM_OPEN)
		rc = refuse_state(now, "申请关停", err);
	if (!rc)
		rc = update_account(st,
				    "UPDATE newmedia_accounts SET status = 'closing',"
				    " close_requested_on = ?1, close_reason = ?2,"
				    " close_requested_by = ?3, updated_at = ?5 WHERE id = ?4",
				    date_today(), reason, actor, id);
	if (!rc) {
		char detail[1700];
		snprintf(detail, sizeof(detail), "申请关停：%s", reason);
		rc = record(st, actor, id, "close-request", detail);
	}
	return store_write_end(st, rc);
}

int store_nm_approve_close(struct store *st, const char *actor, long long id, zf_day day,
			   const char *filing_no, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = approval_check(day, filing_no, err);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	enum nm_status now;
	rc = account_state(st, id, &now, NULL, err);
	if (!rc && now != NM_CLOSING)
		rc = refuse_state(now, "批准关停", err);
	if (!rc)
		rc =
		    update_account(st,
				   "UPDATE newmedia_accounts SET status = 'closed', closed_on = ?1,"
				   " close_filing_no = ?2, closed_by = ?3, updated_at = ?5"
				   " WHERE id = ?4",
				   day, filing_no, actor, id);
	/* the account's content is gone with it: its open findings are closed too */
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"UPDATE integrity_findings SET status = 'closed', closed_at = ?"
				" WHERE scope = ? AND status = 'open'",
				&s);
	if (!rc) {
		char nowt[21], scope[40];
		db_now(nowt);
		snprintf(scope, sizeof(scope), NM_FINDING_SCOPE "%lld", id);
		db_bind_text(s, 1, nowt);
		db_bind_text(s, 2, scope);
		rc = db_run(s);
	}
	if (!rc) {
		char detail[200], d[11];
		snprintf(detail, sizeof(detail), "批准关停 %s，备案编号 %s", date_format(day, d),
			 filing_no);
		rc = record(st, actor, id, "close", detail);
	}
	return store_write_end(st, rc);
}

int store_nm_report_update(struct store *st, const char *actor, long long id, zf_day day,
			   struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (!day) {
		buf_setf(err, "请填写最近更新日期");
		return ZF_EINVAL;
	}
	if (day > date_today()) {
		buf_setf(err, "最近更新日期不能晚于今天");
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	enum nm_status now;
	zf_day approved = 0;
	rc = account_state(st, id, &now, &approved, err);
	if (!rc && now != NM_OPEN && now != NM_CLOSING)
		rc = refuse_state(now, "报送更新日期", err);
	if (!rc && approved && day < approved) {
		buf_setf(err, "最近更新日期不能早于批准开设的日期");
		rc = ZF_EINVAL;
	}
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"UPDATE newmedia_accounts SET reported_update = ?, updated_at = ?"
				" WHERE id = ?",
				&s);
	if (!rc) {
		char stamp[21];
		db_now(stamp);
		db_bind_day(s, 1, day);
		db_bind_text(s, 2, stamp);
		db_bind_int(s, 3, id);
		rc = db_run(s);
	}
	if (!rc) {
		char detail[60], d[11];
		snprintf(detail, sizeof(detail), "报送最近更新日期 %s", date_format(day, d));
		rc = record(st, actor, id, "report", detail);
	}
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- posts */

static int post_check(const struct nm_post_in *p, size_t i, zf_day today, struct buf *err)
{
	if (!line_ok(p->title, NM_TITLE_MAX, true)) {
		buf_setf(err, "第%zu条：标题不能为空，不超过 %d 字，且不能含有换行或控制字符",
			 i + 1, NM_TITLE_MAX);
		return ZF_EINVAL;
	}
	size_t blen = strlen(nz(p->body));
	if (blen > NM_BODY_MAX || !utf8_valid(nz(p->body), blen)) {
		buf_setf(err, "第%zu条：正文超过 %u KB 或不是有效的 UTF-8 文字", i + 1,
			 NM_BODY_MAX >> 10);
		return ZF_EINVAL;
	}
	if (!nm_url_ok(p->url)) {
		buf_setf(err, "第%zu条：链接应以 https:// 或 http:// 开头，不含空格和引号", i + 1);
		return ZF_EINVAL;
	}
	if (!p->published_on) {
		buf_setf(err, "第%zu条：缺少发布时间", i + 1);
		return ZF_EINVAL;
	}
	if (p->published_on > today) {
		buf_setf(err, "第%zu条：发布时间晚于今天", i + 1);
		return ZF_EINVAL;
	}
	if (!line_ok(p->published_at, 20, false)) {
		buf_setf(err, "第%zu条：发布时间格式不对", i + 1);
		return ZF_EINVAL;
	}
	return 0;
}

int store_nm_posts_add(struct store *st, const char *actor, long long account_id,
		       const struct nm_post_in *v, size_t n, const char *source, size_t *added,
		       size_t *dups, struct buf *err)
{
	*added = *dups = 0;
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (n > NM_IMPORT_MAX) {
		buf_setf(err, "一次最多导入 %d 条，这次有 %zu 条", NM_IMPORT_MAX, n);
		return ZF_ETOOBIG;
	}
	zf_day today = date_today();
	for (size_t i = 0; i < n; i++) {
		int rc = post_check(&v[i], i, today, err);
		if (rc)
			return rc;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	enum nm_status now;
	rc = account_state(st, account_id, &now, NULL, err);
	if (!rc && now != NM_OPEN && now != NM_CLOSING)
		rc = refuse_state(now, "导入发布内容", err);
	char stamp[21];
	db_now(stamp);
	struct buf key = BUF_INIT;
	for (size_t i = 0; !rc && i < n; i++) {
		const struct nm_post_in *p = &v[i];
		buf_reset(&key);
		if (p->url && *p->url)
			rc = buf_adds(&key, p->url);
		else {
			char d[11];
			rc = buf_printf(&key, "%s %s\n%s", date_format(p->published_on, d),
					nz(p->published_at), p->title);
		}
		struct db_stmt *s;
		if (!rc)
			rc =
			    db_prepare(st,
				       "INSERT INTO newmedia_posts (account_id, pkey, title, body,"
				       " url, published_on, published_at, imported_by, imported_at)"
				       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
				       " ON CONFLICT (account_id, pkey) DO NOTHING",
				       &s);
		if (rc)
			break;
		db_bind_int(s, 1, account_id);
		db_bind_text(s, 2, buf_cstr(&key));
		db_bind_text(s, 3, p->title);
		db_bind_text(s, 4, nz(p->body));
		db_bind_text(s, 5, nz(p->url));
		db_bind_day(s, 6, p->published_on);
		db_bind_text(s, 7, nz(p->published_at));
		db_bind_text(s, 8, actor);
		db_bind_text(s, 9, stamp);
		rc = db_step(s);
		if (rc == DB_DONE) {
			rc = 0;
			if (db_changes(s))
				++*added;
			else
				++*dups;
		}
		db_finish(s);
	}
	buf_free(&key);
	if (!rc) {
		char detail[700];
		snprintf(detail, sizeof(detail), "导入 %zu 条（新增 %zu 条，重复 %zu 条）：%.500s",
			 n, *added, *dups, nz(source));
		rc = record(st, actor, account_id, "import", detail);
	}
	if (rc == ZF_EINVAL && err && !err->len)
		buf_setf(err, "发布内容不符合要求");
	rc = store_write_end(st, rc);
	if (rc)
		*added = *dups = 0;
	return rc;
}

#define POST_COLS                                                                                  \
	"id, account_id, title, body, url, published_on, published_at, imported_by, imported_at"

static int read_post(struct db_stmt *s, struct arena *a, void *row)
{
	struct nm_post *p = row;
	p->id = db_col_int(s, 0);
	p->account_id = db_col_int(s, 1);
	p->title = db_col_str(s, a, 2);
	p->body = db_col_str(s, a, 3);
	p->url = db_col_str(s, a, 4);
	p->published_on = db_col_day(s, 5);
	p->published_at = db_col_str(s, a, 6);
	p->imported_by = db_col_str(s, a, 7);
	p->imported_at = db_col_str(s, a, 8);
	return p->title && p->body && p->url && p->published_at && p->imported_by && p->imported_at
		   ? 0
		   : ZF_ENOMEM;
}

int store_nm_posts(struct store *st, struct arena *a, long long account_id, size_t limit,
		   size_t offset, struct nm_post **out, size_t *n, long long *total)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT count(*) FROM newmedia_posts WHERE account_id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, account_id);
	rc = db_step(s);
	if (rc == DB_ROW)
		*total = db_col_int(s, 0);
	db_finish(s);
	if (rc < 0)
		return rc;
	rc = db_prepare(st,
			"SELECT " POST_COLS " FROM newmedia_posts WHERE account_id = ?"
			" ORDER BY published_on DESC, published_at DESC, id DESC LIMIT ? OFFSET ?",
			&s);
	if (rc)
		return rc;
	db_bind_int(s, 1, account_id);
	db_bind_int(s, 2, (long long)(limit ? limit : 50));
	db_bind_int(s, 3, (long long)offset);
	void *rows;
	rc = db_read_rows(s, a, sizeof(struct nm_post), read_post, &rows, n);
	*out = rows;
	return rc;
}

int store_nm_post_get(struct store *st, struct arena *a, long long id, struct nm_post *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT " POST_COLS " FROM newmedia_posts WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = read_post(s, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

int store_nm_findings(struct store *st, struct arena *a, long long account_id, size_t limit,
		      struct nm_finding **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	char scope[40];
	snprintf(scope, sizeof(scope), NM_FINDING_SCOPE "%lld", account_id);
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id, rule_id, severity, url, field, snippet, message, fix"
			    " FROM integrity_findings WHERE scope = ? AND status = 'open'"
			    " ORDER BY CASE severity WHEN 'veto' THEN 0 WHEN 'deduct' THEN 1"
			    " ELSE 2 END, id LIMIT ?",
			    &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, scope);
	db_bind_int(s, 2, (long long)(limit ? limit : 200));
	struct nm_finding *v = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(a, v, len, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		struct nm_finding *f = &v[len++];
		f->id = db_col_int(s, 0);
		f->rule_id = db_col_str(s, a, 1);
		f->severity = db_col_str(s, a, 2);
		f->url = db_col_str(s, a, 3);
		f->field = db_col_str(s, a, 4);
		f->snippet = db_col_str(s, a, 5);
		f->message = db_col_str(s, a, 6);
		f->fix = db_col_str(s, a, 7);
		if (!f->rule_id || !f->severity || !f->url || !f->field || !f->snippet ||
		    !f->message || !f->fix) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	*out = v;
	*n = len;
	return 0;
}
