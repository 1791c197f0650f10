/* offmap.c: output-to-input offset maps, a sorted list of runs. */
#include "common.h"
#include "text/offmap.h"

void offmap_init(struct offmap *m)
{
	memset(m, 0, sizeof(*m));
}

void offmap_free(struct offmap *m)
{
	free(m->segs);
	memset(m, 0, sizeof(*m));
}

void offmap_reset(struct offmap *m)
{
	m->n = 0;
	m->failed = false;
}

static void push(struct offmap *m, size_t dst, size_t src, size_t len)
{
	if (m->n == m->alloc) {
		size_t na = m->alloc ? m->alloc * 2 : 64;
		struct offmap_seg *s = realloc(m->segs, na * sizeof(*s));
		if (!s) {
			m->failed = true;
			return;
		}
		m->segs = s;
		m->alloc = na;
	}
	m->segs[m->n++] = (struct offmap_seg){dst, src, len};
}

void offmap_copy(struct offmap *m, size_t dst, size_t src, size_t len)
{
	if (!len)
		return;
	if (m->n) {
		struct offmap_seg *last = &m->segs[m->n - 1];
		if (last->len && last->dst + last->len == dst && last->src + last->len == src) {
			last->len += len;
			return;
		}
	}
	push(m, dst, src, len);
}

void offmap_repl(struct offmap *m, size_t dst, size_t src)
{
	if (m->n) {
		struct offmap_seg *last = &m->segs[m->n - 1];
		if (!last->len && last->dst == dst) {
			last->src = src;
			return;
		}
	}
	push(m, dst, src, 0);
}

size_t offmap_lookup(const struct offmap *m, size_t dst)
{
	if (!m->n)
		return 0;
	size_t lo = 0, hi = m->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->segs[mid].dst <= dst)
			lo = mid;
		else
			hi = mid;
	}
	const struct offmap_seg *s = &m->segs[lo];
	if (dst < s->dst)
		return s->src;
	if (!s->len)
		return s->src;
	if (dst - s->dst < s->len)
		return s->src + (dst - s->dst);
	return s->src + s->len;
}

int offmap_emit(struct buf *out, struct offmap *map, const char *in, size_t from, size_t to)
{
	if (to <= from)
		return 0;
	if (map)
		offmap_copy(map, out->len, from, to - from);
	return buf_add(out, in + from, to - from);
}
