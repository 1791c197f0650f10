/* session.h: who is asking. Sign-in sessions kept in the database (cookie zf_sid, HttpOnly,
 * SameSite=Lax), CSRF tokens for every form (signed-in or not), and the per-agency
 * permission check every console handler uses. The dispatcher calls session_load before a
 * route's needs are checked, so handlers only read req->user and req->csrf_ok. */
#ifndef ZF_WEB_SESSION_H
#define ZF_WEB_SESSION_H

#include "server.h"

struct store;

/* Fills req->user, req->session_id, req->csrf_token and req->csrf_ok, using db (may be NULL:
 * then nobody is signed in). May add a Set-Cookie header to res (a visitor's CSRF cookie).
 * CSRF tokens are keyed by the site secret "csrf" of the database, so a token issued by one
 * server of a database is accepted by the others. */
void session_load(struct web_request *req, struct web_response *res, struct store *db);

/* True when the signed-in user holds at least role over agency_id (granted on it or on an
 * agency above it). False for visitors. */
bool session_can(const struct web_request *req, long long agency_id, int role);

/* The agencies over which the user holds at least role, from req->arena (n = 0 for
 * visitors). */
long long *session_agencies(const struct web_request *req, int role, size_t *n);

/* "; Secure" when the request came over HTTPS (req->https: X-Forwarded-Proto from a trusted
 * proxy, web/proxy.h), else "": appended to every Set-Cookie the site sends, so that a
 * cookie set over HTTPS never travels over plain HTTP. */
const char *session_cookie_secure(const struct web_request *req);

/* Sends a visitor whose session ended for being idle (req->session_timed_out) to the login
 * page, which says so and returns to this page after signing in. */
void session_timed_out_page(struct web_request *req, struct web_response *res);

/* Writes <input type="hidden" name="_csrf" value="..."> for a form. */
void session_csrf_field(const struct web_request *req, struct buf *w);

#endif
