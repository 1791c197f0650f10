/* apply_form_docx.c: the 政府信息公开申请表 as a .docx (apply_form.h): our own
 * WordprocessingML (a real table: gridSpan for merged columns, vMerge for merged rows) in a
 * ZIP written by libzip, in memory. */
#include "common.h"
#include "apply_form.h"
#include "render/html.h"

#include <zip.h>

/* 1 pt = 20 twips (dxa) */
#define DXA(pt) ((pt)*20)

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

/* A run of text: size in half-points. */
static void run(struct buf *w, const char *text, size_t len, bool bold, int half_pt)
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

static void para_n(struct buf *w, const char *text, size_t len, const char *jc, bool bold,
		   int half_pt, int after)
{
	buf_printf(w,
		   "<w:p><w:pPr><w:jc w:val=\"%s\"/><w:spacing w:before=\"0\" w:after=\"%d\"/>"
		   "</w:pPr>",
		   jc, after);
	if (len)
		run(w, text, len, bold, half_pt);
	buf_adds(w, "</w:p>");
}

static void para(struct buf *w, const char *text, const char *jc, bool bold, int half_pt, int after)
{
	para_n(w, text, text ? strlen(text) : 0, jc, bold, half_pt, after);
}

static int span_width(int col, int colspan)
{
	int pt = 0;
	for (int i = col; i < col + colspan && i < APPLY_FORM_COLS; i++)
		pt += apply_form_col_pt[i];
	return DXA(pt);
}

static const struct apply_form_cell *cell_at(int row, int col, bool *starts)
{
	for (size_t i = 0; i < apply_form_ncells; i++) {
		const struct apply_form_cell *c = &apply_form_cells[i];
		if (c->col == col && row >= c->row && row < c->row + c->rowspan) {
			*starts = row == c->row;
			return c;
		}
	}
	return NULL;
}

static void table(struct buf *w)
{
	buf_printf(w,
		   "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
		   "<w:tblBorders>",
		   span_width(0, APPLY_FORM_COLS));
	static const char *const sides[] = {"top", "left", "bottom", "right", "insideH", "insideV"};
	for (size_t i = 0; i < ARRAY_SIZE(sides); i++)
		buf_printf(w,
			   "<w:%s w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\"/>",
			   sides[i]);
	buf_adds(w, "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar>"
		    "<w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/>"
		    "</w:tblCellMar></w:tblPr><w:tblGrid>");
	for (int c = 0; c < APPLY_FORM_COLS; c++)
		buf_printf(w, "<w:gridCol w:w=\"%d\"/>", DXA(apply_form_col_pt[c]));
	buf_adds(w, "</w:tblGrid>");
	for (int r = 0; r < APPLY_FORM_ROWS; r++) {
		buf_printf(w,
			   "<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val=\"%d\" "
			   "w:hRule=\"atLeast\"/></w:trPr>",
			   DXA(apply_form_row_pt[r]));
		for (int c = 0; c < APPLY_FORM_COLS;) {
			bool starts = false;
			const struct apply_form_cell *cell = cell_at(r, c, &starts);
			if (!cell) /* a hole in the model would be a bug: fill it */
				BUG("apply form: no cell at row %d column %d", r, c);
			buf_printf(w, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>",
				   span_width(c, cell->colspan));
			if (cell->colspan > 1)
				buf_printf(w, "<w:gridSpan w:val=\"%d\"/>", cell->colspan);
			if (cell->rowspan > 1)
				buf_adds(w,
					 starts ? "<w:vMerge w:val=\"restart\"/>" : "<w:vMerge/>");
			if (cell->label)
				buf_adds(
				    w,
				    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>");
			buf_adds(w, "<w:vAlign w:val=\"center\"/></w:tcPr>");
			if (starts)
				para(w, cell->text, cell->label ? "center" : "left", cell->label,
				     21, 0);
			else
				buf_adds(w, "<w:p/>");
			buf_adds(w, "</w:tc>");
			c += cell->colspan;
		}
		buf_adds(w, "</w:tr>");
	}
	buf_adds(w, "</w:tbl>");
}

static void document(const struct apply_form *f, struct buf *w)
{
	buf_adds(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/"
		    "2006/main\"><w:body>");
	para(w, APPLY_FORM_TITLE, "center", true, 36, 200);
	struct buf head = BUF_INIT;
	apply_form_head(f, &head);
	struct str rest = buf_str(&head);
	while (rest.len) {
		struct str line = str_cut(&rest, '\n');
		para_n(w, line.p, line.len, "left", false, 21, 40);
	}
	if (head.failed)
		w->failed = true;
	buf_free(&head);
	para(w, "", "left", false, 21, 0);
	table(w);
	for (size_t i = 0; i < apply_form_nnotes; i++)
		para(w, apply_form_notes[i], "left", false, 18, 20);
	buf_adds(w, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1000\" "
		    "w:right=\"1000\" w:bottom=\"1000\" w:left=\"1000\" w:header=\"500\" "
		    "w:footer=\"500\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>\n");
}

static void core(const struct apply_form *f, struct buf *w)
{
	buf_adds(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
		    "metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
		    "<dc:title>");
	html_txt(w, f->agency_name ? f->agency_name : "");
	html_txt(w, APPLY_FORM_TITLE);
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

int apply_form_docx(const struct apply_form *f, struct buf *out)
{
	struct buf parts[4] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};
	static const char *const names[] = {"[Content_Types].xml", "_rels/.rels",
					    "word/document.xml", "docProps/core.xml"};
	buf_adds(&parts[0], content_types);
	buf_adds(&parts[1], root_rels);
	document(f, &parts[2]);
	core(f, &parts[3]);
	int rc = 0;
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		if (parts[i].failed)
			rc = ZF_ENOMEM;
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *src = rc ? NULL : zip_source_buffer_create(NULL, 0, 0, &zerr);
	zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &zerr) : NULL;
	if (!rc && !za)
		rc = ZF_ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(parts) && !rc; i++)
		rc = add(za, names[i], &parts[i]);
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
