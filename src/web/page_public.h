/* page_public.h: the public site's pages (routes_public.c) and what they share: the
 * working-day calendar of the server, the application form of 条例 Art. 29 read and checked
 * into a typed struct, per-address throttles, and small HTML helpers. */
#ifndef ZF_PAGE_PUBLIC_H
#define ZF_PAGE_PUBLIC_H

#include "routes.h"
#include "store/public.h"

#include <time.h>

struct calendar;

/* Page handlers (routes_public.c). */
int page_guide(struct web_request *req, struct web_response *res);	   /* GET /guide */
int page_agency(struct web_request *req, struct web_response *res);	   /* GET /agency/{id} */
int page_apply(struct web_request *req, struct web_response *res);	   /* GET /apply */
int page_apply_post(struct web_request *req, struct web_response *res);	   /* POST /apply */
int page_apply_receipt(struct web_request *req, struct web_response *res); /* GET */
int page_query(struct web_request *req, struct web_response *res);	   /* GET /query */
int page_query_post(struct web_request *req, struct web_response *res);	   /* POST /query */
int page_reports(struct web_request *req, struct web_response *res);	   /* GET /reports */
int page_report(struct web_request *req, struct web_response *res);	   /* /reports/{a}/{file} */
/* page_query_letters.c: POST /query/letter (the applicant's letters as PDF), and the list of
 * them on the result page (the posted code and second factor are carried again). */
int page_query_letter(struct web_request *req, struct web_response *res);
void query_letters_section(struct web_request *req, struct buf *w, long long request_id);
struct request_record;
/* page_query.c: the second factor of a look-up (the phone as digits, or the name when the
 * request has none), compared in constant time. */
bool query_second_factor_ok(const struct request_record *r, const char *typed);
/* GET /guide/{agency}/{flow.svg|form.docx|form.pdf} (page_guide_files.c) */
int page_guide_file(struct web_request *req, struct web_response *res);
/* page_setup.c: the first-run page of an empty database (one-time code) */
int page_setup(struct web_request *req, struct web_response *res);
int page_setup_post(struct web_request *req, struct web_response *res);
/* page_site.c: 网站地图, 联系我们, 政府信息公开制度, 法定主动公开内容 (条例 Art. 20) */
int page_sitemap(struct web_request *req, struct web_response *res);
int page_contact(struct web_request *req, struct web_response *res);
int page_rules(struct web_request *req, struct web_response *res);
int page_statutory(struct web_request *req, struct web_response *res);

/* The server's calendar: the national one compiled in, plus the additions of
 * `zfxxgk calendar add` ($ZFXXGK_CALENDAR or var/calendar.tsv) when the file exists. Loaded
 * once, on first use, and shared read-only by every thread; NULL only when out of memory. */
const struct calendar *public_calendar(void);

/* ---- throttles ----
 * Counters per client address in fixed windows, kept in the database (store_throttle_*):
 * every server of one database counts together and a restart forgets nothing (enough
 * against guessing query codes: 59-bit codes and a second factor make a spread-out attack
 * hopeless anyway). */
enum public_throttle {
	THROTTLE_QUERY_FAIL, /* failed look-ups on /query: 10 per 15 minutes */
	THROTTLE_APPLY,	     /* applications submitted: 20 per hour */
	THROTTLE_KINDS
};
/* *over = true when ip (may be NULL: never limited) has used up its allowance of kind at
 * time now. 0 or the store's error. */
int public_throttled(struct store *db, enum public_throttle kind, const char *ip, time_t now,
		     bool *over);
/* Counts one use: 0 or the store's error. */
int public_throttle_count(struct store *db, enum public_throttle kind, const char *ip, time_t now);

/* ---- the application form ---- */

/* The form's fields, in the order they are shown (and errors are listed). */
enum apply_field {
	AF_KIND,     /* applicant_kind: person | org */
	AF_ORG_TYPE, /* org_type: commercial | research | social_welfare | legal_service | other */
	AF_NAME,     /* name: 姓名 / 单位名称 */
	AF_CONTACT,  /* contact_person: 联系人 (organisations) */
	AF_ID_TYPE,  /* id_type (see enum applicant_id_type keys) */
	AF_ID_NO,    /* id_no */
	AF_PHONE,    /* phone */
	AF_EMAIL,    /* email */
	AF_ADDRESS,  /* address */
	AF_POSTCODE, /* postcode */
	AF_AGENCY,   /* agency */
	AF_DESCRIPTION, /* description */
	AF_DOC_NO,	/* doc_no */
	AF_PURPOSE,	/* purpose */
	AF_FORM,	/* form: paper | electronic | other */
	AF_FORM_OTHER,	/* form_other */
	AF_DELIVERY,	/* delivery: post | email | pickup */
	AF_CONFIRM,	/* confirm: "1" */
	AF_FIELDS
};

/* The HTML name ("applicant_kind") and the Chinese label ("申请人类型") of a field. */
const char *apply_field_name(enum apply_field f);
const char *apply_field_label(enum apply_field f);

/* The form as posted (trimmed of surrounding white space; "" when absent). */
struct apply_input {
	const char *v[AF_FIELDS];
};

/* The form checked: what the store needs. Strings point into the input or the arena. */
struct apply_checked {
	struct request_new rq;
	struct application_details details;
};

/* Reads the posted form of req into in (strings from req->arena, trimmed). */
void apply_input_read(const struct web_request *req, struct apply_input *in);
/* Checks every field as of `today`; agencies (n of them) are those that may receive
 * applications. Writes one Chinese message per faulty field into errors[f] (NULL when the
 * field is fine) and, when there is none, the typed application into *out (canonical ID
 * number, phone, upper-case codes). Returns the number of faulty fields. */
size_t apply_check(const struct apply_input *in, zf_day today, const struct agency *agencies,
		   size_t n, struct arena *arena, const char *errors[AF_FIELDS],
		   struct apply_checked *out);

/* Masks personal data for pages the applicant prints: "138****8000", "1101**********1234". */
const char *public_mask(struct arena *a, const char *s, size_t keep_head, size_t keep_tail);

/* Writes a date as "2026年3月16日（星期一）". */
void public_date(struct buf *w, zf_day d);

#endif
