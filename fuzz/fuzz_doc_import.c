/* fuzz_doc_import.c: libFuzzer target for the catalogue import (store_doc_import,
 * store/docs_io.c: CSV, XLSX and JSON) against a real SQLite database made once with two
 * agencies. The first byte chooses the format (0 CSV, 1 JSON, 2 XLSX), whether the import is
 * a dry run and whether the importer may write to one agency only; the rest is the file.
 * Any file is imported row by row or refused whole with a reason (ZF_EPARSE and
 * report.error); every row of the report is either imported or refused with a reason, the
 * counts add up, a dry run keeps no id, and a restricted import never writes to the other
 * agency. */
#include "common.h"
#include "arena.h"
#include "store/db.h"
#include "store/docs.h"

#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;
static long long gov, dept;

static void setup(void)
{
	char dir[] = "/tmp/zf-fuzz-docimport-XXXXXX";
	if (!mkdtemp(dir))
		BUG("mkdtemp");
	char *path = xasprintf("%s/zf.db", dir);
	struct buf err = BUF_INIT;
	if (store_open(path, &st, &err) || store_migrate(st, NULL, &err) ||
	    store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov) ||
	    store_agency_add(st, gov, "示例区住房和城乡建设局", AGENCY_DEPARTMENT, &dept))
		BUG("store: %s", buf_cstr(&err));
	buf_free(&err);
	free(path);
}

/* The database is made before the first input: the sign-ins (argon2) are slow, and an
 * input must not pay for them under -timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	ZF_UNUSED(argc);
	ZF_UNUSED(argv);
	setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const enum doc_io_format formats[] = {DOC_IO_CSV, DOC_IO_JSON, DOC_IO_XLSX};
	enum doc_io_format fmt = formats[data[0] % 3];
	bool dry = (data[0] & 4) == 0;
	bool restricted = (data[0] & 8) != 0;
	struct arena *a = arena_new(256u << 20);
	struct doc_import_report r;
	int rc = store_doc_import(st, a, "fuzz", fmt, data + 1, size - 1, dept,
				  restricted ? &dept : NULL, restricted ? 1 : 0, dry, &r);
	if (rc == ZF_EPARSE) {
		if (!r.error || !*r.error)
			BUG("refused without a reason");
	} else if (rc) {
		BUG("import failed with %d", rc);
	} else {
		if (r.imported + r.rejected != r.n)
			BUG("%zu imported + %zu refused != %zu rows", r.imported, r.rejected, r.n);
		for (size_t i = 0; i < r.n; i++) {
			const struct doc_import_line *l = &r.lines[i];
			if (!l->title || !l->reason)
				BUG("row %zu without title or reason", i);
			if (!l->ok && !*l->reason)
				BUG("row %zu refused without a reason", l->line);
			if (dry && l->id)
				BUG("a dry run kept id %lld", l->id);
			if (!dry && l->ok && l->id <= 0)
				BUG("row %zu imported without an id", l->line);
			if (!dry && l->ok && restricted) {
				struct doc d;
				if (store_doc_get(st, a, l->id, &d))
					BUG("imported document %lld not found", l->id);
				if (d.f.agency_id != dept)
					BUG("a restricted import wrote to agency %lld",
					    d.f.agency_id);
			}
		}
	}
	arena_free(a);
	return 0;
}
