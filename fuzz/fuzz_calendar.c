/* fuzz_calendar.c: libFuzzer target for the calendar file parser and the deadline arithmetic.
 * Input: a calendar file; the first bytes also choose a receipt date and an extension. */
#include "common.h"
#include "law/calendar.h"
#include "law/deadline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct calendar *cal = cal_new();
	struct buf err = BUF_INIT;
	if (!cal)
		return 0;
	cal_load_tsv(cal, (struct str){(const char *)data, size}, "fuzz", &err);
	unsigned seed = 0;
	for (size_t i = 0; i < size && i < 8; i++)
		seed = seed * 31 + data[i];
	struct deadline_interval iv = {date_from_ymd(2026, 1, 1) + (zf_day)(seed % 800),
				       date_from_ymd(2026, 1, 1) + (zf_day)((seed >> 10) % 900),
				       NULL};
	struct deadline_input in = {.received = date_from_ymd(2026, 1, 1) + (zf_day)(seed % 700),
				    .extension = (int)(seed % 25),
				    .excluded = &iv,
				    .nexcluded = seed & 1};
	struct deadline_result r;
	buf_reset(&err);
	if (deadline_compute(cal, &in, &r, &err) == 0) {
		if (r.due <= r.start && r.working_days > 0)
			BUG("due date not after start");
		deadline_result_free(&r);
	}
	buf_free(&err);
	cal_free(cal);
	return 0;
}
