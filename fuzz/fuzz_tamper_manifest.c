/* fuzz_tamper_manifest.c: libFuzzer target for the SHA-256 manifest of the tamper check
 * (web/tamper.h). Input: a manifest file. A parsed one has entries of 64 lower-case hex digits
 * and paths that start with '/'; a refused one names its line. */
#include "common.h"
#include "web/tamper.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tamper_manifest m;
	struct buf err = BUF_INIT;
	int rc = tamper_manifest_parse((const char *)data, size, &m, &err);
	if (rc == 0) {
		for (size_t i = 0; i < m.n; i++) {
			if (strlen(m.v[i].sha256) != 64 ||
			    strspn(m.v[i].sha256, "0123456789abcdef") != 64)
				BUG("a hash that is not 64 hex digits");
			if (m.v[i].path[0] != '/')
				BUG("a path that does not start with /");
		}
		tamper_manifest_free(&m);
	} else if (rc == ZF_EPARSE && !strstr(buf_cstr(&err), "行")) {
		BUG("a refusal that names no line");
	}
	buf_free(&err);
	return 0;
}
