/* fuzz_if_none_match.c: libFuzzer target for the If-None-Match test of the static assets
 * (web/page_static.h). The input's first line is the tag, the rest the header; whatever
 * comes in, the test ends without reading past the header, a header of exactly "TAG" (or
 * "*") matches, and a tag the header does not contain never matches unless it says "*".
 * Build: make fuzz; run: build-fuzz/fuzz_if_none_match fuzz/corpus/if_none_match */
#include "common.h"
#include "web/page_static.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char *nl = strchr(text, '\n');
	const char *tag = nl ? text : "ff3f1c3f12ddd83f";
	const char *header = nl ? nl + 1 : text;
	if (nl)
		*nl = '\0';
	bool m = static_if_none_match(header, tag);
	if (m && tag[0] && !strstr(header, tag) && !strchr(header, '*'))
		BUG("matched a tag the header does not contain");
	if (tag[0] && !strchr(tag, '"')) {
		size_t len = strlen(tag);
		char *exact = malloc(len + 3);
		if (exact) {
			exact[0] = '"';
			memcpy(exact + 1, tag, len);
			exact[len + 1] = '"';
			exact[len + 2] = '\0';
			if (!static_if_none_match(exact, tag))
				BUG("\"%s\" does not match its own tag", tag);
			free(exact);
		}
	}
	if (!static_if_none_match("*", tag[0] ? tag : "x"))
		BUG("* does not match");
	free(text);
	return 0;
}
