/* message_ticker.h: the server's 督办 ticker for 政民互动 messages: a thread that runs
 * store_message_escalate for today every few minutes (the first run shortly after the
 * start). Several servers of one database may all run it: each message escalates in one
 * conditional write, so it escalates once whoever gets there first. */
#ifndef ZF_WEB_MESSAGE_TICKER_H
#define ZF_WEB_MESSAGE_TICKER_H

struct store_pool;
struct message_ticker;

#define MESSAGE_TICK_SECONDS 600

/* Starts the ticker on pool (NULL: none; NULL when the thread cannot start). */
struct message_ticker *message_ticker_start(struct store_pool *pool);
/* Stops and frees it (NULL is fine). */
void message_ticker_stop(struct message_ticker *t);

#endif
