/* site.c: the demo installation's particulars (see site.h). */
#include "common.h"
#include "demo/site.h"
#include "arena.h"
#include "store/agencies.h"
#include "store/docs.h"

/* The demo agencies' particulars: their short names also make the demo's letter numbers
 * (demo_short_name), so seeded letters and new ones carry the same prefix. */
static const struct {
	const char *name, *short_name, *phone, *address;
} demo[] = {
    {"示例区人民政府", "示政", "000-8766 0000", "示例区人民路 1 号"},
    {"示例区人民政府办公室", "示政办", "000-8766 0001", "示例区人民路 1 号"},
    {"示例区住房和城乡建设局", "示住建", "000-8766 3100", "示例区示例路 18 号"},
    {"示例区教育局", "示教", "000-8766 3200", "示例区学府路 6 号"},
    {"示例街道办事处", "示街", "000-8766 5100", "示例区示例街 2 号"},
};

const char *demo_short_name(const char *agency)
{
	for (size_t k = 0; k < ARRAY_SIZE(demo); k++)
		if (!strcmp(demo[k].name, agency))
			return demo[k].short_name;
	return NULL;
}

int demo_seed_site(struct store *st, bool *seeded)
{
	*seeded = false;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct buf err = BUF_INIT;
	int rc = store_write_begin(st);
	struct site_settings s;
	if (!rc)
		rc = store_site_settings_get(st, a, &s);
	struct agency_info *list = NULL;
	size_t n = 0;
	if (!rc && !*s.site_name)
		rc = store_agency_list_full(st, a, &list, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		struct agency_info x = list[i];
		if (*x.short_name || *x.org_code)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(demo); k++) {
			if (strcmp(demo[k].name, x.name) != 0)
				continue;
			const char *org = NULL, *tmpl = NULL;
			if (store_doc_settings_get(st, a, x.id, &org, &tmpl) == 0) {
				x.org_code = org;
				if (strlen(org) == 18)
					x.credit_code = org;
			}
			x.short_name = demo[k].short_name;
			x.phone = demo[k].phone;
			x.address = demo[k].address;
			x.hours = "工作日 上午 9:00—12:00，下午 13:30—17:00";
			rc = store_agency_edit(st, "system", &x, &err);
		}
	}
	if (!rc && !*s.site_name && n) {
		struct site_settings w = {
		    .site_name = "示例区人民政府信息公开",
		    .host_org = "示例区人民政府办公室",
		    .operator_org = "示例区大数据发展中心",
		    .site_code = "9999000001",
		    .icp = "示ICP备20260001号",
		    .psb = "示公网安备 99010102000001号",
		    .psb_code = "99010102000001",
		    .contact_phone = "000-8766 0000",
		    .contact_email = "gk@shiliqu.gov.example",
		    .root_agency_id = list[0].id,
		};
		rc = store_site_settings_set(st, "system", &w, &err);
		if (!rc)
			*seeded = true;
	}
	rc = store_write_end(st, rc);
	if (rc)
		*seeded = false;
	buf_free(&err);
	arena_free(a);
	return rc;
}
