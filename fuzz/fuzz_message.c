/* fuzz_message.c: libFuzzer target for what a written message goes through before it is
 * stored or published: the screening (store/messages.h: the abuse list) and the masking of
 * the published text (web/page_messages.h). Input: the writer's name, a newline, the text.
 * The masked text must be valid UTF-8 when the input was, and never hold the name (of two
 * characters or more, without "*") it masked. */
#include "common.h"
#include "arena.h"
#include "store/messages.h"
#include "utf8.h"
#include "web/page_messages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	char *text = strchr(buf, '\n');
	const char *name = "";
	if (text) {
		*text++ = '\0';
		name = buf;
	} else {
		text = buf;
	}
	const char *why = NULL;
	message_screen(NULL, name, text, &why);
	if (!why)
		BUG("the screening gave no reason");
	struct arena *a = arena_new(0);
	const char *out = messages_mask(a, text, name, date_from_ymd(2026, 12, 7));
	bool valid = utf8_valid(text, strlen(text)) && utf8_valid(name, strlen(name));
	if (valid && !utf8_valid(out, strlen(out)))
		BUG("masking broke UTF-8");
	if (valid && utf8_count(name, strlen(name)) >= 2 && !strchr(name, '*') &&
	    strstr(out, name) && !strstr(messages_mask_name(a, name), name))
		BUG("the name is left in the masked text");
	messages_mask_name(a, name);
	arena_free(a);
	free(buf);
	return 0;
}
