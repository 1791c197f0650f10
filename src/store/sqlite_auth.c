/* sqlite_auth.c: users, roles, passwords, sign-in and sessions on SQLite (see auth.h). */
#include "common.h"
#include "arena.h"
#include "auth.h"
#include "db.h"
#include "log.h"
#include "sqlite_int.h"
#include "utf8.h"

#include <pthread.h>
#include <sodium.h>

/* Migration 3. The users table came with migration 2; sign-in adds to it. Sessions keep
 * the hash of the browser's token, never the token. */
const char schema_auth[] =
    "ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE users ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;\n"
    "CREATE TABLE sessions (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  expires_at INTEGER NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX sessions_user ON sessions(user_id);\n"
    "CREATE TABLE site_secrets (\n"
    "  name TEXT PRIMARY KEY,\n"
    "  value BLOB NOT NULL\n"
    ") WITHOUT ROWID;\n";

static const char *const role_names[] = {
    [USER_ROLE_VIEWER] = "viewer",
    [USER_ROLE_CLERK] = "clerk",
    [USER_ROLE_REVIEWER] = "reviewer",
    [USER_ROLE_ADMIN] = "admin",
};

static const char *const role_labels[] = {
    [USER_ROLE_VIEWER] = "查阅",
    [USER_ROLE_CLERK] = "经办人",
    [USER_ROLE_REVIEWER] = "审核人",
    [USER_ROLE_ADMIN] = "管理员",
};

int user_role_parse(const char *name, enum user_role *out)
{
	for (size_t i = USER_ROLE_VIEWER; i < ARRAY_SIZE(role_names); i++) {
		if (name && strcmp(name, role_names[i]) == 0) {
			*out = (enum user_role)i;
			return 0;
		}
	}
	return ZF_EINVAL;
}

const char *user_role_name(enum user_role role)
{
	return role >= USER_ROLE_VIEWER && role <= USER_ROLE_ADMIN ? role_names[role] : "";
}

const char *user_role_label(enum user_role role)
{
	return role >= USER_ROLE_VIEWER && role <= USER_ROLE_ADMIN ? role_labels[role] : "";
}

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void sodium_setup(void)
{
	if (sodium_init() < 0)
		die("libsodium 初始化失败");
	/* a real hash to verify unknown logins against, so they cost as much as known ones */
	unsigned char pw[16];
	randombytes_buf(pw, sizeof(pw));
	if (crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof(pw),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		die("无法计算口令散列（内存不足）");
}

static void sodium_ready(void)
{
	pthread_once(&sodium_once, sodium_setup);
}

int password_check(const char *login, const char *password, struct buf *err)
{
	size_t len = password ? strlen(password) : 0;
	if (!password || !utf8_valid(password, len)) {
		buf_setf(err, "口令含有无效的字符");
		return ZF_EINVAL;
	}
	if (len > PASSWORD_MAX_BYTES) {
		buf_setf(err, "口令过长（不超过 %d 个字节）", PASSWORD_MAX_BYTES);
		return ZF_EINVAL;
	}
	if (utf8_count(password, len) < PASSWORD_MIN_CHARS) {
		buf_setf(err, "口令至少需要 %d 个字符", PASSWORD_MIN_CHARS);
		return ZF_EINVAL;
	}
	bool digits = true, letters = true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)password[i];
		digits &= c >= '0' && c <= '9';
		letters &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}
	if (digits || letters) {
		buf_setf(err, "口令不能只由数字或只由字母组成，请混合使用字母、数字或符号");
		return ZF_EINVAL;
	}
	if (login && strcmp(login, password) == 0) {
		buf_setf(err, "口令不能与登录名相同");
		return ZF_EINVAL;
	}
	return 0;
}

void password_generate(char out[15])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	sodium_ready();
	for (;;) {
		bool digit = false, letter = false;
		for (int i = 0; i < 14; i++) {
			char c = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
			digit |= c >= '0' && c <= '9';
			letter |= !(c >= '0' && c <= '9');
			out[i] = c;
		}
		out[14] = '\0';
		if (digit && letter)
			return;
	}
}

static bool login_ok(const char *login)
{
	size_t n = login ? strlen(login) : 0;
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES])
{
	sodium_ready();
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return ZF_ENOMEM;
	return 0;
}

static sqlite3 *need_sqlite(struct store *st)
{
	sqlite3 *db = sqlite_handle(st);
	if (!db)
		BUG("auth: backend %s has no auth module", store_backend(st));
	return db;
}

int store_user_add(struct store *st, const char *actor, const char *login, const char *name,
		   long long agency_id, const char *password, long long *id, struct buf *err)
{
	sqlite3 *db = need_sqlite(st);
	if (!login_ok(login)) {
		buf_setf(err, "登录名“%s”无效：应为 1 至 64 个小写字母、数字或 . _ -",
			 login ? login : "");
		return ZF_EINVAL;
	}
	size_t nlen = name ? strlen(name) : 0;
	if (!name || nlen == 0 || !utf8_valid(name, nlen) || utf8_count(name, nlen) > 50) {
		buf_setf(err, "姓名不能为空，且不超过 50 个字");
		return ZF_EINVAL;
	}
	int rc = password_check(login, password, err);
	if (rc)
		return rc;
	bool exists = false;
	rc = store_agency_exists(st, agency_id, &exists);
	if (rc)
		return rc;
	if (!exists) {
		buf_setf(err, "机关 %lld 不存在", agency_id);
		return ZF_ENOENT;
	}
	char hash[crypto_pwhash_STRBYTES];
	rc = hash_password(password, hash);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	sqlite3_stmt *s;
	rc = sqlite_prepare(db,
			    "INSERT INTO users (login, display_name, agency_id, password_hash) "
			    "VALUES (?, ?, ?, ?)",
			    &s);
	if (!rc) {
		sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, agency_id);
		sqlite3_bind_text(s, 4, hash, -1, SQLITE_STATIC);
		rc = sqlite_step_done(db, s);
		if (rc == ZF_EINVAL)
			buf_setf(err, "登录名“%s”已被使用", login);
	}
	long long uid = rc ? 0 : sqlite3_last_insert_rowid(db);
	if (!rc)
		rc = store_audit(st, actor, "user.add", login, name);
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = uid;
	return rc;
}

/* Ends every session of a user (inside the caller's write). */
static int end_sessions(sqlite3 *db, long long user_id)
{
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db, "DELETE FROM sessions WHERE user_id = ?", &s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, user_id);
	return sqlite_step_done(db, s);
}

static int user_login_of(sqlite3 *db, long long id, char *out, size_t outlen)
{
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db, "SELECT login FROM users WHERE id = ?", &s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(s, 0));
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? ZF_ENOENT : sqlite_step_error(db, rc);
	}
	sqlite3_finalize(s);
	return rc;
}

int store_user_set_password(struct store *st, const char *actor, long long user_id,
			    const char *password, struct buf *err)
{
	sqlite3 *db = need_sqlite(st);
	char login[80];
	int rc = user_login_of(db, user_id, login, sizeof(login));
	if (rc == ZF_ENOENT)
		buf_setf(err, "用户 %lld 不存在", user_id);
	if (!rc)
		rc = password_check(login, password, err);
	char hash[crypto_pwhash_STRBYTES];
	if (!rc)
		rc = hash_password(password, hash);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	sqlite3_stmt *s;
	rc = sqlite_prepare(
	    db,
	    "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = 0 "
	    "WHERE id = ?",
	    &s);
	if (!rc) {
		sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, user_id);
		rc = sqlite_step_done(db, s);
	}
	if (!rc)
		rc = end_sessions(db, user_id);
	if (!rc)
		rc = store_audit(st, actor, "user.password", login, "");
	return store_write_end(st, rc);
}

static int change_grant(struct store *st, const char *actor, long long user_id, long long agency_id,
			enum user_role role, bool grant, struct buf *err)
{
	sqlite3 *db = need_sqlite(st);
	if (role < USER_ROLE_VIEWER || role > USER_ROLE_ADMIN) {
		buf_setf(err, "角色无效");
		return ZF_EINVAL;
	}
	char login[80];
	int rc = user_login_of(db, user_id, login, sizeof(login));
	if (rc == ZF_ENOENT) {
		buf_setf(err, "用户 %lld 不存在", user_id);
		return rc;
	}
	bool exists = false;
	if (!rc)
		rc = store_agency_exists(st, agency_id, &exists);
	if (rc)
		return rc;
	if (!exists) {
		buf_setf(err, "机关 %lld 不存在", agency_id);
		return ZF_ENOENT;
	}
	rc = store_write_begin(st);
	if (rc)
		return rc;
	sqlite3_stmt *s;
	rc = sqlite_prepare(db,
			    grant ? "INSERT OR IGNORE INTO user_roles (user_id, agency_id, role) "
				    "VALUES (?, ?, ?)"
				  : "DELETE FROM user_roles WHERE user_id = ? AND agency_id = ? "
				    "AND role = ?",
			    &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, user_id);
		sqlite3_bind_int64(s, 2, agency_id);
		sqlite3_bind_text(s, 3, user_role_name(role), -1, SQLITE_STATIC);
		rc = sqlite_step_done(db, s);
	}
	if (!rc) {
		char detail[96];
		snprintf(detail, sizeof(detail), "%s@%lld", user_role_name(role), agency_id);
		rc = store_audit(st, actor, grant ? "user.grant" : "user.revoke", login, detail);
	}
	return store_write_end(st, rc);
}

int store_user_grant(struct store *st, const char *actor, long long user_id, long long agency_id,
		     enum user_role role, struct buf *err)
{
	return change_grant(st, actor, user_id, agency_id, role, true, err);
}

int store_user_revoke(struct store *st, const char *actor, long long user_id, long long agency_id,
		      enum user_role role, struct buf *err)
{
	return change_grant(st, actor, user_id, agency_id, role, false, err);
}

/* Updates one column set of a user and audits it, as one write. */
static int user_update(struct store *st, const char *actor, long long user_id, const char *sql,
		       const char *action, bool drop_sessions, struct buf *err)
{
	sqlite3 *db = need_sqlite(st);
	char login[80];
	int rc = user_login_of(db, user_id, login, sizeof(login));
	if (rc == ZF_ENOENT)
		buf_setf(err, "用户 %lld 不存在", user_id);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	sqlite3_stmt *s;
	rc = sqlite_prepare(db, sql, &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, user_id);
		rc = sqlite_step_done(db, s);
	}
	if (!rc && drop_sessions)
		rc = end_sessions(db, user_id);
	if (!rc)
		rc = store_audit(st, actor, action, login, "");
	return store_write_end(st, rc);
}

int store_user_set_active(struct store *st, const char *actor, long long user_id, bool active,
			  struct buf *err)
{
	return user_update(st, actor, user_id,
			   active ? "UPDATE users SET active = 1 WHERE id = ?"
				  : "UPDATE users SET active = 0 WHERE id = ?",
			   active ? "user.enable" : "user.disable", !active, err);
}

int store_user_unlock(struct store *st, const char *actor, long long user_id, struct buf *err)
{
	return user_update(st, actor, user_id,
			   "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?",
			   "user.unlock", false, err);
}

#define USER_COLUMNS                                                                               \
	"u.id, u.login, u.display_name, u.agency_id, a.name, u.active, u.failed_logins, "          \
	"u.locked_until, "                                                                         \
	"(SELECT coalesce(group_concat(CASE r.role WHEN 'admin' THEN '管理员' "                 \
	"WHEN 'reviewer' THEN '审核人' WHEN 'clerk' THEN '经办人' ELSE '查阅' END "        \
	"|| '@' || ra.name, '，'), '') FROM user_roles r JOIN agencies ra ON ra.id = "            \
	"r.agency_id WHERE r.user_id = u.id) "                                                     \
	"FROM users u JOIN agencies a ON a.id = u.agency_id "

static void fill_user(sqlite3_stmt *s, struct arena *a, struct user *u)
{
	u->id = sqlite3_column_int64(s, 0);
	u->login = sqlite_col_str(s, a, 1);
	u->name = sqlite_col_str(s, a, 2);
	u->agency_id = sqlite3_column_int64(s, 3);
	u->agency_name = sqlite_col_str(s, a, 4);
	u->active = sqlite3_column_int(s, 5) != 0;
	u->failed_logins = sqlite3_column_int(s, 6);
	u->locked_until = (time_t)sqlite3_column_int64(s, 7);
	u->roles = sqlite_col_str(s, a, 8);
}

static int get_one(struct store *st, struct arena *arena, const char *where, long long id,
		   const char *text, struct user *out)
{
	sqlite3 *db = need_sqlite(st);
	char sql[1024];
	snprintf(sql, sizeof(sql), "SELECT " USER_COLUMNS "WHERE %s", where);
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db, sql, &s);
	if (rc)
		return rc;
	if (text)
		sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		fill_user(s, arena, out);
		rc = out->login && out->name ? 0 : ZF_ENOMEM;
	} else {
		rc = rc == SQLITE_DONE ? ZF_ENOENT : sqlite_step_error(db, rc);
	}
	sqlite3_finalize(s);
	return rc;
}

int store_user_get(struct store *st, struct arena *arena, long long id, struct user *out)
{
	return get_one(st, arena, "u.id = ?", id, NULL, out);
}

int store_user_by_login(struct store *st, struct arena *arena, const char *login, struct user *out)
{
	return get_one(st, arena, "u.login = ?", 0, login ? login : "", out);
}

int store_user_list(struct store *st, struct arena *arena, long long agency_id, struct user **out,
		    size_t *n)
{
	sqlite3 *db = need_sqlite(st);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db,
				"SELECT " USER_COLUMNS "WHERE ?1 = 0 OR u.agency_id = ?1 "
				"ORDER BY u.login",
				&s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, agency_id);
	size_t alloc = 0;
	struct user *v = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = arena_grow(arena, v, *n, &alloc, sizeof(*v));
		if (!v) {
			sqlite3_finalize(s);
			return ZF_ENOMEM;
		}
		fill_user(s, arena, &v[(*n)++]);
	}
	rc = rc == SQLITE_DONE ? 0 : sqlite_step_error(db, rc);
	sqlite3_finalize(s);
	*out = v;
	return rc;
}

int store_user_grants(struct store *st, struct arena *arena, long long user_id,
		      struct user_grant **out, size_t *n)
{
	sqlite3 *db = need_sqlite(st);
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db,
				"SELECT agency_id, role FROM user_roles WHERE user_id = ? "
				"ORDER BY agency_id, role",
				&s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, user_id);
	size_t alloc = 0;
	struct user_grant *v = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		enum user_role role;
		if (user_role_parse((const char *)sqlite3_column_text(s, 1), &role))
			continue;
		v = arena_grow(arena, v, *n, &alloc, sizeof(*v));
		if (!v) {
			sqlite3_finalize(s);
			return ZF_ENOMEM;
		}
		v[*n].agency_id = sqlite3_column_int64(s, 0);
		v[*n].role = role;
		(*n)++;
	}
	rc = rc == SQLITE_DONE ? 0 : sqlite_step_error(db, rc);
	sqlite3_finalize(s);
	*out = v;
	return rc;
}

/* ---- sign-in ---- */

static void hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/* The stored id of a session: the hex BLAKE2b of its token. */
static void session_key(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	hex(h, sizeof(h), out);
}

static int login_audit(struct store *st, const char *action, const char *login, const char *ip,
		       const char *why)
{
	char detail[160];
	snprintf(detail, sizeof(detail), "ip=%s%s%s", ip && *ip ? ip : "-", why ? " " : "",
		 why ? why : "");
	return store_audit(st, "system", action, login, detail);
}

int store_login(struct store *st, const struct login_policy *policy, const char *login,
		const char *password, const char *ip, time_t now, enum login_result *result,
		time_t *locked_until, char token[65])
{
	sqlite3 *db = need_sqlite(st);
	sodium_ready();
	*result = LOGIN_BAD;
	*locked_until = 0;
	token[0] = '\0';
	if (!login || !password)
		return 0;
	/* a login name of the wrong shape is audited as it is typed, cut short */
	char shown[65];
	snprintf(shown, sizeof(shown), "%s", login_ok(login) ? login : "(无效的登录名)");
	size_t pwlen = strlen(password);
	if (pwlen > PASSWORD_MAX_BYTES)
		pwlen = PASSWORD_MAX_BYTES;

	sqlite3_stmt *s;
	int rc = sqlite_prepare(db,
				"SELECT id, password_hash, active, failed_logins, locked_until "
				"FROM users WHERE login = ?",
				&s);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = sqlite_step_error(db, rc);
		sqlite3_finalize(s);
		return rc;
	}
	bool found = rc == SQLITE_ROW;
	long long uid = 0;
	char hash[crypto_pwhash_STRBYTES] = "";
	bool active = false;
	int failed = 0;
	time_t until = 0;
	if (found) {
		uid = sqlite3_column_int64(s, 0);
		snprintf(hash, sizeof(hash), "%s", (const char *)sqlite3_column_text(s, 1));
		active = sqlite3_column_int(s, 2) != 0;
		failed = sqlite3_column_int(s, 3);
		until = (time_t)sqlite3_column_int64(s, 4);
	}
	sqlite3_finalize(s);

	rc = store_write_begin(st);
	if (rc)
		return rc;
	if (!found) {
		if (crypto_pwhash_str_verify(dummy_hash, password, pwlen) == 0)
			log_warn("login: a random password matched"); /* cannot happen */
		rc = login_audit(st, "login.fail", shown, ip, "unknown-user");
		return store_write_end(st, rc);
	}
	if (until > now) {
		*result = LOGIN_LOCKED;
		*locked_until = until;
		rc = login_audit(st, "login.refused", shown, ip, "locked");
		return store_write_end(st, rc);
	}
	bool ok = hash[0] && crypto_pwhash_str_verify(hash, password, pwlen) == 0;
	if (ok && !active) {
		*result = LOGIN_INACTIVE;
		rc = login_audit(st, "login.refused", shown, ip, "inactive");
		return store_write_end(st, rc);
	}
	if (!ok) {
		failed = until ? 1 : failed + 1; /* a lock that ran out starts a new count */
		bool lock = failed >= policy->max_failures;
		time_t new_until = lock ? now + policy->lock_seconds : 0;
		rc = sqlite_prepare(
		    db, "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?", &s);
		if (!rc) {
			sqlite3_bind_int(s, 1, lock ? 0 : failed);
			sqlite3_bind_int64(s, 2, (sqlite3_int64)new_until);
			sqlite3_bind_int64(s, 3, uid);
			rc = sqlite_step_done(db, s);
		}
		if (!rc)
			rc = login_audit(st, lock ? "login.lock" : "login.fail", shown, ip,
					 "wrong-password");
		if (!rc && lock) {
			*result = LOGIN_LOCKED;
			*locked_until = new_until;
		}
		return store_write_end(st, rc);
	}

	/* success: clear the count, drop expired sessions, open a new one */
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	char tok[65], key[65];
	hex(raw, sizeof(raw), tok);
	session_key(tok, key);
	rc = sqlite_prepare(db, "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?",
			    &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, uid);
		rc = sqlite_step_done(db, s);
	}
	if (!rc)
		rc = sqlite_prepare(db, "DELETE FROM sessions WHERE expires_at <= ?", &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, (sqlite3_int64)now);
		rc = sqlite_step_done(db, s);
	}
	if (!rc)
		rc = sqlite_prepare(db,
				    "INSERT INTO sessions (id, user_id, created_at, expires_at) "
				    "VALUES (?, ?, ?, ?)",
				    &s);
	if (!rc) {
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, uid);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)now);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)now + policy->session_hours * 3600LL);
		rc = sqlite_step_done(db, s);
	}
	if (!rc)
		rc = login_audit(st, "login.ok", shown, ip, NULL);
	rc = store_write_end(st, rc);
	if (!rc) {
		*result = LOGIN_OK;
		memcpy(token, tok, 65);
	}
	return rc;
}

static bool token_ok(const char *token)
{
	if (!token || strlen(token) != 64)
		return false;
	for (int i = 0; i < 64; i++)
		if (!((token[i] >= '0' && token[i] <= '9') || (token[i] >= 'a' && token[i] <= 'f')))
			return false;
	return true;
}

int store_session_user(struct store *st, const char *token, time_t now, long long *user_id)
{
	sqlite3 *db = need_sqlite(st);
	*user_id = 0;
	if (!token_ok(token))
		return 0;
	sodium_ready();
	char key[65];
	session_key(token, key);
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db,
				"SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id "
				"WHERE s.id = ? AND s.expires_at > ? AND u.active = 1",
				&s);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)now);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*user_id = sqlite3_column_int64(s, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sqlite_step_error(db, rc);
	sqlite3_finalize(s);
	return rc;
}

int store_session_end(struct store *st, const char *token)
{
	sqlite3 *db = need_sqlite(st);
	if (!token_ok(token))
		return 0;
	sodium_ready();
	char key[65];
	session_key(token, key);
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db, "DELETE FROM sessions WHERE id = ?", &s);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	return sqlite_step_done(db, s);
}

int store_site_secret(struct store *st, const char *name, unsigned char *out, size_t len)
{
	sqlite3 *db = need_sqlite(st);
	sodium_ready();
	unsigned char fresh[64];
	if (len > sizeof(fresh))
		BUG("site secret of %zu bytes", len);
	randombytes_buf(fresh, len);
	sqlite3_stmt *s;
	int rc = sqlite_prepare(
	    db, "INSERT OR IGNORE INTO site_secrets (name, value) VALUES (?, ?)", &s);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, fresh, (int)len, SQLITE_STATIC);
	rc = sqlite_step_done(db, s);
	if (rc)
		return rc;
	rc = sqlite_prepare(db, "SELECT value FROM site_secrets WHERE name = ?", &s);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && (size_t)sqlite3_column_bytes(s, 0) == len) {
		memcpy(out, sqlite3_column_blob(s, 0), len);
		rc = 0;
	} else {
		rc = ZF_EDB;
	}
	sqlite3_finalize(s);
	sodium_memzero(fresh, sizeof(fresh));
	return rc;
}

int store_seed_demo_users(struct store *st, struct demo_user out[4], size_t *n)
{
	*n = 0;
	sqlite3 *db = need_sqlite(st);
	long long users = 0;
	int rc = sqlite_query_int(db, "SELECT count(*) FROM users", &users);
	if (rc || users > 0)
		return rc;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct agency *ag;
	size_t nag;
	rc = store_agency_list(st, a, &ag, &nag);
	if (!rc && nag == 0)
		rc = ZF_ESTATE; /* the demo agencies come first */
	if (rc) {
		arena_free(a);
		return rc;
	}
	long long gov = ag[0].id, dept = ag[nag - 1].id;
	static const struct {
		const char *login, *name;
		enum user_role role;
		bool in_dept;
	} demo[] = {
	    {"admin", "王管理", USER_ROLE_ADMIN, false},
	    {"clerk", "李经办", USER_ROLE_CLERK, false},
	    {"reviewer", "赵审核", USER_ROLE_REVIEWER, false},
	    {"zjclerk", "孙经办", USER_ROLE_CLERK, true},
	};
	struct buf err = BUF_INIT;
	rc = store_write_begin(st);
	for (size_t i = 0; !rc && i < ARRAY_SIZE(demo); i++) {
		long long agency = demo[i].in_dept ? dept : gov, uid = 0;
		out[i].login = demo[i].login;
		out[i].name = demo[i].name;
		out[i].role_label = user_role_label(demo[i].role);
		password_generate(out[i].password);
		rc = store_user_add(st, "system", demo[i].login, demo[i].name, agency,
				    out[i].password, &uid, &err);
		if (!rc)
			rc = store_user_grant(st, "system", uid, agency, demo[i].role, &err);
	}
	if (rc && err.len)
		log_error("demo users: %s", buf_cstr(&err));
	rc = store_write_end(st, rc);
	if (!rc)
		*n = ARRAY_SIZE(demo);
	buf_free(&err);
	arena_free(a);
	return rc;
}
