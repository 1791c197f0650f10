/* fuzz_site_rules.c: libFuzzer target for the 政府信息公开制度 text an administrator types
 * (web/site_rules.h, store/site_texts.h) and the pager's arithmetic (web/pager.h). Input:
 * the text. A text the checks accept is laid out; the output must be valid UTF-8 whose only
 * tags are <h2> and <p>. The first bytes also drive pager_items: its entries must rise, hold
 * the current page, first and last, and stay within PAGER_ITEMS_MAX. */
#include "common.h"
#include "store/site_texts.h"
#include "utf8.h"
#include "web/pager.h"
#include "web/site_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_pager(const uint8_t *data, size_t size)
{
	if (size < 2)
		return;
	size_t pages = data[0] + 1, page = data[1];
	size_t v[PAGER_ITEMS_MAX];
	size_t n = pager_items(page, pages, v);
	if (pages <= 1) {
		if (n)
			BUG("a single page has a pager");
		return;
	}
	size_t at = pager_clamp(page, pages);
	bool seen = false;
	if (n > PAGER_ITEMS_MAX || v[0] != 1 || v[n - 1] != pages)
		BUG("pager bounds");
	for (size_t i = 0; i < n; i++) {
		seen |= v[i] == at;
		if (i && v[i] && v[i - 1] && v[i] <= v[i - 1])
			BUG("pager entries do not rise");
	}
	if (!seen)
		BUG("the current page is not shown");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_pager(data, size);
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (strlen(text) == size && site_text_ok(text, NULL)) {
		struct buf w = BUF_INIT;
		site_rules_html(&w, text);
		const char *out = buf_cstr(&w);
		if (!w.failed && !utf8_valid(out, w.len))
			BUG("site_rules_html wrote invalid UTF-8");
		for (const char *p = out; (p = strchr(p, '<')); p++)
			if (strncmp(p, "<h2>", 4) && strncmp(p, "</h2>", 5) &&
			    strncmp(p, "<p>", 3) && strncmp(p, "</p>", 4))
				BUG("a tag that is not ours: %.20s", p);
		buf_free(&w);
	}
	free(text);
	return 0;
}
