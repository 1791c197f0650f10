/* test_docs_multipart.c: the multipart/form-data parser of the upload forms: boundaries,
 * fields and files as Chromium sends them, binary content kept byte for byte, and refusals
 * (truncation, missing disposition, bad names, too many parts). */
#include "common.h"
#include "arena.h"
#include "tap.h"
#include "web/multipart.h"

#define CT "multipart/form-data; boundary=----WebKitFormBoundaryAbC123"
#define B  "------WebKitFormBoundaryAbC123"

static int parse(struct arena *a, const char *ct, const char *body, size_t len,
		 struct multipart_part **p, size_t *n)
{
	return multipart_parse(a, ct, (struct str){body, len}, p, n);
}

static void test_boundary(void)
{
	struct str b;
	tap_int(multipart_boundary(CT, &b), 0, "boundary found");
	tap_ok(str_eq_c(b, "----WebKitFormBoundaryAbC123"), "its value");
	tap_int(multipart_boundary("multipart/form-data; charset=utf-8; boundary=\"a b\"", &b), 0,
		"quoted, after another parameter");
	tap_ok(str_eq_c(b, "a b"), "quoted value without its quotes");
	tap_int(multipart_boundary("Multipart/Form-Data;boundary=x", &b), 0, "case and spacing");
	tap_int(multipart_boundary("application/x-www-form-urlencoded", &b), ZF_EPARSE,
		"another type is refused");
	tap_int(multipart_boundary("multipart/form-data", &b), ZF_EPARSE, "no boundary");
	tap_int(multipart_boundary("multipart/form-data; boundary=", &b), ZF_EPARSE,
		"empty boundary");
	char longb[120] = "multipart/form-data; boundary=";
	memset(longb + strlen(longb), 'x', 71);
	tap_int(multipart_boundary(longb, &b), ZF_EPARSE, "a boundary over 70 characters");
	tap_int(multipart_boundary(NULL, &b), ZF_EPARSE, "no header at all");
}

static void test_parse(void)
{
	struct arena *a = arena_new(0);
	static const char body[] =
	    B "\r\n"
	      "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
	      "0123456789abcdef\r\n" B "\r\n"
	      "Content-Disposition: form-data; name=\"file\"; filename=\"方案 %22v2%22.pdf\"\r\n"
	      "Content-Type: application/pdf\r\n\r\n"
	      "%PDF-1.4\r\n\x00\xff binary\r\n--not-a-boundary\r\n\r\n" B "\r\n"
	      "content-disposition: form-data; name=\"note\"\r\n\r\n"
	      "多行\r\n说明\r\n" B "--\r\n";
	struct multipart_part *p;
	size_t n;
	tap_int(parse(a, CT, body, sizeof(body) - 1, &p, &n), 0, "a Chromium-style body parses");
	tap_int((long long)n, 3, "three parts");
	tap_str(multipart_field(a, p, n, "_csrf"), "0123456789abcdef", "a plain field");
	tap_str(multipart_field(a, p, n, "note"), "多行\r\n说明",
		"line breaks inside a value kept");
	const struct multipart_part *f = multipart_file(p, n, "file");
	tap_ok(f != NULL, "the file part");
	tap_str(f ? f->filename : NULL, "方案 \"v2\".pdf", "its name, %%22 decoded");
	tap_str(f ? f->content_type : NULL, "application/pdf", "its type");
	static const char want[] = "%PDF-1.4\r\n\x00\xff binary\r\n--not-a-boundary\r\n";
	tap_ok(f && f->data.len == sizeof(want) - 1 && !memcmp(f->data.p, want, f->data.len),
	       "binary bytes kept exactly, a look-alike line inside too");
	tap_ok(multipart_field(a, p, n, "file") == NULL, "a file is not a plain field");
	tap_ok(multipart_field(a, p, n, "nothing") == NULL, "absent field");

	static const char empty_file[] = B "\r\nContent-Disposition: form-data; name=\"file\"; "
					   "filename=\"\"\r\nContent-Type: application/octet-stream"
					   "\r\n\r\n\r\n" B "--\r\n";
	tap_int(parse(a, CT, empty_file, sizeof(empty_file) - 1, &p, &n), 0,
		"no file chosen (empty file name) parses");
	tap_ok(multipart_file(p, n, "file") == NULL, "but is not a file");

	static const char preamble[] = "ignored preamble\r\n" B "\r\nContent-Disposition: "
				       "form-data; name=a\r\n\r\nx\r\n" B "--";
	tap_int(parse(a, CT, preamble, sizeof(preamble) - 1, &p, &n), 0,
		"a preamble and an unquoted name");
	tap_str(multipart_field(a, p, n, "a"), "x", "value read");
	arena_free(a);
}

static void test_refusals(void)
{
	struct arena *a = arena_new(0);
	struct multipart_part *p;
	size_t n;
	static const char truncated[] = B "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx";
	tap_int(parse(a, CT, truncated, sizeof(truncated) - 1, &p, &n), ZF_EPARSE,
		"no closing delimiter: refused");
	static const char nodisp[] = B "\r\nContent-Type: text/plain\r\n\r\nx\r\n" B "--";
	tap_int(parse(a, CT, nodisp, sizeof(nodisp) - 1, &p, &n), ZF_EPARSE,
		"a part without Content-Disposition");
	static const char attach[] =
	    B "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n" B "--";
	tap_int(parse(a, CT, attach, sizeof(attach) - 1, &p, &n), ZF_EPARSE, "not form-data");
	static const char badname[] = B "\r\nContent-Disposition: form-data; name=\"\xff\"\r\n\r\nx"
					"\r\n" B "--";
	tap_int(parse(a, CT, badname, sizeof(badname) - 1, &p, &n), ZF_EPARSE,
		"a name that is not UTF-8");
	static const char noheader[] = B "\r\n\r\nx\r\n" B "--";
	tap_int(parse(a, CT, noheader, sizeof(noheader) - 1, &p, &n), ZF_EPARSE,
		"a part with no header");
	tap_int(parse(a, CT, "", 0, &p, &n), ZF_EPARSE, "an empty body");
	tap_int(parse(a, "text/plain", "x", 1, &p, &n), ZF_EPARSE, "not multipart");
	struct buf many = BUF_INIT;
	for (int i = 0; i <= MULTIPART_MAX_PARTS; i++)
		buf_printf(&many, B "\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n",
			   i);
	buf_adds(&many, B "--");
	tap_int(parse(a, CT, many.p, many.len, &p, &n), ZF_ETOOBIG, "more than %d parts",
		MULTIPART_MAX_PARTS);
	buf_reset(&many);
	buf_adds(&many, B "\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ");
	for (int i = 0; i < MULTIPART_MAX_HEADER; i++)
		buf_addch(&many, 'p');
	buf_adds(&many, "\r\n\r\nx\r\n" B "--");
	tap_int(parse(a, CT, many.p, many.len, &p, &n), ZF_EPARSE, "a header block over the cap");
	buf_free(&many);
	static const char value_bad[] =
	    B "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff"
	      "\r\n" B "--";
	tap_int(parse(a, CT, value_bad, sizeof(value_bad) - 1, &p, &n), 0,
		"a value that is not UTF-8 parses (it may be a file)");
	tap_ok(multipart_field(a, p, n, "a") == NULL, "but is no text field");
	arena_free(a);
}

int main(void)
{
	test_boundary();
	test_parse();
	test_refusals();
	return tap_done();
}
