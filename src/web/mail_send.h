/* mail_send.h: delivers the outbox (store/applicant.h) over SMTP through libcurl: claims due
 * rows, sends each as a UTF-8 text message (subject RFC 2047 encoded, body base64), and
 * records the outcome. Used by `zfxxgk serve` (a thread that runs every mail_interval
 * seconds) and by `zfxxgk mail send`. The SMTP password is read from the environment
 * variable ZFXXGK_SMTP_PASSWORD (never stored in the database). */
#ifndef ZF_WEB_MAIL_SEND_H
#define ZF_WEB_MAIL_SEND_H

#include "store/applicant.h"

#include <time.h>

struct store_pool;

/* Writes the whole message (headers and body, CRLF line ends) for row m from `from`, dated
 * now (shown in UTC+8). ZF_EINVAL when an address could break a header (CR, LF, '<', '>'). */
int mail_message_build(const char *from, const struct mail_row *m, time_t now, struct buf *out);

/* Appends s as RFC 2047 encoded words (=?UTF-8?B?...?=), folded so that no line exceeds 76
 * characters; plain ASCII without specials is appended as it is. */
void mail_header_encode(struct buf *out, const char *s);

struct mail_send_stats {
	bool configured; /* false: no SMTP host set, nothing was claimed */
	size_t sent, failed;
};
/* One pass: claims up to max due rows (as claimer) and sends them with the settings of the
 * database. 0 (see stats) or a store error. */
int mail_send_due(struct store *st, const char *claimer, size_t max, struct mail_send_stats *stats);

/* A name for this process as a claimer: "host:pid:random". */
void mail_claimer_name(char *out, size_t len);

/* Starts a thread that calls mail_send_due every interval seconds with a connection of pool;
 * returns an owned handle (NULL when the thread cannot start). */
struct mail_ticker *mail_ticker_start(struct store_pool *pool, long interval);
/* Stops the thread and frees the handle (NULL is fine). */
void mail_ticker_stop(struct mail_ticker *t);

#endif
