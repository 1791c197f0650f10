/* newmedia_feed.h: the posts of a 政务新媒体 account as they come from outside: a platform's
 * export (CSV in UTF-8 or GBK, comma, tab or semicolon separated; or an .xlsx workbook) with
 * columns named in the usual variants (标题/文章标题, 发布时间/群发时间/日期, 链接/原文链接/URL,
 * 正文/内容/摘要), or a feed (RSS 2.0, RSS 1.0, Atom). HTML in a post's text is turned into
 * text. Times in the usual Chinese and feed shapes (2026-12-01 10:00, 2026/12/1,
 * 2026年12月1日, RFC 822, ISO 8601 with a zone, Excel serial days) are read as Beijing time.
 *
 * Outside input: the file is capped (NM_FEED_MAX), a DTD is refused (no entity is ever
 * expanded), and every failure gets one Chinese line naming the row or element. Pure apart
 * from libxml2 and libzip; everything is allocated from the arena. */
#ifndef ZF_INGEST_NEWMEDIA_FEED_H
#define ZF_INGEST_NEWMEDIA_FEED_H

#include "buf.h"
#include "date.h"

#include <stdbool.h>

struct arena;

#define NM_FEED_MAX  (16u << 20) /* bytes of a file or feed */
#define NM_FEED_ROWS 20000	 /* posts read at most */

enum nm_feed_kind {
	NM_FEED_CSV,
	NM_FEED_XLSX,
	NM_FEED_RSS,
	NM_FEED_ATOM,
};
const char *nm_feed_kind_label(enum nm_feed_kind k); /* "CSV 文件" "Excel 文件" "RSS 订阅" … */

struct nm_item {
	const char *title; /* one line; from the text's start when the export has none */
	const char *body;  /* text, "" when none */
	const char *url;   /* as given (checked by the store), "" when none */
	zf_day day;	   /* Beijing date */
	const char *at;	   /* "YYYY-MM-DD HH:MM" Beijing, or "" when only a date */
	int line;	   /* the row (CSV/xlsx) or the entry's number (feeds), 1-based */
};

struct nm_items {
	enum nm_feed_kind kind;
	struct nm_item *v;
	size_t n;
	size_t blank; /* rows skipped because they were empty */
};

/* Reads data[0..len) as a post export or a feed, judged from its content. 0, or ZF_EPARSE /
 * ZF_ETOOBIG / ZF_ENOMEM with one Chinese line in err: no title or time column, a row or
 * entry without a title or a time that cannot be read ("第N行：…"), not a feed, a DTD. */
int nm_feed_parse(const char *data, size_t len, struct arena *a, struct nm_items *out,
		  struct buf *err);

/* Reads a time as found in exports and feeds (see above) as a Beijing date and, when it has
 * a time of day, "YYYY-MM-DD HH:MM" in at (17 bytes; "" otherwise). False when it is none. */
bool nm_feed_time(const char *s, zf_day *day, char at[17]);

#endif
