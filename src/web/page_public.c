/* page_public.c: what the public pages share: the server's calendar, the throttles, masks
 * and dates (see page_public.h). */
#include "common.h"
#include "arena.h"
#include "law/calendar.h"
#include "log.h"
#include "page_public.h"
#include "render/html.h"
#include "store/auth.h"
#include "utf8.h"

#include <pthread.h>
#include <time.h>

/* ---------------------------------------------------------------- calendar */

/* The file `zfxxgk calendar add` writes (cli.h CLI_CALENDAR_FILE); read here directly, since
 * the web layer does not reach into the command line's code. */
#define CALENDAR_ADDITIONS "var/calendar.tsv"

static struct calendar *server_cal;
static pthread_once_t cal_once = PTHREAD_ONCE_INIT;

static void load_calendar(void)
{
	struct calendar *cal = cal_new();
	struct buf err = BUF_INIT, text = BUF_INIT;
	if (!cal)
		return;
	if (cal_load_builtin(cal, &err)) {
		log_error("calendar: %s", buf_cstr(&err));
		goto done;
	}
	const char *env = getenv("ZFXXGK_CALENDAR");
	const char *path = env && *env ? env : CALENDAR_ADDITIONS;
	int rc = buf_read_file(&text, path, 16u << 20);
	if (rc == 0) {
		/* a broken additions file must not stop the site: the national table still holds */
		buf_reset(&err);
		if (cal_load_tsv(cal, buf_str(&text), path, &err))
			log_error("calendar additions ignored path=\"%s\" error=\"%s\"", path,
				  buf_cstr(&err));
	} else if (rc != ZF_ENOENT && rc != ZF_EIO) {
		log_warn("calendar additions unreadable path=\"%s\"", path);
	}
done:
	buf_free(&err);
	buf_free(&text);
	server_cal = cal;
}

const struct calendar *public_calendar(void)
{
	pthread_once(&cal_once, load_calendar);
	return server_cal;
}

/* ---------------------------------------------------------------- throttles */

static const struct {
	const char *kind; /* the counter's name in the database */
	int max;
	int window; /* seconds */
} limits[THROTTLE_KINDS] = {
    [THROTTLE_QUERY_FAIL] = {"query_fail", 10, 15 * 60},
    [THROTTLE_APPLY] = {"apply", 20, 60 * 60},
};

int public_throttled(struct store *db, enum public_throttle kind, const char *ip, time_t now,
		     bool *over)
{
	*over = false;
	if (!ip || (unsigned)kind >= THROTTLE_KINDS)
		return 0;
	int hits = 0;
	int rc = store_throttle_get(db, limits[kind].kind, ip, limits[kind].window, now, &hits);
	if (rc)
		return rc;
	*over = hits >= limits[kind].max;
	return 0;
}

int public_throttle_count(struct store *db, enum public_throttle kind, const char *ip, time_t now)
{
	if (!ip || (unsigned)kind >= THROTTLE_KINDS)
		return 0;
	return store_throttle_hit(db, limits[kind].kind, ip, limits[kind].window, now, NULL);
}

/* ---------------------------------------------------------------- text */

const char *public_mask(struct arena *a, const char *s, size_t keep_head, size_t keep_tail)
{
	if (!s || !*s)
		return "";
	size_t len = strlen(s), n = utf8_count(s, len);
	if (n <= keep_head + keep_tail)
		return arena_strdup(a, s);
	struct buf b = BUF_INIT;
	size_t i = 0;
	for (const char *p = s; *p; i++) {
		uint32_t cp;
		size_t l = utf8_decode(p, strlen(p), &cp);
		if (l == 0)
			l = 1;
		if (i < keep_head || i >= n - keep_tail)
			buf_add(&b, p, l);
		else
			buf_addch(&b, '*');
		p += l;
	}
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out ? out : "";
}

void public_date(struct buf *w, zf_day d)
{
	struct ymd t = date_to_ymd(d);
	html_txtf(w, "%d年%d月%d日（%s）", t.y, t.m, t.d, date_weekday_zh(d));
}
