/* page_cache.c: the public page cache (page_cache.h): a hash table of kept pages under one
 * mutex, with a list in order of last use; the least recently used go first when the pages
 * together pass the byte budget. Bodies are copied into the answer under the lock. */
#include "common.h"
#include "page_cache.h"
#include "arena.h"
#include "compress.h"
#include "ui_shared.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <strings.h>

#define NBUCKETS 4096
/* a page kept only while its day lasts and at most this long: what a page shows by the date
 * alone (a consultation that closed today) is never older than this */
#define MAX_AGE_SECONDS 300
#define MAX_EXTRA	2
/* bodies shorter than this are not compressed, nor longer ones (a large text attachment:
 * brotli at its best would take seconds) */
#define COMPRESS_MIN 256
#define COMPRESS_MAX (512u << 10)

enum { BODY_IDENTITY, BODY_GZIP, BODY_BR, NBODIES };

struct entry {
	struct entry *chain;	     /* the bucket's next */
	struct entry *older, *newer; /* the list by last use */
	uint64_t hash;
	char *key;
	long long gen;
	time_t made;
	long day; /* the site's date it was made on (date_today) */
	char *content_type;
	char etag[36]; /* 32 hex digits of the identity body's hash */
	char last_modified[30];
	struct web_pair extra[MAX_EXTRA]; /* the handler's own headers (Content-Disposition) */
	size_t nextra;
	char *body[NBODIES];
	size_t len[NBODIES];
	size_t bytes;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *buckets[NBUCKETS];
static struct entry *newest, *oldest;
static struct page_cache_stats stats;

/* Renders in progress (a single flight per page): the first miss of a key at a generation
 * renders it; the requests for the same page that arrive meanwhile wait for that page (up
 * to FLIGHT_WAIT_MS) instead of each rendering it too. After a publication the home page of
 * a busy site is then rendered once per server, not once per waiting visitor. */
struct page_cache_flight {
	struct page_cache_flight *next;
	char *key;
	uint64_t hash;
	long long gen;
};
static struct page_cache_flight *flights;
static pthread_cond_t landed = PTHREAD_COND_INITIALIZER;
#define FLIGHT_WAIT_MS 3000

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

/* The site's date at t: Beijing's, as date_today counts it (UTC+8, no daylight saving). */
static long day_of(time_t t)
{
	long long s = (long long)t + 8 * 3600;
	return (long)(s >= 0 ? s / 86400 : (s - 86399) / 86400);
}

/* ---- keys ---- */

static void key_part(struct buf *b, const char *s)
{
	buf_printf(b, "%zu:%s", strlen(s), s);
}

const char *page_cache_key(struct web_request *req)
{
	for (size_t i = 0; i < req->ncookies; i++) {
		const char *n = req->cookies[i].name;
		if (strcmp(n, "zf_csrf") != 0 && strcmp(n, "zf_font") != 0)
			return NULL; /* a session, a receipt, anything we do not know */
	}
	if (web_header(req, "Authorization"))
		return NULL;
	struct buf b = BUF_INIT;
	buf_init(&b, 16384);
	const char *host = web_header(req, "Host");
	const char *proto = web_header(req, "X-Forwarded-Proto"); /* absolute links */
	key_part(&b, host ? host : "");
	key_part(&b, proto ? proto : "");
	key_part(&b, req->path ? req->path : "");
	buf_printf(&b, "%zu", req->nargs);
	for (size_t i = 0; i < req->nargs; i++) {
		key_part(&b, req->args[i].name);
		key_part(&b, req->args[i].value);
	}
	buf_adds(&b, ui_large_font(req) ? "L" : "N");
	const char *key = b.failed ? NULL : arena_strdup(req->arena, buf_cstr(&b));
	buf_free(&b);
	return key;
}

/* ---- the table ---- */

static void unlink_lru(struct entry *e)
{
	if (e->older)
		e->older->newer = e->newer;
	else
		oldest = e->newer;
	if (e->newer)
		e->newer->older = e->older;
	else
		newest = e->older;
	e->older = e->newer = NULL;
}

static void push_newest(struct entry *e)
{
	e->older = newest;
	e->newer = NULL;
	if (newest)
		newest->newer = e;
	else
		oldest = e;
	newest = e;
}

static void entry_free(struct entry *e)
{
	free(e->key);
	free(e->content_type);
	for (size_t i = 0; i < e->nextra; i++) {
		free((char *)e->extra[i].name);
		free((char *)e->extra[i].value);
	}
	for (int i = 0; i < NBODIES; i++)
		free(e->body[i]);
	free(e);
}

/* Takes e out of the table and frees it (lock held). */
static void drop(struct entry *e)
{
	struct entry **p = &buckets[e->hash % NBUCKETS];
	while (*p && *p != e)
		p = &(*p)->chain;
	if (*p)
		*p = e->chain;
	unlink_lru(e);
	stats.entries--;
	stats.bytes -= e->bytes;
	entry_free(e);
}

static struct entry *find(const char *key, uint64_t h)
{
	for (struct entry *e = buckets[h % NBUCKETS]; e; e = e->chain)
		if (e->hash == h && strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

void page_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	while (oldest)
		drop(oldest);
	pthread_mutex_unlock(&lock);
}

void page_cache_stats(struct page_cache_stats *out)
{
	pthread_mutex_lock(&lock);
	*out = stats;
	pthread_mutex_unlock(&lock);
}

/* ---- answering ---- */

static bool not_modified(const struct entry *e, const struct web_request *req)
{
	const char *inm = web_header(req, "If-None-Match");
	if (inm) {
		char quoted[40];
		snprintf(quoted, sizeof(quoted), "\"%s\"", e->etag);
		return page_cache_etag_match(inm, quoted);
	}
	const char *ims = web_header(req, "If-Modified-Since");
	time_t since;
	return ims && page_cache_http_date(ims, &since) == 0 && e->made <= since;
}

/* Fills res from e (lock held). */
static void answer(const struct entry *e, struct web_request *req, struct web_response *res,
		   const char *verdict)
{
	buf_reset(&res->body);
	res->body.failed = false;
	res->nheaders = 0;
	res->status = 200;
	res->content_type = arena_strdup(req->arena, e->content_type);
	enum web_encoding enc =
	    web_encoding_pick(web_header(req, "Accept-Encoding"), e->body[BODY_BR] != NULL,
			      e->body[BODY_GZIP] != NULL);
	int which = enc == WEB_ENC_BR ? BODY_BR : enc == WEB_ENC_GZIP ? BODY_GZIP : BODY_IDENTITY;
	const char *suffix = enc == WEB_ENC_BR ? "-br" : enc == WEB_ENC_GZIP ? "-gz" : "";
	web_add_header(res, "ETag", arena_printf(req->arena, "\"%s%s\"", e->etag, suffix));
	web_add_header(res, "Last-Modified", arena_strdup(req->arena, e->last_modified));
	web_add_header(res, "Cache-Control", "no-cache");
	if (e->body[BODY_GZIP] || e->body[BODY_BR])
		web_add_header(res, "Vary", "Accept-Encoding");
	web_add_header(res, PAGE_CACHE_HEADER, verdict);
	if (not_modified(e, req)) {
		res->status = 304;
		return;
	}
	if (enc != WEB_ENC_IDENTITY)
		web_add_header(res, "Content-Encoding", web_encoding_name(enc));
	for (size_t i = 0; i < e->nextra; i++)
		web_add_header(res, arena_strdup(req->arena, e->extra[i].name),
			       arena_strdup(req->arena, e->extra[i].value));
	buf_add(&res->body, e->body[which], e->len[which]);
}

static bool fresh(const struct entry *e, long long gen, time_t now)
{
	return e->gen == gen && now - e->made < MAX_AGE_SECONDS && now >= e->made &&
	       e->day == day_of(now);
}

static struct page_cache_flight *flight_of(const char *key, uint64_t h, long long gen)
{
	for (struct page_cache_flight *f = flights; f; f = f->next)
		if (f->hash == h && f->gen == gen && !strcmp(f->key, key))
			return f;
	return NULL;
}

/* The kept page of key, fresh at gen, or NULL (a stale one is dropped). Under the lock. */
static struct entry *fresh_entry(const char *key, uint64_t h, long long gen)
{
	struct entry *e = find(key, h);
	if (e && !fresh(e, gen, time(NULL))) {
		stats.stale++;
		drop(e);
		e = NULL;
	}
	return e;
}

bool page_cache_get(const char *key, long long gen, struct web_request *req,
		    struct web_response *res, struct page_cache_flight **flight)
{
	uint64_t h = fnv1a(key);
	*flight = NULL;
	pthread_mutex_lock(&lock);
	struct entry *e = fresh_entry(key, h, gen);
	if (!e && flight_of(key, h, gen)) {
		/* another request is rendering this page: wait for it */
		stats.waits++;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += FLIGHT_WAIT_MS / 1000;
		until.tv_nsec += (long)(FLIGHT_WAIT_MS % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (flight_of(key, h, gen) &&
		       pthread_cond_timedwait(&landed, &lock, &until) == 0)
			;
		e = fresh_entry(key, h, gen);
		if (!e) { /* the render kept nothing, or took too long: render it here */
			stats.misses++;
			pthread_mutex_unlock(&lock);
			return false;
		}
	} else if (!e) {
		stats.misses++;
		struct page_cache_flight *f = calloc(1, sizeof(*f));
		if (f && (f->key = strdup(key))) {
			f->hash = h;
			f->gen = gen;
			f->next = flights;
			flights = f;
			*flight = f;
		} else {
			free(f);
		}
		pthread_mutex_unlock(&lock);
		return false;
	}
	stats.hits++;
	unlink_lru(e);
	push_newest(e);
	answer(e, req, res, "hit");
	pthread_mutex_unlock(&lock);
	return true;
}

void page_cache_land(struct page_cache_flight *flight)
{
	if (!flight)
		return;
	pthread_mutex_lock(&lock);
	for (struct page_cache_flight **p = &flights; *p; p = &(*p)->next)
		if (*p == flight) {
			*p = flight->next;
			break;
		}
	pthread_cond_broadcast(&landed);
	pthread_mutex_unlock(&lock);
	free(flight->key);
	free(flight);
}

static bool is_visitor_cookie(const char *value)
{
	return strncmp(value, "zf_csrf=", 8) == 0;
}

/* Whether res may be kept; the reason it may not goes nowhere (the header says bypass). */
static bool keepable(const struct web_response *res, size_t budget)
{
	if (res->status != 200 || res->body.failed || budget == 0 || res->body.len > budget / 4)
		return false;
	size_t extra = 0;
	for (size_t i = 0; i < res->nheaders; i++) {
		const char *n = res->headers[i].name;
		if (strcasecmp(n, "Set-Cookie") == 0) {
			if (!is_visitor_cookie(res->headers[i].value))
				return false;
		} else if (strcasecmp(n, "Cache-Control") == 0 || strcasecmp(n, "Vary") == 0 ||
			   strcasecmp(n, "Content-Encoding") == 0 || strcasecmp(n, "ETag") == 0 ||
			   strcasecmp(n, "Location") == 0) {
			return false; /* the handler has its own say */
		} else if (++extra > MAX_EXTRA) {
			return false;
		}
	}
	/* a form tied to the visitor (its CSRF token) */
	if (res->body.len && memmem(res->body.p, res->body.len, "_csrf", 5))
		return false;
	return true;
}

static char *dup_bytes(const void *p, size_t n)
{
	char *d = xmalloc(n ? n : 1);
	if (n)
		memcpy(d, p, n);
	return d;
}

static struct entry *make_entry(const char *key, uint64_t h, long long gen,
				const struct web_response *res)
{
	struct entry *e = xmalloc(sizeof(*e));
	memset(e, 0, sizeof(*e));
	e->hash = h;
	e->key = xstrdup(key);
	e->gen = gen;
	e->made = time(NULL);
	e->day = day_of(e->made);
	e->content_type =
	    xstrdup(res->content_type ? res->content_type : "text/html; charset=utf-8");
	page_cache_format_date(e->made, e->last_modified);
	unsigned char digest[16];
	crypto_generichash(digest, sizeof(digest), (const unsigned char *)res->body.p,
			   res->body.len, NULL, 0);
	sodium_bin2hex(e->etag, sizeof(e->etag), digest, sizeof(digest));
	for (size_t i = 0; i < res->nheaders; i++) {
		const char *n = res->headers[i].name;
		if (strcasecmp(n, "Set-Cookie") == 0)
			continue;
		e->extra[e->nextra].name = xstrdup(n);
		e->extra[e->nextra].value = xstrdup(res->headers[i].value);
		e->nextra++;
	}
	e->body[BODY_IDENTITY] = dup_bytes(res->body.p, res->body.len);
	e->len[BODY_IDENTITY] = res->body.len;
	if (res->body.len >= COMPRESS_MIN && res->body.len <= COMPRESS_MAX &&
	    web_compressible(res->content_type)) {
		struct buf gz = BUF_INIT, br = BUF_INIT;
		/* kept only when smaller */
		if (web_gzip(res->body.p, res->body.len, &gz) == 0 && gz.len < res->body.len) {
			e->len[BODY_GZIP] = gz.len;
			e->body[BODY_GZIP] = buf_detach(&gz, NULL);
		}
		if (web_brotli(res->body.p, res->body.len, &br) == 0 && br.len < res->body.len) {
			e->len[BODY_BR] = br.len;
			e->body[BODY_BR] = buf_detach(&br, NULL);
		}
		buf_free(&gz);
		buf_free(&br);
	}
	e->bytes = sizeof(*e) + strlen(key) + e->len[0] + e->len[1] + e->len[2];
	return e;
}

bool page_cache_put(const char *key, long long gen, struct web_request *req,
		    struct web_response *res, size_t budget)
{
	if (!keepable(res, budget)) {
		web_add_header(res, PAGE_CACHE_HEADER, "bypass");
		return false;
	}
	uint64_t h = fnv1a(key);
	/* compressed outside the lock: brotli at its best takes a while */
	struct entry *e = make_entry(key, h, gen, res);
	pthread_mutex_lock(&lock);
	struct entry *old = find(key, h);
	if (old)
		drop(old);
	e->chain = buckets[h % NBUCKETS];
	buckets[h % NBUCKETS] = e;
	push_newest(e);
	stats.entries++;
	stats.bytes += e->bytes;
	while (stats.bytes > budget && oldest && oldest != e) {
		stats.evicted++;
		drop(oldest);
	}
	answer(e, req, res, "miss");
	pthread_mutex_unlock(&lock);
	return true;
}

/* ---- header parsing ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

bool page_cache_etag_match(const char *inm, const char *etag)
{
	if (!inm || !etag)
		return false;
	size_t elen = strlen(etag);
	if (elen < 2 || etag[0] != '"' || etag[elen - 1] != '"')
		return false;
	const char *base = etag + 1;
	size_t blen = elen - 2;
	const char *p = inm;
	for (;;) {
		while (is_space(*p) || *p == ',')
			p++;
		if (!*p)
			return false;
		if (*p == '*') {
			const char *q = p + 1;
			while (is_space(*q))
				q++;
			if (!*q || *q == ',')
				return true;
		}
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p != '"') { /* not an entity tag: skip to the next comma */
			while (*p && *p != ',')
				p++;
			continue;
		}
		const char *open = ++p;
		while (*p && *p != '"')
			p++;
		if (!*p)
			return false; /* unterminated */
		size_t n = (size_t)(p - open);
		p++;
		if (n >= blen && memcmp(open, base, blen) == 0 &&
		    (n == blen || (n == blen + 3 && (memcmp(open + blen, "-gz", 3) == 0 ||
						     memcmp(open + blen, "-br", 3) == 0))))
			return true;
	}
}

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const wdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

static int month_of(const char *s)
{
	for (int i = 0; i < 12; i++)
		if (strncmp(s, months[i], 3) == 0)
			return i;
	return -1;
}

/* Reads n digits at *p. */
static bool digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool clock_of(const char **p, struct tm *tm)
{
	const char *s = *p;
	if (!digits(&s, 2, &tm->tm_hour) || *s++ != ':' || !digits(&s, 2, &tm->tm_min) ||
	    *s++ != ':' || !digits(&s, 2, &tm->tm_sec))
		return false;
	*p = s;
	return tm->tm_hour < 24 && tm->tm_min < 60 && tm->tm_sec < 61;
}

int page_cache_http_date(const char *s, time_t *out)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	if (!s)
		return ZF_EINVAL;
	const char *comma = strchr(s, ',');
	const char *p;
	int mon, year;
	if (comma && comma - s == 3) { /* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
		p = comma + 1;
		if (*p++ != ' ' || !digits(&p, 2, &tm.tm_mday) || *p++ != ' ' ||
		    (mon = month_of(p)) < 0)
			return ZF_EINVAL;
		p += 3;
		if (*p++ != ' ' || !digits(&p, 4, &year) || *p++ != ' ' || !clock_of(&p, &tm) ||
		    strcmp(p, " GMT") != 0)
			return ZF_EINVAL;
	} else if (comma) { /* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
		p = comma + 1;
		if (*p++ != ' ' || !digits(&p, 2, &tm.tm_mday) || *p++ != '-' ||
		    (mon = month_of(p)) < 0)
			return ZF_EINVAL;
		p += 3;
		if (*p++ != '-' || !digits(&p, 2, &year) || *p++ != ' ' || !clock_of(&p, &tm) ||
		    strcmp(p, " GMT") != 0)
			return ZF_EINVAL;
		year += year < 70 ? 2000 : 1900;
	} else { /* asctime: Sun Nov  6 08:49:37 1994 */
		p = s;
		if (strlen(p) < 24 || p[3] != ' ' || (mon = month_of(p + 4)) < 0 || p[7] != ' ')
			return ZF_EINVAL;
		p += 8;
		if (*p == ' ')
			p++;
		const char *d = p;
		while (*p >= '0' && *p <= '9' && p - d < 2)
			p++;
		if (p == d)
			return ZF_EINVAL;
		tm.tm_mday = atoi(d);
		if (*p++ != ' ' || !clock_of(&p, &tm) || *p++ != ' ' || !digits(&p, 4, &year) || *p)
			return ZF_EINVAL;
	}
	if (tm.tm_mday < 1 || tm.tm_mday > 31 || year < 1970 || year > 9999)
		return ZF_EINVAL;
	tm.tm_mon = mon;
	tm.tm_year = year - 1900;
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return ZF_EINVAL;
	*out = t;
	return 0;
}

void page_cache_format_date(time_t t, char out[30])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	char tmp[64];
	int year = tm.tm_year + 1900;
	snprintf(tmp, sizeof(tmp), "%s, %02d %s %04d %02d:%02d:%02d GMT", wdays[tm.tm_wday % 7],
		 tm.tm_mday % 100, months[tm.tm_mon % 12], year < 0 || year > 9999 ? 0 : year,
		 tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100);
	memcpy(out, tmp, 29);
	out[29] = '\0';
}
