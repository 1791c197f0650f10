/* fuzz_mail.c: libFuzzer target for the outgoing e-mail (web/mail_send.h), whose recipient,
 * subject and body carry what applicants and clerks typed. Input: the recipient, a NUL, the
 * subject, a NUL, the body. Any input is refused (ZF_EINVAL) or gives a message whose header
 * is made of known fields and folded lines only (no header injection), every line at most 998
 * bytes and the subject's encoded words within RFC 2047's 75 characters.
 * Build: make fuzz; run: build-fuzz/fuzz_mail fuzz/corpus/mail */
#include "common.h"
#include "web/mail_send.h"

#include <ctype.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *next_part(const char **p, const char *end)
{
	const char *s = *p;
	const char *z = memchr(s, '\0', (size_t)(end - s));
	*p = z ? z + 1 : end;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a NUL-terminated copy, so that the three parts are C strings */
	char *copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	const char *p = copy, *end = copy + size;
	struct mail_row m = {.id = 1};
	m.to = next_part(&p, end);
	m.subject = p < end ? next_part(&p, end) : "";
	m.body = p < end ? p : "";
	struct buf out = BUF_INIT;
	int rc = mail_message_build("noreply@example.gov", &m, 0, &out);
	if (rc == 0) {
		const char *s = buf_cstr(&out);
		const char *head_end = strstr(s, "\r\n\r\n");
		if (!head_end)
			BUG("no blank line after the header");
		static const char *const fields[] = {"Date: ",
						     "From: ",
						     "To: ",
						     "Subject: ",
						     "Message-ID: ",
						     "MIME-Version: ",
						     "Content-Type: ",
						     "Content-Transfer-Encoding: ",
						     "Auto-Submitted: "};
		for (const char *line = s; line < head_end + 2;) {
			const char *eol = strstr(line, "\r\n");
			if (!eol || eol - line > 998)
				BUG("a header line without CRLF or over 998 bytes");
			bool known = *line == ' ';
			for (size_t i = 0; !known && i < ARRAY_SIZE(fields); i++)
				known = !strncmp(line, fields[i], strlen(fields[i]));
			if (!known)
				BUG("an unknown header line: %.40s", line);
			if (memchr(line, '\r', (size_t)(eol - line)) ||
			    memchr(line, '\n', (size_t)(eol - line)))
				BUG("a bare CR or LF in the header");
			if (!strncmp(line, " =?", 3) && eol - line > 76)
				BUG("an encoded word over 75 characters");
			line = eol + 2;
		}
		for (const char *q = head_end + 4; *q; q++)
			if (!(isalnum((unsigned char)*q) || *q == '+' || *q == '/' || *q == '=' ||
			      *q == '\r' || *q == '\n'))
				BUG("the body is not base64");
	} else if (rc != ZF_EINVAL) {
		BUG("unexpected error %d", rc);
	}
	buf_free(&out);
	free(copy);
	return 0;
}
