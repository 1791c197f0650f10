/* consult.h: 意见征集 (public consultations on draft policies) and 在线访谈 (online interviews)
 * in the store.
 *
 * A consultation belongs to an agency: a title, the draft text, its 起草说明, a period
 * (opens_on..closes_on, inclusive), and a status that only moves forward: draft → open →
 * closed → result (采纳情况 published). The public comments while it is open and the day is
 * inside the period; a comment keeps a name (optional or required, per consultation), a
 * contact that is never published, the text and when it came. Comments are shown publicly
 * only when the agency chose so (comments_public, default no), and never one the clerk
 * withheld. Each comment gets an outcome (采纳, 部分采纳, 未采纳 with a reason); the 采纳情况
 * is published once every comment has one: its counts are counted from the outcomes, so
 * 收到 = 采纳 + 部分采纳 + 未采纳 by construction, and a text that explains them (reasons
 * grouped, or per comment).
 *
 * An interview belongs to an agency: title, announcement, when it takes place, guests (name
 * and title), questions sent in beforehand by the public while it is announced (moderated:
 * pending → approved or rejected; an approved one may be marked answered with its answer),
 * and a status: announced → live → finished → published (the transcript, lines of
 * "发言人：话").
 *
 * Every write is one all-or-nothing transaction with one audit line; a refused write changes
 * nothing and explains itself in Chinese in err (may be NULL). Strings passed in are
 * borrowed; strings and arrays handed out come from the arena passed in. Personal data
 * (contacts) never goes into the audit log. */
#ifndef ZF_STORE_CONSULT_H
#define ZF_STORE_CONSULT_H

#include "buf.h"
#include "date.h"

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct store;

/* Limits, in characters (code points). */
#define CONSULT_TITLE_MAX	 100
#define CONSULT_DRAFT_MAX	 50000
#define CONSULT_EXPLAIN_MAX	 20000
#define CONSULT_RESULT_MAX	 20000
#define CONSULT_NAME_MAX	 50
#define CONSULT_CONTACT_MAX	 100
#define CONSULT_COMMENT_MAX	 2000
#define CONSULT_REASON_MAX	 500
#define CONSULT_PERIOD_MAX	 366 /* days */
#define INTERVIEW_ANNOUNCE_MAX	 5000
#define INTERVIEW_GUEST_MAX	 50 /* name; the title may be twice as long */
#define INTERVIEW_GUESTS_MAX	 20
#define INTERVIEW_QUESTION_MAX	 1000
#define INTERVIEW_ANSWER_MAX	 5000
#define INTERVIEW_TRANSCRIPT_MAX 100000

/* True when s is valid UTF-8 of at most max code points without control characters (line
 * breaks and tabs allowed when multiline). */
bool consult_text_ok(const char *s, size_t max, bool multiline);

/* ---------------------------------------------------------------- consultations */

enum consult_status {
	CONSULT_DRAFT,	/* 草稿: not public */
	CONSULT_OPEN,	/* 征集中 */
	CONSULT_CLOSED, /* 已截止: 采纳情况 being written */
	CONSULT_RESULT, /* 已公布采纳情况 */
};
const char *consult_status_key(enum consult_status s);	 /* "draft", "open", … */
const char *consult_status_label(enum consult_status s); /* 草稿, 征集中, 已截止, 已反馈 */
int consult_status_parse(const char *key);		 /* -1 when unknown */

enum consult_outcome {
	OUTCOME_PENDING,  /* 待处理 */
	OUTCOME_ADOPTED,  /* 采纳 */
	OUTCOME_PARTIAL,  /* 部分采纳 */
	OUTCOME_REJECTED, /* 未采纳 */
};
const char *consult_outcome_key(enum consult_outcome o); /* "pending", "adopted", … */
const char *consult_outcome_label(enum consult_outcome o);
int consult_outcome_parse(const char *key); /* -1 when unknown */

/* What a clerk writes. */
struct consultation_fields {
	long long agency_id;	    /* fixed once created */
	const char *title;	    /* required, one line */
	const char *draft;	    /* 征求意见稿, required */
	const char *explanation;    /* 起草说明; may be "" */
	zf_day opens_on, closes_on; /* required, opens_on <= closes_on, at most a year */
	bool name_required;	    /* comments must carry a name */
	bool comments_public;	    /* comments shown on the public page */
};

struct consultation {
	long long id;
	struct consultation_fields f;
	const char *agency_name;
	enum consult_status status;
	/* counted from the comments' outcomes */
	long long nreceived, nadopted, npartial, nrejected, npending;
	const char *result_text;    /* "" until published */
	zf_day result_published_on; /* 0 until published */
	const char *created_at, *updated_at;
};

/* Days left to comment on `today`, the closing day included (0 when closed or not open). */
int consult_days_left(const struct consultation *c, zf_day today);
/* True when the public may comment on `today`: open and today in the period. */
bool consult_accepting(const struct consultation *c, zf_day today);

/* Adds a consultation as a draft (its id in *id, may be NULL). ZF_EINVAL for a bad field,
 * ZF_ENOENT for an unknown agency. */
int store_consult_add(struct store *st, const char *actor, const struct consultation_fields *f,
		      long long *id, struct buf *err);
/* Rewrites its fields (not the agency) while it is a draft or open; ZF_ESTATE after. */
int store_consult_edit(struct store *st, const char *actor, long long id,
		       const struct consultation_fields *f, struct buf *err);
/* Moves it one step: draft → open, open → closed. ZF_ESTATE for another move. Opening needs
 * a period that has not ended on `today`. */
int store_consult_move(struct store *st, const char *actor, long long id, enum consult_status to,
		       zf_day today, struct buf *err);
/* Chooses whether comments are shown on the public page. */
int store_consult_set_public(struct store *st, const char *actor, long long id, bool on,
			     struct buf *err);
/* Publishes the 采纳情况 (closed → result): needs every comment judged and a text. */
int store_consult_publish_result(struct store *st, const char *actor, long long id,
				 const char *text, zf_day today, struct buf *err);

int store_consult_get(struct store *st, struct arena *a, long long id, struct consultation *out);
/* The consultations of an agency (0 = all), open ones first (closing soonest first), then
 * the rest newest first; public_only leaves drafts out. */
int store_consult_list(struct store *st, struct arena *a, long long agency_id, bool public_only,
		       struct consultation **out, size_t *n);

/* A comment from the public. */
struct consult_comment_new {
	const char *name;    /* "" when none */
	const char *contact; /* phone or e-mail, never published; "" when none */
	const char *body;    /* required */
	/* when it came, a UTC timestamp 'YYYY-MM-DDTHH:MM:SSZ' on the day it is taken (for
	 * comments received by letter and for the demo); NULL = now */
	const char *submitted_at;
};

struct consult_comment {
	long long id;
	long long consultation_id;
	const char *name, *contact, *body;
	const char *submitted_at; /* UTC timestamp */
	enum consult_outcome outcome;
	const char *reason; /* why not (or how) adopted; "" when none */
	bool withheld;	    /* the clerk keeps it off the public page */
};

/* Takes a comment on `today`: ZF_ESTATE (with why: not yet open, closed) outside the
 * period, ZF_EINVAL for a bad field, ZF_ENOENT for no such (public) consultation. */
int store_consult_comment_add(struct store *st, const char *actor, long long consultation_id,
			      zf_day today, const struct consult_comment_new *c, long long *id,
			      struct buf *err);
/* Judges a comment (its outcome and reason) and withholds it or not; ZF_ESTATE once the
 * 采纳情况 is published. */
int store_consult_comment_judge(struct store *st, const char *actor, long long comment_id,
				enum consult_outcome outcome, const char *reason, bool withheld,
				struct buf *err);
/* The comments, oldest first; public_only: only those the public may read (the
 * consultation's comments are public and the comment is not withheld). */
int store_consult_comments(struct store *st, struct arena *a, long long consultation_id,
			   bool public_only, struct consult_comment **out, size_t *n);
/* One comment: 0 or ZF_ENOENT. */
int store_consult_comment_get(struct store *st, struct arena *a, long long id,
			      struct consult_comment *out);

/* ---------------------------------------------------------------- interviews */

enum interview_status {
	INTERVIEW_ANNOUNCED, /* 预告: questions collected */
	INTERVIEW_LIVE,	     /* 正在直播 */
	INTERVIEW_FINISHED,  /* 已结束: transcript being written */
	INTERVIEW_PUBLISHED, /* 已公布文字实录 */
};
const char *interview_status_key(enum interview_status s);
const char *interview_status_label(enum interview_status s);
int interview_status_parse(const char *key);

struct interview_fields {
	long long agency_id;
	const char *title;	  /* required */
	const char *announcement; /* 访谈预告, required */
	zf_day held_on;		  /* required */
	int held_minute;	  /* minutes after midnight, Beijing time, 0..1439 */
};

struct interview_guest {
	long long id;
	const char *name, *title;
};

struct interview {
	long long id;
	struct interview_fields f;
	const char *agency_name;
	enum interview_status status;
	const char *transcript; /* "" until written */
	zf_day published_on;	/* the transcript's; 0 until published */
	struct interview_guest *guests;
	size_t nguests;
	long long nquestions, npending; /* questions sent in; of them waiting for moderation */
};

int store_interview_add(struct store *st, const char *actor, const struct interview_fields *f,
			long long *id, struct buf *err);
/* Rewrites the fields (not the agency) until the transcript is published. */
int store_interview_edit(struct store *st, const char *actor, long long id,
			 const struct interview_fields *f, struct buf *err);
/* announced → live → finished → published; announced → finished is allowed (no live
 * broadcast). Publishing needs a transcript. */
int store_interview_move(struct store *st, const char *actor, long long id,
			 enum interview_status to, zf_day today, struct buf *err);
/* Saves the transcript (not once published). */
int store_interview_transcript(struct store *st, const char *actor, long long id, const char *text,
			       struct buf *err);
/* Adds a guest (at most INTERVIEW_GUESTS_MAX) / removes one, before publication. */
int store_interview_guest_add(struct store *st, const char *actor, long long interview_id,
			      const char *name, const char *title, struct buf *err);
int store_interview_guest_remove(struct store *st, const char *actor, long long guest_id,
				 struct buf *err);

int store_interview_get(struct store *st, struct arena *a, long long id, struct interview *out);
/* The interviews of an agency (0 = all), announced and live ones first (soonest first), then
 * the rest newest first. Guests are not loaded (nguests = 0). */
int store_interview_list(struct store *st, struct arena *a, long long agency_id,
			 struct interview **out, size_t *n);

enum question_state {
	QUESTION_PENDING,  /* 待审核 */
	QUESTION_APPROVED, /* 已采用: shown publicly */
	QUESTION_REJECTED, /* 不予采用 */
};
const char *question_state_key(enum question_state s);
const char *question_state_label(enum question_state s);
int question_state_parse(const char *key);

struct interview_question {
	long long id;
	long long interview_id;
	const char *name, *contact, *body;
	const char *submitted_at;
	enum question_state state;
	bool answered;
	const char *answer; /* "" when none */
};

/* A question from the public, while the interview is announced: ZF_ESTATE after. name is
 * optional, contact never published. */
int store_interview_question_add(struct store *st, const char *actor, long long interview_id,
				 const char *name, const char *contact, const char *body,
				 long long *id, struct buf *err);
/* Moderates a question; answered (with an optional answer) only when approved. */
int store_interview_question_moderate(struct store *st, const char *actor, long long question_id,
				      enum question_state state, bool answered, const char *answer,
				      struct buf *err);
/* The questions, oldest first; public_only: the approved ones. */
int store_interview_questions(struct store *st, struct arena *a, long long interview_id,
			      bool public_only, struct interview_question **out, size_t *n);
int store_interview_question_get(struct store *st, struct arena *a, long long id,
				 struct interview_question *out);

/* ---------------------------------------------------------------- statistics */

/* For the oversight pages: the consultations of agency_id (0 = every agency) opened to the
 * public in [from, to] (发布征集调查事项 N 期: opens_on in the range, not a draft), and its
 * interviews held in [from, to] that took place (live, finished or published: 开展在线访谈
 * N 期). from/to 0 = open. */
int store_consult_counts(struct store *st, long long agency_id, zf_day from, zf_day to,
			 long long *nconsultations, long long *ninterviews);

#endif
