/* page_columns.h: the pages of each agency's column tree (栏目, store/columns.h): the
 * console's /console/columns (the tree with last update, cadence and the 逾期未更新 flag;
 * add, edit, move, close; the standard columns seeded with one button), the public tree of
 * an agency and the list of one column (page_columns_public.c), and the column picker of the
 * document form (page_docs_console.c). Routed by routes_columns.c. */
#ifndef ZF_WEB_PAGE_COLUMNS_H
#define ZF_WEB_PAGE_COLUMNS_H

#include "server.h"

/* ---- console (page_columns_console.c) ---- */
int page_columns_console(struct web_request *req, struct web_response *res);
int page_columns_console_add(struct web_request *req, struct web_response *res);
int page_columns_console_seed(struct web_request *req, struct web_response *res);
int page_columns_console_column(struct web_request *req, struct web_response *res);
int page_columns_console_change(struct web_request *req, struct web_response *res);

/* ---- public (page_columns_public.c) ---- */
int page_columns_index(struct web_request *req, struct web_response *res);  /* /columns */
int page_columns_agency(struct web_request *req, struct web_response *res); /* /columns/{a} */
int page_column(struct web_request *req, struct web_response *res);	    /* /column/{id} */

/* ---- the document form's picker (page_columns_console.c) ---- */

/* Writes a fieldset of checkboxes (name "column") for the list columns of the agency that
 * are open or already hold the document, with `filed` checked. Nothing when the agency has
 * no list column. */
void columns_picker(struct web_request *req, struct buf *w, long long agency_id,
		    const long long *filed, size_t nfiled);
/* The panel of a document's page in the console: the columns it is filed under, and (when
 * may_file: a published document and a clerk of its agency) a form to file it anew. */
void columns_doc_panel(struct web_request *req, struct buf *w, long long doc_id,
		       long long agency_id, bool may_file);
/* POST /console/docs/{id}/columns: files a published document under the picked columns. */
int page_columns_console_file(struct web_request *req, struct web_response *res);
/* The column ids posted by the picker (from req->arena); false (with a Chinese message in
 * *error) when one is not an id. */
bool columns_picked(struct web_request *req, long long **ids, size_t *n, const char **error);

#endif
