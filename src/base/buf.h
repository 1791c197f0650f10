/* buf.h: string views (struct str) and growable, capped byte buffers (struct buf). */
#ifndef ZF_BUF_H
#define ZF_BUF_H

/* A borrowed run of bytes; not NUL-terminated in general. */
struct str {
	const char *p;
	size_t len;
};

#define STR_LIT(s) ((struct str){(s), sizeof(s) - 1})
#define STR_NULL   ((struct str){NULL, 0})
#define STR_FMT	   "%.*s"
#define STR_ARG(s) (int)(s).len, (s).p

/* View of a C string (borrows). */
struct str str_c(const char *s);
bool str_eq(struct str a, struct str b);
bool str_eq_c(struct str a, const char *s);
bool str_starts_with(struct str s, const char *prefix);
/* Trims ASCII whitespace on both ends. */
struct str str_trim(struct str s);
/* Splits *s at the first `sep`: returns the part before it and advances *s past it.
 * When sep is absent, returns all of *s and leaves *s empty. */
struct str str_cut(struct str *s, char sep);
/* Parses a whole decimal integer (optional leading '-'); 0 or ZF_EINVAL/ZF_ERANGE. */
int str_to_long(struct str s, long *out);

/* A growable byte buffer, always NUL-terminated, with an optional cap on its length. */
struct buf {
	char *p;
	size_t len;
	size_t alloc;
	size_t cap;  /* 0 = no cap */
	bool failed; /* set when an append hit the cap or ran out of memory */
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0, 0, false                                                               \
	}

/* Initialises an empty buffer; cap = 0 means unlimited. */
void buf_init(struct buf *b, size_t cap);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
/* Appends bytes; returns 0, or ZF_ETOOBIG / ZF_ENOMEM (and sets b->failed). */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addstr(struct buf *b, struct str s);
int buf_addch(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) ZF_PRINTF(2, 3);
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Returns the contents as a C string (borrows; valid until the next change). */
/* Replaces the contents with formatted text; does nothing when b is NULL (an optional
 * error-message buffer). */
void buf_setf(struct buf *b, const char *fmt, ...) ZF_PRINTF(2, 3);
const char *buf_cstr(const struct buf *b);
struct str buf_str(const struct buf *b);
/* Hands the contents over as an owned C string (free with free()) and resets b. */
char *buf_detach(struct buf *b, size_t *len);

/* Reads a whole file into b (at most `cap` bytes if cap > 0): 0, ZF_EIO, ZF_ETOOBIG. */
int buf_read_file(struct buf *b, const char *path, size_t cap);
/* Reads all of a stream into b. */
int buf_read_stream(struct buf *b, FILE *f, size_t cap);

#endif
