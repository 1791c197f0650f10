/* page_newmedia_public.c: /newmedia, the public 政务新媒体矩阵: the open accounts (已开设 and
 * 申请关停) of every agency, by platform: platform, name (linked to its home page when one is
 * registered), 主办单位 and account id. Nothing about people (负责人) or the running of the
 * account is shown. */
#include "common.h"
#include "page_newmedia.h"
#include "render/html.h"
#include "store/newmedia.h"
#include "ui_shared.h"

int page_newmedia_public(struct web_request *req, struct web_response *res)
{
	struct nm_account *v = NULL;
	size_t n = 0;
	struct nm_filter f = {.platform = -1, .status = NM_STATUSES};
	int rc = store_nm_list(req->db, req->arena, &f, &v, &n);
	if (rc)
		return rc;
	ui_begin(req, res, "政务新媒体", "/newmedia");
	struct buf *w = &res->body;
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		    "<span aria-current=\"page\">政务新媒体</span></nav>\n<h1>政务新媒体矩阵</h1>\n"
		    "<p>本平台各机关经批准开设并备案的政务新媒体账号。</p>\n");
	if (!n)
		html_raw(w, "<p class=\"alert info\">暂无政务新媒体账号。</p>\n");
	for (int p = 0; p < NM_PLATFORMS; p++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			k += (int)v[i].f.platform == p;
		if (!k)
			continue;
		html_raw(w, "<section class=\"panel\"><h2>");
		html_txt(w, nm_platform_label((enum nm_platform)p));
		html_raw(w, "</h2><table class=\"data\"><caption class=\"sr-only\">");
		html_txt(w, nm_platform_label((enum nm_platform)p));
		html_raw(w, "账号</caption><thead><tr><th scope=\"col\">名称</th>"
			    "<th scope=\"col\">账号</th><th scope=\"col\">主办单位</th>"
			    "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			const struct nm_account *a = &v[i];
			if ((int)a->f.platform != p)
				continue;
			html_raw(w, "<tr><td>");
			if (*a->f.url) {
				html_raw(w, "<a rel=\"noopener noreferrer\" href=\"");
				html_attr(w, a->f.url);
				html_raw(w, "\">");
				html_txt(w, a->f.name);
				html_raw(w, "</a>");
			} else {
				html_txt(w, a->f.name);
			}
			html_raw(w, "</td><td>");
			html_txt(w, *a->f.handle ? a->f.handle : "—");
			html_raw(w, "</td><td>");
			html_txt(w, *a->f.sponsor ? a->f.sponsor : a->agency_name);
			html_raw(w, "</td></tr>\n");
		}
		html_raw(w, "</tbody></table></section>\n");
	}
	ui_end(req, res);
	return 0;
}
