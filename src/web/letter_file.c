/* letter_file.c: a letter as a download (letter_file.h). */
#include "common.h"
#include "letter_file.h"
#include "arena.h"
#include "letter.h"
#include "render/html.h"
#include "render/letter_doc.h"
#include "store/letters.h"
#include "ui_shared.h"

int letter_file_send(struct web_request *req, struct web_response *res, const struct letter *l,
		     bool pdf)
{
	char day[32];
	struct letter_doc doc = {
	    .agency_name = l->agency_name,
	    .title = letter_kind_title(l->kind),
	    .letter_no = l->letter_no,
	    .addressee = l->addressee,
	    .body = l->body,
	    .date = letter_date_zh(l->on, day),
	};
	const char *ext = pdf ? ".pdf" : ".docx";
	int rc = pdf ? letter_pdf(&doc, &res->body) : letter_docx(&doc, &res->body);
	if (rc)
		return rc;
	res->content_type = pdf ? "application/pdf" : LETTER_DOCX_TYPE;
	char ascii[64];
	snprintf(ascii, sizeof(ascii), "letter-%lld%s", l->id, ext);
	char *name = arena_printf(req->arena, "%s%s%s", letter_kind_title(l->kind),
				  *l->letter_no ? l->letter_no : "（草稿）", ext);
	return name ? ui_attachment(req, res, "attachment", ascii, name) : ZF_ENOMEM;
}
