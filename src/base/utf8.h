/* utf8.h: UTF-8 validation and decoding. All text inside zfxxgk is valid UTF-8. */
#ifndef ZF_UTF8_H
#define ZF_UTF8_H

/* Returns true when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
bool utf8_valid(const char *s, size_t n);
/* Returns the byte offset of the first invalid sequence, or n when all is valid. */
size_t utf8_check(const char *s, size_t n);
/* Decodes one code point at s (n bytes available). Stores it in *cp and returns its length,
 * or returns 0 for an invalid sequence (then *cp = U+FFFD). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp into out (4 bytes room); returns the length, 0 for an invalid code point. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_count(const char *s, size_t n);
/* Display width in a terminal: CJK and full-width forms count 2, others 1. */
size_t utf8_width(const char *s, size_t n);

#endif
