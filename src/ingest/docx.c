/* docx.c: Word and Excel reports (placeholder until the OOXML readers land). */
#include "common.h"
#include "ingest/container.h"

int docx_to_text(const char *bytes, size_t n, struct container_out *o, struct buf *err)
{
	ZF_UNUSED(bytes);
	ZF_UNUSED(n);
	ZF_UNUSED(o);
	buf_adds(err, "是 Word 文档，本版本尚不能读取，请先转换为文本或 HTML");
	return ZF_EPARSE;
}

int xlsx_report_to_text(const char *bytes, size_t n, struct container_out *o, struct buf *err)
{
	ZF_UNUSED(bytes);
	ZF_UNUSED(n);
	ZF_UNUSED(o);
	buf_adds(err, "是 Excel 工作簿，本版本尚不能读取，请先转换为文本或 HTML");
	return ZF_EPARSE;
}

int ole_to_text(const char *bytes, size_t n, struct container_out *o, struct buf *err)
{
	ZF_UNUSED(bytes);
	ZF_UNUSED(n);
	ZF_UNUSED(o);
	buf_adds(err, "是旧版 Office 或 WPS 文档，本版本尚不能读取，请先转换为文本或 HTML");
	return ZF_EPARSE;
}
