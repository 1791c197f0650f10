/* ui_people.c: people and moments as a reader sees them (ui_people.h). */
#include "common.h"
#include "ui_people.h"
#include "date.h"
#include "arena.h"
#include "render/html.h"
#include "store/auth.h"

char *ui_beijing_time(const char *utc, char out[17])
{
	out[0] = '\0';
	if (!utc)
		return out;
	size_t n = strlen(utc);
	zf_day d = 0;
	if (n < 17 || utc[10] != 'T' || utc[n - 1] != 'Z' || utc[13] != ':' ||
	    date_parse((struct str){utc, 10}, &d))
		return out;
	int hh = (utc[11] - '0') * 10 + (utc[12] - '0');
	int mm = (utc[14] - '0') * 10 + (utc[15] - '0');
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return out;
	hh += 8; /* UTC+8, no daylight saving */
	if (hh >= 24) {
		hh -= 24;
		d++;
	}
	char day[11];
	snprintf(out, 17, "%s %02d:%02d", date_format(d, day), hh, mm);
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
