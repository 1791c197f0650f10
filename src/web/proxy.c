/* proxy.c: see proxy.h. PLACEHOLDER (#16): trusts no proxy yet; the throttles helper
 * implements trusted_proxies. */
#include "proxy.h"

#include "common.h"

void web_proxy_client(const struct config *cfg, const char *peer, const char *xff,
		      const char *xfp, struct arena *arena, const char **client_ip, bool *https)
{
	ZF_UNUSED(cfg);
	ZF_UNUSED(xff);
	ZF_UNUSED(xfp);
	ZF_UNUSED(arena);
	*client_ip = peer;
	*https = false;
}
