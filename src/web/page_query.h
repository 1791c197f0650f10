/* page_query.h: what the /query pages share (page_query.c, page_query_applicant.c): the
 * look-up by query code and second factor (each failure counted against the address), the
 * result page, and the applicant's own forms on it (补正 online, 好差评). */
#ifndef ZF_WEB_PAGE_QUERY_H
#define ZF_WEB_PAGE_QUERY_H

#include "server.h"
#include "store/db.h"

struct clock_status;

/* A request found by code and second factor. */
struct query_hit {
	long long id;
	struct request_record r;
	const char *phone; /* the second factor as typed (trimmed), for the forms on the page */
};
/* Reads "code" and "phone" of the posted form and finds the request. 0 when found; 1 when
 * it wrote the refusal page (404, or 429 when the address is locked out); or an error. */
int query_lookup(struct web_request *req, struct web_response *res, struct query_hit *hit);

/* What the applicant's forms carry back to the result page: a confirmation, or an error
 * with the values typed. NULL members are absent. */
struct query_form_state {
	const char *notice; /* e.g. "补正已提交" */
	const char *error;
	const char *form; /* "supplement" or "rating": the form the error belongs to */
	const char *text; /* the supplement typed */
	int level;	  /* the rating picked (0 = none) */
	const char *comment;
};
/* Writes the result page of hit; fs may be NULL. */
int query_result_page(struct web_request *req, struct web_response *res,
		      const struct query_hit *hit, const struct query_form_state *fs);

/* page_query_applicant.c: the applicant's section of the result page, and its POSTs. */
void query_applicant_section(struct web_request *req, struct buf *w, const struct query_hit *hit,
			     const struct clock_status *cs, const char *const *notices,
			     const struct query_form_state *fs);
int page_query_supplement(struct web_request *req, struct web_response *res);
int page_query_rating(struct web_request *req, struct web_response *res);

#endif
