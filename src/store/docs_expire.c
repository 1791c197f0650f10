/* docs_expire.c: documents whose 有效期 has ended become 失效 by themselves. Every
 * published, valid document with valid_until before today (Beijing) is marked expired from
 * the day after its term, audited with the system actor. Each row is changed by a conditional
 * UPDATE (still valid, still past its term), so that several servers sharing one database
 * may run it at the same time and each document is expired, and recorded, exactly once. */
#include "common.h"

#include "docs_int.h"

#define EXPIRE_REASON "有效期届满，自动失效"

/* The candidates: ids and their terms, owned arrays. */
static int expire_candidates(struct store *st, zf_day today, long long **ids, zf_day **until,
			     zf_day **published, size_t *n)
{
	*ids = NULL;
	*until = *published = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       "SELECT id, valid_until, published_on FROM docs WHERE state = 'published'"
		       " AND validity = 'valid' AND valid_until IS NOT NULL AND valid_until < ?"
		       " ORDER BY id",
		       &s);
	if (rc)
		return rc;
	db_bind_day(s, 1, today);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			long long *i2 = realloc(*ids, alloc * sizeof(**ids));
			if (i2)
				*ids = i2;
			zf_day *u2 = realloc(*until, alloc * sizeof(**until));
			if (u2)
				*until = u2;
			zf_day *p2 = realloc(*published, alloc * sizeof(**published));
			if (p2)
				*published = p2;
			if (!i2 || !u2 || !p2) {
				rc = ZF_ENOMEM;
				break;
			}
		}
		(*ids)[*n] = db_col_int(s, 0);
		(*until)[*n] = db_col_day(s, 1);
		(*published)[*n] = db_col_day(s, 2);
		++*n;
	}
	db_finish(s);
	return rc;
}

int store_doc_expire_due(struct store *st, const char *actor, zf_day today, long long *expired)
{
	if (expired)
		*expired = 0;
	if (!actor || !*actor || !today)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	long long *ids = NULL;
	zf_day *until = NULL, *published = NULL;
	size_t n = 0;
	rc = expire_candidates(st, today, &ids, &until, &published, &n);
	char now[21];
	db_now(now);
	long long done = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		/* from the day after the term ends, never before publication */
		zf_day on = until[i] + 1 < published[i] ? published[i] : until[i] + 1;
		struct db_stmt *s;
		rc = db_prepare(st,
				"UPDATE docs SET validity = 'expired', invalid_on = ?2,"
				" invalid_reason = ?3, version = version + 1, updated_at = ?4"
				" WHERE id = ?1 AND state = 'published' AND validity = 'valid'"
				" AND valid_until < ?5 RETURNING id",
				&s);
		if (rc)
			break;
		db_bind_int(s, 1, ids[i]);
		db_bind_day(s, 2, on);
		db_bind_text(s, 3, EXPIRE_REASON);
		db_bind_text(s, 4, now);
		db_bind_day(s, 5, today);
		rc = db_step(s);
		bool changed = rc == DB_ROW;
		db_finish(s);
		if (rc < 0)
			break;
		rc = 0;
		if (!changed)
			continue; /* another server got there first */
		char day[11], detail[64];
		snprintf(detail, sizeof(detail), "%s " EXPIRE_REASON, date_format(on, day));
		rc = docs_record(st, ids[i], actor, "expired", detail);
		done++;
	}
	free(ids);
	free(until);
	free(published);
	rc = store_write_end(st, rc);
	if (!rc && expired)
		*expired = done;
	return rc;
}
