/* cmd_doc_takedown.c: `zfxxgk doc takedown`: 撤稿 of a published document or one of its
 * attachments from the command line (store/lists.h). Named takedown, not withdraw: `doc
 * withdraw` already takes a document back from 保密审查. */
#include "common.h"
#include "cli.h"
#include "cli_store.h"
#include "store/db.h"
#include "store/lists.h"

#include <getopt.h>

static const char help[] =
    "用法：zfxxgk doc takedown 文件编号 --reason 理由 [--mode withdrawn|removed]\n"
    "                          [--attachment 附件编号] [--db 数据库]\n\n"
    "撤稿：撤下已发布的文件或其中一个附件，记录操作人、时间和理由（须填写）。\n"
    "  withdrawn（默认）撤回：公众页面保留名称并注明“该信息已于…撤回”及理由，\n"
    "                    不再提供正文和附件；\n"
    "  removed           删除：用于个人信息泄露等情形，页面答复 410，\n"
    "                    不再显示任何内容（包括名称）。\n"
    "撤稿后文件不再出现在目录、检索、订阅和网站地图中，其索引号不再使用。\n"
    "撤稿不可撤销：如需重新公开，请作为新文件起草并经保密审查后发布。\n\n"
    "选项：\n"
    "  --reason 理由        撤稿理由（必填）\n"
    "  --mode 方式          withdrawn（撤回，默认）或 removed（删除）\n"
    "  --attachment 编号    只撤下这个附件\n"
    "  --db 数据库          SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  -h, --help           显示本帮助\n";

int cmd_doc_takedown(int argc, char **argv)
{
	static const char cmd[] = "doc takedown";
	static const struct option opts[] = {
	    {"reason", required_argument, NULL, 'r'},
	    {"mode", required_argument, NULL, 'm'},
	    {"attachment", required_argument, NULL, 'a'},
	    {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {0, 0, 0, 0},
	};
	const char *reason = NULL, *mode_s = "withdrawn", *att_s = NULL, *db = NULL;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': reason = optarg; break;
		case 'm': mode_s = optarg; break;
		case 'a': att_s = optarg; break;
		case 'd': db = optarg; break;
		case 'h': fputs(help, stdout); return CLI_OK;
		default: fputs(help, stderr); return CLI_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fputs(help, stderr);
		return cli_error(cmd, "请给出一个文件编号");
	}
	long long id, att = 0;
	if (cli_parse_id(cmd, "文件编号", argv[optind], &id) ||
	    (att_s && cli_parse_id(cmd, "附件编号", att_s, &att)))
		return CLI_USAGE;
	int mode = doc_takedown_mode_parse(mode_s);
	if (mode < 0)
		return cli_error(cmd, "撤稿方式应为 withdrawn（撤回）或 removed（删除）");
	if (!reason)
		return cli_error(cmd, "请用 --reason 写明撤稿理由");
	struct store *st = cli_store_open(cmd, db);
	if (!st)
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	int rc = store_doc_takedown(st, cli_actor(), id, att, (enum doc_takedown_mode)mode, reason,
				    &err);
	store_close(st);
	if (rc) {
		cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
		buf_free(&err);
		return rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ENOENT ? CLI_FINDINGS
									     : CLI_USAGE;
	}
	buf_free(&err);
	if (att)
		printf("已撤下文件 %lld 的附件 %lld（%s）。\n", id, att,
		       doc_takedown_mode_label((enum doc_takedown_mode)mode));
	else
		printf("已撤稿：文件 %lld（%s）。\n", id,
		       doc_takedown_mode_label((enum doc_takedown_mode)mode));
	return CLI_OK;
}
