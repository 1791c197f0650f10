/* docx.c: the shared parts of our .docx files (docx.h). */
#include "common.h"
#include "docx.h"
#include "render/html.h"

#include <zip.h>

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" "
    "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "</Types>\n";

static const char root_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
    "</Relationships>\n";

void docx_document_begin(struct buf *w)
{
	buf_adds(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/"
		    "2006/main\"><w:body>");
}

void docx_document_end(struct buf *w, int margin_top, int margin_side)
{
	buf_printf(w,
		   "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"%d\" "
		   "w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" w:header=\"500\" "
		   "w:footer=\"500\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>\n",
		   margin_top, margin_side, margin_top, margin_side);
}

void docx_run(struct buf *w, const char *text, size_t len, bool bold, int half_pt)
{
	buf_adds(w, "<w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
		    "w:hAnsi=\"Times New Roman\" w:eastAsia=\"");
	buf_adds(w, bold ? "黑体" : "宋体");
	buf_adds(w, "\"/>");
	if (bold)
		buf_adds(w, "<w:b/>");
	buf_printf(w,
		   "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/></w:rPr>"
		   "<w:t xml:space=\"preserve\">",
		   half_pt, half_pt);
	html_txtn(w, text, len);
	buf_adds(w, "</w:t></w:r>");
}

void docx_para(struct buf *w, const char *text, size_t len, const char *jc, bool bold, int half_pt,
	       int after, int indent)
{
	buf_printf(w, "<w:p><w:pPr><w:jc w:val=\"%s\"/><w:spacing w:before=\"0\" w:after=\"%d\"/>",
		   jc, after);
	if (indent)
		buf_printf(w, "<w:ind w:firstLine=\"%d\"/>", indent);
	buf_adds(w, "</w:pPr>");
	if (len)
		docx_run(w, text, len, bold, half_pt);
	buf_adds(w, "</w:p>");
}

static void core(const char *title, struct buf *w)
{
	buf_adds(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
		    "metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
		    "<dc:title>");
	html_txt(w, title ? title : "");
	buf_adds(w, "</dc:title><dc:language>zh-CN</dc:language></cp:coreProperties>\n");
}

/* Adds name with the bytes of b (which must live until the archive is closed). */
static int add(zip_t *za, const char *name, const struct buf *b)
{
	zip_source_t *src = zip_source_buffer(za, b->p, b->len, 0);
	if (!src)
		return ZF_ENOMEM;
	if (zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(src);
		return ZF_EIO;
	}
	return 0;
}

/* Copies the closed in-memory archive of src into out. */
static int drain(zip_source_t *src, struct buf *out)
{
	zip_stat_t st;
	if (zip_source_open(src) < 0)
		return ZF_EIO;
	int rc = 0;
	if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE)) {
		rc = ZF_EIO;
	} else {
		char chunk[8192];
		zip_int64_t got;
		while ((got = zip_source_read(src, chunk, sizeof(chunk))) > 0)
			if (buf_add(out, chunk, (size_t)got))
				rc = ZF_ENOMEM;
		if (got < 0)
			rc = ZF_EIO;
		if (!rc && out->len != st.size)
			rc = ZF_EIO;
	}
	zip_source_close(src);
	return rc;
}

int docx_package(const struct buf *document, const char *title, struct buf *out)
{
	struct buf parts[3] = {BUF_INIT, BUF_INIT, BUF_INIT};
	static const char *const names[] = {"[Content_Types].xml", "_rels/.rels",
					    "docProps/core.xml"};
	buf_adds(&parts[0], content_types);
	buf_adds(&parts[1], root_rels);
	core(title, &parts[2]);
	int rc = document->failed ? ZF_ENOMEM : 0;
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		if (parts[i].failed)
			rc = ZF_ENOMEM;
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *src = rc ? NULL : zip_source_buffer_create(NULL, 0, 0, &zerr);
	zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &zerr) : NULL;
	if (!rc && !za)
		rc = ZF_ENOMEM;
	for (size_t i = 0; i < 2 && !rc; i++)
		rc = add(za, names[i], &parts[i]);
	if (!rc)
		rc = add(za, "word/document.xml", document);
	if (!rc)
		rc = add(za, names[2], &parts[2]);
	if (za) {
		zip_source_keep(src);
		if (rc) {
			zip_discard(za);
		} else if (zip_close(za) < 0) {
			zip_discard(za);
			rc = ZF_EIO;
		}
	}
	if (!rc)
		rc = drain(src, out);
	if (src)
		zip_source_free(src);
	zip_error_fini(&zerr);
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		buf_free(&parts[i]);
	return rc;
}
