/* test_integrity_cache.c: the pooled checker of the rule set in force (web/integrity_cache.h)
 * on both engines: a checker is built from the version in force, lent to one user at a time
 * and reused after its release; a version loaded meanwhile (as by another server sharing the
 * database) replaces it at the next acquire, while the lent one stays valid until released. */
#include "common.h"
#include "ingest/site_check.h"
#include "store/db.h"
#include "store/integrity.h"
#include "store_test.h"
#include "tap.h"
#include "text/scan.h"
#include "web/integrity_cache.h"

static const char set1[] = "!version\t1\nwording.a\tveto\t习进平\t习近平\n";
static const char set2[] = "!version\t2\nwording.a\tveto\t习进平\t习近平\nspam.b\tveto\t澳门葡京\n";

static long long hits(struct site_checker *c, const char *text)
{
	struct site_findings f;
	site_findings_init(&f);
	struct site_place p = {.url = "/t"};
	site_check_text(c, &p, text, strlen(text), &f);
	long long n = (long long)f.n;
	site_findings_free(&f);
	return n;
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	struct store *st = store_test_fresh("integrity_cache");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	struct buf err = BUF_INIT;
	tap_int(store_integrity_rules_load(st, "admin", set1, strlen(set1), NULL, &err), 0,
		"version 1 loaded");
	struct site_checker *a = NULL, *b = NULL, *c = NULL;
	tap_int(integrity_checker_acquire(st, &a, &err), 0, "acquire: %s", buf_cstr(&err));
	tap_ok(a && !strcmp(scan_rules_version(site_checker_rules(a)), "1"),
	       "built from version 1");
	tap_int(integrity_checker_acquire(st, &b, &err), 0, "a second user");
	tap_ok(b && b != a, "gets another checker while the first is lent");
	integrity_checker_release(b);
	tap_int(integrity_checker_acquire(st, &c, &err), 0, "acquire again");
	tap_ok(c == b, "the released checker is reused");
	integrity_checker_release(c);
	/* another server loads version 2 */
	tap_int(store_integrity_rules_load(st, "other", set2, strlen(set2), NULL, &err), 0,
		"version 2 loaded");
	tap_int(integrity_checker_acquire(st, &c, &err), 0, "acquire after the new version");
	tap_ok(c && !strcmp(scan_rules_version(site_checker_rules(c)), "2"),
	       "built from version 2");
	tap_int(hits(c, "澳门葡京欢迎你"), 1, "the new rule finds");
	tap_int(hits(a, "澳门葡京欢迎你"), 0, "the old checker, still lent, works as before");
	tap_int(hits(a, "学习习进平讲话"), 1, "and finds what version 1 finds");
	integrity_checker_release(a); /* stale: freed */
	struct site_checker *d = NULL;
	tap_int(integrity_checker_acquire(st, &d, &err), 0, "acquire once more");
	tap_ok(d && d != c && !strcmp(scan_rules_version(site_checker_rules(d)), "2"),
	       "a second checker of version 2 (the first is lent)");
	integrity_checker_release(d);
	integrity_checker_release(c);
	buf_free(&err);
	store_close(st);
	return tap_done();
}
