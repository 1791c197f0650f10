/* cmd_backup.c: `zfxxgk backup` and `zfxxgk restore`: an online, consistent, verified copy of
 * the whole database, one format for both engines (store/backup.h). The backup reads one
 * snapshot of the running database (the server keeps writing) into a new SQLite file with
 * store_copy, and writes a header with what the file must hold: the body's size and SHA-256,
 * the schema version, the rows of every table and the audit chain's head. The restore checks
 * all of it before touching the target, copies into an empty target (either engine), and
 * checks the rows and the audit chain again there. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "store/audit.h"
#include "store/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sodium.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char help_backup[] =
    "用法：zfxxgk backup --out 备份文件 [--db 数据库] [--force]\n\n"
    "在线备份整个数据库（SQLite 或 PostgreSQL）：服务器照常运行、照常接收申请，备份读取\n"
    "同一时刻的一致快照。备份文件自带校验：正文的 SHA-256、结构版本、各表行数和审计日志\n"
    "哈希链的末端，恢复时逐项核对。两种引擎的备份格式相同，可以恢复到任一种引擎。\n\n"
    "  --out 文件   备份文件（已存在时拒绝覆盖，除非加 --force）\n"
    "  --db 数据库  SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  --force      覆盖已有的备份文件\n\n"
    "退出状态：0 成功；1 备份已写出，但审计日志的哈希链有断点（见 zfxxgk audit verify）；\n"
    "2 参数错误、无法读取数据库或无法写出文件。\n";

static const char help_restore[] =
    "用法：zfxxgk restore --from 备份文件 --db 数据库 [--force]\n\n"
    "从 zfxxgk backup 写出的文件恢复整个数据库。先核对备份文件（SHA-256、结构版本、各表\n"
    "行数、审计日志哈希链），全部一致才写入目标；写入后再核对一遍行数和哈希链。目标必须\n"
    "是空数据库；要覆盖已有数据，加 --force（会先删除目标中的全部表，请先停止使用该数据库\n"
    "的服务器）。\n\n"
    "  --from 文件  备份文件\n"
    "  --db 数据库  目标：SQLite 文件或 postgresql://… 地址（PostgreSQL 需事先建好空库）\n"
    "  --force      目标不是空的也恢复（删除其中的全部数据）\n\n"
    "退出状态：0 成功；1 备份文件损坏或核对不一致（目标没有改动，或恢复后核对不一致）；\n"
    "2 参数错误、无法打开数据库、目标不是空的。\n";

enum { OPT_DB = 256, OPT_OUT, OPT_FROM, OPT_FORCE };

struct args {
	const char *db, *out, *from;
	bool force;
};

static int parse(const char *cmd, const char *help, int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"out", required_argument, NULL, OPT_OUT},
	    {"from", required_argument, NULL, OPT_FROM},
	    {"force", no_argument, NULL, OPT_FORCE},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof(*a));
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: a->db = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case OPT_FROM: a->from = optarg; break;
		case OPT_FORCE: a->force = true; break;
		case 'h': fputs(help, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	return 0;
}

static void on_progress(void *ctx, const char *table, long long done, long long total)
{
	ZF_UNUSED(ctx);
	if (total > 0 && (done == total || done % 50000 == 0))
		fprintf(stderr, "  %-28s %lld/%lld 行\n", table, done, total);
}

/* SHA-256 and size of a file. */
static int file_sum(const char *path, char hex[AUDIT_HASH_HEX], long long *bytes)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return ZF_EIO;
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	unsigned char blk[65536];
	size_t n;
	*bytes = 0;
	while ((n = fread(blk, 1, sizeof(blk), f)) > 0) {
		crypto_hash_sha256_update(&h, blk, n);
		*bytes += (long long)n;
	}
	int rc = ferror(f) ? ZF_EIO : 0;
	fclose(f);
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(hex, AUDIT_HASH_HEX, d, sizeof(d));
	return rc;
}

static void remove_db_files(const char *path)
{
	char side[4096];
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-journal", path);
	unlink(side);
}

/* The header's tables and rows, schema and audit head of the body store. */
static int describe(struct store *body, struct arena *a, struct backup_header *h)
{
	const char **names;
	long long *rows;
	size_t n = 0;
	int rc = store_table_rows(body, a, &names, &rows, &n);
	if (rc)
		return rc;
	h->tables = xcalloc(n ? n : 1, sizeof(*h->tables));
	for (size_t i = 0; i < n; i++) {
		snprintf(h->tables[i].name, sizeof(h->tables[i].name), "%s", names[i]);
		h->tables[i].rows = rows[i];
	}
	h->ntables = n;
	return store_schema_version(body, &h->schema);
}

int cmd_backup(int argc, char **argv)
{
	static const char cmd[] = "backup";
	struct args a;
	int rc = parse(cmd, help_backup, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (!a.out)
		return cli_error(cmd, "请用 --out 给出备份文件（见 --help）");
	struct stat sb;
	if (!a.force && stat(a.out, &sb) == 0)
		return cli_error(
		    cmd, "备份文件“%s”已经存在：不会覆盖它。换一个文件名，或加 --force", a.out);
	struct store *src = cli_store_open(cmd, a.db ? a.db : CLI_DB_FILE);
	if (!src)
		return CLI_USAGE;
	char *tmp = xasprintf("%s.tmp-%ld.db", a.out, (long)getpid());
	char *part = xasprintf("%s.tmp-%ld", a.out, (long)getpid());
	remove_db_files(tmp);
	struct store *body = NULL;
	struct buf err = BUF_INIT;
	struct arena *ar = arena_new(0);
	struct backup_header h = {0};
	struct audit_verify v;
	int status = CLI_USAGE;
	long long chained = 0;
	if (store_open(tmp, &body, &err)) {
		cli_error(cmd, "无法在备份文件所在的目录建立临时文件：%s", buf_cstr(&err));
		goto out;
	}
	/* lines written before the chain existed get their hash first (a short write) */
	if ((rc = store_audit_chain(src, &chained))) {
		cli_error(cmd, "无法读取审计日志（%s）", zf_strerror(rc));
		goto out;
	}
	fprintf(stderr, "正在备份（%s，读取同一时刻的快照，服务器可照常运行）……\n",
		store_backend(src));
	if ((rc = store_snapshot_begin(src))) {
		cli_error(cmd, "无法在源数据库开始只读快照");
		goto out;
	}
	struct store_copy_table *tables = NULL;
	size_t nt = 0;
	rc = store_copy(src, body, ar, on_progress, NULL, &tables, &nt, &err);
	store_snapshot_end(src);
	if (rc) {
		cli_error(cmd, "%s", buf_cstr(&err));
		goto out;
	}
	if ((rc = describe(body, ar, &h)) || (rc = store_audit_verify(body, &v))) {
		cli_error(cmd, "无法读取备份中的表（%s）", zf_strerror(rc));
		goto out;
	}
	/* one self-contained file: no write-ahead log beside it */
	store_backup_seal(body);
	store_close(body);
	body = NULL;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(h.created, sizeof(h.created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(h.engine, sizeof(h.engine), "%s", store_backend(src));
	h.audit_lines = v.lines;
	memcpy(h.audit_head, v.head, AUDIT_HASH_HEX);
	if (file_sum(tmp, h.body_sha, &h.body_bytes)) {
		cli_error(cmd, "无法读取临时文件“%s”", tmp);
		goto out;
	}
	struct buf head = BUF_INIT;
	backup_header_write(&h, &head);
	FILE *in = fopen(tmp, "rb");
	int fd = open(part, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	FILE *o = fd >= 0 ? fdopen(fd, "wb") : NULL;
	bool ok = in && o && fwrite(head.p, 1, head.len, o) == head.len;
	unsigned char blk[65536];
	size_t n;
	while (ok && (n = fread(blk, 1, sizeof(blk), in)) > 0)
		ok = fwrite(blk, 1, n, o) == n;
	ok = ok && !ferror(in) && fflush(o) == 0 && fsync(fileno(o)) == 0;
	if (in)
		fclose(in);
	if (o)
		ok = fclose(o) == 0 && ok;
	else if (fd >= 0)
		close(fd);
	buf_free(&head);
	if (!ok || rename(part, a.out) != 0) {
		cli_error(cmd, "无法写出备份文件“%s”：%s", a.out, strerror(errno));
		unlink(part);
		goto out;
	}
	long long rows = 0;
	for (size_t i = 0; i < h.ntables; i++)
		rows += h.tables[i].rows;
	printf("备份完成：%s\n  引擎 %s，结构版本 %d，%zu 张表共 %lld 行，审计日志 %lld 行\n"
	       "  文件 %lld 字节，正文 SHA-256 %s\n",
	       a.out, h.engine, h.schema, h.ntables, rows, h.audit_lines, h.body_bytes, h.body_sha);
	status = CLI_OK;
	if (v.broken_id) {
		fprintf(stderr,
			"zfxxgk backup: 警告：审计日志的哈希链在第 %lld 行断开（该行或它之前的行"
			"被改动、删除或插入过），备份只记录了断点之前的 %lld 行的链；请运行 zfxxgk "
			"audit verify\n",
			v.broken_id, v.lines);
		status = CLI_FINDINGS;
	}
	store_audit(src, cli_actor(), "db.backup", a.out, h.body_sha);
out:
	if (body)
		store_close(body);
	remove_db_files(tmp);
	free(tmp);
	free(part);
	backup_header_free(&h);
	arena_free(ar);
	buf_free(&err);
	store_close(src);
	return status;
}

/* Reads the header of f: 0, or a message printed and CLI_FINDINGS. */
static int read_header(const char *cmd, FILE *f, const char *path, struct backup_header *h)
{
	char *p = xmalloc(BACKUP_MAX_HEAD);
	size_t n = fread(p, 1, BACKUP_MAX_HEAD, f);
	struct buf err = BUF_INIT;
	int rc = backup_header_parse(p, n, h, &err);
	if (rc)
		cli_error(cmd, "“%s”不能用来恢复：%s", path, buf_cstr(&err));
	buf_free(&err);
	free(p);
	if (!rc && fseek(f, (long)h->head_len, SEEK_SET) != 0)
		rc = ZF_EIO;
	return rc ? CLI_FINDINGS : 0;
}

/* The rows of the header's tables and the audit chain, in st: 0 or a message printed. */
static int check_against(const char *cmd, const char *what, struct store *st,
			 const struct backup_header *h)
{
	struct arena *ar = arena_new(0);
	const char **names;
	long long *rows;
	size_t n = 0;
	int rc = store_table_rows(st, ar, &names, &rows, &n);
	for (size_t i = 0; !rc && i < h->ntables; i++) {
		for (size_t k = 0; k < n; k++) {
			if (strcmp(names[k], h->tables[i].name))
				continue;
			if (rows[k] != h->tables[i].rows) {
				cli_error(cmd, "%s的表 %s 有 %lld 行，备份头部记录的是 %lld 行",
					  what, names[k], rows[k], h->tables[i].rows);
				rc = ZF_EDB;
			}
			break;
		}
	}
	arena_free(ar);
	if (rc)
		return rc;
	struct audit_verify v;
	if ((rc = store_audit_verify(st, &v)))
		return rc;
	if (v.broken_id || v.lines != h->audit_lines || strcmp(v.head, h->audit_head)) {
		cli_error(
		    cmd,
		    "%s的审计日志哈希链与备份头部记录的不符（核对了 %lld 行，记录的是 %lld 行%s）",
		    what, v.lines, h->audit_lines, v.broken_id ? "，链在中间断开" : "");
		return ZF_EDB;
	}
	return 0;
}

int cmd_restore(int argc, char **argv)
{
	static const char cmd[] = "restore";
	struct args a;
	int rc = parse(cmd, help_restore, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (!a.from || !a.db)
		return cli_error(cmd,
				 "请用 --from 给出备份文件、用 --db 给出目标数据库（见 --help）");
	FILE *f = fopen(a.from, "rb");
	if (!f)
		return cli_error(cmd, "无法打开备份文件“%s”：%s", a.from, strerror(errno));
	struct backup_header h;
	if ((rc = read_header(cmd, f, a.from, &h))) {
		fclose(f);
		return rc;
	}
	const char *tdir = getenv("TMPDIR");
	char *tmp =
	    xasprintf("%s/zfxxgk-restore-%ld.db", tdir && *tdir ? tdir : "/tmp", (long)getpid());
	remove_db_files(tmp);
	int status = CLI_FINDINGS;
	struct store *body = NULL, *to = NULL;
	struct buf err = BUF_INIT;
	struct arena *ar = arena_new(0);
	/* the body into a file of its own, summed on the way */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	crypto_hash_sha256_state hs;
	crypto_hash_sha256_init(&hs);
	long long got = 0;
	unsigned char blk[65536];
	size_t n;
	bool ok = fd >= 0;
	while (ok && (n = fread(blk, 1, sizeof(blk), f)) > 0) {
		crypto_hash_sha256_update(&hs, blk, n);
		got += (long long)n;
		ok = write(fd, blk, n) == (ssize_t)n;
	}
	ok = ok && !ferror(f);
	if (fd >= 0)
		close(fd);
	fclose(f);
	unsigned char d[crypto_hash_sha256_BYTES];
	char sum[AUDIT_HASH_HEX];
	crypto_hash_sha256_final(&hs, d);
	sodium_bin2hex(sum, sizeof(sum), d, sizeof(d));
	if (!ok) {
		cli_error(cmd, "无法读取备份文件或写临时文件“%s”", tmp);
		status = CLI_USAGE;
		goto out;
	}
	if (got != h.body_bytes || strcmp(sum, h.body_sha) != 0) {
		cli_error(
		    cmd,
		    "备份文件已损坏：正文%s与头部记录的不符（记录 %lld 字节，实有 %lld 字节），"
		    "文件被截断或改动过，不能用来恢复。目标数据库没有改动",
		    got != h.body_bytes ? "的长度" : "的 SHA-256 校验和", h.body_bytes, got);
		goto out;
	}
	fprintf(stderr, "备份文件校验和一致（%s，%s 创建，来自 %s）。\n", a.from, h.created,
		h.engine);
	if (store_open(tmp, &body, &err)) {
		cli_error(cmd, "备份文件的正文不是可用的数据库：%s", buf_cstr(&err));
		goto out;
	}
	int version = 0;
	if (store_schema_version(body, &version) || version != h.schema) {
		cli_error(cmd, "备份中的结构版本（%d）与头部记录的（%d）不符", version, h.schema);
		goto out;
	}
	if (version > store_schema_latest(body)) {
		cli_error(cmd, "备份的结构版本（%d）比本程序支持的（%d）新，请先升级 zfxxgk",
			  version, store_schema_latest(body));
		goto out;
	}
	if (check_against(cmd, "备份", body, &h))
		goto out;
	fprintf(stderr, "备份内容核对一致：%zu 张表的行数、审计日志 %lld 行的哈希链。\n", h.ntables,
		h.audit_lines);
	if (version < store_schema_latest(body) && store_migrate(body, NULL, &err)) {
		cli_error(cmd, "无法把备份升级到本程序的结构版本：%s", buf_cstr(&err));
		goto out;
	}
	status = CLI_USAGE;
	if (store_open(a.db, &to, &err)) {
		cli_error(cmd, "%s", buf_cstr(&err));
		goto out;
	}
	const char **names;
	long long *rows;
	size_t nt = 0;
	if (store_table_rows(to, ar, &names, &rows, &nt)) {
		cli_error(cmd, "无法读取目标数据库的表");
		goto out;
	}
	if (nt && !a.force) {
		cli_error(
		    cmd,
		    "目标数据库不是空的（已有 %zu 张表）：恢复会删除其中的全部数据。确认要覆盖，"
		    "请先停止使用它的服务器，再加 --force",
		    nt);
		goto out;
	}
	if (nt) {
		fprintf(stderr, "--force：正在清空目标数据库（%zu 张表）……\n", nt);
		if ((rc = store_wipe(to))) {
			cli_error(cmd, "无法清空目标数据库（%s）", zf_strerror(rc));
			goto out;
		}
		store_close(to);
		to = NULL;
		if (store_open(a.db, &to, &err)) {
			cli_error(cmd, "%s", buf_cstr(&err));
			goto out;
		}
	}
	fprintf(stderr, "正在恢复到 %s……\n", store_backend(to));
	struct store_copy_table *tables = NULL;
	size_t ncopied = 0;
	if (store_copy(body, to, ar, on_progress, NULL, &tables, &ncopied, &err)) {
		cli_error(cmd, "%s", buf_cstr(&err));
		goto out;
	}
	status = CLI_FINDINGS;
	if (check_against(cmd, "恢复后的数据库", to, &h))
		goto out;
	store_audit(to, cli_actor(), "db.restore", a.from, h.body_sha);
	long long total = 0;
	for (size_t i = 0; i < h.ntables; i++)
		total += h.tables[i].rows;
	printf("恢复完成：%zu 张表共 %lld 行，行数与备份一致；审计日志 %lld 行，哈希链完整。\n",
	       h.ntables, total, h.audit_lines);
	status = CLI_OK;
out:
	if (body)
		store_close(body);
	if (to)
		store_close(to);
	remove_db_files(tmp);
	free(tmp);
	backup_header_free(&h);
	arena_free(ar);
	buf_free(&err);
	return status;
}
