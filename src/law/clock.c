/* clock.c: the fold over a request's events. The rules and the choices made where the law is
 * silent are listed at the top of clock.h. */
#include "common.h"
#include "clock.h"
#include "law/deadline.h"
#include "law/decision.h"
#include "law/request_state.h"

static const char *const event_keys[CLOCK_EVENT_KINDS] = {
    "received",
    "supplement_requested",
    "supplement_received",
    "supplement_lapsed",
    "consultation_started",
    "consultation_answered",
    "consultation_lapsed",
    "extension_approved",
    "fee_notice_sent",
    "fee_paid",
    "fee_lapsed",
    "replied",
    "withdrawn",
};
static const char *const event_labels[CLOCK_EVENT_KINDS] = {
    "收到申请",	      "告知补正",	  "收到补正",		"逾期未补正",
    "发出征求意见函", "收到征求意见答复", "征求意见期满未答复", "批准延期",
    "发出收费通知",   "缴纳信息处理费",	  "逾期未缴费",		"答复",
    "申请人撤回申请",
};
static const char *const channel_keys[CLOCK_CHANNELS] = {"in_person", "post", "letter", "online",
							 "fax"};
static const char *const channel_labels[CLOCK_CHANNELS] = {"当面提交", "邮寄", "平常信函",
							   "互联网渠道", "传真"};
static const char *const party_keys[CLOCK_PARTIES] = {"third_party", "co_maker"};
static const char *const party_labels[CLOCK_PARTIES] = {"第三方", "共同制作机关"};

const char *clock_event_key(enum clock_event_kind kind)
{
	return (unsigned)kind < CLOCK_EVENT_KINDS ? event_keys[kind] : "?";
}

const char *clock_event_label(enum clock_event_kind kind)
{
	return (unsigned)kind < CLOCK_EVENT_KINDS ? event_labels[kind] : "?";
}

const char *clock_channel_key(enum clock_channel ch)
{
	return (unsigned)ch < CLOCK_CHANNELS ? channel_keys[ch] : "?";
}

const char *clock_channel_label(enum clock_channel ch)
{
	return (unsigned)ch < CLOCK_CHANNELS ? channel_labels[ch] : "?";
}

const char *clock_party_key(enum clock_party p)
{
	return (unsigned)p < CLOCK_PARTIES ? party_keys[p] : "?";
}

const char *clock_party_label(enum clock_party p)
{
	return (unsigned)p < CLOCK_PARTIES ? party_labels[p] : "?";
}

static int by_key(const char *const *keys, int n, struct str key)
{
	for (int i = 0; i < n; i++)
		if (str_eq_c(key, keys[i]))
			return i;
	return ZF_ENOENT;
}

int clock_event_kind_by_key(struct str key)
{
	return by_key(event_keys, CLOCK_EVENT_KINDS, key);
}

int clock_channel_by_key(struct str key)
{
	return by_key(channel_keys, CLOCK_CHANNELS, key);
}

int clock_party_by_key(struct str key)
{
	return by_key(party_keys, CLOCK_PARTIES, key);
}

enum supplement { SUP_NONE, SUP_PENDING, SUP_RECEIVED };

/* The state folded from the events so far. */
struct run {
	const struct calendar *cal;
	bool received;
	zf_day recv_on, arrived;
	enum clock_channel channel;
	const struct clock_event *prev; /* the latest accepted event */
	zf_day start;			/* received, or the supplement's arrival */
	enum supplement sup;
	zf_day sup_req, sup_until, sup_recv;
	size_t counted_from; /* windows before this one predate a restart */
	struct clock_window *w;
	size_t nw;
	int extension;
	bool fee_noticed;
	const struct clock_event *final; /* the closing event, NULL while open */
	const char *row;		 /* table-3 row of the outcome */
	unsigned warnings;
};

static zf_day day_min(void)
{
	return date_from_ymd(CAL_FIRST_YEAR, 1, 1);
}

static zf_day day_max(void)
{
	return date_from_ymd(CAL_LAST_YEAR, 12, 31);
}

static bool day_ok(zf_day d)
{
	return d >= day_min() && d <= day_max();
}

static int refuse(struct buf *err, int code, const char *fmt, ...) ZF_PRINTF(3, 4);
static int refuse(struct buf *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		buf_vprintf(err, fmt, ap);
		va_end(ap);
	}
	return code;
}

static const char *window_label(const struct clock_window *w)
{
	if (w->fee)
		return "缴费期间";
	return w->party == CLOCK_CO_MAKER ? "征求共同制作机关意见" : "征求第三方意见";
}

/* The reply deadline of the events so far (the supplement must not be pending). On success the
 * caller owns *res. */
static int run_deadline(const struct run *r, struct deadline_result *res, struct buf *err)
{
	struct deadline_interval *iv = calloc(r->nw ? r->nw : 1, sizeof(*iv));
	if (!iv)
		return ZF_ENOMEM;
	size_t n = 0;
	for (size_t i = r->counted_from; i < r->nw; i++) {
		const struct clock_window *w = &r->w[i];
		iv[n++] = (struct deadline_interval){w->from, w->open ? w->limit : w->to,
						     window_label(w)};
	}
	struct deadline_input in = {
	    .received = r->recv_on,
	    .supplemented = r->sup == SUP_RECEIVED,
	    .supplement_received = r->sup_recv,
	    .excluded = iv,
	    .nexcluded = n,
	    .extension = r->extension,
	};
	struct buf why = BUF_INIT;
	int rc = deadline_compute(r->cal, &in, res, &why);
	if (rc && err)
		buf_addstr(err, buf_str(&why));
	buf_free(&why);
	free(iv);
	return rc;
}

static int run_due(const struct run *r, zf_day *due, struct buf *err)
{
	struct deadline_result res;
	int rc = run_deadline(r, &res, err);
	if (rc)
		return rc;
	*due = res.due;
	deadline_result_free(&res);
	return 0;
}

static bool same_who(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool window_open(const struct run *r, bool fee)
{
	for (size_t i = 0; i < r->nw; i++)
		if (r->w[i].open && r->w[i].fee == fee)
			return true;
	return false;
}

/* Refuses a window or extension dated after the current due date, and any while the clock
 * waits for a supplement. */
static int need_running(const struct run *r, const struct clock_event *ev, const char *what,
			struct buf *err)
{
	char a[11], b[11];
	if (r->sup == SUP_PENDING)
		return refuse(err, ZF_ESTATE,
			      "正在等待申请人补正（%s 告知），答复期限尚未重新起算，不能%s",
			      date_format(r->sup_req, a), what);
	zf_day due;
	int rc = run_due(r, &due, err);
	if (rc)
		return rc;
	if (ev->on > due)
		return refuse(err, ZF_ESTATE, "答复期限已于 %s 届满，%s 不能再%s",
			      date_format(due, a), date_format(ev->on, b), what);
	return 0;
}

static int add_window(struct run *r, const struct clock_event *ev, bool fee, struct buf *err)
{
	char a[11], b[11];
	zf_day delivered = ev->delivered ? ev->delivered : ev->on;
	if (!day_ok(delivered) || delivered < ev->on)
		return refuse(err, ZF_EINVAL, "送达日期 %s 早于发出日期 %s，请核对",
			      date_format(delivered, a), date_format(ev->on, b));
	if (delivered - ev->on > CLOCK_MAX_DELIVERY_DAYS)
		return refuse(err, ZF_ERANGE, "送达日期 %s 距发出日期 %s 超过 %d 天，疑为录入错误",
			      date_format(delivered, a), date_format(ev->on, b),
			      CLOCK_MAX_DELIVERY_DAYS);
	struct clock_window *w = realloc(r->w, (r->nw + 1) * sizeof(*w));
	if (!w)
		return ZF_ENOMEM;
	r->w = w;
	int days = fee ? CLOCK_PAYMENT_DAYS : CLOCK_CONSULTATION_DAYS;
	r->w[r->nw++] = (struct clock_window){
	    .fee = fee,
	    .party = fee ? CLOCK_THIRD_PARTY : ev->party,
	    .who = fee ? NULL : ev->who,
	    .from = ev->on,
	    .delivered = delivered,
	    .limit = cal_add_working_days(r->cal, delivered, days),
	    .to = 0,
	    .open = true,
	    .counted = true,
	};
	return 0;
}

/* The oldest open window of this kind (and party and name, for consultations), or NULL. */
static struct clock_window *find_open(struct run *r, const struct clock_event *ev, bool fee)
{
	for (size_t i = 0; i < r->nw; i++) {
		struct clock_window *w = &r->w[i];
		if (!w->open || w->fee != fee)
			continue;
		if (fee || (w->party == ev->party && same_who(w->who, ev->who)))
			return w;
	}
	return NULL;
}

static void close_all(struct run *r, const struct clock_event *ev, const char *row)
{
	for (size_t i = 0; i < r->nw; i++) {
		if (!r->w[i].open)
			continue;
		r->w[i].to = ZF_MIN(ev->on, r->w[i].limit);
		r->w[i].open = false;
	}
	r->final = ev;
	r->row = row;
}

static int step_received(struct run *r, const struct clock_event *ev, struct buf *err)
{
	char a[11], b[11];
	if ((unsigned)ev->channel >= CLOCK_CHANNELS)
		return refuse(err, ZF_EINVAL, "未知的申请渠道 %d", (int)ev->channel);
	zf_day arrived = ev->arrived ? ev->arrived : ev->on;
	if (!day_ok(arrived))
		return refuse(err, ZF_ERANGE, "到达日期超出 %d–%d 年", CAL_FIRST_YEAR,
			      CAL_LAST_YEAR);
	if (arrived > ev->on)
		return refuse(err, ZF_EINVAL, "申请到达日期 %s 晚于收到申请之日 %s，请核对",
			      date_format(arrived, a), date_format(ev->on, b));
	/* Art. 31(1): in person, the receipt date is the day it is handed in. */
	if (ev->channel == CLOCK_IN_PERSON && arrived != ev->on)
		return refuse(err, ZF_EINVAL,
			      "当面提交的申请，收到申请之日即提交之日（条例第三十一条），"
			      "到达日期 %s 与收到申请之日 %s 应相同",
			      date_format(arrived, a), date_format(ev->on, b));
	r->received = true;
	r->recv_on = r->start = ev->on;
	r->arrived = arrived;
	r->channel = ev->channel;
	return 0;
}

static int step_supplement(struct run *r, const struct clock_event *ev, struct buf *err)
{
	char a[11], b[11];
	switch (ev->kind) {
	case CLOCK_SUPPLEMENT_REQUESTED:
		/* Art. 30: one notice covering everything (一次性告知). */
		if (r->sup != SUP_NONE)
			return refuse(err, ZF_ESTATE,
				      "补正应一次性告知（条例第三十条），已于 %s 告知过补正",
				      date_format(r->sup_req, a));
		if (window_open(r, false) || window_open(r, true))
			return refuse(err, ZF_ESTATE,
				      "征求意见或缴费期间尚未结束，不能告知补正；补正后期限将重新"
				      "起算");
		if (r->extension)
			return refuse(err, ZF_ESTATE, "已批准延期，不能再告知补正");
		if (ev->until && (!day_ok(ev->until) || ev->until < ev->on))
			return refuse(err, ZF_EINVAL, "补正期限 %s 早于告知补正之日 %s，请核对",
				      date_format(ev->until, a), date_format(ev->on, b));
		if (ev->on > cal_add_working_days(r->cal, r->recv_on, CLOCK_SUPPLEMENT_NOTICE_DAYS))
			r->warnings |= CLOCK_WARN_SUPPLEMENT_LATE;
		r->sup = SUP_PENDING;
		r->sup_req = ev->on;
		r->sup_until = ev->until;
		return 0;
	case CLOCK_SUPPLEMENT_RECEIVED:
		if (r->sup == SUP_RECEIVED)
			return refuse(err, ZF_ESTATE, "已于 %s 收到补正，不能重复登记",
				      date_format(r->sup_recv, a));
		if (r->sup != SUP_PENDING)
			return refuse(err, ZF_ESTATE, "没有告知过补正，不能登记收到补正");
		/* Art. 30: the period runs afresh from the supplemented application. */
		r->sup = SUP_RECEIVED;
		r->sup_recv = r->start = ev->on;
		r->counted_from = r->nw;
		for (size_t i = 0; i < r->nw; i++)
			r->w[i].counted = false;
		return 0;
	case CLOCK_SUPPLEMENT_LAPSED:
		if (r->sup != SUP_PENDING)
			return refuse(err, ZF_ESTATE, "没有待补正的告知，不能登记逾期未补正");
		if (r->sup_until && ev->on <= r->sup_until)
			return refuse(err, ZF_ESTATE, "补正期限至 %s，尚未届满",
				      date_format(r->sup_until, a));
		close_all(r, ev, "other_no_supplement");
		return 0;
	default: BUG("not a supplement event");
	}
}

static int step_window(struct run *r, const struct clock_event *ev, struct buf *err)
{
	char a[11];
	bool fee = ev->kind == CLOCK_FEE_NOTICE_SENT || ev->kind == CLOCK_FEE_PAID ||
		   ev->kind == CLOCK_FEE_LAPSED;
	if (!fee && (unsigned)ev->party >= CLOCK_PARTIES)
		return refuse(err, ZF_EINVAL, "未知的征求意见对象 %d", (int)ev->party);
	const char *whom = fee ? "" : party_labels[ev->party];
	bool named = !fee && ev->who && *ev->who;
	struct clock_window *w;
	int rc;
	switch (ev->kind) {
	case CLOCK_CONSULTATION_STARTED:
		rc = need_running(r, ev, "征求意见中止计算", err);
		return rc ? rc : add_window(r, ev, false, err);
	case CLOCK_FEE_NOTICE_SENT:
		/* 109号 Art. 3: one method per request, so one notice. */
		if (r->fee_noticed)
			return refuse(err, ZF_ESTATE, "已发出过收费通知，同一申请只能收费一次");
		rc = need_running(r, ev, "发出收费通知", err);
		if (rc)
			return rc;
		rc = add_window(r, ev, true, err);
		r->fee_noticed = rc == 0;
		return rc;
	case CLOCK_CONSULTATION_ANSWERED:
	case CLOCK_FEE_PAID:
		w = find_open(r, ev, fee);
		if (!w && fee)
			return refuse(err, ZF_ESTATE, "没有待缴费的收费通知，不能登记缴费");
		if (!w)
			return refuse(err, ZF_ESTATE,
				      "没有向%s%s%s%s发出且尚未结束的征求意见，不能登记收到意见",
				      whom, named ? "“" : "", named ? ev->who : "",
				      named ? "”" : "");
		if (ev->on > w->limit)
			r->warnings |= fee ? CLOCK_WARN_PAYMENT_LATE : CLOCK_WARN_ANSWER_LATE;
		w->to = ZF_MIN(ev->on, w->limit);
		w->open = false;
		return 0;
	case CLOCK_CONSULTATION_LAPSED:
	case CLOCK_FEE_LAPSED:
		w = find_open(r, ev, fee);
		if (!w && fee)
			return refuse(err, ZF_ESTATE, "没有待缴费的收费通知，不能登记逾期未缴费");
		if (!w)
			return refuse(err, ZF_ESTATE,
				      "没有向%s%s%s%s发出且尚未结束的征求意见，不能登记期满未答复",
				      whom, named ? "“" : "", named ? ev->who : "",
				      named ? "”" : "");
		if (ev->on <= w->limit)
			return refuse(err, ZF_ESTATE, "%s期限至 %s，尚未届满",
				      fee ? "缴费" : "征求意见答复", date_format(w->limit, a));
		w->to = w->limit;
		w->open = false;
		if (fee)
			close_all(r, ev, "other_fee_unpaid");
		return 0;
	default: BUG("not a window event");
	}
}

/* Applies one event to the fold: 0, or an error with its reason in err. */
static int step(struct run *r, const struct clock_event *ev, struct buf *err)
{
	char a[11], b[11];
	if ((unsigned)ev->kind >= CLOCK_EVENT_KINDS)
		return refuse(err, ZF_EINVAL, "未知的事件类型 %d", (int)ev->kind);
	const char *what = event_labels[ev->kind];
	if (!day_ok(ev->on))
		return refuse(err, ZF_ERANGE, "“%s”的日期超出 %d–%d 年", what, CAL_FIRST_YEAR,
			      CAL_LAST_YEAR);
	if (!r->received && ev->kind != CLOCK_RECEIVED)
		return refuse(err, ZF_ESTATE, "尚未登记收到申请，不能登记“%s”", what);
	if (r->received && ev->kind == CLOCK_RECEIVED)
		return refuse(err, ZF_ESTATE, "已于 %s 登记收到申请，不能重复登记",
			      date_format(r->recv_on, a));
	if (r->final)
		return refuse(err, ZF_ESTATE, "申请已于 %s 办结（%s），不能再登记“%s”",
			      date_format(r->final->on, a), event_labels[r->final->kind], what);
	if (r->received && ev->on < r->recv_on)
		return refuse(err, ZF_ESTATE, "“%s”的日期 %s 早于收到申请之日 %s", what,
			      date_format(ev->on, a), date_format(r->recv_on, b));
	if (r->prev && ev->on < r->prev->on)
		return refuse(err, ZF_ESTATE,
			      "事件须按日期先后登记：“%s”的日期 %s 早于上一事件“%s”的日期 %s", what,
			      date_format(ev->on, a), event_labels[r->prev->kind],
			      date_format(r->prev->on, b));

	int rc = 0;
	const struct decision *d;
	switch (ev->kind) {
	case CLOCK_RECEIVED: rc = step_received(r, ev, err); break;
	case CLOCK_SUPPLEMENT_REQUESTED:
	case CLOCK_SUPPLEMENT_RECEIVED:
	case CLOCK_SUPPLEMENT_LAPSED: rc = step_supplement(r, ev, err); break;
	case CLOCK_CONSULTATION_STARTED:
	case CLOCK_CONSULTATION_ANSWERED:
	case CLOCK_CONSULTATION_LAPSED:
	case CLOCK_FEE_NOTICE_SENT:
	case CLOCK_FEE_PAID:
	case CLOCK_FEE_LAPSED: rc = step_window(r, ev, err); break;
	case CLOCK_EXTENSION_APPROVED:
		/* Art. 33(2): at most 20 more working days, with the head's consent. */
		if (ev->days < 1 || ev->days > DEADLINE_MAX_EXTENSION)
			return refuse(err, ZF_ERANGE,
				      "延期天数 %d 无效：应为 1 到 %d 个工作日（条例第三十三条）",
				      ev->days, DEADLINE_MAX_EXTENSION);
		if (!ev->approver || !*ev->approver)
			return refuse(
			    err, ZF_EINVAL,
			    "延期须经政府信息公开工作机构负责人同意（条例第三十三条），请填"
			    "写批准人");
		if (r->extension + ev->days > DEADLINE_MAX_EXTENSION)
			return refuse(err, ZF_ESTATE,
				      "延期合计不得超过 %d 个工作日（条例第三十三条）：已延期 %d "
				      "个工作日，本次又延 %d 个",
				      DEADLINE_MAX_EXTENSION, r->extension, ev->days);
		rc = need_running(r, ev, "批准延期", err);
		if (!rc)
			r->extension += ev->days;
		break;
	case CLOCK_REPLIED:
		d = decision_by_key(ev->decision);
		if (!d) {
			struct buf why = BUF_INIT;
			decision_lookup(str_c(ev->decision ? ev->decision : ""), &d, &why);
			refuse(err, ZF_EINVAL, "%s", buf_cstr(&why));
			buf_free(&why);
			return ZF_EINVAL;
		}
		if (d->flags & DECISION_BY_LAPSE)
			return refuse(
			    err, ZF_ESTATE, "“%s”不能作为答复结果登记，请登记“%s”事件", d->label,
			    strcmp(d->key, "other_fee_unpaid") == 0 ? "逾期未缴费" : "逾期未补正");
		if ((d->flags & DECISION_NEEDS_SUPPLEMENT) && r->sup != SUP_RECEIVED)
			return refuse(err, ZF_ESTATE, "尚未收到补正，不能答复“%s”", d->label);
		close_all(r, ev, d->key);
		break;
	case CLOCK_WITHDRAWN: close_all(r, ev, "other_other"); break;
	case CLOCK_EVENT_KINDS: BUG("unreachable");
	}
	if (!rc)
		r->prev = ev;
	return rc;
}

static void run_free(struct run *r)
{
	free(r->w);
	r->w = NULL;
}

/* Folds the events; on failure *bad is the index of the refused event. */
static int fold(struct run *r, const struct calendar *cal, const struct clock_event *ev, size_t n,
		size_t *bad, struct buf *err)
{
	memset(r, 0, sizeof(*r));
	r->cal = cal;
	if (n > CLOCK_MAX_EVENTS) {
		*bad = n;
		return refuse(err, ZF_ETOOBIG, "事件过多：一件申请最多登记 %d 个事件",
			      CLOCK_MAX_EVENTS);
	}
	for (size_t i = 0; i < n; i++) {
		int rc = step(r, &ev[i], err);
		if (rc) {
			*bad = i;
			return rc;
		}
	}
	return 0;
}

/* fold() with the refused event named in the reason: "第 3 个事件“答复”：…". */
static int fold_named(struct run *r, const struct calendar *cal, const struct clock_event *ev,
		      size_t n, size_t *bad, struct buf *err)
{
	struct buf why = BUF_INIT;
	int rc = fold(r, cal, ev, n, bad, &why);
	if (rc && err && *bad < n)
		buf_printf(err, "第 %zu 个事件“%s”：%s", *bad + 1, clock_event_label(ev[*bad].kind),
			   buf_cstr(&why));
	else if (rc && err)
		buf_addstr(err, buf_str(&why));
	buf_free(&why);
	return rc;
}

int clock_check(const struct calendar *cal, const struct clock_event *ev, size_t n, size_t *bad,
		struct buf *err)
{
	struct run r;
	size_t where = 0;
	int rc = fold_named(&r, cal, ev, n, &where, err);
	run_free(&r);
	if (rc && bad)
		*bad = where;
	return rc;
}

int clock_apply(const struct calendar *cal, const struct clock_event *history, size_t n,
		const struct clock_event *next, struct buf *err)
{
	struct run r;
	size_t where;
	int rc = fold(&r, cal, history, n, &where, err);
	if (rc == 0 && n + 1 > CLOCK_MAX_EVENTS)
		rc = refuse(err, ZF_ETOOBIG, "事件过多：一件申请最多登记 %d 个事件",
			    CLOCK_MAX_EVENTS);
	else if (rc == 0)
		rc = step(&r, next, err);
	run_free(&r);
	return rc;
}

struct notes {
	char **v;
	size_t n;
	bool failed;
};

static void note(struct notes *s, const char *fmt, ...) ZF_PRINTF(2, 3);
static void note(struct notes *s, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	int rc = buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char **v = rc ? NULL : realloc(s->v, (s->n + 1) * sizeof(*v));
	if (!v) {
		buf_free(&b);
		s->failed = true;
		return;
	}
	s->v = v;
	s->v[s->n++] = buf_detach(&b, NULL);
}

static void notes_free(struct notes *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

/* Sets the state key and its label from the one table of states (law/request_state.h). */
static void put_state(struct clock_status *st, const char *key)
{
	const struct request_state *s = request_state_by_key(key);
	if (!s)
		BUG("unknown request state %s", key);
	st->state = s->key;
	st->state_label = s->label;
}

static void set_state(struct clock_status *st, const struct run *r)
{
	static const struct {
		enum clock_event_kind kind;
		const char *key;
	} finals[] = {
	    {CLOCK_REPLIED, "replied"},
	    {CLOCK_SUPPLEMENT_LAPSED, "closed_no_supplement"},
	    {CLOCK_FEE_LAPSED, "closed_fee_unpaid"},
	    {CLOCK_WITHDRAWN, "withdrawn"},
	};
	if (r->final) {
		for (size_t i = 0; i < ARRAY_SIZE(finals); i++) {
			if (finals[i].kind == r->final->kind) {
				put_state(st, finals[i].key);
				return;
			}
		}
		BUG("final event of kind %d", (int)r->final->kind);
	}
	if (r->sup == SUP_PENDING) {
		put_state(st, "awaiting_supplement");
	} else if (window_open(r, false)) {
		put_state(st, "consulting");
	} else if (window_open(r, true)) {
		put_state(st, "awaiting_fee");
	} else {
		put_state(st, "processing");
		if (r->extension)
			st->state_label = "办理中（已延期）";
	}
}

/* Chinese notes on the side deadlines and the warnings, after the deadline's own steps. */
static void describe(struct notes *s, const struct clock_status *st, const struct run *r)
{
	char a[11], b[11];
	if (r->sup != SUP_NONE) {
		note(s,
		     "%s 告知补正%s%s（条例第三十条：应在收到申请后 %d 个工作日内、最迟 %s "
		     "告知%s）。",
		     date_format(r->sup_req, a), r->sup_until ? "，补正期限至 " : "",
		     r->sup_until ? date_format(r->sup_until, b) : "", CLOCK_SUPPLEMENT_NOTICE_DAYS,
		     date_format(st->supplement_notice_due, (char[11]){0}),
		     st->warnings & CLOCK_WARN_SUPPLEMENT_LATE ? "，本次告知已超过该期限" : "");
	}
	if (r->sup == SUP_PENDING)
		note(s, "正在等待申请人补正：收到补正后答复期限重新起算（条例第三十条），此前不计算"
			"答复截止日。");
	for (size_t i = 0; i < r->nw; i++) {
		const struct clock_window *w = &r->w[i];
		const char *label = window_label(w);
		if (!w->counted)
			note(s, "%s（%s 起）在补正之前结束，补正后期限重新起算，不再扣除。", label,
			     date_format(w->from, a));
		else if (w->open)
			note(s,
			     "%s尚未结束：%s 送达，对方期限至 "
			     "%s；截止日暂按期满推算，%s后将相应提前。",
			     label, date_format(w->delivered, a), date_format(w->limit, b),
			     w->fee ? "缴费" : "收到意见");
	}
	if (st->warnings & CLOCK_WARN_ANSWER_LATE)
		note(s, "有征求意见的答复晚于 %d 个工作日的期限到达，中止计算只算到期满之日。",
		     CLOCK_CONSULTATION_DAYS);
	if (st->warnings & CLOCK_WARN_PAYMENT_LATE)
		note(s, "信息处理费在 %d 个工作日的缴费期限之后才缴纳，中止计算只算到期满之日。",
		     CLOCK_PAYMENT_DAYS);
	if (st->warnings & CLOCK_WARN_REPLY_LATE)
		note(s, "答复日 %s 晚于答复截止日 %s，已逾期。", date_format(st->closed_on, a),
		     date_format(st->due, b));
	if (st->closed)
		note(s, "%s 办结：%s，计入年度报告“%s”。", date_format(st->closed_on, a),
		     st->state_label, decision_by_key(st->report_row)->row);
}

void clock_status_free(struct clock_status *st)
{
	for (size_t i = 0; i < st->nsteps; i++)
		free(st->steps[i]);
	free(st->steps);
	free(st->windows);
	memset(st, 0, sizeof(*st));
}

int clock_compute(const struct calendar *cal, const struct clock_event *ev, size_t n, zf_day today,
		  struct clock_status *out, struct buf *err)
{
	memset(out, 0, sizeof(*out));
	if (n == 0)
		return refuse(err, ZF_ESTATE, "没有任何事件：请先登记收到申请");
	if (!day_ok(today))
		return refuse(err, ZF_ERANGE, "今天的日期超出 %d–%d 年", CAL_FIRST_YEAR,
			      CAL_LAST_YEAR);
	struct run r;
	size_t where;
	int rc = fold_named(&r, cal, ev, n, &where, err);
	if (rc) {
		run_free(&r);
		return rc;
	}

	struct clock_status st = {0};
	struct notes s = {0};
	struct deadline_result res = {0};
	set_state(&st, &r);
	st.closed = r.final != NULL;
	st.closed_on = r.final ? r.final->on : 0;
	st.report_row = r.row;
	st.letter_no = r.final && r.final->kind == CLOCK_REPLIED ? r.final->letter_no : NULL;
	st.channel = r.channel;
	st.received = r.recv_on;
	st.arrived = r.arrived;
	st.start = r.start;
	st.extension = r.extension;
	st.warnings = r.warnings;
	st.supplement_notice_due =
	    cal_add_working_days(cal, r.recv_on, CLOCK_SUPPLEMENT_NOTICE_DAYS);
	st.supplement_requested = r.sup != SUP_NONE ? r.sup_req : 0;
	st.supplement_until = r.sup_until;
	st.supplement_received = r.sup == SUP_RECEIVED ? r.sup_recv : 0;
	st.provisional = !cal_range_covered(cal, r.recv_on, st.supplement_notice_due);
	for (size_t i = 0; i < r.nw; i++) {
		st.suspended |= !st.closed && r.w[i].open;
		if (!cal_range_covered(cal, r.w[i].from, r.w[i].limit))
			st.provisional = true;
	}

	if (r.sup != SUP_PENDING) {
		rc = run_deadline(&r, &res, err);
		if (rc)
			goto fail;
		st.has_due = true;
		st.due = res.due;
		st.working_days = res.working_days;
		st.excluded_days = res.excluded_days;
		st.provisional |= res.provisional;
		s.v = res.steps;
		s.n = res.nsteps;
		res.steps = NULL;
		res.nsteps = 0;
	} else {
		char a[11];
		note(&s, "收到申请之日：%s（%s）。", date_format(r.recv_on, a),
		     date_weekday_zh(r.recv_on));
	}
	st.running = !st.closed && st.has_due;
	if (st.running) {
		st.days_left = (int)(st.due - today);
		st.working_days_left = today <= st.due
					   ? cal_count_working_days(cal, today, st.due)
					   : -cal_count_working_days(cal, st.due, today);
		st.overdue = today > st.due;
	} else if (st.closed && st.has_due && r.final->kind == CLOCK_REPLIED &&
		   st.closed_on > st.due) {
		st.overdue = true;
		st.warnings |= CLOCK_WARN_REPLY_LATE;
	}
	describe(&s, &st, &r);
	if (s.failed) {
		rc = ZF_ENOMEM;
		goto fail;
	}
	st.steps = s.v;
	st.nsteps = s.n;
	st.windows = r.w;
	st.nwindows = r.nw;
	*out = st;
	return 0;
fail:
	notes_free(&s);
	deadline_result_free(&res);
	run_free(&r);
	return rc;
}
