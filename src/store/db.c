/* db.c: the store front: picks a backend by target (a postgresql:// or postgres:// URI is
 * PostgreSQL, anything else an SQLite file), validates input once for all backends, seeds
 * the demo data, and pools connections for the server. */
#include "common.h"
#include "db_backend.h"
#include "log.h"
#include "utf8.h"

#include <pthread.h>

static const char *const kind_names[] = {
    [AGENCY_GOVERNMENT] = "government",
    [AGENCY_DEPARTMENT] = "department",
    [AGENCY_TOWN] = "town",
    [AGENCY_OTHER] = "other",
};

const char *agency_kind_name(enum agency_kind kind)
{
	if ((size_t)kind >= ARRAY_SIZE(kind_names))
		return NULL;
	return kind_names[kind];
}

int agency_kind_parse(const char *name, enum agency_kind *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(kind_names); i++) {
		if (strcmp(kind_names[i], name) == 0) {
			*out = (enum agency_kind)i;
			return 0;
		}
	}
	return ZF_EINVAL;
}

int store_open(const char *target, struct store **out, struct buf *err)
{
	*out = NULL;
	if (!target || !*target) {
		if (err)
			buf_adds(err, "没有指定数据库");
		return ZF_EINVAL;
	}
	if (store_target_is_pg(target))
		return store_pg_ops.open(target, out, err);
	return store_sqlite_ops.open(target, out, err);
}

bool store_target_is_pg(const char *target)
{
	return target && (strncmp(target, "postgresql://", 13) == 0 ||
			  strncmp(target, "postgres://", 11) == 0);
}

/* Appends s[0..n) to out, or "***" when it is a password. */
static void add_part(struct buf *out, const char *s, size_t n, bool secret)
{
	if (secret)
		buf_adds(out, "***");
	else
		buf_add(out, s, n);
}

void store_target_redact(const char *target, struct buf *out)
{
	if (!store_target_is_pg(target)) {
		buf_adds(out, target ? target : "");
		return;
	}
	/* postgresql://[user[:password]@][host][:port][/dbname][?key=value&...] */
	const char *auth = strstr(target, "://") + 3;
	size_t alen = strcspn(auth, "/?");
	const char *at = NULL;
	for (const char *p = auth; p < auth + alen; p++)
		if (*p == '@')
			at = p; /* the last one: an unescaped '@' in a password comes before it */
	buf_add(out, target, (size_t)(auth - target));
	if (at) {
		size_t ulen = strcspn(auth, ":");
		if (auth + ulen < at) {
			buf_add(out, auth, ulen + 1);
			add_part(out, NULL, 0, true);
		} else {
			buf_add(out, auth, (size_t)(at - auth));
		}
		buf_add(out, at, alen - (size_t)(at - auth));
	} else {
		buf_add(out, auth, alen);
	}
	const char *rest = auth + alen;
	const char *q = strchr(rest, '?');
	if (!q) {
		buf_adds(out, rest);
		return;
	}
	buf_add(out, rest, (size_t)(q + 1 - rest));
	for (const char *p = q + 1; *p;) {
		size_t len = strcspn(p, "&");
		size_t klen = strcspn(p, "=&");
		bool secret = klen < len && klen == 8 && strncmp(p, "password", 8) == 0;
		buf_add(out, p, klen < len ? klen + 1 : len);
		if (klen < len)
			add_part(out, p + klen + 1, len - klen - 1, secret);
		p += len;
		if (*p == '&') {
			buf_addch(out, '&');
			p++;
		}
	}
}

void store_close(struct store *st)
{
	if (st)
		st->ops->close(st);
}

const char *store_backend(const struct store *st)
{
	return st->ops->name;
}

int store_migrate(struct store *st, int *applied, struct buf *err)
{
	return st->ops->migrate(st, applied, err);
}

int store_schema_version(struct store *st, int *version)
{
	return st->ops->schema_version(st, version);
}

int store_schema_latest(const struct store *st)
{
	return st->ops->latest_version;
}

int store_ping(struct store *st)
{
	return st->ops->ping(st);
}

int store_agency_add(struct store *st, long long parent_id, const char *name, enum agency_kind kind,
		     long long *id)
{
	size_t len = name ? strlen(name) : 0;
	if (len == 0 || !utf8_valid(name, len) || utf8_count(name, len) > 100 ||
	    !agency_kind_name(kind) || parent_id < 0)
		return ZF_EINVAL;
	return st->ops->agency_add(st, parent_id, name, kind, id);
}

int store_agency_count(struct store *st, long long *count)
{
	return st->ops->agency_count(st, count);
}

int store_agency_list(struct store *st, struct arena *arena, struct agency **out, size_t *n)
{
	return st->ops->agency_list(st, arena, out, n);
}

int store_audit(struct store *st, const char *actor, const char *action, const char *object,
		const char *detail)
{
	if (!actor || !*actor || !action || !*action)
		return ZF_EINVAL;
	return st->ops->audit(st, actor, action, object, detail);
}

int store_audit_count(struct store *st, long long *count)
{
	return st->ops->audit_count(st, count);
}

int store_seed_demo(struct store *st, bool *seeded)
{
	static const char *const departments[] = {
	    "示例区人民政府办公室",
	    "示例区住房和城乡建设局",
	};
	long long count = 0, gov = 0;
	*seeded = false;
	int rc = st->ops->begin(st);
	if (rc)
		return rc;
	rc = store_agency_count(st, &count);
	if (rc || count > 0)
		goto done;
	rc = store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov);
	for (size_t i = 0; !rc && i < ARRAY_SIZE(departments); i++)
		rc = store_agency_add(st, gov, departments[i], AGENCY_DEPARTMENT, NULL);
	if (!rc)
		rc = store_audit(st, "system", "demo.seed", "agencies", "示例区人民政府及两个部门");
	if (!rc)
		*seeded = true;
done:
	if (rc) {
		st->ops->rollback(st);
		*seeded = false;
		return rc;
	}
	return st->ops->commit(st);
}

struct store_pool {
	char *target;
	size_t size;  /* most connections at once */
	size_t count; /* connections that exist or are being opened */
	size_t nidle;
	struct store **idle;
	pthread_mutex_t lock;
	pthread_cond_t returned;
};

struct store_pool *store_pool_new(const char *target, size_t size)
{
	struct store_pool *p = xcalloc(1, sizeof(*p));
	p->target = xstrdup(target);
	p->size = size ? size : 1;
	p->idle = xcalloc(p->size, sizeof(*p->idle));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->returned, NULL);
	return p;
}

void store_pool_free(struct store_pool *p)
{
	if (!p)
		return;
	if (p->count != p->nidle)
		BUG("store pool freed with %zu connections in use", p->count - p->nidle);
	for (size_t i = 0; i < p->nidle; i++)
		store_close(p->idle[i]);
	pthread_cond_destroy(&p->returned);
	pthread_mutex_destroy(&p->lock);
	free(p->idle);
	free(p->target);
	free(p);
}

struct store *store_pool_get(struct store_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->nidle == 0 && p->count >= p->size)
		pthread_cond_wait(&p->returned, &p->lock);
	if (p->nidle > 0) {
		struct store *st = p->idle[--p->nidle];
		pthread_mutex_unlock(&p->lock);
		return st;
	}
	p->count++; /* reserve a slot, open outside the lock */
	pthread_mutex_unlock(&p->lock);

	struct store *st = NULL;
	struct buf err = BUF_INIT;
	int rc = store_open(p->target, &st, &err);
	if (rc) {
		struct buf shown = BUF_INIT;
		store_target_redact(p->target, &shown);
		log_error("store open failed target=\"%s\" error=\"%s\"", buf_cstr(&shown),
			  buf_cstr(&err));
		buf_free(&shown);
		pthread_mutex_lock(&p->lock);
		p->count--;
		pthread_cond_signal(&p->returned);
		pthread_mutex_unlock(&p->lock);
	}
	buf_free(&err);
	return st;
}

void store_pool_put(struct store_pool *p, struct store *st, bool broken)
{
	if (!st)
		return;
	if (broken)
		store_close(st);
	pthread_mutex_lock(&p->lock);
	if (broken)
		p->count--;
	else
		p->idle[p->nidle++] = st;
	pthread_cond_signal(&p->returned);
	pthread_mutex_unlock(&p->lock);
}
