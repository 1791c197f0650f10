/* fuzz_form.c: libFuzzer target for urlencoded form bodies (web/form.h). Any input is either
 * refused with an error code or decoded into fields that are valid UTF-8 without NUL bytes.
 * Build: make fuzz; run: build-fuzz/fuzz_form fuzz/corpus/form */
#include "common.h"
#include "arena.h"
#include "utf8.h"
#include "web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(64u << 20);
	if (!a)
		return 0;
	struct web_pair *p;
	size_t n;
	struct str body = {(const char *)data, size};
	int rc = form_parse(a, body, &p, &n);
	if (rc == 0) {
		if (n > FORM_MAX_FIELDS)
			BUG("%zu fields over the cap", n);
		for (size_t i = 0; i < n; i++) {
			if (!utf8_valid(p[i].name, strlen(p[i].name)) ||
			    !utf8_valid(p[i].value, strlen(p[i].value)))
				BUG("field %zu is not UTF-8", i);
			if (strlen(p[i].name) > size || strlen(p[i].value) > size)
				BUG("field %zu longer than the input", i);
		}
	} else if (rc != ZF_EPARSE && rc != ZF_ETOOBIG && rc != ZF_ENOMEM) {
		BUG("unexpected error %d", rc);
	}
	arena_free(a);
	return 0;
}
