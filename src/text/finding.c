/* finding.c: the list of site-integrity findings (see finding.h). */
#include "common.h"

#include "arena.h"
#include "text/finding.h"

void site_findings_init(struct site_findings *f)
{
	memset(f, 0, sizeof(*f));
}

void site_findings_free(struct site_findings *f)
{
	free(f->v);
	arena_free(f->arena);
	memset(f, 0, sizeof(*f));
}

void site_finding_category(const char *id, char *out, size_t cap)
{
	if (!cap)
		return;
	const char *dot = strchr(id, '.');
	size_t n = dot ? (size_t)(dot - id) : strlen(id);
	if (dot && n == 4 && !strncmp(id, "link", 4)) {
		/* link.hidden and link.broken are categories of their own */
		const char *dot2 = strchr(dot + 1, '.');
		n = dot2 ? (size_t)(dot2 - id) : strlen(id);
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(out, id, n);
	out[n] = '\0';
}

static const char *dup(struct arena *a, const char *s)
{
	return arena_strdup(a, s ? s : "");
}

int site_findings_add(struct site_findings *f, const struct site_finding *x)
{
	if (!f->arena && !(f->arena = arena_new(0)))
		return ZF_ENOMEM;
	if (f->n == f->alloc) {
		size_t na = f->alloc ? f->alloc * 2 : 16;
		struct site_finding *v = realloc(f->v, na * sizeof(*v));
		if (!v)
			return ZF_ENOMEM;
		f->v = v;
		f->alloc = na;
	}
	struct site_finding y = *x;
	char cat[32];
	if (!x->category)
		site_finding_category(x->id ? x->id : "", cat, sizeof(cat));
	y.id = dup(f->arena, x->id);
	y.category = dup(f->arena, x->category ? x->category : cat);
	y.url = dup(f->arena, x->url);
	y.field = dup(f->arena, x->field);
	y.snippet = dup(f->arena, x->snippet);
	y.context = dup(f->arena, x->context);
	y.message = dup(f->arena, x->message);
	y.fix = dup(f->arena, x->fix);
	if (!y.id || !y.category || !y.url || !y.field || !y.snippet || !y.context || !y.message ||
	    !y.fix)
		return ZF_ENOMEM;
	f->v[f->n++] = y;
	return 0;
}
