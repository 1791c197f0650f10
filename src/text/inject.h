/* inject.h: finds and undoes spam injected into a copied report: a mirror site replaced a
 * term (信息公开, 习近平, 中央、) everywhere with a gambling brand. A brand sitting in the slot
 * of a fixed phrase (政府[信息公开]工作年度报告) tells what it replaced; every occurrence is
 * then put back, except where the brand stands before a place suffix (…市, …区), where it
 * replaced a place name that cannot be recovered. Vocabulary and phrases are data
 * (data/embed/spam-vocab.tsv, data/embed/report-phrases.txt). Pure. */
#ifndef ZF_INJECT_H
#define ZF_INJECT_H

#include "buf.h"
#include "text/offmap.h"

struct inject_vocab;

/* Builds the matcher from the two data files (borrowed for the call). 0 and an owned vocab
 * (free with inject_vocab_free), ZF_EPARSE or ZF_ENOMEM. */
int inject_vocab_new(const char *vocab, size_t vlen, const char *phrases, size_t plen,
		     struct inject_vocab **out);
void inject_vocab_free(struct inject_vocab *v);

#define INJECT_MAX_ITEMS 16

/* One injected string. */
struct inject_item {
	char text[96];	    /* as found, e.g. "万博体育3.0手机版" */
	char replaced[48];  /* what it stands for, "" when unknown */
	char example[160];  /* the fixed phrase where it was recognised, as found */
	size_t count;	    /* occurrences */
	size_t repaired;    /* occurrences put back */
	size_t place_slots; /* occurrences before a place suffix, left as they are */
	size_t first;	    /* byte offset of the first occurrence */
};

struct inject_result {
	struct inject_item items[INJECT_MAX_ITEMS];
	size_t nitems;
	size_t repaired; /* total replacements made */
};

/* Scans n bytes of normalised, simplified text. When something was repaired, out holds the
 * repaired text (reset first) and map its offsets; otherwise out is left empty. 0 or
 * ZF_ENOMEM. */
int inject_scan(const struct inject_vocab *v, const char *in, size_t n, struct buf *out,
		struct offmap *map, struct inject_result *res);

#endif
