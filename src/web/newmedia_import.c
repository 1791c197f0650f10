/* newmedia_import.c: a 政务新媒体 account's posts read, stored and checked in one batch (see
 * newmedia_import.h). */
#include "common.h"
#include "arena.h"
#include "ingest/linkcheck.h"
#include "ingest/newmedia_feed.h"
#include "ingest/site_check.h"
#include "store/db.h"
#include "store/newmedia.h"
#include "web/integrity_cache.h"
#include "web/newmedia_import.h"

#define CHECK_PAGE 200

/* Checks every post of the account as one scan of scope newmedia:<id> (inside the caller's
 * batch). */
static int check_posts(struct store *st, const char *actor, const struct nm_account *acc,
		       struct nm_import_result *res, struct buf *err)
{
	struct site_checker *chk = NULL;
	int rc = integrity_checker_acquire(st, &chk, err);
	if (rc)
		return rc;
	int64_t version = 0;
	rc = store_integrity_rules_active_id(st, &version);
	char scope[40];
	snprintf(scope, sizeof(scope), NM_FINDING_SCOPE "%lld", acc->id);
	long long scan = 0;
	if (!rc)
		rc = store_integrity_scan_begin(st, actor, scope, false, version, &scan);
	struct site_findings all;
	site_findings_init(&all);
	struct arena *a = arena_new(0);
	if (!a && !rc)
		rc = ZF_ENOMEM;
	long long total = 0, skipped = 0;
	for (size_t off = 0; !rc;) {
		struct nm_post *v;
		size_t n;
		arena_free(a);
		a = arena_new(0);
		if (!a) {
			rc = ZF_ENOMEM;
			break;
		}
		rc = store_nm_posts(st, a, acc->id, CHECK_PAGE, off, &v, &n, &total);
		for (size_t i = 0; !rc && i < n; i++) {
			char url[48];
			snprintf(url, sizeof(url), "/console/newmedia/post/%lld", v[i].id);
			struct site_place pl = {
			    .url = url, .field = "新媒体 标题", .date = v[i].published_on};
			size_t before = all.n;
			int r = site_check_text(chk, &pl, v[i].title, strlen(v[i].title), &all);
			if (!r && *v[i].body) {
				pl.field = "新媒体 正文";
				r = site_check_text(chk, &pl, v[i].body, strlen(v[i].body), &all);
			}
			if (r == ZF_ENOMEM)
				rc = r;
			else if (r)
				skipped++;
			for (size_t k = before; k < all.n; k++)
				all.v[k].agency_id = acc->f.agency_id;
			res->checked++;
		}
		if (rc || n < CHECK_PAGE)
			break;
		off += n;
	}
	char notes[80] = "";
	if (skipped)
		snprintf(notes, sizeof(notes), "%lld 条内容无法检查；", skipped);
	if (!rc)
		rc = store_integrity_scan_record(st, scan, &all, res->checked, notes, &res->scan);
	if (rc && err && !err->len)
		buf_setf(err,
			 rc == ZF_ENOMEM ? "内存不足，检查中止" : "检查结果没有保存（数据库错误）");
	site_findings_free(&all);
	arena_free(a);
	integrity_checker_release(chk);
	return rc;
}

/* The account (for its agency) and, afterwards, its open findings. */
static int finish_counts(struct store *st, long long id, struct nm_import_result *res)
{
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct nm_account acc;
	int rc = store_nm_get(st, a, id, &acc);
	if (!rc) {
		res->open = acc.findings_open;
		res->veto = acc.findings_veto;
	}
	arena_free(a);
	return rc;
}

static int run(struct store *st, const char *actor, long long account_id,
	       const struct nm_items *items, const char *source, struct nm_import_result *res,
	       struct buf *err)
{
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct nm_account acc;
	int rc = store_nm_get(st, a, account_id, &acc);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的新媒体账号", account_id);
	struct nm_post_in *v = NULL;
	if (!rc && items) {
		v = arena_alloc(a, (items->n + 1) * sizeof(*v));
		if (!v)
			rc = ZF_ENOMEM;
		for (size_t i = 0; !rc && i < items->n; i++)
			v[i] = (struct nm_post_in){.title = items->v[i].title,
						   .body = items->v[i].body,
						   .url = items->v[i].url,
						   .published_on = items->v[i].day,
						   .published_at = items->v[i].at};
	}
	bool batch = false;
	if (!rc) {
		rc = store_batch_begin(st);
		batch = !rc;
	}
	if (!rc && items) {
		res->read = items->n;
		struct buf e = BUF_INIT;
		rc = store_nm_posts_add(st, actor, account_id, v, items->n, source, &res->added,
					&res->dups, &e);
		if (rc && e.len) {
			/* name the row of the file rather than the post's rank */
			const char *p = buf_cstr(&e);
			long k = 0;
			if (!strncmp(p, "第", 3) && sscanf(p + 3, "%ld", &k) == 1 && k >= 1 &&
			    (size_t)k <= items->n) {
				const char *rest = strstr(p, "条：");
				buf_setf(err, "第%d%s：%s", items->v[k - 1].line,
					 items->kind == NM_FEED_CSV || items->kind == NM_FEED_XLSX
					     ? "行"
					     : "条",
					 rest ? rest + strlen("条：") : p);
			} else {
				buf_setf(err, "%s", p);
			}
		}
		buf_free(&e);
	}
	if (!rc)
		rc = check_posts(st, actor, &acc, res, err);
	if (batch)
		rc = rc ? (store_batch_rollback(st), rc) : store_batch_commit(st);
	if (!rc)
		rc = finish_counts(st, account_id, res);
	if (rc)
		res->added = res->dups = 0;
	if (rc && err && !err->len)
		buf_setf(err, "导入失败（%s）", zf_strerror(rc));
	arena_free(a);
	return rc;
}

int newmedia_import_bytes(struct store *st, const char *actor, long long account_id,
			  const char *data, size_t len, const char *source,
			  struct nm_import_result *res, struct buf *err)
{
	memset(res, 0, sizeof(*res));
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct nm_items items;
	int rc = nm_feed_parse(data, len, a, &items, err);
	if (!rc) {
		res->kind = nm_feed_kind_label(items.kind);
		if (!items.n) {
			buf_setf(err, "%s里没有发布内容", res->kind);
			rc = ZF_EPARSE;
		}
	}
	if (!rc)
		rc = run(st, actor, account_id, &items, source, res, err);
	arena_free(a);
	return rc;
}

int newmedia_import_url(struct store *st, const char *actor, long long account_id, const char *url,
			bool public_only, struct nm_import_result *res, struct buf *err)
{
	memset(res, 0, sizeof(*res));
	if (!nm_url_ok(url) || !*url) {
		buf_setf(err, "订阅地址应以 https:// 或 http:// 开头，不含空格和引号");
		return ZF_EINVAL;
	}
	struct link_opts o;
	link_opts_default(&o);
	o.retries = 1;
	o.max_body = NM_FEED_MAX;
	o.public_only = public_only;
	struct buf body = BUF_INIT;
	long status = 0;
	int rc = link_fetch(url, &o, &body, NULL, NULL, &status, err);
	if (!rc && status != 200) {
		buf_setf(err, "订阅地址返回 HTTP %ld，没有读到内容", status);
		rc = ZF_EIO;
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法读取订阅地址");
	if (!rc) {
		char source[NM_URL_MAX + 16];
		snprintf(source, sizeof(source), "订阅 %s", url);
		rc = newmedia_import_bytes(st, actor, account_id, body.p ? body.p : "", body.len,
					   source, res, err);
	}
	buf_free(&body);
	return rc;
}

int newmedia_check(struct store *st, const char *actor, long long account_id,
		   struct nm_import_result *res, struct buf *err)
{
	memset(res, 0, sizeof(*res));
	return run(st, actor, account_id, NULL, NULL, res, err);
}
