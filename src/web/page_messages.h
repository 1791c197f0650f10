/* page_messages.h: 互动交流 messages on the web: the public pages under /hdjl (the landing
 * page, the list of published replies, one reply, the form, its receipt, the writer's
 * look-up and rating) and the console's /console/hdjl (the inbox of the user's agencies,
 * one message with its acts, the statistics and their .xlsx, the settings). Routed by
 * routes_messages.c. */
#ifndef ZF_WEB_PAGE_MESSAGES_H
#define ZF_WEB_PAGE_MESSAGES_H

#include "date.h"
#include "server.h"

struct arena;

/* page_messages_public.c */
int page_hdjl(struct web_request *req, struct web_response *res);	     /* GET /hdjl */
int page_hdjl_messages(struct web_request *req, struct web_response *res);   /* GET list */
int page_hdjl_message(struct web_request *req, struct web_response *res);    /* GET {id} */
int page_hdjl_write(struct web_request *req, struct web_response *res);	     /* GET form */
int page_hdjl_write_post(struct web_request *req, struct web_response *res); /* POST */
int page_hdjl_receipt(struct web_request *req, struct web_response *res);    /* GET */
int page_hdjl_query(struct web_request *req, struct web_response *res);	     /* GET */
int page_hdjl_query_post(struct web_request *req, struct web_response *res); /* POST */
int page_hdjl_rate(struct web_request *req, struct web_response *res);	     /* POST */

/* page_messages_console.c */
int page_console_hdjl(struct web_request *req, struct web_response *res);
int page_console_hdjl_message(struct web_request *req, struct web_response *res);
int page_console_hdjl_act(struct web_request *req, struct web_response *res);
int page_console_hdjl_stats(struct web_request *req, struct web_response *res);
int page_console_hdjl_settings(struct web_request *req, struct web_response *res);
int page_console_hdjl_settings_post(struct web_request *req, struct web_response *res);

/* Text as published: personal data pii_scan finds (ID numbers, mobiles, bank cards, name
 * with address) and every occurrence of the writer's name masked; from the arena. */
const char *messages_mask(struct arena *a, const char *text, const char *name, zf_day today);
/* A writer's name as published: its first character, the rest as "*" ("张**"); "匿名"
 * when empty. */
const char *messages_mask_name(struct arena *a, const char *name);

#endif
