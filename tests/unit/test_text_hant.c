/* test_text_hant.c: traditional → simplified. The converter answers most characters from a
 * table it learns from OpenCC and sends only word-dependent runs to OpenCC; its output must
 * be OpenCC's own, byte for byte, on real reports, on whole seeds turned traditional, and on
 * the phrases where a character's form depends on its word. Offsets map back exactly. */
#include "common.h"
#include "tap.h"
#include "text/hant.h"
#include "utf8.h"

#include <opencc/opencc.h>

static const char *root(void)
{
	const char *r = getenv("ZF_ROOT");
	return r && *r ? r : ".";
}

/* Our conversion of t against OpenCC's of the whole text. */
static void same_as_opencc(struct text_hant *h, opencc_t cc, const char *t, size_t n,
			   const char *what)
{
	struct buf out = BUF_INIT;
	struct offmap m = OFFMAP_INIT;
	int rc = text_hant_convert(h, t, n, &out, &m);
	char *want = opencc_convert_utf8(cc, t, n);
	bool ok = !rc && want && strlen(want) == out.len && !memcmp(want, out.p, out.len);
	tap_ok(ok, "%s: same as OpenCC (%zu bytes)", what, out.len);
	if (!ok && want)
		for (size_t i = 0; i < out.len; i++)
			if (out.p[i] != want[i]) {
				printf("# at %zu: ours \"%.30s\" OpenCC \"%.30s\"\n", i, out.p + i,
				       want + i);
				break;
			}
	/* every ASCII digit of the output maps to the same digit of the input */
	size_t bad = 0;
	for (size_t i = 0; ok && i < out.len; i++)
		if (out.p[i] >= '0' && out.p[i] <= '9' && t[offmap_lookup(&m, i)] != out.p[i])
			bad++;
	tap_ok(ok && !bad, "%s: digits map back to themselves (%zu wrong)", what, bad);
	opencc_convert_utf8_free(want);
	buf_free(&out);
	offmap_free(&m);
}

static char *read_all(const char *rel, size_t *n)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", root(), rel);
	struct buf b = BUF_INIT;
	if (buf_read_file(&b, path, 0)) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, n);
}

int main(void)
{
	struct text_hant *h = NULL;
	opencc_t t2s = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
	opencc_t s2t = opencc_open("s2t.json");
	if (text_hant_open(&h) || t2s == (opencc_t)-1 || s2t == (opencc_t)-1) {
		tap_ok(false, "OpenCC t2s.json / s2t.json could not be opened");
		return tap_done();
	}
	static const char *const words[] = {
	    "乾隆年間天氣乾燥，於是大家沈默不語；沈先生買了傢俱。",
	    "著名的作家看著窗外，瞭解了情況，藉口離開。覆蓋、答覆、反覆。",
	    "甚麼、什麼、麼、么；徵收、宮商角徵；鍾愛、鐘錶、鍊條、鉅額。",
	    "八濛山、哪吒、畢昇、沈積、雁杳魚沈、牴觸、畫押、衹是、薹草、噁心、彷彿",
	    "𠀀𠀁混合𪚥字與發(fā)布，12件｜3 | 4\n\n空行後還有於字",
	    "",
	    "abc 123 沒有漢字以外的東西？",
	};
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		char what[32];
		snprintf(what, sizeof(what), "word-dependent text %zu", i);
		same_as_opencc(h, t2s, words[i], strlen(words[i]), what);
	}
	static const char *const files[] = {
	    "tests/data/seeds/000_a573b43c4676ce5a.txt",
	    "tests/data/seeds/001_15e719a63086d79c.txt",
	    "tests/data/seeds/002_0ae8e60dae54bef5.txt",
	    "tests/data/seeds/003_44d6bdc10f146279.txt",
	    "tests/data/seeds/004_7d9c962fed462d95.txt",
	    "tests/golden/report-parse/cases/legacy-traditional.in",
	    "tests/golden/report-parse/cases/html-word.in",
	};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		size_t n = 0;
		char *t = read_all(files[i], &n);
		if (!t || !utf8_valid(t, n)) {
			tap_ok(t != NULL, "%s read (UTF-8 files only)", files[i]);
			free(t);
			continue;
		}
		same_as_opencc(h, t2s, t, n, files[i]);
		/* the same text in traditional script, as a Taiwan or Hong Kong site has it */
		char *trad = opencc_convert_utf8(s2t, t, n);
		if (trad) {
			char what[160];
			snprintf(what, sizeof(what), "%s in traditional script", files[i]);
			same_as_opencc(h, t2s, trad, strlen(trad), what);
		}
		opencc_convert_utf8_free(trad);
		free(t);
	}
	/* the table persists across texts: a second pass gives the same answers */
	same_as_opencc(h, t2s, words[0], strlen(words[0]), "a second text with known characters");

	struct buf out = BUF_INIT;
	struct offmap m = OFFMAP_INIT;
	const char *t = "發布機構 | 12 |";
	tap_int(text_hant_convert(h, t, strlen(t), &out, &m), 0, "converts");
	tap_str(buf_cstr(&out), "发布机构 | 12 |", "to simplified");
	tap_int((long long)offmap_lookup(&m, 3), 3, "the second character maps to itself");
	buf_free(&out);
	offmap_free(&m);

	opencc_close(t2s);
	opencc_close(s2t);
	text_hant_close(h);
	return tap_done();
}
