/* fuzz_linkpage.c: libFuzzer target for the soft-404 judgement of a fetched page
 * (ingest/linkcheck.h link_page_missing). Input: the page's bytes. What it reports must be
 * NUL-terminated within its buffer and valid UTF-8 when the page was. */
#include "common.h"
#include "ingest/linkcheck.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char what[40];
	memset(what, 'x', sizeof(what));
	if (link_page_missing((const char *)data, size, what, sizeof(what))) {
		size_t len = strnlen(what, sizeof(what));
		if (len == sizeof(what))
			BUG("an unterminated answer");
		if (utf8_valid((const char *)data, size) && !utf8_valid(what, len))
			BUG("invalid UTF-8 from a valid page");
	}
	return 0;
}
