/* test_messages_mask.c: what a published message shows of its writer (page_messages.h): the
 * name masked wherever it stands, mobile and ID numbers masked, a name with an address
 * hidden, nothing else touched; and the screening (store/messages.h): insults held, spam of
 * the default rule set held, plain text passed. */
#include "common.h"
#include "arena.h"
#include "store/messages.h"
#include "tap.h"
#include "text/scan.h"
#include "web/page_messages.h"

int main(void)
{
	struct arena *a = arena_new(0);
	zf_day today = date_from_ymd(2026, 12, 7);
	tap_str(messages_mask_name(a, "张三丰"), "张**", "a name: its first character");
	tap_str(messages_mask_name(a, "李"), "李*", "a one-character name");
	tap_str(messages_mask_name(a, ""), "匿名", "no name: 匿名");
	tap_str(messages_mask(a, "我是张三丰，电话13912345678。", "张三丰", today),
		"我是张**，电话139****5678。", "name and mobile masked in the text");
	tap_str(messages_mask(a, "张三丰先生您好！张三丰反映的问题已处理。", "张三丰", today),
		"张**先生您好！张**反映的问题已处理。", "every occurrence of the name");
	const char *id = messages_mask(a, "身份证号11010519491231002X，请核对", "", today);
	tap_ok(!strstr(id, "11010519491231002X") && strstr(id, "110*"), "an ID number masked: %s",
	       id);
	tap_str(messages_mask(a, "小区停车难，请协调。", "王五", today), "小区停车难，请协调。",
		"plain text untouched");
	tap_str(messages_mask(a, "联系138****0000", "", today), "联系138****0000",
		"an already masked number stays");

	struct scan_rules *rules = NULL;
	tap_int(scan_rules_default(&rules, NULL), 0, "the default rule set");
	const char *why = NULL;
	tap_ok(message_screen(rules, "推荐", "万博体育注册送彩金", &why), "gambling spam is held");
	tap_ok(!strncmp(why, "spam.", 5), "by a spam rule (%s)", why);
	tap_ok(!message_screen(rules, "标题", "习近平新时代中国特色社会主义思想学习心得", &why),
	       "correct wording is not held");
	tap_ok(!message_screen(rules, "反映", "中华人民共合国的国名写错了", &why),
	       "a wording error of a citizen is not held (only spam and insults are)");
	tap_ok(message_screen(rules, "反映", "这帮狗官", &why), "an insult is held");
	scan_rules_free(rules);
	arena_free(a);
	return tap_done();
}
