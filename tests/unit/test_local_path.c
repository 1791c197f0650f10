/* test_local_path.c: redirect targets taken from input (web/local_path.h): a corpus of
 * open-redirect tricks, each as the server hands it over (percent-decoded once), must be
 * refused; ordinary console paths must pass. */
#include "common.h"
#include "tap.h"
#include "web/local_path.h"

static const char *const refused[] = {
    "//evil.example/path",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example/path", /* finding 3: next=/%09/host/path */
    "/\n/evil.example",
    "/\r/evil.example",
    "/\r\n/evil.example",
    "/ /evil.example",
    "/\v/evil.example",
    "/\f/evil.example",
    "/\x01/evil.example",
    "/\x7f/evil.example",
    "/%09/evil.example",   /* double-encoded TAB */
    "/%2509/evil.example", /* triple-encoded TAB */
    "/%2F/evil.example",   /* %2F%2F after one decoding */
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%5c%5cevil.example",
    "/%0d%0aSet-Cookie:x=1", /* header splitting */
    "/%00",
    "/console%00.html",
    "/%",
    "/%g0",
    "/%2",
    "https://evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
    " /console",
    "/console ",
    "/\xc2\xa0/evil.example",	  /* NO-BREAK SPACE */
    "/\xe3\x80\x80/evil.example", /* IDEOGRAPHIC SPACE */
    "/\xe2\x80\x8b/evil.example", /* ZERO WIDTH SPACE */
    "/\xe2\x80\xae/evil.example", /* RIGHT-TO-LEFT OVERRIDE */
    "/\xe2\x80\xa8/evil.example", /* LINE SEPARATOR */
    "/\xef\xbb\xbf/evil.example", /* BOM */
    "/\xc2\x85/evil.example",	  /* NEXT LINE (C1) */
    "/\xff/evil.example",	  /* not UTF-8 */
    "/\xc0\xaf/evil.example",	  /* overlong '/' */
    "/%C0%AF/evil.example",
    "/console\\..\\..\\evil",
    "/%E3%80%80/evil.example",
};

static const char *const allowed[] = {
    "/",
    "/console",
    "/console/requests/12",
    "/console/requests?agency=3&state=open",
    "/console/docs?q=%E5%85%AC%E5%BC%80", /* an encoded Chinese search stays */
    "/console/docs?q=公开",
    "/console/x#frag",
    "/console/a.b-c_d~e",
    "/console/%2e%2e/x",
    "/console/a:b",
};

int main(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++)
		tap_ok(!web_local_path(refused[i]), "refused: case %zu", i + 1);
	for (size_t i = 0; i < ARRAY_SIZE(allowed); i++)
		tap_ok(web_local_path(allowed[i]), "allowed: %s", allowed[i]);
	tap_ok(!web_local_path(NULL), "NULL refused");
	char long_path[LOCAL_PATH_MAX + 2];
	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[0] = '/';
	long_path[sizeof(long_path) - 1] = '\0';
	tap_ok(!web_local_path(long_path), "over %d bytes refused", LOCAL_PATH_MAX);
	long_path[LOCAL_PATH_MAX] = '\0';
	tap_ok(web_local_path(long_path), "%d bytes allowed", LOCAL_PATH_MAX);
	tap_str(web_local_path_or("/\t/evil.example", "/console"), "/console",
		"the fallback replaces a refused target");
	tap_str(web_local_path_or("/console/users", "/console"), "/console/users",
		"a good target is kept");
	return tap_done();
}
