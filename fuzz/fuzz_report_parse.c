/* fuzz_report_parse.c: libFuzzer target for the published-report reader (ingest/
 * report_parse): any bytes — malformed, truncated, binary, HTML, any encoding — must be
 * refused with a message or read into a report that the JSON encoder writes; never a crash
 * or a hang.
 * Build: make fuzz; run: build-fuzz/fuzz_report_parse fuzz/corpus/report_parse */
#include "common.h"
#include "ingest/report_parse.h"
#include "render/report_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the context holds only read-only tables and scratch buffers: one per process */
	static struct ingest_ctx *ctx;
	if (!ctx && ingest_ctx_new(&ctx))
		BUG("embedded tables do not load");
	struct buf err = BUF_INIT, out = BUF_INIT;
	struct report *r = NULL;
	int rc = ingest_report(ctx, (const char *)data, size, "fuzz", &r, &err);
	if (rc) {
		if (rc != ZF_ENOMEM && err.len == 0 && rc != ZF_ETOOBIG)
			BUG("input refused without a message (rc %d)", rc);
	} else {
		if (report_json_write(r, &out, REPORT_JSON_POSITIONS) && !out.failed)
			BUG("a parsed report does not encode");
		report_free(r);
	}
	buf_free(&err);
	buf_free(&out);
	return 0;
}
