/* messages.h: 政民互动 messages (留言/咨询/投诉/建议) in the store: written by the public to an
 * agency, routed and transferred between agencies (audited), answered within a working-day
 * limit, the reply published with personal data masked, rated by the writer.
 *
 * The lead wrote the part other areas call (statistics and the overdue list, used by the
 * oversight pages); the messages helper owns the rest of this header and store/messages.c.
 * Strings passed in are borrowed; strings and arrays handed out come from the arena. */
#ifndef ZF_STORE_MESSAGES_H
#define ZF_STORE_MESSAGES_H

#include "buf.h"
#include "date.h"

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct calendar;
struct store;

/* A valid message unanswered for three months fails the site (国办秘函〔2019〕19号). */
#define MESSAGE_STALE_MONTHS 3

/* One agency's messages (that agency only, not its subtree). */
struct message_stats {
	long long received;	   /* accepted (受理) in [from, to] */
	long long replied;	   /* of those, replied by today */
	long long replied_on_time; /* of those, replied within their limit */
	long long reply_days_sum;  /* working days from 受理 to 答复, summed over replied */
	long long published;	   /* of those, with the reply published */
	long long open;		   /* accepted on or before `to` and unanswered today */
	long long overdue;	   /* of the open, past their limit today */
	long long stale;	   /* of the open, accepted more than MESSAGE_STALE_MONTHS ago */
	long long rated;	   /* replies in [from, to] the writer rated */
	long long rated_satisfied; /* of those, rated satisfied (满意 or 基本满意) */
};

int store_message_stats(struct store *st, const struct calendar *cal, long long agency_id,
			zf_day from, zf_day to, zf_day today, struct message_stats *out);

/* An open message past its limit, for the 督办 list. */
struct message_overdue {
	long long id;
	long long agency_id;
	const char *title;
	const char *kind;   /* 留言, 咨询, 投诉 or 建议 */
	zf_day accepted_on; /* 受理日期 */
	zf_day due_on;	    /* the last working day of its limit */
	int days_over;	    /* working days past due_on, today included */
	bool stale;	    /* unanswered more than MESSAGE_STALE_MONTHS: 单项否决 risk */
};

/* The open messages of one agency past their limit today, oldest first. */
int store_message_overdue(struct store *st, struct arena *a, const struct calendar *cal,
			  long long agency_id, zf_day today, struct message_overdue **out,
			  size_t *n);

#endif
