/* install.c: the first setup of an empty database (store_install, agencies.h): the root
 * agency, the first administrator and the site settings, in one write that first checks
 * that there is no agency and no user (two installers at once: one wins). */
#include "common.h"
#include "driver.h"
#include "store/agencies.h"
#include "store/auth.h"

int store_install_empty(struct store *st, bool *empty)
{
	long long n = 0;
	int rc = db_query_int(
	    st, "SELECT (SELECT count(*) FROM agencies) + (SELECT count(*) FROM users)", &n);
	*empty = !rc && n == 0;
	return rc;
}

int store_install(struct store *st, const char *actor, const struct install_request *in,
		  long long *root_id, long long *admin_id, struct buf *err)
{
	if (!in->admin_login || !*in->admin_login || !in->password) {
		buf_setf(err, "请给出管理员的登录名和口令");
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	bool empty = false;
	rc = store_install_empty(st, &empty);
	if (!rc && !empty) {
		buf_setf(err, "数据库中已有机构或用户：初始化只能在空数据库上进行");
		rc = ZF_EEXIST;
	}
	long long root = 0, admin = 0;
	struct agency_info r = in->root;
	r.parent_id = 0;
	if (!rc)
		rc = store_agency_create(st, actor, &r, true, &root, err);
	if (!rc)
		rc = store_user_add(st, USER_OPERATOR(actor), in->admin_login,
				    in->admin_name && *in->admin_name ? in->admin_name : "管理员",
				    root, in->password, 0, &admin, err);
	if (!rc)
		rc = store_user_grant(st, USER_OPERATOR(actor), admin, root, USER_ROLE_ADMIN, err);
	struct site_settings s = in->site;
	s.root_agency_id = root;
	if (!rc)
		rc = store_site_settings_set(st, actor, &s, err);
	if (!rc)
		rc = store_audit(st, actor, "site.install", "site", in->admin_login);
	rc = store_write_end(st, rc);
	if (!rc) {
		if (root_id)
			*root_id = root;
		if (admin_id)
			*admin_id = admin;
	}
	return rc;
}
