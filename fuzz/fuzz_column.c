/* fuzz_column.c: libFuzzer target for what a column form brings from outside: the link-out
 * address check (column_url_ok) and the cadence and Art. 20 item lookups. An address that
 * passes must be http(s), carry a host, and hold nothing that could leave an HTML attribute
 * or start a script (quotes, angle brackets, backslashes, spaces, control characters). */
#include "common.h"
#include "store/columns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (column_url_ok(s)) {
		if (strncmp(s, "https://", 8) && strncmp(s, "http://", 7))
			BUG("accepted a URL of another scheme");
		if (strlen(s) > COLUMN_URL_MAX)
			BUG("accepted a URL over the cap");
		for (const unsigned char *p = (const unsigned char *)s; *p; p++)
			if (*p <= 0x20 || *p == '"' || *p == '\'' || *p == '<' || *p == '>' ||
			    *p == '\\' || *p == '`' || *p == 0x7f)
				BUG("accepted a URL with byte 0x%02x", *p);
	}
	int n = size ? (int)data[0] - 64 : 0;
	const char *label = column_cadence_label(n * 7);
	const char *text = column_statutory_text(n);
	if (!label || !*label || (text && !*column_statutory_number(n)))
		BUG("a lookup without its label");
	struct column c = {.f = {.cadence_days = n, .hidden = size & 1},
			   .last_update = (zf_day)(size * 13),
			   .created_on = 1};
	(void)column_stale(&c, (zf_day)(size * 17));
	free(s);
	return 0;
}
