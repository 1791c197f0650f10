/* fuzz_xlsx.c: libFuzzer target for the .xlsx reader (uploaded agency trees): any input must
 * be read or refused with a reason, within the arena's cap, and every row's cells must be
 * strings. */
#include "common.h"
#include "arena.h"
#include "ingest/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(1u << 26);
	struct buf err = BUF_INIT;
	struct xlsx_sheet s;
	int rc = xlsx_read(data, size, NULL, a, &s, &err);
	if (rc && !err.len)
		BUG("refused (%d) without a reason", rc);
	for (size_t i = 0; !rc && i < s.nrows; i++) {
		for (size_t c = 0; c < s.rows[i].ncells; c++)
			if (!s.rows[i].cells[c])
				BUG("row %zu cell %zu is NULL", i, c);
		if (i && s.rows[i].num <= s.rows[i - 1].num)
			BUG("rows out of order");
	}
	buf_free(&err);
	arena_free(a);
	return 0;
}
