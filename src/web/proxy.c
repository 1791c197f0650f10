/* proxy.c: the trusted proxies and the visitor's address (see proxy.h). The list is parsed
 * on each request (a few inet_pton calls) so that nothing is shared between threads. */
#include "common.h"
#include "proxy.h"
#include "arena.h"
#include "config.h"

#include <arpa/inet.h>
#include <strings.h>

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

bool web_proxy_addr(const char *s, size_t len, unsigned char out[16])
{
	while (len && blank(*s))
		s++, len--;
	while (len && blank(s[len - 1]))
		len--;
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']')
		s++, len -= 2;
	char text[INET6_ADDRSTRLEN + 1];
	if (len == 0 || len >= sizeof(text) || memchr(s, '\0', len))
		return false;
	memcpy(text, s, len);
	text[len] = '\0';
	unsigned char v4[4];
	if (inet_pton(AF_INET, text, v4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, v4, 4);
		return true;
	}
	return inet_pton(AF_INET6, text, out) == 1;
}

static bool mapped_v4(const unsigned char a[16])
{
	static const unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	return memcmp(a, prefix, sizeof(prefix)) == 0;
}

/* The canonical text of an address: dotted IPv4 for IPv4 and mapped IPv6, else RFC 5952. */
static const char *addr_text(struct arena *arena, const unsigned char a[16])
{
	char text[INET6_ADDRSTRLEN];
	const char *ok = mapped_v4(a) ? inet_ntop(AF_INET, a + 12, text, sizeof(text))
				      : inet_ntop(AF_INET6, a, text, sizeof(text));
	return ok ? arena_strdup(arena, text) : NULL;
}

/* One entry of the list: "addr" or "addr/bits"; 0 or ZF_EINVAL. */
static int parse_net(const char *s, size_t len, struct proxy_net *net)
{
	const char *slash = memchr(s, '/', len);
	size_t alen = slash ? (size_t)(slash - s) : len;
	if (!web_proxy_addr(s, alen, net->addr))
		return ZF_EINVAL;
	bool v4 = mapped_v4(net->addr) && memchr(s, '.', alen);
	int max = v4 ? 32 : 128;
	int bits = max;
	if (slash) {
		const char *d = slash + 1;
		size_t dl = len - alen - 1;
		if (dl == 0 || dl > 3)
			return ZF_EINVAL;
		bits = 0;
		for (size_t i = 0; i < dl; i++) {
			if (d[i] < '0' || d[i] > '9')
				return ZF_EINVAL;
			bits = bits * 10 + (d[i] - '0');
		}
		if (bits > max)
			return ZF_EINVAL;
	}
	net->bits = v4 ? bits + 96 : bits;
	return 0;
}

int web_proxy_parse(const char *value, struct proxy_net *nets, size_t *n, struct buf *err)
{
	*n = 0;
	if (!value)
		return 0;
	struct str all = str_trim(str_c(value));
	if (all.len == 0 || (all.len == 4 && strncasecmp(all.p, "none", 4) == 0))
		return 0;
	const char *p = all.p, *end = all.p + all.len;
	while (p < end) {
		while (p < end && (blank(*p) || *p == ','))
			p++;
		const char *q = p;
		while (q < end && !blank(*q) && *q != ',')
			q++;
		if (q == p)
			break;
		size_t len = (size_t)(q - p);
		struct proxy_net net;
		if (len > 64 || parse_net(p, len, &net)) {
			if (err)
				buf_printf(
				    err,
				    "可信代理“%.*s”无效：应为 IPv4 或 IPv6 地址，可带网段长度"
				    "（如 10.0.0.0/8、fd00::/8），多个之间用逗号分隔；不信任任何"
				    "代理时写 none",
				    (int)(len > 64 ? 64 : len), p);
			return ZF_EINVAL;
		}
		if (*n >= PROXY_MAX_NETS) {
			if (err)
				buf_printf(err, "可信代理不能超过 %d 个（“%.*s”起超出）",
					   PROXY_MAX_NETS, (int)len, p);
			return ZF_EINVAL;
		}
		nets[(*n)++] = net;
		p = q;
	}
	return 0;
}

bool web_proxy_trusted(const struct proxy_net *nets, size_t n, const unsigned char addr[16])
{
	for (size_t i = 0; i < n; i++) {
		int bits = nets[i].bits, full = bits / 8, rest = bits % 8;
		if (memcmp(nets[i].addr, addr, (size_t)full))
			continue;
		if (rest) {
			unsigned char mask = (unsigned char)(0xff << (8 - rest));
			if ((nets[i].addr[full] ^ addr[full]) & mask)
				continue;
		}
		return true;
	}
	return false;
}

const char *web_proxy_xff(const struct proxy_net *nets, size_t n, const char *xff,
			  struct arena *arena)
{
	if (!xff)
		return NULL;
	const char *end = xff + strlen(xff);
	unsigned char a[16];
	for (;;) {
		const char *start = end;
		while (start > xff && start[-1] != ',')
			start--;
		struct str e = str_trim((struct str){start, (size_t)(end - start)});
		if (!web_proxy_addr(e.p, e.len, a))
			return NULL; /* a forged or broken entry: keep the peer */
		if (start == xff || !web_proxy_trusted(nets, n, a))
			return addr_text(arena, a);
		end = start - 1;
	}
}

void web_proxy_client(const struct config *cfg, const char *peer, const char *xff, const char *xfp,
		      struct arena *arena, const char **client_ip, bool *https)
{
	*client_ip = peer;
	*https = false;
	unsigned char a[16];
	if (!peer || !web_proxy_addr(peer, strlen(peer), a))
		return;
	if (arena && mapped_v4(a) && strchr(peer, ':')) {
		const char *v4 = addr_text(arena, a); /* ::ffff:a.b.c.d counts as a.b.c.d */
		if (v4)
			*client_ip = v4;
	}
	if (!cfg || !cfg->trusted_proxies || !arena)
		return;
	struct proxy_net nets[PROXY_MAX_NETS];
	size_t n = 0;
	if (web_proxy_parse(cfg->trusted_proxies, nets, &n, NULL) || n == 0 ||
	    !web_proxy_trusted(nets, n, a))
		return;
	const char *visitor = web_proxy_xff(nets, n, xff, arena);
	if (visitor)
		*client_ip = visitor;
	if (xfp) {
		/* the proxy nearest to us wrote the last value */
		const char *last = strrchr(xfp, ',');
		struct str proto = str_trim(str_c(last ? last + 1 : xfp));
		*https = proto.len == 5 && strncasecmp(proto.p, "https", 5) == 0;
	}
}
