/* strlist.c: see strlist.h. */
#include "common.h"
#include "strlist.h"

void strlist_addf(struct strlist *l, const char *fmt, ...)
{
	va_list ap;
	char *line = NULL;
	va_start(ap, fmt);
	int rc = vasprintf(&line, fmt, ap);
	va_end(ap);
	char **v = rc < 0 ? NULL : realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v) {
		if (rc >= 0)
			free(line);
		l->failed = true;
		return;
	}
	l->v = v;
	l->v[l->n++] = line;
}

void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
	l->failed = false;
}
