/* offmap.h: maps byte offsets of a rewritten text back to the text it was made from.
 * Every stage that rewrites text (HTML to text, normalisation, gloss removal, T→S) builds
 * one, so that a value read from the final text can name its line and column in the source. */
#ifndef ZF_OFFMAP_H
#define ZF_OFFMAP_H

#include "buf.h"

/* One run of output: bytes [dst, dst+len) were copied from [src, src+len); len = 0 marks a
 * replacement, whose output maps to src as a whole. */
struct offmap_seg {
	size_t dst;
	size_t src;
	size_t len;
};

struct offmap {
	struct offmap_seg *segs;
	size_t n;
	size_t alloc;
	bool failed; /* an append ran out of memory: lookups degrade to the nearest known run */
};

#define OFFMAP_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0, false                                                                  \
	}

void offmap_init(struct offmap *m);
void offmap_free(struct offmap *m);
void offmap_reset(struct offmap *m);
/* Records that output [dst, dst+len) is a copy of input [src, src+len); merges with the
 * previous run when contiguous. */
void offmap_copy(struct offmap *m, size_t dst, size_t src, size_t len);
/* Records that the output from dst on (up to the next record) replaces input at src. */
void offmap_repl(struct offmap *m, size_t dst, size_t src);
/* Appends input [from, to) to out unchanged and records the run in map (may be NULL).
 * 0 or ZF_ENOMEM. */
int offmap_emit(struct buf *out, struct offmap *map, const char *in, size_t from, size_t to);
/* Returns the input offset of output offset dst (0 for an empty map). */
size_t offmap_lookup(const struct offmap *m, size_t dst);

#endif
