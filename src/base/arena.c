/* arena.c: a chain of blocks; allocation bumps a pointer. */
#include "common.h"
#include "arena.h"

struct block {
	struct block *next;
	size_t size, used;
	max_align_t data[];
};

struct arena {
	struct block *head;
	size_t cap, used;
};

#define ARENA_BLOCK 8192

struct arena *arena_new(size_t cap)
{
	struct arena *a = calloc(1, sizeof(*a));
	if (a)
		a->cap = cap;
	return a;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void *arena_alloc(struct arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	if (n > SIZE_MAX / 2)
		return NULL;
	n = (n + align - 1) / align * align;
	if (n == 0)
		n = align;
	if (a->cap && a->used + n > a->cap)
		return NULL;
	struct block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->size = size;
		b->used = 0;
		/* A big one-off allocation goes behind the current block so that the
		 * current block's free space is not wasted. */
		if (a->head && n > ARENA_BLOCK) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	char *p = (char *)b->data + b->used;
	b->used += n;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, cp;
	va_start(ap, fmt);
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	char *p = n < 0 ? NULL : arena_alloc(a, (size_t)n + 1);
	if (p)
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *old, size_t len, size_t *alloc, size_t size)
{
	if (len < *alloc)
		return old;
	size_t n = *alloc ? *alloc * 2 : 16;
	if (size && n > SIZE_MAX / 2 / size)
		return NULL;
	void *p = arena_alloc(a, n * size);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, old, len * size);
	*alloc = n;
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->used;
}
