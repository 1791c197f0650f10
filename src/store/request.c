/* request.c: the store front for requests and review cases: validates once for all
 * backends, runs the clock before anything is written, and wraps every write with its
 * audit-log line in one savepoint, so a refused write leaves the database as it was. */
#include "common.h"
#include "arena.h"
#include "db_backend.h"
#include "law/decision.h"
#include "law/synth.h"
#include "log.h"
#include "requests.h"
#include "utf8.h"

#include <pthread.h>
#include <sodium.h>

#define TEXT_MAX 2000 /* code points in a free-text field */

/* Valid UTF-8 of at most TEXT_MAX code points; NULL and "" pass unless required. */
static bool text_ok(const char *s, bool required)
{
	if (!s || !*s)
		return !required;
	size_t len = strlen(s);
	return utf8_valid(s, len) && utf8_count(s, len) <= TEXT_MAX;
}

static int finish(struct store *st, int rc)
{
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- query codes */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

static void sodium_setup(void)
{
	if (sodium_init() < 0)
		die("libsodium 初始化失败");
}

/* Random bytes from libsodium, drawn a kilobyte at a time: a million codes would otherwise
 * cost a million system calls. Per thread; a byte is wiped once used. */
static unsigned random_byte(void)
{
	static _Thread_local unsigned char pool[1024];
	static _Thread_local size_t used = sizeof(pool);
	if (used == sizeof(pool)) {
		pthread_once(&sodium_once, sodium_setup);
		randombytes_buf(pool, sizeof(pool));
		used = 0;
	}
	unsigned b = pool[used];
	pool[used++] = 0;
	return b;
}

/* Each character is a random byte below 8 * 31 = 248, modulo 31: uniform, as
 * randombytes_uniform(31) would draw it, without a system call per character. */
void request_code_generate(char out[REQUEST_CODE_LEN + 1])
{
	static const char alphabet[] = REQUEST_CODE_ALPHABET;
	const unsigned n = sizeof(alphabet) - 1, limit = 256 / n * n;
	for (int i = 0; i < REQUEST_CODE_LEN;) {
		unsigned b = random_byte();
		if (b < limit)
			out[i++] = alphabet[b % n];
	}
	out[REQUEST_CODE_LEN] = '\0';
}

int request_code_normalize(const char *in, char out[REQUEST_CODE_LEN + 1])
{
	size_t n = 0;
	out[0] = '\0';
	if (!in)
		return ZF_EINVAL;
	for (const unsigned char *p = (const unsigned char *)in; *p;) {
		unsigned c = *p++;
		if (c == 0xEF && p[0] == 0xBC && p[1] >= 0x81 && p[1] <= 0xBF) {
			c = p[1] - 0x81 + 0x21; /* U+FF01–FF3F: full-width ！…＿ */
			p += 2;
		} else if (c == 0xEF && p[0] == 0xBD && p[1] >= 0x80 && p[1] <= 0x9E) {
			c = p[1] - 0x80 + 0x60; /* U+FF40–FF5E: full-width ｀…～ */
			p += 2;
		} else if (c == 0xE3 && p[0] == 0x80 && p[1] == 0x80) {
			c = ' '; /* U+3000 ideographic space */
			p += 2;
		}
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (n == REQUEST_CODE_LEN || c >= 0x80 || !strchr(REQUEST_CODE_ALPHABET, (int)c) ||
		    c == 0)
			return ZF_EINVAL;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n == REQUEST_CODE_LEN ? 0 : ZF_EINVAL;
}

/* ---------------------------------------------------------------- requests */

int store_request_validate(const struct request_new *rq, struct buf *err)
{
	if ((unsigned)rq->applicant_type >= REPORT_COL_TOTAL ||
	    !text_ok(rq->applicant_name, true) || !text_ok(rq->description, true) ||
	    !text_ok(rq->id_no, false) || !text_ok(rq->phone, false) ||
	    !text_ok(rq->address, false)) {
		buf_setf(err, "申请人姓名（名称）和申请内容必填，各项文字须为 UTF-8 且不超过 %d 字",
			 TEXT_MAX);
		return ZF_EINVAL;
	}
	return 0;
}

/* Rewrites what is kept beside the request from the whole history. */
static int refresh_outcome(struct store *st, const struct calendar *cal, long long id,
			   const struct clock_event *ev, size_t n, struct buf *err)
{
	struct clock_status cs;
	int rc = clock_compute(cal, ev, n, ev[n - 1].on, &cs, err);
	if (rc)
		return rc;
	rc = store_request_cache_outcome(st, id, &cs);
	clock_status_free(&cs);
	return rc;
}

/* Checks a whole new history and computes its status (as of its last event). */
/* The first event must be the receipt (before the clock is asked). */
static int check_first(const struct clock_event *ev, size_t n, struct buf *err)
{
	if (n == 0 || ev[0].kind != CLOCK_RECEIVED) {
		buf_setf(err, "申请的第一个事件必须是“收到申请”");
		return ZF_EINVAL;
	}
	return 0;
}

/* Says why the clock refused a history (clock_check names the bad event). */
static void explain_refusal(const struct calendar *cal, const struct clock_event *ev, size_t n,
			    int rc, struct buf *err)
{
	size_t bad = 0;
	struct buf why = BUF_INIT;
	if (err && clock_check(cal, ev, n, &bad, &why))
		buf_setf(err, "第 %zu 个事件不成立：%s", bad + 1, buf_cstr(&why));
	else
		buf_setf(err, "事件记录无法推算：%s", zf_strerror(rc));
	buf_free(&why);
}

/* Checks a whole new history and computes its status as of its last event: clock_compute
 * checks the history as it goes. */
static int compute_new(const struct calendar *cal, const struct clock_event *ev, size_t n,
		       struct clock_status *cs, struct buf *err)
{
	memset(cs, 0, sizeof(*cs));
	int rc = check_first(ev, n, err);
	if (rc)
		return rc;
	rc = clock_compute(cal, ev, n, ev[n - 1].on, cs, NULL);
	if (rc)
		explain_refusal(cal, ev, n, rc, err);
	return rc;
}

int store_request_add(struct store *st, const char *actor, const struct calendar *cal,
		      const struct request_new *rq, const struct clock_event *ev, size_t n,
		      long long *id, struct buf *err)
{
	if (!actor || !*actor) {
		buf_setf(err, "没有操作人");
		return ZF_EINVAL;
	}
	int rc = store_request_validate(rq, err);
	if (rc)
		return rc;
	struct clock_status cs;
	rc = compute_new(cal, ev, n, &cs, err);
	if (rc)
		return rc;
	bool exists = false;
	long long rid = 0;
	rc = store_write_begin(st);
	if (rc) {
		clock_status_free(&cs);
		return rc;
	}
	rc = store_agency_exists(st, rq->agency_id, &exists);
	if (!rc && !exists) {
		buf_setf(err, "没有编号为 %lld 的机关", rq->agency_id);
		rc = ZF_ENOENT;
	}
	if (!rc)
		rc = store_request_insert_kept(st, rq, &ev[0], &cs, 0, &rid);
	for (size_t i = 0; !rc && i < n; i++)
		rc = st->ops->request_event_insert(st, rid, (int)i + 1, &ev[i]);
	clock_status_free(&cs);
	if (!rc) {
		/* no personal data here: the audit log is read by more people than the file */
		char object[40], detail[160], day[11];
		snprintf(object, sizeof(object), "request:%lld", rid);
		snprintf(detail, sizeof(detail),
			 "agency=%lld applicant_type=%s received_on=%s events=%zu", rq->agency_id,
			 report_t3_cols[rq->applicant_type].key, date_format(ev[0].on, day), n);
		rc = store_audit(st, actor, "request.add", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存申请：%s", zf_strerror(rc));
	rc = finish(st, rc);
	if (!rc && id)
		*id = rid;
	return rc;
}

int store_request_event(struct store *st, const char *actor, const struct calendar *cal,
			long long request_id, const struct clock_event *ev, int *seq,
			struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct request_record rec;
	int rc = store_write_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	rc = st->ops->request_get(st, a, request_id, &rec);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的申请", request_id);
	if (!rc) {
		struct buf why = BUF_INIT;
		rc = clock_apply(cal, rec.events, rec.nevents, ev, &why);
		if (rc)
			buf_setf(err, "该事件不成立：%s", buf_cstr(&why));
		buf_free(&why);
	}
	int n = (int)rec.nevents + 1;
	if (!rc)
		rc = st->ops->request_event_insert(st, request_id, n, ev);
	if (!rc) {
		struct clock_event *all = arena_alloc(a, (size_t)n * sizeof(*all));
		if (!all) {
			rc = ZF_ENOMEM;
		} else {
			memcpy(all, rec.events, rec.nevents * sizeof(*all));
			all[n - 1] = *ev;
			rc = refresh_outcome(st, cal, request_id, all, (size_t)n, err);
		}
	}
	if (!rc) {
		char object[40], detail[160], day[11];
		snprintf(object, sizeof(object), "request:%lld", request_id);
		snprintf(detail, sizeof(detail), "seq=%d kind=%s on=%s%s%s", n,
			 clock_event_key(ev->kind), date_format(ev->on, day),
			 ev->kind == CLOCK_REPLIED ? " decision=" : "",
			 ev->kind == CLOCK_REPLIED && ev->decision ? ev->decision : "");
		rc = store_audit(st, actor, "request.event", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存事件：%s", zf_strerror(rc));
	rc = finish(st, rc);
	if (!rc && seq)
		*seq = n;
	arena_free(a);
	return rc;
}

int store_request_get(struct store *st, struct arena *arena, long long id,
		      struct request_record *out)
{
	return st->ops->request_get(st, arena, id, out);
}

int store_request_list(struct store *st, struct arena *arena, long long agency_id, size_t limit,
		       struct request_row **out, size_t *n)
{
	return st->ops->request_list(st, arena, agency_id, limit, out, n);
}

int store_request_count(struct store *st, long long *count)
{
	return st->ops->request_count(st, count);
}

int store_review_add(struct store *st, const char *actor, const struct review_new *rv,
		     long long *id, struct buf *err)
{
	if (!actor || !*actor || (unsigned)rv->kind >= REPORT_T4_GROUPS ||
	    !text_ok(rv->body, false))
		return ZF_EINVAL;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct request_meta rec;
	long long rid = 0;
	int rc = store_write_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	rc = store_request_meta(st, a, rv->request_id, &rec);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的申请", rv->request_id);
	if (!rc && rv->filed_on < rec.received_on) {
		buf_setf(err, "复议或起诉的日期早于收到申请的日期");
		rc = ZF_EINVAL;
	}
	if (!rc)
		rc = st->ops->review_insert(st, rv, &rid);
	if (!rc) {
		char object[40], detail[120], day[11];
		snprintf(object, sizeof(object), "review:%lld", rid);
		snprintf(detail, sizeof(detail), "request=%lld kind=%s filed_on=%s", rv->request_id,
			 report_t4_groups[rv->kind].key, date_format(rv->filed_on, day));
		rc = store_audit(st, actor, "review.add", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存案件：%s", zf_strerror(rc));
	rc = finish(st, rc);
	if (!rc && id)
		*id = rid;
	arena_free(a);
	return rc;
}

int store_review_decide(struct store *st, const char *actor, long long review_id,
			enum report_t4_field outcome, zf_day on, struct buf *err)
{
	if (!actor || !*actor || outcome > REPORT_T4_OTHER)
		return ZF_EINVAL;
	struct review_row cur;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = st->ops->review_get(st, review_id, &cur);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的复议或诉讼案件", review_id);
	if (!rc && cur.outcome != REPORT_T4_PENDING) {
		buf_setf(err, "该案件已经审结，不能再次登记结果");
		rc = ZF_ESTATE;
	}
	if (!rc && on < cur.filed_on) {
		buf_setf(err, "审结日期早于立案日期");
		rc = ZF_EINVAL;
	}
	if (!rc)
		rc = st->ops->review_decide(st, review_id, outcome, on);
	if (!rc) {
		char object[40], detail[120], day[11];
		snprintf(object, sizeof(object), "review:%lld", review_id);
		snprintf(detail, sizeof(detail), "outcome=%s decided_on=%s",
			 report_t4_field_keys[outcome], date_format(on, day));
		rc = store_audit(st, actor, "review.decide", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存结果：%s", zf_strerror(rc));
	return finish(st, rc);
}

int store_review_list(struct store *st, struct arena *arena, long long agency_id,
		      struct review_row **out, size_t *n)
{
	return st->ops->review_list(st, arena, agency_id, out, n);
}

int store_report_cases(struct store *st, const long long *agencies, size_t nagencies, int year,
		       struct report_gen_request **req, size_t *nreq,
		       struct report_gen_review **rev, size_t *nrev)
{
	return st->ops->report_cases(st, agencies, nagencies, year, req, nreq, rev, nrev);
}

/* ---------------------------------------------------------------- bulk add */

/* The clock of a bulk add runs on a second thread, ahead of the inserts: the two take about
 * the same time per request, so a batch takes the longer of them instead of their sum. The
 * thread only computes (no store access); cs[i] and rc[i] are the main thread's once done
 * says so. */
struct clock_ahead {
	const struct calendar *cal;
	const struct request_import *items;
	size_t n;
	struct clock_status *cs;
	int *rc;
	size_t done; /* items computed; under lock */
	bool stop;   /* the main thread gave up; under lock */
	pthread_mutex_t lock;
	pthread_cond_t more;
};

#define CLOCK_AHEAD_MIN	 256 /* smaller adds compute inline */
#define CLOCK_AHEAD_STEP 32  /* items per wake-up */

static void *clock_ahead_run(void *arg)
{
	struct clock_ahead *c = arg;
	for (size_t i = 0; i < c->n;) {
		size_t end = ZF_MIN(c->n, i + CLOCK_AHEAD_STEP);
		for (; i < end; i++) {
			const struct request_import *it = &c->items[i];
			memset(&c->cs[i], 0, sizeof(c->cs[i]));
			c->rc[i] = it->nev && it->ev[0].kind == CLOCK_RECEIVED
				       ? clock_compute(c->cal, it->ev, it->nev,
						       it->ev[it->nev - 1].on, &c->cs[i], NULL)
				       : ZF_EINVAL;
		}
		pthread_mutex_lock(&c->lock);
		c->done = i;
		bool stop = c->stop;
		pthread_cond_signal(&c->more);
		pthread_mutex_unlock(&c->lock);
		if (stop)
			break;
	}
	return NULL;
}

/* Waits until item i is computed (the worker stops early only when told to). */
static void clock_ahead_wait(struct clock_ahead *c, size_t i)
{
	pthread_mutex_lock(&c->lock);
	while (c->done <= i)
		pthread_cond_wait(&c->more, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

int store_request_add_many(struct store *st, const char *actor, const struct calendar *cal,
			   const struct request_import *items, size_t n, long long *ids,
			   size_t *bad, struct buf *err)
{
	if (bad)
		*bad = 0;
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (n == 0)
		return 0;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct clock_ahead c = {.cal = cal, .items = items, .n = n};
	pthread_t worker;
	bool threaded = false;
	if (n >= CLOCK_AHEAD_MIN) {
		c.cs = calloc(n, sizeof(*c.cs));
		c.rc = calloc(n, sizeof(*c.rc));
		pthread_mutex_init(&c.lock, NULL);
		pthread_cond_init(&c.more, NULL);
		/* without memory or a thread, the clock runs inline */
		threaded = c.cs && c.rc && !pthread_create(&worker, NULL, clock_ahead_run, &c);
	}
	long long known[8] = {0}; /* agencies seen to exist, most recent first */
	long long first = 0, last = 0;
	size_t i = 0;
	for (; i < n && !rc; i++) {
		const struct request_import *it = &items[i];
		rc = store_request_validate(&it->rq, err);
		bool exists = false;
		for (size_t k = 0; k < ARRAY_SIZE(known) && !exists; k++)
			exists = known[k] == it->rq.agency_id;
		if (!rc && !exists) {
			rc = store_agency_exists(st, it->rq.agency_id, &exists);
			if (!rc && !exists) {
				buf_setf(err, "没有编号为 %lld 的机关", it->rq.agency_id);
				rc = ZF_ENOENT;
			}
			if (!rc) {
				memmove(known + 1, known, sizeof(known) - sizeof(known[0]));
				known[0] = it->rq.agency_id;
			}
		}
		struct clock_status inline_cs, *cs = &inline_cs;
		if (!rc && threaded) {
			rc = check_first(it->ev, it->nev, err);
			clock_ahead_wait(&c, i);
			if (!rc) {
				cs = &c.cs[i];
				rc = c.rc[i];
				if (rc)
					explain_refusal(cal, it->ev, it->nev, rc, err);
			}
		} else if (!rc) {
			rc = compute_new(cal, it->ev, it->nev, cs, err);
			if (rc)
				clock_status_free(cs);
		}
		if (rc)
			break;
		long long rid = 0;
		rc = store_request_insert_kept(st, &it->rq, &it->ev[0], cs, it->handler_user_id,
					       &rid);
		for (size_t e = 0; !rc && e < it->nev; e++)
			rc = st->ops->request_event_insert(st, rid, (int)e + 1, &it->ev[e]);
		clock_status_free(cs);
		if (rc)
			break;
		if (!first)
			first = rid;
		last = rid;
		if (ids)
			ids[i] = rid;
	}
	if (threaded) {
		pthread_mutex_lock(&c.lock);
		c.stop = true;
		pthread_mutex_unlock(&c.lock);
		pthread_join(worker, NULL);
		/* statuses computed but not used (after a refusal) */
		for (size_t k = rc ? i : n; k < c.done; k++)
			clock_status_free(&c.cs[k]);
	}
	if (n >= CLOCK_AHEAD_MIN) {
		pthread_mutex_destroy(&c.lock);
		pthread_cond_destroy(&c.more);
	}
	free(c.cs);
	free(c.rc);
	if (!rc) {
		/* one line for the whole import; no personal data */
		char object[64], detail[64];
		snprintf(object, sizeof(object), "requests:%lld-%lld", first, last);
		snprintf(detail, sizeof(detail), "count=%zu", n);
		rc = store_audit(st, actor, "request.import", object, detail);
	} else if (bad) {
		*bad = i;
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存第 %zu 件申请：%s", i + 1, zf_strerror(rc));
	return finish(st, rc);
}

/* ---------------------------------------------------------------- rebuild */

static bool same_str(const char *a, const char *b)
{
	return (!a || !*a) ? (!b || !*b) : (b && !strcmp(a, b));
}

int store_request_rebuild(struct store *st, const char *actor, const struct calendar *cal,
			  size_t batch, store_progress_fn progress, void *ctx,
			  struct request_rebuild_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (batch == 0)
		batch = 5000;
	int rc = store_request_count(st, &stats->total);
	long long after = 0;
	while (!rc) {
		struct arena *a = arena_new(0);
		if (!a)
			return ZF_ENOMEM;
		struct request_kept *list = NULL;
		size_t n = 0;
		long long changed = 0;
		rc = store_batch_begin(st);
		if (rc) {
			arena_free(a);
			break;
		}
		rc = store_request_load_kept(st, a, after, batch, &list, &n);
		for (size_t i = 0; !rc && i < n; i++) {
			const struct request_kept *k = &list[i];
			struct clock_status cs;
			int crc = k->nevents
				      ? clock_compute(cal, k->events, k->nevents,
						      k->events[k->nevents - 1].on, &cs, NULL)
				      : ZF_ESTATE;
			stats->checked++;
			if (crc) {
				if (!stats->failed++)
					stats->first_failed = k->id;
				log_warn("request rebuild refused id=%lld error=\"%s\"", k->id,
					 zf_strerror(crc));
				continue;
			}
			zf_day closed = cs.closed ? cs.closed_on : 0;
			zf_day due = cs.running && cs.has_due ? cs.due : 0;
			if (!same_str(cs.state, k->state) || closed != k->closed_on ||
			    !same_str(cs.closed ? cs.report_row : NULL, k->report_row) ||
			    due != k->due_on) {
				rc = store_request_cache_outcome(st, k->id, &cs);
				changed++;
			}
			clock_status_free(&cs);
		}
		if (!rc && changed) {
			char object[64], detail[64];
			snprintf(object, sizeof(object), "requests:%lld-%lld", list[0].id,
				 list[n - 1].id);
			snprintf(detail, sizeof(detail), "checked=%zu changed=%lld", n, changed);
			rc = store_audit(st, actor, "request.rebuild", object, detail);
		}
		if (rc) {
			store_batch_rollback(st);
		} else {
			rc = store_batch_commit(st);
			if (rc)
				store_batch_rollback(st);
		}
		if (!rc) {
			stats->changed += changed;
			if (n)
				after = list[n - 1].id;
			if (progress)
				progress(ctx, stats->checked, stats->total);
		}
		arena_free(a);
		if (n < batch)
			break;
	}
	return rc;
}

/* ---------------------------------------------------------------- demo data */

#define DEMO_BATCH 20000

/* One demo request before it is generated: when it arrives and what it must look like. */
struct demo_plan {
	zf_day received;
	int shape; /* -1: left to chance; 0..SYNTH_OPEN_KINDS-1: open; 100 + i: decision i */
	size_t order;
};

static int plan_cmp(const void *pa, const void *pb)
{
	const struct demo_plan *a = pa, *b = pb;
	if (a->received != b->received)
		return a->received < b->received ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* The reply letters' prefix (文号) of the demo agencies. */
static const char *letter_prefix(const char *agency)
{
	static const struct {
		const char *agency, *prefix;
	} prefixes[] = {
	    {"示例区人民政府", "示区府信复"},
	    {"示例区人民政府办公室", "示区府办信复"},
	    {"示例区住房和城乡建设局", "示区住建信复"},
	    {"示例区教育局", "示区教信复"},
	    {"示例街道办事处", "示街信复"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strcmp(prefixes[i].agency, agency))
			return prefixes[i].prefix;
	return "信复";
}

struct demo {
	struct store *st;
	const struct calendar *cal;
	zf_day today;
	int first_year;	 /* the year before today's */
	struct synth s;	 /* the requests (the generating thread's) */
	struct synth rs; /* the review cases (the storing thread's) */
	struct agency *ag;
	size_t nag;
	struct request_handler **handlers; /* per agency: clerks first choice */
	size_t *nhandlers;
	int (*letters)[2]; /* per agency: last letter number of first_year, first_year + 1 */
	int (*letters0)[2];
	struct demo_requests_stats stats;
};

static bool is_final(enum clock_event_kind k)
{
	return k == CLOCK_REPLIED || k == CLOCK_WITHDRAWN || k == CLOCK_SUPPLEMENT_LAPSED ||
	       k == CLOCK_FEE_LAPSED;
}

/* The request's history, by its plan. */
static size_t demo_history(struct demo *d, const struct demo_plan *p, struct clock_event *ev)
{
	struct synth *s = &d->s;
	if (p->shape >= 0 && p->shape < SYNTH_OPEN_KINDS)
		return synth_open_history(s, d->cal, (enum synth_open)p->shape, p->received,
					  d->today, ev);
	struct synth_shape shape = {(int)synth_channel(s), NULL};
	if (p->shape >= 100)
		shape.decision = decision_table[p->shape - 100].key;
	zf_day horizon = d->today;
	/* now and then a request forgotten in a drawer: overdue for weeks */
	if (p->shape < 0 && p->received + 70 < d->today && synth_range(s, 1, 1000) <= 3)
		horizon = cal_add_working_days(d->cal, p->received, synth_range(s, 2, 12));
	return synth_history_shaped(s, d->cal, p->received, horizon, &shape, ev);
}

static int demo_reviews(struct demo *d, long long request_id, size_t ag,
			const struct clock_event *last, struct buf *err)
{
	struct synth *s = &d->rs;
	if (last->kind != CLOCK_REPLIED || !last->decision || !strcmp(last->decision, "granted") ||
	    synth_range(s, 1, 100) > 4)
		return 0;
	/* a department's reply is reviewed by the district government, the government's by the
	 * city; a government is sued before the intermediate court */
	bool root = d->ag[ag].parent_id == 0;
	struct review_new rv = {request_id, REPORT_T4_REVIEW, last->on + synth_range(s, 5, 55),
				root ? "示例市人民政府" : "示例区人民政府"};
	if (synth_range(s, 1, 100) > 85) {
		rv.kind = REPORT_T4_LITIGATION_DIRECT;
		rv.body = root ? "示例市中级人民法院" : "示例区人民法院";
	}
	if (rv.filed_on > d->today)
		return 0;
	long long id = 0;
	int rc = store_review_add(d->st, "demo", &rv, &id, err);
	if (rc)
		return rc;
	d->stats.reviews++;
	zf_day decided = rv.filed_on + synth_range(s, 30, 150);
	if (decided <= d->today) {
		int o = synth_range(s, 1, 100);
		enum report_t4_field f = o <= 70   ? REPORT_T4_UPHELD
					 : o <= 85 ? REPORT_T4_CORRECTED
						   : REPORT_T4_OTHER;
		rc = store_review_decide(d->st, "demo", id, f, decided, err);
	}
	if (!rc && rv.kind == REPORT_T4_REVIEW && synth_range(s, 1, 100) <= 20 &&
	    decided + 14 <= d->today) {
		struct review_new lit = {request_id, REPORT_T4_LITIGATION_AFTER_REVIEW,
					 decided + synth_range(s, 5, 14),
					 root ? "示例市中级人民法院" : "示例区人民法院"};
		rc = store_review_add(d->st, "demo", &lit, NULL, err);
		if (!rc)
			d->stats.reviews++;
	}
	return rc;
}

/* One batch of demo requests, generated by one thread and stored by the other. */
struct demo_slot {
	struct arena *a;
	size_t n;
	struct request_import *items;
	size_t *agidx;
	long long *ids;
	long long events, replies, open;
	int rc;
	bool ready; /* generated, not yet stored; under the pipe's lock */
};

/* Generates plan[0..n) into slot (its own arena). Uses d->s, the letter counters and the
 * handlers, which only the generating thread touches while the pipe runs. */
static int demo_generate(struct demo *d, const struct demo_plan *plan, size_t n,
			 struct demo_slot *slot)
{
	struct arena *a = arena_new(0);
	/* not ready: everything but `ready` (read by the other thread under the lock) */
	slot->a = a;
	slot->n = n;
	slot->events = slot->replies = slot->open = 0;
	slot->items = NULL;
	if (!a)
		return ZF_ENOMEM;
	slot->items = arena_alloc(a, n * sizeof(*slot->items));
	struct clock_event *evs = arena_alloc(a, n * SYNTH_MAX_EVENTS * sizeof(*evs));
	slot->agidx = arena_alloc(a, n * sizeof(*slot->agidx));
	slot->ids = arena_alloc(a, n * sizeof(*slot->ids));
	if (!slot->items || !evs || !slot->agidx || !slot->ids)
		return ZF_ENOMEM;
	struct synth *s = &d->s;
	for (size_t i = 0; i < n; i++) {
		struct request_import *it = &slot->items[i];
		struct clock_event *ev = &evs[i * SYNTH_MAX_EVENTS];
		/* the government gets the most requests, its offices the rest */
		size_t g =
		    synth_range(s, 1, 100) <= 40 ? 0 : (size_t)synth_range(s, 0, (int)d->nag - 1);
		slot->agidx[i] = g;
		enum report_t3_col col = synth_applicant(s);
		char name[128], address[192], description[512];
		synth_applicant_name(s, col, name, sizeof(name));
		synth_address(s, address, sizeof(address));
		synth_description(s, date_to_ymd(plan[i].received).y, description,
				  sizeof(description));
		size_t nev = demo_history(d, &plan[i], ev);
		struct clock_event *last = &ev[nev - 1];
		if (last->kind == CLOCK_REPLIED) {
			int year = date_to_ymd(last->on).y, y = year - d->first_year;
			int no = y >= 0 && y < 2 ? ++d->letters[g][y] : synth_range(s, 1, 99);
			last->letter_no = arena_printf(a, "%s〔%d〕第%d号",
						       letter_prefix(d->ag[g].name), year, no);
			slot->replies++;
		}
		it->rq.agency_id = d->ag[g].id;
		it->rq.applicant_type = col;
		it->rq.applicant_name = arena_strdup(a, name);
		it->rq.address = arena_strdup(a, address);
		it->rq.description = arena_strdup(a, description);
		it->ev = ev;
		it->nev = nev;
		if (!is_final(last->kind)) {
			slot->open++;
			if (d->nhandlers[g] && synth_range(s, 1, 100) <= 85)
				it->handler_user_id =
				    d->handlers[g][synth_range(s, 0, (int)d->nhandlers[g] - 1)]
					.user_id;
		}
		slot->events += (long long)nev;
		if (!it->rq.applicant_name || !it->rq.address || !it->rq.description ||
		    (last->kind == CLOCK_REPLIED && !last->letter_no))
			return ZF_ENOMEM;
	}
	return 0;
}

/* Stores a generated batch and its review cases in one transaction. */
static int demo_store(struct demo *d, struct demo_slot *slot, struct buf *err)
{
	int rc = store_batch_begin(d->st);
	if (rc)
		return rc;
	rc = store_request_add_many(d->st, "demo", d->cal, slot->items, slot->n, slot->ids, NULL,
				    err);
	for (size_t i = 0; !rc && i < slot->n; i++) {
		const struct request_import *it = &slot->items[i];
		rc = demo_reviews(d, slot->ids[i], slot->agidx[i], &it->ev[it->nev - 1], err);
	}
	if (!rc)
		rc = store_batch_commit(d->st);
	if (rc) {
		store_batch_rollback(d->st);
		return rc;
	}
	d->stats.requests += (long long)slot->n;
	d->stats.events += slot->events;
	d->stats.replies += slot->replies;
	d->stats.open += slot->open;
	return 0;
}

/* The generating thread fills two slots in turn while the storing (calling) thread empties
 * them: a batch is generated while the one before it is stored. */
struct demo_pipe {
	struct demo *d;
	const struct demo_plan *plan;
	size_t n;
	struct demo_slot slot[2];
	bool stop; /* the storing thread gave up */
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

static void *demo_generator(void *arg)
{
	struct demo_pipe *p = arg;
	for (size_t done = 0, b = 0; done < p->n; b++) {
		struct demo_slot *slot = &p->slot[b % 2];
		pthread_mutex_lock(&p->lock);
		while (slot->ready && !p->stop)
			pthread_cond_wait(&p->changed, &p->lock);
		bool stop = p->stop;
		pthread_mutex_unlock(&p->lock);
		if (stop)
			break;
		arena_free(slot->a);
		size_t n = ZF_MIN((size_t)DEMO_BATCH, p->n - done);
		int rc = demo_generate(p->d, p->plan + done, n, slot);
		pthread_mutex_lock(&p->lock);
		slot->rc = rc;
		slot->ready = true;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		if (rc)
			break;
		done += n;
	}
	return NULL;
}

static int demo_run(struct demo *d, const struct demo_plan *plan, size_t n,
		    store_progress_fn progress, void *ctx, struct buf *err)
{
	struct demo_pipe p = {.d = d, .plan = plan, .n = n};
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.changed, NULL);
	pthread_t gen;
	bool started = !pthread_create(&gen, NULL, demo_generator, &p);
	int rc = started ? 0 : ZF_ENOMEM;
	for (size_t done = 0, b = 0; !rc && done < n; b++) {
		struct demo_slot *slot = &p.slot[b % 2];
		pthread_mutex_lock(&p.lock);
		while (!slot->ready)
			pthread_cond_wait(&p.changed, &p.lock);
		rc = slot->rc;
		pthread_mutex_unlock(&p.lock);
		if (!rc)
			rc = demo_store(d, slot, err);
		if (rc)
			break;
		done += slot->n;
		pthread_mutex_lock(&p.lock);
		slot->ready = false;
		pthread_cond_broadcast(&p.changed);
		pthread_mutex_unlock(&p.lock);
		if (progress)
			progress(ctx, (long long)done, (long long)n);
	}
	if (started) {
		/* after an error the generator may be waiting for a free slot */
		pthread_mutex_lock(&p.lock);
		p.stop = true;
		pthread_cond_broadcast(&p.changed);
		pthread_mutex_unlock(&p.lock);
		pthread_join(gen, NULL);
	}
	arena_free(p.slot[0].a);
	arena_free(p.slot[1].a);
	pthread_mutex_destroy(&p.lock);
	pthread_cond_destroy(&p.changed);
	return rc;
}

/* Loads the agencies, who may handle their requests, and their letter counters. */
static int demo_setup(struct demo *d, struct arena *a, struct buf *err)
{
	int rc = store_agency_list(d->st, a, &d->ag, &d->nag);
	if (!rc && d->nag == 0) {
		buf_setf(err, "数据库中还没有机关，无法生成演示申请");
		return ZF_ESTATE;
	}
	d->handlers = arena_alloc(a, d->nag * sizeof(*d->handlers));
	d->nhandlers = arena_alloc(a, d->nag * sizeof(*d->nhandlers));
	d->letters = arena_alloc(a, d->nag * sizeof(*d->letters));
	d->letters0 = arena_alloc(a, d->nag * sizeof(*d->letters0));
	if (!rc && (!d->handlers || !d->nhandlers || !d->letters || !d->letters0))
		rc = ZF_ENOMEM;
	for (size_t g = 0; !rc && g < d->nag; g++) {
		struct request_handler *h = NULL;
		size_t nh = 0, nclerks = 0;
		rc = store_request_handlers(d->st, a, d->ag[g].id, &h, &nh);
		/* clerks handle requests; reviewers and admins only when there is no clerk */
		for (size_t i = 0; !rc && i < nh; i++)
			if (!strcmp(h[i].role, "clerk"))
				h[nclerks++] = h[i];
		d->handlers[g] = h;
		d->nhandlers[g] = nclerks ? nclerks : nh;
		for (int y = 0; !rc && y < 2; y++) {
			rc = store_letter_number_last(d->st, d->ag[g].id, d->first_year + y,
						      &d->letters[g][y]);
			d->letters0[g][y] = d->letters[g][y];
		}
	}
	return rc;
}

static struct demo_plan *demo_make_plan(struct demo *d, size_t n)
{
	const struct calendar *cal = d->cal;
	zf_day from = date_from_ymd(d->first_year, 1, 1);
	size_t nwork = 0;
	zf_day *work = xmalloc((size_t)(d->today - from + 1) * sizeof(*work));
	for (zf_day day = from; day <= d->today; day++)
		if (cal_is_working(cal, day))
			work[nwork++] = day;
	struct demo_plan *plan = xcalloc(n, sizeof(*plan));
	size_t i = 0;
	/* so that the queue has something of every kind: a few open cases of each shape */
	size_t quota = n >= 40 ? ZF_MAX((size_t)1, ZF_MIN(n / 150, (size_t)50)) : 0;
	for (int k = 0; k < SYNTH_OPEN_KINDS; k++)
		for (size_t q = 0; q < quota && i < n; q++, i++)
			plan[i] = (struct demo_plan){
			    synth_open_received(&d->s, cal, (enum synth_open)k, d->today), k, i};
	/* and every kind of answer at least once, received well before today */
	if (n >= 100 && nwork > 60) {
		for (int k = 0; k < DECISION_COUNT && i < n; k++, i++)
			plan[i] = (struct demo_plan){work[synth_range(&d->s, 0, (int)nwork - 61)],
						     100 + k, i};
	}
	for (; i < n; i++)
		plan[i] = (struct demo_plan){
		    nwork ? work[synth_range(&d->s, 0, (int)nwork - 1)] : d->today, -1, i};
	free(work);
	/* ids in the order requests arrived, as in a real office */
	qsort(plan, n, sizeof(*plan), plan_cmp);
	return plan;
}

int store_demo_requests(struct store *st, const struct calendar *cal, zf_day today, size_t n,
			uint64_t seed, store_progress_fn progress, void *ctx,
			struct demo_requests_stats *stats, struct buf *err)
{
	struct demo d = {.st = st, .cal = cal, .today = today};
	if (stats)
		memset(stats, 0, sizeof(*stats));
	if (n == 0)
		return 0;
	int year = date_to_ymd(today).y;
	if (year < CAL_FIRST_YEAR + 1 || year > CAL_LAST_YEAR) {
		buf_setf(err, "演示数据的日期超出 %d–%d 年", CAL_FIRST_YEAR + 1, CAL_LAST_YEAR);
		return ZF_ERANGE;
	}
	d.first_year = year - 1;
	synth_seed(&d.s, seed);
	synth_seed(&d.rs, seed ^ 0x5265766965777321ULL);
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	store_bulk_mode(st, true);
	int rc = demo_setup(&d, a, err);
	struct demo_plan *plan = rc ? NULL : demo_make_plan(&d, n);
	if (!rc)
		rc = demo_run(&d, plan, n, progress, ctx, err);
	/* the agencies' sequences continue after the demo's letters */
	for (size_t g = 0; !rc && g < d.nag; g++)
		for (int y = 0; !rc && y < 2; y++)
			if (d.letters[g][y] > d.letters0[g][y])
				rc = store_letter_number_reserve(st, "demo", d.ag[g].id,
								 d.first_year + y, d.letters[g][y]);
	store_bulk_mode(st, false);
	if (rc && err && !err->len)
		buf_setf(err, "无法生成演示申请：%s", zf_strerror(rc));
	if (stats)
		*stats = d.stats;
	free(plan);
	arena_free(a);
	return rc;
}

int store_seed_demo_requests(struct store *st, const struct calendar *cal, zf_day today, size_t n,
			     long long *added)
{
	long long count = 0;
	*added = 0;
	int rc = store_request_count(st, &count);
	if (rc || count > 0)
		return rc;
	struct demo_requests_stats stats;
	struct buf err = BUF_INIT;
	rc = store_demo_requests(st, cal, today, n, 1, NULL, NULL, &stats, &err);
	if (rc)
		log_error("demo requests failed error=\"%s\"", buf_cstr(&err));
	else
		*added = stats.requests;
	buf_free(&err);
	return rc;
}
