/* receipt.h: the signed cookie that leads a public form's 303 to its 回执 (receipt) page, so a
 * query code never appears in a URL, the access log or the browser's history, and reloading
 * the receipt does not submit the form again. The cookie holds the stored object's id, an
 * expiry and an HMAC (a site secret shared by every server) bound to the visitor's CSRF token
 * and to the kind of receipt; it is scoped to the receipt's path. */
#ifndef ZF_WEB_RECEIPT_H
#define ZF_WEB_RECEIPT_H

#include <sodium.h>

struct store;
struct web_request;
struct web_response;

#define RECEIPT_SECONDS	  (2 * 60 * 60) /* long enough to print it; the code stays on the look-up */
#define RECEIPT_KEY_BYTES crypto_auth_hmacsha256_KEYBYTES

struct receipt_kind {
	const char *cookie;  /* cookie name */
	const char *path;    /* the receipt page: the cookie's Path */
	const char *purpose; /* bound into the HMAC: one kind's cookie never opens another's */
};

/* The signing key, read before the object is stored, so that a connection lost after the
 * commit cannot cost the writer the receipt. 0 or the store's error. */
int receipt_key(struct store *db, unsigned char key[RECEIPT_KEY_BYTES]);

/* Adds the Set-Cookie for id to res (the caller answers 303 to k->path); wipes key. */
int receipt_cookie_set(struct web_request *req, struct web_response *res,
		       const struct receipt_kind *k, long long id,
		       unsigned char key[RECEIPT_KEY_BYTES]);

/* The id of a valid, unexpired cookie of this kind: 0 and *id, ZF_ENOENT, or the store's
 * error. */
int receipt_cookie_get(struct web_request *req, const struct receipt_kind *k, long long *id);

#endif
