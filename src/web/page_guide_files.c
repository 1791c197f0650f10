/* page_guide_files.c: /guide/{agency}/{file}, what an agency's guide offers beside the page:
 * the 依申请公开 flowchart (flow.svg) and the 政府信息公开申请表 with the agency's name and
 * contacts filled in (form.docx, form.pdf). */
#include "common.h"
#include "arena.h"
#include "page_public.h"
#include "render/apply_form.h"
#include "render/guide_flow.h"
#include "render/html.h"
#include "store/guide.h"
#include "ui_shared.h"

#include <pthread.h>

#define DOCX_TYPE "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

static bool parse_id(const char *s, long long *out)
{
	long v = 0;
	if (!s || !*s || strlen(s) > 18 || str_to_long(str_c(s), &v) || v <= 0)
		return false;
	*out = v;
	return true;
}

/* Content-Disposition with the Chinese name and an ASCII fallback. */
static int disposition(struct web_request *req, struct web_response *res, const char *how,
		       const struct guide *g, const char *ext)
{
	char ascii[64];
	snprintf(ascii, sizeof(ascii), "apply-form-%lld%s", g->agency_id, ext);
	char *name = arena_printf(req->arena, "%s政府信息公开申请表%s", g->agency_name, ext);
	return name ? ui_attachment(req, res, how, ascii, name) : ZF_ENOMEM;
}

/* The PDFs made, by their content: Debian's cairo keeps about 1.5 KiB per PDF it finishes
 * (see docs/guides.md), so each distinct form is drawn once per process, not once per
 * download. Entries are replaced round-robin; the particulars change rarely. */
#define PDF_CACHE 32
static struct {
	char *key; /* the form's fields, joined by 0x1f */
	char *pdf;
	size_t len;
} pdf_cache[PDF_CACHE];
static size_t pdf_cache_next;
static pthread_mutex_t pdf_cache_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* The form's fields joined by 0x1f, into key. */
static int form_key(const struct apply_form *f, struct buf *key)
{
	const char *v[] = {f->agency_name, f->office, f->address, f->postcode,
			   f->phone,	   f->fax,    f->email,	  f->hours};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		buf_printf(key, "%s\x1f", nz(v[i]));
	return key->failed ? ZF_ENOMEM : 0;
}

static int cached_pdf(const struct apply_form *f, struct buf *out)
{
	struct buf key = BUF_INIT;
	int rc = form_key(f, &key);
	if (rc) {
		buf_free(&key);
		return rc;
	}
	pthread_mutex_lock(&pdf_cache_lock);
	for (size_t i = 0; i < PDF_CACHE; i++) {
		if (pdf_cache[i].key && !strcmp(pdf_cache[i].key, buf_cstr(&key))) {
			rc = buf_add(out, pdf_cache[i].pdf, pdf_cache[i].len) ? ZF_ENOMEM : 0;
			pthread_mutex_unlock(&pdf_cache_lock);
			buf_free(&key);
			return rc;
		}
	}
	pthread_mutex_unlock(&pdf_cache_lock);
	rc = apply_form_pdf(f, out);
	char *copy = rc ? NULL : malloc(out->len);
	if (copy) {
		memcpy(copy, out->p, out->len);
		size_t klen;
		char *k = buf_detach(&key, &klen);
		pthread_mutex_lock(&pdf_cache_lock);
		size_t i = pdf_cache_next++ % PDF_CACHE;
		free(pdf_cache[i].key);
		free(pdf_cache[i].pdf);
		pdf_cache[i].key = k;
		pdf_cache[i].pdf = copy;
		pdf_cache[i].len = out->len;
		pthread_mutex_unlock(&pdf_cache_lock);
	}
	buf_free(&key);
	return rc; /* without room to keep it, it is served all the same */
}

int page_guide_file(struct web_request *req, struct web_response *res)
{
	long long id = 0;
	const char *file = req->path_args[1];
	struct guide g;
	int rc = parse_id(req->path_args[0], &id) ? 0 : ZF_ENOENT;
	bool known = file && (!strcmp(file, "flow.svg") || !strcmp(file, "form.docx") ||
			      !strcmp(file, "form.pdf"));
	if (!rc && !known)
		rc = ZF_ENOENT;
	if (!rc)
		rc = store_guide_get(req->db, req->arena, id, &g);
	if (rc == ZF_ENOENT) {
		ui_error_page(req, res, 404, "页面不存在",
			      "没有找到该机关或该文件。请从公开指南的机关列表中选择。");
		return 0;
	}
	if (rc)
		return rc;
	web_add_header(res, "Cache-Control", "no-cache");
	if (!strcmp(file, "flow.svg")) {
		guide_flow_svg(&res->body, g.agency_name, true, "flow");
		res->content_type = "image/svg+xml; charset=utf-8";
		return 0;
	}
	struct apply_form f = {
	    .agency_name = g.agency_name,
	    .office = g.f[GF_OFFICE],
	    .address = g.f[GF_ADDRESS],
	    .postcode = g.f[GF_POSTCODE],
	    .phone = g.f[GF_PHONE],
	    .fax = g.f[GF_FAX],
	    .email = g.f[GF_EMAIL],
	    .hours = g.f[GF_HOURS],
	};
	bool pdf = !strcmp(file, "form.pdf");
	rc = pdf ? cached_pdf(&f, &res->body) : apply_form_docx(&f, &res->body);
	if (rc)
		return rc;
	res->content_type = pdf ? "application/pdf" : DOCX_TYPE;
	return disposition(req, res, pdf ? "inline" : "attachment", &g, pdf ? ".pdf" : ".docx");
}
