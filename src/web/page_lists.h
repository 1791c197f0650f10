/* page_lists.h: the pages of 撤稿 (page_takedown.c), the 重大建设项目 专栏
 * (page_projects.c) and the versioned lists (page_lists.c), routed by routes_lists.c, and
 * the hooks the document pages call (page_docs_public.c, page_docs_console.c). */
#ifndef ZF_WEB_PAGE_LISTS_H
#define ZF_WEB_PAGE_LISTS_H

#include "server.h"
#include "store/docs.h"

/* ---- 撤稿 (page_takedown.c) ---- */

/* The public page of a taken-down document: the withdrawn notice (200, without body or
 * files) or 410 for a removed one. True when it answered (d was taken down). */
bool takedown_doc_page(struct web_request *req, struct web_response *res, const struct doc *d);
/* True when doc_id is taken down (a link to it must not be shown). */
bool takedown_hidden(struct web_request *req, long long doc_id);
/* Drops the taken-down attachments from att (in place), for the public page. */
void takedown_hide_files(struct web_request *req, long long doc_id, struct doc_attachment *att,
			 size_t *natt);
/* The public notes on withdrawn attachments (names, dates, reasons; removed ones unnamed). */
void takedown_file_notes(struct web_request *req, struct buf *w, long long doc_id);
/* Answers a download of a taken-down document or attachment with 410: true when it did. */
bool takedown_file_gone(struct web_request *req, struct web_response *res, long long doc_id,
			long long attachment_id);
/* The console's 撤稿 panel of a published document: its takedowns, and the form for the
 * agency's reviewers (who may publish). */
void takedown_console_panel(struct web_request *req, struct buf *w, const struct doc *d);
/* The body, one <p> a line, with URLs and known 文号 as links (render/autolink.h). */
void takedown_html_body(struct web_request *req, struct buf *w, const char *body);

int page_takedown_post(struct web_request *req, struct web_response *res);

/* ---- 重大建设项目 (page_projects.c) ---- */
int page_projects(struct web_request *req, struct web_response *res);	      /* GET /projects */
int page_project(struct web_request *req, struct web_response *res);	      /* /project/{id} */
int page_projects_console(struct web_request *req, struct web_response *res); /* list, new */
int page_projects_console_create(struct web_request *req, struct web_response *res);
int page_project_console(struct web_request *req, struct web_response *res);
int page_project_console_post(struct web_request *req, struct web_response *res);

/* ---- versioned lists (page_lists.c) ---- */
int page_lists(struct web_request *req, struct web_response *res);	  /* GET /lists */
int page_list(struct web_request *req, struct web_response *res);	  /* GET /list/{id} */
int page_list_version(struct web_request *req, struct web_response *res); /* .../v/{n} */
int page_list_xlsx(struct web_request *req, struct web_response *res);	  /* .../v/{n}/xlsx */
int page_lists_console(struct web_request *req, struct web_response *res);
int page_lists_console_create(struct web_request *req, struct web_response *res);
int page_list_console(struct web_request *req, struct web_response *res);
int page_list_console_post(struct web_request *req, struct web_response *res);

#endif
