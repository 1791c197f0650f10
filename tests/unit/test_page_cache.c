/* test_page_cache.c: the site generation moves with every write to a public table, in the
 * write's own transaction, and never with private ones (sessions, throttles, the audit log);
 * every table of the schema is classified and the public ones carry their triggers. The page
 * cache behind the dispatcher: miss then hit, a new generation is a miss, never for a
 * session, another cookie, a CSRF form, a cookie set, a status other than 200; the mode
 * (长者模式) keyed apart; 304 on If-None-Match and If-Modified-Since; gzip and brotli decode
 * to the identity bytes; the byte budget holds. And the header parsers.
 * zf-store-test-both-engines */
#include "common.h"
#include <pthread.h>
#include <time.h>
#include "arena.h"
#include "demo/requests.h"
#include "store/auth.h"
#include "store/db.h"
#include "store/docs.h"
#include "store/driver.h"
#include "store/site_gen.h"
#include "web/config.h"
#include "web/page_cache.h"
#include "web/routes.h"
#include "store_test.h"
#include "tap.h"

#include <brotli/decode.h>
#include <stdarg.h>
#include <stdio.h>
#include <zlib.h>

static void tap_diag(const char *fmt, ...) ZF_PRINTF(1, 2);
static void tap_diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

static int calls;

static void filler(struct web_response *res)
{
	for (int i = 0; i < 40; i++)
		buf_adds(&res->body, "<p>关于印发政府信息公开工作要点的通知</p>\n");
}

static int h_page(struct web_request *req, struct web_response *res)
{
	calls++;
	long long gen = 0;
	store_site_gen(req->db, &gen);
	buf_printf(&res->body, "<h1>render %d gen %lld large %d</h1>\n", calls, gen,
		   web_cookie(req, "zf_font") != NULL);
	filler(res);
	return 0;
}

static int h_form(struct web_request *req, struct web_response *res)
{
	calls++;
	buf_printf(&res->body, "<form method=post><input type=hidden name=_csrf value=\"%s\">",
		   req->csrf_token ? req->csrf_token : "");
	filler(res);
	return 0;
}

static int h_missing(struct web_request *req, struct web_response *res)
{
	ZF_UNUSED(req);
	calls++;
	res->status = 404;
	filler(res);
	return 0;
}

static int h_cookie(struct web_request *req, struct web_response *res)
{
	ZF_UNUSED(req);
	calls++;
	web_add_header(res, "Set-Cookie", "zf_font=large; Path=/");
	filler(res);
	return 0;
}

static int h_big(struct web_request *req, struct web_response *res)
{
	calls++;
	buf_printf(&res->body, "%s", req->nargs ? req->args[0].value : "");
	for (int i = 0; i < 2500; i++) /* about 100 KB, barely compressible */
		buf_printf(&res->body, "%08x%08x%08x%08x%08x", (unsigned)(i * 2654435761u),
			   (unsigned)(i * 40503u), (unsigned)(i * 2246822519u), (unsigned)i * 7u,
			   (unsigned)(i * 3266489917u));
	return 0;
}

#define C (ROUTE_NEEDS_DB | ROUTE_CACHEABLE)
/* A page that takes a while to make (single flight): counted, then a second: the other
 * visitors of test_single_flight come well within it, even on a loaded machine. */
static _Atomic int slow_calls;

static int h_slow(struct web_request *req, struct web_response *res)
{
	ZF_UNUSED(req);
	slow_calls++;
	struct timespec t = {1, 0};
	nanosleep(&t, NULL);
	buf_adds(&res->body, "<h1>slow</h1>\n");
	filler(res);
	return 0;
}

static int h_slow_missing(struct web_request *req, struct web_response *res)
{
	h_slow(req, res);
	res->status = 404;
	return 0;
}

static const struct route table[] = {
    {WEB_GET, "/page", C, ROLE_PUBLIC, h_page},
    {WEB_GET, "/form", C, ROLE_PUBLIC, h_form},
    {WEB_GET, "/missing", C, ROLE_PUBLIC, h_missing},
    {WEB_GET, "/cookie", C, ROLE_PUBLIC, h_cookie},
    {WEB_GET, "/big", C, ROLE_PUBLIC, h_big},
    {WEB_GET, "/plain", ROUTE_NEEDS_DB, ROLE_PUBLIC, h_page},
    {WEB_GET, "/slow", C, ROLE_PUBLIC, h_slow},
    {WEB_GET, "/slow-missing", C, ROLE_PUBLIC, h_slow_missing},
};

struct exchange {
	struct web_request req;
	struct web_response res;
	struct web_pair headers[4], cookies[4], args[2];
};

static void start(struct exchange *x, const struct web_env *env, const char *path)
{
	memset(x, 0, sizeof(*x));
	x->req.arena = arena_new(0);
	x->req.env = env;
	x->req.method = WEB_GET;
	x->req.method_name = "GET";
	x->req.path = path;
	x->req.headers = x->headers;
	x->req.cookies = x->cookies;
	x->req.args = x->args;
	web_response_init(&x->res, 32u << 20);
}

static void header(struct exchange *x, const char *name, const char *value)
{
	x->headers[x->req.nheaders++] = (struct web_pair){name, value};
}

static void cookie(struct exchange *x, const char *name, const char *value)
{
	x->cookies[x->req.ncookies++] = (struct web_pair){name, value};
}

static void finish(struct exchange *x)
{
	web_response_free(&x->res);
	arena_free(x->req.arena);
}

static const char *header_of(const struct web_response *res, const char *name)
{
	for (size_t i = 0; i < res->nheaders; i++)
		if (strcmp(res->headers[i].name, name) == 0)
			return res->headers[i].value;
	return NULL;
}

static const char *verdict(const struct exchange *x)
{
	const char *v = header_of(&x->res, PAGE_CACHE_HEADER);
	return v ? v : "(none)";
}

static void go(struct exchange *x)
{
	routes_dispatch(table, ARRAY_SIZE(table), &x->req, &x->res);
}

static long long gen_of(struct store *st)
{
	long long g = -1;
	store_site_gen(st, &g);
	return g;
}

static long long publish(struct store *st, const char *title)
{
	struct doc_fields f = {0};
	f.agency_id = 1;
	f.title = title;
	f.summary = "";
	f.body = "正文";
	f.kind = DOC_KIND_NORMATIVE;
	f.written_on = 20000;
	struct buf err = BUF_INIT;
	long long id = 0;
	int rc = store_doc_insert_published(st, &f, 20001, NULL, DOC_VALID, 0, &id, &err);
	if (rc)
		tap_diag("publish: %s", buf_cstr(&err));
	buf_free(&err);
	return rc ? 0 : id;
}

/* ---- the generation ---- */

static bool listed(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

static void test_tables(struct store *st)
{
	struct db_stmt *s;
	const char *sql =
	    store_test_is_pg()
		? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
		  "current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
		: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
		  "'sqlite_%' "
		  "AND name NOT LIKE 'docs_fts%' ORDER BY 1";
	if (db_prepare(st, sql, &s)) {
		tap_ok(false, "list the tables");
		return;
	}
	size_t n = 0, unlisted = 0, untriggered = 0;
	struct arena *a = arena_new(0);
	const char *names[200];
	while (db_step(s) == DB_ROW && n < ARRAY_SIZE(names))
		names[n++] = arena_strdup(a, db_col_text(s, 0));
	db_finish(s);
	for (size_t i = 0; i < n; i++) {
		bool pub = listed(store_site_gen_public, store_site_gen_public_len, names[i]);
		bool priv = listed(store_site_gen_private, store_site_gen_private_len, names[i]) ||
			    strcmp(names[i], "schema_migrations") == 0;
		if (pub == priv) {
			unlisted++;
			tap_diag("table %s is %s", names[i],
				 pub ? "in both lists" : "in neither list");
		}
		if (!pub)
			continue;
		char *q =
		    store_test_is_pg()
			? xasprintf("SELECT count(*) FROM pg_trigger WHERE tgname = "
				    "'site_gen_%s'",
				    names[i])
			: xasprintf("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
				    "AND name LIKE 'site_gen_%s__'",
				    names[i]);
		long long t = store_test_int(st, q);
		free(q);
		if (t != (store_test_is_pg() ? 1 : 3)) {
			untriggered++;
			tap_diag("public table %s has %lld bump triggers", names[i], t);
		}
	}
	tap_ok(n > 60, "the schema has its tables (%zu)", n);
	tap_int((long long)unlisted, 0, "every table is public or private, not both");
	tap_int((long long)untriggered, 0, "every public table bumps the generation");
	for (size_t i = 0; i < store_site_gen_public_len; i++)
		if (!listed(names, n, store_site_gen_public[i]))
			tap_diag("listed table %s does not exist", store_site_gen_public[i]);
	arena_free(a); /* names live in it */
}

static void test_generation(struct store *st)
{
	long long g0 = gen_of(st);
	tap_ok(g0 >= 1, "a generation is there from the start (%lld)", g0);
	tap_ok(publish(st, "关于测试缓存的通知") > 0, "a document is published");
	long long g1 = gen_of(st);
	tap_ok(g1 > g0, "publication moves the generation (%lld → %lld)", g0, g1);

	store_batch_begin(st);
	publish(st, "回滚的文件");
	long long inside = gen_of(st);
	store_batch_rollback(st);
	tap_ok(inside > g1, "inside the transaction the writer sees its bump");
	tap_int(gen_of(st), g1, "a rolled-back publication leaves the generation as it was");

	store_throttle_hit(st, "test", "127.0.0.1", 60, time(NULL), NULL);
	store_audit(st, "tester", "test.private", "", "");
	tap_int(gen_of(st), g1, "throttles and the audit log do not move it");

	long long gov = 0;
	store_agency_add(st, 0, "测试新机关", AGENCY_OTHER, &gov);
	tap_ok(gen_of(st) > g1, "a new agency moves it");
}

/* ---- the cache behind the dispatcher ---- */

static bool gunzip_eq(const char *z, size_t zn, const char *want, size_t n)
{
	z_stream s;
	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
		return false;
	unsigned char *out = xmalloc(n + 64);
	s.next_in = (unsigned char *)z;
	s.avail_in = (uInt)zn;
	s.next_out = out;
	s.avail_out = (uInt)(n + 64);
	bool ok =
	    inflate(&s, Z_FINISH) == Z_STREAM_END && s.total_out == n && memcmp(out, want, n) == 0;
	inflateEnd(&s);
	free(out);
	return ok;
}

static bool unbrotli_eq(const char *z, size_t zn, const char *want, size_t n)
{
	size_t got = n + 64;
	uint8_t *out = xmalloc(got);
	bool ok = BrotliDecoderDecompress(zn, (const uint8_t *)z, &got, out) ==
		      BROTLI_DECODER_RESULT_SUCCESS &&
		  got == n && memcmp(out, want, n) == 0;
	free(out);
	return ok;
}

static void test_cache(struct store *st, const char *target)
{
	struct config cfg;
	config_init(&cfg);
	struct web_env env = {&cfg, store_pool_new(target, 2), NULL};
	struct exchange x;
	page_cache_clear();

	start(&x, &env, "/page");
	go(&x);
	tap_str(verdict(&x), "miss", "first visit: miss");
	tap_int(calls, 1, "the page was made");
	tap_ok(header_of(&x.res, "Set-Cookie") == NULL,
	       "a kept page sets no cookie (the visitor's CSRF cookie is dropped)");
	tap_str(header_of(&x.res, "Cache-Control"), "no-cache", "browsers revalidate");
	const char *etag = arena_strdup(x.req.arena, header_of(&x.res, "ETag"));
	const char *lm = header_of(&x.res, "Last-Modified");
	tap_ok(etag && strlen(etag) == 34 && etag[0] == '"', "a strong ETag (%s)",
	       etag ? etag : "none");
	tap_ok(lm && strstr(lm, " GMT"), "Last-Modified");
	struct buf first = BUF_INIT;
	buf_add(&first, x.res.body.p, x.res.body.len);
	char etag_kept[40];
	snprintf(etag_kept, sizeof(etag_kept), "%s", etag ? etag : "");
	finish(&x);

	start(&x, &env, "/page");
	go(&x);
	tap_str(verdict(&x), "hit", "second visit: hit");
	tap_int(calls, 1, "the page was not made again");
	tap_ok(x.res.body.len == first.len && memcmp(x.res.body.p, first.p, first.len) == 0,
	       "the same bytes");
	finish(&x);

	start(&x, &env, "/page");
	x.req.method = WEB_HEAD;
	go(&x);
	tap_str(verdict(&x), "hit", "HEAD shares the GET's page");
	finish(&x);

	/* conditional requests */
	start(&x, &env, "/page");
	header(&x, "If-None-Match", etag_kept);
	go(&x);
	tap_int(x.res.status, 304, "If-None-Match with the ETag: 304");
	tap_int((long long)x.res.body.len, 0, "with no body");
	tap_str(header_of(&x.res, "ETag"), etag_kept, "and the ETag");
	finish(&x);
	start(&x, &env, "/page");
	header(&x, "If-None-Match", "\"0123\", W/\"abc\"");
	go(&x);
	tap_int(x.res.status, 200, "another ETag: 200");
	finish(&x);
	start(&x, &env, "/page");
	header(&x, "If-Modified-Since", "Fri, 31 Dec 2100 00:00:00 GMT");
	go(&x);
	tap_int(x.res.status, 304, "If-Modified-Since after Last-Modified: 304");
	finish(&x);
	start(&x, &env, "/page");
	header(&x, "If-Modified-Since", "Thu, 01 Jan 2015 00:00:00 GMT");
	go(&x);
	tap_int(x.res.status, 200, "If-Modified-Since before it: 200");
	finish(&x);

	/* encodings */
	start(&x, &env, "/page");
	header(&x, "Accept-Encoding", "gzip, deflate");
	go(&x);
	tap_str(header_of(&x.res, "Content-Encoding"), "gzip", "gzip when asked");
	tap_str(header_of(&x.res, "Vary"), "Accept-Encoding", "Vary: Accept-Encoding");
	tap_ok(gunzip_eq(x.res.body.p, x.res.body.len, first.p, first.len),
	       "the gzip body inflates to the page");
	finish(&x);
	start(&x, &env, "/page");
	header(&x, "Accept-Encoding", "gzip, deflate, br");
	go(&x);
	tap_str(header_of(&x.res, "Content-Encoding"), "br", "brotli first");
	tap_ok(unbrotli_eq(x.res.body.p, x.res.body.len, first.p, first.len),
	       "the brotli body decodes to the page");
	const char *br_etag = header_of(&x.res, "ETag");
	tap_ok(br_etag && strcmp(br_etag, etag_kept) != 0 && strstr(br_etag, "-br\""),
	       "each encoding its own ETag");
	finish(&x);
	start(&x, &env, "/page");
	header(&x, "Accept-Encoding", "br;q=0, gzip;q=0");
	go(&x);
	tap_ok(header_of(&x.res, "Content-Encoding") == NULL && x.res.body.len == first.len &&
		   memcmp(x.res.body.p, first.p, first.len) == 0,
	       "q=0 for both: the identity bytes");
	finish(&x);

	/* who bypasses */
	start(&x, &env, "/page");
	cookie(&x, "zf_sid", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	go(&x);
	tap_str(verdict(&x), "bypass", "a session cookie: bypass");
	tap_int(calls, 2, "its page is made for it");
	tap_ok(header_of(&x.res, "ETag") == NULL, "and has no ETag");
	finish(&x);
	start(&x, &env, "/page");
	cookie(&x, "zf_receipt", "1");
	go(&x);
	tap_str(verdict(&x), "bypass", "any other cookie: bypass");
	finish(&x);
	start(&x, &env, "/page");
	cookie(&x, "zf_csrf", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	go(&x);
	tap_str(verdict(&x), "hit", "the visitor's CSRF cookie alone: hit");
	finish(&x);
	int before = calls;
	start(&x, &env, "/page");
	cookie(&x, "zf_font", "large");
	go(&x);
	tap_str(verdict(&x), "miss", "长者模式 is kept apart: miss");
	tap_ok(calls == before + 1 && strstr(buf_cstr(&x.res.body), "large 1"),
	       "made in large type");
	finish(&x);
	start(&x, &env, "/page");
	go(&x);
	tap_ok(strcmp(verdict(&x), "hit") == 0 && strstr(buf_cstr(&x.res.body), "large 0"),
	       "the standard page is still the standard one");
	finish(&x);

	for (int i = 0; i < 2; i++) {
		start(&x, &env, "/form");
		go(&x);
		tap_str(verdict(&x), "bypass", "a page with a CSRF form: bypass (%d)", i + 1);
		tap_ok(header_of(&x.res, "Set-Cookie") != NULL, "it keeps its visitor cookie");
		finish(&x);
		start(&x, &env, "/missing");
		go(&x);
		tap_ok(x.res.status == 404 && !strcmp(verdict(&x), "bypass"), "a 404: bypass");
		finish(&x);
		start(&x, &env, "/cookie");
		go(&x);
		tap_ok(!strcmp(verdict(&x), "bypass") && header_of(&x.res, "Set-Cookie"),
		       "an answer setting a cookie: bypass, cookie kept");
		finish(&x);
		start(&x, &env, "/plain");
		go(&x);
		tap_str(verdict(&x), "(none)", "a route not marked cacheable: no header");
		finish(&x);
	}

	/* a write through another connection: the next request makes the page again */
	before = calls;
	publish(st, "新发布的文件");
	start(&x, &env, "/page");
	go(&x);
	tap_str(verdict(&x), "miss", "after a publication: miss");
	tap_int(calls, before + 1, "the page was made again");
	finish(&x);
	start(&x, &env, "/page");
	go(&x);
	tap_str(verdict(&x), "hit", "then a hit again");
	finish(&x);

	/* off */
	cfg.page_cache = false;
	before = calls;
	start(&x, &env, "/page");
	go(&x);
	tap_ok(calls == before + 1 && header_of(&x.res, "ETag") == NULL,
	       "page_cache = false: made every time");
	finish(&x);
	cfg.page_cache = true;

	/* the budget: 1 MB, pages of 100 KB under twenty keys */
	page_cache_clear();
	cfg.page_cache_mb = 1;
	for (int i = 0; i < 20; i++) {
		start(&x, &env, "/big");
		x.args[0] = (struct web_pair){"n", arena_printf(x.req.arena, "%d", i)};
		x.req.nargs = 1;
		go(&x);
		finish(&x);
	}
	struct page_cache_stats ps;
	page_cache_stats(&ps);
	tap_ok(ps.bytes <= (1u << 20) && ps.entries >= 5 && ps.entries < 20 && ps.evicted > 0,
	       "the budget holds (%zu pages, %zu bytes, %llu evicted)", ps.entries, ps.bytes,
	       ps.evicted);
	start(&x, &env, "/big");
	x.args[0] = (struct web_pair){"n", "19"};
	x.req.nargs = 1;
	go(&x);
	tap_str(verdict(&x), "hit", "the newest is kept");
	finish(&x);
	start(&x, &env, "/big");
	x.args[0] = (struct web_pair){"n", "0"};
	x.req.nargs = 1;
	go(&x);
	tap_str(verdict(&x), "miss", "the oldest went first");
	finish(&x);

	buf_free(&first);
	store_pool_free(env.db);
	config_free(&cfg);
}

/* ---- header parsing ---- */

static void test_parsers(void)
{
	const char *e = "\"0123456789abcdef0123456789abcdef\"";
	tap_ok(page_cache_etag_match(e, e), "the same tag");
	tap_ok(page_cache_etag_match("*", e), "*");
	tap_ok(page_cache_etag_match(" W/\"x\" , W/\"0123456789abcdef0123456789abcdef-br\"", e),
	       "a list, weak, with the brotli suffix");
	tap_ok(page_cache_etag_match("\"0123456789abcdef0123456789abcdef-gz\"", e), "gzip suffix");
	tap_ok(!page_cache_etag_match("\"0123456789abcdef0123456789abcdef-xx\"", e),
	       "not another suffix");
	tap_ok(!page_cache_etag_match("\"0123456789abcdef0123456789abcde\"", e), "not a prefix");
	tap_ok(!page_cache_etag_match("0123456789abcdef0123456789abcdef", e), "not unquoted");
	tap_ok(!page_cache_etag_match("\"0123456789abcdef0123456789abcdef", e), "not unterminated");
	tap_ok(!page_cache_etag_match("", e) && !page_cache_etag_match(",,, ", e), "not empty");
	tap_ok(!page_cache_etag_match("*x", e), "not *x");

	time_t t = 0;
	tap_ok(page_cache_http_date("Sun, 06 Nov 1994 08:49:37 GMT", &t) == 0 && t == 784111777,
	       "IMF-fixdate");
	tap_ok(page_cache_http_date("Sunday, 06-Nov-94 08:49:37 GMT", &t) == 0 && t == 784111777,
	       "RFC 850");
	tap_ok(page_cache_http_date("Sun Nov  6 08:49:37 1994", &t) == 0 && t == 784111777,
	       "asctime");
	static const char *const bad[] = {"",
					  "yesterday",
					  "Sun, 06 Nov 1994 08:49:37",
					  "Sun, 06 Nov 1994 25:49:37 GMT",
					  "Sun, 06 Foo 1994 08:49:37 GMT",
					  "Sun, 6 Nov 1994 08:49:37 GMT",
					  "Sun, 06 Nov 1994 08:49:37 GMT extra",
					  "Sun Nov  6 08:49:37"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		tap_ok(page_cache_http_date(bad[i], &t) != 0, "refused: \"%s\"", bad[i]);
	char out[30];
	page_cache_format_date(784111777, out);
	tap_str(out, "Sun, 06 Nov 1994 08:49:37 GMT", "formats an IMF-fixdate");
	time_t now = time(NULL);
	page_cache_format_date(now, out);
	tap_ok(page_cache_http_date(out, &t) == 0 && t == now, "and reads it back");
}

struct visitor {
	const struct web_env *env;
	const char *path;
	char verdict[16];
	int status;
	pthread_t thread;
};

static void *visit(void *arg)
{
	struct visitor *v = arg;
	struct exchange x;
	start(&x, v->env, v->path);
	go(&x);
	snprintf(v->verdict, sizeof(v->verdict), "%s", verdict(&x));
	v->status = x.res.status;
	finish(&x);
	return NULL;
}

/* Four visitors at once on a page nobody has kept: it is made once; the other three wait
 * for it and are answered from it. A page that cannot be kept (a 404) sends the waiting
 * ones on to make it themselves, none left hanging. */
static void test_single_flight(const char *target)
{
	struct config cfg;
	config_init(&cfg);
	struct web_env env = {&cfg, store_pool_new(target, 6), NULL};
	static const char *const paths[] = {"/slow", "/slow-missing"};
	for (int p = 0; p < 2; p++) {
		page_cache_clear();
		slow_calls = 0;
		struct page_cache_stats before, after;
		page_cache_stats(&before);
		struct visitor v[4];
		for (int i = 0; i < 4; i++) {
			v[i] = (struct visitor){.env = &env, .path = paths[p]};
			if (pthread_create(&v[i].thread, NULL, visit, &v[i]))
				BUG("pthread_create");
			if (!i) { /* the first one is rendering when the others come */
				struct timespec t = {0, 50 * 1000000L};
				nanosleep(&t, NULL);
			}
		}
		int hits = 0, misses = 0;
		for (int i = 0; i < 4; i++) {
			pthread_join(v[i].thread, NULL);
			hits += !strcmp(v[i].verdict, "hit");
			misses += !strcmp(v[i].verdict, "miss");
		}
		page_cache_stats(&after);
		if (p == 0) {
			tap_int(slow_calls, 1, "four visitors at once: the page was made once");
			tap_ok(misses == 1 && hits == 3,
			       "one miss, three answered from it (%d, %d)", misses, hits);
			tap_ok(after.waits - before.waits >= 1,
			       "the others waited for it instead of making it (%llu waited)",
			       after.waits - before.waits);
		} else {
			bool all404 = true;
			for (int i = 0; i < 4; i++)
				all404 &= v[i].status == 404;
			tap_ok(slow_calls == 4 && all404,
			       "a page that is not kept: each waiting visitor made it after the "
			       "first (%d renders, every answer 404)",
			       (int)slow_calls);
		}
	}
	store_pool_free(env.db);
	config_free(&cfg);
}

int main(void)
{
	test_parsers();
	const char *target = store_test_target("page_cache");
	struct store *st = target ? store_test_open(target) : NULL;
	bool seeded;
	if (!st || demo_seed_agencies(st, &seeded)) {
		tap_ok(false, "a database");
		return tap_done();
	}
	struct buf err = BUF_INIT;
	if (store_doc_settings_set(st, "admin", 1, "000014349", NULL, &err))
		tap_diag("doc settings: %s", buf_cstr(&err));
	buf_free(&err);
	test_tables(st);
	test_generation(st);
	test_cache(st, target);
	test_single_flight(target);
	store_close(st);
	return tap_done();
}
