/* demo/assessment.c: the demo's 考核, 培训 and one issued 通报 (demo/assessment.h). */
#include "common.h"
#include "arena.h"
#include "demo/assessment.h"
#include "log.h"
#include "store/assessment.h"
#include "store/db.h"
#include "web/bulletin_make.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTOR "demo"

static const char *const trainees[] = {"王晓燕", "李建国", "张丽华", "陈志强", "刘芳",
				       "赵文博", "孙静",   "周海涛", "吴敏",   "郑凯"};

int demo_seed_assessment(struct store *st, const struct calendar *cal, zf_day today, bool *seeded)
{
	*seeded = false;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct assess_scheme_row *saved;
	size_t nsaved = 0;
	int rc = store_assess_scheme_list(st, a, &saved, &nsaved);
	if (rc || nsaved) {
		arena_free(a);
		return rc;
	}
	struct agency *ag;
	size_t n;
	rc = store_agency_list(st, a, &ag, &n);
	long long root = 0;
	for (size_t i = 0; !rc && i < n && !root; i++)
		if (!ag[i].parent_id)
			root = ag[i].id;
	/* the agencies directly below the root, open */
	long long below[16];
	const char *names[16];
	size_t nb = 0;
	for (size_t i = 0; !rc && i < n && nb < ARRAY_SIZE(below); i++)
		if (root && ag[i].parent_id == root && !ag[i].closed) {
			below[nb] = ag[i].id;
			names[nb++] = ag[i].name;
		}
	if (rc || !root || nb < 2) {
		arena_free(a);
		return rc;
	}

	struct assess_scheme *sc = arena_alloc(a, sizeof(*sc));
	struct buf text = BUF_INIT, err = BUF_INIT;
	if (!sc)
		rc = ZF_ENOMEM;
	if (!rc) {
		assess_scheme_default(sc);
		snprintf(sc->title, sizeof(sc->title), "%s政务公开工作考核方案", ag[0].name);
		assess_scheme_format(sc, &text);
		rc = store_assess_scheme_save(st, ACTOR, text.p, text.len, NULL, &err);
	}
	int quarter = assess_quarter_prev(assess_quarter_of(today));
	zf_day from, to;
	assess_quarter_range(quarter, &from, &to);

	/* training: three sessions of the last quarter */
	static const struct {
		int day;
		const char *title;
		int hours;
		const char *note;
	} sessions[] = {
	    {18, "全区政务公开业务培训（依申请公开规范化办理）", 35,
	     "讲解新《条例》依申请公开办理流程、答复文书规范和常见问题"},
	    {46, "政务新媒体规范管理培训", 20, "账号开设关停审批、内容审核和常态化监测要求"},
	    {71, "基层政务公开标准目录编制和网站内容检查培训", 30,
	     "标准目录事项梳理、发布时限，错敏词和暗链的发现与整改"},
	};
	for (size_t s = 0; !rc && s < ARRAY_SIZE(sessions); s++) {
		struct training_attendee att[16];
		size_t natt = 0;
		for (size_t i = 0; i < nb && natt < ARRAY_SIZE(att); i++) {
			if ((i + s) % 4 == 3)
				continue; /* not every agency came every time */
			att[natt].agency_id = below[i];
			att[natt].persons = 1 + (int)((i + s) % 3);
			att[natt].names =
			    att[natt].persons == 1 ? trainees[(i + s) % ARRAY_SIZE(trainees)] : "";
			att[natt++].agency_name = NULL;
		}
		struct training_fields f = {from + sessions[s].day, sessions[s].title, root,
					    sessions[s].hours, sessions[s].note};
		rc = store_training_save(st, ACTOR, 0, &f, att, natt, NULL, &err);
	}

	/* manual items for the agencies below */
	static const char *const notes[] = {"建立政务公开工作台账，按时参加培训",
					    "分管领导未参加季度培训", "政策解读材料质量较高",
					    "解读形式单一，未开展图解"};
	for (size_t i = 0; !rc && i < nb; i++) {
		rc = store_assess_manual_set(st, ACTOR, below[i], quarter, "leadership",
					     i % 3 == 1 ? 35 : 50, notes[i % 3 == 1 ? 1 : 0], &err);
		if (!rc)
			rc = store_assess_manual_set(st, ACTOR, below[i], quarter, "interpretation",
						     i % 2 ? 40 : 50, notes[i % 2 ? 3 : 2], &err);
	}
	if (!rc)
		*seeded = true;

	/* scores and the issued 通报: only when the oversight metrics answer */
	if (!rc) {
		buf_reset(&err);
		int mrc = store_assess_compute(st, ACTOR, cal, root, quarter, today, NULL, &err);
		if (mrc) {
			log_info("demo assessment: scores and bulletin left out reason=\"%s\"",
				 buf_cstr(&err));
		} else {
			struct assess_score_row *rows;
			size_t nr = 0;
			rc = store_assess_scores(st, a, root, quarter, NULL, &rows, &nr);
			struct buf iv = BUF_INIT, cr = BUF_INIT;
			for (size_t i = 0; !rc && i < nr; i++) {
				if (rows[i].r.vetoed)
					buf_printf(&iv, "%s（存在单项否决问题）\n",
						   rows[i].agency_name);
				else if (*rows[i].problems && i + 2 >= nr)
					buf_printf(&cr, "%s（%s）\n", rows[i].agency_name,
						   rows[i].problems);
			}
			if (!rc && nr && !iv.len && rows[nr - 1].r.total < 900)
				buf_printf(&iv, "%s（考核得分低于90分）\n",
					   rows[nr - 1].agency_name);
			struct assess_notes an = {"", buf_cstr(&iv), buf_cstr(&cr), "", NULL, NULL};
			if (!rc)
				rc = store_bulletin_notes_set(st, ACTOR, root, quarter, &an, &err);
			zf_day issued = to + 10 < today ? to + 10 : today;
			if (!rc)
				rc = bulletin_make(st, root, quarter, issued, true, ACTOR, NULL,
						   NULL, NULL, NULL, &err);
			buf_free(&iv);
			buf_free(&cr);
		}
	}
	if (rc)
		log_error("demo assessment failed error=\"%s\" detail=\"%s\"", zf_strerror(rc),
			  buf_cstr(&err));
	(void)names;
	buf_free(&text);
	buf_free(&err);
	arena_free(a);
	return rc;
}
