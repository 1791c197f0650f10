/* fuzz_receipt.c: libFuzzer target for the signed receipt cookie of the public forms
 * (web/receipt.c) against a real SQLite database holding its key. Any cookie value that
 * was not signed here must be refused (ZF_ENOENT), whatever its shape; a cookie signed for
 * an id is read back as that id, only by the same visitor (CSRF token) and the same kind;
 * and a signed cookie with one byte changed is refused.
 *
 * Input: 8 bytes of id, 1 byte of flip position, then the cookie value to try. */
#include "common.h"
#include "arena.h"
#include "store/db.h"
#include "web/receipt.h"
#include "web/server.h"

#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;
static const struct receipt_kind apply = {"zf_receipt", "/apply/receipt", "receipt"};
static const struct receipt_kind message = {"zf_msg_receipt", "/hdjl/receipt", "message"};
static const char token_a[] = "1111111111111111111111111111111111111111111111111111111111111111";
static const char token_b[] = "2222222222222222222222222222222222222222222222222222222222222222";

static void setup(void)
{
	char dir[] = "/tmp/zf-fuzz-receipt-XXXXXX";
	if (!mkdtemp(dir))
		BUG("mkdtemp");
	char *path = xasprintf("%s/zf.db", dir);
	struct buf err = BUF_INIT;
	if (store_open(path, &st, &err) || store_migrate(st, NULL, &err))
		BUG("store: %s", buf_cstr(&err));
	buf_free(&err);
	free(path);
}

/* receipt_cookie_get for a cookie value, as visitor token, of kind k. */
static int get(struct arena *a, const struct receipt_kind *k, const char *value, const char *token,
	       long long *id)
{
	struct web_request req = {0};
	struct web_pair c = {k->cookie, value};
	req.arena = a;
	req.db = st;
	req.cookies = &c;
	req.ncookies = 1;
	req.csrf_token = token;
	return receipt_cookie_get(&req, k, id);
}

/* The database is made before the first input: the sign-ins (argon2) are slow, and an
 * input must not pay for them under -timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	ZF_UNUSED(argc);
	ZF_UNUSED(argv);
	setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 9)
		return 0;
	long long id;
	memcpy(&id, data, sizeof(id));
	size_t flip = data[8];
	struct arena *a = arena_new(0);
	char *value = arena_strndup(a, (const char *)data + 9, size - 9);
	long long got = -1;
	int rc;

	/* 1. a value nobody signed is refused */
	rc = get(a, &apply, value, token_a, &got);
	if (rc == 0)
		BUG("an unsigned cookie opened receipt %lld", got);
	if (rc != ZF_ENOENT)
		BUG("an unsigned cookie gave error %d", rc);

	/* 2. a signed one round-trips, for this visitor and this kind only */
	if (id <= 0)
		id = id == LLONG_MIN ? 1 : (id == 0 ? 1 : -id);
	struct web_request req = {0};
	struct web_response res;
	unsigned char key[RECEIPT_KEY_BYTES];
	req.arena = a;
	req.csrf_token = token_a;
	web_response_init(&res, 1 << 16);
	if (receipt_key(st, key) || receipt_cookie_set(&req, &res, &apply, id, key))
		BUG("signing failed");
	const char *set = res.headers[0].value;
	size_t eq = strlen(apply.cookie) + 1, len = strcspn(set + eq, ";");
	char *signed_value = arena_strndup(a, set + eq, len);
	if ((rc = get(a, &apply, signed_value, token_a, &got)) || got != id)
		BUG("signed cookie for %lld read back as %d/%lld", id, rc, got);
	if (get(a, &apply, signed_value, token_b, &got) != ZF_ENOENT)
		BUG("another visitor opened the receipt");
	if (get(a, &message, signed_value, token_a, &got) != ZF_ENOENT)
		BUG("a receipt of one kind opened another kind");

	/* 3. one byte changed: refused */
	char *bent = arena_strdup(a, signed_value);
	size_t at = flip % len;
	bent[at] = bent[at] == '1' ? '2' : '1';
	rc = get(a, &apply, bent, token_a, &got);
	if (rc == 0 && got != id)
		BUG("a changed cookie opened receipt %lld instead of %lld", got, id);
	if (rc == 0 && at >= len - 64)
		BUG("a changed signature was accepted");
	web_response_free(&res);
	arena_free(a);
	return 0;
}
