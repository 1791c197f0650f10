/* err.c: error codes, die() and BUG(), allocation helpers. */
#include "common.h"

const char *zf_strerror(int err)
{
	switch (err) {
	case ZF_OK: return "成功";
	case ZF_ENOMEM: return "内存不足";
	case ZF_EINVAL: return "输入无效";
	case ZF_EIO: return "读写失败";
	case ZF_ERANGE: return "数值超出范围";
	case ZF_ENOENT: return "未找到";
	case ZF_EPARSE: return "格式错误";
	case ZF_ETOOBIG: return "超出大小限制";
	case ZF_EEXIST: return "已存在";
	case ZF_EDB: return "数据库错误";
	case ZF_EPERM: return "无权操作";
	case ZF_ESTATE: return "当前状态下不能进行此操作";
	}
	return "未知错误";
}

void die(const char *fmt, ...)
{
	va_list ap;
	fputs("zfxxgk: 错误：", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void zf_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "zfxxgk: BUG at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("内存不足（申请 %zu 字节）", n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die("内存不足");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die("内存不足（申请 %zu 字节）", n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("内存不足");
	return s;
}
