/* warc.c: WARC records one at a time (see warc.h). */
#include "common.h"
#include "ingest/warc.h"

#include <ctype.h>
#include <strings.h>
#include <zlib.h>

struct warc {
	gzFile gz;	  /* a file (zlib reads plain files as they are) */
	const char *mem;  /* or memory */
	size_t memlen, mempos;
	char inbuf[65536]; /* read-ahead */
	size_t inlen, inpos;
	bool eof;
	struct warc_record rec;
	struct buf block, line;
	size_t index;
};

static int fill(struct warc *w)
{
	if (w->inpos < w->inlen || w->eof)
		return 0;
	w->inpos = w->inlen = 0;
	if (w->gz) {
		int k = gzread(w->gz, w->inbuf, sizeof(w->inbuf));
		if (k < 0) {
			w->eof = true;
			return ZF_EPARSE;
		}
		w->inlen = (size_t)k;
	} else {
		size_t k = w->memlen - w->mempos;
		if (k > sizeof(w->inbuf))
			k = sizeof(w->inbuf);
		if (k)
			memcpy(w->inbuf, w->mem + w->mempos, k);
		w->mempos += k;
		w->inlen = k;
	}
	if (!w->inlen)
		w->eof = true;
	return 0;
}

/* One line (without its CRLF) into w->line; 1, 0 at the end, ZF_EPARSE over the cap or a
 * broken stream. */
static int read_line(struct warc *w)
{
	buf_reset(&w->line);
	for (;;) {
		int rc = fill(w);
		if (rc)
			return rc;
		if (w->inpos >= w->inlen)
			return w->line.len ? 1 : 0;
		char *nl = memchr(w->inbuf + w->inpos, '\n', w->inlen - w->inpos);
		size_t k = nl ? (size_t)(nl - (w->inbuf + w->inpos)) : w->inlen - w->inpos;
		if (w->line.len + k > WARC_HEADER_MAX)
			return ZF_EPARSE;
		buf_add(&w->line, w->inbuf + w->inpos, k);
		w->inpos += k + (nl ? 1 : 0);
		if (nl) {
			if (w->line.len && w->line.p[w->line.len - 1] == '\r')
				w->line.p[--w->line.len] = '\0';
			if (!w->line.p)
				buf_adds(&w->line, "");
			return 1;
		}
	}
}

/* Reads n bytes into out (NULL: skips them); ZF_EPARSE when the file ends first. */
static int read_n(struct warc *w, size_t n, struct buf *out)
{
	while (n) {
		int rc = fill(w);
		if (rc)
			return rc;
		if (w->inpos >= w->inlen)
			return ZF_EPARSE;
		size_t k = w->inlen - w->inpos;
		if (k > n)
			k = n;
		if (out && buf_add(out, w->inbuf + w->inpos, k))
			return ZF_ENOMEM;
		w->inpos += k;
		n -= k;
	}
	return 0;
}

static struct warc *alloc_reader(void)
{
	struct warc *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	buf_init(&w->block, WARC_RECORD_MAX + 1);
	buf_init(&w->line, 0);
	buf_init(&w->rec.payload, 0);
	return w;
}

int warc_open(const char *path, struct warc **out, struct buf *err)
{
	*out = NULL;
	struct warc *w = alloc_reader();
	if (!w)
		return ZF_ENOMEM;
	if (!(w->gz = gzopen(path, "rb"))) {
		buf_setf(err, "无法打开 WARC 文件：%s", strerror(errno));
		warc_close(w);
		return ZF_EIO;
	}
	gzbuffer(w->gz, 1u << 17);
	*out = w;
	return 0;
}

int warc_open_mem(const char *data, size_t n, struct warc **out)
{
	*out = NULL;
	struct warc *w = alloc_reader();
	if (!w)
		return ZF_ENOMEM;
	w->mem = data;
	w->memlen = n;
	*out = w;
	return 0;
}

void warc_close(struct warc *w)
{
	if (!w)
		return;
	if (w->gz)
		gzclose(w->gz);
	buf_free(&w->block);
	buf_free(&w->line);
	buf_free(&w->rec.payload);
	free(w);
}

static bool header_is(const char *line, const char *name, const char **value)
{
	size_t l = strlen(name);
	if (strncasecmp(line, name, l) || line[l] != ':')
		return false;
	const char *v = line + l + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	*value = v;
	return true;
}

static void copy_field(char *dst, size_t cap, const char *v, bool lower, bool stop_at_semi)
{
	size_t k = 0;
	while (*v && k + 1 < cap && !(stop_at_semi && *v == ';')) {
		dst[k++] = lower ? (char)tolower((unsigned char)*v) : *v;
		v++;
	}
	while (k && (dst[k - 1] == ' ' || dst[k - 1] == '\t'))
		k--;
	dst[k] = '\0';
}

/* The header block of an HTTP message in [p, end): the offset of its body, or 0 if none. */
static size_t http_head(const char *p, size_t n, long *status, char *ctype, size_t cap,
			bool *chunked, int *coding)
{
	*status = 0;
	*chunked = false;
	*coding = 0;
	if (n < 12 || strncmp(p, "HTTP/", 5))
		return 0;
	const char *sp = memchr(p, ' ', n < 20 ? n : 20);
	if (sp)
		*status = strtol(sp + 1, NULL, 10);
	size_t i = 0;
	size_t lim = n < WARC_HEADER_MAX ? n : WARC_HEADER_MAX;
	while (i < lim) {
		const char *nl = memchr(p + i, '\n', lim - i);
		if (!nl)
			return 0;
		size_t le = (size_t)(nl - p);
		size_t ll = le - i - (le > i && p[le - 1] == '\r' ? 1 : 0);
		if (!ll)
			return le + 1;
		char line[1024];
		size_t cl = ll < sizeof(line) - 1 ? ll : sizeof(line) - 1;
		memcpy(line, p + i, cl);
		line[cl] = '\0';
		const char *v;
		if (header_is(line, "Content-Type", &v))
			copy_field(ctype, cap, v, true, true);
		else if (header_is(line, "Transfer-Encoding", &v) && strcasestr(v, "chunked"))
			*chunked = true;
		else if (header_is(line, "Content-Encoding", &v))
			*coding = strcasestr(v, "gzip") ? 1 : strcasestr(v, "deflate") ? 2 : 0;
		i = le + 1;
	}
	return 0;
}

static int dechunk(const char *p, size_t n, struct buf *out)
{
	size_t i = 0;
	while (i < n) {
		char *end;
		unsigned long len = strtoul(p + i, &end, 16);
		if (end == p + i)
			return ZF_EPARSE;
		const char *nl = memchr(end, '\n', (size_t)(p + n - end));
		if (!nl)
			return ZF_EPARSE;
		i = (size_t)(nl - p) + 1;
		if (!len)
			return 0;
		if (len > n - i)
			len = n - i; /* a truncated last chunk: what there is */
		if (buf_add(out, p + i, len))
			return ZF_ENOMEM;
		i += len;
		while (i < n && (p[i] == '\r' || p[i] == '\n'))
			i++;
	}
	return 0;
}

static int inflate_into(const char *p, size_t n, bool gzip, struct buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, gzip ? 15 + 32 : 15) != Z_OK)
		return ZF_ENOMEM;
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
	char tmp[65536];
	int rc = 0, zr;
	do {
		z.next_out = (Bytef *)tmp;
		z.avail_out = sizeof(tmp);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END) {
			rc = ZF_EPARSE;
			break;
		}
		if (buf_add(out, tmp, sizeof(tmp) - z.avail_out)) {
			rc = ZF_ETOOBIG;
			break;
		}
	} while (zr != Z_STREAM_END && (z.avail_in || !z.avail_out));
	inflateEnd(&z);
	return rc;
}

int warc_next(struct warc *w, struct warc_record **out, struct buf *err)
{
	struct warc_record *r = &w->rec;
	*out = NULL;
	int rc;
	/* skip blank lines between records */
	do {
		rc = read_line(w);
		if (rc <= 0) {
			if (rc == ZF_EPARSE)
				buf_setf(err, "WARC 文件第 %zu 条记录之后数据损坏", w->index);
			return rc;
		}
	} while (!w->line.len);
	w->index++;
	if (strncmp(w->line.p, "WARC/", 5)) {
		buf_setf(err, "第 %zu 条记录不是 WARC 记录（缺少“WARC/”版本行）", w->index);
		return ZF_EPARSE;
	}
	r->type[0] = r->target[0] = r->content_type[0] = '\0';
	r->status = 0;
	r->skipped = false;
	r->index = w->index;
	long long clen = -1;
	char wct[128] = "";
	size_t nh = 0;
	for (;;) {
		rc = read_line(w);
		if (rc <= 0 || ++nh > 1000) {
			buf_setf(err, "WARC 文件在第 %zu 条记录的头部截断或损坏", w->index);
			return rc < 0 && rc != ZF_EPARSE ? rc : ZF_EPARSE;
		}
		if (!w->line.len)
			break;
		const char *v;
		if (header_is(w->line.p, "WARC-Type", &v))
			copy_field(r->type, sizeof(r->type), v, true, false);
		else if (header_is(w->line.p, "WARC-Target-URI", &v))
			copy_field(r->target, sizeof(r->target), v[0] == '<' ? v + 1 : v, false,
				   false);
		else if (header_is(w->line.p, "Content-Type", &v))
			copy_field(wct, sizeof(wct), v, true, false);
		else if (header_is(w->line.p, "Content-Length", &v)) {
			char *end;
			clen = strtoll(v, &end, 10);
			if (end == v || clen < 0)
				clen = -2;
		}
	}
	size_t tl = strlen(r->target);
	if (tl && r->target[tl - 1] == '>')
		r->target[tl - 1] = '\0';
	if (clen < 0) {
		buf_setf(err, "第 %zu 条 WARC 记录缺少有效的 Content-Length", w->index);
		return ZF_EPARSE;
	}
	buf_reset(&w->block);
	buf_reset(&r->payload);
	if ((unsigned long long)clen > WARC_RECORD_MAX) {
		r->skipped = true;
		rc = read_n(w, (size_t)clen, NULL);
	} else {
		rc = read_n(w, (size_t)clen, &w->block);
	}
	if (rc) {
		buf_setf(err, "WARC 文件在第 %zu 条记录中截断（记录声明 %lld 字节）", w->index, clen);
		return rc == ZF_ENOMEM ? rc : ZF_EPARSE;
	}
	*out = r;
	if (r->skipped)
		return 1;
	const char *b = w->block.p ? w->block.p : "";
	size_t bn = w->block.len;
	if (!strcmp(r->type, "response") && strstr(wct, "application/http")) {
		bool chunked;
		int coding;
		size_t body = http_head(b, bn, &r->status, r->content_type,
					sizeof(r->content_type), &chunked, &coding);
		if (!body)
			return 1; /* no HTTP message: nothing to read */
		struct buf tmp = BUF_INIT;
		buf_init(&tmp, WARC_RECORD_MAX);
		const char *p = b + body;
		size_t pn = bn - body;
		if (chunked) {
			if ((rc = dechunk(p, pn, &tmp)) == ZF_ENOMEM) {
				buf_free(&tmp);
				return rc;
			}
			p = tmp.p ? tmp.p : "";
			pn = tmp.len;
		}
		buf_init(&r->payload, WARC_RECORD_MAX);
		if (coding) {
			if (inflate_into(p, pn, coding == 1, &r->payload)) {
				buf_reset(&r->payload); /* an undecodable body: left unread */
				r->content_type[0] = '\0';
			}
		} else if (buf_add(&r->payload, p, pn)) {
			buf_free(&tmp);
			return ZF_ENOMEM;
		}
		buf_free(&tmp);
	} else if (!strcmp(r->type, "resource")) {
		copy_field(r->content_type, sizeof(r->content_type), wct, true, true);
		if (buf_add(&r->payload, b, bn))
			return ZF_ENOMEM;
	}
	return 1;
}
