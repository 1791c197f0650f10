/* decode.h: turns the bytes of a published report into UTF-8. Detects a byte-order mark
 * (UTF-8, UTF-16LE/BE), UTF-16 without one, valid UTF-8, and otherwise GB18030 (a superset
 * of GBK and GB2312) or Big5 — whichever reads as Chinese — through iconv. Undecodable bytes become
 * U+FFFD and are counted. */
#ifndef ZF_DECODE_H
#define ZF_DECODE_H

#include "buf.h"

enum ingest_encoding {
	ENC_UTF8,
	ENC_UTF8_BOM,
	ENC_UTF16LE,
	ENC_UTF16BE,
	ENC_GB18030,
	ENC_BIG5, /* traditional-script sites; the reader converts to simplified later */
};

struct decode_info {
	enum ingest_encoding enc;
	size_t bad;  /* undecodable byte sequences replaced by U+FFFD */
	bool binary; /* NUL bytes or control characters: not a text document */
};

/* Decodes n bytes into out (reset first). 0, ZF_ENOMEM or ZF_ETOOBIG. */
int ingest_decode(const char *in, size_t n, struct buf *out, struct decode_info *info);
/* "UTF-8", "UTF-16LE", "GB18030", … */
const char *ingest_encoding_name(enum ingest_encoding enc);

#endif
