/* letters.h: the letters of a request beyond the bare reply (web.h) and the way they are
 * approved and numbered:
 * - five kinds: 答复书, 补正告知书 (条例 Art. 30), 延期答复告知书 (Art. 33), 征求第三方意见书
 *   (Art. 32) and 收费通知书 (国办函〔2020〕109号), each with its letter in the number
 *   (复、补、延、征、费);
 * - a clerk (经办人) drafts a letter; a reviewer (审核人, or an administrator) of the agency
 *   signs it (签发) after a confirmation page that names the number about to be taken, or
 *   returns it (退回) with a reason. Only 签发 takes a number; a returned draft stays on
 *   record and the clerk drafts again;
 * - numbers: one sequence per agency, year and kind, printed with the agency's prefix: the
 *   short name, "信", the kind letter: 示政信复〔2026〕第12号 (an agency without a short name
 *   keeps the plain 〔2026〕第12号). The 答复书 keeps the sequence of letter_numbers
 *   (requests.h), so numbers already given go on;
 * - signing a 答复书 is the reply: the REPLIED event, the reply_letters row and the number in
 *   one write (store_reply_issue);
 * - the delivery (送达) of an issued letter: how and when;
 * - the agency's remedy bodies named in its letters: 行政复议机关 and 人民法院.
 * Every write is all-or-nothing and audited (never the letter's text). Written once for both
 * engines (letters.c). */
#ifndef ZF_STORE_LETTERS_H
#define ZF_STORE_LETTERS_H

#include "store/db.h"

enum letter_kind {
	LETTER_REPLY,	     /* 政府信息公开申请答复书 */
	LETTER_SUPPLEMENT,   /* 补正告知书, Art. 30 */
	LETTER_EXTENSION,    /* 延期答复告知书, Art. 33 */
	LETTER_CONSULTATION, /* 征求第三方意见书, Art. 32 */
	LETTER_FEE,	     /* 收费通知书, 国办函〔2020〕109号 */
	LETTER_KINDS
};

/* The stable key ("reply", "supplement", "extension", "consultation", "fee"), the title
 * printed on the letter, and the letter of its number (复、补、延、征、费). Static. */
const char *letter_kind_key(enum letter_kind k);
const char *letter_kind_title(enum letter_kind k);
const char *letter_kind_mark(enum letter_kind k);
/* The kind of a key: 0 or ZF_EINVAL. */
int letter_kind_parse(const char *key, enum letter_kind *out);

/* Writes the number: "{short}信{mark}〔year〕第n号", or "〔year〕第n号" when short_name is
 * empty or NULL. Returns out. */
char *letter_no_format(const char *short_name, enum letter_kind k, int year, int number, char *out,
		       size_t n);

/* Delivery methods (送达方式). */
#define LETTER_DELIVERY_METHODS 4
/* "post", "email", "in_person", "online" and 邮寄、电子邮件、当面、在线; NULL out of range. */
const char *letter_delivery_key(int i);
const char *letter_delivery_label(int i);
/* The label of a key; "" when unknown or NULL. */
const char *letter_delivery_label_of(const char *key);

struct letter {
	long long id;
	long long request_id;
	long long agency_id;
	enum letter_kind kind;
	const char *status;   /* "draft", "returned", "issued" */
	const char *decision; /* 答复书: table-3 row key; "" for others */
	zf_day on;	      /* the letter's date */
	int event_seq;	      /* the event a notice belongs to; 0 for 答复书 */
	const char *addressee;
	const char *agency_name;
	const char *detail;		     /* the clerk's text as typed */
	const char *body;		     /* paragraphs, one per line */
	int year, number;		     /* 0 until issued */
	const char *letter_no;		     /* "" until issued */
	const char *drafted_by, *drafted_at; /* display name, UTC timestamp */
	const char *decided_by, *decided_at; /* who signed or returned it; "" when pending */
	const char *note;		     /* the reason it was returned; "" */
	const char *delivery_method;	     /* key; "" = not delivered yet */
	zf_day delivered_on;
	const char *delivery_by; /* display name; "" */
};

struct letter_new {
	long long request_id;
	enum letter_kind kind;
	const char *decision; /* 答复书 only */
	zf_day on;
	int event_seq;
	const char *addressee;
	const char *agency_name;
	const char *detail;
	const char *body;
};

/* Keeps a draft. Refused (ZF_EINVAL, reason in err): a field missing or too long, a date
 * ahead of today, another draft or an issued letter of the same kind for the same event
 * (答复书: of the request). ZF_ENOENT: no such request. */
int store_letter_draft(struct store *st, const char *actor, const struct letter_new *in,
		       long long *id, struct buf *err);
/* One letter (strings from arena): 0 or ZF_ENOENT. */
int store_letter_get(struct store *st, struct arena *arena, long long id, struct letter *out);
/* The letters of a request, oldest first (array and strings from arena). */
int store_letter_list(struct store *st, struct arena *arena, long long request_id,
		      struct letter **out, size_t *n);
/* The letters of these agencies (at most 1000) with this status ("draft", "returned",
 * "issued"), oldest first for drafts (the reviewer's inbox), newest first otherwise; at most
 * limit (1..500). Array and strings from arena. 0, ZF_EINVAL, ZF_EDB. */
int store_letter_queue(struct store *st, struct arena *arena, const long long *agencies,
		       size_t nagencies, const char *status, size_t limit, struct letter **out,
		       size_t *n);
/* The number 签发 of this letter would take now (for the confirmation page); reads only. */
int store_letter_next_number(struct store *st, const struct letter *l, int *number);
/* The agency's prefix of letter numbers (its short name, "" when none), from arena. */
int store_letter_prefix(struct store *st, struct arena *arena, long long agency_id,
			const char **short_name);

/* Signs a draft: takes the next number of its agency, year and kind, and for a 答复书
 * replies (store_reply_issue: the clock must accept the REPLIED event). expected is the
 * number the signer confirmed: when the next number is another one (someone signed in
 * between), nothing is written and ZF_ESTATE comes back with a reason. Refused: not a draft
 * (ZF_ESTATE), a date ahead of today (ZF_EINVAL). */
int store_letter_issue(struct store *st, const char *actor, const struct calendar *cal,
		       long long id, int expected, struct buf *err);
/* Returns a draft to the clerk with a reason (required, at most 500 characters). */
int store_letter_return(struct store *st, const char *actor, long long id, const char *note,
			struct buf *err);
/* Records the delivery of an issued letter: a method key and a day not before the letter's
 * date and not after today (0 = date_today()). Once only. */
int store_letter_deliver(struct store *st, const char *actor, long long id, const char *method,
			 zf_day on, zf_day today, struct buf *err);

/* ---- per-kind numbering ---- */
/* Takes the next number of an agency's sequence of year and kind (答复书: letter_numbers). */
int store_letter_number_of(struct store *st, const char *actor, long long agency_id, int year,
			   enum letter_kind kind, int *n);
/* The last number of that sequence (0 = none yet). */
int store_letter_number_last_of(struct store *st, long long agency_id, int year,
				enum letter_kind kind, int *last);

/* ---- the remedy bodies named in an agency's letters ---- */
/* The 行政复议机关 and the 人民法院 of an agency ("" when not set; from arena). */
int store_agency_remedy_get(struct store *st, struct arena *arena, long long agency_id,
			    const char **review_body, const char **court);
/* Sets both (NULL = ""; at most 100 characters each). ZF_ENOENT: no such agency. */
int store_agency_remedy_set(struct store *st, const char *actor, long long agency_id,
			    const char *review_body, const char *court, struct buf *err);

#endif
