/* fuzz_scan_rules.c: libFuzzer target for the phrase scanner (text/scan.h). The input is
 * parsed as a rule set (a set that loads is then used to scan a fixed text and the input
 * itself), and scanned as a text with a small fixed set, dated by its first bytes. Every hit
 * must lie within the text, be non-empty, start and end on character boundaries, name a rule
 * of the set, and come in order of start. A refused set must say why on one line. */
#include "common.h"
#include "text/scan.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed_rules[] = "!version\t1\n"
				  "wording.a\tveto\t习进平\t习近平\n"
				  "wording.b\tdeduct\t李克\t李克强\n"
				  "allow.b\t-\t李克强\t\t\t\t全名\n"
				  "wording.c\tsuspect\t农业部\t农业农村部\t2018-03-17\n"
				  "spam.d\tveto\tbet365\n"
				  "spam.e\tveto\tＡＢ\n"
				  "spam.f\tveto\tx\n";

static const char fixed_text[] = "习 近 平，習進平、李克强 李克 农业部 bet365 Ab x";

static bool boundary_end(const char *t, size_t n, size_t end)
{
	for (size_t k = 1; k <= 4 && k <= end; k++) {
		uint32_t cp;
		size_t q = end - k;
		if (utf8_decode(t + q, n - q, &cp) == k)
			return true;
	}
	return false;
}

static void check(const struct scan_rules *r, const char *t, size_t n, zf_day date)
{
	struct scan_hits h = {0};
	if (scan_text(r, t, n, date, &h) < 0)
		return;
	for (size_t i = 0; i < h.n; i++) {
		const struct scan_hit *x = &h.v[i];
		uint32_t cp;
		if (x->start >= x->end || x->end > n)
			BUG("hit out of bounds: %zu-%zu of %zu", x->start, x->end, n);
		if (!utf8_decode(t + x->start, n - x->start, &cp) || !boundary_end(t, n, x->end))
			BUG("hit off a character boundary: %zu-%zu", x->start, x->end);
		size_t k = (size_t)(x->rule - scan_rules_get(r, 0));
		if (k >= scan_rules_count(r) || x->rule->allow)
			BUG("hit names no rule of the set");
		if (i && h.v[i - 1].start > x->start)
			BUG("hits out of order");
	}
	scan_hits_free(&h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scan_rules *fixed;
	struct buf err = BUF_INIT;
	if (!fixed && scan_rules_parse(fixed_rules, sizeof(fixed_rules) - 1, &fixed, &err) < 0)
		BUG("the fixed set does not load: %s", buf_cstr(&err));
	const char *t = (const char *)data;
	zf_day date = size >= 2 ? (zf_day)(data[0] << 8 | data[1]) * 3 : 0;
	check(fixed, t, size, date);

	struct scan_rules *r = NULL;
	int rc = scan_rules_parse(t, size, &r, &err);
	if (rc == 0) {
		for (size_t i = 0; i < scan_rules_count(r); i++) {
			const struct scan_rule *x = scan_rules_get(r, i);
			if (scan_rules_find(r, x->id) != x)
				BUG("rule %s not found by its id", x->id);
		}
		check(r, fixed_text, sizeof(fixed_text) - 1, 0);
		check(r, t, size, date);
	} else if (r || !err.len || memchr(buf_cstr(&err), '\n', err.len) ||
		   !utf8_valid(buf_cstr(&err), err.len)) {
		BUG("a refused set must leave nothing and say why on one line");
	}
	scan_rules_free(r);
	buf_free(&err);
	return 0;
}
