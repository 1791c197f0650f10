/* embedded.h: data files compiled into the binary (data/cn-calendar.tsv, data/NOTICE,
 * every file in data/embed), so that zfxxgk runs from anywhere without its source tree. */
#ifndef ZF_EMBEDDED_H
#define ZF_EMBEDDED_H

/* Returns the contents of the embedded file with this base name (borrowed, static,
 * NUL-terminated) and stores its length, or NULL when there is none. */
const unsigned char *embedded_find(const char *name, size_t *len);

#endif
