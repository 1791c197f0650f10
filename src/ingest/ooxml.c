/* ooxml.c: a size-capped, DTD-free view of an Office Open XML package (see ooxml.h). */
#include "common.h"
#include "ingest/ooxml.h"

#include <libxml/parser.h>
#include <zip.h>

int ooxml_open(struct ooxml *z, const void *data, size_t len, const char *what, size_t part_max,
	       size_t total_max, struct buf *err)
{
	memset(z, 0, sizeof(*z));
	z->err = err;
	z->what = what;
	z->part_max = part_max;
	z->total_max = total_max;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
	if (src)
		z->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	int zerr = zip_error_code_zip(&ze);
	zip_error_fini(&ze);
	if (!z->zip) {
		if (src)
			zip_source_free(src);
		if (zerr == ZIP_ER_MEMORY) {
			buf_setf(err, "内存不足，无法打开%s", what);
			return ZF_ENOMEM;
		}
		buf_setf(err, "%s无法作为压缩包打开（文件损坏或不完整）", what);
		return ZF_EPARSE;
	}
	if (zip_get_num_entries(z->zip, 0) > (zip_int64_t)OOXML_ENTRIES_MAX) {
		ooxml_close(z);
		buf_setf(err, "%s中的文件过多（超过 %u 个），已拒绝", what, OOXML_ENTRIES_MAX);
		return ZF_ETOOBIG;
	}
	return 0;
}

void ooxml_close(struct ooxml *z)
{
	if (z->zip)
		zip_discard(z->zip);
	z->zip = NULL;
}

bool ooxml_has(struct ooxml *z, const char *name)
{
	return zip_name_locate(z->zip, name, 0) >= 0;
}

int ooxml_part(struct ooxml *z, const char *name, struct buf *out)
{
	buf_reset(out);
	zip_int64_t idx = zip_name_locate(z->zip, name, 0);
	if (idx < 0)
		return ZF_ENOENT;
	unsigned part_mb = (unsigned)(z->part_max >> 20), total_mb = (unsigned)(z->total_max >> 20);
	zip_stat_t zs;
	zip_stat_init(&zs);
	if (zip_stat_index(z->zip, (zip_uint64_t)idx, 0, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE) &&
	    zs.size > z->part_max) {
		buf_setf(z->err, "%s中的“%s”解压后过大（超过 %u MB），已拒绝", z->what, name,
			 part_mb);
		return ZF_ETOOBIG;
	}
	zip_file_t *f = zip_fopen_index(z->zip, (zip_uint64_t)idx, 0);
	if (!f) {
		buf_setf(z->err, "无法读取%s中的“%s”（文件损坏或已加密）", z->what, name);
		return ZF_EPARSE;
	}
	char chunk[16384];
	int rc = 0;
	for (;;) {
		zip_int64_t n = zip_fread(f, chunk, sizeof(chunk));
		if (n < 0) {
			buf_setf(z->err, "无法解压%s中的“%s”（文件损坏）", z->what, name);
			rc = ZF_EPARSE;
			break;
		}
		if (n == 0)
			break;
		/* the declared size is not trusted: count what comes out */
		if (out->len + (size_t)n > z->part_max) {
			buf_setf(z->err, "%s中的“%s”解压后过大（超过 %u MB），已拒绝", z->what,
				 name, part_mb);
			rc = ZF_ETOOBIG;
			break;
		}
		if (z->total + out->len + (size_t)n > z->total_max) {
			buf_setf(z->err, "%s解压后过大（超过 %u MB），已拒绝", z->what, total_mb);
			rc = ZF_ETOOBIG;
			break;
		}
		if (buf_add(out, chunk, (size_t)n)) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	zip_fclose(f);
	if (!rc)
		z->total += out->len;
	return rc;
}

xmlDoc *ooxml_parse(struct ooxml *z, const char *name, const struct buf *b)
{
	if (b->len > INT_MAX)
		return NULL;
	/* refused before libxml2 sees it: no entity is ever defined, let alone expanded */
	if (b->len && memmem(b->p, b->len, "<!DOCTYPE", 9)) {
		buf_setf(z->err, "%s中的“%s”含有文档类型定义（DTD），已拒绝", z->what, name);
		return NULL;
	}
	xmlDoc *doc = xmlReadMemory(b->len ? b->p : "", (int)b->len, name, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		buf_setf(z->err, "%s中的“%s”不是正确的 XML（文件损坏）", z->what, name);
		return NULL;
	}
	if (doc->intSubset || doc->extSubset || !xmlDocGetRootElement(doc)) {
		buf_setf(z->err, "%s中的“%s”含有文档类型定义或为空，已拒绝", z->what, name);
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

bool ooxml_is(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

xmlChar *ooxml_attr(const xmlNode *n, const char *local)
{
	for (xmlAttr *at = n->properties; at; at = at->next)
		if (!strcmp((const char *)at->name, local))
			return xmlNodeListGetString(n->doc, at->children, 1);
	return NULL;
}
