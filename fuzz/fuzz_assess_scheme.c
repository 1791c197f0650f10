/* fuzz_assess_scheme.c: libFuzzer target for the 考核 scheme's text form (law/assessment.h),
 * loaded by administrators from a file or the console: whatever it accepts must check, write
 * back the same, and score any counts without breaking its bounds. */
#include "common.h"
#include "law/assessment.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct assess_scheme *sc = malloc(sizeof(*sc)), *back = malloc(sizeof(*back));
	struct buf err = BUF_INIT, text = BUF_INIT;
	if (!sc || !back)
		goto out;
	if (assess_scheme_parse((const char *)data, size, sc, &err)) {
		if (!err.len)
			BUG("a refusal without a reason");
		goto out;
	}
	if (assess_scheme_check(sc, &err))
		BUG("accepted but does not check: %s", buf_cstr(&err));
	assess_scheme_format(sc, &text);
	if (assess_scheme_parse(text.p, text.len, back, &err) || memcmp(sc, back, sizeof(*sc)))
		BUG("the text form does not read back the same");
	struct assess_input in;
	for (int m = 0; m < ASSESS_M_COUNT; m++) {
		in.num[m] = size > (size_t)m ? (long long)data[m] * 1000003LL : 0;
		in.den[m] = size > (size_t)m + 1 ? (long long)data[m + 1] : 0;
	}
	struct assess_result r;
	assess_score(sc, &in, NULL, 0, &r);
	for (size_t i = 0; i < sc->n; i++)
		if (r.item[i].points < 0 || r.item[i].points > sc->ind[i].max)
			BUG("an item scored out of its bounds");
	if (r.total > r.max_total || r.total < 0)
		BUG("a total out of bounds");
out:
	free(sc);
	free(back);
	buf_free(&err);
	buf_free(&text);
	return 0;
}
