/* letter_file.h: a stored letter (store/letters.h) as a download, PDF or .docx
 * (render/letter_doc.h), with its Chinese file name; shared by the console and /query. */
#ifndef ZF_WEB_LETTER_FILE_H
#define ZF_WEB_LETTER_FILE_H

#include "server.h"

struct letter;

#define LETTER_DOCX_TYPE "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

/* Writes the letter into res as an attachment: 0 or an error. */
int letter_file_send(struct web_request *req, struct web_response *res, const struct letter *l,
		     bool pdf);

#endif
