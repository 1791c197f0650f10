/* fuzz_report_json.c: libFuzzer target for the annual-report JSON decoder and the checker.
 * Any input must either be rejected with an error message or decode into a report that the
 * checker, the merger, the JSON encoder and the HTML/CSV renderers handle; a report that
 * decodes must decode again from its own output.
 * Build: make fuzz; run: build-fuzz/fuzz_report_json fuzz/corpus/report_json */
#include "common.h"
#include "law/check.h"
#include "law/merge.h"
#include "render/report_csv.h"
#include "render/report_html.h"
#include "render/report_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = BUF_INIT, warn = BUF_INIT, out = BUF_INIT;
	struct report *r = NULL, *again = NULL, *merged = NULL;
	int rc = report_json_read((const char *)data, size, &r, &err, &warn);
	if (rc) {
		if (rc == ZF_EPARSE && err.len == 0)
			BUG("rejected without a message");
		goto done;
	}
	if (check_report(r, r) < 0)
		goto done;
	const struct report *in[] = {r, r};
	const char *names[] = {"a", "b"};
	if (!report_merge(in, names, 2, MERGE_ALLOW_MIXED_YEARS, &merged, &err))
		check_report(merged, NULL);
	report_html_write(r, &out);
	buf_reset(&out);
	report_csv_write(r, &out);
	buf_reset(&out);
	if (report_json_write(r, &out, REPORT_JSON_POSITIONS))
		goto done;
	if (report_json_read(out.p, out.len, &again, &err, &warn))
		BUG("own output does not decode: %s", buf_cstr(&err));
done:
	report_free(r);
	report_free(again);
	report_free(merged);
	buf_free(&err);
	buf_free(&warn);
	buf_free(&out);
	return 0;
}
