/* page_assessment.h: the 主管部门's 考核 pages under /console/oversight (routed by
 * routes_assessment.c): the scores per quarter with manual items and the scheme editor
 * (page_assessment.c), training records (page_training.c), the quarterly 通报
 * (page_bulletins.c), and what they share (page_assessment.c).
 *
 * Who may do what: a user with a role on an agency that has subordinates (the 主管部门)
 * computes scores, enters manual items and training for the agencies below it (经办人 and
 * above) and issues its 通报 (审核人 and above); an administrator of a top-level agency edits
 * the scheme. A department's users read their own agency's scores and the issued 通报 of
 * the 主管部门 above them. Anything else answers 404. */
#ifndef ZF_WEB_PAGE_ASSESSMENT_H
#define ZF_WEB_PAGE_ASSESSMENT_H

#include "page_console.h"
#include "server.h"

int page_assess(struct web_request *req, struct web_response *res);
int page_assess_compute(struct web_request *req, struct web_response *res);
int page_assess_manual(struct web_request *req, struct web_response *res);
int page_assess_agency(struct web_request *req, struct web_response *res);
int page_assess_scheme(struct web_request *req, struct web_response *res);
int page_assess_scheme_post(struct web_request *req, struct web_response *res);

int page_training(struct web_request *req, struct web_response *res);
int page_training_export(struct web_request *req, struct web_response *res);
int page_training_new(struct web_request *req, struct web_response *res);
int page_training_one(struct web_request *req, struct web_response *res);
int page_training_post(struct web_request *req, struct web_response *res);

int page_bulletins(struct web_request *req, struct web_response *res);
int page_bulletin_notes(struct web_request *req, struct web_response *res);
int page_bulletin_draft(struct web_request *req, struct web_response *res);
int page_bulletin_issue(struct web_request *req, struct web_response *res);
int page_bulletin_file(struct web_request *req, struct web_response *res);

/* ---- shared ---- */

/* The quarter of ?quarter= or the posted field (default: the last quarter before today's);
 * 0 when given but not a quarter. */
int assess_ui_quarter(const struct web_request *req, bool posted);
/* Writes <option>s for the eight quarters up to today's, `selected` marked. */
void assess_ui_quarter_options(struct buf *w, int selected);
/* True when agency id has subordinates and the user holds role on it. */
bool assess_ui_manages(const struct console_agencies *ag, const struct web_request *req,
		       long long id, int role);
/* The root of ?root= / the posted field, or the first the user manages with role; 0 when
 * none; -1 when the given one is not managed. */
long long assess_ui_root(const struct web_request *req, const struct console_agencies *ag, int role,
			 bool posted);
/* True when the user holds role on an agency strictly above id that has subordinates. */
bool assess_ui_above(const struct web_request *req, const struct console_agencies *ag, long long id,
		     int role);
/* The tabs of the oversight workspace, and under 考核 its own (active: the current path). */
void assess_ui_subnav(struct buf *w, const char *active);

#endif
