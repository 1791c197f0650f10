/* fold.h: the character fold of the phrase scanner (text/scan.h). One code point becomes
 * one code point: NFKC compatibility forms (full/half width, circled digits), case folding,
 * and traditional → simplified by character (data/embed/t2s-chars.tsv, from OpenCC). Each
 * folded character is also classed: a character of a phrase, noise (space, punctuation,
 * symbol, control or format character: skipped between the characters of a phrase), or
 * clause punctuation (。，；！？、： and line ends, also noise). Pure: the table is built
 * from embedded data. */
#ifndef ZF_FOLD_H
#define ZF_FOLD_H

#include <stdint.h>

enum fold_class {
	FOLD_CHAR,   /* a character that phrases are made of */
	FOLD_NOISE,  /* skipped between the characters of a phrase */
	FOLD_CLAUSE, /* noise that also ends a clause */
};

struct text_fold;

/* Builds the table of the Basic Multilingual Plane: 0 and an owned fold (free with
 * text_fold_free), or ZF_ENOMEM. */
int text_fold_new(struct text_fold **out);
void text_fold_free(struct text_fold *f);
/* The folded code point of cp, its class stored in *cls. */
uint32_t text_fold_cp(const struct text_fold *f, uint32_t cp, enum fold_class *cls);
/* The same without the table, for code points beyond the BMP (where there is no t2s). */
uint32_t text_fold_cp_slow(uint32_t cp, enum fold_class *cls);

#endif
