/* report_html.h: an annual report as a stand-alone HTML page laid out like the official tables
 * (merged header cells, nested row labels), with print CSS for A4 so that the browser's
 * print gives the publishable document. */
#ifndef ZF_REPORT_HTML_H
#define ZF_REPORT_HTML_H

#include "buf.h"
#include "law/report.h"

/* Appends the whole page (<!DOCTYPE html> … </html>) to out. Returns 0, ZF_EINVAL (the
 * report has no format), ZF_ENOMEM or ZF_ETOOBIG (out's cap). */
int report_html_write(const struct report *r, struct buf *out);

/* The narrative parts of a report (一、总体情况，五、存在的主要问题及改进情况，六、其他需要
 * 报告的事项), as the console writes them into the published JSON's "narrative" object.
 * Borrowed; any may be NULL or "" (not written). */
struct report_narrative {
	const char *overview, *problems, *other_matters;
};

/* Like report_html_write, with the narrative parts around the tables in the statutory order
 * 一 to 六 (n NULL: tables only, as report_html_write). */
int report_html_write_narrated(const struct report *r, const struct report_narrative *n,
			       struct buf *out);

/* Appends part `which` (0: 一, 1: 五, 2: 六) as <section><h2>heading</h2><p>…</p></section>:
 * one <p class="narrative"> per non-blank line of text, HTML-escaped; a note when blank. */
void report_html_part(struct buf *out, int which, const char *text);

/* Appends only the tables (one <section> per table) for embedding in a page that supplies
 * its own chrome; the styles are those of report_html_css(). Same returns. */
int report_html_tables(const struct report *r, struct buf *out);

/* The page's stylesheet (static), for pages that embed report_html_tables(). */
const char *report_html_css(void);

#endif
