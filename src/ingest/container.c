/* container.c: format detection, dispatch to the binary readers, and the anchor table. */
#include "common.h"
#include "ingest/container.h"

void container_init(struct container_out *o)
{
	memset(o, 0, sizeof(*o));
	buf_init(&o->text, 0);
}

void container_free(struct container_out *o)
{
	buf_free(&o->text);
	free(o->anchors);
	memset(o, 0, sizeof(*o));
}

void container_reset(struct container_out *o)
{
	buf_reset(&o->text);
	o->nanchors = 0;
	o->pages = 0;
	o->failed = false;
	o->fmt = FMT_TEXT;
	o->layout = NULL;
}

/* True when the zip's central directory names `name` (the local headers and the directory
 * both carry names in the clear; a plain search is enough to tell the kinds apart, and the
 * reader proper opens the archive with libzip). */
static bool zip_names(const char *b, size_t n, const char *name)
{
	return memmem(b, n, name, strlen(name)) != NULL;
}

enum ingest_format container_detect(const char *b, size_t n)
{
	const unsigned char *u = (const unsigned char *)b;
	/* a PDF may carry junk before its header (the spec allows 1024 bytes) */
	if (n >= 5 && memmem(b, ZF_MIN(n, (size_t)1024), "%PDF-", 5))
		return FMT_PDF;
	if (n >= 4 && u[0] == 'P' && u[1] == 'K' && u[2] == 3 && u[3] == 4) {
		/* the first part names are enough when the file was cut before the directory */
		if (zip_names(b, n, "word/document.xml"))
			return FMT_DOCX;
		if (zip_names(b, n, "xl/workbook.xml"))
			return FMT_XLSX;
		if (zip_names(b, n, "word/"))
			return FMT_DOCX;
		if (zip_names(b, n, "xl/"))
			return FMT_XLSX;
		return FMT_ZIP;
	}
	static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	if (n >= 8 && !memcmp(u, ole, 8))
		return FMT_OLE;
	if ((n >= 8 && !memcmp(u, "\x89PNG\r\n\x1a\n", 8)) ||
	    (n >= 3 && u[0] == 0xFF && u[1] == 0xD8 && u[2] == 0xFF) ||
	    (n >= 6 && (!memcmp(u, "GIF87a", 6) || !memcmp(u, "GIF89a", 6))) ||
	    (n >= 4 && (!memcmp(u, "II*\0", 4) || !memcmp(u, "MM\0*", 4))))
		return FMT_IMAGE;
	return FMT_TEXT;
}

const char *container_format_name(enum ingest_format f)
{
	switch (f) {
	case FMT_PDF: return "PDF";
	case FMT_DOCX: return "Word 文档（.docx）";
	case FMT_XLSX: return "Excel 工作簿（.xlsx）";
	case FMT_OLE: return "旧版 Office 或 WPS 文档（.doc/.wps/.xls）";
	case FMT_ZIP: return "压缩文件";
	case FMT_IMAGE: return "图片";
	case FMT_TEXT: break;
	}
	return "文本";
}

const char *container_layout(enum ingest_format f)
{
	switch (f) {
	case FMT_PDF: return "pdf";
	case FMT_DOCX: return "docx";
	case FMT_XLSX: return "xlsx";
	case FMT_OLE: return "doc";
	default: return NULL;
	}
}

int container_read(const char *bytes, size_t n, struct container_out *o, struct buf *err)
{
	container_reset(o);
	o->fmt = container_detect(bytes, n);
	o->layout = container_layout(o->fmt);
	int rc = 0;
	switch (o->fmt) {
	case FMT_TEXT: return 0;
	case FMT_PDF: rc = pdf_to_text(bytes, n, o, err); break;
	case FMT_DOCX: rc = docx_to_text(bytes, n, o, err); break;
	case FMT_XLSX: rc = xlsx_report_to_text(bytes, n, o, err); break;
	case FMT_OLE: rc = ole_to_text(bytes, n, o, err); break;
	case FMT_ZIP:
		buf_adds(err, "是压缩文件，但不是 Word（.docx）或 Excel（.xlsx）文档，无法读取");
		return ZF_EPARSE;
	case FMT_IMAGE:
		buf_adds(err, "是图片（扫描件），需要先做文字识别（OCR）才能读取");
		return ZF_EPARSE;
	}
	if (!rc && o->failed)
		rc = ZF_ENOMEM;
	return rc;
}

void container_anchor(struct container_out *o, enum report_src src, uint32_t page, uint32_t x,
		      uint32_t y)
{
	uint32_t off = (uint32_t)ZF_MIN(o->text.len, (size_t)UINT32_MAX);
	if (o->nanchors && o->anchors[o->nanchors - 1].off == off)
		o->nanchors--; /* the previous run was empty: this one replaces it */
	if (o->nanchors == o->alloc) {
		size_t na = o->alloc ? o->alloc * 2 : 256;
		struct src_anchor *a = realloc(o->anchors, na * sizeof(*a));
		if (!a) {
			o->failed = true;
			return;
		}
		o->anchors = a;
		o->alloc = na;
	}
	o->anchors[o->nanchors++] = (struct src_anchor){off, (uint32_t)src, page, x, y};
}

void container_lookup(const struct container_out *o, size_t off, struct report_pos *p)
{
	size_t lo = 0, hi = o->nanchors;
	if (!hi || o->anchors[0].off > off)
		return;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (o->anchors[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	const struct src_anchor *a = &o->anchors[lo];
	p->src = a->src;
	p->page = a->page;
	p->x = a->x;
	p->y = a->y;
}
