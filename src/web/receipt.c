/* receipt.c: the signed receipt cookie of the public forms (receipt.h). */
#include "common.h"
#include "receipt.h"
#include "arena.h"
#include "server.h"
#include "session.h"
#include "store/auth.h"

#include <stdio.h>
#include <time.h>

int receipt_key(struct store *db, unsigned char key[RECEIPT_KEY_BYTES])
{
	return store_site_secret(db, "receipt", key, RECEIPT_KEY_BYTES);
}

/* hex(HMAC(key, "purpose|id|expiry|csrf")) into out (65 bytes). */
static void receipt_mac(const unsigned char *key, const char *purpose, long long id,
			long long expiry, const char *csrf, char out[65])
{
	char msg[256];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	int len =
	    snprintf(msg, sizeof(msg), "%s|%lld|%lld|%s", purpose, id, expiry, csrf ? csrf : "");
	if (len < 0 || (size_t)len >= sizeof(msg))
		len = (int)strlen(msg);
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (size_t)len, key);
	sodium_bin2hex(out, 65, mac, sizeof(mac));
}

int receipt_cookie_set(struct web_request *req, struct web_response *res,
		       const struct receipt_kind *k, long long id,
		       unsigned char key[RECEIPT_KEY_BYTES])
{
	long long expiry = (long long)time(NULL) + RECEIPT_SECONDS;
	char mac[65];
	receipt_mac(key, k->purpose, id, expiry, req->csrf_token, mac);
	sodium_memzero(key, RECEIPT_KEY_BYTES);
	const char *cookie = arena_printf(req->arena,
					  "%s=%lld.%lld.%s; Path=%s; Max-Age=%d; HttpOnly;"
					  " SameSite=Lax%s",
					  k->cookie, id, expiry, mac, k->path, RECEIPT_SECONDS,
					  session_cookie_secure(req));
	if (!cookie)
		return ZF_ENOMEM;
	return web_add_header(res, "Set-Cookie", cookie);
}

int receipt_cookie_get(struct web_request *req, const struct receipt_kind *k, long long *id)
{
	*id = 0;
	const char *v = web_cookie(req, k->cookie);
	long long rid = 0, expiry = 0;
	char mac[65] = "";
	if (!v || sscanf(v, "%lld.%lld.%64[0-9a-f]", &rid, &expiry, mac) != 3 || rid <= 0 ||
	    strlen(mac) != 64 || expiry < (long long)time(NULL))
		return ZF_ENOENT;
	unsigned char key[RECEIPT_KEY_BYTES];
	int rc = receipt_key(req->db, key);
	if (rc)
		return rc;
	char want[65];
	receipt_mac(key, k->purpose, rid, expiry, req->csrf_token, want);
	sodium_memzero(key, sizeof(key));
	if (sodium_memcmp(want, mac, 64) != 0)
		return ZF_ENOENT;
	*id = rid;
	return 0;
}
