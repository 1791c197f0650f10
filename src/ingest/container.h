/* container.h: recognises a report's file format from its content (never from its name) and
 * turns the binary formats — PDF, Word (.docx; legacy .doc and WPS .wps through LibreOffice),
 * Excel (.xlsx) — into UTF-8 text in the pipe layout the text reader reads ("名称 | 1 | 2 |"),
 * with anchors saying where each run of that text came from in the file: page and position
 * for a PDF, table, row and cell for Word and Excel. Text and HTML pass through untouched.
 * Every refusal (encrypted, scanned, truncated, not what it claims, too big when unpacked)
 * is one Chinese sentence in err. */
#ifndef ZF_INGEST_CONTAINER_H
#define ZF_INGEST_CONTAINER_H

#include "buf.h"
#include "law/report.h"

enum ingest_format {
	FMT_TEXT,  /* text or HTML in any encoding: read as it is */
	FMT_PDF,   /* "%PDF-" */
	FMT_DOCX,  /* a zip holding word/document.xml */
	FMT_XLSX,  /* a zip holding xl/workbook.xml */
	FMT_OLE,   /* a compound file: legacy .doc, .wps, .xls (converted through LibreOffice) */
	FMT_ZIP,   /* any other zip (.pptx, .ofd, an archive): refused */
	FMT_IMAGE, /* PNG, JPEG, GIF, TIFF: a scan, refused */
};

/* Where a run of the made text comes from; anchors are kept in ascending off. */
struct src_anchor {
	uint32_t off; /* first byte of the run in out->text */
	uint32_t src; /* enum report_src */
	uint32_t page, x, y;
};

struct container_out {
	enum ingest_format fmt;
	struct buf text; /* the made UTF-8 text (binary formats only) */
	struct src_anchor *anchors;
	size_t nanchors, alloc;
	uint32_t pages;	    /* PDF pages, Word tables or Excel sheets read */
	const char *layout; /* "pdf", "docx", "xlsx", "doc", "xls" (static); NULL for text */
	bool failed;	    /* an anchor could not be stored (out of memory) */
};

void container_init(struct container_out *o);
void container_free(struct container_out *o);
/* Empties o for the next file. */
void container_reset(struct container_out *o);

/* The format of n bytes, judged from their content. */
enum ingest_format container_detect(const char *bytes, size_t n);
/* "PDF", "Word 文档（.docx）", …; "文本" for FMT_TEXT (static). */
const char *container_format_name(enum ingest_format f);
/* The layout name a binary format gives the report ("pdf", "docx", "xlsx", "doc"), or NULL
 * for FMT_TEXT (static). */
const char *container_layout(enum ingest_format f);

/* Reads n bytes (borrowed) into o (reset first). For FMT_TEXT it only sets o->fmt; for a
 * binary format it fills o->text and the anchors. 0, or ZF_EPARSE / ZF_ETOOBIG / ZF_ENOMEM
 * with one Chinese sentence in err. */
int container_read(const char *bytes, size_t n, struct container_out *o, struct buf *err);

/* Records that the text from o->text.len on comes from (src, page, x, y). */
void container_anchor(struct container_out *o, enum report_src src, uint32_t page, uint32_t x,
		      uint32_t y);
/* Fills p's src, page, x and y from the anchor covering text offset off (left as they are
 * when no anchor covers it). */
void container_lookup(const struct container_out *o, size_t off, struct report_pos *p);

/* The readers behind container_read (each in its own file); same contract. */
int pdf_to_text(const char *bytes, size_t n, struct container_out *o, struct buf *err);
int docx_to_text(const char *bytes, size_t n, struct container_out *o, struct buf *err);
int xlsx_report_to_text(const char *bytes, size_t n, struct container_out *o, struct buf *err);
/* Converts a legacy compound file through LibreOffice (soffice) and reads the result. */
int ole_to_text(const char *bytes, size_t n, struct container_out *o, struct buf *err);

#endif
