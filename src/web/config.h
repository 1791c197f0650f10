/* config.h: the server's configuration, as one table of keys with a type, bounds, a default
 * and Chinese help. Sources, later ones winning: defaults, a `key = value` file, then
 * command-line options. */
#ifndef ZF_WEB_CONFIG_H
#define ZF_WEB_CONFIG_H

#include "buf.h"

struct config {
	char *listen;		   /* "127.0.0.1:8080"; "[::1]:8080"; port 0 = any free port */
	char *db;		   /* store target: a SQLite file path */
	long threads;		   /* worker threads (and database connections) */
	long max_body;		   /* bytes; larger request bodies get 413 */
	long max_conn;		   /* open connections at most */
	long timeout;		   /* seconds an idle connection is kept */
	char *log_level;	   /* debug, info, warn, error */
	bool fetch_internal;	   /* the console may fetch addresses on this machine or inside */
	bool demo;		   /* seed the demo agency tree into an empty database */
	long login_max_failures;   /* wrong passwords in a row before an account is locked */
	long login_lock_minutes;   /* how long the lock lasts */
	long session_hours;	   /* how long a sign-in lasts */
	long mail_interval;	   /* seconds between outbox sends (0 = none here) */
	long scan_interval;	   /* seconds between whole-site integrity scans (0 = none here) */
	char *trusted_proxies;	   /* comma-separated addresses/CIDRs whose X-Forwarded-For and
				    * X-Forwarded-Proto are believed ("none") */
	long per_ip_conn;	   /* open connections from one peer address at most */
	long request_deadline;	   /* seconds a whole request (head and body) may take to arrive */
	long session_idle_minutes; /* a session unused this long ends */
	long audit_retention_days; /* audit lines younger than this are never pruned (>= 183) */
	long login_address_max_failures; /* wrong passwords of one address, all accounts, per
					  * login_lock_minutes before it is refused */
	long password_min_length;	 /* characters a new password has at least */
	long password_history;		 /* a new password may not be one of the last this many */
	bool page_cache;    /* public pages of visitors kept rendered, invalidated by generation */
	long page_cache_mb; /* the bytes all kept pages may take together, in MB */
};

/* Fills c with the defaults. Free with config_free. */
void config_init(struct config *c);
void config_free(struct config *c);
/* Sets one key from its text form, checking type and bounds. On error returns ZF_ENOENT
 * (unknown key) or ZF_EINVAL/ZF_ERANGE and writes a Chinese message to err. */
int config_set(struct config *c, const char *key, const char *value, struct buf *err);
/* Reads `key = value` lines ('#' starts a comment; a value may be in double quotes).
 * Errors name the place: "FILE:LINE: ...". */
int config_load_file(struct config *c, const char *path, struct buf *err);
/* Parses text as if it were a file named name (for config_load_file and tests). */
int config_load_text(struct config *c, const char *name, struct str text, struct buf *err);
/* Appends the configuration in effect, in file syntax, with each key's help as a comment. */
void config_dump(const struct config *c, struct buf *out);
/* Appends a table of the keys (name, default, help) for --help. */
void config_help(struct buf *out);

/* Splits "HOST:PORT" or "[V6]:PORT" into host (borrowed into hostbuf) and port. */
int config_parse_listen(const char *s, char *host, size_t hostlen, int *port);

#endif
