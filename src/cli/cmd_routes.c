/* cmd_routes.c: `zfxxgk routes`, the site's route table as the dispatcher sees it (web/routes.h):
 * method, pattern, weakest role and needs of every route. The access-control matrix
 * (tests/e2e/access_matrix.sh) is generated from it, so a new route joins the matrix. */
#include "common.h"
#include "cli.h"
#include "web/routes.h"

#include <jansson.h>

static const char help[] =
    "用法：zfxxgk routes [--json]\n"
    "\n"
    "列出网站的全部路由（与 zfxxgk serve 所用的路由表相同）：请求方式、网址模式、\n"
    "最低角色和要求（db 需要数据库，login 需要登录，csrf 需要表单令牌，json 以 JSON\n"
    "答复错误，stateless 不读会话）。供访问控制测试和安全审查使用。\n"
    "\n"
    "角色：public（公众）、viewer（查阅）、clerk（经办人）、reviewer（审核人）、admin（管理员）。\n"
    "\n"
    "选项：\n"
    "  --json       以 JSON 数组输出：[{\"method\", \"pattern\", \"role\", \"needs\": [...]}]\n"
    "  -h, --help   显示本帮助\n"
    "\n"
    "退出状态：0 成功，2 用法有误。\n";

static const char *role_key(enum route_role r)
{
	switch (r) {
	case ROLE_PUBLIC: return "public";
	case ROLE_VIEWER: return "viewer";
	case ROLE_CLERK: return "clerk";
	case ROLE_REVIEWER: return "reviewer";
	case ROLE_ADMIN: return "admin";
	}
	return "unknown";
}

static const char *method_key(enum web_method m)
{
	switch (m) {
	case WEB_GET: return "GET";
	case WEB_HEAD: return "HEAD";
	case WEB_POST: return "POST";
	case WEB_PUT: return "PUT";
	case WEB_DELETE: return "DELETE";
	case WEB_OPTIONS: return "OPTIONS";
	case WEB_OTHER: break;
	}
	return "OTHER";
}

static const struct {
	unsigned flag;
	const char *key;
} needs[] = {
    {ROUTE_NEEDS_DB, "db"},	    {ROUTE_DB_OPTIONAL, "db_optional"},
    {ROUTE_NEEDS_LOGIN, "login"},   {ROUTE_NEEDS_CSRF, "csrf"},
    {ROUTE_JSON, "json"},	    {ROUTE_STATELESS, "stateless"},
    {ROUTE_CACHEABLE, "cacheable"},
};

int cmd_routes(int argc, char **argv)
{
	bool json = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(help, stdout);
			return CLI_OK;
		}
		if (!strcmp(argv[i], "--json"))
			json = true;
		else
			return cli_error("routes", "不认识的参数“%s”（见 zfxxgk routes --help）",
					 argv[i]);
	}
	size_t n = 0;
	const struct route *t = routes_site(&n);
	if (!json) {
		for (size_t i = 0; i < n; i++) {
			printf("%-5s %-9s %s", method_key(t[i].method), role_key(t[i].role),
			       t[i].pattern);
			for (size_t k = 0; k < ARRAY_SIZE(needs); k++)
				if (t[i].flags & needs[k].flag)
					printf(" %s", needs[k].key);
			putchar('\n');
		}
		return CLI_OK;
	}
	json_t *all = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *nd = json_array();
		for (size_t k = 0; k < ARRAY_SIZE(needs); k++)
			if (t[i].flags & needs[k].flag)
				json_array_append_new(nd, json_string(needs[k].key));
		json_array_append_new(all,
				      json_pack("{s:s,s:s,s:s,s:o}", "method",
						method_key(t[i].method), "pattern", t[i].pattern,
						"role", role_key(t[i].role), "needs", nd));
	}
	int rc = json_dumpf(all, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(all);
	putchar('\n');
	return rc ? CLI_USAGE : CLI_OK;
}
