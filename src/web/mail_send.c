/* mail_send.c: the outbox's sender (mail_send.h): message building (RFC 5322 headers, RFC
 * 2047 subject, base64 UTF-8 body) and SMTP delivery through libcurl. */
#include "common.h"
#include "arena.h"
#include "log.h"
#include "mail_send.h"
#include "store/db.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <unistd.h>

/* ---------------------------------------------------------------- the message */

static void base64(struct buf *out, const unsigned char *p, size_t n)
{
	size_t cap = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *tmp = malloc(cap);
	if (!tmp)
		return;
	sodium_bin2base64(tmp, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	buf_adds(out, tmp);
	free(tmp);
}

void mail_header_encode(struct buf *out, const char *s)
{
	bool plain = true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80 || *p < 0x20 || *p == '=' || *p == '?')
			plain = false;
	if (plain) {
		buf_adds(out, s);
		return;
	}
	/* encoded words of at most 45 bytes of UTF-8 (60 base64 characters + 12 = 72 < 75),
	 * cut on character boundaries, one per folded line; the first shorter, to leave room
	 * for "Subject: " within 78 characters */
	size_t n = strlen(s), i = 0;
	bool first = true;
	while (i < n) {
		size_t max = first ? 36 : 45;
		size_t k = n - i < max ? n - i : max;
		while (k > 0 && i + k < n && ((unsigned char)s[i + k] & 0xc0) == 0x80)
			k--;
		if (!k)
			k = 1;
		if (!first)
			buf_adds(out, "\r\n ");
		buf_adds(out, "=?UTF-8?B?");
		base64(out, (const unsigned char *)s + i, k);
		buf_adds(out, "?=");
		first = false;
		i += k;
	}
}

/* An address fit for a header and the envelope: printable ASCII, one '@', at most 254
 * characters, none of the characters that end or split an address. */
static bool address_ok(const char *a)
{
	size_t n = a ? strlen(a) : 0;
	if (n < 3 || n > 254 || !strchr(a, '@') || strchr(a, '@') != strrchr(a, '@'))
		return false;
	for (const unsigned char *p = (const unsigned char *)a; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("<>\"(),;:\\[]", *p))
			return false;
	return true;
}

int mail_message_build(const char *from, const struct mail_row *m, time_t now, struct buf *out)
{
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	if (!address_ok(from) || !address_ok(m->to))
		return ZF_EINVAL;
	time_t cn = now + 8 * 3600;
	struct tm tm;
	gmtime_r(&cn, &tm);
	const char *domain = strchr(from, '@');
	unsigned char r[8];
	randombytes_buf(r, sizeof(r));
	buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0800\r\n", wd[tm.tm_wday],
		   tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	buf_printf(out, "From: <%s>\r\nTo: <%s>\r\nSubject: ", from, m->to);
	mail_header_encode(out, m->subject);
	buf_printf(out, "\r\nMessage-ID: <zfxxgk.%lld.%02x%02x%02x%02x%02x%02x%02x%02x%s>\r\n",
		   m->id, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
		   domain ? domain : "@zfxxgk.invalid");
	buf_adds(out,
		 "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		 "Content-Transfer-Encoding: base64\r\nAuto-Submitted: auto-generated\r\n\r\n");
	/* the body with CRLF line ends, base64 in lines of 76 */
	struct buf text = BUF_INIT;
	for (const char *p = m->body; *p; p++) {
		if (*p == '\n' && (p == m->body || p[-1] != '\r'))
			buf_addch(&text, '\r');
		buf_addch(&text, *p);
	}
	const unsigned char *b = (const unsigned char *)text.p;
	for (size_t i = 0; i < text.len; i += 57) {
		base64(out, b + i, text.len - i < 57 ? text.len - i : 57);
		buf_adds(out, "\r\n");
	}
	buf_free(&text);
	return 0;
}

/* ---------------------------------------------------------------- SMTP */

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *ctx)
{
	struct upload *u = ctx;
	size_t n = size * nmemb < u->left ? size * nmemb : u->left;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

static const char *curl_zh(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_RESOLVE_HOST: return "找不到邮件服务器（域名无法解析）";
	case CURLE_COULDNT_CONNECT: return "无法连接邮件服务器";
	case CURLE_OPERATION_TIMEDOUT: return "连接邮件服务器超时";
	case CURLE_LOGIN_DENIED: return "邮件服务器拒绝登录（用户名或口令不对）";
	case CURLE_USE_SSL_FAILED: return "邮件服务器不支持 STARTTLS";
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION: return "与邮件服务器建立加密连接失败";
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR: return "邮件服务器拒收或连接中断";
	default: return "邮件发送失败";
	}
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Sends one message; 0 or ZF_EIO with a Chinese reason (and libcurl's own words) in err. */
static int smtp_send(const struct mail_settings *cfg, const struct mail_row *m, struct buf *msg,
		     struct buf *err)
{
	pthread_once(&curl_once, curl_start);
	CURL *c = curl_easy_init();
	if (!c) {
		buf_setf(err, "无法初始化邮件发送");
		return ZF_EIO;
	}
	char url[300], from[300], to[300], detail[CURL_ERROR_SIZE] = "";
	snprintf(url, sizeof(url), "%s://%s:%d", cfg->port == 465 ? "smtps" : "smtp", cfg->host,
		 cfg->port);
	snprintf(from, sizeof(from), "<%s>", cfg->sender);
	snprintf(to, sizeof(to), "<%s>", m->to);
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	struct upload up = {msg->p, msg->len};
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
	long tls = !strcmp(cfg->starttls, "required") ? (long)CURLUSESSL_ALL
		   : !strcmp(cfg->starttls, "off")    ? (long)CURLUSESSL_NONE
						      : (long)CURLUSESSL_TRY;
	curl_easy_setopt(c, CURLOPT_USE_SSL, tls);
	if (*cfg->username) {
		const char *pw = getenv("ZFXXGK_SMTP_PASSWORD");
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->username);
		curl_easy_setopt(c, CURLOPT_PASSWORD, pw ? pw : "");
	}
	CURLcode rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		buf_setf(err, "%s（%s）", curl_zh(rc), *detail ? detail : curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return rc == CURLE_OK ? 0 : ZF_EIO;
}

int mail_send_due(struct store *st, const char *claimer, size_t max, struct mail_send_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct mail_settings cfg;
	int rc = store_mail_settings_get(st, a, &cfg);
	if (rc || !*cfg.host) {
		arena_free(a);
		return rc;
	}
	stats->configured = true;
	struct mail_row *rows;
	size_t n;
	rc = store_mail_claim(st, a, claimer, time(NULL), max, &rows, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		struct buf msg = BUF_INIT, err = BUF_INIT;
		int sent = mail_message_build(cfg.sender, &rows[i], time(NULL), &msg);
		if (sent)
			buf_setf(&err, "收件人或发件人地址不能用于邮件头");
		else
			sent = smtp_send(&cfg, &rows[i], &msg, &err);
		if (sent) {
			stats->failed++;
			log_warn("mail not sent id=%lld attempt=%d", rows[i].id, rows[i].attempts);
		} else {
			stats->sent++;
		}
		rc = store_mail_settle(st, rows[i].id, claimer, sent == 0, buf_cstr(&err),
				       time(NULL));
		buf_free(&msg);
		buf_free(&err);
	}
	arena_free(a);
	return rc;
}

void mail_claimer_name(char *out, size_t len)
{
	char host[64] = "host";
	gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	snprintf(out, len, "mail:%s:%ld:%08x", host, (long)getpid(), randombytes_random());
}

/* ---------------------------------------------------------------- the ticker */

struct mail_ticker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	long interval;
	struct store_pool *pool;
	char claimer[128];
};

static void *ticker_main(void *arg)
{
	struct mail_ticker *t = arg;
	pthread_mutex_lock(&t->lock);
	while (!t->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += t->interval;
		while (!t->stop && pthread_cond_timedwait(&t->wake, &t->lock, &until) == 0)
			;
		if (t->stop)
			break;
		pthread_mutex_unlock(&t->lock);
		struct store *st = store_pool_get(t->pool);
		if (st) {
			struct mail_send_stats stats;
			int rc = mail_send_due(st, t->claimer, 20, &stats);
			if (rc)
				log_warn("mail outbox pass failed: %s", zf_strerror(rc));
			else if (stats.sent || stats.failed)
				log_info("mail outbox sent=%zu failed=%zu", stats.sent,
					 stats.failed);
			store_pool_put(t->pool, st, store_broken(st));
		}
		pthread_mutex_lock(&t->lock);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct mail_ticker *mail_ticker_start(struct store_pool *pool, long interval)
{
	struct mail_ticker *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->pool = pool;
	t->interval = interval;
	mail_claimer_name(t->claimer, sizeof(t->claimer));
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->wake, NULL);
	if (pthread_create(&t->thread, NULL, ticker_main, t)) {
		free(t);
		return NULL;
	}
	return t;
}

void mail_ticker_stop(struct mail_ticker *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->wake);
	free(t);
}
