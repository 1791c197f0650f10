/* page_static.c: /static/NAME: the stylesheet and other assets embedded from data/embed. */
#include "common.h"
#include "routes.h"
#include "embedded.h"
#include "ui_shared.h"

static const struct asset_type {
	const char *ext;
	const char *content_type;
} types[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".woff2", "font/woff2"},
};

/* Only plain names with a known extension: the embedded table also holds data files
 * (the calendar, NOTICE) that are not for the web. */
static const char *content_type_of(const char *name)
{
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_' || *p == '.'))
			return NULL;
	size_t len = strlen(name);
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		size_t elen = strlen(types[i].ext);
		if (len > elen && strcmp(name + len - elen, types[i].ext) == 0)
			return types[i].content_type;
	}
	return NULL;
}

int page_static(struct web_request *req, struct web_response *res)
{
	const char *name = req->path_args[0];
	const char *type = content_type_of(name);
	size_t len = 0;
	const unsigned char *data = type ? embedded_find(name, &len) : NULL;
	if (!data) {
		ui_error_page(req, res, 404, "文件不存在", "您请求的文件不存在。");
		return 0;
	}
	res->content_type = type;
	web_add_header(res, "Cache-Control", "public, max-age=86400");
	return buf_add(&res->body, data, len);
}
