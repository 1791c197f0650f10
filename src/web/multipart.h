/* multipart.h: multipart/form-data bodies (RFC 7578), as browsers send file uploads.
 * Parts borrow their bytes from the body; names and file names are copied into the
 * arena. Nothing here trusts the input: every length is checked against the body. */
#ifndef ZF_WEB_MULTIPART_H
#define ZF_WEB_MULTIPART_H

#include "buf.h"

struct arena;

#define MULTIPART_MAX_PARTS  64
#define MULTIPART_MAX_HEADER 8192 /* bytes of one part's header block */

struct multipart_part {
	const char *name;	  /* the field's name (UTF-8) */
	const char *filename;	  /* NULL for a plain field; the file name as sent (UTF-8) */
	const char *content_type; /* as sent, or NULL */
	struct str data;	  /* the part's bytes, borrowed from the body */
};

/* Finds the boundary parameter of a multipart/form-data Content-Type value (quoted or
 * not, 1 to 70 characters). 0, or ZF_EPARSE when it is not multipart/form-data or has no
 * usable boundary. *boundary borrows from content_type. */
int multipart_boundary(const char *content_type, struct str *boundary);

/* Splits body into its parts. Returns 0, ZF_EPARSE (no boundary, a missing closing
 * delimiter, a part without Content-Disposition: form-data and a name, a name or file
 * name that is not UTF-8, a header block over MULTIPART_MAX_HEADER), ZF_ETOOBIG (more than
 * MULTIPART_MAX_PARTS parts) or ZF_ENOMEM. The array comes from the arena. */
int multipart_parse(struct arena *a, const char *content_type, struct str body,
		    struct multipart_part **out, size_t *n);

/* The first plain field called name, as a NUL-terminated string from the arena; NULL when
 * there is none or it is not valid UTF-8. */
const char *multipart_field(struct arena *a, const struct multipart_part *parts, size_t n,
			    const char *name);
/* The first file part called name that carries a file name, or NULL. */
const struct multipart_part *multipart_file(const struct multipart_part *parts, size_t n,
					    const char *name);

#endif
