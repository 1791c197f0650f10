/* linkcheck.c: external links fetched politely with libcurl's multi interface.
 *
 * Each URL is a job that walks through requests: HEAD first; GET when HEAD is refused
 * (403/405/501) or when the answer is an HTML page whose body must be read (soft 404, spam);
 * redirects are followed by hand, one request at a time, so that every hop keeps the host's
 * interval, loops are seen and a deep link landing on a home page is noticed. Only one request
 * per host is in flight, and two requests to one host start at least host_interval apart;
 * jobs are taken in order, so hosts interleave while one waits. A timeout, 429 or 5xx is
 * retried after Retry-After (at most RETRY_AFTER_MAX) or an exponential back-off. */
#include "common.h"
#include "embedded.h"
#include "ingest/linkcheck.h"
#include "ingest/site_check.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#define RETRY_AFTER_MAX 30.0 /* seconds: a server may not park us longer */
#define HOST_MAX	256

const char *link_verdict_id(enum link_verdict v)
{
	switch (v) {
	case LINK_OK: return "link.ok";
	case LINK_BROKEN: return "link.broken.status";
	case LINK_SOFT404: return "link.broken.soft404";
	case LINK_REDIRECT_HOME: return "link.broken.redirect-home";
	case LINK_LOOP: return "link.broken.loop";
	case LINK_SPAM: return "link.broken.spam";
	case LINK_SKIPPED: return "link.skipped";
	}
	return "";
}

const char *link_verdict_label(enum link_verdict v)
{
	switch (v) {
	case LINK_OK: return "正常";
	case LINK_BROKEN: return "无法访问";
	case LINK_SOFT404: return "内容死链";
	case LINK_REDIRECT_HOME: return "跳转到首页";
	case LINK_LOOP: return "重定向循环";
	case LINK_SPAM: return "外链变异";
	case LINK_SKIPPED: return "未检查";
	}
	return "";
}

enum scan_sev link_verdict_sev(enum link_verdict v)
{
	return v == LINK_SPAM ? SCAN_VETO : SCAN_DEDUCT;
}

void link_opts_default(struct link_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->host_interval = 1.0;
	o->timeout_ms = 15000;
	o->retries = 2;
	o->max_redirects = 10;
	o->max_body = 4u << 20;
	o->user_agent = "Mozilla/5.0 (compatible; zfxxgk-linkcheck/1.0)";
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void curl_init_once(void)
{
	static bool done;
	if (!done) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		done = true;
	}
}

static bool is_http(const char *u)
{
	return !strncasecmp(u, "http://", 7) || !strncasecmp(u, "https://", 8);
}

/* ---- what a page says ---- */

/* Copies src into out (cap bytes), cut at a character boundary. */
static void copy_utf8(char *out, size_t cap, const char *src)
{
	if (!cap)
		return;
	size_t n = strlen(src);
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, src, n);
	out[n] = '\0';
}

/* The text between <tag ...> and </tag> (first one), trimmed, into out. */
static void tag_text(const char *p, size_t n, const char *tag, char *out, size_t cap)
{
	out[0] = '\0';
	size_t tl = strlen(tag);
	for (size_t i = 0; i + tl + 1 < n; i++) {
		if (p[i] != '<' || strncasecmp(p + i + 1, tag, tl) ||
		    (p[i + 1 + tl] != '>' && p[i + 1 + tl] != ' ' && p[i + 1 + tl] != '\t' &&
		     p[i + 1 + tl] != '\n'))
			continue;
		const char *gt = memchr(p + i, '>', n - i);
		if (!gt)
			return;
		size_t s = (size_t)(gt - p) + 1, o = 0;
		bool in_tag = false, space = false;
		for (size_t k = s; k < n && o + 2 < cap; k++) {
			if (p[k] == '<' && k + 2 + tl < n && p[k + 1] == '/' &&
			    !strncasecmp(p + k + 2, tag, tl))
				break;
			if (p[k] == '<') {
				in_tag = true;
				continue;
			}
			if (in_tag) {
				in_tag = p[k] != '>';
				continue;
			}
			if (p[k] == ' ' || p[k] == '\n' || p[k] == '\r' || p[k] == '\t') {
				space = o > 0;
				continue;
			}
			if (space)
				out[o++] = ' ';
			space = false;
			out[o++] = p[k];
		}
		/* do not leave half a UTF-8 character at the end */
		size_t lead = o;
		while (lead > 0 && ((unsigned char)out[lead - 1] & 0xC0) == 0x80)
			lead--;
		if (lead > 0 && (unsigned char)out[lead - 1] >= 0xC0) {
			unsigned char c = (unsigned char)out[lead - 1];
			size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			if (o - (lead - 1) < want)
				o = lead - 1;
		}
		out[o] = '\0';
		return;
	}
}

/* The visible text (outside tags, scripts and styles, white space dropped) into out, up to
 * cap bytes; false when there is more. */
static bool visible_text(const char *p, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	bool in_tag = false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '<') {
			static const char *const skip[] = {"script", "style"};
			for (size_t k = 0; k < ARRAY_SIZE(skip); k++) {
				size_t l = strlen(skip[k]);
				if (i + 1 + l < n && !strncasecmp(p + i + 1, skip[k], l)) {
					char end[16];
					snprintf(end, sizeof(end), "</%s", skip[k]);
					size_t el = strlen(end), j = i + 1;
					while (j + el <= n && strncasecmp(p + j, end, el))
						j++;
					i = j + el <= n ? j : n;
					break;
				}
			}
			in_tag = true;
			continue;
		}
		if (in_tag) {
			in_tag = p[i] != '>';
			continue;
		}
		if (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t')
			continue;
		if (o + 1 >= cap)
			return false;
		out[o++] = p[i];
	}
	out[o] = '\0';
	return true;
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (!strncasecmp(p, needle, nl))
			return true;
	return false;
}

static bool mem_contains_ci(const char *hay, size_t n, const char *needle)
{
	size_t nl = strlen(needle);
	for (size_t i = 0; i + nl <= n; i++)
		if (!strncasecmp(hay + i, needle, nl))
			return true;
	return false;
}

static const char *const notfound_words[] = {
    "404",	 "页面不存在", "找不到",     "您访问的页面", "页面已删除", "无法找到",
    "not found", "网页不存在", "信息不存在", "文章不存在",   "页面未找到",
};

/* A 200 page that says it is not there: in its title or first heading, or anywhere in a
 * short page (under 600 visible bytes). Writes the words that say so. */
bool link_page_missing(const char *body, size_t n, char *what, size_t cap)
{
	char title[256], h1[256];
	tag_text(body, n, "title", title, sizeof(title));
	tag_text(body, n, "h1", h1, sizeof(h1));
	for (size_t k = 0; k < ARRAY_SIZE(notfound_words); k++) {
		const char *w = notfound_words[k];
		if (contains_ci(title, w) || contains_ci(h1, w)) {
			copy_utf8(what, cap, contains_ci(title, w) ? title : h1);
			return true;
		}
	}
	char text[600];
	if (visible_text(body, n, text, sizeof(text)))
		for (size_t k = 0; k < ARRAY_SIZE(notfound_words); k++)
			if (contains_ci(text, notfound_words[k])) {
				copy_utf8(what, cap, notfound_words[k]);
				return true;
			}
	return false;
}

/* The spam vocabulary of text/inject.h (data/embed/spam-vocab.tsv): a brand anywhere in the
 * page, or a title with two markers of which one is a gambling word. */
struct vocab {
	char (*brand)[64];
	size_t nbrand;
	char (*marker)[32];
	size_t nmarker;
};

static void vocab_load(struct vocab *v)
{
	memset(v, 0, sizeof(*v));
	size_t len;
	const char *t = (const char *)embedded_find("spam-vocab.tsv", &len);
	if (!t)
		return;
	size_t lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += t[i] == '\n';
	v->brand = calloc(lines, sizeof(*v->brand));
	v->marker = calloc(lines, sizeof(*v->marker));
	if (!v->brand || !v->marker) {
		free(v->brand), free(v->marker);
		memset(v, 0, sizeof(*v));
		return;
	}
	for (size_t i = 0; i < len;) {
		const char *e = memchr(t + i, '\n', len - i);
		size_t l = e ? (size_t)(e - (t + i)) : len - i;
		const char *line = t + i;
		if (l > 6 && !strncmp(line, "brand\t", 6) && l - 6 < 64)
			memcpy(v->brand[v->nbrand++], line + 6, l - 6);
		else if (l > 7 && !strncmp(line, "marker\t", 7) && l - 7 < 32)
			memcpy(v->marker[v->nmarker++], line + 7, l - 7);
		i += l + 1;
	}
}

static void vocab_free(struct vocab *v)
{
	free(v->brand);
	free(v->marker);
}

static bool vocab_spam(const struct vocab *v, const char *body, size_t n, char *what, size_t cap)
{
	for (size_t k = 0; k < v->nbrand; k++)
		if (v->brand[k][0] && mem_contains_ci(body, n, v->brand[k])) {
			copy_utf8(what, cap, v->brand[k]);
			return true;
		}
	char title[256];
	tag_text(body, n, "title", title, sizeof(title));
	size_t hits = 0;
	bool gambling = false;
	for (size_t k = 0; k < v->nmarker; k++)
		if (v->marker[k][0] && contains_ci(title, v->marker[k])) {
			hits++;
			gambling |= !strcmp(v->marker[k], "博彩") || !strcmp(v->marker[k], "赌") ||
				    !strcmp(v->marker[k], "棋牌") || !strcmp(v->marker[k], "彩票");
		}
	if (hits >= 2 && gambling) {
		copy_utf8(what, cap, title);
		return true;
	}
	return false;
}

/* Spam findings of the site checker on the page, when there is one. */
static bool checker_spam(struct site_checker *c, const char *url, const char *body, size_t n,
			 char *what, size_t cap)
{
	if (!c)
		return false;
	struct site_findings f;
	site_findings_init(&f);
	struct site_place place = {.url = url};
	bool spam = false;
	if (site_check_html(c, &place, body, n, &f) == 0)
		for (size_t i = 0; i < f.n && !spam; i++)
			if (!strncmp(f.v[i].category, "spam", 4)) {
				copy_utf8(what, cap, f.v[i].snippet);
				spam = true;
			}
	site_findings_free(&f);
	return spam;
}

/* ---- URLs ---- */

/* Lower-case host[:port] of a URL into out; false when it has none. */
static bool url_host(const char *url, char *out, size_t cap)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL;
	bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK;
	if (ok) {
		curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
		snprintf(out, cap, "%s:%s", host, port ? port : "");
		for (char *p = out; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return ok;
}

/* The path of a URL ("/" when empty), into out. */
static void url_path(const char *url, char *out, size_t cap)
{
	CURLU *u = curl_url();
	char *path = NULL, *query = NULL;
	out[0] = '\0';
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_PATH, &path, 0);
		curl_url_get(u, CURLUPART_QUERY, &query, 0);
		snprintf(out, cap, "%s%s%s", path && *path ? path : "/", query ? "?" : "",
			 query ? query : "");
	}
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
}

static bool home_path(const char *p)
{
	static const char *const home[] = {
	    "/",	  "/index.html", "/index.htm",	 "/index.shtml",
	    "/index.php", "/index.jsp",	 "/default.aspx"};
	for (size_t k = 0; k < ARRAY_SIZE(home); k++)
		if (!strcasecmp(p, home[k]))
			return true;
	return false;
}

/* The host name without a leading "www." and without the port. */
static void bare_host(const char *hostport, char *out, size_t cap)
{
	const char *h = strncmp(hostport, "www.", 4) ? hostport : hostport + 4;
	snprintf(out, cap, "%s", h);
	char *colon = strrchr(out, ':');
	if (colon)
		*colon = '\0';
}

/* ---- one transfer ---- */

struct transfer {
	struct buf body;
	size_t cap;
	bool capped;
	bool internal; /* a connection to an internal address was refused (public_only) */
	char ctype[128];
};

static bool v4_internal(uint32_t a) /* host order */
{
	return (a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
	       (a & 0xffc00000u) == 0x64400000u || /* 100.64/10 */
	       (a & 0xffff0000u) == 0xa9fe0000u || /* 169.254/16 */
	       (a & 0xfff00000u) == 0xac100000u || /* 172.16/12 */
	       (a & 0xffff0000u) == 0xc0a80000u || /* 192.168/16 */
	       (a & 0xffffff00u) == 0xc0000000u || /* 192.0.0/24 */
	       (a & 0xfffe0000u) == 0xc6120000u || /* 198.18/15 */
	       (a >> 28) >= 0xe;		   /* multicast, reserved, broadcast */
}

bool link_addr_internal(const struct sockaddr *sa)
{
	if (!sa)
		return true;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		return v4_internal(ntohl(in->sin_addr.s_addr));
	}
	if (sa->sa_family != AF_INET6)
		return true;
	const unsigned char *b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
	static const unsigned char zero[10];
	if (memcmp(b, zero, 10) == 0 && ((b[10] == 0xff && b[11] == 0xff) || (!b[10] && !b[11]))) {
		/* ::ffff:a.b.c.d and the old ::a.b.c.d (:: and ::1 among them) */
		uint32_t a =
		    (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15];
		return v4_internal(a);
	}
	return (b[0] & 0xfe) == 0xfc ||			  /* fc00::/7 unique local */
	       (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || /* fe80::/10 link-local */
	       (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) || /* fec0::/10 site-local */
	       b[0] == 0xff ||				  /* multicast */
	       (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) || /* doc */
	       (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b);	 /* NAT64 */
}

/* CURLOPT_OPENSOCKETFUNCTION under public_only: every address curl connects to, after DNS
 * and after each redirect, passes here first. */
static curl_socket_t open_public(void *ctx, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct transfer *t = ctx;
	if (purpose != CURLSOCKTYPE_IPCXN || link_addr_internal(&a->addr)) {
		t->internal = true;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ctx)
{
	struct transfer *t = ctx;
	size_t n = size * nmemb;
	if (t->body.len + n > t->cap) {
		t->capped = true;
		return 0; /* aborts the transfer: we have read what we will read */
	}
	if (buf_add(&t->body, p, n) != 0)
		return 0;
	return n;
}

static CURL *easy_new(const char *url, const struct link_opts *o, bool head, struct transfer *t)
{
	CURL *e = curl_easy_init();
	if (!e)
		return NULL;
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : "zfxxgk-linkcheck");
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_NOBODY, head ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
	return e;
}

static void transfer_reset(struct transfer *t, size_t cap)
{
	buf_reset(&t->body);
	t->cap = cap;
	t->capped = false;
	t->internal = false;
	t->ctype[0] = '\0';
}

static bool html_type(const char *ct)
{
	return !*ct || contains_ci(ct, "html") || contains_ci(ct, "text/plain");
}

static const char *status_label(long s)
{
	switch (s) {
	case 400: return "请求无效";
	case 401: return "需要登录";
	case 403: return "禁止访问";
	case 404: return "页面不存在";
	case 410: return "页面已永久删除";
	case 429: return "请求过多，被限流";
	case 500: return "服务器内部错误";
	case 502: return "网关错误";
	case 503: return "服务暂不可用";
	case 504: return "网关超时";
	}
	return s >= 500 ? "服务器错误" : s >= 400 ? "请求被拒绝" : "意外的状态";
}

/* ---- the jobs ---- */

struct host {
	char name[HOST_MAX];
	double last; /* when its last request started; < 0: never */
	bool busy;
};

struct job {
	struct link_result *res;
	char *cur;   /* the URL of the next request (owned) */
	char **seen; /* URLs visited, for loops (owned) */
	int nseen;
	bool get;
	int attempt;
	double ready;
	bool done;
	CURL *easy; /* in flight */
	int host;
	struct transfer t;
};

struct run {
	const struct link_opts *o;
	struct job *jobs;
	size_t n, left;
	struct host *hosts;
	size_t nhosts;
	struct vocab vocab;
	bool nomem;
};

static void finish(struct run *r, struct job *j, enum link_verdict v, const char *id,
		   const char *fmt, ...) ZF_PRINTF(5, 6);
static void finish(struct run *r, struct job *j, enum link_verdict v, const char *id,
		   const char *fmt, ...)
{
	struct link_result *res = j->res;
	res->verdict = v;
	res->id = id ? id : link_verdict_id(v);
	struct buf why = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&why, fmt, ap);
	va_end(ap);
	if (j->attempt > 0 && v != LINK_OK)
		buf_printf(&why, "（已重试%d次）", j->attempt);
	free(res->why);
	res->why = buf_detach(&why, NULL);
	if (!res->why)
		r->nomem = true;
	free(res->final_url);
	res->final_url = strdup(j->cur ? j->cur : res->url);
	if (!res->final_url)
		r->nomem = true;
	j->done = true;
	r->left--;
	if (r->o->progress)
		r->o->progress(r->o->progress_ctx, r->n - r->left, r->n);
}

static int host_index(struct run *r, const char *url)
{
	char name[HOST_MAX];
	if (!url_host(url, name, sizeof(name)))
		return -1;
	for (size_t i = 0; i < r->nhosts; i++)
		if (!strcmp(r->hosts[i].name, name))
			return (int)i;
	/* r->hosts has room for one host per job plus redirects: grown here */
	struct host *nh = realloc(r->hosts, (r->nhosts + 1) * sizeof(*nh));
	if (!nh) {
		r->nomem = true;
		return -1;
	}
	r->hosts = nh;
	snprintf(r->hosts[r->nhosts].name, HOST_MAX, "%s", name);
	r->hosts[r->nhosts].last = -1e9;
	r->hosts[r->nhosts].busy = false;
	return (int)r->nhosts++;
}

static double backoff(const struct run *r, int attempt, double retry_after)
{
	if (retry_after > 0)
		return retry_after < RETRY_AFTER_MAX ? retry_after : RETRY_AFTER_MAX;
	double base = r->o->host_interval > 0.5 ? r->o->host_interval : 0.5;
	double d = base * (double)(1 << (attempt < 6 ? attempt : 6));
	return d < RETRY_AFTER_MAX ? d : RETRY_AFTER_MAX;
}

static bool retry(struct run *r, struct job *j, double retry_after)
{
	if (j->attempt >= r->o->retries)
		return false;
	j->attempt++;
	j->ready = now_s() + backoff(r, j->attempt, retry_after);
	return true;
}

/* The page read by GET: spam, soft 404, a home page reached from a deep link, or fine. */
static void judge_page(struct run *r, struct job *j)
{
	const char *b = j->t.body.p ? j->t.body.p : "";
	size_t n = j->t.body.len;
	char what[256];
	if (checker_spam(r->o->checker, j->cur, b, n, what, sizeof(what)) ||
	    vocab_spam(&r->vocab, b, n, what, sizeof(what))) {
		finish(r, j, LINK_SPAM, NULL,
		       "链接目标现为赌博或色情页面（出现“%s”），疑似域名被抢注", what);
		return;
	}
	if (link_page_missing(b, n, what, sizeof(what))) {
		finish(r, j, LINK_SOFT404, NULL, "页面返回200，但内容显示“%s”", what);
		return;
	}
	char p0[1024], p1[1024], h0[HOST_MAX], h1[HOST_MAX], b0[HOST_MAX], b1[HOST_MAX];
	url_path(j->res->url, p0, sizeof(p0));
	url_path(j->cur, p1, sizeof(p1));
	if (j->res->redirects > 0 && !home_path(p0) && home_path(p1) &&
	    url_host(j->res->url, h0, sizeof(h0)) && url_host(j->cur, h1, sizeof(h1))) {
		bare_host(h0, b0, sizeof(b0));
		bare_host(h1, b1, sizeof(b1));
		if (!strcmp(b0, b1)) {
			finish(r, j, LINK_REDIRECT_HOME, NULL, "深层链接被重定向到网站首页 %s",
			       j->cur);
			return;
		}
	}
	finish(r, j, LINK_OK, NULL, "正常（%ld）", j->res->status);
}

static void on_redirect(struct run *r, struct job *j, const char *to)
{
	if (!to || !*to) {
		finish(r, j, LINK_BROKEN, NULL, "服务器返回%ld重定向，但没有给出目标地址",
		       j->res->status);
		return;
	}
	if (!is_http(to)) {
		finish(r, j, LINK_BROKEN, NULL, "重定向到不是http或https的地址：%s", to);
		return;
	}
	for (int k = 0; k < j->nseen; k++)
		if (!strcmp(j->seen[k], to)) {
			finish(r, j, LINK_LOOP, NULL, "重定向形成循环（第%d次跳转回到 %s）",
			       j->res->redirects + 1, to);
			return;
		}
	if (j->res->redirects >= r->o->max_redirects) {
		finish(r, j, LINK_LOOP, NULL, "重定向超过%d次仍未结束", r->o->max_redirects);
		return;
	}
	char *nu = strdup(to);
	char **ns = realloc(j->seen, (size_t)(j->nseen + 1) * sizeof(*ns));
	if (!nu || !ns) {
		free(nu);
		if (ns)
			j->seen = ns;
		r->nomem = true;
		finish(r, j, LINK_BROKEN, NULL, "内存不足");
		return;
	}
	j->seen = ns;
	j->seen[j->nseen++] = nu;
	free(j->cur);
	j->cur = strdup(to);
	if (!j->cur) {
		r->nomem = true;
		finish(r, j, LINK_BROKEN, NULL, "内存不足");
		return;
	}
	j->res->redirects++;
	j->ready = now_s();
}

static void on_error(struct run *r, struct job *j, CURLcode rc)
{
	const double secs = (double)r->o->timeout_ms / 1000.0;
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		finish(r, j, LINK_BROKEN, "link.broken.dns", "域名无法解析");
		return;
	case CURLE_COULDNT_CONNECT:
		finish(r, j, LINK_BROKEN, "link.broken.connect", "无法连接服务器（连接被拒绝）");
		return;
	case CURLE_OPERATION_TIMEDOUT:
		if (!retry(r, j, 0))
			finish(r, j, LINK_BROKEN, "link.broken.timeout", "超过%.0f秒仍未打开",
			       secs);
		return;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
		finish(r, j, LINK_BROKEN, "link.broken.tls", "加密连接（证书）错误：%s",
		       curl_easy_strerror(rc));
		return;
	case CURLE_UNSUPPORTED_PROTOCOL:
		finish(r, j, LINK_SKIPPED, NULL, "不是http或https链接");
		return;
	default:
		if (!retry(r, j, 0))
			finish(r, j, LINK_BROKEN, "link.broken.reset", "连接中断：%s",
			       curl_easy_strerror(rc));
		return;
	}
}

static void on_done(struct run *r, struct job *j, CURLcode rc)
{
	CURL *e = j->easy;
	long status = 0;
	curl_off_t ra = 0;
	char *ct = NULL, *loc = NULL;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(e, CURLINFO_RETRY_AFTER, &ra);
	curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct);
	curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &loc);
	snprintf(j->t.ctype, sizeof(j->t.ctype), "%s", ct ? ct : "");
	char *to = loc ? strdup(loc) : NULL;
	curl_easy_cleanup(e);
	j->easy = NULL;
	r->hosts[j->host].busy = false;

	if (rc == CURLE_WRITE_ERROR && j->t.capped)
		rc = CURLE_OK; /* the body cap: we read what we need */
	if (rc != CURLE_OK) {
		on_error(r, j, rc);
		free(to);
		return;
	}
	j->res->status = status;
	if (!j->get && (status == 403 || status == 405 || status == 501 || status == 400)) {
		j->get = true; /* HEAD refused: ask again with GET */
		j->ready = now_s();
	} else if (status >= 300 && status < 400 && status != 304) {
		on_redirect(r, j, to);
	} else if (status == 429 || status >= 500) {
		if (!retry(r, j, (double)ra))
			finish(r, j, LINK_BROKEN, NULL, "服务器返回%ld（%s）", status,
			       status_label(status));
	} else if (status >= 400) {
		finish(r, j, LINK_BROKEN, NULL, "服务器返回%ld（%s）", status,
		       status_label(status));
	} else if (status >= 200 && status < 300) {
		if (!j->get && html_type(j->t.ctype)) {
			j->get = true; /* the page must be read for soft 404 and spam */
			j->ready = now_s();
		} else if (j->get) {
			judge_page(r, j);
		} else {
			finish(r, j, LINK_OK, NULL, "正常（%ld，%s）", status, j->t.ctype);
		}
	} else {
		finish(r, j, LINK_BROKEN, NULL, "服务器返回意外的状态%ld", status);
	}
	free(to);
}

static bool start(struct run *r, CURLM *m, struct job *j)
{
	transfer_reset(&j->t, j->get ? r->o->max_body : 0);
	j->easy = easy_new(j->cur, r->o, !j->get, &j->t);
	if (!j->easy) {
		r->nomem = true;
		finish(r, j, LINK_BROKEN, NULL, "内存不足");
		return false;
	}
	curl_easy_setopt(j->easy, CURLOPT_PRIVATE, j);
	if (curl_multi_add_handle(m, j->easy) != CURLM_OK) {
		curl_easy_cleanup(j->easy);
		j->easy = NULL;
		finish(r, j, LINK_BROKEN, NULL, "无法发起请求");
		return false;
	}
	j->res->requests++;
	return true;
}

static void run_jobs(struct run *r, CURLM *m)
{
	while (r->left > 0) {
		double now = now_s(), wake = now + 0.2;
		for (size_t i = 0; i < r->n; i++) {
			struct job *j = &r->jobs[i];
			if (j->done || j->easy)
				continue;
			if (j->host < 0) {
				j->host = host_index(r, j->cur);
				if (j->host < 0) {
					finish(r, j, LINK_BROKEN, NULL, "网址无法解析：%s", j->cur);
					continue;
				}
			}
			struct host *h = &r->hosts[j->host];
			double at = j->ready > h->last + r->o->host_interval
					? j->ready
					: h->last + r->o->host_interval;
			if (h->busy)
				continue;
			if (at > now) {
				if (at < wake)
					wake = at;
				continue;
			}
			h->busy = true;
			h->last = now;
			if (!start(r, m, j))
				h->busy = false;
		}
		int running = 0;
		curl_multi_perform(m, &running);
		CURLMsg *msg;
		int q;
		while ((msg = curl_multi_info_read(m, &q))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct job *j = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			CURLcode rc = msg->data.result;
			curl_multi_remove_handle(m, msg->easy_handle);
			on_done(r, j, rc);
			/* the next request of this job goes to the host of its current URL */
			if (!j->done)
				j->host = host_index(r, j->cur);
			wake = now_s();
		}
		double wait = wake - now_s();
		int ms = wait <= 0 ? 0 : wait > 0.2 ? 200 : (int)(wait * 1000.0) + 1;
		if (ms > 0)
			curl_multi_poll(m, NULL, 0, ms, NULL);
	}
}

int link_check(const char *const *urls, size_t n, const struct link_opts *o,
	       struct link_result *out)
{
	struct link_opts def;
	if (!o) {
		link_opts_default(&def);
		o = &def;
	}
	curl_init_once();
	memset(out, 0, n * sizeof(*out));
	struct run r = {.o = o, .n = n, .left = n};
	r.jobs = calloc(n ? n : 1, sizeof(*r.jobs));
	CURLM *m = curl_multi_init();
	if (!r.jobs || !m) {
		free(r.jobs);
		curl_multi_cleanup(m);
		return ZF_ENOMEM;
	}
	vocab_load(&r.vocab);
	for (size_t i = 0; i < n; i++) {
		struct job *j = &r.jobs[i];
		j->res = &out[i];
		j->host = -1;
		out[i].url = strdup(urls[i]);
		j->cur = strdup(urls[i]);
		j->seen = malloc(sizeof(*j->seen));
		if (!out[i].url || !j->cur || !j->seen) {
			r.nomem = true;
			finish(&r, j, LINK_BROKEN, NULL, "内存不足");
			continue;
		}
		j->seen[j->nseen++] = strdup(urls[i]);
		if (!is_http(urls[i]))
			finish(&r, j, LINK_SKIPPED, NULL, "不是http或https链接，未检查");
		else if ((j->host = host_index(&r, urls[i])) < 0)
			finish(&r, j, LINK_BROKEN, "link.broken.dns", "网址无法解析");
	}
	run_jobs(&r, m);
	for (size_t i = 0; i < n; i++) {
		struct job *j = &r.jobs[i];
		for (int k = 0; k < j->nseen; k++)
			free(j->seen[k]);
		free(j->seen);
		free(j->cur);
		buf_free(&j->t.body);
	}
	vocab_free(&r.vocab);
	free(r.hosts);
	free(r.jobs);
	curl_multi_cleanup(m);
	return r.nomem ? ZF_ENOMEM : 0;
}

void link_results_free(struct link_result *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++) {
		free(r[i].url);
		free(r[i].final_url);
		free(r[i].why);
	}
}

int link_fetch(const char *url, const struct link_opts *o, struct buf *body, struct buf *final_url,
	       struct buf *content_type, long *status, struct buf *err)
{
	struct link_opts def;
	if (!o) {
		link_opts_default(&def);
		o = &def;
	}
	curl_init_once();
	if (!is_http(url)) {
		if (err)
			buf_setf(err, "只能读取http或https网址：%s", url);
		return ZF_EIO;
	}
	struct transfer t = {.body = BUF_INIT};
	int rc = ZF_EIO;
	for (int attempt = 0;; attempt++) {
		transfer_reset(&t, o->max_body);
		CURL *e = easy_new(url, o, false, &t);
		if (!e) {
			rc = ZF_ENOMEM;
			break;
		}
		curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
		if (o->public_only) {
			curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_public);
			curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &t);
			curl_easy_setopt(e, CURLOPT_PROXY, ""); /* no proxy from the environment */
		}
		curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)o->max_redirects);
		curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
		CURLcode cc = curl_easy_perform(e);
		long st = 0;
		curl_off_t ra = 0;
		char *eff = NULL, *ct = NULL;
		curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &st);
		curl_easy_getinfo(e, CURLINFO_RETRY_AFTER, &ra);
		curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff);
		curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct);
		if (status)
			*status = st;
		if (final_url) {
			buf_reset(final_url);
			buf_adds(final_url, eff ? eff : url);
		}
		if (content_type) {
			buf_reset(content_type);
			buf_adds(content_type, ct ? ct : "");
		}
		curl_easy_cleanup(e);
		bool again = attempt < o->retries && (cc == CURLE_OPERATION_TIMEDOUT ||
						      (cc == CURLE_OK && (st == 429 || st >= 500)));
		if (again) {
			struct run r0 = {.o = o};
			double d = backoff(&r0, attempt + 1, (double)ra);
			struct timespec ts = {.tv_sec = (time_t)d,
					      .tv_nsec = (long)((d - (double)(time_t)d) * 1e9)};
			nanosleep(&ts, NULL);
			continue;
		}
		if (t.internal) {
			if (err)
				buf_setf(err, "该网址指向本机或内部网络，出于安全考虑不予读取：%s",
					 url);
			rc = ZF_EPERM;
		} else if (cc == CURLE_WRITE_ERROR && t.capped) {
			if (err)
				buf_setf(err, "网页超过%zu字节的上限：%s", o->max_body, url);
			rc = ZF_ETOOBIG;
		} else if (cc == CURLE_TOO_MANY_REDIRECTS) {
			if (err)
				buf_setf(err, "重定向超过%d次：%s", o->max_redirects, url);
		} else if (cc == CURLE_OPERATION_TIMEDOUT) {
			if (err)
				buf_setf(err, "超过%.0f秒仍未打开：%s",
					 (double)o->timeout_ms / 1000.0, url);
		} else if (cc != CURLE_OK) {
			if (err)
				buf_setf(err, "无法读取 %s：%s", url, curl_easy_strerror(cc));
		} else if (st >= 400) {
			if (err)
				buf_setf(err, "服务器返回%ld（%s）：%s", st, status_label(st), url);
		} else {
			rc = 0;
		}
		break;
	}
	if (rc == 0 && body) {
		buf_reset(body);
		if (buf_add(body, t.body.p ? t.body.p : "", t.body.len) != 0)
			rc = ZF_ENOMEM;
	}
	buf_free(&t.body);
	return rc;
}
