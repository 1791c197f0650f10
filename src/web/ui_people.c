/* ui_people.c: people and moments as a reader sees them (ui_people.h). */
#include "common.h"
#include "ui_people.h"
#include "date.h"
#include "arena.h"
#include "render/html.h"
#include "store/auth.h"

char *ui_beijing_time(const char *utc, char out[17])
{
	char t[20];
	out[0] = '\0';
	if (date_utc_to_beijing(utc, false, t)) { /* "YYYY-MM-DD HH:MM": 16 characters */
		memcpy(out, t, 16);
		out[16] = '\0';
	}
	return out;
}

void ui_time(struct buf *w, const char *utc)
{
	char t[17];
	if (!*ui_beijing_time(utc, t)) {
		html_txt(w, utc ? utc : "");
		return;
	}
	html_raw(w, "<time datetime=\"");
	html_attr(w, utc);
	html_raw(w, "\">");
	html_txt(w, t);
	html_raw(w, "</time>");
}

const char *ui_person(struct web_request *req, const char *login)
{
	if (!login || !*login || !strcmp(login, "system"))
		return "系统自动";
	struct user u;
	if (req->db && !store_user_by_login(req->db, req->arena, login, &u) && u.name && *u.name)
		return u.name;
	return "命令行操作";
}
