/* test_config.c: the configuration table, its file syntax and --dump-config. */
#include "common.h"
#include "web/config.h"
#include "tap.h"

static void test_defaults_and_set(void)
{
	struct config c;
	struct buf err = BUF_INIT;
	config_init(&c);
	tap_str(c.listen, "127.0.0.1:8080", "default listen is loopback:8080");
	tap_str(c.db, "var/zfxxgk.db", "default db");
	tap_int(c.threads, 4, "default threads");
	tap_int(c.max_body, 2 << 20, "default max_body is 2M");
	tap_ok(!c.demo, "demo is off by default");

	tap_int(config_set(&c, "threads", "8", &err), 0, "set threads");
	tap_int(c.threads, 8, "threads = 8");
	tap_int(config_set(&c, "threads", "0", &err), ZF_ERANGE, "threads below the bound");
	tap_ok(strstr(buf_cstr(&err), "超出范围") && strstr(buf_cstr(&err), "1 至 64"),
	       "message names the bounds: %s", buf_cstr(&err));
	tap_int(c.threads, 8, "a refused value leaves the old one");
	buf_reset(&err);
	tap_int(config_set(&c, "threads", "4x", &err), ZF_EINVAL, "threads must be an integer");
	buf_reset(&err);
	tap_int(config_set(&c, "max_body", "10M", &err), 0, "size with unit");
	tap_int(c.max_body, 10 << 20, "10M = 10485760");
	tap_int(config_set(&c, "max_body", "512", &err), ZF_ERANGE, "size below the bound");
	buf_reset(&err);
	tap_int(config_set(&c, "max_body", "5X", &err), ZF_EINVAL, "unknown size unit");
	buf_reset(&err);
	tap_int(config_set(&c, "demo", "yes", &err), 0, "bool yes");
	tap_ok(c.demo, "demo on");
	tap_int(config_set(&c, "demo", "maybe", &err), ZF_EINVAL, "bool refuses maybe");
	buf_reset(&err);
	tap_int(config_set(&c, "log_level", "verbose", &err), ZF_EINVAL, "unknown log level");
	buf_reset(&err);
	tap_int(config_set(&c, "listen", "localhost", &err), ZF_EINVAL, "listen needs a port");
	buf_reset(&err);
	tap_int(config_set(&c, "listen", "1.2.3.4:70000", &err), ZF_EINVAL, "port out of range");
	buf_reset(&err);
	tap_int(config_set(&c, "listen", "[::1]:8080", &err), 0, "IPv6 listen address");
	tap_int(config_set(&c, "db", "", &err), ZF_EINVAL, "empty db refused");
	buf_reset(&err);
	tap_int(config_set(&c, "colour", "red", &err), ZF_ENOENT, "unknown key");
	tap_ok(strstr(buf_cstr(&err), "未知的配置项“colour”") != NULL, "message: %s",
	       buf_cstr(&err));
	buf_free(&err);
	config_free(&c);
}

static void test_listen(void)
{
	char host[64];
	int port = -1;
	tap_ok(config_parse_listen("127.0.0.1:0", host, sizeof(host), &port) == 0 &&
		   strcmp(host, "127.0.0.1") == 0 && port == 0,
	       "host and port 0");
	tap_ok(config_parse_listen("[::1]:8443", host, sizeof(host), &port) == 0 &&
		   strcmp(host, "::1") == 0 && port == 8443,
	       "bracketed IPv6");
	tap_int(config_parse_listen("::1:80", host, sizeof(host), &port), ZF_EINVAL,
		"bare IPv6 is ambiguous");
	tap_int(config_parse_listen(":80", host, sizeof(host), &port), ZF_EINVAL, "empty host");
	tap_int(config_parse_listen("a b:80", host, sizeof(host), &port), ZF_EINVAL,
		"space in host");
}

static int load(struct config *c, const char *text, struct buf *err)
{
	buf_reset(err);
	return config_load_text(c, "test.conf", str_c(text), err);
}

static void test_file(void)
{
	struct config c;
	struct buf err = BUF_INIT;
	config_init(&c);
	tap_int(load(&c,
		     "# zfxxgk\n"
		     "\n"
		     "listen = 0.0.0.0:9000\n"
		     "  db=\"/srv/zf data/zf.db\"   # quoted, with a space\n"
		     "threads = 2 # comment\n"
		     "max_body = 64K\r\n"
		     "demo = on\n",
		     &err),
		0, "a valid file loads");
	tap_str(c.listen, "0.0.0.0:9000", "listen from file");
	tap_str(c.db, "/srv/zf data/zf.db", "quoted value with a space");
	tap_int(c.threads, 2, "trailing comment stripped");
	tap_int(c.max_body, 64 << 10, "CRLF line endings accepted");
	tap_ok(c.demo, "bool from file");

	tap_int(load(&c, "threads = 3\n\ncolour = red\n", &err), ZF_ENOENT,
		"unknown key in a file is an error");
	tap_ok(strncmp(buf_cstr(&err), "test.conf:3: 未知的配置项“colour”", 40) == 0,
	       "with file:line: %s", buf_cstr(&err));
	tap_int(load(&c, "threads 3\n", &err), ZF_EPARSE, "a line without '='");
	tap_ok(strstr(buf_cstr(&err), "test.conf:1:") != NULL, "with file:line: %s",
	       buf_cstr(&err));
	tap_int(load(&c, "threads = 3\nthreads = 4\n", &err), ZF_EINVAL, "a repeated key");
	tap_ok(strstr(buf_cstr(&err), "test.conf:2:") != NULL, "with file:line: %s",
	       buf_cstr(&err));
	tap_int(load(&c, "db = \"unclosed\n", &err), ZF_EPARSE, "an unclosed quote");
	tap_int(load(&c, "\n\nthreads = 999\n", &err), ZF_ERANGE, "a value out of bounds");
	tap_ok(strncmp(buf_cstr(&err), "test.conf:3: ", 13) == 0, "with file:line: %s",
	       buf_cstr(&err));
	tap_int(load(&c, "db = \xff\n", &err), ZF_EPARSE, "invalid UTF-8");
	tap_int(load(&c, " = 3\n", &err), ZF_EPARSE, "a missing key name");

	buf_reset(&err);
	tap_int(config_load_file(&c, "/nonexistent/zfxxgk.conf", &err), ZF_ENOENT,
		"a missing file is an error");
	tap_ok(strstr(buf_cstr(&err), "/nonexistent/zfxxgk.conf") != NULL, "naming the file: %s",
	       buf_cstr(&err));
	buf_free(&err);
	config_free(&c);
}

static void test_dump(void)
{
	struct config a, b;
	struct buf err = BUF_INIT, one = BUF_INIT, two = BUF_INIT;
	config_init(&a);
	config_set(&a, "db", "/tmp/with space.db", &err);
	config_set(&a, "max_body", "3M", &err);
	config_set(&a, "demo", "true", &err);
	config_dump(&a, &one);
	tap_ok(strstr(buf_cstr(&one), "\nmax_body = 3M\n") != NULL, "dump shows sizes with units");
	tap_ok(strstr(buf_cstr(&one), "# 监听的地址和端口") != NULL, "dump carries Chinese help");
	config_init(&b);
	tap_int(config_load_text(&b, "dump", buf_str(&one), &err), 0, "dump output loads back");
	config_dump(&b, &two);
	tap_str(buf_cstr(&two), buf_cstr(&one), "and round-trips exactly");
	struct buf help = BUF_INIT;
	config_help(&help);
	tap_ok(strstr(buf_cstr(&help), "max_body") && strstr(buf_cstr(&help), "演示模式"),
	       "help lists every key");
	buf_free(&help);
	buf_free(&err);
	buf_free(&one);
	buf_free(&two);
	config_free(&a);
	config_free(&b);
}

int main(void)
{
	test_defaults_and_set();
	test_listen();
	test_file();
	test_dump();
	return tap_done();
}
