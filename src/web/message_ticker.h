/* message_ticker.h: the server's 督办 ticker for 政民互动 messages: store_message_escalate
 * for today once at the start (before the server listens, so that what a start escalates is
 * written before any request), then in a thread every few minutes. Several servers of one database
 * may all run it: each message escalates in one conditional write, so it escalates once whoever
 * gets there first. */
#ifndef ZF_WEB_MESSAGE_TICKER_H
#define ZF_WEB_MESSAGE_TICKER_H

struct store_pool;
struct message_ticker;

#define MESSAGE_TICK_SECONDS 600

/* Runs the first escalation, then starts the ticker thread on pool (NULL: none; NULL when
 * the thread cannot start). */
struct message_ticker *message_ticker_start(struct store_pool *pool);
/* Stops and frees it (NULL is fine). */
void message_ticker_stop(struct message_ticker *t);

#endif
