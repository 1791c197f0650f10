/* web.h: what the staff console keeps beyond requests and users (migration 6):
 * - reply letters (答复书): the letter issued with each reply, its unified number
 *   (〔2026〕第12号, from the agency's sequence of the reply's year, requests.h) and its text
 *   as composed when the reply was made, so a letter once sent never changes;
 * - the annual-report workspace (年度报告工作区), one per agency and year: the narrative
 *   parts (一、总体情况, 五、存在的主要问题及改进情况, 六、其他需要报告的事项), the table-2
 *   figures typed in from other systems, the tables 3 and 4 as last generated from the cases,
 *   and when it was published.
 * Every write is all-or-nothing and has its audit line (never personal data, never the
 * letter's or the narrative's text). */
#ifndef ZF_STORE_WEB_H
#define ZF_STORE_WEB_H

#include "store/db.h"

/* ---- reply letters ---- */

struct reply_letter {
	long long request_id;
	long long agency_id;
	int year;	       /* of the reply */
	int number;	       /* in the agency's sequence of that year */
	const char *letter_no; /* "〔2026〕第12号" */
	const char *decision;  /* table-3 row key */
	const char *agency_name;
	const char *applicant; /* as addressed (personal data) */
	const char *body;      /* paragraphs, one per line */
	zf_day replied_on;
	const char *created_at; /* "YYYY-MM-DDTHH:MM:SSZ" */
	const char *created_by;
};

/* Writes the plain number "〔year〕第number号" into out (n bytes); returns out. The number a
 * reply takes carries the agency's prefix when it has a short name (letters.h). */
char *reply_letter_no(int year, int number, char *out, size_t n);

/* What a reply needs besides its event: the letter as composed (letter.h). */
struct reply_new {
	long long request_id;
	const char *decision; /* table-3 row key */
	zf_day on;	      /* the reply's date */
	const char *agency_name;
	const char *applicant;
	const char *body;
};

/* Replies to a request and keeps its letter, all or nothing: takes the next number of the
 * request's agency for the year of rp->on, appends the REPLIED event carrying that number
 * (store_request_event: the clock must accept it), stores the letter and audits. On success
 * *out (strings from arena) is the stored letter. Errors: ZF_ENOENT (no such request),
 * ZF_EINVAL (a field), the clock's ZF_ESTATE/ZF_EINVAL/ZF_ERANGE, with a Chinese reason in
 * err (may be NULL); nothing is written then, and the number is given again next time. */
int store_reply_issue(struct store *st, const char *actor, const struct calendar *cal,
		      struct arena *arena, const struct reply_new *rp, struct reply_letter *out,
		      struct buf *err);
/* The letter of a request (strings from arena): 0, ZF_ENOENT (none) or ZF_EDB. */
int store_reply_letter_get(struct store *st, struct arena *arena, long long request_id,
			   struct reply_letter *out);

/* ---- the annual-report workspace ---- */

#define REPORT_DRAFT_TEXT_MAX 20000 /* code points in one narrative part */

struct report_draft {
	long long agency_id;
	int year;
	bool stored;	      /* false: nothing saved yet (texts "", table2 "{}", generated NULL) */
	const char *overview; /* 一、总体情况 */
	const char *problems; /* 五、存在的主要问题及改进情况 */
	const char *other_matters; /* 六、其他需要报告的事项 */
	/* table-2 figures typed in: a JSON object {"table2.<item>.<field>": number} */
	const char *table2;
	/* tables 3 and 4 as last generated (zfxxgk.report/1), NULL before the first time */
	const char *generated;
	bool with_subordinates;			 /* generated as a compilation of the units below */
	const char *generated_at, *published_at; /* NULL when not done */
	const char *updated_at, *updated_by;
};

/* Loads the workspace of an agency and year (strings from arena); a workspace never saved
 * comes back with stored = false and empty parts. 0 or ZF_EDB. */
int store_report_draft_get(struct store *st, struct arena *arena, long long agency_id, int year,
			   struct report_draft *out);
/* Saves the three narrative parts (NULL = leave as it is). ZF_EINVAL (not UTF-8, longer than
 * REPORT_DRAFT_TEXT_MAX), ZF_ENOENT (no such agency), reason in err. */
int store_report_draft_set_text(struct store *st, const char *actor, long long agency_id, int year,
				const char *overview, const char *problems,
				const char *other_matters, struct buf *err);
/* Saves the table-2 figures (a JSON object as described above; ZF_EINVAL otherwise). */
int store_report_draft_set_table2(struct store *st, const char *actor, long long agency_id,
				  int year, const char *table2_json, struct buf *err);
/* Keeps the tables just generated (JSON, zfxxgk.report/1). */
int store_report_draft_set_generated(struct store *st, const char *actor, long long agency_id,
				     int year, bool with_subordinates, const char *report_json,
				     struct buf *err);
/* Records that the workspace's report was published now. */
int store_report_draft_set_published(struct store *st, const char *actor, long long agency_id,
				     int year, struct buf *err);

/* One line of the workspace list. */
struct report_draft_row {
	long long agency_id;
	int year;
	bool generated;
	bool with_subordinates;
	const char *published_at; /* NULL = not published */
	const char *updated_at, *updated_by;
};
/* The saved workspaces of these agencies, newest year first (array and strings from arena). */
int store_report_draft_list(struct store *st, struct arena *arena, const long long *agencies,
			    size_t nagencies, struct report_draft_row **out, size_t *n);

#endif
