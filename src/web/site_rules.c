/* site_rules.c: the 政府信息公开制度 page's default text and layout (see site_rules.h). */
#include "common.h"
#include "site_rules.h"
#include "render/html.h"

static const char rules_default[] =
    "一、法律法规和国家规定\n"
    "《中华人民共和国政府信息公开条例》（2007年4月5日中华人民共和国国务院令第492号公布，"
    "2019年4月3日中华人民共和国国务院令第711号修订，自2019年5月15日起施行）。\n"
    "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号，自2021年1月1日起施行）。\n"
    "《国务院办公厅关于印发政府网站发展指引的通知》（国办发〔2017〕47号）。\n"
    "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）。\n"
    "二、主动公开工作制度\n"
    "本机关按照《条例》第十九条至第二十条的规定，主动公开涉及公众利益调整、"
    "需要公众广泛知晓或者需要公众参与决策的政府信息，并在信息形成或者变更之日起"
    "20个工作日内予以公开。\n"
    "主动公开的政府信息通过本网站“主动公开”目录和法定主动公开内容栏目发布，"
    "每份文件标注索引号、发布机构、成文日期、发布日期、文号、主题分类和有效性。\n"
    "三、依申请公开工作制度\n"
    "公民、法人或者其他组织可以通过本网站在线申请，也可以通过当面、邮寄、传真等方式"
    "提出申请。本机关自收到申请之日起20个工作日内予以答复；需要延长答复期限的，"
    "经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。\n"
    "四、保密审查制度\n"
    "拟公开的政府信息在公开前依照《中华人民共和国保守国家秘密法》以及其他法律、"
    "法规和国家有关规定进行审查，不能确定是否可以公开的，依法报有关主管部门或者"
    "保密行政管理部门确定。\n"
    "五、政策解读和回应关切制度\n"
    "重要政策文件与解读材料同步组织、同步审签、同步部署，解读材料在文件公开后"
    "及时发布，并与文件相互链接。\n"
    "六、监督保障制度\n"
    "本机关每年1月31日前公布上一年度政府信息公开工作年度报告，接受社会监督。"
    "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，"
    "可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请"
    "行政复议或者提起行政诉讼。\n";

const char *site_rules_default(void)
{
	return rules_default;
}

/* True when line starts with 一、 … 十、 (one or two numerals). */
static bool ordinal_heading(struct str line)
{
	static const char *const numerals[] = {"一", "二", "三", "四", "五",
					       "六", "七", "八", "九", "十"};
	size_t at = 0, seen = 0;
	while (seen < 3) {
		bool hit = false;
		for (size_t i = 0; i < ARRAY_SIZE(numerals); i++) {
			size_t n = strlen(numerals[i]);
			if (line.len - at >= n && !memcmp(line.p + at, numerals[i], n)) {
				at += n;
				seen++;
				hit = true;
				break;
			}
		}
		if (!hit)
			break;
	}
	static const char comma[] = "、";
	return seen && line.len - at >= sizeof(comma) - 1 &&
	       !memcmp(line.p + at, comma, sizeof(comma) - 1);
}

static bool has_full_stop(struct str line)
{
	static const char stop[] = "。";
	for (size_t i = 0; i + sizeof(stop) - 1 <= line.len; i++)
		if (!memcmp(line.p + i, stop, sizeof(stop) - 1))
			return true;
	return false;
}

void site_rules_html(struct buf *w, const char *text)
{
	struct str rest = str_c(text ? text : "");
	while (rest.len) {
		struct str line = str_trim(str_cut(&rest, '\n'));
		if (!line.len)
			continue;
		bool heading = ordinal_heading(line) && !has_full_stop(line);
		html_raw(w, heading ? "<h2>" : "<p>");
		html_txts(w, line);
		html_raw(w, heading ? "</h2>\n" : "</p>\n");
	}
}
