/* page_guide.c: /guide, the 政府信息公开指南 of every agency, and /agency/{id}, one agency's home
 * page with its whole guide (条例 Art. 12: the working body's name, address, hours, numbers
 * and e-mail; how to apply; the procedure and time limits; fees; supervision and remedies). */
#include "common.h"
#include "arena.h"
#include "guide_view.h"
#include "page_public.h"
#include "render/html.h"
#include "ui_shared.h"

static void meta_row(struct buf *w, const char *th, const char *value)
{
	if (!value || !*value)
		return;
	html_raw(w, "<tr><th scope=\"row\">");
	html_txt(w, th);
	html_raw(w, "</th><td>");
	html_txt(w, value);
	html_raw(w, "</td></tr>\n");
}

static void link_row(struct buf *w, const char *th, const char *href_prefix, const char *value)
{
	if (!value || !*value)
		return;
	html_raw(w, "<tr><th scope=\"row\">");
	html_txt(w, th);
	html_raw(w, "</th><td><a href=\"");
	html_attr(w, href_prefix);
	html_attr(w, value);
	html_raw(w, "\">");
	html_txt(w, value);
	html_raw(w, "</a></td></tr>\n");
}

/* The particulars of the working body as a table. */
static void contact_table(struct buf *w, const struct agency_profile *p, bool full)
{
	html_raw(w, "<table class=\"data meta contact\">\n<tbody>\n");
	meta_row(w, "工作机构", p->office);
	meta_row(w, "办公地址", p->address);
	if (full)
		meta_row(w, "邮政编码", p->postcode);
	meta_row(w, "办公时间", p->hours);
	meta_row(w, "咨询电话", p->phone);
	if (full) {
		meta_row(w, "传真", p->fax);
		link_row(w, "电子邮箱", "mailto:", p->email);
		link_row(w, "网站", "", p->website);
	}
	html_raw(w, "</tbody>\n</table>\n");
}

/* Plain text with "\n" between paragraphs, as <p>s. */
static void paragraphs(struct buf *w, const char *text)
{
	struct str rest = str_c(text);
	while (rest.len) {
		struct str line = str_trim(str_cut(&rest, '\n'));
		if (!line.len)
			continue;
		html_raw(w, "<p>");
		html_txts(w, line);
		html_raw(w, "</p>\n");
	}
}

static void agency_link(struct buf *w, long long id, const char *name)
{
	html_raw(w, "<a href=\"/agency/");
	html_attrf(w, "%lld", id);
	html_raw(w, "\">");
	html_txt(w, name);
	html_raw(w, "</a>");
}

int page_guide(struct web_request *req, struct web_response *res)
{
	struct agency_profile *ps;
	size_t n;
	int rc = store_agency_profile_list(req->db, req->arena, &ps, &n);
	if (rc)
		return rc;
	struct agency *ag;
	size_t nag;
	rc = store_agency_list(req->db, req->arena, &ag, &nag);
	if (rc)
		return rc;
	struct guide_current *cur;
	size_t ncur;
	rc = store_guide_current_list(req->db, req->arena, &cur, &ncur);
	if (rc)
		return rc;
	struct buf *w = &res->body;
	ui_begin(req, res, "政府信息公开指南", "/guide");
	html_raw(w,
		 "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		 "<span aria-current=\"page\">公开指南</span></nav>\n"
		 "<h1>政府信息公开指南</h1>\n"
		 "<p class=\"lead\">各行政机关依照《中华人民共和国政府信息公开条例》第十二条编制"
		 "政府信息公开指南，说明政府信息的分类、编排体系、获取方式，以及政府信息公开工作"
		 "机构的名称、办公地址、办公时间、联系电话、传真号码和电子邮箱。</p>\n"
		 "<div class=\"panel howto\"><h2>如何申请政府信息公开</h2><ol>"
		 "<li>确定制作或者保存所需信息的行政机关，向该机关的政府信息公开工作机构提出申请"
		 "（条例第二十七条）。</li>"
		 "<li>通过<a href=\"/apply\">本平台在线申请</a>，也可以当面、邮寄或者传真提交"
		 "书面申请；书面申请确有困难的，可以口头提出（条例第二十九条）。</li>"
		 "<li>申请应写明申请人的姓名或者名称、身份证明、联系方式，所需信息的名称、文号或者"
		 "便于查询的其他特征描述，以及获取信息的方式、途径。</li>"
		 "<li>行政机关一般在收到申请之日起 20 个工作日内答复，凭查询码可以"
		 "<a href=\"/query\">查询办理进度</a>。</li></ol></div>\n");
	html_raw(w, "<h2 id=\"agencies\">各机关的公开指南</h2>\n");
	if (n == 0)
		html_raw(w, "<p class=\"muted\">尚未登记任何机关。</p>\n");
	for (size_t i = 0; i < n; i++) {
		const struct agency_profile *p = &ps[i];
		html_raw(w, "<section class=\"panel guide-card\" aria-labelledby=\"g-");
		html_attrf(w, "%lld", p->agency_id);
		html_raw(w, "\">\n<h3 id=\"g-");
		html_attrf(w, "%lld", p->agency_id);
		html_raw(w, "\">");
		agency_link(w, p->agency_id, p->agency_name);
		html_raw(w, "</h3>\n");
		for (size_t k = 0; k < ncur; k++)
			if (cur[k].agency_id == p->agency_id)
				guide_view_revised_at(w, cur[k].revised_at);
		if (p->exists)
			contact_table(w, p, false);
		else
			html_raw(w,
				 "<p class=\"muted\">该机关尚未在本平台发布指南的详细信息。</p>\n");
		html_raw(w, "<p><a href=\"/agency/");
		html_attrf(w, "%lld", p->agency_id);
		html_raw(w, "\">查看完整指南<span class=\"sr-only\">：");
		html_txt(w, p->agency_name);
		html_raw(w, "</span></a> · <a href=\"/apply?agency=");
		html_attrf(w, "%lld", p->agency_id);
		html_raw(w, "\">向该机关申请<span class=\"sr-only\">：");
		html_txt(w, p->agency_name);
		html_raw(w, "</span></a></p>\n</section>\n");
	}
	ui_end(req, res);
	return 0;
}

/* ---------------------------------------------------------------- one agency */

static bool parse_id(const char *s, long long *out)
{
	long v = 0;
	if (!s || !*s || strlen(s) > 18 || str_to_long(str_c(s), &v) || v <= 0)
		return false;
	*out = v;
	return true;
}

static void section_open(struct buf *w, const char *id, const char *title)
{
	html_raw(w, "<section class=\"guide-section\" aria-labelledby=\"");
	html_attr(w, id);
	html_raw(w, "\">\n<h2 id=\"");
	html_attr(w, id);
	html_raw(w, "\">");
	html_txt(w, title);
	html_raw(w, "</h2>\n");
}

static void how_to_apply(struct buf *w, const struct agency_profile *p)
{
	html_raw(w, "<ol class=\"channels\">\n<li><strong>网络申请：</strong>通过本平台"
		    "<a href=\"/apply?agency=");
	html_attrf(w, "%lld", p->agency_id);
	html_raw(w, "\">在线填写申请表</a>。提交后即时出具回执，回执日期即为收到申请之日"
		    "（条例第三十一条第三项：双方确认之日）。</li>\n");
	if (*p->address) {
		html_raw(w, "<li><strong>当面申请：</strong>在办公时间内到");
		html_txt(w, p->address);
		html_raw(w, "提交书面申请，请携带身份证明");
		if (*p->hours) {
			html_raw(w, "（");
			html_txt(w, p->hours);
			html_raw(w, "）");
		}
		html_raw(w, "。提交之日为收到申请之日。</li>\n"
			    "<li><strong>邮寄申请：</strong>将申请书邮寄至");
		html_txt(w, p->address);
		if (*p->postcode) {
			html_raw(w, "（邮政编码 ");
			html_txt(w, p->postcode);
			html_raw(w, "）");
		}
		html_raw(w, "，收件人为“");
		html_txt(w, *p->office ? p->office : p->agency_name);
		html_raw(
		    w, "”，请在信封左下角注明“政府信息公开申请”。以需要签收的方式邮寄的，"
		       "签收之日为收到申请之日；平常信函以受理机关与申请人确认之日为收到申请之日。"
		       "</li>\n");
	}
	if (*p->fax) {
		html_raw(w, "<li><strong>传真申请：</strong>传真至 ");
		html_txt(w, p->fax);
		html_raw(w, "，并致电 ");
		html_txt(w, *p->phone ? p->phone : p->fax);
		html_raw(w, " 确认。双方确认之日为收到申请之日。</li>\n");
	}
	html_raw(w, "</ol>\n<p>申请应当包括下列内容（条例第二十九条第二款）：</p>\n<ol>"
		    "<li>申请人的姓名或者名称、身份证明、联系方式；</li>"
		    "<li>申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；</li>"
		    "<li>申请公开的政府信息的形式要求，包括获取信息的方式、途径。</li></ol>\n"
		    "<p>书面申请确有困难的，可以口头提出，由工作人员代为填写申请；"
		    "有阅读困难或者视听障碍的申请人，工作人员将提供必要的帮助（条例第四十三条）。"
		    "</p>\n");
}

/* The guide of an agency that has not saved one in the console: the particulars it has and
 * the statute's text. */
static void agency_default_guide(struct buf *w, const struct agency_profile *p)
{
	html_raw(w, "<nav class=\"toc panel\" aria-label=\"指南目录\"><h2 class=\"toc-title\">"
		    "指南目录</h2><ol>"
		    "<li><a href=\"#s-office\">政府信息公开工作机构</a></li>"
		    "<li><a href=\"#s-proactive\">主动公开</a></li>"
		    "<li><a href=\"#s-apply\">依申请公开</a></li>"
		    "<li><a href=\"#s-time\">办理程序和期限</a></li>"
		    "<li><a href=\"#s-fee\">收费</a></li>"
		    "<li><a href=\"#s-remedy\">监督和救济</a></li>"
		    "<li><a href=\"#s-reports\">年度报告</a></li></ol></nav>\n");

	section_open(w, "s-office", "一、政府信息公开工作机构");
	if (p->exists) {
		contact_table(w, p, true);
	} else {
		html_raw(w, "<p class=\"alert info\">该机关尚未在本平台发布工作机构的联系方式。"
			    "您可以通过本平台在线申请，或者向上级机关咨询。</p>\n");
	}
	html_raw(w, "</section>\n");

	section_open(w, "s-proactive", "二、主动公开");
	html_raw(w, "<p>涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息，"
		    "以及机构职能、规范性文件、规划计划、统计信息、财政预决算等，本机关依照条例第"
		    "十九条、第二十条主动公开。属于主动公开范围的政府信息，自形成或者变更之日起 20 "
		    "个工作日内公开（条例第二十六条）。</p>\n<p>主动公开的政府信息可以在<a "
		    "href=\"/docs?agency=");
	html_attrf(w, "%lld", p->agency_id);
	html_raw(w, "\">本平台的主动公开栏目</a>查阅、<a href=\"/search\">检索</a>。</p>\n"
		    "</section>\n");

	section_open(w, "s-apply", "三、依申请公开");
	how_to_apply(w, p);
	guide_view_downloads(w, p->agency_id);
	html_raw(w, "</section>\n");

	section_open(w, "s-time", "四、办理程序和期限");
	html_raw(w, "<ul>"
		    "<li>能够当场答复的，当场予以答复（条例第三十三条第一款）。</li>"
		    "<li>申请内容不明确的，自收到申请之日起 7 个工作日内一次性告知补正；"
		    "答复期限自收到补正后的申请之日起计算（条例第三十条）。</li>"
		    "<li>不能当场答复的，自收到申请之日起 20 个工作日内答复；需要延长的，经工作机构"
		    "负责人同意并告知申请人，延长的期限最长不超过 20 个工作日"
		    "（条例第三十三条第二款）。</li>"
		    "<li>征求第三方和其他机关意见所需时间不计算在答复期限内"
		    "（条例第三十三条第三款）。</li>"
		    "<li>期限按工作日计算，不含法定节假日和休息日。</li></ul>\n");
	guide_view_flow(w, p->agency_name);
	html_raw(w, "</section>\n");

	section_open(w, "s-fee", "五、收费");
	html_raw(w,
		 "<p>行政机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次"
		 "明显超过合理范围的，可以依照《政府信息公开信息处理费管理办法》"
		 "（国办函〔2020〕109号）收取信息处理费（条例第四十二条）：</p>\n<ul>"
		 "<li>按件计收：同一申请人一个自然月内累计申请 10 件以下（含）不收费；"
		 "11—30 件（含）的部分每件 100 元；30 件以上的部分以 10 件为一档，每增加一档，"
		 "收费标准提高 100 元/件。</li>"
		 "<li>按量计收：同一申请 30 页以下（含）不收费；31—100 页（含）的部分每页 10 元；"
		 "101—200 页（含）的部分每页 20 元；200 页以上的部分每页 40 元。</li></ul>\n"
		 "<p>需要收费的，受理机关将出具收费通知；申请人自收到通知次日起 20 个工作日内"
		 "缴纳，逾期未缴纳的视为放弃申请。</p>\n</section>\n");

	section_open(w, "s-remedy", "六、监督和救济");
	html_raw(w, "<p>公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，"
		    "可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请"
		    "行政复议或者提起行政诉讼（条例第五十一条）。</p>\n<ul><li>行政复议：自知道"
		    "该行政行为之日起六十日内向");
	html_txt(w, *p->review_body ? p->review_body : "有管辖权的行政复议机关");
	html_raw(w, "申请。</li><li>行政诉讼：自知道或者应当知道作出行政行为之日起六个月内"
		    "向人民法院提起。</li></ul>\n</section>\n");

	if (*p->guide_extra) {
		section_open(w, "s-extra", "七、其他说明");
		paragraphs(w, p->guide_extra);
		html_raw(w, "</section>\n");
	}
}

int page_agency(struct web_request *req, struct web_response *res)
{
	long long id = 0;
	struct agency_profile p;
	int rc = parse_id(req->path_args[0], &id) ? 0 : ZF_ENOENT;
	if (!rc)
		rc = store_agency_profile_get(req->db, req->arena, id, &p);
	if (rc == ZF_ENOENT) {
		ui_error_page(req, res, 404, "机关不存在",
			      "没有找到该机关。请从公开指南的机关列表中选择。");
		return 0;
	}
	if (rc)
		return rc;
	struct agency *ag;
	size_t nag;
	rc = store_agency_list(req->db, req->arena, &ag, &nag);
	if (rc)
		return rc;
	struct published_report *reports;
	size_t nreports;
	rc = store_report_published_list(req->db, req->arena, id, 0, &reports, &nreports);
	if (rc)
		return rc;
	/* a guide saved in the console (its sections and revisions) replaces the text below */
	struct guide g;
	rc = store_guide_get(req->db, req->arena, id, &g);
	if (rc)
		return rc;

	struct buf *w = &res->body;
	ui_begin(req, res, p.agency_name, "/guide");
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		    "<a href=\"/guide\">公开指南</a> › <span aria-current=\"page\">");
	html_txt(w, p.agency_name);
	html_raw(w, "</span></nav>\n<div class=\"hero agency-hero\"><h1>");
	html_txt(w, p.agency_name);
	html_raw(w, "</h1>\n<p class=\"lead\">政府信息公开指南</p>\n"
		    "<ul class=\"quick\"><li><a class=\"button primary\" href=\"/apply?agency=");
	html_attrf(w, "%lld", id);
	html_raw(w,
		 "\">在线申请公开</a></li><li><a class=\"button secondary\" href=\"/docs?agency=");
	html_attrf(w, "%lld", id);
	html_raw(w, "\">主动公开的信息</a></li><li><a class=\"button secondary\" href=\"/columns/");
	html_attrf(w, "%lld", id);
	html_raw(w, "\">政务公开栏目</a></li><li><a class=\"button secondary\" "
		    "href=\"/reports?agency=");
	html_attrf(w, "%lld", id);
	html_raw(w, "\">年度报告</a></li></ul></div>\n");

	if (g.exists) {
		html_raw(w,
			 "<nav class=\"toc panel\" aria-label=\"指南目录\"><h2 class=\"toc-title\">"
			 "指南目录</h2><ol>");
		guide_view_toc(w);
		html_raw(w, "<li><a href=\"#s-reports\">年度报告</a></li></ol></nav>\n");
		guide_view_revised(w, &g);
		guide_view_body(w, &g);
	} else {
		agency_default_guide(w, &p);
	}
	section_open(w, "s-reports", "年度报告");
	if (nreports == 0) {
		html_raw(w, "<p class=\"muted\">该机关尚未在本平台发布年度报告。</p>\n");
	} else {
		html_raw(w, "<ul class=\"report-links\">");
		for (size_t i = 0; i < nreports; i++) {
			html_raw(w, "<li><a href=\"/reports/");
			html_attrf(w, "%lld/%d", id, reports[i].year);
			html_raw(w, "\">");
			html_txtf(w, "%d年", reports[i].year);
			html_txt(w, "政府信息公开工作年度报告");
			html_raw(w, "</a></li>");
		}
		html_raw(w, "</ul>\n");
	}
	html_raw(w, "</section>\n");

	size_t nchildren = 0;
	for (size_t i = 0; i < nag; i++)
		nchildren += ag[i].parent_id == id;
	if (nchildren) {
		section_open(w, "s-children", "所属机关");
		html_raw(w, "<ul>");
		for (size_t i = 0; i < nag; i++) {
			if (ag[i].parent_id != id)
				continue;
			html_raw(w, "<li>");
			agency_link(w, ag[i].id, ag[i].name);
			html_raw(w, "</li>");
		}
		html_raw(w, "</ul>\n</section>\n");
	}
	if (!g.exists && *p.updated_at) {
		html_raw(w, "<p class=\"muted\">本指南更新于 ");
		html_txtn(w, p.updated_at, 10);
		html_raw(w, "。</p>\n");
	}
	ui_end(req, res);
	return 0;
}
