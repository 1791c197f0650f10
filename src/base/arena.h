/* arena.h: region allocator. One arena per HTTP request or per job; everything is freed at once. */
#ifndef ZF_ARENA_H
#define ZF_ARENA_H

struct arena;

/* Returns a new arena that may hold at most `cap` bytes in all (0 = no cap); NULL on OOM. */
struct arena *arena_new(size_t cap);
/* Frees the arena and everything allocated from it. */
void arena_free(struct arena *a);
/* Returns zeroed memory aligned for any type, owned by the arena; NULL when over cap or OOM. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies n bytes into the arena and NUL-terminates them. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) ZF_PRINTF(2, 3);
/* Grows an arena-owned array of `len` elements of `size` bytes when it is full (len == *alloc):
 * returns a copy with twice the room (at least 16) and updates *alloc; returns `old` when there
 * is room left, NULL when out of memory. */
void *arena_grow(struct arena *a, void *old, size_t len, size_t *alloc, size_t size);
/* Total bytes handed out so far. */
size_t arena_used(const struct arena *a);

#endif
