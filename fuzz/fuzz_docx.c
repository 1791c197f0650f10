/* fuzz_docx.c: libFuzzer target for the Word report reader (docx_to_text): any input must be
 * read or refused with a reason, and the anchors must stay inside the text in ascending
 * order. */
#include "common.h"
#include "ingest/container.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct container_out o;
	struct buf err = BUF_INIT;
	container_init(&o);
	int rc = docx_to_text((const char *)data, size, &o, &err);
	if (rc && !err.len)
		BUG("refused (%d) without a reason", rc);
	for (size_t i = 0; !rc && i < o.nanchors; i++) {
		if (o.anchors[i].off > o.text.len)
			BUG("anchor %zu past the text", i);
		if (i && o.anchors[i].off <= o.anchors[i - 1].off)
			BUG("anchors out of order");
	}
	container_free(&o);
	buf_free(&err);
	return 0;
}
