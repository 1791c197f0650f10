/* fuzz_backup_header.c: libFuzzer target for the header of a backup file (store/backup.h),
 * the part of `zfxxgk restore` that reads a file from outside. A parsed header has every
 * required item, names of [a-z0-9_] and hashes of 64 hex digits, and ends inside the input;
 * written again and parsed again it is the same; a refused one has a Chinese message. */
#include "common.h"
#include "store/backup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct backup_header h;
	struct buf err = BUF_INIT;
	int rc = backup_header_parse((const char *)data, size, &h, &err);
	if (rc == 0) {
		if (h.head_len > size || !h.ntables || strlen(h.body_sha) != 64 ||
		    strspn(h.audit_head, "0123456789abcdef") != 64)
			BUG("a header accepted without what it needs");
		for (size_t i = 0; i < h.ntables; i++)
			if (!h.tables[i].name[0] ||
			    strspn(h.tables[i].name, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
				strlen(h.tables[i].name))
				BUG("a table name of other characters");
		struct buf again = BUF_INIT;
		backup_header_write(&h, &again);
		struct backup_header h2;
		struct buf err2 = BUF_INIT;
		if (backup_header_parse(again.p, again.len, &h2, &err2) ||
		    h2.ntables != h.ntables || h2.body_bytes != h.body_bytes ||
		    h2.schema != h.schema || h2.head_len != again.len)
			BUG("a header that does not read back as written");
		backup_header_free(&h2);
		buf_free(&err2);
		buf_free(&again);
		backup_header_free(&h);
	} else if (!err.len) {
		BUG("a refusal without a message");
	}
	buf_free(&err);
	return 0;
}
