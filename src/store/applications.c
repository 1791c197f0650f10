/* applications.c: what an online application carries beyond its request (public.h: ID
 * document type, e-mail, postcode, 文号, purpose, form and route of provision) with their keys
 * and Chinese labels, and the notices a clerk writes for the applicant, written once in
 * portable SQL (driver.h) for both engines. */
#include "common.h"
#include "applicant.h"
#include "arena.h"
#include "driver.h"
#include "law/idcheck.h"
#include "public.h"
#include "public_int.h"

#define DETAIL_MAX 500
#define NOTICE_MAX 1000

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
		if (!public_text_ok(v[i], 100, false)) {
			buf_setf(err, "联系人、文号或其他形式的说明不能超过 100 字");
			return ZF_EINVAL;
		}
	if (!public_text_ok(d->purpose, DETAIL_MAX, true)) {
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

static int details_insert(struct store *st, long long request_id,
			  const struct application_details *d)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "INSERT INTO application_details (request_id, id_type,"
			    " contact_person, email, postcode, doc_no, purpose, form,"
			    " form_other, delivery) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	db_bind_text(s, 2, applicant_id_type_key(d->id_type));
	db_bind_text(s, 3, public_nz(d->contact_person));
	db_bind_text(s, 4, public_nz(d->email));
	db_bind_text(s, 5, public_nz(d->postcode));
	db_bind_text(s, 6, public_nz(d->doc_no));
	db_bind_text(s, 7, public_nz(d->purpose));
	db_bind_text(s, 8, provision_form_key(d->form));
	db_bind_text(s, 9, public_nz(d->form_other));
	db_bind_text(s, 10, provision_delivery_key(d->delivery));
	return db_run(s);
}

int store_application_add(struct store *st, const char *actor, const struct calendar *cal,
			  const struct request_new *rq, const struct application_details *d,
			  const struct clock_event *ev, size_t n, long long *id, struct buf *err)
{
	int rc = details_check(d, err);
	if (rc)
		return rc;
	long long rid = 0;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = store_request_add(st, actor, cal, rq, ev, n, &rid, err);
	if (!rc) {
		rc = details_insert(st, rid, d);
		if (!rc) /* the receipt, told by e-mail (applicant.h) */
			rc = store_mail_enqueue(st, rid, (int)n, &ev[n - 1]);
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
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id_type, contact_person, email, postcode, doc_no, purpose,"
			    " form, form_other, delivery FROM application_details"
			    " WHERE request_id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		int t = applicant_id_type_by_key(db_col_text(s, 0));
		int f = provision_form_by_key(db_col_text(s, 6));
		int r = provision_delivery_by_key(db_col_text(s, 8));
		out->id_type = t < 0 ? APPLICANT_ID_OTHER_PERSON : (enum applicant_id_type)t;
		out->form = f < 0 ? PROVISION_OTHER : (enum provision_form)f;
		out->delivery = r < 0 ? DELIVERY_PICKUP : (enum provision_delivery)r;
		out->contact_person = public_col_text(s, arena, 1);
		out->email = public_col_text(s, arena, 2);
		out->postcode = public_col_text(s, arena, 3);
		out->doc_no = public_col_text(s, arena, 4);
		out->purpose = public_col_text(s, arena, 5);
		out->form_other = public_col_text(s, arena, 7);
		rc = out->contact_person && out->email && out->postcode && out->doc_no &&
			     out->purpose && out->form_other
			 ? 0
			 : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

/* ---------------------------------------------------------------- notices */

static int event_exists(struct store *st, long long request_id, int seq, bool *exists)
{
	struct db_stmt *s;
	int rc =
	    db_prepare(st, "SELECT 1 FROM request_events WHERE request_id = ? AND seq = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	db_bind_int(s, 2, seq);
	rc = db_step(s);
	*exists = rc == DB_ROW;
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_request_notice_set(struct store *st, const char *actor, long long request_id, int seq,
			     const char *text, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (!public_text_ok(text, NOTICE_MAX, true)) {
		buf_setf(err, "告知内容不能超过 %d 字，且不能含有控制字符", NOTICE_MAX);
		return ZF_EINVAL;
	}
	bool remove = !text || !*text, exists = false;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = event_exists(st, request_id, seq, &exists);
	if (!rc && !exists) {
		buf_setf(err, "申请 %lld 没有第 %d 个事件", request_id, seq);
		rc = ZF_ENOENT;
	}
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(
		    st,
		    remove ? "DELETE FROM request_notices WHERE request_id = ?"
			     " AND seq = ?"
			   : "INSERT INTO request_notices (request_id, seq, text, updated_at)"
			     " VALUES (?, ?, ?, ?) ON CONFLICT (request_id, seq) DO"
			     " UPDATE SET text = excluded.text,"
			     " updated_at = excluded.updated_at",
		    &s);
	if (!rc) {
		db_bind_int(s, 1, request_id);
		db_bind_int(s, 2, seq);
		if (!remove) {
			char now[21];
			db_now(now);
			db_bind_text(s, 3, text);
			db_bind_text(s, 4, now);
		}
		rc = db_run(s);
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
	const char **t = arena_alloc(arena, (nevents ? nevents : 1) * sizeof(*t));
	if (!t)
		return ZF_ENOMEM;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT seq, text FROM request_notices WHERE request_id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	while ((rc = db_step(s)) == DB_ROW) {
		long long seq = db_col_int(s, 0);
		if (seq >= 1 && (unsigned long long)seq <= nevents) {
			t[seq - 1] = public_col_text(s, arena, 1);
			if (!t[seq - 1]) {
				rc = ZF_ENOMEM;
				break;
			}
		}
	}
	db_finish(s);
	if (!rc)
		*texts = t;
	return rc;
}
