/* page_static.c: /static/NAME: the stylesheet and other assets embedded from data/embed.
 * Each asset is fingerprinted once per process (SHA-256 of its bytes); a request whose v=
 * names the current fingerprint may be cached for a year as immutable, any other a short
 * while with revalidation. The ETag is the fingerprint, so If-None-Match gets 304. Text
 * assets are compressed with gzip and brotli once, on first request, and the encoding is
 * chosen by Accept-Encoding. */
#include "common.h"
#include "routes.h"
#include "compress.h"
#include "embedded.h"
#include "page_static.h"
#include "page_cache.h"
#include "ui_shared.h"

#include <pthread.h>
#include <sodium.h>

#define FINGERPRINT_LEN 16
#define MAX_ASSETS	32

#define CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define CACHE_SHORT	"public, max-age=300, must-revalidate"

static const struct asset_type {
	const char *ext;
	const char *content_type;
} types[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".woff2", "font/woff2"},
};

struct asset {
	char name[64];
	const char *type;
	const unsigned char *data; /* embedded, static */
	size_t len;
	char fingerprint[FINGERPRINT_LEN + 1];
	char etag[FINGERPRINT_LEN + 8]; /* "\"fp\"", "\"fp-gz\"", "\"fp-br\"" */
	char etag_gz[FINGERPRINT_LEN + 8];
	char etag_br[FINGERPRINT_LEN + 8];
	bool packed; /* gz and br made (or found not worth it) */
	struct buf gz, br;
};

static pthread_mutex_t assets_lock = PTHREAD_MUTEX_INITIALIZER;
static struct asset assets[MAX_ASSETS];
static size_t nassets;

/* Only plain names with a known extension: the embedded table also holds data files
 * (the calendar, NOTICE) that are not for the web. */
static const char *content_type_of(const char *name)
{
	if (!name || name[0] == '.' || strlen(name) >= sizeof(assets[0].name))
		return NULL;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_' || *p == '.'))
			return NULL;
	size_t len = strlen(name);
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		size_t elen = strlen(types[i].ext);
		if (len > elen && strcmp(name + len - elen, types[i].ext) == 0)
			return types[i].content_type;
	}
	return NULL;
}

/* The asset named so, made on first use; NULL when there is none. Call with the lock held. */
static struct asset *asset_locked(const char *name)
{
	for (size_t i = 0; i < nassets; i++)
		if (strcmp(assets[i].name, name) == 0)
			return &assets[i];
	const char *type = content_type_of(name);
	size_t len = 0;
	const unsigned char *data = type ? embedded_find(name, &len) : NULL;
	if (!data || nassets >= MAX_ASSETS)
		return NULL;
	struct asset *a = &assets[nassets++];
	snprintf(a->name, sizeof(a->name), "%s", name);
	a->type = type;
	a->data = data;
	a->len = len;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	char fp[FINGERPRINT_LEN + 1];
	sodium_bin2hex(fp, sizeof(fp), h, FINGERPRINT_LEN / 2);
	memcpy(a->fingerprint, fp, sizeof(fp));
	snprintf(a->etag, sizeof(a->etag), "\"%s\"", fp);
	snprintf(a->etag_gz, sizeof(a->etag_gz), "\"%s-gz\"", fp);
	snprintf(a->etag_br, sizeof(a->etag_br), "\"%s-br\"", fp);
	buf_init(&a->gz, 0);
	buf_init(&a->br, 0);
	return a;
}

/* Makes the compressed bodies once; one not smaller than the original is dropped. */
static void pack_locked(struct asset *a)
{
	if (a->packed)
		return;
	a->packed = true;
	if (!web_compressible(a->type))
		return;
	if (web_gzip(a->data, a->len, &a->gz) != 0 || a->gz.failed || a->gz.len >= a->len)
		buf_free(&a->gz);
	if (web_brotli(a->data, a->len, &a->br) != 0 || a->br.failed || a->br.len >= a->len)
		buf_free(&a->br);
}

const char *static_asset_fingerprint(const char *name)
{
	pthread_mutex_lock(&assets_lock);
	struct asset *a = asset_locked(name);
	pthread_mutex_unlock(&assets_lock);
	return a ? a->fingerprint : NULL;
}

int page_static(struct web_request *req, struct web_response *res)
{
	const char *name = req->path_args[0];
	pthread_mutex_lock(&assets_lock);
	struct asset *a = content_type_of(name) ? asset_locked(name) : NULL;
	if (a)
		pack_locked(a);
	pthread_mutex_unlock(&assets_lock);
	if (!a) {
		ui_error_page(req, res, 404, "文件不存在", "您请求的文件不存在。");
		return 0;
	}
	/* from here on the asset is read only */
	const char *v = web_arg(req, "v");
	bool current = v && strcmp(v, a->fingerprint) == 0;
	enum web_encoding enc =
	    web_encoding_pick(web_header(req, "Accept-Encoding"), a->br.len > 0, a->gz.len > 0);
	const char *etag = enc == WEB_ENC_BR	 ? a->etag_br
			   : enc == WEB_ENC_GZIP ? a->etag_gz
						 : a->etag;

	res->content_type = a->type;
	int rc = web_add_header(res, "Cache-Control", current ? CACHE_IMMUTABLE : CACHE_SHORT);
	if (!rc)
		rc = web_add_header(res, "ETag", etag);
	if (!rc && web_compressible(a->type))
		rc = web_add_header(res, "Vary", "Accept-Encoding");
	if (rc)
		return rc;
	if (page_cache_etag_match(web_header(req, "If-None-Match"), a->etag)) {
		res->status = 304;
		return 0;
	}
	if (enc != WEB_ENC_IDENTITY) {
		rc = web_add_header(res, "Content-Encoding", web_encoding_name(enc));
		if (rc)
			return rc;
	}
	const struct buf *body = enc == WEB_ENC_BR ? &a->br : enc == WEB_ENC_GZIP ? &a->gz : NULL;
	return body ? buf_add(&res->body, body->p, body->len)
		    : buf_add(&res->body, a->data, a->len);
}
