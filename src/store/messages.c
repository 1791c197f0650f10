/* messages.c: 政民互动 messages in the store (messages.h), written once in portable SQL
 * (driver.h) for both engines, with their migration (schema_messages).
 *
 * messages keeps one row per message with its current agency and state; the due day is
 * kept beside it (computed with the calendar at each write that moves the clock, as a
 * request's), so that lists and counts are one query. message_transfers keeps every
 * transfer with its reason; message_settings is one row of limits per kind, written by the
 * first change (no row: the defaults; a migration writes no row, so that db copy finds the
 * table empty). */
#include "common.h"
#include "arena.h"
#include "db.h"
#include "driver.h"
#include "law/calendar.h"
#include "law/idcheck.h"
#include "messages.h"
#include "requests.h"
#include "text/scan.h"
#include "utf8.h"

#include <pthread.h>

extern const char schema_messages[];

const char schema_messages[] =
    "CREATE TABLE message_settings (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  limit_message INTEGER NOT NULL DEFAULT 15 CHECK (limit_message BETWEEN 1 AND 60),\n"
    "  limit_consult INTEGER NOT NULL DEFAULT 5 CHECK (limit_consult BETWEEN 1 AND 60),\n"
    "  limit_complaint INTEGER NOT NULL DEFAULT 15 CHECK (limit_complaint BETWEEN 1 AND 60),\n"
    "  limit_suggestion INTEGER NOT NULL DEFAULT 15 CHECK (limit_suggestion BETWEEN 1 AND 60),\n"
    "  identity INTEGER NOT NULL DEFAULT 4 CHECK (identity BETWEEN 0 AND 15),\n"
    "  escalate_after INTEGER NOT NULL DEFAULT 1 CHECK (escalate_after BETWEEN 1 AND 30)\n"
    ");\n"
    "CREATE TABLE messages (\n"
    "  id {ID},\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('message', 'consult', 'complaint', 'suggestion')),\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 50),\n"
    "  body TEXT NOT NULL,\n"
    "  writer_name TEXT NOT NULL DEFAULT '',\n"
    "  writer_phone TEXT NOT NULL DEFAULT '',\n"
    "  writer_email TEXT NOT NULL DEFAULT '',\n"
    "  publish_ok INTEGER NOT NULL DEFAULT 1 CHECK (publish_ok IN (0, 1)),\n"
    "  status TEXT NOT NULL CHECK (status IN ('held', 'open', 'replied', 'rejected')),\n"
    "  received_on TEXT NOT NULL,\n"
    "  accepted_on TEXT,\n"
    "  clock_from TEXT,\n"
    "  due_on TEXT,\n"
    "  limit_days INTEGER NOT NULL CHECK (limit_days BETWEEN 1 AND 60),\n"
    "  hold_reason TEXT NOT NULL DEFAULT '',\n"
    "  duplicate_of INTEGER REFERENCES messages(id) ON DELETE RESTRICT\n"
    "    DEFERRABLE INITIALLY DEFERRED,\n"
    "  reject_reason TEXT NOT NULL DEFAULT '',\n"
    "  reject_note TEXT NOT NULL DEFAULT '',\n"
    "  reply TEXT NOT NULL DEFAULT '',\n"
    "  reply_agency_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  replied_on TEXT,\n"
    "  published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),\n"
    "  escalated_on TEXT,\n"
    "  rating TEXT NOT NULL DEFAULT '' CHECK (rating IN ('', 'satisfied', 'basic',\n"
    "    'unsatisfied')),\n"
    "  rated_on TEXT,\n"
    "  transfers INTEGER NOT NULL DEFAULT 0,\n"
    "  query_code TEXT NOT NULL UNIQUE CHECK (length(query_code) = 12),\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  CHECK (published = 0 OR (publish_ok = 1 AND status = 'replied')),\n"
    "  CHECK ((status = 'replied') = (replied_on IS NOT NULL))\n"
    ");\n"
    "CREATE INDEX messages_agency ON messages(agency_id, status, due_on);\n"
    "CREATE INDEX messages_public ON messages(published, replied_on);\n"
    "CREATE INDEX messages_writer ON messages(writer_phone, received_on);\n"
    "CREATE TABLE message_transfers (\n"
    "  id {ID},\n"
    "  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,\n"
    "  from_agency INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  to_agency INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  reason TEXT NOT NULL,\n"
    "  on_day TEXT NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW}\n"
    ");\n"
    "CREATE INDEX message_transfers_message ON message_transfers(message_id, id);\n";

/* ---------------------------------------------------------------- names */

static const char *const kind_keys[MESSAGE_KINDS] = {"message", "consult", "complaint",
						     "suggestion"};
static const char *const kind_labels[MESSAGE_KINDS] = {"留言", "咨询", "投诉", "建议"};
static const char *const status_keys[MESSAGE_STATUSES] = {"held", "open", "replied", "rejected"};
static const char *const status_labels[MESSAGE_STATUSES] = {"待审核", "办理中", "已答复",
							    "不予受理"};

const char *message_kind_key(enum message_kind k)
{
	return (unsigned)k < MESSAGE_KINDS ? kind_keys[k] : "message";
}

const char *message_kind_label(enum message_kind k)
{
	return (unsigned)k < MESSAGE_KINDS ? kind_labels[k] : "留言";
}

int message_kind_parse(const char *s)
{
	for (int i = 0; s && i < MESSAGE_KINDS; i++)
		if (!strcmp(s, kind_keys[i]) || !strcmp(s, kind_labels[i]))
			return i;
	return -1;
}

const char *message_status_key(enum message_status s)
{
	return (unsigned)s < MESSAGE_STATUSES ? status_keys[s] : "open";
}

const char *message_status_label(enum message_status s)
{
	return (unsigned)s < MESSAGE_STATUSES ? status_labels[s] : "";
}

int message_status_parse(const char *s)
{
	for (int i = 0; s && i < MESSAGE_STATUSES; i++)
		if (!strcmp(s, status_keys[i]))
			return i;
	return -1;
}

static const struct {
	const char *key, *label;
} rejects[] =
    {
	{"duplicate", "重复留言"},
	{"abusive", "含有侮辱、谩骂等不文明内容"},
	{"out_of_scope", "不属于本机关职责范围"},
},
  ratings[] = {
      {"satisfied", "满意"},
      {"basic", "基本满意"},
      {"unsatisfied", "不满意"},
};

const char *message_reject_label(const char *key)
{
	for (size_t i = 0; key && i < ARRAY_SIZE(rejects); i++)
		if (!strcmp(key, rejects[i].key))
			return rejects[i].label;
	return "";
}

bool message_reject_ok(const char *key)
{
	return *message_reject_label(key) != '\0';
}

const char *message_rating_label(const char *key)
{
	for (size_t i = 0; key && i < ARRAY_SIZE(ratings); i++)
		if (!strcmp(key, ratings[i].key))
			return ratings[i].label;
	return "";
}

bool message_rating_ok(const char *key)
{
	return *message_rating_label(key) != '\0';
}

/* ---------------------------------------------------------------- screening */

/* The abuse list: insults a reply platform does not publish (held for a clerk, never
 * refused unseen). Rule-set format of text/scan.h (whose categories are wording, spam and
 * allow: the list files under spam.abuse.). */
static const char abuse_rules[] = "!name\t留言文明用语\n"
				  "spam.abuse.1\t疑似\t他妈的\t\t\t\t辱骂\n"
				  "spam.abuse.2\t疑似\t操你\t\t\t\t辱骂\n"
				  "spam.abuse.3\t疑似\t狗官\t\t\t\t辱骂\n"
				  "spam.abuse.4\t疑似\t王八蛋\t\t\t\t辱骂\n"
				  "spam.abuse.5\t疑似\t去死\t\t\t\t辱骂\n"
				  "spam.abuse.6\t疑似\t傻逼\t\t\t\t辱骂\n"
				  "spam.abuse.7\t疑似\t混蛋\t\t\t\t辱骂\n"
				  "spam.abuse.8\t疑似\t畜生\t\t\t\t辱骂\n"
				  "spam.abuse.9\t疑似\t贱人\t\t\t\t辱骂\n";

static struct scan_rules *abuse;
static pthread_once_t abuse_once = PTHREAD_ONCE_INIT;

static void abuse_load(void)
{
	if (scan_rules_parse(abuse_rules, sizeof(abuse_rules) - 1, &abuse, NULL))
		abuse = NULL;
}

static const char *first_hit(const struct scan_rules *r, const char *text, bool spam_only)
{
	struct scan_hits h = {0};
	const char *why = NULL;
	if (!scan_text(r, text, strlen(text), 0, &h))
		for (size_t i = 0; i < h.n && !why; i++)
			if (!h.v[i].rule->allow &&
			    (!spam_only || !strcmp(h.v[i].rule->category, "spam")))
				why = h.v[i].rule->id;
	scan_hits_free(&h);
	return why;
}

bool message_screen(const struct scan_rules *rules, const char *title, const char *body,
		    const char **why)
{
	pthread_once(&abuse_once, abuse_load);
	const char *texts[2] = {title ? title : "", body ? body : ""};
	for (int i = 0; i < 2; i++) {
		const char *w = abuse ? first_hit(abuse, texts[i], false) : NULL;
		if (!w && rules)
			w = first_hit(rules, texts[i], true);
		if (w) {
			if (why)
				*why = w;
			return true;
		}
	}
	if (why)
		*why = "";
	return false;
}

/* Code points of s without white space and punctuation (ASCII and CJK), at most max. */
static size_t fold_points(const char *s, uint32_t *out, size_t max)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len && n < max;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);
		if (!k)
			k = 1, cp = 0xfffd;
		i += k;
		if (cp < 0x80 && !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
				   (cp >= 'A' && cp <= 'Z')))
			continue;
		if ((cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xff0f) ||
		    (cp >= 0xff1a && cp <= 0xff20) || (cp >= 0x2010 && cp <= 0x206f))
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 32;
		out[n++] = cp;
	}
	return n;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Near-identical: the Dice coefficient of the character bigrams (punctuation and spaces
 * left out) is at least 0.9. */
static bool near_identical(const char *a, const char *b)
{
	enum { MAXP = MESSAGE_BODY_MAX + 8 };
	uint32_t *pa = malloc(MAXP * sizeof(*pa)), *pb = malloc(MAXP * sizeof(*pb));
	uint64_t *ba = malloc(MAXP * sizeof(*ba)), *bb = malloc(MAXP * sizeof(*bb));
	bool same = false;
	if (!pa || !pb || !ba || !bb)
		goto out;
	size_t na = fold_points(a, pa, MAXP), nb = fold_points(b, pb, MAXP);
	if (na < 2 || nb < 2) {
		same = na == nb && (!na || pa[0] == pb[0]);
		goto out;
	}
	for (size_t i = 0; i + 1 < na; i++)
		ba[i] = (uint64_t)pa[i] << 32 | pa[i + 1];
	for (size_t i = 0; i + 1 < nb; i++)
		bb[i] = (uint64_t)pb[i] << 32 | pb[i + 1];
	size_t ma = na - 1, mb = nb - 1, common = 0;
	qsort(ba, ma, sizeof(*ba), cmp_u64);
	qsort(bb, mb, sizeof(*bb), cmp_u64);
	for (size_t i = 0, j = 0; i < ma && j < mb;) {
		if (ba[i] == bb[j])
			common++, i++, j++;
		else if (ba[i] < bb[j])
			i++;
		else
			j++;
	}
	same = common * 10 * 2 >= (ma + mb) * 9;
out:
	free(pa), free(pb), free(ba), free(bb);
	return same;
}

/* ---------------------------------------------------------------- settings */

/* The defaults: the DEFAULTs of message_settings. */
static void settings_defaults(struct message_settings *out)
{
	memset(out, 0, sizeof(*out));
	for (int k = 0; k < MESSAGE_KINDS; k++)
		out->limit_days[k] = k == MESSAGE_CONSULT ? 5 : 15;
	out->identity_required[MESSAGE_COMPLAINT] = true;
	out->escalate_after = 1;
}

int store_message_settings_get(struct store *st, struct message_settings *out)
{
	settings_defaults(out);
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       "SELECT limit_message, limit_consult, limit_complaint, limit_suggestion,"
		       " identity, escalate_after FROM message_settings WHERE id = 1",
		       &s);
	if (rc)
		return rc;
	rc = db_step(s);
	if (rc == DB_ROW) {
		for (int k = 0; k < MESSAGE_KINDS; k++)
			out->limit_days[k] = (int)db_col_int(s, k);
		long long id = db_col_int(s, 4);
		for (int k = 0; k < MESSAGE_KINDS; k++)
			out->identity_required[k] = (id >> k) & 1;
		out->escalate_after = (int)db_col_int(s, 5);
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_message_settings_set(struct store *st, const char *actor,
			       const struct message_settings *m, struct buf *err)
{
	for (int k = 0; k < MESSAGE_KINDS; k++)
		if (m->limit_days[k] < 1 || m->limit_days[k] > 60) {
			buf_setf(err, "%s的答复时限应为 1 至 60 个工作日", kind_labels[k]);
			return ZF_EINVAL;
		}
	if (m->escalate_after < 1 || m->escalate_after > 30) {
		buf_setf(err, "督办时间应为逾期后第 1 至 30 个工作日");
		return ZF_EINVAL;
	}
	long long identity = 0;
	for (int k = 0; k < MESSAGE_KINDS; k++)
		if (m->identity_required[k])
			identity |= 1 << k;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	rc = db_prepare(st,
			"INSERT INTO message_settings (id, limit_message, limit_consult,"
			" limit_complaint, limit_suggestion, identity, escalate_after)"
			" VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET"
			" limit_message = ?1, limit_consult = ?2, limit_complaint = ?3,"
			" limit_suggestion = ?4, identity = ?5, escalate_after = ?6",
			&s);
	if (!rc) {
		for (int k = 0; k < MESSAGE_KINDS; k++)
			db_bind_int(s, k + 1, m->limit_days[k]);
		db_bind_int(s, 5, identity);
		db_bind_int(s, 6, m->escalate_after);
		rc = db_run(s);
	}
	if (!rc) {
		char detail[160];
		snprintf(detail, sizeof(detail),
			 "limits=%d/%d/%d/%d identity=%lld escalate_after=%d", m->limit_days[0],
			 m->limit_days[1], m->limit_days[2], m->limit_days[3], identity,
			 m->escalate_after);
		rc = store_audit(st, actor, "message.settings", "message_settings", detail);
	}
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- checks */

static bool text_ok(const char *s, size_t min, size_t max, bool multiline)
{
	size_t len = strlen(s);
	if (!utf8_valid(s, len))
		return false;
	size_t n = utf8_count(s, len);
	if (n < min || n > max)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t'))) ||
		    *p == 0x7f)
			return false;
	return true;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static int check_new(const struct message_new *m, const struct message_settings *set,
		     struct buf *err)
{
	if ((unsigned)m->kind >= MESSAGE_KINDS) {
		buf_setf(err, "请选择留言类型：咨询、投诉、建议或其他留言");
		return ZF_EINVAL;
	}
	if (!m->title || !text_ok(m->title, 1, MESSAGE_TITLE_MAX, false)) {
		buf_setf(err, "标题不能为空，不超过 %d 个字，且不能换行", MESSAGE_TITLE_MAX);
		return ZF_EINVAL;
	}
	if (!m->body || !text_ok(m->body, MESSAGE_BODY_MIN, MESSAGE_BODY_MAX, true)) {
		buf_setf(err, "留言内容应为 %d 至 %d 个字", MESSAGE_BODY_MIN, MESSAGE_BODY_MAX);
		return ZF_EINVAL;
	}
	if (!text_ok(nz(m->name), 0, MESSAGE_NAME_MAX, false)) {
		buf_setf(err, "姓名不能超过 %d 个字", MESSAGE_NAME_MAX);
		return ZF_EINVAL;
	}
	char phone[IDCHECK_PHONE_MAX + 1];
	if (*nz(m->phone) && !idcheck_phone(m->phone, phone)) {
		buf_setf(err, "联系电话格式不正确：手机号码为 11 位数字；固定电话请加区号");
		return ZF_EINVAL;
	}
	if (*nz(m->email) && (strlen(m->email) > 100 || !idcheck_email(m->email))) {
		buf_setf(err, "电子邮箱格式不正确，例如 zhangsan@example.com");
		return ZF_EINVAL;
	}
	if (set->identity_required[m->kind] && (!*nz(m->name) || !*nz(m->phone))) {
		buf_setf(err, "%s须实名：请填写姓名和联系电话", kind_labels[m->kind]);
		return ZF_EINVAL;
	}
	if (!m->received_on) {
		buf_setf(err, "缺少收到日期");
		return ZF_EINVAL;
	}
	return 0;
}

static int agency_check(struct store *st, long long id, struct buf *err)
{
	bool exists = false;
	int rc = store_agency_exists(st, id, &exists);
	if (!rc && !exists) {
		buf_setf(err, "请选择受理机关");
		rc = ZF_ENOENT;
	}
	return rc;
}

/* The writer's earlier message (same phone, or same e-mail) of the last days whose body is
 * near-identical: its id in *dup (0 when none). */
static int find_duplicate(struct store *st, const struct message_new *m, const char *phone,
			  long long *dup)
{
	*dup = 0;
	if (!*phone && !*nz(m->email))
		return 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id, body FROM messages WHERE received_on >= ?1"
			    " AND received_on <= ?2 AND ((?3 <> '' AND writer_phone = ?3)"
			    " OR (?4 <> '' AND writer_email = ?4)) ORDER BY id",
			    &s);
	if (rc)
		return rc;
	db_bind_day(s, 1, m->received_on - MESSAGE_DUPLICATE_DAYS);
	db_bind_day(s, 2, m->received_on);
	db_bind_text(s, 3, phone);
	db_bind_text(s, 4, nz(m->email));
	while ((rc = db_step(s)) == DB_ROW)
		if (!*dup && near_identical(nz(db_col_text(s, 1)), m->body))
			*dup = db_col_int(s, 0);
	db_finish(s);
	return rc < 0 ? rc : 0;
}

static int audit(struct store *st, const char *actor, const char *action, long long id,
		 const char *detail)
{
	char object[40];
	snprintf(object, sizeof(object), "message:%lld", id);
	return store_audit(st, actor, action, object, detail);
}

/* ---------------------------------------------------------------- writes */

int store_message_add(struct store *st, const char *actor, const struct calendar *cal,
		      const struct scan_rules *rules, const struct message_new *m, long long *id,
		      char code[MESSAGE_CODE_LEN + 1], struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	struct message_settings set;
	int rc = store_message_settings_get(st, &set);
	if (rc)
		return rc;
	if ((rc = check_new(m, &set, err)))
		return rc;
	char phone[IDCHECK_PHONE_MAX + 1] = "";
	if (*nz(m->phone))
		idcheck_phone(m->phone, phone);
	const char *why = "";
	bool held = message_screen(rules, m->title, m->body, &why);
	char hold[80];
	snprintf(hold, sizeof(hold), "%s", held ? why : "");

	if ((rc = store_write_begin(st)))
		return rc;
	rc = agency_check(st, m->agency_id, err);
	long long dup = 0;
	if (!rc)
		rc = find_duplicate(st, m, phone, &dup);
	if (!rc && dup && !held) {
		held = true;
		snprintf(hold, sizeof(hold), "duplicate:%lld", dup);
	}
	int limit = set.limit_days[m->kind];
	zf_day due = held ? 0 : cal_add_working_days(cal, m->received_on, limit);
	long long got = 0;
	for (int attempt = 0; !rc && attempt < 5 && !got; attempt++) {
		char c[REQUEST_CODE_LEN + 1];
		request_code_generate(c);
		struct db_stmt *s;
		rc = db_prepare(
		    st,
		    "INSERT INTO messages (kind, agency_id, title, body, writer_name, writer_phone,"
		    " writer_email, publish_ok, status, received_on, accepted_on, clock_from,"
		    " due_on, limit_days, hold_reason, duplicate_of, query_code)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13, ?14,"
		    " ?15, ?16) ON CONFLICT (query_code) DO NOTHING RETURNING id",
		    &s);
		if (rc)
			break;
		db_bind_text(s, 1, kind_keys[m->kind]);
		db_bind_int(s, 2, m->agency_id);
		db_bind_text(s, 3, m->title);
		db_bind_text(s, 4, m->body);
		db_bind_text(s, 5, nz(m->name));
		db_bind_text(s, 6, phone);
		db_bind_text(s, 7, nz(m->email));
		db_bind_int(s, 8, m->publish_ok);
		db_bind_text(s, 9, held ? "held" : "open");
		db_bind_day(s, 10, m->received_on);
		db_bind_day(s, 11, held ? 0 : m->received_on);
		db_bind_day(s, 12, due);
		db_bind_int(s, 13, limit);
		db_bind_text(s, 14, hold);
		if (dup)
			db_bind_int(s, 15, dup);
		else
			db_bind_null(s, 15);
		db_bind_text(s, 16, c);
		rc = db_run_id(s, &got);
		if (rc == ZF_ENOENT)
			rc = 0; /* the code was taken: draw another */
		else if (!rc && code)
			memcpy(code, c, sizeof(c));
	}
	if (!rc && !got)
		rc = ZF_EDB;
	if (!rc) {
		char detail[160];
		snprintf(detail, sizeof(detail), "kind=%s agency=%lld status=%s%s%s",
			 kind_keys[m->kind], m->agency_id, held ? "held" : "open",
			 held ? " hold=" : "", hold);
		rc = audit(st, actor, "message.add", got, detail);
	}
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = got;
	return rc;
}

/* The state, agency and clock of a message, read inside a write. */
struct msg_head {
	enum message_status status;
	enum message_kind kind;
	long long agency_id;
	int limit_days;
	bool publish_ok;
	zf_day received_on, accepted_on;
};

static int head_get(struct store *st, long long id, struct msg_head *h, struct buf *err)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT status, kind, agency_id, limit_days, publish_ok, received_on,"
			    " accepted_on FROM messages WHERE id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		h->status = (enum message_status)message_status_parse(db_col_text(s, 0));
		h->kind = (enum message_kind)message_kind_parse(db_col_text(s, 1));
		h->agency_id = db_col_int(s, 2);
		h->limit_days = (int)db_col_int(s, 3);
		h->publish_ok = db_col_int(s, 4) != 0;
		h->received_on = db_col_day(s, 5);
		h->accepted_on = db_col_day(s, 6);
		rc = 0;
	} else if (rc == DB_DONE) {
		buf_setf(err, "没有这条留言");
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

static int refuse(struct buf *err, const char *why)
{
	buf_setf(err, "%s", why);
	return ZF_ESTATE;
}

int store_message_accept(struct store *st, const char *actor, const struct calendar *cal,
			 long long id, zf_day on, struct buf *err)
{
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct msg_head h;
	rc = head_get(st, id, &h, err);
	if (!rc && h.status != MESSAGE_HELD)
		rc = refuse(err, "只有待审核的留言可以受理");
	if (!rc && on < h.received_on)
		rc = refuse(err, "受理日期不能早于收到日期");
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st,
				"UPDATE messages SET status = 'open', accepted_on = ?1,"
				" clock_from = ?1, due_on = ?2 WHERE id = ?3",
				&s);
	if (!rc) {
		db_bind_day(s, 1, on);
		db_bind_day(s, 2, cal_add_working_days(cal, on, h.limit_days));
		db_bind_int(s, 3, id);
		rc = db_run(s);
	}
	if (!rc)
		rc = audit(st, actor, "message.accept", id, "");
	return store_write_end(st, rc);
}

int store_message_reject(struct store *st, const char *actor, long long id, const char *reason,
			 const char *note, zf_day on, struct buf *err)
{
	if (!message_reject_ok(reason)) {
		buf_setf(err,
			 "请选择不予受理的理由：重复留言、含有不文明内容或不属于本机关职责范围");
		return ZF_EINVAL;
	}
	if (!text_ok(nz(note), 0, MESSAGE_REASON_MAX, true)) {
		buf_setf(err, "说明不能超过 %d 个字", MESSAGE_REASON_MAX);
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct msg_head h;
	rc = head_get(st, id, &h, err);
	if (!rc && h.status != MESSAGE_HELD && h.status != MESSAGE_OPEN)
		rc = refuse(err, "已答复或已不予受理的留言不能再作不予受理");
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st,
				"UPDATE messages SET status = 'rejected', reject_reason = ?,"
				" reject_note = ?, accepted_on = NULL, due_on = NULL WHERE id = ?",
				&s);
	if (!rc) {
		db_bind_text(s, 1, reason);
		db_bind_text(s, 2, nz(note));
		db_bind_int(s, 3, id);
		rc = db_run(s);
	}
	if (!rc) {
		char day[11], detail[80];
		snprintf(detail, sizeof(detail), "reason=%s on=%s", reason, date_format(on, day));
		rc = audit(st, actor, "message.reject", id, detail);
	}
	return store_write_end(st, rc);
}

int store_message_transfer(struct store *st, const char *actor, const struct calendar *cal,
			   long long id, long long to_agency, const char *reason, zf_day on,
			   struct buf *err)
{
	if (!reason || !text_ok(reason, 2, MESSAGE_REASON_MAX, true)) {
		buf_setf(err, "请填写转办理由（2 至 %d 个字）", MESSAGE_REASON_MAX);
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct msg_head h;
	rc = head_get(st, id, &h, err);
	if (!rc && h.status != MESSAGE_HELD && h.status != MESSAGE_OPEN)
		rc = refuse(err, "已答复或已不予受理的留言不能转办");
	if (!rc && h.agency_id == to_agency)
		rc = refuse(err, "请选择另一个机关：留言已在该机关办理");
	if (!rc)
		rc = agency_check(st, to_agency, err);
	if (!rc && on < h.received_on)
		rc = refuse(err, "转办日期不能早于收到日期");
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO message_transfers (message_id, from_agency, to_agency,"
				" reason, on_day, actor) VALUES (?, ?, ?, ?, ?, ?)",
				&s);
	if (!rc) {
		db_bind_int(s, 1, id);
		db_bind_int(s, 2, h.agency_id);
		db_bind_int(s, 3, to_agency);
		db_bind_text(s, 4, reason);
		db_bind_day(s, 5, on);
		db_bind_text(s, 6, actor);
		rc = db_run(s);
	}
	/* the receiving agency gets its full limit from the day of the transfer */
	if (!rc)
		rc = db_prepare(st,
				"UPDATE messages SET agency_id = ?1, transfers = transfers + 1,"
				" escalated_on = NULL,"
				" clock_from = CASE WHEN status = 'open' THEN ?2 ELSE NULL END,"
				" due_on = CASE WHEN status = 'open' THEN ?3 ELSE NULL END"
				" WHERE id = ?4",
				&s);
	if (!rc) {
		db_bind_int(s, 1, to_agency);
		db_bind_day(s, 2, on);
		db_bind_day(s, 3, cal_add_working_days(cal, on, h.limit_days));
		db_bind_int(s, 4, id);
		rc = db_run(s);
	}
	if (!rc) {
		char detail[80];
		snprintf(detail, sizeof(detail), "from=%lld to=%lld", h.agency_id, to_agency);
		rc = audit(st, actor, "message.transfer", id, detail);
	}
	return store_write_end(st, rc);
}

int store_message_reply(struct store *st, const char *actor, long long id, const char *text,
			zf_day on, bool publish, struct buf *err)
{
	if (!text || !text_ok(text, 2, MESSAGE_REPLY_MAX, true)) {
		buf_setf(err, "请填写答复内容（2 至 %d 个字）", MESSAGE_REPLY_MAX);
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct msg_head h;
	rc = head_get(st, id, &h, err);
	if (!rc && h.status != MESSAGE_OPEN)
		rc = refuse(err, h.status == MESSAGE_HELD ? "请先受理留言，再作答复"
							  : "这条留言已答复或已不予受理");
	if (!rc && on < h.accepted_on)
		rc = refuse(err, "答复日期不能早于受理日期");
	if (!rc && publish && !h.publish_ok)
		rc = refuse(err, "留言人不同意公开，答复不能公开");
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st,
				"UPDATE messages SET status = 'replied', reply = ?1,"
				" reply_agency_id = agency_id, replied_on = ?2, published = ?3"
				" WHERE id = ?4",
				&s);
	if (!rc) {
		db_bind_text(s, 1, text);
		db_bind_day(s, 2, on);
		db_bind_int(s, 3, publish);
		db_bind_int(s, 4, id);
		rc = db_run(s);
	}
	if (!rc)
		rc = audit(st, actor, "message.reply", id, publish ? "published=1" : "published=0");
	return store_write_end(st, rc);
}

int store_message_publish(struct store *st, const char *actor, long long id, bool publish,
			  struct buf *err)
{
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct msg_head h;
	rc = head_get(st, id, &h, err);
	if (!rc && h.status != MESSAGE_REPLIED)
		rc = refuse(err, "只有已答复的留言可以公开");
	if (!rc && publish && !h.publish_ok)
		rc = refuse(err, "留言人不同意公开，答复不能公开");
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st, "UPDATE messages SET published = ? WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, publish);
		db_bind_int(s, 2, id);
		rc = db_run(s);
	}
	if (!rc)
		rc = audit(st, actor, publish ? "message.publish" : "message.unpublish", id, "");
	return store_write_end(st, rc);
}

int store_message_rate(struct store *st, const char *code, const char *rating, zf_day on,
		       struct buf *err)
{
	if (!message_rating_ok(rating)) {
		buf_setf(err, "请选择满意、基本满意或不满意");
		return ZF_EINVAL;
	}
	long long id = 0;
	int rc = store_message_by_code(st, code, &id);
	if (rc) {
		buf_setf(err, "查询码不正确");
		return rc;
	}
	if ((rc = store_write_begin(st)))
		return rc;
	struct db_stmt *s;
	rc = db_prepare(st,
			"UPDATE messages SET rating = ?, rated_on = ? WHERE id = ?"
			" AND status = 'replied' AND rating = ''",
			&s);
	if (!rc) {
		db_bind_text(s, 1, rating);
		db_bind_day(s, 2, on);
		db_bind_int(s, 3, id);
		rc = db_step(s);
		long long changed = rc == DB_DONE ? db_changes(s) : 0;
		db_finish(s);
		rc = rc < 0 ? rc : changed == 1 ? 0 : refuse(err, "只能对已答复的留言评价一次");
	}
	if (!rc)
		rc = audit(st, "public", "message.rate", id, rating);
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- escalation */

struct esc {
	long long id, agency_id;
	char title[160];
	zf_day due_on;
};

/* Queues the 督办 e-mail to the agency's contact address (when it has a valid one). */
static int escalate_mail(struct store *st, const struct esc *e, zf_day today)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT coalesce(d.email, ''), g.name FROM agencies g"
			    " LEFT JOIN agency_details d ON d.agency_id = g.id WHERE g.id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, e->agency_id);
	char to[128] = "", name[200] = "";
	if ((rc = db_step(s)) == DB_ROW) {
		snprintf(to, sizeof(to), "%s", nz(db_col_text(s, 0)));
		snprintf(name, sizeof(name), "%s", nz(db_col_text(s, 1)));
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	if (!idcheck_email(to))
		return 0;
	struct buf subject = BUF_INIT, body = BUF_INIT;
	char due[11], day[11];
	buf_printf(&subject, "【督办】留言逾期未答复：%s", e->title);
	buf_printf(&body,
		   "%s：\n\n您单位办理的留言（编号 %lld）“%s”答复期限为 %s，截至 %s 仍未答复，"
		   "已列入督办。请尽快登录政府信息公开工作台办理并答复。\n\n本邮件由系统自动发送，"
		   "请勿直接回复。\n",
		   name, e->id, e->title, date_format(e->due_on, due), date_format(today, day));
	rc = db_prepare(st,
			"INSERT INTO mail_outbox (kind, to_addr, subject, body)"
			" VALUES ('message.escalate', ?, ?, ?)",
			&s);
	if (!rc) {
		db_bind_text(s, 1, to);
		db_bind_text(s, 2, buf_cstr(&subject));
		db_bind_text(s, 3, buf_cstr(&body));
		rc = db_run(s);
	}
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

int store_message_escalate(struct store *st, const char *actor, const struct calendar *cal,
			   zf_day today, size_t *count)
{
	*count = 0;
	if (!cal_is_working(cal, today))
		return 0;
	struct message_settings set;
	int rc = store_message_settings_get(st, &set);
	if (rc)
		return rc;
	struct db_stmt *s;
	rc = db_prepare(st,
			"SELECT id, agency_id, title, due_on FROM messages WHERE status = 'open'"
			" AND escalated_on IS NULL AND due_on < ? ORDER BY due_on, id",
			&s);
	if (rc)
		return rc;
	db_bind_day(s, 1, today);
	struct esc *v = NULL;
	size_t n = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		zf_day due = db_col_day(s, 3);
		if (cal_count_working_days(cal, due, today) < set.escalate_after)
			continue;
		if (n == alloc) {
			size_t na = alloc ? alloc * 2 : 16;
			struct esc *nv = realloc(v, na * sizeof(*nv));
			if (!nv) {
				rc = ZF_ENOMEM;
				break;
			}
			v = nv, alloc = na;
		}
		v[n].id = db_col_int(s, 0);
		v[n].agency_id = db_col_int(s, 1);
		snprintf(v[n].title, sizeof(v[n].title), "%s", nz(db_col_text(s, 2)));
		v[n].due_on = due;
		n++;
	}
	db_finish(s);
	if (rc < 0) {
		free(v);
		return rc;
	}
	rc = 0;
	/* one write per message: a second server running the same tick finds it taken */
	for (size_t i = 0; i < n && !rc; i++) {
		if ((rc = store_write_begin(st)))
			break;
		rc = db_prepare(st,
				"UPDATE messages SET escalated_on = ? WHERE id = ?"
				" AND escalated_on IS NULL AND status = 'open'",
				&s);
		long long changed = 0;
		if (!rc) {
			db_bind_day(s, 1, today);
			db_bind_int(s, 2, v[i].id);
			rc = db_step(s);
			changed = rc == DB_DONE ? db_changes(s) : 0;
			db_finish(s);
			rc = rc < 0 ? rc : 0;
		}
		if (!rc && changed == 1) {
			char due[11], detail[80];
			snprintf(detail, sizeof(detail), "agency=%lld due=%s", v[i].agency_id,
				 date_format(v[i].due_on, due));
			rc = audit(st, actor, "message.escalate", v[i].id, detail);
			if (!rc)
				rc = escalate_mail(st, &v[i], today);
		}
		rc = store_write_end(st, rc);
		if (!rc && changed == 1)
			(*count)++;
	}
	free(v);
	return rc;
}

/* ---------------------------------------------------------------- reads */

#define MSG_COLS                                                                                   \
	"m.id, m.kind, m.status, m.agency_id, g.name, m.title, m.body, m.writer_name,"             \
	" m.writer_phone, m.writer_email, m.publish_ok, m.published, m.received_on,"               \
	" m.accepted_on, m.clock_from, m.due_on, m.limit_days, m.hold_reason,"                     \
	" m.reject_reason, m.reject_note, m.reply, coalesce(r.name, ''), m.replied_on,"            \
	" m.escalated_on, m.rated_on, m.rating, m.transfers, m.query_code"
#define MSG_FROM                                                                                   \
	" FROM messages m JOIN agencies g ON g.id = m.agency_id"                                   \
	" LEFT JOIN agencies r ON r.id = m.reply_agency_id"

static const char *col(struct db_stmt *s, struct arena *a, int i)
{
	const char *v = db_col_str(s, a, i);
	return v ? v : "";
}

static void read_message(struct db_stmt *s, struct arena *a, struct message *m)
{
	memset(m, 0, sizeof(*m));
	m->id = db_col_int(s, 0);
	int k = message_kind_parse(db_col_text(s, 1));
	m->kind = k < 0 ? MESSAGE_MESSAGE : (enum message_kind)k;
	int st = message_status_parse(db_col_text(s, 2));
	m->status = st < 0 ? MESSAGE_OPEN : (enum message_status)st;
	m->agency_id = db_col_int(s, 3);
	m->agency_name = col(s, a, 4);
	m->title = col(s, a, 5);
	m->body = col(s, a, 6);
	m->name = col(s, a, 7);
	m->phone = col(s, a, 8);
	m->email = col(s, a, 9);
	m->publish_ok = db_col_int(s, 10) != 0;
	m->published = db_col_int(s, 11) != 0;
	m->received_on = db_col_day(s, 12);
	m->accepted_on = db_col_day(s, 13);
	m->clock_from = db_col_day(s, 14);
	m->due_on = db_col_day(s, 15);
	m->limit_days = (int)db_col_int(s, 16);
	m->hold_reason = col(s, a, 17);
	m->reject_reason = col(s, a, 18);
	m->reject_note = col(s, a, 19);
	m->reply = col(s, a, 20);
	m->reply_agency_name = col(s, a, 21);
	m->replied_on = db_col_day(s, 22);
	m->escalated_on = db_col_day(s, 23);
	m->rated_on = db_col_day(s, 24);
	m->rating = col(s, a, 25);
	m->transfers = (int)db_col_int(s, 26);
	m->query_code = col(s, a, 27);
}

int store_message_count(struct store *st, long long *n)
{
	return db_query_int(st, "SELECT count(*) FROM messages", n);
}

int store_message_get(struct store *st, struct arena *a, long long id, struct message *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT " MSG_COLS MSG_FROM " WHERE m.id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		read_message(s, a, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

int store_message_by_code(struct store *st, const char *code, long long *id)
{
	char canon[REQUEST_CODE_LEN + 1];
	*id = 0;
	if (!code || request_code_normalize(code, canon))
		return ZF_EINVAL;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT id FROM messages WHERE query_code = ?", &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, canon);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*id = db_col_int(s, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

int store_message_transfers(struct store *st, struct arena *a, long long id,
			    struct message_transfer **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT f.name, t.name, x.reason, x.actor, x.on_day"
			    " FROM message_transfers x JOIN agencies f ON f.id = x.from_agency"
			    " JOIN agencies t ON t.id = x.to_agency WHERE x.message_id = ?"
			    " ORDER BY x.id",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		struct message_transfer *v =
		    arena_grow(a, *out, *n, &alloc, sizeof(struct message_transfer));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		*out = v;
		struct message_transfer *t = &v[(*n)++];
		t->from_name = col(s, a, 0);
		t->to_name = col(s, a, 1);
		t->reason = col(s, a, 2);
		t->actor = col(s, a, 3);
		t->on = db_col_day(s, 4);
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

/* Appends the WHERE clause of f to sql, binding as it goes into binds (texts) / ints. */
struct bindv {
	int kind; /* 0 int, 1 text, 2 day */
	long long i;
	const char *t;
};

static void where(struct buf *sql, const struct message_filter *f, struct bindv *b, int *nb,
		  char *like, size_t likecap)
{
	buf_adds(sql, " WHERE 1 = 1");
	if (f->agencies) {
		buf_adds(sql, " AND m.agency_id IN (");
		for (size_t i = 0; i < f->nagencies; i++)
			buf_printf(sql, "%s%lld", i ? ", " : "", f->agencies[i]);
		buf_adds(sql, f->nagencies ? ")" : "NULL)");
	}
	if (f->status >= 0 && f->status < MESSAGE_STATUSES) {
		buf_adds(sql, " AND m.status = ?");
		b[(*nb)++] = (struct bindv){1, 0, status_keys[f->status]};
	}
	if (f->kind >= 0 && f->kind < MESSAGE_KINDS) {
		buf_adds(sql, " AND m.kind = ?");
		b[(*nb)++] = (struct bindv){1, 0, kind_keys[f->kind]};
	}
	if (f->overdue) {
		buf_adds(sql, " AND m.status = 'open' AND m.due_on < ?");
		b[(*nb)++] = (struct bindv){2, f->today, NULL};
	}
	if (f->published)
		buf_adds(sql, " AND m.published = 1");
	if (f->year > 0) {
		buf_adds(sql, f->published ? " AND m.replied_on >= ? AND m.replied_on <= ?"
					   : " AND m.received_on >= ? AND m.received_on <= ?");
		b[(*nb)++] = (struct bindv){2, date_from_ymd(f->year, 1, 1), NULL};
		b[(*nb)++] = (struct bindv){2, date_from_ymd(f->year, 12, 31), NULL};
	}
	if (f->words && *f->words) {
		/* LIKE with the wildcards of the words escaped */
		size_t j = 0;
		like[j++] = '%';
		for (const char *p = f->words; *p && j + 3 < likecap; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				like[j++] = '\\';
			like[j++] = *p;
		}
		like[j++] = '%';
		like[j] = '\0';
		buf_adds(sql, " AND (m.title LIKE ? ESCAPE '\\' OR m.body LIKE ? ESCAPE '\\'"
			      " OR m.reply LIKE ? ESCAPE '\\')");
		for (int i = 0; i < 3; i++)
			b[(*nb)++] = (struct bindv){1, 0, like};
	}
}

static void bind_all(struct db_stmt *s, const struct bindv *b, int nb)
{
	for (int i = 0; i < nb; i++) {
		if (b[i].kind == 0)
			db_bind_int(s, i + 1, b[i].i);
		else if (b[i].kind == 1)
			db_bind_text(s, i + 1, b[i].t);
		else
			db_bind_day(s, i + 1, (zf_day)b[i].i);
	}
}

int store_message_list(struct store *st, struct arena *a, const struct message_filter *f,
		       struct message **out, size_t *n, long long *total)
{
	*out = NULL;
	*n = 0;
	if (total)
		*total = 0;
	size_t limit = f->limit ? f->limit : 20;
	if (limit > 1000 || (f->agencies && f->nagencies > 10000))
		return ZF_EINVAL;
	char like[512];
	struct bindv b[12];
	int nb = 0;
	struct buf w = BUF_INIT, sql = BUF_INIT;
	where(&w, f, b, &nb, like, sizeof(like));
	struct db_stmt *s;
	int rc = 0;
	if (total) {
		buf_printf(&sql, "SELECT count(*) FROM messages m%s", buf_cstr(&w));
		rc = db_prepare(st, buf_cstr(&sql), &s);
		if (!rc) {
			bind_all(s, b, nb);
			rc = db_step(s);
			if (rc == DB_ROW)
				*total = db_col_int(s, 0);
			db_finish(s);
			rc = rc < 0 ? rc : 0;
		}
	}
	buf_reset(&sql);
	buf_printf(&sql, "SELECT " MSG_COLS MSG_FROM "%s ORDER BY %s LIMIT %zu OFFSET %zu",
		   buf_cstr(&w),
		   f->published ? "m.replied_on DESC, m.id DESC"
				: "CASE WHEN m.status IN ('held', 'open') THEN 0 ELSE 1 END,"
				  " m.due_on NULLS LAST, m.received_on DESC, m.id DESC",
		   limit, f->offset);
	if (!rc)
		rc = db_prepare(st, buf_cstr(&sql), &s);
	if (!rc) {
		bind_all(s, b, nb);
		size_t alloc = 0;
		while ((rc = db_step(s)) == DB_ROW) {
			struct message *v = arena_grow(a, *out, *n, &alloc, sizeof(*v));
			if (!v) {
				rc = ZF_ENOMEM;
				break;
			}
			*out = v;
			read_message(s, a, &v[(*n)++]);
		}
		db_finish(s);
		rc = rc < 0 ? rc : 0;
	}
	buf_free(&w);
	buf_free(&sql);
	return rc;
}

/* ---------------------------------------------------------------- statistics */

/* The day MESSAGE_STALE_MONTHS months before today (the same day of the month, or the
 * month's last day). */
static zf_day months_back(zf_day today, int months)
{
	struct ymd t = date_to_ymd(today);
	int m = t.m - months, y = t.y;
	while (m < 1)
		m += 12, y--;
	int d = t.d, last = date_days_in_month(y, m);
	return date_from_ymd(y, m, d > last ? last : d);
}

int store_message_stats(struct store *st, const struct calendar *cal, long long agency_id,
			zf_day from, zf_day to, zf_day today, struct message_stats *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	/* every message of the agency 受理 on or before `to`, or replied in [from, to] */
	int rc = db_prepare(st,
			    "SELECT accepted_on, due_on, replied_on, published, rating, status"
			    " FROM messages WHERE agency_id = ?1 AND status IN ('open', 'replied')"
			    " AND (accepted_on <= ?2 OR (replied_on >= ?3 AND replied_on <= ?2))",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_day(s, 2, to);
	db_bind_day(s, 3, from);
	zf_day stale_before = months_back(today, MESSAGE_STALE_MONTHS);
	while ((rc = db_step(s)) == DB_ROW) {
		zf_day acc = db_col_day(s, 0), due = db_col_day(s, 1), rep = db_col_day(s, 2);
		bool published = db_col_int(s, 3) != 0;
		const char *rating = nz(db_col_text(s, 4));
		bool replied = rep && rep <= today;
		if (acc >= from && acc <= to) {
			out->received++;
			if (replied) {
				out->replied++;
				if (rep <= due)
					out->replied_on_time++;
				out->reply_days_sum += cal_count_working_days(cal, acc, rep);
				if (published)
					out->published++;
			}
		}
		if (acc && acc <= to && !replied) {
			out->open++;
			if (due && due < today)
				out->overdue++;
			if (acc < stale_before)
				out->stale++;
		}
		if (rep && rep >= from && rep <= to && *rating) {
			out->rated++;
			if (!strcmp(rating, "satisfied") || !strcmp(rating, "basic"))
				out->rated_satisfied++;
		}
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_message_overdue(struct store *st, struct arena *a, const struct calendar *cal,
			  long long agency_id, zf_day today, struct message_overdue **out,
			  size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id, agency_id, title, kind, accepted_on, due_on FROM messages"
			    " WHERE agency_id = ? AND status = 'open' AND due_on < ?"
			    " ORDER BY accepted_on, id",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_day(s, 2, today);
	zf_day stale_before = months_back(today, MESSAGE_STALE_MONTHS);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		struct message_overdue *v = arena_grow(a, *out, *n, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		*out = v;
		struct message_overdue *o = &v[(*n)++];
		o->id = db_col_int(s, 0);
		o->agency_id = db_col_int(s, 1);
		o->title = col(s, a, 2);
		int k = message_kind_parse(db_col_text(s, 3));
		o->kind = message_kind_label(k < 0 ? MESSAGE_MESSAGE : (enum message_kind)k);
		o->accepted_on = db_col_day(s, 4);
		o->due_on = db_col_day(s, 5);
		o->days_over = cal_count_working_days(cal, o->due_on, today);
		o->stale = o->accepted_on < stale_before;
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}
