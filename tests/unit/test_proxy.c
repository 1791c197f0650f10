/* test_proxy.c: trusted proxies (web/proxy.h): the list's parser and its Chinese errors, the
 * visitor's address from X-Forwarded-For (walked from the right, trusted proxies skipped),
 * spoofing attempts from peers that are not trusted, and X-Forwarded-Proto. */
#include "common.h"
#include "arena.h"
#include "tap.h"
#include "web/config.h"
#include "web/proxy.h"

static void test_parse(void)
{
	static const struct {
		const char *value;
		int nets;	   /* -1: refused */
		const char *named; /* the entry the error names */
	} cases[] = {
	    {"none", 0, NULL},
	    {"NONE", 0, NULL},
	    {"", 0, NULL},
	    {"  ", 0, NULL},
	    {"127.0.0.1", 1, NULL},
	    {"127.0.0.1, ::1", 2, NULL},
	    {"10.0.0.0/8,192.168.0.0/16 fd00::/8", 3, NULL},
	    {"0.0.0.0/0", 1, NULL},
	    {"::/0", 1, NULL},
	    {"2001:db8::1/128", 1, NULL},
	    {"10.0.0.1/32", 1, NULL},
	    {"[::1]", 1, NULL},
	    {",,127.0.0.1,,", 1, NULL},
	    {"10.0.0.0/33", -1, "10.0.0.0/33"},
	    {"::/129", -1, "::/129"},
	    {"10.0.0.0/", -1, "10.0.0.0/"},
	    {"10.0.0.0/8x", -1, "10.0.0.0/8x"},
	    {"10.0.0.0/-1", -1, "10.0.0.0/-1"},
	    {"256.0.0.1", -1, "256.0.0.1"},
	    {"10.0.0", -1, "10.0.0"},
	    {"localhost", -1, "localhost"},
	    {"127.0.0.1, nginx.internal", -1, "nginx.internal"},
	    {"none, 127.0.0.1", -1, "none"},
	    {"1.2.3.4:80", -1, "1.2.3.4:80"},
	    {"*", -1, "*"},
	    {"fe80::1%eth0", -1, "fe80::1%eth0"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct proxy_net nets[PROXY_MAX_NETS];
		size_t n = 99;
		struct buf err = BUF_INIT;
		int rc = web_proxy_parse(cases[i].value, nets, &n, &err);
		if (cases[i].nets >= 0) {
			tap_ok(rc == 0 && n == (size_t)cases[i].nets,
			       "trusted_proxies \"%s\": %d nets", cases[i].value, cases[i].nets);
		} else {
			tap_ok(rc == ZF_EINVAL && strstr(buf_cstr(&err), cases[i].named) &&
				   strstr(buf_cstr(&err), "可信代理"),
			       "trusted_proxies \"%s\" refused naming the entry: %s",
			       cases[i].value, buf_cstr(&err));
		}
		buf_free(&err);
	}
	/* too many entries */
	struct buf many = BUF_INIT, err = BUF_INIT;
	for (int i = 0; i <= PROXY_MAX_NETS; i++)
		buf_printf(&many, "10.0.%d.1,", i);
	struct proxy_net nets[PROXY_MAX_NETS];
	size_t n;
	tap_int(web_proxy_parse(buf_cstr(&many), nets, &n, &err), ZF_EINVAL,
		"more than %d proxies refused", PROXY_MAX_NETS);
	buf_free(&many);
	buf_free(&err);

	/* the configuration refuses a bad list with the key's check */
	struct config c;
	config_init(&c);
	struct buf e2 = BUF_INIT;
	tap_int(config_set(&c, "trusted_proxies", "10.0.0.0/99", &e2), ZF_EINVAL,
		"config refuses a bad trusted_proxies");
	tap_ok(strstr(buf_cstr(&e2), "10.0.0.0/99") != NULL, "the message names it: %s",
	       buf_cstr(&e2));
	tap_int(config_set(&c, "trusted_proxies", "127.0.0.1, ::1", &e2), 0,
		"config takes a good one");
	buf_free(&e2);
	config_free(&c);
}

static void test_prefixes(void)
{
	struct proxy_net nets[PROXY_MAX_NETS];
	size_t n;
	web_proxy_parse("10.0.0.0/8 192.168.1.128/25 2001:db8:1::/48 172.16.0.0/12", nets, &n,
			NULL);
	static const struct {
		const char *addr;
		bool trusted;
	} cases[] = {
	    {"10.0.0.1", true},	      {"10.255.255.255", true},	 {"11.0.0.1", false},
	    {"9.255.255.255", false}, {"192.168.1.128", true},	 {"192.168.1.255", true},
	    {"192.168.1.127", false}, {"2001:db8:1::5", true},	 {"2001:db8:1:ffff::1", true},
	    {"2001:db8:2::1", false}, {"::ffff:10.1.2.3", true}, {"172.31.255.255", true},
	    {"172.32.0.0", false},    {"::a00:1", false}, /* 10.0.0.1 as IPv4-compatible: no */
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned char a[16];
		tap_ok(web_proxy_addr(cases[i].addr, strlen(cases[i].addr), a) &&
			   web_proxy_trusted(nets, n, a) == cases[i].trusted,
		       "%s is %strusted", cases[i].addr, cases[i].trusted ? "" : "not ");
	}
}

static void test_client(void)
{
	static const struct {
		const char *trusted, *peer, *xff, *xfp;
		const char *client; /* NULL: unknown */
		bool https;
		const char *what;
	} cases[] = {
	    /* no proxy configured: the headers mean nothing */
	    {"none", "203.0.113.9", "198.51.100.1", "https", "203.0.113.9", false,
	     "no trusted proxy: XFF ignored"},
	    {NULL, "203.0.113.9", "198.51.100.1", "https", "203.0.113.9", false,
	     "no configuration: XFF ignored"},
	    /* spoofing from a peer that is not trusted */
	    {"127.0.0.1", "203.0.113.9", "198.51.100.1", "https", "203.0.113.9", false,
	     "untrusted peer: its XFF is not believed"},
	    {"127.0.0.1", "203.0.113.9", "127.0.0.1", NULL, "203.0.113.9", false,
	     "untrusted peer claiming to be the proxy"},
	    {"10.0.0.0/8", "11.0.0.1", "10.0.0.1, 1.2.3.4", "https", "11.0.0.1", false,
	     "untrusted peer next to the trusted network"},
	    {"::1", "::2", "198.51.100.1", "https", "::2", false, "untrusted IPv6 peer"},
	    /* a trusted proxy */
	    {"127.0.0.1", "127.0.0.1", "198.51.100.1", "https", "198.51.100.1", true,
	     "trusted proxy: the visitor from XFF, https from XFP"},
	    {"127.0.0.1", "127.0.0.1", "198.51.100.1", "http", "198.51.100.1", false,
	     "trusted proxy over http"},
	    {"127.0.0.1", "127.0.0.1", "198.51.100.1", "HTTPS", "198.51.100.1", true,
	     "XFP compared without case"},
	    {"127.0.0.1", "127.0.0.1", "198.51.100.1", "https, http", "198.51.100.1", false,
	     "XFP: the proxy's own (last) value counts"},
	    {"127.0.0.1", "127.0.0.1", NULL, NULL, "127.0.0.1", false,
	     "trusted proxy without XFF: the proxy itself"},
	    {"127.0.0.1", "127.0.0.1", "", NULL, "127.0.0.1", false, "empty XFF: the peer"},
	    {"127.0.0.1", "127.0.0.1", "  ,", NULL, "127.0.0.1", false, "blank XFF: the peer"},
	    /* the client prepends a forged address: nginx appends the real one on the right */
	    {"127.0.0.1", "127.0.0.1", "6.6.6.6, 198.51.100.1", NULL, "198.51.100.1", false,
	     "a forged address on the left is ignored"},
	    {"127.0.0.1", "127.0.0.1", "127.0.0.1, 198.51.100.1", NULL, "198.51.100.1", false,
	     "a forged trusted address on the left is ignored"},
	    /* chains of proxies */
	    {"127.0.0.1, 10.0.0.0/8", "127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.1.1, 10.2.2.2",
	     NULL, "198.51.100.1", false, "two inner proxies skipped from the right"},
	    {"127.0.0.1, 10.0.0.0/8", "127.0.0.1", "10.1.1.1, 10.2.2.2", NULL, "10.1.1.1", false,
	     "all trusted: the leftmost"},
	    /* broken entries: keep the peer */
	    {"127.0.0.1", "127.0.0.1", "unknown", NULL, "127.0.0.1", false,
	     "\"unknown\": the peer"},
	    {"127.0.0.1", "127.0.0.1", "198.51.100.1, garbage", NULL, "127.0.0.1", false,
	     "garbage on the right: the peer"},
	    {"127.0.0.1", "127.0.0.1", "garbage, 198.51.100.1", NULL, "198.51.100.1", false,
	     "garbage left of the visitor is never read"},
	    {"127.0.0.1", "127.0.0.1", "198.51.100.1,", NULL, "127.0.0.1", false,
	     "a trailing comma: the peer"},
	    {"127.0.0.1", "127.0.0.1", "198.51.100.1:4711", NULL, "127.0.0.1", false,
	     "a port: the peer"},
	    {"127.0.0.1", "127.0.0.1", "1.2.3.4\t", NULL, "1.2.3.4", false, "blanks trimmed"},
	    {"127.0.0.1", "127.0.0.1", "001.002.003.004", NULL, "127.0.0.1", false,
	     "leading zeros are not an address"},
	    /* canonical forms: one visitor, one counter */
	    {"127.0.0.1", "127.0.0.1", "2001:DB8:0:0::1", NULL, "2001:db8::1", false,
	     "IPv6 written canonically"},
	    {"127.0.0.1", "127.0.0.1", "[2001:db8::1]", NULL, "2001:db8::1", false,
	     "IPv6 in brackets"},
	    {"127.0.0.1", "127.0.0.1", "::ffff:198.51.100.1", NULL, "198.51.100.1", false,
	     "mapped IPv4 written as IPv4"},
	    {"127.0.0.1", "::ffff:127.0.0.1", "198.51.100.1", "https", "198.51.100.1", true,
	     "a mapped peer is the trusted IPv4 proxy"},
	    {"none", "::ffff:203.0.113.9", NULL, NULL, "203.0.113.9", false,
	     "a mapped peer counts as its IPv4 address"},
	    {"::1", "::1", "2001:db8::7", "https", "2001:db8::7", true, "IPv6 proxy"},
	    {"127.0.0.1", NULL, "198.51.100.1", "https", NULL, false, "unknown peer: unknown"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct arena *a = arena_new(1 << 16);
		struct config c;
		config_init(&c);
		struct buf err = BUF_INIT;
		if (cases[i].trusted)
			config_set(&c, "trusted_proxies", cases[i].trusted, &err);
		const char *client = "unset";
		bool https = !cases[i].https;
		web_proxy_client(cases[i].trusted ? &c : NULL, cases[i].peer, cases[i].xff,
				 cases[i].xfp, a, &client, &https);
		bool same =
		    cases[i].client ? client && strcmp(client, cases[i].client) == 0 : !client;
		tap_ok(same && https == cases[i].https, "%s (client %s, https %d)", cases[i].what,
		       client ? client : "(none)", https);
		buf_free(&err);
		config_free(&c);
		arena_free(a);
	}
}

int main(void)
{
	test_parse();
	test_prefixes();
	test_client();
	return tap_done();
}
