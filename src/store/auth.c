/* auth.c: users, roles, passwords, sign-in with lock-out, sessions, site secrets and the
 * shared throttles (see auth.h), written once in portable SQL (driver.h) for SQLite and
 * PostgreSQL alike. Nothing here lives only in one process: several servers on one database
 * see the same sessions, lock-outs, secrets and counters. */
#include "common.h"
#include "arena.h"
#include "auth.h"
#include "db.h"
#include "driver.h"
#include "log.h"
#include "utf8.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>

/* Migration 3. The users table came with migration 2; sign-in adds to it. Sessions keep
 * the hash of the browser's token, never the token. Times here are Unix seconds (INTEGER),
 * compared with the caller's clock. */
const char schema_auth[] =
    "ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE users ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;\n"
    "CREATE TABLE sessions (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  expires_at INTEGER NOT NULL\n"
    "){WITHOUT_ROWID};\n"
    "CREATE INDEX sessions_user ON sessions(user_id);\n"
    "CREATE TABLE site_secrets (\n"
    "  name TEXT PRIMARY KEY,\n"
    "  value BLOB NOT NULL\n"
    "){WITHOUT_ROWID};\n";

/* Migration 8: what used to live in each server's memory moves into the database, so that
 * several servers on one database count together. One row per (kind, subject) counts the
 * uses in a fixed window that began at window_start; expires_at (window_start + the
 * window) lets expired rows be deleted. subject is a keyed hash, never a client address.
 * Sessions get an index for the clean-up of expired ones. */
const char schema_auth_shared[] = "CREATE TABLE throttles (\n"
				  "  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),\n"
				  "  subject TEXT NOT NULL,\n"
				  "  window_start INTEGER NOT NULL,\n"
				  "  hits INTEGER NOT NULL CHECK (hits >= 0),\n"
				  "  expires_at INTEGER NOT NULL,\n"
				  "  PRIMARY KEY (kind, subject)\n"
				  "){WITHOUT_ROWID};\n"
				  "CREATE INDEX throttles_expiry ON throttles(expires_at);\n"
				  "CREATE INDEX sessions_expiry ON sessions(expires_at);\n";

/* Migration (#16): sign-in failures are counted per account AND client address, so that a
 * stranger's wrong passwords lock only the stranger's address out of the account, never the
 * account for everybody. source is a keyed hash of the address (as in throttles); a row
 * lives while its address keeps failing (see login_forget). The counters of migration 3
 * on users are no longer used; the locks they held are lifted. */
const char schema_auth_locks[] =
    "CREATE TABLE login_locks (\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  source TEXT NOT NULL,\n"
    "  failures INTEGER NOT NULL CHECK (failures >= 0),\n"
    "  last_at INTEGER NOT NULL,\n"
    "  locked_until INTEGER NOT NULL DEFAULT 0,\n"
    "  PRIMARY KEY (user_id, source)\n"
    "){WITHOUT_ROWID};\n"
    "CREATE INDEX login_locks_last ON login_locks(last_at);\n"
    "UPDATE users SET failed_logins = 0, locked_until = 0;\n";

/* The migration "accounts" (等保 level 3, issue 16): a generated password must be changed at the
 * next sign-in (must_change); a session ends after a while unused (last_seen, written at most once
 * a minute); a new password may not repeat a recent one (password_history keeps the hashes of the
 * last ones set, never a password). */
const char schema_auth_accounts[] =
    "ALTER TABLE users ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;\n"
    "UPDATE sessions SET last_seen = created_at;\n"
    "CREATE TABLE password_history (\n"
    "  id {ID},\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  hash TEXT NOT NULL,\n"
    "  set_at INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX password_history_user ON password_history(user_id, id);\n";

/* How many old hashes a user keeps: the most the setting password_history allows. */
#define HISTORY_KEEP 12

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

/* Common passwords, our own list of what guessers try first (lower case; a password is
 * compared in lower case). Most fail the other rules too; the list is what catches the
 * ones that would pass them (Abc@123456, P@ssw0rd123, Zfxxgk@2026). */
static const char *const common_passwords[] = {
    "123456",	    "1234567",	    "12345678",	     "123456789",      "1234567890",
    "0123456789",   "87654321",	    "987654321",     "11111111",       "00000000",
    "88888888",	    "66666666",	    "12341234",	     "11223344",       "5201314",
    "1314520",	    "52013141314",  "1qaz2wsx",	     "1qaz@wsx",       "1qaz2wsx3edc",
    "1qaz@wsx3edc", "!qaz2wsx",	    "!qaz@wsx",	     "!qaz@wsx#edc",   "1q2w3e4r",
    "1q2w3e4r5t",   "1q2w3e4r!",    "1q2w3e4r5t6y",  "qwerty",	       "qwerty123",
    "qwerty@123",   "qwertyuiop",   "qwer1234",	     "qwer@1234",      "qwer!@#$",
    "qwer1234!@#$", "asdfghjkl",    "asdf1234",	     "asdf@1234",      "asd123456",
    "zxcvbnm",	    "zxcvbnm123",   "zaq12wsx",	     "zaq1@wsx",       "qazwsx123",
    "qazwsxedc",    "qazwsx@123",   "abc123",	     "abc12345",       "abc123456",
    "abcd1234",	    "abcd@1234",    "abc@123",	     "abc@1234",       "abc@12345",
    "abc@123456",   "abc#1234",	    "abc!1234",	     "abc_1234",       "abc123!@#",
    "abcd!@#$",	    "a1234567",	    "a12345678",     "a123456789",     "aa123456",
    "aa12345678",   "aa@123456",    "aa123456@",     "aa123456!",      "aa@12345678",
    "a123456!",	    "a1b2c3d4",	    "a1b2c3d4e5",    "1a2b3c4d",       "123456a",
    "12345678a",    "123456aa",	    "123qwe",	     "123qwe!@#",      "123qweasd",
    "123qweasdzxc", "1234qwer",	    "1234abcd",	     "123abc",	       "123abc!@#",
    "qq123456",	    "qq@123456",    "zz123456",	     "password",       "password1",
    "password12",   "password123",  "password@123",  "password!",      "password1!",
    "password2024", "password2025", "password2026",  "passw0rd",       "passw0rd!",
    "passw0rd1",    "passw0rd123",  "p@ssw0rd",	     "p@ssw0rd!",      "p@ssw0rd1",
    "p@ssw0rd123",  "p@ssword",	    "p@ssword1",     "p@ssword123",    "p@55w0rd",
    "pass1234",	    "pass@1234",    "pass@word1",    "pass-word-1",    "pass@123456",
    "admin",	    "admin123",	    "admin1234",     "admin12345",     "admin123456",
    "admin@123",    "admin@1234",   "admin@12345",   "admin@123456",   "admin#123",
    "admin!123",    "admin_123",    "admin888",	     "admin666",       "admin@2024",
    "admin@2025",   "admin@2026",   "administrator", "administrator1", "root",
    "root123",	    "root@123",	    "root1234",	     "root@1234",      "toor",
    "system",	    "system123",    "system@123",    "sys@1234",       "test",
    "test123",	    "test1234",	    "test@123",	     "test@1234",      "guest",
    "guest123",	    "user123",	    "user@123",	     "manager",	       "manager123",
    "manager@123",  "super123",	    "zfxxgk",	     "zfxxgk123",      "zfxxgk@123",
    "zfxxgk1234",   "zfxxgk@1234",  "zfxxgk2024",    "zfxxgk2025",     "zfxxgk2026",
    "zfxxgk@2024",  "zfxxgk@2025",  "zfxxgk@2026",   "zfxxgk!@#",      "zwgk",
    "zwgk123",	    "zwgk@123",	    "zwgk@1234",     "zwgk@2026",      "xxgk",
    "xxgk123",	    "xxgk@123",	    "xxgk@1234",     "gov123",	       "gov@123",
    "gov@1234",	    "gov@12345",    "zhengfu",	     "zhengfu123",     "zhengfu@123",
    "zhengwu",	    "zhengwu123",   "zhengwu@123",   "gongkai",	       "gongkai123",
    "gongkai@123",  "woaini",	    "woaini123",     "woaini1314",     "woaini@1314",
    "aini1314",	    "iloveyou",	    "iloveyou1",     "iloveu",	       "zhongguo",
    "zhongguo123",  "china",	    "china123",	     "china@123",      "beijing",
    "beijing123",   "beijing@123",  "welcome",	     "welcome1",       "welcome123",
    "welcome@123",  "letmein",	    "letmein1",	     "monkey",	       "dragon",
    "sunshine",	    "princess",	    "football",	     "master",	       "shadow",
    "superman",	    "trustno1",	    "hello123",	     "hello@123",      "huawei123",
    "huawei@123",   "huawei@1234",  "changeme",	     "changeme1",      "changeme123",
    "default",	    "secret",	    "secret123",
};

static bool password_common(const char *password, size_t len)
{
	char lower[64];
	if (len >= sizeof(lower))
		return false;
	for (size_t i = 0; i <= len; i++) {
		char c = password[i];
		lower[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	for (size_t i = 0; i < ARRAY_SIZE(common_passwords); i++)
		if (strcmp(lower, common_passwords[i]) == 0)
			return true;
	return false;
}

/* True when needle (ASCII) occurs in hay, ignoring the case of ASCII letters. */
static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i]) {
			char a = hay[i], b = needle[i];
			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
			i++;
		}
		if (i == n)
			return true;
	}
	return false;
}

static bool is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || cp == 0xa0 || cp == 0x3000 ||
	       (cp >= 0x2000 && cp <= 0x200b);
}

int password_check(const char *login, const char *password, int min_chars, struct buf *err)
{
	size_t len = password ? strlen(password) : 0;
	if (min_chars <= 0)
		min_chars = PASSWORD_MIN_CHARS;
	if (min_chars < PASSWORD_MIN_FLOOR)
		min_chars = PASSWORD_MIN_FLOOR;
	if (!password || !utf8_valid(password, len)) {
		buf_setf(err, "口令含有无效的字符");
		return ZF_EINVAL;
	}
	if (len > PASSWORD_MAX_BYTES) {
		buf_setf(err, "口令过长（不超过 %d 个字节）", PASSWORD_MAX_BYTES);
		return ZF_EINVAL;
	}
	/* the four classes of GB/T 22239-2019 8.1.4.1 a) as commonly audited */
	bool upper = false, lower = false, digit = false, other = false, blank = true;
	size_t chars = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = utf8_decode(password + i, len - i, &cp);
		if (k == 0)
			break;
		i += k;
		chars++;
		blank &= is_space(cp);
		if (cp >= 'A' && cp <= 'Z')
			upper = true;
		else if (cp >= 'a' && cp <= 'z')
			lower = true;
		else if (cp >= '0' && cp <= '9')
			digit = true;
		else
			other = true;
	}
	if (blank) {
		buf_setf(err, "口令不能为空，也不能全部由空格等空白字符组成");
		return ZF_EINVAL;
	}
	/* a login of one or two letters would forbid too much; such logins are rare */
	if (login && strlen(login) >= 3 && contains_nocase(password, login)) {
		buf_setf(err, "口令不能包含登录名“%s”（不区分大小写）", login);
		return ZF_EINVAL;
	}
	if (password_common(password, len)) {
		buf_setf(err, "口令过于常见（属于常见弱口令），容易被猜中，请换一个");
		return ZF_EINVAL;
	}
	if (chars < (size_t)min_chars) {
		buf_setf(err, "口令至少需要 %d 个字符", min_chars);
		return ZF_EINVAL;
	}
	int classes = upper + lower + digit + other;
	if (classes < 3) {
		buf_setf(err,
			 "口令须包含大写字母、小写字母、数字、其他符号（含空格、汉字）四类中的至少"
			 "三类，现在只有 %d 类",
			 classes);
		return ZF_EINVAL;
	}
	return 0;
}

void password_generate(char out[15])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	sodium_ready();
	for (;;) {
		bool digit = false, upper = false, lower = false;
		for (int i = 0; i < 14; i++) {
			char c = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
			digit |= c >= '0' && c <= '9';
			upper |= c >= 'A' && c <= 'Z';
			lower |= c >= 'a' && c <= 'z';
			out[i] = c;
		}
		out[14] = '\0';
		if (digit && upper && lower)
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

/* Runs sql with one integer parameter and no result rows. */
static int run_id(struct store *st, const char *sql, long long id)
{
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	return db_run(s);
}

/* Runs sql with one text parameter and no result rows. */
static int run_text(struct store *st, const char *sql, const char *text)
{
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, text);
	return db_run(s);
}

/* True (in *taken) when a user has this login. */
static int login_taken(struct store *st, const char *login, bool *taken)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT id FROM users WHERE login = ?", &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, login);
	rc = db_step(s);
	*taken = rc == DB_ROW;
	db_finish(s);
	return rc < 0 ? rc : 0;
}

/* The strongest role user_id holds over agency_id: granted on it or on an agency above it
 * (USER_ROLE_NONE when none). */
static int role_over(struct store *st, long long user_id, long long agency_id, enum user_role *out)
{
	*out = USER_ROLE_NONE;
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       "WITH RECURSIVE up (id, depth) AS (SELECT CAST(?2 AS BIGINT), 0 "
		       "UNION ALL SELECT a.parent_id, up.depth + 1 FROM agencies a "
		       "JOIN up ON a.id = up.id WHERE a.parent_id IS NOT NULL AND up.depth < 64) "
		       "SELECT r.role FROM user_roles r WHERE r.user_id = ?1 "
		       "AND r.agency_id IN (SELECT id FROM up)",
		       &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, user_id);
	db_bind_int(s, 2, agency_id);
	while ((rc = db_step(s)) == DB_ROW) {
		enum user_role r;
		if (user_role_parse(db_col_text(s, 0), &r) == 0 && r > *out)
			*out = r;
	}
	db_finish(s);
	return rc == DB_DONE ? 0 : rc;
}

static void agency_name_of(struct store *st, long long id, char *out, size_t len)
{
	struct db_stmt *s;
	snprintf(out, len, "机关 %lld", id);
	if (db_prepare(st, "SELECT name FROM agencies WHERE id = ?", &s))
		return;
	db_bind_int(s, 1, id);
	if (db_step(s) == DB_ROW && db_col_text(s, 0))
		snprintf(out, len, "%s", db_col_text(s, 0));
	db_finish(s);
}

/* ZF_EPERM unless by is the operator or holds the admin role over agency_id. */
static int need_admin_over(struct store *st, const struct user_actor *by, long long agency_id,
			   const char *what, struct buf *err)
{
	if (!by || by->id == 0)
		return 0;
	enum user_role held;
	int rc = role_over(st, by->id, agency_id, &held);
	if (rc)
		return rc;
	if (held >= USER_ROLE_ADMIN)
		return 0;
	char name[128];
	agency_name_of(st, agency_id, name, sizeof(name));
	buf_setf(err, "您不是“%s”的管理员，不能%s", name, what);
	return ZF_EPERM;
}

int store_user_may_change(struct store *st, const struct user_actor *by, long long user_id,
			  long long agency_id, struct buf *err)
{
	if (!by || by->id == 0)
		return 0; /* the operator of the machine */
	long long home = 0;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT agency_id FROM users WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, user_id);
	rc = db_step(s);
	if (rc == DB_ROW)
		home = db_col_int(s, 0);
	db_finish(s);
	if (rc == DB_DONE) {
		buf_setf(err, "用户 %lld 不存在", user_id);
		return ZF_ENOENT;
	}
	if (rc != DB_ROW)
		return rc;
	rc = need_admin_over(st, by, home, "管理其中的账号", err);
	if (!rc && agency_id > 0)
		rc = need_admin_over(st, by, agency_id, "在该机关上授予或收回角色", err);
	if (rc)
		return rc;
	/* every role the user holds must be one by holds there too: otherwise a reset, a
	 * grant or a revoke would hand by (or take from the user) a power by does not have */
	rc = db_prepare(st, "SELECT agency_id, role FROM user_roles WHERE user_id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, user_id);
	struct {
		long long agency;
		enum user_role role;
	} held[64];
	size_t n = 0;
	bool more = false;
	while ((rc = db_step(s)) == DB_ROW) {
		enum user_role r;
		if (user_role_parse(db_col_text(s, 1), &r))
			continue;
		if (n == ARRAY_SIZE(held)) {
			more = true;
			break;
		}
		held[n].agency = db_col_int(s, 0);
		held[n++].role = r;
	}
	db_finish(s);
	if (rc != DB_DONE && rc != DB_ROW)
		return rc;
	if (more) { /* a user with more grants than anyone should hold: only the operator */
		buf_setf(err, "该账号的角色过多，请由系统运维人员用 zfxxgk user 命令处理");
		return ZF_EPERM;
	}
	for (size_t i = 0; i < n; i++) {
		enum user_role mine;
		rc = role_over(st, by->id, held[i].agency, &mine);
		if (rc)
			return rc;
		if (mine < held[i].role) {
			char name[128];
			agency_name_of(st, held[i].agency, name, sizeof(name));
			buf_setf(err,
				 "该账号在“%s”拥有%s角色，超出了您在该机关的权限，您不能更改此账号"
				 "（请联系上级机关的管理员）",
				 name, user_role_label(held[i].role));
			return ZF_EPERM;
		}
	}
	return 0;
}

/* Adds hash to the user's password history and keeps only the newest HISTORY_KEEP. */
static int history_add(struct store *st, long long user_id, const char *hash, time_t now)
{
	struct db_stmt *s;
	int rc = db_prepare(
	    st, "INSERT INTO password_history (user_id, hash, set_at) VALUES (?, ?, ?)", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, user_id);
	db_bind_text(s, 2, hash);
	db_bind_int(s, 3, (long long)now);
	rc = db_run(s);
	if (!rc)
		rc = db_prepare(st,
				"DELETE FROM password_history WHERE user_id = ?1 AND id NOT IN "
				"(SELECT id FROM password_history WHERE user_id = ?1 "
				"ORDER BY id DESC LIMIT ?2)",
				&s);
	if (!rc) {
		db_bind_int(s, 1, user_id);
		db_bind_int(s, 2, HISTORY_KEEP);
		rc = db_run(s);
	}
	return rc;
}

/* ZF_EINVAL (with the reason) when password is the user's current one or one of the last
 * policy history ones. Runs the slow hash checks outside any write. */
static int history_check(struct store *st, long long user_id, const struct password_policy *pp,
			 const char *password, struct buf *err)
{
	int keep = pp ? pp->history : PASSWORD_HISTORY;
	if (keep <= 0)
		return 0;
	if (keep > HISTORY_KEEP)
		keep = HISTORY_KEEP;
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       "SELECT password_hash FROM users WHERE id = ?1 UNION ALL "
		       "SELECT hash FROM (SELECT hash FROM password_history WHERE user_id = ?1 "
		       "ORDER BY id DESC LIMIT ?2) h",
		       &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, user_id);
	db_bind_int(s, 2, keep);
	char hashes[HISTORY_KEEP + 1][crypto_pwhash_STRBYTES];
	size_t n = 0;
	while ((rc = db_step(s)) == DB_ROW && n < ARRAY_SIZE(hashes)) {
		const char *h = db_col_text(s, 0);
		snprintf(hashes[n++], sizeof(hashes[0]), "%s", h ? h : "");
	}
	db_finish(s);
	if (rc != DB_DONE && rc != DB_ROW)
		return rc;
	sodium_ready();
	rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		bool seen = false;
		for (size_t k = 0; k < i; k++)
			seen |= strcmp(hashes[k], hashes[i]) == 0;
		if (!seen && hashes[i][0] &&
		    crypto_pwhash_str_verify(hashes[i], password, strlen(password)) == 0) {
			buf_setf(err, "新口令不能与最近 %d 次使用过的口令相同", keep);
			rc = ZF_EINVAL;
		}
	}
	sodium_memzero(hashes, sizeof(hashes));
	return rc;
}

static int policy_min(const struct user_actor *by)
{
	return by && by->policy ? by->policy->min_chars : PASSWORD_MIN_CHARS;
}

static const char *actor_name(const struct user_actor *by)
{
	return by && by->name && *by->name ? by->name : "-";
}

int store_user_add(struct store *st, const struct user_actor *by, const char *login,
		   const char *name, long long agency_id, const char *password, unsigned flags,
		   long long *id, struct buf *err)
{
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
	int rc = password_check(login, password, policy_min(by), err);
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
	rc = need_admin_over(st, by, agency_id, "在该机关新建账号", err);
	/* checked first under the writer lock: on PostgreSQL a refused INSERT would end the
	 * caller's transaction (a batch) */
	bool taken = false;
	if (!rc)
		rc = login_taken(st, login, &taken);
	if (!rc && taken) {
		buf_setf(err, "登录名“%s”已被使用", login);
		rc = ZF_EINVAL;
	}
	long long uid = 0;
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO users (login, display_name, agency_id, password_hash, "
				"must_change) VALUES (?, ?, ?, ?, ?) RETURNING id",
				&s);
	if (!rc) {
		db_bind_text(s, 1, login);
		db_bind_text(s, 2, name);
		db_bind_int(s, 3, agency_id);
		db_bind_text(s, 4, hash);
		db_bind_int(s, 5, (flags & USER_PW_MUST_CHANGE) ? 1 : 0);
		rc = db_step(s);
		if (rc == DB_ROW) {
			uid = db_col_int(s, 0);
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = ZF_EDB;
		} else if (db_unique_violation(s)) {
			buf_setf(err, "登录名“%s”已被使用", login);
		}
		db_finish(s);
	}
	if (!rc)
		rc = history_add(st, uid, hash, time(NULL));
	if (!rc)
		rc = store_audit(st, actor_name(by), "user.add", login, name);
	rc = store_write_end(st, rc);
	sodium_memzero(hash, sizeof(hash));
	if (!rc && id)
		*id = uid;
	return rc;
}

/* Ends every session of a user but keep (a session key; NULL: none kept), inside the
 * caller's write. */
static int end_sessions_but(struct store *st, long long user_id, const char *keep)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, user_id);
	db_bind_text(s, 2, keep ? keep : "");
	return db_run(s);
}

/* Ends every session of a user (inside the caller's write). */
static int end_sessions(struct store *st, long long user_id)
{
	return end_sessions_but(st, user_id, NULL);
}

static int user_login_of(struct store *st, long long id, char *out, size_t outlen)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT login FROM users WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		const char *login = db_col_text(s, 0);
		snprintf(out, outlen, "%s", login ? login : "");
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

static void session_key(const char *token, char out[65]);

/* Sets a checked password: the rules, the history, the hash, one write. by NULL: the user
 * themselves (keep_token: the session kept). */
static int set_password(struct store *st, const struct user_actor *by, long long user_id,
			const struct password_policy *pp, const char *password, unsigned flags,
			const char *keep_token, const char *action, struct buf *err)
{
	char login[80];
	int rc = user_login_of(st, user_id, login, sizeof(login));
	if (rc == ZF_ENOENT)
		buf_setf(err, "用户 %lld 不存在", user_id);
	if (!rc)
		rc = password_check(login, password, pp ? pp->min_chars : PASSWORD_MIN_CHARS, err);
	if (!rc)
		rc = history_check(st, user_id, pp, password, err);
	char hash[crypto_pwhash_STRBYTES];
	if (!rc)
		rc = hash_password(password, hash);
	if (rc)
		return rc;
	char keep[65] = "";
	if (keep_token) {
		sodium_ready();
		session_key(keep_token, keep);
	}
	rc = store_write_begin(st);
	if (rc)
		return rc;
	if (by)
		rc = store_user_may_change(st, by, user_id, 0, err);
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st,
				"UPDATE users SET password_hash = ?, failed_logins = 0, "
				"locked_until = 0, must_change = ? WHERE id = ?",
				&s);
	if (!rc) {
		db_bind_text(s, 1, hash);
		db_bind_int(s, 2, (flags & USER_PW_MUST_CHANGE) ? 1 : 0);
		db_bind_int(s, 3, user_id);
		rc = db_run(s);
	}
	if (!rc)
		rc = history_add(st, user_id, hash, time(NULL));
	if (!rc) /* a new password lifts the lock-outs */
		rc = run_id(st, "DELETE FROM login_locks WHERE user_id = ?", user_id);
	if (!rc)
		rc = end_sessions_but(st, user_id, keep_token ? keep : NULL);
	if (!rc)
		rc = store_audit(st, by ? actor_name(by) : login, action, login,
				 (flags & USER_PW_MUST_CHANGE) ? "must-change" : "");
	sodium_memzero(hash, sizeof(hash));
	return store_write_end(st, rc);
}

int store_user_set_password(struct store *st, const struct user_actor *by, long long user_id,
			    const char *password, unsigned flags, struct buf *err)
{
	static const struct user_actor nobody = {"-", 0, NULL};
	return set_password(st, by ? by : &nobody, user_id, by ? by->policy : NULL, password, flags,
			    NULL, "user.password", err);
}

int store_user_change_password(struct store *st, long long user_id,
			       const struct password_policy *policy, const char *old,
			       const char *password, const char *keep_token, struct buf *err)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT password_hash FROM users WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, user_id);
	rc = db_step(s);
	char hash[crypto_pwhash_STRBYTES] = "";
	if (rc == DB_ROW) {
		const char *h = db_col_text(s, 0);
		snprintf(hash, sizeof(hash), "%s", h ? h : "");
		rc = 0;
	} else if (rc == DB_DONE) {
		buf_setf(err, "用户 %lld 不存在", user_id);
		rc = ZF_ENOENT;
	}
	db_finish(s);
	if (rc)
		return rc;
	sodium_ready();
	size_t olen = old ? strlen(old) : 0;
	if (!old || olen > PASSWORD_MAX_BYTES || !hash[0] ||
	    crypto_pwhash_str_verify(hash, old, olen) != 0) {
		buf_setf(err, "当前口令不正确");
		return ZF_EPERM;
	}
	if (password && strcmp(old, password) == 0) {
		buf_setf(err, "新口令不能与当前口令相同");
		return ZF_EINVAL;
	}
	return set_password(st, NULL, user_id, policy, password, 0, keep_token, "user.password.own",
			    err);
}

static int change_grant(struct store *st, const struct user_actor *by, long long user_id,
			long long agency_id, enum user_role role, bool grant, struct buf *err)
{
	if (role < USER_ROLE_VIEWER || role > USER_ROLE_ADMIN) {
		buf_setf(err, "角色无效");
		return ZF_EINVAL;
	}
	char login[80];
	int rc = user_login_of(st, user_id, login, sizeof(login));
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
	rc = store_user_may_change(st, by, user_id, agency_id, err);
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(
		    st,
		    grant ? "INSERT INTO user_roles (user_id, agency_id, role) VALUES (?, ?, ?) "
			    "ON CONFLICT (user_id, agency_id, role) DO NOTHING"
			  : "DELETE FROM user_roles WHERE user_id = ? AND agency_id = ? "
			    "AND role = ?",
		    &s);
	if (!rc) {
		db_bind_int(s, 1, user_id);
		db_bind_int(s, 2, agency_id);
		db_bind_text(s, 3, user_role_name(role));
		rc = db_run(s);
	}
	if (!rc) {
		char detail[96];
		snprintf(detail, sizeof(detail), "%s@%lld", user_role_name(role), agency_id);
		rc = store_audit(st, actor_name(by), grant ? "user.grant" : "user.revoke", login,
				 detail);
	}
	return store_write_end(st, rc);
}

int store_user_grant(struct store *st, const struct user_actor *by, long long user_id,
		     long long agency_id, enum user_role role, struct buf *err)
{
	return change_grant(st, by, user_id, agency_id, role, true, err);
}

int store_user_revoke(struct store *st, const struct user_actor *by, long long user_id,
		      long long agency_id, enum user_role role, struct buf *err)
{
	return change_grant(st, by, user_id, agency_id, role, false, err);
}

/* Updates one column set of a user and audits it, as one write. */
static int user_update(struct store *st, const struct user_actor *by, long long user_id,
		       const char *sql, const char *action, bool drop_sessions, struct buf *err)
{
	char login[80];
	int rc = user_login_of(st, user_id, login, sizeof(login));
	if (rc == ZF_ENOENT)
		buf_setf(err, "用户 %lld 不存在", user_id);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = store_user_may_change(st, by, user_id, 0, err);
	if (!rc)
		rc = run_id(st, sql, user_id);
	if (!rc && drop_sessions)
		rc = end_sessions(st, user_id);
	if (!rc)
		rc = store_audit(st, actor_name(by), action, login, "");
	return store_write_end(st, rc);
}

int store_user_set_active(struct store *st, const struct user_actor *by, long long user_id,
			  bool active, struct buf *err)
{
	return user_update(st, by, user_id,
			   active ? "UPDATE users SET active = 1 WHERE id = ?"
				  : "UPDATE users SET active = 0 WHERE id = ?",
			   active ? "user.enable" : "user.disable", !active, err);
}

int store_user_unlock(struct store *st, const struct user_actor *by, long long user_id,
		      struct buf *err)
{
	return user_update(st, by, user_id, "DELETE FROM login_locks WHERE user_id = ?",
			   "user.unlock", false, err);
}

#define USER_COLUMNS                                                                               \
	"u.id, u.login, u.display_name, u.agency_id, a.name, u.active, "                           \
	"(SELECT COALESCE(MAX(l.failures), 0) FROM login_locks l WHERE l.user_id = u.id "          \
	"AND l.locked_until = 0), "                                                                \
	"(SELECT COALESCE(MAX(l.locked_until), 0) FROM login_locks l WHERE l.user_id = u.id), "    \
	"(SELECT count(*) FROM login_locks l WHERE l.user_id = u.id AND l.locked_until > 0), "     \
	"u.must_change FROM users u JOIN agencies a ON a.id = u.agency_id "

static void fill_user(struct db_stmt *s, struct arena *a, struct user *u)
{
	u->id = db_col_int(s, 0);
	u->login = db_col_str(s, a, 1);
	u->name = db_col_str(s, a, 2);
	u->agency_id = db_col_int(s, 3);
	u->agency_name = db_col_str(s, a, 4);
	u->active = db_col_int(s, 5) != 0;
	u->failed_logins = (int)db_col_int(s, 6);
	u->locked_until = (time_t)db_col_int(s, 7);
	u->locked_sources = (int)db_col_int(s, 8);
	u->must_change = db_col_int(s, 9) != 0;
	u->roles = "";
}

static int by_id(const void *a, const void *b)
{
	const struct user *const *x = a, *const *y = b;
	return (*x)->id < (*y)->id ? -1 : (*x)->id > (*y)->id;
}

/* Fills the roles summary ("经办人@示例区人民政府，…", by agency id then role name) of
 * users v[0..n), who are the users of agency_id (0 = all) or, with one_id, that user. */
static int fill_roles(struct store *st, struct arena *arena, struct user *v, size_t n,
		      long long agency_id, long long one_id)
{
	if (n == 0)
		return 0;
	struct user **index = malloc(n * sizeof(*index));
	struct buf *sum = calloc(n, sizeof(*sum));
	if (!index || !sum) {
		free(index);
		free(sum);
		return ZF_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		index[i] = &v[i];
	qsort(index, n, sizeof(*index), by_id);
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT r.user_id, r.role, ra.name FROM user_roles r "
			    "JOIN users u ON u.id = r.user_id "
			    "JOIN agencies ra ON ra.id = r.agency_id "
			    "WHERE (CAST(?1 AS BIGINT) = 0 OR u.agency_id = ?1) "
			    "AND (CAST(?2 AS BIGINT) = 0 OR u.id = ?2) "
			    "ORDER BY r.user_id, r.agency_id, r.role",
			    &s);
	if (!rc) {
		db_bind_int(s, 1, agency_id);
		db_bind_int(s, 2, one_id);
		while ((rc = db_step(s)) == DB_ROW) {
			struct user key = {.id = db_col_int(s, 0)}, *kp = &key;
			struct user **hit = bsearch(&kp, index, n, sizeof(*index), by_id);
			enum user_role role;
			if (!hit || user_role_parse(db_col_text(s, 1), &role))
				continue;
			struct buf *b = &sum[*hit - v];
			const char *agency = db_col_text(s, 2);
			buf_printf(b, "%s%s@%s", b->len ? "，" : "", user_role_label(role),
				   agency ? agency : "");
		}
		db_finish(s);
		if (rc == DB_DONE)
			rc = 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (!rc && sum[i].len) {
			v[i].roles = arena_strdup(arena, buf_cstr(&sum[i]));
			if (!v[i].roles)
				rc = ZF_ENOMEM;
		}
		buf_free(&sum[i]);
	}
	free(sum);
	free(index);
	return rc;
}

static int get_one(struct store *st, struct arena *arena, const char *sql, long long id,
		   const char *text, struct user *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	if (text)
		db_bind_text(s, 1, text);
	else
		db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		fill_user(s, arena, out);
		rc = out->login && out->name && out->agency_name ? 0 : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	if (!rc)
		rc = fill_roles(st, arena, out, 1, 0, out->id);
	return rc;
}

int store_user_get(struct store *st, struct arena *arena, long long id, struct user *out)
{
	return get_one(st, arena, "SELECT " USER_COLUMNS "WHERE u.id = ?", id, NULL, out);
}

int store_user_by_login(struct store *st, struct arena *arena, const char *login, struct user *out)
{
	return get_one(st, arena, "SELECT " USER_COLUMNS "WHERE u.login = ?", 0, login ? login : "",
		       out);
}

int store_user_list(struct store *st, struct arena *arena, long long agency_id, struct user **out,
		    size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       "SELECT " USER_COLUMNS "WHERE CAST(?1 AS BIGINT) = 0 OR u.agency_id = ?1 "
		       "ORDER BY u.login",
		       &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	size_t alloc = 0, count = 0;
	struct user *v = NULL;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(arena, v, count, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		fill_user(s, arena, &v[count++]);
	}
	db_finish(s);
	if (rc == DB_DONE)
		rc = fill_roles(st, arena, v, count, agency_id, 0);
	if (rc)
		return rc;
	*out = v;
	*n = count;
	return 0;
}

int store_user_grants(struct store *st, struct arena *arena, long long user_id,
		      struct user_grant **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT agency_id, role FROM user_roles WHERE user_id = ? "
			    "ORDER BY agency_id, role",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, user_id);
	size_t alloc = 0, count = 0;
	struct user_grant *v = NULL;
	while ((rc = db_step(s)) == DB_ROW) {
		enum user_role role;
		if (user_role_parse(db_col_text(s, 1), &role))
			continue;
		v = arena_grow(arena, v, count, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		v[count].agency_id = db_col_int(s, 0);
		v[count].role = role;
		count++;
	}
	db_finish(s);
	if (rc != DB_DONE)
		return rc;
	*out = v;
	*n = count;
	return 0;
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

/* A user's sign-in state as stored. */
struct login_row {
	long long id;
	char hash[crypto_pwhash_STRBYTES];
	bool active;
};

/* The failures of one client address at one account. */
struct login_lock {
	int failures;
	time_t last_at, until;
};

static int throttle_subject(struct store *st, const char *kind, const char *subject, char out[33]);

#define LOGIN_ADDR_KIND "login_addr" /* throttle: wrong sign-ins of one address, any account */

static int login_row_read(struct store *st, const char *login, bool *found, struct login_row *r)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT id, password_hash, active FROM users WHERE login = ?", &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, login);
	rc = db_step(s);
	*found = rc == DB_ROW;
	if (rc == DB_ROW) {
		const char *h = db_col_text(s, 1);
		r->id = db_col_int(s, 0);
		snprintf(r->hash, sizeof(r->hash), "%s", h ? h : "");
		r->active = db_col_int(s, 2) != 0;
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

static int login_lock_read(struct store *st, long long user_id, const char *source,
			   struct login_lock *l)
{
	memset(l, 0, sizeof(*l));
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT failures, last_at, locked_until FROM login_locks "
			    "WHERE user_id = ? AND source = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, user_id);
	db_bind_text(s, 2, source);
	rc = db_step(s);
	if (rc == DB_ROW) {
		l->failures = (int)db_col_int(s, 0);
		l->last_at = (time_t)db_col_int(s, 1);
		l->until = (time_t)db_col_int(s, 2);
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

/* Failures in a row from an address are forgotten once it has not failed for a lock's
 * length and holds no lock: the table keeps only what may still matter. */
static int login_forget(struct store *st, const struct login_policy *policy, time_t now)
{
	struct db_stmt *s;
	int rc =
	    db_prepare(st, "DELETE FROM login_locks WHERE locked_until <= ? AND last_at <= ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, (long long)now);
	db_bind_int(s, 2, (long long)now - policy->lock_seconds);
	return db_run(s);
}

/* A lock-out was just set: when addresses are locked out of one account from several
 * places at once, someone is after the account; that gets its own audit line and a
 * warning in the log for the administrators. */
static int login_alert(struct store *st, long long user_id, const char *shown, const char *ip,
		       time_t now)
{
	struct db_stmt *s;
	int rc = db_prepare(
	    st, "SELECT count(*) FROM login_locks WHERE user_id = ? AND locked_until > ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, user_id);
	db_bind_int(s, 2, (long long)now);
	long long n = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
	db_finish(s);
	if (n < LOGIN_ALERT_ADDRESSES)
		return 0;
	log_warn("login: account under attack login=\"%s\" locked_addresses=%lld", shown, n);
	char why[48];
	snprintf(why, sizeof(why), "locked-addresses=%lld", n);
	return login_audit(st, "login.alert", shown, ip, why);
}

/* The outcome of a sign-in, decided and written under the writer lock (so that failures
 * counted by several servers at once add up, and a lock set by one is seen by all). ok says
 * whether the password matched the hash read before. Failures and lock-outs belong to the
 * pair (account, source): source is the keyed hash of the client address. */
static int login_decide(struct store *st, const struct login_policy *policy, const char *login,
			const char *shown, const char *ip, const char *source, time_t now, bool ok,
			const char *hash_checked, enum login_result *result, time_t *locked_until,
			char tok[65])
{
	struct login_row r;
	struct login_lock l;
	bool found = false;
	int rc = login_row_read(st, login, &found, &r);
	if (rc)
		return rc;
	if (!found) /* removed meanwhile */
		return login_audit(st, "login.fail", shown, ip, "unknown-user");
	if (ok && strcmp(r.hash, hash_checked) != 0)
		ok = false; /* the password was changed meanwhile */
	if ((rc = login_lock_read(st, r.id, source, &l)))
		return rc;
	if (l.until > now) {
		*result = LOGIN_LOCKED;
		*locked_until = l.until;
		return login_audit(st, "login.refused", shown, ip, "locked");
	}
	if (ok && !r.active) {
		*result = LOGIN_INACTIVE;
		return login_audit(st, "login.refused", shown, ip, "inactive");
	}
	struct db_stmt *s;
	if (!ok) {
		/* a lock that ran out, or failures long ago, start anew */
		bool fresh = l.until || l.last_at <= now - policy->lock_seconds;
		int failed = fresh ? 1 : l.failures + 1;
		bool lock = failed >= policy->max_failures;
		time_t new_until = lock ? now + policy->lock_seconds : 0;
		rc = login_forget(st, policy, now);
		if (!rc)
			rc = db_prepare(
			    st,
			    "INSERT INTO login_locks (user_id, source, failures, last_at, "
			    "locked_until) VALUES (?1, ?2, ?3, ?4, ?5) "
			    "ON CONFLICT (user_id, source) DO UPDATE SET failures = ?3, "
			    "last_at = ?4, locked_until = ?5",
			    &s);
		if (!rc) {
			db_bind_int(s, 1, r.id);
			db_bind_text(s, 2, source);
			db_bind_int(s, 3, failed);
			db_bind_int(s, 4, (long long)now);
			db_bind_int(s, 5, (long long)new_until);
			rc = db_run(s);
		}
		if (!rc)
			rc = login_audit(st, lock ? "login.lock" : "login.fail", shown, ip,
					 "wrong-password");
		if (!rc && lock)
			rc = login_alert(st, r.id, shown, ip, now);
		if (!rc && lock) {
			*result = LOGIN_LOCKED;
			*locked_until = new_until;
		}
		return rc;
	}

	/* success: clear this address's count, drop expired sessions, open a new one */
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	char key[65];
	hex(raw, sizeof(raw), tok);
	sodium_memzero(raw, sizeof(raw));
	session_key(tok, key);
	rc = db_prepare(st, "DELETE FROM login_locks WHERE user_id = ? AND source = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, r.id);
		db_bind_text(s, 2, source);
		rc = db_run(s);
	}
	if (!rc)
		rc = run_id(st, "DELETE FROM sessions WHERE expires_at <= ?", (long long)now);
	if (!rc)
		rc = db_prepare(
		    st,
		    "INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen) "
		    "VALUES (?1, ?2, ?3, ?4, ?3)",
		    &s);
	if (!rc) {
		db_bind_text(s, 1, key);
		db_bind_int(s, 2, r.id);
		db_bind_int(s, 3, (long long)now);
		db_bind_int(s, 4, (long long)now + policy->session_hours * 3600LL);
		rc = db_run(s);
	}
	if (!rc)
		rc = login_audit(st, "login.ok", shown, ip, NULL);
	if (!rc)
		*result = LOGIN_OK;
	return rc;
}

int store_login(struct store *st, const struct login_policy *policy, const char *login,
		const char *password, const char *ip, time_t now, enum login_result *result,
		time_t *locked_until, char token[65])
{
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
	const char *addr = ip && *ip ? ip : "-";
	int window = policy->lock_seconds > 0 ? policy->lock_seconds : 1;
	char source[33];
	int rc = throttle_subject(st, "login", addr, source);
	if (rc)
		return rc;

	/* an address that failed too often, whatever the accounts, is refused before any
	 * password is looked at (password spraying) */
	int addr_hits = 0;
	if (policy->address_max_failures > 0) {
		rc = store_throttle_get(st, LOGIN_ADDR_KIND, addr, window, now, &addr_hits);
		if (rc)
			return rc;
		if (addr_hits >= policy->address_max_failures) {
			*result = LOGIN_THROTTLED;
			*locked_until = now + window;
			rc = store_write_begin(st);
			if (!rc)
				rc = login_audit(st, "login.refused", shown, ip,
						 "address-throttled");
			return store_write_end(st, rc);
		}
	}

	/* read and verify outside the writer lock: argon2id takes a while */
	struct login_row r;
	struct login_lock l = {0};
	bool found = false;
	rc = login_row_read(st, login, &found, &r);
	if (!rc && found)
		rc = login_lock_read(st, r.id, source, &l);
	if (rc)
		return rc;
	bool ok = false;
	if (!found) {
		if (crypto_pwhash_str_verify(dummy_hash, password, pwlen) == 0)
			log_warn("login: a random password matched"); /* cannot happen */
	} else if (l.until <= now) {
		ok = r.hash[0] && crypto_pwhash_str_verify(r.hash, password, pwlen) == 0;
	}

	rc = store_write_begin(st);
	if (rc)
		return rc;
	char tok[65] = "";
	if (!found)
		rc = login_audit(st, "login.fail", shown, ip, "unknown-user");
	else
		rc = login_decide(st, policy, login, shown, ip, source, now, ok, r.hash, result,
				  locked_until, tok);
	/* every wrong sign-in counts against the address, whichever account it tried */
	if (!rc && policy->address_max_failures > 0 && *result != LOGIN_OK &&
	    *result != LOGIN_INACTIVE && !(*result == LOGIN_LOCKED && l.until > now))
		rc = store_throttle_hit(st, LOGIN_ADDR_KIND, addr, window, now, NULL);
	rc = store_write_end(st, rc);
	if (rc) {
		*result = LOGIN_BAD;
		*locked_until = 0;
	} else if (*result == LOGIN_OK) {
		memcpy(token, tok, 65);
	}
	sodium_memzero(tok, sizeof(tok));
	sodium_memzero(&r, sizeof(r));
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
	*user_id = 0;
	if (!token_ok(token))
		return 0;
	sodium_ready();
	char key[65];
	session_key(token, key);
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id "
			    "WHERE s.id = ? AND s.expires_at > ? AND u.active = 1",
			    &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, key);
	db_bind_int(s, 2, (long long)now);
	rc = db_step(s);
	if (rc == DB_ROW)
		*user_id = db_col_int(s, 0);
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_session_use(struct store *st, const char *token, time_t now, int idle_seconds,
		      long long *user_id, bool *timed_out)
{
	*user_id = 0;
	*timed_out = false;
	if (!token_ok(token))
		return 0;
	sodium_ready();
	char key[65];
	session_key(token, key);
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT s.user_id, s.last_seen, u.login FROM sessions s "
			    "JOIN users u ON u.id = s.user_id "
			    "WHERE s.id = ? AND s.expires_at > ? AND u.active = 1",
			    &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, key);
	db_bind_int(s, 2, (long long)now);
	rc = db_step(s);
	long long uid = 0;
	time_t seen = 0;
	char login[80] = "";
	if (rc == DB_ROW) {
		uid = db_col_int(s, 0);
		seen = (time_t)db_col_int(s, 1);
		const char *l = db_col_text(s, 2);
		snprintf(login, sizeof(login), "%s", l ? l : "");
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	if (uid == 0)
		return 0;
	/* a last use in the future (the clock was set back) counts as now */
	bool idle = idle_seconds > 0 && seen <= now && now - seen >= idle_seconds;
	/* once a minute, or every quarter of a setting shorter than four minutes: a session
	 * ends between idle_seconds less this and idle_seconds after its last use */
	int every = idle_seconds > 0 && idle_seconds / 4 < 60 ? idle_seconds / 4 : 60;
	if (every < 1)
		every = 1;
	if (!idle && seen <= now && now - seen < every) {
		*user_id = uid;
		return 0;
	}
	rc = store_write_begin(st);
	if (rc)
		return rc;
	if (idle) {
		rc = run_text(st, "DELETE FROM sessions WHERE id = ?", key);
		if (!rc)
			rc = store_audit(st, login, "logout.idle", login, "");
	} else {
		/* the condition makes a second server's write at the same time a no-op */
		rc = db_prepare(st,
				"UPDATE sessions SET last_seen = ?1 WHERE id = ?2 "
				"AND (last_seen <= ?1 - ?3 OR last_seen > ?1)",
				&s);
		if (!rc) {
			db_bind_int(s, 1, (long long)now);
			db_bind_text(s, 2, key);
			db_bind_int(s, 3, every);
			rc = db_run(s);
		}
	}
	rc = store_write_end(st, rc);
	if (rc)
		return rc;
	if (idle)
		*timed_out = true;
	else
		*user_id = uid;
	return 0;
}

int store_session_end(struct store *st, const char *token)
{
	if (!token_ok(token))
		return 0;
	sodium_ready();
	char key[65];
	session_key(token, key);
	struct db_stmt *s;
	int rc = db_prepare(st, "DELETE FROM sessions WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, key);
	return db_run(s);
}

/* Reads a site secret: 0, ZF_ENOENT (none yet) or an error. */
static int secret_read(struct store *st, const char *name, unsigned char *out, size_t len)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT value FROM site_secrets WHERE name = ?", &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, name);
	rc = db_step(s);
	if (rc == DB_ROW) {
		size_t n = 0;
		const void *v = db_col_blob(s, 0, &n);
		if (v && n == len) {
			memcpy(out, v, len);
			rc = 0;
		} else {
			log_error("site secret of the wrong size name=%s", name);
			rc = ZF_EDB;
		}
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

int store_site_secret(struct store *st, const char *name, unsigned char *out, size_t len)
{
	sodium_ready();
	unsigned char fresh[64];
	if (len > sizeof(fresh))
		BUG("site secret of %zu bytes", len);
	/* the common case reads only; the first use writes, and whichever server writes
	 * first wins: every server then reads the same secret */
	int rc = secret_read(st, name, out, len);
	if (rc != ZF_ENOENT)
		return rc;
	randombytes_buf(fresh, len);
	rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	rc = db_prepare(st,
			"INSERT INTO site_secrets (name, value) VALUES (?, ?) "
			"ON CONFLICT (name) DO NOTHING",
			&s);
	if (!rc) {
		db_bind_text(s, 1, name);
		db_bind_blob(s, 2, fresh, len);
		rc = db_run(s);
	}
	if (!rc)
		rc = secret_read(st, name, out, len);
	if (rc == ZF_ENOENT)
		rc = ZF_EDB;
	sodium_memzero(fresh, sizeof(fresh));
	return store_write_end(st, rc);
}

/* ---- throttles ---- */

/* What a throttle row stores for subject: hex(BLAKE2b-128 keyed by the site secret
 * "throttle", of kind and subject), so the table holds no client address. The row's key
 * is the whole hash: every (kind, subject) has its own counter (a 128-bit collision is out
 * of reach, and the key is secret). */
static int throttle_subject(struct store *st, const char *kind, const char *subject, char out[33])
{
	unsigned char key[32], h[16];
	int rc = store_site_secret(st, "throttle", key, sizeof(key));
	if (rc)
		return rc;
	crypto_generichash_state gs;
	crypto_generichash_init(&gs, key, sizeof(key), sizeof(h));
	crypto_generichash_update(&gs, (const unsigned char *)kind, strlen(kind) + 1);
	crypto_generichash_update(&gs, (const unsigned char *)subject, strlen(subject));
	crypto_generichash_final(&gs, h, sizeof(h));
	sodium_memzero(key, sizeof(key));
	hex(h, sizeof(h), out);
	return 0;
}

static bool throttle_args_ok(const char *kind, const char *subject, int window)
{
	size_t n = kind ? strlen(kind) : 0;
	return n >= 1 && n <= 32 && subject && window > 0;
}

int store_throttle_get(struct store *st, const char *kind, const char *subject, int window,
		       time_t now, int *hits)
{
	*hits = 0;
	if (!throttle_args_ok(kind, subject, window))
		return ZF_EINVAL;
	char key[33];
	int rc = throttle_subject(st, kind, subject, key);
	if (rc)
		return rc;
	struct db_stmt *s;
	rc = db_prepare(st,
			"SELECT hits FROM throttles WHERE kind = ?1 AND subject = ?2 "
			"AND window_start > ?3",
			&s);
	if (rc)
		return rc;
	db_bind_text(s, 1, kind);
	db_bind_text(s, 2, key);
	db_bind_int(s, 3, (long long)now - window);
	rc = db_step(s);
	if (rc == DB_ROW)
		*hits = (int)db_col_int(s, 0);
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_throttle_hit(struct store *st, const char *kind, const char *subject, int window,
		       time_t now, int *hits)
{
	int n = 0;
	if (hits)
		*hits = 0;
	if (!throttle_args_ok(kind, subject, window))
		return ZF_EINVAL;
	char key[33];
	int rc = throttle_subject(st, kind, subject, key);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	/* expired counters of every kind go first, so the table holds only live windows */
	rc = run_id(st, "DELETE FROM throttles WHERE expires_at <= ?", (long long)now);
	/* one statement adds the hit: two servers counting at once both count. Only a window
	 * that ran out starts anew (or one more than a window ahead: a clock set far back); a
	 * use stamped a little before the window's start (two servers' clocks, two threads that
	 * took the time in one order and count in the other) counts in it, so that nothing but
	 * time resets a counter */
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(
		    st,
		    "INSERT INTO throttles (kind, subject, window_start, hits, expires_at) "
		    "VALUES (?1, ?2, ?3, 1, ?4) "
		    "ON CONFLICT (kind, subject) DO UPDATE SET "
		    "hits = CASE WHEN throttles.window_start <= ?5 OR "
		    "throttles.window_start > ?4 THEN 1 ELSE throttles.hits + 1 END, "
		    "expires_at = CASE WHEN throttles.window_start <= ?5 OR "
		    "throttles.window_start > ?4 THEN ?4 ELSE throttles.expires_at END, "
		    "window_start = CASE WHEN throttles.window_start <= ?5 OR "
		    "throttles.window_start > ?4 THEN ?3 ELSE throttles.window_start END "
		    "RETURNING hits",
		    &s);
	if (!rc) {
		/* ?3 now, ?4 the end of a window starting now, ?5 the start of the oldest window
		 * that has run out */
		db_bind_text(s, 1, kind);
		db_bind_text(s, 2, key);
		db_bind_int(s, 3, (long long)now);
		db_bind_int(s, 4, (long long)now + window);
		db_bind_int(s, 5, (long long)now - window);
		rc = db_step(s);
		if (rc == DB_ROW) {
			n = (int)db_col_int(s, 0);
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = ZF_EDB;
		}
		db_finish(s);
	}
	rc = store_write_end(st, rc);
	if (!rc && hits)
		*hits = n;
	return rc;
}
