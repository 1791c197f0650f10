/* fuzz_pii.c: libFuzzer target for the personal-data scan (law/pii.h). Input: any bytes as
 * text. Every hit must lie inside the text, be non-empty, and come in order of its start. */
#include "common.h"
#include "law/pii.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pii_hit *hits = NULL;
	size_t n = 0;
	if (pii_scan((const char *)data, size, date_from_ymd(2026, 12, 7), &hits, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			if (hits[i].start >= hits[i].end || hits[i].end > size)
				BUG("a hit outside the text");
			if (i && hits[i].start < hits[i - 1].start)
				BUG("hits out of order");
			if ((unsigned)hits[i].kind >= PII_KIND_COUNT)
				BUG("no such kind");
		}
	}
	free(hits);
	return 0;
}
