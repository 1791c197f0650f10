/* newmedia_feed.c: the posts of a 政务新媒体 account from an export or a feed (see
 * newmedia_feed.h): a CSV reader (RFC 4180 quoting, any line ending, the separator judged from
 * the header), .xlsx through ingest/xlsx.h, feeds through libxml2 without DTDs, the header
 * variants clerks meet, and the time shapes of exports and feeds. */
#include "common.h"
#include "arena.h"
#include "ingest/decode.h"
#include "ingest/html.h"
#include "ingest/newmedia_feed.h"
#include "ingest/xlsx.h"
#include "utf8.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>

const char *nm_feed_kind_label(enum nm_feed_kind k)
{
	switch (k) {
	case NM_FEED_CSV: return "CSV 文件";
	case NM_FEED_XLSX: return "Excel 文件";
	case NM_FEED_RSS: return "RSS 订阅";
	case NM_FEED_ATOM: return "Atom 订阅";
	}
	return "文件";
}

/* ---------------------------------------------------------------- times */

/* Reads 1..max digits at *p into *v. */
static bool digits(const char **p, int min, int max, int *v)
{
	int n = 0, x = 0;
	while (n < max && isdigit((unsigned char)(*p)[n]))
		x = x * 10 + ((*p)[n++] - '0');
	if (n < min)
		return false;
	*p += n;
	*v = x;
	return true;
}

static const char *skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A zone at p: Z, UTC, GMT, +08:00, +0800, CST (China); *minutes east of UTC. False when
 * something else is there. Empty is Beijing. */
static bool zone(const char *p, int *minutes)
{
	p = skip_spaces(p);
	*minutes = 480;
	if (!*p || !strcmp(p, "CST") || !strcmp(p, "北京时间"))
		return true;
	if (!strcmp(p, "Z") || !strcmp(p, "UTC") || !strcmp(p, "GMT") || !strcmp(p, "UT")) {
		*minutes = 0;
		return true;
	}
	if (*p != '+' && *p != '-')
		return false;
	int sign = *p++ == '-' ? -1 : 1, h, m = 0;
	if (!digits(&p, 2, 2, &h))
		return false;
	if (*p == ':')
		p++;
	if (*p && !digits(&p, 2, 2, &m))
		return false;
	if (*p || h > 14 || m > 59)
		return false;
	*minutes = sign * (h * 60 + m);
	return true;
}

/* Fills day and at from a civil time in a zone, converted to Beijing. */
static bool finish(int y, int mo, int d, int h, int mi, bool timed, int zmin, zf_day *day,
		   char at[17])
{
	if (!date_valid(y, mo, d) || y < 1990 || y > 2199 || h > 23 || mi > 59)
		return false;
	zf_day dd = date_from_ymd(y, mo, d);
	if (timed) {
		int t = h * 60 + mi - zmin + 480;
		while (t < 0)
			t += 1440, dd--;
		while (t >= 1440)
			t -= 1440, dd++;
		h = t / 60;
		mi = t % 60;
		char ds[11];
		snprintf(at, 17, "%s %02d:%02d", date_format(dd, ds), h, mi);
	} else {
		at[0] = '\0';
	}
	*day = dd;
	return true;
}

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
				     "jul", "aug", "sep", "oct", "nov", "dec"};

/* RFC 822: [Www, ]DD Mon YYYY [HH:MM[:SS]] [zone]. */
static bool rfc822(const char *p, zf_day *day, char at[17])
{
	const char *comma = strchr(p, ',');
	if (comma && comma - p <= 9)
		p = comma + 1;
	p = skip_spaces(p);
	int d, y, h = 0, mi = 0, sec, mo = -1, zmin = 480;
	if (!digits(&p, 1, 2, &d))
		return false;
	p = skip_spaces(p);
	for (int i = 0; i < 12; i++)
		if (!strncasecmp(p, months[i], 3))
			mo = i + 1;
	if (mo < 0)
		return false;
	while (isalpha((unsigned char)*p))
		p++;
	p = skip_spaces(p);
	if (!digits(&p, 4, 4, &y))
		return false;
	p = skip_spaces(p);
	bool timed = false;
	if (isdigit((unsigned char)*p)) {
		if (!digits(&p, 1, 2, &h) || *p++ != ':' || !digits(&p, 2, 2, &mi))
			return false;
		if (*p == ':' && (p++, !digits(&p, 2, 2, &sec)))
			return false;
		timed = true;
		if (!zone(p, &zmin))
			return false;
	} else if (*p) {
		return false;
	}
	return finish(y, mo, d, h, mi, timed, zmin, day, at);
}

/* True when s starts with the UTF-8 text t; advances past it. */
static bool eat(const char **p, const char *t)
{
	size_t n = strlen(t);
	if (strncmp(*p, t, n))
		return false;
	*p += n;
	return true;
}

bool nm_feed_time(const char *s, zf_day *day, char at[17])
{
	at[0] = '\0';
	*day = 0;
	if (!s)
		return false;
	char buf[64];
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (!n || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	const char *p = buf;
	/* Excel's serial day (the .xlsx reader gives numbers as written) */
	if (isdigit((unsigned char)*p)) {
		char *end;
		double v = strtod(p, &end);
		if (!*end && v >= 30000 && v < 80000 && !strchr(p, '-')) {
			zf_day base = date_from_ymd(1899, 12, 30) + (zf_day)v;
			int mins = (int)((v - (long)v) * 1440 + 0.5);
			struct ymd c = date_to_ymd(base);
			if (mins >= 1440)
				mins = 1439;
			return finish(c.y, c.m, c.d, mins / 60, mins % 60, v != (long)v, 480, day,
				      at);
		}
	}
	if (isalpha((unsigned char)*p) ||
	    (isdigit((unsigned char)p[0]) &&
	     (p[1] == ' ' || (isdigit((unsigned char)p[1]) && p[2] == ' '))))
		return rfc822(p, day, at);
	int y, mo, d, h = 0, mi = 0, sec = 0;
	if (!digits(&p, 4, 4, &y))
		return false;
	if (!(eat(&p, "-") || eat(&p, "/") || eat(&p, ".") || eat(&p, "年")))
		return false;
	if (!digits(&p, 1, 2, &mo))
		return false;
	if (!(eat(&p, "-") || eat(&p, "/") || eat(&p, ".") || eat(&p, "月")))
		return false;
	if (!digits(&p, 1, 2, &d))
		return false;
	eat(&p, "日");
	bool timed = false;
	int zmin = 480;
	if (*p == 'T' || *p == ' ' || *p == '\t') {
		p = skip_spaces(*p == 'T' ? p + 1 : p);
		if (isdigit((unsigned char)*p)) {
			if (!digits(&p, 1, 2, &h) || !(eat(&p, ":") || eat(&p, "时")) ||
			    !digits(&p, 2, 2, &mi))
				return false;
			eat(&p, "分");
			if (*p == ':') {
				p++;
				if (!digits(&p, 2, 2, &sec))
					return false;
				if (*p == '.')
					for (p++; isdigit((unsigned char)*p); p++)
						;
			}
			timed = true;
		}
	}
	if (!zone(p, &zmin))
		return false;
	return finish(y, mo, d, h, mi, timed, zmin, day, at);
}

/* ---------------------------------------------------------------- text */

/* A trimmed copy with runs of white space inside lines kept and NULs impossible. */
static const char *trimmed(struct arena *a, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

/* Text from a post's body: HTML turned into text when it looks like HTML. */
static const char *body_text(struct arena *a, const char *s, size_t n)
{
	if (!memchr(s, '<', n))
		return trimmed(a, s, n);
	struct buf out = BUF_INIT;
	const char *r = NULL;
	if (!html_to_text(s, n, &out, NULL))
		r = trimmed(a, out.p ? out.p : "", out.len);
	buf_free(&out);
	return r;
}

/* One line: newlines and tabs as spaces, at most 300 characters (a title taken from a
 * text). */
static const char *one_line(struct arena *a, const char *s, size_t max_chars)
{
	size_t n = strlen(s), i = 0, chars = 0;
	char *o = arena_alloc(a, n + 1);
	if (!o)
		return NULL;
	size_t w = 0;
	while (i < n && chars < max_chars) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (!k) /* not UTF-8: dropped (decoded text never has it) */
			k = 1;
		else if (cp < 0x20 || cp == 0x7f)
			o[w++] = ' ';
		else
			memcpy(o + w, s + i, k), w += k;
		i += k;
		chars++;
	}
	o[w] = '\0';
	return trimmed(a, o, w);
}

/* ---------------------------------------------------------------- columns */

enum col { C_TITLE, C_TIME, C_URL, C_BODY, C_N };

static const char *const heads[C_N][12] = {
    [C_TITLE] = {"标题", "文章标题", "内容标题", "题目", "微博标题", "视频标题", "作品标题",
		 "title", NULL},
    [C_TIME] = {"发布时间", "发布日期", "发文时间", "群发时间", "发表时间", "时间", "日期",
		"published", "pubdate", "date", "time", NULL},
    [C_URL] = {"链接", "文章链接", "原文链接", "作品链接", "网址", "地址", "url", "link", NULL},
    [C_BODY] = {"正文", "内容", "文章内容", "微博内容", "微博正文", "摘要", "文本", "描述", "body",
		"content", "text", NULL},
};

/* The column a header cell names: spaces, BOM, asterisks and colons dropped, ASCII case
 * folded; -1 for none. */
static int head_of(const char *cell)
{
	char k[64];
	size_t w = 0;
	for (const char *p = cell; *p && w + 1 < sizeof(k); p++) {
		if (!strncmp(p, "\xEF\xBB\xBF", 3)) {
			p += 2;
			continue;
		}
		if (!strncmp(p, "\xEF\xBC\x9A", 3) || !strncmp(p, "\xE3\x80\x80", 3)) { /* ：　 */
			p += 2;
			continue;
		}
		if (*p == ' ' || *p == '*' || *p == ':' || *p == '\t')
			continue;
		k[w++] = (char)tolower((unsigned char)*p);
	}
	k[w] = '\0';
	for (int c = 0; c < C_N; c++)
		for (int i = 0; heads[c][i]; i++)
			if (!strcmp(k, heads[c][i]))
				return c;
	return -1;
}

/* Rows of cells, whatever they came from. */
struct table {
	const char ***rows;
	size_t *ncells;
	int *line;
	size_t n;
};

/* Turns a table into items: the header within the first ten rows, then one item a row. */
static int from_table(const struct table *t, struct arena *a, struct nm_items *out, struct buf *err)
{
	int col[C_N];
	size_t hr = 0;
	bool found = false;
	for (; hr < t->n && hr < 10 && !found; hr++) {
		for (int c = 0; c < C_N; c++)
			col[c] = -1;
		for (size_t i = 0; i < t->ncells[hr]; i++) {
			int c = head_of(t->rows[hr][i]);
			if (c >= 0 && col[c] < 0)
				col[c] = (int)i;
		}
		found = col[C_TIME] >= 0 && (col[C_TITLE] >= 0 || col[C_BODY] >= 0);
	}
	if (!found) {
		buf_setf(err, "前 10 行里找不到表头：需要“标题”（或“正文”）和“发布时间”两列");
		return ZF_EPARSE;
	}
	out->v = arena_alloc(a, (t->n - hr + 1) * sizeof(*out->v));
	if (!out->v)
		return ZF_ENOMEM;
	for (size_t r = hr; r < t->n; r++) {
		const char *cell[C_N];
		bool any = false;
		for (int c = 0; c < C_N; c++) {
			cell[c] =
			    col[c] >= 0 && (size_t)col[c] < t->ncells[r] ? t->rows[r][col[c]] : "";
			any = any || *skip_spaces(cell[c]);
		}
		if (!any) {
			out->blank++;
			continue;
		}
		struct nm_item *it = &out->v[out->n];
		it->line = t->line[r];
		it->body = body_text(a, cell[C_BODY], strlen(cell[C_BODY]));
		it->title = one_line(a,
				     *cell[C_TITLE] ? cell[C_TITLE]
				     : it->body	    ? it->body
						    : "",
				     *cell[C_TITLE] ? 1000 : 60);
		it->url = trimmed(a, cell[C_URL], strlen(cell[C_URL]));
		char at[17];
		if (!it->title || !it->body || !it->url)
			return ZF_ENOMEM;
		if (!*it->title) {
			buf_setf(err, "第%d行：没有标题", it->line);
			return ZF_EPARSE;
		}
		if (!nm_feed_time(cell[C_TIME], &it->day, at)) {
			buf_setf(err, "第%d行：发布时间“%.40s”无法识别（应如 2026-12-01 10:00）",
				 it->line,
				 utf8_valid(cell[C_TIME], strlen(cell[C_TIME])) ? cell[C_TIME]
										: "?");
			return ZF_EPARSE;
		}
		it->at = arena_strdup(a, at);
		if (!it->at)
			return ZF_ENOMEM;
		out->n++;
	}
	return 0;
}

/* ---------------------------------------------------------------- CSV */

static int csv_read(const char *s, size_t n, struct arena *a, struct table *t, struct buf *err)
{
	/* the separator: the commonest of , \t ; on the first line */
	size_t cnt[3] = {0};
	const char seps[3] = {',', '\t', ';'};
	for (size_t i = 0; i < n && s[i] != '\n' && s[i] != '\r'; i++)
		for (int k = 0; k < 3; k++)
			cnt[k] += s[i] == seps[k];
	char sep = cnt[1] > cnt[0] && cnt[1] >= cnt[2] ? '\t' : cnt[2] > cnt[0] ? ';' : ',';
	size_t ralloc = 0, calloc_ = 0, ncells = 0;
	const char **cells = NULL;
	struct buf field = BUF_INIT;
	int line = 1, row_line = 1, rc = 0;
	bool quoted = false, was_quoted = false;
	size_t i = 0;
	for (;;) {
		bool end_all = i >= n;
		char ch = end_all ? '\n' : s[i];
		if (quoted && !end_all) {
			if (ch == '"' && i + 1 < n && s[i + 1] == '"') {
				rc = buf_addch(&field, '"');
				i += 2;
			} else if (ch == '"') {
				quoted = false;
				i++;
			} else {
				if (ch == '\n')
					line++;
				rc = buf_addch(&field, ch);
				i++;
			}
			if (rc)
				break;
			continue;
		}
		if (quoted && end_all) {
			buf_setf(err, "第%d行：引号没有结束", row_line);
			rc = ZF_EPARSE;
			break;
		}
		if (ch == '"' && !field.len && !was_quoted) {
			quoted = was_quoted = true;
			i++;
			continue;
		}
		if (ch == sep || ch == '\n' || ch == '\r') {
			cells = arena_grow(a, cells, ncells, &calloc_, sizeof(*cells));
			if (!cells) {
				rc = ZF_ENOMEM;
				break;
			}
			cells[ncells] = arena_strndup(a, field.p ? field.p : "", field.len);
			if (!cells[ncells]) {
				rc = ZF_ENOMEM;
				break;
			}
			ncells++;
			buf_reset(&field);
			was_quoted = false;
			if (ch == sep) {
				i++;
				if (ncells > 200) {
					buf_setf(err, "第%d行：超过 200 列", row_line);
					rc = ZF_EPARSE;
					break;
				}
				continue;
			}
			/* end of a row */
			if (t->n == ralloc) {
				size_t na = ralloc ? ralloc * 2 : 64;
				const char ***r2 = arena_alloc(a, na * sizeof(*r2));
				size_t *c2 = arena_alloc(a, na * sizeof(*c2));
				int *l2 = arena_alloc(a, na * sizeof(*l2));
				if (!r2 || !c2 || !l2) {
					rc = ZF_ENOMEM;
					break;
				}
				if (t->n) {
					memcpy(r2, t->rows, t->n * sizeof(*r2));
					memcpy(c2, t->ncells, t->n * sizeof(*c2));
					memcpy(l2, t->line, t->n * sizeof(*l2));
				}
				t->rows = r2, t->ncells = c2, t->line = l2, ralloc = na;
			}
			if (!(ncells == 1 && !*cells[0] && end_all)) {
				t->rows[t->n] = cells;
				t->ncells[t->n] = ncells;
				t->line[t->n] = row_line;
				t->n++;
			}
			if (t->n > NM_FEED_ROWS) {
				buf_setf(err, "超过 %d 行，请分批导入", NM_FEED_ROWS);
				rc = ZF_ETOOBIG;
				break;
			}
			cells = NULL;
			ncells = calloc_ = 0;
			if (end_all)
				break;
			if (ch == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			i++;
			line++;
			row_line = line;
			continue;
		}
		rc = buf_addch(&field, ch);
		if (rc)
			break;
		i++;
	}
	buf_free(&field);
	return rc;
}

/* ---------------------------------------------------------------- feeds */

static bool named(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

static const xmlNode *child(const xmlNode *n, const char *local)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (named(c, local))
			return c;
	return NULL;
}

/* The text of a node (CDATA included), from the arena; "" for NULL. */
static const char *text_of(struct arena *a, const xmlNode *n)
{
	if (!n)
		return "";
	xmlChar *t = xmlNodeGetContent(n);
	const char *r = arena_strdup(a, t ? (const char *)t : "");
	xmlFree(t);
	return r;
}

/* An entry's link: RSS <link>text</link>; Atom <link rel="alternate" href=…> (or without
 * rel). */
static const char *link_of(struct arena *a, const xmlNode *e, bool atom)
{
	if (!atom)
		return trimmed(a, text_of(a, child(e, "link")),
			       strlen(text_of(a, child(e, "link"))));
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (!named(c, "link"))
			continue;
		xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
		bool alt = !rel || !strcmp((const char *)rel, "alternate");
		xmlFree(rel);
		if (!alt)
			continue;
		xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
		const char *r = arena_strdup(a, href ? (const char *)href : "");
		xmlFree(href);
		return r ? trimmed(a, r, strlen(r)) : NULL;
	}
	return "";
}

static int feed_entry(const xmlNode *e, bool atom, int num, struct arena *a, struct nm_item *it,
		      struct buf *err)
{
	it->line = num;
	const xmlNode *body = atom ? child(e, "content") : child(e, "encoded");
	if (!body)
		body = atom ? child(e, "summary") : child(e, "description");
	const char *b = text_of(a, body);
	it->body = b ? body_text(a, b, strlen(b)) : NULL;
	const char *t = text_of(a, child(e, "title"));
	if (!it->body || !t)
		return ZF_ENOMEM;
	it->title = one_line(a, *skip_spaces(t) ? t : it->body, *skip_spaces(t) ? 1000 : 60);
	it->url = link_of(a, e, atom);
	if (!it->title || !it->url)
		return ZF_ENOMEM;
	if (!*it->title) {
		buf_setf(err, "第%d条：没有标题", num);
		return ZF_EPARSE;
	}
	const char *when = NULL;
	static const char *const tags[] = {"pubDate", "published", "date", "updated", "issued"};
	for (size_t i = 0; i < ARRAY_SIZE(tags) && (!when || !*when); i++)
		when = text_of(a, child(e, tags[i]));
	char at[17];
	if (!when || !nm_feed_time(when, &it->day, at)) {
		buf_setf(err, "第%d条：发布时间“%.40s”无法识别", num,
			 when && utf8_valid(when, strlen(when)) ? when : "");
		return ZF_EPARSE;
	}
	it->at = arena_strdup(a, at);
	return it->at ? 0 : ZF_ENOMEM;
}

static int feed_read(const char *s, size_t n, struct arena *a, struct nm_items *out,
		     struct buf *err)
{
	/* refused before libxml2 sees it: no entity is ever defined, let alone expanded */
	if (memmem(s, n, "<!DOCTYPE", 9) || memmem(s, n, "<!ENTITY", 8)) {
		buf_setf(err, "订阅内容含有文档类型定义（DTD），已拒绝");
		return ZF_EPARSE;
	}
	if (n > INT_MAX)
		return ZF_ETOOBIG;
	xmlDoc *doc = xmlReadMemory(s, (int)n, "feed.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		buf_setf(err, "订阅内容不是正确的 XML");
		return ZF_EPARSE;
	}
	int rc = 0;
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (doc->intSubset || doc->extSubset || !root) {
		buf_setf(err, "订阅内容含有文档类型定义或为空，已拒绝");
		rc = ZF_EPARSE;
		goto done;
	}
	bool atom = named(root, "feed");
	const xmlNode *holder = atom		     ? root
				: named(root, "rss") ? child(root, "channel")
				: named(root, "RDF") ? root
						     : NULL;
	if (!holder) {
		buf_setf(err, "不是 RSS 或 Atom 订阅（根元素为“%.40s”）",
			 utf8_valid((const char *)root->name, strlen((const char *)root->name))
			     ? (const char *)root->name
			     : "?");
		rc = ZF_EPARSE;
		goto done;
	}
	out->kind = atom ? NM_FEED_ATOM : NM_FEED_RSS;
	size_t count = 0;
	const char *item = atom ? "entry" : "item";
	for (const xmlNode *c = holder->children; c; c = c->next)
		count += named(c, item);
	if (count > NM_FEED_ROWS) {
		buf_setf(err, "超过 %d 条，请分批导入", NM_FEED_ROWS);
		rc = ZF_ETOOBIG;
		goto done;
	}
	out->v = arena_alloc(a, (count + 1) * sizeof(*out->v));
	if (!out->v) {
		rc = ZF_ENOMEM;
		goto done;
	}
	int num = 0;
	for (const xmlNode *c = holder->children; c && !rc; c = c->next)
		if (named(c, item) && !(rc = feed_entry(c, atom, ++num, a, &out->v[out->n], err)))
			out->n++;
done:
	xmlFreeDoc(doc);
	return rc;
}

/* ---------------------------------------------------------------- the front */

static int xlsx_table_read(const char *data, size_t len, struct arena *a, struct table *t,
			   struct buf *err)
{
	struct xlsx_sheet sh;
	int rc = xlsx_read(data, len, NULL, a, &sh, err);
	if (rc)
		return rc;
	if (sh.nrows > NM_FEED_ROWS) {
		buf_setf(err, "超过 %d 行，请分批导入", NM_FEED_ROWS);
		return ZF_ETOOBIG;
	}
	t->rows = arena_alloc(a, (sh.nrows + 1) * sizeof(*t->rows));
	t->ncells = arena_alloc(a, (sh.nrows + 1) * sizeof(*t->ncells));
	t->line = arena_alloc(a, (sh.nrows + 1) * sizeof(*t->line));
	if (!t->rows || !t->ncells || !t->line)
		return ZF_ENOMEM;
	for (size_t i = 0; i < sh.nrows; i++) {
		t->rows[i] = sh.rows[i].cells;
		t->ncells[i] = sh.rows[i].ncells;
		t->line[i] = sh.rows[i].num;
	}
	t->n = sh.nrows;
	return 0;
}

int nm_feed_parse(const char *data, size_t len, struct arena *a, struct nm_items *out,
		  struct buf *err)
{
	memset(out, 0, sizeof(*out));
	if (len > NM_FEED_MAX) {
		buf_setf(err, "文件超过 %u MB", NM_FEED_MAX >> 20);
		return ZF_ETOOBIG;
	}
	if (!len) {
		buf_setf(err, "文件是空的");
		return ZF_EPARSE;
	}
	struct table t = {0};
	if (len >= 4 && !memcmp(data, "PK\x03\x04", 4)) {
		out->kind = NM_FEED_XLSX;
		int rc = xlsx_table_read(data, len, a, &t, err);
		return rc ? rc : from_table(&t, a, out, err);
	}
	struct buf text = BUF_INIT;
	struct decode_info info;
	int rc = ingest_decode(data, len, &text, &info);
	if (!rc && info.binary) {
		buf_setf(err, "不是文字文件（CSV）、Excel 文件或订阅内容");
		rc = ZF_EPARSE;
	}
	const char *s = text.p ? text.p : "";
	size_t n = text.len;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3, n -= 3;
	size_t k = 0;
	while (k < n && isspace((unsigned char)s[k]))
		k++;
	if (!rc && k < n && s[k] == '<') {
		/* XML in the encoding it declares: hand libxml2 the original bytes when they were
		 * not UTF-8 (it reads the declaration); else the text */
		rc = info.enc == ENC_UTF8 || info.enc == ENC_UTF8_BOM
			 ? feed_read(s + k, n - k, a, out, err)
			 : feed_read(data, len, a, out, err);
	} else if (!rc) {
		out->kind = NM_FEED_CSV;
		rc = csv_read(s, n, a, &t, err);
		if (!rc)
			rc = from_table(&t, a, out, err);
	}
	if (rc == ZF_ETOOBIG && err && !err->len)
		buf_setf(err, "文件太大");
	buf_free(&text);
	return rc;
}
