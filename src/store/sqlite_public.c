/* sqlite_public.c: the public site's area of the store on SQLite (see public.h and
 * sqlite_int.h): migration 7, agency guides, published reports, application details,
 * notices to applicants, and the demo's guides and reports. */
#include "common.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "law/check.h"
#include "law/idcheck.h"
#include "law/report_gen.h"
#include "log.h"
#include "public.h"
#include "render/report_json.h"
#include "sqlite_int.h"
#include "utf8.h"

#include <jansson.h>

/* Migration 7. agency_profiles: one 政府信息公开指南 per agency (条例 Art. 12: the guide names
 * the working body, its address, hours, numbers and e-mail). published_reports: the frozen
 * JSON of each published annual report, one per agency and year (a new publication replaces
 * the old; the audit log keeps who did what). application_details: what an online
 * application adds to its request (Art. 29). request_notices: texts for the applicant about
 * single events of a request (e.g. what a supplement must contain). */
const char schema_public[] =
    "CREATE TABLE agency_profiles (\n"
    "  agency_id INTEGER PRIMARY KEY REFERENCES agencies(id) ON DELETE CASCADE,\n"
    "  office TEXT NOT NULL DEFAULT '',\n"
    "  address TEXT NOT NULL DEFAULT '',\n"
    "  postcode TEXT NOT NULL DEFAULT '' CHECK (postcode = '' OR\n"
    "    (length(postcode) = 6 AND postcode NOT GLOB '*[^0-9]*')),\n"
    "  hours TEXT NOT NULL DEFAULT '',\n"
    "  phone TEXT NOT NULL DEFAULT '',\n"
    "  fax TEXT NOT NULL DEFAULT '',\n"
    "  email TEXT NOT NULL DEFAULT '',\n"
    "  website TEXT NOT NULL DEFAULT '',\n"
    "  review_body TEXT NOT NULL DEFAULT '',\n"
    "  guide_extra TEXT NOT NULL DEFAULT '',\n"
    "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
    "  updated_by TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE TABLE published_reports (\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 2008 AND 2199),\n"
    "  report_json TEXT NOT NULL CHECK (json_valid(report_json)),\n"
    "  published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
    "  published_by TEXT NOT NULL,\n"
    "  UNIQUE (agency_id, year)\n"
    ");\n"
    "CREATE INDEX published_reports_year ON published_reports(year, agency_id);\n"
    "CREATE TABLE application_details (\n"
    "  request_id INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE RESTRICT,\n"
    "  id_type TEXT NOT NULL CHECK (id_type IN ('resident_id', 'passport', 'hk_macao',\n"
    "    'taiwan', 'foreign_pr', 'other_person', 'credit_code', 'other_org')),\n"
    "  contact_person TEXT NOT NULL DEFAULT '',\n"
    "  email TEXT NOT NULL DEFAULT '',\n"
    "  postcode TEXT NOT NULL DEFAULT '',\n"
    "  doc_no TEXT NOT NULL DEFAULT '',\n"
    "  purpose TEXT NOT NULL DEFAULT '',\n"
    "  form TEXT NOT NULL CHECK (form IN ('paper', 'electronic', 'other')),\n"
    "  form_other TEXT NOT NULL DEFAULT '',\n"
    "  delivery TEXT NOT NULL CHECK (delivery IN ('post', 'email', 'pickup'))\n"
    ");\n"
    "CREATE TABLE request_notices (\n"
    "  request_id INTEGER NOT NULL,\n"
    "  seq INTEGER NOT NULL,\n"
    "  text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),\n"
    "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
    "  PRIMARY KEY (request_id, seq),\n"
    "  FOREIGN KEY (request_id, seq) REFERENCES request_events(request_id, seq)\n"
    "    ON DELETE CASCADE\n"
    ") WITHOUT ROWID;\n";

#define PROFILE_FIELD_MAX 200
#define PROFILE_EXTRA_MAX 5000
#define REPORT_JSON_MAX	  (4u << 20)
#define DETAIL_MAX	  500
#define NOTICE_MAX	  1000

/* ---------------------------------------------------------------- keys and labels */

static const struct {
	const char *key, *label;
	bool org;
} id_types[APPLICANT_ID_TYPES] = {
    [APPLICANT_ID_RESIDENT] = {"resident_id", "居民身份证", false},
    [APPLICANT_ID_PASSPORT] = {"passport", "护照", false},
    [APPLICANT_ID_HK_MACAO] = {"hk_macao", "港澳居民来往内地通行证", false},
    [APPLICANT_ID_TAIWAN] = {"taiwan", "台湾居民来往大陆通行证", false},
    [APPLICANT_ID_FOREIGN_PR] = {"foreign_pr", "外国人永久居留身份证", false},
    [APPLICANT_ID_OTHER_PERSON] = {"other_person", "其他有效身份证件", false},
    [APPLICANT_ID_CREDIT_CODE] = {"credit_code", "统一社会信用代码", true},
    [APPLICANT_ID_OTHER_ORG] = {"other_org", "其他登记证照", true},
};

static const struct {
	const char *key, *label;
} forms[PROVISION_FORMS] = {
    [PROVISION_PAPER] = {"paper", "纸质文本"},
    [PROVISION_ELECTRONIC] = {"electronic", "电子文档"},
    [PROVISION_OTHER] = {"other", "其他形式"},
};

static const struct {
	const char *key, *label;
} routes[DELIVERY_ROUTES] = {
    [DELIVERY_POST] = {"post", "邮寄"},
    [DELIVERY_EMAIL] = {"email", "电子邮件"},
    [DELIVERY_PICKUP] = {"pickup", "自行领取"},
};

const char *applicant_id_type_key(enum applicant_id_type t)
{
	return (unsigned)t < APPLICANT_ID_TYPES ? id_types[t].key : NULL;
}

const char *applicant_id_type_label(enum applicant_id_type t)
{
	return (unsigned)t < APPLICANT_ID_TYPES ? id_types[t].label : NULL;
}

bool applicant_id_type_is_org(enum applicant_id_type t)
{
	return (unsigned)t < APPLICANT_ID_TYPES && id_types[t].org;
}

const char *provision_form_key(enum provision_form f)
{
	return (unsigned)f < PROVISION_FORMS ? forms[f].key : NULL;
}

const char *provision_form_label(enum provision_form f)
{
	return (unsigned)f < PROVISION_FORMS ? forms[f].label : NULL;
}

const char *provision_delivery_key(enum provision_delivery d)
{
	return (unsigned)d < DELIVERY_ROUTES ? routes[d].key : NULL;
}

const char *provision_delivery_label(enum provision_delivery d)
{
	return (unsigned)d < DELIVERY_ROUTES ? routes[d].label : NULL;
}

int applicant_id_type_by_key(const char *key)
{
	for (int i = 0; key && i < APPLICANT_ID_TYPES; i++)
		if (!strcmp(id_types[i].key, key))
			return i;
	return ZF_ENOENT;
}

int provision_form_by_key(const char *key)
{
	for (int i = 0; key && i < PROVISION_FORMS; i++)
		if (!strcmp(forms[i].key, key))
			return i;
	return ZF_ENOENT;
}

int provision_delivery_by_key(const char *key)
{
	for (int i = 0; key && i < DELIVERY_ROUTES; i++)
		if (!strcmp(routes[i].key, key))
			return i;
	return ZF_ENOENT;
}

/* ---------------------------------------------------------------- helpers */

static sqlite3 *need_sqlite(struct store *st)
{
	sqlite3 *db = sqlite_handle(st);
	if (!db)
		log_error("public area: backend %s not supported", store_backend(st));
	return db;
}

/* Valid UTF-8 of at most max code points, without control characters (newlines and tabs
 * allowed when multiline). NULL counts as "". */
static bool text_ok(const char *s, size_t max, bool multiline)
{
	if (!s)
		return true;
	size_t len = strlen(s);
	if (!utf8_valid(s, len) || utf8_count(s, len) > max)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t') {
			if (!multiline)
				return false;
		} else if (*p < 0x20 || *p == 0x7f) {
			return false;
		}
	}
	return true;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* A text column copied into the arena, "" for NULL; NULL only when out of memory. */
static const char *col_text(sqlite3_stmt *s, struct arena *a, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	return arena_strdup(a, t ? t : "");
}

/* ---------------------------------------------------------------- guides */

#define PROFILE_COLS                                                                               \
	"p.agency_id IS NOT NULL, coalesce(p.office, ''), coalesce(p.address, ''),"                \
	" coalesce(p.postcode, ''), coalesce(p.hours, ''), coalesce(p.phone, ''),"                 \
	" coalesce(p.fax, ''), coalesce(p.email, ''), coalesce(p.website, ''),"                    \
	" coalesce(p.review_body, ''), coalesce(p.guide_extra, ''),"                               \
	" coalesce(p.updated_at, ''), coalesce(p.updated_by, '')"

/* Fills the profile from columns first.. of a PROFILE_COLS row. */
static int read_profile(sqlite3_stmt *s, struct arena *a, int first, struct agency_profile *p)
{
	p->exists = sqlite3_column_int(s, first) != 0;
	const char **fields[] = {&p->office,	  &p->address,	   &p->postcode,   &p->hours,
				 &p->phone,	  &p->fax,	   &p->email,	   &p->website,
				 &p->review_body, &p->guide_extra, &p->updated_at, &p->updated_by};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		*fields[i] = col_text(s, a, first + 1 + (int)i);
		if (!*fields[i])
			return ZF_ENOMEM;
	}
	return 0;
}

int store_agency_profile_get(struct store *st, struct arena *arena, long long agency_id,
			     struct agency_profile *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3 *db = need_sqlite(st);
	if (!db)
		return ZF_EDB;
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db,
				"SELECT a.name, " PROFILE_COLS " FROM agencies a"
				" LEFT JOIN agency_profiles p ON p.agency_id = a.id WHERE a.id = ?",
				&s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, agency_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->agency_id = agency_id;
		out->agency_name = col_text(s, arena, 0);
		rc = out->agency_name ? read_profile(s, arena, 1, out) : ZF_ENOMEM;
	} else {
		rc = rc == SQLITE_DONE ? ZF_ENOENT : sqlite_step_error(db, rc);
	}
	sqlite3_finalize(s);
	return rc;
}

int store_agency_profile_list(struct store *st, struct arena *arena, struct agency_profile **out,
			      size_t *n)
{
	*out = NULL;
	*n = 0;
	struct agency *list;
	size_t nlist;
	int rc = store_agency_list(st, arena, &list, &nlist);
	if (rc || nlist == 0)
		return rc;
	struct agency_profile *ps = arena_alloc(arena, nlist * sizeof(*ps));
	if (!ps)
		return ZF_ENOMEM;
	for (size_t i = 0; i < nlist && !rc; i++)
		rc = store_agency_profile_get(st, arena, list[i].id, &ps[i]);
	if (rc)
		return rc;
	*out = ps;
	*n = nlist;
	return 0;
}

static bool website_ok(const char *s)
{
	if (!s || !*s)
		return true;
	if (strncmp(s, "https://", 8) && strncmp(s, "http://", 7))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			return false;
	return strlen(s) > 10;
}

/* Checks a guide before it is written; 0 or ZF_EINVAL with the reason. */
static int profile_check(const struct agency_profile *p, struct buf *err)
{
	static const struct {
		size_t off;
		const char *label;
	} fields[] = {
	    {offsetof(struct agency_profile, office), "工作机构"},
	    {offsetof(struct agency_profile, address), "办公地址"},
	    {offsetof(struct agency_profile, hours), "办公时间"},
	    {offsetof(struct agency_profile, phone), "咨询电话"},
	    {offsetof(struct agency_profile, fax), "传真"},
	    {offsetof(struct agency_profile, review_body), "行政复议机关"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		const char *v = *(const char *const *)((const char *)p + fields[i].off);
		if (!text_ok(v, PROFILE_FIELD_MAX, false)) {
			buf_setf(err, "“%s”不能超过 %d 字，且不能含有换行或控制字符",
				 fields[i].label, PROFILE_FIELD_MAX);
			return ZF_EINVAL;
		}
	}
	if (!text_ok(p->guide_extra, PROFILE_EXTRA_MAX, true)) {
		buf_setf(err, "“其他说明”不能超过 %d 字", PROFILE_EXTRA_MAX);
		return ZF_EINVAL;
	}
	if (p->postcode && *p->postcode && !idcheck_postcode(p->postcode)) {
		buf_setf(err, "邮政编码应为 6 位数字");
		return ZF_EINVAL;
	}
	if (p->email && *p->email && !idcheck_email(p->email)) {
		buf_setf(err, "电子邮箱格式不正确（如 gongkai@example.gov.cn）");
		return ZF_EINVAL;
	}
	if (!website_ok(p->website) || !text_ok(p->website, PROFILE_FIELD_MAX, false)) {
		buf_setf(err, "网站地址应以 https:// 或 http:// 开头，且不含空格");
		return ZF_EINVAL;
	}
	return 0;
}

int store_agency_profile_set(struct store *st, const char *actor, const struct agency_profile *p,
			     struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = profile_check(p, err);
	if (rc)
		return rc;
	sqlite3 *db = need_sqlite(st);
	if (!db)
		return ZF_EDB;
	bool exists = false;
	rc = store_agency_exists(st, p->agency_id, &exists);
	if (!rc && !exists) {
		buf_setf(err, "没有编号为 %lld 的机关", p->agency_id);
		return ZF_ENOENT;
	}
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	sqlite3_stmt *s;
	rc = sqlite_prepare(
	    db,
	    "INSERT INTO agency_profiles (agency_id, office, address, postcode, hours, phone, fax,"
	    " email, website, review_body, guide_extra, updated_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (agency_id) DO UPDATE SET office = excluded.office,"
	    " address = excluded.address, postcode = excluded.postcode, hours = excluded.hours,"
	    " phone = excluded.phone, fax = excluded.fax, email = excluded.email,"
	    " website = excluded.website, review_body = excluded.review_body,"
	    " guide_extra = excluded.guide_extra, updated_by = excluded.updated_by,"
	    " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
	    &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, p->agency_id);
		const char *v[] = {p->office,	   p->address,	   p->postcode, p->hours,
				   p->phone,	   p->fax,	   p->email,	p->website,
				   p->review_body, p->guide_extra, actor};
		for (size_t i = 0; i < ARRAY_SIZE(v); i++)
			sqlite_bind_text(s, 2 + (int)i, nz(v[i]));
		rc = sqlite_step_done(db, s);
	}
	if (!rc) {
		char object[40];
		snprintf(object, sizeof(object), "agency:%lld", p->agency_id);
		rc = store_audit(st, actor, "agency.profile", object, "政府信息公开指南");
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存指南：%s", zf_strerror(rc));
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- published reports */

/* Checks a report's JSON before publication. */
static int report_text_check(const char *text, int year, struct buf *err)
{
	size_t len = text ? strlen(text) : 0;
	if (len == 0 || len > REPORT_JSON_MAX || !utf8_valid(text, len)) {
		buf_setf(err, "报告内容为空、过大（不超过 4 MiB）或不是 UTF-8 文本");
		return ZF_EINVAL;
	}
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	int rc = 0;
	if (!root || !json_is_object(root)) {
		buf_setf(err, "报告不是有效的 JSON 对象");
		rc = ZF_EINVAL;
	} else {
		const char *schema = json_string_value(json_object_get(root, "schema"));
		json_t *y = json_object_get(root, "year");
		if (!schema || strcmp(schema, REPORT_JSON_SCHEMA) != 0) {
			buf_setf(err, "报告的 schema 应为 %s", REPORT_JSON_SCHEMA);
			rc = ZF_EINVAL;
		} else if (y && !json_is_null(y) &&
			   (!json_is_integer(y) || json_integer_value(y) != year)) {
			buf_setf(err, "报告中的年度与发布的年度（%d）不一致", year);
			rc = ZF_EINVAL;
		}
	}
	json_decref(root);
	return rc;
}

int store_report_publish(struct store *st, const char *actor, long long agency_id, int year,
			 const char *json_text, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (year < 2008 || year > 2199) {
		buf_setf(err, "年度 %d 不在 2008 至 2199 之间", year);
		return ZF_EINVAL;
	}
	int rc = report_text_check(json_text, year, err);
	if (rc)
		return rc;
	sqlite3 *db = need_sqlite(st);
	if (!db)
		return ZF_EDB;
	bool exists = false;
	rc = store_agency_exists(st, agency_id, &exists);
	if (rc)
		return rc;
	if (!exists) {
		buf_setf(err, "没有编号为 %lld 的机关", agency_id);
		return ZF_ENOENT;
	}
	rc = store_write_begin(st);
	if (rc)
		return rc;
	long long before = 0;
	sqlite3_stmt *s;
	rc = sqlite_prepare(
	    db, "SELECT count(*) FROM published_reports WHERE agency_id = ? AND year = ?", &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, agency_id);
		sqlite3_bind_int(s, 2, year);
		if (sqlite3_step(s) == SQLITE_ROW)
			before = sqlite3_column_int64(s, 0);
		else
			rc = ZF_EDB;
		sqlite3_finalize(s);
	}
	if (!rc)
		rc = sqlite_prepare(
		    db,
		    "INSERT INTO published_reports (agency_id, year, report_json, published_by)"
		    " VALUES (?, ?, ?, ?) ON CONFLICT (agency_id, year) DO UPDATE SET"
		    " report_json = excluded.report_json, published_by = excluded.published_by,"
		    " published_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
		    &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, agency_id);
		sqlite3_bind_int(s, 2, year);
		sqlite3_bind_text(s, 3, json_text, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, actor, -1, SQLITE_STATIC);
		rc = sqlite_step_done(db, s);
	}
	if (!rc) {
		char object[40], detail[40];
		snprintf(object, sizeof(object), "agency:%lld", agency_id);
		snprintf(detail, sizeof(detail), "year=%d bytes=%zu", year, strlen(json_text));
		rc = store_audit(st, actor, before ? "report.republish" : "report.publish", object,
				 detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法发布报告：%s", zf_strerror(rc));
	return store_write_end(st, rc);
}

int store_report_unpublish(struct store *st, const char *actor, long long agency_id, int year)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	sqlite3 *db = need_sqlite(st);
	if (!db)
		return ZF_EDB;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	sqlite3_stmt *s;
	rc = sqlite_prepare(db, "DELETE FROM published_reports WHERE agency_id = ? AND year = ?",
			    &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, agency_id);
		sqlite3_bind_int(s, 2, year);
		rc = sqlite_step_done(db, s);
	}
	if (!rc && sqlite3_changes(db) == 0)
		rc = ZF_ENOENT;
	if (!rc) {
		char object[40], detail[24];
		snprintf(object, sizeof(object), "agency:%lld", agency_id);
		snprintf(detail, sizeof(detail), "year=%d", year);
		rc = store_audit(st, actor, "report.unpublish", object, detail);
	}
	return store_write_end(st, rc);
}

static int read_published(sqlite3_stmt *s, struct arena *a, struct published_report *r,
			  bool with_json)
{
	r->agency_id = sqlite3_column_int64(s, 0);
	r->agency_name = col_text(s, a, 1);
	r->year = sqlite3_column_int(s, 2);
	r->published_at = col_text(s, a, 3);
	r->published_by = col_text(s, a, 4);
	if (!r->agency_name || !r->published_at || !r->published_by)
		return ZF_ENOMEM;
	if (with_json) {
		const char *t = (const char *)sqlite3_column_text(s, 5);
		r->report_json_len = (size_t)sqlite3_column_bytes(s, 5);
		r->report_json = arena_strndup(a, t ? t : "", t ? r->report_json_len : 0);
		if (!r->report_json)
			return ZF_ENOMEM;
	}
	return 0;
}

int store_report_published_list(struct store *st, struct arena *arena, long long agency_id,
				size_t limit, struct published_report **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3 *db = need_sqlite(st);
	if (!db)
		return ZF_EDB;
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db,
				"SELECT r.agency_id, a.name, r.year, r.published_at, r.published_by"
				" FROM published_reports r JOIN agencies a ON a.id = r.agency_id"
				" WHERE (?1 = 0 OR r.agency_id = ?1)"
				" ORDER BY r.year DESC, r.agency_id LIMIT ?2",
				&s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, agency_id);
	sqlite3_bind_int64(s, 2, limit ? (long long)limit : -1);
	struct published_report *list = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		list = arena_grow(arena, list, len, &alloc, sizeof(*list));
		if (!list) {
			sqlite3_finalize(s);
			return ZF_ENOMEM;
		}
		memset(&list[len], 0, sizeof(list[len]));
		if (read_published(s, arena, &list[len], false)) {
			sqlite3_finalize(s);
			return ZF_ENOMEM;
		}
		len++;
	}
	int ret = rc == SQLITE_DONE ? 0 : sqlite_step_error(db, rc);
	sqlite3_finalize(s);
	if (!ret) {
		*out = list;
		*n = len;
	}
	return ret;
}

int store_report_published_get(struct store *st, struct arena *arena, long long agency_id, int year,
			       struct published_report *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3 *db = need_sqlite(st);
	if (!db)
		return ZF_EDB;
	sqlite3_stmt *s;
	int rc =
	    sqlite_prepare(db,
			   "SELECT r.agency_id, a.name, r.year, r.published_at, r.published_by,"
			   " r.report_json FROM published_reports r"
			   " JOIN agencies a ON a.id = r.agency_id"
			   " WHERE r.agency_id = ? AND r.year = ?",
			   &s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, agency_id);
	sqlite3_bind_int(s, 2, year);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = read_published(s, arena, out, true);
	else
		rc = rc == SQLITE_DONE ? ZF_ENOENT : sqlite_step_error(db, rc);
	sqlite3_finalize(s);
	return rc;
}

/* ---------------------------------------------------------------- applications */

static int details_check(const struct application_details *d, struct buf *err)
{
	if ((unsigned)d->id_type >= APPLICANT_ID_TYPES || (unsigned)d->form >= PROVISION_FORMS ||
	    (unsigned)d->delivery >= DELIVERY_ROUTES) {
		buf_setf(err, "身份证件类型、信息载体形式或获取途径不正确");
		return ZF_EINVAL;
	}
	const char *v[] = {d->contact_person, d->doc_no, d->form_other};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		if (!text_ok(v[i], 100, false)) {
			buf_setf(err, "联系人、文号或其他形式的说明不能超过 100 字");
			return ZF_EINVAL;
		}
	if (!text_ok(d->purpose, DETAIL_MAX, true)) {
		buf_setf(err, "用途说明不能超过 %d 字", DETAIL_MAX);
		return ZF_EINVAL;
	}
	if (d->email && *d->email && !idcheck_email(d->email)) {
		buf_setf(err, "电子邮箱格式不正确");
		return ZF_EINVAL;
	}
	if (d->postcode && *d->postcode && !idcheck_postcode(d->postcode)) {
		buf_setf(err, "邮政编码应为 6 位数字");
		return ZF_EINVAL;
	}
	return 0;
}

int store_application_add(struct store *st, const char *actor, const struct calendar *cal,
			  const struct request_new *rq, const struct application_details *d,
			  const struct clock_event *ev, size_t n, long long *id, struct buf *err)
{
	int rc = details_check(d, err);
	if (rc)
		return rc;
	sqlite3 *db = need_sqlite(st);
	if (!db)
		return ZF_EDB;
	long long rid = 0;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = store_request_add(st, actor, cal, rq, ev, n, &rid, err);
	sqlite3_stmt *s = NULL;
	if (!rc)
		rc = sqlite_prepare(db,
				    "INSERT INTO application_details (request_id, id_type,"
				    " contact_person, email, postcode, doc_no, purpose, form,"
				    " form_other, delivery) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				    &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, rid);
		sqlite_bind_text(s, 2, applicant_id_type_key(d->id_type));
		sqlite_bind_text(s, 3, nz(d->contact_person));
		sqlite_bind_text(s, 4, nz(d->email));
		sqlite_bind_text(s, 5, nz(d->postcode));
		sqlite_bind_text(s, 6, nz(d->doc_no));
		sqlite_bind_text(s, 7, nz(d->purpose));
		sqlite_bind_text(s, 8, provision_form_key(d->form));
		sqlite_bind_text(s, 9, nz(d->form_other));
		sqlite_bind_text(s, 10, provision_delivery_key(d->delivery));
		rc = sqlite_step_done(db, s);
		if (rc && err && !err->len)
			buf_setf(err, "无法保存申请的详细信息：%s", zf_strerror(rc));
	}
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = rid;
	return rc;
}

int store_application_get(struct store *st, struct arena *arena, long long request_id,
			  struct application_details *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3 *db = need_sqlite(st);
	if (!db)
		return ZF_EDB;
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db,
				"SELECT id_type, contact_person, email, postcode, doc_no, purpose,"
				" form, form_other, delivery FROM application_details"
				" WHERE request_id = ?",
				&s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, request_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		int t = applicant_id_type_by_key((const char *)sqlite3_column_text(s, 0));
		int f = provision_form_by_key((const char *)sqlite3_column_text(s, 6));
		int r = provision_delivery_by_key((const char *)sqlite3_column_text(s, 8));
		out->id_type = t < 0 ? APPLICANT_ID_OTHER_PERSON : (enum applicant_id_type)t;
		out->form = f < 0 ? PROVISION_OTHER : (enum provision_form)f;
		out->delivery = r < 0 ? DELIVERY_PICKUP : (enum provision_delivery)r;
		out->contact_person = col_text(s, arena, 1);
		out->email = col_text(s, arena, 2);
		out->postcode = col_text(s, arena, 3);
		out->doc_no = col_text(s, arena, 4);
		out->purpose = col_text(s, arena, 5);
		out->form_other = col_text(s, arena, 7);
		rc = out->contact_person && out->email && out->postcode && out->doc_no &&
			     out->purpose && out->form_other
			 ? 0
			 : ZF_ENOMEM;
	} else {
		rc = rc == SQLITE_DONE ? ZF_ENOENT : sqlite_step_error(db, rc);
	}
	sqlite3_finalize(s);
	return rc;
}

/* ---------------------------------------------------------------- notices */

int store_request_notice_set(struct store *st, const char *actor, long long request_id, int seq,
			     const char *text, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (!text_ok(text, NOTICE_MAX, true)) {
		buf_setf(err, "告知内容不能超过 %d 字，且不能含有控制字符", NOTICE_MAX);
		return ZF_EINVAL;
	}
	sqlite3 *db = need_sqlite(st);
	if (!db)
		return ZF_EDB;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	sqlite3_stmt *s;
	long long exists = 0;
	rc = sqlite_prepare(
	    db, "SELECT count(*) FROM request_events WHERE request_id = ? AND seq = ?", &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, request_id);
		sqlite3_bind_int(s, 2, seq);
		if (sqlite3_step(s) == SQLITE_ROW)
			exists = sqlite3_column_int64(s, 0);
		else
			rc = ZF_EDB;
		sqlite3_finalize(s);
	}
	if (!rc && !exists) {
		buf_setf(err, "申请 %lld 没有第 %d 个事件", request_id, seq);
		rc = ZF_ENOENT;
	}
	bool remove = !text || !*text;
	if (!rc)
		rc = sqlite_prepare(db,
				    remove ? "DELETE FROM request_notices WHERE request_id = ?"
					     " AND seq = ?"
					   : "INSERT INTO request_notices (request_id, seq, text)"
					     " VALUES (?, ?, ?) ON CONFLICT (request_id, seq) DO"
					     " UPDATE SET text = excluded.text, updated_at ="
					     " strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
				    &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, request_id);
		sqlite3_bind_int(s, 2, seq);
		if (!remove)
			sqlite3_bind_text(s, 3, text, -1, SQLITE_STATIC);
		rc = sqlite_step_done(db, s);
	}
	if (!rc) {
		char object[40], detail[32];
		snprintf(object, sizeof(object), "request:%lld", request_id);
		snprintf(detail, sizeof(detail), "seq=%d%s", seq, remove ? " removed" : "");
		rc = store_audit(st, actor, "request.notice", object, detail);
	}
	return store_write_end(st, rc);
}

int store_request_notices(struct store *st, struct arena *arena, long long request_id,
			  size_t nevents, const char ***texts)
{
	*texts = NULL;
	sqlite3 *db = need_sqlite(st);
	if (!db)
		return ZF_EDB;
	const char **t = arena_alloc(arena, (nevents ? nevents : 1) * sizeof(*t));
	if (!t)
		return ZF_ENOMEM;
	sqlite3_stmt *s;
	int rc =
	    sqlite_prepare(db, "SELECT seq, text FROM request_notices WHERE request_id = ?", &s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, request_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int seq = sqlite3_column_int(s, 0);
		if (seq >= 1 && (size_t)seq <= nevents) {
			t[seq - 1] = col_text(s, arena, 1);
			if (!t[seq - 1]) {
				sqlite3_finalize(s);
				return ZF_ENOMEM;
			}
		}
	}
	int ret = rc == SQLITE_DONE ? 0 : sqlite_step_error(db, rc);
	sqlite3_finalize(s);
	if (!ret)
		*texts = t;
	return ret;
}

/* ---------------------------------------------------------------- demo */

/* The demo agencies' guides: fictional places and numbers (area code 012 and postcodes
 * 009xxx are not in use; the domains end in the reserved .example). */
static const struct demo_guide {
	const char *agency;
	struct agency_profile p;
} demo_guides[] = {
    {"示例区人民政府",
     {.office = "示例区人民政府办公室（区政务公开办公室）",
      .address = "示例市示例区人民大道 100 号区政务服务中心三楼 301 室",
      .postcode = "009001",
      .hours = "工作日上午 9:00—12:00，下午 13:30—17:30（法定节假日除外）",
      .phone = "012-8888 6001",
      .fax = "012-8888 6002",
      .email = "zwgk@shiliqu.gov.example",
      .website = "https://www.shiliqu.gov.example",
      .review_body = "示例市人民政府",
      .guide_extra = "申请人到现场提交申请的，请携带本人有效身份证件原件；代为提交的，"
		     "还应携带授权委托书和代理人身份证件。\n"
		     "申请人因视力、听力、阅读等障碍或者书面申请确有困难的，可以口头提出，"
		     "由工作人员代为填写申请，申请人签字确认。"}},
    {"示例区人民政府办公室",
     {.office = "示例区人民政府办公室综合科",
      .address = "示例市示例区人民大道 100 号区行政中心二楼 206 室",
      .postcode = "009001",
      .hours = "工作日上午 9:00—12:00，下午 13:30—17:30（法定节假日除外）",
      .phone = "012-8888 6010",
      .fax = "012-8888 6011",
      .email = "bgs@shiliqu.gov.example",
      .website = "https://www.shiliqu.gov.example/bgs",
      .review_body = "示例区人民政府",
      .guide_extra = ""}},
    {"示例区住房和城乡建设局",
     {.office = "示例区住房和城乡建设局办公室",
      .address = "示例市示例区建设路 18 号住建大楼一楼服务窗口",
      .postcode = "009003",
      .hours = "工作日上午 8:30—12:00，下午 14:00—17:30（法定节假日除外）",
      .phone = "012-8766 3100",
      .fax = "012-8766 3101",
      .email = "zjj@shiliqu.gov.example",
      .website = "https://zjj.shiliqu.gov.example",
      .review_body = "示例区人民政府",
      .guide_extra = "涉及房屋征收、建设工程规划许可等事项的申请，请尽量写明项目名称、"
		     "坐落位置或文件文号，便于我们准确检索。"}},
};

/* Generates agency's report of year from the stored requests and publishes it. */
static int publish_generated(struct store *st, long long agency, const char *name, int year)
{
	long long *ids = NULL;
	size_t nids = 0;
	struct report_gen_request *req = NULL;
	struct report_gen_review *rev = NULL;
	size_t nreq = 0, nrev = 0;
	struct report *r = NULL;
	struct buf json = BUF_INIT, err = BUF_INIT;
	int rc = store_agency_subtree(st, agency, false, &ids, &nids);
	if (!rc)
		rc = store_report_cases(st, ids, nids, year, &req, &nreq, &rev, &nrev);
	if (!rc) {
		r = report_new();
		rc = r ? report_gen(r, year, req, nreq, rev, nrev) : ZF_ENOMEM;
	}
	if (!rc)
		rc = report_set_agency(r, name, strlen(name));
	if (!rc && check_report(r, NULL) < 0)
		rc = ZF_ENOMEM;
	if (!rc)
		rc = report_json_write(r, &json, REPORT_JSON_NO_FINDINGS);
	if (!rc)
		rc = store_report_publish(st, "system", agency, year, buf_cstr(&json), &err);
	if (rc && err.len)
		log_error("demo report agency=%lld year=%d: %s", agency, year, buf_cstr(&err));
	buf_free(&json);
	buf_free(&err);
	report_free(r);
	free(req);
	free(rev);
	free(ids);
	return rc;
}

int store_seed_demo_public(struct store *st, bool *seeded)
{
	bool dummy;
	if (!seeded)
		seeded = &dummy;
	*seeded = false;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct agency *list = NULL;
	size_t n = 0;
	int year = date_to_ymd(date_today()).y - 1;
	int rc = store_agency_list(st, a, &list, &n);
	struct buf err = BUF_INIT;
	bool wrote = false;
	if (!rc)
		rc = store_write_begin(st);
	else
		goto out;
	for (size_t i = 0; i < n && !rc; i++) {
		struct agency_profile have;
		rc = store_agency_profile_get(st, a, list[i].id, &have);
		for (size_t k = 0; !rc && !have.exists && k < ARRAY_SIZE(demo_guides); k++) {
			if (strcmp(demo_guides[k].agency, list[i].name) != 0)
				continue;
			struct agency_profile p = demo_guides[k].p;
			p.agency_id = list[i].id;
			rc = store_agency_profile_set(st, "system", &p, &err);
			wrote = true;
		}
		struct published_report pr;
		int got = rc ? rc : store_report_published_get(st, a, list[i].id, year, &pr);
		if (got == ZF_ENOENT) {
			rc = publish_generated(st, list[i].id, list[i].name, year);
			wrote = true;
		} else {
			rc = got;
		}
	}
	if (rc && err.len)
		log_error("demo guides: %s", buf_cstr(&err));
	rc = store_write_end(st, rc);
	if (!rc)
		*seeded = wrote;
out:
	buf_free(&err);
	arena_free(a);
	return rc;
}
