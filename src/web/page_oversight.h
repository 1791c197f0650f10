/* page_oversight.h: the oversight workspace of the 主管部门 (/console/oversight, routed by
 * routes_oversight.c): the table of the subordinate agencies for a period (page_oversight.c),
 * 督办 (page_oversight_supervise.c), the charts (page_oversight_charts.c) and the
 * 政府网站工作年度报表 (page_oversight_report.c, also its public page). A reader sees the
 * agencies its roles reach and nothing else: another agency is answered with 404. */
#ifndef ZF_WEB_PAGE_OVERSIGHT_H
#define ZF_WEB_PAGE_OVERSIGHT_H

#include "page_console.h"
#include "server.h"
#include "store/oversight.h"

int page_oversight(struct web_request *req, struct web_response *res);
int page_oversight_export(struct web_request *req, struct web_response *res);
int page_oversight_supervise(struct web_request *req, struct web_response *res);
int page_oversight_remind(struct web_request *req, struct web_response *res);
int page_oversight_charts(struct web_request *req, struct web_response *res);
int page_oversight_report(struct web_request *req, struct web_response *res);
int page_oversight_report_post(struct web_request *req, struct web_response *res);
int page_oversight_report_publish(struct web_request *req, struct web_response *res);
int page_oversight_report_xlsx(struct web_request *req, struct web_response *res);
int page_website_report_index(struct web_request *req, struct web_response *res);
int page_website_report_public(struct web_request *req, struct web_response *res);
int page_website_report_public_xlsx(struct web_request *req, struct web_response *res);

/* ---- shared by the oversight pages (page_oversight.c) ---- */

/* The period chosen by ?period= (this_quarter 本季度, last_quarter 上季度, this_year 本年,
 * last_year 上年; default this_quarter), counted up to today at most. */
struct oversight_period {
	const char *key, *label;
	zf_day from, to;
};
void oversight_period_read(const struct web_request *req, zf_day today, struct oversight_period *p);
/* Writes the period choice as links (the current one marked), keeping agency=node. */
void oversight_period_links(struct buf *w, const char *path, const struct oversight_period *p,
			    long long node);

/* The agency the pages look at: ?agency= when the reader may see it (role viewer), else
 * the first agency of the tree it may see; 0 when it sees none. */
long long oversight_node(const struct web_request *req, const struct console_agencies *ag);
/* The agencies of the tree over which the reader holds at least role (from req->arena). */
long long *oversight_reach(const struct web_request *req, const struct console_agencies *ag,
			   int role, size_t *n);
/* The sub-navigation of the oversight workspace (active: the path of the current page). */
void oversight_subnav(struct buf *w, const char *active);

#endif
