/* guide.h: an agency's 政府信息公开指南 as the console edits it (条例 Art. 12): the particulars
 * of its working body (kept in agency_profiles, public.h) and the guide's sections, each a
 * plain text with paragraphs ("\n" between them). Every save is a new revision, kept for
 * good (guide_revisions refuses UPDATE and DELETE); the current guide is the last revision.
 * A guide never saved reads as a draft of default texts from the 条例 (2019 revision) with
 * the agency's name filled in. Saves are all-or-nothing and audited ("guide.save"). */
#ifndef ZF_STORE_GUIDE_H
#define ZF_STORE_GUIDE_H

#include "store/db.h"

/* The guide's fields, in the order of the form and of the page. The first GUIDE_SECTIONS_AT
 * are the working body's particulars (one line each), the rest the sections (multi-line). */
enum guide_field {
	GF_OFFICE,	       /* 政府信息公开工作机构 */
	GF_ADDRESS,	       /* 办公地址 */
	GF_POSTCODE,	       /* 邮政编码 */
	GF_HOURS,	       /* 办公时间 */
	GF_PHONE,	       /* 咨询电话 */
	GF_FAX,		       /* 传真 */
	GF_EMAIL,	       /* 电子邮箱 */
	GF_WEBSITE,	       /* 网站 */
	GF_REVIEW_BODY,	       /* 行政复议机关 */
	GF_PROACTIVE_SCOPE,    /* 主动公开: 公开的范围和内容分类 */
	GF_PROACTIVE_CHANNELS, /* 主动公开: 公开的形式和渠道 */
	GF_PROACTIVE_TIME,     /* 主动公开: 公开时限 */
	GF_APPLY_BODY,	       /* 依申请公开: 受理机构 */
	GF_APPLY_CHANNELS,     /* 依申请公开: 申请方式和提交渠道 */
	GF_APPLY_PROCEDURE,    /* 依申请公开: 办理程序 */
	GF_APPLY_TIME,	       /* 依申请公开: 答复时限 */
	GF_APPLY_FEE,	       /* 依申请公开: 收费 */
	GF_REMEDY,	       /* 监督和救济 */
	GF_EXTRA,	       /* 其他说明 */
	GUIDE_FIELDS
};
#define GUIDE_SECTIONS_AT GF_PROACTIVE_SCOPE

/* Limits, in code points. */
#define GUIDE_LINE_MAX	  200
#define GUIDE_SECTION_MAX 5000

/* The stable key ("proactive_scope": the form field's and the column's name) and the
 * Chinese label ("公开的范围和内容分类") of a field; "" when out of range. */
const char *guide_field_key(enum guide_field f);
const char *guide_field_label(enum guide_field f);
/* True for the sections (texts with paragraphs). */
bool guide_field_multiline(enum guide_field f);

/* A guide: saved (exists), or the default draft. Strings are never NULL once read. */
struct guide {
	long long agency_id;
	const char *agency_name;
	bool exists;		/* false: never saved; f[] holds the default draft */
	int revision;		/* the last revision's number, 0 when none */
	const char *revised_at; /* ISO 8601 UTC of the last revision; "" when none */
	const char *revised_by;
	const char *f[GUIDE_FIELDS];
};

/* One saved revision, for the history list. */
struct guide_revision {
	int revision;
	const char *saved_at; /* ISO 8601 UTC */
	const char *saved_by;
};

/* Fills every empty section of g (and an empty GF_APPLY_BODY) with the default text of the
 * 条例, naming g->agency_name (and the working body, the review body when given). Strings
 * from arena. 0 or ZF_ENOMEM. */
int guide_defaults(struct arena *arena, struct guide *g);

/* Checks g as store_guide_save would: valid UTF-8, no control characters (sections may hold
 * newlines and tabs), lengths (GUIDE_LINE_MAX, sections GUIDE_SECTION_MAX), postcode 6 digits,
 * e-mail shape, website http(s). 0 or ZF_EINVAL with the Chinese reason in err (may be NULL);
 * *bad (may be NULL) is the faulty field. NULL strings count as "". */
int guide_check(const struct guide *g, struct buf *err, enum guide_field *bad);

/* The Beijing date (YYYY-MM-DD, 11 bytes) of a stored UTC timestamp ("" for none). */
char *guide_beijing_date(const char *utc, char out[11]);

/* Loads the guide of agency_id (strings from arena): the sections of the last revision when
 * one was saved, else the default sections; the particulars always from agency_profiles
 * (current even when written elsewhere after the last save). 0, ZF_ENOENT (no such agency)
 * or ZF_EDB. */
int store_guide_get(struct store *st, struct arena *arena, long long agency_id, struct guide *out);
/* Saves g (g->agency_id; agency_name, exists and revision* are ignored; "\r" is dropped) as
 * a new revision, and the particulars into agency_profiles, in one write. *revision (may be
 * NULL) receives its number. 0, ZF_ENOENT (no such agency), ZF_EINVAL (reason in err),
 * ZF_EDB. Audited ("guide.save", object "agency:<id>", detail "第 N 版"). */
int store_guide_save(struct store *st, const char *actor, const struct guide *g, int *revision,
		     struct buf *err);
/* The revisions of agency_id, newest first (array and strings from arena). */
int store_guide_revisions(struct store *st, struct arena *arena, long long agency_id,
			  struct guide_revision **out, size_t *n);
/* Which revision of each agency's guide is current (for lists): agency_id, revision, the
 * time it was saved. Agencies that never saved one are not listed. Ordered by agency id;
 * array and strings from arena. */
struct guide_current {
	long long agency_id;
	int revision;
	const char *revised_at; /* ISO 8601 UTC */
};
int store_guide_current_list(struct store *st, struct arena *arena, struct guide_current **out,
			     size_t *n);
/* Loads revision `revision` of agency_id's guide: 0, ZF_ENOENT (no such agency or revision),
 * ZF_EDB. */
int store_guide_revision_get(struct store *st, struct arena *arena, long long agency_id,
			     int revision, struct guide *out);

#endif
