/* test_std_sheet.c: golden tests of the standard catalogue's sheet reader (ingest/
 * std_sheet.h). Each tests/data/stdcat/NAME.tsv is a messy sheet as clerks keep them
 * (title lines, two header lines with √ sub-columns, merged 一级事项, notes, variants of the
 * labels, bad rows); it is written to a real .xlsx by libxlsxwriter (merges included), read
 * back by std_sheet_read_xlsx and dumped; the dump must equal NAME.expected.
 * ZF_UPDATE_GOLDEN=1 rewrites the .expected files (review the diff).
 *
 * The .tsv: one line per sheet row (an empty line is an empty row), cells separated by tabs,
 * "\n" inside a cell a line break; "#merge A3:A5" merges a range; "#area 名称" is the default
 * 领域 passed in. */
#include "common.h"
#include "arena.h"
#include "ingest/std_sheet.h"
#include "tap.h"

#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

static const char *root(void)
{
	const char *r = getenv("ZF_ROOT");
	return r && *r ? r : ".";
}

/* "A3" → row 2, col 0 (0-based); false when not a reference. */
static bool ref(const char *s, int *row, int *col)
{
	*col = 0;
	int i = 0;
	while (s[i] >= 'A' && s[i] <= 'Z')
		*col = *col * 26 + (s[i++] - 'A' + 1);
	if (!i || !s[i])
		return false;
	*col -= 1;
	*row = atoi(s + i) - 1;
	return *row >= 0;
}

/* Writes the sheet of tsv to path; the default 领域 into area. */
static bool write_xlsx(const char *tsv, const char *path, char *area, size_t areacap)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "标准目录");
	int row = 0;
	*area = '\0';
	for (const char *p = tsv; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char line[4096];
		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		p += len + (end != NULL);
		if (!strncmp(line, "#merge ", 7)) {
			char a[16], b[16];
			int r1, c1, r2, c2;
			if (sscanf(line + 7, "%15[A-Z0-9]:%15[A-Z0-9]", a, b) != 2 ||
			    !ref(a, &r1, &c1) || !ref(b, &r2, &c2))
				return false;
			/* keep the first cell's text: merge_range writes its own */
			worksheet_merge_range(ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2,
					      (lxw_col_t)c2, "", NULL);
			continue;
		}
		if (!strncmp(line, "#area ", 6)) {
			snprintf(area, areacap, "%.200s", line + 6);
			continue;
		}
		int col = 0;
		for (char *c = line, *next; c; c = next, col++) {
			next = strchr(c, '\t');
			if (next)
				*next++ = '\0';
			char cell[4096];
			size_t o = 0;
			for (size_t i = 0; c[i] && o + 1 < sizeof(cell); i++) {
				if (c[i] == '\\' && c[i + 1] == 'n') {
					cell[o++] = '\n';
					i++;
				} else {
					cell[o++] = c[i];
				}
			}
			cell[o] = '\0';
			if (*cell)
				worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, cell,
						       NULL);
		}
		row++;
	}
	return workbook_close(wb) == LXW_NO_ERROR;
}

static void dump_field(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			buf_adds(b, "\\n");
		else
			buf_addch(b, *s);
	}
}

static void dump(const struct std_sheet *sh, int rc, const struct buf *err, struct buf *out)
{
	if (rc) {
		buf_printf(out, "error %d: %s\n", rc, buf_cstr(err));
		return;
	}
	for (size_t i = 0; i < sh->n; i++) {
		const struct std_sheet_row *r = &sh->rows[i];
		buf_printf(out, "%d", r->line);
		const char *f[] = {r->area,	r->level1, r->level2,  r->content,
				   r->basis,	r->limit,  r->subject, r->channel,
				   r->audience, r->mode,   r->tier};
		for (size_t k = 0; k < ARRAY_SIZE(f); k++) {
			buf_addch(out, '|');
			dump_field(out, f[k]);
		}
		buf_addch(out, '\n');
	}
	for (size_t i = 0; i < sh->nproblems; i++)
		buf_printf(out, "problem: %s\n", sh->problems[i]);
	if (sh->more_problems)
		buf_printf(out, "more problems: %zu\n", sh->more_problems);
}

static void run_case(const char *dir, const char *name, const char *tmp)
{
	char path[2048], xlsx[2048], area[256];
	snprintf(path, sizeof(path), "%.1000s/%.200s.tsv", dir, name);
	snprintf(xlsx, sizeof(xlsx), "%.1000s/%.200s.xlsx", tmp, name);
	struct buf tsv = BUF_INIT, file = BUF_INIT, err = BUF_INIT, got = BUF_INIT, want = BUF_INIT;
	if (buf_read_file(&tsv, path, 1u << 20) ||
	    !write_xlsx(buf_cstr(&tsv), xlsx, area, sizeof(area)) ||
	    buf_read_file(&file, xlsx, 16u << 20)) {
		tap_ok(false, "%s: made the workbook", name);
		goto out;
	}
	struct arena *a = arena_new(0);
	struct std_sheet sh;
	int rc = std_sheet_read_xlsx(file.p, file.len, area, a, &sh, &err);
	dump(&sh, rc, &err, &got);
	arena_free(a);
	snprintf(path, sizeof(path), "%.1000s/%.200s.expected", dir, name);
	const char *update = getenv("ZF_UPDATE_GOLDEN");
	if (update && *update == '1') {
		FILE *f = fopen(path, "w");
		if (f) {
			fputs(buf_cstr(&got), f);
			fclose(f);
		}
	}
	if (buf_read_file(&want, path, 1u << 20)) {
		tap_ok(false, "%s: no %s.expected", name, name);
		goto out;
	}
	if (!tap_ok(!strcmp(buf_cstr(&got), buf_cstr(&want)), "%s: as expected", name))
		printf("# got:\n%s", buf_cstr(&got));
out:
	unlink(xlsx);
	buf_free(&tsv);
	buf_free(&file);
	buf_free(&err);
	buf_free(&got);
	buf_free(&want);
}

int main(void)
{
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/tests/data/stdcat", root());
	char tmp[] = "/tmp/zf-stdsheet-XXXXXX";
	if (!mkdtemp(tmp))
		BUG("mkdtemp");
	DIR *d = opendir(dir);
	if (!d) {
		tap_ok(false, "open %s", dir);
		return tap_done();
	}
	char names[64][200];
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d)) && n < ARRAY_SIZE(names);) {
		size_t len = strlen(e->d_name);
		if (len > 4 && !strcmp(e->d_name + len - 4, ".tsv"))
			snprintf(names[n++], sizeof(names[0]), "%.*s",
				 (int)(len - 4 < 190 ? len - 4 : 190), e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), (int (*)(const void *, const void *))strcmp);
	tap_ok(n >= 5, "the cases (%zu)", n);
	for (size_t i = 0; i < n; i++)
		run_case(dir, names[i], tmp);
	rmdir(tmp);
	return tap_done();
}
