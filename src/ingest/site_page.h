/* site_page.h: an HTML page as a browser would build it (gumbo, HTML5 parsing), read for the
 * site-integrity checks: its visible text with offsets back into the page, its title and meta
 * keywords/description, and every link with the reasons it is hidden from readers (CSS:
 * display, visibility, opacity, zero size, off-screen position, text-indent, colour equal to
 * the background, font size 0, marquee, the hidden attribute) or written by script
 * (document.write, innerHTML, eval, atob). The page's bytes are decoded first (meta charset,
 * then ingest_decode's judgement); offsets are in the decoded UTF-8. */
#ifndef ZF_SITE_PAGE_H
#define ZF_SITE_PAGE_H

#include "buf.h"

#include "text/offmap.h"

#include <stdbool.h>

struct arena;


enum site_hide {
	SITE_HIDE_DISPLAY = 1 << 0,	/* display:none */
	SITE_HIDE_VISIBILITY = 1 << 1,	/* visibility:hidden|collapse */
	SITE_HIDE_OPACITY = 1 << 2,	/* opacity:0 */
	SITE_HIDE_SIZE = 1 << 3,	/* width/height 0 with overflow hidden */
	SITE_HIDE_OFFSCREEN = 1 << 4,	/* positioned far outside the page */
	SITE_HIDE_TEXT_INDENT = 1 << 5, /* text-indent pushing the text away */
	SITE_HIDE_COLOR = 1 << 6,	/* text colour equal to the background */
	SITE_HIDE_FONT_SIZE = 1 << 7,	/* font-size 0 */
	SITE_HIDE_MARQUEE = 1 << 8,	/* inside a marquee */
	SITE_HIDE_ATTR = 1 << 9,	/* the hidden attribute */
	SITE_HIDE_SCRIPT = 1 << 10,	/* written by script */
};
/* The finding id of one reason bit ("link.hidden.display-none", …) and its Chinese label. */
const char *site_hide_id(unsigned bit);
const char *site_hide_label(unsigned bit);

struct site_link {
	const char *href; /* as written (entities decoded) */
	const char *text; /* the link's text, trimmed */
	size_t off;	  /* byte offset of the element in the decoded page */
	unsigned hide;	  /* enum site_hide bits; 0 when visible */
	const char *why;  /* the CSS or script that hides it, as written; "" */
	const char *tag;  /* "a", "img", "iframe", "script", "link", "area", "form" */
};

/* The most telling reason among the bits (the first of them in the enum's order, the script
 * bit last), or 0. */
unsigned site_hide_primary(unsigned hide);

/* Extracts the links of n bytes of HTML with their hiding reasons. *links is an array owned
 * by the caller (free with site_links_free). 0, ZF_ENOMEM or ZF_ETOOBIG. */
int site_page_links(const char *html, size_t n, struct site_link **links, size_t *nlinks);
void site_links_free(struct site_link *links, size_t n);

/* The largest page read (gumbo builds a tree of several times its size). */
#define SITE_PAGE_MAX (16u << 20)

/* A page read. Offsets (link off, the title's, every offmap source) are into html, the page
 * decoded to UTF-8. Text is every text node of the body outside script, style and template,
 * hidden or not (hidden spam is spam): blocks end in a line break, table cells in a space. */
struct site_page {
	struct buf html;
	const char *encoding; /* "UTF-8", "GB18030", … (static) */
	struct buf text;
	struct offmap map;	 /* text → html */
	const char *title;	 /* "" when none */
	size_t title_off;	 /* offset of the title text in html */
	const char *keywords;	 /* meta keywords, "" when none */
	size_t keywords_off;	 /* offset of the content attribute's value */
	const char *description; /* meta description, "" when none */
	size_t description_off;
	struct site_link *links;
	size_t nlinks;
	struct arena *arena; /* the strings above */
};

/* Reads n bytes of a page: decodes them (a declared charset it does not know, or bytes that
 * are no text, is ZF_EPARSE with one Chinese line in err), parses them with gumbo and fills a
 * new page (free with site_page_free). ZF_ETOOBIG over SITE_PAGE_MAX, ZF_ENOMEM. */
int site_page_read(const char *bytes, size_t n, struct site_page **out, struct buf *err);
void site_page_free(struct site_page *p);
/* True when the bytes look like an HTML page rather than plain text. */
bool site_page_detect(const char *bytes, size_t n);

#endif
