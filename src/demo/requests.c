/* requests.c (demo): the demo's agencies and two years of synthetic requests, written through
 * the store's public API only (db.h, requests.h). */
#include "common.h"
#include "arena.h"
#include "demo/requests.h"
#include "law/decision.h"
#include "law/synth.h"
#include "log.h"

#include <pthread.h>

int demo_seed_agencies(struct store *st, bool *seeded)
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
	if (!rc && count == 0) {
		rc = store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov);
		for (size_t i = 0; !rc && i < ARRAY_SIZE(departments); i++)
			rc = store_agency_add(st, gov, departments[i], AGENCY_DEPARTMENT, NULL);
		if (!rc)
			rc = store_audit(st, "system", "demo.seed", "agencies",
					 "示例区人民政府及两个部门");
		if (!rc)
			*seeded = true;
	}
	rc = store_write_end(st, rc);
	if (rc)
		*seeded = false;
	return rc;
}

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

int demo_requests(struct store *st, const struct calendar *cal, zf_day today, size_t n,
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

int demo_seed_requests(struct store *st, const struct calendar *cal, zf_day today, size_t n,
		       long long *added)
{
	long long count = 0;
	*added = 0;
	int rc = store_request_count(st, &count);
	if (rc || count > 0)
		return rc;
	struct demo_requests_stats stats;
	struct buf err = BUF_INIT;
	rc = demo_requests(st, cal, today, n, 1, NULL, NULL, &stats, &err);
	if (rc)
		log_error("demo requests failed error=\"%s\"", buf_cstr(&err));
	else
		*added = stats.requests;
	buf_free(&err);
	return rc;
}
