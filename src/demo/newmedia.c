/* newmedia.c: the demo's 政务新媒体 registry (see newmedia.h). Fictional accounts, people and
 * 备案 numbers. */
#include "common.h"
#include "demo/newmedia.h"
#include "arena.h"
#include "store/db.h"
#include "store/newmedia.h"
#include "web/newmedia_import.h"

#define ACTOR "demo"

struct demo_post {
	int days_ago;
	const char *time, *title, *body, *url;
};

static const struct demo_post fabu[] = {
    {1, "18:30", "区政府召开第十二次常务会议",
     "会议研究部署冬季安全生产、民生实事项目推进等工作，要求各部门压实责任、抓好落实。",
     "https://mp.example.cn/s/fabu-1201"},
    {5, "09:00", "做好秋冬季秸杆禁烧工作的通告",
     "为改善空气质量，全区范围内禁止露天焚烧农作物秸秆，请广大群众相互监督。",
     "https://mp.example.cn/s/fabu-1127"},
    {12, "10:15", "示例区政务服务中心延长周末服务时间",
     "自本周起，政务服务中心周六上午开放，办理社保、不动产登记等高频事项。", ""},
};

static const struct demo_post zhujian[] = {
    {40, "15:00", "老旧小区改造项目开工", "今年计划改造老旧小区 12 个，惠及居民 3200 户。",
     "https://www.douyin.example/video/zj-1"},
    {55, "11:20", "住房公积金业务办理指南", "提取、贷款等业务可通过政务服务网在线办理。",
     "https://www.douyin.example/video/zj-2"},
};

static long long agency_named(const struct agency *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return v[i].id;
	return n ? v[0].id : 0;
}

static int add_posts(struct store *st, long long id, const struct demo_post *p, size_t n)
{
	struct nm_post_in v[8];
	char at[8][17];
	zf_day today = date_today();
	for (size_t i = 0; i < n && i < ARRAY_SIZE(v); i++) {
		char d[11];
		date_format(today - p[i].days_ago, d);
		snprintf(at[i], sizeof(at[i]), "%s %s", d, p[i].time);
		v[i] = (struct nm_post_in){.title = p[i].title,
					   .body = p[i].body,
					   .url = p[i].url,
					   .published_on = today - p[i].days_ago,
					   .published_at = at[i]};
	}
	size_t added, dups;
	return store_nm_posts_add(st, ACTOR, id, v, n, "演示数据", &added, &dups, NULL);
}

int demo_seed_newmedia(struct store *st, bool *seeded)
{
	*seeded = false;
	long long have = 0;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct agency *ag;
	size_t nag;
	int rc = store_agency_list(st, a, &ag, &nag);
	struct nm_account *v;
	size_t n = 0;
	struct nm_filter f = {.platform = -1, .status = -1, .limit = 1};
	if (!rc)
		rc = store_nm_list(st, a, &f, &v, &n);
	have = (long long)n;
	if (rc || have || !nag) {
		arena_free(a);
		return rc;
	}
	long long gov = agency_named(ag, nag, "示例区人民政府");
	long long zj = agency_named(ag, nag, "示例区住房和城乡建设局");
	long long edu = agency_named(ag, nag, "示例区人民政府办公室");
	zf_day today = date_today();
	long long fabu_id = 0, weibo_id = 0, zj_id = 0, edu_id = 0;
	rc = store_batch_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	struct nm_account_fields x = {.agency_id = gov,
				      .platform = NM_WECHAT,
				      .name = "示例发布",
				      .handle = "shili_fabu",
				      .url = "",
				      .sponsor = "示例区人民政府办公室",
				      .operated_by = "示例区融媒体中心",
				      .outsourced = true,
				      .responsible = "周明"};
	rc = store_nm_register(st, ACTOR, &x, &fabu_id, NULL);
	if (!rc)
		rc = store_nm_approve_open(st, ACTOR, fabu_id, today - 400, "示网信备〔2025〕3号",
					   NULL);
	if (!rc)
		rc = add_posts(st, fabu_id, fabu, ARRAY_SIZE(fabu));
	x = (struct nm_account_fields){.agency_id = gov,
				       .platform = NM_WEIBO,
				       .name = "示例区发布",
				       .handle = "5512345678",
				       .url = "https://weibo.example/u/5512345678",
				       .sponsor = "",
				       .operated_by = "示例区人民政府办公室",
				       .responsible = "吴丽"};
	if (!rc)
		rc = store_nm_register(st, ACTOR, &x, &weibo_id, NULL);
	if (!rc)
		rc = store_nm_approve_open(st, ACTOR, weibo_id, today - 300, "示网信备〔2025〕7号",
					   NULL);
	if (!rc)
		rc = store_nm_report_update(st, ACTOR, weibo_id, today - 2, NULL);
	x = (struct nm_account_fields){.agency_id = zj,
				       .platform = NM_DOUYIN,
				       .name = "示例住建",
				       .handle = "shili_zj",
				       .url = "",
				       .sponsor = "",
				       .operated_by = "示例区住房和城乡建设局办公室",
				       .responsible = "郑强"};
	if (!rc)
		rc = store_nm_register(st, ACTOR, &x, &zj_id, NULL);
	if (!rc)
		rc = store_nm_approve_open(st, ACTOR, zj_id, today - 200, "示网信备〔2026〕2号",
					   NULL);
	if (!rc)
		rc = add_posts(st, zj_id, zhujian, ARRAY_SIZE(zhujian));
	x = (struct nm_account_fields){.agency_id = edu,
				       .platform = NM_TOUTIAO,
				       .name = "示例政务服务",
				       .handle = "",
				       .url = "",
				       .sponsor = "",
				       .operated_by = "某信息技术有限公司",
				       .outsourced = true,
				       .responsible = "冯涛"};
	if (!rc)
		rc = store_nm_register(st, ACTOR, &x, &edu_id, NULL);
	if (!rc)
		rc = store_nm_approve_open(st, ACTOR, edu_id, today - 700, "示网信备〔2024〕9号",
					   NULL);
	if (!rc)
		rc = store_nm_request_close(
		    st, ACTOR, edu_id, "长期无更新，内容并入“示例发布”，按集约化要求关停", NULL);
	if (!rc)
		rc = store_nm_approve_close(st, ACTOR, edu_id, today - 20, "示网信销〔2026〕1号",
					    NULL);
	x = (struct nm_account_fields){.agency_id = zj,
				       .platform = NM_CHANNELS,
				       .name = "示例住建视频号",
				       .handle = "",
				       .url = "",
				       .sponsor = "",
				       .operated_by = "示例区住房和城乡建设局办公室",
				       .responsible = "陈静"};
	if (!rc)
		rc = store_nm_register(st, ACTOR, &x, NULL, NULL);
	rc = rc ? (store_batch_rollback(st), rc) : store_batch_commit(st);
	/* the posts checked with the rule set in force, as an import would */
	struct nm_import_result r;
	struct buf err = BUF_INIT;
	if (!rc)
		rc = newmedia_check(st, ACTOR, fabu_id, &r, &err);
	if (!rc)
		rc = newmedia_check(st, ACTOR, zj_id, &r, &err);
	buf_free(&err);
	*seeded = !rc;
	arena_free(a);
	return rc;
}
