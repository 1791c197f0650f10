/* proxy.h: who is on the other end of a request. Behind a reverse proxy (nginx) every
 * request comes from the proxy's address; the visitor's address is in X-Forwarded-For and
 * the scheme in X-Forwarded-Proto. Those headers are believed only when the peer is one of
 * the configured trusted proxies (config trusted_proxies), since anyone can send them. */
#ifndef ZF_WEB_PROXY_H
#define ZF_WEB_PROXY_H

#include "buf.h"

#include <stdbool.h>

struct arena;
struct config;

/* At most this many entries in trusted_proxies. */
#define PROXY_MAX_NETS 64

/* One trusted network: an IPv6 address (IPv4 as ::ffff:a.b.c.d) and its prefix length. */
struct proxy_net {
	unsigned char addr[16];
	int bits;
};

/* Parses trusted_proxies: "none" (or empty), or addresses and networks (IPv4 or IPv6,
 * optionally /prefix) separated by commas or spaces. Fills nets (at most PROXY_MAX_NETS)
 * and *n. 0, or ZF_EINVAL with a Chinese message naming the bad entry in err (may be
 * NULL). Also the config check of the key. */
int web_proxy_parse(const char *value, struct proxy_net *nets, size_t *n, struct buf *err);

/* Parses one address as text (IPv4, IPv6, or IPv6 in brackets; surrounding blanks
 * allowed) into 16 bytes (IPv4 mapped). false when it is not an address. */
bool web_proxy_addr(const char *s, size_t len, unsigned char out[16]);

/* True when addr lies in one of the nets. */
bool web_proxy_trusted(const struct proxy_net *nets, size_t n, const unsigned char addr[16]);

/* The visitor's address from an X-Forwarded-For value, the socket peer being a trusted
 * proxy: walks the list from the right, skipping trusted proxies, and returns the first
 * address that is not one (an arena string in canonical form), or the leftmost address
 * when all are trusted. NULL when the header is empty or an entry walked over is not an
 * address (the caller then keeps the peer). */
const char *web_proxy_xff(const struct proxy_net *nets, size_t n, const char *xff,
			  struct arena *arena);

/* From the socket peer's address (text, may be NULL) and the request's X-Forwarded-For and
 * X-Forwarded-Proto headers (NULL when absent), sets *client_ip (arena string or peer
 * itself; NULL when unknown) and *https. With no trusted proxy configured, or a peer that
 * is not one, the client is the peer and https is false; cfg may be NULL. */
void web_proxy_client(const struct config *cfg, const char *peer, const char *xff, const char *xfp,
		      struct arena *arena, const char **client_ip, bool *https);

#endif
