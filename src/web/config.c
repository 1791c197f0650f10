/* config.c: the configuration table and its readers (see config.h). */
#include "common.h"
#include "config.h"
#include "log.h"
#include "proxy.h"
#include "utf8.h"

enum conf_type { CONF_STRING, CONF_INT, CONF_SIZE, CONF_BOOL };

struct conf_key {
	const char *key;
	enum conf_type type;
	size_t offset;
	long min, max; /* for CONF_INT and CONF_SIZE */
	const char *def;
	const char *help;
	/* extra check for strings: 0 or ZF_EINVAL with a message in err */
	int (*check)(const char *value, struct buf *err);
};

static int check_listen(const char *value, struct buf *err);
static int check_log_level(const char *value, struct buf *err);
static int check_trusted_proxies(const char *value, struct buf *err);

#define KEY(field) offsetof(struct config, field)

static const struct conf_key keys[] = {
    {"listen", CONF_STRING, KEY(listen), 0, 0, "127.0.0.1:8080",
     "监听的地址和端口（主机:端口，IPv6 写作 [::1]:8080；端口 0 表示任选空闲端口）", check_listen},
    {"db", CONF_STRING, KEY(db), 0, 0, "var/zfxxgk.db",
     "数据库：SQLite 数据库文件的路径（所在目录须已存在），或 PostgreSQL 地址 "
     "postgresql://用户@主机/库名（口令放在 PGPASSWORD 或 ~/.pgpass 中）",
     NULL},
    {"threads", CONF_INT, KEY(threads), 1, 64, "4", "处理请求的线程数（每个线程一个数据库连接）",
     NULL},
    {"max_body", CONF_SIZE, KEY(max_body), 1024, 1L << 30, "2M",
     "请求正文的大小上限（可用 K、M、G 为单位），超过时返回 413", NULL},
    {"max_conn", CONF_INT, KEY(max_conn), 1, 10000, "256", "同时打开的连接数上限", NULL},
    {"timeout", CONF_INT, KEY(timeout), 1, 3600, "30", "空闲连接保持的秒数", NULL},
    {"log_level", CONF_STRING, KEY(log_level), 0, 0, "info", "日志级别：debug、info、warn 或 error",
     check_log_level},
    {"fetch_internal", CONF_BOOL, KEY(fetch_internal), 0, 0, "false",
     "允许工作台按用户填写的网址（如新媒体订阅地址）读取本机或内部网络的地址（默认不允许，"
     "防止借服务器访问内网）",
     NULL},
    {"demo", CONF_BOOL, KEY(demo), 0, 0, "false",
     "演示模式：数据库为空时写入示例机关（示例区人民政府及两个部门）", NULL},
    {"login_max_failures", CONF_INT, KEY(login_max_failures), 1, 100, "5",
     "同一网络地址连续输错口令多少次后，暂停从该地址登录此账号（账号在其他地址仍可使用）", NULL},
    {"login_lock_minutes", CONF_INT, KEY(login_lock_minutes), 1, 10080, "15",
     "暂停登录的分钟数（期满自动解除，管理员也可提前解锁）", NULL},
    {"session_hours", CONF_INT, KEY(session_hours), 1, 720, "8", "登录后会话的有效小时数", NULL},
    {"mail_interval", CONF_INT, KEY(mail_interval), 0, 3600, "30",
     "每隔多少秒检查一次待发的申请人通知邮件（0 = 本服务器不发送，另用 zfxxgk mail send）", NULL},
    {"scan_interval", CONF_INT, KEY(scan_interval), 0, 31536000, "86400",
     "每隔多少秒对全站做一次内容检查（默认每天一次；0 = 本服务器不做定时检查）", NULL},
    {"trusted_proxies", CONF_STRING, KEY(trusted_proxies), 0, 0, "none",
     "可信的反向代理地址（逗号分隔，可写网段如 10.0.0.0/8）：只有来自这些地址的请求，才按其 "
     "X-Forwarded-For 认定访问者地址、按 X-Forwarded-Proto 认定是否 HTTPS（默认 "
     "none：不信任任何代理）",
     check_trusted_proxies},
    {"per_ip_conn", CONF_INT, KEY(per_ip_conn), 1, 10000, "32",
     "同一地址同时打开的连接数上限（经反向代理时，代理的地址也受此限制，请相应调大）", NULL},
    {"request_deadline", CONF_INT, KEY(request_deadline), 1, 3600, "60",
     "一个请求（请求头和正文）须在多少秒内传完，超时即断开（防止慢速占用连接）", NULL},
    {"session_idle_minutes", CONF_INT, KEY(session_idle_minutes), 1, 1440, "30",
     "登录后连续多少分钟无操作即自动退出", NULL},
    {"audit_retention_days", CONF_INT, KEY(audit_retention_days), 183, 36500, "365",
     "审计日志至少保存多少天（等保三级要求不少于六个月，最少 183 天）：zfxxgk audit prune "
     "只清理更早的行，且先导出",
     NULL},
    {"login_address_max_failures", CONF_INT, KEY(login_address_max_failures), 1, 100000, "30",
     "同一网络地址在 login_lock_minutes 分钟内对所有账号输错口令的次数上限，超过即暂停该地址登录"
     "（防止用一个口令试探许多账号）",
     NULL},
    {"password_min_length", CONF_INT, KEY(password_min_length), 8, 64, "10",
     "口令至少多少个字符（另须含大写字母、小写字母、数字、其他符号中的至少三类）", NULL},
    {"password_history", CONF_INT, KEY(password_history), 0, 12, "5",
     "新口令不能与最近多少次用过的口令相同（0 为不检查）", NULL},
    {"page_cache", CONF_BOOL, KEY(page_cache), 0, 0, "true",
     "公开页面缓存：未登录访问者看到的公开页面渲染一次后保存（含压缩版本），内容有发布、废止、"
     "报告发布、指南修改等变化时按数据库中的版本号自动失效，多台服务器共用一个数据库也不会看到"
     "旧页面（false = 每次都从数据库重新生成，用于对比测试）",
     NULL},
    {"page_cache_mb", CONF_INT, KEY(page_cache_mb), 1, 65536, "64",
     "公开页面缓存最多占用多少 MB 内存（每个服务器进程各自计算，含压缩版本；超出时先清除最久未被"
     "访问的页面）",
     NULL},
};

static int check_listen(const char *value, struct buf *err)
{
	char host[64];
	int port;
	if (config_parse_listen(value, host, sizeof(host), &port) == 0)
		return 0;
	buf_printf(err, "监听地址“%s”无效，应写作 主机:端口，例如 127.0.0.1:8080", value);
	return ZF_EINVAL;
}

static int check_log_level(const char *value, struct buf *err)
{
	enum log_level level;
	if (log_level_parse(value, &level) == 0)
		return 0;
	buf_printf(err, "日志级别“%s”无效，应为 debug、info、warn 或 error", value);
	return ZF_EINVAL;
}

static int check_trusted_proxies(const char *value, struct buf *err)
{
	struct proxy_net nets[PROXY_MAX_NETS];
	size_t n;
	return web_proxy_parse(value, nets, &n, err);
}

int config_parse_listen(const char *s, char *host, size_t hostlen, int *port)
{
	const char *colon;
	const char *h = s;
	size_t hlen;
	if (*s == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':')
			return ZF_EINVAL;
		h = s + 1;
		hlen = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || memchr(s, ':', (size_t)(colon - s)))
			return ZF_EINVAL;
		hlen = (size_t)(colon - s);
	}
	if (hlen == 0 || hlen >= hostlen)
		return ZF_EINVAL;
	for (size_t i = 0; i < hlen; i++) {
		char c = h[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == '.' || c == ':' || c == '-'))
			return ZF_EINVAL;
	}
	long p;
	if (str_to_long(str_c(colon + 1), &p) || p < 0 || p > 65535)
		return ZF_EINVAL;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	*port = (int)p;
	return 0;
}

static const struct conf_key *find_key(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (strcmp(keys[i].key, key) == 0)
			return &keys[i];
	return NULL;
}

static int parse_size(const char *value, long *out)
{
	struct str s = str_c(value);
	long mult = 1;
	if (s.len > 0) {
		switch (s.p[s.len - 1]) {
		case 'k':
		case 'K': mult = 1L << 10; break;
		case 'm':
		case 'M': mult = 1L << 20; break;
		case 'g':
		case 'G': mult = 1L << 30; break;
		default: break;
		}
		if (mult > 1)
			s.len--;
	}
	long n;
	if (s.len == 0 || s.p[0] == '-' || str_to_long(s, &n))
		return ZF_EINVAL;
	if (n > LONG_MAX / mult)
		return ZF_ERANGE;
	*out = n * mult;
	return 0;
}

static void format_size(struct buf *out, long n)
{
	if (n > 0 && n % (1L << 30) == 0)
		buf_printf(out, "%ldG", n >> 30);
	else if (n > 0 && n % (1L << 20) == 0)
		buf_printf(out, "%ldM", n >> 20);
	else if (n > 0 && n % (1L << 10) == 0)
		buf_printf(out, "%ldK", n >> 10);
	else
		buf_printf(out, "%ld", n);
}

static int parse_bool(const char *value, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcmp(value, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(value, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return ZF_EINVAL;
}

static void list_keys(struct buf *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		buf_printf(err, "%s%s", i ? "、" : "", keys[i].key);
}

int config_set(struct config *c, const char *key, const char *value, struct buf *err)
{
	const struct conf_key *k = find_key(key);
	if (!k) {
		buf_printf(err, "未知的配置项“%s”（可用的配置项：", key);
		list_keys(err);
		buf_adds(err, "）");
		return ZF_ENOENT;
	}
	void *field = (char *)c + k->offset;
	long n;
	int rc;
	switch (k->type) {
	case CONF_STRING:
		if (!*value || !utf8_valid(value, strlen(value))) {
			buf_printf(err, "配置项 %s 的值不能为空，且须为 UTF-8 文本", key);
			return ZF_EINVAL;
		}
		if (k->check && (rc = k->check(value, err)) != 0)
			return rc;
		free(*(char **)field);
		*(char **)field = xstrdup(value);
		return 0;
	case CONF_INT:
	case CONF_SIZE:
		rc = k->type == CONF_SIZE ? parse_size(value, &n) : str_to_long(str_c(value), &n);
		if (rc == ZF_EINVAL) {
			buf_printf(err, "配置项 %s 的值“%s”不是%s", key, value,
				   k->type == CONF_SIZE ? "有效的大小（如 2M）" : "整数");
			return rc;
		}
		if (rc || n < k->min || n > k->max) {
			buf_printf(err, "配置项 %s 的值“%s”超出范围（", key, value);
			if (k->type == CONF_SIZE) {
				format_size(err, k->min);
				buf_adds(err, " 至 ");
				format_size(err, k->max);
			} else {
				buf_printf(err, "%ld 至 %ld", k->min, k->max);
			}
			buf_adds(err, "）");
			return ZF_ERANGE;
		}
		*(long *)field = n;
		return 0;
	case CONF_BOOL:
		if (parse_bool(value, (bool *)field)) {
			buf_printf(err, "配置项 %s 的值“%s”应为 true 或 false", key, value);
			return ZF_EINVAL;
		}
		return 0;
	}
	BUG("config key %s has no type", key);
}

void config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	struct buf err = BUF_INIT;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (config_set(c, keys[i].key, keys[i].def, &err))
			BUG("default of %s is invalid: %s", keys[i].key, buf_cstr(&err));
	buf_free(&err);
}

void config_free(struct config *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i].type == CONF_STRING) {
			char **field = (char **)((char *)c + keys[i].offset);
			free(*field);
			*field = NULL;
		}
	}
}

/* Cuts a trailing " # comment" that is not inside double quotes. */
static struct str cut_comment(struct str v)
{
	bool quoted = false;
	for (size_t i = 0; i < v.len; i++) {
		if (v.p[i] == '"')
			quoted = !quoted;
		else if (v.p[i] == '#' && !quoted &&
			 (i == 0 || v.p[i - 1] == ' ' || v.p[i - 1] == '\t'))
			return (struct str){v.p, i};
	}
	return v;
}

int config_load_text(struct config *c, const char *name, struct str text, struct buf *err)
{
	bool seen[ARRAY_SIZE(keys)] = {false};
	int lineno = 0;
	while (text.len > 0) {
		struct str line = str_cut(&text, '\n');
		lineno++;
		if (!utf8_valid(line.p, line.len)) {
			buf_printf(err, "%s:%d: 含有无效的 UTF-8 字节", name, lineno);
			return ZF_EPARSE;
		}
		line = str_trim(line);
		if (line.len == 0 || line.p[0] == '#')
			continue;
		if (!memchr(line.p, '=', line.len)) {
			buf_printf(err, "%s:%d: 应写作“配置项 = 值”，缺少“=”", name, lineno);
			return ZF_EPARSE;
		}
		struct str key = str_trim(str_cut(&line, '='));
		struct str value = str_trim(cut_comment(line));
		if (key.len == 0) {
			buf_printf(err, "%s:%d: “=”前缺少配置项名称", name, lineno);
			return ZF_EPARSE;
		}
		if (value.len >= 2 && value.p[0] == '"' && value.p[value.len - 1] == '"') {
			value.p++;
			value.len -= 2;
		} else if (value.len > 0 && value.p[0] == '"') {
			buf_printf(err, "%s:%d: 引号没有闭合", name, lineno);
			return ZF_EPARSE;
		}
		char *k = xstrndup(key.p, key.len);
		char *v = xstrndup(value.p, value.len);
		const struct conf_key *ck = find_key(k);
		int rc = 0;
		if (ck && seen[ck - keys]) {
			buf_printf(err, "%s:%d: 配置项“%s”重复出现", name, lineno, k);
			rc = ZF_EINVAL;
		} else {
			struct buf msg = BUF_INIT;
			rc = config_set(c, k, v, &msg);
			if (rc)
				buf_printf(err, "%s:%d: %s", name, lineno, buf_cstr(&msg));
			buf_free(&msg);
			if (ck)
				seen[ck - keys] = true;
		}
		free(k);
		free(v);
		if (rc)
			return rc;
	}
	return 0;
}

int config_load_file(struct config *c, const char *path, struct buf *err)
{
	struct buf text = BUF_INIT;
	int rc = buf_read_file(&text, path, 1 << 20);
	if (rc) {
		buf_printf(err, "无法读取配置文件“%s”：%s", path,
			   rc == ZF_ENOENT    ? "文件不存在"
			   : rc == ZF_ETOOBIG ? "文件过大（上限 1 MB）"
					      : "没有读取权限或读取出错");
		buf_free(&text);
		return rc;
	}
	rc = config_load_text(c, path, buf_str(&text), err);
	buf_free(&text);
	return rc;
}

static void format_value(const struct config *c, const struct conf_key *k, struct buf *out)
{
	const void *field = (const char *)c + k->offset;
	switch (k->type) {
	case CONF_STRING: {
		const char *s = *(char *const *)field;
		bool quote = strpbrk(s, " \t#\"") != NULL;
		buf_printf(out, quote ? "\"%s\"" : "%s", s);
		break;
	}
	case CONF_INT: buf_printf(out, "%ld", *(const long *)field); break;
	case CONF_SIZE: format_size(out, *(const long *)field); break;
	case CONF_BOOL: buf_adds(out, *(const bool *)field ? "true" : "false"); break;
	}
}

void config_dump(const struct config *c, struct buf *out)
{
	buf_adds(out, "# zfxxgk serve 当前生效的配置\n");
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		buf_printf(out, "\n# %s\n%s = ", keys[i].help, keys[i].key);
		format_value(c, &keys[i], out);
		buf_addch(out, '\n');
	}
}

void config_help(struct buf *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		buf_printf(out, "  %-10s 默认 %-16s %s\n", keys[i].key, keys[i].def, keys[i].help);
}
