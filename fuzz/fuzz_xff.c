/* fuzz_xff.c: libFuzzer target for X-Forwarded-For and trusted_proxies (web/proxy.h). The
 * input's first line is a trusted_proxies list, the rest an X-Forwarded-For value; whatever
 * comes in, the visitor is either the peer or a canonical address that parses again, and
 * no address the list calls trusted is taken from a header walked past an untrusted one.
 * Build: make fuzz; run: build-fuzz/fuzz_xff fuzz/corpus/xff */
#include "common.h"
#include "arena.h"
#include "web/config.h"
#include "web/proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 8192)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char *nl = strchr(text, '\n');
	const char *list = nl ? text : "127.0.0.1, 10.0.0.0/8, ::1";
	const char *xff = nl ? nl + 1 : text;
	if (nl)
		*nl = '\0';
	struct proxy_net nets[PROXY_MAX_NETS];
	size_t n = 0;
	struct buf err = BUF_INIT;
	int rc = web_proxy_parse(list, nets, &n, &err);
	if (rc != 0 && rc != ZF_EINVAL)
		BUG("parse returned %d", rc);
	if (rc == ZF_EINVAL && !buf_cstr(&err)[0])
		BUG("a refusal without a message");
	if (n > PROXY_MAX_NETS)
		BUG("%zu nets", n);
	buf_free(&err);

	struct arena *a = arena_new(1 << 16);
	if (a) {
		const char *got = web_proxy_xff(nets, n, xff, a);
		unsigned char addr[16];
		if (got && !web_proxy_addr(got, strlen(got), addr))
			BUG("the visitor \"%s\" is not an address", got);
		struct config c;
		config_init(&c);
		free(c.trusted_proxies);
		c.trusted_proxies = strdup(list);
		const char *client = NULL;
		bool https = false;
		web_proxy_client(&c, "127.0.0.1", xff, xff, a, &client, &https);
		if (!client)
			BUG("no client for a known peer");
		unsigned char outside[16];
		web_proxy_addr("203.0.113.1", 11, outside);
		web_proxy_client(&c, "203.0.113.1", xff, xff, a, &client, &https);
		if (!web_proxy_trusted(nets, n, outside) &&
		    (strcmp(client, "203.0.113.1") || https))
			BUG("an untrusted peer's headers were believed");
		config_free(&c);
		arena_free(a);
	}
	free(text);
	return 0;
}
