/* readings.c: (character, syllable) pairs in one sorted array, searched by bisection. */
#include "common.h"
#include "text/readings.h"
#include "utf8.h"

#define SYL_MAX 8

struct text_readings {
	char (*syl)[SYL_MAX]; /* NUL-terminated, in file (sorted) order */
	size_t nsyl;
	uint64_t *pairs; /* cp << 16 | syllable index, sorted */
	size_t npairs;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int text_readings_new(const char *data, size_t len, struct text_readings **out)
{
	struct text_readings *r = calloc(1, sizeof(*r));
	size_t syl_alloc = 0, pair_alloc = 0;
	size_t i = 0;
	int rc = 0;
	*out = NULL;
	if (!r)
		return ZF_ENOMEM;
	while (i < len) {
		size_t eol = i;
		while (eol < len && data[eol] != '\n')
			eol++;
		size_t tab = i;
		while (tab < eol && data[tab] != '\t')
			tab++;
		if (tab == eol || tab - i >= SYL_MAX || tab == i) {
			if (eol > i && data[i] != '#') {
				rc = ZF_EPARSE;
				goto fail;
			}
			i = eol + 1;
			continue;
		}
		if (r->nsyl == syl_alloc) {
			syl_alloc = syl_alloc ? 2 * syl_alloc : 512;
			void *p = realloc(r->syl, syl_alloc * sizeof(*r->syl));
			if (!p)
				goto nomem;
			r->syl = p;
		}
		memset(r->syl[r->nsyl], 0, SYL_MAX);
		memcpy(r->syl[r->nsyl], data + i, tab - i);
		size_t j = tab + 1;
		while (j < eol) {
			uint32_t cp;
			size_t l = utf8_decode(data + j, eol - j, &cp);
			if (!l) {
				rc = ZF_EPARSE;
				goto fail;
			}
			if (r->npairs == pair_alloc) {
				pair_alloc = pair_alloc ? 2 * pair_alloc : 65536;
				void *p = realloc(r->pairs, pair_alloc * sizeof(*r->pairs));
				if (!p)
					goto nomem;
				r->pairs = p;
			}
			r->pairs[r->npairs++] = (uint64_t)cp << 16 | (uint64_t)r->nsyl;
			j += l;
		}
		r->nsyl++;
		i = eol + 1;
	}
	for (size_t k = 1; k < r->nsyl; k++)
		if (strcmp(r->syl[k - 1], r->syl[k]) >= 0) {
			rc = ZF_EPARSE; /* the syllables must be sorted for the lookup */
			goto fail;
		}
	qsort(r->pairs, r->npairs, sizeof(*r->pairs), cmp_u64);
	*out = r;
	return 0;
nomem:
	rc = ZF_ENOMEM;
fail:
	text_readings_free(r);
	return rc;
}

void text_readings_free(struct text_readings *r)
{
	if (!r)
		return;
	free(r->syl);
	free(r->pairs);
	free(r);
}

size_t text_readings_count(const struct text_readings *r)
{
	return r->npairs;
}

static long find_syl(const struct text_readings *r, const char *syl, size_t len)
{
	char key[SYL_MAX] = {0};
	if (!len || len >= SYL_MAX)
		return -1;
	memcpy(key, syl, len);
	size_t lo = 0, hi = r->nsyl;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->syl[mid], key);
		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

bool text_readings_has(const struct text_readings *r, uint32_t cp, const char *syl, size_t len)
{
	long s = find_syl(r, syl, len);
	if (s < 0)
		return false;
	uint64_t key = (uint64_t)cp << 16 | (uint64_t)s;
	return bsearch(&key, r->pairs, r->npairs, sizeof(key), cmp_u64) != NULL;
}
