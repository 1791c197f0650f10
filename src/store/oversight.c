/* oversight.c: the oversight metrics of an agency or its subtree (oversight.h), written once
 * in portable SQL (driver.h) for both engines, and the migration text of the oversight area
 * (schema_oversight: the 督办 reminders and the 政府网站工作年度报表's manual fields).
 *
 * A request's figures come from its events through the clock (law/clock.h), never from a
 * stored copy: the due date, whether it was answered in time and how many working days the
 * clock ran. The other areas' figures come from their own store functions (messages,
 * standard catalogue, new media); while one is still a placeholder (ZF_ESTATE) its figures
 * stay 0 and the *_known flag says so. */
#include "common.h"
#include "arena.h"
#include "db.h"
#include "driver.h"
#include "law/calendar.h"
#include "law/clock.h"
#include "law/decision.h"
#include "oversight.h"
#include "oversight_int.h"
#include "agencies.h"
#include "std_catalogue.h"

extern const char schema_oversight[];

const char schema_oversight[] =
    "CREATE TABLE oversight_reminders (\n"
    "  id {ID},\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('request', 'message')),\n"
    "  item_id INTEGER NOT NULL,\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),\n"
    "  days_over INTEGER NOT NULL DEFAULT 0,\n"
    "  mailed INTEGER NOT NULL DEFAULT 0 CHECK (mailed >= 0),\n"
    "  created_by TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW}\n"
    ");\n"
    "CREATE INDEX oversight_reminders_item ON oversight_reminders(kind, item_id);\n"
    "CREATE INDEX oversight_reminders_agency ON oversight_reminders(agency_id, created_at);\n"
    "CREATE TABLE website_report_fields (\n"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),\n"
    "  field TEXT NOT NULL CHECK (length(field) BETWEEN 1 AND 40),\n"
    "  value TEXT NOT NULL DEFAULT '' CHECK (length(value) <= 2000),\n"
    "  updated_by TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  PRIMARY KEY (year, field)\n"
    ");\n"
    "CREATE TABLE website_report_published (\n"
    "  year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),\n"
    "  published_by TEXT NOT NULL,\n"
    "  published_at TEXT NOT NULL DEFAULT {NOW}\n"
    ");\n";

int oversight_prepare_in(struct store *st, const char *sql, size_t n, struct db_stmt **s)
{
	struct buf b = BUF_INIT;
	const char *at = strstr(sql, "@");
	if (!at)
		BUG("no @ in %s", sql);
	buf_add(&b, sql, (size_t)(at - sql));
	for (size_t i = 0; i < n; i++)
		buf_adds(&b, i ? ",?" : "?");
	buf_adds(&b, at + 1);
	int rc = b.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&b), s);
	buf_free(&b);
	return rc;
}

int oversight_bind_in(struct db_stmt *s, int first, const long long *ids, size_t n)
{
	for (size_t k = 0; k < n; k++)
		db_bind_int(s, first + (int)k, ids[k]);
	return first + (int)n;
}

/* The request events as stored (columns in this order). */
#define EVENT_COLS                                                                                 \
	"e.kind, e.on_date, e.channel, e.arrived, e.until_date, e.party, e.who, e.delivered,"      \
	" e.days, e.approver, e.decision, e.letter_no"

static void event_read(struct db_stmt *s, int c, struct arena *a, struct clock_event *e)
{
	memset(e, 0, sizeof(*e));
	const char *t = db_col_text(s, c);
	int k = clock_event_kind_by_key(str_c(t ? t : ""));
	e->kind = k < 0 ? CLOCK_EVENT_KINDS : (enum clock_event_kind)k;
	e->on = db_col_day(s, c + 1);
	t = db_col_text(s, c + 2);
	k = t ? clock_channel_by_key(str_c(t)) : 0;
	e->channel = k < 0 ? CLOCK_IN_PERSON : (enum clock_channel)k;
	e->arrived = db_col_day(s, c + 3);
	e->until = db_col_day(s, c + 4);
	t = db_col_text(s, c + 5);
	k = t ? clock_party_by_key(str_c(t)) : 0;
	e->party = k < 0 ? CLOCK_THIRD_PARTY : (enum clock_party)k;
	e->who = db_col_str(s, a, c + 6);
	e->delivered = db_col_day(s, c + 7);
	e->days = (int)db_col_int(s, c + 8);
	e->approver = db_col_str(s, a, c + 9);
	e->decision = db_col_str(s, a, c + 10);
	e->letter_no = db_col_str(s, a, c + 11);
}

int oversight_clock_days(const struct calendar *cal, const struct clock_status *cs)
{
	if (!cs->closed)
		return 0;
	zf_day end = cs->closed_on;
	/* 条例 Art. 30: the period does not run while a supplement is awaited */
	if (cs->supplement_requested && !cs->supplement_received && cs->supplement_requested < end)
		end = cs->supplement_requested;
	int d = cal_count_working_days(cal, cs->start, end) - cs->excluded_days;
	return d < 0 ? 0 : d;
}

/* Folds one request's clock into m. */
static void fold_request(struct oversight_metrics *m, const struct calendar *cal,
			 const struct clock_event *ev, size_t nev)
{
	struct clock_status cs;
	if (clock_compute(cal, ev, nev, m->today, &cs, NULL))
		return; /* a history the clock refuses now: left out, as the rebuild logs it */
	if (cs.closed && cs.closed_on >= m->from && cs.closed_on <= m->to) {
		m->req_replied++;
		if (!(cs.has_due && cs.closed_on > cs.due))
			m->req_on_time++;
		m->req_days_sum += oversight_clock_days(cal, &cs);
		const struct decision *d = decision_by_key(cs.report_row);
		switch (d ? d->group : DECISION_OTHER) {
		case DECISION_GRANTED: m->req_granted++; break;
		case DECISION_PARTIALLY_GRANTED: m->req_partial++; break;
		case DECISION_WITHHELD: m->req_withheld++; break;
		case DECISION_UNAVAILABLE: m->req_unavailable++; break;
		case DECISION_NOT_PROCESSED: m->req_not_handled++; break;
		case DECISION_OTHER: m->req_other++; break;
		}
	} else if (!cs.closed) {
		m->req_open++;
		if (cs.overdue)
			m->req_overdue++;
	}
	clock_status_free(&cs);
}

static int request_metrics(struct store *st, const struct calendar *cal, const long long *ag,
			   size_t n, struct oversight_metrics *m)
{
	struct db_stmt *s;
	int rc = oversight_prepare_in(st,
				      "SELECT count(*) FROM requests WHERE agency_id IN (@)"
				      " AND received_on >= ? AND received_on <= ?",
				      n, &s);
	if (rc)
		return rc;
	int i = oversight_bind_in(s, 1, ag, n);
	db_bind_day(s, i, m->from);
	db_bind_day(s, i + 1, m->to);
	rc = db_step(s);
	if (rc == DB_ROW)
		m->req_received = db_col_int(s, 0);
	db_finish(s);
	if (rc < 0)
		return rc;
	/* every request closed in the period or open today, with its events */
	rc = oversight_prepare_in(
	    st,
	    "SELECT r.id, " EVENT_COLS " FROM requests r"
	    " JOIN request_events e ON e.request_id = r.id"
	    " WHERE r.agency_id IN (@) AND r.received_on <= ?"
	    " AND (r.closed_on IS NULL OR (r.closed_on >= ? AND r.closed_on <= ?))"
	    " ORDER BY r.id, e.seq",
	    n, &s);
	if (rc)
		return rc;
	i = oversight_bind_in(s, 1, ag, n);
	db_bind_day(s, i, m->today);
	db_bind_day(s, i + 1, m->from);
	db_bind_day(s, i + 2, m->to);
	struct arena *a = arena_new(0);
	struct clock_event *ev = NULL;
	size_t nev = 0, alloc = 0;
	long long cur = 0;
	for (;;) {
		rc = a ? db_step(s) : ZF_ENOMEM;
		long long id = rc == DB_ROW ? db_col_int(s, 0) : 0;
		if (id != cur && nev) {
			fold_request(m, cal, ev, nev);
			nev = 0;
		}
		if (rc != DB_ROW)
			break;
		cur = id;
		if (nev >= CLOCK_MAX_EVENTS)
			continue;
		ev = arena_grow(a, ev, nev, &alloc, sizeof(*ev));
		if (!ev) {
			rc = ZF_ENOMEM;
			break;
		}
		event_read(s, 1, a, &ev[nev++]);
	}
	db_finish(s);
	arena_free(a);
	return rc == DB_DONE ? 0 : rc;
}

static int review_metrics(struct store *st, const long long *ag, size_t n,
			  struct oversight_metrics *m)
{
	struct db_stmt *s;
	int rc = oversight_prepare_in(st,
				      "SELECT c.kind, c.outcome, count(*) FROM review_cases c"
				      " JOIN requests r ON r.id = c.request_id"
				      " WHERE r.agency_id IN (@) AND c.decided_on >= ?"
				      " AND c.decided_on <= ? GROUP BY c.kind, c.outcome",
				      n, &s);
	if (rc)
		return rc;
	int i = oversight_bind_in(s, 1, ag, n);
	db_bind_day(s, i, m->from);
	db_bind_day(s, i + 1, m->to);
	while ((rc = db_step(s)) == DB_ROW) {
		const char *kind = db_col_text(s, 0), *outcome = db_col_text(s, 1);
		long long c = db_col_int(s, 2);
		bool review = kind && !strcmp(kind, "review");
		bool corrected = outcome && !strcmp(outcome, "corrected");
		*(review ? &m->reviews : &m->suits) += c;
		if (corrected)
			*(review ? &m->reviews_corrected : &m->suits_corrected) += c;
	}
	db_finish(s);
	return rc == DB_DONE ? 0 : rc;
}

int oversight_root_of_site(struct store *st, long long *root)
{
	*root = 0;
	struct arena *a = arena_new(0);
	struct site_settings ss;
	int rc = a ? store_site_settings_get(st, a, &ss) : ZF_ENOMEM;
	if (!rc)
		*root = ss.root_agency_id;
	arena_free(a);
	if (rc || *root > 0)
		return rc;
	long long v = 0;
	rc = db_query_int(st, "SELECT coalesce(min(id), 0) FROM agencies WHERE parent_id IS NULL",
			  &v);
	if (!rc)
		*root = v;
	return rc == ZF_ENOENT ? 0 : rc;
}

static int finding_metrics(struct store *st, const long long *ag, size_t n,
			   struct oversight_metrics *m)
{
	long long root = 0;
	int rc = oversight_root_of_site(st, &root);
	if (rc)
		return rc;
	bool has_root = false;
	for (size_t k = 0; k < n; k++)
		has_root |= ag[k] == root;
	struct db_stmt *s;
	rc = oversight_prepare_in(st,
				  "SELECT severity, count(*) FROM integrity_findings"
				  " WHERE status = 'open' AND scope = 'site'"
				  " AND (agency_id IN (@) OR (agency_id = 0 AND ? = 1))"
				  " GROUP BY severity",
				  n, &s);
	if (rc)
		return rc;
	int i = oversight_bind_in(s, 1, ag, n);
	db_bind_int(s, i, has_root ? 1 : 0);
	while ((rc = db_step(s)) == DB_ROW) {
		const char *sev = db_col_text(s, 0);
		if (sev && !strcmp(sev, "veto"))
			m->findings_veto += db_col_int(s, 1);
		else if (sev && !strcmp(sev, "deduct"))
			m->findings_deduct += db_col_int(s, 1);
	}
	db_finish(s);
	return rc == DB_DONE ? 0 : rc;
}

/* The other areas' figures, summed over the agencies; a placeholder leaves *known false. */
static int area_metrics(struct store *st, const struct calendar *cal, const long long *ag, size_t n,
			struct oversight_metrics *m)
{
	m->msg_known = m->std_known = m->media_known = true;
	for (size_t k = 0; k < n; k++) {
		struct message_stats ms;
		int rc = m->msg_known
			     ? store_message_stats(st, cal, ag[k], m->from, m->to, m->today, &ms)
			     : ZF_ESTATE;
		if (rc == ZF_ESTATE) {
			m->msg_known = false;
			memset(&m->msg, 0, sizeof(m->msg));
		} else if (rc) {
			return rc;
		} else {
			m->msg.received += ms.received;
			m->msg.replied += ms.replied;
			m->msg.replied_on_time += ms.replied_on_time;
			m->msg.reply_days_sum += ms.reply_days_sum;
			m->msg.published += ms.published;
			m->msg.open += ms.open;
			m->msg.overdue += ms.overdue;
			m->msg.stale += ms.stale;
			m->msg.rated += ms.rated;
			m->msg.rated_satisfied += ms.rated_satisfied;
		}
		long long c = 0;
		rc = m->std_known ? store_std_overdue_count(st, ag[k], m->today, &c) : ZF_ESTATE;
		if (rc == ZF_ESTATE) {
			m->std_known = false;
			m->std_overdue = 0;
		} else if (rc) {
			return rc;
		} else {
			m->std_overdue += c;
		}
		struct newmedia_counts nc;
		rc = m->media_known ? store_newmedia_counts(st, ag[k], m->today, &nc) : ZF_ESTATE;
		if (rc == ZF_ESTATE) {
			m->media_known = false;
			memset(&m->media, 0, sizeof(m->media));
		} else if (rc) {
			return rc;
		} else {
			m->media.accounts += nc.accounts;
			m->media.silent += nc.silent;
			m->media.findings_open += nc.findings_open;
			m->media.findings_veto += nc.findings_veto;
		}
	}
	return 0;
}

int store_oversight_metrics(struct store *st, const struct calendar *cal, long long agency_id,
			    bool subtree, zf_day from, zf_day to, zf_day today,
			    struct oversight_metrics *out)
{
	memset(out, 0, sizeof(*out));
	out->agency_id = agency_id;
	out->subtree = subtree;
	out->from = from;
	out->to = to;
	out->today = today;
	if (!cal || agency_id <= 0 || !from || !to || !today || from > to)
		return ZF_EINVAL;
	bool exists = false;
	int rc = store_agency_exists(st, agency_id, &exists);
	if (rc)
		return rc;
	if (!exists)
		return ZF_ENOENT;
	long long *ids = NULL;
	size_t n = 0;
	rc = store_agency_subtree(st, agency_id, subtree, &ids, &n);
	if (!rc && n == 0)
		rc = ZF_ENOENT;
	if (!rc)
		rc = request_metrics(st, cal, ids, n, out);
	if (!rc)
		rc = review_metrics(st, ids, n, out);
	if (!rc)
		rc = finding_metrics(st, ids, n, out);
	if (!rc)
		rc = area_metrics(st, cal, ids, n, out);
	free(ids);
	return rc;
}

double oversight_on_time_pct(const struct oversight_metrics *m)
{
	return m->req_replied ? 100.0 * (double)m->req_on_time / (double)m->req_replied : 100.0;
}

double oversight_avg_days(const struct oversight_metrics *m)
{
	return m->req_replied ? (double)m->req_days_sum / (double)m->req_replied : 0.0;
}
