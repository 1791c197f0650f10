/* guides.c: each agency's 政府信息公开指南 (public.h: the particulars of its working body),
 * written once in portable SQL (driver.h) for both engines; and the helpers the public
 * site's area shares (public_int.h). */
#include "common.h"
#include "arena.h"
#include "driver.h"
#include "law/idcheck.h"
#include "public.h"
#include "public_int.h"
#include "utf8.h"

#define PROFILE_FIELD_MAX 200
#define PROFILE_EXTRA_MAX 5000

/* ---------------------------------------------------------------- shared helpers */

bool public_text_ok(const char *s, size_t max, bool multiline)
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

const char *public_nz(const char *s)
{
	return s ? s : "";
}

const char *public_col_text(struct db_stmt *s, struct arena *a, int i)
{
	const char *t = db_col_text(s, i);
	return t ? arena_strndup(a, t, db_col_bytes(s, i)) : arena_strdup(a, "");
}

/* ---------------------------------------------------------------- guides */

/* The guide's columns after the agency's name; the first tells whether a guide exists. */
#define PROFILE_COLS                                                                               \
	"CASE WHEN p.agency_id IS NULL THEN 0 ELSE 1 END, p.office, p.address, p.postcode,"        \
	" p.hours, p.phone, p.fax, p.email, p.website, p.review_body, p.guide_extra,"              \
	" p.updated_at, p.updated_by"

/* Fills the profile from columns first.. of a PROFILE_COLS row. */
static int read_profile(struct db_stmt *s, struct arena *a, int first, struct agency_profile *p)
{
	p->exists = db_col_int(s, first) != 0;
	const char **fields[] = {&p->office,	  &p->address,	   &p->postcode,   &p->hours,
				 &p->phone,	  &p->fax,	   &p->email,	   &p->website,
				 &p->review_body, &p->guide_extra, &p->updated_at, &p->updated_by};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		*fields[i] = public_col_text(s, a, first + 1 + (int)i);
		if (!*fields[i])
			return ZF_ENOMEM;
	}
	return 0;
}

int store_agency_profile_get(struct store *st, struct arena *arena, long long agency_id,
			     struct agency_profile *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT a.name, " PROFILE_COLS " FROM agencies a"
			    " LEFT JOIN agency_profiles p ON p.agency_id = a.id WHERE a.id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->agency_id = agency_id;
		out->agency_name = public_col_text(s, arena, 0);
		rc = out->agency_name ? read_profile(s, arena, 1, out) : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
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
		if (!public_text_ok(v, PROFILE_FIELD_MAX, false)) {
			buf_setf(err, "“%s”不能超过 %d 字，且不能含有换行或控制字符",
				 fields[i].label, PROFILE_FIELD_MAX);
			return ZF_EINVAL;
		}
	}
	if (!public_text_ok(p->guide_extra, PROFILE_EXTRA_MAX, true)) {
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
	if (!website_ok(p->website) || !public_text_ok(p->website, PROFILE_FIELD_MAX, false)) {
		buf_setf(err, "网站地址应以 https:// 或 http:// 开头，且不含空格");
		return ZF_EINVAL;
	}
	return 0;
}

static int profile_upsert(struct store *st, const char *actor, const struct agency_profile *p)
{
	struct db_stmt *s;
	int rc = db_prepare(
	    st,
	    "INSERT INTO agency_profiles (agency_id, office, address, postcode, hours, phone, fax,"
	    " email, website, review_body, guide_extra, updated_by, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (agency_id) DO UPDATE SET office = excluded.office,"
	    " address = excluded.address, postcode = excluded.postcode, hours = excluded.hours,"
	    " phone = excluded.phone, fax = excluded.fax, email = excluded.email,"
	    " website = excluded.website, review_body = excluded.review_body,"
	    " guide_extra = excluded.guide_extra, updated_by = excluded.updated_by,"
	    " updated_at = excluded.updated_at",
	    &s);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	db_bind_int(s, 1, p->agency_id);
	const char *v[] = {p->office, p->address, p->postcode,	  p->hours,	  p->phone, p->fax,
			   p->email,  p->website, p->review_body, p->guide_extra, actor,    now};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		db_bind_text(s, 2 + (int)i, public_nz(v[i]));
	return db_run(s);
}

int store_agency_profile_set(struct store *st, const char *actor, const struct agency_profile *p,
			     struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = profile_check(p, err);
	if (rc)
		return rc;
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
	rc = profile_upsert(st, actor, p);
	if (!rc) {
		char object[40];
		snprintf(object, sizeof(object), "agency:%lld", p->agency_id);
		rc = store_audit(st, actor, "agency.profile", object, "政府信息公开指南");
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存指南：%s", zf_strerror(rc));
	return store_write_end(st, rc);
}
