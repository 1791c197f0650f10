/* agencies.c: the agency tree and the audit log, written once against the driver (driver.h)
 * for both engines. */
#include "common.h"
#include "arena.h"
#include "db.h"
#include "driver.h"
#include "utf8.h"

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
	for (size_t i = 0; name && i < ARRAY_SIZE(kind_names); i++) {
		if (strcmp(kind_names[i], name) == 0) {
			*out = (enum agency_kind)i;
			return 0;
		}
	}
	return ZF_EINVAL;
}

int store_agency_exists(struct store *st, long long id, bool *exists)
{
	*exists = false;
	if (id <= 0)
		return 0;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT 1 FROM agencies WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	*exists = rc == DB_ROW;
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_agency_add(struct store *st, long long parent_id, const char *name, enum agency_kind kind,
		     long long *id)
{
	size_t len = name ? strlen(name) : 0;
	if (len == 0 || !utf8_valid(name, len) || utf8_count(name, len) > 100 ||
	    !agency_kind_name(kind) || parent_id < 0)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	/* the parent is checked first: on PostgreSQL a refused statement would end the
	 * transaction of a batch */
	bool exists = true;
	if (parent_id > 0)
		rc = store_agency_exists(st, parent_id, &exists);
	if (!rc && !exists)
		rc = ZF_EINVAL;
	long long got = 0;
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO agencies (parent_id, name, kind) VALUES (?, ?, ?)"
				" RETURNING id",
				&s);
	if (!rc) {
		if (parent_id > 0)
			db_bind_int(s, 1, parent_id);
		else
			db_bind_null(s, 1);
		db_bind_text(s, 2, name);
		db_bind_text(s, 3, agency_kind_name(kind));
		rc = db_step(s);
		if (rc == DB_ROW) {
			got = db_col_int(s, 0);
			rc = db_step(s);
		} else if (rc == DB_DONE) {
			rc = ZF_EDB;
		}
		db_finish(s);
	}
	rc = store_write_end(st, rc < 0 ? rc : 0);
	if (!rc && id)
		*id = got;
	return rc;
}

int store_agency_count(struct store *st, long long *count)
{
	return db_query_int(st, "SELECT count(*) FROM agencies", count);
}

/* Tree order: each parent before its children, roots and siblings by id. */
struct node {
	struct agency a;
	size_t first_child, next_sibling; /* indexes + 1; 0 = none */
};

int store_agency_list(struct store *st, struct arena *arena, struct agency **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(
	    st, "SELECT id, coalesce(parent_id, 0), name, kind FROM agencies ORDER BY id", &s);
	if (rc)
		return rc;
	struct node *nodes = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (len == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			nodes = xrealloc(nodes, alloc * sizeof(*nodes));
		}
		struct node *x = &nodes[len];
		memset(x, 0, sizeof(*x));
		x->a.id = db_col_int(s, 0);
		x->a.parent_id = db_col_int(s, 1);
		x->a.name = db_col_str(s, arena, 2);
		if (agency_kind_parse(db_col_text(s, 3), &x->a.kind))
			x->a.kind = AGENCY_OTHER;
		if (!x->a.name) {
			rc = ZF_ENOMEM;
			break;
		}
		len++;
	}
	db_finish(s);
	struct agency *list = NULL;
	if (!rc && len)
		list = arena_alloc(arena, len * sizeof(*list));
	if (!rc && len && !list)
		rc = ZF_ENOMEM;
	if (rc) {
		free(nodes);
		return rc;
	}
	/* children lists, in id order (rows come by id: walk backwards, push front) */
	size_t roots = 0;
	for (size_t i = len; i-- > 0;) {
		size_t p = 0;
		if (nodes[i].a.parent_id) {
			/* ids are sorted: binary search for the parent */
			size_t lo = 0, hi = len;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (nodes[mid].a.id < nodes[i].a.parent_id)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < len && nodes[lo].a.id == nodes[i].a.parent_id)
				p = lo + 1;
		}
		size_t *head = p ? &nodes[p - 1].first_child : &roots;
		nodes[i].next_sibling = *head;
		*head = i + 1;
	}
	/* depth-first, iteratively: a stack of the next sibling to visit at each depth */
	size_t *stack = xmalloc((len + 1) * sizeof(*stack));
	size_t depth = 0, k = 0;
	stack[0] = roots;
	while (k < len) {
		size_t cur = stack[depth];
		if (!cur) {
			if (depth == 0)
				break;
			depth--;
			continue;
		}
		struct node *x = &nodes[cur - 1];
		stack[depth] = x->next_sibling;
		list[k] = x->a;
		list[k].depth = (int)depth;
		k++;
		stack[++depth] = x->first_child;
	}
	free(stack);
	free(nodes);
	*out = list;
	*n = k;
	return 0;
}

int store_agency_subtree(struct store *st, long long id, bool subordinates, long long **ids,
			 size_t *n)
{
	*ids = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    subordinates ? "WITH RECURSIVE t (id) AS (SELECT id FROM agencies"
					   " WHERE id = ?1 UNION ALL SELECT a.id FROM agencies a"
					   " JOIN t ON a.parent_id = t.id) SELECT id FROM t"
					 : "SELECT id FROM agencies WHERE id = ?1",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	long long *list = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (len == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			list = xrealloc(list, alloc * sizeof(*list));
		}
		list[len++] = db_col_int(s, 0);
	}
	db_finish(s);
	if (rc) {
		free(list);
		return rc;
	}
	*ids = list;
	*n = len;
	return 0;
}

int store_audit(struct store *st, const char *actor, const char *action, const char *object,
		const char *detail)
{
	if (!actor || !*actor || !action || !*action)
		return ZF_EINVAL;
	struct db_stmt *s;
	int rc = db_prepare(
	    st, "INSERT INTO audit_log (actor, action, object, detail) VALUES (?, ?, ?, ?)", &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, actor);
	db_bind_text(s, 2, action);
	db_bind_text(s, 3, object ? object : "");
	db_bind_text(s, 4, detail ? detail : "");
	return db_run(s);
}

int store_audit_count(struct store *st, long long *count)
{
	return db_query_int(st, "SELECT count(*) FROM audit_log", count);
}
