/* agencies.h: managing the agency tree of an installation (beyond db.h's bare tree): an
 * agency's particulars (short name, 统一社会信用代码, 机构代码, 公共企事业单位 and its 主管部门,
 * contacts, office hours, sort order), moving it, closing it (history stays), and the site's
 * settings (the 国办发〔2017〕47号 footer items and the root agency). Every write is
 * all-or-nothing and audited; refusals carry a Chinese reason. Written once for both
 * engines (agencies.c). */
#ifndef ZF_STORE_AGENCIES_H
#define ZF_STORE_AGENCIES_H

#include "store/db.h"

/* The classes shown to people: the stored kind, with 'other' refined into 公共企事业单位. */
enum agency_class {
	AGENCY_CLASS_GOVERNMENT, /* 人民政府 */
	AGENCY_CLASS_DEPARTMENT, /* 部门 */
	AGENCY_CLASS_TOWN,	 /* 乡镇（街道） */
	AGENCY_CLASS_PUBLIC,	 /* 公共企事业单位 (with its 主管部门) */
	AGENCY_CLASS_OTHER,	 /* 其他 */
	AGENCY_CLASSES
};
/* The stable key ("government", "department", "town", "public_unit", "other"). */
const char *agency_class_key(enum agency_class c);
/* The Chinese label (人民政府、部门、乡镇（街道）、公共企事业单位、其他). */
const char *agency_class_label(enum agency_class c);
/* Parses a key or a label (also 政府、乡镇、街道、事业单位、企事业单位): 0 or ZF_EINVAL. */
int agency_class_parse(const char *s, enum agency_class *out);

/* Checks a 统一社会信用代码 (18 characters, GB 32100-2015 check character): true, or false
 * with a Chinese reason in err (may be NULL). */
bool agency_credit_code_valid(const char *code, struct buf *err);

/* An agency with its particulars. Strings are "" when not given (never NULL when read). */
struct agency_info {
	long long id;
	long long parent_id; /* 0 for a root */
	const char *name;
	enum agency_class cls;
	const char *short_name;	 /* 简称, the prefix of letter numbers (示政信) */
	const char *credit_code; /* 统一社会信用代码 */
	const char *org_code;	 /* 机构代码 of the 索引号 (9 or 18 characters) */
	long long supervisor_id; /* 主管部门 of a 公共企事业单位; 0 = none */
	const char *phone, *email, *address, *hours;
	int sort_order;
	zf_day closed_on; /* 0 while open */
	const char *closed_reason;
	/* read only */
	int depth;		     /* in lists: 0 for a root */
	const char *parent_name;     /* "" for a root */
	const char *supervisor_name; /* "" when none */
};

/* Adds an agency under in->parent_id (0: a root, refused when one exists and allow_root is
 * false) with its particulars; the id goes to *id (may be NULL). Refused (ZF_EINVAL, reason
 * in err): an empty or over-long name, a name taken under the same parent, an unknown or
 * closed parent or supervisor, a bad or taken credit or organisation code. An org_code also
 * becomes the agency's 索引号 code (doc_settings), so it can publish. Audited. */
int store_agency_create(struct store *st, const char *actor, const struct agency_info *in,
			bool allow_root, long long *id, struct buf *err);
/* Rewrites the particulars and name of agency in->id (its parent stays: see move; closing:
 * see close). Same checks as create; ZF_ENOENT for no such agency. */
int store_agency_edit(struct store *st, const char *actor, const struct agency_info *in,
		      struct buf *err);
/* Moves agency id under new_parent. Refused: a root, a parent inside its own subtree (a
 * cycle), a closed parent, a name taken under the new parent. */
int store_agency_move(struct store *st, const char *actor, long long id, long long new_parent,
		      struct buf *err);
/* Closes agency id from day `on` with a reason (required): it stays, with its history,
 * and is hidden from new work. Refused: the site's root, an agency with open subordinates,
 * one already closed. */
int store_agency_close(struct store *st, const char *actor, long long id, zf_day on,
		       const char *reason, struct buf *err);
/* One agency with its particulars: 0 or ZF_ENOENT; strings from arena. */
int store_agency_get(struct store *st, struct arena *arena, long long id, struct agency_info *out);
/* Every agency in tree order (siblings by sort order, then id), with particulars and depth;
 * the array and strings from arena. */
int store_agency_list_full(struct store *st, struct arena *arena, struct agency_info **out,
			   size_t *n);
/* Finds an agency by its 机构代码, its 统一社会信用代码, or (when unique) its name: 0 and *id,
 * ZF_ENOENT, or ZF_EEXIST when the name is not unique. */
int store_agency_find(struct store *st, const char *key, long long *id);
/* The checks of create/edit that need no database: 0 or ZF_EINVAL (reason in err). */
int store_agency_info_check(const struct agency_info *in, struct buf *err);
/* The agency holding a code (which: "org_code" or "credit_code"); *id = 0 when none. */
int store_agency_code_owner(struct store *st, const char *which, const char *code, long long *id);
/* The day agency id was closed (0 while open or unknown). */
int store_agency_closed_on(struct store *st, long long id, zf_day *on);
/* True (in *closed) when agency id is closed. */
int store_agency_closed(struct store *st, long long id, bool *closed);

/* ---- site settings (国办发〔2017〕47号: 网站名称, 主办单位, 承办单位, 网站标识码, ICP 备案号,
 * 公安机关备案号, 党政机关网站标识, 联系我们) ---- */
struct site_settings {
	const char *site_name;	  /* 网站名称 */
	const char *host_org;	  /* 主办单位 */
	const char *operator_org; /* 承办单位 */
	const char *site_code;	  /* 网站标识码 (10 characters) */
	const char *icp;	  /* ICP 备案号, e.g. 京ICP备12345678号 */
	const char *psb;	/* 公安机关备案号, e.g. 京公网安备 11010102000001号 */
	const char *psb_code;	/* its number, for the link to beian.mps.gov.cn */
	const char *conac_code; /* 党政机关网站标识 number, for the link to bszs.conac.cn */
	const char *contact_phone;
	const char *contact_email;
	long long root_agency_id; /* 0 = not set */
};
/* Reads the settings (every string "" when unset; strings from arena). st NULL: all unset. */
int store_site_settings_get(struct store *st, struct arena *arena, struct site_settings *out);
/* Writes every field (NULL = ""): checks lengths, the 网站标识码 shape, the numbers' shapes,
 * the e-mail shape and that the root agency exists. 0, ZF_EINVAL (reason in err). Audited
 * ("site.settings"). */
int store_site_settings_set(struct store *st, const char *actor, const struct site_settings *in,
			    struct buf *err);

/* The address that verifies a 党政机关网站标识 number at conac.cn (static or from a
 * thread-local buffer), or "" when code is empty or not letters and digits. */
const char *site_conac_url(const char *code);

/* ---- first setup ---- */

/* True (in *empty) when the database has no agency and no user: a fresh installation. */
int store_install_empty(struct store *st, bool *empty);
struct install_request {
	const char *admin_login, *admin_name, *password;
	struct agency_info root;   /* parent_id ignored */
	struct site_settings site; /* root_agency_id ignored */
};
/* Sets up an empty database: the root agency, its administrator (role admin on it) and the
 * site settings, all or nothing. ZF_EEXIST when there already is an agency or a user;
 * ZF_EINVAL for a refused field (reason in err). */
int store_install(struct store *st, const char *actor, const struct install_request *in,
		  long long *root_id, long long *admin_id, struct buf *err);

/* ---- bulk import of an agency tree ---- */

/* One row of an import sheet (strings borrowed, NULL = empty). */
struct agency_import_row {
	int line; /* the row number shown in the report (the sheet's row) */
	const char *name, *short_name, *parent, *cls, *credit_code, *org_code, *phone, *address,
	    *hours;
};
/* A refused row and why. */
struct agency_import_problem {
	int line;
	const char *name;
	const char *reason; /* Chinese */
};
struct agency_import_report {
	size_t added;
	struct agency_import_problem *bad; /* from arena */
	size_t nbad;
};
/* Adds the good rows of rows[0..n) in one transaction: each row's parent (上级机构) is the
 * name or code of an existing agency or of another row (in any order). Bad rows (missing
 * name or parent, unknown class, bad or duplicate code, a row whose parent row was bad, a
 * cycle among rows) are named in the report and left out; the rest are added. On a database
 * error nothing is written and the error is returned. With a scope (the agencies a console
 * administrator holds the admin role over), existing parents must lie in their subtrees and
 * no root is created; NULL: any agency. */
int store_agency_import(struct store *st, const char *actor, struct arena *arena,
			const long long *scope, size_t nscope, const struct agency_import_row *rows,
			size_t n, struct agency_import_report *report);
/* The columns of an import sheet, in the template's order. */
#define AGENCY_IMPORT_COLUMNS 9
extern const char *const agency_import_headers[AGENCY_IMPORT_COLUMNS];
/* Reads the first sheet of an .xlsx workbook (a header row naming the columns above, 名称 and
 * 上级机构 required, in any order, then one agency a row) and imports it as
 * store_agency_import. ZF_EPARSE etc. with a Chinese reason in err for a file that cannot be
 * read; the refused rows are in the report. */
int store_agency_import_xlsx(struct store *st, const char *actor, struct arena *arena,
			     const long long *scope, size_t nscope, const void *data, size_t len,
			     struct agency_import_report *report, struct buf *err);

#endif
