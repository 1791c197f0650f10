/* site_texts.c: the site's long texts (site_texts.h) and their migration, in portable SQL
 * (driver.h) for both engines.
 *
 * site_texts: one text a key (site_settings' values are one line of at most 200 characters;
 * a 制度 page needs paragraphs), with who changed it last. */
#include "common.h"
#include "arena.h"
#include "driver.h"
#include "utf8.h"
#include "store/site_texts.h"

extern const char schema_site_texts[];

const char schema_site_texts[] = "CREATE TABLE site_texts (\n"
				 "  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 40),\n"
				 "  body TEXT NOT NULL DEFAULT '',\n"
				 "  updated_at TEXT NOT NULL DEFAULT {NOW},\n"
				 "  updated_by TEXT NOT NULL DEFAULT ''\n"
				 ");\n";

static bool key_ok(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	if (!n || n > 40)
		return false;
	for (const char *p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

int store_site_text_get(struct store *st, struct arena *arena, const char *key,
			struct site_text *out)
{
	out->body = out->updated_at = out->updated_by = "";
	if (!key_ok(key))
		return ZF_EINVAL;
	struct db_stmt *s;
	int rc =
	    db_prepare(st, "SELECT body, updated_at, updated_by FROM site_texts WHERE key = ?", &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, key);
	rc = db_step(s);
	if (rc == DB_ROW) {
		const char *v[3];
		for (int i = 0; i < 3; i++)
			if (!(v[i] = db_col_str(s, arena, i)))
				rc = ZF_ENOMEM;
		if (rc == DB_ROW) {
			out->body = v[0];
			out->updated_at = v[1];
			out->updated_by = v[2];
		}
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

bool site_text_ok(const char *body, struct buf *err)
{
	size_t len = body ? strlen(body) : 0;
	if (!len)
		return true;
	if (!utf8_valid(body, len)) {
		buf_setf(err, "文字不是有效的 UTF-8 编码");
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)body; *p; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f) {
			buf_setf(err, "文字不能含有控制字符");
			return false;
		}
	}
	size_t n = utf8_count(body, len);
	if (n > SITE_TEXT_MAX) {
		buf_setf(err, "文字不能超过 %d 个字（现有 %zu 个字）", SITE_TEXT_MAX, n);
		return false;
	}
	return true;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t')
			return false;
	return true;
}

int store_site_text_set(struct store *st, const char *actor, const char *key, const char *body,
			struct buf *err)
{
	if (!actor || !*actor || !key_ok(key))
		return ZF_EINVAL;
	if (!site_text_ok(body, err))
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	bool removed = blank(body);
	rc = db_prepare(st,
			removed ? "DELETE FROM site_texts WHERE key = ?1"
				: "INSERT INTO site_texts (key, body, updated_at, updated_by)"
				  " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET"
				  " body = excluded.body, updated_at = excluded.updated_at,"
				  " updated_by = excluded.updated_by",
			&s);
	if (!rc) {
		char now[21];
		db_now(now);
		db_bind_text(s, 1, key);
		if (!removed) {
			db_bind_text(s, 2, body);
			db_bind_text(s, 3, now);
			db_bind_text(s, 4, actor);
		}
		rc = db_run(s);
	}
	if (!rc) {
		char detail[80];
		snprintf(detail, sizeof(detail), removed ? "恢复默认文字" : "%zu 个字",
			 utf8_count(body, strlen(body)));
		rc = store_audit(st, actor, "site.text", key, detail);
	}
	return store_write_end(st, rc);
}
