/* guide.c: the 政府信息公开指南 as the console edits it (guide.h): fields, default texts of the
 * 条例 (2019 revision), checks, and the revisions, in portable SQL (driver.h) for both
 * engines. The tables are in guide_schema.c. */
#include "common.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "driver.h"
#include "guide.h"
#include "law/idcheck.h"
#include "public.h"
#include "public_int.h"

static const struct {
	const char *key, *label;
} fields[GUIDE_FIELDS] = {
    [GF_OFFICE] = {"office", "政府信息公开工作机构"},
    [GF_ADDRESS] = {"address", "办公地址"},
    [GF_POSTCODE] = {"postcode", "邮政编码"},
    [GF_HOURS] = {"hours", "办公时间"},
    [GF_PHONE] = {"phone", "咨询电话"},
    [GF_FAX] = {"fax", "传真"},
    [GF_EMAIL] = {"email", "电子邮箱"},
    [GF_WEBSITE] = {"website", "网站"},
    [GF_REVIEW_BODY] = {"review_body", "行政复议机关"},
    [GF_PROACTIVE_SCOPE] = {"proactive_scope", "主动公开的范围和内容分类"},
    [GF_PROACTIVE_CHANNELS] = {"proactive_channels", "公开的形式和渠道"},
    [GF_PROACTIVE_TIME] = {"proactive_time", "主动公开的时限"},
    [GF_APPLY_BODY] = {"apply_body", "受理机构"},
    [GF_APPLY_CHANNELS] = {"apply_channels", "申请方式和提交渠道"},
    [GF_APPLY_PROCEDURE] = {"apply_procedure", "办理程序"},
    [GF_APPLY_TIME] = {"apply_time", "答复时限"},
    [GF_APPLY_FEE] = {"apply_fee", "收费"},
    [GF_REMEDY] = {"remedy", "监督和救济"},
    [GF_EXTRA] = {"extra", "其他说明"},
};

const char *guide_field_key(enum guide_field f)
{
	return (unsigned)f < GUIDE_FIELDS ? fields[f].key : "";
}

const char *guide_field_label(enum guide_field f)
{
	return (unsigned)f < GUIDE_FIELDS ? fields[f].label : "";
}

bool guide_field_multiline(enum guide_field f)
{
	return f >= GUIDE_SECTIONS_AT && f < GUIDE_FIELDS;
}

/* ---------------------------------------------------------------- default texts */

/* 条例 Art. 19, 20: what every agency publishes of its own accord. */
static const char default_scope[] =
    "本机关依照《中华人民共和国政府信息公开条例》第十九条、第二十条的规定，主动公开下列"
    "政府信息：\n"
    "（一）行政法规、规章和规范性文件；\n"
    "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名；\n"
    "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策；\n"
    "（四）国民经济和社会发展统计信息；\n"
    "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果；\n"
    "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的"
    "行政处罚决定；\n"
    "（七）财政预算、决算信息；\n"
    "（八）行政事业性收费项目及其依据、标准；\n"
    "（九）政府集中采购项目的目录、标准及实施情况；\n"
    "（十）重大建设项目的批准和实施情况；\n"
    "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况；\n"
    "（十二）突发公共事件的应急预案、预警信息及应对情况；\n"
    "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况；\n"
    "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果；\n"
    "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息。\n"
    "涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息，本机关主动公开"
    "（条例第十九条）。依照条例第十四条、第十五条、第十六条不予公开的政府信息除外。";

/* Art. 23, 25 */
static const char default_channels[] =
    "本机关通过本政府信息公开平台、政府公报、新闻发布会以及报刊、广播、电视等途径主动公开"
    "政府信息（条例第二十三条）。\n"
    "本机关在国家档案馆、公共图书馆、政务服务场所设置的政府信息查阅场所，为公民、法人和"
    "其他组织获取政府信息提供便利（条例第二十五条）。";

/* Art. 26 */
static const char default_time[] =
    "属于主动公开范围的政府信息，自该政府信息形成或者变更之日起 20 个工作日内及时公开。"
    "法律、法规对政府信息公开的期限另有规定的，从其规定（条例第二十六条）。";

/* Art. 29 */
static const char default_apply_channels[] =
    "申请人可以通过本平台在线提交申请，也可以采用信函、传真、当面提交等方式提交书面申请；"
    "政府信息公开申请表可在本页下载（Word 或 PDF 格式），自行制作的申请书写明下列内容的"
    "同样有效。\n"
    "政府信息公开申请应当包括下列内容：（一）申请人的姓名或者名称、身份证明、联系方式；"
    "（二）申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；（三）申请"
    "公开的政府信息的形式要求，包括获取信息的方式、途径（条例第二十九条第二款）。\n"
    "采用书面形式确有困难的，申请人可以口头提出，由受理该申请的政府信息公开工作机构代为"
    "填写政府信息公开申请（条例第二十九条第一款）。";

/* Art. 30, 31, 32, 36 */
static const char default_procedure[] =
    "本机关收到申请后登记受理。当面提交的，以提交之日为收到申请之日；以邮寄方式提交的，"
    "以签收之日为收到申请之日；通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日"
    "（条例第三十一条）。\n"
    "申请内容不明确的，本机关自收到申请之日起 7 个工作日内一次性告知申请人作出补正，说明"
    "需要补正的事项和合理的补正期限。答复期限自收到补正的申请之日起计算。申请人无正当理由"
    "逾期不补正的，视为放弃申请（条例第三十条）。\n"
    "公开会损害第三方合法权益的，本机关书面征求第三方的意见；第三方自收到征求意见书之日起 "
    "15 个工作日内提出意见（条例第三十二条）。\n"
    "本机关根据不同情况依照条例第三十六条作出答复，并按照申请人要求的形式和途径送达。";

/* Art. 33 */
static const char default_apply_time[] =
    "能够当场答复的，当场予以答复。不能当场答复的，自收到申请之日起 20 个工作日内予以答复；"
    "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得"
    "超过 20 个工作日。\n"
    "征求第三方和其他机关意见所需时间不计算在前款规定的期限内（条例第三十三条）。\n"
    "期限按工作日计算，不含法定节假日和休息日。";

/* Art. 42 */
static const char default_fee[] =
    "本机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过"
    "合理范围的，可以依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息"
    "处理费（条例第四十二条）。";

int guide_defaults(struct arena *arena, struct guide *g)
{
	const char *name = g->agency_name && *g->agency_name ? g->agency_name : "本机关";
	const char *office = g->f[GF_OFFICE] && *g->f[GF_OFFICE] ? g->f[GF_OFFICE] : NULL;
	const char *review =
	    g->f[GF_REVIEW_BODY] && *g->f[GF_REVIEW_BODY] ? g->f[GF_REVIEW_BODY] : NULL;
	const char *texts[GUIDE_FIELDS] = {
	    [GF_PROACTIVE_SCOPE] = default_scope,
	    [GF_PROACTIVE_CHANNELS] = default_channels,
	    [GF_PROACTIVE_TIME] = default_time,
	    [GF_APPLY_CHANNELS] = default_apply_channels,
	    [GF_APPLY_PROCEDURE] = default_procedure,
	    [GF_APPLY_TIME] = default_apply_time,
	    [GF_APPLY_FEE] = default_fee,
	};
	texts[GF_APPLY_BODY] =
	    office ? arena_printf(arena,
				  "%s负责受理向%s提出的政府信息公开申请，并负责本机关政府信息公开的"
				  "日常工作（条例第四条）。",
				  office, name)
		   : arena_printf(arena,
				  "%s的政府信息公开工作机构负责受理向本机关提出的政府信息公开申请，"
				  "并负责本机关政府信息公开的日常工作（条例第四条）。",
				  name);
	texts[GF_REMEDY] = arena_printf(
	    arena,
	    "公民、法人或者其他组织认为%s在政府信息公开工作中侵犯其合法权益的，可以向上一级行政"
	    "机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼"
	    "（条例第五十一条）。\n"
	    "申请行政复议的，自知道该行政行为之日起六十日内向%s提出；提起行政诉讼的，自知道或者"
	    "应当知道作出行政行为之日起六个月内向人民法院提起。",
	    name, review ? review : "有管辖权的行政复议机关");
	if (!texts[GF_APPLY_BODY] || !texts[GF_REMEDY])
		return ZF_ENOMEM;
	for (int i = GUIDE_SECTIONS_AT; i < GUIDE_FIELDS; i++)
		if ((!g->f[i] || !*g->f[i]) && texts[i])
			g->f[i] = texts[i];
	for (int i = 0; i < GUIDE_FIELDS; i++)
		if (!g->f[i])
			g->f[i] = "";
	return 0;
}

/* ---------------------------------------------------------------- checks */

static bool website_ok(const char *s)
{
	if (!s || !*s)
		return true;
	if (strncmp(s, "https://", 8) && strncmp(s, "http://", 7))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			return false;
	return strlen(s) > 10;
}

int guide_check(const struct guide *g, struct buf *err, enum guide_field *bad)
{
	for (int i = 0; i < GUIDE_FIELDS; i++) {
		bool multi = guide_field_multiline((enum guide_field)i);
		size_t max = multi ? GUIDE_SECTION_MAX : GUIDE_LINE_MAX;
		const char *v = g->f[i];
		const char *why = NULL;
		if (!public_text_ok(v, max, multi)) {
			why = multi ? "“%s”不能超过 %zu 字，且不能含有控制字符"
				    : "“%s”不能超过 %zu 字，且不能含有换行或控制字符";
		} else if (i == GF_POSTCODE && v && *v && !idcheck_postcode(v)) {
			why = "“%s”应为 6 位数字";
		} else if (i == GF_EMAIL && v && *v && !idcheck_email(v)) {
			why = "“%s”格式不正确（如 gongkai@example.gov.cn）";
		} else if (i == GF_WEBSITE && !website_ok(v)) {
			why = "“%s”应以 https:// 或 http:// 开头，且不含空格";
		}
		if (why) {
			if (err)
				buf_setf(err, why, fields[i].label, max);
			if (bad)
				*bad = (enum guide_field)i;
			return ZF_EINVAL;
		}
	}
	return 0;
}

char *guide_beijing_date(const char *utc, char out[11])
{
	char t[20];
	out[0] = '\0';
	if (date_utc_to_beijing(utc, false, t)) { /* its first ten characters are the day */
		memcpy(out, t, 10);
		out[10] = '\0';
	}
	return out;
}

/* ---------------------------------------------------------------- reading */

/* "office, address, ..." in field order, each prefixed with prefix. */
static void column_list(struct buf *b, const char *prefix)
{
	for (int i = 0; i < GUIDE_FIELDS; i++)
		buf_printf(b, "%s%s%s", i ? ", " : "", prefix, fields[i].key);
}

static int read_fields(struct db_stmt *s, struct arena *a, int first, struct guide *g)
{
	for (int i = 0; i < GUIDE_FIELDS; i++) {
		g->f[i] = public_col_text(s, a, first + i);
		if (!g->f[i])
			return ZF_ENOMEM;
	}
	return 0;
}

/* Reads revision rev of agency_id (rev 0: the current one) into out, whose agency fields
 * are set. 0 or ZF_ENOENT when there is none. */
static int read_revision(struct store *st, struct arena *arena, long long agency_id, int rev,
			 struct guide *out)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT r.revision, r.saved_at, r.saved_by, ");
	column_list(&sql, "r.");
	buf_adds(&sql, " FROM guide_revisions r WHERE r.agency_id = ?1 AND r.revision = ");
	buf_adds(&sql,
		 rev ? "?2" : "(SELECT g.revision FROM agency_guides g WHERE g.agency_id = ?1)");
	if (sql.failed) {
		buf_free(&sql);
		return ZF_ENOMEM;
	}
	struct db_stmt *s;
	int rc = db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	if (rev)
		db_bind_int(s, 2, rev);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->exists = true;
		out->revision = (int)db_col_int(s, 0);
		out->revised_at = public_col_text(s, arena, 1);
		out->revised_by = public_col_text(s, arena, 2);
		rc = out->revised_at && out->revised_by ? read_fields(s, arena, 3, out) : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

static int agency_name(struct store *st, struct arena *arena, long long id, const char **out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT name FROM agencies WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*out = public_col_text(s, arena, 0);
		rc = *out ? 0 : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

int store_guide_get(struct store *st, struct arena *arena, long long agency_id, struct guide *out)
{
	memset(out, 0, sizeof(*out));
	out->agency_id = agency_id;
	out->revised_at = out->revised_by = "";
	int rc = agency_name(st, arena, agency_id, &out->agency_name);
	if (rc)
		return rc;
	rc = read_revision(st, arena, agency_id, 0, out);
	if (rc && rc != ZF_ENOENT)
		return rc;
	bool saved = rc == 0;
	/* The particulars are agency_profiles' (a save writes them there too, and whoever edits
	 * the agency's contacts elsewhere keeps the guide current); a revision keeps them as they
	 * were when it was saved. Never saved: the default sections. */
	struct agency_profile p;
	rc = store_agency_profile_get(st, arena, agency_id, &p);
	if (rc)
		return rc;
	if (saved && !p.exists)
		return 0;
	const char *from_profile[GUIDE_SECTIONS_AT] = {
	    [GF_OFFICE] = p.office, [GF_ADDRESS] = p.address, [GF_POSTCODE] = p.postcode,
	    [GF_HOURS] = p.hours,   [GF_PHONE] = p.phone,     [GF_FAX] = p.fax,
	    [GF_EMAIL] = p.email,   [GF_WEBSITE] = p.website, [GF_REVIEW_BODY] = p.review_body,
	};
	for (int i = 0; i < GUIDE_SECTIONS_AT; i++)
		out->f[i] = from_profile[i];
	if (saved)
		return 0;
	out->f[GF_EXTRA] = p.guide_extra;
	return guide_defaults(arena, out);
}

int store_guide_revision_get(struct store *st, struct arena *arena, long long agency_id,
			     int revision, struct guide *out)
{
	memset(out, 0, sizeof(*out));
	out->agency_id = agency_id;
	if (revision <= 0)
		return ZF_ENOENT;
	int rc = agency_name(st, arena, agency_id, &out->agency_name);
	return rc ? rc : read_revision(st, arena, agency_id, revision, out);
}

int store_guide_revisions(struct store *st, struct arena *arena, long long agency_id,
			  struct guide_revision **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT revision, saved_at, saved_by FROM guide_revisions"
			    " WHERE agency_id = ? ORDER BY revision DESC",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	size_t alloc = 0;
	struct guide_revision *v = NULL;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(arena, v, *n, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		v[*n].revision = (int)db_col_int(s, 0);
		v[*n].saved_at = public_col_text(s, arena, 1);
		v[*n].saved_by = public_col_text(s, arena, 2);
		if (!v[*n].saved_at || !v[*n].saved_by) {
			rc = ZF_ENOMEM;
			break;
		}
		(*n)++;
	}
	db_finish(s);
	*out = v;
	return rc < 0 ? rc : 0;
}

int store_guide_current_list(struct store *st, struct arena *arena, struct guide_current **out,
			     size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT agency_id, revision, revised_at FROM agency_guides"
			    " ORDER BY agency_id",
			    &s);
	if (rc)
		return rc;
	size_t alloc = 0;
	struct guide_current *v = NULL;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(arena, v, *n, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		v[*n].agency_id = db_col_int(s, 0);
		v[*n].revision = (int)db_col_int(s, 1);
		v[*n].revised_at = public_col_text(s, arena, 2);
		if (!v[*n].revised_at) {
			rc = ZF_ENOMEM;
			break;
		}
		(*n)++;
	}
	db_finish(s);
	*out = v;
	return rc < 0 ? rc : 0;
}

/* ---------------------------------------------------------------- saving */

/* v without "\r" (browsers post "\r\n" from a textarea), from arena. */
static const char *drop_cr(struct arena *a, const char *v)
{
	if (!v)
		return "";
	if (!strchr(v, '\r'))
		return v;
	char *out = arena_strdup(a, v);
	if (!out)
		return NULL;
	char *w = out;
	for (const char *p = v; *p; p++)
		if (*p != '\r')
			*w++ = *p;
	*w = '\0';
	return out;
}

static int insert_revision(struct store *st, const char *actor, const struct guide *g,
			   const char *now, int *rev)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "INSERT INTO guide_revisions (agency_id, revision, saved_at, saved_by, ");
	column_list(&sql, "");
	buf_adds(&sql, ") SELECT ?1, coalesce(max(revision), 0) + 1, ?2, ?3");
	for (int i = 0; i < GUIDE_FIELDS; i++)
		buf_printf(&sql, ", ?%d", 4 + i);
	buf_adds(&sql, " FROM guide_revisions WHERE agency_id = ?1 RETURNING revision");
	if (sql.failed) {
		buf_free(&sql);
		return ZF_ENOMEM;
	}
	struct db_stmt *s;
	int rc = db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	db_bind_int(s, 1, g->agency_id);
	db_bind_text(s, 2, now);
	db_bind_text(s, 3, actor);
	for (int i = 0; i < GUIDE_FIELDS; i++)
		db_bind_text(s, 4 + i, g->f[i]);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*rev = (int)db_col_int(s, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_EDB;
	}
	db_finish(s);
	return rc;
}

static int set_current(struct store *st, const char *actor, long long agency_id, int rev,
		       const char *now)
{
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       "INSERT INTO agency_guides (agency_id, revision, revised_at, revised_by)"
		       " VALUES (?, ?, ?, ?) ON CONFLICT (agency_id) DO UPDATE SET"
		       " revision = excluded.revision, revised_at = excluded.revised_at,"
		       " revised_by = excluded.revised_by",
		       &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_int(s, 2, rev);
	db_bind_text(s, 3, now);
	db_bind_text(s, 4, actor);
	return db_run(s);
}

/* The particulars (and 其他说明) go to agency_profiles too: the guide list and the other
 * readers of public.h see them. */
static int write_profile(struct store *st, const char *actor, const struct guide *g,
			 const char *now)
{
	struct db_stmt *s;
	int rc = db_prepare(
	    st,
	    "INSERT INTO agency_profiles (agency_id, office, address, postcode, hours, phone, fax,"
	    " email, website, review_body, guide_extra, updated_by, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (agency_id) DO UPDATE SET office = excluded.office,"
	    " address = excluded.address, postcode = excluded.postcode, hours = excluded.hours,"
	    " phone = excluded.phone, fax = excluded.fax, email = excluded.email,"
	    " website = excluded.website, review_body = excluded.review_body,"
	    " guide_extra = excluded.guide_extra, updated_by = excluded.updated_by,"
	    " updated_at = excluded.updated_at",
	    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, g->agency_id);
	for (int i = 0; i < GUIDE_SECTIONS_AT; i++)
		db_bind_text(s, 2 + i, g->f[i]);
	db_bind_text(s, 2 + GUIDE_SECTIONS_AT, g->f[GF_EXTRA]);
	db_bind_text(s, 3 + GUIDE_SECTIONS_AT, actor);
	db_bind_text(s, 4 + GUIDE_SECTIONS_AT, now);
	return db_run(s);
}

int store_guide_save(struct store *st, const char *actor, const struct guide *in, int *revision,
		     struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct guide g = *in;
	int rc = 0;
	for (int i = 0; i < GUIDE_FIELDS && !rc; i++) {
		g.f[i] = drop_cr(a, in->f[i]);
		if (!g.f[i])
			rc = ZF_ENOMEM;
	}
	if (!rc)
		rc = guide_check(&g, err, NULL);
	bool exists = false;
	if (!rc)
		rc = store_agency_exists(st, g.agency_id, &exists);
	if (!rc && !exists) {
		if (err)
			buf_setf(err, "没有编号为 %lld 的机关", g.agency_id);
		rc = ZF_ENOENT;
	}
	if (rc) {
		arena_free(a);
		return rc;
	}
	rc = store_write_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	char now[21];
	db_now(now);
	int rev = 0;
	rc = insert_revision(st, actor, &g, now, &rev);
	if (!rc)
		rc = set_current(st, actor, g.agency_id, rev, now);
	if (!rc)
		rc = write_profile(st, actor, &g, now);
	if (!rc) {
		char object[40], detail[40];
		snprintf(object, sizeof(object), "agency:%lld", g.agency_id);
		snprintf(detail, sizeof(detail), "政府信息公开指南第 %d 版", rev);
		rc = store_audit(st, actor, "guide.save", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存指南：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	if (!rc && revision)
		*revision = rev;
	arena_free(a);
	return rc;
}
