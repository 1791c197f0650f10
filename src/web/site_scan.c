/* site_scan.c: the whole-site scan (site_scan.h): published documents and their attachments
 * read from the store, the public pages rendered in-process through the route table and
 * followed by their internal links, the column checks of the store; the findings recorded
 * as work orders. And the server's scan ticker with its lease. */
#include "common.h"
#include "arena.h"
#include "form.h"
#include "ingest/container.h"
#include "ingest/site_check.h"
#include "log.h"
#include "page_console.h"
#include "routes.h"
#include "server.h"
#include "site_scan.h"
#include "store/db.h"
#include "store/docs.h"
#include "store/integrity.h"
#include "store/integrity_checks.h"
#include "store/integrity_links.h"
#include "embedded.h"
#include "web/integrity_cache.h"

#include <pthread.h>
#include <sodium.h>
#include <time.h>
#include <unistd.h>

#define RENDER_ARENA_CAP (64u << 20)
#define RENDER_BODY_CAP	 (16u << 20)

/* ---------------------------------------------------------------- progress */

static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
static bool progress_running;
static long long progress_done, progress_total;

bool site_scan_running(long long *done, long long *total)
{
	pthread_mutex_lock(&progress_lock);
	bool r = progress_running;
	*done = progress_done;
	*total = progress_total;
	pthread_mutex_unlock(&progress_lock);
	return r;
}

static bool progress_claim(void)
{
	pthread_mutex_lock(&progress_lock);
	bool ok = !progress_running;
	if (ok) {
		progress_running = true;
		progress_done = progress_total = 0;
	}
	pthread_mutex_unlock(&progress_lock);
	return ok;
}

static void progress_end(void)
{
	pthread_mutex_lock(&progress_lock);
	progress_running = false;
	pthread_mutex_unlock(&progress_lock);
}

/* ---------------------------------------------------------------- a set of paths */

struct pathset {
	const char **v; /* open addressing, NULL = empty */
	size_t cap, n;
};

static unsigned long long hash_str(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Adds s (arena-owned) when new: 1 added, 0 present, ZF_ENOMEM. */
static int pathset_add(struct pathset *p, const char *s)
{
	if ((p->n + 1) * 2 > p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		const char **v = calloc(cap, sizeof(*v));
		if (!v)
			return ZF_ENOMEM;
		for (size_t i = 0; i < p->cap; i++) {
			if (!p->v[i])
				continue;
			size_t j = hash_str(p->v[i]) & (cap - 1);
			while (v[j])
				j = (j + 1) & (cap - 1);
			v[j] = p->v[i];
		}
		free(p->v);
		p->v = v;
		p->cap = cap;
	}
	size_t j = hash_str(s) & (p->cap - 1);
	while (p->v[j]) {
		if (!strcmp(p->v[j], s))
			return 0;
		j = (j + 1) & (p->cap - 1);
	}
	p->v[j] = s;
	p->n++;
	return 1;
}

/* ---------------------------------------------------------------- the scan */

struct scan {
	struct store *st;
	const struct web_env *env;
	const struct site_scan_opts *o;
	struct site_checker *chk;
	struct site_findings all;
	struct arena *a; /* the scan's: paths, doc agencies */
	long long root;	 /* findings of no known agency go to the site's root agency */
	/* documents: id → agency, for their rendered pages */
	long long *doc_ids, *doc_agencies;
	size_t ndocs, adocs, adocs2;
	/* pages to render */
	const char **queue;
	size_t nqueue, aqueue, next;
	struct pathset seen;
	struct pathset texts; /* "rule\x1fsnippet" of the text findings taken so far */
	/* internal links met on rendered pages, each once, with the first page it was on */
	struct pathset lseen;
	struct scan_link {
		const char *path, *from;
		long long agency;
	} * links;
	size_t nlinks, alinks;
	long long done;
	long long att_skipped, att_failed, render_failed, check_failed;
	struct site_scan_result *res;
};

static void tick(struct scan *s)
{
	s->done++;
	long long total = s->done + (long long)(s->nqueue - s->next);
	pthread_mutex_lock(&progress_lock);
	progress_done = s->done;
	progress_total = total;
	pthread_mutex_unlock(&progress_lock);
	if (s->o->progress)
		s->o->progress(s->o->ctx, s->done, total);
}

/* Whether a finding is of the text itself (wording, spam, personal data), not of markup. */
static bool text_category(const char *c)
{
	return !strncmp(c, "wording", 7) || !strncmp(c, "spam", 4) || !strncmp(c, "pii", 3);
}

/* Moves the findings of tmp into the scan's list, each answerable to agency (or the root).
 * A rendered page shows texts checked elsewhere (a document's title on the home page, its
 * column and its own page): of its text findings only those not yet seen (by rule and
 * snippet) in a document's fields or on another page are kept, so that one wrong word is one
 * work order; its markup findings (hidden links, tampering) are all kept. */
static int take(struct scan *s, struct site_findings *tmp, long long agency, bool rendered)
{
	int rc = 0;
	for (size_t i = 0; i < tmp->n && !rc; i++) {
		struct site_finding f = tmp->v[i];
		const char *c = f.category ? f.category : "";
		if (text_category(c)) {
			const char *key = arena_printf(s->a, "%s\x1f%s", f.id ? f.id : "",
						       f.snippet ? f.snippet : "");
			if (!key)
				return ZF_ENOMEM;
			int added = pathset_add(&s->texts, key);
			if (added < 0)
				return added;
			if (!added && rendered)
				continue;
		}
		if (!f.agency_id)
			f.agency_id = agency ? agency : s->root;
		rc = site_findings_add(&s->all, &f);
	}
	site_findings_free(tmp);
	site_findings_init(tmp);
	return rc;
}

static int check_field(struct scan *s, const struct doc *d, const char *url, const char *field,
		       const char *text, size_t n)
{
	if (!text || !n)
		return 0;
	struct site_place p = {
	    .url = url, .doc_id = d->id, .field = field, .date = d->published_on};
	struct site_findings tmp;
	site_findings_init(&tmp);
	int rc = site_check_text(s->chk, &p, text, n, &tmp);
	if (rc == ZF_ETOOBIG) {
		s->check_failed++;
		rc = 0;
	}
	if (!rc)
		rc = take(s, &tmp, d->f.agency_id, false);
	site_findings_free(&tmp);
	return rc;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcasecmp(s + n - k, suffix);
}

static int check_attachment(struct scan *s, struct arena *a, const struct doc *d, const char *url,
			    long long att_id)
{
	struct doc_attachment f;
	int rc = store_doc_attachment_get(s->st, a, att_id, &f);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	const char *field = arena_printf(a, "attachment:%s", f.name);
	if (!field)
		return ZF_ENOMEM;
	enum ingest_format fmt = container_detect((const char *)f.data, f.size);
	if (fmt == FMT_TEXT && has_suffix(f.name, ".txt"))
		return check_field(s, d, url, field, (const char *)f.data, f.size);
	if (fmt != FMT_DOCX && fmt != FMT_PDF) {
		s->att_skipped++;
		return 0;
	}
	struct container_out o;
	container_init(&o);
	struct buf err = BUF_INIT;
	rc = container_read((const char *)f.data, f.size, &o, &err);
	if (rc == ZF_ENOMEM) {
		container_free(&o);
		buf_free(&err);
		return rc;
	}
	if (rc) {
		s->att_failed++;
		rc = 0;
	} else {
		s->res->attachments++;
		rc = check_field(s, d, url, field, o.text.p, o.text.len);
	}
	container_free(&o);
	buf_free(&err);
	return rc;
}

static int queue_add(struct scan *s, const char *path)
{
	const char *p = arena_strdup(s->a, path);
	if (!p)
		return ZF_ENOMEM;
	int rc = pathset_add(&s->seen, p);
	if (rc <= 0)
		return rc;
	size_t max = s->o->max_pages ? s->o->max_pages : SITE_SCAN_MAX_PAGES;
	if (s->nqueue >= max)
		return 0;
	s->queue = arena_grow(s->a, s->queue, s->nqueue, &s->aqueue, sizeof(*s->queue));
	if (!s->queue)
		return ZF_ENOMEM;
	s->queue[s->nqueue++] = p;
	return 0;
}

/* The published documents: their fields and attachments; their pages queued. */
static int scan_docs(struct scan *s)
{
	struct doc_filter f = doc_filter_any();
	f.state = DOC_PUBLISHED;
	f.limit = 100;
	int rc = 0;
	for (f.offset = 0;; f.offset += f.limit) {
		struct arena *la = arena_new(0);
		if (!la)
			return ZF_ENOMEM;
		struct doc_list l;
		rc = store_doc_list(s->st, la, &f, &l);
		for (size_t i = 0; !rc && i < l.n; i++) {
			struct arena *da = arena_new(0);
			if (!da) {
				rc = ZF_ENOMEM;
				break;
			}
			struct doc d;
			rc = store_doc_get(s->st, da, l.docs[i].id, &d);
			if (rc == ZF_ENOENT) {
				rc = 0;
				arena_free(da);
				continue;
			}
			char url[40];
			snprintf(url, sizeof(url), "/docs/%lld", d.id);
			if (!rc)
				rc = check_field(s, &d, url, "title", d.f.title,
						 d.f.title ? strlen(d.f.title) : 0);
			if (!rc)
				rc = check_field(s, &d, url, "summary", d.f.summary,
						 d.f.summary ? strlen(d.f.summary) : 0);
			if (!rc)
				rc = check_field(s, &d, url, "body", d.f.body,
						 d.f.body ? strlen(d.f.body) : 0);
			struct doc_attachment *att = NULL;
			size_t natt = 0;
			if (!rc)
				rc = store_doc_attachments(s->st, da, d.id, &att, &natt);
			for (size_t k = 0; !rc && k < natt; k++)
				rc = check_attachment(s, da, &d, url, att[k].id);
			if (!rc) {
				s->doc_ids = arena_grow(s->a, s->doc_ids, s->ndocs, &s->adocs,
							sizeof(long long));
				s->doc_agencies = arena_grow(s->a, s->doc_agencies, s->ndocs,
							     &s->adocs2, sizeof(long long));
				if (!s->doc_ids || !s->doc_agencies)
					rc = ZF_ENOMEM;
			}
			if (!rc) {
				s->doc_ids[s->ndocs] = d.id;
				s->doc_agencies[s->ndocs++] = d.f.agency_id;
				s->res->docs++;
				rc = queue_add(s, url);
			}
			arena_free(da);
			if (!rc)
				tick(s);
		}
		size_t got = l.n;
		arena_free(la);
		if (rc || got < f.limit)
			break;
	}
	return rc;
}

/* Whether an internal link of a rendered page is a public page worth checking: not a file,
 * a form, the console, a feed; a query only for a page number. */
static bool page_wanted(const char *p)
{
	static const char *const skip[] = {"/static/", "/console",   "/setup",	     "/apply",
					   "/query",   "/search",    "/login",	     "/logout",
					   "/healthz", "/docs/feed", "/sitemap.xml", "/session"};
	if (p[0] != '/' || p[1] == '/')
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(skip); i++)
		if (!strncmp(p, skip[i], strlen(skip[i])))
			return false;
	if (strstr(p, "/files/") || strstr(p, "/xlsx") || strstr(p, "/v/"))
		return false;
	if (!strncmp(p, "/reports/", 9) && strchr(p + 9, '/'))
		return false; /* a report's file */
	if (!strncmp(p, "/guide/", 7) && strchr(p + 7, '/'))
		return false; /* a guide's file */
	const char *q = strchr(p, '?');
	if (q) {
		q++;
		if (strncmp(q, "page=", 5))
			return false;
		for (q += 5; *q; q++)
			if (*q < '0' || *q > '9')
				return false;
	}
	return true;
}

/* Keeps an internal link for the link check (scan_links), once per path. */
static int link_add(struct scan *s, const char *path, const char *from, long long agency)
{
	const char *p = arena_strdup(s->a, path);
	if (!p)
		return ZF_ENOMEM;
	int added = pathset_add(&s->lseen, p);
	if (added <= 0)
		return added;
	struct scan_link *v = arena_grow(s->a, s->links, s->nlinks, &s->alinks, sizeof(*v));
	if (!v)
		return ZF_ENOMEM;
	s->links = v;
	v[s->nlinks++] = (struct scan_link){p, from, agency};
	return 0;
}

/* Queues the internal links (href="/…") of a rendered page, and keeps each for the link
 * check. */
static int collect_links(struct scan *s, const char *from, long long agency, const char *html,
			 size_t n)
{
	const char *end = html + n, *p = html;
	char path[512];
	while ((p = memmem(p, (size_t)(end - p), "href=\"", 6))) {
		p += 6;
		const char *q = memchr(p, '"', (size_t)(end - p));
		if (!q)
			break;
		size_t k = 0;
		for (const char *c = p; c < q && k + 1 < sizeof(path); c++) {
			if (*c == '#')
				break;
			if (*c == '&' && q - c >= 5 && !memcmp(c, "&amp;", 5)) {
				path[k++] = '&';
				c += 4;
				continue;
			}
			path[k++] = *c;
		}
		path[k] = '\0';
		p = q + 1;
		if (k > 7 && !strcmp(path + k - 7, "?page=1"))
			path[k - 7] = '\0'; /* the first page is the page itself */
		if (k && path[0] == '/' && path[1] != '/') {
			int rc = link_add(s, path, from, agency);
			if (rc)
				return rc;
		}
		if (k && page_wanted(path)) {
			int rc = queue_add(s, path);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* The agency a rendered page answers to: its document's or agency's, else 0 (the root). */
static long long page_agency(const struct scan *s, const char *path, bool *is_doc)
{
	long long id = 0;
	*is_doc = false;
	if (sscanf(path, "/docs/%lld", &id) == 1) {
		for (size_t i = 0; i < s->ndocs; i++)
			if (s->doc_ids[i] == id) {
				*is_doc = true;
				return s->doc_agencies[i];
			}
		return 0;
	}
	if (sscanf(path, "/agency/%lld", &id) == 1)
		return id;
	return 0;
}

static int render_one(struct scan *s, const char *path)
{
	struct arena *ra = arena_new(RENDER_ARENA_CAP);
	if (!ra)
		return ZF_ENOMEM;
	struct web_request req = {0};
	req.arena = ra;
	req.env = s->env;
	req.method = WEB_GET;
	req.method_name = "GET";
	req.client_ip = "127.0.0.1";
	const char *q = strchr(path, '?');
	req.path = q ? arena_strndup(ra, path, (size_t)(q - path)) : path;
	if (q && form_parse(ra, str_c(q + 1), &req.args, &req.nargs)) {
		arena_free(ra);
		return 0;
	}
	struct web_response res;
	web_response_init(&res, RENDER_BODY_CAP);
	routes_dispatch_site(&req, &res);
	int rc = 0;
	bool html = !res.content_type || !strncmp(res.content_type, "text/html", 9);
	if (res.status != 200 || !html || res.body.failed) {
		if (res.status >= 500 || res.body.failed)
			s->render_failed++;
	} else {
		s->res->rendered++;
		bool is_doc;
		long long agency = page_agency(s, path, &is_doc);
		struct site_place p = {.url = path};
		struct site_findings tmp;
		site_findings_init(&tmp);
		rc = site_check_html(s->chk, &p, res.body.p, res.body.len, &tmp);
		if (rc == ZF_ETOOBIG) {
			s->check_failed++;
			rc = 0;
		}
		if (!rc)
			rc = take(s, &tmp, agency, true);
		site_findings_free(&tmp);
		if (!rc)
			rc = collect_links(s, path, agency, res.body.p, res.body.len);
	}
	web_response_free(&res);
	arena_free(ra);
	return rc;
}

static int scan_pages(struct scan *s)
{
	static const char *const roots[] = {"/",	"/docs",     "/docs/statutory", "/guide",
					    "/lists",	"/projects", "/rules",		"/contact",
					    "/reports", "/columns",  "/sitemap"};
	int rc = 0;
	for (size_t i = 0; !rc && i < ARRAY_SIZE(roots); i++)
		rc = queue_add(s, roots[i]);
	/* the document pages were queued by scan_docs; roots go first */
	if (!rc && s->ndocs) {
		size_t nroots = ARRAY_SIZE(roots);
		size_t nd = s->nqueue - nroots;
		const char **tmp = arena_alloc(s->a, s->nqueue * sizeof(*tmp));
		if (!tmp)
			return ZF_ENOMEM;
		memcpy(tmp, s->queue + nd, nroots * sizeof(*tmp));
		memcpy(tmp + nroots, s->queue, nd * sizeof(*tmp));
		memcpy(s->queue, tmp, s->nqueue * sizeof(*tmp));
	}
	while (!rc && s->next < s->nqueue) {
		rc = render_one(s, s->queue[s->next++]);
		if (!rc)
			tick(s);
	}
	return rc;
}

static int scan_columns(struct scan *s)
{
	struct site_findings tmp;
	site_findings_init(&tmp);
	int rc = store_integrity_columns_cal(s->st, console_calendar(), date_today(), &tmp);
	if (rc == ZF_ESTATE) { /* not provided by this build */
		site_findings_free(&tmp);
		snprintf(s->res->notes + strlen(s->res->notes),
			 sizeof(s->res->notes) - strlen(s->res->notes), "栏目检查未提供；");
		return 0;
	}
	if (!rc)
		rc = take(s, &tmp, 0, false);
	site_findings_free(&tmp);
	return rc;
}

bool site_route_known(void *ctx, const char *path)
{
	(void)ctx;
	if (!strncmp(path, "/static/", 8)) {
		size_t len;
		return strchr(path + 8, '/') == NULL && embedded_find(path + 8, &len) != NULL;
	}
	size_t n;
	const struct route *t = routes_site(&n);
	struct web_request req = {0};
	req.arena = arena_new(0);
	if (!req.arena)
		return false;
	bool ok = false;
	for (size_t i = 0; i < n && !ok; i++)
		ok = t[i].method == WEB_GET && t[i].role == ROLE_PUBLIC &&
		     !(t[i].flags & ROUTE_NEEDS_LOGIN) && !strchr(t[i].pattern, '{') &&
		     routes_match(t[i].pattern, path, &req);
	arena_free(req.arena);
	return ok;
}

/* The internal links of the rendered pages, judged against the database without HTTP
 * (store/integrity_links.h): a link to a missing, unpublished or withdrawn thing, or to no
 * page at all, is a broken link (扣分) on the page that holds it. */
static int scan_links(struct scan *s)
{
	for (size_t i = 0; i < s->nlinks; i++) {
		const struct scan_link *l = &s->links[i];
		struct ilink_result r;
		int rc = store_ilink_check(s->st, l->path, site_route_known, NULL, &r);
		if (rc)
			return rc;
		if (r.verdict == ILINK_OK)
			continue;
		struct site_finding f = {
		    .id = ilink_verdict_id(r.verdict),
		    .sev = SCAN_DEDUCT,
		    .url = l->from,
		    .agency_id = l->agency ? l->agency : s->root,
		    .snippet = l->path,
		    .message = r.why,
		    .fix = "修改或删除这个链接",
		};
		if ((rc = site_findings_add(&s->all, &f)))
			return rc;
	}
	return 0;
}

static void note(struct site_scan_result *res, const char *fmt, long long n)
{
	if (!n)
		return;
	size_t len = strlen(res->notes);
	snprintf(res->notes + len, sizeof(res->notes) - len, fmt, n);
}

int site_scan_run(struct store *st, const struct web_env *env, const struct site_scan_opts *o,
		  struct site_scan_result *res, struct buf *err)
{
	memset(res, 0, sizeof(*res));
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct scan s = {.st = st, .env = env, .o = o, .res = res};
	site_findings_init(&s.all);
	int rc = integrity_checker_acquire(st, &s.chk, err);
	if (rc)
		return rc;
	bool mine = progress_claim();
	s.a = arena_new(0);
	if (!s.a) {
		rc = ZF_ENOMEM;
		goto out;
	}
	struct agency *ag;
	size_t nag;
	rc = store_agency_list(st, s.a, &ag, &nag);
	if (rc)
		goto out;
	for (size_t i = 0; i < nag && !s.root; i++)
		if (!ag[i].parent_id)
			s.root = ag[i].id;
	int64_t version = 0;
	rc = store_integrity_rules_active_id(st, &version);
	long long scan_id = 0;
	if (!rc)
		rc = store_integrity_scan_begin(st, o->actor, "site", o->scheduled, version,
						&scan_id);
	if (!rc)
		rc = scan_docs(&s);
	if (!rc && env)
		rc = scan_pages(&s);
	if (!rc)
		rc = scan_columns(&s);
	if (!rc)
		rc = scan_links(&s);
	if (rc) {
		if (err && !err->len)
			buf_setf(err,
				 rc == ZF_ENOMEM ? "内存不足，检查中止" : "检查中止（数据库错误）");
		goto out;
	}
	if (!env)
		note(res, "未检查渲染后的页面%s", 1), res->notes[strlen(res->notes) - 1] = '\0';
	note(res, "%lld 个附件格式不支持、未检查；", s.att_skipped);
	note(res, "%lld 个附件无法读取；", s.att_failed);
	note(res, "%lld 个页面生成失败；", s.render_failed);
	note(res, "%lld 项内容过大、未检查；", s.check_failed);
	rc = store_integrity_scan_record(st, scan_id, &s.all, s.done, res->notes, &res->scan);
	if (rc && err && !err->len)
		buf_setf(err, "检查结果没有保存（数据库错误）");
	res->skipped = s.att_skipped + s.att_failed + s.render_failed + s.check_failed;
out:
	clock_gettime(CLOCK_MONOTONIC, &t1);
	res->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	integrity_checker_release(s.chk);
	site_findings_free(&s.all);
	free(s.seen.v);
	free(s.texts.v);
	free(s.lseen.v);
	arena_free(s.a);
	if (mine)
		progress_end();
	return rc;
}

/* ---------------------------------------------------------------- the ticker */

#define LEASE_NAME    "site-scan"
#define LEASE_SECONDS (6 * 3600)

struct site_scan_ticker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	long interval;
	const struct web_env *env;
	char holder[128];
	char requested_by[80]; /* "" when none */
	time_t retry_after;    /* a failed scheduled scan is not tried again before */
};

static pthread_mutex_t ticker_lock = PTHREAD_MUTEX_INITIALIZER;
static struct site_scan_ticker *the_ticker;

static void stamp_ago(long seconds, char out[21])
{
	time_t t = time(NULL) - seconds;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void ticker_run(struct site_scan_ticker *t, const char *actor)
{
	struct store *st = store_pool_get(t->env->db);
	if (!st)
		return;
	bool got = false;
	int rc = store_integrity_lease(st, LEASE_NAME, t->holder, LEASE_SECONDS, &got);
	if (!rc && got) {
		bool due = actor != NULL;
		if (!due) {
			struct arena *a = arena_new(0);
			const char *last = NULL;
			char since[21];
			stamp_ago(t->interval, since);
			due = a && !store_integrity_last_scan(st, a, "site", &last) &&
			      (!last || strcmp(last, since) <= 0);
			arena_free(a);
		}
		if (due && !actor && time(NULL) < t->retry_after)
			due = false;
		if (due) {
			struct site_scan_opts o = {.actor = actor, .scheduled = actor == NULL};
			struct site_scan_result r;
			struct buf err = BUF_INIT;
			rc = site_scan_run(st, t->env, &o, &r, &err);
			if (rc) {
				log_warn("site scan failed rc=%d: %s", rc, buf_cstr(&err));
				/* not every minute: again after an hour (or the interval) */
				t->retry_after =
				    time(NULL) + (t->interval < 3600 ? t->interval : 3600);
			} else {
				log_info("site scan id=%lld pages=%lld found=%lld new=%lld "
					 "closed=%lld seconds=%.1f",
					 r.scan.id, r.scan.pages, r.scan.nfound, r.scan.nnew,
					 r.scan.nclosed, r.seconds);
			}
			buf_free(&err);
		}
		store_integrity_lease_release(st, LEASE_NAME, t->holder);
	}
	store_pool_put(t->env->db, st, store_broken(st));
}

static void *ticker_main(void *arg)
{
	struct site_scan_ticker *t = arg;
	pthread_mutex_lock(&t->lock);
	while (!t->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		/* every minute, or more often for a shorter interval */
		until.tv_sec += t->interval > 0 && t->interval < 60 ? t->interval : 60;
		while (!t->stop && !t->requested_by[0] &&
		       pthread_cond_timedwait(&t->wake, &t->lock, &until) == 0)
			;
		if (t->stop)
			break;
		char actor[80];
		snprintf(actor, sizeof(actor), "%s", t->requested_by);
		t->requested_by[0] = '\0';
		pthread_mutex_unlock(&t->lock);
		if (actor[0] || t->interval > 0)
			ticker_run(t, actor[0] ? actor : NULL);
		pthread_mutex_lock(&t->lock);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct site_scan_ticker *site_scan_ticker_start(const struct web_env *env, long interval)
{
	if (!env || !env->db)
		return NULL;
	struct site_scan_ticker *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->env = env;
	t->interval = interval;
	/* the first scheduled scan waits an interval (at most an hour) after the start, so that
	 * a server started briefly (a test, a restart) does not scan at once */
	t->retry_after = time(NULL) + (interval < 3600 ? interval : 3600);
	char host[64] = "host";
	gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	snprintf(t->holder, sizeof(t->holder), "scan:%s:%ld:%08x", host, (long)getpid(),
		 randombytes_random());
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->wake, NULL);
	if (pthread_create(&t->thread, NULL, ticker_main, t)) {
		free(t);
		return NULL;
	}
	pthread_mutex_lock(&ticker_lock);
	the_ticker = t;
	pthread_mutex_unlock(&ticker_lock);
	return t;
}

void site_scan_ticker_stop(struct site_scan_ticker *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&ticker_lock);
	if (the_ticker == t)
		the_ticker = NULL;
	pthread_mutex_unlock(&ticker_lock);
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->wake);
	free(t);
}

bool site_scan_request(const char *actor)
{
	long long d, n;
	if (site_scan_running(&d, &n))
		return false;
	pthread_mutex_lock(&ticker_lock);
	struct site_scan_ticker *t = the_ticker;
	bool ok = t != NULL;
	if (t) {
		pthread_mutex_lock(&t->lock);
		snprintf(t->requested_by, sizeof(t->requested_by), "%s",
			 actor && *actor ? actor : "-");
		pthread_cond_signal(&t->wake);
		pthread_mutex_unlock(&t->lock);
	}
	pthread_mutex_unlock(&ticker_lock);
	return ok;
}
