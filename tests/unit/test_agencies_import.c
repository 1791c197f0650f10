/* test_agencies_import.c: bulk import of an agency tree (store_agency_import and its .xlsx
 * front, store/agencies.h) on both engines: the good rows in (children before their parents
 * in the sheet too), each bad row named with its row number and reason (missing parent,
 * duplicate code in the file and against the database, bad credit code checksum, unknown
 * class, a row whose parent row was bad, a cycle); the template reads back as an empty
 * import; a database error in the middle leaves nothing at all. */
#include "common.h"
#include "arena.h"
#include "law/docno.h"
#include "render/agency_xlsx.h"
#include "store/agencies.h"
#include "store/driver.h"
#include "store_test.h"
#include "tap.h"

#include <unistd.h>
#include <xlsxwriter.h>

static char org_root[10] = "113702000", org_a[10] = "113702010", org_b[10] = "113702020";

static const char *reason_of(const struct agency_import_report *r, int line)
{
	for (size_t i = 0; i < r->nbad; i++)
		if (r->bad[i].line == line)
			return r->bad[i].reason;
	return NULL;
}

static bool has(const struct agency_import_report *r, int line, const char *needle)
{
	const char *s = reason_of(r, line);
	if (!s || !strstr(s, needle)) {
		printf("# line %d: %s\n", line, s ? s : "(not refused)");
		return false;
	}
	return true;
}

static long long find(struct store *st, const char *key)
{
	long long id = 0;
	return store_agency_find(st, key, &id) ? 0 : id;
}

static void test_rows(struct store *st, long long root)
{
	struct arena *a = arena_new(0);
	struct agency_import_report rep;
	struct agency_import_row rows[] = {
	    {.line = 2,
	     .name = "示例市第一中学",
	     .parent = "示例市教育局",
	     .cls = "公共企事业单位"},
	    {.line = 3,
	     .name = "示例市教育局",
	     .parent = "示例市人民政府",
	     .cls = "部门",
	     .short_name = "示教",
	     .org_code = org_a,
	     .phone = "0532-1"},
	    {.line = 4, .name = "示例市卫生健康委员会", .parent = org_root, .cls = "部门"},
	    {.line = 5, .name = "甲局", .parent = "不存在的政府"},
	    {.line = 6, .name = "乙局", .parent = "示例市人民政府", .org_code = org_a},
	    {.line = 7,
	     .name = "丙局",
	     .parent = "示例市人民政府",
	     .credit_code = "914403001922038217"},
	    {.line = 8, .name = "丙局下属中心", .parent = "丙局", .cls = "公共企事业单位"},
	    {.line = 9, .name = "丁局", .parent = "示例市人民政府", .cls = "委员会"},
	    {.line = 10, .name = "戊局", .parent = "示例市人民政府", .org_code = org_b},
	    {.line = 11, .name = "环甲", .parent = "环乙"},
	    {.line = 12, .name = "环乙", .parent = "环甲"},
	    {.line = 13,
	     .name = " 东湖街道 ",
	     .parent = "示例市人民政府",
	     .cls = "街道",
	     .credit_code = "9144030071526726XG"},
	    {.line = 14, .name = "", .parent = "示例市人民政府"},
	    {.line = 15, .name = "己局", .parent = ""},
	    {.line = 16, .name = "示例市卫生健康委员会", .parent = "示例市人民政府"},
	};
	long long audits = 0, audits2 = 0;
	store_audit_count(st, &audits);
	tap_int(store_agency_import(st, "admin", a, NULL, 0, rows, ARRAY_SIZE(rows), &rep), 0,
		"an import with bad rows runs");
	tap_int((long long)rep.added, 4, "the four good rows are in");
	tap_int((long long)rep.nbad, 11, "eleven rows are refused");
	long long edu = find(st, "示例市教育局");
	long long school = find(st, "示例市第一中学");
	struct agency_info x;
	tap_ok(edu && !store_agency_get(st, a, edu, &x) && x.parent_id == root &&
		   !strcmp(x.short_name, "示教") && !strcmp(x.org_code, org_a),
	       "a department under the existing root, with its particulars");
	tap_ok(school && !store_agency_get(st, a, school, &x) && x.parent_id == edu &&
		   x.cls == AGENCY_CLASS_PUBLIC,
	       "a row listed before its parent row went in under it");
	tap_ok(x.supervisor_id == edu, "a public unit's 主管部门 defaults to its parent");
	tap_ok(find(st, "示例市卫生健康委员会") != 0, "a parent named by its 机构代码");
	tap_ok(find(st, "东湖街道") != 0, "names are trimmed");
	tap_ok(has(&rep, 5, "找不到上级机构“不存在的政府”"), "line 5: missing parent");
	tap_ok(has(&rep, 6, "与第 3 行重复"), "line 6: duplicate code within the file");
	tap_ok(has(&rep, 7, "校验"), "line 7: bad credit code checksum");
	tap_ok(has(&rep, 8, "第 7 行"), "line 8: its parent row was bad");
	tap_ok(has(&rep, 9, "类别“委员会”"), "line 9: unknown class");
	tap_ok(has(&rep, 10, "已被现有机构"), "line 10: code already held in the database");
	tap_ok(has(&rep, 11, "循环") && has(&rep, 12, "循环"), "lines 11, 12: a cycle");
	tap_ok(has(&rep, 14, "名称"), "line 14: no name");
	tap_ok(has(&rep, 15, "未填写上级机构"), "line 15: no parent (the site has a root)");
	tap_ok(has(&rep, 16, "同名"), "line 16: a name twice under one parent");
	tap_ok(rep.bad[0].line == 5 && rep.bad[rep.nbad - 1].line == 16, "problems in row order");
	store_audit_count(st, &audits2);
	tap_ok(audits2 > audits, "audited");
	arena_free(a);
}

/* A row whose insertion fails in the database (not a refusal of the row): the whole import
 * is undone. */
static void test_db_failure(struct store *st)
{
	int rc =
	    store_test_is_pg()
		? db_exec(st, "CREATE FUNCTION zf_boom() RETURNS trigger LANGUAGE plpgsql AS"
			      " $$ BEGIN IF NEW.name = '故障局' THEN RAISE EXCEPTION 'boom'"
			      " USING ERRCODE = 'XX000'; END IF; RETURN NEW; END $$;"
			      " CREATE TRIGGER zf_boom BEFORE INSERT ON agencies FOR EACH ROW"
			      " EXECUTE FUNCTION zf_boom();")
		: db_exec(st, "CREATE TABLE zf_boom (x INTEGER);"
			      " CREATE TRIGGER zf_boom BEFORE INSERT ON agencies"
			      " WHEN NEW.name = '故障局' BEGIN INSERT INTO zf_boom VALUES (1); END;"
			      " DROP TABLE zf_boom;");
	tap_int(rc, 0, "a trigger that breaks one insert");
	struct buf before = BUF_INIT, after = BUF_INIT;
	store_test_dump(st, &before);
	struct arena *a = arena_new(0);
	struct agency_import_row rows[] = {
	    {.line = 2, .name = "好局一", .parent = "示例市人民政府"},
	    {.line = 3, .name = "故障局", .parent = "示例市人民政府"},
	    {.line = 4, .name = "好局二", .parent = "示例市人民政府"},
	};
	struct agency_import_report rep;
	rc = store_agency_import(st, "admin", a, NULL, 0, rows, ARRAY_SIZE(rows), &rep);
	tap_ok(rc == ZF_EDB, "the import fails with the database error (%d)", rc);
	tap_int((long long)rep.added, 0, "nothing counted as added");
	store_test_dump(st, &after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)),
	       "the database is exactly as before (no row, no audit line)");
	tap_ok(find(st, "好局一") == 0, "the good row before it is not there either");
	db_exec(st,
		store_test_is_pg() ? "DROP TRIGGER zf_boom ON agencies" : "DROP TRIGGER zf_boom");
	buf_free(&before);
	buf_free(&after);
	arena_free(a);
}

static void test_xlsx(struct store *st)
{
	struct buf tmpl = BUF_INIT, err = BUF_INIT;
	tap_int(agency_xlsx_template(&tmpl), 0, "the template is written (%zu bytes)", tmpl.len);
	struct arena *a = arena_new(0);
	struct agency_import_report rep;
	/* the template's two example rows: the first names a parent that does not exist */
	int rc = store_agency_import_xlsx(st, "admin", a, NULL, 0, tmpl.p, tmpl.len, &rep, &err);
	tap_ok(rc == 0 && rep.added == 0 && rep.nbad == 2 && rep.bad[0].line == 2 &&
		   strstr(rep.bad[0].reason, "示例县人民政府") && rep.bad[1].line == 3,
	       "the template reads back: its examples refused by row number (%s)", buf_cstr(&err));

	char path[] = "/tmp/zf-import-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Sheet1");
	/* a title row, then the header in another column order */
	worksheet_write_string(ws, 0, 0, "示例市机构名录", NULL);
	const char *head[] = {"上级机构", "名称", "类别", "统一社会信用代码", "办公时间"};
	for (int c = 0; c < 5; c++)
		worksheet_write_string(ws, 1, (lxw_col_t)c, head[c], NULL);
	const char *body[][5] = {
	    {"示例市教育局", "示例市第二中学", "公共企事业单位", "", "8:00—17:00"},
	    {"示例市人民政府", "示例市交通运输局", "部门", "914403001922038217", ""},
	    {"示例市交通运输局", "示例市公路中心", "", "", ""},
	};
	for (int r = 0; r < 3; r++)
		for (int c = 0; c < 5; c++)
			worksheet_write_string(ws, (lxw_row_t)(r + 2), (lxw_col_t)c, body[r][c],
					       NULL);
	workbook_close(wb);
	struct buf f = BUF_INIT;
	buf_read_file(&f, path, 1u << 20);
	unlink(path);
	rc = store_agency_import_xlsx(st, "admin", a, NULL, 0, f.p, f.len, &rep, &err);
	tap_int(rc, 0, "an .xlsx import (%s)", buf_cstr(&err));
	tap_ok(rep.added == 1 && rep.nbad == 2 && has(&rep, 4, "校验") && has(&rep, 5, "第 4 行"),
	       "sheet rows numbered as Excel shows them (header on row 2)");
	struct buf out = BUF_INIT;
	tap_int(agency_xlsx_report(&rep, &out), 0, "the report as .xlsx (%zu bytes)", out.len);
	const char csv[] = "名称,上级机构\n甲,乙\n";
	tap_int(store_agency_import_xlsx(st, "admin", a, NULL, 0, csv, sizeof(csv) - 1, &rep, &err),
		ZF_EPARSE, "a CSV file is refused: %s", buf_cstr(&err));
	buf_free(&out);
	buf_free(&f);
	buf_free(&tmpl);
	buf_free(&err);
	arena_free(a);
}

/* A console administrator of one department imports: parents outside its subtree are "not
 * found", its own subtree works, and no root is made. */
static void test_scope(struct store *st)
{
	struct arena *a = arena_new(0);
	long long edu = find(st, "示例市教育局");
	struct agency_import_row rows[] = {
	    {.line = 2, .name = "越权局", .parent = "示例市人民政府"},
	    {.line = 3, .name = "示例市第三中学", .parent = "示例市教育局"},
	    {.line = 4, .name = "无上级", .parent = ""},
	};
	struct agency_import_report rep;
	tap_int(store_agency_import(st, "eduadmin", a, &edu, 1, rows, ARRAY_SIZE(rows), &rep), 0,
		"an import limited to one subtree");
	tap_ok(rep.added == 1 && find(st, "示例市第三中学") != 0, "the row inside it is in");
	tap_ok(has(&rep, 2, "找不到上级机构") && find(st, "越权局") == 0,
	       "a parent outside it is not found");
	tap_ok(has(&rep, 4, "未填写上级机构"), "no root from a limited import");
	arena_free(a);
}

/* On an empty database the row without a parent becomes the root (one only). */
static void test_empty(void)
{
	struct store *st = store_test_fresh("import-empty");
	if (!st) {
		tap_ok(false, "a second fresh store");
		return;
	}
	struct arena *a = arena_new(0);
	struct agency_import_row rows[] = {
	    {.line = 2, .name = "下级局", .parent = "新县人民政府"},
	    {.line = 3, .name = "新县人民政府", .parent = "", .cls = "人民政府"},
	    {.line = 4, .name = "另一个根", .parent = ""},
	};
	struct agency_import_report rep;
	tap_int(store_agency_import(st, "init", a, NULL, 0, rows, ARRAY_SIZE(rows), &rep), 0,
		"an import into an empty database");
	struct agency_info x;
	long long root = find(st, "新县人民政府");
	tap_ok(rep.added == 2 && root && !store_agency_get(st, a, root, &x) && x.parent_id == 0 &&
		   x.cls == AGENCY_CLASS_GOVERNMENT,
	       "the row without a parent is the root, its child under it");
	tap_ok(rep.nbad == 1 && has(&rep, 4, "未填写上级机构"), "a second root is refused");
	arena_free(a);
	store_close(st);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	docno_org_code_complete(org_root);
	docno_org_code_complete(org_a);
	docno_org_code_complete(org_b);
	struct store *st = store_test_fresh("import");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	struct buf err = BUF_INIT;
	long long root = 0;
	struct agency_info r = {
	    .name = "示例市人民政府", .cls = AGENCY_CLASS_GOVERNMENT, .org_code = org_root};
	struct agency_info b = {
	    .name = "已有局", .cls = AGENCY_CLASS_DEPARTMENT, .org_code = org_b};
	tap_int(store_agency_create(st, "init", &r, true, &root, &err), 0, "a root");
	b.parent_id = root;
	tap_int(store_agency_create(st, "init", &b, false, NULL, &err), 0, "an existing agency");
	test_rows(st, root);
	test_db_failure(st);
	test_xlsx(st);
	test_scope(st);
	test_empty();
	buf_free(&err);
	store_close(st);
	return tap_done();
}
