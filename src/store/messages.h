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

/* ---- the messages helper's part: kinds, settings, the life of a message ----
 *
 * A message is written online (or entered by a clerk) to one agency. It is 受理 (accepted)
 * on the day it arrives, unless the screening holds it: a near-duplicate of the same
 * writer's message of the last MESSAGE_DUPLICATE_DAYS days, or text the abuse list or the
 * default rule set's spam family flags. A held message waits for a clerk, who accepts it
 * (受理 that day) or refuses it (不予受理: duplicate, abusive, out of scope). An accepted
 * message is answered within its limit: limit_days working days (our calendar) after the
 * day its clock runs from, the 受理 day or the day of the last transfer: a transfer gives
 * the receiving agency its full limit again (the transfer is audited and shown with its
 * reason; 受理日期 stays). A message still open on the escalate_after-th working day after
 * its due day escalates once (督办): flagged, audited, an e-mail queued to the agency. */

enum message_kind {
	MESSAGE_MESSAGE,    /* 留言 */
	MESSAGE_CONSULT,    /* 咨询 */
	MESSAGE_COMPLAINT,  /* 投诉 */
	MESSAGE_SUGGESTION, /* 建议 */
	MESSAGE_KINDS
};
const char *message_kind_key(enum message_kind k);   /* "message", "consult", … */
const char *message_kind_label(enum message_kind k); /* "留言", "咨询", … */
int message_kind_parse(const char *s);		     /* key or label; -1 */

enum message_status {
	MESSAGE_HELD,	  /* 待审核: held by the screening, not yet 受理 */
	MESSAGE_OPEN,	  /* 办理中: 受理, not yet answered */
	MESSAGE_REPLIED,  /* 已答复 */
	MESSAGE_REJECTED, /* 不予受理 */
	MESSAGE_STATUSES
};
const char *message_status_key(enum message_status s); /* "held", "open", … */
const char *message_status_label(enum message_status s);
int message_status_parse(const char *s); /* key; -1 */

/* Why a message is not 受理 (keys "duplicate", "abusive", "out_of_scope"). */
const char *message_reject_label(const char *key); /* "" when unknown */
bool message_reject_ok(const char *key);

/* The writer's rating of the reply (keys "satisfied", "basic", "unsatisfied"). */
const char *message_rating_label(const char *key); /* "" when unknown */
bool message_rating_ok(const char *key);

#define MESSAGE_TITLE_MAX      50   /* characters */
#define MESSAGE_BODY_MIN       5    /* characters */
#define MESSAGE_BODY_MAX       2000 /* characters */
#define MESSAGE_NAME_MAX       50   /* characters */
#define MESSAGE_REASON_MAX     200  /* characters: transfer and refusal notes */
#define MESSAGE_REPLY_MAX      5000 /* characters */
#define MESSAGE_DUPLICATE_DAYS 30   /* a duplicate is looked for this many days back */
#define MESSAGE_CODE_LEN       12   /* the query code, as a request's */

/* Per kind, from the settings (defaults: 咨询 5 working days, the others 15; identity
 * required for 投诉 only; escalation on the first working day after the due day). */
struct message_settings {
	int limit_days[MESSAGE_KINDS];	       /* 1..60 working days */
	bool identity_required[MESSAGE_KINDS]; /* name and phone required */
	int escalate_after;		       /* 1..30 working days after the due day */
};
int store_message_settings_get(struct store *st, struct message_settings *out);
/* Writes them (checked: ZF_EINVAL with the reason), audited. */
int store_message_settings_set(struct store *st, const char *actor,
			       const struct message_settings *s, struct buf *err);

/* A message as written. */
struct message_new {
	enum message_kind kind;
	long long agency_id;
	const char *title, *body;
	const char *name, *phone, *email; /* "" or NULL when not given */
	bool publish_ok;		  /* the writer agrees to the reply being published */
	zf_day received_on;
};

/* Screens text (title and body) with the abuse list and the spam family of rules (may be
 * NULL: the abuse list only): true when it must be held; the first hit's rule id in *why
 * (static or from rules). */
struct scan_rules;
bool message_screen(const struct scan_rules *rules, const char *title, const char *body,
		    const char **why);

/* Stores a new message: checked (ZF_EINVAL, reason in err), screened (held or 受理 at
 * once), with its new query code in code and its id in *id (may be NULL). */
int store_message_add(struct store *st, const char *actor, const struct calendar *cal,
		      const struct scan_rules *rules, const struct message_new *m, long long *id,
		      char code[MESSAGE_CODE_LEN + 1], struct buf *err);

/* The clerk's acts; each ZF_ESTATE (reason in err) when the message is not in a state that
 * allows it, ZF_ENOENT for an unknown message. `on` is the day of the act. */
int store_message_accept(struct store *st, const char *actor, const struct calendar *cal,
			 long long id, zf_day on, struct buf *err);
int store_message_reject(struct store *st, const char *actor, long long id, const char *reason,
			 const char *note, zf_day on, struct buf *err);
int store_message_transfer(struct store *st, const char *actor, const struct calendar *cal,
			   long long id, long long to_agency, const char *reason, zf_day on,
			   struct buf *err);
/* Answers it in the name of its current agency (答复单位); publish only when the writer
 * agreed. */
int store_message_reply(struct store *st, const char *actor, long long id, const char *text,
			zf_day on, bool publish, struct buf *err);
int store_message_publish(struct store *st, const char *actor, long long id, bool publish,
			  struct buf *err);
/* The writer rates a reply (once), found by the query code. */
int store_message_rate(struct store *st, const char *code, const char *rating, zf_day on,
		       struct buf *err);

/* Escalates (督办) every open message whose escalation day has come on `today` (a working
 * day; none on other days), each once even with several servers running it; the number in
 * *count. */
int store_message_escalate(struct store *st, const char *actor, const struct calendar *cal,
			   zf_day today, size_t *count);

struct message {
	long long id;
	enum message_kind kind;
	enum message_status status;
	long long agency_id;
	const char *agency_name;
	const char *title, *body;
	const char *name, *phone, *email; /* personal data: "" when none */
	bool publish_ok, published;
	zf_day received_on, accepted_on, clock_from, due_on; /* 0 when none */
	int limit_days;
	const char *hold_reason;		 /* screening: "duplicate:12", rule id, or "" */
	const char *reject_reason, *reject_note; /* "" when none */
	const char *reply;			 /* "" when none */
	const char *reply_agency_name;		 /* 答复单位 */
	zf_day replied_on, escalated_on, rated_on;
	const char *rating; /* "" when none */
	int transfers;
	const char *query_code;
};
/* How many messages there are (all states). */
int store_message_count(struct store *st, long long *n);
int store_message_get(struct store *st, struct arena *a, long long id, struct message *out);
/* The message with this query code (as typed): 0, ZF_EINVAL (not a code), ZF_ENOENT. */
int store_message_by_code(struct store *st, const char *code, long long *id);

struct message_transfer {
	const char *from_name, *to_name, *reason, *actor;
	zf_day on;
};
int store_message_transfers(struct store *st, struct arena *a, long long id,
			    struct message_transfer **out, size_t *n);

struct message_filter {
	const long long *agencies; /* NULL: any agency; else only these (n of them) */
	size_t nagencies;
	int status;	   /* -1: any */
	int kind;	   /* -1: any */
	bool overdue;	   /* open and past due on `today` */
	bool published;	   /* only published replies (the public list) */
	const char *words; /* in title, body or reply; NULL/"" = any */
	int year;	   /* replied in (published) / received in (else); 0 = any */
	zf_day today;
	size_t limit, offset; /* limit 0 = 20, at most 1000 */
};
/* Messages matching f (the public list newest reply first, else oldest due first), the
 * count without limit in *total. */
int store_message_list(struct store *st, struct arena *a, const struct message_filter *f,
		       struct message **out, size_t *n, long long *total);

#endif
