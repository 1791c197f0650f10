/* fuzz_std_sheet.c: libFuzzer target for the standard catalogue's import parser
 * (ingest/std_sheet.h) and its 时限 reader (law/std_limit.h). An input starting with "PK" is
 * an .xlsx file (through xlsx_read); any other is a grid: lines of tab-separated cells, with
 * "#merge R1 C1 R2 C2" lines for merged ranges, so the fuzzer reaches the header finding, the
 * sub-header, the carry-down and the row checks quickly. Any input must be read or refused
 * with a reason; every row kept must be complete and its 时限 in range. */
#include "common.h"
#include "arena.h"
#include "ingest/std_sheet.h"
#include "ingest/xlsx.h"
#include "law/std_limit.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define GRID_ROWS  200
#define GRID_CELLS 40

/* The grid form of the input, in the arena. */
static void grid(struct arena *a, const char *p, size_t n, struct xlsx_sheet *sh)
{
	memset(sh, 0, sizeof(*sh));
	sh->name = "fuzz";
	sh->rows = arena_alloc(a, GRID_ROWS * sizeof(*sh->rows));
	sh->merges = arena_alloc(a, GRID_ROWS * sizeof(*sh->merges));
	if (!sh->rows || !sh->merges)
		return;
	int num = 0;
	for (size_t i = 0; i < n && sh->nrows < GRID_ROWS;) {
		size_t end = i;
		while (end < n && p[end] != '\n')
			end++;
		const char *line = arena_strndup(a, p + i, end - i);
		i = end + 1;
		if (!line)
			return;
		int r1, c1, r2, c2;
		if (!strncmp(line, "#merge ", 7)) {
			if (sscanf(line + 7, "%d %d %d %d", &r1, &c1, &r2, &c2) == 4 && r1 > 0 &&
			    r2 >= r1 && c1 >= 0 && c2 >= c1 && c2 < GRID_CELLS &&
			    sh->nmerges < GRID_ROWS)
				sh->merges[sh->nmerges++] = (struct xlsx_merge){
				    .r1 = r1, .r2 = r2, .c1 = (size_t)c1, .c2 = (size_t)c2};
			continue;
		}
		num++;
		const char **cells = arena_alloc(a, GRID_CELLS * sizeof(*cells));
		if (!cells)
			return;
		size_t nc = 0;
		for (const char *c = line; nc < GRID_CELLS;) {
			const char *tab = strchr(c, '\t');
			cells[nc++] = tab ? arena_strndup(a, c, (size_t)(tab - c)) : c;
			if (!cells[nc - 1])
				return;
			if (!tab)
				break;
			c = tab + 1;
		}
		sh->rows[sh->nrows++] = (struct xlsx_row){.num = num, .ncells = nc, .cells = cells};
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(1u << 26);
	struct buf err = BUF_INIT;
	struct std_sheet out;
	int rc;
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		rc = std_sheet_read_xlsx(data, size, "领域", a, &out, &err);
	} else {
		struct xlsx_sheet sh;
		grid(a, (const char *)data, size, &sh);
		rc = std_sheet_read(&sh, size % 2 ? "领域" : NULL, a, &out, &err);
	}
	if (rc && !err.len)
		BUG("refused (%d) without a reason", rc);
	for (size_t i = 0; !rc && i < out.n; i++) {
		const struct std_sheet_row *r = &out.rows[i];
		if (!r->area || !*r->area || !r->level1 || !r->level2 || !*r->level2 ||
		    !r->content || !r->subject || !*r->subject || !r->limit || !r->mode ||
		    !r->audience || !r->tier || !r->basis || !r->channel)
			BUG("row %zu incomplete", i);
		if (i && r->line <= out.rows[i - 1].line)
			BUG("rows out of order");
		struct std_limit l = std_limit_parse(r->limit);
		if ((l.kind == STD_LIMIT_WORKDAYS || l.kind == STD_LIMIT_DAYS) &&
		    (l.days < 1 || l.days > 3660))
			BUG("days %d out of range", l.days);
		if (l.kind == STD_LIMIT_YEARLY &&
		    (l.month < 1 || l.month > 12 || l.day < 0 || l.day > 31))
			BUG("yearly %d-%d out of range", l.month, l.day);
	}
	if (!rc && out.nproblems > STD_PROBLEMS_MAX)
		BUG("too many problems listed");
	buf_free(&err);
	arena_free(a);
	return 0;
}
