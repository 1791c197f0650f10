/* page_newmedia.h: the pages of the 政务新媒体 registry (store/newmedia.h). The console's
 * /console/newmedia: the registry (filters by agency, platform, status and 不更新), its .xlsx
 * (the 备案 table clerks send upward), the register form (申请开设); an account's page with
 * its particulars, approvals, history, posts and open findings, and the forms of its life
 * (批准开设 / 不予开设, 申请关停, 批准关停 / 不同意关停, 报送最近更新, 修改, 导入发布内容);
 * one post with its findings. Clerks of an agency register, import and ask; administrators of
 * the agency or one above it approve; every role over the agency reads; another agency's
 * account answers 404. The public /newmedia lists the open accounts as a 政务新媒体矩阵
 * (platform, name, 主办单位; no person). Routed by routes_newmedia.c. */
#ifndef ZF_WEB_PAGE_NEWMEDIA_H
#define ZF_WEB_PAGE_NEWMEDIA_H

#include "server.h"

/* ---- console (page_newmedia_console.c) ---- */
int page_newmedia_console(struct web_request *req, struct web_response *res);
int page_newmedia_export(struct web_request *req, struct web_response *res);
int page_newmedia_register(struct web_request *req, struct web_response *res);
int page_newmedia_account(struct web_request *req, struct web_response *res);
int page_newmedia_change(struct web_request *req, struct web_response *res);
int page_newmedia_import(struct web_request *req, struct web_response *res);
int page_newmedia_post(struct web_request *req, struct web_response *res);

/* ---- public (page_newmedia_public.c) ---- */
int page_newmedia_public(struct web_request *req, struct web_response *res); /* /newmedia */

#endif
