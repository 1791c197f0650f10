/* normalize.h: the first repair pass over decoded text. Folds compatibility forms with NFKC
 * (full-width digits, letters and punctuation, circled numbers, ﹒ for "."), turns line ends
 * into "\n", drops zero-width and control characters, and turns placeholder runs of "?"
 * (what a lost U+3000 or an empty cell became in a bad conversion) into spaces. Pure. */
#ifndef ZF_NORMALIZE_H
#define ZF_NORMALIZE_H

#include "buf.h"
#include "utf8.h"
#include "text/offmap.h"

struct norm_stats {
	size_t folded;	     /* characters changed by NFKC */
	size_t placeholders; /* "?" placeholders turned into spaces */
	size_t replacement;  /* U+FFFD (undecodable bytes) left in the text */
	size_t stray_qmarks; /* "?" inside words: a character lost beyond repair */
};

/* Normalises n bytes of UTF-8 (invalid sequences become U+FFFD) into out, which it resets;
 * map (may be NULL) receives output-to-input offsets. 0, ZF_ENOMEM or ZF_ETOOBIG. */
int text_normalize(const char *in, size_t n, struct buf *out, struct offmap *map,
		   struct norm_stats *st);

/* True for a Han ideograph (CJK unified, extensions, compatibility). */
bool text_is_han(uint32_t cp);

/* utf8_decode with the common case (a three-byte character that is neither overlong nor a
 * surrogate) inline: the hot loops of text/ decode every character of a report. */
static inline size_t text_decode(const char *s, size_t n, uint32_t *cp)
{
	unsigned char c = (unsigned char)s[0];
	if (c >= 0xE1 && c <= 0xEF && c != 0xED && n >= 3 && ((unsigned char)s[1] & 0xC0) == 0x80 &&
	    ((unsigned char)s[2] & 0xC0) == 0x80) {
		*cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)((unsigned char)s[1] & 0x3F) << 6 |
		      (uint32_t)((unsigned char)s[2] & 0x3F);
		return 3;
	}
	return utf8_decode(s, n, cp);
}

#endif
