/* fuzz_pdf.c: libFuzzer target for the PDF reader (poppler underneath, then the line, cell and
 * column rebuilding of ingest/pdf.c): any input must be read or refused with a reason, the
 * text must stay within its cap, and the anchors must be in order and inside the text. */
#include "common.h"
#include "ingest/container.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct container_out o;
	struct buf err = BUF_INIT;
	container_init(&o);
	int rc = pdf_to_text((const char *)data, size, &o, &err);
	if (rc && !err.len)
		BUG("refused (%d) without a reason", rc);
	if (!rc && err.len)
		BUG("read, yet a reason was given");
	if (o.text.len > (17u << 20))
		BUG("text over its cap (%zu bytes)", o.text.len);
	for (size_t i = 0; !rc && i < o.nanchors; i++) {
		if (o.anchors[i].off > o.text.len)
			BUG("anchor %zu past the text", i);
		if (i && o.anchors[i].off <= o.anchors[i - 1].off)
			BUG("anchors out of order");
		if (o.anchors[i].page < 1 || o.anchors[i].page > o.pages)
			BUG("anchor %zu names page %u of %u", i, o.anchors[i].page, o.pages);
	}
	container_free(&o);
	buf_free(&err);
	return 0;
}
