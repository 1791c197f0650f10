/* agencies.c: the agency tree (机关) and the append-only audit log, written once for both
 * engines. */
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
	for (size_t i = 0; i < ARRAY_SIZE(kind_names); i++) {
		if (strcmp(kind_names[i], name) == 0) {
			*out = (enum agency_kind)i;
			return 0;
		}
	}
	return ZF_EINVAL;
}

static int agency_insert(struct store *st, long long parent_id, const char *name,
			 enum agency_kind kind, long long *id)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "INSERT INTO agencies (parent_id, name, kind) VALUES (?, ?, ?)"
			    " RETURNING id",
			    &s);
	if (rc)
		return rc;
	if (parent_id > 0)
		db_bind_int(s, 1, parent_id);
	db_bind_text(s, 2, name);
	db_bind_text(s, 3, agency_kind_name(kind));
	rc = db_step(s);
	if (rc == DB_ROW) {
		if (id)
			*id = db_col_int(s, 0);
		rc = db_step(s);
	}
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
	return store_write_end(st, agency_insert(st, parent_id, name, kind, id));
}

int store_agency_count(struct store *st, long long *count)
{
	return db_query_int(st, "SELECT count(*) FROM agencies", count);
}

/* Appends the subtree of parent (its children in id order, each followed by its own) to
 * out; all[] is sorted by id. */
static void tree_order(const struct agency *all, size_t n, long long parent, int depth,
		       struct agency *out, size_t *len)
{
	if (depth > 64)
		return; /* the schema forbids cycles only through parents that exist first */
	for (size_t i = 0; i < n; i++) {
		if (all[i].parent_id != parent)
			continue;
		out[*len] = all[i];
		out[*len].depth = depth;
		(*len)++;
		tree_order(all, n, all[i].id, depth + 1, out, len);
	}
}

int store_agency_list(struct store *st, struct arena *arena, struct agency **out, size_t *n)
{
	struct db_stmt *s;
	*out = NULL;
	*n = 0;
	int rc = db_prepare(st,
			    "SELECT id, coalesce(parent_id, 0), name, kind FROM agencies"
			    " ORDER BY id",
			    &s);
	if (rc)
		return rc;
	struct agency *all = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		all = arena_grow(arena, all, len, &alloc, sizeof(*all));
		if (!all) {
			rc = ZF_ENOMEM;
			break;
		}
		struct agency *a = &all[len];
		a->id = db_col_int(s, 0);
		a->parent_id = db_col_int(s, 1);
		a->name = db_col_str(s, arena, 2);
		const char *kind = db_col_text(s, 3);
		if (!kind || agency_kind_parse(kind, &a->kind))
			a->kind = AGENCY_OTHER;
		a->depth = 0;
		if (!a->name) {
			rc = ZF_ENOMEM;
			break;
		}
		len++;
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	if (len == 0)
		return 0;
	struct agency *list = arena_alloc(arena, len * sizeof(*list));
	if (!list)
		return ZF_ENOMEM;
	size_t got = 0;
	tree_order(all, len, 0, 0, list, &got);
	*out = list;
	*n = got;
	return 0;
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

int store_agency_subtree(struct store *st, long long id, bool subordinates, long long **ids,
			 size_t *n)
{
	struct db_stmt *s;
	const char *sql = subordinates ? "WITH RECURSIVE t (id) AS (SELECT id FROM agencies"
					 " WHERE id = ?1 UNION ALL SELECT a.id FROM agencies a"
					 " JOIN t ON a.parent_id = t.id) SELECT id FROM t"
				       : "SELECT id FROM agencies WHERE id = ?1";
	*ids = NULL;
	*n = 0;
	int rc = db_prepare(st, sql, &s);
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
	if (rc < 0) {
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

int store_seed_demo(struct store *st, bool *seeded)
{
	static const char *const departments[] = {
	    "示例区人民政府办公室",
	    "示例区住房和城乡建设局",
	};
	long long count = 0, gov = 0;
	*seeded = false;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = store_agency_count(st, &count);
	if (rc || count > 0)
		return store_write_end(st, rc);
	rc = store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov);
	for (size_t i = 0; !rc && i < ARRAY_SIZE(departments); i++)
		rc = store_agency_add(st, gov, departments[i], AGENCY_DEPARTMENT, NULL);
	if (!rc)
		rc = store_audit(st, "system", "demo.seed", "agencies", "示例区人民政府及两个部门");
	rc = store_write_end(st, rc);
	if (!rc)
		*seeded = true;
	return rc;
}
