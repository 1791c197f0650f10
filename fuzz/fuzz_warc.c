/* fuzz_warc.c: libFuzzer target for the WARC reader (ingest/warc.h). Input: a WARC file
 * (uncompressed). Every record read must be within the caps; an error must come with its
 * Chinese line; the reader must stop. */
#include "common.h"
#include "ingest/warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct warc *w;
	if (warc_open_mem((const char *)data, size, &w))
		return 0;
	struct buf err = BUF_INIT;
	struct warc_record *r;
	int rc;
	size_t n = 0;
	while ((rc = warc_next(w, &r, &err)) == 1) {
		if (r->payload.len > WARC_RECORD_MAX || r->index != ++n)
			BUG("record %zu over the cap or out of order", r->index);
		if (r->skipped && r->payload.len)
			BUG("a skipped record with a payload");
		if (n > size)
			BUG("more records than bytes");
	}
	if (rc < 0 && rc != ZF_ENOMEM && !err.len)
		BUG("an error without a message");
	buf_free(&err);
	warc_close(w);
	return 0;
}
