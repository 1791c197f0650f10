/* test_ingest_decode.c: encodings in, UTF-8 out; HTML to text with tables. */
#include "common.h"
#include "buf.h"
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
