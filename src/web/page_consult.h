/* page_consult.h: the pages of 意见征集 (consultations on draft policies) and 在线访谈
 * (online interviews), store/consult.h: the public lists and pages under /hdjl/ with the
 * comment and question forms (CSRF, throttled per address), and the console's workspaces
 * under /console/hdjl/consultations and /console/hdjl/interviews (readers: every role over
 * the agency; changes: its clerks; another agency's object answers 404). Routed by
 * routes_consult.c. */
#ifndef ZF_WEB_PAGE_CONSULT_H
#define ZF_WEB_PAGE_CONSULT_H

#include "server.h"

#include <time.h>

/* ---- public (page_consult_public.c, page_interview_public.c) ---- */
int page_consult_list(struct web_request *req, struct web_response *res);
int page_consult_view(struct web_request *req, struct web_response *res);
int page_consult_comment(struct web_request *req, struct web_response *res);
int page_interview_list(struct web_request *req, struct web_response *res);
int page_interview_view(struct web_request *req, struct web_response *res);
int page_interview_question(struct web_request *req, struct web_response *res);

/* ---- console (page_consult_console.c, page_interview_console.c) ---- */
int page_consult_console(struct web_request *req, struct web_response *res);
int page_consult_console_add(struct web_request *req, struct web_response *res);
int page_consult_console_one(struct web_request *req, struct web_response *res);
int page_consult_console_change(struct web_request *req, struct web_response *res);
int page_consult_console_judge(struct web_request *req, struct web_response *res);
int page_consult_console_export(struct web_request *req, struct web_response *res);
int page_interview_console(struct web_request *req, struct web_response *res);
int page_interview_console_add(struct web_request *req, struct web_response *res);
int page_interview_console_one(struct web_request *req, struct web_response *res);
int page_interview_console_change(struct web_request *req, struct web_response *res);
int page_interview_console_moderate(struct web_request *req, struct web_response *res);

/* ---- shared (page_consult_ui.c) ---- */

/* The public forms' throttles, per client address, in the database (store_throttle_*). */
enum consult_throttle {
	THROTTLE_CONSULT_COMMENT,    /* comments: 10 per hour */
	THROTTLE_INTERVIEW_QUESTION, /* questions: 10 per hour */
};
/* *over = true when ip (NULL: never limited) used up its allowance. 0 or the store's error. */
int consult_throttled(struct store *db, enum consult_throttle kind, const char *ip, time_t now,
		      bool *over);
/* Counts one accepted submission. */
int consult_throttle_count(struct store *db, enum consult_throttle kind, const char *ip,
			   time_t now);
/* Writes the 429 page of a flood. */
void consult_flood_page(struct web_request *req, struct web_response *res);

/* The text with its personal data masked for publication (身份证号, 手机号, 银行卡号 keep
 * their ends, an address is replaced), from req->arena; the text itself when there is none
 * (or when out of memory: callers never publish unmasked text since NULL is returned
 * then). */
const char *consult_mask(struct web_request *req, const char *text);
/* A name as published: its first character and a * for each of the rest ("张**"); "网友"
 * when empty. */
const char *consult_name_mask(struct web_request *req, const char *name);
/* Writes text as paragraphs, one <p> per non-empty line, escaped. */
void consult_paragraphs(struct buf *w, const char *text);
/* Writes a labelled <textarea>. */
void consult_textarea(struct buf *w, const char *id, const char *name, const char *label,
		      const char *value, bool required, int maxlength, int rows);
/* The sub-navigation of the 政民互动 console pages (active: "consultations"/"interviews"). */
void consult_console_tabs(struct buf *w, const char *active);
/* "15:00" for minutes after midnight into out. */
const char *consult_hhmm(int minute, char out[6]);
/* Parses "HH:MM": the minutes, or -1. */
int consult_parse_hhmm(const char *s);

#endif
