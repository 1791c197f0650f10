/* letters.c: reply letters (答复书, web.h) and the letters' workflow (letters.h), written
 * once in portable SQL (driver.h) for both engines. The number, the REPLIED event and the letter
 * are one write: the outermost write holds the database-wide writer lock, so two servers never hand
 * out one number twice. */
#include "common.h"
#include "arena.h"
#include "driver.h"
#include "letters.h"
#include "requests.h"
#include "utf8.h"
#include "web.h"

char *reply_letter_no(int year, int number, char *out, size_t n)
{
	snprintf(out, n, "〔%d〕第%d号", year, number);
	return out;
}

static bool text_ok(const char *s, size_t max_points)
{
	if (!s)
		return false;
	size_t len = strlen(s);
	return utf8_valid(s, len) && utf8_count(s, len) <= max_points;
}

static int request_agency(struct store *st, long long request_id, long long *agency_id)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT agency_id FROM requests WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	rc = db_step(s);
	if (rc == DB_ROW)
		*agency_id = db_col_int(s, 0);
	db_finish(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZF_ENOENT : rc;
}

static int letter_insert(struct store *st, const char *actor, const struct reply_new *rp,
			 long long agency_id, int year, int number, const char *letter_no)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "INSERT INTO reply_letters (request_id, agency_id, year, number,"
			    " letter_no, decision, agency_name, applicant, body, replied_on,"
			    " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			    &s);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	db_bind_int(s, 1, rp->request_id);
	db_bind_int(s, 2, agency_id);
	db_bind_int(s, 3, year);
	db_bind_int(s, 4, number);
	db_bind_text(s, 5, letter_no);
	db_bind_text(s, 6, rp->decision);
	db_bind_text(s, 7, rp->agency_name);
	db_bind_text(s, 8, rp->applicant);
	db_bind_text(s, 9, rp->body);
	db_bind_day(s, 10, rp->on);
	db_bind_text(s, 11, now);
	db_bind_text(s, 12, actor);
	return db_run(s);
}

int store_reply_issue(struct store *st, const char *actor, const struct calendar *cal,
		      struct arena *arena, const struct reply_new *rp, struct reply_letter *out,
		      struct buf *err)
{
	if (!actor || !*actor || !rp->decision || !rp->on || !text_ok(rp->agency_name, 200) ||
	    !text_ok(rp->applicant, 2000) || !text_ok(rp->body, 40000) || !*rp->body) {
		buf_setf(err, "答复书的内容不完整");
		return ZF_EINVAL;
	}
	/* a reply dated ahead of today takes no number */
	struct clock_event when = {.kind = CLOCK_REPLIED, .on = rp->on};
	struct buf why = BUF_INIT;
	int rc = store_request_dates_check(&when, 1, 0, &why);
	if (rc) {
		buf_setf(err, "该事件不成立：%s", buf_cstr(&why));
		buf_free(&why);
		return rc;
	}
	buf_free(&why);
	int year = date_to_ymd(rp->on).y, number = 0;
	char letter_no[160];
	long long agency_id = 0;
	const char *short_name = "";
	rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = request_agency(st, rp->request_id, &agency_id);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的申请", rp->request_id);
	struct arena *tmp = arena_new(0);
	if (!rc && !tmp)
		rc = ZF_ENOMEM;
	if (!rc)
		rc = store_letter_prefix(st, tmp, agency_id, &short_name);
	if (!rc)
		rc = store_letter_number(st, actor, agency_id, year, &number);
	if (!rc) {
		/* with the agency's prefix: 示政信复〔2026〕第12号 */
		letter_no_format(short_name, LETTER_REPLY, year, number, letter_no,
				 sizeof(letter_no));
		struct clock_event ev = {
		    .kind = CLOCK_REPLIED,
		    .on = rp->on,
		    .decision = rp->decision,
		    .letter_no = letter_no,
		};
		/* the clock refuses a second reply (REPLIED is final), so a request never gets
		 * here with a letter already stored */
		rc = store_request_event(st, actor, cal, rp->request_id, &ev, NULL, err);
	}
	if (!rc) {
		rc = letter_insert(st, actor, rp, agency_id, year, number, letter_no);
		if (rc == ZF_EINVAL && err && !err->len)
			buf_setf(err, "该申请已有答复书");
	}
	if (!rc) {
		char object[40], detail[240];
		snprintf(object, sizeof(object), "request:%lld", rp->request_id);
		snprintf(detail, sizeof(detail), "letter_no=%s decision=%s", letter_no,
			 rp->decision);
		rc = store_audit(st, actor, "letter.issue", object, detail);
	}
	rc = store_write_end(st, rc);
	arena_free(tmp);
	if (!rc && out)
		rc = store_reply_letter_get(st, arena, rp->request_id, out);
	return rc;
}

int store_reply_letter_get(struct store *st, struct arena *arena, long long request_id,
			   struct reply_letter *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT request_id, agency_id, year, number, letter_no, decision,"
			    " agency_name, applicant, body, replied_on, created_at, created_by"
			    " FROM reply_letters WHERE request_id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->request_id = db_col_int(s, 0);
		out->agency_id = db_col_int(s, 1);
		out->year = (int)db_col_int(s, 2);
		out->number = (int)db_col_int(s, 3);
		out->letter_no = db_col_str(s, arena, 4);
		out->decision = db_col_str(s, arena, 5);
		out->agency_name = db_col_str(s, arena, 6);
		out->applicant = db_col_str(s, arena, 7);
		out->body = db_col_str(s, arena, 8);
		out->replied_on = db_col_day(s, 9);
		out->created_at = db_col_str(s, arena, 10);
		out->created_by = db_col_str(s, arena, 11);
		rc = out->letter_no && out->decision && out->agency_name && out->applicant &&
			     out->body && out->created_at && out->created_by
			 ? 0
			 : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

/* ---------------------------------------------------------------- the letters' workflow */

static const struct {
	const char *key, *title, *mark;
} kinds[LETTER_KINDS] = {
    [LETTER_REPLY] = {"reply", "政府信息公开申请答复书", "复"},
    [LETTER_SUPPLEMENT] = {"supplement", "政府信息公开申请补正告知书", "补"},
    [LETTER_EXTENSION] = {"extension", "政府信息公开申请延期答复告知书", "延"},
    [LETTER_CONSULTATION] = {"consultation", "政府信息公开征求第三方意见书", "征"},
    [LETTER_FEE] = {"fee", "政府信息公开信息处理费收费通知书", "费"},
};

const char *letter_kind_key(enum letter_kind k)
{
	return (unsigned)k < LETTER_KINDS ? kinds[k].key : "?";
}

const char *letter_kind_title(enum letter_kind k)
{
	return (unsigned)k < LETTER_KINDS ? kinds[k].title : "?";
}

const char *letter_kind_mark(enum letter_kind k)
{
	return (unsigned)k < LETTER_KINDS ? kinds[k].mark : "?";
}

int letter_kind_parse(const char *key, enum letter_kind *out)
{
	for (int k = 0; key && k < LETTER_KINDS; k++)
		if (strcmp(kinds[k].key, key) == 0) {
			*out = (enum letter_kind)k;
			return 0;
		}
	return ZF_EINVAL;
}

char *letter_no_format(const char *short_name, enum letter_kind k, int year, int number, char *out,
		       size_t n)
{
	if (short_name && *short_name)
		snprintf(out, n, "%s信%s〔%d〕第%d号", short_name, letter_kind_mark(k), year,
			 number);
	else
		reply_letter_no(year, number, out, n);
	return out;
}

static const char *const delivery[LETTER_DELIVERY_METHODS][2] = {
    {"post", "邮寄"},
    {"email", "电子邮件"},
    {"in_person", "当面"},
    {"online", "在线"},
};

const char *letter_delivery_key(int i)
{
	return i >= 0 && i < LETTER_DELIVERY_METHODS ? delivery[i][0] : NULL;
}

const char *letter_delivery_label(int i)
{
	return i >= 0 && i < LETTER_DELIVERY_METHODS ? delivery[i][1] : NULL;
}

const char *letter_delivery_label_of(const char *key)
{
	for (int i = 0; key && i < LETTER_DELIVERY_METHODS; i++)
		if (strcmp(delivery[i][0], key) == 0)
			return delivery[i][1];
	return "";
}

int store_letter_prefix(struct store *st, struct arena *arena, long long agency_id,
			const char **short_name)
{
	*short_name = "";
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT coalesce(d.short_name, '') FROM agencies a"
			    " LEFT JOIN agency_details d ON d.agency_id = a.id WHERE a.id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		const char *v = db_col_str(s, arena, 0);
		*short_name = v ? v : "";
		rc = v || db_col_null(s, 0) ? 0 : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

/* Runs an INSERT ... RETURNING of one value and gives the statement back: 0 or an error
 * (ZF_EDB when no row came back). */
int store_letter_number_of(struct store *st, const char *actor, long long agency_id, int year,
			   enum letter_kind kind, int *n)
{
	if (kind == LETTER_REPLY)
		return store_letter_number(st, actor, agency_id, year, n);
	if (!actor || !*actor || agency_id <= 0 || year < 1990 || year > 2999 ||
	    (unsigned)kind >= LETTER_KINDS)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	bool exists = false;
	rc = store_agency_exists(st, agency_id, &exists);
	if (!rc && !exists)
		rc = ZF_ENOENT;
	long long got = 0;
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO letter_sequences (agency_id, year, kind, last_no)"
				" VALUES (?1, ?2, ?3, 1) ON CONFLICT (agency_id, year, kind) DO"
				" UPDATE SET last_no = letter_sequences.last_no + 1"
				" RETURNING last_no",
				&s);
	if (!rc) {
		db_bind_int(s, 1, agency_id);
		db_bind_int(s, 2, year);
		db_bind_text(s, 3, letter_kind_key(kind));
		rc = db_run_id(s, &got);
	}
	if (!rc) {
		char object[40], detail[80];
		snprintf(object, sizeof(object), "agency:%lld", agency_id);
		snprintf(detail, sizeof(detail), "year=%d kind=%s no=%lld", year,
			 letter_kind_key(kind), got);
		rc = store_audit(st, actor, "letter.number", object, detail);
	}
	rc = store_write_end(st, rc);
	if (!rc)
		*n = (int)got;
	return rc;
}

int store_letter_number_last_of(struct store *st, long long agency_id, int year,
				enum letter_kind kind, int *last)
{
	if (kind == LETTER_REPLY)
		return store_letter_number_last(st, agency_id, year, last);
	*last = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT last_no FROM letter_sequences WHERE agency_id = ? AND year = ?"
			    " AND kind = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_int(s, 2, year);
	db_bind_text(s, 3, letter_kind_key(kind));
	rc = db_step(s);
	if (rc == DB_ROW)
		*last = (int)db_col_int(s, 0);
	db_finish(s);
	return rc < 0 ? rc : 0;
}

/* People are shown by their display names: the columns holding a login are joined. */
#define LETTER_COLUMNS                                                                             \
	"l.id, l.request_id, l.agency_id, l.kind, l.status, l.decision, l.on_date,"                \
	" l.event_seq, l.addressee, l.agency_name, l.detail, l.body, l.year, l.number,"            \
	" l.letter_no, coalesce(nullif(u1.display_name, ''), l.drafted_by), l.drafted_at,"         \
	" coalesce(nullif(u2.display_name, ''), l.decided_by), l.decided_at, l.note,"              \
	" l.delivery_method, l.delivered_on, coalesce(nullif(u3.display_name, ''),"                \
	" l.delivery_by)"                                                                          \
	" FROM letters l LEFT JOIN users u1 ON u1.login = l.drafted_by"                            \
	" LEFT JOIN users u2 ON u2.login = l.decided_by"                                           \
	" LEFT JOIN users u3 ON u3.login = l.delivery_by"

static const char *col(struct db_stmt *s, struct arena *a, int i, bool *oom)
{
	if (db_col_null(s, i))
		return "";
	const char *v = db_col_str(s, a, i);
	if (!v)
		*oom = true;
	return v ? v : "";
}

static int letter_row(struct db_stmt *s, struct arena *a, struct letter *l)
{
	bool oom = false;
	memset(l, 0, sizeof(*l));
	l->id = db_col_int(s, 0);
	l->request_id = db_col_int(s, 1);
	l->agency_id = db_col_int(s, 2);
	if (letter_kind_parse(db_col_text(s, 3), &l->kind))
		return ZF_EDB;
	l->status = col(s, a, 4, &oom);
	l->decision = col(s, a, 5, &oom);
	l->on = db_col_day(s, 6);
	l->event_seq = (int)db_col_int(s, 7);
	l->addressee = col(s, a, 8, &oom);
	l->agency_name = col(s, a, 9, &oom);
	l->detail = col(s, a, 10, &oom);
	l->body = col(s, a, 11, &oom);
	l->year = (int)db_col_int(s, 12);
	l->number = (int)db_col_int(s, 13);
	l->letter_no = col(s, a, 14, &oom);
	l->drafted_by = col(s, a, 15, &oom);
	l->drafted_at = col(s, a, 16, &oom);
	l->decided_by = col(s, a, 17, &oom);
	l->decided_at = col(s, a, 18, &oom);
	l->note = col(s, a, 19, &oom);
	l->delivery_method = col(s, a, 20, &oom);
	l->delivered_on = db_col_day(s, 21);
	l->delivery_by = col(s, a, 22, &oom);
	return oom ? ZF_ENOMEM : 0;
}

int store_letter_get(struct store *st, struct arena *arena, long long id, struct letter *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT " LETTER_COLUMNS " WHERE l.id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = letter_row(s, arena, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

/* Reads the rows of a prepared and bound statement (LETTER_COLUMNS) into an array. */
static int letter_rows(struct db_stmt *s, struct arena *arena, struct letter **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct letter *v = arena_alloc(arena, ncap * sizeof(*v));
			if (!v) {
				rc = ZF_ENOMEM;
				break;
			}
			if (*n)
				memcpy(v, *out, *n * sizeof(*v));
			*out = v;
			cap = ncap;
		}
		rc = letter_row(s, arena, &(*out)[*n]);
		if (rc)
			break;
		(*n)++;
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_letter_list(struct store *st, struct arena *arena, long long request_id,
		      struct letter **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc =
	    db_prepare(st, "SELECT " LETTER_COLUMNS " WHERE l.request_id = ? ORDER BY l.id", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	return letter_rows(s, arena, out, n);
}

int store_letter_queue(struct store *st, struct arena *arena, const long long *agencies,
		       size_t nagencies, const char *status, size_t limit, struct letter **out,
		       size_t *n)
{
	*out = NULL;
	*n = 0;
	if (nagencies > 1000 || !status || limit < 1 || limit > 500)
		return ZF_EINVAL;
	if (!nagencies)
		return 0;
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT " LETTER_COLUMNS " WHERE l.status = ? AND l.agency_id IN (");
	for (size_t i = 0; i < nagencies; i++)
		buf_adds(&sql, i ? ", ?" : "?");
	buf_printf(&sql, ") ORDER BY l.id %s LIMIT %zu", strcmp(status, "draft") ? "DESC" : "",
		   limit);
	struct db_stmt *s = NULL;
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	db_bind_text(s, 1, status);
	for (size_t i = 0; i < nagencies; i++)
		db_bind_int(s, (int)i + 2, agencies[i]);
	return letter_rows(s, arena, out, n);
}

/* True when the request has a pending or issued letter of this kind (and event). */
static int letter_taken(struct store *st, const struct letter_new *in, bool *taken)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT count(*) FROM letters WHERE request_id = ? AND kind = ?"
			    " AND event_seq = ? AND status <> 'returned'",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, in->request_id);
	db_bind_text(s, 2, letter_kind_key(in->kind));
	db_bind_int(s, 3, in->kind == LETTER_REPLY ? 0 : in->event_seq);
	rc = db_step(s);
	*taken = rc == DB_ROW && db_col_int(s, 0) > 0;
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_letter_draft(struct store *st, const char *actor, const struct letter_new *in,
		       long long *id, struct buf *err)
{
	if (!actor || !*actor || (unsigned)in->kind >= LETTER_KINDS || !in->on ||
	    !text_ok(in->addressee, 200) || !*in->addressee || !text_ok(in->agency_name, 200) ||
	    !text_ok(in->body, 40000) || !*in->body ||
	    (in->detail && !text_ok(in->detail, 20000)) ||
	    (in->kind == LETTER_REPLY && (!in->decision || !*in->decision))) {
		buf_setf(err, "文书的内容不完整");
		return ZF_EINVAL;
	}
	if (in->on > date_today()) {
		buf_setf(err, "文书的日期不能晚于今天");
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	long long agency_id = 0;
	rc = request_agency(st, in->request_id, &agency_id);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的申请", in->request_id);
	bool taken = false;
	if (!rc)
		rc = letter_taken(st, in, &taken);
	if (!rc && taken) {
		buf_setf(err, "该申请已有待签发或已签发的%s", letter_kind_title(in->kind));
		rc = ZF_EINVAL;
	}
	long long got = 0;
	if (!rc) {
		struct db_stmt *s;
		rc =
		    db_prepare(st,
			       "INSERT INTO letters (request_id, agency_id, kind, status, decision,"
			       " on_date, event_seq, addressee, agency_name, detail, body,"
			       " drafted_by, drafted_at) VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?,"
			       " ?, ?, ?, ?) RETURNING id",
			       &s);
		if (!rc) {
			char now[21];
			db_now(now);
			db_bind_int(s, 1, in->request_id);
			db_bind_int(s, 2, agency_id);
			db_bind_text(s, 3, letter_kind_key(in->kind));
			db_bind_text(s, 4, in->kind == LETTER_REPLY ? in->decision : "");
			db_bind_day(s, 5, in->on);
			db_bind_int(s, 6, in->kind == LETTER_REPLY ? 0 : in->event_seq);
			db_bind_text(s, 7, in->addressee);
			db_bind_text(s, 8, in->agency_name);
			db_bind_text(s, 9, in->detail ? in->detail : "");
			db_bind_text(s, 10, in->body);
			db_bind_text(s, 11, actor);
			db_bind_text(s, 12, now);
			rc = db_run_id(s, &got);
		}
	}
	if (!rc) {
		char object[40], detail[80];
		snprintf(object, sizeof(object), "letter:%lld", got);
		snprintf(detail, sizeof(detail), "request=%lld kind=%s", in->request_id,
			 letter_kind_key(in->kind));
		rc = store_audit(st, actor, "letter.draft", object, detail);
	}
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = got;
	return rc;
}

int store_letter_next_number(struct store *st, const struct letter *l, int *number)
{
	int last = 0;
	int rc =
	    store_letter_number_last_of(st, l->agency_id, date_to_ymd(l->on).y, l->kind, &last);
	*number = last + 1;
	return rc;
}

/* Sets status and the decider of a draft (only while it is one): 0, or ZF_ESTATE. */
static int letter_decide(struct store *st, const char *actor, long long id, const char *status,
			 const char *note, int year, int number, const char *letter_no)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "UPDATE letters SET status = ?, decided_by = ?, decided_at = ?,"
			    " note = ?, year = ?, number = ?, letter_no = ?"
			    " WHERE id = ? AND status = 'draft'",
			    &s);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	db_bind_text(s, 1, status);
	db_bind_text(s, 2, actor);
	db_bind_text(s, 3, now);
	db_bind_text(s, 4, note ? note : "");
	if (number) {
		db_bind_int(s, 5, year);
		db_bind_int(s, 6, number);
		db_bind_text(s, 7, letter_no);
	} else {
		db_bind_null(s, 5);
		db_bind_null(s, 6);
		db_bind_null(s, 7);
	}
	db_bind_int(s, 8, id);
	rc = db_step(s);
	long long changed = rc == DB_DONE ? db_changes(s) : 0;
	db_finish(s);
	if (rc < 0)
		return rc;
	return changed == 1 ? 0 : ZF_ESTATE;
}

/* Loads letter id, which must have this status: 0, ZF_ENOENT, or ZF_ESTATE with refusal in
 * err. */
static int letter_in(struct store *st, struct arena *a, long long id, const char *status,
		     const char *refusal, struct letter *l, struct buf *err)
{
	int rc = store_letter_get(st, a, id, l);
	if (!rc && strcmp(l->status, status) != 0) {
		buf_setf(err, "%s", refusal);
		rc = ZF_ESTATE;
	}
	return rc;
}

int store_letter_issue(struct store *st, const char *actor, const struct calendar *cal,
		       long long id, int expected, struct buf *err)
{
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct letter l;
	int rc = store_write_begin(st);
	if (!rc)
		rc = letter_in(st, a, id, "draft", "该文书不是待签发的草稿", &l, err);
	if (!rc && l.on > date_today()) {
		buf_setf(err, "文书的日期晚于今天，不能签发");
		rc = ZF_EINVAL;
	}
	int year = rc ? 0 : date_to_ymd(l.on).y, number = 0;
	if (!rc) {
		rc = store_letter_next_number(st, &l, &number);
		if (!rc && number != expected) {
			buf_setf(err, "编号已变化（下一个编号现为第%d号），请重新确认", number);
			rc = ZF_ESTATE;
		}
	}
	char letter_no[160] = "";
	if (!rc && l.kind == LETTER_REPLY) {
		struct reply_new rp = {
		    .request_id = l.request_id,
		    .decision = l.decision,
		    .on = l.on,
		    .agency_name = l.agency_name,
		    .applicant = l.addressee,
		    .body = l.body,
		};
		struct reply_letter out;
		rc = store_reply_issue(st, actor, cal, a, &rp, &out, err);
		if (!rc) {
			snprintf(letter_no, sizeof(letter_no), "%s", out.letter_no);
			if (out.number != expected)
				rc = ZF_ESTATE; /* cannot happen under the writer lock */
		}
	} else if (!rc) {
		const char *short_name = "";
		rc = store_letter_prefix(st, a, l.agency_id, &short_name);
		if (!rc)
			rc = store_letter_number_of(st, actor, l.agency_id, year, l.kind, &number);
		if (!rc)
			letter_no_format(short_name, l.kind, year, number, letter_no,
					 sizeof(letter_no));
	}
	if (!rc)
		rc = letter_decide(st, actor, id, "issued", NULL, year, number, letter_no);
	if (!rc) {
		char object[40], detail[200];
		snprintf(object, sizeof(object), "letter:%lld", id);
		snprintf(detail, sizeof(detail), "request=%lld kind=%s letter_no=%s", l.request_id,
			 letter_kind_key(l.kind), letter_no);
		rc = store_audit(st, actor, "letter.sign", object, detail);
	}
	rc = store_write_end(st, rc);
	arena_free(a);
	return rc;
}

int store_letter_return(struct store *st, const char *actor, long long id, const char *note,
			struct buf *err)
{
	struct str t = str_trim(str_c(note ? note : ""));
	if (!t.len || !text_ok(note, 500)) {
		buf_setf(err, "请填写退回的理由（不超过500字）");
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = letter_decide(st, actor, id, "returned", note, 0, 0, NULL);
	if (rc == ZF_ESTATE)
		buf_setf(err, "该文书不是待签发的草稿");
	if (!rc) {
		char object[40];
		snprintf(object, sizeof(object), "letter:%lld", id);
		rc = store_audit(st, actor, "letter.return", object, "returned to the clerk");
	}
	return store_write_end(st, rc);
}

int store_letter_deliver(struct store *st, const char *actor, long long id, const char *method,
			 zf_day on, zf_day today, struct buf *err)
{
	if (!today)
		today = date_today();
	if (!*letter_delivery_label_of(method)) {
		buf_setf(err, "请选择送达方式");
		return ZF_EINVAL;
	}
	if (!on) {
		buf_setf(err, "请填写正确的送达日期（年-月-日）");
		return ZF_EINVAL;
	}
	if (on > today) {
		buf_setf(err, "送达日期不能晚于今天");
		return ZF_EINVAL;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct letter l;
	int rc = store_write_begin(st);
	if (!rc)
		rc = letter_in(st, a, id, "issued", "文书签发后才能登记送达", &l, err);
	if (!rc && *l.delivery_method) {
		buf_setf(err, "该文书已登记送达");
		rc = ZF_ESTATE;
	}
	if (!rc && on < l.on) {
		char d[11];
		date_format(l.on, d);
		buf_setf(err, "送达日期不能早于文书的日期（%s）", d);
		rc = ZF_EINVAL;
	}
	if (!rc) {
		struct db_stmt *s;
		rc = db_prepare(st,
				"UPDATE letters SET delivery_method = ?, delivered_on = ?,"
				" delivery_by = ?, delivery_at = ? WHERE id = ?"
				" AND delivery_method IS NULL",
				&s);
		if (!rc) {
			char now[21];
			db_now(now);
			db_bind_text(s, 1, method);
			db_bind_day(s, 2, on);
			db_bind_text(s, 3, actor);
			db_bind_text(s, 4, now);
			db_bind_int(s, 5, id);
			rc = db_run(s);
		}
	}
	if (!rc) {
		char object[40], detail[80], d[11];
		snprintf(object, sizeof(object), "letter:%lld", id);
		snprintf(detail, sizeof(detail), "method=%s on=%s", method, date_format(on, d));
		rc = store_audit(st, actor, "letter.deliver", object, detail);
	}
	rc = store_write_end(st, rc);
	arena_free(a);
	return rc;
}

int store_agency_remedy_get(struct store *st, struct arena *arena, long long agency_id,
			    const char **review_body, const char **court)
{
	*review_body = *court = "";
	struct db_stmt *s;
	int rc = db_prepare(
	    st, "SELECT review_body, court FROM agency_remedies WHERE agency_id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	rc = db_step(s);
	bool oom = false;
	if (rc == DB_ROW) {
		*review_body = col(s, arena, 0, &oom);
		*court = col(s, arena, 1, &oom);
	}
	db_finish(s);
	return rc < 0 ? rc : oom ? ZF_ENOMEM : 0;
}

int store_agency_remedy_set(struct store *st, const char *actor, long long agency_id,
			    const char *review_body, const char *court, struct buf *err)
{
	if (!review_body)
		review_body = "";
	if (!court)
		court = "";
	if (!text_ok(review_body, 100) || !text_ok(court, 100)) {
		buf_setf(err, "行政复议机关和人民法院的名称不能超过100字");
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	bool exists = false;
	rc = store_agency_exists(st, agency_id, &exists);
	if (!rc && !exists) {
		buf_setf(err, "没有编号为 %lld 的机构", agency_id);
		rc = ZF_ENOENT;
	}
	if (!rc) {
		struct db_stmt *s;
		rc = db_prepare(st,
				"INSERT INTO agency_remedies (agency_id, review_body, court)"
				" VALUES (?1, ?2, ?3) ON CONFLICT (agency_id) DO UPDATE SET"
				" review_body = excluded.review_body, court = excluded.court",
				&s);
		if (!rc) {
			db_bind_int(s, 1, agency_id);
			db_bind_text(s, 2, review_body);
			db_bind_text(s, 3, court);
			rc = db_run(s);
		}
	}
	if (!rc) {
		char object[40];
		snprintf(object, sizeof(object), "agency:%lld", agency_id);
		rc = store_audit(st, actor, "agency.remedies", object, "review body and court");
	}
	return store_write_end(st, rc);
}
