/* test_site_check.c: the check of one text or page: findings filled completely, offsets that
 * point at the offending bytes (in the decoded text, in the page), the slot of an injected
 * brand named, brands in organisation names, hidden-link severities, keyword stuffing, and
 * the caps. */
#include "common.h"
#include "buf.h"
#include "ingest/site_check.h"
#include "ingest/site_page.h"
#include "tap.h"

#include <iconv.h>

static const char rules[] = "wording.xi\t单项否决\t习进平\t习近平\t\t\t领导人姓名写错\n"
			    "wording.typo\t扣分\t攻府\t政府\n"
			    "wording.old\t疑似\t卫生和计划生育委员会\t卫生健康委员会\t2018-03-17\n"
			    "spam.bjl\t单项否决\t百家乐\n";

static const struct site_finding *find(const struct site_findings *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].id, id))
			return &f->v[i];
	return NULL;
}

static size_t count(const struct site_findings *f, const char *id)
{
	size_t k = 0;
	for (size_t i = 0; i < f->n; i++)
		k += !strcmp(f->v[i].id, id);
	return k;
}

/* The findings of a page as "id sev" lines. */
static const char *ids_of(struct site_checker *c, const char *url, const char *html)
{
	static char out[1024];
	struct site_findings f;
	site_findings_init(&f);
	struct site_place p = {.url = url};
	out[0] = '\0';
	if (site_check_html(c, &p, html, strlen(html), &f))
		snprintf(out, sizeof(out), "error");
	size_t k = 0;
	for (size_t i = 0; i < f.n && k < sizeof(out); i++)
		k += (size_t)snprintf(out + k, sizeof(out) - k, "%s%s %s", k ? "; " : "", f.v[i].id,
				      scan_sev_key(f.v[i].sev));
	site_findings_free(&f);
	return out;
}

int main(void)
{
	struct site_checker *c = NULL;
	struct buf err = BUF_INIT;
	tap_int(site_checker_new(rules, strlen(rules), &c, &err), 0, "a checker from a rule text");
	if (!c)
		return tap_done();
	struct site_checker *bad = NULL;
	tap_int(site_checker_new("x.y\tbad\tz\n", 10, &bad, &err), ZF_EPARSE,
		"a bad rule set is refused");
	tap_ok(strstr(buf_cstr(&err), "第1行") != NULL, "naming the line: %s", buf_cstr(&err));

	/* a text: every field of a finding */
	struct site_findings f;
	site_findings_init(&f);
	struct site_place p = {.url = "file.txt", .doc_id = 7, .field = "body"};
	const char *t = "前文，学习习进平总书记讲话精神，后文。";
	tap_int(site_check_text(c, &p, t, strlen(t), &f), 0, "a text is checked");
	const struct site_finding *x = find(&f, "wording.xi");
	tap_ok(x != NULL, "the wording error is found");
	if (x) {
		tap_str(x->category, "wording", "its category");
		tap_int(x->sev, SCAN_VETO, "its severity");
		tap_str(x->url, "file.txt", "its place");
		tap_int(x->doc_id, 7, "its document");
		tap_str(x->field, "body", "its field");
		tap_ok(x->end - x->start == strlen("习进平") &&
			   !strncmp(t + x->start, "习进平", x->end - x->start),
		       "its offsets point at the bytes");
		tap_str(x->snippet, "习进平", "its snippet");
		tap_str(x->context, "前文，学习习进平总书记讲话精神，后文。", "its context");
		tap_ok(strstr(x->message, "领导人姓名写错") != NULL, "its message: %s", x->message);
		tap_str(x->fix, "改为“习近平”", "its fix");
	}
	site_findings_free(&f);

	/* a GBK text: offsets in the decoded UTF-8 */
	{
		const char *u = "各级攻府要做好政务公开工作，各级攻府要做好政务公开工作。";
		char gb[256], *ip = (char *)u, *op = gb;
		size_t il = strlen(u), ol = sizeof(gb);
		iconv_t cd = iconv_open("GB18030", "UTF-8");
		iconv(cd, &ip, &il, &op, &ol);
		iconv_close(cd);
		site_findings_init(&f);
		tap_int(site_check_text(c, &p, gb, (size_t)(op - gb), &f), 0, "a GBK text");
		tap_int((long long)count(&f, "wording.typo"), 2, "both errors found");
		x = find(&f, "wording.typo");
		tap_ok(x && x->start == strlen("各级"), "offsets in the decoded text");
		site_findings_free(&f);
	}

	/* a dated rule */
	site_findings_init(&f);
	t = "某市卫生和计划生育委员会";
	p.date = date_from_ymd(2017, 6, 1);
	site_check_text(c, &p, t, strlen(t), &f);
	tap_int((long long)f.n, 0, "a rule not yet in force on the text's date");
	p.date = date_from_ymd(2020, 1, 1);
	site_check_text(c, &p, t, strlen(t), &f);
	tap_ok(find(&f, "wording.old") != NULL, "in force later");
	p.date = 0;
	site_findings_free(&f);

	/* injected brand in a fixed-phrase slot, the slot named */
	site_findings_init(&f);
	t = "某区人民政府2021年政府万博体育3.0手机版工作年度报告。依据《中华人民共和国政府万博体育3.0手机版"
	    "条例》，政府万博体育3.0手机版申请12件。";
	tap_int(site_check_text(c, &p, t, strlen(t), &f), 0, "an injected text");
	x = find(&f, "spam.injected");
	tap_ok(x && strstr(x->message, "“信息公开”的位置"), "the slot is named: %s",
	       x ? x->message : "none");
	tap_ok(x && x->sev == SCAN_VETO, "tampering is 单项否决");
	tap_ok(x && !strncmp(t + x->start, "万博体育3.0手机版", x->end - x->start) &&
		   x->end - x->start == strlen("万博体育3.0手机版"),
	       "the offsets of the first occurrence");
	tap_str(x ? x->fix : "", "恢复为“信息公开”，并排查网站是否被篡改或被镜像", "the fix");
	site_findings_free(&f);

	/* the same in full width: offsets still in the text as given */
	site_findings_init(&f);
	t = "政府万博体育３．０手机版工作年度报告，政府万博体育３．０手机版申请";
	site_check_text(c, &p, t, strlen(t), &f);
	x = find(&f, "spam.injected");
	tap_ok(x && !strncmp(x->snippet, "万博体育３．０手机版", strlen(x->snippet)) &&
		   !strncmp(t + x->start, x->snippet, strlen(x->snippet)),
	       "full-width: the snippet as written, at its offsets (%s)", x ? x->snippet : "none");
	site_findings_free(&f);

	/* brand in an organisation's name */
	site_findings_init(&f);
	t = "主办：万博体育人民政府办公室。关于印发管理办法的通知。";
	site_check_text(c, &p, t, strlen(t), &f);
	x = find(&f, "spam.brand-in-organ-name");
	tap_str(x ? x->snippet : "", "万博体育人民政府", "a brand where an organ's name belongs");
	site_findings_free(&f);
	site_findings_init(&f);
	t = "万博体育3.0手机版信息处理费管理办法";
	site_check_text(c, &p, t, strlen(t), &f);
	tap_ok(!find(&f, "spam.brand-in-organ-name"), "办 of 办法 is no office");
	site_findings_free(&f);

	/* pages: offsets into the page */
	site_findings_init(&f);
	const char *h = "<html><body><p>学习<b>习进平</b>讲话</p><p>各级攻&#24220;</p></body></html>";
	tap_int(site_check_html(c, &p, h, strlen(h), &f), 0, "a page is checked");
	x = find(&f, "wording.xi");
	tap_ok(x && !strncmp(h + x->start, "习进平", strlen("习进平")) &&
		   x->end == x->start + strlen("习进平"),
	       "page offsets point into the page");
	x = find(&f, "wording.typo");
	tap_ok(x && !strncmp(h + x->start, "攻&#24220;", strlen("攻&#24220;")),
	       "an entity is found, its offset in the page");
	site_findings_free(&f);

	/* hidden links: the severity policy (site_check.h) */
	const char *u = "http://www.qu.gov.cn/index.html";
	tap_str(ids_of(c, u,
		       "<body><div style=\"display:none\"><a href=\"/zwgk/\">政务公开</a></div></body>"),
		"", "a same-site menu: nothing");
	tap_str(ids_of(c, u,
		       "<body><div style=\"display:none\"><a href=\"http://www.gov.cn/\">中国政府网"
		       "</a></div></body>"),
		"", "a government site in a menu: nothing");
	tap_str(ids_of(c, u,
		       "<body><div style=\"display:none\"><a href=\"http://www.people.com.cn/\">人民网"
		       "</a></div></body>"),
		"link.hidden.display-none suspect", "another site in a menu: 疑似");
	tap_str(ids_of(c, u,
		       "<body><div style=\"position:absolute;left:-9999px\"><a "
		       "href=\"http://www.yl-88.top/\">友情链接</a></div></body>"),
		"link.hidden.offscreen veto", "another site by a trick: 单项否决");
	tap_str(ids_of(c, u,
		       "<body><p style=\"text-indent:-9999px\"><a href=\"/zt/\">专题</a></p></body>"),
		"link.hidden.text-indent suspect", "this site by a trick: 疑似");
	tap_str(ids_of(c, u,
		       "<body><div style=\"display:none\"><a href=\"/x/\">bet365</a></div></body>"),
		"spam.injected veto; link.hidden.display-none veto",
		"spam words: 单项否决 wherever it points (the brand in the text too)");
	tap_str(ids_of(c, "http://www.qu.gov.cn/",
		       "<body><div style=\"position:absolute;left:-9999px\"><a "
		       "href=\"https://zwfw.qu.gov.cn/\">办事</a></div></body>"),
		"link.hidden.offscreen suspect", "a host of the same site is this site");
	tap_str(ids_of(c, u, "<body><a href=\"#main\" style=\"position:absolute;left:-9999px\">跳到"
			     "主要内容</a></body>"),
		"", "a skip link (#fragment): nothing");
	tap_str(ids_of(c, u, "<body><p><a href=\"http://www.bet365.com/\">点击</a></p></body>"),
		"spam.link veto", "a visible link to a spam site: 单项否决");
	tap_str(ids_of(c, u,
		       "<body><script>document.write(unescape('%3Ca href=%22/zt/%22%3Ex%3C/a%3E'));"
		       "</script></body>"),
		"link.hidden.script suspect", "an obfuscated script link to this site: 疑似");

	/* keyword stuffing */
	tap_str(ids_of(c, u,
		       "<head><title>某区政府</title><meta name=keywords content=\"旅游,某区旅游,"
		       "旅游攻略,旅游景点,旅游线路\"></head><body>x</body>"),
		"spam.keyword-stuffing suspect", "one keyword five times: 疑似");
	tap_str(ids_of(c, u, "<head><title>bet365_万博体育_某区</title></head><body>x</body>"),
		"spam.injected veto; spam.injected veto; spam.keyword-stuffing veto",
		"two spam words in the title: 单项否决 (and each brand)");

	/* caps and bad input */
	site_findings_init(&f);
	tap_int(site_check_text(c, &p, "x", (size_t)SITE_CHECK_MAX + 1, &f), ZF_ETOOBIG,
		"a text over the cap is refused before it is read");
	tap_ok(strstr(site_checker_error(c), "文件过大") != NULL, "with a message");
	char bin[100] = {0};
	tap_int(site_check_bytes(c, &p, bin, sizeof(bin), &f), ZF_EPARSE, "binary bytes");
	h = "<html><head><meta charset=\"koi8-r\"></head><body>x</body></html>";
	tap_int(site_check_bytes(c, &p, h, strlen(h), &f), ZF_EPARSE,
		"an encoding it cannot read");
	tap_ok(strstr(site_checker_error(c), "koi8-r") != NULL, "named: %s", site_checker_error(c));
	tap_int((long long)f.n, 0, "and no finding");
	site_findings_free(&f);

	site_checker_free(c);
	buf_free(&err);
	return tap_done();
}
