/* server.h: the HTTP server (libmicrohttpd underneath) and the request and response that
 * handlers work with. The server gathers a whole request (method, path, query, headers,
 * cookies, body) into a struct web_request with its own arena, calls the dispatcher, and
 * sends the struct web_response back with the security headers. Handlers never see MHD. */
#ifndef ZF_SERVER_H
#define ZF_SERVER_H

#include "buf.h"

struct arena;
struct config;
struct store;
struct store_pool;

enum web_method {
	WEB_GET,
	WEB_HEAD,
	WEB_POST,
	WEB_PUT,
	WEB_DELETE,
	WEB_OPTIONS,
	WEB_OTHER,
};

/* A header, query argument or cookie; name and value are valid UTF-8, NUL-terminated. */
struct web_pair {
	const char *name;
	const char *value;
};

/* A role granted to a user over an agency and the agencies below it. */
struct web_grant {
	long long agency_id;
	int role; /* enum route_role */
};

/* A signed-in user (filled by the session layer, session.c; NULL for visitors). */
struct web_user {
	long long id;
	const char *login;
	const char *name;	  /* display name */
	long long agency_id;	  /* the user's own agency */
	int role;		  /* the strongest role held anywhere (enum route_role) */
	struct web_grant *grants; /* expanded: one per agency reachable, strongest role */
	size_t ngrants;
	bool must_change; /* a generated password: every console page leads to /console/password */
};

/* What every handler can reach besides its request: shared, read-only while serving. */
struct web_env {
	const struct config *config;
	struct store_pool *db; /* NULL: no database configured */
	/* the one-time code of /setup, printed at start on an empty database; NULL: none */
	const char *setup_code;
};

#define WEB_MAX_PATH_ARGS 4

struct web_request {
	struct arena *arena; /* request lifetime; freed once, after the response is sent */
	const struct web_env *env;
	enum web_method method;
	const char *method_name;
	const char *peer_ip; /* the socket peer's address as text; NULL when unknown */
	/* the visitor's address: the peer, or from X-Forwarded-For when the peer is a trusted
	 * proxy (web/proxy.h); NULL when unknown. Throttles and audit lines use this one. */
	const char *client_ip;
	bool https;	  /* reached over HTTPS (X-Forwarded-Proto from a trusted proxy) */
	const char *path; /* decoded, starts with '/', valid UTF-8 */
	struct web_pair *args, *headers, *cookies;
	size_t nargs, nheaders, ncookies;
	struct str body; /* raw bytes, at most config max_body */
	/* fields of an application/x-www-form-urlencoded body (valid UTF-8; else the request
	 * is refused with 400 before any handler runs) */
	struct web_pair *form;
	size_t nform;
	/* filled by the dispatcher */
	const char *path_args[WEB_MAX_PATH_ARGS]; /* values of {name} segments, in order */
	size_t npath_args;
	struct store *db; /* a connection when the route needs the database */
	/* filled by the session layer (session.c) before dispatch */
	const struct web_user *user;
	const char *session_id; /* the signed-in session's id, NULL for visitors */
	const char *csrf_token; /* the token forms must carry in the field "_csrf" */
	bool csrf_ok;		/* a POST carried the right token */
	bool session_timed_out; /* the session cookie named a session ended for being idle */
};

#define WEB_MAX_HEADERS 8

struct web_response {
	int status;
	const char *content_type; /* default "text/html; charset=utf-8" */
	struct buf body;	  /* capped; a failed body becomes a 500 */
	struct web_pair headers[WEB_MAX_HEADERS];
	size_t nheaders;
};

/* Looks up a query argument, header (case-insensitive) or cookie; NULL when absent.
 * Returns a string borrowed from the request. */
const char *web_arg(const struct web_request *req, const char *name);
const char *web_header(const struct web_request *req, const char *name);
const char *web_cookie(const struct web_request *req, const char *name);
/* A field of a posted form (urlencoded body); NULL when absent. The first one wins. */
const char *web_form(const struct web_request *req, const char *name);
/* Adds a response header. name and value are borrowed: literals or request-arena strings.
 * Returns ZF_ETOOBIG when the header table is full. */
int web_add_header(struct web_response *res, const char *name, const char *value);

/* Prepares an empty 200 response with a body capped at cap bytes; free with
 * web_response_free (the server does both for handlers). */
void web_response_init(struct web_response *res, size_t cap);
void web_response_free(struct web_response *res);

/* The dispatcher the server calls for every complete request. */
typedef void web_dispatch_fn(struct web_request *req, struct web_response *res);

struct server;

/* Starts listening per config (listen, threads, max_conn, timeout, max_body) and serving
 * through dispatch. On failure returns NULL and writes a Chinese message to err. Owned:
 * stop and free with server_stop. */
struct server *server_start(const struct web_env *env, web_dispatch_fn *dispatch, struct buf *err);
/* The port actually bound (useful with port 0). */
int server_port(const struct server *srv);
/* Blocks until SIGINT or SIGTERM arrives. Call server_block_signals first, in main, before
 * server_start, so that no other thread takes them. */
void server_block_signals(void);
int server_wait_signal(void);
/* As server_wait_signal, but returns 0 when none came within `seconds`. */
int server_wait_signal_for(int seconds);
/* Stops accepting, lets requests in flight finish (up to a few seconds), stops, frees. */
void server_stop(struct server *srv);

#endif
