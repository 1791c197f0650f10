/* fuzz_guide.c: libFuzzer target for what a guide's editor types: the fields checked
 * (guide_check), the guide rendered as HTML (guide_view_body), the application form written as
 * .docx with the particulars, and the flowchart titled with the agency's name. Input: the 19
 * fields separated by 0x1e (missing ones are ""). Whatever is typed, no markup of it may reach
 * the output. */
#include "common.h"
#include "render/apply_form.h"
#include "render/guide_flow.h"
#include "store/guide.h"
#include "web/guide_view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool has_markup(const struct buf *b)
{
	return b->len && (strstr(b->p, "<script") || strstr(b->p, "<img"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = xstrndup((const char *)data, size);
	struct guide g = {
	    .agency_id = 1, .agency_name = "示例区人民政府", .revised_at = "", .revised_by = ""};
	char *p = copy;
	for (int i = 0; i < GUIDE_FIELDS; i++) {
		g.f[i] = p ? p : "";
		char *sep = p ? strchr(p, 0x1e) : NULL;
		if (sep)
			*sep = '\0';
		p = sep ? sep + 1 : NULL;
	}
	struct buf err = BUF_INIT, html = BUF_INIT, docx = BUF_INIT, svg = BUF_INIT;
	enum guide_field bad = GUIDE_FIELDS;
	if (guide_check(&g, &err, &bad) == 0) {
		guide_view_body(&html, &g);
		if (has_markup(&html))
			BUG("markup from a field reached the guide's HTML");
		struct apply_form f = {.agency_name = g.f[GF_OFFICE],
				       .office = g.f[GF_OFFICE],
				       .address = g.f[GF_ADDRESS],
				       .phone = g.f[GF_PHONE],
				       .fax = g.f[GF_FAX],
				       .email = g.f[GF_EMAIL]};
		if (apply_form_docx(&f, &docx) == 0 && (docx.len < 4 || memcmp(docx.p, "PK", 2)))
			BUG("the .docx is not a ZIP");
		guide_flow_svg(&svg, g.f[GF_OFFICE], true, "flow");
		if (has_markup(&svg))
			BUG("markup from the agency's name reached the flowchart");
	} else if (bad >= GUIDE_FIELDS || !err.len) {
		BUG("a refusal without its field or reason");
	}
	buf_free(&err);
	buf_free(&html);
	buf_free(&docx);
	buf_free(&svg);
	free(copy);
	return 0;
}
