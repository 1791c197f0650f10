/* integrity_cache.c: the compiled rule set in force, pooled (integrity_cache.h). One process
 * keeps a few checkers built from the version in force; each is lent to one thread at a time.
 * On every acquire the database is asked which version is in force (one cheap query), so a
 * version loaded by another server or by the command line replaces the pooled checkers: the
 * idle ones are freed at once, the lent ones when they come back. */
#include "common.h"
#include "arena.h"
#include "ingest/site_check.h"
#include "log.h"
#include "store/integrity.h"
#include "web/integrity_cache.h"

#include <pthread.h>

#define CACHE_MAX 16 /* checkers kept; more lent at once are built and freed */

struct entry {
	struct site_checker *c;
	int64_t version;
	bool lent;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry pool[CACHE_MAX];
static size_t npool;
static int64_t current = -1; /* the version the pool was built for */

/* Frees the idle checkers of other versions (under the lock). */
static void drop_stale(void)
{
	size_t k = 0;
	for (size_t i = 0; i < npool; i++) {
		if (!pool[i].lent && pool[i].version != current) {
			site_checker_free(pool[i].c);
			continue;
		}
		pool[k++] = pool[i];
	}
	npool = k;
}

int integrity_checker_acquire(struct store *s, struct site_checker **out, struct buf *err)
{
	*out = NULL;
	int64_t version = 0;
	int rc = store_integrity_rules_active_id(s, &version);
	if (rc) {
		if (err)
			buf_setf(err, "读取规则集失败（数据库错误）");
		return rc;
	}
	pthread_mutex_lock(&lock);
	if (version != current) {
		current = version;
		drop_stale();
	}
	for (size_t i = 0; i < npool; i++)
		if (!pool[i].lent && pool[i].version == version) {
			pool[i].lent = true;
			*out = pool[i].c;
			pthread_mutex_unlock(&lock);
			return 0;
		}
	pthread_mutex_unlock(&lock);

	/* build one outside the lock: compiling a large set takes time */
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	const char *text = NULL;
	size_t n = 0;
	int64_t got = 0;
	rc = store_integrity_rules_active(s, a, &text, &n, &got);
	if (rc) {
		if (err)
			buf_setf(err, "读取规则集失败（数据库错误）");
		arena_free(a);
		return rc;
	}
	struct site_checker *c = NULL;
	rc = site_checker_new(text, n, &c, err);
	arena_free(a);
	if (rc)
		return rc;
	log_info("integrity rule set compiled version=%lld", (long long)got);
	pthread_mutex_lock(&lock);
	if (got != current) { /* a newer version came in meanwhile: lend it, don't pool it */
		if (got > current) {
			current = got;
			drop_stale();
		}
	}
	if (npool < CACHE_MAX) {
		pool[npool].c = c;
		pool[npool].version = got;
		pool[npool].lent = true;
		npool++;
	}
	pthread_mutex_unlock(&lock);
	*out = c;
	return 0;
}

void integrity_checker_release(struct site_checker *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < npool; i++) {
		if (pool[i].c != c)
			continue;
		pool[i].lent = false;
		if (pool[i].version != current) {
			site_checker_free(c);
			pool[i] = pool[--npool];
		}
		pthread_mutex_unlock(&lock);
		return;
	}
	pthread_mutex_unlock(&lock);
	site_checker_free(c); /* built while the pool was full */
}
