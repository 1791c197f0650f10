/* backup.h: the backup file of `zfxxgk backup` / `zfxxgk restore`, one format for both
 * engines. A backup is a text header, an empty line, then a body: an SQLite database holding
 * a consistent copy of every table (made with store_copy from one snapshot of the source, so
 * a PostgreSQL installation is backed up the same way and can be restored into either
 * engine). The header says what the body must be:
 *
 *   zfxxgk-backup 1
 *   created 2026-12-07T13:00:00Z
 *   engine postgresql
 *   schema 26
 *   audit 1234 <hash of the last audit line, 64 hex>
 *   table agencies 12
 *   ...
 *   body sqlite3 <bytes> <SHA-256 of the body, 64 hex>
 *   (empty line)
 *
 * The parser takes outside input (a file that may be damaged or forged): bounded, one Chinese
 * message per refusal. */
#ifndef ZF_STORE_BACKUP_H
#define ZF_STORE_BACKUP_H

#include "buf.h"
#include "store/audit.h"

#include <stdbool.h>
#include <stddef.h>

#define BACKUP_MAGIC	  "zfxxgk-backup 1\n"
#define BACKUP_MAX_HEAD	  (256 * 1024) /* bytes of header at most */
#define BACKUP_MAX_TABLES 1000

struct backup_table {
	char name[64];
	long long rows;
};

struct backup_header {
	char created[24];
	char engine[16];
	int schema;
	long long audit_lines;
	char audit_head[AUDIT_HASH_HEX];
	struct backup_table *tables; /* owned: backup_header_free */
	size_t ntables;
	long long body_bytes;
	char body_sha[AUDIT_HASH_HEX];
	size_t head_len; /* bytes of the header, the empty line included */
};

/* Parses the header at the start of p[0..n): 0 with h filled (free with backup_header_free),
 * or ZF_EINVAL with a Chinese message in err. */
int backup_header_parse(const char *p, size_t n, struct backup_header *h, struct buf *err);
/* Writes h as a header (the empty line included). */
void backup_header_write(const struct backup_header *h, struct buf *out);
void backup_header_free(struct backup_header *h);

/* A read-only snapshot of st: every read until store_snapshot_end sees the database as it was
 * at its first read, while other connections keep writing (SQLite: a read transaction in WAL
 * mode; PostgreSQL: REPEATABLE READ). 0 or ZF_EDB. */
int store_snapshot_begin(struct store *st);
int store_snapshot_end(struct store *st);

/* Makes an SQLite backup body one self-contained file (no write-ahead log beside it) before
 * it is closed. 0 or ZF_EDB. */
int store_backup_seal(struct store *st);

/* Empties a database for a forced restore: every table, view, trigger and function of ours
 * (PostgreSQL: the schema public is dropped and created again). 0 or ZF_EDB. */
int store_wipe(struct store *st);

#endif
