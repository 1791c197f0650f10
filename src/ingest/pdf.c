/* pdf.c: PDF reports (placeholder until the poppler reader lands). */
#include "common.h"
#include "ingest/container.h"

int pdf_to_text(const char *bytes, size_t n, struct container_out *o, struct buf *err)
{
	ZF_UNUSED(bytes);
	ZF_UNUSED(n);
	ZF_UNUSED(o);
	buf_adds(err, "是 PDF 文件，本版本尚不能读取 PDF，请先转换为文本或 HTML");
	return ZF_EPARSE;
}
