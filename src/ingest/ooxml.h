/* ooxml.h: opening an Office Open XML package (.docx, .xlsx: a zip of XML parts) safely, shared
 * by the Word and Excel readers. Parts are unpacked under a size cap per part and for the
 * whole package (the sizes the zip declares are not trusted: zip bombs), and parsed by libxml2
 * without network access; a part carrying a DTD is refused before parsing (entity bombs).
 * Every failure leaves one Chinese sentence in err. Uses libzip and libxml2. */
#ifndef ZF_INGEST_OOXML_H
#define ZF_INGEST_OOXML_H

#include "buf.h"

#include <libxml/tree.h>

/* Most entries a package may list. */
#define OOXML_ENTRIES_MAX 10000u

struct ooxml {
	struct zip *zip;
	struct buf *err;  /* may be NULL */
	const char *what; /* the package as named in messages: "工作簿", "文档" */
	size_t part_max;  /* cap on one unpacked part */
	size_t total_max; /* cap on all parts read */
	size_t total;	  /* bytes unpacked so far */
};

/* Opens data[0..len) (borrowed; must outlive z) as a package named `what` in messages, with the
 * two caps. 0, or ZF_EPARSE (not a zip, or a broken one) / ZF_ETOOBIG (too many entries) /
 * ZF_ENOMEM with a reason in err. Close with ooxml_close. */
int ooxml_open(struct ooxml *z, const void *data, size_t len, const char *what, size_t part_max,
	       size_t total_max, struct buf *err);
void ooxml_close(struct ooxml *z);

/* True when the package holds part `name`. */
bool ooxml_has(struct ooxml *z, const char *name);

/* Unpacks part `name` into out (reset first): 0, ZF_ENOENT (no such part; err untouched),
 * ZF_ETOOBIG, ZF_EPARSE (broken or encrypted) or ZF_ENOMEM. */
int ooxml_part(struct ooxml *z, const char *name, struct buf *out);

/* Parses the unpacked part `name` held in b: the document (free with xmlFreeDoc), or NULL with
 * a reason in err when it is malformed, empty or carries a DTD. */
xmlDoc *ooxml_parse(struct ooxml *z, const char *name, const struct buf *b);

/* True when n is an element with local name `local` (any namespace). */
bool ooxml_is(const xmlNode *n, const char *local);

/* The value of n's attribute with local name `local` (any namespace) as an owned string (free
 * with xmlFree), or NULL when it is missing. */
xmlChar *ooxml_attr(const xmlNode *n, const char *local);

#endif
