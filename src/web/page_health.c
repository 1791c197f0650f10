/* page_health.c: /healthz, for monitors and load balancers: 200 when the server and its
 * database answer, 503 otherwise. */
#include "common.h"
#include "routes.h"
#include "store/db.h"

#include <jansson.h>

int page_health(struct web_request *req, struct web_response *res)
{
	bool db_ok = req->db && store_ping(req->db) == 0;
	json_t *j = json_pack("{s:s,s:s,s:s}", "status", db_ok ? "ok" : "error", "db",
			      db_ok ? "ok" : "unavailable", "version", ZF_VERSION);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!text)
		return ZF_ENOMEM;
	res->status = db_ok ? 200 : 503;
	res->content_type = "application/json; charset=utf-8";
	buf_adds(&res->body, text);
	buf_addch(&res->body, '\n');
	free(text);
	return 0;
}
