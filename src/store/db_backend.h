/* db_backend.h: private to src/store/. What a database backend provides to db.c.
 * A backend's connection struct starts with a struct store, so db.c can dispatch on ops. */
#ifndef ZF_DB_BACKEND_H
#define ZF_DB_BACKEND_H

#include "db.h"

struct store_ops {
	const char *name;
	int latest_version;
	int (*open)(const char *target, struct store **out, struct buf *err);
	void (*close)(struct store *st);
	int (*migrate)(struct store *st, int *applied, struct buf *err);
	int (*schema_version)(struct store *st, int *version);
	int (*ping)(struct store *st);
	int (*begin)(struct store *st);
	int (*commit)(struct store *st);
	int (*rollback)(struct store *st);
	int (*agency_add)(struct store *st, long long parent_id, const char *name,
			  enum agency_kind kind, long long *id);
	int (*agency_count)(struct store *st, long long *count);
	int (*agency_list)(struct store *st, struct arena *arena, struct agency **out, size_t *n);
	int (*audit)(struct store *st, const char *actor, const char *action, const char *object,
		     const char *detail);
	int (*audit_count)(struct store *st, long long *count);
};

struct store {
	const struct store_ops *ops;
};

extern const struct store_ops store_sqlite_ops;

/* Maps a kind's stable name back to the enum: 0 or ZF_EINVAL. */
int agency_kind_parse(const char *name, enum agency_kind *out);

#endif
