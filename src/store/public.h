/* public.h: the store side of the public site (migration 7): each agency's 政府信息公开指南
 * (the particulars of its working body), the annual reports an agency has published (frozen
 * JSON snapshots, zfxxgk.report/1), the particulars an online application carries beyond
 * db.h's struct request_new (ID document type, e-mail, postcode, 文号, purpose, form and
 * route of provision), and the notices a clerk writes for the applicant to read on /query
 * (e.g. what a supplement must contain).
 * Every write is all-or-nothing and audited; personal data never reaches the audit log. */
#ifndef ZF_STORE_PUBLIC_H
#define ZF_STORE_PUBLIC_H

#include "store/db.h"

/* ---- 政府信息公开指南: the particulars of an agency's working body ---- */

/* Strings are "" when not given. Lengths are bounded (see store_agency_profile_set). */
struct agency_profile {
	long long agency_id;
	const char *agency_name; /* from agencies (read only) */
	bool exists;		 /* false: the agency has no guide yet (strings are "") */
	const char *office; /* 政府信息公开工作机构, e.g. 示例区人民政府办公室（政务公开科） */
	const char *address;  /* 办公地址 (also where applications are handed in and posted) */
	const char *postcode; /* 邮政编码: 6 digits */
	const char *hours;    /* 办公时间 */
	const char *phone;    /* 咨询电话 */
	const char *fax;      /* 传真 */
	const char *email;    /* 电子邮箱 */
	const char *website;  /* 网站 (https://...) */
	const char *review_body; /* 行政复议机关, for the remedies section */
	const char *guide_extra; /* further notes of the guide, plain text (paragraphs by "\n") */
	const char *updated_at;	 /* ISO 8601 UTC; "" when none */
	const char *updated_by;
};

/* Loads the guide of agency_id (strings from arena). 0 (out->exists tells whether a guide
 * was written), ZF_ENOENT (no such agency) or ZF_EDB. */
int store_agency_profile_get(struct store *st, struct arena *arena, long long agency_id,
			     struct agency_profile *out);
/* Every agency in tree order (as store_agency_list) with its guide; for /guide. */
int store_agency_profile_list(struct store *st, struct arena *arena, struct agency_profile **out,
			      size_t *n);
/* Writes (creates or replaces) the guide of p->agency_id; agency_name, exists and updated_*
 * are ignored, NULL strings count as "". Checks: valid UTF-8 without control characters
 * (guide_extra may hold newlines), lengths (200 code points, guide_extra 5000), postcode 6
 * digits, e-mail shape, website http(s). 0, ZF_ENOENT (no such agency), ZF_EINVAL (a field,
 * Chinese reason in err, which may be NULL), ZF_EDB. Audited ("agency.profile"). */
int store_agency_profile_set(struct store *st, const char *actor, const struct agency_profile *p,
			     struct buf *err);

/* ---- published annual reports ---- */

/* One publication (report_json only from store_report_published_get). */
struct published_report {
	long long agency_id;
	const char *agency_name;
	int year;
	const char *published_at; /* ISO 8601 UTC */
	const char *published_by;
	const char *report_json; /* zfxxgk.report/1 as published; NULL in lists */
	size_t report_json_len;
};

/* 0 when the report of `year` may be published on `today` (Beijing): the year has ended;
 * else ZF_ESTATE with the Chinese reason in err (may be NULL). */
int store_report_year_check(int year, zf_day today, struct buf *err);
/* Publishes json_text as agency_id's annual report for year, replacing an earlier
 * publication of the same year. The text must be a JSON object with "schema" =
 * "zfxxgk.report/1" and, when it has one, "year" = year; at most 4 MiB. 0, ZF_ENOENT (no such
 * agency), ZF_EINVAL (reason in err, may be NULL), ZF_ESTATE (the year has not ended on the
 * day of publication, Beijing: store_report_year_check), ZF_EDB. Audited ("report.publish", or
 * "report.republish" when it replaced one). */
int store_report_publish(struct store *st, const char *actor, long long agency_id, int year,
			 const char *json_text, struct buf *err);
/* As store_report_publish, recording published_at (UTC, "YYYY-MM-DDTHH:MM:SSZ") instead of
 * now: for the demo's seeded reports and imports of reports published elsewhere earlier.
 * ZF_EINVAL when published_at is not 20 bytes of that shape. */
int store_report_publish_dated(struct store *st, const char *actor, long long agency_id, int year,
			       const char *json_text, const char *published_at, struct buf *err);
/* Withdraws a publication: 0, ZF_ENOENT (none). Audited ("report.unpublish"). */
int store_report_unpublish(struct store *st, const char *actor, long long agency_id, int year);
/* Lists publications of agency_id (0 = all agencies), newest year first, then by agency id;
 * at most limit (0 = all). Array and strings from arena. */
int store_report_published_list(struct store *st, struct arena *arena, long long agency_id,
				size_t limit, struct published_report **out, size_t *n);
/* Loads one publication with its JSON (from arena): 0, ZF_ENOENT or ZF_EDB. */
int store_report_published_get(struct store *st, struct arena *arena, long long agency_id, int year,
			       struct published_report *out);

/* ---- online applications (条例 Art. 29) ---- */

/* The applicant's proof of identity (身份证明). */
enum applicant_id_type {
	APPLICANT_ID_RESIDENT,	   /* 居民身份证 */
	APPLICANT_ID_PASSPORT,	   /* 护照 */
	APPLICANT_ID_HK_MACAO,	   /* 港澳居民来往内地通行证 */
	APPLICANT_ID_TAIWAN,	   /* 台湾居民来往大陆通行证 */
	APPLICANT_ID_FOREIGN_PR,   /* 外国人永久居留身份证 */
	APPLICANT_ID_OTHER_PERSON, /* 其他有效身份证件 */
	APPLICANT_ID_CREDIT_CODE,  /* 统一社会信用代码 (organisations) */
	APPLICANT_ID_OTHER_ORG,	   /* 其他证照 (organisations without one) */
	APPLICANT_ID_TYPES
};

/* 信息的载体形式 and 获取方式 asked for (Art. 29(2)3, Art. 40). */
enum provision_form { PROVISION_PAPER, PROVISION_ELECTRONIC, PROVISION_OTHER, PROVISION_FORMS };
enum provision_delivery {
	DELIVERY_POST,	 /* 邮寄 */
	DELIVERY_EMAIL,	 /* 电子邮件 */
	DELIVERY_PICKUP, /* 自行领取 / 当场阅读 */
	DELIVERY_ROUTES
};

/* Stable keys ("resident_id", "paper", "post", ...) and Chinese labels; NULL when out of
 * range. */
const char *applicant_id_type_key(enum applicant_id_type t);
const char *applicant_id_type_label(enum applicant_id_type t);
bool applicant_id_type_is_org(enum applicant_id_type t);
const char *provision_form_key(enum provision_form f);
const char *provision_form_label(enum provision_form f);
const char *provision_delivery_key(enum provision_delivery d);
const char *provision_delivery_label(enum provision_delivery d);
/* Parse a key back: the enum value, or ZF_ENOENT. */
int applicant_id_type_by_key(const char *key);
int provision_form_by_key(const char *key);
int provision_delivery_by_key(const char *key);

/* What an online application carries besides struct request_new. Strings borrowed; NULL or
 * "" = not given. */
struct application_details {
	enum applicant_id_type id_type;
	const char *contact_person; /* organisations: 联系人 */
	const char *email;
	const char *postcode;
	const char *doc_no;  /* 文号 of the information sought */
	const char *purpose; /* optional */
	enum provision_form form;
	const char *form_other; /* when form is PROVISION_OTHER */
	enum provision_delivery delivery;
};

/* Stores an application: the request (store_request_add, with ev as its history) and its
 * details, in one write. Errors as store_request_add, ZF_EINVAL for a detail. */
int store_application_add(struct store *st, const char *actor, const struct calendar *cal,
			  const struct request_new *rq, const struct application_details *d,
			  const struct clock_event *ev, size_t n, long long *id, struct buf *err);
/* Loads the details of request_id (strings from arena): 0, ZF_ENOENT (the request came by
 * another route and has none), ZF_EDB. */
int store_application_get(struct store *st, struct arena *arena, long long request_id,
			  struct application_details *out);

/* ---- notices to the applicant ----
 * A short text a clerk writes for the applicant about one event of a request (seq as in
 * request_events, 1 = received), shown on /query: what a supplement must contain, why the
 * period was extended, where to collect the reply. At most 1000 code points, no markup
 * (shown as text). Setting "" removes it. 0, ZF_ENOENT (no such event), ZF_EINVAL, ZF_EDB.
 * Audited ("request.notice", without the text). */
int store_request_notice_set(struct store *st, const char *actor, long long request_id, int seq,
			     const char *text, struct buf *err);
/* The notices of a request: texts[i] for event seq i + 1, NULL when none; the array has
 * nevents entries (from arena). */
int store_request_notices(struct store *st, struct arena *arena, long long request_id,
			  size_t nevents, const char ***texts);

#endif
