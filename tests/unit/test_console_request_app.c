/* test_console_request_app.c: the console's request page shows what an online application
 * asked for (条例 Art. 29): 身份证明, 联系人, 电子邮箱, 邮政编码 to the clerk, the 文号, 用途,
 * 载体形式 and 获取方式 to every reader, e-mail delivery as a badge, everything HTML-escaped;
 * a request that came by another route has no such rows. Both engines (store_test.h):
 * zf-store-test-both-engines */
#include "common.h"
#include "arena.h"
#include "demo/requests.h"
#include "law/calendar.h"
#include "store/db.h"
#include "store/public.h"
#include "store_test.h"
#include "tap.h"
#include "web/page_console.h"
#include "web/routes.h"
#include "web/server.h"

static const char *page(struct store *st, const struct web_user *u, const char *id,
			struct web_request *req, struct web_response *res)
{
	memset(req, 0, sizeof(*req));
	req->arena = arena_new(0);
	req->method = WEB_GET;
	req->method_name = "GET";
	req->path = "/console/requests/x";
	req->path_args[0] = id;
	req->npath_args = 1;
	req->db = st;
	req->user = u;
	req->csrf_token = "t";
	web_response_init(res, 4 << 20);
	res->status = 200;
	int rc = page_console_request(req, res);
	if (rc)
		printf("# page_console_request: %d\n", rc);
	return buf_cstr(&res->body);
}

static void done(struct web_request *req, struct web_response *res)
{
	web_response_free(res);
	arena_free(req->arena);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	struct buf err = BUF_INIT;
	struct calendar *cal = cal_new();
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar");
	struct store *st = store_test_fresh("console-app");
	bool seeded = false;
	if (!tap_ok(st && !demo_seed_agencies(st, &seeded), "a fresh database with agencies"))
		return tap_done();
	zf_day today = date_today();
	struct request_new rq = {
	    .agency_id = 1,
	    .applicant_type = REPORT_COL_COMMERCIAL,
	    .applicant_name = "某<b>公司",
	    .description = "某项目的批复文件",
	};
	struct application_details d = {
	    .id_type = APPLICANT_ID_CREDIT_CODE,
	    .contact_person = "王<script>alert(1)</script>",
	    .email = "wang&li@example.cn",
	    .postcode = "100000",
	    .doc_no = "示政发〔2025〕3号<i>",
	    .purpose = "研究&用途",
	    .form = PROVISION_OTHER,
	    .form_other = "光盘<u>",
	    .delivery = DELIVERY_EMAIL,
	};
	struct clock_event ev = {.kind = CLOCK_RECEIVED, .on = today - 2, .channel = CLOCK_ONLINE};
	long long app = 0, plain = 0;
	int rc = store_application_add(st, "public", cal, &rq, &d, &ev, 1, &app, &err);
	if (!tap_int(rc, 0, "an online application is stored (%s)", buf_cstr(&err)))
		return tap_done();
	if (!tap_int(store_request_add(st, "clerk", cal, &rq, &ev, 1, &plain, &err), 0,
		     "a request by another route is stored"))
		return tap_done();

	struct web_grant g = {.agency_id = 1, .role = ROLE_CLERK};
	struct web_user clerk = {.id = 1,
				 .login = "clerk",
				 .name = "张三",
				 .agency_id = 1,
				 .role = ROLE_CLERK,
				 .grants = &g,
				 .ngrants = 1};
	struct web_grant gv = {.agency_id = 1, .role = ROLE_VIEWER};
	struct web_user viewer = {.id = 2,
				  .login = "viewer",
				  .name = "李四",
				  .agency_id = 1,
				  .role = ROLE_VIEWER,
				  .grants = &gv,
				  .ngrants = 1};
	struct web_request req;
	struct web_response res;
	char id[24];
	snprintf(id, sizeof(id), "%lld", app);
	const char *b = page(st, &clerk, id, &req, &res);
	tap_int(res.status, 200, "the clerk opens the application");
	tap_ok(strstr(b, "身份证明") && strstr(b, "统一社会信用代码"), "身份证明 shown");
	tap_ok(strstr(b, "联系人") && strstr(b, "王&lt;script&gt;alert(1)&lt;/script&gt;") &&
		   !strstr(b, "<script>alert"),
	       "联系人 shown, escaped");
	tap_ok(strstr(b, "电子邮箱") && strstr(b, "wang&amp;li@example.cn"),
	       "电子邮箱 shown, escaped");
	tap_ok(strstr(b, "邮政编码") && strstr(b, "100000"), "邮政编码 shown");
	tap_ok(strstr(b, "所需信息的文号") && strstr(b, "示政发〔2025〕3号&lt;i&gt;"),
	       "文号 shown, escaped");
	tap_ok(strstr(b, "所需信息的用途") && strstr(b, "研究&amp;用途"), "用途 shown, escaped");
	tap_ok(strstr(b, "信息的载体形式") && strstr(b, "光盘&lt;u&gt;"),
	       "载体形式 (other, with its text) shown, escaped");
	tap_ok(strstr(b, "获取信息的方式") && strstr(b, "id=\"delivery-email\">电子邮件送达") &&
		   strstr(b, "id=\"badge-email\""),
	       "e-mail delivery shown as a badge");
	done(&req, &res);

	b = page(st, &viewer, id, &req, &res);
	tap_int(res.status, 200, "a viewer opens it");
	tap_ok(strstr(b, "所需信息的文号") && strstr(b, "电子邮件送达"),
	       "the viewer sees what was asked for and how");
	tap_ok(!strstr(b, "example.cn") && !strstr(b, "王&lt;script") && !strstr(b, "100000"),
	       "but not the contact particulars");
	done(&req, &res);

	snprintf(id, sizeof(id), "%lld", plain);
	b = page(st, &clerk, id, &req, &res);
	tap_int(res.status, 200, "a request by another route opens");
	tap_ok(!strstr(b, "所需信息的文号") && !strstr(b, "电子邮件送达"),
	       "without application rows");
	done(&req, &res);

	buf_free(&err);
	store_close(st);
	cal_free(cal);
	return tap_done();
}
