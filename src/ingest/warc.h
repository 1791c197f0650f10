/* warc.h: the records of a WARC file (ISO 28500, WARC/1.0 and 1.1), plain or gzip-compressed
 * (one gzip member per record or the whole file; zlib reads both), one record at a time so
 * that an archive of any size is read in bounded memory. For a response record the HTTP
 * message is unpacked: status, Content-Type, chunked transfer coding and gzip/deflate content
 * coding undone; a resource record's block is its payload. */
#ifndef ZF_WARC_H
#define ZF_WARC_H

#include "buf.h"

#include <stdbool.h>

#define WARC_RECORD_MAX (64u << 20) /* a record's block; a larger one is skipped */
#define WARC_HEADER_MAX (64u << 10) /* a record's or an HTTP message's header lines */

struct warc;

struct warc_record {
	char type[32];		/* "response", "resource", "request", "warcinfo", … */
	char target[2048];	/* WARC-Target-URI, "" when none */
	char content_type[128]; /* of the payload, lower case, without parameters */
	long status;		/* HTTP status of a response, 0 otherwise */
	size_t index;		/* 1 for the first record */
	bool skipped;		/* over WARC_RECORD_MAX: payload empty, the block skipped */
	struct buf payload;	/* the document (owned by the reader, valid until the next call) */
};

/* Opens a WARC file (.warc or .warc.gz). 0, or ZF_EIO with one Chinese line in err. */
int warc_open(const char *path, struct warc **out, struct buf *err);
/* Reads a WARC held in memory (uncompressed; borrowed for the reader's life). */
int warc_open_mem(const char *data, size_t n, struct warc **out);
void warc_close(struct warc *w);
/* The next record: 1 with *rec filled (borrowed from the reader), 0 at the end, ZF_EPARSE
 * (not a WARC, a truncated record, a broken gzip stream) with one Chinese line in err naming
 * the record, or ZF_ENOMEM. */
int warc_next(struct warc *w, struct warc_record **rec, struct buf *err);

#endif
