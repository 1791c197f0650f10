/* strlist.h: a growable list of owned strings, for explanations built line by line (the steps
 * of a deadline, the arithmetic of a fee). An allocation failure sets `failed` and drops the line,
 * so callers check once at the end. */
#ifndef ZF_STRLIST_H
#define ZF_STRLIST_H

struct strlist {
	char **v;
	size_t n;
	bool failed;
};

/* Appends a formatted line (owned by the list). */
void strlist_addf(struct strlist *l, const char *fmt, ...) ZF_PRINTF(2, 3);
/* Frees every line and the array, and empties the list. */
void strlist_free(struct strlist *l);

#endif
