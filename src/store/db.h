/* db.h: the store, zfxxgk's one interface to its database. Callers never see the engine:
 * a struct store is one connection to a backend chosen by the target string. Today the
 * backend is SQLite (target = a file path); a PostgreSQL backend ("postgresql://...")
 * plugs in behind the same functions.
 * A struct store is used by one thread at a time; a server gives each worker thread its own
 * through a struct store_pool. */
#ifndef ZF_STORE_DB_H
#define ZF_STORE_DB_H

#include "buf.h"

struct arena;
struct store;
struct store_pool;

/* Opens a connection to target. The file's directory must exist; the file is created
 * when missing. On failure returns ZF_ENOENT/ZF_EDB/ZF_EINVAL and writes a Chinese
 * message to err (if not NULL). Returns an owned handle in *out: free with store_close. */
int store_open(const char *target, struct store **out, struct buf *err);
void store_close(struct store *st);
/* Name of the backend ("sqlite"). */
const char *store_backend(const struct store *st);

/* Applies every migration not yet recorded in schema_migrations, each in its own
 * transaction; running it again does nothing. Stores how many were applied in *applied
 * (may be NULL). Refuses (ZF_ESTATE) a database newer than this program. */
int store_migrate(struct store *st, int *applied, struct buf *err);
/* The highest migration applied (0 for an empty database), and the highest this program
 * knows. */
int store_schema_version(struct store *st, int *version);
int store_schema_latest(const struct store *st);

/* Checks that the connection answers a trivial query: 0 or ZF_EDB. */
int store_ping(struct store *st);

/* 机关: one node of the agency tree (a government and its departments, towns...). */
enum agency_kind {
	AGENCY_GOVERNMENT,
	AGENCY_DEPARTMENT,
	AGENCY_TOWN,
	AGENCY_OTHER,
};

struct agency {
	long long id;
	long long parent_id; /* 0 for a root */
	const char *name;
	enum agency_kind kind;
	int depth; /* 0 for a root, filled by store_agency_list */
};

/* Returns the stable identifier of a kind ("government", ...) or NULL. */
const char *agency_kind_name(enum agency_kind kind);
/* Adds an agency under parent_id (0 = root); stores its id in *id (may be NULL).
 * ZF_EINVAL for an empty or over-long name or an unknown parent. */
int store_agency_add(struct store *st, long long parent_id, const char *name, enum agency_kind kind,
		     long long *id);
/* Counts the agencies. */
int store_agency_count(struct store *st, long long *count);
/* Lists agencies in tree order (each parent before its children, siblings by id); the
 * array and the names are allocated from arena. */
int store_agency_list(struct store *st, struct arena *arena, struct agency **out, size_t *n);

/* Appends one line to the audit log (append-only: the database refuses to change it).
 * actor is who did it ("system", a user name), action a stable verb ("agency.add"). */
int store_audit(struct store *st, const char *actor, const char *action, const char *object,
		const char *detail);
/* Counts the audit log lines. */
int store_audit_count(struct store *st, long long *count);

/* Seeds the demo agency tree (示例区人民政府 and two departments) when there is no agency
 * yet. Stores in *seeded whether anything was added. All or nothing. */
int store_seed_demo(struct store *st, bool *seeded);

/* A fixed set of connections to one target, opened lazily, shared by server threads.
 * Returns an owned pool (free with store_pool_free, after every connection came back). */
struct store_pool *store_pool_new(const char *target, size_t size);
void store_pool_free(struct store_pool *pool);
/* Takes a connection, opening it if needed (waits while all are taken). Returns NULL when
 * the database cannot be opened; give a connection back with store_pool_put. */
struct store *store_pool_get(struct store_pool *pool);
/* Returns a connection; broken = true closes it, so that the next get reopens it. */
void store_pool_put(struct store_pool *pool, struct store *st, bool broken);

#endif
