/* page_stdcat.h: the pages of the 基层政务公开标准目录 (store/std_catalogue.h): the console's
 * /console/stdcat (items by 领域 with their status: 已公开, 逾期未公开, 未到期, 待公开; the
 * Excel import with its preview, the export), one item's page (its documents, the event day
 * its 时限 counts from, linking a published document found by search), the warnings of each
 * agency (/console/stdcat/warnings: its overdue items); and the public /stdcat, the
 * catalogue with links to the documents that fulfil it. Routed by routes_stdcat.c.
 *
 * Access: everyone with a role over an item's 主体 reads it; its clerks (and stronger) link
 * documents and record events; administrators import, for the agencies they administer.
 * Another agency's item answers 404. */
#ifndef ZF_WEB_PAGE_STDCAT_H
#define ZF_WEB_PAGE_STDCAT_H

#include "server.h"

/* ---- console (page_stdcat_console.c) ---- */
int page_stdcat_console(struct web_request *req, struct web_response *res);
int page_stdcat_export(struct web_request *req, struct web_response *res);
int page_stdcat_import(struct web_request *req, struct web_response *res);
int page_stdcat_import_confirm(struct web_request *req, struct web_response *res);
int page_stdcat_warnings(struct web_request *req, struct web_response *res);
/* ---- one item (page_stdcat_item.c) ---- */
int page_stdcat_item(struct web_request *req, struct web_response *res);
int page_stdcat_item_link(struct web_request *req, struct web_response *res);
int page_stdcat_item_unlink(struct web_request *req, struct web_response *res);
int page_stdcat_item_event(struct web_request *req, struct web_response *res);

/* ---- public (page_stdcat_public.c) ---- */
int page_stdcat_public(struct web_request *req, struct web_response *res); /* /stdcat */

/* ---- shared by the pages (page_stdcat_console.c) ---- */

/* Writes the status of an item as a tag (已公开 / 逾期未公开 / 未到期 / 待公开). */
struct std_item;
void stdcat_status_tag(struct buf *w, const struct std_item *x);

#endif
