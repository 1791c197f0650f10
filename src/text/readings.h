/* readings.h: Mandarin readings of Han characters (toneless pinyin), loaded from the table
 * data/embed/pinyin-readings.txt (from the Unicode Han database, see its NOTICE). */
#ifndef ZF_READINGS_H
#define ZF_READINGS_H

struct text_readings;

/* Builds the lookup from the table text (borrowed for the call only). Returns 0 and an owned
 * table in *out (free with text_readings_free), ZF_EPARSE or ZF_ENOMEM. */
int text_readings_new(const char *data, size_t len, struct text_readings **out);
void text_readings_free(struct text_readings *r);
/* True when the toneless syllable syl (ASCII a-z, ü written v) is a reading of cp. */
bool text_readings_has(const struct text_readings *r, uint32_t cp, const char *syl, size_t len);
/* Number of (character, reading) pairs. */
size_t text_readings_count(const struct text_readings *r);

#endif
