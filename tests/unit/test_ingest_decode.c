/* test_ingest_decode.c: encodings in, UTF-8 out; HTML to text with tables. */
#include "common.h"
#include "buf.h"
#include "ingest/container.h"
#include "ingest/decode.h"
#include "ingest/html.h"
#include "tap.h"

static const char *dec(const char *in, size_t n, struct decode_info *di)
{
	static struct buf out = BUF_INIT;
	if (ingest_decode(in, n, &out, di))
		return "<error>";
	return buf_cstr(&out);
}

static const char *h2t(const char *in)
{
	static struct buf out = BUF_INIT;
	struct offmap m = OFFMAP_INIT;
	int rc = html_to_text(in, strlen(in), &out, &m);
	offmap_free(&m);
	return rc ? "<error>" : buf_cstr(&out);
}

/* the length of a literal, so that no test reads past it */
#define DETECT(lit) container_detect(lit, sizeof(lit) - 1)

int main(void)
{
	struct decode_info di;
	tap_str(dec("年报", 6, &di), "年报", "UTF-8 passes");
	tap_ok(di.enc == ENC_UTF8, "detected UTF-8");
	tap_str(dec("\xEF\xBB\xBF年报", 9, &di), "年报", "UTF-8 BOM dropped");
	tap_str(dec("\xFF\xFE\x74\x5E\xA5\x62", 6, &di), "年报", "UTF-16LE with BOM");
	tap_str(dec("\xFE\xFF\x5E\x74\x62\xA5", 6, &di), "年报", "UTF-16BE with BOM");
	tap_ok(di.enc == ENC_UTF16BE, "detected UTF-16BE");
	tap_str(dec("1\0002\0003\0004\0005\000", 10, &di), "12345", "UTF-16LE without BOM");
	/* 政府信息公开 in GBK */
	tap_str(dec("\xD5\xFE\xB8\xAE\xD0\xC5\xCF\xA2\xB9\xAB\xBF\xAA", 12, &di), "政府信息公开",
		"GBK/GB18030 decoded");
	tap_ok(di.enc == ENC_GB18030 && di.bad == 0, "detected GB18030");
	dec("\xD5\xFE\xB8", 3, &di);
	tap_ok(di.bad == 1, "a truncated GB18030 sequence is counted");
	dec("%PDF-1.4\n\x00\x01\x02\x03", 13, &di);
	tap_ok(di.binary, "binary data is recognised");

	tap_ok(html_detect("<html><body><p>a</p><table><tr><td>1</td></tr></table>", 54),
	       "HTML detected");
	/* 政府信息公開年度報告 in Big5: as GB18030 it reads as rare characters */
	const char big5[] = "\xAC\x46\xA9\xB2\xAB\x48\xAE\xA7\xA4\xBD\xB6\x7D\xA6\x7E\xAB\xD7"
			    "\xB3\xF8\xA7\x69";
	tap_str(dec(big5, sizeof(big5) - 1, &di), "政府信息公開年度報告", "Big5 decoded");
	tap_ok(di.enc == ENC_BIG5 && di.bad == 0, "detected Big5, not GB18030");
	dec("\xD5\xFE\xB8\xAE\xD0\xC5\xCF\xA2\xB9\xAB\xBF\xAA\xC4\xEA\xB6\xC8\xB1\xA8\xB8\xE6", 20,
	    &di);
	tap_ok(di.enc == ENC_GB18030, "GBK text stays GB18030");

	/* the format is judged from the content, never from the name */
	tap_ok(DETECT("%PDF-1.7\n") == FMT_PDF, "PDF header");
	tap_ok(DETECT("\r\n\r\n%PDF-1.4") == FMT_PDF, "PDF header after junk");
	tap_ok(DETECT("PK\3\4....word/document.xml") == FMT_DOCX, "docx");
	tap_ok(DETECT("PK\3\4....xl/workbook.xml") == FMT_XLSX, "xlsx");
	tap_ok(DETECT("PK\3\4....ppt/slides") == FMT_ZIP, "other zip");
	tap_ok(DETECT("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") == FMT_OLE,
	       "compound file (.doc/.wps/.xls)");
	tap_ok(DETECT("\x89PNG\r\n\x1a\n") == FMT_IMAGE, "PNG is an image");
	tap_ok(DETECT("\xFF\xD8\xFF\xE0") == FMT_IMAGE, "JPEG is an image");
	tap_ok(DETECT("<html>年报</html>") == FMT_TEXT, "HTML is text");
	tap_ok(DETECT("一、本年新收") == FMT_TEXT, "text is text");
	{
		struct container_out o;
		struct buf err = BUF_INIT;
		container_init(&o);
		tap_ok(container_read("\x89PNG\r\n\x1a\n", 8, &o, &err) == ZF_EPARSE &&
			   strstr(buf_cstr(&err), "OCR"),
		       "a scan is refused: it needs OCR");
		buf_reset(&err);
		tap_ok(container_read("PK\3\4abc", 7, &o, &err) == ZF_EPARSE &&
			   strstr(buf_cstr(&err), "压缩文件"),
		       "another zip is refused in Chinese");
		/* anchors: a lookup finds the run an offset falls in */
		container_reset(&o);
		container_anchor(&o, REPORT_SRC_PDF, 1, 100, 200);
		buf_adds(&o.text, "abc");
		container_anchor(&o, REPORT_SRC_PDF, 2, 300, 400);
		buf_adds(&o.text, "def");
		struct report_pos p = {0};
		container_lookup(&o, 1, &p);
		tap_ok(p.src == REPORT_SRC_PDF && p.page == 1 && p.x == 100, "anchor of page 1");
		container_lookup(&o, 4, &p);
		tap_ok(p.page == 2 && p.y == 400, "anchor of page 2");
		container_free(&o);
		buf_free(&err);
	}
	tap_ok(!html_detect("一、本年新收 | 1 | 2 |", 25), "pipe text is not HTML");
	tap_str(h2t("<table><tr><td rowspan=2>三、结果</td><td>（一）予以公开</td><td>5</td></tr>"
		    "<tr><td>（二）部分</td><td><span>1</span><span>2</span></td></tr></table>"),
		"三、结果 | （一）予以公开 | 5 |\n（二）部分 | 12 |\n",
		"rows become pipe lines; spanned cells appear once; split spans join");
	tap_str(h2t("<p>A&nbsp;&amp;&#x4E00;&ldquo;&#19968;&rdquo;</p><p>b<br>c</p><!-- x "
		    "--><style>p{}</style>"),
		"A &一“一”\nb\nc\n", "entities, paragraphs, comments and styles");
	tap_str(h2t("<table><tr><td><p>一、本年新收</p><p>申请数量</p></td><td>&nbsp;</td></tr></"
		    "table>"),
		"一、本年新收 申请数量 | |\n", "paragraphs inside a cell stay on the row");
	tap_str(
	    h2t("<body><script>var s = '<table><tr><td>\\u884c\\u653f</td><td>1<\\/td></tr>' +\n"
		" '</table><p>x</p><div>y</div>';document.write(s);</script></body>"),
	    "行政 | 1 |\nx\ny\n", "HTML inside a script string is unpacked");
	tap_str(
	    h2t("<table><tr><td>a<table><tr><td>1</td><td>2</td></tr></table></td></tr></table>"),
	    "a\n1 | 2 |\n", "a nested table is read as the table it is");
	return tap_done();
}
