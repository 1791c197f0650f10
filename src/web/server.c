/* server.c: libmicrohttpd adapter. MHD calls the access handler several times per request
 * (headers, body chunks, end); this file turns that into one struct web_request, calls the
 * dispatcher once, and sends its struct web_response. */
#include "common.h"
#include "server.h"
#include "proxy.h"
#include "arena.h"
#include "config.h"
#include "form.h"
#include "log.h"
#include "ui_shared.h"
#include "utf8.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define REQUEST_ARENA_CAP (64u << 20)
#define RESPONSE_CAP	  (32u << 20)
#define DRAIN_SECONDS	  3
/* MHD keeps a request's head in one pool per connection; a head larger than the pool gets
 * MHD's own English page. The pool (MHD's default is 32 KB) is made larger than the limits
 * below, so that a head somewhat over them reaches on_request and gets a Chinese 431 or 414
 * instead; only a head over the pool itself still gets MHD's page (nginx in front refuses
 * those first). Every open connection may hold a pool: 64 KB × max_conn at worst. */
#define CONN_MEMORY  (64u << 10)
#define HEAD_MAX     (16u << 10) /* bytes of header fields at most */
#define HEADERS_MAX  100	 /* header fields at most */
#define URL_MAX	     (8u << 10)	 /* bytes of request target at most */
#define ARGS_MAX     500	 /* query arguments at most */
#define TICK_SECONDS 1

/* No inline script or style anywhere: pages get their CSS from /static. */
static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
			  "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
			  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

static const struct web_pair security_headers[] = {
    {"Content-Security-Policy", csp},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};

/* One per open connection (MHD's socket context), on the server's watch list: the ticker
 * cuts a connection whose current request has been arriving for longer than
 * request_deadline. MHD's own timeout counts only idle time, so a client that sends a header
 * line every few seconds would keep its slot forever. */
struct watch {
	struct watch *prev, *next;
	int fd;
	struct timespec since; /* when the current request began to arrive */
	bool answering;	       /* a response is queued: a slow download is never cut */
	bool cut;
};

struct server {
	struct MHD_Daemon *daemon;
	const struct web_env *env;
	web_dispatch_fn *dispatch;
	size_t max_body;
	int port;
	long deadline;	      /* seconds */
	pthread_mutex_t lock; /* guards the watch list, stopping and cut */
	pthread_cond_t wake;
	pthread_t ticker;
	bool ticking, stopping;
	struct watch *watched;
	unsigned long cut;
	char deadline_answer[512]; /* the whole 408 response, head and deadline_page */
};

/* One per request, allocated from the request's own arena. */
struct exchange {
	struct server *srv;
	struct arena *arena;
	struct web_request req;
	struct buf body;
	struct timespec start;
	const char *raw_url; /* request target as sent, before MHD decoded it */
	bool too_many_args;  /* the target had more than ARGS_MAX arguments (on_uri) */
	bool started;	     /* on_request has seen the head */
	bool too_big;
	int status;
	size_t bytes;
};

const char *web_arg(const struct web_request *req, const char *name)
{
	for (size_t i = 0; i < req->nargs; i++)
		if (strcmp(req->args[i].name, name) == 0)
			return req->args[i].value;
	return NULL;
}

const char *web_header(const struct web_request *req, const char *name)
{
	for (size_t i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	return NULL;
}

const char *web_cookie(const struct web_request *req, const char *name)
{
	for (size_t i = 0; i < req->ncookies; i++)
		if (strcmp(req->cookies[i].name, name) == 0)
			return req->cookies[i].value;
	return NULL;
}

const char *web_form(const struct web_request *req, const char *name)
{
	for (size_t i = 0; i < req->nform; i++)
		if (strcmp(req->form[i].name, name) == 0)
			return req->form[i].value;
	return NULL;
}

int web_add_header(struct web_response *res, const char *name, const char *value)
{
	if (res->nheaders >= WEB_MAX_HEADERS)
		return ZF_ETOOBIG;
	res->headers[res->nheaders++] = (struct web_pair){name, value};
	return 0;
}

void web_response_init(struct web_response *res, size_t cap)
{
	memset(res, 0, sizeof(*res));
	res->status = 200;
	buf_init(&res->body, cap);
}

void web_response_free(struct web_response *res)
{
	buf_free(&res->body);
}

static enum web_method parse_method(const char *m)
{
	static const char *const names[] = {
	    [WEB_GET] = "GET", [WEB_HEAD] = "HEAD",	[WEB_POST] = "POST",
	    [WEB_PUT] = "PUT", [WEB_DELETE] = "DELETE", [WEB_OPTIONS] = "OPTIONS",
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i] && strcmp(names[i], m) == 0)
			return (enum web_method)i;
	return WEB_OTHER;
}

struct collect {
	struct exchange *ex;
	struct web_pair *pairs;
	size_t n, max;
	bool strict; /* invalid text fails the request instead of being dropped */
	bool bad;
};

static enum MHD_Result collect_pair(void *cls, enum MHD_ValueKind kind, const char *key,
				    size_t key_size, const char *value, size_t value_size)
{
	ZF_UNUSED(kind);
	struct collect *c = cls;
	if (!value) {
		value = "";
		value_size = 0;
	}
	/* NUL inside a decoded argument, or bytes that are not UTF-8 */
	if (!key || strlen(key) != key_size || strlen(value) != value_size ||
	    !utf8_valid(key, key_size) || !utf8_valid(value, value_size)) {
		if (c->strict)
			c->bad = true;
		return MHD_YES;
	}
	if (c->n >= c->max)
		return MHD_NO;
	c->pairs[c->n].name = arena_strndup(c->ex->arena, key, key_size);
	c->pairs[c->n].value = arena_strndup(c->ex->arena, value, value_size);
	if (!c->pairs[c->n].name || !c->pairs[c->n].value) {
		c->bad = true;
		return MHD_NO;
	}
	c->n++;
	return MHD_YES;
}

/* Copies one kind of connection values into the arena. Returns false for bad input. */
static bool collect(struct exchange *ex, struct MHD_Connection *conn, enum MHD_ValueKind kind,
		    bool strict, struct web_pair **out, size_t *n)
{
	int total = MHD_get_connection_values(conn, kind, NULL, NULL);
	*out = NULL;
	*n = 0;
	if (total <= 0)
		return true;
	struct collect c = {ex, NULL, 0, (size_t)total, strict, false};
	c.pairs = arena_alloc(ex->arena, (size_t)total * sizeof(*c.pairs));
	if (!c.pairs)
		return false;
	MHD_get_connection_values_n(conn, kind, collect_pair, &c);
	*out = c.pairs;
	*n = c.n;
	return !c.bad;
}

/* Fills everything but the body, on the first call (all headers are in by then). */
static bool fill_request(struct exchange *ex, struct MHD_Connection *conn, const char *url,
			 const char *method)
{
	struct web_request *req = &ex->req;
	req->method = parse_method(method);
	req->method_name = arena_strdup(ex->arena, method);
	bool ok = url[0] == '/' && utf8_valid(url, strlen(url));
	req->path = arena_strdup(ex->arena, ok ? url : "/");
	if (!req->method_name || !req->path)
		return false;
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		char ip[INET6_ADDRSTRLEN] = "";
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
				  &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip,
				  sizeof(ip));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip,
				  sizeof(ip));
		if (ip[0])
			req->peer_ip = arena_strdup(ex->arena, ip);
	}
	ok &= collect(ex, conn, MHD_GET_ARGUMENT_KIND, true, &req->args, &req->nargs);
	ok &= collect(ex, conn, MHD_HEADER_KIND, false, &req->headers, &req->nheaders);
	ok &= collect(ex, conn, MHD_COOKIE_KIND, false, &req->cookies, &req->ncookies);
	web_proxy_client(ex->req.env->config, req->peer_ip, web_header(req, "X-Forwarded-For"),
			 web_header(req, "X-Forwarded-Proto"), ex->arena, &req->client_ip,
			 &req->https);
	return ok;
}

/* ---- the connection watch: per-request deadline */

static double seconds_since(const struct timespec *t, const struct timespec *now)
{
	return (double)(now->tv_sec - t->tv_sec) + (double)(now->tv_nsec - t->tv_nsec) / 1e9;
}

static struct watch *watch_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* A response is queued: from now on the connection is the client's download, not cut. */
static void watch_answering(struct server *srv, struct MHD_Connection *conn)
{
	struct watch *w = watch_of(conn);
	if (!srv || !w)
		return;
	pthread_mutex_lock(&srv->lock);
	w->answering = true;
	pthread_mutex_unlock(&srv->lock);
}

/* The request is over (answered or aborted): the next one's clock starts now. */
static void watch_next(struct server *srv, struct MHD_Connection *conn)
{
	struct watch *w = watch_of(conn);
	if (!w)
		return;
	pthread_mutex_lock(&srv->lock);
	w->answering = false;
	clock_gettime(CLOCK_MONOTONIC, &w->since);
	pthread_mutex_unlock(&srv->lock);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct server *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct watch *w = calloc(1, sizeof(*w));
		if (!ci || !w) {
			free(w);
			return;
		}
		w->fd = ci->connect_fd;
		clock_gettime(CLOCK_MONOTONIC, &w->since);
		pthread_mutex_lock(&srv->lock);
		w->next = srv->watched;
		if (w->next)
			w->next->prev = w;
		srv->watched = w;
		pthread_mutex_unlock(&srv->lock);
		*socket_context = w;
		return;
	}
	/* closed: MHD closes the socket only after this returns, so the ticker, which
	 * touches fd only under the lock and only while w is listed, never hits a reused fd */
	struct watch *w = *socket_context;
	if (!w)
		return;
	pthread_mutex_lock(&srv->lock);
	if (w->prev)
		w->prev->next = w->next;
	else
		srv->watched = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&srv->lock);
	free(w);
	*socket_context = NULL;
}

/* Sent to a client cut off by the deadline. MHD writes nothing on a connection whose
 * response is not queued yet, so this cannot interleave with its output. */
static const char deadline_page[] =
    "<!doctype html>\n<html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>请求超时</title>"
    "<h1>请求超时</h1><p>请求未能在规定时间内传完，连接已断开。请检查网络后重试。</p></html>\n";

static void *ticker_main(void *cls)
{
	struct server *srv = cls;
	pthread_mutex_lock(&srv->lock);
	while (!srv->stopping) {
		struct timespec wake;
		clock_gettime(CLOCK_REALTIME, &wake);
		wake.tv_sec += TICK_SECONDS;
		pthread_cond_timedwait(&srv->wake, &srv->lock, &wake);
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		unsigned long cut = 0;
		for (struct watch *w = srv->watched; w; w = w->next) {
			if (w->answering || w->cut ||
			    seconds_since(&w->since, &now) < (double)srv->deadline)
				continue;
			/* best effort: a client that reads nothing just misses the page */
			ssize_t sent =
			    send(w->fd, srv->deadline_answer, strlen(srv->deadline_answer),
				 MSG_DONTWAIT | MSG_NOSIGNAL);
			ZF_UNUSED(sent);
			shutdown(w->fd, SHUT_RDWR); /* MHD sees the end and closes it */
			w->cut = true;
			cut++;
		}
		srv->cut += cut;
		if (cut)
			log_warn("request deadline cut=%lu total=%lu deadline=%ld", cut, srv->cut,
				 srv->deadline);
	}
	pthread_mutex_unlock(&srv->lock);
	return NULL;
}

static bool has_header(const struct web_response *res, const char *name)
{
	for (size_t i = 0; i < res->nheaders; i++)
		if (strcasecmp(res->headers[i].name, name) == 0)
			return true;
	return false;
}

static enum MHD_Result send_response(struct exchange *ex, struct MHD_Connection *conn,
				     struct web_response *res)
{
	if (res->body.failed) {
		struct web_response fallback;
		web_response_init(&fallback, RESPONSE_CAP);
		ui_error_page(&ex->req, &fallback, 500, "页面生成失败",
			      "页面内容超出了允许的大小，请稍后再试或联系网站管理员。");
		web_response_free(res);
		*res = fallback;
	}
	size_t len = res->body.len;
	char *body = buf_detach(&res->body, NULL);
	struct MHD_Response *r;
	if (body)
		r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	else
		r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				res->content_type ? res->content_type : "text/html; charset=utf-8");
	for (size_t i = 0; i < ARRAY_SIZE(security_headers); i++)
		MHD_add_response_header(r, security_headers[i].name, security_headers[i].value);
	if (!has_header(res, "Cache-Control"))
		MHD_add_response_header(r, "Cache-Control", "no-store");
	for (size_t i = 0; i < res->nheaders; i++)
		MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
	ex->status = res->status;
	ex->bytes = len;
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)res->status, r);
	MHD_destroy_response(r);
	watch_answering(ex->srv, conn);
	return ret;
}

static enum MHD_Result send_error(struct exchange *ex, struct MHD_Connection *conn, int status,
				  const char *heading, const char *detail)
{
	struct web_response res;
	web_response_init(&res, RESPONSE_CAP);
	ui_error_page(&ex->req, &res, status, heading, detail);
	enum MHD_Result ret = send_response(ex, conn, &res);
	web_response_free(&res);
	return ret;
}

static enum MHD_Result send_too_big(struct exchange *ex, struct MHD_Connection *conn,
				    size_t max_body)
{
	char detail[256];
	snprintf(
	    detail, sizeof(detail),
	    "提交的内容超过了 %zu KB 的上限，请精简后重新提交；如需提交大量材料，请联系受理机关。",
	    max_body / 1024);
	return send_error(ex, conn, 413, "提交的内容过大", detail);
}

/* How much of a refused body is read and dropped before answering (see on_request). */
static size_t drain_cap(size_t max_body)
{
	size_t cap = max_body * 4;
	return cap < (size_t)8 << 20 ? (size_t)8 << 20 : cap;
}

static struct exchange *exchange_new(void)
{
	struct arena *a = arena_new(REQUEST_ARENA_CAP);
	if (!a)
		return NULL;
	struct exchange *ex = arena_alloc(a, sizeof(*ex));
	if (!ex) {
		arena_free(a);
		return NULL;
	}
	ex->arena = a;
	ex->req.arena = a;
	clock_gettime(CLOCK_MONOTONIC, &ex->start);
	return ex;
}

/* Called by MHD as soon as the request line is in: keeps the request target as sent (MHD
 * hands on_request a decoded copy, in which %00 would cut the path short). */
/* Called by MHD with the raw request target, before it splits the query into arguments.
 * Each argument takes a record from the connection's pool; thousands of them (a target of
 * "a=&a=&...") exhaust it, and MHD then drops the connection without an answer. So a target
 * over URL_MAX or with more than ARGS_MAX arguments has its query cut off here, in MHD's
 * own buffer of the request line (writable memory: MHD writes NULs into it itself, and
 * splits the arguments only after this call), and check_head refuses the request with a
 * Chinese 414 from the copy kept in raw_url. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	ZF_UNUSED(conn);
	struct exchange *ex = exchange_new();
	if (!ex)
		return NULL;
	ex->srv = cls;
	ex->raw_url = arena_strdup(ex->arena, uri ? uri : "");
	char *q = uri ? strchr(uri, '?') : NULL;
	if (q) {
		size_t args = 1;
		for (const char *p = q + 1; *p; p++)
			args += *p == '&' || *p == ';';
		if (args > ARGS_MAX || strlen(uri) > URL_MAX) {
			ex->too_many_args = args > ARGS_MAX;
			q[1] = '\0';
		}
	}
	return ex;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Whether the path of a request target (up to '?') holds a control byte, raw or %-encoded. */
static bool path_has_control(const char *raw)
{
	for (const char *p = raw; *p && *p != '?'; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f)
			return true;
		if (c == '%' && hex_value(p[1]) >= 0 && hex_value(p[2]) >= 0) {
			int v = hex_value(p[1]) * 16 + hex_value(p[2]);
			if (v < 0x20 || v == 0x7f)
				return true;
		}
	}
	return false;
}

/* What the header fields say about the framing of the body, and how big they are. */
struct head_count {
	size_t fields, bytes;
	int content_length, transfer_encoding;
	bool chunked;  /* the one Transfer-Encoding is exactly "chunked" */
	bool bad_name; /* a field name holds a space or a tab */
};

static enum MHD_Result count_field(void *cls, enum MHD_ValueKind kind, const char *key,
				   size_t key_size, const char *value, size_t value_size)
{
	ZF_UNUSED(kind);
	struct head_count *h = cls;
	h->fields++;
	h->bytes += key_size + value_size + 4;
	if (!key)
		return MHD_YES;
	for (size_t i = 0; i < key_size; i++)
		if (key[i] == ' ' || key[i] == '\t')
			h->bad_name = true;
	if (strcasecmp(key, "Content-Length") == 0)
		h->content_length++;
	else if (strcasecmp(key, "Transfer-Encoding") == 0) {
		h->transfer_encoding++;
		h->chunked = value && value_size == 7 && strcasecmp(value, "chunked") == 0;
	}
	return MHD_YES;
}

/* Checks the head before anything else looks at it. Returns MHD_YES when it passes (and
 * *refused stays false), or the result of queueing a Chinese refusal that closes the
 * connection. */
static enum MHD_Result check_head(struct exchange *ex, struct MHD_Connection *conn, bool *refused)
{
	struct head_count h = {0};
	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, count_field, &h);
	int status = 0;
	const char *heading = NULL, *detail = NULL;
	/* RFC 9112 §6.3: a message whose length cannot be told for sure (two lengths, a
	 * length and a transfer coding, or a coding other than chunked) is refused and the
	 * connection closed, so that no trailing bytes are read as another request. */
	if (h.content_length > 1 || h.transfer_encoding > 1 ||
	    (h.transfer_encoding && (h.content_length || !h.chunked))) {
		status = 400;
		heading = "请求格式有误";
		detail = "请求中的正文长度说明（Content-Length 或 Transfer-Encoding）重复或相互"
			 "矛盾，服务器无法确定请求的边界，已拒绝该请求并断开连接。";
	} else if (h.transfer_encoding) {
		/* browsers and nginx always send a length; MHD's chunk parser answers its
		 * errors in English, so chunked bodies are not accepted at all */
		status = 411;
		heading = "需要注明正文长度";
		detail = "本网站只接受注明 Content-Length 的请求正文，不接受分块传输"
			 "（chunked）。请使用浏览器提交表单。";
	} else if (h.fields > HEADERS_MAX || h.bytes > HEAD_MAX) {
		status = 431;
		heading = "请求头过大";
		detail = "请求头的字段过多或内容过长（例如 Cookie 过大）。请清除本网站的 Cookie "
			 "后重试。";
	} else if (h.bad_name) {
		/* RFC 9112 §5.1: whitespace between a field name and its colon is refused with
		 * 400, since proxies may read such a field differently */
		status = 400;
		heading = "请求格式有误";
		detail = "请求头的字段名中含有空白字符，无法识别，已拒绝该请求并断开连接。";
	} else if (ex->too_many_args || strlen(ex->raw_url ? ex->raw_url : "") > URL_MAX) {
		status = 414;
		heading = "网址过长";
		detail = "请求的网址过长或参数过多，请检查网址是否完整正确。";
	} else if (ex->raw_url && path_has_control(ex->raw_url)) {
		status = 400;
		heading = "网址无效";
		detail = "网址中含有控制字符（例如 %00），无法识别，请检查后重试。";
	}
	*refused = status != 0;
	if (!status)
		return MHD_YES;
	struct web_response res;
	web_response_init(&res, RESPONSE_CAP);
	ui_error_page(&ex->req, &res, status, heading, detail);
	web_add_header(&res, "Connection", "close");
	enum MHD_Result ret = send_response(ex, conn, &res);
	web_response_free(&res);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	ZF_UNUSED(version);
	struct server *srv = cls;
	struct exchange *ex = *con_cls;

	if (!ex) { /* on_uri could not allocate */
		ex = exchange_new();
		if (!ex)
			return MHD_NO;
		*con_cls = ex;
	}
	if (!ex->started) { /* first call: headers only */
		ex->started = true;
		ex->srv = srv;
		ex->req.env = srv->env;
		buf_init(&ex->body, srv->max_body);
		bool ok = fill_request(ex, conn, url, method);
		bool refused;
		enum MHD_Result ret = check_head(ex, conn, &refused);
		if (refused)
			return ret;
		if (!ok)
			return send_error(ex, conn, 400, "请求无法识别",
					  "网址或参数中含有无效的字符编码，请检查后重试。");
		const char *cl = web_header(&ex->req, "Content-Length");
		long n;
		if (cl && (str_to_long(str_c(cl), &n) || n < 0 || (size_t)n > srv->max_body)) {
			ex->too_big = true;
			/* A body up to a few times the cap is read and dropped before the 413 is
			 * sent: answering at once and closing a socket with unread bytes makes
			 * the kernel send a reset, and the client often loses the answer. Larger
			 * ones are answered at once (the client is cut off). */
			if (n < 0 || (size_t)n > drain_cap(srv->max_body))
				return send_too_big(ex, conn, srv->max_body);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) { /* a body chunk */
		if (!ex->too_big && buf_add(&ex->body, upload_data, *upload_data_size)) {
			ex->too_big = true; /* chunked upload over the cap: drain, then refuse */
			buf_free(&ex->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (ex->too_big)
		return send_too_big(ex, conn, srv->max_body);

	ex->req.body = buf_str(&ex->body);
	const char *ctype = web_header(&ex->req, "Content-Type");
	if (ctype && strncasecmp(ctype, "application/x-www-form-urlencoded", 33) == 0 &&
	    form_parse(ex->arena, ex->req.body, &ex->req.form, &ex->req.nform))
		return send_error(
		    ex, conn, 400, "提交的内容无法识别",
		    "表单内容中含有无效的字符编码或格式，请返回上一页检查后重新提交。");
	struct web_response res;
	web_response_init(&res, RESPONSE_CAP);
	srv->dispatch(&ex->req, &res);
	enum MHD_Result ret = send_response(ex, conn, &res);
	web_response_free(&res);
	return ret;
}

/* Writes s into out for a log line: quotes, backslashes and control bytes escaped. */
static void log_quote(struct buf *out, const char *s)
{
	bool utf8 = utf8_valid(s, strlen(s));
	for (size_t i = 0; s[i] && i < 256; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || (c >= 0x80 && !utf8))
			buf_printf(out, "\\x%02x", c);
		else
			buf_addch(out, (char)c);
	}
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	watch_next(cls, conn);
	struct exchange *ex = *con_cls;
	if (!ex)
		return;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double ms = (double)(end.tv_sec - ex->start.tv_sec) * 1e3 +
		    (double)(end.tv_nsec - ex->start.tv_nsec) / 1e6;
	struct buf line = BUF_INIT;
	buf_init(&line, 1024);
	buf_printf(&line, "access method=%s path=\"",
		   ex->req.method_name ? ex->req.method_name : "-");
	log_quote(&line, ex->req.path ? ex->req.path : "-");
	buf_printf(&line, "\" status=%d bytes=%zu ms=%.1f", ex->status, ex->bytes, ms);
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		buf_printf(&line, " aborted=%d", (int)toe);
	log_info("%s", buf_cstr(&line));
	buf_free(&line);
	buf_free(&ex->body);
	arena_free(ex->arena); /* frees ex too */
	*con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	ZF_UNUSED(cls);
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_warn("mhd message=\"%s\"", msg);
}

static void server_free(struct server *srv)
{
	if (srv->ticking) {
		pthread_mutex_lock(&srv->lock);
		srv->stopping = true;
		pthread_cond_signal(&srv->wake);
		pthread_mutex_unlock(&srv->lock);
		pthread_join(srv->ticker, NULL);
	}
	pthread_cond_destroy(&srv->wake);
	pthread_mutex_destroy(&srv->lock);
	free(srv);
}

struct server *server_start(const struct web_env *env, web_dispatch_fn *dispatch, struct buf *err)
{
	const struct config *cfg = env->config;
	char host[64];
	int port;
	if (config_parse_listen(cfg->listen, host, sizeof(host), &port)) {
		buf_printf(err, "监听地址“%s”无效", cfg->listen);
		return NULL;
	}
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof(ss));
	unsigned flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	if (strcmp(host, "localhost") == 0 || inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		if (strcmp(host, "localhost") == 0)
			inet_pton(AF_INET, "127.0.0.1", &v4->sin_addr);
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		flags |= MHD_USE_IPv6;
	} else {
		buf_printf(err, "监听地址“%s”不是 IP 地址（例如 127.0.0.1:8080）", cfg->listen);
		return NULL;
	}

	struct server *srv = xcalloc(1, sizeof(*srv));
	srv->env = env;
	srv->dispatch = dispatch;
	srv->max_body = (size_t)cfg->max_body;
	srv->deadline = cfg->request_deadline;
	pthread_mutex_init(&srv->lock, NULL);
	pthread_cond_init(&srv->wake, NULL);
	snprintf(srv->deadline_answer, sizeof(srv->deadline_answer),
		 "HTTP/1.1 408 Request Timeout\r\nContent-Type: text/html; charset=utf-8\r\n"
		 "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
		 strlen(deadline_page), deadline_page);
	/* no MHD_OPTION_LISTENING_ADDRESS_REUSE: it means SO_REUSEPORT, which would let a
	 * second server share the port silently instead of failing */
	srv->daemon = MHD_start_daemon(
	    flags, (uint16_t)port, NULL, NULL, on_request, srv,
	    /* first, so that startup errors go to our log too */
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,	   /* log */
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,	   /* address */
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,   /* pool */
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_conn,  /* cap */
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout, /* idle */
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,	   /* cleanup */
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->per_ip_conn,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv, /* deadline */
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,	      /* raw target */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY, MHD_OPTION_END);
	if (!srv->daemon) {
		buf_printf(err, "无法在 %s 上监听：端口可能已被占用，或没有权限", cfg->listen);
		server_free(srv);
		return NULL;
	}
	if (pthread_create(&srv->ticker, NULL, ticker_main, srv) != 0) {
		buf_printf(err, "无法启动请求超时检查线程");
		MHD_stop_daemon(srv->daemon);
		server_free(srv);
		return NULL;
	}
	srv->ticking = true;
	const union MHD_DaemonInfo *info =
	    MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : port;
	return srv;
}

int server_port(const struct server *srv)
{
	return srv->port;
}

void server_block_signals(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int server_wait_signal(void)
{
	sigset_t set;
	int sig = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	while (sigwait(&set, &sig) != 0)
		;
	return sig;
}

int server_wait_signal_for(int seconds)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	struct timespec ts = {seconds, 0};
	for (;;) {
		int sig = sigtimedwait(&set, NULL, &ts);
		if (sig > 0)
			return sig;
		if (errno == EAGAIN)
			return 0;
		/* EINTR: another signal; wait again (a little longer than asked at worst) */
	}
}

void server_stop(struct server *srv)
{
	if (!srv)
		return;
	/* stop accepting, then give requests in flight a moment to finish */
	MHD_socket lsock = MHD_quiesce_daemon(srv->daemon);
	for (int i = 0; i < DRAIN_SECONDS * 20; i++) {
		const union MHD_DaemonInfo *info =
		    MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!info || info->num_connections == 0)
			break;
		struct timespec pause = {0, 50 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
	MHD_stop_daemon(srv->daemon);
	if (lsock != MHD_INVALID_SOCKET)
		close(lsock);
	server_free(srv);
}
