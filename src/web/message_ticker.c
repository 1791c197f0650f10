/* message_ticker.c: the 督办 ticker of 政民互动 messages (message_ticker.h). */
#include "common.h"
#include "date.h"
#include "log.h"
#include "message_ticker.h"
#include "page_public.h"
#include "store/db.h"
#include "store/messages.h"

#include <pthread.h>
#include <time.h>

struct message_ticker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	struct store_pool *pool;
};

static void tick(struct message_ticker *t)
{
	const struct calendar *cal = public_calendar();
	struct store *st = cal ? store_pool_get(t->pool) : NULL;
	if (!st)
		return;
	size_t n = 0;
	int rc = store_message_escalate(st, "system", cal, date_today(), &n);
	if (rc)
		log_warn("message escalation failed error=\"%s\"", zf_strerror(rc));
	else if (n)
		log_info("messages escalated count=%zu", n);
	store_pool_put(t->pool, st, store_broken(st));
}

static void *ticker_main(void *arg)
{
	struct message_ticker *t = arg;
	pthread_mutex_lock(&t->lock);
	while (!t->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += MESSAGE_TICK_SECONDS;
		while (!t->stop && pthread_cond_timedwait(&t->wake, &t->lock, &until) == 0)
			;
		if (t->stop)
			break;
		pthread_mutex_unlock(&t->lock);
		tick(t);
		pthread_mutex_lock(&t->lock);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct message_ticker *message_ticker_start(struct store_pool *pool)
{
	if (!pool)
		return NULL;
	struct message_ticker *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->pool = pool;
	tick(t); /* the first run before the caller goes on (the server before it listens) */
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->wake, NULL);
	if (pthread_create(&t->thread, NULL, ticker_main, t)) {
		pthread_mutex_destroy(&t->lock);
		pthread_cond_destroy(&t->wake);
		free(t);
		return NULL;
	}
	return t;
}

void message_ticker_stop(struct message_ticker *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->wake);
	free(t);
}
