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

struct server {
	struct MHD_Daemon *daemon;
	const struct web_env *env;
	web_dispatch_fn *dispatch;
	size_t max_body;
	int port;
};

/* One per request, allocated from the request's own arena. */
struct exchange {
	struct arena *arena;
	struct web_request req;
	struct buf body;
	struct timespec start;
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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	ZF_UNUSED(version);
	struct server *srv = cls;
	struct exchange *ex = *con_cls;

	if (!ex) { /* first call: headers only */
		ex = exchange_new();
		if (!ex)
			return MHD_NO;
		*con_cls = ex;
		ex->req.env = srv->env;
		buf_init(&ex->body, srv->max_body);
		if (!fill_request(ex, conn, url, method))
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
	ZF_UNUSED(cls);
	ZF_UNUSED(conn);
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
	/* no MHD_OPTION_LISTENING_ADDRESS_REUSE: it means SO_REUSEPORT, which would let a
	 * second server share the port silently instead of failing */
	srv->daemon =
	    MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, srv,
			     /* first, so that startup errors go to our log too */
			     MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,	    /* log */
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,	    /* address */
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,   /* pool */
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_conn,  /* cap */
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout, /* idle */
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,	    /* cleanup */
			     MHD_OPTION_END);
	if (!srv->daemon) {
		buf_printf(err, "无法在 %s 上监听：端口可能已被占用，或没有权限", cfg->listen);
		free(srv);
		return NULL;
	}
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
	free(srv);
}
