/* clock.h: the statutory clock of a disclosure request (依申请公开), computed from its dated
 * events alone: state, reply deadline (via deadline_compute), days left, side deadlines and the
 * annual-report row of the outcome. Nothing here is stored truth; callers keep the events.
 * Pure: no I/O, no globals. Rules (条例 Arts. 30–36, 国办函〔2020〕109号) and the choices made
 * where the sources are silent:
 * - The first event is RECEIVED; events come in date order (same day allowed), none before it.
 * - REPLIED, SUPPLEMENT_LAPSED, FEE_LAPSED and WITHDRAWN are final: nothing may follow.
 *   Their rows: the reply's decision; other_no_supplement; other_fee_unpaid; other_other.
 *   A reply may not carry other_no_supplement / other_fee_unpaid (record the lapse instead),
 *   and unavailable_still_unclear needs a received supplement.
 * - 补正 is asked once (一次性告知): a second request is refused, so is one while a window is
 *   open or after an extension. Asking after the 7 working days is accepted with a warning (it
 *   happened; the law is broken by the agency, not the sequence). While a supplement is awaited
 *   the period does not run: no due date, no window, no extension. On receipt it restarts and
 *   windows closed before are not counted.
 * - Windows (征求意见, 缴费) start on the day the letter/notice is sent and end at the answer or
 *   payment, or at the addressee's limit counted from delivery, whichever is first. A window
 *   still open counts to its limit (status.suspended). Several consultations may run at once;
 *   an answer closes the oldest open one with the same party and name. One fee notice per
 *   request. A lapse is recorded only after the limit has passed.
 * - Windows and extensions must start on or before the current due date. Extensions total at
 *   most 20 working days and need an approver.
 * - Replying (or any final event) while a window is open is allowed and closes it that day.
 * - Late replies, late answers and late payments are accepted and flagged (warnings, overdue). */
#ifndef ZF_CLOCK_H
#define ZF_CLOCK_H

#include "law/calendar.h"

enum clock_event_kind {
	CLOCK_RECEIVED,		     /* 收到申请 */
	CLOCK_SUPPLEMENT_REQUESTED,  /* 告知补正 */
	CLOCK_SUPPLEMENT_RECEIVED,   /* 收到补正 */
	CLOCK_SUPPLEMENT_LAPSED,     /* 逾期未补正 (final) */
	CLOCK_CONSULTATION_STARTED,  /* 发出征求意见函 */
	CLOCK_CONSULTATION_ANSWERED, /* 收到意见 */
	CLOCK_CONSULTATION_LAPSED,   /* 征求意见期满未答复 */
	CLOCK_EXTENSION_APPROVED,    /* 批准延期 */
	CLOCK_FEE_NOTICE_SENT,	     /* 发出收费通知 */
	CLOCK_FEE_PAID,		     /* 缴费 */
	CLOCK_FEE_LAPSED,	     /* 逾期未缴费 (final) */
	CLOCK_REPLIED,		     /* 答复 (final) */
	CLOCK_WITHDRAWN,	     /* 撤回申请 (final) */
	CLOCK_EVENT_KINDS
};

/* How the request arrived; fixes what its legal receipt date is (条例 Art. 31). */
enum clock_channel {
	CLOCK_IN_PERSON, /* 当面: the day it is handed in */
	CLOCK_POST,	 /* 邮寄 (signed for): the day the agency signs */
	CLOCK_LETTER,	 /* 平常信函: the day receipt is confirmed with the applicant */
	CLOCK_ONLINE,	 /* 网络: the day both sides confirm */
	CLOCK_FAX,	 /* 传真: the day both sides confirm */
	CLOCK_CHANNELS
};

/* Who is consulted (征求意见). */
enum clock_party {
	CLOCK_THIRD_PARTY, /* 第三方, Art. 32 */
	CLOCK_CO_MAKER,	   /* 共同制作机关, Art. 34 */
	CLOCK_PARTIES
};

/* A dated event. Fields other than kind and on are read only by the kinds named beside them;
 * a date field left 0 means "not given". Strings are borrowed. */
struct clock_event {
	enum clock_event_kind kind;
	zf_day on; /* the event's date; for RECEIVED the legal receipt date (收到申请之日) */

	enum clock_channel channel; /* RECEIVED */
	zf_day arrived;		    /* RECEIVED: raw arrival date (<= on); 0 = same as on */
	zf_day until;		/* SUPPLEMENT_REQUESTED: end of the period given (补正期限) */
	enum clock_party party; /* CONSULTATION_*: who is consulted */
	const char *who;	/* CONSULTATION_*: name, to pair an answer with its letter */
	zf_day delivered;	/* CONSULTATION_STARTED, FEE_NOTICE_SENT: the day the letter
				   or notice reached its addressee; 0 = same as on */
	int days;		/* EXTENSION_APPROVED: working days, 1..20 */
	const char *approver;	/* EXTENSION_APPROVED: who consented (负责人), required */
	const char *decision;	/* REPLIED: table-3 row key (see decision.h), required */
	const char *letter_no;	/* REPLIED: number of the reply letter; may be NULL */
};

/* Longest history accepted. */
#define CLOCK_MAX_EVENTS 512
/* Side deadlines, in working days (spec/deadlines.md). */
#define CLOCK_SUPPLEMENT_NOTICE_DAYS 7	/* Art. 30: ask for the supplement within 7 days */
#define CLOCK_CONSULTATION_DAYS	     15 /* Arts. 32, 34: the consulted answer within 15 */
#define CLOCK_PAYMENT_DAYS	     20 /* 109号: pay within 20 from the day after notice */
/* A letter delivered more than this many calendar days after it was sent is a typing error. */
#define CLOCK_MAX_DELIVERY_DAYS 60

/* A window in which the reply period stands still (征求意见, 缴费): working days d with
 * from < d <= to are not counted. */
struct clock_window {
	bool fee;		/* false: consultation; true: fee window */
	enum clock_party party; /* consultation only */
	const char *who;	/* consultation only; borrowed from the event, may be NULL */
	zf_day from;		/* letter / notice sent */
	zf_day delivered;	/* reached the addressee */
	zf_day limit; /* the addressee's last day (15 / 20 working days after delivered) */
	zf_day to;    /* end of the window: answer/payment, limit, or the closing event */
	bool open;    /* no answer/payment/lapse yet: `to` is the limit */
	bool counted; /* false when a later supplement restarted the clock */
};

enum clock_warnings {
	CLOCK_WARN_SUPPLEMENT_LATE = 1 << 0, /* supplement asked after the 7 working days */
	CLOCK_WARN_ANSWER_LATE = 1 << 1,     /* consultation answered after its 15 days */
	CLOCK_WARN_PAYMENT_LATE = 1 << 2,    /* fee paid after its 20 days */
	CLOCK_WARN_REPLY_LATE = 1 << 3,	     /* replied after the due date */
};

struct clock_status {
	const char *state;	 /* key: processing, awaiting_supplement, consulting, awaiting_fee,
				    replied, closed_no_supplement, closed_fee_unpaid, withdrawn */
	const char *state_label; /* Chinese, e.g. "征求意见中" */
	bool closed;
	zf_day closed_on;	/* the final event's date, when closed */
	const char *report_row; /* table-3 row key of the outcome; NULL while open */
	const char *letter_no;	/* REPLIED's letter number (borrowed), else NULL */

	enum clock_channel channel;
	zf_day received; /* 收到申请之日 */
	zf_day arrived;	 /* raw arrival date */

	bool running;	       /* the reply period runs (false while a supplement is awaited) */
	zf_day start;	       /* the count starts the day after (received or supplemented) */
	zf_day due;	       /* the last day to reply; valid when running or closed by reply */
	bool has_due;	       /* due is meaningful */
	int working_days;      /* 20 + extension + excluded */
	int excluded_days;     /* working days inside the windows */
	int extension;	       /* approved extension, working days */
	bool provisional;      /* some date lies in a year the calendar does not cover */
	bool suspended;	       /* a window is open: due assumes it runs to its limit */
	int days_left;	       /* calendar days from today to due (negative when past); open only */
	int working_days_left; /* working days from today to due (negative when past); open only */
	bool overdue;	       /* open and today > due, or replied after due */

	zf_day supplement_notice_due; /* received + 7 working days */
	zf_day supplement_requested;  /* 0 = none */
	zf_day supplement_until;      /* period given to the applicant; 0 = not stated */
	zf_day supplement_received;   /* 0 = none */

	struct clock_window *windows; /* owned, in the order they opened */
	size_t nwindows;
	unsigned warnings; /* enum clock_warnings */

	char **steps; /* how the due date was reached, then notes; Chinese (owned) */
	size_t nsteps;
};

/* Checks a whole history, event by event. On the first impossible or malformed event returns
 * ZF_ESTATE (impossible sequence), ZF_EINVAL or ZF_ERANGE (bad field), writes a Chinese reason
 * into err and its index into *bad (err and bad may be NULL; ZF_ETOOBIG and *bad = n when there
 * are more than CLOCK_MAX_EVENTS). Returns 0 when all are acceptable. */
int clock_check(const struct calendar *cal, const struct clock_event *ev, size_t n, size_t *bad,
		struct buf *err);
/* Checks whether `next` may be appended to a history (which must itself be valid): 0, or the
 * error of clock_check with the reason in err. Use it before storing a new event. */
int clock_apply(const struct calendar *cal, const struct clock_event *history, size_t n,
		const struct clock_event *next, struct buf *err);
/* Computes the status of a valid history as of `today`. On error as clock_check. On success
 * *out is owned (free with clock_status_free) and borrows strings from ev. */
int clock_compute(const struct calendar *cal, const struct clock_event *ev, size_t n, zf_day today,
		  struct clock_status *out, struct buf *err);
void clock_status_free(struct clock_status *st);

/* Stable keys ("received", "supplement_requested", …, "in_person", "post", …, "third_party",
 * "co_maker") and Chinese labels of the enums (static strings; "?" when out of range). */
const char *clock_event_key(enum clock_event_kind kind);
const char *clock_event_label(enum clock_event_kind kind);
const char *clock_channel_key(enum clock_channel ch);
const char *clock_channel_label(enum clock_channel ch);
const char *clock_party_key(enum clock_party p);
const char *clock_party_label(enum clock_party p);
/* Parse a key back; the enum value, or ZF_ENOENT. */
int clock_event_kind_by_key(struct str key);
int clock_channel_by_key(struct str key);
int clock_party_by_key(struct str key);

#endif
