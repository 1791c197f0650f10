/* fuzz_multipart.c: libFuzzer target for the multipart/form-data parser of the upload
 * forms. The input's first line is the Content-Type header, the rest the body. Every part
 * must lie inside the body, and field lookups must not crash. */
#include "common.h"
#include "arena.h"
#include "web/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t ct_len = nl ? (size_t)(nl - (const char *)data) : size;
	if (ct_len > 200)
		return 0;
	char ct[201];
	memcpy(ct, data, ct_len);
	ct[ct_len] = '\0';
	struct str body = {nl ? nl + 1 : (const char *)data + size, nl ? size - ct_len - 1 : 0};
	struct arena *a = arena_new(1u << 24);
	struct multipart_part *parts = NULL;
	size_t n = 0;
	if (multipart_parse(a, ct, body, &parts, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			const struct multipart_part *p = &parts[i];
			if (p->data.p < body.p || p->data.p + p->data.len > body.p + body.len)
				BUG("part %zu outside the body", i);
			if (!p->name)
				BUG("part %zu without a name", i);
			multipart_field(a, parts, n, p->name);
		}
		multipart_file(parts, n, "file");
	}
	arena_free(a);
	return 0;
}
