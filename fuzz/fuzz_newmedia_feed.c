/* fuzz_newmedia_feed.c: libFuzzer target for the posts of a 政务新媒体 account from outside
 * (ingest/newmedia_feed.h): CSV exports, .xlsx workbooks, RSS and Atom feeds, and the time
 * shapes. Whatever the bytes, the reader answers in bounded time and memory; an accepted
 * post has a title of valid UTF-8 on one line and a date, and a refusal says why. */
#include "common.h"
#include "arena.h"
#include "ingest/newmedia_feed.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	struct nm_items it;
	int rc = nm_feed_parse((const char *)data, size, a, &it, &err);
	if (rc && !err.len && rc != ZF_ENOMEM)
		BUG("refused (%d) without a reason", rc);
	for (size_t i = 0; !rc && i < it.n; i++) {
		const struct nm_item *p = &it.v[i];
		if (!p->title || !*p->title || !p->day || !p->body || !p->url || !p->at)
			BUG("post %zu without its title, date or strings", i);
		if (strchr(p->title, '\n'))
			BUG("a title over two lines");
	}
	/* the time reader alone, on a NUL-terminated copy */
	char s[80];
	size_t n = size < sizeof(s) - 1 ? size : sizeof(s) - 1;
	memcpy(s, data, n);
	s[n] = '\0';
	zf_day d;
	char at[17];
	if (nm_feed_time(s, &d, at) && *at && strlen(at) != 16)
		BUG("a time of day of another shape: %s", at);
	buf_free(&err);
	arena_free(a);
	return 0;
}
