/* proxy.h: who is on the other end of a request. Behind a reverse proxy (nginx) every
 * request comes from the proxy's address; the visitor's address is in X-Forwarded-For and
 * the scheme in X-Forwarded-Proto. Those headers are believed only when the peer is one of
 * the configured trusted proxies (config trusted_proxies), since anyone can send them. */
#ifndef ZF_WEB_PROXY_H
#define ZF_WEB_PROXY_H

#include <stdbool.h>

struct arena;
struct config;

/* From the socket peer's address (text, may be NULL) and the request's X-Forwarded-For and
 * X-Forwarded-Proto headers (NULL when absent), sets *client_ip (arena string or peer
 * itself; NULL when unknown) and *https. With no trusted proxy configured, the client is
 * the peer and https is false. */
void web_proxy_client(const struct config *cfg, const char *peer, const char *xff,
		      const char *xfp, struct arena *arena, const char **client_ip, bool *https);

#endif
