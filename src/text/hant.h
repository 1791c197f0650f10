/* hant.h: traditional → simplified Chinese. Detection is pure (a count of common characters
 * that exist only in traditional script); conversion goes through OpenCC's t2s.json, which
 * the converter loads from /usr/share/opencc when it is opened (the one place in text/ that
 * reads files, once per process). */
#ifndef ZF_HANT_H
#define ZF_HANT_H

#include "buf.h"
#include "text/offmap.h"

struct text_hant;

/* True when n bytes of UTF-8 read as traditional script: at least 10 marker characters
 * making up at least 2% of the Han characters (of the first 4000). Stores the counts when
 * the pointers are set. */
bool text_hant_detect(const char *in, size_t n, size_t *markers, size_t *han);

/* Opens the OpenCC t2s converter: 0 and an owned handle, or ZF_ENOENT when OpenCC or its
 * data is missing. Close with text_hant_close. */
int text_hant_open(struct text_hant **out);
void text_hant_close(struct text_hant *h);
/* Converts n bytes into out (reset first), with map from output to input offsets (character
 * by character; a run of Han characters that changed length maps to its start). The result
 * is OpenCC's, but most characters are converted from a table the handle learns from OpenCC
 * (one call per text for the characters it has not met yet); only runs holding a character
 * whose conversion depends on the word go through OpenCC. 0, ZF_ENOMEM, ZF_EIO. */
int text_hant_convert(struct text_hant *h, const char *in, size_t n, struct buf *out,
		      struct offmap *map);

#endif
