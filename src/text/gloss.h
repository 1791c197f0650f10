/* gloss.h: removes pinyin glosses that mirror sites insert after characters, as in
 * 發(fā)布 or 衛(wei)(wei)生: a parenthesised syllable is dropped only when it is a reading of
 * the character before it, and only in a text dense with them (a teaching text that writes
 * one 見(xiàn) keeps it). See research/content-check.md §4.3. Pure. */
#ifndef ZF_GLOSS_H
#define ZF_GLOSS_H

#include "buf.h"
#include "text/offmap.h"
#include "text/readings.h"

#define GLOSS_EXAMPLES 3

struct gloss_stats {
	size_t han;	/* Han characters in the text */
	size_t glosses; /* glosses that are readings of their character */
	size_t removed; /* glosses removed (0 when the text was not dense enough) */
	/* the first few glossed characters as written, e.g. "發(fā)" */
	char example[GLOSS_EXAMPLES][48];
	size_t nexamples;
};

/* Scans n bytes of normalised UTF-8 (ASCII parentheses). When glosses are dense enough,
 * writes the text without them to out (reset first), fills map, and sets st->removed;
 * otherwise leaves out empty and st->removed = 0. 0 or ZF_ENOMEM. */
int text_gloss_strip(const struct text_readings *r, const char *in, size_t n, struct buf *out,
		     struct offmap *map, struct gloss_stats *st);

/* Minimum number of glosses, and minimum share of Han characters glossed (per mille). */
#define GLOSS_MIN_COUNT	   3
#define GLOSS_MIN_PERMILLE 10

#endif
