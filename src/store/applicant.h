/* applicant.h: what an applicant does on the public site after applying, and what the
 * platform tells them (migration "applicants"): the supplement (补正) submitted online at
 * /query, the rating of the handling (好差评) after the reply, and the outbox of e-mails
 * sent when a request changes state.
 *
 * The outbox: a row is written in the same transaction as the event that changes the state
 * (store_request_event, store_application_add), only for requests whose application gave
 * an e-mail. Senders claim rows with one conditional UPDATE (state 'queued' → 'sending',
 * claimed_by = the sender), so several servers sharing one database never send a row twice;
 * a failed send goes back to 'queued' with a later next_at (backoff), and after
 * MAIL_MAX_ATTEMPTS it stays 'failed' with its last error. A claim older than
 * MAIL_CLAIM_STALE seconds (a sender that died mid-send) is given back.
 *
 * Every write is all-or-nothing and audited; the texts (supplement, comment, e-mail body)
 * never reach the audit log. */
#ifndef ZF_STORE_APPLICANT_H
#define ZF_STORE_APPLICANT_H

#include "store/db.h"

#include <time.h>

/* ---- 补正 online ---- */
#define SUPPLEMENT_MAX 5000 /* code points */

/* Records the supplement the applicant submitted online for request_id: the text, and the
 * event SUPPLEMENT_RECEIVED dated today (Beijing; 0 = date_today()), which restarts the
 * reply period (条例 Art. 30). Refused (ZF_ESTATE, Chinese reason in err) when no 补正 is
 * pending, when one was already received, or when the period given (补正期限) ended before
 * today; ZF_EINVAL for an empty or overlong text; ZF_ENOENT for no such request. Audited
 * ("request.supplement_online", without the text). */
int store_supplement_submit(struct store *st, const struct calendar *cal, long long request_id,
			    const char *text, zf_day today, struct buf *err);

struct supplement {
	int event_seq;		  /* the SUPPLEMENT_RECEIVED event it made */
	const char *text;	  /* as the applicant wrote it */
	const char *submitted_at; /* UTC timestamp */
};
/* The supplement submitted online for request_id (strings from arena): 0 or ZF_ENOENT. */
int store_supplement_get(struct store *st, struct arena *arena, long long request_id,
			 struct supplement *out);

/* ---- 好差评 ---- */
enum rating_level {
	RATING_VERY_BAD = 1, /* 非常不满意 */
	RATING_BAD,	     /* 不满意 */
	RATING_FAIR,	     /* 基本满意 */
	RATING_GOOD,	     /* 满意 */
	RATING_VERY_GOOD,    /* 非常满意 */
};
#define RATING_LEVELS	   5
#define RATING_COMMENT_MAX 500

/* Chinese label of a level (1..5); "" when out of range. */
const char *rating_level_label(int level);
/* The reasons an unsatisfied applicant picks from (at least one for levels 1 and 2). */
struct rating_reason {
	const char *key, *label;
};
extern const struct rating_reason rating_reasons[];
extern const size_t rating_nreasons;
/* The label of a reason key; NULL when unknown. */
const char *rating_reason_label(const char *key);

/* Records the rating of request_id: once per request, only after the reply (state
 * "replied"). reasons: keys of rating_reasons (each at most once), required for levels
 * 1–2 and refused for 3–5; comment optional (RATING_COMMENT_MAX code points). 0,
 * ZF_ENOENT, ZF_ESTATE (not replied yet, or rated already), ZF_EINVAL (level, reasons,
 * comment); Chinese reason in err. Audited ("request.rating", level only). */
int store_rating_add(struct store *st, long long request_id, int level, const char *const *reasons,
		     size_t nreasons, const char *comment, struct buf *err);

struct rating {
	long long request_id;
	int level;
	const char *reasons; /* keys separated by commas; "" when none */
	const char *comment;
	const char *rated_at; /* UTC timestamp */
};
/* The rating of request_id (strings from arena): 0 or ZF_ENOENT. */
int store_rating_get(struct store *st, struct arena *arena, long long request_id,
		     struct rating *out);

/* Counts per level of one agency's ratings. */
struct rating_summary {
	long long agency_id;
	const char *agency_name;
	long long count[RATING_LEVELS + 1]; /* [level]; [0] = total */
};
/* The summaries of the given agencies that have at least one rating, by agency id (from
 * arena). */
int store_rating_summary(struct store *st, struct arena *arena, const long long *agencies,
			 size_t nagencies, struct rating_summary **out, size_t *n);

/* ---- the e-mail outbox ---- */
#define MAIL_MAX_ATTEMPTS 5
#define MAIL_CLAIM_STALE  600 /* seconds */

/* Writes the outbox row for event seq (1-based) of request_id when its application gave an
 * e-mail and the event is one the applicant is told about (received, 补正 asked/received/
 * lapsed, consultation started, extension, fee notice/lapse, reply, withdrawal); nothing
 * otherwise. Call inside the write that adds the event. */
int store_mail_enqueue(struct store *st, long long request_id, int seq,
		       const struct clock_event *ev);

struct mail_row {
	long long id;
	long long request_id; /* 0 = none */
	long long agency_id;  /* the request's agency; 0 = none */
	const char *kind;     /* the event key, e.g. "replied" */
	const char *to;
	const char *subject; /* UTF-8, not encoded */
	const char *body;    /* UTF-8 */
	const char *state;   /* queued, sending, sent, failed */
	int attempts;
	const char *next_at, *sent_at, *last_error, *created_at; /* "" when none */
};
/* Claims up to max rows due at now for claimer (a name unique to this sender): rows stuck
 * in 'sending' longer than MAIL_CLAIM_STALE are given back first; each claim is one
 * conditional UPDATE, so two claimers never get the same row. Rows from arena. */
int store_mail_claim(struct store *st, struct arena *arena, const char *claimer, time_t now,
		     size_t max, struct mail_row **out, size_t *n);
/* The outcome of a claimed row: sent, or failed with error (then queued again after a
 * backoff of 1, 4, 16, 64 minutes, or 'failed' after MAIL_MAX_ATTEMPTS). Only the claimer
 * may settle its row: ZF_ESTATE otherwise. */
int store_mail_settle(struct store *st, long long id, const char *claimer, bool sent,
		      const char *error, time_t now);
/* The newest rows first, at most limit (0 = 200), optionally of one state (NULL = all). */
int store_mail_list(struct store *st, struct arena *arena, const char *state, size_t limit,
		    struct mail_row **out, size_t *n);
/* Rows per state: [0] queued, [1] sending, [2] sent, [3] failed. */
int store_mail_counts(struct store *st, long long counts[4]);

/* Where the mail goes out (one for the whole database, so every server uses the same). */
struct mail_settings {
	const char *host;     /* "" = not configured: rows stay queued */
	int port;	      /* 25, 587, ... */
	const char *sender;   /* From: address */
	const char *starttls; /* "off", "try", "required" */
	const char *username; /* "" = no authentication; the password is in the environment */
	const char *updated_at, *updated_by;
};
/* Reads them (strings from arena; host "" when never set). */
int store_mail_settings_get(struct store *st, struct arena *arena, struct mail_settings *out);
/* Writes them: host (at most 253 characters, no spaces), port 1..65535, sender an e-mail
 * (required with a host), starttls one of the three. 0 or ZF_EINVAL (Chinese reason in
 * err). Audited ("mail.settings"). */
int store_mail_settings_set(struct store *st, const char *actor, const struct mail_settings *in,
			    struct buf *err);

#endif
