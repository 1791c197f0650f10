/* stdcat.c: the demo's standard catalogue (see stdcat.h). The rows follow the 保障性住房,
 * 社会救助 and 义务教育 guidelines of 国办发〔2019〕54号's 试点领域 in substance; names are
 * fictional. */
#include "common.h"
#include "arena.h"
#include "demo/stdcat.h"
#include "ingest/std_sheet.h"
#include "store/agencies.h"
#include "store/db.h"
#include "store/docs.h"
#include "store/std_catalogue.h"

/* What happens to an item after the import. */
enum demo_fate {
	FATE_NONE,    /* nothing: 待公开 (no event) or no due date */
	FATE_MET,     /* linked to the 主体's newest publication, the event 5 days before it */
	FATE_OVERDUE, /* an event 40 days ago, nothing linked: 逾期未公开 */
	FATE_PENDING, /* an event 3 days ago: 未到期 */
	FATE_LINK,    /* linked to the 主体's newest publication, no event */
};

static const struct {
	struct std_sheet_row row;
	enum demo_fate fate;
} rows[] = {
    {{1, "义务教育", "招生入学", "义务教育招生入学政策",
      "招生范围（学区划分）、招生计划、报名条件、报名时间和方式、录取办法、咨询电话",
      "《中华人民共和国义务教育法》第十二条；《中华人民共和国政府信息公开条例》第二十条",
      "信息形成或变更之日起20个工作日内", "示例区教育局", "■政府网站 ■两微一端 ■公开栏", "全社会",
      "主动", "县级"},
     FATE_MET},
    {{2, "义务教育", "招生入学", "招生结果", "各校录取人数、随迁子女入学安排（不公开学生个人信息）",
      "《中华人民共和国义务教育法》", "结果确定后5个工作日内", "示例区教育局", "■政府网站 ■公开栏",
      "特定群体", "主动", "县级"},
     FATE_PENDING},
    {{3, "义务教育", "学校管理", "学校名录", "辖区内义务教育学校名称、办学地址、办学性质、联系电话",
      "《中华人民共和国政府信息公开条例》第二十条", "长期公开，信息变更后及时更新", "示例区教育局",
      "■政府网站", "全社会", "主动", "县级"},
     FATE_LINK},
    {{4, "义务教育", "教育经费", "教育经费预决算", "部门预算、决算及说明，“三公”经费",
      "《中华人民共和国预算法》第十四条", "每年3月底前", "示例区教育局", "■政府网站", "全社会",
      "主动", "县级"},
     FATE_LINK},
    {{5, "义务教育", "学生资助", "学生资助政策", "资助项目、对象、标准、申请程序、咨询电话",
      "《学生资助资金管理办法》", "信息形成或变更之日起20个工作日内", "示例区教育局",
      "■政府网站 ■公开栏 ■入户/现场", "全社会", "主动", "县级"},
     FATE_NONE},
    {{10, "保障性住房", "规划计划", "保障性安居工程年度计划",
      "年度建设计划、筹集任务、项目名称和地点", "《国务院关于加快发展保障性租赁住房的意见》",
      "每年3月底前", "示例区住房和城乡建设局", "■政府网站", "全社会", "主动", "县级"},
     FATE_LINK},
    {{11, "保障性住房", "项目建设", "项目开工和竣工信息",
      "项目名称、建设单位、开工和竣工时间、建设套数", "《城镇住房保障条例》（征求意见稿）",
      "信息形成或变更之日起20个工作日内", "示例区住房和城乡建设局", "■政府网站 ■公开栏", "全社会",
      "主动", "县级"},
     FATE_MET},
    {{12, "保障性住房", "分配管理", "公租房申请条件和程序",
      "申请条件、所需材料、办理流程、受理地点和电话", "《公共租赁住房管理办法》第七条至第十条",
      "长期公开", "示例区住房和城乡建设局", "■政府网站 ■公开栏 ■便民服务站", "全社会", "主动",
      "县级、乡级"},
     FATE_LINK},
    {{13, "保障性住房", "分配管理", "公租房分配结果",
      "配租房源、配租对象（隐去身份证号等个人信息）、轮候顺序", "《公共租赁住房管理办法》第二十条",
      "分配结果确定后5个工作日内", "示例区住房和城乡建设局", "■政府网站 ■公开栏", "全社会", "主动",
      "县级"},
     FATE_OVERDUE},
    {{14, "保障性住房", "租赁补贴", "租赁补贴发放情况", "发放户数、金额、标准",
      "《公共租赁住房管理办法》", "每季度更新", "示例区住房和城乡建设局", "■政府网站", "特定群体",
      "主动、依申请", "县级"},
     FATE_NONE},
    {{6, "社会救助", "最低生活保障", "低保政策",
      "最低生活保障标准、申请条件、审核审批程序、救助热线", "《社会救助暂行办法》第九条至第十七条",
      "信息形成或变更之日起20个工作日内", "示例区人民政府", "■政府网站 ■公开栏", "全社会", "主动",
      "县级"},
     FATE_PENDING},
    {{7, "社会救助", "最低生活保障", "低保对象公示",
      "申请人姓名（隐去部分字）、家庭保障人数、拟保障金额", "《社会救助暂行办法》第十一条",
      "审核后在申请人所在社区公示7日", "示例街道办事处", "■公开栏 ■入户/现场", "特定群体", "主动",
      "乡级"},
     FATE_NONE},
    {{8, "社会救助", "特困人员救助供养", "特困人员供养标准", "基本生活标准、照料护理标准、申请程序",
      "《社会救助暂行办法》第十四条至第二十条", "长期公开", "示例区人民政府", "■政府网站", "全社会",
      "主动", "县级"},
     FATE_LINK},
    {{9, "社会救助", "临时救助", "临时救助结果", "救助人次、救助金额（不公开个人信息）",
      "《社会救助暂行办法》第四十七条至第五十条", "救助结束后10个工作日内", "示例街道办事处",
      "■公开栏", "特定群体", "主动、依申请", "乡级"},
     FATE_NONE},
};

/* The newest publication of an agency: its id and day (0 when none). */
static int newest_doc(struct store *st, struct arena *a, long long agency, long long *id,
		      zf_day *on)
{
	*id = 0;
	*on = 0;
	struct doc_filter f = doc_filter_any();
	f.agencies = &agency;
	f.nagencies = 1;
	f.state = DOC_PUBLISHED;
	f.limit = 1;
	struct doc_list l;
	int rc = store_doc_list(st, a, &f, &l);
	if (!rc && l.n) {
		*id = l.docs[0].id;
		*on = l.docs[0].published_on;
	}
	return rc;
}

int demo_stdcat_seed(struct store *st, zf_day today, bool *seeded)
{
	bool ignored;
	if (!seeded)
		seeded = &ignored;
	*seeded = false;
	long long items = 0;
	int rc = store_std_count(st, &items);
	if (rc || items)
		return rc;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	/* the rows whose 主体 exists */
	struct std_sheet sheet = {0};
	sheet.rows = arena_alloc(a, ARRAY_SIZE(rows) * sizeof(*sheet.rows));
	long long *agency = arena_alloc(a, ARRAY_SIZE(rows) * sizeof(*agency));
	if (!sheet.rows || !agency) {
		arena_free(a);
		return ZF_ENOMEM;
	}
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		long long id = 0;
		if (store_agency_find(st, rows[i].row.subject, &id))
			continue;
		agency[sheet.n] = id;
		sheet.rows[sheet.n++] = rows[i].row;
	}
	struct std_import_report rep;
	if (sheet.n)
		rc = store_std_import(st, "demo", a, NULL, 0, &sheet, true, &rep);
	struct std_item *v = NULL;
	size_t n = 0;
	struct std_filter f = {.status = -1, .today = today};
	if (!rc && sheet.n)
		rc = store_std_list(st, a, NULL, &f, &v, &n);
	struct buf err = BUF_INIT;
	for (size_t i = 0; !rc && i < n; i++) {
		enum demo_fate fate = FATE_NONE;
		for (size_t k = 0; k < ARRAY_SIZE(rows); k++)
			if (!strcmp(rows[k].row.level2, v[i].level2) &&
			    !strcmp(rows[k].row.area, v[i].area))
				fate = rows[k].fate;
		long long doc = 0;
		zf_day on = 0;
		if ((fate == FATE_MET || fate == FATE_LINK) &&
		    (rc = newest_doc(st, a, v[i].agency_id, &doc, &on)))
			break;
		zf_day event = fate == FATE_MET	      ? (on ? on - 5 : 0)
			       : fate == FATE_OVERDUE ? today - 40
			       : fate == FATE_PENDING ? today - 3
						      : 0;
		if (event)
			rc = store_std_set_event(st, "demo", v[i].id, event, &err);
		if (!rc && doc)
			rc = store_std_link(st, "demo", v[i].id, doc, &err);
	}
	buf_free(&err);
	arena_free(a);
	*seeded = !rc && sheet.n > 0;
	return rc;
}
