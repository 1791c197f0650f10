/* letter_file.c: a letter as a download (letter_file.h). */
#include "common.h"
#include "letter_file.h"
#include "arena.h"
#include "letter.h"
#include "render/html.h"
#include "render/letter_doc.h"
#include "store/letters.h"

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
	/* Content-Disposition with the Chinese name (RFC 5987) and an ASCII fallback */
	struct buf v = BUF_INIT;
	buf_printf(&v, "attachment; filename=\"letter-%lld%s\"; filename*=UTF-8''", l->id, ext);
	char *name = arena_printf(req->arena, "%s%s%s", letter_kind_title(l->kind),
				  *l->letter_no ? l->letter_no : "（草稿）", ext);
	if (name)
		html_url_arg(&v, name);
	const char *value = name && !v.failed ? arena_strdup(req->arena, buf_cstr(&v)) : NULL;
	buf_free(&v);
	if (!value)
		return ZF_ENOMEM;
	return web_add_header(res, "Content-Disposition", value);
}
